/* timeutil.c - RFC 3339, clocks, Go durations and time zones (timeutil.h).
 *
 * Much of this reproduces Go's time package behaviour on purpose: Kubernetes
 * objects carry Go-formatted times and durations, kubectl prints Go's
 * strings, and the CronJob schedule (cron.c) is only right if local time is
 * resolved exactly as Go resolves it around DST transitions. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timeutil.h"
#include "util.h"

#include "banned.h"

#define SECS_PER_DAY INT64_C(86400)
#define ALPHA        INT64_MIN /* Go's alpha/omega: the ends of time */
#define OMEGA        INT64_MAX

/* ---- calendar ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

static bool is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int days_in_month(int m, int64_t y)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t kc_time_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void kc_time_civil_from_days(int64_t z, int64_t *year, int *month, int *day)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = yoe + era * 400 + (m <= 2);
}

/* ---- Go's quote() from the time package: bytes outside printable ASCII
 * become \xNN, '"' and '\\' get a backslash. ---- */
static void go_time_quote(kc_buf *b, const char *s, size_t len)
{
	kc_buf_addch(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || c < 0x20) {
			kc_buf_addf(b, "\\x%02x", c);
			continue;
		}
		if (c == '"' || c == '\\')
			kc_buf_addch(b, '\\');
		kc_buf_addch(b, (char)c);
	}
	kc_buf_addch(b, '"');
}

/* ---- RFC 3339 ---- */

static void put_year(char *buf, size_t size, int64_t y)
{
	if (y < 0)
		snprintf(buf, size, "-%04lld", (long long)-y);
	else
		snprintf(buf, size, "%04lld", (long long)y);
}

static size_t format_utc(char *buf, size_t size, int64_t sec)
{
	int64_t days = floor_div(sec, SECS_PER_DAY), rem = floor_mod(sec, SECS_PER_DAY);
	int64_t y;
	int m, d;
	char ybuf[24];

	kc_time_civil_from_days(days, &y, &m, &d);
	put_year(ybuf, sizeof(ybuf), y);
	int n = snprintf(buf, size, "%s-%02d-%02dT%02d:%02d:%02d", ybuf, m, d, (int)(rem / 3600),
	                 (int)(rem / 60 % 60), (int)(rem % 60));
	return n < 0 ? 0 : (size_t)n;
}

const char *kc_time_format_rfc3339(int64_t sec, char buf[KC_TIME_RFC3339_MAX])
{
	size_t n = format_utc(buf, KC_TIME_RFC3339_MAX, sec);
	snprintf(buf + n, KC_TIME_RFC3339_MAX - n, "Z");
	return buf;
}

const char *kc_time_format_rfc3339_micro(kc_time t, char buf[KC_TIME_RFC3339_MICRO_MAX])
{
	size_t n = format_utc(buf, KC_TIME_RFC3339_MICRO_MAX, t.sec);
	snprintf(buf + n, KC_TIME_RFC3339_MICRO_MAX - n, ".%06dZ", (int)(t.nsec / 1000));
	return buf;
}

#define RFC3339_LAYOUT       "2006-01-02T15:04:05Z07:00"
#define RFC3339_MICRO_LAYOUT "2006-01-02T15:04:05.000000Z07:00"

/* One piece of Go's layout: a literal prefix, then a field. */
enum { F_YEAR, F_MONTH, F_DAY, F_HOUR, F_MIN, F_SEC, F_FRAC6, F_TZ, F_END };
typedef struct layout_chunk {
	const char *prefix;
	int field;
	const char *std; /* the field as written in the layout */
} layout_chunk;

static const layout_chunk rfc3339_chunks[] = {
    {"", F_YEAR, "2006"}, {"-", F_MONTH, "01"}, {"-", F_DAY, "02"},   {"T", F_HOUR, "15"},
    {":", F_MIN, "04"},   {":", F_SEC, "05"},   {"", F_TZ, "Z07:00"}, {"", F_END, ""},
};
static const layout_chunk rfc3339_micro_chunks[] = {
    {"", F_YEAR, "2006"},     {"-", F_MONTH, "01"}, {"-", F_DAY, "02"},
    {"T", F_HOUR, "15"},      {":", F_MIN, "04"},   {":", F_SEC, "05"},
    {"", F_FRAC6, ".000000"}, {"", F_TZ, "Z07:00"}, {"", F_END, ""},
};

static bool digit_at(const char *v, size_t len, size_t i)
{
	return i < len && v[i] >= '0' && v[i] <= '9';
}

/* Go's getnum: one or two digits (exactly two when fixed). */
static bool getnum(const char **v, size_t *len, bool fixed, int *ret)
{
	if (!digit_at(*v, *len, 0))
		return false;
	if (!digit_at(*v, *len, 1)) {
		if (fixed)
			return false;
		*ret = (*v)[0] - '0';
		(*v)++;
		(*len)--;
		return true;
	}
	*ret = ((*v)[0] - '0') * 10 + ((*v)[1] - '0');
	*v += 2;
	*len -= 2;
	return true;
}

/* Go's parseNanoseconds for ".ddd" of nbytes bytes (first is the period).
 * Go reads the digits with its atoi, so a sign after the period passes
 * (".+12345"), and a negative value is a range error (*negative). */
