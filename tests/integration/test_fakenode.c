/* test_fakenode.c - the simulated nodes of fakenode.h against a real
 * kc-apiserver: the Node registers Ready with its capacity, labels, taints
 * and addresses; its Lease renews; a pod bound to it (pods/binding) becomes
 * Running and Ready with a unique IP; set_ready flips a pod's readiness; a
 * deleted pod goes away; pause stops the Lease and the pod updates, resume
 * brings them back; unready_pods keeps pods Running but not Ready. */
#include <errno.h>
#include <event2/event.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "common/client.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "harness/apiserver.h"
#include "harness/fakenode.h"

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *admin;
} fixture;

static int setup(void **state)
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
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	kc_client_free(f->admin);
	event_base_free(f->base);
	kc_test_apiserver_stop(&f->api);
	free(f);
	return 0;
}

/* GET path as admin: the object (caller deletes), or NULL for 404. */
static cJSON *get(fixture *f, const char *path)
{
	kc_response r;
	kc_client_request_sync(f->admin, "GET", path, NULL, NULL, 0, NULL, &r);
	cJSON *body = NULL;
	if (r.status == 200)
		body = TAKE_PTR(r.body);
	else if (r.status != 404)
		fail_msg("GET %s: %ld %s", path, r.status, r.status ? r.raw : r.err.msg);
	kc_response_clear(&r);
	return body;
}

static void call(fixture *f, const char *method, const char *path, const char *body, long want)
{
	kc_response r;
	kc_client_request_sync(f->admin, method, path, body ? "application/json" : NULL, body, body ? strlen(body) : 0,
			       NULL, &r);
	if (r.status != want)
		fail_msg("%s %s: %ld, want %ld: %s", method, path, r.status, want, r.status ? r.raw : r.err.msg);
	kc_response_clear(&r);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

typedef bool (*pred_fn)(const cJSON *obj, const void *arg);

/* Polls path until pred holds (obj NULL when 404); returns the object that
 * satisfied it (caller deletes; NULL when that was a 404), or fails the test
 * saying what was expected and what was last seen. */
static cJSON *wait_for(fixture *f, const char *path, pred_fn pred, const void *arg, const char *what)
{
	int64_t end = kc_time_monotonic_ms() + 60000;
	for (;;) {
		cJSON *obj = get(f, path);
		if (pred(obj, arg))
			return obj;
		if (kc_time_monotonic_ms() > end) {
			_cleanup_free_ char *seen = obj ? kc_json_print(obj) : xstrdup("(404)");
			cJSON_Delete(obj);
			fail_msg("%s: not after 60 s. Last seen:\n%s", what, seen);
		}
		cJSON_Delete(obj);
		sleep_ms(100);
	}
}

static const char *condition(const cJSON *obj, const char *type)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(obj, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), type))
			return kc_json_get_str(c, "status", "");
	}
	return "";
}

static bool exists(const cJSON *obj, const void *arg)
{
	(void)arg;
	return obj != NULL;
}

static bool gone(const cJSON *obj, const void *arg)
{
	(void)arg;
	return obj == NULL;
}

static bool running_ready(const cJSON *pod, const void *arg)
{
	bool want_ready = *(const bool *)arg;
	return pod && streq(kc_json_get_str(pod, "status.phase", ""), "Running") &&
	       streq(condition(pod, "Ready"), want_ready ? "True" : "False") &&
	       kc_json_get_str(pod, "status.podIP", "")[0];
}

static bool renewed_after(const cJSON *lease, const void *arg)
{
	const char *before = arg;
	const char *now = kc_json_get_str(lease, "spec.renewTime", "");
	return now[0] && strcmp(now, before) > 0;
}

/* Pods carry a finalizer of the test's: a confirmed graceful delete
 * (deletionGracePeriodSeconds 0) is then visible before the pod goes, which
 * it does once the test drops the finalizer. */
static void create_and_bind(fixture *f, const char *name, const char *node)
{
	_cleanup_free_ char *pod = xasprintf(
	    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\",\"labels\":{\"app\":\"web\"},"
	    "\"finalizers\":[\"test.kc.io/hold\"]},"
	    "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.25\"},{\"name\":\"side\",\"image\":"
	    "\"busybox\"}],\"initContainers\":[{\"name\":\"init\",\"image\":\"busybox\"}]}}",
	    name);
	call(f, "POST", "/api/v1/namespaces/default/pods", pod, 201);
	_cleanup_free_ char *binding = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":"
						 "\"%s\"},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":"
						 "\"%s\"}}",
						 name, node);
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/default/pods/%s/binding", name);
	call(f, "POST", path, binding, 201);
}

