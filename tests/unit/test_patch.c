/* test_patch.c - merge patch (RFC 7386 appendix A), JSON patch (RFC 6902
 * appendix A plus upstream's leniencies and error wording), strategic merge
 * patch (the examples of the upstream task "Update API Objects in Place Using
 * kubectl patch", directives, merge keys in context, malformed patches). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/patch.h"
#include "common/util.h"

/* Q(...) turns JSON written as C tokens into a string literal. */
#define Q(...) #__VA_ARGS__

static cJSON *J(const char *name, const char *text)
{
	kc_error err = KC_ERROR_INIT;
	cJSON *j = NULL;
	if (!text)
		return NULL;
	if (kc_json_parse_str(text, &j, &err) < 0)
		fail_msg("case %s: cannot parse %s: %s", name, text, err.msg);
	return j;
}

/* Fails the case unless got equals want (arrays in order). */
static void expect_json(const char *name, const cJSON *got, const char *want)
{
	_cleanup_json_ cJSON *w = J(name, want);
	if (!kc_json_equal(got, w)) {
		_cleanup_free_ char *g = kc_json_print_flags(got, KC_JSON_SORTED);
		_cleanup_free_ char *ws = kc_json_print_flags(w, KC_JSON_SORTED);
		fail_msg("case %s:\n got  %s\n want %s", name, g, ws);
	}
}

/* ---- RFC 7386 ---- */

static void test_merge_rfc7386(void **state)
{
	(void)state;
	static const struct {
		const char *target, *patch, *result;
	} cases[] = {
	    /* appendix A, every row */
	    {Q({"a" : "b"}), Q({"a" : "c"}), Q({"a" : "c"})},
	    {Q({"a" : "b"}), Q({"b" : "c"}), Q({"a" : "b", "b" : "c"})},
	    {Q({"a" : "b"}), Q({"a" : null}), Q({})},
	    {Q({"a" : "b", "b" : "c"}), Q({"a" : null}), Q({"b" : "c"})},
	    {Q({"a" : ["b"]}), Q({"a" : "c"}), Q({"a" : "c"})},
	    {Q({"a" : "c"}), Q({"a" : ["b"]}), Q({"a" : ["b"]})},
	    {Q({"a" : {"b" : "c"}}), Q({"a" : {"b" : "d", "c" : null}}), Q({"a" : {"b" : "d"}})},
	    {Q({"a" : [ {"b" : "c"} ]}), Q({"a" : [1]}), Q({"a" : [1]})},
	    {Q([ "a", "b" ]), Q([ "c", "d" ]), Q([ "c", "d" ])},
	    {Q({"a" : "b"}), Q(["c"]), Q(["c"])},
	    {Q({"a" : "foo"}), Q(null), Q(null)},
	    {Q({"a" : "foo"}), Q("bar"), Q("bar")},
	    {Q({"e" : null}), Q({"a" : 1}), Q({"e" : null, "a" : 1})},
	    {Q([ 1, 2 ]), Q({"a" : "b", "c" : null}), Q({"a" : "b"})},
	    {Q({}), Q({"a" : {"bb" : {"ccc" : null}}}), Q({"a" : {"bb" : {}}})},
	    /* section 3's example */
	    {Q({
		     "title" : "Goodbye!",
		     "author" : {"givenName" : "John", "familyName" : "Doe"},
		     "tags" : [ "example", "sample" ],
		     "content" : "This will be unchanged"
	     }),
	     Q({
		     "title" : "Hello!",
		     "phoneNumber" : "+01-123-456-7890",
		     "author" : {"familyName" : null},
		     "tags" : ["example"]
	     }),
	     Q({
		     "title" : "Hello!",
		     "author" : {"givenName" : "John"},
		     "tags" : ["example"],
		     "content" : "This will be unchanged",
		     "phoneNumber" : "+01-123-456-7890"
	     })},
	    /* arrays are values: nulls inside them stay */
	    {Q({}), Q({"a" : [ null, {"b" : null} ]}), Q({"a" : [ null, {"b" : null} ]})},
	    {NULL, Q({"a" : {"b" : null, "c" : 1}}), Q({"a" : {"c" : 1}})},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		char name[32];
		snprintf(name, sizeof(name), "rfc7386 #%zu", i);
		_cleanup_json_ cJSON *t = J(name, cases[i].target);
		_cleanup_json_ cJSON *p = J(name, cases[i].patch);
		kc_error err = KC_ERROR_INIT;
		if (kc_patch_merge(&t, p, &err) < 0)
			fail_msg("case %s: %s", name, err.msg);
		expect_json(name, t, cases[i].result);
	}
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_patch_merge(NULL, NULL, &err), -EINVAL);
}

static void test_merge_create(void **state)
{
	(void)state;
	static const struct {
		const char *name, *original, *modified, *patch;
	} cases[] = {
	    {"equal", Q({"a" : 1, "b" : [ 1, 2 ]}), Q({"b" : [ 1, 2 ], "a" : 1.0}), Q({})},
	    {"add, change, remove", Q({"a" : 1, "b" : 2}), Q({"a" : 1, "c" : 3, "b" : "x"}),
	     Q({"c" : 3, "b" : "x"})},
	    {"remove member", Q({"a" : 1, "b" : 2}), Q({"a" : 1}), Q({"b" : null})},
	    {"nested label removed", Q({"metadata" : {"labels" : {"a" : "1", "b" : "2"}, "name" : "x"}}),
	     Q({"metadata" : {"labels" : {"a" : "1"}, "name" : "x"}}),
	     Q({"metadata" : {"labels" : {"b" : null}}})},
	    {"array changed is sent whole", Q({"spec" : {"args" : [ "a", "b" ]}}),
	     Q({"spec" : {"args" : ["a"]}}), Q({"spec" : {"args" : ["a"]}})},
	    {"object replaces scalar", Q({"a" : 1}), Q({"a" : {"b" : 2}}), Q({"a" : {"b" : 2}})},
	    {"scalar replaces object", Q({"a" : {"b" : 2}}), Q({"a" : 1}), Q({"a" : 1})},
	    {"not objects", Q([1]), Q([2]), Q([2])},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *o = J(cases[i].name, cases[i].original);
		_cleanup_json_ cJSON *m = J(cases[i].name, cases[i].modified);
		_cleanup_json_ cJSON *p = NULL;
		kc_error err = KC_ERROR_INIT;
		assert_int_equal(kc_patch_merge_create(o, m, &p, &err), 0);
		expect_json(cases[i].name, p, cases[i].patch);
		/* applying the created patch to original gives modified */
		_cleanup_json_ cJSON *t = kc_json_dup(o);
		assert_int_equal(kc_patch_merge(&t, p, &err), 0);
		if (!kc_json_equal(t, m))
			fail_msg("case %s: round trip gave %s", cases[i].name, kc_json_print(t));
	}
}

/* ---- RFC 6902 ---- */

typedef struct jp_case {
	const char *name, *doc, *patch, *result; /* result NULL: must fail */
	int code;
	const char *msg;
} jp_case;

static void run_json_patch_cases(const jp_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const jp_case *c = &cases[i];
		_cleanup_json_ cJSON *doc = J(c->name, c->doc);
		_cleanup_json_ cJSON *before = kc_json_dup(doc);
		_cleanup_json_ cJSON *patch = J(c->name, c->patch);
		cJSON *orig_ptr = doc;
		kc_error err = KC_ERROR_INIT;
		int r = kc_patch_json(&doc, patch, &err);
		if (c->result) {
			if (r < 0)
				fail_msg("case %s: %s", c->name, err.msg);
			expect_json(c->name, doc, c->result);
			continue;
		}
		if (r != c->code)
			fail_msg("case %s: r=%d (%s), want %d", c->name, r, err.msg, c->code);
		if (!streq(err.msg, c->msg))
			fail_msg("case %s: message\n  %s\nwant\n  %s", c->name, err.msg, c->msg);
		if (doc != orig_ptr || !kc_json_equal(doc, before))
			fail_msg("case %s: target changed on failure", c->name);
	}
}