static bool parse_nanos(const char *v, size_t nbytes, int32_t *ret, bool *negative)
{
	size_t i = 1;
	bool neg = false;

	if (v[0] != '.' && v[0] != ',')
		return false;
	if (nbytes > 10)
		nbytes = 10;
	if (i < nbytes && (v[i] == '+' || v[i] == '-'))
		neg = v[i++] == '-';
	int32_t ns = 0;
	for (; i < nbytes; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		ns = ns * 10 + (v[i] - '0');
	}
	for (size_t k = nbytes; k < 10; k++)
		ns *= 10;
	*negative = neg && ns != 0;
	*ret = neg ? -ns : ns;
	return true;
}

static int parse_error(kc_error *err, const char *layout, const char *value, const char *elem,
                       size_t elem_len, const char *std, const char *message)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "parsing time ");
	go_time_quote(&b, value, strlen(value));
	if (message) {
		kc_buf_addstr(&b, message);
		if (streq(message, ": extra text: "))
			go_time_quote(&b, elem, elem_len);
	} else {
		kc_buf_addstr(&b, " as ");
		go_time_quote(&b, layout, strlen(layout));
		kc_buf_addstr(&b, ": cannot parse ");
		go_time_quote(&b, elem, elem_len);
		kc_buf_addstr(&b, " as ");
		go_time_quote(&b, std, strlen(std));
	}
	return kc_error_set(err, -EINVAL, "%s", kc_buf_str(&b));
}

/* Go's time.parse() restricted to the two RFC 3339 layouts kc needs. */
static int parse_layout(const char *s, const layout_chunk *chunks, const char *layout, kc_time *ret,
                        kc_error *err)
{
	const char *v = s;
	size_t len = strlen(s);
	int64_t year = 0;
	int month = 1, day = 1, hour = 0, min = 0, sec = 0;
	int32_t nsec = 0, zone_offset = 0;
	char msg[64];

	for (const layout_chunk *c = chunks;; c++) {
		for (const char *p = c->prefix; *p; p++) {
			if (len == 0 || *v != *p)
				return parse_error(err, layout, s, v, len, c->prefix, NULL);
			v++;
			len--;
		}
		if (c->field == F_END) {
			if (len != 0)
				return parse_error(err, layout, s, v, len, NULL, ": extra text: ");
			break;
		}
		bool ok = true;
		const char *range = NULL;
		switch (c->field) {
		case F_YEAR:
			if (len < 4 || !digit_at(v, len, 0)) {
				ok = false;
				break;
			}
			year = 0;
			for (int i = 0; i < 4; i++)
				if (!digit_at(v, 4, (size_t)i))
					ok = false;
				else
					year = year * 10 + (v[i] - '0');
			v += 4;
			len -= 4;
			break;
		case F_MONTH:
			ok = getnum(&v, &len, true, &month);
			if (ok && (month < 1 || month > 12))
				range = "month";
			break;
		case F_DAY:
			ok = getnum(&v, &len, true, &day);
			break;
		case F_HOUR:
			ok = getnum(&v, &len, false, &hour);
			if (hour >= 24)
				range = "hour";
			break;
		case F_MIN:
			ok = getnum(&v, &len, true, &min);
			if (min >= 60)
				range = "minute";
			break;
		case F_SEC:
			ok = getnum(&v, &len, true, &sec);
			if (sec >= 60) {
				range = "second";
				break;
			}
			/* A fraction the layout does not mention is still read. */
			if (c[1].field != F_FRAC6 && len >= 2 && (v[0] == '.' || v[0] == ',') &&
			    digit_at(v, len, 1)) {
				size_t n = 2;
				while (digit_at(v, len, n))
					n++;
				bool neg;
				parse_nanos(v, n, &nsec, &neg);
				v += n;
				len -= n;
			}
			break;
		case F_FRAC6:
			if (len < 7) {
				ok = false;
				break;
			}
			bool neg = false;
			ok = parse_nanos(v, 7, &nsec, &neg);
			v += 7;
			len -= 7;
			if (neg)
				range = "fractional second";
			break;
		case F_TZ: {
			if (len >= 1 && v[0] == 'Z') {
				v++;
				len--;
				zone_offset = 0;
				break;
			}
			if (len < 6 || v[3] != ':') {
				ok = false;
				break;
			}
			const char *hh = v + 1, *mm = v + 4;
			size_t hl = 2, ml = 2;
			int h = 0, m = 0;
			char sign = v[0];
			v += 6;
			len -= 6;
			ok = getnum(&hh, &hl, true, &h) && getnum(&mm, &ml, true, &m);
			if (h > 24)
				range = "time zone offset hour";
			if (m > 60)
				range = "time zone offset minute";
			zone_offset = (h * 60 + m) * 60;
			if (sign == '-')
				zone_offset = -zone_offset;
			else if (sign != '+')
				ok = false;
			break;
		}
		}
		if (range) {
			snprintf(msg, sizeof(msg), ": %s out of range", range);
			return parse_error(err, layout, s, v, len, c->std, msg);
		}
		if (!ok)
			return parse_error(err, layout, s, v, len, c->std, NULL);
	}
	if (day < 1 || day > days_in_month(month, year))
		return parse_error(err, layout, s, v, len, NULL, ": day out of range");
	ret->sec = kc_time_days_from_civil(year, month, day) * SECS_PER_DAY + hour * 3600 + min * 60 + sec -
	           zone_offset;
	ret->nsec = nsec;
	return 0;
}

