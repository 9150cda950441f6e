/* http.h - asynchronous HTTP(S) requests: libcurl's multi interface driven by
 * a libevent loop. The plain transport under the Kubernetes client
 * (client.h) and the apiserver's etcd client.
 *
 * A request runs on the loop; its done callback runs exactly once (unless
 * the request is cancelled first). A streaming request hands each chunk of
 * the body to on_data as it arrives instead of collecting it, for watches.
 * Connections are reused (HTTP/1.1 keep-alive) across requests on one
 * kc_http. Ownership: kc_http owns requests; the response handed to done
 * is freed after done returns. */
#ifndef KC_HTTP_H
#define KC_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct event_base;

typedef struct kc_http kc_http;
typedef struct kc_http_req kc_http_req;

/* TLS material: *_data is PEM in memory and wins over *_file. All may be
 * NULL (system CAs, no client certificate). Strings are copied. */
typedef struct kc_http_tls {
	const char *ca_file, *ca_data;
	const char *cert_file, *cert_data;
	const char *key_file, *key_data;
	bool insecure_skip_verify;
	const char *server_name; /* verify the certificate for this name instead */
} kc_http_tls;

typedef struct kc_http_response {
	long status;        /* HTTP status, 0 when no answer arrived */
	int err;            /* 0, or a negative errno for transport failures */
	char errmsg[256];   /* curl's description of a transport failure */
	kc_buf body;        /* the body (empty for streaming requests) */
	char *content_type; /* or NULL */
	char **warnings;    /* values of Warning headers, NULL-terminated, or NULL */
} kc_http_response;

/* Called with each piece of a streaming response body. Return 0 to go on, or
 * a negative value to abort the request (done then reports -ECANCELED). */
typedef int (*kc_http_data_cb)(const char *data, size_t len, void *userdata);
typedef void (*kc_http_done_cb)(kc_http_response *resp, void *userdata);

typedef struct kc_http_request {
	const char *method; /* "GET", "POST", ... */
	const char *url;
	const char *const *headers; /* "Name: value", NULL-terminated, or NULL */
	const char *body;           /* copied; may be NULL */
	size_t body_len;
	const kc_http_tls *tls;
	long connect_timeout_ms; /* 0: 10 s */
	long timeout_ms;         /* whole request; 0: none */
	/* For streams: a transfer that stays below 1 byte/s for this long is
	 * considered dead (0: never). */
	long low_speed_timeout_s;
	kc_http_data_cb on_data; /* set for streaming requests */
} kc_http_request;

kc_http *kc_http_new(struct event_base *base);
/* Cancels every request in flight (no callbacks run) and frees. */
void kc_http_free(kc_http *h);

/* Starts a request. Returns a handle (valid until done runs or the request is
 * cancelled), or NULL when the request could not start (bad URL). */
kc_http_req *kc_http_start(kc_http *h, const kc_http_request *req, kc_http_done_cb done, void *userdata);
/* Cancels a request in flight; its done callback will not run. Safe to
 * call from inside that request's on_data callback. */
void kc_http_cancel(kc_http_req *r);

/* Maps a libcurl error code to a negative errno (-ECONNREFUSED, -ETIMEDOUT,
 * -EHOSTUNREACH, -EPROTO for TLS failures, -EIO otherwise). */
int kc_http_curl_errno(int curl_code);

#endif
