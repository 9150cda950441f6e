/* replicaset.h - the pure logic of the ReplicaSet and ReplicationController
 * controllers (upstream's pkg/controller/replicaset, which serves both: an
 * RC is handled as an older API version of a ReplicaSet), kept apart from
 * replicaset.c (informers, requests) so that tests can drive it with plain
 * JSON objects:
 *
 *   - the two kinds (kc_rs_kind): paths, names, and how each spells its
 *     selector (a LabelSelector for ReplicaSets, a plain label map for RCs);
 *   - reading an owner's spec (kc_rs_spec_parse), refusing what the
 *     apiserver would refuse and the controller cannot act on safely;
 *   - pod predicates (active, ready, available) and controller references;
 *   - which pods to delete first (ActivePodsWithRanks);
 *   - slow-start batching (slowStartBatch);
 *   - the status (calculateStatus) and whether it must be written;
 *   - the pod made from the template (GetPodFromTemplate), and the
 *     adoption/release patches (ControllerRefManager).
 *
 * Objects are borrowed unless a function says it returns a new one (the
 * caller then frees it with cJSON_Delete). Nothing here logs or allocates
 * process-wide state. */
#ifndef KC_CM_REPLICASET_H
#define KC_CM_REPLICASET_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/selector.h"
#include "common/timeutil.h"

/* upstream's BurstReplicas: at most this many creates or deletes per sync */
#define KC_RS_BURST_REPLICAS 500
/* upstream's SlowStartInitialBatchSize */
#define KC_RS_SLOW_START_INITIAL_BATCH 1
/* the annotation ranking pods for deletion (PodDeletionCost) */
#define KC_RS_POD_DELETION_COST "controller.kubernetes.io/pod-deletion-cost"

/* One of the two kinds the controller serves. */
typedef struct kc_rs_kind {
	const char *kind;        /* "ReplicaSet", "ReplicationController" */
	const char *api_version; /* "apps/v1", "v1" */
	const char *api_prefix;  /* "/apis/apps/v1", "/api/v1" */
	const char *resource;    /* "replicasets", "replicationcontrollers" */
	const char *component;   /* event source: "replicaset-controller", "replication-controller" */
	const char *queue;       /* its work queue: "replicaset", "replicationmanager" */
	const char *short_name;  /* "rs", "rc": as upstream's messages name them */
	bool map_selector;       /* RCs: spec.selector is a label map, not a LabelSelector */
} kc_rs_kind;

extern const kc_rs_kind kc_rs_kind_replicaset;
extern const kc_rs_kind kc_rs_kind_rc;

/* ---- the owner's spec ---- */

typedef struct kc_rs_spec {
	int32_t replicas;          /* spec.replicas (1 when absent, as defaulting does) */
	int32_t min_ready_seconds; /* spec.minReadySeconds (0 when absent) */
	kc_selector *selector;     /* owned: kc_rs_spec_clear frees it */
	const cJSON *template;     /* spec.template, borrowed from the object */
} kc_rs_spec;

/* Reads obj's spec. An object the controller must not act on fails with
 * -EINVAL, err saying why in the apiserver's words ("spec.selector:
 * Required value", "spec.template.metadata.labels: Invalid value: ...:
 * `selector` does not match template `labels`", upstream's "error
 * converting pod selector to selector for rs ns/name: ...") and
 * *ret_reason (may be NULL) the Warning event's reason: "InvalidSelector"
 * for a selector that cannot be used (malformed, empty: it would select
 * every pod in the namespace, or not matching the template's labels: every
 * pod made would be released and made again), "InvalidSpec" for the rest
 * (no metadata.name/uid, spec not an object, replicas or minReadySeconds
 * not a non-negative 32-bit integer, template not an object). *ret is
 * untouched on failure. */
int kc_rs_spec_parse(const kc_rs_kind *k, const cJSON *obj, kc_rs_spec *ret, const char **ret_reason,
                     kc_error *err);
void kc_rs_spec_clear(kc_rs_spec *s);

/* The selector only (for mapping pods to owners): -EINVAL for one that is
 * malformed or empty (matching nothing, as upstream's listers treat it). */
int kc_rs_selector(const kc_rs_kind *k, const cJSON *obj, kc_selector **ret, kc_error *err);

/* ---- pods ---- */

/* IsPodActive: not Succeeded, not Failed, no deletionTimestamp. */
bool kc_rs_pod_active(const cJSON *pod);
/* IsPodReady: condition Ready is "True". */
bool kc_rs_pod_ready(const cJSON *pod);
/* IsPodAvailable: ready, and minReadySeconds is 0 or the Ready condition's
 * lastTransitionTime + minReadySeconds is before now. */
bool kc_rs_pod_available(const cJSON *pod, int64_t min_ready_seconds, kc_time now);
/* When a ready pod becomes available: its Ready lastTransitionTime +
 * minReadySeconds, in Unix seconds; -1 when the pod is not ready or has no
 * (valid) transition time. */
int64_t kc_rs_pod_available_at(const cJSON *pod, int64_t min_ready_seconds);
/* metav1.GetControllerOf: the ownerReference with controller: true, or NULL. */
const cJSON *kc_rs_controller_ref(const cJSON *obj);
/* GetDeletionCostFromPodAnnotations: the pod-deletion-cost annotation as an
 * int32; 0 when absent or invalid ("+1", "007", "", out of range). */
int32_t kc_rs_deletion_cost(const cJSON *pod);

