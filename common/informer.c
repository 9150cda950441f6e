/* informer.c - list then watch one resource into a cache (see informer.h).
 *
 * States: not started; listing (one list request in flight, pages of it
 * gathered in `pending`); waiting to retry a failed list (retry_timer);
 * watching (one kc_watch, which reconnects by itself). A 410 from the
 * watch goes back to listing, with the cache kept (and served) until the
 * new list replaces it. */
#include "informer.h"

#include <errno.h>
#include <event2/event.h>
#include <event2/http.h>
#include <stdarg.h>
#include <time.h>

#include "map.h"
#include "util.h"

#include "banned.h"

#define DEFAULT_PAGE_SIZE          500
#define DEFAULT_BACKOFF_INITIAL_MS 800
#define DEFAULT_BACKOFF_MAX_MS     30000

struct kc_index_values {
	char **v;
	size_t n;
};

typedef struct index_def {
	char *name;
	kc_informer_index_fn fn;
	void *userdata;
	kc_map *values; /* index value -> kc_map (set: key -> (void *)1) */
} index_def;

struct kc_informer {
	struct event_base *base;
	kc_client *client;
	char *path;    /* list path with the selectors, escaped */
	int page_size; /* 0: no paging */
	uint64_t resync_ms;
	uint64_t backoff_initial_ms, backoff_max_ms;
	void (*on_error)(const kc_error *err, void *userdata);
	void *error_userdata;

	kc_map *cache; /* key -> cJSON * (owned) */
	index_def *indexes;
	size_t n_indexes;
	kc_informer_handlers *handlers;
	size_t n_handlers;

	bool started, synced;
	char *rv; /* last resourceVersion seen */

	kc_client_req *listing; /* the list request in flight, or NULL (cancelled on free) */
	bool list_continued;    /* it carried a continue token */
	cJSON *pending;        /* items of the pages so far */
	bool no_paging_once;   /* next list in one piece: a continue token expired */
	unsigned list_retries; /* failed lists in a row, for the back-off */
	struct event *retry_timer;
	kc_watch *watch;
	struct event *resync_timer;
	uint64_t rng;

	kc_informer_stats stats;
};

static void list_start(kc_informer *inf, const char *cont);

static void report(kc_informer *inf, int code, const char *fmt, ...) KC_PRINTF(3, 4);
static void report(kc_informer *inf, int code, const char *fmt, ...)
{
	if (!inf->on_error)
		return;
	kc_error err = KC_ERROR_INIT;
	va_list ap;
	va_start(ap, fmt);
	kc_error_vset(&err, code, fmt, ap);
	va_end(ap);
	inf->on_error(&err, inf->error_userdata);
}

static void json_free(void *p)
{
	cJSON_Delete(p);
}

static void map_free(void *p)
{
	kc_map_free(p);
}

static const char *meta_str(const cJSON *obj, const char *field)
{
	const cJSON *v =
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), field);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void set_rv(kc_informer *inf, const char *rv)
{
	if (rv && *rv && !streq(inf->rv, rv)) {
		free(inf->rv);
		inf->rv = xstrdup(rv);
	}
}

char *kc_informer_key(const cJSON *obj)
{
	const char *name = meta_str(obj, "name");
	if (!name || !*name)
		return NULL;
	const char *ns = meta_str(obj, "namespace");
	return ns && *ns ? xasprintf("%s/%s", ns, name) : xstrdup(name);
}

/* ---- indexes ---- */

void kc_index_values_add(kc_index_values *out, const char *value)
{
	for (size_t i = 0; i < out->n; i++)
		if (streq(out->v[i], value))
			return;
	out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	out->v[out->n++] = xstrdup(value);
}

static void index_values_clear(kc_index_values *out)
{
	for (size_t i = 0; i < out->n; i++)
		free(out->v[i]);
	free(out->v);
	*out = (kc_index_values){NULL, 0};
}

void kc_informer_index_namespace(const cJSON *obj, kc_index_values *out, void *userdata)
{
	(void)userdata;
	const char *ns = meta_str(obj, "namespace");
	if (ns)
		kc_index_values_add(out, ns);
}

