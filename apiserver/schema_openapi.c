/* schema_openapi.c - the OpenAPI v2 and v3 documents of everything kc
 * serves (see schema.h), built from the schema tables and the resource
 * table: definitions named as upstream's, with their group-version-kind and
 * patch extensions, and a path per resource and verb with the parameters
 * kubectl looks for (fieldValidation above all: kubectl checks the PATCH
 * operation of a kind for it before it leaves field validation to the
 * server).
 *
 * The documents are a function of constant tables, so they are built once,
 * on first use, and kept: the one piece of process-wide state in the schema
 * code, written under pthread_once and read-only afterwards. */
#include "apiserver/schema.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "apiserver/schema_types.h"
#include "common/util.h"
#include "banned.h"

typedef enum { OAS_V2, OAS_V3 } oas_version;

#define META "io.k8s.apimachinery.pkg.apis.meta.v1."

static const char *ref_prefix(oas_version v)
{
	return v == OAS_V2 ? "#/definitions/" : "#/components/schemas/";
}

static cJSON *ref_to(oas_version v, const char *type_name)
{
	cJSON *o = cJSON_CreateObject();
	_cleanup_free_ char *ref = xasprintf("%s%s", ref_prefix(v), type_name);
	cJSON_AddStringToObject(o, "$ref", ref);
	return o;
}

static cJSON *str_array(const char *const *v)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; v && v[i]; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
}

/* type/format of a scalar base. */
static void add_scalar_type(cJSON *o, int base)
{
	static const struct {
		const char *type, *format;
	} map[] = {
		[API_SB_STRING] = {"string", NULL},  [API_SB_INT32] = {"integer", "int32"},
		[API_SB_INT64] = {"integer", "int64"}, [API_SB_DOUBLE] = {"number", "double"},
		[API_SB_BOOL] = {"boolean", NULL},   [API_SB_BYTE] = {"string", "byte"},
		[API_SB_OBJECT] = {"object", NULL},
	};
	if (base < 0 || base > API_SB_OBJECT)
		return;
	if (map[base].format)
		cJSON_AddStringToObject(o, "format", map[base].format);
	cJSON_AddStringToObject(o, "type", map[base].type);
}

/* The schema of a value: the containers of shape around base/ref. A
 * reference where a description sits beside it is wrapped in allOf in v3,
 * as upstream does (v3 ignores siblings of $ref). */
static cJSON *value_schema(oas_version v, const api_sfield *f, const char *shape, bool top)
{
	cJSON *o;
	if (shape[0] == '[' || shape[0] == '{') {
		o = cJSON_CreateObject();
		if (top)
			cJSON_AddStringToObject(o, "description", f->description);
		cJSON *elem = value_schema(v, f, shape + 1, false);
		if (shape[0] == '[') {
			cJSON_AddItemToObject(o, "items", elem);
			cJSON_AddStringToObject(o, "type", "array");
		} else {
			cJSON_AddItemToObject(o, "additionalProperties", elem);
			cJSON_AddStringToObject(o, "type", "object");
		}
		return o;
	}
	if (f->base == API_SB_REF) {
		const char *name = api_schema_types[f->ref].name;
		if (v == OAS_V2) {
			o = ref_to(v, name);
		} else {
			o = cJSON_CreateObject();
			cJSON *all = cJSON_AddArrayToObject(o, "allOf");
			cJSON_AddItemToArray(all, ref_to(v, name));
			if (!top && api_schema_types[f->ref].base == API_SB_OBJECT)
				cJSON_AddItemToObject(o, "default", cJSON_CreateObject());
		}
		if (top)
			cJSON_AddStringToObject(o, "description", f->description);
		return o;
	}
	o = cJSON_CreateObject();
	if (top)
		cJSON_AddStringToObject(o, "description", f->description);
	if (v == OAS_V3 && f->enum_values)
		cJSON_AddItemToObject(o, "enum", str_array(f->enum_values));
	add_scalar_type(o, f->base);
	return o;
}

