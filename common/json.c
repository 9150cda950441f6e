/* json.c - cJSON helpers (see json.h): parser, printer, paths, equality. */
#include "json.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>

#include "map.h"

#include "banned.h"

/* ------------------------------------------------------------------ */
/* parsing                                                             */
/* ------------------------------------------------------------------ */

/* Objects with more members than this get a hash index while parsing, so
 * finding repeated keys stays linear on hostile input. */
#define DEDUP_INDEX_AFTER 16

typedef struct parser {
	const char *start, *p, *end;
	unsigned flags;
	int depth;
	kc_buf scratch;
	const char *err_at; /* NULL until an error is recorded */
	char msg[256];
} parser;

/* Go's quoteChar: how encoding/json names an offending byte. */
static void quote_char(char *out, size_t n, unsigned char c)
{
	static const char special[] = "'\"\\\a\b\f\n\r\t\v", spelled[] = "'\"\\abfnrtv";
	const char *hit = c ? strchr(special, c) : NULL;
	if (hit && c == '"')
		snprintf(out, n, "'\"'");
	else if (hit)
		snprintf(out, n, "'\\%c'", spelled[hit - special]);
	else if (c < 0x20 || c == 0x7f)
		snprintf(out, n, "'\\x%02x'", c);
	else if (c < 0x80)
		snprintf(out, n, "'%c'", c);
	else if (c <= 0xa0 || c == 0xad) /* Go treats the byte as U+00XX */
		snprintf(out, n, "'\\u%04x'", c);
	else
		snprintf(out, n, "'%c%c'", 0xc0 | (c >> 6), 0x80 | (c & 0x3f));
}

static void *perr(parser *ps, const char *at, const char *fmt, ...) KC_PRINTF(3, 4);
static void *perr(parser *ps, const char *at, const char *fmt, ...)
{
	if (ps->err_at)
		return NULL; /* keep the innermost (first) error */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->msg, sizeof(ps->msg), fmt, ap);
	va_end(ap);
	ps->err_at = at;
	return NULL;
}

/* "invalid character 'x' <context>" at the current byte, or end of input. */
static void *perr_char(parser *ps, const char *context)
{
	if (ps->p >= ps->end)
		return perr(ps, ps->end, "unexpected end of JSON input");
	char q[16];
	quote_char(q, sizeof(q), (unsigned char)*ps->p);
	return perr(ps, ps->p, "invalid character %s %s", q, context);
}

static void skip_ws(parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void add_utf8(kc_buf *b, uint32_t cp)
{
	char out[4];
	size_t n;
	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	kc_buf_add(b, out, n);
}

/* Length of the valid UTF-8 sequence at s (at most avail bytes), or 0 if
 * the bytes there are not valid UTF-8 (overlong, surrogate, > U+10FFFF,
 * truncated). */
static size_t utf8_valid_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp, min;
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0) {
		n = 2, cp = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3, cp = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static int parse_hex4(parser *ps, uint32_t *ret)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++) {
		int h = ps->p < ps->end ? hexval(*ps->p) : -1;
		if (h < 0) {
			perr_char(ps, "in \\u hexadecimal character escape");
			return -1;
		}
		v = (v << 4) | (uint32_t)h;
		ps->p++;
	}
	*ret = v;
	return 0;
}

/* Parses a string starting at the opening quote into ps->scratch. */
static int parse_string_raw(parser *ps)
{
	kc_buf_reset(&ps->scratch);
	kc_buf_add(&ps->scratch, "", 0); /* s is never NULL afterwards */
	ps->p++;                         /* opening quote */
	for (;;) {
		const char *run = ps->p;
		while (ps->p < ps->end && (unsigned char)*ps->p >= 0x20 && (unsigned char)*ps->p < 0x80 &&
		       *ps->p != '"' && *ps->p != '\\')
			ps->p++;
		kc_buf_add(&ps->scratch, run, (size_t)(ps->p - run));
		if (ps->p >= ps->end) {
			perr(ps, ps->end, "unexpected end of JSON input");
			return -1;
		}
		unsigned char c = (unsigned char)*ps->p;
		if (c == '"') {
			ps->p++;
			return 0;
		}
		if (c < 0x20) {
			perr_char(ps, "in string literal");
			return -1;
		}
		if (c >= 0x80) {
			size_t n = utf8_valid_len((const unsigned char *)ps->p, (size_t)(ps->end - ps->p));
			if (n == 0) { /* as Go: each invalid byte becomes U+FFFD */
				add_utf8(&ps->scratch, 0xfffd);
				ps->p++;
			} else {
				kc_buf_add(&ps->scratch, ps->p, n);
				ps->p += n;
			}
			continue;
		}
		/* backslash */
		const char *esc = ps->p;
		ps->p++;
		if (ps->p >= ps->end) {
			perr(ps, ps->end, "unexpected end of JSON input");
			return -1;
		}
		char e = *ps->p;
		static const char esc_from[] = "\"\\/bfnrt", esc_to[] = "\"\\/\b\f\n\r\t";
		const char *hit = e ? strchr(esc_from, e) : NULL;
		if (hit) {
			kc_buf_addch(&ps->scratch, esc_to[hit - esc_from]);
			ps->p++;
			continue;
		}
		if (e != 'u') {
			perr_char(ps, "in string escape code");
			return -1;
		}
		ps->p++;
		uint32_t cp;
		if (parse_hex4(ps, &cp) < 0)
			return -1;
		if (cp >= 0xd800 && cp < 0xdc00 && ps->end - ps->p >= 6 && ps->p[0] == '\\' &&
		    ps->p[1] == 'u') {
			const char *save = ps->p;
			ps->p += 2;
			uint32_t lo;
			if (parse_hex4(ps, &lo) < 0)
				return -1;
			if (lo >= 0xdc00 && lo < 0xe000)
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			else
				ps->p = save; /* lone high surrogate; reparse the next escape */
		}
		if (cp >= 0xd800 && cp < 0xe000)
			cp = 0xfffd; /* lone surrogate, as Go */
		if (cp == 0) {
			perr(ps, esc, "\\u0000 in strings is not supported");
			return -1;
		}
		add_utf8(&ps->scratch, cp);
	}
}