static void index_one(index_def *d, const char *key, const cJSON *obj, bool add)
{
	kc_index_values vals = {NULL, 0};
	d->fn(obj, &vals, d->userdata);
	for (size_t i = 0; i < vals.n; i++) {
		kc_map *set = kc_map_get(d->values, vals.v[i]);
		if (add) {
			if (!set) {
				set = kc_map_new(NULL);
				kc_map_put(d->values, vals.v[i], set);
			}
			kc_map_put(set, key, (void *)1);
		} else if (set) {
			kc_map_del(set, key);
			if (kc_map_size(set) == 0)
				kc_map_del(d->values, vals.v[i]);
		}
	}
	index_values_clear(&vals);
}

static void index_update(kc_informer *inf, const char *key, const cJSON *obj, bool add)
{
	for (size_t i = 0; i < inf->n_indexes; i++)
		index_one(&inf->indexes[i], key, obj, add);
}

/* ---- the cache: every change goes through these two ---- */

/* Stores obj (taken) under key; returns the object it replaced (the
 * caller frees it) or NULL. */
static cJSON *cache_put(kc_informer *inf, const char *key, cJSON *obj)
{
	cJSON *old = kc_map_take(inf->cache, key);
	if (old)
		index_update(inf, key, old, false);
	kc_map_put(inf->cache, key, obj);
	index_update(inf, key, obj, true);
	return old;
}

/* Removes key; returns the object (the caller frees it) or NULL. */
static cJSON *cache_remove(kc_informer *inf, const char *key)
{
	cJSON *old = kc_map_take(inf->cache, key);
	if (old)
		index_update(inf, key, old, false);
	return old;
}

/* ---- handlers ---- */

enum { CH_ADD, CH_UPDATE, CH_DELETE };

static void dispatch(kc_informer *inf, int type, const cJSON *old_obj, const cJSON *new_obj)
{
	/* Copy each entry: a handler may add handlers (reallocating the array). */
	for (size_t i = 0; i < inf->n_handlers; i++) {
		kc_informer_handlers h = inf->handlers[i];
		if (type == CH_ADD && h.on_add)
			h.on_add(new_obj, h.userdata);
		else if (type == CH_UPDATE && h.on_update)
			h.on_update(old_obj, new_obj, h.userdata);
		else if (type == CH_DELETE && h.on_delete)
			h.on_delete(old_obj, h.userdata);
	}
}

static void dispatch_synced(kc_informer *inf)
{
	for (size_t i = 0; i < inf->n_handlers; i++) {
		kc_informer_handlers h = inf->handlers[i];
		if (h.on_synced)
			h.on_synced(h.userdata);
	}
}

/* ---- list ---- */

/* client-go's reflector back-off: initial doubling to max, then up to as
 * much again of random jitter so that many clients do not relist in step. */
static uint64_t list_backoff_ms(kc_informer *inf)
{
	uint64_t d = inf->backoff_initial_ms;
	for (unsigned i = 1; i < inf->list_retries && d < inf->backoff_max_ms; i++)
		d *= 2;
	if (d > inf->backoff_max_ms)
		d = inf->backoff_max_ms;
	/* xorshift64: jitter needs no quality, only no shared state. */
	inf->rng ^= inf->rng << 13;
	inf->rng ^= inf->rng >> 7;
	inf->rng ^= inf->rng << 17;
	return d + (d ? inf->rng % (d + 1) : 0);
}

static void list_retry_later(kc_informer *inf)
{
	inf->list_retries++;
	uint64_t ms = list_backoff_ms(inf);
	struct timeval tv = {(time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000};
	evtimer_add(inf->retry_timer, &tv);
}

static void retry_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	list_start(arg, NULL);
}

static void watch_start(kc_informer *inf);

/* Replaces the cache with the listed items (taken), then tells the
 * handlers what changed: adds and updates in list order, then deletes in
 * key order (as client-go's DeltaFIFO.Replace queues them). Objects whose
 * resourceVersion did not change get no call. The cache is complete before
 * the first handler runs, so handlers see the new state whole. */
