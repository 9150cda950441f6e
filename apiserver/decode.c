/* decode.c - request bodies to objects, and the generic BeforeCreate /
 * BeforeUpdate steps every resource goes through (see handlers.h). */
#include <errno.h>
#include <strings.h>
#include <time.h>

#include "apiserver/fielderr.h"
#include "apiserver/handlers.h"
#include "apiserver/objects.h"
#include "apiserver/protobuf.h"
#include "apiserver/status.h"
#include "apiserver/validation_meta.h"
#include "common/json.h"
#include "common/yaml.h"
#include "banned.h"

static bool media_is(const char *content_type, const char *type)
{
	size_t n = strlen(type);
	return content_type && strncasecmp(content_type, type, n) == 0 &&
	       (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

int api_decode_body(api_req *r, cJSON **ret)
{
	const char *ct = api_header(r, "Content-Type");
	kc_error err = KC_ERROR_INIT;
	cJSON *obj = NULL;
	if (!r->body_len) {
		api_reply_status(r, api_status_bad_request("the request body is empty: an object is required"));
		return -1;
	}
	if (media_is(ct, "application/yaml") || media_is(ct, "application/apply-patch+yaml")) {
		_cleanup_json_ cJSON *docs = NULL;
		/* duplicate keys are field validation's business, as upstream */
		if (kc_yaml_to_json_flags(r->body, r->body_len, KC_YAML_DUPLICATE_KEYS_OK, &docs, &err) < 0) {
			api_reply_status(r, api_status_bad_request("error decoding YAML: %s", err.msg));
			return -1;
		}
		if (cJSON_GetArraySize(docs) != 1) {
			api_reply_status(r, api_status_bad_request("the body must hold exactly one YAML document, "
								   "found %d",
								   cJSON_GetArraySize(docs)));
			return -1;
		}
		obj = cJSON_DetachItemFromArray(docs, 0);
	} else if (media_is(ct, "application/vnd.kubernetes.protobuf")) {
		int rc = api_protobuf_decode(r->body, r->body_len, &obj, &err);
		if (rc == -ENOTSUP) {
			api_reply_status(r, api_status_unsupported_media_type(ct));
			return -1;
		}
		if (rc < 0) {
			api_reply_status(r, api_status_bad_request("%s", err.msg));
			return -1;
		}
	} else if (!ct || media_is(ct, "application/json") || media_is(ct, "*/*")) {
		if (kc_json_parse(r->body, r->body_len, &obj, &err) < 0) {
			api_reply_status(r, api_status_bad_request("error decoding JSON: %s", err.msg));
			return -1;
		}
	} else {
		api_reply_status(r, api_status_unsupported_media_type(ct));
		return -1;
	}
	if (!cJSON_IsObject(obj)) {
		api_reply_status(r, api_status_bad_request("the body must be a JSON object, not %s",
							   kc_json_type_name(obj)));
		cJSON_Delete(obj);
		return -1;
	}
	*ret = obj;
	return 0;
}

static void set_string(cJSON *obj, const char *field, const char *value)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, field))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, field, cJSON_CreateString(value));
	else
		cJSON_AddStringToObject(obj, field, value);
}

