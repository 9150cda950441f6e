/* http.c - libcurl multi on libevent (see http.h).
 *
 * curl tells us which sockets to watch (socket_cb) and when to call it back
 * (timer_cb); libevent tells curl when those happen (event_cb, timeout_cb),
 * and we call curl_multi_socket_action().
 *
 * No callback of ours that can reach user code runs inside libcurl: curl
 * forbids adding or removing handles from its callbacks, and a watch
 * handler wants to start requests or stop its own stream. So curl's header
 * and write callbacks only record (headers and streamed bytes go to
 * per-request buffers); after every curl_multi_socket_action() "dispatch"
 * hands the records to on_header/on_data, then collects finished transfers
 * and runs their done callbacks. While dispatch runs (h->busy), a cancelled
 * or finished request is taken out of curl at once but its memory is only
 * marked dead and freed when dispatch is over, so the loops walking the
 * request list never step on freed memory. */
#include "http.h"

#include <curl/curl.h>
#include <errno.h>
#include <event2/event.h>
#include <openssl/x509_vfy.h>
#include <strings.h>

#include "banned.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 10000L

typedef struct sock_ev {
	kc_http *h;
	struct event *ev;
	struct sock_ev *prev, *next;
} sock_ev;

struct kc_http {
	struct event_base *base;
	CURLM *multi;
	struct event *timer;
	int running;
	int busy; /* > 0 while dispatching: frees are deferred */
	bool has_dead;
	kc_http_req *reqs;
	sock_ev *socks;
};

struct kc_http_req {
	kc_http *h;
	kc_http_req *prev, *next;
	CURL *easy;
	struct curl_slist *headers;
	struct curl_slist *connect_to;
	kc_http_response resp;
	size_t nwarnings;
	size_t max_body;
	kc_http_header_cb on_header;
	kc_http_data_cb on_data;
	kc_http_done_cb done;
	void *userdata;
	long hdr_status;     /* status line of the response being received */
	bool interim;        /* inside a 1xx response: its headers are skipped */
	bool body_started;   /* headers after this are trailers */
	kc_buf pending_hdrs; /* "name\0value\0"... not yet handed to on_header */
	kc_buf pending;      /* streamed bytes not yet handed to on_data */
	bool dead;           /* out of curl; freed when dispatch ends */
	bool in_done;
	char errbuf[CURL_ERROR_SIZE];
};

/* ---- URLs ---- */

void kc_http_url_clear(kc_http_url *u)
{
	if (!u)
		return;
	free(u->scheme);
	free(u->host);
	free(u->port);
	free(u->path);
	free(u->query);
	memset(u, 0, sizeof(*u));
}

static char *curl_take(char *s)
{
	char *r = s ? xstrdup(s) : NULL;
	curl_free(s);
	return r;
}

int kc_http_url_parse(const char *url, kc_http_url *ret)
{
	if (!url)
		return -EINVAL;
	CURLU *u = curl_url();
	if (!u)
		return -ENOMEM;
	char *scheme = NULL, *host = NULL;
	int r = -EINVAL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host[0] ||
	    (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0))
		goto out;
	kc_http_url res = {0};
	res.scheme = xstrdup(strcasecmp(scheme, "https") == 0 ? "https" : "http");
	res.host = xstrdup(host);
	char *part = NULL;
	if (curl_url_get(u, CURLUPART_PORT, &part, 0) == CURLUE_OK)
		res.port = curl_take(part);
	part = NULL;
	if (curl_url_get(u, CURLUPART_PATH, &part, 0) == CURLUE_OK)
		res.path = curl_take(part);
	if (!res.path)
		res.path = xstrdup("/");
	part = NULL;
	if (curl_url_get(u, CURLUPART_QUERY, &part, 0) == CURLUE_OK)
		res.query = curl_take(part);
	*ret = res;
	r = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return r;
}

/* ---- results ---- */

static int curl_errno(CURLcode code)
{
	switch (code) {
	case CURLE_OK:
		return 0;
	case CURLE_COULDNT_CONNECT:
		return -ECONNREFUSED;
	case CURLE_OPERATION_TIMEDOUT:
		return -ETIMEDOUT;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return -EHOSTUNREACH;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return -EPROTO;
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		return -ECONNRESET;
	case CURLE_WRITE_ERROR:
	case CURLE_ABORTED_BY_CALLBACK:
		return -ECANCELED;
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return -EINVAL;
	default:
		return -EIO;
	}
}

