/* test_client.c - the API client against an in-process evhttp server on
 * 127.0.0.1 (port 0, read back), running in the client's own event loop:
 * plain HTTP for requests, errors and watches, HTTPS (bufferevent_openssl,
 * certificates from tests/harness/tls_certs) for TLS, client certificates
 * and bearer tokens. */
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>
#include <cmocka.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "common/client.h"
#include "common/util.h"
#include "harness/tls_certs.h"

/* ---- the test server ---- */

/* One watch response: a status, and for 200 the body in pieces written as
 * separate chunks a few milliseconds apart. */
typedef struct stream_script {
	int status;
	const char *body;           /* for a status other than 200 */
	const char *const *pieces;  /* NULL-terminated */
	bool hold;                  /* keep the stream open after the pieces */
} stream_script;

typedef struct test_server test_server;

typedef struct stream {
	test_server *srv;
	struct evhttp_request *req;
	struct evhttp_connection *evcon;
	const stream_script *script;
	size_t next;
	struct event *timer;
	bool dead;
	struct stream *link;
} stream;

struct test_server {
	struct event_base *base;
	struct evhttp *http;
	SSL_CTX *ssl;
	int port;
	int peer_ports[64];
	size_t nrequests;
	const stream_script *streams;
	size_t nstreams;
	size_t next_stream;
	char *watch_queries[32];
	size_t nwatches;
	stream *live;
};

static const char *method_name(enum evhttp_cmd_type t)
{
	switch (t) {
	case EVHTTP_REQ_GET: return "GET";
	case EVHTTP_REQ_POST: return "POST";
	case EVHTTP_REQ_PUT: return "PUT";
	case EVHTTP_REQ_PATCH: return "PATCH";
	case EVHTTP_REQ_DELETE: return "DELETE";
	case EVHTTP_REQ_HEAD: return "HEAD";
	default: return "OTHER";
	}
}

static void reply(struct evhttp_request *req, int code, const char *ctype, const char *body)
{
	if (ctype)
		evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", ctype);
	struct evbuffer *b = evbuffer_new();
	evbuffer_add(b, body, strlen(body));
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
	evtimer_del(st->timer);
	/* The client hung up mid-stream: evhttp detached the unfinished
	 * request from the connection and leaves it to us; ending the reply
	 * frees it. */
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
	const char *piece = st->script->pieces ? st->script->pieces[st->next] : NULL;
	if (piece) {
		struct evbuffer *b = evbuffer_new();
		evbuffer_add(b, piece, strlen(piece));
		evhttp_send_reply_chunk(st->req, b);
		evbuffer_free(b);
		st->next++;
		struct timeval tv = {0, 2000};
		evtimer_add(st->timer, &tv);
		return;
	}
	if (!st->script->hold) {
		evhttp_connection_set_closecb(st->evcon, NULL, NULL);
		evhttp_send_reply_end(st->req);
		st->dead = true;
	}
}

static void serve_watch(test_server *s, struct evhttp_request *req, const char *query)
{
	if (s->nwatches < KC_ARRAY_SIZE(s->watch_queries))
		s->watch_queries[s->nwatches++] = xstrdup(query ? query : "");
	if (s->next_stream >= s->nstreams) {
		reply(req, 500, "text/plain", "no more streams scripted");
		return;
	}
	const stream_script *sc = &s->streams[s->next_stream++];
	if (sc->status != 200) {
		reply(req, sc->status, "application/json", sc->body ? sc->body : "");
		return;
	}
	stream *st = xcalloc(1, sizeof(*st));
	st->srv = s;
	st->req = req;
	st->evcon = evhttp_request_get_connection(req);
	st->script = sc;
	st->timer = evtimer_new(s->base, stream_tick, st);
	st->link = s->live;
	s->live = st;
	evhttp_connection_set_closecb(st->evcon, stream_closed, st);
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "application/json");
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

	if (streq(path, "/api/v1/pods") && query && strstr(query, "watch=1")) {
		serve_watch(s, req, query);
	} else if (streq(path, "/echo")) {
		struct evbuffer *inbuf = evhttp_request_get_input_buffer(req);
		size_t n = evbuffer_get_length(inbuf);
		_cleanup_free_ char *body = xmalloc(n + 1);
		evbuffer_copyout(inbuf, body, n);
		body[n] = '\0';
		_cleanup_free_ char *cn = peer_cn(req);
		_cleanup_json_ cJSON *j = cJSON_CreateObject();
		const char *h;
		cJSON_AddStringToObject(j, "method", method_name(evhttp_request_get_command(req)));
		cJSON_AddStringToObject(j, "query", query ? query : "");
		cJSON_AddStringToObject(j, "body", body);
		cJSON_AddStringToObject(j, "contentType", (h = evhttp_find_header(in, "Content-Type")) ? h : "");
		cJSON_AddStringToObject(j, "authorization", (h = evhttp_find_header(in, "Authorization")) ? h : "");
		cJSON_AddStringToObject(j, "accept", (h = evhttp_find_header(in, "Accept")) ? h : "");
		cJSON_AddStringToObject(j, "userAgent", (h = evhttp_find_header(in, "User-Agent")) ? h : "");
		cJSON_AddStringToObject(j, "host", (h = evhttp_find_header(in, "Host")) ? h : "");
		cJSON_AddStringToObject(j, "peerCN", cn);
		if (query && strstr(query, "warn")) {
			struct evkeyvalq *out = evhttp_request_get_output_headers(req);
			evhttp_add_header(out, "Warning", "299 - \"first warning\"");
			evhttp_add_header(out, "Warning",
					  "299 kc \"second, \\\"quoted\\\"\" \"Sat, 01 Jan 2000 00:00:00 GMT\", 199 - \"misc\"");
			evhttp_add_header(out, "Warning", "garbage");
		}
		_cleanup_free_ char *text = cJSON_PrintUnformatted(j);
		reply(req, 200, "application/json", text);
	} else if (streq(path, "/status/404")) {
		reply(req, 404, "application/json",
		      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods \\\"nope\\\" "
		      "not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"nope\",\"kind\":\"pods\"},\"code\":404}");
	} else if (streq(path, "/status/409-empty")) {
		reply(req, 409, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":409}");
	} else if (streq(path, "/plain/404")) {
		reply(req, 404, "text/plain", "404 page not found\n");
	} else if (streq(path, "/plain/403")) {
		reply(req, 403, "text/plain", "forbidden: not for you\n");
	} else if (streq(path, "/plain/500")) {
		reply(req, 500, "text/plain", "boom \"bang\"\n");
	} else if (streq(path, "/plain/502")) {
		reply(req, 502, NULL, "");
	} else if (streq(path, "/plain/418")) {
		reply(req, 418, NULL, "");
	} else if (streq(path, "/slow")) {
		/* Never answered; evhttp_free drops it. */
	} else {
		reply(req, 404, "text/plain", "404 page not found\n");
	}
}

