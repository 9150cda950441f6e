/* test_informer.c - the informer against the fake API server, in one event
 * loop: initial list and sync, watch events, indexes, resuming a stream
 * that ended, relisting after 410 Gone, pagination (and an expired continue
 * token), resync, selectors, list failures retried, late handlers.
 *
 * Every wait is "run the loop until a condition holds", with a generous
 * guard timer that fails the test instead of hanging; nothing asserts how
 * long anything took. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <event2/event.h>
#include <inttypes.h>

#include "common/client.h"
#include "common/informer.h"
#include "common/util.h"
#include "harness/fake_apiserver.h"

#define LOG_MAX 256

typedef struct fixture {
	struct event_base *base;
	kc_fake_apiserver *fake;
	kc_client *client;
	kc_informer *inf;
	/* what the handlers saw, one line each:
	 * "add default/a 3", "update default/a 3->5", "delete default/b 4",
	 * "resync default/a", "synced" */
	char *log[LOG_MAX];
	size_t n;
	unsigned errors;
	char last_error[KC_ERROR_MSG_MAX];
	unsigned lists_at_first_add; /* fake list requests when the first on_add ran */
	bool cache_consistent;       /* every handler found its object in the cache */
} fixture;

static const char *rv_of(const cJSON *obj)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const char *rv = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "resourceVersion"));
	return rv ? rv : "?";
}

static void logf_(fixture *f, const char *fmt, ...) KC_PRINTF(2, 3);
static void logf_(fixture *f, const char *fmt, ...)
{
	assert_true(f->n < LOG_MAX);
	va_list ap;
	va_start(ap, fmt);
	f->log[f->n++] = xvasprintf(fmt, ap);
	va_end(ap);
}

static void on_add(const cJSON *obj, void *userdata)
{
	fixture *f = userdata;
	_cleanup_free_ char *key = kc_informer_key(obj);
	if (f->n == 0) {
		kc_fake_apiserver_stats st;
		kc_fake_apiserver_get_stats(f->fake, &st);
		f->lists_at_first_add = st.requests[KC_FAKE_LIST];
	}
	if (kc_informer_get(f->inf, key) != obj)
		f->cache_consistent = false;
	logf_(f, "add %s %s", key, rv_of(obj));
}

static void on_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	fixture *f = userdata;
	_cleanup_free_ char *key = kc_informer_key(new_obj);
	if (kc_informer_get(f->inf, key) != new_obj)
		f->cache_consistent = false;
	if (old_obj == new_obj)
		logf_(f, "resync %s", key);
	else
		logf_(f, "update %s %s->%s", key, rv_of(old_obj), rv_of(new_obj));
}

static void on_delete(const cJSON *obj, void *userdata)
{
	fixture *f = userdata;
	_cleanup_free_ char *key = kc_informer_key(obj);
	if (kc_informer_get(f->inf, key) != NULL)
		f->cache_consistent = false;
	logf_(f, "delete %s %s", key, rv_of(obj));
}

static void on_synced(void *userdata)
{
	logf_(userdata, "synced");
}

static void on_error(const kc_error *err, void *userdata)
{
	fixture *f = userdata;
	f->errors++;
	snprintf(f->last_error, sizeof(f->last_error), "%s", err->msg);
}

static fixture *fixture_new(void)
{
	fixture *f = xcalloc(1, sizeof(*f));
	f->cache_consistent = true;
	f->base = event_base_new();
	assert_non_null(f->base);
	kc_error err = KC_ERROR_INIT;
	f->fake = kc_fake_apiserver_new(f->base, &err);
	if (!f->fake)
		fail_msg("fake apiserver: %s", err.msg);
	assert_int_equal(kc_fake_apiserver_add_resource(f->fake, "/api/v1", "pods", "Pod", true), 0);
	assert_int_equal(kc_fake_apiserver_add_resource(f->fake, "/api/v1", "nodes", "Node", false), 0);
	_cleanup_free_ char *server = xstrdup(kc_fake_apiserver_url(f->fake));
	kc_client_config cfg = {.server = server, .watch_backoff_initial_ms = 1, .watch_backoff_max_ms = 20};
	f->client = kc_client_new(f->base, &cfg, &err);
	if (!f->client)
		fail_msg("client: %s", err.msg);
	return f;
}

static void fixture_free(fixture *f)
{
	kc_informer_free(f->inf);
	kc_client_free(f->client);
	kc_fake_apiserver_free(f->fake);
	event_base_free(f->base);
	for (size_t i = 0; i < f->n; i++)
		free(f->log[i]);
	free(f);
}