static cJSON *parse_number(parser *ps)
{
	const char *start = ps->p;
	if (*ps->p == '-')
		ps->p++;
	if (ps->p >= ps->end || !(*ps->p >= '0' && *ps->p <= '9'))
		return perr_char(ps, "in numeric literal");
	if (*ps->p == '0')
		ps->p++;
	else
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (ps->p >= ps->end || !(*ps->p >= '0' && *ps->p <= '9'))
			return perr_char(ps, "after decimal point in numeric literal");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (ps->p >= ps->end || !(*ps->p >= '0' && *ps->p <= '9'))
			return perr_char(ps, "in exponent of numeric literal");
		while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
			ps->p++;
	}
	kc_buf_reset(&ps->scratch);
	kc_buf_add(&ps->scratch, start, (size_t)(ps->p - start));
	/* The grammar above is locale-independent; strtod sees only ASCII
	 * digits, sign, '.', 'e' - kc never calls setlocale(LC_NUMERIC). */
	double v = strtod(ps->scratch.s, NULL);
	if (isinf(v))
		return perr(ps, start, "number %.64s is out of range", ps->scratch.s);
	return cJSON_CreateNumber(v);
}

static cJSON *parse_literal(parser *ps, const char *word, cJSON *(*make)(void))
{
	for (size_t i = 0; word[i]; i++) {
		if (ps->p >= ps->end || *ps->p != word[i]) {
			if (i == 0)
				return perr_char(ps, "looking for beginning of value");
			char ctx[64];
			snprintf(ctx, sizeof(ctx), "in literal %s (expecting '%c')", word, word[i]);
			return perr_char(ps, ctx);
		}
		ps->p++;
	}
	return make();
}

static cJSON *parse_value(parser *ps);

static cJSON *parse_array(parser *ps)
{
	if (ps->depth >= KC_JSON_MAX_DEPTH)
		return perr(ps, ps->p, "nesting deeper than %d levels is not allowed", KC_JSON_MAX_DEPTH);
	ps->depth++;
	ps->p++;
	_cleanup_json_ cJSON *arr = cJSON_CreateArray();
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		ps->depth--;
		return TAKE_PTR(arr);
	}
	for (;;) {
		cJSON *v = parse_value(ps);
		if (!v)
			return NULL;
		cJSON_AddItemToArray(arr, v);
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			ps->depth--;
			return TAKE_PTR(arr);
		}
		return perr_char(ps, "after array element");
	}
}

static void index_free(kc_map **m)
{
	if (*m)
		kc_map_free(*m);
}

static cJSON *parse_object(parser *ps)
{
	if (ps->depth >= KC_JSON_MAX_DEPTH)
		return perr(ps, ps->p, "nesting deeper than %d levels is not allowed", KC_JSON_MAX_DEPTH);
	ps->depth++;
	ps->p++;
	_cleanup_json_ cJSON *obj = cJSON_CreateObject();
	_cleanup_(index_free) kc_map *index = NULL;
	size_t count = 0;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		ps->depth--;
		return TAKE_PTR(obj);
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != '"')
			return perr_char(ps, "looking for beginning of object key string");
		const char *key_at = ps->p;
		if (parse_string_raw(ps) < 0)
			return NULL;
		_cleanup_free_ char *key = kc_buf_release(&ps->scratch);
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':')
			return perr_char(ps, "after object key");
		ps->p++;
		cJSON *v = parse_value(ps);
		if (!v)
			return NULL;

		cJSON *old = index ? kc_map_get(index, key) : cJSON_GetObjectItemCaseSensitive(obj, key);
		if (old) {
			if (ps->flags & KC_JSON_PARSE_NO_DUPLICATES) {
				cJSON_Delete(v);
				return perr(ps, key_at, "duplicate field \"%.128s\"", key);
			}
			v->string = xstrdup(key);
			cJSON_ReplaceItemViaPointer(obj, old, v); /* frees old */
			if (index)
				kc_map_put(index, key, v);
		} else {
			cJSON_AddItemToObject(obj, key, v);
			count++;
			if (index) {
				kc_map_put(index, key, v);
			} else if (count > DEDUP_INDEX_AFTER) {
				index = kc_map_new(NULL);
				for (cJSON *c = obj->child; c; c = c->next)
					kc_map_put(index, c->string, c);
			}
		}

		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			ps->depth--;
			return TAKE_PTR(obj);
		}
		return perr_char(ps, "after object key:value pair");
	}
}

