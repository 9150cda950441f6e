/* namespace.c - the "namespace" controller: a namespace being deleted
 * (deletionTimestamp set, phase Terminating) is emptied of everything it
 * holds, then its "kubernetes" finalizer is removed so the apiserver lets
 * it go (upstream's pkg/controller/namespace and its deletion package).
 *
 * One pass over a namespace (namespacedResourcesDeleter.Delete):
 *   1. discovery: every namespaced resource the apiserver serves with the
 *      delete verb (/api/v1, and the preferred version of each group of
 *      /apis), kept for DISCOVERY_TTL_MS between passes;
 *   2. pods first (upstream's OrderedNamespaceDeletion): deletecollection,
 *      then list what is left; while pods remain (their kubelets confirm
 *      graceful deletions), nothing else is deleted, so that a pod never
 *      outlives the Secrets, ConfigMaps or ServiceAccounts it uses;
 *   3. every other resource at once: deletecollection (or, where the
 *      resource has no such verb, list and delete each), then list what is
 *      left and the finalizers holding it;
 *   4. the namespace's status conditions say how that went (updated only
 *      when they change);
 *   5. when something failed, the pass is retried with back-off; when
 *      content remains, after estimate/2 + 1 s (estimate: the longest
 *      termination grace period of the pods, or 15 s for objects held by
 *      finalizers); when the namespace is empty, it is finalized through
 *      PUT namespaces/<name>/finalize.
 * Namespace events queue the namespace after 5 s
 * (namespaceDeletionGracePeriod: other apiservers' admission must have
 * seen the deletion before content is listed for the last time). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/log.h"
#include "common/map.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "controller-manager/cm.h"
#include "controller-manager/inflight.h"
#include "controller-manager/namespace.h"
#include "banned.h"

#define DELETION_GRACE_MS        5000
#define DISCOVERY_TTL_MS         10000
#define FINALIZER_ESTIMATE_SEC   15
/* Not a namespace name (those are DNS labels): the discovery's own key. */
#define DISCOVERY_KEY            "#discovery"

/* ---- pure parts ---- */

void kc_ns_resources_free(kc_ns_resource *res, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(res[i].group);
		free(res[i].version);
		free(res[i].resource);
	}
	free(res);
}

static bool has_verb(const cJSON *r, const char *verb)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, kc_json_get(r, "verbs"))
	{
		if (streq(kc_json_as_str(v, ""), verb))
			return true;
	}
	return false;
}

int kc_ns_parse_resources(const cJSON *resource_list, kc_ns_resource **res, size_t *n)
{
	const char *gv = kc_json_get_str(resource_list, "groupVersion", "");
	if (!gv[0])
		return -EINVAL;
	const char *slash = strchr(gv, '/');
	_cleanup_free_ char *group = slash ? xstrndup(gv, (size_t)(slash - gv)) : xstrdup("");
	const char *version = slash ? slash + 1 : gv;
	const cJSON *r;
	cJSON_ArrayForEach(r, kc_json_get(resource_list, "resources"))
	{
		const char *name = kc_json_get_str(r, "name", "");
		if (!name[0] || strchr(name, '/') || !kc_json_get_bool(r, "namespaced", false) || !has_verb(r, "delete"))
			continue;
		*res = xrealloc(*res, (*n + 1) * sizeof(**res));
		(*res)[*n] = (kc_ns_resource){
			.group = xstrdup(group),
			.version = xstrdup(version),
			.resource = xstrdup(name),
			.list = has_verb(r, "list"),
			.deletecollection = has_verb(r, "deletecollection"),
		};
		(*n)++;
	}
	return 0;
}

char *kc_ns_gvr_string(const kc_ns_resource *r)
{
	return xasprintf("%s/%s, Resource=%s", r->group, r->version, r->resource);
}

int64_t kc_ns_pods_estimate(const cJSON *pod_list)
{
	int64_t est = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(pod_list, "items"))
	{
		const char *phase = kc_json_get_str(p, "status.phase", "");
		if (streq(phase, "Succeeded") || streq(phase, "Failed"))
			continue;
		int64_t grace = kc_json_get_int(p, "spec.terminationGracePeriodSeconds", 0);
		if (grace > est)
			est = grace;
	}
	return est;
}

uint64_t kc_ns_requeue_ms(int64_t estimate_sec)
{
	if (estimate_sec < 0)
		estimate_sec = 0;
	return (uint64_t)(estimate_sec / 2 + 1) * 1000;
}

/* ---- conditions ---- */

