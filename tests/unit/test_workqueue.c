/* test_workqueue.c - the rate-limited work queue on a real libevent loop.
 *
 * Delays are a few milliseconds; tests assert ordering and counts, never
 * wall-clock durations (the machine is shared and valgrind is slow). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <event2/event.h>

#include "common/util.h"
#include "common/workqueue.h"

#define LOG_MAX 64

typedef struct fixture {
	struct event_base *base;
	kc_queue *q;
	char *log[LOG_MAX];         /* keys in the order they were processed */
	unsigned requeues[LOG_MAX]; /* num_requeues on entry */
	size_t n;
	int depth; /* > 1 would mean the callback recursed */
	int max_depth;
	/* per-test behaviour */
	const char *fail_key;  /* RETRY for this key ... */
	unsigned fail_times;   /* ... this many times */
	const char *readd_key; /* re-added from inside its own callback, once */
	const char *add_key;   /* added from inside the first callback */
	const char *after_key; /* AFTER(after_ms) once */
	uint64_t after_ms;
	const char *shutdown_key; /* calls kc_queue_shutdown */
} fixture;

static kc_queue_result process(kc_queue *q, const char *key, void *userdata)
{
	fixture *f = userdata;
	f->depth++;
	if (f->depth > f->max_depth)
		f->max_depth = f->depth;
	assert_true(f->n < LOG_MAX);
	f->requeues[f->n] = kc_queue_num_requeues(q, key);
	f->log[f->n++] = xstrdup(key);
	kc_queue_result r = kc_queue_done();
	if (f->readd_key && streq(key, f->readd_key)) {
		f->readd_key = NULL;
		kc_queue_add(q, key);
	}
	if (f->add_key) {
		const char *k = f->add_key;
		f->add_key = NULL;
		kc_queue_add(q, k);
	}
	if (f->fail_key && streq(key, f->fail_key) && f->fail_times > 0) {
		f->fail_times--;
		r = kc_queue_retry();
	}
	if (f->after_key && streq(key, f->after_key)) {
		f->after_key = NULL;
		r = kc_queue_after(f->after_ms);
	}
	if (f->shutdown_key && streq(key, f->shutdown_key))
		kc_queue_shutdown(q);
	f->depth--;
	return r;
}

static void guard_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	*(bool *)arg = true;
}

/* Runs the loop until the queue has nothing ready or waiting. A guard timer
 * fails the test instead of hanging if that never happens. */
static void run(fixture *f)
{
	bool expired = false;
	struct event *guard = evtimer_new(f->base, guard_cb, &expired);
	struct timeval tv = {60, 0};
	evtimer_add(guard, &tv);
	while (!expired && (kc_queue_len(f->q) > 0 || kc_queue_waiting(f->q) > 0))
		event_base_loop(f->base, EVLOOP_ONCE);
	event_free(guard);
	assert_false(expired);
}

static fixture *fixture_new(const kc_queue_config *cfg)
{
	fixture *f = xcalloc(1, sizeof(*f));
	f->base = event_base_new();
	assert_non_null(f->base);
	f->q = kc_queue_new(f->base, cfg, process, f);
	return f;
}

static void fixture_free(fixture *f)
{
	kc_queue_free(f->q);
	event_base_free(f->base);
	for (size_t i = 0; i < f->n; i++)
		free(f->log[i]);
	free(f);
}

/* The processed keys joined with spaces: "a b a". */
static char *joined(const fixture *f)
{
	kc_buf b = KC_BUF_INIT;
	for (size_t i = 0; i < f->n; i++)
		kc_buf_addf(&b, "%s%s", i ? " " : "", f->log[i]);
	return kc_buf_release(&b);
}

static const kc_queue_config fast = {.name = "test", .base_delay_ms = 1, .max_delay_ms = 8};

/* ---- table: what a sequence of adds before the loop runs processes ---- */

static const struct add_case {
	const char *name;
	const char *adds[8];
	const char *want;
	uint64_t want_adds; /* adds that queued something */
} add_cases[] = {
    {"single", {"a"}, "a", 1},
    {"fifo order", {"a", "b", "c"}, "a b c", 3},
    {"duplicates collapse", {"a", "b", "a", "c", "b", "a"}, "a b c", 3},
    {"namespaced keys", {"ns1/x", "ns2/x", "ns1/x"}, "ns1/x ns2/x", 2},
    {"empty key is a key", {"", "a", ""}, " a", 2},
};