static void test_json_patch_rfc6902(void **state)
{
	(void)state;
	static const jp_case cases[] = {
	    {"A.1 add object member", Q({"foo" : "bar"}),
	     Q([ {"op" : "add", "path" : "/baz", "value" : "qux"} ]), Q({"baz" : "qux", "foo" : "bar"}), 0,
	     NULL},
	    {"A.2 add array element", Q({"foo" : [ "bar", "baz" ]}),
	     Q([ {"op" : "add", "path" : "/foo/1", "value" : "qux"} ]), Q({"foo" : [ "bar", "qux", "baz" ]}),
	     0, NULL},
	    {"A.3 remove object member", Q({"baz" : "qux", "foo" : "bar"}),
	     Q([ {"op" : "remove", "path" : "/baz"} ]), Q({"foo" : "bar"}), 0, NULL},
	    {"A.4 remove array element", Q({"foo" : [ "bar", "qux", "baz" ]}),
	     Q([ {"op" : "remove", "path" : "/foo/1"} ]), Q({"foo" : [ "bar", "baz" ]}), 0, NULL},
	    {"A.5 replace", Q({"baz" : "qux", "foo" : "bar"}),
	     Q([ {"op" : "replace", "path" : "/baz", "value" : "boo"} ]), Q({"baz" : "boo", "foo" : "bar"}),
	     0, NULL},
	    {"A.6 move a value", Q({"foo" : {"bar" : "baz", "waldo" : "fred"}, "qux" : {"corge" : "grault"}}),
	     Q([ {"op" : "move", "from" : "/foo/waldo", "path" : "/qux/thud"} ]),
	     Q({"foo" : {"bar" : "baz"}, "qux" : {"corge" : "grault", "thud" : "fred"}}), 0, NULL},
	    {"A.7 move an array element", Q({"foo" : [ "all", "grass", "cows", "eat" ]}),
	     Q([ {"op" : "move", "from" : "/foo/1", "path" : "/foo/3"} ]),
	     Q({"foo" : [ "all", "cows", "eat", "grass" ]}), 0, NULL},
	    {"A.8 test success", Q({"baz" : "qux", "foo" : [ "a", 2, "c" ]}), Q([
		     {"op" : "test", "path" : "/baz", "value" : "qux"},
		     {"op" : "test", "path" : "/foo/1", "value" : 2}
	     ]),
	     Q({"baz" : "qux", "foo" : [ "a", 2, "c" ]}), 0, NULL},
	    {"A.9 test error", Q({"baz" : "qux"}), Q([ {"op" : "test", "path" : "/baz", "value" : "bar"} ]),
	     NULL, -ECANCELED, "testing value /baz failed: test failed (at patch[0])"},
	    {"A.10 add nested member object", Q({"foo" : "bar"}),
	     Q([ {"op" : "add", "path" : "/child", "value" : {"grandchild" : {}}} ]),
	     Q({"foo" : "bar", "child" : {"grandchild" : {}}}), 0, NULL},
	    {"A.11 ignore unrecognized elements", Q({"foo" : "bar"}),
	     Q([ {"op" : "add", "path" : "/baz", "value" : "qux", "xyz" : 123} ]),
	     Q({"foo" : "bar", "baz" : "qux"}), 0, NULL},
	    {"A.12 add to nonexistent target", Q({"foo" : "bar"}),
	     Q([ {"op" : "add", "path" : "/baz/bat", "value" : "qux"} ]), NULL, -ENOENT,
	     "add operation does not apply: doc is missing path: \"/baz/bat\": missing value (at patch[0])"},
	    /* A.13: repeated "op" - the last one ("remove") wins when parsed leniently */
	    {"A.13 invalid patch document", Q({"foo" : "bar"}),
	     Q([ {"op" : "add", "path" : "/baz", "value" : "qux", "op" : "remove"} ]), NULL, -ENOENT,
	     "error in remove for path: '/baz': Unable to remove nonexistent key: baz: missing value (at "
	     "patch[0])"},
	    {"A.14 ~ escape ordering", Q({"/" : 9, "~1" : 10}),
	     Q([ {"op" : "test", "path" : "/~01", "value" : 10} ]), Q({"/" : 9, "~1" : 10}), 0, NULL},
	    {"A.15 comparing strings and numbers", Q({"/" : 9, "~1" : 10}),
	     Q([ {"op" : "test", "path" : "/~01", "value" : "10"} ]), NULL, -ECANCELED,
	     "testing value /~01 failed: test failed (at patch[0])"},
	    {"A.16 add an array value", Q({"foo" : ["bar"]}),
	     Q([ {"op" : "add", "path" : "/foo/-", "value" : [ "abc", "def" ]} ]),
	     Q({"foo" : [ "bar", [ "abc", "def" ] ]}), 0, NULL},
	};
	run_json_patch_cases(cases, KC_ARRAY_SIZE(cases));

	/* A.13 with strict parsing: the patch itself is refused */
	kc_error err = KC_ERROR_INIT;
	const char *dup = Q([ {"op" : "add", "path" : "/baz", "value" : "qux", "op" : "remove"} ]);
	cJSON *p = NULL;
	assert_int_equal(kc_json_parse_ex(dup, strlen(dup), KC_JSON_PARSE_NO_DUPLICATES, &p, NULL, &err),
	                 -EINVAL);
	assert_non_null(strstr(err.msg, "duplicate field \"op\""));
}

