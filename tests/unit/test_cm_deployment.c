/* test_cm_deployment.c - the deployment controller's logic
 * (controller-manager/deployment_util.h): the pod-template-hash,
 * maxSurge/maxUnavailable with upstream's rounding, the spec, template
 * equality, revisions and annotations, proportions, conditions and status,
 * and kc_dep_sync's plans, alone and driving a simulated cluster (a
 * ReplicaSet controller and kubelets in a loop) through rolling updates,
 * Recreate, pauses, scaling, roll-backs and clean-up. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/util.h"
#include "controller-manager/deployment_util.h"

static cJSON *parse(const char *s)
{
	cJSON *j = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse_str(s, &j, &err) < 0)
		fail_msg("bad test JSON: %s: %s", err.msg, s);
	return j;
}

static const kc_time T0 = {1700000000, 0};

/* ---- hash ---- */

static void test_fnv_and_encode(void **state)
{
	(void)state;
	assert_int_equal(kc_dep_fnv32a("", 0, KC_DEP_FNV32_OFFSET), 0x811c9dc5u);
	assert_int_equal(kc_dep_fnv32a("a", 1, KC_DEP_FNV32_OFFSET), 0xe40c292cu);
	assert_int_equal(kc_dep_fnv32a("foobar", 6, KC_DEP_FNV32_OFFSET), 0xbf9cf968u);
	char out[16];
	kc_dep_safe_encode("0123456789", out);
	assert_string_equal(out, "456789bcdf");
	kc_dep_safe_encode("", out);
	assert_string_equal(out, "");
}

static void test_template_hash(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *a =
	    parse("{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
	          "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1\"}]}}");
	_cleanup_json_ cJSON *a2 =
	    parse("{\"spec\":{\"containers\":[{\"image\":\"nginx:1\",\"name\":\"c\"}]},"
	          "\"metadata\":{\"labels\":{\"app\":\"web\"}}}");
	_cleanup_json_ cJSON *b =
	    parse("{\"metadata\":{\"labels\":{\"app\":\"web\"}},"
	          "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:2\"}]}}");
	char h1[KC_DEP_HASH_MAX], h2[KC_DEP_HASH_MAX], h3[KC_DEP_HASH_MAX], h4[KC_DEP_HASH_MAX],
	    h5[KC_DEP_HASH_MAX];
	kc_dep_template_hash(a, -1, h1);
	kc_dep_template_hash(a2, -1, h2);
	kc_dep_template_hash(b, -1, h3);
	kc_dep_template_hash(a, 0, h4);
	kc_dep_template_hash(a, 1, h5);
	assert_string_equal(h1, h2); /* member order does not matter */
	assert_string_not_equal(h1, h3);
	assert_string_not_equal(h1, h4); /* a collision count, even 0, changes it */
	assert_string_not_equal(h4, h5);
	const char *hs[] = {h1, h3, h4, h5};
	for (size_t i = 0; i < KC_ARRAY_SIZE(hs); i++) {
		assert_true(strlen(hs[i]) >= 1 && strlen(hs[i]) <= 10);
		assert_int_equal(strspn(hs[i], "bcdfghjklmnpqrstvwxz2456789"), strlen(hs[i]));
	}
	/* the value is the encoding of the decimal FNV-1a of the sorted JSON */
	_cleanup_free_ char *json = kc_json_print_flags(a, KC_JSON_SORTED);
	char dec[16], want[16];
	snprintf(dec, sizeof(dec), "%u", kc_dep_fnv32a(json, strlen(json), KC_DEP_FNV32_OFFSET));
	kc_dep_safe_encode(dec, want);
	assert_string_equal(h1, want);
}

/* ---- int or percent, fenceposts ---- */

typedef struct iop_case {
	const char *value; /* JSON, or NULL for none */
	int32_t total;
	bool round_up;
	int rc;
	int32_t want;
	const char *msg; /* expected error message */
} iop_case;

static void test_int_or_percent(void **state)
{
	(void)state;
	static const iop_case cases[] = {
	    {"25", 10, true, 0, 25, NULL},
	    {"\"25%\"", 10, true, 0, 3, NULL},
	    {"\"25%\"", 10, false, 0, 2, NULL},
	    {"\"50%\"", 3, true, 0, 2, NULL},
	    {"\"50%\"", 3, false, 0, 1, NULL},
	    {"\"0%\"", 7, true, 0, 0, NULL},
	    {"\"100%\"", 7, false, 0, 7, NULL},
	    {"\"1%\"", 1, true, 0, 1, NULL},
	    {"\"1%\"", 1, false, 0, 0, NULL},
	    {"\"200%\"", 3, true, 0, 6, NULL},
	    {"0", 5, true, 0, 0, NULL},
	    {NULL, 5, true, -EINVAL, 0, "nil value for IntOrString"},
	    {"null", 5, true, -EINVAL, 0, "nil value for IntOrString"},
	    {"\"5\"", 5, true, -EINVAL, 0,
	     "invalid value for IntOrString: invalid type: string is not a percentage"},
	    {"\"x%\"", 5, true, -EINVAL, 0,
	     "invalid value for IntOrString: invalid value \"x%\": strconv.Atoi: parsing \"x\": invalid "
	     "syntax"},
	    {"\"%\"", 5, true, -EINVAL, 0,
	     "invalid value for IntOrString: invalid value \"%\": strconv.Atoi: parsing \"\": invalid "
	     "syntax"},
	    {"1.5", 5, true, -EINVAL, 0,
	     "invalid value for IntOrString: invalid type: neither int nor percentage"},
	    {"true", 5, true, -EINVAL, 0,
	     "invalid value for IntOrString: invalid type: neither int nor percentage"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const iop_case *tc = &cases[i];
		_cleanup_json_ cJSON *v = tc->value ? parse(tc->value) : NULL;
		int32_t got = -42;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_dep_int_or_percent(v, tc->total, tc->round_up, &got, &err);
		if (rc != tc->rc)
			fail_msg("case %zu (%s of %d): rc %d, want %d (%s)", i, tc->value, tc->total, rc,
			         tc->rc, err.msg);
		if (rc == 0 && got != tc->want)
			fail_msg("case %zu (%s of %d, up %d): %d, want %d", i, tc->value, tc->total,
			         tc->round_up, got, tc->want);
		if (tc->msg && !streq(err.msg, tc->msg))
			fail_msg("case %zu: message \"%s\", want \"%s\"", i, err.msg, tc->msg);
	}
}

typedef struct fp_case {
	const char *surge, *unavailable; /* JSON or NULL */
	int32_t desired, want_surge, want_unavailable;
} fp_case;

static void test_fenceposts(void **state)
{
	(void)state;
	/* ResolveFenceposts' examples and defaults */
	static const fp_case cases[] = {
	    {"\"0%\"", "\"1%\"", 2, 0, 1}, /* old(-1) then new(+1) */
	    {"\"0%\"", "\"1%\"", 1, 0, 1},
	    {"\"1%\"", "\"25%\"", 2, 1, 0}, /* new(+1) then old(-1) */
	    {"\"1%\"", "\"25%\"", 1, 1, 0},
	    {"\"1%\"", "\"0%\"", 2, 1, 0},
	    {"\"25%\"", "\"25%\"", 10, 3, 2},
	    {"\"25%\"", "\"25%\"", 3, 1, 0},
	    {"\"25%\"", "\"25%\"", 4, 1, 1},
	    {"1", "0", 3, 1, 0},
	    {"0", "0", 3, 0, 1}, /* both 0 (validation forbids it): unavailable 1 */
	    {NULL, NULL, 3, 0, 1},
	    {"\"30%\"", "0", 0, 0, 1},
	    {"2", "\"50%\"", 5, 2, 2},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const fp_case *tc = &cases[i];
		_cleanup_json_ cJSON *s = tc->surge ? parse(tc->surge) : NULL;
		_cleanup_json_ cJSON *u = tc->unavailable ? parse(tc->unavailable) : NULL;
		int32_t gs = -1, gu = -1;
		assert_int_equal(kc_dep_resolve_fenceposts(s, u, tc->desired, &gs, &gu, NULL), 0);
		if (gs != tc->want_surge || gu != tc->want_unavailable)
			fail_msg("case %zu (surge %s, unavailable %s, desired %d): %d/%d, want %d/%d", i,
			         tc->surge, tc->unavailable, tc->desired, gs, gu, tc->want_surge,
			         tc->want_unavailable);
	}
	_cleanup_json_ cJSON *bad = parse("\"x\"");
	int32_t a, b;
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_dep_resolve_fenceposts(bad, NULL, 3, &a, &b, &err), -EINVAL);
	assert_string_equal(err.msg,
	                    "invalid value for IntOrString: invalid type: string is not a percentage");
}

/* ---- spec ---- */

#define DEP_META "\"metadata\":{\"name\":\"web\",\"namespace\":\"ns\",\"uid\":\"d-uid\",\"generation\":1}"
#define TEMPLATE(image)                                                                                      \
	"{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":"  \
	"\"" image "\"}]}}"

typedef struct spec_case {
	const char *spec; /* the spec's members */
	int rc;
	const char *msg; /* substring of the error */
	int32_t replicas, surge, unavailable, history, deadline;
	bool recreate, selects_all;
} spec_case;

