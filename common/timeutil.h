/* timeutil.h - times, durations and time zones as Kubernetes (Go) has them.
 *
 *  - RFC 3339 text as metav1.Time ("2006-01-02T15:04:05Z", second precision)
 *    and metav1.MicroTime ("2006-01-02T15:04:05.000000Z") marshal it, and
 *    parsing as Go's time.Parse reads those layouts (offsets, fractional
 *    seconds; Go's error messages, which quote the text from the point where
 *    parsing failed);
 *  - clocks: realtime seconds/microseconds, monotonic milliseconds;
 *  - Go durations (int64 nanoseconds): time.ParseDuration and
 *    Duration.String(), and apimachinery's HumanDuration/ShortHumanDuration
 *    used by `kubectl get` AGE columns;
 *  - IANA time zones read from the system tz database (TZif files with the
 *    POSIX TZ footer for times past the table), with Go's semantics for local
 *    time lookups and for time.Date normalization (which cron relies on).
 *    Nothing here touches the process-wide TZ/tzset state.
 *
 * Times are Unix seconds (int64_t), with nanoseconds beside them where they
 * matter (kc_time). The calendar is the proleptic Gregorian one, as Go's. */
#ifndef KC_TIMEUTIL_H
#define KC_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct kc_time {
	int64_t sec;  /* seconds since 1970-01-01T00:00:00Z */
	int32_t nsec; /* 0..999999999 */
} kc_time;

/* Go's zero time.Time (0001-01-01T00:00:00Z) as Unix seconds. */
#define KC_TIME_GO_ZERO INT64_C(-62135596800)

/* ---- RFC 3339 ---- */

/* Buffer sizes for the formatters, NUL included (wide enough for any year). */
#define KC_TIME_RFC3339_MAX       40
#define KC_TIME_RFC3339_MICRO_MAX 48

/* sec as metav1.Time marshals it: UTC, second precision, "...Z". Years past
 * 9999 or before 0 print as Go prints them. Returns buf. */
const char *kc_time_format_rfc3339(int64_t sec, char buf[KC_TIME_RFC3339_MAX]);
/* t as metav1.MicroTime marshals it: "2006-01-02T15:04:05.000000Z" (the
 * nanoseconds truncated to microseconds). Returns buf. */
const char *kc_time_format_rfc3339_micro(kc_time t, char buf[KC_TIME_RFC3339_MICRO_MAX]);

/* Parses s as Go's time.Parse(time.RFC3339, s), which metav1.Time uses:
 * "2006-01-02T15:04:05Z" or with an offset "+09:00", optional fractional
 * seconds ("." or "," then any number of digits; digits past nanoseconds are
 * dropped). Errors are -EINVAL with Go's message, e.g.
 *   parsing time "2024-13-01T00:00:00Z": month out of range
 *   parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"
 * where the quoted remainder shows the position. */
int kc_time_parse_rfc3339(const char *s, kc_time *ret, kc_error *err);
/* Same for metav1.MicroTime's layout, which requires exactly six fractional
 * digits ("2006-01-02T15:04:05.000000Z07:00"). */
int kc_time_parse_rfc3339_micro(const char *s, kc_time *ret, kc_error *err);

/* ---- clocks ---- */
kc_time kc_time_now(void);          /* CLOCK_REALTIME */
int64_t kc_time_now_sec(void);      /* realtime, whole seconds */
int64_t kc_time_now_usec(void);     /* realtime, microseconds */
int64_t kc_time_monotonic_ms(void); /* CLOCK_MONOTONIC, milliseconds */

/* ---- durations (Go time.Duration: int64 nanoseconds) ---- */
#define KC_DURATION_NS   INT64_C(1)
#define KC_DURATION_US   INT64_C(1000)
#define KC_DURATION_MS   INT64_C(1000000)
#define KC_DURATION_SEC  INT64_C(1000000000)
#define KC_DURATION_MIN  (60 * KC_DURATION_SEC)
#define KC_DURATION_HOUR (60 * KC_DURATION_MIN)

/* Enough for any Duration.String() / HumanDuration text, NUL included. */
#define KC_DURATION_STR_MAX 40

/* Go's time.ParseDuration: "300ms", "-1.5h", "2h45m", units ns us µs μs ms s m
 * h. Errors are -EINVAL with Go's wording:
 *   time: invalid duration "x"
 *   time: unknown unit "d" in duration "1d"
 *   time: missing unit in duration "1" */
