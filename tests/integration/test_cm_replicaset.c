/* test_cm_replicaset.c - kc-controller-manager's "replicaset" and
 * "replicationcontroller" controllers against a real etcd + kc-apiserver,
 * with two simulated nodes (fakenode.h) that run what is bound to them.
 * kc-scheduler binds the pods when it is built; until then the test binds
 * them itself, round robin over the nodes, standing in for it. Pods that
 * a scenario places by hand name a scheduler nobody runs.
 *
 *   - exactly spec.replicas pods, scaling up and down by the spec, by
 *     `kc scale` and by the scale subresource; the pods carry the
 *     template's labels (pod-template-hash too) and a controller reference;
 *   - a deleted pod is replaced;
 *   - matching orphans are adopted, a pod that stops matching is released
 *     (and replaced), another controller's pod is left alone;
 *   - the least valuable pods go first: unscheduled, then pending, then
 *     not ready, then ready;
 *   - status: replicas, fullyLabeledReplicas, readyReplicas,
 *     availableReplicas only after minReadySeconds, observedGeneration;
 *   - pods created in bulk are never created twice: every pod ADDED is
 *     counted through a watch, and the live pods never outnumber replicas;
 *   - a ReplicationController the same way (v1 owner, scale subresource);
 *   - owners written around the apiserver (a bad selector operator,
 *     replicas that is not a number) get a Warning event and no pods, and
 *     the controller goes on with the others;
 *   - pod creates the apiserver refuses: FailedCreate events, one pod
 *     tried per sync (slow start), the ReplicaFailure condition, gone
 *     once the template is fixed;
 *   - the apiserver restarting while pods are being made: each is made
 *     once (etcd's history says so).
 * Waits poll the API with a deadline and fail saying what was expected and
 * what was seen. */
#include <errno.h>
#include <event2/event.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/base64.h"
#include "common/client.h"
#include "common/json.h"
#include "common/map.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "harness/api.h"
#include "harness/apiserver.h"
#include "harness/fakenode.h"
#include "harness/procs.h"

#define WAIT_MS 90000
#define MANUAL  "kc-test-manual" /* a scheduler nobody runs */

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *admin;
	pid_t cm, sched;
	char *cm_log;
	kc_fake_node *nodes[2];
	unsigned next_node;
} fixture;

static fixture *F;

static const char *const NODE_NAMES[] = {"rs-node-1", "rs-node-2"};

/* ---- requests ---- */

/* JSON written with ' for ". Caller frees. */
#define Q kc_test_q

/* One request as admin; PATCH bodies are merge patches. */
static long call(const char *method, const char *path, const char *body, cJSON **ret)
{
	return kc_test_call(F->admin, method, path, body, ret);
}

static void must(const char *method, const char *path, const char *body, long want)
{
	cJSON *resp = NULL;
	long st = call(method, path, body, &resp);
	if (st != want) {
		_cleanup_free_ char *t = kc_json_print(resp);
		cJSON_Delete(resp);
		fail_msg("%s %s: status %ld, want %ld: %s", method, path, st, want, t);
	}
	cJSON_Delete(resp);
}

static cJSON *get(const char *path) { return kc_test_get(F->admin, path); }

static void sleep_ms(int ms)
{
	usleep((useconds_t)ms * 1000);
}

static void dump_log(void) { kc_test_print_tail(F->cm_log, 12000); }

/* ---- standing in for kc-scheduler ---- */

/* Binds the default scheduler's pending pods of ns round robin over the
 * fake nodes, when kc-scheduler is not running. */
static void bind_pending(const char *ns)
{
	if (F->sched > 0)
		return;
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods", ns);
	_cleanup_json_ cJSON *list = get(path);
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		if (kc_json_get_str(p, "spec.nodeName", "")[0] ||
		    kc_json_get(p, "metadata.deletionTimestamp") ||
		    !streq(kc_json_get_str(p, "spec.schedulerName", "default-scheduler"),
		           "default-scheduler"))
			continue;
		const char *name = kc_json_get_str(p, "metadata.name", "");
		const char *node = NODE_NAMES[F->next_node++ % 2];
		_cleanup_free_ char *bpath = xasprintf("/api/v1/namespaces/%s/pods/%s/binding", ns, name);
		_cleanup_free_ char *body = Q("{'apiVersion':'v1','kind':'Binding','metadata':{'name':'%s'},"
		                              "'target':{'apiVersion':'v1','kind':'Node','name':'%s'}}",
		                              name, node);
		call("POST", bpath, body, NULL); /* a pod gone meanwhile is fine */
	}
}

/* ---- waiting ---- */

typedef bool (*check_fn)(const void *arg, kc_buf *seen);

/* Polls check (binding pending pods of ns, if not NULL, between polls)
 * until it holds; fails with what it last saw. */
static void wait_for(const char *what, const char *ns, check_fn check, const void *arg)
{
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	kc_buf seen = KC_BUF_INIT;
	for (;;) {
		if (ns)
			bind_pending(ns);
		event_base_loop(F->base, EVLOOP_NONBLOCK);
		kc_buf_reset(&seen);
		if (check(arg, &seen)) {
			kc_buf_free(&seen);
			return;
		}
		if (kc_time_monotonic_ms() > end)
			break;
		sleep_ms(150);
	}
	dump_log();
	fail_msg("timed out waiting for %s; last seen: %s", what, kc_buf_str(&seen));
}

/* ---- pods and owners ---- */

static bool terminating(const cJSON *pod)
{
	return kc_json_get(pod, "metadata.deletionTimestamp") != NULL;
}

static bool active(const cJSON *pod)
{
	const char *phase = kc_json_get_str(pod, "status.phase", "");
	return !terminating(pod) && !streq(phase, "Succeeded") && !streq(phase, "Failed");
}

static const cJSON *controller_ref(const cJSON *obj)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, kc_json_get(obj, "metadata.ownerReferences"))
	{
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "controller")))
			return r;
	}
	return NULL;
}

static bool owned_by(const cJSON *pod, const char *uid)
{
	return streq(kc_json_get_str(controller_ref(pod), "uid", ""), uid);
}

