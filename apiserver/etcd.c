/* etcd.c - etcd v3 over its JSON gateway (see etcd.h).
 *
 * Every call is one POST of a JSON request to <endpoint>/v3/...; numbers
 * travel as strings (int64 in proto3 JSON) and keys/values as base64. A
 * request that could not connect is retried on the next endpoint; others
 * fail to the caller, because a write whose answer was lost may have been
 * applied. */
#include "etcd.h"

#include <errno.h>
#include <inttypes.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "common/base64.h"
#include "common/util.h"
#include "banned.h"

#define ETCD_MAX_ENDPOINTS 8

struct api_etcd {
	kc_http *http;
	char *endpoints[ETCD_MAX_ENDPOINTS];
	size_t nendpoints;
	size_t current;
	kc_http_tls tls;
	char *ca_file, *cert_file, *key_file;
	long timeout_ms;
	void (*observe)(const char *operation, const char *type, int64_t latency_us, void *userdata);
	void *observe_data;
};

typedef enum { OP_RANGE, OP_TXN, OP_COMPACT, OP_LEASE } op_kind;

typedef struct etcd_call {
	api_etcd *e;
	op_kind kind;
	const char *operation; /* for metrics */
	char type[64];         /* the resource of the key, for metrics */
	int64_t start_us;
	char *path; /* "/v3/kv/range" */
	char *body;
	size_t attempts;
	etcd_cb cb;
	void *userdata;
} etcd_call;

api_etcd *etcd_new(struct event_base *base, const etcd_config *cfg, kc_error *err)
{
	if (!cfg->servers || !cfg->servers[0]) {
		kc_error_set(err, -EINVAL, "--etcd-servers must be specified");
		return NULL;
	}
	api_etcd *e = xcalloc(1, sizeof(*e));
	_cleanup_free_ char *list = xstrdup(cfg->servers);
	char *save = NULL;
	for (char *s = strtok_r(list, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		while (*s == ' ')
			s++;
		if (!*s)
			continue;
		if (!str_startswith(s, "http://") && !str_startswith(s, "https://")) {
			kc_error_set(err, -EINVAL, "--etcd-servers: \"%s\" is not an http:// or https:// URL", s);
			etcd_free(e);
			return NULL;
		}
		if (e->nendpoints == ETCD_MAX_ENDPOINTS) {
			kc_error_set(err, -EINVAL, "--etcd-servers: at most %d servers", ETCD_MAX_ENDPOINTS);
			etcd_free(e);
			return NULL;
		}
		size_t l = strlen(s);
		while (l && s[l - 1] == '/')
			s[--l] = '\0';
		e->endpoints[e->nendpoints++] = xstrdup(s);
	}
	if (!e->nendpoints) {
		kc_error_set(err, -EINVAL, "--etcd-servers must be specified");
		etcd_free(e);
		return NULL;
	}
	e->ca_file = cfg->ca_file ? xstrdup(cfg->ca_file) : NULL;
	e->cert_file = cfg->cert_file ? xstrdup(cfg->cert_file) : NULL;
	e->key_file = cfg->key_file ? xstrdup(cfg->key_file) : NULL;
	e->tls.ca_file = e->ca_file;
	e->tls.cert_file = e->cert_file;
	e->tls.key_file = e->key_file;
	e->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms : 10000;
	e->observe = cfg->observe;
	e->observe_data = cfg->observe_data;
	e->http = kc_http_new(base);
	return e;
}

void etcd_free(api_etcd *e)
{
	if (!e)
		return;
	kc_http_free(e->http);
	for (size_t i = 0; i < e->nendpoints; i++)
		free(e->endpoints[i]);
	free(e->ca_file);
	free(e->cert_file);
	free(e->key_file);
	free(e);
}

const char *etcd_current_endpoint(const api_etcd *e) { return e->endpoints[e->current]; }

char *etcd_prefix_end(const char *prefix)
{
	char *end = xstrdup(prefix);
	size_t n = strlen(end);
	/* Prefixes here are printable paths: the last byte is never 0xff. */
	if (n)
		end[n - 1]++;
	return end;
}

/* ---- JSON helpers ---- */

static int64_t num(const cJSON *o, const char *field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
	if (cJSON_IsString(v))
		return strtoll(v->valuestring, NULL, 10);
	if (cJSON_IsNumber(v))
		return (int64_t)v->valuedouble;
	return 0;
}

static void add_b64(cJSON *o, const char *field, const char *data, size_t len)
{
	_cleanup_free_ char *b = kc_base64_encode(data, len);
	cJSON_AddStringToObject(o, field, b);
}

static void add_num(cJSON *o, const char *field, int64_t v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	cJSON_AddStringToObject(o, field, buf);
}

static char *decode_field(const cJSON *o, const char *field, size_t *ret_len)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
	char *out = NULL;
	size_t len = 0;
	if (!cJSON_IsString(v) || kc_base64_decode(v->valuestring, strlen(v->valuestring), &out, &len) < 0)
		out = xstrdup("");
	if (ret_len)
		*ret_len = len;
	return out;
}

