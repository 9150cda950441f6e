/* apply_patch.c - last-applied annotations and apply's three-way patch
 * (see apply_patch.h). */
#include "ctl/apply_patch.h"

#include <errno.h>

#include "common/json.h"
#include "common/util.h"
#include "banned.h"

char *kc_apply_config_text(const cJSON *obj)
{
	_cleanup_json_ cJSON *copy = kc_json_dup(obj);
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(copy, "metadata");
	if (!cJSON_IsObject(meta)) {
		meta = cJSON_CreateObject();
		kc_json_object_put(copy, "metadata", meta);
	}
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(meta, "annotations");
	if (!cJSON_IsObject(ann)) {
		/* unstructured's SetAnnotations(map{}) leaves "annotations": {} */
		ann = cJSON_CreateObject();
		kc_json_object_put(meta, "annotations", ann);
	}
	kc_json_object_remove(ann, KC_LAST_APPLIED_ANNOTATION);
	kc_buf b = KC_BUF_INIT;
	kc_json_print_buf(&b, copy, KC_JSON_SORTED | KC_JSON_ESCAPE_HTML);
	kc_buf_addch(&b, '\n'); /* json.Encoder ends every value with one */
	return kc_buf_release(&b);
}

void kc_apply_annotate(cJSON *obj)
{
	_cleanup_free_ char *text = kc_apply_config_text(obj);
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	if (!cJSON_IsObject(meta)) {
		meta = cJSON_CreateObject();
		kc_json_object_put(obj, "metadata", meta);
	}
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(meta, "annotations");
	if (!cJSON_IsObject(ann)) {
		ann = cJSON_CreateObject();
		kc_json_object_put(meta, "annotations", ann);
	}
	kc_json_object_put(ann, KC_LAST_APPLIED_ANNOTATION, cJSON_CreateString(text));
}

int kc_apply_original(const cJSON *live, cJSON **ret, kc_error *err)
{
	const cJSON *ann = kc_json_getv(live, "metadata", "annotations", KC_LAST_APPLIED_ANNOTATION, NULL);
	if (!cJSON_IsString(ann) || !ann->valuestring[0]) {
		*ret = NULL;
		return 0;
	}
	cJSON *orig = NULL;
	if (kc_json_parse_str(ann->valuestring, &orig, NULL) < 0 || !cJSON_IsObject(orig)) {
		cJSON_Delete(orig);
		return kc_error_set(err, -EINVAL, "invalid JSON document");
	}
	*ret = orig;
	return 0;
}

/* RequireKeyUnchanged / RequireMetadataKeyUnchanged. */
static bool precondition_ok(const cJSON *patch)
{
	if (cJSON_GetObjectItemCaseSensitive(patch, "apiVersion") || cJSON_GetObjectItemCaseSensitive(patch, "kind"))
		return false;
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(patch, "metadata");
	return !(cJSON_IsObject(meta) && cJSON_GetObjectItemCaseSensitive(meta, "name"));
}

int kc_apply_patch(const cJSON *original, const cJSON *modified, const cJSON *current, const kc_resource *r,
		   cJSON **ret_patch, kc_patch_type *ret_type, kc_error *err)
{
	char av[128];
	kc_resource_api_version(r, av, sizeof(av));
	cJSON *patch = NULL;
	int rc;
	if (kc_patch_strategic_supported(av, r->kind)) {
		rc = kc_patch_strategic_create_3way(original, modified, current, av, r->kind, &patch, err);
		if (rc < 0)
			return rc;
		*ret_type = KC_PATCH_STRATEGIC;
	} else {
		rc = kc_patch_merge_create_3way(original, modified, current, &patch, err);
		if (rc < 0)
			return rc;
		if (!precondition_ok(patch)) {
			_cleanup_free_ char *s = kc_json_print(patch);
			cJSON_Delete(patch);
			return kc_error_set(err, -EINVAL, "precondition failed for: %s", s);
		}
		*ret_type = KC_PATCH_MERGE;
	}
	*ret_patch = patch;
	return 0;
}

char *kc_apply_missing_annotation_warning(const kc_resource *r, const char *name, const char *cmd)
{
	return xasprintf("Warning: resource %s/%s is missing the %s annotation which is required by %s apply. %s "
			 "apply should only be used on resources created declaratively by either %s create "
			 "--save-config or %s apply. The missing annotation will be patched automatically.",
			 r->plural, name, KC_LAST_APPLIED_ANNOTATION, cmd, cmd, cmd, cmd);
}