static bool has_owner_ref(const cJSON *pod, const char *uid)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, kc_json_get(pod, "metadata.ownerReferences"))
	{
		if (streq(kc_json_get_str(r, "uid", ""), uid))
			return true;
	}
	return false;
}

static cJSON *pods_of(const char *ns)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods", ns);
	cJSON *list = get(path);
	return list ? list : cJSON_CreateObject();
}

/* An owner to watch: its list path, name and uid. */
typedef struct owner {
	const char *ns, *name;
	const char *plural; /* "replicasets", "replicationcontrollers" */
	char uid[64];
	int want;
} owner;

static char *owner_path(const owner *o, const char *sub)
{
	bool rc = streq(o->plural, "replicationcontrollers");
	return xasprintf("%s/namespaces/%s/%s/%s%s", rc ? "/api/v1" : "/apis/apps/v1", o->ns, o->plural,
	                 o->name, sub ? sub : "");
}

/* The active pods owned by o, names sorted into out. */
static int owned_active(const owner *o, kc_buf *names)
{
	_cleanup_json_ cJSON *list = pods_of(o->ns);
	const char *got[512];
	int n = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		if (active(p) && owned_by(p, o->uid) && n < 512)
			got[n++] = kc_json_get_str(p, "metadata.name", "");
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(got[j - 1], got[j]) > 0; j--) {
			const char *t = got[j];
			got[j] = got[j - 1];
			got[j - 1] = t;
		}
	if (names)
		for (int i = 0; i < n; i++)
			kc_buf_addf(names, "%s%s", i ? " " : "", got[i]);
	return n;
}

static bool has_n_pods(const void *arg, kc_buf *seen)
{
	const owner *o = arg;
	kc_buf names = KC_BUF_INIT;
	int n = owned_active(o, &names);
	kc_buf_addf(seen, "%d active pods of %s (%s)", n, o->name, kc_buf_str(&names));
	kc_buf_free(&names);
	return n == o->want;
}

/* Exactly want pods: reached, and still so a moment later (no extra pod
 * made behind them). */
static void expect_pods(owner *o, int want)
{
	o->want = want;
	_cleanup_free_ char *what = xasprintf("%d active pods of %s", want, o->name);
	wait_for(what, o->ns, has_n_pods, o);
	sleep_ms(1500);
	event_base_loop(F->base, EVLOOP_NONBLOCK);
	kc_buf seen = KC_BUF_INIT;
	bool ok = has_n_pods(o, &seen);
	if (!ok) {
		dump_log();
		fail_msg("%s did not stay: %s", what, kc_buf_str(&seen));
	}
	kc_buf_free(&seen);
}

static void fetch_uid(owner *o)
{
	_cleanup_free_ char *path = owner_path(o, NULL);
	_cleanup_json_ cJSON *obj = get(path);
	assert_non_null(obj);
	snprintf(o->uid, sizeof(o->uid), "%s", kc_json_get_str(obj, "metadata.uid", ""));
	assert_true(o->uid[0]);
}

static void make_namespace(const char *ns)
{
	_cleanup_free_ char *body = Q("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'%s'}}", ns);
	must("POST", "/api/v1/namespaces", body, 201);
}

/* A ReplicaSet selecting app=<app> whose template carries labels
 * (JSON members after app) and spec extra (JSON members before containers). */
static void make_rs(owner *o, const char *app, int replicas, const char *more_labels, const char *spec_extra,
                    int min_ready)
{
	_cleanup_free_ char *path = xasprintf("/apis/apps/v1/namespaces/%s/replicasets", o->ns);
	_cleanup_free_ char *body = Q(
	    "{'apiVersion':'apps/v1','kind':'ReplicaSet','metadata':{'name':'%s'},'spec':{'replicas':%d,"
	    "'minReadySeconds':%d,'selector':{'matchLabels':{'app':'%s'}},'template':{'metadata':{'labels':{"
	    "'app':'%s'%s}},'spec':{%s'containers':[{'name':'c','image':'nginx'}]}}}}",
	    o->name, replicas, min_ready, app, app, more_labels ? more_labels : "",
	    spec_extra ? spec_extra : "");
	must("POST", path, body, 201);
	o->plural = "replicasets";
	fetch_uid(o);
}

static void set_replicas(const owner *o, int n)
{
	_cleanup_free_ char *path = owner_path(o, NULL);
	_cleanup_free_ char *body = xasprintf("{\"spec\":{\"replicas\":%d}}", n);
	must("PATCH", path, body, 200);
}

/* A bare pod in ns, placed by nobody. */
static void make_pod(const char *ns, const char *name, const char *labels, const char *owner_refs)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods", ns);
	_cleanup_free_ char *body =
	    Q("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'%s','labels':{%s}%s},'spec':{'"
	      "schedulerName':'" MANUAL "','containers':[{'name':'c','image':'nginx'}]}}",
	      name, labels, owner_refs ? owner_refs : "");
	must("POST", path, body, 201);
}

static cJSON *get_pod(const char *ns, const char *name)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s", ns, name);
	return get(path);
}

/* An event with this reason (and type) about (kind, name) whose message
 * contains msg (may be NULL). */
static bool event_exists(const char *ns, const char *kind, const char *name, const char *type,
                         const char *reason, const char *msg)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/events", ns);
	_cleanup_json_ cJSON *list = get(path);
	const cJSON *e;
	cJSON_ArrayForEach(e, kc_json_get(list, "items"))
	{
		if (streq(kc_json_get_str(e, "involvedObject.kind", ""), kind) &&
		    streq(kc_json_get_str(e, "involvedObject.name", ""), name) &&
		    streq(kc_json_get_str(e, "type", ""), type) &&
		    streq(kc_json_get_str(e, "reason", ""), reason) &&
		    (!msg || strstr(kc_json_get_str(e, "message", ""), msg)))
			return true;
	}
	return false;
}

typedef struct event_want {
	const char *ns, *kind, *name, *type, *reason, *msg;
} event_want;

static bool event_seen(const void *arg, kc_buf *seen)
{
	const event_want *w = arg;
	kc_buf_addf(seen, "no %s %s event about %s %s (\"%s\")", w->type, w->reason, w->kind, w->name,
	            w->msg ? w->msg : "");
	return event_exists(w->ns, w->kind, w->name, w->type, w->reason, w->msg);
}

