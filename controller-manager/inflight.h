/* inflight.h - the API writes a controller has in flight, per work-queue
 * key, for controllers whose reconcile starts asynchronous requests.
 *
 * A kc_queue process callback returns at once, but the writes it started
 * answer later. Two things then need care, and this does them:
 *   - a key must not be reconciled again while its writes are in flight
 *     (the cache does not show them yet: a second pass would create twice).
 *     kc_cm_inflight_busy() says so and remembers to queue the key again
 *     once its writes are done;
 *   - a failed write must requeue its key with back-off (client-go's
 *     AddRateLimited after a failed sync). The queue forgets a key's
 *     failures when the process callback returns KC_QUEUE_DONE, so the
 *     failures are counted here: when the last request of a key answers,
 *     a key with a failure is queued after 5 ms * 2^(failures-1) (capped at
 *     1000 s, client-go's default controller rate limiter); a key whose
 *     writes all succeeded has its count reset.
 *
 *     static int on_created(kc_response *resp, const char *key, void *data) {
 *             return resp->status == 201 ? 0 : -EIO;   (negative: retry)
 *     }
 *     static int sync(const char *key, void *userdata) {
 *             ... compare the cache with what should be ...
 *             return kc_cm_inflight_send(ctl->inflight, key, "POST", path, obj, on_created, NULL, NULL);
 *     }
 *     static kc_queue_result process(kc_queue *q, const char *key, void *userdata) {
 *             return kc_cm_inflight_run(ctl->inflight, key, sync, ctl);
 *     }
 *
 * A callback may send more requests for the same key (a multi-step sync):
 * the key stays busy until the last one has answered.
 *
 * Ownership: the set copies keys and paths, serialises bodies at once;
 * callback data is the caller's until the callback ran, then freed with
 * free_data (also when the request is cancelled). kc_cm_inflight_free()
 * cancels every request without calling callbacks. Single-threaded: the
 * loop's thread only. */
#ifndef KC_CM_INFLIGHT_H
#define KC_CM_INFLIGHT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/client.h"
#include "common/workqueue.h"

typedef struct kc_cm_inflight kc_cm_inflight;

/* Requests go through client; requeues go to q (borrowed: both must
 * outlive the set). */
kc_cm_inflight *kc_cm_inflight_new(kc_client *client, kc_queue *q);
/* Cancels every request in flight (no callback runs) and frees the set.
 * NULL is fine. */
void kc_cm_inflight_free(kc_cm_inflight *f);

/* True when key has requests in flight; the key is then queued again once
 * they have all answered. */
bool kc_cm_inflight_busy(kc_cm_inflight *f, const char *key);

/* One reconcile of key: returns 0, or a negative errno to count a failure. */
typedef int (*kc_cm_inflight_sync_fn)(const char *key, void *userdata);

/* Runs sync for key unless key is busy (then it is queued again when its
 * requests are done). When sync returns and nothing it sent is in flight
 * any more, the key's failures are settled: a failure (sync's result or a
 * send that could not start) requeues it with back-off, a clean run resets
 * its count. Always returns kc_queue_done(): the queue's own back-off is
 * not used (see above). */
kc_queue_result kc_cm_inflight_run(kc_cm_inflight *f, const char *key, kc_cm_inflight_sync_fn sync,
				   void *userdata);

/* Handles one answer (resp borrowed for the call). Returns 0, or a negative
 * errno to count a failure for the key (it is then requeued with back-off
 * once its last request has answered). */
typedef int (*kc_cm_inflight_cb)(kc_response *resp, const char *key, void *data);

/* Sends method on path with body (NULL: none) for key. cb may be NULL (any
 * status >= 400 then counts as a failure). data is handed to cb and then
 * freed with free_data (may be NULL). Returns 0, or a negative errno when
 * the request could not be started: a failure is then counted for key
 * (and data freed) as if it had answered with an error. */
int kc_cm_inflight_send(kc_cm_inflight *f, const char *key, const char *method, const char *path,
			const cJSON *body, kc_cm_inflight_cb cb, void *data, void (*free_data)(void *));

/* Counts a failure for key without a request (e.g. a sync that could not
 * start): requeued with back-off now if nothing is in flight for it,
 * otherwise when its last request answers. */
void kc_cm_inflight_fail(kc_cm_inflight *f, const char *key);

/* Requests in flight for key (0 when none), and overall. */
unsigned kc_cm_inflight_count(const kc_cm_inflight *f, const char *key);
unsigned kc_cm_inflight_total(const kc_cm_inflight *f);

/* The back-off for the n-th consecutive failure (n >= 1), in ms:
 * 5 * 2^(n-1), at most 1000 s. */
uint64_t kc_cm_inflight_backoff_ms(unsigned n);

/* True when resp is a 403 whose Status carries the cause
 * NamespaceTerminating (a create in a namespace being deleted, which will
 * keep failing: callers drop the key as upstream does). */
bool kc_cm_namespace_terminating(const kc_response *resp);

#endif