enum {
	COND_DISCOVERY,
	COND_GV_PARSING,
	COND_CONTENT_FAILURE,
	COND_CONTENT_REMAINING,
	COND_FINALIZERS_REMAINING,
	COND_N,
};

static const struct {
	const char *type, *ok_reason, *ok_message;
} cond_types[COND_N] = {
	{"NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"},
	{"NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"},
	{"NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"},
	{"NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"},
	{"NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"},
};

struct kc_ns_conditions {
	char *discovery; /* the DiscoveryFailed message, or NULL */
	kc_map *delete_errors;
	kc_map *remaining;  /* "resource.group" -> count */
	kc_map *finalizers; /* finalizer -> count */
};

kc_ns_conditions *kc_ns_conditions_new(void)
{
	kc_ns_conditions *c = xcalloc(1, sizeof(*c));
	c->delete_errors = kc_map_new(NULL);
	c->remaining = kc_map_new(NULL);
	c->finalizers = kc_map_new(NULL);
	return c;
}

void kc_ns_conditions_free(kc_ns_conditions *c)
{
	if (!c)
		return;
	free(c->discovery);
	kc_map_free(c->delete_errors);
	kc_map_free(c->remaining);
	kc_map_free(c->finalizers);
	free(c);
}

void kc_ns_conditions_discovery_failed(kc_ns_conditions *c, size_t n_groups, const char *msg)
{
	free(c->discovery);
	c->discovery = xasprintf("Discovery failed for some groups, %zu failing: %s", n_groups, msg);
}

void kc_ns_conditions_delete_failed(kc_ns_conditions *c, const char *msg)
{
	kc_map_put(c->delete_errors, msg, NULL);
}

static void add_count(kc_map *m, const char *key, int n)
{
	intptr_t have = (intptr_t)kc_map_get(m, key);
	kc_map_put(m, key, (void *)(have + n));
}

void kc_ns_conditions_remaining(kc_ns_conditions *c, const char *group, const char *resource, int n)
{
	if (n <= 0)
		return;
	_cleanup_free_ char *key = xasprintf("%s.%s", resource, group);
	add_count(c->remaining, key, n);
}

void kc_ns_conditions_finalizer(kc_ns_conditions *c, const char *finalizer, int n)
{
	if (n > 0)
		add_count(c->finalizers, finalizer, n);
}

bool kc_ns_conditions_failed(const kc_ns_conditions *c)
{
	return c->discovery || kc_map_size(c->delete_errors) > 0;
}

/* "<key><sep><count><suffix>, ..." sorted, as upstream sorts the strings. */
static char *join_counts(const kc_map *m, const char *sep, const char *suffix)
{
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_map_sorted_keys(m, &n);
	char **items = xcalloc(n + 1, sizeof(*items));
	for (size_t i = 0; i < n; i++)
		items[i] = xasprintf("%s%s%d%s", keys[i], sep, (int)(intptr_t)kc_map_get(m, keys[i]), suffix);
	/* sort the finished strings: that is what upstream sorts */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(items[j], items[j - 1]) < 0; j--) {
			char *t = items[j];
			items[j] = items[j - 1];
			items[j - 1] = t;
		}
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; i < n; i++) {
		kc_buf_addf(&b, "%s%s", i ? ", " : "", items[i]);
		free(items[i]);
	}
	free(items);
	return kc_buf_release(&b);
}

/* The failure variants reported, indexed by COND_*: reason and message. */
static void failures(const kc_ns_conditions *c, char *reason[COND_N], char *message[COND_N])
{
	if (c->discovery) {
		reason[COND_DISCOVERY] = xstrdup("DiscoveryFailed");
		message[COND_DISCOVERY] = xstrdup(c->discovery);
	}
	size_t ne = 0;
	if ((ne = kc_map_size(c->delete_errors)) > 0) {
		size_t n = 0;
		_cleanup_free_ const char **msgs = kc_map_sorted_keys(c->delete_errors, &n);
		kc_buf b = KC_BUF_INIT;
		kc_buf_addf(&b, "Failed to delete all resource types, %zu remaining: ", ne);
		for (size_t i = 0; i < n; i++)
			kc_buf_addf(&b, "%s%s", i ? ", " : "", msgs[i]);
		reason[COND_CONTENT_FAILURE] = xstrdup("ContentDeletionFailed");
		message[COND_CONTENT_FAILURE] = kc_buf_release(&b);
	}
	if (kc_map_size(c->remaining) > 0) {
		_cleanup_free_ char *list = join_counts(c->remaining, " has ", " resource instances");
		reason[COND_CONTENT_REMAINING] = xstrdup("SomeResourcesRemain");
		message[COND_CONTENT_REMAINING] = xasprintf("Some resources are remaining: %s", list);
	}
	if (kc_map_size(c->finalizers) > 0) {
		_cleanup_free_ char *list = join_counts(c->finalizers, " in ", " resource instances");
		reason[COND_FINALIZERS_REMAINING] = xstrdup("SomeFinalizersRemain");
		message[COND_FINALIZERS_REMAINING] =
			xasprintf("Some content in the namespace has finalizers remaining: %s", list);
	}
}