static kc_http_failure curl_failure(CURLcode code)
{
	switch (code) {
	case CURLE_OK:
		return KC_HTTP_FAIL_NONE;
	case CURLE_COULDNT_CONNECT:
		return KC_HTTP_FAIL_CONNECT;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return KC_HTTP_FAIL_RESOLVE;
	case CURLE_OPERATION_TIMEDOUT:
		return KC_HTTP_FAIL_TIMEOUT;
	case CURLE_PEER_FAILED_VERIFICATION:
		return KC_HTTP_FAIL_TLS_VERIFY;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return KC_HTTP_FAIL_TLS;
	case CURLE_GOT_NOTHING:
		return KC_HTTP_FAIL_EMPTY;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		return KC_HTTP_FAIL_BROKEN;
	case CURLE_WRITE_ERROR:
	case CURLE_ABORTED_BY_CALLBACK:
		return KC_HTTP_FAIL_CANCELED;
	default:
		return KC_HTTP_FAIL_OTHER;
	}
}

static void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

/* ---- request lifetime ---- */

/* Takes the request out of curl; its memory stays (see request_free). */
static void request_kill(kc_http_req *r)
{
	if (r->dead)
		return;
	r->dead = true;
	r->h->has_dead = true;
	curl_multi_remove_handle(r->h->multi, r->easy);
	curl_easy_cleanup(r->easy);
	r->easy = NULL;
}

static void request_free(kc_http_req *r)
{
	kc_http *h = r->h;
	request_kill(r);
	if (r->prev)
		r->prev->next = r->next;
	else
		h->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	curl_slist_free_all(r->headers);
	curl_slist_free_all(r->connect_to);
	kc_buf_free(&r->resp.body);
	free(r->resp.content_type);
	strv_free(r->resp.warnings);
	kc_buf_free(&r->pending_hdrs);
	kc_buf_free(&r->pending);
	free(r);
}

static void sweep(kc_http *h)
{
	if (h->busy || !h->has_dead)
		return;
	h->has_dead = false;
	kc_http_req *next;
	for (kc_http_req *r = h->reqs; r; r = next) {
		next = r->next;
		if (r->dead)
			request_free(r);
	}
}

/* Runs done and retires the request. result is curl's, or a failure of our
 * own (a callback asked to stop: CURLE_WRITE_ERROR). */
static void finish(kc_http_req *r, CURLcode result)
{
	kc_http_response *resp = &r->resp;
	if (r->easy) {
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &resp->status);
		if (resp->status < 200)
			resp->status = 0; /* only an interim 1xx came */
		char *ct = NULL;
		if (curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
			resp->content_type = xstrdup(ct);
		/* A reused connection has no connect time; it sent a request. */
		curl_off_t connect_us = 0;
		long request_size = 0;
		curl_easy_getinfo(r->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
		curl_easy_getinfo(r->easy, CURLINFO_REQUEST_SIZE, &request_size);
		resp->connected = connect_us > 0 || request_size > 0;
	}
	if (result != CURLE_OK) {
		resp->err = curl_errno(result);
		resp->failure = curl_failure(result);
		snprintf(resp->errmsg, sizeof(resp->errmsg), "%s",
		         r->errbuf[0] ? r->errbuf : curl_easy_strerror(result));
		if (resp->failure == KC_HTTP_FAIL_CONNECT && r->easy) {
			long oserr = 0;
			curl_easy_getinfo(r->easy, CURLINFO_OS_ERRNO, &oserr);
			resp->os_errno = (int)oserr;
		}
		if (resp->failure == KC_HTTP_FAIL_TLS_VERIFY && r->easy) {
			curl_easy_getinfo(r->easy, CURLINFO_SSL_VERIFYRESULT, &resp->tls_verify_result);
			/* curl checks the name itself once OpenSSL accepted the
			 * chain ("SSL: no alternative certificate subject name
			 * matches target host name 'x'"). */
			if (strstr(r->errbuf, "target host name"))
				resp->tls_verify_result = X509_V_ERR_HOSTNAME_MISMATCH;
		}
	}
	kc_buf_grow(&resp->body, 0);
	resp->body.s[resp->body.len] = '\0';
	request_kill(r); /* the connection goes back to curl's cache first */
	r->in_done = true;
	r->done(resp, r->userdata);
	r->in_done = false;
}

static void stopped(kc_http_req *r)
{
	snprintf(r->errbuf, sizeof(r->errbuf), "the transfer was stopped by its callback");
	finish(r, CURLE_WRITE_ERROR);
}

/* Hands recorded headers and body bytes to the callbacks. Returns false
 * when the request is gone (cancelled by a callback, or finished because a
 * callback asked to stop). */
static bool deliver(kc_http_req *r)
{
	if (r->pending_hdrs.len) {
		size_t off = 0;
		while (off < r->pending_hdrs.len && !r->dead) {
			const char *name = r->pending_hdrs.s + off;
			const char *value = name + strlen(name) + 1;
			off = (size_t)(value - r->pending_hdrs.s) + strlen(value) + 1;
			if (r->on_header(r->hdr_status, name, value, r->userdata) < 0 && !r->dead) {
				stopped(r);
				return false;
			}
		}
		if (r->dead)
			return false;
		kc_buf_reset(&r->pending_hdrs);
	}
	if (r->pending.len) {
		int rc = r->on_data(r->pending.s, r->pending.len, r->userdata);
		if (r->dead)
			return false;
		kc_buf_reset(&r->pending);
		if (rc < 0) {
			stopped(r);
			return false;
		}
	}
	return true;
}

static void dispatch(kc_http *h)
{
	h->busy++;
	/* Requests started by callbacks go to the head of the list: they have
	 * nothing recorded yet, so missing them here is right. */
	for (kc_http_req *r = h->reqs; r; r = r->next)
		if (!r->dead && (r->pending_hdrs.len || r->pending.len))
			deliver(r);
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(h->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		CURLcode result = msg->data.result;
		char *priv = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		kc_http_req *r = (kc_http_req *)(void *)priv;
		if (!r || r->dead)
			continue;
		/* Bytes that arrived with the end are handed out before done. */
		if (!deliver(r))
			continue;
		finish(r, result);
	}
	h->busy--;
	sweep(h);
}

/* ---- libevent glue ---- */

static void event_cb(evutil_socket_t fd, short what, void *arg)
{
	kc_http *h = arg;
	int action = ((what & EV_READ) ? CURL_CSELECT_IN : 0) | ((what & EV_WRITE) ? CURL_CSELECT_OUT : 0);
	curl_multi_socket_action(h->multi, fd, action, &h->running);
	/* Nothing here touches the timer: a done callback may have started a
	 * request whose timeout curl just armed through timer_cb. */
	dispatch(h);
}

static void timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_http *h = arg;
	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &h->running);
	dispatch(h);
}

