/* apiserver_bench.c - kc-apiserver beside raw etcd (issue 3, "Benchmark").
 *
 *     apiserver_bench [--quick] [--only create,paced,get,list,rss,fanout]
 *                     [--seconds S] [--watchers N]
 *
 * Starts its own etcd and kc-apiserver on free loopback ports in a
 * temporary directory (tests/harness, KC_SOURCE_DIR and KC_BUILD_DIR say
 * where the sources and the built kc-apiserver are), then measures each
 * benchmark against kc-apiserver and against the same etcd through its
 * JSON gateway, in the same run, and prints a table per benchmark: the
 * kc-apiserver figure, the raw etcd figure, their ratio and the aim.
 * Figures only: the exit status says whether every request succeeded, not
 * whether an aim was met. README.md says what each benchmark measures. */
#include <event2/event.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>

#include "bench/apiserver_bench.h"
#include "common/base64.h"
#include "common/json.h"
#include "common/util.h"
#include "banned.h"

static const bench_sizes full_sizes = {
    .small_list = 1000,
    .total_pods = 10000,
    .seconds = 4,
    .paced_secs = 10,
    .watchers = 1000,
    .rounds = 5,
    .list_reps_small = 10,
    .list_reps_big = 5,
};

static const bench_sizes quick_sizes = {
    .small_list = 100,
    .total_pods = 1000,
    .seconds = 0.5,
    .paced_secs = 2,
    .watchers = 100,
    .rounds = 2,
    .list_reps_small = 3,
    .list_reps_big = 2,
};

static const char *const all_benchmarks[] = {"create", "paced", "get", "list", "rss", "fanout"};

typedef struct options {
	bool quick;
	char *only; /* comma-separated names, or NULL: all */
	double seconds;
	int watchers;
} options;

static bool wanted(const options *o, const char *name)
{
	if (!o->only)
		return true;
	size_t n = strlen(name);
	for (const char *p = o->only; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: apiserver_bench [--quick] [--only NAME[,NAME...]] [--seconds S] [--watchers N]\n"
	           "benchmarks: create paced get list rss fanout\n"
	           "  --quick      small counts, a smoke run of every benchmark (< 1 minute)\n"
	           "  --only       run only these benchmarks\n"
	           "  --seconds    length of each closed-loop point (default 4, quick 0.5)\n"
	           "  --watchers   watchers in the fan-out (default 1000, quick 100)\n"
	           "KC_BUILD_DIR (default ./build) holds apiserver/kc-apiserver; KC_SOURCE_DIR (default .)\n"
	           "holds deploy/pki.sh.\n");
}

