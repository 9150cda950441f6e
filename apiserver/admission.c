/* admission.c - namespace lifecycle, allocations, field validation (see
 * admission.h). */
#include "admission.h"

#include <errno.h>

#include "apiserver/alloc.h"
#include "apiserver/cache.h"
#include "apiserver/etcd.h"
#include "apiserver/fielderr.h"
#include "apiserver/handlers.h"
#include "apiserver/objects.h"
#include "apiserver/rmw.h"
#include "apiserver/schema.h"
#include "apiserver/status.h"
#include "common/json.h"
#include "banned.h"

/* ---- NamespaceLifecycle ---- */

typedef struct ns_check {
	api_req *r;
	char *name;
	api_admit_cb cb;
	void *userdata;
} ns_check;

static cJSON *namespace_verdict(api_req *r, const char *name, const cJSON *ns)
{
	if (!ns)
		return api_status_not_found("", "namespaces", r->info.namespace);
	bool terminating = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(ns, "metadata"),
							   "deletionTimestamp") ||
			   streq(kc_json_get_str(ns, "status.phase", ""), "Terminating");
	if (!terminating)
		return NULL;
	_cleanup_free_ char *why = xasprintf("unable to create new content in namespace %s because it is being "
					     "terminated",
					     r->info.namespace);
	cJSON *st = api_status_forbidden(r->res->group, r->res->plural, name, why);
	cJSON *details = cJSON_GetObjectItemCaseSensitive(st, "details");
	cJSON *causes = cJSON_AddArrayToObject(details, "causes");
	cJSON *cause = cJSON_CreateObject();
	cJSON_AddStringToObject(cause, "reason", "NamespaceTerminating");
	cJSON_AddStringToObject(cause, "message", why);
	cJSON_AddStringToObject(cause, "field", "metadata.namespace");
	cJSON_AddItemToArray(causes, cause);
	return st;
}

static void on_namespace_read(etcd_result *res, void *userdata)
{
	ns_check *c = userdata;
	cJSON *status = NULL;
	if (res->err) {
		status = api_storage_error_status(res->err, res->errmsg);
	} else {
		_cleanup_json_ cJSON *ns =
			res->nkvs ? cJSON_ParseWithLength(res->kvs[0].value, res->kvs[0].value_len) : NULL;
		status = namespace_verdict(c->r, c->name, ns);
	}
	c->cb(c->r, status, c->userdata);
	free(c->name);
	free(c);
}

void api_admission_namespace(api_req *r, const char *name, api_admit_cb cb, void *userdata)
{
	if (!r->res->namespaced) {
		cb(r, NULL, userdata);
		return;
	}
	const kc_resource *nsres = kc_resource_find("", "v1", "namespaces");
	api_cache *cache = api_cache_for(r->srv, nsres);
	if (cache && api_cache_ready(cache)) {
		api_cobj *o = api_cache_get(cache, r->info.namespace);
		if (o) {
			_cleanup_json_ cJSON *ns = api_cobj_parse(o);
			cb(r, namespace_verdict(r, name, ns), userdata);
			return;
		}
	}
	/* Not in the cache (yet): ask etcd, as upstream's live lookup does. */
	ns_check *c = xcalloc(1, sizeof(*c));
	c->r = r;
	c->name = xstrdup(name);
	c->cb = cb;
	c->userdata = userdata;
	_cleanup_free_ char *key = api_obj_key(r->srv->prefix, nsres, NULL, r->info.namespace);
	etcd_range(r->srv->etcd, key, NULL, 0, 0, false, on_namespace_read, c);
}

/* ---- Service allocations ---- */

typedef struct svc_alloc {
	api_req *r;
	cJSON *obj;
	const cJSON *current; /* the stored version on update: what it holds is kept, not taken again */
	api_admit_cb cb;
	void *userdata;
	char *owner;
	int port; /* index of the next port to give a nodePort; -1 before the IP */
	char **taken_ips, **taken_ports;
	size_t nips, nports;
	int dry_retries; /* dry runs: values peeked again because this one had them */
} svc_alloc;