static cJSON *find_condition(cJSON *conds, const char *type)
{
	cJSON *c;
	cJSON_ArrayForEach(c, conds)
	{
		if (streq(kc_json_get_str(c, "type", ""), type))
			return c;
	}
	return NULL;
}

bool kc_ns_conditions_apply(const kc_ns_conditions *c, cJSON *ns, int64_t now)
{
	char *reason[COND_N] = {0}, *message[COND_N] = {0};
	failures(c, reason, message);
	char ts[KC_TIME_RFC3339_MAX];
	kc_time_format_rfc3339(now, ts);
	cJSON *status = cJSON_GetObjectItemCaseSensitive(ns, "status");
	if (!cJSON_IsObject(status)) {
		kc_json_object_remove(ns, "status");
		status = cJSON_AddObjectToObject(ns, "status");
	}
	cJSON *conds = cJSON_GetObjectItemCaseSensitive(status, "conditions");
	if (!cJSON_IsArray(conds)) {
		kc_json_object_remove(status, "conditions");
		conds = cJSON_AddArrayToObject(status, "conditions");
	}
	bool changed = false;
	for (int i = 0; i < COND_N; i++) {
		const char *want_status = reason[i] ? "True" : "False";
		const char *want_reason = reason[i] ? reason[i] : cond_types[i].ok_reason;
		const char *want_message = message[i] ? message[i] : cond_types[i].ok_message;
		cJSON *old = find_condition(conds, cond_types[i].type);
		if (!old) {
			cJSON *n = cJSON_CreateObject();
			cJSON_AddStringToObject(n, "type", cond_types[i].type);
			cJSON_AddStringToObject(n, "status", want_status);
			cJSON_AddStringToObject(n, "lastTransitionTime", ts);
			cJSON_AddStringToObject(n, "reason", want_reason);
			cJSON_AddStringToObject(n, "message", want_message);
			cJSON_AddItemToArray(conds, n);
			changed = true;
		} else if (!streq(kc_json_get_str(old, "status", ""), want_status) ||
			   !streq(kc_json_get_str(old, "reason", ""), want_reason) ||
			   !streq(kc_json_get_str(old, "message", ""), want_message)) {
			if (!streq(kc_json_get_str(old, "status", ""), want_status))
				kc_json_object_put(old, "lastTransitionTime", cJSON_CreateString(ts));
			kc_json_object_put(old, "status", cJSON_CreateString(want_status));
			kc_json_object_put(old, "reason", cJSON_CreateString(want_reason));
			kc_json_object_put(old, "message", cJSON_CreateString(want_message));
			changed = true;
		}
		free(reason[i]);
		free(message[i]);
	}
	return changed;
}

bool kc_ns_has_finalizer(const cJSON *ns)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, kc_json_get(ns, "spec.finalizers"))
	{
		if (streq(kc_json_as_str(f, ""), KC_NS_FINALIZER))
			return true;
	}
	return false;
}

cJSON *kc_ns_finalize_body(const cJSON *ns)
{
	cJSON *body = kc_json_dup(ns);
	kc_map *set = kc_map_new(NULL);
	const cJSON *f;
	cJSON_ArrayForEach(f, kc_json_get(ns, "spec.finalizers"))
	{
		const char *name = kc_json_as_str(f, "");
		if (!streq(name, KC_NS_FINALIZER))
			kc_map_put(set, name, NULL);
	}
	size_t n = 0;
	_cleanup_free_ const char **names = kc_map_sorted_keys(set, &n);
	cJSON *fins = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(fins, cJSON_CreateString(names[i]));
	kc_map_free(set);
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(body, "spec");
	if (!cJSON_IsObject(spec)) {
		kc_json_object_remove(body, "spec");
		spec = cJSON_AddObjectToObject(body, "spec");
	}
	kc_json_object_put(spec, "finalizers", fins);
	return body;
}

