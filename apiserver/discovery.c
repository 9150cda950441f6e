/* discovery.c - what is not a resource: discovery documents (/api, /apis,
 * /api/v1, /apis/<group>[/<version>]), /version, /healthz /livez /readyz
 * (with ?verbose and per-check paths, as upstream), /metrics and the
 * OpenAPI documents. */
#include <event2/buffer.h>
#include <event2/http.h>
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "apiserver/cache.h"
#include "apiserver/discovery.h"
#include "apiserver/handlers.h"
#include "apiserver/metrics.h"
#include "apiserver/schema.h"
#include "apiserver/status.h"
#include "apiserver/watch.h"
#include "common/json.h"
#include "banned.h"


static cJSON *verbs_json(unsigned verbs)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {{KC_VERB_CREATE, "create"}, {KC_VERB_DELETE, "delete"}, {KC_VERB_DELETECOLLECTION, "deletecollection"},
		     {KC_VERB_GET, "get"},       {KC_VERB_LIST, "list"},     {KC_VERB_PATCH, "patch"},
		     {KC_VERB_UPDATE, "update"}, {KC_VERB_WATCH, "watch"}};
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < KC_ARRAY_SIZE(names); i++)
		if (verbs & names[i].bit)
			cJSON_AddItemToArray(a, cJSON_CreateString(names[i].name));
	return a;
}

static void add_strings(cJSON *obj, const char *field, const char *const *values)
{
	if (!values[0])
		return;
	cJSON *a = cJSON_AddArrayToObject(obj, field);
	for (size_t i = 0; values[i]; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(values[i]));
}

static void add_sub(cJSON *list, const kc_resource *r, const char *sub, const char *kind, const char *group,
		    const char *version, const char *const *verbs)
{
	cJSON *e = cJSON_CreateObject();
	_cleanup_free_ char *name = xasprintf("%s/%s", r->plural, sub);
	cJSON_AddStringToObject(e, "name", name);
	cJSON_AddStringToObject(e, "singularName", r->singular);
	cJSON_AddBoolToObject(e, "namespaced", r->namespaced);
	if (group)
		cJSON_AddStringToObject(e, "group", group);
	if (version)
		cJSON_AddStringToObject(e, "version", version);
	cJSON_AddStringToObject(e, "kind", kind);
	cJSON *v = cJSON_AddArrayToObject(e, "verbs");
	for (size_t i = 0; verbs[i]; i++)
		cJSON_AddItemToArray(v, cJSON_CreateString(verbs[i]));
	cJSON_AddItemToArray(list, e);
}

static void add_subresources(cJSON *list, const kc_resource *r)
{
	static const char *const gpu[] = {"get", "patch", "update", NULL};
	static const char *const create[] = {"create", NULL};
	static const char *const get[] = {"get", NULL};
	static const char *const create_get[] = {"create", "get", NULL};
	static const char *const update[] = {"update", NULL};
	static const char *const proxy[] = {"create", "delete", "get", "patch", "update", NULL};
	unsigned s = r->subresources;
	if (s & KC_SUB_ATTACH)
		add_sub(list, r, "attach", "PodAttachOptions", NULL, NULL, create_get);
	if (s & KC_SUB_BINDING)
		add_sub(list, r, "binding", "Binding", NULL, NULL, create);
	if (s & KC_SUB_EVICTION)
		add_sub(list, r, "eviction", "Eviction", "policy", "v1", create);
	if (s & KC_SUB_EXEC)
		add_sub(list, r, "exec", "PodExecOptions", NULL, NULL, create_get);
	if (s & KC_SUB_FINALIZE)
		add_sub(list, r, "finalize", r->kind, NULL, NULL, update);
	if (s & KC_SUB_LOG)
		add_sub(list, r, "log", r->kind, NULL, NULL, get);
	if (s & KC_SUB_PORTFORWARD)
		add_sub(list, r, "portforward", "PodPortForwardOptions", NULL, NULL, create_get);
	if (s & KC_SUB_PROXY) {
		_cleanup_free_ char *k = xasprintf("%sProxyOptions", r->kind);
		add_sub(list, r, "proxy", k, NULL, NULL, proxy);
	}
	if (s & KC_SUB_SCALE)
		add_sub(list, r, "scale", "Scale", "autoscaling", "v1", gpu);
	if (s & KC_SUB_STATUS)
		add_sub(list, r, "status", r->kind, NULL, NULL, gpu);
	if (s & KC_SUB_TOKEN)
		add_sub(list, r, "token", "TokenRequest", "authentication.k8s.io", "v1", create);
}

static cJSON *resource_list(const char *group, const char *version)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "kind", "APIResourceList");
	cJSON_AddStringToObject(doc, "apiVersion", "v1");
	_cleanup_free_ char *gv = group[0] ? xasprintf("%s/%s", group, version) : xstrdup(version);
	cJSON_AddStringToObject(doc, "groupVersion", gv);
	cJSON *list = cJSON_AddArrayToObject(doc, "resources");
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		if (!streq(r->group, group) || !streq(r->version, version))
			continue;
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", r->plural);
		cJSON_AddStringToObject(e, "singularName", r->singular);
		cJSON_AddBoolToObject(e, "namespaced", r->namespaced);
		cJSON_AddStringToObject(e, "kind", r->kind);
		cJSON_AddItemToObject(e, "verbs", verbs_json(r->verbs));
		add_strings(e, "shortNames", r->short_names);
		add_strings(e, "categories", r->categories);
		cJSON_AddItemToArray(list, e);
		add_subresources(list, r);
	}
	return doc;
}

