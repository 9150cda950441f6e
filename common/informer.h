/* informer.h - a local cache of one API resource, kept up to date by list
 * then watch, with event handlers and indexes (client-go's
 * SharedIndexInformer, for one libevent loop).
 *
 *     kc_informer_config cfg = {.path = "/api/v1/pods", .resync_ms = 0};
 *     kc_informer *inf = kc_informer_new(base, client, &cfg, &err);
 *     kc_informer_add_index(inf, "node", pod_node_index, NULL);
 *     kc_informer_add_handlers(inf, &(kc_informer_handlers){
 *             .on_add = pod_added, .on_update = pod_updated,
 *             .on_delete = pod_deleted, .userdata = ctl});
 *     kc_informer_start(inf);
 *     ... the loop runs; handlers enqueue keys on a kc_queue ...
 *     const cJSON *pod = kc_informer_get(inf, "default/nginx");
 *
 * How it keeps up: it lists the resource (in pages of page_size, joined
 * before anything is applied, falling back to one full list when a continue
 * token has expired), replaces the cache with the result and reports
 * has_synced, then watches from the list's resourceVersion. A watch stream
 * that ends or breaks is resumed by the client from the last
 * resourceVersion (no relist). When the server says 410 Gone (history
 * compacted), the informer relists and compares the new list with the
 * cache: on_add for new objects, on_update for objects whose
 * resourceVersion changed, on_delete (with the last known state, client-go's
 * DeletedFinalStateUnknown simplified) for objects gone while it was away;
 * unchanged objects get no call. A failed list is retried with exponential
 * back-off and jitter (client-go's reflector: 800 ms doubling to 30 s).
 * With resync_ms set, every resync_ms the informer calls
 * on_update(obj, obj) for every cached object so that level-triggered
 * controllers re-check them.
 *
 * Keys are "namespace/name", or "name" for cluster-scoped objects
 * (client-go's MetaNamespaceKeyFunc; see kc_informer_key()).
 *
 * Objects in list responses carry no kind and apiVersion (as upstream's);
 * the informer fills them in from the list's, so cached objects always have
 * both, whichever way they arrived.
 *
 * Memory: the informer owns every cached object. Objects handed to handlers
 * and returned by lookups are borrowed: a handler's objects are valid for
 * the duration of the call; a lookup's until the informer next changes its
 * cache, which happens only from the loop, so they are safe to use until
 * the current callback returns. Do not modify them, and do not keep
 * pointers past the current loop iteration: cJSON_Duplicate() what you
 * keep (or keep the key and look it up again). Arrays returned by the list
 * functions are the caller's to free (free(), not their elements).
 *
 * Callbacks run from the loop (from the client's watch and request
 * callbacks, or from the informer's own timers). A handler may call any
 * lookup, start requests, add keys to work queues, add handlers or indexes;
 * it must not call kc_informer_free() on the informer that called it. */
#ifndef KC_INFORMER_H
#define KC_INFORMER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client.h"
#include "error.h"

struct event_base;

typedef struct kc_informer kc_informer;

typedef struct kc_informer_config {
	/* The list path: "/api/v1/pods", "/api/v1/namespaces/kube-system/pods",
	 * "/apis/apps/v1/deployments". It may carry query parameters already
	 * escaped ("?labelSelector=app%3Dweb"). Required. */
	const char *path;
	/* Selectors, unescaped ("app=web,tier!=db", "spec.nodeName=node-1");
	 * NULL or "" for none. Applied to the list and the watch alike. */
	const char *label_selector;
	const char *field_selector;
	/* Items per list page: 0 means 500 (client-go's pager), < 0 no paging. */
	int page_size;
	/* Resync period in ms; 0: never. */
	uint64_t resync_ms;
	/* List retry back-off: initial doubling to max, plus up to 100% jitter;
	 * 0: 800 ms and 30 s. Tests make them short. */
	uint64_t list_backoff_initial_ms;
	uint64_t list_backoff_max_ms;
	/* Optional: told about every failed list and every failed watch attempt
	 * (err valid only during the call), for logging; the informer retries
	 * by itself. */
	void (*on_error)(const kc_error *err, void *userdata);
	void *error_userdata;
} kc_informer_config;

/* One set of event handlers; every member may be NULL. Objects are borrowed
 * for the duration of the call (see "Memory" above). */