/* ---- the controller ---- */

typedef struct ns_ctl {
	kc_cm *cm;
	kc_informer *namespaces;
	kc_queue *q;
	kc_cm_inflight *inflight;
	/* discovery, shared by every namespace */
	kc_ns_resource *res; /* the last complete discovery */
	size_t n_res;
	char *disc_error; /* its aggregated error, or NULL */
	size_t disc_failed;
	int64_t disc_at_ms; /* when it completed; 0: never */
	bool disc_running;
	unsigned disc_pending;
	kc_ns_resource *next_res; /* the discovery being gathered */
	size_t n_next;
	kc_buf next_error;
	size_t next_failed;
	kc_map *waiting; /* namespaces waiting for discovery */
	kc_map *served;  /* namespaces that waited: they use it even if it failed */
} ns_ctl;

/* ---- discovery ---- */

static void disc_send(ns_ctl *c, const char *path, const char *gv);

static void disc_failed(ns_ctl *c, const char *gv, const char *why)
{
	kc_buf_addf(&c->next_error, "%s%s: %s", c->next_failed ? ", " : "", gv, why);
	c->next_failed++;
}

static void disc_finish(ns_ctl *c)
{
	kc_ns_resources_free(c->res, c->n_res);
	c->res = TAKE_PTR(c->next_res);
	c->n_res = c->n_next;
	c->n_next = 0;
	free(c->disc_error);
	c->disc_error = c->next_failed
				? xasprintf("unable to retrieve the complete list of server APIs: %s", c->next_error.s)
				: NULL;
	c->disc_failed = c->next_failed;
	kc_buf_reset(&c->next_error);
	c->next_failed = 0;
	c->disc_running = false;
	/* A discovery that failed somewhere is not reused: the next pass asks
	 * again (and the namespace's condition says what failed meanwhile). */
	c->disc_at_ms = kc_time_monotonic_ms();
	kc_map_clear(c->served);
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(c->waiting, &it)) {
		kc_map_put(c->served, it.key, NULL);
		kc_queue_add(c->q, it.key);
	}
	kc_map_clear(c->waiting);
}

typedef struct disc_req {
	ns_ctl *c;
	char *gv; /* "v1", "apps/v1", "" for /apis */
} disc_req;

static void disc_req_free(void *p)
{
	disc_req *d = p;
	if (!d)
		return;
	free(d->gv);
	free(d);
}

static int on_discovery(kc_response *resp, const char *key, void *data)
{
	(void)key;
	disc_req *d = data;
	ns_ctl *c = d->c;
	if (resp->status != 200 || !resp->body) {
		disc_failed(c, d->gv[0] ? d->gv : "/apis", resp->err.msg[0] ? resp->err.msg : "invalid response");
	} else if (!d->gv[0]) {
		/* /apis: the preferred version of every group */
		const cJSON *g;
		cJSON_ArrayForEach(g, kc_json_get(resp->body, "groups"))
		{
			const char *gv = kc_json_get_str(g, "preferredVersion.groupVersion", "");
			if (!gv[0])
				continue;
			_cleanup_free_ char *path = xasprintf("/apis/%s", gv);
			disc_send(c, path, gv);
		}
	} else if (kc_ns_parse_resources(resp->body, &c->next_res, &c->n_next) < 0) {
		disc_failed(c, d->gv, "the resource list has no groupVersion");
	}
	if (--c->disc_pending == 0)
		disc_finish(c);
	return 0; /* failures are reported in the namespaces' conditions */
}

static void disc_send(ns_ctl *c, const char *path, const char *gv)
{
	disc_req *d = xcalloc(1, sizeof(*d));
	d->c = c;
	d->gv = xstrdup(gv);
	c->disc_pending++;
	if (kc_cm_inflight_send(c->inflight, DISCOVERY_KEY, "GET", path, NULL, on_discovery, d, disc_req_free) < 0) {
		c->disc_pending--;
		disc_failed(c, gv[0] ? gv : "/apis", "the request could not be sent");
	}
}

static void discover(ns_ctl *c)
{
	if (c->disc_running)
		return;
	c->disc_running = true;
	c->disc_pending = 1; /* held until both requests are out */
	disc_send(c, "/api/v1", "v1");
	disc_send(c, "/apis", "");
	if (--c->disc_pending == 0)
		disc_finish(c);
}

