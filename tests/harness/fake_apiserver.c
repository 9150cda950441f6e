/* fake_apiserver.c - a programmable Kubernetes-like API server for tests
 * (see fake_apiserver.h). A test double: correctness where the informer and
 * client depend on upstream's behaviour (resourceVersions, 410s, watch
 * framing, pagination), simplicity everywhere else. */
#include "harness/fake_apiserver.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "common/map.h"
#include "common/util.h"

#include "common/banned.h"

enum { EV_ADDED, EV_MODIFIED, EV_DELETED };
static const char *const event_names[] = {"ADDED", "MODIFIED", "DELETED"};

typedef struct fake_resource {
	char *prefix;      /* "/api/v1" */
	char *plural;      /* "pods" */
	char *kind;        /* "Pod" */
	char *api_version; /* "v1", "apps/v1" */
	bool namespaced;
	kc_map *objects; /* "ns/name" or "name" -> cJSON * */
} fake_resource;

typedef struct log_entry {
	uint64_t rev;
	fake_resource *res;
	int type;    /* EV_* */
	cJSON *obj;  /* the object as of rev */
	cJSON *prev; /* MODIFIED: the object before, for selector transitions */
} log_entry;

/* label or field selector: terms all of which must hold */
typedef enum { SEL_EQ, SEL_NE, SEL_EXISTS, SEL_NOT_EXISTS } sel_op;
typedef struct sel_term {
	char *key;
	sel_op op;
	char *value;
} sel_term;
typedef struct selector {
	sel_term *terms;
	size_t n;
} selector;

typedef struct fake_watch {
	kc_fake_apiserver *s;
	struct evhttp_request *req;
	fake_resource *res;
	char *ns; /* NULL: all namespaces */
	selector labels, fields;
	bool bookmarks;
	struct event *timeout;
	struct fake_watch *prev, *next;
} fake_watch;

struct kc_fake_apiserver {
	struct event_base *base;
	struct evhttp *http;
	int port;
	char *url;
	fake_resource **res;
	size_t n_res;
	log_entry *log;
	size_t log_len, log_cap;
	uint64_t rev;
	uint64_t compact_rev;
	fake_watch *watches;
	struct {
		int status;
		unsigned count;
	} fail[KC_FAKE_REQUEST_KINDS];
	kc_fake_apiserver_stats stats;
	char **requests;
	size_t n_requests;
	ssize_t last[KC_FAKE_REQUEST_KINDS]; /* index into requests, -1: none */
};

static void json_free(void *p)
{
	cJSON_Delete(p);
}

/* ---- selectors ---- */

static void selector_clear(selector *sel)
{
	for (size_t i = 0; i < sel->n; i++) {
		free(sel->terms[i].key);
		free(sel->terms[i].value);
	}
	free(sel->terms);
	*sel = (selector){NULL, 0};
}

/* Parses the equality subset of the selector grammar: "a=b,c!=d,e,!f"
 * (fields: only = and !=). Set-based terms ("in", "notin") are refused. */
static int selector_parse(const char *text, bool fields, selector *ret, kc_error *err)
{
	selector sel = {NULL, 0};
	_cleanup_free_ char *copy = xstrdup(text ? text : "");
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		size_t len = strlen(t);
		while (len > 0 && t[len - 1] == ' ')
			t[--len] = '\0';
		if (!*t)
			continue;
		sel_term term = {NULL, SEL_EXISTS, NULL};
		char *op;
		if ((op = strstr(t, "!="))) {
			term.op = SEL_NE;
			term.key = xstrndup(t, (size_t)(op - t));
			term.value = xstrdup(op + 2);
		} else if ((op = strstr(t, "=="))) {
			term.op = SEL_EQ;
			term.key = xstrndup(t, (size_t)(op - t));
			term.value = xstrdup(op + 2);
		} else if ((op = strchr(t, '='))) {
			term.op = SEL_EQ;
			term.key = xstrndup(t, (size_t)(op - t));
			term.value = xstrdup(op + 1);
		} else if (!fields && t[0] == '!') {
			term.op = SEL_NOT_EXISTS;
			term.key = xstrdup(t + 1);
		} else if (!fields && !strchr(t, ' ') && !strchr(t, '(')) {
			term.key = xstrdup(t);
		} else {
			selector_clear(&sel);
			return kc_error_set(err, -EINVAL,
			                    "unable to parse requirement: \"%s\" (the fake apiserver only "
			                    "understands equality-based selectors)",
			                    t);
		}
		sel.terms = xrealloc(sel.terms, (sel.n + 1) * sizeof(*sel.terms));
		sel.terms[sel.n++] = term;
	}
	*ret = sel;
	return 0;
}

