/* test_cm_replicaset.c - the pure logic of the ReplicaSet and
 * ReplicationController controllers (controller-manager/replicaset.h),
 * table-driven against upstream's behaviour: reading the owner's spec
 * (and refusing what cannot be acted on), pod predicates, the
 * pod-deletion-cost annotation, the deletion order rule by rule and as a
 * whole, slow-start batches, the status (counters, availability after
 * minReadySeconds, the ReplicaFailure condition), the pod made from the
 * template, claiming, and the adoption/release patches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/util.h"
#include "controller-manager/replicaset.h"

/* JSON written with ' for ". Caller frees. */
static char *Q(const char *fmt, ...) KC_PRINTF(1, 2);
static char *Q(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	return s;
}

static cJSON *J(const char *text)
{
	_cleanup_free_ char *s = Q("%s", text);
	cJSON *j = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse_str(s, &j, &err) < 0)
		fail_msg("bad test JSON %s: %s", s, err.msg);
	return j;
}

/* 2024-01-01T00:10:00Z */
static const kc_time NOW = {1704067800, 0};

/* ---- the owner's spec ---- */

#define RS_META "'metadata':{'name':'web','namespace':'ns','uid':'u-1'}"
#define TMPL                                                                                                 \
	"'template':{'metadata':{'labels':{'app':'web','tier':'fe'}},'spec':{'containers':[{'name':'c','"    \
	"image':'i'}]}}"

static void test_spec_parse(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		bool rc_kind;
		const char *obj;
		int want_rc;
		int replicas, min_ready;
		const char *reason; /* on failure */
		const char *msg;    /* on failure: exactly */
	} cases[] = {
	    {"valid", false,
	     "{" RS_META
	     ",'spec':{'replicas':3,'minReadySeconds':5,'selector':{'matchLabels':{'app':'web'}}," TMPL "}}",
	     0, 3, 5, NULL, NULL},
	    {"replicas defaults to 1", false,
	     "{" RS_META ",'spec':{'selector':{'matchLabels':{'app':'web'}}," TMPL "}}", 0, 1, 0, NULL, NULL},
	    {"replicas null defaults to 1", false,
	     "{" RS_META ",'spec':{'replicas':null,'selector':{'matchLabels':{'app':'web'}}," TMPL "}}", 0, 1,
	     0, NULL, NULL},
	    {"zero replicas", false,
	     "{" RS_META ",'spec':{'replicas':0,'selector':{'matchExpressions':[{'key':'app','operator':'In',"
	                 "'values':['web','x']}]}," TMPL "}}",
	     0, 0, 0, NULL, NULL},
	    {"rc map selector", true, "{" RS_META ",'spec':{'replicas':2,'selector':{'app':'web'}," TMPL "}}",
	     0, 2, 0, NULL, NULL},
	    {"no name", false, "{'metadata':{'uid':'u'},'spec':{}}", -22, 0, 0, "InvalidSpec",
	     "metadata.name: Required value"},
	    {"no uid", false, "{'metadata':{'name':'web'},'spec':{}}", -22, 0, 0, "InvalidSpec",
	     "metadata.uid: Required value"},
	    {"no spec", false, "{" RS_META "}", -22, 0, 0, "InvalidSpec", "spec: Required value"},
	    {"spec not an object", false, "{" RS_META ",'spec':[1]}", -22, 0, 0, "InvalidSpec",
	     "spec: Invalid value: [1]: must be an object"},
	    {"replicas a string", false,
	     "{" RS_META ",'spec':{'replicas':'three','selector':{'matchLabels':{'app':'web'}}," TMPL "}}",
	     -22, 0, 0, "InvalidSpec", "spec.replicas: Invalid value: \"three\": must be an integer"},
	    {"replicas fractional", false,
	     "{" RS_META ",'spec':{'replicas':1.5,'selector':{'matchLabels':{'app':'web'}}," TMPL "}}", -22,
	     0, 0, "InvalidSpec", "spec.replicas: Invalid value: 1.5: must be an integer"},
	    {"replicas negative", false,
	     "{" RS_META ",'spec':{'replicas':-1,'selector':{'matchLabels':{'app':'web'}}," TMPL "}}", -22, 0,
	     0, "InvalidSpec", "spec.replicas: Invalid value: -1: must be greater than or equal to 0"},
	    {"replicas too big", false,
	     "{" RS_META ",'spec':{'replicas':2147483648,'selector':{'matchLabels':{'app':'web'}}," TMPL "}}",
	     -22, 0, 0, "InvalidSpec",
	     "spec.replicas: Invalid value: 2147483648: must be less than or equal to 2147483647"},
	    {"minReadySeconds negative", false,
	     "{" RS_META ",'spec':{'minReadySeconds':-3,'selector':{'matchLabels':{'app':'web'}}," TMPL "}}",
	     -22, 0, 0, "InvalidSpec",
	     "spec.minReadySeconds: Invalid value: -3: must be greater than or equal to 0"},
	    {"no template", false, "{" RS_META ",'spec':{'selector':{'matchLabels':{'app':'web'}}}}", -22, 0,
	     0, "InvalidSpec", "spec.template: Required value"},
	    {"template labels not an object", false,
	     "{" RS_META
	     ",'spec':{'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':'x'}}}}",
	     -22, 0, 0, "InvalidSpec",
	     "spec.template.metadata.labels: Invalid value: \"x\": must be an object"},
	    {"no selector", false, "{" RS_META ",'spec':{" TMPL "}}", -22, 0, 0, "InvalidSelector",
	     "spec.selector: Required value"},
	    {"empty selector", false, "{" RS_META ",'spec':{'selector':{}," TMPL "}}", -22, 0, 0,
	     "InvalidSelector", "spec.selector: Invalid value: {}: empty selector is invalid for deployment"},
	    {"empty matchLabels", false, "{" RS_META ",'spec':{'selector':{'matchLabels':{}}," TMPL "}}", -22,
	     0, 0, "InvalidSelector",
	     "spec.selector: Invalid value: {\"matchLabels\":{}}: empty selector is invalid for deployment"},
	    {"bad operator", false,
	     "{" RS_META ",'spec':{'selector':{'matchExpressions':[{'key':'app','operator':'Foo'}]}," TMPL
	     "}}",
	     -22, 0, 0, "InvalidSelector",
	     "error converting pod selector to selector for rs ns/web: \"Foo\" is not a valid label selector "
	     "operator"},
	    {"selector not an object", false, "{" RS_META ",'spec':{'selector':'app=web'," TMPL "}}", -22, 0,
	     0, "InvalidSelector", "spec.selector: Invalid value: \"app=web\": invalid label selector"},
	    {"selector misses the template", false,
	     "{" RS_META ",'spec':{'selector':{'matchLabels':{'app':'db'}}," TMPL "}}", -22, 0, 0,
	     "InvalidSelector",
	     "spec.template.metadata.labels: Invalid value: {\"app\":\"web\",\"tier\":\"fe\"}: `selector` "
	     "does not match template `labels`"},
	    {"template without labels", false,
	     "{" RS_META ",'spec':{'selector':{'matchLabels':{'app':'web'}},'template':{'spec':{}}}}", -22, 0,
	     0, "InvalidSelector",
	     "spec.template.metadata.labels: Invalid value: null: `selector` does not match template "
	     "`labels`"},
	    {"rc empty selector", true, "{" RS_META ",'spec':{'selector':{}," TMPL "}}", -22, 0, 0,
	     "InvalidSelector", "spec.selector: Required value"},
	    {"rc bad label value", true, "{" RS_META ",'spec':{'selector':{'app':'a b'}," TMPL "}}", -22, 0,
	     0, "InvalidSelector", NULL},
	    {"rc selector a LabelSelector", true,
	     "{" RS_META ",'spec':{'selector':{'matchLabels':{'app':'web'}}," TMPL "}}", -22, 0, 0,
	     "InvalidSelector", NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *obj = J(cases[i].obj);
		kc_rs_spec spec = {.replicas = -7};
		const char *reason = NULL;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_rs_spec_parse(cases[i].rc_kind ? &kc_rs_kind_rc : &kc_rs_kind_replicaset, obj,
		                          &spec, &reason, &err);
		if (rc != cases[i].want_rc)
			fail_msg("%s: rc %d, want %d (%s)", cases[i].name, rc, cases[i].want_rc, err.msg);
		if (rc == 0) {
			if (spec.replicas != cases[i].replicas ||
			    spec.min_ready_seconds != cases[i].min_ready)
				fail_msg("%s: replicas %d minReadySeconds %d, want %d %d", cases[i].name,
				         spec.replicas, spec.min_ready_seconds, cases[i].replicas,
				         cases[i].min_ready);
			if (!spec.selector || !spec.template)
				fail_msg("%s: no selector or template", cases[i].name);
			kc_rs_spec_clear(&spec);
			continue;
		}
		if (spec.replicas != -7)
			fail_msg("%s: *ret changed on failure", cases[i].name);
		if (!reason || !streq(reason, cases[i].reason))
			fail_msg("%s: reason %s, want %s", cases[i].name, reason ? reason : "(null)",
			         cases[i].reason);
		if (cases[i].msg && !streq(err.msg, cases[i].msg))
			fail_msg("%s: message\n  %s\nwant\n  %s", cases[i].name, err.msg, cases[i].msg);
	}
}

