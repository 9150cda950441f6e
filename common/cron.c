/* cron.c - CronJob schedules (see cron.h): robfig/cron/v3's standard parser
 * and SpecSchedule.Next, and the CronJob controller's mostRecentScheduleTime. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "cron.h"
#include "util.h"

#include "banned.h"

typedef struct cron_bounds {
	unsigned min, max;
	const char *const *names; /* names[i] names the value min+i */
} cron_bounds;

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
                                          "aug", "sep", "oct", "nov", "dec", NULL};
static const char *const dow_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL};

static const cron_bounds b_minute = {0, 59, NULL};
static const cron_bounds b_hour = {0, 23, NULL};
static const cron_bounds b_dom = {1, 31, NULL};
static const cron_bounds b_month = {1, 12, month_names};
static const cron_bounds b_dow = {0, 6, dow_names};

/* ---- Go's text helpers ---- */

/* Length of the Unicode white space (Go's unicode.IsSpace) at s, or 0. */
static size_t space_len(const unsigned char *s)
{
	if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return 1;
	if (s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0))
		return 2;
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		unsigned c = (unsigned)(s[0] & 0x0f) << 12 | (unsigned)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		if (c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
		    c == 0x202f || c == 0x205f || c == 0x3000)
			return 3;
	}
	return 0;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t avail, uint32_t *cp)
{
	size_t n;
	uint32_t c;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	static const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < min_cp[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Go's strconv.Quote, with unicode.IsPrint approximated: C0/C1 controls,
 * format characters and private use are escaped, other runes kept. */
static void go_quote(kc_buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len = strlen(str);

	kc_buf_addch(b, '"');
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t n = utf8_len(s + i, len - i, &c);
		if (n == 0) {
			kc_buf_addf(b, "\\x%02x", s[i]);
			i++;
			continue;
		}
		switch (c) {
		case '\a':
			kc_buf_addstr(b, "\\a");
			break;
		case '\b':
			kc_buf_addstr(b, "\\b");
			break;
		case '\f':
			kc_buf_addstr(b, "\\f");
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
		case '\v':
			kc_buf_addstr(b, "\\v");
			break;
		case '"':
			kc_buf_addstr(b, "\\\"");
			break;
		case '\\':
			kc_buf_addstr(b, "\\\\");
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				kc_buf_addf(b, "\\x%02x", (unsigned)c);
			else if ((c >= 0x80 && c <= 0xa0) || c == 0xad || (c >= 0x2000 && c <= 0x200f) ||
			         (c >= 0x2028 && c <= 0x202f) || (c >= 0x205f && c <= 0x206f) ||
			         c == 0x1680 || c == 0x3000 || c == 0xfeff || (c >= 0xe000 && c <= 0xf8ff) ||
			         (c & 0xfffe) == 0xfffe)
				kc_buf_addf(b, c > 0xffff ? "\\U%08x" : "\\u%04x", (unsigned)c);
			else
				kc_buf_add(b, s + i, n);
		}
		i += n;
	}
	kc_buf_addch(b, '"');
}

/* Go's strconv.Atoi on a 64-bit platform: 0, or -EINVAL / -ERANGE with the
 * message strconv gives in msg. */
static int go_atoi(const char *s, int64_t *ret, kc_buf *msg)
{
	size_t len = strlen(s), i = 0;
	bool neg = false;
	uint64_t v = 0;
	const char *why = "invalid syntax";
	int r = -EINVAL;

	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		i++;
	}
	if (i == len)
		goto fail;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto fail;
		unsigned d = (unsigned)(s[i] - '0');
		/* ParseUint stops at the first overflow, before any later
		 * syntax error. */
		if (v > (UINT64_MAX - d) / 10) {
			why = "value out of range";
			r = -ERANGE;
			goto fail;
		}
		v = v * 10 + d;
	}
	if (v > (uint64_t)INT64_MAX + neg) {
		why = "value out of range";
		r = -ERANGE;
		goto fail;
	}
	*ret = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
