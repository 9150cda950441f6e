/* fielderr.c - field errors rendered as upstream's field.Error and
 * apierrors.NewInvalid render them (apimachinery v0.35 wording: bad values
 * that are not strings, numbers or booleans print as Go's json.Marshal of
 * the value). */
#include "fielderr.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

void api_field_errors_clear(api_field_errors *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].field);
		free(e->v[i].bad_value);
		free(e->v[i].detail);
	}
	free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
}

/* Takes field, bad_value and detail. */
static void push(api_field_errors *e, api_field_error_type type, char *field, char *bad_value, char *detail)
{
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	e->v[e->n++] = (api_field_error){type, field, bad_value, detail};
}

/* ---- rendering values as Go prints them ---- */

/* A float64 as Go's %v / strconv 'g' with the shortest precision that
 * round-trips; integral values in int range print as integers. */
static void add_number(kc_buf *b, double d)
{
	if (isnan(d) || isinf(d)) {
		kc_buf_addstr(b, isnan(d) ? "NaN" : (d > 0 ? "+Inf" : "-Inf"));
		return;
	}
	if (d == floor(d) && fabs(d) < 1e15) {
		kc_buf_addf(b, "%lld", (long long)d);
		return;
	}
	char tmp[64];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	kc_buf_addstr(b, tmp);
}

/* A string as encoding/json writes it: <, > and & escaped as \u003c...,
 * U+2028/2029 escaped, invalid UTF-8 replaced by U+FFFD. */
static void add_json_string(kc_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	kc_buf_addch(b, '"');
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned char c = *p;
		if (c < 0x80) {
			switch (c) {
			case '"': kc_buf_addstr(b, "\\\""); break;
			case '\\': kc_buf_addstr(b, "\\\\"); break;
			case '\n': kc_buf_addstr(b, "\\n"); break;
			case '\r': kc_buf_addstr(b, "\\r"); break;
			case '\t': kc_buf_addstr(b, "\\t"); break;
			default:
				if (c < 0x20 || c == '<' || c == '>' || c == '&') {
					kc_buf_addstr(b, "\\u00");
					kc_buf_addch(b, hex[c >> 4]);
					kc_buf_addch(b, hex[c & 0xf]);
				} else {
					kc_buf_addch(b, (char)c);
				}
			}
			p++;
			continue;
		}
		/* decode one UTF-8 sequence */
		size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
		unsigned cp = len == 4 ? c & 0x07 : len == 3 ? c & 0x0f : c & 0x1f;
		bool ok = len >= 2 && c >= 0xc2 && c <= 0xf4;
		for (size_t i = 1; ok && i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				ok = false;
			else
				cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (ok && ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
			   (len == 4 && (cp < 0x10000 || cp > 0x10ffff))))
			ok = false;
		if (!ok) {
			kc_buf_addstr(b, "\\ufffd");
			p++;
			continue;
		}
		if (cp == 0x2028 || cp == 0x2029)
			kc_buf_addf(b, "\\u%04x", cp);
		else
			kc_buf_add(b, p, len);
		p += len;
	}
	kc_buf_addch(b, '"');
}

static int cmp_keys(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(x->string ? x->string : "", y->string ? y->string : "");
}

/* json.Marshal of the decoded value: objects come from Go maps or structs;
 * maps (labels, selectors, resource lists) are what validation shows, and Go
 * sorts map keys, so keys are sorted here. */