static bool discovery_fresh(const ns_ctl *c)
{
	return c->disc_at_ms && !c->disc_error && kc_time_monotonic_ms() - c->disc_at_ms < DISCOVERY_TTL_MS;
}

/* ---- one pass over a namespace ---- */

enum {
	STEP_ESTIMATE,         /* pods: list, for the grace period estimate */
	STEP_DELETECOLLECTION, /* DELETE the collection */
	STEP_LIST_EACH,        /* no deletecollection: list, then ... */
	STEP_DELETE_ITEM,      /* ... DELETE each */
	STEP_VERIFY,           /* list what is left */
};

typedef struct res_run {
	kc_ns_resource r; /* borrowed from the run's copy */
	int64_t estimate;
	int remaining;
	kc_map *finalizers; /* finalizer -> count of remaining objects */
	char *error;
	int items_pending;
	bool done;
} res_run;

typedef struct ns_run {
	int refs;
	ns_ctl *c;
	char *ns;
	cJSON *obj; /* the namespace as the pass found it */
	kc_ns_resource *res;
	size_t n_res;
	res_run *runs;
	size_t pods; /* index of pods in runs, or n_res when not served */
	bool stage_rest;
	size_t pending; /* resources of the current stage not done */
	char *disc_error;
	size_t disc_failed;
} ns_run;

typedef struct step_req {
	ns_run *run;
	size_t i;
	int step;
} step_req;

static void run_unref(ns_run *run)
{
	if (!run || --run->refs > 0)
		return;
	for (size_t i = 0; i < run->n_res; i++) {
		kc_map_free(run->runs[i].finalizers);
		free(run->runs[i].error);
	}
	free(run->runs);
	kc_ns_resources_free(run->res, run->n_res);
	cJSON_Delete(run->obj);
	free(run->ns);
	free(run->disc_error);
	free(run);
}

static void step_req_free(void *p)
{
	step_req *s = p;
	if (!s)
		return;
	run_unref(s->run);
	free(s);
}

static char *collection_path(const ns_run *run, const kc_ns_resource *r)
{
	if (!r->group[0])
		return xasprintf("/api/%s/namespaces/%s/%s", r->version, run->ns, r->resource);
	return xasprintf("/apis/%s/%s/namespaces/%s/%s", r->group, r->version, run->ns, r->resource);
}

static int on_step(kc_response *resp, const char *key, void *data);

/* Returns false when the request could not be sent (the resource's error
 * says so). */
static bool send_step(ns_run *run, size_t i, int step, const char *method, const char *path, const cJSON *body)
{
	step_req *s = xcalloc(1, sizeof(*s));
	s->run = run;
	s->i = i;
	s->step = step;
	run->refs++;
	res_run *rr = &run->runs[i];
	if (step == STEP_DELETE_ITEM)
		rr->items_pending++;
	if (kc_cm_inflight_send(run->c->inflight, run->ns, method, path, body, on_step, s, step_req_free) < 0) {
		/* Counted as a failure by inflight; the pass finishes without it. */
		if (step == STEP_DELETE_ITEM)
			rr->items_pending--;
		if (!rr->error)
			rr->error = xasprintf("%s %s: the request could not be sent", method, path);
		return false;
	}
	return true;
}

static cJSON *background_options(void)
{
	/* The namespace controller removes everything itself: no orphan
	 * finalizer for the garbage collector to honour. */
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", "DeleteOptions");
	cJSON_AddStringToObject(o, "apiVersion", "v1");
	cJSON_AddStringToObject(o, "propagationPolicy", "Background");
	return o;
}

static void resource_done(ns_run *run, size_t i);

static void start_verify(ns_run *run, size_t i)
{
	res_run *rr = &run->runs[i];
	if (!rr->r.list) { /* cannot tell what is left */
		resource_done(run, i);
		return;
	}
	_cleanup_free_ char *path = collection_path(run, &rr->r);
	if (!send_step(run, i, STEP_VERIFY, "GET", path, NULL))
		resource_done(run, i);
}

static void start_delete(ns_run *run, size_t i)
{
	res_run *rr = &run->runs[i];
	_cleanup_free_ char *path = collection_path(run, &rr->r);
	if (rr->r.deletecollection) {
		_cleanup_json_ cJSON *opts = background_options();
		if (!send_step(run, i, STEP_DELETECOLLECTION, "DELETE", path, opts))
			resource_done(run, i);
	} else if (rr->r.list) {
		if (!send_step(run, i, STEP_LIST_EACH, "GET", path, NULL))
			resource_done(run, i);
	} else {
		start_verify(run, i);
	}
}