static void test_spec_parse(void **state)
{
	(void)state;
	static const spec_case cases[] = {
	    {"\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":" TEMPLATE("a"), 0, NULL, 1, 0, 1,
	     KC_DEP_UNLIMITED, KC_DEP_UNLIMITED, false, false},
	    {"\"replicas\":10,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"revisionHistoryLimit\":2,"
	     "\"progressDeadlineSeconds\":600,\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":"
	     "{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"}},\"template\":" TEMPLATE("a"),
	     0, NULL, 10, 3, 2, 2, 600, false, false},
	    {"\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"strategy\":{\"type\":"
	     "\"Recreate\"},"
	     "\"revisionHistoryLimit\":2147483647,\"progressDeadlineSeconds\":2147483647,"
	     "\"template\":" TEMPLATE("a"),
	     0, NULL, 3, 0, 0, KC_DEP_UNLIMITED, KC_DEP_UNLIMITED, true, false},
	    {"\"selector\":{},\"template\":" TEMPLATE("a"), 0, NULL, 1, 0, 1, KC_DEP_UNLIMITED,
	     KC_DEP_UNLIMITED, false, true},
	    {"\"strategy\":{\"type\":\"BlueGreen\"},\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
	     "\"template\":" TEMPLATE("a"),
	     -EINVAL, "unexpected deployment strategy type: BlueGreen"},
	    {"\"replicas\":-1,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":" TEMPLATE("a"),
	     -EINVAL, "spec.replicas"},
	    {"\"replicas\":1.5,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":" TEMPLATE("a"),
	     -EINVAL, "spec.replicas"},
	    {"\"selector\":{\"matchLabels\":{\"app\":\"web\"}}", -EINVAL, "spec.template"},
	    {"\"template\":" TEMPLATE("a"), -EINVAL, "spec.selector"},
	    {"\"selector\":{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"Foo\"}]},"
	     "\"template\":" TEMPLATE("a"),
	     -EINVAL, "invalid label selector"},
	    {"\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"strategy\":{\"rollingUpdate\":{\"maxSurge\":"
	     "\"x\"}},"
	     "\"template\":" TEMPLATE("a"),
	     -EINVAL, "string is not a percentage"},
	    {"\"selector\":{\"matchLabels\":{\"app\":\"other\"}},\"template\":" TEMPLATE("a"), -EINVAL,
	     "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match "
	     "template `labels`"},
	    {"\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"spec\":{}}", -EINVAL,
	     "Invalid value: null: `selector` does not match"},
	    {"\"revisionHistoryLimit\":-3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
	     "\"template\":" TEMPLATE("a"),
	     -EINVAL, "revisionHistoryLimit"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const spec_case *tc = &cases[i];
		_cleanup_free_ char *text = xasprintf("{" DEP_META ",\"spec\":{%s}}", tc->spec);
		_cleanup_json_ cJSON *d = parse(text);
		kc_dep_spec s = {0};
		kc_error err = KC_ERROR_INIT;
		int rc = kc_dep_spec_parse(d, &s, &err);
		if (rc != tc->rc)
			fail_msg("case %zu: rc %d, want %d (%s)", i, rc, tc->rc, err.msg);
		if (rc < 0) {
			if (!strstr(err.msg, tc->msg))
				fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, err.msg, tc->msg);
			continue;
		}
		if (s.replicas != tc->replicas || kc_dep_max_surge(&s) != tc->surge ||
		    kc_dep_max_unavailable(&s) != tc->unavailable ||
		    s.revision_history_limit != tc->history || s.progress_deadline_seconds != tc->deadline ||
		    s.recreate != tc->recreate || s.selects_all != tc->selects_all)
			fail_msg("case %zu: replicas %d surge %d unavailable %d history %d deadline %d "
			         "recreate %d all %d",
			         i, s.replicas, kc_dep_max_surge(&s), kc_dep_max_unavailable(&s),
			         s.revision_history_limit, s.progress_deadline_seconds, s.recreate,
			         s.selects_all);
		kc_dep_spec_clear(&s);
	}
	/* maxUnavailable is at most replicas, and 0 for no replicas */
	kc_dep_spec s = {.replicas = 2, .surge = 0, .unavailable = 5};
	assert_int_equal(kc_dep_max_unavailable(&s), 2);
	s.replicas = 0;
	assert_int_equal(kc_dep_max_unavailable(&s), 0);
}

/* ---- templates, revisions, annotations ---- */

static void test_template_equal(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b;
		bool equal;
	} cases[] = {
	    {TEMPLATE("a"), TEMPLATE("a"), true},
	    {TEMPLATE("a"), TEMPLATE("b"), false},
	    {"{\"metadata\":{\"labels\":{\"app\":\"web\",\"pod-template-hash\":\"abc\"}},\"spec\":{}}",
	     "{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{}}", true},
	    {"{\"metadata\":{\"labels\":{\"pod-template-hash\":\"abc\"}},\"spec\":{}}", "{\"spec\":{}}",
	     true},
	    {"{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{"
	     "\"containers\":"
	     "[{\"name\":\"c\",\"resources\":{}}]}}",
	     "{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}",
	     true},
	    {"{\"metadata\":{\"labels\":{\"app\":\"web\"},\"annotations\":{\"x\":\"1\"}},\"spec\":{}}",
	     "{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{}}", false},
	    {"{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"a\"},{"
	     "\"name\":\"b\"}]}}",
	     "{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"b\"},{"
	     "\"name\":\"a\"}]}}",
	     false},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *a = parse(cases[i].a);
		_cleanup_json_ cJSON *b = parse(cases[i].b);
		if (kc_dep_template_equal(a, b) != cases[i].equal ||
		    kc_dep_template_equal(b, a) != cases[i].equal)
			fail_msg("case %zu: equal should be %d", i, cases[i].equal);
	}
}

static cJSON *rs_obj(const char *name, const char *created, const char *revision, const char *image,
                     int replicas)
{
	_cleanup_free_ char *ann =
	    revision ? xasprintf("\"annotations\":{\"%s\":\"%s\"},", KC_DEP_ANN_REVISION, revision)
	             : xstrdup("");
	_cleanup_free_ char *text = xasprintf(
	    "{\"metadata\":{\"name\":\"%s\",\"namespace\":\"ns\",\"uid\":\"uid-%s\",%s\"creationTimestamp\":"
	    "\"%s\","
	    "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"web\","
	    "\"uid\":\"d-uid\",\"controller\":true}]},\"spec\":{\"replicas\":%d,\"template\":" TEMPLATE(
	        "%s") "}}",
	    name, name, ann, created, replicas, image);
	return parse(text);
}

static void test_find_new_and_revisions(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *d = parse("{" DEP_META ",\"spec\":{\"template\":" TEMPLATE("b") "}}");
	_cleanup_json_ cJSON *r1 = rs_obj("web-1", "2024-01-01T00:00:00Z", "1", "a", 0);
	_cleanup_json_ cJSON *r2 = rs_obj("web-2", "2024-01-02T00:00:00Z", "5", "b", 3);
	_cleanup_json_ cJSON *r3 = rs_obj("web-3", "2024-01-01T12:00:00Z", "x", "b", 0);
	_cleanup_json_ cJSON *r4 = rs_obj("web-0", "2024-01-01T12:00:00Z", NULL, "b", 0);
	const cJSON *rss[] = {r1, r2, r3, r4};
	/* the oldest of the equal ones; a tie in time goes by name */
	assert_ptr_equal(kc_dep_find_new_rs(d, rss, 4), r4);
	assert_ptr_equal(kc_dep_find_new_rs(d, rss, 3), r3);
	assert_ptr_equal(kc_dep_find_new_rs(d, rss, 1), NULL);
	assert_int_equal(kc_dep_max_revision(rss, 4), 5); /* "x" skipped, none is 0 */
	int64_t v;
	assert_int_equal(kc_dep_revision(r3, &v), -EINVAL);
	assert_int_equal(kc_dep_revision(r4, &v), 0);
	assert_int_equal(v, 0);
	assert_true(kc_dep_rs_cmp_created(r1, r2) < 0);
	assert_true(kc_dep_rs_cmp_created(r4, r3) < 0);
}

static const char *ann(const cJSON *obj, const char *key)
{
	return kc_json_as_str(kc_json_getv(obj, "metadata", "annotations", key, NULL), NULL);
}

static void test_new_rs_annotations(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *d =
	    parse("{\"metadata\":{\"name\":\"web\",\"uid\":\"d\",\"annotations\":{"
	          "\"team\":\"x\",\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\","
	          "\"deployment.kubernetes.io/revision\":\"9\"}},\"spec\":{\"replicas\":4,"
	          "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":" TEMPLATE("a") "}}");
	kc_dep_spec s;
	assert_int_equal(kc_dep_spec_parse(d, &s, NULL), 0);
	s.surge = 2;

	/* a new one: copied annotations, revision, desired/max replicas */
	_cleanup_json_ cJSON *rs = parse("{\"metadata\":{\"name\":\"web-x\"}}");
	assert_true(kc_dep_set_new_rs_annotations(d, &s, rs, 3, false, 2000));
	assert_string_equal(ann(rs, "team"), "x");
	assert_null(ann(rs, KC_DEP_ANN_LAST_APPLIED));
	assert_string_equal(ann(rs, KC_DEP_ANN_REVISION), "3");
	assert_null(ann(rs, KC_DEP_ANN_REVISION_HISTORY));
	assert_string_equal(ann(rs, KC_DEP_ANN_DESIRED_REPLICAS), "4");
	assert_string_equal(ann(rs, KC_DEP_ANN_MAX_REPLICAS), "6");
	/* again: nothing to do */
	assert_false(kc_dep_set_new_rs_annotations(d, &s, rs, 3, true, 2000));
	/* a lower revision never lowers it */
	assert_false(kc_dep_set_new_rs_annotations(d, &s, rs, 2, true, 2000));
	assert_string_equal(ann(rs, KC_DEP_ANN_REVISION), "3");
	/* rolled back to: the old revision goes to the history */
	assert_true(kc_dep_set_new_rs_annotations(d, &s, rs, 7, true, 2000));
	assert_string_equal(ann(rs, KC_DEP_ANN_REVISION), "7");
	assert_string_equal(ann(rs, KC_DEP_ANN_REVISION_HISTORY), "3");
	assert_true(kc_dep_set_new_rs_annotations(d, &s, rs, 12, true, 2000));
	assert_string_equal(ann(rs, KC_DEP_ANN_REVISION_HISTORY), "3,7");
	/* the history is kept within its length: the oldest go */
	assert_true(kc_dep_set_new_rs_annotations(d, &s, rs, 100, true, 5));
	assert_string_equal(ann(rs, KC_DEP_ANN_REVISION_HISTORY), "7,12");
	/* an old revision that is not a number: left alone */
	_cleanup_json_ cJSON *bad =
	    parse("{\"metadata\":{\"annotations\":{\"deployment.kubernetes.io/revision\":\"x\"}}}");
	assert_false(kc_dep_set_new_rs_annotations(d, &s, bad, 3, true, 2000));
	assert_null(ann(bad, "team"));

	assert_false(kc_dep_replicas_annotations_differ(rs, 4, 6));
	assert_true(kc_dep_replicas_annotations_differ(rs, 5, 6));
	assert_true(kc_dep_set_replicas_annotations(rs, 5, 7));
	assert_false(kc_dep_set_replicas_annotations(rs, 5, 7));
	kc_dep_spec_clear(&s);
}

