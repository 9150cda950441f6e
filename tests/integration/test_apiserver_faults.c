/* test_apiserver_faults.c - kc-apiserver survives faults:
 *
 *   - etcd stopped and restarted (gracefully, then killed) while clients
 *     keep writing: requests fail fast with 503 meanwhile, lists at
 *     resourceVersion=0 are served from the watch cache as a consistent
 *     snapshot, and afterwards etcd holds exactly the writes answered 2xx
 *     (plus, at most, writes whose answer was lost with the connection), and
 *     watches - one kept open, one resumed from its last resourceVersion -
 *     saw exactly etcd's history, in order, once;
 *   - two apiservers on one etcd: concurrent Service creates through both
 *     never share a ClusterIP or a NodePort, and concurrent read-modify-write
 *     updates through both get 409s, never lose an update;
 *   - SIGTERM with writes in flight: they complete (2xx and stored) or fail
 *     cleanly (not stored), new connections are refused, open watches end
 *     cleanly, the process exits 0 within seconds;
 *   - a watcher that never reads is cut off while the apiserver's memory
 *     stays bounded and other watchers see every event.
 *
 * Every check against "what is stored" reads etcd itself, through its JSON
 * gateway (harness/procs.h), never the apiserver under test. */
#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/client.h"
#include "common/json.h"
#include "common/util.h"
#include "harness/apiserver.h"

#define CM_PATH "/api/v1/namespaces/default/configmaps"
#define CM_KEY "/registry/configmaps/default/"

typedef struct fixture {
	kc_test_apiserver api;
	kc_test_apiserver peer; /* a second apiserver, for the tests that start one */
	struct event_base *base;
	kc_client *client, *peer_client;
} fixture;

static kc_client *new_client(fixture *f, const kc_test_apiserver *api)
{
	kc_client_config cfg;
	kc_test_apiserver_client_config(api, "admin", &cfg);
	/* a hang shows up as a failed request, not as a stuck test (the
	 * limits leave room for valgrind's slow TLS handshakes) */
	cfg.connect_timeout_ms = 60000;
	cfg.request_timeout_ms = 60000;
	cfg.watch_backoff_initial_ms = 50;
	cfg.watch_backoff_max_ms = 500;
	kc_client *c = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	return c;
}

static int setup_with(void **state, const char *const *args, bool peer)
{
	fixture *f = xcalloc(1, sizeof(*f));
	*state = f;
	/* cmocka runs no teardown after a failed setup */
	if (kc_test_apiserver_start(&f->api, args) < 0) {
		free(f);
		*state = NULL;
		return -1;
	}
	if (peer && kc_test_apiserver_start_peer(&f->peer, &f->api, args) < 0) {
		kc_test_apiserver_stop(&f->api);
		free(f);
		*state = NULL;
		return -1;
	}
	f->base = event_base_new();
	f->client = new_client(f, &f->api);
	if (peer)
		f->peer_client = new_client(f, &f->peer);
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	if (!f)
		return 0;
	kc_client_free(f->client);
	kc_client_free(f->peer_client);
	if (f->base)
		event_base_free(f->base);
	kc_test_apiserver_stop(&f->peer); /* before the first: it shares its etcd */
	kc_test_apiserver_stop(&f->api);
	free(f);
	return 0;
}

/* ---- small helpers ---- */

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs the loop for ms milliseconds. */
static void run_for(fixture *f, int ms)
{
	struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
	event_base_loopexit(f->base, &tv);
	event_base_dispatch(f->base);
}

/* Runs the loop until done(arg) or timeout_ms pass; returns done(arg). */
static bool run_until(fixture *f, bool (*done)(void *), void *arg, int timeout_ms)
{
	int64_t end = now_ms() + timeout_ms;
	while (!done(arg) && now_ms() < end)
		run_for(f, 10);
	return done(arg);
}

static kc_response *call(kc_client *c, const char *method, const char *path, const char *body)
{
	static kc_response resp;
	kc_response_clear(&resp);
	kc_client_request_sync(c, method, path, body ? "application/json" : NULL, body, body ? strlen(body) : 0, NULL,
			       &resp);
	return &resp;
}

static char *configmap_json(const char *name, const char *key, const char *value)
{
	return xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\"},"
			 "\"data\":{\"%s\":\"%s\"}}",
			 name, key, value);
}

static int64_t rv_of(const cJSON *obj) { return strtoll(kc_json_get_str(obj, "metadata.resourceVersion", "0"), NULL, 10); }

/* data.v of a stored value (JSON text), -1 if none. */
static long stored_v(const char *json)
{
	_cleanup_json_ cJSON *obj = NULL;
	if (kc_json_parse(json, strlen(json), &obj, NULL) < 0)
		return -1;
	return strtol(kc_json_get_str(obj, "data.v", "-1"), NULL, 10);
}

/* The name part of "/registry/configmaps/default/<name>". */
static const char *key_name(const char *key)
{
	const char *slash = strrchr(key, '/');
	return slash ? slash + 1 : key;
}

/* ====================================================================
 * etcd restarted under load
 * ==================================================================== */

enum { PHASE_UP, PHASE_STOPPING_ETCD, PHASE_OUTAGE, PHASE_STARTING_ETCD, PHASE_BACK };
static const char *const phase_names[] = {"up", "stopping etcd", "etcd down", "starting etcd", "etcd back"};

/* One write: a create or an unconditional update setting data.v to a value
 * no other write uses, so etcd's history maps back to the write. */
typedef struct op {
	char name[32];
	long value;
	bool create;
	int phase;  /* when it started */
	int outages; /* etcd outages begun before it started */
	int64_t start_ms, end_ms;
	long status; /* 0: no HTTP answer */
	char msg[160]; /* why it failed */
	int64_t rv;  /* the answer's resourceVersion (2xx only) */
} op;

#define MAX_OPS 20000
#define WORKERS 4

typedef struct load load;

typedef struct worker {
	load *l;
	int id;
	int next_obj;
	char acked[256][32]; /* objects whose create was answered 201 */
	int nacked;
	int step;
	struct event *timer;
} worker;

/* What a watch saw (BOOKMARKs left out). */
typedef struct seen {
	int type; /* kc_watch_event_type */
	char name[32];
	long value;
	int64_t rv;
} seen;

typedef struct watch_log {
	seen *ev;
	size_t n, cap;
	int errors;
	bool gone;
} watch_log;

struct load {
	fixture *f;
	op *ops;
	size_t nops;
	long next_value;
	int phase;
	int outages;
	bool stopping;
	int inflight;
	worker workers[WORKERS];
	int64_t rv0; /* the watches start after it */
	char b_resume[32]; /* watch B's last resourceVersion when it was dropped */
	int64_t t0, phase_ms[5]; /* when each phase last began, for messages */
	watch_log a, b;
	kc_watch *wa, *wb;
};

typedef struct op_ctx {
	worker *w;
	size_t op;
} op_ctx;

