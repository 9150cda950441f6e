/* deployment_util.h - the pure logic of the deployment controller
 * (upstream's pkg/controller/deployment: util/deployment_util.go and the
 * decisions of sync.go, rolling.go, recreate.go and progress.go), kept
 * apart from deployment.c (informers, requests) so that tests drive it
 * with plain JSON objects.
 *
 * Two layers:
 *   - helpers as upstream's util has them: the pod-template-hash, maxSurge
 *     and maxUnavailable with upstream's rounding, revisions and the
 *     annotations copied to ReplicaSets, new/old ReplicaSet finding,
 *     proportional scaling, conditions, the status;
 *   - kc_dep_sync(): one reconcile of a Deployment against the
 *     ReplicaSets it owns and their pods, as upstream's syncDeployment,
 *     returning the writes to make (a kc_dep_plan) instead of making them.
 *     Where upstream makes several writes to one object in a sync (a new
 *     ReplicaSet's annotations, then its size), the plan carries one write
 *     with all of them; a ReplicaSet to create ends the plan (the next sync
 *     goes on once it exists, as upstream's goes on with the created one).
 *
 * Where kc differs from upstream, on purpose: the rolling update also
 * looks at the pods (upstream reads only the ReplicaSets' status, which
 * lags): a ReplicaSet counts as max(spec.replicas, its active pods) when
 * deciding how far the new one may grow, and as min(status.available,
 * its available pods, spec.replicas) when deciding how far old ones may
 * shrink. With a current cache both are what upstream computes; with a
 * lagging one (a ReplicaSet scaled down whose pods still run, a status
 * counting pods being deleted) the surge and unavailability bounds still
 * hold.
 *
 * Objects are borrowed unless a function says it returns a new one (the
 * caller then frees it with cJSON_Delete). Nothing here logs. */
#ifndef KC_CM_DEPLOYMENT_UTIL_H
#define KC_CM_DEPLOYMENT_UTIL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/selector.h"
#include "common/timeutil.h"

/* labels and annotations (upstream's names) */
#define KC_DEP_HASH_LABEL            "pod-template-hash"
#define KC_DEP_ANN_REVISION          "deployment.kubernetes.io/revision"
#define KC_DEP_ANN_REVISION_HISTORY  "deployment.kubernetes.io/revision-history"
#define KC_DEP_ANN_DESIRED_REPLICAS  "deployment.kubernetes.io/desired-replicas"
#define KC_DEP_ANN_MAX_REPLICAS      "deployment.kubernetes.io/max-replicas"
#define KC_DEP_ANN_ROLLBACK_TO       "deprecated.deployment.rollback.to"
#define KC_DEP_ANN_LAST_APPLIED      "kubectl.kubernetes.io/last-applied-configuration"
#define KC_DEP_MAX_REV_HISTORY_CHARS 2000 /* maxRevHistoryLengthInChars */

/* condition reasons */
#define KC_DEP_REASON_RS_UPDATED      "ReplicaSetUpdated"
#define KC_DEP_REASON_RS_CREATE_ERROR "ReplicaSetCreateError"
#define KC_DEP_REASON_NEW_RS_CREATED  "NewReplicaSetCreated"
#define KC_DEP_REASON_FOUND_NEW_RS    "FoundNewReplicaSet"
#define KC_DEP_REASON_NEW_RS_AVAIL    "NewReplicaSetAvailable"
#define KC_DEP_REASON_TIMED_OUT       "ProgressDeadlineExceeded"
#define KC_DEP_REASON_PAUSED          "DeploymentPaused"
#define KC_DEP_REASON_RESUMED         "DeploymentResumed"
#define KC_DEP_REASON_MIN_AVAILABLE   "MinimumReplicasAvailable"
#define KC_DEP_REASON_MIN_UNAVAILABLE "MinimumReplicasUnavailable"

/* "unlimited" revisionHistoryLimit / progressDeadlineSeconds (nil or
 * math.MaxInt32 upstream) */
