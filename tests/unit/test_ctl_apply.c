/* test_ctl_apply.c - kc apply's pure parts: the last-applied annotation and
 * the three-way patch, checked byte for byte against what kubectl 1.32 sent
 * in the same scenario (test_ctl_apply_cases.h); reading manifests; error
 * wording; three-way patch corner cases and malformed inputs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/patch.h"
#include "common/util.h"
#include "ctl/apply_patch.h"
#include "ctl/manifest.h"
#include "ctl/mutate.h"

#include "test_ctl_apply_cases.h"

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

static const kc_resource *res_of(const char *name, const cJSON *obj)
{
	const kc_resource *r = kc_manifest_resource(obj);
	if (!r)
		fail_msg("case %s: no resource for the object", name);
	return r;
}

/* Every step kubectl patched: kc computes the same bytes. */
static void test_kubectl_patches(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(apply_cases); i++) {
		const struct apply_case *c = &apply_cases[i];
		if (!c->patch)
			continue;
		_cleanup_json_ cJSON *modified = J(c->name, c->file);
		_cleanup_json_ cJSON *current = J(c->name, c->current);
		_cleanup_json_ cJSON *original = NULL, *patch = NULL;
		kc_apply_annotate(modified);
		kc_error err = KC_ERROR_INIT;
		kc_patch_type type;
		if (kc_apply_original(current, &original, &err) < 0)
			fail_msg("case %s: original: %s", c->name, err.msg);
		if (kc_apply_patch(original, modified, current, res_of(c->name, modified), &patch, &type, &err) < 0)
			fail_msg("case %s: %s", c->name, err.msg);
		_cleanup_free_ char *got = kc_json_print_flags(patch, KC_JSON_SORTED | KC_JSON_ESCAPE_HTML);
		if (!streq(got, c->patch))
			fail_msg("case %s:\n got  %s\n want %s", c->name, got, c->patch);
		if (type != KC_PATCH_STRATEGIC)
			fail_msg("case %s: not a strategic merge patch", c->name);
	}
}

/* The annotation kc writes is the one kubectl wrote: after every step the
 * live object's annotation (the next step's "current") equals the text kc
 * computes from that step's file. */
static void test_kubectl_annotations(void **state)
{
	(void)state;
	for (size_t i = 0; i + 1 < KC_ARRAY_SIZE(apply_cases); i++) {
		const struct apply_case *c = &apply_cases[i], *next = &apply_cases[i + 1];
		_cleanup_json_ cJSON *file = J(c->name, c->file);
		_cleanup_json_ cJSON *live = J(next->name, next->current);
		if (!live || !streq(kc_json_get_str(file, "metadata.name", ""), kc_json_get_str(live, "metadata.name", "")) ||
		    !streq(kc_json_get_str(file, "kind", ""), kc_json_get_str(live, "kind", "")))
			continue;
		const char *want = kc_json_get_str(
			kc_json_getv(live, "metadata", "annotations", KC_LAST_APPLIED_ANNOTATION, NULL), "", NULL);
		_cleanup_free_ char *got = kc_apply_config_text(file);
		if (!streq(got, want))
			fail_msg("case %s:\n got  %s\n want %s", c->name, got, want);
	}
}

/* Applying the same file twice is a no-op, whoever applied first. */
static void test_unchanged(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(apply_cases); i++) {
		const struct apply_case *c = &apply_cases[i];
		_cleanup_json_ cJSON *file = J(c->name, c->file);
		/* the live object: the file as applied, plus server defaults */
		_cleanup_json_ cJSON *live = kc_json_dup(file);
		kc_apply_annotate(live);
		kc_json_set_str(live, "metadata.uid", "1234", NULL);
		kc_json_set_str(live, "metadata.resourceVersion", "7", NULL);
		kc_json_set_str(live, "status.phase", "Whatever", NULL);
		_cleanup_json_ cJSON *modified = kc_json_dup(file), *original = NULL, *patch = NULL;
		kc_apply_annotate(modified);
		kc_error err = KC_ERROR_INIT;
		kc_patch_type type;
		assert_int_equal(kc_apply_original(live, &original, &err), 0);
		if (kc_apply_patch(original, modified, live, res_of(c->name, file), &patch, &type, &err) < 0)
			fail_msg("case %s: %s", c->name, err.msg);
		_cleanup_free_ char *got = kc_json_print(patch);
		if (!streq(got, "{}"))
			fail_msg("case %s: applying twice patches %s", c->name, got);
	}
}

