/* client.c - the Kubernetes API client (see client.h).
 *
 * The transport is http.h (libcurl driven by the loop); this file is what
 * makes it a Kubernetes client: the server URL and TLS material from a
 * kubeconfig, bearer tokens (re-read from token files) and basic auth,
 * Status errors and kubectl's wording of transport failures, Warning
 * headers, and watches - decoding the event stream, resuming from the last
 * resourceVersion, backing off after failures, and 410 Gone.
 *
 * http.h runs every callback outside libcurl, so the watch decodes stream
 * bytes straight from on_data and its caller's handlers may start requests
 * and stop watches (their own included). A watch whose handler stops it is
 * only marked while a handler of it runs (in_cb), and freed when control is
 * back in this file, so no handler pulls memory from under its caller. */
#include "client.h"

#include <errno.h>
#include <event2/event.h>
#include <openssl/x509_vfy.h>
#include <stdint.h>
#include <strings.h>
#include <time.h>

#include "http.h"
#include "util.h"

#include "banned.h"

#define DEFAULT_BACKOFF_INITIAL_MS 500L
#define DEFAULT_BACKOFF_MAX_MS     30000L
#define TOKEN_FILE_REREAD_SECONDS  60
#define MAX_CREDENTIAL_FILE        ((size_t)4 << 20)
/* A watch's non-200 answer is a Status; keep no more than this of it. */
#define MAX_WATCH_ERROR_BODY ((size_t)1 << 20)
/* A stream that ends cleanly sooner than this without an event is treated
 * as a failed attempt, so a server that hangs up at once is not hammered. */
#define HEALTHY_STREAM_MS 1000

struct kc_client {
	struct event_base *base;
	kc_http *http;
	kc_client_config cfg;

	char *server;         /* scheme://host[:port][/prefix] requests go to */
	char *authority;      /* host[:port] as the server URL spells it, for messages */
	kc_buf ca, cert, key; /* PEM (empty: not configured) */
	kc_http_tls tls;      /* points into the above and cfg */
	char *file_token;     /* token read from cfg.token_file */
	time_t file_token_read;
	char *user_agent;

	kc_client_req *requests;
	kc_watch *watches;
	uint64_t rng;
};

struct kc_client_req {
	kc_client *c;
	kc_client_req *prev, *next;
	kc_http_req *http;
	kc_client_cb cb;
	void *userdata;
	bool in_cb; /* its callback runs: cancel does nothing */
};

struct kc_watch {
	kc_client *c;
	kc_watch *prev, *next;
	char *path;
	char *rv;
	bool path_has_timeout;
	kc_watch_event_cb on_event;
	kc_watch_gone_cb on_gone;
	kc_watch_error_cb on_error;
	void *userdata;

	kc_http_req *req; /* the current attempt, NULL between attempts */
	kc_watch_decoder *dec;
	struct event *retry;
	long backoff_ms;
	struct timespec started;
	size_t stream_events;

	int in_cb;    /* > 0 while this file runs code that may call the caller's handlers */
	bool stopped; /* kc_watch_stop ran; freed once in_cb is back to 0 */
	bool gone;    /* 410 seen: idle for good */
	bool restart; /* a non-410 ERROR event: drop this attempt */
	kc_error restart_err;
};

/* ---- config ---- */

void kc_client_config_clear(kc_client_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->server);
	free(cfg->ca_file);
	free(cfg->ca_data);
	free(cfg->cert_file);
	free(cfg->cert_data);
	free(cfg->key_file);
	free(cfg->key_data);
	free(cfg->tls_server_name);
	free(cfg->token);
	free(cfg->token_file);
	free(cfg->username);
	free(cfg->password);
	free(cfg->namespace);
	free(cfg->user_agent);
	memset(cfg, 0, sizeof(*cfg));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void kc_client_config_copy(kc_client_config *dst, const kc_client_config *src)
{
	*dst = *src;
	dst->server = dup_or_null(src->server);
	dst->ca_file = dup_or_null(src->ca_file);
	dst->ca_data = dup_or_null(src->ca_data);
	dst->cert_file = dup_or_null(src->cert_file);
	dst->cert_data = dup_or_null(src->cert_data);
	dst->key_file = dup_or_null(src->key_file);
	dst->key_data = dup_or_null(src->key_data);
	dst->tls_server_name = dup_or_null(src->tls_server_name);
	dst->token = dup_or_null(src->token);
	dst->token_file = dup_or_null(src->token_file);
	dst->username = dup_or_null(src->username);
	dst->password = dup_or_null(src->password);
	dst->namespace = dup_or_null(src->namespace);
	dst->user_agent = dup_or_null(src->user_agent);
}

static bool nonempty(const char *s)
{
	return s && *s;
}

/* ---- small helpers ---- */

static void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