static void wait_event(const char *ns, const char *kind, const char *name, const char *type,
                       const char *reason, const char *msg)
{
	event_want w = {ns, kind, name, type, reason, msg};
	wait_for("an event", NULL, event_seen, &w);
}

/* ---- status ---- */

typedef struct status_want {
	const owner *o;
	int replicas, fully, ready, available; /* -1: any */
} status_want;

static bool status_is(const void *arg, kc_buf *seen)
{
	const status_want *w = arg;
	_cleanup_free_ char *path = owner_path(w->o, NULL);
	_cleanup_json_ cJSON *obj = get(path);
	_cleanup_free_ char *st = kc_json_print(kc_json_get(obj, "status"));
	kc_buf_addf(seen, "generation %lld, status %s",
	            (long long)kc_json_get_int(obj, "metadata.generation", 0), st);
	const cJSON *s = kc_json_get(obj, "status");
	return obj &&
	       kc_json_get_int(s, "observedGeneration", 0) ==
	           kc_json_get_int(obj, "metadata.generation", -1) &&
	       (w->replicas < 0 || kc_json_get_int(s, "replicas", 0) == w->replicas) &&
	       (w->fully < 0 || kc_json_get_int(s, "fullyLabeledReplicas", 0) == w->fully) &&
	       (w->ready < 0 || kc_json_get_int(s, "readyReplicas", 0) == w->ready) &&
	       (w->available < 0 || kc_json_get_int(s, "availableReplicas", 0) == w->available);
}

static void wait_status(const owner *o, int replicas, int fully, int ready, int available)
{
	status_want w = {o, replicas, fully, ready, available};
	_cleanup_free_ char *what =
	    xasprintf("the status of %s: replicas %d, fullyLabeled %d, ready %d, available %d "
	              "(-1: any), observedGeneration = generation",
	              o->name, replicas, fully, ready, available);
	wait_for(what, o->ns, status_is, &w);
}

/* ---- the cluster ---- */

static int group_teardown(void **state);

static int group_setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));
	F = f;
	if (kc_test_apiserver_start(&f->api, NULL) < 0) {
		free(f);
		return -1;
	}
	f->base = event_base_new();
	kc_client_config cfg;
	kc_test_apiserver_client_config(&f->api, "admin", &cfg);
	cfg.watch_backoff_initial_ms = 100;
	cfg.watch_backoff_max_ms = 1000;
	f->admin = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);

	for (size_t i = 0; i < 2; i++) {
		kc_fake_node_config nc = {.name = NODE_NAMES[i], .renew_interval_ms = 2000};
		f->nodes[i] = kc_fake_node_start(&f->api, &nc);
		if (!f->nodes[i]) {
			group_teardown((void **)&f);
			return -1;
		}
	}

	static const char *const cm_args[] = {"--controllers=replicaset,replicationcontroller", "--leader-elect=false", "-v=4", NULL};
	f->cm = kc_test_start_daemon(&f->api, "controller-manager", cm_args, NULL, &f->cm_log);
	if (f->cm < 0) {
		group_teardown((void **)&f);
		return -1;
	}

	/* the real scheduler when it is built; the test binds pods otherwise */
	_cleanup_free_ char *sched = xasprintf("%s/scheduler/kc-scheduler", kc_test_build_dir());
	struct stat st;
	if (stat(sched, &st) == 0) {
		static const char *const sched_args[] = {"--leader-elect=false", NULL};
		f->sched = kc_test_start_daemon(&f->api, "scheduler", sched_args, NULL, NULL);
	} else {
		fprintf(stderr, "note: %s is not built: the test binds pods itself\n", sched);
	}
	*state = f;
	return 0;
}

static int group_teardown(void **state)
{
	fixture *f = *state ? *state : F;
	if (!f)
		return 0;
	if (f->sched > 0)
		kc_test_stop(f->sched, 5000);
	if (f->cm > 0) {
		int st = kc_test_stop(f->cm, 10000);
		if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "kc-controller-manager did not exit cleanly on SIGTERM (status %d)\n",
			        st);
			dump_log();
		}
	}
	for (size_t i = 0; i < 2; i++)
		kc_fake_node_stop(f->nodes[i]);
	kc_client_free(f->admin);
	if (f->base)
		event_base_free(f->base);
	kc_test_apiserver_stop(&f->api);
	free(f->cm_log);
	free(f);
	F = NULL;
	return 0;
}

/* ---- exactly replicas, scaled every way ---- */

static void run_kc(const char *const *args)
{
	_cleanup_free_ char *bin = xasprintf("%s/ctl/kc", kc_test_build_dir());
	_cleanup_free_ char *kubeconfig = xasprintf("--kubeconfig=%s/admin.conf", F->api.pki);
	_cleanup_free_ char *log = xasprintf("%s/kc.log", F->api.dir);
	char *argv[16] = {bin, kubeconfig};
	size_t n = 2;
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	pid_t pid = kc_test_spawn(argv, log);
	assert_true(pid > 0);
	int st = kc_test_wait_exit(pid, 30000);
	if (st < 0)
		kc_test_stop(pid, 1000);
	if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		_cleanup_free_ char *out = NULL;
		kc_read_file(log, 1 << 20, &out, NULL);
		fail_msg("kc %s %s failed (status %d): %s", args[0], args[1], st, out ? out : "");
	}
}