static void sock_free(kc_http *h, sock_ev *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		h->socks = s->next;
	if (s->next)
		s->next->prev = s->prev;
	event_free(s->ev);
	free(s);
}

static int socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	(void)easy;
	kc_http *h = userp;
	sock_ev *s = socketp;
	if (what == CURL_POLL_REMOVE) {
		if (s) {
			curl_multi_assign(h->multi, fd, NULL);
			sock_free(h, s);
		}
		return 0;
	}
	short kind = (short)(((what & CURL_POLL_IN) ? EV_READ : 0) | ((what & CURL_POLL_OUT) ? EV_WRITE : 0) |
	                     EV_PERSIST);
	if (!s) {
		s = xcalloc(1, sizeof(*s));
		s->h = h;
		s->ev = event_new(h->base, fd, kind, event_cb, h);
		if (!s->ev) {
			free(s);
			return -1;
		}
		s->next = h->socks;
		if (h->socks)
			h->socks->prev = s;
		h->socks = s;
		curl_multi_assign(h->multi, fd, s);
	} else {
		event_del(s->ev);
		event_assign(s->ev, h->base, fd, kind, event_cb, h);
	}
	event_add(s->ev, NULL);
	return 0;
}

static int timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	(void)multi;
	kc_http *h = userp;
	if (timeout_ms < 0) {
		evtimer_del(h->timer);
		return 0;
	}
	/* A 0 timeout also goes through the loop: curl may not be re-entered
	 * from this callback. */
	struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
	evtimer_add(h->timer, &tv);
	return 0;
}

kc_http *kc_http_new(struct event_base *base)
{
	/* Reference-counted and thread-safe in the curl we build with (7.84+). */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	kc_http *h = xcalloc(1, sizeof(*h));
	h->base = base;
	h->multi = curl_multi_init();
	h->timer = evtimer_new(base, timeout_cb, h);
	if (!h->multi || !h->timer) {
		fprintf(stderr, "kc: out of memory setting up the HTTP client\n");
		abort();
	}
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	/* Keep connections to each server for reuse: the apiserver and etcd
	 * are few hosts with many requests. */
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, 64L);
	return h;
}

void kc_http_free(kc_http *h)
{
	if (!h)
		return;
	while (h->reqs)
		request_free(h->reqs);
	curl_multi_cleanup(h->multi);
	/* Sockets curl did not say goodbye to. */
	while (h->socks)
		sock_free(h, h->socks);
	event_free(h->timer);
	free(h);
	curl_global_cleanup();
}