/* Makes and starts the informer with the recording handlers. */
static void start(fixture *f, kc_informer_config cfg)
{
	if (!cfg.path)
		cfg.path = "/api/v1/pods";
	cfg.list_backoff_initial_ms = cfg.list_backoff_initial_ms ? cfg.list_backoff_initial_ms : 1;
	cfg.list_backoff_max_ms = cfg.list_backoff_max_ms ? cfg.list_backoff_max_ms : 4;
	cfg.on_error = on_error;
	cfg.error_userdata = f;
	kc_error err = KC_ERROR_INIT;
	f->inf = kc_informer_new(f->base, f->client, &cfg, &err);
	if (!f->inf)
		fail_msg("informer: %s", err.msg);
	kc_informer_add_handlers(f->inf, &(kc_informer_handlers){on_add, on_update, on_delete, on_synced, f});
	assert_int_equal(kc_informer_start(f->inf), 0);
	assert_int_equal(kc_informer_start(f->inf), -EALREADY);
}

static void guard_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	*(bool *)arg = true;
}

typedef bool (*cond_fn)(fixture *f, uintptr_t arg);

/* Runs the loop until cond holds; fails (naming what) after a minute. */
static void run_until(fixture *f, cond_fn cond, uintptr_t arg, const char *what)
{
	bool expired = false;
	struct event *guard = evtimer_new(f->base, guard_cb, &expired);
	struct timeval tv = {60, 0};
	evtimer_add(guard, &tv);
	while (!expired && !cond(f, arg))
		event_base_loop(f->base, EVLOOP_ONCE);
	event_free(guard);
	if (expired)
		fail_msg("timed out waiting for %s (log has %zu lines, last error: %s)", what, f->n,
		         f->last_error);
}

static bool is_synced(fixture *f, uintptr_t arg)
{
	(void)arg;
	return kc_informer_has_synced(f->inf);
}

static bool log_has(fixture *f, uintptr_t n)
{
	return f->n >= n;
}

static bool watching(fixture *f, uintptr_t n)
{
	kc_fake_apiserver_stats st;
	kc_fake_apiserver_get_stats(f->fake, &st);
	return st.active_watches >= 1 && st.requests[KC_FAKE_WATCH] >= n;
}

static bool lists_reached(fixture *f, uintptr_t n)
{
	kc_fake_apiserver_stats st;
	kc_fake_apiserver_get_stats(f->fake, &st);
	return st.requests[KC_FAKE_LIST] >= n;
}

static bool rv_is(fixture *f, uintptr_t rev)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRIuPTR, rev);
	return streq(kc_informer_resource_version(f->inf), buf);
}

/* Checks the handler log from line `from` against want (NULL-terminated). */
static void expect_log(const fixture *f, size_t from, const char *const *want, const char *name)
{
	size_t n = 0;
	while (want[n])
		n++;
	for (size_t i = 0; i < n || from + i < f->n; i++) {
		const char *got = from + i < f->n ? f->log[from + i] : "(nothing)";
		const char *exp = i < n ? want[i] : "(nothing)";
		if (!streq(got, exp))
			fail_msg("%s: handler call %zu is \"%s\", want \"%s\"", name, i, got, exp);
	}
}

static uint64_t put_pod(fixture *f, const char *ns, const char *name, const char *node, const char *app)
{
	_cleanup_json_ cJSON *pod = cJSON_CreateObject();
	cJSON *meta = cJSON_AddObjectToObject(pod, "metadata");
	cJSON_AddStringToObject(meta, "name", name);
	cJSON_AddStringToObject(meta, "namespace", ns);
	if (app)
		cJSON_AddStringToObject(cJSON_AddObjectToObject(meta, "labels"), "app", app);
	cJSON *spec = cJSON_AddObjectToObject(pod, "spec");
	if (node)
		cJSON_AddStringToObject(spec, "nodeName", node);
	uint64_t rev = 0;
	assert_int_equal(kc_fake_apiserver_put(f->fake, "pods", pod, &rev), 0);
	return rev;
}

static uint64_t put_node(fixture *f, const char *name)
{
	_cleanup_json_ cJSON *node = cJSON_CreateObject();
	cJSON_AddStringToObject(cJSON_AddObjectToObject(node, "metadata"), "name", name);
	uint64_t rev = 0;
	assert_int_equal(kc_fake_apiserver_put(f->fake, "nodes", node, &rev), 0);
	return rev;
}

static unsigned fake_count(fixture *f, kc_fake_request_kind kind)
{
	kc_fake_apiserver_stats st;
	kc_fake_apiserver_get_stats(f->fake, &st);
	return st.requests[kind];
}

/* ---- tests ---- */

static const struct key_case {
	const char *name;
	const char *json;
	const char *want; /* NULL: no key */
} key_cases[] = {
    {"namespaced", "{\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\"}}", "ns/a"},
    {"cluster-scoped", "{\"metadata\":{\"name\":\"node-1\"}}", "node-1"},
    {"empty namespace is cluster-scoped", "{\"metadata\":{\"name\":\"a\",\"namespace\":\"\"}}", "a"},
    {"no name", "{\"metadata\":{\"namespace\":\"ns\"}}", NULL},
    {"empty name", "{\"metadata\":{\"name\":\"\"}}", NULL},
    {"name not a string", "{\"metadata\":{\"name\":7}}", NULL},
    {"no metadata", "{\"kind\":\"Pod\"}", NULL},
    {"not an object", "[1,2]", NULL},
};

