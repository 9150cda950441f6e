/* describe_util.c - what every describer shares: Go's tabwriter as kubectl
 * configures it, the prefix writer, values and times as kubectl prints them,
 * Go's sort order, the label/annotation/taint/toleration blocks, related
 * lists and the Events section (see describe.h). */
#include "ctl/describe.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/quantity.h"
#include "common/selector.h"
#include "banned.h"

/* ---- Go's text/tabwriter (minwidth 0, tabwidth 8, padding 2, ' ', no flags) ----
 *
 * The text since the last flush is kept in buf; lines[] holds its cells
 * (size in bytes, width in runes, whether a '\t' ended it). format() walks
 * column blocks (consecutive lines that have a cell in a column) and pads
 * each cell to its block's widest cell + 2, as Go does. A line with one cell
 * (no tab) cannot affect later alignment, so it flushes everything. */

#define TW_PADDING 2
#define TW_ESCAPE  '\xff'

typedef struct tw_cell {
	size_t size, width;
	bool htab;
} tw_cell;

typedef struct tw_line {
	tw_cell *cells;
	size_t n, cap;
} tw_line;

struct kc_tabwriter {
	kc_buf *out;
	kc_buf buf;
	size_t pos;
	tw_cell cell;
	bool in_escape;
	tw_line *lines;
	size_t nlines, linecap;
	size_t *widths;
	size_t nwidths, widthcap;
};

/* utf8.RuneCount: a valid sequence counts one, every invalid byte one. */
static size_t rune_count(const unsigned char *s, size_t n)
{
	size_t count = 0, i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len = 1;
		if (c >= 0xc2 && c <= 0xdf)
			len = 2;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4;
		if (len > 1) {
			unsigned char lo = 0x80, hi = 0xbf;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
			else if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
			bool ok = i + len <= n && s[i + 1] >= lo && s[i + 1] <= hi;
			for (size_t k = 2; ok && k < len; k++)
				ok = s[i + k] >= 0x80 && s[i + k] <= 0xbf;
			if (!ok)
				len = 1;
		}
		i += len;
		count++;
	}
	return count;
}

static void tw_add_line(kc_tabwriter *tw)
{
	if (tw->nlines == tw->linecap) {
		tw->linecap = tw->linecap ? tw->linecap * 2 : 16;
		tw->lines = xrealloc(tw->lines, tw->linecap * sizeof(*tw->lines));
		memset(tw->lines + tw->nlines, 0, (tw->linecap - tw->nlines) * sizeof(*tw->lines));
	}
	tw->lines[tw->nlines++].n = 0;
}

static void tw_reset(kc_tabwriter *tw)
{
	kc_buf_reset(&tw->buf);
	tw->pos = 0;
	tw->cell = (tw_cell){0};
	tw->in_escape = false;
	tw->nlines = 0;
	tw->nwidths = 0;
	tw_add_line(tw);
}

kc_tabwriter *kc_tabwriter_new(kc_buf *out)
{
	kc_tabwriter *tw = xcalloc(1, sizeof(*tw));
	tw->out = out;
	tw_reset(tw);
	return tw;
}

static void tw_update_width(kc_tabwriter *tw)
{
	tw->cell.width += rune_count((const unsigned char *)tw->buf.s + tw->pos, tw->buf.len - tw->pos);
	tw->pos = tw->buf.len;
}

static void tw_append(kc_tabwriter *tw, const char *s, size_t n)
{
	kc_buf_add(&tw->buf, s, n);
	tw->cell.size += n;
}

static size_t tw_terminate_cell(kc_tabwriter *tw, bool htab)
{
	tw->cell.htab = htab;
	tw_line *l = &tw->lines[tw->nlines - 1];
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->cells = xrealloc(l->cells, l->cap * sizeof(*l->cells));
	}
	l->cells[l->n++] = tw->cell;
	tw->cell = (tw_cell){0};
	return l->n;
}

static void tw_end_escape(kc_tabwriter *tw)
{
	tw_update_width(tw);
	tw->cell.width -= 2; /* the Escape bytes do not count */
	tw->in_escape = false;
}

static void tw_push_width(kc_tabwriter *tw, size_t w)
{
	if (tw->nwidths == tw->widthcap) {
		tw->widthcap = tw->widthcap ? tw->widthcap * 2 : 8;
		tw->widths = xrealloc(tw->widths, tw->widthcap * sizeof(*tw->widths));
	}
	tw->widths[tw->nwidths++] = w;
}

static void tw_pad(kc_tabwriter *tw, size_t textw, size_t cellw)
{
	for (size_t i = textw; i < cellw; i++)
		kc_buf_addch(tw->out, ' ');
}

static size_t tw_write_lines(kc_tabwriter *tw, size_t pos, size_t line0, size_t line1)
{
	for (size_t i = line0; i < line1; i++) {
		const tw_line *l = &tw->lines[i];
		for (size_t j = 0; j < l->n; j++) {
			const tw_cell *c = &l->cells[j];
			if (c->size > 0) {
				kc_buf_add(tw->out, tw->buf.s + pos, c->size);
				pos += c->size;
			}
			if (j < tw->nwidths)
				tw_pad(tw, c->width, tw->widths[j]);
		}
		if (i + 1 == tw->nlines) {
			/* the last buffered line has no newline: what is pending */
			kc_buf_add(tw->out, tw->buf.s + pos, tw->cell.size);
			pos += tw->cell.size;
		} else {
			kc_buf_addch(tw->out, '\n');
		}
	}
	return pos;
}

