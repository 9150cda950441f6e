/* cm.c - the controller-manager's shared context (cm.h): shared informers,
 * work queues that wait for their controller's caches and report to
 * /metrics, and the controllers' start and stop. Events are in events.c,
 * expectations in expectations.c. */
#include "controller-manager/cm.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/map.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "controller-manager/cm_internal.h"
#include "banned.h"

/* How long a queue waits before looking again whether its controller's
 * informers have synced. */
#define SYNC_POLL_MS 100

/* A controller's queue: the process callback is wrapped to wait for the
 * controller's caches and to time each sync. */
typedef struct cm_queue {
	kc_cm *cm;
	struct cm_controller *owner; /* NULL for queues made outside a start */
	char *name;
	kc_queue *q;
	kc_queue_process_fn process;
	void *userdata;
	uint64_t last_adds, last_retries; /* what /metrics has seen already */
} cm_queue;

typedef struct cm_controller {
	const kc_controller_def *def;
	void *state;
	kc_informer **informers; /* the ones its start asked for */
	size_t ninformers;
} cm_controller;

struct kc_cm {
	struct event_base *base;
	kc_client *client;
	kc_cm_options opts;
	kc_metrics *metrics, *own_metrics;
	kc_metric *m_depth, *m_adds, *m_retries, *m_work;
	kc_map *informers_by_path; /* path -> kc_informer (the map owns nothing) */
	kc_informer **informers;
	size_t ninformers;
	bool informers_started;
	cm_queue **queues;
	size_t nqueues;
	cm_controller *controllers;
	size_t ncontrollers;
	cm_controller *starting; /* the controller whose start is running */
	cm_expectations *expectations;
	cm_events *events;
};

struct event_base *kc_cm_base(kc_cm *cm) { return cm->base; }
kc_client *kc_cm_client(kc_cm *cm) { return cm->client; }
const kc_cm_options *kc_cm_opts(kc_cm *cm) { return &cm->opts; }
kc_metrics *kc_cm_metrics(kc_cm *cm) { return cm->metrics; }
cm_expectations *kc_cm_expectations_of(kc_cm *cm) { return cm->expectations; }
cm_events *kc_cm_events_of(kc_cm *cm) { return cm->events; }

kc_cm *kc_cm_new(struct event_base *base, kc_client *client, const kc_cm_options *opts, kc_metrics *metrics)
{
	kc_cm *cm = xcalloc(1, sizeof(*cm));
	cm->base = base;
	cm->client = client;
	cm->opts = *opts;
	if (!metrics)
		metrics = cm->own_metrics = kc_metrics_new();
	cm->metrics = metrics;
	static const char *const name[] = {"name", NULL};
	cm->m_depth = kc_metrics_gauge(metrics, "workqueue_depth", "Current depth of workqueue", name);
	cm->m_adds = kc_metrics_counter(metrics, "workqueue_adds_total", "Total number of adds handled by workqueue",
					name);
	cm->m_retries = kc_metrics_counter(metrics, "workqueue_retries_total",
					   "Total number of retries handled by workqueue", name);
	cm->m_work = kc_metrics_histogram(metrics, "workqueue_work_duration_seconds",
					  "How long in seconds processing an item from workqueue takes.", name,
					  kc_metrics_latency_buckets, kc_metrics_latency_nbuckets);
	cm->informers_by_path = kc_map_new(NULL);
	cm->expectations = cm_expectations_new();
	cm->events = cm_events_new(client);
	return cm;
}

static void informer_error(const kc_error *err, void *userdata)
{
	kc_log_v(2, "informer %s: %s", (const char *)userdata, err->msg);
}

kc_informer *kc_cm_informer(kc_cm *cm, const char *path)
{
	kc_informer *inf = kc_map_get(cm->informers_by_path, path);
	if (!inf) {
		kc_informer_config cfg = {
			.path = path,
			.resync_ms = cm->opts.min_resync_ms,
			.on_error = informer_error,
		};
		inf = kc_informer_new(cm->base, cm->client, &cfg, NULL);
		if (!inf) { /* only a NULL path fails: a bug in the controller */
			kc_log_error("no informer for a NULL path");
			abort();
		}
		kc_map_put(cm->informers_by_path, path, inf);
		cm->informers = xrealloc(cm->informers, (cm->ninformers + 1) * sizeof(*cm->informers));
		cm->informers[cm->ninformers++] = inf;
		if (cm->informers_started)
			kc_informer_start(inf);
	}
	cm_controller *c = cm->starting;
	if (c) {
		c->informers = xrealloc(c->informers, (c->ninformers + 1) * sizeof(*c->informers));
		c->informers[c->ninformers++] = inf;
	}
	return inf;
}

bool kc_cm_synced(kc_cm *cm)
{
	for (size_t i = 0; i < cm->ninformers; i++)
		if (!kc_informer_has_synced(cm->informers[i]))
			return false;
	return true;
}

static bool controller_synced(const cm_controller *c)
{
	for (size_t i = 0; i < c->ninformers; i++)
		if (!kc_informer_has_synced(c->informers[i]))
			return false;
	return true;
}

