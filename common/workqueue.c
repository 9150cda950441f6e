/* workqueue.c - the rate-limited work queue (see workqueue.h).
 *
 * State, as client-go's Type + delaying + rate-limiting queues, flattened:
 *   fifo       keys ready to process, in order (a ring of owned strings)
 *   dirty      keys that need processing: everything in fifo, plus a key
 *              re-added while it was being processed (not in fifo until
 *              its processing ends)
 *   processing the key inside the process callback, or NULL
 *   heap       keys waiting for a ready time (min-heap), with waiting
 *              mapping key -> heap slot + 1 so a key waits at most once
 *   failures   key -> failure count, for the exponential back-off */
#include "workqueue.h"

#include <event2/event.h>
#include <time.h>

#include "map.h"
#include "util.h"

#include "banned.h"

#define DEFAULT_BASE_DELAY_MS     5
#define DEFAULT_MAX_DELAY_MS      (1000 * 1000)
#define DEFAULT_MAX_PER_ITERATION 32

typedef struct fifo_item {
	char *key;
	uint64_t queued_ns; /* when it became ready, for queue_latency */
} fifo_item;

typedef struct wait_item {
	uint64_t ready_ns;
	uint64_t seq; /* ties broken by insertion order */
	char *key;
} wait_item;

struct kc_queue {
	struct event_base *base;
	struct event *kick;  /* runs a batch of process callbacks */
	struct event *timer; /* fires at the earliest ready time in heap */
	kc_queue_process_fn process;
	void *userdata;
	char *name;
	uint64_t base_delay_ms;
	uint64_t max_delay_ms;
	unsigned max_per_iteration;

	fifo_item *fifo; /* ring buffer */
	size_t fifo_head, fifo_len, fifo_cap;
	kc_map *dirty; /* key -> (void *)1 */
	const char *processing;

	wait_item *heap;
	size_t heap_len, heap_cap;
	kc_map *waiting;  /* key -> (uintptr_t)(slot + 1) */
	kc_map *failures; /* key -> (uintptr_t)count; absent = 0 */
	uint64_t seq;

	bool kick_pending; /* kick is active or armed, or a batch is running */
	bool shutting_down;

	uint64_t adds, retries, processed;
	uint64_t queue_latency_ns, work_duration_ns;
};

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *count_to_ptr(uintptr_t n)
{
	return (void *)n;
}
static uintptr_t ptr_to_count(const void *p)
{
	return (uintptr_t)p;
}

/* ---- fifo ---- */

static void fifo_push(kc_queue *q, char *key /* taken */)
{
	if (q->fifo_len == q->fifo_cap) {
		size_t ncap = q->fifo_cap ? q->fifo_cap * 2 : 16;
		fifo_item *n = xmalloc(ncap * sizeof(*n));
		for (size_t i = 0; i < q->fifo_len; i++)
			n[i] = q->fifo[(q->fifo_head + i) % q->fifo_cap];
		free(q->fifo);
		q->fifo = n;
		q->fifo_cap = ncap;
		q->fifo_head = 0;
	}
	q->fifo[(q->fifo_head + q->fifo_len) % q->fifo_cap] = (fifo_item){key, now_ns()};
	q->fifo_len++;
}

static fifo_item fifo_pop(kc_queue *q)
{
	fifo_item it = q->fifo[q->fifo_head];
	q->fifo_head = (q->fifo_head + 1) % q->fifo_cap;
	q->fifo_len--;
	return it;
}

static void fifo_clear(kc_queue *q)
{
	while (q->fifo_len > 0)
		free(fifo_pop(q).key);
}

/* ---- heap of waiting keys ---- */

static bool heap_less(const wait_item *a, const wait_item *b)
{
	return a->ready_ns != b->ready_ns ? a->ready_ns < b->ready_ns : a->seq < b->seq;
}

static void heap_set(kc_queue *q, size_t i, wait_item it)
{
	q->heap[i] = it;
	kc_map_put(q->waiting, it.key, count_to_ptr(i + 1));
}

/* Returns the slot where the item ended. */
static size_t heap_up(kc_queue *q, size_t i)
{
	wait_item it = q->heap[i];
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!heap_less(&it, &q->heap[parent]))
			break;
		heap_set(q, i, q->heap[parent]);
		i = parent;
	}
	heap_set(q, i, it);
	return i;
}

static void heap_down(kc_queue *q, size_t i)
{
	wait_item it = q->heap[i];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const wait_item *best = &it;
		if (l < q->heap_len && heap_less(&q->heap[l], best)) {
			m = l;
			best = &q->heap[l];
		}
		if (r < q->heap_len && heap_less(&q->heap[r], best))
			m = r;
		if (m == i)
			break;
		heap_set(q, i, q->heap[m]);
		i = m;
	}
	heap_set(q, i, it);
}