static void test_key(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(key_cases); i++) {
		const struct key_case *c = &key_cases[i];
		_cleanup_json_ cJSON *obj = cJSON_Parse(c->json);
		assert_non_null(obj);
		_cleanup_free_ char *key = kc_informer_key(obj);
		if (!streq_ptr(key, c->want))
			fail_msg("case %s: key %s, want %s", c->name, key ? key : "NULL",
			         c->want ? c->want : "NULL");
	}
	kc_error err = KC_ERROR_INIT;
	assert_null(kc_informer_new(NULL, NULL, &(kc_informer_config){.path = NULL}, &err));
	assert_int_equal(err.code, -EINVAL);
	assert_null(kc_informer_new(NULL, NULL, &(kc_informer_config){.path = "api/v1/pods"}, NULL));
}

/* The initial list fills the cache; handlers run after the whole list is
 * in; has_synced turns true; then the watch starts from the list's rv. */
static void test_initial_list(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "b", "n1", "web");
	put_pod(f, "kube-system", "c", NULL, NULL);
	put_pod(f, "default", "a", "n2", "web");
	uint64_t rev = put_node(f, "n1"); /* bumps the revision, not pods */
	start(f, (kc_informer_config){0});
	assert_false(kc_informer_has_synced(f->inf));
	assert_int_equal(kc_informer_len(f->inf), 0);
	run_until(f, is_synced, 0, "sync");
	const char *want[] = {"add default/a 3", "add default/b 1", "add kube-system/c 2", "synced", NULL};
	expect_log(f, 0, want, "initial list");
	assert_true(f->cache_consistent);
	assert_int_equal(kc_informer_len(f->inf), 3);
	assert_true(rv_is(f, (uintptr_t)rev));

	/* Cached objects got the kind and apiVersion list items lack. */
	const cJSON *a = kc_informer_get_by_name(f->inf, "default", "a");
	assert_non_null(a);
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "kind")), "Pod");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "apiVersion")), "v1");
	assert_ptr_equal(kc_informer_get(f->inf, "default/a"), a);
	assert_null(kc_informer_get(f->inf, "default/zzz"));
	assert_null(kc_informer_get_by_name(f->inf, NULL, "a"));

	size_t n = 0;
	const cJSON **all = kc_informer_list(f->inf, &n);
	assert_int_equal(n, 3);
	assert_ptr_equal(all[0], a);
	free(all);

	run_until(f, watching, 1, "the watch");
	_cleanup_free_ char *want_watch = xasprintf("resourceVersion=%" PRIu64, rev);
	const char *w = kc_fake_apiserver_last_request(f->fake, KC_FAKE_WATCH);
	if (!strstr(w, want_watch))
		fail_msg("watch request \"%s\" does not start from %s", w, want_watch);
	assert_int_equal(fake_count(f, KC_FAKE_LIST), 1);
	const char *l = kc_fake_apiserver_last_request(f->fake, KC_FAKE_LIST);
	assert_non_null(strstr(l, "limit=500"));
	kc_informer_stats st;
	kc_informer_get_stats(f->inf, &st);
	assert_int_equal(st.lists, 1);
	assert_int_equal(st.list_failures, 0);
	assert_int_equal(f->errors, 0);
	fixture_free(f);
}

/* Watch events update the cache and reach the handlers in order. */
static void test_watch_events(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "a", "n1", NULL);
	put_pod(f, "default", "b", "n1", NULL);
	start(f, (kc_informer_config){0});
	run_until(f, watching, 1, "the watch");
	size_t base = f->n; /* add a, add b, synced */
	assert_int_equal(base, 3);

	put_pod(f, "default", "d", NULL, NULL); /* 3: ADDED */
	put_pod(f, "default", "a", "n2", NULL); /* 4: MODIFIED */
	assert_int_equal(kc_fake_apiserver_delete(f->fake, "pods", "default", "b", NULL), 0); /* 5 */
	put_pod(f, "default", "a", "n3", NULL); /* 6: MODIFIED again */
	put_node(f, "n1");                      /* 7: another resource: no event */
	run_until(f, log_has, base + 4, "four events");
	const char *want[] = {"add default/d 3", "update default/a 1->4",
	                      /* the DELETED event carries the final state, stamped with
	                       * the deletion's revision */
	                      "delete default/b 5", "update default/a 4->6", NULL};
	expect_log(f, base, want, "watch events");
	assert_true(f->cache_consistent);
	assert_int_equal(kc_informer_len(f->inf), 2);
	assert_null(kc_informer_get(f->inf, "default/b"));
	const cJSON *a = kc_informer_get(f->inf, "default/a");
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(a, "spec");
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(spec, "nodeName")), "n3");
	assert_string_equal(kc_informer_resource_version(f->inf), "6");
	kc_informer_stats st;
	kc_informer_get_stats(f->inf, &st);
	assert_int_equal(st.events, 4);
	fixture_free(f);
}

