/* access_review.c - the authorization.k8s.io/v1 reviews (see rbac.h):
 * SelfSubjectAccessReview and SubjectAccessReview ask the authorizer one
 * question, SelfSubjectRulesReview lists the rules a user has in a
 * namespace (`kubectl auth can-i --list`). Nothing is stored: each POST is
 * answered 201 with the review and its status, as upstream's registries
 * (pkg/registry/authorization/...) do. */
#include <string.h>

#include "apiserver/handlers.h"
#include "apiserver/rbac.h"
#include "apiserver/status.h"
#include "apiserver/strategy.h"
#include "common/json.h"
#include "common/util.h"
#include "banned.h"

#define AUTHZ_VERSION "authorization.k8s.io/v1"

/* ---- decoding: what Go's decoder refuses ----
 * A review is decoded into upstream's typed structs, so a member of the
 * wrong JSON type is a 400 naming the Go field, e.g.
 *   SelfSubjectAccessReview in version "v1" cannot be handled as a
 *   SelfSubjectAccessReview: json: cannot unmarshal number into Go struct
 *   field ResourceAttributes.spec.resourceAttributes.verb of type string
 * null is always accepted (it leaves the field empty). */

typedef struct decode_ctx {
	const char *kind;
	char *error; /* the first error, as Go reports the first */
} decode_ctx;

static const char *json_kind(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "string";
	if (cJSON_IsNumber(v))
		return "number";
	if (cJSON_IsBool(v))
		return "bool";
	if (cJSON_IsArray(v))
		return "array";
	return "object";
}

static void type_error(decode_ctx *c, const cJSON *v, const char *go_struct, const char *field,
		       const char *go_type)
{
	if (c->error)
		return;
	c->error = xasprintf("%s in version \"v1\" cannot be handled as a %s: json: cannot unmarshal %s into "
			     "Go struct field %s.%s of type %s",
			     c->kind, c->kind, json_kind(v), go_struct, field, go_type);
}

/* obj[key] must be a string (or null/absent). */
static void want_string(decode_ctx *c, const cJSON *obj, const char *key, const char *go_struct,
			const char *path)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (v && !cJSON_IsNull(v) && !cJSON_IsString(v)) {
		_cleanup_free_ char *field = xasprintf("%s.%s", path, key);
		type_error(c, v, go_struct, field, "string");
	}
}

/* obj[key] must be an object (or null/absent); returns it or NULL. */
static const cJSON *want_object(decode_ctx *c, const cJSON *obj, const char *key, const char *go_struct,
				const char *path, const char *go_type)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsObject(v)) {
		_cleanup_free_ char *field = path[0] ? xasprintf("%s.%s", path, key) : xstrdup(key);
		type_error(c, v, go_struct, field, go_type);
		return NULL;
	}
	return v;
}

/* obj[key] must be an array of strings (or null/absent). */
static void want_strings(decode_ctx *c, const cJSON *v, const char *go_struct, const char *field)
{
	if (!v || cJSON_IsNull(v))
		return;
	if (!cJSON_IsArray(v)) {
		type_error(c, v, go_struct, field, "[]string");
		return;
	}
	const cJSON *el;
	cJSON_ArrayForEach(el, v)
		if (!cJSON_IsNull(el) && !cJSON_IsString(el))
			type_error(c, el, go_struct, field, "string");
}

static void check_resource_attributes(decode_ctx *c, const cJSON *spec, const char *spec_struct)
{
	const cJSON *ra = want_object(c, spec, "resourceAttributes", spec_struct, "spec",
				      "v1.ResourceAttributes");
	static const char *const fields[] = {"namespace", "verb",        "group", "version",
					     "resource",  "subresource", "name"};
	for (size_t i = 0; ra && i < KC_ARRAY_SIZE(fields); i++)
		want_string(c, ra, fields[i], "ResourceAttributes", "spec.resourceAttributes");
	const cJSON *nra = want_object(c, spec, "nonResourceAttributes", spec_struct, "spec",
				       "v1.NonResourceAttributes");
	want_string(c, nra, "path", "NonResourceAttributes", "spec.nonResourceAttributes");
	want_string(c, nra, "verb", "NonResourceAttributes", "spec.nonResourceAttributes");
}

