/* controllers_bench.c - kc-scheduler and kc-controller-manager at work,
 * beside a baseline measured in the same run: N pods created with
 * spec.nodeName already set, which is what the apiserver and etcd alone
 * cost. Then
 *   - the same N pods created unbound, until kc-scheduler has bound them
 *     all: pods/s and the p99 from a pod's create to its binding seen;
 *   - a Deployment of R replicas, until every pod is bound (the deployment
 *     and replicaset controllers make the ReplicaSet and the pods);
 * and the daemons' peak memory.
 *
 *     controllers_bench [--quick] [--nodes N] [--pods N] [--replicas N]
 *
 * Nodes are Node objects made here (Ready, roomy), with no kubelet: pods
 * are bound, never run. It prints figures and never judges them; the exit
 * status says only whether every step worked. */
#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/client.h"
#include "common/json.h"
#include "common/map.h"
#include "common/util.h"
#include "harness/apiserver.h"
#include "harness/procs.h"

#define IN_FLIGHT 32
#define WAIT_S 600

typedef struct bench {
	struct event_base *base;
	kc_test_apiserver api;
	kc_client *client;
	long want;       /* pods to see bound */
	long bound;      /* pods seen with spec.nodeName */
	kc_map *seen;    /* names already counted */
	double first_bound, last_bound;
	long sent, answered, failed; /* pod creates */
	long total;
	int nodes;
	const char *ns;
	bool bound_already; /* creates set spec.nodeName (the baseline) */
	kc_map *sent_at;    /* name -> double*: when its create went out */
	double *latency;    /* ms from create to bound seen, per pod */
	bool interrupted;
	size_t nlatency;
} bench;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long status_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	long kb = -1;
	size_t n = strlen(field);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, n) == 0)
			kb = strtol(line + n, NULL, 10);
	fclose(f);
	return kb;
}

/* utime + stime of pid, seconds (0 when unreadable). */
static double cpu_s(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *p = strrchr(buf, ')'); /* the command may hold spaces */
	unsigned long long ut = 0, st = 0;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static int must(bench *b, const char *method, const char *path, const char *body)
{
	kc_response r = {0};
	kc_client_request_sync(b->client, method, path, body ? "application/json" : NULL, body, body ? strlen(body) : 0,
			       NULL, &r);
	int ok = r.status >= 200 && r.status < 300;
	if (!ok)
		fprintf(stderr, "%s %s: %ld %s\n", method, path, r.status, r.err.msg);
	kc_response_clear(&r);
	return ok ? 0 : -1;
}

static int make_nodes(bench *b)
{
	for (int i = 0; i < b->nodes; i++) {
		_cleanup_free_ char *node = xasprintf(
			"{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-%04d\",\"labels\":{"
			"\"kubernetes.io/hostname\":\"node-%04d\",\"topology.kubernetes.io/zone\":\"zone-%d\"}},"
			"\"status\":{\"allocatable\":{\"cpu\":\"64\",\"memory\":\"256Gi\",\"pods\":\"1000\"},"
			"\"capacity\":{\"cpu\":\"64\",\"memory\":\"256Gi\",\"pods\":\"1000\"},"
			"\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\"}]}}",
			i, i, i % 3);
		_cleanup_free_ char *status_path = xasprintf("/api/v1/nodes/node-%04d/status", i);
		if (must(b, "POST", "/api/v1/nodes", node) < 0 || must(b, "PUT", status_path, node) < 0)
			return -1;
	}
	return 0;
}

static void on_pod(kc_watch_event_type type, cJSON *pod, void *userdata)
{
	bench *b = userdata;
	if (type != KC_WATCH_ADDED && type != KC_WATCH_MODIFIED)
		return;
	const char *name = kc_json_get_str(pod, "metadata.name", "");
	if (!kc_json_get_str(pod, "spec.nodeName", "")[0] || kc_map_has(b->seen, name))
		return;
	kc_map_put(b->seen, name, NULL);
	double t = now_s();
	const double *sent = kc_map_get(b->sent_at, name);
	if (sent)
		b->latency[b->nlatency++] = (t - *sent) * 1000;
	if (!b->bound)
		b->first_bound = t;
	b->last_bound = t;
	if (++b->bound >= b->want)
		event_base_loopbreak(b->base);
}

static void on_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopbreak(((bench *)arg)->base);
}

/* Runs the loop until want pods of ns are seen bound (or WAIT_S). */
static int wait_bound(bench *b, long want)
{
	struct timeval tv = {WAIT_S, 0};
	struct event *t = evtimer_new(b->base, on_timeout, b);
	evtimer_add(t, &tv);
	b->want = want;
	if (b->bound < want && !b->interrupted)
		event_base_dispatch(b->base);
	event_free(t);
	return b->bound >= want ? 0 : -1;
}

static void send_pod(bench *b);

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static kc_watch *watch_ns(bench *b, const char *ns);

static void on_created(kc_response *r, void *userdata)
{
	bench *b = userdata;
	b->answered++;
	if (r->status != 201 && b->failed++ == 0)
		fprintf(stderr, "baseline pod create: %ld %s\n", r->status, r->err.msg);
	send_pod(b);
}