static void test_add_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(add_cases); i++) {
		const struct add_case *c = &add_cases[i];
		fixture *f = fixture_new(&fast);
		for (size_t j = 0; c->adds[j]; j++)
			kc_queue_add(f->q, c->adds[j]);
		assert_int_equal(f->n, 0); /* nothing runs inside add */
		run(f);
		_cleanup_free_ char *got = joined(f);
		if (!streq(got, c->want))
			fail_msg("case %s: processed \"%s\", want \"%s\"", c->name, got, c->want);
		kc_queue_metrics m;
		kc_queue_get_metrics(f->q, &m);
		if (m.adds != c->want_adds || m.processed != f->n || m.depth != 0)
			fail_msg("case %s: adds %llu processed %llu depth %zu", c->name,
			         (unsigned long long)m.adds, (unsigned long long)m.processed, m.depth);
		assert_string_equal(m.name, "test");
		fixture_free(f);
	}
}

/* Adding from inside the process callback queues; it never recurses. */
static void test_add_from_callback(void **state)
{
	(void)state;
	fixture *f = fixture_new(&fast);
	f->add_key = "b";
	kc_queue_add(f->q, "a");
	run(f);
	_cleanup_free_ char *got = joined(f);
	assert_string_equal(got, "a b");
	assert_int_equal(f->max_depth, 1);
	fixture_free(f);
}

/* A key re-added while it is being processed runs again afterwards, not
 * nested, and only once more however often it was re-added. */
static void test_dirty_while_processing(void **state)
{
	(void)state;
	fixture *f = fixture_new(&fast);
	f->readd_key = "a";
	kc_queue_add(f->q, "a");
	kc_queue_add(f->q, "b");
	run(f);
	_cleanup_free_ char *got = joined(f);
	/* "a" goes back in line behind "b", which was queued first. */
	assert_string_equal(got, "a b a");
	assert_int_equal(f->max_depth, 1);
	fixture_free(f);
}

/* RETRY counts failures (NumRequeues) and backs off; DONE forgets them. */
static void test_retry_backoff(void **state)
{
	(void)state;
	fixture *f = fixture_new(&fast);
	f->fail_key = "x";
	f->fail_times = 3;
	kc_queue_add(f->q, "x");
	run(f);
	_cleanup_free_ char *got = joined(f);
	assert_string_equal(got, "x x x x");
	for (unsigned i = 0; i < 4; i++)
		if (f->requeues[i] != i)
			fail_msg("call %u: num_requeues %u, want %u", i, f->requeues[i], i);
	assert_int_equal(kc_queue_num_requeues(f->q, "x"), 0); /* DONE forgot */
	kc_queue_metrics m;
	kc_queue_get_metrics(f->q, &m);
	assert_int_equal(m.retries, 3);
	assert_int_equal(m.processed, 4);
	assert_true(m.queue_latency_seconds >= 0 && m.work_duration_seconds >= 0);
	fixture_free(f);
}

/* A key in back-off does not hold up other keys. */
static void test_retry_does_not_block_others(void **state)
{
	(void)state;
	kc_queue_config cfg = {.base_delay_ms = 20, .max_delay_ms = 20};
	fixture *f = fixture_new(&cfg);
	f->fail_key = "bad";
	f->fail_times = 1;
	f->add_key = "good";
	kc_queue_add(f->q, "bad");
	run(f);
	_cleanup_free_ char *got = joined(f);
	assert_string_equal(got, "bad good bad");
	fixture_free(f);
}

/* The back-off schedule: base * 2^failures, capped. */
static const struct backoff_case {
	const char *name;
	uint64_t base, max;
	unsigned failures;
	uint64_t want_ms;
} backoff_cases[] = {
    {"first failure is the base", 5, 1000000, 0, 5},
    {"doubles", 5, 1000000, 1, 10},
    {"doubles again", 5, 1000000, 4, 80},
    {"capped", 5, 1000000, 30, 1000000},
    {"far past the cap never overflows", 5, 1000000, 200, 1000000},
    {"defaults (0 = 5 ms .. 1000 s)", 0, 0, 2, 20},
    {"default cap", 0, 0, 100, 1000000},
    {"base above cap", 50, 10, 0, 10},
};