static void test_config_text(void **state)
{
	(void)state;
	static const struct {
		const char *name, *obj, *want;
	} cases[] = {
	    {"no metadata", Q({"kind" : "ConfigMap", "apiVersion" : "v1"}),
	     "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{}}}\n"},
	    {"own annotation dropped, others kept, keys sorted",
	     Q({"metadata" : {"name" : "x", "annotations" : {
		     "z" : "1",
		     "kubectl.kubernetes.io/last-applied-configuration" : "old",
		     "a" : "<&>"
	     }}}),
	     "{\"metadata\":{\"annotations\":{\"a\":\"\\u003c\\u0026\\u003e\",\"z\":\"1\"},\"name\":\"x\"}}\n"},
	    {"numbers as Go prints them", Q({"spec" : {"a" : 1.0, "b" : 0.5, "c" : 1e21, "d" : -3}}),
	     "{\"metadata\":{\"annotations\":{}},\"spec\":{\"a\":1,\"b\":0.5,\"c\":1e+21,\"d\":-3}}\n"},
	    {"annotations not an object", Q({"metadata" : {"annotations" : "x"}}),
	     "{\"metadata\":{\"annotations\":{}}}\n"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *obj = J(cases[i].name, cases[i].obj);
		_cleanup_free_ char *got = kc_apply_config_text(obj);
		if (!streq(got, cases[i].want))
			fail_msg("case %s:\n got  %s\n want %s", cases[i].name, got, cases[i].want);
		/* annotating keeps the other annotations and adds the text */
		kc_apply_annotate(obj);
		const char *ann = kc_json_get_str(
			kc_json_getv(obj, "metadata", "annotations", KC_LAST_APPLIED_ANNOTATION, NULL), "", NULL);
		if (!ann || !streq(ann, got))
			fail_msg("case %s: annotate stored %s", cases[i].name, ann ? ann : "nothing");
	}
	/* a broken annotation on the live object is an error, not a crash */
	_cleanup_json_ cJSON *live =
		J("broken", Q({"metadata" : {"annotations" : {"kubectl.kubernetes.io/last-applied-configuration" : "{"}}}));
	cJSON *orig = NULL;
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_apply_original(live, &orig, &err), -EINVAL);
	assert_null(orig);
	assert_string_equal(err.msg, "invalid JSON document");
}

/* Three-way patches beyond the kubectl scenario: (original, modified,
 * current) -> patch, for a Deployment unless kind says otherwise. */
