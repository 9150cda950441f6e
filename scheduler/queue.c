/* queue.c - the scheduling queue (queue.h): a binary heap for active pods,
 * a map for the others. */
#include "scheduler/queue.h"

#include <stdlib.h>
#include <string.h>

#include "common/map.h"
#include "common/util.h"
#include "banned.h"

/* upstream's podInitialBackoffDuration, podMaxBackoffDuration and
 * podMaxInUnschedulablePodsDuration */
#define BACKOFF_INITIAL_MS 1000
#define BACKOFF_MAX_MS     10000
#define UNSCHEDULABLE_MAX_MS (5 * 60 * 1000)

typedef enum { IN_FLIGHT, ACTIVE, BACKOFF, UNSCHEDULABLE } where;

typedef struct entry {
	char *key;
	int64_t priority;
	int64_t added;     /* first seen: the age that orders equal priorities */
	int64_t since;     /* parked in unschedulable since */
	int64_t ready_at;  /* backoff runs out */
	int attempts;
	where at;
	size_t heap_index; /* while ACTIVE */
} entry;

struct sched_queue {
	kc_map *entries; /* key -> entry (owned) */
	entry **heap;
	size_t nheap, capheap;
	size_t nbackoff, nunschedulable;
};

static void entry_free(void *p)
{
	entry *e = p;
	free(e->key);
	free(e);
}

sched_queue *sched_queue_new(void)
{
	sched_queue *q = xcalloc(1, sizeof(*q));
	q->entries = kc_map_new(entry_free);
	return q;
}

void sched_queue_free(sched_queue *q)
{
	if (!q)
		return;
	kc_map_free(q->entries);
	free(q->heap);
	free(q);
}

/* ---- the heap ---- */

static bool before(const entry *a, const entry *b)
{
	if (a->priority != b->priority)
		return a->priority > b->priority;
	return a->added < b->added;
}

static void heap_set(sched_queue *q, size_t i, entry *e)
{
	q->heap[i] = e;
	e->heap_index = i;
}

