/* test_quantity.c - resource quantities: parsing, the canonical String()
 * form, formats, errors, arithmetic, Value/MilliValue and JSON. Expected
 * strings come from upstream's resource.Quantity (apimachinery) run as an
 * oracle; kc's documented deviations are tested separately. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "common/quantity.h"
#include "common/util.h"

static kc_quantity Q(const char *s)
{
	kc_quantity q;
	kc_error err = KC_ERROR_INIT;
	if (kc_quantity_parse(s, &q, &err) < 0)
		fail_msg("bad quantity in table: %s: %s", s, err.msg);
	return q;
}

#define D KC_QUANTITY_DECIMAL_SI
#define B KC_QUANTITY_BINARY_SI
#define X KC_QUANTITY_DECIMAL_EXPONENT

static void test_parse_canonical(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
		kc_quantity_format format;
		int64_t value, milli;
	} cases[] = {
	    {"100m", "100m", D, 1, 100},
	    {"0.5", "500m", D, 1, 500},
	    {".5", "500m", D, 1, 500},
	    {"128Mi", "128Mi", B, 134217728, 134217728000},
	    {"1G", "1G", D, 1000000000, 1000000000000},
	    {"1e3", "1e3", X, 1000, 1000000},
	    {"1E3", "1E3", X, 1000, 1000000},
	    {"2Ki", "2Ki", B, 2048, 2048000},
	    {"1.5", "1500m", D, 2, 1500},
	    {"+1", "+1", D, 1, 1000}, /* upstream keeps text it found canonical */
	    {"-1", "-1", D, -1, -1000},
	    {"1Ei", "1Ei", B, 1152921504606846976, INT64_MAX},
	    {"1n", "1n", D, 1, 1},
	    {"1u", "1u", D, 1, 1},
	    {"1k", "1k", D, 1000, 1000000},
	    {"1M", "1M", D, 1000000, 1000000000},
	    {"1T", "1T", D, 1000000000000, 1000000000000000},
	    {"1P", "1P", D, 1000000000000000, 1000000000000000000},
	    {"1E", "1E", D, 1000000000000000000, INT64_MAX},
	    {"1Ti", "1Ti", B, 1099511627776, 1099511627776000},
	    {"1Pi", "1Pi", B, 1125899906842624, 1125899906842624000},
	    {"1.5Gi", "1536Mi", B, 1610612736, 1610612736000},
	    {"1000m", "1", D, 1, 1000},
	    {"1024Ki", "1Mi", B, 1048576, 1048576000},
	    {"1024Mi", "1Gi", B, 1073741824, 1073741824000},
	    {"1025Mi", "1025Mi", B, 1074790400, 1074790400000},
	    {"1536Ki", "1536Ki", B, 1572864, 1572864000},
	    {"100Mi", "100Mi", B, 104857600, 104857600000},
	    {"0.1Gi", "107374182400m", B, 107374183, 107374182400},
	    {"1.5Ki", "1536", B, 1536, 1536000},
	    {"0.5Ki", "512", B, 512, 512000},
	    {"0.0001Ki", "102400u", D, 1, 103}, /* |binary| < 1 turns DecimalSI */
	    {"1.0000000001Ki", "1024000000103n", B, 1025, 1024001},
	    {"-1.5Gi", "-1536Mi", B, -1610612736, -1610612736000},
	    {"1.500", "1.500", D, 2, 1500},
	    {"1.000", "1", D, 1, 1000},
	    {"1.0k", "1k", D, 1000, 1000000},
	    {"1.5k", "1500", D, 1500, 1500000},
	    {"1500m", "1500m", D, 2, 1500},
	    {"0001", "0001", D, 1, 1000},
	    {"1.G", "1.G", D, 1000000000, 1000000000000},
	    {"1000P", "1E", D, 1000000000000000000, INT64_MAX},
	    {"100000n", "100u", D, 1, 1},
	    {"1100000n", "1100u", D, 1, 2},
	    {"0.000001", "1u", D, 1, 1},
	    {"0.0000000001", "1n", D, 1, 1}, /* rounded up to nano */
	    {"-.0000000001", "-1n", D, -1, -1},
	    {"0.1234567890123", "123456790n", D, 1, 124},
	    {"+.1234567890123456789", "123456790n", D, 1, 124},
	    {"1e-3", "1e-3", X, 1, 1},
	    {"1e-9", "1e-9", X, 1, 1},
	    {"1e-10", "1e-9", X, 1, 1},
	    {"5e-1", "500e-3", X, 1, 500},
	    {"1e+3", "1e+3", X, 1000, 1000000},
	    {"1e0", "1e0", X, 1, 1000},
	    {"1e01", "10", X, 10, 10000},
	    {"1e5", "100e3", X, 100000, 100000000},
	    {"1.5e3", "1500", X, 1500, 1500000},
	    {"12e6", "12e6", X, 12000000, 12000000000},
	    {"1e1000", "10e999", X, INT64_MAX, INT64_MAX},
	    {"0", "0", D, 0, 0},
	    {"00", "0", D, 0, 0},
	    {"-0", "0", D, 0, 0},
	    {"0.0", "0", D, 0, 0},
	    {"0Mi", "0", B, 0, 0},
	    {".", "0", D, 0, 0},
	    {"-", "0", D, 0, 0},
	    {".e3", "0", X, 0, 0},
	    {"8Ei", "9223372036854775807", B, INT64_MAX, INT64_MAX}, /* binary cap */
	    {"-9Ei", "-9223372036854775807", B, -INT64_MAX, INT64_MIN},
	    {"9223372036854775808", "9223372036854775808", D, INT64_MAX, INT64_MAX},
	    {"12345678901234567890123456789012345678", "12345678901234567890123456789012345678", D, INT64_MAX,
	     INT64_MAX},
	    /* "Resource Management for Pods and Containers" */
	    {"128974848", "128974848", D, 128974848, 128974848000},
	    {"129e6", "129e6", X, 129000000, 129000000000},
	    {"129M", "129M", D, 129000000, 129000000000},
	    {"128974848000m", "128974848", D, 128974848, 128974848000},
	    {"123Mi", "123Mi", B, 128974848, 128974848000},
	    {"400m", "400m", D, 1, 400},
	    {"0.4", "400m", D, 1, 400},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_quantity q;
		kc_error err = KC_ERROR_INIT;
		char buf[KC_QUANTITY_STR_MAX];
		if (kc_quantity_parse(cases[i].in, &q, &err) < 0)
			fail_msg("case %zu %s: %s", i, cases[i].in, err.msg);
		if (!streq(kc_quantity_string(&q, buf), cases[i].out) || q.format != cases[i].format)
			fail_msg("case %zu %s: got %s %s want %s %s", i, cases[i].in, buf,
			         kc_quantity_format_name(q.format), cases[i].out,
			         kc_quantity_format_name(cases[i].format));
		if (kc_quantity_value(&q) != cases[i].value || kc_quantity_milli_value(&q) != cases[i].milli)
			fail_msg("case %zu %s: value %lld milli %lld", i, cases[i].in,
			         (long long)kc_quantity_value(&q), (long long)kc_quantity_milli_value(&q));
		/* the canonical text reads back as the same value */
		kc_quantity again = Q(buf);
		if (kc_quantity_cmp(&q, &again) != 0)
			fail_msg("case %zu %s: %s reparses to a different value", i, cases[i].in, buf);
		free(kc_quantity_to_string(&q));
	}
}