/* Index functions: pods by node, by namespace, by a multi-valued function. */
static void index_node(const cJSON *obj, kc_index_values *out, void *userdata)
{
	(void)userdata;
	const cJSON *node =
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "spec"), "nodeName");
	if (cJSON_IsString(node) && *node->valuestring)
		kc_index_values_add(out, node->valuestring);
}

/* Every label as "key=value", and "any" twice (duplicates are ignored). */
static void index_labels(const cJSON *obj, kc_index_values *out, void *userdata)
{
	(void)userdata;
	const cJSON *labels =
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "labels");
	const cJSON *l;
	cJSON_ArrayForEach(l, labels)
	{
		if (!cJSON_IsString(l))
			continue;
		_cleanup_free_ char *v = xasprintf("%s=%s", l->string, l->valuestring);
		kc_index_values_add(out, v);
	}
	kc_index_values_add(out, "any");
	kc_index_values_add(out, "any");
}

struct index_case {
	const char *index, *value;
	const char *want; /* keys joined with spaces, "" for none */
};

static const struct index_case index_before[] = {
    {"node", "n1", "default/a kube-system/c"},
    {"node", "n2", "default/b"},
    {"node", "n9", ""},
    {"namespace", "default", "default/a default/b default/d"},
    {"namespace", "kube-system", "kube-system/c"},
    {"labels", "app=web", "default/a default/b"},
    {"labels", "any", "default/a default/b default/d kube-system/c"},
    {"no-such-index", "n1", ""},
};

/* after: a moved to n2 and relabelled, c deleted, e added on n1 */
/* clang-format off */
static const struct index_case index_after[] = {
	{"node", "n1", "default/e"},
	{"node", "n2", "default/a default/b"},
	{"namespace", "kube-system", ""},
	{"labels", "app=web", "default/b"},
	{"labels", "app=db", "default/a"},
	{"late", "n2", "default/a default/b"},
};
/* clang-format on */

static void check_index(fixture *f, const struct index_case *cases, size_t n, const char *stage)
{
	for (size_t i = 0; i < n; i++) {
		const struct index_case *c = &cases[i];
		size_t count = 0;
		const cJSON **objs = kc_informer_by_index(f->inf, c->index, c->value, &count);
		kc_buf b = KC_BUF_INIT;
		for (size_t j = 0; j < count; j++) {
			_cleanup_free_ char *key = kc_informer_key(objs[j]);
			kc_buf_addf(&b, "%s%s", j ? " " : "", key);
		}
		free(objs);
		if (!streq(kc_buf_str(&b), c->want))
			fail_msg("%s: index %s=%s gave \"%s\", want \"%s\"", stage, c->index, c->value,
			         kc_buf_str(&b), c->want);
		kc_buf_free(&b);
	}
}

static void test_indexes(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "a", "n1", "web");
	put_pod(f, "default", "b", "n2", "web");
	put_pod(f, "kube-system", "c", "n1", NULL);
	put_pod(f, "default", "d", NULL, NULL);
	start(f, (kc_informer_config){0});
	assert_int_equal(kc_informer_add_index(f->inf, "node", index_node, NULL), 0);
	assert_int_equal(kc_informer_add_index(f->inf, "namespace", kc_informer_index_namespace, NULL), 0);
	assert_int_equal(kc_informer_add_index(f->inf, "labels", index_labels, NULL), 0);
	assert_int_equal(kc_informer_add_index(f->inf, "node", index_node, NULL), -EEXIST);
	run_until(f, watching, 1, "the watch");
	check_index(f, index_before, KC_ARRAY_SIZE(index_before), "after the list");

	/* An index added after the cache is full indexes what is there. */
	assert_int_equal(kc_informer_add_index(f->inf, "late", index_node, NULL), 0);
	size_t base = f->n;
	put_pod(f, "default", "a", "n2", "db");
	assert_int_equal(kc_fake_apiserver_delete(f->fake, "pods", "kube-system", "c", NULL), 0);
	put_pod(f, "default", "e", "n1", NULL);
	run_until(f, log_has, base + 3, "three events");
	check_index(f, index_after, KC_ARRAY_SIZE(index_after), "after the events");
	fixture_free(f);
}

/* A stream that ends is resumed from the last resourceVersion: events made
 * meanwhile arrive, and there is no relist. */