static void test_json_patch_upstream(void **state)
{
	(void)state;
	static const jp_case cases[] = {
	    /* evanphx/json-patch v4 leniencies the apiserver has */
	    {"replace of a missing member adds it", Q({"a" : 1}),
	     Q([ {"op" : "replace", "path" : "/b", "value" : 2} ]), Q({"a" : 1, "b" : 2}), 0, NULL},
	    {"negative index removes from the end", Q({"l" : [ 1, 2, 3 ]}),
	     Q([ {"op" : "remove", "path" : "/l/-1"} ]), Q({"l" : [ 1, 2 ]}), 0, NULL},
	    {"negative index on add", Q({"l" : [ 1, 2, 3 ]}),
	     Q([ {"op" : "add", "path" : "/l/-1", "value" : 9} ]), Q({"l" : [ 1, 2, 3, 9 ]}), 0, NULL},
	    {"test of a missing member against null", Q({"a" : 1}),
	     Q([ {"op" : "test", "path" : "/b", "value" : null} ]), Q({"a" : 1}), 0, NULL},
	    {"add without value adds null", Q({"a" : 1}), Q([ {"op" : "add", "path" : "/b"} ]),
	     Q({"a" : 1, "b" : null}), 0, NULL},
	    {"copy of a missing member copies null", Q({"a" : 1}),
	     Q([ {"op" : "copy", "from" : "/x", "path" : "/c"} ]), Q({"a" : 1, "c" : null}), 0, NULL},
	    {"replace the root", Q({"a" : 1}), Q([ {"op" : "replace", "path" : "", "value" : {"b" : 2}} ]),
	     Q({"b" : 2}), 0, NULL},
	    {"test the root", Q({"a" : [1]}), Q([ {"op" : "test", "path" : "", "value" : {"a" : [1.0]}} ]),
	     Q({"a" : [1]}), 0, NULL},
	    {"numbers compare by value", Q({"n" : 1}), Q([ {"op" : "test", "path" : "/n", "value" : 1.0} ]),
	     Q({"n" : 1}), 0, NULL},
	    {"append with -", Q({"l" : []}), Q([
		     {"op" : "add", "path" : "/l/-", "value" : 1},
		     {"op" : "add", "path" : "/l/-", "value" : 2}
	     ]),
	     Q({"l" : [ 1, 2 ]}), 0, NULL},
	    {"copy then remove", Q({"spec" : {"a" : {"x" : 1}}}), Q([
		     {"op" : "copy", "from" : "/spec/a", "path" : "/spec/b"},
		     {"op" : "remove", "path" : "/spec/a"}
	     ]),
	     Q({"spec" : {"b" : {"x" : 1}}}), 0, NULL},
	    {"labels with / in keys", Q({"metadata" : {"labels" : {}}}),
	     Q([ {"op" : "add", "path" : "/metadata/labels/app.kubernetes.io~1name", "value" : "web"} ]),
	     Q({"metadata" : {"labels" : {"app.kubernetes.io/name" : "web"}}}), 0, NULL},
	    {"kubectl example: replace a container image",
	     Q({"spec" : {"containers" : [ {"name" : "c", "image" : "old"} ]}}),
	     Q([ {"op" : "replace", "path" : "/spec/containers/0/image", "value" : "new image"} ]),
	     Q({"spec" : {"containers" : [ {"name" : "c", "image" : "new image"} ]}}), 0, NULL},

	    /* failures, with upstream's words */
	    {"remove through a missing parent", Q({"a" : {}}), Q([ {"op" : "remove", "path" : "/a/b/c"} ]),
	     NULL, -ENOENT,
	     "remove operation does not apply: doc is missing path: \"/a/b/c\": missing value (at patch[0])"},
	    {"remove beyond the array", Q({"foo" : [1]}), Q([ {"op" : "remove", "path" : "/foo/5"} ]), NULL,
	     -ENOENT,
	     "error in remove for path: '/foo/5': Unable to access invalid index: 5: invalid index "
	     "referenced (at patch[0])"},
	    {"add beyond the array", Q({"foo" : [1]}), Q([ {"op" : "add", "path" : "/foo/3", "value" : 1} ]),
	     NULL, -ENOENT,
	     "error in add for path: '/foo/3': Unable to access invalid index: 3: invalid index referenced "
	     "(at patch[0])"},
	    {"add with a bad index", Q({"foo" : [1]}), Q([ {"op" : "add", "path" : "/foo/x", "value" : 1} ]),
	     NULL, -ENOENT,
	     "error in add for path: '/foo/x': value was not a proper array index: 'x': strconv.Atoi: "
	     "parsing \"x\": invalid syntax (at patch[0])"},
	    {"replace a missing index", Q({"foo" : [1]}),
	     Q([ {"op" : "replace", "path" : "/foo/5", "value" : 1} ]), NULL, -ENOENT,
	     "replace operation does not apply: doc is missing key: /foo/5: missing value (at patch[0])"},
	    {"replace the root with a scalar", Q({"a" : 1}),
	     Q([ {"op" : "replace", "path" : "", "value" : 1} ]), NULL, -EINVAL,
	     "replace operation value must be object or array (at patch[0])"},
	    {"move from a missing parent", Q({"a" : 1}),
	     Q([ {"op" : "move", "from" : "/x/y", "path" : "/b"} ]), NULL, -ENOENT,
	     "move operation does not apply: doc is missing from path: /x/y: missing value (at patch[0])"},
	    {"move into its own child", Q({"a" : {"b" : {}}}),
	     Q([ {"op" : "move", "from" : "/a", "path" : "/a/b/c"} ]), NULL, -ENOENT,
	     "move operation does not apply: doc is missing destination path: /a/b/c: missing value (at "
	     "patch[0])"},
	    {"copy from a missing parent", Q({"a" : 1}),
	     Q([ {"op" : "copy", "from" : "/x/y", "path" : "/b"} ]), NULL, -ENOENT,
	     "copy operation does not apply: doc is missing from path: /x/y: missing value (at patch[0])"},
	    {"unknown op", Q({}), Q([ {"op" : "frobnicate", "path" : "/a"} ]), NULL, -EINVAL,
	     "Unexpected kind: frobnicate (at patch[0])"},
	    {"missing op", Q({}), Q([ {"path" : "/a"} ]), NULL, -EINVAL,
	     "Unexpected kind: unknown (at patch[0])"},
	    {"missing path", Q({}), Q([ {"op" : "add", "value" : 1} ]), NULL, -EINVAL,
	     "add operation failed to decode path: missing value (at patch[0])"},
	    {"path not a string", Q({}), Q([ {"op" : "replace", "path" : 5, "value" : 1} ]), NULL, -EINVAL,
	     "replace operation failed to decode path: json: cannot unmarshal number into Go value of type "
	     "string (at patch[0])"},
	    {"missing from", Q({}), Q([ {"op" : "move", "path" : "/a"} ]), NULL, -EINVAL,
	     "move operation failed to decode from: operation, missing from field: missing value (at "
	     "patch[0])"},
	    {"path without a slash", Q({"foo" : 1}), Q([ {"op" : "add", "path" : "foo", "value" : 1} ]), NULL,
	     -ENOENT,
	     "add operation does not apply: doc is missing path: \"foo\": missing value (at patch[0])"},
	    {"into a scalar", Q({"a" : 1}), Q([ {"op" : "add", "path" : "/a/b", "value" : 1} ]), NULL,
	     -ENOENT,
	     "add operation does not apply: doc is missing path: \"/a/b\": missing value (at patch[0])"},
	    {"second op fails, first is undone", Q({"a" : 1}),
	     Q([ {"op" : "add", "path" : "/b", "value" : 2}, {"op" : "test", "path" : "/a", "value" : 2} ]),
	     NULL, -ECANCELED, "testing value /a failed: test failed (at patch[1])"},
	    {"target is a scalar", Q(5), Q([ {"op" : "add", "path" : "/-", "value" : 1} ]), NULL, -EINVAL,
	     "json: cannot unmarshal number into Go value of type jsonpatch.partialDoc"},
	    {"patch is an object", Q({}), Q({"op" : "add"}), NULL, -EBADMSG,
	     "json: cannot unmarshal object into Go value of type jsonpatch.Patch"},
	    {"operation is a number", Q({}), Q([1]), NULL, -EBADMSG,
	     "json: cannot unmarshal number into Go value of type jsonpatch.Operation"},
	};
	run_json_patch_cases(cases, KC_ARRAY_SIZE(cases));
}

