/* test_selector.c - label selectors (common/selector.h).
 *
 * Expected strings are upstream's: the examples of the Kubernetes "Labels and
 * Selectors" page, and parse errors as k8s.io/apimachinery/pkg/labels words
 * them. The parse-error table was cross-checked against the real kubectl
 * (`kubectl set selector --local`, which parses client-side), v1.32: the only
 * differences are 1.35's wording of label key/value lengths ("bytes" for
 * "characters"), of keys with two slashes ("a valid label key" for "a
 * qualified name"), and its fix for consecutive commas in a set ("(,,)"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <string.h>

#include "common/map.h"
#include "common/selector.h"
#include "common/util.h"

#define KEY_NAME_RE                                                                                          \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "          \
	"alphanumeric "                                                                                      \
	"character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "              \
	"'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
#define NAME_PART_MSG "name part " KEY_NAME_RE
#define LABEL_VALUE_MSG                                                                                      \
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and " \
	"must "                                                                                              \
	"start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex "  \
	"used "                                                                                              \
	"for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
#define DNS_SUBDOMAIN_MSG                                                                                    \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "    \
	"and must "                                                                                          \
	"start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "    \
	"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
#define UNABLE "unable to parse requirement: "
#define OPS    "in, notin, =, ==, !=, gt, lt"

#define EXPECT_STR(name, got, want)                                                                          \
	do {                                                                                                 \
		const char *g_ = (got), *w_ = (want);                                                        \
		if (!streq_ptr(g_, w_))                                                                      \
			fail_msg("case '%s':\n  got  <%s>\n  want <%s>", (name), g_ ? g_ : "(null)",         \
			         w_ ? w_ : "(null)");                                                        \
	} while (0)

typedef struct parse_case {
	const char *in;
	const char *want; /* canonical String(), or NULL when parsing must fail */
	const char *err;  /* the error, when want is NULL */
} parse_case;