static void test_selector_for_mapping(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		bool rc_kind;
		const char *obj;
		const char *pod_labels;
		int want_rc;
		bool match;
	} cases[] = {
	    {"rs matches", false, "{'spec':{'selector':{'matchLabels':{'app':'web'}}}}",
	     "{'app':'web','x':'y'}", 0, true},
	    {"rs does not", false, "{'spec':{'selector':{'matchLabels':{'app':'web'}}}}", "{'app':'db'}", 0,
	     false},
	    {"rs empty matches nothing", false, "{'spec':{'selector':{}}}", "{'app':'web'}", -22, false},
	    {"rs absent", false, "{'spec':{}}", "{}", -22, false},
	    {"rc matches", true, "{'spec':{'selector':{'app':'web'}}}", "{'app':'web'}", 0, true},
	    {"rc empty matches nothing", true, "{'spec':{'selector':{}}}", "{'app':'web'}", -22, false},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *obj = J(cases[i].obj);
		_cleanup_json_ cJSON *labels = J(cases[i].pod_labels);
		kc_selector *sel = NULL;
		int rc = kc_rs_selector(cases[i].rc_kind ? &kc_rs_kind_rc : &kc_rs_kind_replicaset, obj, &sel,
		                        NULL);
		if (rc != cases[i].want_rc)
			fail_msg("%s: rc %d, want %d", cases[i].name, rc, cases[i].want_rc);
		if (rc == 0 && kc_selector_matches(sel, labels) != cases[i].match)
			fail_msg("%s: match %d, want %d", cases[i].name, !cases[i].match, cases[i].match);
		kc_selector_free(sel);
	}
}

/* ---- pods ---- */

/* A pod: name, node ("" unscheduled), phase, ready ("" no condition, "True",
 * "False"), ready since (Ready's lastTransitionTime), created, restarts,
 * deletion cost (NULL none), uid. */