static void test_backoff_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(backoff_cases); i++) {
		const struct backoff_case *c = &backoff_cases[i];
		struct event_base *base = event_base_new();
		kc_queue_config cfg = {.base_delay_ms = c->base, .max_delay_ms = c->max};
		kc_queue *q = kc_queue_new(base, &cfg, process, NULL);
		for (unsigned j = 0; j < c->failures; j++)
			kc_queue_add_rate_limited(q, "k");
		if (kc_queue_num_requeues(q, "k") != c->failures)
			fail_msg("case %s: num_requeues %u", c->name, kc_queue_num_requeues(q, "k"));
		uint64_t got = kc_queue_next_backoff_ms(q, "k");
		if (got != c->want_ms)
			fail_msg("case %s: back-off %llu ms, want %llu", c->name, (unsigned long long)got,
			         (unsigned long long)c->want_ms);
		/* The key waits once, however many failures were counted. */
		if (kc_queue_waiting(q) != (c->failures ? 1u : 0u))
			fail_msg("case %s: %zu waiting", c->name, kc_queue_waiting(q));
		kc_queue_forget(q, "k");
		assert_int_equal(kc_queue_num_requeues(q, "k"), 0);
		assert_int_equal(kc_queue_next_backoff_ms(q, "k"),
		                 c->base ? (c->base < c->max ? c->base : c->max) : 5);
		kc_queue_free(q); /* frees waiting keys */
		event_base_free(base);
	}
}

/* Delayed keys come out in ready-time order, each once. */
static void test_add_after_order(void **state)
{
	(void)state;
	fixture *f = fixture_new(&fast);
	/* Delays 20 ms apart, so the order cannot depend on how long the adds
	 * themselves take. */
	kc_queue_add_after(f->q, "late", 80);
	kc_queue_add_after(f->q, "early", 20);
	kc_queue_add_after(f->q, "mid", 60);
	kc_queue_add_after(f->q, "late", 120); /* later than already asked: ignored */
	kc_queue_add_after(f->q, "mid", 40);   /* earlier: moves up */
	kc_queue_add_after(f->q, "now", 0);    /* 0 is a plain add */
	assert_int_equal(kc_queue_waiting(f->q), 3);
	assert_int_equal(kc_queue_len(f->q), 1);
	run(f);
	_cleanup_free_ char *got = joined(f);
	assert_string_equal(got, "now early mid late");
	fixture_free(f);
}

/* A delayed key that is also added now is processed now, and again when its
 * delay ends (as client-go's delaying queue does). */
static void test_add_after_and_add(void **state)
{
	(void)state;
	fixture *f = fixture_new(&fast);
	kc_queue_add_after(f->q, "k", 5);
	kc_queue_add(f->q, "k");
	run(f);
	_cleanup_free_ char *got = joined(f);
	assert_string_equal(got, "k k");
	fixture_free(f);
}

/* KC_QUEUE_AFTER requeues after the delay and forgets failures. */
static void test_result_after(void **state)
{
	(void)state;
	fixture *f = fixture_new(&fast);
	f->fail_key = "k";
	f->fail_times = 1;
	f->after_key = "k"; /* the first call says AFTER (it overrides RETRY) */
	f->after_ms = 3;
	kc_queue_add_rate_limited(f->q, "k"); /* one failure counted before */
	run(f);
	_cleanup_free_ char *got = joined(f);
	assert_string_equal(got, "k k");
	assert_int_equal(f->requeues[0], 1);
	assert_int_equal(f->requeues[1], 0);
	fixture_free(f);
}

/* ---- fairness: a long queue does not starve other events ---- */

typedef struct fair {
	fixture *f;
	struct event *ev;
	int pipefd[2];
	size_t io_at; /* f->n when the I/O callback ran */
} fair;

static void io_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	fair *fa = arg;
	char c;
	assert_int_equal(read(fd, &c, 1), 1);
	fa->io_at = fa->f->n;
	event_del(fa->ev);
}

static size_t io_position(unsigned max_per_iteration)
{
	kc_queue_config cfg = {.base_delay_ms = 1, .max_per_iteration = max_per_iteration};
	fair fa = {.f = fixture_new(&cfg), .io_at = SIZE_MAX};
	assert_int_equal(pipe(fa.pipefd), 0);
	fa.ev = event_new(fa.f->base, fa.pipefd[0], EV_READ | EV_PERSIST, io_cb, &fa);
	event_add(fa.ev, NULL);
	assert_int_equal(write(fa.pipefd[1], "x", 1), 1);
	const char *keys[] = {"k1", "k2", "k3", "k4", "k5", "k6"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(keys); i++)
		kc_queue_add(fa.f->q, keys[i]);
	run(fa.f);
	assert_int_equal(fa.f->n, KC_ARRAY_SIZE(keys));
	/* the I/O event may still be pending if the queue finished first */
	if (fa.io_at == SIZE_MAX)
		event_base_loop(fa.f->base, EVLOOP_ONCE);
	event_free(fa.ev);
	close(fa.pipefd[0]);
	close(fa.pipefd[1]);
	fixture_free(fa.f);
	return fa.io_at;
}