static void add_json(kc_buf *b, const cJSON *v, int depth)
{
	if (depth > 64) {
		kc_buf_addstr(b, "null");
		return;
	}
	if (cJSON_IsString(v)) {
		add_json_string(b, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		add_number(b, v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		kc_buf_addstr(b, cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsArray(v)) {
		kc_buf_addch(b, '[');
		const cJSON *it;
		bool first = true;
		cJSON_ArrayForEach(it, v) {
			if (!first)
				kc_buf_addch(b, ',');
			first = false;
			add_json(b, it, depth + 1);
		}
		kc_buf_addch(b, ']');
	} else if (cJSON_IsObject(v)) {
		size_t n = (size_t)cJSON_GetArraySize(v);
		_cleanup_free_ const cJSON **items = xcalloc(n ? n : 1, sizeof(*items));
		size_t i = 0;
		const cJSON *it;
		cJSON_ArrayForEach(it, v) items[i++] = it;
		qsort(items, n, sizeof(*items), cmp_keys);
		kc_buf_addch(b, '{');
		for (i = 0; i < n; i++) {
			if (i)
				kc_buf_addch(b, ',');
			add_json_string(b, items[i]->string ? items[i]->string : "");
			kc_buf_addch(b, ':');
			add_json(b, items[i], depth + 1);
		}
		kc_buf_addch(b, '}');
	} else {
		kc_buf_addstr(b, "null");
	}
}

char *api_fe_render_value(const cJSON *value)
{
	if (!value || cJSON_IsNull(value))
		return xstrdup("null");
	if (cJSON_IsString(value))
		return kc_validate_quote(value->valuestring);
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	add_json(&b, value, 0);
	return kc_buf_release(&b);
}

/* ---- adding errors ---- */

void api_fe_add_rendered(api_field_errors *e, api_field_error_type type, const char *field, const char *rendered,
			 const char *detail)
{
	push(e, type, xstrdup(field ? field : ""), rendered ? xstrdup(rendered) : NULL,
	     detail && detail[0] ? xstrdup(detail) : NULL);
}

void api_fe_add(api_field_errors *e, api_field_error_type type, const char *field, const cJSON *value,
		const char *detail_fmt, ...)
{
	char *detail = NULL;
	if (detail_fmt) {
		va_list ap;
		va_start(ap, detail_fmt);
		detail = xvasprintf(detail_fmt, ap);
		va_end(ap);
		if (!detail[0]) {
			free(detail);
			detail = NULL;
		}
	}
	push(e, type, xstrdup(field ? field : ""), value ? api_fe_render_value(value) : NULL, detail);
}

void api_fe_required(api_field_errors *e, const char *field, const char *detail)
{
	api_fe_add_rendered(e, API_FE_REQUIRED, field, NULL, detail);
}

void api_fe_invalid(api_field_errors *e, const char *field, const cJSON *value, const char *detail)
{
	push(e, API_FE_INVALID, xstrdup(field), api_fe_render_value(value),
	     detail && detail[0] ? xstrdup(detail) : NULL);
}

void api_fe_invalid_str(api_field_errors *e, const char *field, const char *value, const char *detail)
{
	push(e, API_FE_INVALID, xstrdup(field), kc_validate_quote(value ? value : ""),
	     detail && detail[0] ? xstrdup(detail) : NULL);
}

void api_fe_invalid_int(api_field_errors *e, const char *field, long long value, const char *detail)
{
	push(e, API_FE_INVALID, xstrdup(field), xasprintf("%lld", value),
	     detail && detail[0] ? xstrdup(detail) : NULL);
}

void api_fe_duplicate(api_field_errors *e, const char *field, const cJSON *value)
{
	push(e, API_FE_DUPLICATE, xstrdup(field), api_fe_render_value(value), NULL);
}

void api_fe_duplicate_str(api_field_errors *e, const char *field, const char *value)
{
	push(e, API_FE_DUPLICATE, xstrdup(field), kc_validate_quote(value ? value : ""), NULL);
}

void api_fe_forbidden(api_field_errors *e, const char *field, const char *detail)
{
	api_fe_add_rendered(e, API_FE_FORBIDDEN, field, NULL, detail);
}

static char *supported_detail(const char *const *valid)
{
	if (!valid || !valid[0])
		return NULL;
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "supported values: ");
	for (size_t i = 0; valid[i]; i++) {
		_cleanup_free_ char *q = kc_validate_quote(valid[i]);
		if (i)
			kc_buf_addstr(&b, ", ");
		kc_buf_addstr(&b, q);
	}
	return kc_buf_release(&b);
}

void api_fe_not_supported(api_field_errors *e, const char *field, const cJSON *value, const char *const *valid)
{
	push(e, API_FE_NOT_SUPPORTED, xstrdup(field), api_fe_render_value(value), supported_detail(valid));
}

void api_fe_not_supported_str(api_field_errors *e, const char *field, const char *value,
			      const char *const *valid)
{
	push(e, API_FE_NOT_SUPPORTED, xstrdup(field), kc_validate_quote(value ? value : ""),
	     supported_detail(valid));
}

void api_fe_too_long(api_field_errors *e, const char *field, const cJSON *value, long long max_bytes)
{
	(void)value; /* upstream never shows a too-long value */
	char *detail;
	if (max_bytes >= 0)
		detail = xasprintf("may not be more than %lld %s", max_bytes, max_bytes == 1 ? "byte" : "bytes");
	else
		detail = xstrdup("value is too long");
	push(e, API_FE_TOO_LONG, xstrdup(field), NULL, detail);
}

void api_fe_too_many(api_field_errors *e, const char *field, long long actual, long long max)
{
	char *detail;
	if (max >= 0)
		detail = xasprintf("must have at most %lld %s", max, max == 1 ? "item" : "items");
	else
		detail = xstrdup("has too many items");
	push(e, API_FE_TOO_MANY, xstrdup(field), actual >= 0 ? xasprintf("%lld", actual) : NULL, detail);
}

void api_fe_internal(api_field_errors *e, const char *field, const char *detail)
{
	api_fe_add_rendered(e, API_FE_INTERNAL, field, NULL, detail);
}

static api_field_error_type from_validate_type(kc_validate_error_type t)
{
	switch (t) {
	case KC_VALIDATE_NOT_FOUND: return API_FE_NOT_FOUND;
	case KC_VALIDATE_REQUIRED: return API_FE_REQUIRED;
	case KC_VALIDATE_DUPLICATE: return API_FE_DUPLICATE;
	case KC_VALIDATE_INVALID: return API_FE_INVALID;
	case KC_VALIDATE_NOT_SUPPORTED: return API_FE_NOT_SUPPORTED;
	case KC_VALIDATE_FORBIDDEN: return API_FE_FORBIDDEN;
	case KC_VALIDATE_TOO_LONG: return API_FE_TOO_LONG;
	case KC_VALIDATE_TOO_MANY: return API_FE_TOO_MANY;
	case KC_VALIDATE_INTERNAL: return API_FE_INTERNAL;
	case KC_VALIDATE_TYPE_INVALID: return API_FE_TYPE_INVALID;
	}
	return API_FE_INTERNAL;
}

void api_fe_add_validate(api_field_errors *e, const kc_validate_errors *v)
{
	for (size_t i = 0; v && i < v->n; i++)
		api_fe_add_rendered(e, from_validate_type(v->v[i].type), v->v[i].field, v->v[i].value,
				    v->v[i].detail);
}

void api_fe_add_msgs(api_field_errors *e, const char *field, const char *value, const kc_validate_msgs *msgs)
{
	for (size_t i = 0; msgs && i < msgs->n; i++)
		api_fe_invalid_str(e, field, value, msgs->v[i]);
}

void api_fe_append(api_field_errors *dst, api_field_errors *src)
{
	for (size_t i = 0; i < src->n; i++)
		push(dst, src->v[i].type, src->v[i].field, src->v[i].bad_value, src->v[i].detail);
	free(src->v);
	src->v = NULL;
	src->n = src->cap = 0;
}

/* ---- rendering errors ---- */

static const char *type_string(api_field_error_type t)
{
	switch (t) {
	case API_FE_NOT_FOUND: return "Not found";
	case API_FE_REQUIRED: return "Required value";
	case API_FE_DUPLICATE: return "Duplicate value";
	case API_FE_INVALID: return "Invalid value";
	case API_FE_NOT_SUPPORTED: return "Unsupported value";
	case API_FE_FORBIDDEN: return "Forbidden";
	case API_FE_TOO_LONG: return "Too long";
	case API_FE_TOO_MANY: return "Too many";
	case API_FE_INTERNAL: return "Internal error";
	case API_FE_TYPE_INVALID: return "Invalid value";
	}
	return "Internal error";
}

const char *api_fe_reason(api_field_error_type t)
{
	switch (t) {
	case API_FE_NOT_FOUND: return "FieldValueNotFound";
	case API_FE_REQUIRED: return "FieldValueRequired";
	case API_FE_DUPLICATE: return "FieldValueDuplicate";
	case API_FE_INVALID: return "FieldValueInvalid";
	case API_FE_NOT_SUPPORTED: return "FieldValueNotSupported";
	case API_FE_FORBIDDEN: return "FieldValueForbidden";
	case API_FE_TOO_LONG: return "FieldValueTooLong";
	case API_FE_TOO_MANY: return "FieldValueTooMany";
	case API_FE_INTERNAL: return "InternalError";
	case API_FE_TYPE_INVALID: return "FieldValueTypeInvalid";
	}
	return "InternalError";
}

char *api_field_error_body(const api_field_error *fe)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, type_string(fe->type));
	switch (fe->type) {
	case API_FE_REQUIRED:
	case API_FE_FORBIDDEN:
	case API_FE_TOO_LONG:
	case API_FE_INTERNAL:
		break;
	default:
		if (fe->bad_value)
			kc_buf_addf(&b, ": %s", fe->bad_value);
	}
	if (fe->detail && fe->detail[0])
		kc_buf_addf(&b, ": %s", fe->detail);
	return kc_buf_release(&b);
}

