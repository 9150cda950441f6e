/* subresources.c - scale (deployments, replicasets, statefulsets,
 * replicationcontrollers) and binding (pods). */
#include <errno.h>
#include <time.h>

#include "apiserver/handlers.h"
#include "apiserver/objects.h"
#include "apiserver/rmw.h"
#include "apiserver/status.h"
#include "common/json.h"
#include "common/patch.h"
#include "common/selector.h"
#include "banned.h"

/* ---- scale ---- */

/* The selector as the Scale's status.selector string. */
static char *selector_string(const cJSON *obj)
{
	const cJSON *sel = kc_json_get(obj, "spec.selector");
	kc_selector *s = NULL;
	int rc;
	if (cJSON_GetObjectItemCaseSensitive(sel, "matchLabels") ||
	    cJSON_GetObjectItemCaseSensitive(sel, "matchExpressions"))
		rc = kc_selector_from_label_selector(sel, &s, NULL);
	else
		rc = kc_selector_from_set(sel, false, &s, NULL); /* replicationcontrollers: a plain map */
	if (rc < 0 || !s)
		return xstrdup("");
	char *text = kc_selector_to_string(s);
	kc_selector_free(s);
	return text;
}

static cJSON *scale_of(const cJSON *obj)
{
	cJSON *scale = cJSON_CreateObject();
	cJSON_AddStringToObject(scale, "kind", "Scale");
	cJSON_AddStringToObject(scale, "apiVersion", "autoscaling/v1");
	cJSON *meta = cJSON_AddObjectToObject(scale, "metadata");
	static const char *const fields[] = {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(fields); i++)
		if (api_meta_str(obj, fields[i])[0])
			cJSON_AddStringToObject(meta, fields[i], api_meta_str(obj, fields[i]));
	cJSON_AddNumberToObject(cJSON_AddObjectToObject(scale, "spec"), "replicas",
				(double)kc_json_get_int(obj, "spec.replicas", 1));
	cJSON *status = cJSON_AddObjectToObject(scale, "status");
	cJSON_AddNumberToObject(status, "replicas", (double)kc_json_get_int(obj, "status.replicas", 0));
	_cleanup_free_ char *sel = selector_string(obj);
	if (sel[0])
		cJSON_AddStringToObject(status, "selector", sel);
	return scale;
}

void api_reply_scale(api_req *r, cJSON *obj)
{
	cJSON *scale = scale_of(obj);
	cJSON_Delete(obj);
	api_reply_json(r, 200, scale);
	cJSON_Delete(scale);
}

typedef struct scale_data {
	cJSON *body; /* Scale (PUT) or patch (PATCH) */
	kc_patch_type patch;
} scale_data;

static void scale_data_free(void *p)
{
	scale_data *d = p;
	cJSON_Delete(d->body);
	free(d);
}

static int mutate_scale(api_rmw *op, const cJSON *current, cJSON **ret_new, cJSON **ret_status)
{
	scale_data *d = op->data;
	api_req *r = op->r;
	cJSON *scale = NULL;
	if (d->patch == KC_PATCH_UNKNOWN) {
		scale = cJSON_Duplicate(d->body, true);
	} else {
		scale = scale_of(current);
		kc_error err = KC_ERROR_INIT;
		int rc = d->patch == KC_PATCH_JSON ? kc_patch_json(&scale, d->body, &err)
						   : kc_patch_merge(&scale, d->body, &err);
		if (rc < 0) {
			cJSON_Delete(scale);
			*ret_status = api_status_new(422, "Invalid", err.msg, NULL);
			return API_RMW_FAIL;
		}
	}
	const char *want_rv = api_meta_str(scale, "resourceVersion");
	if (want_rv[0] && !streq(want_rv, api_meta_str(current, "resourceVersion"))) {
		cJSON_Delete(scale);
		*ret_status = api_status_conflict(r->res->group, r->res->plural, r->info.name, API_CONFLICT_MODIFIED);
		return API_RMW_FAIL;
	}
	const cJSON *replicas = kc_json_get(scale, "spec.replicas");
	if (replicas && (!cJSON_IsNumber(replicas) || replicas->valuedouble < 0 ||
			 replicas->valuedouble != (double)(int64_t)replicas->valuedouble)) {
		api_field_errors errs = API_FIELD_ERRORS_INIT;
		api_fe_invalid(&errs, "spec.replicas", replicas, "must be greater than or equal to 0");
		*ret_status = api_field_errors_status(&errs, "autoscaling", "Scale", r->info.name);
		api_field_errors_clear(&errs);
		cJSON_Delete(scale);
		return API_RMW_FAIL;
	}
	cJSON *obj = cJSON_Duplicate(current, true);
	kc_json_set_int(obj, "spec.replicas", replicas ? (int64_t)replicas->valuedouble : 0, NULL);
	cJSON_Delete(scale);
	cJSON *status = api_prepare_update(r, obj, current, false);
	if (status) {
		cJSON_Delete(obj);
		*ret_status = status;
		return API_RMW_FAIL;
	}
	*ret_new = obj;
	return API_RMW_WRITE;
}

static void reply_scale(api_rmw *op, cJSON *stored, bool created, bool deleted)
{
	(void)created;
	(void)deleted;
	api_reply_scale(op->r, stored);
}

