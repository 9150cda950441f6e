/* delete.c - delete and deletecollection.
 *
 * An object goes away at once unless something must happen first, as
 * upstream decides in BeforeDelete and the garbage collector's finalizers:
 *   - a pod bound to a node and not finished is deleted gracefully: it gets
 *     deletionTimestamp = now + grace and stays until its kubelet deletes
 *     it with grace 0 (or someone does);
 *   - propagationPolicy Foreground adds the foregroundDeletion finalizer,
 *     Orphan the orphan finalizer (Background adds none);
 *   - an object with finalizers gets deletionTimestamp and stays until the
 *     last finalizer is removed (rmw.c then deletes it);
 *   - a namespace with spec.finalizers becomes Terminating; the namespace
 *     controller empties it and finalizes it.
 * Preconditions (uid, resourceVersion) are checked against the stored object. */
#include <errno.h>
#include <time.h>

#include "apiserver/admission.h"
#include "apiserver/cache.h"
#include "apiserver/etcd.h"
#include "apiserver/filter.h"
#include "apiserver/handlers.h"
#include "apiserver/objects.h"
#include "apiserver/rmw.h"
#include "apiserver/status.h"
#include "common/json.h"
#include "banned.h"

typedef struct delete_opts {
	char *uid, *rv;       /* preconditions, or NULL */
	long long grace;      /* -1 when not given */
	char *policy;         /* Orphan, Background, Foreground, or NULL */
} delete_opts;

static void delete_opts_free(void *p)
{
	delete_opts *o = p;
	if (!o)
		return;
	free(o->uid);
	free(o->rv);
	free(o->policy);
	free(o);
}

static const char *json_type_name(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "string";
	if (cJSON_IsNumber(v))
		return "number";
	if (cJSON_IsBool(v))
		return "bool";
	if (cJSON_IsArray(v))
		return "array";
	return cJSON_IsObject(v) ? "object" : "null";
}

/* A DeleteOptions field that does not decode into its Go type refuses the
 * request, in encoding/json's words as upstream's decoder gives them
 * (null is fine anywhere, as in Go). Returns false after replying. */
static bool options_decode(api_req *r, const cJSON *b)
{
	static const struct {
		const char *path, *go_field, *go_type;
		cJSON_bool (*ok)(const cJSON *const);
	} fields[] = {
		{"gracePeriodSeconds", "DeleteOptions.gracePeriodSeconds", "int64", cJSON_IsNumber},
		{"propagationPolicy", "DeleteOptions.propagationPolicy", "v1.DeletionPropagation", cJSON_IsString},
		{"orphanDependents", "DeleteOptions.orphanDependents", "bool", cJSON_IsBool},
		{"preconditions", "DeleteOptions.preconditions", "v1.Preconditions", cJSON_IsObject},
		{"preconditions.uid", "DeleteOptions.preconditions.uid", "types.UID", cJSON_IsString},
		{"preconditions.resourceVersion", "DeleteOptions.preconditions.resourceVersion", "string",
		 cJSON_IsString},
		{"dryRun", "DeleteOptions.dryRun", "[]string", cJSON_IsArray},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(fields); i++) {
		const cJSON *v = kc_json_get(b, fields[i].path);
		if (v && !cJSON_IsNull(v) && !fields[i].ok(v)) {
			api_reply_status(r, api_status_bad_request("json: cannot unmarshal %s into Go struct field %s of "
								   "type %s",
								   json_type_name(v), fields[i].go_field,
								   fields[i].go_type));
			return false;
		}
	}
	const cJSON *dry;
	cJSON_ArrayForEach(dry, kc_json_get(b, "dryRun")) if (!cJSON_IsString(dry))
	{
		api_reply_status(r, api_status_bad_request("json: cannot unmarshal %s into Go struct field "
							   "DeleteOptions.dryRun of type string",
							   json_type_name(dry)));
		return false;
	}
	return true;
}

/* DeleteOptions from b (the body, or an Eviction's deleteOptions; may be
 * NULL) and the query; query values win, as upstream's parameter codec.
 * Returns NULL after replying. */