char *api_field_error_string(const api_field_error *fe)
{
	_cleanup_free_ char *body = api_field_error_body(fe);
	return xasprintf("%s: %s", fe->field ? fe->field : "", body);
}

/* ErrorList.ToAggregate().Error(): duplicates (by full text) dropped, one
 * error alone, several in brackets. */
static char *aggregate(const api_field_errors *e)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	char **seen = xcalloc(e->n ? e->n : 1, sizeof(*seen));
	size_t nseen = 0;
	for (size_t i = 0; i < e->n; i++) {
		char *s = api_field_error_string(&e->v[i]);
		bool dup = false;
		for (size_t j = 0; j < nseen && !dup; j++)
			dup = streq(seen[j], s);
		if (dup) {
			free(s);
			continue;
		}
		seen[nseen++] = s;
	}
	if (nseen > 1)
		kc_buf_addch(&b, '[');
	for (size_t j = 0; j < nseen; j++) {
		if (j)
			kc_buf_addstr(&b, ", ");
		kc_buf_addstr(&b, seen[j]);
		free(seen[j]);
	}
	if (nseen > 1)
		kc_buf_addch(&b, ']');
	free(seen);
	return kc_buf_release(&b);
}

char *api_field_errors_message(const api_field_errors *e, const char *qualified_kind, const char *name)
{
	_cleanup_free_ char *qname = kc_validate_quote(name ? name : "");
	if (e->n == 0)
		return xasprintf("%s %s is invalid", qualified_kind, qname);
	_cleanup_free_ char *agg = aggregate(e);
	return xasprintf("%s %s is invalid: %s", qualified_kind, qname, agg);
}