static void kv_from_json(const cJSON *j, etcd_kv *kv)
{
	kv->key = decode_field(j, "key", NULL);
	kv->value = decode_field(j, "value", &kv->value_len);
	kv->create_revision = num(j, "create_revision");
	kv->mod_revision = num(j, "mod_revision");
	kv->version = num(j, "version");
}

static void kv_clear(etcd_kv *kv)
{
	free(kv->key);
	free(kv->value);
	memset(kv, 0, sizeof(*kv));
}

static void kvs_from_json(const cJSON *arr, etcd_result *res)
{
	int n = cJSON_GetArraySize(arr);
	if (n <= 0)
		return;
	res->kvs = xcalloc((size_t)n, sizeof(etcd_kv));
	const cJSON *kv;
	cJSON_ArrayForEach(kv, arr) kv_from_json(kv, &res->kvs[res->nkvs++]);
}

static void result_clear(etcd_result *res)
{
	for (size_t i = 0; i < res->nkvs; i++)
		kv_clear(&res->kvs[i]);
	free(res->kvs);
	if (res->prev_kv) {
		kv_clear(res->prev_kv);
		free(res->prev_kv);
	}
}

/* The gateway's error body: {"error":"...","code":11,"message":"..."}. */
static void error_from_body(const cJSON *body, const char *raw, etcd_result *res)
{
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(body, "message");
	if (!cJSON_IsString(msg))
		msg = cJSON_GetObjectItemCaseSensitive(body, "error");
	const char *text = cJSON_IsString(msg) ? msg->valuestring : raw;
	snprintf(res->errmsg, sizeof(res->errmsg), "etcd: %s", text);
	/* gRPC codes the gateway passes on: 1 Canceled ("the client connection
	 * is closing" while etcd stops), 4 DeadlineExceeded, 14 Unavailable.
	 * They say etcd is going or gone, not that the request was wrong. */
	int64_t code = num(body, "code");
	if (strstr(text, "required revision has been compacted"))
		res->err = -ENOENT;
	else if (code == 1 || code == 4 || code == 14)
		res->err = -ECONNRESET;
	else
		res->err = -EIO;
}

/* ---- calls ---- */

static void call_start(etcd_call *c);

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* "/registry/pods/ns/x" -> "pods": the second path segment. */
static void key_type(const char *key, char *buf, size_t size)
{
	const char *p = key[0] == '/' ? strchr(key + 1, '/') : NULL;
	size_t n = 0;
	if (p) {
		p++;
		while (p[n] && p[n] != '/' && n < size - 1)
			n++;
		memcpy(buf, p, n);
	}
	buf[n] = '\0';
}

static void call_free(etcd_call *c)
{
	free(c->path);
	free(c->body);
	free(c);
}

static void parse_answer(etcd_call *c, const cJSON *j, etcd_result *res)
{
	res->revision = num(cJSON_GetObjectItemCaseSensitive(j, "header"), "revision");
	if (c->kind == OP_RANGE) {
		kvs_from_json(cJSON_GetObjectItemCaseSensitive(j, "kvs"), res);
		res->more = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "more"));
		res->count = num(j, "count");
		return;
	}
	if (c->kind == OP_LEASE)
		res->lease = num(j, "ID");
	if (c->kind != OP_TXN)
		return;
	res->succeeded = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "succeeded"));
	const cJSON *r;
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(j, "responses"))
	{
		const cJSON *range = cJSON_GetObjectItemCaseSensitive(r, "response_range");
		if (range)
			kvs_from_json(cJSON_GetObjectItemCaseSensitive(range, "kvs"), res);
		const cJSON *del = cJSON_GetObjectItemCaseSensitive(r, "response_delete_range");
		const cJSON *prev = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(del, "prev_kvs"), 0);
		if (prev) {
			res->prev_kv = xcalloc(1, sizeof(etcd_kv));
			kv_from_json(prev, res->prev_kv);
		}
	}
}

