/* flags.c - pflag-compatible command-line flags (see flags.h). */
#include "flags.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "banned.h"

/* ---- Go's quoting and number syntax, for values and their errors ---- */

/* Go's %q, enough for error messages: double quotes, escapes for quotes,
 * backslashes and control characters; other bytes as they are. */
static void go_quote(kc_buf *b, const char *s)
{
	kc_buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			kc_buf_addstr(b, "\\\"");
			break;
		case '\\':
			kc_buf_addstr(b, "\\\\");
			break;
		case '\n':
			kc_buf_addstr(b, "\\n");
			break;
		case '\t':
			kc_buf_addstr(b, "\\t");
			break;
		case '\r':
			kc_buf_addstr(b, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				kc_buf_addf(b, "\\x%02x", *p);
			else
				kc_buf_addch(b, (char)*p);
		}
	}
	kc_buf_addch(b, '"');
}

/* strconv's underscoreOK: underscores only between digits (or after a base
 * prefix). */
static bool underscore_ok(const char *s)
{
	char saw = '^';
	size_t i = 0;
	bool hex = false;
	if (*s == '-' || *s == '+')
		s++;
	if (s[0] == '0' && s[1] && strchr("bBoOxX", s[1])) {
		i = 2;
		saw = '0';
		hex = s[1] == 'x' || s[1] == 'X';
	}
	for (; s[i]; i++) {
		if (isdigit((unsigned char)s[i]) || (hex && isxdigit((unsigned char)s[i]))) {
			saw = '0';
			continue;
		}
		if (s[i] == '_') {
			if (saw != '0')
				return false;
			saw = '_';
			continue;
		}
		if (saw == '_')
			return false;
		saw = '!';
	}
	return saw != '_';
}

/* strconv.ParseInt(s, 0, bits): 0, -EINVAL (syntax) or -ERANGE. */
static int go_parse_int(const char *s, int bits, int64_t *ret)
{
	const char *p = s;
	bool neg = false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	unsigned base = 10;
	if (p[0] == '0' && p[1]) {
		char c = (char)tolower((unsigned char)p[1]);
		if (c == 'x' || c == 'o' || c == 'b') {
			base = c == 'x' ? 16 : c == 'o' ? 8 : 2;
			p += 2;
		} else {
			base = 8;
			p++;
		}
	}
	if (!*p)
		return -EINVAL;
	uint64_t n = 0, limit = (uint64_t)1 << (bits - 1);
	bool underscores = false;
	for (; *p; p++) {
		unsigned d;
		if (*p == '_') {
			underscores = true;
			continue;
		}
		if (isdigit((unsigned char)*p))
			d = (unsigned)(*p - '0');
		else if (isalpha((unsigned char)*p))
			d = (unsigned)(tolower((unsigned char)*p) - 'a') + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (n > (UINT64_MAX - d) / base)
			return -ERANGE;
		n = n * base + d;
	}
	if (underscores && !underscore_ok(s))
		return -EINVAL;
	if ((!neg && n >= limit) || (neg && n > limit))
		return -ERANGE;
	*ret = neg ? (int64_t)(0 - n) : (int64_t)n;
	return 0;
}

static int go_parse_bool(const char *s, bool *ret)
{
	static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(t); i++) {
		if (streq(s, t[i])) {
			*ret = true;
			return 0;
		}
		if (streq(s, f[i])) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int go_parse_float(const char *s, double *ret)
{
	if (!*s || isspace((unsigned char)*s))
		return -EINVAL;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE && isinf(v))
		return -ERANGE;
	*ret = v;
	return 0;
}