static void test_json_patch_limits(void **state)
{
	(void)state;
	kc_error err = KC_ERROR_INIT;
	/* operation count */
	_cleanup_json_ cJSON *ops = cJSON_CreateArray();
	for (int i = 0; i < KC_PATCH_MAX_OPS; i++) {
		cJSON *op = cJSON_CreateObject();
		cJSON_AddStringToObject(op, "op", "test");
		cJSON_AddStringToObject(op, "path", "/a");
		cJSON_AddNumberToObject(op, "value", 1);
		cJSON_AddItemToArray(ops, op);
	}
	_cleanup_json_ cJSON *doc = J("limits", Q({"a" : 1}));
	assert_int_equal(kc_patch_json(&doc, ops, &err), 0);
	cJSON_AddItemToArray(ops, cJSON_CreateObject());
	assert_int_equal(kc_patch_json(&doc, ops, &err), -E2BIG);
	assert_string_equal(err.msg, "The allowed maximum operations in a JSON patch is 10000, got 10001");

	/* copies cannot grow a document without bound */
	_cleanup_json_ cJSON *big = cJSON_CreateObject();
	char *s = xmalloc(1024 * 1024 + 1);
	memset(s, 'x', 1024 * 1024);
	s[1024 * 1024] = '\0';
	cJSON_AddStringToObject(big, "s", s);
	free(s);
	_cleanup_json_ cJSON *copies = J("copies", Q([
		                                 {"op" : "copy", "from" : "/s", "path" : "/a"},
		                                 {"op" : "copy", "from" : "/s", "path" : "/b"},
		                                 {"op" : "copy", "from" : "/s", "path" : "/c"}
	                                 ]));
	assert_int_equal(kc_patch_json(&big, copies, &err), -EFBIG);
	assert_string_equal(err.msg,
	                    "Unable to complete the copy, the accumulated size increase of copy is 3145734, "
	                    "exceeding the limit 3145728 (at patch[2])");
	assert_null(cJSON_GetObjectItem(big, "a"));

	/* nor nest it deeper than the parser reads back */
	kc_buf b = KC_BUF_INIT;
	for (int i = 0; i < KC_JSON_MAX_DEPTH - 1; i++)
		kc_buf_addstr(&b, "{\"a\":");
	kc_buf_addstr(&b, "{}");
	for (int i = 0; i < KC_JSON_MAX_DEPTH - 1; i++)
		kc_buf_addch(&b, '}');
	_cleanup_json_ cJSON *deep = J("deep", b.s);
	kc_buf_reset(&b);
	kc_buf_addstr(&b, "[{\"op\":\"add\",\"value\":{\"x\":{}},\"path\":\"");
	for (int i = 0; i < KC_JSON_MAX_DEPTH - 1; i++)
		kc_buf_addstr(&b, "/a");
	kc_buf_addstr(&b, "/b\"}]");
	_cleanup_json_ cJSON *deeper = J("deeper", b.s);
	kc_buf_free(&b);
	assert_int_equal(kc_patch_json(&deep, deeper, &err), -EINVAL);
	assert_string_equal(err.msg,
	                    "the patched document would be nested deeper than 1000 levels (at patch[0])");
	assert_int_equal(kc_patch_json(NULL, deeper, &err), -EINVAL);
}

static void test_content_types(void **state)
{
	(void)state;
	static const struct {
		const char *ct;
		kc_patch_type type;
	} cases[] = {
	    {"application/json-patch+json", KC_PATCH_JSON},
	    {"application/merge-patch+json", KC_PATCH_MERGE},
	    {"application/strategic-merge-patch+json", KC_PATCH_STRATEGIC},
	    {"application/apply-patch+yaml", KC_PATCH_APPLY},
	    {"Application/Merge-Patch+JSON; charset=utf-8", KC_PATCH_MERGE},
	    {"  application/json-patch+json ;x=y", KC_PATCH_JSON},
	    {"application/json", KC_PATCH_UNKNOWN},
	    {"application/merge-patch+jsonx", KC_PATCH_UNKNOWN},
	    {"", KC_PATCH_UNKNOWN},
	    {NULL, KC_PATCH_UNKNOWN},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++)
		if (kc_patch_type_from_content_type(cases[i].ct) != cases[i].type)
			fail_msg("content type %s", cases[i].ct ? cases[i].ct : "(null)");
	assert_string_equal(kc_patch_content_type(KC_PATCH_STRATEGIC),
	                    "application/strategic-merge-patch+json");
	assert_string_equal(kc_patch_content_type(KC_PATCH_UNKNOWN), "");
}

/* ---- strategic merge patch ---- */

/* The upstream task's deployment-patch.yaml, as JSON. */
#define PATCH_DEMO                                                                                           \
	Q({                                                                                                  \
		"apiVersion" : "apps/v1",                                                                    \
		"kind" : "Deployment",                                                                       \
		"metadata" : {"name" : "patch-demo"},                                                        \
		"spec" : {                                                                                   \
			"replicas" : 2,                                                                      \
			"selector" : {"matchLabels" : {"app.kubernetes.io/name" : "nginx"}},                 \
			"template" : {                                                                       \
				"metadata" : {"labels" : {"app.kubernetes.io/name" : "nginx"}},              \
				"spec" : {                                                                   \
					"containers" : [ {"name" : "patch-demo-ctr", "image" : "nginx"} ],   \
					"tolerations" : [ {                                                  \
						"effect" : "NoSchedule",                                     \
						"key" : "dedicated",                                         \
						"value" : "test-team"                                        \
					} ]                                                                  \
				}                                                                            \
			}                                                                                    \
		}                                                                                            \
	})

/* deployment-retainkeys.yaml */
#define RETAINKEYS_DEMO                                                                                      \
	Q({                                                                                                  \
		"apiVersion" : "apps/v1",                                                                    \
		"kind" : "Deployment",                                                                       \
		"metadata" : {"name" : "retainkeys-demo"},                                                   \
		"spec" : {                                                                                   \
			"selector" : {"matchLabels" : {"app.kubernetes.io/name" : "nginx"}},                 \
			"strategy" : {"rollingUpdate" : {"maxSurge" : "30%"}},                               \
			"template" : {                                                                       \
				"metadata" : {"labels" : {"app.kubernetes.io/name" : "nginx"}},              \
				"spec" :                                                                     \
				    {"containers" : [ {"name" : "retainkeys-demo-ctr", "image" : "nginx"} ]} \
			}                                                                                    \
		}                                                                                            \
	})

typedef struct smp_case {
	const char *name, *api_version, *kind, *doc, *patch;
	const char *want; /* compared with kc_json_get(result, at) when at is set; "list[*].f" collects f */
	const char *at;
	int code;
	const char *msg; /* exact, or a substring when it starts with '~' */
} smp_case;

/* For "a.list[*].name": the array of each element's name; else NULL. */
static cJSON *pick(const cJSON *doc, const char *at)
{
	const char *star = at ? strstr(at, "[*].") : NULL;
	if (!star)
		return NULL;
	_cleanup_free_ char *list_path = xstrndup(at, (size_t)(star - at));
	cJSON *out = cJSON_CreateArray();
	const cJSON *list = kc_json_get(doc, list_path);
	for (const cJSON *e = list ? list->child : NULL; e; e = e->next)
		cJSON_AddItemToArray(out, kc_json_dup(kc_json_get(e, star + 4)));
	return out;
}

static void run_smp_cases(const smp_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const smp_case *c = &cases[i];
		_cleanup_json_ cJSON *doc = J(c->name, c->doc);
		_cleanup_json_ cJSON *before = kc_json_dup(doc);
		_cleanup_json_ cJSON *patch = J(c->name, c->patch);
		cJSON *orig_ptr = doc;
		kc_error err = KC_ERROR_INIT;
		int r = kc_patch_strategic(&doc, patch, c->api_version, c->kind, &err);
		if (!c->msg) {
			if (r < 0)
				fail_msg("case %s: %s", c->name, err.msg);
			_cleanup_json_ cJSON *picked = pick(doc, c->at);
			expect_json(c->name,
			            c->at ? (strstr(c->at, "[*].") ? picked : kc_json_get(doc, c->at)) : doc,
			            c->want);
			/* no directive survives into the result */
			_cleanup_free_ char *text = kc_json_print(doc);
			if (strstr(text, "\"$"))
				fail_msg("case %s: directive left in %s", c->name, text);
			continue;
		}
		if (r != c->code)
			fail_msg("case %s: r=%d (%s), want %d", c->name, r, err.msg, c->code);
		bool ok = c->msg[0] == '~' ? strstr(err.msg, c->msg + 1) != NULL : streq(err.msg, c->msg);
		if (!ok)
			fail_msg("case %s: message\n  %s\nwant\n  %s", c->name, err.msg, c->msg);
		if (doc != orig_ptr || !kc_json_equal(doc, before))
			fail_msg("case %s: target changed on failure", c->name);
	}
}

