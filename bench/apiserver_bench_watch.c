/* apiserver_bench_watch.c - one event fanned out to many watchers.
 *
 * Each watcher is its own HTTP stream (through the apiserver: a TLS
 * connection each, a label selector matching the one pod of its namespace;
 * raw etcd: a POST /v3/watch each, on the one key). A round modifies the
 * object, writing its round number into an annotation, and every watcher
 * records when the event carrying that number reached it, counted from just
 * before the write was sent. The first round only proves that every watcher
 * is connected and is not counted. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/apiserver_bench.h"
#include "common/base64.h"
#include "common/json.h"
#include "common/util.h"
#include "banned.h"

#define FANOUT_NS  "bench-fanout"
#define FANOUT_POD "target"
#define FANOUT_KEY "/bench/fanout/target"

typedef struct fanout {
	bench_ctx *b;
	int n;
	int round;     /* the round being delivered */
	double t0;     /* just before its write was sent */
	int arrived;   /* watchers that saw it */
	bool measured; /* the round counts */
	double *lat;   /* ms, measured rounds */
	size_t nlat;
	double *write_lat; /* ms, the writes themselves */
	size_t nwrites;
	bool write_done;
	int write_failed;
	int created; /* etcd: streams etcd confirmed */
	int broken;  /* streams that ended */
} fanout;

static int round_of(const cJSON *obj)
{
	const cJSON *ann = kc_json_get(obj, "metadata.annotations");
	const char *v = kc_json_as_str(cJSON_GetObjectItemCaseSensitive(ann, "bench/round"), "");
	return v[0] ? (int)strtol(v, NULL, 10) : -1;
}

static void arrived(fanout *f, int *seen, int round)
{
	if (round != f->round || *seen >= round)
		return;
	*seen = round;
	f->arrived++;
	if (f->measured)
		f->lat[f->nlat++] = (bench_now() - f->t0) * 1000.0;
}

static bool round_complete(void *userdata)
{
	fanout *f = userdata;
	return f->write_done && f->arrived >= f->n;
}

static void write_finished(fanout *f, bool ok)
{
	f->write_done = true;
	if (!ok)
		f->write_failed++;
	else if (f->measured)
		f->write_lat[f->nwrites++] = (bench_now() - f->t0) * 1000.0;
}

/* Runs rounds 1..rounds+1 with write(); fills the stats. */
static void run_rounds(fanout *f, int rounds, int (*write)(fanout *f), bench_stats *ret, long *ret_missed,
                       double *ret_write_ms)
{
	long missed = 0;
	double cpu[3] = {0, 0, 0}; /* apiserver, etcd, this process: measured rounds */
	f->lat = xcalloc((size_t)f->n * (size_t)rounds, sizeof(*f->lat));
	f->write_lat = xcalloc((size_t)rounds, sizeof(*f->write_lat));
	for (int r = 1; r <= rounds + 1 && !f->b->interrupted; r++) {
		f->round = r;
		f->arrived = 0;
		f->write_done = false;
		f->measured = r > 1;
		bench_ctx *b = f->b;
		double api_cpu = bench_proc_cpu(b->api.pid), etcd_cpu = bench_proc_cpu(b->api.etcd.pid);
		double client_cpu = bench_proc_cpu(getpid());
		f->t0 = bench_now();
		if (write(f) < 0) {
			f->write_failed++;
			break;
		}
		/* the first round waits for every connection to be made */
		bench_run_until(b, r == 1 ? 120 : 10, round_complete, f);
		if (f->measured) {
			missed += f->n - f->arrived;
			cpu[0] += bench_proc_cpu(b->api.pid) - api_cpu;
			cpu[1] += bench_proc_cpu(b->api.etcd.pid) - etcd_cpu;
			cpu[2] += bench_proc_cpu(getpid()) - client_cpu;
		} else if (f->arrived < f->n)
			fprintf(stderr, "apiserver_bench: only %d of %d watchers connected\n", f->arrived,
			        f->n);
		bench_run_until(f->b, 0.2, NULL, NULL); /* let the streams settle */
	}
	memset(ret, 0, sizeof(*ret));
	ret->ok = (long)f->nlat;
	ret->errors = missed + f->write_failed + f->broken;
	if (f->write_failed)
		snprintf(ret->first_error, sizeof(ret->first_error), "%d writes failed", f->write_failed);
	else if (f->broken)
		snprintf(ret->first_error, sizeof(ret->first_error), "%d watch streams broke", f->broken);
	bench_percentiles(f->lat, f->nlat, ret);
	ret->api_cpu = cpu[0];
	ret->etcd_cpu = cpu[1];
	ret->client_cpu = cpu[2];
	bench_stats w = {0};
	bench_percentiles(f->write_lat, f->nwrites, &w);
	*ret_write_ms = w.p50;
	*ret_missed = missed;
	free(f->lat);
	free(f->write_lat);
}