static cJSON *field_schema(oas_version v, const api_sfield *f)
{
	cJSON *o = value_schema(v, f, f->shape, true);
	if (f->list_map_keys)
		cJSON_AddItemToObject(o, "x-kubernetes-list-map-keys", str_array(f->list_map_keys));
	if (f->list_type)
		cJSON_AddStringToObject(o, "x-kubernetes-list-type", f->list_type);
	if (f->map_type)
		cJSON_AddStringToObject(o, "x-kubernetes-map-type", f->map_type);
	if (f->patch_merge_key)
		cJSON_AddStringToObject(o, "x-kubernetes-patch-merge-key", f->patch_merge_key);
	if (f->patch_strategy)
		cJSON_AddStringToObject(o, "x-kubernetes-patch-strategy", f->patch_strategy);
	return o;
}

/* The group versions kc serves, as "group/version" pairs, in table order. */
typedef struct gv {
	const char *group, *version;
} gv;

static size_t served_gvs(gv *out, size_t max)
{
	size_t n = 0;
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		bool seen = false;
		for (size_t i = 0; i < n; i++)
			seen |= streq(out[i].group, r->group) && streq(out[i].version, r->version);
		if (!seen && n < max)
			out[n++] = (gv){r->group, r->version};
	}
	return n;
}

static cJSON *gvk_object(const char *group, const char *version, const char *kind)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "group", group);
	cJSON_AddStringToObject(o, "kind", kind);
	cJSON_AddStringToObject(o, "version", version);
	return o;
}

static cJSON *type_schema(oas_version v, const api_stype *t)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "description", t->description);
	if (t->base != API_SB_OBJECT || !t->fields) {
		if (v == OAS_V3 && t->v3_one_of) {
			/* IntOrString and Quantity: either JSON type */
			_cleanup_free_ char *types = xstrdup(t->v3_one_of);
			cJSON *one = cJSON_AddArrayToObject(o, "oneOf");
			char *save = NULL;
			for (char *tok = strtok_r(types, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				cJSON *alt = cJSON_CreateObject();
				cJSON_AddStringToObject(alt, "type", tok);
				cJSON_AddItemToArray(one, alt);
			}
			if (t->format)
				cJSON_AddStringToObject(o, "format", t->format);
		} else {
			if (t->format)
				cJSON_AddStringToObject(o, "format", t->format);
			add_scalar_type(o, t->base);
		}
		return o;
	}
	cJSON *props = cJSON_AddObjectToObject(o, "properties");
	cJSON *req = NULL;
	for (size_t i = 0; i < t->nfields; i++) {
		const api_sfield *f = &t->fields[i];
		cJSON_AddItemToObject(props, f->name, field_schema(v, f));
		if (f->required) {
			if (!req)
				req = cJSON_CreateArray();
			cJSON_AddItemToArray(req, cJSON_CreateString(f->name));
		}
	}
	if (req)
		cJSON_AddItemToObject(o, "required", req);
	cJSON_AddStringToObject(o, "type", "object");
	if (t->kind) {
		cJSON *list = cJSON_AddArrayToObject(o, "x-kubernetes-group-version-kind");
		if (t->gvk_all) {
			gv gvs[32];
			size_t n = served_gvs(gvs, KC_ARRAY_SIZE(gvs));
			for (size_t i = 0; i < n; i++)
				cJSON_AddItemToArray(list, gvk_object(gvs[i].group, gvs[i].version, t->kind));
		} else {
			cJSON_AddItemToArray(list, gvk_object(t->group, t->version, t->kind));
		}
	}
	if (t->map_type)
		cJSON_AddStringToObject(o, "x-kubernetes-map-type", t->map_type);
	return o;
}

/* ---- paths ---- */

typedef struct param {
	const char *name;
	const char *type; /* string, integer, boolean */
	const char *description;
} param;

static const param p_pretty = {"pretty", "string", "If 'true', the output is indented."};
static const param p_dry_run = {"dryRun", "string",
				"When All, the request is checked and processed in full but nothing is saved."};
static const param p_field_manager = {"fieldManager", "string",
				      "The name of the actor making the change, recorded in managedFields."};
static const param p_field_validation = {
	"fieldValidation", "string",
	"How the server treats unknown and duplicate fields in the body: Ignore drops them silently, Warn "
	"(the default) drops them with a Warning header each, Strict fails the request with a BadRequest "
	"error naming them."};
static const param p_force = {"force", "boolean",
			      "Apply requests only: take over fields owned by other managers instead of failing "
			      "with a conflict."};
