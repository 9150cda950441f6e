/* test_cron.c - CronJob schedules: robfig/cron/v3 parsing and errors, next
 * fire times across month ends, leap years and DST, mostRecentScheduleTime.
 * Expected values were produced by robfig/cron v3.0.1 under Go (the
 * upstream oracle) and checked by hand against a calendar. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/cron.h"
#include "common/timeutil.h"
#include "common/util.h"

static int64_t T(const char *rfc3339)
{
	kc_time t;
	kc_error err = KC_ERROR_INIT;
	if (kc_time_parse_rfc3339(rfc3339, &t, &err) < 0)
		fail_msg("bad time in table: %s: %s", rfc3339, err.msg);
	return t.sec;
}

static const char *fmt(int64_t sec, char buf[KC_TIME_RFC3339_MAX])
{
	if (sec == KC_CRON_NEVER)
		return "NEVER";
	return kc_time_format_rfc3339(sec, buf);
}

static void test_parse_ok(void **state)
{
	(void)state;
	static const struct {
		const char *spec;
		uint64_t minute, hour, dom, month, dow;
	} cases[] = {
	    /* the syntax table of the Kubernetes CronJob page */
	    {"@yearly", 1, 1, 1 << 1, 1 << 1, 0x7f | KC_CRON_STAR_BIT},
	    {"@annually", 1, 1, 1 << 1, 1 << 1, 0x7f | KC_CRON_STAR_BIT},
	    {"@monthly", 1, 1, 1 << 1, 0x1ffe | KC_CRON_STAR_BIT, 0x7f | KC_CRON_STAR_BIT},
	    {"@weekly", 1, 1, 0xfffffffe | KC_CRON_STAR_BIT, 0x1ffe | KC_CRON_STAR_BIT, 1},
	    {"@daily", 1, 1, 0xfffffffe | KC_CRON_STAR_BIT, 0x1ffe | KC_CRON_STAR_BIT,
	     0x7f | KC_CRON_STAR_BIT},
	    {"@midnight", 1, 1, 0xfffffffe | KC_CRON_STAR_BIT, 0x1ffe | KC_CRON_STAR_BIT,
	     0x7f | KC_CRON_STAR_BIT},
	    {"@hourly", 1, 0xffffff | KC_CRON_STAR_BIT, 0xfffffffe | KC_CRON_STAR_BIT,
	     0x1ffe | KC_CRON_STAR_BIT, 0x7f | KC_CRON_STAR_BIT},
	    {"0 0 13 * 5", 1, 1, 1 << 13, 0x1ffe | KC_CRON_STAR_BIT, 1 << 5},
	    {"5 4 * * sun", 1 << 5, 1 << 4, 0xfffffffe | KC_CRON_STAR_BIT, 0x1ffe | KC_CRON_STAR_BIT, 1},
	    {"*/15 9-17 ? JAN-mar MON-FRI", 0x0000200040008001ULL, 0x3fe00, 0xfffffffe | KC_CRON_STAR_BIT,
	     0xe, 0x3e},
	    /* a step of 1 keeps the star bit, a larger one drops it */
	    {"*/1 */2 */1 */1 */1", 0x0fffffffffffffffULL | KC_CRON_STAR_BIT, 0x555555,
	     0xfffffffe | KC_CRON_STAR_BIT, 0x1ffe | KC_CRON_STAR_BIT, 0x7f | KC_CRON_STAR_BIT},
	    /* "a/n" is "a-max/n"; lists; empty list items are skipped */
	    {"50/3 1,,2 1-31 dec 6", (1ULL << 50) | (1ULL << 53) | (1ULL << 56) | (1ULL << 59), 0x6,
	     0xfffffffe, 1 << 12, 1 << 6},
	    /* names are case-insensitive; "*-5" is just "*" in robfig */
	    {"0 0 * Feb *-5", 1, 1, 0xfffffffe | KC_CRON_STAR_BIT, 1 << 2, 0x7f | KC_CRON_STAR_BIT},
	    /* any Unicode white space separates fields */
	    {"\t0\n0 \xe3\x80\x80 1 1 * ", 1, 1, 1 << 1, 1 << 1, 0x7f | KC_CRON_STAR_BIT},
	    {"+5 00000000000000000000007 1 1 0", 1 << 5, 1 << 7, 1 << 1, 1 << 1, 1},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_cron c;
		kc_error err = KC_ERROR_INIT;
		if (kc_cron_parse(cases[i].spec, &c, &err) < 0)
			fail_msg("case %zu %s: %s", i, cases[i].spec, err.msg);
		if (c.minute != cases[i].minute || c.hour != cases[i].hour || c.dom != cases[i].dom ||
		    c.month != cases[i].month || c.dow != cases[i].dow || c.every != 0)
			fail_msg("case %zu %s: got %llx %llx %llx %llx %llx", i, cases[i].spec,
			         (unsigned long long)c.minute, (unsigned long long)c.hour,
			         (unsigned long long)c.dom, (unsigned long long)c.month,
			         (unsigned long long)c.dow);
	}

	static const struct {
		const char *spec;
		int64_t every;
	} every[] = {{"@every 1h30m", 5400}, {"@every 90s", 90}, {"@every 1.9s", 1},
	             {"@every 0.5s", 1},     {"@every -1h", 1},  {"@every 2m0.7s", 120}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(every); i++) {
		kc_cron c;
		kc_error err = KC_ERROR_INIT;
		if (kc_cron_parse(every[i].spec, &c, &err) < 0 || c.every != every[i].every)
			fail_msg("every %zu %s: %s every=%lld", i, every[i].spec, err.msg,
			         (long long)c.every);
	}
}

