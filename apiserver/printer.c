/* printer.c - server-side Table output (see printer.h): the lookup of a
 * resource's printer, upstream's default convertor (Name, Created At), the
 * Table wrapping, and the helpers the printers_<area>.c files share (see
 * printer_impl.h). The rows themselves are in printers_core.c,
 * printers_apps.c, printers_batch.c and printers_other.c. */
#include "printer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "apiserver/printer_docs.h"
#include "apiserver/printer_impl.h"
#include "common/selector.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "banned.h"

/* ---- reading fields ---- */

static const cJSON *get_va(const cJSON *obj, va_list ap)
{
	const cJSON *cur = obj;
	for (const char *key = va_arg(ap, const char *); key; key = va_arg(ap, const char *)) {
		if (!cJSON_IsObject(cur))
			return NULL;
		cur = cJSON_GetObjectItemCaseSensitive(cur, key);
	}
	return cJSON_IsNull(cur) ? NULL : cur;
}

const cJSON *api_pr_get(const cJSON *obj, ...)
{
	va_list ap;
	va_start(ap, obj);
	const cJSON *v = get_va(obj, ap);
	va_end(ap);
	return v;
}

const char *api_pr_str(const cJSON *obj, ...)
{
	va_list ap;
	va_start(ap, obj);
	const cJSON *v = get_va(obj, ap);
	va_end(ap);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A JSON number as Go's int64 field would hold it; out-of-range and
 * non-finite values saturate instead of being undefined behaviour. */
static int64_t number_to_int(double d)
{
	if (d != d)
		return 0;
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	if (d <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)d;
}

int64_t api_pr_int(const cJSON *obj, ...)
{
	va_list ap;
	va_start(ap, obj);
	const cJSON *v = get_va(obj, ap);
	va_end(ap);
	return cJSON_IsNumber(v) ? number_to_int(v->valuedouble) : 0;
}

bool api_pr_bool(const cJSON *obj, ...)
{
	va_list ap;
	va_start(ap, obj);
	const cJSON *v = get_va(obj, ap);
	va_end(ap);
	return cJSON_IsTrue(v);
}

int api_pr_count(const cJSON *obj, ...)
{
	va_list ap;
	va_start(ap, obj);
	const cJSON *v = get_va(obj, ap);
	va_end(ap);
	return cJSON_IsArray(v) || cJSON_IsObject(v) ? cJSON_GetArraySize(v) : 0;
}

/* ---- cells ---- */

void api_pr_cell_str(cJSON *cells, const char *s)
{
	cJSON_AddItemToArray(cells, cJSON_CreateString(s ? s : ""));
}

void api_pr_cell_take(cJSON *cells, char *s)
{
	api_pr_cell_str(cells, s);
	free(s);
}

void api_pr_cell_int(cJSON *cells, int64_t n)
{
	cJSON_AddItemToArray(cells, cJSON_CreateNumber((double)n));
}

void api_pr_cell_bool(cJSON *cells, bool b)
{
	cJSON_AddItemToArray(cells, cJSON_CreateBool(b));
}

void api_pr_cell_name(cJSON *cells, const cJSON *obj)
{
	api_pr_cell_str(cells, PR_STR(obj, "metadata", "name"));
}

void api_pr_cell_age(cJSON *cells, const cJSON *obj, time_t now)
{
	api_pr_cell_take(cells,
	                 api_pr_since(api_pr_time_of(PR_GET(obj, "metadata", "creationTimestamp")), now));
}

void api_pr_cell_containers(cJSON *cells, const cJSON *containers)
{
	_cleanup_buf_ kc_buf names = KC_BUF_INIT, images = KC_BUF_INIT;
	const cJSON *c;
	bool first = true;
	cJSON_ArrayForEach(c, (cJSON_IsArray(containers) ? containers : NULL))
	{
		if (!first) {
			kc_buf_addch(&names, ',');
			kc_buf_addch(&images, ',');
		}
		first = false;
		kc_buf_addstr(&names, api_pr_or(PR_STR(c, "name"), ""));
		kc_buf_addstr(&images, api_pr_or(PR_STR(c, "image"), ""));
	}
	api_pr_cell_str(cells, kc_buf_str(&names));
	api_pr_cell_str(cells, kc_buf_str(&images));
}

/* ---- times ---- */

api_pr_time api_pr_time_of(const cJSON *ts)
{
	api_pr_time t = {0, 0, false};
	kc_time parsed;
	if (!cJSON_IsString(ts) || kc_time_parse_rfc3339(ts->valuestring, &parsed, NULL) < 0)
		return t;
	/* Go's zero time written out is still the zero time. */
	if (parsed.sec == KC_TIME_GO_ZERO && parsed.nsec == 0)
		return t;
	return (api_pr_time){parsed.sec, parsed.nsec, true};
}

int api_pr_time_cmp(api_pr_time a, api_pr_time b)
{
	if (a.set != b.set)
		return a.set ? 1 : -1;
	if (a.sec != b.sec)
		return a.sec < b.sec ? -1 : 1;
	return a.nsec < b.nsec ? -1 : a.nsec > b.nsec;
}

/* Go's time.Duration of to - from: nanoseconds, saturating as Time.Sub does. */
static int64_t sub_ns(int64_t to_sec, int32_t to_nsec, int64_t from_sec, int32_t from_nsec)
{
	const int64_t limit = INT64_MAX / 1000000000 - 1;
	int64_t ds = to_sec - from_sec;
	if (ds > limit)
		return INT64_MAX;
	if (ds < -limit)
		return INT64_MIN;
	return ds * 1000000000 + (to_nsec - from_nsec);
}

static char *human(int64_t ns)
{
	char buf[KC_DURATION_STR_MAX];
	return xstrdup(kc_duration_human(ns, buf));
}

char *api_pr_since(api_pr_time t, time_t now)
{
	if (!t.set)
		return xstrdup("<unknown>");
	return human(sub_ns((int64_t)now, 0, t.sec, t.nsec));
}

char *api_pr_duration(api_pr_time from, api_pr_time to)
{
	/* An unset end is Go's zero time, year 1. */
	if (!from.set)
		from = (api_pr_time){KC_TIME_GO_ZERO, 0, true};
	if (!to.set)
		to = (api_pr_time){KC_TIME_GO_ZERO, 0, true};
	return human(sub_ns(to.sec, to.nsec, from.sec, from.nsec));
}

char *api_printer_age(const cJSON *timestamp, time_t now)
{
	return api_pr_since(api_pr_time_of(timestamp), now);
}

/* ---- sorting and joining ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *api_pr_join_sorted_unique(const char **items, size_t n, const char *sep)
{
	if (n > 1)
		qsort(items, n, sizeof(*items), cmp_str);
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && streq(items[i], items[i - 1]))
			continue;
		if (i > 0)
			kc_buf_addstr(&b, sep);
		kc_buf_addstr(&b, items[i]);
	}
	return kc_buf_release(&b);
}

char *api_pr_format_labels(const cJSON *map)
{
	char *s = kc_labels_to_string(map);
	if (!s[0]) {
		free(s);
		return xstrdup("<none>");
	}
	return s;
}

char *api_pr_selector_string(const cJSON *sel)
{
	_cleanup_selector_ kc_selector *s = NULL;
	if (kc_selector_from_label_selector(sel, &s, NULL) < 0)
		return NULL;
	return kc_selector_to_string(s);
}

char *api_pr_format_selector(const cJSON *sel)
{
	char *s = api_pr_selector_string(sel);
	if (!s)
		return xstrdup("<error>");
	if (!s[0]) {
		free(s);
		return xstrdup("<none>");
	}
	return s;
}

/* ---- the default printer: rest.NewDefaultTableConvertor ---- */

static const api_table_column default_columns[] = {
    PR_COL_NAME,
    PR_COL("Created At", "date", DOC_META_CREATED),
    PR_COL_END,
};

/* creationTimestamp.UTC().Format(time.RFC3339): whole seconds, "Z", and
 * Go's zero time for a missing one. */
static void default_row(const cJSON *obj, cJSON *cells, time_t now)
{
	(void)now;
	api_pr_cell_name(cells, obj);
	api_pr_time t = api_pr_time_of(PR_GET(obj, "metadata", "creationTimestamp"));
	char buf[KC_TIME_RFC3339_MAX];
	api_pr_cell_str(cells, kc_time_format_rfc3339(t.set ? t.sec : KC_TIME_GO_ZERO, buf));
}

static const api_printer default_printer = {NULL, NULL, default_columns, default_row, NULL};

/* ---- lookup ---- */

static const api_printer *const *areas(void)
{
	static const api_printer *const all[] = {api_printers_core, api_printers_apps, api_printers_batch,
	                                         api_printers_other, NULL};
	return all;
}

const api_printer *api_printer_for(const kc_resource *r)
{
	if (!r || !r->plural)
		return &default_printer;
	for (const api_printer *const *area = areas(); *area; area++)
		for (const api_printer *p = *area; p->plural; p++)
			if (streq(p->group, r->group) && streq(p->plural, r->plural))
				return p;
	return &default_printer;
}

cJSON *api_printer_column_definitions(const api_printer *p)
{
	cJSON *defs = cJSON_CreateArray();
	for (const api_table_column *c = p->columns; c->name; c++) {
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "name", c->name);
		cJSON_AddStringToObject(d, "type", c->type);
		cJSON_AddStringToObject(d, "format", c->format ? c->format : "");
		cJSON_AddStringToObject(d, "description", c->description ? c->description : "");
		cJSON_AddNumberToObject(d, "priority", c->priority);
		cJSON_AddItemToArray(defs, d);
	}
	return defs;
}

