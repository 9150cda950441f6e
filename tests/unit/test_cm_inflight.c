/* test_cm_inflight.c - controller-manager/inflight.h against the fake
 * apiserver on a real loop: a key is not reconciled while its writes are in
 * flight and is reconciled again once they answer; failures requeue it
 * with growing back-off and a clean run resets it; freeing cancels without
 * callbacks. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <event2/event.h>

#include "common/client.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "common/workqueue.h"
#include "controller-manager/inflight.h"
#include "harness/fake_apiserver.h"

static void test_backoff(void **state)
{
	(void)state;
	static const struct {
		unsigned n;
		uint64_t want;
	} cases[] = {{0, 5}, {1, 5}, {2, 10}, {3, 20}, {10, 2560}, {18, 655360}, {19, 1000000}, {100, 1000000}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++)
		if (kc_cm_inflight_backoff_ms(cases[i].n) != cases[i].want)
			fail_msg("failure %u: got %llu ms, want %llu", cases[i].n,
				 (unsigned long long)kc_cm_inflight_backoff_ms(cases[i].n),
				 (unsigned long long)cases[i].want);
}

static void test_namespace_terminating(void **state)
{
	(void)state;
	static const struct {
		long status;
		const char *body;
		bool want;
	} cases[] = {
		{403, "{\"details\":{\"causes\":[{\"reason\":\"NamespaceTerminating\"}]}}", true},
		{403, "{\"details\":{\"causes\":[{\"reason\":\"Other\"},{\"reason\":\"NamespaceTerminating\"}]}}", true},
		{403, "{\"details\":{}}", false},
		{409, "{\"details\":{\"causes\":[{\"reason\":\"NamespaceTerminating\"}]}}", false},
		{403, "{\"details\":{\"causes\":7}}", false},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_response r = {.status = cases[i].status};
		assert_int_equal(kc_json_parse_str(cases[i].body, &r.body, NULL), 0);
		if (kc_cm_namespace_terminating(&r) != cases[i].want)
			fail_msg("case %zu: want %d", i, cases[i].want);
		cJSON_Delete(r.body);
	}
	kc_response none = {.status = 403};
	assert_false(kc_cm_namespace_terminating(&none));
}

typedef struct env {
	struct event_base *base;
	kc_fake_apiserver *api;
	kc_client *client;
	kc_queue *q;
	kc_cm_inflight *f;
	int syncs;       /* sync calls */
	int answers;     /* request callbacks */
	int freed;       /* callback data freed */
	int64_t sync_ms[16];
	const char *path; /* what sync requests */
	bool fail_sync;  /* sync returns an error */
	bool once;       /* the first answer clears path */
} env;

static int on_answer(kc_response *resp, const char *key, void *data)
{
	(void)key;
	(void)data;
	env *e = *(env **)data;
	e->answers++;
	if (e->once)
		e->path = NULL; /* the run after this one sends nothing */
	return resp->status == 200 ? 0 : -EIO;
}

static void free_data(void *p)
{
	env *e = *(env **)p;
	e->freed++;
	free(p);
}

static int do_sync(const char *key, void *userdata)
{
	env *e = userdata;
	if (e->syncs < 16)
		e->sync_ms[e->syncs] = kc_time_monotonic_ms();
	e->syncs++;
	if (e->fail_sync)
		return -EIO;
	if (!e->path)
		return 0;
	env **data = xmalloc(sizeof(*data));
	*data = e;
	return kc_cm_inflight_send(e->f, key, "GET", e->path, NULL, on_answer, data, free_data);
}

static kc_queue_result process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	env *e = userdata;
	return kc_cm_inflight_run(e->f, key, do_sync, e);
}

static void loop_until(env *e, bool (*done)(env *), int timeout_ms)
{
	int64_t end = kc_time_monotonic_ms() + timeout_ms;
	while (!done(e) && kc_time_monotonic_ms() < end)
		event_base_loop(e->base, EVLOOP_ONCE | EVLOOP_NONBLOCK), usleep(1000);
}

static void loop_for(env *e, int ms)
{
	int64_t end = kc_time_monotonic_ms() + ms;
	while (kc_time_monotonic_ms() < end)
		event_base_loop(e->base, EVLOOP_ONCE | EVLOOP_NONBLOCK), usleep(1000);
}