static void worker_step(worker *w);

static void on_worker_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	worker_step(arg);
}

static void on_op_done(kc_response *resp, void *userdata)
{
	op_ctx *ctx = userdata;
	worker *w = ctx->w;
	load *l = w->l;
	op *o = &l->ops[ctx->op];
	free(ctx);
	o->end_ms = now_ms();
	o->status = resp->status;
	bool ok = resp->status >= 200 && resp->status < 300;
	if (ok)
		o->rv = rv_of(resp->body);
	else
		snprintf(o->msg, sizeof(o->msg), "%.150s", resp->err.msg);
	if (ok && o->create && w->nacked < (int)KC_ARRAY_SIZE(w->acked))
		snprintf(w->acked[w->nacked++], sizeof(w->acked[0]), "%s", o->name);
	l->inflight--;
	if (l->stopping)
		return;
	/* pace: one write per worker every 20 ms, 50 ms after a failure */
	struct timeval tv = {0, ok ? 20000 : 50000};
	evtimer_add(w->timer, &tv);
}

static void worker_step(worker *w)
{
	load *l = w->l;
	if (l->stopping || l->nops == MAX_OPS)
		return;
	op *o = &l->ops[l->nops];
	memset(o, 0, sizeof(*o));
	o->value = ++l->next_value;
	o->phase = l->phase;
	o->outages = l->outages;
	/* every third write creates an object, the others update one */
	o->create = w->nacked == 0 || w->step % 3 == 0;
	if (o->create)
		snprintf(o->name, sizeof(o->name), "w%d-%d", w->id, w->next_obj++);
	else
		snprintf(o->name, sizeof(o->name), "%s", w->acked[w->step % w->nacked]);
	w->step++;
	char v[32];
	snprintf(v, sizeof(v), "%ld", o->value);
	_cleanup_free_ char *body = configmap_json(o->name, "v", v);
	_cleanup_free_ char *path = o->create ? xstrdup(CM_PATH) : xasprintf(CM_PATH "/%s", o->name);
	op_ctx *ctx = xcalloc(1, sizeof(*ctx));
	ctx->w = w;
	ctx->op = l->nops++;
	o->start_ms = now_ms();
	l->inflight++;
	if (kc_client_request(l->f->client, o->create ? "POST" : "PUT", path, "application/json", body, strlen(body),
			      NULL, on_op_done, ctx) < 0) {
		l->inflight--;
		free(ctx);
		o->end_ms = now_ms();
	}
}

static void watch_log_add(watch_log *wl, kc_watch_event_type t, const cJSON *obj)
{
	if (t == KC_WATCH_BOOKMARK)
		return;
	if (t == KC_WATCH_ERROR) {
		wl->errors++;
		return;
	}
	if (wl->n == wl->cap) {
		wl->cap = wl->cap ? 2 * wl->cap : 256;
		wl->ev = xrealloc(wl->ev, wl->cap * sizeof(*wl->ev));
	}
	seen *s = &wl->ev[wl->n++];
	s->type = t;
	snprintf(s->name, sizeof(s->name), "%s", kc_json_get_str(obj, "metadata.name", ""));
	s->value = strtol(kc_json_get_str(obj, "data.v", "-1"), NULL, 10);
	s->rv = rv_of(obj);
}

static void on_event_a(kc_watch_event_type t, cJSON *obj, void *ud) { watch_log_add(&((load *)ud)->a, t, obj); }
static void on_event_b(kc_watch_event_type t, cJSON *obj, void *ud) { watch_log_add(&((load *)ud)->b, t, obj); }
static void on_gone_a(void *ud) { ((load *)ud)->a.gone = true; }
static void on_gone_b(void *ud) { ((load *)ud)->b.gone = true; }

/* Only this test's objects ("w<worker>-<n>"): the watch path selects them
 * by name prefix on our side. */
static kc_watch *start_watch(load *l, const char *from, bool a)
{
	return kc_client_watch(l->f->client, CM_PATH, from, a ? on_event_a : on_event_b, a ? on_gone_a : on_gone_b, l);
}

static bool no_inflight(void *arg) { return ((load *)arg)->inflight == 0; }

/* A list at resourceVersion=0 while etcd is down: served (from the cache). */
typedef struct snapshot {
	int64_t rv;
	cJSON *items; /* name -> resourceVersion, as an object */
} snapshot;

static void take_snapshot(load *l, snapshot *s)
{
	int64_t t0 = now_ms();
	kc_response *r = call(l->f->client, "GET", CM_PATH "?resourceVersion=0", NULL);
	int64_t took = now_ms() - t0;
	if (r->status != 200)
		fail_msg("list at resourceVersion=0 with etcd down: got %ld (%s), want 200 from the watch cache", r->status,
			 r->err.msg);
	assert_true(took < 2000);
	s->rv = strtoll(kc_json_get_str(r->body, "metadata.resourceVersion", "0"), NULL, 10);
	s->items = cJSON_CreateObject();
	const cJSON *it;
	cJSON_ArrayForEach(it, kc_json_get(r->body, "items"))
		cJSON_AddNumberToObject(s->items, kc_json_get_str(it, "metadata.name", ""), (double)rv_of(it));
}

/* The snapshot is etcd's state at its resourceVersion: same objects, same
 * versions. */
static void assert_snapshot_consistent(fixture *f, const snapshot *s)
{
	_cleanup_json_ cJSON *kvs = NULL;
	assert_true(s->rv > 0);
	assert_int_equal(kc_test_etcd_range(&f->api.etcd, CM_KEY, s->rv, &kvs, NULL), 0);
	int n = 0;
	const cJSON *kv;
	cJSON_ArrayForEach(kv, kvs)
	{
		const char *name = key_name(kc_json_get_str(kv, "key", ""));
		const cJSON *got = cJSON_GetObjectItemCaseSensitive(s->items, name);
		int64_t want = kc_json_get_int(kv, "mod_revision", 0);
		if (!got || (int64_t)got->valuedouble != want)
			fail_msg("list at resourceVersion=0 (rv %" PRId64 ") has %s at %" PRId64 "; etcd at that revision: %" PRId64,
				 s->rv, name, got ? (int64_t)got->valuedouble : -1, want);
		n++;
	}
	assert_int_equal(cJSON_GetArraySize(s->items), n);
}

/* Stops etcd (crash: SIGKILL, else SIGTERM) with the load running, keeps it
 * down for a while checking what clients get, and starts it again. */
