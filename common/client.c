/* client.c - the Kubernetes API client (see client.h).
 *
 * libcurl's multi interface, driven by libevent: curl tells us through
 * CURLMOPT_SOCKETFUNCTION which sockets to watch and through
 * CURLMOPT_TIMERFUNCTION when it next needs a timeout; we map those onto
 * libevent events and call curl_multi_socket_action() when they fire.
 *
 * No user callback ever runs inside libcurl: libcurl forbids most multi
 * calls from its own callbacks, and a watch callback wants to start
 * requests or stop watches. So the write callback only appends watch bytes
 * to a pending buffer; after every curl_multi_socket_action() the client
 * "processes": it feeds pending watch bytes to each watch's decoder (user
 * callbacks run here), then collects finished transfers (request callbacks
 * run here). Watches stopped meanwhile are only marked and freed once
 * processing is over, so no callback pulls memory from under the code that
 * called it. */
#include "client.h"

#include <curl/curl.h>
#include <errno.h>
#include <event2/event.h>
#include <stdint.h>
#include <openssl/x509_vfy.h>
#include <strings.h>
#include <time.h>

#include "util.h"

#include "banned.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define DEFAULT_BACKOFF_INITIAL_MS 500L
#define DEFAULT_BACKOFF_MAX_MS 30000L
#define TOKEN_FILE_REREAD_SECONDS 60
#define MAX_CREDENTIAL_FILE ((size_t)4 << 20)
/* A watch's non-200 answer is a Status; keep no more than this of it. */
#define MAX_WATCH_ERROR_BODY ((size_t)1 << 20)
/* A stream that ends cleanly sooner than this without an event is treated
 * as a failed attempt, so a server that hangs up at once is not hammered. */
#define HEALTHY_STREAM_MS 1000

typedef struct kc_request kc_request;

typedef struct sock_ctx {
	struct kc_client *c;
	curl_socket_t fd;
	struct event *ev;
	struct sock_ctx *prev, *next;
} sock_ctx;

struct kc_client {
	struct event_base *base;
	CURLM *multi;
	struct event *timer;
	kc_client_config cfg;

	char *server;     /* scheme://host[:port][/prefix] requests go to */
	char *authority;  /* host[:port] as the server URL spells it, for messages */
	struct curl_slist *connect_to; /* tls_server_name: connect to the real host */
	kc_buf ca, cert, key;          /* PEM blobs (empty: not configured) */
	char *file_token;              /* token read from cfg.token_file */
	time_t file_token_read;
	char *user_agent;

	kc_request *requests;
	kc_watch *watches;
	sock_ctx *socks;
	int busy; /* > 0 while processing: watch frees are deferred */
	uint64_t rng;
};

struct kc_request {
	kc_client *c;
	kc_request *prev, *next;
	CURL *easy;
	struct curl_slist *headers;
	char *body;
	kc_buf resp;
	char **warnings;
	size_t nwarnings;
	kc_client_cb cb;
	void *userdata;
	kc_watch *watch; /* the watch this transfer belongs to, or NULL */
	char errbuf[CURL_ERROR_SIZE];
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

	kc_request *req; /* the current attempt, NULL between attempts */
	kc_watch_decoder *dec;
	kc_buf pending; /* stream bytes received, not yet decoded */
	struct event *retry;
	long backoff_ms;
	struct timespec started;
	size_t stream_events;