static void test_new_rs(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *d =
	    parse("{" DEP_META ",\"spec\":{\"replicas\":3,\"minReadySeconds\":4,"
	          "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":" TEMPLATE("a") "}}");
	kc_dep_spec s;
	assert_int_equal(kc_dep_spec_parse(d, &s, NULL), 0);
	_cleanup_json_ cJSON *rs = kc_dep_new_rs(d, &s, -1);
	char hash[KC_DEP_HASH_MAX];
	kc_dep_template_hash(s.template, -1, hash);
	_cleanup_free_ char *name = xasprintf("web-%s", hash);
	assert_string_equal(kc_json_get_str(rs, "metadata.name", ""), name);
	assert_string_equal(kc_json_get_str(rs, "metadata.namespace", ""), "ns");
	assert_string_equal(kc_json_get_str(rs, "metadata.labels.pod-template-hash", ""), hash);
	assert_string_equal(kc_json_get_str(rs, "metadata.labels.app", ""), "web");
	assert_string_equal(kc_json_get_str(rs, "spec.selector.matchLabels.pod-template-hash", ""), hash);
	assert_string_equal(kc_json_get_str(rs, "spec.template.metadata.labels.pod-template-hash", ""), hash);
	assert_int_equal(kc_json_get_int(rs, "spec.minReadySeconds", -1), 4);
	assert_int_equal(kc_json_get_int(rs, "spec.replicas", -1), 0);
	const cJSON *ref = kc_json_get(rs, "metadata.ownerReferences[0]");
	assert_string_equal(kc_json_get_str(ref, "kind", ""), "Deployment");
	assert_string_equal(kc_json_get_str(ref, "uid", ""), "d-uid");
	assert_true(kc_json_get_bool(ref, "controller", false));
	assert_true(kc_json_get_bool(ref, "blockOwnerDeletion", false));
	/* the deployment's own template is untouched */
	assert_null(kc_json_get(d, "spec.template.metadata.labels.pod-template-hash"));
	assert_true(kc_dep_template_equal(kc_json_get(rs, "spec.template"), kc_json_get(d, "spec.template")));
	/* a collision count gives another name */
	_cleanup_json_ cJSON *rs2 = kc_dep_new_rs(d, &s, 1);
	assert_string_not_equal(kc_json_get_str(rs2, "metadata.name", ""), name);
	kc_dep_spec_clear(&s);
}

/* ---- proportions ---- */

typedef struct prop_case {
	int32_t rs_replicas;
	const char *max_ann; /* max-replicas annotation or NULL */
	int32_t d_replicas, d_surge, d_status_replicas, to_add, added, want;
} prop_case;

static void test_proportion(void **state)
{
	(void)state;
	static const prop_case cases[] = {
	    /* 10 -> 15 (surge 0): a 6 of 10 gets 9 - 6 = 3 */
	    {6, "10", 15, 0, 10, 5, 0, 3},
	    {4, "10", 15, 0, 10, 5, 3, 2},
	    /* never more than what is left to add */
	    {6, "10", 15, 0, 10, 5, 4, 1},
	    /* scaling down: 10 -> 5, a 6 loses 3 */
	    {6, "10", 5, 0, 10, -5, 0, -3},
	    {4, "10", 5, 0, 10, -5, -3, -2},
	    /* to zero: all of it */
	    {4, "10", 0, 0, 10, -10, 0, -4},
	    /* no annotation: status.replicas */
	    {5, NULL, 20, 0, 10, 10, 0, 5},
	    /* with surge: max 12 -> 24 */
	    {3, "12", 20, 4, 12, 12, 0, 3},
	    /* nothing to add, or all added, or an empty set */
	    {3, "12", 20, 4, 12, 0, 0, 0},
	    {3, "12", 20, 4, 12, 5, 5, 0},
	    {0, "12", 20, 4, 12, 5, 0, 0},
	    /* rounding half away from zero: 3 * 15 / 10 = 4.5 -> 5 */
	    {3, "10", 15, 0, 10, 5, 0, 2},
	    /* an annotation of 0 and no status: no share */
	    {3, "0", 15, 0, 0, 5, 0, 0},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const prop_case *tc = &cases[i];
		_cleanup_free_ char *text =
		    tc->max_ann
		        ? xasprintf(
		              "{\"metadata\":{\"annotations\":{\"%s\":\"%s\"}},\"spec\":{\"replicas\":%d}}",
		              KC_DEP_ANN_MAX_REPLICAS, tc->max_ann, tc->rs_replicas)
		        : xasprintf("{\"spec\":{\"replicas\":%d}}", tc->rs_replicas);
		_cleanup_json_ cJSON *rs = parse(text);
		kc_dep_spec s = {.replicas = tc->d_replicas, .surge = tc->d_surge, .unavailable = 1};
		int32_t got = kc_dep_proportion(rs, &s, tc->d_status_replicas, tc->to_add, tc->added);
		if (got != tc->want)
			fail_msg("case %zu: %d, want %d", i, got, tc->want);
	}
}

/* ---- conditions and status ---- */

static void test_conditions(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *st = cJSON_CreateObject();
	kc_time t1 = T0, t2 = {T0.sec + 100, 0};
	kc_dep_set_condition(st, kc_dep_new_condition("Progressing", "True", "A", "m1", t1));
	kc_dep_set_condition(st, kc_dep_new_condition("Available", "True", "X", "m", t1));
	/* same status and reason: kept as it was */
	kc_dep_set_condition(st, kc_dep_new_condition("Progressing", "True", "A", "m2", t2));
	assert_string_equal(kc_json_get_str(kc_dep_condition(st, "Progressing"), "message", ""), "m1");
	/* same status, other reason: replaced (at the end), transition time kept */
	kc_dep_set_condition(st, kc_dep_new_condition("Progressing", "True", "B", "m3", t2));
	const cJSON *p = kc_dep_condition(st, "Progressing");
	assert_string_equal(kc_json_get_str(p, "reason", ""), "B");
	assert_string_equal(kc_json_get_str(p, "lastTransitionTime", ""), "2023-11-14T22:13:20Z");
	assert_string_equal(kc_json_get_str(p, "lastUpdateTime", ""), "2023-11-14T22:15:00Z");
	assert_string_equal(kc_json_get_str(st, "conditions[1].type", ""), "Progressing");
	/* other status: both times new */
	kc_dep_set_condition(st, kc_dep_new_condition("Progressing", "False", "C", "m4", t2));
	assert_string_equal(kc_json_get_str(kc_dep_condition(st, "Progressing"), "lastTransitionTime", ""),
	                    "2023-11-14T22:15:00Z");
	kc_dep_remove_condition(st, "Progressing");
	kc_dep_remove_condition(st, "Available");
	assert_null(kc_json_get(st, "conditions")); /* omitempty */
}

static void test_calculate_status(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *d =
	    parse("{" DEP_META ",\"spec\":{\"replicas\":4,\"selector\":{\"matchLabels\":"
	          "{\"app\":\"web\"}},\"template\":" TEMPLATE(
	              "a") ",\"strategy\":{\"rollingUpdate\":"
	                   "{\"maxSurge\":1,\"maxUnavailable\":1}}},\"status\":{\"collisionCount\":0}}");
	_cleanup_json_ cJSON *old =
	    parse("{\"spec\":{\"replicas\":2},\"status\":{\"replicas\":3,\"readyReplicas\":3,"
	          "\"availableReplicas\":2}}");
	_cleanup_json_ cJSON *nw =
	    parse("{\"spec\":{\"replicas\":3},\"status\":{\"replicas\":2,\"readyReplicas\":1,"
	          "\"availableReplicas\":1}}");
	kc_dep_spec s;
	assert_int_equal(kc_dep_spec_parse(d, &s, NULL), 0);
	const cJSON *rss[] = {old, nw};
	_cleanup_json_ cJSON *st = kc_dep_calculate_status(d, &s, rss, 2, nw, T0);
	kc_dep_counts c;
	kc_dep_status_counts(st, &c);
	assert_int_equal(c.observed_generation, 1);
	assert_int_equal(c.replicas, 5);
	assert_int_equal(c.updated, 2);
	assert_int_equal(c.ready, 4);
	assert_int_equal(c.available, 3);
	assert_int_equal(c.unavailable, 2); /* 5 wanted by the specs, 3 available */
	assert_int_equal(kc_json_get_int(st, "collisionCount", -1), 0);
	/* 3 >= 4 - 1 */
	assert_string_equal(kc_json_get_str(kc_dep_condition(st, "Available"), "reason", ""),
	                    KC_DEP_REASON_MIN_AVAILABLE);
	assert_string_equal(kc_json_get_str(kc_dep_condition(st, "Available"), "message", ""),
	                    "Deployment has minimum availability.");
	kc_json_set_int(nw, "status.availableReplicas", 0, NULL);
	_cleanup_json_ cJSON *st2 = kc_dep_calculate_status(d, &s, rss, 2, nw, T0);
	assert_string_equal(kc_json_get_str(kc_dep_condition(st2, "Available"), "status", ""), "False");
	assert_string_equal(kc_json_get_str(kc_dep_condition(st2, "Available"), "message", ""),
	                    "Deployment does not have minimum availability.");
	/* a zero counter is left out, and equals an explicit 0 */
	_cleanup_json_ cJSON *z1 = parse("{\"replicas\":0,\"observedGeneration\":2}");
	_cleanup_json_ cJSON *z2 = parse("{\"observedGeneration\":2}");
	_cleanup_json_ cJSON *z3 = parse("{\"observedGeneration\":2,\"collisionCount\":0}");
	assert_true(kc_dep_status_equal(z1, z2));
	assert_false(kc_dep_status_equal(z2, z3));
	assert_false(kc_dep_status_equal(st, st2));
	kc_dep_spec_clear(&s);
}

static void test_complete_progress_timeout(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *d =
	    parse("{" DEP_META ",\"spec\":{\"replicas\":3,\"progressDeadlineSeconds\":60,"
	          "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":" TEMPLATE(
	              "a") "},"
	                   "\"status\":{\"replicas\":4,\"updatedReplicas\":1,\"readyReplicas\":3,"
	                   "\"availableReplicas\":3}}");
	kc_dep_spec s;
	assert_int_equal(kc_dep_spec_parse(d, &s, NULL), 0);
	static const struct {
		const char *status;
		bool complete, progressing;
	} cases[] = {
	    {"{\"observedGeneration\":1,\"replicas\":3,\"updatedReplicas\":3,\"availableReplicas\":3}", true,
	     true},
	    {"{\"observedGeneration\":0,\"replicas\":3,\"updatedReplicas\":3,\"availableReplicas\":3}", false,
	     true},
	    {"{\"observedGeneration\":1,\"replicas\":4,\"updatedReplicas\":1,\"readyReplicas\":3,"
	     "\"availableReplicas\":3}",
	     false, false},
	    {"{\"observedGeneration\":1,\"replicas\":4,\"updatedReplicas\":2,\"readyReplicas\":3,"
	     "\"availableReplicas\":3}",
	     false, true}, /* more updated */
	    {"{\"observedGeneration\":1,\"replicas\":3,\"updatedReplicas\":1,\"readyReplicas\":3,"
	     "\"availableReplicas\":3}",
	     false, true}, /* fewer old */
	    {"{\"observedGeneration\":1,\"replicas\":4,\"updatedReplicas\":1,\"readyReplicas\":4,"
	     "\"availableReplicas\":3}",
	     false, true}, /* more ready */
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *st = parse(cases[i].status);
		if (kc_dep_complete(d, &s, st) != cases[i].complete ||
		    kc_dep_progressing(d, st) != cases[i].progressing)
			fail_msg("case %zu: complete %d progressing %d", i, kc_dep_complete(d, &s, st),
			         kc_dep_progressing(d, st));
	}
	static const struct {
		const char *reason;
		int64_t age;
		bool timed_out;
	} tcases[] = {
	    {"ReplicaSetUpdated", 30, false},      {"ReplicaSetUpdated", 61, true},
	    {"ReplicaSetUpdated", 60, false},      {"NewReplicaSetAvailable", 600, false},
	    {"ProgressDeadlineExceeded", 0, true}, {"NewReplicaSetCreated", 61, true},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(tcases); i++) {
		_cleanup_json_ cJSON *st = cJSON_CreateObject();
		kc_dep_set_condition(st,
		                     kc_dep_new_condition("Progressing", "True", tcases[i].reason, "m", T0));
		kc_time now = {T0.sec + tcases[i].age, 0};
		if (kc_dep_timed_out(&s, st, now) != tcases[i].timed_out)
			fail_msg("timeout case %zu (%s, %lld s): %d", i, tcases[i].reason,
			         (long long)tcases[i].age, !tcases[i].timed_out);
	}
	_cleanup_json_ cJSON *none = cJSON_CreateObject();
	assert_false(kc_dep_timed_out(&s, none, T0));
	s.progress_deadline_seconds = KC_DEP_UNLIMITED;
	_cleanup_json_ cJSON *st = cJSON_CreateObject();
	kc_dep_set_condition(st, kc_dep_new_condition("Progressing", "True", "ReplicaSetUpdated", "m", T0));
	assert_false(kc_dep_timed_out(&s, st, (kc_time){T0.sec + 100000, 0}));
	kc_dep_spec_clear(&s);
}

