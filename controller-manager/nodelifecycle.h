/* nodelifecycle.h - the pure parts of the "nodelifecycle" controller
 * (nodelifecycle.c: node health from Leases and status heartbeats, the
 * not-ready/unreachable taints, zone disruption) and of the
 * "taint-eviction-controller" (tainteviction.c: pods on nodes with NoExecute
 * taints they do not tolerate are deleted). Upstream's
 * pkg/controller/nodelifecycle, pkg/controller/tainteviction,
 * pkg/controller/util/node and the toleration helpers of
 * pkg/apis/core/v1/helper, over cJSON.
 *
 * Objects are borrowed cJSON trees; functions returning cJSON * return a new
 * tree the caller frees with cJSON_Delete. Times: *_ms are the caller's
 * monotonic milliseconds (the controller's own clock, as upstream measures
 * probe times with its own clock, not the kubelet's); now_rfc3339 is the
 * wall time written into conditions and taints. */
#ifndef KC_CM_NODELIFECYCLE_H
#define KC_CM_NODELIFECYCLE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/informer.h"
#include "common/timeutil.h"

/* Taint keys (k8s.io/api/core/v1 well_known_taints.go). */
#define KC_TAINT_NOT_READY          "node.kubernetes.io/not-ready"
#define KC_TAINT_UNREACHABLE        "node.kubernetes.io/unreachable"
#define KC_TAINT_UNSCHEDULABLE      "node.kubernetes.io/unschedulable"
#define KC_TAINT_MEMORY_PRESSURE    "node.kubernetes.io/memory-pressure"
#define KC_TAINT_DISK_PRESSURE      "node.kubernetes.io/disk-pressure"
#define KC_TAINT_NETWORK_UNAVAILABLE "node.kubernetes.io/network-unavailable"
#define KC_TAINT_PID_PRESSURE       "node.kubernetes.io/pid-pressure"
#define KC_NODE_LEASE_NAMESPACE     "kube-node-lease"
#define KC_LABEL_EXCLUDE_DISRUPTION "node.kubernetes.io/exclude-disruption"

/* ---- tolerations (v1helper; in tainteviction.c) ---- */

/* Toleration.ToleratesTaint: effect empty or equal, key empty or equal,
 * and operator Exists, or Equal/empty with equal values. */
bool kc_nl_tolerates(const cJSON *toleration, const cJSON *taint);

/* When a pod with these tolerations must go from a node with these
 * NoExecute taints (processPodOnNode with GetMatchingTolerations and
 * getMinTolerationTime): -1 never (every taint tolerated, by tolerations
 * without tolerationSeconds), 0 at once (a taint not tolerated, or a
 * matching toleration with tolerationSeconds <= 0), else the smallest
 * tolerationSeconds of the tolerations that matched (each taint's first
 * matching toleration), in seconds. No taints: -1. *ret_all_tolerated (may
 * be NULL) says whether every taint had a matching toleration. taints and
 * tolerations are JSON arrays (or NULL). */
int64_t kc_nl_eviction_delay(const cJSON *taints, const cJSON *tolerations, bool *ret_all_tolerated);

/* The NoExecute taints of a node's spec.taints, as a new array (maybe
 * empty). */
cJSON *kc_nl_noexecute_taints(const cJSON *taints);

/* ---- taints on a node (taintutils) ---- */

/* Whether taints has one with this key and effect (MatchTaint). */
bool kc_nl_taint_exists(const cJSON *taints, const char *key, const char *effect);

/* SwapNodeControllerTaint's result: spec.taints with every taint matching
 * (key, effect) of remove taken out and each of add put in with timeAdded
 * now_rfc3339, replacing a taint of the same key and effect (an identical
 * one is kept as it is, timeAdded included). add and remove are arrays of
 * {key, effect} ("effect" strings); n_* their lengths. Returns the new
 * taints (maybe empty), or NULL when they would not change. */
typedef struct kc_nl_taint_ref {
	const char *key;
	const char *effect;
} kc_nl_taint_ref;
cJSON *kc_nl_swap_taints(const cJSON *taints, const kc_nl_taint_ref *add, size_t n_add, const kc_nl_taint_ref *remove,
			 size_t n_remove, const char *now_rfc3339);

/* doNoScheduleTaintingPass: the NoSchedule taints the node's conditions and
 * spec.unschedulable call for (Ready False: not-ready, Ready Unknown:
 * unreachable, MemoryPressure/DiskPressure/NetworkUnavailable/PIDPressure
 * True: theirs, unschedulable: unschedulable), compared with the node's
 * NoSchedule taints of those keys: fills add and remove (room for 8 each)
 * and returns true when anything differs. */
bool kc_nl_noschedule_diff(const cJSON *node, kc_nl_taint_ref add[8], size_t *n_add, kc_nl_taint_ref remove[8],
			   size_t *n_remove);

/* reconcileNodeLabels: beta.kubernetes.io/os and beta.kubernetes.io/arch
 * follow kubernetes.io/os and kubernetes.io/arch (added when missing,
 * corrected when different). Returns a labels object to merge-patch, or NULL
 * when nothing is to change. */
cJSON *kc_nl_labels_to_reconcile(const cJSON *node);

/* GetZoneKey: "region:\x01:zone" from the topology labels (or their
 * failure-domain.beta forms); "" when both are empty. Upstream separates
 * with a NUL, which C strings cannot hold. Writes into buf. */
const char *kc_nl_zone_key(const cJSON *node, char *buf, size_t n);

/* ---- node health (tryUpdateNodeHealth) ---- */