static void start_resource(ns_run *run, size_t i)
{
	res_run *rr = &run->runs[i];
	if (i == run->pods && rr->r.list) {
		_cleanup_free_ char *path = collection_path(run, &rr->r);
		if (!send_step(run, i, STEP_ESTIMATE, "GET", path, NULL))
			resource_done(run, i);
	} else {
		start_delete(run, i);
	}
}

static void count_remaining(res_run *rr, const cJSON *list, const char *ns)
{
	const cJSON *items = kc_json_get(list, "items");
	rr->remaining = cJSON_GetArraySize(items);
	if (rr->remaining == 0)
		return;
	rr->finalizers = kc_map_new(NULL);
	const cJSON *it;
	cJSON_ArrayForEach(it, items)
	{
		const cJSON *f;
		cJSON_ArrayForEach(f, kc_json_get(it, "metadata.finalizers"))
		{
			const char *name = kc_json_as_str(f, "");
			if (name[0])
				kc_map_put(rr->finalizers, name,
					   (void *)((intptr_t)kc_map_get(rr->finalizers, name) + 1));
		}
	}
	/* Graceful pods are expected to linger; objects held by finalizers
	 * get upstream's default wait; anything else should have gone. */
	if (rr->estimate > 0)
		return;
	if (kc_map_size(rr->finalizers) > 0) {
		rr->estimate = FINALIZER_ESTIMATE_SEC;
		return;
	}
	_cleanup_free_ char *gvr = kc_ns_gvr_string(&rr->r);
	free(rr->error);
	rr->error = xasprintf("unexpected items still remain in namespace: %s for gvr: %s", ns, gvr);
}

static void after_step(ns_run *run, size_t i, int step, kc_response *resp)
{
	res_run *rr = &run->runs[i];
	bool ok = resp->status >= 200 && resp->status < 300;
	const char *why = resp->err.msg[0] ? resp->err.msg : "unexpected response";
	switch (step) {
	case STEP_ESTIMATE:
		if (!ok) {
			rr->error = xstrdup(why);
			resource_done(run, i);
			return;
		}
		rr->estimate = kc_ns_pods_estimate(resp->body);
		start_delete(run, i);
		return;
	case STEP_DELETECOLLECTION:
		if (ok) {
			start_verify(run, i);
		} else if (resp->status == 405 || resp->status == 404) {
			/* not supported after all: one by one */
			rr->r.deletecollection = false;
			start_delete(run, i);
		} else {
			rr->error = xstrdup(why);
			resource_done(run, i);
		}
		return;
	case STEP_LIST_EACH: {
		if (!ok) {
			if (resp->status != 404 && resp->status != 405)
				rr->error = xstrdup(why);
			resource_done(run, i);
			return;
		}
		_cleanup_free_ char *base = collection_path(run, &rr->r);
		_cleanup_json_ cJSON *opts = background_options();
		const cJSON *it;
		cJSON_ArrayForEach(it, kc_json_get(resp->body, "items"))
		{
			const char *name = kc_json_get_str(it, "metadata.name", "");
			if (!name[0])
				continue;
			_cleanup_free_ char *path = xasprintf("%s/%s", base, name);
			(void)send_step(run, i, STEP_DELETE_ITEM, "DELETE", path, opts);
		}
		if (rr->items_pending == 0) {
			if (rr->error)
				resource_done(run, i);
			else
				start_verify(run, i);
		}
		return;
	}
	case STEP_DELETE_ITEM:
		rr->items_pending--;
		if (!ok && resp->status != 404 && !rr->error)
			rr->error = xstrdup(why);
		if (rr->items_pending == 0) {
			if (rr->error)
				resource_done(run, i);
			else
				start_verify(run, i);
		}
		return;
	case STEP_VERIFY:
		if (!ok) {
			if (resp->status != 404 && resp->status != 405)
				rr->error = xstrdup(why);
		} else {
			count_remaining(rr, resp->body, run->ns);
		}
		resource_done(run, i);
		return;
	}
}

static int on_step(kc_response *resp, const char *key, void *data)
{
	(void)key;
	step_req *s = data;
	after_step(s->run, s->i, s->step, resp);
	/* Failures are the pass's business (conditions, retry), not the
	 * request's: the pass decides at its end. */
	return 0;
}

/* ---- end of a pass ---- */

typedef struct finish_req {
	ns_run *run;
	bool finalize; /* then finalize after this status update */
} finish_req;

