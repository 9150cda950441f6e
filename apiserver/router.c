/* router.c - the entry point for every request: authenticate, find out what
 * it is about, authorize, then hand it to the verb's handler (in that order,
 * as upstream's filter chain: an unauthorized client learns nothing, not
 * even whether a resource exists). */
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <strings.h>
#include <sys/queue.h>
#include <time.h>

#include "apiserver/authn.h"
#include "apiserver/handlers.h"
#include "apiserver/printer.h"
#include "apiserver/rbac.h"
#include "apiserver/status.h"
#include "banned.h"

static const char *method_name(enum evhttp_cmd_type c)
{
	switch (c) {
	case EVHTTP_REQ_GET:
		return "GET";
	case EVHTTP_REQ_POST:
		return "POST";
	case EVHTTP_REQ_HEAD:
		return "HEAD";
	case EVHTTP_REQ_PUT:
		return "PUT";
	case EVHTTP_REQ_DELETE:
		return "DELETE";
	case EVHTTP_REQ_OPTIONS:
		return "OPTIONS";
	case EVHTTP_REQ_PATCH:
		return "PATCH";
	case EVHTTP_REQ_TRACE:
		return "TRACE";
	case EVHTTP_REQ_CONNECT:
		return "CONNECT";
	default:
		return "OTHER";
	}
}

/* The query as Go's url.ParseQuery reads it: "a=1&b&c=x+y" gives a="1",
 * b="", c="x y" (evhttp's own parser refuses a key without "="). */
