/* apply_patch.h - the pure core of `kc apply` (kubectl's client-side apply):
 * the last-applied-configuration annotation and the patch that turns the
 * live object into the file's while keeping what others set.
 *
 *   kc_apply_annotate(obj)        before creating, or to compute "modified"
 *   kc_apply_patch(...)           original (the live object's annotation),
 *                                 modified (the annotated file object) and
 *                                 current (the live object) -> the patch
 *
 * The annotation holds the object as kubectl encodes it (Go's json.Marshal
 * of the object without the annotation itself: keys sorted, <, > and &
 * escaped, a newline at the end, "annotations": {} when there were none), so
 * kc and kubectl write byte-identical annotations and each reads the
 * other's.
 *
 * Ownership: returned strings and trees belong to the caller. */
#ifndef KC_CTL_APPLY_PATCH_H
#define KC_CTL_APPLY_PATCH_H

#include <cjson/cJSON.h>

#include "common/error.h"
#include "common/patch.h"
#include "common/resource.h"

#define KC_LAST_APPLIED_ANNOTATION "kubectl.kubernetes.io/last-applied-configuration"

/* The annotation's value for obj: obj without its own last-applied
 * annotation (and with metadata.annotations present, maybe empty), encoded
 * as kubectl encodes it. */
char *kc_apply_config_text(const cJSON *obj);

/* Sets obj's last-applied annotation to kc_apply_config_text(obj), keeping
 * its other annotations (what kubectl's CreateApplyAnnotation does). obj
 * must be an object. */
void kc_apply_annotate(cJSON *obj);

/* The last applied configuration stored on a live object, parsed; NULL
 * when it has none. -EINVAL with err when it is not a JSON object. */
int kc_apply_original(const cJSON *live, cJSON **ret, kc_error *err);

/* The patch `kubectl apply` sends to turn current into modified:
 * a strategic merge patch (CreateThreeWayMergePatch) for kinds with a
 * strategic schema, else a JSON merge patch (CreateThreeWayJSONMergePatch,
 * refused with upstream's precondition error when it would change
 * apiVersion, kind or metadata.name). original may be NULL. *ret_patch is
 * {} when nothing is to be done; *ret_type says which media type to send. */
int kc_apply_patch(const cJSON *original, const cJSON *modified, const cJSON *current, const kc_resource *r,
		   cJSON **ret_patch, kc_patch_type *ret_type, kc_error *err);

/* kubectl's warning for an object apply did not create (its %[1]s is
 * "<plural>/<name>"), for `cmd` ("kc"). Caller frees. */
char *kc_apply_missing_annotation_warning(const kc_resource *r, const char *name, const char *cmd);

#endif
