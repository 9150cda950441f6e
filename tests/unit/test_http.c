/* test_http.c - the libcurl-on-libevent transport (http.h) against servers
 * in the test's own event loop on 127.0.0.1 (port 0, read back): an evhttp
 * server for requests, streams and TLS (bufferevent_openssl, certificates
 * from tests/harness/tls_certs), and a raw TCP server that writes a scripted
 * answer byte for byte (empty replies, interim 1xx responses).
 *
 * Every wait runs the loop until a condition holds, with a guard timer that
 * fails the case instead of hanging; nothing asserts how long anything took. */
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "common/http.h"
#include "common/util.h"
#include "harness/tls_certs.h"

/* ---- the evhttp server ---- */

typedef struct stream {
	struct evhttp_request *req;
	struct evhttp_connection *evcon;
	struct event *timer;
	int left; /* pieces still to send */
	int sent;
	bool hold; /* keep the stream open after the pieces */
	bool dead;
	bool closed_by_peer;
	struct stream *link;
} stream;

typedef struct test_server {
	struct event_base *base;
	struct evhttp *http;
	SSL_CTX *ssl;
	int port;
	size_t nrequests;
	int peer_ports[64];
	stream *live;
	size_t streams_closed_by_peer;
} test_server;

static const char *method_name(enum evhttp_cmd_type t)
{
	switch (t) {
	case EVHTTP_REQ_GET:
		return "GET";
	case EVHTTP_REQ_POST:
		return "POST";
	case EVHTTP_REQ_PUT:
		return "PUT";
	case EVHTTP_REQ_PATCH:
		return "PATCH";
	case EVHTTP_REQ_DELETE:
		return "DELETE";
	case EVHTTP_REQ_HEAD:
		return "HEAD";
	case EVHTTP_REQ_OPTIONS:
		return "OPTIONS";
	default:
		return "OTHER";
	}
}

static void reply(struct evhttp_request *req, int code, const char *ctype, const char *body, size_t len)
{
	if (ctype)
		evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", ctype);
	struct evbuffer *b = evbuffer_new();
	evbuffer_add(b, body, len);
	evhttp_send_reply(req, code, code < 400 ? "OK" : "Error", b);
	evbuffer_free(b);
}

static char *peer_cn(struct evhttp_request *req)
{
	struct bufferevent *bev = evhttp_connection_get_bufferevent(evhttp_request_get_connection(req));
	SSL *ssl = bev ? bufferevent_openssl_get_ssl(bev) : NULL;
	X509 *cert = ssl ? SSL_get1_peer_certificate(ssl) : NULL;
	if (!cert)
		return xstrdup("");
	char cn[256] = "";
	X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof(cn));
	X509_free(cert);
	return xstrdup(cn);
}

static void stream_closed(struct evhttp_connection *evcon, void *arg)
{
	stream *st = arg;
	(void)evcon;
	if (st->dead) /* server_free: evhttp frees the request itself */
		return;
	st->dead = true;
	st->closed_by_peer = true;
	evtimer_del(st->timer);
	/* The client hung up mid-stream: evhttp left the unfinished request
	 * to us; ending the reply frees it. */
	if (!evhttp_request_get_connection(st->req))
		evhttp_send_reply_end(st->req);
}

static void stream_tick(evutil_socket_t fd, short what, void *arg)
{
	stream *st = arg;
	(void)fd;
	(void)what;
	if (st->dead)
		return;
	if (st->left > 0) {
		struct evbuffer *b = evbuffer_new();
		evbuffer_add_printf(b, "piece-%d\n", st->sent++);
		evhttp_send_reply_chunk(st->req, b);
		evbuffer_free(b);
		st->left--;
		struct timeval tv = {0, 2000};
		evtimer_add(st->timer, &tv);
		return;
	}
	if (!st->hold) {
		evhttp_connection_set_closecb(st->evcon, NULL, NULL);
		evhttp_send_reply_end(st->req);
		st->dead = true;
	}
}

/* /stream?n=N[&hold=1]: N pieces "piece-i\n" as chunks 2 ms apart. */
static void serve_stream(test_server *s, struct evhttp_request *req, const char *query)
{
	stream *st = xcalloc(1, sizeof(*st));
	st->req = req;
	st->evcon = evhttp_request_get_connection(req);
	const char *n = query ? strstr(query, "n=") : NULL;
	st->left = n ? (int)strtol(n + 2, NULL, 10) : 3;
	st->hold = query && strstr(query, "hold=1");
	st->timer = evtimer_new(s->base, stream_tick, st);
	st->link = s->live;
	s->live = st;
	evhttp_connection_set_closecb(st->evcon, stream_closed, st);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "text/plain");
	evhttp_add_header(evhttp_request_get_output_headers(req), "X-Stream", "yes");
	evhttp_send_reply_start(req, 200, "OK");
	struct timeval tv = {0, 1000};
	evtimer_add(st->timer, &tv);
}