static void test_resume_after_end(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "a", NULL, NULL);
	start(f, (kc_informer_config){0});
	run_until(f, watching, 1, "the watch");
	put_pod(f, "default", "b", NULL, NULL); /* rv 2, seen on the stream */
	run_until(f, log_has, 3, "add b");
	assert_string_equal(kc_informer_resource_version(f->inf), "2");

	kc_fake_apiserver_end_watches(f->fake);
	put_pod(f, "default", "c", NULL, NULL); /* rv 3, while no stream is open */
	run_until(f, log_has, 4, "add c after the reconnect");
	const char *want[] = {"add default/a 1", "synced", "add default/b 2", "add default/c 3", NULL};
	expect_log(f, 0, want, "resume");
	assert_int_equal(fake_count(f, KC_FAKE_LIST), 1); /* no relist */
	assert_int_equal(fake_count(f, KC_FAKE_WATCH), 2);
	const char *w = kc_fake_apiserver_last_request(f->fake, KC_FAKE_WATCH);
	if (!strstr(w, "resourceVersion=2"))
		fail_msg("second watch \"%s\" does not resume from 2", w);
	kc_informer_stats st;
	kc_informer_get_stats(f->inf, &st);
	assert_int_equal(st.relists, 0);
	fixture_free(f);
}

/* A bookmark moves the resourceVersion on without an event, and the next
 * watch resumes from it. */
static void test_bookmark(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "a", NULL, NULL);
	start(f, (kc_informer_config){0});
	run_until(f, watching, 1, "the watch");
	uint64_t rev = put_node(f, "n1"); /* only nodes changed */
	rev = put_node(f, "n2");
	kc_fake_apiserver_bookmark(f->fake);
	run_until(f, rv_is, (uintptr_t)rev, "the bookmark's resourceVersion");
	assert_int_equal(f->n, 2); /* add a, synced: a bookmark calls no handler */
	kc_fake_apiserver_end_watches(f->fake);
	run_until(f, watching, 2, "the second watch");
	_cleanup_free_ char *want = xasprintf("resourceVersion=%" PRIu64, rev);
	const char *w = kc_fake_apiserver_last_request(f->fake, KC_FAKE_WATCH);
	if (!strstr(w, want))
		fail_msg("watch after a bookmark \"%s\" does not start from %s", w, want);
	fixture_free(f);
}

/* Compaction while the stream is down: the watch gets 410, the informer
 * relists and reports only what really changed, deletes included (with
 * the last state it knew). */
static void test_relist_after_compaction(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "a", NULL, NULL); /* 1 */
	put_pod(f, "default", "b", NULL, NULL); /* 2 */
	put_pod(f, "default", "c", NULL, NULL); /* 3 */
	start(f, (kc_informer_config){0});
	run_until(f, watching, 1, "the watch");
	assert_int_equal(f->n, 4);
	const cJSON *c_before = kc_informer_get(f->inf, "default/c");

	kc_fake_apiserver_end_watches(f->fake);
	put_pod(f, "default", "a", "n1", NULL);                                               /* 4: changed */
	assert_int_equal(kc_fake_apiserver_delete(f->fake, "pods", "default", "b", NULL), 0); /* 5 */
	put_pod(f, "default", "d", NULL, NULL);                                               /* 6: new */
	put_pod(f, "default", "e", NULL, NULL);                                               /* 7: new ... */
	assert_int_equal(kc_fake_apiserver_delete(f->fake, "pods", "default", "e", NULL),
	                 0); /* 8: ... and gone */
	kc_fake_apiserver_compact(f->fake);

	run_until(f, log_has, 7, "the relist's changes");
	const char *want[] = {"add default/a 1", "add default/b 2", "add default/c 3", "synced",
	                      /* list order (a, c, d), then deletes; c unchanged: nothing */
	                      "update default/a 1->4", "add default/d 6",
	                      /* the last state the informer knew: rv 2 */
	                      "delete default/b 2", NULL};
	expect_log(f, 0, want, "relist");
	assert_true(f->cache_consistent);
	/* The unchanged object is the same cached object as before. */
	assert_ptr_equal(kc_informer_get(f->inf, "default/c"), c_before);
	assert_int_equal(kc_informer_len(f->inf), 3);
	assert_int_equal(fake_count(f, KC_FAKE_LIST), 2);
	kc_informer_stats st;
	kc_informer_get_stats(f->inf, &st);
	assert_int_equal(st.relists, 1);

	/* And it watches again from the new list's revision. */
	run_until(f, watching, 3, "the watch after the relist");
	put_pod(f, "default", "f", NULL, NULL);
	run_until(f, log_has, 8, "an event after the relist");
	assert_string_equal(f->log[7], "add default/f 9");
	fixture_free(f);
}

/* The initial list comes in pages (limit/continue, the continue token
 * escaped) and is applied whole. */