/* ---- through kc-apiserver ---- */

typedef struct api_watcher {
	fanout *f;
	kc_watch *w;
	int seen;
} api_watcher;

static void on_api_event(kc_watch_event_type type, cJSON *object, void *userdata)
{
	api_watcher *w = userdata;
	if (type == KC_WATCH_MODIFIED)
		arrived(w->f, &w->seen, round_of(object));
}

static void on_api_gone(void *userdata)
{
	api_watcher *w = userdata;
	w->f->broken++;
}

static void on_api_patched(kc_response *resp, void *userdata)
{
	fanout *f = userdata;
	if (resp->status != 200)
		fprintf(stderr, "apiserver_bench: PATCH of the fan-out pod: %ld %s\n", resp->status,
		        resp->err.msg);
	write_finished(f, resp->status == 200);
}

static int api_write(fanout *f)
{
	char body[96];
	snprintf(body, sizeof(body), "{\"metadata\":{\"annotations\":{\"bench/round\":\"%d\"}}}", f->round);
	return kc_client_request(f->b->client, "PATCH", "/api/v1/namespaces/" FANOUT_NS "/pods/" FANOUT_POD,
	                         "application/merge-patch+json", body, strlen(body), NULL, on_api_patched, f);
}

int bench_fanout_api(bench_ctx *b, int watchers, int rounds, bench_stats *ret, long *ret_missed,
                     double *ret_write_ms)
{
	if (bench_api_call(b, "POST", "/api/v1/namespaces", "application/json",
	                   "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" FANOUT_NS
	                   "\"}}",
	                   201) < 0)
		return -1;
	_cleanup_free_ char *pod = bench_pod_json(FANOUT_NS, FANOUT_POD, 0);
	kc_response resp;
	kc_client_request_sync(b->client, "POST", "/api/v1/namespaces/" FANOUT_NS "/pods", "application/json",
	                       pod, strlen(pod), NULL, &resp);
	if (resp.status != 201) {
		fprintf(stderr, "apiserver_bench: creating the fan-out pod: %ld %s\n", resp.status,
		        resp.err.msg);
		kc_response_clear(&resp);
		return -1;
	}
	_cleanup_free_ char *rv = xstrdup(kc_json_get_str(resp.body, "metadata.resourceVersion", ""));
	kc_response_clear(&resp);

	/* The watchers get a client of their own: their connections stay out
	 * of the measured client's pool. */
	kc_client_config cfg;
	kc_test_apiserver_client_config(&b->api, "admin", &cfg);
	cfg.watch_backoff_initial_ms = 100;
	cfg.watch_backoff_max_ms = 1000;
	kc_error err = {0};
	kc_client *wc = kc_client_new(b->base, &cfg, &err);
	kc_client_config_clear(&cfg);
	if (!wc) {
		fprintf(stderr, "apiserver_bench: %s\n", err.msg);
		return -1;
	}
	fanout f = {.b = b, .n = watchers};
	api_watcher *ws = xcalloc((size_t)watchers, sizeof(*ws));
	int rc = 0;
	for (int i = 0; i < watchers; i++) {
		ws[i].f = &f;
		ws[i].w = kc_client_watch(wc, "/api/v1/namespaces/" FANOUT_NS "/pods?labelSelector=app%3Dweb",
		                          rv, on_api_event, on_api_gone, &ws[i]);
		if (!ws[i].w) {
			fprintf(stderr, "apiserver_bench: watch %d could not start\n", i);
			rc = -1;
			break;
		}
	}
	if (rc == 0)
		run_rounds(&f, rounds, api_write, ret, ret_missed, ret_write_ms);
	for (int i = 0; i < watchers; i++)
		if (ws[i].w)
			kc_watch_stop(ws[i].w);
	free(ws);
	kc_client_free(wc);
	return rc;
}

