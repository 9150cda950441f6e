/* test_api_fielderr.c - field errors print, aggregate and become a Status
 * exactly as apimachinery's field.Error and apierrors.NewInvalid do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "apiserver/fielderr.h"
#include "common/util.h"
#include "common/validate.h"

static char *one(api_field_errors *e)
{
	assert_int_equal(e->n, 1);
	char *s = api_field_error_string(&e->v[0]);
	api_field_errors_clear(e);
	return s;
}

static void expect_one(api_field_errors *e, const char *want)
{
	_cleanup_free_ char *got = one(e);
	if (!streq(got, want))
		fail_msg("got:  %s\nwant: %s", got, want);
}

/* Bad values print as field.Error's ErrorBody prints them. */
static void test_values(void **state)
{
	(void)state;
	static const struct {
		const char *json, *want;
	} cases[] = {
		{"\"abc\"", "x: Invalid value: \"abc\": d"},
		{"\"tab\\tquote\\\"nl\\n\"", "x: Invalid value: \"tab\\tquote\\\"nl\\n\": d"},
		{"\"\\u00e9t\\u00e9\"", "x: Invalid value: \"\xc3\xa9t\xc3\xa9\": d"},
		{"\"\\u0001\"", "x: Invalid value: \"\\x01\": d"},
		{"-1", "x: Invalid value: -1: d"},
		{"80000", "x: Invalid value: 80000: d"},
		{"0.5", "x: Invalid value: 0.5: d"},
		{"true", "x: Invalid value: true: d"},
		{"null", "x: Invalid value: null: d"},
		/* maps print as Go's json.Marshal: keys sorted, no spaces */
		{"{\"b\":\"2\",\"a\":\"1\"}", "x: Invalid value: {\"a\":\"1\",\"b\":\"2\"}: d"},
		{"{\"matchLabels\":{\"app\":\"x\"}}", "x: Invalid value: {\"matchLabels\":{\"app\":\"x\"}}: d"},
		{"[\"a\",1,false]", "x: Invalid value: [\"a\",1,false]: d"},
		{"{\"h\":\"<&>\"}", "x: Invalid value: {\"h\":\"\\u003c\\u0026\\u003e\"}: d"},
		{"[]", "x: Invalid value: []: d"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		cJSON *v = cJSON_Parse(cases[i].json);
		assert_non_null(v);
		api_field_errors e = API_FIELD_ERRORS_INIT;
		api_fe_invalid(&e, "x", v, "d");
		_cleanup_free_ char *got = one(&e);
		cJSON_Delete(v);
		if (!streq(got, cases[i].want))
			fail_msg("case %s:\n got: %s\nwant: %s", cases[i].json, got, cases[i].want);
	}
}

static void test_types(void **state)
{
	(void)state;
	api_field_errors e = API_FIELD_ERRORS_INIT;
	cJSON *v = cJSON_CreateString("v");

	api_fe_required(&e, "spec.containers", NULL);
	expect_one(&e, "spec.containers: Required value");
	api_fe_required(&e, "metadata.name", "name or generateName is required");
	expect_one(&e, "metadata.name: Required value: name or generateName is required");
	/* Required, Forbidden, TooLong and Internal never show a value */
	api_fe_add(&e, API_FE_REQUIRED, "r", v, "%s", "d");
	expect_one(&e, "r: Required value: d");
	api_fe_forbidden(&e, "spec", "pod updates may not add or remove containers");
	expect_one(&e, "spec: Forbidden: pod updates may not add or remove containers");
	api_fe_too_long(&e, "metadata.annotations", v, 262144);
	expect_one(&e, "metadata.annotations: Too long: may not be more than 262144 bytes");
	api_fe_too_long(&e, "a", NULL, 1);
	expect_one(&e, "a: Too long: may not be more than 1 byte");
	api_fe_too_long(&e, "a", NULL, -1);
	expect_one(&e, "a: Too long: value is too long");
	api_fe_internal(&e, "a", "boom");
	expect_one(&e, "a: Internal error: boom");

	api_fe_too_many(&e, "spec.rules", 21, 20);
	expect_one(&e, "spec.rules: Too many: 21: must have at most 20 items");
	api_fe_too_many(&e, "l", -1, 1);
	expect_one(&e, "l: Too many: must have at most 1 item");
	api_fe_too_many(&e, "l", 3, -1);
	expect_one(&e, "l: Too many: 3: has too many items");

	api_fe_duplicate(&e, "spec.containers[1].name", v);
	expect_one(&e, "spec.containers[1].name: Duplicate value: \"v\"");
	api_fe_duplicate_str(&e, "p", "http");
	expect_one(&e, "p: Duplicate value: \"http\"");
	api_fe_add(&e, API_FE_NOT_FOUND, "spec.containers[0].volumeMounts[0].name", v, NULL);
	expect_one(&e, "spec.containers[0].volumeMounts[0].name: Not found: \"v\"");

	static const char *const pols[] = {"Always", "OnFailure", "Never", NULL};
	api_fe_not_supported(&e, "spec.restartPolicy", v, pols);
	expect_one(&e, "spec.restartPolicy: Unsupported value: \"v\": supported values: \"Always\", \"OnFailure\", \"Never\"");
	static const char *const none[] = {NULL};
	api_fe_not_supported_str(&e, "t", "x", none);
	expect_one(&e, "t: Unsupported value: \"x\"");

	api_fe_invalid_int(&e, "spec.replicas", -1, "must be greater than or equal to 0");
	expect_one(&e, "spec.replicas: Invalid value: -1: must be greater than or equal to 0");
	api_fe_invalid_str(&e, "metadata.name", "A", NULL);
	expect_one(&e, "metadata.name: Invalid value: \"A\"");
	api_fe_add(&e, API_FE_TYPE_INVALID, "spec.replicas", v, "must be of type %s", "integer");
	expect_one(&e, "spec.replicas: Invalid value: \"v\": must be of type integer");
	/* a value left out, as OmitValueType */
	api_fe_add_rendered(&e, API_FE_INVALID, "spec.podFailurePolicy.rules[0]", NULL,
			    "specifying one of OnExitCodes and OnPodConditions is required");
	expect_one(&e, "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required");
	cJSON_Delete(v);
}

static void test_messages(void **state)
{
	(void)state;
	api_field_errors e = API_FIELD_ERRORS_INIT;
	_cleanup_free_ char *none = api_field_errors_message(&e, "Pod", "x");
	assert_string_equal(none, "Pod \"x\" is invalid");

	api_fe_required(&e, "metadata.name", "name or generateName is required");
	_cleanup_free_ char *single = api_field_errors_message(&e, "Pod", "");
	assert_string_equal(single, "Pod \"\" is invalid: metadata.name: Required value: name or generateName is required");

	api_fe_invalid_int(&e, "spec.replicas", -1, "must be greater than or equal to 0");
	/* the same error twice prints once (ToAggregate) */
	api_fe_invalid_int(&e, "spec.replicas", -1, "must be greater than or equal to 0");
	_cleanup_free_ char *several = api_field_errors_message(&e, "Deployment.apps", "web");
	assert_string_equal(several, "Deployment.apps \"web\" is invalid: [metadata.name: Required value: name or "
				     "generateName is required, spec.replicas: Invalid value: -1: must be greater than or "
				     "equal to 0]");
	api_field_errors_clear(&e);

	/* a name with a quote is quoted as %q */
	api_fe_required(&e, "a", NULL);
	_cleanup_free_ char *quoted = api_field_errors_message(&e, "ConfigMap", "a\"b");
	assert_string_equal(quoted, "ConfigMap \"a\\\"b\" is invalid: a: Required value");
	api_field_errors_clear(&e);
}

static void test_status(void **state)
{
	(void)state;
	api_field_errors e = API_FIELD_ERRORS_INIT;
	api_fe_invalid_int(&e, "spec.replicas", -1, "must be greater than or equal to 0");
	api_fe_required(&e, "spec.selector", NULL);
	api_fe_invalid_int(&e, "spec.replicas", -1, "must be greater than or equal to 0");
	cJSON *st = api_field_errors_status(&e, "apps", "Deployment", "web");
	const char *want =
		"{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
		"\"message\":\"Deployment.apps \\\"web\\\" is invalid: [spec.replicas: Invalid value: -1: must be "
		"greater than or equal to 0, spec.selector: Required value]\",\"reason\":\"Invalid\","
		"\"details\":{\"name\":\"web\",\"group\":\"apps\",\"kind\":\"Deployment\",\"causes\":["
		"{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: -1: must be greater than or equal to 0\","
		"\"field\":\"spec.replicas\"},"
		"{\"reason\":\"FieldValueRequired\",\"message\":\"Required value\",\"field\":\"spec.selector\"},"
		"{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid value: -1: must be greater than or equal to 0\","
		"\"field\":\"spec.replicas\"}]},\"code\":422}";
	cJSON *w = cJSON_Parse(want);
	assert_non_null(w);
	if (!cJSON_Compare(st, w, true)) {
		_cleanup_free_ char *got = cJSON_PrintUnformatted(st);
		fail_msg("got %s", got);
	}
	cJSON_Delete(w);
	cJSON_Delete(st);

	/* core group: no group in details, plain kind in the message; a
	 * cause with no field leaves "field" out (ConfigMap's whole-object
	 * size error) */
	api_field_errors_clear(&e);
	api_fe_too_long(&e, "", NULL, 1048576);
	st = api_field_errors_status(&e, "", "ConfigMap", "big");
	assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(st, "details"), "group"));
	assert_string_equal(cJSON_GetObjectItem(st, "message")->valuestring,
			    "ConfigMap \"big\" is invalid: : Too long: may not be more than 1048576 bytes");
	cJSON *cause = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(st, "details"), "causes"), 0);
	assert_string_equal(cJSON_GetObjectItem(cause, "reason")->valuestring, "FieldValueTooLong");
	assert_null(cJSON_GetObjectItem(cause, "field"));
	cJSON_Delete(st);
	api_field_errors_clear(&e);
}