static struct bufferevent *ssl_bevcb(struct event_base *base, void *arg)
{
	SSL_CTX *ctx = arg;
	return bufferevent_openssl_socket_new(base, -1, SSL_new(ctx), BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
}

static test_server *server_new(struct event_base *base, const kc_test_certs *certs)
{
	test_server *s = xcalloc(1, sizeof(*s));
	s->base = base;
	s->http = evhttp_new(base);
	evhttp_set_allowed_methods(s->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_PUT | EVHTTP_REQ_PATCH |
						    EVHTTP_REQ_DELETE | EVHTTP_REQ_HEAD);
	evhttp_set_gencb(s->http, handle, s);
	if (certs) {
		s->ssl = SSL_CTX_new(TLS_server_method());
		assert_int_equal(SSL_CTX_use_certificate_chain_file(s->ssl, certs->server_cert_file), 1);
		assert_int_equal(SSL_CTX_use_PrivateKey_file(s->ssl, certs->server_key_file, SSL_FILETYPE_PEM), 1);
		assert_int_equal(SSL_CTX_load_verify_locations(s->ssl, certs->ca_file, NULL), 1);
		SSL_CTX_set_client_CA_list(s->ssl, SSL_load_client_CA_file(certs->ca_file));
		/* Ask for a client certificate, do not insist: token-only cases. */
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
	for (size_t i = 0; i < s->nwatches; i++)
		free(s->watch_queries[i]);
	if (s->ssl)
		SSL_CTX_free(s->ssl);
	free(s);
}

/* ---- fixtures ---- */

typedef struct fixture {
	struct event_base *base;
	test_server *srv;
	kc_client *client;
} fixture;

static kc_test_certs certs;

static int group_setup(void **state)
{
	(void)state;
	return kc_test_certs_make(&certs, &(kc_test_certs_opts){.server_names = "127.0.0.1,localhost,kc-test.invalid"});
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
	_cleanup_free_ char *server = xasprintf("http://127.0.0.1:%d", f->srv->port);
	kc_client_config cfg = {.server = server, .user_agent = "kc-test/1", .watch_backoff_initial_ms = 10,
				.watch_backoff_max_ms = 40};
	kc_error err = KC_ERROR_INIT;
	f->client = kc_client_new(f->base, &cfg, &err);
	if (!f->client)
		fail_msg("kc_client_new: %s", err.msg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	kc_client_free(f->client);
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

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "(missing)";
}

/* ---- requests ---- */

typedef struct method_case {
	const char *method;
	const char *content_type; /* given */
	const char *body;
	const char *const *headers;
	const char *want_ct;
	const char *want_accept;
} method_case;

static const char *const table_accept[] = {"Accept: application/json;as=Table;v=v1;g=meta.k8s.io", NULL};

static const method_case method_cases[] = {
	{"GET", NULL, NULL, NULL, "", "application/json, */*"},
	{"GET", NULL, NULL, table_accept, "", "application/json;as=Table;v=v1;g=meta.k8s.io"},
	{"POST", NULL, "{\"kind\":\"Pod\"}", NULL, "application/json", "application/json, */*"},
	{"POST", NULL, NULL, NULL, "", "application/json, */*"},
	{"PUT", NULL, "{\"a\":1}", NULL, "application/json", "application/json, */*"},
	{"PATCH", "application/merge-patch+json", "{\"b\":2}", NULL, "application/merge-patch+json",
	 "application/json, */*"},
	{"PATCH", "application/json-patch+json", "[]", NULL, "application/json-patch+json", "application/json, */*"},
	{"DELETE", NULL, NULL, NULL, "", "application/json, */*"},
	{"DELETE", NULL, "{\"propagationPolicy\":\"Foreground\"}", NULL, "application/json", "application/json, */*"},
};

static void test_methods(void **state)
{
	fixture *f = *state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(method_cases); i++) {
		const method_case *c = &method_cases[i];
		_cleanup_free_ char *body = c->body ? xstrdup(c->body) : NULL;
		kc_response resp;
		int r = kc_client_request_sync(f->client, c->method, "/echo?x=1", c->content_type, body,
					       body ? strlen(body) : 0, c->headers, &resp);
		if (r != 0 || resp.status != 200)
			fail_msg("case %zu %s: r=%d status=%ld %s", i, c->method, r, resp.status, resp.err.msg);
		const cJSON *j = resp.body;
		if (!streq(jstr(j, "method"), c->method) || !streq(jstr(j, "body"), c->body ? c->body : "") ||
		    !streq(jstr(j, "contentType"), c->want_ct) || !streq(jstr(j, "accept"), c->want_accept) ||
		    !streq(jstr(j, "userAgent"), "kc-test/1") || !streq(jstr(j, "query"), "x=1"))
			fail_msg("case %zu %s: echoed %s", i, c->method, resp.raw);
		assert_string_equal(resp.content_type, "application/json");
		assert_int_equal(resp.err.code, 0);
		assert_null(resp.warnings);
		kc_response_clear(&resp);
	}
	/* Bad arguments never start anything. */
	kc_response resp;
	assert_int_equal(kc_client_request_sync(f->client, "BREW", "/echo", NULL, NULL, 0, NULL, &resp), -EINVAL);
	kc_response_clear(&resp);
	assert_int_equal(kc_client_request_sync(f->client, "GET", "echo", NULL, NULL, 0, NULL, &resp), -EINVAL);
	kc_response_clear(&resp);
}

typedef struct async_state {
	size_t done;
	long status[4];
	char *method[4];
} async_state;

static void async_cb(kc_response *resp, void *userdata)
{
	async_state *st = userdata;
	size_t i = st->done++;
	st->status[i] = resp->status;
	st->method[i] = xstrdup(jstr(resp->body, "method"));
}

static void test_async_and_keepalive(void **state)
{
	fixture *f = *state;
	async_state st = {0};
	_cleanup_json_ cJSON *obj = cJSON_CreateObject();
	cJSON_AddStringToObject(obj, "kind", "ConfigMap");
	assert_int_equal(kc_client_request(f->client, "GET", "/echo", NULL, NULL, 0, NULL, async_cb, &st), 0);
	/* request_json frees its serialised body before returning: the
	 * client must have copied it (ASan and valgrind would see). */
	assert_int_equal(kc_client_request_json(f->client, "POST", "/echo", obj, async_cb, &st), 0);
	assert_int_equal(st.done, 0); /* callbacks only from the loop */
	assert_true(run_until(f->base, &st.done, 2, 5000));
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(st.status[i], 200);
		assert_true(streq(st.method[i], "GET") || streq(st.method[i], "POST"));
		free(st.method[i]);
	}

	/* Sequential requests reuse one kept-alive connection. */
	size_t first = f->srv->nrequests;
	for (int i = 0; i < 3; i++) {
		kc_response resp;
		assert_int_equal(kc_client_request_sync(f->client, "GET", "/echo", NULL, NULL, 0, NULL, &resp), 0);
		kc_response_clear(&resp);
	}
	assert_int_equal(f->srv->nrequests, first + 3);
	assert_int_equal(f->srv->peer_ports[first], f->srv->peer_ports[first + 1]);
	assert_int_equal(f->srv->peer_ports[first + 1], f->srv->peer_ports[first + 2]);
}

typedef struct status_case {
	const char *path;
	long status;
	int code;
	const char *msg;
	const char *body_kind; /* kind of the parsed body, NULL: no JSON body */
} status_case;

static const status_case status_cases[] = {
	{"/echo", 200, 0, "", NULL},
	{"/status/404", 404, -EPROTO, "pods \"nope\" not found", "Status"},
	{"/status/409-empty", 409, -EPROTO, "the server reported a conflict", "Status"},
	{"/plain/404", 404, -EPROTO, "the server could not find the requested resource", NULL},
	{"/plain/403", 403, -EPROTO, "forbidden: not for you", NULL},
	{"/plain/500", 500, -EPROTO, "an error on the server (\"boom \\\"bang\\\"\") has prevented the request from succeeding",
	 NULL},
	{"/plain/502", 502, -EPROTO, "an error on the server (\"unknown\") has prevented the request from succeeding",
	 NULL},
	{"/plain/418", 418, -EPROTO, "the server responded with the status code 418 but did not return more information",
	 NULL},
};

static void test_status_errors(void **state)
{
	fixture *f = *state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(status_cases); i++) {
		const status_case *c = &status_cases[i];
		kc_response resp;
		int r = kc_client_request_sync(f->client, "GET", c->path, NULL, NULL, 0, NULL, &resp);
		const char *kind = resp.body ? jstr(resp.body, "kind") : NULL;
		if (r != 0 || resp.status != c->status || resp.err.code != c->code || !streq(resp.err.msg, c->msg) ||
		    (c->body_kind ? !kind || !streq(kind, c->body_kind) : false))
			fail_msg("case %s: r=%d status=%ld code=%d msg=[%s]", c->path, r, resp.status, resp.err.code,
				 resp.err.msg);
		if (c->status != 200 && c->body_kind == NULL && c->status != 502 && c->status != 418)
			assert_true(resp.raw_len > 0 && resp.raw[0] != '\0');
		kc_response_clear(&resp);
	}
}