static void sift_up(sched_queue *q, size_t i)
{
	entry *e = q->heap[i];
	while (i > 0 && before(e, q->heap[(i - 1) / 2])) {
		heap_set(q, i, q->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(q, i, e);
}

static void sift_down(sched_queue *q, size_t i)
{
	entry *e = q->heap[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= q->nheap)
			break;
		if (c + 1 < q->nheap && before(q->heap[c + 1], q->heap[c]))
			c++;
		if (!before(q->heap[c], e))
			break;
		heap_set(q, i, q->heap[c]);
		i = c;
	}
	heap_set(q, i, e);
}

static void heap_push(sched_queue *q, entry *e)
{
	if (q->nheap == q->capheap) {
		q->capheap = q->capheap ? 2 * q->capheap : 64;
		q->heap = xrealloc(q->heap, q->capheap * sizeof(*q->heap));
	}
	heap_set(q, q->nheap++, e);
	sift_up(q, e->heap_index);
}

static void heap_remove(sched_queue *q, entry *e)
{
	size_t i = e->heap_index;
	entry *last = q->heap[--q->nheap];
	if (i < q->nheap) {
		heap_set(q, i, last);
		sift_down(q, i);
		sift_up(q, last->heap_index);
	}
}

/* ---- moving between the parts ---- */

static void leave(sched_queue *q, entry *e)
{
	if (e->at == ACTIVE)
		heap_remove(q, e);
	else if (e->at == BACKOFF)
		q->nbackoff--;
	else if (e->at == UNSCHEDULABLE)
		q->nunschedulable--;
	e->at = IN_FLIGHT;
}

static void go(sched_queue *q, entry *e, where to)
{
	leave(q, e);
	e->at = to;
	if (to == ACTIVE)
		heap_push(q, e);
	else if (to == BACKOFF)
		q->nbackoff++;
	else if (to == UNSCHEDULABLE)
		q->nunschedulable++;
}

static entry *get_or_make(sched_queue *q, const char *key, int64_t priority, int64_t now)
{
	entry *e = kc_map_get(q->entries, key);
	if (!e) {
		e = xcalloc(1, sizeof(*e));
		e->key = xstrdup(key);
		e->added = now;
		e->at = IN_FLIGHT;
		kc_map_put(q->entries, key, e);
	}
	if (e->priority != priority && e->at == ACTIVE) {
		e->priority = priority;
		sift_down(q, e->heap_index);
		sift_up(q, e->heap_index);
	}
	e->priority = priority;
	return e;
}

/* Back to active, or to backoff while the last failure's wait lasts. */
static void reactivate(sched_queue *q, entry *e, int64_t now)
{
	go(q, e, e->ready_at > now ? BACKOFF : ACTIVE);
}

void sched_queue_add(sched_queue *q, const char *key, int64_t priority, bool moved, int64_t now)
{
	entry *e = get_or_make(q, key, priority, now);
	if (e->at == IN_FLIGHT || (moved && e->at == UNSCHEDULABLE))
		reactivate(q, e, now);
	else if (moved && e->at == BACKOFF && e->ready_at <= now)
		go(q, e, ACTIVE);
}

void sched_queue_delete(sched_queue *q, const char *key)
{
	entry *e = kc_map_get(q->entries, key);
	if (!e)
		return;
	leave(q, e);
	kc_map_del(q->entries, key);
}

static void due_backoffs(sched_queue *q, int64_t now)
{
	if (!q->nbackoff)
		return;
	kc_map_iter it = {0};
	while (kc_map_next(q->entries, &it)) {
		entry *e = it.value;
		if (e->at == BACKOFF && e->ready_at <= now)
			go(q, e, ACTIVE);
	}
}

bool sched_queue_pop(sched_queue *q, int64_t now, char **ret_key)
{
	due_backoffs(q, now);
	if (!q->nheap)
		return false;
	entry *e = q->heap[0];
	leave(q, e);
	*ret_key = xstrdup(e->key);
	return true;
}

static int64_t backoff_ms(int attempts)
{
	int64_t ms = BACKOFF_INITIAL_MS;
	for (int i = 1; i < attempts && ms < BACKOFF_MAX_MS; i++)
		ms *= 2;
	return ms < BACKOFF_MAX_MS ? ms : BACKOFF_MAX_MS;
}

void sched_queue_backoff(sched_queue *q, const char *key, int64_t priority, int64_t now)
{
	entry *e = get_or_make(q, key, priority, now);
	e->attempts++;
	e->ready_at = now + backoff_ms(e->attempts);
	go(q, e, BACKOFF);
}

void sched_queue_unschedulable(sched_queue *q, const char *key, int64_t priority, int64_t now)
{
	entry *e = get_or_make(q, key, priority, now);
	e->attempts++;
	e->ready_at = now + backoff_ms(e->attempts);
	e->since = now;
	go(q, e, UNSCHEDULABLE);
}

void sched_queue_move_all(sched_queue *q, int64_t now)
{
	if (!q->nunschedulable)
		return;
	kc_map_iter it = {0};
	while (kc_map_next(q->entries, &it)) {
		entry *e = it.value;
		if (e->at == UNSCHEDULABLE)
			reactivate(q, e, now);
	}
}

void sched_queue_flush(sched_queue *q, int64_t now)
{
	if (!q->nunschedulable)
		return;
	kc_map_iter it = {0};
	while (kc_map_next(q->entries, &it)) {
		entry *e = it.value;
		if (e->at == UNSCHEDULABLE && now - e->since > UNSCHEDULABLE_MAX_MS)
			reactivate(q, e, now);
	}
}

int64_t sched_queue_next_backoff(const sched_queue *q)
{
	int64_t next = -1;
	if (!q->nbackoff)
		return -1;
	kc_map_iter it = {0};
	while (kc_map_next(q->entries, &it)) {
		const entry *e = it.value;
		if (e->at == BACKOFF && (next < 0 || e->ready_at < next))
			next = e->ready_at;
	}
	return next;
}

void sched_queue_get_counts(const sched_queue *q, sched_queue_counts *ret)
{
	ret->active = q->nheap;
	ret->backoff = q->nbackoff;
	ret->unschedulable = q->nunschedulable;
}

int sched_queue_attempts(const sched_queue *q, const char *key)
{
	const entry *e = kc_map_get(q->entries, key);
	return e ? e->attempts : 0;
}