static void release(fixture *f, const char *name)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/default/pods/%s", name);
	static const char patch[] = "{\"metadata\":{\"finalizers\":null}}";
	kc_response r;
	kc_client_request_sync(f->admin, "PATCH", path, "application/merge-patch+json", patch, strlen(patch), NULL,
			       &r);
	if (r.status != 200)
		fail_msg("PATCH %s: %ld %s", path, r.status, r.status ? r.raw : r.err.msg);
	kc_response_clear(&r);
}

static bool grace(const cJSON *pod, const void *arg)
{
	return pod && kc_json_get(pod, "metadata.deletionTimestamp") &&
	       kc_json_get_int(pod, "metadata.deletionGracePeriodSeconds", -1) == *(const int *)arg;
}

/* Deletes the pod gracefully (30 s), waits for its node to confirm
 * (grace 0 with the uid precondition), then lets it go. */
static void delete_confirmed(fixture *f, const char *name)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/default/pods/%s", name);
	call(f, "DELETE", path, NULL, 200);
	int zero = 0;
	_cleanup_free_ char *what = xasprintf("%s's deletion confirmed by its node", name);
	cJSON_Delete(wait_for(f, path, grace, &zero, what));
	release(f, name);
	cJSON_Delete(wait_for(f, path, gone, NULL, "the pod gone without its finalizer"));
}

