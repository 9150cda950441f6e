/* quantity.c - Kubernetes resource quantities (see quantity.h).
 *
 * Parsing happens in three steps, mirroring upstream's ParseQuantity so that
 * the same inputs fail with the same message:
 *   1. scan: split "[sign]digits[.digits]suffix" (upstream's permissive
 *      scanner; the regular expression in the error is only descriptive);
 *   2. interpret the suffix (table, or e/E followed by an integer);
 *   3. compute the exact value as a decimal digit string (times 2^n for
 *      binary suffixes), round up to nano, cap binary values at 2^63-1, and
 *      store it as a 128-bit mantissa and a base-10 exponent.
 * Upstream keeps the parsed text as the String() form when its fast path
 * found it canonical; quantity_cacheable() reproduces that decision. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "quantity.h"
#include "util.h"

#include "banned.h"

typedef unsigned __int128 u128;
typedef kc_quantity_int i128;

/* 10^n for n in [0, 38]. */
static u128 pow10_u128(int n)
{
	u128 v = 1;
	for (int i = 0; i < n; i++)
		v *= 10;
	return v;
}

static u128 abs_u128(i128 v)
{
	return v < 0 ? (u128)0 - (u128)v : (u128)v;
}

static int ndigits_u128(u128 v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* Writes v in decimal (no NUL) and returns the number of bytes. */
static size_t put_u128(char *out, u128 v)
{
	char tmp[40];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/* Puts a value into normal form: no trailing zero digits, zero as (0, 0).
 * Fails when it has more than KC_QUANTITY_MAX_DIGITS digits or is too large. */
static int normalize(bool neg, u128 mag, int64_t exp, kc_quantity *q)
{
	if (mag == 0) {
		q->mant = 0;
		q->exp = 0;
		return 0;
	}
	while (mag % 10 == 0) {
		mag /= 10;
		exp++;
	}
	if (mag >= pow10_u128(KC_QUANTITY_MAX_DIGITS))
		return -ERANGE;
	if (exp + ndigits_u128(mag) - 1 > KC_QUANTITY_MAX_EXP10)
		return -ERANGE;
	q->mant = neg ? -(i128)mag : (i128)mag;
	q->exp = (int32_t)exp;
	return 0;
}

/* ---- step 1: upstream's scanner ---- */

typedef struct qscan {
	bool positive;
	const char *num; /* numerator without leading zeros; "0" if none */
	size_t num_len;
	const char *denom; /* digits after '.', as written */
	size_t denom_len;
	const char *suffix;
	size_t suffix_len;
	bool has_digit; /* any digit before the suffix, leading zeros included */
} qscan;

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_suffix_char(char c)
{
	return c != '\0' && strchr("eEinumkKMGTP", c) != NULL;
}

static int scan_quantity(const char *s, size_t end, qscan *r)
{
	size_t pos = 0, i;

	*r = (qscan){.positive = true, .num = "0", .num_len = 1, .denom = "", .suffix = ""};
	if (pos < end && (s[0] == '-' || s[0] == '+')) {
		r->positive = s[0] == '+';
		pos++;
	}
	while (pos < end && s[pos] == '0') {
		pos++;
		r->has_digit = true;
	}
	if (pos >= end) {
		r->has_digit = true; /* all zeros (or nothing): upstream reads "0" */
		return 0;
	}
	for (i = pos; i < end && is_digit(s[i]); i++)
		;
	if (i > pos) {
		r->num = s + pos;
		r->num_len = i - pos;
		r->has_digit = true;
	}
	if (i >= end)
		return 0;
	pos = i;
	if (s[pos] == '.') {
		pos++;
		for (i = pos; i < end && is_digit(s[i]); i++)
			;
		r->denom = s + pos;
		r->denom_len = i - pos;
		r->has_digit |= i > pos;
		if (i >= end)
			return 0;
		pos = i;
	}
	size_t suffix_start = pos;
	for (i = pos; i < end && is_suffix_char(s[i]); i++)
		;
	if (i < end) {
		pos = i;
		if (s[pos] == '-' || s[pos] == '+')
			pos++;
		for (i = pos; i < end && is_digit(s[i]); i++)
			;
		if (i < end)
			return -EINVAL; /* something after the exponent digits */
	}
	r->suffix = s + suffix_start;
	r->suffix_len = end - suffix_start;
	return 0;
}

/* ---- step 2: suffixes ---- */

/* Go's strconv.ParseInt(s, 10, 64): optional sign, at least one digit, no
 * overflow. */
static bool parse_int64(const char *s, size_t len, int64_t *ret)
{
	size_t i = 0;
	bool neg = false;
	uint64_t v = 0, limit;

	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		i++;
	}
	if (i >= len)
		return false;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (!is_digit(s[i]))
			return false;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*ret = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* Sets *base (10 or 2), *exponent and *format; false if not a suffix. */
static bool interpret_suffix(const char *s, size_t len, int *base, int64_t *exponent,
                             kc_quantity_format *format)
{
	static const char dec_chars[] = "numkMGTPE";
	static const int dec_exps[] = {-9, -6, -3, 3, 6, 9, 12, 15, 18};
	static const char bin_chars[] = "KMGTPE";

	*base = 10;
	*format = KC_QUANTITY_DECIMAL_SI;
	if (len == 0) {
		*exponent = 0;
		return true;
	}
	if (len == 1) {
		const char *p = strchr(dec_chars, s[0]);
		if (p && *p) {
			*exponent = dec_exps[p - dec_chars];
			return true;
		}
	}
	if (len == 2 && s[1] == 'i') {
		const char *p = strchr(bin_chars, s[0]);
		if (p && *p) {
			*base = 2;
			*exponent = 10 * (p - bin_chars + 1);
			*format = KC_QUANTITY_BINARY_SI;
			return true;
		}
	}
	if (len > 1 && (s[0] == 'e' || s[0] == 'E')) {
		*format = KC_QUANTITY_DECIMAL_EXPONENT;
		return parse_int64(s + 1, len - 1, exponent);
	}
	return false;
}

/* Whether upstream leaves its int64 fast path for the big-decimal one, which
 * fails with ErrNumeric when the text before the suffix has no digit (".Ei",
 * "e-12"). Upstream truncates the exponent to 32 bits first. */
static bool quantity_slow_path(const qscan *r, int base, int64_t exponent)
{
	int64_t exp32 = (int32_t)(uint32_t)(uint64_t)exponent;
	if (base == 2)
		return r->denom_len != 0 || 15 - (int64_t)r->num_len - exp32 * 3 / 10 - 1 < 0;
	return r->num_len + r->denom_len > 18 || (int32_t)(uint32_t)(exp32 - (int64_t)r->denom_len) < -9;
}

/* Whether upstream's fast path keeps the parsed text as the String() form. */
static bool quantity_cacheable(const qscan *r, int base, int64_t exponent)
{
	size_t digits = r->num_len + r->denom_len;

	if (base == 2) {
		if (r->denom_len != 0 || 15 - (int64_t)r->num_len - exponent * 3 / 10 - 1 < 0)
			return false;
		/* num has at most 11 digits here, so value << exponent fits an
		 * int64 and the fast path applies; the text is kept when the
		 * number is not a multiple of 8. */
		uint64_t v = 0;
		for (size_t i = 0; i < r->num_len; i++)
			v = v * 10 + (uint64_t)(r->num[i] - '0');
		return (v & 7) != 0;
	}
	if (exponent < INT32_MIN || exponent > INT32_MAX || digits > 18)
		return false;
	int64_t scale = exponent - (int64_t)r->denom_len;
	if (scale < -9 || scale % 3 != 0)
		return false;
	/* shifted = num + denom: must not start with 0 nor end with "000". */
	if (r->num[0] == '0')
		return false;
	char last[3];
	size_t n = 0;
	for (size_t i = digits; i > 0 && n < 3; i--, n++) {
		size_t k = i - 1;
		last[n] = k < r->num_len ? r->num[k] : r->denom[k - r->num_len];
	}
	return !(n == 3 && last[0] == '0' && last[1] == '0' && last[2] == '0');
}

/* ---- step 3: the exact value ---- */

/* A decimal number as little-endian digits (d[0] is the units of 10^e). */
typedef struct decnum {
	uint8_t *d;
	size_t n;
	int64_t e;
} decnum;

/* Removes zero digits at the low end (raising e) and at the high end. */
static void dec_trim(decnum *x)
{
	while (x->n > 0 && x->d[x->n - 1] == 0)
		x->n--;
	size_t z = 0;
	while (z < x->n && x->d[z] == 0)
		z++;
	if (z > 0) {
		memmove(x->d, x->d + z, x->n - z);
		x->n -= z;
		x->e += (int64_t)z;
	}
}

/* x *= 2^bits; x->d must have room for 19 more digits. */
static void dec_shift_binary(decnum *x, int64_t bits)
{
	for (; bits > 0; bits -= 10) {
		unsigned mul = bits >= 10 ? 1024 : 1u << bits;
		unsigned carry = 0;
		for (size_t i = 0; i < x->n; i++) {
			unsigned v = x->d[i] * mul + carry;
			x->d[i] = (uint8_t)(v % 10);
			carry = v / 10;
		}
		while (carry) {
			x->d[x->n++] = (uint8_t)(carry % 10);
			carry /= 10;
		}
	}
}

/* Rounds x up (away from zero) to a multiple of 10^-9; x->d needs room for
 * one more digit. */
static void dec_round_nano(decnum *x)
{
	if (x->n == 0 || x->e >= -9)
		return;
	int64_t k = -9 - x->e; /* digits below the nano position */
	bool sticky = false;
	if ((uint64_t)k >= x->n) {
		x->d[0] = 1; /* all below nano and nonzero: 1n */
		x->n = 1;
		x->e = -9;
		return;
	}
	for (size_t i = 0; i < (size_t)k; i++)
		sticky |= x->d[i] != 0;
	memmove(x->d, x->d + k, x->n - (size_t)k);
	x->n -= (size_t)k;
	x->e = -9;
	if (sticky) {
		size_t i = 0;
		while (i < x->n && x->d[i] == 9)
			x->d[i++] = 0;
		if (i == x->n)
			x->d[x->n++] = 1;
		else
			x->d[i]++;
	}
}

/* The magnitude of x as an integer (only for x->n <= 38). */
static u128 dec_to_u128(const decnum *x)
{
	u128 v = 0;
	for (size_t i = x->n; i > 0; i--)
		v = v * 10 + x->d[i - 1];
	return v;
}

#define INT64_MAX_DIGITS 19

/* Whether |x| > 2^63-1, the cap upstream applies to BinarySI values. */
static bool dec_above_int64(const decnum *x)
{
	int64_t mag = x->e + (int64_t)x->n;
	if (mag != INT64_MAX_DIGITS)
		return mag > INT64_MAX_DIGITS;
	/* 19 integer digits and e >= -9, so at most 28 digits in all. */
	u128 v = dec_to_u128(x);
	u128 cap = (u128)INT64_MAX;
	if (x->e >= 0)
		return v * pow10_u128((int)x->e) > cap;
	return v > cap * pow10_u128((int)-x->e);
}

static int quantity_error(kc_error *err, int code, const char *msg)
{
	return kc_error_set(err, code, "%s", msg);
}

int kc_quantity_parse_len(const char *s, size_t len, kc_quantity *ret, kc_error *err)
{
	qscan r;
	int base;
	int64_t exponent;
	kc_quantity_format format;
	kc_quantity q = KC_QUANTITY_ZERO;

	if (len == 0 || scan_quantity(s, len, &r) < 0)
		return quantity_error(err, -EINVAL, KC_QUANTITY_ERR_FORMAT);
	if (len == 1 && s[0] == '0') {
		q.orig[0] = '0';
		*ret = q;
		return 0;
	}
	if (!interpret_suffix(r.suffix, r.suffix_len, &base, &exponent, &format))
		return quantity_error(err, -EINVAL, KC_QUANTITY_ERR_SUFFIX);
	if (!r.has_digit && quantity_slow_path(&r, base, exponent))
		return quantity_error(err, -EINVAL, KC_QUANTITY_ERR_NUMERIC);
	q.format = format;

	/* Exponents this far out only decide between "too large" and "rounds
	 * to 1n"; clamping keeps the arithmetic below in range. */
	const int64_t clamp = (int64_t)1 << 50;
	if (exponent > clamp)
		exponent = clamp;
	if (exponent < -clamp)
		exponent = -clamp;

	decnum x = {xmalloc(r.num_len + r.denom_len + 24), 0, 0};
	for (size_t i = r.denom_len; i > 0; i--)
		x.d[x.n++] = (uint8_t)(r.denom[i - 1] - '0');
	for (size_t i = r.num_len; i > 0; i--)
		x.d[x.n++] = (uint8_t)(r.num[i - 1] - '0');
	x.e = -(int64_t)r.denom_len + (base == 10 ? exponent : 0);
	dec_trim(&x);
	if (base == 2) {
		dec_shift_binary(&x, exponent);
		dec_trim(&x);
	}
	dec_round_nano(&x);
	dec_trim(&x);

	if (base == 2 && x.n > 0 && dec_above_int64(&x)) {
		static const char cap[] = "9223372036854775807";
		x.n = sizeof(cap) - 1;
		for (size_t i = 0; i < x.n; i++)
			x.d[i] = (uint8_t)(cap[x.n - 1 - i] - '0');
		x.e = 0;
	}
	/* Binary values strictly between -1 and 1 switch to DecimalSI. */
	if (base == 2 && x.n > 0 && x.e + (int64_t)x.n <= 0)
		q.format = KC_QUANTITY_DECIMAL_SI;

	int rc = 0;
	if (x.n > 0 && (x.n > KC_QUANTITY_MAX_DIGITS || x.e + (int64_t)x.n - 1 > KC_QUANTITY_MAX_EXP10))
		rc = -ERANGE;
	else
		rc = normalize(!r.positive, dec_to_u128(&x), x.e, &q);
	free(x.d);
	if (rc < 0)
		return kc_error_set(err, rc,
		                    "quantity %.*s is out of the supported range (at most %d significant "
		                    "digits at nano precision, below 1e%d)",
		                    (int)(len > 64 ? 64 : len), s, KC_QUANTITY_MAX_DIGITS,
		                    KC_QUANTITY_MAX_EXP10 + 1);

	if (len < KC_QUANTITY_ORIG_MAX && quantity_cacheable(&r, base, exponent) && !memchr(s, '\0', len)) {
		memcpy(q.orig, s, len);
		q.orig[len] = '\0';
	}
	*ret = q;
	return 0;
}

int kc_quantity_parse(const char *s, kc_quantity *ret, kc_error *err)
{
	return kc_quantity_parse_len(s, strlen(s), ret, err);
}

/* ---- formatting ---- */

static const char *const decimal_suffixes[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
static const char *const binary_suffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

/* |q| < 1024 (q has at most nano precision). */
static bool abs_below_1024(const kc_quantity *q)
{
	u128 m = abs_u128(q->mant);
	int64_t mag = q->exp + ndigits_u128(m);
	if (mag > 4)
		return false;
	/* |q| < 10^4, so |q| * 10^9 is an integer below 10^13. */
	u128 nanos = m * pow10_u128(q->exp + 9);
	return nanos < (u128)1024 * 1000000000u;
}

static const char *format_decimal(const kc_quantity *q, char *buf)
{
	size_t n = 0;
	u128 m = abs_u128(q->mant);
	int64_t e = q->exp;
	int zeros = (int)(((e % 3) + 3) % 3); /* lower e to a multiple of 3 */

	if (q->mant < 0)
		buf[n++] = '-';
	n += put_u128(buf + n, m);
	e -= zeros;
	if (q->format == KC_QUANTITY_DECIMAL_SI && e > 18 && e - 18 <= 21) {
		zeros += (int)(e - 18); /* kc: keep the E suffix for 1000E and up */
		e = 18;
	}
	for (int i = 0; i < zeros; i++)
		buf[n++] = '0';
	if (q->format == KC_QUANTITY_DECIMAL_SI && e <= 18)
		snprintf(buf + n, KC_QUANTITY_STR_MAX - n, "%s", decimal_suffixes[(e + 9) / 3]);
	else if (e != 0)
		snprintf(buf + n, KC_QUANTITY_STR_MAX - n, "e%d", (int)e);
	else
		buf[n] = '\0';
	return buf;
}

const char *kc_quantity_string(const kc_quantity *q, char buf[KC_QUANTITY_STR_MAX])
{
	if (q->orig[0]) {
		snprintf(buf, KC_QUANTITY_STR_MAX, "%s", q->orig);
		return buf;
	}
	if (q->mant == 0) {
		snprintf(buf, KC_QUANTITY_STR_MAX, "0");
		return buf;
	}
	if (q->format != KC_QUANTITY_BINARY_SI)
		return format_decimal(q, buf);

	/* BinarySI prints as DecimalSI when small or fractional. */
	u128 m = abs_u128(q->mant);
	if (abs_below_1024(q) || q->exp < 0 || q->exp + ndigits_u128(m) > KC_QUANTITY_MAX_DIGITS) {
		kc_quantity d = *q;
		d.format = KC_QUANTITY_DECIMAL_SI;
		return format_decimal(&d, buf);
	}
	u128 v = m * pow10_u128(q->exp);
	int k = 0;
	while (v % 1024 == 0) {
		v /= 1024;
		k++;
	}
	for (; k > 6; k--)
		v *= 1024; /* kc: no suffix past Ei, keep the number right */
	size_t n = 0;
	if (q->mant < 0)
		buf[n++] = '-';
	n += put_u128(buf + n, v);
	snprintf(buf + n, KC_QUANTITY_STR_MAX - n, "%s", binary_suffixes[k]);
	return buf;
}

char *kc_quantity_to_string(const kc_quantity *q)
{
	char buf[KC_QUANTITY_STR_MAX];
	return xstrdup(kc_quantity_string(q, buf));
}

const char *kc_quantity_format_name(kc_quantity_format f)
{
	switch (f) {
	case KC_QUANTITY_BINARY_SI:
		return "BinarySI";
	case KC_QUANTITY_DECIMAL_EXPONENT:
		return "DecimalExponent";
	case KC_QUANTITY_DECIMAL_SI:
		break;
	}
	return "DecimalSI";
}

/* ---- arithmetic ---- */

kc_quantity kc_quantity_from_int(int64_t value, int32_t scale, kc_quantity_format format)
{
	kc_quantity q = KC_QUANTITY_ZERO;
	bool neg = value < 0;
	u128 m = neg ? (u128)0 - (u128)(i128)value : (u128)value;
	int64_t e = scale;

	q.format = format;
	if (e > KC_QUANTITY_MAX_EXP10 - INT64_MAX_DIGITS)
		e = KC_QUANTITY_MAX_EXP10 - INT64_MAX_DIGITS;
	if (e < -9 && m != 0) {
		int64_t k = -9 - e;
		if (k > 19) {
			m = 1;
		} else {
			u128 div = pow10_u128((int)k);
			m = m / div + (m % div != 0);
		}
		e = -9;
	}
	(void)normalize(neg, m, e, &q); /* at most 19 digits: cannot fail */
	return q;
}

bool kc_quantity_is_zero(const kc_quantity *q)
{
	return q->mant == 0;
}

int kc_quantity_sign(const kc_quantity *q)
{
	return q->mant < 0 ? -1 : q->mant > 0;
}

/* Compares |a| and |b|. */
static int cmp_abs(const kc_quantity *a, const kc_quantity *b)
{
	u128 ma = abs_u128(a->mant), mb = abs_u128(b->mant);
	if (ma == 0 || mb == 0)
		return (ma != 0) - (mb != 0);
	int64_t ga = a->exp + ndigits_u128(ma), gb = b->exp + ndigits_u128(mb);
	if (ga != gb)
		return ga < gb ? -1 : 1;
	/* Same magnitude: aligning the one with the larger exponent keeps it
	 * within the other's digit count, so no overflow. */
	if (a->exp > b->exp)
		ma *= pow10_u128(a->exp - b->exp);
	else
		mb *= pow10_u128(b->exp - a->exp);
	return ma < mb ? -1 : ma > mb;
}

int kc_quantity_cmp(const kc_quantity *a, const kc_quantity *b)
{
	int sa = kc_quantity_sign(a), sb = kc_quantity_sign(b);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	int c = cmp_abs(a, b);
	return sa < 0 ? -c : c;
}

/* m * 10^k into *ret, false on overflow of 128 bits. */
static bool scale_up(u128 m, int64_t k, u128 *ret)
{
	if (m == 0) {
		*ret = 0;
		return true;
	}
	if (k > 38)
		return false;
	return !__builtin_mul_overflow(m, pow10_u128((int)k), ret);
}

static int add_signed(kc_quantity *q, const kc_quantity *y, bool negate_y, kc_error *err)
{
	kc_quantity r = *q;
	bool na = q->mant < 0, nb = (y->mant < 0) != negate_y;
	int64_t e = q->exp < y->exp ? q->exp : y->exp;
	u128 a, b, mag;
	bool neg;
	char bq[KC_QUANTITY_STR_MAX], by[KC_QUANTITY_STR_MAX];

	if (q->mant == 0)
		r.format = y->format;
	r.orig[0] = '\0';
	if (y->mant == 0) {
		*q = r;
		return 0;
	}
	if (!scale_up(abs_u128(q->mant), q->exp - e, &a) || !scale_up(abs_u128(y->mant), y->exp - e, &b))
		goto range;
	if (na == nb) {
		if (__builtin_add_overflow(a, b, &mag))
			goto range;
		neg = na;
	} else if (a >= b) {
		mag = a - b;
		neg = na;
	} else {
		mag = b - a;
		neg = nb;
	}
	if (normalize(neg, mag, e, &r) < 0)
		goto range;
	*q = r;
	return 0;
range:
	return kc_error_set(err, -ERANGE, "%s %c %s is out of the supported quantity range",
	                    kc_quantity_string(q, bq), negate_y ? '-' : '+', kc_quantity_string(y, by));
}

int kc_quantity_add(kc_quantity *q, const kc_quantity *y, kc_error *err)
{
	return add_signed(q, y, false, err);
}

int kc_quantity_sub(kc_quantity *q, const kc_quantity *y, kc_error *err)
{
	return add_signed(q, y, true, err);
}

void kc_quantity_neg(kc_quantity *q)
{
	q->mant = -q->mant;
	q->orig[0] = '\0';
}

int kc_quantity_scaled_value(const kc_quantity *q, int32_t scale, int64_t *ret)
{
	u128 m = abs_u128(q->mant), v;
	int64_t d = (int64_t)q->exp - scale;
	bool neg = q->mant < 0;

	if (m == 0) {
		*ret = 0;
		return 0;
	}
	if (d >= 0) {
		if (!scale_up(m, d, &v))
			return -ERANGE;
	} else if (-d > 38) {
		v = 1; /* |q| < 10^38 <= 10^-d: rounds away from zero to 1 */
	} else {
		u128 div = pow10_u128((int)-d);
		v = m / div + (m % div != 0);
	}
	if (v > (u128)INT64_MAX + (neg ? 1 : 0))
		return -ERANGE;
	*ret = neg ? (int64_t)(0 - (uint64_t)v) : (int64_t)v;
	return 0;
}

static int64_t saturated(const kc_quantity *q, int32_t scale)
{
	int64_t v;
	if (kc_quantity_scaled_value(q, scale, &v) < 0)
		return q->mant < 0 ? INT64_MIN : INT64_MAX;
	return v;
}

int64_t kc_quantity_value(const kc_quantity *q)
{
	return saturated(q, 0);
}
int64_t kc_quantity_milli_value(const kc_quantity *q)
{
	return saturated(q, -3);
}

/* ---- JSON ---- */

/* Length of the Unicode white space (as Go's unicode.IsSpace) at s, or 0. */
static size_t space_len(const unsigned char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')))
		return 1;
	if (len >= 2 && s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if (len >= 3) {
		unsigned c = (unsigned)(s[0] & 0x0f) << 12 | (unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		if ((s[0] & 0xf0) != 0xe0 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
		    c == 0x202f || c == 0x205f || c == 0x3000)
			return 3;
	}
	return 0;
}

/* Length of the white space ending at s[len-1], or 0. */
static size_t space_len_back(const unsigned char *s, size_t len)
{
	for (size_t w = 1; w <= 3 && w <= len; w++)
		if (space_len(s + len - w, w) == w)
			return w;
	return 0;
}

int kc_quantity_from_json_text(const char *text, size_t len, kc_quantity *ret, kc_error *err)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t w;

	if (len == 4 && memcmp(text, "null", 4) == 0) {
		*ret = (kc_quantity)KC_QUANTITY_ZERO;
		return 0;
	}
	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		s++;
		len -= 2;
	}
	while ((w = space_len(s, len)) > 0) {
		s += w;
		len -= w;
	}
	while ((w = space_len_back(s, len)) > 0)
		len -= w;
	return kc_quantity_parse_len((const char *)s, len, ret, err);
}

int kc_quantity_from_json(const struct cJSON *item, kc_quantity *ret, kc_error *err)
{
	char buf[64];

	if (item == NULL || cJSON_IsNull(item)) {
		*ret = (kc_quantity)KC_QUANTITY_ZERO;
		return 0;
	}
	if (cJSON_IsString(item))
		return kc_quantity_parse(item->valuestring, ret, err);
	if (!cJSON_IsNumber(item))
		return kc_error_set(err, -EINVAL, "a quantity must be a string or a number");
	double v = item->valuedouble;
	if (!isfinite(v))
		return kc_error_set(err, -EINVAL, "a quantity must be a finite number");
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, sizeof(buf), "%.0f", v);
	} else {
		/* The shortest text that reads back as the same double. */
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(buf, sizeof(buf), "%.*g", prec, v);
			if (strtod(buf, NULL) == v)
				break;
		}
	}
	return kc_quantity_parse(buf, ret, err);
}

struct cJSON *kc_quantity_to_json(const kc_quantity *q)
{
	char buf[KC_QUANTITY_STR_MAX];
	return cJSON_CreateString(kc_quantity_string(q, buf));
}