static cJSON *parse_value(parser *ps)
{
	skip_ws(ps);
	if (ps->p >= ps->end)
		return perr(ps, ps->end, "unexpected end of JSON input");
	switch (*ps->p) {
	case '{':
		return parse_object(ps);
	case '[':
		return parse_array(ps);
	case '"':
		if (parse_string_raw(ps) < 0)
			return NULL;
		return cJSON_CreateString(ps->scratch.s);
	case 't':
		return parse_literal(ps, "true", cJSON_CreateTrue);
	case 'f':
		return parse_literal(ps, "false", cJSON_CreateFalse);
	case 'n':
		return parse_literal(ps, "null", cJSON_CreateNull);
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps);
		return perr_char(ps, "looking for beginning of value");
	}
}

int kc_json_parse_ex(const char *buf, size_t len, unsigned flags, cJSON **ret, size_t *ret_err_offset,
                     kc_error *err)
{
	parser ps = {.start = buf, .p = buf, .end = buf + len, .flags = flags};
	if (!buf)
		ps.p = ps.start = ps.end = "";
	cJSON *v = parse_value(&ps);
	if (v) {
		skip_ws(&ps);
		if (ps.p < ps.end) {
			perr_char(&ps, "after top-level value");
			cJSON_Delete(v);
			v = NULL;
		}
	}
	kc_buf_free(&ps.scratch);
	if (!v) {
		unsigned line = 1, col = 1;
		for (const char *c = ps.start; c < ps.err_at; c++) {
			if (*c == '\n')
				line++, col = 1;
			else if (((unsigned char)*c & 0xc0) != 0x80)
				col++;
		}
		if (ret_err_offset)
			*ret_err_offset = (size_t)(ps.err_at - ps.start);
		return kc_error_set(err, -EINVAL, "invalid JSON at line %u, column %u: %s", line, col,
		                    ps.msg);
	}
	*ret = v;
	return 0;
}

int kc_json_parse(const char *buf, size_t len, cJSON **ret, kc_error *err)
{
	return kc_json_parse_ex(buf, len, 0, ret, NULL, err);
}

int kc_json_parse_str(const char *s, cJSON **ret, kc_error *err)
{
	return kc_json_parse_ex(s, s ? strlen(s) : 0, 0, ret, NULL, err);
}

/* ------------------------------------------------------------------ */
/* printing                                                            */
/* ------------------------------------------------------------------ */

/* Shortest decimal digits that read back as v (v finite, non-zero, > 0):
 * digits without the point into d, and the exponent of the first digit. */
static void shortest_digits(double v, char d[32], int *ret_exp)
{
	char tmp[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, v);
		if (strtod(tmp, NULL) == v || prec == 17)
			break;
	}
	size_t n = 0;
	const char *c = tmp;
	for (; *c && *c != 'e'; c++)
		if (*c >= '0' && *c <= '9')
			d[n++] = *c;
	while (n > 1 && d[n - 1] == '0') /* "%.2e" of 1.5 is 1.50e+00 */
		n--;
	d[n] = '\0';
	*ret_exp = *c == 'e' ? (int)strtol(c + 1, NULL, 10) : 0;
}

/* Fixed notation from shortest digits: digits d with the first at 10^exp. */
static void add_fixed(kc_buf *b, const char *d, int exp)
{
	int nd = (int)strlen(d);
	if (exp < 0) {
		kc_buf_addstr(b, "0.");
		for (int i = 0; i < -exp - 1; i++)
			kc_buf_addch(b, '0');
		kc_buf_addstr(b, d);
		return;
	}
	for (int i = 0; i <= exp; i++)
		kc_buf_addch(b, i < nd ? d[i] : '0');
	if (nd > exp + 1) {
		kc_buf_addch(b, '.');
		kc_buf_addstr(b, d + exp + 1);
	}
}

