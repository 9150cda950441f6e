/* patch_diff.c - creating patches from documents: the three-way strategic
 * merge patch and the three-way JSON merge patch of `kubectl apply` (see
 * patch.h).
 *
 * The strategic one follows k8s.io/apimachinery/pkg/util/strategicpatch's
 * CreateThreeWayMergePatch: two diffs (current -> modified keeping only
 * additions and changes, original -> modified keeping only deletions), the
 * second merged with the first as patches merge on the client (parallel
 * lists kept, nulls kept). The merge keys and strategies come from the table
 * in patch_strategic.c. Go compares list items with == on decoded values and
 * sorts them by their fmt %v text; we do the same, so which items count as
 * added, changed or removed is upstream's.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>

#include "json.h"
#include "patch.h"
#include "util.h"

#include "banned.h"

#define DIRECTIVE        "$patch"
#define RETAIN_KEYS      "$retainKeys"
#define SET_ORDER        "$setElementOrder"
#define DELETE_PRIMITIVE "$deleteFromPrimitiveList"

/* Diffs (and the merge of two patches) recurse once per level of the
 * documents, which kc_json_parse bounds; this guards hand-built trees. */
#define MAX_DEPTH (KC_JSON_MAX_DEPTH + 8)

typedef struct diff_opts {
	bool set_order;      /* emit $setElementOrder lists */
	bool ignore_changes; /* keep no changes nor additions */
	bool ignore_deletes; /* keep no deletions */
	bool retain_keys;    /* emit $retainKeys (the field's strategy says so) */
} diff_opts;

/* ------------------------------------------------------------------ */
/* Go's view of decoded JSON values                                    */
/* ------------------------------------------------------------------ */

/* reflect.TypeOf of a decoded value: map, slice, string, number, bool, nil.
 * (apimachinery decodes integral numbers as int64 and others as float64;
 * both are "number" here: the only effect of the difference is that a
 * changed value is replaced, which a different value is anyway.) */
static int kind_of(const cJSON *v)
{
	int t = v->type & 0xff;
	return t == cJSON_True ? cJSON_False : t;
}

static bool is_integral(double d) { return isfinite(d) && d == floor(d) && fabs(d) < 9.2e18; }

/* fmt's %v of a scalar, as Go prints the decoded value (int64 for integral
 * numbers). Maps and lists (never merge keys in practice) print as JSON. */
static void go_str(kc_buf *b, const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		kc_buf_addstr(b, "<nil>");
	else if (cJSON_IsString(v))
		kc_buf_addstr(b, v->valuestring);
	else if (cJSON_IsBool(v))
		kc_buf_addstr(b, cJSON_IsTrue(v) ? "true" : "false");
	else if (cJSON_IsNumber(v) && is_integral(v->valuedouble))
		kc_buf_addf(b, "%lld", (long long)v->valuedouble);
	else if (cJSON_IsNumber(v))
		kc_json_format_go_float(b, v->valuedouble);
	else
		kc_json_print_buf(b, v, KC_JSON_SORTED);
}

static char *go_string(const cJSON *v)
{
	kc_buf b = KC_BUF_INIT;
	go_str(&b, v);
	return kc_buf_release(&b);
}

/* Go's == on two interface values holding scalars (and deep equality for
 * the maps and lists Go would panic on). NULL (absent) equals only NULL. */
static bool go_eq(const cJSON *a, const cJSON *b)
{
	if (!a || !b)
		return a == b;
	return kc_json_equal(a, b);
}

/* "map: map[...] does not contain declared merge key: name" */
static int err_no_merge_key(kc_error *err, const cJSON *m, const char *key)
{
	_cleanup_free_ char *s = kc_json_print_flags(m, KC_JSON_SORTED);
	return kc_error_set(err, -EINVAL, "map: %s does not contain declared merge key: %s", s, key);
}

static int err_not_map(kc_error *err, const cJSON *v)
{
	return kc_error_set(err, -EINVAL, "expected a map[string]interface {}, but received a %s",
	                    kc_json_type_name(v));
}

/* sliceElementType over one or two lists: the kind all items share. */
static int element_kind(const cJSON *a, const cJSON *b, int *ret, kc_error *err)
{
	int kind = -1;
	const cJSON *lists[2] = {a, b};
	for (int l = 0; l < 2; l++)
		for (const cJSON *c = lists[l] ? lists[l]->child : NULL; c; c = c->next) {
			int k = kind_of(c);
			if (kind < 0) {
				if (k == cJSON_Array)
					return kc_error_set(err, -EINVAL, "lists of lists are not supported");
				kind = k;
			} else if (k != kind) {
				return kc_error_set(err, -EINVAL, "list element types are not identical");
			}
		}
	if (kind < 0)
		return kc_error_set(err, -EINVAL, "no elements in any of the given slices");
	*ret = kind;
	return 0;
}