static const param p_grace = {"gracePeriodSeconds", "integer",
			      "Seconds the object is given before it is removed; 0 removes it at once."};
static const param p_orphan = {"orphanDependents", "boolean",
			       "Deprecated: use propagationPolicy. Whether dependents are left without their owner."};
static const param p_propagation = {"propagationPolicy", "string",
				    "What happens to dependents: Orphan, Background or Foreground."};
static const param p_bookmarks = {"allowWatchBookmarks", "boolean",
				  "Whether a watch may send BOOKMARK events carrying only a resourceVersion."};
static const param p_continue = {"continue", "string",
				 "The token from a previous page of a paginated list, to get the next page."};
static const param p_field_selector = {"fieldSelector", "string",
				       "Only objects whose fields match, such as spec.nodeName=node1."};
static const param p_label_selector = {"labelSelector", "string",
				       "Only objects whose labels match, such as app=web,tier!=db."};
static const param p_limit = {"limit", "integer",
			      "The most objects to return; a continue token follows when there are more."};
static const param p_rv = {"resourceVersion", "string",
			   "The version to read at or watch from; see resourceVersionMatch."};
static const param p_rv_match = {"resourceVersionMatch", "string",
				 "How resourceVersion is applied to a list: Exact or NotOlderThan."};
static const param p_initial_events = {"sendInitialEvents", "boolean",
				       "Whether a watch starts with the current objects as ADDED events."};
static const param p_timeout = {"timeoutSeconds", "integer", "How long a list or watch call may last."};
static const param p_watch = {"watch", "boolean",
			      "Stream changes (ADDED, MODIFIED, DELETED) instead of returning a list."};

static const param *const list_params[] = {&p_bookmarks, &p_continue,     &p_field_selector, &p_label_selector,
					   &p_limit,     &p_rv,           &p_rv_match,       &p_initial_events,
					   &p_timeout,   &p_watch,        NULL};
static const param *const write_params[] = {&p_dry_run, &p_field_manager, &p_field_validation, NULL};
static const param *const patch_params[] = {&p_dry_run, &p_field_manager, &p_field_validation, &p_force, NULL};
static const param *const delete_params[] = {&p_dry_run, &p_grace, &p_orphan, &p_propagation, NULL};
static const param *const deletecollection_params[] = {
	&p_continue, &p_dry_run, &p_field_selector, &p_grace,	&p_label_selector, &p_limit,  &p_orphan,
	&p_propagation, &p_rv,  &p_rv_match,       &p_initial_events, &p_timeout, NULL};

static cJSON *param_json(oas_version v, const char *in, const param *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "description", p->description);
	cJSON_AddStringToObject(o, "in", in);
	cJSON_AddStringToObject(o, "name", p->name);
	if (streq(in, "path"))
		cJSON_AddBoolToObject(o, "required", true);
	if (v == OAS_V2) {
		cJSON_AddStringToObject(o, "type", p->type);
		cJSON_AddBoolToObject(o, "uniqueItems", true);
	} else {
		cJSON *s = cJSON_AddObjectToObject(o, "schema");
		cJSON_AddStringToObject(s, "type", p->type);
		cJSON_AddBoolToObject(s, "uniqueItems", true);
	}
	return o;
}

typedef struct path_ctx {
	oas_version v;
	cJSON *paths;
	bool *used; /* per type: referenced by an operation (v3 components) */
	const kc_resource *r;
	const char *tag;
	char ident[96]; /* "CoreV1", "RbacAuthorizationV1" */
} path_ctx;

static void mark_used(path_ctx *c, const char *type_name)
{
	const api_stype *t = api_schema_type(type_name);
	if (t && c->used)
		c->used[t - api_schema_types] = true;
}

static const char *const media_types[] = {"application/json", "application/yaml",
					  "application/vnd.kubernetes.protobuf", NULL};
static const char *const patch_types[] = {"application/apply-patch+yaml", "application/json-patch+json",
					  "application/merge-patch+json", "application/strategic-merge-patch+json",
					  NULL};