static void strv_push(char ***v, size_t *n, char *s)
{
	*v = xrealloc(*v, (*n + 2) * sizeof(char *));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

static long now_ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

static uint64_t rng_next(kc_client *c)
{
	/* xorshift64*: jitter only, no need for quality. */
	c->rng ^= c->rng >> 12;
	c->rng ^= c->rng << 25;
	c->rng ^= c->rng >> 27;
	return c->rng * 2685821657736338717ULL;
}

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	char *r = xmalloc(n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* ---- client ---- */

static int read_blob(const char *what, const char *file, const char *data, kc_buf *out, kc_error *err)
{
	if (nonempty(data)) {
		kc_buf_addstr(out, data);
		return 0;
	}
	if (!nonempty(file))
		return 0;
	_cleanup_free_ char *content = NULL;
	size_t len = 0;
	int r = kc_read_file(file, MAX_CREDENTIAL_FILE, &content, &len);
	if (r < 0)
		return kc_error_set(err, r, "unable to read %s %s: %s", what, file, strerror(-r));
	kc_buf_add(out, content, len);
	return 0;
}

/* Splits cfg->server into the base URL and its authority (client-go's
 * DefaultServerURL: a bare host:port gets a scheme by TLS settings). */
static int parse_server(kc_client *c, kc_error *err)
{
	const kc_client_config *cfg = &c->cfg;
	if (!nonempty(cfg->server))
		return kc_error_set(err, -EINVAL,
		                    "no server found: the configuration has no server to connect to");

	bool tls = nonempty(cfg->ca_file) || nonempty(cfg->ca_data) || nonempty(cfg->cert_file) ||
	           nonempty(cfg->cert_data) || cfg->insecure_skip_tls_verify ||
	           nonempty(cfg->tls_server_name);
	_cleanup_free_ char *url = strstr(cfg->server, "://")
	                               ? xstrdup(cfg->server)
	                               : xasprintf("%s://%s", tls ? "https" : "http", cfg->server);
	kc_http_url u;
	if (kc_http_url_parse(url, &u) < 0)
		return kc_error_set(err, -EINVAL, "host must be a URL or a host:port pair: \"%s\"",
		                    cfg->server);
	size_t plen = strlen(u.path);
	while (plen && u.path[plen - 1] == '/')
		plen--;
	c->authority = u.port ? xasprintf("%s:%s", u.host, u.port) : xstrdup(u.host);
	c->server = xasprintf("%s://%s%.*s", u.scheme, c->authority, (int)plen, u.path);
	kc_http_url_clear(&u);
	return 0;
}

static int read_token_file(kc_client *c, kc_error *err)
{
	_cleanup_free_ char *content = NULL;
	size_t len = 0;
	int r = kc_read_file(c->cfg.token_file, MAX_CREDENTIAL_FILE, &content, &len);
	if (r < 0)
		return kc_error_set(err, r, "open %s: %s", c->cfg.token_file, strerror(-r));
	free(c->file_token);
	c->file_token = trim_dup(content, len);
	c->file_token_read = time(NULL);
	return 0;
}

kc_client *kc_client_new(struct event_base *base, const kc_client_config *cfg, kc_error *err)
{
	kc_client *c = xcalloc(1, sizeof(*c));
	c->base = base;
	kc_client_config_copy(&c->cfg, cfg);
	if (parse_server(c, err) < 0 ||
	    read_blob("certificate-authority", cfg->ca_file, cfg->ca_data, &c->ca, err) < 0 ||
	    read_blob("client-cert", cfg->cert_file, cfg->cert_data, &c->cert, err) < 0 ||
	    read_blob("client-key", cfg->key_file, cfg->key_data, &c->key, err) < 0 ||
	    (!nonempty(cfg->token) && nonempty(cfg->token_file) && read_token_file(c, err) < 0)) {
		kc_client_free(c);
		return NULL;
	}
	if (c->cert.len && !c->key.len) {
		kc_error_set(err, -EINVAL, "a client certificate needs a client key");
		kc_client_free(c);
		return NULL;
	}
	c->tls = (kc_http_tls){
	    .ca_data = c->ca.len ? c->ca.s : NULL,
	    .cert_data = c->cert.len ? c->cert.s : NULL,
	    .key_data = c->key.len ? c->key.s : NULL,
	    .insecure_skip_verify = c->cfg.insecure_skip_tls_verify,
	    .server_name = nonempty(c->cfg.tls_server_name) ? c->cfg.tls_server_name : NULL,
	};
	c->user_agent = nonempty(cfg->user_agent) ? xstrdup(cfg->user_agent) : xstrdup("kc/" KC_VERSION);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	c->rng =
	    ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^ (uintptr_t)c;
	if (!c->rng)
		c->rng = 88172645463325252ULL;
	c->http = kc_http_new(base);
	return c;
}

const kc_client_config *kc_client_get_config(const kc_client *c)
{
	return &c->cfg;
}

struct event_base *kc_client_base(const kc_client *c)
{
	return c->base;
}

static void request_free(kc_client_req *r);
static void watch_free(kc_watch *w);

void kc_client_free(kc_client *c)
{
	if (!c)
		return;
	while (c->watches)
		watch_free(c->watches);
	while (c->requests)
		request_free(c->requests);
	kc_http_free(c->http);
	kc_client_config_clear(&c->cfg);
	free(c->server);
	free(c->authority);
	kc_buf_free(&c->ca);
	kc_buf_free(&c->cert);
	kc_buf_free(&c->key);
	free(c->file_token);
	free(c->user_agent);
	free(c);
}

/* ---- Warning headers ---- */

/* Parses a Warning header value: `299 - "text"[ "date"]`, possibly several
 * separated by commas (RFC 7234). Keeps the text of 299 warnings, as
 * client-go; a value that does not parse is kept whole. */
static void add_warnings(char ***out, size_t *nout, const char *value)
{
	_cleanup_free_ char *trimmed = trim_dup(value, strlen(value));
	const char *v = trimmed;
	size_t n = strlen(trimmed);
	char **found = NULL;
	size_t nfound = 0;
	size_t i = 0;
	bool ok = true;
	while (ok) {
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		if (i >= n)
			break;
		/* warn-code: 3 digits */
		if (i + 3 > n || v[i] < '0' || v[i] > '9' || v[i + 1] < '0' || v[i + 1] > '9' ||
		    v[i + 2] < '0' || v[i + 2] > '9') {
			ok = false;
			break;
		}
		bool is299 = v[i] == '2' && v[i + 1] == '9' && v[i + 2] == '9';
		i += 3;
		if (i >= n || v[i] != ' ') {
			ok = false;
			break;
		}
		i++;
		while (i < n && v[i] != ' ') /* warn-agent */
			i++;
		if (i >= n || v[i] != ' ' || i + 1 >= n || v[i + 1] != '"') {
			ok = false;
			break;
		}
		i += 2;
		kc_buf text = KC_BUF_INIT;
		bool closed = false;
		for (; i < n; i++) {
			if (v[i] == '\\' && i + 1 < n) {
				kc_buf_addch(&text, v[++i]);
			} else if (v[i] == '"') {
				closed = true;
				i++;
				break;
			} else {
				kc_buf_addch(&text, v[i]);
			}
		}
		if (!closed) {
			kc_buf_free(&text);
			ok = false;
			break;
		}
		if (is299)
			strv_push(&found, &nfound, kc_buf_release(&text));
		else
			kc_buf_free(&text);
		/* optional warn-date */
		size_t j = i;
		while (j < n && v[j] == ' ')
			j++;
		if (j < n && v[j] == '"') {
			j++;
			while (j < n && v[j] != '"')
				j++;
			if (j >= n) {
				ok = false;
				break;
			}
			i = j + 1;
		}
		while (i < n && v[i] == ' ')
			i++;
		if (i < n && v[i] != ',') {
			ok = false;
			break;
		}
	}
	if (!ok) {
		strv_free(found);
		strv_push(out, nout, xstrdup(v));
		return;
	}
	for (size_t k = 0; k < nfound; k++)
		strv_push(out, nout, found[k]);
	free(found);
}

static char **parse_warnings(char *const *raw)
{
	char **out = NULL;
	size_t n = 0;
	for (char *const *w = raw; w && *w; w++)
		add_warnings(&out, &n, *w);
	return out;
}

/* ---- transfers ---- */

static const char *current_token(kc_client *c)
{
	if (nonempty(c->cfg.token))
		return c->cfg.token;
	if (nonempty(c->cfg.token_file) && time(NULL) - c->file_token_read >= TOKEN_FILE_REREAD_SECONDS)
		read_token_file(c, NULL); /* keep the old token if the file is gone now */
	return c->file_token;
}

static bool has_header(const char *const *headers, const char *name)
{
	size_t n = strlen(name);
	for (const char *const *h = headers; h && *h; h++)
		if (strncasecmp(*h, name, n) == 0 && (*h)[n] == ':')
			return true;
	return false;
}

/* Starts method on url with the client's credentials and headers. A watch
 * (on_data set) gets no overall timeout, no compression and a bounded error
 * body. Returns NULL when the transfer cannot start. */
static kc_http_req *transfer_start(kc_client *c, const char *method, const char *url,
                                   const char *content_type, const char *body, size_t body_len,
                                   const char *const *headers, kc_http_data_cb on_data, kc_http_done_cb done,
                                   void *userdata)
{
	size_t nextra = 0;
	for (const char *const *h = headers; h && *h; h++)
		nextra++;
	_cleanup_free_ const char **hv = xcalloc(nextra + 5, sizeof(*hv));
	_cleanup_free_ char *ua = NULL;
	_cleanup_free_ char *ct = NULL;
	_cleanup_free_ char *bearer = NULL;
	size_t k = 0;
	if (!has_header(headers, "Accept"))
		hv[k++] = "Accept: application/json, */*";
	if (!has_header(headers, "User-Agent"))
		hv[k++] = ua = xasprintf("User-Agent: %s", c->user_agent);
	if (body && !has_header(headers, "Content-Type"))
		hv[k++] = ct =
		    xasprintf("Content-Type: %s", content_type ? content_type : "application/json");
	const char *token = current_token(c);
	bool basic = false;
	if (!has_header(headers, "Authorization")) {
		if (nonempty(token))
			hv[k++] = bearer = xasprintf("Authorization: Bearer %s", token);
		else
			basic = nonempty(c->cfg.username) || nonempty(c->cfg.password);
	}
	for (const char *const *h = headers; h && *h; h++)
		hv[k++] = *h;
	hv[k] = NULL;

	kc_http_request rq = {
	    .method = method,
	    .url = url,
	    .headers = hv,
	    .body = body,
	    .body_len = body ? body_len : 0,
	    .tls = &c->tls,
	    .username = basic ? (c->cfg.username ? c->cfg.username : "") : NULL,
	    .password = basic ? (c->cfg.password ? c->cfg.password : "") : NULL,
	    .connect_timeout_ms = c->cfg.connect_timeout_ms,
	    .timeout_ms = on_data ? 0 : c->cfg.request_timeout_ms,
	    .max_body = on_data ? MAX_WATCH_ERROR_BODY : 0,
	    .accept_encoding = !on_data, /* gzip for big lists */
	    /* The apiserver speaks HTTP/1.1; every watch holds a connection. */
	    .http1 = true,
	    /* As client-go: HTTPS_PROXY/NO_PROXY apply to the apiserver. */
	    .proxy_from_env = true,
	    .on_data = on_data,
	};
	return kc_http_start(c->http, &rq, done, userdata);
}

/* ---- requests ---- */

static void request_unlink(kc_client_req *r)
{
	kc_client *c = r->c;
	if (r->prev)
		r->prev->next = r->next;
	else if (c->requests == r)
		c->requests = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->prev = r->next = NULL;
}

/* Cancels the transfer (if any) and frees the request; no callback. */
static void request_free(kc_client_req *r)
{
	request_unlink(r);
	kc_http_cancel(r->http);
	free(r);
}

static void build_response(kc_client *c, kc_http_response *hr, kc_response *resp);

static void request_done(kc_http_response *hr, void *userdata)
{
	kc_client_req *r = userdata;
	kc_response resp;
	build_response(r->c, hr, &resp);
	r->http = NULL; /* finished: nothing to cancel */
	request_unlink(r);
	r->in_cb = true;
	r->cb(&resp, r->userdata);
	kc_response_clear(&resp);
	free(r);
}

static bool valid_method(const char *m)
{
	static const char *const ok[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(ok); i++)
		if (streq(m, ok[i]))
			return true;
	return false;
}

int kc_client_request_ex(kc_client *c, const char *method, const char *path, const char *content_type,
                         const char *body, size_t body_len, const char *const *headers, kc_client_cb cb,
                         void *userdata, kc_client_req **ret_req)
{
	if (!c || !method || !path || path[0] != '/' || !valid_method(method) || !cb)
		return -EINVAL;
	kc_client_req *r = xcalloc(1, sizeof(*r));
	r->c = c;
	r->cb = cb;
	r->userdata = userdata;
	_cleanup_free_ char *url = xasprintf("%s%s", c->server, path);
	r->http =
	    transfer_start(c, method, url, content_type, body, body_len, headers, NULL, request_done, r);
	if (!r->http) {
		free(r);
		return -EIO;
	}
	r->next = c->requests;
	if (c->requests)
		c->requests->prev = r;
	c->requests = r;
	if (ret_req)
		*ret_req = r;
	return 0;
}

int kc_client_request(kc_client *c, const char *method, const char *path, const char *content_type,
                      const char *body, size_t body_len, const char *const *headers, kc_client_cb cb,
                      void *userdata)
{
	return kc_client_request_ex(c, method, path, content_type, body, body_len, headers, cb, userdata,
	                            NULL);
}

void kc_client_request_cancel(kc_client_req *req)
{
	if (!req || req->in_cb)
		return;
	request_free(req);
}

int kc_client_request_json(kc_client *c, const char *method, const char *path, const cJSON *body,
                           kc_client_cb cb, void *userdata)
{
	_cleanup_free_ char *s = body ? cJSON_PrintUnformatted(body) : NULL;
	return kc_client_request(c, method, path, s ? "application/json" : NULL, s, s ? strlen(s) : 0, NULL,
	                         cb, userdata);
}

void kc_response_clear(kc_response *r)
{
	if (!r)
		return;
	cJSON_Delete(r->body);
	free(r->raw);
	free(r->content_type);
	strv_free(r->warnings);
	memset(r, 0, sizeof(*r));
}

/* ---- error wording ---- */

/* kubectl's framing of a failed transfer (cmd/util StandardErrorMessage on
 * Go's net/http errors). */
static int transport_error(const kc_client *c, const kc_http_response *hr, kc_error *err)
{
	const char *detail = hr->errmsg;
	switch (hr->failure) {
	case KC_HTTP_FAIL_CONNECT:
		if (hr->os_errno == ECONNREFUSED)
			return kc_error_set(
			    err, -ECONNREFUSED,
			    "The connection to the server %s was refused - did you specify the right host "
			    "or port?",
			    c->authority);
		if (hr->os_errno == ETIMEDOUT)
			return kc_error_set(err, -ETIMEDOUT,
			                    "Unable to connect to the server: dial tcp %s: i/o timeout",
			                    c->authority);
		if (hr->os_errno)
			return kc_error_set(err,
			                    (hr->os_errno == ENETUNREACH || hr->os_errno == EHOSTUNREACH)
			                        ? -EHOSTUNREACH
			                        : -EIO,
			                    "Unable to connect to the server: dial tcp %s: connect: %s",
			                    c->authority, strerror(hr->os_errno));
		return kc_error_set(err, -EIO, "Unable to connect to the server: %s", detail);
	case KC_HTTP_FAIL_RESOLVE: {
		_cleanup_free_ char *host = xstrdup(c->authority);
		char *colon = strrchr(host, ':');
		if (colon && host[0] != '[')
			*colon = '\0';
		return kc_error_set(err, -EHOSTUNREACH,
		                    "Unable to connect to the server: dial tcp: lookup %s: no such host",
		                    host);
	}
	case KC_HTTP_FAIL_TIMEOUT:
		if (!hr->connected)
			return kc_error_set(err, -ETIMEDOUT,
			                    "Unable to connect to the server: dial tcp %s: i/o timeout",
			                    c->authority);
		if (hr->status == 0)
			return kc_error_set(
			    err, -ETIMEDOUT,
			    "Unable to connect to the server: net/http: request canceled (Client.Timeout "
			    "exceeded while awaiting headers)");
		return kc_error_set(
		    err, -ETIMEDOUT,
		    "Unable to connect to the server: context deadline exceeded (Client.Timeout or "
		    "context cancellation while reading body)");
	case KC_HTTP_FAIL_TLS_VERIFY: {
		const char *why;
		char buf[256];
		switch (hr->tls_verify_result) {
		case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
		case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
		case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		case X509_V_ERR_CERT_UNTRUSTED:
		case X509_V_ERR_CERT_SIGNATURE_FAILURE:
			why = "x509: certificate signed by unknown authority";
			break;
		case X509_V_ERR_CERT_HAS_EXPIRED:
		case X509_V_ERR_CERT_NOT_YET_VALID:
			why = "x509: certificate has expired or is not yet valid";
			break;
		case X509_V_ERR_HOSTNAME_MISMATCH:
		case X509_V_ERR_IP_ADDRESS_MISMATCH: {
			/* Go says "certificate is valid for a, not x"; the SANs are
			 * not at hand here. */
			const char *name =
			    nonempty(c->cfg.tls_server_name) ? c->cfg.tls_server_name : c->authority;
			snprintf(buf, sizeof(buf), "x509: certificate is not valid for %s", name);
			why = buf;
			break;
		}
		default:
			snprintf(buf, sizeof(buf), "x509: %s",
			         X509_verify_cert_error_string(hr->tls_verify_result));
			why = buf;
		}
		return kc_error_set(
		    err, -EIO, "Unable to connect to the server: tls: failed to verify certificate: %s", why);
	}
	case KC_HTTP_FAIL_EMPTY:
		return kc_error_set(err, -ECONNRESET, "Unable to connect to the server: EOF");
	case KC_HTTP_FAIL_BROKEN:
		return kc_error_set(err, -ECONNRESET, "Unable to connect to the server: %s", detail);
	default:
		return kc_error_set(err, -EIO, "Unable to connect to the server: %s", detail);
	}
}

/* Go's %q, enough for messages: quotes, backslashes and control bytes. */
static void add_quoted(kc_buf *b, const char *s)
{
	kc_buf_addch(b, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			kc_buf_addf(b, "\\%c", ch);
		else if (ch == '\n')
			kc_buf_addstr(b, "\\n");
		else if (ch == '\t')
			kc_buf_addstr(b, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			kc_buf_addf(b, "\\x%02x", ch);
		else
			kc_buf_addch(b, (char)ch);
	}
	kc_buf_addch(b, '"');
}

/* err for an HTTP status >= 400: the Status message, else client-go's
 * NewGenericServerResponse wording. */
static void http_error(long status, const cJSON *body, const char *raw, size_t raw_len, kc_error *err)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(body, "kind");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(body, "message");
	if (cJSON_IsString(kind) && streq(kind->valuestring, "Status") && cJSON_IsString(msg) &&
	    msg->valuestring[0]) {
		kc_error_set(err, -EPROTO, "%s", msg->valuestring);
		return;
	}
	/* client-go caps the text it quotes at 2 KiB. */
	_cleanup_free_ char *server = trim_dup(raw, raw_len > 2048 ? 2048 : raw_len);
	const char *smsg = server[0] ? server : "unknown";
	_cleanup_buf_ kc_buf q = KC_BUF_INIT;
	switch (status) {
	case 409:
		kc_error_set(err, -EPROTO, "the server reported a conflict");
		return;
	case 404:
		kc_error_set(err, -EPROTO, "the server could not find the requested resource");
		return;
	case 400:
		kc_error_set(err, -EPROTO, "the server rejected our request for an unknown reason");
		return;
	case 401:
		kc_error_set(err, -EPROTO, "the server has asked for the client to provide credentials");
		return;
	case 403:
	case 415:
		if (server[0]) {
			kc_error_set(err, -EPROTO, "%s", server);
			return;
		}
		break;
	case 406:
		kc_error_set(
		    err, -EPROTO, "%s",
		    server[0]
		        ? server
		        : "the server was unable to respond with a content type that the client supports");
		return;
	case 405:
		kc_error_set(err, -EPROTO, "the server does not allow this method on the requested resource");
		return;
	case 422:
		kc_error_set(err, -EPROTO, "the server rejected our request due to an error in our request");
		return;
	case 503:
		kc_error_set(err, -EPROTO, "the server is currently unable to handle the request");
		return;
	case 504:
		kc_error_set(
		    err, -EPROTO,
		    "the server was unable to return a response in the time allotted, but may still be "
		    "processing the request");
		return;
	case 429:
		kc_error_set(err, -EPROTO,
		             "the server has received too many requests and has asked us to try again later");
		return;
	default:
		if (status >= 500) {
			add_quoted(&q, smsg);
			kc_error_set(err, -EPROTO,
			             "an error on the server (%s) has prevented the request from succeeding",
			             q.s);
			return;
		}
	}
	kc_error_set(err, -EPROTO,
	             "the server responded with the status code %ld but did not return more information",
	             status);
}

/* Moves what the transfer produced into resp. */
static void build_response(kc_client *c, kc_http_response *hr, kc_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->content_type = TAKE_PTR(hr->content_type);
	resp->warnings = parse_warnings(hr->warnings);
	resp->raw_len = hr->body.len;
	resp->raw = kc_buf_release(&hr->body);
	if (hr->err) {
		transport_error(c, hr, &resp->err);
		return;
	}
	resp->status = hr->status;
	if (resp->raw_len)
		resp->body = cJSON_ParseWithLength(resp->raw, resp->raw_len);
	if (resp->status >= 400)
		http_error(resp->status, resp->body, resp->raw, resp->raw_len, &resp->err);
}

/* ---- watches ---- */

static void watch_start(kc_watch *w);
static void watch_schedule(kc_watch *w, long delay_ms);

static void watch_abort(kc_watch *w)
{
	kc_http_cancel(w->req);
	w->req = NULL;
}

/* Frees w if it was stopped from a handler that has returned now. Returns
 * true when w is gone. Called last by every entry point into a watch. */
static bool watch_reap(kc_watch *w)
{
	if (!w->stopped || w->in_cb)
		return false;
	watch_free(w);
	return true;
}

static void watch_backoff(kc_watch *w)
{
	kc_client *c = w->c;
	long initial = c->cfg.watch_backoff_initial_ms > 0 ? c->cfg.watch_backoff_initial_ms
	                                                   : DEFAULT_BACKOFF_INITIAL_MS;
	long max = c->cfg.watch_backoff_max_ms > 0 ? c->cfg.watch_backoff_max_ms : DEFAULT_BACKOFF_MAX_MS;
	long base = w->backoff_ms > 0 ? w->backoff_ms : initial;
	if (base > max)
		base = max;
	long jitter = base / 2 > 0 ? (long)(rng_next(c) % (uint64_t)(base / 2 + 1)) : 0;
	w->backoff_ms = base * 2 > max ? max : base * 2;
	watch_schedule(w, base + jitter);
}

/* One attempt failed: tell the caller (for its log) and retry later. */
static void watch_failed(kc_watch *w, const kc_error *err)
{
	if (w->on_error)
		w->on_error(err, w->userdata);
	if (w->stopped)
		return;
	watch_backoff(w);
}

static void watch_gone(kc_watch *w)
{
	w->gone = true;
	watch_abort(w);
	if (w->on_gone)
		w->on_gone(w->userdata);
}

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	kc_watch *w = arg;
	(void)fd;
	(void)what;
	if (w->stopped || w->gone || w->req)
		return;
	w->in_cb++;
	watch_start(w);
	w->in_cb--;
	watch_reap(w);
}

static void watch_schedule(kc_watch *w, long delay_ms)
{
	struct timeval tv = {delay_ms / 1000, (delay_ms % 1000) * 1000};
	evtimer_add(w->retry, &tv);
}

static void watch_note_rv(kc_watch *w, const cJSON *object)
{
	const cJSON *md = cJSON_GetObjectItemCaseSensitive(object, "metadata");
	const cJSON *rv = cJSON_GetObjectItemCaseSensitive(md, "resourceVersion");
	if (cJSON_IsString(rv) && rv->valuestring[0]) {
		free(w->rv);
		w->rv = xstrdup(rv->valuestring);
	}
}

/* One decoded event (called from kc_watch_decoder_feed in watch_on_data). */
static int watch_on_decoded(kc_watch_event_type type, cJSON *object, bool *steal, void *userdata)
{
	kc_watch *w = userdata;
	(void)steal;
	if (w->stopped || w->gone)
		return -ECANCELED;
	if (type == KC_WATCH_ERROR) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(object, "code");
		if (cJSON_IsNumber(code) && code->valuedouble == 410) {
			w->gone = true;
			if (w->on_gone)
				w->on_gone(w->userdata);
			return -ECANCELED;
		}
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(object, "message");
		kc_error_set(&w->restart_err, -EPROTO, "watch error: %s",
		             cJSON_IsString(msg) ? msg->valuestring : "the server sent an ERROR event");
		w->restart = true;
		if (w->on_event)
			w->on_event(type, object, w->userdata);
		return -ECANCELED;
	}
	watch_note_rv(w, object);
	if (w->stream_events++ == 0)
		w->backoff_ms = 0; /* the stream works: start back-off afresh */
	if (w->on_event)
		w->on_event(type, object, w->userdata);
	return w->stopped ? -ECANCELED : 0;
}