int kc_time_parse_rfc3339(const char *s, kc_time *ret, kc_error *err)
{
	return parse_layout(s, rfc3339_chunks, RFC3339_LAYOUT, ret, err);
}

int kc_time_parse_rfc3339_micro(const char *s, kc_time *ret, kc_error *err)
{
	return parse_layout(s, rfc3339_micro_chunks, RFC3339_MICRO_LAYOUT, ret, err);
}

/* ---- clocks ---- */

kc_time kc_time_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (kc_time){ts.tv_sec, (int32_t)ts.tv_nsec};
}

int64_t kc_time_now_sec(void)
{
	return kc_time_now().sec;
}

int64_t kc_time_now_usec(void)
{
	kc_time t = kc_time_now();
	return t.sec * 1000000 + t.nsec / 1000;
}

int64_t kc_time_monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- durations (Go's time.ParseDuration and Duration.String) ---- */

static int duration_error(kc_error *err, const char *what, const char *unit, size_t unit_len,
                          const char *orig)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "time: ");
	kc_buf_addstr(&b, what);
	if (unit) {
		go_time_quote(&b, unit, unit_len);
		kc_buf_addstr(&b, " in duration ");
	}
	go_time_quote(&b, orig, strlen(orig));
	return kc_error_set(err, -EINVAL, "%s", kc_buf_str(&b));
}

#define DUR_INVALID(err, orig) duration_error(err, "invalid duration ", NULL, 0, orig)

int kc_duration_parse(const char *orig, int64_t *ret_ns, kc_error *err)
{
	static const struct {
		const char *name;
		uint64_t ns;
	} units[] = {
	    {"ns", 1},
	    {"us", 1000},
	    {"\xc2\xb5s", 1000}, /* U+00B5 micro sign */
	    {"\xce\xbcs", 1000},
	    /* U+03BC Greek mu */ {"ms", 1000000},
	    {"s", 1000000000ULL},
	    {"m", 60000000000ULL},
	    {"h", 3600000000000ULL},
	};
	const uint64_t lim = UINT64_C(1) << 63;
	const char *s = orig;
	uint64_t d = 0;
	bool neg = false;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (streq(s, "0")) {
		*ret_ns = 0;
		return 0;
	}
	if (*s == '\0')
		return DUR_INVALID(err, orig);
	while (*s) {
		uint64_t v = 0, f = 0;
		double scale = 1;
		bool pre = false, post = false;

		if (!(*s == '.' || (*s >= '0' && *s <= '9')))
			return DUR_INVALID(err, orig);
		for (; *s >= '0' && *s <= '9'; s++) {
			pre = true;
			if (v > lim / 10)
				return DUR_INVALID(err, orig);
			v = v * 10 + (uint64_t)(*s - '0');
			if (v > lim)
				return DUR_INVALID(err, orig);
		}
		if (*s == '.') {
			bool overflow = false;
			for (s++; *s >= '0' && *s <= '9'; s++) {
				post = true;
				if (overflow)
					continue;
				if (f > (lim - 1) / 10) {
					overflow = true;
					continue;
				}
				uint64_t y = f * 10 + (uint64_t)(*s - '0');
				if (y > lim) {
					overflow = true;
					continue;
				}
				f = y;
				scale *= 10;
			}
		}
		if (!pre && !post)
			return DUR_INVALID(err, orig);
		const char *u = s;
		while (*s && *s != '.' && !(*s >= '0' && *s <= '9'))
			s++;
		size_t ulen = (size_t)(s - u);
		if (ulen == 0)
			return duration_error(err, "missing unit in duration ", NULL, 0, orig);
		uint64_t unit = 0;
		for (size_t i = 0; i < KC_ARRAY_SIZE(units); i++)
			if (strlen(units[i].name) == ulen && memcmp(units[i].name, u, ulen) == 0)
				unit = units[i].ns;
		if (unit == 0)
			return duration_error(err, "unknown unit ", u, ulen, orig);
		if (v > lim / unit)
			return DUR_INVALID(err, orig);
		v *= unit;
		if (f > 0) {
			/* float64 as Go does, to be nanosecond accurate for hours */
			v += (uint64_t)((double)f * ((double)unit / scale));
			if (v > lim)
				return DUR_INVALID(err, orig);
		}
		d += v;
		if (d > lim)
			return DUR_INVALID(err, orig);
	}
	if (neg) {
		*ret_ns = (int64_t)(0 - d);
		return 0;
	}
	if (d > lim - 1)
		return DUR_INVALID(err, orig);
	*ret_ns = (int64_t)d;
	return 0;
}

/* Go's fmtFrac: writes v % 10^prec as ".ddd" without trailing zeros (nothing
 * when zero) before position w of buf; returns the new start. */