/* A string field by dotted path ("spec.nodeName"); "" when absent or not a
 * string, as field selectors treat unset fields. */
static const char *field_value(const cJSON *obj, const char *path)
{
	_cleanup_free_ char *copy = xstrdup(path);
	char *save = NULL;
	const cJSON *cur = obj;
	for (char *seg = strtok_r(copy, ".", &save); seg && cur; seg = strtok_r(NULL, ".", &save))
		cur = cJSON_GetObjectItemCaseSensitive(cur, seg);
	return cJSON_IsString(cur) ? cur->valuestring : "";
}

static bool selector_match(const selector *sel, bool fields, const cJSON *obj)
{
	const cJSON *labels =
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "labels");
	for (size_t i = 0; i < sel->n; i++) {
		const sel_term *t = &sel->terms[i];
		const char *v;
		if (fields) {
			v = field_value(obj, t->key);
		} else {
			const cJSON *l = cJSON_GetObjectItemCaseSensitive(labels, t->key);
			v = cJSON_IsString(l) ? l->valuestring : NULL;
		}
		switch (t->op) {
		case SEL_EQ:
			if (!v || !streq(v, t->value))
				return false;
			break;
		case SEL_NE: /* upstream: a missing label satisfies != */
			if (v && streq(v, t->value))
				return false;
			break;
		case SEL_EXISTS:
			if (!v)
				return false;
			break;
		case SEL_NOT_EXISTS:
			if (v)
				return false;
			break;
		}
	}
	return true;
}

/* ---- objects ---- */

static const char *meta_str(const cJSON *obj, const char *field)
{
	const cJSON *v =
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), field);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void set_meta_str(cJSON *obj, const char *field, const char *value)
{
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	if (cJSON_GetObjectItemCaseSensitive(meta, field))
		cJSON_ReplaceItemInObjectCaseSensitive(meta, field, cJSON_CreateString(value));
	else
		cJSON_AddStringToObject(meta, field, value);
}

static void set_str(cJSON *obj, const char *field, const char *value)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, field))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, field, cJSON_CreateString(value));
	else
		cJSON_AddStringToObject(obj, field, value);
}

static void set_rv(cJSON *obj, uint64_t rev)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRIu64, rev);
	set_meta_str(obj, "resourceVersion", buf);
}

static char *object_key(const fake_resource *res, const char *ns, const char *name)
{
	return res->namespaced ? xasprintf("%s/%s", ns ? ns : "", name) : xstrdup(name);
}

static bool watch_matches(const fake_watch *w, const cJSON *obj)
{
	if (w->ns && !streq_ptr(meta_str(obj, "namespace"), w->ns))
		return false;
	return selector_match(&w->labels, false, obj) && selector_match(&w->fields, true, obj);
}

/* ---- HTTP helpers ---- */

static const char *http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 410:
		return "Gone";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 503:
		return "Service Unavailable";
	case 504:
		return "Gateway Timeout";
	default:
		return "Error";
	}
}

/* metav1.StatusReason for an HTTP status. */
static const char *status_reason(int status)
{
	switch (status) {
	case 400:
		return "BadRequest";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "NotFound";
	case 405:
		return "MethodNotAllowed";
	case 409:
		return "Conflict";
	case 410:
		return "Expired";
	case 429:
		return "TooManyRequests";
	case 503:
		return "ServiceUnavailable";
	case 504:
		return "Timeout";
	default:
		return "InternalError";
	}
}

static cJSON *make_status(int code, const char *reason, const char *message)
{
	cJSON *st = cJSON_CreateObject();
	cJSON_AddStringToObject(st, "kind", "Status");
	cJSON_AddStringToObject(st, "apiVersion", "v1");
	cJSON_AddObjectToObject(st, "metadata");
	cJSON_AddStringToObject(st, "status", "Failure");
	cJSON_AddStringToObject(st, "message", message);
	cJSON_AddStringToObject(st, "reason", reason ? reason : status_reason(code));
	cJSON_AddNumberToObject(st, "code", code);
	return st;
}

