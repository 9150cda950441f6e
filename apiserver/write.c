/* write.c - create, update (PUT) and patch, for objects and their status
 * subresource. */
#include <errno.h>
#include <strings.h>

#include "apiserver/admission.h"
#include "apiserver/cache.h"
#include "apiserver/conversion.h"
#include "apiserver/etcd.h"
#include "apiserver/handlers.h"
#include "apiserver/objects.h"
#include "apiserver/rmw.h"
#include "apiserver/status.h"
#include "apiserver/ttl.h"
#include "common/json.h"
#include "common/patch.h"
#include "common/yaml.h"
#include "banned.h"

/* ---- create ---- */

typedef struct create_op {
	api_req *r;
	cJSON *obj;
	char *key;
} create_op;

static void create_free(create_op *c)
{
	cJSON_Delete(c->obj);
	free(c->key);
	free(c);
}

static void on_created(etcd_result *res, void *userdata)
{
	create_op *c = userdata;
	api_req *r = c->r;
	if (res->err) {
		api_admission_release(r, c->obj);
		api_reply_status(r, api_storage_error_status(res->err, res->errmsg));
	} else if (!res->succeeded) {
		api_admission_release(r, c->obj);
		api_reply_status(r, api_status_already_exists(r->res->group, r->res->plural,
							      api_meta_str(c->obj, "name")));
	} else {
		api_obj_set_rv(c->obj, res->revision);
		api_reply_object(r, 201, TAKE_PTR(c->obj));
	}
	create_free(c);
}

static void store_new(api_req *r, cJSON *status, void *userdata)
{
	create_op *c = userdata;
	if (status) {
		api_reply_status(r, status);
		create_free(c);
		return;
	}
	/* Validation after allocation, as upstream's BeginCreate then
	 * BeforeCreate: a Service is checked with its IPs and ports. */
	status = api_prepare_create(r, c->obj);
	if (status) {
		api_admission_release(r, c->obj);
		api_reply_status(r, status);
		create_free(c);
		return;
	}
	if (r->dry_run) {
		api_reply_object(r, 201, TAKE_PTR(c->obj));
		create_free(c);
		return;
	}
	c->key = api_req_key(r, api_meta_str(c->obj, "name"));
	_cleanup_json_ cJSON *view_copy = NULL;
	const cJSON *stored = c->obj;
	if (api_is_view(r->res)) {
		view_copy = cJSON_Duplicate(c->obj, true);
		api_convert_to_storage(r->res, view_copy);
		stored = view_copy;
	}
	_cleanup_free_ char *data = api_obj_encode(stored);
	api_ttl_put(r->srv->ttl, r->res, c->key, data, 0, on_created, c);
}

static void admitted(api_req *r, cJSON *status, void *userdata)
{
	create_op *c = userdata;
	if (status) {
		api_reply_status(r, status);
		create_free(c);
		return;
	}
	api_admission_allocate(r, c->obj, store_new, c);
}

void api_handle_create(api_req *r)
{
	cJSON *obj = NULL;
	if (api_decode_body(r, &obj) < 0)
		return;
	if (api_check_body_identity(r, obj) < 0) {
		cJSON_Delete(obj);
		return;
	}
	if (api_admission_field_validation(r, obj) < 0) {
		cJSON_Delete(obj);
		return;
	}
	if (api_meta_str(obj, "resourceVersion")[0]) {
		cJSON_Delete(obj);
		api_reply_status(r, api_status_internal("resourceVersion should not be set on objects to be created"));
		return;
	}
	/* Defaults as decoding applies them upstream, before admission. */
	if (r->strategy->defaults)
		r->strategy->defaults(obj);
	create_op *c = xcalloc(1, sizeof(*c));
	c->r = r;
	c->obj = obj;
	api_admission_namespace(r, api_meta_str(obj, "name"), admitted, c);
}

/* ---- update ---- */

typedef struct update_data {
	cJSON *body;     /* the new object (PUT) or the patch (PATCH) */
	kc_patch_type patch_type;
	bool status;     /* the status subresource */
} update_data;

static void update_data_free(void *p)
{
	update_data *d = p;
	cJSON_Delete(d->body);
	free(d);
}