static void add_response(path_ctx *c, cJSON *responses, const char *code, const char *what, const char *type)
{
	cJSON *resp = cJSON_AddObjectToObject(responses, code);
	cJSON_AddStringToObject(resp, "description", what);
	if (!type)
		return;
	mark_used(c, type);
	if (c->v == OAS_V2) {
		cJSON_AddItemToObject(resp, "schema", ref_to(c->v, type));
	} else {
		cJSON *content = cJSON_AddObjectToObject(resp, "content");
		for (size_t i = 0; media_types[i]; i++) {
			cJSON *m = cJSON_AddObjectToObject(content, media_types[i]);
			cJSON_AddItemToObject(m, "schema", ref_to(c->v, type));
		}
	}
}

/* One operation on a path. action: upstream's x-kubernetes-action.
 * body_type: the request body's type or NULL; out_type: the 200 answer's. */
static void add_op(path_ctx *c, cJSON *path_item, const char *method, const char *action, const char *op_id,
		   const char *desc, const param *const *params, const char *body_type, const char *out_type,
		   const char *gvk_group, const char *gvk_version, const char *gvk_kind)
{
	oas_version v = c->v;
	cJSON *op = cJSON_AddObjectToObject(path_item, method);
	if (v == OAS_V2) {
		cJSON *consumes = cJSON_AddArrayToObject(op, "consumes");
		if (streq(method, "patch"))
			for (size_t i = 0; patch_types[i]; i++)
				cJSON_AddItemToArray(consumes, cJSON_CreateString(patch_types[i]));
		else
			cJSON_AddItemToArray(consumes, cJSON_CreateString("*/*"));
	}
	cJSON_AddStringToObject(op, "description", desc);
	cJSON_AddStringToObject(op, "operationId", op_id);
	cJSON *ps = cJSON_AddArrayToObject(op, "parameters");
	if (body_type && v == OAS_V2) {
		cJSON *b = cJSON_CreateObject();
		cJSON_AddStringToObject(b, "in", "body");
		cJSON_AddStringToObject(b, "name", "body");
		cJSON_AddBoolToObject(b, "required", !streq(action, "delete") && !streq(action, "deletecollection"));
		cJSON_AddItemToObject(b, "schema", ref_to(v, body_type));
		cJSON_AddItemToArray(ps, b);
	}
	for (size_t i = 0; params && params[i]; i++)
		cJSON_AddItemToArray(ps, param_json(v, "query", params[i]));
	if (body_type) {
		mark_used(c, body_type);
		if (v == OAS_V3) {
			cJSON *rb = cJSON_AddObjectToObject(op, "requestBody");
			cJSON *content = cJSON_AddObjectToObject(rb, "content");
			if (streq(method, "patch")) {
				for (size_t i = 0; patch_types[i]; i++) {
					cJSON *m = cJSON_AddObjectToObject(content, patch_types[i]);
					cJSON_AddItemToObject(m, "schema", ref_to(v, body_type));
				}
			} else {
				cJSON *m = cJSON_AddObjectToObject(content, "*/*");
				cJSON_AddItemToObject(m, "schema", ref_to(v, body_type));
			}
			cJSON_AddBoolToObject(rb, "required",
					      !streq(action, "delete") && !streq(action, "deletecollection"));
		}
	}
	if (v == OAS_V2) {
		cJSON *produces = cJSON_AddArrayToObject(op, "produces");
		for (size_t i = 0; media_types[i]; i++)
			cJSON_AddItemToArray(produces, cJSON_CreateString(media_types[i]));
		if (streq(action, "list")) {
			cJSON_AddItemToArray(produces, cJSON_CreateString("application/json;stream=watch"));
			cJSON_AddItemToArray(produces,
					     cJSON_CreateString("application/vnd.kubernetes.protobuf;stream=watch"));
		}
	}
	cJSON *responses = cJSON_AddObjectToObject(op, "responses");
	add_response(c, responses, "200", "OK", out_type);
	if (streq(action, "post")) {
		add_response(c, responses, "201", "Created", out_type);
		add_response(c, responses, "202", "Accepted", out_type);
	} else if (streq(action, "put") || streq(action, "patch")) {
		add_response(c, responses, "201", "Created", out_type);
	} else if (streq(action, "delete")) {
		add_response(c, responses, "202", "Accepted", out_type);
	}
	add_response(c, responses, "401", "Unauthorized", NULL);
	if (v == OAS_V2) {
		cJSON *schemes = cJSON_AddArrayToObject(op, "schemes");
		cJSON_AddItemToArray(schemes, cJSON_CreateString("https"));
	}
	cJSON *tags = cJSON_AddArrayToObject(op, "tags");
	cJSON_AddItemToArray(tags, cJSON_CreateString(c->tag));
	cJSON_AddStringToObject(op, "x-kubernetes-action", action);
	cJSON_AddItemToObject(op, "x-kubernetes-group-version-kind", gvk_object(gvk_group, gvk_version, gvk_kind));
}

