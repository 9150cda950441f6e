/* workqueue.h - a rate-limited work queue of string keys for one libevent
 * loop, in the spirit of client-go's workqueue (controllers enqueue
 * "namespace/name" keys from informer handlers and reconcile them one at a
 * time).
 *
 * What it guarantees, as client-go's does:
 *   - De-duplication: a key added many times before it is processed is
 *     processed once.
 *   - A key is never processed twice at the same time, and a key added while
 *     it is being processed (the "dirty" set) is processed again afterwards.
 *   - Per-key exponential back-off for failures (base doubling per failure up
 *     to a cap: client-go's ItemExponentialFailureRateLimiter, 5 ms to
 *     1000 s by default), reset when the key succeeds (Forget).
 *   - Delayed adds (AddAfter): a key waiting for its time is queued once,
 *     at the earliest time asked for.
 *
 * How it runs: keys are processed by the process callback, called from the
 * loop, never from inside kc_queue_add(): an add makes the queue's event
 * active, so adding from inside any callback (including the process
 * callback itself) never recurses. At most max_per_iteration keys are
 * processed per run of that event; if keys remain, the queue re-arms itself
 * with a zero timeout so that the loop polls its sockets before the next
 * batch (a busy queue never starves I/O).
 *
 * Delayed keys (back-off and AddAfter) live in one min-heap ordered by ready
 * time, with a single evtimer armed for the earliest; a map from key to heap
 * slot makes "already waiting" an O(1) check. One timer per queue, not per
 * key, because a controller in trouble can hold thousands of keys in
 * back-off.
 *
 * Ownership: the queue copies keys; the key passed to the process callback
 * is borrowed for the duration of the call. Single-threaded: every function
 * must be called from the loop's thread. */
#ifndef KC_WORKQUEUE_H
#define KC_WORKQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;

typedef struct kc_queue kc_queue;

/* What the process callback asks the queue to do with the key. */
typedef enum kc_queue_action {
	KC_QUEUE_DONE,  /* success: forget the key's failures */
	KC_QUEUE_RETRY, /* failure: requeue after the key's back-off, count a failure */
	KC_QUEUE_AFTER, /* requeue after delay_ms (e.g. a minReadySeconds wait);
	                 * forgets failures, as client-go controllers do with
	                 * Forget + AddAfter */
} kc_queue_action;

typedef struct kc_queue_result {
	kc_queue_action action;
	uint64_t delay_ms; /* KC_QUEUE_AFTER only */
} kc_queue_result;

static inline kc_queue_result kc_queue_done(void)
{
	return (kc_queue_result){KC_QUEUE_DONE, 0};
}
static inline kc_queue_result kc_queue_retry(void)
{
	return (kc_queue_result){KC_QUEUE_RETRY, 0};
}
static inline kc_queue_result kc_queue_after(uint64_t delay_ms)
{
	return (kc_queue_result){KC_QUEUE_AFTER, delay_ms};
}

/* Processes one key (borrowed for the call). It may add keys (itself too:
 * the key is then processed again after this call, whatever the result
 * says), call kc_queue_shutdown(), and run anything else on the loop, but
 * must not call kc_queue_free() on its own queue. */
typedef kc_queue_result (*kc_queue_process_fn)(kc_queue *q, const char *key, void *userdata);

typedef struct kc_queue_config {
	const char *name;           /* for metrics and logs, e.g. "deployment"; copied */
	uint64_t base_delay_ms;     /* first back-off; 0: 5 ms */
	uint64_t max_delay_ms;      /* back-off cap; 0: 1000 s */
	unsigned max_per_iteration; /* keys per loop iteration; 0: 32 */
} kc_queue_config;

/* Makes a queue on base. cfg may be NULL (defaults). Never returns NULL
 * (running out of memory aborts, as xmalloc does). */
kc_queue *kc_queue_new(struct event_base *base, const kc_queue_config *cfg, kc_queue_process_fn process,
                       void *userdata);
/* Frees the queue and every key in it; no callback runs after this. NULL is
 * fine. Not from inside the queue's own process callback. */
void kc_queue_free(kc_queue *q);

/* Queues key for processing (a no-op if it is already queued, or after
 * shutdown). If key is being processed, it is processed again afterwards. */
void kc_queue_add(kc_queue *q, const char *key);
/* Queues key once delay_ms has passed (0: now). If key is already waiting,
 * the earlier of the two times wins. */
void kc_queue_add_after(kc_queue *q, const char *key, uint64_t delay_ms);
/* Counts a failure for key and queues it after its back-off:
 * base_delay * 2^(failures before this one), capped at max_delay. For
 * callers whose work finishes later (an API request's callback) than the
 * process callback that started it. */
void kc_queue_add_rate_limited(kc_queue *q, const char *key);
/* Forgets key's failures (its next back-off starts from base_delay again).
 * Does not remove key from the queue. */
void kc_queue_forget(kc_queue *q, const char *key);
/* How many failures key has had since it was last forgotten (client-go's
 * NumRequeues), e.g. to give up after N tries. */
unsigned kc_queue_num_requeues(const kc_queue *q, const char *key);
/* The back-off the next failure of key would get, in ms (for logs). */
uint64_t kc_queue_next_backoff_ms(const kc_queue *q, const char *key);

/* Keys ready to be processed (not counting the one being processed or the
 * ones waiting for a delay). */
size_t kc_queue_len(const kc_queue *q);
/* Keys waiting for a delay (back-off or add_after). */
size_t kc_queue_waiting(const kc_queue *q);

/* Stops the queue: queued and waiting keys are dropped, later adds are
 * ignored, no process callback starts after this (a running one finishes
 * and its result is ignored). Unlike client-go, which still hands out keys
 * queued before ShutDown, nothing more runs: a daemon shutting down its
 * single loop wants to stop now. Idempotent. */
void kc_queue_shutdown(kc_queue *q);
bool kc_queue_shutting_down(const kc_queue *q);

/* Counters for /metrics (client-go's workqueue_* metrics). */
typedef struct kc_queue_metrics {
	const char *name;             /* the config's name ("" if none); owned by the queue */
	size_t depth;                 /* workqueue_depth: keys ready to be processed */
	size_t waiting;               /* keys waiting for a delay */
	uint64_t adds;                /* workqueue_adds_total: adds that queued a key */
	uint64_t retries;             /* workqueue_retries_total: rate-limited adds */
	uint64_t processed;           /* process callbacks run */
	double queue_latency_seconds; /* sum of time from queued to processing start */
	double work_duration_seconds; /* sum of time spent in the process callback */
} kc_queue_metrics;

void kc_queue_get_metrics(const kc_queue *q, kc_queue_metrics *ret);

#endif
