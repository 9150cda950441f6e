/* tokenrequest.c - serviceaccounts/token: TokenRequest
 * (authentication.k8s.io/v1), as upstream's TokenREST.
 *
 * The body asks for audiences, a lifetime and optionally an object to bind
 * the token to (a Pod or a Secret of the namespace). The ServiceAccount and
 * the bound object are read from etcd; the answer is the TokenRequest with
 * the defaults filled in and status.token / status.expirationTimestamp.
 * Nothing is stored: the token's signature and claims are its record, and
 * authentication checks that its ServiceAccount and bound object still
 * exist (api_object_exists). */
#include <errno.h>

#include "apiserver/cache.h"
#include "apiserver/etcd.h"
#include "apiserver/fielderr.h"
#include "apiserver/handlers.h"
#include "apiserver/objects.h"
#include "apiserver/satoken.h"
#include "apiserver/status.h"
#include "common/json.h"
#include "common/resource.h"
#include "common/timeutil.h"
#include "banned.h"

#define DEFAULT_SECONDS 3600
#define MIN_SECONDS     600         /* "may not specify a duration less than 10 minutes" */
#define MAX_SECONDS     (1LL << 32) /* "may not specify a duration larger than 2^32 seconds" */

typedef struct token_op {
	api_req *r;
	cJSON *tr;    /* the TokenRequest being answered */
	char *sa_uid; /* once the ServiceAccount is read */
} token_op;

static void op_free(token_op *op)
{
	cJSON_Delete(op->tr);
	free(op->sa_uid);
	free(op);
}

/* Signs and answers 201. */
static void answer(token_op *op, const char *bound_uid)
{
	api_req *r = op->r;
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(op->tr, "spec");
	const cJSON *auds = cJSON_GetObjectItemCaseSensitive(spec, "audiences");
	size_t n = (size_t)cJSON_GetArraySize(auds);
	_cleanup_free_ const char **aud = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		aud[i] = cJSON_GetArrayItem(auds, (int)i)->valuestring;
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(spec, "boundObjectRef");
	api_satoken_binding bound = {0};
	if (ref) {
		bound.kind = kc_json_get_str(ref, "kind", "");
		bound.name = kc_json_get_str(ref, "name", "");
		bound.uid = bound_uid;
		kc_json_set_str(op->tr, "spec.boundObjectRef.uid", bound_uid, NULL);
	}
	int64_t now = kc_time_now_sec();
	int64_t seconds = kc_json_get_int(spec, "expirationSeconds", DEFAULT_SECONDS);
	_cleanup_free_ char *token = api_satoken_issue(r->srv->satoken, r->info.namespace, r->info.name,
	                                               op->sa_uid, aud, &bound, now, seconds);
	if (!token) {
		api_reply_status(r, api_status_internal("failed to sign the token"));
		op_free(op);
		return;
	}
	char ts[KC_TIME_RFC3339_MAX];
	cJSON *status = cJSON_AddObjectToObject(op->tr, "status");
	cJSON_AddStringToObject(status, "token", token);
	cJSON_AddStringToObject(status, "expirationTimestamp", kc_time_format_rfc3339(now + seconds, ts));
	api_reply_json(r, 201, op->tr);
	op_free(op);
}

/* The bound Pod or Secret, read: it must exist, with the uid asked for. */
static void on_bound(etcd_result *res, void *userdata)
{
	token_op *op = userdata;
	api_req *r = op->r;
	const cJSON *ref = kc_json_get(op->tr, "spec.boundObjectRef");
	const char *kind = kc_json_get_str(ref, "kind", "");
	const char *name = kc_json_get_str(ref, "name", "");
	const char *want_uid = kc_json_get_str(ref, "uid", "");
	if (res->err) {
		api_reply_status(r, api_storage_error_status(res->err, res->errmsg));
		op_free(op);
		return;
	}
	if (!res->nkvs) {
		api_reply_status(r, api_status_not_found("", streq(kind, "Pod") ? "pods" : "secrets", name));
		op_free(op);
		return;
	}
	_cleanup_json_ cJSON *obj = cJSON_ParseWithLength(res->kvs[0].value, res->kvs[0].value_len);
	const char *uid = api_meta_str(obj, "uid");
	if (want_uid[0] && !streq(want_uid, uid)) {
		_cleanup_free_ char *why =
		    xasprintf("the UID in the bound object reference (%s) does not match the UID "
		              "in record. The object might have been deleted and then recreated",
		              want_uid);
		api_reply_status(r,
		                 api_status_conflict("", streq(kind, "Pod") ? "pods" : "secrets", name, why));
		op_free(op);
		return;
	}
	answer(op, uid);
}

static void on_service_account(etcd_result *res, void *userdata)
{
	token_op *op = userdata;
	api_req *r = op->r;
	if (res->err) {
		api_reply_status(r, api_storage_error_status(res->err, res->errmsg));
		op_free(op);
		return;
	}
	if (!res->nkvs) {
		api_reply_status(r, api_status_not_found("", "serviceaccounts", r->info.name));
		op_free(op);
		return;
	}
	_cleanup_json_ cJSON *sa = cJSON_ParseWithLength(res->kvs[0].value, res->kvs[0].value_len);
	op->sa_uid = xstrdup(api_meta_str(sa, "uid"));
	const cJSON *ref = kc_json_get(op->tr, "spec.boundObjectRef");
	if (!ref) {
		answer(op, NULL);
		return;
	}
	const char *kind = kc_json_get_str(ref, "kind", "");
	const kc_resource *res_of = kc_resource_find("", "v1", streq(kind, "Pod") ? "pods" : "secrets");
	_cleanup_free_ char *key =
	    api_obj_key(r->srv->prefix, res_of, r->info.namespace, kc_json_get_str(ref, "name", ""));
	etcd_range(r->srv->etcd, key, NULL, 0, 0, false, on_bound, op);
}