static size_t fmt_frac(char *buf, size_t w, uint64_t *v, int prec)
{
	bool print = false;
	for (int i = 0; i < prec; i++) {
		unsigned digit = (unsigned)(*v % 10);
		print = print || digit != 0;
		if (print)
			buf[--w] = (char)('0' + digit);
		*v /= 10;
	}
	if (print)
		buf[--w] = '.';
	return w;
}

static size_t fmt_int(char *buf, size_t w, uint64_t v)
{
	do {
		buf[--w] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return w;
}

const char *kc_duration_format(int64_t ns, char out[KC_DURATION_STR_MAX])
{
	char buf[32];
	size_t w = sizeof(buf);
	uint64_t u = (uint64_t)ns;
	bool neg = ns < 0;

	if (neg)
		u = 0 - u;
	if (u < 1000000000u) {
		int prec;
		buf[--w] = 's';
		if (u == 0) {
			snprintf(out, KC_DURATION_STR_MAX, "0s");
			return out;
		} else if (u < 1000) {
			prec = 0;
			buf[--w] = 'n';
		} else if (u < 1000000) {
			prec = 3;
			buf[--w] = '\xb5'; /* U+00B5, as Go prints it */
			buf[--w] = '\xc2';
		} else {
			prec = 6;
			buf[--w] = 'm';
		}
		w = fmt_frac(buf, w, &u, prec);
		w = fmt_int(buf, w, u);
	} else {
		buf[--w] = 's';
		w = fmt_frac(buf, w, &u, 9);
		w = fmt_int(buf, w, u % 60);
		u /= 60;
		if (u > 0) {
			buf[--w] = 'm';
			w = fmt_int(buf, w, u % 60);
			u /= 60;
			if (u > 0) {
				buf[--w] = 'h';
				w = fmt_int(buf, w, u);
			}
		}
	}
	if (neg)
		buf[--w] = '-';
	snprintf(out, KC_DURATION_STR_MAX, "%.*s", (int)(sizeof(buf) - w), buf + w);
	return out;
}

/* Go's Duration.Seconds()/Minutes()/Hours() truncated by int(): the float
 * arithmetic is reproduced because it decides the result near boundaries. */
static int64_t go_float_units(int64_t d, int64_t unit)
{
	int64_t whole = d / unit, rest = d % unit;
	return (int64_t)((double)whole + (double)rest / (double)unit);
}

const char *kc_duration_short_human(int64_t d, char buf[KC_DURATION_STR_MAX])
{
	int64_t seconds = go_float_units(d, KC_DURATION_SEC), minutes, hours;

	if (seconds < -1)
		snprintf(buf, KC_DURATION_STR_MAX, "<invalid>");
	else if (seconds < 0)
		snprintf(buf, KC_DURATION_STR_MAX, "0s");
	else if (seconds < 60)
		snprintf(buf, KC_DURATION_STR_MAX, "%llds", (long long)seconds);
	else if ((minutes = go_float_units(d, KC_DURATION_MIN)) < 60)
		snprintf(buf, KC_DURATION_STR_MAX, "%lldm", (long long)minutes);
	else if ((hours = go_float_units(d, KC_DURATION_HOUR)) < 24)
		snprintf(buf, KC_DURATION_STR_MAX, "%lldh", (long long)hours);
	else if (hours < 24 * 365)
		snprintf(buf, KC_DURATION_STR_MAX, "%lldd", (long long)(hours / 24));
	else {
		double h = (double)(d / KC_DURATION_HOUR) + (double)(d % KC_DURATION_HOUR) / 3.6e12;
		snprintf(buf, KC_DURATION_STR_MAX, "%lldy", (long long)(h / 24 / 365));
	}
	return buf;
}

const char *kc_duration_human(int64_t d, char buf[KC_DURATION_STR_MAX])
{
	const size_t n = KC_DURATION_STR_MAX;
	int64_t seconds = go_float_units(d, KC_DURATION_SEC);

	if (seconds < -1) {
		snprintf(buf, n, "<invalid>");
		return buf;
	}
	if (seconds < 0) {
		snprintf(buf, n, "0s");
		return buf;
	}
	if (seconds < 60 * 2) {
		snprintf(buf, n, "%llds", (long long)seconds);
		return buf;
	}
	long long minutes = d / KC_DURATION_MIN;
	if (minutes < 10) {
		long long s = d / KC_DURATION_SEC % 60;
		if (s == 0)
			snprintf(buf, n, "%lldm", minutes);
		else
			snprintf(buf, n, "%lldm%llds", minutes, s);
		return buf;
	}
	if (minutes < 60 * 3) {
		snprintf(buf, n, "%lldm", minutes);
		return buf;
	}
	long long hours = d / KC_DURATION_HOUR;
	if (hours < 8) {
		long long m = d / KC_DURATION_MIN % 60;
		if (m == 0)
			snprintf(buf, n, "%lldh", hours);
		else
			snprintf(buf, n, "%lldh%lldm", hours, m);
	} else if (hours < 48) {
		snprintf(buf, n, "%lldh", hours);
	} else if (hours < 24 * 8) {
		long long h = hours % 24;
		if (h == 0)
			snprintf(buf, n, "%lldd", hours / 24);
		else
			snprintf(buf, n, "%lldd%lldh", hours / 24, h);
	} else if (hours < 24 * 365 * 2) {
		snprintf(buf, n, "%lldd", hours / 24);
	} else if (hours < 24 * 365 * 8) {
		long long dy = hours / 24 % 365;
		if (dy == 0)
			snprintf(buf, n, "%lldy", hours / 24 / 365);
		else
			snprintf(buf, n, "%lldy%lldd", hours / 24 / 365, dy);
	} else {
		snprintf(buf, n, "%lldy", hours / 24 / 365);
	}
	return buf;
}

/* ---- time zones ---- */

typedef struct tz_type {
	int32_t offset;
	bool is_dst;
	const char *abbr; /* into kc_time_zone.abbrs */
} tz_type;

typedef struct tz_trans {
	int64_t when;
	uint8_t index;
} tz_trans;

/* A POSIX TZ rule ("M3.2.0/2", "J60", "59"), as Go's tzset reads them. */
enum { RULE_JULIAN, RULE_DOY, RULE_MONTH_WEEK_DAY };
typedef struct tz_rule {
	int kind, day, week, mon;
	int time; /* seconds after local midnight */
} tz_rule;

/* The footer string, parsed once at load (Go parses it on every lookup;
 * the result is the same). */
typedef struct tz_extend {
	bool ok, has_dst;
	char *std_name, *dst_name;
	int std_offset, dst_offset; /* east of UTC */
	tz_rule start, end;
} tz_extend;

struct kc_time_zone {
	char *name;
	tz_type *types;
	size_t ntypes;
	tz_trans *tx;
	size_t ntx;
	char *abbrs; /* NUL-terminated abbreviations */
	tz_extend ext;
	size_t first_type; /* Go's lookupFirstZone() */
};

void kc_time_zone_free(kc_time_zone *z)
{
	if (!z)
		return;
	free(z->name);
	free(z->types);
	free(z->tx);
	free(z->abbrs);
	free(z->ext.std_name);
	free(z->ext.dst_name);
	free(z);
}

const char *kc_time_zone_name(const kc_time_zone *z)
{
	return z ? z->name : "UTC";
}

/* Go's tzsetName: "<...>" or at least three characters up to a digit, ',',
 * '-' or '+'. */
static bool tzset_name(const char **s, char **ret)
{
	const char *p = *s;
	if (*p == '\0')
		return false;
	if (*p == '<') {
		const char *q = strchr(p, '>');
		if (!q)
			return false;
		*ret = xstrndup(p + 1, (size_t)(q - p - 1));
		*s = q + 1;
		return true;
	}
	size_t n = strcspn(p, "0123456789,-+");
	if (n < 3)
		return false;
	*ret = xstrndup(p, n);
	*s = p + n;
	return true;
}

static bool tzset_num(const char **s, int min, int max, int *ret)
{
	const char *p = *s;
	int num = 0;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		num = num * 10 + (*p - '0');
		if (num > max)
			return false;
	}
	if (num < min)
		return false;
	*s = p;
	*ret = num;
	return true;
}

