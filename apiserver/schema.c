/* schema.c - look-ups in the compiled schema tables and the unknown and
 * duplicate field check of request bodies (see schema.h). The OpenAPI
 * documents are built in schema_openapi.c. */
#include "apiserver/schema.h"

#include <errno.h>
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
} walker;

static void walk_type(walker *w, const cJSON *v, const api_stype *t, int depth);

static bool seen_before(const cJSON *obj, const cJSON *item)
{
	for (const cJSON *e = obj->child; e && e != item; e = e->next)
		if (e->string && item->string && streq(e->string, item->string))
			return true;
	return false;
}

/* Walks v, a value of a field whose containers are shape and whose innermost
 * value is of base/ref. Upstream's paths: "a.b", "a[0]", a map value "a.key". */
static void walk_value(walker *w, const cJSON *v, const char *shape, int base, int ref, int depth)
{
	if (depth > WALK_MAX_DEPTH || !v)
		return;
	size_t mark = w->path.len;
	if (shape[0] == '[') {
		if (!cJSON_IsArray(v))
			return;
		int i = 0;
		for (const cJSON *e = v->child; e; e = e->next, i++) {
			kc_buf_addf(&w->path, "[%d]", i);
			walk_value(w, e, shape + 1, base, ref, depth + 1);
			w->path.len = mark;
			w->path.s[mark] = '\0';
		}
	} else if (shape[0] == '{') {
		if (!cJSON_IsObject(v))
			return;
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
		walk_type(w, v, &api_schema_types[ref], depth + 1);
	}
	/* Scalars and free-form objects (RawExtension, FieldsV1) hold anything:
	 * upstream preserves what is inside them. Wrong types are the decoder's
	 * business, not this check's. */
}

static void walk_type(walker *w, const cJSON *v, const api_stype *t, int depth)
{
	if (t->base != API_SB_OBJECT || !t->nfields || !cJSON_IsObject(v) || depth > WALK_MAX_DEPTH)
		return;
	size_t mark = w->path.len;
	for (const cJSON *e = v->child; e; e = e->next) {
		const char *key = e->string ? e->string : "";
		kc_buf_addf(&w->path, "%s%s", mark ? "." : "", key);
		const api_sfield *f = api_schema_field(t, key);
		if (seen_before(v, e))
			strlist_add(&w->duplicate, kc_buf_str(&w->path));
		else if (!f)
			strlist_add(&w->unknown, kc_buf_str(&w->path));
		else
			walk_value(w, e, f->shape, f->base, f->ref, depth + 1);
		w->path.len = mark;
		w->path.s[mark] = '\0';
	}
}

int api_schema_check_fields(const char *group, const char *version, const char *kind, const cJSON *obj,
			    char ***ret_unknown, size_t *n_unknown, char ***ret_duplicate, size_t *n_duplicate)
{
	const api_stype *t = api_schema_type_gvk(group, version, kind);
	if (!t)
		return -ENOENT;
	walker w = {KC_BUF_INIT, {0}, {0}};
	kc_buf_addstr(&w.path, "");
	walk_type(&w, obj, t, 0);
	kc_buf_free(&w.path);
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
	if (api_schema_check_fields(r->group, r->version, r->kind, obj, ret, &n, NULL, NULL) < 0)
		return 0;
	return n;
}

size_t api_schema_duplicate_fields(const kc_resource *r, const cJSON *obj, char ***ret)
{
	size_t n = 0;
	*ret = NULL;
	if (api_schema_check_fields(r->group, r->version, r->kind, obj, NULL, NULL, ret, &n) < 0)
		return 0;
	return n;
}