static void send_pod(bench *b)
{
	if (b->sent >= b->total)
		return;
	long i = b->sent++;
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods", b->ns);
	_cleanup_free_ char *node = b->bound_already ? xasprintf("\"nodeName\":\"node-%04ld\",", i % b->nodes)
						     : xstrdup("");
	_cleanup_free_ char *pod = xasprintf(
		"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"pod-%06ld\",\"labels\":{\"app\":\"web\"}},"
		"\"spec\":{%s\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.25\","
		"\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}}",
		i, node);
	char name[32];
	snprintf(name, sizeof(name), "pod-%06ld", i);
	double *at = xmalloc(sizeof(*at));
	*at = now_s();
	kc_map_put(b->sent_at, name, at);
	kc_client_request(b->client, "POST", path, "application/json", pod, strlen(pod), NULL, on_created, b);
}

/* Creates total pods in ns, IN_FLIGHT at a time, and waits until all are
 * seen bound; fills *ret_s (first create to last bound) and the p99. */
static int pods_run(bench *b, const char *ns, long total, bool bound_already, double *ret_s, double *ret_p99)
{
	kc_watch *w = watch_ns(b, ns);
	kc_map_clear(b->sent_at);
	free(b->latency);
	b->latency = xcalloc((size_t)total, sizeof(double));
	b->nlatency = 0;
	b->total = total;
	b->sent = b->answered = b->failed = 0;
	b->bound_already = bound_already;
	double t0 = now_s();
	for (int i = 0; i < IN_FLIGHT; i++)
		send_pod(b);
	int rc = wait_bound(b, total);
	kc_watch_stop(w);
	if (rc < 0 || b->failed) {
		fprintf(stderr, "%s: %ld of %ld pods seen bound, %ld creates failed\n", ns, b->bound, total, b->failed);
		return -1;
	}
	*ret_s = b->last_bound - t0;
	qsort(b->latency, b->nlatency, sizeof(double), cmp_double);
	*ret_p99 = b->nlatency ? b->latency[(b->nlatency * 99 + 99) / 100 - 1] : 0;
	return 0;
}

static kc_watch *watch_ns(bench *b, const char *ns)
{
	kc_map_clear(b->seen);
	b->bound = 0;
	b->ns = ns;
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods", ns);
	return kc_client_watch(b->client, path, NULL, on_pod, NULL, b);
}

static pid_t start_daemon(bench *b, const char *component, const char *const *extra)
{
	_cleanup_free_ char *bin = xasprintf("%s/%s/kc-%s", kc_test_build_dir(), component, component);
	_cleanup_free_ char *kubeconfig = xasprintf("--kubeconfig=%s/%s.conf", b->api.pki, component);
	_cleanup_free_ char *port = xasprintf("--secure-port=%d", kc_test_free_port());
	_cleanup_free_ char *log = xasprintf("%s/%s.log", b->api.dir, component);
	char *argv[8] = {bin, kubeconfig, port, "--bind-address=127.0.0.1", "--leader-elect=false"};
	int n = 5;
	for (; extra && *extra && n < 7; extra++)
		argv[n++] = (char *)*extra;
	return kc_test_spawn(argv, log);
}

/* SIGINT/SIGTERM: stop waiting, clean up (the daemons, apiserver, etcd). */
static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	bench *b = arg;
	b->interrupted = true;
	event_base_loopbreak(b->base);
}

static void row(const char *what, double kc, double base, const char *note)
{
	printf("  %-40s %12.1f %12.1f  %s\n", what, kc, base, note);
}

static void usage(void)
{
	fprintf(stderr, "usage: controllers_bench [--quick] [--nodes N] [--pods N] [--replicas N]\n");
}