/* Returns NULL or the 400 message. */
static char *check_types(const char *kind, const cJSON *body)
{
	decode_ctx c = {.kind = kind};
	_cleanup_free_ char *spec_struct = xasprintf("%sSpec", kind);
	_cleanup_free_ char *spec_type = xasprintf("v1.%sSpec", kind);
	const cJSON *spec = want_object(&c, body, "spec", kind, "", spec_type);
	if (streq(kind, "SelfSubjectRulesReview")) {
		want_string(&c, spec, "namespace", spec_struct, "spec");
		return c.error;
	}
	check_resource_attributes(&c, spec, spec_struct);
	if (streq(kind, "SubjectAccessReview")) {
		want_string(&c, spec, "user", spec_struct, "spec");
		want_string(&c, spec, "uid", spec_struct, "spec");
		const cJSON *groups = cJSON_GetObjectItemCaseSensitive(spec, "groups");
		want_strings(&c, groups, spec_struct, "spec.groups");
		const cJSON *extra = want_object(&c, spec, "extra", spec_struct, "spec",
						 "map[string]v1.ExtraValue");
		const cJSON *values;
		cJSON_ArrayForEach(values, extra) {
			_cleanup_free_ char *field = xasprintf("spec.extra.%s", values->string);
			want_strings(&c, values, spec_struct, field);
		}
	}
	return c.error;
}

/* ---- answering ---- */

static const char *str_or_empty(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Copies the string members in keys from src to dst, leaving out empty
 * ones (Go's omitempty). */
static void copy_strings(cJSON *dst, const cJSON *src, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v = str_or_empty(src, keys[i]);
		if (v[0])
			cJSON_AddStringToObject(dst, keys[i], v);
	}
}

/* The spec as upstream's types hold it and print it again. */
static cJSON *normalized_spec(const cJSON *spec, bool subject)
{
	cJSON *out = cJSON_CreateObject();
	const cJSON *ra = cJSON_GetObjectItemCaseSensitive(spec, "resourceAttributes");
	if (cJSON_IsObject(ra)) {
		static const char *const keys[] = {"namespace", "verb",        "group", "version",
						   "resource",  "subresource", "name"};
		cJSON *o = cJSON_AddObjectToObject(out, "resourceAttributes");
		copy_strings(o, ra, keys, KC_ARRAY_SIZE(keys));
	}
	const cJSON *nra = cJSON_GetObjectItemCaseSensitive(spec, "nonResourceAttributes");
	if (cJSON_IsObject(nra)) {
		static const char *const keys[] = {"path", "verb"};
		cJSON *o = cJSON_AddObjectToObject(out, "nonResourceAttributes");
		copy_strings(o, nra, keys, KC_ARRAY_SIZE(keys));
	}
	if (!subject)
		return out;
	static const char *const user[] = {"user"};
	copy_strings(out, spec, user, 1);
	const cJSON *groups = cJSON_GetObjectItemCaseSensitive(spec, "groups");
	if (cJSON_GetArraySize(groups) > 0)
		cJSON_AddItemToObject(out, "groups", cJSON_Duplicate(groups, true));
	const cJSON *extra = cJSON_GetObjectItemCaseSensitive(spec, "extra");
	if (cJSON_GetArraySize(extra) > 0)
		cJSON_AddItemToObject(out, "extra", cJSON_Duplicate(extra, true));
	static const char *const uid[] = {"uid"};
	copy_strings(out, spec, uid, 1);
	return out;
}

static cJSON *review_object(const char *kind, cJSON *spec, cJSON *status)
{
	cJSON *out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "kind", kind);
	cJSON_AddStringToObject(out, "apiVersion", AUTHZ_VERSION);
	cJSON_AddNullToObject(cJSON_AddObjectToObject(out, "metadata"), "creationTimestamp");
	cJSON_AddItemToObject(out, "spec", spec);
	cJSON_AddItemToObject(out, "status", status);
	return out;
}

/* The decision on spec's resource or non-resource attributes for user, as
 * a SubjectAccessReviewStatus. */