/* Stream bytes of a 2xx answer, straight from the transport. */
static int watch_on_data(const char *data, size_t len, void *userdata)
{
	kc_watch *w = userdata;
	kc_error err = KC_ERROR_INIT;
	w->in_cb++;
	int r = kc_watch_decoder_feed(w->dec, data, len, &err);
	bool go_on = false;
	if (w->stopped || w->gone) {
		watch_abort(w);
	} else if (w->restart) {
		w->restart = false;
		watch_abort(w);
		watch_failed(w, &w->restart_err);
	} else if (r < 0) {
		watch_abort(w);
		kc_error_prefix(&err, "decoding the watch stream of %s: ", w->path);
		watch_failed(w, &err);
	} else {
		go_on = true;
	}
	w->in_cb--;
	watch_reap(w);
	return go_on ? 0 : -1; /* when stopping, the transfer is cancelled already */
}

/* The watch's transfer finished (all its stream bytes are decoded by now). */
static void watch_transfer_done(kc_watch *w, kc_http_response *hr)
{
	kc_error err = KC_ERROR_INIT;
	if (hr->err) {
		transport_error(w->c, hr, &err);
		watch_failed(w, &err);
		return;
	}
	if (hr->status == 410) {
		watch_gone(w);
		return;
	}
	if (hr->status != 200) {
		_cleanup_json_ cJSON *body =
		    hr->body.len ? cJSON_ParseWithLength(hr->body.s, hr->body.len) : NULL;
		http_error(hr->status, body, kc_buf_str(&hr->body), hr->body.len, &err);
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(body, "code");
		if (cJSON_IsNumber(code) && code->valuedouble == 410) {
			watch_gone(w);
			return;
		}
		watch_failed(w, &err);
		return;
	}
	if (kc_watch_decoder_finish(w->dec, &err) < 0) {
		kc_error_prefix(&err, "reading the watch stream of %s: ", w->path);
		watch_failed(w, &err);
		return;
	}
	/* A clean end (the server's timeoutSeconds): go on from the last
	 * resourceVersion at once - unless the stream was suspiciously short. */
	if (w->stream_events == 0 && now_ms_since(&w->started) < HEALTHY_STREAM_MS) {
		watch_backoff(w);
		return;
	}
	w->backoff_ms = 0;
	watch_schedule(w, 0);
}

