/* alloc_repair.c - the ClusterIP and NodePort repair loop (see
 * alloc_repair.h): a pure core that decides, then the loop that lists,
 * writes and logs. */
#include "alloc_repair.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "apiserver/apiserver.h"
#include "apiserver/etcd.h"
#include "apiserver/handlers.h"
#include "apiserver/objects.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "banned.h"

/* ---- the pure core ---- */

static void add_value(api_repair_service *svc, const char *v)
{
	for (size_t i = 0; i < svc->nvalues; i++)
		if (streq(svc->values[i], v))
			return;
	svc->values = xrealloc(svc->values, (svc->nvalues + 1) * sizeof(char *));
	svc->values[svc->nvalues++] = xstrdup(v);
}

static void add_port(api_repair_service *svc, const cJSON *port)
{
	if (!cJSON_IsNumber(port) || port->valuedouble == 0)
		return;
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", (long long)port->valuedouble);
	add_value(svc, buf);
}

void api_repair_service_init(api_repair_service *svc, const cJSON *obj, int64_t rv, bool ips)
{
	memset(svc, 0, sizeof(*svc));
	svc->ns = xstrdup(api_meta_str(obj, "namespace"));
	svc->name = xstrdup(api_meta_str(obj, "name"));
	svc->uid = xstrdup(api_meta_str(obj, "uid"));
	svc->rv = rv;
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(obj, "spec");
	if (ips) {
		/* upstream's IsServiceIPSet: neither "" nor "None" */
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(spec, "clusterIPs");
		const cJSON *ip;
		if (cJSON_GetArraySize(list) > 0) {
			cJSON_ArrayForEach(ip, list) if (cJSON_IsString(ip) && ip->valuestring[0] &&
			                                 !streq(ip->valuestring, "None"))
			    add_value(svc, ip->valuestring);
		} else {
			ip = cJSON_GetObjectItemCaseSensitive(spec, "clusterIP");
			if (cJSON_IsString(ip) && ip->valuestring[0] && !streq(ip->valuestring, "None"))
				add_value(svc, ip->valuestring);
		}
		return;
	}
	const cJSON *p;
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(spec, "ports"))
	    add_port(svc, cJSON_GetObjectItemCaseSensitive(p, "nodePort"));
	add_port(svc, cJSON_GetObjectItemCaseSensitive(spec, "healthCheckNodePort"));
}

void api_repair_service_clear(api_repair_service *svc)
{
	for (size_t i = 0; i < svc->nvalues; i++)
		free(svc->values[i]);
	free(svc->values);
	free(svc->ns);
	free(svc->name);
	free(svc->uid);
	memset(svc, 0, sizeof(*svc));
}

char *api_repair_owner(const char *value, size_t len)
{
	_cleanup_json_ cJSON *j = NULL;
	if (kc_json_parse(value, len, &j, NULL) < 0)
		return xstrdup("");
	return xstrdup(kc_json_get_str(j, "service", ""));
}

/* The services holding one value, in list order. */
typedef struct holders {
	size_t *idx;
	size_t n;
} holders;

static void holders_free(void *p)
{
	holders *h = p;
	free(h->idx);
	free(h);
}

static bool is_owner(const api_repair_service *svc, const char *owner)
{
	size_t n = strlen(svc->ns);
	return strncmp(owner, svc->ns, n) == 0 && owner[n] == '/' && streq(owner + n + 1, svc->name);
}

/* 0 for a usable value, else the report it earns. */
static int check_value(bool ips, const char *v)
{
	if (!ips)
		return 0;
	unsigned char buf[16];
	if (inet_pton(AF_INET, v, buf) == 1)
		return 0;
	return inet_pton(AF_INET6, v, buf) == 1 ? API_REPAIR_WRONG_FAMILY : API_REPAIR_NOT_VALID;
}

typedef struct planner {
	api_repair_action *actions;
	size_t n, cap;
	kc_map *old_leaks, *new_leaks;
	const api_repair_alloc *allocs;
} planner;