	bool stopped;    /* kc_watch_stop ran; freed when the client is idle */
	bool gone;       /* 410 seen: idle for good */
	bool restart;    /* a non-410 ERROR event: drop this attempt */
	bool feeding;
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

/* ---- libevent glue ---- */

static void process(kc_client *c);

static void on_socket_event(evutil_socket_t fd, short what, void *arg)
{
	sock_ctx *sc = arg;
	kc_client *c = sc->c; /* sc may be freed by the socket_action below */
	int flags = 0, running = 0;
	if (what & EV_READ)
		flags |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(c->multi, fd, flags, &running);
	process(c);
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	kc_client *c = arg;
	int running = 0;
	(void)fd;
	(void)what;
	curl_multi_socket_action(c->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	process(c);
}

static void sock_free(kc_client *c, sock_ctx *sc)
{
	if (sc->prev)
		sc->prev->next = sc->next;
	else
		c->socks = sc->next;
	if (sc->next)
		sc->next->prev = sc->prev;
	event_free(sc->ev);
	free(sc);
}

static int curl_socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	kc_client *c = userp;
	sock_ctx *sc = socketp;
	(void)easy;

	if (what == CURL_POLL_REMOVE) {
		if (sc) {
			curl_multi_assign(c->multi, fd, NULL);
			sock_free(c, sc);
		}
		return 0;
	}
	short kind = EV_PERSIST;
	if (what & CURL_POLL_IN)
		kind |= EV_READ;
	if (what & CURL_POLL_OUT)
		kind |= EV_WRITE;
	if (!sc) {
		sc = xcalloc(1, sizeof(*sc));
		sc->c = c;
		sc->fd = fd;
		sc->ev = event_new(c->base, fd, kind, on_socket_event, sc);
		if (!sc->ev) {
			free(sc);
			return -1;
		}
		sc->next = c->socks;
		if (c->socks)
			c->socks->prev = sc;
		c->socks = sc;
		curl_multi_assign(c->multi, fd, sc);
	} else {
		event_del(sc->ev);
		event_assign(sc->ev, c->base, fd, kind, on_socket_event, sc);
	}
	event_add(sc->ev, NULL);
	return 0;
}

static int curl_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	kc_client *c = userp;
	(void)multi;
	if (timeout_ms < 0) {
		evtimer_del(c->timer);
		return 0;
	}
	/* Never call socket_action from here (libcurl says so): a 0 timeout
	 * fires on the loop's next turn. */
	struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
	evtimer_add(c->timer, &tv);
	return 0;
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
		return kc_error_set(err, -EINVAL, "no server found: the configuration has no server to connect to");

	bool tls = nonempty(cfg->ca_file) || nonempty(cfg->ca_data) || nonempty(cfg->cert_file) ||
		   nonempty(cfg->cert_data) || cfg->insecure_skip_tls_verify || nonempty(cfg->tls_server_name);
	_cleanup_free_ char *url = strstr(cfg->server, "://") ? xstrdup(cfg->server)
							       : xasprintf("%s://%s", tls ? "https" : "http", cfg->server);
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
	int r = 0;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host ||
	    (!streq(scheme, "http") && !streq(scheme, "https"))) {
		r = kc_error_set(err, -EINVAL, "host must be a URL or a host:port pair: \"%s\"", cfg->server);
		goto out;
	}
	CURLUcode pr = curl_url_get(u, CURLUPART_PORT, &port, 0);
	if (pr != CURLUE_OK)
		port = NULL;
	if (curl_url_get(u, CURLUPART_PATH, &path, 0) != CURLUE_OK)
		path = NULL;
	kc_buf prefix = KC_BUF_INIT;
	kc_buf_addstr(&prefix, path ? path : "");
	while (prefix.len && prefix.s[prefix.len - 1] == '/')
		prefix.s[--prefix.len] = '\0';

	c->authority = port ? xasprintf("%s:%s", host, port) : xstrdup(host);
	if (nonempty(cfg->tls_server_name)) {
		/* Verify (and send SNI) against tls_server_name while connecting
		 * to the real host: ask for the name, connect to the address. */
		const char *p = port ? port : (streq(scheme, "https") ? "443" : "80");
		c->server = xasprintf("%s://%s:%s%s", scheme, cfg->tls_server_name, p, kc_buf_str(&prefix));
		_cleanup_free_ char *entry = xasprintf("%s:%s:%s:%s", cfg->tls_server_name, p, host, p);
		c->connect_to = curl_slist_append(NULL, entry);
	} else {
		c->server = xasprintf("%s://%s%s", scheme, c->authority, kc_buf_str(&prefix));
	}
	kc_buf_free(&prefix);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_url_cleanup(u);
	return r;
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
	if (parse_server(c, err) < 0 || read_blob("certificate-authority", cfg->ca_file, cfg->ca_data, &c->ca, err) < 0 ||
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
	c->user_agent = nonempty(cfg->user_agent) ? xstrdup(cfg->user_agent) : xstrdup("kc/" KC_VERSION);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	c->rng = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^ (uintptr_t)c;
	if (!c->rng)
		c->rng = 88172645463325252ULL;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	c->multi = curl_multi_init();
	c->timer = evtimer_new(base, on_timer, c);
	if (!c->multi || !c->timer) {
		kc_error_set(err, -ENOMEM, "cannot set up the HTTP client");
		kc_client_free(c);
		return NULL;
	}
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETFUNCTION, curl_socket_cb);
	curl_multi_setopt(c->multi, CURLMOPT_SOCKETDATA, c);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERFUNCTION, curl_timer_cb);
	curl_multi_setopt(c->multi, CURLMOPT_TIMERDATA, c);
	return c;
}