/* Go's tzsetOffset: [+-]hh[:mm[:ss]] with hours up to 24*7. */
static bool tzset_offset(const char **s, int *ret)
{
	const char *p = *s;
	bool neg = false;
	int h, m = 0, sec = 0;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!tzset_num(&p, 0, 24 * 7, &h))
		return false;
	if (*p == ':') {
		p++;
		if (!tzset_num(&p, 0, 59, &m))
			return false;
		if (*p == ':') {
			p++;
			if (!tzset_num(&p, 0, 59, &sec))
				return false;
		}
	}
	int off = h * 3600 + m * 60 + sec;
	*ret = neg ? -off : off;
	*s = p;
	return true;
}

static bool tzset_rule(const char **s, tz_rule *r)
{
	const char *p = *s;
	*r = (tz_rule){0};
	if (*p == 'J') {
		p++;
		r->kind = RULE_JULIAN;
		if (!tzset_num(&p, 1, 365, &r->day))
			return false;
	} else if (*p == 'M') {
		p++;
		r->kind = RULE_MONTH_WEEK_DAY;
		if (!tzset_num(&p, 1, 12, &r->mon) || *p++ != '.' || !tzset_num(&p, 1, 5, &r->week) ||
		    *p++ != '.' || !tzset_num(&p, 0, 6, &r->day))
			return false;
	} else {
		r->kind = RULE_DOY;
		if (!tzset_num(&p, 0, 365, &r->day))
			return false;
	}
	r->time = 2 * 3600;
	if (*p == '/') {
		p++;
		if (!tzset_offset(&p, &r->time))
			return false;
	}
	*s = p;
	return true;
}

static void parse_extend(const char *s, tz_extend *e)
{
	*e = (tz_extend){0};
	if (!tzset_name(&s, &e->std_name) || !tzset_offset(&s, &e->std_offset))
		goto fail;
	e->std_offset = -e->std_offset; /* POSIX offsets are west of UTC */
	if (*s == '\0' || *s == ',') {
		e->ok = true;
		return;
	}
	if (!tzset_name(&s, &e->dst_name))
		goto fail;
	if (*s == '\0' || *s == ',') {
		e->dst_offset = e->std_offset + 3600;
	} else {
		if (!tzset_offset(&s, &e->dst_offset))
			goto fail;
		e->dst_offset = -e->dst_offset;
	}
	if (*s == '\0')
		s = ",M3.2.0,M11.1.0"; /* tzcode's default rules */
	if (*s != ',' && *s != ';')
		goto fail;
	s++;
	if (!tzset_rule(&s, &e->start) || *s++ != ',' || !tzset_rule(&s, &e->end) || *s != '\0')
		goto fail;
	e->ok = e->has_dst = true;
	return;
fail:
	free(e->std_name);
	free(e->dst_name);
	*e = (tz_extend){0};
}