static void emit(planner *pl, api_repair_kind kind, const char *value, size_t service, size_t alloc,
                 size_t owner_service, int leak_runs)
{
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? 2 * pl->cap : 16;
		pl->actions = xrealloc(pl->actions, pl->cap * sizeof(*pl->actions));
	}
	pl->actions[pl->n++] = (api_repair_action){.kind = kind,
	                                           .value = value,
	                                           .service = service,
	                                           .alloc = alloc,
	                                           .owner_service = owner_service,
	                                           .leak_runs = leak_runs};
}

/* Counts one more run in which allocs[ai] was seen leaked; returns the
 * count. Counts below the grace are carried to the next run. */
static int count_leak(planner *pl, size_t ai)
{
	const api_repair_alloc *a = &pl->allocs[ai];
	const api_repair_leak *prev = kc_map_get(pl->old_leaks, a->value);
	int runs = prev && prev->mod_revision == a->mod_revision ? prev->runs + 1 : 1;
	if (runs < API_REPAIR_LEAK_RUNS) {
		api_repair_leak *l = xmalloc(sizeof(*l));
		l->mod_revision = a->mod_revision;
		l->runs = runs;
		kc_map_put(pl->new_leaks, a->value, l);
	}
	return runs;
}

static void plan_value(planner *pl, const api_alloc *range, bool ips, const api_repair_service *services,
                       const char *value, const holders *h, size_t ai, bool *handled)
{
	if (ai != API_REPAIR_NONE)
		handled[ai] = true; /* a Service uses it: never a leak */
	int bad = check_value(ips, value);
	if (bad || !api_alloc_contains(range, value)) {
		for (size_t i = 0; i < h->n; i++)
			emit(pl, bad ? (api_repair_kind)bad : API_REPAIR_OUT_OF_RANGE, value, h->idx[i],
			     API_REPAIR_NONE, API_REPAIR_NONE, 0);
		return;
	}
	size_t owner = API_REPAIR_NONE;
	if (ai == API_REPAIR_NONE) {
		owner = h->idx[0];
		emit(pl, API_REPAIR_CREATE, value, owner, API_REPAIR_NONE, API_REPAIR_NONE, 0);
	} else {
		for (size_t i = 0; i < h->n && owner == API_REPAIR_NONE; i++)
			if (is_owner(&services[h->idx[i]], pl->allocs[ai].owner))
				owner = h->idx[i];
		if (owner == API_REPAIR_NONE) {
			/* Its owner does not use it (yet?): as for a leak, wait
			 * before handing it to the Service that does. */
			int runs = count_leak(pl, ai);
			if (runs < API_REPAIR_LEAK_RUNS) {
				emit(pl, API_REPAIR_LEAK, value, h->idx[0], ai, API_REPAIR_NONE, runs);
				return;
			}
			owner = h->idx[0];
			emit(pl, API_REPAIR_TRANSFER, value, owner, ai, API_REPAIR_NONE, runs);
		}
	}
	for (size_t i = 0; i < h->n; i++)
		if (h->idx[i] != owner)
			emit(pl, API_REPAIR_DUPLICATE, value, h->idx[i], ai, owner, 0);
}

