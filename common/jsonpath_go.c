/* jsonpath_go.c - Go's fmt %v and %#v, and strconv.Quote, on JSON values
 * (see jsonpath.h): how kubectl shows values of unstructured objects in
 * custom columns, table cells and jsonpath error messages. */
#include "jsonpath.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "json.h"

#include "banned.h"

static int cmp_member(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	int c = strcmp(x->string ? x->string : "", y->string ? y->string : "");
	/* keep repeated keys (only hand-built trees have them) in tree order */
	return c ? c : (x < y ? -1 : x > y);
}

/* An object's members by key (Go sorts map keys when printing), or an
 * array's elements; the caller frees the array. */
static const cJSON **sorted_members(const cJSON *obj, size_t *ret_n)
{
	size_t n = (size_t)cJSON_GetArraySize(obj), k = 0;
	const cJSON **items = xcalloc(n + 1, sizeof(*items));
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) items[k++] = it;
	if (cJSON_IsObject(obj) && k > 1)
		qsort(items, k, sizeof(*items), cmp_member);
	*ret_n = k;
	return items;
}

static void format_number(kc_buf *b, double d)
{
	/* unstructured objects hold integral numbers as int64 */
	if (d == trunc(d) && fabs(d) < 9.2e18)
		kc_buf_addf(b, "%" PRId64, (int64_t)d);
	else
		kc_json_format_go_float(b, d);
}

/* Go's utf8.DecodeRuneInString: U+FFFD of width 1 for invalid bytes. */
static int32_t decode_rune(const unsigned char *s, size_t n, size_t *ret_width)
{
	*ret_width = 1;
	if (s[0] < 0x80)
		return s[0];
	size_t need = (s[0] & 0xe0) == 0xc0 ? 1 : (s[0] & 0xf0) == 0xe0 ? 2 : (s[0] & 0xf8) == 0xf0 ? 3 : 0;
	if (need == 0 || n < need + 1)
		return 0xfffd;
	int32_t r = s[0] & (0x3f >> need);
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		r = (r << 6) | (s[i] & 0x3f);
	}
	static const int32_t min[] = {0, 0x80, 0x800, 0x10000};
	if (r < min[need] || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		return 0xfffd;
	*ret_width = need + 1;
	return r;
}

static void format_go(kc_buf *b, const cJSON *v, bool sharp, int depth);

static void format_members(kc_buf *b, const cJSON *v, bool sharp, int depth)
{
	size_t k;
	const cJSON **items = sorted_members(v, &k);
	for (size_t i = 0; i < k; i++) {
		if (i > 0)
			kc_buf_addstr(b, sharp ? ", " : " ");
		if (cJSON_IsObject(v)) {
			if (sharp)
				kc_jsonpath_go_quote(b, items[i]->string ? items[i]->string : "");
			else
				kc_buf_addstr(b, items[i]->string ? items[i]->string : "");
			kc_buf_addch(b, ':');
		}
		format_go(b, items[i], sharp, depth + 1);
	}
	free(items);
}

static void format_go(kc_buf *b, const cJSON *v, bool sharp, int depth)
{
	if (depth > KC_JSON_MAX_DEPTH + 1) {
		kc_buf_addstr(b, "...");
		return;
	}
	if (!v || cJSON_IsNull(v)) {
		kc_buf_addstr(b, sharp ? "interface {}(nil)" : "<nil>");
	} else if (cJSON_IsString(v)) {
		if (sharp)
			kc_jsonpath_go_quote(b, v->valuestring);
		else
			kc_buf_addstr(b, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		format_number(b, v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		kc_buf_addstr(b, cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsObject(v)) {
		kc_buf_addstr(b, sharp ? "map[string]interface {}{" : "map[");
		format_members(b, v, sharp, depth);
		kc_buf_addch(b, sharp ? '}' : ']');
	} else if (cJSON_IsArray(v)) {
		kc_buf_addstr(b, sharp ? "[]interface {}{" : "[");
		format_members(b, v, sharp, depth);
		kc_buf_addch(b, sharp ? '}' : ']');
	} else {
		kc_buf_addstr(b, sharp ? "interface {}(nil)" : "<nil>");
	}
}

void kc_jsonpath_format_go(kc_buf *b, const cJSON *v)
{
	format_go(b, v, false, 0);
}

void kc_jsonpath_format_go_sharp(kc_buf *b, const cJSON *v)
{
	format_go(b, v, true, 0);
}

/* strconv.IsPrint, close enough for messages: controls, C1 controls and a
 * few invisible format characters do not print. */
static bool go_isprint(int32_t r)
{
	if (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xad)
		return false;
	if ((r >= 0x2028 && r <= 0x202e) || (r >= 0x200b && r <= 0x200f) || r == 0xfeff || r >= 0xfff9)
		return r >= 0x10000;
	return true;
}

void kc_jsonpath_go_quote(kc_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	kc_buf_addch(b, '"');
	for (size_t i = 0; i < n;) {
		size_t w;
		int32_t r = decode_rune(p + i, n - i, &w);
		if (r == 0xfffd && w == 1 && p[i] >= 0x80) {
			kc_buf_addf(b, "\\x%c%c", hex[p[i] >> 4], hex[p[i] & 15]);
			i++;
			continue;
		}
		i += w;
		if (r == '"' || r == '\\') {
			kc_buf_addch(b, '\\');
			kc_buf_addch(b, (char)r);
		} else if (go_isprint(r)) {
			kc_buf_add(b, p + i - w, w);
		} else if (r == '\a') {
			kc_buf_addstr(b, "\\a");
		} else if (r == '\b') {
			kc_buf_addstr(b, "\\b");
		} else if (r == '\f') {
			kc_buf_addstr(b, "\\f");
		} else if (r == '\n') {
			kc_buf_addstr(b, "\\n");
		} else if (r == '\r') {
			kc_buf_addstr(b, "\\r");
		} else if (r == '\t') {
			kc_buf_addstr(b, "\\t");
		} else if (r == '\v') {
			kc_buf_addstr(b, "\\v");
		} else if (r < 0x20 || r == 0x7f) {
			kc_buf_addf(b, "\\x%c%c", hex[r >> 4], hex[r & 15]);
		} else if (r < 0x10000) {
			kc_buf_addf(b, "\\u%04x", (unsigned)r);
		} else {
			kc_buf_addf(b, "\\U%08x", (unsigned)r);
		}
	}
	kc_buf_addch(b, '"');
}