static void replace(kc_informer *inf, cJSON *items)
{
	typedef struct change {
		int type;
		cJSON *old_obj; /* freed after dispatch */
		cJSON *new_obj; /* in the cache */
	} change;
	change *changes = NULL;
	size_t n = 0, cap = 0;
	kc_map *seen = kc_map_new(NULL);

#define PUSH_CHANGE(t, o, nw)                                                                                \
	do {                                                                                                 \
		if (n == cap) {                                                                              \
			cap = cap ? 2 * cap : 16;                                                            \
			changes = xrealloc(changes, cap * sizeof(*changes));                                 \
		}                                                                                            \
		changes[n++] = (change){(t), (o), (nw)};                                                     \
	} while (0)

	cJSON *item;
	while ((item = cJSON_DetachItemFromArray(items, 0))) {
		_cleanup_free_ char *key = kc_informer_key(item);
		if (!key || kc_map_has(seen, key)) {
			cJSON_Delete(item); /* no name, or listed twice: keep the first */
			continue;
		}
		kc_map_put(seen, key, (void *)1);
		const cJSON *cur = kc_map_get(inf->cache, key);
		if (!cur) {
			cache_put(inf, key, item);
			PUSH_CHANGE(CH_ADD, NULL, item);
		} else if (!streq_ptr(meta_str(cur, "resourceVersion"), meta_str(item, "resourceVersion")) ||
		           !meta_str(item, "resourceVersion")) {
			cJSON *old = cache_put(inf, key, item);
			PUSH_CHANGE(CH_UPDATE, old, item);
		} else {
			cJSON_Delete(item); /* unchanged: keep the cached one */
		}
	}
	size_t nkeys = 0;
	_cleanup_free_ const char **keys = kc_map_sorted_keys(inf->cache, &nkeys);
	char **gone = xcalloc(nkeys ? nkeys : 1, sizeof(*gone));
	size_t ngone = 0;
	for (size_t i = 0; i < nkeys; i++)
		if (!kc_map_has(seen, keys[i]))
			gone[ngone++] = xstrdup(keys[i]); /* keys[] dies with the entry */
	for (size_t i = 0; i < ngone; i++) {
		PUSH_CHANGE(CH_DELETE, cache_remove(inf, gone[i]), NULL);
		free(gone[i]);
	}
	free(gone);
	kc_map_free(seen);
#undef PUSH_CHANGE

	for (size_t i = 0; i < n; i++)
		dispatch(inf, changes[i].type, changes[i].old_obj, changes[i].new_obj);
	for (size_t i = 0; i < n; i++)
		cJSON_Delete(changes[i].old_obj);
	free(changes);
}

/* Gives list items the kind and apiVersion of their list ("PodList" ->
 * "Pod"), which typed lists leave out. */
static void fill_type(cJSON *item, const char *kind, const char *api_version)
{
	if (kind && !cJSON_GetObjectItemCaseSensitive(item, "kind"))
		cJSON_AddStringToObject(item, "kind", kind);
	if (api_version && !cJSON_GetObjectItemCaseSensitive(item, "apiVersion"))
		cJSON_AddStringToObject(item, "apiVersion", api_version);
}