static void handle(struct evhttp_request *req, void *arg)
{
	test_server *s = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = evhttp_uri_get_path(uri);
	const char *query = evhttp_uri_get_query(uri);
	struct evkeyvalq *in = evhttp_request_get_input_headers(req);

	char *addr = NULL;
	ev_uint16_t port = 0;
	evhttp_connection_get_peer(evhttp_request_get_connection(req), &addr, &port);
	if (s->nrequests < KC_ARRAY_SIZE(s->peer_ports))
		s->peer_ports[s->nrequests] = port;
	s->nrequests++;

	if (streq(path, "/echo")) {
		struct evbuffer *inbuf = evhttp_request_get_input_buffer(req);
		size_t n = evbuffer_get_length(inbuf);
		_cleanup_free_ char *body = xmalloc(n + 1);
		evbuffer_copyout(inbuf, body, n);
		body[n] = '\0';
		_cleanup_free_ char *cn = peer_cn(req);
		_cleanup_json_ cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "method", method_name(evhttp_request_get_command(req)));
		cJSON_AddStringToObject(j, "query", query ? query : "");
		cJSON_AddStringToObject(j, "body", body);
		static const char *const names[] = {"Content-Type", "Authorization", "Accept-Encoding",
		                                    "Host",         "X-Test",        "Expect",
		                                    "User-Agent"};
		for (size_t i = 0; i < KC_ARRAY_SIZE(names); i++) {
			const char *h = evhttp_find_header(in, names[i]);
			cJSON_AddStringToObject(j, names[i], h ? h : "(none)");
		}
		cJSON_AddStringToObject(j, "peerCN", cn);
		if (query && strstr(query, "warn")) {
			struct evkeyvalq *out = evhttp_request_get_output_headers(req);
			evhttp_add_header(out, "Warning", "299 - \"first warning\"");
			evhttp_add_header(out, "Warning", "  199 kc \"second\"  ");
		}
		_cleanup_free_ char *text = cJSON_PrintUnformatted(j);
		reply(req, 200, "application/json", text, strlen(text));
	} else if (streq(path, "/stream")) {
		serve_stream(s, req, query);
	} else if (streq(path, "/status/404")) {
		reply(req, 404, "text/plain", "nope", 4);
	} else if (streq(path, "/big")) {
		_cleanup_free_ char *big = xmalloc(100000);
		memset(big, 'b', 100000);
		reply(req, 200, "application/octet-stream", big, 100000);
	} else if (streq(path, "/slow")) {
		/* Never answered; evhttp_free drops it. */
	} else {
		reply(req, 404, "text/plain", "404 page not found\n", 19);
	}
}

static struct bufferevent *ssl_bevcb(struct event_base *base, void *arg)
{
	SSL_CTX *ctx = arg;
	return bufferevent_openssl_socket_new(base, -1, SSL_new(ctx), BUFFEREVENT_SSL_ACCEPTING,
	                                      BEV_OPT_CLOSE_ON_FREE);
}

static test_server *server_new(struct event_base *base, const kc_test_certs *certs)
{
	test_server *s = xcalloc(1, sizeof(*s));
	s->base = base;
	s->http = evhttp_new(base);
	evhttp_set_allowed_methods(s->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
	                                        EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE | EVHTTP_REQ_HEAD |
	                                        EVHTTP_REQ_OPTIONS);
	evhttp_set_gencb(s->http, handle, s);
	if (certs) {
		s->ssl = SSL_CTX_new(TLS_server_method());
		assert_int_equal(SSL_CTX_use_certificate_chain_file(s->ssl, certs->server_cert_file), 1);
		assert_int_equal(
		    SSL_CTX_use_PrivateKey_file(s->ssl, certs->server_key_file, SSL_FILETYPE_PEM), 1);
		assert_int_equal(SSL_CTX_load_verify_locations(s->ssl, certs->ca_file, NULL), 1);
		SSL_CTX_set_client_CA_list(s->ssl, SSL_load_client_CA_file(certs->ca_file));
		/* Ask for a client certificate, do not insist. */
		SSL_CTX_set_verify(s->ssl, SSL_VERIFY_PEER, NULL);
		evhttp_set_bevcb(s->http, ssl_bevcb, s->ssl);
	}
	struct evhttp_bound_socket *bound = evhttp_bind_socket_with_handle(s->http, "127.0.0.1", 0);
	assert_non_null(bound);
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	assert_int_equal(getsockname(evhttp_bound_socket_get_fd(bound), (struct sockaddr *)&sin, &len), 0);
	s->port = ntohs(sin.sin_port);
	return s;
}

static size_t count_closed_streams(const test_server *s)
{
	size_t n = 0;
	for (const stream *st = s->live; st; st = st->link)
		n += st->closed_by_peer;
	return n;
}

static void server_free(test_server *s)
{
	for (stream *st = s->live; st; st = st->link) {
		evtimer_del(st->timer);
		st->dead = true;
	}
	evhttp_free(s->http); /* may run stream_closed on live streams */
	stream *next;
	for (stream *st = s->live; st; st = next) {
		next = st->link;
		event_free(st->timer);
		free(st);
	}
	if (s->ssl)
		SSL_CTX_free(s->ssl);
	free(s);
}

/* ---- the raw server: one scripted answer per connection ---- */

typedef struct raw_server {
	struct evconnlistener *lis;
	const char *answer; /* written once the request's headers are in */
	bool close_after;   /* hang up after the answer */
	int port;
	size_t accepted;
} raw_server;

typedef struct raw_conn {
	raw_server *rs;
	bool answered;
} raw_conn;

static void raw_event(struct bufferevent *bev, short what, void *arg)
{
	(void)what;
	free(arg);
	bufferevent_free(bev);
}

static void raw_written(struct bufferevent *bev, void *arg)
{
	raw_conn *rc = arg;
	if (rc->answered && rc->rs->close_after) {
		free(rc);
		bufferevent_free(bev);
	}
}

static void raw_read(struct bufferevent *bev, void *arg)
{
	raw_conn *rc = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	struct evbuffer_ptr end = evbuffer_search(in, "\r\n\r\n", 4, NULL);
	if (end.pos < 0 || rc->answered)
		return;
	evbuffer_drain(in, evbuffer_get_length(in));
	rc->answered = true;
	if (!rc->rs->answer[0]) { /* hang up without a word */
		free(rc);
		bufferevent_free(bev);
		return;
	}
	bufferevent_write(bev, rc->rs->answer, strlen(rc->rs->answer));
}

