/* test_cm_leader.c - two kc-controller-managers with leader election
 * against a real etcd and kc-apiserver: only the holder of the
 * kube-system/kube-controller-manager Lease runs controllers (the other's
 * /metrics shows no work queue at all), the other takes over when the
 * leader is killed (after the lease duration, set short here) or at once
 * when it stops cleanly (the lease is released), and with the replicaset
 * controller two processes never make more pods than asked for, also when
 * the leader is killed in the middle (etcd's history counts the creates). */
#include <event2/event.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "common/client.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "harness/api.h"
#include "harness/apiserver.h"
#include "harness/procs.h"

#define WAIT_MS 60000

typedef struct cm_proc {
	pid_t pid;
	int port;
	char *log;
} cm_proc;

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *client;
	cm_proc cm[2];
} fixture;

static void dump_logs(const fixture *f)
{
	for (int i = 0; i < 2; i++) {
		_cleanup_free_ char *log = NULL;
		if (f->cm[i].log && kc_read_file(f->cm[i].log, 4 << 20, &log, NULL) == 0) {
			size_t n = strlen(log);
			fprintf(stderr, "---- %s (tail) ----\n%s\n", f->cm[i].log, n > 8000 ? log + n - 8000 : log);
		}
	}
}

static long call(fixture *f, const char *method, const char *path, const char *body, cJSON **ret_body)
{
	return kc_test_call(f->client, method, path, body, ret_body);
}

static void start_cm(fixture *f, int i, const char *controllers)
{
	cm_proc *c = &f->cm[i];
	_cleanup_free_ char *ctl = xasprintf("--controllers=%s", controllers);
	/* short, to keep the test quick; the ratios are upstream's */
	const char *args[] = {ctl, "--leader-elect-lease-duration=3s", "--leader-elect-renew-deadline=2s",
			      "--leader-elect-retry-period=500ms", "-v=2", NULL};
	free(c->log);
	c->pid = kc_test_start_daemon(&f->api, "controller-manager", args, &c->port, &c->log);
	assert_true(c->pid > 0);
}

/* The process's /metrics (NULL if it does not answer). */
static char *metrics_of(const cm_proc *c)
{
	_cleanup_free_ char *cmd = xasprintf("curl -sk --max-time 5 https://127.0.0.1:%d/metrics", c->port);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	kc_buf out = KC_BUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		kc_buf_add(&out, buf, n);
	int st = pclose(p);
	if (st != 0 || out.len == 0) {
		kc_buf_free(&out);
		return NULL;
	}
	return kc_buf_release(&out);
}

/* Whether the process runs controllers: its queues show in /metrics. */
static bool runs_controllers(const cm_proc *c)
{
	_cleanup_free_ char *m = metrics_of(c);
	return m && strstr(m, "workqueue_adds_total{name=\"serviceaccount\"}");
}

static bool answers(const cm_proc *c)
{
	_cleanup_free_ char *m = metrics_of(c);
	return m != NULL;
}

static const char *lease_holder(fixture *f, char *buf, size_t size)
{
	_cleanup_json_ cJSON *lease = NULL;
	buf[0] = '\0';
	if (call(f, "GET", "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager", NULL,
		 &lease) == 200)
		snprintf(buf, size, "%s", kc_json_get_str(lease, "spec.holderIdentity", ""));
	return buf;
}

/* Waits until exactly one of the running processes leads; returns it. */
static int wait_one_leader(fixture *f, const char *when)
{
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	int leader = -1, leaders = 0;
	char holder[256];
	while (kc_time_monotonic_ms() < end) {
		leaders = 0;
		for (int i = 0; i < 2; i++)
			if (f->cm[i].pid > 0 && runs_controllers(&f->cm[i]))
				leader = i, leaders++;
		if (leaders == 1 && lease_holder(f, holder, sizeof(holder))[0])
			return leader;
		if (leaders > 1) {
			dump_logs(f);
			fail_msg("%s: both controller-managers run controllers", when);
		}
		usleep(200 * 1000);
	}
	dump_logs(f);
	fail_msg("%s: no controller-manager leads after %d s (lease holder \"%s\")", when, WAIT_MS / 1000,
		 lease_holder(f, holder, sizeof(holder)));
	return -1;
}

static void make_namespace(fixture *f, const char *ns)
{
	_cleanup_free_ char *body = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\"}}", ns);
	assert_int_equal(call(f, "POST", "/api/v1/namespaces", body, NULL), 201);
}

static void wait_default_sa(fixture *f, const char *ns)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/serviceaccounts/default", ns);
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	while (kc_time_monotonic_ms() < end) {
		if (call(f, "GET", path, NULL, NULL) == 200)
			return;
		usleep(100 * 1000);
	}
	dump_logs(f);
	fail_msg("namespace %s never got its default ServiceAccount", ns);
}

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
	f->client = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	for (int i = 0; i < 2; i++) {
		if (f->cm[i].pid > 0)
			kc_test_stop(f->cm[i].pid, 10000);
		free(f->cm[i].log);
	}
	kc_client_free(f->client);
	event_base_free(f->base);
	kc_test_apiserver_stop(&f->api);
	free(f);
	return 0;
}

