/* cmd_get.c - kc get: display one or many resources, as kubectl get does.
 *
 * The arguments become a list of requests (a type to list, or a type and a
 * name), in kubectl's order and with its errors (kubectl's resource
 * builder). Without -o (or with -o wide) every request asks the server for
 * a Table and the tables are printed by the table printer, one block per
 * resource type, "kind/name" names when several types are shown; other
 * formats get the objects, several of them as one List. -w prints the rows
 * (or objects) of a watch as events arrive. See print.h for the printers. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <event2/event.h>

#include "ctl/commands.h"
#include "ctl/manifest.h"
#include "ctl/print.h"
#include "ctl/watch_stream.h"
#include "common/json.h"
#include "common/jsonpath.h"
#include "common/timeutil.h"

#include "banned.h"

#define TABLE_ACCEPT                                                                                         \
	"application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"   \
	"application/json"

typedef struct get_opts {
	kc_print_flags pf;
	const char *raw, *selector, *field_selector, *subresource, *kustomize;
	bool watch, watch_only, watch_events, ignore_not_found, all_namespaces, server_print, recursive;
	int64_t chunk_size;
	kc_flags_list filenames;

	/* worked out from the flags */
	const char *ns;    /* the namespace of the context or -n */
	bool human;        /* tables */
	kc_printer *printer;
} get_opts;

/* One thing to fetch: a list of a type, or one object. */
typedef struct request {
	const kc_resource *res;
	char *name; /* NULL: a list */
	char *ns;   /* "" for cluster-scoped types and -A */
} request;

typedef struct requests {
	request *v;
	size_t n, cap;
	bool single; /* kubectl's singleItemImplied */
} requests;

/* What one request brought back. */
typedef struct info {
	const kc_resource *res;
	cJSON *obj; /* a Table (human) or the object or list */
} info;

typedef struct infos {
	info *v;
	size_t n, cap;
} infos;

typedef struct strv {
	char **v;
	size_t n;
} strv;

static void strv_push(strv *s, char *str)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = str;
}

static void strv_free(strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static void requests_add(requests *r, const kc_resource *res, const char *name, const char *ns)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	r->v[r->n++] = (request){res, name ? xstrdup(name) : NULL, xstrdup(res->namespaced ? ns : "")};
}

static void requests_free(requests *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].name);
		free(r->v[i].ns);
	}
	free(r->v);
}

static void infos_add(infos *in, const kc_resource *res, cJSON *obj)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 8;
		in->v = xrealloc(in->v, in->cap * sizeof(*in->v));
	}
	in->v[in->n++] = (info){res, obj};
}

static void infos_free(infos *in)
{
	for (size_t i = 0; i < in->n; i++)
		cJSON_Delete(in->v[i].obj);
	free(in->v);
}

/* Go's url.QueryEscape. */
static void query_escape(kc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.' || *p == '~') {
			kc_buf_addch(b, (char)*p);
		} else if (*p == ' ') {
			kc_buf_addch(b, '+');
		} else {
			kc_buf_addch(b, '%');
			kc_buf_addch(b, hex[*p >> 4]);
			kc_buf_addch(b, hex[*p & 15]);
		}
	}
}

/* Prints the failures as kubectl's CheckErr does: one alone gets "error: "
 * unless the server (or the connection) said it; several, or those of the
 * table path (where kubectl nests its aggregate of them in another), go one
 * a line as they are. */
static int print_errors(kc_ctx *ctx, const strv *errs, bool nested)
{
	if (errs->n == 0)
		return 0;
	fflush(ctx->out); /* what was printed comes first, as kubectl writes it unbuffered */
	for (size_t i = 0; i < errs->n; i++) {
		const char *m = errs->v[i];
		bool bare = nested || errs->n > 1 || str_startswith(m, "Error from server") ||
			    str_startswith(m, "The connection to the server") || str_startswith(m, "Unable to connect");
		fprintf(ctx->err, "%s%s\n", bare ? "" : "error: ", m);
	}
	return 1;
}

/* ---- arguments ---- */

/* kubectl's SplitResourceArgument: commas, repeats dropped. */
static char **split_types(const char *arg, size_t *ret_n)
{
	char **v = NULL;
	size_t n = 0;
	const char *p = arg;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		bool seen = false;
		for (size_t i = 0; i < n; i++)
			if (strlen(v[i]) == len && strncmp(v[i], p, len) == 0)
				seen = true;
		if (!seen) {
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n++] = xstrndup(p, len);
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	*ret_n = n;
	return v;
}

static void free_types(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A category ("all") as the resources in it, in discovery order; NULL
 * when name is no category. */
static char *expand_category(const char *name)
{
	kc_buf b = KC_BUF_INIT;
	bool any = false;
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		for (size_t i = 0; i < KC_ARRAY_SIZE(r->categories) && r->categories[i]; i++) {
			if (!streq(r->categories[i], name))
				continue;
			if (any)
				kc_buf_addch(&b, ',');
			kc_buf_addf(&b, "%s%s%s", r->plural, r->group[0] ? "." : "", r->group);
			any = true;
		}
	}
	if (!any) {
		kc_buf_free(&b);
		return NULL;
	}
	return kc_buf_release(&b);
}

/* kubectl's ReplaceAliases: each category in a comma list becomes its types. */
static char *replace_aliases(const char *arg)
{
	size_t n;
	char **parts = split_types(arg, &n);
	kc_buf b = KC_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *exp = expand_category(parts[i]);
		if (i > 0)
			kc_buf_addch(&b, ',');
		kc_buf_addstr(&b, exp ? exp : parts[i]);
	}
	free_types(parts, n);
	return kc_buf_release(&b);
}

/* kubectl warns when a short name it resolved also names a resource of a
 * later group ("ev": core events, and events.k8s.io's). */
