/* test_cm_namespace.c - the pure parts of the namespace controller
 * (controller-manager/namespace.h): which resources discovery yields, the
 * pods' grace estimate, the status conditions with upstream's reasons and
 * messages, and the finalize body. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/util.h"
#include "controller-manager/namespace.h"

static cJSON *J(const char *text)
{
	_cleanup_free_ char *s = xstrdup(text);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	cJSON *out = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse_str(s, &out, &err) < 0)
		fail_msg("bad test JSON %s: %s", text, err.msg);
	return out;
}

static void test_parse_resources(void **state)
{
	(void)state;
	static const struct {
		const char *name, *list, *want; /* want: "group/version/resource[+l][+d]" joined by ' ' */
		int rc;
	} cases[] = {
		{"core",
		 "{'groupVersion':'v1','resources':["
		 "{'name':'pods','namespaced':true,'verbs':['create','delete','deletecollection','get','list']},"
		 "{'name':'pods/log','namespaced':true,'verbs':['get']},"
		 "{'name':'pods/eviction','namespaced':true,'verbs':['create']},"
		 "{'name':'bindings','namespaced':true,'verbs':['create']},"
		 "{'name':'nodes','namespaced':false,'verbs':['delete','list']},"
		 "{'name':'configmaps','namespaced':true,'verbs':['delete','list']},"
		 "{'name':'events','namespaced':true,'verbs':['delete']}]}",
		 "/v1/pods+l+d /v1/configmaps+l /v1/events", 0},
		{"group", "{'groupVersion':'apps/v1','resources':[{'name':'deployments','namespaced':true,"
			  "'verbs':['delete','deletecollection','list']}]}",
		 "apps/v1/deployments+l+d", 0},
		{"no groupVersion", "{'resources':[{'name':'x','namespaced':true,'verbs':['delete']}]}", "", -EINVAL},
		{"malformed resources", "{'groupVersion':'v1','resources':[7,{'name':3},{'name':'a','verbs':'delete'}]}", "", 0},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *list = J(cases[i].list);
		kc_ns_resource *res = NULL;
		size_t n = 0;
		int rc = kc_ns_parse_resources(list, &res, &n);
		if (rc != cases[i].rc)
			fail_msg("%s: rc %d, want %d", cases[i].name, rc, cases[i].rc);
		kc_buf b = KC_BUF_INIT;
		kc_buf_addstr(&b, "");
		for (size_t k = 0; k < n; k++)
			kc_buf_addf(&b, "%s%s/%s/%s%s%s", k ? " " : "", res[k].group, res[k].version, res[k].resource,
				    res[k].list ? "+l" : "", res[k].deletecollection ? "+d" : "");
		if (!streq(b.s, cases[i].want))
			fail_msg("%s: got '%s', want '%s'", cases[i].name, b.s, cases[i].want);
		kc_buf_free(&b);
		kc_ns_resources_free(res, n);
	}
}

static void test_gvr_string(void **state)
{
	(void)state;
	kc_ns_resource core = {"", "v1", "pods", true, true};
	kc_ns_resource apps = {"apps", "v1", "deployments", true, true};
	_cleanup_free_ char *a = kc_ns_gvr_string(&core);
	_cleanup_free_ char *b = kc_ns_gvr_string(&apps);
	assert_string_equal(a, "/v1, Resource=pods");
	assert_string_equal(b, "apps/v1, Resource=deployments");
}

static void test_pods_estimate(void **state)
{
	(void)state;
	static const struct {
		const char *list;
		int64_t want;
	} cases[] = {
		{"{'items':[]}", 0},
		{"{'items':[{'spec':{'terminationGracePeriodSeconds':30},'status':{'phase':'Running'}},"
		 "{'spec':{'terminationGracePeriodSeconds':60},'status':{'phase':'Succeeded'}},"
		 "{'spec':{'terminationGracePeriodSeconds':45},'status':{'phase':'Pending'}}]}",
		 45},
		{"{'items':[{'spec':{},'status':{'phase':'Running'}}]}", 0},
		{"{'items':7}", 0},
		{"null", 0},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *list = J(cases[i].list);
		if (kc_ns_pods_estimate(list) != cases[i].want)
			fail_msg("case %zu: got %lld", i, (long long)kc_ns_pods_estimate(list));
	}
	assert_int_equal(kc_ns_requeue_ms(30), 16000);
	assert_int_equal(kc_ns_requeue_ms(0), 1000);
	assert_int_equal(kc_ns_requeue_ms(15), 8000);
}