static void test_warnings(void **state)
{
	fixture *f = *state;
	kc_response resp;
	assert_int_equal(kc_client_request_sync(f->client, "GET", "/echo?warn=1", NULL, NULL, 0, NULL, &resp), 0);
	assert_non_null(resp.warnings);
	const char *want[] = {"first warning", "second, \"quoted\"", "garbage"};
	size_t n = 0;
	while (resp.warnings[n])
		n++;
	assert_int_equal(n, KC_ARRAY_SIZE(want));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(resp.warnings[i], want[i]);
	kc_response_clear(&resp);
}

static void test_connection_refused(void **state)
{
	(void)state;
	/* A port that was ours a moment ago and now has nobody listening. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sin);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	int port = ntohs(sin.sin_port);
	close(fd);

	struct event_base *base = event_base_new();
	_cleanup_free_ char *server = xasprintf("http://127.0.0.1:%d", port);
	kc_client_config cfg = {.server = server};
	kc_client *c = kc_client_new(base, &cfg, NULL);
	assert_non_null(c);
	kc_response resp;
	assert_int_equal(kc_client_request_sync(c, "GET", "/api", NULL, NULL, 0, NULL, &resp), -ECONNREFUSED);
	assert_int_equal(resp.status, 0);
	assert_int_equal(resp.err.code, -ECONNREFUSED);
	_cleanup_free_ char *want =
		xasprintf("The connection to the server 127.0.0.1:%d was refused - did you specify the right host or port?",
			  port);
	assert_string_equal(resp.err.msg, want);
	kc_response_clear(&resp);
	kc_client_free(c);
	event_base_free(base);
}

static void test_timeout(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *server = xasprintf("http://127.0.0.1:%d", f->srv->port);
	kc_client_config cfg = {.server = server, .request_timeout_ms = 200};
	kc_client *c = kc_client_new(f->base, &cfg, NULL);
	kc_response resp;
	assert_int_equal(kc_client_request_sync(c, "GET", "/slow", NULL, NULL, 0, NULL, &resp), -ETIMEDOUT);
	assert_int_equal(resp.status, 0);
	assert_string_equal(resp.err.msg, "Unable to connect to the server: net/http: request canceled "
					  "(Client.Timeout exceeded while awaiting headers)");
	kc_response_clear(&resp);
	kc_client_free(c);
}

typedef struct config_case {
	const char *name;
	kc_client_config cfg;
	const char *want_err; /* NULL: kc_client_new succeeds */
} config_case;