static void test_batch_bound(void **state)
{
	(void)state;
	/* Two keys per iteration: the readable pipe is served before the
	 * third key. */
	size_t at = io_position(2);
	if (at > 2)
		fail_msg("I/O ran after %zu keys with max_per_iteration 2", at);
	/* Control: with a large bound the whole queue goes in one batch, so
	 * the bound above is what made the difference. */
	at = io_position(100);
	assert_int_equal(at, 6);
}

/* ---- shutdown ---- */

static void test_shutdown_from_callback(void **state)
{
	(void)state;
	fixture *f = fixture_new(&fast);
	f->shutdown_key = "a";
	kc_queue_add(f->q, "a");
	kc_queue_add(f->q, "b");
	kc_queue_add_after(f->q, "c", 5);
	kc_queue_add_rate_limited(f->q, "d");
	run(f);
	_cleanup_free_ char *got = joined(f);
	assert_string_equal(got, "a");
	assert_true(kc_queue_shutting_down(f->q));
	assert_int_equal(kc_queue_len(f->q), 0);
	assert_int_equal(kc_queue_waiting(f->q), 0);
	kc_queue_add(f->q, "e");
	kc_queue_add_after(f->q, "e", 5);
	kc_queue_add_rate_limited(f->q, "e");
	assert_int_equal(kc_queue_len(f->q), 0);
	assert_int_equal(kc_queue_waiting(f->q), 0);
	/* Nothing is left for the loop: it returns at once. */
	assert_int_equal(event_base_loop(f->base, EVLOOP_NONBLOCK), 1);
	kc_queue_shutdown(f->q); /* idempotent */
	fixture_free(f);
}

static void test_shutdown_before_run(void **state)
{
	(void)state;
	fixture *f = fixture_new(NULL);
	kc_queue_add(f->q, "a");
	kc_queue_add_after(f->q, "b", 1000);
	kc_queue_shutdown(f->q);
	assert_int_equal(event_base_loop(f->base, EVLOOP_NONBLOCK), 1);
	assert_int_equal(f->n, 0);
	fixture_free(f);
}

/* Freeing a queue with keys ready, waiting and in back-off leaks nothing
 * (valgrind checks) and leaves no event on the loop. */
static void test_free_busy(void **state)
{
	(void)state;
	struct event_base *base = event_base_new();
	kc_queue *q = kc_queue_new(base, NULL, process, NULL);
	char key[32];
	for (int i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "ns/k%d", i);
		kc_queue_add(q, key);
		kc_queue_add_after(q, key, (uint64_t)(1000 + (i * 7919) % 100));
		kc_queue_add_rate_limited(q, key);
	}
	assert_int_equal(kc_queue_len(q), 100);
	assert_int_equal(kc_queue_waiting(q), 100);
	kc_queue_free(q);
	assert_int_equal(event_base_loop(base, EVLOOP_NONBLOCK), 1);
	event_base_free(base);
	kc_queue_free(NULL);
}

/* Many delayed keys with scattered delays: the heap hands them out in
 * ready-time order. */
static void test_heap_many(void **state)
{
	(void)state;
	fixture *f = fixture_new(&fast);
	char key[32];
	/* 20 delays 10 ms apart in a scrambled order (7 is coprime with 20). */
	for (int i = 0; i < 20; i++) {
		int d = (i * 7) % 20 + 1;
		snprintf(key, sizeof(key), "%02d", d);
		kc_queue_add_after(f->q, key, (uint64_t)d * 10);
	}
	assert_int_equal(kc_queue_waiting(f->q), 20);
	run(f);
	assert_int_equal(f->n, 20);
	for (size_t i = 1; i < f->n; i++)
		if (strcmp(f->log[i - 1], f->log[i]) >= 0)
			fail_msg("key %s came out before %s", f->log[i - 1], f->log[i]);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_table),
	    cmocka_unit_test(test_add_from_callback),
	    cmocka_unit_test(test_dirty_while_processing),
	    cmocka_unit_test(test_retry_backoff),
	    cmocka_unit_test(test_retry_does_not_block_others),
	    cmocka_unit_test(test_backoff_table),
	    cmocka_unit_test(test_add_after_order),
	    cmocka_unit_test(test_add_after_and_add),
	    cmocka_unit_test(test_result_after),
	    cmocka_unit_test(test_batch_bound),
	    cmocka_unit_test(test_shutdown_from_callback),
	    cmocka_unit_test(test_shutdown_before_run),
	    cmocka_unit_test(test_free_busy),
	    cmocka_unit_test(test_heap_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