static void list_done(kc_response *resp, void *userdata)
{
	kc_informer *inf = userdata;
	bool continued = inf->list_continued;
	inf->listing = NULL;

	if (resp->status == 410 && continued) {
		/* The continue token expired (compaction between pages): start
		 * over in one piece, as client-go's pager falls back to a full
		 * list. */
		cJSON_Delete(inf->pending);
		inf->pending = NULL;
		inf->no_paging_once = true;
		list_start(inf, NULL);
		return;
	}
	const cJSON *body = resp->body;
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(body, "items");
	if (resp->status != 200 || !cJSON_IsObject(body) ||
	    !(cJSON_IsArray(items) || cJSON_IsNull(items) || !items)) {
		inf->stats.list_failures++;
		if (resp->status == 0 || resp->status >= 400)
			report(inf, resp->err.code ? resp->err.code : -EIO, "failed to list %s: %s",
			       inf->path, resp->err.msg[0] ? resp->err.msg : "no answer");
		else
			report(inf, -EBADMSG, "failed to list %s: unexpected answer (HTTP %ld, not a list)",
			       inf->path, resp->status);
		cJSON_Delete(inf->pending);
		inf->pending = NULL;
		list_retry_later(inf);
		return;
	}

	/* Take this page's items. */
	cJSON *page = TAKE_PTR(resp->body);
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(page, "items");
	const char *list_kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(page, "kind"));
	const char *api_version = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(page, "apiVersion"));
	_cleanup_free_ char *kind = list_kind && str_endswith(list_kind, "List") && strlen(list_kind) > 4
	                                ? xstrndup(list_kind, strlen(list_kind) - 4)
	                                : NULL;
	if (!inf->pending)
		inf->pending = cJSON_CreateArray();
	cJSON *item;
	while (cJSON_IsArray(arr) && (item = cJSON_DetachItemFromArray(arr, 0))) {
		if (cJSON_IsObject(item)) {
			fill_type(item, kind, api_version);
			cJSON_AddItemToArray(inf->pending, item);
		} else {
			cJSON_Delete(item);
		}
	}
	const char *cont = meta_str(page, "continue");
	if (cont && *cont && inf->page_size > 0 && !inf->no_paging_once) {
		list_start(inf, cont);
		cJSON_Delete(page);
		return;
	}

	/* The whole list is in. */
	set_rv(inf, meta_str(page, "resourceVersion"));
	cJSON_Delete(page);
	inf->no_paging_once = false;
	inf->list_retries = 0;
	cJSON *all = TAKE_PTR(inf->pending);
	bool first = !inf->synced;
	inf->synced = true;
	replace(inf, all);
	cJSON_Delete(all);
	if (first)
		dispatch_synced(inf);
	watch_start(inf);
}

/* Appends "name=escaped(value)" to b with the right separator. */
static void add_param(kc_buf *b, const char *name, const char *value)
{
	char *esc = evhttp_uriencode(value, -1, 0);
	kc_buf_addf(b, "%c%s=%s", strchr(b->s ? b->s : "", '?') ? '&' : '?', name, esc ? esc : "");
	free(esc);
}

static void list_start(kc_informer *inf, const char *cont)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, inf->path);
	if (inf->page_size > 0 && !inf->no_paging_once) {
		char limit[16];
		snprintf(limit, sizeof(limit), "%d", inf->page_size);
		add_param(&b, "limit", limit);
		if (cont)
			add_param(&b, "continue", cont);
	}
	inf->list_continued = cont != NULL;
	inf->stats.lists++;
	int r = kc_client_request_ex(inf->client, "GET", b.s, NULL, NULL, 0, NULL, list_done, inf, &inf->listing);
	if (r < 0) {
		inf->listing = NULL;
		inf->stats.list_failures++;
		report(inf, r, "failed to list %s: cannot start the request (%s)", inf->path, strerror(-r));
		cJSON_Delete(inf->pending);
		inf->pending = NULL;
		list_retry_later(inf);
	}
	kc_buf_free(&b);
}

/* ---- watch ---- */

static void watch_event(kc_watch_event_type type, cJSON *object, void *userdata)
{
	kc_informer *inf = userdata;
	if (type == KC_WATCH_BOOKMARK) {
		set_rv(inf, meta_str(object, "resourceVersion"));
		return;
	}
	if (type == KC_WATCH_ERROR) {
		const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(object, "message"));
		report(inf, -EPROTO, "watch of %s: error event: %s", inf->path, msg ? msg : "(no message)");
		return;
	}
	_cleanup_free_ char *key = kc_informer_key(object);
	if (!key) {
		report(inf, -EBADMSG, "watch of %s: %s event for an object without metadata.name", inf->path,
		       kc_watch_event_type_name(type));
		return;
	}
	set_rv(inf, meta_str(object, "resourceVersion"));
	inf->stats.events++;
	if (type == KC_WATCH_DELETED) {
		_cleanup_json_ cJSON *old = cache_remove(inf, key);
		/* The event carries the final state: hand that over, as client-go. */
		if (old)
			dispatch(inf, CH_DELETE, object, NULL);
		return;
	}
	/* ADDED and MODIFIED alike: an update if the key is cached (client-go's
	 * informer makes the same choice). */
	cJSON *obj = cJSON_Duplicate(object, true);
	_cleanup_json_ cJSON *old = cache_put(inf, key, obj);
	if (old)
		dispatch(inf, CH_UPDATE, old, obj);
	else
		dispatch(inf, CH_ADD, NULL, obj);
}