static void test_node_pods_pause(void **state)
{
	fixture *f = *state;
	kc_fake_node *n = kc_fake_node_start(&f->api, &(kc_fake_node_config){.name = "node-1",
									 .cpu = "8",
									 .labels = "topology.kubernetes.io/zone=a,tier=web",
									 .taints = "dedicated=infra:NoSchedule,gpu:NoExecute",
									 .renew_interval_ms = 300});
	assert_non_null(n);

	/* the Node, as a kubelet registers it */
	_cleanup_json_ cJSON *node = wait_for(f, "/api/v1/nodes/node-1", exists, NULL, "node-1 registered");
	assert_string_equal(condition(node, "Ready"), "True");
	assert_string_equal(condition(node, "MemoryPressure"), "False");
	assert_string_equal(condition(node, "DiskPressure"), "False");
	assert_string_equal(condition(node, "PIDPressure"), "False");
	assert_string_equal(kc_json_get_str(node, "status.allocatable.cpu", ""), "8");
	assert_string_equal(kc_json_get_str(node, "status.allocatable.memory", ""), "8Gi");
	assert_string_equal(kc_json_get_str(node, "status.allocatable.pods", ""), "110");
	assert_string_equal(kc_json_get_str(node, "status.capacity.cpu", ""), "8");
	assert_string_equal(kc_json_get_str(node, "status.addresses[0].type", ""), "InternalIP");
	assert_string_equal(kc_json_get_str(node, "status.addresses[0].address", ""), "10.1.0.1");
	assert_string_equal(kc_json_get_str(node, "status.addresses[1].type", ""), "Hostname");
	assert_string_equal(kc_json_get_str(node, "status.nodeInfo.operatingSystem", ""), "linux");
	assert_int_equal(kc_json_get_int(node, "status.daemonEndpoints.kubeletEndpoint.Port", 0), 10250);
	assert_string_equal(kc_json_getv(node, "metadata", "labels", "kubernetes.io/hostname", NULL)->valuestring,
			    "node-1");
	assert_string_equal(kc_json_getv(node, "metadata", "labels", "kubernetes.io/os", NULL)->valuestring, "linux");
	assert_string_equal(kc_json_getv(node, "metadata", "labels", "topology.kubernetes.io/zone", NULL)->valuestring,
			    "a");
	assert_string_equal(kc_json_get_str(node, "metadata.labels.tier", ""), "web");
	assert_int_equal(cJSON_GetArraySize(kc_json_get(node, "spec.taints")), 2);
	assert_string_equal(kc_json_get_str(node, "spec.taints[0].key", ""), "dedicated");
	assert_string_equal(kc_json_get_str(node, "spec.taints[0].value", ""), "infra");
	assert_string_equal(kc_json_get_str(node, "spec.taints[0].effect", ""), "NoSchedule");
	assert_string_equal(kc_json_get_str(node, "spec.taints[1].key", ""), "gpu");
	assert_null(kc_json_get(node, "spec.taints[1].value"));
	assert_string_equal(kc_json_get_str(node, "spec.taints[1].effect", ""), "NoExecute");

	/* the Lease renews */
	const char *lease_path = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1";
	_cleanup_json_ cJSON *lease = wait_for(f, lease_path, exists, NULL, "node-1's Lease");
	assert_string_equal(kc_json_get_str(lease, "spec.holderIdentity", ""), "node-1");
	assert_int_equal(kc_json_get_int(lease, "spec.leaseDurationSeconds", 0), 40);
	assert_string_equal(kc_json_get_str(lease, "metadata.ownerReferences[0].kind", ""), "Node");
	assert_string_equal(kc_json_get_str(lease, "metadata.ownerReferences[0].uid", "x"),
			    kc_json_get_str(node, "metadata.uid", "y"));
	cJSON_Delete(wait_for(f, lease_path, renewed_after, kc_json_get_str(lease, "spec.renewTime", ""),
			      "node-1's Lease renewed (every 0.3 s)"));

	/* pods bound to it run, each with its own IP */
	create_and_bind(f, "p1", "node-1");
	create_and_bind(f, "p2", "node-1");
	bool yes = true, no = false;
	_cleanup_json_ cJSON *p1 =
	    wait_for(f, "/api/v1/namespaces/default/pods/p1", running_ready, &yes, "p1 Running and Ready");
	_cleanup_json_ cJSON *p2 =
	    wait_for(f, "/api/v1/namespaces/default/pods/p2", running_ready, &yes, "p2 Running and Ready");
	const char *ip1 = kc_json_get_str(p1, "status.podIP", ""), *ip2 = kc_json_get_str(p2, "status.podIP", "");
	assert_true(str_startswith(ip1, "10.1."));
	assert_true(str_startswith(ip2, "10.1."));
	assert_string_not_equal(ip1, ip2);
	assert_string_equal(kc_json_get_str(p1, "status.podIPs[0].ip", ""), ip1);
	assert_string_equal(kc_json_get_str(p1, "status.hostIP", ""), "10.1.0.1");
	assert_true(kc_json_get_str(p1, "status.startTime", "")[0]);
	assert_string_equal(condition(p1, "ContainersReady"), "True");
	assert_string_equal(condition(p1, "Initialized"), "True");
	assert_string_equal(condition(p1, "PodScheduled"), "True");
	assert_int_equal(cJSON_GetArraySize(kc_json_get(p1, "status.containerStatuses")), 2);
	assert_string_equal(kc_json_get_str(p1, "status.containerStatuses[0].name", ""), "web");
	assert_true(kc_json_get_bool(p1, "status.containerStatuses[0].ready", false));
	assert_true(kc_json_get_bool(p1, "status.containerStatuses[1].started", false));
	assert_non_null(kc_json_get(p1, "status.containerStatuses[0].state.running.startedAt"));
	assert_string_equal(kc_json_get_str(p1, "status.initContainerStatuses[0].state.terminated.reason", ""),
			    "Completed");

	/* readiness set by the test */
	kc_fake_node_set_ready(n, "default", "p1", false);
	_cleanup_json_ cJSON *p1u =
	    wait_for(f, "/api/v1/namespaces/default/pods/p1", running_ready, &no, "p1 Running, not Ready");
	assert_string_equal(kc_json_get_str(p1u, "status.podIP", ""), ip1);
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(p1u, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), "Ready")) {
			assert_string_equal(kc_json_get_str(c, "reason", ""), "ContainersNotReady");
			assert_string_equal(kc_json_get_str(c, "message", ""), "containers with unready status: [web side]");
		}
	}
	kc_fake_node_set_ready(n, "default", "p1", true);
	cJSON_Delete(wait_for(f, "/api/v1/namespaces/default/pods/p1", running_ready, &yes, "p1 Ready again"));

	/* a graceful delete is confirmed */
	delete_confirmed(f, "p2");

	/* paused: no renewal, no pod status, no confirmed delete */
	kc_fake_node_pause(n);
	_cleanup_json_ cJSON *frozen = get(f, lease_path);
	create_and_bind(f, "p3", "node-1");
	call(f, "DELETE", "/api/v1/namespaces/default/pods/p1", NULL, 200);
	sleep_ms(1500); /* five renew intervals */
	_cleanup_json_ cJSON *still = get(f, lease_path);
	assert_string_equal(kc_json_get_str(still, "spec.renewTime", "a"), kc_json_get_str(frozen, "spec.renewTime", "b"));
	assert_string_equal(kc_json_get_str(still, "metadata.resourceVersion", "a"),
			    kc_json_get_str(frozen, "metadata.resourceVersion", "b"));
	_cleanup_json_ cJSON *p3 = get(f, "/api/v1/namespaces/default/pods/p3");
	assert_string_equal(kc_json_get_str(p3, "status.phase", ""), "Pending");
	int thirty = 30, zero = 0;
	cJSON_Delete(wait_for(f, "/api/v1/namespaces/default/pods/p1", grace, &thirty,
			      "p1 being deleted, not confirmed by the paused node"));

	/* resumed: all of it again */
	kc_fake_node_resume(n);
	cJSON_Delete(wait_for(f, lease_path, renewed_after, kc_json_get_str(still, "spec.renewTime", ""),
			      "node-1's Lease renewed after resume"));
	cJSON_Delete(wait_for(f, "/api/v1/namespaces/default/pods/p3", running_ready, &yes, "p3 Running after resume"));
	cJSON_Delete(wait_for(f, "/api/v1/namespaces/default/pods/p1", grace, &zero, "p1's deletion confirmed after resume"));
	release(f, "p1");
	cJSON_Delete(wait_for(f, "/api/v1/namespaces/default/pods/p1", gone, NULL, "p1 gone"));
	delete_confirmed(f, "p3");

	kc_fake_node_stop(n);
	/* stop deletes nothing */
	_cleanup_json_ cJSON *after = get(f, "/api/v1/nodes/node-1");
	assert_non_null(after);
	kc_fake_node_stop(NULL);
}