/* A resourceVersion the client put in the object must still be current. */
static int check_pinned(api_rmw *op, const cJSON *wanted, const cJSON *current, cJSON **ret_status)
{
	const char *want = api_meta_str(wanted, "resourceVersion");
	if (!want[0] || streq(want, api_meta_str(current, "resourceVersion")))
		return 0;
	api_req *r = op->r;
	*ret_status = api_status_conflict(r->res->group, r->res->plural, r->info.name, API_CONFLICT_MODIFIED);
	return -1;
}

static int finish_mutation(api_rmw *op, const cJSON *current, cJSON *next, cJSON **ret_new, cJSON **ret_status)
{
	update_data *d = op->data;
	cJSON *obj = next;
	if (d->status) {
		obj = api_with_status(current, next);
		cJSON_Delete(next);
	}
	/* An unconditional update (no resourceVersion given) is an update of
	 * the version just read, as upstream's store makes it. */
	if (!api_meta_str(obj, "resourceVersion")[0])
		api_meta_set_str(obj, "resourceVersion", api_meta_str(current, "resourceVersion"));
	cJSON *status = api_prepare_update(op->r, obj, current, d->status);
	if (status) {
		cJSON_Delete(obj);
		*ret_status = status;
		return API_RMW_FAIL;
	}
	*ret_new = obj;
	return API_RMW_WRITE;
}

static int mutate_replace(api_rmw *op, const cJSON *current, cJSON **ret_new, cJSON **ret_status)
{
	update_data *d = op->data;
	if (!current) {
		/* create on update (AllowCreateOnUpdate) */
		cJSON *obj = cJSON_Duplicate(d->body, true);
		api_meta_del(obj, "resourceVersion");
		cJSON *status = api_prepare_create(op->r, obj);
		if (status) {
			cJSON_Delete(obj);
			*ret_status = status;
			return API_RMW_FAIL;
		}
		*ret_new = obj;
		return API_RMW_WRITE;
	}
	if (check_pinned(op, d->body, current, ret_status) < 0)
		return API_RMW_FAIL;
	return finish_mutation(op, current, cJSON_Duplicate(d->body, true), ret_new, ret_status);
}

/* Resources whose PUT creates a missing object, as upstream's
 * AllowCreateOnUpdate. */
static bool allow_create_on_update(const kc_resource *res)
{
	static const char *const plurals[] = {"endpoints", "leases", "events", "endpointslices"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(plurals); i++)
		if (streq(res->plural, plurals[i]))
			return true;
	return false;
}

void api_handle_update(api_req *r)
{
	cJSON *obj = NULL;
	if (api_decode_body(r, &obj) < 0)
		return;
	if (api_check_body_identity(r, obj) < 0) {
		cJSON_Delete(obj);
		return;
	}
	const char *name = api_meta_str(obj, "name");
	if (!name[0]) {
		api_meta_set_str(obj, "name", r->info.name);
	} else if (!streq(name, r->info.name)) {
		api_reply_status(r, api_status_bad_request("the name of the object (%s) does not match the name on "
							   "the URL (%s)",
							   name, r->info.name));
		cJSON_Delete(obj);
		return;
	}
	if (api_admission_field_validation(r, obj) < 0) {
		cJSON_Delete(obj);
		return;
	}
	update_data *d = xcalloc(1, sizeof(*d));
	d->body = obj;
	d->status = streq(r->info.subresource, "status");
	api_rmw *op = xcalloc(1, sizeof(*op));
	op->r = r;
	op->key = api_req_key(r, r->info.name);
	op->mutate = mutate_replace;
	op->data = d;
	op->free_data = update_data_free;
	op->allow_create = !d->status && allow_create_on_update(r->res);
	op->prepare_write = api_admission_prepare_write;
	op->after_write = api_admission_after_write;
	api_rmw_start(op);
}

/* ---- patch ---- */

/* Upstream's codes for patch failures: a malformed patch is a bad request,
 * one too big is refused, a patch type the kind does not support is an
 * unsupported media type, and a patch that does not apply is unprocessable. */