static void test_scale(void **state)
{
	(void)state;
	make_namespace("rs-scale");
	owner o = {.ns = "rs-scale", .name = "web"};
	make_rs(&o, "web", 3, ",'pod-template-hash':'7c5d9f'", NULL, 0);
	expect_pods(&o, 3);

	/* what the pods are made of */
	_cleanup_json_ cJSON *list = pods_of(o.ns);
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		const char *name = kc_json_get_str(p, "metadata.name", "");
		assert_true(str_startswith(name, "web-"));
		assert_string_equal(kc_json_get_str(p, "metadata.generateName", ""), "web-");
		assert_string_equal(kc_json_get_str(p, "metadata.labels.pod-template-hash", ""), "7c5d9f");
		assert_string_equal(kc_json_get_str(p, "metadata.labels.app", ""), "web");
		const cJSON *ref = controller_ref(p);
		assert_non_null(ref);
		assert_string_equal(kc_json_get_str(ref, "apiVersion", ""), "apps/v1");
		assert_string_equal(kc_json_get_str(ref, "kind", ""), "ReplicaSet");
		assert_string_equal(kc_json_get_str(ref, "name", ""), "web");
		assert_true(kc_json_get_bool(ref, "blockOwnerDeletion", false));
		assert_int_equal(cJSON_GetArraySize(kc_json_get(p, "metadata.ownerReferences")), 1);
	}
	wait_event(o.ns, "ReplicaSet", "web", "Normal", "SuccessfulCreate", "Created pod: web-");

	set_replicas(&o, 5);
	expect_pods(&o, 5);

	const char *scale_down[] = {"-n", "rs-scale", "scale", "rs/web", "--replicas=2", NULL};
	run_kc(scale_down);
	expect_pods(&o, 2);
	wait_event(o.ns, "ReplicaSet", "web", "Normal", "SuccessfulDelete", "Deleted pod: web-");

	_cleanup_free_ char *scale = owner_path(&o, "/scale");
	must("PUT", scale,
	     "{\"apiVersion\":\"autoscaling/"
	     "v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"web\",\"namespace\":"
	     "\"rs-scale\"},\"spec\":{\"replicas\":4}}",
	     200);
	expect_pods(&o, 4);
	wait_status(&o, 4, 4, -1, -1);

	set_replicas(&o, 0);
	expect_pods(&o, 0);
	wait_status(&o, 0, 0, 0, 0);
}

/* ---- a deleted pod is replaced ---- */

static void test_replace_deleted(void **state)
{
	(void)state;
	make_namespace("rs-replace");
	owner o = {.ns = "rs-replace", .name = "keep"};
	make_rs(&o, "keep", 3, NULL, NULL, 0);
	expect_pods(&o, 3);
	wait_status(&o, 3, 3, 3, 3); /* running and ready on the fake nodes */

	kc_buf names = KC_BUF_INIT;
	owned_active(&o, &names);
	_cleanup_free_ char *victim = xstrndup(kc_buf_str(&names), strcspn(kc_buf_str(&names), " "));
	kc_buf_free(&names);
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s", o.ns, victim);
	must("DELETE", path, NULL, 200);

	expect_pods(&o, 3);
	kc_buf now = KC_BUF_INIT;
	owned_active(&o, &now);
	if (strstr(kc_buf_str(&now), victim))
		fail_msg("the deleted pod %s is still counted: %s", victim, kc_buf_str(&now));
	kc_buf_free(&now);
	wait_status(&o, 3, 3, 3, 3);
}

/* ---- adoption and release ---- */

static bool adopted(const void *arg, kc_buf *seen)
{
	const owner *o = arg;
	bool ok = true;
	static const char *const names[] = {"orphan-1", "orphan-2"};
	for (size_t i = 0; i < 2; i++) {
		_cleanup_json_ cJSON *pod = get_pod(o->ns, names[i]);
		const cJSON *ref = controller_ref(pod);
		_cleanup_free_ char *refs = kc_json_print(kc_json_get(pod, "metadata.ownerReferences"));
		kc_buf_addf(seen, "%s ownerReferences %s; ", names[i], refs);
		ok = ok && ref && streq(kc_json_get_str(ref, "uid", ""), o->uid) &&
		     streq(kc_json_get_str(ref, "kind", ""), "ReplicaSet") &&
		     streq(kc_json_get_str(ref, "apiVersion", ""), "apps/v1") &&
		     kc_json_get_bool(ref, "blockOwnerDeletion", false);
	}
	return ok;
}

static bool released(const void *arg, kc_buf *seen)
{
	const owner *o = arg;
	_cleanup_json_ cJSON *pod = get_pod(o->ns, "orphan-1");
	_cleanup_free_ char *refs = kc_json_print(kc_json_get(pod, "metadata.ownerReferences"));
	kc_buf_addf(seen, "orphan-1 ownerReferences %s", refs);
	return pod && !has_owner_ref(pod, o->uid);
}

static void test_adopt_and_release(void **state)
{
	(void)state;
	make_namespace("rs-adopt");
	owner o = {.ns = "rs-adopt", .name = "adopter"};
	make_pod(o.ns, "orphan-1", "'app':'adopt'", NULL);
	make_pod(o.ns, "orphan-2", "'app':'adopt'", NULL);
	make_pod(o.ns, "stranger", "'app':'other'", NULL);
	/* another controller's pod that matches: left alone */
	make_pod(o.ns, "taken", "'app':'adopt'",
	         ",'ownerReferences':[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'someone','uid':"
	         "'9f0c8a62-0000-4000-8000-000000000001','controller':true}]");

	/* the template carries one label the orphans lack */
	make_rs(&o, "adopt", 3, ",'tier':'x'", "'schedulerName':'" MANUAL "',", 0);
	wait_for("the orphans adopted by adopter", NULL, adopted, &o);
	expect_pods(&o, 3); /* the two orphans and one new pod */
	wait_status(&o, 3, 1, 0, 0);

	_cleanup_json_ cJSON *taken = get_pod(o.ns, "taken");
	assert_string_equal(kc_json_get_str(controller_ref(taken), "name", ""), "someone");
	_cleanup_json_ cJSON *stranger = get_pod(o.ns, "stranger");
	assert_null(kc_json_get(stranger, "metadata.ownerReferences"));

	/* orphan-1 stops matching: released, and replaced */
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/orphan-1", o.ns);
	must("PATCH", path, "{\"metadata\":{\"labels\":{\"app\":\"gone\"}}}", 200);
	wait_for("orphan-1 released by adopter", NULL, released, &o);
	expect_pods(&o, 3);
	kc_buf names = KC_BUF_INIT;
	owned_active(&o, &names);
	if (strstr(kc_buf_str(&names), "orphan-1"))
		fail_msg("orphan-1 still counted: %s", kc_buf_str(&names));
	kc_buf_free(&names);
	_cleanup_json_ cJSON *gone = get_pod(o.ns, "orphan-1");
	assert_non_null(gone); /* released, not deleted */
	assert_false(terminating(gone));
}