static void watch_done(kc_http_response *hr, void *userdata)
{
	kc_watch *w = userdata;
	w->req = NULL;
	if (w->stopped || w->gone)
		return;
	w->in_cb++;
	watch_transfer_done(w, hr);
	w->in_cb--;
	watch_reap(w);
}

static void url_escape_into(kc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '-' || ch == '.' || ch == '_' || ch == '~') {
			kc_buf_addch(b, (char)ch);
		} else {
			kc_buf_addch(b, '%');
			kc_buf_addch(b, hex[ch >> 4]);
			kc_buf_addch(b, hex[ch & 15]);
		}
	}
}

static void watch_start(kc_watch *w)
{
	kc_client *c = w->c;
	_cleanup_buf_ kc_buf url = KC_BUF_INIT;
	kc_buf_addf(&url, "%s%s%swatch=1&allowWatchBookmarks=true", c->server, w->path,
	            strchr(w->path, '?') ? "&" : "?");
	if (nonempty(w->rv)) {
		kc_buf_addstr(&url, "&resourceVersion=");
		url_escape_into(&url, w->rv);
	}
	if (!w->path_has_timeout)
		kc_buf_addf(&url, "&timeoutSeconds=%u", 300 + (unsigned)(rng_next(c) % 301));

	kc_watch_decoder_reset(w->dec);
	w->stream_events = 0;
	w->restart = false;
	clock_gettime(CLOCK_MONOTONIC, &w->started);
	w->req = transfer_start(c, "GET", url.s, NULL, NULL, 0, NULL, watch_on_data, watch_done, w);
	if (!w->req) {
		kc_error err = KC_ERROR_INIT;
		kc_error_set(&err, -EIO, "Unable to connect to the server: cannot start a transfer");
		watch_failed(w, &err);
	}
}