cJSON *api_field_errors_status(const api_field_errors *e, const char *group, const char *kind, const char *name)
{
	_cleanup_free_ char *qkind = group && group[0] ? xasprintf("%s.%s", kind, group) : xstrdup(kind);
	_cleanup_free_ char *msg = api_field_errors_message(e, qkind, name);

	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "kind", "Status");
	cJSON_AddStringToObject(s, "apiVersion", "v1");
	cJSON_AddItemToObject(s, "metadata", cJSON_CreateObject());
	cJSON_AddStringToObject(s, "status", "Failure");
	cJSON_AddStringToObject(s, "message", msg);
	cJSON_AddStringToObject(s, "reason", "Invalid");
	cJSON *d = cJSON_AddObjectToObject(s, "details");
	if (name && name[0])
		cJSON_AddStringToObject(d, "name", name);
	if (group && group[0])
		cJSON_AddStringToObject(d, "group", group);
	cJSON_AddStringToObject(d, "kind", kind);
	cJSON *causes = cJSON_AddArrayToObject(d, "causes");
	for (size_t i = 0; i < e->n; i++) {
		cJSON *c = cJSON_CreateObject();
		_cleanup_free_ char *body = api_field_error_body(&e->v[i]);
		cJSON_AddStringToObject(c, "reason", api_fe_reason(e->v[i].type));
		cJSON_AddStringToObject(c, "message", body);
		if (e->v[i].field && e->v[i].field[0])
			cJSON_AddStringToObject(c, "field", e->v[i].field);
		cJSON_AddItemToArray(causes, c);
	}
	cJSON_AddNumberToObject(s, "code", 422);
	return s;
}

/* ---- paths ---- */

char *api_path_index(const char *parent, size_t index)
{
	return xasprintf("%s[%zu]", parent ? parent : "", index);
}

char *api_path_key(const char *parent, const char *key)
{
	return xasprintf("%s[%s]", parent ? parent : "", key);
}

char *api_path_child(const char *parent, const char *child)
{
	if (!parent || !parent[0])
		return xstrdup(child);
	return xasprintf("%s.%s", parent, child);
}