static void raw_accept(struct evconnlistener *lis, evutil_socket_t fd, struct sockaddr *sa, int socklen,
                       void *arg)
{
	(void)sa;
	(void)socklen;
	raw_server *rs = arg;
	rs->accepted++;
	struct bufferevent *bev =
	    bufferevent_socket_new(evconnlistener_get_base(lis), fd, BEV_OPT_CLOSE_ON_FREE);
	raw_conn *rc = xcalloc(1, sizeof(*rc));
	rc->rs = rs;
	bufferevent_setcb(bev, raw_read, raw_written, raw_event, rc);
	bufferevent_enable(bev, EV_READ | EV_WRITE);
}

static void raw_start(raw_server *rs, struct event_base *base)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	rs->lis = evconnlistener_new_bind(base, raw_accept, rs, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 16,
	                                  (struct sockaddr *)&sin, sizeof(sin));
	assert_non_null(rs->lis);
	socklen_t len = sizeof(sin);
	assert_int_equal(getsockname(evconnlistener_get_fd(rs->lis), (struct sockaddr *)&sin, &len), 0);
	rs->port = ntohs(sin.sin_port);
}

/* ---- fixtures and helpers ---- */

typedef struct fixture {
	struct event_base *base;
	test_server *srv;
	kc_http *http;
} fixture;

static kc_test_certs certs;

static int group_setup(void **state)
{
	(void)state;
	return kc_test_certs_make(
	    &certs, &(kc_test_certs_opts){.server_names = "127.0.0.1,localhost,kc-test.invalid"});
}

static int group_teardown(void **state)
{
	(void)state;
	kc_test_certs_cleanup(&certs);
	return 0;
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));
	f->base = event_base_new();
	f->srv = server_new(f->base, NULL);
	f->http = kc_http_new(f->base);
	assert_ptr_equal(kc_http_base(f->http), f->base);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	kc_http_free(f->http);
	server_free(f->srv);
	event_base_free(f->base);
	free(f);
	return 0;
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	*(bool *)arg = true;
}

/* Runs the loop until *counter reaches target or timeout_ms pass. */
static bool run_until(struct event_base *base, const size_t *counter, size_t target, int timeout_ms)
{
	bool expired = false;
	struct event *t = evtimer_new(base, on_deadline, &expired);
	struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
	evtimer_add(t, &tv);
	while ((!counter || *counter < target) && !expired)
		event_base_loop(base, EVLOOP_ONCE);
	event_free(t);
	return !counter || *counter >= target;
}

static char *url_of(const fixture *f, const char *path)
{
	return xasprintf("http://127.0.0.1:%d%s", f->srv->port, path);
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "(missing)";
}

/* What a request's callbacks saw. */
typedef struct outcome {
	size_t done;
	long status;
	int err;
	kc_http_failure failure;
	int os_errno;
	long tls_verify;
	bool connected;
	char errmsg[256];
	kc_buf body;
	bool truncated;
	char *content_type;
	char **warnings;
	kc_buf data;    /* streamed bytes */
	size_t ndata;   /* on_data calls */
	kc_buf headers; /* "status name: value\n" per on_header call */
	bool header_after_data;
	/* actions from inside callbacks */
	kc_http_req *self;
	bool cancel_in_data;
	int data_rc;   /* on_data returns this */
	int header_rc; /* on_header returns this */
	kc_http *http; /* start one /echo from on_data (first call) */
	const char *start_url;
	struct outcome *started;
} outcome;

static void outcome_clear(outcome *o)
{
	kc_buf_free(&o->body);
	kc_buf_free(&o->data);
	kc_buf_free(&o->headers);
	free(o->content_type);
	if (o->warnings) {
		for (char **w = o->warnings; *w; w++)
			free(*w);
		free(o->warnings);
	}
	memset(o, 0, sizeof(*o));
}

static void on_done(kc_http_response *resp, void *userdata)
{
	outcome *o = userdata;
	o->done++;
	o->status = resp->status;
	o->err = resp->err;
	o->failure = resp->failure;
	o->os_errno = resp->os_errno;
	o->tls_verify = resp->tls_verify_result;
	o->connected = resp->connected;
	snprintf(o->errmsg, sizeof(o->errmsg), "%s", resp->errmsg);
	assert_int_equal(resp->body.s[resp->body.len], '\0');
	kc_buf_add(&o->body, resp->body.s, resp->body.len);
	o->truncated = resp->body_truncated;
	o->content_type = TAKE_PTR(resp->content_type); /* done may keep them */
	o->warnings = TAKE_PTR(resp->warnings);
	/* Cancelling oneself from done does nothing. */
	kc_http_cancel(o->self);
}

static int on_data(const char *data, size_t len, void *userdata)
{
	outcome *o = userdata;
	kc_buf_add(&o->data, data, len);
	o->ndata++;
	if (o->http && o->ndata == 1) {
		kc_http_request rq = {.url = o->start_url};
		assert_non_null(kc_http_start(o->http, &rq, on_done, o->started));
	}
	if (o->cancel_in_data)
		kc_http_cancel(o->self);
	return o->data_rc;
}

static int on_header(long status, const char *name, const char *value, void *userdata)
{
	outcome *o = userdata;
	if (o->ndata)
		o->header_after_data = true;
	kc_buf_addf(&o->headers, "%ld %s: %s\n", status, name, value);
	return o->header_rc;
}