/* Go's time.ParseDuration: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+, or "0". */
static int go_parse_duration(const char *orig, int64_t *ret, kc_error *err)
{
	static const struct {
		const char *unit;
		uint64_t ns;
	} units[] = {
	    {"ns", 1},           {"us", 1000},         {"\xc2\xb5s", 1000}, /* U+00B5 micro sign */
	    {"\xce\xbcs", 1000},                                            /* U+03BC Greek mu */
	    {"ms", 1000000},     {"s", 1000000000ull}, {"m", 60000000000ull}, {"h", 3600000000000ull},
	};
	const char *s = orig;
	bool neg = false;
	uint64_t d = 0;
	_cleanup_buf_ kc_buf q = KC_BUF_INIT;
	go_quote(&q, orig);
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (streq(s, "0")) {
		*ret = 0;
		return 0;
	}
	if (!*s)
		goto invalid;
	while (*s) {
		uint64_t v = 0, f = 0;
		double scale = 1;
		if (!(*s == '.' || isdigit((unsigned char)*s)))
			goto invalid;
		const char *start = s;
		for (; isdigit((unsigned char)*s); s++) {
			if (v > (UINT64_MAX >> 1) / 10)
				goto invalid; /* Go: 'bad [0-9]*' */
			v = v * 10 + (uint64_t)(*s - '0');
			if (v > (uint64_t)1 << 63)
				goto invalid;
		}
		bool pre = s != start, post = false;
		if (*s == '.') {
			s++;
			const char *fs = s;
			bool overflow = false;
			for (; isdigit((unsigned char)*s); s++) {
				if (overflow)
					continue;
				if (f > (UINT64_MAX >> 1) / 10) {
					overflow = true; /* keep consuming, stop accumulating */
					continue;
				}
				uint64_t y = f * 10 + (uint64_t)(*s - '0');
				if (y > (uint64_t)1 << 63) {
					overflow = true;
					continue;
				}
				f = y;
				scale *= 10;
			}
			post = s != fs;
		}
		if (!pre && !post)
			goto invalid;
		size_t ulen = 0;
		while (s[ulen] && s[ulen] != '.' && !isdigit((unsigned char)s[ulen]))
			ulen++;
		if (ulen == 0)
			return kc_error_set(err, -EINVAL, "time: missing unit in duration %s",
			                    kc_buf_str(&q));
		uint64_t unit = 0;
		for (size_t i = 0; i < KC_ARRAY_SIZE(units); i++)
			if (strlen(units[i].unit) == ulen && memcmp(units[i].unit, s, ulen) == 0)
				unit = units[i].ns;
		if (!unit) {
			_cleanup_buf_ kc_buf u = KC_BUF_INIT;
			char *name = xstrndup(s, ulen);
			go_quote(&u, name);
			free(name);
			return kc_error_set(err, -EINVAL, "time: unknown unit %s in duration %s",
			                    kc_buf_str(&u), kc_buf_str(&q));
		}
		s += ulen;
		if (v > ((uint64_t)1 << 63) / unit)
			goto invalid;
		v *= unit;
		if (f > 0) {
			v += (uint64_t)((double)f * ((double)unit / scale));
			if (v > (uint64_t)1 << 63)
				goto invalid;
		}
		d += v;
		if (d > (uint64_t)1 << 63)
			goto invalid;
	}
	if (neg) {
		*ret = d == (uint64_t)1 << 63 ? INT64_MIN : -(int64_t)d;
		return 0;
	}
	if (d > (uint64_t)INT64_MAX)
		goto invalid;
	*ret = (int64_t)d;
	return 0;
invalid:
	return kc_error_set(err, -EINVAL, "time: invalid duration %s", kc_buf_str(&q));
}

/* encoding/csv reading one record, as pflag reads list values: fields split
 * at commas, "quoted, fields" with "" for a quote. */
static int csv_split(const char *s, kc_flags_list *out, kc_error *err)
{
	const char *p = s;
	kc_buf field = KC_BUF_INIT;
	int r = 0;
	for (;;) {
		kc_buf_reset(&field);
		kc_buf_addstr(&field, "");
		if (*p == '"') {
			const char *open = p++;
			for (;;) {
				if (!*p) {
					r = kc_error_set(err, -EINVAL,
					                 "parse error on line 1, column %zu: extraneous or "
					                 "missing \" in quoted-field",
					                 (size_t)(open - s) + 1);
					goto out;
				}
				if (*p == '"' && p[1] == '"') {
					kc_buf_addch(&field, '"');
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					kc_buf_addch(&field, *p++);
				}
			}
			if (*p && *p != ',' && *p != '\n' && *p != '\r') {
				r = kc_error_set(err, -EINVAL,
				                 "parse error on line 1, column %zu: extraneous or missing "
				                 "\" in quoted-field",
				                 (size_t)(p - s) + 1);
				goto out;
			}
		} else {
			for (; *p && *p != ',' && *p != '\n'; p++) {
				if (*p == '"') {
					r = kc_error_set(
					    err, -EINVAL,
					    "parse error on line 1, column %zu: bare \" in non-quoted-field",
					    (size_t)(p - s) + 1);
					goto out;
				}
				if (*p == '\r' && (p[1] == '\n' || !p[1]))
					continue;
				kc_buf_addch(&field, *p);
			}
		}
		out->items = xrealloc(out->items, (out->n + 2) * sizeof(char *));
		out->items[out->n++] = xstrdup(kc_buf_str(&field));
		out->items[out->n] = NULL;
		if (*p == '\r')
			p++;
		if (*p != ',')
			break; /* end of the value, or of the first record */
		p++;
	}
out:
	kc_buf_free(&field);
	return r;
}