/* ---- which pods go first ---- */

static void bind_to(const char *ns, const char *pod, const char *node)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/binding", ns, pod);
	_cleanup_free_ char *body = Q("{'apiVersion':'v1','kind':'Binding','metadata':{'name':'%s'},"
	                              "'target':{'apiVersion':'v1','kind':'Node','name':'%s'}}",
	                              pod, node);
	must("POST", path, body, 201);
}

static void set_status(const char *ns, const char *pod, const char *phase, const char *ready)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/status", ns, pod);
	char now[KC_TIME_RFC3339_MAX];
	kc_time_format_rfc3339(kc_time_now_sec(), now);
	_cleanup_free_ char *cond =
	    ready ? Q(",'conditions':[{'type':'Ready','status':'%s','lastTransitionTime':'%s'}]", ready, now)
	          : xstrdup("");
	_cleanup_free_ char *body = Q("{'status':{'phase':'%s'%s}}", phase, cond);
	must("PATCH", path, body, 200);
}

typedef struct gone_want {
	const char *ns;
	const char *const *pods; /* NULL-terminated */
	const char *expect;      /* the one that must be going */
} gone_want;

/* Exactly one of the pods is terminating or gone, and it is expect. */
static bool one_going(const void *arg, kc_buf *seen)
{
	const gone_want *w = arg;
	int going = 0;
	bool right = false;
	for (size_t i = 0; w->pods[i]; i++) {
		_cleanup_json_ cJSON *pod = get_pod(w->ns, w->pods[i]);
		if (!pod || terminating(pod)) {
			going++;
			right = right || streq(w->pods[i], w->expect);
			kc_buf_addf(seen, "%s %s; ", w->pods[i], pod ? "terminating" : "gone");
		}
	}
	if (going == 0)
		kc_buf_addstr(seen, "none going yet");
	return going == 1 && right;
}

static void test_deletion_order(void **state)
{
	(void)state;
	make_namespace("rs-order");
	_cleanup_free_ char *node =
	    Q("{'apiVersion':'v1','kind':'Node','metadata':{'name':'rs-manual-node'}}");
	must("POST", "/api/v1/nodes", node, 201);
	owner o = {.ns = "rs-order", .name = "order"};
	make_rs(&o, "order", 4, NULL, "'schedulerName':'" MANUAL "',", 0);
	expect_pods(&o, 4);

	kc_buf names = KC_BUF_INIT;
	owned_active(&o, &names);
	char *list = kc_buf_release(&names);
	char *pods[5] = {0};
	size_t n = 0;
	for (char *save = NULL, *t = strtok_r(list, " ", &save); t && n < 4; t = strtok_r(NULL, " ", &save))
		pods[n++] = t;
	assert_int_equal(n, 4);
	/* pods[0] stays unscheduled; the others go to a node no kubelet runs */
	const char *unscheduled = pods[0], *pending = pods[1], *not_ready = pods[2], *ready = pods[3];
	bind_to(o.ns, pending, "rs-manual-node");
	bind_to(o.ns, not_ready, "rs-manual-node");
	bind_to(o.ns, ready, "rs-manual-node");
	set_status(o.ns, pending, "Pending", NULL);
	set_status(o.ns, not_ready, "Running", "False");
	set_status(o.ns, ready, "Running", "True");
	/* the controller has seen the last of these writes (one watch stream
	 * for pods, in order) once it counts the ready pod */
	wait_status(&o, 4, 4, 1, 1);

	const char *all[] = {unscheduled, pending, not_ready, ready, NULL};
	static const char *const rule[] = {"the unscheduled pod", "the pending pod",
	                                   "the running pod that is not ready"};
	for (int step = 0; step < 3; step++) {
		set_replicas(&o, 3 - step);
		gone_want w = {o.ns, all + step, all[step]};
		_cleanup_free_ char *what =
		    xasprintf("%s (%s) to go first at %d replicas", rule[step], all[step], 3 - step);
		wait_for(what, NULL, one_going, &w);
		_cleanup_free_ char *msg = xasprintf("Deleted pod: %s", all[step]);
		wait_event(o.ns, "ReplicaSet", "order", "Normal", "SuccessfulDelete", msg);
	}
	_cleanup_json_ cJSON *last = get_pod(o.ns, ready);
	assert_non_null(last);
	assert_false(terminating(last));
	free(list);
}

/* ---- status and minReadySeconds ---- */

typedef struct avail_check {
	const owner *o;
	int min_ready;
	char *problem;
} avail_check;

/* availableReplicas == 2, and then every pod's Ready transition is more
 * than minReadySeconds old. */
static bool available_in_time(const void *arg, kc_buf *seen)
{
	avail_check *a = (avail_check *)arg;
	_cleanup_free_ char *path = owner_path(a->o, NULL);
	_cleanup_json_ cJSON *obj = get(path);
	_cleanup_free_ char *st = kc_json_print(kc_json_get(obj, "status"));
	kc_buf_addf(seen, "status %s", st);
	int64_t available = kc_json_get_int(obj, "status.availableReplicas", 0);
	int64_t now_us = kc_time_now_usec();
	_cleanup_json_ cJSON *list = pods_of(a->o->ns);
	int ready_long_enough = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		const cJSON *c;
		cJSON_ArrayForEach(c, kc_json_get(p, "status.conditions"))
		{
			if (!streq(kc_json_get_str(c, "type", ""), "Ready") ||
			    !streq(kc_json_get_str(c, "status", ""), "True"))
				continue;
			kc_time t;
			/* IsPodAvailable: lastTransitionTime + minReadySeconds before now */
			if (kc_time_parse_rfc3339(kc_json_get_str(c, "lastTransitionTime", ""), &t, NULL) ==
			        0 &&
			    (t.sec + a->min_ready) * 1000000 < now_us)
				ready_long_enough++;
		}
	}
	/* the controller may count a pod available only once it is */
	if (available > ready_long_enough && !a->problem)
		a->problem = xasprintf("availableReplicas %lld while only %d pods have been ready for %d s",
		                       (long long)available, ready_long_enough, a->min_ready);
	return available == 2;
}