/* Runs one request to completion (or the guard). */
static void run_request(fixture *f, const kc_http_request *rq, outcome *o)
{
	o->self = kc_http_start(f->http, rq, on_done, o);
	assert_non_null(o->self);
	assert_int_equal(o->done, 0); /* callbacks only from the loop */
	if (!run_until(f->base, &o->done, 1, 5000))
		fail_msg("%s %s: no answer", rq->method ? rq->method : "GET", rq->url);
}

/* ---- requests ---- */

static const char *const x_test[] = {"X-Test: yes", NULL};
static const char *const typed[] = {"Content-Type: application/merge-patch+json", NULL};

typedef struct method_case {
	const char *method;
	const char *body;
	const char *const *headers;
	const char *want_method;
	const char *want_ct;
} method_case;

static const method_case method_cases[] = {
    {NULL, NULL, NULL, "GET", "(none)"},
    {"GET", NULL, x_test, "GET", "(none)"},
    {"GET", "{\"q\":1}", NULL, "GET", "(none)"}, /* a body does not make it a POST */
    {"POST", "a=b", NULL, "POST", "(none)"},     /* never curl's form type */
    {"POST", NULL, NULL, "POST", "(none)"},
    {"POST", "{}", typed, "POST", "application/merge-patch+json"},
    {"PUT", "{\"a\":1}", NULL, "PUT", "(none)"},
    {"PATCH", "[]", typed, "PATCH", "application/merge-patch+json"},
    {"DELETE", NULL, NULL, "DELETE", "(none)"},
    {"DELETE", "{\"propagationPolicy\":\"Orphan\"}", NULL, "DELETE", "(none)"},
    {"OPTIONS", NULL, NULL, "OPTIONS", "(none)"},
};

static void test_methods(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *url = url_of(f, "/echo?x=1");
	for (size_t i = 0; i < KC_ARRAY_SIZE(method_cases); i++) {
		const method_case *c = &method_cases[i];
		/* The body is copied: this buffer is gone before the loop runs. */
		char *body = c->body ? xstrdup(c->body) : NULL;
		kc_http_request rq = {.method = c->method,
		                      .url = url,
		                      .headers = c->headers,
		                      .body = body,
		                      .body_len = body ? strlen(body) : 0};
		outcome o = {0};
		o.self = kc_http_start(f->http, &rq, on_done, &o);
		free(body);
		assert_non_null(o.self);
		if (!run_until(f->base, &o.done, 1, 5000))
			fail_msg("case %zu: no answer", i);
		_cleanup_json_ cJSON *j = cJSON_Parse(o.body.s);
		if (o.err || o.status != 200 || !streq(jstr(j, "method"), c->want_method) ||
		    !streq(jstr(j, "body"), c->body ? c->body : "") ||
		    !streq(jstr(j, "Content-Type"), c->want_ct) ||
		    !streq(jstr(j, "X-Test"), c->headers == x_test ? "yes" : "(none)") ||
		    !streq(jstr(j, "Expect"), "(none)") || !streq(jstr(j, "query"), "x=1"))
			fail_msg("case %zu %s: err=%d status=%ld echoed %s", i, c->want_method, o.err,
			         o.status, kc_buf_str(&o.body));
		assert_string_equal(o.content_type, "application/json");
		assert_null(o.warnings);
		assert_int_equal(o.failure, KC_HTTP_FAIL_NONE);
		assert_true(o.connected);
		outcome_clear(&o);
	}

	/* HEAD: the status, no body. */
	outcome o = {0};
	run_request(f, &(kc_http_request){.method = "HEAD", .url = url}, &o);
	assert_int_equal(o.status, 200);
	assert_int_equal(o.body.len, 0);
	outcome_clear(&o);

	/* An error status is an answer, not a transport failure. */
	_cleanup_free_ char *missing = url_of(f, "/status/404");
	run_request(f, &(kc_http_request){.url = missing}, &o);
	assert_int_equal(o.status, 404);
	assert_int_equal(o.err, 0);
	assert_string_equal(kc_buf_str(&o.body), "nope");
	outcome_clear(&o);
}

typedef struct url_case {
	const char *url;
	int want;
	const char *scheme, *host, *port, *path, *query;
} url_case;