typedef struct pod_def {
	const char *name, *node, *phase, *ready, *ready_since, *created;
	int restarts;
	const char *cost;
	const char *uid;
} pod_def;

static cJSON *make_pod(const pod_def *d)
{
	_cleanup_free_ char *ann =
	    d->cost ? Q(",'annotations':{'%s':'%s'}", KC_RS_POD_DELETION_COST, d->cost) : xstrdup("");
	_cleanup_free_ char *cond =
	    d->ready && d->ready[0]
	        ? Q("'conditions':[{'type':'Ready','status':'%s','lastTransitionTime':'%s'}],", d->ready,
	            d->ready_since ? d->ready_since : "")
	        : xstrdup("");
	_cleanup_free_ char *created = d->created ? Q(",'creationTimestamp':'%s'", d->created) : xstrdup("");
	_cleanup_free_ char *text =
	    Q("{'metadata':{'name':'%s','namespace':'ns','uid':'%s'%s%s,'labels':{'app':'web'}},"
	      "'spec':{'nodeName':'%s'},'status':{%s'phase':'%s','containerStatuses':[{'name':'a','"
	      "restartCount':0},"
	      "{'name':'b','restartCount':%d}]}}",
	      d->name, d->uid ? d->uid : d->name, created, ann, d->node ? d->node : "", cond,
	      d->phase ? d->phase : "Running", d->restarts);
	cJSON *j = NULL;
	if (kc_json_parse_str(text, &j, NULL) < 0)
		fail_msg("bad pod %s", text);
	return j;
}

static void test_pod_predicates(void **state)
{
	(void)state;
	static const struct {
		const char *name, *pod;
		bool active, ready;
		int64_t min_ready;
		bool available;
		int64_t available_at;
	} cases[] = {
	    {"running ready long ago",
	     "{'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True','lastTransitionTime'"
	     ":'2024-01-01T00:00:00Z'}]}}",
	     true, true, 60, true, 1704067260},
	    {"ready 10s ago, minReady 10",
	     "{'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True','lastTransitionTime'"
	     ":'2024-01-01T00:09:50Z'}]}}",
	     true, true, 10, false, 1704067800},
	    {"ready 11s ago, minReady 10",
	     "{'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True','lastTransitionTime'"
	     ":'2024-01-01T00:09:49Z'}]}}",
	     true, true, 10, true, 1704067799},
	    {"ready, minReady 0, no time", "{'status':{'conditions':[{'type':'Ready','status':'True'}]}}",
	     true, true, 0, true, -1},
	    {"ready, minReady 5, no time", "{'status':{'conditions':[{'type':'Ready','status':'True'}]}}",
	     true, true, 5, false, -1},
	    {"not ready",
	     "{'status':{'phase':'Running','conditions':[{'type':'Ready','status':'False','"
	     "lastTransitionTime':'2024-01-01T00:00:00Z'}]}}",
	     true, false, 0, false, -1},
	    {"no conditions", "{'status':{'phase':'Pending'}}", true, false, 0, false, -1},
	    {"succeeded", "{'status':{'phase':'Succeeded'}}", false, false, 0, false, -1},
	    {"failed", "{'status':{'phase':'Failed'}}", false, false, 0, false, -1},
	    {"terminating",
	     "{'metadata':{'deletionTimestamp':'2024-01-01T00:00:00Z'},'status':{'phase':'Running'}}", false,
	     false, 0, false, -1},
	    {"no status", "{}", true, false, 0, false, -1},
	    {"conditions not an array", "{'status':{'conditions':5}}", true, false, 0, false, -1},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *pod = J(cases[i].pod);
		if (kc_rs_pod_active(pod) != cases[i].active)
			fail_msg("%s: active %d", cases[i].name, !cases[i].active);
		if (kc_rs_pod_ready(pod) != cases[i].ready)
			fail_msg("%s: ready %d", cases[i].name, !cases[i].ready);
		if (kc_rs_pod_available(pod, cases[i].min_ready, NOW) != cases[i].available)
			fail_msg("%s: available %d", cases[i].name, !cases[i].available);
		int64_t at = kc_rs_pod_available_at(pod, cases[i].min_ready);
		if (at != cases[i].available_at)
			fail_msg("%s: available at %lld, want %lld", cases[i].name, (long long)at,
			         (long long)cases[i].available_at);
	}
}

static void test_controller_ref(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *pod =
	    J("{'metadata':{'ownerReferences':[{'uid':'a'},{'uid':'b','controller':false},"
	      "{'uid':'c','controller':true},{'uid':'d','controller':true}]}}");
	assert_string_equal(kc_json_get_str(kc_rs_controller_ref(pod), "uid", ""), "c");
	_cleanup_json_ cJSON *none = J("{'metadata':{'ownerReferences':[{'uid':'a'}]}}");
	assert_null(kc_rs_controller_ref(none));
	_cleanup_json_ cJSON *bad = J("{'metadata':{'ownerReferences':{'uid':'a','controller':true}}}");
	assert_null(kc_rs_controller_ref(bad));
}