static void svc_alloc_free(svc_alloc *s)
{
	for (size_t i = 0; i < s->nips; i++)
		free(s->taken_ips[i]);
	for (size_t i = 0; i < s->nports; i++)
		free(s->taken_ports[i]);
	free(s->taken_ips);
	free(s->taken_ports);
	free(s->owner);
	free(s);
}

static void svc_fail(svc_alloc *s, cJSON *status)
{
	for (size_t i = 0; s->owner && i < s->nips; i++)
		api_alloc_release(s->r->srv->service_ips, s->taken_ips[i]);
	for (size_t i = 0; s->owner && i < s->nports; i++)
		api_alloc_release(s->r->srv->node_ports, s->taken_ports[i]);
	s->cb(s->r, status, s->userdata);
	svc_alloc_free(s);
}

static bool needs_node_ports(const cJSON *svc)
{
	const char *type = kc_json_get_str(svc, "spec.type", "ClusterIP");
	if (streq(type, "NodePort"))
		return true;
	return streq(type, "LoadBalancer") && kc_json_get_bool(svc, "spec.allocateLoadBalancerNodePorts", true);
}

static cJSON *invalid_status(svc_alloc *s, const char *field, const cJSON *value, const char *detail)
{
	api_field_errors errs = API_FIELD_ERRORS_INIT;
	api_fe_invalid(&errs, field, value, detail);
	cJSON *st = api_field_errors_status(&errs, "", "Service", api_meta_str(s->obj, "name"));
	api_field_errors_clear(&errs);
	return st;
}

static void next_port(svc_alloc *s);

static bool holds_node_port(const cJSON *svc, int64_t port)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(svc, "spec.ports")) if (kc_json_get_int(p, "nodePort", 0) == port) return true;
	return false;
}

/* LoadBalancer Services with externalTrafficPolicy Local answer health
 * checks on a node port of their own. */
static bool needs_health_check_port(const cJSON *svc)
{
	return streq(kc_json_get_str(svc, "spec.type", ""), "LoadBalancer") &&
	       streq(kc_json_get_str(svc, "spec.externalTrafficPolicy", ""), "Local");
}

static int64_t health_check_port(const cJSON *svc) { return kc_json_get_int(svc, "spec.healthCheckNodePort", 0); }

/* Whether svc holds port as a nodePort or its healthCheckNodePort. */
static bool holds_port(const cJSON *svc, int64_t port)
{
	return holds_node_port(svc, port) || (svc && health_check_port(svc) == port);
}

static bool holds_ip(const cJSON *svc, const char *ip)
{
	return svc && ip[0] && !streq(ip, "None") && streq(kc_json_get_str(svc, "spec.clusterIP", ""), ip);
}

/* A dry run takes nothing, so two of its ports may peek the same free
 * value: whether to look again (a few times) for one it has not. */
static bool dry_run_repeat(svc_alloc *s, const char *value, bool requested)
{
	if (s->owner || requested || s->dry_retries >= 16)
		return false;
	for (size_t i = 0; i < s->nports; i++)
		if (streq(s->taken_ports[i], value)) {
			s->dry_retries++;
			return true;
		}
	return false;
}

static void on_port(int err, const char *value, const char *errmsg, void *userdata)
{
	svc_alloc *s = userdata;
	cJSON *port = cJSON_GetArrayItem(kc_json_get(s->obj, "spec.ports"), s->port);
	if (err) {
		_cleanup_free_ char *field = xasprintf("spec.ports[%d].nodePort", s->port);
		_cleanup_free_ char *detail =
			err == -EEXIST	 ? xstrdup("provided port is already allocated")
			: err == -ERANGE ? xasprintf("provided port is not in the valid range. The range of valid "
						     "ports is %s",
						     api_alloc_range(s->r->srv->node_ports))
			: err == -ENOSPC ? xstrdup("range is full")
					 : xasprintf("failed to allocate a nodePort: %s", errmsg);
		if (err == -EEXIST || err == -ERANGE)
			svc_fail(s, invalid_status(s, field, cJSON_GetObjectItemCaseSensitive(port, "nodePort"), detail));
		else
			svc_fail(s, api_status_internal("%s", detail));
		return;
	}
	if (dry_run_repeat(s, value, kc_json_get_int(port, "nodePort", 0) != 0)) {
		next_port(s);
		return;
	}
	s->taken_ports = xrealloc(s->taken_ports, (s->nports + 1) * sizeof(char *));
	s->taken_ports[s->nports++] = xstrdup(value);
	cJSON_DeleteItemFromObjectCaseSensitive(port, "nodePort");
	cJSON_AddNumberToObject(port, "nodePort", strtol(value, NULL, 10));
	s->port++;
	next_port(s);
}