static void test_write_helpers(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *d = parse("{" DEP_META ",\"spec\":{\"progressDeadlineSeconds\":600},"
	                                "\"status\":{\"collisionCount\":2}}");
	_cleanup_json_ cJSON *c = kc_dep_with_collision(d);
	assert_int_equal(kc_json_get_int(c, "status.collisionCount", -1), 3);
	assert_int_equal(kc_json_get_int(d, "status.collisionCount", -1), 2);
	_cleanup_json_ cJSON *f =
	    kc_dep_with_create_failure(d, "Failed to create new replica set \"x\": boom", T0);
	const cJSON *p = kc_dep_condition(kc_json_get(f, "status"), "Progressing");
	assert_string_equal(kc_json_get_str(p, "status", ""), "False");
	assert_string_equal(kc_json_get_str(p, "reason", ""), KC_DEP_REASON_RS_CREATE_ERROR);
	_cleanup_json_ cJSON *nd = parse("{" DEP_META ",\"spec\":{}}");
	assert_null(kc_dep_with_create_failure(nd, "m", T0));
	_cleanup_json_ cJSON *rs = parse("{\"metadata\":{\"name\":\"r\",\"uid\":\"rs-uid\"}}");
	_cleanup_json_ cJSON *patch = kc_dep_adopt_patch(d, rs);
	_cleanup_free_ char *text = kc_json_print(patch);
	assert_string_equal(text, "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":"
	                          "\"Deployment\",\"name\":\"web\",\"uid\":\"d-uid\",\"controller\":true,"
	                          "\"blockOwnerDeletion\":true}],\"uid\":\"rs-uid\"}}");
}

/* ---- a simulated cluster ----
 * The Deployment, its ReplicaSets and their pods as cJSON, changed by
 * applying plans (as the apiserver would), by a ReplicaSet controller
 * (pods to match spec.replicas, the not ready deleted first, status
 * counted) and by kubelets (pending pods become ready a step later unless
 * unready; terminating pods go). */

typedef struct sim {
	cJSON *d;
	cJSON *rss;  /* array */
	cJSON *pods; /* array */
	int64_t clock;
	int next_uid, next_rv;
	bool unready;    /* pods never become ready */
	bool rs_reverse; /* the ReplicaSet controller goes newest first */
	/* checked after every ReplicaSet the ReplicaSet controller handles */
	const struct bounds *b;
	bool *reached;
	int step;
	int creates, updates, deletes, status_writes;
	char **events;
	size_t n_events;
	int max_rs_count; /* most ReplicaSets seen at once */
} sim;

static void sim_free(sim *s)
{
	cJSON_Delete(s->d);
	cJSON_Delete(s->rss);
	cJSON_Delete(s->pods);
	for (size_t i = 0; i < s->n_events; i++)
		free(s->events[i]);
	free(s->events);
}

static char *sim_rv(sim *s)
{
	return xasprintf("%d", ++s->next_rv);
}

static void sim_init(sim *s, const char *spec)
{
	*s = (sim){.clock = T0.sec};
	_cleanup_free_ char *text = xasprintf("{" DEP_META ",\"spec\":%s}", spec);
	s->d = parse(text);
	s->rss = cJSON_CreateArray();
	s->pods = cJSON_CreateArray();
}

static kc_time sim_now(const sim *s)
{
	return (kc_time){s->clock, 0};
}

static cJSON *find_by_name(cJSON *arr, const char *name)
{
	cJSON *o;
	cJSON_ArrayForEach(o, arr)
	{
		if (streq(kc_json_get_str(o, "metadata.name", ""), name))
			return o;
	}
	return NULL;
}

static void sim_record_events(sim *s, const kc_dep_write *w)
{
	for (size_t i = 0; i < w->n_events; i++) {
		s->events = xrealloc(s->events, (s->n_events + 1) * sizeof(*s->events));
		s->events[s->n_events++] = xstrdup(w->events[i]);
	}
}

/* The apiserver side of a status PUT: status and (as upstream's status
 * strategy) annotations. */
static void sim_put_status(sim *s, const cJSON *body)
{
	kc_json_object_put(s->d, "status", kc_json_dup(kc_json_get(body, "status")));
	const cJSON *a = kc_json_get(body, "metadata.annotations");
	if (a)
		kc_json_setv(s->d, kc_json_dup(a), NULL, "metadata", "annotations", NULL);
	s->status_writes++;
}

static void sim_apply(sim *s, kc_dep_plan *p)
{
	for (size_t i = 0; i < p->n_writes; i++) {
		kc_dep_write *w = &p->writes[i];
		switch (w->kind) {
		case KC_DEP_CREATE_RS: {
			assert_null(find_by_name(s->rss, w->name));
			cJSON *rs = kc_json_dup(w->body);
			_cleanup_free_ char *uid = xasprintf("rs-%d", ++s->next_uid);
			_cleanup_free_ char *rv = sim_rv(s);
			char ts[KC_TIME_RFC3339_MAX];
			kc_json_set_str(rs, "metadata.uid", uid, NULL);
			kc_json_set_str(rs, "metadata.resourceVersion", rv, NULL);
			kc_json_set_str(rs, "metadata.creationTimestamp",
			                kc_time_format_rfc3339(s->clock, ts), NULL);
			kc_json_set_int(rs, "metadata.generation", 1, NULL);
			cJSON_AddItemToArray(s->rss, rs);
			s->creates++;
			sim_record_events(s, w);
			if (p->after_create)
				sim_put_status(s, p->after_create);
			break;
		}
		case KC_DEP_UPDATE_RS: {
			cJSON *cur = find_by_name(s->rss, w->name);
			assert_non_null(cur);
			assert_string_equal(kc_json_get_str(cur, "metadata.resourceVersion", ""),
			                    kc_json_get_str(w->body, "metadata.resourceVersion", "?"));
			cJSON *rs = kc_json_dup(w->body);
			_cleanup_free_ char *rv = sim_rv(s);
			kc_json_set_str(rs, "metadata.resourceVersion", rv, NULL);
			int64_t gen = kc_json_get_int(cur, "metadata.generation", 1);
			if (!kc_json_equal(kc_json_get(cur, "spec"), kc_json_get(rs, "spec")))
				gen++;
			kc_json_set_int(rs, "metadata.generation", gen, NULL);
			kc_json_object_put(rs, "status", kc_json_dup(kc_json_get(cur, "status")));
			cJSON_ReplaceItemViaPointer(s->rss, cur, rs);
			s->updates++;
			sim_record_events(s, w);
			break;
		}
		case KC_DEP_DELETE_RS: {
			cJSON *cur = find_by_name(s->rss, w->name);
			assert_non_null(cur);
			assert_string_equal(kc_json_get_str(cur, "metadata.uid", ""), w->uid);
			cJSON_Delete(cJSON_DetachItemViaPointer(s->rss, cur));
			s->deletes++;
			break;
		}
		case KC_DEP_STATUS:
			sim_put_status(s, w->body);
			break;
		}
	}
}

static bool pod_of(const cJSON *pod, const char *uid)
{
	return streq(kc_json_get_str(pod, "metadata.ownerReferences[0].uid", ""), uid);
}

static bool pod_ready(const cJSON *pod)
{
	return streq(kc_json_get_str(pod, "status.conditions[0].status", ""), "True");
}

static bool pod_terminating(const cJSON *pod)
{
	return kc_json_get(pod, "metadata.deletionTimestamp") != NULL;
}

/* The ReplicaSet status upstream's controller writes: counted from the
 * pods as they were before it created or deleted any (calculateStatus
 * runs on the pods listed at the start of the sync). */
static void sim_rs_status(sim *s, cJSON *rs)
{
	const char *uid = kc_json_get_str(rs, "metadata.uid", "");
	int64_t have = 0, ready = 0;
	cJSON *pod;
	cJSON_ArrayForEach(pod, s->pods)
	{
		if (!pod_of(pod, uid) || pod_terminating(pod))
			continue;
		have++;
		if (pod_ready(pod))
			ready++;
	}
	cJSON *st = cJSON_CreateObject();
	cJSON_AddNumberToObject(st, "replicas", (double)have);
	cJSON_AddNumberToObject(st, "readyReplicas", (double)ready);
	cJSON_AddNumberToObject(st, "availableReplicas", (double)ready);
	cJSON_AddNumberToObject(st, "observedGeneration",
	                        (double)kc_json_get_int(rs, "metadata.generation", 1));
	kc_json_object_put(rs, "status", st);
}

static void check_bounds(sim *s, const struct bounds *b, bool *reached, int step, const char *when);

/* The ReplicaSet controller: one pass over every ReplicaSet (newest first
 * with s->rs_reverse). */