static void test_one_leader_and_takeover(void **state)
{
	fixture *f = *state;
	start_cm(f, 0, "serviceaccount");
	start_cm(f, 1, "serviceaccount");
	int leader = wait_one_leader(f, "at start");
	int follower = 1 - leader;
	assert_true(answers(&f->cm[follower])); /* up, healthy, idle */
	make_namespace(f, "one");
	wait_default_sa(f, "one");
	assert_false(runs_controllers(&f->cm[follower]));

	/* the leader dies without giving the lease up: the follower takes
	 * over once the lease has not been renewed for its duration */
	kill(f->cm[leader].pid, SIGKILL);
	waitpid(f->cm[leader].pid, NULL, 0);
	f->cm[leader].pid = 0;
	assert_int_equal(wait_one_leader(f, "after the leader was killed"), follower);
	make_namespace(f, "two");
	wait_default_sa(f, "two");

	/* a clean stop releases the lease: the restarted one takes over */
	start_cm(f, leader, "serviceaccount");
	usleep(1500 * 1000);
	assert_false(runs_controllers(&f->cm[leader]));
	int st = kc_test_stop(f->cm[follower].pid, 10000);
	f->cm[follower].pid = 0;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		dump_logs(f);
		fail_msg("the leader did not exit 0 on SIGTERM (status %d)", st);
	}
	assert_int_equal(wait_one_leader(f, "after the leader stopped"), leader);
	make_namespace(f, "three");
	wait_default_sa(f, "three");
}

/* Pods of namespace ns, excluding those being deleted. */
static int count_pods(fixture *f, const char *ns, int *ret_total)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods", ns);
	_cleanup_json_ cJSON *list = NULL;
	call(f, "GET", path, NULL, &list);
	int live = 0, total = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		total++;
		live += !kc_json_get(p, "metadata.deletionTimestamp");
	}
	if (ret_total)
		*ret_total = total;
	return live;
}

/* Two controller-managers with the replicaset controller: a ReplicaSet of
 * 10 gets exactly 10 pods, also when the leader is killed while it makes
 * them; nobody makes more than asked (etcd's history says how many pods
 * were ever created). */
static void test_replicaset_never_doubled(void **state)
{
	fixture *f = *state;
	if (!kc_test_cm_has_controller("replicaset")) {
		fprintf(stderr, "skipped: kc-controller-manager has no replicaset controller\n");
		skip();
	}
	start_cm(f, 0, "serviceaccount,replicaset");
	start_cm(f, 1, "serviceaccount,replicaset");
	int leader = wait_one_leader(f, "at start");
	make_namespace(f, "rs");
	const char *rs = "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"web\"},\"spec\":{"
			 "\"replicas\":10,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{"
			 "\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}}}";
	_cleanup_json_ cJSON *made = NULL;
	assert_int_equal(call(f, "POST", "/apis/apps/v1/namespaces/rs/replicasets", rs, &made), 201);
	int64_t first = strtoll(kc_json_get_str(made, "metadata.resourceVersion", "0"), NULL, 10);
	/* kill the leader as soon as it has begun */
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	while (count_pods(f, "rs", NULL) == 0 && kc_time_monotonic_ms() < end)
		usleep(20 * 1000);
	kill(f->cm[leader].pid, SIGKILL);
	waitpid(f->cm[leader].pid, NULL, 0);
	f->cm[leader].pid = 0;
	assert_int_equal(wait_one_leader(f, "after the leader was killed"), 1 - leader);
	int total = 0;
	end = kc_time_monotonic_ms() + WAIT_MS;
	while (count_pods(f, "rs", &total) != 10 && kc_time_monotonic_ms() < end)
		usleep(100 * 1000);
	usleep(2000 * 1000); /* anything more would show by now */
	assert_int_equal(count_pods(f, "rs", &total), 10);
	_cleanup_json_ cJSON *kvs = NULL;
	assert_int_equal(kc_test_etcd_range(&f->api.etcd, "/registry/pods/rs/", 0, &kvs, NULL), 0);
	int64_t last = 0; /* the history is read up to the newest pod write */
	const cJSON *kv;
	cJSON_ArrayForEach(kv, kvs)
	{
		int64_t m = kc_json_get_int(kv, "mod_revision", 0);
		last = m > last ? m : last;
	}
	_cleanup_json_ cJSON *history = NULL;
	assert_int_equal(kc_test_etcd_events(&f->api.etcd, "/registry/pods/rs/", first, last, &history), 0);
	int created = 0;
	const cJSON *ev;
	cJSON_ArrayForEach(ev, history)
	created += kc_json_get_int(ev, "create_revision", 0) == kc_json_get_int(ev, "mod_revision", -1);
	if (created != 10) {
		dump_logs(f);
		fail_msg("%d pods were created for a ReplicaSet of 10", created);
	}
}

int main(void)
{
	_cleanup_free_ char *bin = xasprintf("%s/controller-manager/kc-controller-manager", kc_test_build_dir());
	struct stat st;
	if (stat(bin, &st) != 0) {
		fprintf(stderr, "skipped: %s is not built\n", bin);
		return 0;
	}
	kc_util_init_json_hooks();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_leader_and_takeover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replicaset_never_doubled, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