static int parse_options(int argc, char **argv, options *o)
{
	static const struct option longopts[] = {
	    {"quick", no_argument, NULL, 'q'},         {"only", required_argument, NULL, 'o'},
	    {"seconds", required_argument, NULL, 's'}, {"watchers", required_argument, NULL, 'w'},
	    {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end = NULL;
		switch (c) {
		case 'q':
			o->quick = true;
			break;
		case 'o':
			o->only = optarg;
			break;
		case 's':
			o->seconds = strtod(optarg, &end);
			if (!end || *end || !(o->seconds > 0)) {
				fprintf(stderr,
				        "apiserver_bench: --seconds wants a positive number, not \"%s\"\n",
				        optarg);
				return -1;
			}
			break;
		case 'w':
			o->watchers = (int)strtol(optarg, &end, 10);
			if (!end || *end || o->watchers < 1 || o->watchers > 10000) {
				fprintf(stderr, "apiserver_bench: --watchers wants 1..10000, not \"%s\"\n",
				        optarg);
				return -1;
			}
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "apiserver_bench: unexpected argument \"%s\"\n", argv[optind]);
		return -1;
	}
	for (const char *p = o->only; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		bool known = false;
		for (size_t i = 0; i < KC_ARRAY_SIZE(all_benchmarks); i++)
			known |= strlen(all_benchmarks[i]) == len && strncmp(p, all_benchmarks[i], len) == 0;
		if (!known) {
			fprintf(stderr, "apiserver_bench: unknown benchmark \"%.*s\"\n", (int)len, p);
			usage(stderr);
			return -1;
		}
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* ---- printing ---- */

static void heading(const char *title)
{
	printf("\n== %s ==\n", title);
	printf("  %-34s %13s %13s %7s  %s\n", "", "kc-apiserver", "raw etcd", "ratio", "aim");
	fflush(stdout);
}

static void fmt_num(char *buf, size_t size, double v, int decimals)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.*f", decimals, v);
}

/* etcd NAN: no raw etcd figure. */
static void row(const char *label, double api, double etcd, int decimals, const char *aim)
{
	char a[32], e[32], r[32];
	fmt_num(a, sizeof(a), api, decimals);
	fmt_num(e, sizeof(e), etcd, decimals);
	fmt_num(r, sizeof(r), (!isnan(api) && !isnan(etcd) && etcd != 0) ? api / etcd : NAN, 2);
	printf("  %-34s %13s %13s %7s  %s\n", label, a, e, r, aim ? aim : "");
}

static void errors_row(bench_ctx *b, const bench_stats *api, const bench_stats *etcd)
{
	row("failed requests", (double)api->errors, etcd ? (double)etcd->errors : NAN, 0, NULL);
	if (api->errors)
		printf("    kc-apiserver, first failure: %s\n", api->first_error);
	if (etcd && etcd->errors)
		printf("    raw etcd, first failure: %s\n", etcd->first_error);
	b->errors += api->errors + (etcd ? etcd->errors : 0);
}

static void latency_rows(const bench_stats *api, const bench_stats *etcd, const char *p99_aim)
{
	row("latency p50 ms", api->p50, etcd ? etcd->p50 : NAN, 2, NULL);
	row("latency p99 ms", api->p99, etcd ? etcd->p99 : NAN, 2, p99_aim);
	row("latency max ms", api->max, etcd ? etcd->max : NAN, 2, NULL);
}

static void cpu_rows(const bench_stats *api, const bench_stats *etcd)
{
	double na = api->ok ? 1000.0 / (double)api->ok : NAN;
	double ne = etcd->ok ? 1000.0 / (double)etcd->ok : NAN;
	row("kc-apiserver CPU ms per op", api->api_cpu * na, NAN, 3, NULL);
	row("etcd CPU ms per op", api->etcd_cpu * na, etcd->etcd_cpu * ne, 3, NULL);
	row("client (this process) CPU ms per op", api->client_cpu * na, etcd->client_cpu * ne, 3, NULL);
}

/* What the apiserver's own /metrics say about a run: its request latency
 * (from the request read to the answer handed to the socket) and its etcd
 * calls. The client's latency minus these is transport and queueing. */
typedef struct server_view {
	double req_sum, req_n, etcd_sum, etcd_n;
} server_view;

static void server_view_read(bench_ctx *b, const char *verb, const char *op, server_view *v)
{
	_cleanup_free_ char *vl = xasprintf("verb=\"%s\"", verb);
	_cleanup_free_ char *ol = xasprintf("operation=\"%s\"", op);
	const char *req[] = {vl, "resource=\"pods\"", NULL};
	const char *etcd[] = {ol, "type=\"pods\"", NULL};
	memset(v, 0, sizeof(*v));
	if (bench_api_metric(b, "apiserver_request_duration_seconds", req, &v->req_sum, &v->req_n) < 0 ||
	    bench_api_metric(b, "etcd_request_duration_seconds", etcd, &v->etcd_sum, &v->etcd_n) < 0)
		v->req_n = v->etcd_n = NAN;
}

static double mean_ms(double sum0, double n0, double sum1, double n1)
{
	return n1 > n0 ? (sum1 - sum0) / (n1 - n0) * 1000.0 : NAN;
}

static void server_rows(const bench_stats *api, const bench_stats *etcd, const server_view *v0,
                        const server_view *v1)
{
	row("latency mean ms (client side)", api->mean, etcd ? etcd->mean : NAN, 2, NULL);
	row("  inside kc-apiserver, mean ms", mean_ms(v0->req_sum, v0->req_n, v1->req_sum, v1->req_n), NAN, 2,
	    NULL);
	row("  its etcd requests, mean ms", mean_ms(v0->etcd_sum, v0->etcd_n, v1->etcd_sum, v1->etcd_n), NAN,
	    2, NULL);
}

/* The aims' figures, for the summary at the end. */
typedef struct summary {
	double create16_ratio, paced_p99, fanout_p99, rss_mb;
} summary;

/* ---- the benchmarks ---- */

static int make_namespace(bench_ctx *b, const char *name)
{
	_cleanup_free_ char *body =
	    xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"%s\"}}", name);
	return bench_api_call(b, "POST", "/api/v1/namespaces", "application/json", body, 201);
}

/* total_pods pods on each side: small_list in b1k, the rest in b10k. */
static int populate(bench_ctx *b)
{
	if (make_namespace(b, "b1k") < 0 || make_namespace(b, "b10k") < 0)
		return -1;
	long big = b->sz.total_pods - b->sz.small_list;
	bench_target a1 = {.b = b, .ns = "b1k"}, a2 = {.b = b, .ns = "b10k"};
	bench_target e1 = {.b = b, .ns = "b1k"}, e2 = {.b = b, .ns = "b10k"};
	bench_stats sa1, sa2, se1, se2;
	double t = bench_now();
	bench_closed(b, bench_api_create, &a1, 32, b->sz.small_list, 0, &sa1);
	bench_closed(b, bench_api_create, &a2, 32, big, 0, &sa2);
	double api_s = bench_now() - t;
	t = bench_now();
	bench_closed(b, bench_etcd_create, &e1, 32, b->sz.small_list, 0, &se1);
	bench_closed(b, bench_etcd_create, &e2, 32, big, 0, &se2);
	double etcd_s = bench_now() - t;
	char title[128];
	snprintf(title, sizeof(title),
	         "populate: %ld pods on each side (%ld in b1k, %ld in b10k), 32 clients", b->sz.total_pods,
	         b->sz.small_list, big);
	heading(title);
	row("creates/s (not a benchmark point)", (double)(sa1.ok + sa2.ok) / api_s,
	    (double)(se1.ok + se2.ok) / etcd_s, 0, NULL);
	bench_stats ta = sa2, te = se2;
	ta.errors += sa1.errors;
	te.errors += se1.errors;
	if (!ta.first_error[0])
		snprintf(ta.first_error, sizeof(ta.first_error), "%s", sa1.first_error);
	if (!te.first_error[0])
		snprintf(te.first_error, sizeof(te.first_error), "%s", se1.first_error);
	errors_row(b, &ta, &te);
	return ta.errors || te.errors ? -1 : 0;
}

static void bench_create(bench_ctx *b, summary *sum)
{
	static const int levels[] = {1, 16, 64};
	if (make_namespace(b, "bench-create") < 0) {
		b->errors++;
		return;
	}
	bench_target at = {.b = b, .ns = "bench-create"}, et = {.b = b, .ns = "bench-create"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(levels) && !b->interrupted; i++) {
		int c = levels[i];
		bench_stats api, etcd, warm;
		/* warm-up: connections made, caches filled */
		bench_closed(b, bench_api_create, &at, c, 2L * c, 0, &warm);
		bench_closed(b, bench_etcd_create, &et, c, 2L * c, 0, &warm);
		server_view v0, v1;
		server_view_read(b, "CREATE", "create", &v0);
		bench_closed(b, bench_api_create, &at, c, 0, b->sz.seconds, &api);
		server_view_read(b, "CREATE", "create", &v1);
		bench_closed(b, bench_etcd_create, &et, c, 0, b->sz.seconds, &etcd);
		char title[160];
		snprintf(title, sizeof(title),
		         "create, %d client%s, %.1f s: POST a pod / etcd txn put if create_revision = 0", c,
		         c == 1 ? "" : "s", b->sz.seconds);
		heading(title);
		row("creates/s", api.rate, etcd.rate, 1, c == 16 ? "ratio >= 0.80" : NULL);
		latency_rows(&api, &etcd, NULL);
		server_rows(&api, &etcd, &v0, &v1);
		cpu_rows(&api, &etcd);
		errors_row(b, &api, &etcd);
		if (c == 16) {
			sum->create16_ratio = etcd.rate > 0 ? api.rate / etcd.rate : NAN;
			/* What the apiserver's watch cache costs etcd: the same
			 * raw creates with one prefix watch open, as the cache
			 * has (prev_kv, progress_notify). */
			bench_stats watched;
			if (bench_etcd_watch_prefix(b, "/bench/pods/bench-create/", true) == 0) {
				bench_closed(b, bench_etcd_create, &et, c, 0, b->sz.seconds, &watched);
				bench_etcd_watch_prefix(b, NULL, false);
				row("raw etcd + 1 prefix watch: creates/s", NAN, watched.rate, 1, NULL);
				row("raw etcd + 1 prefix watch: etcd CPU ms", NAN,
				    watched.ok ? watched.etcd_cpu * 1000.0 / (double)watched.ok : NAN, 3,
				    NULL);
				b->errors += watched.errors;
			}
		}
	}
}

static void bench_paced_creates(bench_ctx *b, summary *sum)
{
	if (make_namespace(b, "bench-paced") < 0) {
		b->errors++;
		return;
	}
	bench_target at = {.b = b, .ns = "bench-paced"}, et = {.b = b, .ns = "bench-paced"};
	bench_stats api, etcd;
	server_view v0, v1;
	server_view_read(b, "CREATE", "create", &v0);
	bench_paced(b, bench_api_create, &at, 20, b->sz.paced_secs, &api);
	server_view_read(b, "CREATE", "create", &v1);
	bench_paced(b, bench_etcd_create, &et, 20, b->sz.paced_secs, &etcd);
	char title[128];
	snprintf(title, sizeof(title),
	         "create at 20/s for %.0f s (open loop, one client connection at a time)", b->sz.paced_secs);
	heading(title);
	row("creates", (double)api.ok, (double)etcd.ok, 0, NULL);
	latency_rows(&api, &etcd, "p99 < 25 ms");
	server_rows(&api, &etcd, &v0, &v1);
	errors_row(b, &api, &etcd);
	sum->paced_p99 = api.p99;
}

static void bench_get(bench_ctx *b)
{
	const int c = 16;
	bench_target at = {.b = b, .ns = "b1k", .modulo = b->sz.small_list};
	bench_target ac = {.b = b, .ns = "b1k", .modulo = b->sz.small_list, .query = "resourceVersion=0"};
	bench_target et = {.b = b, .ns = "b1k", .modulo = b->sz.small_list};
	bench_stats api, cache, etcd, warm;
	bench_closed(b, bench_api_get, &at, c, 2L * c, 0, &warm);
	bench_closed(b, bench_etcd_get, &et, c, 2L * c, 0, &warm);
	server_view v0, v1, v2;
	server_view_read(b, "GET", "get", &v0);
	bench_closed(b, bench_api_get, &at, c, 0, b->sz.seconds, &api);
	server_view_read(b, "GET", "get", &v1);
	bench_closed(b, bench_api_get, &ac, c, 0, b->sz.seconds, &cache);
	server_view_read(b, "GET", "get", &v2);
	bench_closed(b, bench_etcd_get, &et, c, 0, b->sz.seconds, &etcd);
	char title[160];
	snprintf(title, sizeof(title),
	         "get, %d clients, %.1f s: GET a pod (quorum read from etcd) / etcd range of the key", c,
	         b->sz.seconds);
	heading(title);
	row("gets/s", api.rate, etcd.rate, 1, NULL);
	latency_rows(&api, &etcd, NULL);
	server_rows(&api, &etcd, &v0, &v1);
	cpu_rows(&api, &etcd);
	errors_row(b, &api, &etcd);
	heading("get with resourceVersion=0 (from the watch cache), same clients / same etcd figures");
	row("gets/s", cache.rate, etcd.rate, 1, NULL);
	latency_rows(&cache, &etcd, NULL);
	server_rows(&cache, &etcd, &v1, &v2);
	cpu_rows(&cache, &etcd);
	errors_row(b, &cache, NULL);
}

static void list_table(bench_ctx *b, const char *ns, bool all_ns, long n, int reps)
{
	bench_target a_etcd = {.b = b, .ns = ns, .all_ns = all_ns, .expect = n};
	bench_target a_cache = {
	    .b = b, .ns = ns, .all_ns = all_ns, .expect = n, .query = "resourceVersion=0"};
	bench_target a_paged = {.b = b, .ns = ns, .all_ns = all_ns, .expect = n, .page = 500};
	bench_target e_one = {.b = b, .ns = ns, .all_ns = all_ns, .expect = n};
	bench_target e_paged = {.b = b, .ns = ns, .all_ns = all_ns, .expect = n, .page = 500};
	bench_stats s_etcd, s_cache, s_paged, s_one, s_epaged, warm;
	bench_closed(b, bench_api_list, &a_etcd, 1, 1, 0, &warm);
	bench_closed(b, bench_etcd_list, &e_one, 1, 1, 0, &warm);
	bench_closed(b, bench_api_list, &a_etcd, 1, reps, 0, &s_etcd);
	bench_closed(b, bench_api_list, &a_cache, 1, reps, 0, &s_cache);
	bench_closed(b, bench_api_list, &a_paged, 1, reps, 0, &s_paged);
	bench_closed(b, bench_etcd_list, &e_one, 1, reps, 0, &s_one);
	bench_closed(b, bench_etcd_list, &e_paged, 1, reps, 0, &s_epaged);
	char title[160];
	snprintf(title, sizeof(title),
	         "list %ld pods (%s), %d times each, one client; raw etcd: range of the prefix", n,
	         all_ns ? "all namespaces" : ns, reps);
	heading(title);
	row("one request (from etcd) p50 ms", s_etcd.p50, s_one.p50, 1, NULL);
	row("one request (from etcd) max ms", s_etcd.max, s_one.max, 1, NULL);
	row("resourceVersion=0 (cache) p50 ms", s_cache.p50, s_one.p50, 1, NULL);
	row("resourceVersion=0 (cache) max ms", s_cache.max, s_one.max, 1, NULL);
	row("limit=500 pages p50 ms", s_paged.p50, s_epaged.p50, 1, NULL);
	row("limit=500 pages max ms", s_paged.max, s_epaged.max, 1, NULL);
	row("kc-apiserver CPU ms per list (etcd)", s_etcd.api_cpu * 1000.0 / (double)reps, NAN, 1, NULL);
	row("kc-apiserver CPU ms per list (cache)", s_cache.api_cpu * 1000.0 / (double)reps, NAN, 1, NULL);
	bench_stats ea = s_etcd, ee = s_one;
	ea.errors += s_cache.errors + s_paged.errors;
	ee.errors += s_epaged.errors;
	if (!ea.first_error[0])
		snprintf(ea.first_error, sizeof(ea.first_error), "%s",
		         s_cache.first_error[0] ? s_cache.first_error : s_paged.first_error);
	if (!ee.first_error[0])
		snprintf(ee.first_error, sizeof(ee.first_error), "%s", s_epaged.first_error);
	errors_row(b, &ea, &ee);
}

static void bench_list(bench_ctx *b)
{
	list_table(b, "b1k", false, b->sz.small_list, b->sz.list_reps_small);
	if (!b->interrupted)
		list_table(b, "b10k", true, b->sz.total_pods, b->sz.list_reps_big);
}

/* Bytes of one stored value (the apiserver's pod with its defaults, or the
 * raw pod), read back from etcd. */
static double stored_bytes(bench_ctx *b, const char *key)
{
	_cleanup_free_ char *k = kc_base64_encode(key, strlen(key));
	_cleanup_free_ char *req = xasprintf("{\"key\":\"%s\"}", k);
	_cleanup_free_ char *answer = NULL;
	if (bench_etcd_call(b, "/v3/kv/range", req, &answer) < 0)
		return NAN;
	_cleanup_json_ cJSON *j = cJSON_Parse(answer);
	const char *v =
	    kc_json_get_str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "kvs"), 0), "value", "");
	_cleanup_free_ char *raw = NULL;
	size_t len = 0;
	if (!v[0] || kc_base64_decode(v, strlen(v), &raw, &len) < 0)
		return NAN;
	return (double)len;
}

