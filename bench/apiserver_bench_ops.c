/* apiserver_bench_ops.c - the benchmark's operations: pods created, read and
 * listed through kc-apiserver (libkc's client) and the same through raw etcd
 * (its JSON gateway, with common/http.h), plus the pod they all store.
 *
 * Both sides end with parsed objects in the client: the Kubernetes client
 * parses every answer, so the raw etcd operations parse the gateway's
 * answer, decode the base64 values and parse the pods too. What remains is
 * the apiserver's own cost. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/apiserver_bench.h"
#include "common/base64.h"
#include "common/json.h"
#include "common/util.h"
#include "banned.h"

/* A pod as a ReplicaSet of a Deployment makes it; the apiserver adds its
 * defaults (restartPolicy, dnsPolicy, terminationMessagePath, ...), uid and
 * creationTimestamp before storing. */
/* The pod, one line per part of it. */
/* clang-format off */
static const char pod_template[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"%s\","
	"\"generateName\":\"web-7d4b9c8f6d-\",\"labels\":{\"app\":\"web\",\"pod-template-hash\":\"7d4b9c8f6d\","
	"\"tier\":\"frontend\",\"version\":\"v1.4.2\"},\"annotations\":{\"prometheus.io/scrape\":\"true\","
	"\"prometheus.io/port\":\"9102\",\"kubectl.kubernetes.io/restartedAt\":\"2024-05-01T10:00:00Z\"%s},"
	"\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-7d4b9c8f6d\","
	"\"uid\":\"5f0c7f52-3b53-4a8e-9c5d-1d2e3f4a5b6c\",\"controller\":true,\"blockOwnerDeletion\":true}]},"
	"\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"registry.example.com/team/web:1.4.2\","
	"\"args\":[\"--port=8080\",\"--metrics-port=9102\",\"--log-level=info\"],"
	"\"ports\":[{\"name\":\"http\",\"containerPort\":8080,\"protocol\":\"TCP\"},"
	"{\"name\":\"metrics\",\"containerPort\":9102,\"protocol\":\"TCP\"}],"
	"\"env\":[{\"name\":\"POD_NAME\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}},"
	"{\"name\":\"POD_IP\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"status.podIP\"}}},"
	"{\"name\":\"LOG_FORMAT\",\"value\":\"json\"}],"
	"\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"},"
	"\"limits\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"}},"
	"\"readinessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":\"http\"},\"periodSeconds\":10},"
	"\"livenessProbe\":{\"httpGet\":{\"path\":\"/livez\",\"port\":\"http\"},\"initialDelaySeconds\":5,"
	"\"periodSeconds\":20},\"volumeMounts\":[{\"name\":\"config\",\"mountPath\":\"/etc/web\","
	"\"readOnly\":true}],\"imagePullPolicy\":\"IfNotPresent\"}],"
	"\"volumes\":[{\"name\":\"config\",\"configMap\":{\"name\":\"web-config\"}}],"
	"\"nodeSelector\":{\"kubernetes.io/os\":\"linux\"},"
	"\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\","
	"\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\","
	"\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],"
	"\"terminationGracePeriodSeconds\":30}}";
/* clang-format on */

char *bench_pod_json(const char *ns, const char *name, int round)
{
	char round_ann[64] = "";
	if (round >= 0)
		snprintf(round_ann, sizeof(round_ann), ",\"bench/round\":\"%d\"", round);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return xasprintf(pod_template, name, ns, round_ann);
#pragma GCC diagnostic pop
}

const char *bench_pod_name(char *buf, size_t size, long i)
{
	snprintf(buf, size, "pod-%06ld", i);
	return buf;
}

static long take_index(bench_target *t)
{
	long i = t->next++;
	return t->modulo > 0 ? i % t->modulo : i;
}

static char *etcd_key(const char *ns, const char *name)
{
	return xasprintf("/bench/pods/%s/%s", ns, name);
}

/* ---- kc-apiserver ---- */

static void api_fail(bench_op *op, const kc_response *resp)
{
	char msg[160];
	if (resp->status)
		snprintf(msg, sizeof(msg), "kc-apiserver answered %ld: %.120s", resp->status, resp->err.msg);
	else
		snprintf(msg, sizeof(msg), "kc-apiserver: %.140s", resp->err.msg);
	bench_op_done(op, false, msg);
}

static void on_api_created(kc_response *resp, void *userdata)
{
	if (resp->status != 201 || !resp->body)
		api_fail(userdata, resp);
	else
		bench_op_done(userdata, true, NULL);
}

int bench_api_create(void *target, bench_op *op)
{
	bench_target *t = target;
	char name[32];
	bench_pod_name(name, sizeof(name), take_index(t));
	_cleanup_free_ char *body = bench_pod_json(t->ns, name, -1);
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods", t->ns);
	return kc_client_request(t->b->client, "POST", path, "application/json", body, strlen(body), NULL,
	                         on_api_created, op) < 0
	           ? -1
	           : 0;
}