static void test_strategic_docs(void **state)
{
	(void)state;
	static const smp_case cases[] = {
	    /* "Use a strategic merge patch to update a Deployment": the new
	     * container is merged in, and comes first as in the page's output */
	    {"patch-file.yaml adds a container", "apps/v1", "Deployment", PATCH_DEMO, Q({
		     "spec" : {
			     "template" : {
				     "spec" :
				         {"containers" : [ {"name" : "patch-demo-ctr-2", "image" : "redis"} ]}
			     }
		     }
	     }),
	     Q({
		     "containers" : [
			     {"name" : "patch-demo-ctr-2", "image" : "redis"},
			     {"name" : "patch-demo-ctr", "image" : "nginx"}
		     ],
		     "tolerations" : [ {"effect" : "NoSchedule", "key" : "dedicated", "value" : "test-team"} ]
	     }),
	     "spec.template.spec", 0, NULL},
	    /* patch-file-tolerations.yaml: tolerations have no patchStrategy */
	    {"tolerations are replaced", "apps/v1", "Deployment", PATCH_DEMO, Q({
		     "spec" : {
			     "template" : {
				     "spec" : {
					     "tolerations" : [ {
						     "effect" : "NoSchedule",
						     "key" : "disktype",
						     "value" : "ssd"
					     } ]
				     }
			     }
		     }
	     }),
	     Q({
		     "containers" : [ {"name" : "patch-demo-ctr", "image" : "nginx"} ],
		     "tolerations" : [ {"effect" : "NoSchedule", "key" : "disktype", "value" : "ssd"} ]
	     }),
	     "spec.template.spec", 0, NULL},
	    /* patch-file-retainkeys.yaml */
	    {"$retainKeys drops rollingUpdate", "apps/v1", "Deployment", RETAINKEYS_DEMO,
	     Q({"spec" : {"strategy" : {"$retainKeys" : ["type"], "type" : "Recreate"}}}),
	     Q({"type" : "Recreate"}), "spec.strategy", 0, NULL},
	    /* patch-file-no-retainkeys.yaml as a strategic patch keeps both */
	    {"without $retainKeys both stay", "apps/v1", "Deployment", RETAINKEYS_DEMO,
	     Q({"spec" : {"strategy" : {"type" : "Recreate"}}}),
	     Q({"rollingUpdate" : {"maxSurge" : "30%"}, "type" : "Recreate"}), "spec.strategy", 0, NULL},
	};
	run_smp_cases(cases, KC_ARRAY_SIZE(cases));

	/* "Use a JSON merge patch to update a Deployment": patch-file-2.yaml
	 * replaces the list, where the strategic patch merged it. */
	const char *patch2 = Q({
		"spec" : {
			"template" : {
				"spec" : {
					"containers" : [ {
						"name" : "patch-demo-ctr-3",
						"image" : "gcr.io/google-samples/node-hello:1.0"
					} ]
				}
			}
		}
	});
	kc_error err = KC_ERROR_INIT;
	_cleanup_json_ cJSON *merge_doc = J("merge", PATCH_DEMO), *smp_doc = J("smp", PATCH_DEMO);
	_cleanup_json_ cJSON *p2 = J("patch-file-2", patch2);
	assert_int_equal(kc_patch_merge(&merge_doc, p2, &err), 0);
	expect_json("merge patch replaces containers",
	            kc_json_get(merge_doc, "spec.template.spec.containers"),
	            Q([ {"name" : "patch-demo-ctr-3", "image" : "gcr.io/google-samples/node-hello:1.0"} ]));
	assert_int_equal(kc_patch_strategic(&smp_doc, p2, "apps/v1", "Deployment", &err), 0);
	expect_json("strategic patch merges containers",
	            kc_json_get(smp_doc, "spec.template.spec.containers"), Q([
		            {"name" : "patch-demo-ctr-3", "image" : "gcr.io/google-samples/node-hello:1.0"},
		            {"name" : "patch-demo-ctr", "image" : "nginx"}
	            ]));
	/* the merge-patch variant of the retainKeys exercise keeps rollingUpdate,
	 * which validation then refuses (the page's "Forbidden" error) */
	_cleanup_json_ cJSON *rk = J("rk", RETAINKEYS_DEMO);
	_cleanup_json_ cJSON *rkp = J("rkp", Q({"spec" : {"strategy" : {"type" : "Recreate"}}}));
	assert_int_equal(kc_patch_merge(&rk, rkp, &err), 0);
	expect_json("merge keeps rollingUpdate", kc_json_get(rk, "spec.strategy"),
	            Q({"rollingUpdate" : {"maxSurge" : "30%"}, "type" : "Recreate"}));
}

#define POD                                                                                                  \
	Q({                                                                                                  \
		"apiVersion" : "v1",                                                                         \
		"kind" : "Pod",                                                                              \
		"metadata" : {                                                                               \
			"name" : "p",                                                                        \
			"labels" : {"app" : "web", "tier" : "fe"},                                           \
			"finalizers" : [ "a", "b" ],                                                         \
			"ownerReferences" : [                                                                \
				{"uid" : "u1", "name" : "rs1", "kind" : "ReplicaSet"},                       \
				{"uid" : "u2", "name" : "rs2", "kind" : "ReplicaSet"}                        \
			]                                                                                    \
		},                                                                                           \
		"spec" : {                                                                                   \
			"nodeSelector" : {"disk" : "ssd"},                                                   \
			"containers" : [                                                                     \
				{                                                                            \
					"name" : "a",                                                        \
					"image" : "ia",                                                      \
					"args" : [ "x", "y" ],                                               \
					"ports" : [ {"containerPort" : 80, "name" : "http"} ],               \
					"env" : [                                                            \
						{"name" : "A", "value" : "1"}, {"name" : "B", "value" : "2"} \
					],                                                                   \
					"volumeMounts" : [ {"name" : "data", "mountPath" : "/data"} ]        \
				},                                                                           \
				{"name" : "b", "image" : "ib"}                                               \
			],                                                                                   \
			"volumes" : [ {"name" : "data", "hostPath" : {"path" : "/srv"}} ],                   \
			"hostAliases" : [ {"ip" : "10.0.0.1", "hostnames" : ["one"]} ]                       \
		},                                                                                           \
		"status" : {                                                                                 \
			"conditions" : [                                                                     \
				{"type" : "Ready", "status" : "False"},                                      \
				{"type" : "PodScheduled", "status" : "True"}                                 \
			]                                                                                    \
		}                                                                                            \
	})

