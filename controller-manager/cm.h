/* cm.h - what every controller of kc-controller-manager gets from the
 * process: the loop, the API client, shared informers, an event recorder,
 * metrics, and a work queue with per-controller metrics.
 *
 * A controller is one file with one kc_controller_def (listed in
 * controllers.c) and starts when the process becomes leader:
 *
 *     static void *start(kc_cm *cm) {
 *             rs_ctl *c = xcalloc(1, sizeof(*c));
 *             c->pods = kc_cm_informer(cm, "/api/v1/pods");
 *             c->q = kc_cm_queue(cm, "replicaset", sync_one, c);
 *             kc_informer_add_handlers(c->pods, &(kc_informer_handlers){...});
 *             return c;
 *     }
 *     const kc_controller_def kc_controller_replicaset = {
 *             .name = "replicaset", .start = start, .stop = stop};
 *
 * Informers are shared: two controllers asking for the same path get the
 * same informer (client-go's SharedInformerFactory); the process starts them
 * all after every controller's start ran, and a controller's queue should
 * not act before the informers it reads have synced (kc_cm_synced).
 *
 * Reconcilers are level-triggered: sync_one(key) reads the current state
 * from the informers and makes the API agree with it. Writes go through
 * kc_client_request (asynchronous); the informer brings the result back.
 * Expectations (kc_cm_expect_*) keep a lagging cache from causing double
 * creates or deletes.
 *
 * A malformed object in the store is reported in an event (kc_cm_event,
 * Warning) and skipped; it never stops a controller. */
#ifndef KC_CM_H
#define KC_CM_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/client.h"
#include "common/informer.h"
#include "common/metrics.h"
#include "common/workqueue.h"

struct event_base;

typedef struct kc_cm kc_cm;

/* The process's options (kube-controller-manager's flag names). */
typedef struct kc_cm_options {
	const char *cluster_cidr;             /* --cluster-cidr, default 10.244.0.0/16 */
	int node_cidr_mask_size;              /* --node-cidr-mask-size, 24 */
	bool allocate_node_cidrs;             /* --allocate-node-cidrs, true in kc */
	int64_t node_monitor_grace_period_ns; /* --node-monitor-grace-period, 40s */
	int64_t node_monitor_period_ns;       /* --node-monitor-period, 5s */
	/* --concurrent-*-syncs: how many keys of that controller's queue are
	 * synced per turn of the loop before it attends to I/O again (kc runs
	 * every controller on one loop; upstream runs that many goroutines).
	 * Looked up by queue name in kc_cm_queue. */
	int concurrent_deployment_syncs;       /* 5 */
	int concurrent_replicaset_syncs;       /* 5 */
	int concurrent_rc_syncs;               /* 5 */
	int concurrent_endpoint_syncs;         /* 5 */
	int concurrent_service_endpoint_syncs; /* 5 (endpoint slices) */
	int concurrent_namespace_syncs;        /* 10 */
	int concurrent_gc_syncs;               /* 20 */
	uint64_t min_resync_ms;                /* --min-resync-period, 12h (0: informers never resync) */
} kc_cm_options;

struct event_base *kc_cm_base(kc_cm *cm);
kc_client *kc_cm_client(kc_cm *cm);
const kc_cm_options *kc_cm_opts(kc_cm *cm);
kc_metrics *kc_cm_metrics(kc_cm *cm);

/* The shared informer for a list path ("/api/v1/pods",
 * "/apis/apps/v1/replicasets"); made on first ask, started by the process. */
kc_informer *kc_cm_informer(kc_cm *cm, const char *path);
/* True once every informer asked for so far has synced. */
bool kc_cm_synced(kc_cm *cm);

/* A work queue named after the controller whose depth, adds, retries and
 * reconcile latency show in /metrics (workqueue_depth{name=...},
 * workqueue_work_duration_seconds ...). Keys added before kc_cm_synced()
 * wait until the informers have synced. Freed by the process at stop. */
kc_queue *kc_cm_queue(kc_cm *cm, const char *name, kc_queue_process_fn process, void *userdata);

/* Records an Event (core/v1) about obj, as client-go's recorder: type
 * "Normal" or "Warning", upstream's reasons ("SuccessfulCreate",
 * "ScalingReplicaSet", "FailedCreate" ...), source component
 * "<controller>-controller" (e.g. "replicaset-controller"); repeated
 * identical events bump count and lastTimestamp. */
void kc_cm_event(kc_cm *cm, const char *component, const cJSON *obj, const char *type, const char *reason,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* ---- expectations (client-go's ControllerExpectations) ----
 * Before a controller sends n creates (deletes) for key it expects them;
 * the informer handlers observe each add (delete); until all are observed,
 * or 5 minutes pass, kc_cm_expectations_satisfied(key) is false and the
 * controller does not create or delete for key again. A failed request
 * lowers the expectation itself (kc_cm_creation_observed). The store is
 * shared by every controller of the process: key it "<Kind>/<ns>/<name>"
 * so that a ReplicaSet and a ReplicationController named alike differ. */
void kc_cm_expect_creations(kc_cm *cm, const char *key, int n);
void kc_cm_expect_deletions(kc_cm *cm, const char *key, int n);
void kc_cm_creation_observed(kc_cm *cm, const char *key);
void kc_cm_deletion_observed(kc_cm *cm, const char *key);
bool kc_cm_expectations_satisfied(kc_cm *cm, const char *key);
void kc_cm_expectations_delete(kc_cm *cm, const char *key);

/* One controller. start runs when the process becomes leader and returns
 * the controller's state (or NULL on failure, logged); stop frees it. */
typedef struct kc_controller_def {
	const char *name; /* upstream's --controllers name: "replicaset", "deployment", ... */
	void *(*start)(kc_cm *cm);
	void (*stop)(void *state);
} kc_controller_def;

/* ---- the process (main.c) and tests ----
 * kc_cm_new makes the context on base and client (borrowed) with opts
 * (copied; strings borrowed) and metrics (borrowed, may be NULL: then one
 * of its own). kc_cm_start_controllers starts each named controller (the
 * defs are borrowed and must outlive cm), then every informer; it returns
 * the number that failed to start. kc_cm_free stops the queues, the
 * controllers (stop, in reverse order), the informers, and frees cm. */
kc_cm *kc_cm_new(struct event_base *base, kc_client *client, const kc_cm_options *opts, kc_metrics *metrics);
int kc_cm_start_controllers(kc_cm *cm, const kc_controller_def *const *defs, size_t n);
void kc_cm_free(kc_cm *cm);
/* Refreshes the queue gauges (workqueue_depth ...) in the metrics. */
void kc_cm_update_metrics(kc_cm *cm);

#endif