static void warn_short_name(kc_ctx *ctx, const char *type, const kc_resource *chosen)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(chosen->short_names) && chosen->short_names[i]; i++) {
		if (!streq(chosen->short_names[i], type))
			continue;
		for (const kc_resource *r = kc_resources; r->kind; r++) {
			if (r == chosen)
				continue;
			for (size_t k = 0; k < KC_ARRAY_SIZE(r->short_names) && r->short_names[k]; k++)
				if (streq(r->short_names[k], type))
					fprintf(ctx->err, "Warning: short name \"%s\" could also match lower priority "
						"resource %s%s%s\n", type, r->plural, r->group[0] ? "." : "", r->group);
		}
	}
}

static const kc_resource *lookup(kc_ctx *ctx, const char *type, kc_error *err)
{
	const kc_resource *r = kc_resource_lookup(type);
	if (!r)
		kc_error_set(err, -ENOENT, "the server doesn't have a resource type \"%s\"", type);
	else
		warn_short_name(ctx, type, r);
	return r;
}

/* TYPE/NAME arguments. */
static int parse_tuples(kc_ctx *ctx, char *const *args, int n, const get_opts *o, requests *out, kc_error *err)
{
	for (int i = 0; i < n; i++) {
		const char *s = args[i];
		if (!s[0])
			continue;
		const char *slash = strchr(s, '/');
		if (strchr(slash + 1, '/'))
			return kc_error_set(err, -EINVAL, "arguments in resource/name form may not have more than one "
					    "slash");
		_cleanup_free_ char *type = xstrndup(s, (size_t)(slash - s));
		const char *name = slash + 1;
		if (!type[0] || !name[0] || strchr(type, ','))
			return kc_error_set(err, -EINVAL, "arguments in resource/name form must have a single "
					    "resource and name");
	}
	if (o->selector[0] || o->field_selector[0])
		return kc_error_set(err, -EINVAL, "selectors and the all flag cannot be used when passing "
				    "resource/name arguments");
	for (int i = 0; i < n; i++) {
		const char *s = args[i];
		if (!s[0])
			continue;
		const char *slash = strchr(s, '/');
		_cleanup_free_ char *type = xstrndup(s, (size_t)(slash - s));
		const kc_resource *r = lookup(ctx, type, err);
		if (!r)
			return -ENOENT;
		requests_add(out, r, slash + 1, o->all_namespaces ? "" : o->ns);
	}
	for (size_t i = 0; i < out->n; i++)
		if (out->v[i].res->namespaced && o->all_namespaces)
			return kc_error_set(err, -EINVAL, "a resource cannot be retrieved by name across all "
					    "namespaces");
	out->single = out->n == 1;
	return 0;
}

static int parse_args(kc_ctx *ctx, char *const *argv, int argc, const get_opts *o, requests *out, kc_error *err)
{
	/* "pods,svc web": each type with each name */
	char **args = xcalloc((size_t)argc + 1, sizeof(*args));
	int n = 0;
	size_t ntypes = 0;
	char **types = argc >= 2 ? split_types(argv[0], &ntypes) : NULL;
	if (ntypes > 1) {
		for (size_t t = 0; t < ntypes; t++)
			for (int i = 1; i < argc; i++) {
				args = xrealloc(args, ((size_t)n + 2) * sizeof(*args));
				args[n++] = xasprintf("%s/%s", types[t], argv[i]);
			}
	} else {
		for (int i = 0; i < argc; i++)
			args[n++] = xstrdup(argv[i]);
	}
	free_types(types, ntypes);

	int slashes = 0;
	for (int i = 0; i < n; i++)
		slashes += strchr(args[i], '/') != NULL;
	int r = 0;
	if (slashes > 0 && slashes != n) {
		r = kc_error_set(err, -EINVAL, "there is no need to specify a resource type as a separate argument "
				 "when passing arguments in resource/name form (e.g. 'kc get resource/<resource_name>' "
				 "instead of 'kc get resource resource/<resource_name>'");
	} else if (slashes > 0) {
		r = parse_tuples(ctx, args, n, o, out, err);
	} else if (n > 0) {
		_cleanup_free_ char *expanded = replace_aliases(args[0]);
		size_t nt;
		char **tv = split_types(expanded, &nt);
		const kc_resource **res = xcalloc(nt + 1, sizeof(*res));
		for (size_t i = 0; r == 0 && i < nt; i++)
			if (!(res[i] = lookup(ctx, tv[i], err)))
				r = -ENOENT;
		if (r == 0 && n > 1 && nt > 1)
			r = kc_error_set(err, -EINVAL, "you must specify only one resource");
		if (r == 0 && n > 1 && (o->selector[0] || o->field_selector[0]))
			r = kc_error_set(err, -EINVAL, "name cannot be provided when a selector is specified");
		if (r == 0 && n > 1) {
			if (res[0]->namespaced && o->all_namespaces)
				r = kc_error_set(err, -EINVAL, "a resource cannot be retrieved by name across all "
						 "namespaces");
			for (int i = 1; r == 0 && i < n; i++)
				requests_add(out, res[0], args[i], o->all_namespaces ? "" : o->ns);
			out->single = n == 2;
		} else if (r == 0) {
			for (size_t i = 0; i < nt; i++)
				requests_add(out, res[i], NULL, o->all_namespaces ? "" : o->ns);
		}
		free(res);
		free_types(tv, nt);
	}
	for (int i = 0; i < n; i++)
		free(args[i]);
	free(args);
	return r;
}

