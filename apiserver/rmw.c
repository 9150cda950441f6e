/* rmw.c - GuaranteedUpdate over etcd transactions (see rmw.h). */
#include "rmw.h"

#include <errno.h>

#include "apiserver/conversion.h"
#include "apiserver/etcd.h"
#include "apiserver/handlers.h"
#include "apiserver/ttl.h"
#include "apiserver/objects.h"
#include "apiserver/status.h"
#include "common/json.h"
#include "banned.h"

#define RMW_MAX_ATTEMPTS 16

char *api_req_key(const api_req *r, const char *name)
{
	return api_obj_key(r->srv->prefix, r->res, r->info.namespace, name);
}

static void op_free(api_rmw *op)
{
	if (op->free_data)
		op->free_data(op->data);
	cJSON_Delete(op->pending);
	cJSON_Delete(op->current);
	free(op->key);
	free(op->name);
	free(op);
}

static void finish_status(api_rmw *op, cJSON *status)
{
	api_reply_status(op->r, status);
	op_free(op);
}

static void finish_object(api_rmw *op, cJSON *stored, bool created, bool deleted)
{
	if (op->reply)
		op->reply(op, stored, created, deleted);
	else
		api_reply_object(op->r, created ? 201 : 200, stored);
	op_free(op);
}

static void mutate_and_write(api_rmw *op, const etcd_kv *kv);

static const char *op_name(const api_rmw *op) { return op->name ? op->name : op->r->info.name; }

static void on_written(etcd_result *res, void *userdata)
{
	api_rmw *op = userdata;
	api_req *r = op->r;
	if (op->after_write)
		op->after_write(op, op->pending, op->current, !res->err && res->succeeded);
	if (res->err) {
		finish_status(op, api_storage_error_status(res->err, res->errmsg));
		return;
	}
	if (res->succeeded) {
		cJSON *stored = TAKE_PTR(op->pending);
		if (!op->deleting)
			api_obj_set_rv(stored, res->revision);
		finish_object(op, stored, op->creating, op->deleting);
		return;
	}
	/* Someone wrote first. */
	cJSON_Delete(op->pending);
	op->pending = NULL;
	if (res->nkvs == 0 && !op->allow_create) {
		finish_status(op, api_status_not_found(r->res->group, r->res->plural, op_name(op)));
		return;
	}
	if (++op->attempts >= RMW_MAX_ATTEMPTS) {
		finish_status(op, api_status_conflict(r->res->group, r->res->plural, op_name(op),
						      API_CONFLICT_MODIFIED));
		return;
	}
	mutate_and_write(op, res->nkvs ? &res->kvs[0] : NULL);
}

/* Deleted and nothing left to wait for: no grace period running (a pod
 * deleted gracefully stays until its kubelet deletes it with grace 0, as
 * upstream's ShouldDeleteDuringUpdate), no finalizers (and for namespaces
 * no spec.finalizers, which the namespace controller clears). */
static bool finalized_deletion(const api_rmw *op, const cJSON *obj)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	if (!cJSON_GetObjectItemCaseSensitive(meta, "deletionTimestamp"))
		return false;
	if (kc_json_get_int(meta, "deletionGracePeriodSeconds", 0) > 0)
		return false;
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(meta, "finalizers")) > 0)
		return false;
	bool is_namespace = !op->r->res->group[0] && streq(op->r->res->plural, "namespaces");
	return !is_namespace || cJSON_GetArraySize(kc_json_get(obj, "spec.finalizers")) == 0;
}

static void write_pending(api_rmw *op, cJSON *status)
{
	if (status) {
		if (op->after_write)
			op->after_write(op, op->pending, op->current, false);
		finish_status(op, status);
		return;
	}
	cJSON *next = op->pending;
	if (op->r->dry_run) {
		if (op->after_write)
			op->after_write(op, next, op->current, false);
		cJSON *stored = TAKE_PTR(op->pending);
		finish_object(op, stored, op->creating, op->deleting);
		return;
	}
	if (op->deleting) {
		/* The last finalizer is gone: the object goes away now. */
		etcd_delete(op->r->srv->etcd, op->key, op->cur_rev, on_written, op);
		return;
	}
	_cleanup_json_ cJSON *view_copy = NULL;
	const cJSON *stored = next;
	if (api_is_view(op->r->res)) {
		view_copy = cJSON_Duplicate(next, true);
		api_convert_to_storage(op->r->res, view_copy);
		stored = view_copy;
	}
	_cleanup_free_ char *data = api_obj_encode(stored);
	api_ttl_put(op->r->srv->ttl, op->r->res, op->key, data, op->creating ? 0 : op->cur_rev, on_written, op);
}

static void mutate_and_write(api_rmw *op, const etcd_kv *kv)
{
	cJSON_Delete(op->current);
	op->current = NULL;
	op->cur_rev = 0;
	if (kv) {
		op->current = cJSON_ParseWithLength(kv->value, kv->value_len);
		if (!cJSON_IsObject(op->current)) {
			finish_status(op, api_status_internal("stored object %s is not valid JSON", op->key));
			return;
		}
		op->cur_rev = kv->mod_revision;
		api_obj_set_rv(op->current, op->cur_rev);
		api_convert_to_view(op->r->res, op->current);
	}
	const cJSON *current = op->current;
	cJSON *next = NULL, *status = NULL;
	int rc = op->mutate(op, current, &next, &status);
	if (rc == API_RMW_FAIL) {
		finish_status(op, status ? status : api_status_internal("update failed"));
		return;
	}
	if (rc == API_RMW_UNCHANGED) {
		finish_object(op, TAKE_PTR(op->current), false, false);
		return;
	}
	/* An update that changes nothing is not written (no new revision). */
	if (current) {
		_cleanup_json_ cJSON *a = cJSON_Duplicate(current, true);
		_cleanup_json_ cJSON *b = cJSON_Duplicate(next, true);
		api_meta_del(a, "resourceVersion");
		api_meta_del(b, "resourceVersion");
		if (kc_json_equal(a, b)) {
			cJSON_Delete(next);
			finish_object(op, TAKE_PTR(op->current), false, false);
			return;
		}
	}
	op->pending = next;
	op->creating = current == NULL;
	op->deleting = current && finalized_deletion(op, next);
	if (op->prepare_write && !op->deleting)
		op->prepare_write(op, next, current, write_pending);
	else
		write_pending(op, NULL);
}

static void on_read(etcd_result *res, void *userdata)
{
	api_rmw *op = userdata;
	api_req *r = op->r;
	if (res->err) {
		finish_status(op, api_storage_error_status(res->err, res->errmsg));
		return;
	}
	if (res->nkvs == 0 && !op->allow_create) {
		finish_status(op, api_status_not_found(r->res->group, r->res->plural, op_name(op)));
		return;
	}
	mutate_and_write(op, res->nkvs ? &res->kvs[0] : NULL);
}

void api_rmw_start(api_rmw *op)
{
	etcd_range(op->r->srv->etcd, op->key, NULL, 0, 0, false, on_read, op);
}