static delete_opts *parse_options(api_req *r, const cJSON *b)
{
	if (b && !options_decode(r, b))
		return NULL;
	delete_opts *o = xcalloc(1, sizeof(*o));
	o->grace = -1;
	if (b) {
		const cJSON *g = cJSON_GetObjectItemCaseSensitive(b, "gracePeriodSeconds");
		if (cJSON_IsNumber(g))
			o->grace = (long long)g->valuedouble;
		const char *p = kc_json_get_str(b, "propagationPolicy", NULL);
		if (p)
			o->policy = xstrdup(p);
		const cJSON *orphan = cJSON_GetObjectItemCaseSensitive(b, "orphanDependents");
		if (cJSON_IsBool(orphan) && !o->policy)
			o->policy = xstrdup(cJSON_IsTrue(orphan) ? "Orphan" : "Background");
		const char *uid = kc_json_get_str(b, "preconditions.uid", NULL);
		const char *rv = kc_json_get_str(b, "preconditions.resourceVersion", NULL);
		o->uid = uid ? xstrdup(uid) : NULL;
		o->rv = rv ? xstrdup(rv) : NULL;
		const cJSON *dry;
		cJSON_ArrayForEach(dry, cJSON_GetObjectItemCaseSensitive(b, "dryRun"))
		{
			if (cJSON_IsString(dry) && streq(dry->valuestring, "All"))
				r->dry_run = true;
		}
	}
	long long g = 0;
	if (api_query(r, "gracePeriodSeconds")) {
		if (api_query_int(r, "gracePeriodSeconds", &g) < 0) {
			delete_opts_free(o);
			return NULL;
		}
		o->grace = g;
	}
	const char *p = api_query(r, "propagationPolicy");
	if (p) {
		free(o->policy);
		o->policy = xstrdup(p);
	}
	if (o->policy && !streq(o->policy, "Orphan") && !streq(o->policy, "Background") &&
	    !streq(o->policy, "Foreground")) {
		api_reply_status(r, api_status_new(422, "Invalid",
						   "propagationPolicy: Unsupported value: must be one of "
						   "\"Orphan\", \"Background\", \"Foreground\"",
						   NULL));
		delete_opts_free(o);
		return NULL;
	}
	if (o->grace < -1)
		o->grace = 1; /* upstream: a negative grace period means 1 second */
	return o;
}

static void set_now_plus(cJSON *obj, long long grace)
{
	char ts[32];
	api_format_time(time(NULL) + (time_t)grace, ts, sizeof(ts));
	cJSON *meta = api_meta(obj);
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "deletionTimestamp");
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "deletionGracePeriodSeconds");
	cJSON_AddStringToObject(meta, "deletionTimestamp", ts);
	cJSON_AddNumberToObject(meta, "deletionGracePeriodSeconds", (double)grace);
}

static bool has_finalizer(const cJSON *finalizers, const char *name)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, finalizers) if (cJSON_IsString(f) && streq(f->valuestring, name)) return true;
	return false;
}

static void remove_finalizer(cJSON *finalizers, const char *name)
{
	for (int i = cJSON_GetArraySize(finalizers) - 1; i >= 0; i--) {
		const cJSON *f = cJSON_GetArrayItem(finalizers, i);
		if (cJSON_IsString(f) && streq(f->valuestring, name))
			cJSON_DeleteItemFromArray(finalizers, i);
	}
}

/* The garbage collector's finalizers for the chosen policy. */
static void apply_policy(cJSON *obj, const char *policy)
{
	if (!policy)
		return;
	cJSON *meta = api_meta(obj);
	cJSON *fin = cJSON_GetObjectItemCaseSensitive(meta, "finalizers");
	if (!cJSON_IsArray(fin)) {
		cJSON_DeleteItemFromObjectCaseSensitive(meta, "finalizers");
		fin = cJSON_AddArrayToObject(meta, "finalizers");
	}
	const char *add = streq(policy, "Orphan") ? "orphan" : streq(policy, "Foreground") ? "foregroundDeletion" : NULL;
	remove_finalizer(fin, streq(policy, "Orphan") ? "foregroundDeletion" : "orphan");
	if (!add)
		remove_finalizer(fin, "foregroundDeletion");
	if (add && !has_finalizer(fin, add))
		cJSON_AddItemToArray(fin, cJSON_CreateString(add));
	if (cJSON_GetArraySize(fin) == 0)
		cJSON_DeleteItemFromObjectCaseSensitive(meta, "finalizers");
}

static bool is_core(const api_req *r, const char *plural)
{
	return !r->res->group[0] && streq(r->res->plural, plural);
}