static void send_json(struct evhttp_request *req, int status, const cJSON *body)
{
	_cleanup_free_ char *text = cJSON_PrintUnformatted(body);
	struct evbuffer *buf = evbuffer_new();
	evbuffer_add(buf, text, strlen(text));
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "application/json");
	evhttp_send_reply(req, status, http_reason(status), buf);
	evbuffer_free(buf);
}

static void send_status(struct evhttp_request *req, int code, const char *reason, const char *fmt, ...)
    KC_PRINTF(4, 5);
static void send_status(struct evhttp_request *req, int code, const char *reason, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	_cleanup_json_ cJSON *st = make_status(code, reason, msg);
	send_json(req, code, st);
}

/* ---- continue tokens: base64 of {"rv":N,"start":"last key"}, opaque to
 * clients as upstream's are (and, like them, needing URL escaping) ---- */

static char *token_encode(uint64_t rev, const char *start)
{
	_cleanup_json_ cJSON *j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "rv", (double)rev);
	cJSON_AddStringToObject(j, "start", start);
	_cleanup_free_ char *text = cJSON_PrintUnformatted(j);
	size_t len = strlen(text);
	char *out = xmalloc(4 * ((len + 2) / 3) + 1);
	EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)text, (int)len);
	return out;
}

static int token_decode(const char *token, uint64_t *ret_rev, char **ret_start)
{
	size_t len = strlen(token);
	if (len == 0 || len % 4 != 0 || len > 4096)
		return -EINVAL;
	_cleanup_free_ unsigned char *raw = xmalloc(len / 4 * 3 + 1);
	int n = EVP_DecodeBlock(raw, (const unsigned char *)token, (int)len);
	if (n < 0)
		return -EINVAL;
	/* EVP_DecodeBlock counts the padding as zero bytes; cJSON stops at them. */
	raw[n] = '\0';
	_cleanup_json_ cJSON *j = cJSON_ParseWithLength((const char *)raw, (size_t)n);
	const cJSON *rv = cJSON_GetObjectItemCaseSensitive(j, "rv");
	const cJSON *start = cJSON_GetObjectItemCaseSensitive(j, "start");
	if (!cJSON_IsNumber(rv) || rv->valuedouble < 0 || !cJSON_IsString(start))
		return -EINVAL;
	*ret_rev = (uint64_t)rv->valuedouble;
	*ret_start = xstrdup(start->valuestring);
	return 0;
}

static int parse_rv(const char *s, uint64_t *ret)
{
	if (!s || !*s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*ret = v;
	return 0;
}

/* ---- watches ---- */

static void watch_unlink_free(fake_watch *w)
{
	kc_fake_apiserver *s = w->s;
	if (w->prev)
		w->prev->next = w->next;
	else
		s->watches = w->next;
	if (w->next)
		w->next->prev = w->prev;
	s->stats.active_watches--;
	if (w->timeout)
		event_free(w->timeout);
	selector_clear(&w->labels);
	selector_clear(&w->fields);
	free(w->ns);
	free(w);
}

/* Ends the stream with its terminating chunk and forgets the watch. */
static void watch_end(fake_watch *w)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(w->req);
	if (conn)
		evhttp_connection_set_closecb(conn, NULL, NULL);
	evhttp_send_reply_end(w->req);
	watch_unlink_free(w);
}

/* The client went away. libevent has detached the request from the dying
 * connection and left it to us: ending the reply frees it. */
static void watch_closed(struct evhttp_connection *conn, void *arg)
{
	(void)conn;
	fake_watch *w = arg;
	if (!evhttp_request_get_connection(w->req))
		evhttp_send_reply_end(w->req);
	watch_unlink_free(w);
}

static void watch_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	watch_end(arg);
}

static void write_event(struct evhttp_request *req, const char *type, const cJSON *obj)
{
	_cleanup_json_ cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "type", type);
	cJSON_AddItemReferenceToObject(ev, "object", (cJSON *)obj);
	_cleanup_free_ char *text = cJSON_PrintUnformatted(ev);
	struct evbuffer *buf = evbuffer_new();
	evbuffer_add(buf, text, strlen(text));
	evbuffer_add(buf, "\n", 1);
	evhttp_send_reply_chunk(req, buf);
	evbuffer_free(buf);
}

/* Sends one log entry as the watch sees it through its filters. */
static void watch_send(fake_watch *w, const log_entry *e)
{
	bool now = watch_matches(w, e->obj);
	const char *type = NULL;
	switch (e->type) {
	case EV_ADDED:
	case EV_DELETED:
		type = now ? event_names[e->type] : NULL;
		break;
	case EV_MODIFIED: {
		bool before = e->prev && watch_matches(w, e->prev);
		if (before && now)
			type = "MODIFIED";
		else if (now)
			type = "ADDED";
		else if (before)
			type = "DELETED"; /* stopped matching: upstream sends the new state */
		break;
	}
	}
	if (type)
		write_event(w->req, type, e->obj);
}

