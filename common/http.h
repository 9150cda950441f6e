/* http.h - asynchronous HTTP(S) requests: libcurl's multi interface driven by
 * a libevent loop. The one transport under the Kubernetes client (client.h)
 * and the apiserver's etcd client; nothing else in kc talks to libcurl.
 *
 *     kc_http *h = kc_http_new(base);
 *     kc_http_request rq = {.method = "GET", .url = "http://127.0.0.1:2379/health"};
 *     kc_http_req *r = kc_http_start(h, &rq, on_done, ctx);
 *     ... the loop runs; on_done(resp, ctx) runs once ...
 *     kc_http_free(h);
 *
 * A request runs on the loop; its done callback runs exactly once, unless
 * the request is cancelled first (then never). A streaming request (on_data
 * set) hands each piece of a successful body to on_data as it arrives
 * instead of collecting it, for watches. Connections are reused (HTTP/1.1
 * keep-alive) across the requests of one kc_http.
 *
 * Callbacks (on_header, on_data, done) never run inside libcurl: the loop
 * calls libcurl, which only records what arrived; the records are handed out
 * once libcurl has returned. So every callback may start requests and cancel
 * any request, its own included. They must not call kc_http_free().
 *
 * Ownership: kc_http owns its requests. The kc_http_response handed to done
 * is freed after done returns; done may take body.s (kc_buf_release),
 * content_type and warnings (TAKE_PTR) to keep them. */
#ifndef KC_HTTP_H
#define KC_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "util.h"

struct event_base;

typedef struct kc_http kc_http;
typedef struct kc_http_req kc_http_req;

/* TLS material: *_data is PEM in memory and wins over *_file. All may be
 * NULL (system CAs, no client certificate). Strings are copied.
 * server_name: verify the server's certificate against this name, and send
 * it as SNI, instead of the URL's host, while still connecting to the URL's
 * host and port and sending the URL's authority as Host (client-go's
 * TLSClientConfig.ServerName; curl's CURLOPT_SSL_VERIFYHOST then checks
 * this name). insecure_skip_verify checks neither chain nor name. */
typedef struct kc_http_tls {
	const char *ca_file, *ca_data;
	const char *cert_file, *cert_data;
	const char *key_file, *key_data;
	bool insecure_skip_verify;
	const char *server_name;
} kc_http_tls;

/* Why a transfer failed, for callers that word errors themselves (the
 * Kubernetes client words them as kubectl does). */
typedef enum kc_http_failure {
	KC_HTTP_FAIL_NONE = 0,
	KC_HTTP_FAIL_CONNECT,    /* TCP connect failed; os_errno says why (0: unknown) */
	KC_HTTP_FAIL_RESOLVE,    /* the host name did not resolve */
	KC_HTTP_FAIL_TIMEOUT,    /* a time limit passed; see connected and status */
	KC_HTTP_FAIL_TLS_VERIFY, /* the server's certificate was refused; see tls_verify_result */
	KC_HTTP_FAIL_TLS,        /* another TLS failure (handshake, our certificate or key) */
	KC_HTTP_FAIL_EMPTY,      /* the server closed the connection without answering */
	KC_HTTP_FAIL_BROKEN,     /* the connection broke mid-transfer (or the body was cut short) */
	KC_HTTP_FAIL_CANCELED,   /* on_data or on_header asked to stop */
	KC_HTTP_FAIL_OTHER,      /* see errmsg */
} kc_http_failure;

typedef struct kc_http_response {
	/* HTTP status of the final response, 0 when none arrived. A transfer
	 * that failed after the status line keeps it: check err first. */
	long status;
	/* 0, or for transport failures a negative errno: -ECONNREFUSED (any
	 * failed TCP connect: the server was never reached), -EHOSTUNREACH (name
	 * resolution), -ETIMEDOUT, -EPROTO (TLS), -ECONNRESET (connection lost or
	 * empty answer), -ECANCELED (a callback asked to stop), -EINVAL, -EIO. */
	int err;
	kc_http_failure failure;
	int os_errno; /* KC_HTTP_FAIL_CONNECT: errno of the connect, or 0 */
	/* KC_HTTP_FAIL_TLS_VERIFY: OpenSSL's verify result (X509_V_ERR_*), or
	 * X509_V_ERR_HOSTNAME_MISMATCH when the chain was fine but the
	 * certificate does not name the host (or tls.server_name). */
	long tls_verify_result;
	bool connected;      /* a TCP connection to the server was made */
	char errmsg[256];    /* libcurl's description of a transport failure */
	kc_buf body;         /* the body (empty for a streamed success); NUL-terminated */
	bool body_truncated; /* max_body cut it */
	char *content_type;  /* or NULL */
	char **warnings;     /* raw values of Warning headers, NULL-terminated, or NULL */
} kc_http_response;