typedef struct kc_informer_handlers {
	void (*on_add)(const cJSON *obj, void *userdata);
	/* old_obj and new_obj are the same pointer for a resync. */
	void (*on_update)(const cJSON *old_obj, const cJSON *new_obj, void *userdata);
	void (*on_delete)(const cJSON *obj, void *userdata);
	/* Once, after the first list is in the cache and its on_adds ran (the
	 * moment has_synced becomes true; at once if it already is). */
	void (*on_synced)(void *userdata);
	void *userdata;
} kc_informer_handlers;

/* Makes an informer for cfg->path; base must be the loop client runs on.
 * cfg is copied. Does not start it. Returns NULL with err for a config
 * without path. */
kc_informer *kc_informer_new(struct event_base *base, kc_client *client, const kc_informer_config *cfg,
                             kc_error *err);
/* Stops watching, cancels timers, frees the cache. No callback runs after
 * this returns. NULL is fine. Not from inside the informer's own handlers.
 * A list request still in flight keeps a small context alive until its
 * answer arrives (client.h cannot cancel one request); freeing the client
 * first loses that context. */
void kc_informer_free(kc_informer *inf);

/* Starts listing (the first request goes out at once). Returns -EALREADY if
 * started, or the client's error if the request cannot be made. */
int kc_informer_start(kc_informer *inf);

/* Registers handlers (copied). If the cache already holds objects, on_add
 * runs for each of them (in key order) before this returns, and on_synced
 * too if the informer has synced, as client-go replays to late handlers. */
void kc_informer_add_handlers(kc_informer *inf, const kc_informer_handlers *h);

/* True once the first list has been applied to the cache. */
bool kc_informer_has_synced(const kc_informer *inf);
/* The last resourceVersion seen (from the list, events or bookmarks); ""
 * before the first list. Borrowed. */
const char *kc_informer_resource_version(const kc_informer *inf);

/* ---- indexes ---- */

/* Collects the values an index function gives for one object. */
typedef struct kc_index_values kc_index_values;
/* Adds one value (copied; duplicates are ignored). */
void kc_index_values_add(kc_index_values *out, const char *value);

/* Computes the zero or more index values of obj (borrowed) into out. Must
 * be a pure function of obj. */
typedef void (*kc_informer_index_fn)(const cJSON *obj, kc_index_values *out, void *userdata);

/* Adds a named index (the name is copied); objects already cached are
 * indexed at once. Returns -EEXIST if the name is taken. */
int kc_informer_add_index(kc_informer *inf, const char *name, kc_informer_index_fn fn, void *userdata);
/* An index function: metadata.namespace (client-go's NamespaceIndex). */
void kc_informer_index_namespace(const cJSON *obj, kc_index_values *out, void *userdata);

/* ---- lookups (borrowed objects, see "Memory" above) ---- */

/* "namespace/name", or "name" when metadata.namespace is absent or empty;
 * NULL when obj has no metadata.name. The caller frees it. */
char *kc_informer_key(const cJSON *obj);

/* The object with that key, or NULL. */
const cJSON *kc_informer_get(const kc_informer *inf, const char *key);
/* The same by namespace (NULL for cluster-scoped) and name. */
const cJSON *kc_informer_get_by_name(const kc_informer *inf, const char *ns, const char *name);
/* Number of cached objects. */
size_t kc_informer_len(const kc_informer *inf);
/* Every cached object, in key order, as a new array the caller frees
 * (NULL when empty); *ret_n gets the count. */
const cJSON **kc_informer_list(const kc_informer *inf, size_t *ret_n);
/* The objects whose index function gave value, in key order (NULL when
 * none, or for an unknown index). */
const cJSON **kc_informer_by_index(const kc_informer *inf, const char *index, const char *value,
                                   size_t *ret_n);

/* Counters for /metrics and tests. */
typedef struct kc_informer_stats {
	uint64_t lists;         /* list requests sent (pages count one each) */
	uint64_t list_failures; /* list requests that failed */
	uint64_t relists;       /* relists after a 410 Gone */
	uint64_t events;        /* watch events applied (bookmarks excluded) */
	uint64_t resyncs;       /* resync rounds */
} kc_informer_stats;

void kc_informer_get_stats(const kc_informer *inf, kc_informer_stats *ret);

#endif