static cJSON *get(const cJSON *obj, const char *key) { return cJSON_GetObjectItemCaseSensitive(obj, key); }

/* Whether an item of a list of maps is {"$patch": "delete", ...}. */
static bool is_delete_item(const cJSON *v)
{
	const cJSON *d = cJSON_IsObject(v) ? get(v, DIRECTIVE) : NULL;
	return cJSON_IsString(d) && streq(d->valuestring, "delete");
}

/* removeDirectives: a copy without maps that carry "$patch" (NULL when v
 * itself is one). */
static cJSON *remove_directives(const cJSON *v)
{
	if (cJSON_IsObject(v)) {
		if (get(v, DIRECTIVE))
			return NULL;
		cJSON *o = cJSON_CreateObject();
		for (const cJSON *c = v->child; c; c = c->next) {
			cJSON *s = remove_directives(c);
			if (s)
				cJSON_AddItemToObject(o, c->string, s);
		}
		return o;
	}
	if (cJSON_IsArray(v)) {
		cJSON *a = cJSON_CreateArray();
		for (const cJSON *c = v->child; c; c = c->next) {
			cJSON *s = remove_directives(c);
			if (s)
				cJSON_AddItemToArray(a, s);
		}
		return a;
	}
	return kc_json_dup(v);
}

/* ------------------------------------------------------------------ */
/* small sortable vectors of list items                                */
/* ------------------------------------------------------------------ */

typedef struct item {
	const cJSON *v;
	char *key; /* %v of the merge key's value (or of the scalar) */
	long pos;  /* sort position */
	size_t seq;
} item;

typedef struct items {
	item *v;
	size_t n;
} items;

static void items_free(items *it)
{
	for (size_t i = 0; i < it->n; i++)
		free(it->v[i].key);
	free(it->v);
	it->v = NULL;
	it->n = 0;
}

/* The items of list with their %v keys (merge key value for maps). */
static int items_of(const cJSON *list, const char *merge_key, items *ret, kc_error *err)
{
	size_t n = (size_t)cJSON_GetArraySize(list);
	ret->v = xcalloc(n ? n : 1, sizeof(item));
	ret->n = 0;
	for (const cJSON *c = list ? list->child : NULL; c; c = c->next) {
		const cJSON *k = c;
		if (merge_key) {
			if (!cJSON_IsObject(c))
				return err_not_map(err, c);
			if (!(k = get(c, merge_key)))
				return err_no_merge_key(err, c, merge_key);
		}
		ret->v[ret->n] = (item){c, go_string(k), 0, ret->n};
		ret->n++;
	}
	return 0;
}

