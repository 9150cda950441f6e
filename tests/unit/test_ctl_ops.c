/* test_ctl_ops.c - the pure parts of kc's operational commands, checked
 * against what kubectl prints: argument parsing of the resource builder,
 * label/annotate, scale preconditions, set image, rollout status / history
 * / undo / restart / pause, and wait conditions. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ctl/ops.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/jsonpath.h"
#include "common/util.h"

/* ---- helpers: failures name the case ---- */

static void expect_str(const char *name, const char *got, const char *want)
{
	if (!streq_ptr(got, want))
		fail_msg("case \"%s\":\n got: %s\nwant: %s", name, got ? got : "(null)", want ? want : "(null)");
}

static void expect_int(const char *name, long long got, long long want)
{
	if (got != want)
		fail_msg("case \"%s\": got %lld, want %lld", name, got, want);
}

static cJSON *json(const char *s)
{
	cJSON *j = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse_str(s, &j, &err) < 0)
		fail_msg("bad test JSON %s: %s", s, err.msg);
	return j;
}

/* Splits "a b c" into a NULL-terminated vector (caller frees both). */
static char **words(const char *s, int *ret_n)
{
	char *copy = xstrdup(s);
	char **v = xcalloc(strlen(s) + 2, sizeof(*v));
	int n = 0;
	char *save = NULL;
	for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
		v[n++] = xstrdup(t);
	free(copy);
	*ret_n = n;
	return v;
}

static void free_words(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- the resource builder's arguments ---- */

static void test_target_spec(void **state)
{
	(void)state;
	static const struct {
		const char *args;
		const char *selector;
		bool all, allow_empty, files;
		const char *want; /* refs "type/name ..." (name "*" for a listed type), or "!error" */
		bool single;
	} cases[] = {
		{"pods nginx", NULL, false, false, false, "pods/nginx", true},
		{"pods a b", NULL, false, false, false, "pods/a pods/b", false},
		{"pod/a deploy/b", NULL, false, false, false, "pod/a deploy/b", false},
		{"deploy/web", NULL, false, false, false, "deploy/web", true},
		{"pods,svc x", NULL, false, false, false, "pods/x svc/x", false},
		{"pods", "app=web", false, false, false, "pods/*", false},
		{"pods,svc", NULL, true, false, false, "pods/* svc/*", false},
		{"deploy", NULL, false, true, false, "deploy/*", false},
		{"pods", NULL, false, false, false, "!resource(s) were provided, but no name was specified", false},
		{"", NULL, false, false, false, "!You must provide one or more resources by argument or filename.\n"
						 "Example resource specifications include:\n   '-f rsrc.yaml'\n   "
						 "'--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'", false},
		{"pods a", "x=y", false, false, false, "!name cannot be provided when a selector is specified", false},
		{"pod/a", "x=y", false, false, false,
		 "!selectors and the all flag cannot be used when passing resource/name arguments", false},
		{"pods pod/a", NULL, false, false, false,
		 "!there is no need to specify a resource type as a separate argument when passing arguments in "
		 "resource/name form (e.g. 'kc get resource/<resource_name>' instead of 'kc get resource "
		 "resource/<resource_name>'",
		 false},
		{"a/b/c", NULL, false, false, false, "!arguments in resource/name form may not have more than one slash",
		 false},
		{"/b", NULL, false, false, false, "!arguments in resource/name form must have a single resource and name",
		 false},
		{"a,b/c", NULL, false, false, false,
		 "!arguments in resource/name form must have a single resource and name", false},
		{"pods x", NULL, false, false, true,
		 "!when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well", false},
		{"pod/x", NULL, false, false, true, "!resource/name arguments cannot be provided when a path is specified",
		 false},
		{"", NULL, false, false, true, "", false},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		int n = 0;
		char **v = words(cases[i].args, &n);
		char *files[] = {(char *)"f.yaml", NULL};
		kc_flags_list fl = {files, 1};
		kc_target_opts o = {.selector = cases[i].selector,
				    .all = cases[i].all,
				    .allow_empty_selector = cases[i].allow_empty,
				    .filenames = cases[i].files ? &fl : NULL};
		kc_target_spec spec;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_target_spec_parse(v, n, &o, &spec, &err);
		if (cases[i].want[0] == '!') {
			expect_int(cases[i].args, rc, -EINVAL);
			expect_str(cases[i].args, err.msg, cases[i].want + 1);
		} else {
			expect_int(cases[i].args, rc, 0);
			_cleanup_buf_ kc_buf b = KC_BUF_INIT;
			for (size_t r = 0; r < spec.n; r++)
				kc_buf_addf(&b, "%s%s/%s", r ? " " : "", spec.refs[r].type,
					    spec.refs[r].name ? spec.refs[r].name : "*");
			expect_str(cases[i].args, kc_buf_str(&b), cases[i].want);
			expect_int(cases[i].args, spec.single, cases[i].single);
			kc_target_spec_clear(&spec);
		}
		free_words(v, n);
	}
}

static void test_dry_run(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int want; /* -1: error */
	} cases[] = {
		{"", KC_DRY_RUN_NONE},	     {"none", KC_DRY_RUN_NONE},     {"client", KC_DRY_RUN_CLIENT},
		{"server", KC_DRY_RUN_SERVER}, {"unchanged", KC_DRY_RUN_CLIENT}, {"true", KC_DRY_RUN_CLIENT},
		{"False", KC_DRY_RUN_NONE},  {"bogus", -1},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_dry_run d = KC_DRY_RUN_NONE;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_dry_run_parse(cases[i].in, &d, &err);
		if (cases[i].want < 0) {
			expect_int(cases[i].in, rc, -EINVAL);
			expect_str(cases[i].in, err.msg, "Invalid dry-run value (bogus). Must be \"none\", \"server\", or \"client\".");
		} else {
			expect_int(cases[i].in, rc, 0);
			expect_int(cases[i].in, (long long)d, cases[i].want);
		}
	}
	expect_str("suffix", kc_dry_run_suffix(KC_DRY_RUN_SERVER), " (server dry run)");
}