void api_repair_plan_make(const api_alloc *range, bool ips, const api_repair_service *services,
                          size_t nservices, const api_repair_alloc *allocs, size_t nallocs, kc_map *leaks,
                          api_repair_plan *ret)
{
	planner pl = {.old_leaks = leaks, .new_leaks = kc_map_new(free), .allocs = allocs};
	kc_map *by_value = kc_map_new(NULL); /* value -> alloc index + 1 */
	for (size_t i = 0; i < nallocs; i++)
		kc_map_put(by_value, allocs[i].value, (void *)(uintptr_t)(i + 1));
	kc_map *held = kc_map_new(holders_free);
	for (size_t s = 0; s < nservices; s++)
		for (size_t v = 0; v < services[s].nvalues; v++) {
			holders *h = kc_map_get(held, services[s].values[v]);
			if (!h) {
				h = xcalloc(1, sizeof(*h));
				kc_map_put(held, services[s].values[v], h);
			}
			h->idx = xrealloc(h->idx, (h->n + 1) * sizeof(size_t));
			h->idx[h->n++] = s;
		}
	bool *handled = xcalloc(nallocs ? nallocs : 1, sizeof(bool));

	size_t nvalues = 0;
	const char **values = kc_map_sorted_keys(held, &nvalues);
	for (size_t i = 0; i < nvalues; i++) {
		uintptr_t ai = (uintptr_t)kc_map_get(by_value, values[i]);
		/* values point into the map; the action takes the Service's copy */
		const holders *h = kc_map_get(held, values[i]);
		const char *value = NULL;
		for (size_t v = 0; v < services[h->idx[0]].nvalues && !value; v++)
			if (streq(services[h->idx[0]].values[v], values[i]))
				value = services[h->idx[0]].values[v];
		plan_value(&pl, range, ips, services, value, h, ai ? ai - 1 : API_REPAIR_NONE, handled);
	}
	free(values);

	for (size_t i = 0; i < nallocs; i++) {
		if (handled[i])
			continue;
		int runs = count_leak(&pl, i);
		emit(&pl, runs >= API_REPAIR_LEAK_RUNS ? API_REPAIR_DELETE : API_REPAIR_LEAK, allocs[i].value,
		     API_REPAIR_NONE, i, API_REPAIR_NONE, runs);
	}

	/* this run's counts replace the last run's */
	kc_map_clear(leaks);
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(pl.new_leaks, &it)) {
		api_repair_leak *l = xmalloc(sizeof(*l));
		*l = *(const api_repair_leak *)it.value;
		kc_map_put(leaks, it.key, l);
	}
	kc_map_free(pl.new_leaks);
	kc_map_free(held);
	kc_map_free(by_value);
	free(handled);
	ret->actions = pl.actions;
	ret->n = pl.n;
}

void api_repair_plan_clear(api_repair_plan *p)
{
	free(p->actions);
	p->actions = NULL;
	p->n = 0;
}

const char *api_repair_reason(bool ips, api_repair_kind kind)
{
	switch (kind) {
	case API_REPAIR_CREATE:
	case API_REPAIR_TRANSFER:
		return ips ? "ClusterIPNotAllocated" : "PortNotAllocated";
	case API_REPAIR_DUPLICATE:
		return ips ? "ClusterIPAlreadyAllocated" : "PortAlreadyAllocated";
	case API_REPAIR_OUT_OF_RANGE:
		return ips ? "ClusterIPOutOfRange" : "PortOutOfRange";
	case API_REPAIR_NOT_VALID:
	case API_REPAIR_WRONG_FAMILY:
		return ips ? "ClusterIPNotValid" : NULL;
	case API_REPAIR_DELETE:
	case API_REPAIR_LEAK:
		break;
	}
	return NULL;
}

char *api_repair_message(bool ips, const api_alloc *range, const api_repair_action *a)
{
	const char *v = a->value;
	switch (a->kind) {
	case API_REPAIR_CREATE:
	case API_REPAIR_TRANSFER:
		return ips ? xasprintf("Cluster IP [IPv4]:%s is not allocated; repairing", v)
		           : xasprintf("Port %s is not allocated; repairing", v);
	case API_REPAIR_DUPLICATE:
		return ips ? xasprintf("Cluster IP [IPv4]:%s was assigned to multiple services; please "
		                       "recreate service",
		                       v)
		           : xasprintf("Port %s was assigned to multiple services; please recreate service",
		                       v);
	case API_REPAIR_OUT_OF_RANGE:
		return ips ? xasprintf("Cluster IP [IPv4]:%s is not within the service CIDR %s; please "
		                       "recreate service",
		                       v, api_alloc_range(range))
		           : xasprintf("Port %s is not within the port range %s; please recreate service", v,
		                       api_alloc_range(range));
	case API_REPAIR_NOT_VALID:
		return ips ? xasprintf("Cluster IP %s is not a valid IP; please recreate service", v) : NULL;
	case API_REPAIR_WRONG_FAMILY:
		return ips ? xasprintf("Cluster IP %s(IPv6) is of ip family that is no longer configured on "
		                       "cluster; "
		                       "please recreate service",
		                       v)
		           : NULL;
	case API_REPAIR_DELETE:
	case API_REPAIR_LEAK:
		break;
	}
	return NULL;
}

/* ---- the loop ---- */

#define PAGE_SIZE 500

enum { LIST_SERVICES, LIST_IPS, LIST_PORTS, NLISTS };