static void test_strategic_lists(void **state)
{
	(void)state;
	static const smp_case cases[] = {
	    {"container image by name", "v1", "Pod", POD,
	     Q({"spec" : {"containers" : [ {"name" : "b", "image" : "ib:2"} ]}}), Q([
		     {
			     "name" : "a",
			     "image" : "ia",
			     "args" : [ "x", "y" ],
			     "ports" : [ {"containerPort" : 80, "name" : "http"} ],
			     "env" : [ {"name" : "A", "value" : "1"}, {"name" : "B", "value" : "2"} ],
			     "volumeMounts" : [ {"name" : "data", "mountPath" : "/data"} ]
		     },
		     {"name" : "b", "image" : "ib:2"}
	     ]),
	     "spec.containers", 0, NULL},
	    {"non-merging list inside a merged item is replaced", "v1", "Pod", POD,
	     Q({"spec" : {"containers" : [ {"name" : "a", "args" : ["z"]} ]}}), Q(["z"]),
	     "spec.containers[0].args", 0, NULL},
	    {"container ports merge by containerPort", "v1", "Pod", POD, Q({
		     "spec" : {
			     "containers" : [ {
				     "name" : "a",
				     "ports" : [
					     {"containerPort" : 80, "protocol" : "TCP"},
					     {"containerPort" : 443}
				     ]
			     } ]
		     }
	     }),
	     Q([ {"containerPort" : 80, "name" : "http", "protocol" : "TCP"}, {"containerPort" : 443} ]),
	     "spec.containers[0].ports", 0, NULL},
	    {"env merges by name; null drops a field", "v1", "Pod", POD, Q({
		     "spec" : {
			     "containers" : [ {
				     "name" : "a",
				     "env" : [ {
					     "name" : "A",
					     "value" : null,
					     "valueFrom" :
						 {"fieldRef" : {"fieldPath" : "spec.nodeName"}}
				     } ]
			     } ]
		     }
	     }),
	     Q([
		     {"name" : "A", "valueFrom" : {"fieldRef" : {"fieldPath" : "spec.nodeName"}}},
		     {"name" : "B", "value" : "2"}
	     ]),
	     "spec.containers[0].env", 0, NULL},
	    {"volumeMounts merge by mountPath, not name", "v1", "Pod", POD, Q({
		     "spec" : {
			     "containers" : [ {
				     "name" : "a",
				     "volumeMounts" : [
					     {"mountPath" : "/data", "readOnly" : true},
					     {"name" : "data", "mountPath" : "/other"}
				     ]
			     } ]
		     }
	     }),
	     Q([
		     {"name" : "data", "mountPath" : "/data", "readOnly" : true},
		     {"name" : "data", "mountPath" : "/other"}
	     ]),
	     "spec.containers[0].volumeMounts", 0, NULL},
	    {"hostAliases merge by ip", "v1", "Pod", POD,
	     Q({"spec" : {"hostAliases" : [ {"ip" : "10.0.0.2", "hostnames" : ["two"]} ]}}),
	     Q([ {"ip" : "10.0.0.2", "hostnames" : ["two"]}, {"ip" : "10.0.0.1", "hostnames" : ["one"]} ]),
	     "spec.hostAliases", 0, NULL},
	    {"ownerReferences merge by uid", "v1", "Pod", POD,
	     Q({"metadata" : {"ownerReferences" : [ {"uid" : "u2", "controller" : true} ]}}), Q([
		     {"uid" : "u1", "name" : "rs1", "kind" : "ReplicaSet"},
		     {"uid" : "u2", "name" : "rs2", "kind" : "ReplicaSet", "controller" : true}
	     ]),
	     "metadata.ownerReferences", 0, NULL},
	    {"finalizers are a set: new first, as upstream orders", "v1", "Pod", POD,
	     Q({"metadata" : {"finalizers" : [ "c", "a" ]}}), Q([ "c", "a", "b" ]), "metadata.finalizers", 0,
	     NULL},
	    {"pod status conditions merge by type", "v1", "Pod", POD,
	     Q({"status" : {"conditions" : [ {"type" : "Ready", "status" : "True"} ]}}),
	     Q([ {"type" : "Ready", "status" : "True"}, {"type" : "PodScheduled", "status" : "True"} ]),
	     "status.conditions", 0, NULL},
	    {"labels merge; null deletes one", "v1", "Pod", POD,
	     Q({"metadata" : {"labels" : {"tier" : null, "version" : "2"}}}),
	     Q({"app" : "web", "version" : "2"}), "metadata.labels", 0, NULL},
	    {"new items lose nulls and directives", "v1", "Pod", POD, Q({
		     "spec" : {
			     "containers" : [ {
				     "name" : "n",
				     "image" : "in",
				     "workingDir" : null,
				     "env" : [ {"name" : "E", "value" : null} ],
				     "securityContext" : {"$patch" : "delete"},
				     "$setElementOrder/env" : [ {"name" : "E"} ]
			     } ]
		     }
	     }),
	     Q({"name" : "n", "image" : "in", "env" : [ {"name" : "E"} ]}), "spec.containers[0]", 0, NULL},
	    {"volume switched with $retainKeys", "v1", "Pod", POD, Q({
		     "spec" : {
			     "volumes" : [ {
				     "name" : "data",
				     "$retainKeys" : [ "name", "emptyDir" ],
				     "emptyDir" : {}
			     } ]
		     }
	     }),
	     Q([ {"name" : "data", "emptyDir" : {}} ]), "spec.volumes", 0, NULL},
	    {"Service ports merge by port", "v1", "Service", Q({
		     "apiVersion" : "v1",
		     "kind" : "Service",
		     "spec" : {
			     "ports" : [
				     {"name" : "http", "port" : 80, "targetPort" : 8080},
				     {"name" : "https", "port" : 443}
			     ]
		     }
	     }),
	     Q({"spec" : {"ports" : [ {"port" : 80, "targetPort" : 9090} ]}}),
	     Q([ {"name" : "http", "port" : 80, "targetPort" : 9090}, {"name" : "https", "port" : 443} ]),
	     "spec.ports", 0, NULL},
	    {"node addresses merge by type", "v1", "Node", Q({
		     "kind" : "Node",
		     "spec" : {"podCIDRs" : ["10.244.0.0/24"]},
		     "status" : {
			     "addresses" : [
				     {"type" : "InternalIP", "address" : "10.0.0.1"},
				     {"type" : "Hostname", "address" : "n1"}
			     ],
			     "conditions" : [ {"type" : "Ready", "status" : "True"} ]
		     }
	     }),
	     Q({
		     "spec" : {"podCIDRs" : ["fd00::/64"]},
		     "status" : {
			     "addresses" : [ {"type" : "InternalIP", "address" : "10.0.0.2"} ],
			     "conditions" : [ {"type" : "MemoryPressure", "status" : "False"} ]
		     }
	     }),
	     Q({
		     "kind" : "Node",
		     "spec" : {"podCIDRs" : [ "fd00::/64", "10.244.0.0/24" ]},
		     "status" : {
			     "addresses" : [
				     {"type" : "InternalIP", "address" : "10.0.0.2"},
				     {"type" : "Hostname", "address" : "n1"}
			     ],
			     "conditions" : [
				     {"type" : "MemoryPressure", "status" : "False"},
				     {"type" : "Ready", "status" : "True"}
			     ]
		     }
	     }),
	     NULL, 0, NULL},
	    {"CronJob job template containers merge", "batch/v1", "CronJob", Q({
		     "kind" : "CronJob",
		     "spec" : {
			     "jobTemplate" : {
				     "spec" : {
					     "template" : {
						     "spec" : {
							     "containers" :
							         [ {"name" : "job", "image" : "busybox"} ]
						     }
					     }
				     }
			     }
		     }
	     }),
	     Q({
		     "spec" : {
			     "jobTemplate" : {
				     "spec" : {
					     "template" : {
						     "spec" :
						         {"containers" : [ {"name" : "side", "image" : "x"} ]}
					     }
				     }
			     }
		     }
	     }),
	     Q([ {"name" : "side", "image" : "x"}, {"name" : "job", "image" : "busybox"} ]),
	     "spec.jobTemplate.spec.template.spec.containers", 0, NULL},
	    {"StatefulSet template containers merge", "apps/v1", "StatefulSet",
	     Q({"spec" : {"template" : {"spec" : {"containers" : [ {"name" : "db", "image" : "pg:15"} ]}}}}),
	     Q({"spec" : {"template" : {"spec" : {"containers" : [ {"name" : "db", "image" : "pg:16"} ]}}}}),
	     Q([ {"name" : "db", "image" : "pg:16"} ]), "spec.template.spec.containers", 0, NULL},
	    {"Job and DaemonSet and ReplicaSet too", "apps/v1", "DaemonSet",
	     Q({"spec" : {"template" : {"spec" : {"initContainers" : [ {"name" : "i", "image" : "a"} ]}}}}),
	     Q({"spec" : {"template" : {"spec" : {"initContainers" : [ {"name" : "j", "image" : "b"} ]}}}}),
	     Q([ {"name" : "j", "image" : "b"}, {"name" : "i", "image" : "a"} ]),
	     "spec.template.spec.initContainers", 0, NULL},
	    {"kinds without a schema merge maps and replace lists", "v1", "ConfigMap", Q({
		     "kind" : "ConfigMap",
		     "metadata" : {"finalizers" : ["x"]},
		     "data" : {"a" : "1", "b" : "2"},
		     "list" : [ 1, 2 ]
	     }),
	     Q({"metadata" : {"finalizers" : ["y"]}, "data" : {"a" : null, "c" : "3"}, "list" : [3]}), Q({
		     "kind" : "ConfigMap",
		     "metadata" : {"finalizers" : [ "y", "x" ]},
		     "data" : {"b" : "2", "c" : "3"},
		     "list" : [3]
	     }),
	     NULL, 0, NULL},
	    {"PodDisruptionBudget selector is replaced", "policy/v1", "PodDisruptionBudget",
	     Q({"spec" : {"selector" : {"matchLabels" : {"a" : "1"}}, "minAvailable" : 1}}),
	     Q({"spec" : {"selector" : {"matchExpressions" : [ {"key" : "b", "operator" : "Exists"} ]}}}), Q({
		     "selector" : {"matchExpressions" : [ {"key" : "b", "operator" : "Exists"} ]},
		     "minAvailable" : 1
	     }),
	     "spec", 0, NULL},
	    {"a type change replaces", "v1", "Pod", Q({"spec" : {"x" : [1]}}),
	     Q({"spec" : {"x" : {"y" : null, "z" : 1}}}), Q({"x" : {"z" : 1}}), "spec", 0, NULL},
	    {"empty patch changes nothing", "v1", "Pod", POD, Q({}), POD, NULL, 0, NULL},
	};
	run_smp_cases(cases, KC_ARRAY_SIZE(cases));
}