static const parse_case parse_cases[] = {
    /* "Labels and Selectors": equality-based requirements. */
    {"environment = production", "environment=production", NULL},
    {"tier != frontend", "tier!=frontend", NULL},
    {"environment=production,tier!=frontend", "environment=production,tier!=frontend", NULL},
    /* Set-based requirements. */
    {"environment in (production, qa)", "environment in (production,qa)", NULL},
    {"tier notin (frontend, backend)", "tier notin (backend,frontend)", NULL},
    {"partition", "partition", NULL},
    {"!partition", "!partition", NULL},
    {"partition,environment notin (qa)", "environment notin (qa),partition", NULL},
    /* The kubectl and API examples of the same page. */
    {"environment=production,tier=frontend", "environment=production,tier=frontend", NULL},
    {"environment in (production),tier in (frontend)", "environment in (production),tier in (frontend)",
     NULL},
    {"environment in (production, qa),tier in (frontend)",
     "environment in (production,qa),tier in (frontend)", NULL},
    {"environment,environment notin (frontend)", "environment,environment notin (frontend)", NULL},
    /* Canonical form: keys sorted (stably), set values sorted and unique. */
    {"", "", NULL},
    {"   ", "", NULL},
    {"b=1,a=2", "a=2,b=1", NULL},
    {"x=y,x=z", "x=y,x=z", NULL},
    {"a=2,a=1", "a=2,a=1", NULL},
    {"a in (b),a notin (c)", "a in (b),a notin (c)", NULL},
    {"x in (c, a, b, a)", "x in (a,b,c)", NULL},
    {" a = b , c != d ", "a=b,c!=d", NULL},
    {"a\t=\tb\r\n,\nc", "a=b,c", NULL},
    {"a==b", "a==b", NULL},
    {"a=", "a=", NULL},
    {"a==", "a==", NULL},
    {"a!=", "a!=", NULL},
    {"a in ()", "a in ()", NULL},
    {"a in (,)", "a in ()", NULL},
    {"a in (,b)", "a in (,b)", NULL},
    {"a in (b,)", "a in (,b)", NULL},
    {"a in (b,,c)", "a in (,b,c)", NULL},
    {"a notin (,,)", "a notin ()", NULL},
    {"a notin (,,,b,,)", "a notin (,b)", NULL},
    {"a > 1", "a>1", NULL},
    {"a<1", "a<1", NULL},
    {"a<0001", "a<0001", NULL},
    {"!a,b", "!a,b", NULL},
    {"a=b,!c,d in (e)", "a=b,!c,d in (e)", NULL},
    {"example.com/Name=x", "example.com/Name=x", NULL},
    {"app.kubernetes.io/name in (nginx)", "app.kubernetes.io/name in (nginx)", NULL},
    /* "in" and "notin" are keys and values where those are expected. */
    {"in in (in)", "in in (in)", NULL},
    {"notin notin (notin)", "notin notin (notin)", NULL},
    {"in=in", "in=in", NULL},
    {"in", "in", NULL},
    {"notin", "notin", NULL},
    /* Malformed: unclosed parentheses, empty sets, bad operators. */
    {"a in (", NULL, UNABLE "found '', expected: ',', ')' or identifier"},
    {"a in", NULL, UNABLE "found '' expected: '('"},
    {"a in (b", NULL, UNABLE "found '', expected: ',' or ')'"},
    {"a in (b,", NULL, UNABLE "found '', expected: ',', or identifier"},
    {"a in (b c)", NULL, UNABLE "found 'c', expected: ',' or ')'"},
    {"a in b", NULL, UNABLE "found 'b' expected: '('"},
    {"a in ((b))", NULL, UNABLE "found '(', expected: ',', ')' or identifier"},
    {"a in (b))", NULL, "found ')', expected: ',' or 'end of string'"},
    {"a in (b=c)", NULL, UNABLE "found '=', expected: ',' or ')'"},
    {"a in (b,=)", NULL, UNABLE "found '=', expected: ',', or identifier"},
    {"a=b=c", NULL, "found '=', expected: ',' or 'end of string'"},
    {"a===b", NULL, UNABLE "found '=', expected: identifier"},
    {"a!==b", NULL, UNABLE "found '=', expected: identifier"},
    {"a=(b)", NULL, UNABLE "found '(', expected: identifier"},
    {"a=(", NULL, UNABLE "found '(', expected: identifier"},
    {"a=b)", NULL, "found ')', expected: ',' or 'end of string'"},
    {"a=b!c", NULL, "found '!', expected: ',' or 'end of string'"},
    {"a!b", NULL, UNABLE "found '!', expected: " OPS},
    {"a b", NULL, UNABLE "found 'b', expected: " OPS},
    {"key with space", NULL, UNABLE "found 'with', expected: " OPS},
    {"a (b)", NULL, UNABLE "found '(', expected: " OPS},
    {"a in (b) c", NULL, "found 'c', expected: ',' or 'end of string'"},
    {"a=b c=d", NULL, "found 'c', expected: ',' or 'end of string'"},
    /* Trailing and doubled commas. */
    {"a=b,", NULL, "found '', expected: identifier after ','"},
    {"a,", NULL, "found '', expected: identifier after ','"},
    {"a=b,,c=d", NULL, "found ',', expected: identifier after ','"},
    {"a,,", NULL, "found ',', expected: identifier after ','"},
    {",a", NULL, "found ',', expected: !, identifier, or 'end of string'"},
    {",", NULL, "found ',', expected: !, identifier, or 'end of string'"},
    {"=a", NULL, "found '=', expected: !, identifier, or 'end of string'"},
    {")", NULL, "found ')', expected: !, identifier, or 'end of string'"},
    /* '!' only before a key. */
    {"!", NULL, UNABLE "found '', expected: identifier"},
    {"!!a", NULL, UNABLE "found '!', expected: identifier"},
    {"!a=b", NULL, "found '=', expected: ',' or 'end of string'"},
    {"!=a", NULL, "found '!=', expected: !, identifier, or 'end of string'"},
    /* Integer comparisons. */
    {"a>", NULL,
     UNABLE "values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value must be an integer"},
    {"a>b", NULL,
     UNABLE "values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer"},
    {"a>1.5", NULL,
     UNABLE "values[0]: Invalid value: \"1.5\": for 'Gt', 'Lt' operators, the value must be an integer"},
    {"a>99999999999999999999", NULL,
     UNABLE
     "values[0]: Invalid value: \"99999999999999999999\": for 'Gt', 'Lt' operators, the value must be an "
     "integer"},
    {"a>-1", NULL, UNABLE "values[0][a]: Invalid value: \"-1\": " LABEL_VALUE_MSG},
    {"a>+1", NULL, UNABLE "values[0][a]: Invalid value: \"+1\": " LABEL_VALUE_MSG},
    {"a>-b", NULL,
     UNABLE "[values[0]: Invalid value: \"-b\": for 'Gt', 'Lt' operators, the value must be an integer, "
            "values[0][a]: Invalid value: \"-b\": " LABEL_VALUE_MSG "]"},
    /* Keys must be qualified names (upstream reports them at a nil path). */
    {"-x", NULL, UNABLE "<nil>: Invalid value: \"-x\": " NAME_PART_MSG},
    {"x/", NULL, UNABLE "<nil>: Invalid value: \"x/\": name part must be non-empty; " NAME_PART_MSG},
    {"/x", NULL, UNABLE "<nil>: Invalid value: \"/x\": prefix part must be non-empty"},
    {"a/b/c", NULL,
     UNABLE "<nil>: Invalid value: \"a/b/c\": a valid label key " KEY_NAME_RE
            " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"},
    {"Example.com/name", NULL,
     UNABLE "<nil>: Invalid value: \"Example.com/name\": prefix part " DNS_SUBDOMAIN_MSG},
    {"café=1", NULL, UNABLE "<nil>: Invalid value: \"café\": " NAME_PART_MSG},
    {"a\"b=1", NULL, UNABLE "<nil>: Invalid value: \"a\\\"b\": " NAME_PART_MSG},
    {"!-x", NULL, UNABLE "<nil>: Invalid value: \"-x\": " NAME_PART_MSG},
    /* Values must be label values. */
    {"a=-x", NULL, UNABLE "values[0][a]: Invalid value: \"-x\": " LABEL_VALUE_MSG},
    {"a='b'", NULL, UNABLE "values[0][a]: Invalid value: \"'b'\": " LABEL_VALUE_MSG},
    {"a=\"b\"", NULL, UNABLE "values[0][a]: Invalid value: \"\\\"b\\\"\": " LABEL_VALUE_MSG},
    {"a=b;c", NULL, UNABLE "values[0][a]: Invalid value: \"b;c\": " LABEL_VALUE_MSG},
    {"a in (-x, y-)", NULL,
     UNABLE "[values[0][a]: Invalid value: \"-x\": " LABEL_VALUE_MSG
            ", values[1][a]: Invalid value: \"y-\": " LABEL_VALUE_MSG "]"},
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(parse_cases); i++) {
		const parse_case *c = &parse_cases[i];
		kc_selector *sel = NULL;
		kc_error err = KC_ERROR_INIT;
		int r = kc_selector_parse(c->in, &sel, &err);
		if (!c->want) {
			if (r != -EINVAL)
				fail_msg("case '%s': parsed, want error <%s>", c->in, c->err);
			assert_null(sel);
			EXPECT_STR(c->in, err.msg, c->err);
			continue;
		}
		if (r < 0)
			fail_msg("case '%s': error <%s>, want <%s>", c->in, err.msg, c->want);
		_cleanup_free_ char *s = kc_selector_to_string(sel);
		EXPECT_STR(c->in, s, c->want);
		/* Printing is parseable and a fixed point. */
		kc_selector *again = NULL;
		if (kc_selector_parse(s, &again, &err) < 0)
			fail_msg("case '%s': reparsing <%s>: %s", c->in, s, err.msg);
		_cleanup_free_ char *s2 = kc_selector_to_string(again);
		EXPECT_STR(c->in, s2, s);
		kc_selector_free(again);
		kc_selector_free(sel);
	}
}