static void add_exponent(kc_buf *b, const char *d, int exp, bool pad2)
{
	kc_buf_addch(b, d[0]);
	if (d[1]) {
		kc_buf_addch(b, '.');
		kc_buf_addstr(b, d + 1);
	}
	kc_buf_addf(b, pad2 ? "e%c%02d" : "e%c%d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
}

/* As Go's encoding/json prints a float64. */
static void print_number(kc_buf *b, double v)
{
	if (isnan(v) || isinf(v)) {
		kc_buf_addstr(b, "null"); /* Go refuses; JSON has no spelling */
		return;
	}
	if (v == 0) {
		kc_buf_addstr(b, signbit(v) ? "-0" : "0");
		return;
	}
	double a = fabs(v);
	if (a < 1e21 && v == trunc(v)) {
		if (a < 9.2e18)
			kc_buf_addf(b, "%" PRId64, (int64_t)v);
		else
			kc_buf_addf(b, "%.0f", v); /* exact: v is an integer */
		return;
	}
	char d[32];
	int exp;
	shortest_digits(a, d, &exp);
	if (v < 0)
		kc_buf_addch(b, '-');
	if (a < 1e-6 || a >= 1e21) {
		/* Go: 'e' format, then "e-07" cleaned to "e-7" but "e+21" kept */
		add_exponent(b, d, exp, exp >= 0);
	} else {
		add_fixed(b, d, exp);
	}
}

void kc_json_format_go_float(kc_buf *b, double v)
{
	if (isnan(v)) {
		kc_buf_addstr(b, "NaN");
		return;
	}
	if (isinf(v)) {
		kc_buf_addstr(b, v < 0 ? "-Inf" : "+Inf");
		return;
	}
	if (v == 0) {
		kc_buf_addstr(b, signbit(v) ? "-0" : "0");
		return;
	}
	char d[32];
	int exp;
	shortest_digits(fabs(v), d, &exp);
	if (v < 0)
		kc_buf_addch(b, '-');
	/* %v is strconv's 'g' with the shortest precision, which switches to
	 * the exponent form below 1e-4 and from 1e6 on (its eprec of 6). */
	if (exp < -4 || exp >= 6) {
		add_exponent(b, d, exp, true);
		return;
	}
	add_fixed(b, d, exp);
}

static void print_string(kc_buf *b, const char *s, unsigned flags)
{
	static const char hex[] = "0123456789abcdef";
	kc_buf_addch(b, '"');
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		const unsigned char *run = p;
		while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\' &&
		       !((flags & KC_JSON_ESCAPE_HTML) && (*p == '<' || *p == '>' || *p == '&')))
			p++;
		kc_buf_add(b, run, (size_t)(p - run));
		if (!*p)
			break;
		unsigned char c = *p;
		if (c >= 0x80) {
			size_t n = utf8_valid_len(p, strnlen((const char *)p, 4));
			if (n == 0) {
				kc_buf_addstr(b, "\\ufffd");
				p++;
			} else if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
				kc_buf_addstr(b, p[2] == 0xa8 ? "\\u2028" : "\\u2029");
				p += 3;
			} else {
				kc_buf_add(b, p, n);
				p += n;
			}
			continue;
		}
		p++;
		switch (c) {
		case '"':
			kc_buf_addstr(b, "\\\"");
			break;
		case '\\':
			kc_buf_addstr(b, "\\\\");
			break;
		case '\n':
			kc_buf_addstr(b, "\\n");
			break;
		case '\r':
			kc_buf_addstr(b, "\\r");
			break;
		case '\t':
			kc_buf_addstr(b, "\\t");
			break;
		default: {
			char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], 0};
			kc_buf_addstr(b, u);
		}
		}
	}
	kc_buf_addch(b, '"');
}

static int cmp_member(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	int c = strcmp(x->string ? x->string : "", y->string ? y->string : "");
	if (c)
		return c;
	/* repeated keys keep tree order: qsort is not stable */
	return x < y ? -1 : x > y;
}

static void newline(kc_buf *b, unsigned flags, int level)
{
	if (!(flags & KC_JSON_PRETTY))
		return;
	kc_buf_addch(b, '\n');
	for (int i = 0; i < level; i++)
		kc_buf_addstr(b, "    ");
}

static void print_value(kc_buf *b, const cJSON *item, unsigned flags, int level);

static void print_members(kc_buf *b, const cJSON *item, unsigned flags, int level)
{
	size_t n = 0;
	for (const cJSON *c = item->child; c; c = c->next)
		n++;
	if (n == 0) {
		kc_buf_addstr(b, "{}");
		return;
	}
	const cJSON *stack_members[16];
	const cJSON **members =
	    n <= KC_ARRAY_SIZE(stack_members) ? stack_members : xmalloc(n * sizeof(*members));
	size_t i = 0;
	for (const cJSON *c = item->child; c; c = c->next)
		members[i++] = c;
	if (flags & KC_JSON_SORTED)
		qsort(members, n, sizeof(*members), cmp_member);
	kc_buf_addch(b, '{');
	for (i = 0; i < n; i++) {
		if (i)
			kc_buf_addch(b, ',');
		newline(b, flags, level + 1);
		print_string(b, members[i]->string, flags);
		kc_buf_addstr(b, (flags & KC_JSON_PRETTY) ? ": " : ":");
		print_value(b, members[i], flags, level + 1);
	}
	newline(b, flags, level);
	kc_buf_addch(b, '}');
	if (members != stack_members)
		free(members);
}