static void broadcast(kc_fake_apiserver *s, const log_entry *e)
{
	for (fake_watch *w = s->watches, *next; w; w = next) {
		next = w->next;
		if (w->res == e->res)
			watch_send(w, e);
	}
}

static void log_append(kc_fake_apiserver *s, fake_resource *res, int type, cJSON *obj, cJSON *prev)
{
	if (s->log_len == s->log_cap) {
		s->log_cap = s->log_cap ? 2 * s->log_cap : 64;
		s->log = xrealloc(s->log, s->log_cap * sizeof(*s->log));
	}
	log_entry *e = &s->log[s->log_len++];
	*e = (log_entry){s->rev, res, type, obj, prev};
	broadcast(s, e);
}

/* ---- serving ---- */

static void serve_list(kc_fake_apiserver *s, struct evhttp_request *req, fake_resource *res, const char *ns,
                       const struct evkeyvalq *q)
{
	const char *limit_s = evhttp_find_header(q, "limit");
	const char *cont = evhttp_find_header(q, "continue");
	const char *rv_s = evhttp_find_header(q, "resourceVersion");
	const char *match = evhttp_find_header(q, "resourceVersionMatch");
	uint64_t limit = 0, list_rev = s->rev, rv = 0;
	_cleanup_free_ char *start = NULL;
	kc_error err = KC_ERROR_INIT;

	if (limit_s && *limit_s && parse_rv(limit_s, &limit) < 0) {
		send_status(req, 400, NULL, "limit: Invalid value: \"%s\"", limit_s);
		return;
	}
	if (cont && *cont) {
		if (token_decode(cont, &list_rev, &start) < 0) {
			send_status(req, 400, NULL, "continue key is not valid: \"%s\"", cont);
			return;
		}
		if (list_rev < s->compact_rev) {
			send_status(req, 410, "Expired",
			            "The provided continue parameter is too old to display a consistent list "
			            "result. You can "
			            "start a new list without the continue parameter, or use the continue "
			            "token in this "
			            "response to retrieve the remainder of the results. Continuing with the "
			            "provided token "
			            "results in an inconsistent list - objects that were created, modified, "
			            "or deleted between "
			            "the time the first chunk was returned and now may show up in the list.");
			return;
		}
	} else if (rv_s && *rv_s && !streq(rv_s, "0")) {
		if (parse_rv(rv_s, &rv) < 0) {
			send_status(req, 400, NULL, "resourceVersion: Invalid value: \"%s\"", rv_s);
			return;
		}
		/* Paginated and Exact lists are served at that revision: too old
		 * once compacted. */
		if ((limit > 0 || streq_ptr(match, "Exact")) && rv < s->compact_rev) {
			send_status(req, 410, "Expired",
			            "The resourceVersion for the provided list is too old.");
			return;
		}
	}
	selector labels = {NULL, 0}, fields = {NULL, 0};
	if (selector_parse(evhttp_find_header(q, "labelSelector"), false, &labels, &err) < 0) {
		send_status(req, 400, NULL, "%s", err.msg);
		return;
	}
	if (selector_parse(evhttp_find_header(q, "fieldSelector"), true, &fields, &err) < 0) {
		selector_clear(&labels);
		{
			send_status(req, 400, NULL, "%s", err.msg);
			return;
		}
	}

	_cleanup_json_ cJSON *list = cJSON_CreateObject();
	_cleanup_free_ char *list_kind = xasprintf("%sList", res->kind);
	cJSON_AddStringToObject(list, "kind", list_kind);
	cJSON_AddStringToObject(list, "apiVersion", res->api_version);
	cJSON *meta = cJSON_AddObjectToObject(list, "metadata");
	cJSON *items = cJSON_AddArrayToObject(list, "items");

	size_t n = 0;
	_cleanup_free_ const char **keys = kc_map_sorted_keys(res->objects, &n);
	uint64_t count = 0, remaining = 0;
	const char *last = NULL;
	for (size_t i = 0; i < n; i++) {
		if (start && strcmp(keys[i], start) <= 0)
			continue;
		const cJSON *obj = kc_map_get(res->objects, keys[i]);
		if (ns && !streq_ptr(meta_str(obj, "namespace"), ns))
			continue;
		if (!selector_match(&labels, false, obj) || !selector_match(&fields, true, obj))
			continue;
		if (limit && count == limit) {
			remaining++;
			continue;
		}
		/* Items of a typed list carry no kind/apiVersion, as upstream's. */
		cJSON *item = cJSON_Duplicate(obj, true);
		cJSON_DeleteItemFromObjectCaseSensitive(item, "kind");
		cJSON_DeleteItemFromObjectCaseSensitive(item, "apiVersion");
		cJSON_AddItemToArray(items, item);
		last = keys[i];
		count++;
	}
	selector_clear(&labels);
	selector_clear(&fields);

	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRIu64, list_rev);
	cJSON_AddStringToObject(meta, "resourceVersion", buf);
	if (remaining > 0) {
		_cleanup_free_ char *token = token_encode(list_rev, last);
		cJSON_AddStringToObject(meta, "continue", token);
		cJSON_AddNumberToObject(meta, "remainingItemCount", (double)remaining);
	}
	send_json(req, 200, list);
}