static void test_url_parse(void **state)
{
	(void)state;
	static const url_case cases[] = {
	    {"http://127.0.0.1:6443", 0, "http", "127.0.0.1", "6443", "/", NULL},
	    {"HTTPS://Example.com/api/v1?watch=1&x=y", 0, "https", "Example.com", NULL, "/api/v1",
	     "watch=1&x=y"},
	    {"https://[::1]:8443/prefix/", 0, "https", "[::1]", "8443", "/prefix/", NULL},
	    {"http://h", 0, "http", "h", NULL, "/", NULL},
	    {"ftp://127.0.0.1", -EINVAL, NULL, NULL, NULL, NULL, NULL},
	    {"ht@tp://x", -EINVAL, NULL, NULL, NULL, NULL, NULL},
	    {"127.0.0.1:80", -EINVAL, NULL, NULL, NULL, NULL, NULL},
	    {"http://", -EINVAL, NULL, NULL, NULL, NULL, NULL},
	    {"http://h:99999", -EINVAL, NULL, NULL, NULL, NULL, NULL},
	    {"", -EINVAL, NULL, NULL, NULL, NULL, NULL},
	    {NULL, -EINVAL, NULL, NULL, NULL, NULL, NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const url_case *c = &cases[i];
		kc_http_url u = {.scheme = (char *)"untouched"};
		int r = kc_http_url_parse(c->url, &u);
		if (r != c->want)
			fail_msg("case %s: got %d, want %d", c->url ? c->url : "(null)", r, c->want);
		if (r < 0) {
			assert_string_equal(u.scheme, "untouched");
			continue;
		}
		if (!streq(u.scheme, c->scheme) || !streq(u.host, c->host) || !streq_ptr(u.port, c->port) ||
		    !streq(u.path, c->path) || !streq_ptr(u.query, c->query))
			fail_msg("case %s: %s %s %s %s %s", c->url, u.scheme, u.host, u.port ? u.port : "-",
			         u.path, u.query ? u.query : "-");
		kc_http_url_clear(&u);
	}
}

static void test_bad_start(void **state)
{
	fixture *f = *state;
	static const char *const bad[] = {"ftp://127.0.0.1/", "127.0.0.1/echo", "file:///etc/passwd", ""};
	for (size_t i = 0; i < KC_ARRAY_SIZE(bad); i++)
		if (kc_http_start(f->http, &(kc_http_request){.url = bad[i]}, on_done, NULL))
			fail_msg("case %s: started", bad[i]);
	assert_null(kc_http_start(f->http, &(kc_http_request){.url = NULL}, on_done, NULL));
	/* A server_name that is not a host name. */
	kc_http_tls tls = {.server_name = "a:b/c"};
	assert_null(kc_http_start(f->http, &(kc_http_request){.url = "https://127.0.0.1:1/", .tls = &tls},
	                          on_done, NULL));
	kc_http_cancel(NULL);
}

static void test_keepalive(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *url = url_of(f, "/echo");
	size_t first = f->srv->nrequests;
	for (int i = 0; i < 3; i++) {
		outcome o = {0};
		run_request(f, &(kc_http_request){.url = url}, &o);
		assert_int_equal(o.status, 200);
		outcome_clear(&o);
	}
	assert_int_equal(f->srv->nrequests, first + 3);
	assert_int_equal(f->srv->peer_ports[first], f->srv->peer_ports[first + 1]);
	assert_int_equal(f->srv->peer_ports[first + 1], f->srv->peer_ports[first + 2]);
}

/* ---- callbacks that start and cancel ---- */

typedef struct chain {
	kc_http *http;
	const char *url;
	size_t done;
	size_t want;
	long status[8];
} chain;

static void chain_done(kc_http_response *resp, void *userdata)
{
	chain *ch = userdata;
	ch->status[ch->done++] = resp->status;
	if (ch->done < ch->want)
		assert_non_null(kc_http_start(ch->http, &(kc_http_request){.url = ch->url}, chain_done, ch));
}

/* Regression: a request started from a done callback must run. The done
 * callback runs after curl_multi_socket_action returned, and curl arms the
 * new transfer's timer through timer_cb meanwhile; nothing after the
 * callback may disarm it (an etcd failover once hung on exactly that). */
static void test_start_from_done(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *url = url_of(f, "/echo");
	chain ch = {.http = f->http, .url = url, .want = 5};
	assert_non_null(kc_http_start(f->http, &(kc_http_request){.url = url}, chain_done, &ch));
	assert_true(run_until(f->base, &ch.done, 5, 5000));
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(ch.status[i], 200);

	/* The same from a done that the timer delivered (a timeout). */
	_cleanup_free_ char *slow = url_of(f, "/slow");
	chain ch2 = {.http = f->http, .url = url, .want = 3};
	assert_non_null(
	    kc_http_start(f->http, &(kc_http_request){.url = slow, .timeout_ms = 100}, chain_done, &ch2));
	assert_true(run_until(f->base, &ch2.done, 3, 5000));
	assert_int_equal(ch2.status[0], 0);
	assert_int_equal(ch2.status[1], 200);
	assert_int_equal(ch2.status[2], 200);
}

typedef struct canceller {
	kc_http_req *victim;
	size_t done;
} canceller;

static void cancel_other_done(kc_http_response *resp, void *userdata)
{
	(void)resp;
	canceller *c = userdata;
	c->done++;
	kc_http_cancel(c->victim);
}

static void never_done(kc_http_response *resp, void *userdata)
{
	(void)resp;
	(void)userdata;
	fail_msg("done ran for a cancelled request");
}

static void on_cancel_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_http_cancel(arg);
}

static void test_cancel_outside(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *slow = url_of(f, "/slow");
	_cleanup_free_ char *echo = url_of(f, "/echo");

	/* From a timer of our own, while the request waits for its answer. */
	kc_http_req *r = kc_http_start(f->http, &(kc_http_request){.url = slow}, never_done, NULL);
	assert_non_null(r);
	struct event *t = evtimer_new(f->base, on_cancel_timer, r);
	struct timeval tv = {0, 50000};
	evtimer_add(t, &tv);
	run_until(f->base, NULL, 0, 200);
	event_free(t);

	/* Before the loop ever ran. */
	kc_http_cancel(kc_http_start(f->http, &(kc_http_request){.url = echo}, never_done, NULL));

	/* From another request's done. */
	canceller c = {0};
	c.victim = kc_http_start(f->http, &(kc_http_request){.url = slow}, never_done, NULL);
	assert_non_null(kc_http_start(f->http, &(kc_http_request){.url = echo}, cancel_other_done, &c));
	assert_true(run_until(f->base, &c.done, 1, 5000));
	run_until(f->base, NULL, 0, 50);

	/* The engine still works. */
	outcome o = {0};
	run_request(f, &(kc_http_request){.url = echo}, &o);
	assert_int_equal(o.status, 200);
	outcome_clear(&o);
}