static void print_value(kc_buf *b, const cJSON *item, unsigned flags, int level)
{
	if (!item) {
		kc_buf_addstr(b, "null");
		return;
	}
	switch (item->type & 0xff) {
	case cJSON_False:
		kc_buf_addstr(b, "false");
		return;
	case cJSON_True:
		kc_buf_addstr(b, "true");
		return;
	case cJSON_Number:
		print_number(b, item->valuedouble);
		return;
	case cJSON_String:
		print_string(b, item->valuestring, flags);
		return;
	case cJSON_Raw:
		kc_buf_addstr(b, item->valuestring ? item->valuestring : "null");
		return;
	case cJSON_Array:
		if (!item->child) {
			kc_buf_addstr(b, "[]");
			return;
		}
		kc_buf_addch(b, '[');
		for (const cJSON *c = item->child; c; c = c->next) {
			if (c != item->child)
				kc_buf_addch(b, ',');
			newline(b, flags, level + 1);
			print_value(b, c, flags, level + 1);
		}
		newline(b, flags, level);
		kc_buf_addch(b, ']');
		return;
	case cJSON_Object:
		print_members(b, item, flags, level);
		return;
	default:
		kc_buf_addstr(b, "null");
		return; /* cJSON_NULL, cJSON_Invalid */
	}
}

void kc_json_print_buf(kc_buf *b, const cJSON *item, unsigned flags)
{
	print_value(b, item, flags, 0);
}

char *kc_json_print_flags(const cJSON *item, unsigned flags)
{
	kc_buf b = KC_BUF_INIT;
	print_value(&b, item, flags, 0);
	return kc_buf_release(&b);
}

char *kc_json_print(const cJSON *item)
{
	return kc_json_print_flags(item, 0);
}

/* ------------------------------------------------------------------ */
/* paths                                                               */
/* ------------------------------------------------------------------ */

/* One step of a path. For dotted paths, "[N]" steps are indices and the
 * rest keys; for the variadic forms every step is a key that also reads as
 * an index where the node turns out to be an array. */
typedef struct step {
	char *key;  /* owned; NULL for a pure index */
	long index; /* >= 0 if the step can be an array index */
	bool index_only;
} step;

typedef struct steps {
	step *v;
	size_t n, cap;
} steps;

static void steps_free(steps *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].key);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

static step *steps_push(steps *s)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	step *st = &s->v[s->n++];
	*st = (step){NULL, -1, false};
	return st;
}

/* Canonical decimal index ("0", "12"; no sign, no leading zeros). */
static long parse_index(const char *s, size_t n)
{
	if (n == 0 || n > 9 || (n > 1 && s[0] == '0'))
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int path_parse(const char *path, steps *out)
{
	const char *p = path;
	if (!*p)
		return 0;
	bool want_key = *p != '[';
	for (;;) {
		if (want_key) {
			kc_buf k = KC_BUF_INIT;
			kc_buf_add(&k, "", 0);
			while (*p && *p != '.' && *p != '[') {
				if (*p == '\\') {
					if (!p[1]) {
						kc_buf_free(&k);
						return -EINVAL;
					}
					p++;
				}
				kc_buf_addch(&k, *p++);
			}
			if (k.len == 0) {
				kc_buf_free(&k);
				return -EINVAL;
			}
			step *st = steps_push(out);
			st->key = kc_buf_release(&k);
			st->index = -1;
		}
		while (*p == '[') {
			const char *close = strchr(p, ']');
			if (!close)
				return -EINVAL;
			long idx = parse_index(p + 1, (size_t)(close - p - 1));
			if (idx < 0)
				return -EINVAL;
			step *st = steps_push(out);
			st->index = idx;
			st->index_only = true;
			p = close + 1;
		}
		if (!*p)
			return 0;
		if (*p != '.')
			return -EINVAL;
		p++;
		want_key = true;
	}
}

static void steps_from_va(steps *out, va_list ap)
{
	const char *k;
	while ((k = va_arg(ap, const char *))) {
		step *st = steps_push(out);
		st->key = xstrdup(k);
		st->index = parse_index(k, strlen(k));
	}
}

/* The child of node for st, or NULL. */
static cJSON *step_child(const cJSON *node, const step *st)
{
	if (cJSON_IsObject(node) && !st->index_only)
		return cJSON_GetObjectItemCaseSensitive(node, st->key);
	if (cJSON_IsArray(node) && st->index >= 0 && st->index < INT_MAX)
		return cJSON_GetArrayItem(node, (int)st->index);
	return NULL;
}

static cJSON *steps_get(const cJSON *obj, const steps *s)
{
	const cJSON *cur = obj;
	for (size_t i = 0; i < s->n && cur; i++)
		cur = step_child(cur, &s->v[i]);
	return (cJSON *)cur;
}

static void steps_describe(kc_buf *b, const steps *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const step *st = &s->v[i];
		if (st->index_only) {
			kc_buf_addf(b, "[%ld]", st->index);
			continue;
		}
		if (i)
			kc_buf_addch(b, '.');
		for (const char *c = st->key; *c; c++) {
			if (*c == '.' || *c == '[' || *c == '\\')
				kc_buf_addch(b, '\\');
			kc_buf_addch(b, *c);
		}
	}
}