int kc_duration_parse(const char *s, int64_t *ret_ns, kc_error *err);
/* Go's Duration.String(): "1h2m3s", "1h0m0s", "500ms", "1.5µs", "0s". */
const char *kc_duration_format(int64_t ns, char buf[KC_DURATION_STR_MAX]);
/* apimachinery's duration.HumanDuration (kubectl AGE): "45s", "3m2s",
 * "12m", "4h5m", "10h", "3d4h", "45d", "2y3d", "10y"; "<invalid>" below -1s. */
const char *kc_duration_human(int64_t ns, char buf[KC_DURATION_STR_MAX]);
/* apimachinery's duration.ShortHumanDuration: "45s", "3m", "4h", "3d", "2y". */
const char *kc_duration_short_human(int64_t ns, char buf[KC_DURATION_STR_MAX]);

/* ---- time zones ---- */

/* An immutable, loaded time zone; free with kc_time_zone_free(). Safe to
 * share between threads once loaded. */
typedef struct kc_time_zone kc_time_zone;

/* Loads a zone as Go's time.LoadLocation(name): "" and "UTC" are UTC,
 * "Local" is the local zone (see kc_time_zone_load_local), other names are
 * read from $ZONEINFO (a directory) and then /usr/share/zoneinfo,
 * /usr/share/lib/zoneinfo, /usr/lib/locale/TZ. Errors (-EINVAL, -ENOENT) use
 * Go's words: "time: invalid location name", "unknown time zone Foo/Bar",
 * "malformed time zone information". *ret is freed by the caller. */
int kc_time_zone_load(const char *name, kc_time_zone **ret, kc_error *err);
/* The local zone as Go's time.Local: $TZ unset -> /etc/localtime, $TZ empty
 * -> UTC, $TZ="[:]Name" or "[:]/path" -> that zone; UTC if loading fails. */
int kc_time_zone_load_local(kc_time_zone **ret, kc_error *err);
/* A zone from TZif bytes (as Go's LoadLocationFromTZData); never crashes on
 * bad data, which is -EINVAL "malformed time zone information". */
int kc_time_zone_from_tzif(const char *name, const void *data, size_t len, kc_time_zone **ret, kc_error *err);
void kc_time_zone_free(kc_time_zone *z);
static inline void kc_time_zone_freep(kc_time_zone **z)
{
	kc_time_zone_free(*z);
}
#define _cleanup_time_zone_ __attribute__((cleanup(kc_time_zone_freep)))

/* The name it was loaded with ("UTC", "Asia/Seoul", "Local"). */
const char *kc_time_zone_name(const kc_time_zone *z);

/* What is in force at instant sec (Go's Location.lookup): the offset east of
 * UTC in seconds and, when not NULL, the abbreviation ("KST"), whether it is
 * daylight time, and the instants [start, end) over which Go considers that
 * answer valid. A NULL zone is UTC. */
typedef struct kc_zone_info {
	int32_t offset;
	bool is_dst;
	const char *abbr; /* owned by the zone */
	int64_t start, end;
} kc_zone_info;
void kc_time_zone_lookup(const kc_time_zone *z, int64_t sec, kc_zone_info *ret);
int32_t kc_time_zone_offset(const kc_time_zone *z, int64_t sec);

/* Broken-down local time (Go's t.In(zone).Date()/Clock()/Weekday()). */
typedef struct kc_civil {
	int64_t year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
	int hour, min, sec;
	int wday; /* 0 = Sunday */
	int yday; /* 1..366 */
	int32_t offset;
} kc_civil;
void kc_time_to_civil(const kc_time_zone *z, int64_t sec, kc_civil *ret);

/* Go's time.Date(year, month, day, hour, min, sec, 0, zone).Unix(): fields
 * out of range are normalized (month 13 is January next year, day 0 the last
 * day of the previous month), and local times that do not exist or exist
 * twice around a transition resolve exactly as Go resolves them. Callers keep
 * the fields within a few thousand years of today. */
int64_t kc_time_from_civil(const kc_time_zone *z, int64_t year, int64_t month, int64_t day, int64_t hour,
                           int64_t min, int64_t sec);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12), and
 * back; helpers for callers that do calendar arithmetic of their own. */
int64_t kc_time_days_from_civil(int64_t year, int month, int day);
void kc_time_civil_from_days(int64_t days, int64_t *year, int *month, int *day);

#endif
