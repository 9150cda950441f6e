/* test_scheduler.c - kc-scheduler against a real etcd + kc-apiserver, with
 * nodes simulated by tests/harness/fakenode.h (Node, Lease, pod status):
 *   - pods spread over three nodes, each with a Scheduled event;
 *   - nodeSelector, required node affinity, taints and tolerations;
 *   - a pod that fits nowhere gets PodScheduled=False with upstream's
 *     message and a FailedScheduling event, and is bound once a node that
 *     fits appears;
 *   - 20 pods made at once never overcommit a node (the assumed pods);
 *   - host ports and pod anti-affinity;
 *   - the apiserver restarting under it;
 *   - two schedulers with leader election: one binds, the other takes
 *     over when it is killed; /healthz and /metrics. */
#include <event2/event.h>
#include <setjmp.h>
#include <signal.h>
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
#include "common/timeutil.h"
#include "common/util.h"
#include "harness/api.h"
#include "harness/apiserver.h"
#include "harness/fakenode.h"
#include "harness/procs.h"

#define NS      "sched-test"
#define WAIT_MS 60000

typedef struct sched_proc {
	pid_t pid;
	int port;
	char *log;
} sched_proc;

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *admin;
	kc_fake_node *nodes[4];
	sched_proc sched[2];
} fixture;

static fixture *F;

static long call(const char *method, const char *path, const char *body, cJSON **ret)
{
	return kc_test_call(F->admin, method, path, body, ret);
}

static void dump_logs(void)
{
	for (int i = 0; i < 2; i++) {
		_cleanup_free_ char *log = NULL;
		size_t len = 0;
		if (!F->sched[i].log || kc_read_file(F->sched[i].log, 64 << 20, &log, &len) < 0)
			continue;
		fprintf(stderr, "---- %s (end) ----\n%s\n----\n", F->sched[i].log, len > 6000 ? log + len - 6000 : log);
	}
}

static void start_scheduler(int i, bool leader_elect)
{
	sched_proc *s = &F->sched[i];
	const char *args[] = {leader_elect ? "--leader-elect=true" : "--leader-elect=false",
			      "--leader-elect-lease-duration=3s", "--leader-elect-renew-deadline=2s",
			      "--leader-elect-retry-period=500ms", "-v=2", NULL};
	free(s->log);
	s->pid = kc_test_start_daemon(&F->api, "scheduler", args, &s->port, &s->log);
	assert_true(s->pid > 0);
}

static void stop_scheduler(int i)
{
	if (F->sched[i].pid > 0) {
		int st = kc_test_stop(F->sched[i].pid, 10000);
		F->sched[i].pid = 0;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			dump_logs();
			fail_msg("kc-scheduler did not exit 0 on SIGTERM (status %d)", st);
		}
	}
}

/* A pod in NS; extra is more of its spec (",\"nodeSelector\":{...}"),
 * cpu its request ("100m"). */
static void make_pod(const char *name, const char *cpu, const char *extra, const char *container_extra)
{
	_cleanup_free_ char *body = xasprintf(
		"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\",\"labels\":{\"app\":\"%s\"}},"
		"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\",\"resources\":{\"requests\":{\"cpu\":"
		"\"%s\"}}%s}]%s}}",
		name, name, cpu, container_extra ? container_extra : "", extra ? extra : "");
	_cleanup_json_ cJSON *resp = NULL;
	long st = call("POST", "/api/v1/namespaces/" NS "/pods", body, &resp);
	if (st != 201) {
		_cleanup_free_ char *t = kc_json_print(resp);
		fail_msg("creating pod %s: %ld %s", name, st, t);
	}
}

static cJSON *get_pod(const char *name)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/" NS "/pods/%s", name);
	cJSON *pod = NULL;
	if (call("GET", path, NULL, &pod) != 200) {
		cJSON_Delete(pod);
		return NULL;
	}
	return pod;
}