cJSON *kc_json_get(const cJSON *obj, const char *path)
{
	if (!obj || !path)
		return NULL;
	steps s = {0};
	cJSON *r = path_parse(path, &s) < 0 ? NULL : steps_get(obj, &s);
	steps_free(&s);
	return r;
}

cJSON *kc_json_getv(const cJSON *obj, ...)
{
	steps s = {0};
	va_list ap;
	va_start(ap, obj);
	steps_from_va(&s, ap);
	va_end(ap);
	cJSON *r = obj ? steps_get(obj, &s) : NULL;
	steps_free(&s);
	return r;
}

const char *kc_json_as_str(const cJSON *item, const char *def)
{
	return cJSON_IsString(item) && item->valuestring ? item->valuestring : def;
}

int64_t kc_json_as_int(const cJSON *item, int64_t def)
{
	if (!cJSON_IsNumber(item))
		return def;
	double v = item->valuedouble;
	/* -2^63 is exact as a double; 2^63 is the first value out of range */
	if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0) || v != trunc(v))
		return def;
	return (int64_t)v;
}

bool kc_json_as_bool(const cJSON *item, bool def)
{
	return cJSON_IsBool(item) ? cJSON_IsTrue(item) : def;
}

double kc_json_as_double(const cJSON *item, double def)
{
	return cJSON_IsNumber(item) ? item->valuedouble : def;
}

const char *kc_json_get_str(const cJSON *obj, const char *path, const char *def)
{
	return kc_json_as_str(kc_json_get(obj, path), def);
}

int64_t kc_json_get_int(const cJSON *obj, const char *path, int64_t def)
{
	return kc_json_as_int(kc_json_get(obj, path), def);
}

bool kc_json_get_bool(const cJSON *obj, const char *path, bool def)
{
	return kc_json_as_bool(kc_json_get(obj, path), def);
}

double kc_json_get_double(const cJSON *obj, const char *path, double def)
{
	return kc_json_as_double(kc_json_get(obj, path), def);
}

void kc_json_object_put(cJSON *obj, const char *key, cJSON *value)
{
	cJSON *old = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!old) {
		cJSON_AddItemToObject(obj, key, value);
		return;
	}
	if (value->string && !(value->type & cJSON_StringIsConst))
		free(value->string);
	value->type &= ~cJSON_StringIsConst;
	value->string = xstrdup(key);
	cJSON_ReplaceItemViaPointer(obj, old, value);
}

int kc_json_object_remove(cJSON *obj, const char *key)
{
	int n = 0;
	cJSON *c;
	while ((c = cJSON_GetObjectItemCaseSensitive(obj, key))) {
		cJSON_Delete(cJSON_DetachItemViaPointer(obj, c));
		n++;
	}
	return n;
}

static int set_fail(kc_error *err, const steps *s, size_t upto, const char *fmt, ...) KC_PRINTF(4, 5);
static int set_fail(kc_error *err, const steps *s, size_t upto, const char *fmt, ...)
{
	_cleanup_buf_ kc_buf path = KC_BUF_INIT, where = KC_BUF_INIT;
	steps_describe(&path, s, s->n);
	steps_describe(&where, s, upto);
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return kc_error_set(err, -EINVAL, "cannot set %s: %s%s%s", kc_buf_str(&path), kc_buf_str(&where),
	                    where.len ? " " : "", what);
}

/* Two passes, so a failure leaves obj untouched: the first walks what
 * exists and checks the rest can be created; the second changes obj. */