/* -f: the objects the manifests name, fetched again from the server. */
static int parse_files(kc_ctx *ctx, const get_opts *o, requests *out, strv *errs)
{
	kc_manifest m = {0};
	kc_error err = KC_ERROR_INIT;
	int r = kc_manifest_read(&o->filenames, o->recursive, &m, &err);
	if (r < 0) {
		kc_manifest_clear(&m);
		return kc_fail(ctx, "%s", err.msg);
	}
	for (size_t i = 0; i < m.n_errors; i++)
		strv_push(errs, xstrdup(m.errors[i]));
	for (size_t i = 0; i < m.n; i++) {
		const cJSON *obj = m.objs[i].obj;
		const char *ns = kc_json_get_str(obj, "metadata.namespace", "");
		requests_add(out, m.objs[i].res, kc_json_get_str(obj, "metadata.name", ""), ns[0] ? ns : o->ns);
	}
	struct stat st;
	out->single = o->filenames.n == 1 && !streq(o->filenames.items[0], "-") &&
		      stat(o->filenames.items[0], &st) == 0 && !S_ISDIR(st.st_mode);
	kc_manifest_clear(&m);
	return 0;
}

/* ---- requests ---- */

/* A GET with the context's client; Warning headers printed as kubectl. */
static int get(kc_ctx *ctx, const char *path, const char *accept, kc_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	kc_client *c = kc_ctx_client(ctx);
	if (!c)
		return -EINVAL;
	_cleanup_free_ char *h = accept ? xasprintf("Accept: %s", accept) : NULL;
	const char *headers[] = {h, NULL};
	int r = kc_client_request_sync(c, "GET", path, NULL, NULL, 0, h ? headers : NULL, resp);
	for (char **w = resp->warnings; w && *w; w++)
		fprintf(ctx->err, "Warning: %s\n", *w);
	return r;
}

static char *request_path(const request *rq, const get_opts *o, bool table, int64_t limit, const char *cont)
{
	_cleanup_free_ char *base = kc_path(rq->res, rq->ns, rq->name, rq->name ? o->subresource : NULL);
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, base);
	char sep = '?';
	if (cont && cont[0]) {
		kc_buf_addf(&b, "%ccontinue=", sep);
		query_escape(&b, cont);
		sep = '&';
	}
	if (!rq->name && o->field_selector[0]) {
		kc_buf_addf(&b, "%cfieldSelector=", sep);
		query_escape(&b, o->field_selector);
		sep = '&';
	}
	if (table && o->pf.sort_by[0]) {
		kc_buf_addf(&b, "%cincludeObject=Object", sep);
		sep = '&';
	}
	if (!rq->name && o->selector[0]) {
		kc_buf_addf(&b, "%clabelSelector=", sep);
		query_escape(&b, o->selector);
		sep = '&';
	}
	if (!rq->name && limit > 0)
		kc_buf_addf(&b, "%climit=%lld", sep, (long long)limit);
	return kc_buf_release(&b);
}

/* A Table made on this side (--server-print=false, or a server that sent
 * no Table): NAME and AGE, as kubectl's default printer shows. */
static cJSON *objects_table(const cJSON *obj)
{
	cJSON *t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "kind", "Table");
	cJSON_AddStringToObject(t, "apiVersion", "meta.k8s.io/v1");
	cJSON *defs = cJSON_AddArrayToObject(t, "columnDefinitions");
	static const char *const names[] = {"Name", "Age"};
	for (size_t i = 0; i < 2; i++) {
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "name", names[i]);
		cJSON_AddStringToObject(d, "type", "string");
		cJSON_AddStringToObject(d, "format", i == 0 ? "name" : "");
		cJSON_AddNumberToObject(d, "priority", 0);
		cJSON_AddItemToArray(defs, d);
	}
	cJSON *rows = cJSON_AddArrayToObject(t, "rows");
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(obj, "items");
	const cJSON *it;
	cJSON *single = NULL;
	if (!cJSON_IsArray(items)) {
		single = cJSON_CreateArray();
		cJSON_AddItemReferenceToArray(single, (cJSON *)obj);
		items = single;
	}
	int64_t now = kc_time_now_sec();
	cJSON_ArrayForEach(it, items) {
		cJSON *row = cJSON_CreateObject();
		cJSON *cells = cJSON_AddArrayToObject(row, "cells");
		cJSON_AddItemToArray(cells, cJSON_CreateString(kc_json_get_str(it, "metadata.name", "")));
		kc_time ts;
		char age[KC_DURATION_STR_MAX];
		const char *created = kc_json_get_str(it, "metadata.creationTimestamp", "");
		if (created[0] && kc_time_parse_rfc3339(created, &ts, NULL) == 0)
			kc_duration_human((now - ts.sec) * 1000000000LL, age);
		else
			snprintf(age, sizeof(age), "<unknown>");
		cJSON_AddItemToArray(cells, cJSON_CreateString(age));
		cJSON_AddItemToObject(row, "object", cJSON_Duplicate(it, true));
		cJSON_AddItemToArray(rows, row);
	}
	cJSON_Delete(single);
	return t;
}

/* The message for a failed request; a list's 400 and 404 name the
 * resource and selectors, as kubectl's builder rewords them. */
static char *response_error(const kc_response *resp, const request *rq, const get_opts *o)
{
	if (rq->name || (resp->status != 400 && resp->status != 404))
		return kc_response_error_text(resp);
	const char *reason = kc_json_get_str(resp->body, "reason", "");
	const char *msg = kc_json_get_str(resp->body, "message", resp->err.msg);
	kc_buf b = KC_BUF_INIT;
	if (reason[0])
		kc_buf_addf(&b, "Error from server (%s): ", reason);
	else
		kc_buf_addstr(&b, "Error from server: ");
	_cleanup_free_ char *gvr = xasprintf("%s/%s, Resource=%s", rq->res->group, rq->res->version, rq->res->plural);
	if (!o->selector[0] && !o->field_selector[0]) {
		kc_buf_addstr(&b, "Unable to list ");
		kc_jsonpath_go_quote(&b, gvr);
	} else {
		kc_buf_addstr(&b, "Unable to find ");
		kc_jsonpath_go_quote(&b, gvr);
		kc_buf_addstr(&b, " that match label selector ");
		kc_jsonpath_go_quote(&b, o->selector);
		kc_buf_addstr(&b, ", field selector ");
		kc_jsonpath_go_quote(&b, o->field_selector);
	}
	kc_buf_addf(&b, ": %s", msg);
	return kc_buf_release(&b);
}