static cJSON *path_item(path_ctx *c, const char *path, bool namespaced, bool named)
{
	cJSON *item = cJSON_GetObjectItemCaseSensitive(c->paths, path);
	if (item)
		return item;
	item = cJSON_AddObjectToObject(c->paths, path);
	cJSON *ps = cJSON_AddArrayToObject(item, "parameters");
	static const param p_name = {"name", "string", "The name of the object."};
	static const param p_namespace = {"namespace", "string", "The namespace of the objects."};
	if (named)
		cJSON_AddItemToArray(ps, param_json(c->v, "path", &p_name));
	if (namespaced)
		cJSON_AddItemToArray(ps, param_json(c->v, "path", &p_namespace));
	cJSON_AddItemToArray(ps, param_json(c->v, "query", &p_pretty));
	return item;
}

/* "Deployment", "io.k8s.api.apps.v1.Deployment": the type a resource's
 * objects have. */
static const char *kind_type(const kc_resource *r)
{
	const api_stype *t = api_schema_type_gvk(r->group, r->version, r->kind);
	return t ? t->name : NULL;
}

static void add_resource_paths(path_ctx *c)
{
	const kc_resource *r = c->r;
	const char *type = kind_type(r);
	if (!type)
		return;
	_cleanup_free_ char *list_kind = xasprintf("%sList", r->kind);
	const api_stype *lt = api_schema_type_gvk(r->group, r->version, list_kind);
	const char *list_type = lt ? lt->name : NULL;
	char base[128];
	if (r->group[0])
		snprintf(base, sizeof(base), "/apis/%s/%s", r->group, r->version);
	else
		snprintf(base, sizeof(base), "/api/%s", r->version);
	_cleanup_free_ char *coll = r->namespaced ? xasprintf("%s/namespaces/{namespace}/%s", base, r->plural)
						  : xasprintf("%s/%s", base, r->plural);
	_cleanup_free_ char *item = xasprintf("%s/{name}", coll);
	const char *ns = r->namespaced ? "Namespaced" : "";
	const char *g = r->group, *ver = r->version, *k = r->kind;
	unsigned verbs = r->verbs;
	char id[192], desc[192];

	if ((verbs & KC_VERB_LIST) && list_type) {
		cJSON *pi = path_item(c, coll, r->namespaced, false);
		snprintf(id, sizeof(id), "list%s%s%s", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "list or watch objects of kind %s", k);
		add_op(c, pi, "get", "list", id, desc, list_params, NULL, list_type, g, ver, k);
		if (r->namespaced) {
			_cleanup_free_ char *all = xasprintf("%s/%s", base, r->plural);
			pi = path_item(c, all, false, false);
			snprintf(id, sizeof(id), "list%s%sForAllNamespaces", c->ident, k);
			add_op(c, pi, "get", "list", id, desc, list_params, NULL, list_type, g, ver, k);
		}
	}
	if (verbs & KC_VERB_CREATE) {
		cJSON *pi = path_item(c, coll, r->namespaced, false);
		snprintf(id, sizeof(id), "create%s%s%s", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "create %s %s", strchr("AEIOU", k[0]) ? "an" : "a", k);
		add_op(c, pi, "post", "post", id, desc, write_params, type, type, g, ver, k);
	}
	if (verbs & KC_VERB_DELETECOLLECTION) {
		cJSON *pi = path_item(c, coll, r->namespaced, false);
		snprintf(id, sizeof(id), "delete%sCollection%s%s", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "delete collection of %s", k);
		add_op(c, pi, "delete", "deletecollection", id, desc, deletecollection_params, META "DeleteOptions",
		       META "Status", g, ver, k);
	}
	if (verbs & KC_VERB_GET) {
		cJSON *pi = path_item(c, item, r->namespaced, true);
		snprintf(id, sizeof(id), "read%s%s%s", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "read the specified %s", k);
		add_op(c, pi, "get", "get", id, desc, NULL, NULL, type, g, ver, k);
	}
	if (verbs & KC_VERB_UPDATE) {
		cJSON *pi = path_item(c, item, r->namespaced, true);
		snprintf(id, sizeof(id), "replace%s%s%s", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "replace the specified %s", k);
		add_op(c, pi, "put", "put", id, desc, write_params, type, type, g, ver, k);
	}
	if (verbs & KC_VERB_PATCH) {
		cJSON *pi = path_item(c, item, r->namespaced, true);
		snprintf(id, sizeof(id), "patch%s%s%s", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "partially update the specified %s", k);
		add_op(c, pi, "patch", "patch", id, desc, patch_params, META "Patch", type, g, ver, k);
	}
	if (verbs & KC_VERB_DELETE) {
		cJSON *pi = path_item(c, item, r->namespaced, true);
		snprintf(id, sizeof(id), "delete%s%s%s", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "delete %s %s", strchr("AEIOU", k[0]) ? "an" : "a", k);
		add_op(c, pi, "delete", "delete", id, desc, delete_params, META "DeleteOptions", META "Status", g, ver,
		       k);
	}

	/* Subresources with a body kc has a schema for. */
	if (r->subresources & KC_SUB_STATUS) {
		_cleanup_free_ char *p = xasprintf("%s/status", item);
		cJSON *pi = path_item(c, p, r->namespaced, true);
		snprintf(id, sizeof(id), "read%s%s%sStatus", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "read status of the specified %s", k);
		add_op(c, pi, "get", "get", id, desc, NULL, NULL, type, g, ver, k);
		snprintf(id, sizeof(id), "replace%s%s%sStatus", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "replace status of the specified %s", k);
		add_op(c, pi, "put", "put", id, desc, write_params, type, type, g, ver, k);
		snprintf(id, sizeof(id), "patch%s%s%sStatus", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "partially update status of the specified %s", k);
		add_op(c, pi, "patch", "patch", id, desc, patch_params, META "Patch", type, g, ver, k);
	}
	if (r->subresources & KC_SUB_SCALE) {
		static const char scale[] = "io.k8s.api.autoscaling.v1.Scale";
		_cleanup_free_ char *p = xasprintf("%s/scale", item);
		cJSON *pi = path_item(c, p, r->namespaced, true);
		snprintf(id, sizeof(id), "read%s%s%sScale", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "read scale of the specified %s", k);
		add_op(c, pi, "get", "get", id, desc, NULL, NULL, scale, "autoscaling", "v1", "Scale");
		snprintf(id, sizeof(id), "replace%s%s%sScale", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "replace scale of the specified %s", k);
		add_op(c, pi, "put", "put", id, desc, write_params, scale, scale, "autoscaling", "v1", "Scale");
		snprintf(id, sizeof(id), "patch%s%s%sScale", c->ident, ns, k);
		snprintf(desc, sizeof(desc), "partially update scale of the specified %s", k);
		add_op(c, pi, "patch", "patch", id, desc, patch_params, META "Patch", scale, "autoscaling", "v1",
		       "Scale");
	}
	if (r->subresources & KC_SUB_BINDING) {
		static const char binding[] = "io.k8s.api.core.v1.Binding";
		_cleanup_free_ char *p = xasprintf("%s/binding", item);
		cJSON *pi = path_item(c, p, r->namespaced, true);
		snprintf(id, sizeof(id), "create%s%s%sBinding", c->ident, ns, k);
		add_op(c, pi, "post", "post", id, "create binding of a Pod", write_params, binding, binding, "", "v1",
		       "Binding");
	}
}

