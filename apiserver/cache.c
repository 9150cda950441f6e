/* cache.c - the watch cache (see cache.h).
 *
 * States: LISTING (initial or after a compaction: one range of the prefix),
 * then WATCHING from the list's revision + 1. A broken watch is resumed from
 * the last applied revision with back-off; a watch refused because etcd
 * compacted past it means events were lost, so the cache lists again and
 * tells its subscribers to end their streams (clients resume or get 410). */
#include "cache.h"

#include <errno.h>
#include <event2/event.h>
#include <inttypes.h>

#include "apiserver/objects.h"
#include "common/map.h"
#include "common/util.h"
#include "banned.h"

struct api_cache_sub {
	api_cache *c;
	api_cache_listener on_event;
	api_cache_reset_cb on_reset;
	void *userdata;
	bool removed;
	api_cache_sub *next;
};

struct api_cache {
	struct event_base *base;
	api_etcd *etcd;
	char *prefix; /* "/registry/pods/" */
	const kc_resource *res;
	const kc_fieldsel_table *fields;
	kc_map *objects; /* key -> api_cobj (one reference) */
	api_cevent *ring;
	size_t cap, head, count; /* head: index of the oldest event */
	int64_t rev, history_start;
	bool ready;
	bool listing;
	etcd_watch *watch;
	struct event *retry;
	int backoff_ms;
	api_cache_sub *subs;
	int dispatching; /* > 0 while listeners run: unsubscribes are deferred */
	bool *alive;     /* cleared by api_cache_free, for callbacks that free us */
};

/* ---- objects ---- */

api_cobj *api_cobj_ref(api_cobj *o)
{
	if (o)
		o->refs++;
	return o;
}

void api_cobj_unref(api_cobj *o)
{
	if (!o || --o->refs > 0)
		return;
	free(o->key); /* ns and name point into it */
	free(o->json);
	free(o->selectable);
	free(o);
}

static void unref_value(void *p) { api_cobj_unref(p); }

cJSON *api_cobj_parse(const api_cobj *o) { return cJSON_ParseWithLength(o->json, o->len); }

/* A version from stored JSON (no resourceVersion) at revision rev. */
static api_cobj *cobj_new(api_cache *c, const char *key, const char *stored, size_t len, int64_t rev)
{
	size_t out_len = 0;
	char *json = api_obj_inject_rv(stored, len, rev, &out_len);
	_cleanup_json_ cJSON *obj = cJSON_ParseWithLength(stored, len);
	if (!json || !obj) {
		free(json);
		return NULL; /* not an object: written around the apiserver; skipped */
	}
	api_cobj *o = xcalloc(1, sizeof(*o));
	o->refs = 1;
	/* key, ns and name share one allocation: "ns/name\0ns\0". */
	const char *slash = c->res->namespaced ? strchr(key, '/') : NULL;
	size_t key_len = strlen(key), ns_len = slash ? (size_t)(slash - key) : 0;
	o->key = xmalloc(key_len + 1 + ns_len + 1);
	memcpy(o->key, key, key_len + 1);
	o->ns = o->key + key_len + 1;
	memcpy(o->ns, key, ns_len);
	o->ns[ns_len] = '\0';
	o->name = slash ? o->key + ns_len + 1 : o->key;
	o->json = json;
	o->len = out_len;
	o->rev = rev;
	o->selectable = api_selectable_new(obj, c->fields);
	return o;
}

/* ---- events ---- */

const char *api_cevent_line(api_cevent *ev, api_event_type t, size_t *ret_len)
{
	static const char *const names[] = {"ADDED", "MODIFIED", "DELETED"};
	if (!ev->lines[t]) {
		kc_buf b = KC_BUF_INIT;
		kc_buf_grow(&b, ev->obj->len + 40);
		kc_buf_addf(&b, "{\"type\":\"%s\",\"object\":", names[t]);
		kc_buf_add(&b, ev->obj->json, ev->obj->len);
		kc_buf_addstr(&b, "}\n");
		ev->lines[t] = kc_buf_release(&b);
	}
	if (ret_len)
		*ret_len = strlen(ev->lines[t]);
	return ev->lines[t];
}

static void event_clear(api_cevent *ev)
{
	api_cobj_unref(ev->obj);
	api_cobj_unref(ev->prev);
	for (size_t i = 0; i < KC_ARRAY_SIZE(ev->lines); i++)
		free(ev->lines[i]);
	memset(ev, 0, sizeof(*ev));
}

static void ring_clear(api_cache *c)
{
	for (size_t i = 0; i < c->count; i++)
		event_clear(&c->ring[(c->head + i) % c->cap]);
	c->head = c->count = 0;
}