/* Waits for the pod to be bound; returns its node (caller frees). */
static char *wait_bound(const char *name)
{
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	while (kc_time_monotonic_ms() < end) {
		_cleanup_json_ cJSON *pod = get_pod(name);
		const char *node = kc_json_get_str(pod, "spec.nodeName", "");
		if (node[0])
			return xstrdup(node);
		usleep(100 * 1000);
	}
	dump_logs();
	fail_msg("pod %s was never bound", name);
	return NULL;
}

static const char *pod_scheduled_message(const cJSON *pod)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, "status.conditions"))
	if (streq(kc_json_get_str(c, "type", ""), "PodScheduled") && streq(kc_json_get_str(c, "status", ""), "False"))
		return kc_json_get_str(c, "message", "");
	return NULL;
}

/* Waits for PodScheduled=False with exactly message. */
static void wait_unschedulable(const char *name, const char *message)
{
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	_cleanup_free_ char *last = NULL;
	while (kc_time_monotonic_ms() < end) {
		_cleanup_json_ cJSON *pod = get_pod(name);
		const char *m = pod_scheduled_message(pod);
		assert_string_equal(kc_json_get_str(pod, "spec.nodeName", ""), "");
		if (m && streq(m, message))
			return;
		free(last);
		last = xstrdup(m ? m : "(no PodScheduled=False)");
		usleep(100 * 1000);
	}
	dump_logs();
	fail_msg("pod %s: PodScheduled message \"%s\", want \"%s\"", name, last, message);
}

/* Whether an event with reason about the pod exists (core view). */
static bool has_event(const char *pod, const char *reason)
{
	_cleanup_free_ char *path =
		xasprintf("/api/v1/namespaces/" NS "/events?fieldSelector=involvedObject.name%%3D%s", pod);
	_cleanup_json_ cJSON *list = NULL;
	if (call("GET", path, NULL, &list) != 200)
		return false;
	const cJSON *e;
	cJSON_ArrayForEach(e, kc_json_get(list, "items"))
	if (streq(kc_json_get_str(e, "reason", ""), reason))
		return true;
	return false;
}

static void wait_event(const char *pod, const char *reason)
{
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	while (kc_time_monotonic_ms() < end) {
		if (has_event(pod, reason))
			return;
		usleep(100 * 1000);
	}
	fail_msg("no %s event about pod %s", reason, pod);
}

static void delete_all_pods(void)
{
	call("DELETE", "/api/v1/namespaces/" NS "/pods?gracePeriodSeconds=0", NULL, NULL);
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	while (kc_time_monotonic_ms() < end) {
		_cleanup_json_ cJSON *list = NULL;
		call("GET", "/api/v1/namespaces/" NS "/pods", NULL, &list);
		if (cJSON_GetArraySize(kc_json_get(list, "items")) == 0)
			return;
		usleep(100 * 1000);
	}
	fail_msg("the pods of " NS " were not deleted");
}

static int group_setup(void **state)
{
	F = xcalloc(1, sizeof(*F));
	if (kc_test_apiserver_start(&F->api, NULL) < 0)
		return -1;
	F->base = event_base_new();
	kc_client_config cfg;
	kc_test_apiserver_client_config(&F->api, "admin", &cfg);
	F->admin = kc_client_new(F->base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	if (call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" NS "\"}}", NULL) != 201)
		return -1;
	static const char *const zones[] = {"zone-a", "zone-b", "zone-c"};
	for (int i = 0; i < 3; i++) {
		char name[32];
		snprintf(name, sizeof(name), "node-%c", 'a' + i);
		_cleanup_free_ char *labels = xasprintf("topology.kubernetes.io/zone=%s,disk=%s", zones[i],
							i == 2 ? "ssd" : "hdd");
		kc_fake_node_config nc = {.name = name, .cpu = "4", .memory = "8Gi", .pods = "110", .labels = labels};
		F->nodes[i] = kc_fake_node_start(&F->api, &nc);
		if (!F->nodes[i])
			return -1;
	}
	*state = F;
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 2; i++) {
		if (F->sched[i].pid > 0)
			kc_test_stop(F->sched[i].pid, 10000);
		free(F->sched[i].log);
	}
	for (int i = 0; i < 4; i++)
		kc_fake_node_stop(F->nodes[i]);
	kc_client_free(F->admin);
	event_base_free(F->base);
	kc_test_apiserver_stop(&F->api);
	free(F);
	return 0;
}