static void test_bad_configs(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *bare = xasprintf("127.0.0.1:%d", f->srv->port);
	_cleanup_free_ char *prefixed = xasprintf("http://127.0.0.1:%d/", f->srv->port);
	const config_case cases[] = {
		{"no server", {.server = NULL}, "no server found"},
		{"empty server", {.server = ""}, "no server found"},
		{"bad url", {.server = "ht@tp://x"}, "host must be a URL or a host:port pair: \"ht@tp://x\""},
		{"bad scheme", {.server = "ftp://127.0.0.1"}, "host must be a URL or a host:port pair"},
		{"missing CA file", {.server = "https://127.0.0.1", .ca_file = "/nonexistent/ca.crt"},
		 "unable to read certificate-authority /nonexistent/ca.crt: No such file or directory"},
		{"missing token file", {.server = "https://127.0.0.1", .token_file = "/nonexistent/token"},
		 "open /nonexistent/token: No such file or directory"},
		{"cert without key", {.server = "https://127.0.0.1", .cert_data = "x"}, "needs a client key"},
		{"bare host:port", {.server = bare}, NULL},
		{"trailing slash", {.server = prefixed}, NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_error err = KC_ERROR_INIT;
		kc_client *c = kc_client_new(f->base, &cases[i].cfg, &err);
		if (cases[i].want_err) {
			if (c || !strstr(err.msg, cases[i].want_err))
				fail_msg("case %s: got %p [%s]", cases[i].name, (void *)c, err.msg);
			continue;
		}
		if (!c)
			fail_msg("case %s: %s", cases[i].name, err.msg);
		kc_response resp;
		int r = kc_client_request_sync(c, "GET", "/echo", NULL, NULL, 0, NULL, &resp);
		if (r != 0 || resp.status != 200)
			fail_msg("case %s: r=%d %s", cases[i].name, r, resp.err.msg);
		kc_response_clear(&resp);
		assert_string_equal(kc_client_get_config(c)->server, cases[i].cfg.server);
		kc_client_free(c);
	}
}

/* ---- watches ---- */

typedef struct watch_log {
	kc_buf events; /* "TYPE name rv\n" */
	size_t n;
	size_t gone;
	size_t errors;
	kc_buf error_msgs;
	kc_watch *w;
	kc_client *client;
	size_t stop_at;     /* stop the watch from inside the n-th event (1-based; 0: never) */
	bool stop_in_gone;
} watch_log;

static void wl_event(kc_watch_event_type type, cJSON *object, void *userdata)
{
	watch_log *l = userdata;
	const cJSON *md = cJSON_GetObjectItemCaseSensitive(object, "metadata");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(md, "name");
	const cJSON *rv = cJSON_GetObjectItemCaseSensitive(md, "resourceVersion");
	kc_buf_addf(&l->events, "%s %s %s\n", kc_watch_event_type_name(type),
		    cJSON_IsString(name) ? name->valuestring : "-", cJSON_IsString(rv) ? rv->valuestring : "-");
	l->n++;
	if (l->stop_at && l->n == l->stop_at) {
		kc_watch_stop(l->w);
		l->w = NULL;
	}
}

static void wl_gone(void *userdata)
{
	watch_log *l = userdata;
	l->gone++;
	if (l->stop_in_gone) {
		kc_watch_stop(l->w);
		l->w = NULL;
	}
}

static void wl_error(const kc_error *err, void *userdata)
{
	watch_log *l = userdata;
	l->errors++;
	kc_buf_addf(&l->error_msgs, "%s\n", err->msg);
}

static void wl_free(watch_log *l)
{
	kc_watch_stop(l->w);
	kc_buf_free(&l->events);
	kc_buf_free(&l->error_msgs);
}

static kc_watch *start_watch(fixture *f, watch_log *l, const char *rv)
{
	l->w = kc_client_watch(f->client, "/api/v1/pods?labelSelector=app%3Dweb", rv, wl_event, wl_gone, l);
	assert_non_null(l->w);
	kc_watch_set_error_cb(l->w, wl_error);
	return l->w;
}

#define EV(type, name, rv)                                                                                   \
	"{\"type\":\"" type "\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" name \
	"\",\"resourceVersion\":\"" rv "\"}}}\n"

static void test_watch_chunks(void **state)
{
	fixture *f = *state;
	/* Split inside keys, inside "é" (C3 A9), after backslashes, with
	 * blank lines and several events in one chunk. */
	static const char *const pieces[] = {
		"{\"ty", "pe\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"caf\xc3", "\xa9\",\"resourceVersion\":\"1\"}}}",
		"\n\n", "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"q\\\"", "\\\\\",\"resourceVersion\":\"2\"}}}\n"
		EV("ADDED", "b", "3") EV("DELETED", "b", "4") "{",
		"\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"9\"}}}", "\n",
		NULL};
	static const stream_script streams[] = {{200, NULL, pieces, true}};
	f->srv->streams = streams;
	f->srv->nstreams = KC_ARRAY_SIZE(streams);
	watch_log l = {0};
	start_watch(f, &l, "0");
	assert_string_equal(kc_watch_resource_version(l.w), "0");
	assert_true(run_until(f->base, &l.n, 5, 5000));
	assert_string_equal(kc_buf_str(&l.events), "ADDED caf\xc3\xa9 1\n"
						   "MODIFIED q\"\\ 2\n"
						   "ADDED b 3\n"
						   "DELETED b 4\n"
						   "BOOKMARK - 9\n");
	assert_string_equal(kc_watch_resource_version(l.w), "9");
	assert_int_equal(l.errors, 0);
	assert_int_equal(f->srv->nwatches, 1);
	const char *q = f->srv->watch_queries[0];
	assert_non_null(strstr(q, "labelSelector=app%3Dweb&watch=1&allowWatchBookmarks=true&resourceVersion=0"));
	assert_non_null(strstr(q, "&timeoutSeconds="));
	wl_free(&l);
}

static void test_watch_reconnect(void **state)
{
	fixture *f = *state;
	static const char *const s1[] = {EV("ADDED", "a", "1") EV("MODIFIED", "a", "2"), NULL};
	static const char *const s2[] = {EV("ADDED", "b", "3"),
					 "{\"type\":\"BOOKMARK\",\"object\":{\"metadata\":{\"resourceVersion\":\"5\"}}}\n",
					 NULL};
	static const char *const s3[] = {EV("DELETED", "a", "6"), NULL};
	static const stream_script streams[] = {{200, NULL, s1, false}, {200, NULL, s2, false}, {200, NULL, s3, true}};
	f->srv->streams = streams;
	f->srv->nstreams = KC_ARRAY_SIZE(streams);
	watch_log l = {0};
	start_watch(f, &l, NULL);
	assert_true(run_until(f->base, &l.n, 5, 5000));
	assert_string_equal(kc_buf_str(&l.events), "ADDED a 1\nMODIFIED a 2\nADDED b 3\nBOOKMARK - 5\nDELETED a 6\n");
	assert_int_equal(f->srv->nwatches, 3);
	assert_null(strstr(f->srv->watch_queries[0], "resourceVersion="));
	assert_non_null(strstr(f->srv->watch_queries[1], "&resourceVersion=2&"));
	assert_non_null(strstr(f->srv->watch_queries[2], "&resourceVersion=5&"));
	assert_int_equal(l.errors, 0);
	assert_string_equal(kc_watch_resource_version(l.w), "6");
	wl_free(&l);
}

static void test_watch_errors_back_off(void **state)
{
	fixture *f = *state;
	static const char *const truncated[] = {EV("ADDED", "a", "1") "{\"type\":\"ADDED\",\"obj", NULL};
	static const char *const error_event[] = {
		"{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":500,\"message\":\"internal trouble\"}}\n"
		EV("ADDED", "never", "99"),
		NULL};
	static const char *const bad_json[] = {"{\"type\":\"ADDED\",\"object\":{]}\n", NULL};
	static const char *const good[] = {EV("ADDED", "c", "7"), NULL};
	static const stream_script streams[] = {
		{500, "oops", NULL, false},
		{200, NULL, truncated, false},
		{200, NULL, error_event, true},
		{200, NULL, bad_json, true},
		{200, NULL, good, true},
	};
	f->srv->streams = streams;
	f->srv->nstreams = KC_ARRAY_SIZE(streams);
	watch_log l = {0};
	start_watch(f, &l, "0");
	assert_true(run_until(f->base, &l.n, 3, 10000));
	assert_string_equal(kc_buf_str(&l.events), "ADDED a 1\nERROR - -\nADDED c 7\n");
	assert_int_equal(l.errors, 4);
	const char *m = kc_buf_str(&l.error_msgs);
	if (!strstr(m, "an error on the server (\"oops\") has prevented the request from succeeding\n") ||
	    !strstr(m, "unexpected EOF") || !strstr(m, "watch error: internal trouble\n") ||
	    !strstr(m, "decoding the watch stream of /api/v1/pods?labelSelector=app%3Dweb: malformed watch event"))
		fail_msg("error messages:\n%s", m);
	/* Resumed from the last event seen before each failure. */
	assert_int_equal(f->srv->nwatches, 5);
	assert_non_null(strstr(f->srv->watch_queries[1], "resourceVersion=0&"));
	assert_non_null(strstr(f->srv->watch_queries[2], "resourceVersion=1&"));
	assert_non_null(strstr(f->srv->watch_queries[4], "resourceVersion=1&"));
	wl_free(&l);
}

static void test_watch_gone(void **state)
{
	fixture *f = *state;
	static const char *const gone_event[] = {
		EV("ADDED", "a", "1")
		"{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
		"\"message\":\"too old resource version: 1 (5)\",\"reason\":\"Expired\",\"code\":410}}\n"
		EV("ADDED", "late", "6"),
		NULL};
	static const stream_script streams[] = {
		{410, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"reason\":\"Expired\",\"code\":410}", NULL, false},
		{200, NULL, gone_event, true},
	};
	f->srv->streams = streams;
	f->srv->nstreams = KC_ARRAY_SIZE(streams);

	/* 410 as the HTTP status. */
	watch_log l1 = {0};
	start_watch(f, &l1, "1");
	assert_true(run_until(f->base, &l1.gone, 1, 5000));
	run_until(f->base, NULL, 0, 100); /* idle: no reconnect follows */
	assert_int_equal(f->srv->nwatches, 1);
	assert_int_equal(l1.n, 0);
	assert_int_equal(l1.errors, 0);
	wl_free(&l1);

	/* 410 as an ERROR event: later events are not delivered; the callback
	 * stops the watch from inside on_gone. */
	watch_log l2 = {.stop_in_gone = true};
	start_watch(f, &l2, "1");
	assert_true(run_until(f->base, &l2.gone, 1, 5000));
	run_until(f->base, NULL, 0, 100);
	assert_string_equal(kc_buf_str(&l2.events), "ADDED a 1\n");
	assert_int_equal(f->srv->nwatches, 2);
	assert_null(l2.w);
	wl_free(&l2);
}

static void test_watch_stop_in_callback(void **state)
{
	fixture *f = *state;
	static const char *const pieces[] = {EV("ADDED", "a", "1") EV("ADDED", "b", "2") EV("ADDED", "c", "3"),
					     EV("ADDED", "d", "4"), NULL};
	static const stream_script streams[] = {{200, NULL, pieces, true}, {200, NULL, pieces, true}};
	f->srv->streams = streams;
	f->srv->nstreams = KC_ARRAY_SIZE(streams);
	watch_log l = {.stop_at = 1};
	/* A second watch on the same client keeps running meanwhile. */
	watch_log other = {0};
	start_watch(f, &l, "0");
	start_watch(f, &other, "0");
	assert_true(run_until(f->base, &other.n, 4, 5000));
	run_until(f->base, NULL, 0, 50);
	assert_int_equal(l.n, 1);
	assert_null(l.w);
	assert_string_equal(kc_buf_str(&l.events), "ADDED a 1\n");
	assert_int_equal(other.n, 4);
	wl_free(&l);
	wl_free(&other);
}

static void never_cb(kc_response *resp, void *userdata)
{
	(void)resp;
	(void)userdata;
	fail_msg("a callback ran after kc_client_free");
}

static void never_event(kc_watch_event_type type, cJSON *object, void *userdata)
{
	(void)type;
	(void)object;
	(void)userdata;
	fail_msg("an event arrived after kc_client_free");
}

static void test_free_in_flight(void **state)
{
	fixture *f = *state;
	static const char *const pieces[] = {EV("ADDED", "a", "1"), NULL};
	static const stream_script streams[] = {{200, NULL, pieces, true}};
	f->srv->streams = streams;
	f->srv->nstreams = KC_ARRAY_SIZE(streams);
	assert_int_equal(kc_client_request(f->client, "GET", "/slow", NULL, NULL, 0, NULL, never_cb, NULL), 0);
	assert_non_null(kc_client_watch(f->client, "/api/v1/pods", "0", never_event, NULL, NULL));
	run_until(f->base, &f->srv->nwatches, 1, 2000); /* both in flight */
	kc_client_free(f->client);
	f->client = NULL;
	run_until(f->base, NULL, 0, 50);
}

/* ---- cancelling requests ---- */

typedef struct cancel_state {
	kc_client_req *victim; /* cancelled from the callback */
	kc_client_req *self;   /* cancelled from its own callback: no effect */
	size_t done;
	long status;
} cancel_state;

static void cancel_cb(kc_response *resp, void *userdata)
{
	cancel_state *st = userdata;
	st->done++;
	st->status = resp->status;
	kc_client_request_cancel(st->victim);
	kc_client_request_cancel(st->self);
}

static void on_cancel_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_client_request_cancel(arg);
}