static double mb(long kb)
{
	return kb < 0 ? NAN : (double)kb / 1024.0;
}

static void rss_rows(bench_ctx *b, const char *when, summary *sum)
{
	char label[64];
	snprintf(label, sizeof(label), "VmRSS MB %s", when);
	double rss = mb(bench_proc_status_kb(b->api.pid, "VmRSS:"));
	row(label, rss, mb(bench_proc_status_kb(b->api.etcd.pid, "VmRSS:")), 1, sum ? "< 60 MB" : NULL);
	snprintf(label, sizeof(label), "VmHWM MB %s", when);
	row(label, mb(bench_proc_status_kb(b->api.pid, "VmHWM:")),
	    mb(bench_proc_status_kb(b->api.etcd.pid, "VmHWM:")), 1, NULL);
	if (sum)
		sum->rss_mb = rss;
}

static void bench_fanout(bench_ctx *b, summary *sum)
{
	int w = b->sz.watchers;
	bench_stats api = {0}, etcd = {0};
	long api_missed = 0, etcd_missed = 0;
	double api_write = NAN, etcd_write = NAN;
	double t = bench_now();
	if (bench_fanout_api(b, w, b->sz.rounds, &api, &api_missed, &api_write) < 0) {
		b->errors++;
		return;
	}
	double api_s = bench_now() - t;
	long api_rss = bench_proc_status_kb(b->api.pid, "VmHWM:");
	t = bench_now();
	if (bench_fanout_etcd(b, w, b->sz.rounds, &etcd, &etcd_missed, &etcd_write) < 0) {
		b->errors++;
		return;
	}
	double etcd_s = bench_now() - t;
	char title[192];
	snprintf(title, sizeof(title),
	         "fan-out: one pod modified, %d watchers (an HTTPS stream each / a /v3/watch stream each), "
	         "%d rounds",
	         w, b->sz.rounds);
	heading(title);
	row("first watcher's event ms", api.min, etcd.min, 2, NULL);
	row("delivery p50 ms (from before write)", api.p50, etcd.p50, 2, NULL);
	row("delivery p99 ms", api.p99, etcd.p99, 2, "p99 < 100 ms");
	row("delivery max ms", api.max, etcd.max, 2, NULL);
	row("the write itself, p50 ms", api_write, etcd_write, 2, NULL);
	row("events delivered", (double)api.ok, (double)etcd.ok, 0, NULL);
	row("events missed", (double)api_missed, (double)etcd_missed, 0, NULL);
	double per = b->sz.rounds > 0 ? 1000.0 / b->sz.rounds : NAN;
	row("kc-apiserver CPU ms per round", api.api_cpu * per, NAN, 1, NULL);
	row("etcd CPU ms per round", api.etcd_cpu * per, etcd.etcd_cpu * per, 1, NULL);
	row("client (this process) CPU ms per round", api.client_cpu * per, etcd.client_cpu * per, 1, NULL);
	row("whole step, s (connect + rounds)", api_s, etcd_s, 1, NULL);
	row("kc-apiserver VmHWM MB after", mb(api_rss), NAN, 1, NULL);
	errors_row(b, &api, &etcd);
	sum->fanout_p99 = api.p99;
}