static api_cevent *ring_push(api_cache *c)
{
	if (c->count == c->cap) {
		api_cevent *old = &c->ring[c->head];
		c->history_start = old->rev;
		event_clear(old);
		c->head = (c->head + 1) % c->cap;
		c->count--;
	}
	api_cevent *ev = &c->ring[(c->head + c->count) % c->cap];
	c->count++;
	return ev;
}

static void sweep_subs(api_cache *c)
{
	api_cache_sub **pp = &c->subs;
	while (*pp) {
		api_cache_sub *s = *pp;
		if (s->removed) {
			*pp = s->next;
			free(s);
		} else {
			pp = &s->next;
		}
	}
}

static void notify(api_cache *c, api_cevent *ev)
{
	c->dispatching++;
	for (api_cache_sub *s = c->subs; s; s = s->next)
		if (!s->removed)
			s->on_event(ev, s->userdata);
	if (--c->dispatching == 0)
		sweep_subs(c);
}

static void notify_reset(api_cache *c)
{
	c->dispatching++;
	for (api_cache_sub *s = c->subs; s; s = s->next)
		if (!s->removed && s->on_reset)
			s->on_reset(s->userdata);
	if (--c->dispatching == 0)
		sweep_subs(c);
}

/* ---- list + watch ---- */

static void start_list(api_cache *c);
static void start_watch(api_cache *c);

static void retry_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	api_cache *c = arg;
	if (!c->ready || c->listing)
		start_list(c);
	else
		start_watch(c);
}

static void schedule_retry(api_cache *c)
{
	c->backoff_ms = c->backoff_ms ? c->backoff_ms * 2 : 100;
	if (c->backoff_ms > 5000)
		c->backoff_ms = 5000;
	struct timeval tv = {c->backoff_ms / 1000, (c->backoff_ms % 1000) * 1000};
	evtimer_add(c->retry, &tv);
}

static const char *key_of(api_cache *c, const char *etcd_key)
{
	size_t n = strlen(c->prefix);
	return strncmp(etcd_key, c->prefix, n) == 0 ? etcd_key + n : NULL;
}

static void apply_event(api_cache *c, const etcd_event *e)
{
	const char *key = key_of(c, e->kv.key);
	if (!key || !key[0])
		return;
	int64_t rev = e->kv.mod_revision;
	api_cevent tmp = {.rev = rev};
	if (e->type == ETCD_EVENT_PUT) {
		tmp.obj = cobj_new(c, key, e->kv.value, e->kv.value_len, rev);
		if (!tmp.obj)
			return;
		tmp.prev = kc_map_take(c->objects, key);
		tmp.type = tmp.prev ? API_EV_MODIFIED : API_EV_ADDED;
		kc_map_put(c->objects, key, api_cobj_ref(tmp.obj));
	} else {
		tmp.prev = kc_map_take(c->objects, key);
		/* The deleted object as last stored, with the deletion's
		 * revision, so a client resuming after it never sees it again. */
		if (e->prev_kv.value_len)
			tmp.obj = cobj_new(c, key, e->prev_kv.value, e->prev_kv.value_len, rev);
		if (!tmp.obj && tmp.prev)
			tmp.obj = api_cobj_ref(tmp.prev);
		if (!tmp.obj)
			return; /* never seen and no previous value: nothing to tell */
		tmp.type = API_EV_DELETED;
	}
	api_cevent *ev = ring_push(c);
	*ev = tmp;
	if (rev > c->rev)
		c->rev = rev;
	notify(c, ev);
}

static void on_watch_events(const etcd_event *events, size_t n, int64_t revision, void *userdata)
{
	api_cache *c = userdata;
	bool alive = true;
	c->alive = &alive;
	c->backoff_ms = 0;
	for (size_t i = 0; i < n && alive; i++)
		apply_event(c, &events[i]);
	if (!alive)
		return;
	c->alive = NULL;
	/* A progress notification: everything up to revision was sent. */
	if (n == 0 && revision > c->rev)
		c->rev = revision;
}

static void on_watch_end(int err, int64_t compact_revision, const char *msg, void *userdata)
{
	(void)compact_revision;
	(void)msg;
	api_cache *c = userdata;
	etcd_watch_stop(c->watch);
	c->watch = NULL;
	if (err == -ENOENT) {
		/* Events between our revision and the compaction are gone. */
		c->listing = true;
		start_list(c);
		return;
	}
	schedule_retry(c);
}

static void start_watch(api_cache *c)
{
	c->watch = etcd_watch_start(c->etcd, c->prefix, c->rev + 1, on_watch_events, on_watch_end, c);
	if (!c->watch)
		schedule_retry(c);
}