static void etcd_outage(load *l, bool crash, bool stop_watch_b)
{
	fixture *f = l->f;
	l->outages++;
	l->phase = PHASE_STOPPING_ETCD;
	l->phase_ms[PHASE_STOPPING_ETCD] = now_ms();
	if (crash && f->api.etcd.pid > 0) {
		kill(f->api.etcd.pid, SIGKILL);
		waitpid(f->api.etcd.pid, NULL, 0);
		f->api.etcd.pid = 0;
	}
	kc_test_etcd_kill(&f->api.etcd);
	l->phase = PHASE_OUTAGE;
	l->phase_ms[PHASE_OUTAGE] = now_ms();
	run_for(f, 300);

	/* reads that need etcd fail fast; resourceVersion=0 comes from the cache */
	int64_t t0 = now_ms();
	kc_response *r = call(f->client, "GET", CM_PATH, NULL);
	assert_int_equal(r->status, 503);
	assert_string_equal(kc_json_get_str(r->body, "reason", ""), "ServiceUnavailable");
	r = call(f->client, "GET", CM_PATH "/w0-0", NULL);
	assert_int_equal(r->status, 503);
	assert_true(now_ms() - t0 < 3000);
	snapshot s1 = {0}, s2 = {0};
	take_snapshot(l, &s1);
	run_for(f, 400);
	if (stop_watch_b) {
		snprintf(l->b_resume, sizeof(l->b_resume), "%s", kc_watch_resource_version(l->wb));
		kc_watch_stop(l->wb);
		l->wb = NULL;
	}
	run_for(f, 400);
	take_snapshot(l, &s2);
	/* nothing can change while etcd is down */
	assert_int_equal(s1.rv, s2.rv);
	assert_true(kc_json_equal(s1.items, s2.items));

	l->phase = PHASE_STARTING_ETCD;
	l->phase_ms[PHASE_STARTING_ETCD] = now_ms();
	/* writes still unanswered may reach the apiserver only once etcd is
	 * back (this loop stops while etcd starts): not "with etcd down" */
	for (size_t i = 0; i < l->nops; i++)
		if (l->ops[i].phase == PHASE_OUTAGE && !l->ops[i].end_ms)
			l->ops[i].phase = PHASE_STARTING_ETCD;
	assert_int_equal(kc_test_etcd_restart(&f->api.etcd), 0);
	l->phase = PHASE_BACK;
	l->phase_ms[PHASE_BACK] = now_ms();
	assert_snapshot_consistent(f, &s1);
	cJSON_Delete(s1.items);
	cJSON_Delete(s2.items);
}

typedef struct caught_up {
	load *l;
	int64_t rev;
} caught_up;

static bool watches_caught_up(void *arg)
{
	caught_up *c = arg;
	return c->l->a.n && c->l->b.n && c->l->a.ev[c->l->a.n - 1].rv >= c->rev &&
	       c->l->b.ev[c->l->b.n - 1].rv >= c->rev;
}

/* A watch saw exactly etcd's history: every event, once, in order. */
static void assert_watch_matches(const char *which, const watch_log *wl, const cJSON *history)
{
	size_t i = 0;
	const cJSON *ev;
	cJSON_ArrayForEach(ev, history)
	{
		const char *name = key_name(kc_json_get_str(ev, "key", ""));
		int64_t rev = kc_json_get_int(ev, "mod_revision", 0);
		bool created = kc_json_get_int(ev, "create_revision", 0) == rev;
		long value = stored_v(kc_json_get_str(ev, "value", ""));
		if (i >= wl->n)
			fail_msg("watch %s: missed the event at revision %" PRId64 " (%s v=%ld) and %d more", which, rev,
				 name, value, cJSON_GetArraySize(history) - (int)i - 1);
		const seen *s = &wl->ev[i];
		if (s->rv != rev || !streq(s->name, name) || s->value != value ||
		    s->type != (created ? KC_WATCH_ADDED : KC_WATCH_MODIFIED))
			fail_msg("watch %s: event %zu is %s %s v=%ld at %" PRId64 "; etcd's history has %s %s v=%ld at %" PRId64
				 "%s",
				 which, i, kc_watch_event_type_name(s->type), s->name, s->value, s->rv,
				 created ? "ADDED" : "MODIFIED", name, value, rev,
				 s->rv < rev ? " (a duplicate or a reordering)" : " (a missed event)");
		i++;
	}
	if (i != wl->n)
		fail_msg("watch %s: %zu events more than etcd's history, the first %s v=%ld at %" PRId64, which, wl->n - i,
			 wl->ev[i].name, wl->ev[i].value, wl->ev[i].rv);
}

static int setup_restart(void **state) { return setup_with(state, NULL, false); }