static void on_api_got(kc_response *resp, void *userdata)
{
	if (resp->status != 200 || !cJSON_IsObject(resp->body))
		api_fail(userdata, resp);
	else
		bench_op_done(userdata, true, NULL);
}

int bench_api_get(void *target, bench_op *op)
{
	bench_target *t = target;
	char name[32];
	bench_pod_name(name, sizeof(name), take_index(t));
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s%s%s", t->ns, name,
	                                      t->query ? "?" : "", t->query ? t->query : "");
	return kc_client_request(t->b->client, "GET", path, NULL, NULL, 0, NULL, on_api_got, op) < 0 ? -1 : 0;
}

/* A list in progress: pages follow metadata.continue. */
typedef struct api_list {
	bench_target *t;
	bench_op *op;
	long items;
} api_list;

static int api_list_page(api_list *l, const char *cont);

static void on_api_page(kc_response *resp, void *userdata)
{
	api_list *l = userdata;
	if (resp->status != 200 || !resp->body) {
		api_fail(l->op, resp);
		free(l);
		return;
	}
	l->items += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(resp->body, "items"));
	const char *cont = kc_json_get_str(resp->body, "metadata.continue", "");
	if (cont[0]) {
		if (api_list_page(l, cont) == 0)
			return;
		bench_op_done(l->op, false, "could not request the next page");
	} else if (l->items != l->t->expect) {
		char msg[96];
		snprintf(msg, sizeof(msg), "the list held %ld items, not %ld", l->items, l->t->expect);
		bench_op_done(l->op, false, msg);
	} else {
		bench_op_done(l->op, true, NULL);
	}
	free(l);
}

static int api_list_page(api_list *l, const char *cont)
{
	bench_target *t = l->t;
	kc_buf path = KC_BUF_INIT;
	if (t->all_ns)
		kc_buf_addstr(&path, "/api/v1/pods");
	else
		kc_buf_addf(&path, "/api/v1/namespaces/%s/pods", t->ns);
	char sep = '?';
	if (t->query) {
		kc_buf_addf(&path, "%c%s", sep, t->query);
		sep = '&';
	}
	if (t->page) {
		kc_buf_addf(&path, "%climit=%ld", sep, t->page);
		sep = '&';
	}
	if (cont) {
		/* continue tokens are base64 (+, /, =): escape them */
		kc_buf_addf(&path, "%ccontinue=", sep);
		for (const char *p = cont; *p; p++) {
			if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')
				kc_buf_addch(&path, *p);
			else
				kc_buf_addf(&path, "%%%02X", (unsigned char)*p);
		}
	}
	int rc =
	    kc_client_request(t->b->client, "GET", kc_buf_str(&path), NULL, NULL, 0, NULL, on_api_page, l);
	kc_buf_free(&path);
	return rc < 0 ? -1 : 0;
}

int bench_api_list(void *target, bench_op *op)
{
	api_list *l = xcalloc(1, sizeof(*l));
	l->t = target;
	l->op = op;
	if (api_list_page(l, NULL) < 0) {
		free(l);
		return -1;
	}
	return 0;
}

/* ---- raw etcd ---- */

static void add_b64(cJSON *o, const char *name, const char *s, size_t n)
{
	_cleanup_free_ char *enc = kc_base64_encode(s, n);
	cJSON_AddStringToObject(o, name, enc);
}

typedef void (*etcd_answer_fn)(cJSON *answer, void *userdata);

typedef struct etcd_call {
	bench_op *op;
	etcd_answer_fn fn;
	void *userdata;
} etcd_call;

static void on_etcd_done(kc_http_response *resp, void *userdata)
{
	etcd_call *c = userdata;
	bench_op *op = c->op;
	etcd_answer_fn fn = c->fn;
	void *ud = c->userdata;
	free(c);
	char msg[160];
	if (resp->err) {
		snprintf(msg, sizeof(msg), "etcd: %.150s", resp->errmsg);
		bench_op_done(op, false, msg);
		return;
	}
	_cleanup_json_ cJSON *answer = cJSON_ParseWithLength(resp->body.s, resp->body.len);
	if (resp->status != 200 || !answer) {
		snprintf(msg, sizeof(msg), "etcd answered %ld: %.100s", resp->status,
		         kc_buf_str(&resp->body));
		bench_op_done(op, false, msg);
		return;
	}
	fn(answer, ud);
}

/* POSTs body (a JSON object, consumed) to etcd's path; fn gets the parsed
 * answer of a 200 and must finish op (or go on); failures finish op. */