static void serve_watch(kc_fake_apiserver *s, struct evhttp_request *req, fake_resource *res, const char *ns,
                        const struct evkeyvalq *q)
{
	const char *rv_s = evhttp_find_header(q, "resourceVersion");
	const char *bm = evhttp_find_header(q, "allowWatchBookmarks");
	const char *timeout_s = evhttp_find_header(q, "timeoutSeconds");
	bool initial = !rv_s || !*rv_s || streq(rv_s, "0");
	uint64_t rv = 0, timeout = 0;
	kc_error err = KC_ERROR_INIT;

	if (!initial && parse_rv(rv_s, &rv) < 0) {
		send_status(req, 400, NULL, "resourceVersion: Invalid value: \"%s\"", rv_s);
		return;
	}
	if (timeout_s && *timeout_s && parse_rv(timeout_s, &timeout) < 0) {
		send_status(req, 400, NULL, "timeoutSeconds: Invalid value: \"%s\"", timeout_s);
		return;
	}
	selector labels = {NULL, 0}, fields = {NULL, 0};
	if (selector_parse(evhttp_find_header(q, "labelSelector"), false, &labels, &err) < 0) {
		send_status(req, 400, NULL, "%s", err.msg);
		return;
	}
	if (selector_parse(evhttp_find_header(q, "fieldSelector"), true, &fields, &err) < 0) {
		selector_clear(&labels);
		{
			send_status(req, 400, NULL, "%s", err.msg);
			return;
		}
	}

	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "application/json");
	evhttp_send_reply_start(req, 200, "OK");
	if (!initial && rv < s->compact_rev) {
		/* As upstream's watch cache: 200, then an ERROR event, then the end. */
		_cleanup_free_ char *msg =
		    xasprintf("too old resource version: %" PRIu64 " (%" PRIu64 ")", rv, s->compact_rev);
		_cleanup_json_ cJSON *st = make_status(410, "Expired", msg);
		write_event(req, "ERROR", st);
		evhttp_send_reply_end(req);
		selector_clear(&labels);
		selector_clear(&fields);
		return;
	}

	fake_watch *w = xcalloc(1, sizeof(*w));
	*w = (fake_watch){
	    s,    req,  res,       ns ? xstrdup(ns) : NULL, labels, fields, streq_ptr(bm, "true"),
	    NULL, NULL, s->watches};
	if (s->watches)
		s->watches->prev = w;
	s->watches = w;
	s->stats.active_watches++;
	evhttp_connection_set_closecb(evhttp_request_get_connection(req), watch_closed, w);

	if (initial) {
		size_t n = 0;
		_cleanup_free_ const char **keys = kc_map_sorted_keys(res->objects, &n);
		for (size_t i = 0; i < n; i++) {
			const cJSON *obj = kc_map_get(res->objects, keys[i]);
			if (watch_matches(w, obj))
				write_event(req, "ADDED", obj);
		}
	} else {
		for (size_t i = 0; i < s->log_len; i++)
			if (s->log[i].rev > rv && s->log[i].res == res)
				watch_send(w, &s->log[i]);
	}
	if (timeout > 0) {
		w->timeout = evtimer_new(s->base, watch_timeout, w);
		struct timeval tv = {(time_t)(timeout > 86400 ? 86400 : timeout), 0};
		evtimer_add(w->timeout, &tv);
	}
}