/* ---- main ---- */

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	bench_ctx *b = arg;
	b->interrupted = true;
	event_base_loopbreak(b->base);
}

static void print_machine(void)
{
	time_t now = time(NULL);
	char date[64];
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
	struct utsname u;
	uname(&u);
	_cleanup_free_ char *load = NULL;
	kc_read_file("/proc/loadavg", 4096, &load, NULL);
	if (load && strchr(load, '\n'))
		*strchr(load, '\n') = '\0';
	printf("kc-apiserver benchmark, %s, %s %s, %ld CPUs online, load average %s\n", date, u.sysname,
	       u.release, sysconf(_SC_NPROCESSORS_ONLN), load ? load : "?");
}

static void print_summary(const summary *s)
{
	printf("\n== aims ==\n");
	printf("  %-52s %10s  %s\n", "aim", "figure", "met");
	struct {
		const char *aim;
		double v;
		bool met;
	} rows[] = {
	    {"creates at 16 clients >= 0.80 of raw etcd's (ratio)", s->create16_ratio,
	     s->create16_ratio >= 0.8},
	    {"p99 create latency at 20 creates/s < 25 ms", s->paced_p99, s->paced_p99 < 25},
	    {"fan-out to the watchers, p99 < 100 ms", s->fanout_p99, s->fanout_p99 < 100},
	    {"VmRSS with the pods stored < 60 MB", s->rss_mb, s->rss_mb < 60},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(rows); i++) {
		char v[32];
		fmt_num(v, sizeof(v), rows[i].v, 2);
		printf("  %-52s %10s  %s\n", rows[i].aim, v,
		       isnan(rows[i].v) ? "-"
		       : rows[i].met    ? "yes"
		                        : "no");
	}
}