static void call_done(kc_http_response *resp, void *userdata)
{
	etcd_call *c = userdata;
	api_etcd *e = c->e;
	etcd_result res = {0};

	if (resp->err && (resp->err == -ECONNREFUSED || resp->err == -EHOSTUNREACH) &&
	    c->attempts < e->nendpoints) {
		/* Never reached this endpoint: safe to try the next. */
		e->current = (e->current + 1) % e->nendpoints;
		call_start(c);
		return;
	}
	if (resp->err) {
		res.err = resp->err;
		snprintf(res.errmsg, sizeof(res.errmsg), "etcd %s: %s", e->endpoints[e->current], resp->errmsg);
	} else {
		_cleanup_json_ cJSON *j = cJSON_ParseWithLength(resp->body.s, resp->body.len);
		if (resp->status != 200)
			error_from_body(j, kc_buf_str(&resp->body), &res);
		else if (!j)
			res.err = -EIO, snprintf(res.errmsg, sizeof(res.errmsg), "etcd: unreadable answer");
		else
			parse_answer(c, j, &res);
	}
	if (e->observe)
		e->observe(c->operation, c->type, now_us() - c->start_us, e->observe_data);
	c->cb(&res, c->userdata);
	result_clear(&res);
	call_free(c);
}

static void call_start(etcd_call *c)
{
	api_etcd *e = c->e;
	c->attempts++;
	_cleanup_free_ char *url = xasprintf("%s%s", e->endpoints[e->current], c->path);
	static const char *const headers[] = {"Content-Type: application/json", NULL};
	kc_http_request req = {
		.method = "POST",
		.url = url,
		.headers = headers,
		.body = c->body,
		.body_len = strlen(c->body),
		.tls = &e->tls,
		.connect_timeout_ms = 2000,
		.timeout_ms = e->timeout_ms,
	};
	if (!kc_http_start(e->http, &req, call_done, c)) {
		etcd_result res = {.err = -EINVAL};
		snprintf(res.errmsg, sizeof(res.errmsg), "etcd: bad endpoint URL %s", url);
		c->cb(&res, c->userdata);
		call_free(c);
	}
}

static int call(api_etcd *e, op_kind kind, const char *operation, const char *key, const char *path, cJSON *body,
		etcd_cb cb, void *userdata)
{
	etcd_call *c = xcalloc(1, sizeof(*c));
	c->e = e;
	c->kind = kind;
	c->operation = operation;
	key_type(key, c->type, sizeof(c->type));
	c->start_us = now_us();
	c->path = xstrdup(path);
	c->body = cJSON_PrintUnformatted(body);
	c->cb = cb;
	c->userdata = userdata;
	cJSON_Delete(body);
	call_start(c);
	return 0;
}

int etcd_range(api_etcd *e, const char *key, const char *range_end, int64_t revision, int64_t limit,
	       bool count_only, etcd_cb cb, void *userdata)
{
	cJSON *b = cJSON_CreateObject();
	add_b64(b, "key", key, strlen(key));
	if (range_end)
		add_b64(b, "range_end", range_end, strlen(range_end));
	if (revision > 0)
		add_num(b, "revision", revision);
	if (limit > 0)
		add_num(b, "limit", limit);
	if (count_only)
		cJSON_AddBoolToObject(b, "count_only", true);
	return call(e, OP_RANGE, range_end ? "list" : "get", key, "/v3/kv/range", b, cb, userdata);
}

int etcd_range_newest(api_etcd *e, const char *key, const char *range_end, etcd_cb cb, void *userdata)
{
	cJSON *b = cJSON_CreateObject();
	add_b64(b, "key", key, strlen(key));
	add_b64(b, "range_end", range_end, strlen(range_end));
	add_num(b, "limit", 1);
	cJSON_AddStringToObject(b, "sort_order", "DESCEND");
	cJSON_AddStringToObject(b, "sort_target", "MOD");
	cJSON_AddBoolToObject(b, "keys_only", true);
	return call(e, OP_RANGE, "list", key, "/v3/kv/range", b, cb, userdata);
}

/* {"compare":[cmp],"success":[op],"failure":[{"request_range":{"key":k}}]} */
static int txn(api_etcd *e, const char *operation, const char *key, const char *target, int64_t rev,
	       cJSON *success_op, etcd_cb cb, void *userdata)
{
	cJSON *b = cJSON_CreateObject();
	cJSON *cmp = cJSON_CreateObject();
	add_b64(cmp, "key", key, strlen(key));
	cJSON_AddStringToObject(cmp, "target", target);
	cJSON_AddStringToObject(cmp, "result", "EQUAL");
	add_num(cmp, streq(target, "CREATE") ? "create_revision" : "mod_revision", rev);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(b, "compare"), cmp);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(b, "success"), success_op);
	cJSON *fail = cJSON_CreateObject();
	cJSON *range = cJSON_AddObjectToObject(fail, "request_range");
	add_b64(range, "key", key, strlen(key));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(b, "failure"), fail);
	return call(e, OP_TXN, operation, key, "/v3/kv/txn", b, cb, userdata);
}