static void test_status_min_ready(void **state)
{
	(void)state;
	make_namespace("rs-status");
	owner o = {.ns = "rs-status", .name = "slow"};
	make_rs(&o, "slow", 2, ",'pod-template-hash':'abc'", NULL, 4);
	expect_pods(&o, 2);
	avail_check a = {&o, 4, NULL};
	wait_for("both pods available after minReadySeconds", o.ns, available_in_time, &a);
	if (a.problem) {
		dump_log();
		fail_msg("%s", a.problem);
	}
	wait_status(&o, 2, 2, 2, 2);

	/* a new generation is observed */
	set_replicas(&o, 3);
	expect_pods(&o, 3);
	wait_status(&o, 3, 3, -1, -1);
}

/* ---- bulk creates, counted through a watch ---- */

typedef struct pod_watch {
	kc_map *added; /* uid of every pod of the app ADDED */
	kc_map *live;  /* uid of the pods of the app active now */
	const char *app;
	size_t max_live;
} pod_watch;

static void on_pod_event(kc_watch_event_type type, cJSON *pod, void *userdata)
{
	pod_watch *w = userdata;
	if (!streq(kc_json_get_str(pod, "metadata.labels.app", ""), w->app))
		return;
	const char *uid = kc_json_get_str(pod, "metadata.uid", "");
	if (type == KC_WATCH_ADDED)
		kc_map_put(w->added, uid, NULL);
	if (type == KC_WATCH_DELETED || !active(pod))
		kc_map_del(w->live, uid);
	else if (type == KC_WATCH_ADDED || type == KC_WATCH_MODIFIED)
		kc_map_put(w->live, uid, NULL);
	if (kc_map_size(w->live) > w->max_live)
		w->max_live = kc_map_size(w->live);
}

static bool watched_pods(const void *arg, kc_buf *seen)
{
	const owner *o = arg;
	kc_buf_addf(seen, "pods active: %d", owned_active(o, NULL));
	return owned_active(o, NULL) == o->want;
}

static void settle_watch(int ms)
{
	int64_t end = kc_time_monotonic_ms() + ms;
	while (kc_time_monotonic_ms() < end) {
		event_base_loop(F->base, EVLOOP_NONBLOCK);
		sleep_ms(50);
	}
}

static void test_bulk_no_double_creates(void **state)
{
	(void)state;
	make_namespace("rs-bulk");
	pod_watch w = {.added = kc_map_new(NULL), .live = kc_map_new(NULL), .app = "bulk"};
	kc_watch *watch =
	    kc_client_watch(F->admin, "/api/v1/namespaces/rs-bulk/pods", "", on_pod_event, NULL, &w);
	assert_non_null(watch);
	settle_watch(500);

	owner o = {.ns = "rs-bulk", .name = "bulk"};
	make_rs(&o, "bulk", 60, NULL, "'schedulerName':'" MANUAL "',", 0);
	o.want = 60;
	wait_for("60 pods", NULL, watched_pods, &o);
	wait_status(&o, 60, 60, 0, 0);
	settle_watch(2000);
	if (kc_map_size(w.added) != 60) {
		dump_log();
		fail_msg("%zu pods were created for 60 replicas", kc_map_size(w.added));
	}

	/* 20 deleted at once: 20 made again, not one more */
	_cleanup_json_ cJSON *list = pods_of(o.ns);
	int deleted = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		if (deleted == 20)
			break;
		_cleanup_free_ char *path =
		    xasprintf("/api/v1/namespaces/%s/pods/%s", o.ns, kc_json_get_str(p, "metadata.name", ""));
		must("DELETE", path, NULL, 200);
		deleted++;
	}
	wait_for("60 pods again", NULL, watched_pods, &o);
	wait_status(&o, 60, 60, 0, 0);
	settle_watch(2000);
	if (kc_map_size(w.added) != 80) {
		dump_log();
		fail_msg("%zu pods were created in all for 60 replicas and 20 deleted, want 80",
		         kc_map_size(w.added));
	}

	/* down and up again at once: never more live pods than asked for */
	set_replicas(&o, 10);
	set_replicas(&o, 60);
	wait_for("60 pods after 60 -> 10 -> 60", NULL, watched_pods, &o);
	settle_watch(2000);
	assert_int_equal(owned_active(&o, NULL), 60);
	if (w.max_live > 60) {
		dump_log();
		fail_msg("%zu pods of a ReplicaSet of 60 were live at once", w.max_live);
	}
	kc_watch_stop(watch);
	kc_map_free(w.added);
	kc_map_free(w.live);
}

/* ---- creates that fail ---- */

static void etcd_edit(const char *key, void (*edit)(cJSON *obj));

static void bad_container_name(cJSON *rs)
{
	cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(rs, "spec"), "replicas",
	                                       cJSON_CreateNumber(5));
	cJSON *c = kc_json_get(rs, "spec.template.spec.containers[0]");
	cJSON_ReplaceItemInObjectCaseSensitive(c, "name", cJSON_CreateString("Bad_Name"));
}

static void good_container_name(cJSON *rs)
{
	cJSON *c = kc_json_get(rs, "spec.template.spec.containers[0]");
	cJSON_ReplaceItemInObjectCaseSensitive(c, "name", cJSON_CreateString("c"));
}

typedef struct cond_want {
	const owner *o;
	bool present;
} cond_want;

static bool replica_failure(const void *arg, kc_buf *seen)
{
	const cond_want *w = arg;
	_cleanup_free_ char *path = owner_path(w->o, NULL);
	_cleanup_json_ cJSON *obj = get(path);
	_cleanup_free_ char *st = kc_json_print(kc_json_get(obj, "status"));
	kc_buf_addf(seen, "status %s", st);
	const cJSON *c, *found = NULL;
	cJSON_ArrayForEach(c, kc_json_get(obj, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), "ReplicaFailure"))
			found = c;
	}
	if (!w->present)
		return obj && !found;
	return found && streq(kc_json_get_str(found, "status", ""), "True") &&
	       streq(kc_json_get_str(found, "reason", ""), "FailedCreate") &&
	       strstr(kc_json_get_str(found, "message", ""), "is invalid") &&
	       kc_json_get_str(found, "lastTransitionTime", "")[0];
}

