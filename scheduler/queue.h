/* queue.h - the scheduling queue (upstream's PriorityQueue): pods waiting
 * to be scheduled, by pod key "ns/name", in three parts:
 *   - active: taken highest spec.priority first, then oldest first;
 *   - backoff: pods whose last attempt failed for a reason that may pass
 *     (a binding refused), waiting 1 s doubling to 10 s per attempt;
 *   - unschedulable: pods no node fits; they wait for a change in the
 *     cluster (sched_queue_move_all: a node added or changed, a pod gone),
 *     or at most 5 minutes (sched_queue_flush), then go back to active (or
 *     to backoff if theirs has not run out).
 * Times are monotonic milliseconds given by the caller. */
#ifndef KC_SCHED_QUEUE_H
#define KC_SCHED_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sched_queue sched_queue;

sched_queue *sched_queue_new(void);
void sched_queue_free(sched_queue *q);

/* A pod to schedule: into active unless it is there already; a pod in
 * backoff or unschedulable stays there unless moved is true (the pod
 * itself changed in a way that may make it fit). */
void sched_queue_add(sched_queue *q, const char *key, int64_t priority, bool moved, int64_t now);
/* Forgets the pod (deleted, or bound). */
void sched_queue_delete(sched_queue *q, const char *key);
/* The next active pod (caller frees the key), after moving backoff pods
 * whose time has come; false when none. The pod is then "in flight":
 * not in any part until added, backed off or parked again. */
bool sched_queue_pop(sched_queue *q, int64_t now, char **ret_key);
/* After a failed attempt that may pass: into backoff. */
void sched_queue_backoff(sched_queue *q, const char *key, int64_t priority, int64_t now);
/* After an attempt no node fits: into unschedulable. */
void sched_queue_unschedulable(sched_queue *q, const char *key, int64_t priority, int64_t now);
/* Every unschedulable pod back to active (or backoff). */
void sched_queue_move_all(sched_queue *q, int64_t now);
/* Unschedulable pods parked longer than 5 minutes back to active. */
void sched_queue_flush(sched_queue *q, int64_t now);
/* When the earliest backoff runs out (ms, absolute), or -1 if none. */
int64_t sched_queue_next_backoff(const sched_queue *q);

typedef struct sched_queue_counts {
	size_t active, backoff, unschedulable;
} sched_queue_counts;
void sched_queue_get_counts(const sched_queue *q, sched_queue_counts *ret);
/* How many attempts the pod has had (0 if unknown). */
int sched_queue_attempts(const sched_queue *q, const char *key);

#endif