/* The error for namespace ns when it does not exist, or NULL. */
static char *missing_namespace(kc_ctx *ctx, const char *ns)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s", ns);
	kc_response resp;
	char *msg = NULL;
	if (get(ctx, path, NULL, &resp) == 0 && resp.status == 404)
		msg = kc_response_error_text(&resp);
	kc_response_clear(&resp);
	return msg;
}

/* Adds apiVersion and kind to list items that lack them, as kubectl's
 * unstructured list decoding does. */
static void fill_item_kinds(cJSON *list)
{
	const char *api_version = kc_json_get_str(list, "apiVersion", "");
	const char *kind = kc_json_get_str(list, "kind", "");
	size_t klen = strlen(kind);
	if (klen > 4 && streq(kind + klen - 4, "List"))
		klen -= 4;
	cJSON *item;
	cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(list, "items")) {
		if (!cJSON_IsObject(item))
			continue;
		if (!cJSON_GetObjectItemCaseSensitive(item, "apiVersion"))
			cJSON_AddStringToObject(item, "apiVersion", api_version);
		if (!cJSON_GetObjectItemCaseSensitive(item, "kind")) {
			_cleanup_free_ char *k = xstrndup(kind, klen);
			cJSON_AddStringToObject(item, "kind", k);
		}
	}
}

/* Runs one request, following continue tokens; a list's pages are joined
 * (table rows, or items). Returns 0 with *ret set, 1 when the server
 * refused (message added to errs; NotFound dropped with
 * --ignore-not-found), -1 after a transport failure (printed). */
static int fetch(kc_ctx *ctx, const request *rq, const get_opts *o, bool table, bool use_chunks, cJSON **ret,
		 strv *errs)
{
	cJSON *result = NULL;
	_cleanup_free_ char *cont = NULL;
	int64_t limit = use_chunks && !o->pf.sort_by[0] ? o->chunk_size : 0;
	for (;;) {
		_cleanup_free_ char *path = request_path(rq, o, table, limit, cont);
		kc_response resp;
		int r = get(ctx, path, table && o->server_print ? TABLE_ACCEPT : NULL, &resp);
		if (r < 0 || resp.status == 0) {
			if (resp.status == 0 && resp.err.msg[0])
				fprintf(ctx->err, "%s\n", resp.err.msg);
			kc_response_clear(&resp);
			cJSON_Delete(result);
			return -1;
		}
		if (resp.status >= 300 || !cJSON_IsObject(resp.body)) {
			bool not_found = resp.status == 404;
			char *msg = resp.status >= 300 ? response_error(&resp, rq, o)
						       : xstrdup("the server sent an answer that is not a JSON object");
			/* an object missing from a namespace other than default: kubectl
			 * says so when the namespace itself is missing */
			if (not_found && rq->name && rq->ns[0] && !streq(rq->ns, "default")) {
				char *ns_msg = missing_namespace(ctx, rq->ns);
				if (ns_msg) {
					free(msg);
					msg = ns_msg;
				}
			}
			if (!(not_found && o->ignore_not_found))
				strv_push(errs, msg);
			else
				free(msg);
			kc_response_clear(&resp);
			cJSON_Delete(result);
			return 1;
		}
		cJSON *page = TAKE_PTR(resp.body);
		kc_response_clear(&resp);
		free(cont);
		cont = xstrdup(kc_json_get_str(page, "metadata.continue", ""));
		if (table && !streq(kc_json_get_str(page, "kind", ""), "Table")) {
			cJSON *t = objects_table(page);
			cJSON_Delete(page);
			page = t;
		}
		if (!result) {
			result = page;
		} else {
			const char *key = table ? "rows" : "items";
			cJSON *dst = cJSON_GetObjectItemCaseSensitive(result, key);
			cJSON *src = cJSON_GetObjectItemCaseSensitive(page, key);
			if (!cJSON_IsArray(dst)) {
				dst = cJSON_CreateArray();
				kc_json_object_put(result, key, dst);
			}
			while (cJSON_IsArray(src) && src->child)
				cJSON_AddItemToArray(dst, cJSON_DetachItemViaPointer(src, src->child));
			cJSON_Delete(page);
		}
		if (!cont[0] || rq->name)
			break;
	}
	if (!table)
		fill_item_kinds(result);
	*ret = result;
	return 0;
}

/* ---- printing tables ---- */

static char *kind_label(const kc_resource *r)
{
	char buf[160];
	return xstrdup(kc_kind_name(r, buf, sizeof(buf)));
}

/* kubectl's multipleGVKsRequested. */
static bool several_kinds(const infos *in)
{
	for (size_t i = 1; i < in->n; i++)
		if (in->v[i].res != in->v[0].res)
			return true;
	return false;
}

static void write_out(kc_ctx *ctx, kc_buf *b)
{
	if (b->len)
		fwrite(b->s, 1, b->len, ctx->out);
	kc_buf_reset(b);
}