/* ---- the Table ---- */

bool api_table_include_object_valid(const char *value)
{
	return !value || !value[0] || streq(value, "None") || streq(value, "Object") ||
	       streq(value, "Metadata");
}

/* meta.AsPartialObjectMetadata: the whole ObjectMeta under the
 * PartialObjectMetadata kind of the Table's group version. */
static cJSON *partial_object_metadata(const cJSON *obj)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "kind", "PartialObjectMetadata");
	cJSON_AddStringToObject(p, "apiVersion", "meta.k8s.io/v1");
	const cJSON *meta = PR_GET(obj, "metadata");
	cJSON_AddItemToObject(p, "metadata",
	                      cJSON_IsObject(meta) ? cJSON_Duplicate(meta, true) : cJSON_CreateObject());
	return p;
}

static void copy_list_meta(cJSON *dst, const cJSON *list_meta)
{
	static const char *const fields[] = {"resourceVersion", "continue", "remainingItemCount"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(fields); i++) {
		const cJSON *v = PR_GET(list_meta, fields[i]);
		/* ListMeta's fields are omitempty. */
		if (!v || (cJSON_IsString(v) && !v->valuestring[0]))
			continue;
		cJSON_AddItemToObject(dst, fields[i], cJSON_Duplicate(v, true));
	}
}