static void serve_get(kc_fake_apiserver *s, struct evhttp_request *req, fake_resource *res, const char *ns,
                      const char *name)
{
	const cJSON *obj = kc_fake_apiserver_get(s, res->plural, ns, name);
	if (!obj) {
		send_status(req, 404, NULL, "%s \"%s\" not found", res->plural, name);
		return;
	}
	send_json(req, 200, obj);
}

/* Splits path into at most 5 '/'-separated segments (no empty ones). */
static size_t split_path(char *path, char **segs, size_t max)
{
	size_t n = 0;
	char *save = NULL;
	for (char *t = strtok_r(path, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (n == max)
			return max + 1;
		segs[n++] = t;
	}
	return n;
}

/* Finds the resource, namespace and name a path names. */
static fake_resource *route(kc_fake_apiserver *s, const char *path, char **ret_ns, char **ret_name)
{
	for (size_t i = 0; i < s->n_res; i++) {
		fake_resource *r = s->res[i];
		size_t pl = strlen(r->prefix);
		if (strncmp(path, r->prefix, pl) != 0 || path[pl] != '/')
			continue;
		_cleanup_free_ char *rest = xstrdup(path + pl + 1);
		char *seg[4];
		size_t n = split_path(rest, seg, 4);
		if (r->namespaced && (n == 3 || n == 4) && streq(seg[0], "namespaces") &&
		    streq(seg[2], r->plural)) {
			*ret_ns = xstrdup(seg[1]);
			*ret_name = n == 4 ? xstrdup(seg[3]) : NULL;
			return r;
		}
		if ((n == 1 || (n == 2 && !r->namespaced)) && streq(seg[0], r->plural)) {
			*ret_ns = NULL;
			*ret_name = n == 2 ? xstrdup(seg[1]) : NULL;
			return r;
		}
	}
	return NULL;
}

static void record(kc_fake_apiserver *s, const char *method, const char *uri)
{
	s->requests = xrealloc(s->requests, (s->n_requests + 1) * sizeof(*s->requests));
	s->requests[s->n_requests++] = xasprintf("%s %s", method, uri);
}

static const char *method_name(enum evhttp_cmd_type cmd)
{
	switch (cmd) {
	case EVHTTP_REQ_GET:
		return "GET";
	case EVHTTP_REQ_POST:
		return "POST";
	case EVHTTP_REQ_PUT:
		return "PUT";
	case EVHTTP_REQ_DELETE:
		return "DELETE";
	case EVHTTP_REQ_PATCH:
		return "PATCH";
	case EVHTTP_REQ_HEAD:
		return "HEAD";
	default:
		return "OTHER";
	}
}

static void handle(struct evhttp_request *req, void *arg)
{
	kc_fake_apiserver *s = arg;
	const char *uri = evhttp_request_get_uri(req);
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	record(s, method_name(cmd), uri);
	if (cmd != EVHTTP_REQ_GET) {
		s->stats.other++;
		{
			send_status(req, 405, NULL, "the fake apiserver serves only GET");
			return;
		}
	}
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);
	const char *path = evhttp_uri_get_path(u);
	const char *query = evhttp_uri_get_query(u);
	_cleanup_free_ char *ns = NULL, *name = NULL;
	fake_resource *res = path ? route(s, path, &ns, &name) : NULL;
	if (!res) {
		s->stats.other++;
		{
			send_status(req, 404, NULL, "the server could not find the requested resource");
			return;
		}
	}
	struct evkeyvalq q;
	TAILQ_INIT(&q);
	if (query && evhttp_parse_query_str(query, &q) < 0) {
		s->stats.other++;
		evhttp_clear_headers(&q);
		{
			send_status(req, 400, NULL, "malformed query string");
			return;
		}
	}
	const char *watch = evhttp_find_header(&q, "watch");
	kc_fake_request_kind kind = name                                                  ? KC_FAKE_GET
	                            : (streq_ptr(watch, "1") || streq_ptr(watch, "true")) ? KC_FAKE_WATCH
	                                                                                  : KC_FAKE_LIST;
	s->stats.requests[kind]++;
	s->last[kind] = (ssize_t)s->n_requests - 1;
	if (s->fail[kind].count > 0) {
		s->fail[kind].count--;
		send_status(req, s->fail[kind].status, NULL, "injected failure (%s %d)", "fake apiserver",
		            s->fail[kind].status);
	} else if (kind == KC_FAKE_GET) {
		serve_get(s, req, res, ns, name);
	} else if (kind == KC_FAKE_WATCH) {
		serve_watch(s, req, res, ns, &q);
	} else {
		serve_list(s, req, res, ns, &q);
	}
	evhttp_clear_headers(&q);
}

