/* test_cm_nodes.c - kc-controller-manager's node controllers against a real
 * etcd + kc-apiserver, nodes simulated by tests/harness/fakenode.h:
 *   - nodeipam: every node gets a podCIDR of --cluster-cidr (a /22 cut in
 *     four /24s here), never two the same; a fifth node gets none and a
 *     CIDRNotAvailable event, then the CIDR of a node deleted; after a
 *     restart the allocation is rebuilt from the nodes;
 *   - nodelifecycle: a node that stops renewing its Lease becomes
 *     Ready=Unknown ("Kubelet stopped posting node status.") after the
 *     grace period (3 s here), is tainted unreachable:NoExecute, its pods
 *     marked not ready; when it renews again the taint goes;
 *   - taint-eviction-controller: pods tolerating the taint for 2 s are
 *     deleted after that (TaintManagerEviction events), those with the
 *     default 300 s or forever are not; pods not tolerating a NoExecute
 *     taint put on a healthy node go at once. */
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

#include "common/client.h"
#include "common/json.h"
#include "common/map.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "harness/api.h"
#include "harness/apiserver.h"
#include "harness/fakenode.h"
#include "harness/procs.h"

#define NS      "nodes-test"
#define WAIT_MS 60000

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *admin;
	pid_t cm, sched;
	char *cm_log;
	kc_fake_node *a, *b;
} fixture;

static fixture *F;

static long call(const char *method, const char *path, const char *body, cJSON **ret)
{
	return kc_test_call(F->admin, method, path, body, ret);
}

static cJSON *get(const char *path) { return kc_test_get(F->admin, path); }

static void must(long got, long want, const char *what)
{
	if (got != want)
		fail_msg("%s: status %ld, want %ld", what, got, want);
}

static void sleep_ms(int ms)
{
	usleep((useconds_t)ms * 1000);
}

static void dump_log(void) { kc_test_print_tail(F->cm_log, 8000); }

typedef bool (*obj_pred)(const cJSON *obj, const void *arg);

/* Polls path until pred holds (pred sees NULL for a 404). Returns the
 * object (caller frees; NULL when pred accepted a 404). */
static cJSON *wait_obj(const char *path, obj_pred pred, const void *arg, const char *what)
{
	int64_t deadline = kc_time_monotonic_ms() + WAIT_MS;
	cJSON *last = NULL;
	while (kc_time_monotonic_ms() < deadline) {
		cJSON_Delete(last);
		last = get(path);
		if (pred(last, arg))
			return last;
		sleep_ms(200);
	}
	_cleanup_free_ char *s = last ? kc_json_print(last) : xstrdup("(404)");
	cJSON_Delete(last);
	dump_log();
	fail_msg("%s: %s never came to be; last seen: %s", what, path, s);
	return NULL;
}

static const cJSON *condition(const cJSON *obj, const char *type)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(obj, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), type))
			return c;
	}
	return NULL;
}

static bool cond_is(const cJSON *obj, const void *arg)
{
	/* arg: "Type=Status" */
	const char *spec = arg, *eq = strchr(spec, '=');
	_cleanup_free_ char *type = xstrndup(spec, (size_t)(eq - spec));
	const cJSON *c = obj ? condition(obj, type) : NULL;
	return c && streq(kc_json_get_str(c, "status", ""), eq + 1);
}

static bool has_taint(const cJSON *node, const char *key, const char *effect)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, kc_json_get(node, "spec.taints"))
	{
		if (streq(kc_json_get_str(t, "key", ""), key) && streq(kc_json_get_str(t, "effect", ""), effect))
			return true;
	}
	return false;
}

static bool unreachable_tainted(const cJSON *node, const void *arg)
{
	(void)arg;
	return node && has_taint(node, "node.kubernetes.io/unreachable", "NoExecute");
}

static bool untainted_ready(const cJSON *node, const void *arg)
{
	(void)arg;
	return node && !has_taint(node, "node.kubernetes.io/unreachable", "NoExecute") &&
	       !has_taint(node, "node.kubernetes.io/not-ready", "NoExecute") && cond_is(node, "Ready=True");
}

static bool deleting_or_gone(const cJSON *obj, const void *arg)
{
	(void)arg;
	return !obj || kc_json_get_str(obj, "metadata.deletionTimestamp", "")[0];
}

static bool gone(const cJSON *obj, const void *arg)
{
	(void)arg;
	return !obj;
}

static bool has_pod_cidr(const cJSON *node, const void *arg)
{
	(void)arg;
	return node && kc_json_get_str(node, "spec.podCIDR", "")[0];
}