static int print_tables(kc_ctx *ctx, get_opts *o, infos *in, strv *errs)
{
	/* With several answers kubectl first sorts the answers themselves (the
	 * Tables) by the field, which usually fails: its behaviour, kept. */
	if (o->pf.sort_by[0] && in->n > 1) {
		cJSON **objs = xcalloc(in->n, sizeof(*objs));
		for (size_t i = 0; i < in->n; i++)
			objs[i] = in->v[i].obj;
		kc_error err = KC_ERROR_INIT;
		int r = kc_sort_objects(objs, in->n, o->pf.sort_by, &err);
		if (r < 0) {
			free(objs);
			return kc_fail(ctx, "%s", err.msg);
		}
		info *sorted = xcalloc(in->n, sizeof(*sorted));
		for (size_t i = 0; i < in->n; i++)
			for (size_t k = 0; k < in->n; k++)
				if (in->v[k].obj == objs[i])
					sorted[i] = in->v[k];
		memcpy(in->v, sorted, in->n * sizeof(*sorted));
		free(sorted);
		free(objs);
	}
	bool with_kind = o->pf.show_kind || several_kinds(in);
	bool all_namespaced = !o->all_namespaces;
	size_t written = 0;
	bool separate = false;
	kc_buf chunk = KC_BUF_INIT, out = KC_BUF_INIT;
	kc_print_tabwriter *tw = kc_print_tabwriter_new(&chunk);
	kc_table_printer tp;
	kc_table_printer_init(&tp, NULL);
	char *kind = NULL;
	const kc_resource *last = NULL;
	/* kubectl's printers share one flag set: once a type printed the
	 * NAMESPACE column, the types after it print it too */
	bool with_namespace = false;
	/* what the tab writer wrote since the last look goes out, after the
	 * blank line between two types when one is due */
	for (size_t i = 0; i <= in->n; i++) {
		const kc_resource *res = i < in->n ? in->v[i].res : NULL;
		if (i == in->n || res != last) {
			kc_print_tabwriter_flush(tw);
			kc_print_tabwriter_reset_widths(tw);
			if (chunk.len && separate)
				kc_buf_addch(&out, '\n');
			if (chunk.len)
				separate = false;
			written += chunk.len;
			kc_buf_add(&out, kc_buf_str(&chunk), chunk.len);
			kc_buf_reset(&chunk);
			if (i == in->n)
				break;
			if (last && !o->pf.no_headers && written > 0)
				separate = true;
			kc_table_printer_clear(&tp);
			free(kind);
			kind = with_kind ? kind_label(res) : NULL;
			kc_table_options opts = {
				.wide = kc_printer_format(o->printer) == KC_PRINT_WIDE,
				.no_headers = o->pf.no_headers,
				.with_namespace = (with_namespace |= o->all_namespaces && res->namespaced),
				.show_labels = o->pf.show_labels,
				.kind = kind,
				.label_columns = o->pf.label_columns.items,
				.n_label_columns = o->pf.label_columns.n,
			};
			kc_table_printer_init(&tp, &opts);
			last = res;
		}
		all_namespaced = all_namespaced && res->namespaced;
		cJSON *table = in->v[i].obj;
		if (o->pf.sort_by[0]) {
			kc_error err = KC_ERROR_INIT;
			/* a table that cannot be sorted is not printed (upstream drops
			 * the error) */
			if (kc_sort_table_rows(table, o->pf.sort_by, &err) < 0)
				continue;
		}
		kc_table_printer_print(&tp, table, NULL, tw);
	}
	kc_print_tabwriter_free(tw);
	kc_table_printer_clear(&tp);
	free(kind);
	write_out(ctx, &out);
	kc_buf_free(&out);
	kc_buf_free(&chunk);
	if (written == 0 && !o->ignore_not_found && errs->n == 0) {
		if (all_namespaced)
			fprintf(ctx->err, "No resources found in %s namespace.\n", o->ns);
		else
			fprintf(ctx->err, "No resources found\n");
	}
	return print_errors(ctx, errs, true);
}

/* ---- printing objects ---- */

static int print_objects(kc_ctx *ctx, get_opts *o, const requests *rqs, infos *in, strv *errs)
{
	if (rqs->single && errs->n > 0)
		return print_errors(ctx, errs, false);
	if (in->n == 0 && o->ignore_not_found)
		return print_errors(ctx, errs, false);
	_cleanup_json_ cJSON *list = NULL;
	const cJSON *obj;
	if (rqs->single && in->n == 1) {
		obj = in->v[0].obj;
	} else {
		cJSON *items = cJSON_CreateArray();
		for (size_t i = 0; i < in->n; i++) {
			cJSON *o1 = in->v[i].obj;
			cJSON *its = cJSON_GetObjectItemCaseSensitive(o1, "items");
			if (cJSON_IsArray(its) && str_endswith(kc_json_get_str(o1, "kind", ""), "List")) {
				while (its->child)
					cJSON_AddItemToArray(items, cJSON_DetachItemViaPointer(its, its->child));
			} else {
				cJSON_AddItemToArray(items, cJSON_Duplicate(o1, true));
			}
		}
		list = kc_print_list_new(items);
		obj = list;
	}
	if (o->pf.sort_by[0] && list) {
		cJSON *items = cJSON_GetObjectItemCaseSensitive(list, "items");
		size_t n = (size_t)cJSON_GetArraySize(items);
		cJSON **v = xcalloc(n + 1, sizeof(*v));
		size_t k = 0;
		cJSON *it;
		cJSON_ArrayForEach(it, items) v[k++] = it;
		kc_error err = KC_ERROR_INIT;
		if (kc_sort_objects(v, n, o->pf.sort_by, &err) < 0) {
			free(v);
			strv_push(errs, xstrdup(err.msg));
			return print_errors(ctx, errs, false);
		}
		for (size_t i = 0; i < n; i++)
			cJSON_DetachItemViaPointer(items, v[i]);
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(items, v[i]);
		free(v);
	}
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	char *msg = NULL;
	if (kc_printer_print(o->printer, obj, &out, &msg) < 0)
		strv_push(errs, msg);
	write_out(ctx, &out);
	return print_errors(ctx, errs, false);
}