/* ---- public ---- */

kc_fake_apiserver *kc_fake_apiserver_new(struct event_base *base, kc_error *err)
{
	/* A client that goes away mid-stream makes the next chunk's write fail
	 * with EPIPE; the test process must survive it. (Test harness only:
	 * daemons set their own signal disposition in main.) */
	signal(SIGPIPE, SIG_IGN);

	struct evhttp *http = evhttp_new(base);
	if (!http) {
		kc_error_set(err, -ENOMEM, "fake apiserver: evhttp_new failed");
		return NULL;
	}
	struct evhttp_bound_socket *sock = evhttp_bind_socket_with_handle(http, "127.0.0.1", 0);
	if (!sock) {
		evhttp_free(http);
		kc_error_set(err, -EADDRNOTAVAIL, "fake apiserver: cannot listen on 127.0.0.1: %s",
		             strerror(errno));
		return NULL;
	}
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	if (getsockname(evhttp_bound_socket_get_fd(sock), (struct sockaddr *)&sin, &len) < 0) {
		int e = errno;
		evhttp_free(http);
		kc_error_set(err, -e, "fake apiserver: getsockname: %s", strerror(e));
		return NULL;
	}
	kc_fake_apiserver *s = xcalloc(1, sizeof(*s));
	s->base = base;
	s->http = http;
	s->port = ntohs(sin.sin_port);
	s->url = xasprintf("http://127.0.0.1:%d", s->port);
	for (int i = 0; i < KC_FAKE_REQUEST_KINDS; i++)
		s->last[i] = -1;
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
	                                     EVHTTP_REQ_DELETE | EVHTTP_REQ_PATCH | EVHTTP_REQ_HEAD);
	evhttp_set_gencb(http, handle, s);
	return s;
}

void kc_fake_apiserver_free(kc_fake_apiserver *s)
{
	if (!s)
		return;
	while (s->watches)
		watch_end(s->watches);
	evhttp_free(s->http);
	for (size_t i = 0; i < s->n_res; i++) {
		fake_resource *r = s->res[i];
		kc_map_free(r->objects);
		free(r->prefix);
		free(r->plural);
		free(r->kind);
		free(r->api_version);
		free(r);
	}
	free(s->res);
	for (size_t i = 0; i < s->log_len; i++) {
		cJSON_Delete(s->log[i].obj);
		cJSON_Delete(s->log[i].prev);
	}
	free(s->log);
	for (size_t i = 0; i < s->n_requests; i++)
		free(s->requests[i]);
	free(s->requests);
	free(s->url);
	free(s);
}

int kc_fake_apiserver_port(const kc_fake_apiserver *s)
{
	return s->port;
}

const char *kc_fake_apiserver_url(const kc_fake_apiserver *s)
{
	return s->url;
}

static fake_resource *find_resource(const kc_fake_apiserver *s, const char *plural)
{
	for (size_t i = 0; i < s->n_res; i++)
		if (streq(s->res[i]->plural, plural))
			return s->res[i];
	return NULL;
}

int kc_fake_apiserver_add_resource(kc_fake_apiserver *s, const char *prefix, const char *plural,
                                   const char *kind, bool namespaced)
{
	char *api_version;
	if (streq(prefix, "/api/v1")) {
		api_version = xstrdup("v1");
	} else if (str_startswith(prefix, "/apis/") && strchr(prefix + 6, '/') &&
	           !str_endswith(prefix, "/")) {
		api_version = xstrdup(prefix + 6);
	} else {
		return -EINVAL;
	}
	for (size_t i = 0; i < s->n_res; i++) {
		if (streq(s->res[i]->prefix, prefix) && streq(s->res[i]->plural, plural)) {
			free(api_version);
			return -EEXIST;
		}
	}
	fake_resource *r = xcalloc(1, sizeof(*r));
	*r = (fake_resource){xstrdup(prefix), xstrdup(plural), xstrdup(kind),
	                     api_version,     namespaced,      kc_map_new(json_free)};
	s->res = xrealloc(s->res, (s->n_res + 1) * sizeof(*s->res));
	s->res[s->n_res++] = r;
	return 0;
}

