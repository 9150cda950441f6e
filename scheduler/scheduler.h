/* scheduler.h - the scheduling loop of kc-scheduler: informers on pods,
 * nodes, PersistentVolumeClaims and PersistentVolumes keep the cache
 * (sched.h) and the queue (queue.h); pods are taken one at a time, placed
 * by the filters and scores, assumed on their node at once (so that the
 * next decision already counts them) and bound through pods/binding. A pod
 * that fits nowhere gets PodScheduled=False with upstream's message and a
 * FailedScheduling event; a bound one a Scheduled event. */
#ifndef KC_SCHEDULER_H
#define KC_SCHEDULER_H

#include "common/client.h"
#include "common/metrics.h"

struct event_base;

typedef struct scheduler scheduler;

/* Makes the scheduler on base and client (borrowed) for pods whose
 * spec.schedulerName is name (or unset, for "default-scheduler"); its
 * figures go into metrics (borrowed). Starts nothing. */
scheduler *scheduler_new(struct event_base *base, kc_client *client, const char *name, kc_metrics *metrics);
/* Starts the informers; scheduling begins once pods and nodes synced. */
void scheduler_start(scheduler *s);
/* Refreshes the queue gauges (scheduler_pending_pods). */
void scheduler_update_metrics(scheduler *s);
void scheduler_free(scheduler *s);

#endif
