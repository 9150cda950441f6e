/* watch.c - ?watch=1 streams (see watch.h and handlers.h).
 *
 * A watch is a chunked HTTP response of newline-delimited events. It starts
 * with synthetic ADDED events for what exists (resourceVersion unset or
 * "0") or with the cache's history after the given resourceVersion (410 as
 * an ERROR event when that history is gone), then follows the cache. An
 * object that starts or stops matching the selectors arrives as ADDED or
 * DELETED, as upstream's cacheWatcher sends it. A client that does not read
 * is cut off once KC_WATCH_MAX_BUFFER bytes wait for it. */
#include "watch.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>

#include "apiserver/cache.h"
#include "apiserver/conversion.h"
#include "apiserver/filter.h"
#include "apiserver/handlers.h"
#include "apiserver/metrics.h"
#include "apiserver/printer.h"
#include "apiserver/status.h"
#include "common/json.h"
#include "common/log.h"
#include "banned.h"

#define KC_WATCH_MAX_BUFFER (16 << 20)
#define KC_WATCH_BOOKMARK_SECONDS 60
#define KC_WATCH_MIN_TIMEOUT 1800 /* upstream's --min-request-timeout */

typedef struct api_watcher {
	api_req *r;
	apiserver *srv;
	api_cache *cache;
	api_cache_sub *sub;
	api_filter filter;
	char *ns;         /* "" for all namespaces */
	int64_t last_rev; /* events at or before it were seen by the client */
	bool bookmarks;
	bool columns_sent; /* Table watches send column definitions once */
	struct event *timeout, *bookmark, *wait_ready;
	struct evhttp_connection *conn;
	bool ended;
	struct api_watcher *prev, *next;
} api_watcher;

size_t api_watch_count(const apiserver *s) { return s->nwatchers; }

static void metrics_watchers(api_watcher *w, double delta)
{
	if (!w->srv->metrics)
		return;
	const char *labels[] = {w->r->res->group, w->r->res->plural};
	kc_metric_add(w->srv->metrics->watchers, labels, delta);
}

/* Ends the stream cleanly (the last chunk), or, with drop, closes the
 * connection and throws away what is still queued for it: a client that
 * stopped reading would otherwise keep that memory for as long as it
 * keeps the connection. */
static void watcher_finish(api_watcher *w, bool drop)
{
	if (w->ended)
		return;
	w->ended = true;
	apiserver *srv = w->srv;
	if (w->prev)
		w->prev->next = w->next;
	else
		srv->watchers = w->next;
	if (w->next)
		w->next->prev = w->prev;
	srv->nwatchers--;
	metrics_watchers(w, -1);
	api_cache_unsubscribe(w->sub);
	if (w->timeout)
		event_free(w->timeout);
	if (w->bookmark)
		event_free(w->bookmark);
	if (w->wait_ready)
		event_free(w->wait_ready);
	if (w->conn)
		evhttp_connection_set_closecb(w->conn, NULL, NULL);
	api_filter_clear(&w->filter);
	free(w->ns);
	api_req *r = w->r;
	struct evhttp_connection *conn = drop ? w->conn : NULL;
	free(w);
	api_reply_end_stream(r, conn);
}

static void watcher_end(api_watcher *w) { watcher_finish(w, false); }

static void write_line(api_watcher *w, const char *line, size_t len)
{
	if (w->ended)
		return;
	if (w->conn) {
		struct bufferevent *bev = evhttp_connection_get_bufferevent(w->conn);
		if (bev && evbuffer_get_length(bufferevent_get_output(bev)) > KC_WATCH_MAX_BUFFER) {
			kc_log_warn("watch %s: client is not reading; closing the connection", w->r->info.path);
			watcher_finish(w, true);
			return;
		}
	}
	struct evbuffer *buf = evbuffer_new();
	evbuffer_add(buf, line, len);
	evhttp_send_reply_chunk(w->r->http, buf);
	evbuffer_free(buf);
}

static void write_json(api_watcher *w, const cJSON *event)
{
	_cleanup_free_ char *json = cJSON_PrintUnformatted(event);
	size_t n = strlen(json);
	json = xrealloc(json, n + 2);
	json[n] = '\n';
	json[n + 1] = '\0';
	write_line(w, json, n + 1);
}

static const char *const type_names[] = {"ADDED", "MODIFIED", "DELETED"};