const kc_client_config *kc_client_get_config(const kc_client *c)
{
	return &c->cfg;
}

static void request_free(kc_request *r);
static void watch_free(kc_watch *w);

void kc_client_free(kc_client *c)
{
	if (!c)
		return;
	while (c->watches)
		watch_free(c->watches);
	while (c->requests)
		request_free(c->requests);
	if (c->multi) {
		curl_multi_cleanup(c->multi);
		curl_global_cleanup();
	}
	while (c->socks)
		sock_free(c, c->socks);
	if (c->timer)
		event_free(c->timer);
	curl_slist_free_all(c->connect_to);
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

/* ---- requests ---- */

static void request_unlink(kc_request *r)
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
static void request_free(kc_request *r)
{
	if (!r)
		return;
	request_unlink(r);
	if (r->easy) {
		curl_multi_remove_handle(r->c->multi, r->easy);
		curl_easy_cleanup(r->easy);
	}
	curl_slist_free_all(r->headers);
	free(r->body);
	kc_buf_free(&r->resp);
	strv_free(r->warnings);
	if (r->watch && r->watch->req == r)
		r->watch->req = NULL;
	free(r);
}

/* Parses a Warning header value: `299 - "text"[ "date"]`, possibly several
 * separated by commas (RFC 7234). Keeps the text of 299 warnings, as
 * client-go; a value that does not parse is kept whole. */
static void add_warnings(kc_request *r, const char *value, size_t len)
{
	_cleanup_free_ char *trimmed = trim_dup(value, len);
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
		if (i + 3 > n || v[i] < '0' || v[i] > '9' || v[i + 1] < '0' || v[i + 1] > '9' || v[i + 2] < '0' ||
		    v[i + 2] > '9') {
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
		strv_push(&r->warnings, &r->nwarnings, xstrdup(v));
		return;
	}
	for (size_t k = 0; k < nfound; k++)
		strv_push(&r->warnings, &r->nwarnings, found[k]);
	free(found);
}

static size_t curl_header_cb(char *buf, size_t size, size_t nitems, void *userdata)
{
	kc_request *r = userdata;
	size_t n = size * nitems;
	if (n >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
		/* A new response (after a 100 Continue): forget the last one's. */
		strv_free(r->warnings);
		r->warnings = NULL;
		r->nwarnings = 0;
	} else if (n > 8 && strncasecmp(buf, "Warning:", 8) == 0) {
		add_warnings(r, buf + 8, n - 8);
	}
	return n;
}

static size_t curl_write_cb(char *data, size_t size, size_t nmemb, void *userdata)
{
	kc_request *r = userdata;
	size_t n = size * nmemb;
	kc_watch *w = r->watch;
	if (w) {
		long status = 0;
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
		if (status == 200) {
			kc_buf_add(&w->pending, data, n);
			return n;
		}
		if (r->resp.len + n > MAX_WATCH_ERROR_BODY)
			return n; /* drop the excess of an error body */
	}
	kc_buf_add(&r->resp, data, n);
	return n;
}

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

/* Makes the easy handle for method/url and adds it to the multi. */
static kc_request *request_start(kc_client *c, const char *method, const char *url, const char *content_type,
				 const char *body, size_t body_len, const char *const *headers, kc_watch *w,
				 kc_client_cb cb, void *userdata)
{
	kc_request *r = xcalloc(1, sizeof(*r));
	r->c = c;
	r->cb = cb;
	r->userdata = userdata;
	r->watch = w;
	r->easy = curl_easy_init();
	if (!r->easy) {
		free(r);
		return NULL;
	}
	CURL *e = r->easy;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 c->cfg.connect_timeout_ms > 0 ? c->cfg.connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS);
	if (!w && c->cfg.request_timeout_ms > 0)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->cfg.request_timeout_ms);
	if (!w)
		curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* gzip for big lists */
	/* Notice dead peers on idle watch connections. */
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, 30L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPINTVL, 15L);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, curl_header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, curl_write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");

	/* TLS. The blobs live in the client, which outlives the handle. */
	if (c->ca.len) {
		struct curl_blob b = {c->ca.s, c->ca.len, CURL_BLOB_NOCOPY};
		curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &b);
	}
	if (c->cert.len) {
		struct curl_blob b = {c->cert.s, c->cert.len, CURL_BLOB_NOCOPY};
		curl_easy_setopt(e, CURLOPT_SSLCERT_BLOB, &b);
		curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
	}
	if (c->key.len) {
		struct curl_blob b = {c->key.s, c->key.len, CURL_BLOB_NOCOPY};
		curl_easy_setopt(e, CURLOPT_SSLKEY_BLOB, &b);
		curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
	}
	if (c->cfg.insecure_skip_tls_verify) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (c->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, c->connect_to);

	/* Headers. */
	if (!has_header(headers, "Accept"))
		r->headers = curl_slist_append(r->headers, "Accept: application/json, */*");
	if (body) {
		_cleanup_free_ char *ct = xasprintf("Content-Type: %s", content_type ? content_type : "application/json");
		r->headers = curl_slist_append(r->headers, ct);
	} else {
		/* curl would call an empty POST a form. */
		r->headers = curl_slist_append(r->headers, "Content-Type:");
	}
	r->headers = curl_slist_append(r->headers, "Expect:"); /* no 100-continue round trip */
	const char *token = current_token(c);
	if (nonempty(token) && !has_header(headers, "Authorization")) {
		_cleanup_free_ char *h = xasprintf("Authorization: Bearer %s", token);
		r->headers = curl_slist_append(r->headers, h);
	} else if ((nonempty(c->cfg.username) || nonempty(c->cfg.password)) && !has_header(headers, "Authorization")) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERNAME, c->cfg.username ? c->cfg.username : "");
		curl_easy_setopt(e, CURLOPT_PASSWORD, c->cfg.password ? c->cfg.password : "");
	}
	for (const char *const *h = headers; h && *h; h++)
		r->headers = curl_slist_append(r->headers, *h);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);

	/* Method and body (copied: the caller's buffer may go away). */
	bool wants_body = streq(method, "POST") || streq(method, "PUT") || streq(method, "PATCH");
	if (body || wants_body) {
		r->body = xmalloc(body_len + 1);
		if (body_len)
			memcpy(r->body, body, body_len);
		r->body[body ? body_len : 0] = '\0';
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? body_len : 0));
	}
	if (streq(method, "HEAD"))
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	else if (streq(method, "GET") && !body)
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	else if (!streq(method, "POST"))
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);

	r->next = c->requests;
	if (c->requests)
		c->requests->prev = r;
	c->requests = r;
	if (curl_multi_add_handle(c->multi, e) != CURLM_OK) {
		request_unlink(r);
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
		request_free(r);
		return NULL;
	}
	return r;
}