static void sim_rs_controller(sim *s)
{
	int n = cJSON_GetArraySize(s->rss);
	for (int k = 0; k < n; k++) {
		cJSON *rs = cJSON_GetArrayItem(s->rss, s->rs_reverse ? n - 1 - k : k);
		sim_rs_status(s, rs);
		const char *uid = kc_json_get_str(rs, "metadata.uid", "");
		int64_t want = kc_json_get_int(rs, "spec.replicas", 1);
		int64_t have = 0;
		cJSON *pod;
		cJSON_ArrayForEach(pod, s->pods)
		{
			if (pod_of(pod, uid) && !pod_terminating(pod))
				have++;
		}
		_cleanup_free_ char *labels = kc_json_print(kc_json_get(rs, "spec.template.metadata.labels"));
		for (; have < want; have++) {
			_cleanup_free_ char *text =
			    xasprintf("{\"metadata\":{\"name\":\"p%d\",\"uid\":\"p%d\",\"labels\":%s,"
			              "\"ownerReferences\":[{\"kind\":"
			              "\"ReplicaSet\",\"uid\":\"%s\",\"controller\":true}]},\"status\":{"
			              "\"phase\":\"Pending\","
			              "\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}",
			              s->next_uid + 1, s->next_uid + 1, labels, uid);
			s->next_uid++;
			cJSON_AddItemToArray(s->pods, parse(text));
		}
		/* too many: the not ready ones first */
		for (int pass = 0; pass < 2 && have > want; pass++) {
			cJSON_ArrayForEach(pod, s->pods)
			{
				if (have <= want)
					break;
				if (!pod_of(pod, uid) || pod_terminating(pod) ||
				    (pass == 0 && pod_ready(pod)))
					continue;
				kc_json_set_str(pod, "metadata.deletionTimestamp", "2024-01-01T00:00:00Z",
				                NULL);
				have--;
			}
		}
		if (s->b)
			check_bounds(s, s->b, s->reached, s->step, "while the replicaset controller runs");
	}
}

/* The kubelets: terminating pods go, pending ones become ready. */
static void sim_kubelets(sim *s)
{
	cJSON *pod = s->pods->child;
	while (pod) {
		cJSON *next = pod->next;
		if (pod_terminating(pod)) {
			cJSON_Delete(cJSON_DetachItemViaPointer(s->pods, pod));
		} else if (!s->unready) {
			kc_json_set_str(pod, "status.phase", "Running", NULL);
			kc_json_set_str(pod, "status.conditions[0].status", "True", NULL);
			kc_json_set_str(pod, "status.conditions[0].lastTransitionTime",
			                "2024-01-01T00:00:00Z", NULL);
		}
		pod = next;
	}
}

static int sim_sync(sim *s, kc_dep_plan *plan)
{
	size_t n = (size_t)cJSON_GetArraySize(s->rss), m = (size_t)cJSON_GetArraySize(s->pods);
	const cJSON **rss = xcalloc(n + 1, sizeof(*rss));
	const cJSON **pods = xcalloc(m + 1, sizeof(*pods));
	size_t i = 0;
	const cJSON *o;
	cJSON_ArrayForEach(o, s->rss) rss[i++] = o;
	i = 0;
	cJSON_ArrayForEach(o, s->pods) pods[i++] = o;
	kc_dep_input in = {
	    .deployment = s->d, .rss = rss, .n_rss = n, .pods = pods, .n_pods = m, .now = sim_now(s)};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_dep_sync(&in, plan, &err);
	if (rc < 0)
		fail_msg("kc_dep_sync: %s", err.msg);
	free(rss);
	free(pods);
	return rc;
}

/* Pods that exist and are not terminating; of them ready; by template image. */
typedef struct pod_counts {
	int active, ready, terminating, with_image[4];
} pod_counts;

static pod_counts sim_count(sim *s)
{
	pod_counts c = {0};
	cJSON *pod;
	cJSON_ArrayForEach(pod, s->pods)
	{
		if (pod_terminating(pod)) {
			c.terminating++;
			continue;
		}
		c.active++;
		if (pod_ready(pod))
			c.ready++;
	}
	return c;
}

struct bounds {
	int max_active;    /* replicas + surge */
	int min_ready;     /* replicas - unavailable, once reached */
	bool recreate;     /* never pods of two ReplicaSets at once */
	const char *label; /* for messages */
};

static void check_bounds(sim *s, const struct bounds *b, bool *reached, int step, const char *when)
{
	pod_counts c = sim_count(s);
	if (c.active > b->max_active)
		fail_msg("%s, step %d (%s): %d pods, more than %d", b->label, step, when, c.active,
		         b->max_active);
	if (*reached && c.ready < b->min_ready)
		fail_msg("%s, step %d (%s): %d ready pods, fewer than %d", b->label, step, when, c.ready,
		         b->min_ready);
	if (c.ready >= b->min_ready)
		*reached = true;
	if (b->recreate) {
		const char *owner = NULL;
		cJSON *pod;
		cJSON_ArrayForEach(pod, s->pods)
		{
			const char *uid = kc_json_get_str(pod, "metadata.ownerReferences[0].uid", "");
			if (owner && !streq(owner, uid))
				fail_msg("%s, step %d (%s): pods of two ReplicaSets at once", b->label, step,
				         when);
			owner = uid;
		}
	}
	int n = cJSON_GetArraySize(s->rss);
	if (n > s->max_rs_count)
		s->max_rs_count = n;
}

/* Runs controller / ReplicaSet controller / kubelets until nothing changes
 * for a few rounds (or steps run out). Returns the steps taken. */
static int sim_run(sim *s, const struct bounds *b, int max_steps)
{
	bool reached = true;
	{
		pod_counts c = sim_count(s);
		reached = c.ready >= b->min_ready;
	}
	int quiet = 0, step;
	s->b = b;
	s->reached = &reached;
	for (step = 0; step < max_steps && quiet < 3; step++) {
		s->step = step;
		kc_dep_plan plan;
		sim_sync(s, &plan);
		bool wrote = plan.n_writes > 0;
		sim_apply(s, &plan);
		kc_dep_plan_clear(&plan);
		check_bounds(s, b, &reached, step, "after the deployment controller");
		_cleanup_free_ char *before = kc_json_print(s->pods);
		_cleanup_free_ char *rs_before = kc_json_print(s->rss);
		sim_rs_controller(s);
		check_bounds(s, b, &reached, step, "after the replicaset controller");
		sim_kubelets(s);
		check_bounds(s, b, &reached, step, "after the kubelets");
		_cleanup_free_ char *after = kc_json_print(s->pods);
		_cleanup_free_ char *rs_after = kc_json_print(s->rss);
		quiet = (!wrote && streq(before, after) && streq(rs_before, rs_after)) ? quiet + 1 : 0;
		s->clock++;
	}
	s->b = NULL;
	s->reached = NULL;
	return step;
}

static const char *d_ann(sim *s, const char *key)
{
	return ann(s->d, key);
}

static void set_image(sim *s, const char *image)
{
	kc_json_set_str(s->d, "spec.template.spec.containers[0].image", image, NULL);
	kc_json_set_int(s->d, "metadata.generation", kc_json_get_int(s->d, "metadata.generation", 1) + 1,
	                NULL);
}

static void set_replicas(sim *s, int n)
{
	kc_json_set_int(s->d, "spec.replicas", n, NULL);
	kc_json_set_int(s->d, "metadata.generation", kc_json_get_int(s->d, "metadata.generation", 1) + 1,
	                NULL);
}

/* Every pod runs image (through its ReplicaSet's template). */
static void assert_all_image(sim *s, const char *image, int n)
{
	int count = 0;
	cJSON *pod;
	cJSON_ArrayForEach(pod, s->pods)
	{
		const char *uid = kc_json_get_str(pod, "metadata.ownerReferences[0].uid", "");
		const cJSON *rs;
		const cJSON *owner = NULL;
		cJSON_ArrayForEach(rs, s->rss)
		{
			if (streq(kc_json_get_str(rs, "metadata.uid", ""), uid))
				owner = rs;
		}
		assert_non_null(owner);
		assert_string_equal(kc_json_get_str(owner, "spec.template.spec.containers[0].image", ""),
		                    image);
		count++;
	}
	assert_int_equal(count, n);
}

static void test_sync_create(void **state)
{
	(void)state;
	sim s;
	sim_init(
	    &s, "{\"replicas\":3,\"progressDeadlineSeconds\":600,\"revisionHistoryLimit\":10,"
	        "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"strategy\":{\"type\":\"RollingUpdate\","
	        "\"rollingUpdate\":{\"maxSurge\":\"25%\",\"maxUnavailable\":\"25%\"}},\"template\":" TEMPLATE(
	            "a") "}");
	kc_dep_plan plan;
	sim_sync(&s, &plan);
	assert_int_equal(plan.n_writes, 1);
	kc_dep_write *w = &plan.writes[0];
	assert_int_equal(w->kind, KC_DEP_CREATE_RS);
	char hash[KC_DEP_HASH_MAX];
	kc_dep_template_hash(kc_json_get(s.d, "spec.template"), -1, hash);
	_cleanup_free_ char *name = xasprintf("web-%s", hash);
	assert_string_equal(w->name, name);
	assert_int_equal(kc_json_get_int(w->body, "spec.replicas", -1), 3);
	assert_string_equal(ann(w->body, KC_DEP_ANN_REVISION), "1");
	assert_string_equal(ann(w->body, KC_DEP_ANN_DESIRED_REPLICAS), "3");
	assert_string_equal(ann(w->body, KC_DEP_ANN_MAX_REPLICAS), "4");
	assert_int_equal(w->n_events, 1);
	_cleanup_free_ char *ev = xasprintf("Scaled up replica set %s to 3", name);
	assert_string_equal(w->events[0], ev);
	assert_non_null(plan.after_create);
	assert_string_equal(ann(plan.after_create, KC_DEP_ANN_REVISION), "1");
	const cJSON *p = kc_dep_condition(kc_json_get(plan.after_create, "status"), "Progressing");
	assert_string_equal(kc_json_get_str(p, "reason", ""), KC_DEP_REASON_NEW_RS_CREATED);
	_cleanup_free_ char *msg = xasprintf("Created new replica set \"%s\"", name);
	assert_string_equal(kc_json_get_str(p, "message", ""), msg);
	sim_apply(&s, &plan);
	kc_dep_plan_clear(&plan);

	struct bounds b = {.max_active = 4, .min_ready = 0, .label = "create"};
	sim_run(&s, &b, 50);
	assert_all_image(&s, "a", 3);
	kc_dep_counts c;
	kc_dep_status_counts(kc_json_get(s.d, "status"), &c);
	assert_int_equal(c.replicas, 3);
	assert_int_equal(c.available, 3);
	assert_int_equal(c.updated, 3);
	assert_int_equal(c.observed_generation, 1);
	assert_string_equal(
	    kc_json_get_str(kc_dep_condition(kc_json_get(s.d, "status"), "Progressing"), "reason", ""),
	    KC_DEP_REASON_NEW_RS_AVAIL);
	_cleanup_free_ char *pmsg = xasprintf("ReplicaSet \"%s\" has successfully progressed.", name);
	assert_string_equal(
	    kc_json_get_str(kc_dep_condition(kc_json_get(s.d, "status"), "Progressing"), "message", ""),
	    pmsg);
	assert_string_equal(
	    kc_json_get_str(kc_dep_condition(kc_json_get(s.d, "status"), "Available"), "status", ""), "True");
	assert_string_equal(d_ann(&s, KC_DEP_ANN_REVISION), "1");
	/* settled: another sync writes nothing */
	sim_sync(&s, &plan);
	assert_int_equal(plan.n_writes, 0);
	assert_int_equal(plan.requeue_after_ms, -1);
	kc_dep_plan_clear(&plan);
	sim_free(&s);
}