static void test_deletion_cost(void **state)
{
	(void)state;
	static const struct {
		const char *value;
		int32_t want;
	} cases[] = {
	    {"10", 10},
	    {"-5", -5},
	    {"0", 0},
	    {"-0", 0},
	    {"+1", 0},
	    {"007", 0},
	    {"", 0},
	    {"-", 0},
	    {"1e3", 0},
	    {"abc", 0},
	    {"2147483647", 2147483647},
	    {"2147483648", 0},
	    {"-2147483648", INT32_MIN},
	    {"-2147483649", 0},
	    {"99999999999999999999999", 0},
	    {" 1", 0},
	    {"1 ", 0},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		pod_def d = {.name = "p", .cost = cases[i].value};
		_cleanup_json_ cJSON *pod = make_pod(&d);
		if (kc_rs_deletion_cost(pod) != cases[i].want)
			fail_msg("cost \"%s\": %d, want %d", cases[i].value, kc_rs_deletion_cost(pod),
			         cases[i].want);
	}
	_cleanup_json_ cJSON *none = J("{'metadata':{}}");
	assert_int_equal(kc_rs_deletion_cost(none), 0);
	_cleanup_json_ cJSON *num =
	    J("{'metadata':{'annotations':{'controller.kubernetes.io/pod-deletion-cost':5}}}");
	assert_int_equal(kc_rs_deletion_cost(num), 0);
}

/* ---- the deletion order ---- */

#define OLD "2023-01-01T00:00:00Z"
#define T0  "2024-01-01T00:00:00Z" /* 600 s before NOW */
#define T1  "2024-01-01T00:09:00Z" /* 60 s before NOW */
#define T2  "2024-01-01T00:09:50Z" /* 10 s before NOW */
#define T3  "2024-01-01T00:09:51Z" /* 9 s before NOW: same log2 bucket as T2 */

static void test_deletion_order_rules(void **state)
{
	(void)state;
	/* a goes before b, and not the other way round */
	static const struct {
		const char *rule;
		pod_def a, b;
		int rank_a, rank_b;
	} cases[] = {
	    {"unscheduled before scheduled", {"a", "", "Pending"}, {"b", "n1", "Pending"}, 0, 0},
	    {"unscheduled before a running ready one",
	     {"a", "", "Pending"},
	     {"b", "n1", "Running", "True", T0},
	     0,
	     0},
	    {"pending before unknown", {"a", "n1", "Pending"}, {"b", "n1", "Unknown"}, 0, 0},
	    {"unknown before running", {"a", "n1", "Unknown"}, {"b", "n1", "Running"}, 0, 0},
	    {"pending before running", {"a", "n2", "Pending"}, {"b", "n1", "Running"}, 0, 0},
	    {"not ready before ready",
	     {"a", "n1", "Running", "False", T0},
	     {"b", "n1", "Running", "True", T0},
	     0,
	     0},
	    {"no condition before ready", {"a", "n1", "Running"}, {"b", "n1", "Running", "True", T0}, 0, 0},
	    {"lower deletion cost first",
	     {"a", "n1", "Running", "True", T0, .cost = "-1"},
	     {"b", "n1", "Running", "True", T2},
	     0,
	     0},
	    {"cost beats rank",
	     {"a", "n1", "Running", "True", T0, .cost = "1"},
	     {"b", "n1", "Running", "True", T0, .cost = "2"},
	     0,
	     5},
	    {"doubled up first",
	     {"a", "n1", "Running", "True", T0},
	     {"b", "n2", "Running", "True", T2},
	     3,
	     1},
	    {"ready for less time first",
	     {"a", "n1", "Running", "True", T2},
	     {"b", "n1", "Running", "True", T0},
	     0,
	     0},
	    {"ready time zero first",
	     {"a", "n1", "Running", "True", ""},
	     {"b", "n1", "Running", "True", T2},
	     0,
	     0},
	    {"same ready bucket: uid decides",
	     {"a", "n1", "Running", "True", T3, .uid = "1"},
	     {"b", "n1", "Running", "True", T2, .uid = "2"},
	     0,
	     0},
	    {"more restarts first",
	     {"a", "n1", "Running", "True", T0, OLD, 5},
	     {"b", "n1", "Running", "True", T0, T2, 1},
	     0,
	     0},
	    {"newer first",
	     {"a", "n1", "Running", "True", T0, T2},
	     {"b", "n1", "Running", "True", T0, T0},
	     0,
	     0},
	    {"no creation time first",
	     {"a", "n1", "Running", "True", T0, NULL},
	     {"b", "n1", "Running", "True", T0, T2},
	     0,
	     0},
	    {"same creation bucket: uid decides",
	     {"a", "n1", "Running", "True", T0, T2, .uid = "1"},
	     {"b", "n1", "Running", "True", T0, T3, .uid = "2"},
	     0,
	     0},
	    {"not-ready pods: restarts before age",
	     {"a", "n1", "Running", "False", T0, OLD, 2},
	     {"b", "n1", "Running", "False", T0, T2, 0},
	     0,
	     0},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		for (int flip = 0; flip < 2; flip++) {
			cJSON *a = make_pod(&cases[i].a), *b = make_pod(&cases[i].b);
			const cJSON *pods[2] = {flip ? b : a, flip ? a : b};
			int ranks[2] = {flip ? cases[i].rank_b : cases[i].rank_a,
			                flip ? cases[i].rank_a : cases[i].rank_b};
			kc_rs_sort_for_deletion(pods, ranks, 2, NOW);
			bool ok = pods[0] == a;
			int first_rank = ranks[0];
			cJSON_Delete(a);
			cJSON_Delete(b);
			if (!ok)
				fail_msg("%s (given %s): b went first", cases[i].rule,
				         flip ? "b, a" : "a, b");
			if (first_rank != cases[i].rank_a)
				fail_msg("%s: ranks not moved with their pods", cases[i].rule);
		}
	}
}

