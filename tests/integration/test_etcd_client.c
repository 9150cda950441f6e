/* test_etcd_client.c - the apiserver's etcd client against a real etcd:
 * create/update/delete transactions and their conflicts, ranges with limits,
 * watches with prev_kv, compaction, leases, failover between endpoints, etcd
 * down. */
#include <errno.h>
#include <event2/event.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "apiserver/etcd.h"
#include "common/util.h"
#include "harness/procs.h"

typedef struct fixture {
	kc_test_etcd etcd;
	struct event_base *base;
	api_etcd *client;
} fixture;

/* One finished call: a copy of what the callback saw. */
typedef struct outcome {
	bool done;
	int err;
	bool succeeded;
	int64_t revision;
	size_t nkvs;
	bool more;
	int64_t count;
	char value[256];
	int64_t mod_revision;
	char prev_value[256];
	int64_t compact_revision;
	int64_t lease;
} outcome;

static void on_result(etcd_result *r, void *ud)
{
	outcome *o = ud;
	o->done = true;
	o->err = r->err;
	o->succeeded = r->succeeded;
	o->revision = r->revision;
	o->nkvs = r->nkvs;
	o->more = r->more;
	o->count = r->count;
	if (r->nkvs) {
		snprintf(o->value, sizeof(o->value), "%s", r->kvs[0].value);
		o->mod_revision = r->kvs[0].mod_revision;
	}
	if (r->prev_kv)
		snprintf(o->prev_value, sizeof(o->prev_value), "%s", r->prev_kv->value);
	o->compact_revision = r->compact_revision;
	o->lease = r->lease;
}

static void run_until(struct event_base *base, const bool *flag)
{
	for (int i = 0; i < 2000 && !*flag; i++) {
		struct timeval tv = {0, 10000};
		event_base_loopexit(base, &tv);
		event_base_dispatch(base);
	}
	assert_true(*flag);
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));
	if (kc_test_etcd_start(&f->etcd) < 0) {
		free(f);
		return -1;
	}
	f->base = event_base_new();
	etcd_config cfg = {.servers = f->etcd.client_url};
	f->client = etcd_new(f->base, &cfg, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	etcd_free(f->client);
	event_base_free(f->base);
	kc_test_etcd_stop(&f->etcd);
	free(f);
	return 0;
}

#define CALL(f, o, expr)                          \
	do {                                      \
		memset(&(o), 0, sizeof(o));       \
		assert_int_equal((expr), 0);      \
		run_until((f)->base, &(o).done);  \
	} while (0)

static void test_create_update_delete(void **state)
{
	fixture *f = *state;
	outcome o;
	const char *key = "/registry/pods/default/a";

	CALL(f, o, etcd_create(f->client, key, "v1", 2, 0, on_result, &o));
	assert_int_equal(o.err, 0);
	assert_true(o.succeeded);
	int64_t rev1 = o.revision;

	/* create again: AlreadyExists, with the current value */
	CALL(f, o, etcd_create(f->client, key, "v2", 2, 0, on_result, &o));
	assert_false(o.succeeded);
	assert_int_equal(o.nkvs, 1);
	assert_string_equal(o.value, "v1");
	assert_int_equal(o.mod_revision, rev1);

	/* update on a stale revision: Conflict */
	CALL(f, o, etcd_update(f->client, key, "v3", 2, rev1 - 1, 0, on_result, &o));
	assert_false(o.succeeded);
	assert_string_equal(o.value, "v1");

	CALL(f, o, etcd_update(f->client, key, "v3", 2, rev1, 0, on_result, &o));
	assert_true(o.succeeded);
	int64_t rev2 = o.revision;
	assert_true(rev2 > rev1);

	CALL(f, o, etcd_range(f->client, key, NULL, 0, 0, false, on_result, &o));
	assert_int_equal(o.nkvs, 1);
	assert_string_equal(o.value, "v3");
	assert_int_equal(o.mod_revision, rev2);

	/* the old revision is still readable until compaction */
	CALL(f, o, etcd_range(f->client, key, NULL, rev1, 0, false, on_result, &o));
	assert_string_equal(o.value, "v1");

	CALL(f, o, etcd_delete(f->client, key, rev1, on_result, &o));
	assert_false(o.succeeded);
	CALL(f, o, etcd_delete(f->client, key, rev2, on_result, &o));
	assert_true(o.succeeded);
	assert_string_equal(o.prev_value, "v3");

	/* gone: a failed update reports no current key */
	CALL(f, o, etcd_update(f->client, key, "v4", 2, rev2, 0, on_result, &o));
	assert_false(o.succeeded);
	assert_int_equal(o.nkvs, 0);
}

