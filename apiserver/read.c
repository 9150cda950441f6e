/* read.c - get and list.
 *
 * Where an answer comes from follows upstream's resourceVersion rules:
 *   unset         -> etcd, the latest state (a consistent read);
 *   "0"           -> the watch cache (any recent state; etcd down is fine);
 *   N (NotOlderThan, the default match) -> the cache if it has reached N,
 *                    else etcd's latest, which is newer than N;
 *   N with resourceVersionMatch=Exact -> etcd at revision N (410 if compacted);
 *   continue=...  -> etcd at the token's revision, from the token's key.
 * Lists from etcd honour limit and return a continue token; selectors are
 * applied while paging, so a page holds up to limit matching items. */
#include <errno.h>
#include <inttypes.h>

#include "apiserver/cache.h"
#include "apiserver/conversion.h"
#include "apiserver/etcd.h"
#include "apiserver/filter.h"
#include "apiserver/handlers.h"
#include "apiserver/objects.h"
#include "apiserver/rmw.h"
#include "apiserver/status.h"
#include "common/base64.h"
#include "common/json.h"
#include "banned.h"

/* ---- get ---- */

static void reply_get(api_req *r, cJSON *obj)
{
	if (streq(r->info.subresource, "scale")) {
		api_reply_scale(r, obj);
		return;
	}
	api_reply_object(r, 200, obj);
}

static void on_get(etcd_result *res, void *userdata)
{
	api_req *r = userdata;
	if (res->err) {
		api_reply_status(r, api_storage_error_status(res->err, res->errmsg));
		return;
	}
	if (res->nkvs == 0) {
		api_reply_status(r, api_status_not_found(r->res->group, r->res->plural, r->info.name));
		return;
	}
	cJSON *obj = cJSON_ParseWithLength(res->kvs[0].value, res->kvs[0].value_len);
	if (!obj) {
		api_reply_status(r, api_status_internal("stored object is not valid JSON"));
		return;
	}
	api_obj_set_rv(obj, res->kvs[0].mod_revision);
	api_convert_to_view(r->res, obj);
	reply_get(r, obj);
}

static const char *cache_key(api_req *r, char *buf, size_t size)
{
	if (r->res->namespaced)
		snprintf(buf, size, "%s/%s", r->info.namespace, r->info.name);
	else
		snprintf(buf, size, "%s", r->info.name);
	return buf;
}

void api_handle_get(api_req *r)
{
	const char *rv = api_query(r, "resourceVersion");
	api_cache *cache = api_cache_for(r->srv, r->res);
	if (rv && streq(rv, "0") && cache && api_cache_ready(cache)) {
		char key[512];
		api_cobj *o = api_cache_get(cache, cache_key(r, key, sizeof(key)));
		if (!o) {
			api_reply_status(r, api_status_not_found(r->res->group, r->res->plural, r->info.name));
			return;
		}
		cJSON *obj = api_cobj_parse(o);
		api_convert_to_view(r->res, obj);
		reply_get(r, obj);
		return;
	}
	_cleanup_free_ char *key = api_req_key(r, r->info.name);
	etcd_range(r->srv->etcd, key, NULL, 0, 0, false, on_get, r);
}

/* ---- list ---- */

typedef struct list_op {
	api_req *r;
	api_filter filter;
	char *prefix, *end; /* the etcd range listed */
	int64_t rev;        /* pinned after the first page */
	long long limit;    /* 0: no limit */
	char *start;        /* next key to read */
	kc_buf items;       /* "item,item,..." */
	size_t nitems;
	char *next_continue;
	long long remaining; /* remainingItemCount, -1 when unknown */
	int pages;
} list_op;

static void list_free(list_op *l)
{
	api_filter_clear(&l->filter);
	free(l->prefix);
	free(l->end);
	free(l->start);
	free(l->next_continue);
	kc_buf_free(&l->items);
	free(l);
}

/* Appends an item (served JSON) to a list being built, in the requested
 * resource's shape. */
static void add_item_to(const kc_resource *r, kc_buf *items, size_t *n, const char *json, size_t len)
{
	if ((*n)++)
		kc_buf_addch(items, ',');
	if (api_is_view(r)) {
		size_t vlen = 0;
		_cleanup_free_ char *view = api_convert_json_to_view(r, json, len, &vlen);
		if (view) {
			kc_buf_add(items, view, vlen);
			return;
		}
	}
	kc_buf_add(items, json, len);
}

static void add_item(list_op *l, const char *json, size_t len)
{
	add_item_to(l->r->res, &l->items, &l->nitems, json, len);
}