static size_t tw_format(kc_tabwriter *tw, size_t pos, size_t line0, size_t line1)
{
	size_t column = tw->nwidths;
	for (size_t this = line0; this < line1; this++) {
		if (column + 1 >= tw->lines[this].n)
			continue;
		/* a cell in this column: print the lines above it, then find the
		 * block of lines having this column and its width */
		pos = tw_write_lines(tw, pos, line0, this);
		line0 = this;
		size_t width = 0;
		for (; this < line1; this++) {
			const tw_line *l = &tw->lines[this];
			if (column + 1 >= l->n)
				break;
			size_t w = l->cells[column].width + TW_PADDING;
			if (w > width)
				width = w;
		}
		tw_push_width(tw, width);
		pos = tw_format(tw, pos, line0, this);
		tw->nwidths--;
		line0 = this;
	}
	return tw_write_lines(tw, pos, line0, line1);
}

static void tw_flush_internal(kc_tabwriter *tw)
{
	if (tw->cell.size > 0) {
		if (tw->in_escape)
			tw_end_escape(tw);
		tw_terminate_cell(tw, false);
	}
	tw_format(tw, 0, 0, tw->nlines);
	tw_reset(tw);
}

void kc_tabwriter_write(kc_tabwriter *tw, const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (!tw->in_escape) {
			if (ch == '\t' || ch == '\v' || ch == '\n' || ch == '\f') {
				tw_append(tw, s + n, i - n);
				tw_update_width(tw);
				n = i + 1;
				size_t ncells = tw_terminate_cell(tw, ch == '\t');
				if (ch == '\n' || ch == '\f') {
					tw_add_line(tw);
					if (ch == '\f' || ncells == 1)
						tw_flush_internal(tw);
				}
			} else if (ch == TW_ESCAPE) {
				tw_append(tw, s + n, i - n);
				tw_update_width(tw);
				n = i;
				tw->in_escape = true;
			}
		} else if (ch == TW_ESCAPE) {
			tw_append(tw, s + n, i + 1 - n);
			n = i + 1;
			tw_end_escape(tw);
		}
	}
	tw_append(tw, s + n, len - n);
}

void kc_tabwriter_flush(kc_tabwriter *tw)
{
	tw_flush_internal(tw);
}

void kc_tabwriter_free(kc_tabwriter *tw)
{
	if (!tw)
		return;
	tw_flush_internal(tw);
	for (size_t i = 0; i < tw->linecap; i++)
		free(tw->lines[i].cells);
	free(tw->lines);
	free(tw->widths);
	kc_buf_free(&tw->buf);
	free(tw);
}

/* ---- the prefix writer ---- */

static void dw_emit(const kc_dw *w, const char *s, size_t len)
{
	/* printers.WriteEscaped */
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		const char *rep = s[i] == '\x1b' ? "^[" : s[i] == '\r' ? "\\r" : NULL;
		if (!rep)
			continue;
		kc_tabwriter_write(w->tw, s + start, i - start);
		kc_tabwriter_write(w->tw, rep, 2);
		start = i + 1;
	}
	kc_tabwriter_write(w->tw, s + start, len - start);
}

void kc_dw_write(const kc_dw *w, int level, const char *fmt, ...)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	for (int i = 0; i < level + w->indent; i++)
		kc_buf_addstr(&b, "  ");
	va_list ap;
	va_start(ap, fmt);
	kc_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	dw_emit(w, kc_buf_str(&b), b.len);
}

void kc_dw_line(const kc_dw *w, const char *s)
{
	kc_dw_write(w, 0, "%s\n", s);
}

void kc_dw_flush(const kc_dw *w)
{
	kc_tabwriter_flush(w->tw);
}

int kc_describe_tabbed(const kc_describe_env *env, const cJSON *obj, kc_describe_body_fn fn, kc_buf *out,
		       char **ret_err)
{
	_cleanup_buf_ kc_buf text = KC_BUF_INIT;
	kc_dw w = {.tw = kc_tabwriter_new(&text), .indent = 0};
	int r = fn(&w, env, obj, ret_err);
	kc_tabwriter_free(w.tw);
	if (r < 0)
		return r;
	kc_buf_add(out, kc_buf_str(&text), text.len);
	return 0;
}

void kc_describe_result_clear(kc_describe_result *r)
{
	cJSON_Delete(r->body);
	free(r->error);
	*r = (kc_describe_result){0};
}

/* ---- values ---- */

const char *kc_ds(const cJSON *obj, const char *path)
{
	return kc_json_get_str(obj, path, "");
}

int64_t kc_di(const cJSON *obj, const char *path, int64_t def)
{
	return kc_json_get_int(obj, path, def);
}

int kc_dn(const cJSON *obj, const char *path)
{
	const cJSON *v = kc_json_get(obj, path);
	if (!cJSON_IsArray(v) && !cJSON_IsObject(v))
		return 0;
	return cJSON_GetArraySize(v);
}