static void test_parse_errors(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int code;
		const char *msg;
	} cases[] = {
	    {"", -EINVAL, KC_QUANTITY_ERR_FORMAT},
	    {"1.2.3", -EINVAL, KC_QUANTITY_ERR_FORMAT},
	    {"1Qi", -EINVAL, KC_QUANTITY_ERR_FORMAT},
	    {"abc", -EINVAL, KC_QUANTITY_ERR_FORMAT},
	    {" 1", -EINVAL, KC_QUANTITY_ERR_FORMAT},
	    {"1 ", -EINVAL, KC_QUANTITY_ERR_FORMAT},
	    {"1e3e", -EINVAL, KC_QUANTITY_ERR_FORMAT},
	    {"1e3.5", -EINVAL, KC_QUANTITY_ERR_FORMAT},
	    {"--1", -EINVAL, KC_QUANTITY_ERR_SUFFIX},
	    {"1e", -EINVAL, KC_QUANTITY_ERR_SUFFIX},
	    {"1ki", -EINVAL, KC_QUANTITY_ERR_SUFFIX},
	    {"1Ki3", -EINVAL, KC_QUANTITY_ERR_SUFFIX},
	    {"1m3", -EINVAL, KC_QUANTITY_ERR_SUFFIX},
	    {"1ee3", -EINVAL, KC_QUANTITY_ERR_SUFFIX},
	    {"1E+", -EINVAL, KC_QUANTITY_ERR_SUFFIX},
	    {"1e99999999999999999999", -EINVAL, KC_QUANTITY_ERR_SUFFIX}, /* exponent overflow */
	    {".Ei", -EINVAL, KC_QUANTITY_ERR_NUMERIC},
	    {"+Pi", -EINVAL, KC_QUANTITY_ERR_NUMERIC},
	    {"e-12", -EINVAL, KC_QUANTITY_ERR_NUMERIC},
	    /* kc's bounds (upstream falls back to unbounded decimals, or wraps
	     * the exponent to 32 bits) */
	    {"123456789012345678901234567890123456789", -ERANGE, NULL},
	    {"12345678901234567890123456789012.123456789", -ERANGE, NULL},
	    {"1e4294967296", -ERANGE, NULL},
	    {"1e1000001", -ERANGE, NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_quantity q = KC_QUANTITY_ZERO;
		q.mant = 42;
		kc_error err = KC_ERROR_INIT;
		int r = kc_quantity_parse(cases[i].in, &q, &err);
		if (r != cases[i].code || (cases[i].msg && !streq(err.msg, cases[i].msg)))
			fail_msg("case %zu [%s]: r=%d msg=%s", i, cases[i].in, r, err.msg);
		if (q.mant != 42)
			fail_msg("case %zu: output changed on failure", i);
	}
	/* an embedded NUL is not the end of the text */
	kc_quantity q;
	assert_int_equal(kc_quantity_parse_len("1\0k", 3, &q, NULL), -EINVAL);
	assert_int_equal(kc_quantity_parse_len("1k", 2, &q, NULL), 0);
	/* tiny exponents round up to 1n instead of failing */
	assert_int_equal(kc_quantity_parse("1e-4294967296", &q, NULL), 0);
	assert_int_equal(kc_quantity_milli_value(&q), 1);
	/* many digits that round away below nano are fine */
	assert_int_equal(kc_quantity_parse("0.0000000011000000000000000000000000000000000000001", &q, NULL),
	                 0);
	char buf[KC_QUANTITY_STR_MAX];
	assert_string_equal(kc_quantity_string(&q, buf), "2n");
}