int main(int argc, char **argv)
{
	options o = {0};
	if (parse_options(argc, argv, &o) < 0)
		return 2;
	bench_ctx b = {0};
	b.sz = o.quick ? quick_sizes : full_sizes;
	if (o.seconds > 0)
		b.sz.seconds = o.seconds;
	if (o.watchers > 0)
		b.sz.watchers = o.watchers;
	/* every watcher is a socket here and in the apiserver */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	b.base = event_base_new();
	struct event *sigint = evsignal_new(b.base, SIGINT, on_signal, &b);
	struct event *sigterm = evsignal_new(b.base, SIGTERM, on_signal, &b);
	evsignal_add(sigint, NULL);
	evsignal_add(sigterm, NULL);

	print_machine();
	double t_start = bench_now();
	if (kc_test_apiserver_start(&b.api, NULL) < 0) {
		fprintf(stderr, "apiserver_bench: could not start etcd and kc-apiserver (KC_BUILD_DIR=%s)\n",
		        kc_test_build_dir());
		return 1;
	}
	printf("kc-apiserver pid %d on %s, etcd pid %d on %s, directory %s\n", (int)b.api.pid, b.api.server,
	       (int)b.api.etcd.pid, b.api.etcd.client_url, b.api.dir);
	fflush(stdout);
	b.etcd = b.api.etcd.client_url;
	kc_client_config cfg;
	kc_test_apiserver_client_config(&b.api, "admin", &cfg);
	kc_error err = {0};
	b.client = kc_client_new(b.base, &cfg, &err);
	kc_client_config_clear(&cfg);
	if (!b.client) {
		fprintf(stderr, "apiserver_bench: %s\n", err.msg);
		kc_test_apiserver_stop(&b.api);
		return 1;
	}
	b.http = kc_http_new(b.base);

	summary sum = {NAN, NAN, NAN, NAN};
	long rss_empty = bench_proc_status_kb(b.api.pid, "VmRSS:");
	long etcd_empty = bench_proc_status_kb(b.api.etcd.pid, "VmRSS:");
	bool need_pods = wanted(&o, "get") || wanted(&o, "list") || wanted(&o, "rss");
	bool populated = false;
	if (need_pods) {
		populated = populate(&b) == 0;
		if (!populated)
			b.errors++;
	}
	if (populated && wanted(&o, "rss") && !b.interrupted) {
		char title[96];
		snprintf(title, sizeof(title), "memory: kc-apiserver / etcd with %ld pods stored",
		         b.sz.total_pods);
		heading(title);
		row("VmRSS MB at start, empty", mb(rss_empty), mb(etcd_empty), 1, NULL);
		char with[32];
		snprintf(with, sizeof(with), "with %ld pods", b.sz.total_pods);
		rss_rows(&b, with, &sum);
		row("bytes of one stored pod", stored_bytes(&b, "/registry/pods/b1k/pod-000000"),
		    stored_bytes(&b, "/bench/pods/b1k/pod-000000"), 0, NULL);
		printf("  (etcd holds both sides' pods: %ld of the apiserver's and %ld raw)\n",
		       b.sz.total_pods, b.sz.total_pods);
	}
	if (populated && wanted(&o, "list") && !b.interrupted) {
		bench_list(&b);
		if (wanted(&o, "rss")) {
			heading("memory after the lists");
			rss_rows(&b, "after lists", NULL);
		}
	}
	if (populated && wanted(&o, "get") && !b.interrupted)
		bench_get(&b);
	if (wanted(&o, "create") && !b.interrupted)
		bench_create(&b, &sum);
	if (wanted(&o, "paced") && !b.interrupted)
		bench_paced_creates(&b, &sum);
	if (wanted(&o, "fanout") && !b.interrupted)
		bench_fanout(&b, &sum);
	print_summary(&sum);
	printf("\ntotal %.0f s%s; %ld failed requests\n", bench_now() - t_start,
	       b.interrupted ? " (interrupted)" : "", b.errors);

	kc_http_free(b.http);
	kc_client_free(b.client);
	kc_test_apiserver_stop(&b.api);
	event_free(sigint);
	event_free(sigterm);
	event_base_free(b.base);
	return b.errors || b.interrupted ? 1 : 0;
}
