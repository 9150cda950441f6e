/* validation_meta.c - ObjectMeta validation per resource (see
 * validation_meta.h). The checks themselves are common/validate.h's; this
 * file picks the name rule per kind and adds core's finalizer rule. */
#include "validation_meta.h"

#include <string.h>

#include "apiserver/strategy_util.h"
#include "common/util.h"
#include "banned.h"

static bool is_review(const kc_resource *r) { return streq(r->group, "authorization.k8s.io"); }

kc_validate_name_fn api_meta_name_fn(const kc_resource *r)
{
	if (streq(r->group, "")) {
		if (streq(r->plural, "namespaces"))
			return kc_validate_name_dns_label;
		if (streq(r->plural, "services"))
			return kc_validate_name_dns1035_label;
		/* core/v1 events have no name rule of their own; the generic
		 * store's path-segment check is what applies. */
		if (streq(r->plural, "events"))
			return kc_validate_name_path_segment;
		return kc_validate_name_dns_subdomain;
	}
	if (streq(r->group, "rbac.authorization.k8s.io"))
		return kc_validate_name_path_segment;
	/* StatefulSet pods are named <set>-<ordinal>: the set must be a label */
	if (streq(r->group, "apps") && streq(r->plural, "statefulsets"))
		return kc_validate_name_dns_label;
	return kc_validate_name_dns_subdomain;
}

void api_validate_kube_finalizer_name(const char *name, const char *path, api_field_errors *errs)
{
	static const char *const standard[] = {"kubernetes", "orphan", "foregroundDeletion", NULL};
	if (!strchr(name, '/') && !su_in(name, standard))
		api_fe_invalid_str(errs, path, name, "name is neither a standard finalizer name nor is it fully qualified");
}

/* Core's ValidateObjectMeta wrapper runs validateKubeFinalizerName on each
 * finalizer after the apimachinery checks; the API groups built on core's
 * validation (apps, batch, ...) inherit it. */
static void kube_finalizers(const cJSON *meta, api_field_errors *errs)
{
	const cJSON *fin = su_arr(meta, "finalizers");
	size_t i = 0;
	const cJSON *f;
	cJSON_ArrayForEach(f, fin) {
		if (cJSON_IsString(f)) {
			char path[64];
			snprintf(path, sizeof(path), "metadata.finalizers[%zu]", i);
			api_validate_kube_finalizer_name(f->valuestring, path, errs);
		}
		i++;
	}
}

void api_validate_meta_create(const kc_resource *r, const cJSON *obj, api_field_errors *errs)
{
	if (is_review(r))
		return;
	kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
	kc_validate_object_meta(&v, "metadata", su_get(obj, "metadata"), r->namespaced, api_meta_name_fn(r));
	api_fe_add_validate(errs, &v);
	kc_validate_errors_free(&v);
	kube_finalizers(su_get(obj, "metadata"), errs);
}

void api_validate_meta_update(const kc_resource *r, const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	if (is_review(r))
		return;
	kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
	kc_validate_object_meta_update(&v, "metadata", su_get(obj, "metadata"), su_get(old, "metadata"));
	api_fe_add_validate(errs, &v);
	kc_validate_errors_free(&v);
	kube_finalizers(su_get(obj, "metadata"), errs);
}