static cJSON *patch_error_status(int rc, const char *msg)
{
	switch (rc) {
	case -EBADMSG:
		return api_status_bad_request("%s", msg);
	case -E2BIG:
		return api_status_new(413, "RequestEntityTooLarge", msg, NULL);
	case -EOPNOTSUPP:
		return api_status_new(415, "UnsupportedMediaType", msg, NULL);
	default:
		return api_status_new(422, "Invalid", msg, NULL);
	}
}

static int mutate_patch(api_rmw *op, const cJSON *current, cJSON **ret_new, cJSON **ret_status)
{
	update_data *d = op->data;
	api_req *r = op->r;
	cJSON *obj = cJSON_Duplicate(current, true);
	kc_error err = KC_ERROR_INIT;
	int rc = 0;
	switch (d->patch_type) {
	case KC_PATCH_JSON:
		rc = kc_patch_json(&obj, d->body, &err);
		break;
	case KC_PATCH_MERGE:
		rc = kc_patch_merge(&obj, d->body, &err);
		break;
	case KC_PATCH_STRATEGIC: {
		char av[128];
		rc = kc_patch_strategic(&obj, d->body, kc_resource_api_version(r->res, av, sizeof(av)),
					r->res->kind, &err);
		break;
	}
	default:
		rc = -EINVAL;
		break;
	}
	if (rc < 0) {
		cJSON_Delete(obj);
		*ret_status = patch_error_status(rc, err.msg[0] ? err.msg : "the patch could not be applied");
		return API_RMW_FAIL;
	}
	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		*ret_status = api_status_bad_request("the patch turned the object into a JSON %s",
						     kc_json_type_name(obj));
		return API_RMW_FAIL;
	}
	if ((*ret_status = api_admission_type_status(r, obj))) {
		cJSON_Delete(obj);
		return API_RMW_FAIL;
	}
	/* What a patch may not change about the object's identity. */
	char av[128];
	kc_resource_api_version(r->res, av, sizeof(av));
	if (!streq(kc_json_get_str(obj, "apiVersion", av), av) ||
	    !streq(kc_json_get_str(obj, "kind", r->res->kind), r->res->kind) ||
	    !streq(api_meta_str(obj, "name"), r->info.name)) {
		cJSON_Delete(obj);
		*ret_status = api_status_bad_request("the patch may not change the object's apiVersion, kind or name");
		return API_RMW_FAIL;
	}
	if (check_pinned(op, obj, current, ret_status) < 0) {
		cJSON_Delete(obj);
		return API_RMW_FAIL;
	}
	return finish_mutation(op, current, obj, ret_new, ret_status);
}

void api_handle_patch(api_req *r)
{
	const char *ct = api_header(r, "Content-Type");
	kc_patch_type type = kc_patch_type_from_content_type(ct);
	if (type == KC_PATCH_UNKNOWN || type == KC_PATCH_APPLY) {
		api_reply_status(r, api_status_unsupported_media_type(ct));
		return;
	}
	char av[128];
	if (type == KC_PATCH_STRATEGIC &&
	    !kc_patch_strategic_supported(kc_resource_api_version(r->res, av, sizeof(av)), r->res->kind)) {
		api_reply_status(r, api_status_unsupported_media_type(ct));
		return;
	}
	cJSON *patch = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse(r->body, r->body_len, &patch, &err) < 0) {
		api_reply_status(r, api_status_bad_request("error decoding patch: %s", err.msg));
		return;
	}
	if (type == KC_PATCH_JSON ? !cJSON_IsArray(patch) : (type == KC_PATCH_STRATEGIC && !cJSON_IsObject(patch))) {
		api_reply_status(r, api_status_bad_request("%s: the patch must be a JSON %s",
							   type == KC_PATCH_JSON ? "json patch" : "strategic merge patch",
							   type == KC_PATCH_JSON ? "array of operations" : "object"));
		cJSON_Delete(patch);
		return;
	}
	update_data *d = xcalloc(1, sizeof(*d));
	d->body = patch;
	d->patch_type = type;
	d->status = streq(r->info.subresource, "status");
	api_rmw *op = xcalloc(1, sizeof(*op));
	op->r = r;
	op->key = api_req_key(r, r->info.name);
	op->mutate = mutate_patch;
	op->data = d;
	op->free_data = update_data_free;
	op->prepare_write = api_admission_prepare_write;
	op->after_write = api_admission_after_write;
	api_rmw_start(op);
}