typedef struct roll_case {
	int replicas;
	const char *surge, *unavailable; /* JSON */
	int want_surge, want_unavailable;
} roll_case;

static void test_rolling_update_bounds(void **state)
{
	(void)state;
	static const roll_case cases[] = {
	    {3, "1", "0", 1, 0},
	    {3, "0", "1", 0, 1},
	    {3, "\"25%\"", "\"25%\"", 1, 0},
	    {10, "\"25%\"", "\"25%\"", 3, 2},
	    {10, "\"50%\"", "\"10%\"", 5, 1},
	    {5, "2", "2", 2, 2},
	    {1, "0", "1", 0, 1},
	    {1, "1", "0", 1, 0},
	    {7, "\"0%\"", "\"1%\"", 0, 1},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const roll_case *tc = &cases[i];
		sim s;
		_cleanup_free_ char *spec = xasprintf(
		    "{\"replicas\":%d,\"progressDeadlineSeconds\":600,\"revisionHistoryLimit\":10,"
		    "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"strategy\":{\"type\":"
		    "\"RollingUpdate\","
		    "\"rollingUpdate\":{\"maxSurge\":%s,\"maxUnavailable\":%s}},\"template\":" TEMPLATE(
		        "a") "}",
		    tc->replicas, tc->surge, tc->unavailable);
		sim_init(&s, spec);
		_cleanup_free_ char *label = xasprintf("case %zu (%d replicas, surge %s, unavailable %s)", i,
		                                       tc->replicas, tc->surge, tc->unavailable);
		struct bounds b = {.max_active = tc->replicas + tc->want_surge,
		                   .min_ready = tc->replicas - tc->want_unavailable,
		                   .label = label};
		sim_run(&s, &b, 200);
		assert_all_image(&s, "a", tc->replicas);
		/* A to B, then B to C in the middle of it (roll-over) */
		set_image(&s, "b");
		int steps = sim_run(&s, &b, 200);
		if (steps >= 200)
			fail_msg("%s: the rollout to b never settled", label);
		assert_all_image(&s, "b", tc->replicas);
		assert_string_equal(d_ann(&s, KC_DEP_ANN_REVISION), "2");
		set_image(&s, "c");
		kc_dep_plan plan;
		for (int k = 0; k < 2; k++) { /* part of the way */
			sim_sync(&s, &plan);
			sim_apply(&s, &plan);
			kc_dep_plan_clear(&plan);
			sim_rs_controller(&s);
			sim_kubelets(&s);
		}
		set_image(&s, "a"); /* back to the first template: its ReplicaSet is the new one again */
		steps = sim_run(&s, &b, 300);
		if (steps >= 300)
			fail_msg("%s: the roll-back to a never settled", label);
		assert_all_image(&s, "a", tc->replicas);
		assert_string_equal(d_ann(&s, KC_DEP_ANN_REVISION), "4");
		/* the first ReplicaSet was reused, with its history */
		assert_int_equal(cJSON_GetArraySize(s.rss), 3);
		cJSON *rs;
		const cJSON *first = NULL;
		cJSON_ArrayForEach(rs, s.rss)
		{
			if (streq(kc_json_get_str(rs, "spec.template.spec.containers[0].image", ""), "a"))
				first = rs;
		}
		assert_non_null(first);
		assert_string_equal(ann(first, KC_DEP_ANN_REVISION), "4");
		assert_string_equal(ann(first, KC_DEP_ANN_REVISION_HISTORY), "1");
		kc_dep_counts c;
		kc_dep_status_counts(kc_json_get(s.d, "status"), &c);
		if (c.replicas != tc->replicas || c.updated != tc->replicas || c.available != tc->replicas ||
		    c.unavailable != 0)
			fail_msg("%s: status %lld/%lld/%lld/%lld", label, (long long)c.replicas,
			         (long long)c.updated, (long long)c.available, (long long)c.unavailable);
		sim_free(&s);
	}
}

static void test_rolling_events(void **state)
{
	(void)state;
	sim s;
	sim_init(
	    &s,
	    "{\"replicas\":3,\"progressDeadlineSeconds\":600,\"selector\":{\"matchLabels\":{\"app\":\"web\"}}"
	    ","
	    "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}},\"template\":" TEMPLATE(
	        "a") "}");
	struct bounds b = {.max_active = 4, .min_ready = 3, .label = "events"};
	sim_run(&s, &b, 100);
	set_image(&s, "b");
	size_t from = s.n_events;
	sim_run(&s, &b, 100);
	const cJSON *old = NULL, *nw = NULL;
	const cJSON *rs;
	cJSON_ArrayForEach(rs, s.rss)
	{
		if (streq(kc_json_get_str(rs, "spec.template.spec.containers[0].image", ""), "a"))
			old = rs;
		else
			nw = rs;
	}
	const char *on = kc_json_get_str(old, "metadata.name", ""),
	           *nn = kc_json_get_str(nw, "metadata.name", "");
	/* upstream's words, in upstream's order */
	char *want[] = {
	    xasprintf("Scaled up replica set %s to 1", nn),
	    xasprintf("Scaled down replica set %s to 2 from 3", on),
	    xasprintf("Scaled up replica set %s to 2 from 1", nn),
	    xasprintf("Scaled down replica set %s to 1 from 2", on),
	    xasprintf("Scaled up replica set %s to 3 from 2", nn),
	    xasprintf("Scaled down replica set %s to 0 from 1", on),
	};
	if (s.n_events - from != KC_ARRAY_SIZE(want))
		fail_msg("%zu events, want %zu", s.n_events - from, KC_ARRAY_SIZE(want));
	for (size_t i = 0; i < KC_ARRAY_SIZE(want); i++) {
		if (!streq(s.events[from + i], want[i]))
			fail_msg("event %zu: \"%s\", want \"%s\"", i, s.events[from + i], want[i]);
		free(want[i]);
	}
	sim_free(&s);
}

static void test_recreate(void **state)
{
	(void)state;
	sim s;
	sim_init(&s, "{\"replicas\":3,\"progressDeadlineSeconds\":600,\"selector\":{\"matchLabels\":{\"app\":"
	             "\"web\"}},"
	             "\"strategy\":{\"type\":\"Recreate\"},\"template\":" TEMPLATE("a") "}");
	struct bounds b = {.max_active = 3, .min_ready = 0, .recreate = true, .label = "recreate"};
	sim_run(&s, &b, 100);
	assert_all_image(&s, "a", 3);
	set_image(&s, "b");
	int steps = sim_run(&s, &b, 100);
	assert_true(steps < 100);
	assert_all_image(&s, "b", 3);
	assert_string_equal(d_ann(&s, KC_DEP_ANN_REVISION), "2");
	/* the new ReplicaSet was made at full size, after the old went to 0 */
	const cJSON *rs;
	cJSON_ArrayForEach(rs, s.rss)
	{
		bool is_new = streq(kc_json_get_str(rs, "spec.template.spec.containers[0].image", ""), "b");
		assert_int_equal(kc_json_get_int(rs, "spec.replicas", -1), is_new ? 3 : 0);
	}
	sim_free(&s);
}

static void test_paused_and_scaling(void **state)
{
	(void)state;
	sim s;
	sim_init(
	    &s,
	    "{\"replicas\":10,\"progressDeadlineSeconds\":600,\"selector\":{\"matchLabels\":{\"app\":\"web\"}"
	    "},"
	    "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":3,\"maxUnavailable\":2}},\"template\":" TEMPLATE(
	        "a") "}");
	struct bounds b = {.max_active = 13, .min_ready = 8, .label = "paused"};
	sim_run(&s, &b, 100);
	/* start a rollout, pause in the middle */
	set_image(&s, "b");
	kc_dep_plan plan;
	for (int k = 0; k < 2; k++) {
		sim_sync(&s, &plan);
		sim_apply(&s, &plan);
		kc_dep_plan_clear(&plan);
		sim_rs_controller(&s);
		sim_kubelets(&s);
	}
	kc_json_set_bool(s.d, "spec.paused", true, NULL);
	sim_sync(&s, &plan);
	sim_apply(&s, &plan);
	kc_dep_plan_clear(&plan);
	const cJSON *p = kc_dep_condition(kc_json_get(s.d, "status"), "Progressing");
	assert_string_equal(kc_json_get_str(p, "status", ""), "Unknown");
	assert_string_equal(kc_json_get_str(p, "reason", ""), KC_DEP_REASON_PAUSED);
	assert_string_equal(kc_json_get_str(p, "message", ""), "Deployment is paused");
	int32_t sizes[2] = {0, 0};
	const cJSON *rs;
	cJSON_ArrayForEach(rs, s.rss)
	{
		bool is_new = streq(kc_json_get_str(rs, "spec.template.spec.containers[0].image", ""), "b");
		sizes[is_new] = (int32_t)kc_json_get_int(rs, "spec.replicas", 0);
	}
	assert_true(sizes[0] > 0 && sizes[1] > 0);
	/* a paused Deployment does not roll out: a new template makes nothing */
	set_image(&s, "c");
	struct bounds none = {.max_active = 13, .min_ready = 8, .label = "paused, new template"};
	sim_run(&s, &none, 20);
	assert_int_equal(cJSON_GetArraySize(s.rss), 2);
	/* but it scales, proportionally: 10 -> 20 */
	set_replicas(&s, 20);
	struct bounds big = {.max_active = 23, .min_ready = 8, .label = "paused, scaled"};
	sim_run(&s, &big, 50);
	int32_t now[2] = {0, 0};
	cJSON_ArrayForEach(rs, s.rss)
	{
		bool is_new = streq(kc_json_get_str(rs, "spec.template.spec.containers[0].image", ""), "b");
		now[is_new] = (int32_t)kc_json_get_int(rs, "spec.replicas", 0);
		/* annotations follow the new size */
		assert_string_equal(ann(rs, KC_DEP_ANN_DESIRED_REPLICAS), "20");
		assert_string_equal(ann(rs, KC_DEP_ANN_MAX_REPLICAS), "23");
	}
	assert_int_equal(now[0] + now[1], 23); /* replicas + surge, as before */
	/* each grew by its share of max-replicas 13 -> 23 (rounded; the
	 * leftover to the largest) */
	for (int i = 0; i < 2; i++) {
		double share = (double)sizes[i] * 23.0 / (double)(sizes[0] + sizes[1]);
		if (now[i] < share - 1 || now[i] > share + 1)
			fail_msg("ReplicaSet %d: %d -> %d, its share is %.2f", i, sizes[i], now[i], share);
	}
	assert_int_equal(sizes[0] + sizes[1], 13);
	/* resume: the rollout goes on to c */
	kc_json_set_bool(s.d, "spec.paused", false, NULL);
	sim_sync(&s, &plan);
	assert_int_equal(plan.n_writes, 1);
	assert_int_equal(plan.writes[0].kind, KC_DEP_CREATE_RS);
	assert_string_equal(
	    kc_json_get_str(plan.writes[0].body, "spec.template.spec.containers[0].image", ""), "c");
	kc_dep_plan_clear(&plan);
	struct bounds after = {.max_active = 23, .min_ready = 18, .label = "resumed"};
	sim_run(&s, &after, 300);
	assert_all_image(&s, "c", 20);
	p = kc_dep_condition(kc_json_get(s.d, "status"), "Progressing");
	assert_string_equal(kc_json_get_str(p, "reason", ""), KC_DEP_REASON_NEW_RS_AVAIL);
	sim_free(&s);
}