typedef struct repair_kind {
	api_alloc *alloc; /* the server's */
	bool ips;
	const char *component; /* the events' source */
	const char *what;      /* "cluster IP", "node port": for the log */
	kc_map *leaks;         /* value -> api_repair_leak */
	kc_map *reported;      /* problems reported in the last run: reported once while they last */
} repair_kind;

typedef struct listed {
	char *key, *value;
	size_t len;
	int64_t mod_revision;
} listed;

typedef struct listing {
	listed *kvs;
	size_t n, cap;
} listing;

typedef struct repair_run repair_run;

typedef struct repair_write {
	repair_run *run;
	char *what; /* for the log */
} repair_write;

struct repair_run {
	api_alloc_repair *rep;
	int stage; /* the listing under way */
	int64_t revision;
	char *start, *end; /* the page to read next: [start, end) */
	bool skip_first;   /* the page starts with the last key already taken */
	listing lists[NLISTS];
	repair_write **writes;
	size_t nwrites;
	size_t pending; /* writes in flight, +1 while they are being issued */
	unsigned seq;   /* makes event names unique within a run */
};

struct api_alloc_repair {
	apiserver *s;
	int64_t interval_ms;
	struct event *timer;
	repair_kind kinds[2];
	repair_run *run; /* in flight, or NULL */
};

int64_t api_alloc_repair_interval_ms(void)
{
	const char *env = getenv("KC_ALLOC_REPAIR_INTERVAL_MS");
	if (env && env[0]) {
		char *end = NULL;
		long long v = strtoll(env, &end, 10);
		if (end && !*end && v > 0)
			return v;
	}
	return API_REPAIR_INTERVAL_MS;
}

static void run_free(repair_run *run)
{
	if (!run)
		return;
	for (int l = 0; l < NLISTS; l++) {
		for (size_t i = 0; i < run->lists[l].n; i++) {
			free(run->lists[l].kvs[i].key);
			free(run->lists[l].kvs[i].value);
		}
		free(run->lists[l].kvs);
	}
	for (size_t i = 0; i < run->nwrites; i++) {
		free(run->writes[i]->what);
		free(run->writes[i]);
	}
	free(run->writes);
	free(run->start);
	free(run->end);
	free(run);
}

static void schedule(api_alloc_repair *r)
{
	struct timeval tv = {r->interval_ms / 1000, (r->interval_ms % 1000) * 1000};
	evtimer_add(r->timer, &tv);
}

static void run_end(repair_run *run)
{
	api_alloc_repair *r = run->rep;
	r->run = NULL;
	run_free(run);
	schedule(r);
}

static void write_done(repair_run *run)
{
	if (--run->pending == 0)
		run_end(run);
}

static void on_write(etcd_result *res, void *userdata)
{
	repair_write *w = userdata;
	if (res->err)
		kc_log_warn("allocation repair: %s: %s", w->what, res->errmsg);
	else if (!res->succeeded)
		kc_log_v(2, "allocation repair: %s: the key changed meanwhile; left for the next run",
		         w->what);
	write_done(w->run);
}

static repair_write *new_write(repair_run *run, char *what)
{
	repair_write *w = xcalloc(1, sizeof(*w));
	w->run = run;
	w->what = what;
	run->writes = xrealloc(run->writes, (run->nwrites + 1) * sizeof(*run->writes));
	run->writes[run->nwrites++] = w;
	run->pending++;
	return w;
}