static void finish_req_free(void *p)
{
	finish_req *f = p;
	if (!f)
		return;
	run_unref(f->run);
	free(f);
}

static int on_finalized(kc_response *resp, const char *key, void *data)
{
	(void)data;
	if ((resp->status >= 200 && resp->status < 300) || resp->status == 404) {
		kc_log_v(2, "namespace %s finalized", key);
		return 0;
	}
	kc_log_v(2, "finalizing namespace %s failed, retrying: %s", key, resp->err.msg);
	return -EIO;
}

static void finalize(ns_run *run, const cJSON *ns)
{
	_cleanup_json_ cJSON *body = kc_ns_finalize_body(ns);
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/finalize", run->ns);
	kc_cm_inflight_send(run->c->inflight, run->ns, "PUT", path, body, on_finalized, NULL, NULL);
}

static int on_status_updated(kc_response *resp, const char *key, void *data)
{
	finish_req *f = data;
	bool ok = resp->status >= 200 && resp->status < 300;
	if (!ok)
		kc_log_v(2, "couldn't update status condition for namespace %s: %s", key, resp->err.msg);
	if (f->finalize)
		/* the written namespace carries the resourceVersion to finalize */
		finalize(f->run, ok && resp->body ? resp->body : f->run->obj);
	return 0;
}

/* Conditions, then retry, wait or finalize. rest: whether the pass got
 * past the pods (the totals of the other resources are known). */
static void pass_done(ns_run *run, bool rest)
{
	ns_ctl *c = run->c;
	kc_ns_conditions *conds = kc_ns_conditions_new();
	if (run->disc_error)
		kc_ns_conditions_discovery_failed(conds, run->disc_failed, run->disc_error);
	int64_t estimate = 0;
	int remaining = 0;
	for (size_t i = 0; i < run->n_res; i++) {
		res_run *rr = &run->runs[i];
		if (!rr->done)
			continue;
		if (rr->error)
			kc_ns_conditions_delete_failed(conds, rr->error);
		if (rr->estimate > estimate)
			estimate = rr->estimate;
		remaining += rr->remaining;
		if (!rest)
			continue; /* upstream sets the totals only after a full pass */
		kc_ns_conditions_remaining(conds, rr->r.group, rr->r.resource, rr->remaining);
		kc_map_iter it = KC_MAP_ITER_INIT;
		while (rr->finalizers && kc_map_next(rr->finalizers, &it))
			kc_ns_conditions_finalizer(conds, it.key, (int)(intptr_t)it.value);
	}
	bool failed = kc_ns_conditions_failed(conds);
	bool finished = !failed && remaining == 0 && estimate == 0;
	_cleanup_json_ cJSON *ns = kc_json_dup(run->obj);
	bool changed = kc_ns_conditions_apply(conds, ns, kc_time_now_sec());
	kc_ns_conditions_free(conds);

	if (failed) {
		kc_log_v(2, "deleting the content of namespace %s failed, retrying", run->ns);
		kc_cm_inflight_fail(c->inflight, run->ns);
	} else if (!finished) {
		kc_log_v(4, "namespace %s: content remains, checking again in %llu ms", run->ns,
			 (unsigned long long)kc_ns_requeue_ms(estimate));
		kc_queue_add_after(c->q, run->ns, kc_ns_requeue_ms(estimate));
	}
	if (changed) {
		finish_req *f = xcalloc(1, sizeof(*f));
		f->run = run;
		f->finalize = finished;
		run->refs++;
		_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/status", run->ns);
		kc_cm_inflight_send(c->inflight, run->ns, "PUT", path, ns, on_status_updated, f, finish_req_free);
	} else if (finished) {
		finalize(run, run->obj);
	}
}

static void start_rest(ns_run *run)
{
	run->stage_rest = true;
	run->pending = 0;
	for (size_t i = 0; i < run->n_res; i++)
		if (i != run->pods)
			run->pending++;
	if (run->pending == 0) {
		pass_done(run, true);
		return;
	}
	for (size_t i = 0; i < run->n_res; i++)
		if (i != run->pods)
			start_resource(run, i);
}

static void resource_done(ns_run *run, size_t i)
{
	res_run *rr = &run->runs[i];
	if (rr->done)
		return;
	rr->done = true;
	if (--run->pending > 0)
		return;
	if (run->stage_rest) {
		pass_done(run, true);
		return;
	}
	/* Pods first: while some remain, nothing else goes. */
	if (rr->error || rr->remaining > 0) {
		pass_done(run, false);
		return;
	}
	start_rest(run);
}