static void test_strategic_directives(void **state)
{
	(void)state;
	static const smp_case cases[] = {
	    {"$patch: delete removes a container", "v1", "Pod", POD,
	     Q({"spec" : {"containers" : [ {"name" : "a", "$patch" : "delete"} ]}}),
	     Q([ {"name" : "b", "image" : "ib"} ]), "spec.containers", 0, NULL},
	    {"$patch: delete of a missing item is fine", "v1", "Pod", POD,
	     Q({"spec" : {"containers" : [ {"name" : "zz", "$patch" : "delete"} ]}}), Q([ "a", "b" ]),
	     "spec.containers[*].name", 0, NULL},
	    {"$patch: replace replaces the list", "v1", "Pod", POD,
	     Q({"spec" : {"containers" : [ {"$patch" : "replace"}, {"name" : "c", "image" : "ic"} ]}}),
	     Q([ {"name" : "c", "image" : "ic"} ]), "spec.containers", 0, NULL},
	    {"$patch: replace on a map", "v1", "Pod", POD,
	     Q({"metadata" : {"labels" : {"$patch" : "replace", "only" : "this"}}}), Q({"only" : "this"}),
	     "metadata.labels", 0, NULL},
	    {"$patch: delete on a map empties it", "v1", "Pod", POD,
	     Q({"spec" : {"nodeSelector" : {"$patch" : "delete"}}}), Q({}), "spec.nodeSelector", 0, NULL},
	    {"$patch on a new map drops it", "v1", "Pod", POD,
	     Q({"spec" : {"affinity" : {"$patch" : "replace", "x" : 1}}}), NULL, "spec.affinity", 0, NULL},
	    {"$setElementOrder reorders containers", "v1", "Pod", POD,
	     Q({"spec" : {"$setElementOrder/containers" : [ {"name" : "b"}, {"name" : "a"} ]}}),
	     Q([ "b", "a" ]), "spec.containers[*].name", 0, NULL},
	    {"$setElementOrder with items not in the list", "v1", "Pod",
	     Q({"spec" : {"containers" : [ {"name" : "1"}, {"name" : "3"} ]}}), Q({
		     "spec" : {
			     "$setElementOrder/containers" :
			         [ {"name" : "3"}, {"name" : "2"}, {"name" : "1"} ],
			     "containers" : [ {"name" : "3", "image" : "i3"}, {"name" : "1", "image" : "i1"} ]
		     }
	     }),
	     Q([ {"name" : "3", "image" : "i3"}, {"name" : "1", "image" : "i1"} ]), "spec.containers", 0,
	     NULL},
	    {"$setElementOrder with an add and a delete", "v1", "Pod", Q({
		     "spec" : {
			     "containers" : [
				     {"name" : "1"}, {"name" : "3", "image" : "i3"},
				     {"name" : "2", "image" : "i2"}
			     ]
		     }
	     }),
	     Q({
		     "spec" : {
			     "$setElementOrder/containers" :
			         [ {"name" : "4"}, {"name" : "2"}, {"name" : "1"} ],
			     "containers" :
			         [ {"name" : "4", "image" : "i4"}, {"name" : "3", "$patch" : "delete"} ]
		     }
	     }),
	     Q([ {"name" : "4", "image" : "i4"}, {"name" : "2", "image" : "i2"}, {"name" : "1"} ]),
	     "spec.containers", 0, NULL},
	    {"$deleteFromPrimitiveList removes finalizers", "v1", "Pod", POD,
	     Q({"metadata" : {"$deleteFromPrimitiveList/finalizers" : [ "a", "zz" ]}}), Q(["b"]),
	     "metadata.finalizers", 0, NULL},
	    {"$deleteFromPrimitiveList on a missing list adds nothing", "v1", "Pod", Q({"metadata" : {}}),
	     Q({"metadata" : {"$deleteFromPrimitiveList/finalizers" : ["a"]}}), Q({}), "metadata", 0, NULL},
	    {"order, additions and deletions of a primitive list", "v1", "Pod",
	     Q({"metadata" : {"finalizers" : [ "x1", "x2", "x3" ]}}), Q({
		     "metadata" : {
			     "$setElementOrder/finalizers" : [ "x1", "x2", "x4" ],
			     "$deleteFromPrimitiveList/finalizers" : ["x3"],
			     "finalizers" : ["x4"]
		     }
	     }),
	     Q([ "x1", "x2", "x4" ]), "metadata.finalizers", 0, NULL},
	    {"$setElementOrder keeps live-only items after", "v1", "Pod",
	     Q({"metadata" : {"finalizers" : [ "1", "2", "3", "4" ]}}),
	     Q({"metadata" : {"$setElementOrder/finalizers" : [ "2", "1" ]}}), Q([ "2", "1", "3", "4" ]),
	     "metadata.finalizers", 0, NULL},
	    {"$patch: delete on the whole object", "v1", "Pod", POD, Q({"$patch" : "delete"}), Q({}), NULL, 0,
	     NULL},
	};
	run_smp_cases(cases, KC_ARRAY_SIZE(cases));

	/* name-only checks for two cases above */
	kc_error err = KC_ERROR_INIT;
	_cleanup_json_ cJSON *doc = J("pod", POD);
	_cleanup_json_ cJSON *p =
	    J("order", Q({"spec" : {"$setElementOrder/containers" : [ {"name" : "b"}, {"name" : "a"} ]}}));
	assert_int_equal(kc_patch_strategic(&doc, p, "v1", "Pod", &err), 0);
	assert_string_equal(kc_json_get_str(doc, "spec.containers[0].name", NULL), "b");
	assert_string_equal(kc_json_get_str(doc, "spec.containers[1].name", NULL), "a");
	assert_string_equal(kc_json_get_str(doc, "spec.containers[1].image", NULL), "ia");
}