int api_check_body_identity(api_req *r, cJSON *obj)
{
	char want_av[128];
	kc_resource_api_version(r->res, want_av, sizeof(want_av));
	const cJSON *av = cJSON_GetObjectItemCaseSensitive(obj, "apiVersion");
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(obj, "kind");
	if (av && (!cJSON_IsString(av) || !streq(av->valuestring, want_av))) {
		api_reply_status(r, api_status_bad_request("the API version in the data (%s) does not match the "
							   "expected API version (%s)",
							   cJSON_IsString(av) ? av->valuestring : "?", want_av));
		return -1;
	}
	if (kind && (!cJSON_IsString(kind) || !streq(kind->valuestring, r->res->kind))) {
		api_reply_status(r, api_status_bad_request("the kind in the data (%s) does not match the expected "
							   "kind (%s)",
							   cJSON_IsString(kind) ? kind->valuestring : "?",
							   r->res->kind));
		return -1;
	}
	/* The URL's group/version/kind is the default for what is missing. */
	set_string(obj, "apiVersion", want_av);
	set_string(obj, "kind", r->res->kind);

	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	if (meta && !cJSON_IsObject(meta)) {
		api_reply_status(r, api_status_bad_request("metadata must be an object"));
		return -1;
	}
	const char *ns = api_meta_str(obj, "namespace");
	if (r->res->namespaced) {
		if (ns[0] && !streq(ns, r->info.namespace)) {
			api_reply_status(r, api_status_bad_request("the namespace of the provided object does not "
								   "match the namespace sent on the request"));
			return -1;
		}
		api_meta_set_str(obj, "namespace", r->info.namespace);
	} else if (ns[0]) {
		/* upstream clears it silently for cluster-scoped objects */
		api_meta_del(obj, "namespace");
	}
	return 0;
}

cJSON *api_storage_error_status(int err, const char *msg)
{
	if (err == -ENOENT)
		return api_status_gone(msg);
	if (err == -ECONNREFUSED || err == -ETIMEDOUT || err == -EHOSTUNREACH || err == -ECONNRESET ||
	    err == -EPROTO)
		return api_status_unavailable("etcd is unavailable: %s", msg);
	return api_status_internal("%s", msg);
}

static void now_string(char *buf, size_t size) { api_format_time(time(NULL), buf, size); }

static cJSON *invalid(api_req *r, cJSON *obj, api_field_errors *errs)
{
	const char *name = api_meta_str(obj, "name");
	cJSON *st = api_field_errors_status(errs, r->res->group, r->res->kind, name);
	api_field_errors_clear(errs);
	return st;
}

/* Everything but metadata and status differs: the spec changed. */
/* Upstream's semantic equality: an empty map is the same as none. */
static const cJSON *nonempty(const cJSON *o) { return o && o->child ? o : NULL; }

static bool spec_changed(const cJSON *a, const cJSON *b)
{
	for (const cJSON *f = a->child; f; f = f->next) {
		if (streq(f->string, "metadata") || streq(f->string, "status"))
			continue;
		if (!kc_json_equal(f, cJSON_GetObjectItemCaseSensitive(b, f->string)))
			return true;
	}
	for (const cJSON *f = b->child; f; f = f->next) {
		if (streq(f->string, "metadata") || streq(f->string, "status"))
			continue;
		if (!cJSON_GetObjectItemCaseSensitive(a, f->string))
			return true;
	}
	return false;
}

void api_fill_create(const kc_resource *res, cJSON *obj)
{
	const api_strategy *st = api_strategy_for(res);
	cJSON *meta = api_meta(obj);
	if (!api_meta_str(obj, "name")[0] && api_meta_str(obj, "generateName")[0]) {
		_cleanup_free_ char *name = api_generate_name(api_meta_str(obj, "generateName"));
		api_meta_set_str(obj, "name", name);
	}
	char uid[37], now[32];
	api_new_uid(uid);
	now_string(now, sizeof(now));
	api_meta_set_str(obj, "uid", uid);
	api_meta_set_str(obj, "creationTimestamp", now);
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "deletionTimestamp");
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "deletionGracePeriodSeconds");
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "managedFields");
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "selfLink");
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "generation");
	if (st->tracks_generation)
		cJSON_AddNumberToObject(meta, "generation", 1);
	/* What status a new object may carry is each strategy's business
	 * (prepare_create): a node registers with its status, a pod's is reset. */
	if (st->defaults)
		st->defaults(obj);
	if (st->prepare_create)
		st->prepare_create(obj);
}

cJSON *api_prepare_create(api_req *r, cJSON *obj)
{
	if (api_meta_str(obj, "resourceVersion")[0])
		return api_status_internal("resourceVersion should not be set on objects to be created");
	api_fill_create(r->res, obj);
	api_field_errors errs = API_FIELD_ERRORS_INIT;
	api_validate_meta_create(r->res, obj, &errs);
	if (r->strategy->validate_create)
		r->strategy->validate_create(obj, &errs);
	return errs.n ? invalid(r, obj, &errs) : NULL;
}