static void test_create_failure(void **state)
{
	(void)state;
	make_namespace("rs-fail");
	owner o = {.ns = "rs-fail", .name = "fail"};
	make_rs(&o, "fail", 0, NULL, "'schedulerName':'" MANUAL "',", 0);
	wait_status(&o, 0, 0, 0, 0);

	/* a template the RS validation lets through but pods refuse */
	etcd_edit("/registry/replicasets/rs-fail/fail", bad_container_name);
	wait_event(o.ns, "ReplicaSet", "fail", "Warning", "FailedCreate", "is invalid");
	wait_event(o.ns, "ReplicaSet", "fail", "Warning", "FailedCreate", "Error creating: Pod \"fail-");
	cond_want failing = {&o, true};
	wait_for("the ReplicaFailure condition", NULL, replica_failure, &failing);
	assert_int_equal(owned_active(&o, NULL), 0);

	/* fixed: the pods come, the condition goes */
	etcd_edit("/registry/replicasets/rs-fail/fail", good_container_name);
	expect_pods(&o, 5);
	cond_want fixed = {&o, false};
	wait_for("the ReplicaFailure condition gone", NULL, replica_failure, &fixed);
	wait_status(&o, 5, 5, 0, 0);

	/* slow start: each failing sync tried one pod (a batch of one) and
	 * skipped the rest: the apiserver refused as many creates as there
	 * were failing syncs (counted once no sync fails any more) */
	_cleanup_free_ char *log = NULL;
	assert_int_equal(kc_read_file(F->cm_log, 64 << 20, &log, NULL), 0);
	int syncs = 0;
	for (const char *p = log; (p = strstr(p, "Slow-start failure. Skipping creation of ")); p++) {
		const char *eol = strchr(p, '\n');
		_cleanup_free_ char *line = eol ? xstrndup(p, (size_t)(eol - p)) : xstrdup(p);
		if (strstr(line, "rs-fail/fail"))
			syncs++;
	}
	_cleanup_free_ char *alog = kc_test_apiserver_log(&F->api);
	assert_non_null(alog);
	int refused = 0;
	for (const char *p = alog; (p = strstr(p, "POST /api/v1/namespaces/rs-fail/pods ")); p++) {
		const char *eol = strchr(p, '\n');
		_cleanup_free_ char *line = eol ? xstrndup(p, (size_t)(eol - p)) : xstrdup(p);
		if (strstr(line, "code=422"))
			refused++;
	}
	if (syncs == 0 || refused != syncs)
		fail_msg("%d creates refused over %d failing syncs: a failing sync must try one pod", refused,
		         syncs);
}

/* ---- the apiserver restarting mid-way ---- */

/* The store's revision now. */
static int64_t etcd_revision(void)
{
	cJSON *kvs = NULL;
	int64_t rev = 0;
	assert_int_equal(kc_test_etcd_range(&F->api.etcd, "/registry/namespaces/", 0, &kvs, &rev), 0);
	cJSON_Delete(kvs);
	return rev;
}

static void test_apiserver_restart(void **state)
{
	(void)state;
	make_namespace("rs-restart");
	int64_t from = etcd_revision();
	owner o = {.ns = "rs-restart", .name = "survivor"};
	make_rs(&o, "survivor", 40, NULL, "'schedulerName':'" MANUAL "',", 0);
	/* while the slow-start batches are on their way */
	sleep_ms(20);
	assert_int_equal(kc_test_apiserver_restart(&F->api), 0);
	expect_pods(&o, 40);
	wait_status(&o, 40, 40, 0, 0);
	settle_watch(2000);
	assert_int_equal(owned_active(&o, NULL), 40);

	/* etcd's history: every pod ever made there, made once. A last pod
	 * marks the end of the history to read. */
	make_pod(o.ns, "zz-marker", "'app':'marker'", NULL);
	_cleanup_json_ cJSON *marker = get_pod(o.ns, "zz-marker");
	int64_t until = strtoll(kc_json_get_str(marker, "metadata.resourceVersion", "0"), NULL, 10);
	_cleanup_json_ cJSON *events = NULL;
	assert_int_equal(
	    kc_test_etcd_events(&F->api.etcd, "/registry/pods/rs-restart/", from + 1, until, &events), 0);
	int created = 0, deleted = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, events)
	{
		if (str_endswith(kc_json_get_str(e, "key", ""), "/zz-marker"))
			continue;
		if (streq(kc_json_get_str(e, "type", ""), "DELETE"))
			deleted++;
		else if (kc_json_get_int(e, "create_revision", 0) == kc_json_get_int(e, "mod_revision", -1))
			created++;
	}
	if (created != 40 || deleted != 0) {
		dump_log();
		fail_msg("across the apiserver's restart %d pods were made and %d deleted for 40 replicas",
		         created, deleted);
	}
}

/* ---- ReplicationControllers ---- */

static void test_replication_controller(void **state)
{
	(void)state;
	make_namespace("rs-rc");
	owner o = {.ns = "rs-rc", .name = "legacy", .plural = "replicationcontrollers"};
	must("POST", "/api/v1/namespaces/rs-rc/replicationcontrollers",
	     "{\"apiVersion\":\"v1\",\"kind\":\"ReplicationController\",\"metadata\":{\"name\":\"legacy\"},"
	     "\"spec\":{"
	     "\"replicas\":2,\"selector\":{\"app\":\"legacy\"},\"template\":{\"metadata\":{\"labels\":{"
	     "\"app\":"
	     "\"legacy\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}",
	     201);
	fetch_uid(&o);
	expect_pods(&o, 2);
	_cleanup_json_ cJSON *list = pods_of(o.ns);
	const cJSON *ref = controller_ref(cJSON_GetArrayItem(kc_json_get(list, "items"), 0));
	assert_string_equal(kc_json_get_str(ref, "apiVersion", ""), "v1");
	assert_string_equal(kc_json_get_str(ref, "kind", ""), "ReplicationController");
	wait_status(&o, 2, 2, 2, 2);
	wait_event(o.ns, "ReplicationController", "legacy", "Normal", "SuccessfulCreate",
	           "Created pod: legacy-");

	_cleanup_free_ char *scale = owner_path(&o, "/scale");
	must("PATCH", scale, "{\"spec\":{\"replicas\":3}}", 200);
	expect_pods(&o, 3);
	const char *kc_scale[] = {"-n", "rs-rc", "scale", "rc/legacy", "--replicas=1", NULL};
	run_kc(kc_scale);
	expect_pods(&o, 1);
	wait_status(&o, 1, 1, -1, -1);
}