static void govalue(kc_buf *b, const cJSON *v, int depth)
{
	if (depth > 64) {
		kc_buf_addstr(b, "...");
		return;
	}
	if (!v || cJSON_IsNull(v)) {
		kc_buf_addstr(b, "<nil>");
	} else if (cJSON_IsString(v)) {
		kc_buf_addstr(b, v->valuestring);
	} else if (cJSON_IsBool(v)) {
		kc_buf_addstr(b, cJSON_IsTrue(v) ? "true" : "false");
	} else if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		/* unstructured JSON holds integers as int64 */
		if (d == (double)(int64_t)d && d > -9.3e18 && d < 9.3e18)
			kc_buf_addf(b, "%" PRId64, (int64_t)d);
		else
			kc_json_format_go_float(b, d);
	} else if (cJSON_IsArray(v)) {
		kc_buf_addch(b, '[');
		const cJSON *c;
		bool first = true;
		cJSON_ArrayForEach(c, v)
		{
			if (!first)
				kc_buf_addch(b, ' ');
			first = false;
			govalue(b, c, depth + 1);
		}
		kc_buf_addch(b, ']');
	} else if (cJSON_IsObject(v)) {
		size_t n = 0;
		_cleanup_free_ const char **keys = kc_describe_sorted_keys(v, &n);
		kc_buf_addstr(b, "map[");
		for (size_t i = 0; i < n; i++) {
			if (i)
				kc_buf_addch(b, ' ');
			kc_buf_addf(b, "%s:", keys[i]);
			govalue(b, cJSON_GetObjectItemCaseSensitive(v, keys[i]), depth + 1);
		}
		kc_buf_addch(b, ']');
	}
}

void kc_describe_govalue(kc_buf *b, const cJSON *v)
{
	govalue(b, v, 0);
}

const char *kc_describe_intstr(const cJSON *v, char buf[32])
{
	if (cJSON_IsNumber(v))
		snprintf(buf, 32, "%" PRId64, kc_json_as_int(v, 0));
	else if (cJSON_IsString(v))
		return v->valuestring;
	else
		snprintf(buf, 32, "0");
	return buf;
}

/* Decodes one UTF-8 sequence at s (n bytes left): the code point, or -1
 * for an invalid byte; *len is its length (1 when invalid). */
static long utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char c = s[0];
	*len = 1;
	if (c < 0x80)
		return c;
	size_t want = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
	/* rune_count says whether the sequence is valid (one rune) */
	if (!want || want > n || rune_count(s, want) != 1)
		return -1;
	*len = want;
	long cp = want == 2 ? (c & 0x1f) : want == 3 ? (c & 0x0f) : (c & 0x07);
	for (size_t k = 1; k < want; k++)
		cp = (cp << 6) | (s[k] & 0x3f);
	return cp;
}

void kc_describe_goquote(kc_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	kc_buf_addch(b, '"');
	for (size_t i = 0; i < n;) {
		size_t len;
		long cp = utf8_decode(p + i, n - i, &len);
		if (cp < 0) {
			kc_buf_addf(b, "\\x%c%c", hex[p[i] >> 4], hex[p[i] & 15]);
		} else if (cp == '"' || cp == '\\') {
			kc_buf_addch(b, '\\');
			kc_buf_addch(b, (char)cp);
		} else if (cp >= 0x20 && cp < 0x7f) {
			kc_buf_addch(b, (char)cp);
		} else if (cp < 0x20 || cp == 0x7f) {
			switch (cp) {
			case '\a': kc_buf_addstr(b, "\\a"); break;
			case '\b': kc_buf_addstr(b, "\\b"); break;
			case '\f': kc_buf_addstr(b, "\\f"); break;
			case '\n': kc_buf_addstr(b, "\\n"); break;
			case '\r': kc_buf_addstr(b, "\\r"); break;
			case '\t': kc_buf_addstr(b, "\\t"); break;
			case '\v': kc_buf_addstr(b, "\\v"); break;
			default: kc_buf_addf(b, "\\x%c%c", hex[cp >> 4], hex[cp & 15]); break;
			}
		} else if ((cp >= 0x80 && cp < 0xa0) || cp == 0xad || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff) {
			/* not printable to Go's unicode.IsPrint (the common cases) */
			if (cp < 0x10000)
				kc_buf_addf(b, "\\u%04lx", cp);
			else
				kc_buf_addf(b, "\\U%08lx", cp);
		} else {
			kc_buf_add(b, p + i, len);
		}
		i += len;
	}
	kc_buf_addch(b, '"');
}

const char *kc_describe_boolptr(const cJSON *obj, const char *path)
{
	const cJSON *v = kc_json_get(obj, path);
	if (!cJSON_IsBool(v))
		return "<unset>";
	return cJSON_IsTrue(v) ? "True" : "False";
}

/* ---- times ---- */

kc_time kc_describe_parse_time(const cJSON *t)
{
	kc_time r = {KC_TIME_GO_ZERO, 0};
	if (cJSON_IsString(t) && kc_time_parse_rfc3339(t->valuestring, &r, NULL) < 0)
		r = (kc_time){KC_TIME_GO_ZERO, 0};
	return r;
}