/* unready_pods: Running but never Ready; a node whose status someone else
 * set to Unknown (the node lifecycle controller) reports Ready again. */
static void test_unready_pods_and_status_repair(void **state)
{
	fixture *f = *state;
	kc_fake_node *n = kc_fake_node_start(&f->api, &(kc_fake_node_config){.name = "worker",
									 .memory = "2Gi",
									 .renew_interval_ms = 200,
									 .unready_pods = true});
	assert_non_null(n);
	_cleanup_json_ cJSON *node = wait_for(f, "/api/v1/nodes/worker", exists, NULL, "worker registered");
	const char *ip = kc_json_get_str(node, "status.addresses[0].address", "");
	assert_true(str_startswith(ip, "10."));
	assert_true(str_endswith(ip, ".0.1"));
	assert_null(kc_json_get(node, "spec.taints"));
	assert_string_equal(kc_json_get_str(node, "status.allocatable.memory", ""), "2Gi");
	assert_string_equal(kc_json_get_str(node, "status.allocatable.cpu", ""), "4");

	create_and_bind(f, "u1", "worker");
	bool no = false, yes = true;
	cJSON_Delete(wait_for(f, "/api/v1/namespaces/default/pods/u1", running_ready, &no, "u1 Running, not Ready"));
	kc_fake_node_set_ready(n, "default", "u1", true);
	cJSON_Delete(wait_for(f, "/api/v1/namespaces/default/pods/u1", running_ready, &yes, "u1 Ready when told"));

	/* as the node lifecycle controller marks a silent node */
	kc_fake_node_pause(n);
	_cleanup_json_ cJSON *cur = get(f, "/api/v1/nodes/worker");
	cJSON *conds = kc_json_get(cur, "status.conditions"), *cnd;
	cJSON_ArrayForEach(cnd, conds)
	{
		kc_json_set_str(cnd, "status", "Unknown", NULL);
		kc_json_set_str(cnd, "reason", "NodeStatusUnknown", NULL);
		kc_json_set_str(cnd, "message", "Kubelet stopped posting node status.", NULL);
	}
	_cleanup_free_ char *body = kc_json_print(cur);
	call(f, "PUT", "/api/v1/nodes/worker/status", body, 200);
	kc_fake_node_resume(n);
	int64_t end = kc_time_monotonic_ms() + 60000;
	for (;;) {
		_cleanup_json_ cJSON *now = get(f, "/api/v1/nodes/worker");
		if (streq(condition(now, "Ready"), "True") && streq(condition(now, "MemoryPressure"), "False"))
			break;
		if (kc_time_monotonic_ms() > end)
			fail_msg("worker's Ready not repaired after resume: Ready=%s", condition(now, "Ready"));
		sleep_ms(100);
	}
	delete_confirmed(f, "u1");
	kc_fake_node_stop(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_node_pods_pause, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unready_pods_and_status_repair, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