static cJSON *group_json(const char *group)
{
	cJSON *g = cJSON_CreateObject();
	cJSON_AddStringToObject(g, "name", group);
	cJSON *versions = cJSON_AddArrayToObject(g, "versions");
	_cleanup_free_ char *gv = xasprintf("%s/v1", group);
	cJSON *v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "groupVersion", gv);
	cJSON_AddStringToObject(v, "version", "v1");
	cJSON_AddItemToArray(versions, v);
	cJSON_AddItemToObject(g, "preferredVersion", cJSON_Duplicate(v, true));
	return g;
}

static bool group_served(const char *group)
{
	for (size_t i = 0; kc_api_groups[i]; i++)
		if (kc_api_groups[i][0] && streq(kc_api_groups[i], group))
			return true;
	return false;
}

static void reply_discovery(api_req *r)
{
	char **p = r->info.parts;
	int n = r->info.nparts;
	_cleanup_json_ cJSON *doc = NULL;
	if (n == 1 && streq(p[0], "api")) {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "kind", "APIVersions");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "versions"), cJSON_CreateString("v1"));
		cJSON *addr = cJSON_CreateObject();
		cJSON_AddStringToObject(addr, "clientCIDR", "0.0.0.0/0");
		const char *host = evhttp_find_header(evhttp_request_get_input_headers(r->http), "Host");
		cJSON_AddStringToObject(addr, "serverAddress", host ? host : "");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "serverAddressByClientCIDRs"), addr);
	} else if (n == 2 && streq(p[0], "api") && streq(p[1], "v1")) {
		doc = resource_list("", "v1");
	} else if (n == 1 && streq(p[0], "apis")) {
		doc = cJSON_CreateObject();
		cJSON_AddStringToObject(doc, "kind", "APIGroupList");
		cJSON_AddStringToObject(doc, "apiVersion", "v1");
		cJSON *groups = cJSON_AddArrayToObject(doc, "groups");
		for (size_t i = 0; kc_api_groups[i]; i++)
			if (kc_api_groups[i][0])
				cJSON_AddItemToArray(groups, group_json(kc_api_groups[i]));
	} else if (n == 2 && streq(p[0], "apis") && group_served(p[1])) {
		doc = group_json(p[1]);
		cJSON_AddStringToObject(doc, "kind", "APIGroup");
		cJSON_AddStringToObject(doc, "apiVersion", "v1");
	} else if (n == 3 && streq(p[0], "apis") && group_served(p[1]) && streq(p[2], "v1")) {
		doc = resource_list(p[1], "v1");
	}
	if (!doc) {
		api_reply_status(r, api_status_no_route());
		return;
	}
	api_reply_json(r, 200, doc);
}

static void reply_version(api_req *r)
{
	_cleanup_json_ cJSON *v = cJSON_CreateObject();
	cJSON_AddStringToObject(v, "major", API_KUBE_MAJOR);
	cJSON_AddStringToObject(v, "minor", API_KUBE_MINOR);
	cJSON_AddStringToObject(v, "gitVersion", API_GIT_VERSION);
	cJSON_AddStringToObject(v, "gitCommit", "");
	cJSON_AddStringToObject(v, "gitTreeState", "clean");
	cJSON_AddStringToObject(v, "buildDate", __DATE__ " " __TIME__);
	cJSON_AddStringToObject(v, "goVersion", "");
	cJSON_AddStringToObject(v, "compiler", "gcc");
	cJSON_AddStringToObject(v, "platform", "linux/amd64");
	api_reply_json(r, 200, v);
}

/* ---- health ---- */

typedef struct check {
	const char *name;
	bool (*ok)(apiserver *s);
} check;

static bool check_ping(apiserver *s)
{
	(void)s;
	return true;
}

static bool check_caches(apiserver *s)
{
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(s->caches, &it))
		if (!api_cache_ready(it.value))
			return false;
	return true;
}

static bool check_bootstrap(apiserver *s) { return s->bootstrapped; }

static bool check_not_shutting_down(apiserver *s) { return !s->shutting_down; }

static bool check_etcd(apiserver *s) { return s->etcd_ok && check_caches(s); }

static const check livez_checks[] = {{"ping", check_ping}, {"etcd", check_etcd}, {NULL, NULL}};
static const check readyz_checks[] = {{"ping", check_ping},
				      {"etcd", check_etcd},
				      {"poststarthook/bootstrap-controller", check_bootstrap},
				      {"shutdown", check_not_shutting_down},
				      {NULL, NULL}};