static int steps_set(cJSON *obj, const steps *s, cJSON *value, kc_error *err)
{
	if (s->n == 0) {
		cJSON_Delete(value);
		return kc_error_set(err, -EINVAL, "cannot set an empty path");
	}
	cJSON *cur = obj;
	size_t i = 0;
	for (; i < s->n; i++) {
		const step *st = &s->v[i];
		bool last = i + 1 == s->n;
		if (cJSON_IsObject(cur) && !st->index_only) {
			cJSON *next = cJSON_GetObjectItemCaseSensitive(cur, st->key);
			if (!next || last)
				break;
			cur = next;
		} else if (cJSON_IsArray(cur) && st->index >= 0) {
			int size = cJSON_GetArraySize(cur);
			if (st->index > size) {
				cJSON_Delete(value);
				return set_fail(err, s, i, "has %d elements, index %ld is out of range", size,
				                st->index);
			}
			if (st->index == size || last)
				break;
			cur = cJSON_GetArrayItem(cur, (int)st->index);
		} else {
			cJSON_Delete(value);
			const char *t = kc_json_type_name(cur);
			return set_fail(err, s, i, "is %s %s, not %s", strchr("aeiou", t[0]) ? "an" : "a", t,
			                cJSON_IsArray(cur) ? "an object"
			                : st->index_only   ? "an array"
			                                   : "an object");
		}
	}
	/* Steps i+1.. will be created: fresh arrays only accept index 0. */
	for (size_t j = i + 1; j < s->n; j++) {
		if (s->v[j].index_only && s->v[j].index != 0) {
			cJSON_Delete(value);
			return set_fail(err, s, j, "does not exist, so index %ld is out of range",
			                s->v[j].index);
		}
	}
	for (; i < s->n; i++) {
		const step *st = &s->v[i];
		bool last = i + 1 == s->n;
		cJSON *child;
		if (last)
			child = value;
		else if (s->v[i + 1].index_only)
			child = cJSON_CreateArray();
		else
			child = cJSON_CreateObject();
		if (cJSON_IsObject(cur)) {
			kc_json_object_put(cur, st->key, child);
		} else if (st->index == cJSON_GetArraySize(cur)) {
			cJSON_AddItemToArray(cur, child);
		} else {
			cJSON_ReplaceItemInArray(cur, (int)st->index, child);
		}
		cur = child;
	}
	return 0;
}

int kc_json_set(cJSON *obj, const char *path, cJSON *value, kc_error *err)
{
	if (!obj || !path || !value) {
		cJSON_Delete(value);
		return kc_error_set(err, -EINVAL, "cannot set %s: no object or value",
		                    path ? path : "(null)");
	}
	steps s = {0};
	int r = path_parse(path, &s);
	if (r < 0) {
		cJSON_Delete(value);
		r = kc_error_set(err, -EINVAL, "cannot set %s: malformed path", path);
	} else {
		r = steps_set(obj, &s, value, err);
	}
	steps_free(&s);
	return r;
}

int kc_json_setv(cJSON *obj, cJSON *value, kc_error *err, ...)
{
	steps s = {0};
	va_list ap;
	va_start(ap, err);
	steps_from_va(&s, ap);
	va_end(ap);
	int r;
	if (!obj || !value) {
		cJSON_Delete(value);
		r = kc_error_set(err, -EINVAL, "cannot set: no object or value");
	} else {
		r = steps_set(obj, &s, value, err);
	}
	steps_free(&s);
	return r;
}

int kc_json_set_str(cJSON *obj, const char *path, const char *s, kc_error *err)
{
	return kc_json_set(obj, path, cJSON_CreateString(s ? s : ""), err);
}

int kc_json_set_int(cJSON *obj, const char *path, int64_t n, kc_error *err)
{
	return kc_json_set(obj, path, cJSON_CreateNumber((double)n), err);
}

int kc_json_set_bool(cJSON *obj, const char *path, bool b, kc_error *err)
{
	return kc_json_set(obj, path, cJSON_CreateBool(b), err);
}

static int steps_delete(cJSON *obj, const steps *s)
{
	if (s->n == 0)
		return -EINVAL;
	cJSON *parent = obj;
	for (size_t i = 0; i + 1 < s->n && parent; i++)
		parent = step_child(parent, &s->v[i]);
	if (!parent)
		return -ENOENT;
	const step *st = &s->v[s->n - 1];
	if (cJSON_IsObject(parent) && !st->index_only)
		return kc_json_object_remove(parent, st->key) > 0 ? 0 : -ENOENT;
	if (cJSON_IsArray(parent) && st->index >= 0 && st->index < cJSON_GetArraySize(parent)) {
		cJSON_DeleteItemFromArray(parent, (int)st->index);
		return 0;
	}
	return -ENOENT;
}

int kc_json_delete(cJSON *obj, const char *path)
{
	if (!obj || !path)
		return -EINVAL;
	steps s = {0};
	int r = path_parse(path, &s);
	if (r == 0)
		r = steps_delete(obj, &s);
	steps_free(&s);
	return r;
}

int kc_json_deletev(cJSON *obj, ...)
{
	steps s = {0};
	va_list ap;
	va_start(ap, obj);
	steps_from_va(&s, ap);
	va_end(ap);
	int r = obj ? steps_delete(obj, &s) : -EINVAL;
	steps_free(&s);
	return r;
}

/* ------------------------------------------------------------------ */
/* JSON Pointer                                                        */
/* ------------------------------------------------------------------ */