#define KC_DEP_UNLIMITED (-1)

/* ---- the pod-template-hash ---- */

#define KC_DEP_HASH_MAX 11 /* 10 characters at most (a uint32 in decimal) + NUL */

/* FNV-1a, 32 bits, over n bytes, continuing from h (start with
 * KC_DEP_FNV32_OFFSET). */
#define KC_DEP_FNV32_OFFSET 2166136261u
uint32_t kc_dep_fnv32a(const void *data, size_t n, uint32_t h);

/* rand.SafeEncodeString: each byte of s mapped into the alphabet
 * "bcdfghjklmnpqrstvwxz2456789" (no vowels, no 0/1/3: no words, no
 * look-alikes). out has room for strlen(s) + 1. */
void kc_dep_safe_encode(const char *s, char *out);

/* controller.ComputeHash: FNV-1a over the template's canonical JSON (keys
 * sorted; upstream hashes Go's dump of the struct instead, which C cannot
 * reproduce: the value differs, the properties do not) and, when
 * collision_count >= 0, its 8 little-endian bytes; the sum in decimal,
 * safe-encoded. */
void kc_dep_template_hash(const cJSON *tmpl, int64_t collision_count, char buf[KC_DEP_HASH_MAX]);

/* strconv.ParseInt(s, 10, 64) (and Atoi): an optional sign, then decimal
 * digits, within int64. */
bool kc_dep_parse_int(const char *s, int64_t *ret);

/* ---- maxSurge and maxUnavailable ---- */

/* intstr.GetScaledValueFromIntOrPercent: v is a number (taken as is) or a
 * string "N%" (N% of total, rounded up with round_up, else down).
 * -EINVAL with upstream's message ("invalid value for IntOrString: invalid
 * type: string is not a percentage", "nil value for IntOrString") else. */
int kc_dep_int_or_percent(const cJSON *v, int32_t total, bool round_up, int32_t *ret, kc_error *err);

/* ResolveFenceposts: surge rounds up, unavailable down, an absent value is
 * 0, and when both come to 0 unavailable is 1. */
int kc_dep_resolve_fenceposts(const cJSON *max_surge, const cJSON *max_unavailable, int32_t desired,
                              int32_t *ret_surge, int32_t *ret_unavailable, kc_error *err);

/* ---- the Deployment's spec ---- */

typedef struct kc_dep_spec {
	int32_t replicas;           /* spec.replicas (1 when absent) */
	bool recreate;              /* strategy Recreate; RollingUpdate otherwise */
	int32_t surge, unavailable; /* the resolved fenceposts (RollingUpdate) */
	int32_t min_ready_seconds;
	int32_t revision_history_limit;    /* KC_DEP_UNLIMITED: keep all */
	int32_t progress_deadline_seconds; /* KC_DEP_UNLIMITED: no deadline */
	bool paused;
	bool selects_all;      /* spec.selector is {}: upstream refuses to act */
	kc_selector *selector; /* owned */
	const cJSON *template; /* spec.template, borrowed */
} kc_dep_spec;

/* Reads d's spec. -EINVAL with a message for one the controller cannot act
 * on (no name or uid, a selector that does not parse or does not match
 * the template's labels, replicas not a non-negative int32, an unknown
 * strategy type: "unexpected deployment strategy type: X", fenceposts that
 * do not resolve, no template). *ret is untouched on failure. */
int kc_dep_spec_parse(const cJSON *d, kc_dep_spec *ret, kc_error *err);
void kc_dep_spec_clear(kc_dep_spec *s);

/* MaxSurge / MaxUnavailable / MinAvailable of upstream (0 for Recreate;
 * unavailable at most replicas, and 0 with 0 replicas). */
int32_t kc_dep_max_surge(const kc_dep_spec *s);
int32_t kc_dep_max_unavailable(const kc_dep_spec *s);

/* ---- ReplicaSets ---- */