/* ---- storage ---- */

static void list_clear(kc_flags_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static void list_add(kc_flags_list *l, const char *s)
{
	l->items = xrealloc(l->items, (l->n + 2) * sizeof(char *));
	l->items[l->n++] = xstrdup(s);
	l->items[l->n] = NULL;
}

static int map_set(kc_map **m, bool replace, const char *val, kc_error *err)
{
	size_t eq = 0;
	for (const char *p = val; *p; p++)
		eq += *p == '=';
	if (eq == 0)
		return kc_error_set(err, -EINVAL, "%s must be formatted as key=value", val);
	kc_flags_list pairs = {0};
	if (eq == 1) {
		/* one pair: no splitting at commas, outer quotes dropped */
		size_t len = strlen(val), a = 0, b = len;
		while (a < b && val[a] == '"')
			a++;
		while (b > a && val[b - 1] == '"')
			b--;
		char *pair = xstrndup(val + a, b - a);
		list_add(&pairs, pair);
		free(pair);
	} else {
		int r = csv_split(val, &pairs, err);
		if (r < 0) {
			list_clear(&pairs);
			return r;
		}
	}
	for (size_t i = 0; i < pairs.n; i++) {
		if (!strchr(pairs.items[i], '=')) {
			kc_error_set(err, -EINVAL, "%s must be formatted as key=value", pairs.items[i]);
			list_clear(&pairs);
			return -EINVAL;
		}
	}
	if (!*m)
		*m = kc_map_new(free);
	else if (replace)
		kc_map_clear(*m);
	for (size_t i = 0; i < pairs.n; i++) {
		char *eqp = strchr(pairs.items[i], '=');
		*eqp = '\0';
		kc_map_put(*m, pairs.items[i], xstrdup(eqp + 1));
	}
	list_clear(&pairs);
	return 0;
}

/* Stores value in the flag's storage; fills err with the reason (pflag's
 * %v part) on failure. `first` is whether this replaces the default (the
 * first value given, or the default itself). */
static int flag_store(kc_flag *f, const char *value, bool first, kc_error *err)
{
	int64_t i64;
	int r;
	switch (f->type) {
	case KC_FLAG_T_BOOL:
		if (go_parse_bool(value, f->value) < 0)
			goto syntax_bool;
		return 0;
	case KC_FLAG_T_STRING:
		*(const char **)f->value = value;
		return 0;
	case KC_FLAG_T_INT:
	case KC_FLAG_T_INT64:
		r = go_parse_int(value, f->type == KC_FLAG_T_INT ? (int)sizeof(int) * 8 : 64, &i64);
		if (r < 0) {
			_cleanup_buf_ kc_buf q = KC_BUF_INIT;
			go_quote(&q, value);
			return kc_error_set(err, -EINVAL, "strconv.ParseInt: parsing %s: %s", kc_buf_str(&q),
			                    r == -ERANGE ? "value out of range" : "invalid syntax");
		}
		if (f->type == KC_FLAG_T_INT)
			*(int *)f->value = (int)i64;
		else
			*(int64_t *)f->value = i64;
		return 0;
	case KC_FLAG_T_FLOAT:
		r = go_parse_float(value, f->value);
		if (r < 0) {
			_cleanup_buf_ kc_buf q = KC_BUF_INIT;
			go_quote(&q, value);
			return kc_error_set(err, -EINVAL, "strconv.ParseFloat: parsing %s: %s",
			                    kc_buf_str(&q),
			                    r == -ERANGE ? "value out of range" : "invalid syntax");
		}
		return 0;
	case KC_FLAG_T_DURATION:
		return go_parse_duration(value, f->value, err);
	case KC_FLAG_T_STRING_SLICE: {
		kc_flags_list add = {0};
		if (*value && (r = csv_split(value, &add, err)) < 0) {
			list_clear(&add);
			return r;
		}
		kc_flags_list *l = f->value;
		if (first)
			list_clear(l);
		for (size_t k = 0; k < add.n; k++)
			list_add(l, add.items[k]);
		list_clear(&add);
		return 0;
	}
	case KC_FLAG_T_STRING_ARRAY: {
		kc_flags_list *l = f->value;
		if (first)
			list_clear(l);
		list_add(l, value);
		return 0;
	}
	case KC_FLAG_T_STRING_MAP:
		return map_set(f->value, first, value, err);
	case KC_FLAG_T_FUNC:
		if (!f->set)
			return kc_error_set(err, -EINVAL, "flag --%s has no parser", f->name);
		r = f->set(value, f->value, err);
		if (r < 0 && err && !err->msg[0])
			kc_error_set(err, r, "invalid value");
		return r;
	}
	return kc_error_set(err, -EINVAL, "flag --%s has an unknown type", f->name);
syntax_bool : {
	_cleanup_buf_ kc_buf q = KC_BUF_INIT;
	go_quote(&q, value);
	return kc_error_set(err, -EINVAL, "strconv.ParseBool: parsing %s: invalid syntax", kc_buf_str(&q));
}
}

/* Resets the storage to the flag's default. A default that does not parse
 * is a bug in the table; it leaves the zero value. */
static void flag_default(kc_flag *f)
{
	const char *d = f->def ? f->def : "";
	f->changed = false;
	switch (f->type) {
	case KC_FLAG_T_BOOL:
		*(bool *)f->value = false;
		break;
	case KC_FLAG_T_STRING:
		*(const char **)f->value = d;
		return;
	case KC_FLAG_T_INT:
		*(int *)f->value = 0;
		break;
	case KC_FLAG_T_INT64:
	case KC_FLAG_T_DURATION:
		*(int64_t *)f->value = 0;
		break;
	case KC_FLAG_T_FLOAT:
		*(double *)f->value = 0;
		break;
	case KC_FLAG_T_STRING_SLICE:
	case KC_FLAG_T_STRING_ARRAY:
		list_clear(f->value);
		break;
	case KC_FLAG_T_STRING_MAP:
		kc_map_free(*(kc_map **)f->value);
		*(kc_map **)f->value = NULL;
		break;
	case KC_FLAG_T_FUNC:
		break;
	}
	if (!*d)
		return;
	if (f->type == KC_FLAG_T_STRING_ARRAY) {
		/* pflag shows an array default as "[a,b]"; take its items back */
		kc_flags_list items = {0};
		if (csv_split(d, &items, NULL) == 0)
			for (size_t i = 0; i < items.n; i++)
				list_add(f->value, items.items[i]);
		list_clear(&items);
		return;
	}
	flag_store(f, d, true, NULL);
}

static void release_flag(kc_flag *f)
{
	if (f->type == KC_FLAG_T_STRING_SLICE || f->type == KC_FLAG_T_STRING_ARRAY)
		list_clear(f->value);
	else if (f->type == KC_FLAG_T_STRING_MAP) {
		kc_map_free(*(kc_map **)f->value);
		*(kc_map **)f->value = NULL;
	}
}

void kc_flags_release(kc_flag *const *tables)
{
	for (kc_flag *const *t = tables; t && *t; t++)
		for (kc_flag *f = *t; f->name; f++)
			release_flag(f);
}

/* ---- lookup ---- */

/* Long names compare with '_' read as '-'. */
static bool name_eq(const char *a, size_t alen, const char *b)
{
	size_t i = 0;
	for (; i < alen && b[i]; i++) {
		char x = a[i] == '_' ? '-' : a[i], y = b[i] == '_' ? '-' : b[i];
		if (x != y)
			return false;
	}
	return i == alen && !b[i];
}

static kc_flag *find_long(kc_flag *const *tables, const char *name, size_t len)
{
	for (kc_flag *const *t = tables; t && *t; t++)
		for (kc_flag *f = *t; f->name; f++)
			if (name_eq(name, len, f->name))
				return f;
	return NULL;
}

static kc_flag *find_short(kc_flag *const *tables, char c)
{
	for (kc_flag *const *t = tables; t && *t; t++)
		for (kc_flag *f = *t; f->name; f++)
			if (f->shorthand && f->shorthand == c)
				return f;
	return NULL;
}

kc_flag *kc_flags_lookup(kc_flag *const *tables, const char *name)
{
	return find_long(tables, name, strlen(name));
}

bool kc_flags_changed(kc_flag *const *tables, const char *name)
{
	kc_flag *f = kc_flags_lookup(tables, name);
	return f && f->changed;
}

static const char *noopt_of(const kc_flag *f)
{
	if (f->noopt)
		return f->noopt;
	return f->type == KC_FLAG_T_BOOL ? "true" : NULL;
}

/* ---- parsing ---- */

typedef struct parser {
	kc_flag *const *tables;
	int argc;
	char *const *argv;
	int i; /* next argv index */
	bool help;
	bool help_builtin_long, help_builtin_short;
	kc_error *err;
} parser;

static int set_value(parser *p, kc_flag *f, const char *value)
{
	kc_error why = KC_ERROR_INIT;
	if (flag_store(f, value, !f->changed, &why) < 0) {
		_cleanup_buf_ kc_buf q = KC_BUF_INIT;
		go_quote(&q, value);
		if (f->shorthand)
			return kc_error_set(p->err, -EINVAL, "invalid argument %s for \"-%c, --%s\" flag: %s",
			                    kc_buf_str(&q), f->shorthand, f->name, why.msg);
		return kc_error_set(p->err, -EINVAL, "invalid argument %s for \"--%s\" flag: %s",
		                    kc_buf_str(&q), f->name, why.msg);
	}
	f->changed = true;
	return 0;
}

static int parse_long(parser *p, const char *s)
{
	const char *name = s + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	if (len == 0 || name[0] == '-' || name[0] == '=')
		return kc_error_set(p->err, -EINVAL, "bad flag syntax: %s", s);
	kc_flag *f = find_long(p->tables, name, len);
	if (!f) {
		if (p->help_builtin_long && name_eq(name, len, "help")) {
			bool on = true;
			if (eq && go_parse_bool(eq + 1, &on) < 0) {
				_cleanup_buf_ kc_buf q = KC_BUF_INIT;
				go_quote(&q, eq + 1);
				return kc_error_set(p->err, -EINVAL,
				                    "invalid argument %s for \"-h, --help\" flag: "
				                    "strconv.ParseBool: parsing %s: invalid syntax",
				                    kc_buf_str(&q), kc_buf_str(&q));
			}
			p->help = on;
			return 0;
		}
		return kc_error_set(p->err, -EINVAL, "unknown flag: --%.*s", (int)len, name);
	}
	const char *value;
	if (eq)
		value = eq + 1;
	else if (noopt_of(f))
		value = noopt_of(f);
	else if (p->i < p->argc)
		value = p->argv[p->i++];
	else
		return kc_error_set(p->err, -EINVAL, "flag needs an argument: %s", s);
	return set_value(p, f, value);
}

static void quote_rune(char c, char *buf, size_t n)
{
	if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\')
		snprintf(buf, n, "'%c'", c);
	else if (c == '\'' || c == '\\')
		snprintf(buf, n, "'\\%c'", c);
	else
		snprintf(buf, n, "'\\x%02x'", (unsigned char)c);
}

/* One letter of -abc; returns how many characters of shorts it used. */
static int parse_short(parser *p, const char *shorts, size_t *used)
{
	char c = shorts[0], q[16];
	size_t len = strlen(shorts);
	kc_flag *f = find_short(p->tables, c);
	if (!f) {
		if (c == 'h' && p->help_builtin_short) {
			p->help = true;
			*used = 1;
			return 0;
		}
		quote_rune(c, q, sizeof(q));
		return kc_error_set(p->err, -EINVAL, "unknown shorthand flag: %s in -%s", q, shorts);
	}
	const char *value;
	if (len > 2 && shorts[1] == '=') {
		value = shorts + 2;
		*used = len;
	} else if (noopt_of(f)) {
		value = noopt_of(f);
		*used = 1;
	} else if (len > 1) {
		value = shorts + 1;
		*used = len;
	} else if (p->i < p->argc) {
		value = p->argv[p->i++];
		*used = len;
	} else {
		quote_rune(c, q, sizeof(q));
		return kc_error_set(p->err, -EINVAL, "flag needs an argument: %s in -%s", q, shorts);
	}
	return set_value(p, f, value);
}

int kc_flags_parse(kc_flag *const *tables, int argc, char *const *argv, unsigned opts,
                   kc_flags_args *ret_args, kc_error *err)
{
	parser p = {.tables = tables, .argc = argc, .argv = argv, .err = err};
	p.help_builtin_long = !find_long(tables, "help", 4);
	p.help_builtin_short = !find_short(tables, 'h');
	for (kc_flag *const *t = tables; t && *t; t++)
		for (kc_flag *f = *t; f->name; f++)
			flag_default(f);

	_cleanup_free_ char **args = xcalloc((size_t)(argc > 0 ? argc : 0) + 1, sizeof(char *));
	int n = 0, dash = -1, r;
	while (p.i < argc) {
		char *s = argv[p.i++];
		if (s[0] != '-' || s[1] == '\0') {
			args[n++] = s;
			if (opts & KC_FLAGS_NO_INTERSPERSED)
				break;
			continue;
		}
		if (s[1] == '-' && s[2] == '\0') {
			dash = n;
			break;
		}
		if (s[1] == '-') {
			if ((r = parse_long(&p, s)) < 0)
				return r;
			continue;
		}
		for (const char *shorts = s + 1; *shorts;) {
			size_t used = 0;
			if ((r = parse_short(&p, shorts, &used)) < 0)
				return r;
			shorts += used;
		}
	}
	while (p.i < argc)
		args[n++] = argv[p.i++];
	if (p.help)
		return KC_FLAGS_HELP;
	args[n] = NULL;
	*ret_args = (kc_flags_args){TAKE_PTR(args), n, dash};
	return 0;
}

int kc_flags_first_arg(kc_flag *const *tables, int argc, char *const *argv)
{
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (streq(s, "--"))
			return i + 1 < argc ? i + 1 : argc;
		if (s[0] != '-') {
			if (s[0])
				return i;
			continue; /* cobra skips "" and "-" when looking for commands */
		}
		if (s[1] == '\0')
			continue;
		if (strchr(s, '='))
			continue;
		kc_flag *f = NULL;
		if (s[1] == '-')
			f = find_long(tables, s + 2, strlen(s + 2));
		else if (s[2] == '\0')
			f = find_short(tables, s[1]);
		else
			continue; /* -abc or -nvalue: all in one argument */
		bool builtin_help = streq(s, "--help") || streq(s, "-h");
		if ((f && noopt_of(f)) || (!f && builtin_help))
			continue;
		i++; /* its value */
	}
	return argc;
}