/* An event with this reason about (kind, name), and a message containing
 * msg (may be NULL), exists in any namespace. */
static bool event_exists(const char *kind, const char *name, const char *reason, const char *msg)
{
	_cleanup_json_ cJSON *list = get("/api/v1/events");
	const cJSON *e;
	cJSON_ArrayForEach(e, kc_json_get(list, "items"))
	{
		if (streq(kc_json_get_str(e, "involvedObject.kind", ""), kind) &&
		    streq(kc_json_get_str(e, "involvedObject.name", ""), name) &&
		    streq(kc_json_get_str(e, "reason", ""), reason) &&
		    (!msg || strstr(kc_json_get_str(e, "message", ""), msg)))
			return true;
	}
	return false;
}

static void wait_event(const char *kind, const char *name, const char *reason, const char *msg)
{
	int64_t deadline = kc_time_monotonic_ms() + WAIT_MS;
	while (kc_time_monotonic_ms() < deadline) {
		if (event_exists(kind, name, reason, msg))
			return;
		sleep_ms(250);
	}
	dump_log();
	fail_msg("no %s event about %s %s (\"%s\")", reason, kind, name, msg ? msg : "");
}

/* ---- the controller-manager ---- */

static void start_cm_with(const char *controllers)
{
	_cleanup_free_ char *ctl = xasprintf("--controllers=%s", controllers);
	const char *args[] = {ctl,
			      "--leader-elect=false",
			      "--allocate-node-cidrs=true",
			      "--cluster-cidr=10.244.0.0/22",
			      "--node-cidr-mask-size=24",
			      "--node-monitor-grace-period=3s",
			      "--node-monitor-period=500ms",
			      "-v=2",
			      NULL};
	free(F->cm_log);
	F->cm = kc_test_start_daemon(&F->api, "controller-manager", args, NULL, &F->cm_log);
	assert_true(F->cm > 0);
}

static void start_cm(void)
{
	start_cm_with("nodeipam,nodelifecycle,taint-eviction-controller");
}

static void stop_cm(void)
{
	if (F->cm > 0) {
		int st = kc_test_stop(F->cm, 10000);
		F->cm = 0;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail_msg("kc-controller-manager did not exit 0 on SIGTERM (status %d); log %s", st, F->cm_log);
	}
}

static int group_setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));
	if (kc_test_apiserver_start(&f->api, NULL) < 0) {
		free(f);
		return -1;
	}
	f->base = event_base_new();
	kc_client_config cfg;
	kc_test_apiserver_client_config(&f->api, "admin", &cfg);
	f->admin = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	F = f;
	*state = f;
	if (call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" NS "\"}}", NULL) != 201)
		return -1;
	f->a = kc_fake_node_start(&f->api, &(kc_fake_node_config){.name = "node-a", .renew_interval_ms = 500});
	f->b = kc_fake_node_start(&f->api, &(kc_fake_node_config){.name = "node-b", .renew_interval_ms = 500});
	if (!f->a || !f->b)
		return -1;
	start_cm();
	return 0;
}

static int group_teardown(void **state)
{
	fixture *f = *state;
	if (!f)
		return 0;
	if (f->cm > 0)
		kc_test_stop(f->cm, 5000);
	if (f->sched > 0)
		kc_test_stop(f->sched, 5000);
	kc_fake_node_stop(f->a);
	kc_fake_node_stop(f->b);
	free(f->cm_log);
	kc_client_free(f->admin);
	event_base_free(f->base);
	kc_test_apiserver_stop(&f->api);
	free(f);
	F = NULL;
	return 0;
}

/* ---- pods ---- */

#define POD_PATH "/api/v1/namespaces/" NS "/pods"

static void make_pod(const char *name, const char *node, const char *tolerations)
{
	char buf[2048];
	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"nodeName\":\"%s\",\"terminationGracePeriodSeconds\":30,"
		 "\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]%s%s}}",
		 name, node, tolerations ? ",\"tolerations\":" : "", tolerations ? tolerations : "");
	must(call("POST", POD_PATH, buf, NULL), 201, name);
}

#define TOL_SECS(key, secs) \
	"{\"key\":\"" key "\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":" secs "}"

/* ---- tests ---- */

