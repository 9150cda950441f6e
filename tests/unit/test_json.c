/* test_json.c - kc_json_*: parsing (valid, malformed, limits), printing,
 * paths, set/delete, equality, JSON pointers. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/util.h"

/* Q(...) turns JSON written as C tokens into a string literal, so test
 * documents need no escaping: Q({"a": [1, "x"]}). */
#define Q(...) #__VA_ARGS__

static cJSON *parse_or_die(const char *name, const char *text)
{
	kc_error err = KC_ERROR_INIT;
	cJSON *j = NULL;
	if (kc_json_parse_str(text, &j, &err) < 0)
		fail_msg("case %s: cannot parse %s: %s", name, text, err.msg);
	return j;
}

/* ---- parsing ---- */

static void test_parse_valid(void **state)
{
	(void)state;
	static const struct {
		const char *name, *in, *out;
	} cases[] = {
	    {"object", " {\"a\" : 1 , \"b\":[true,false,null]} ", "{\"a\":1,\"b\":[true,false,null]}"},
	    {"empty containers", "[{},[],\"\"]", "[{},[],\"\"]"},
	    {"top-level scalar", "42", "42"},
	    {"top-level string", "\"x\"", "\"x\""},
	    {"negative and exponent", "[-0.5,1e3,1E-2,-12]", "[-0.5,1000,0.01,-12]"},
	    {"escapes", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\\"\\\\/\\u0008\\u000c\\n\\r\\t\""},
	    {"unicode escape", "\"\\u00e9\\u4e2d\"", "\"\xc3\xa9\xe4\xb8\xad\""},
	    {"surrogate pair", "\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\""},
	    {"lone surrogate", "\"\\ud83dx\"", "\"\xef\xbf\xbdx\""},
	    {"invalid utf-8 byte", "\"a\xffz\"", "\"a\xef\xbf\xbdz\""},
	    {"overlong utf-8", "\"\xc0\xaf\"", "\"\xef\xbf\xbd\xef\xbf\xbd\""},
	    {"raw utf-8 kept", "\"\xe2\x82\xac\"", "\"\xe2\x82\xac\""},
	    {"duplicate key last wins", "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}"},
	    {"big int exact to 2^53", "9007199254740992", "9007199254740992"},
	    {"large integral double", "1e20", "100000000000000000000"},
	    {"very large double", "1e21", "1e+21"},
	    {"tiny double", "0.0000001", "1e-7"},
	    {"negative zero", "-0", "-0"},
	    {"whitespace all kinds", "\t\r\n [ 1 ,\n 2 ] \n", "[1,2]"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_error err = KC_ERROR_INIT;
		_cleanup_json_ cJSON *j = NULL;
		if (kc_json_parse_str(cases[i].in, &j, &err) < 0)
			fail_msg("case %s: %s", cases[i].name, err.msg);
		_cleanup_free_ char *s = kc_json_print(j);
		if (!streq(s, cases[i].out))
			fail_msg("case %s: got %s, want %s", cases[i].name, s, cases[i].out);
	}
}

static void test_parse_invalid(void **state)
{
	(void)state;
	static const struct {
		const char *name, *in, *msg;
		size_t offset;
	} cases[] = {
	    {"empty", "", "invalid JSON at line 1, column 1: unexpected end of JSON input", 0},
	    {"only space", "  \n ", "invalid JSON at line 2, column 2: unexpected end of JSON input", 4},
	    {"bad start", "{\"a\": x}",
	     "invalid JSON at line 1, column 7: invalid character 'x' looking for beginning of value", 6},
	    {"line and column", "{\n  \"a\": 1,\n  \"b\": 2 x\n}",
	     "invalid JSON at line 3, column 10: invalid character 'x' after object key:value pair", 21},
	    {"column counts characters", "[\"\xc3\xa9\xc3\xa9\" x]",
	     "invalid JSON at line 1, column 7: invalid character 'x' after array element", 8},
	    {"trailing comma object", "{\"a\":1,}",
	     "invalid JSON at line 1, column 8: invalid character '}' looking for beginning of object key "
	     "string",
	     7},
	    {"trailing comma array", "[1,]",
	     "invalid JSON at line 1, column 4: invalid character ']' looking for beginning of value", 3},
	    {"missing colon", "{\"a\" 1}",
	     "invalid JSON at line 1, column 6: invalid character '1' after object key", 5},
	    {"unquoted key", "{a:1}",
	     "invalid JSON at line 1, column 2: invalid character 'a' looking for beginning of object key "
	     "string",
	     1},
	    {"single quotes", "['a']",
	     "invalid JSON at line 1, column 2: invalid character '\\'' looking for beginning of value", 1},
	    {"leading zero", "01",
	     "invalid JSON at line 1, column 2: invalid character '1' after top-level value", 1},
	    {"plus sign", "+1",
	     "invalid JSON at line 1, column 1: invalid character '+' looking for beginning of value", 0},
	    {"bare minus", "-", "invalid JSON at line 1, column 2: unexpected end of JSON input", 1},
	    {"dot without digits", "1.", "invalid JSON at line 1, column 3: unexpected end of JSON input", 2},
	    {"dot then letter", "1.x",
	     "invalid JSON at line 1, column 3: invalid character 'x' after decimal point in numeric literal",
	     2},
	    {"bad exponent", "1e+", "invalid JSON at line 1, column 4: unexpected end of JSON input", 3},
	    {"exponent letter", "[1ex]",
	     "invalid JSON at line 1, column 4: invalid character 'x' in exponent of numeric literal", 3},
	    {"out of range", "1e999", "invalid JSON at line 1, column 1: number 1e999 is out of range", 0},
	    {"bad literal", "tru", "invalid JSON at line 1, column 4: unexpected end of JSON input", 3},
	    {"bad literal char", "nulx",
	     "invalid JSON at line 1, column 4: invalid character 'x' in literal null (expecting 'l')", 3},
	    {"unterminated string", "\"abc", "invalid JSON at line 1, column 5: unexpected end of JSON input",
	     4},
	    {"control char in string", "\"a\nb\"",
	     "invalid JSON at line 1, column 3: invalid character '\\n' in string literal", 2},
	    {"bad escape", "\"\\x\"",
	     "invalid JSON at line 1, column 3: invalid character 'x' in string escape code", 2},
	    {"bad unicode escape", "\"\\u12g4\"",
	     "invalid JSON at line 1, column 6: invalid character 'g' in \\u hexadecimal character escape",
	     5},
	    {"nul escape", "{\"a\":\"x\\u0000y\"}",
	     "invalid JSON at line 1, column 8: \\u0000 in strings is not supported", 7},
	    {"two values", "{} {}",
	     "invalid JSON at line 1, column 4: invalid character '{' after top-level value", 3},
	    {"unclosed array", "[1, 2", "invalid JSON at line 1, column 6: unexpected end of JSON input", 5},
	    {"control byte", "\x01",
	     "invalid JSON at line 1, column 1: invalid character '\\x01' looking for beginning of value", 0},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_error err = KC_ERROR_INIT;
		cJSON *j = NULL;
		size_t off = 12345;
		int r = kc_json_parse_ex(cases[i].in, strlen(cases[i].in), 0, &j, &off, &err);
		if (r != -EINVAL || j)
			fail_msg("case %s: parsed (r=%d)", cases[i].name, r);
		if (!streq(err.msg, cases[i].msg))
			fail_msg("case %s: got message\n  %s\nwant\n  %s", cases[i].name, err.msg,
			         cases[i].msg);
		if (off != cases[i].offset)
			fail_msg("case %s: offset %zu, want %zu", cases[i].name, off, cases[i].offset);
	}
}

static void test_parse_length_and_nul(void **state)
{
	(void)state;
	cJSON *j = NULL;
	kc_error err = KC_ERROR_INIT;
	/* Only len bytes are read: the rest of the buffer is not JSON. */
	assert_int_equal(kc_json_parse("[1]garbage", 3, &j, &err), 0);
	assert_int_equal(cJSON_GetArraySize(j), 1);
	cJSON_Delete(j);
	j = NULL;
	/* An embedded NUL byte is just an invalid character. */
	assert_int_equal(kc_json_parse("[1,\0 2]", 7, &j, &err), -EINVAL);
	assert_null(j);
	assert_string_equal(
	    err.msg,
	    "invalid JSON at line 1, column 4: invalid character '\\x00' looking for beginning of value");
	assert_int_equal(kc_json_parse_str(NULL, &j, &err), -EINVAL);
}

static char *nested(int depth, const char *open, const char *close)
{
	kc_buf b = KC_BUF_INIT;
	for (int i = 0; i < depth; i++)
		kc_buf_addstr(&b, open);
	for (int i = 0; i < depth; i++)
		kc_buf_addstr(&b, close);
	return kc_buf_release(&b);
}

static void test_parse_depth(void **state)
{
	(void)state;
	kc_error err = KC_ERROR_INIT;
	_cleanup_free_ char *ok = nested(KC_JSON_MAX_DEPTH, "[", "]");
	_cleanup_json_ cJSON *j = NULL;
	assert_int_equal(kc_json_parse_str(ok, &j, &err), 0);
	assert_int_equal(kc_json_depth(j), KC_JSON_MAX_DEPTH);
	_cleanup_free_ char *s = kc_json_print(j);
	assert_string_equal(s, ok);

	_cleanup_free_ char *deep = nested(KC_JSON_MAX_DEPTH + 1, "[", "]");
	cJSON *k = NULL;
	assert_int_equal(kc_json_parse_str(deep, &k, &err), -EINVAL);
	assert_null(k);
	assert_string_equal(
	    err.msg, "invalid JSON at line 1, column 1001: nesting deeper than 1000 levels is not allowed");

	_cleanup_free_ char *objs = nested(KC_JSON_MAX_DEPTH + 1, "{\"a\":", "}");
	assert_int_equal(kc_json_parse_str(objs, &k, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "nesting deeper than 1000 levels"));

	/* A hostile depth fails fast instead of exhausting the stack. */
	_cleanup_free_ char *huge = nested(200000, "[", "");
	assert_int_equal(kc_json_parse_str(huge, &k, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "nesting deeper"));
}

static void test_parse_duplicates(void **state)
{
	(void)state;
	kc_error err = KC_ERROR_INIT;
	const char *in = "{\"metadata\":{\"name\":\"a\",\"name\":\"b\"}}";
	cJSON *j = NULL;
	assert_int_equal(kc_json_parse_ex(in, strlen(in), KC_JSON_PARSE_NO_DUPLICATES, &j, NULL, &err),
	                 -EINVAL);
	assert_string_equal(err.msg, "invalid JSON at line 1, column 25: duplicate field \"name\"");
	assert_int_equal(kc_json_parse_ex(in, strlen(in), 0, &j, NULL, &err), 0);
	assert_string_equal(kc_json_get_str(j, "metadata.name", NULL), "b");
	cJSON_Delete(j);

	/* Many members: the hash index takes over and still finds repeats. */
	kc_buf b = KC_BUF_INIT;
	kc_buf_addch(&b, '{');
	for (int i = 0; i < 100; i++)
		kc_buf_addf(&b, "\"k%d\":%d,", i, i);
	kc_buf_addstr(&b, "\"k5\":\"again\",\"k99\":\"last\"}");
	assert_int_equal(kc_json_parse(b.s, b.len, &j, &err), 0);
	assert_int_equal(cJSON_GetArraySize(j), 100);
	assert_string_equal(kc_json_get_str(j, "k5", NULL), "again");
	assert_string_equal(kc_json_get_str(j, "k99", NULL), "last");
	assert_string_equal(j->child->next->next->next->next->next->string, "k5"); /* kept its place */
	cJSON_Delete(j);
	assert_int_equal(kc_json_parse_ex(b.s, b.len, KC_JSON_PARSE_NO_DUPLICATES, &j, NULL, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "duplicate field \"k5\""));
	kc_buf_free(&b);
}

/* ---- printing ---- */

static void test_print_numbers(void **state)
{
	(void)state;
	static const struct {
		double v;
		const char *json, *go_v;
	} cases[] = {
	    {0, "0", "0"},
	    {1, "1", "1"},
	    {-7, "-7", "-7"},
	    {80, "80", "80"},
	    {8080, "8080", "8080"},
	    {123456, "123456", "123456"},
	    {1000000, "1000000", "1e+06"},
	    {1234567, "1234567", "1.234567e+06"},
	    {0.5, "0.5", "0.5"},
	    {0.1, "0.1", "0.1"},
	    {1.5e-7, "1.5e-7", "1.5e-07"},
	    {0.0001, "0.0001", "0.0001"},
	    {0.00001, "0.00001", "1e-05"},
	    {3.14159, "3.14159", "3.14159"},
	    {1e21, "1e+21", "1e+21"},
	    {1.5e300, "1.5e+300", "1.5e+300"},
	    {9007199254740993.0, "9007199254740992", "9.007199254740992e+15"}, /* rounded on input */
	    {-2.5, "-2.5", "-2.5"},
	    {123456789012.0, "123456789012", "1.23456789012e+11"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *n = cJSON_CreateNumber(cases[i].v);
		_cleanup_free_ char *s = kc_json_print(n);
		if (!streq(s, cases[i].json))
			fail_msg("case %zu (%g): json %s, want %s", i, cases[i].v, s, cases[i].json);
		_cleanup_buf_ kc_buf b = KC_BUF_INIT;
		kc_json_format_go_float(&b, cases[i].v);
		if (!streq(kc_buf_str(&b), cases[i].go_v))
			fail_msg("case %zu (%g): %%v %s, want %s", i, cases[i].v, kc_buf_str(&b),
			         cases[i].go_v);
		/* what we print reads back to the same double */
		_cleanup_json_ cJSON *back = parse_or_die("number", s);
		assert_true(back->valuedouble == cases[i].v);
	}
	_cleanup_json_ cJSON *nan = cJSON_CreateNumber(NAN);
	_cleanup_free_ char *s = kc_json_print(nan);
	assert_string_equal(s, "null");
}

static void test_print_flags(void **state)
{
	(void)state;
	/* plain C string: \u escapes below U+00A0 are not allowed in C literals */
	_cleanup_json_ cJSON *j = parse_or_die(
	    "doc",
	    "{\"b\": [1, {}, []], \"a\": {\"z\": \"<&>\", \"y\": null}, \"c\": \"line\\u2028sep\\u0001\"}");
	static const struct {
		unsigned flags;
		const char *want;
	} cases[] = {
	    {0, "{\"b\":[1,{},[]],\"a\":{\"z\":\"<&>\",\"y\":null},\"c\":\"line\\u2028sep\\u0001\"}"},
	    {KC_JSON_SORTED,
	     "{\"a\":{\"y\":null,\"z\":\"<&>\"},\"b\":[1,{},[]],\"c\":\"line\\u2028sep\\u0001\"}"},
	    {KC_JSON_ESCAPE_HTML, "{\"b\":[1,{},[]],\"a\":{\"z\":\"\\u003c\\u0026\\u003e\",\"y\":null},\"c\":"
	                          "\"line\\u2028sep\\u0001\"}"},
	    {KC_JSON_PRETTY | KC_JSON_SORTED, "{\n"
	                                      "    \"a\": {\n"
	                                      "        \"y\": null,\n"
	                                      "        \"z\": \"<&>\"\n"
	                                      "    },\n"
	                                      "    \"b\": [\n"
	                                      "        1,\n"
	                                      "        {},\n"
	                                      "        []\n"
	                                      "    ],\n"
	                                      "    \"c\": \"line\\u2028sep\\u0001\"\n"
	                                      "}"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *s = kc_json_print_flags(j, cases[i].flags);
		if (!streq(s, cases[i].want))
			fail_msg("flags %u: got\n%s\nwant\n%s", cases[i].flags, s, cases[i].want);
	}
	_cleanup_free_ char *null = kc_json_print(NULL);
	assert_string_equal(null, "null");
	/* invalid UTF-8 put into a tree by code prints as U+FFFD */
	_cleanup_json_ cJSON *bad = cJSON_CreateString("a\xfe");
	_cleanup_free_ char *bs = kc_json_print(bad);
	assert_string_equal(bs, "\"a\\ufffd\"");
	/* buffer form appends */
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "x=");
	kc_json_print_buf(&b, j->child->child, 0);
	assert_string_equal(b.s, "x=1");
}

/* ---- paths ---- */

static const char *path_doc = Q({
	"metadata" : {
		"name" : "web",
		"labels" : {"app.kubernetes.io/name" : "nginx", "a[b]" : "x", "back\\slash" : "y"},
		"generation" : 7
	},
	"spec" : {
		"replicas" : 3,
		"paused" : false,
		"ratio" : 0.25,
		"template" : {
			"spec" : {
				"containers" : [
					{
						"name" : "c0",
						"image" : "nginx:1.14.2",
						"ports" : [ {"containerPort" : 80} ]
					},
					{"name" : "c1", "image" : "redis"}
				]
			}
		}
	},
	"list" : [ [ 1, 2 ], [3] ]
});

static void test_get_paths(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *doc = parse_or_die("path doc", path_doc);
	static const struct {
		const char *path, *want; /* compact JSON, or NULL for "not found" */
	} cases[] = {
	    {"metadata.name", "\"web\""},
	    {"spec.template.spec.containers[0].image", "\"nginx:1.14.2\""},
	    {"spec.template.spec.containers[1].name", "\"c1\""},
	    {"spec.template.spec.containers[0].ports[0].containerPort", "80"},
	    {"metadata.labels.app\\.kubernetes\\.io/name", "\"nginx\""},
	    {"metadata.labels.a\\[b\\]", "\"x\""},
	    {"metadata.labels.back\\\\slash", "\"y\""},
	    {"list[0][1]", "2"},
	    {"list[1]", "[3]"},
	    {"", NULL /* whole doc, checked below */},
	    {"spec.template.spec.containers[2].image", NULL},
	    {"spec.template.spec.containers.image", NULL},
	    {"metadata[0]", NULL},
	    {"metadata.name.first", NULL},
	    {"missing.path", NULL},
	    {"spec..replicas", NULL},
	    {"spec.", NULL},
	    {".spec", NULL},
	    {"list[01]", NULL},
	    {"list[-1]", NULL},
	    {"list[x]", NULL},
	    {"list[0", NULL},
	    {"list[0]x", NULL},
	    {"trailing\\", NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		cJSON *got = kc_json_get(doc, cases[i].path);
		if (!*cases[i].path) {
			assert_ptr_equal(got, doc);
			continue;
		}
		if (!cases[i].want) {
			if (got)
				fail_msg("path %s: found %s, want nothing", cases[i].path,
				         kc_json_print(got));
			continue;
		}
		if (!got)
			fail_msg("path %s: not found", cases[i].path);
		_cleanup_free_ char *s = kc_json_print(got);
		if (!streq(s, cases[i].want))
			fail_msg("path %s: got %s, want %s", cases[i].path, s, cases[i].want);
	}
	assert_null(kc_json_get(NULL, "a"));
	assert_null(kc_json_get(doc, NULL));

	/* variadic: keys taken literally, indices where the node is an array */
	assert_string_equal(
	    kc_json_as_str(kc_json_getv(doc, "metadata", "labels", "app.kubernetes.io/name", NULL), "?"),
	    "nginx");
	assert_string_equal(
	    kc_json_as_str(kc_json_getv(doc, "spec", "template", "spec", "containers", "1", "image", NULL),
	                   "?"),
	    "redis");
	assert_null(kc_json_getv(doc, "spec", "template", "spec", "containers", "01", NULL));
	assert_null(kc_json_getv(doc, "spec", "template", "spec", "containers", "x", NULL));
	assert_ptr_equal(kc_json_getv(doc, NULL), doc);
}

static void test_typed_getters(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *doc = parse_or_die("path doc", path_doc);
	assert_string_equal(kc_json_get_str(doc, "metadata.name", "d"), "web");
	assert_string_equal(kc_json_get_str(doc, "spec.replicas", "d"), "d"); /* not a string */
	assert_null(kc_json_get_str(doc, "nope", NULL));
	assert_int_equal(kc_json_get_int(doc, "spec.replicas", -1), 3);
	assert_int_equal(kc_json_get_int(doc, "metadata.generation", -1), 7);
	assert_int_equal(kc_json_get_int(doc, "spec.ratio", -1), -1); /* not integral */
	assert_int_equal(kc_json_get_int(doc, "metadata.name", -1), -1);
	assert_false(kc_json_get_bool(doc, "spec.paused", true));
	assert_true(kc_json_get_bool(doc, "spec.replicas", true));
	assert_true(kc_json_get_double(doc, "spec.ratio", 0) == 0.25);
	assert_true(kc_json_get_double(doc, "nope", 1.5) == 1.5);

	static const struct {
		const char *json;
		int64_t want;
	} ints[] = {
	    {"0", 0},
	    {"-42", -42},
	    {"9007199254740992", 9007199254740992LL},
	    {"-9223372036854775808", INT64_MIN},
	    {"9223372036854775808", -1}, /* 2^63: out of range */
	    {"1e300", -1},
	    {"2.5", -1},
	    {"\"5\"", -1},
	    {"true", -1},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(ints); i++) {
		_cleanup_json_ cJSON *v = parse_or_die(ints[i].json, ints[i].json);
		if (kc_json_as_int(v, -1) != ints[i].want)
			fail_msg("int %s: got %" PRId64, ints[i].json, kc_json_as_int(v, -1));
	}
	assert_int_equal(kc_json_as_int(NULL, 9), 9);
}

static void test_set_paths(void **state)
{
	(void)state;
	static const struct {
		const char *name, *doc, *path, *value, *want, *err;
	} cases[] = {
	    {"replace leaf", Q({"a" : {"b" : 1}}), "a.b", "2", Q({"a" : {"b" : 2}}), NULL},
	    {"add leaf", Q({"a" : {}}), "a.b", "\"x\"", Q({"a" : {"b" : "x"}}), NULL},
	    {"create intermediates", Q({}), "metadata.labels.app", "\"web\"",
	     Q({"metadata" : {"labels" : {"app" : "web"}}}), NULL},
	    {"escaped key", Q({}), "metadata.annotations.example\\.com/x", "1",
	     Q({"metadata" : {"annotations" : {"example.com/x" : 1}}}), NULL},
	    {"replace array element", Q({"l" : [ 1, 2 ]}), "l[1]", "5", Q({"l" : [ 1, 5 ]}), NULL},
	    {"append to array", Q({"l" : [ 1, 2 ]}), "l[2]", "3", Q({"l" : [ 1, 2, 3 ]}), NULL},
	    {"create array", Q({}), "spec.containers[0].name", "\"c\"",
	     Q({"spec" : {"containers" : [ {"name" : "c"} ]}}), NULL},
	    {"into array element", Q({"c" : [ {"n" : 1} ]}), "c[0].image", "\"i\"",
	     Q({"c" : [ {"n" : 1, "image" : "i"} ]}), NULL},
	    {"keeps member order", Q({"a" : 1, "b" : 2, "c" : 3}), "b", "9", Q({"a" : 1, "b" : 9, "c" : 3}),
	     NULL},
	    {"through a scalar", Q({"spec" : {"replicas" : 3}}), "spec.replicas.x", "1", NULL,
	     "cannot set spec.replicas.x: spec.replicas is a number, not an object"},
	    {"index into object", Q({"spec" : {}}), "spec[0]", "1", NULL,
	     "cannot set spec[0]: spec is an object, not an array"},
	    {"key into array", Q({"l" : []}), "l.x", "1", NULL,
	     "cannot set l.x: l is an array, not an object"},
	    {"index out of range", Q({"l" : [1]}), "l[3]", "1", NULL,
	     "cannot set l[3]: l has 1 elements, index 3 is out of range"},
	    {"new array needs index 0", Q({}), "a.l[1].x", "1", NULL,
	     "cannot set a.l[1].x: a.l does not exist, so index 1 is out of range"},
	    {"malformed", Q({}), "a..b", "1", NULL, "cannot set a..b: malformed path"},
	    {"empty", Q({}), "", "1", NULL, "cannot set an empty path"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *doc = parse_or_die(cases[i].name, cases[i].doc);
		_cleanup_json_ cJSON *before = kc_json_dup(doc);
		cJSON *value = parse_or_die(cases[i].name, cases[i].value);
		kc_error err = KC_ERROR_INIT;
		int r = kc_json_set(doc, cases[i].path, value, &err); /* value is consumed either way */
		if (cases[i].err) {
			if (r != -EINVAL)
				fail_msg("case %s: r=%d, want -EINVAL", cases[i].name, r);
			if (!streq(err.msg, cases[i].err))
				fail_msg("case %s: message %s, want %s", cases[i].name, err.msg,
				         cases[i].err);
			if (!kc_json_equal(doc, before))
				fail_msg("case %s: document changed on failure: %s", cases[i].name,
				         kc_json_print(doc));
			continue;
		}
		if (r < 0)
			fail_msg("case %s: %s", cases[i].name, err.msg);
		_cleanup_json_ cJSON *want = parse_or_die(cases[i].name, cases[i].want);
		_cleanup_free_ char *got = kc_json_print(doc), *ws = kc_json_print(want);
		if (!streq(got, ws)) /* print, not kc_json_equal: member order matters here */
			fail_msg("case %s: got %s, want %s", cases[i].name, got, ws);
	}
}

static void test_setv_delete(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *doc =
	    parse_or_die("doc", Q({"metadata" : {"labels" : {"a" : "1"}}, "l" : [ {"x" : 1} ]}));
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_json_setv(doc, cJSON_CreateString("nginx"), &err, "metadata", "labels",
	                              "app.kubernetes.io/name", NULL),
	                 0);
	assert_string_equal(kc_json_get_str(doc, "metadata.labels.app\\.kubernetes\\.io/name", NULL),
	                    "nginx");
	assert_int_equal(kc_json_setv(doc, cJSON_CreateNumber(2), &err, "l", "0", "x", NULL), 0);
	assert_int_equal(kc_json_get_int(doc, "l[0].x", 0), 2);
	assert_int_equal(kc_json_setv(doc, cJSON_CreateNumber(2), &err, "l", "zero", NULL), -EINVAL);
	assert_string_equal(err.msg, "cannot set l.zero: l is an array, not an object");
	assert_int_equal(kc_json_set_str(doc, "spec.nodeName", "n1", &err), 0);
	assert_int_equal(kc_json_set_int(doc, "spec.replicas", 5, &err), 0);
	assert_int_equal(kc_json_set_bool(doc, "spec.paused", true, &err), 0);
	assert_string_equal(kc_json_get_str(doc, "spec.nodeName", NULL), "n1");
	assert_int_equal(kc_json_get_int(doc, "spec.replicas", 0), 5);
	assert_true(kc_json_get_bool(doc, "spec.paused", false));
	assert_int_equal(kc_json_set(NULL, "a", cJSON_CreateNull(), &err), -EINVAL);

	assert_int_equal(kc_json_delete(doc, "spec.paused"), 0);
	assert_null(kc_json_get(doc, "spec.paused"));
	assert_int_equal(kc_json_delete(doc, "spec.paused"), -ENOENT);
	assert_int_equal(kc_json_delete(doc, "no.such.thing"), -ENOENT);
	assert_int_equal(kc_json_delete(doc, "l[5]"), -ENOENT);
	assert_int_equal(kc_json_delete(doc, "a..b"), -EINVAL);
	assert_int_equal(kc_json_delete(doc, ""), -EINVAL);
	assert_int_equal(kc_json_delete(doc, "l[0]"), 0);
	assert_int_equal(cJSON_GetArraySize(kc_json_get(doc, "l")), 0);
	assert_int_equal(kc_json_deletev(doc, "metadata", "labels", "app.kubernetes.io/name", NULL), 0);
	assert_int_equal(kc_json_deletev(doc, "metadata", "labels", "app.kubernetes.io/name", NULL), -ENOENT);
	_cleanup_free_ char *s = kc_json_print(doc);
	assert_string_equal(s, "{\"metadata\":{\"labels\":{\"a\":\"1\"}},\"l\":[],\"spec\":{\"nodeName\":"
	                       "\"n1\",\"replicas\":5}}");

	/* object helpers */
	kc_json_object_put(doc, "l", cJSON_CreateString("now a string"));
	assert_string_equal(kc_json_get_str(doc, "l", NULL), "now a string");
	assert_string_equal(doc->child->next->string, "l"); /* same place */
	cJSON_AddItemToObject(doc, "dup", cJSON_CreateNull());
	cJSON_AddItemToObject(doc, "dup", cJSON_CreateNull());
	assert_int_equal(kc_json_object_remove(doc, "dup"), 2);
	assert_int_equal(kc_json_object_remove(doc, "dup"), 0);
}

/* ---- equality, pointers, misc ---- */

static void test_equal(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b;
		bool equal;
	} cases[] = {
	    {Q({"a" : 1, "b" : 2}), Q({"b" : 2, "a" : 1}), true},
	    {Q({"a" : 1}), Q({"a" : 1.0}), true},
	    {Q({"a" : 1}), Q({"a" : "1"}), false},
	    {Q([ 1, 2 ]), Q([ 2, 1 ]), false},
	    {Q([ 1, 2 ]), Q([ 1, 2, 3 ]), false},
	    {Q({"a" : 1}), Q({"a" : 1, "b" : null}), false},
	    {Q({"a" : null}), Q({"b" : null}), false},
	    {Q(true), Q(false), false},
	    {Q(null), Q(null), true},
	    {Q("x"), Q("x"), true},
	    {Q({"a" : {"b" : [ 1, {"c" : true} ]}}), Q({"a" : {"b" : [ 1, {"c" : true} ]}}), true},
	    {Q({"a" : {"b" : [ 1, {"c" : true} ]}}), Q({"a" : {"b" : [ 1, {"c" : false} ]}}), false},
	    {Q({}), Q([]), false},
	    {Q(0), Q(-0), true},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *a = parse_or_die(cases[i].a, cases[i].a);
		_cleanup_json_ cJSON *b = parse_or_die(cases[i].b, cases[i].b);
		if (kc_json_equal(a, b) != cases[i].equal || kc_json_equal(b, a) != cases[i].equal)
			fail_msg("equal(%s, %s) should be %d", cases[i].a, cases[i].b, cases[i].equal);
	}
	assert_true(kc_json_equal(NULL, NULL));
	_cleanup_json_ cJSON *x = cJSON_CreateObject();
	assert_false(kc_json_equal(x, NULL));

	/* big objects go through the sorted comparison */
	_cleanup_json_ cJSON *big1 = cJSON_CreateObject(), *big2 = cJSON_CreateObject();
	char key[16];
	for (int i = 0; i < 50; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		cJSON_AddNumberToObject(big1, key, i);
		snprintf(key, sizeof(key), "k%d", 49 - i);
		cJSON_AddNumberToObject(big2, key, 49 - i);
	}
	assert_true(kc_json_equal(big1, big2));
	cJSON_ReplaceItemInObject(big2, "k7", cJSON_CreateNumber(8));
	assert_false(kc_json_equal(big1, big2));
}

static void test_pointer(void **state)
{
	(void)state;
	/* RFC 6901 section 5 */
	_cleanup_json_ cJSON *doc = parse_or_die("rfc6901", Q({
		                                         "foo" : [ "bar", "baz" ],
		                                         "" : 0,
		                                         "a/b" : 1,
		                                         "c%d" : 2,
		                                         "e^f" : 3,
		                                         "g|h" : 4,
		                                         "i\\j" : 5,
		                                         "k\"l" : 6,
		                                         " " : 7,
		                                         "m~n" : 8
	                                         }));
	static const struct {
		const char *ptr, *want;
	} cases[] = {
	    {"/foo", Q([ "bar", "baz" ])},
	    {"/foo/0", Q("bar")},
	    {"/", "0"},
	    {"/a~1b", "1"},
	    {"/c%d", "2"},
	    {"/e^f", "3"},
	    {"/g|h", "4"},
	    {"/i\\j", "5"},
	    {"/k\"l", "6"},
	    {"/ ", "7"},
	    {"/m~0n", "8"},
	    {"/foo/2", NULL},
	    {"/foo/01", NULL},
	    {"/foo/-", NULL},
	    {"/foo/0/x", NULL},
	    {"/nope", NULL},
	    {"foo", NULL},
	    {"/m~2n", NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		cJSON *got = kc_json_pointer_get(doc, cases[i].ptr);
		if (!cases[i].want) {
			if (got)
				fail_msg("pointer %s: found something", cases[i].ptr);
			continue;
		}
		if (!got)
			fail_msg("pointer %s: not found", cases[i].ptr);
		_cleanup_json_ cJSON *want = parse_or_die(cases[i].ptr, cases[i].want);
		if (!kc_json_equal(got, want))
			fail_msg("pointer %s: wrong node", cases[i].ptr);
	}
	assert_ptr_equal(kc_json_pointer_get(doc, ""), doc);
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_json_pointer_append(&b, "metadata");
	kc_json_pointer_append(&b, "app.kubernetes.io/name");
	kc_json_pointer_append(&b, "~x");
	assert_string_equal(b.s, "/metadata/app.kubernetes.io~1name/~0x");
}

static void test_misc(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *doc =
	    parse_or_die("misc", Q({"a" : [ 1, {"b" : []} ], "s" : "x", "t" : true, "n" : null}));
	assert_int_equal(kc_json_depth(doc), 4);
	assert_int_equal(kc_json_depth(kc_json_get(doc, "s")), 0);
	assert_int_equal(kc_json_depth(NULL), 0);
	_cleanup_json_ cJSON *copy = kc_json_dup(doc);
	assert_ptr_not_equal(copy, doc);
	assert_true(kc_json_equal(copy, doc));
	assert_null(kc_json_dup(NULL));
	assert_string_equal(kc_json_type_name(doc), "object");
	assert_string_equal(kc_json_type_name(kc_json_get(doc, "a")), "array");
	assert_string_equal(kc_json_type_name(kc_json_get(doc, "s")), "string");
	assert_string_equal(kc_json_type_name(kc_json_get(doc, "t")), "boolean");
	assert_string_equal(kc_json_type_name(kc_json_get(doc, "n")), "null");
	assert_string_equal(kc_json_type_name(kc_json_get(doc, "a[0]")), "number");
	assert_string_equal(kc_json_type_name(NULL), "null");
}

/* Debian's cJSON_InsertItemInArray refuses every index but 0. */
static void test_array_insert(void **state)
{
	(void)state;
	static const struct {
		int idx;
		const char *want;
	} cases[] = {{0, "[9,1,2,3]"}, {1, "[1,9,2,3]"}, {2, "[1,2,9,3]"}, {3, "[1,2,3,9]"}, {7, "[1,2,3,9]"}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cJSON *a = cJSON_Parse("[1,2,3]");
		kc_json_array_insert(a, cases[i].idx, cJSON_CreateNumber(9));
		char *got = cJSON_PrintUnformatted(a);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("insert at %d: got %s, want %s", cases[i].idx, got, cases[i].want);
		/* the tail link stays right: appending still works */
		cJSON_AddItemToArray(a, cJSON_CreateNumber(0));
		assert_int_equal(cJSON_GetArrayItem(a, 4)->valueint, 0);
		free(got);
		cJSON_Delete(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_valid),
	    cmocka_unit_test(test_parse_invalid),
	    cmocka_unit_test(test_parse_length_and_nul),
	    cmocka_unit_test(test_parse_depth),
	    cmocka_unit_test(test_parse_duplicates),
	    cmocka_unit_test(test_print_numbers),
	    cmocka_unit_test(test_print_flags),
	    cmocka_unit_test(test_get_paths),
	    cmocka_unit_test(test_typed_getters),
	    cmocka_unit_test(test_set_paths),
	    cmocka_unit_test(test_setv_delete),
	    cmocka_unit_test(test_equal),
	    cmocka_unit_test(test_pointer),
	    cmocka_unit_test(test_misc),
	    cmocka_unit_test(test_array_insert),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