static int etcd_post(bench_ctx *b, const char *path, cJSON *body, bench_op *op, etcd_answer_fn fn,
                     void *userdata)
{
	_cleanup_free_ char *text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	_cleanup_free_ char *url = xasprintf("%s%s", b->etcd, path);
	static const char *const headers[] = {"Content-Type: application/json", NULL};
	kc_http_request rq = {
	    .method = "POST",
	    .url = url,
	    .headers = headers,
	    .body = text,
	    .body_len = strlen(text),
	};
	etcd_call *c = xcalloc(1, sizeof(*c));
	c->op = op;
	c->fn = fn;
	c->userdata = userdata;
	if (!kc_http_start(b->http, &rq, on_etcd_done, c)) {
		free(c);
		return -1;
	}
	return 0;
}

static void on_etcd_created(cJSON *answer, void *userdata)
{
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(answer, "succeeded")))
		bench_op_done(userdata, true, NULL);
	else
		bench_op_done(userdata, false, "etcd: the key exists already (txn compare failed)");
}

int bench_etcd_create(void *target, bench_op *op)
{
	bench_target *t = target;
	char name[32];
	bench_pod_name(name, sizeof(name), take_index(t));
	_cleanup_free_ char *key = etcd_key(t->ns, name);
	_cleanup_free_ char *value = bench_pod_json(t->ns, name, -1);
	cJSON *b = cJSON_CreateObject();
	cJSON *cmp = cJSON_CreateObject();
	add_b64(cmp, "key", key, strlen(key));
	cJSON_AddStringToObject(cmp, "result", "EQUAL");
	cJSON_AddStringToObject(cmp, "target", "CREATE");
	cJSON_AddStringToObject(cmp, "create_revision", "0");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(b, "compare"), cmp);
	cJSON *put = cJSON_CreateObject();
	cJSON *rp = cJSON_AddObjectToObject(put, "request_put");
	add_b64(rp, "key", key, strlen(key));
	add_b64(rp, "value", value, strlen(value));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(b, "success"), put);
	cJSON *get = cJSON_CreateObject();
	add_b64(cJSON_AddObjectToObject(get, "request_range"), "key", key, strlen(key));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(b, "failure"), get);
	return etcd_post(t->b, "/v3/kv/txn", b, op, on_etcd_created, op);
}

/* Decodes and parses every kv's value; returns how many parsed, -1 if one
 * did not. */
static long decode_kvs(const cJSON *answer, const char **ret_last_key)
{
	long n = 0;
	const cJSON *kv;
	cJSON_ArrayForEach(kv, cJSON_GetObjectItemCaseSensitive(answer, "kvs"))
	{
		const char *v = kc_json_get_str(kv, "value", NULL);
		_cleanup_free_ char *raw = NULL;
		size_t len = 0;
		if (!v || kc_base64_decode(v, strlen(v), &raw, &len) < 0)
			return -1;
		_cleanup_json_ cJSON *obj = cJSON_ParseWithLength(raw, len);
		if (!cJSON_IsObject(obj))
			return -1;
		if (ret_last_key)
			*ret_last_key = kc_json_get_str(kv, "key", NULL);
		n++;
	}
	return n;
}

static void on_etcd_got(cJSON *answer, void *userdata)
{
	if (decode_kvs(answer, NULL) == 1)
		bench_op_done(userdata, true, NULL);
	else
		bench_op_done(userdata, false, "etcd: the key is missing or its value is not a pod");
}

int bench_etcd_get(void *target, bench_op *op)
{
	bench_target *t = target;
	char name[32];
	bench_pod_name(name, sizeof(name), take_index(t));
	_cleanup_free_ char *key = etcd_key(t->ns, name);
	cJSON *b = cJSON_CreateObject();
	add_b64(b, "key", key, strlen(key));
	return etcd_post(t->b, "/v3/kv/range", b, op, on_etcd_got, op);
}

typedef struct etcd_list {
	bench_target *t;
	bench_op *op;
	char *end; /* range_end, raw bytes */
	long items;
} etcd_list;

static void etcd_list_free(etcd_list *l)
{
	free(l->end);
	free(l);
}

static int etcd_list_page(etcd_list *l, const char *start, size_t start_len);

static void on_etcd_page(cJSON *answer, void *userdata)
{
	etcd_list *l = userdata;
	const char *last = NULL;
	long n = decode_kvs(answer, &last);
	if (n < 0) {
		bench_op_done(l->op, false, "etcd: a value is not a pod");
		etcd_list_free(l);
		return;
	}
	l->items += n;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(answer, "more")) && last) {
		/* the next page starts just after the last key: key + "\0" */
		_cleanup_free_ char *raw = NULL;
		size_t len = 0;
		if (kc_base64_decode(last, strlen(last), &raw, &len) == 0) {
			char *next = xmalloc(len + 1);
			memcpy(next, raw, len);
			next[len] = '\0';
			int rc = etcd_list_page(l, next, len + 1);
			free(next);
			if (rc == 0)
				return;
		}
		bench_op_done(l->op, false, "could not request the next page");
	} else if (l->items != l->t->expect) {
		char msg[96];
		snprintf(msg, sizeof(msg), "the range held %ld keys, not %ld", l->items, l->t->expect);
		bench_op_done(l->op, false, msg);
	} else {
		bench_op_done(l->op, true, NULL);
	}
	etcd_list_free(l);
}