/* Go's tzruleTime: seconds after the start of the year (UTC) at which rule
 * r fires in a zone at offset off. */
static int64_t tzrule_time(int64_t year, const tz_rule *r, int off)
{
	static const int days_before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	int64_t s = 0;
	switch (r->kind) {
	case RULE_JULIAN:
		s = (int64_t)(r->day - 1) * SECS_PER_DAY;
		if (is_leap(year) && r->day >= 60)
			s += SECS_PER_DAY;
		break;
	case RULE_DOY:
		s = (int64_t)r->day * SECS_PER_DAY;
		break;
	case RULE_MONTH_WEEK_DAY: {
		/* Zeller's congruence: weekday of the first of the month. */
		int64_t m1 = (r->mon + 9) % 12 + 1, yy0 = year;
		if (r->mon <= 2)
			yy0--;
		int64_t yy1 = yy0 / 100, yy2 = yy0 % 100;
		int64_t dow = ((26 * m1 - 2) / 10 + 1 + yy2 + yy2 / 4 + yy1 / 4 - 2 * yy1) % 7;
		if (dow < 0)
			dow += 7;
		int64_t d = r->day - dow;
		if (d < 0)
			d += 7;
		for (int i = 1; i < r->week; i++) {
			if (d + 7 >= days_in_month(r->mon, year))
				break;
			d += 7;
		}
		d += days_before[r->mon - 1];
		if (is_leap(year) && r->mon > 2)
			d++;
		s = d * SECS_PER_DAY;
		break;
	}
	}
	return s + r->time - off;
}

/* Go's tzset() on the pre-parsed footer. */
static void tzset_lookup(const tz_extend *e, int64_t last_tx, int64_t sec, kc_zone_info *ret)
{
	if (!e->has_dst) {
		*ret = (kc_zone_info){e->std_offset, false, e->std_name, last_tx, OMEGA};
		return;
	}
	int64_t days = floor_div(sec, SECS_PER_DAY), year;
	int m, d;
	kc_time_civil_from_days(days, &year, &m, &d);
	int64_t year_start = kc_time_days_from_civil(year, 1, 1) * SECS_PER_DAY;
	int64_t yday = days - kc_time_days_from_civil(year, 1, 1);
	int64_t ysec = yday * SECS_PER_DAY + sec % SECS_PER_DAY; /* Go's truncating % */
	int64_t start = tzrule_time(year, &e->start, e->std_offset);
	int64_t end = tzrule_time(year, &e->end, e->dst_offset);
	const char *std_name = e->std_name, *dst_name = e->dst_name;
	int std_off = e->std_offset, dst_off = e->dst_offset;
	bool std_dst = false, dst_dst = true;
	if (end < start) { /* southern hemisphere: swap the roles */
		int64_t t = start;
		start = end;
		end = t;
		std_name = e->dst_name;
		dst_name = e->std_name;
		std_off = e->dst_offset;
		dst_off = e->std_offset;
		std_dst = true;
		dst_dst = false;
	}
	if (ysec < start)
		*ret = (kc_zone_info){std_off, std_dst, std_name, year_start, start + year_start};
	else if (ysec >= end)
		*ret = (kc_zone_info){std_off, std_dst, std_name, end + year_start,
		                      year_start + 365 * SECS_PER_DAY};
	else
		*ret = (kc_zone_info){dst_off, dst_dst, dst_name, start + year_start, end + year_start};
}

void kc_time_zone_lookup(const kc_time_zone *z, int64_t sec, kc_zone_info *ret)
{
	if (!z || z->ntypes == 0) {
		*ret = (kc_zone_info){0, false, "UTC", ALPHA, OMEGA};
		return;
	}
	if (z->ntx == 0 || sec < z->tx[0].when) {
		const tz_type *t = &z->types[z->first_type];
		*ret = (kc_zone_info){t->offset, t->is_dst, t->abbr, ALPHA, z->ntx ? z->tx[0].when : OMEGA};
		return;
	}
	/* The last transition at or before sec. */
	size_t lo = 0, hi = z->ntx;
	int64_t end = OMEGA;
	while (hi - lo > 1) {
		size_t m = lo + (hi - lo) / 2;
		if (sec < z->tx[m].when) {
			end = z->tx[m].when;
			hi = m;
		} else {
			lo = m;
		}
	}
	const tz_type *t = &z->types[z->tx[lo].index];
	*ret = (kc_zone_info){t->offset, t->is_dst, t->abbr, z->tx[lo].when, end};
	if (lo == z->ntx - 1 && z->ext.ok)
		tzset_lookup(&z->ext, z->tx[lo].when, sec, ret);
}

