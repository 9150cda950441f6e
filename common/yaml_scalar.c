/* yaml_scalar.c - go-yaml v2's scalar typing and Go's number printing (see
 * yaml_scalar.h). */
#include "yaml_scalar.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "banned.h"

/* ======================================================================
 * Go's number and time syntax, as go-yaml v2 uses it to type scalars.
 * ====================================================================== */

/* strconv.ParseUint(s, 0, 64) on s[0..len): 0, -EINVAL (syntax) or -ERANGE. */
static int go_parse_uint0(const char *s, size_t len, uint64_t *ret)
{
	unsigned base = 10;
	size_t i = 0;
	if (len == 0)
		return -EINVAL;
	if (s[0] == '0' && len > 1) {
		char c = (char)tolower((unsigned char)s[1]);
		if (c == 'x' || c == 'o' || c == 'b') {
			base = c == 'x' ? 16 : c == 'o' ? 8 : 2;
			i = 2;
			if (i == len)
				return -EINVAL;
		} else {
			base = 8;
			i = 1;
		}
	}
	uint64_t n = 0;
	for (; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (tolower(c) >= 'a' && tolower(c) <= 'z')
			d = (unsigned)(tolower(c) - 'a') + 10;
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (n > (UINT64_MAX - d) / base)
			return -ERANGE; /* Go stops at the first overflow too */
		n = n * base + d;
	}
	*ret = n;
	return 0;
}

/* strconv.ParseInt(s, 0, 64). */
static int go_parse_int0(const char *s, size_t len, int64_t *ret)
{
	bool neg = false;
	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		s++;
		len--;
	}
	uint64_t u;
	int r = go_parse_uint0(s, len, &u);
	if (r < 0)
		return r;
	if (!neg && u > (uint64_t)INT64_MAX)
		return -ERANGE;
	if (neg && u > (uint64_t)INT64_MAX + 1)
		return -ERANGE;
	*ret = neg ? (int64_t)(0 - u) : (int64_t)u;
	return 0;
}

static size_t skip_digits(const char *s, size_t i, size_t len)
{
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(const char *s, size_t len)
{
	size_t i = 0, j;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i < len && s[i] == '.') {
		j = skip_digits(s, i + 1, len);
		if (j == i + 1)
			return false;
		i = j;
	} else {
		j = skip_digits(s, i, len);
		if (j == i)
			return false;
		i = j;
		if (i < len && s[i] == '.')
			i = skip_digits(s, i + 1, len);
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		j = skip_digits(s, i, len);
		if (j == i)
			return false;
		i = j;
	}
	return i == len;
}

/* strconv.ParseFloat for text already known to be decimal: fails only when
 * the value overflows (Go returns an error there; underflow is fine). */
static bool parse_decimal(const char *s, size_t len, double *ret)
{
	char buf[128];
	_cleanup_free_ char *big = NULL;
	char *p = buf;
	if (len >= sizeof(buf))
		p = big = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	double d = strtod(p, NULL);
	if (isinf(d))
		return false;
	*ret = d;
	return true;
}

/* go-yaml's isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
 * Such strings ("1:20") are quoted on output for YAML 1.1 readers. */
bool kc_yaml_is_base60_float(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i >= len || !isdigit((unsigned char)s[i]))
		return false;
	while (i < len && (isdigit((unsigned char)s[i]) || s[i] == '_'))
		i++;
	int groups = 0;
	while (i < len && s[i] == ':') {
		i++;
		if (i + 1 < len && s[i] >= '0' && s[i] <= '5' && isdigit((unsigned char)s[i + 1]))
			i += 2;
		else if (i < len && isdigit((unsigned char)s[i]))
			i++;
		else
			return false;
		groups++;
	}
	if (groups == 0)
		return false;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && (isdigit((unsigned char)s[i]) || s[i] == '_'))
			i++;
	}
	return i == len;
}

/* Go's time.Parse getnum(s, false): one or two digits. */
static bool ts_num(const char *s, size_t len, size_t *i, int *ret)
{
	if (*i >= len || !isdigit((unsigned char)s[*i]))
		return false;
	int v = s[(*i)++] - '0';
	if (*i < len && isdigit((unsigned char)s[*i]))
		v = v * 10 + (s[(*i)++] - '0');
	*ret = v;
	return true;
}

