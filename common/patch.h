/* patch.h - the three patch kinds of the Kubernetes API:
 *
 *   application/merge-patch+json           RFC 7386 JSON merge patch
 *   application/json-patch+json            RFC 6902 JSON patch
 *   application/strategic-merge-patch+json Kubernetes strategic merge patch
 *
 * All appliers take the target by reference (cJSON **target) because a patch
 * may replace the whole document. They are atomic: on failure *target is
 * exactly as it was. The patch is only read; the caller keeps owning it.
 *
 * Error codes, chosen so the apiserver can answer as upstream does:
 *   -EBADMSG     the patch document itself is malformed: not an array of
 *                operations, or a strategic patch that is not an object
 *                (upstream: 400 Bad Request);
 *   -E2BIG       a JSON patch with more than KC_PATCH_MAX_OPS operations (413);
 *   -EOPNOTSUPP  a strategic merge patch for a kind without Go struct tags,
 *                i.e. custom resources (upstream refuses the media type: 415);
 *   anything else (-EINVAL, -ENOENT for a missing path, -ECANCELED for a
 *                failed "test") means the patch could not be applied (422).
 * Messages keep upstream's wording (evanphx/json-patch, apimachinery's
 * strategicpatch), so users can search for them.
 */
#ifndef KC_PATCH_H
#define KC_PATCH_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "error.h"

/* Upstream's maxJSONPatchOperations. */
#define KC_PATCH_MAX_OPS 10000
/* Bytes that "copy" operations of one JSON patch may add in total (compact
 * JSON of the copied values), as the apiserver arms jsonpatch's
 * AccumulatedCopySizeLimit: without it a few dozen copies of a document into
 * itself grow it exponentially. */
#define KC_PATCH_MAX_COPY_BYTES (3 * 1024 * 1024)

typedef enum kc_patch_type {
	KC_PATCH_UNKNOWN = 0,
	KC_PATCH_JSON,      /* application/json-patch+json */
	KC_PATCH_MERGE,     /* application/merge-patch+json */
	KC_PATCH_STRATEGIC, /* application/strategic-merge-patch+json */
	KC_PATCH_APPLY,     /* application/apply-patch+yaml (server-side apply; not applied here) */
} kc_patch_type;

/* Maps a Content-Type value (parameters such as "; charset=utf-8" ignored,
 * case-insensitive) to a patch type; KC_PATCH_UNKNOWN otherwise. */
kc_patch_type kc_patch_type_from_content_type(const char *content_type);
/* The canonical media type for a patch type ("" for unknown). */
const char *kc_patch_content_type(kc_patch_type type);

/* RFC 7386: objects in the patch merge recursively, null members delete,
 * anything else (arrays included) replaces; a patch that is not an object
 * replaces the whole target (even with null). Cannot fail on valid trees;
 * returns -EINVAL only for NULL arguments. *target may be NULL (no document). */
int kc_patch_merge(cJSON **target, const cJSON *patch, kc_error *err);

/* Creates the merge patch that turns original into modified (what `kc edit`
 * and `kc apply` send): members removed become null, changed members carry
 * their new value (objects as a recursive diff), unchanged ones are left out.
 * Equal documents give {}. When either side is not an object, the patch is a
 * copy of modified. RFC 7386 cannot express "set to null", so a null in
 * modified is sent as null and deletes. *ret_patch is the caller's. */
int kc_patch_merge_create(const cJSON *original, const cJSON *modified, cJSON **ret_patch, kc_error *err);

/* RFC 6902 with RFC 6901 pointers, as upstream's evanphx/json-patch v4
 * behaves, including its leniencies: "replace" of a missing object member
 * adds it; "test" of a missing member succeeds only against null; negative
 * array indices count from the end; only "replace" and "test" accept the
 * root path "". Values compare as kc_json_equal (1 equals 1.0). Errors
 * carry upstream's text plus the operation's place, e.g.
 *     add operation does not apply: doc is missing path: "/spec/foo/bar": missing value (at patch[2])
 * patch must be an array of at most KC_PATCH_MAX_OPS objects. */
int kc_patch_json(cJSON **target, const cJSON *patch, kc_error *err);

/* Whether upstream accepts a strategic merge patch for this kind: true for
 * the built-in API groups ("v1", "apps/v1", "batch/v1", ...), false for
 * everything else (custom resources, aggregated APIs). */
bool kc_patch_strategic_supported(const char *api_version, const char *kind);