static void allocate_health_check_port(svc_alloc *s);

static void on_health_check_port(int err, const char *value, const char *errmsg, void *userdata)
{
	svc_alloc *s = userdata;
	if (err) {
		/* upstream answers these as internal errors, not field errors */
		int64_t want = health_check_port(s->obj);
		const char *why = err == -EEXIST   ? "provided port is already allocated"
				  : err == -ERANGE ? "provided port is not in the valid range"
				  : err == -ENOSPC ? "range is full"
						   : errmsg;
		if (want)
			svc_fail(s, api_status_internal("failed to allocate requested HealthCheck NodePort %lld: %s",
							(long long)want, why));
		else
			svc_fail(s, api_status_internal("failed to allocate a HealthCheck NodePort 0: %s", why));
		return;
	}
	if (dry_run_repeat(s, value, health_check_port(s->obj) != 0)) {
		allocate_health_check_port(s);
		return;
	}
	s->taken_ports = xrealloc(s->taken_ports, (s->nports + 1) * sizeof(char *));
	s->taken_ports[s->nports++] = xstrdup(value);
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(s->obj, "spec");
	cJSON_DeleteItemFromObjectCaseSensitive(spec, "healthCheckNodePort");
	cJSON_AddNumberToObject(spec, "healthCheckNodePort", strtol(value, NULL, 10));
	s->cb(s->r, NULL, s->userdata);
	svc_alloc_free(s);
}

/* The last step: the healthCheckNodePort, when the Service needs one it
 * does not hold yet. */
static void allocate_health_check_port(svc_alloc *s)
{
	int64_t want = health_check_port(s->obj);
	if (!needs_health_check_port(s->obj) || (want && s->current && health_check_port(s->current) == want)) {
		s->cb(s->r, NULL, s->userdata);
		svc_alloc_free(s);
		return;
	}
	if (want) {
		char buf[24];
		snprintf(buf, sizeof(buf), "%lld", (long long)want);
		api_alloc_claim(s->r->srv->node_ports, buf, s->owner, on_health_check_port, s);
	} else {
		api_alloc_any(s->r->srv->node_ports, s->owner, on_health_check_port, s);
	}
}

static void next_port(svc_alloc *s)
{
	const cJSON *ports = kc_json_get(s->obj, "spec.ports");
	if (!needs_node_ports(s->obj) || s->port >= cJSON_GetArraySize(ports)) {
		allocate_health_check_port(s);
		return;
	}
	const cJSON *port = cJSON_GetArrayItem(ports, s->port);
	int64_t want = kc_json_get_int(port, "nodePort", 0);
	if (want && holds_node_port(s->current, want)) {
		s->port++;
		next_port(s);
		return;
	}
	if (want) {
		char buf[16];
		snprintf(buf, sizeof(buf), "%lld", (long long)want);
		api_alloc_claim(s->r->srv->node_ports, buf, s->owner, on_port, s);
	} else {
		api_alloc_any(s->r->srv->node_ports, s->owner, on_port, s);
	}
}

static void set_cluster_ip(cJSON *svc, const char *ip)
{
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(svc, "spec");
	cJSON_DeleteItemFromObjectCaseSensitive(spec, "clusterIP");
	cJSON_DeleteItemFromObjectCaseSensitive(spec, "clusterIPs");
	cJSON_AddStringToObject(spec, "clusterIP", ip);
	cJSON *ips = cJSON_AddArrayToObject(spec, "clusterIPs");
	cJSON_AddItemToArray(ips, cJSON_CreateString(ip));
}