static void test_nodes_get_cidrs(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *a = wait_obj("/api/v1/nodes/node-a", has_pod_cidr, NULL, "node-a's podCIDR");
	_cleanup_json_ cJSON *b = wait_obj("/api/v1/nodes/node-b", has_pod_cidr, NULL, "node-b's podCIDR");
	const char *ca = kc_json_get_str(a, "spec.podCIDR", ""), *cb = kc_json_get_str(b, "spec.podCIDR", "");
	if (streq(ca, cb))
		fail_msg("node-a and node-b both got %s", ca);
	assert_string_equal(cJSON_GetArrayItem(kc_json_get(a, "spec.podCIDRs"), 0)->valuestring, ca);
	assert_true(str_startswith(ca, "10.244.") && str_endswith(ca, ".0/24"));
	assert_true(str_startswith(cb, "10.244.") && str_endswith(cb, ".0/24"));
}

static void test_lease_lost(void **state)
{
	(void)state;
	cJSON_Delete(wait_obj("/api/v1/nodes/node-a", cond_is, "Ready=True", "node-a Ready"));
	cJSON_Delete(wait_obj("/api/v1/nodes/node-b", cond_is, "Ready=True", "node-b Ready"));
	make_pod("short", "node-a", "[" TOL_SECS("node.kubernetes.io/unreachable", "2") "," TOL_SECS(
						  "node.kubernetes.io/not-ready", "2") "]");
	make_pod("default", "node-a", NULL); /* the apiserver adds 300 s */
	make_pod("forever", "node-a", "[{\"operator\":\"Exists\",\"effect\":\"NoExecute\"}]");
	make_pod("elsewhere", "node-b", NULL);
	cJSON_Delete(wait_obj(POD_PATH "/short", cond_is, "Ready=True", "pod short Ready"));
	cJSON_Delete(wait_obj(POD_PATH "/default", cond_is, "Ready=True", "pod default Ready"));
	cJSON_Delete(wait_obj(POD_PATH "/elsewhere", cond_is, "Ready=True", "pod elsewhere Ready"));

	kc_fake_node_pause(F->a);
	_cleanup_json_ cJSON *node =
		wait_obj("/api/v1/nodes/node-a", cond_is, "Ready=Unknown", "node-a Ready=Unknown once its Lease stops");
	const cJSON *ready = condition(node, "Ready");
	assert_string_equal(kc_json_get_str(ready, "reason", ""), "NodeStatusUnknown");
	assert_string_equal(kc_json_get_str(ready, "message", ""), "Kubelet stopped posting node status.");
	static const char *const others[] = {"MemoryPressure", "DiskPressure", "PIDPressure"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(others); i++) {
		const cJSON *c = condition(node, others[i]);
		if (!c || !streq(kc_json_get_str(c, "status", ""), "Unknown"))
			fail_msg("node-a's %s is not Unknown", others[i]);
	}
	wait_event("Node", "node-a", "NodeNotReady", "Node node-a status is now: NodeNotReady");
	cJSON_Delete(wait_obj("/api/v1/nodes/node-a", unreachable_tainted, NULL, "node-a tainted unreachable:NoExecute"));
	/* Its pods are marked not ready. */
	cJSON_Delete(wait_obj(POD_PATH "/default", cond_is, "Ready=False", "pod default marked not ready"));
	wait_event("Pod", "default", "NodeNotReady", "Node is not ready");
	/* The pod tolerating 2 s goes, with the taint manager's event and
	 * condition; the others stay. */
	_cleanup_json_ cJSON *shortp = wait_obj(POD_PATH "/short", deleting_or_gone, NULL, "pod short evicted");
	wait_event("Pod", "short", "TaintManagerEviction", "Marking for deletion Pod " NS "/short");
	if (shortp)
		assert_true(cond_is(shortp, "DisruptionTarget=True"));
	_cleanup_json_ cJSON *def = get(POD_PATH "/default");
	_cleanup_json_ cJSON *forever = get(POD_PATH "/forever");
	assert_non_null(def);
	assert_non_null(forever);
	assert_false(deleting_or_gone(def, NULL));
	assert_false(deleting_or_gone(forever, NULL));
	/* node-b is left alone. */
	_cleanup_json_ cJSON *nb = get("/api/v1/nodes/node-b");
	assert_true(untainted_ready(nb, NULL));
	_cleanup_json_ cJSON *else_pod = get(POD_PATH "/elsewhere");
	assert_true(cond_is(else_pod, "Ready=True"));

	/* The node comes back: the taint goes, the scheduled deletion of
	 * "default" is cancelled, "short" finishes going. */
	kc_fake_node_resume(F->a);
	cJSON_Delete(wait_obj("/api/v1/nodes/node-a", untainted_ready, NULL, "node-a Ready again and untainted"));
	wait_event("Pod", "default", "TaintManagerEviction", "Cancelling deletion of Pod " NS "/default");
	cJSON_Delete(wait_obj(POD_PATH "/short", gone, NULL, "pod short gone once its node confirms"));
	cJSON *still = get(POD_PATH "/default");
	assert_non_null(still);
	assert_false(deleting_or_gone(still, NULL));
	cJSON_Delete(still);
}