static void test_etcd_restarted_under_load(void **state)
{
	fixture *f = *state;
	load *l = xcalloc(1, sizeof(*l));
	l->f = f;
	l->ops = xcalloc(MAX_OPS, sizeof(op));
	l->t0 = now_ms();
	kc_response *r = call(f->client, "GET", CM_PATH, NULL);
	assert_int_equal(r->status, 200);
	l->rv0 = strtoll(kc_json_get_str(r->body, "metadata.resourceVersion", "0"), NULL, 10);
	char rv0[32];
	snprintf(rv0, sizeof(rv0), "%" PRId64, l->rv0);
	l->wa = start_watch(l, rv0, true);
	l->wb = start_watch(l, rv0, false);
	for (int i = 0; i < WORKERS; i++) {
		worker *w = &l->workers[i];
		w->l = l;
		w->id = i;
		w->timer = evtimer_new(f->base, on_worker_timer, w);
		worker_step(w);
	}

	run_for(f, 1500);
	/* etcd stops gracefully; watch B is dropped meanwhile */
	etcd_outage(l, false, true);
	run_for(f, 500);
	/* watch B resumes from the last version it saw */
	assert_true(l->b_resume[0]);
	l->wb = start_watch(l, l->b_resume, false);
	run_for(f, 1000);
	/* etcd crashes */
	etcd_outage(l, true, false);
	run_for(f, 1500);

	l->stopping = true;
	assert_true(run_until(f, no_inflight, l, 20000));

	/* ---- what clients were told ---- */
	int answered[5] = {0}, ok[5] = {0}, outage_slow = 0, unknown = 0;
	for (size_t i = 0; i < l->nops; i++) {
		op *o = &l->ops[i];
		answered[o->phase]++;
		bool good = o->status >= 200 && o->status < 300;
		ok[o->phase] += good;
		if (o->phase == PHASE_OUTAGE) {
			/* etcd is down for the whole of these: fail fast with 503 */
			if (o->status != 503)
				fail_msg("write %s v=%ld with etcd down got %ld (resourceVersion %" PRId64 "), want 503; it ran "
					 "from %" PRId64 " to %" PRId64 " ms; etcd stopped at %" PRId64 ", down at %" PRId64
					 ", restarted at %" PRId64 ", back at %" PRId64 " ms",
					 o->name, o->value, o->status, o->rv, o->start_ms - l->t0, o->end_ms - l->t0,
					 l->phase_ms[PHASE_STOPPING_ETCD] - l->t0, l->phase_ms[PHASE_OUTAGE] - l->t0,
					 l->phase_ms[PHASE_STARTING_ETCD] - l->t0, l->phase_ms[PHASE_BACK] - l->t0);
			if (o->end_ms - o->start_ms > 3000)
				outage_slow++;
		}
		if (!good && o->status != 503 && o->status != 0) {
			print_message("write %s v=%ld in phase %s got %ld: %s\n", o->name, o->value, phase_names[o->phase],
				      o->status, o->msg);
			unknown++;
		}
		/* after the last outage, with etcd healthy, every write succeeds:
		 * the apiserver recovered by itself */
		if (!good && o->phase == PHASE_BACK && o->outages == l->outages)
			fail_msg("write %s v=%ld %" PRId64 " ms after etcd was back got %ld: %s", o->name, o->value,
				 o->start_ms - l->phase_ms[PHASE_BACK], o->status, o->msg);
	}
	for (int p = 0; p < 5; p++)
		print_message("%-14s %5d writes, %5d answered 2xx\n", phase_names[p], answered[p], ok[p]);
	assert_int_equal(outage_slow, 0);
	assert_int_equal(unknown, 0);
	assert_true(ok[PHASE_UP] > 20);
	assert_true(answered[PHASE_OUTAGE] > 10);
	assert_true(ok[PHASE_BACK] > 20); /* the apiserver recovered by itself */

	/* ---- what etcd holds: the 2xx writes, and nothing nobody asked for ---- */
	_cleanup_json_ cJSON *kvs = NULL;
	assert_int_equal(kc_test_etcd_range(&f->api.etcd, CM_KEY "w", 0, &kvs, NULL), 0);
	int64_t last_rev = 0;
	const cJSON *kv;
	cJSON_ArrayForEach(kv, kvs) last_rev = max64(last_rev, kc_json_get_int(kv, "mod_revision", 0));
	_cleanup_json_ cJSON *history = NULL;
	assert_int_equal(kc_test_etcd_events(&f->api.etcd, CM_KEY "w", l->rv0 + 1, last_rev, &history), 0);
	/* value -> op: values are unique */
	op **by_value = xcalloc((size_t)l->next_value + 1, sizeof(op *));
	for (size_t i = 0; i < l->nops; i++)
		by_value[l->ops[i].value] = &l->ops[i];
	bool *applied = xcalloc((size_t)l->next_value + 1, sizeof(bool));
	int lost_answers = 0;
	const cJSON *ev;
	cJSON_ArrayForEach(ev, history)
	{
		assert_string_equal(kc_json_get_str(ev, "type", ""), "PUT");
		long v = stored_v(kc_json_get_str(ev, "value", ""));
		const char *name = key_name(kc_json_get_str(ev, "key", ""));
		if (v <= 0 || v > l->next_value || !by_value[v] || !streq(by_value[v]->name, name))
			fail_msg("etcd holds %s v=%ld, which no client wrote", name, v);
		op *o = by_value[v];
		if (applied[v])
			fail_msg("write %s v=%ld was applied twice", name, v);
		applied[v] = true;
		if (o->status >= 200 && o->status < 300) {
			if (o->rv != kc_json_get_int(ev, "mod_revision", 0))
				fail_msg("write %s v=%ld was answered with resourceVersion %" PRId64 " but stored at %" PRId64,
					 name, v, o->rv, kc_json_get_int(ev, "mod_revision", 0));
			continue;
		}
		/* applied without a 2xx: only a write in flight when etcd went
		 * away may end so (its answer lost), never one refused outright */
		if (o->phase != PHASE_UP && o->phase != PHASE_STOPPING_ETCD && o->phase != PHASE_BACK)
			fail_msg("write %s v=%ld answered %ld (started while %s) is in etcd", name, v, o->status,
				 phase_names[o->phase]);
		if (o->status != 503 && o->status != 0)
			fail_msg("write %s v=%ld answered %ld is in etcd", name, v, o->status);
		lost_answers++;
	}
	for (size_t i = 0; i < l->nops; i++) {
		op *o = &l->ops[i];
		if (o->status >= 200 && o->status < 300 && !applied[o->value])
			fail_msg("write %s v=%ld was answered %ld (resourceVersion %" PRId64 ") but is not in etcd", o->name,
				 o->value, o->status, o->rv);
	}
	print_message("%d writes in etcd, %d of them answered without a 2xx (in flight when etcd stopped)\n",
		      cJSON_GetArraySize(history), lost_answers);
	free(by_value);
	free(applied);

	/* ---- the watches saw exactly that history ---- */
	caught_up cu = {l, last_rev};
	if (!run_until(f, watches_caught_up, &cu, 15000))
		print_message("watches did not reach revision %" PRId64 " (A at %" PRId64 ", B at %" PRId64 ")\n", last_rev,
			      l->a.n ? l->a.ev[l->a.n - 1].rv : 0, l->b.n ? l->b.ev[l->b.n - 1].rv : 0);
	assert_false(l->a.gone);
	assert_false(l->b.gone);
	assert_watch_matches("A (kept open)", &l->a, history);
	assert_watch_matches("B (resumed from its last resourceVersion)", &l->b, history);

	/* ---- and lists from the cache caught up too ---- */
	int64_t cache_rv = 0;
	for (int i = 0; i < 100 && cache_rv < last_rev; i++) {
		r = call(f->client, "GET", CM_PATH "?resourceVersion=0", NULL);
		assert_int_equal(r->status, 200);
		cache_rv = strtoll(kc_json_get_str(r->body, "metadata.resourceVersion", "0"), NULL, 10);
		if (cache_rv < last_rev)
			run_for(f, 100);
	}
	assert_true(cache_rv >= last_rev);

	kc_watch_stop(l->wa);
	kc_watch_stop(l->wb);
	for (int i = 0; i < WORKERS; i++)
		event_free(l->workers[i].timer);
	free(l->a.ev);
	free(l->b.ev);
	free(l->ops);
	free(l);
	kc_response_clear(r);
}

/* /readyz (and /livez, /healthz) must not answer "ok" while etcd is
 * unreachable (the watch caches keep their last state). Upstream's etcd check probes etcd, so /readyz answers 500 with
 * "[-]etcd failed: reason withheld" and load balancers stop sending
 * requests that can only fail; it passes again once etcd is back. */
static void test_readyz_reports_etcd_outage(void **state)
{
	fixture *f = *state;
	assert_int_equal(call(f->client, "GET", "/readyz", NULL)->status, 200);
	kc_test_etcd_kill(&f->api.etcd);
	kc_response *r = NULL;
	for (int i = 0; i < 50; i++) {
		r = call(f->client, "GET", "/readyz?verbose", NULL);
		if (r->status != 200)
			break;
		run_for(f, 100);
	}
	if (r->status != 500 || !strstr(r->raw, "[-]etcd failed"))
		fail_msg("/readyz with etcd down for 5 s: %ld\n%s", r->status, r->raw);
	assert_int_equal(kc_test_etcd_restart(&f->api.etcd), 0);
	for (int i = 0; i < 100 && call(f->client, "GET", "/readyz", NULL)->status != 200; i++)
		run_for(f, 100);
	assert_int_equal(call(f->client, "GET", "/readyz", NULL)->status, 200);
}