cJSON *kc_json_pointer_get(const cJSON *doc, const char *ptr)
{
	if (!doc || !ptr)
		return NULL;
	if (!*ptr)
		return (cJSON *)doc;
	if (*ptr != '/')
		return NULL;
	_cleanup_buf_ kc_buf tok = KC_BUF_INIT;
	const cJSON *cur = doc;
	const char *p = ptr + 1;
	for (;;) {
		kc_buf_reset(&tok);
		kc_buf_add(&tok, "", 0);
		for (; *p && *p != '/'; p++) {
			if (*p == '~') {
				if (p[1] == '0')
					kc_buf_addch(&tok, '~');
				else if (p[1] == '1')
					kc_buf_addch(&tok, '/');
				else
					return NULL;
				p++;
			} else {
				kc_buf_addch(&tok, *p);
			}
		}
		if (cJSON_IsObject(cur)) {
			cur = cJSON_GetObjectItemCaseSensitive(cur, tok.s);
		} else if (cJSON_IsArray(cur)) {
			long idx = parse_index(tok.s, tok.len);
			cur = idx >= 0 ? cJSON_GetArrayItem(cur, (int)idx) : NULL;
		} else {
			return NULL;
		}
		if (!cur)
			return NULL;
		if (!*p)
			return (cJSON *)cur;
		p++; /* '/' */
	}
}

void kc_json_pointer_append(kc_buf *b, const char *key)
{
	kc_buf_addch(b, '/');
	for (const char *c = key; *c; c++) {
		if (*c == '~')
			kc_buf_addstr(b, "~0");
		else if (*c == '/')
			kc_buf_addstr(b, "~1");
		else
			kc_buf_addch(b, *c);
	}
}

/* ------------------------------------------------------------------ */
/* equality, copies, misc                                              */
/* ------------------------------------------------------------------ */

static bool objects_equal(const cJSON *a, const cJSON *b)
{
	size_t na = 0, nb = 0;
	for (const cJSON *c = a->child; c; c = c->next)
		na++;
	for (const cJSON *c = b->child; c; c = c->next)
		nb++;
	if (na != nb)
		return false;
	if (na <= 16) {
		for (const cJSON *c = a->child; c; c = c->next)
			if (!kc_json_equal(c, cJSON_GetObjectItemCaseSensitive(b, c->string)))
				return false;
		return true;
	}
	/* Large objects: compare key-sorted member lists (linearithmic). */
	const cJSON **ma = xmalloc(na * sizeof(*ma)), **mb = xmalloc(nb * sizeof(*mb));
	size_t i = 0;
	for (const cJSON *c = a->child; c; c = c->next)
		ma[i++] = c;
	i = 0;
	for (const cJSON *c = b->child; c; c = c->next)
		mb[i++] = c;
	qsort(ma, na, sizeof(*ma), cmp_member);
	qsort(mb, nb, sizeof(*mb), cmp_member);
	bool eq = true;
	for (i = 0; i < na && eq; i++)
		eq = streq_ptr(ma[i]->string, mb[i]->string) && kc_json_equal(ma[i], mb[i]);
	free(ma);
	free(mb);
	return eq;
}

bool kc_json_equal(const cJSON *a, const cJSON *b)
{
	if (!a || !b)
		return a == b;
	int ta = a->type & 0xff, tb = b->type & 0xff;
	if (ta != tb)
		return false;
	switch (ta) {
	case cJSON_Number:
		return a->valuedouble == b->valuedouble;
	case cJSON_String:
	case cJSON_Raw:
		return streq(a->valuestring ? a->valuestring : "", b->valuestring ? b->valuestring : "");
	case cJSON_Array: {
		const cJSON *x = a->child, *y = b->child;
		for (; x && y; x = x->next, y = y->next)
			if (!kc_json_equal(x, y))
				return false;
		return !x && !y;
	}
	case cJSON_Object:
		return objects_equal(a, b);
	default:
		return true; /* true, false, null: the type says it all */
	}
}

cJSON *kc_json_dup(const cJSON *item)
{
	return item ? cJSON_Duplicate(item, 1) : NULL;
}

int kc_json_depth(const cJSON *item)
{
	if (!cJSON_IsArray(item) && !cJSON_IsObject(item))
		return 0;
	int max = 0;
	for (const cJSON *c = item->child; c; c = c->next) {
		int d = kc_json_depth(c);
		if (d > max)
			max = d;
	}
	return max + 1;
}

const char *kc_json_type_name(const cJSON *item)
{
	if (!item)
		return "null";
	switch (item->type & 0xff) {
	case cJSON_False:
	case cJSON_True:
		return "boolean";
	case cJSON_Number:
		return "number";
	case cJSON_String:
		return "string";
	case cJSON_Array:
		return "array";
	case cJSON_Object:
		return "object";
	case cJSON_Raw:
		return "raw";
	default:
		return "null";
	}
}

/* Linked by hand: cJSON_InsertItemInArray of Debian's libcjson
 * 1.7.15-1+deb12u4 refuses every index but 0 (a security backport gone
 * wrong). */
void kc_json_array_insert(cJSON *array, int idx, cJSON *item)
{
	cJSON *after = cJSON_GetArrayItem(array, idx);
	if (!after) {
		cJSON_AddItemToArray(array, item);
		return;
	}
	item->next = after;
	item->prev = after->prev; /* for the first item: the last (cJSON's tail link) */
	if (after == array->child)
		array->child = item;
	else
		after->prev->next = item;
	after->prev = item;
}