static cJSON *put_op(const char *key, const char *value, size_t len, int64_t lease)
{
	cJSON *op = cJSON_CreateObject();
	cJSON *put = cJSON_AddObjectToObject(op, "request_put");
	add_b64(put, "key", key, strlen(key));
	add_b64(put, "value", value, len);
	if (lease)
		add_num(put, "lease", lease);
	return op;
}

int etcd_create(api_etcd *e, const char *key, const char *value, size_t len, int64_t lease, etcd_cb cb,
		void *userdata)
{
	return txn(e, "create", key, "CREATE", 0, put_op(key, value, len, lease), cb, userdata);
}

int etcd_update(api_etcd *e, const char *key, const char *value, size_t len, int64_t mod_revision, int64_t lease,
		etcd_cb cb, void *userdata)
{
	return txn(e, "update", key, "MOD", mod_revision, put_op(key, value, len, lease), cb, userdata);
}

int etcd_lease_grant(api_etcd *e, int64_t ttl, etcd_cb cb, void *userdata)
{
	cJSON *b = cJSON_CreateObject();
	add_num(b, "TTL", ttl);
	return call(e, OP_LEASE, "grant", "", "/v3/lease/grant", b, cb, userdata);
}

int etcd_delete(api_etcd *e, const char *key, int64_t mod_revision, etcd_cb cb, void *userdata)
{
	cJSON *op = cJSON_CreateObject();
	cJSON *del = cJSON_AddObjectToObject(op, "request_delete_range");
	add_b64(del, "key", key, strlen(key));
	cJSON_AddBoolToObject(del, "prev_kv", true);
	return txn(e, "delete", key, "MOD", mod_revision, op, cb, userdata);
}

int etcd_compact(api_etcd *e, int64_t revision, etcd_cb cb, void *userdata)
{
	cJSON *b = cJSON_CreateObject();
	add_num(b, "revision", revision);
	return call(e, OP_COMPACT, "compact", "", "/v3/kv/compaction", b, cb, userdata);
}

/* ---- watch ---- */

struct etcd_watch {
	api_etcd *e;
	kc_http_req *req;
	kc_buf line;
	etcd_watch_events_cb on_events;
	etcd_watch_end_cb on_end;
	void *userdata;
	bool ended;   /* on_end already reported (etcd cancelled the watch) */
	bool stopped; /* etcd_watch_stop was called inside a callback */
	int in_cb;
};

static void watch_release(etcd_watch *w)
{
	kc_buf_free(&w->line);
	free(w);
}

static void watch_end(etcd_watch *w, int err, int64_t compact_rev, const char *msg)
{
	if (w->ended)
		return;
	w->ended = true;
	w->in_cb++;
	w->on_end(err, compact_rev, msg, w->userdata);
	w->in_cb--;
}

/* One gateway message: {"result":{header, created, canceled,
 * compact_revision, cancel_reason, events:[{type, kv, prev_kv}]}} or an
 * {"error":...} object. */