/* ---- streaming ---- */

static void test_stream(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *url = url_of(f, "/stream?n=5");
	outcome o = {0};
	run_request(f, &(kc_http_request){.url = url, .on_data = on_data, .on_header = on_header}, &o);
	assert_int_equal(o.err, 0);
	assert_int_equal(o.status, 200);
	assert_string_equal(kc_buf_str(&o.data), "piece-0\npiece-1\npiece-2\npiece-3\npiece-4\n");
	assert_true(o.ndata >= 1);
	assert_int_equal(o.body.len, 0); /* streamed, not collected */
	const char *h = kc_buf_str(&o.headers);
	if (!strstr(h, "200 Content-Type: text/plain\n") || !strstr(h, "200 X-Stream: yes\n"))
		fail_msg("headers seen:\n%s", h);
	assert_false(o.header_after_data);
	outcome_clear(&o);

	/* An error status is collected for done instead of streamed. */
	_cleanup_free_ char *missing = url_of(f, "/status/404");
	run_request(f, &(kc_http_request){.url = missing, .on_data = on_data}, &o);
	assert_int_equal(o.status, 404);
	assert_int_equal(o.ndata, 0);
	assert_string_equal(kc_buf_str(&o.body), "nope");
	outcome_clear(&o);
}

static void test_stream_stop(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *held = url_of(f, "/stream?n=3&hold=1");
	_cleanup_free_ char *echo = url_of(f, "/echo");

	/* on_data cancels its own request: done never runs, the connection
	 * is closed (the server sees the hang-up), others go on. */
	outcome o = {.cancel_in_data = true};
	o.self = kc_http_start(f->http, &(kc_http_request){.url = held, .on_data = on_data}, never_done, &o);
	assert_non_null(o.self);
	assert_true(run_until(f->base, &o.ndata, 1, 5000));
	run_until(f->base, NULL, 0, 100);
	assert_int_equal(o.ndata, 1);
	assert_int_equal(count_closed_streams(f->srv), 1);
	outcome_clear(&o);

	/* on_data says stop: done reports -ECANCELED. */
	outcome o2 = {.data_rc = -1};
	run_request(f, &(kc_http_request){.url = held, .on_data = on_data}, &o2);
	assert_int_equal(o2.err, -ECANCELED);
	assert_int_equal(o2.failure, KC_HTTP_FAIL_CANCELED);
	assert_int_equal(o2.status, 200);
	assert_int_equal(o2.ndata, 1);
	outcome_clear(&o2);

	/* on_header says stop, before any data. */
	outcome o3 = {.header_rc = -1};
	run_request(f, &(kc_http_request){.url = held, .on_data = on_data, .on_header = on_header}, &o3);
	assert_int_equal(o3.err, -ECANCELED);
	assert_int_equal(o3.ndata, 0);
	assert_int_equal(o3.headers.len > 0, true);
	outcome_clear(&o3);

	/* on_data starts another request, which completes while the stream
	 * is still open. */
	outcome started = {0};
	outcome o4 = {.http = f->http, .start_url = echo, .started = &started};
	o4.self = kc_http_start(f->http, &(kc_http_request){.url = held, .on_data = on_data}, on_done, &o4);
	assert_true(run_until(f->base, &started.done, 1, 5000));
	assert_int_equal(started.status, 200);
	assert_int_equal(o4.done, 0);
	kc_http_cancel(o4.self);
	outcome_clear(&o4);
	outcome_clear(&started);
	run_until(f->base, NULL, 0, 50);
}

/* ---- failures ---- */

static int closed_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sin);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	return ntohs(sin.sin_port);
}

static void test_connection_refused(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *url = xasprintf("http://127.0.0.1:%d/", closed_port());
	outcome o = {0};
	run_request(f, &(kc_http_request){.url = url}, &o);
	assert_int_equal(o.err, -ECONNREFUSED);
	assert_int_equal(o.failure, KC_HTTP_FAIL_CONNECT);
	assert_int_equal(o.os_errno, ECONNREFUSED);
	assert_false(o.connected);
	assert_int_equal(o.status, 0);
	assert_true(o.errmsg[0] != '\0');
	outcome_clear(&o);
}

static void test_timeouts(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *slow = url_of(f, "/slow");
	_cleanup_free_ char *echo = url_of(f, "/echo");
	/* A fresh connection, then one kept alive from an earlier request:
	 * both were connected, no answer came. */
	for (int i = 0; i < 2; i++) {
		outcome o = {0};
		run_request(f, &(kc_http_request){.url = slow, .timeout_ms = 150}, &o);
		if (o.err != -ETIMEDOUT || o.failure != KC_HTTP_FAIL_TIMEOUT || !o.connected || o.status != 0)
			fail_msg("round %d: err=%d failure=%d connected=%d status=%ld", i, o.err, o.failure,
			         o.connected, o.status);
		outcome_clear(&o);
		run_request(f, &(kc_http_request){.url = echo}, &o);
		outcome_clear(&o);
	}
	/* A stream that stalls after its headers (curl averages the speed
	 * over several seconds: a stall after data would take longer). */
	_cleanup_free_ char *stall = url_of(f, "/stream?n=0&hold=1");
	outcome o = {0};
	run_request(f, &(kc_http_request){.url = stall, .on_data = on_data, .low_speed_timeout_s = 1}, &o);
	assert_int_equal(o.err, -ETIMEDOUT);
	assert_int_equal(o.failure, KC_HTTP_FAIL_TIMEOUT);
	assert_int_equal(o.status, 200);
	assert_true(o.connected);
	assert_int_equal(o.ndata, 0);
	outcome_clear(&o);
}