/* A Warning Event on svc, stored as the apiserver stores a created Event. */
static void write_event(repair_run *run, const repair_kind *k, const api_repair_service *svc,
                        const char *reason, const char *message)
{
	apiserver *s = run->rep->s;
	const kc_resource *res = kc_resource_find_kind("v1", "Event");
	if (!res)
		return;
	char now[32];
	api_format_time(time(NULL), now, sizeof(now));
	_cleanup_free_ char *name = xasprintf(
	    "%s.%llx", svc->name, (unsigned long long)kc_time_now_usec() * 1000ULL + (run->seq++ % 1000));
	_cleanup_free_ char *rv = xasprintf("%" PRId64, svc->rv);
	_cleanup_json_ cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "kind", "Event");
	cJSON_AddStringToObject(e, "apiVersion", "v1");
	cJSON *meta = cJSON_AddObjectToObject(e, "metadata");
	cJSON_AddStringToObject(meta, "name", name);
	cJSON_AddStringToObject(meta, "namespace", svc->ns);
	cJSON *io = cJSON_AddObjectToObject(e, "involvedObject");
	cJSON_AddStringToObject(io, "kind", "Service");
	cJSON_AddStringToObject(io, "namespace", svc->ns);
	cJSON_AddStringToObject(io, "name", svc->name);
	cJSON_AddStringToObject(io, "uid", svc->uid);
	cJSON_AddStringToObject(io, "apiVersion", "v1");
	cJSON_AddStringToObject(io, "resourceVersion", rv);
	cJSON_AddStringToObject(e, "reason", reason);
	cJSON_AddStringToObject(e, "message", message);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(e, "source"), "component", k->component);
	cJSON_AddStringToObject(e, "firstTimestamp", now);
	cJSON_AddStringToObject(e, "lastTimestamp", now);
	cJSON_AddNumberToObject(e, "count", 1);
	cJSON_AddStringToObject(e, "type", "Warning");
	cJSON_AddStringToObject(e, "reportingComponent", k->component);
	cJSON_AddStringToObject(e, "reportingInstance", "");
	api_fill_create(res, e);
	_cleanup_free_ char *data = api_obj_encode(e);
	_cleanup_free_ char *key = api_obj_key(s->prefix, res, svc->ns, name);
	repair_write *w = new_write(run, xasprintf("writing event %s/%s (%s)", svc->ns, name, reason));
	etcd_create(s->etcd, key, data, strlen(data), 0, on_write, w);
}

/* A problem with a Service is reported (logged, and an Event) when it is
 * new: not already seen in the last run. Returns whether it is. */
static bool first_report(const repair_kind *k, kc_map *now, const api_repair_service *svc,
                         const api_repair_action *a)
{
	_cleanup_free_ char *id = xasprintf("%s %d %s", svc->uid, (int)a->kind, a->value);
	kc_map_put(now, id, NULL);
	return !kc_map_has(k->reported, id);
}

/* complete: every Service could be read. When one could not, nothing is
 * taken away (DELETE, TRANSFER): the value may be that Service's. */