static void test_history_limit(void **state)
{
	(void)state;
	sim s;
	sim_init(
	    &s,
	    "{\"replicas\":2,\"revisionHistoryLimit\":2,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
	    "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}},\"template\":" TEMPLATE(
	        "a") "}");
	struct bounds b = {.max_active = 3, .min_ready = 2, .label = "history"};
	static const char *const images[] = {"a", "b", "c", "a1", "a2", "a3"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(images); i++) {
		set_image(&s, images[i]);
		sim_run(&s, &b, 100);
		assert_all_image(&s, images[i], 2);
	}
	/* the new one and the two newest old ones remain */
	assert_int_equal(cJSON_GetArraySize(s.rss), 3);
	const cJSON *rs;
	int64_t revs = 0;
	cJSON_ArrayForEach(rs, s.rss)
	{
		int64_t v;
		assert_int_equal(kc_dep_revision(rs, &v), 0);
		revs += v;
	}
	assert_int_equal(revs, 4 + 5 + 6); /* a was 1, b 2, c 3: a1, a2 and a3 remain */
	assert_true(s.max_rs_count <= 4);
	assert_true(s.deletes >= 3);
	/* no progress deadline in this spec: no Progressing condition */
	assert_null(kc_dep_condition(kc_json_get(s.d, "status"), "Progressing"));
	sim_free(&s);
}

static void test_progress_deadline(void **state)
{
	(void)state;
	sim s;
	sim_init(
	    &s,
	    "{\"replicas\":2,\"progressDeadlineSeconds\":30,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
	    "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}},\"template\":" TEMPLATE(
	        "a") "}");
	s.unready = true;
	struct bounds b = {.max_active = 3, .min_ready = 0, .label = "deadline"};
	sim_run(&s, &b, 10);
	/* paused past the deadline, then resumed: the clock starts again */
	kc_json_set_bool(s.d, "spec.paused", true, NULL);
	sim_run(&s, &b, 5);
	const cJSON *pc = kc_dep_condition(kc_json_get(s.d, "status"), "Progressing");
	assert_string_equal(kc_json_get_str(pc, "status", ""), "Unknown");
	assert_string_equal(kc_json_get_str(pc, "reason", ""), KC_DEP_REASON_PAUSED);
	assert_string_equal(kc_json_get_str(pc, "message", ""), "Deployment is paused");
	s.clock += 100;
	sim_run(&s, &b, 5);
	assert_string_equal(
	    kc_json_get_str(kc_dep_condition(kc_json_get(s.d, "status"), "Progressing"), "reason", ""),
	    KC_DEP_REASON_PAUSED);
	kc_json_set_bool(s.d, "spec.paused", false, NULL);
	sim_run(&s, &b, 5);
	pc = kc_dep_condition(kc_json_get(s.d, "status"), "Progressing");
	assert_string_equal(kc_json_get_str(pc, "status", ""), "Unknown");
	assert_string_equal(kc_json_get_str(pc, "reason", ""), KC_DEP_REASON_RESUMED);
	assert_string_equal(kc_json_get_str(pc, "message", ""), "Deployment is resumed");
	/* nothing ready: a progress check is due at the deadline */
	kc_dep_plan plan;
	sim_sync(&s, &plan);
	assert_int_equal(plan.n_writes, 0);
	assert_true(plan.requeue_after_ms > 0 && plan.requeue_after_ms <= 31000);
	kc_dep_plan_clear(&plan);
	s.clock += 31;
	sim_sync(&s, &plan);
	assert_int_equal(plan.n_writes, 1);
	const cJSON *p = kc_dep_condition(kc_json_get(plan.writes[0].body, "status"), "Progressing");
	assert_string_equal(kc_json_get_str(p, "status", ""), "False");
	assert_string_equal(kc_json_get_str(p, "reason", ""), KC_DEP_REASON_TIMED_OUT);
	const char *name = kc_json_get_str(s.rss->child, "metadata.name", "");
	_cleanup_free_ char *msg = xasprintf("ReplicaSet \"%s\" has timed out progressing.", name);
	assert_string_equal(kc_json_get_str(p, "message", ""), msg);
	const cJSON *a = kc_dep_condition(kc_json_get(plan.writes[0].body, "status"), "Available");
	assert_string_equal(kc_json_get_str(a, "reason", ""), KC_DEP_REASON_MIN_UNAVAILABLE);
	sim_apply(&s, &plan);
	kc_dep_plan_clear(&plan);
	/* it stays so; no more checks */
	sim_sync(&s, &plan);
	assert_int_equal(plan.n_writes, 0);
	assert_int_equal(plan.requeue_after_ms, -1);
	kc_dep_plan_clear(&plan);
	/* a pause does not hide it */
	kc_json_set_bool(s.d, "spec.paused", true, NULL);
	sim_sync(&s, &plan);
	for (size_t i = 0; i < plan.n_writes; i++)
		if (plan.writes[i].kind == KC_DEP_STATUS)
			assert_string_equal(
			    kc_json_get_str(
			        kc_dep_condition(kc_json_get(plan.writes[i].body, "status"), "Progressing"),
			        "reason", ""),
			    KC_DEP_REASON_TIMED_OUT);
	kc_dep_plan_clear(&plan);
	sim_free(&s);
}

static void test_special_cases(void **state)
{
	(void)state;
	/* selecting everything: a warning and observedGeneration only */
	sim s;
	sim_init(&s, "{\"replicas\":2,\"selector\":{},\"template\":" TEMPLATE("a") "}");
	kc_dep_plan plan;
	sim_sync(&s, &plan);
	assert_string_equal(plan.selecting_all,
	                    "This deployment is selecting all pods. A non-empty selector is required.");
	assert_int_equal(plan.n_writes, 1);
	assert_int_equal(plan.writes[0].kind, KC_DEP_STATUS);
	assert_int_equal(kc_json_get_int(plan.writes[0].body, "status.observedGeneration", 0), 1);
	kc_dep_plan_clear(&plan);
	sim_free(&s);

	/* being deleted: the status only, no ReplicaSet made */
	sim_init(&s,
	         "{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":" TEMPLATE(
	             "a") "}");
	kc_json_set_str(s.d, "metadata.deletionTimestamp", "2024-01-01T00:00:00Z", NULL);
	sim_sync(&s, &plan);
	for (size_t i = 0; i < plan.n_writes; i++)
		assert_int_equal(plan.writes[i].kind, KC_DEP_STATUS);
	kc_dep_plan_clear(&plan);
	sim_free(&s);

	/* an existing new ReplicaSet found with a Progressing condition missing */
	sim_init(&s, "{\"replicas\":1,\"progressDeadlineSeconds\":600,\"selector\":{\"matchLabels\":{\"app\":"
	             "\"web\"}},"
	             "\"template\":" TEMPLATE("a") "}");
	_cleanup_json_ cJSON *rs = rs_obj("web-abc", "2024-01-01T00:00:00Z", "7", "a", 1);
	kc_json_setv(rs, cJSON_CreateString("1"), NULL, "metadata", "annotations",
	             KC_DEP_ANN_DESIRED_REPLICAS, NULL);
	kc_json_setv(rs, cJSON_CreateString("1"), NULL, "metadata", "annotations", KC_DEP_ANN_MAX_REPLICAS,
	             NULL);
	cJSON_AddItemToArray(s.rss, kc_json_dup(rs));
	sim_sync(&s, &plan);
	assert_int_equal(plan.n_writes, 1);
	assert_int_equal(plan.writes[0].kind, KC_DEP_STATUS);
	assert_string_equal(ann(plan.writes[0].body, KC_DEP_ANN_REVISION), "7");
	const cJSON *p = kc_dep_condition(kc_json_get(plan.writes[0].body, "status"), "Progressing");
	assert_string_equal(kc_json_get_str(p, "reason", ""), KC_DEP_REASON_FOUND_NEW_RS);
	assert_string_equal(kc_json_get_str(p, "message", ""), "Found new replica set \"web-abc\"");
	kc_dep_plan_clear(&plan);
	sim_free(&s);

	/* a malformed one */
	sim_init(&s, "{\"replicas\":2,\"strategy\":{\"type\":\"Other\"},\"selector\":{\"matchLabels\":{"
	             "\"app\":\"web\"}},"
	             "\"template\":" TEMPLATE("a") "}");
	size_t n = 0;
	kc_dep_input in = {.deployment = s.d, .now = T0};
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_dep_sync(&in, &plan, &err), -EINVAL);
	assert_string_equal(err.msg, "unexpected deployment strategy type: Other");
	assert_int_equal(plan.n_writes, n);
	kc_dep_plan_clear(&plan);
	sim_free(&s);
}

/* The surge bound holds while a scaled-down ReplicaSet's pods are still
 * there (the ReplicaSet controller has not deleted them yet): the new one
 * does not grow into the room they still take. */
static void test_lagging_pods(void **state)
{
	(void)state;
	sim s;
	sim_init(
	    &s,
	    "{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
	    "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}},\"template\":" TEMPLATE(
	        "a") "}");
	struct bounds b = {.max_active = 4, .min_ready = 3, .label = "lagging"};
	sim_run(&s, &b, 100);
	s.rs_reverse = true;
	set_image(&s, "b");
	kc_dep_plan plan;
	bool reached = true;
	/* only the deployment controller and the kubelets run on every step;
	 * the ReplicaSet controller every third step */
	s.b = &b;
	s.reached = &reached;
	for (int step = 0; step < 300; step++) {
		s.step = step;
		sim_sync(&s, &plan);
		sim_apply(&s, &plan);
		kc_dep_plan_clear(&plan);
		check_bounds(&s, &b, &reached, step, "after the deployment controller");
		if (step % 3 == 2) {
			sim_rs_controller(&s);
			check_bounds(&s, &b, &reached, step, "after the replicaset controller");
		}
		sim_kubelets(&s);
		/* the kubelets' readiness reaches the ReplicaSets' status only
		 * through the ReplicaSet controller: here it lags too */
		check_bounds(&s, &b, &reached, step, "after the kubelets");
		s.clock++;
	}
	s.b = NULL;
	assert_all_image(&s, "b", 3);
	sim_free(&s);
}