static void parse_query(const char *q, struct evkeyvalq *out)
{
	_cleanup_free_ char *copy = xstrdup(q);
	char *save = NULL;
	for (char *kv = strtok_r(copy, "&;", &save); kv; kv = strtok_r(NULL, "&;", &save)) {
		char *eq = strchr(kv, '=');
		if (eq)
			*eq = '\0';
		char *key = evhttp_uridecode(kv, 1, NULL);
		char *value = evhttp_uridecode(eq ? eq + 1 : "", 1, NULL);
		if (key && key[0])
			evhttp_add_header(out, key, value ? value : "");
		free(key);
		free(value);
	}
}

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Picks the answer's shape from Accept. Returns 0 or -1 (406 sent). */
static int negotiate(api_req *r)
{
	const char *accept = api_header(r, "Accept");
	if (!accept || !accept[0])
		return 0;
	_cleanup_free_ char *copy = xstrdup(accept);
	char *save = NULL;
	for (char *m = strtok_r(copy, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
		while (*m == ' ')
			m++;
		char *params = strchr(m, ';');
		if (params)
			*params++ = '\0';
		char *end = m + strlen(m);
		while (end > m && end[-1] == ' ')
			*--end = '\0';
		const char *as = NULL, *g = NULL;
		char *psave = NULL;
		for (char *p = params ? strtok_r(params, ";", &psave) : NULL; p; p = strtok_r(NULL, ";", &psave)) {
			while (*p == ' ')
				p++;
			if (str_startswith(p, "as="))
				as = p + 3;
			else if (str_startswith(p, "g="))
				g = p + 2;
		}
		bool json = streq(m, "application/json") || streq(m, "application/*") || streq(m, "*/*");
		if (json && as && g && streq(g, "meta.k8s.io")) {
			if (streq(as, "Table") && r->info.is_resource_request) {
				const char *include = api_query(r, "includeObject");
				if (!api_table_include_object_valid(include)) {
					api_reply_status(r, api_status_bad_request("unrecognized includeObject value: \"%s\"",
										   include));
					return -1;
				}
				r->as = API_AS_TABLE;
				return 0;
			}
			if (streq(as, "PartialObjectMetadata") || streq(as, "PartialObjectMetadataList")) {
				r->as = API_AS_METADATA;
				return 0;
			}
			continue; /* an "as" we do not make: try the next type */
		}
		if (json && !as)
			return 0;
		if (streq(m, "application/yaml")) {
			r->yaml = true;
			return 0;
		}
		/* application/vnd.kubernetes.protobuf and others: not served */
	}
	api_reply_status(r, api_status_not_acceptable());
	return -1;
}

static bool verb_allowed(const kc_resource *res, const char *verb)
{
	static const struct {
		const char *verb;
		unsigned bit;
	} bits[] = {{"create", KC_VERB_CREATE}, {"delete", KC_VERB_DELETE}, {"deletecollection", KC_VERB_DELETECOLLECTION},
		    {"get", KC_VERB_GET},       {"list", KC_VERB_LIST},     {"patch", KC_VERB_PATCH},
		    {"update", KC_VERB_UPDATE}, {"watch", KC_VERB_WATCH}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(bits); i++)
		if (streq(bits[i].verb, verb))
			return res->verbs & bits[i].bit;
	return false;
}

/* 403 with upstream's message: `pods "x" is forbidden: User "bob" cannot
 * get resource "pods/log" in API group "" in the namespace "default"`, and
 * RBAC's reason after a colon when it has one. */
static void forbid(api_req *r, const char *reason)
{
	api_reqinfo *ri = &r->info;
	_cleanup_free_ char *why = NULL;
	if (!ri->is_resource_request) {
		why = xasprintf("User \"%s\" cannot %s path \"%s\"%s%s", r->user.name, ri->verb, ri->path,
				reason && reason[0] ? ": " : "", reason ? reason : "");
		_cleanup_free_ char *msg = xasprintf("forbidden: %s", why);
		api_reply_status(r, api_status_new(403, "Forbidden", msg, cJSON_CreateObject()));
		return;
	}
	_cleanup_free_ char *res = ri->subresource[0] ? xasprintf("%s/%s", ri->resource, ri->subresource)
						      : xstrdup(ri->resource);
	_cleanup_free_ char *scope = ri->namespace[0] ? xasprintf("in the namespace \"%s\"", ri->namespace)
						       : xstrdup("at the cluster scope");
	why = xasprintf("User \"%s\" cannot %s resource \"%s\" in API group \"%s\" %s%s%s", r->user.name, ri->verb,
			res, ri->api_group, scope, reason && reason[0] ? ": " : "", reason ? reason : "");
	api_reply_status(r, api_status_forbidden(ri->api_group, ri->resource, ri->name, why));
}

/* Whether the request is allowed; *ret_reason gets RBAC's reason (caller frees). */
static bool authorized(api_req *r, char **ret_reason)
{
	*ret_reason = NULL;
	if (!r->srv->rbac)
		return true;
	api_authz_attrs a = {
		.user = &r->user,
		.verb = r->info.verb,
		.resource_request = r->info.is_resource_request,
		.namespace = r->info.namespace,
		.api_group = r->info.api_group,
		.resource = r->info.resource,
		.subresource = r->info.subresource,
		.name = r->info.name,
		.path = r->info.path,
	};
	return api_rbac_allowed(r->srv->rbac, &a, ret_reason);
}

/* The options kind of a writing verb ("CreateOptions"), NULL for reads. */
static const char *write_options_kind(const char *verb)
{
	static const char *const kinds[][2] = {{"create", "CreateOptions"},
					       {"update", "UpdateOptions"},
					       {"patch", "PatchOptions"},
					       {"delete", "DeleteOptions"},
					       {"deletecollection", "DeleteOptions"}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(kinds); i++)
		if (streq(verb, kinds[i][0]))
			return kinds[i][1];
	return NULL;
}

static void route_subresource(api_req *r)
{
	const char *sub = r->info.subresource;
	const char *verb = r->info.verb;
	unsigned subs = r->res->subresources;
	bool read = streq(verb, "get"), write = streq(verb, "update") || streq(verb, "patch");
	if ((streq(sub, "status") && (subs & KC_SUB_STATUS)) ||
	    (streq(sub, "finalize") && (subs & KC_SUB_FINALIZE))) {
		if (read && streq(sub, "status"))
			api_handle_get(r);
		else if (streq(verb, "update"))
			api_handle_update(r);
		else if (streq(verb, "patch") && streq(sub, "status"))
			api_handle_patch(r);
		else
			api_reply_status(r, api_status_method_not_allowed());
	} else if (streq(sub, "scale") && (subs & KC_SUB_SCALE)) {
		if (read)
			api_handle_get(r);
		else if (write)
			api_handle_scale_write(r, streq(verb, "patch"));
		else
			api_reply_status(r, api_status_method_not_allowed());
	} else if (streq(sub, "token") && (subs & KC_SUB_TOKEN)) {
		if (streq(verb, "create"))
			api_handle_token_request(r);
		else
			api_reply_status(r, api_status_method_not_allowed());
	} else if (streq(sub, "binding") && (subs & KC_SUB_BINDING)) {
		if (streq(verb, "create"))
			api_handle_binding(r);
		else
			api_reply_status(r, api_status_method_not_allowed());
	} else if (subs & (KC_SUB_LOG | KC_SUB_EXEC | KC_SUB_ATTACH | KC_SUB_PORTFORWARD | KC_SUB_PROXY |
			   KC_SUB_EVICTION)) {
		api_handle_node_proxy(r);
	} else {
		api_reply_status(r, api_status_no_route());
	}
}

static void route(api_req *r)
{
	api_reqinfo *ri = &r->info;
	r->res = kc_resource_find(ri->api_group, ri->api_version, ri->resource);
	if (!r->res) {
		api_reply_status(r, api_status_no_route());
		return;
	}
	r->strategy = api_strategy_for(r->res);
	bool is_namespaces = !r->res->group[0] && streq(r->res->plural, "namespaces");
	if (!r->res->namespaced && ri->namespace[0] && !is_namespaces) {
		api_reply_status(r, api_status_no_route());
		return;
	}
	if (is_namespaces) {
		/* /api/v1/namespaces/<name>: the name, not a scope */
		free(ri->namespace);
		ri->namespace = xstrdup("");
	}
	if (r->res->namespaced && !ri->namespace[0] &&
	    !(streq(ri->verb, "list") || streq(ri->verb, "watch"))) {
		api_reply_status(r, api_status_no_route());
		return;
	}
	/* dryRun is an option of writes only; reads ignore it, as upstream */
	const char *dry = api_query(r, "dryRun");
	const char *opts = write_options_kind(ri->verb);
	if (dry && dry[0] && opts) {
		if (!streq(dry, "All")) {
			_cleanup_free_ char *why = xasprintf("Unsupported value: []string{\"%s\"}: supported values: \"All\"", dry);
			api_reply_status(r, api_status_invalid_options(opts, "dryRun", "FieldValueNotSupported", why));
			return;
		}
		r->dry_run = true;
	}
	if (negotiate(r) < 0)
		return;
	if (ri->subresource[0]) {
		route_subresource(r);
		return;
	}
	if (!verb_allowed(r->res, ri->verb)) {
		api_reply_status(r, api_status_method_not_allowed());
		return;
	}
	const char *verb = ri->verb;
	if (!ri->name[0] && (streq(verb, "update") || streq(verb, "patch"))) {
		/* PUT or PATCH of a collection */
		api_reply_status(r, api_status_method_not_allowed());
		return;
	}
	if (streq(verb, "create")) {
		if (!r->res->group[0] && streq(r->res->plural, "bindings"))
			api_handle_binding(r);
		else if (streq(r->res->group, "authorization.k8s.io"))
			api_handle_access_review(r);
		else if (ri->name[0])
			api_reply_status(r, api_status_method_not_allowed());
		else
			api_handle_create(r);
	} else if (streq(verb, "get")) {
		const char *watch = api_query(r, "watch");
		if (watch && (streq(watch, "1") || strcasecmp(watch, "true") == 0))
			api_handle_watch(r);
		else
			api_handle_get(r);
	} else if (streq(verb, "list")) {
		api_handle_list(r);
	} else if (streq(verb, "watch")) {
		api_handle_watch(r);
	} else if (streq(verb, "update")) {
		api_handle_update(r);
	} else if (streq(verb, "patch")) {
		api_handle_patch(r);
	} else if (streq(verb, "delete")) {
		api_handle_delete(r);
	} else if (streq(verb, "deletecollection")) {
		api_handle_deletecollection(r);
	} else {
		api_reply_status(r, api_status_method_not_allowed());
	}
}

void api_handle_request(struct evhttp_request *http, void *arg)
{
	apiserver *srv = arg;
	api_req *r = xcalloc(1, sizeof(*r));
	r->srv = srv;
	r->http = http;
	r->start_us = now_us();
	r->method = method_name(evhttp_request_get_command(http));
	srv->inflight++;

	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(http);
	const char *raw_path = uri ? evhttp_uri_get_path(uri) : NULL;
	_cleanup_free_ char *path = evhttp_uridecode(raw_path && raw_path[0] ? raw_path : "/", 0, NULL);
	r->query = xcalloc(1, sizeof(*r->query));
	TAILQ_INIT(r->query);
	const char *q = uri ? evhttp_uri_get_query(uri) : NULL;
	if (q)
		parse_query(q, r->query);
	struct evbuffer *in = evhttp_request_get_input_buffer(http);
	r->body_len = evbuffer_get_length(in);
	r->body = xmalloc(r->body_len + 1);
	evbuffer_copyout(in, r->body, r->body_len);
	r->body[r->body_len] = '\0';

	if (srv->shutting_down) {
		evhttp_add_header(evhttp_request_get_output_headers(http), "Connection", "close");
		api_reply_status(r, api_status_unavailable("apiserver is shutting down"));
		return;
	}

	struct evhttp_connection *conn = evhttp_request_get_connection(http);
	struct bufferevent *bev = conn ? evhttp_connection_get_bufferevent(conn) : NULL;
	SSL *ssl = bev ? bufferevent_openssl_get_ssl(bev) : NULL;
	if (api_authn_authenticate(srv->authn, ssl, api_header(r, "Authorization"), &r->user) < 0) {
		api_reply_status(r, api_status_unauthorized());
		return;
	}
	/* Impersonate-User/-Group/...: checked, then the request is theirs */
	if (api_impersonate_request(r) < 0)
		return;
	if (r->body_len > API_MAX_BODY) {
		_cleanup_free_ char *msg = xasprintf("Request entity too large: limit is %d", API_MAX_BODY);
		api_reply_status(r, api_status_new(413, "RequestEntityTooLarge", msg, NULL));
		return;
	}
	kc_error err = KC_ERROR_INIT;
	if (api_reqinfo_parse(r->method, path, api_query(r, "watch"), api_query(r, "fieldSelector"), &r->info,
			      &err) < 0) {
		api_reply_status(r, api_status_bad_request("%s", err.msg));
		return;
	}
	_cleanup_free_ char *reason = NULL;
	if (!authorized(r, &reason)) {
		forbid(r, reason);
		return;
	}
	if (!r->info.is_resource_request) {
		api_handle_nonresource(r);
		return;
	}
	route(r);
}