/* ====================================================================
 * two apiservers on one etcd
 * ==================================================================== */

static int setup_two(void **state)
{
	/* small ranges, so random picks collide and the allocator must walk on */
	static const char *const args[] = {"--service-cluster-ip-range", "10.0.0.0/24", "--service-node-port-range",
					   "30000-30199", NULL};
	return setup_with(state, args, true);
}

typedef struct svc_result {
	char name[32];
	long status;
	char ip[64];
	long port;
	char msg[1100];
} svc_result;

typedef struct pending {
	int left;
} pending;

typedef struct svc_ctx {
	svc_result *res;
	pending *p;
} svc_ctx;

static void on_svc_created(kc_response *resp, void *userdata)
{
	svc_ctx *c = userdata;
	c->res->status = resp->status;
	snprintf(c->res->ip, sizeof(c->res->ip), "%s", kc_json_get_str(resp->body, "spec.clusterIP", ""));
	c->res->port = (long)kc_json_get_int(resp->body, "spec.ports[0].nodePort", 0);
	snprintf(c->res->msg, sizeof(c->res->msg), "%s", resp->err.msg);
	c->p->left--;
	free(c);
}

static bool none_left(void *arg) { return ((pending *)arg)->left == 0; }

/* The allocation record key exists in kvs and names owner as its Service. */
static void assert_allocated_to(const cJSON *kvs, const char *key, const char *owner)
{
	const cJSON *kv;
	cJSON_ArrayForEach(kv, kvs)
	{
		if (!streq(kc_json_get_str(kv, "key", ""), key))
			continue;
		const char *value = kc_json_get_str(kv, "value", "");
		_cleanup_json_ cJSON *rec = NULL;
		if (kc_json_parse(value, strlen(value), &rec, NULL) < 0 ||
		    !streq(kc_json_get_str(rec, "service", ""), owner))
			fail_msg("%s = %s, want it allocated to %s", key, value, owner);
		return;
	}
	fail_msg("no allocation record %s (for %s) in etcd", key, owner);
}

static void test_two_apiservers_allocate_without_duplicates(void **state)
{
	fixture *f = *state;
	enum { PER_SERVER = 50 };
	svc_result res[2 * PER_SERVER];
	pending p = {2 * PER_SERVER};
	for (int i = 0; i < 2 * PER_SERVER; i++) {
		svc_result *sr = &res[i];
		memset(sr, 0, sizeof(*sr));
		snprintf(sr->name, sizeof(sr->name), "s%d-%d", i % 2, i / 2);
		_cleanup_free_ char *body = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"%s\"},"
						      "\"spec\":{\"type\":\"NodePort\",\"selector\":{\"app\":\"x\"},"
						      "\"ports\":[{\"port\":80}]}}",
						      sr->name);
		svc_ctx *c = xcalloc(1, sizeof(*c));
		c->res = sr;
		c->p = &p;
		/* alternate servers; all requests in flight at once */
		assert_int_equal(kc_client_request(i % 2 ? f->peer_client : f->client, "POST",
						   "/api/v1/namespaces/default/services", "application/json", body,
						   strlen(body), NULL, on_svc_created, c),
				 0);
	}
	assert_true(run_until(f, none_left, &p, 60000));

	for (int i = 0; i < 2 * PER_SERVER; i++) {
		if (res[i].status != 201)
			fail_msg("create %s through apiserver %d: %ld %s", res[i].name, i % 2 + 1, res[i].status, res[i].msg);
		assert_true(str_startswith(res[i].ip, "10.0.0."));
		assert_true(res[i].port >= 30000 && res[i].port <= 30199);
		for (int j = 0; j < i; j++) {
			if (streq(res[i].ip, res[j].ip))
				fail_msg("%s and %s both got ClusterIP %s", res[j].name, res[i].name, res[i].ip);
			if (res[i].port == res[j].port)
				fail_msg("%s and %s both got NodePort %ld", res[j].name, res[i].name, res[i].port);
		}
	}
	/* what etcd holds: one allocation record per value, naming its Service */
	_cleanup_json_ cJSON *ips = NULL, *ports = NULL;
	assert_int_equal(kc_test_etcd_range(&f->api.etcd, "/registry/ranges/serviceips/", 0, &ips, NULL), 0);
	assert_int_equal(kc_test_etcd_range(&f->api.etcd, "/registry/ranges/servicenodeports/", 0, &ports, NULL), 0);
	assert_int_equal(cJSON_GetArraySize(ips), 2 * PER_SERVER + 1); /* + the kubernetes Service */
	assert_int_equal(cJSON_GetArraySize(ports), 2 * PER_SERVER);
	for (int i = 0; i < 2 * PER_SERVER; i++) {
		_cleanup_free_ char *ip_key = xasprintf("/registry/ranges/serviceips/%s", res[i].ip);
		_cleanup_free_ char *port_key = xasprintf("/registry/ranges/servicenodeports/%ld", res[i].port);
		_cleanup_free_ char *owner = xasprintf("default/%s", res[i].name);
		assert_allocated_to(ips, ip_key, owner);
		assert_allocated_to(ports, port_key, owner);
	}

	/* deleting them through the other server frees every value */
	for (int i = 0; i < 2 * PER_SERVER; i++) {
		_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/default/services/%s", res[i].name);
		assert_int_equal(call(i % 2 ? f->client : f->peer_client, "DELETE", path, NULL)->status, 200);
	}
	int nips = 0, nports = 0;
	for (int tries = 0; tries < 50; tries++) {
		cJSON_Delete(ips);
		cJSON_Delete(ports);
		ips = ports = NULL;
		assert_int_equal(kc_test_etcd_range(&f->api.etcd, "/registry/ranges/serviceips/", 0, &ips, NULL), 0);
		assert_int_equal(kc_test_etcd_range(&f->api.etcd, "/registry/ranges/servicenodeports/", 0, &ports, NULL),
				 0);
		nips = cJSON_GetArraySize(ips);
		nports = cJSON_GetArraySize(ports);
		if (nips == 1 && nports == 0)
			break;
		run_for(f, 100);
	}
	assert_int_equal(nips, 1);
	assert_int_equal(nports, 0);
	call(f->client, "GET", "/healthz", NULL); /* clears the static response */
}

/* Read-modify-write increments of one counter through both servers. */
typedef struct incrementer {
	fixture *f;
	kc_client *client;
	int left;       /* increments still to make */
	int conflicts;  /* 409s seen */
	int failures;   /* anything else */
	char last_msg[1100];
	int *running;
} incrementer;

static void inc_get(incrementer *in);