static void reply_health(api_req *r, const char *what, const check *checks)
{
	const char *only = r->info.nparts > 1 ? r->info.parts[1] : NULL;
	char joined[256];
	if (only && r->info.nparts > 2) {
		/* poststarthook/<name> */
		snprintf(joined, sizeof(joined), "%s/%s", r->info.parts[1], r->info.parts[2]);
		only = joined;
	}
	bool verbose = api_query(r, "verbose") != NULL;
	kc_buf b = KC_BUF_INIT;
	bool all_ok = true, found = false;
	for (const check *c = checks; c->name; c++) {
		if (only && !streq(only, c->name))
			continue;
		found = true;
		bool ok = c->ok(r->srv);
		all_ok &= ok;
		kc_buf_addf(&b, "[%c]%s %s\n", ok ? '+' : '-', c->name, ok ? "ok" : "failed: reason withheld");
	}
	if (only && !found) {
		kc_buf_free(&b);
		api_reply_status(r, api_status_no_route());
		return;
	}
	if (only) {
		api_reply_text(r, all_ok ? 200 : 500, "text/plain; charset=utf-8", all_ok ? "ok" : kc_buf_str(&b));
	} else if (verbose || !all_ok) {
		kc_buf_addf(&b, "%s check %s\n", what, all_ok ? "passed" : "failed");
		api_reply_text(r, all_ok ? 200 : 500, "text/plain; charset=utf-8", kc_buf_str(&b));
	} else {
		api_reply_text(r, 200, "text/plain; charset=utf-8", "ok");
	}
	kc_buf_free(&b);
}

static void reply_metrics(api_req *r)
{
	apiserver *s = r->srv;
	kc_metric_set(s->metrics->inflight, NULL, (double)s->inflight);
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(s->caches, &it)) {
		const char *labels[] = {it.key};
		kc_metric_set(s->metrics->objects, labels, (double)api_cache_size(it.value));
	}
	kc_buf b = KC_BUF_INIT;
	kc_metrics_render(s->metrics->reg, &b);
	api_reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", kc_buf_str(&b));
	kc_buf_free(&b);
}

static void reply_openapi(api_req *r)
{
	char **p = r->info.parts;
	int n = r->info.nparts;
	size_t len = 0;
	const char *doc = NULL;
	if (n == 2 && streq(p[1], "v2")) {
		/* kubectl 1.27/1.28 ask for the protobuf form (gnostic's
		 * openapi.v2.Document) and parse nothing else */
		const char *accept = api_header(r, "Accept");
		if (accept && strstr(accept, "protobuf")) {
			doc = api_openapi_v2_pb(&len);
			struct evkeyvalq *out = evhttp_request_get_output_headers(r->http);
			evhttp_add_header(out, "Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
			struct evbuffer *buf = evbuffer_new();
			evbuffer_add(buf, doc, len);
			r->code = 200;
			evhttp_send_reply(r->http, 200, NULL, buf);
			evbuffer_free(buf);
			api_req_finish(r);
			return;
		}
		doc = api_openapi_v2(&len);
	} else if (n == 2 && streq(p[1], "v3")) {
		doc = api_openapi_v3_index(&len);
	} else if (n >= 3 && streq(p[1], "v3")) {
		kc_buf path = KC_BUF_INIT;
		for (int i = 2; i < n; i++)
			kc_buf_addf(&path, "%s%s", i > 2 ? "/" : "", p[i]);
		doc = api_openapi_v3_group(kc_buf_str(&path), &len);
		kc_buf_free(&path);
	}
	if (!doc) {
		api_reply_status(r, api_status_no_route());
		return;
	}
	api_reply_raw(r, 200, doc, len);
}

void api_handle_nonresource(api_req *r)
{
	const char *verb = r->info.verb;
	if (!streq(verb, "get") && !streq(verb, "head")) {
		api_reply_status(r, api_status_method_not_allowed());
		return;
	}
	char **p = r->info.parts;
	int n = r->info.nparts;
	if (n == 0) {
		/* "/": the list of paths, as upstream's index */
		_cleanup_json_ cJSON *doc = cJSON_CreateObject();
		cJSON *paths = cJSON_AddArrayToObject(doc, "paths");
		static const char *const list[] = {"/api", "/api/v1", "/apis", "/healthz", "/livez", "/metrics",
						   "/openapi/v2", "/openapi/v3", "/readyz", "/version"};
		for (size_t i = 0; i < KC_ARRAY_SIZE(list); i++)
			cJSON_AddItemToArray(paths, cJSON_CreateString(list[i]));
		api_reply_json(r, 200, doc);
	} else if (streq(p[0], "api") || streq(p[0], "apis")) {
		reply_discovery(r);
	} else if (n == 1 && streq(p[0], "version")) {
		reply_version(r);
	} else if (streq(p[0], "healthz")) {
		reply_health(r, "healthz", livez_checks);
	} else if (streq(p[0], "livez")) {
		reply_health(r, "livez", livez_checks);
	} else if (streq(p[0], "readyz")) {
		reply_health(r, "readyz", readyz_checks);
	} else if (n == 1 && streq(p[0], "metrics")) {
		reply_metrics(r);
	} else if (streq(p[0], "openapi")) {
		reply_openapi(r);
	} else {
		api_reply_status(r, api_status_no_route());
	}
}