static void on_ip(int err, const char *value, const char *errmsg, void *userdata)
{
	svc_alloc *s = userdata;
	if (err) {
		const char *ip = kc_json_get_str(s->obj, "spec.clusterIP", "");
		_cleanup_free_ char *detail =
			err == -EEXIST	 ? xasprintf("failed to allocate IP %s: provided IP is already allocated", ip)
			: err == -ERANGE ? xasprintf("failed to allocate IP %s: the provided IP (%s) is not in the valid "
						     "range. The range of valid IPs is %s",
						     ip, ip, api_alloc_range(s->r->srv->service_ips))
			: err == -ENOSPC ? xstrdup("failed to allocate a serviceIP: range is full")
					 : xasprintf("failed to allocate a serviceIP: %s", errmsg);
		if (err == -EEXIST || err == -ERANGE) {
			_cleanup_json_ cJSON *v = cJSON_CreateArray();
			cJSON_AddItemToArray(v, cJSON_CreateString(ip));
			svc_fail(s, invalid_status(s, "spec.clusterIPs", v, detail));
		} else {
			svc_fail(s, api_status_internal("%s", detail));
		}
		return;
	}
	s->taken_ips = xrealloc(s->taken_ips, (s->nips + 1) * sizeof(char *));
	s->taken_ips[s->nips++] = xstrdup(value);
	set_cluster_ip(s->obj, value);
	s->port = 0;
	next_port(s);
}

static bool is_service(const api_req *r) { return streq(r->res->plural, "services") && !r->res->group[0]; }

/* Takes what obj needs and current (NULL on create) does not hold. */
static void allocate(api_req *r, cJSON *obj, const cJSON *current, api_admit_cb cb, void *userdata)
{
	if (!is_service(r)) {
		cb(r, NULL, userdata);
		return;
	}
	svc_alloc *s = xcalloc(1, sizeof(*s));
	s->r = r;
	s->obj = obj;
	s->current = current;
	s->cb = cb;
	s->userdata = userdata;
	/* A dry run is answered with the values a real write would get now
	 * (as upstream's dry-run allocators) but takes none: no owner. */
	s->owner = r->dry_run ? NULL : xasprintf("%s/%s", api_meta_str(obj, "namespace"), api_meta_str(obj, "name"));
	const char *type = kc_json_get_str(obj, "spec.type", "ClusterIP");
	const char *ip = kc_json_get_str(obj, "spec.clusterIP", "");
	if (streq(type, "ExternalName") || holds_ip(current, ip)) {
		s->port = 0;
		next_port(s);
	} else if (streq(ip, "None")) {
		set_cluster_ip(obj, "None");
		s->port = 0;
		next_port(s);
	} else if (ip[0]) {
		api_alloc_claim(r->srv->service_ips, ip, s->owner, on_ip, s);
	} else {
		api_alloc_any(r->srv->service_ips, s->owner, on_ip, s);
	}
}

void api_admission_allocate(api_req *r, cJSON *obj, api_admit_cb cb, void *userdata)
{
	allocate(r, obj, NULL, cb, userdata);
}

/* Releases what held holds and keep (may be NULL) does not. */
static void release_diff(api_req *r, const cJSON *held, const cJSON *keep)
{
	if (!is_service(r) || r->dry_run || !held)
		return;
	const char *ip = kc_json_get_str(held, "spec.clusterIP", "");
	if (ip[0] && !streq(ip, "None") && !holds_ip(keep, ip))
		api_alloc_release(r->srv->service_ips, ip);
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(held, "spec.ports"))
	{
		int64_t np = kc_json_get_int(p, "nodePort", 0);
		if (np && !holds_port(keep, np)) {
			char buf[16];
			snprintf(buf, sizeof(buf), "%lld", (long long)np);
			api_alloc_release(r->srv->node_ports, buf);
		}
	}
	int64_t hc = health_check_port(held);
	if (hc && !holds_port(keep, hc)) {
		char buf[16];
		snprintf(buf, sizeof(buf), "%lld", (long long)hc);
		api_alloc_release(r->srv->node_ports, buf);
	}
}

