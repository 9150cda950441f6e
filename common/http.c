/* http.c - libcurl multi on libevent (see http.h).
 *
 * curl tells us which sockets to watch (socket_cb) and when to call it back
 * (timer_cb); libevent tells curl when those happen (event_cb, timeout_cb).
 * Finished transfers are collected in check_done, outside any curl callback,
 * so done callbacks may start or cancel requests freely. A request cancelled
 * from inside a curl callback is only marked, and swept on the next loop
 * turn, because curl forbids removing handles from its callbacks. */
#include "http.h"

#include <curl/curl.h>
#include <errno.h>
#include <event2/event.h>
#include <strings.h>

#include "banned.h"

struct kc_http {
	struct event_base *base;
	CURLM *multi;
	struct event *timer;
	struct event *sweep; /* removes requests cancelled inside curl callbacks */
	int running;
	int in_curl_cb; /* > 0 while a curl callback runs */
	kc_http_req *reqs;
};

struct kc_http_req {
	kc_http *h;
	CURL *easy;
	struct curl_slist *headers;
	kc_http_response resp;
	kc_http_data_cb on_data;
	kc_http_done_cb done;
	void *userdata;
	bool cancelled;
	bool in_done; /* its done callback is running: cancel is a no-op */
	size_t nwarnings;
	char errbuf[CURL_ERROR_SIZE];
	kc_http_req *prev, *next;
};

int kc_http_curl_errno(int code)
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

static void request_free(kc_http_req *r)
{
	kc_http *h = r->h;
	if (r->prev)
		r->prev->next = r->next;
	else
		h->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	curl_multi_remove_handle(h->multi, r->easy);
	curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->headers);
	kc_buf_free(&r->resp.body);
	free(r->resp.content_type);
	if (r->resp.warnings) {
		for (char **w = r->resp.warnings; *w; w++)
			free(*w);
		free(r->resp.warnings);
	}
	free(r);
}

static void finish(kc_http_req *r, CURLcode result)
{
	if (r->cancelled) {
		request_free(r);
		return;
	}
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->resp.status);
	char *ct = NULL;
	if (curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
		r->resp.content_type = xstrdup(ct);
	if (result != CURLE_OK) {
		r->resp.err = kc_http_curl_errno(result);
		snprintf(r->resp.errmsg, sizeof(r->resp.errmsg), "%s",
			 r->errbuf[0] ? r->errbuf : curl_easy_strerror(result));
		/* A body cut short is a transport failure even though a status
		 * arrived; callers decide what a partial stream means. */
	}
	kc_buf_grow(&r->resp.body, 0);
	r->resp.body.s[r->resp.body.len] = '\0';
	r->in_done = true;
	r->done(&r->resp, r->userdata);
	request_free(r);
}

static void check_done(kc_http *h)
{
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(h->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		kc_http_req *r = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		finish(r, msg->data.result);
	}
}

static void event_cb(evutil_socket_t fd, short what, void *arg)
{
	kc_http *h = arg;
	int action = ((what & EV_READ) ? CURL_CSELECT_IN : 0) | ((what & EV_WRITE) ? CURL_CSELECT_OUT : 0);
	curl_multi_socket_action(h->multi, fd, action, &h->running);
	/* No timer handling here: a done callback may have started a request
	 * whose timer curl just armed through timer_cb. */
	check_done(h);
}

static void timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_http *h = arg;
	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &h->running);
	check_done(h);
}

static int socket_cb(CURL *easy, curl_socket_t s, int what, void *userp, void *socketp)
{
	(void)easy;
	kc_http *h = userp;
	struct event *ev = socketp;
	if (what == CURL_POLL_REMOVE) {
		if (ev) {
			event_free(ev);
			curl_multi_assign(h->multi, s, NULL);
		}
		return 0;
	}
	short kind = (short)(((what & CURL_POLL_IN) ? EV_READ : 0) | ((what & CURL_POLL_OUT) ? EV_WRITE : 0) |
			     EV_PERSIST);
	if (ev) {
		event_del(ev);
		event_assign(ev, h->base, s, kind, event_cb, h);
	} else {
		ev = event_new(h->base, s, kind, event_cb, h);
		curl_multi_assign(h->multi, s, ev);
	}
	event_add(ev, NULL);
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
	/* timeout 0 also goes through the loop: curl may not be re-entered
	 * from this callback. */
	struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
	evtimer_add(h->timer, &tv);
	return 0;
}