static int etcd_list_page(etcd_list *l, const char *start, size_t start_len)
{
	cJSON *b = cJSON_CreateObject();
	add_b64(b, "key", start, start_len);
	add_b64(b, "range_end", l->end, strlen(l->end));
	if (l->t->page)
		cJSON_AddNumberToObject(b, "limit", (double)l->t->page);
	return etcd_post(l->t->b, "/v3/kv/range", b, l->op, on_etcd_page, l);
}

int bench_etcd_list(void *target, bench_op *op)
{
	bench_target *t = target;
	etcd_list *l = xcalloc(1, sizeof(*l));
	l->t = t;
	l->op = op;
	_cleanup_free_ char *prefix =
	    t->all_ns ? xstrdup("/bench/pods/") : xasprintf("/bench/pods/%s/", t->ns);
	/* range_end: the prefix with its last byte ('/') incremented */
	l->end = xstrdup(prefix);
	l->end[strlen(l->end) - 1]++;
	if (etcd_list_page(l, prefix, strlen(prefix)) < 0) {
		etcd_list_free(l);
		return -1;
	}
	return 0;
}

/* ---- synchronous helpers for setting up ---- */

int bench_api_call(bench_ctx *b, const char *method, const char *path, const char *content_type,
                   const char *body, long want_status)
{
	kc_response resp;
	kc_client_request_sync(b->client, method, path, content_type, body, body ? strlen(body) : 0, NULL,
	                       &resp);
	int rc = 0;
	if (resp.status != want_status) {
		fprintf(stderr, "apiserver_bench: %s %s: %ld %s\n", method, path, resp.status, resp.err.msg);
		rc = -1;
	}
	kc_response_clear(&resp);
	return rc;
}

int bench_api_metric(bench_ctx *b, const char *name, const char *const *labels, double *ret_sum,
                     double *ret_count)
{
	kc_response resp;
	kc_client_request_sync(b->client, "GET", "/metrics", NULL, NULL, 0, NULL, &resp);
	if (resp.status != 200) {
		fprintf(stderr, "apiserver_bench: GET /metrics: %ld %s\n", resp.status, resp.err.msg);
		kc_response_clear(&resp);
		return -1;
	}
	double sum = 0, count = 0;
	size_t nlen = strlen(name);
	for (char *line = resp.raw; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		bool match = strncmp(line, name, nlen) == 0;
		for (const char *const *l = labels; match && *l; l++)
			match = strstr(line, *l) != NULL;
		const char *brace = match ? strchr(line, '}') : NULL;
		if (brace) {
			double v = strtod(brace + 1, NULL);
			if (str_startswith(line + nlen, "_sum{"))
				sum += v;
			else if (str_startswith(line + nlen, "_count{"))
				count += v;
		}
		line = nl ? nl + 1 : NULL;
	}
	kc_response_clear(&resp);
	*ret_sum = sum;
	*ret_count = count;
	return 0;
}

typedef struct sync_call {
	bool done;
	int rc;
	char *body;
} sync_call;

static void on_sync_done(kc_http_response *resp, void *userdata)
{
	sync_call *s = userdata;
	s->done = true;
	if (resp->err || resp->status != 200) {
		fprintf(stderr, "apiserver_bench: etcd: %ld %s%s\n", resp->status, resp->errmsg,
		        kc_buf_str(&resp->body));
		s->rc = -1;
		return;
	}
	s->body = kc_buf_release(&resp->body);
}

static bool sync_done(void *userdata)
{
	return ((sync_call *)userdata)->done;
}

int bench_etcd_call(bench_ctx *b, const char *path, const char *body, char **ret_body)
{
	_cleanup_free_ char *url = xasprintf("%s%s", b->etcd, path);
	static const char *const headers[] = {"Content-Type: application/json", NULL};
	kc_http_request rq = {
	    .method = "POST", .url = url, .headers = headers, .body = body, .body_len = strlen(body)};
	sync_call s = {0};
	kc_http_req *r = kc_http_start(b->http, &rq, on_sync_done, &s);
	if (!r)
		return -1;
	if (!bench_run_until(b, 30, sync_done, &s)) {
		kc_http_cancel(r);
		fprintf(stderr, "apiserver_bench: etcd %s: no answer in 30 s\n", path);
		return -1;
	}
	if (s.rc == 0 && ret_body)
		*ret_body = TAKE_PTR(s.body);
	free(s.body);
	return s.rc;
}