kc_watch *kc_client_watch(kc_client *c, const char *path, const char *resource_version,
                          kc_watch_event_cb on_event, kc_watch_gone_cb on_gone, void *userdata)
{
	if (!c || !path || path[0] != '/')
		return NULL;
	kc_watch *w = xcalloc(1, sizeof(*w));
	w->c = c;
	w->path = xstrdup(path);
	w->rv = xstrdup(resource_version ? resource_version : "");
	const char *q = strchr(path, '?');
	w->path_has_timeout = q && (strstr(q, "?timeoutSeconds=") || strstr(q, "&timeoutSeconds="));
	w->on_event = on_event;
	w->on_gone = on_gone;
	w->userdata = userdata;
	w->dec = kc_watch_decoder_new(0, watch_on_decoded, w);
	w->retry = evtimer_new(c->base, on_retry, w);
	w->next = c->watches;
	if (c->watches)
		c->watches->prev = w;
	c->watches = w;
	watch_start(w);
	if (!w->req) {
		watch_free(w);
		return NULL;
	}
	return w;
}

void kc_watch_set_error_cb(kc_watch *w, kc_watch_error_cb on_error)
{
	if (w)
		w->on_error = on_error;
}

const char *kc_watch_resource_version(const kc_watch *w)
{
	return w && w->rv ? w->rv : "";
}