static void sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_http *h = arg;
	kc_http_req *r = h->reqs;
	while (r) {
		kc_http_req *next = r->next;
		if (r->cancelled)
			request_free(r);
		r = next;
	}
}

kc_http *kc_http_new(struct event_base *base)
{
	static bool curl_ready;
	if (!curl_ready) { /* curl_global_init is idempotent but not thread-safe; one loop thread calls it */
		curl_global_init(CURL_GLOBAL_DEFAULT);
		curl_ready = true;
	}
	kc_http *h = xcalloc(1, sizeof(*h));
	h->base = base;
	h->multi = curl_multi_init();
	h->timer = evtimer_new(base, timeout_cb, h);
	h->sweep = event_new(base, -1, 0, sweep_cb, h);
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
	event_free(h->timer);
	event_free(h->sweep);
	free(h);
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	kc_http_req *r = userp;
	size_t n = size * nmemb;
	if (r->cancelled)
		return 0;
	if (!r->on_data) {
		kc_buf_add(&r->resp.body, data, n);
		return n;
	}
	/* A status >= 300 is an error body: collect it for the caller instead
	 * of streaming it. */
	long status = 0;
	curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 300) {
		kc_buf_add(&r->resp.body, data, n);
		return n;
	}
	r->h->in_curl_cb++;
	int rc = r->on_data(data, n, r->userdata);
	r->h->in_curl_cb--;
	return (rc < 0 || r->cancelled) ? 0 : n;
}

static size_t header_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	kc_http_req *r = userp;
	size_t n = size * nmemb;
	if (n > 8 && strncasecmp(data, "Warning:", 8) == 0) {
		const char *v = data + 8;
		size_t vlen = n - 8;
		while (vlen && (*v == ' ' || *v == '\t'))
			v++, vlen--;
		while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
			vlen--;
		r->resp.warnings = xrealloc(r->resp.warnings, (r->nwarnings + 2) * sizeof(char *));
		r->resp.warnings[r->nwarnings++] = xstrndup(v, vlen);
		r->resp.warnings[r->nwarnings] = NULL;
	}
	return n;
}

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
	}
}

kc_http_req *kc_http_start(kc_http *h, const kc_http_request *req, kc_http_done_cb done, void *userdata)
{
	kc_http_req *r = xcalloc(1, sizeof(*r));
	r->h = h;
	r->on_data = req->on_data;
	r->done = done;
	r->userdata = userdata;
	r->easy = curl_easy_init();

	CURL *e = r->easy;
	if (curl_easy_setopt(e, CURLOPT_URL, req->url) != CURLE_OK) {
		curl_easy_cleanup(e);
		free(r);
		return NULL;
	}
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, req->connect_timeout_ms ? req->connect_timeout_ms : 10000L);
	if (req->timeout_ms)
		curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, req->timeout_ms);
	if (req->low_speed_timeout_s) {
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, req->low_speed_timeout_s);
	}
	/* Only the URL's own protocol; no redirects, no proxies from the
	 * environment: cluster traffic goes where it is told. */
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");

	const char *method = req->method ? req->method : "GET";
	if (streq(method, "GET")) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else if (streq(method, "HEAD")) {
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	} else {
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	}
	if (req->body || streq(method, "POST") || streq(method, "PUT") || streq(method, "PATCH")) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
		curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, req->body ? req->body : "");
		if (streq(method, "POST"))
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, NULL);
	}
	/* No "Expect: 100-continue" round trip for large bodies. */
	r->headers = curl_slist_append(r->headers, "Expect:");
	for (const char *const *hd = req->headers; hd && *hd; hd++)
		r->headers = curl_slist_append(r->headers, *hd);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
	apply_tls(e, req->tls);
	if (req->tls && req->tls->server_name) {
		/* not supported by every curl build; harmless when ignored */
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	}

	r->next = h->reqs;
	if (h->reqs)
		h->reqs->prev = r;
	h->reqs = r;
	curl_multi_add_handle(h->multi, e);
	return r;
}

void kc_http_cancel(kc_http_req *r)
{
	if (!r || r->cancelled || r->in_done)
		return;
	r->cancelled = true;
	if (r->h->in_curl_cb > 0) {
		event_active(r->h->sweep, 0, 0);
		return;
	}
	request_free(r);
}