/* A ReplicaSet status that still counts a pod being deleted (its
 * controller wrote the status from the pods it listed before deleting):
 * the old ReplicaSet is scaled down by what is really available. */
static void test_stale_status(void **state)
{
	(void)state;
	sim s;
	sim_init(
	    &s,
	    "{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
	    "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}},\"template\":" TEMPLATE(
	        "b") "}");
	cJSON *old = rs_obj("web-old", "2024-01-01T00:00:00Z", "1", "a", 2);
	cJSON *nw = rs_obj("web-new", "2024-01-02T00:00:00Z", "2", "b", 2);
	for (int i = 0; i < 2; i++) {
		cJSON *rs = i ? nw : old;
		kc_json_setv(rs, cJSON_CreateString("3"), NULL, "metadata", "annotations",
		             KC_DEP_ANN_DESIRED_REPLICAS, NULL);
		kc_json_setv(rs, cJSON_CreateString("4"), NULL, "metadata", "annotations",
		             KC_DEP_ANN_MAX_REPLICAS, NULL);
		kc_json_set_int(rs, "metadata.generation", 2, NULL);
		kc_json_object_put(rs, "status",
		                   parse(i ? "{\"replicas\":2,\"readyReplicas\":2,\"availableReplicas\":2,"
		                             "\"observedGeneration\":2}"
		                           : "{\"replicas\":3,\"readyReplicas\":3,\"availableReplicas\":3,"
		                             "\"observedGeneration\":2}"));
		cJSON_AddItemToArray(s.rss, rs);
	}
	static const char *const pods[] = {
	    "{\"metadata\":{\"name\":\"o1\",\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"uid\":\"uid-web-"
	    "old\","
	    "\"controller\":true}]},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
	    "\"status\":\"True\"}]}}",
	    "{\"metadata\":{\"name\":\"o2\",\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"uid\":\"uid-web-"
	    "old\","
	    "\"controller\":true}]},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
	    "\"status\":\"True\"}]}}",
	    "{\"metadata\":{\"name\":\"o3\",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\","
	    "\"ownerReferences\":"
	    "[{\"kind\":\"ReplicaSet\",\"uid\":\"uid-web-old\",\"controller\":true}]},\"status\":{\"phase\":"
	    "\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}",
	    "{\"metadata\":{\"name\":\"n1\",\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"uid\":\"uid-web-"
	    "new\","
	    "\"controller\":true}]},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
	    "\"status\":\"True\"}]}}",
	    "{\"metadata\":{\"name\":\"n2\",\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"uid\":\"uid-web-"
	    "new\","
	    "\"controller\":true}]},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
	    "\"status\":\"True\"}]}}",
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(pods); i++)
		cJSON_AddItemToArray(s.pods, parse(pods[i]));
	kc_dep_plan plan;
	sim_sync(&s, &plan);
	int64_t old_size = -1;
	for (size_t i = 0; i < plan.n_writes; i++)
		if (plan.writes[i].kind == KC_DEP_UPDATE_RS && streq(plan.writes[i].name, "web-old"))
			old_size = kc_json_get_int(plan.writes[i].body, "spec.replicas", -1);
	/* 2 old + 2 new available, 3 needed: one old may go, not two */
	assert_int_equal(old_size, 1);
	kc_dep_plan_clear(&plan);

	/* the same before the ReplicaSet controller acted on the scale-down:
	 * its three pods all run, none terminating yet */
	cJSON *o3 = cJSON_GetArrayItem(s.pods, 2);
	kc_json_deletev(o3, "metadata", "deletionTimestamp", NULL);
	sim_sync(&s, &plan);
	old_size = -1;
	for (size_t i = 0; i < plan.n_writes; i++)
		if (plan.writes[i].kind == KC_DEP_UPDATE_RS && streq(plan.writes[i].name, "web-old"))
			old_size = kc_json_get_int(plan.writes[i].body, "spec.replicas", -1);
	assert_int_equal(old_size, 1);
	kc_dep_plan_clear(&plan);
	sim_free(&s);
}

/* Objects from the store the apiserver would have refused (written around
 * it): every combination is planned for without a crash or a leak (run it
 * under ASan and valgrind), and a failed sync plans no write. */
static void test_malformed_inputs(void **state)
{
	(void)state;
	static const char *const deployments[] = {
	    "{" DEP_META ",\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
	    "\"template\":" TEMPLATE("a") "},\"status\":{\"conditions\":\"x\",\"collisionCount\":\"y\"}}",
	    "{" DEP_META
	    ",\"spec\":{\"replicas\":2,\"progressDeadlineSeconds\":5,\"selector\":{\"matchLabels\":"
	    "{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":5}},"
	    "\"status\":[1]}",
	    "{" DEP_META ",\"metadata\":{\"name\":\"web\",\"uid\":\"d-uid\",\"annotations\":[1]},"
	    "\"spec\":{\"paused\":true,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},"
	    "\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}}}},\"status\":{\"conditions\":[5,{"
	    "\"type\":7}],"
	    "\"replicas\":\"3\"}}",
	    "{" DEP_META ",\"spec\":{\"strategy\":{\"type\":\"Recreate\"},\"selector\":{\"matchLabels\":"
	    "{\"app\":\"web\"}},\"template\":" TEMPLATE("a") "}}",
	};
	static const char *const rss[] = {
	    "{\"metadata\":{\"name\":\"r1\",\"uid\":\"u1\",\"annotations\":{\"deployment.kubernetes.io/"
	    "revision\":5,"
	    "\"deployment.kubernetes.io/max-replicas\":\"x\"}},\"spec\":[],\"status\":\"x\"}",
	    "{\"metadata\":5,\"spec\":{\"replicas\":\"two\",\"template\":7}}",
	    "{\"metadata\":{\"name\":\"r3\",\"uid\":\"u3\",\"creationTimestamp\":\"never\",\"annotations\":"
	    "{\"deployment.kubernetes.io/revision\":\"99999999999999999999\",\"deployment.kubernetes.io/"
	    "desired-replicas\":"
	    "\"-1\"}},\"spec\":{\"replicas\":-4,\"template\":" TEMPLATE(
	        "a") "},\"status\":{\"availableReplicas\":9,"
	             "\"conditions\":{\"type\":\"ReplicaFailure\"}}}",
	    "{\"metadata\":{\"name\":\"r4\",\"uid\":\"u4\",\"annotations\":{\"deployment.kubernetes.io/"
	    "revision\":\"2\"},"
	    "\"deletionTimestamp\":\"x\"},\"spec\":{\"replicas\":0,\"template\":" TEMPLATE(
	        "b") "},\"status\":"
	             "{\"conditions\":[{\"type\":\"ReplicaFailure\",\"status\":\"True\"}]}}",
	};
	static const char *const pods[] = {
	    "{\"metadata\":{\"ownerReferences\":[{\"controller\":true,\"uid\":\"u3\"}]},\"status\":5}",
	    "{\"metadata\":{\"ownerReferences\":\"x\"}}",
	    ("{\"metadata\":{\"ownerReferences\":[{\"controller\":true,\"uid\":\"u1\"}]},\"status\":{"
	     "\"phase\":"
	     "\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":5}]}"
	     "}"),
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(deployments); i++) {
		for (unsigned mask = 0; mask < (1u << KC_ARRAY_SIZE(rss)); mask++) {
			_cleanup_json_ cJSON *d = parse(deployments[i]);
			cJSON *objs[KC_ARRAY_SIZE(rss)] = {0};
			const cJSON *in_rss[KC_ARRAY_SIZE(rss)];
			size_t n = 0;
			for (size_t j = 0; j < KC_ARRAY_SIZE(rss); j++)
				if (mask & (1u << j))
					in_rss[n++] = objs[j] = parse(rss[j]);
			cJSON *pobjs[KC_ARRAY_SIZE(pods)];
			const cJSON *in_pods[KC_ARRAY_SIZE(pods)];
			for (size_t j = 0; j < KC_ARRAY_SIZE(pods); j++)
				in_pods[j] = pobjs[j] = parse(pods[j]);
			kc_dep_input in = {.deployment = d,
			                   .rss = in_rss,
			                   .n_rss = n,
			                   .pods = in_pods,
			                   .n_pods = KC_ARRAY_SIZE(pods),
			                   .now = T0};
			kc_dep_plan plan;
			kc_error err = KC_ERROR_INIT;
			int rc = kc_dep_sync(&in, &plan, &err);
			if (rc < 0 && plan.n_writes != 0)
				fail_msg("deployment %zu, ReplicaSets %#x: a failed sync with writes", i,
				         mask);
			kc_dep_plan_clear(&plan);
			for (size_t j = 0; j < KC_ARRAY_SIZE(rss); j++)
				cJSON_Delete(objs[j]);
			for (size_t j = 0; j < KC_ARRAY_SIZE(pods); j++)
				cJSON_Delete(pobjs[j]);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fnv_and_encode),
	    cmocka_unit_test(test_template_hash),
	    cmocka_unit_test(test_int_or_percent),
	    cmocka_unit_test(test_fenceposts),
	    cmocka_unit_test(test_spec_parse),
	    cmocka_unit_test(test_template_equal),
	    cmocka_unit_test(test_find_new_and_revisions),
	    cmocka_unit_test(test_new_rs_annotations),
	    cmocka_unit_test(test_new_rs),
	    cmocka_unit_test(test_proportion),
	    cmocka_unit_test(test_conditions),
	    cmocka_unit_test(test_calculate_status),
	    cmocka_unit_test(test_complete_progress_timeout),
	    cmocka_unit_test(test_write_helpers),
	    cmocka_unit_test(test_sync_create),
	    cmocka_unit_test(test_rolling_update_bounds),
	    cmocka_unit_test(test_rolling_events),
	    cmocka_unit_test(test_recreate),
	    cmocka_unit_test(test_paused_and_scaling),
	    cmocka_unit_test(test_history_limit),
	    cmocka_unit_test(test_progress_deadline),
	    cmocka_unit_test(test_special_cases),
	    cmocka_unit_test(test_lagging_pods),
	    cmocka_unit_test(test_stale_status),
	    cmocka_unit_test(test_malformed_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
