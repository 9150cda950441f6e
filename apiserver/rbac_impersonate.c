/* rbac_impersonate.c - upstream's impersonation filter
 * (k8s.io/apiserver/pkg/endpoints/filters/impersonation.go) as one function
 * the request pipeline calls between authentication and authorization (see
 * api_rbac_impersonate in rbac.h). */
#include <ctype.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <strings.h>
#include <sys/queue.h>
#include <string.h>

#include "apiserver/rbac.h"
#include "apiserver/rbac_policy.h"
#include "apiserver/status.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

#define AUTHN_V1 "authentication.k8s.io/v1"

/* One thing asked for, as upstream's ObjectReference. */
typedef struct imp_request {
	const char *kind;        /* ServiceAccount User Group UserExtra UID */
	const char *ns;          /* ServiceAccount */
	const char *name;        /* the value */
	const char *field_path;  /* UserExtra: the key */
	const char *api_version; /* UserExtra, UID: authentication.k8s.io/v1 */
} imp_request;

typedef struct imp_list {
	imp_request *v;
	size_t n, cap;
} imp_list;

static void imp_push(imp_list *l, imp_request r)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = r;
}

/* serviceaccount.SplitUsername: both parts valid names. */
static bool split_sa(const char *user, char *ns, size_t size, const char **ret_name)
{
	if (!rbac_sa_namespace(user, ns, size))
		return false;
	const char *name = strrchr(user, ':') + 1;
	if (kc_validate_name_dns_label(ns, false, NULL) || kc_validate_name_dns_subdomain(name, false, NULL))
		return false;
	*ret_name = name;
	return true;
}

/* Go's %v of []ObjectReference, for the "without impersonating a user"
 * message: {Kind Namespace Name UID APIVersion ResourceVersion FieldPath}. */
static char *describe_requests(const imp_list *l)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_addch(&b, '[');
	for (size_t i = 0; i < l->n; i++) {
		const imp_request *r = &l->v[i];
		kc_buf_addf(&b, "%s{%s %s %s  %s  %s}", i ? " " : "", r->kind, r->ns ? r->ns : "", r->name,
			    r->api_version ? r->api_version : "", r->field_path ? r->field_path : "");
	}
	kc_buf_addch(&b, ']');
	return kc_buf_release(&b);
}

/* responsewriters.Forbidden for attrs. */
static cJSON *forbidden(const api_authz_attrs *a, const char *reason)
{
	_cleanup_free_ char *user = kc_validate_quote(a->user->name ? a->user->name : "");
	_cleanup_free_ char *res = a->subresource[0] ? xasprintf("%s/%s", a->resource, a->subresource)
						     : xstrdup(a->resource);
	_cleanup_free_ char *qres = kc_validate_quote(res);
	_cleanup_free_ char *qgroup = kc_validate_quote(a->api_group);
	_cleanup_free_ char *scope = NULL;
	if (a->namespace[0]) {
		_cleanup_free_ char *qns = kc_validate_quote(a->namespace);
		scope = xasprintf("in the namespace %s", qns);
	} else {
		scope = xstrdup("at the cluster scope");
	}
	bool has_reason = reason && reason[0];
	_cleanup_free_ char *why = xasprintf("User %s cannot %s resource %s in API group %s %s%s%s", user,
					     a->verb, qres, qgroup, scope, has_reason ? ": " : "",
					     has_reason ? reason : "");
	return api_status_forbidden(a->api_group, a->resource, a->name, why);
}

static char **strv_append(char **v, size_t *n, const char *s)
{
	v = xrealloc(v, (*n + 2) * sizeof(*v));
	v[(*n)++] = xstrdup(s);
	v[*n] = NULL;
	return v;
}

static bool strv_contains(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (streq(v[i], s))
			return true;
	return false;
}