static void on_put(kc_response *resp, void *userdata)
{
	incrementer *in = userdata;
	if (resp->status == 200) {
		in->left--;
	} else if (resp->status == 409) {
		in->conflicts++;
		snprintf(in->last_msg, sizeof(in->last_msg), "%s", kc_json_get_str(resp->body, "message", ""));
	} else {
		in->failures++;
		snprintf(in->last_msg, sizeof(in->last_msg), "PUT: %ld %s", resp->status, resp->err.msg);
	}
	inc_get(in);
}

static void on_get(kc_response *resp, void *userdata)
{
	incrementer *in = userdata;
	if (resp->status != 200) {
		in->failures++;
		snprintf(in->last_msg, sizeof(in->last_msg), "GET: %ld %s", resp->status, resp->err.msg);
		inc_get(in);
		return;
	}
	long n = strtol(kc_json_get_str(resp->body, "data.n", "0"), NULL, 10);
	char next[32];
	snprintf(next, sizeof(next), "%ld", n + 1);
	/* the stored object with n+1: its resourceVersion makes the write conditional */
	cJSON *obj = resp->body;
	kc_json_set_str(obj, "data.n", next, NULL);
	_cleanup_free_ char *body = cJSON_PrintUnformatted(obj);
	kc_client_request(in->client, "PUT", CM_PATH "/counter", "application/json", body, strlen(body), NULL, on_put, in);
}

static void inc_get(incrementer *in)
{
	if (in->left == 0 || in->failures > 20) {
		(*in->running)--;
		return;
	}
	kc_client_request(in->client, "GET", CM_PATH "/counter", NULL, NULL, 0, NULL, on_get, in);
}

static bool none_running(void *arg) { return *(int *)arg == 0; }

static void test_two_apiservers_conflicting_updates(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *cm = configmap_json("counter", "n", "0");
	assert_int_equal(call(f->client, "POST", CM_PATH, cm)->status, 201);

	/* one conflict, step by step: both read the same version, both change
	 * it (an unchanged object is not written, as upstream) */
	kc_response *r = call(f->client, "GET", CM_PATH "/counter", NULL);
	kc_json_set_str(r->body, "data.other", "a", NULL);
	_cleanup_free_ char *seen_a = cJSON_PrintUnformatted(r->body);
	r = call(f->peer_client, "GET", CM_PATH "/counter", NULL);
	kc_json_set_str(r->body, "data.other", "b", NULL);
	_cleanup_free_ char *seen_b = cJSON_PrintUnformatted(r->body);
	assert_int_equal(call(f->client, "PUT", CM_PATH "/counter", seen_a)->status, 200);
	r = call(f->peer_client, "PUT", CM_PATH "/counter", seen_b);
	assert_int_equal(r->status, 409);
	assert_string_equal(kc_json_get_str(r->body, "reason", ""), "Conflict");
	assert_string_equal(kc_json_get_str(r->body, "message", ""),
			    "Operation cannot be fulfilled on configmaps \"counter\": the object has been modified; "
			    "please apply your changes to the latest version and try again");
	r = call(f->client, "GET", CM_PATH "/counter", NULL);
	assert_string_equal(kc_json_get_str(r->body, "data.other", ""), "a");
	int64_t start_rev = rv_of(r->body);

	/* then 8 clients, 4 per server, 10 increments each, all at once */
	enum { PER_SERVER = 4, EACH = 10 };
	incrementer in[2 * PER_SERVER];
	int running = 2 * PER_SERVER;
	for (int i = 0; i < 2 * PER_SERVER; i++) {
		in[i] = (incrementer){.f = f, .client = i % 2 ? f->peer_client : f->client, .left = EACH, .running = &running};
		inc_get(&in[i]);
	}
	assert_true(run_until(f, none_running, &running, 60000));
	int conflicts = 0;
	for (int i = 0; i < 2 * PER_SERVER; i++) {
		if (in[i].failures)
			fail_msg("client %d: %d failed requests, the last: %s", i, in[i].failures, in[i].last_msg);
		assert_int_equal(in[i].left, 0);
		conflicts += in[i].conflicts;
	}
	print_message("%d increments, %d conflicts\n", 2 * PER_SERVER * EACH, conflicts);
	assert_true(conflicts > 0);

	/* no update was lost: the counter counts every 200 */
	r = call(f->client, "GET", CM_PATH "/counter", NULL);
	assert_string_equal(kc_json_get_str(r->body, "data.n", ""), "80");
	/* and etcd's history of the key is 1, 2, ..., 80 after the start */
	_cleanup_json_ cJSON *history = NULL;
	assert_int_equal(kc_test_etcd_events(&f->api.etcd, CM_KEY "counter", start_rev + 1, rv_of(r->body), &history), 0);
	assert_int_equal(cJSON_GetArraySize(history), 2 * PER_SERVER * EACH);
	long want = 1;
	const cJSON *ev;
	cJSON_ArrayForEach(ev, history)
	{
		_cleanup_json_ cJSON *obj = NULL;
		const char *value = kc_json_get_str(ev, "value", "");
		assert_int_equal(kc_json_parse(value, strlen(value), &obj, NULL), 0);
		assert_int_equal(strtol(kc_json_get_str(obj, "data.n", ""), NULL, 10), want++);
	}
	kc_response_clear(r);
}

/* ====================================================================
 * graceful shutdown
 * ==================================================================== */

typedef struct write_result {
	char name[32];
	long status;
	int err;
	int64_t end_ms;
	pending *p;
} write_result;

static void on_write(kc_response *resp, void *userdata)
{
	write_result *w = userdata;
	w->status = resp->status;
	w->err = resp->err.code;
	w->end_ms = now_ms();
	w->p->left--;
}

typedef struct stream {
	bool done;
	long status;
	int err;
	char errmsg[1100];
	char *body;
} stream;

static void on_stream_end(kc_response *resp, void *userdata)
{
	stream *s = userdata;
	s->done = true;
	s->status = resp->status;
	s->err = resp->err.code;
	snprintf(s->errmsg, sizeof(s->errmsg), "%s", resp->err.msg);
	s->body = xstrdup(resp->raw ? resp->raw : "");
}

static int setup_one(void **state) { return setup_with(state, NULL, false); }

static int at_least_done;
static bool enough_done(void *arg) { return ((pending *)arg)->left <= at_least_done; }
static bool stream_done(void *arg) { return ((stream *)arg)->done; }

/* What a SIGTERM with writes in flight did. */
typedef struct shutdown_outcome {
	int lost_answers;       /* stored, but the client got no answer */
	char lost_example[96];
	bool watch_clean;       /* the open watch ended with a complete stream */
	char watch_error[1200];
} shutdown_outcome;

/* SIGTERM while 80 creates are in flight and a watch is open. Asserts what
 * holds today; reports the rest in *out. */