/* ---- watching ---- */

typedef struct watcher {
	kc_ctx *ctx;
	get_opts *o;
	kc_table_printer tp;
	kc_print_tabwriter *tw;
	kc_buf buf;
	bool skip_first; /* a watch of one object starts with an ADDED of it */
	kc_watch_stream *stream;
	char *error;
	bool done;
} watcher;

static void watch_print(watcher *w, const char *type, const cJSON *obj)
{
	if (kc_print_format_is_human(kc_printer_format(w->o->printer))) {
		kc_table_printer_print(&w->tp, obj, w->o->watch_events ? type : NULL, w->tw);
		kc_print_tabwriter_flush(w->tw);
	} else {
		cJSON *ev = NULL;
		if (w->o->watch_events) {
			ev = cJSON_CreateObject();
			cJSON_AddStringToObject(ev, "type", type);
			cJSON_AddItemReferenceToObject(ev, "object", (cJSON *)obj);
		}
		char *msg = NULL;
		if (kc_printer_print(w->o->printer, ev ? ev : obj, &w->buf, &msg) < 0) {
			fprintf(w->ctx->err, "error: %s\n", msg);
			free(msg);
		}
		cJSON_Delete(ev);
	}
	write_out(w->ctx, &w->buf);
	fflush(w->ctx->out);
}

/* kubectl's skipPrinter: a table that is not shown still tells the table
 * printer its columns (watch events after the first carry none). */
static void skip_table(watcher *w, const cJSON *table)
{
	if (!kc_print_format_is_human(kc_printer_format(w->o->printer)))
		return;
	_cleanup_json_ cJSON *copy = cJSON_Duplicate(table, true);
	kc_json_object_remove(copy, "rows");
	kc_table_printer_print(&w->tp, copy, NULL, w->tw);
}

static void on_watch_event(kc_watch_event_type type, cJSON *object, void *userdata)
{
	watcher *w = userdata;
	if (type == KC_WATCH_ERROR) {
		free(w->error);
		w->error = xasprintf("Error from server (%s): %s", kc_json_get_str(object, "reason", "Unknown"),
				     kc_json_get_str(object, "message", ""));
		w->done = true;
		event_base_loopbreak(w->ctx->base);
		return;
	}
	if (w->skip_first) {
		w->skip_first = false;
		skip_table(w, object);
		return;
	}
	watch_print(w, kc_watch_event_type_name(type), object);
}

static void on_watch_end(const char *error, void *userdata)
{
	watcher *w = userdata;
	if (error && !w->error)
		w->error = xstrdup(error);
	w->done = true;
	event_base_loopbreak(w->ctx->base);
}

/* Watches what rq names from the list's resourceVersion and prints each
 * event until the server ends the stream. */
static int watch_loop(kc_ctx *ctx, get_opts *o, const request *rq, watcher *w, const char *list_rv)
{
	bool human = kc_print_format_is_human(kc_printer_format(o->printer));
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	_cleanup_free_ char *base = kc_path(rq->res, rq->ns, NULL, NULL);
	kc_buf_addstr(&path, base);
	char sep = '?';
	_cleanup_free_ char *name_sel = rq->name ? xasprintf("metadata.name=%s", rq->name) : NULL;
	const char *fsel = rq->name ? name_sel : o->field_selector;
	if (fsel[0]) {
		kc_buf_addf(&path, "%cfieldSelector=", sep);
		query_escape(&path, fsel);
		sep = '&';
	}
	if (!rq->name && o->selector[0]) {
		kc_buf_addf(&path, "%clabelSelector=", sep);
		query_escape(&path, o->selector);
	}
	/* a list's resourceVersion is "now"; a watch of one object from "0"
	 * starts with a made-up ADDED of it, which kubectl skips */
	const char *rv = rq->name ? "0" : list_rv;
	w->skip_first = rq->name != NULL;
	kc_error err = KC_ERROR_INIT;
	w->stream = kc_watch_stream_start(kc_ctx_client(ctx), path.s, rv, human ? TABLE_ACCEPT : NULL,
					  on_watch_event, on_watch_end, w, &err);
	if (!w->stream)
		return kc_fail(ctx, "%s", err.msg);
	while (!w->done)
		if (event_base_loop(ctx->base, EVLOOP_ONCE) < 0)
			break;
	kc_watch_stream_stop(w->stream);
	w->stream = NULL;
	if (w->error)
		return kc_fail(ctx, "%s", w->error);
	return 0;
}