int kc_fake_apiserver_put(kc_fake_apiserver *s, const char *plural, const cJSON *obj, uint64_t *ret_rev)
{
	fake_resource *res = find_resource(s, plural);
	if (!res)
		return -ENOENT;
	const char *name = meta_str(obj, "name");
	if (!cJSON_IsObject(obj) || !name || !*name)
		return -EINVAL;
	cJSON *copy = cJSON_Duplicate(obj, true);
	set_str(copy, "kind", res->kind);
	set_str(copy, "apiVersion", res->api_version);
	if (res->namespaced && !meta_str(copy, "namespace"))
		set_meta_str(copy, "namespace", "default");
	if (!res->namespaced)
		cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(copy, "metadata"),
		                                        "namespace");
	_cleanup_free_ char *key = object_key(res, meta_str(copy, "namespace"), name);
	const cJSON *old = kc_map_get(res->objects, key);
	if (!meta_str(copy, "uid")) {
		const char *old_uid = old ? meta_str(old, "uid") : NULL;
		_cleanup_free_ char *uid =
		    old_uid ? xstrdup(old_uid) : xasprintf("00000000-0000-4000-8000-%012" PRIx64, s->rev + 1);
		set_meta_str(copy, "uid", uid);
	}
	s->rev++;
	set_rv(copy, s->rev);
	cJSON *prev = old ? cJSON_Duplicate(old, true) : NULL;
	kc_map_put(res->objects, key, copy);
	log_append(s, res, old ? EV_MODIFIED : EV_ADDED, cJSON_Duplicate(copy, true), prev);
	if (ret_rev)
		*ret_rev = s->rev;
	return 0;
}

int kc_fake_apiserver_delete(kc_fake_apiserver *s, const char *plural, const char *namespace,
                             const char *name, uint64_t *ret_rev)
{
	fake_resource *res = find_resource(s, plural);
	if (!res)
		return -ENOENT;
	_cleanup_free_ char *key = object_key(res, namespace, name);
	cJSON *obj = kc_map_take(res->objects, key);
	if (!obj)
		return -ENOENT;
	s->rev++;
	set_rv(obj, s->rev);
	log_append(s, res, EV_DELETED, obj, NULL);
	if (ret_rev)
		*ret_rev = s->rev;
	return 0;
}

const cJSON *kc_fake_apiserver_get(const kc_fake_apiserver *s, const char *plural, const char *namespace,
                                   const char *name)
{
	fake_resource *res = find_resource(s, plural);
	if (!res)
		return NULL;
	_cleanup_free_ char *key = object_key(res, namespace, name);
	return kc_map_get(res->objects, key);
}

uint64_t kc_fake_apiserver_revision(const kc_fake_apiserver *s)
{
	return s->rev;
}

void kc_fake_apiserver_compact(kc_fake_apiserver *s)
{
	for (size_t i = 0; i < s->log_len; i++) {
		cJSON_Delete(s->log[i].obj);
		cJSON_Delete(s->log[i].prev);
	}
	s->log_len = 0;
	s->compact_rev = s->rev;
}

void kc_fake_apiserver_end_watches(kc_fake_apiserver *s)
{
	while (s->watches)
		watch_end(s->watches);
}

void kc_fake_apiserver_bookmark(kc_fake_apiserver *s)
{
	for (fake_watch *w = s->watches; w; w = w->next) {
		if (!w->bookmarks)
			continue;
		_cleanup_json_ cJSON *obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "kind", w->res->kind);
		cJSON_AddStringToObject(obj, "apiVersion", w->res->api_version);
		cJSON_AddObjectToObject(obj, "metadata");
		set_rv(obj, s->rev);
		write_event(w->req, "BOOKMARK", obj);
	}
}

void kc_fake_apiserver_fail_next(kc_fake_apiserver *s, kc_fake_request_kind kind, int status, unsigned count)
{
	s->fail[kind].status = status;
	s->fail[kind].count = count;
}

void kc_fake_apiserver_get_stats(const kc_fake_apiserver *s, kc_fake_apiserver_stats *ret)
{
	*ret = s->stats;
}

const char *const *kc_fake_apiserver_requests(const kc_fake_apiserver *s, size_t *ret_n)
{
	*ret_n = s->n_requests;
	return (const char *const *)s->requests;
}

const char *kc_fake_apiserver_last_request(const kc_fake_apiserver *s, kc_fake_request_kind kind)
{
	return s->last[kind] < 0 ? NULL : s->requests[s->last[kind]];
}