static int setup(void **state)
{
	env *e = xcalloc(1, sizeof(*e));
	e->base = event_base_new();
	kc_error err = KC_ERROR_INIT;
	e->api = kc_fake_apiserver_new(e->base, &err);
	assert_non_null(e->api);
	assert_int_equal(kc_fake_apiserver_add_resource(e->api, "/api/v1", "configmaps", "ConfigMap", true), 0);
	kc_client_config cfg = {.server = (char *)kc_fake_apiserver_url(e->api)};
	e->client = kc_client_new(e->base, &cfg, &err);
	assert_non_null(e->client);
	e->q = kc_queue_new(e->base, NULL, process, e);
	e->f = kc_cm_inflight_new(e->client, e->q);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	env *e = *state;
	kc_cm_inflight_free(e->f);
	kc_queue_free(e->q);
	kc_client_free(e->client);
	kc_fake_apiserver_free(e->api);
	event_base_free(e->base);
	free(e);
	return 0;
}

static bool answered_once(env *e) { return e->answers >= 1; }
static bool synced_twice(env *e) { return e->syncs >= 2; }
static bool synced_4(env *e) { return e->syncs >= 4; }

static void test_busy_then_again(void **state)
{
	env *e = *state;
	e->path = "/api/v1/namespaces/default/configmaps";
	e->once = true;
	kc_queue_add(e->q, "default/a");
	/* the first run is in flight: a second add only marks it */
	while (e->syncs == 0)
		event_base_loop(e->base, EVLOOP_ONCE);
	assert_int_equal(kc_cm_inflight_count(e->f, "default/a"), 1);
	assert_true(kc_cm_inflight_busy(e->f, "default/a"));
	kc_queue_add(e->q, "default/a");
	kc_queue_add(e->q, "default/a");
	loop_until(e, answered_once, 5000);
	assert_int_equal(e->answers, 1);
	/* once answered, the key runs once more (not three times) */
	loop_until(e, synced_twice, 5000);
	loop_for(e, 50);
	assert_int_equal(e->syncs, 2);
	assert_int_equal(kc_cm_inflight_total(e->f), 0);
	assert_int_equal(e->freed, 1);
}

static void test_failures_back_off(void **state)
{
	env *e = *state;
	e->path = "/api/v1/namespaces/default/configmaps/x"; /* 404: a failure */
	kc_queue_add(e->q, "default/b");
	loop_until(e, synced_4, 5000);
	assert_true(e->syncs >= 4);
	/* 5, 10, 20 ms between the runs (at least) */
	for (int i = 1; i < 4; i++) {
		int64_t gap = e->sync_ms[i] - e->sync_ms[i - 1];
		if (gap < (int64_t)kc_cm_inflight_backoff_ms((unsigned)i))
			fail_msg("run %d came %lld ms after the previous one, before its back-off", i, (long long)gap);
	}
	/* a clean run stops the retries */
	e->path = "/api/v1/namespaces/default/configmaps";
	int before = e->syncs;
	loop_for(e, 400);
	/* the retry already scheduled runs, succeeds, and that is the end */
	assert_int_equal(e->syncs, before + 1);
	assert_int_equal(kc_cm_inflight_count(e->f, "default/b"), 0);

	/* a sync that fails without a request is retried too */
	e->path = NULL;
	e->fail_sync = true;
	e->syncs = 0;
	kc_queue_add(e->q, "default/c");
	loop_until(e, synced_twice, 5000);
	assert_true(e->syncs >= 2);
	e->fail_sync = false;
	loop_for(e, 100);
}

static void test_free_cancels(void **state)
{
	env *e = *state;
	e->path = "/api/v1/namespaces/default/configmaps";
	kc_queue_add(e->q, "default/d");
	kc_queue_add(e->q, "default/e");
	while (e->syncs < 2)
		event_base_loop(e->base, EVLOOP_ONCE);
	assert_int_equal(kc_cm_inflight_total(e->f), 2);
	kc_cm_inflight_free(e->f);
	e->f = kc_cm_inflight_new(e->client, e->q);
	assert_int_equal(e->freed, 2); /* data freed, callbacks not run */
	loop_for(e, 100);
	assert_int_equal(e->answers, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_namespace_terminating),
		cmocka_unit_test_setup_teardown(test_busy_then_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures_back_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_cancels, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