/* One event, as the client asked to see objects (as-is or as Table rows). */
static void send_event(api_watcher *w, api_cevent *ev, api_event_type t)
{
	if (w->r->as != API_AS_TABLE && !api_is_view(w->r->res)) {
		size_t len = 0;
		const char *line = api_cevent_line(ev, t, &len);
		write_line(w, line, len);
		return;
	}
	if (w->r->as != API_AS_TABLE) {
		/* another shape of the stored objects: converted per watcher */
		_cleanup_json_ cJSON *event = cJSON_CreateObject();
		cJSON_AddStringToObject(event, "type", type_names[t]);
		cJSON *obj = api_cobj_parse(ev->obj);
		api_convert_to_view(w->r->res, obj);
		cJSON_AddItemToObject(event, "object", obj);
		write_json(w, event);
		return;
	}
	_cleanup_json_ cJSON *objects = cJSON_CreateArray();
	cJSON *obj = api_cobj_parse(ev->obj);
	api_convert_to_view(w->r->res, obj);
	cJSON_AddItemToArray(objects, obj);
	_cleanup_json_ cJSON *meta = cJSON_CreateObject();
	cJSON_AddStringToObject(meta, "resourceVersion", kc_json_get_str(obj, "metadata.resourceVersion", ""));
	/* Column definitions come with the first event only (then null). */
	cJSON *table = api_table_from_objects_ex(w->r->res, objects, api_query(w->r, "includeObject"), meta,
						 w->columns_sent, time(NULL));
	w->columns_sent = true;
	_cleanup_json_ cJSON *event = cJSON_CreateObject();
	cJSON_AddStringToObject(event, "type", type_names[t]);
	cJSON_AddItemToObject(event, "object", table);
	write_json(w, event);
}

static bool in_scope(api_watcher *w, const api_cobj *o) { return !w->ns[0] || streq(w->ns, o->ns); }

static void on_cache_event(api_cevent *ev, void *userdata)
{
	api_watcher *w = userdata;
	if (w->ended || ev->rev <= w->last_rev)
		return;
	w->last_rev = ev->rev;
	if (!in_scope(w, ev->obj))
		return;
	bool now = api_filter_match(&w->filter, ev->obj->selectable);
	bool before = ev->prev && api_filter_match(&w->filter, ev->prev->selectable);
	switch (ev->type) {
	case API_EV_ADDED:
		if (now)
			send_event(w, ev, API_EV_ADDED);
		break;
	case API_EV_MODIFIED:
		if (now && before)
			send_event(w, ev, API_EV_MODIFIED);
		else if (now)
			send_event(w, ev, API_EV_ADDED);
		else if (before)
			send_event(w, ev, API_EV_DELETED);
		break;
	case API_EV_DELETED:
		if (now || before)
			send_event(w, ev, API_EV_DELETED);
		break;
	}
}

static void on_cache_reset(void *userdata)
{
	/* The cache lost history: end the stream; the client resumes from its
	 * last resourceVersion or, if that is gone too, gets 410 and relists. */
	watcher_end(userdata);
}

static void send_bookmark(api_watcher *w)
{
	char av[128], rv[32];
	snprintf(rv, sizeof(rv), "%" PRId64, api_cache_rev(w->cache) > w->last_rev ? api_cache_rev(w->cache)
										   : w->last_rev);
	_cleanup_json_ cJSON *event = cJSON_CreateObject();
	cJSON_AddStringToObject(event, "type", "BOOKMARK");
	cJSON *obj = cJSON_AddObjectToObject(event, "object");
	cJSON_AddStringToObject(obj, "kind", w->r->res->kind);
	cJSON_AddStringToObject(obj, "apiVersion", kc_resource_api_version(w->r->res, av, sizeof(av)));
	cJSON_AddStringToObject(cJSON_AddObjectToObject(obj, "metadata"), "resourceVersion", rv);
	write_json(w, event);
}

static void on_bookmark(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	api_watcher *w = arg;
	send_bookmark(w);
}

static void on_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	api_watcher *w = arg;
	if (w->bookmarks)
		send_bookmark(w);
	watcher_end(w);
}

static void on_close(struct evhttp_connection *conn, void *arg)
{
	(void)conn;
	api_watcher *w = arg;
	w->conn = NULL;
	watcher_end(w);
}

static void send_error(api_watcher *w, cJSON *status)
{
	_cleanup_json_ cJSON *event = cJSON_CreateObject();
	cJSON_AddStringToObject(event, "type", "ERROR");
	cJSON_AddItemToObject(event, "object", status);
	write_json(w, event);
}

static void replay(api_cevent *ev, void *userdata) { on_cache_event(ev, userdata); }