static int setup_one(void **state)
{
	(void)state;
	start_scheduler(0, false);
	return 0;
}

static int teardown_one(void **state)
{
	(void)state;
	stop_scheduler(0);
	delete_all_pods();
	return 0;
}

static void test_spread_and_events(void **state)
{
	(void)state;
	int per_node[3] = {0};
	for (int i = 0; i < 6; i++) {
		char name[32];
		snprintf(name, sizeof(name), "spread-%d", i);
		make_pod(name, "500m", NULL, NULL);
	}
	for (int i = 0; i < 6; i++) {
		char name[32];
		snprintf(name, sizeof(name), "spread-%d", i);
		_cleanup_free_ char *node = wait_bound(name);
		per_node[node[5] - 'a']++;
	}
	/* least allocated: 6 equal pods on 3 equal nodes go 2, 2, 2 */
	for (int i = 0; i < 3; i++)
		if (per_node[i] != 2)
			fail_msg("pods per node %d/%d/%d, want 2/2/2", per_node[0], per_node[1], per_node[2]);
	wait_event("spread-0", "Scheduled");
}

static void test_selectors_and_taints(void **state)
{
	(void)state;
	make_pod("ssd", "100m", ",\"nodeSelector\":{\"disk\":\"ssd\"}", NULL);
	_cleanup_free_ char *n1 = wait_bound("ssd");
	assert_string_equal(n1, "node-c");
	make_pod("affinity", "100m",
		 ",\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{"
		 "\"nodeSelectorTerms\":[{\"matchExpressions\":[{\"key\":\"topology.kubernetes.io/zone\","
		 "\"operator\":\"In\",\"values\":[\"zone-b\"]}]}]}}}",
		 NULL);
	_cleanup_free_ char *n2 = wait_bound("affinity");
	assert_string_equal(n2, "node-b");
	/* taint node-a and node-b: plain pods go to node-c, tolerating ones anywhere */
	for (int i = 0; i < 2; i++) {
		_cleanup_free_ char *path = xasprintf("/api/v1/nodes/node-%c", 'a' + i);
		kc_response r = {0};
		const char *patch = "{\"spec\":{\"taints\":[{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}]}}";
		kc_client_request_sync(F->admin, "PATCH", path, "application/merge-patch+json", patch, strlen(patch), NULL,
				       &r);
		assert_int_equal(r.status, 200);
		kc_response_clear(&r);
	}
	for (int i = 0; i < 4; i++) {
		char name[32];
		snprintf(name, sizeof(name), "plain-%d", i);
		make_pod(name, "100m", NULL, NULL);
		_cleanup_free_ char *node = wait_bound(name);
		assert_string_equal(node, "node-c");
	}
	/* a pod asking for node-a fails with the taint's words */
	make_pod("wants-a", "100m", ",\"nodeSelector\":{\"kubernetes.io/hostname\":\"node-a\"}", NULL);
	wait_unschedulable("wants-a", "0/3 nodes are available: 1 node(s) didn't match Pod's node "
				      "affinity/selector, 2 node(s) had untolerated taint {dedicated: gpu}.");
	wait_event("wants-a", "FailedScheduling");
	/* tolerating it, the same pod fits */
	make_pod("tolerates-a", "100m",
		 ",\"nodeSelector\":{\"kubernetes.io/hostname\":\"node-a\"},\"tolerations\":[{\"key\":\"dedicated\","
		 "\"operator\":\"Equal\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}]",
		 NULL);
	_cleanup_free_ char *n3 = wait_bound("tolerates-a");
	assert_string_equal(n3, "node-a");
	for (int i = 0; i < 2; i++) {
		_cleanup_free_ char *path = xasprintf("/api/v1/nodes/node-%c", 'a' + i);
		kc_response r = {0};
		const char *patch = "{\"spec\":{\"taints\":null}}";
		kc_client_request_sync(F->admin, "PATCH", path, "application/merge-patch+json", patch, strlen(patch), NULL,
				       &r);
		kc_response_clear(&r);
	}
}

