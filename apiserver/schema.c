/* schema.c - look-ups in the compiled schema tables and the unknown and
 * duplicate field check of request bodies (see schema.h). The OpenAPI
 * documents are built in schema_openapi.c. */
#include "apiserver/schema.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "apiserver/schema_types.h"
#include "common/util.h"
#include "banned.h"

/* Deeper than any schema nests; a guard, not a limit anyone meets. */
#define WALK_MAX_DEPTH 64

const api_stype *api_schema_type(const char *name)
{
	size_t lo = 0, hi = api_schema_ntypes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(api_schema_types[mid].name, name);
		if (c == 0)
			return &api_schema_types[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const api_stype *api_schema_type_gvk(const char *group, const char *version, const char *kind)
{
	for (size_t i = 0; i < api_schema_ntypes; i++) {
		const api_stype *t = &api_schema_types[i];
		if (t->kind && !t->gvk_all && streq(t->kind, kind) && streq(t->group, group) &&
		    streq(t->version, version))
			return t;
	}
	return NULL;
}

const api_sfield *api_schema_field(const api_stype *t, const char *name)
{
	size_t lo = 0, hi = t->nfields;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->fields[mid].name, name);
		if (c == 0)
			return &t->fields[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- the field check ---- */

typedef struct strlist {
	char **v;
	size_t n, cap;
} strlist;

static void strlist_add(strlist *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4;
		l->v = xrealloc(l->v, l->cap * sizeof(char *));
	}
	l->v[l->n++] = xstrdup(s);
}

static void strlist_free(strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

typedef struct walker {
	kc_buf path; /* of the value being walked; truncated back after each child */
	strlist unknown, duplicate;
	/* for the type check, as Go's encoding/json reports: the JSON keys
	 * from the top (no indexes, no map keys), the innermost struct */
	kc_buf gopath;
	const api_stype *gostruct;
	char *type_error; /* the first mismatch */
} walker;

static void walk_type(walker *w, const cJSON *v, const api_stype *t, int depth);

static bool seen_before(const cJSON *obj, const cJSON *item)
{
	for (const cJSON *e = obj->child; e && e != item; e = e->next)
		if (e->string && item->string && streq(e->string, item->string))
			return true;
	return false;
}

/* "io.k8s.api.core.v1.PodSpec" -> "v1.PodSpec", as Go prints a type. */
static const char *go_short(const char *name, char *buf, size_t size)
{
	const char *last = strrchr(name, '.');
	const char *prev = last;
	while (prev && prev > name && prev[-1] != '.')
		prev--;
	snprintf(buf, size, "%s", prev ? prev : name);
	return buf;
}

static void go_type_name(const char *shape, int base, int ref, kc_buf *out)
{
	for (; *shape; shape++)
		kc_buf_addstr(out, *shape == '[' ? "[]" : "map[string]");
	static const char *const scalars[] = {
		[API_SB_STRING] = "string", [API_SB_INT32] = "int32", [API_SB_INT64] = "int64",
		[API_SB_DOUBLE] = "float64", [API_SB_BOOL] = "bool", [API_SB_BYTE] = "[]uint8",
		[API_SB_OBJECT] = "interface {}",
	};
	char buf[128];
	if (base == API_SB_REF && ref >= 0 && (size_t)ref < api_schema_ntypes)
		kc_buf_addstr(out, go_short(api_schema_types[ref].name, buf, sizeof(buf)));
	else if (base >= 0 && base < API_SB_REF)
		kc_buf_addstr(out, scalars[base]);
}

/* What Go calls the JSON value in "cannot unmarshal X into". */
static void go_value_name(const cJSON *v, bool show_number, kc_buf *out)
{
	if (cJSON_IsString(v))
		kc_buf_addstr(out, "string");
	else if (cJSON_IsBool(v))
		kc_buf_addstr(out, "bool");
	else if (cJSON_IsArray(v))
		kc_buf_addstr(out, "array");
	else if (cJSON_IsObject(v))
		kc_buf_addstr(out, "object");
	else if (show_number)
		kc_buf_addf(out, "number %.17g", v->valuedouble);
	else
		kc_buf_addstr(out, "number");
}

static void type_mismatch(walker *w, const cJSON *v, bool show_number, const char *shape, int base, int ref)
{
	if (w->type_error)
		return;
	kc_buf m = KC_BUF_INIT;
	kc_buf_addstr(&m, "json: cannot unmarshal ");
	go_value_name(v, show_number, &m);
	char buf[128];
	const char *st = w->gostruct ? go_short(w->gostruct->name, buf, sizeof(buf)) : "";
	const char *dot = strchr(st, '.');
	kc_buf_addf(&m, " into Go struct field %s.%s of type ", dot ? dot + 1 : st, kc_buf_str(&w->gopath));
	go_type_name(shape, base, ref, &m);
	w->type_error = kc_buf_release(&m);
}

/* Whether v decodes into a Go value of the scalar base (null always does). */
static bool scalar_fits(const cJSON *v, int base, bool *ret_show_number)
{
	*ret_show_number = false;
	if (cJSON_IsNull(v))
		return true;
	switch (base) {
	case API_SB_STRING:
	case API_SB_BYTE:
		return cJSON_IsString(v);
	case API_SB_BOOL:
		return cJSON_IsBool(v);
	case API_SB_DOUBLE:
		return cJSON_IsNumber(v);
	case API_SB_INT32:
	case API_SB_INT64: {
		if (!cJSON_IsNumber(v))
			return false;
		double d = v->valuedouble;
		double lim = base == API_SB_INT32 ? 2147483648.0 : 9223372036854775808.0;
		*ret_show_number = true;
		return d == (double)(int64_t)d && d >= -lim && d < lim;
	}
	default:
		return true; /* free-form */
	}
}

/* Walks v, a value of a field whose containers are shape and whose innermost
 * value is of base/ref. Upstream's paths: "a.b", "a[0]", a map value "a.key". */
static void walk_value(walker *w, const cJSON *v, const char *shape, int base, int ref, int depth)
{
	if (depth > WALK_MAX_DEPTH || !v)
		return;
	size_t mark = w->path.len;
	if (cJSON_IsNull(v))
		return;
	if (shape[0] == '[') {
		if (!cJSON_IsArray(v)) {
			type_mismatch(w, v, false, shape, base, ref);
			return;
		}
		int i = 0;
		for (const cJSON *e = v->child; e; e = e->next, i++) {
			kc_buf_addf(&w->path, "[%d]", i);
			walk_value(w, e, shape + 1, base, ref, depth + 1);
			w->path.len = mark;
			w->path.s[mark] = '\0';
		}
	} else if (shape[0] == '{') {
		if (!cJSON_IsObject(v)) {
			type_mismatch(w, v, false, shape, base, ref);
			return;
		}
		for (const cJSON *e = v->child; e; e = e->next) {
			kc_buf_addf(&w->path, "%s%s", mark ? "." : "", e->string ? e->string : "");
			if (seen_before(v, e))
				strlist_add(&w->duplicate, kc_buf_str(&w->path));
			else
				walk_value(w, e, shape + 1, base, ref, depth + 1);
			w->path.len = mark;
			w->path.s[mark] = '\0';
		}
	} else if (base == API_SB_REF && ref >= 0 && (size_t)ref < api_schema_ntypes) {
		const api_stype *t = &api_schema_types[ref];
		/* scalar types (Time, Quantity, IntOrString) decode themselves,
		 * with their own messages; the validation speaks for them */
		if (t->base == API_SB_OBJECT && t->nfields && !cJSON_IsObject(v))
			type_mismatch(w, v, false, "", base, ref);
		else
			walk_type(w, v, t, depth + 1);
	} else {
		bool show_number;
		if (!scalar_fits(v, base, &show_number))
			type_mismatch(w, v, show_number, "", base, ref);
	}
	/* Free-form objects (RawExtension, FieldsV1) hold anything: upstream
	 * preserves what is inside them. */
}

static void walk_type(walker *w, const cJSON *v, const api_stype *t, int depth)
{
	if (t->base != API_SB_OBJECT || !t->nfields || !cJSON_IsObject(v) || depth > WALK_MAX_DEPTH)
		return;
	size_t mark = w->path.len, gomark = w->gopath.len;
	const api_stype *outer = w->gostruct;
	for (const cJSON *e = v->child; e; e = e->next) {
		const char *key = e->string ? e->string : "";
		kc_buf_addf(&w->path, "%s%s", mark ? "." : "", key);
		kc_buf_addf(&w->gopath, "%s%s", gomark ? "." : "", key);
		w->gostruct = t;
		const api_sfield *f = api_schema_field(t, key);
		if (seen_before(v, e))
			strlist_add(&w->duplicate, kc_buf_str(&w->path));
		else if (!f)
			strlist_add(&w->unknown, kc_buf_str(&w->path));
		else
			walk_value(w, e, f->shape, f->base, f->ref, depth + 1);
		w->path.len = mark;
		w->path.s[mark] = '\0';
		w->gopath.len = gomark;
		w->gopath.s[gomark] = '\0';
	}
	w->gostruct = outer;
}

int api_schema_check_fields(const char *group, const char *version, const char *kind, const cJSON *obj,
			    char ***ret_unknown, size_t *n_unknown, char ***ret_duplicate, size_t *n_duplicate,
			    char **ret_type_error)
{
	const api_stype *t = api_schema_type_gvk(group, version, kind);
	if (!t)
		return -ENOENT;
	walker w = {.path = KC_BUF_INIT, .gopath = KC_BUF_INIT};
	kc_buf_addstr(&w.path, "");
	kc_buf_addstr(&w.gopath, "");
	walk_type(&w, obj, t, 0);
	kc_buf_free(&w.path);
	kc_buf_free(&w.gopath);
	if (ret_type_error)
		*ret_type_error = TAKE_PTR(w.type_error);
	free(w.type_error);
	if (ret_unknown) {
		*ret_unknown = TAKE_PTR(w.unknown.v);
		*n_unknown = w.unknown.n;
		w.unknown.n = 0;
	}
	if (ret_duplicate) {
		*ret_duplicate = TAKE_PTR(w.duplicate.v);
		*n_duplicate = w.duplicate.n;
		w.duplicate.n = 0;
	}
	strlist_free(&w.unknown);
	strlist_free(&w.duplicate);
	return 0;
}

size_t api_schema_unknown_fields(const kc_resource *r, const cJSON *obj, char ***ret)
{
	size_t n = 0;
	*ret = NULL;
	if (api_schema_check_fields(r->group, r->version, r->kind, obj, ret, &n, NULL, NULL, NULL) < 0)
		return 0;
	return n;
}

size_t api_schema_duplicate_fields(const kc_resource *r, const cJSON *obj, char ***ret)
{
	size_t n = 0;
	*ret = NULL;
	if (api_schema_check_fields(r->group, r->version, r->kind, obj, NULL, NULL, ret, &n, NULL) < 0)
		return 0;
	return n;
}

char *api_schema_type_error(const kc_resource *r, const cJSON *obj)
{
	char *msg = NULL;
	api_schema_check_fields(r->group, r->version, r->kind, obj, NULL, NULL, NULL, NULL, &msg);
	return msg;
}
