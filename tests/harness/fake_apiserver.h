/* fake_apiserver.h - a small programmable Kubernetes-like API server for
 * tests, on libevent's evhttp (plain HTTP on 127.0.0.1, a port the kernel
 * picks).
 *
 * This is a test double for kc-apiserver, which replaces it in the
 * integration tests: it exists so that the client, the informer and the
 * controllers built on them can be tested in one process and one event
 * loop, with the test steering what the server does (change objects, end
 * watch streams, compact history, fail requests) and counting what the
 * client asked for.
 *
 * What it serves, for each resource the test registers:
 *   GET {prefix}/{plural}                         list (all namespaces)
 *   GET {prefix}/namespaces/{ns}/{plural}         list one namespace
 *   GET {prefix}[/namespaces/{ns}]/{plural}/{name} one object
 *   ...?watch=1&resourceVersion=N                 watch stream
 * Lists honour limit/continue (upstream-style opaque base64 continue
 * tokens), labelSelector (k=v, k==v, k!=v, k, !k, comma-joined) and
 * fieldSelector (dotted.path=v, dotted.path!=v on string fields). Lists
 * always show the current state: the fake keeps no history of objects, only
 * an event log; a list's metadata.resourceVersion is the current revision
 * (or the revision its continue token was issued at).
 *
 * Watches replay the event log after resourceVersion (with rv "" or "0":
 * ADDED for every current object first, as upstream does), then stream
 * newline-delimited JSON events in a chunked response. With selectors, an
 * object that starts or stops matching is sent as ADDED or DELETED, as
 * upstream does. BOOKMARKs go to watches that asked allowWatchBookmarks.
 * timeoutSeconds ends the stream after that many seconds.
 *
 * resourceVersions come from one global revision counter, as etcd's
 * revision: every put and delete of any resource bumps it. After
 * kc_fake_apiserver_compact(), as upstream:
 *   - a watch from an older resourceVersion gets HTTP 200 then one ERROR
 *     event holding a 410 Status ("too old resource version: N (M)") and
 *     the stream ends;
 *   - a continue token issued before the compaction, and a list with
 *     limit or resourceVersionMatch=Exact at an older resourceVersion, get
 *     HTTP 410 with an Expired Status.
 *
 * Ownership: the server copies what it is given; pointers it returns are
 * borrowed and valid until the next call that changes its state. Every
 * function must be called from the loop's thread. Writes over HTTP (POST,
 * PUT, DELETE) are not served (405): tests change state through the calls
 * below. */
#ifndef KC_FAKE_APISERVER_H
#define KC_FAKE_APISERVER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

struct event_base;

typedef struct kc_fake_apiserver kc_fake_apiserver;

/* Starts serving on 127.0.0.1 at a free port, on base. Returns NULL and
 * fills err if the socket cannot be bound. */
kc_fake_apiserver *kc_fake_apiserver_new(struct event_base *base, kc_error *err);
/* Ends every stream, closes every connection and frees everything. NULL is
 * fine. */
void kc_fake_apiserver_free(kc_fake_apiserver *s);

int kc_fake_apiserver_port(const kc_fake_apiserver *s);
/* "http://127.0.0.1:<port>" (owned by the server). */
const char *kc_fake_apiserver_url(const kc_fake_apiserver *s);

/* Serves a resource: prefix is "/api/v1" or "/apis/<group>/<version>",
 * plural the URL segment ("pods"), kind the object kind ("Pod"). Returns
 * -EEXIST if plural is already served under prefix, -EINVAL for a prefix
 * that is not of those forms. */
int kc_fake_apiserver_add_resource(kc_fake_apiserver *s, const char *prefix, const char *plural,
                                   const char *kind, bool namespaced);

/* Creates or replaces an object of the resource named by plural (the
 * first resource registered with that plural). obj is copied; the copy gets
 * kind and apiVersion, metadata.namespace "default" if it is namespaced and
 * has none, a metadata.uid if it has none, and metadata.resourceVersion set
 * to the new revision. Emits ADDED or MODIFIED. Returns the new revision in
 * *ret_rev (may be NULL); -ENOENT for an unknown plural, -EINVAL for an
 * object without metadata.name. */
int kc_fake_apiserver_put(kc_fake_apiserver *s, const char *plural, const cJSON *obj, uint64_t *ret_rev);
/* Deletes an object (namespace NULL for cluster-scoped ones), emitting
 * DELETED with its last state stamped with the deletion's revision.
 * Returns -ENOENT if there is no such object. */
int kc_fake_apiserver_delete(kc_fake_apiserver *s, const char *plural, const char *namespace,
                             const char *name, uint64_t *ret_rev);
/* The stored object, or NULL (borrowed). */
const cJSON *kc_fake_apiserver_get(const kc_fake_apiserver *s, const char *plural, const char *namespace,
                                   const char *name);

/* The current revision (0 before the first write). */
uint64_t kc_fake_apiserver_revision(const kc_fake_apiserver *s);
/* Forgets the event log up to the current revision: watches and continue
 * tokens from before now get 410 Gone. */
void kc_fake_apiserver_compact(kc_fake_apiserver *s);
/* Ends every watch stream cleanly (the terminating chunk), as an apiserver
 * does when a watch times out; clients reconnect. */
void kc_fake_apiserver_end_watches(kc_fake_apiserver *s);
/* Sends a BOOKMARK at the current revision to every watch that allows them. */
void kc_fake_apiserver_bookmark(kc_fake_apiserver *s);

typedef enum kc_fake_request_kind {
	KC_FAKE_LIST,
	KC_FAKE_WATCH,
	KC_FAKE_GET,
	KC_FAKE_REQUEST_KINDS,
} kc_fake_request_kind;

/* The next count requests of that kind are answered with status (e.g. 500,
 * 503, 410, 403) and a Status body whose message says the failure was
 * injected. Replaces an earlier setting for that kind. */
void kc_fake_apiserver_fail_next(kc_fake_apiserver *s, kc_fake_request_kind kind, int status, unsigned count);

typedef struct kc_fake_apiserver_stats {
	unsigned requests[KC_FAKE_REQUEST_KINDS]; /* received, failed ones included */
	unsigned active_watches;                  /* streams open now */
	unsigned other;                           /* 404s, 405s and bad requests */
} kc_fake_apiserver_stats;

void kc_fake_apiserver_get_stats(const kc_fake_apiserver *s, kc_fake_apiserver_stats *ret);

/* Every request received, in order, as "GET /api/v1/pods?limit=2" (the
 * target exactly as sent). Borrowed; *ret_n gets the count. */
const char *const *kc_fake_apiserver_requests(const kc_fake_apiserver *s, size_t *ret_n);
/* The last request of that kind, or NULL (borrowed). */
const char *kc_fake_apiserver_last_request(const kc_fake_apiserver *s, kc_fake_request_kind kind);

#endif