fail:
	kc_buf_addstr(msg, "strconv.Atoi: parsing ");
	go_quote(msg, s);
	kc_buf_addf(msg, ": %s", why);
	return r;
}

/* ---- parsing (robfig's getField/getRange) ---- */

static int cron_error(kc_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int cron_error(kc_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = kc_error_vset(err, -EINVAL, fmt, ap);
	va_end(ap);
	return r;
}

/* robfig's mustParseInt. */
static int must_parse_int(const char *expr, uint64_t *ret, kc_error *err)
{
	_cleanup_buf_ kc_buf msg = KC_BUF_INIT;
	int64_t n;
	if (go_atoi(expr, &n, &msg) < 0)
		return cron_error(err, "failed to parse int from %s: %s", expr, kc_buf_str(&msg));
	if (n < 0)
		return cron_error(err, "negative number (%lld) not allowed: %s", (long long)n, expr);
	*ret = (uint64_t)n;
	return 0;
}

/* Go's strings.ToLower for the names: ASCII, plus the two non-ASCII
 * letters whose lower case is ASCII (U+0130 -> i, U+212A KELVIN -> k). */
static char *lower_name(const char *s)
{
	kc_buf b = KC_BUF_INIT;
	for (size_t i = 0; s[i];) {
		if ((unsigned char)s[i] == 0xc4 && (unsigned char)s[i + 1] == 0xb0) {
			kc_buf_addch(&b, 'i');
			i += 2;
		} else if ((unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x84 &&
		           (unsigned char)s[i + 2] == 0xaa) {
			kc_buf_addch(&b, 'k');
			i += 3;
		} else {
			char c = s[i++];
			kc_buf_addch(&b, (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c);
		}
	}
	return kc_buf_release(&b);
}

static int parse_int_or_name(const char *expr, const cron_bounds *r, uint64_t *ret, kc_error *err)
{
	if (r->names) {
		_cleanup_free_ char *lower = lower_name(expr);
		for (unsigned i = 0; r->names[i]; i++)
			if (streq(lower, r->names[i])) {
				*ret = r->min + i;
				return 0;
			}
	}
	return must_parse_int(expr, ret, err);
}

static uint64_t get_bits(uint64_t min, uint64_t max, uint64_t step)
{
	uint64_t bits = 0;
	for (uint64_t i = min; i <= max; i += step)
		bits |= UINT64_C(1) << i;
	return bits;
}

/* Splits s at sep into at most `max` pieces (copies); returns the count of
 * pieces there are (which may exceed max). */
static size_t split(const char *s, char sep, char **out, size_t max)
{
	size_t n = 0;
	for (;;) {
		const char *e = strchr(s, sep);
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (n < max)
			out[n] = xstrndup(s, len);
		n++;
		if (!e)
			return n;
		s = e + 1;
	}
}

static void free_pieces(char **p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i]);
}

/* robfig's getRange: number | number "-" number [ "/" number ]. */
static int get_range(const char *expr, const cron_bounds *r, uint64_t *ret, kc_error *err)
{
	char *rs[2] = {NULL, NULL}, *lh[2] = {NULL, NULL};
	size_t nrs = split(expr, '/', rs, 2);
	size_t nlh = split(rs[0], '-', lh, 2);
	uint64_t start, end, step = 1, extra = 0;
	int rc = 0;

	if (streq(lh[0], "*") || streq(lh[0], "?")) {
		start = r->min;
		end = r->max;
		extra = KC_CRON_STAR_BIT;
	} else {
		if ((rc = parse_int_or_name(lh[0], r, &start, err)) < 0)
			goto out;
		if (nlh == 1) {
			end = start;
		} else if (nlh == 2) {
			if ((rc = parse_int_or_name(lh[1], r, &end, err)) < 0)
				goto out;
		} else {
			rc = cron_error(err, "too many hyphens: %s", expr);
			goto out;
		}
	}
	if (nrs == 2) {
		if ((rc = must_parse_int(rs[1], &step, err)) < 0)
			goto out;
		if (nlh == 1) /* "N/step" means "N-max/step" */
			end = r->max;
		if (step > 1)
			extra = 0;
	} else if (nrs > 2) {
		rc = cron_error(err, "too many slashes: %s", expr);
		goto out;
	}
	if (start < r->min)
		rc = cron_error(err, "beginning of range (%llu) below minimum (%u): %s",
		                (unsigned long long)start, r->min, expr);
	else if (end > r->max)
		rc = cron_error(err, "end of range (%llu) above maximum (%u): %s", (unsigned long long)end,
		                r->max, expr);
	else if (start > end)
		rc = cron_error(err, "beginning of range (%llu) beyond end of range (%llu): %s",
		                (unsigned long long)start, (unsigned long long)end, expr);
	else if (step == 0)
		rc = cron_error(err, "step of range should be a positive number: %s", expr);
	else
		*ret = get_bits(start, end, step) | extra;
out:
	free_pieces(rs, nrs < 2 ? nrs : 2);
	free_pieces(lh, nlh < 2 ? nlh : 2);
	return rc;
}

/* robfig's getField: a comma-separated list of ranges (empty ones skipped,
 * as strings.FieldsFunc does). */
static int get_field(const char *field, const cron_bounds *r, uint64_t *ret, kc_error *err)
{
	uint64_t bits = 0;
	const char *s = field;
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len > 0) {
			_cleanup_free_ char *expr = xstrndup(s, len);
			uint64_t b = 0;
			int rc = get_range(expr, r, &b, err);
			if (rc < 0)
				return rc;
			bits |= b;
		}
		s += len;
		if (*s == ',')
			s++;
	}
	*ret = bits;
	return 0;
}