/* Where upstream prints something wrong, kc prints the right number. */
static void test_deviations(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"1000E", "1000E"},       /* upstream: "1" */
	    {"1000000E", "1000000E"}, /* upstream: "1" */
	    {"1e60", "1e60"},         /* DecimalExponent is fine upstream too */
	    {"1000000000000000000000000000000E", "1e48"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_quantity q = Q(cases[i].in);
		char buf[KC_QUANTITY_STR_MAX];
		if (!streq(kc_quantity_string(&q, buf), cases[i].out))
			fail_msg("case %zu %s: got %s", i, cases[i].in, buf);
		kc_quantity again = Q(buf);
		assert_int_equal(kc_quantity_cmp(&q, &again), 0);
	}
	/* 1024Ei and up keep the Ei suffix */
	kc_quantity q = Q("8Ei"), y = Q("8Ei");
	for (int i = 0; i < 10; i++)
		assert_int_equal(kc_quantity_add(&q, &y, NULL), 0);
	char buf[KC_QUANTITY_STR_MAX];
	assert_string_equal(kc_quantity_string(&q, buf), "101457092405402533877");
	kc_quantity big = KC_QUANTITY_ZERO, ei = Q("1Ei");
	for (int i = 0; i < 1024; i++)
		assert_int_equal(kc_quantity_add(&big, &ei, NULL), 0);
	assert_string_equal(kc_quantity_string(&big, buf), "1024Ei");
}