static int cmp_key(const void *a, const void *b)
{
	const item *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

static int cmp_pos(const void *a, const void *b)
{
	const item *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The identity Go's index() compares: the merge key's value, or the item. */
static const cJSON *identity(const cJSON *v, const char *merge_key)
{
	if (!merge_key)
		return v;
	return cJSON_IsObject(v) ? get(v, merge_key) : NULL;
}

/* index(): position of v's identity in list, or -1. */
static long index_in(const cJSON *list, const cJSON *v, const char *merge_key)
{
	const cJSON *id = identity(v, merge_key);
	long i = 0;
	if (!id)
		return -1;
	for (const cJSON *c = list ? list->child : NULL; c; c = c->next, i++)
		if (go_eq(identity(c, merge_key), id))
			return i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* diffing                                                             */
/* ------------------------------------------------------------------ */

static int diff_maps(const cJSON *orig, const cJSON *mod, const char *type, diff_opts o, int depth,
                     cJSON **ret, kc_error *err);

/* diffListsOfScalars: additions and (deduplicated) deletions. */
static int diff_scalar_lists(const cJSON *orig, const cJSON *mod, diff_opts o, cJSON *add, cJSON *del,
                             kc_error *err)
{
	_cleanup_(items_free) items a = {0}, b = {0};
	int r;
	if ((r = items_of(orig, NULL, &a, err)) < 0 || (r = items_of(mod, NULL, &b, err)) < 0)
		return r;
	qsort(a.v, a.n, sizeof(item), cmp_key);
	qsort(b.v, b.n, sizeof(item), cmp_key);
	size_t i = 0, j = 0;
	while (i < a.n || j < b.n) {
		int c = i >= a.n ? 1 : j >= b.n ? -1 : strcmp(a.v[i].key, b.v[j].key);
		if (c == 0) {
			i++, j++;
		} else if (c > 0) { /* only in modified */
			if (!o.ignore_changes)
				cJSON_AddItemToArray(add, kc_json_dup(b.v[j].v));
			j++;
		} else { /* only in original */
			if (!o.ignore_deletes) {
				bool dup = false;
				for (const cJSON *d = del->child; d && !dup; d = d->next)
					dup = go_eq(d, a.v[i].v);
				if (!dup)
					cJSON_AddItemToArray(del, kc_json_dup(a.v[i].v));
			}
			i++;
		}
	}
	return 0;
}

/* diffListsOfMaps: changed and added items into patch, deletions as
 * {"<key>": v, "$patch": "delete"} into del, paired by merge key. */
static int diff_map_lists(const cJSON *orig, const cJSON *mod, const char *type, const char *merge_key,
                          diff_opts o, int depth, cJSON *patch, cJSON *del, kc_error *err)
{
	_cleanup_(items_free) items a = {0}, b = {0};
	int r;
	if ((r = items_of(orig, merge_key, &a, err)) < 0 || (r = items_of(mod, merge_key, &b, err)) < 0)
		return r;
	qsort(a.v, a.n, sizeof(item), cmp_key);
	qsort(b.v, b.n, sizeof(item), cmp_key);
	size_t i = 0, j = 0;
	while (i < a.n || j < b.n) {
		int c = i >= a.n ? 1 : j >= b.n ? -1 : strcmp(a.v[i].key, b.v[j].key);
		if (c == 0) {
			cJSON *p = NULL;
			if ((r = diff_maps(a.v[i].v, b.v[j].v, type, o, depth + 1, &p, err)) < 0)
				return r;
			if (p->child) {
				kc_json_object_put(p, merge_key, kc_json_dup(get(b.v[j].v, merge_key)));
				cJSON_AddItemToArray(patch, p);
			} else {
				cJSON_Delete(p);
			}
			i++, j++;
		} else if (c > 0) {
			if (!o.ignore_changes)
				cJSON_AddItemToArray(patch, kc_json_dup(b.v[j].v));
			j++;
		} else {
			if (!o.ignore_deletes) {
				cJSON *d = cJSON_CreateObject();
				cJSON_AddItemToObject(d, merge_key, kc_json_dup(get(a.v[i].v, merge_key)));
				cJSON_AddStringToObject(d, DIRECTIVE, "delete");
				cJSON_AddItemToArray(del, d);
			}
			i++;
		}
	}
	return 0;
}

/* Stable-sorts the items of list (owned) by their position in order;
 * with a merge key, "$patch": "delete" items go last (normalizeSliceOrder). */
static void sort_by_order(cJSON *list, const cJSON *order, const char *merge_key)
{
	size_t n = (size_t)cJSON_GetArraySize(list), k = 0;
	if (n < 2)
		return;
	item *v = xcalloc(n, sizeof(*v));
	for (const cJSON *c = list->child; c; c = c->next, k++) {
		long p = merge_key && is_delete_item(c) ? LONG_MAX : index_in(order, c, merge_key);
		v[k] = (item){c, NULL, p < 0 ? LONG_MAX - 1 : p, k};
	}
	qsort(v, n, sizeof(*v), cmp_pos);
	for (size_t x = 0; x < n; x++)
		cJSON_DetachItemViaPointer(list, (cJSON *)v[x].v);
	for (size_t x = 0; x < n; x++)
		cJSON_AddItemToArray(list, (cJSON *)v[x].v);
	free(v);
}

/* Whether both lists hold the same merge keys in the same order. */
static bool same_order(const cJSON *orig, const cJSON *mod, const char *merge_key)
{
	if (cJSON_GetArraySize(orig) != cJSON_GetArraySize(mod))
		return false;
	for (const cJSON *a = orig->child, *b = mod->child; a && b; a = a->next, b = b->next)
		if (!go_eq(identity(a, merge_key), identity(b, merge_key)))
			return false;
	return true;
}

/* diffLists for a list with patchStrategy merge: *ret_add (items to merge),
 * *ret_del (scalar deletions), *ret_order ($setElementOrder); each NULL
 * when empty. */
static int diff_lists(const cJSON *orig, const cJSON *mod, const char *type, const char *merge_key,
                      diff_opts o, int depth, cJSON **ret_add, cJSON **ret_del, cJSON **ret_order,
                      kc_error *err)
{
	*ret_add = *ret_del = *ret_order = NULL;
	if (!orig->child) {
		if (mod->child && !o.ignore_changes)
			*ret_add = kc_json_dup(mod);
		return 0;
	}
	int kind, r;
	if ((r = element_kind(orig, mod, &kind, err)) < 0)
		return r;
	_cleanup_json_ cJSON *add = cJSON_CreateArray(), *del = cJSON_CreateArray();
	_cleanup_json_ cJSON *order = NULL;
	if (kind == cJSON_Object) {
		if (!merge_key)
			return kc_error_set(err, -EINVAL, "cannot merge lists without merge key for %s",
			                    type ? type : "unknown");
		if ((r = diff_map_lists(orig, mod, type, merge_key, o, depth, add, del, err)) < 0)
			return r;
		for (const cJSON *c = mod->child; c; c = c->next) /* normalizeSliceOrder validates */
			if (!cJSON_IsObject(c))
				return err_not_map(err, c);
			else if (!get(c, merge_key))
				return err_no_merge_key(err, c, merge_key);
		sort_by_order(add, mod, merge_key);
		bool same = same_order(orig, mod, merge_key);
		while (del->child) /* deletions go at the end of the patch list */
			cJSON_AddItemToArray(add, cJSON_DetachItemViaPointer(del, del->child));
		bool changed = add->child != NULL;
		if (o.set_order && ((!o.ignore_changes && (changed || !same)) || (!o.ignore_deletes && changed))) {
			order = cJSON_CreateArray();
			for (const cJSON *c = mod->child; c; c = c->next) {
				cJSON *m = cJSON_CreateObject();
				cJSON_AddItemToObject(m, merge_key, kc_json_dup(get(c, merge_key)));
				cJSON_AddItemToArray(order, m);
			}
		}
	} else {
		if ((r = diff_scalar_lists(orig, mod, o, add, del, err)) < 0)
			return r;
		sort_by_order(add, mod, NULL);
		if (o.set_order && ((!o.ignore_deletes && del->child) || (!o.ignore_changes && !kc_json_equal(orig, mod))))
			order = kc_json_dup(mod);
	}
	if (add->child)
		*ret_add = TAKE_PTR(add);
	if (del->child)
		*ret_del = TAKE_PTR(del);
	if (order && order->child)
		*ret_order = TAKE_PTR(order);
	return 0;
}

static void put_directive(cJSON *patch, const char *prefix, const char *key, cJSON *value)
{
	_cleanup_free_ char *name = xasprintf("%s/%s", prefix, key);
	kc_json_object_put(patch, name, value);
}

/* Comparing two values under key of struct type; adds to patch. */
static int diff_value(const char *key, const cJSON *ov, const cJSON *mv, const char *type, diff_opts o,
                      int depth, cJSON *patch, kc_error *err)
{
	kc_patch_field_meta meta;
	kc_patch_strategic_field(type, key, &meta);
	int r;
	if (cJSON_IsObject(ov)) { /* handleMapDiff */
		o.retain_keys = meta.retain_keys;
		if (meta.replace) {
			if (!o.ignore_changes)
				kc_json_object_put(patch, key, kc_json_dup(mv));
			return 0;
		}
		cJSON *p = NULL;
		if ((r = diff_maps(ov, mv, meta.child, o, depth + 1, &p, err)) < 0)
			return r;
		if (p->child)
			kc_json_object_put(patch, key, p);
		else
			cJSON_Delete(p);
		return 0;
	}
	if (cJSON_IsArray(ov) && meta.merge) { /* handleSliceDiff */
		o.retain_keys = meta.retain_keys;
		cJSON *add, *del, *order;
		if ((r = diff_lists(ov, mv, meta.child, meta.merge_key, o, depth, &add, &del, &order, err)) < 0)
			return r;
		if (add)
			kc_json_object_put(patch, key, add);
		if (del)
			put_directive(patch, DELETE_PRIMITIVE, key, del);
		if (order)
			put_directive(patch, SET_ORDER, key, order);
		return 0;
	}
	/* replacePatchFieldIfNotEqual */
	if (!o.ignore_changes && !kc_json_equal(ov, mv))
		kc_json_object_put(patch, key, kc_json_dup(mv));
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* diffMaps: the patch (a new object, maybe empty) from orig to mod. */
static int diff_maps(const cJSON *orig, const cJSON *mod, const char *type, diff_opts o, int depth,
                     cJSON **ret, kc_error *err)
{
	if (depth > MAX_DEPTH)
		return kc_error_set(err, -ELOOP, "document nested too deeply");
	_cleanup_json_ cJSON *patch = cJSON_CreateObject();
	int r;
	for (const cJSON *m = mod->child; m; m = m->next) {
		const cJSON *ov = get(orig, m->string);
		if (!ov) {
			if (!o.ignore_changes)
				kc_json_object_put(patch, m->string, kc_json_dup(m));
			continue;
		}
		if (streq(m->string, DIRECTIVE)) { /* handleDirectiveMarker */
			if (!cJSON_IsString(ov) || !cJSON_IsString(m))
				return kc_error_set(err, -EINVAL, "invalid value for special key: %s", DIRECTIVE);
			if (!streq(ov->valuestring, m->valuestring))
				kc_json_object_put(patch, DIRECTIVE, kc_json_dup(m));
			continue;
		}
		if (kind_of(ov) != kind_of(m)) {
			if (!o.ignore_changes)
				kc_json_object_put(patch, m->string, kc_json_dup(m));
			continue;
		}
		if ((r = diff_value(m->string, ov, m, type, o, depth, patch, err)) < 0)
			return r;
	}
	bool extra = false; /* hasAdditionalNewField */
	for (const cJSON *c = orig->child; c; c = c->next)
		if (!get(mod, c->string)) {
			if (!o.ignore_deletes)
				kc_json_object_put(patch, c->string, cJSON_CreateNull());
			if (!cJSON_IsNull(c))
				extra = true;
		}
	if (o.retain_keys && (patch->child || extra)) {
		size_t n = 0;
		for (const cJSON *m = mod->child; m; m = m->next)
			n++;
		const char **keys = xcalloc(n ? n : 1, sizeof(*keys));
		n = 0;
		for (const cJSON *m = mod->child; m; m = m->next)
			if (!cJSON_IsNull(m))
				keys[n++] = m->string;
		if (n) {
			qsort(keys, n, sizeof(*keys), cmp_str);
			cJSON *list = cJSON_CreateArray();
			for (size_t i = 0; i < n; i++)
				cJSON_AddItemToArray(list, cJSON_CreateString(keys[i]));
			kc_json_object_put(patch, RETAIN_KEYS, list);
		}
		free(keys);
	}
	*ret = TAKE_PTR(patch);
	return 0;
}

/* ------------------------------------------------------------------ */
/* merging the deletions patch with the changes patch (client side:    */
/* parallel lists and nulls are kept)                                  */
/* ------------------------------------------------------------------ */

static int merge_patches(cJSON **porig, cJSON *patch, const char *type, int depth, kc_error *err);

/* Puts the patch's items of list (by identity) after reordering: items in
 * patch_order sorted by it, the others by server_order (deletions last),
 * then interleaved by server_order as normalizeElementOrder does. */
static void normalize_order(cJSON *list, const cJSON *patch_order, const cJSON *server_order,
                            const char *merge_key)
{
	size_t n = (size_t)cJSON_GetArraySize(list);
	if (n < 2)
		return;
	item *in = xcalloc(n, sizeof(*in)), *out = xcalloc(n, sizeof(*out));
	size_t np = 0, ns = 0, k = 0;
	for (const cJSON *c = list->child; c; c = c->next, k++) {
		if (index_in(patch_order, c, merge_key) >= 0) {
			in[np] = (item){c, NULL, index_in(patch_order, c, merge_key), k};
			np++;
		}
	}
	item *srv = out; /* reuse: server-only items first collected into out */
	k = 0;
	for (const cJSON *c = list->child; c; c = c->next, k++) {
		if (index_in(patch_order, c, merge_key) < 0) {
			long p = merge_key && is_delete_item(c) ? LONG_MAX : index_in(server_order, c, merge_key);
			srv[ns] = (item){c, NULL, p < 0 ? LONG_MAX - 1 : p, k};
			ns++;
		}
	}
	qsort(in, np, sizeof(*in), cmp_pos);
	qsort(srv, ns, sizeof(*srv), cmp_pos);
	const cJSON **res = xcalloc(n, sizeof(*res));
	size_t i = 0, j = 0;
	for (k = 0; k < np + ns; k++) {
		bool left;
		if (i >= ns)
			left = false;
		else if (j >= np)
			left = true;
		else {
			long li = index_in(server_order, srv[i].v, merge_key);
			long ri = index_in(server_order, in[j].v, merge_key);
			left = li >= 0 && ri >= 0 && li < ri;
		}
		res[k] = left ? srv[i++].v : in[j++].v;
	}
	for (k = 0; k < n; k++)
		cJSON_DetachItemViaPointer(list, (cJSON *)res[k]);
	for (k = 0; k < n; k++)
		cJSON_AddItemToArray(list, (cJSON *)res[k]);
	free(res);
	free(in);
	free(out);
}

/* mergeSlice (merge strategy, not a deletion list): patch into *plist. */
static int merge_lists(cJSON *orig, const cJSON *patch, const char *type, const char *merge_key, int depth,
                       kc_error *err)
{
	if (!orig->child && !patch->child)
		return 0;
	int kind, r;
	if ((r = element_kind(orig, patch, &kind, err)) < 0)
		return r;
	_cleanup_json_ cJSON *plain = cJSON_CreateArray(); /* the patch without directives */
	_cleanup_json_ cJSON *server_order = NULL;
	if (kind != cJSON_Object) {
		server_order = kc_json_dup(orig);
		for (const cJSON *p = patch->child; p; p = p->next) {
			cJSON_AddItemToArray(plain, kc_json_dup(p));
			bool have = false;
			for (const cJSON *c = orig->child; c && !have; c = c->next)
				have = go_eq(c, p);
			if (!have)
				cJSON_AddItemToArray(orig, kc_json_dup(p));
		}
		normalize_order(orig, plain, server_order, NULL);
		return 0;
	}
	if (!merge_key)
		return kc_error_set(err, -EINVAL, "cannot merge lists without merge key for %s", type ? type : "unknown");
	bool replace = false;
	for (const cJSON *p = patch->child; p; p = p->next) {
		const cJSON *d = cJSON_IsObject(p) ? get(p, DIRECTIVE) : NULL;
		if (!cJSON_IsObject(p))
			return err_not_map(err, p);
		if (!d) {
			cJSON_AddItemToArray(plain, kc_json_dup(p));
		} else if (cJSON_IsString(d) && streq(d->valuestring, "delete")) {
			const cJSON *mv = get(p, merge_key);
			if (!mv)
				return err_no_merge_key(err, p, merge_key);
			for (cJSON *c = orig->child, *next; c; c = next) {
				next = c->next;
				if (go_eq(identity(c, merge_key), mv))
					cJSON_Delete(cJSON_DetachItemViaPointer(orig, c));
			}
		} else if (cJSON_IsString(d) && streq(d->valuestring, "replace")) {
			replace = true;
		} else if (cJSON_IsString(d) && streq(d->valuestring, "merge")) {
			return kc_error_set(err, -EINVAL, "merging lists cannot yet be specified in the patch");
		} else {
			return kc_error_set(err, -EINVAL, "unknown patch type found");
		}
	}
	if (replace) {
		while (orig->child)
			cJSON_Delete(cJSON_DetachItemViaPointer(orig, orig->child));
		while (plain->child)
			cJSON_AddItemToArray(orig, cJSON_DetachItemViaPointer(plain, plain->child));
		return 0;
	}
	server_order = kc_json_dup(orig);
	for (const cJSON *p = plain->child; p; p = p->next) {
		const cJSON *mv = get(p, merge_key);
		if (!mv)
			return err_no_merge_key(err, p, merge_key);
		cJSON *target = NULL;
		for (cJSON *c = orig->child; c && !target; c = c->next) {
			if (!cJSON_IsObject(c))
				return err_not_map(err, c);
			if (go_eq(get(c, merge_key), mv))
				target = c;
		}
		if (target) {
			cJSON *merged = target;
			_cleanup_json_ cJSON *pc = kc_json_dup(p);
			if ((r = merge_patches(&merged, pc, type, depth + 1, err)) < 0)
				return r;
			if (merged != target)
				cJSON_ReplaceItemViaPointer(orig, target, merged);
		} else {
			cJSON_AddItemToArray(orig, kc_json_dup(p));
		}
	}
	normalize_order(orig, plain, server_order, merge_key);
	return 0;
}

/* mergePatchIntoOriginal for one "$setElementOrder/<field>" of patch. */
static int merge_set_order(cJSON *orig, cJSON *patch, const char *dkey, const char *type, int depth,
                           kc_error *err)
{
	_cleanup_json_ cJSON *order = cJSON_DetachItemFromObjectCaseSensitive(patch, dkey);
	const cJSON *have = get(orig, dkey);
	if (have && !kc_json_equal(have, order))
		return kc_error_set(err, -EINVAL, "invalid patch format of setElementOrder list");
	if (!have)
		cJSON_AddItemToObject(orig, dkey, kc_json_dup(order));
	if (!cJSON_IsArray(order))
		return kc_error_set(err, -EINVAL, "invalid patch format of setElementOrder list");
	const char *field = dkey + strlen(SET_ORDER) + 1;
	cJSON *olist = get(orig, field);
	_cleanup_json_ cJSON *plist = cJSON_DetachItemFromObjectCaseSensitive(patch, field);
	if ((olist && !cJSON_IsArray(olist)) || (plist && !cJSON_IsArray(plist)))
		return kc_error_set(err, -EINVAL, "invalid patch format of setElementOrder list");
	if (!olist && !plist)
		return 0;
	kc_patch_field_meta meta;
	kc_patch_strategic_field(type, field, &meta);
	_cleanup_json_ cJSON *server_order = olist ? kc_json_dup(olist) : cJSON_CreateArray();
	cJSON *merged;
	if (!olist) {
		merged = remove_directives(plist);
	} else if (!plist) {
		merged = kc_json_dup(olist);
	} else if (meta.merge) {
		merged = kc_json_dup(olist);
		int r = merge_lists(merged, plist, meta.child, meta.merge_key, depth, err);
		if (r < 0) {
			cJSON_Delete(merged);
			return r;
		}
	} else {
		merged = kc_json_dup(plist);
	}
	normalize_order(merged, order, server_order, meta.merge_key);
	kc_json_object_put(orig, field, merged);
	return 0;
}

/* mergeMap with MergeOptions{} (client side): patch (consumed) into *porig. */
static int merge_patches(cJSON **porig, cJSON *patch, const char *type, int depth, kc_error *err)
{
	if (depth > MAX_DEPTH)
		return kc_error_set(err, -ELOOP, "document nested too deeply");
	const cJSON *d = get(patch, DIRECTIVE);
	if (d) {
		if (cJSON_IsString(d) && streq(d->valuestring, "replace")) {
			cJSON *o = kc_json_dup(patch);
			kc_json_object_remove(o, DIRECTIVE);
			cJSON_Delete(*porig);
			*porig = o;
			return 0;
		}
		if (cJSON_IsString(d) && streq(d->valuestring, "delete")) {
			cJSON_Delete(*porig);
			*porig = cJSON_CreateObject();
			return 0;
		}
		return kc_error_set(err, -EINVAL, "unknown patch type found");
	}
	cJSON *orig = *porig;
	int r;
	cJSON *rk = cJSON_DetachItemFromObjectCaseSensitive(patch, RETAIN_KEYS);
	if (rk) {
		const cJSON *have = get(orig, RETAIN_KEYS);
		if (have && !kc_json_equal(have, rk)) {
			cJSON_Delete(rk);
			return kc_error_set(err, -EINVAL,
			                    "retainKeys lists are not deep equal: this may happen when calculating "
			                    "the 3-way diff patch");
		}
		if (have)
			cJSON_Delete(rk);
		else
			cJSON_AddItemToObject(orig, RETAIN_KEYS, rk);
	}
	for (;;) { /* each $setElementOrder, removed from patch as it is done */
		const cJSON *m = patch->child;
		while (m && !str_startswith(m->string, SET_ORDER "/"))
			m = m->next;
		if (!m)
			break;
		_cleanup_free_ char *dkey = xstrdup(m->string);
		if ((r = merge_set_order(orig, patch, dkey, type, depth, err)) < 0)
			return r;
	}
	for (const cJSON *m = patch->child; m; m = m->next) {
		const char *k = m->string;
		if (str_startswith(k, DELETE_PRIMITIVE)) {
			kc_json_object_put(orig, k, kc_json_dup(m));
			continue;
		}
		cJSON *ov = get(orig, k);
		if (cJSON_IsNull(m) || !ov || kind_of(ov) != kind_of(m)) {
			cJSON *v = remove_directives(m);
			if (v)
				kc_json_object_put(orig, k, v);
			else
				kc_json_object_remove(orig, k);
			continue;
		}
		kc_patch_field_meta meta;
		kc_patch_strategic_field(type, k, &meta);
		if (cJSON_IsObject(ov)) {
			if (meta.replace) {
				kc_json_object_put(orig, k, kc_json_dup(m));
				continue;
			}
			cJSON *merged = ov;
			_cleanup_json_ cJSON *pc = kc_json_dup(m);
			cJSON_DetachItemViaPointer(orig, ov);
			r = merge_patches(&merged, pc, meta.child, depth + 1, err);
			kc_json_object_put(orig, k, merged);
			if (r < 0)
				return r;
		} else if (cJSON_IsArray(ov) && meta.merge) {
			if ((r = merge_lists(ov, m, meta.child, meta.merge_key, depth, err)) < 0)
				return r;
		} else {
			cJSON *v = remove_directives(m);
			if (v)
				kc_json_object_put(orig, k, v);
			else
				kc_json_object_remove(orig, k);
		}
	}
	return 0;
}

/* Sorts object keys recursively, as Go's json.Marshal prints maps. */
static void sort_keys(cJSON *v)
{
	if (cJSON_IsArray(v)) {
		for (cJSON *c = v->child; c; c = c->next)
			sort_keys(c);
		return;
	}
	if (!cJSON_IsObject(v))
		return;
	size_t n = 0;
	for (cJSON *c = v->child; c; c = c->next)
		n++;
	if (!n)
		return;
	cJSON **m = xcalloc(n, sizeof(*m));
	n = 0;
	for (cJSON *c = v->child; c; c = c->next)
		m[n++] = c;
	for (size_t i = 1; i < n; i++) { /* insertion sort: stable, lists are short */
		cJSON *x = m[i];
		size_t j = i;
		while (j > 0 && strcmp(m[j - 1]->string, x->string) > 0) {
			m[j] = m[j - 1];
			j--;
		}
		m[j] = x;
	}
	for (size_t i = 0; i < n; i++)
		cJSON_DetachItemViaPointer(v, m[i]);
	for (size_t i = 0; i < n; i++) {
		sort_keys(m[i]);
		/* re-add keeping the key string the item already owns */
		cJSON_AddItemToArray(v, m[i]);
	}
	free(m);
}

int kc_patch_strategic_create_3way(const cJSON *original, const cJSON *modified, const cJSON *current,
                                   const char *api_version, const char *kind, cJSON **ret_patch,
                                   kc_error *err)
{
	if (!cJSON_IsObject(modified) || (original && !cJSON_IsObject(original)) ||
	    (current && !cJSON_IsObject(current)))
		return kc_error_set(err, -EINVAL, "invalid JSON document");
	_cleanup_json_ cJSON *empty = cJSON_CreateObject();
	const char *type = kc_patch_strategic_type(api_version, kind);
	diff_opts delta_opts = {.set_order = true, .ignore_deletes = true};
	diff_opts del_opts = {.set_order = true, .ignore_changes = true};
	_cleanup_json_ cJSON *delta = NULL;
	cJSON *deletions = NULL;
	int r = diff_maps(current ? current : empty, modified, type, delta_opts, 0, &delta, err);
	if (r < 0)
		return r;
	if ((r = diff_maps(original ? original : empty, modified, type, del_opts, 0, &deletions, err)) < 0)
		return r;
	if ((r = merge_patches(&deletions, delta, type, 0, err)) < 0) {
		cJSON_Delete(deletions);
		return r;
	}
	sort_keys(deletions);
	*ret_patch = deletions;
	return 0;
}

int kc_patch_strategic_create(const cJSON *original, const cJSON *modified, const char *api_version,
                              const char *kind, cJSON **ret_patch, kc_error *err)
{
	if (!cJSON_IsObject(original) || !cJSON_IsObject(modified))
		return kc_error_set(err, -EINVAL, "invalid JSON document");
	diff_opts opts = {.set_order = true};
	cJSON *patch = NULL;
	int r = diff_maps(original, modified, kc_patch_strategic_type(api_version, kind), opts, 0, &patch, err);
	if (r < 0)
		return r;
	sort_keys(patch);
	*ret_patch = patch;
	return 0;
}

/* ------------------------------------------------------------------ */
/* the three-way JSON merge patch                                      */
/* ------------------------------------------------------------------ */

/* keepOrDeleteNullInObj: a copy of patch with only its nulls (keep_null) or
 * without them; empty sub-objects vanish, except an explicit {} value when
 * keeping values. */
static cJSON *filter_nulls(const cJSON *patch, bool keep_null, int depth)
{
	cJSON *out = cJSON_CreateObject();
	if (depth > MAX_DEPTH)
		return out;
	for (const cJSON *c = patch->child; c; c = c->next) {
		if (cJSON_IsNull(c)) {
			if (keep_null)
				cJSON_AddItemToObject(out, c->string, cJSON_CreateNull());
		} else if (cJSON_IsObject(c)) {
			if (!c->child) {
				if (!keep_null)
					cJSON_AddItemToObject(out, c->string, cJSON_CreateObject());
				continue;
			}
			cJSON *sub = filter_nulls(c, keep_null, depth + 1);
			if (sub->child)
				cJSON_AddItemToObject(out, c->string, sub);
			else
				cJSON_Delete(sub);
		} else if (!keep_null) {
			cJSON_AddItemToObject(out, c->string, kc_json_dup(c));
		}
	}
	return out;
}

int kc_patch_merge_create_3way(const cJSON *original, const cJSON *modified, const cJSON *current,
                               cJSON **ret_patch, kc_error *err)
{
	_cleanup_json_ cJSON *empty = cJSON_CreateObject();
	_cleanup_json_ cJSON *changes = NULL, *deletions = NULL;
	int r = kc_patch_merge_create(current ? current : empty, modified ? modified : empty, &changes, err);
	if (r < 0)
		return r;
	if ((r = kc_patch_merge_create(original ? original : empty, modified ? modified : empty, &deletions, err)) < 0)
		return r;
	if (!cJSON_IsObject(changes) || !cJSON_IsObject(deletions))
		return kc_error_set(err, -EINVAL, "invalid JSON document");
	cJSON *add = filter_nulls(changes, false, 0);
	_cleanup_json_ cJSON *del = filter_nulls(deletions, true, 0);
	/* upstream checks the two for conflicts; a key cannot be both null in
	 * one and a value in the other, since both come from modified */
	cJSON *result = del;
	del = NULL;
	r = kc_patch_merge(&result, add, err);
	cJSON_Delete(add);
	if (r < 0) {
		cJSON_Delete(result);
		return r;
	}
	sort_keys(result);
	*ret_patch = result;
	return 0;
}