/* ---- label / annotate ---- */

static void test_pairs_split(void **state)
{
	(void)state;
	static const struct {
		const char *args;
		int nres; /* -1: error */
		const char *err;
	} cases[] = {
		{"pods x a=b", 2, NULL},
		{"pods x a- b=c", 2, NULL},
		{"pods x - =b", 4, NULL}, /* "-" and "=b" are resources, as kubectl reads them */
		{"pods x a=b c", -1, "all resources must be specified before label changes: c"},
		{"a=b", 0, NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		int n = 0, nres = 0;
		char **v = words(cases[i].args, &n);
		kc_error err = KC_ERROR_INIT;
		int rc = kc_pairs_split(v, n, "label", &nres, &err);
		if (cases[i].nres < 0) {
			expect_int(cases[i].args, rc, -EINVAL);
			expect_str(cases[i].args, err.msg, cases[i].err);
		} else {
			expect_int(cases[i].args, rc, 0);
			expect_int(cases[i].args, nres, cases[i].nres);
		}
		free_words(v, n);
	}
}

static void test_label_parse(void **state)
{
	(void)state;
	static const struct {
		const char *args;
		bool annotation;
		const char *set, *remove, *err;
	} cases[] = {
		{"app=web tier-", false, "{\"app\":\"web\"}", "[\"tier\"]", NULL},
		{"app=web app=db", false, "{\"app\":\"db\"}", "[]", NULL},
		{"a=", false, "{\"a\":\"\"}", "[]", NULL},
		{"a=b=c", false, NULL, NULL, "invalid label spec: a=b=c"},
		{"a=-x", false, NULL, NULL,
		 "invalid label value: \"a=-x\": a valid label must be an empty string or consist of alphanumeric "
		 "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
		 "or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
		{"a=b a-", false, NULL, NULL, "can not both modify and remove a label in the same command"},
		{"nope", false, NULL, NULL, "unknown label spec: nope"},
		{"d=a=b e-", true, "{\"d\":\"a=b\"}", "[\"e\"]", NULL},
		{"x y", true, NULL, NULL, "invalid annotation format: x, y"},
		{"a=1 a- b=2 b-", true, NULL, NULL,
		 "can not both modify and remove the following annotation(s) in the same command: a, b"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		int n = 0;
		char **v = words(cases[i].args, &n);
		cJSON *set = NULL, *remove = NULL;
		kc_error err = KC_ERROR_INIT;
		int rc = cases[i].annotation ? kc_annotation_parse(v, n, &set, &remove, &err)
					     : kc_label_parse(v, n, &set, &remove, &err);
		if (cases[i].err) {
			expect_int(cases[i].args, rc, -EINVAL);
			if (!str_startswith(err.msg, cases[i].err) && !streq(err.msg, cases[i].err))
				expect_str(cases[i].args, err.msg, cases[i].err);
		} else {
			expect_int(cases[i].args, rc, 0);
			_cleanup_free_ char *s = kc_json_print(set);
			_cleanup_free_ char *r = kc_json_print(remove);
			expect_str(cases[i].args, s, cases[i].set);
			expect_str(cases[i].args, r, cases[i].remove);
		}
		cJSON_Delete(set);
		cJSON_Delete(remove);
		free_words(v, n);
	}
}

static void test_meta_update(void **state)
{
	(void)state;
	static const struct {
		const char *name, *obj, *set, *remove;
		kc_meta_field field;
		bool overwrite;
		const char *rv, *want, *err, *msg;
	} cases[] = {
		{"add", "{\"metadata\":{\"name\":\"x\"}}", "{\"a\":\"1\"}", "[]", KC_META_LABELS, false, "",
		 "{\"metadata\":{\"name\":\"x\",\"labels\":{\"a\":\"1\"}}}", NULL, "labeled"},
		{"same value is no overwrite", "{\"metadata\":{\"labels\":{\"a\":\"1\"}}}", "{\"a\":\"1\"}", "[]",
		 KC_META_LABELS, false, "", "{\"metadata\":{\"labels\":{\"a\":\"1\"}}}", NULL, "not labeled"},
		{"conflict", "{\"metadata\":{\"labels\":{\"a\":\"1\"}}}", "{\"a\":\"2\"}", "[]", KC_META_LABELS, false, "",
		 NULL, "'a' already has a value (1), and --overwrite is false", NULL},
		{"two conflicts", "{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}}}", "{\"a\":\"3\",\"b\":\"4\"}",
		 "[]", KC_META_LABELS, false, "", NULL,
		 "['a' already has a value (1), and --overwrite is false, 'b' already has a value (2), and --overwrite "
		 "is false]",
		 NULL},
		{"overwrite", "{\"metadata\":{\"labels\":{\"a\":\"1\"}}}", "{\"a\":\"22\"}", "[]", KC_META_LABELS, true, "",
		 "{\"metadata\":{\"labels\":{\"a\":\"22\"}}}", NULL, "labeled"},
		{"remove", "{\"metadata\":{\"labels\":{\"a\":\"1\",\"b\":\"2\"}}}", "{}", "[\"a\",\"zz\"]", KC_META_LABELS,
		 false, "", "{\"metadata\":{\"labels\":{\"b\":\"2\"}}}", NULL, "unlabeled"},
		{"remove with overwrite is labeled", "{\"metadata\":{\"labels\":{\"a\":\"1\"}}}", "{}", "[\"a\"]",
		 KC_META_LABELS, true, "", "{\"metadata\":{\"labels\":{}}}", NULL, "labeled"},
		{"resource version", "{\"metadata\":{}}", "{\"a\":\"1\"}", "[]", KC_META_LABELS, false, "42",
		 "{\"metadata\":{\"labels\":{\"a\":\"1\"},\"resourceVersion\":\"42\"}}", NULL, NULL},
		{"annotation conflict", "{\"metadata\":{\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}}",
		 "{\"a\":\"3\",\"b\":\"4\"}", "[]", KC_META_ANNOTATIONS, false, "", NULL,
		 "--overwrite is false but found the following declared annotation(s): 'a' already has a value (1); 'b' "
		 "already has a value (2)",
		 NULL},
		{"change-cause always overwrites", "{\"metadata\":{\"annotations\":{\"kubernetes.io/change-cause\":\"x\"}}}",
		 "{\"kubernetes.io/change-cause\":\"y\"}", "[]", KC_META_ANNOTATIONS, false, "",
		 "{\"metadata\":{\"annotations\":{\"kubernetes.io/change-cause\":\"y\"}}}", NULL, NULL},
		{"no metadata object", "{\"metadata\":5}", "{}", "[]", KC_META_LABELS, false, "", NULL,
		 "object has no metadata", NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *obj = json(cases[i].obj);
		_cleanup_json_ cJSON *before = cJSON_Duplicate(obj, true);
		_cleanup_json_ cJSON *set = json(cases[i].set);
		_cleanup_json_ cJSON *remove = json(cases[i].remove);
		kc_error err = KC_ERROR_INIT;
		int rc = kc_meta_update(obj, cases[i].field, set, remove, cases[i].overwrite, cases[i].rv, &err);
		if (cases[i].err) {
			if (rc >= 0)
				fail_msg("case \"%s\": no error", cases[i].name);
			expect_str(cases[i].name, err.msg, cases[i].err);
			/* the object is untouched on failure */
			if (!kc_json_equal(obj, before))
				fail_msg("case \"%s\": object changed on failure", cases[i].name);
			continue;
		}
		expect_int(cases[i].name, rc, 0);
		_cleanup_json_ cJSON *want = json(cases[i].want);
		if (!kc_json_equal(obj, want)) {
			_cleanup_free_ char *got = kc_json_print(obj);
			expect_str(cases[i].name, got, cases[i].want);
		}
		if (cases[i].msg)
			expect_str(cases[i].name, kc_label_change_msg(before, obj, cases[i].overwrite), cases[i].msg);
	}
}

/* ---- scale ---- */

static void test_scale_precondition(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *scale = json("{\"metadata\":{\"resourceVersion\":\"7\"},\"spec\":{\"replicas\":3}}");
	static const struct {
		int current;
		const char *rv, *err;
	} cases[] = {
		{-1, "", NULL},
		{3, "7", NULL},
		{2, "", "Expected replicas to be 2, was 3"},
		{-1, "5", "Expected resource version to be 5, was 7"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_error err = KC_ERROR_INIT;
		int rc = kc_scale_precondition_check(scale, cases[i].current, cases[i].rv, &err);
		char name[32];
		snprintf(name, sizeof(name), "precondition %zu", i);
		if (cases[i].err) {
			expect_int(name, rc, -ECANCELED);
			expect_str(name, err.msg, cases[i].err);
		} else {
			expect_int(name, rc, 0);
		}
	}
}

/* ---- set image ---- */

static void test_set_image(void **state)
{
	(void)state;
	static const struct {
		const char *name, *obj, *images, *patch, *errors, *err;
	} cases[] = {
		{"deployment",
		 "{\"kind\":\"Deployment\",\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":"
		 "\"x:1\"},{\"name\":\"b\",\"image\":\"y:1\"}]}}}}",
		 "{\"b\":\"y:2\"}",
		 "{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"a\"},{\"name\":\"b\"}],"
		 "\"containers\":[{\"image\":\"y:2\",\"name\":\"b\"}]}}}}",
		 "", NULL},
		{"unchanged", "{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x:1\"}]}}",
		 "{\"a\":\"x:1\"}", "{}", "", NULL},
		{"star and init", "{\"kind\":\"Pod\",\"spec\":{\"initContainers\":[{\"name\":\"i\",\"image\":\"x\"}],"
				 "\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}",
		 "{\"*\":\"z\"}",
		 "{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"a\"}],\"containers\":[{\"image\":\"z\",\"name\":"
		 "\"a\"}],\"$setElementOrder/initContainers\":[{\"name\":\"i\"}],\"initContainers\":[{\"image\":\"z\","
		 "\"name\":\"i\"}]}}",
		 "", NULL},
		{"missing container", "{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}",
		 "{\"nope\":\"z\"}", "{}", "error: unable to find container named \"nope\"", NULL},
		{"cronjob", "{\"kind\":\"CronJob\",\"spec\":{\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{"
			    "\"containers\":[{\"name\":\"a\",\"image\":\"x\"}]}}}}}}",
		 "{\"a\":\"q\"}",
		 "{\"spec\":{\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":[{\"name\":"
		 "\"a\"}],\"containers\":[{\"image\":\"q\",\"name\":\"a\"}]}}}}}}",
		 "", NULL},
		{"service", "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"spec\":{}}", "{\"a\":\"b\"}", NULL, NULL,
		 "the object is not a pod or does not have a pod template: *v1.Service"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *obj = json(cases[i].obj);
		_cleanup_json_ cJSON *images = json(cases[i].images);
		cJSON *patch = NULL;
		char **errors = NULL;
		size_t nerr = 0;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_set_image_apply(obj, images, &patch, &errors, &nerr, &err);
		if (cases[i].err) {
			expect_int(cases[i].name, rc, -EINVAL);
			expect_str(cases[i].name, err.msg, cases[i].err);
			continue;
		}
		expect_int(cases[i].name, rc, 0);
		_cleanup_free_ char *p = kc_json_print(patch);
		expect_str(cases[i].name, p, cases[i].patch);
		_cleanup_buf_ kc_buf e = KC_BUF_INIT;
		for (size_t k = 0; k < nerr; k++) {
			kc_buf_addstr(&e, errors[k]);
			free(errors[k]);
		}
		free(errors);
		expect_str(cases[i].name, kc_buf_str(&e), cases[i].errors);
		cJSON_Delete(patch);
	}
	expect_str("pod spec path", kc_pod_spec_path("StatefulSet"), "spec.template.spec");
	assert_null(kc_pod_spec_path("ConfigMap"));
}

/* ---- rollout ---- */

#define DEPLOY(gen, obs, spec, replicas, updated, available, extra)                                               \
	"{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"nginx\",\"generation\":" #gen                             \
	",\"annotations\":{\"deployment.kubernetes.io/revision\":\"3\"}},\"spec\":{\"replicas\":" #spec              \
	"},\"status\":{\"observedGeneration\":" #obs ",\"replicas\":" #replicas ",\"updatedReplicas\":" #updated      \
	",\"availableReplicas\":" #available extra "}}"

static void test_rollout_status(void **state)
{
	(void)state;
	static const struct {
		const char *name, *obj;
		int64_t revision;
		const char *msg;
		bool done;
		const char *err;
	} cases[] = {
		{"not observed", DEPLOY(2, 1, 3, 3, 3, 3, ""), 0, "Waiting for deployment spec update to be observed...\n",
		 false, NULL},
		{"updating", DEPLOY(2, 2, 3, 3, 1, 1, ""), 0,
		 "Waiting for deployment \"nginx\" rollout to finish: 1 out of 3 new replicas have been updated...\n", false,
		 NULL},
		{"old pending", DEPLOY(2, 2, 3, 4, 3, 3, ""), 0,
		 "Waiting for deployment \"nginx\" rollout to finish: 1 old replicas are pending termination...\n", false,
		 NULL},
		{"available", DEPLOY(2, 2, 3, 3, 3, 1, ""), 0,
		 "Waiting for deployment \"nginx\" rollout to finish: 1 of 3 updated replicas are available...\n", false,
		 NULL},
		{"done", DEPLOY(2, 2, 3, 3, 3, 3, ""), 0, "deployment \"nginx\" successfully rolled out\n", true, NULL},
		{"deadline",
		 DEPLOY(2, 2, 3, 3, 1, 1, ",\"conditions\":[{\"type\":\"Progressing\",\"reason\":\"ProgressDeadlineExceeded\"}]"),
		 0, NULL, false, "deployment \"nginx\" exceeded its progress deadline"},
		{"revision pinned", DEPLOY(2, 2, 3, 3, 3, 3, ""), 2, NULL, false,
		 "desired revision (2) is different from the running revision (3)"},
		{"revision matches", DEPLOY(2, 2, 3, 3, 3, 3, ""), 3, "deployment \"nginx\" successfully rolled out\n", true,
		 NULL},
		{"daemonset rolling",
		 "{\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"ds\",\"generation\":1},\"spec\":{\"updateStrategy\":{"
		 "\"type\":\"RollingUpdate\"}},\"status\":{\"observedGeneration\":1,\"updatedNumberScheduled\":1,"
		 "\"desiredNumberScheduled\":2,\"numberAvailable\":1}}",
		 0, "Waiting for daemon set \"ds\" rollout to finish: 1 out of 2 new pods have been updated...\n", false,
		 NULL},
		{"daemonset on delete",
		 "{\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\"ds\"},\"spec\":{\"updateStrategy\":{\"type\":"
		 "\"OnDelete\"}}}",
		 0, NULL, true, "rollout status is only available for RollingUpdate strategy type"},
		{"statefulset ready",
		 "{\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"web\",\"generation\":1},\"spec\":{\"replicas\":3,"
		 "\"updateStrategy\":{\"type\":\"RollingUpdate\"}},\"status\":{\"observedGeneration\":1,\"readyReplicas\":"
		 "1}}",
		 0, "Waiting for 2 pods to be ready...\n", false, NULL},
		{"statefulset done",
		 "{\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"web\",\"generation\":1},\"spec\":{\"replicas\":1,"
		 "\"updateStrategy\":{\"type\":\"RollingUpdate\"}},\"status\":{\"observedGeneration\":1,\"readyReplicas\":"
		 "1,\"currentReplicas\":1,\"currentRevision\":\"web-1\",\"updateRevision\":\"web-1\"}}",
		 0, "statefulset rolling update complete 1 pods at revision web-1...\n", true, NULL},
		{"replicaset", "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"r\"}}", 0,
		 NULL, false, "no status viewer has been implemented for ReplicaSet.apps"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *obj = json(cases[i].obj);
		char *msg = NULL;
		bool done = false;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_rollout_status(obj, cases[i].revision, &msg, &done, &err);
		if (cases[i].err) {
			if (rc >= 0)
				fail_msg("case \"%s\": no error", cases[i].name);
			expect_str(cases[i].name, err.msg, cases[i].err);
		} else {
			expect_int(cases[i].name, rc, 0);
			expect_str(cases[i].name, msg, cases[i].msg);
		}
		expect_int(cases[i].name, done, cases[i].done);
		free(msg);
	}
}

static const char *rs_list =
	"{\"items\":["
	"{\"metadata\":{\"name\":\"a\",\"uid\":\"ua\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"1\"},"
	"\"ownerReferences\":[{\"controller\":true,\"uid\":\"D\"}]},\"spec\":{\"template\":{\"metadata\":{\"labels\":{"
	"\"app\":\"x\",\"pod-template-hash\":\"aaa\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i:1\"}]}}}},"
	"{\"metadata\":{\"name\":\"b\",\"uid\":\"ub\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"2\","
	"\"kubernetes.io/change-cause\":\"set image\",\"deployment.kubernetes.io/max-replicas\":\"4\"},"
	"\"ownerReferences\":[{\"controller\":true,\"uid\":\"D\"}]},\"spec\":{\"template\":{\"metadata\":{\"labels\":{"
	"\"app\":\"x\",\"pod-template-hash\":\"bbb\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i:2\"}]}}}},"
	"{\"metadata\":{\"name\":\"other\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"9\"},"
	"\"ownerReferences\":[{\"controller\":true,\"uid\":\"OTHER\"}]}}"
	"]}";

static void test_rollout_history_and_undo(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *deploy = json(
		"{\"metadata\":{\"name\":\"x\",\"uid\":\"D\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"2\","
		"\"mine\":\"keep?\"}},\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":{"
		"\"containers\":[{\"name\":\"c\",\"image\":\"i:2\"}]}}}}");
	_cleanup_json_ cJSON *list = json(rs_list);
	_cleanup_json_ cJSON *owned = kc_deployment_owned_replicasets(deploy, list);
	expect_int("owned", cJSON_GetArraySize(owned), 2);

	kc_error err = KC_ERROR_INIT;
	const cJSON *prev = kc_deployment_revision_rs(owned, 0, "x", &err);
	expect_str("previous revision", kc_json_get_str(prev, "metadata.name", NULL), "a");
	const cJSON *two = kc_deployment_revision_rs(owned, 2, "x", &err);
	expect_str("revision 2", kc_json_get_str(two, "metadata.name", NULL), "b");
	assert_null(kc_deployment_revision_rs(owned, 7, "x", &err));
	expect_str("missing revision", err.msg, "unable to find specified revision 7 in history");
	_cleanup_json_ cJSON *one = cJSON_CreateArray();
	cJSON_AddItemToArray(one, cJSON_Duplicate(cJSON_GetArrayItem(owned, 0), true));
	assert_null(kc_deployment_revision_rs(one, 0, "x", &err));
	expect_str("no history", err.msg, "no rollout history found for deployment \"x\"");

	/* revision 2's template is the current one, without the hash */
	assert_true(kc_template_equal_ignore_hash(kc_json_get(two, "spec.template"), kc_json_get(deploy, "spec.template")));
	assert_false(kc_template_equal_ignore_hash(kc_json_get(prev, "spec.template"), kc_json_get(deploy, "spec.template")));

	_cleanup_json_ cJSON *patch = kc_deployment_undo_patch(deploy, prev);
	_cleanup_free_ char *p = kc_json_print(patch);
	expect_str("undo patch", p,
		   "[{\"op\":\"replace\",\"path\":\"/spec/template\",\"value\":{\"metadata\":{\"labels\":{\"app\":\"x\"}},"
		   "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i:1\"}]}}},{\"op\":\"replace\",\"path\":"
		   "\"/metadata/annotations\",\"value\":{\"deployment.kubernetes.io/revision\":\"2\"}}]");
	_cleanup_json_ cJSON *patch2 = kc_deployment_undo_patch(deploy, two);
	_cleanup_free_ char *p2 = kc_json_print(kc_json_get(patch2, "[1].value"));
	expect_str("undo keeps the RS's own annotations", p2,
		   "{\"deployment.kubernetes.io/revision\":\"2\",\"kubernetes.io/change-cause\":\"set image\"}");

	int64_t revs[] = {1, 2, 10};
	const char *causes[] = {"", "kubectl set image deployment/x c=i:2", NULL};
	_cleanup_free_ char *table = kc_rollout_history_table(revs, causes, 3);
	expect_str("history table", table,
		   "REVISION  CHANGE-CAUSE\n1         <none>\n2         kubectl set image deployment/x c=i:2\n10        "
		   "<none>\n");
	_cleanup_free_ char *empty = kc_rollout_history_table(NULL, NULL, 0);
	expect_str("history empty", empty, "No rollout history found.");
}

static void test_rollout_template(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *tpl = json(
		"{\"metadata\":{\"labels\":{\"b\":\"2\",\"a\":\"1\"},\"annotations\":{\"note\":\"x\"}},\"spec\":{"
		"\"containers\":[{\"name\":\"web\",\"image\":\"nginx\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],"
		"\"args\":[\"-v\"],\"env\":[{\"name\":\"A\",\"value\":\"1\"}],\"resources\":{\"limits\":{\"memory\":\"1Gi\","
		"\"cpu\":\"1\"}},\"volumeMounts\":[{\"name\":\"d\",\"mountPath\":\"/d\",\"readOnly\":true}]}],"
		"\"volumes\":[{\"name\":\"d\",\"emptyDir\":{}}],\"tolerations\":[{\"key\":\"k\",\"operator\":\"Exists\","
		"\"effect\":\"NoSchedule\"}]}}");
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_rollout_describe_template(&b, tpl);
	expect_str("pod template", b.s,
		   "Pod Template:\n"
		   "  Labels:\ta=1\n"
		   "\tb=2\n"
		   "  Annotations:\tnote: x\n"
		   "  Containers:\n"
		   "   web:\n"
		   "    Image:\tnginx\n"
		   "    Port:\t80/TCP\n"
		   "    Host Port:\t0/TCP\n"
		   "    Args:\n"
		   "      -v\n"
		   "    Limits:\n"
		   "      cpu:\t1\n"
		   "      memory:\t1Gi\n"
		   "    Environment:\n"
		   "      A:\t1\n"
		   "    Mounts:\n"
		   "      /d from d (ro)\n"
		   "  Volumes:\n"
		   "   d:\n"
		   "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
		   "    Medium:\t\n"
		   "    SizeLimit:\t<unset>\n"
		   "  Node-Selectors:\t<none>\n"
		   "  Tolerations:\tk:NoSchedule op=Exists\n");
}

static void test_rollout_patch(void **state)
{
	(void)state;
	static const struct {
		const char *name, *obj;
		int which;
		const char *patch, *err;
	} cases[] = {
		{"restart", "{\"kind\":\"Deployment\",\"spec\":{}}", 0,
		 "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"T\"}}}}}",
		 NULL},
		{"restart twice in a second",
		 "{\"kind\":\"StatefulSet\",\"spec\":{\"template\":{\"metadata\":{\"annotations\":{"
		 "\"kubectl.kubernetes.io/restartedAt\":\"T\"}}}}}",
		 0, "{}", NULL},
		{"restart paused", "{\"kind\":\"Deployment\",\"spec\":{\"paused\":true}}", 0, NULL,
		 "can't restart paused deployment (run rollout resume first)"},
		{"restart pod", "{\"kind\":\"Pod\"}", 0, NULL, "restarting is not supported"},
		{"pause", "{\"kind\":\"Deployment\",\"spec\":{}}", 1, "{\"spec\":{\"paused\":true}}", NULL},
		{"pause twice", "{\"kind\":\"Deployment\",\"spec\":{\"paused\":true}}", 1, NULL, "is already paused"},
		{"pause daemonset", "{\"kind\":\"DaemonSet\"}", 1, NULL, "pausing is not supported"},
		{"resume", "{\"kind\":\"Deployment\",\"spec\":{\"paused\":true}}", 2, "{\"spec\":{\"paused\":null}}", NULL},
		{"resume running", "{\"kind\":\"Deployment\",\"spec\":{}}", 2, NULL, "is not paused"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *obj = json(cases[i].obj);
		char *patch = NULL;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_rollout_patch(obj, cases[i].which, "T", &patch, &err);
		if (cases[i].err) {
			if (rc >= 0)
				fail_msg("case \"%s\": no error", cases[i].name);
			expect_str(cases[i].name, err.msg, cases[i].err);
		} else {
			expect_int(cases[i].name, rc, 0);
			expect_str(cases[i].name, patch, cases[i].patch);
		}
		free(patch);
	}
	char buf[40];
	kc_rfc3339_local(0, buf);
	/* 1970-01-01T00:00:00 in some zone: the shape, not the zone */
	if (strlen(buf) != 20 && strlen(buf) != 25)
		fail_msg("rfc3339 local: %s", buf);
}

/* ---- wait ---- */

static void test_wait_conditions(void **state)
{
	(void)state;
	static const struct {
		const char *cond, *obj;
		int want; /* 1 met, 0 not, -1 check error, -2 parse error */
		const char *err;
	} cases[] = {
		{"condition=Ready", "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}", 1, NULL},
		{"condition=ready=TRUE", "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}", 1, NULL},
		{"condition=Ready=False", "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}", 0,
		 NULL},
		{"condition=Available",
		 "{\"metadata\":{\"generation\":3},\"status\":{\"observedGeneration\":2,\"conditions\":[{\"type\":"
		 "\"Available\",\"status\":\"True\"}]}}",
		 0, NULL},
		{"condition=Available",
		 "{\"metadata\":{\"generation\":3},\"status\":{\"observedGeneration\":2,\"conditions\":[{\"type\":"
		 "\"Available\",\"status\":\"True\",\"observedGeneration\":3}]}}",
		 1, NULL},
		{"condition=Ready", "{}", 0, NULL},
		{"jsonpath={.status.phase}=Running", "{\"status\":{\"phase\":\"Running\"}}", 1, NULL},
		{"jsonpath=.status.phase=Running", "{\"status\":{\"phase\":\"Pending\"}}", 0, NULL},
		{"jsonpath={.spec.replicas}=3", "{\"spec\":{\"replicas\":3}}", 1, NULL},
		{"jsonpath={.status.loadBalancer.ingress}", "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"1\"}]}}}",
		 1, NULL},
		{"jsonpath={.status.missing}", "{\"status\":{}}", 0, NULL},
		{"jsonpath={.spec}=x", "{\"spec\":{\"a\":1}}", -1,
		 "jsonpath leads to a nested object or list which is not supported"},
		{"jsonpath={.items[*].x}=1", "{\"items\":[{\"x\":1},{\"x\":2}]}", -1,
		 "given jsonpath expression matches more than one value"},
		{"jsonpath={.status.conditions[?(@.type==\"Ready\")].status}=True",
		 "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}", 1, NULL},
		{"jsonpath={.status.phase}='Running'", "{\"status\":{\"phase\":\"Running\"}}", 1, NULL},
		{"bogus", "{}", -2, "unrecognized condition: \"bogus\""},
		{"jsonpath=", "{}", -2, "jsonpath expression cannot be empty"},
		{"jsonpath={.a}=", "{}", -2,
		 "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3"},
		{"jsonpath={.a}=1=2", "{}", -2,
		 "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or "
		 "--for=jsonpath='{.status.readyReplicas}'"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_wait_cond c = {0};
		kc_error err = KC_ERROR_INIT;
		int rc = kc_wait_cond_parse(cases[i].cond, &c, &err);
		if (cases[i].want == -2) {
			if (rc >= 0)
				fail_msg("case \"%s\": parsed", cases[i].cond);
			expect_str(cases[i].cond, err.msg, cases[i].err);
			continue;
		}
		expect_int(cases[i].cond, rc, 0);
		_cleanup_json_ cJSON *obj = json(cases[i].obj);
		int met = kc_wait_cond_check(&c, obj, &err);
		if (cases[i].want == -1) {
			if (met >= 0)
				fail_msg("case \"%s\": no error", cases[i].cond);
			expect_str(cases[i].cond, err.msg, cases[i].err);
		} else {
			expect_int(cases[i].cond, met, cases[i].want);
		}
		kc_wait_cond_clear(&c);
	}
	kc_wait_cond d = {0};
	assert_int_equal(kc_wait_cond_parse("Delete", &d, NULL), 0);
	assert_int_equal(d.kind, KC_WAIT_DELETE);
	kc_wait_cond_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_spec),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_pairs_split),
		cmocka_unit_test(test_label_parse),
		cmocka_unit_test(test_meta_update),
		cmocka_unit_test(test_scale_precondition),
		cmocka_unit_test(test_set_image),
		cmocka_unit_test(test_rollout_status),
		cmocka_unit_test(test_rollout_history_and_undo),
		cmocka_unit_test(test_rollout_template),
		cmocka_unit_test(test_rollout_patch),
		cmocka_unit_test(test_wait_conditions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