static void test_parse_structure(void **state)
{
	(void)state;
	_cleanup_selector_ kc_selector *sel = NULL;
	assert_int_equal(
	    kc_selector_parse("tier notin (frontend, backend),!partition,replicas>2", &sel, NULL), 0);
	assert_false(sel->nothing);
	assert_int_equal(sel->n_reqs, 3);
	assert_string_equal(sel->reqs[0].key, "partition");
	assert_int_equal(sel->reqs[0].op, KC_SELECTOR_DOES_NOT_EXIST);
	assert_int_equal(sel->reqs[0].n_values, 0);
	assert_string_equal(sel->reqs[1].key, "replicas");
	assert_int_equal(sel->reqs[1].op, KC_SELECTOR_GREATER_THAN);
	assert_string_equal(sel->reqs[1].values[0], "2");
	assert_string_equal(sel->reqs[2].key, "tier");
	assert_int_equal(sel->reqs[2].op, KC_SELECTOR_NOT_IN);
	assert_int_equal(sel->reqs[2].n_values, 2);
	assert_string_equal(sel->reqs[2].values[0], "backend");
	assert_string_equal(sel->reqs[2].values[1], "frontend");
	assert_false(kc_selector_empty(sel));

	_cleanup_selector_ kc_selector *empty = NULL;
	assert_int_equal(kc_selector_parse("", &empty, NULL), 0);
	assert_true(kc_selector_empty(empty));
	assert_false(kc_selector_matches_nothing(empty));

	/* ret is untouched on failure. */
	kc_selector *keep = (kc_selector *)&sel;
	assert_int_equal(kc_selector_parse("a in (", &keep, NULL), -EINVAL);
	assert_ptr_equal(keep, (kc_selector *)&sel);
}