static void test_fits_nowhere_then_a_node_comes(void **state)
{
	(void)state;
	make_pod("big", "6", NULL, NULL);
	wait_unschedulable("big", "0/3 nodes are available: 3 Insufficient cpu.");
	wait_event("big", "FailedScheduling");
	kc_fake_node_config nc = {.name = "node-big", .cpu = "16", .memory = "32Gi", .pods = "110"};
	F->nodes[3] = kc_fake_node_start(&F->api, &nc);
	assert_non_null(F->nodes[3]);
	_cleanup_free_ char *node = wait_bound("big");
	assert_string_equal(node, "node-big");
	kc_fake_node_stop(F->nodes[3]);
	F->nodes[3] = NULL;
	call("DELETE", "/api/v1/nodes/node-big", NULL, NULL);
}

static void test_no_overcommit(void **state)
{
	(void)state;
	/* 3 nodes x 4 cpu: 12 pods of 1 cpu fit, 8 do not */
	for (int i = 0; i < 20; i++) {
		char name[32];
		snprintf(name, sizeof(name), "cpu-%02d", i);
		make_pod(name, "1", NULL, NULL);
	}
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	int bound = 0, waiting = 0;
	while (kc_time_monotonic_ms() < end) {
		_cleanup_json_ cJSON *list = NULL;
		call("GET", "/api/v1/namespaces/" NS "/pods", NULL, &list);
		bound = waiting = 0;
		int per_node[3] = {0};
		const cJSON *p;
		cJSON_ArrayForEach(p, kc_json_get(list, "items"))
		{
			const char *node = kc_json_get_str(p, "spec.nodeName", "");
			if (node[0]) {
				bound++;
				per_node[node[5] - 'a']++;
			} else if (pod_scheduled_message(p)) {
				waiting++;
			}
		}
		for (int i = 0; i < 3; i++)
			if (per_node[i] > 4)
				fail_msg("node-%c got %d pods of 1 cpu with 4 cpu", 'a' + i, per_node[i]);
		if (bound == 12 && waiting == 8)
			break;
		usleep(200 * 1000);
	}
	assert_int_equal(bound, 12);
	assert_int_equal(waiting, 8);
}