static void test_range_prefix_limit(void **state)
{
	fixture *f = *state;
	outcome o;
	char key[64];
	for (int i = 0; i < 5; i++) {
		snprintf(key, sizeof(key), "/registry/configmaps/ns/c%d", i);
		CALL(f, o, etcd_create(f->client, key, "x", 1, 0, on_result, &o));
		assert_true(o.succeeded);
	}
	_cleanup_free_ char *end = etcd_prefix_end("/registry/configmaps/");
	assert_string_equal(end, "/registry/configmaps0");
	CALL(f, o, etcd_range(f->client, "/registry/configmaps/", end, 0, 2, false, on_result, &o));
	assert_int_equal(o.nkvs, 2);
	assert_true(o.more);
	assert_int_equal(o.count, 5);
	CALL(f, o, etcd_range(f->client, "/registry/configmaps/", end, 0, 0, true, on_result, &o));
	assert_int_equal(o.nkvs, 0);
	assert_int_equal(o.count, 5);
}

typedef struct watch_log {
	int events;
	char seen[16][96];
	bool ended;
	int end_err;
	int64_t compact;
	etcd_watch *w;
	bool stop_in_callback;
} watch_log;

static void on_events(const etcd_event *ev, size_t n, int64_t rev, void *ud)
{
	(void)rev;
	watch_log *l = ud;
	for (size_t i = 0; i < n && l->events < 16; i++) {
		snprintf(l->seen[l->events++], 96, "%s %s %s prev=%s", ev[i].type == ETCD_EVENT_PUT ? "PUT" : "DEL",
			 ev[i].kv.key, ev[i].kv.value, ev[i].prev_kv.value);
	}
	if (l->stop_in_callback && l->w) {
		etcd_watch_stop(l->w);
		l->w = NULL;
	}
}

static void on_end(int err, int64_t compact, const char *msg, void *ud)
{
	(void)msg;
	watch_log *l = ud;
	l->ended = true;
	l->end_err = err;
	l->compact = compact;
}

static void test_watch(void **state)
{
	fixture *f = *state;
	outcome o;
	CALL(f, o, etcd_create(f->client, "/registry/secrets/ns/s", "one", 3, 0, on_result, &o));
	int64_t rev = o.revision;
	CALL(f, o, etcd_update(f->client, "/registry/secrets/ns/s", "two", 3, rev, 0, on_result, &o));
	int64_t rev2 = o.revision;
	CALL(f, o, etcd_delete(f->client, "/registry/secrets/ns/s", rev2, on_result, &o));

	watch_log l = {0};
	l.w = etcd_watch_start(f->client, "/registry/secrets/", rev, on_events, on_end, &l);
	assert_non_null(l.w);
	bool three = false;
	for (int i = 0; i < 500 && !three; i++) {
		struct timeval tv = {0, 10000};
		event_base_loopexit(f->base, &tv);
		event_base_dispatch(f->base);
		three = l.events >= 3;
	}
	assert_int_equal(l.events, 3);
	assert_string_equal(l.seen[0], "PUT /registry/secrets/ns/s one prev=");
	assert_string_equal(l.seen[1], "PUT /registry/secrets/ns/s two prev=one");
	assert_string_equal(l.seen[2], "DEL /registry/secrets/ns/s  prev=two");
	etcd_watch_stop(l.w);

	/* a watch stopped from inside its own callback */
	watch_log l2 = {.stop_in_callback = true};
	l2.w = etcd_watch_start(f->client, "/registry/secrets/", rev, on_events, on_end, &l2);
	bool stopped = false;
	for (int i = 0; i < 500 && !stopped; i++) {
		struct timeval tv = {0, 10000};
		event_base_loopexit(f->base, &tv);
		event_base_dispatch(f->base);
		stopped = l2.w == NULL;
	}
	assert_true(stopped);
	assert_false(l2.ended);
}