/* Whether go-yaml v2 reads s as a timestamp: one of the layouts
 * "2006-1-2T15:4:5.999999999Z07:00" (also with 't'), "2006-1-2 15:4:5.999999999"
 * and "2006-1-2", with Go's range checks. */
static bool is_timestamp(const char *s, size_t len)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t i = 0;
	int year = 0, mon, day;
	for (; i < 4; i++) {
		if (i >= len || !isdigit((unsigned char)s[i]))
			return false;
		year = year * 10 + (s[i] - '0');
	}
	if (i >= len || s[i++] != '-' || !ts_num(s, len, &i, &mon) || i >= len || s[i++] != '-' ||
	    !ts_num(s, len, &i, &day))
		return false;
	if (mon < 1 || mon > 12)
		return false;
	int dim = mdays[mon - 1];
	if (mon == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
		dim = 29;
	if (day < 1 || day > dim)
		return false;
	if (i == len)
		return true;
	char sep = s[i++];
	if (sep != 'T' && sep != 't' && sep != ' ')
		return false;
	int h, m, sec;
	if (!ts_num(s, len, &i, &h) || i >= len || s[i++] != ':' || !ts_num(s, len, &i, &m) || i >= len ||
	    s[i++] != ':' || !ts_num(s, len, &i, &sec))
		return false;
	if (h > 23 || m > 59 || sec > 59)
		return false;
	if (i + 1 < len && (s[i] == '.' || s[i] == ',') && isdigit((unsigned char)s[i + 1]))
		i = skip_digits(s, i + 1, len);
	if (i == len)
		return sep == ' ';
	if (sep == ' ')
		return false;
	if (s[i] == 'Z')
		return i + 1 == len;
	/* ±hh:mm */
	if (len - i != 6 || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':')
		return false;
	for (size_t k = i + 1; k < len; k++)
		if (k != i + 3 && !isdigit((unsigned char)s[k]))
			return false;
	int zh = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	int zm = (s[i + 4] - '0') * 10 + (s[i + 5] - '0');
	return zh <= 24 && zm <= 60;
}

/* Shortest decimal digits that read back as v (Go's precision -1), as a
 * mantissa of *ret_nd digits and exponent: v = d.ddd * 10^exp. */
static void shortest_digits(double v, bool single, char *digits, int *ret_nd, int *ret_exp)
{
	char buf[64];
	int maxp = single ? 9 : 17;
	for (int p = 1; p <= maxp; p++) {
		snprintf(buf, sizeof(buf), "%.*e", p - 1, v);
		bool ok = single ? strtof(buf, NULL) == (float)v : strtod(buf, NULL) == v;
		if (ok || p == maxp)
			break;
	}
	/* buf: [-]d[.ddd]e[+-]XX */
	const char *q = buf;
	if (*q == '-')
		q++;
	int nd = 0;
	for (; *q && *q != 'e'; q++)
		if (isdigit((unsigned char)*q))
			digits[nd++] = *q;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	*ret_nd = nd;
	*ret_exp = (int)strtol(q + 1, NULL, 10);
}

/* strconv.FormatFloat(v, 'g', -1, single ? 32 : 64), with go-yaml's names for
 * infinities and NaN. */