/* Sends {"kind":"<Kind>List","apiVersion":..,"metadata":{..},"items":[..]}. */
static void send_list(api_req *r, const char *items, size_t nitems, int64_t rev, const char *cont,
		      long long remaining)
{
	(void)nitems;
	char av[128];
	kc_resource_api_version(r->res, av, sizeof(av));
	kc_buf b = KC_BUF_INIT;
	kc_buf_addf(&b, "{\"kind\":\"%sList\",\"apiVersion\":\"%s\",\"metadata\":{\"resourceVersion\":\"%" PRId64 "\"",
		    r->res->kind, av, rev);
	if (cont && cont[0])
		kc_buf_addf(&b, ",\"continue\":\"%s\"", cont);
	if (remaining > 0)
		kc_buf_addf(&b, ",\"remainingItemCount\":%lld", remaining);
	kc_buf_addstr(&b, "},\"items\":[");
	kc_buf_addstr(&b, items);
	kc_buf_addstr(&b, "]}");
	if (r->as == API_AS_OBJECT && !r->yaml) {
		api_reply_raw(r, 200, b.s, b.len);
	} else {
		cJSON *list = cJSON_ParseWithLength(b.s, b.len);
		api_reply_object(r, 200, list);
	}
	kc_buf_free(&b);
}

/* Upstream's continue token: base64 of
 * {"v":"meta.k8s.io/v1","rv":<rev>,"start":"<key relative to the list prefix>"}. */
static char *encode_continue(int64_t rev, const char *start)
{
	_cleanup_json_ cJSON *t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "v", "meta.k8s.io/v1");
	cJSON_AddNumberToObject(t, "rv", (double)rev);
	cJSON_AddStringToObject(t, "start", start);
	_cleanup_free_ char *json = cJSON_PrintUnformatted(t);
	return kc_base64_encode(json, strlen(json));
}

static int decode_continue(const char *token, int64_t *ret_rev, char **ret_start)
{
	_cleanup_free_ char *json = NULL;
	size_t len = 0;
	if (kc_base64_decode(token, strlen(token), &json, &len) < 0)
		return -EINVAL;
	_cleanup_json_ cJSON *t = cJSON_ParseWithLength(json, len);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, "v");
	const cJSON *rv = cJSON_GetObjectItemCaseSensitive(t, "rv");
	const cJSON *start = cJSON_GetObjectItemCaseSensitive(t, "start");
	if (!cJSON_IsString(v) || !streq(v->valuestring, "meta.k8s.io/v1") || !cJSON_IsNumber(rv) ||
	    rv->valuedouble < 1 || !cJSON_IsString(start) || strstr(start->valuestring, ".."))
		return -EINVAL;
	*ret_rev = (int64_t)rv->valuedouble;
	*ret_start = xstrdup(start->valuestring);
	return 0;
}

static void fetch_page(list_op *l);

static void on_page(etcd_result *res, void *userdata)
{
	list_op *l = userdata;
	api_req *r = l->r;
	if (res->err == -ENOENT) {
		/* The token's revision was compacted: upstream answers 410 with a
		 * token to go on from the same key at the latest revision. */
		_cleanup_free_ char *fresh = encode_continue(res->compact_revision > 0 ? res->compact_revision : 1,
							     l->start + strlen(l->prefix));
		cJSON *st = api_status_gone("The provided continue parameter is too old to display a consistent list "
					    "result. You can start a new list without the continue parameter, or use "
					    "the continue token in this response to retrieve the remainder of the "
					    "results. Continuing with the provided token results in an inconsistent "
					    "list - objects that were created, modified, or deleted between the time "
					    "the first chunk was returned and now may show up in the list.");
		cJSON_AddStringToObject(cJSON_GetObjectItemCaseSensitive(st, "metadata"), "continue", fresh);
		api_reply_status(r, st);
		list_free(l);
		return;
	}
	if (res->err) {
		api_reply_status(r, api_storage_error_status(res->err, res->errmsg));
		list_free(l);
		return;
	}
	if (!l->rev)
		l->rev = res->revision;
	bool everything = api_filter_everything(&l->filter);
	size_t used = 0;
	for (size_t i = 0; i < res->nkvs; i++) {
		const etcd_kv *kv = &res->kvs[i];
		used++;
		/* Keys are printable, so K + "\x01" is the first key after K. */
		free(l->start);
		l->start = xasprintf("%s\x01", kv->key);
		size_t len = 0;
		_cleanup_free_ char *json = api_obj_inject_rv(kv->value, kv->value_len, kv->mod_revision, &len);
		if (!json)
			continue;
		if (!everything) {
			_cleanup_json_ cJSON *obj = cJSON_ParseWithLength(kv->value, kv->value_len);
			_cleanup_free_ api_selectable *sel = api_selectable_new(obj, l->filter.table);
			if (!api_filter_match(&l->filter, sel))
				continue;
		}
		add_item(l, json, len);
		if (l->limit && (long long)l->nitems >= l->limit)
			break;
	}
	bool more_here = used < res->nkvs || res->more;
	if (l->limit && (long long)l->nitems >= l->limit) {
		if (more_here) {
			l->next_continue = encode_continue(l->rev, l->start + strlen(l->prefix));
			if (everything)
				l->remaining = res->count - (long long)used;
		}
	} else if (res->more && l->limit) {
		/* Selectors filtered this page: read on at the same revision. */
		if (++l->pages < 1000) {
			fetch_page(l);
			return;
		}
	}
	send_list(r, kc_buf_str(&l->items), l->nitems, l->rev, l->next_continue, l->remaining);
	list_free(l);
}