static void apply(repair_run *run, repair_kind *k, const api_repair_service *svcs,
                  const api_repair_alloc *allocs, const listed *keys, const api_repair_plan *plan,
                  bool complete)
{
	apiserver *s = run->rep->s;
	kc_map *reported = kc_map_new(NULL);
	for (size_t i = 0; i < plan->n; i++) {
		const api_repair_action *a = &plan->actions[i];
		if (!complete && (a->kind == API_REPAIR_DELETE || a->kind == API_REPAIR_TRANSFER)) {
			kc_log_v(2, "the %s %s is left alone: not every Service could be read", k->what,
			         a->value);
			continue;
		}
		const api_repair_service *svc = a->service != API_REPAIR_NONE ? &svcs[a->service] : NULL;
		const char *reason = api_repair_reason(k->ips, a->kind);
		_cleanup_free_ char *message = api_repair_message(k->ips, k->alloc, a);
		_cleanup_free_ char *key = xasprintf("%s%s", api_alloc_key_prefix(k->alloc), a->value);
		_cleanup_free_ char *owner =
		    svc ? xasprintf("{\"service\":\"%s/%s\"}", svc->ns, svc->name) : NULL;
		switch (a->kind) {
		case API_REPAIR_CREATE:
			kc_log_warn("the %s %s for service %s/%s is not allocated; repairing", k->what,
			            a->value, svc->ns, svc->name);
			write_event(run, k, svc, reason, message);
			etcd_create(s->etcd, key, owner, strlen(owner), 0, on_write,
			            new_write(run, xasprintf("allocating %s %s to %s/%s", k->what, a->value,
			                                     svc->ns, svc->name)));
			break;
		case API_REPAIR_TRANSFER:
			kc_log_warn(
			    "the %s %s is allocated to %s, which does not use it, but service %s/%s does; "
			    "repairing",
			    k->what, a->value, allocs[a->alloc].owner, svc->ns, svc->name);
			write_event(run, k, svc, reason, message);
			etcd_update(s->etcd, key, owner, strlen(owner), keys[a->alloc].mod_revision, 0, on_write,
			            new_write(run, xasprintf("giving %s %s to %s/%s", k->what, a->value,
			                                     svc->ns, svc->name)));
			break;
		case API_REPAIR_DELETE:
			kc_log_warn("the %s %s appears to have leaked: cleaning up", k->what, a->value);
			etcd_delete(s->etcd, key, allocs[a->alloc].mod_revision, on_write,
			            new_write(run, xasprintf("releasing leaked %s %s", k->what, a->value)));
			break;
		case API_REPAIR_LEAK:
			if (a->leak_runs > 1)
				kc_log_v(2, "the %s %s is still unused (%d of %d runs)", k->what, a->value,
				         a->leak_runs, API_REPAIR_LEAK_RUNS);
			else if (svc)
				kc_log_warn(
				    "the %s %s is allocated to %s but used by service %s/%s: flagging for "
				    "later repair",
				    k->what, a->value, allocs[a->alloc].owner, svc->ns, svc->name);
			else
				kc_log_warn("the %s %s may have leaked: flagging for later clean up", k->what,
				            a->value);
			break;
		case API_REPAIR_DUPLICATE:
			if (first_report(k, reported, svc, a)) {
				const api_repair_service *o = &svcs[a->owner_service];
				kc_log_warn("the %s %s for service %s/%s was assigned to other services "
				            "%s/%s; please "
				            "recreate",
				            k->what, a->value, svc->ns, svc->name, o->ns, o->name);
				write_event(run, k, svc, reason, message);
			}
			break;
		case API_REPAIR_OUT_OF_RANGE:
			if (first_report(k, reported, svc, a)) {
				kc_log_warn(
				    "the %s %s for service %s/%s is not within the %s %s; please recreate",
				    k->what, a->value, svc->ns, svc->name,
				    k->ips ? "service CIDR" : "port range", api_alloc_range(k->alloc));
				write_event(run, k, svc, reason, message);
			}
			break;
		case API_REPAIR_NOT_VALID:
		case API_REPAIR_WRONG_FAMILY:
			if (first_report(k, reported, svc, a)) {
				kc_log_warn("service %s/%s: %s", svc->ns, svc->name, message);
				write_event(run, k, svc, reason, message);
			}
			break;
		}
	}
	kc_map_free(k->reported);
	k->reported = reported;
}

/* Everything is listed: decide and act, for each allocator. */
static void decide(repair_run *run)
{
	api_alloc_repair *r = run->rep;
	const listing *sl = &run->lists[LIST_SERVICES];
	cJSON **objs = xcalloc(sl->n ? sl->n : 1, sizeof(cJSON *));
	bool complete = true;
	for (size_t i = 0; i < sl->n; i++) {
		kc_error err = KC_ERROR_INIT;
		if (kc_json_parse(sl->kvs[i].value, sl->kvs[i].len, &objs[i], &err) < 0) {
			objs[i] = NULL;
			complete = false;
			kc_log_warn(
			    "allocation repair: %s is not readable (%s): no allocation is freed until it is",
			    sl->kvs[i].key, err.msg);
		}
	}
	run->pending = 1; /* until every write is issued: one may finish at once */
	for (int k = 0; k < 2; k++) {
		repair_kind *kind = &r->kinds[k];
		api_repair_service *svcs = xcalloc(sl->n ? sl->n : 1, sizeof(*svcs));
		size_t nsvcs = 0;
		for (size_t i = 0; i < sl->n; i++)
			if (objs[i])
				api_repair_service_init(&svcs[nsvcs++], objs[i], sl->kvs[i].mod_revision,
				                        kind->ips);
		const listing *al = &run->lists[kind->ips ? LIST_IPS : LIST_PORTS];
		api_repair_alloc *allocs = xcalloc(al->n ? al->n : 1, sizeof(*allocs));
		char **owners = xcalloc(al->n ? al->n : 1, sizeof(char *));
		size_t plen = strlen(api_alloc_key_prefix(kind->alloc));
		for (size_t i = 0; i < al->n; i++) {
			owners[i] = api_repair_owner(al->kvs[i].value, al->kvs[i].len);
			allocs[i] =
			    (api_repair_alloc){al->kvs[i].key + plen, owners[i], al->kvs[i].mod_revision};
		}
		api_repair_plan plan;
		api_repair_plan_make(kind->alloc, kind->ips, svcs, nsvcs, allocs, al->n, kind->leaks, &plan);
		apply(run, kind, svcs, allocs, al->kvs, &plan, complete);
		api_repair_plan_clear(&plan);
		for (size_t i = 0; i < al->n; i++)
			free(owners[i]);
		free(owners);
		free(allocs);
		for (size_t i = 0; i < nsvcs; i++)
			api_repair_service_clear(&svcs[i]);
		free(svcs);
	}
	for (size_t i = 0; i < sl->n; i++)
		cJSON_Delete(objs[i]);
	free(objs);
	write_done(run);
}