static void test_noexecute_taint(void **state)
{
	(void)state;
	make_pod("q-none", "node-b", NULL);
	make_pod("q-tol", "node-b", "[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"x\",\"effect\":\"NoExecute\"}]");
	make_pod("q-sec", "node-b", "[" TOL_SECS("dedicated", "2") "]");
	cJSON_Delete(wait_obj(POD_PATH "/q-tol", cond_is, "Ready=True", "pod q-tol Ready"));
	must(call("PATCH", "/api/v1/nodes/node-b",
		  "{\"spec\":{\"taints\":[{\"key\":\"dedicated\",\"value\":\"x\",\"effect\":\"NoExecute\"}]}}", NULL),
	     200, "tainting node-b");
	cJSON_Delete(wait_obj(POD_PATH "/q-none", gone, NULL, "a pod not tolerating a NoExecute taint"));
	cJSON_Delete(wait_obj(POD_PATH "/q-sec", gone, NULL, "a pod tolerating it for 2 s"));
	cJSON *tol = get(POD_PATH "/q-tol");
	assert_non_null(tol);
	assert_false(deleting_or_gone(tol, NULL));
	cJSON_Delete(tol);
	must(call("PATCH", "/api/v1/nodes/node-b", "{\"spec\":{\"taints\":null}}", NULL), 200, "untainting node-b");
}

/* ---- IPAM with nodes made by hand (not Ready: kept out of the
 * disruption counts with the exclude label) ---- */

static void make_node(const char *name)
{
	char buf[512];
	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"%s\",\"labels\":{\"node.kubernetes.io/exclude-disruption\":\"\"}}}", name);
	must(call("POST", "/api/v1/nodes", buf, NULL), 201, name);
}

static char *cidr_of(const char *name)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/nodes/%s", name);
	_cleanup_json_ cJSON *n = wait_obj(path, has_pod_cidr, NULL, "a node's podCIDR");
	return xstrdup(kc_json_get_str(n, "spec.podCIDR", ""));
}

static void expect_no_cidr(const char *name)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/nodes/%s", name);
	_cleanup_json_ cJSON *n = get(path);
	assert_non_null(n);
	if (has_pod_cidr(n, NULL))
		fail_msg("%s got %s from a full range", name, kc_json_get_str(n, "spec.podCIDR", ""));
}

/* Every node's podCIDR is different. */
static void expect_unique(void)
{
	_cleanup_json_ cJSON *list = get("/api/v1/nodes");
	kc_map *seen = kc_map_new(free);
	const cJSON *n;
	cJSON_ArrayForEach(n, kc_json_get(list, "items"))
	{
		const char *c = kc_json_get_str(n, "spec.podCIDR", "");
		if (!c[0])
			continue;
		const char *name = kc_json_get_str(n, "metadata.name", "");
		if (kc_map_has(seen, c))
			fail_msg("%s and %s both have %s", (const char *)kc_map_get(seen, c), name, c);
		kc_map_put(seen, c, xstrdup(name));
	}
	kc_map_free(seen);
}

static void test_ipam_full_and_reuse(void **state)
{
	(void)state;
	/* node-a and node-b hold two of the four /24s. */
	make_node("ipam-1");
	make_node("ipam-2");
	_cleanup_free_ char *c1 = cidr_of("ipam-1");
	_cleanup_free_ char *c2 = cidr_of("ipam-2");
	expect_unique();
	make_node("ipam-3");
	wait_event("Node", "ipam-3", "CIDRNotAvailable", "Node ipam-3 status is now: CIDRNotAvailable");
	expect_no_cidr("ipam-3");
	/* A node goes: its CIDR is the waiting node's. */
	must(call("DELETE", "/api/v1/nodes/ipam-2", NULL, NULL), 200, "deleting ipam-2");
	_cleanup_free_ char *c3 = cidr_of("ipam-3");
	assert_string_equal(c3, c2);
	expect_unique();

	/* A restart rebuilds the allocation from the nodes: still full. */
	stop_cm();
	start_cm();
	make_node("ipam-4");
	wait_event("Node", "ipam-4", "CIDRNotAvailable", NULL);
	expect_no_cidr("ipam-4");
	must(call("DELETE", "/api/v1/nodes/ipam-1", NULL, NULL), 200, "deleting ipam-1");
	_cleanup_free_ char *c4 = cidr_of("ipam-4");
	assert_string_equal(c4, c1);
	expect_unique();
	must(call("DELETE", "/api/v1/nodes/ipam-3", NULL, NULL), 200, "cleanup");
	must(call("DELETE", "/api/v1/nodes/ipam-4", NULL, NULL), 200, "cleanup");
}