static bool valid_method(const char *m)
{
	static const char *const ok[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(ok); i++)
		if (streq(m, ok[i]))
			return true;
	return false;
}

static kc_request *request_begin(kc_client *c, const char *method, const char *path, const char *content_type,
				 const char *body, size_t body_len, const char *const *headers, kc_client_cb cb,
				 void *userdata, int *ret_err)
{
	if (!c || !method || !path || path[0] != '/' || !valid_method(method) || !cb) {
		*ret_err = -EINVAL;
		return NULL;
	}
	_cleanup_free_ char *url = xasprintf("%s%s", c->server, path);
	kc_request *r = request_start(c, method, url, content_type, body, body_len, headers, NULL, cb, userdata);
	*ret_err = r ? 0 : -EIO;
	return r;
}

int kc_client_request(kc_client *c, const char *method, const char *path, const char *content_type,
		      const char *body, size_t body_len, const char *const *headers, kc_client_cb cb, void *userdata)
{
	int r = 0;
	request_begin(c, method, path, content_type, body, body_len, headers, cb, userdata, &r);
	return r;
}

int kc_client_request_json(kc_client *c, const char *method, const char *path, const cJSON *body, kc_client_cb cb,
			   void *userdata)
{
	_cleanup_free_ char *s = body ? cJSON_PrintUnformatted(body) : NULL;
	return kc_client_request(c, method, path, s ? "application/json" : NULL, s, s ? strlen(s) : 0, NULL, cb,
				 userdata);
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
 * Go's net/http errors), from curl's result. */
static int transport_error(kc_request *r, CURLcode res, kc_error *err)
{
	kc_client *c = r->c;
	const char *detail = r->errbuf[0] ? r->errbuf : curl_easy_strerror(res);
	long oserr = 0, status = 0, verify = 0;
	curl_off_t connect_us = 0;
	curl_easy_getinfo(r->easy, CURLINFO_OS_ERRNO, &oserr);
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(r->easy, CURLINFO_CONNECT_TIME_T, &connect_us);

	switch (res) {
	case CURLE_COULDNT_CONNECT:
		if (oserr == ECONNREFUSED)
			return kc_error_set(err, -ECONNREFUSED,
					    "The connection to the server %s was refused - did you specify the right host "
					    "or port?",
					    c->authority);
		if (oserr == ETIMEDOUT)
			return kc_error_set(err, -ETIMEDOUT, "Unable to connect to the server: dial tcp %s: i/o timeout",
					    c->authority);
		if (oserr)
			return kc_error_set(err, (oserr == ENETUNREACH || oserr == EHOSTUNREACH) ? -EHOSTUNREACH : -EIO,
					    "Unable to connect to the server: dial tcp %s: connect: %s", c->authority,
					    strerror((int)oserr));
		return kc_error_set(err, -EIO, "Unable to connect to the server: %s", detail);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY: {
		_cleanup_free_ char *host = xstrdup(c->authority);
		char *colon = strrchr(host, ':');
		if (colon && host[0] != '[')
			*colon = '\0';
		return kc_error_set(err, -EHOSTUNREACH, "Unable to connect to the server: dial tcp: lookup %s: no such host",
				    host);
	}
	case CURLE_OPERATION_TIMEDOUT:
		if (connect_us == 0)
			return kc_error_set(err, -ETIMEDOUT, "Unable to connect to the server: dial tcp %s: i/o timeout",
					    c->authority);
		if (status == 0)
			return kc_error_set(err, -ETIMEDOUT,
					    "Unable to connect to the server: net/http: request canceled (Client.Timeout "
					    "exceeded while awaiting headers)");
		return kc_error_set(err, -ETIMEDOUT,
				    "Unable to connect to the server: context deadline exceeded (Client.Timeout or "
				    "context cancellation while reading body)");
	case CURLE_PEER_FAILED_VERIFICATION: {
		curl_easy_getinfo(r->easy, CURLINFO_SSL_VERIFYRESULT, &verify);
		const char *why;
		char buf[256];
		/* curl checks the name itself once OpenSSL accepted the chain
		 * ("SSL: no alternative certificate subject name matches target
		 * host name 'x'"); Go says "certificate is valid for a, not x". */
		if (strstr(r->errbuf, "target host name"))
			verify = X509_V_ERR_HOSTNAME_MISMATCH;
		switch (verify) {
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
			const char *name = nonempty(c->cfg.tls_server_name) ? c->cfg.tls_server_name : c->authority;
			snprintf(buf, sizeof(buf), "x509: certificate is not valid for %s", name);
			why = buf;
			break;
		}
		default:
			snprintf(buf, sizeof(buf), "x509: %s", X509_verify_cert_error_string(verify));
			why = buf;
		}
		return kc_error_set(err, -EIO, "Unable to connect to the server: tls: failed to verify certificate: %s", why);
	}
	case CURLE_GOT_NOTHING:
		return kc_error_set(err, -ECONNRESET, "Unable to connect to the server: EOF");
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
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
		kc_error_set(err, -EPROTO, "%s",
			     server[0] ? server : "the server was unable to respond with a content type that the client supports");
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
		kc_error_set(err, -EPROTO,
			     "the server was unable to return a response in the time allotted, but may still be "
			     "processing the request");
		return;
	case 429:
		kc_error_set(err, -EPROTO, "the server has received too many requests and has asked us to try again later");
		return;
	default:
		if (status >= 500) {
			add_quoted(&q, smsg);
			kc_error_set(err, -EPROTO, "an error on the server (%s) has prevented the request from succeeding",
				     q.s);
			return;
		}
	}
	kc_error_set(err, -EPROTO, "the server responded with the status code %ld but did not return more information",
		     status);
}