/* Defaults and validation of the TokenRequest spec, as upstream's
 * ValidateTokenRequest. Returns 0, or -1 after replying. */
static int check_spec(api_req *r, cJSON *tr)
{
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(tr, "spec");
	if (!cJSON_IsObject(spec)) {
		cJSON_DeleteItemFromObjectCaseSensitive(tr, "spec");
		spec = cJSON_AddObjectToObject(tr, "spec");
	}
	cJSON *auds = cJSON_GetObjectItemCaseSensitive(spec, "audiences");
	if (!cJSON_IsArray(auds) || !cJSON_GetArraySize(auds)) {
		cJSON_DeleteItemFromObjectCaseSensitive(spec, "audiences");
		auds = cJSON_AddArrayToObject(spec, "audiences");
		for (const char *const *a = api_satoken_audiences(r->srv->satoken); *a; a++)
			cJSON_AddItemToArray(auds, cJSON_CreateString(*a));
	}
	const cJSON *given = cJSON_GetObjectItemCaseSensitive(spec, "expirationSeconds");
	if (!given || cJSON_IsNull(given)) { /* kubectl sends null for "the default" */
		cJSON_DeleteItemFromObjectCaseSensitive(spec, "expirationSeconds");
		cJSON_AddNumberToObject(spec, "expirationSeconds", DEFAULT_SECONDS);
	}
	_cleanup_field_errors_ api_field_errors errs = API_FIELD_ERRORS_INIT;
	const cJSON *a;
	cJSON_ArrayForEach(a, auds) if (!cJSON_IsString(a))
	    api_fe_invalid(&errs, "spec.audiences", a, "must be a string");
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(spec, "expirationSeconds");
	if (!cJSON_IsNumber(secs))
		api_fe_invalid(&errs, "spec.expirationSeconds", secs, "must be a number");
	else if (secs->valuedouble < MIN_SECONDS) /* compared as doubles: a cast of 1e300 is undefined */
		api_fe_invalid(&errs, "spec.expirationSeconds", secs,
		               "may not specify a duration less than 10 minutes");
	else if (secs->valuedouble > (double)MAX_SECONDS)
		api_fe_invalid(&errs, "spec.expirationSeconds", secs,
		               "may not specify a duration larger than 2^32 "
		               "seconds");
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(spec, "boundObjectRef");
	if (ref && !cJSON_IsNull(ref)) {
		const char *kind = kc_json_get_str(ref, "kind", "");
		if (!streq(kind, "Pod") && !streq(kind, "Secret"))
			api_fe_not_supported_str(&errs, "spec.boundObjectRef.kind", kind,
			                         (const char *const[]){"Pod", "Secret", NULL});
		if (!kc_json_get_str(ref, "name", "")[0])
			api_fe_required(&errs, "spec.boundObjectRef.name", "");
	} else if (ref) {
		cJSON_DeleteItemFromObjectCaseSensitive(spec, "boundObjectRef");
	}
	if (errs.n) {
		api_reply_status(
		    r, api_field_errors_status(&errs, "authentication.k8s.io", "TokenRequest", r->info.name));
		return -1;
	}
	return 0;
}

void api_handle_token_request(api_req *r)
{
	if (!api_satoken_can_issue(r->srv->satoken)) {
		/* upstream registers serviceaccounts/token only with a signing key */
		api_reply_status(r, api_status_no_route());
		return;
	}
	cJSON *tr = NULL;
	if (api_decode_body(r, &tr) < 0)
		return;
	if (!streq(kc_json_get_str(tr, "kind", "TokenRequest"), "TokenRequest")) {
		api_reply_status(
		    r, api_status_bad_request("the body of the request was in an unknown format: want a "
		                              "TokenRequest, got %s",
		                              kc_json_get_str(tr, "kind", "")));
		cJSON_Delete(tr);
		return;
	}
	if (check_spec(r, tr) < 0) {
		cJSON_Delete(tr);
		return;
	}
	kc_json_set_str(tr, "kind", "TokenRequest", NULL);
	kc_json_set_str(tr, "apiVersion", "authentication.k8s.io/v1", NULL);
	kc_json_set_str(tr, "metadata.name", r->info.name, NULL);
	kc_json_set_str(tr, "metadata.namespace", r->info.namespace, NULL);
	token_op *op = xcalloc(1, sizeof(*op));
	op->r = r;
	op->tr = tr;
	_cleanup_free_ char *key = api_obj_key(r->srv->prefix, r->res, r->info.namespace, r->info.name);
	etcd_range(r->srv->etcd, key, NULL, 0, 0, false, on_service_account, op);
}

bool api_object_exists(const char *kind, const char *ns, const char *name, const char *uid, void *ctx)
{
	apiserver *s = ctx;
	const char *plural = streq(kind, "ServiceAccount") ? "serviceaccounts"
	                     : streq(kind, "Pod")          ? "pods"
	                     : streq(kind, "Secret")       ? "secrets"
	                                                   : NULL;
	const kc_resource *res = plural ? kc_resource_find("", "v1", plural) : NULL;
	api_cache *c = res ? api_cache_for(s, res) : NULL;
	if (!c || !api_cache_ready(c))
		return false;
	_cleanup_free_ char *key = xasprintf("%s/%s", ns, name);
	const api_cobj *o = api_cache_get(c, key);
	if (!o)
		return false;
	_cleanup_json_ cJSON *obj = api_cobj_parse(o);
	return uid[0] && streq(api_meta_str(obj, "uid"), uid);
}