const char *kc_describe_time(const kc_describe_env *env, const cJSON *t, char buf[KC_DESCRIBE_TIME_MAX])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	/* metav1.Time keeps a time it read in local time; a null one is Go's
	 * zero time, which is UTC */
	kc_time tm = {KC_TIME_GO_ZERO, 0};
	bool set = cJSON_IsString(t) && kc_time_parse_rfc3339(t->valuestring, &tm, NULL) == 0;
	if (!set)
		tm = (kc_time){KC_TIME_GO_ZERO, 0};
	kc_civil c;
	kc_time_to_civil(set ? env->tz : NULL, tm.sec, &c);
	int32_t off = c.offset;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(buf, KC_DESCRIBE_TIME_MAX, "%s, %02d %s %04" PRId64 " %02d:%02d:%02d %c%02d%02d", days[c.wday],
		 c.day, months[c.month - 1], c.year, c.hour, c.min, c.sec, sign, (int)(off / 3600),
		 (int)(off % 3600 / 60));
	return buf;
}

static const char *since_time(const kc_describe_env *env, kc_time t, char buf[KC_DESCRIBE_TIME_MAX])
{
	if (t.sec == KC_TIME_GO_ZERO && t.nsec == 0) {
		snprintf(buf, KC_DESCRIBE_TIME_MAX, "<unknown>");
		return buf;
	}
	int64_t ns = (env->now.sec - t.sec) * KC_DURATION_SEC + (env->now.nsec - t.nsec);
	char d[KC_DURATION_STR_MAX];
	snprintf(buf, KC_DESCRIBE_TIME_MAX, "%s", kc_duration_human(ns, d));
	return buf;
}

const char *kc_describe_since(const kc_describe_env *env, const cJSON *t, char buf[KC_DESCRIBE_TIME_MAX])
{
	return since_time(env, kc_describe_parse_time(t), buf);
}

/* MicroTime parses the same way (fractions allowed). */

void kc_describe_access_modes(kc_buf *b, const cJSON *modes)
{
	static const char *const known[][2] = {{"ReadWriteOnce", "RWO"},
					       {"ReadOnlyMany", "ROX"},
					       {"ReadWriteMany", "RWX"},
					       {"ReadWriteOncePod", "RWOP"}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(known); i++) {
		const cJSON *m;
		cJSON_ArrayForEach(m, modes)
		{
			if (streq(kc_json_as_str(m, ""), known[i][0])) {
				if (b->len)
					kc_buf_addch(b, ',');
				kc_buf_addstr(b, known[i][1]);
				break;
			}
		}
	}
}

/* ---- quantities, keys, selectors ---- */

const char *kc_describe_quantity(const cJSON *q, char buf[64])
{
	kc_quantity v = KC_QUANTITY_ZERO;
	if (q && kc_quantity_from_json(q, &v, NULL) < 0)
		v = (kc_quantity)KC_QUANTITY_ZERO;
	return kc_quantity_string(&v, buf);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **kc_describe_sorted_keys(const cJSON *obj, size_t *ret_n)
{
	*ret_n = 0;
	if (!cJSON_IsObject(obj))
		return NULL;
	size_t n = (size_t)cJSON_GetArraySize(obj);
	if (!n)
		return NULL;
	const char **keys = xcalloc(n + 1, sizeof(*keys));
	size_t k = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, obj)
	{
		if (c->string)
			keys[k++] = c->string;
	}
	qsort(keys, k, sizeof(*keys), cmp_strp);
	*ret_n = k;
	return keys;
}

char *kc_describe_label_selector(const cJSON *sel, char **ret_err)
{
	kc_selector *s = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_selector_from_label_selector(sel, &s, &err) < 0) {
		if (ret_err)
			*ret_err = xstrdup(err.msg);
		return NULL;
	}
	char *r = kc_selector_to_string(s);
	kc_selector_free(s);
	return r;
}

char *kc_describe_format_label_selector(const cJSON *sel)
{
	char *s = kc_describe_label_selector(sel, NULL);
	if (!s)
		return xstrdup("<error>");
	if (!s[0]) {
		free(s);
		return xstrdup("<none>");
	}
	return s;
}

char *kc_describe_format_labels(const cJSON *labels)
{
	char *s = kc_labels_to_string(labels);
	if (!s[0]) {
		free(s);
		return xstrdup("<none>");
	}
	return s;
}

const cJSON *kc_describe_controller_of(const cJSON *obj)
{
	const cJSON *ref;
	cJSON_ArrayForEach(ref, kc_json_get(obj, "metadata.ownerReferences"))
	{
		if (kc_json_get_bool(ref, "controller", false))
			return ref;
	}
	return NULL;
}

const void **kc_describe_array(const cJSON *arr, size_t *ret_n)
{
	*ret_n = 0;
	if (!cJSON_IsArray(arr))
		return NULL;
	size_t n = (size_t)cJSON_GetArraySize(arr);
	if (!n)
		return NULL;
	const void **items = xcalloc(n, sizeof(*items));
	size_t k = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, arr)
	items[k++] = c;
	*ret_n = k;
	return items;
}

/* ---- Go's sort.Sort (pdqsort, Go 1.19+) ---- */

typedef struct gsort {
	const void **v;
	kc_describe_less_fn less;
	void *ctx;
} gsort;

static bool gs_less(const gsort *s, size_t i, size_t j)
{
	return s->less(s->v[i], s->v[j], s->ctx);
}