static void watch_gone(void *userdata)
{
	kc_informer *inf = userdata;
	kc_watch_stop(inf->watch);
	inf->watch = NULL;
	inf->stats.relists++;
	list_start(inf, NULL);
}

static void watch_error(const kc_error *err, void *userdata)
{
	kc_informer *inf = userdata;
	report(inf, err->code, "watch of %s failed: %s", inf->path, err->msg);
}

static void watch_start(kc_informer *inf)
{
	inf->watch = kc_client_watch(inf->client, inf->path, inf->rv, watch_event, watch_gone, inf);
	if (!inf->watch) {
		report(inf, -EIO, "watch of %s: cannot start the request", inf->path);
		list_retry_later(inf);
		return;
	}
	kc_watch_set_error_cb(inf->watch, watch_error);
}

/* ---- resync ---- */

static void resync_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_informer *inf = arg;
	if (!inf->synced)
		return;
	inf->stats.resyncs++;
	/* The cache cannot change under us: it changes only from loop events,
	 * and handlers run inside this one. */
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_map_sorted_keys(inf->cache, &n);
	for (size_t i = 0; i < n; i++) {
		const cJSON *obj = kc_map_get(inf->cache, keys[i]);
		dispatch(inf, CH_UPDATE, obj, obj);
	}
}

/* ---- public ---- */

kc_informer *kc_informer_new(struct event_base *base, kc_client *client, const kc_informer_config *cfg,
                             kc_error *err)
{
	if (!cfg || !cfg->path || cfg->path[0] != '/') {
		kc_error_set(err, -EINVAL, "informer: the config needs a list path such as /api/v1/pods");
		return NULL;
	}
	kc_informer *inf = xcalloc(1, sizeof(*inf));
	inf->base = base;
	inf->client = client;
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, cfg->path);
	if (cfg->label_selector && *cfg->label_selector)
		add_param(&b, "labelSelector", cfg->label_selector);
	if (cfg->field_selector && *cfg->field_selector)
		add_param(&b, "fieldSelector", cfg->field_selector);
	inf->path = kc_buf_release(&b);
	inf->page_size = cfg->page_size == 0 ? DEFAULT_PAGE_SIZE : cfg->page_size < 0 ? 0 : cfg->page_size;
	inf->resync_ms = cfg->resync_ms;
	inf->backoff_initial_ms =
	    cfg->list_backoff_initial_ms ? cfg->list_backoff_initial_ms : DEFAULT_BACKOFF_INITIAL_MS;
	inf->backoff_max_ms = cfg->list_backoff_max_ms ? cfg->list_backoff_max_ms : DEFAULT_BACKOFF_MAX_MS;
	inf->on_error = cfg->on_error;
	inf->error_userdata = cfg->error_userdata;
	inf->cache = kc_map_new(json_free);
	inf->rv = xstrdup("");
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	inf->rng = ((uint64_t)(uintptr_t)inf ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32)) | 1;
	inf->retry_timer = evtimer_new(base, retry_cb, inf);
	inf->resync_timer = event_new(base, -1, EV_PERSIST, resync_cb, inf);
	if (!inf->retry_timer || !inf->resync_timer) {
		fprintf(stderr, "kc: out of memory creating informer events\n");
		abort();
	}
	return inf;
}

