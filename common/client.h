/* client.h - the Kubernetes API client, on the asynchronous HTTP layer of
 * http.h (libcurl driven by a libevent loop; one loop per process, and the
 * client never blocks it).
 *
 * Requests are asynchronous: kc_client_request() queues the request and the
 * callback runs from the loop when the answer (or a transport failure)
 * arrives. kc_client_request_sync() runs the loop until its own answer is in,
 * for the CLI and tests. Watches are long-lived GETs with ?watch=1 whose
 * newline-delimited events are decoded as they arrive (watch.h).
 *
 * Ownership: the client owns its requests and watches; the kc_response handed
 * to a callback belongs to the client and is freed after the callback returns
 * (take resp->body with TAKE_PTR to keep it). kc_client_free() cancels what is
 * in flight without calling any callback.
 *
 * Callbacks always run from the event loop, never from inside libcurl, so
 * they may start requests and watches, cancel requests and stop watches
 * (their own included). They must not call kc_client_free() or
 * kc_client_request_sync().
 *
 * Connections: each client keeps HTTP/1.1 connections alive and reuses
 * them; every watch holds one connection. */
#ifndef KC_CLIENT_H
#define KC_CLIENT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "watch.h" /* kc_watch_event_type */

struct event_base;

/* Where and how to reach the apiserver; kubeconfig.h fills one from a
 * kubeconfig file. Strings are owned by the struct (kc_client_config_clear
 * frees them); kc_client_new copies what it needs. *_data fields hold PEM
 * bytes (already base64-decoded) and win over the matching *_file. */
typedef struct kc_client_config {
	char *server;    /* "https://127.0.0.1:6443" */
	char *ca_file;   /* PEM CA bundle to verify the server */
	char *ca_data;
	char *cert_file; /* client certificate (PEM) */
	char *cert_data;
	char *key_file;  /* client key (PEM) */
	char *key_data;
	char *tls_server_name; /* name to verify the server certificate against (and SNI) */
	char *token;     /* bearer token */
	char *token_file; /* bearer token read from this file, re-read every minute
			   * (rotated service-account tokens); token wins if both */
	char *username;  /* basic auth (kubeconfig allows it; kc sends it if set) */
	char *password;
	bool insecure_skip_tls_verify;
	char *namespace;  /* the context's namespace; "default" when unset */
	char *user_agent; /* "kc/0.1.0"; the component name for daemons */
	long connect_timeout_ms; /* 0: 10 s */
	long request_timeout_ms; /* whole request, not watches; 0: none */
	/* Watch reconnection back-off: starts at initial, doubles per failed
	 * attempt up to max, with up to 50% random jitter added; reset after a
	 * healthy stream. 0: 500 ms and 30 s. Tests make them short. */
	long watch_backoff_initial_ms;
	long watch_backoff_max_ms;
} kc_client_config;

void kc_client_config_clear(kc_client_config *cfg);
/* Deep copy into dst (which is overwritten, not cleared first). */
void kc_client_config_copy(kc_client_config *dst, const kc_client_config *src);

typedef struct kc_client kc_client;

/* Makes a client on base. Fails (with err) when the config is unusable: no
 * server or one that is not a URL or host:port ("host must be a URL or a
 * host:port pair: ..."), unreadable CA/cert/key/token files. Files are read
 * here, once (except token_file). A server without a scheme gets https://
 * when any TLS setting is given, http:// otherwise (as client-go). */
kc_client *kc_client_new(struct event_base *base, const kc_client_config *cfg, kc_error *err);
void kc_client_free(kc_client *c);
const kc_client_config *kc_client_get_config(const kc_client *c);
/* The event base the client runs on (the one given to kc_client_new). */
struct event_base *kc_client_base(const kc_client *c);

typedef struct kc_response {
	long status;     /* HTTP status; 0 when no answer came (err says why) */
	cJSON *body;     /* the body parsed as JSON, or NULL */
	char *raw;       /* the raw body, NUL-terminated ("" when empty) */
	size_t raw_len;
	char *content_type; /* NULL when the server sent none */
	/* NULL-terminated texts of the Warning headers, or NULL: for the usual
	 * `299 - "text"` form the unquoted text (what kubectl prints after
	 * "Warning: "), otherwise the raw header value. */
	char **warnings;
	/* Transport failure (status 0), worded as kubectl prints it (without an
	 * "error: " prefix):
	 *   "The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?"
	 *   "Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority"
	 *   "Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)"
	 * with code -ECONNREFUSED, -ETIMEDOUT, -EHOSTUNREACH (name resolution,
	 * unreachable network), -ECONNRESET (connection dropped) or -EIO (TLS and
	 * the rest). For status >= 400, code is -EPROTO and msg the Status
	 * object's message (the Status itself is body); when the body is not a
	 * Status, client-go's generic message for the code ("the server could
	 * not find the requested resource"; for 403/406/415 and 5xx the body
	 * text is included as client-go does). Zero for other answers. */
	kc_error err;
} kc_response;