static void gs_swap(const gsort *s, size_t i, size_t j)
{
	const void *t = s->v[i];
	s->v[i] = s->v[j];
	s->v[j] = t;
}

static void gs_insertion(const gsort *s, size_t a, size_t b)
{
	for (size_t i = a + 1; i < b; i++)
		for (size_t j = i; j > a && gs_less(s, j, j - 1); j--)
			gs_swap(s, j, j - 1);
}

static void gs_sift_down(const gsort *s, size_t lo, size_t hi, size_t first)
{
	size_t root = lo;
	for (;;) {
		size_t child = 2 * root + 1;
		if (child >= hi)
			return;
		if (child + 1 < hi && gs_less(s, first + child, first + child + 1))
			child++;
		if (!gs_less(s, first + root, first + child))
			return;
		gs_swap(s, first + root, first + child);
		root = child;
	}
}

static void gs_heap(const gsort *s, size_t a, size_t b)
{
	size_t first = a, hi = b - a;
	for (size_t i = (hi - 1) / 2 + 1; i-- > 0;)
		gs_sift_down(s, i, hi, first);
	for (size_t i = hi; i-- > 0;) {
		gs_swap(s, first, first + i);
		gs_sift_down(s, 0, i, first);
	}
}

static int bits_len(size_t x)
{
	int n = 0;
	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

static void gs_break_patterns(const gsort *s, size_t a, size_t b)
{
	size_t length = b - a;
	if (length < 8)
		return;
	uint64_t random = length;
	size_t modulus = (size_t)1 << bits_len(length);
	for (size_t idx = a + (length / 4) * 2 - 1; idx <= a + (length / 4) * 2 + 1; idx++) {
		random ^= random << 13;
		random ^= random >> 17;
		random ^= random << 5;
		size_t other = (size_t)random & (modulus - 1);
		if (other >= length)
			other -= length;
		gs_swap(s, idx, a + other);
	}
}

static void gs_order2(const gsort *s, size_t *a, size_t *b, int *swaps)
{
	if (gs_less(s, *b, *a)) {
		(*swaps)++;
		size_t t = *a;
		*a = *b;
		*b = t;
	}
}

static size_t gs_median(const gsort *s, size_t a, size_t b, size_t c, int *swaps)
{
	gs_order2(s, &a, &b, swaps);
	gs_order2(s, &b, &c, swaps);
	gs_order2(s, &a, &b, swaps);
	return b;
}

enum { HINT_UNKNOWN, HINT_INCREASING, HINT_DECREASING };

static size_t gs_choose_pivot(const gsort *s, size_t a, size_t b, int *hint)
{
	size_t l = b - a;
	int swaps = 0;
	size_t i = a + l / 4 * 1, j = a + l / 4 * 2, k = a + l / 4 * 3;
	if (l >= 8) {
		if (l >= 50) {
			i = gs_median(s, i - 1, i, i + 1, &swaps);
			j = gs_median(s, j - 1, j, j + 1, &swaps);
			k = gs_median(s, k - 1, k, k + 1, &swaps);
		}
		j = gs_median(s, i, j, k, &swaps);
	}
	*hint = swaps == 0 ? HINT_INCREASING : swaps == 12 ? HINT_DECREASING : HINT_UNKNOWN;
	return j;
}

static void gs_reverse(const gsort *s, size_t a, size_t b)
{
	size_t i = a, j = b - 1;
	while (i < j)
		gs_swap(s, i++, j--);
}

static bool gs_partial_insertion(const gsort *s, size_t a, size_t b)
{
	size_t i = a + 1;
	for (int step = 0; step < 5; step++) {
		while (i < b && !gs_less(s, i, i - 1))
			i++;
		if (i == b)
			return true;
		if (b - a < 50)
			return false;
		gs_swap(s, i, i - 1);
		if (i - a >= 2) {
			for (size_t j = i - 1; j >= 1; j--) {
				if (!gs_less(s, j, j - 1))
					break;
				gs_swap(s, j, j - 1);
			}
		}
		if (b - i >= 2) {
			for (size_t j = i + 1; j < b; j++) {
				if (!gs_less(s, j, j - 1))
					break;
				gs_swap(s, j, j - 1);
			}
		}
	}
	return false;
}

/* Signed indices: Go's partition lets j reach a-1 only conceptually; here
 * i and j stay within [a, b) because data[a] is the pivot. */
static size_t gs_partition_equal(const gsort *s, size_t a, size_t b, size_t pivot)
{
	gs_swap(s, a, pivot);
	long i = (long)a + 1, j = (long)b - 1;
	for (;;) {
		while (i <= j && !gs_less(s, a, (size_t)i))
			i++;
		while (i <= j && gs_less(s, a, (size_t)j))
			j--;
		if (i > j)
			break;
		gs_swap(s, (size_t)i, (size_t)j);
		i++;
		j--;
	}
	return (size_t)i;
}

static size_t gs_partition(const gsort *s, size_t a, size_t b, size_t pivot, bool *already)
{
	gs_swap(s, a, pivot);
	long i = (long)a + 1, j = (long)b - 1;
	while (i <= j && gs_less(s, (size_t)i, a))
		i++;
	while (i <= j && !gs_less(s, (size_t)j, a))
		j--;
	if (i > j) {
		gs_swap(s, (size_t)j, a);
		*already = true;
		return (size_t)j;
	}
	gs_swap(s, (size_t)i, (size_t)j);
	i++;
	j--;
	for (;;) {
		while (i <= j && gs_less(s, (size_t)i, a))
			i++;
		while (i <= j && !gs_less(s, (size_t)j, a))
			j--;
		if (i > j)
			break;
		gs_swap(s, (size_t)i, (size_t)j);
		i++;
		j--;
	}
	gs_swap(s, (size_t)j, a);
	*already = false;
	return (size_t)j;
}

static void gs_pdqsort(const gsort *s, size_t a, size_t b, int limit)
{
	bool was_balanced = true, was_partitioned = true;
	for (;;) {
		size_t length = b - a;
		if (length <= 12) {
			gs_insertion(s, a, b);
			return;
		}
		if (limit == 0) {
			gs_heap(s, a, b);
			return;
		}
		if (!was_balanced) {
			gs_break_patterns(s, a, b);
			limit--;
		}
		int hint;
		size_t pivot = gs_choose_pivot(s, a, b, &hint);
		if (hint == HINT_DECREASING) {
			gs_reverse(s, a, b);
			pivot = (b - 1) - (pivot - a);
			hint = HINT_INCREASING;
		}
		if (was_balanced && was_partitioned && hint == HINT_INCREASING && gs_partial_insertion(s, a, b))
			return;
		if (a > 0 && !gs_less(s, a - 1, pivot)) {
			a = gs_partition_equal(s, a, b, pivot);
			continue;
		}
		bool already;
		size_t mid = gs_partition(s, a, b, pivot, &already);
		was_partitioned = already;
		size_t left = mid - a, right = b - mid;
		size_t threshold = length / 8;
		if (left < right) {
			was_balanced = left >= threshold;
			gs_pdqsort(s, a, mid, limit);
			a = mid + 1;
		} else {
			was_balanced = right >= threshold;
			gs_pdqsort(s, mid + 1, b, limit);
			b = mid;
		}
	}
}

void kc_describe_sort(const void **items, size_t n, kc_describe_less_fn less, void *ctx)
{
	if (n <= 1)
		return;
	gsort s = {items, less, ctx};
	gs_pdqsort(&s, 0, n, bits_len(n));
}

/* ---- shared blocks ---- */

void kc_describe_labels_indent(const kc_dw *w, const char *initial, const char *title, const char *inner,
			       const cJSON *labels)
{
	kc_dw_write(w, KC_L0, "%s%s:%s", initial, title, inner);
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_describe_sorted_keys(labels, &n);
	if (!n) {
		kc_dw_line(w, "<none>");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i) {
			kc_dw_write(w, KC_L0, "%s", initial);
			kc_dw_write(w, KC_L0, "%s", inner);
		}
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(labels, keys[i]);
		kc_dw_write(w, KC_L0, "%s=%s\n", keys[i], kc_json_as_str(v, ""));
	}
}