void kc_informer_free(kc_informer *inf)
{
	if (!inf)
		return;
	kc_client_request_cancel(inf->listing);
	if (inf->watch)
		kc_watch_stop(inf->watch);
	event_free(inf->retry_timer);
	event_free(inf->resync_timer);
	cJSON_Delete(inf->pending);
	for (size_t i = 0; i < inf->n_indexes; i++) {
		kc_map_free(inf->indexes[i].values);
		free(inf->indexes[i].name);
	}
	free(inf->indexes);
	free(inf->handlers);
	kc_map_free(inf->cache);
	free(inf->path);
	free(inf->rv);
	free(inf);
}

int kc_informer_start(kc_informer *inf)
{
	if (inf->started)
		return -EALREADY;
	inf->started = true;
	if (inf->resync_ms > 0) {
		struct timeval tv = {(time_t)(inf->resync_ms / 1000),
		                     (suseconds_t)(inf->resync_ms % 1000) * 1000};
		event_add(inf->resync_timer, &tv);
	}
	list_start(inf, NULL);
	return 0;
}

void kc_informer_add_handlers(kc_informer *inf, const kc_informer_handlers *h)
{
	inf->handlers = xrealloc(inf->handlers, (inf->n_handlers + 1) * sizeof(*inf->handlers));
	inf->handlers[inf->n_handlers++] = *h;
	kc_informer_handlers copy = *h;
	if (copy.on_add) {
		size_t n = 0;
		_cleanup_free_ const char **keys = kc_map_sorted_keys(inf->cache, &n);
		for (size_t i = 0; i < n; i++)
			copy.on_add(kc_map_get(inf->cache, keys[i]), copy.userdata);
	}
	if (inf->synced && copy.on_synced)
		copy.on_synced(copy.userdata);
}

bool kc_informer_has_synced(const kc_informer *inf)
{
	return inf->synced;
}

const char *kc_informer_resource_version(const kc_informer *inf)
{
	return inf->rv;
}

int kc_informer_add_index(kc_informer *inf, const char *name, kc_informer_index_fn fn, void *userdata)
{
	for (size_t i = 0; i < inf->n_indexes; i++)
		if (streq(inf->indexes[i].name, name))
			return -EEXIST;
	inf->indexes = xrealloc(inf->indexes, (inf->n_indexes + 1) * sizeof(*inf->indexes));
	index_def *d = &inf->indexes[inf->n_indexes++];
	*d = (index_def){xstrdup(name), fn, userdata, kc_map_new(map_free)};
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(inf->cache, &it))
		index_one(d, it.key, it.value, true);
	return 0;
}

const cJSON *kc_informer_get(const kc_informer *inf, const char *key)
{
	return kc_map_get(inf->cache, key);
}

const cJSON *kc_informer_get_by_name(const kc_informer *inf, const char *ns, const char *name)
{
	if (!ns || !*ns)
		return kc_map_get(inf->cache, name);
	_cleanup_free_ char *key = xasprintf("%s/%s", ns, name);
	return kc_map_get(inf->cache, key);
}

size_t kc_informer_len(const kc_informer *inf)
{
	return kc_map_size(inf->cache);
}

/* The cached objects for a set of keys (a map whose keys are cache keys). */
static const cJSON **objects_of(const kc_informer *inf, const kc_map *keyset, size_t *ret_n)
{
	size_t n = 0;
	_cleanup_free_ const char **keys = keyset ? kc_map_sorted_keys(keyset, &n) : NULL;
	*ret_n = n;
	if (n == 0)
		return NULL;
	const cJSON **out = xmalloc(n * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = kc_map_get(inf->cache, keys[i]);
	return out;
}

const cJSON **kc_informer_list(const kc_informer *inf, size_t *ret_n)
{
	return objects_of(inf, inf->cache, ret_n);
}

const cJSON **kc_informer_by_index(const kc_informer *inf, const char *index, const char *value,
                                   size_t *ret_n)
{
	for (size_t i = 0; i < inf->n_indexes; i++)
		if (streq(inf->indexes[i].name, index))
			return objects_of(inf, kc_map_get(inf->indexes[i].values, value), ret_n);
	*ret_n = 0;
	return NULL;
}

void kc_informer_get_stats(const kc_informer *inf, kc_informer_stats *ret)
{
	*ret = inf->stats;
}