typedef struct write_step {
	api_rmw *op;
	api_rmw_cont cont;
} write_step;

static void allocated_for_write(api_req *r, cJSON *status, void *userdata)
{
	(void)r;
	write_step *w = userdata;
	api_rmw *op = w->op;
	api_rmw_cont cont = w->cont;
	free(w);
	cont(op, status);
}

void api_admission_prepare_write(api_rmw *op, cJSON *next, const cJSON *current, api_rmw_cont cont)
{
	write_step *w = xcalloc(1, sizeof(*w));
	w->op = op;
	w->cont = cont;
	allocate(op->r, next, current, allocated_for_write, w);
}

void api_admission_after_write(api_rmw *op, const cJSON *next, const cJSON *current, bool written)
{
	if (written)
		release_diff(op->r, current, next); /* what the old version held */
	else
		release_diff(op->r, next, current); /* what this attempt took */
}

void api_admission_release(api_req *r, const cJSON *obj) { release_diff(r, obj, NULL); }

/* ---- field validation ---- */

cJSON *api_admission_type_status(api_req *r, const cJSON *obj)
{
	_cleanup_free_ char *msg = api_schema_type_error(r->res, obj);
	if (!msg)
		return NULL;
	/* upstream's decoder error, whatever fieldValidation says */
	return api_status_bad_request("%s in version \"%s\" cannot be handled as a %s: %s", r->res->kind,
				      r->res->version, r->res->kind, msg);
}

int api_admission_field_validation(api_req *r, const cJSON *obj)
{
	const char *mode = api_query(r, "fieldValidation");
	if (!mode || !mode[0])
		mode = "Warn"; /* upstream's default when the client says nothing */
	if (!streq(mode, "Ignore") && !streq(mode, "Warn") && !streq(mode, "Strict")) {
		_cleanup_free_ char *why = xasprintf("Unsupported value: \"%s\": supported values: \"\", \"Ignore\", "
						     "\"Strict\", \"Warn\"",
						     mode);
		api_reply_status(r, api_status_invalid_options(streq(r->info.verb, "create") ? "CreateOptions"
											      : "UpdateOptions",
								"fieldValidation", "FieldValueNotSupported", why));
		return -1;
	}
	cJSON *type_status = api_admission_type_status(r, obj);
	if (type_status) {
		api_reply_status(r, type_status);
		return -1;
	}
	if (streq(mode, "Ignore"))
		return 0;
	_cleanup_free_ char **unknown = NULL, **dups = NULL;
	size_t n = api_schema_unknown_fields(r->res, obj, &unknown);
	size_t nd = api_schema_duplicate_fields(r->res, obj, &dups);
	if (!n && !nd)
		return 0;
	kc_buf msg = KC_BUF_INIT;
	for (size_t i = 0; i < nd + n; i++) {
		const char *what = i < nd ? "duplicate" : "unknown";
		const char *field = i < nd ? dups[i] : unknown[i - nd];
		if (streq(mode, "Warn"))
			api_req_warn(r, "%s field \"%s\"", what, field);
		else
			kc_buf_addf(&msg, "%s%s field \"%s\"", i ? ", " : "", what, field);
	}
	for (size_t i = 0; i < nd; i++)
		free(dups[i]);
	for (size_t i = 0; i < n; i++)
		free(unknown[i]);
	if (streq(mode, "Warn")) {
		kc_buf_free(&msg);
		return 0;
	}
	/* upstream: <Kind> in version "<v>" cannot be handled as a <Kind>:
	 * strict decoding error: ... */
	api_reply_status(r, api_status_bad_request("%s in version \"%s\" cannot be handled as a %s: strict decoding "
						   "error: %s",
						   r->res->kind, r->res->version, r->res->kind, kc_buf_str(&msg)));
	kc_buf_free(&msg);
	return -1;
}