#define T0 1700000000 /* 2023-11-14T22:13:20Z */
#define T1 1700000100 /* 2023-11-14T22:15:00Z */

static const char *const ok_conditions =
	"[{'type':'NamespaceDeletionDiscoveryFailure','status':'False','lastTransitionTime':'2023-11-14T22:13:20Z',"
	"'reason':'ResourcesDiscovered','message':'All resources successfully discovered'},"
	"{'type':'NamespaceDeletionGroupVersionParsingFailure','status':'False','lastTransitionTime':'2023-11-14T22:13:20Z',"
	"'reason':'ParsedGroupVersions','message':'All legacy kube types successfully parsed'},"
	"{'type':'NamespaceDeletionContentFailure','status':'False','lastTransitionTime':'2023-11-14T22:13:20Z',"
	"'reason':'ContentDeleted','message':'All content successfully deleted, may be waiting on finalization'},"
	"{'type':'NamespaceContentRemaining','status':'False','lastTransitionTime':'2023-11-14T22:13:20Z',"
	"'reason':'ContentRemoved','message':'All content successfully removed'},"
	"{'type':'NamespaceFinalizersRemaining','status':'False','lastTransitionTime':'2023-11-14T22:13:20Z',"
	"'reason':'ContentHasNoFinalizers','message':'All content-preserving finalizers finished'}]";

static void expect_conditions(const char *name, const cJSON *ns, const char *want_text)
{
	_cleanup_json_ cJSON *want = J(want_text);
	if (!kc_json_equal(kc_json_get(ns, "status.conditions"), want)) {
		_cleanup_free_ char *g = kc_json_print(kc_json_get(ns, "status.conditions"));
		fail_msg("%s: got %s", name, g);
	}
}