static void test_raw_answers(void **state)
{
	fixture *f = *state;
	raw_server rs = {.answer = "", .close_after = true};
	raw_start(&rs, f->base);
	_cleanup_free_ char *url = xasprintf("http://127.0.0.1:%d/", rs.port);

	/* The server hangs up without a word. */
	outcome o = {0};
	run_request(f, &(kc_http_request){.url = url}, &o);
	assert_int_equal(o.err, -ECONNRESET);
	assert_int_equal(o.failure, KC_HTTP_FAIL_EMPTY);
	assert_true(o.connected);
	outcome_clear(&o);

	/* An interim 1xx answer is skipped: its status and headers are not
	 * reported and its Warning is forgotten. */
	rs.answer =
	    "HTTP/1.1 100 Continue\r\nWarning: 299 - \"interim\"\r\n\r\n"
	    "HTTP/1.1 200 OK\r\nWarning: 299 - \"final\"\r\nContent-Length: 2\r\nX-Final: 1\r\n\r\nok";
	run_request(f, &(kc_http_request){.url = url, .on_header = on_header}, &o);
	assert_int_equal(o.err, 0);
	assert_int_equal(o.status, 200);
	assert_string_equal(kc_buf_str(&o.body), "ok");
	assert_non_null(o.warnings);
	assert_string_equal(o.warnings[0], "299 - \"final\"");
	assert_null(o.warnings[1]);
	assert_string_equal(kc_buf_str(&o.headers),
	                    "200 Warning: 299 - \"final\"\n200 Content-Length: 2\n200 X-Final: 1\n");
	outcome_clear(&o);

	/* A body cut short. */
	rs.answer = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort";
	run_request(f, &(kc_http_request){.url = url}, &o);
	assert_int_equal(o.err, -ECONNRESET);
	assert_int_equal(o.failure, KC_HTTP_FAIL_BROKEN);
	assert_int_equal(o.status, 200);
	outcome_clear(&o);
	evconnlistener_free(rs.lis);
}

static void test_warnings(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *url = url_of(f, "/echo?warn=1");
	outcome o = {0};
	run_request(f, &(kc_http_request){.url = url, .on_header = on_header}, &o);
	assert_non_null(o.warnings);
	assert_string_equal(o.warnings[0], "299 - \"first warning\"");
	assert_string_equal(o.warnings[1], "199 kc \"second\"");
	assert_null(o.warnings[2]);
	assert_non_null(strstr(kc_buf_str(&o.headers), "200 Warning: 299 - \"first warning\"\n"));
	outcome_clear(&o);
}

static void test_options(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *echo = url_of(f, "/echo");
	outcome o = {0};
	run_request(
	    f,
	    &(kc_http_request){
	        .url = echo, .username = "u", .password = "p", .accept_encoding = true, .http1 = true},
	    &o);
	_cleanup_json_ cJSON *j = cJSON_Parse(o.body.s);
	assert_string_equal(jstr(j, "Authorization"), "Basic dTpw");
	assert_non_null(strstr(jstr(j, "Accept-Encoding"), "gzip"));
	outcome_clear(&o);

	/* No Authorization, no Accept-Encoding unless asked. */
	run_request(f, &(kc_http_request){.url = echo}, &o);
	cJSON_Delete(j);
	j = cJSON_Parse(o.body.s);
	assert_string_equal(jstr(j, "Authorization"), "(none)");
	assert_string_equal(jstr(j, "Accept-Encoding"), "(none)");
	outcome_clear(&o);

	/* max_body keeps the head of the body. */
	_cleanup_free_ char *big = url_of(f, "/big");
	run_request(f, &(kc_http_request){.url = big, .max_body = 1000}, &o);
	assert_int_equal(o.status, 200);
	assert_int_equal(o.body.len, 1000);
	assert_true(o.truncated);
	outcome_clear(&o);
	run_request(f, &(kc_http_request){.url = big}, &o);
	assert_int_equal(o.body.len, 100000);
	assert_false(o.truncated);
	outcome_clear(&o);
}

static void restore_env(const char *name, char *saved)
{
	if (saved) {
		setenv(name, saved, 1);
		free(saved);
	} else {
		unsetenv(name);
	}
}

static void test_proxy_from_env(void **state)
{
	fixture *f = *state;
	static const char *const names[] = {"http_proxy", "no_proxy", "NO_PROXY"};
	char *saved[KC_ARRAY_SIZE(names)];
	for (size_t i = 0; i < KC_ARRAY_SIZE(names); i++) {
		const char *v = getenv(names[i]);
		saved[i] = v ? xstrdup(v) : NULL;
		unsetenv(names[i]);
	}
	_cleanup_free_ char *proxy = xasprintf("http://127.0.0.1:%d", closed_port());
	setenv("http_proxy", proxy, 1);
	_cleanup_free_ char *echo = url_of(f, "/echo");
	outcome o = {0};
	run_request(f, &(kc_http_request){.url = echo}, &o); /* proxies ignored by default */
	int plain_status = (int)o.status;
	outcome_clear(&o);
	run_request(f, &(kc_http_request){.url = echo, .proxy_from_env = true}, &o);
	int proxied_err = o.err;
	outcome_clear(&o);
	for (size_t i = 0; i < KC_ARRAY_SIZE(names); i++)
		restore_env(names[i], saved[i]);
	assert_int_equal(plain_status, 200);
	assert_int_equal(proxied_err, -ECONNREFUSED); /* went to the (dead) proxy */
}