static void fetch_page(list_op *l)
{
	long long batch = 0;
	if (l->limit)
		batch = api_filter_everything(&l->filter) ? l->limit : (l->limit < 500 ? 500 : l->limit);
	etcd_range(l->r->srv->etcd, l->start, l->end, l->rev, batch, false, on_page, l);
}

/* The list's objects in the cache, in key order (free() the array). */
static api_cobj **cache_objects(api_req *r, api_cache *cache, size_t *ret_n)
{
	return api_cache_list(cache, r->res->namespaced ? r->info.namespace : NULL, ret_n);
}

/* Serves objs (from cache_objects, freed here) as the list at rev. With a
 * limit, a continue token goes on from etcd at rev after the last item. */
static void list_from_cache(api_req *r, api_cobj **objs, size_t n, api_filter *f, int64_t rev, long long limit)
{
	bool by_name = r->res->namespaced && r->info.namespace && r->info.namespace[0];
	kc_buf items = KC_BUF_INIT;
	size_t count = 0;
	long long remaining = 0;
	_cleanup_free_ char *cont = NULL;
	bool everything = api_filter_everything(f);
	for (size_t i = 0; i < n; i++) {
		if (!everything && !api_filter_match(f, objs[i]->selectable))
			continue;
		add_item_to(r->res, &items, &count, objs[i]->json, objs[i]->len);
		if (limit && (long long)count >= limit) {
			if (i + 1 < n) {
				/* keys are relative to the list's etcd prefix, as on_page's */
				_cleanup_free_ char *start = xasprintf("%s\x01", by_name ? objs[i]->name : objs[i]->key);
				cont = encode_continue(rev, start);
				if (everything)
					remaining = (long long)(n - i - 1);
			}
			break;
		}
	}
	free(objs);
	send_list(r, kc_buf_str(&items), count, rev, cont, remaining);
	kc_buf_free(&items);
}

/* Reads the list from etcd page by page: at the latest revision, at
 * exact_rev (> 0), or from a continue token. Takes f. */
static void list_from_etcd(api_req *r, api_filter f, long long limit, const char *cont, int64_t exact_rev)
{
	list_op *l = xcalloc(1, sizeof(*l));
	l->r = r;
	l->filter = f;
	l->limit = limit > 0 ? limit : 0;
	l->remaining = -1;
	l->prefix = api_obj_key(r->srv->prefix, r->res, r->res->namespaced ? r->info.namespace : NULL, NULL);
	l->end = etcd_prefix_end(l->prefix);
	if (cont && cont[0]) {
		char *start = NULL;
		if (decode_continue(cont, &l->rev, &start) < 0) {
			api_reply_status(r, api_status_bad_request("continue key is not valid: the token is "
								   "malformed"));
			list_free(l);
			return;
		}
		l->start = xasprintf("%s%s", l->prefix, start);
		free(start);
	} else {
		l->start = xstrdup(l->prefix);
		l->rev = exact_rev;
	}
	fetch_page(l);
}

/* ---- consistent lists from the watch cache ----
 * A list without resourceVersion must show the state as of now. Upstream
 * (ConsistentListFromCache, on since 1.31) serves it from the watch cache
 * once the cache has caught up with etcd's current revision, which it
 * learns by asking etcd for a progress notification; the JSON gateway's
 * watch cannot be asked. So kc asks etcd what the list's range looks like
 * instead: one keys-only range sorted by modification, limit 1, gives the
 * number of keys and the newest modification. If the cache holds as many
 * objects and the same newest modification, it holds exactly etcd's state:
 * every change the cache has not seen happened after its revision, so a
 * missed write to a key that still exists would be newer than anything
 * the cache holds, and a missed delete (with no such write) would leave
 * fewer keys. The list is then served from the cache, at etcd's revision
 * (the state is the same there). If not (the cache is a moment behind a
 * write), it is read from etcd as before. */