static void test_paginated_list(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	const char *names[] = {"p1", "p2", "p3", "p4", "p5"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(names); i++)
		put_pod(f, "default", names[i], NULL, NULL);
	start(f, (kc_informer_config){.page_size = 2});
	run_until(f, is_synced, 0, "sync");
	assert_int_equal(fake_count(f, KC_FAKE_LIST), 3);
	assert_int_equal(f->lists_at_first_add, 3); /* no handler before the last page */
	assert_int_equal(kc_informer_len(f->inf), 5);
	assert_int_equal(f->n, 6);
	size_t nreq = 0;
	const char *const *reqs = kc_fake_apiserver_requests(f->fake, &nreq);
	assert_true(nreq >= 3);
	assert_non_null(strstr(reqs[0], "limit=2"));
	assert_null(strstr(reqs[0], "continue="));
	assert_non_null(strstr(reqs[1], "continue="));
	assert_non_null(strstr(reqs[2], "continue="));
	kc_informer_stats st;
	kc_informer_get_stats(f->inf, &st);
	assert_int_equal(st.lists, 3);
	assert_int_equal(f->errors, 0);
	fixture_free(f);
}

/* A continue token that expires between pages: one full list instead. */
static void test_paginated_continue_expired(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	const char *names[] = {"p1", "p2", "p3", "p4", "p5"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(names); i++)
		put_pod(f, "default", names[i], NULL, NULL);
	start(f, (kc_informer_config){.page_size = 2});
	/* The first page is answered; the second request cannot have been
	 * served yet (it needs more loop iterations to go out). */
	run_until(f, lists_reached, 1, "the first page");
	put_pod(f, "default", "p6", NULL, NULL);
	kc_fake_apiserver_compact(f->fake);
	run_until(f, is_synced, 0, "sync");
	/* page 1, page 2 (410), then one list without limit */
	assert_int_equal(fake_count(f, KC_FAKE_LIST), 3);
	const char *l = kc_fake_apiserver_last_request(f->fake, KC_FAKE_LIST);
	if (strstr(l, "limit=") || strstr(l, "continue="))
		fail_msg("fallback list \"%s\" is paginated", l);
	assert_int_equal(kc_informer_len(f->inf), 6);
	assert_int_equal(f->n, 7); /* six adds, synced */
	run_until(f, watching, 1, "the watch");
	fixture_free(f);
}

static bool resyncs_reached(fixture *f, uintptr_t n)
{
	kc_informer_stats st;
	kc_informer_get_stats(f->inf, &st);
	return st.resyncs >= n;
}

/* Resync: on_update(obj, obj) for every cached object, every period. */
static void test_resync(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "a", NULL, NULL);
	put_pod(f, "default", "b", NULL, NULL);
	start(f, (kc_informer_config){.resync_ms = 5});
	run_until(f, resyncs_reached, 2, "two resyncs");
	/* add a, add b, synced, then rounds of "resync a, resync b" */
	const char *want[] = {"add default/a 1",  "add default/b 2",  "synced",           "resync default/a",
	                      "resync default/b", "resync default/a", "resync default/b", NULL};
	expect_log(f, 0, want, "resync");
	fixture_free(f);
}

/* A failing list (500) is retried with back-off until it succeeds. */
static void test_list_errors_retried(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "a", NULL, NULL);
	kc_fake_apiserver_fail_next(f->fake, KC_FAKE_LIST, 500, 2);
	start(f, (kc_informer_config){0});
	run_until(f, is_synced, 0, "sync after failures");
	assert_int_equal(fake_count(f, KC_FAKE_LIST), 3);
	kc_informer_stats st;
	kc_informer_get_stats(f->inf, &st);
	assert_int_equal(st.list_failures, 2);
	assert_int_equal(st.lists, 3);
	assert_int_equal(f->errors, 2);
	if (!strstr(f->last_error, "failed to list /api/v1/pods") ||
	    !strstr(f->last_error, "injected failure"))
		fail_msg("error message \"%s\"", f->last_error);
	const char *want[] = {"add default/a 1", "synced", NULL};
	expect_log(f, 0, want, "list retried");
	fixture_free(f);
}

/* A relist that fails is retried too, and the cache keeps serving. */
static void test_relist_errors_retried(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "a", NULL, NULL);
	start(f, (kc_informer_config){0});
	run_until(f, watching, 1, "the watch");
	kc_fake_apiserver_end_watches(f->fake);
	put_pod(f, "default", "b", NULL, NULL);
	kc_fake_apiserver_compact(f->fake);
	kc_fake_apiserver_fail_next(f->fake, KC_FAKE_LIST, 503, 1);
	run_until(f, log_has, 3, "add b after the relist");
	assert_string_equal(f->log[2], "add default/b 2");
	assert_true(kc_informer_has_synced(f->inf));
	assert_int_equal(fake_count(f, KC_FAKE_LIST), 3);
	fixture_free(f);
}

/* Selectors reach the list and the watch, escaped; an object that stops
 * matching is deleted from the cache. */