static void test_free_in_flight(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *slow = url_of(f, "/slow");
	_cleanup_free_ char *held = url_of(f, "/stream?n=1&hold=1");
	assert_non_null(kc_http_start(f->http, &(kc_http_request){.url = slow}, never_done, NULL));
	outcome o = {0};
	assert_non_null(
	    kc_http_start(f->http, &(kc_http_request){.url = held, .on_data = on_data}, never_done, &o));
	assert_true(run_until(f->base, &o.ndata, 1, 5000));
	kc_http_free(f->http);
	f->http = NULL;
	run_until(f->base, NULL, 0, 50);
	outcome_clear(&o);
}

/* ---- TLS ---- */

typedef struct tls_case {
	const char *name;
	kc_http_tls tls;
	const char *host;    /* in the URL */
	const char *want_cn; /* NULL: expect a TLS failure */
	kc_http_failure want_failure;
	long want_verify; /* for KC_HTTP_FAIL_TLS_VERIFY; -1: any */
} tls_case;

static void test_tls(void **state)
{
	(void)state;
	struct event_base *base = event_base_new();
	test_server *srv = server_new(base, &certs);
	fixture f = {.base = base, .srv = srv};
	const tls_case cases[] = {
	    {"files",
	     {.ca_file = certs.ca_file,
	      .cert_file = certs.client_cert_file,
	      .key_file = certs.client_key_file},
	     "127.0.0.1",
	     "kc-test-user",
	     0,
	     0},
	    {"memory",
	     {.ca_data = certs.ca_pem, .cert_data = certs.client_cert_pem, .key_data = certs.client_key_pem},
	     "127.0.0.1",
	     "kc-test-user",
	     0,
	     0},
	    {"memory wins over files",
	     {.ca_file = certs.other_ca_file, .ca_data = certs.ca_pem},
	     "127.0.0.1",
	     "",
	     0,
	     0},
	    {"no client certificate", {.ca_data = certs.ca_pem}, "localhost", "", 0, 0},
	    {"unknown authority",
	     {.ca_file = certs.other_ca_file},
	     "127.0.0.1",
	     NULL,
	     KC_HTTP_FAIL_TLS_VERIFY,
	     -1},
	    {"insecure", {.insecure_skip_verify = true}, "127.0.0.1", "", 0, 0},
	    {"server name in SANs",
	     {.ca_data = certs.ca_pem, .server_name = "kc-test.invalid"},
	     "127.0.0.1",
	     "",
	     0,
	     0},
	    {"server name not in SANs",
	     {.ca_data = certs.ca_pem, .server_name = "wrong.invalid"},
	     "127.0.0.1",
	     NULL,
	     KC_HTTP_FAIL_TLS_VERIFY,
	     X509_V_ERR_HOSTNAME_MISMATCH},
	    {"bad client key",
	     {.ca_data = certs.ca_pem, .cert_data = certs.client_cert_pem, .key_data = "junk"},
	     "127.0.0.1",
	     NULL,
	     KC_HTTP_FAIL_TLS,
	     0},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const tls_case *c = &cases[i];
		_cleanup_free_ char *url = xasprintf("https://%s:%d/echo", c->host, srv->port);
		outcome o = {0};
		/* A fresh engine per case: curl would reuse an earlier case's
		 * connection where only the key differs. */
		f.http = kc_http_new(base);
		run_request(&f, &(kc_http_request){.url = url, .tls = &c->tls}, &o);
		kc_http_free(f.http);
		_cleanup_json_ cJSON *j = cJSON_Parse(kc_buf_str(&o.body));
		if (c->want_cn) {
			_cleanup_free_ char *want_host = xasprintf("%s:%d", c->host, srv->port);
			if (o.err || o.status != 200 || !streq(jstr(j, "peerCN"), c->want_cn) ||
			    !streq(jstr(j, "Host"), want_host))
				fail_msg("case %s: err=%d (%s) status=%ld body=%s", c->name, o.err, o.errmsg,
				         o.status, kc_buf_str(&o.body));
		} else if (o.err != -EPROTO || o.failure != c->want_failure ||
		           (c->want_verify > 0 && o.tls_verify != c->want_verify) ||
		           (c->want_verify < 0 && o.tls_verify == X509_V_OK)) {
			fail_msg("case %s: err=%d failure=%d verify=%ld (%s)", c->name, o.err, o.failure,
			         o.tls_verify, o.errmsg);
		}
		outcome_clear(&o);
	}

	/* Keep-alive over TLS. */
	f.http = kc_http_new(base);
	kc_http_tls tls = {.ca_data = certs.ca_pem};
	_cleanup_free_ char *url = xasprintf("https://127.0.0.1:%d/echo", srv->port);
	size_t first = srv->nrequests;
	for (int i = 0; i < 2; i++) {
		outcome o = {0};
		run_request(&f, &(kc_http_request){.url = url, .tls = &tls}, &o);
		assert_int_equal(o.status, 200);
		outcome_clear(&o);
	}
	assert_int_equal(srv->peer_ports[first], srv->peer_ports[first + 1]);

	kc_http_free(f.http);
	server_free(srv);
	event_base_free(base);
}

int main(void)
{
	/* The TLS server writes to sockets a client may have closed. */
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_methods, setup, teardown),
	    cmocka_unit_test(test_url_parse),
	    cmocka_unit_test_setup_teardown(test_bad_start, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_keepalive, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_start_from_done, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cancel_outside, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stream, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stream_stop, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_connection_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_timeouts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_raw_answers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_warnings, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_options, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_proxy_from_env, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_free_in_flight, setup, teardown),
	    cmocka_unit_test(test_tls),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
