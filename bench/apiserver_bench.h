/* apiserver_bench.h - the parts of the kc-apiserver benchmark (README.md):
 * a load driver that keeps N operations in flight or paces them, the
 * operations themselves against kc-apiserver and against raw etcd through
 * its JSON gateway, the watch fan-out, and the printed tables.
 *
 * Everything runs on one libevent loop in one process: "N concurrent
 * clients" are N requests in flight on that loop (libcurl opens a
 * connection per request in flight). The program prints figures; it never
 * judges them. */
#ifndef KC_APISERVER_BENCH_H
#define KC_APISERVER_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "common/client.h"
#include "common/http.h"
#include "harness/apiserver.h"

struct event_base;

/* Counts of one run: the full one or --quick. */
typedef struct bench_sizes {
	long small_list;   /* pods in namespace b1k (the "1k" list) */
	long total_pods;   /* pods stored in all (the "10k" list, the RSS figure) */
	double seconds;    /* per closed-loop point */
	double paced_secs; /* the 20 creates/s run */
	int watchers;      /* fan-out */
	int rounds;        /* measured fan-out rounds */
	int list_reps_small, list_reps_big;
} bench_sizes;

typedef struct bench_ctx {
	struct event_base *base;
	kc_test_apiserver api;
	kc_client *client; /* admin identity; every measured apiserver request */
	kc_http *http;     /* raw etcd requests */
	const char *etcd;  /* "http://127.0.0.1:<port>" (api.etcd.client_url) */
	bench_sizes sz;
	bool interrupted;          /* SIGINT/SIGTERM: finish the current step, skip the rest */
	long errors;               /* failed requests and steps so far: the exit status */
	kc_http_req *prefix_watch; /* bench_etcd_watch_prefix's stream, or NULL */
} bench_ctx;

/* ---- the pod both sides store ---- */

/* A Deployment's pod (~1.5 KB: labels, annotations, an owner reference, one
 * container with ports, env, resources, probes, a volume), named name in
 * namespace ns, with annotation bench/round=round when round >= 0. Caller
 * frees. */
char *bench_pod_json(const char *ns, const char *name, int round);
/* The pod's name for index i: "pod-000123". buf holds at least 32 bytes. */
const char *bench_pod_name(char *buf, size_t size, long i);

/* ---- statistics ---- */

typedef struct bench_stats {
	long ok, errors;
	double seconds;                  /* wall time from the first start to the last answer */
	double rate;                     /* ok / seconds */
	double min, mean, p50, p99, max; /* latency, ms */
	double api_cpu, etcd_cpu;        /* CPU seconds the apiserver and etcd used meanwhile */
	double client_cpu;               /* and this process (the clients) */
	char first_error[160];           /* what the first failure said */
} bench_stats;

/* Sorts v and fills min/mean/p50/p99/max from it (nearest rank). */
void bench_percentiles(double *v, size_t n, bench_stats *st);
double bench_now(void); /* CLOCK_MONOTONIC, seconds */
/* utime+stime of pid, seconds; 0 when unreadable. */
double bench_proc_cpu(pid_t pid);
/* A "VmRSS:"-style field of /proc/<pid>/status, kB; -1 when unreadable. */
long bench_proc_status_kb(pid_t pid, const char *field);

/* ---- the load driver ---- */

typedef struct bench_op bench_op;
/* Starts one operation on the loop and arranges for bench_op_done(op, …) to
 * be called exactly once, later, from the loop. Returns 0, or -1 when it
 * could not start (bench_op_done must then not be called). */
typedef int (*bench_start_fn)(void *target, bench_op *op);
/* Reports the end of op (ok false: failed, msg says why; may be NULL). */
void bench_op_done(bench_op *op, bool ok, const char *msg);

/* Closed loop: keeps concurrency operations in flight until count have
 * been started (count > 0) or seconds passed (seconds > 0), then waits for
 * the last answers. Fills *ret. */
void bench_closed(bench_ctx *b, bench_start_fn start, void *target, int concurrency, long count,
                  double seconds, bench_stats *ret);
/* Open loop: starts one operation every 1/rate s for seconds, whatever the
 * answers do, then waits for the last answers. */
void bench_paced(bench_ctx *b, bench_start_fn start, void *target, double rate, double seconds,
                 bench_stats *ret);

/* ---- operations (apiserver_bench_ops.c) ----
 * One target describes a stream of operations of one kind; index i of the
 * stream picks the object (next, or next % modulo when modulo > 0). */
typedef struct bench_target {
	bench_ctx *b;
	const char *ns;    /* namespace, also the middle of raw etcd keys */
	const char *query; /* apiserver get/list: extra query ("resourceVersion=0"), or NULL */
	long next;         /* index of the next object */
	long modulo;       /* > 0: objects next % modulo (gets) */
	long page;         /* lists: page size (limit), 0: one request */
	long expect;       /* lists: items expected; a different count fails the op */
	bool all_ns;       /* lists: every namespace (the apiserver's /api/v1/pods, etcd's /bench/pods/) */
} bench_target;

int bench_api_create(void *target, bench_op *op);  /* POST a pod */
int bench_etcd_create(void *target, bench_op *op); /* txn: put if create_revision == 0 */
int bench_api_get(void *target, bench_op *op);     /* GET a pod */
int bench_etcd_get(void *target, bench_op *op);    /* range of one key, value decoded and parsed */
int bench_api_list(void *target, bench_op *op);    /* GET the list (following continue) */
int bench_etcd_list(void *target, bench_op *op);   /* range of the prefix, each value decoded and parsed */

/* Synchronous helpers for setting up. Return 0 or -1 (printed). */
int bench_api_call(bench_ctx *b, const char *method, const char *path, const char *content_type,
                   const char *body, long want_status);
int bench_etcd_call(bench_ctx *b, const char *path, const char *body, char **ret_body);
/* Sums the _sum and _count samples of histogram name in the apiserver's
 * /metrics over the series whose labels contain every string of labels
 * (NULL-terminated, e.g. "verb=\"CREATE\""). Returns 0 or -1 (printed). */
int bench_api_metric(bench_ctx *b, const char *name, const char *const *labels, double *ret_sum,
                     double *ret_count);

/* ---- the watch fan-out (apiserver_bench_watch.c) ---- */

/* W watches of one object through the apiserver, then rounds of: modify it,
 * time each watcher's event from just before the write is sent. Fills the
 * latency stats over all measured rounds; *ret_missed counts watcher-rounds
 * that never saw their event; *ret_write_ms is the writes' median latency.
 * Returns 0 or -1 (could not set up; printed). */
int bench_fanout_api(bench_ctx *b, int watchers, int rounds, bench_stats *ret, long *ret_missed,
                     double *ret_write_ms);
/* The same with W etcd gateway watches (POST /v3/watch) of one key. */
int bench_fanout_etcd(bench_ctx *b, int watchers, int rounds, bench_stats *ret, long *ret_missed,
                      double *ret_write_ms);

/* Opens (on) or closes (!on, prefix ignored) one etcd watch of prefix
 * with prev_kv and progress notifications - the watch the apiserver's cache
 * of one resource holds - whose events are read and dropped. Returns 0 or
 * -1. */
int bench_etcd_watch_prefix(bench_ctx *b, const char *prefix, bool on);

/* Runs the loop for at most seconds, or until done(userdata) holds (checked
 * every 5 ms). Returns done's last answer. */
bool bench_run_until(bench_ctx *b, double seconds, bool (*done)(void *userdata), void *userdata);

#endif