/* spec.replicas (1 when absent, as defaulting does). */
int32_t kc_dep_rs_replicas(const cJSON *rs);
/* The revision annotation: 0 when absent; -EINVAL when not an integer. */
int kc_dep_revision(const cJSON *obj, int64_t *ret);
/* MaxRevision over rss (unparsable revisions skipped). */
int64_t kc_dep_max_revision(const cJSON *const *rss, size_t n);

/* EqualIgnoreHash: the two pod templates are equal once the
 * pod-template-hash label is dropped from both (an empty labels object
 * equals none). */
bool kc_dep_template_equal(const cJSON *a, const cJSON *b);

/* ReplicaSetsByCreationTimestamp's order (then by name): <0, 0, >0. */
int kc_dep_rs_cmp_created(const cJSON *a, const cJSON *b);

/* FindNewReplicaSet: the oldest of rss whose template equals d's (ignoring
 * the hash label), or NULL. */
const cJSON *kc_dep_find_new_rs(const cJSON *d, const cJSON *const *rss, size_t n);

/* SetNewReplicaSetAnnotations on rs (a working copy, changed in place):
 * d's annotations copied (but last-applied, revision, revision-history,
 * desired/max-replicas and the rollback annotation), the revision raised
 * to new_revision when lower (the old one then appended to
 * revision-history, at most max_history_chars long), and, when !exists,
 * desired/max-replicas. Returns whether rs changed. */
bool kc_dep_set_new_rs_annotations(const cJSON *d, const kc_dep_spec *s, cJSON *rs, int64_t new_revision,
                                   bool exists, size_t max_history_chars);
/* ReplicasAnnotationsNeedUpdate / SetReplicasAnnotations. */
bool kc_dep_replicas_annotations_differ(const cJSON *rs, int32_t desired, int32_t max);
bool kc_dep_set_replicas_annotations(cJSON *rs, int32_t desired, int32_t max);

/* The new ReplicaSet upstream's getNewReplicaSet makes (before its
 * replicas and annotations are set): name "<d>-<hash>", the hash label
 * on it, its selector and its template, the controller reference, d's
 * minReadySeconds, replicas 0. New object. */
cJSON *kc_dep_new_rs(const cJSON *d, const kc_dep_spec *s, int64_t collision_count);

/* GetProportion: how many replicas rs (working copy) gains (or loses:
 * negative) when to_add are spread over the active ReplicaSets of d and
 * added of them went already; d_status_replicas is the Deployment's
 * status.replicas (the fallback when rs has no max-replicas annotation). */
int32_t kc_dep_proportion(const cJSON *rs, const kc_dep_spec *s, int32_t d_status_replicas, int32_t to_add,
                          int32_t added);

/* ---- conditions and status ---- */

/* The condition of that type in a status object (borrowed), or NULL. */
const cJSON *kc_dep_condition(const cJSON *status, const char *type);
/* NewDeploymentCondition: {type, status, lastUpdateTime, lastTransitionTime,
 * reason, message} with both times now. New object. */
cJSON *kc_dep_new_condition(const char *type, const char *status, const char *reason, const char *message,
                            kc_time now);
/* SetDeploymentCondition on status (changed in place; takes cond): nothing
 * when one of that type has the same status and reason (cond is freed);
 * otherwise it replaces it at the end, keeping its lastTransitionTime when
 * the status did not change. */
void kc_dep_set_condition(cJSON *status, cJSON *cond);
void kc_dep_remove_condition(cJSON *status, const char *type);

/* The counters of a status (missing ones are 0). */
typedef struct kc_dep_counts {
	int64_t observed_generation, replicas, updated, ready, available, unavailable;
} kc_dep_counts;
void kc_dep_status_counts(const cJSON *status, kc_dep_counts *ret);

/* calculateStatus: a new status from the ReplicaSets' (new_rs may be NULL
 * or one of rss): counters, d's collisionCount and conditions, and the
 * Available condition (MinimumReplicasAvailable when available >= replicas
 * - maxUnavailable). Zero counters left out, as upstream's omitempty. */