/* Removes and returns the earliest key (the caller frees it). */
static char *heap_pop(kc_queue *q)
{
	char *key = q->heap[0].key;
	kc_map_del(q->waiting, key);
	q->heap_len--;
	if (q->heap_len > 0) {
		q->heap[0] = q->heap[q->heap_len];
		heap_down(q, 0);
	}
	return key;
}

static void heap_clear(kc_queue *q)
{
	for (size_t i = 0; i < q->heap_len; i++)
		free(q->heap[i].key);
	q->heap_len = 0;
	kc_map_clear(q->waiting);
}

static void arm_timer(kc_queue *q)
{
	if (q->heap_len == 0) {
		evtimer_del(q->timer);
		return;
	}
	uint64_t now = now_ns(), ready = q->heap[0].ready_ns;
	uint64_t delta = ready > now ? ready - now : 0;
	/* Round up to the microsecond so the timer never fires before the key
	 * is ready by our clock (a 0-delta re-arm would spin). */
	uint64_t us = (delta + 999) / 1000;
	struct timeval tv = {(time_t)(us / 1000000), (suseconds_t)(us % 1000000)};
	evtimer_add(q->timer, &tv);
}

/* ---- processing ---- */

static void schedule(kc_queue *q)
{
	if (q->kick_pending || q->shutting_down)
		return;
	q->kick_pending = true;
	event_active(q->kick, 0, 0);
}

static void process_one(kc_queue *q)
{
	fifo_item it = fifo_pop(q);
	_cleanup_free_ char *key = it.key;
	kc_map_del(q->dirty, key);
	q->processing = key;

	uint64_t start = now_ns();
	q->queue_latency_ns += start - it.queued_ns;
	kc_queue_result r = q->process(q, key, q->userdata);
	q->work_duration_ns += now_ns() - start;
	q->processed++;
	q->processing = NULL;

	if (q->shutting_down)
		return;
	/* Re-added while being processed: it goes back in line now (it is in
	 * dirty already, so the requeues below cannot queue it twice). */
	if (kc_map_has(q->dirty, key))
		fifo_push(q, xstrdup(key));
	switch (r.action) {
	case KC_QUEUE_DONE:
		kc_queue_forget(q, key);
		break;
	case KC_QUEUE_RETRY:
		kc_queue_add_rate_limited(q, key);
		break;
	case KC_QUEUE_AFTER:
		kc_queue_forget(q, key);
		kc_queue_add_after(q, key, r.delay_ms);
		break;
	}
}

static void kick_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_queue *q = arg;
	/* kick_pending stays true during the batch: adds made from callbacks
	 * only queue keys, and the batch loop below picks them up. */
	for (unsigned n = 0; n < q->max_per_iteration && q->fifo_len > 0 && !q->shutting_down; n++)
		process_one(q);
	q->kick_pending = false;
	if (q->fifo_len > 0 && !q->shutting_down) {
		/* More to do: a zero timeout, not event_active, so the loop polls
		 * its sockets and runs their callbacks before the next batch. */
		struct timeval zero = {0, 0};
		q->kick_pending = true;
		event_add(q->kick, &zero);
	}
}

static void timer_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_queue *q = arg;
	uint64_t now = now_ns();
	while (q->heap_len > 0 && q->heap[0].ready_ns <= now) {
		_cleanup_free_ char *key = heap_pop(q);
		kc_queue_add(q, key);
	}
	arm_timer(q);
}

/* ---- public ---- */

kc_queue *kc_queue_new(struct event_base *base, const kc_queue_config *cfg, kc_queue_process_fn process,
                       void *userdata)
{
	kc_queue *q = xcalloc(1, sizeof(*q));
	q->base = base;
	q->process = process;
	q->userdata = userdata;
	q->name = xstrdup(cfg && cfg->name ? cfg->name : "");
	q->base_delay_ms = cfg && cfg->base_delay_ms ? cfg->base_delay_ms : DEFAULT_BASE_DELAY_MS;
	q->max_delay_ms = cfg && cfg->max_delay_ms ? cfg->max_delay_ms : DEFAULT_MAX_DELAY_MS;
	q->max_per_iteration =
	    cfg && cfg->max_per_iteration ? cfg->max_per_iteration : DEFAULT_MAX_PER_ITERATION;
	q->dirty = kc_map_new(NULL);
	q->waiting = kc_map_new(NULL);
	q->failures = kc_map_new(NULL);
	q->kick = event_new(base, -1, 0, kick_cb, q);
	q->timer = evtimer_new(base, timer_cb, q);
	if (!q->kick || !q->timer) {
		/* event_new fails only when malloc does. */
		fprintf(stderr, "kc: out of memory creating work queue events\n");
		abort();
	}
	return q;
}