static void test_deletion_order_whole(void **state)
{
	(void)state;
	/* upstream's test idea: a shuffled list sorts into one order */
	const pod_def defs[] = {
	    {"ready-old", "n1", "Running", "True", T0, OLD}, {"unscheduled", "", "Pending"},
	    {"ready-new", "n1", "Running", "True", T2, T2},  {"pending", "n1", "Pending"},
	    {"not-ready", "n1", "Running", "False", T1},     {"unknown", "n1", "Unknown"},
	    {"ready-mid", "n1", "Running", "True", T1, T1},
	};
	const char *want[] = {"unscheduled", "pending",   "unknown",  "not-ready",
	                      "ready-new",   "ready-mid", "ready-old"};
	size_t n = KC_ARRAY_SIZE(defs);
	cJSON *objs[KC_ARRAY_SIZE(defs)];
	const cJSON *pods[KC_ARRAY_SIZE(defs)];
	for (size_t i = 0; i < n; i++)
		pods[i] = objs[i] = make_pod(&defs[i]);
	kc_rs_sort_for_deletion(pods, NULL, n, NOW);
	for (size_t i = 0; i < n; i++)
		if (!streq(kc_json_get_str(pods[i], "metadata.name", ""), want[i]))
			fail_msg("position %zu: %s, want %s", i,
			         kc_json_get_str(pods[i], "metadata.name", ""), want[i]);
	for (size_t i = 0; i < n; i++)
		cJSON_Delete(objs[i]);
	kc_rs_sort_for_deletion(pods, NULL, 0, NOW); /* nothing to do */
}

static void test_pods_to_delete(void **state)
{
	(void)state;
	/* two ready pods alike but for their node; related pods pile up on n1 */
	const pod_def mine[] = {{"on-n2", "n2", "Running", "True", T0, T0},
	                        {"on-n1", "n1", "Running", "True", T0, T0}};
	const pod_def rel[] = {{"r1", "n1", "Running"},
	                       {"r2", "n1", "Running"},
	                       {"r3", "n2", "Succeeded"},
	                       {"r4", "n2", "Failed"}};
	cJSON *objs[6];
	const cJSON *pods[2], *related[6];
	size_t k = 0;
	for (size_t i = 0; i < 2; i++)
		pods[i] = related[k] = objs[k] = make_pod(&mine[i]), k++;
	for (size_t i = 0; i < 4; i++)
		related[k] = objs[k] = make_pod(&rel[i]), k++;
	/* n1 holds 3 active related pods, n2 one (inactive ones do not count) */
	assert_int_equal(kc_rs_pods_to_delete(pods, 2, related, k, 1, NOW), 1);
	assert_string_equal(kc_json_get_str(pods[0], "metadata.name", ""), "on-n1");
	/* without related pods the tie stays in the given order */
	const cJSON *again[2] = {objs[0], objs[1]};
	assert_int_equal(kc_rs_pods_to_delete(again, 2, NULL, 0, 1, NOW), 1);
	assert_string_equal(kc_json_get_str(again[0], "metadata.name", ""), "on-n2");
	/* all of them (or more): no sorting, all returned */
	const cJSON *all[2] = {objs[0], objs[1]};
	assert_int_equal(kc_rs_pods_to_delete(all, 2, related, k, 5, NOW), 2);
	assert_ptr_equal(all[0], objs[0]);
	for (size_t i = 0; i < k; i++)
		cJSON_Delete(objs[i]);
}

/* ---- slow start ---- */

static void test_slow_start(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int count;
		int failures[10]; /* failures per batch, in order */
		int want_batches[10];
		int want_successes;
	} cases[] = {
	    {"none", 0, {0}, {0}, 0},
	    {"one", 1, {0}, {1}, 1},
	    {"ten", 10, {0}, {1, 2, 4, 3}, 10},
	    {"sixteen", 16, {0}, {1, 2, 4, 8, 1}, 16},
	    {"first fails", 10, {1}, {1}, 0},
	    {"second half fails", 10, {0, 1}, {1, 2}, 2},
	    {"third all fail", 20, {0, 0, 4}, {1, 2, 4}, 3},
	    {"burst", 500, {0}, {1, 2, 4, 8, 16, 32, 64, 128, 245}, 500},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_rs_slow_start s;
		kc_rs_slow_start_init(&s, cases[i].count);
		int got[16] = {0}, n = 0, b;
		while ((b = kc_rs_slow_start_next(&s)) > 0 && n < 16) {
			got[n] = b;
			kc_rs_slow_start_done(&s, b, n < 10 ? cases[i].failures[n] : 0);
			n++;
		}
		for (int j = 0; j < 16; j++) {
			int want = j < 10 ? cases[i].want_batches[j] : 0;
			if (got[j] != want)
				fail_msg("%s: batch %d is %d, want %d", cases[i].name, j, got[j], want);
		}
		if (s.successes != cases[i].want_successes)
			fail_msg("%s: %d successes, want %d", cases[i].name, s.successes,
			         cases[i].want_successes);
		if (kc_rs_slow_start_next(&s) != 0)
			fail_msg("%s: a batch after the end", cases[i].name);
	}
}

/* ---- status ---- */