void kc_describe_labels(const kc_dw *w, const char *title, const cJSON *labels)
{
	kc_describe_labels_indent(w, "", title, "\t", labels);
}

#define MAX_ANNOTATION_LEN 140

void kc_describe_annotations(const kc_dw *w, const char *title, const cJSON *annotations)
{
	kc_dw_write(w, KC_L0, "%s:\t", title);
	size_t n = 0, k = 0;
	_cleanup_free_ const char **keys = kc_describe_sorted_keys(annotations, &n);
	for (size_t i = 0; i < n; i++)
		if (!streq(keys[i], "kubectl.kubernetes.io/last-applied-configuration"))
			keys[k++] = keys[i];
	if (!k) {
		kc_dw_line(w, "<none>");
		return;
	}
	for (size_t i = 0; i < k; i++) {
		if (i)
			kc_dw_write(w, KC_L0, "\t");
		const char *raw = kc_json_as_str(cJSON_GetObjectItemCaseSensitive(annotations, keys[i]), "");
		size_t len = strlen(raw);
		if (len && raw[len - 1] == '\n')
			len--;
		_cleanup_free_ char *value = xstrndup(raw, len);
		if (len + strlen(keys[i]) + 2 > MAX_ANNOTATION_LEN || strchr(value, '\n')) {
			kc_dw_write(w, KC_L0, "%s:\n", keys[i]);
			char *line = value;
			for (;;) {
				char *nl = strchr(line, '\n');
				if (nl)
					*nl = '\0';
				size_t ll = strlen(line);
				if (ll > MAX_ANNOTATION_LEN - 2)
					kc_dw_write(w, KC_L0, "\t  %.*s...\n", MAX_ANNOTATION_LEN - 2, line);
				else
					kc_dw_write(w, KC_L0, "\t  %s\n", line);
				if (!nl)
					break;
				line = nl + 1;
			}
		} else {
			kc_dw_write(w, KC_L0, "%s: %s\n", keys[i], value);
		}
	}
}

static bool taint_less(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	_cleanup_free_ char *ka = xasprintf("%s,%s", kc_ds(a, "effect"), kc_ds(a, "key"));
	_cleanup_free_ char *kb = xasprintf("%s,%s", kc_ds(b, "effect"), kc_ds(b, "key"));
	return strcmp(ka, kb) < 0;
}