int main(int argc, char **argv)
{
	long pods = 10000, replicas = 1000;
	int nodes = 1000;
	for (int i = 1; i < argc; i++) {
		if (streq(argv[i], "--quick")) {
			pods = 100;
			replicas = 50;
			nodes = 5;
		} else if (streq(argv[i], "--pods") && i + 1 < argc) {
			pods = strtol(argv[++i], NULL, 10);
		} else if (streq(argv[i], "--replicas") && i + 1 < argc) {
			replicas = strtol(argv[++i], NULL, 10);
		} else if (streq(argv[i], "--nodes") && i + 1 < argc) {
			nodes = (int)strtol(argv[++i], NULL, 10);
		} else {
			usage();
			return 2;
		}
	}
	if (pods < 1 || replicas < 1 || nodes < 1) {
		fprintf(stderr, "controllers_bench: --pods, --replicas and --nodes must be positive\n");
		return 2;
	}
	kc_util_init_json_hooks();
	signal(SIGPIPE, SIG_IGN);
	const char *parts[] = {"scheduler/kc-scheduler", "controller-manager/kc-controller-manager"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(parts); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", kc_test_build_dir(), parts[i]);
		struct stat st;
		if (stat(p, &st) != 0) {
			fprintf(stderr, "controllers_bench: %s is not built\n", p);
			return 1;
		}
	}
	_cleanup_free_ char *deploy = xasprintf(
		"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":{"
		"\"replicas\":%ld,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{"
		"\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.25\","
		"\"resources\":{\"requests\":{\"cpu\":\"10m\",\"memory\":\"16Mi\"}}}]}}}}",
		replicas);
	bench b = {.nodes = nodes, .seen = kc_map_new(NULL), .sent_at = kc_map_new(free)};
	if (kc_test_apiserver_start(&b.api, NULL) < 0)
		return 1;
	b.base = event_base_new();
	kc_client_config cfg;
	kc_test_apiserver_client_config(&b.api, "admin", &cfg);
	b.client = kc_client_new(b.base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	struct event *sigint = evsignal_new(b.base, SIGINT, on_signal, &b);
	struct event *sigterm = evsignal_new(b.base, SIGTERM, on_signal, &b);
	event_add(sigint, NULL);
	event_add(sigterm, NULL);
	int rc = 1;
	pid_t sched = 0, cm = 0;
	printf("scheduling bench: %ld pods, then a Deployment of %ld replicas, onto %d nodes\n", pods, replicas, nodes);
	double base_s, base_p99, sched_s, sched_p99;
	if (make_nodes(&b) < 0)
		goto out;
	static const char *const namespaces[] = {"baseline", "sched", "deploy"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(namespaces); i++) {
		_cleanup_free_ char *ns = xasprintf("{\"metadata\":{\"name\":\"%s\"}}", namespaces[i]);
		if (must(&b, "POST", "/api/v1/namespaces", ns) < 0)
			goto out;
	}
	/* baseline: the same pods with spec.nodeName set: the apiserver and
	 * etcd alone */
	if (pods_run(&b, "baseline", pods, true, &base_s, &base_p99) < 0)
		goto out;
	static const char *const cm_args[] = {"--controllers=deployment,replicaset", NULL};
	sched = start_daemon(&b, "scheduler", NULL);
	cm = start_daemon(&b, "controller-manager", cm_args);
	if (sched <= 0 || cm <= 0)
		goto out;
	usleep(2000 * 1000); /* their caches fill; not part of the figures */
	double sched_cpu0 = cpu_s(sched), api_cpu0 = cpu_s(b.api.pid), etcd_cpu0 = cpu_s(b.api.etcd.pid);
	if (pods_run(&b, "sched", pods, false, &sched_s, &sched_p99) < 0)
		goto out;
	double sched_cpu = cpu_s(sched) - sched_cpu0, api_cpu = cpu_s(b.api.pid) - api_cpu0,
	       etcd_cpu = cpu_s(b.api.etcd.pid) - etcd_cpu0;
	long sched_hwm = status_kb(sched, "VmHWM:");

	kc_watch *w = watch_ns(&b, "deploy");
	double t0 = now_s();
	if (must(&b, "POST", "/apis/apps/v1/namespaces/deploy/deployments", deploy) < 0)
		goto out;
	if (wait_bound(&b, replicas) < 0) {
		fprintf(stderr, "deployment: %ld of %ld pods bound after %d s\n", b.bound, replicas, WAIT_S);
		goto out;
	}
	double deploy_s = b.last_bound - t0;
	kc_watch_stop(w);

	printf("  %-40s %12s %12s\n", "", "kc", "baseline");
	row("pods: all bound, s", sched_s, base_s, "(baseline: the pods created already bound)");
	row("pods: per second", (double)pods / sched_s, (double)pods / base_s, "");
	row("pods: p99 create to bound, ms", sched_p99, base_p99, "");
	printf("  %-40s %12.1f  %s\n", "pods per kc-scheduler CPU second", (double)pods / sched_cpu,
	       "(what the scheduler alone could do)");
	printf("  %-40s %12.1f %12.1f %12.1f\n", "CPU s: scheduler, apiserver, etcd", sched_cpu, api_cpu, etcd_cpu);
	row("deployment: all pods bound, s", deploy_s, base_s * (double)replicas / (double)pods,
	    "(baseline scaled to the replicas)");
	printf("  %-40s %12.1f\n", "kc-scheduler VmHWM, MB", (double)sched_hwm / 1024);
	printf("  %-40s %12.1f\n", "kc-controller-manager VmHWM, MB", (double)status_kb(cm, "VmHWM:") / 1024);
	printf("  %-40s %12.1f\n", "kc-apiserver VmHWM, MB", (double)status_kb(b.api.pid, "VmHWM:") / 1024);
	rc = 0;
out:
	if (cm > 0)
		kc_test_stop(cm, 10000);
	if (sched > 0)
		kc_test_stop(sched, 10000);
	kc_client_free(b.client);
	event_free(sigint);
	event_free(sigterm);
	event_base_free(b.base);
	kc_map_free(b.seen);
	kc_map_free(b.sent_at);
	free(b.latency);
	kc_test_apiserver_stop(&b.api);
	return rc;
}