static int run_watch(kc_ctx *ctx, get_opts *o, const requests *rqs)
{
	if (rqs->n == 0)
		return kc_fail(ctx, "You must provide one or more resources by argument or filename.\n"
			       "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
			       "   '<resource> <name>'\n   '<resource>'");
	for (size_t i = 1; i < rqs->n; i++)
		if (rqs->v[i].res != rqs->v[0].res)
			return kc_fail(ctx, "you may only specify a single resource type");
	bool human = kc_print_format_is_human(kc_printer_format(o->printer));
	watcher w = {.ctx = ctx, .o = o};
	kc_buf_init(&w.buf);
	w.tw = kc_print_tabwriter_new(&w.buf);
	kc_table_options topts = {
		.wide = kc_printer_format(o->printer) == KC_PRINT_WIDE,
		.no_headers = o->pf.no_headers,
		.with_namespace = o->all_namespaces && rqs->v[0].res->namespaced,
		.show_labels = o->pf.show_labels,
		.kind = NULL,
		.label_columns = o->pf.label_columns.items,
		.n_label_columns = o->pf.label_columns.n,
	};
	kc_table_printer_init(&w.tp, &topts);
	strv errs = {0};
	infos in = {0};
	int rc = 0;
	for (size_t i = 0; i < rqs->n; i++) {
		cJSON *obj = NULL;
		int r = fetch(ctx, &rqs->v[i], o, human, true, &obj, &errs);
		if (r < 0) {
			rc = 1;
			goto out;
		}
		if (r == 0)
			infos_add(&in, rqs->v[i].res, obj);
	}
	if (errs.n > 0 || in.n == 0) {
		rc = print_errors(ctx, &errs, true);
		goto out;
	}
	/* print what there is now, one table or object at a time */
	for (size_t i = 0; i < in.n; i++) {
		cJSON *obj = in.v[i].obj;
		if (o->watch_only) {
			skip_table(&w, obj);
			continue;
		}
		if (human) {
			kc_table_printer_print(&w.tp, obj, o->watch_events ? "ADDED" : NULL, w.tw);
			continue;
		}
		cJSON *its = rqs->v[i].name ? NULL : cJSON_GetObjectItemCaseSensitive(obj, "items");
		if (!its) {
			watch_print(&w, "ADDED", obj);
			continue;
		}
		const cJSON *it;
		cJSON_ArrayForEach(it, its) watch_print(&w, "ADDED", it);
	}
	kc_print_tabwriter_flush(w.tw);
	write_out(ctx, &w.buf);
	fflush(ctx->out);
	if (in.n > 1) {
		rc = kc_fail(ctx, "you may only watch a single resource or type of resource at a time");
		goto out;
	}

	rc = watch_loop(ctx, o, &rqs->v[0], &w, kc_json_get_str(in.v[0].obj, "metadata.resourceVersion", ""));
out:
	free(w.error);
	kc_table_printer_clear(&w.tp);
	kc_print_tabwriter_free(w.tw);
	kc_buf_free(&w.buf);
	infos_free(&in);
	strv_free(&errs);
	return rc;
}

/* ---- --raw ---- */

static int raw_get(kc_ctx *ctx, const char *raw)
{
	kc_response resp;
	if (get(ctx, raw, NULL, &resp) < 0 || resp.status == 0) {
		if (resp.err.msg[0])
			fprintf(ctx->err, "%s\n", resp.err.msg);
		kc_response_clear(&resp);
		return 1;
	}
	int rc = 0;
	if (resp.status >= 300)
		rc = kc_fail_response(ctx, &resp, NULL);
	else if (resp.raw_len)
		fwrite(resp.raw, 1, resp.raw_len, ctx->out);
	kc_response_clear(&resp);
	return rc;
}

/* ---- the command ---- */

static const char get_synopsis[] =
	"kc get [(-o|--output=)json|yaml|name|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|"
	"custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) "
	"[flags] [options]";

static const char get_description[] =
	"Display one or many resources.\n\n"
	" Prints a table of the most important information about the specified resources. You can filter the list "
	"using a label selector and the --selector flag. If the desired resource type is namespaced you will only "
	"see results in the current namespace if you don't specify any namespace.\n\n"
	" By specifying the output as 'jsonpath' and providing a JSONPath template as the value of the --template "
	"flag, you can filter the attributes of the fetched resources.\n\n"
	"Use \"kc api-resources\" for a complete list of supported resources.";

static const char get_examples[] =
	"  # List all pods in ps output format\n  kc get pods\n\n"
	"  # List all pods in ps output format with more information (such as node name)\n  kc get pods -o wide\n\n"
	"  # List a single replication controller with specified NAME in ps output format\n"
	"  kc get replicationcontroller web\n\n"
	"  # List deployments in JSON output format, in the \"v1\" version of the \"apps\" API group\n"
	"  kc get deployments.v1.apps -o json\n\n"
	"  # List a single pod in JSON output format\n  kc get -o json pod web-pod-13je7\n\n"
	"  # List a pod identified by type and name specified in \"pod.yaml\" in JSON output format\n"
	"  kc get -f pod.yaml -o json\n\n"
	"  # Return only the phase value of the specified pod\n"
	"  kc get -o jsonpath pod/web-pod-13je7 --template={.status.phase}\n\n"
	"  # List resource information in custom columns\n"
	"  kc get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image\n\n"
	"  # List all replication controllers and services together in ps output format\n"
	"  kc get rc,services\n\n"
	"  # List one or more resources by their type and names\n"
	"  kc get rc/web service/frontend pods/web-pod-13je7\n\n"
	"  # List the 'status' subresource for a single pod\n  kc get pod web-pod-13je7 --subresource status\n\n"
	"  # List all deployments in namespace 'backend'\n  kc get deployments.apps --namespace backend\n\n"
	"  # List all pods existing in all namespaces\n  kc get pods --all-namespaces";

static int validate(kc_ctx *ctx, get_opts *o, int nargs)
{
	if (o->raw[0]) {
		if (nargs > 0)
			return kc_fail(ctx, "arguments may not be passed when --raw is specified");
		if (o->watch || o->watch_only || o->selector[0])
			return kc_fail(ctx, "--raw may not be specified with other flags that filter the server request "
				       "or alter the output");
		if (o->pf.output[0])
			return kc_fail(ctx, "--raw and --output are mutually exclusive");
		if (o->raw[0] != '/' && !strstr(o->raw, "://"))
			return kc_fail(ctx, "--raw must be a valid URL path: parse \"%s\": invalid URI for request",
				       o->raw);
		return 0;
	}
	if (o->kustomize[0])
		return kc_fail(ctx, "kustomize is not supported by kc");
	if (o->pf.show_labels && o->pf.output[0] && !streq(o->pf.output, "wide"))
		return kc_fail(ctx, "--show-labels option cannot be used with %s printer", o->pf.output);
	if (o->watch_events && !(o->watch || o->watch_only))
		return kc_fail(ctx, "--output-watch-events option can only be used with --watch or --watch-only");
	if (o->subresource[0] && !streq(o->subresource, "status") && !streq(o->subresource, "scale"))
		return kc_fail(ctx, "invalid subresource value: \"%s\". Must be one of [status scale]", o->subresource);
	return 0;
}

