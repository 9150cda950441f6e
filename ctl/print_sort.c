/* print_sort.c - --sort-by: objects and table rows ordered by a JSONPath
 * field as kubectl 1.32's sorter compares them (see print.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "ctl/print.h"
#include "common/json.h"
#include "common/jsonpath.h"
#include "common/quantity.h"

#include "banned.h"

typedef struct key {
	const cJSON *value; /* the first value the field gives, or NULL */
	size_t index;
} key;

/* isLess for two values of unstructured objects: int64 and float64 by
 * value, strings as quantities when both are one, else bytewise. */
static int value_less(const cJSON *a, const cJSON *b, bool *ret, kc_error *err)
{
	if (cJSON_IsNull(a) && cJSON_IsNull(b)) {
		*ret = false;
		return 0;
	}
	if (cJSON_IsNull(a) || cJSON_IsNull(b)) {
		*ret = cJSON_IsNull(a);
		return 0;
	}
	if (cJSON_IsNumber(a) && cJSON_IsNumber(b)) {
		bool ia = a->valuedouble == trunc(a->valuedouble), ib = b->valuedouble == trunc(b->valuedouble);
		if (ia != ib)
			return kc_error_set(err, -EINVAL, "unsortable interface: interface");
		*ret = a->valuedouble < b->valuedouble;
		return 0;
	}
	if (cJSON_IsString(a) && cJSON_IsString(b)) {
		kc_quantity qa, qb;
		if (kc_quantity_parse(a->valuestring, &qa, NULL) == 0 && kc_quantity_parse(b->valuestring, &qb, NULL) == 0)
			*ret = kc_quantity_cmp(&qa, &qb) < 0;
		else
			*ret = strcmp(a->valuestring, b->valuestring) < 0;
		return 0;
	}
	if (cJSON_IsNumber(a) || cJSON_IsString(a))
		return kc_error_set(err, -EINVAL, "unsortable interface: interface");
	const char *type = cJSON_IsBool(a) ? "bool" : cJSON_IsObject(a) ? "map[string]interface {}" : "[]interface {}";
	return kc_error_set(err, -EINVAL, "unsortable type: %s", type);
}

typedef struct sorter {
	const char *field;
	int rc;
	kc_error *err;
} sorter;

/* RuntimeSort.Less: an item without the field sorts first. */
static bool less(sorter *s, const key *i, const key *j)
{
	if (!i->value)
		return true;
	if (!j->value)
		return false;
	bool r = false;
	kc_error e = KC_ERROR_INIT;
	if (s->rc == 0 && value_less(i->value, j->value, &r, &e) < 0) {
		s->rc = -EINVAL;
		kc_error_set(s->err, -EINVAL, "Field %s in *unstructured.Unstructured is an unsortable type: "
			     "interface, err: %s", s->field, e.msg);
	}
	return r;
}

/* A stable merge sort (Go sorts these few items by insertion, which is
 * stable too). */
static void merge_sort(sorter *s, key *v, key *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	merge_sort(s, v, tmp, h);
	merge_sort(s, v + h, tmp, n - h);
	size_t a = 0, b = h, k = 0;
	while (a < h && b < n) {
		/* take from the right only when strictly less: stability */
		if (less(s, &v[b], &v[a]))
			tmp[k++] = v[b++];
		else
			tmp[k++] = v[a++];
	}
	while (a < h)
		tmp[k++] = v[a++];
	while (b < n)
		tmp[k++] = v[b++];
	memcpy(v, tmp, n * sizeof(*v));
}

/* Finds each object's key; results are kept in res (cleared by caller). */
static int find_keys(const kc_jsonpath *jp, const cJSON *const *objs, size_t n, key *keys,
		     kc_jsonpath_results *res, bool *ret_found, kc_error *err)
{
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		keys[i] = (key){NULL, i};
		if (!objs[i])
			continue;
		int r = kc_jsonpath_find(jp, objs[i], KC_JSONPATH_ALLOW_MISSING_KEYS, &res[i], err);
		if (r < 0)
			return r;
		if (res[i].n_sets > 0 && res[i].sets[0].n > 0) {
			keys[i].value = res[i].sets[0].values[0];
			found = true;
		}
	}
	*ret_found = found;
	return 0;
}