/* Moves what the transfer produced into resp. */
static void build_response(kc_request *r, CURLcode res, kc_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	long status = 0;
	char *ct = NULL;
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ct);
	resp->content_type = ct ? xstrdup(ct) : NULL;
	resp->warnings = TAKE_PTR(r->warnings);
	r->nwarnings = 0;
	resp->raw_len = r->resp.len;
	resp->raw = kc_buf_release(&r->resp);
	if (res != CURLE_OK) {
		transport_error(r, res, &resp->err);
		return;
	}
	resp->status = status;
	if (resp->raw_len)
		resp->body = cJSON_ParseWithLength(resp->raw, resp->raw_len);
	if (status >= 400)
		http_error(status, resp->body, resp->raw, resp->raw_len, &resp->err);
}

/* ---- watches ---- */

static void watch_start(kc_watch *w);
static void watch_schedule(kc_watch *w, long delay_ms);

static void watch_abort(kc_watch *w)
{
	if (w->req)
		request_free(w->req); /* clears w->req */
}

static void watch_backoff(kc_watch *w)
{
	kc_client *c = w->c;
	long initial = c->cfg.watch_backoff_initial_ms > 0 ? c->cfg.watch_backoff_initial_ms : DEFAULT_BACKOFF_INITIAL_MS;
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
	watch_start(w);
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

static void dispatch_watches(kc_client *c)
{
	for (kc_watch *w = c->watches; w; w = w->next) {
		if (w->stopped || w->gone || !w->req || !w->pending.len)
			continue;
		kc_error err = KC_ERROR_INIT;
		w->feeding = true;
		int r = kc_watch_decoder_feed(w->dec, w->pending.s, w->pending.len, &err);
		w->feeding = false;
		kc_buf_reset(&w->pending);
		if (w->stopped || w->gone) {
			watch_abort(w);
			continue;
		}
		if (w->restart) {
			w->restart = false;
			watch_abort(w);
			watch_failed(w, &w->restart_err);
			continue;
		}
		if (r < 0) {
			watch_abort(w);
			kc_error_prefix(&err, "decoding the watch stream of %s: ", w->path);
			watch_failed(w, &err);
		}
	}
}

/* The watch's transfer finished (all its bytes are decoded by now). */
static void watch_transfer_done(kc_watch *w, kc_request *r, CURLcode res)
{
	long status = 0;
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	kc_error err = KC_ERROR_INIT;
	if (res != CURLE_OK) {
		transport_error(r, res, &err);
		request_free(r);
		watch_failed(w, &err);
		return;
	}
	if (status == 410) {
		request_free(r);
		watch_gone(w);
		return;
	}
	if (status != 200) {
		_cleanup_json_ cJSON *body = r->resp.len ? cJSON_ParseWithLength(r->resp.s, r->resp.len) : NULL;
		http_error(status, body, kc_buf_str(&r->resp), r->resp.len, &err);
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(body, "code");
		request_free(r);
		if (cJSON_IsNumber(code) && code->valuedouble == 410) {
			watch_gone(w);
			return;
		}
		watch_failed(w, &err);
		return;
	}
	request_free(r);
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

static void url_escape_into(kc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		    ch == '.' || ch == '_' || ch == '~') {
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
	kc_buf_reset(&w->pending);
	w->stream_events = 0;
	w->restart = false;
	clock_gettime(CLOCK_MONOTONIC, &w->started);
	w->req = request_start(c, "GET", url.s, NULL, NULL, 0, NULL, w, NULL, NULL);
	if (!w->req) {
		kc_error err = KC_ERROR_INIT;
		kc_error_set(&err, -EIO, "Unable to connect to the server: cannot start a transfer");
		watch_failed(w, &err);
	}
}

kc_watch *kc_client_watch(kc_client *c, const char *path, const char *resource_version, kc_watch_event_cb on_event,
			  kc_watch_gone_cb on_gone, void *userdata)
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
		w->stopped = true;
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
	kc_buf_free(&w->pending);
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
	watch_abort(w); /* the decoder does not use the transfer */
	if (w->c->busy || w->feeding) {
		/* Called from a callback: the decoder or the loop in process()
		 * may still use w; it is freed when processing ends. */
		return;
	}
	watch_free(w);
}

/* ---- processing ---- */

static void request_done(kc_request *r, CURLcode res)
{
	if (r->watch) {
		kc_watch *w = r->watch;
		if (w->stopped || w->gone) {
			request_free(r);
			return;
		}
		watch_transfer_done(w, r, res);
		return;
	}
	kc_response resp;
	build_response(r, res, &resp);
	kc_client_cb cb = r->cb;
	void *ud = r->userdata;
	request_free(r);
	cb(&resp, ud);
	kc_response_clear(&resp);
}

static void process(kc_client *c)
{
	c->busy++;
	dispatch_watches(c);
	CURLMsg *m;
	int left = 0;
	while ((m = curl_multi_info_read(c->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		CURL *easy = m->easy_handle;
		CURLcode res = m->data.result;
		char *priv = NULL;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
		kc_request *r = (kc_request *)(void *)priv;
		/* All bytes received so far were decoded above, before any
		 * transfer is finished, and callbacks cannot make curl read. */
		request_done(r, res);
	}
	c->busy--;
	if (c->busy == 0) {
		kc_watch *next;
		for (kc_watch *w = c->watches; w; w = next) {
			next = w->next;
			if (w->stopped)
				watch_free(w);
		}
	}
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
	int r = 0;
	kc_request *req = request_begin(c, method, path, content_type, body, body_len, headers, sync_cb, &st, &r);
	if (!req)
		return kc_error_set(&ret->err, r, "cannot start %s %s", method ? method : "(null)", path ? path : "(null)");
	while (!st.done) {
		if (event_base_loop(c->base, EVLOOP_ONCE) != 0 && !st.done) {
			/* No events left or the loop broke: do not leave a request
			 * pointing at our stack. */
			request_free(req);
			return kc_error_set(&ret->err, -EIO, "the event loop stopped before the answer arrived");
		}
		if (!st.done && event_base_got_break(c->base)) {
			request_free(req);
			return kc_error_set(&ret->err, -EINTR, "the event loop was stopped before the answer arrived");
		}
	}
	return ret->status ? 0 : (ret->err.code ? ret->err.code : -EIO);
}