/* Called with each piece of a streaming response body, for a final status
 * below 300 (a body with status >= 300 is collected into resp->body for
 * done instead). Return 0 to go on, or a negative value to stop: the
 * transfer is then aborted and done reports -ECANCELED (unless the callback
 * cancelled the request itself, when done never runs). */
typedef int (*kc_http_data_cb)(const char *data, size_t len, void *userdata);
/* Called once per header of the final response (interim 1xx responses and
 * trailers are not reported), all before the first on_data of its body.
 * status is the response's status; name and value are trimmed and
 * NUL-terminated, valid during the call. Return as on_data. */
typedef int (*kc_http_header_cb)(long status, const char *name, const char *value, void *userdata);
typedef void (*kc_http_done_cb)(kc_http_response *resp, void *userdata);

typedef struct kc_http_request {
	const char *method; /* "GET", "POST", ...; NULL: GET */
	const char *url;    /* http:// or https:// */
	/* "Name: value", NULL-terminated, or NULL. "Name:" removes a header
	 * libcurl would add. Without a Content-Type none is sent (libcurl's
	 * default form type never is). */
	const char *const *headers;
	const char *body; /* copied; may be NULL (POST/PUT/PATCH then send an empty body) */
	size_t body_len;
	const kc_http_tls *tls;
	const char *username, *password; /* basic auth when either is set */
	long connect_timeout_ms;         /* 0: 10 s */
	long timeout_ms;                 /* whole request; 0: none */
	/* A transfer that stays below 1 byte/s for this long is dead (0: never);
	 * for streams, whose whole-request timeout is none. */
	long low_speed_timeout_s;
	size_t max_body;      /* collect no more body than this, drop the rest (0: no limit) */
	bool accept_encoding; /* ask for gzip/deflate/... and decode it */
	bool http1;           /* HTTP/1.1 only, no HTTP/2 over TLS */
	/* Honour http_proxy/https_proxy/no_proxy from the environment, as Go's
	 * ProxyFromEnvironment; otherwise never use a proxy. */
	bool proxy_from_env;
	kc_http_header_cb on_header; /* optional */
	kc_http_data_cb on_data;     /* set for streaming requests */
} kc_http_request;

/* Makes a request engine on base. Never fails (allocations abort). */
kc_http *kc_http_new(struct event_base *base);
/* Cancels every request in flight (no callback runs) and frees. Not from
 * inside a callback of h. */
void kc_http_free(kc_http *h);
struct event_base *kc_http_base(const kc_http *h);

/* Starts a request (every string in req is copied). Returns a handle, valid
 * until done has returned or the request is cancelled, or NULL when the
 * request cannot start (not an http(s) URL, a bad tls.server_name); then no
 * callback runs. */
kc_http_req *kc_http_start(kc_http *h, const kc_http_request *req, kc_http_done_cb done, void *userdata);
/* Cancels a request in flight: none of its callbacks runs after this. Safe
 * from any callback, the request's own included (from inside its own done
 * it does nothing). NULL is ignored. */
void kc_http_cancel(kc_http_req *r);

/* The parts of an http:// or https:// URL. */
typedef struct kc_http_url {
	char *scheme; /* "http" or "https", lower case */
	char *host;   /* IPv6 addresses in brackets: "[::1]" */
	char *port;   /* as given, or NULL when the URL has none */
	char *path;   /* "/" at least */
	char *query;  /* without the '?', or NULL */
} kc_http_url;

/* Splits url. Returns 0 or -EINVAL (not a URL, no host, another scheme);
 * ret is untouched on failure. kc_http_url_clear() frees the parts. */
int kc_http_url_parse(const char *url, kc_http_url *ret);
void kc_http_url_clear(kc_http_url *u);

#endif