/* ---- through raw etcd ---- */

typedef struct etcd_watcher {
	fanout *f;
	kc_http_req *req;
	kc_buf line;
	bool created;
	int seen;
} etcd_watcher;

/* One gateway message: {"result":{"created":true,...}} or
 * {"result":{"events":[{"kv":{"value":base64,...}}]}}. */
static void etcd_message(etcd_watcher *w, const char *text, size_t len)
{
	_cleanup_json_ cJSON *j = cJSON_ParseWithLength(text, len);
	const cJSON *result = cJSON_GetObjectItemCaseSensitive(j, "result");
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(result, "created")) && !w->created) {
		w->created = true;
		w->f->created++;
	}
	const cJSON *ev;
	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(result, "events"))
	{
		const char *v = kc_json_get_str(ev, "kv.value", "");
		_cleanup_free_ char *raw = NULL;
		size_t n = 0;
		if (kc_base64_decode(v, strlen(v), &raw, &n) < 0)
			continue;
		_cleanup_json_ cJSON *obj = cJSON_ParseWithLength(raw, n);
		arrived(w->f, &w->seen, round_of(obj));
	}
}

static int on_etcd_data(const char *data, size_t len, void *userdata)
{
	etcd_watcher *w = userdata;
	kc_buf_add(&w->line, data, len);
	size_t start = 0;
	for (size_t i = 0; i < w->line.len; i++) {
		if (w->line.s[i] != '\n')
			continue;
		if (i > start)
			etcd_message(w, w->line.s + start, i - start);
		start = i + 1;
	}
	kc_buf_consume(&w->line, start);
	return 0;
}

static void on_etcd_stream_end(kc_http_response *resp, void *userdata)
{
	(void)resp;
	etcd_watcher *w = userdata;
	w->req = NULL;
	w->f->broken++;
}

static bool all_created(void *userdata)
{
	fanout *f = userdata;
	return f->created + f->broken >= f->n;
}

static char *etcd_put_body(int round)
{
	_cleanup_free_ char *pod = bench_pod_json(FANOUT_NS, FANOUT_POD, round);
	_cleanup_free_ char *k = kc_base64_encode(FANOUT_KEY, strlen(FANOUT_KEY));
	_cleanup_free_ char *v = kc_base64_encode(pod, strlen(pod));
	return xasprintf("{\"key\":\"%s\",\"value\":\"%s\"}", k, v);
}

static void on_etcd_put(kc_http_response *resp, void *userdata)
{
	fanout *f = userdata;
	bool ok = !resp->err && resp->status == 200;
	if (!ok)
		fprintf(stderr, "apiserver_bench: etcd put: %ld %s\n", resp->status, resp->errmsg);
	write_finished(f, ok);
}

static int etcd_write(fanout *f)
{
	_cleanup_free_ char *body = etcd_put_body(f->round);
	_cleanup_free_ char *url = xasprintf("%s/v3/kv/put", f->b->etcd);
	static const char *const headers[] = {"Content-Type: application/json", NULL};
	kc_http_request rq = {
	    .method = "POST", .url = url, .headers = headers, .body = body, .body_len = strlen(body)};
	return kc_http_start(f->b->http, &rq, on_etcd_put, f) ? 0 : -1;
}