static void test_ports_and_anti_affinity(void **state)
{
	(void)state;
	const char *port = ",\"ports\":[{\"containerPort\":80,\"hostPort\":8080}]";
	for (int i = 0; i < 3; i++) {
		char name[32];
		snprintf(name, sizeof(name), "hostport-%d", i);
		make_pod(name, "100m", NULL, port);
		_cleanup_free_ char *n = wait_bound(name);
		(void)n;
	}
	make_pod("hostport-3", "100m", NULL, port);
	wait_unschedulable("hostport-3",
			   "0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports.");
	/* anti-affinity by zone: the three "web" pods land in three zones, a
	 * fourth has nowhere to go */
	const char *anti = ",\"affinity\":{\"podAntiAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":[{"
			   "\"labelSelector\":{\"matchLabels\":{\"tier\":\"web\"}},\"topologyKey\":"
			   "\"topology.kubernetes.io/zone\"}]}}";
	char seen[3] = {0};
	for (int i = 0; i < 4; i++) {
		_cleanup_free_ char *body = xasprintf(
			"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-%d\",\"labels\":{\"tier\":"
			"\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]%s}}",
			i, anti);
		assert_int_equal(call("POST", "/api/v1/namespaces/" NS "/pods", body, NULL), 201);
		char name[32];
		snprintf(name, sizeof(name), "web-%d", i);
		if (i == 3) {
			wait_unschedulable(name, "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
			break;
		}
		_cleanup_free_ char *n = wait_bound(name);
		if (seen[n[5] - 'a'])
			fail_msg("web-%d went to %s, which already has a web pod", i, n);
		seen[n[5] - 'a'] = 1;
	}
}

/* The process's /metrics (NULL if it does not answer). */
static char *metrics_of(int i)
{
	_cleanup_free_ char *cmd =
		xasprintf("curl -sk --max-time 5 https://127.0.0.1:%d/metrics", F->sched[i].port);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	kc_buf out = KC_BUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		kc_buf_add(&out, buf, n);
	pclose(p);
	return kc_buf_release(&out);
}

static bool scheduled_any(int i)
{
	_cleanup_free_ char *m = metrics_of(i);
	return m && strstr(m, "scheduler_schedule_attempts_total{result=\"scheduled\"");
}

static void test_two_schedulers(void **state)
{
	(void)state;
	start_scheduler(0, true);
	start_scheduler(1, true);
	for (int i = 0; i < 6; i++) {
		char name[32];
		snprintf(name, sizeof(name), "le-%d", i);
		make_pod(name, "100m", NULL, NULL);
		_cleanup_free_ char *n = wait_bound(name);
	}
	bool a = scheduled_any(0), b = scheduled_any(1);
	if (a == b) {
		dump_logs();
		fail_msg("scheduler A %s and B %s scheduled pods; exactly one should", a ? "has" : "has not",
			 b ? "has" : "has not");
	}
	int leader = a ? 0 : 1;
	/* no pod was bound twice: one Scheduled event each */
	_cleanup_json_ cJSON *events = NULL;
	call("GET", "/apis/events.k8s.io/v1/namespaces/" NS "/events", NULL, &events);
	int scheduled = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, kc_json_get(events, "items"))
	if (streq(kc_json_get_str(e, "reason", ""), "Scheduled") &&
	    str_startswith(kc_json_get_str(e, "regarding.name", ""), "le-"))
		scheduled++;
	assert_int_equal(scheduled, 6);
	/* the leader dies: the other takes over after the lease duration */
	kill(F->sched[leader].pid, SIGKILL);
	waitpid(F->sched[leader].pid, NULL, 0);
	F->sched[leader].pid = 0;
	make_pod("after-takeover", "100m", NULL, NULL);
	_cleanup_free_ char *n = wait_bound("after-takeover");
	assert_true(scheduled_any(1 - leader));
	_cleanup_free_ char *m = metrics_of(1 - leader);
	assert_non_null(strstr(m, "scheduler_pending_pods{queue=\"active\"}"));
	stop_scheduler(1 - leader);
	delete_all_pods();
}

/* The apiserver restarts under the scheduler: it keeps working (its
 * informers resume) and binds what comes after. */
static void test_apiserver_restart(void **state)
{
	(void)state;
	make_pod("before", "100m", NULL, NULL);
	_cleanup_free_ char *n1 = wait_bound("before");
	assert_int_equal(kc_test_apiserver_restart(&F->api), 0);
	make_pod("after", "100m", NULL, NULL);
	_cleanup_free_ char *n2 = wait_bound("after");
	assert_true(kill(F->sched[0].pid, 0) == 0);
}

int main(void)
{
	_cleanup_free_ char *bin = xasprintf("%s/scheduler/kc-scheduler", kc_test_build_dir());
	struct stat st;
	if (stat(bin, &st) != 0) {
		fprintf(stderr, "skipped: %s is not built\n", bin);
		return 0;
	}
	kc_util_init_json_hooks();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_spread_and_events, setup_one, teardown_one),
		cmocka_unit_test_setup_teardown(test_selectors_and_taints, setup_one, teardown_one),
		cmocka_unit_test_setup_teardown(test_fits_nowhere_then_a_node_comes, setup_one, teardown_one),
		cmocka_unit_test_setup_teardown(test_no_overcommit, setup_one, teardown_one),
		cmocka_unit_test_setup_teardown(test_ports_and_anti_affinity, setup_one, teardown_one),
		cmocka_unit_test_setup_teardown(test_apiserver_restart, setup_one, teardown_one),
		cmocka_unit_test(test_two_schedulers),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