static void test_parse_long(void **state)
{
	(void)state;
	/* Many requirements. */
	kc_buf b = KC_BUF_INIT;
	for (int i = 9999; i >= 0; i--)
		kc_buf_addf(&b, "%sk%05d in (v%d, w)", i == 9999 ? "" : ",", i, i % 7);
	_cleanup_selector_ kc_selector *sel = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_selector_parse(b.s, &sel, &err) < 0)
		fail_msg("10000 requirements: %s", err.msg);
	assert_int_equal(sel->n_reqs, 10000);
	assert_string_equal(sel->reqs[0].key, "k00000");
	assert_string_equal(sel->reqs[9999].key, "k09999");
	kc_buf_free(&b);

	/* A key far past 63 bytes: the message names it and is cut to fit. */
	_cleanup_free_ char *key = xmalloc(100001);
	memset(key, 'k', 100000);
	key[100000] = '\0';
	assert_int_equal(kc_selector_parse(key, &sel, &err), -EINVAL);
	assert_true(str_startswith(err.msg, UNABLE "<nil>: Invalid value: \"kkkk"));
	assert_int_equal(strlen(err.msg), KC_ERROR_MSG_MAX - 1);

	/* Deep parentheses and long runs of operators fail without recursion. */
	_cleanup_free_ char *parens = xmalloc(200001);
	memcpy(parens, "a in ", 5);
	memset(parens + 5, '(', 199995);
	parens[200000] = '\0';
	assert_int_equal(kc_selector_parse(parens, &sel, &err), -EINVAL);
	EXPECT_STR("deep parens", err.msg, UNABLE "found '(', expected: ',', ')' or identifier");
	memset(parens, '!', 200000);
	assert_int_equal(kc_selector_parse(parens, &sel, &err), -EINVAL);
	EXPECT_STR("many bangs", err.msg, UNABLE "found '!', expected: identifier");
	memset(parens, ',', 200000);
	assert_int_equal(kc_selector_parse(parens, &sel, &err), -EINVAL);
	EXPECT_STR("many commas", err.msg, "found ',', expected: !, identifier, or 'end of string'");
}

typedef struct match_case {
	const char *selector;
	const char *labels; /* JSON object, or NULL for an object without labels */
	bool want;
} match_case;