static void copy_field(cJSON *dst, const cJSON *src, const char *field);

cJSON *api_with_status(const cJSON *old, const cJSON *from)
{
	cJSON *obj = cJSON_Duplicate(old, true);
	copy_field(obj, from, "status");
	/* upstream's status strategies reset the spec (and a few fields) but
	 * keep the body's metadata: the deployment controller writes the
	 * revision annotation with its status */
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *from_meta = cJSON_GetObjectItemCaseSensitive(from, "metadata");
	/* only when the body has them: components that send a bare
	 * {"metadata":{name, resourceVersion},"status":...} (kc's own do)
	 * would otherwise wipe them */
	if (cJSON_IsObject(meta) && cJSON_GetObjectItemCaseSensitive(from_meta, "annotations"))
		copy_field(meta, from_meta, "annotations");
	return obj;
}

static void copy_field(cJSON *dst, const cJSON *src, const char *field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, field);
	cJSON_DeleteItemFromObjectCaseSensitive(dst, field);
	if (v)
		cJSON_AddItemToObject(dst, field, cJSON_Duplicate(v, true));
}

cJSON *api_prepare_update(api_req *r, cJSON *obj, const cJSON *old, bool status_update)
{
	const api_strategy *st = r->strategy;
	cJSON *meta = api_meta(obj);
	const cJSON *old_meta = cJSON_GetObjectItemCaseSensitive(old, "metadata");

	if (!status_update && st->has_status)
		copy_field(obj, old, "status");
	/* System fields an update cannot change (upstream's BeforeUpdate). */
	copy_field(meta, old_meta, "generation");
	if (!api_meta_str(obj, "uid")[0])
		copy_field(meta, old_meta, "uid");
	copy_field(meta, old_meta, "creationTimestamp");
	if (cJSON_GetObjectItemCaseSensitive(old_meta, "deletionTimestamp")) {
		copy_field(meta, old_meta, "deletionTimestamp");
		copy_field(meta, old_meta, "deletionGracePeriodSeconds");
	} else {
		cJSON_DeleteItemFromObjectCaseSensitive(meta, "deletionTimestamp");
		cJSON_DeleteItemFromObjectCaseSensitive(meta, "deletionGracePeriodSeconds");
	}
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "managedFields");
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "selfLink");

	if (!status_update && st->defaults)
		st->defaults(obj);
	/* namespaces/finalize changes spec.finalizers, which a plain update
	 * keeps (upstream's namespaceFinalizeStrategy: only status is kept) */
	bool finalize = streq(r->info.subresource, "finalize");
	if (!status_update && !finalize && st->prepare_update)
		st->prepare_update(obj, old);
	bool annotations_changed = st->annotations_bump_generation &&
				   !kc_json_equal(nonempty(kc_json_get(obj, "metadata.annotations")),
						  nonempty(kc_json_get(old, "metadata.annotations")));
	if (!status_update && st->tracks_generation && (spec_changed(obj, old) || annotations_changed)) {
		int64_t gen = kc_json_get_int(old, "metadata.generation", 0);
		cJSON_DeleteItemFromObjectCaseSensitive(meta, "generation");
		cJSON_AddNumberToObject(meta, "generation", (double)(gen + 1));
	}

	api_field_errors errs = API_FIELD_ERRORS_INIT;
	api_validate_meta_update(r->res, obj, old, &errs);
	if (status_update) {
		if (st->validate_status_update)
			st->validate_status_update(obj, old, &errs);
	} else if (st->validate_update && !finalize) {
		st->validate_update(obj, old, &errs);
	} else if (st->validate_create) {
		st->validate_create(obj, &errs);
	}
	return errs.n ? invalid(r, obj, &errs) : NULL;
}
