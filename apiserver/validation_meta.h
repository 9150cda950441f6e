/* validation_meta.h - ObjectMeta validation per resource, as upstream runs
 * it inside each kind's Validate (ValidateObjectMeta with the kind's
 * ValidateNameFunc) and ValidateUpdate (ValidateObjectMetaUpdate).
 *
 * The generic create/update code calls these first and the strategy's
 * validate hooks after, into the same list, which gives upstream's order
 * (metadata errors, then the spec's):
 *
 *   api_validate_meta_create(r, obj, &errs);
 *   if (s->validate_create) s->validate_create(obj, &errs);
 *   if (errs.n) -> 422 api_field_errors_status(&errs, r->group, r->kind, name)
 *
 * Resources reached only through create-only virtual endpoints
 * (authorization.k8s.io reviews) have no stored metadata: both functions
 * do nothing for them and their strategies check what upstream checks. */
#ifndef KC_APISERVER_VALIDATION_META_H
#define KC_APISERVER_VALIDATION_META_H

#include <cjson/cJSON.h>

#include "apiserver/fielderr.h"
#include "common/resource.h"
#include "common/validate.h"

/* The ValidateNameFunc upstream uses for metadata.name of r: DNS-1123
 * labels for namespaces and statefulsets, DNS-1035 labels for services,
 * path segments for RBAC objects and core/v1 events, DNS-1123 subdomains
 * for the rest. */
kc_validate_name_fn api_meta_name_fn(const kc_resource *r);

/* ValidateObjectMeta on create, after name generation: name (or "name or
 * generateName is required"), generateName, namespace (required and a
 * DNS label for namespaced resources, forbidden otherwise), generation,
 * labels, annotations (keys and 256 KiB total), ownerReferences,
 * finalizers (qualified names, not both orphan and foregroundDeletion, and
 * core's rule that an unqualified finalizer be a standard one). */
void api_validate_meta_create(const kc_resource *r, const cJSON *obj, api_field_errors *errs);

/* ValidateObjectMetaUpdate: resourceVersion given, generation not
 * decreased, name, namespace, uid, creationTimestamp, deletionTimestamp and
 * deletionGracePeriodSeconds unchanged ("field is immutable"), no new
 * finalizers once deleting, labels/annotations/ownerReferences valid. */
void api_validate_meta_update(const kc_resource *r, const cJSON *obj, const cJSON *old, api_field_errors *errs);

/* Core's validateKubeFinalizerName for one finalizer at path: a name with
 * no '/' must be "kubernetes", "orphan" or "foregroundDeletion". */
void api_validate_kube_finalizer_name(const char *name, const char *path, api_field_errors *errs);

#endif