static void test_selectors(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "web1", "n1", "web");
	put_pod(f, "default", "web2", "n2", "web");
	put_pod(f, "default", "db1", "n1", "db");
	start(f, (kc_informer_config){.label_selector = "app=web", .field_selector = "spec.nodeName=n1"});
	run_until(f, watching, 1, "the watch");
	const char *want1[] = {"add default/web1 1", "synced", NULL};
	expect_log(f, 0, want1, "selected list");
	const char *l = kc_fake_apiserver_last_request(f->fake, KC_FAKE_LIST);
	assert_non_null(strstr(l, "labelSelector=app%3Dweb"));
	assert_non_null(strstr(l, "fieldSelector=spec.nodeName%3Dn1"));
	const char *w = kc_fake_apiserver_last_request(f->fake, KC_FAKE_WATCH);
	assert_non_null(strstr(w, "labelSelector=app%3Dweb"));

	put_pod(f, "default", "web3", "n1", "web"); /* 4: matches */
	put_pod(f, "default", "web1", "n1", "db");  /* 5: stops matching */
	put_pod(f, "default", "db1", "n1", "web");  /* 6: starts matching */
	run_until(f, log_has, 5, "three events");
	const char *want2[] = {"add default/web3 4", "delete default/web1 5", "add default/db1 6", NULL};
	expect_log(f, 2, want2, "selected watch");
	assert_int_equal(kc_informer_len(f->inf), 2);
	fixture_free(f);
}

/* Handlers added late get the cache replayed as adds, then synced. */
static void late_add(const cJSON *obj, void *userdata)
{
	fixture *f = userdata;
	_cleanup_free_ char *key = kc_informer_key(obj);
	logf_(f, "late add %s", key);
}

static void late_synced(void *userdata)
{
	logf_(userdata, "late synced");
}

static void test_late_handlers(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "b", NULL, NULL);
	put_pod(f, "default", "a", NULL, NULL);
	start(f, (kc_informer_config){0});
	run_until(f, is_synced, 0, "sync");
	size_t base = f->n;
	kc_informer_add_handlers(
	    f->inf, &(kc_informer_handlers){.on_add = late_add, .on_synced = late_synced, .userdata = f});
	const char *want[] = {"late add default/a", "late add default/b", "late synced", NULL};
	expect_log(f, base, want, "late handlers");
	/* Both handler sets hear about later events. */
	run_until(f, watching, 1, "the watch");
	put_pod(f, "default", "c", NULL, NULL);
	run_until(f, log_has, base + 5, "both handlers");
	const char *want2[] = {"add default/c 3", "late add default/c", NULL};
	expect_log(f, base + 3, want2, "two handler sets");
	fixture_free(f);
}

/* Freeing the informer while its list is in flight: the answer arrives
 * later and finds nobody (valgrind checks nothing leaks). */
static void test_free_while_listing(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "a", NULL, NULL);
	start(f, (kc_informer_config){0});
	kc_informer_free(f->inf); /* cancels the list in flight */
	f->inf = NULL;
	/* Whatever the server saw, nothing may reach the freed informer: a
	 * later request's answer comes after any answer to the first. */
	kc_response r = {0};
	kc_client_request_sync(f->client, "GET", "/api/v1/nodes", NULL, NULL, 0, NULL, &r);
	assert_int_equal(r.status, 200);
	kc_response_clear(&r);
	for (int i = 0; i < 10; i++)
		event_base_loop(f->base, EVLOOP_NONBLOCK);
	assert_int_equal(f->n, 0);
	fixture_free(f);
}

static bool no_watches(fixture *f, uintptr_t arg)
{
	(void)arg;
	kc_fake_apiserver_stats st;
	kc_fake_apiserver_get_stats(f->fake, &st);
	return st.active_watches == 0;
}

/* A client that goes away mid-stream: the fake server notices (at the
 * latest when it next writes to the stream) and forgets the watch. */
static void test_watch_client_gone(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	start(f, (kc_informer_config){0});
	run_until(f, watching, 1, "the watch");
	kc_informer_free(f->inf); /* stops the watch: the client closes the connection */
	f->inf = NULL;
	put_pod(f, "default", "a", NULL, NULL);
	run_until(f, no_watches, 0, "the fake server to forget the watch");
	put_pod(f, "default", "b", NULL, NULL); /* nobody to send it to */
	fixture_free(f);
}

/* The fake server itself: 410 for an old continue token and an old paged
 * list, 404 for unknown paths, a cluster-scoped get. */