static uint64_t all_bits(const cron_bounds *r)
{
	return get_bits(r->min, r->max, 1) | KC_CRON_STAR_BIT;
}

static int parse_descriptor(const char *spec, kc_cron *c, kc_error *err)
{
	*c = (kc_cron){0};
	c->minute = 1; /* minute 0 */
	c->hour = 1;   /* hour 0 */
	c->dom = UINT64_C(1) << 1;
	c->month = all_bits(&b_month);
	c->dow = all_bits(&b_dow);
	if (streq(spec, "@yearly") || streq(spec, "@annually")) {
		c->month = UINT64_C(1) << 1;
	} else if (streq(spec, "@monthly")) {
		/* defaults */
	} else if (streq(spec, "@weekly")) {
		c->dom = all_bits(&b_dom);
		c->dow = 1; /* Sunday */
	} else if (streq(spec, "@daily") || streq(spec, "@midnight")) {
		c->dom = all_bits(&b_dom);
	} else if (streq(spec, "@hourly")) {
		c->dom = all_bits(&b_dom);
		c->hour = all_bits(&b_hour);
	} else if (str_startswith(spec, "@every ")) {
		int64_t d;
		kc_error derr = KC_ERROR_INIT;
		if (kc_duration_parse(spec + strlen("@every "), &d, &derr) < 0)
			return cron_error(err, "failed to parse duration %s: %s", spec, derr.msg);
		if (d < KC_DURATION_SEC)
			d = KC_DURATION_SEC;
		*c = (kc_cron){0};
		c->every = d / KC_DURATION_SEC;
	} else {
		return cron_error(err, "unrecognized descriptor: %s", spec);
	}
	return 0;
}