void kc_queue_free(kc_queue *q)
{
	if (!q)
		return;
	event_free(q->kick);
	event_free(q->timer);
	fifo_clear(q);
	free(q->fifo);
	heap_clear(q);
	free(q->heap);
	kc_map_free(q->dirty);
	kc_map_free(q->waiting);
	kc_map_free(q->failures);
	free(q->name);
	free(q);
}

void kc_queue_add(kc_queue *q, const char *key)
{
	if (q->shutting_down || kc_map_has(q->dirty, key))
		return;
	kc_map_put(q->dirty, key, count_to_ptr(1));
	q->adds++;
	if (q->processing && streq(q->processing, key))
		return; /* requeued when its processing ends */
	fifo_push(q, xstrdup(key));
	schedule(q);
}

void kc_queue_add_after(kc_queue *q, const char *key, uint64_t delay_ms)
{
	if (q->shutting_down)
		return;
	if (delay_ms == 0) {
		kc_queue_add(q, key);
		return;
	}
	uint64_t now = now_ns();
	uint64_t limit = (UINT64_MAX - now) / 1000000u;
	uint64_t ready = now + (delay_ms < limit ? delay_ms : limit) * 1000000u;
	uintptr_t slot = ptr_to_count(kc_map_get(q->waiting, key));
	size_t pos;
	if (slot) {
		pos = slot - 1;
		if (ready >= q->heap[pos].ready_ns)
			return; /* already waiting for an earlier time */
		q->heap[pos].ready_ns = ready;
	} else {
		if (q->heap_len == q->heap_cap) {
			q->heap_cap = q->heap_cap ? q->heap_cap * 2 : 16;
			q->heap = xrealloc(q->heap, q->heap_cap * sizeof(*q->heap));
		}
		pos = q->heap_len++;
		q->heap[pos] = (wait_item){ready, q->seq++, xstrdup(key)};
	}
	if (heap_up(q, pos) == 0) /* a new earliest time */
		arm_timer(q);
}

uint64_t kc_queue_next_backoff_ms(const kc_queue *q, const char *key)
{
	uintptr_t failures = ptr_to_count(kc_map_get(q->failures, key));
	uint64_t d = q->base_delay_ms;
	for (uintptr_t i = 0; i < failures && d < q->max_delay_ms; i++)
		d = d > UINT64_MAX / 2 ? UINT64_MAX : d * 2;
	return d < q->max_delay_ms ? d : q->max_delay_ms;
}

void kc_queue_add_rate_limited(kc_queue *q, const char *key)
{
	if (q->shutting_down)
		return;
	uint64_t delay = kc_queue_next_backoff_ms(q, key);
	uintptr_t failures = ptr_to_count(kc_map_get(q->failures, key));
	if (failures < UINTPTR_MAX)
		kc_map_put(q->failures, key, count_to_ptr(failures + 1));
	q->retries++;
	kc_queue_add_after(q, key, delay);
}

void kc_queue_forget(kc_queue *q, const char *key)
{
	kc_map_del(q->failures, key);
}

unsigned kc_queue_num_requeues(const kc_queue *q, const char *key)
{
	uintptr_t n = ptr_to_count(kc_map_get(q->failures, key));
	return n > UINT32_MAX ? UINT32_MAX : (unsigned)n;
}

size_t kc_queue_len(const kc_queue *q)
{
	return q->fifo_len;
}

size_t kc_queue_waiting(const kc_queue *q)
{
	return q->heap_len;
}

void kc_queue_shutdown(kc_queue *q)
{
	if (q->shutting_down)
		return;
	q->shutting_down = true;
	event_del(q->kick);
	evtimer_del(q->timer);
	fifo_clear(q);
	heap_clear(q);
	kc_map_clear(q->dirty);
}

bool kc_queue_shutting_down(const kc_queue *q)
{
	return q->shutting_down;
}

void kc_queue_get_metrics(const kc_queue *q, kc_queue_metrics *ret)
{
	*ret = (kc_queue_metrics){
	    .name = q->name,
	    .depth = q->fifo_len,
	    .waiting = q->heap_len,
	    .adds = q->adds,
	    .retries = q->retries,
	    .processed = q->processed,
	    .queue_latency_seconds = (double)q->queue_latency_ns / 1e9,
	    .work_duration_seconds = (double)q->work_duration_ns / 1e9,
	};
}