static void test_calculate_status(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *owner_status; /* JSON or NULL */
		int replicas, min_ready;
		const char *manage_error;
		const char *want; /* the whole status */
	} cases[] = {
	    {"counts", NULL, 4, 0, NULL,
	     "{'replicas':4,'fullyLabeledReplicas':3,'readyReplicas':3,'availableReplicas':3}"},
	    {"minReadySeconds 30: two of three ready ones available", NULL, 4, 30, NULL,
	     "{'replicas':4,'fullyLabeledReplicas':3,'readyReplicas':3,'availableReplicas':2}"},
	    {"observedGeneration kept", "{'observedGeneration':3,'replicas':1}", 4, 0, NULL,
	     "{'replicas':4,'fullyLabeledReplicas':3,'readyReplicas':3,'availableReplicas':3,'"
	     "observedGeneration':3}"},
	    {"too few and a failure: FailedCreate", NULL, 6, 0, "pods x is forbidden: quota",
	     "{'replicas':4,'fullyLabeledReplicas':3,'readyReplicas':3,'availableReplicas':3,'conditions':[{'"
	     "type':"
	     "'ReplicaFailure','status':'True','lastTransitionTime':'2024-01-01T00:10:00Z','reason':'"
	     "FailedCreate',"
	     "'message':'pods x is forbidden: quota'}]}"},
	    {"too many and a failure: FailedDelete", NULL, 2, 0, "unable to delete pods: boom",
	     "{'replicas':4,'fullyLabeledReplicas':3,'readyReplicas':3,'availableReplicas':3,'conditions':[{'"
	     "type':"
	     "'ReplicaFailure','status':'True','lastTransitionTime':'2024-01-01T00:10:00Z','reason':'"
	     "FailedDelete',"
	     "'message':'unable to delete pods: boom'}]}"},
	    {"an existing failure is kept as it is",
	     "{'replicas':1,'conditions':[{'type':'ReplicaFailure','status':'True','reason':'FailedCreate','"
	     "message':'old'}]}",
	     6, 0, "new",
	     "{'replicas':4,'fullyLabeledReplicas':3,'readyReplicas':3,'availableReplicas':3,'conditions':[{'"
	     "type':"
	     "'ReplicaFailure','status':'True','reason':'FailedCreate','message':'old'}]}"},
	    {"success removes the failure, keeps the rest",
	     "{'replicas':1,'conditions':[{'type':'Other','status':'True'},{'type':'ReplicaFailure','status':"
	     "'True'}]}",
	     4, 0, NULL,
	     "{'replicas':4,'fullyLabeledReplicas':3,'readyReplicas':3,'availableReplicas':3,'conditions':[{'"
	     "type':"
	     "'Other','status':'True'}]}"},
	    {"unknown members dropped", "{'replicas':9,'bogus':1}", 4, 0, NULL,
	     "{'replicas':4,'fullyLabeledReplicas':3,'readyReplicas':3,'availableReplicas':3}"},
	};
	/* four active claimed pods: three carry every template label, three are
	 * ready (10 s, 60 s and 600 s ago), one lacks tier */
	static const char *const pod_texts[] = {
	    "{'metadata':{'labels':{'app':'web','tier':'fe','extra':'x'}},'status':{'conditions':[{'type':'"
	    "Ready','status':'True','lastTransitionTime':'" T2 "'}]}}",
	    "{'metadata':{'labels':{'app':'web','tier':'fe'}},'status':{'conditions':[{'type':'Ready','"
	    "status':'True','lastTransitionTime':'" T1 "'}]}}",
	    "{'metadata':{'labels':{'app':'web','tier':'fe'}},'status':{'conditions':[{'type':'Ready','"
	    "status':'False','lastTransitionTime':'" T0 "'}]}}",
	    "{'metadata':{'labels':{'app':'web','tier':'be'}},'status':{'conditions':[{'type':'Ready','"
	    "status':'True','lastTransitionTime':'" T0 "'}]}}",
	};
	cJSON *objs[4];
	for (size_t i = 0; i < 4; i++)
		objs[i] = J(pod_texts[i]);
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *text =
		    Q("{" RS_META ",'spec':{'replicas':%d,'minReadySeconds':%d,'selector':{'matchLabels':{'"
		                  "app':'web'}}," TMPL "}%s%s}",
		      cases[i].replicas, cases[i].min_ready, cases[i].owner_status ? ",'status':" : "",
		      cases[i].owner_status ? cases[i].owner_status : "");
		_cleanup_json_ cJSON *owner = J(text);
		kc_rs_spec spec;
		assert_int_equal(kc_rs_spec_parse(&kc_rs_kind_replicaset, owner, &spec, NULL, NULL), 0);
		_cleanup_json_ cJSON *st = kc_rs_calculate_status(owner, &spec, (const cJSON *const *)objs, 4,
		                                                  cases[i].manage_error, NOW);
		_cleanup_json_ cJSON *want = J(cases[i].want);
		_cleanup_free_ char *got_text = kc_json_print(st);
		_cleanup_free_ char *want_text = kc_json_print(want);
		if (!streq(got_text, want_text))
			fail_msg("%s:\n  got  %s\n  want %s", cases[i].name, got_text, want_text);
		kc_rs_spec_clear(&spec);
	}
	for (size_t i = 0; i < 4; i++)
		cJSON_Delete(objs[i]);
}