cJSON *api_table_from_objects_ex(const kc_resource *r, const cJSON *objects, const char *include_object,
                                 const cJSON *list_meta, bool no_headers, time_t now)
{
	const api_printer *p = api_printer_for(r);
	cJSON *table = cJSON_CreateObject();
	cJSON_AddStringToObject(table, "kind", "Table");
	cJSON_AddStringToObject(table, "apiVersion", "meta.k8s.io/v1");
	cJSON *meta = cJSON_AddObjectToObject(table, "metadata");
	copy_list_meta(meta, list_meta);
	cJSON_AddItemToObject(table, "columnDefinitions",
	                      no_headers ? cJSON_CreateNull() : api_printer_column_definitions(p));
	cJSON *rows = cJSON_AddArrayToObject(table, "rows");

	const char *inc = include_object ? include_object : "";
	const cJSON *obj;
	cJSON_ArrayForEach(obj, (cJSON_IsArray(objects) ? objects : NULL))
	{
		cJSON *row = cJSON_CreateObject();
		cJSON *cells = cJSON_AddArrayToObject(row, "cells");
		p->row(obj, cells, now);
		cJSON *conds = p->conditions ? p->conditions(obj) : NULL;
		if (conds)
			cJSON_AddItemToObject(row, "conditions", conds);
		if (streq(inc, "Object"))
			cJSON_AddItemToObject(row, "object", cJSON_Duplicate(obj, true));
		else if (streq(inc, "None"))
			cJSON_AddNullToObject(row, "object");
		else
			cJSON_AddItemToObject(row, "object", partial_object_metadata(obj));
		cJSON_AddItemToArray(rows, row);
	}
	return table;
}

cJSON *api_table_from_objects(const kc_resource *r, const cJSON *objects, const char *include_object,
                              const cJSON *list_meta, time_t now)
{
	return api_table_from_objects_ex(r, objects, include_object, list_meta, false, now);
}