/* "CoreV1" and tag "core_v1"; "RbacAuthorizationV1" and "rbacAuthorization_v1". */
static void group_ident(const kc_resource *r, char *ident, size_t isize, char *tag, size_t tsize)
{
	char g[96] = "";
	if (!r->group[0]) {
		snprintf(g, sizeof(g), "core");
	} else {
		size_t n = 0;
		bool upper = false;
		for (const char *p = r->group; *p && n + 1 < sizeof(g); p++) {
			if (str_startswith(p, ".k8s.io") && !p[7])
				break;
			if (*p == '.') {
				upper = true;
				continue;
			}
			g[n++] = upper && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
			upper = false;
		}
		g[n] = '\0';
	}
	snprintf(tag, tsize, "%.60s_%.20s", g, r->version);
	char G = g[0] >= 'a' && g[0] <= 'z' ? (char)(g[0] - 'a' + 'A') : g[0];
	char V = r->version[0] >= 'a' && r->version[0] <= 'z' ? (char)(r->version[0] - 'a' + 'A') : r->version[0];
	snprintf(ident, isize, "%c%.60s%c%.20s", G, g + 1, V, r->version + 1);
}

/* Paths of every resource in group/version (group NULL: all resources). */
static void add_paths(oas_version v, cJSON *paths, bool *used, const char *group, const char *version)
{
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		if (group && (!streq(r->group, group) || !streq(r->version, version)))
			continue;
		char tag[96];
		path_ctx c = {v, paths, used, r, tag, ""};
		group_ident(r, c.ident, sizeof(c.ident), tag, sizeof(tag));
		add_resource_paths(&c);
	}
}