struct event_base *kc_http_base(const kc_http *h)
{
	return h->base;
}

/* ---- curl callbacks (record only) ---- */

static void body_add(kc_http_req *r, const char *data, size_t n)
{
	if (r->max_body && r->resp.body.len + n > r->max_body) {
		n = r->max_body > r->resp.body.len ? r->max_body - r->resp.body.len : 0;
		r->resp.body_truncated = true;
	}
	kc_buf_add(&r->resp.body, data, n);
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	kc_http_req *r = userp;
	size_t n = size * nmemb;
	r->body_started = true;
	/* A status >= 300 is an error body: collected for done, not streamed. */
	if (!r->on_data || r->hdr_status >= 300)
		body_add(r, data, n);
	else
		kc_buf_add(&r->pending, data, n);
	return n;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n &&
	       ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' || (*s)[*n - 1] == '\n'))
		(*n)--;
}

static size_t header_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	kc_http_req *r = userp;
	size_t n = size * nmemb;
	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		/* A status line: "HTTP/1.1 200 OK". A new response (after a
		 * 100 Continue) starts afresh. */
		long status = 0;
		const char *p = memchr(data, ' ', n);
		for (p = p ? p + 1 : data + n; p < data + n && *p >= '0' && *p <= '9' && status < 1000; p++)
			status = status * 10 + (*p - '0');
		r->interim = status >= 100 && status < 200;
		if (!r->interim) {
			r->hdr_status = status;
			strv_free(r->resp.warnings);
			r->resp.warnings = NULL;
			r->nwarnings = 0;
			kc_buf_reset(&r->pending_hdrs);
		}
		return n;
	}
	if (r->interim || r->body_started)
		return n;
	const char *colon = memchr(data, ':', n);
	if (!colon)
		return n; /* the blank line that ends the headers */
	const char *name = data, *value = colon + 1;
	size_t nlen = (size_t)(colon - data), vlen = n - nlen - 1;
	trim(&name, &nlen);
	trim(&value, &vlen);
	if (nlen == 7 && strncasecmp(name, "Warning", 7) == 0) {
		r->resp.warnings = xrealloc(r->resp.warnings, (r->nwarnings + 2) * sizeof(char *));
		r->resp.warnings[r->nwarnings++] = xstrndup(value, vlen);
		r->resp.warnings[r->nwarnings] = NULL;
	}
	if (r->on_header) {
		kc_buf_add(&r->pending_hdrs, name, nlen);
		kc_buf_addch(&r->pending_hdrs, '\0');
		kc_buf_add(&r->pending_hdrs, value, vlen);
		kc_buf_addch(&r->pending_hdrs, '\0');
	}
	return n;
}

/* ---- starting ---- */

static void set_blob(CURL *e, CURLoption opt, const char *pem)
{
	struct curl_blob blob = {(void *)pem, strlen(pem), CURL_BLOB_COPY};
	curl_easy_setopt(e, opt, &blob);
}

static void apply_tls(CURL *e, const kc_http_tls *tls)
{
	if (!tls)
		return;
	if (tls->ca_data)
		set_blob(e, CURLOPT_CAINFO_BLOB, tls->ca_data);
	else if (tls->ca_file)
		curl_easy_setopt(e, CURLOPT_CAINFO, tls->ca_file);
	if (tls->cert_data) {
		set_blob(e, CURLOPT_SSLCERT_BLOB, tls->cert_data);
		curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
	} else if (tls->cert_file) {
		curl_easy_setopt(e, CURLOPT_SSLCERT, tls->cert_file);
	}
	if (tls->key_data) {
		set_blob(e, CURLOPT_SSLKEY_BLOB, tls->key_data);
		curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
	} else if (tls->key_file) {
		curl_easy_setopt(e, CURLOPT_SSLKEY, tls->key_file);
	}
	if (tls->insecure_skip_verify) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	} else {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	}
}

static bool has_header(const char *const *headers, const char *name)
{
	size_t n = strlen(name);
	for (const char *const *hd = headers; hd && *hd; hd++)
		if (strncasecmp(*hd, name, n) == 0 && ((*hd)[n] == ':' || (*hd)[n] == ';'))
			return true;
	return false;
}

/* tls.server_name: ask curl for https://<server_name>:<port>/... (so SNI and
 * the certificate check use that name) while CONNECT_TO sends the
 * connection to the URL's real host, and Host: keeps the real authority. */