int api_rbac_impersonate(const api_rbac *rb, api_user *user, const char *as_user,
			 const char *const *as_groups, const char *as_uid, const cJSON *extra,
			 cJSON **ret_status)
{
	imp_list reqs = {0};
	char ns[256];
	bool has_user = as_user && as_user[0], has_groups = as_groups && as_groups[0];
	bool has_uid = as_uid && as_uid[0];
	if (has_user) {
		const char *sa_name = NULL;
		if (split_sa(as_user, ns, sizeof(ns), &sa_name))
			imp_push(&reqs, (imp_request){.kind = "ServiceAccount", .ns = ns, .name = sa_name});
		else
			imp_push(&reqs, (imp_request){.kind = "User", .name = as_user});
	}
	for (size_t i = 0; has_groups && as_groups[i]; i++)
		imp_push(&reqs, (imp_request){.kind = "Group", .name = as_groups[i]});
	const cJSON *extras = cJSON_IsObject(extra) ? extra : NULL, *values;
	cJSON_ArrayForEach(values, extras) {
		const cJSON *v;
		cJSON_ArrayForEach(v, values) {
			if (!cJSON_IsString(v))
				continue;
			imp_push(&reqs, (imp_request){.kind = "UserExtra",
						      .name = v->valuestring,
						      .field_path = values->string,
						      .api_version = AUTHN_V1});
		}
	}
	if (has_uid)
		imp_push(&reqs, (imp_request){.kind = "UID", .name = as_uid, .api_version = AUTHN_V1});
	if (!reqs.n) {
		free(reqs.v);
		return 0;
	}
	if (!has_user) {
		/* groups, extras or a uid without a user: upstream answers this
		 * with an internal error */
		_cleanup_free_ char *what = describe_requests(&reqs);
		*ret_status = api_status_internal("requested %s without impersonating a user", what);
		free(reqs.v);
		return -1;
	}

	_cleanup_free_ char *name = NULL, *uid = NULL;
	char **groups = NULL;
	size_t ngroups = 0;
	for (size_t i = 0; i < reqs.n; i++) {
		const imp_request *q = &reqs.v[i];
		api_authz_attrs a = {.user = user,
				     .verb = "impersonate",
				     .resource_request = true,
				     .namespace = "",
				     .api_group = "",
				     .subresource = "",
				     .name = q->name,
				     .path = ""};
		if (streq(q->kind, "ServiceAccount")) {
			a.resource = "serviceaccounts";
			a.namespace = q->ns;
			free(name);
			name = xasprintf("system:serviceaccount:%s:%s", q->ns, q->name);
			/* a service account's groups are known when none are given */
			if (!has_groups) {
				groups = strv_append(groups, &ngroups, "system:serviceaccounts");
				_cleanup_free_ char *g = xasprintf("system:serviceaccounts:%s", q->ns);
				groups = strv_append(groups, &ngroups, g);
			}
		} else if (streq(q->kind, "User")) {
			a.resource = "users";
			free(name);
			name = xstrdup(q->name);
		} else if (streq(q->kind, "Group")) {
			a.resource = "groups";
			groups = strv_append(groups, &ngroups, q->name);
		} else if (streq(q->kind, "UserExtra")) {
			a.api_group = "authentication.k8s.io";
			a.resource = "userextras";
			a.subresource = q->field_path;
		} else {
			a.api_group = "authentication.k8s.io";
			a.resource = "uids";
			free(uid);
			uid = xstrdup(q->name);
		}
		_cleanup_free_ char *reason = NULL;
		if (!api_rbac_allowed(rb, &a, &reason)) {
			*ret_status = forbidden(&a, reason);
			free(reqs.v);
			for (size_t k = 0; k < ngroups; k++)
				free(groups[k]);
			free(groups);
			return -1;
		}
	}
	free(reqs.v);

	/* system:authenticated unless a group says otherwise; an impersonated
	 * anonymous user is unauthenticated */
	if (!streq(name, "system:anonymous")) {
		if (!strv_contains(groups, "system:authenticated") &&
		    !strv_contains(groups, "system:unauthenticated"))
			groups = strv_append(groups, &ngroups, "system:authenticated");
	} else if (!strv_contains(groups, "system:unauthenticated")) {
		groups = strv_append(groups, &ngroups, "system:unauthenticated");
	}
	api_user_clear(user);
	user->name = TAKE_PTR(name);
	user->uid = uid ? TAKE_PTR(uid) : xstrdup("");
	user->groups = groups;
	return 0;
}

/* An Impersonate-Extra-<key> header's key: lowercased (Go canonicalises
 * header names), then percent-unescaped as url.PathUnescape. NULL when the
 * escaping is malformed. */
static char *extra_key(const char *raw)
{
	_cleanup_free_ char *lower = xstrdup(raw);
	for (char *c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	size_t n = 0;
	char *out = evhttp_uridecode(lower, 0, &n);
	if (out && strlen(out) != n) {
		/* a %00 would hide the rest of the key */
		free(out);
		return NULL;
	}
	return out;
}

int api_impersonate_request(api_req *r)
{
	struct evkeyvalq *headers = r->http ? evhttp_request_get_input_headers(r->http) : NULL;
	if (!headers)
		return 0;
	const char *as_user = NULL, *as_uid = NULL;
	const char **groups = NULL;
	size_t ngroups = 0;
	_cleanup_json_ cJSON *extra = NULL;
	static const char extra_prefix[] = "Impersonate-Extra-";
	struct evkeyval *kv;
	TAILQ_FOREACH(kv, headers, next) {
		if (strcasecmp(kv->key, "Impersonate-User") == 0) {
			if (!as_user)
				as_user = kv->value;
		} else if (strcasecmp(kv->key, "Impersonate-Uid") == 0) {
			if (!as_uid)
				as_uid = kv->value;
		} else if (strcasecmp(kv->key, "Impersonate-Group") == 0) {
			groups = xrealloc(groups, (ngroups + 2) * sizeof(*groups));
			groups[ngroups++] = kv->value;
			groups[ngroups] = NULL;
		} else if (strncasecmp(kv->key, extra_prefix, sizeof(extra_prefix) - 1) == 0) {
			_cleanup_free_ char *key = extra_key(kv->key + sizeof(extra_prefix) - 1);
			if (!key)
				continue;
			if (!extra)
				extra = cJSON_CreateObject();
			cJSON *values = cJSON_GetObjectItemCaseSensitive(extra, key);
			if (!values)
				values = cJSON_AddArrayToObject(extra, key);
			cJSON_AddItemToArray(values, cJSON_CreateString(kv->value));
		}
	}
	cJSON *status = NULL;
	int rc = api_rbac_impersonate(r->srv->rbac, &r->user, as_user, groups, as_uid, extra, &status);
	free(groups);
	if (rc < 0) {
		api_reply_status(r, status);
		return -1;
	}
	return 0;
}