int cmd_get(kc_ctx *ctx, int argc, char **argv)
{
	get_opts o = {0};
	kc_flag own[] = {
		KC_FLAG_BOOL("all-namespaces", 'A', &o.all_namespaces, "false",
			     "If present, list the requested object(s) across all namespaces. Namespace in current "
			     "context is ignored even if specified with --namespace."),
		KC_FLAG_INT64("chunk-size", 0, &o.chunk_size, "500",
			      "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is "
			      "beta and may change in the future."),
		KC_FLAG_STRING("field-selector", 0, &o.field_selector, "",
			       "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector "
			       "key1=value1,key2=value2). The server only supports a limited number of field queries per "
			       "type."),
		KC_FLAG_STRING_SLICE("filename", 'f', &o.filenames, "",
				     "Filename, directory, or URL to files identifying the resource to get from a "
				     "server."),
		KC_FLAG_BOOL("ignore-not-found", 0, &o.ignore_not_found, "false",
			     "If the requested object does not exist the command will return exit code 0."),
		KC_FLAG_STRING("kustomize", 'k', &o.kustomize, "",
			       "Process the kustomization directory. This flag can't be used together with -f or -R."),
		KC_FLAG_BOOL("output-watch-events", 0, &o.watch_events, "false",
			     "Output watch event objects when --watch or --watch-only is used. Existing objects are "
			     "output as initial ADDED events."),
		KC_FLAG_STRING("raw", 0, &o.raw, "",
			       "Raw URI to request from the server.  Uses the transport specified by the kubeconfig "
			       "file."),
		KC_FLAG_BOOL("recursive", 'R', &o.recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_STRING("selector", 'l', &o.selector, "",
			       "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l "
			       "key1=value1,key2=value2). Matching objects must satisfy all of the specified label "
			       "constraints."),
		KC_FLAG_BOOL("server-print", 0, &o.server_print, "true",
			     "If true, have the server return the appropriate table output. Supports extension APIs "
			     "and CRDs."),
		KC_FLAG_STRING("subresource", 0, &o.subresource, "",
			       "If specified, gets the subresource of the requested object. This flag is beta and may "
			       "change in the future."),
		KC_FLAG_BOOL("watch", 'w', &o.watch, "false", "After listing/getting the requested object, watch for "
			     "changes."),
		KC_FLAG_BOOL("watch-only", 0, &o.watch_only, "false",
			     "Watch for changes to the requested object(s), without listing/getting first."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, kc_print_flags_init(&o.pf, KC_PRINT_FLAGS_OBJECT | KC_PRINT_FLAGS_GET), ctx->table,
			     NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	requests rqs = {0};
	infos in = {0};
	strv errs = {0};
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc get", get_synopsis, get_description, get_examples, tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s\nSee 'kc get -h' for help and examples", err.msg);
		goto out;
	}
	rc = validate(ctx, &o, args.n);
	if (rc)
		goto out;
	if (!kc_ctx_client(ctx)) {
		rc = 1;
		goto out;
	}
	if (o.raw[0]) {
		rc = raw_get(ctx, o.raw);
		goto out;
	}
	o.ns = kc_ctx_namespace(ctx);
	const char *output = o.pf.output;
	if (strstr(output, "custom-columns") || streq(output, "yaml") || strstr(output, "json"))
		o.server_print = false;
	if (o.watch || o.watch_only) {
		if (o.pf.sort_by[0])
			fprintf(ctx->err, "warning: --watch requested, --sort-by will be ignored for watch events "
					  "received\n");
	} else if (args.n == 0 && o.filenames.n == 0) {
		fprintf(ctx->err, "You must specify the type of resource to get. Use \"kc api-resources\" for a "
				  "complete list of supported resources.\n\n");
		rc = kc_fail(ctx, "Required resource not specified.\nUse \"kc explain <resource>\" for a detailed "
			     "description of that resource (e.g. kc explain pods).\nSee 'kc get -h' for help and "
			     "examples");
		goto out;
	}
	if (kc_printer_new(&o.pf, &o.printer, &err) < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	o.human = kc_print_format_is_human(kc_printer_format(o.printer));

	if (o.filenames.n > 0) {
		if (args.n > 0) {
			rc = kc_fail(ctx, "when paths, URLs, or stdin is provided as input, you may not specify resource "
				     "arguments as well");
			goto out;
		}
		rc = parse_files(ctx, &o, &rqs, &errs);
		if (rc)
			goto out;
	} else if (parse_args(ctx, args.args, args.n, &o, &rqs, &err) < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (o.subresource[0]) {
		for (size_t i = 0; i < rqs.n; i++)
			if (!rqs.v[i].name) {
				rc = kc_fail(ctx, "subresource cannot be used when bulk resources are specified");
				goto out;
			}
	}
	if (o.watch || o.watch_only) {
		rc = run_watch(ctx, &o, &rqs);
		goto out;
	}
	for (size_t i = 0; i < rqs.n; i++) {
		cJSON *obj = NULL;
		int r = fetch(ctx, &rqs.v[i], &o, o.human, true, &obj, &errs);
		if (r < 0) {
			rc = 1;
			goto out;
		}
		if (r == 0)
			infos_add(&in, rqs.v[i].res, obj);
	}
	rc = o.human ? print_tables(ctx, &o, &in, &errs) : print_objects(ctx, &o, &rqs, &in, &errs);
out:
	kc_printer_free(o.printer);
	requests_free(&rqs);
	infos_free(&in);
	strv_free(&errs);
	free(args.args);
	kc_flags_release(tables);
	return rc;
}