static void test_request_cancel(void **state)
{
	fixture *f = *state;
	assert_ptr_equal(kc_client_base(f->client), f->base);

	/* Bad arguments: nothing starts, ret_req is untouched. */
	kc_client_req *req = (kc_client_req *)(uintptr_t)1;
	assert_int_equal(kc_client_request_ex(f->client, "GET", "echo", NULL, NULL, 0, NULL, never_cb, NULL, &req),
			 -EINVAL);
	assert_ptr_equal(req, (kc_client_req *)(uintptr_t)1);
	kc_client_request_cancel(NULL);

	/* Before the loop ran. */
	req = NULL;
	assert_int_equal(kc_client_request_ex(f->client, "GET", "/echo", NULL, NULL, 0, NULL, never_cb, NULL, &req), 0);
	assert_non_null(req);
	kc_client_request_cancel(req);

	/* While the server sits on it, from a timer. */
	size_t before = f->srv->nrequests;
	assert_int_equal(kc_client_request_ex(f->client, "GET", "/slow", NULL, NULL, 0, NULL, never_cb, NULL, &req), 0);
	struct event *t = evtimer_new(f->base, on_cancel_timer, req);
	struct timeval tv = {0, 50000};
	evtimer_add(t, &tv);
	run_until(f->base, NULL, 0, 200);
	event_free(t);
	assert_int_equal(f->srv->nrequests, before + 1); /* it did reach the server */

	/* From another request's callback, and itself from its own. */
	cancel_state st = {0};
	assert_int_equal(
		kc_client_request_ex(f->client, "GET", "/slow", NULL, NULL, 0, NULL, never_cb, NULL, &st.victim), 0);
	assert_int_equal(kc_client_request_ex(f->client, "GET", "/echo", NULL, NULL, 0, NULL, cancel_cb, &st, &st.self),
			 0);
	assert_true(run_until(f->base, &st.done, 1, 5000));
	run_until(f->base, NULL, 0, 50);
	assert_int_equal(st.done, 1);
	assert_int_equal(st.status, 200);

	/* The client still works. */
	kc_response resp;
	assert_int_equal(kc_client_request_sync(f->client, "GET", "/echo", NULL, NULL, 0, NULL, &resp), 0);
	kc_response_clear(&resp);
}