static void test_arithmetic(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b, *sum, *diff;
		int cmp;
	} cases[] = {
	    {"1", "500m", "1500m", "500m", 1},
	    {"400m", "0.4", "800m", "0", 0},
	    {"1Gi", "1Gi", "2Gi", "0", 0},
	    {"1Gi", "1G", "2073741824", "73741824", 1},
	    {"128974848", "123Mi", "257949696", "0", 0},
	    {"129M", "123Mi", "257974848", "25152", 1},
	    {"-1", "1n", "-999999999n", "-1000000001n", -1},
	    {"1n", "1E", "1000000000000000000000000001n", "-999999999999999999999999999n", -1},
	    {"0", "1Ki", "1Ki", "-1Ki", -1}, /* zero takes the other's format */
	    {"1e3", "1k", "2e3", "0", 0},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_quantity a = Q(cases[i].a), b = Q(cases[i].b), s = a, d = a;
		char bs[KC_QUANTITY_STR_MAX], bd[KC_QUANTITY_STR_MAX];
		assert_int_equal(kc_quantity_add(&s, &b, NULL), 0);
		assert_int_equal(kc_quantity_sub(&d, &b, NULL), 0);
		if (!streq(kc_quantity_string(&s, bs), cases[i].sum) ||
		    !streq(kc_quantity_string(&d, bd), cases[i].diff) ||
		    kc_quantity_cmp(&a, &b) != cases[i].cmp || kc_quantity_cmp(&b, &a) != -cases[i].cmp)
			fail_msg("case %zu %s,%s: sum %s diff %s cmp %d", i, cases[i].a, cases[i].b, bs, bd,
			         kc_quantity_cmp(&a, &b));
	}

	kc_quantity q = Q("1500m");
	char buf[KC_QUANTITY_STR_MAX];
	kc_quantity_neg(&q);
	assert_string_equal(kc_quantity_string(&q, buf), "-1500m");
	assert_int_equal(kc_quantity_sign(&q), -1);
	assert_false(kc_quantity_is_zero(&q));
	q = Q("+1"); /* arithmetic drops upstream's kept text */
	kc_quantity zero = KC_QUANTITY_ZERO;
	assert_int_equal(kc_quantity_add(&q, &zero, NULL), 0);
	assert_string_equal(kc_quantity_string(&q, buf), "1");

	/* leaving the range fails and leaves the operand alone */
	kc_quantity big = Q("99999999999999999999999999999999999999"), two = Q("2"), one = Q("1");
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_quantity_add(&big, &two, &err), -ERANGE);
	assert_string_equal(kc_quantity_string(&big, buf), "99999999999999999999999999999999999999");
	assert_non_null(strstr(err.msg, "out of the supported quantity range"));
	kc_quantity top = big; /* 10^38 itself has one digit */
	assert_int_equal(kc_quantity_add(&top, &one, NULL), 0);
	assert_string_equal(kc_quantity_string(&top, buf), "100000000000000000000E");
	kc_quantity tiny = Q("1n"), huge = Q("1e100");
	assert_int_equal(kc_quantity_add(&tiny, &huge, NULL), -ERANGE);
	assert_int_equal(kc_quantity_cmp(&tiny, &huge), -1);
	/* cancellation of large values with a small difference is exact */
	kc_quantity a = Q("1e50"), b = Q("99999999999999999999999999999999999999e12");
	assert_int_equal(kc_quantity_sub(&a, &b, NULL), 0);
	assert_string_equal(kc_quantity_string(&a, buf), "1e12");

	/* constructors, as NewQuantity/NewMilliQuantity/NewScaledQuantity */
	kc_quantity m = kc_quantity_from_int(1500, -3, KC_QUANTITY_DECIMAL_SI);
	assert_string_equal(kc_quantity_string(&m, buf), "1500m");
	m = kc_quantity_from_int(2048, 0, KC_QUANTITY_BINARY_SI);
	assert_string_equal(kc_quantity_string(&m, buf), "2Ki");
	m = kc_quantity_from_int(5, 6, KC_QUANTITY_DECIMAL_SI);
	assert_string_equal(kc_quantity_string(&m, buf), "5M");
	m = kc_quantity_from_int(INT64_MIN, 0, KC_QUANTITY_DECIMAL_SI);
	assert_string_equal(kc_quantity_string(&m, buf), "-9223372036854775808");
	m = kc_quantity_from_int(15, -12, KC_QUANTITY_DECIMAL_SI);
	assert_string_equal(kc_quantity_string(&m, buf), "1n");

	/* scaled values round away from zero; overflow is reported */
	int64_t v = 0;
	q = Q("1.5");
	assert_int_equal(kc_quantity_scaled_value(&q, 0, &v), 0);
	assert_int_equal(v, 2);
	q = Q("-1.5");
	assert_int_equal(kc_quantity_scaled_value(&q, 0, &v), 0);
	assert_int_equal(v, -2);
	q = Q("1500m");
	assert_int_equal(kc_quantity_scaled_value(&q, 3, &v), 0); /* in k */
	assert_int_equal(v, 1);
	q = Q("1E");
	v = 7;
	assert_int_equal(kc_quantity_scaled_value(&q, -3, &v), -ERANGE);
	assert_int_equal(v, 7);
	q = Q("-9223372036854775808");
	assert_int_equal(kc_quantity_scaled_value(&q, 0, &v), 0);
	assert_int_equal(v, INT64_MIN);
	q = Q("1e-9");
	assert_int_equal(kc_quantity_scaled_value(&q, 100, &v), 0);
	assert_int_equal(v, 1);
}