static void test_compaction(void **state)
{
	fixture *f = *state;
	outcome o;
	CALL(f, o, etcd_create(f->client, "/registry/leases/ns/l", "a", 1, 0, on_result, &o));
	int64_t old = o.revision;
	CALL(f, o, etcd_update(f->client, "/registry/leases/ns/l", "b", 1, old, 0, on_result, &o));
	int64_t now = o.revision;
	CALL(f, o, etcd_compact(f->client, now, on_result, &o));
	assert_int_equal(o.err, 0);

	CALL(f, o, etcd_range(f->client, "/registry/leases/ns/l", NULL, old, 0, false, on_result, &o));
	assert_int_equal(o.err, -ENOENT);

	watch_log l = {0};
	l.w = etcd_watch_start(f->client, "/registry/leases/", old, on_events, on_end, &l);
	run_until(f->base, &l.ended);
	assert_int_equal(l.end_err, -ENOENT);
	assert_int_equal(l.compact, now);
	etcd_watch_stop(l.w);
}

/* A key on a lease goes when the lease runs out; one an update without a
 * lease took off it stays. */
static void test_lease(void **state)
{
	fixture *f = *state;
	outcome o;
	CALL(f, o, etcd_lease_grant(f->client, 2, on_result, &o));
	assert_int_equal(o.err, 0);
	assert_true(o.lease != 0);
	int64_t lease = o.lease;
	CALL(f, o, etcd_create(f->client, "/registry/events/ns/e", "a", 1, lease, on_result, &o));
	assert_true(o.succeeded);
	CALL(f, o, etcd_create(f->client, "/registry/events/ns/kept", "a", 1, lease, on_result, &o));
	assert_true(o.succeeded);
	int64_t rev = o.revision; /* CALL clears o before the call */
	CALL(f, o, etcd_update(f->client, "/registry/events/ns/kept", "b", 1, rev, 0, on_result, &o));
	assert_true(o.succeeded);

	/* etcd expires leases on its own clock: wait (up to a minute) for it */
	for (int i = 0; i < 600; i++) {
		CALL(f, o, etcd_range(f->client, "/registry/events/ns/e", NULL, 0, 0, false, on_result, &o));
		if (o.nkvs == 0)
			break;
		struct timeval tv = {0, 100000};
		event_base_loopexit(f->base, &tv);
		event_base_dispatch(f->base);
	}
	assert_int_equal(o.nkvs, 0);
	CALL(f, o, etcd_range(f->client, "/registry/events/ns/kept", NULL, 0, 0, false, on_result, &o));
	assert_int_equal(o.nkvs, 1);
	assert_string_equal(o.value, "b");

	/* a write on a lease that is gone fails */
	CALL(f, o, etcd_create(f->client, "/registry/events/ns/late", "a", 1, lease, on_result, &o));
	assert_int_equal(o.err, -EIO);
}

static void test_failover_and_down(void **state)
{
	fixture *f = *state;
	int closed = kc_test_free_port();
	_cleanup_free_ char *servers = xasprintf("http://127.0.0.1:%d,%s", closed, f->etcd.client_url);
	etcd_config cfg = {.servers = servers};
	api_etcd *two = etcd_new(f->base, &cfg, NULL);
	outcome o;
	CALL(f, o, etcd_range(two, "/nothing", NULL, 0, 0, false, on_result, &o));
	assert_int_equal(o.err, 0);
	assert_string_equal(etcd_current_endpoint(two), f->etcd.client_url);
	etcd_free(two);

	kc_error err = KC_ERROR_INIT;
	etcd_config bad = {.servers = "127.0.0.1:2379"};
	assert_null(etcd_new(f->base, &bad, &err));
	assert_string_equal(err.msg, "--etcd-servers: \"127.0.0.1:2379\" is not an http:// or https:// URL");

	kc_test_etcd_kill(&f->etcd);
	CALL(f, o, etcd_range(f->client, "/x", NULL, 0, 0, false, on_result, &o));
	assert_int_equal(o.err, -ECONNREFUSED);
	assert_int_equal(kc_test_etcd_restart(&f->etcd), 0);
	CALL(f, o, etcd_range(f->client, "/x", NULL, 0, 0, false, on_result, &o));
	assert_int_equal(o.err, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_update_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_prefix_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failover_and_down, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