int32_t kc_time_zone_offset(const kc_time_zone *z, int64_t sec)
{
	kc_zone_info info;
	kc_time_zone_lookup(z, sec, &info);
	return info.offset;
}

void kc_time_to_civil(const kc_time_zone *z, int64_t sec, kc_civil *ret)
{
	int32_t off = kc_time_zone_offset(z, sec);
	int64_t local = sec + off;
	int64_t days = floor_div(local, SECS_PER_DAY), rem = floor_mod(local, SECS_PER_DAY);

	kc_time_civil_from_days(days, &ret->year, &ret->month, &ret->day);
	ret->hour = (int)(rem / 3600);
	ret->min = (int)(rem / 60 % 60);
	ret->sec = (int)(rem % 60);
	ret->wday = (int)floor_mod(days + 4, 7); /* 1970-01-01 was a Thursday */
	ret->yday = (int)(days - kc_time_days_from_civil(ret->year, 1, 1)) + 1;
	ret->offset = off;
}

int64_t kc_time_from_civil(const kc_time_zone *z, int64_t year, int64_t month, int64_t day, int64_t hour,
                           int64_t min, int64_t sec)
{
	/* Normalize as Go's Date: overflow carries into the next larger unit. */
	int64_t m = month - 1;
	year += floor_div(m, 12);
	m = floor_mod(m, 12);
	min += floor_div(sec, 60);
	sec = floor_mod(sec, 60);
	hour += floor_div(min, 60);
	min = floor_mod(min, 60);
	day += floor_div(hour, 24);
	hour = floor_mod(hour, 24);

	int64_t days = kc_time_days_from_civil(year, (int)m + 1, 1) + day - 1;
	int64_t unix = days * SECS_PER_DAY + hour * 3600 + min * 60 + sec;

	/* Go looks up the offset in force at the local time read as UTC and,
	 * unless that offset is zero, corrects it once if the result falls
	 * outside the period the offset belongs to. This decides what a
	 * skipped or repeated local time means, so it is kept as is. */
	kc_zone_info info;
	kc_time_zone_lookup(z, unix, &info);
	if (info.offset != 0) {
		int64_t utc = unix - info.offset;
		int32_t off = info.offset;
		if (utc < info.start || utc >= info.end)
			off = kc_time_zone_offset(z, utc);
		unix -= off;
	}
	return unix;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

#define TZ_BAD "malformed time zone information"

/* Reads a TZif file as Go's LoadLocationFromTZData does (the 64-bit data of
 * version 2+ files, and the footer). */
int kc_time_zone_from_tzif(const char *name, const void *data, size_t len, kc_time_zone **ret, kc_error *err)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t n[6]; /* isutcnt isstdcnt leapcnt timecnt typecnt charcnt */
	int version;

	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return kc_error_set(err, -EINVAL, TZ_BAD);
	switch (p[4]) {
	case 0:
		version = 1;
		break;
	case '2':
	case '3':
	case '4':
		version = 2;
		break;
	default:
		return kc_error_set(err, -EINVAL, TZ_BAD);
	}
	for (int i = 0; i < 6; i++)
		n[i] = be32(p + 20 + 4 * i);
	p += 44;
	size_t tsize = 4;
	if (version > 1) {
		/* Skip the 32-bit data; the second header's counts follow. */
		uint64_t skip = n[3] * 4 + n[3] + n[4] * 6 + n[5] + n[2] * 8 + n[1] + n[0];
		if (skip > (uint64_t)(end - p) || (uint64_t)(end - p) - skip < 44)
			return kc_error_set(err, -EINVAL, TZ_BAD);
		p += skip;
		for (int i = 0; i < 6; i++)
			n[i] = be32(p + 20 + 4 * i);
		p += 44;
		tsize = 8;
	}
	uint64_t need = n[3] * tsize + n[3] + n[4] * 6 + n[5] + n[2] * (tsize + 4) + n[1] + n[0];
	if (need > (uint64_t)(end - p) || n[4] == 0)
		return kc_error_set(err, -EINVAL, TZ_BAD);
	const unsigned char *times = p, *idx = times + n[3] * tsize, *types = idx + n[3];
	const unsigned char *chars = types + n[4] * 6, *rest = p + need;

	kc_time_zone *z = xcalloc(1, sizeof(*z));
	z->name = xstrdup(name);
	z->abbrs = xmalloc(n[5] + 1);
	memcpy(z->abbrs, chars, n[5]);
	z->abbrs[n[5]] = '\0';
	z->ntypes = n[4];
	z->types = xcalloc(z->ntypes, sizeof(*z->types));
	for (size_t i = 0; i < z->ntypes; i++) {
		const unsigned char *t = types + 6 * i;
		if (t[5] >= n[5]) {
			kc_time_zone_free(z);
			return kc_error_set(err, -EINVAL, TZ_BAD);
		}
		z->types[i] = (tz_type){(int32_t)be32(t), t[4] != 0, z->abbrs + t[5]};
	}
	z->ntx = n[3] ? n[3] : 1;
	z->tx = xcalloc(z->ntx, sizeof(*z->tx));
	if (n[3] == 0)
		z->tx[0] = (tz_trans){ALPHA, 0}; /* fixed zones: one type for all time */
	for (size_t i = 0; i < n[3]; i++) {
		if (idx[i] >= z->ntypes) {
			kc_time_zone_free(z);
			return kc_error_set(err, -EINVAL, TZ_BAD);
		}
		int64_t when = tsize == 8 ? be64(times + 8 * i) : (int32_t)be32(times + 4 * i);
		z->tx[i] = (tz_trans){when, idx[i]};
	}
	size_t rest_len = (size_t)(end - rest);
	if (rest_len > 2 && rest[0] == '\n' && rest[rest_len - 1] == '\n' &&
	    !memchr(rest + 1, '\0', rest_len - 2)) {
		char *ext = xstrndup((const char *)rest + 1, rest_len - 2);
		parse_extend(ext, &z->ext);
		free(ext);
	}

	/* Go's lookupFirstZone: the type for times before the first
	 * transition. */
	bool first_used = false;
	for (size_t i = 0; i < n[3]; i++)
		first_used |= z->tx[i].index == 0;
	if (n[3] == 0)
		first_used = true; /* the fake transition uses type 0 */
	z->first_type = 0;
	if (first_used) {
		bool found = false;
		if (z->types[z->tx[0].index].is_dst) {
			for (size_t zi = z->tx[0].index; zi-- > 0;)
				if (!z->types[zi].is_dst) {
					z->first_type = zi;
					found = true;
					break;
				}
		}
		for (size_t zi = 0; !found && zi < z->ntypes; zi++)
			if (!z->types[zi].is_dst) {
				z->first_type = zi;
				found = true;
			}
	}
	*ret = z;
	return 0;
}