static void test_fake_apiserver(void **state)
{
	(void)state;
	fixture *f = fixture_new();
	put_pod(f, "default", "a", NULL, NULL);
	put_node(f, "n1");
	kc_fake_apiserver_compact(f->fake);
	put_pod(f, "default", "b", NULL, NULL);
	static const struct {
		const char *path;
		long status;
		const char *in_body;
	} cases[] = {
	    {"/api/v1/pods", 200, "\"resourceVersion\":\"3\""},
	    {"/api/v1/namespaces/default/pods/a", 200, "\"name\":\"a\""},
	    {"/api/v1/namespaces/other/pods", 200, "\"items\":[]"},
	    {"/api/v1/nodes/n1", 200, "\"kind\":\"Node\""},
	    {"/api/v1/pods?limit=1", 200, "\"remainingItemCount\":1"},
	    {"/api/v1/pods?limit=1&resourceVersion=1", 410,
	     "The resourceVersion for the provided list is too old."},
	    {"/api/v1/pods?resourceVersion=1", 200, "\"items\""},
	    {"/api/v1/pods?labelSelector=app%20in%20(a)", 400, "unable to parse requirement"},
	    {"/api/v1/namespaces/default/pods/zzz", 404, "pods \\\"zzz\\\" not found"},
	    {"/api/v1/widgets", 404, "the server could not find the requested resource"},
	    {"/api/v1/pods?continue=%21%21", 400, "continue key is not valid"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_response r = {0};
		kc_client_request_sync(f->client, "GET", cases[i].path, NULL, NULL, 0, NULL, &r);
		if (r.status != cases[i].status || !strstr(r.raw, cases[i].in_body))
			fail_msg("GET %s: %ld %s; want %ld with %s", cases[i].path, r.status, r.raw,
			         cases[i].status, cases[i].in_body);
		kc_response_clear(&r);
	}
	/* A continue token from before a compaction expires. */
	kc_response r = {0};
	kc_client_request_sync(f->client, "GET", "/api/v1/pods?limit=1", NULL, NULL, 0, NULL, &r);
	const char *cont = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(r.body, "metadata"), "continue"));
	assert_non_null(cont);
	_cleanup_free_ char *esc = NULL;
	{
		kc_buf b = KC_BUF_INIT;
		for (const char *p = cont; *p; p++)
			kc_buf_addf(&b, "%%%02X", (unsigned char)*p);
		esc = kc_buf_release(&b);
	}
	kc_response_clear(&r);
	_cleanup_free_ char *path = xasprintf("/api/v1/pods?limit=1&continue=%s", esc);
	kc_client_request_sync(f->client, "GET", path, NULL, NULL, 0, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.raw, "\"name\":\"b\""));
	kc_response_clear(&r);
	put_pod(f, "default", "c", NULL, NULL);
	kc_fake_apiserver_compact(f->fake);
	kc_client_request_sync(f->client, "GET", path, NULL, NULL, 0, NULL, &r);
	assert_int_equal(r.status, 410);
	assert_non_null(strstr(r.raw, "\"reason\":\"Expired\""));
	kc_response_clear(&r);
	/* Writes are not served. */
	kc_client_request_sync(f->client, "DELETE", "/api/v1/namespaces/default/pods/a", NULL, NULL, 0, NULL,
	                       &r);
	assert_int_equal(r.status, 405);
	kc_response_clear(&r);
	size_t nreq = 0;
	const char *const *reqs = kc_fake_apiserver_requests(f->fake, &nreq);
	assert_string_equal(reqs[nreq - 1], "DELETE /api/v1/namespaces/default/pods/a");
	kc_fake_apiserver_stats st;
	kc_fake_apiserver_get_stats(f->fake, &st);
	assert_int_equal(st.other, 2); /* the 405 and the unknown path */
	assert_int_equal(kc_fake_apiserver_add_resource(f->fake, "/api/v1", "pods", "Pod", true), -EEXIST);
	assert_int_equal(
	    kc_fake_apiserver_add_resource(f->fake, "/apis/apps", "deployments", "Deployment", true),
	    -EINVAL);
	assert_int_equal(
	    kc_fake_apiserver_add_resource(f->fake, "/apis/apps/v1", "deployments", "Deployment", true), 0);
	assert_int_equal(kc_fake_apiserver_put(f->fake, "widgets", NULL, NULL), -ENOENT);
	_cleanup_json_ cJSON *noname = cJSON_Parse("{\"metadata\":{}}");
	assert_int_equal(kc_fake_apiserver_put(f->fake, "pods", noname, NULL), -EINVAL);
	assert_int_equal(kc_fake_apiserver_delete(f->fake, "pods", "default", "zzz", NULL), -ENOENT);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_key),
	    cmocka_unit_test(test_initial_list),
	    cmocka_unit_test(test_watch_events),
	    cmocka_unit_test(test_indexes),
	    cmocka_unit_test(test_resume_after_end),
	    cmocka_unit_test(test_bookmark),
	    cmocka_unit_test(test_relist_after_compaction),
	    cmocka_unit_test(test_paginated_list),
	    cmocka_unit_test(test_paginated_continue_expired),
	    cmocka_unit_test(test_resync),
	    cmocka_unit_test(test_list_errors_retried),
	    cmocka_unit_test(test_relist_errors_retried),
	    cmocka_unit_test(test_selectors),
	    cmocka_unit_test(test_late_handlers),
	    cmocka_unit_test(test_free_while_listing),
	    cmocka_unit_test(test_watch_client_gone),
	    cmocka_unit_test(test_fake_apiserver),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
