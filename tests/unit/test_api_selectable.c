/* test_api_selectable.c - the packed labels and fields that label and field
 * selectors of lists and watches match against (apiserver/selectable.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "apiserver/filter.h"
#include "apiserver/selectable.h"
#include "common/json.h"
#include "common/util.h"

static const char pod[] =
	"{\"metadata\":{\"name\":\"web-1\",\"namespace\":\"prod\",\"labels\":{\"app\":\"web\",\"tier\":\"front\","
	"\"empty\":\"\",\"n\":7}},\"spec\":{\"nodeName\":\"n1\",\"hostNetwork\":true},\"status\":{\"phase\":\"Running\"}}";

typedef struct match_case {
	const char *labels; /* labelSelector, NULL: none */
	const char *fields; /* fieldSelector, NULL: none */
	bool want;
} match_case;

static const match_case cases[] = {
	{"app=web", NULL, true},
	{"app in (db)", NULL, false},
	{"app in (db,web),tier", NULL, true},
	{"!tier", NULL, false},
	{"missing", NULL, false},
	{"!missing", NULL, true},
	{"empty=", NULL, true},
	{"empty", NULL, true},
	{"n", NULL, true},      /* a non-string label is present with "" */
	{"n=7", NULL, false},
	{"app!=web", NULL, false},
	{NULL, "metadata.name=web-1", true},
	{NULL, "metadata.namespace=prod,spec.nodeName=n1", true},
	{NULL, "spec.nodeName!=n1", false},
	{NULL, "status.phase=Running", true},
	{NULL, "spec.hostNetwork=true", true},
	{NULL, "status.podIP=", true}, /* absent fields compare as "" */
	{NULL, "spec.restartPolicy=Always", false},
	{"app=web", "spec.nodeName=n2", false},
	{"app=web", "spec.nodeName=n1", true},
};

static void test_matching(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *obj = cJSON_Parse(pod);
	const kc_fieldsel_table *table = kc_fieldsel_table_for_kind("", "Pod");
	_cleanup_free_ api_selectable *s = api_selectable_new(obj, table);
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const match_case *c = &cases[i];
		api_filter f = {.table = table};
		kc_error err = KC_ERROR_INIT;
		if (c->labels && kc_selector_parse(c->labels, &f.labels, &err) < 0)
			fail_msg("case %zu: %s", i, err.msg);
		if (c->fields && (kc_fieldsel_parse(c->fields, &f.fields, &err) < 0 ||
				  kc_fieldsel_resolve(f.fields, table, &err) < 0))
			fail_msg("case %zu: %s", i, err.msg);
		bool got = api_filter_match(&f, s);
		/* The same answer as matching the whole object. */
		bool whole = (!f.labels || kc_selector_matches_object(f.labels, obj)) &&
			     (!f.fields || kc_fieldsel_matches(f.fields, obj));
		if (got != c->want || whole != c->want)
			fail_msg("case %zu (%s | %s): packed %d, whole object %d, want %d", i,
				 c->labels ? c->labels : "", c->fields ? c->fields : "", got, whole, c->want);
		api_filter_clear(&f);
	}
}

static void test_lookups(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *obj = cJSON_Parse(pod);
	_cleanup_free_ api_selectable *s = api_selectable_new(obj, kc_fieldsel_table_for_kind("", "Pod"));
	assert_string_equal(api_selectable_label(s, "app"), "web");
	assert_string_equal(api_selectable_label(s, "tier"), "front");
	assert_null(api_selectable_label(s, "web"));           /* a value is not a key */
	assert_null(api_selectable_label(s, "metadata.name")); /* fields are not labels */
	assert_string_equal(api_selectable_field(s, "metadata.name"), "web-1");
	assert_string_equal(api_selectable_field(s, "app"), ""); /* labels are not fields */

	/* No labels, no metadata, not even an object: nothing crashes. */
	const char *odd[] = {"{}", "{\"metadata\":{\"labels\":[\"a\"]}}", "{\"metadata\":{\"labels\":\"a\"}}", "[]",
			     "null"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(odd); i++) {
		_cleanup_json_ cJSON *o = cJSON_Parse(odd[i]);
		_cleanup_free_ api_selectable *e = api_selectable_new(o, NULL);
		assert_null(api_selectable_label(e, "a"));
		assert_string_equal(api_selectable_field(e, "metadata.name"), "");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_lookups),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