/* ---- owners written around the apiserver ---- */

/* Rewrites the stored object at key in etcd through its JSON gateway,
 * with edit applied to it: as if written by something that never asked
 * the apiserver. */
static void etcd_edit(const char *key, void (*edit)(cJSON *obj))
{
	_cleanup_json_ cJSON *kvs = NULL;
	assert_int_equal(kc_test_etcd_range(&F->api.etcd, key, 0, &kvs, NULL), 0);
	const cJSON *kv = cJSON_GetArrayItem(kvs, 0);
	assert_non_null(kv);
	assert_string_equal(kc_json_get_str(kv, "key", ""), key);
	_cleanup_json_ cJSON *obj = NULL;
	const char *value = kc_json_get_str(kv, "value", "");
	assert_int_equal(kc_json_parse_str(value, &obj, NULL), 0);
	edit(obj);
	_cleanup_free_ char *text = kc_json_print(obj);
	_cleanup_free_ char *k64 = kc_base64_encode(key, strlen(key));
	_cleanup_free_ char *v64 = kc_base64_encode(text, strlen(text));
	_cleanup_free_ char *body = xasprintf("{\"key\":\"%s\",\"value\":\"%s\"}", k64, v64);

	struct event_base *base = event_base_new();
	kc_client_config cfg = {.server = xstrdup(F->api.etcd.client_url)};
	kc_client *etcd = kc_client_new(base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	assert_non_null(etcd);
	kc_response resp = {0};
	kc_client_request_sync(etcd, "POST", "/v3/kv/put", "application/json", body, strlen(body), NULL,
	                       &resp);
	long st = resp.status;
	kc_response_clear(&resp);
	kc_client_free(etcd);
	event_base_free(base);
	if (st != 200)
		fail_msg("etcd put %s: HTTP %ld", key, st);
}

static void bad_operator(cJSON *rs)
{
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(rs, "spec");
	cJSON_ReplaceItemInObjectCaseSensitive(spec, "replicas", cJSON_CreateNumber(2));
	cJSON *sel = NULL;
	assert_int_equal(
	    kc_json_parse_str("{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"Foo\"}]}", &sel, NULL),
	    0);
	cJSON_ReplaceItemInObjectCaseSensitive(spec, "selector", sel);
}

static void replicas_not_a_number(cJSON *rs)
{
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(rs, "spec");
	cJSON_ReplaceItemInObjectCaseSensitive(spec, "replicas", cJSON_CreateString("three"));
}

static bool no_pods_with_app(const void *arg, kc_buf *seen)
{
	const char *app = arg;
	_cleanup_json_ cJSON *list = pods_of("rs-bad");
	int n = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		if (streq(kc_json_get_str(p, "metadata.labels.app", ""), app))
			n++;
	}
	kc_buf_addf(seen, "%d pods with app=%s", n, app);
	return n == 0;
}

static void test_malformed_skipped(void **state)
{
	(void)state;
	make_namespace("rs-bad");
	owner bad = {.ns = "rs-bad", .name = "bad-selector"}, nan = {.ns = "rs-bad", .name = "bad-replicas"};
	make_rs(&bad, "bad-selector", 0, NULL, "'schedulerName':'" MANUAL "',", 0);
	make_rs(&nan, "bad-replicas", 0, NULL, "'schedulerName':'" MANUAL "',", 0);
	wait_status(&bad, 0, 0, 0, 0);
	wait_status(&nan, 0, 0, 0, 0);

	etcd_edit("/registry/replicasets/rs-bad/bad-selector", bad_operator);
	etcd_edit("/registry/replicasets/rs-bad/bad-replicas", replicas_not_a_number);
	wait_event("rs-bad", "ReplicaSet", "bad-selector", "Warning", "InvalidSelector",
	           "\"Foo\" is not a valid label selector operator");
	wait_event("rs-bad", "ReplicaSet", "bad-replicas", "Warning", "InvalidSpec",
	           "spec.replicas: Invalid value: \"three\"");

	/* the controller goes on with the others, and made nothing for these */
	owner good = {.ns = "rs-bad", .name = "good"};
	make_rs(&good, "good", 2, NULL, "'schedulerName':'" MANUAL "',", 0);
	expect_pods(&good, 2);
	wait_for("no pods for bad-selector", NULL, no_pods_with_app, "bad-selector");
	wait_for("no pods for bad-replicas", NULL, no_pods_with_app, "bad-replicas");

	/* reported once per version, not on every sync */
	set_replicas(&good, 1);
	expect_pods(&good, 1);
	_cleanup_json_ cJSON *events = get("/api/v1/namespaces/rs-bad/events");
	const cJSON *e;
	cJSON_ArrayForEach(e, kc_json_get(events, "items"))
	{
		if (streq(kc_json_get_str(e, "reason", ""), "InvalidSelector"))
			assert_int_equal(kc_json_get_int(e, "count", 0), 1);
	}
}

int main(void)
{
	/* The controller-manager is another target of the same build; a tree
	 * configured without it has nothing to test here. */
	_cleanup_free_ char *bin =
	    xasprintf("%s/controller-manager/kc-controller-manager", kc_test_build_dir());
	struct stat st;
	if (stat(bin, &st) != 0) {
		fprintf(stderr, "skipped: %s is not built\n", bin);
		return 0;
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scale),
	    cmocka_unit_test(test_replace_deleted),
	    cmocka_unit_test(test_adopt_and_release),
	    cmocka_unit_test(test_deletion_order),
	    cmocka_unit_test(test_status_min_ready),
	    cmocka_unit_test(test_bulk_no_double_creates),
	    cmocka_unit_test(test_replication_controller),
	    cmocka_unit_test(test_malformed_skipped),
	    cmocka_unit_test(test_create_failure),
	    cmocka_unit_test(test_apiserver_restart),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