/* The grace period a pod gets: 0 when it never ran or has finished. */
static long long pod_grace(const cJSON *pod, long long requested)
{
	const char *phase = kc_json_get_str(pod, "status.phase", "");
	if (!kc_json_get_str(pod, "spec.nodeName", "")[0] || streq(phase, "Succeeded") || streq(phase, "Failed"))
		return 0;
	if (requested >= 0)
		return requested;
	return kc_json_get_int(pod, "spec.terminationGracePeriodSeconds", 30);
}

static int mutate_delete(api_rmw *op, const cJSON *current, cJSON **ret_new, cJSON **ret_status)
{
	delete_opts *o = op->data;
	api_req *r = op->r;
	const char *name = op->name ? op->name : r->info.name;
	if (o->uid && !streq(o->uid, api_meta_str(current, "uid"))) {
		_cleanup_free_ char *why = xasprintf("Precondition failed: UID in precondition: %s, UID in object meta: %s",
						     o->uid, api_meta_str(current, "uid"));
		*ret_status = api_status_precondition_failed(r->res->group, r->res->plural, name, why);
		return API_RMW_FAIL;
	}
	if (o->rv && !streq(o->rv, api_meta_str(current, "resourceVersion"))) {
		_cleanup_free_ char *why = xasprintf("Precondition failed: ResourceVersion in precondition: %s, "
						     "ResourceVersion in object meta: %s",
						     o->rv, api_meta_str(current, "resourceVersion"));
		*ret_status = api_status_precondition_failed(r->res->group, r->res->plural, name, why);
		return API_RMW_FAIL;
	}
	cJSON *obj = cJSON_Duplicate(current, true);
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(current, "metadata");
	bool terminating = cJSON_GetObjectItemCaseSensitive(meta, "deletionTimestamp") != NULL;

	if (is_core(r, "namespaces") && cJSON_GetArraySize(kc_json_get(current, "spec.finalizers")) > 0) {
		if (terminating) {
			cJSON_Delete(obj);
			return API_RMW_UNCHANGED;
		}
		set_now_plus(obj, 0);
		kc_json_set_str(obj, "status.phase", "Terminating", NULL);
		apply_policy(obj, o->policy);
		*ret_new = obj;
		return API_RMW_WRITE;
	}

	long long grace = is_core(r, "pods") ? pod_grace(current, o->grace) : 0;
	if (grace > 0) {
		/* A graceful deletion can only be shortened. */
		int64_t current_grace = kc_json_get_int(current, "metadata.deletionGracePeriodSeconds", -1);
		if (terminating && current_grace >= 0 && current_grace <= grace) {
			cJSON_Delete(obj);
			return API_RMW_UNCHANGED;
		}
		set_now_plus(obj, grace);
		apply_policy(obj, o->policy);
		*ret_new = obj;
		return API_RMW_WRITE;
	}
	if (!terminating)
		set_now_plus(obj, 0);
	else
		kc_json_set_int(obj, "metadata.deletionGracePeriodSeconds", 0, NULL);
	apply_policy(obj, o->policy);
	/* With finalizers left, the object stays until they are removed; with
	 * none, rmw.c deletes it in the same transaction step. */
	*ret_new = obj;
	return API_RMW_WRITE;
}

static void reply_deleted(api_rmw *op, cJSON *stored, bool created, bool deleted)
{
	(void)created;
	if (deleted)
		api_admission_release(op->r, stored);
	api_reply_object(op->r, 200, stored);
}

static api_rmw *delete_op(api_req *r, const char *name, delete_opts *o)
{
	api_rmw *op = xcalloc(1, sizeof(*op));
	op->r = r;
	op->key = api_req_key(r, name);
	op->name = xstrdup(name);
	op->mutate = mutate_delete;
	op->data = o;
	return op;
}

/* The request body as a JSON object, or NULL when there is none. Returns
 * -1 after replying 400 for a body that is not an object. */
static int body_object(api_req *r, cJSON **ret)
{
	*ret = NULL;
	if (!r->body_len)
		return 0;
	cJSON *b = cJSON_ParseWithLength(r->body, r->body_len);
	if (!cJSON_IsObject(b)) {
		cJSON_Delete(b);
		api_reply_status(r, api_status_bad_request("the body of a delete must be a DeleteOptions object"));
		return -1;
	}
	*ret = b;
	return 0;
}