static const match_case match_cases[] = {
    /* "Labels and Selectors". */
    {"environment = production", "{\"environment\":\"production\",\"tier\":\"frontend\"}", true},
    {"environment = production", "{\"environment\":\"qa\"}", false},
    {"environment = production", "{}", false},
    {"tier != frontend", "{\"tier\":\"backend\"}", true},
    {"tier != frontend", "{}", true}, /* also those without the key */
    {"tier != frontend", "{\"tier\":\"frontend\"}", false},
    {"environment=production,tier!=frontend", "{\"environment\":\"production\"}", true},
    {"environment=production,tier!=frontend", "{\"environment\":\"production\",\"tier\":\"frontend\"}",
     false},
    {"environment in (production, qa)", "{\"environment\":\"qa\"}", true},
    {"environment in (production, qa)", "{\"environment\":\"dev\"}", false},
    {"environment in (production, qa)", "{}", false},
    {"tier notin (frontend, backend)", "{\"tier\":\"cache\"}", true},
    {"tier notin (frontend, backend)", "{}", true},
    {"tier notin (frontend, backend)", "{\"tier\":\"backend\"}", false},
    {"partition", "{\"partition\":\"customerA\"}", true},
    {"partition", "{\"partition\":\"\"}", true},
    {"partition", "{}", false},
    {"!partition", "{}", true},
    {"!partition", "{\"partition\":\"customerB\"}", false},
    {"partition,environment notin (qa)", "{\"partition\":\"a\",\"environment\":\"dev\"}", true},
    {"partition,environment notin (qa)", "{\"partition\":\"a\",\"environment\":\"qa\"}", false},
    {"partition,environment notin (qa)", "{\"environment\":\"dev\"}", false},
    /* The empty selector selects everything. */
    {"", "{}", true},
    {"", NULL, true},
    {"", "{\"a\":\"b\"}", true},
    {"a", NULL, false},
    {"!a", NULL, true},
    /* Empty values. */
    {"a=", "{\"a\":\"\"}", true},
    {"a=", "{}", false},
    {"a in ()", "{\"a\":\"\"}", true},
    {"a in (,b)", "{\"a\":\"\"}", true},
    {"a in (,b)", "{\"a\":\"b\"}", true},
    {"a in (,b)", "{\"a\":\"c\"}", false},
    {"a!=", "{}", true},
    {"a!=", "{\"a\":\"\"}", false},
    /* Integer comparisons: only labels that parse as integers compare. */
    {"replicas>2", "{\"replicas\":\"3\"}", true},
    {"replicas>2", "{\"replicas\":\"2\"}", false},
    {"replicas>2", "{\"replicas\":\"abc\"}", false},
    {"replicas>2", "{}", false},
    {"x<10", "{\"x\":\"09\"}", true},
    {"x<0", "{\"x\":\"-1\"}", true},
    {"x>0", "{\"x\":\"+1\"}", true},
    {"x>0", "{\"x\":\"99999999999999999999\"}", false},
    {"x<10", "{\"x\":\"\"}", false},
    /* Keys are case-sensitive. */
    {"App=web", "{\"app\":\"web\"}", false},
    /* A label that is not a string counts as present with "". */
    {"a", "{\"a\":5}", true},
    {"a=", "{\"a\":null}", true},
};

static void test_match(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(match_cases); i++) {
		const match_case *c = &match_cases[i];
		_cleanup_selector_ kc_selector *sel = NULL;
		assert_int_equal(kc_selector_parse(c->selector, &sel, NULL), 0);
		cJSON *labels = c->labels ? cJSON_Parse(c->labels) : NULL;
		bool got = kc_selector_matches(sel, labels);
		if (got != c->want)
			fail_msg("case '%s' on %s: got %d", c->selector, c->labels ? c->labels : "no labels",
			         got);
		/* The same through an object and through a kc_map of its string labels. */
		cJSON *obj = cJSON_CreateObject();
		cJSON *meta = cJSON_AddObjectToObject(obj, "metadata");
		kc_map *m = kc_map_new(NULL);
		if (labels) {
			const cJSON *it;
			cJSON_ArrayForEach(it, labels)
			    kc_map_put(m, it->string, cJSON_IsString(it) ? it->valuestring : "");
			cJSON_AddItemToObject(meta, "labels", labels);
		}
		if (kc_selector_matches_object(sel, obj) != c->want)
			fail_msg("case '%s' on object %s", c->selector, c->labels ? c->labels : "{}");
		if (kc_selector_matches_map(sel, m) != c->want)
			fail_msg("case '%s' on map %s", c->selector, c->labels ? c->labels : "{}");
		kc_map_free(m);
		cJSON_Delete(obj);
	}
	/* Nothing matches nothing; a NULL map has no labels. */
	_cleanup_selector_ kc_selector *nothing = kc_selector_nothing();
	assert_false(kc_selector_matches(nothing, NULL));
	assert_true(kc_selector_matches_nothing(nothing));
	assert_false(kc_selector_empty(nothing));
	_cleanup_free_ char *s = kc_selector_to_string(nothing);
	assert_string_equal(s, "");
	_cleanup_selector_ kc_selector *not_a = NULL;
	assert_int_equal(kc_selector_parse("!a", &not_a, NULL), 0);
	assert_true(kc_selector_matches_map(not_a, NULL));
}

typedef struct ls_case {
	const char *name;
	const char *json; /* LabelSelector, NULL for none */
	const char *want; /* String(); "<nothing>" for the nothing selector; NULL on error */
	const char *err;
} ls_case;