static kc_queue_result queue_process(kc_queue *q, const char *key, void *userdata)
{
	cm_queue *cq = userdata;
	/* upstream's WaitForCacheSync: acting on a half-filled cache would
	 * create what exists already */
	if (cq->owner ? !controller_synced(cq->owner) : !kc_cm_synced(cq->cm))
		return kc_queue_after(SYNC_POLL_MS);
	int64_t t0 = kc_time_now_usec();
	kc_queue_result r = cq->process(q, key, cq->userdata);
	const char *values[] = {cq->name};
	kc_metric_observe(cq->cm->m_work, values, (double)(kc_time_now_usec() - t0) / 1e6);
	return r;
}

/* --concurrent-*-syncs by queue name (upstream's queue names). */
static int concurrency_for(const kc_cm_options *o, const char *name)
{
	static const struct {
		const char *prefix;
		size_t offset;
	} rows[] = {
		{"deployment", offsetof(kc_cm_options, concurrent_deployment_syncs)},
		{"replicaset", offsetof(kc_cm_options, concurrent_replicaset_syncs)},
		{"replicationmanager", offsetof(kc_cm_options, concurrent_rc_syncs)},
		{"endpoint_slice", offsetof(kc_cm_options, concurrent_service_endpoint_syncs)},
		{"endpoint", offsetof(kc_cm_options, concurrent_endpoint_syncs)},
		{"namespace", offsetof(kc_cm_options, concurrent_namespace_syncs)},
		{"garbage_collector", offsetof(kc_cm_options, concurrent_gc_syncs)},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(rows); i++)
		if (str_startswith(name, rows[i].prefix))
			return *(const int *)((const char *)o + rows[i].offset);
	return 0;
}

kc_queue *kc_cm_queue(kc_cm *cm, const char *name, kc_queue_process_fn process, void *userdata)
{
	cm_queue *cq = xcalloc(1, sizeof(*cq));
	cq->cm = cm;
	cq->owner = cm->starting;
	cq->name = xstrdup(name);
	cq->process = process;
	cq->userdata = userdata;
	int per_turn = concurrency_for(&cm->opts, name);
	kc_queue_config cfg = {.name = name, .max_per_iteration = per_turn > 0 ? (unsigned)per_turn : 0};
	cq->q = kc_queue_new(cm->base, &cfg, queue_process, cq);
	cm->queues = xrealloc(cm->queues, (cm->nqueues + 1) * sizeof(*cm->queues));
	cm->queues[cm->nqueues++] = cq;
	return cq->q;
}

void kc_cm_update_metrics(kc_cm *cm)
{
	for (size_t i = 0; i < cm->nqueues; i++) {
		cm_queue *cq = cm->queues[i];
		kc_queue_metrics m;
		kc_queue_get_metrics(cq->q, &m);
		const char *values[] = {cq->name};
		kc_metric_set(cm->m_depth, values, (double)m.depth);
		kc_metric_add(cm->m_adds, values, (double)(m.adds - cq->last_adds));
		kc_metric_add(cm->m_retries, values, (double)(m.retries - cq->last_retries));
		cq->last_adds = m.adds;
		cq->last_retries = m.retries;
	}
}

int kc_cm_start_controllers(kc_cm *cm, const kc_controller_def *const *defs, size_t n)
{
	int failed = 0;
	cm->controllers = xrealloc(cm->controllers, (cm->ncontrollers + n) * sizeof(*cm->controllers));
	for (size_t i = 0; i < n; i++) {
		cm_controller *c = &cm->controllers[cm->ncontrollers];
		*c = (cm_controller){.def = defs[i]};
		cm->starting = c;
		c->state = defs[i]->start(cm);
		cm->starting = NULL;
		if (!c->state) {
			kc_log_error("Error starting controller \"%s\"", defs[i]->name);
			free(c->informers);
			failed++;
			continue;
		}
		kc_log_info("Started controller \"%s\"", defs[i]->name);
		cm->ncontrollers++;
	}
	cm->informers_started = true;
	for (size_t i = 0; i < cm->ninformers; i++)
		kc_informer_start(cm->informers[i]);
	/* the queues' first looks at their caches */
	kc_cm_update_metrics(cm);
	return failed;
}

void kc_cm_free(kc_cm *cm)
{
	if (!cm)
		return;
	for (size_t i = 0; i < cm->nqueues; i++)
		kc_queue_shutdown(cm->queues[i]->q);
	for (size_t i = cm->ncontrollers; i-- > 0;) {
		cm->controllers[i].def->stop(cm->controllers[i].state);
		free(cm->controllers[i].informers);
	}
	free(cm->controllers);
	for (size_t i = 0; i < cm->nqueues; i++) {
		kc_queue_free(cm->queues[i]->q);
		free(cm->queues[i]->name);
		free(cm->queues[i]);
	}
	free(cm->queues);
	for (size_t i = 0; i < cm->ninformers; i++)
		kc_informer_free(cm->informers[i]);
	free(cm->informers);
	kc_map_free(cm->informers_by_path);
	cm_expectations_free(cm->expectations);
	cm_events_free(cm->events);
	kc_metrics_free(cm->own_metrics);
	free(cm);
}