/* ---- help ---- */

static bool is_zero_default(const kc_flag *f)
{
	const char *d = f->def ? f->def : "";
	switch (f->type) {
	case KC_FLAG_T_BOOL:
		return !*d || streq(d, "false");
	case KC_FLAG_T_INT:
	case KC_FLAG_T_INT64:
	case KC_FLAG_T_FLOAT:
		return !*d || streq(d, "0");
	case KC_FLAG_T_DURATION:
		return !*d || streq(d, "0") || streq(d, "0s");
	case KC_FLAG_T_STRING_SLICE:
	case KC_FLAG_T_STRING_ARRAY:
	case KC_FLAG_T_STRING_MAP:
		return !*d || streq(d, "[]");
	case KC_FLAG_T_STRING:
	case KC_FLAG_T_FUNC:
		break;
	}
	return !*d;
}

/* The default as pflag's DefValue prints it. */
static void default_text(kc_buf *b, const kc_flag *f)
{
	const char *d = f->def ? f->def : "";
	switch (f->type) {
	case KC_FLAG_T_BOOL:
		kc_buf_addstr(b, *d ? d : "false");
		return;
	case KC_FLAG_T_INT:
	case KC_FLAG_T_INT64:
	case KC_FLAG_T_FLOAT:
		kc_buf_addstr(b, *d ? d : "0");
		return;
	case KC_FLAG_T_DURATION:
		kc_buf_addstr(b, *d && !streq(d, "0") ? d : "0s");
		return;
	case KC_FLAG_T_STRING_SLICE:
	case KC_FLAG_T_STRING_ARRAY:
	case KC_FLAG_T_STRING_MAP:
		if (d[0] == '[')
			kc_buf_addstr(b, d);
		else
			kc_buf_addf(b, "[%s]", d);
		return;
	case KC_FLAG_T_STRING:
	case KC_FLAG_T_FUNC:
		break;
	}
	kc_buf_addstr(b, d);
}