static const ls_case ls_cases[] = {
    {"nil selector", NULL, "<nothing>", NULL},
    {"null selector", "null", "<nothing>", NULL},
    {"empty selector", "{}", "", NULL},
    {"empty parts", "{\"matchLabels\":{},\"matchExpressions\":[]}", "", NULL},
    {"matchLabels", "{\"matchLabels\":{\"tier\":\"frontend\",\"app\":\"web\"}}", "app=web,tier=frontend",
     NULL},
    {"all operators",
     "{\"matchLabels\":{\"z\":\"1\"},\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":["
     "\"y\","
     "\"x\"]},{\"key\":\"b\",\"operator\":\"Exists\"},{\"key\":\"c\",\"operator\":\"DoesNotExist\","
     "\"values\":[]},"
     "{\"key\":\"d\",\"operator\":\"NotIn\",\"values\":[\"q\"]}]}",
     "a in (x,y),b,!c,d notin (q),z=1", NULL},
    {"duplicates kept",
     "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[\"x\",\"x\"]}]}", "a in (x,x)",
     NULL},
    {"In without values", "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\"}]}", NULL,
     "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"},
    {"NotIn with empty values",
     "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"NotIn\",\"values\":[]}]}", NULL,
     "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"},
    {"Exists with values",
     "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\"]}]}", NULL,
     "values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist"},
    {"DoesNotExist with a bad value",
     "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"DoesNotExist\",\"values\":[\"-x\"]}]}", NULL,
     "[values: Invalid value: [\"-x\"]: values set must be empty for exists and does not exist, "
     "values[0][a]: "
     "Invalid value: \"-x\": " LABEL_VALUE_MSG "]"},
    {"unknown operator",
     "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Equals\",\"values\":[\"x\"]}]}", NULL,
     "\"Equals\" is not a valid label selector operator"},
    {"lower-case operator", "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"in\",\"values\":[\"x\"]}]}",
     NULL, "\"in\" is not a valid label selector operator"},
    {"missing operator", "{\"matchExpressions\":[{\"key\":\"a\"}]}", NULL,
     "\"\" is not a valid label selector operator"},
    {"bad key", "{\"matchExpressions\":[{\"key\":\"-a\",\"operator\":\"In\",\"values\":[\"x\"]}]}", NULL,
     "key: Invalid value: \"-a\": " NAME_PART_MSG},
    {"missing key", "{\"matchExpressions\":[{\"operator\":\"Exists\"}]}", NULL,
     "key: Invalid value: \"\": name part must be non-empty; " NAME_PART_MSG},
    {"bad matchLabels value", "{\"matchLabels\":{\"app\":\"-x\"}}", NULL,
     "values[0][app]: Invalid value: \"-x\": " LABEL_VALUE_MSG},
    {"bad matchLabels key", "{\"matchLabels\":{\"a b\":\"x\"}}", NULL,
     "key: Invalid value: \"a b\": " NAME_PART_MSG},
    {"not an object", "[]", NULL, "label selector must be a JSON object"},
    {"matchLabels not an object", "{\"matchLabels\":[]}", NULL,
     "matchLabels must be a JSON object of strings"},
    {"values not strings", "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[1]}]}",
     NULL, "matchExpressions[0].values[0] must be a string"},
};

static void test_label_selector(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(ls_cases); i++) {
		const ls_case *c = &ls_cases[i];
		cJSON *j = c->json ? cJSON_Parse(c->json) : NULL;
		if (c->json && !j)
			fail_msg("case %s: bad test JSON", c->name);
		kc_selector *sel = NULL;
		kc_error err = KC_ERROR_INIT;
		int r = kc_selector_from_label_selector(j, &sel, &err);
		cJSON_Delete(j);
		if (!c->want) {
			if (r != -EINVAL)
				fail_msg("case %s: converted, want error <%s>", c->name, c->err);
			EXPECT_STR(c->name, err.msg, c->err);
			continue;
		}
		if (r < 0)
			fail_msg("case %s: error <%s>", c->name, err.msg);
		_cleanup_free_ char *s = sel->nothing ? xstrdup("<nothing>") : kc_selector_to_string(sel);
		EXPECT_STR(c->name, s, c->want);
		kc_selector_free(sel);
	}
	/* What converted selectors select. */
	cJSON *j = cJSON_Parse(
	    "{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":[{\"key\":\"tier\",\"operator\":"
	    "\"NotIn\",\"values\":[\"db\"]}]}");
	_cleanup_selector_ kc_selector *sel = NULL;
	assert_int_equal(kc_selector_from_label_selector(j, &sel, NULL), 0);
	cJSON_Delete(j);
	cJSON *web = cJSON_Parse("{\"app\":\"web\",\"tier\":\"fe\"}"),
	      *db = cJSON_Parse("{\"app\":\"web\",\"tier\":\"db\"}");
	assert_true(kc_selector_matches(sel, web));
	assert_false(kc_selector_matches(sel, db));
	_cleanup_selector_ kc_selector *nothing = NULL;
	assert_int_equal(kc_selector_from_label_selector(NULL, &nothing, NULL), 0);
	assert_false(kc_selector_matches(nothing, web));
	cJSON_Delete(web);
	cJSON_Delete(db);
}

static void test_add_and_sets(void **state)
{
	(void)state;
	_cleanup_selector_ kc_selector *sel = kc_selector_everything();
	kc_error err = KC_ERROR_INIT;
	const char *const two[] = {"b", "a"}, *const gt[] = {"abc"}, *const v5[] = {"5"};
	assert_int_equal(kc_selector_add(sel, "x", KC_SELECTOR_EQUALS, two, 2, &err), -EINVAL);
	EXPECT_STR(
	    "= with two values", err.msg,
	    "values: Invalid value: [\"b\",\"a\"]: exact-match compatibility requires one single value");
	assert_int_equal(kc_selector_add(sel, "x", KC_SELECTOR_IN, NULL, 0, &err), -EINVAL);
	EXPECT_STR("in without values", err.msg,
	           "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
	assert_int_equal(kc_selector_add(sel, "x", KC_SELECTOR_GREATER_THAN, gt, 1, &err), -EINVAL);
	EXPECT_STR(
	    "gt not integer", err.msg,
	    "values[0]: Invalid value: \"abc\": for 'Gt', 'Lt' operators, the value must be an integer");
	assert_int_equal(kc_selector_add(sel, "x", KC_SELECTOR_LESS_THAN, two, 2, &err), -EINVAL);
	EXPECT_STR(
	    "lt two values", err.msg,
	    "[values: Invalid value: [\"b\",\"a\"]: for 'Gt', 'Lt' operators, exactly one value is required, "
	    "values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer, "
	    "values[1]: "
	    "Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer]");
	assert_int_equal(kc_selector_add(sel, "-k", KC_SELECTOR_EXISTS, NULL, 0, &err), -EINVAL);
	EXPECT_STR("bad key", err.msg, "key: Invalid value: \"-k\": " NAME_PART_MSG);
	assert_int_equal(sel->n_reqs, 0);
	/* Values keep their order inside; String() prints them sorted. */
	assert_int_equal(kc_selector_add(sel, "z", KC_SELECTOR_NOT_IN, two, 2, &err), 0);
	assert_int_equal(kc_selector_add(sel, "n", KC_SELECTOR_GREATER_THAN, v5, 1, &err), 0);
	assert_int_equal(kc_selector_add(sel, "a", KC_SELECTOR_EXISTS, NULL, 0, &err), 0);
	assert_string_equal(sel->reqs[2].values[0], "b");
	_cleanup_free_ char *s = kc_selector_to_string(sel);
	EXPECT_STR("added", s, "a,n>5,z notin (a,b)");
	/* Adding to nothing leaves nothing. */
	_cleanup_selector_ kc_selector *nothing = kc_selector_nothing();
	assert_int_equal(kc_selector_add(nothing, "a", KC_SELECTOR_EXISTS, NULL, 0, &err), 0);
	assert_true(kc_selector_matches_nothing(nothing));

	/* SelectorFromSet: a Service's spec.selector. */
	cJSON *set = cJSON_Parse("{\"app\":\"web\",\"a.b\":\"1\"}");
	_cleanup_selector_ kc_selector *from = NULL;
	assert_int_equal(kc_selector_from_set(set, false, &from, &err), 0);
	_cleanup_free_ char *fs = kc_selector_to_string(from);
	EXPECT_STR("from set", fs, "a.b=1,app=web");
	cJSON_Delete(set);
	set = cJSON_Parse("{\"app\":\"-web\"}");
	_cleanup_selector_ kc_selector *loose = NULL, *strict = NULL;
	assert_int_equal(kc_selector_from_set(set, false, &loose, &err), 0);
	assert_int_equal(kc_selector_from_set(set, true, &strict, &err), -EINVAL);
	assert_null(strict);
	EXPECT_STR("validated set", err.msg, "values[0][app]: Invalid value: \"-web\": " LABEL_VALUE_MSG);
	cJSON_Delete(set);
	_cleanup_selector_ kc_selector *none = NULL;
	assert_int_equal(kc_selector_from_set(NULL, true, &none, &err), 0);
	assert_true(kc_selector_empty(none));
}

static void test_requires_exact_match(void **state)
{
	(void)state;
	const struct {
		const char *selector, *key, *want; /* want NULL: no exact match */
	} cases[] = {
	    {"a=b,c in (d)", "a", "b"},
	    {"a=b,c in (d)", "c", "d"},
	    {"a==b", "a", "b"},
	    {"e in (f,g)", "e", NULL},
	    {"a!=b", "a", NULL},
	    {"a", "a", NULL},
	    {"a=b", "x", NULL},
	    {"a=b,a=c", "a", "b"},
	    {"a notin (b)", "a", NULL},
	    {"a>1", "a", NULL},
	    {"", "a", NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_selector_ kc_selector *sel = NULL;
		assert_int_equal(kc_selector_parse(cases[i].selector, &sel, NULL), 0);
		const char *v = NULL;
		bool found = kc_selector_requires_exact_match(sel, cases[i].key, &v);
		_cleanup_free_ char *name = xasprintf("%s [%s]", cases[i].selector, cases[i].key);
		EXPECT_STR(name, found ? v : NULL, cases[i].want);
	}
}

static void test_label_strings(void **state)
{
	(void)state;
	const struct {
		const char *in, *want_json, *err;
	} cases[] = {
	    {"a=b,c=d", "{\"a\":\"b\",\"c\":\"d\"}", NULL},
	    {"", "{}", NULL},
	    {" app = web , tier=  ", "{\"app\":\"web\",\"tier\":\"\"}", NULL},
	    {"\xc2\xa0"
	     "a=b\xe3\x80\x80",
	     "{\"a\":\"b\"}", NULL},
	    {"a=1,a=2", "{\"a\":\"2\"}", NULL},
	    {"a", NULL, "invalid selector: [a]"},
	    {"a=b=c", NULL, "invalid selector: [a b c]"},
	    {"a=b,", NULL, "invalid selector: []"},
	    {"a!=b", NULL, "<nil>: Invalid value: \"a!\": " NAME_PART_MSG},
	    {"-a=b", NULL, "<nil>: Invalid value: \"-a\": " NAME_PART_MSG},
	    {"a=-b", NULL, "[a]: Invalid value: \"-b\": " LABEL_VALUE_MSG},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		cJSON *labels = NULL;
		kc_error err = KC_ERROR_INIT;
		int r = kc_labels_from_string(cases[i].in, &labels, &err);
		if (cases[i].err) {
			if (r != -EINVAL)
				fail_msg("case '%s': parsed, want <%s>", cases[i].in, cases[i].err);
			EXPECT_STR(cases[i].in, err.msg, cases[i].err);
			assert_null(labels);
			continue;
		}
		if (r < 0)
			fail_msg("case '%s': %s", cases[i].in, err.msg);
		_cleanup_free_ char *s = cJSON_PrintUnformatted(labels);
		EXPECT_STR(cases[i].in, s, cases[i].want_json);
		cJSON_Delete(labels);
	}
	const struct {
		const char *json, *want;
	} out[] = {
	    {"{\"b\":\"2\",\"a\":\"1\"}", "a=1,b=2"},
	    {"{\"a\":\"1\",\"a.b\":\"2\"}", "a.b=2,a=1"}, /* upstream sorts "key=value" strings */
	    {"{}", ""},
	    {"{\"app\":\"\"}", "app="},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(out); i++) {
		cJSON *j = cJSON_Parse(out[i].json);
		_cleanup_free_ char *s = kc_labels_to_string(j);
		EXPECT_STR(out[i].json, s, out[i].want);
		cJSON_Delete(j);
	}
	_cleanup_free_ char *none = kc_labels_to_string(NULL);
	EXPECT_STR("no labels", none, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_parse_structure),
	    cmocka_unit_test(test_parse_long),
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_label_selector),
	    cmocka_unit_test(test_add_and_sets),
	    cmocka_unit_test(test_requires_exact_match),
	    cmocka_unit_test(test_label_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