void kc_describe_taints(const kc_dw *w, const char *title, const cJSON *taints)
{
	kc_dw_write(w, KC_L0, "%s:%s", title, "\t");
	size_t n = 0;
	_cleanup_free_ const void **items = kc_describe_array(taints, &n);
	if (!n) {
		kc_dw_line(w, "<none>");
		return;
	}
	kc_describe_sort(items, n, taint_less, NULL);
	for (size_t i = 0; i < n; i++) {
		const cJSON *t = items[i];
		if (i) {
			kc_dw_write(w, KC_L0, "%s", "");
			kc_dw_write(w, KC_L0, "%s", "\t");
		}
		if (kc_ds(t, "value")[0])
			kc_dw_write(w, KC_L0, "%s=%s:%s\n", kc_ds(t, "key"), kc_ds(t, "value"), kc_ds(t, "effect"));
		else
			kc_dw_write(w, KC_L0, "%s:%s\n", kc_ds(t, "key"), kc_ds(t, "effect"));
	}
}

static bool key_less(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(kc_ds(a, "key"), kc_ds(b, "key")) < 0;
}

void kc_describe_tolerations(const kc_dw *w, const char *title, const cJSON *tolerations)
{
	kc_dw_write(w, KC_L0, "%s:%s", title, "\t");
	size_t n = 0;
	_cleanup_free_ const void **items = kc_describe_array(tolerations, &n);
	if (!n) {
		kc_dw_line(w, "<none>");
		return;
	}
	kc_describe_sort(items, n, key_less, NULL);
	for (size_t i = 0; i < n; i++) {
		const cJSON *t = items[i];
		if (i) {
			kc_dw_write(w, KC_L0, "%s", "");
			kc_dw_write(w, KC_L0, "%s", "\t");
		}
		const char *key = kc_ds(t, "key"), *value = kc_ds(t, "value"), *effect = kc_ds(t, "effect");
		kc_dw_write(w, KC_L0, "%s", key);
		if (value[0])
			kc_dw_write(w, KC_L0, "=%s", value);
		if (effect[0])
			kc_dw_write(w, KC_L0, ":%s", effect);
		if (streq(kc_ds(t, "operator"), "Exists") && !value[0])
			kc_dw_write(w, KC_L0, "%s", key[0] || effect[0] ? " op=Exists" : "op=Exists");
		const cJSON *secs = kc_json_get(t, "tolerationSeconds");
		if (cJSON_IsNumber(secs))
			kc_dw_write(w, KC_L0, " for %" PRId64 "s", kc_json_as_int(secs, 0));
		kc_dw_write(w, KC_L0, "\n");
	}
}

static bool name_less(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(kc_ds(a, "metadata.name"), kc_ds(b, "metadata.name")) < 0;
}

void kc_describe_pod_names(const kc_dw *w, const char *title, const cJSON **pods, size_t n)
{
	kc_dw_write(w, KC_L0, "%s:%s", title, "\t");
	if (!n) {
		kc_dw_line(w, "<none>");
		return;
	}
	kc_describe_sort((const void **)pods, n, name_less, NULL);
	for (size_t i = 0; i < n; i++) {
		if (i) {
			kc_dw_write(w, KC_L0, "%s", "");
			kc_dw_write(w, KC_L0, "%s", "\t");
		}
		kc_dw_write(w, KC_L0, "%s\n", kc_ds(pods[i], "metadata.name"));
	}
}

/* ---- related objects ---- */

cJSON *kc_describe_fetch(const kc_describe_env *env, const char *path, long *ret_status, char **ret_err)
{
	kc_describe_result r = {0};
	if (env->get)
		env->get(env->data, path, &r);
	else
		r.error = xstrdup("no API client");
	if (ret_status)
		*ret_status = r.status;
	if (r.body && (r.status == 200 || r.status == 0) && !r.error) {
		cJSON *body = TAKE_PTR(r.body);
		kc_describe_result_clear(&r);
		if (ret_status)
			*ret_status = 200;
		return body;
	}
	if (ret_err)
		*ret_err = r.error ? TAKE_PTR(r.error) : xasprintf("the server returned status %ld", r.status);
	kc_describe_result_clear(&r);
	return NULL;
}

void kc_describe_query_escape(kc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_' || c == '.' || c == '~')
			kc_buf_addch(b, (char)c);
		else if (c == ' ')
			kc_buf_addch(b, '+');
		else
			kc_buf_addf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

/* fields.EscapeValue: \ , = get a backslash. */
static void field_value(kc_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ',' || *s == '=')
			kc_buf_addch(b, '\\');
		kc_buf_addch(b, *s);
	}
}

cJSON *kc_describe_search_events(const kc_describe_env *env, const char *ns, const char *name,
				 const char *kind, const char *uid)
{
	/* the events client's GetFieldSelector, keys in order */
	_cleanup_buf_ kc_buf sel = KC_BUF_INIT;
	if (kind) {
		kc_buf_addstr(&sel, "involvedObject.kind=");
		field_value(&sel, kind);
		kc_buf_addch(&sel, ',');
	}
	kc_buf_addstr(&sel, "involvedObject.name=");
	field_value(&sel, name);
	kc_buf_addstr(&sel, ",involvedObject.namespace=");
	field_value(&sel, ns);
	if (uid) {
		kc_buf_addstr(&sel, ",involvedObject.uid=");
		field_value(&sel, uid);
	}
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	if (ns[0])
		kc_buf_addf(&path, "/api/v1/namespaces/%s/events?fieldSelector=", ns);
	else
		kc_buf_addstr(&path, "/api/v1/events?fieldSelector=");
	kc_describe_query_escape(&path, kc_buf_str(&sel));
	cJSON *list = kc_describe_fetch(env, kc_buf_str(&path), NULL, NULL);
	if (!list || !cJSON_IsArray(kc_json_get(list, "items"))) {
		cJSON_Delete(list);
		list = cJSON_CreateObject();
		cJSON_AddArrayToObject(list, "items");
	}
	return list;
}