static kc_time_zone *zone_utc(const char *name)
{
	kc_time_zone *z = xcalloc(1, sizeof(*z));
	z->name = xstrdup(name);
	return z;
}

/* Reads name below dir; 0, -ENOENT (not there), or another error. */
static int load_from_dir(const char *dir, const char *name, kc_time_zone **ret, kc_error *err)
{
	_cleanup_free_ char *path = dir[0] ? xasprintf("%s/%s", dir, name) : xstrdup(name);
	_cleanup_free_ char *data = NULL;
	size_t len;
	int r = kc_read_file(path, 1 << 20, &data, &len);
	if (r == -ENOENT || r == -ENOTDIR || r == -EISDIR)
		return -ENOENT;
	if (r < 0)
		return kc_error_set(err, r, "reading %s: %s", path, strerror(-r));
	return kc_time_zone_from_tzif(name, data, len, ret, err);
}

static int load_location(const char *name, const char *const *dirs, kc_time_zone **ret, kc_error *err)
{
	kc_error first = KC_ERROR_INIT;
	for (size_t i = 0; dirs[i]; i++) {
		kc_error e = KC_ERROR_INIT;
		int r = load_from_dir(dirs[i], name, ret, &e);
		if (r == 0)
			return 0;
		if (r != -ENOENT && first.code == 0)
			first = e;
	}
	if (first.code != 0)
		return kc_error_set(err, first.code, "%s", first.msg);
	return kc_error_set(err, -ENOENT, "unknown time zone %s", name);
}

static const char *const platform_dirs[] = {"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo",
                                            "/usr/lib/locale/TZ", NULL};

int kc_time_zone_load(const char *name, kc_time_zone **ret, kc_error *err)
{
	if (name[0] == '\0' || streq(name, "UTC")) {
		*ret = zone_utc("UTC");
		return 0;
	}
	if (streq(name, "Local"))
		return kc_time_zone_load_local(ret, err);
	if (strstr(name, "..") || name[0] == '/' || name[0] == '\\')
		return kc_error_set(err, -EINVAL, "time: invalid location name");
	const char *zoneinfo = getenv("ZONEINFO");
	if (zoneinfo && zoneinfo[0]) {
		kc_error e = KC_ERROR_INIT;
		int r = load_from_dir(zoneinfo, name, ret, &e);
		if (r == 0)
			return 0;
		if (r != -ENOENT) {
			if (load_location(name, platform_dirs, ret, NULL) == 0)
				return 0;
			return kc_error_set(err, e.code, "%s", e.msg);
		}
	}
	return load_location(name, platform_dirs, ret, err);
}

int kc_time_zone_load_local(kc_time_zone **ret, kc_error *err)
{
	static const char *const etc[] = {"/etc", NULL};
	static const char *const root[] = {"", NULL};
	const char *tz = getenv("TZ");
	kc_time_zone *z = NULL;

	(void)err; /* like Go, fall back to UTC rather than fail */
	if (!tz) {
		if (load_location("localtime", etc, &z, NULL) == 0)
			goto named;
	} else if (tz[0]) {
		if (tz[0] == ':')
			tz++;
		if (tz[0] == '/') {
			if (load_location(tz, root, &z, NULL) == 0)
				goto named;
		} else if (tz[0] && !streq(tz, "UTC")) {
			if (load_location(tz, platform_dirs, &z, NULL) == 0)
				goto named;
		}
	}
	*ret = zone_utc("UTC");
	return 0;
named:
	free(z->name);
	z->name = xstrdup("Local");
	*ret = z;
	return 0;
}