/* ---- TLS ---- */

typedef struct tls_case {
	const char *name;
	kc_client_config cfg; /* server filled in */
	bool https;           /* https://127.0.0.1:port, else https://localhost:port */
	const char *want_cn;  /* NULL: expect failure */
	const char *want_err;
	const char *want_auth;
} tls_case;

static void test_tls(void **state)
{
	(void)state;
	struct event_base *base = event_base_new();
	test_server *srv = server_new(base, &certs);
	const tls_case cases[] = {
		{"files and token",
		 {.ca_file = certs.ca_file, .cert_file = certs.client_cert_file, .key_file = certs.client_key_file,
		  .token = "s3cret"},
		 true, "kc-test-user", NULL, "Bearer s3cret"},
		{"in-memory PEM",
		 {.ca_data = certs.ca_pem, .cert_data = certs.client_cert_pem, .key_data = certs.client_key_pem},
		 true, "kc-test-user", NULL, ""},
		{"token only", {.ca_data = certs.ca_pem, .token = "t0ken"}, true, "", NULL, "Bearer t0ken"},
		{"basic auth", {.ca_data = certs.ca_pem, .username = "u", .password = "p"}, true, "", NULL,
		 "Basic dTpw"},
		{"unknown authority", {.ca_file = certs.other_ca_file}, true, NULL,
		 "Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by "
		 "unknown authority",
		 NULL},
		{"insecure", {.insecure_skip_tls_verify = true}, true, "", NULL, ""},
		{"server name in SANs", {.ca_data = certs.ca_pem, .tls_server_name = "kc-test.invalid"}, true, "", NULL,
		 ""},
		{"server name not in SANs", {.ca_data = certs.ca_pem, .tls_server_name = "wrong.invalid"}, true, NULL,
		 "Unable to connect to the server: tls: failed to verify certificate: x509: certificate is not valid "
		 "for wrong.invalid",
		 NULL},
		{"localhost", {.ca_data = certs.ca_pem}, false, "", NULL, ""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const tls_case *c = &cases[i];
		_cleanup_free_ char *server = xasprintf("https://%s:%d", c->https ? "127.0.0.1" : "localhost", srv->port);
		kc_client_config cfg = c->cfg;
		cfg.server = server;
		kc_error err = KC_ERROR_INIT;
		kc_client *client = kc_client_new(base, &cfg, &err);
		if (!client)
			fail_msg("case %s: %s", c->name, err.msg);
		kc_response resp;
		int r = kc_client_request_sync(client, "GET", "/echo", NULL, NULL, 0, NULL, &resp);
		if (c->want_cn) {
			if (r != 0 || resp.status != 200 || !streq(jstr(resp.body, "peerCN"), c->want_cn) ||
			    !streq(jstr(resp.body, "authorization"), c->want_auth))
				fail_msg("case %s: r=%d status=%ld err=%s body=%s", c->name, r, resp.status, resp.err.msg,
					 resp.raw ? resp.raw : "");
		} else if (r >= 0 || resp.status != 0 || !streq(resp.err.msg, c->want_err)) {
			fail_msg("case %s: r=%d status=%ld err=[%s]", c->name, r, resp.status, resp.err.msg);
		}
		kc_response_clear(&resp);
		kc_client_free(client);
	}

	/* tls_server_name changes the name verified (and SNI), not where the
	 * request goes nor its Host header (client-go's ServerName). */
	{
		_cleanup_free_ char *server = xasprintf("https://127.0.0.1:%d", srv->port);
		_cleanup_free_ char *want_host = xasprintf("127.0.0.1:%d", srv->port);
		kc_client_config cfg = {.server = server, .ca_data = certs.ca_pem, .tls_server_name = "kc-test.invalid"};
		kc_client *client = kc_client_new(base, &cfg, NULL);
		kc_response resp;
		assert_int_equal(kc_client_request_sync(client, "GET", "/echo", NULL, NULL, 0, NULL, &resp), 0);
		assert_string_equal(jstr(resp.body, "host"), want_host);
		kc_response_clear(&resp);
		kc_client_free(client);
	}

	/* A watch over TLS with a client certificate. */
	static const char *const pieces[] = {EV("ADDED", "tls", "1"), NULL};
	static const stream_script streams[] = {{200, NULL, pieces, true}};
	srv->streams = streams;
	srv->nstreams = 1;
	_cleanup_free_ char *server = xasprintf("https://127.0.0.1:%d", srv->port);
	kc_client_config cfg = {.server = server, .ca_file = certs.ca_file, .cert_data = certs.client_cert_pem,
				.key_data = certs.client_key_pem};
	kc_client *client = kc_client_new(base, &cfg, NULL);
	fixture f = {.base = base, .srv = srv, .client = client};
	watch_log l = {0};
	start_watch(&f, &l, "0");
	assert_true(run_until(base, &l.n, 1, 5000));
	assert_string_equal(kc_buf_str(&l.events), "ADDED tls 1\n");
	wl_free(&l);
	kc_client_free(client);
	server_free(srv);
	event_base_free(base);
}

int main(void)
{
	/* The TLS server writes with SSL_write on plain sockets: a client that
	 * hung up must not kill the test (daemons ignore SIGPIPE too). */
	signal(SIGPIPE, SIG_IGN);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_methods, setup, teardown),
		cmocka_unit_test_setup_teardown(test_async_and_keepalive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_warnings, setup, teardown),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_configs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_chunks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_reconnect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_errors_back_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_stop_in_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_cancel, setup, teardown),
		cmocka_unit_test(test_tls),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