static void list_next(repair_run *run);

static void on_page(etcd_result *res, void *userdata)
{
	repair_run *run = userdata;
	if (res->err) {
		kc_log_warn("allocation repair: listing %s: %s; retrying in %lld ms", run->start, res->errmsg,
		            (long long)run->rep->interval_ms);
		run_end(run);
		return;
	}
	if (run->revision == 0)
		run->revision = res->revision;
	listing *l = &run->lists[run->stage];
	for (size_t i = 0; i < res->nkvs; i++) {
		etcd_kv *kv = &res->kvs[i];
		if (i == 0 && run->skip_first && streq(kv->key, run->start))
			continue;
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 64;
			l->kvs = xrealloc(l->kvs, l->cap * sizeof(*l->kvs));
		}
		l->kvs[l->n++] =
		    (listed){TAKE_PTR(kv->key), TAKE_PTR(kv->value), kv->value_len, kv->mod_revision};
	}
	if (res->more && l->n > 0) {
		free(run->start);
		run->start = xstrdup(l->kvs[l->n - 1].key);
		run->skip_first = true;
	} else if (++run->stage == NLISTS) {
		decide(run);
		return;
	} else {
		free(run->start);
		run->start = NULL;
	}
	list_next(run);
}

static void list_next(repair_run *run)
{
	api_alloc_repair *r = run->rep;
	if (!run->start) {
		free(run->end);
		run->skip_first = false;
		if (run->stage == LIST_SERVICES) {
			const kc_resource *res = kc_resource_find_kind("v1", "Service");
			run->start = api_obj_key(r->s->prefix, res, NULL, NULL);
		} else {
			run->start =
			    xstrdup(api_alloc_key_prefix(r->kinds[run->stage == LIST_IPS ? 0 : 1].alloc));
		}
		run->end = etcd_prefix_end(run->start);
	}
	/* The first page fixes the revision; everything else is read at it,
	 * so that Services and keys are one consistent picture. */
	etcd_range(r->s->etcd, run->start, run->end, run->revision, PAGE_SIZE, false, on_page, run);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	api_alloc_repair *r = arg;
	if (r->run)
		return;
	repair_run *run = xcalloc(1, sizeof(*run));
	run->rep = r;
	run->stage = LIST_SERVICES;
	r->run = run;
	list_next(run);
}

api_alloc_repair *api_alloc_repair_start(apiserver *s, int64_t interval_ms)
{
	api_alloc_repair *r = xcalloc(1, sizeof(*r));
	r->s = s;
	r->interval_ms = interval_ms > 0 ? interval_ms : API_REPAIR_INTERVAL_MS;
	r->kinds[0] = (repair_kind){
	    s->service_ips,  true, "ipallocator-repair-controller", "cluster IP", kc_map_new(free),
	    kc_map_new(NULL)};
	r->kinds[1] =
	    (repair_kind){s->node_ports,    false,           "portallocator-repair-controller", "node port",
	                  kc_map_new(free), kc_map_new(NULL)};
	r->timer = evtimer_new(s->base, on_timer, r);
	struct timeval now = {0, 0};
	evtimer_add(r->timer, &now);
	return r;
}

void api_alloc_repair_free(api_alloc_repair *r)
{
	if (!r)
		return;
	event_free(r->timer);
	run_free(r->run);
	for (int k = 0; k < 2; k++) {
		kc_map_free(r->kinds[k].leaks);
		kc_map_free(r->kinds[k].reported);
	}
	free(r);
}