cJSON *kc_dep_calculate_status(const cJSON *d, const kc_dep_spec *s, const cJSON *const *rss, size_t n,
                               const cJSON *new_rs, kc_time now);

/* reflect.DeepEqual of two statuses as the API returns them (a missing
 * counter equals 0). */
bool kc_dep_status_equal(const cJSON *a, const cJSON *b);

/* DeploymentComplete / DeploymentProgressing / DeploymentTimedOut, d's
 * generation and status against a new status. */
bool kc_dep_complete(const cJSON *d, const kc_dep_spec *s, const cJSON *status);
bool kc_dep_progressing(const cJSON *d, const cJSON *status);
bool kc_dep_timed_out(const kc_dep_spec *s, const cJSON *status, kc_time now);

/* ---- the sync ---- */

typedef enum kc_dep_write_kind {
	KC_DEP_CREATE_RS, /* POST body to the namespace's replicasets */
	KC_DEP_UPDATE_RS, /* PUT body (it carries its resourceVersion) */
	KC_DEP_DELETE_RS, /* DELETE name, with uid as a precondition */
	KC_DEP_STATUS,    /* PUT body to the Deployment's status subresource */
} kc_dep_write_kind;

typedef struct kc_dep_write {
	kc_dep_write_kind kind;
	char *name;    /* the object written */
	char *uid;     /* KC_DEP_DELETE_RS: its uid */
	cJSON *body;   /* owned; NULL for a delete */
	char **events; /* ScalingReplicaSet messages to record once it succeeded */
	size_t n_events;
} kc_dep_write;

typedef struct kc_dep_plan {
	kc_dep_write *writes; /* independent of each other: sent at once */
	size_t n_writes;
	/* With a KC_DEP_CREATE_RS: what to PUT to the Deployment's status once
	 * it is made (revision annotation, NewReplicaSetCreated), or NULL. */
	cJSON *after_create;
	/* The Deployment selects every pod: record this Warning ("SelectingAll"). */
	char *selecting_all;
	/* Requeue for a progress check after this many ms (requeueStuckDeployment);
	 * 0: now (rate limited); -1: no need. */
	int64_t requeue_after_ms;
} kc_dep_plan;

typedef struct kc_dep_input {
	const cJSON *deployment;
	const cJSON *const *rss; /* the ReplicaSets it owns (claimed) */
	size_t n_rss;
	const cJSON *const *pods; /* the pods those ReplicaSets control, any phase */
	size_t n_pods;
	kc_time now;
} kc_dep_input;

/* One syncDeployment. *ret gets the writes (maybe none); -EINVAL with a
 * message for a Deployment it cannot act on (kc_dep_spec_parse's), and
 * other errors upstream's sync returns ("deployment type X isn't
 * supported"); *ret is then left empty. kc_dep_plan_clear frees it. */
int kc_dep_sync(const kc_dep_input *in, kc_dep_plan *ret, kc_error *err);
void kc_dep_plan_clear(kc_dep_plan *p);

/* ---- what the controller writes around the plan ---- */

/* A copy of d (to PUT to its status) with status.collisionCount one
 * higher (a hash collision on the new ReplicaSet's name). */
cJSON *kc_dep_with_collision(const cJSON *d);
/* A copy of d with Progressing=False ReplicaSetCreateError msg (the new
 * ReplicaSet could not be made), or NULL when d has no progress deadline. */
cJSON *kc_dep_with_create_failure(const cJSON *d, const char *msg, kc_time now);
/* The strategic merge patch adopting rs: {"metadata":{"ownerReferences":
 * [<d's controller reference>],"uid":"<rs uid>"}}. New object. */
cJSON *kc_dep_adopt_patch(const cJSON *d, const cJSON *rs);
/* metav1.NewControllerRef for d (apps/v1 Deployment). New object. */
cJSON *kc_dep_controller_ref(const cJSON *d);

#endif