/* Kubernetes strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch
 * applied server-side). Like a merge patch, except:
 *  - lists whose field upstream tags patchStrategy:"merge" are merged: lists
 *    of objects by their patchMergeKey (containers by name, container ports by
 *    containerPort, Service ports by port, volumeMounts by mountPath, ...),
 *    lists of scalars (finalizers, podCIDRs) as a set union; the order is the
 *    patch's for patched items, the live object's for the rest, interleaved
 *    as upstream does (so a new container comes first);
 *  - all other lists are replaced (tolerations, args, ...);
 *  - directives: {"$patch": "delete"} on an element of a merge list (by merge
 *    key) or on a map (which becomes {}), {"$patch": "replace"} on a map or as
 *    an element of a merge list (the list becomes the patch's), "$retainKeys",
 *    "$setElementOrder/<list>", "$deleteFromPrimitiveList/<list>". Directives
 *    never reach the result.
 * The merge keys come from one table of upstream's Go struct tags (see
 * patch_strategic.c) covering metadata of every kind and the specs/statuses
 * of the workload kinds, Service, Node, and a few more; a field the table
 * does not know merges maps recursively and replaces lists.
 * Returns -EOPNOTSUPP when !kc_patch_strategic_supported(api_version, kind)
 * ("strategic merge patch format is not supported"), -EBADMSG if patch is
 * not an object, -EINVAL with upstream's message for a bad directive or a
 * list element without its merge key. *target must be an object (or NULL,
 * read as {}). */
int kc_patch_strategic(cJSON **target, const cJSON *patch, const char *api_version, const char *kind,
                       kc_error *err);

/* ---- the strategic merge patch schema, for code that creates patches ----
 * (patch_diff.c; the table itself is in patch_strategic.c) */

/* What upstream's struct tags say about one field. */
typedef struct kc_patch_field_meta {
	const char *child;     /* schema type of the value (or of a list's elements); NULL: unknown */
	const char *merge_key; /* patchMergeKey of a merging list of objects; NULL otherwise */
	bool merge;            /* patchStrategy "merge": lists merge instead of being replaced */
	bool replace;          /* patchStrategy "replace": a map is replaced whole */
	bool retain_keys;      /* patchStrategy "retainKeys": patches carry "$retainKeys" */
} kc_patch_field_meta;

/* The schema type of a kind's root ("Deployment"; "Object" for kinds the
 * table has no entry for: metadata only). Never NULL; static storage. */
const char *kc_patch_strategic_type(const char *api_version, const char *kind);
/* The field's metadata in schema type `type` (NULL: unknown, all zero). */
void kc_patch_strategic_field(const char *type, const char *field, kc_patch_field_meta *ret);

/* CreateThreeWayMergePatch (what `kubectl apply` sends for built-in kinds):
 * the strategic merge patch that turns current (the live object) into
 * modified (the new configuration) without touching what neither original
 * (the last applied configuration) nor modified mention: changes and
 * additions are taken from current -> modified, deletions only from
 * original -> modified, so fields set by others survive. Lists that merge
 * carry "$setElementOrder/<list>", deleted items {"$patch": "delete"}, lists
 * of scalars "$deleteFromPrimitiveList/<list>", retainKeys fields
 * "$retainKeys", as upstream's. original may be NULL (nothing applied
 * before); modified and current must be objects (current may be NULL).
 * Object keys of *ret_patch are sorted (as Go marshals maps); an empty
 * object means nothing to do. The caller frees *ret_patch. Fails with
 * -EINVAL and upstream's message for inputs it cannot diff (a merging list
 * holding an item without its merge key, lists of lists, mixed lists). */
int kc_patch_strategic_create_3way(const cJSON *original, const cJSON *modified, const cJSON *current,
                                   const char *api_version, const char *kind, cJSON **ret_patch,
                                   kc_error *err);

/* CreateTwoWayMergePatch (what `kubectl edit` sends for built-in kinds):
 * the strategic merge patch that turns original into modified, deletions
 * included, with "$setElementOrder" lists as upstream makes them. Keys
 * sorted; {} when they are equal. Caller frees *ret_patch. Errors as
 * kc_patch_strategic_create_3way. */
int kc_patch_strategic_create(const cJSON *original, const cJSON *modified, const char *api_version,
                              const char *kind, cJSON **ret_patch, kc_error *err);

/* CreateThreeWayJSONMergePatch (what `kubectl apply` sends for kinds
 * without a strategic schema, i.e. custom resources): additions and changes
 * from current -> modified, deletions (nulls) from original -> modified.
 * Keys sorted; {} when nothing changes. Caller frees *ret_patch. */
int kc_patch_merge_create_3way(const cJSON *original, const cJSON *modified, const cJSON *current,
                               cJSON **ret_patch, kc_error *err);

#endif