void api_handle_delete(api_req *r)
{
	_cleanup_json_ cJSON *body = NULL;
	if (body_object(r, &body) < 0)
		return;
	delete_opts *o = parse_options(r, body);
	if (!o)
		return;
	api_rmw *op = delete_op(r, r->info.name, o);
	op->free_data = delete_opts_free;
	op->reply = reply_deleted;
	api_rmw_start(op);
}

/* ---- deletecollection: list the matching objects, delete each ---- */

typedef struct collection {
	api_req *r;
	delete_opts *opts;
	char **names;
	size_t n, next;
} collection;

static void collection_next(collection *c);

static void collection_item_done(api_rmw *op, cJSON *stored, bool created, bool deleted)
{
	(void)created;
	collection *c = op->reply_data;
	if (deleted)
		api_admission_release(c->r, stored);
	cJSON_Delete(stored);
	collection_next(c);
}

static void collection_free(collection *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->names[i]);
	free(c->names);
	delete_opts_free(c->opts);
	free(c);
}

static void collection_next(collection *c)
{
	api_req *r = c->r;
	if (c->next >= c->n) {
		api_reply_status(r, api_status_new(200, NULL, NULL, NULL));
		collection_free(c);
		return;
	}
	/* The options are shared by every item and freed with the collection. */
	api_rmw *op = delete_op(r, c->names[c->next++], c->opts);
	op->reply = collection_item_done;
	op->reply_data = c;
	api_rmw_start(op);
}

typedef struct collection_list {
	collection *c;
	api_filter filter;
} collection_list;

static void on_collection_list(etcd_result *res, void *userdata)
{
	collection_list *cl = userdata;
	collection *c = cl->c;
	if (res->err) {
		api_reply_status(c->r, api_storage_error_status(res->err, res->errmsg));
		collection_free(c);
	} else {
		c->names = xcalloc(res->nkvs + 1, sizeof(char *));
		for (size_t i = 0; i < res->nkvs; i++) {
			_cleanup_json_ cJSON *obj = cJSON_ParseWithLength(res->kvs[i].value, res->kvs[i].value_len);
			if (!obj)
				continue;
			_cleanup_free_ api_selectable *sel = api_selectable_new(obj, cl->filter.table);
			if (api_filter_match(&cl->filter, sel))
				c->names[c->n++] = xstrdup(api_meta_str(obj, "name"));
		}
		collection_next(c);
	}
	api_filter_clear(&cl->filter);
	free(cl);
}

void api_handle_deletecollection(api_req *r)
{
	collection_list *cl = xcalloc(1, sizeof(*cl));
	if (api_filter_from_query(r, &cl->filter) < 0) {
		free(cl);
		return;
	}
	_cleanup_json_ cJSON *body = NULL;
	if (body_object(r, &body) < 0) {
		api_filter_clear(&cl->filter);
		free(cl);
		return;
	}
	delete_opts *o = parse_options(r, body);
	if (!o) {
		api_filter_clear(&cl->filter);
		free(cl);
		return;
	}
	collection *c = xcalloc(1, sizeof(*c));
	c->r = r;
	c->opts = o;
	cl->c = c;
	_cleanup_free_ char *prefix =
		api_obj_key(r->srv->prefix, r->res, r->res->namespaced ? r->info.namespace : NULL, NULL);
	_cleanup_free_ char *end = etcd_prefix_end(prefix);
	etcd_range(r->srv->etcd, prefix, end, 0, 0, false, on_collection_list, cl);
}

/* ---- eviction ---- */

static void reply_evicted(api_rmw *op, cJSON *stored, bool created, bool deleted)
{
	(void)created;
	(void)deleted;
	cJSON_Delete(stored);
	api_reply_status(op->r, api_status_new(201, NULL, NULL, NULL));
}

void api_handle_eviction(api_req *r)
{
	cJSON *eviction = NULL;
	if (api_decode_body(r, &eviction) < 0)
		return;
	const char *name = api_meta_str(eviction, "name");
	if (name[0] && !streq(name, r->info.name)) {
		api_reply_status(r, api_status_bad_request("name in URL does not match name in Eviction object"));
		cJSON_Delete(eviction);
		return;
	}
	delete_opts *o = parse_options(r, kc_json_get(eviction, "deleteOptions"));
	cJSON_Delete(eviction);
	if (!o)
		return;
	api_rmw *op = delete_op(r, r->info.name, o);
	op->free_data = delete_opts_free;
	op->reply = reply_evicted;
	api_rmw_start(op);
}