int kc_cron_parse(const char *spec, kc_cron *ret, kc_error *err)
{
	const char *field[5];
	size_t field_len[5], nfields = 0;
	kc_cron c = {0};

	if (spec[0] == '\0')
		return cron_error(err, "empty spec string");
	if (str_startswith(spec, "TZ=") || str_startswith(spec, "CRON_TZ="))
		return cron_error(err, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
	if (spec[0] == '@') {
		int rc = parse_descriptor(spec, &c, err);
		if (rc == 0)
			*ret = c;
		return rc;
	}

	/* strings.Fields: split on Unicode white space. */
	_cleanup_buf_ kc_buf joined = KC_BUF_INIT;
	const unsigned char *s = (const unsigned char *)spec;
	while (*s) {
		size_t w;
		while (*s && (w = space_len(s)) > 0)
			s += w;
		if (!*s)
			break;
		const unsigned char *start = s;
		while (*s && space_len(s) == 0)
			s++;
		if (nfields < 5) {
			field[nfields] = (const char *)start;
			field_len[nfields] = (size_t)(s - start);
		}
		if (nfields++ > 0)
			kc_buf_addch(&joined, ' ');
		kc_buf_add(&joined, start, (size_t)(s - start));
	}
	if (nfields != 5)
		return cron_error(err, "expected exactly 5 fields, found %zu: [%s]", nfields,
		                  kc_buf_str(&joined));

	const cron_bounds *bounds[5] = {&b_minute, &b_hour, &b_dom, &b_month, &b_dow};
	uint64_t *dest[5] = {&c.minute, &c.hour, &c.dom, &c.month, &c.dow};
	for (int i = 0; i < 5; i++) {
		_cleanup_free_ char *f = xstrndup(field[i], field_len[i]);
		int rc = get_field(f, bounds[i], dest[i], err);
		if (rc < 0)
			return rc;
	}
	*ret = c;
	return 0;
}

/* ---- next fire time (robfig's SpecSchedule.Next on Go's time rules) ---- */

#define CRON_TIME_LIMIT INT64_C(10000000000000) /* +-10^13 s, ~317,000 years */

static bool has_bit(uint64_t set, int v)
{
	return (set >> v) & 1;
}

static bool day_matches(const kc_cron *c, const kc_civil *t)
{
	bool dom = has_bit(c->dom, t->day), dow = has_bit(c->dow, t->wday);
	if ((c->dom & KC_CRON_STAR_BIT) || (c->dow & KC_CRON_STAR_BIT))
		return dom && dow;
	return dom || dow;
}

/* Go's t.AddDate(years, months, days): the same local clock reading on the
 * shifted date, normalized by time.Date. */
static int64_t add_date(const kc_time_zone *tz, const kc_civil *t, int months, int days)
{
	return kc_time_from_civil(tz, t->year, t->month + months, t->day + days, t->hour, t->min, t->sec);
}

int64_t kc_cron_next(const kc_cron *c, const kc_time_zone *tz, int64_t after)
{
	kc_civil t;
	bool added = false;
	/* A schedule that fires needs a few hundred steps per wrap at most;
	 * only one that can never fire (say, an empty minute list ",") walks
	 * every hour of five years, and this cuts that walk short with the
	 * same answer. */
	long budget = 1000 * 1000;

	if (after < -CRON_TIME_LIMIT || after > CRON_TIME_LIMIT)
		return KC_CRON_NEVER;
	if (c->every > 0)
		return c->every > CRON_TIME_LIMIT ? KC_CRON_NEVER : after + c->every;

	int64_t s = after + 1; /* the earliest possible time: the next second */
	kc_time_to_civil(tz, s, &t);
	int64_t year_limit = t.year + 5;

#define MOVE(expr)                                                                                           \
	do {                                                                                                 \
		s = (expr);                                                                                  \
		kc_time_to_civil(tz, s, &t);                                                                 \
		if (--budget <= 0)                                                                           \
			return KC_CRON_NEVER;                                                                \
	} while (0)

wrap:
	if (t.year > year_limit)
		return KC_CRON_NEVER;

	while (!has_bit(c->month, t.month)) {
		if (!added) {
			added = true;
			MOVE(kc_time_from_civil(tz, t.year, t.month, 1, 0, 0, 0));
		}
		MOVE(add_date(tz, &t, 1, 0));
		if (t.month == 1)
			goto wrap;
	}

	while (!day_matches(c, &t)) {
		if (!added) {
			added = true;
			MOVE(kc_time_from_civil(tz, t.year, t.month, t.day, 0, 0, 0));
		}
		int64_t before = s;
		MOVE(add_date(tz, &t, 0, 1));
		/* Where DST moved midnight, get back to it (robfig's fix-up). */
		if (t.hour != 0) {
			if (t.hour > 12)
				MOVE(s + (int64_t)(24 - t.hour) * 3600);
			else
				MOVE(s - (int64_t)t.hour * 3600);
		}
		/* A day that does not exist (Pacific/Apia, 2011-12-30) sends
		 * robfig round in circles forever; give up instead. */
		if (s <= before)
			return KC_CRON_NEVER;
		if (t.day == 1)
			goto wrap;
	}

	while (!has_bit(c->hour, t.hour)) {
		if (!added) {
			added = true;
			MOVE(kc_time_from_civil(tz, t.year, t.month, t.day, t.hour, 0, 0));
		}
		MOVE(s + 3600);
		if (t.hour == 0)
			goto wrap;
	}

	while (!has_bit(c->minute, t.min)) {
		if (!added) {
			added = true;
			/* Go's Truncate(time.Minute) works on absolute time. */
			MOVE(s - (((s % 60) + 60) % 60));
		}
		MOVE(s + 60);
		if (t.min == 0)
			goto wrap;
	}

	while (t.sec != 0) { /* the standard parser's seconds field is "0" */
		added = true;
		MOVE(s + 1);
		if (t.sec == 0)
			goto wrap;
	}
#undef MOVE
	return s;
}

/* Go's int64(t2.Sub(t1).Seconds()) for whole-second times: Sub saturates at
 * the largest Duration, about 292 years. */
static int64_t go_sub_seconds(int64_t t2, int64_t t1)
{
	const int64_t max_sec = INT64_MAX / KC_DURATION_SEC; /* 9223372036 */
	int64_t d;
	if (__builtin_sub_overflow(t2, t1, &d) || d > max_sec)
		return max_sec;
	if (d < -max_sec)
		return -max_sec;
	return d;
}

int kc_cron_most_recent(const kc_cron *c, const kc_time_zone *tz, int64_t earliest, int64_t now,
                        kc_cron_recent *ret, kc_error *err)
{
	kc_cron_recent r = {0};
	int64_t t1 = kc_cron_next(c, tz, earliest);
	int64_t t2 = kc_cron_next(c, tz, t1);

	if (now < t1) {
		*ret = r;
		return 0;
	}
	if (now < t2) {
		r.found = true;
		r.time = t1;
		r.missed = 1;
		*ret = r;
		return 0;
	}
	/* Upstream estimates the count from the first interval, steps back to
	 * two intervals before the estimate and walks forward from there,
	 * which is exact for regular and irregular schedules alike. */
	int64_t interval = go_sub_seconds(t2, t1);
	if (interval < 1)
		return kc_error_set(err, -EINVAL,
		                    "time difference between two schedules is less than 1 second");
	int64_t elapsed = go_sub_seconds(now, t1);
	int64_t missed = elapsed / interval + 1;
	int64_t t = kc_cron_next(c, tz, t1 + (missed - 2) * interval);
	for (long budget = 10 * 1000 * 1000; t <= now && t != KC_CRON_NEVER; t = kc_cron_next(c, tz, t)) {
		r.found = true;
		r.time = t;
		if (--budget <= 0)
			break;
	}
	r.missed = missed;
	r.too_many = missed > KC_CRON_TOO_MANY_MISSED;
	*ret = r;
	return 0;
}