typedef enum kc_nl_ready {
	KC_NL_READY_NONE, /* no Ready condition */
	KC_NL_READY_TRUE,
	KC_NL_READY_FALSE,
	KC_NL_READY_UNKNOWN,
} kc_nl_ready;

/* The Ready condition's status. */
kc_nl_ready kc_nl_node_ready(const cJSON *node);

/* What the controller remembers of one node between passes
 * (nodeHealthData). Zeroed is "never seen". Free with kc_nl_health_clear. */
typedef struct kc_nl_health {
	bool known;                  /* nodeHealth != nil */
	int64_t probe_ms;            /* last sign of life, controller's clock */
	int64_t ready_transition_ms; /* last Ready transition seen */
	bool saved_ready;            /* the saved status had a Ready condition */
	char *saved_ready_heartbeat; /* its lastHeartbeatTime and lastTransitionTime */
	char *saved_ready_transition;
	bool saved_lease;            /* a Lease was seen */
	kc_time lease_renew;         /* its spec.renewTime */
} kc_nl_health;

void kc_nl_health_clear(kc_nl_health *h);

/* One look at node (and its Lease, may be NULL), as tryUpdateNodeHealth:
 * the probe time moves to now_ms when the Ready condition's heartbeat
 * changed or the Lease was renewed; when now_ms is past probe_ms + grace
 * (startup_grace_ms for a node whose kubelet never posted a Ready
 * condition), every one of Ready, MemoryPressure, DiskPressure and
 * PIDPressure is set Unknown (reason NodeStatusUnknown, "Kubelet stopped
 * posting node status.", or NodeStatusNeverUpdated, "Kubelet never posted
 * node status." for a condition missing), with lastTransitionTime
 * now_rfc3339. If that changes the Ready condition, *ret_updated gets the
 * node to write back (a copy; caller frees) and h records it as written;
 * otherwise *ret_updated is NULL. *ret_observed gets the Ready status
 * before (Unknown when the node has no Ready condition, as upstream's fake
 * condition), *ret_current after (NONE when there is still none). */
void kc_nl_update_health(kc_nl_health *h, const cJSON *node, const cJSON *lease, int64_t now_ms,
			 const char *now_rfc3339, int64_t grace_ms, int64_t startup_grace_ms, cJSON **ret_updated,
			 kc_nl_ready *ret_observed, kc_nl_ready *ret_current);

/* MarkPodsNotReady for one pod: sets its Ready condition's status False
 * (lastTransitionTime now_rfc3339 when it changes). Returns true when pod
 * (a copy the caller owns) changed. A pod without a Ready condition is left
 * alone. */
bool kc_nl_pod_mark_not_ready(cJSON *pod, const char *now_rfc3339);

/* The DisruptionTarget condition the taint eviction adds before deleting
 * (reason DeletionByTaintManager, "Taint manager: deleting due to NoExecute
 * taint"): sets it in the pod copy, returns true when that changed it. */
bool kc_nl_pod_add_disruption_target(cJSON *pod, const char *now_rfc3339);

/* ---- zones ---- */

typedef enum kc_nl_zone_state {
	KC_NL_ZONE_INITIAL,
	KC_NL_ZONE_NORMAL,
	KC_NL_ZONE_FULL_DISRUPTION,
	KC_NL_ZONE_PARTIAL_DISRUPTION,
} kc_nl_zone_state;

/* ComputeZoneState: no ready node (and some not ready): full disruption;
 * more than 2 not ready and at least threshold of them: partial; else
 * normal. */
kc_nl_zone_state kc_nl_compute_zone_state(int ready, int not_ready, double unhealthy_threshold);
const char *kc_nl_zone_state_name(kc_nl_zone_state s);

/* ---- the rate-limited tainting queue (RateLimitedTimedQueue with a token
 * bucket of burst 1) ---- */

typedef struct kc_nl_tainter kc_nl_tainter;

/* qps <= 0 never lets anything through. The bucket starts full. */
kc_nl_tainter *kc_nl_tainter_new(double qps, int64_t now_ms);
void kc_nl_tainter_free(kc_nl_tainter *t);
/* Queues name (processed from now_ms on) unless it is in the set (queued,
 * or processed and not removed since). Returns whether it was added. */
bool kc_nl_tainter_add(kc_nl_tainter *t, const char *name, const char *uid, int64_t now_ms);
/* Takes name out of the queue and the set. Returns whether it was there. */
bool kc_nl_tainter_remove(kc_nl_tainter *t, const char *name);
/* Replaces the rate (SwapLimiter): a new full bucket, drained at once if the
 * old one was empty. Same rate: nothing changes. */
void kc_nl_tainter_swap_limiter(kc_nl_tainter *t, double qps, int64_t now_ms);
double kc_nl_tainter_qps(const kc_nl_tainter *t);
/* Names queued (not counting processed ones kept in the set). */
size_t kc_nl_tainter_len(const kc_nl_tainter *t);

/* fn handles one queued name: returns true when done (the name leaves the
 * queue but stays in the set), false to be tried again retry_ms later. */
typedef bool (*kc_nl_tainter_fn)(const char *name, const char *uid, int64_t *ret_retry_ms, void *userdata);
/* Try: while the head is due and the bucket gives a token, hands it to fn. */
void kc_nl_tainter_try(kc_nl_tainter *t, int64_t now_ms, kc_nl_tainter_fn fn, void *userdata);

/* Adds the "spec.nodeName" index (pods by the node they are bound to) to a
 * pods informer, unless it has one already (the controllers share it). */
void kc_nl_add_pod_node_index(kc_informer *pods);

#endif