void api_handle_scale_write(api_req *r, bool patch)
{
	cJSON *body = NULL;
	kc_patch_type type = KC_PATCH_UNKNOWN;
	if (patch) {
		type = kc_patch_type_from_content_type(api_header(r, "Content-Type"));
		if (type == KC_PATCH_STRATEGIC)
			type = KC_PATCH_MERGE; /* a Scale has no lists: both are the same */
		if (type != KC_PATCH_MERGE && type != KC_PATCH_JSON) {
			api_reply_status(r, api_status_unsupported_media_type(api_header(r, "Content-Type")));
			return;
		}
		kc_error err = KC_ERROR_INIT;
		if (kc_json_parse(r->body, r->body_len, &body, &err) < 0) {
			api_reply_status(r, api_status_bad_request("error decoding patch: %s", err.msg));
			return;
		}
	} else if (api_decode_body(r, &body) < 0) {
		return;
	}
	scale_data *d = xcalloc(1, sizeof(*d));
	d->body = body;
	d->patch = type;
	api_rmw *op = xcalloc(1, sizeof(*op));
	op->r = r;
	op->key = api_req_key(r, r->info.name);
	op->mutate = mutate_scale;
	op->reply = reply_scale;
	op->data = d;
	op->free_data = scale_data_free;
	api_rmw_start(op);
}

/* ---- binding ---- */

static int mutate_bind(api_rmw *op, const cJSON *current, cJSON **ret_new, cJSON **ret_status)
{
	const cJSON *binding = op->data;
	const char *node = kc_json_get_str(binding, "target.name", "");
	const char *name = api_meta_str(current, "name");
	const char *assigned = kc_json_get_str(current, "spec.nodeName", "");
	if (cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(current, "metadata"),
					     "deletionTimestamp")) {
		_cleanup_free_ char *why = xasprintf("pod %s is being deleted, cannot be assigned to a host", name);
		*ret_status = api_status_conflict("", "pods/binding", name, why);
		return API_RMW_FAIL;
	}
	if (assigned[0]) {
		_cleanup_free_ char *why = xasprintf("pod %s is already assigned to node \"%s\"", name, assigned);
		*ret_status = api_status_conflict("", "pods/binding", name, why);
		return API_RMW_FAIL;
	}
	cJSON *pod = cJSON_Duplicate(current, true);
	kc_json_set_str(pod, "spec.nodeName", node, NULL);
	/* annotations on the binding are copied to the pod, as upstream */
	const cJSON *ann;
	cJSON_ArrayForEach(ann, kc_json_get(binding, "metadata.annotations"))
	{
		if (cJSON_IsString(ann))
			kc_json_setv(pod, cJSON_CreateString(ann->valuestring), NULL, "metadata", "annotations",
				     ann->string, NULL);
	}
	/* PodScheduled=True */
	cJSON *conditions = kc_json_get(pod, "status.conditions");
	if (!cJSON_IsArray(conditions)) {
		kc_json_set(pod, "status.conditions", cJSON_CreateArray(), NULL);
		conditions = kc_json_get(pod, "status.conditions");
	}
	for (int i = cJSON_GetArraySize(conditions) - 1; i >= 0; i--)
		if (streq(kc_json_get_str(cJSON_GetArrayItem(conditions, i), "type", ""), "PodScheduled"))
			cJSON_DeleteItemFromArray(conditions, i);
	char now[32];
	api_format_time(time(NULL), now, sizeof(now));
	cJSON *cond = cJSON_CreateObject();
	cJSON_AddStringToObject(cond, "type", "PodScheduled");
	cJSON_AddStringToObject(cond, "status", "True");
	cJSON_AddNullToObject(cond, "lastProbeTime");
	cJSON_AddStringToObject(cond, "lastTransitionTime", now);
	cJSON_AddItemToArray(conditions, cond);
	*ret_new = pod;
	return API_RMW_WRITE;
}

static void reply_bound(api_rmw *op, cJSON *stored, bool created, bool deleted)
{
	(void)created;
	(void)deleted;
	cJSON_Delete(stored);
	api_reply_status(op->r, api_status_new(201, NULL, NULL, NULL));
}

static void binding_free(void *p) { cJSON_Delete(p); }

void api_handle_binding(api_req *r)
{
	cJSON *binding = NULL;
	if (api_decode_body(r, &binding) < 0)
		return;
	const char *kind = kc_json_get_str(binding, "kind", "Binding");
	const char *target_kind = kc_json_get_str(binding, "target.kind", "Node");
	const char *name = r->info.name[0] && streq(r->info.resource, "pods") ? r->info.name
									      : api_meta_str(binding, "name");
	if (!streq(kind, "Binding") || (target_kind[0] && !streq(target_kind, "Node")) ||
	    !kc_json_get_str(binding, "target.name", "")[0] || !name[0]) {
		api_field_errors errs = API_FIELD_ERRORS_INIT;
		if (!kc_json_get_str(binding, "target.name", "")[0])
			api_fe_required(&errs, "target.name", "");
		else if (!name[0])
			api_fe_required(&errs, "metadata.name", "");
		else
			api_fe_not_supported(&errs, "target.kind", kc_json_get(binding, "target.kind"),
					     (const char *const[]){"Node", NULL});
		api_reply_status(r, api_field_errors_status(&errs, "", "Binding", name));
		api_field_errors_clear(&errs);
		cJSON_Delete(binding);
		return;
	}
	/* the pod named by the URL (pods/x/binding) or the body (bindings) */
	const kc_resource *pods = kc_resource_find("", "v1", "pods");
	api_rmw *op = xcalloc(1, sizeof(*op));
	op->r = r;
	op->key = api_obj_key(r->srv->prefix, pods, r->info.namespace, name);
	op->name = xstrdup(name);
	op->mutate = mutate_bind;
	op->reply = reply_bound;
	op->data = binding;
	op->free_data = binding_free;
	r->res = pods; /* messages and keys are about the pod */
	api_rmw_start(op);
}
