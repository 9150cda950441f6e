/* test_timeutil.c - RFC 3339 times, clocks, Go durations, kubectl ages and
 * time zones. Expected values come from Go's time package (the upstream
 * oracle; Go >= 1.20 rules for time zone offset ranges) and apimachinery's
 * util/duration, run beside kc. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "common/timeutil.h"
#include "common/util.h"

static void test_rfc3339_parse(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int64_t sec;
		int32_t nsec;
		const char *utc, *err;
	} cases[] = {
	    {"2006-01-02T15:04:05Z", INT64_C(1136214245), 0, "2006-01-02T15:04:05Z", NULL},
	    {"2006-01-02T15:04:05+09:00", INT64_C(1136181845), 0, "2006-01-02T06:04:05Z", NULL},
	    {"2006-01-02T15:04:05-07:30", INT64_C(1136241245), 0, "2006-01-02T22:34:05Z", NULL},
	    {"2006-01-02T15:04:05.123456789Z", INT64_C(1136214245), 123456789, "2006-01-02T15:04:05Z", NULL},
	    {"2006-01-02T15:04:05.1234567891234Z", INT64_C(1136214245), 123456789, "2006-01-02T15:04:05Z",
	     NULL},
	    {"2006-01-02T15:04:05,5Z", INT64_C(1136214245), 500000000, "2006-01-02T15:04:05Z", NULL},
	    {"2024-02-29T00:00:00Z", INT64_C(1709164800), 0, "2024-02-29T00:00:00Z", NULL},
	    {"2023-02-29T00:00:00Z", 0, 0, NULL, "parsing time \"2023-02-29T00:00:00Z\": day out of range"},
	    {"0000-01-01T00:00:00Z", INT64_C(-62167219200), 0, "0000-01-01T00:00:00Z", NULL},
	    {"9999-12-31T23:59:59Z", INT64_C(253402300799), 0, "9999-12-31T23:59:59Z", NULL},
	    {"2024-13-01T00:00:00Z", 0, 0, NULL, "parsing time \"2024-13-01T00:00:00Z\": month out of range"},
	    {"2024-00-01T00:00:00Z", 0, 0, NULL, "parsing time \"2024-00-01T00:00:00Z\": month out of range"},
	    {"2024-01-32T00:00:00Z", 0, 0, NULL, "parsing time \"2024-01-32T00:00:00Z\": day out of range"},
	    {"2024-01-01T24:00:00Z", 0, 0, NULL, "parsing time \"2024-01-01T24:00:00Z\": hour out of range"},
	    {"2024-01-01T00:60:00Z", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:60:00Z\": minute out of range"},
	    {"2024-01-01T00:00:60Z", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:60Z\": second out of range"},
	    {"2024-01-01T00:00:00", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as "
	     "\"Z07:00\""},
	    {"2024-01-01 00:00:00Z", 0, 0, NULL,
	     "parsing time \"2024-01-01 00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \" "
	     "00:00:00Z\" as \"T\""},
	    {"2024-1-01T00:00:00Z", 0, 0, NULL,
	     "parsing time \"2024-1-01T00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
	     "\"1-01T00:00:00Z\" as \"01\""},
	    {"24-01-01T00:00:00Z", 0, 0, NULL,
	     "parsing time \"24-01-01T00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
	     "\"1-01T00:00:00Z\" as \"2006\""},
	    {"", 0, 0, NULL,
	     "parsing time \"\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"2006\""},
	    {"x", 0, 0, NULL,
	     "parsing time \"x\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"x\" as \"2006\""},
	    {"2024-01-01T00:00:00z", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:00z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"z\" as "
	     "\"Z07:00\""},
	    {"2024-01-01T00:00:00+0900", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:00+0900\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
	     "\"+0900\" as \"Z07:00\""},
	    {"2024-01-01T00:00:00+09:00x", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:00+09:00x\": extra text: \"x\""},
	    {"2024-01-01T1:02:03Z", INT64_C(1704070923), 0, "2024-01-01T01:02:03Z", NULL},
	    {"2024-01-01T00:00:00.Z", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:00.Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \".Z\" "
	     "as \"Z07:00\""},
	    {"20a4-01-01T00:00:00Z", 0, 0, NULL,
	     "parsing time \"20a4-01-01T00:00:00Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
	     "\"-01-01T00:00:00Z\" as \"2006\""},
	    {"2024-01-01T00:00:00+ab:00", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:00+ab:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" "
	     "as \"Z07:00\""},
	    {"2024-01-01T00:00:00*09:00", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:00*09:00\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" "
	     "as \"Z07:00\""},
	    {"2024-01-01T00:00:00+24:00", INT64_C(1703980800), 0, "2023-12-31T00:00:00Z", NULL},
	    {"\xc3"
	     "\xa9"
	     "",
	     0, 0, NULL,
	     "parsing time \"\\xc3\\xa9\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\\xc3\\xa9\" as "
	     "\"2006\""},
	    /* Go >= 1.20 range-checks the offset (Go 1.19 did not) */
	    {"2024-01-01T00:00:00+25:00", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:00+25:00\": time zone offset hour out of range"},
	    {"2024-01-01T00:00:00+23:61", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:00+23:61\": time zone offset minute out of range"},
	    {"2024-01-01T00:00:00+1:000", 0, 0, NULL,
	     "parsing time \"2024-01-01T00:00:00+1:000\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
	     "\"+1:000\" as \"Z07:00\""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_time t = {7, 7};
		kc_error err = KC_ERROR_INIT;
		char buf[KC_TIME_RFC3339_MAX];
		int r = kc_time_parse_rfc3339(cases[i].in, &t, &err);
		if (cases[i].err) {
			if (r != -EINVAL || !streq(err.msg, cases[i].err) || t.sec != 7)
				fail_msg("case %zu [%s]: r=%d msg=[%s]", i, cases[i].in, r, err.msg);
			continue;
		}
		if (r < 0 || t.sec != cases[i].sec || t.nsec != cases[i].nsec ||
		    !streq(kc_time_format_rfc3339(t.sec, buf), cases[i].utc))
			fail_msg("case %zu [%s]: r=%d %s sec=%lld nsec=%d %s", i, cases[i].in, r, err.msg,
			         (long long)t.sec, t.nsec, buf);
	}
}