static void shutdown_scenario(fixture *f, shutdown_outcome *out)
{
	enum { N = 80 };
	memset(out, 0, sizeof(*out));
	/* an open watch, read whole when it ends */
	stream watch = {0};
	kc_client_request(f->client, "GET", CM_PATH "?watch=1&timeoutSeconds=120", NULL, NULL, 0, NULL, on_stream_end,
			  &watch);
	run_for(f, 300);
	assert_false(watch.done);

	write_result w[N];
	pending p = {N};
	for (int i = 0; i < N; i++) {
		w[i] = (write_result){.p = &p};
		snprintf(w[i].name, sizeof(w[i].name), "g%d", i);
		_cleanup_free_ char *body = configmap_json(w[i].name, "v", "1");
		assert_int_equal(kc_client_request(f->client, "POST", CM_PATH, "application/json", body, strlen(body), NULL,
						   on_write, &w[i]),
				 0);
	}
	/* some answered, the rest in flight: SIGTERM */
	at_least_done = N - 5;
	run_until(f, enough_done, &p, 10000);
	pid_t pid = f->api.pid;
	int64_t t_term = now_ms();
	assert_int_equal(kill(pid, SIGTERM), 0);
	int in_flight_at_term = p.left;

	/* once the apiserver took the signal, a new connection is refused */
	for (int i = 0; i < 100; i++) {
		_cleanup_free_ char *log = kc_test_apiserver_log(&f->api);
		if (log && strstr(log, "shutting down"))
			break;
		run_for(f, 20);
	}
	kc_client *late = new_client(f, &f->api);
	kc_response lr = {0};
	kc_client_request_sync(late, "GET", "/healthz", NULL, NULL, 0, NULL, &lr);
	if (lr.status != 0 || lr.err.code != -ECONNREFUSED)
		fail_msg("a new connection after SIGTERM: got %ld %s, want it refused", lr.status, lr.err.msg);
	kc_response_clear(&lr);
	kc_client_free(late);

	assert_true(run_until(f, none_left, &p, 20000));
	assert_true(run_until(f, stream_done, &watch, 20000));

	/* the process exits 0, within seconds */
	int status = kc_test_wait_exit(pid, 10000);
	int64_t took = now_ms() - t_term;
	assert_int_not_equal(status, -1);
	f->api.pid = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("kc-apiserver ended with status 0x%x after SIGTERM, want exit 0", status);
	assert_true(took < 10000);

	/* the open watch: a complete chunked answer of whole events */
	out->watch_clean = watch.status == 200 && watch.err == 0;
	snprintf(out->watch_error, sizeof(out->watch_error), "%ld %s", watch.status, watch.errmsg);
	char *save = NULL;
	for (char *line = strtok_r(watch.body, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		_cleanup_json_ cJSON *ev = NULL;
		assert_int_equal(kc_json_parse(line, strlen(line), &ev, NULL), 0);
		assert_non_null(kc_json_get(ev, "type"));
	}
	free(watch.body);

	/* every write: answered 2xx and stored, or failed and (but for the
	 * lost answers reported) not stored */
	_cleanup_json_ cJSON *kvs = NULL;
	assert_int_equal(kc_test_etcd_range(&f->api.etcd, CM_KEY "g", 0, &kvs, NULL), 0);
	int stored = 0, refused = 0, after_term = 0;
	for (int i = 0; i < N; i++) {
		_cleanup_free_ char *key = xasprintf(CM_KEY "%s", w[i].name);
		bool in_etcd = false;
		const cJSON *kv;
		cJSON_ArrayForEach(kv, kvs) in_etcd |= streq(kc_json_get_str(kv, "key", ""), key);
		bool ok = w[i].status == 201;
		if (ok && !in_etcd)
			fail_msg("%s was answered 201 but is not in etcd", w[i].name);
		if (!ok && w[i].status != 503 && w[i].status != 0)
			fail_msg("%s: create answered %ld during shutdown", w[i].name, w[i].status);
		if (w[i].status == 503 && in_etcd)
			fail_msg("%s was refused with 503 but is in etcd", w[i].name);
		if (w[i].status == 0 && in_etcd && out->lost_answers++ == 0)
			snprintf(out->lost_example, sizeof(out->lost_example), "%.32s (err %d)", w[i].name, w[i].err);
		stored += in_etcd;
		refused += !ok;
		after_term += ok && w[i].end_ms >= t_term;
	}
	print_message("SIGTERM with %d of %d creates unanswered: %d stored (%d answered 201 after the signal, %d with "
		      "their answer lost), %d not answered 201; watch ended %s; exit 0 after %" PRId64 " ms\n",
		      in_flight_at_term, N, stored, after_term, out->lost_answers, refused,
		      out->watch_clean ? "cleanly" : out->watch_error, took);

	_cleanup_free_ char *log = kc_test_apiserver_log(&f->api);
	assert_non_null(strstr(log, "shutting down"));
	assert_non_null(strstr(log, "stopped"));
}

/* At SIGTERM the last request finishing is not the end: its answer (and
 * the end of every watch stream) is still queued on the connection. A
 * write in flight must reach its client as a 201, never as a reset after
 * it was stored, and open watches must end with a complete chunked stream
 * (not "transfer closed with outstanding read data remaining"). */
static void test_graceful_shutdown_delivers_every_answer(void **state)
{
	shutdown_outcome out;
	shutdown_scenario(*state, &out);
	if (out.lost_answers)
		fail_msg("%d creates were stored but their clients got no answer, e.g. %s", out.lost_answers,
			 out.lost_example);
	if (!out.watch_clean)
		fail_msg("the open watch did not end cleanly at shutdown: %s", out.watch_error);
}

/* ====================================================================
 * a watcher that never reads
 * ==================================================================== */

static int setup_slow(void **state)
{
	/* a short cache history, so its own memory stays small */
	static const char *const args[] = {"--default-watch-cache-size", "5", NULL};
	return setup_with(state, args, false);
}

/* A TLS connection that sends a watch request and then never reads. */
typedef struct raw_conn {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
} raw_conn;

static void raw_close(raw_conn *c)
{
	if (c->ssl)
		SSL_free(c->ssl);
	if (c->ctx)
		SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	c->ssl = NULL;
	c->ctx = NULL;
	c->fd = -1;
}

static void raw_watch(fixture *f, raw_conn *c, const char *path)
{
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(c->fd >= 0);
	/* a small receive window: the kernel absorbs little on our side */
	int small = 4096;
	setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)f->api.port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	assert_int_equal(connect(c->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	c->ctx = SSL_CTX_new(TLS_client_method());
	_cleanup_free_ char *crt = xasprintf("%s/admin.crt", f->api.pki);
	_cleanup_free_ char *key = xasprintf("%s/admin.key", f->api.pki);
	assert_int_equal(SSL_CTX_use_certificate_file(c->ctx, crt, SSL_FILETYPE_PEM), 1);
	assert_int_equal(SSL_CTX_use_PrivateKey_file(c->ctx, key, SSL_FILETYPE_PEM), 1);
	c->ssl = SSL_new(c->ctx);
	SSL_set_fd(c->ssl, c->fd);
	assert_int_equal(SSL_connect(c->ssl), 1);
	_cleanup_free_ char *req = xasprintf("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n", path);
	assert_int_equal(SSL_write(c->ssl, req, (int)strlen(req)), (int)strlen(req));
}

/* Reads everything the server sent; returns true when the server closed the
 * connection (EOF or reset) within timeout_ms, false when it stays open. */
static bool raw_closed_by_server(raw_conn *c, int timeout_ms, size_t *ret_bytes)
{
	char buf[65536];
	size_t total = 0;
	int64_t end = now_ms() + timeout_ms;
	for (;;) {
		if (SSL_pending(c->ssl) == 0) {
			struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
			int left = (int)(end - now_ms());
			if (left <= 0 || poll(&pfd, 1, left) <= 0) {
				*ret_bytes = total;
				return false;
			}
		}
		int n = SSL_read(c->ssl, buf, sizeof(buf));
		if (n <= 0) {
			*ret_bytes = total;
			return true;
		}
		total += (size_t)n;
	}
}

typedef struct counter {
	int n;
	long last_v;
	bool in_order;
} counter;

static void on_count(kc_watch_event_type t, cJSON *obj, void *ud)
{
	counter *c = ud;
	if (t != KC_WATCH_MODIFIED)
		return;
	long v = strtol(kc_json_get_str(obj, "data.w", "0"), NULL, 10);
	c->in_order &= v == c->last_v + 1;
	c->last_v = v;
	c->n++;
}

static void on_count_gone(void *ud) { ((counter *)ud)->in_order = false; }

static int want_events;
static bool counted(void *arg) { return ((counter *)arg)->n >= want_events; }

typedef struct slow_outcome {
	bool closed;    /* the server closed the slow watcher's connection */
	size_t drained; /* bytes it still had for the slow watcher */
} slow_outcome;

static void slow_watcher_scenario(fixture *f, slow_outcome *out)
{
	/* 40 MiB of events: 16 MiB may wait for one watcher (plus what the
	 * kernel buffers), so it is cut off after some 80 of them */
	enum { UPDATES = 160, MID = 100, SIZE = 256 << 10 };
	signal(SIGPIPE, SIG_IGN);
	_cleanup_free_ char *payload = xmalloc(SIZE + 1);
	memset(payload, 'p', SIZE);
	payload[SIZE] = '\0';
	_cleanup_free_ char *cm = configmap_json("big", "w", "0");
	kc_response *r = call(f->client, "POST", CM_PATH, cm);
	assert_int_equal(r->status, 201);
	_cleanup_free_ char *rv = xstrdup(kc_json_get_str(r->body, "metadata.resourceVersion", ""));

	raw_conn slow = {.fd = -1};
	_cleanup_free_ char *path = xasprintf(CM_PATH "?watch=1&resourceVersion=%s", rv);
	raw_watch(f, &slow, path);
	counter normal = {.in_order = true};
	kc_watch *w = kc_client_watch(f->client, CM_PATH, rv, on_count, on_count_gone, &normal);
	run_for(f, 300);

	long rss_before = kc_test_apiserver_rss_kb(&f->api), rss_max = rss_before, rss_mid = 0;
	for (int i = 1; i <= UPDATES; i++) {
		_cleanup_free_ char *body = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
						      "\"big\"},\"data\":{\"w\":\"%d\",\"payload\":\"%s\"}}",
						      i, payload);
		r = call(f->client, "PUT", CM_PATH "/big", body);
		assert_int_equal(r->status, 200);
		long rss = kc_test_apiserver_rss_kb(&f->api);
		rss_max = rss > rss_max ? rss : rss_max;
		if (i == MID)
			rss_mid = rss_max;
	}
	want_events = UPDATES;
	assert_true(run_until(f, counted, &normal, 30000));
	long rss_after = kc_test_apiserver_rss_kb(&f->api);
	print_message("apiserver VmRSS: %ld KiB before, %ld KiB at most after %d events, %ld KiB at most after all %d, "
		      "%ld KiB after; events of %d KiB\n",
		      rss_before, rss_mid, MID, rss_max, UPDATES, rss_after, SIZE >> 10);

	/* the other watcher saw every event, in order */
	assert_int_equal(normal.n, UPDATES);
	assert_true(normal.in_order);
	kc_watch_stop(w);

	/* the slow one was cut off, which the log says */
	_cleanup_free_ char *log = kc_test_apiserver_log(&f->api);
	assert_non_null(strstr(log, "client is not reading"));
	/* memory: once it was cut off, more events cost nothing (the last 60
	 * writes, 15 MiB of events, add no more than noise), and the whole is
	 * far below the 40 MiB of events it missed */
	if (kc_test_apiserver_has_asan(&f->api)) {
		print_message("kc-apiserver runs with ASan: its memory is not checked\n");
	} else {
		assert_true(rss_max - rss_mid < 6 * 1024);
		assert_true(rss_max - rss_before < 40 * 1024);
	}

	/* is its connection closed? drain it and see */
	out->closed = raw_closed_by_server(&slow, 10000, &out->drained);
	print_message("the slow watcher then read %zu bytes; its connection was %s\n", out->drained,
		      out->closed ? "closed by the server" : "left open");
	raw_close(&slow);

	r = call(f->client, "GET", "/healthz", NULL);
	assert_int_equal(r->status, 200);
	kc_response_clear(r);
}

/* A watcher cut off for not reading must lose its connection too: ending
 * the chunked stream alone would keep the 16 MiB queued for it in memory
 * for as long as it keeps the connection (forever, for one that never
 * reads), so N such clients would hold N x 16 MiB. */
static void test_slow_watcher_connection_is_closed(void **state)
{
	slow_outcome out;
	slow_watcher_scenario(*state, &out);
	if (!out.closed)
		fail_msg("the watcher that never read was cut off, but its connection was left open (%zu bytes still "
			 "queued for it)",
			 out.drained);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_etcd_restarted_under_load, setup_restart, teardown),
		cmocka_unit_test_setup_teardown(test_readyz_reports_etcd_outage, setup_one, teardown),
		cmocka_unit_test_setup_teardown(test_two_apiservers_allocate_without_duplicates, setup_two, teardown),
		cmocka_unit_test_setup_teardown(test_two_apiservers_conflicting_updates, setup_two, teardown),
		cmocka_unit_test_setup_teardown(test_graceful_shutdown_delivers_every_answer, setup_one, teardown),
		cmocka_unit_test_setup_teardown(test_slow_watcher_connection_is_closed, setup_slow, teardown),
	};
	/* KC_TEST_FILTER=test_graceful* runs only the matching tests */
	const char *filter = getenv("KC_TEST_FILTER");
	if (filter && filter[0])
		cmocka_set_test_filter(filter);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