static void test_strategic_errors(void **state)
{
	(void)state;
	static const smp_case cases[] = {
	    {"patch is an array", "v1", "Pod", POD, Q([ {"op" : "add"} ]), NULL, NULL, -EBADMSG,
	     "json: cannot unmarshal array into Go value of type map[string]interface {}"},
	    {"patch is a string", "v1", "Pod", POD, Q("x"), NULL, NULL, -EBADMSG,
	     "json: cannot unmarshal string into Go value of type map[string]interface {}"},
	    {"custom resource", "stable.example.com/v1", "CronTab", Q({"spec" : {}}), Q({"spec" : {"x" : 1}}),
	     NULL, NULL, -EOPNOTSUPP, "strategic merge patch format is not supported"},
	    {"missing merge key", "v1", "Pod", POD, Q({"spec" : {"containers" : [ {"image" : "x"} ]}}), NULL,
	     NULL, -EINVAL, "map: map[image:x] does not contain declared merge key: name"},
	    {"merge key of another context", "v1", "Service", Q({"spec" : {"ports" : [ {"port" : 80} ]}}),
	     Q({"spec" : {"ports" : [ {"containerPort" : 80} ]}}), NULL, NULL, -EINVAL,
	     "map: map[containerPort:80] does not contain declared merge key: port"},
	    {"$patch: delete without merge key", "v1", "Pod", POD,
	     Q({"spec" : {"containers" : [ {"$patch" : "delete", "image" : "x"} ]}}), NULL, NULL, -EINVAL,
	     "map: map[$patch:delete image:x] does not contain declared merge key: name"},
	    {"$patch: merge in a list", "v1", "Pod", POD,
	     Q({"spec" : {"containers" : [ {"$patch" : "merge"} ]}}), NULL, NULL, -EINVAL,
	     "merging lists cannot yet be specified in the patch"},
	    {"unknown $patch in a list", "v1", "Pod", POD,
	     Q({"spec" : {"containers" : [ {"$patch" : "bogus", "name" : "a"} ]}}), NULL, NULL, -EINVAL,
	     "unknown patch type: bogus in map: map[$patch:bogus name:a]"},
	    {"$patch: merge on a map", "v1", "Pod", POD,
	     Q({"spec" : {"nodeSelector" : {"$patch" : "merge"}}}), NULL, NULL, -EINVAL,
	     "unknown patch type: merge in map: map[$patch:merge]"},
	    {"$patch not a string", "v1", "Pod", POD,
	     Q({"spec" : {"nodeSelector" : {"$patch" : 1, "port" : 8080}}}), NULL, NULL, -EINVAL,
	     "unknown patch type: %!s(float64=1) in map: map[$patch:1 port:8080]"},
	    {"$retainKeys not a list", "apps/v1", "Deployment", RETAINKEYS_DEMO,
	     Q({"spec" : {"strategy" : {"$retainKeys" : "type", "type" : "Recreate"}}}), NULL, NULL, -EINVAL,
	     "invalid patch format of retainKeys"},
	    {"$retainKeys missing a patched key", "apps/v1", "Deployment", RETAINKEYS_DEMO, Q({
		     "spec" : {
			     "strategy" : {
				     "$retainKeys" : ["type"],
				     "type" : "Recreate",
				     "rollingUpdate" : {"maxSurge" : 1}
			     }
		     }
	     }),
	     NULL, NULL, -EINVAL, "invalid patch format of retainKeys"},
	    {"$setElementOrder not a list", "v1", "Pod", POD,
	     Q({"spec" : {"$setElementOrder/containers" : "a"}}), NULL, NULL, -EINVAL,
	     "expected a []interface {}, but received a string"},
	    {"$setElementOrder without a field", "v1", "Pod", POD, Q({"spec" : {"$setElementOrder" : []}}),
	     NULL, NULL, -EINVAL, "invalid patch format of setElementOrder list"},
	    {"$deleteFromPrimitiveList without a field", "v1", "Pod", POD,
	     Q({"metadata" : {"$deleteFromPrimitiveListfinalizers" : ["a"]}}), NULL, NULL, -EINVAL,
	     "invalid patch format of primitive list"},
	    {"$setElementOrder disagrees with the patch list", "v1", "Pod",
	     Q({"spec" : {"containers" : [ {"name" : "1"}, {"name" : "3"}, {"name" : "2"} ]}}), Q({
		     "spec" : {
			     "$setElementOrder/containers" :
			         [ {"name" : "1"}, {"name" : "2"}, {"name" : "3"} ],
			     "containers" : [ {"name" : "3", "image" : "x"}, {"name" : "1", "image" : "y"} ]
		     }
	     }),
	     NULL, NULL, -EINVAL,
	     "The order in patch list:\n[map[image:x name:3] map[image:y name:1]]\n doesn't match "
	     "$setElementOrder list:\n"
	     "[map[name:1] map[name:2] map[name:3]]"},
	    {"lists of lists", "v1", "Pod", Q({"metadata" : {"finalizers" : []}}),
	     Q({"metadata" : {"finalizers" : [["a"]]}}), NULL, NULL, -EINVAL,
	     "lists of lists are not supported"},
	    {"mixed element types", "v1", "Pod", Q({"metadata" : {"finalizers" : ["a"]}}),
	     Q({"metadata" : {"finalizers" : [1]}}), NULL, NULL, -EINVAL,
	     "list element types are not identical: [[a] [1]]"},
	    {"error deep inside leaves the target unchanged", "v1", "Pod", POD, Q({
		     "metadata" : {"labels" : {"new" : "x"}},
		     "spec" :
		         {"containers" : [ {"name" : "a", "image" : "changed"}, {"image" : "no name"} ]}
	     }),
	     NULL, NULL, -EINVAL, "~does not contain declared merge key: name"},
	    {"target is not an object", "v1", "Pod", Q([1]), Q({}), NULL, NULL, -EINVAL,
	     "invalid JSON document"},
	};
	run_smp_cases(cases, KC_ARRAY_SIZE(cases));
}

static void test_strategic_supported(void **state)
{
	(void)state;
	static const struct {
		const char *api_version, *kind;
		bool supported;
	} cases[] = {
	    {"v1", "Pod", true},
	    {"v1", "ConfigMap", true},
	    {"apps/v1", "Deployment", true},
	    {"batch/v1", "CronJob", true},
	    {"rbac.authorization.k8s.io/v1", "Role", true},
	    {"networking.k8s.io/v1", "Ingress", true},
	    {"apiextensions.k8s.io/v1", "CustomResourceDefinition", true},
	    {"stable.example.com/v1", "CronTab", false},
	    {"gateway.networking.k8s.io/v1", "Gateway", false},
	    {"metrics.k8s.io/v1beta1", "PodMetrics", false},
	    {NULL, "Pod", false},
	    {"", "Pod", false},
	    {"v1", NULL, false},
	    {"v1", "", false},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++)
		if (kc_patch_strategic_supported(cases[i].api_version, cases[i].kind) != cases[i].supported)
			fail_msg("supported(%s, %s) should be %d",
			         cases[i].api_version ? cases[i].api_version : "NULL",
			         cases[i].kind ? cases[i].kind : "NULL", cases[i].supported);
	/* a NULL target reads as {} */
	kc_error err = KC_ERROR_INIT;
	cJSON *t = NULL;
	_cleanup_json_ cJSON *p = J("new", Q({"metadata" : {"name" : "x", "finalizers" : ["f"]}}));
	assert_int_equal(kc_patch_strategic(&t, p, "v1", "Pod", &err), 0);
	expect_json("null target", t, Q({"metadata" : {"name" : "x", "finalizers" : ["f"]}}));
	cJSON_Delete(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_merge_rfc7386),        cmocka_unit_test(test_merge_create),
	    cmocka_unit_test(test_json_patch_rfc6902),   cmocka_unit_test(test_json_patch_upstream),
	    cmocka_unit_test(test_json_patch_limits),    cmocka_unit_test(test_content_types),
	    cmocka_unit_test(test_strategic_docs),       cmocka_unit_test(test_strategic_lists),
	    cmocka_unit_test(test_strategic_directives), cmocka_unit_test(test_strategic_errors),
	    cmocka_unit_test(test_strategic_supported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