static void watch_message(etcd_watch *w, const char *text, size_t len)
{
	_cleanup_json_ cJSON *j = cJSON_ParseWithLength(text, len);
	const cJSON *result = cJSON_GetObjectItemCaseSensitive(j, "result");
	if (!result) {
		const cJSON *error = cJSON_GetObjectItemCaseSensitive(j, "error");
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(error, "message");
		watch_end(w, -EIO, 0, cJSON_IsString(m) ? m->valuestring : "etcd watch failed");
		return;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(result, "canceled"))) {
		int64_t compact = num(result, "compact_revision");
		const cJSON *reason = cJSON_GetObjectItemCaseSensitive(result, "cancel_reason");
		watch_end(w, compact > 0 ? -ENOENT : -EIO, compact,
			  cJSON_IsString(reason) ? reason->valuestring : "etcd cancelled the watch");
		return;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(result, "created")))
		return;
	int64_t revision = num(cJSON_GetObjectItemCaseSensitive(result, "header"), "revision");
	const cJSON *events = cJSON_GetObjectItemCaseSensitive(result, "events");
	size_t n = (size_t)cJSON_GetArraySize(events), i = 0;
	etcd_event *ev = n ? xcalloc(n, sizeof(*ev)) : NULL;
	const cJSON *e;
	cJSON_ArrayForEach(e, events)
	{
		const cJSON *type = cJSON_GetObjectItemCaseSensitive(e, "type");
		ev[i].type = cJSON_IsString(type) && streq(type->valuestring, "DELETE") ? ETCD_EVENT_DELETE
											: ETCD_EVENT_PUT;
		kv_from_json(cJSON_GetObjectItemCaseSensitive(e, "kv"), &ev[i].kv);
		const cJSON *prev = cJSON_GetObjectItemCaseSensitive(e, "prev_kv");
		if (prev)
			kv_from_json(prev, &ev[i].prev_kv);
		else
			ev[i].prev_kv.key = xstrdup(""), ev[i].prev_kv.value = xstrdup("");
		i++;
	}
	w->in_cb++;
	w->on_events(ev, n, revision, w->userdata);
	w->in_cb--;
	for (i = 0; i < n; i++) {
		kv_clear(&ev[i].kv);
		kv_clear(&ev[i].prev_kv);
	}
	free(ev);
}

static int watch_data(const char *data, size_t len, void *userdata)
{
	etcd_watch *w = userdata;
	kc_buf_add(&w->line, data, len);
	size_t start = 0;
	for (size_t i = 0; i < w->line.len && !w->stopped && !w->ended; i++) {
		if (w->line.s[i] != '\n')
			continue;
		if (i > start)
			watch_message(w, w->line.s + start, i - start);
		start = i + 1;
	}
	kc_buf_consume(&w->line, start);
	if (w->stopped) {
		/* stopped from one of our callbacks: the request is cancelled
		 * and its done callback will not run, so release here */
		watch_release(w);
		return -1;
	}
	/* Once etcd cancelled the watch, the stream is over for us. */
	return w->ended ? -1 : 0;
}

static void watch_done(kc_http_response *resp, void *userdata)
{
	etcd_watch *w = userdata;
	w->req = NULL;
	if (!w->stopped) {
		char msg[512];
		snprintf(msg, sizeof(msg), "etcd watch stream ended: %s",
			 resp->err ? resp->errmsg : (resp->status == 200 ? "closed by etcd" : kc_buf_str(&resp->body)));
		watch_end(w, resp->err ? resp->err : -ECONNRESET, 0, msg);
	}
	if (w->stopped)
		watch_release(w);
}

etcd_watch *etcd_watch_start(api_etcd *e, const char *prefix, int64_t start_revision,
			     etcd_watch_events_cb on_events, etcd_watch_end_cb on_end, void *userdata)
{
	etcd_watch *w = xcalloc(1, sizeof(*w));
	w->e = e;
	w->on_events = on_events;
	w->on_end = on_end;
	w->userdata = userdata;

	_cleanup_json_ cJSON *b = cJSON_CreateObject();
	cJSON *cr = cJSON_AddObjectToObject(b, "create_request");
	_cleanup_free_ char *end = etcd_prefix_end(prefix);
	add_b64(cr, "key", prefix, strlen(prefix));
	add_b64(cr, "range_end", end, strlen(end));
	if (start_revision > 0)
		add_num(cr, "start_revision", start_revision);
	cJSON_AddBoolToObject(cr, "prev_kv", true);
	cJSON_AddBoolToObject(cr, "progress_notify", true);
	_cleanup_free_ char *body = cJSON_PrintUnformatted(b);
	_cleanup_free_ char *url = xasprintf("%s/v3/watch", e->endpoints[e->current]);
	static const char *const headers[] = {"Content-Type: application/json", NULL};
	kc_http_request req = {
		.method = "POST",
		.url = url,
		.headers = headers,
		.body = body,
		.body_len = strlen(body),
		.tls = &e->tls,
		.connect_timeout_ms = 2000,
		.on_data = watch_data,
	};
	w->req = kc_http_start(e->http, &req, watch_done, w);
	if (!w->req) {
		watch_release(w);
		return NULL;
	}
	return w;
}

void etcd_watch_stop(etcd_watch *w)
{
	if (!w)
		return;
	w->stopped = true;
	if (w->req) {
		/* inside on_data the request is cancelled by returning -1 from
		 * watch_data; the done callback then never runs, so free here
		 * once the request is gone. */
		kc_http_cancel(w->req);
		w->req = NULL;
	}
	if (w->in_cb == 0)
		watch_release(w);
	/* else: released when the callback unwinds (watch_data/watch_done) */
}