void kc_response_clear(kc_response *r);

typedef void (*kc_client_cb)(kc_response *resp, void *userdata);

/* Starts method on path ("/api/v1/namespaces/default/pods?limit=500"; the
 * caller escapes query values). body may be NULL; content_type defaults to
 * application/json when a body is given. Extra headers: NULL or a
 * NULL-terminated array of "Name: value" strings (e.g. Accept for Tables).
 * Returns 0 (cb will run exactly once) or a negative errno (cb never runs). */
int kc_client_request(kc_client *c, const char *method, const char *path, const char *content_type,
		      const char *body, size_t body_len, const char *const *headers, kc_client_cb cb,
		      void *userdata);

/* Same, but runs the event loop until the answer is in and fills *ret
 * (kc_response_clear() it after). Returns 0 when an HTTP answer arrived (any
 * status; check ret->status) or a negative errno for transport failures (ret
 * is filled too, with status 0 and err set). Must not be called from inside
 * a callback running on the same loop. */
int kc_client_request_sync(kc_client *c, const char *method, const char *path, const char *content_type,
			   const char *body, size_t body_len, const char *const *headers, kc_response *ret);

/* JSON helpers over kc_client_request: body is serialised compactly. */
int kc_client_request_json(kc_client *c, const char *method, const char *path, const cJSON *body,
			   kc_client_cb cb, void *userdata);

/* A request in flight, for kc_client_request_cancel(). Owned by the client. */
typedef struct kc_client_req kc_client_req;

/* kc_client_request that also hands back the request (ret_req may be NULL),
 * valid until its callback has returned or it is cancelled. */
int kc_client_request_ex(kc_client *c, const char *method, const char *path, const char *content_type,
			 const char *body, size_t body_len, const char *const *headers, kc_client_cb cb,
			 void *userdata, kc_client_req **ret_req);
/* Cancels the request: its callback will not run, the transfer is dropped
 * (its connection closed if the answer was not in yet). Safe from any
 * callback; from inside the request's own callback it does nothing. NULL is
 * ignored. */
void kc_client_request_cancel(kc_client_req *req);

/* ---- watches ----
 * kc_watch_event_type and kc_watch_event_type_name() ("ADDED"…) are in
 * watch.h, which this header includes. */

typedef struct kc_watch kc_watch;

/* object is borrowed for the duration of the call (cJSON_Duplicate or
 * cJSON_DetachItem… to keep it). */
typedef void (*kc_watch_event_cb)(kc_watch_event_type type, cJSON *object, void *userdata);
/* The server said 410 Gone (HTTP status or an ERROR event with code 410):
 * resourceVersion is too old. The watch is idle after this; the caller
 * relists and starts a new watch (and still calls kc_watch_stop on this one). */
typedef void (*kc_watch_gone_cb)(void *userdata);

/* Watches path (a list path; selectors and other query parameters may be
 * given in it, "?watch=1&resourceVersion=…&allowWatchBookmarks=true" are
 * added, and timeoutSeconds (a random 5-10 minutes, as client-go's reflector)
 * unless path has one) from resource_version ("" or NULL: from now). When
 * the stream ends or the connection fails, the watch reconnects by itself
 * (at once after a clean end, with back-off after errors) from the last
 * resourceVersion it saw, from events and bookmarks, so the caller sees each
 * event once. An ERROR event that is not a 410 reaches on_event and then the
 * watch reconnects with back-off (as client-go's reflector restarts).
 * Returns NULL only if libcurl refuses the transfer. */
kc_watch *kc_client_watch(kc_client *c, const char *path, const char *resource_version,
			  kc_watch_event_cb on_event, kc_watch_gone_cb on_gone, void *userdata);
/* Optional: called (with the watch's userdata) each time an attempt fails -
 * transport error, an HTTP error status other than 410, a malformed or
 * truncated stream, a non-410 ERROR event - before the watch backs off and
 * retries; err is only valid during the call. For logging: the watch
 * recovers by itself. */
typedef void (*kc_watch_error_cb)(const kc_error *err, void *userdata);
void kc_watch_set_error_cb(kc_watch *w, kc_watch_error_cb on_error);
/* The last resourceVersion the watch saw ("" if none yet). */
const char *kc_watch_resource_version(const kc_watch *w);
/* Stops and frees the watch; no callback runs after this returns. Safe to call
 * from inside the watch's own callbacks. */
void kc_watch_stop(kc_watch *w);

#endif