static cJSON *decide(const api_rbac *rb, const api_user *user, const cJSON *spec)
{
	api_authz_attrs a = {.user = user,
			     .namespace = "",
			     .api_group = "",
			     .resource = "",
			     .subresource = "",
			     .name = "",
			     .path = ""};
	const cJSON *ra = cJSON_GetObjectItemCaseSensitive(spec, "resourceAttributes");
	const cJSON *nra = cJSON_GetObjectItemCaseSensitive(spec, "nonResourceAttributes");
	if (cJSON_IsObject(ra)) {
		a.resource_request = true;
		a.verb = str_or_empty(ra, "verb");
		a.namespace = str_or_empty(ra, "namespace");
		a.api_group = str_or_empty(ra, "group");
		a.resource = str_or_empty(ra, "resource");
		a.subresource = str_or_empty(ra, "subresource");
		a.name = str_or_empty(ra, "name");
	} else {
		a.verb = str_or_empty(nra, "verb");
		a.path = str_or_empty(nra, "path");
	}
	_cleanup_free_ char *reason = NULL;
	bool allowed = api_rbac_allowed(rb, &a, &reason);
	cJSON *status = cJSON_CreateObject();
	/* RBAC only ever allows or has no opinion: "denied" stays false and is
	 * left out, as Go's omitempty does */
	cJSON_AddBoolToObject(status, "allowed", allowed);
	if (reason && reason[0])
		cJSON_AddStringToObject(status, "reason", reason);
	return status;
}

/* SubjectAccessReview: the user the spec names. */
static void spec_user(const cJSON *spec, api_user *ret)
{
	ret->name = xstrdup(str_or_empty(spec, "user"));
	ret->uid = xstrdup(str_or_empty(spec, "uid"));
	const cJSON *groups = cJSON_GetObjectItemCaseSensitive(spec, "groups");
	size_t n = cJSON_IsArray(groups) ? (size_t)cJSON_GetArraySize(groups) : 0;
	ret->groups = xcalloc(n + 1, sizeof(*ret->groups));
	size_t i = 0;
	const cJSON *g;
	if (n)
		cJSON_ArrayForEach(g, groups)
			if (cJSON_IsString(g) && i < n)
				ret->groups[i++] = xstrdup(g->valuestring);
}

static cJSON *rules_review(const api_rbac *rb, const api_user *user, const cJSON *spec, int *ret_code)
{
	const char *ns = str_or_empty(spec, "namespace");
	if (!ns[0]) {
		*ret_code = 400;
		return api_status_bad_request("no namespace on request");
	}
	cJSON *resource = NULL, *nonresource = NULL;
	_cleanup_free_ char *error = NULL;
	api_rbac_rules_for(rb, user, ns, &resource, &nonresource, &error);
	cJSON *status = cJSON_CreateObject();
	cJSON_AddItemToObject(status, "resourceRules", resource);
	cJSON_AddItemToObject(status, "nonResourceRules", nonresource);
	cJSON_AddBoolToObject(status, "incomplete", false);
	if (error && error[0])
		cJSON_AddStringToObject(status, "evaluationError", error);
	*ret_code = 201;
	/* upstream answers with the status alone: the spec is not echoed */
	return review_object("SelfSubjectRulesReview", cJSON_CreateObject(), status);
}

cJSON *api_access_review(const api_rbac *rb, const kc_resource *res, const api_user *user, const cJSON *body,
			 int *ret_code)
{
	const char *kind = res->kind;
	_cleanup_free_ char *type_err = check_types(kind, body);
	if (type_err) {
		*ret_code = 400;
		return api_status_bad_request("%s", type_err);
	}
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(body, "spec");
	if (streq(kind, "SelfSubjectRulesReview"))
		return rules_review(rb, user, spec, ret_code);

	const api_strategy *st = api_strategy_for(res);
	_cleanup_field_errors_ api_field_errors errs = API_FIELD_ERRORS_INIT;
	if (st->validate_create)
		st->validate_create(body, &errs);
	if (errs.n) {
		*ret_code = 422;
		return api_field_errors_status(&errs, res->group, kind, "");
	}
	bool subject = streq(kind, "SubjectAccessReview");
	cJSON *status;
	if (subject) {
		api_user who = {0};
		spec_user(spec, &who);
		status = decide(rb, &who, spec);
		api_user_clear(&who);
	} else {
		status = decide(rb, user, spec);
	}
	*ret_code = 201;
	return review_object(kind, normalized_spec(spec, subject), status);
}

void api_handle_access_review(api_req *r)
{
	_cleanup_json_ cJSON *body = NULL;
	if (api_decode_body(r, &body) < 0)
		return;
	if (api_check_body_identity(r, body) < 0)
		return;
	int code = 0;
	cJSON *out = api_access_review(r->srv->rbac, r->res, &r->user, body, &code);
	if (code >= 400) {
		api_reply_status(r, out);
		return;
	}
	api_reply_json(r, code, out);
	cJSON_Delete(out);
}