static void on_list(etcd_result *res, void *userdata)
{
	api_cache *c = userdata;
	if (res->err) {
		schedule_retry(c);
		return;
	}
	bool relist = c->ready;
	kc_map_clear(c->objects);
	for (size_t i = 0; i < res->nkvs; i++) {
		const char *key = key_of(c, res->kvs[i].key);
		if (!key || !key[0])
			continue;
		api_cobj *o = cobj_new(c, key, res->kvs[i].value, res->kvs[i].value_len, res->kvs[i].mod_revision);
		if (o)
			kc_map_put(c->objects, key, o);
	}
	ring_clear(c);
	c->rev = c->history_start = res->revision;
	c->ready = true;
	c->listing = false;
	c->backoff_ms = 0;
	start_watch(c);
	if (relist)
		notify_reset(c);
}

static void start_list(api_cache *c)
{
	_cleanup_free_ char *end = etcd_prefix_end(c->prefix);
	etcd_range(c->etcd, c->prefix, end, 0, 0, false, on_list, c);
}

/* ---- public ---- */

api_cache *api_cache_new(struct event_base *base, api_etcd *etcd, const char *prefix, const kc_resource *r,
			 const kc_fieldsel_table *fields, size_t history)
{
	api_cache *c = xcalloc(1, sizeof(*c));
	c->base = base;
	c->etcd = etcd;
	c->prefix = xstrdup(prefix);
	c->res = r;
	c->fields = fields;
	c->objects = kc_map_new(unref_value);
	c->cap = history ? history : 1000;
	c->ring = xcalloc(c->cap, sizeof(*c->ring));
	c->retry = evtimer_new(base, retry_cb, c);
	return c;
}

void api_cache_free(api_cache *c)
{
	if (!c)
		return;
	if (c->alive)
		*c->alive = false;
	etcd_watch_stop(c->watch);
	event_free(c->retry);
	ring_clear(c);
	free(c->ring);
	kc_map_free(c->objects);
	while (c->subs) {
		api_cache_sub *s = c->subs;
		c->subs = s->next;
		free(s);
	}
	free(c->prefix);
	free(c);
}

void api_cache_start(api_cache *c)
{
	c->listing = true;
	start_list(c);
}

bool api_cache_ready(const api_cache *c) { return c->ready; }
int64_t api_cache_rev(const api_cache *c) { return c->rev; }
int64_t api_cache_history_start(const api_cache *c) { return c->history_start; }
const kc_resource *api_cache_resource(const api_cache *c) { return c->res; }
size_t api_cache_size(const api_cache *c) { return kc_map_size(c->objects); }

api_cobj *api_cache_get(const api_cache *c, const char *key) { return kc_map_get(c->objects, key); }

static int cmp_cobj(const void *a, const void *b)
{
	return strcmp((*(api_cobj *const *)a)->key, (*(api_cobj *const *)b)->key);
}

api_cobj **api_cache_list(const api_cache *c, const char *ns, size_t *ret_n)
{
	api_cobj **out = xcalloc(kc_map_size(c->objects) + 1, sizeof(*out));
	size_t n = 0;
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(c->objects, &it)) {
		api_cobj *o = it.value;
		if (!ns || !ns[0] || streq(o->ns, ns))
			out[n++] = o;
	}
	qsort(out, n, sizeof(*out), cmp_cobj);
	*ret_n = n;
	return out;
}

int api_cache_events_since(api_cache *c, int64_t from_rev, api_cache_listener fn, void *userdata)
{
	if (from_rev < c->history_start)
		return -ESTALE;
	if (from_rev > c->rev)
		return -EAGAIN;
	for (size_t i = 0; i < c->count; i++) {
		api_cevent *ev = &c->ring[(c->head + i) % c->cap];
		if (ev->rev > from_rev)
			fn(ev, userdata);
	}
	return 0;
}

api_cache_sub *api_cache_subscribe(api_cache *c, api_cache_listener on_event, api_cache_reset_cb on_reset,
				   void *userdata)
{
	api_cache_sub *s = xcalloc(1, sizeof(*s));
	s->c = c;
	s->on_event = on_event;
	s->on_reset = on_reset;
	s->userdata = userdata;
	s->next = c->subs;
	c->subs = s;
	return s;
}

void api_cache_unsubscribe(api_cache_sub *s)
{
	if (!s)
		return;
	s->removed = true;
	if (s->c->dispatching == 0)
		sweep_subs(s->c);
}

size_t api_cache_subscribers(const api_cache *c)
{
	size_t n = 0;
	for (const api_cache_sub *s = c->subs; s; s = s->next)
		n += !s->removed;
	return n;
}