static void test_three_way(void **state)
{
	(void)state;
	static const struct {
		const char *name, *kind, *original, *modified, *current, *want;
	} cases[] = {
	    {"others' fields survive", "Deployment", Q({"spec" : {"paused" : false}}), Q({"spec" : {"paused" : false}}),
	     Q({"spec" : {"paused" : false, "replicas" : 9}, "metadata" : {"labels" : {"x" : "y"}}}), "{}"},
	    {"a field only in original is deleted", "Deployment", Q({"spec" : {"paused" : true, "replicas" : 2}}),
	     Q({"spec" : {"replicas" : 2}}), Q({"spec" : {"paused" : true, "replicas" : 2}}),
	     "{\"spec\":{\"paused\":null}}"},
	    {"no original: nothing deleted", "Deployment", NULL, Q({"spec" : {"replicas" : 2}}),
	     Q({"spec" : {"paused" : true, "replicas" : 1}}), "{\"spec\":{\"replicas\":2}}"},
	    {"scalar merge list: add and remove", "Node", Q({"spec" : {"podCIDRs" : [ "a", "b" ]}}),
	     Q({"spec" : {"podCIDRs" : [ "b", "c" ]}}), Q({"spec" : {"podCIDRs" : [ "a", "b", "z" ]}}),
	     "{\"spec\":{\"$deleteFromPrimitiveList/podCIDRs\":[\"a\"],\"$setElementOrder/podCIDRs\":[\"b\","
	     "\"c\"],\"podCIDRs\":[\"c\"]}}"},
	    {"replaced list", "Pod", Q({"spec" : {"tolerations" : [ {"key" : "a"} ]}}),
	     Q({"spec" : {"tolerations" : [ {"key" : "b"} ]}}), Q({"spec" : {"tolerations" : [ {"key" : "a"} ]}}),
	     "{\"spec\":{\"tolerations\":[{\"key\":\"b\"}]}}"},
	    {"type change", "ConfigMap", Q({"data" : {"a" : "1"}}), Q({"data" : "x"}), Q({"data" : {"a" : "1"}}),
	     "{\"data\":\"x\"}"},
	    {"merge list reordered", "Pod",
	     Q({"spec" : {"containers" : [ {"name" : "a"}, {"name" : "b"} ]}}),
	     Q({"spec" : {"containers" : [ {"name" : "b"}, {"name" : "a"} ]}}),
	     Q({"spec" : {"containers" : [ {"name" : "a"}, {"name" : "b"} ]}}),
	     "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"b\"},{\"name\":\"a\"}]}}"},
	    {"unknown kind merges maps and replaces lists", "Widget", Q({"spec" : {"l" : [ 1, 2 ], "m" : {"a" : 1}}}),
	     Q({"spec" : {"l" : [1], "m" : {"b" : 2}}}), Q({"spec" : {"l" : [ 1, 2 ], "m" : {"a" : 1}}}),
	     "{\"spec\":{\"l\":[1],\"m\":{\"a\":null,\"b\":2}}}"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *o = J(cases[i].name, cases[i].original), *m = J(cases[i].name, cases[i].modified);
		_cleanup_json_ cJSON *c = J(cases[i].name, cases[i].current), *patch = NULL;
		const char *av = streq(cases[i].kind, "Deployment") ? "apps/v1" : "v1";
		kc_error err = KC_ERROR_INIT;
		if (kc_patch_strategic_create_3way(o, m, c, av, cases[i].kind, &patch, &err) < 0)
			fail_msg("case %s: %s", cases[i].name, err.msg);
		_cleanup_free_ char *got = kc_json_print(patch);
		if (!streq(got, cases[i].want))
			fail_msg("case %s:\n got  %s\n want %s", cases[i].name, got, cases[i].want);
		/* and the server, applying it, gets modified's values */
		cJSON *applied = kc_json_dup(c);
		if (kc_patch_strategic(&applied, patch, av, cases[i].kind, &err) < 0)
			fail_msg("case %s: applying: %s", cases[i].name, err.msg);
		for (const cJSON *f = m->child; f; f = f->next)
			if (cJSON_IsObject(f) && !cJSON_GetObjectItemCaseSensitive(applied, f->string))
				fail_msg("case %s: %s lost", cases[i].name, f->string);
		cJSON_Delete(applied);
	}
}

static void test_three_way_errors(void **state)
{
	(void)state;
	static const struct {
		const char *name, *original, *modified, *current, *want;
	} cases[] = {
	    {"merge key missing in modified", NULL, Q({"spec" : {"containers" : [ {"image" : "x"} ]}}),
	     Q({"spec" : {"containers" : [ {"name" : "a"} ]}}),
	     "map: {\"image\":\"x\"} does not contain declared merge key: name"},
	    {"merge key missing in current", NULL, Q({"spec" : {"containers" : [ {"name" : "a"} ]}}),
	     Q({"spec" : {"containers" : [ {"image" : "a"} ]}}),
	     "map: {\"image\":\"a\"} does not contain declared merge key: name"},
	    {"mixed list", NULL, Q({"spec" : {"containers" : [ {"name" : "a"}, 3 ]}}),
	     Q({"spec" : {"containers" : [ {"name" : "a"} ]}}), "list element types are not identical"},
	    {"list of lists", NULL, Q({"spec" : {"containers" : [[1]]}}), Q({"spec" : {"containers" : [[2]]}}),
	     "lists of lists are not supported"},
	    {"not an object", NULL, Q([]), Q({}), "invalid JSON document"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *o = J(cases[i].name, cases[i].original), *m = J(cases[i].name, cases[i].modified);
		_cleanup_json_ cJSON *c = J(cases[i].name, cases[i].current), *patch = NULL;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_patch_strategic_create_3way(o, m, c, "v1", "Pod", &patch, &err);
		if (rc >= 0 || !streq(err.msg, cases[i].want))
			fail_msg("case %s: rc %d, message %s", cases[i].name, rc, err.msg);
		assert_null(patch);
	}
}

static void test_merge_3way(void **state)
{
	(void)state;
	static const struct {
		const char *name, *original, *modified, *current, *want;
	} cases[] = {
	    {"add, change, delete, keep others'", Q({"a" : 1, "b" : 2, "n" : {"x" : 1}}),
	     Q({"a" : 1, "c" : 3, "n" : {}}), Q({"a" : 5, "b" : 2, "o" : 9, "n" : {"x" : 1, "y" : 2}}),
	     "{\"a\":1,\"b\":null,\"c\":3,\"n\":{\"x\":null}}"},
	    {"nothing", Q({"a" : [ 1, 2 ]}), Q({"a" : [ 1, 2 ]}), Q({"a" : [ 1, 2 ], "z" : 1}), "{}"},
	    {"lists replaced", Q({"a" : [1]}), Q({"a" : [2]}), Q({"a" : [1]}), "{\"a\":[2]}"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *o = J(cases[i].name, cases[i].original), *m = J(cases[i].name, cases[i].modified);
		_cleanup_json_ cJSON *c = J(cases[i].name, cases[i].current), *patch = NULL;
		kc_error err = KC_ERROR_INIT;
		if (kc_patch_merge_create_3way(o, m, c, &patch, &err) < 0)
			fail_msg("case %s: %s", cases[i].name, err.msg);
		_cleanup_free_ char *got = kc_json_print(patch);
		if (!streq(got, cases[i].want))
			fail_msg("case %s:\n got  %s\n want %s", cases[i].name, got, cases[i].want);
	}
}

/* ---- manifests ---- */

static void test_manifest(void **state)
{
	(void)state;
	static const struct {
		const char *name, *data;
		const char *objs; /* "kind/name kind/name" */
		const char *errors; /* kc_manifest_errors_text, or NULL */
	} cases[] = {
	    {"two documents", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n---\n"
			      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n",
	     "ConfigMap/a@1 Deployment/b@7", NULL},
	    {"json stream", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}\n"
			    "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"}}",
	     "Pod/p@1 Service/s@2", NULL},
	    {"list", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: x}\n"
		     "- apiVersion: v1\n  kind: Secret\n  metadata: {name: s}\n",
	     "Pod/x@1 Secret/s@1", NULL},
	    {"unknown kind skips one document",
	     "apiVersion: example.com/v1\nkind: Foo\nmetadata:\n  name: f\n  namespace: ns1\n---\n"
	     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
	     "ConfigMap/a@7",
	     "resource mapping not found for name: \"f\" namespace: \"ns1\" from \"f.yaml\": no matches for kind "
	     "\"Foo\" in version \"example.com/v1\"\nensure CRDs are installed first"},
	    {"syntax error ends the file",
	     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nkind: [x\n---\n"
	     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
	     "ConfigMap/a@1", "error parsing f.yaml: error converting YAML to JSON: yaml: line 7, column 1: did not "
			      "find expected ',' or ']' (while parsing a flow sequence at line 6, column 7)"},
	    {"kind missing", "apiVersion: v1\nmetadata:\n  name: a\n", "",
	     "error validating \"f.yaml\": error validating data: kind not set; if you choose to ignore these errors, "
	     "turn validation off with --validate=false"},
	    {"apiVersion missing", "kind: Pod\n", "",
	     "error validating \"f.yaml\": error validating data: apiVersion not set; if you choose to ignore these "
	     "errors, turn validation off with --validate=false"},
	    {"not an object", "- a\n", "",
	     "error validating \"f.yaml\": error validating data: invalid object to validate; if you choose to "
	     "ignore these errors, turn validation off with --validate=false"},
	    {"two failures aggregate", "apiVersion: v1\nkind: Nope\n---\nkind: Pod\n", "",
	     "[resource mapping not found for name: \"\" namespace: \"\" from \"f.yaml\": no matches for kind "
	     "\"Nope\" in version \"v1\"\nensure CRDs are installed first, error validating \"f.yaml\": error "
	     "validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with "
	     "--validate=false]"},
	    {"empty", "\n---\n# nothing\n", "", NULL},
	    {"bad json", "{\"apiVersion\": \"v1\",\n \"kind\": x}", "",
	     "error parsing f.yaml: json: line 2, column 10: invalid character 'x'"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_manifest m = {0};
		kc_manifest_read_data(cases[i].data, strlen(cases[i].data), "f.yaml", &m);
		_cleanup_buf_ kc_buf got = KC_BUF_INIT;
		for (size_t k = 0; k < m.n; k++)
			kc_buf_addf(&got, "%s%s/%s@%u", k ? " " : "", m.objs[k].res->kind,
				    kc_json_get_str(m.objs[k].obj, "metadata.name", ""), m.objs[k].line);
		if (!streq(kc_buf_str(&got), cases[i].objs))
			fail_msg("case %s: objects %s, want %s", cases[i].name, kc_buf_str(&got), cases[i].objs);
		_cleanup_free_ char *errs = kc_manifest_errors_text(&m);
		if (!streq_ptr(errs, cases[i].errors))
			fail_msg("case %s: errors\n got  %s\n want %s", cases[i].name, errs ? errs : "(none)",
				 cases[i].errors ? cases[i].errors : "(none)");
		kc_manifest_clear(&m);
	}
}

static void test_manifest_paths(void **state)
{
	(void)state;
	char dir[] = "/tmp/kc-test-manifest-XXXXXX";
	assert_non_null(mkdtemp(dir));
	_cleanup_free_ char *sub = xasprintf("%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	static const char *const files[][2] = {
	    {"b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n"},
	    {"a.json", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}"},
	    {"notes.txt", "not a manifest"},
	    {"sub/c.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", dir, files[i][0]);
		FILE *f = fopen(p, "w");
		assert_non_null(f);
		fputs(files[i][1], f);
		fclose(f);
	}
	static const struct {
		const char *name;
		bool recursive;
		const char *want, *err;
	} cases[] = {
	    {"directory", false, "a b", NULL},
	    {"recursive", true, "a b c", NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		char *items[] = {dir, NULL};
		kc_flags_list list = {items, 1};
		kc_manifest m = {0};
		kc_error err = KC_ERROR_INIT;
		assert_int_equal(kc_manifest_read(&list, cases[i].recursive, &m, &err), 0);
		_cleanup_buf_ kc_buf got = KC_BUF_INIT;
		for (size_t k = 0; k < m.n; k++)
			kc_buf_addf(&got, "%s%s", k ? " " : "", kc_json_get_str(m.objs[k].obj, "metadata.name", ""));
		if (!streq(kc_buf_str(&got), cases[i].want))
			fail_msg("case %s: %s", cases[i].name, kc_buf_str(&got));
		kc_manifest_clear(&m);
	}
	/* a missing path and a directory without manifests stop everything */
	_cleanup_free_ char *missing = xasprintf("%s/nope.yaml", dir);
	_cleanup_free_ char *empty = xasprintf("%s/sub/empty", dir);
	assert_int_equal(mkdir(empty, 0700), 0);
	char *bad[] = {missing, empty};
	for (size_t i = 0; i < 2; i++) {
		kc_flags_list list = {&bad[i], 1};
		kc_manifest m = {0};
		kc_error err = KC_ERROR_INIT;
		assert_true(kc_manifest_read(&list, false, &m, &err) < 0);
		_cleanup_free_ char *want =
			i == 0 ? xasprintf("the path \"%s\" does not exist", missing)
			       : xasprintf("error reading [%s]: recognized file extensions are [.json .yaml .yml]", empty);
		assert_string_equal(err.msg, want);
		kc_manifest_clear(&m);
	}
	/* tidy up */
	for (size_t i = 0; i < KC_ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *p = xasprintf("%s/%s", dir, files[i][0]);
		unlink(p);
	}
	rmdir(empty);
	rmdir(sub);
	rmdir(dir);
}

/* ---- errors as kubectl prints them ---- */

static void test_error_text(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		long status;
		const char *body, *context, *single, *multi;
	} cases[] = {
	    {"not found with context", 404,
	     Q({"kind" : "Status", "reason" : "NotFound", "message" : "pods \"x\" not found", "code" : 404}),
	     "error when creating \"f.yaml\": ",
	     "Error from server (NotFound): error when creating \"f.yaml\": pods \"x\" not found",
	     "Error from server (NotFound): error when creating \"f.yaml\": pods \"x\" not found"},
	    {"invalid, one cause", 422,
	     Q({"kind" : "Status", "reason" : "Invalid", "message" : "ConfigMap \"B\" is invalid: metadata.name: bad",
		"details" : {"name" : "B", "kind" : "ConfigMap",
			     "causes" : [ {"field" : "metadata.name", "message" : "Invalid value: \"B\": bad"} ]}}),
	     "error when creating \"f.yaml\": ", "The ConfigMap \"B\" is invalid: metadata.name: Invalid value: \"B\": bad",
	     "Error from server (Invalid): error when creating \"f.yaml\": ConfigMap \"B\" is invalid: metadata.name: "
	     "bad"},
	    {"invalid, two causes and a repeat", 422,
	     Q({"kind" : "Status", "reason" : "Invalid", "message" : "m",
		"details" : {"name" : "d", "group" : "apps", "kind" : "Deployment", "causes" : [
			{"field" : "spec.a", "message" : "Required value"}, {"field" : "spec.b", "message" : "x"},
			{"field" : "spec.a", "message" : "Required value"}
		]}}),
	     NULL, "The Deployment \"d\" is invalid: \n* spec.a: Required value\n* spec.b: x",
	     "Error from server (Invalid): m"},
	    {"no reason", 500, Q({"kind" : "Status", "message" : "boom"}), NULL, "Error from server: boom",
	     "Error from server: boom"},
	    {"unauthorized", 401, Q({"kind" : "Status", "reason" : "Unauthorized", "message" : "Unauthorized"}), NULL,
	     "error: You must be logged in to the server (Unauthorized)",
	     "error: You must be logged in to the server (Unauthorized)"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_response resp = {.status = cases[i].status, .body = J(cases[i].name, cases[i].body)};
		_cleanup_free_ char *single = kc_mut_error_single(&resp, cases[i].context);
		_cleanup_free_ char *multi = kc_mut_error_multi(&resp, cases[i].context);
		if (!streq(single, cases[i].single))
			fail_msg("case %s: alone\n got  %s\n want %s", cases[i].name, single, cases[i].single);
		if (!streq(multi, cases[i].multi))
			fail_msg("case %s: in a list\n got  %s\n want %s", cases[i].name, multi, cases[i].multi);
		cJSON_Delete(resp.body);
	}
	/* the query kubectl's writes carry */
	_cleanup_free_ char *p1 = kc_mut_path("/api/v1/pods", "kubectl-client-side-apply", KC_DRY_RUN_SERVER, "Strict");
	assert_string_equal(p1, "/api/v1/pods?dryRun=All&fieldManager=kubectl-client-side-apply&fieldValidation=Strict");
	_cleanup_free_ char *p2 = kc_mut_path("/api/v1/pods?x=1", NULL, KC_DRY_RUN_NONE, NULL);
	assert_string_equal(p2, "/api/v1/pods?x=1");
	const char *v = NULL;
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_mut_validation("False", &v, &err), 0);
	assert_string_equal(v, "Ignore");
	assert_int_equal(kc_mut_validation("foo", &v, &err), -EINVAL);
	assert_string_equal(err.msg,
			    "invalid - validate option \"foo\"; must be one of: strict (or true), warn, ignore (or false)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kubectl_patches),
	    cmocka_unit_test(test_kubectl_annotations),
	    cmocka_unit_test(test_unchanged),
	    cmocka_unit_test(test_config_text),
	    cmocka_unit_test(test_three_way),
	    cmocka_unit_test(test_three_way_errors),
	    cmocka_unit_test(test_merge_3way),
	    cmocka_unit_test(test_manifest),
	    cmocka_unit_test(test_manifest_paths),
	    cmocka_unit_test(test_error_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