void kc_yaml_format_float(double v, bool single, char *out, size_t outsz)
{
	if (isnan(v)) {
		snprintf(out, outsz, ".nan");
		return;
	}
	if (isinf(v)) {
		snprintf(out, outsz, "%s", v > 0 ? ".inf" : "-.inf");
		return;
	}
	if (single)
		v = (float)v;
	if (v == 0) {
		snprintf(out, outsz, "%s", signbit(v) ? "-0" : "0");
		return;
	}
	char d[32];
	int nd, exp;
	shortest_digits(v, single, d, &nd, &exp);
	kc_buf b = KC_BUF_INIT;
	if (v < 0)
		kc_buf_addch(&b, '-');
	if (exp < -4 || exp >= 6) {
		kc_buf_addch(&b, d[0]);
		if (nd > 1) {
			kc_buf_addch(&b, '.');
			kc_buf_addstr(&b, d + 1);
		}
		kc_buf_addf(&b, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
	} else if (exp < 0) {
		kc_buf_addstr(&b, "0.");
		for (int i = -1; i > exp; i--)
			kc_buf_addch(&b, '0');
		kc_buf_addstr(&b, d);
	} else {
		for (int i = 0; i <= exp; i++)
			kc_buf_addch(&b, i < nd ? d[i] : '0');
		if (nd > exp + 1) {
			kc_buf_addch(&b, '.');
			kc_buf_addstr(&b, d + exp + 1);
		}
	}
	snprintf(out, outsz, "%s", kc_buf_str(&b));
	kc_buf_free(&b);
}

/* How `kubectl -o yaml` prints a JSON number: encoding/json writes it, then
 * go-yaml reads that text back (integers as int64/uint64 when they fit,
 * anything else as float64) and prints it. */
int kc_yaml_format_number(double v, char *out, size_t outsz, kc_error *err)
{
	if (isnan(v) || isinf(v))
		return kc_error_set(err, -EINVAL, "json: unsupported value: %s",
		                    isnan(v) ? "NaN"
		                    : v > 0  ? "+Inf"
		                             : "-Inf");
	if (v == 0) {
		snprintf(out, outsz, "0");
		return 0;
	}
	if (v == trunc(v) && fabs(v) < 1e21) {
		/* encoding/json: shortest digits, no exponent */
		char d[32], text[40];
		int nd, exp;
		size_t n = 0;
		shortest_digits(v, false, d, &nd, &exp);
		if (v < 0)
			text[n++] = '-';
		for (int i = 0; i <= exp; i++)
			text[n++] = i < nd ? d[i] : '0';
		text[n] = '\0';
		int64_t i64;
		uint64_t u64;
		if (go_parse_int0(text, n, &i64) == 0 || go_parse_uint0(text, n, &u64) == 0) {
			snprintf(out, outsz, "%s", text);
			return 0;
		}
	}
	kc_yaml_format_float(v, false, out, outsz);
	return 0;
}

/* ======================================================================
 * go-yaml v2's resolver
 * ====================================================================== */

static const struct {
	const char *s;
	kc_yaml_vkind kind;
	int v; /* bool value, or for floats: 0 NaN, 1 +Inf, -1 -Inf */
} resolve_words[] = {
    {"y", KC_YV_BOOL, 1},       {"Y", KC_YV_BOOL, 1},       {"yes", KC_YV_BOOL, 1},
    {"Yes", KC_YV_BOOL, 1},     {"YES", KC_YV_BOOL, 1},     {"true", KC_YV_BOOL, 1},
    {"True", KC_YV_BOOL, 1},    {"TRUE", KC_YV_BOOL, 1},    {"on", KC_YV_BOOL, 1},
    {"On", KC_YV_BOOL, 1},      {"ON", KC_YV_BOOL, 1},      {"n", KC_YV_BOOL, 0},
    {"N", KC_YV_BOOL, 0},       {"no", KC_YV_BOOL, 0},      {"No", KC_YV_BOOL, 0},
    {"NO", KC_YV_BOOL, 0},      {"false", KC_YV_BOOL, 0},   {"False", KC_YV_BOOL, 0},
    {"FALSE", KC_YV_BOOL, 0},   {"off", KC_YV_BOOL, 0},     {"Off", KC_YV_BOOL, 0},
    {"OFF", KC_YV_BOOL, 0},     {"", KC_YV_NULL, 0},        {"~", KC_YV_NULL, 0},
    {"null", KC_YV_NULL, 0},    {"Null", KC_YV_NULL, 0},    {"NULL", KC_YV_NULL, 0},
    {".nan", KC_YV_FLOAT, 0},   {".NaN", KC_YV_FLOAT, 0},   {".NAN", KC_YV_FLOAT, 0},
    {".inf", KC_YV_FLOAT, 1},   {".Inf", KC_YV_FLOAT, 1},   {".INF", KC_YV_FLOAT, 1},
    {"+.inf", KC_YV_FLOAT, 1},  {"+.Inf", KC_YV_FLOAT, 1},  {"+.INF", KC_YV_FLOAT, 1},
    {"-.inf", KC_YV_FLOAT, -1}, {"-.Inf", KC_YV_FLOAT, -1}, {"-.INF", KC_YV_FLOAT, -1},
};

/* go-yaml's resolveTable: what the first character says a plain scalar may
 * be. "<<" gets no hint, so as a value it is a string; only the mapping code
 * treats a plain "<<" key as a merge. */
static char resolve_hint(const char *s, size_t len)
{
	if (len == 0)
		return 'N';
	unsigned char c = (unsigned char)s[0];
	if (c == '+' || c == '-')
		return 'S';
	if (c >= '0' && c <= '9')
		return 'D';
	if (c != '\0' && strchr("yYnNtTfFoO~", c))
		return 'M';
	if (c == '.')
		return '.';
	return 0;
}

/* Types a plain, untagged scalar (go-yaml v2's resolve("", s)); with
 * check_timestamp false, timestamps are not looked for (they read as strings
 * either way, only an explicit !!timestamp needs the check). */
void kc_yaml_resolve_plain(const char *s, size_t len, bool check_timestamp, kc_yaml_value *v)
{
	memset(v, 0, sizeof(*v));
	v->kind = KC_YV_STR;
	char hint = resolve_hint(s, len);
	if (!hint)
		return;
	for (size_t k = 0; k < KC_ARRAY_SIZE(resolve_words); k++) {
		if (strlen(resolve_words[k].s) == len && memcmp(resolve_words[k].s, s, len) == 0) {
			v->kind = resolve_words[k].kind;
			v->b = resolve_words[k].v == 1;
			if (v->kind == KC_YV_FLOAT)
				v->f = resolve_words[k].v == 0 ? NAN : resolve_words[k].v * INFINITY;
			return;
		}
	}
	if (hint == '.') {
		/* strconv.ParseFloat on the text as is: ".5", ".5e3" */
		size_t j = skip_digits(s, 1, len);
		if (j > 1 && yaml_style_float(s, len) && parse_decimal(s, len, &v->f))
			v->kind = KC_YV_FLOAT;
		return;
	}
	if (hint != 'D' && hint != 'S')
		return;
	if (check_timestamp && is_timestamp(s, len)) {
		v->kind = KC_YV_TIMESTAMP;
		return;
	}
	/* Underscores are dropped before the number parsers see the text. */
	char small[64];
	_cleanup_free_ char *big = NULL;
	char *plain = len < sizeof(small) ? small : (big = xmalloc(len + 1));
	size_t n = 0;
	for (size_t k = 0; k < len; k++)
		if (s[k] != '_')
			plain[n++] = s[k];
	plain[n] = '\0';
	if (go_parse_int0(plain, n, &v->i) == 0) {
		v->kind = KC_YV_INT;
		return;
	}
	if (go_parse_uint0(plain, n, &v->u) == 0) {
		v->kind = KC_YV_UINT;
		return;
	}
	if (yaml_style_float(plain, n) && parse_decimal(plain, n, &v->f)) {
		v->kind = KC_YV_FLOAT;
		return;
	}
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid (as Go's
 * utf8.DecodeRuneInString sees it). */
size_t kc_yaml_utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* encoding/json replaces each invalid UTF-8 byte with U+FFFD. Returns NULL
 * when s is already valid. */
char *kc_yaml_utf8_sanitize(const char *s, size_t len)
{
	uint32_t cp;
	size_t i = 0, k;
	while (i < len && (k = kc_yaml_utf8_seq((const unsigned char *)s + i, len - i, &cp)) > 0)
		i += k;
	if (i == len)
		return NULL;
	kc_buf b = KC_BUF_INIT;
	kc_buf_add(&b, s, i);
	while (i < len) {
		k = kc_yaml_utf8_seq((const unsigned char *)s + i, len - i, &cp);
		if (k == 0) {
			kc_buf_addstr(&b, "\xEF\xBF\xBD");
			i++;
		} else {
			kc_buf_add(&b, s + i, k);
			i += k;
		}
	}
	return kc_buf_release(&b);
}