static const char *type_name(const kc_flag *f)
{
	switch (f->type) {
	case KC_FLAG_T_BOOL:
		return "";
	case KC_FLAG_T_STRING:
		return "string";
	case KC_FLAG_T_INT:
	case KC_FLAG_T_INT64:
		return "int";
	case KC_FLAG_T_FLOAT:
		return "float";
	case KC_FLAG_T_DURATION:
		return "duration";
	case KC_FLAG_T_STRING_SLICE:
		return "strings";
	case KC_FLAG_T_STRING_ARRAY:
		return "stringArray";
	case KC_FLAG_T_STRING_MAP:
		return "stringToString";
	case KC_FLAG_T_FUNC:
		break;
	}
	return f->argname ? f->argname : "value";
}

/* pflag's UnquoteUsage: a `word` in the usage names the value. */
static void unquote_usage(const kc_flag *f, kc_buf *name, kc_buf *usage)
{
	const char *u = f->usage ? f->usage : "";
	const char *a = strchr(u, '`'), *b = a ? strchr(a + 1, '`') : NULL;
	if (a && b) {
		kc_buf_add(name, a + 1, (size_t)(b - a - 1));
		kc_buf_add(usage, u, (size_t)(a - u));
		kc_buf_add(usage, a + 1, (size_t)(b - a - 1));
		kc_buf_addstr(usage, b + 1);
		return;
	}
	kc_buf_addstr(name, type_name(f));
	kc_buf_addstr(usage, u);
}