static void test_status_differs(void **state)
{
	(void)state;
	static const struct {
		const char *name, *owner, *status;
		bool differs;
	} cases[] = {
	    {"same",
	     "{'metadata':{'generation':2},'status':{'replicas':3,'readyReplicas':3,'observedGeneration':2}}",
	     "{'replicas':3,'readyReplicas':3}", false},
	    {"zero and absent are alike",
	     "{'metadata':{'generation':1},'status':{'replicas':0,'availableReplicas':0,'observedGeneration':"
	     "1}}",
	     "{'replicas':0}", false},
	    {"new generation", "{'metadata':{'generation':3},'status':{'replicas':3,'observedGeneration':2}}",
	     "{'replicas':3}", true},
	    {"replicas", "{'metadata':{'generation':1},'status':{'replicas':2,'observedGeneration':1}}",
	     "{'replicas':3}", true},
	    {"fullyLabeled", "{'metadata':{'generation':1},'status':{'replicas':3,'observedGeneration':1}}",
	     "{'replicas':3,'fullyLabeledReplicas':3}", true},
	    {"ready",
	     "{'metadata':{'generation':1},'status':{'replicas':3,'readyReplicas':1,'observedGeneration':1}}",
	     "{'replicas':3,'readyReplicas':2}", true},
	    {"available", "{'metadata':{'generation':1},'status':{'replicas':3,'observedGeneration':1}}",
	     "{'replicas':3,'availableReplicas':2}", true},
	    {"conditions", "{'metadata':{'generation':1},'status':{'replicas':3,'observedGeneration':1}}",
	     "{'replicas':3,'conditions':[{'type':'ReplicaFailure'}]}", true},
	    {"empty conditions are none",
	     "{'metadata':{'generation':1},'status':{'replicas':3,'observedGeneration':1,'conditions':[]}}",
	     "{'replicas':3}", false},
	    {"no status yet", "{'metadata':{'generation':1}}", "{'replicas':0}", true},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *owner = J(cases[i].owner);
		_cleanup_json_ cJSON *st = J(cases[i].status);
		if (kc_rs_status_differs(owner, st) != cases[i].differs)
			fail_msg("%s: differs %d, want %d", cases[i].name, !cases[i].differs,
			         cases[i].differs);
	}
}

static void test_status_update_body(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *owner =
	    J("{'kind':'ReplicaSet','metadata':{'name':'web','generation':4,'resourceVersion':'9'},"
	      "'spec':{'replicas':2},'status':{'replicas':1,'observedGeneration':3}}");
	_cleanup_json_ cJSON *st =
	    J("{'replicas':2,'readyReplicas':1,'conditions':[{'type':'ReplicaFailure'}]}");
	_cleanup_json_ cJSON *body = kc_rs_status_update_body(owner, st, 4);
	_cleanup_free_ char *text = kc_json_print(body);
	_cleanup_free_ char *want =
	    Q("{'kind':'ReplicaSet','metadata':{'name':'web','generation':4,'resourceVersion':'9'},"
	      "'spec':{'replicas':2},'status':{'replicas':2,'readyReplicas':1,'observedGeneration':4,"
	      "'conditions':[{'type':'ReplicaFailure'}]}}");
	assert_string_equal(text, want);
	/* the owner itself is untouched */
	assert_int_equal(kc_json_get_int(owner, "status.observedGeneration", 0), 3);
}

/* ---- pods made, claimed, adopted, released ---- */

static void test_pod_from_template(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *owner = J("{'metadata':{'name':'web-5d8f','namespace':'ns','uid':'u-1'}}");
	_cleanup_json_ cJSON *tmpl =
	    J("{'metadata':{'name':'ignored','labels':{'app':'web','pod-template-hash':'5d8f'},"
	      "'annotations':{'a':'b'},'finalizers':['x/"
	      "y']},'spec':{'containers':[{'name':'c','image':'i'}]}}");
	cJSON *pod = NULL;
	assert_int_equal(kc_rs_pod_from_template(&kc_rs_kind_replicaset, owner, tmpl, &pod, NULL), 0);
	_cleanup_free_ char *text = kc_json_print(pod);
	_cleanup_free_ char *want =
	    Q("{'kind':'Pod','apiVersion':'v1','metadata':{'generateName':'web-5d8f-','namespace':'ns','"
	      "labels':{'app':"
	      "'web','pod-template-hash':'5d8f'},'annotations':{'a':'b'},'finalizers':['x/"
	      "y'],'ownerReferences':[{"
	      "'apiVersion':'apps/v1','kind':'ReplicaSet','name':'web-5d8f','uid':'u-1','controller':true,"
	      "'blockOwnerDeletion':true}]},'spec':{'containers':[{'name':'c','image':'i'}]}}");
	assert_string_equal(text, want);
	cJSON_Delete(pod);

	/* an RC's pods point at a v1 ReplicationController */
	_cleanup_json_ cJSON *plain = J("{'metadata':{'labels':{'app':'web'}}}");
	assert_int_equal(kc_rs_pod_from_template(&kc_rs_kind_rc, owner, plain, &pod, NULL), 0);
	assert_string_equal(kc_json_get_str(pod, "metadata.ownerReferences[0].apiVersion", ""), "v1");
	assert_string_equal(kc_json_get_str(pod, "metadata.ownerReferences[0].kind", ""),
	                    "ReplicationController");
	assert_non_null(kc_json_get(pod, "spec"));
	assert_null(kc_json_get(pod, "metadata.annotations"));
	cJSON_Delete(pod);

	/* no labels: upstream's refusal, *ret untouched */
	static const char *const no_labels[] = {"{}", "{'metadata':{'labels':{}}}",
	                                        "{'metadata':{'labels':'x'}}"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(no_labels); i++) {
		_cleanup_json_ cJSON *t = J(no_labels[i]);
		cJSON *p = (cJSON *)owner;
		kc_error err = KC_ERROR_INIT;
		assert_int_equal(kc_rs_pod_from_template(&kc_rs_kind_replicaset, owner, t, &p, &err), -22);
		assert_ptr_equal(p, owner);
		assert_string_equal(err.msg, "unable to create pods, no labels");
	}

	/* a name too long for "<name>-" is the prefix itself */
	char longname[254];
	memset(longname, 'a', 253);
	longname[253] = '\0';
	_cleanup_free_ char *long_owner_text =
	    Q("{'metadata':{'name':'%s','namespace':'ns','uid':'u'}}", longname);
	_cleanup_json_ cJSON *long_owner = J(long_owner_text);
	assert_int_equal(kc_rs_pod_from_template(&kc_rs_kind_replicaset, long_owner, plain, &pod, NULL), 0);
	assert_string_equal(kc_json_get_str(pod, "metadata.generateName", ""), longname);
	cJSON_Delete(pod);
}

