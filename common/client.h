/* client.h - the Kubernetes API client: libcurl's multi interface driven by a
 * libevent loop (one loop per process; the client never blocks it).
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
 * in flight without calling any callback. */
#ifndef KC_CLIENT_H
#define KC_CLIENT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

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
	char *token;     /* bearer token */
	char *username;  /* basic auth (kubeconfig allows it; kc sends it if set) */
	char *password;
	bool insecure_skip_tls_verify;
	char *namespace;  /* the context's namespace; "default" when unset */
	char *user_agent; /* "kc/0.1.0"; the component name for daemons */
	long connect_timeout_ms; /* 0: 10 s */
	long request_timeout_ms; /* whole request, not watches; 0: none */
} kc_client_config;

void kc_client_config_clear(kc_client_config *cfg);

typedef struct kc_client kc_client;

/* Makes a client on base. Fails (with err) when the config is unusable: no
 * server, unreadable CA/cert/key files. */
kc_client *kc_client_new(struct event_base *base, const kc_client_config *cfg, kc_error *err);
void kc_client_free(kc_client *c);
const kc_client_config *kc_client_get_config(const kc_client *c);

typedef struct kc_response {
	long status;     /* HTTP status; 0 when no answer came (err says why) */
	cJSON *body;     /* the body parsed as JSON, or NULL */
	char *raw;       /* the raw body, NUL-terminated ("" when empty) */
	size_t raw_len;
	char *content_type;
	char **warnings; /* NULL-terminated values of Warning headers, or NULL */
	/* Transport failure (status 0: "dial tcp 127.0.0.1:6443: connection
	 * refused" style), or for status >= 400 the server's Status message; the
	 * Status object itself is body. code is -ECONNREFUSED, -ETIMEDOUT, -EIO… for
	 * transport errors and -EPROTO for HTTP errors. */
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

/* ---- watches ---- */

typedef enum kc_watch_event_type {
	KC_WATCH_ADDED,
	KC_WATCH_MODIFIED,
	KC_WATCH_DELETED,
	KC_WATCH_BOOKMARK,
	KC_WATCH_ERROR, /* object is a Status; a 410 never reaches on_event (on_gone runs instead) */
} kc_watch_event_type;

const char *kc_watch_event_type_name(kc_watch_event_type t); /* "ADDED"… */

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
 * added) from resource_version ("" or NULL: from now). When the stream ends or
 * the connection fails, the watch reconnects by itself (with back-off on
 * errors) from the last resourceVersion it saw, from events and bookmarks, so
 * the caller sees each event once. */
kc_watch *kc_client_watch(kc_client *c, const char *path, const char *resource_version,
			  kc_watch_event_cb on_event, kc_watch_gone_cb on_gone, void *userdata);
/* The last resourceVersion the watch saw ("" if none yet). */
const char *kc_watch_resource_version(const kc_watch *w);
/* Stops and frees the watch; no callback runs after this returns. Safe to call
 * from inside the watch's own callbacks. */
void kc_watch_stop(kc_watch *w);

#endif