typedef struct consistent_op {
	api_req *r;
	api_filter filter;
	long long limit;
} consistent_op;

static void on_newest(etcd_result *res, void *userdata)
{
	consistent_op *c = userdata;
	api_req *r = c->r;
	api_cache *cache = api_cache_for(r->srv, r->res);
	if (!res->err && cache && api_cache_ready(cache)) {
		size_t n = 0;
		api_cobj **objs = cache_objects(r, cache, &n);
		int64_t newest = 0;
		for (size_t i = 0; i < n; i++)
			if (objs[i]->rev > newest)
				newest = objs[i]->rev;
		if ((int64_t)n == res->count && newest == (res->nkvs ? res->kvs[0].mod_revision : 0)) {
			list_from_cache(r, objs, n, &c->filter, res->revision, c->limit);
			api_filter_clear(&c->filter);
			free(c);
			return;
		}
		free(objs);
	}
	list_from_etcd(r, c->filter, c->limit, NULL, 0);
	free(c);
}

static void list_consistent(api_req *r, api_filter f, long long limit)
{
	consistent_op *c = xcalloc(1, sizeof(*c));
	c->r = r;
	c->filter = f;
	c->limit = limit;
	_cleanup_free_ char *prefix =
		api_obj_key(r->srv->prefix, r->res, r->res->namespaced ? r->info.namespace : NULL, NULL);
	_cleanup_free_ char *end = etcd_prefix_end(prefix);
	if (etcd_range_newest(r->srv->etcd, prefix, end, on_newest, c) < 0) {
		list_from_etcd(r, c->filter, limit, NULL, 0);
		free(c);
	}
}

static int64_t parse_rv(const char *s)
{
	if (!s || !s[0])
		return -1;
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	return (end && !*end && v >= 0) ? v : -2;
}

void api_handle_list(api_req *r)
{
	const char *rv = api_query(r, "resourceVersion");
	const char *match = api_query(r, "resourceVersionMatch");
	const char *cont = api_query(r, "continue");
	long long limit = 0, timeout = 0;
	/* timeoutSeconds bounds a list's time in upstream; kc's lists take
	 * one etcd read, but the parameter is decoded as upstream's */
	if (api_query_int(r, "limit", &limit) < 0 || api_query_int(r, "timeoutSeconds", &timeout) < 0)
		return;
	int64_t want = parse_rv(rv);
	if (want == -2) {
		api_reply_status(r, api_status_bad_request("invalid resource version: resourceVersion: Invalid value: "
							   "\"%s\": strconv.ParseUint: parsing \"%s\": invalid syntax",
							   rv, rv));
		return;
	}
	if (match && match[0] && !streq(match, "NotOlderThan") && !streq(match, "Exact")) {
		_cleanup_free_ char *why = xasprintf("Unsupported value: \"%s\": supported values: \"Exact\", "
						     "\"NotOlderThan\", \"\"",
						     match);
		api_reply_status(r, api_status_invalid_options("ListOptions", "resourceVersionMatch",
								"FieldValueNotSupported", why));
		return;
	}
	if (match && match[0] && want < 0) {
		api_reply_status(r, api_status_bad_request("resourceVersionMatch is forbidden unless resourceVersion "
							   "is provided"));
		return;
	}
	if (cont && cont[0] && want >= 0 && want != 0) {
		api_reply_status(r, api_status_bad_request("specifying resource version is not allowed when using "
							   "continue"));
		return;
	}
	bool exact = match && streq(match, "Exact");
	if (exact && want == 0) {
		api_reply_status(r, api_status_bad_request("resourceVersionMatch \"exact\" is forbidden for "
							   "resourceVersion \"0\""));
		return;
	}
	api_filter f;
	if (api_filter_from_query(r, &f) < 0)
		return;

	api_cache *cache = api_cache_for(r->srv, r->res);
	bool cache_ok = cache && api_cache_ready(cache);
	bool continued = cont && cont[0];
	if (!continued && !exact && cache_ok && (want == 0 || (want > 0 && api_cache_rev(cache) >= want))) {
		/* upstream ignores limit for lists served from the cache at a given version */
		size_t n = 0;
		api_cobj **objs = cache_objects(r, cache, &n);
		list_from_cache(r, objs, n, &f, api_cache_rev(cache), 0);
		api_filter_clear(&f);
		return;
	}
	if (!continued && want < 0 && cache_ok) {
		list_consistent(r, f, limit);
		return;
	}
	list_from_etcd(r, f, limit, cont, exact ? want : 0);
}