static void test_rfc3339_micro(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int64_t sec;
		int32_t nsec;
		const char *utc, *err;
	} cases[] = {
	    {"2006-01-02T15:04:05.000001Z", INT64_C(1136214245), 1000, "2006-01-02T15:04:05.000001Z", NULL},
	    {"2006-01-02T15:04:05.123456+01:00", INT64_C(1136210645), 123456000,
	     "2006-01-02T14:04:05.123456Z", NULL},
	    {"2006-01-02T15:04:05Z", 0, 0, NULL,
	     "parsing time \"2006-01-02T15:04:05Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse "
	     "\"Z\" as \".000000\""},
	    {"2006-01-02T15:04:05.1234567Z", 0, 0, NULL,
	     "parsing time \"2006-01-02T15:04:05.1234567Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot "
	     "parse \"7Z\" as \"Z07:00\""},
	    {"2006-01-02T15:04:05.12345Z", 0, 0, NULL,
	     "parsing time \"2006-01-02T15:04:05.12345Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot "
	     "parse \"\" as \".000000\""},
	    {"2006-01-02T15:04:05.+12345Z", INT64_C(1136214245), 12345000, "2006-01-02T15:04:05.012345Z",
	     NULL},
	    {"2006-01-02T15:04:05,123456Z", INT64_C(1136214245), 123456000, "2006-01-02T15:04:05.123456Z",
	     NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_time t;
		kc_error err = KC_ERROR_INIT;
		char buf[KC_TIME_RFC3339_MICRO_MAX];
		int r = kc_time_parse_rfc3339_micro(cases[i].in, &t, &err);
		if (cases[i].err) {
			if (r != -EINVAL || !streq(err.msg, cases[i].err))
				fail_msg("case %zu [%s]: r=%d msg=[%s]", i, cases[i].in, r, err.msg);
			continue;
		}
		if (r < 0 || t.sec != cases[i].sec || t.nsec != cases[i].nsec ||
		    !streq(kc_time_format_rfc3339_micro(t, buf), cases[i].utc))
			fail_msg("case %zu [%s]: r=%d %s sec=%lld nsec=%d %s", i, cases[i].in, r, err.msg,
			         (long long)t.sec, t.nsec, buf);
	}
}