static ns_run *run_new(ns_ctl *c, const char *ns, const cJSON *obj)
{
	ns_run *run = xcalloc(1, sizeof(*run));
	run->refs = 1;
	run->c = c;
	run->ns = xstrdup(ns);
	run->obj = kc_json_dup(obj);
	run->n_res = c->n_res;
	run->res = xcalloc(c->n_res + 1, sizeof(*run->res));
	run->runs = xcalloc(c->n_res + 1, sizeof(*run->runs));
	run->pods = c->n_res;
	for (size_t i = 0; i < c->n_res; i++) {
		const kc_ns_resource *r = &c->res[i];
		run->res[i] = (kc_ns_resource){xstrdup(r->group), xstrdup(r->version), xstrdup(r->resource), r->list,
					       r->deletecollection};
		run->runs[i].r = run->res[i];
		if (!r->group[0] && streq(r->resource, "pods"))
			run->pods = i;
	}
	run->disc_error = c->disc_error ? xstrdup(c->disc_error) : NULL;
	run->disc_failed = c->disc_failed;
	return run;
}

static int ns_sync(const char *key, void *userdata)
{
	ns_ctl *c = userdata;
	if (streq(key, DISCOVERY_KEY))
		return 0;
	const cJSON *ns = kc_informer_get(c->namespaces, key);
	if (!ns || !kc_json_get(ns, "metadata.deletionTimestamp"))
		return 0;
	if (!kc_ns_has_finalizer(ns))
		return 0; /* finalized already; other finalizers are not ours */
	if (!streq(kc_json_get_str(ns, "status.phase", ""), "Terminating")) {
		/* updateNamespaceStatusFunc: the phase follows the deletion */
		_cleanup_json_ cJSON *upd = kc_json_dup(ns);
		kc_json_set_str(upd, "status.phase", "Terminating", NULL);
		_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/status", key);
		return kc_cm_inflight_send(c->inflight, key, "PUT", path, upd, NULL, NULL, NULL);
	}
	bool served = kc_map_del(c->served, key);
	if (!served && !discovery_fresh(c)) {
		kc_map_put(c->waiting, key, NULL);
		discover(c);
		return 0;
	}
	ns_run *run = run_new(c, key, ns);
	if (run->pods < run->n_res) {
		run->pending = 1;
		start_resource(run, run->pods);
	} else {
		start_rest(run);
	}
	run_unref(run);
	return 0;
}

static kc_queue_result ns_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	ns_ctl *c = userdata;
	return kc_cm_inflight_run(c->inflight, key, ns_sync, c);
}

/* enqueueNamespace: only namespaces being deleted, after the grace. */
static void ns_enqueue(ns_ctl *c, const cJSON *ns)
{
	if (!kc_json_get(ns, "metadata.deletionTimestamp"))
		return;
	const char *name = kc_json_get_str(ns, "metadata.name", "");
	if (name[0])
		kc_queue_add_after(c->q, name, DELETION_GRACE_MS);
}

static void ns_on_add(const cJSON *obj, void *userdata) { ns_enqueue(userdata, obj); }
static void ns_on_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	(void)old_obj;
	ns_enqueue(userdata, new_obj);
}

static void *ns_start(kc_cm *cm)
{
	ns_ctl *c = xcalloc(1, sizeof(*c));
	c->cm = cm;
	c->namespaces = kc_cm_informer(cm, "/api/v1/namespaces");
	c->q = kc_cm_queue(cm, "namespace", ns_process, c);
	c->inflight = kc_cm_inflight_new(kc_cm_client(cm), c->q);
	c->waiting = kc_map_new(NULL);
	c->served = kc_map_new(NULL);
	kc_informer_add_handlers(c->namespaces, &(kc_informer_handlers){.on_add = ns_on_add,
									.on_update = ns_on_update,
									.userdata = c});
	return c;
}

static void ns_stop(void *state)
{
	ns_ctl *c = state;
	if (!c)
		return;
	/* Cancelling drops the requests' data, and with it the passes. */
	kc_cm_inflight_free(c->inflight);
	kc_ns_resources_free(c->res, c->n_res);
	kc_ns_resources_free(c->next_res, c->n_next);
	free(c->disc_error);
	kc_buf_free(&c->next_error);
	kc_map_free(c->waiting);
	kc_map_free(c->served);
	free(c);
}

const kc_controller_def kc_controller_namespace = {
	.name = "namespace",
	.start = ns_start,
	.stop = ns_stop,
};