int bench_fanout_etcd(bench_ctx *b, int watchers, int rounds, bench_stats *ret, long *ret_missed,
                      double *ret_write_ms)
{
	_cleanup_free_ char *put = etcd_put_body(0);
	if (bench_etcd_call(b, "/v3/kv/put", put, NULL) < 0)
		return -1;
	_cleanup_free_ char *k = kc_base64_encode(FANOUT_KEY, strlen(FANOUT_KEY));
	_cleanup_free_ char *create = xasprintf("{\"create_request\":{\"key\":\"%s\"}}", k);
	_cleanup_free_ char *url = xasprintf("%s/v3/watch", b->etcd);
	static const char *const headers[] = {"Content-Type: application/json", NULL};
	/* the streams get an engine of their own, freed (and so closed) at the end */
	kc_http *h = kc_http_new(b->base);
	fanout f = {.b = b, .n = watchers};
	etcd_watcher *ws = xcalloc((size_t)watchers, sizeof(*ws));
	int rc = 0;
	for (int i = 0; i < watchers; i++) {
		ws[i].f = &f;
		kc_http_request rq = {.method = "POST",
		                      .url = url,
		                      .headers = headers,
		                      .body = create,
		                      .body_len = strlen(create),
		                      .on_data = on_etcd_data};
		ws[i].req = kc_http_start(h, &rq, on_etcd_stream_end, &ws[i]);
		if (!ws[i].req) {
			fprintf(stderr, "apiserver_bench: etcd watch %d could not start\n", i);
			rc = -1;
			break;
		}
	}
	if (rc == 0) {
		bench_run_until(b, 120, all_created, &f);
		if (f.created < watchers)
			fprintf(stderr, "apiserver_bench: etcd confirmed only %d of %d watches\n", f.created,
			        watchers);
		run_rounds(&f, rounds, etcd_write, ret, ret_missed, ret_write_ms);
	}
	kc_http_free(h);
	for (int i = 0; i < watchers; i++)
		kc_buf_free(&ws[i].line);
	free(ws);
	return rc;
}

/* ---- one prefix watch, as the apiserver's watch cache holds ---- */

static int discard_data(const char *data, size_t len, void *userdata)
{
	(void)data;
	(void)len;
	(void)userdata;
	return 0;
}

static void on_prefix_watch_end(kc_http_response *resp, void *userdata)
{
	(void)resp;
	*(kc_http_req **)userdata = NULL;
}

int bench_etcd_watch_prefix(bench_ctx *b, const char *prefix, bool on)
{
	if (!on) {
		kc_http_cancel(b->prefix_watch);
		b->prefix_watch = NULL;
		return 0;
	}
	_cleanup_free_ char *end = xstrdup(prefix);
	end[strlen(end) - 1]++;
	_cleanup_free_ char *k = kc_base64_encode(prefix, strlen(prefix));
	_cleanup_free_ char *e = kc_base64_encode(end, strlen(end));
	_cleanup_free_ char *body = xasprintf("{\"create_request\":{\"key\":\"%s\",\"range_end\":\"%s\","
	                                      "\"prev_kv\":true,\"progress_notify\":true}}",
	                                      k, e);
	_cleanup_free_ char *url = xasprintf("%s/v3/watch", b->etcd);
	static const char *const headers[] = {"Content-Type: application/json", NULL};
	kc_http_request rq = {.method = "POST",
	                      .url = url,
	                      .headers = headers,
	                      .body = body,
	                      .body_len = strlen(body),
	                      .on_data = discard_data};
	b->prefix_watch = kc_http_start(b->http, &rq, on_prefix_watch_end, &b->prefix_watch);
	if (!b->prefix_watch)
		return -1;
	bench_run_until(b, 0.2, NULL, NULL); /* let etcd set it up */
	return 0;
}