/* The stream proper: initial state, then live events. */
static void watch_begin(api_watcher *w)
{
	api_req *r = w->r;
	const char *rv = api_query(r, "resourceVersion");
	int64_t from = rv && rv[0] ? strtoll(rv, NULL, 10) : 0;

	struct evkeyvalq *out = evhttp_request_get_output_headers(r->http);
	evhttp_add_header(out, "Content-Type", "application/json");
	evhttp_add_header(out, "Cache-Control", "no-cache, private");
	evhttp_send_reply_start(r->http, 200, "OK");

	if (from == 0) {
		/* Synthetic ADDED events for what exists now, then live. */
		size_t n = 0;
		api_cobj **objs = api_cache_list(w->cache, w->ns[0] ? w->ns : NULL, &n);
		for (size_t i = 0; i < n && !w->ended; i++) {
			if (!api_filter_match(&w->filter, objs[i]->selectable))
				continue;
			api_cevent ev = {.type = API_EV_ADDED, .obj = objs[i], .rev = objs[i]->rev};
			send_event(w, &ev, API_EV_ADDED);
			free(ev.lines[0]);
		}
		free(objs);
		w->last_rev = api_cache_rev(w->cache);
	} else {
		int rc = api_cache_events_since(w->cache, from, replay, w);
		if (rc == -ESTALE) {
			_cleanup_free_ char *msg = xasprintf("too old resource version: %" PRId64 " (%" PRId64 ")", from,
							     api_cache_history_start(w->cache) + 1);
			send_error(w, api_status_gone(msg));
			watcher_end(w);
			return;
		}
		/* -EAGAIN: the client saw a newer revision than the cache; the
		 * events up to it are skipped as they arrive. */
		if (w->last_rev < from)
			w->last_rev = from;
	}
	if (w->ended)
		return;
	w->sub = api_cache_subscribe(w->cache, on_cache_event, on_cache_reset, w);
	if (w->bookmarks) {
		w->bookmark = event_new(w->srv->base, -1, EV_PERSIST, on_bookmark, w);
		struct timeval tv = {KC_WATCH_BOOKMARK_SECONDS, 0};
		event_add(w->bookmark, &tv);
	}
}

static void on_wait_ready(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	api_watcher *w = arg;
	if (!api_cache_ready(w->cache))
		return; /* the persistent timer polls again */
	event_free(w->wait_ready);
	w->wait_ready = NULL;
	watch_begin(w);
}

void api_handle_watch(api_req *r)
{
	api_cache *cache = api_cache_for(r->srv, r->res);
	if (!cache) {
		api_reply_status(r, api_status_method_not_allowed());
		return;
	}
	long long timeout = 0;
	if (api_query_int(r, "timeoutSeconds", &timeout) < 0)
		return;
	const char *rv = api_query(r, "resourceVersion");
	if (rv && rv[0]) {
		char *end = NULL;
		long long v = strtoll(rv, &end, 10);
		if (!end || *end || v < 0) {
			api_reply_status(r, api_status_bad_request("invalid resource version \"%s\"", rv));
			return;
		}
	}
	api_watcher *w = xcalloc(1, sizeof(*w));
	if (api_filter_from_query(r, &w->filter) < 0) {
		free(w);
		return;
	}
	/* a watch on one named object: GET .../pods/x?watch=1 */
	if (r->info.name[0] && !kc_fieldsel_requires_exact_match(w->filter.fields, "metadata.name", NULL)) {
		kc_fieldsel *f = NULL;
		_cleanup_free_ char *esc = kc_fieldsel_escape_value(r->info.name);
		_cleanup_free_ char *text = xasprintf("metadata.name=%s", esc);
		if (kc_fieldsel_parse(text, &f, NULL) == 0) {
			if (w->filter.fields) {
				kc_fieldsel_free(f);
			} else {
				kc_fieldsel_resolve(f, w->filter.table, NULL);
				w->filter.fields = f;
			}
		}
	}
	w->r = r;
	w->srv = r->srv;
	w->cache = cache;
	w->ns = xstrdup(r->res->namespaced ? r->info.namespace : "");
	const char *bm = api_query(r, "allowWatchBookmarks");
	w->bookmarks = bm && (streq(bm, "true") || streq(bm, "1"));
	w->conn = evhttp_request_get_connection(r->http);
	if (w->conn)
		evhttp_connection_set_closecb(w->conn, on_close, w);

	w->next = r->srv->watchers;
	if (r->srv->watchers)
		r->srv->watchers->prev = w;
	r->srv->watchers = w;
	r->srv->nwatchers++;
	metrics_watchers(w, 1);

	if (timeout <= 0) {
		/* upstream: a random duration in [min-request-timeout, 2x) */
		uint32_t rnd = 0;
		if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
			rnd = 0;
		timeout = KC_WATCH_MIN_TIMEOUT + rnd % KC_WATCH_MIN_TIMEOUT;
	}
	w->timeout = evtimer_new(r->srv->base, on_timeout, w);
	struct timeval tv = {(time_t)timeout, 0};
	evtimer_add(w->timeout, &tv);

	if (api_cache_ready(cache)) {
		watch_begin(w);
	} else {
		w->wait_ready = event_new(r->srv->base, -1, EV_PERSIST, on_wait_ready, w);
		struct timeval poll = {0, 100000};
		event_add(w->wait_ready, &poll);
	}
}

void api_watch_end_all(apiserver *s)
{
	while (s->watchers)
		watcher_end(s->watchers);
}