cJSON *kc_describe_object_events(const kc_describe_env *env, const cJSON *obj)
{
	const char *uid = kc_ds(obj, "metadata.uid");
	const char *kind = kc_ds(obj, "kind");
	return kc_describe_search_events(env, kc_ds(obj, "metadata.namespace"), kc_ds(obj, "metadata.name"),
					 kind[0] ? kind : NULL, uid[0] ? uid : NULL);
}

static bool event_less(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	kc_time ta = kc_describe_parse_time(kc_json_get(a, "lastTimestamp"));
	kc_time tb = kc_describe_parse_time(kc_json_get(b, "lastTimestamp"));
	return ta.sec < tb.sec || (ta.sec == tb.sec && ta.nsec < tb.nsec);
}

void kc_describe_events(const kc_dw *w, const kc_describe_env *env, const cJSON *event_list)
{
	size_t n = 0;
	_cleanup_free_ const void **items = kc_describe_array(kc_json_get(event_list, "items"), &n);
	if (!n) {
		kc_dw_write(w, KC_L0, "Events:\t<none>\n");
		return;
	}
	kc_dw_flush(w);
	kc_describe_sort(items, n, event_less, NULL);
	kc_dw_write(w, KC_L0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
	kc_dw_write(w, KC_L1, "----\t------\t----\t----\t-------\n");
	for (size_t i = 0; i < n; i++) {
		const cJSON *e = items[i];
		char first[KC_DESCRIBE_TIME_MAX], last[KC_DESCRIBE_TIME_MAX];
		kc_time event_time = kc_describe_parse_time(kc_json_get(e, "eventTime"));
		if (event_time.sec == KC_TIME_GO_ZERO && event_time.nsec == 0)
			kc_describe_since(env, kc_json_get(e, "firstTimestamp"), first);
		else
			since_time(env, event_time, first);
		_cleanup_buf_ kc_buf interval = KC_BUF_INIT;
		const cJSON *series = kc_json_get(e, "series");
		int64_t count = kc_di(e, "count", 0);
		if (cJSON_IsObject(series))
			kc_buf_addf(&interval, "%s (x%" PRId64 " over %s)",
				    kc_describe_since(env, kc_json_get(series, "lastObservedTime"), last),
				    kc_di(series, "count", 0), first);
		else if (count > 1)
			kc_buf_addf(&interval, "%s (x%" PRId64 " over %s)",
				    kc_describe_since(env, kc_json_get(e, "lastTimestamp"), last), count, first);
		else
			kc_buf_addstr(&interval, first);
		const char *source = kc_ds(e, "source.component");
		if (!source[0])
			source = kc_ds(e, "reportingComponent");
		/* strings.TrimSpace */
		const char *msg = kc_ds(e, "message");
		while (*msg == ' ' || (*msg >= '\t' && *msg <= '\r'))
			msg++;
		size_t len = strlen(msg);
		while (len && (msg[len - 1] == ' ' || (msg[len - 1] >= '\t' && msg[len - 1] <= '\r')))
			len--;
		kc_dw_write(w, KC_L1, "%s\t%s\t%s\t%s\t%.*s\n", kc_ds(e, "type"), kc_ds(e, "reason"),
			    kc_buf_str(&interval), source, (int)len, msg);
	}
}

/* ---- pods of controllers ---- */

cJSON *kc_describe_list_pods(const kc_describe_env *env, const char *ns, const char *selector, char **ret_err)
{
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	if (ns && ns[0])
		kc_buf_addf(&path, "/api/v1/namespaces/%s/pods", ns);
	else
		kc_buf_addstr(&path, "/api/v1/pods");
	if (selector && selector[0]) {
		kc_buf_addstr(&path, "?labelSelector=");
		kc_describe_query_escape(&path, selector);
	}
	return kc_describe_fetch(env, kc_buf_str(&path), NULL, ret_err);
}

void kc_describe_pod_counts(const cJSON *pod_list, const char *uid, int *running, int *waiting, int *succeeded,
			    int *failed)
{
	*running = *waiting = *succeeded = *failed = 0;
	const cJSON *pod;
	cJSON_ArrayForEach(pod, kc_json_get(pod_list, "items"))
	{
		const cJSON *ref = kc_describe_controller_of(pod);
		if (!ref || !streq(kc_ds(ref, "uid"), uid))
			continue;
		const char *phase = kc_ds(pod, "status.phase");
		if (streq(phase, "Running"))
			(*running)++;
		else if (streq(phase, "Pending"))
			(*waiting)++;
		else if (streq(phase, "Succeeded"))
			(*succeeded)++;
		else if (streq(phase, "Failed"))
			(*failed)++;
	}
}