static int server_name_route(kc_http_req *r, const char *url, const char *server_name, bool keep_host,
                             char **ret_url)
{
	if (!server_name[0] || strpbrk(server_name, ":/?#@[] "))
		return -EINVAL;
	kc_http_url u;
	if (kc_http_url_parse(url, &u) < 0)
		return -EINVAL;
	const char *port = u.port ? u.port : (streq(u.scheme, "https") ? "443" : "80");
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addf(&b, "%s://%s:%s%s", u.scheme, server_name, port, u.path);
	if (u.query)
		kc_buf_addf(&b, "?%s", u.query);
	_cleanup_free_ char *entry = xasprintf("%s:%s:%s:%s", server_name, port, u.host, port);
	r->connect_to = curl_slist_append(NULL, entry);
	if (!keep_host) {
		_cleanup_free_ char *host =
		    u.port ? xasprintf("Host: %s:%s", u.host, u.port) : xasprintf("Host: %s", u.host);
		r->headers = curl_slist_append(r->headers, host);
	}
	kc_http_url_clear(&u);
	*ret_url = kc_buf_release(&b);
	return 0;
}

kc_http_req *kc_http_start(kc_http *h, const kc_http_request *req, kc_http_done_cb done, void *userdata)
{
	if (!req->url || (!str_startswith(req->url, "http://") && !str_startswith(req->url, "https://")))
		return NULL;
	kc_http_req *r = xcalloc(1, sizeof(*r));
	r->h = h;
	r->on_header = req->on_header;
	r->on_data = req->on_data;
	r->max_body = req->max_body;
	r->done = done;
	r->userdata = userdata;
	r->easy = curl_easy_init();
	if (!r->easy) {
		free(r);
		return NULL;
	}
	CURL *e = r->easy;

	_cleanup_free_ char *routed = NULL;
	if (req->tls && req->tls->server_name && !req->tls->insecure_skip_verify &&
	    str_startswith(req->url, "https://") &&
	    server_name_route(r, req->url, req->tls->server_name, has_header(req->headers, "Host"), &routed) <
	        0)
		goto fail;
	if (curl_easy_setopt(e, CURLOPT_URL, routed ? routed : req->url) != CURLE_OK)
		goto fail;
	if (r->connect_to)
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, r->connect_to);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	/* Notice dead peers on idle (watch) connections. */
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, 30L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPINTVL, 15L);
	curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	                 req->connect_timeout_ms > 0 ? req->connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS);
	if (req->timeout_ms > 0)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, req->timeout_ms);
	if (req->low_speed_timeout_s > 0) {
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, req->low_speed_timeout_s);
	}
	if (req->http1)
		curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	if (req->accept_encoding)
		curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	/* Only the URL's own protocol, no redirects; proxies from the
	 * environment only when asked: cluster traffic goes where it is told. */
	if (!req->proxy_from_env)
		curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	if (req->username || req->password) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERNAME, req->username ? req->username : "");
		curl_easy_setopt(e, CURLOPT_PASSWORD, req->password ? req->password : "");
	}

	/* Method and body (copied: the caller's buffer may go away). */
	const char *method = req->method ? req->method : "GET";
	bool with_body = req->body || streq(method, "POST") || streq(method, "PUT") || streq(method, "PATCH");
	if (with_body) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(req->body ? req->body_len : 0));
		curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, req->body ? req->body : "");
	}
	if (streq(method, "HEAD"))
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	else if (streq(method, "GET") && !with_body)
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	else if (!streq(method, "POST"))
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method); /* keeps the body set above */

	/* No "Expect: 100-continue" round trip for large bodies, and never
	 * curl's form content type for a body the caller did not type. */
	r->headers = curl_slist_append(r->headers, "Expect:");
	if (!has_header(req->headers, "Content-Type"))
		r->headers = curl_slist_append(r->headers, "Content-Type:");
	for (const char *const *hd = req->headers; hd && *hd; hd++)
		r->headers = curl_slist_append(r->headers, *hd);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
	apply_tls(e, req->tls);

	r->next = h->reqs;
	if (h->reqs)
		h->reqs->prev = r;
	h->reqs = r;
	if (curl_multi_add_handle(h->multi, e) != CURLM_OK) {
		r->dead = true; /* never in curl; nothing to take out */
		curl_easy_cleanup(r->easy);
		r->easy = NULL;
		request_free(r);
		return NULL;
	}
	return r;

fail:
	curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->headers);
	curl_slist_free_all(r->connect_to);
	free(r);
	return NULL;
}

void kc_http_cancel(kc_http_req *r)
{
	if (!r || r->dead || r->in_done)
		return;
	request_kill(r);
	sweep(r->h);
}