static void add_security(cJSON *doc)
{
	cJSON *sec = cJSON_AddArrayToObject(doc, "security");
	cJSON *bt = cJSON_CreateObject();
	cJSON_AddItemToObject(bt, "BearerToken", cJSON_CreateArray());
	cJSON_AddItemToArray(sec, bt);
}

static cJSON *bearer_scheme(oas_version v)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "description", "Bearer Token authentication");
	cJSON_AddStringToObject(o, "in", "header");
	cJSON_AddStringToObject(o, "name", "authorization");
	cJSON_AddStringToObject(o, "type", "apiKey");
	(void)v;
	return o;
}

static cJSON *info(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "title", "Kubernetes");
	cJSON_AddStringToObject(o, "version", "v1.31.0");
	return o;
}

static char *build_v2(size_t *len, char **ret_pb, size_t *pb_len)
{
	_cleanup_json_ cJSON *doc = cJSON_CreateObject();
	cJSON *defs = cJSON_AddObjectToObject(doc, "definitions");
	for (size_t i = 0; i < api_schema_ntypes; i++)
		cJSON_AddItemToObject(defs, api_schema_types[i].name, type_schema(OAS_V2, &api_schema_types[i]));
	cJSON_AddItemToObject(doc, "info", info());
	cJSON *paths = cJSON_AddObjectToObject(doc, "paths");
	add_paths(OAS_V2, paths, NULL, NULL, NULL);
	add_security(doc);
	cJSON *sd = cJSON_AddObjectToObject(doc, "securityDefinitions");
	cJSON_AddItemToObject(sd, "BearerToken", bearer_scheme(OAS_V2));
	cJSON_AddStringToObject(doc, "swagger", "2.0");
	*ret_pb = api_openapi_v2_to_pb(doc, pb_len);
	char *s = cJSON_PrintUnformatted(doc);
	*len = strlen(s);
	return s;
}

/* Marks every type reachable from the used ones. */
static void close_used(bool *used)
{
	bool changed = true;
	while (changed) {
		changed = false;
		for (size_t i = 0; i < api_schema_ntypes; i++) {
			if (!used[i])
				continue;
			const api_stype *t = &api_schema_types[i];
			for (size_t j = 0; j < t->nfields; j++)
				if (t->fields[j].base == API_SB_REF && !used[t->fields[j].ref]) {
					used[t->fields[j].ref] = true;
					changed = true;
				}
		}
	}
}