/* ---- a ReplicaSet's pods move off a node that died (with the replicaset
 * controller and kc-scheduler, when built) ---- */

#define RS_PATH "/apis/apps/v1/namespaces/" NS "/replicasets"

static int count_pods(const char *node, bool running_only, bool include_terminating)
{
	_cleanup_json_ cJSON *list = get(POD_PATH "?labelSelector=app%3Dmover");
	int n = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		if (!include_terminating && kc_json_get_str(p, "metadata.deletionTimestamp", "")[0])
			continue;
		if (node && !streq(kc_json_get_str(p, "spec.nodeName", ""), node))
			continue;
		if (running_only && !cond_is(p, "Ready=True"))
			continue;
		n++;
	}
	return n;
}

static void wait_pods(const char *node, int want, const char *what)
{
	int64_t deadline = kc_time_monotonic_ms() + 2 * WAIT_MS;
	while (kc_time_monotonic_ms() < deadline) {
		if (count_pods(node, true, false) == want)
			return;
		sleep_ms(250);
	}
	dump_log();
	fail_msg("%s: %d ready pods on %s, want %d", what, count_pods(node, true, false), node, want);
}

static void test_replicaset_pods_move(void **state)
{
	(void)state;
	_cleanup_free_ char *sched_bin = xasprintf("%s/scheduler/kc-scheduler", kc_test_build_dir());
	struct stat st;
	if (stat(sched_bin, &st) != 0) {
		fprintf(stderr, "skipped: %s is not built\n", sched_bin);
		return;
	}
	if (!kc_test_cm_has_controller("replicaset")) {
		fprintf(stderr, "skipped: kc-controller-manager has no replicaset controller yet\n");
		skip();
	}
	stop_cm();
	start_cm_with("nodeipam,nodelifecycle,taint-eviction-controller,replicaset");
	static const char *const sched_args[] = {"--leader-elect=false", NULL};
	F->sched = kc_test_start_daemon(&F->api, "scheduler", sched_args, NULL, NULL);
	assert_true(F->sched > 0);

	/* Both start on node-a: node-b is cordoned meanwhile. */
	must(call("PATCH", "/api/v1/nodes/node-b", "{\"spec\":{\"unschedulable\":true}}", NULL), 200, "cordon");
	must(call("POST", RS_PATH,
		  "{\"metadata\":{\"name\":\"mover\"},\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":"
		  "\"mover\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"mover\"}},\"spec\":{\"tolerations\":["
		  TOL_SECS("node.kubernetes.io/unreachable", "2") "," TOL_SECS("node.kubernetes.io/not-ready", "2")
		  "],\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}",
		  NULL),
	     201, "the ReplicaSet");
	wait_pods("node-a", 2, "the ReplicaSet's pods on node-a");
	must(call("PATCH", "/api/v1/nodes/node-b", "{\"spec\":{\"unschedulable\":null}}", NULL), 200, "uncordon");

	/* node-a dies: its pods are evicted after 2 s, the ReplicaSet makes
	 * new ones, the scheduler puts them on node-b. */
	kc_fake_node_pause(F->a);
	wait_pods("node-b", 2, "the ReplicaSet's pods recreated on node-b");
	assert_int_equal(count_pods("node-a", false, false), 0);
	/* node-a returns and confirms the deletions of its old pods. */
	kc_fake_node_resume(F->a);
	int64_t deadline = kc_time_monotonic_ms() + WAIT_MS;
	while (count_pods("node-a", false, true) > 0 && kc_time_monotonic_ms() < deadline)
		sleep_ms(250);
	assert_int_equal(count_pods("node-a", false, true), 0);
	assert_int_equal(count_pods(NULL, true, false), 2);
	kc_test_stop(F->sched, 5000);
	F->sched = 0;
}

int main(void)
{
	/* The controller-manager is another target of the same build; a tree
	 * configured without it has nothing to test here. */
	_cleanup_free_ char *bin = xasprintf("%s/controller-manager/kc-controller-manager", kc_test_build_dir());
	struct stat st;
	if (stat(bin, &st) != 0) {
		fprintf(stderr, "skipped: %s is not built\n", bin);
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nodes_get_cidrs),
		cmocka_unit_test(test_lease_lost),
		cmocka_unit_test(test_noexecute_taint),
		cmocka_unit_test(test_ipam_full_and_reuse),
		cmocka_unit_test(test_replicaset_pods_move),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