static void watch_free(kc_watch *w)
{
	kc_client *c = w->c;
	if (w->prev)
		w->prev->next = w->next;
	else if (c->watches == w)
		c->watches = w->next;
	if (w->next)
		w->next->prev = w->prev;
	watch_abort(w);
	if (w->retry)
		event_free(w->retry);
	kc_watch_decoder_free(w->dec);
	free(w->path);
	free(w->rv);
	free(w);
}

void kc_watch_stop(kc_watch *w)
{
	if (!w || w->stopped)
		return;
	w->stopped = true;
	evtimer_del(w->retry);
	watch_abort(w); /* safe from inside the transfer's own callbacks */
	watch_reap(w);  /* or later, when the handler that called us returns */
}

/* ---- synchronous requests ---- */

typedef struct sync_state {
	bool done;
	kc_response *ret;
} sync_state;

static void sync_cb(kc_response *resp, void *userdata)
{
	sync_state *st = userdata;
	*st->ret = *resp;
	memset(resp, 0, sizeof(*resp));
	st->done = true;
}

int kc_client_request_sync(kc_client *c, const char *method, const char *path, const char *content_type,
                           const char *body, size_t body_len, const char *const *headers, kc_response *ret)
{
	memset(ret, 0, sizeof(*ret));
	sync_state st = {false, ret};
	kc_client_req *req = NULL;
	int r =
	    kc_client_request_ex(c, method, path, content_type, body, body_len, headers, sync_cb, &st, &req);
	if (r < 0)
		return kc_error_set(&ret->err, r, "cannot start %s %s", method ? method : "(null)",
		                    path ? path : "(null)");
	while (!st.done) {
		if (event_base_loop(c->base, EVLOOP_ONCE) != 0 && !st.done) {
			/* No events left or the loop broke: do not leave a request
			 * pointing at our stack. */
			kc_client_request_cancel(req);
			return kc_error_set(&ret->err, -EIO,
			                    "the event loop stopped before the answer arrived");
		}
		if (!st.done && event_base_got_break(c->base)) {
			kc_client_request_cancel(req);
			return kc_error_set(&ret->err, -EINTR,
			                    "the event loop was stopped before the answer arrived");
		}
	}
	return ret->status ? 0 : (ret->err.code ? ret->err.code : -EIO);
}