static void test_json(void **state)
{
	(void)state;
	static const struct {
		const char *text, *out;
	} cases[] = {
	    {"\"100m\"", "100m"},
	    {"null", "0"},
	    {"\" 1Gi \"", "1Gi"},
	    {"1.5", "1500m"},
	    {"1e3", "1e3"},
	    {"\"\xc2\xa0"
	     "2\"",
	     "2"},
	    {"0.1", "100m"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_quantity q;
		kc_error err = KC_ERROR_INIT;
		char buf[KC_QUANTITY_STR_MAX];
		if (kc_quantity_from_json_text(cases[i].text, strlen(cases[i].text), &q, &err) < 0)
			fail_msg("case %zu %s: %s", i, cases[i].text, err.msg);
		if (!streq(kc_quantity_string(&q, buf), cases[i].out))
			fail_msg("case %zu %s: got %s", i, cases[i].text, buf);
	}
	kc_quantity q;
	assert_int_equal(kc_quantity_from_json_text("\"1x\"", 4, &q, NULL), -EINVAL);
	assert_int_equal(kc_quantity_from_json_text("\"", 1, &q, NULL), -EINVAL);

	static const struct {
		const char *json, *out;
		int rc;
	} items[] = {
	    {"\"250m\"", "250m", 0},    {"0.1", "100m", 0},      {"2", "2", 0},
	    {"1e20", "100e18", 0},      {"1.5e-3", "1500u", 0},  {"-3", "-3", 0},
	    {"null", "0", 0},           {"true", NULL, -EINVAL}, {"[1]", NULL, -EINVAL},
	    {"\"1Qi\"", NULL, -EINVAL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(items); i++) {
		_cleanup_json_ cJSON *j = cJSON_Parse(items[i].json);
		kc_error err = KC_ERROR_INIT;
		char buf[KC_QUANTITY_STR_MAX];
		assert_non_null(j);
		int r = kc_quantity_from_json(j, &q, &err);
		if (r != items[i].rc || (r == 0 && !streq(kc_quantity_string(&q, buf), items[i].out)))
			fail_msg("item %zu %s: r=%d %s %s", i, items[i].json, r, err.msg, r == 0 ? buf : "");
	}
	q = Q("1.5Gi");
	_cleanup_json_ cJSON *out = kc_quantity_to_json(&q);
	assert_true(cJSON_IsString(out));
	assert_string_equal(out->valuestring, "1536Mi");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_canonical),
	    cmocka_unit_test(test_parse_errors),
	    cmocka_unit_test(test_deviations),
	    cmocka_unit_test(test_arithmetic),
	    cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