static char *build_v3_group(const char *group, const char *version, size_t *len)
{
	_cleanup_json_ cJSON *doc = cJSON_CreateObject();
	_cleanup_free_ bool *used = xcalloc(api_schema_ntypes, sizeof(bool));
	cJSON *components = cJSON_AddObjectToObject(doc, "components");
	cJSON_AddItemToObject(doc, "info", info());
	cJSON_AddStringToObject(doc, "openapi", "3.0.0");
	cJSON *paths = cJSON_AddObjectToObject(doc, "paths");
	add_paths(OAS_V3, paths, used, group, version);
	/* The kinds of the group version, also those no path names. */
	for (size_t i = 0; i < api_schema_ntypes; i++) {
		const api_stype *t = &api_schema_types[i];
		if (t->kind && !t->gvk_all && streq(t->group, group) && streq(t->version, version))
			used[i] = true;
	}
	close_used(used);
	cJSON *schemas = cJSON_AddObjectToObject(components, "schemas");
	for (size_t i = 0; i < api_schema_ntypes; i++)
		if (used[i])
			cJSON_AddItemToObject(schemas, api_schema_types[i].name,
					      type_schema(OAS_V3, &api_schema_types[i]));
	cJSON *ss = cJSON_AddObjectToObject(components, "securitySchemes");
	cJSON_AddItemToObject(ss, "BearerToken", bearer_scheme(OAS_V3));
	add_security(doc);
	char *s = cJSON_PrintUnformatted(doc);
	*len = strlen(s);
	return s;
}

/* ---- the kept documents ---- */

typedef struct v3_doc {
	char path[96]; /* "api/v1", "apis/apps/v1" */
	char *doc;
	size_t len;
} v3_doc;

static struct openapi_docs {
	char *v2, *v2_pb;
	size_t v2_len, v2_pb_len;
	char *v3_index;
	size_t v3_index_len;
	v3_doc groups[32];
	size_t ngroups;
} docs;
static pthread_once_t docs_once = PTHREAD_ONCE_INIT;

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void build_docs(void)
{
	docs.v2 = build_v2(&docs.v2_len, &docs.v2_pb, &docs.v2_pb_len);
	gv gvs[32];
	size_t n = served_gvs(gvs, KC_ARRAY_SIZE(gvs));
	_cleanup_json_ cJSON *index = cJSON_CreateObject();
	cJSON *paths = cJSON_AddObjectToObject(index, "paths");
	for (size_t i = 0; i < n && docs.ngroups < KC_ARRAY_SIZE(docs.groups); i++) {
		v3_doc *d = &docs.groups[docs.ngroups++];
		if (gvs[i].group[0])
			snprintf(d->path, sizeof(d->path), "apis/%s/%s", gvs[i].group, gvs[i].version);
		else
			snprintf(d->path, sizeof(d->path), "api/%s", gvs[i].version);
		d->doc = build_v3_group(gvs[i].group, gvs[i].version, &d->len);
		/* The hash names this content: clients cache a document by its
		 * URL for good, so the URL changes whenever the content does. */
		char url[256];
		uint64_t h1 = fnv1a(d->doc, d->len), h2 = fnv1a(d->doc, d->len / 2);
		snprintf(url, sizeof(url), "/openapi/v3/%s?hash=%016llX%016llX", d->path, (unsigned long long)h1,
			 (unsigned long long)h2);
		cJSON *entry = cJSON_AddObjectToObject(paths, d->path);
		cJSON_AddStringToObject(entry, "serverRelativeURL", url);
	}
	docs.v3_index = cJSON_PrintUnformatted(index);
	docs.v3_index_len = strlen(docs.v3_index);
}

const char *api_openapi_v2(size_t *ret_len)
{
	pthread_once(&docs_once, build_docs);
	if (ret_len)
		*ret_len = docs.v2_len;
	return docs.v2;
}

const char *api_openapi_v2_pb(size_t *ret_len)
{
	pthread_once(&docs_once, build_docs);
	if (ret_len)
		*ret_len = docs.v2_pb_len;
	return docs.v2_pb;
}

const char *api_openapi_v3_index(size_t *ret_len)
{
	pthread_once(&docs_once, build_docs);
	if (ret_len)
		*ret_len = docs.v3_index_len;
	return docs.v3_index;
}

const char *api_openapi_v3_group(const char *group_version_path, size_t *ret_len)
{
	pthread_once(&docs_once, build_docs);
	if (!group_version_path)
		return NULL;
	/* tolerate a leading slash and a query ("?hash=...") */
	while (*group_version_path == '/')
		group_version_path++;
	size_t n = strcspn(group_version_path, "?");
	for (size_t i = 0; i < docs.ngroups; i++) {
		const v3_doc *d = &docs.groups[i];
		if (strlen(d->path) == n && strncmp(d->path, group_version_path, n) == 0) {
			if (ret_len)
				*ret_len = d->len;
			return d->doc;
		}
	}
	return NULL;
}