/* ---- which pods go first ---- */

/* Sorts pods (and ranks alongside them; ranks may be NULL: all 0) as
 * upstream's ActivePodsWithRanks, those to delete first at the front:
 * unscheduled < scheduled; Pending < Unknown < Running; not ready < ready;
 * lower pod-deletion-cost; higher rank (more related pods on the same
 * node); ready for a shorter time (log2 buckets of the time since, as
 * LogarithmicScaleDown, then uid); more container restarts; created more
 * recently (the same buckets). Stable. */
void kc_rs_sort_for_deletion(const cJSON **pods, int *ranks, size_t n, kc_time now);

/* getPodsToDelete: the first min(diff, n) of pods after ranking each by
 * how many active related pods (the pods of every ReplicaSet with the same
 * controller, this one's included; may be none) share its node and sorting.
 * Reorders pods; returns the count to delete. */
size_t kc_rs_pods_to_delete(const cJSON **pods, size_t n, const cJSON *const *related, size_t n_related,
                            size_t diff, kc_time now);

/* ---- slow start ---- */

/* slowStartBatch as a state machine for asynchronous batches: start with
 * kc_rs_slow_start_init(&s, count); while (b = kc_rs_slow_start_next(&s)) >
 * 0, send b calls and report their outcome with kc_rs_slow_start_done(&s,
 * b, failures). After a batch with a failure, next gives 0. successes is
 * then what slowStartBatch returns; count - successes the calls that were
 * not made or failed (their creations will not be observed). */
typedef struct kc_rs_slow_start {
	int count, remaining, batch, successes;
	bool failed;
} kc_rs_slow_start;

void kc_rs_slow_start_init(kc_rs_slow_start *s, int count);
int kc_rs_slow_start_next(kc_rs_slow_start *s);
void kc_rs_slow_start_done(kc_rs_slow_start *s, int batch, int failures);

/* ---- status ---- */

/* calculateStatus: a new status object (caller frees) from obj's current
 * status and its claimed active pods: replicas, fullyLabeledReplicas (pods
 * carrying every template label), readyReplicas, availableReplicas (ready
 * for minReadySeconds at now); observedGeneration left as it was. With
 * manage_error (the first failed create or delete, or NULL) and no
 * ReplicaFailure condition yet, one is added (status True, reason
 * FailedCreate when pods are missing, FailedDelete when there are too many,
 * message manage_error, lastTransitionTime now); without, an existing one
 * is removed. Zero counters other than replicas are left out, as upstream's
 * omitempty. */
cJSON *kc_rs_calculate_status(const cJSON *obj, const kc_rs_spec *spec, const cJSON *const *pods, size_t n,
                              const char *manage_error, kc_time now);

/* updateReplicaSetStatus's test: whether status (from
 * kc_rs_calculate_status) differs from obj's in a counter or the
 * conditions, or obj's generation is not yet observed. */
bool kc_rs_status_differs(const cJSON *obj, const cJSON *status);

/* The object to PUT to the status subresource: a copy of obj with status
 * (borrowed) and observedGeneration set to obj's metadata.generation. */
cJSON *kc_rs_status_update_body(const cJSON *obj, const cJSON *status, int64_t observed_generation);

/* ---- pods made, adopted and released ---- */

/* metav1.NewControllerRef: {apiVersion, kind, name, uid, controller: true,
 * blockOwnerDeletion: true} for owner. New object. */
cJSON *kc_rs_new_controller_ref(const kc_rs_kind *k, const cJSON *owner);

/* GetPodFromTemplate + createPods: the Pod to POST for owner: the
 * template's labels, annotations and finalizers, generateName
 * "<owner>-" (the owner's name alone when that would not be a valid
 * name), namespace, the controller reference, the template's spec.
 * -EINVAL ("unable to create pods, no labels") for a template without
 * labels. *ret is the caller's. */
int kc_rs_pod_from_template(const kc_rs_kind *k, const cJSON *owner, const cJSON *tmpl, cJSON **ret,
                            kc_error *err);

/* What ControllerRefManager.ClaimObject does with one active pod. */
typedef enum kc_rs_claim {
	KC_RS_CLAIM_IGNORE,  /* another controller's; an orphan not taken; ours, not
	                      * matching, while the owner is being deleted */
	KC_RS_CLAIM_OURS,    /* ours and matching: counted */
	KC_RS_CLAIM_ADOPT,   /* a matching orphan: adopt it (then ours) */
	KC_RS_CLAIM_RELEASE, /* ours but no longer matching: release it */
} kc_rs_claim;

/* For an active pod (kc_rs_pod_active): orphans are adopted only when they
 * match, are not being deleted, are in the owner's namespace and the owner
 * is not being deleted. */
kc_rs_claim kc_rs_claim_pod(const cJSON *owner, const kc_selector *sel, const cJSON *pod);

/* The strategic merge patches upstream sends (new objects): adoption
 * {"metadata":{"ownerReferences":[<controller ref>],"uid":"<pod uid>"}}
 * and release {"metadata":{"ownerReferences":[{"$patch":"delete","uid":
 * "<owner uid>"}],"uid":"<pod uid>"}}. The pod's uid makes the patch fail
 * (422) against a pod of the same name made since. */
cJSON *kc_rs_adopt_patch(const kc_rs_kind *k, const cJSON *owner, const cJSON *pod);
cJSON *kc_rs_release_patch(const cJSON *owner, const cJSON *pod);

#endif
