/* cache.h - the watch cache: one per storage resource, fed by one etcd watch,
 * holding every object's current version and a ring of recent events. Lists
 * at resourceVersion "0" and every client watch are served from it, so a
 * thousand watchers cost one etcd watch.
 *
 * Objects are kept as the JSON served to clients (resourceVersion in) plus a
 * small "selectable" projection (metadata name/namespace/labels and the
 * resource's field-selector fields) for label and field selectors, not as a
 * parsed tree: this keeps the memory per object close to its JSON size.
 *
 * Versions are refcounted: an object version stays alive while the current
 * state or an event in the ring refers to it. */
#ifndef KC_APISERVER_CACHE_H
#define KC_APISERVER_CACHE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apiserver/etcd.h"
#include "apiserver/selectable.h"
#include "common/fieldselector.h"
#include "common/resource.h"

struct event_base;

typedef struct api_cobj {
	int refs;
	char *key;  /* "ns/name", or "name" for cluster-scoped resources */
	char *ns;   /* "" for cluster-scoped; points into key's allocation */
	char *name; /* points into key */
	char *json; /* the object as served, resourceVersion included */
	size_t len;
	int64_t rev;
	api_selectable *selectable; /* labels and field-selector fields */
} api_cobj;

api_cobj *api_cobj_ref(api_cobj *o);
void api_cobj_unref(api_cobj *o);
/* The object parsed (caller deletes). */
cJSON *api_cobj_parse(const api_cobj *o);

typedef enum { API_EV_ADDED, API_EV_MODIFIED, API_EV_DELETED } api_event_type;

typedef struct api_cevent {
	api_event_type type; /* as stored: MODIFIED also for a create over nothing? no: ADDED */
	api_cobj *obj;       /* the new version; for DELETED the last version with the deletion's rev */
	api_cobj *prev;      /* the version before (NULL for ADDED) */
	int64_t rev;
	char *lines[3];      /* memoised "{\"type\":...,\"object\":...}\n" per api_event_type */
} api_cevent;

/* The watch-stream line for ev sent as type t (a watcher with selectors may
 * see a MODIFIED as ADDED or DELETED). Owned by the event. */
const char *api_cevent_line(api_cevent *ev, api_event_type t, size_t *ret_len);

typedef struct api_cache api_cache;
typedef struct api_cache_sub api_cache_sub;

/* Called for every event, in revision order, after the cache applied it. */
typedef void (*api_cache_listener)(api_cevent *ev, void *userdata);
/* Called when the cache restarted from a fresh list (after etcd compacted
 * past it): watchers must end their streams so clients resume or relist. */
typedef void (*api_cache_reset_cb)(void *userdata);

/* fields: the kind's field-selector table. history: events kept. */
api_cache *api_cache_new(struct event_base *base, api_etcd *etcd, const char *prefix, const kc_resource *r,
			 const kc_fieldsel_table *fields, size_t history);
void api_cache_free(api_cache *c);

/* Lists then watches; retries with back-off while etcd is unreachable. */
void api_cache_start(api_cache *c);
bool api_cache_ready(const api_cache *c);
/* The revision the cache reflects (all events up to it applied). */
int64_t api_cache_rev(const api_cache *c);
/* The oldest revision a watch may start from: events after it are kept. */
int64_t api_cache_history_start(const api_cache *c);
const kc_resource *api_cache_resource(const api_cache *c);

api_cobj *api_cache_get(const api_cache *c, const char *key); /* borrowed; NULL if absent */
size_t api_cache_size(const api_cache *c);
/* Current objects, optionally only in namespace ns (NULL: all), sorted by
 * key as etcd returns them. Returns a new array of borrowed pointers (valid
 * until the loop runs again); caller frees the array. */
api_cobj **api_cache_list(const api_cache *c, const char *ns, size_t *ret_n);

/* Calls fn for each event with rev > from_rev. Returns 0, -ESTALE when
 * from_rev is older than the history kept (410 Gone), or -EAGAIN when
 * from_rev is newer than the cache (wait and retry). */
int api_cache_events_since(api_cache *c, int64_t from_rev, api_cache_listener fn, void *userdata);

api_cache_sub *api_cache_subscribe(api_cache *c, api_cache_listener on_event, api_cache_reset_cb on_reset,
				   void *userdata);
void api_cache_unsubscribe(api_cache_sub *s);
size_t api_cache_subscribers(const api_cache *c);

#endif