static void test_claim(void **state)
{
	(void)state;
	static const struct {
		const char *name, *owner_extra, *pod;
		kc_rs_claim want;
	} cases[] = {
	    {"ours and matching", "",
	     "{'metadata':{'namespace':'ns','labels':{'app':'web'},'ownerReferences':[{'uid':'u-1','"
	     "controller':true}]}}",
	     KC_RS_CLAIM_OURS},
	    {"ours, no longer matching", "",
	     "{'metadata':{'namespace':'ns','labels':{'app':'db'},'ownerReferences':[{'uid':'u-1','"
	     "controller':true}]}}",
	     KC_RS_CLAIM_RELEASE},
	    {"ours, not matching, owner going", ",'deletionTimestamp':'" T0 "'",
	     "{'metadata':{'namespace':'ns','labels':{'app':'db'},'ownerReferences':[{'uid':'u-1','"
	     "controller':true}]}}",
	     KC_RS_CLAIM_IGNORE},
	    {"ours and matching, owner going", ",'deletionTimestamp':'" T0 "'",
	     "{'metadata':{'namespace':'ns','labels':{'app':'web'},'ownerReferences':[{'uid':'u-1','"
	     "controller':true}]}}",
	     KC_RS_CLAIM_OURS},
	    {"another controller's", "",
	     "{'metadata':{'namespace':'ns','labels':{'app':'web'},'ownerReferences':[{'uid':'u-2','"
	     "controller':true}]}}",
	     KC_RS_CLAIM_IGNORE},
	    {"a non-controller owner makes no controller", "",
	     "{'metadata':{'namespace':'ns','labels':{'app':'web'},'ownerReferences':[{'uid':'u-2'}]}}",
	     KC_RS_CLAIM_ADOPT},
	    {"matching orphan", "", "{'metadata':{'namespace':'ns','labels':{'app':'web'}}}",
	     KC_RS_CLAIM_ADOPT},
	    {"orphan not matching", "", "{'metadata':{'namespace':'ns','labels':{'app':'db'}}}",
	     KC_RS_CLAIM_IGNORE},
	    {"orphan being deleted", "",
	     "{'metadata':{'namespace':'ns','deletionTimestamp':'" T0 "','labels':{'app':'web'}}}",
	     KC_RS_CLAIM_IGNORE},
	    {"orphan, owner going", ",'deletionTimestamp':'" T0 "'",
	     "{'metadata':{'namespace':'ns','labels':{'app':'web'}}}", KC_RS_CLAIM_IGNORE},
	    {"orphan in another namespace", "", "{'metadata':{'namespace':'other','labels':{'app':'web'}}}",
	     KC_RS_CLAIM_IGNORE},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *text =
		    Q("{'metadata':{'name':'web','namespace':'ns','uid':'u-1'%s}}", cases[i].owner_extra);
		_cleanup_json_ cJSON *owner = J(text);
		_cleanup_json_ cJSON *pod = J(cases[i].pod);
		_cleanup_json_ cJSON *sel_obj = J("{'matchLabels':{'app':'web'}}");
		_cleanup_selector_ kc_selector *sel = NULL;
		assert_int_equal(kc_selector_from_label_selector(sel_obj, &sel, NULL), 0);
		kc_rs_claim got = kc_rs_claim_pod(owner, sel, pod);
		if (got != cases[i].want)
			fail_msg("%s: %d, want %d", cases[i].name, got, cases[i].want);
	}
}

static void test_patches(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *owner = J("{'metadata':{'name':'web','namespace':'ns','uid':'u-1'}}");
	_cleanup_json_ cJSON *pod = J("{'metadata':{'name':'p','uid':'p-1'}}");
	_cleanup_json_ cJSON *adopt = kc_rs_adopt_patch(&kc_rs_kind_replicaset, owner, pod);
	_cleanup_json_ cJSON *release = kc_rs_release_patch(owner, pod);
	_cleanup_free_ char *a = kc_json_print(adopt), *r = kc_json_print(release);
	_cleanup_free_ char *want_a =
	    Q("{'metadata':{'ownerReferences':[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':"
	      "'web','uid':'u-1','controller':true,'blockOwnerDeletion':true}],'uid':'p-1'}}");
	_cleanup_free_ char *want_r =
	    Q("{'metadata':{'ownerReferences':[{'$patch':'delete','uid':'u-1'}],'uid':'p-1'}}");
	assert_string_equal(a, want_a);
	assert_string_equal(r, want_r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spec_parse),
	    cmocka_unit_test(test_selector_for_mapping),
	    cmocka_unit_test(test_pod_predicates),
	    cmocka_unit_test(test_controller_ref),
	    cmocka_unit_test(test_deletion_cost),
	    cmocka_unit_test(test_deletion_order_rules),
	    cmocka_unit_test(test_deletion_order_whole),
	    cmocka_unit_test(test_pods_to_delete),
	    cmocka_unit_test(test_slow_start),
	    cmocka_unit_test(test_calculate_status),
	    cmocka_unit_test(test_status_differs),
	    cmocka_unit_test(test_status_update_body),
	    cmocka_unit_test(test_pod_from_template),
	    cmocka_unit_test(test_claim),
	    cmocka_unit_test(test_patches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