static int sort_keys(const char *field, const cJSON *const *objs, size_t n, key *keys, kc_error *err)
{
	_cleanup_jsonpath_ kc_jsonpath *jp = NULL;
	int r = kc_jsonpath_parse(field, &jp, err);
	if (r < 0)
		return r;
	kc_jsonpath_results *res = xcalloc(n + 1, sizeof(*res));
	bool found = false;
	r = find_keys(jp, objs, n, keys, res, &found, err);
	if (r == 0 && !found) {
		_cleanup_buf_ kc_buf q = KC_BUF_INIT;
		kc_jsonpath_go_quote(&q, field);
		r = kc_error_set(err, -ENOENT, "couldn't find any field with path %s in the list of objects", q.s);
	}
	if (r == 0) {
		key *tmp = xcalloc(n + 1, sizeof(*tmp));
		sorter s = {field, 0, err};
		merge_sort(&s, keys, tmp, n);
		free(tmp);
		r = s.rc;
	}
	/* the keys point into the objects, not into the results: done with those */
	for (size_t i = 0; i < n; i++)
		kc_jsonpath_results_clear(&res[i]);
	free(res);
	return r;
}

int kc_sort_objects(cJSON **items, size_t n, const char *field, kc_error *err)
{
	_cleanup_free_ char *relaxed = NULL;
	int r = kc_jsonpath_relaxed(field, &relaxed, err);
	if (r < 0)
		return r;
	if (n < 2)
		return 0;
	key *keys = xcalloc(n, sizeof(*keys));
	r = sort_keys(relaxed, (const cJSON *const *)items, n, keys, err);
	if (r == 0) {
		cJSON **sorted = xcalloc(n, sizeof(*sorted));
		for (size_t i = 0; i < n; i++)
			sorted[i] = items[keys[i].index];
		memcpy(items, sorted, n * sizeof(*items));
		free(sorted);
	}
	free(keys);
	return r;
}

int kc_sort_table_rows(cJSON *table, const char *field, kc_error *err)
{
	_cleanup_free_ char *relaxed = NULL;
	if (kc_jsonpath_relaxed(field, &relaxed, NULL) < 0)
		relaxed = xstrdup(field); /* upstream sorts by the text as given then */
	cJSON *rows = cJSON_GetObjectItemCaseSensitive(table, "rows");
	size_t n = cJSON_IsArray(rows) ? (size_t)cJSON_GetArraySize(rows) : 0;
	if (n < 2)
		return 0;
	const cJSON **objs = xcalloc(n, sizeof(*objs));
	cJSON **row = xcalloc(n, sizeof(*row));
	size_t i = 0;
	cJSON *it;
	cJSON_ArrayForEach(it, rows) {
		row[i] = it;
		objs[i++] = cJSON_GetObjectItemCaseSensitive(it, "object");
	}
	key *keys = xcalloc(n, sizeof(*keys));
	kc_error e = KC_ERROR_INIT;
	int r = sort_keys(relaxed, objs, n, keys, &e);
	if (r < 0 && r != -ENOENT && !str_startswith(e.msg, "Field "))
		kc_error_set(err, r, "sorting error: %s", e.msg);
	else if (r < 0)
		kc_error_set(err, r, "%s", e.msg);
	if (r == 0) {
		/* re-link the rows in their new order */
		for (i = 0; i < n; i++)
			cJSON_DetachItemViaPointer(rows, row[i]);
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(rows, row[keys[i].index]);
	}
	free(keys);
	free(row);
	free(objs);
	return r;
}