static void test_rfc3339_format(void **state)
{
	(void)state;
	static const struct {
		int64_t sec;
		const char *want;
	} cases[] = {
	    {0, "1970-01-01T00:00:00Z"},
	    {-1, "1969-12-31T23:59:59Z"},
	    {951782400, "2000-02-29T00:00:00Z"},
	    {1709164800, "2024-02-29T00:00:00Z"},
	    {253402300799, "9999-12-31T23:59:59Z"},
	    {253402300800, "10000-01-01T00:00:00Z"},
	    {KC_TIME_GO_ZERO, "0001-01-01T00:00:00Z"},
	    {-62167219200, "0000-01-01T00:00:00Z"},
	    {-62167219201, "-0001-12-31T23:59:59Z"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		char buf[KC_TIME_RFC3339_MAX];
		if (!streq(kc_time_format_rfc3339(cases[i].sec, buf), cases[i].want))
			fail_msg("case %zu: %lld -> %s", i, (long long)cases[i].sec, buf);
	}
	char buf[KC_TIME_RFC3339_MICRO_MAX];
	assert_string_equal(kc_time_format_rfc3339_micro((kc_time){1136214245, 999999999}, buf),
	                    "2006-01-02T15:04:05.999999Z");
	assert_string_equal(kc_time_format_rfc3339_micro((kc_time){0, 0}, buf),
	                    "1970-01-01T00:00:00.000000Z");
}

static void test_clocks(void **state)
{
	(void)state;
	int64_t a = kc_time_now_sec(), sys = (int64_t)time(NULL);
	assert_true(a >= sys - 1 && a <= sys + 1);
	int64_t us = kc_time_now_usec();
	assert_true(us / 1000000 >= a && us / 1000000 <= a + 1);
	kc_time t = kc_time_now();
	assert_true(t.nsec >= 0 && t.nsec < 1000000000);
	int64_t m1 = kc_time_monotonic_ms(), m2 = kc_time_monotonic_ms();
	assert_true(m1 > 0 && m2 >= m1);
}

static void test_duration_parse(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int64_t ns;
		const char *str, *err;
	} cases[] = {
	    {"300ms", INT64_C(300000000), "300ms", NULL},
	    {"1.5h", INT64_C(5400000000000), "1h30m0s", NULL},
	    {"2h45m", INT64_C(9900000000000), "2h45m0s", NULL},
	    {"-1m", INT64_C(-60000000000), "-1m0s", NULL},
	    {"1h2m3.5s", INT64_C(3723500000000), "1h2m3.5s", NULL},
	    {"1\xc2"
	     "\xb5"
	     "s",
	     INT64_C(1000),
	     "1\xc2"
	     "\xb5"
	     "s",
	     NULL},
	    {"1\xce"
	     "\xbc"
	     "s",
	     INT64_C(1000),
	     "1\xc2"
	     "\xb5"
	     "s",
	     NULL},
	    {"1us", INT64_C(1000),
	     "1\xc2"
	     "\xb5"
	     "s",
	     NULL},
	    {"1ns", INT64_C(1), "1ns", NULL},
	    {"+5s", INT64_C(5000000000), "5s", NULL},
	    {".5s", INT64_C(500000000), "500ms", NULL},
	    {"5.s", INT64_C(5000000000), "5s", NULL},
	    {"0", INT64_C(0), "0s", NULL},
	    {"-0", INT64_C(0), "0s", NULL},
	    {"+0", INT64_C(0), "0s", NULL},
	    {"1h0m0s", INT64_C(3600000000000), "1h0m0s", NULL},
	    {"1d", 0, NULL, "time: unknown unit \"d\" in duration \"1d\""},
	    {"1", 0, NULL, "time: missing unit in duration \"1\""},
	    {"", 0, NULL, "time: invalid duration \"\""},
	    {"x", 0, NULL, "time: invalid duration \"x\""},
	    {"1.2.3s", 0, NULL, "time: missing unit in duration \"1.2.3s\""},
	    {"1h 2m", 0, NULL, "time: unknown unit \"h \" in duration \"1h 2m\""},
	    {"9223372036854775807ns", INT64_C(9223372036854775807), "2562047h47m16.854775807s", NULL},
	    {"9223372036854775808ns", 0, NULL, "time: invalid duration \"9223372036854775808ns\""},
	    {"-9223372036854775808ns", INT64_MIN, "-2562047h47m16.854775808s", NULL},
	    {"2562047h47m16.854775807s", INT64_C(9223372036854775807), "2562047h47m16.854775807s", NULL},
	    {"2562047h47m16.854775808s", 0, NULL, "time: invalid duration \"2562047h47m16.854775808s\""},
	    {"0.000000001h", INT64_C(3600),
	     "3.6\xc2"
	     "\xb5"
	     "s",
	     NULL},
	    {"1.0000000000000000000001s", INT64_C(1000000000), "1s", NULL},
	    {"-", 0, NULL, "time: invalid duration \"-\""},
	    {".s", 0, NULL, "time: invalid duration \".s\""},
	    {"1e3s", 0, NULL, "time: unknown unit \"e\" in duration \"1e3s\""},
	    {"100000000000000000000ns", 0, NULL, "time: invalid duration \"100000000000000000000ns\""},
	    {"3s5", 0, NULL, "time: missing unit in duration \"3s5\""},
	    {"\xc2"
	     "\xb5"
	     "s",
	     0, NULL, "time: invalid duration \"\\xc2\\xb5s\""},
	    {"1\xc2"
	     "\xb5"
	     "",
	     0, NULL, "time: unknown unit \"\\xc2\\xb5\" in duration \"1\\xc2\\xb5\""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		int64_t ns = 42;
		kc_error err = KC_ERROR_INIT;
		char buf[KC_DURATION_STR_MAX];
		int r = kc_duration_parse(cases[i].in, &ns, &err);
		if (cases[i].err) {
			if (r != -EINVAL || !streq(err.msg, cases[i].err) || ns != 42)
				fail_msg("case %zu [%s]: r=%d msg=[%s]", i, cases[i].in, r, err.msg);
			continue;
		}
		if (r < 0 || ns != cases[i].ns || !streq(kc_duration_format(ns, buf), cases[i].str))
			fail_msg("case %zu [%s]: r=%d %s ns=%lld %s", i, cases[i].in, r, err.msg,
			         (long long)ns, buf);
	}
}

/* Duration.String(), HumanDuration and ShortHumanDuration at every branch
 * boundary. */
static void test_duration_format(void **state)
{
	(void)state;
	static const struct {
		int64_t ns;
		const char *str, *human, *short_human;
	} cases[] = {
	    {INT64_C(0), "0s", "0s", "0s"},
	    {INT64_C(1), "1ns", "0s", "0s"},
	    {INT64_C(999), "999ns", "0s", "0s"},
	    {INT64_C(1000),
	     "1\xc2"
	     "\xb5"
	     "s",
	     "0s", "0s"},
	    {INT64_C(1500),
	     "1.5\xc2"
	     "\xb5"
	     "s",
	     "0s", "0s"},
	    {INT64_C(999999),
	     "999.999\xc2"
	     "\xb5"
	     "s",
	     "0s", "0s"},
	    {INT64_C(1000000), "1ms", "0s", "0s"},
	    {INT64_C(1500000), "1.5ms", "0s", "0s"},
	    {INT64_C(999999999), "999.999999ms", "0s", "0s"},
	    {INT64_C(1000000000), "1s", "1s", "1s"},
	    {INT64_C(1000000001), "1.000000001s", "1s", "1s"},
	    {INT64_C(61000000000), "1m1s", "61s", "1m"},
	    {INT64_C(3600000000000), "1h0m0s", "60m", "1h"},
	    {INT64_C(3661000000000), "1h1m1s", "61m", "1h"},
	    {INT64_C(-1000000000), "-1s", "0s", "0s"},
	    {INT64_C(-1), "-1ns", "0s", "0s"},
	    {INT64_C(9223372036854775807), "2562047h47m16.854775807s", "292y", "292y"},
	    {INT64_MIN, "-2562047h47m16.854775808s", "<invalid>", "<invalid>"},
	    {INT64_C(3723500000000), "1h2m3.5s", "62m", "1h"},
	    {INT64_C(-2000000001), "-2.000000001s", "<invalid>", "<invalid>"},
	    {INT64_C(-2000000000), "-2s", "<invalid>", "<invalid>"},
	    {INT64_C(-1999999999), "-1.999999999s", "0s", "0s"},
	    {INT64_C(-1000000001), "-1.000000001s", "0s", "0s"},
	    {INT64_C(-1000000000), "-1s", "0s", "0s"},
	    {INT64_C(-1), "-1ns", "0s", "0s"},
	    {INT64_C(0), "0s", "0s", "0s"},
	    {INT64_C(59000000000), "59s", "59s", "59s"},
	    {INT64_C(60000000000), "1m0s", "60s", "1m"},
	    {INT64_C(119000000000), "1m59s", "119s", "1m"},
	    {INT64_C(119999000000), "1m59.999s", "119s", "1m"},
	    {INT64_C(120000000000), "2m0s", "2m", "2m"},
	    {INT64_C(121000000000), "2m1s", "2m1s", "2m"},
	    {INT64_C(599000000000), "9m59s", "9m59s", "9m"},
	    {INT64_C(600000000000), "10m0s", "10m", "10m"},
	    {INT64_C(630000000000), "10m30s", "10m", "10m"},
	    {INT64_C(10799000000000), "2h59m59s", "179m", "2h"},
	    {INT64_C(10800000000000), "3h0m0s", "3h", "3h"},
	    {INT64_C(10860000000000), "3h1m0s", "3h1m", "3h"},
	    {INT64_C(28740000000000), "7h59m0s", "7h59m", "7h"},
	    {INT64_C(28800000000000), "8h0m0s", "8h", "8h"},
	    {INT64_C(172740000000000), "47h59m0s", "47h", "1d"},
	    {INT64_C(172800000000000), "48h0m0s", "2d", "2d"},
	    {INT64_C(176400000000000), "49h0m0s", "2d1h", "2d"},
	    {INT64_C(691199999999999), "191h59m59.999999999s", "7d23h", "7d"},
	    {INT64_C(691200000000000), "192h0m0s", "8d", "8d"},
	    {INT64_C(31449600000000000), "8736h0m0s", "364d", "364d"},
	    {INT64_C(31536000000000000), "8760h0m0s", "365d", "1y"},
	    {INT64_C(63071999999999999), "17519h59m59.999999999s", "729d", "2y"},
	    {INT64_C(63072000000000000), "17520h0m0s", "2y", "2y"},
	    {INT64_C(63158400000000000), "17544h0m0s", "2y1d", "2y"},
	    {INT64_C(252287999999999999), "70079h59m59.999999999s", "7y364d", "8y"},
	    {INT64_C(252288000000000000), "70080h0m0s", "8y", "8y"},
	    {INT64_C(630720000000000000), "175200h0m0s", "20y", "20y"},
	    {INT64_C(9223372036854775807), "2562047h47m16.854775807s", "292y", "292y"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		char a[KC_DURATION_STR_MAX], b[KC_DURATION_STR_MAX], c[KC_DURATION_STR_MAX];
		if (!streq(kc_duration_format(cases[i].ns, a), cases[i].str) ||
		    !streq(kc_duration_human(cases[i].ns, b), cases[i].human) ||
		    !streq(kc_duration_short_human(cases[i].ns, c), cases[i].short_human))
			fail_msg("case %zu %lld: %s %s %s", i, (long long)cases[i].ns, a, b, c);
	}
}

static void test_zone_load(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int code;
		const char *name_or_msg;
	} cases[] = {
	    {"", 0, "UTC"},
	    {"UTC", 0, "UTC"},
	    {"Etc/UTC", 0, "Etc/UTC"},
	    {"Asia/Seoul", 0, "Asia/Seoul"},
	    {"Local", 0, "Local"},
	    {"../etc/passwd", -EINVAL, "time: invalid location name"},
	    {"/etc/localtime", -EINVAL, "time: invalid location name"},
	    {"\\x", -EINVAL, "time: invalid location name"},
	    {"Foo/Bar", -ENOENT, "unknown time zone Foo/Bar"},
	    {"America", -ENOENT, "unknown time zone America"}, /* a directory */
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_time_zone *z = NULL;
		kc_error err = KC_ERROR_INIT;
		int r = kc_time_zone_load(cases[i].name, &z, &err);
		const char *got = r == 0 ? kc_time_zone_name(z) : err.msg;
		if (r != cases[i].code || !streq(got, cases[i].name_or_msg))
			fail_msg("case %zu [%s]: r=%d %s", i, cases[i].name, r, got);
		kc_time_zone_free(z);
	}
	assert_string_equal(kc_time_zone_name(NULL), "UTC");
}

static void test_zone_lookup(void **state)
{
	(void)state;
	static const struct {
		const char *zone;
		int64_t sec;
		int32_t offset;
		const char *abbr;
	} cases[] = {
	    {"Asia/Seoul", 1704067200, 32400, "KST"},
	    {"Asia/Seoul", 581126400, 36000, "KDT"}, /* 1988 */
	    {"America/New_York", 1710053999, -18000, "EST"},
	    {"America/New_York", 1710054000, -14400, "EDT"},
	    {"America/New_York", 1730613599, -14400, "EDT"},
	    {"America/New_York", 1730613600, -18000, "EST"},
	    {"America/New_York", 4118083200, -14400, "EDT"},  /* 2100: the TZ footer */
	    {"America/New_York", -5364662400, -17762, "LMT"}, /* 1800 */
	    {"Europe/Berlin", 1711846799, 3600, "CET"},
	    {"Europe/Berlin", 1711846800, 7200, "CEST"},
	    {"Europe/Berlin", 1729990800, 3600, "CET"},
	    {"Australia/Sydney", 4102444800, 39600, "AEDT"}, /* southern rules */
	    {"Australia/Sydney", 4118083200, 36000, "AEST"},
	    {"UTC", 1704067200, 0, "UTC"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_time_zone_ kc_time_zone *z = NULL;
		kc_zone_info info;
		assert_int_equal(kc_time_zone_load(cases[i].zone, &z, NULL), 0);
		kc_time_zone_lookup(z, cases[i].sec, &info);
		if (info.offset != cases[i].offset || !streq(info.abbr, cases[i].abbr) ||
		    kc_time_zone_offset(z, cases[i].sec) != cases[i].offset || info.start > cases[i].sec ||
		    info.end <= cases[i].sec)
			fail_msg("case %zu %s %lld: %d %s", i, cases[i].zone, (long long)cases[i].sec,
			         info.offset, info.abbr);
	}
}

/* time.Date: normalization, and what skipped/repeated local times mean. */
static void test_zone_civil(void **state)
{
	(void)state;
	static const struct {
		const char *zone;
		int64_t y, mo, d, h, mi, s, want;
	} cases[] = {
	    {"America/New_York", 2024, 3, 10, 2, 30, 0, 1710052200}, /* gap: 01:30 EST */
	    {"America/New_York", 2024, 11, 3, 1, 30, 0, 1730611800}, /* twice: the EDT one */
	    {"Europe/Berlin", 2024, 3, 31, 2, 30, 0, 1711848600},    /* gap: 03:30 CEST */
	    {"Europe/Berlin", 2024, 10, 27, 2, 30, 0, 1729992600},   /* twice: the CET one */
	    {"Europe/London", 2024, 3, 31, 1, 30, 0, 1711848600},
	    {"Europe/London", 2024, 10, 27, 1, 30, 0, 1729992600},
	    {"Australia/Sydney", 2024, 10, 6, 2, 30, 0, 1728145800},
	    {"Australia/Sydney", 2024, 4, 7, 2, 30, 0, 1712421000},
	    {"Asia/Seoul", 2024, 13, 1, 0, 0, 0, 1735657200},   /* month 13 */
	    {"Asia/Seoul", 2024, 3, 0, 25, -1, 61, 1709222401}, /* day 0, hour 25... */
	    {"UTC", 2024, 2, 29, 0, 0, 0, 1709164800},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_time_zone_ kc_time_zone *z = NULL;
		assert_int_equal(kc_time_zone_load(cases[i].zone, &z, NULL), 0);
		int64_t got = kc_time_from_civil(z, cases[i].y, cases[i].mo, cases[i].d, cases[i].h,
		                                 cases[i].mi, cases[i].s);
		if (got != cases[i].want)
			fail_msg("case %zu %s: got %lld want %lld", i, cases[i].zone, (long long)got,
			         (long long)cases[i].want);
	}

	_cleanup_time_zone_ kc_time_zone *seoul = NULL;
	assert_int_equal(kc_time_zone_load("Asia/Seoul", &seoul, NULL), 0);
	kc_civil c;
	kc_time_to_civil(seoul, 1709164800, &c); /* 2024-02-29T00:00Z */
	assert_true(c.year == 2024 && c.month == 2 && c.day == 29 && c.hour == 9 && c.min == 0 && c.sec == 0);
	assert_int_equal(c.wday, 4); /* Thursday */
	assert_int_equal(c.yday, 60);
	assert_int_equal(c.offset, 32400);
	kc_time_to_civil(NULL, -1, &c);
	assert_true(c.year == 1969 && c.month == 12 && c.day == 31 && c.hour == 23 && c.wday == 3);

	/* days <-> civil round trip over a wide range */
	for (int64_t d = -800000; d <= 800000; d += 997) {
		int64_t y;
		int m, day;
		kc_time_civil_from_days(d, &y, &m, &day);
		if (kc_time_days_from_civil(y, m, day) != d)
			fail_msg("day %lld -> %lld-%d-%d does not round-trip", (long long)d, (long long)y, m,
			         day);
	}
}

/* A minimal TZif v2 file: header, no 32-bit data, then 64-bit data with
 * the given transitions, and a footer. */
static size_t make_tzif(unsigned char *buf, const char *footer)
{
	static const unsigned char v1[44] = {'T', 'Z', 'i', 'f', '2'};
	unsigned char h[44] = {'T', 'Z', 'i', 'f', '2'};
	size_t n = 0;
	memcpy(buf, v1, 44);
	n = 44;
	h[20 + 4 * 4 + 3] = 1; /* typecnt 1 */
	h[20 + 5 * 4 + 3] = 4; /* charcnt 4 */
	memcpy(buf + n, h, 44);
	n += 44;
	/* one type: -5h, not DST, abbreviation "EST" */
	const unsigned char type[6] = {0xff, 0xff, 0xb9, 0xb0, 0, 0};
	memcpy(buf + n, type, 6);
	n += 6;
	memcpy(buf + n, "EST", 4);
	n += 4;
	n += (size_t)snprintf((char *)buf + n, 64, "\n%s\n", footer);
	return n;
}

static void test_zone_tzif(void **state)
{
	(void)state;
	unsigned char buf[256];
	kc_time_zone *z = NULL;
	kc_error err = KC_ERROR_INIT;

	/* no transitions: the footer rules everything */
	size_t n = make_tzif(buf, "EST5EDT,M3.2.0,M11.1.0");
	assert_int_equal(kc_time_zone_from_tzif("Test/NY", buf, n, &z, &err), 0);
	assert_int_equal(kc_time_zone_offset(z, 1704067200), -18000); /* January */
	assert_int_equal(kc_time_zone_offset(z, 1720000000), -14400); /* July */
	kc_time_zone_free(z);
	/* a footer that does not parse falls back to the type table */
	n = make_tzif(buf, "garbage,");
	assert_int_equal(kc_time_zone_from_tzif("Test/X", buf, n, &z, &err), 0);
	assert_int_equal(kc_time_zone_offset(z, 1720000000), -18000);
	kc_time_zone_free(z);
	n = make_tzif(buf, "<-03>3");
	assert_int_equal(kc_time_zone_from_tzif("Test/Y", buf, n, &z, &err), 0);
	kc_zone_info info;
	kc_time_zone_lookup(z, 0, &info);
	assert_int_equal(info.offset, -10800);
	assert_string_equal(info.abbr, "-03");
	kc_time_zone_free(z);

	/* malformed data: every truncation of a real file, and bad headers */
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	assert_int_equal(kc_read_file("/usr/share/zoneinfo/America/New_York", 1 << 20, &data, &len), 0);
	for (size_t cut = 0; cut < len; cut++) {
		z = NULL;
		int r = kc_time_zone_from_tzif("x", data, cut, &z, NULL);
		if (r == 0) {
			(void)kc_time_zone_offset(z, 1704067200);
			kc_time_zone_free(z);
		} else {
			assert_int_equal(r, -EINVAL);
		}
	}
	memcpy(buf, data, 44);
	buf[4] = '9';
	assert_int_equal(kc_time_zone_from_tzif("x", buf, 44, &z, &err), -EINVAL);
	assert_string_equal(err.msg, "malformed time zone information");
	n = make_tzif(buf, "EST5");
	buf[88 + 5] = 9; /* abbreviation index past the characters */
	assert_int_equal(kc_time_zone_from_tzif("x", buf, n, &z, NULL), -EINVAL);
	n = make_tzif(buf, "EST5");
	buf[44 + 20 + 4 * 4 + 3] = 0; /* no types at all */
	assert_int_equal(kc_time_zone_from_tzif("x", buf, n, &z, NULL), -EINVAL);
}

static void test_zone_local(void **state)
{
	(void)state;
	const char *saved = getenv("TZ");
	_cleanup_free_ char *old = saved ? xstrdup(saved) : NULL;
	static const struct {
		const char *tz;
		int32_t offset;
	} cases[] = {
	    {"Asia/Seoul", 32400},
	    {":Asia/Seoul", 32400},
	    {"/usr/share/zoneinfo/Asia/Seoul", 32400},
	    {"", 0},
	    {"UTC", 0},
	    {"Nope/Nope", 0}, /* Go falls back to UTC */
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_time_zone *z = NULL;
		setenv("TZ", cases[i].tz, 1);
		assert_int_equal(kc_time_zone_load_local(&z, NULL), 0);
		if (kc_time_zone_offset(z, 1704067200) != cases[i].offset)
			fail_msg("case %zu TZ=%s: offset %d", i, cases[i].tz,
			         kc_time_zone_offset(z, 1704067200));
		kc_time_zone_free(z);
	}
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc3339_parse),  cmocka_unit_test(test_rfc3339_micro),
	    cmocka_unit_test(test_rfc3339_format), cmocka_unit_test(test_clocks),
	    cmocka_unit_test(test_duration_parse), cmocka_unit_test(test_duration_format),
	    cmocka_unit_test(test_zone_load),      cmocka_unit_test(test_zone_lookup),
	    cmocka_unit_test(test_zone_civil),     cmocka_unit_test(test_zone_tzif),
	    cmocka_unit_test(test_zone_local),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