static int cmp_flag(const void *a, const void *b)
{
	return strcmp((*(kc_flag *const *)a)->name, (*(kc_flag *const *)b)->name);
}

/* Visible flags sorted by name, plus the built-in help (pflag style only). */
static kc_flag **sorted_flags(kc_flag *const *tables, kc_flag *help, size_t *ret_n)
{
	size_t n = 0, k = 0;
	for (kc_flag *const *t = tables; t && *t; t++)
		for (kc_flag *f = *t; f->name; f++)
			n++;
	kc_flag **v = xcalloc(n + 2, sizeof(*v));
	for (kc_flag *const *t = tables; t && *t; t++)
		for (kc_flag *f = *t; f->name; f++)
			if (!f->hidden && find_long(tables, f->name, strlen(f->name)) == f)
				v[k++] = f;
	if (help)
		v[k++] = help;
	qsort(v, k, sizeof(*v), cmp_flag);
	*ret_n = k;
	return v;
}

static void print_kubectl(FILE *out, kc_flag **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const kc_flag *f = v[i];
		_cleanup_buf_ kc_buf line = KC_BUF_INIT;
		_cleanup_buf_ kc_buf def = KC_BUF_INIT;
		default_text(&def, f);
		if (f->shorthand)
			kc_buf_addf(&line, "    -%c, --%s=", f->shorthand, f->name);
		else
			kc_buf_addf(&line, "    --%s=", f->name);
		if (f->type == KC_FLAG_T_STRING)
			kc_buf_addf(&line, "'%s':\n", kc_buf_str(&def));
		else
			kc_buf_addf(&line, "%s:\n", kc_buf_str(&def));
		/* usage lines are tab-indented, each of them */
		kc_buf_addch(&line, '\t');
		for (const char *u = f->usage ? f->usage : ""; *u; u++) {
			kc_buf_addch(&line, *u);
			if (*u == '\n')
				kc_buf_addch(&line, '\t');
		}
		kc_buf_addstr(&line, "\n\n");
		fputs(kc_buf_str(&line), out);
	}
}