static void test_conditions(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *ns = J("{'metadata':{'name':'x'},'status':{'phase':'Terminating'}}");

	/* All went well: the five success variants. */
	kc_ns_conditions *c = kc_ns_conditions_new();
	assert_false(kc_ns_conditions_failed(c));
	assert_true(kc_ns_conditions_apply(c, ns, T0));
	expect_conditions("all fine", ns, ok_conditions);
	/* Again: nothing changes, no status update due. */
	assert_false(kc_ns_conditions_apply(c, ns, T1));
	kc_ns_conditions_free(c);

	/* Content remains, held by finalizers; one resource failed. */
	c = kc_ns_conditions_new();
	kc_ns_conditions_remaining(c, "", "pods", 2);
	kc_ns_conditions_remaining(c, "apps", "deployments", 1);
	kc_ns_conditions_remaining(c, "", "configmaps", 0);
	kc_ns_conditions_finalizer(c, "example.com/keep", 1);
	kc_ns_conditions_finalizer(c, "a.io/x", 2);
	kc_ns_conditions_finalizer(c, "a.io/x", 1);
	kc_ns_conditions_delete_failed(c, "unexpected items still remain in namespace: x for gvr: /v1, Resource=pods");
	assert_true(kc_ns_conditions_failed(c));
	assert_true(kc_ns_conditions_apply(c, ns, T1));
	expect_conditions(
		"content remains", ns,
		"[{'type':'NamespaceDeletionDiscoveryFailure','status':'False','lastTransitionTime':'2023-11-14T22:13:20Z',"
		"'reason':'ResourcesDiscovered','message':'All resources successfully discovered'},"
		"{'type':'NamespaceDeletionGroupVersionParsingFailure','status':'False','lastTransitionTime':'2023-11-14T22:13:20Z',"
		"'reason':'ParsedGroupVersions','message':'All legacy kube types successfully parsed'},"
		"{'type':'NamespaceDeletionContentFailure','status':'True','lastTransitionTime':'2023-11-14T22:15:00Z',"
		"'reason':'ContentDeletionFailed','message':'Failed to delete all resource types, 1 remaining: "
		"unexpected items still remain in namespace: x for gvr: /v1, Resource=pods'},"
		"{'type':'NamespaceContentRemaining','status':'True','lastTransitionTime':'2023-11-14T22:15:00Z',"
		"'reason':'SomeResourcesRemain','message':'Some resources are remaining: deployments.apps has 1 resource "
		"instances, pods. has 2 resource instances'},"
		"{'type':'NamespaceFinalizersRemaining','status':'True','lastTransitionTime':'2023-11-14T22:15:00Z',"
		"'reason':'SomeFinalizersRemain','message':'Some content in the namespace has finalizers remaining: "
		"a.io/x in 3 resource instances, example.com/keep in 1 resource instances'}]");
	kc_ns_conditions_free(c);

	/* Same status, new message: the transition time stays. */
	c = kc_ns_conditions_new();
	kc_ns_conditions_remaining(c, "", "pods", 1);
	kc_ns_conditions_finalizer(c, "a.io/x", 1);
	kc_ns_conditions_delete_failed(c, "other");
	assert_true(kc_ns_conditions_apply(c, ns, T1 + 50));
	const cJSON *cr = cJSON_GetArrayItem(kc_json_get(ns, "status.conditions"), 3);
	assert_string_equal(kc_json_get_str(cr, "lastTransitionTime", ""), "2023-11-14T22:15:00Z");
	assert_string_equal(kc_json_get_str(cr, "message", ""), "Some resources are remaining: pods. has 1 resource instances");
	kc_ns_conditions_free(c);

	/* Discovery failed. */
	c = kc_ns_conditions_new();
	kc_ns_conditions_discovery_failed(c, 1,
					  "unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: "
					  "the server is currently unable to handle the request");
	assert_true(kc_ns_conditions_failed(c));
	assert_true(kc_ns_conditions_apply(c, ns, T1));
	const cJSON *d = cJSON_GetArrayItem(kc_json_get(ns, "status.conditions"), 0);
	assert_string_equal(kc_json_get_str(d, "status", ""), "True");
	assert_string_equal(kc_json_get_str(d, "reason", ""), "DiscoveryFailed");
	assert_string_equal(kc_json_get_str(d, "message", ""),
			    "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server "
			    "APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request");
	kc_ns_conditions_free(c);

	/* Conditions of other types are kept; a malformed status is replaced. */
	_cleanup_json_ cJSON *other = J("{'status':{'conditions':[{'type':'Custom','status':'True'}]}}");
	c = kc_ns_conditions_new();
	assert_true(kc_ns_conditions_apply(c, other, T0));
	assert_int_equal(cJSON_GetArraySize(kc_json_get(other, "status.conditions")), 6);
	assert_string_equal(kc_json_get_str(other, "status.conditions[0].type", ""), "Custom");
	_cleanup_json_ cJSON *bad = J("{'status':7}");
	assert_true(kc_ns_conditions_apply(c, bad, T0));
	expect_conditions("malformed status", bad, ok_conditions);
	kc_ns_conditions_free(c);
}

static void test_finalize_body(void **state)
{
	(void)state;
	static const struct {
		const char *ns, *want;
		bool has;
	} cases[] = {
		{"{'metadata':{'name':'x'},'spec':{'finalizers':['kubernetes']}}", "[]", true},
		{"{'spec':{'finalizers':['z.io/b','kubernetes','a.io/a','z.io/b']}}", "['a.io/a','z.io/b']", true},
		{"{'spec':{'finalizers':['a.io/a']}}", "['a.io/a']", false},
		{"{'spec':7}", "[]", false},
		{"{}", "[]", false},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *ns = J(cases[i].ns);
		_cleanup_json_ cJSON *want = J(cases[i].want);
		_cleanup_json_ cJSON *body = kc_ns_finalize_body(ns);
		if (!kc_json_equal(kc_json_get(body, "spec.finalizers"), want))
			fail_msg("case %zu: finalizers %s", i, kc_json_print(kc_json_get(body, "spec.finalizers")));
		if (kc_ns_has_finalizer(ns) != cases[i].has)
			fail_msg("case %zu: has_finalizer", i);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_resources),
		cmocka_unit_test(test_gvr_string),
		cmocka_unit_test(test_pods_estimate),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_finalize_body),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