static void test_parse_errors(void **state)
{
	(void)state;
	static const struct {
		const char *spec, *msg;
	} cases[] = {
	    {"", "empty spec string"},
	    {"   ", "expected exactly 5 fields, found 0: []"},
	    {"0 0 * *", "expected exactly 5 fields, found 4: [0 0 * *]"},
	    {"0 0 0 * * *", "expected exactly 5 fields, found 6: [0 0 0 * * *]"},
	    {" @daily", "expected exactly 5 fields, found 1: [@daily]"},
	    {"0-70 * * * *", "end of range (70) above maximum (59): 0-70"},
	    {"60 * * * *", "end of range (60) above maximum (59): 60"},
	    {"* 24 * * *", "end of range (24) above maximum (23): 24"},
	    {"* * 0 * *", "beginning of range (0) below minimum (1): 0"},
	    {"* * 32 * *", "end of range (32) above maximum (31): 32"},
	    {"* * * 13 *", "end of range (13) above maximum (12): 13"},
	    {"* * * * 7", "end of range (7) above maximum (6): 7"},
	    {"5-2 * * * *", "beginning of range (5) beyond end of range (2): 5-2"},
	    {"*/0 * * * *", "step of range should be a positive number: */0"},
	    {"1-5/0 * * * *", "step of range should be a positive number: 1-5/0"},
	    {"1-2-3 * * * *", "too many hyphens: 1-2-3"},
	    {"1/2/3 * * * *", "too many slashes: 1/2/3"},
	    {"x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax"},
	    {"-1 * * * *", "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax"},
	    {"* * * * -1", "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax"},
	    {"99999999999999999999 * * * *",
	     "failed to parse int from 99999999999999999999: strconv.Atoi: parsing "
	     "\"99999999999999999999\": value out of range"},
	    {"1e3 * * * *", "failed to parse int from 1e3: strconv.Atoi: parsing \"1e3\": invalid syntax"},
	    /* names only where they belong */
	    {"jan * * * *", "failed to parse int from jan: strconv.Atoi: parsing \"jan\": invalid syntax"},
	    {"* * * mon *", "failed to parse int from mon: strconv.Atoi: parsing \"mon\": invalid syntax"},
	    {"* * * * january",
	     "failed to parse int from january: strconv.Atoi: parsing \"january\": invalid syntax"},
	    {"* * * dec-jan *", "beginning of range (12) beyond end of range (1): dec-jan"},
	    {"\"\x01 * * * *",
	     "failed to parse int from \"\x01: strconv.Atoi: parsing \"\\\"\\x01\": invalid syntax"},
	    {"@fortnightly", "unrecognized descriptor: @fortnightly"},
	    {"@daily ", "unrecognized descriptor: @daily "},
	    {"@every", "unrecognized descriptor: @every"},
	    {"@every 1d", "failed to parse duration @every 1d: time: unknown unit \"d\" in duration \"1d\""},
	    /* spec.timeZone replaces these (CronJob validation's words) */
	    {"TZ=Asia/Seoul 0 0 * * *", "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"},
	    {"CRON_TZ=UTC", "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_cron c = {.minute = 42};
		kc_error err = KC_ERROR_INIT;
		int r = kc_cron_parse(cases[i].spec, &c, &err);
		if (r != -EINVAL || !streq(err.msg, cases[i].msg))
			fail_msg("case %zu [%s]: r=%d msg=[%s] want [%s]", i, cases[i].spec, r, err.msg,
			         cases[i].msg);
		assert_int_equal(c.minute, 42); /* untouched on failure */
	}
}

static void test_next(void **state)
{
	(void)state;
	static const struct {
		const char *zone, *after, *spec, *want;
	} cases[] = {
	    /* month ends */
	    {"UTC", "2024-01-31T10:00:00Z", "0 0 * * *", "2024-02-01T00:00:00Z"},
	    {"UTC", "2024-01-31T10:00:00Z", "0 0 31 * *", "2024-03-31T00:00:00Z"},
	    {"UTC", "2024-04-30T12:00:00Z", "0 12 31 * *", "2024-05-31T12:00:00Z"},
	    {"UTC", "2023-12-31T23:59:59Z", "* * * * *", "2024-01-01T00:00:00Z"},
	    {"UTC", "2024-12-31T23:00:00Z", "0 0 1 jan *", "2025-01-01T00:00:00Z"},
	    /* leap years */
	    {"UTC", "2024-02-28T12:00:00Z", "0 0 29 * *", "2024-02-29T00:00:00Z"},
	    {"UTC", "2025-03-01T00:00:00Z", "0 0 29 2 *", "2028-02-29T00:00:00Z"},
	    /* 2100 is no leap year: the next Feb 29 is 8 years out, past
	     * robfig's five-year horizon */
	    {"UTC", "2096-03-01T00:00:00Z", "0 0 29 2 *", "NEVER"},
	    {"UTC", "2024-01-01T00:00:00Z", "0 0 30 2 *", "NEVER"},
	    /* the docs' "0 0 13 * 5": the 13th OR a Friday */
	    {"UTC", "2024-01-01T00:00:00Z", "0 0 13 * 5", "2024-01-05T00:00:00Z"},
	    {"UTC", "2024-09-13T00:00:00Z", "0 0 13 * 5", "2024-09-20T00:00:00Z"},
	    {"UTC", "2024-01-01T00:00:00Z", "0 0 13 * *", "2024-01-13T00:00:00Z"},
	    /* both day fields restricted: OR, even for 1-31; a star with step 1 is a star */
	    {"UTC", "2024-01-01T00:00:00Z", "0 0 1-31 * 1", "2024-01-02T00:00:00Z"},
	    {"UTC", "2024-01-01T00:00:00Z", "0 0 */1 * 1", "2024-01-08T00:00:00Z"},
	    {"UTC", "2024-01-01T00:00:00Z", "@hourly", "2024-01-01T01:00:00Z"},
	    {"UTC", "2024-01-01T00:00:00Z", "@daily", "2024-01-02T00:00:00Z"},
	    {"UTC", "2024-01-03T00:00:00Z", "@weekly", "2024-01-07T00:00:00Z"},
	    {"UTC", "2024-01-03T00:00:00Z", "@monthly", "2024-02-01T00:00:00Z"},
	    {"UTC", "2024-01-03T00:00:00Z", "@yearly", "2025-01-01T00:00:00Z"},
	    {"UTC", "2024-01-03T00:00:00Z", "*/15 9-17 * * MON-FRI", "2024-01-03T09:00:00Z"},
	    {"UTC", "2024-01-05T17:50:00Z", "*/15 9-17 * * MON-FRI", "2024-01-08T09:00:00Z"},
	    {"UTC", "2024-01-03T00:00:00Z", "5 4 * * sun", "2024-01-07T04:05:00Z"},
	    {"Etc/UTC", "2024-01-01T00:00:00Z", "@every 1h30m", "2024-01-01T01:30:00Z"},
	    /* Asia/Seoul: +09:00, no DST */
	    {"Asia/Seoul", "2024-01-01T00:00:00Z", "0 9 * * *", "2024-01-02T00:00:00Z"},
	    {"Asia/Seoul", "2023-12-31T15:00:00Z", "0 0 * * *", "2024-01-01T15:00:00Z"},
	    /* America/New_York: 02:30 does not exist on 2024-03-10 */
	    {"America/New_York", "2024-03-09T12:00:00Z", "30 2 * * *", "2024-03-11T06:30:00Z"},
	    {"America/New_York", "2024-03-10T06:00:00Z", "0 * * * *", "2024-03-10T07:00:00Z"},
	    /* ... and 01:30 happens twice on 2024-11-03: both fire */
	    {"America/New_York", "2024-11-02T12:00:00Z", "30 1 * * *", "2024-11-03T05:30:00Z"},
	    {"America/New_York", "2024-11-03T05:30:00Z", "30 1 * * *", "2024-11-03T06:30:00Z"},
	    {"America/New_York", "2024-11-03T05:00:00Z", "0 * * * *", "2024-11-03T06:00:00Z"},
	    /* Europe/Berlin: 02:30 is skipped on 2024-03-31, doubled 2024-10-27 */
	    {"Europe/Berlin", "2024-03-30T12:00:00Z", "30 2 * * *", "2024-04-01T00:30:00Z"},
	    {"Europe/Berlin", "2024-03-31T00:30:00Z", "*/30 * * * *", "2024-03-31T01:00:00Z"},
	    {"Europe/Berlin", "2024-10-26T12:00:00Z", "30 2 * * *", "2024-10-27T00:30:00Z"},
	    {"Europe/Berlin", "2024-10-27T00:30:00Z", "30 2 * * *", "2024-10-27T01:30:00Z"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_cron c;
		kc_error err = KC_ERROR_INIT;
		_cleanup_time_zone_ kc_time_zone *z = NULL;
		char got[KC_TIME_RFC3339_MAX];
		if (kc_time_zone_load(cases[i].zone, &z, &err) < 0)
			fail_msg("case %zu: zone %s: %s", i, cases[i].zone, err.msg);
		if (kc_cron_parse(cases[i].spec, &c, &err) < 0)
			fail_msg("case %zu: %s: %s", i, cases[i].spec, err.msg);
		int64_t next = kc_cron_next(&c, z, T(cases[i].after));
		if (!streq(fmt(next, got), cases[i].want))
			fail_msg("case %zu %s [%s] after %s: got %s want %s", i, cases[i].zone, cases[i].spec,
			         cases[i].after, got, cases[i].want);
		if (next != KC_CRON_NEVER && next <= T(cases[i].after))
			fail_msg("case %zu: next is not after the input", i);
	}
}

static void test_next_limits(void **state)
{
	(void)state;
	kc_cron c;
	assert_int_equal(kc_cron_parse("* * * * *", &c, NULL), 0);
	/* NULL zone is UTC; out-of-range inputs have no next time */
	assert_int_equal(kc_cron_next(&c, NULL, 0), 60);
	assert_int_equal(kc_cron_next(&c, NULL, -1), 0);
	assert_int_equal(kc_cron_next(&c, NULL, INT64_MAX), KC_CRON_NEVER);
	assert_int_equal(kc_cron_next(&c, NULL, INT64_MIN), KC_CRON_NEVER);
	/* Go's zero time is a valid input (the controller feeds it back) */
	assert_int_equal(kc_cron_next(&c, NULL, KC_TIME_GO_ZERO), KC_TIME_GO_ZERO + 60);
	/* an empty minute list never fires, and says so quickly */
	assert_int_equal(kc_cron_parse(", * * * *", &c, NULL), 0);
	assert_int_equal(kc_cron_next(&c, NULL, T("2024-01-01T00:00:00Z")), KC_CRON_NEVER);
	/* a day that does not exist: Pacific/Apia skipped 2011-12-30 (robfig
	 * loops forever here) */
	_cleanup_time_zone_ kc_time_zone *apia = NULL;
	assert_int_equal(kc_time_zone_load("Pacific/Apia", &apia, NULL), 0);
	assert_int_equal(kc_cron_parse("0 0 30 12 *", &c, NULL), 0);
	assert_int_equal(kc_cron_next(&c, apia, T("2011-10-01T00:00:00Z")), KC_CRON_NEVER);
}

static void test_most_recent(void **state)
{
	(void)state;
	static const struct {
		const char *zone, *earliest, *now, *spec;
		bool found;
		const char *want;
		int64_t missed;
		bool too_many;
	} cases[] = {
	    {"UTC", "2024-01-01T00:00:00Z", "2024-01-01T00:30:00Z", "0 * * * *", false, NULL, 0, false},
	    {"UTC", "2024-01-01T00:00:00Z", "2024-01-01T01:30:00Z", "0 * * * *", true, "2024-01-01T01:00:00Z",
	     1, false},
	    {"UTC", "2024-01-01T00:00:00Z", "2024-01-01T05:30:00Z", "0 * * * *", true, "2024-01-01T05:00:00Z",
	     5, false},
	    /* past 100 missed starts upstream warns, and still starts the latest */
	    {"UTC", "2024-01-01T00:00:00Z", "2024-01-10T05:30:00Z", "0 * * * *", true, "2024-01-10T05:00:00Z",
	     221, true},
	    {"UTC", "2024-01-01T00:00:00Z", "2024-01-01T00:30:00Z", "*/1 * * * *", true,
	     "2024-01-01T00:30:00Z", 30, false},
	    /* irregular: walks forward from two intervals before the estimate */
	    {"UTC", "2024-01-05T12:00:00Z", "2024-01-09T12:00:00Z", "30 6-16/4 * * 1-5", true,
	     "2024-01-09T10:30:00Z", 2, false},
	    {"America/New_York", "2024-03-09T00:00:00Z", "2024-03-12T00:00:00Z", "30 2 * * *", true,
	     "2024-03-11T06:30:00Z", 2, false},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_cron c;
		kc_cron_recent r;
		kc_error err = KC_ERROR_INIT;
		_cleanup_time_zone_ kc_time_zone *z = NULL;
		char got[KC_TIME_RFC3339_MAX];
		assert_int_equal(kc_time_zone_load(cases[i].zone, &z, NULL), 0);
		assert_int_equal(kc_cron_parse(cases[i].spec, &c, NULL), 0);
		if (kc_cron_most_recent(&c, z, T(cases[i].earliest), T(cases[i].now), &r, &err) < 0)
			fail_msg("case %zu: %s", i, err.msg);
		if (r.found != cases[i].found || (r.found && !streq(fmt(r.time, got), cases[i].want)) ||
		    r.missed != cases[i].missed || r.too_many != cases[i].too_many)
			fail_msg("case %zu [%s]: found=%d time=%s missed=%lld too_many=%d", i, cases[i].spec,
			         r.found, r.found ? fmt(r.time, got) : "-", (long long)r.missed, r.too_many);
	}

	/* a schedule that never fires is an error, as upstream */
	kc_cron c;
	kc_cron_recent r;
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_cron_parse("0 0 30 2 *", &c, NULL), 0);
	assert_int_equal(
	    kc_cron_most_recent(&c, NULL, T("2024-01-01T00:00:00Z"), T("2030-01-01T00:00:00Z"), &r, &err),
	    -EINVAL);
	assert_string_equal(err.msg, "time difference between two schedules is less than 1 second");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_ok),    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_next),        cmocka_unit_test(test_next_limits),
	    cmocka_unit_test(test_most_recent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