static void test_reasons(void **state)
{
	(void)state;
	static const struct {
		api_field_error_type t;
		const char *reason;
	} cases[] = {
		{API_FE_NOT_FOUND, "FieldValueNotFound"}, {API_FE_REQUIRED, "FieldValueRequired"},
		{API_FE_DUPLICATE, "FieldValueDuplicate"}, {API_FE_INVALID, "FieldValueInvalid"},
		{API_FE_NOT_SUPPORTED, "FieldValueNotSupported"}, {API_FE_FORBIDDEN, "FieldValueForbidden"},
		{API_FE_TOO_LONG, "FieldValueTooLong"}, {API_FE_TOO_MANY, "FieldValueTooMany"},
		{API_FE_INTERNAL, "InternalError"}, {API_FE_TYPE_INVALID, "FieldValueTypeInvalid"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++)
		assert_string_equal(api_fe_reason(cases[i].t), cases[i].reason);
}

static void test_paths(void **state)
{
	(void)state;
	_cleanup_free_ char *a = api_path_index("spec.containers", 3);
	assert_string_equal(a, "spec.containers[3]");
	_cleanup_free_ char *b = api_path_key("metadata.labels", "app");
	assert_string_equal(b, "metadata.labels[app]");
	_cleanup_free_ char *c = api_path_child(a, "name");
	assert_string_equal(c, "spec.containers[3].name");
	_cleanup_free_ char *d = api_path_child("", "spec");
	assert_string_equal(d, "spec");
}

/* The bridges from common/validate.h keep type, path, value and detail. */
static void test_bridges(void **state)
{
	(void)state;
	kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
	kc_validate_required(&v, "metadata.name", "name or generateName is required");
	kc_validate_invalid(&v, "metadata.labels", "a b", "bad");
	api_field_errors e = API_FIELD_ERRORS_INIT;
	api_fe_add_validate(&e, &v);
	kc_validate_errors_free(&v);
	assert_int_equal(e.n, 2);
	_cleanup_free_ char *s0 = api_field_error_string(&e.v[0]);
	_cleanup_free_ char *s1 = api_field_error_string(&e.v[1]);
	assert_string_equal(s0, "metadata.name: Required value: name or generateName is required");
	assert_string_equal(s1, "metadata.labels: Invalid value: \"a b\": bad");
	api_field_errors_clear(&e);

	kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
	kc_validate_msgs_add(&m, "one");
	kc_validate_msgs_add(&m, "two");
	api_fe_add_msgs(&e, "spec.hostname", "X", &m);
	kc_validate_msgs_free(&m);
	assert_int_equal(e.n, 2);
	_cleanup_free_ char *m1 = api_field_error_string(&e.v[1]);
	assert_string_equal(m1, "spec.hostname: Invalid value: \"X\": two");

	api_field_errors other = API_FIELD_ERRORS_INIT;
	api_fe_required(&other, "z", NULL);
	api_fe_append(&e, &other);
	assert_int_equal(e.n, 3);
	assert_int_equal(other.n, 0);
	api_field_errors_clear(&e);
	api_field_errors_clear(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),  cmocka_unit_test(test_types), cmocka_unit_test(test_messages),
		cmocka_unit_test(test_status),  cmocka_unit_test(test_reasons), cmocka_unit_test(test_paths),
		cmocka_unit_test(test_bridges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