static void print_pflag(FILE *out, kc_flag **v, size_t n)
{
	kc_buf *lines = xcalloc(n ? n : 1, sizeof(*lines));
	size_t *prefix = xcalloc(n ? n : 1, sizeof(*prefix)), maxlen = 0;
	for (size_t i = 0; i < n; i++) {
		const kc_flag *f = v[i];
		kc_buf *l = &lines[i];
		_cleanup_buf_ kc_buf name = KC_BUF_INIT;
		_cleanup_buf_ kc_buf usage = KC_BUF_INIT;
		unquote_usage(f, &name, &usage);
		kc_buf_init(l);
		if (f->shorthand)
			kc_buf_addf(l, "  -%c, --%s", f->shorthand, f->name);
		else
			kc_buf_addf(l, "      --%s", f->name);
		if (name.len)
			kc_buf_addf(l, " %s", kc_buf_str(&name));
		const char *no = f->noopt;
		if (no && *no && !(f->type == KC_FLAG_T_BOOL && streq(no, "true")))
			kc_buf_addf(l, f->type == KC_FLAG_T_STRING ? "[=\"%s\"]" : "[=%s]", no);
		prefix[i] = l->len;
		if (l->len + 1 > maxlen)
			maxlen = l->len + 1;
		kc_buf_addstr(l, kc_buf_str(&usage));
		if (!is_zero_default(f)) {
			_cleanup_buf_ kc_buf def = KC_BUF_INIT;
			default_text(&def, f);
			if (f->type == KC_FLAG_T_STRING) {
				kc_buf_addstr(l, " (default ");
				go_quote(l, kc_buf_str(&def));
				kc_buf_addch(l, ')');
			} else {
				kc_buf_addf(l, " (default %s)", kc_buf_str(&def));
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		/* pflag: prefix, spaces to column maxlen+2, usage with its line
		 * breaks indented to that column */
		const char *s = kc_buf_str(&lines[i]);
		fprintf(out, "%.*s %*s ", (int)prefix[i], s, (int)(maxlen - prefix[i]), "");
		for (const char *u = s + prefix[i]; *u; u++) {
			fputc(*u, out);
			if (*u == '\n')
				fprintf(out, "%*s", (int)(maxlen + 2), "");
		}
		fputc('\n', out);
		kc_buf_free(&lines[i]);
	}
	free(lines);
	free(prefix);
}

void kc_flags_print_flags(FILE *out, kc_flags_style style, const char *help_for, kc_flag *const *tables)
{
	_cleanup_free_ char *help_usage = xasprintf("help for %s", help_for ? help_for : "this command");
	kc_flag help = {.name = "help", .shorthand = 'h', .type = KC_FLAG_T_BOOL, .usage = help_usage};
	bool builtin = !find_long(tables, "help", 4);
	if (find_short(tables, 'h'))
		help.shorthand = 0;
	size_t n;
	_cleanup_free_ kc_flag **v =
	    sorted_flags(tables, style == KC_FLAGS_STYLE_PFLAG && builtin ? &help : NULL, &n);
	if (style == KC_FLAGS_STYLE_KUBECTL)
		print_kubectl(out, v, n);
	else
		print_pflag(out, v, n);
}

/* Prints text without its trailing blank space, then a newline. */
static void put_trimmed(FILE *out, const char *s)
{
	size_t len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	fprintf(out, "%.*s\n", (int)len, s);
}

/* Prints the lines of s with their common indentation replaced by indent
 * (kubectl's templates normalise examples so), blank lines at either end
 * dropped. */
static void put_indented(FILE *out, const char *s, const char *indent)
{
	while (*s == '\n')
		s++;
	size_t len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	const char *end = s + len;
	size_t common = SIZE_MAX;
	for (const char *p = s; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p), k = 0;
		while (k < l && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (k < l && k < common)
			common = k; /* lines of blanks only do not count */
		p += l + (nl ? 1 : 0);
	}
	if (common == SIZE_MAX)
		common = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t l = nl ? (size_t)(nl - s) : (size_t)(end - s);
		size_t skip = l < common ? l : common;
		fprintf(out, "%s%.*s\n", indent, (int)(l - skip), s + skip);
		s += l + (nl ? 1 : 0);
	}
}

static bool any_visible(kc_flag *const *tables)
{
	for (kc_flag *const *t = tables; t && *t; t++)
		for (kc_flag *f = *t; f->name; f++)
			if (!f->hidden)
				return true;
	return false;
}

void kc_flags_usage(FILE *out, const kc_flags_help *help, kc_flag *const *tables)
{
	const char *name = help->name ? help->name : "";
	const char *synopsis = help->synopsis ? help->synopsis : name;
	if (help->description && *help->description) {
		put_trimmed(out, help->description);
		fputc('\n', out);
	}
	if (help->style == KC_FLAGS_STYLE_KUBECTL) {
		/* kubectl's template: Examples, Options, Usage, footer */
		if (help->examples && *help->examples) {
			fputs("Examples:\n", out);
			put_indented(out, help->examples, "  ");
			fputc('\n', out);
		}
		if (any_visible(tables)) {
			fputs("Options:\n", out);
			kc_flags_print_flags(out, help->style, name, tables);
		}
		fputs("Usage:\n", out);
		put_indented(out, synopsis, "  ");
		if (help->footer && *help->footer) {
			fputc('\n', out);
			put_trimmed(out, help->footer);
		}
		return;
	}
	/* cobra's default template: Usage, Examples, Flags, footer */
	fputs("Usage:\n", out);
	put_indented(out, synopsis, "  ");
	if (help->examples && *help->examples) {
		fputs("\nExamples:\n", out);
		put_trimmed(out, help->examples);
	}
	fputs("\nFlags:\n", out);
	kc_flags_print_flags(out, help->style, name, tables);
	if (help->footer && *help->footer) {
		fputc('\n', out);
		put_trimmed(out, help->footer);
	}
}

/* ---- common daemon flags ---- */

kc_flag *kc_flags_common_init(kc_flags_common *c, const char *kubeconfig_usage)
{
	c->table[0] =
	    (kc_flag)KC_FLAG_STRING("kubeconfig", 0, &c->kubeconfig, "",
	                            kubeconfig_usage ? kubeconfig_usage
	                                             : "Path to a kubeconfig file, specifying how to connect "
	                                               "to the API server.");
	c->table[1] =
	    (kc_flag)KC_FLAG_INT("v", 'v', &c->verbosity, "0", "number for the log level verbosity");
	c->table[2] = (kc_flag)KC_FLAG_END;
	c->kubeconfig = "";
	c->verbosity = 0;
	return c->table;
}
