/* test_api_strategy_rbac.c - Roles, ClusterRoles, bindings (defaults,
 * rules, subjects, roleRef immutability) and access reviews. */
#include "api_strategy_test.h"

#define G "rbac.authorization.k8s.io"
#define UID "11111111-2222-3333-4444-555555555555"
#define TS "2024-05-01T12:00:00Z"

static void test_roles(void **state)
{
	(void)state;
	static const st_case roles[] = {
		{"valid", "{\"metadata\":{\"name\":\"pod-reader\",\"namespace\":\"default\"},\"rules\":[{\"apiGroups\":[\"\"],"
			  "\"resources\":[\"pods\"],\"verbs\":[\"get\",\"watch\",\"list\"]}]}",
		 "", NULL},
		{"verbs required", "{\"metadata\":{\"name\":\"r\",\"namespace\":\"default\"},\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"]}]}",
		 "Role.rbac.authorization.k8s.io \"r\" is invalid: rules[0].verbs: Required value: verbs must contain at least one value", NULL},
		{"groups and resources", "{\"metadata\":{\"name\":\"r\",\"namespace\":\"default\"},\"rules\":[{\"verbs\":[\"get\"]}]}",
		 "Role.rbac.authorization.k8s.io \"r\" is invalid: [rules[0].apiGroups: Required value: resource rules must supply at least one "
		 "api group, rules[0].resources: Required value: resource rules must supply at least one resource]", NULL},
		{"namespaced non-resource URLs",
		 "{\"metadata\":{\"name\":\"r\",\"namespace\":\"default\"},\"rules\":[{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/healthz\"]}]}",
		 "Role.rbac.authorization.k8s.io \"r\" is invalid: rules[0].nonResourceURLs: Invalid value: [\"/healthz\"]: namespaced rules "
		 "cannot apply to non-resource URLs", NULL},
	};
	st_run_cases(G, "roles", roles, ST_N(roles));
	static const st_case clusterroles[] = {
		{"non-resource URLs", "{\"metadata\":{\"name\":\"system:health\"},\"rules\":[{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/healthz\"]}]}",
		 "", NULL},
		{"both kinds", "{\"metadata\":{\"name\":\"c\"},\"rules\":[{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/x\"],\"resources\":[\"pods\"]}]}",
		 "ClusterRole.rbac.authorization.k8s.io \"c\" is invalid: rules[0].nonResourceURLs: Invalid value: [\"/x\"]: rules cannot apply "
		 "to both regular resources and non-resource URLs", NULL},
		{"aggregation", "{\"metadata\":{\"name\":\"c\"},\"aggregationRule\":{\"clusterRoleSelectors\":[]}}",
		 "ClusterRole.rbac.authorization.k8s.io \"c\" is invalid: aggregationRule.clusterRoleSelectors: Required value: at least one "
		 "clusterRoleSelector required if aggregationRule is non-nil", NULL},
	};
	st_run_cases(G, "clusterroles", clusterroles, ST_N(clusterroles));
}

static void test_bindings(void **state)
{
	(void)state;
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create(G, "rolebindings", "defaults",
					     "{\"metadata\":{\"name\":\"read-pods\",\"namespace\":\"default\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"jane\"},"
					     "{\"kind\":\"ServiceAccount\",\"name\":\"default\",\"namespace\":\"default\"}],\"roleRef\":{\"kind\":\"Role\",\"name\":\"pod-reader\"}}",
					     &obj);
	assert_string_equal(msg, "");
	assert_string_equal(kc_json_get_str(obj, "roleRef.apiGroup", ""), G);
	const cJSON *subjects = cJSON_GetObjectItem(obj, "subjects");
	assert_string_equal(kc_json_get_str(cJSON_GetArrayItem(subjects, 0), "apiGroup", ""), G);
	assert_string_equal(kc_json_get_str(cJSON_GetArrayItem(subjects, 1), "apiGroup", "x"), "");
	cJSON_Delete(obj);

	static const st_case rolebindings[] = {
		{"roleRef kind", "{\"metadata\":{\"name\":\"b\",\"namespace\":\"default\"},\"roleRef\":{\"kind\":\"Pod\",\"name\":\"r\"}}",
		 "RoleBinding.rbac.authorization.k8s.io \"b\" is invalid: roleRef.kind: Unsupported value: \"Pod\": supported values: \"Role\", \"ClusterRole\"",
		 NULL},
		{"subject kind", "{\"metadata\":{\"name\":\"b\",\"namespace\":\"default\"},\"roleRef\":{\"kind\":\"Role\",\"name\":\"r\"},"
				 "\"subjects\":[{\"kind\":\"Robot\",\"name\":\"x\"}]}",
		 "RoleBinding.rbac.authorization.k8s.io \"b\" is invalid: subjects[0].kind: Unsupported value: \"Robot\": supported values: "
		 "\"ServiceAccount\", \"User\", \"Group\"", NULL},
		{"service account group", "{\"metadata\":{\"name\":\"b\",\"namespace\":\"default\"},\"roleRef\":{\"kind\":\"Role\",\"name\":\"r\"},"
					  "\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"sa\",\"apiGroup\":\"rbac.authorization.k8s.io\"}]}",
		 "RoleBinding.rbac.authorization.k8s.io \"b\" is invalid: subjects[0].apiGroup: Unsupported value: \"rbac.authorization.k8s.io\": "
		 "supported values: \"\"", NULL},
	};
	st_run_cases(G, "rolebindings", rolebindings, ST_N(rolebindings));
	static const st_case crbs[] = {
		{"ClusterRole only", "{\"metadata\":{\"name\":\"b\"},\"roleRef\":{\"kind\":\"Role\",\"name\":\"r\"}}",
		 "ClusterRoleBinding.rbac.authorization.k8s.io \"b\" is invalid: roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
		 NULL},
		{"service account namespace", "{\"metadata\":{\"name\":\"b\"},\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"r\"},"
					      "\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"sa\"}]}",
		 "ClusterRoleBinding.rbac.authorization.k8s.io \"b\" is invalid: subjects[0].namespace: Required value", NULL},
	};
	st_run_cases(G, "clusterrolebindings", crbs, ST_N(crbs));
	_cleanup_free_ char *old = st_stored(G, "clusterrolebindings", "old",
					     "{\"metadata\":{\"name\":\"b\"},\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"view\"},"
					     "\"subjects\":[{\"kind\":\"Group\",\"name\":\"devs\"}]}");
	_cleanup_free_ char *got = st_update(G, "clusterrolebindings", "roleRef immutable",
					     "{\"metadata\":{\"name\":\"b\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS "\",\"resourceVersion\":\"5\"},"
					     "\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"edit\"},\"subjects\":[{\"kind\":\"Group\",\"name\":\"devs\"}]}",
					     old, false, NULL);
	st_check_message("roleRef immutable", got,
			 "ClusterRoleBinding.rbac.authorization.k8s.io \"b\" is invalid: roleRef: Invalid value: {\"APIGroup\":"
			 "\"rbac.authorization.k8s.io\",\"Kind\":\"ClusterRole\",\"Name\":\"edit\"}: cannot change roleRef");
}

static void test_reviews(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"kubectl auth can-i",
		 "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\",\"metadata\":{\"creationTimestamp\":null},"
		 "\"spec\":{\"resourceAttributes\":{\"namespace\":\"default\",\"verb\":\"create\",\"resource\":\"pods\"}},\"status\":{\"allowed\":false}}",
		 "", NULL},
		{"neither", "{\"spec\":{}}",
		 "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: null: exactly one of "
		 "nonResourceAttributes or resourceAttributes must be specified", NULL},
		{"both", "{\"spec\":{\"resourceAttributes\":{\"verb\":\"get\"},\"nonResourceAttributes\":{\"path\":\"/healthz\",\"verb\":\"get\"}}}",
		 "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.nonResourceAttributes: Invalid value: {\"Path\":\"/healthz\","
		 "\"Verb\":\"get\"}: cannot be specified in combination with resourceAttributes", NULL},
		{"metadata must be empty", "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"nonResourceAttributes\":{\"path\":\"/\",\"verb\":\"get\"}}}",
		 "SelfSubjectAccessReview.authorization.k8s.io \"x\" is invalid: metadata: Invalid value: {\"name\":\"x\"}: must be empty", NULL},
	};
	st_run_cases("authorization.k8s.io", "selfsubjectaccessreviews", cases, ST_N(cases));
	static const st_case sar[] = {
		{"user or group", "{\"spec\":{\"resourceAttributes\":{\"verb\":\"get\",\"resource\":\"pods\"}}}",
		 "SubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.user: Invalid value: \"\": at least one of user or group must be specified",
		 NULL},
	};
	st_run_cases("authorization.k8s.io", "subjectaccessreviews", sar, ST_N(sar));
}

/* Every resource in the table gets a strategy naming it (or the empty
 * one), and the lookup finds the row's own. */
static void test_table(void **state)
{
	(void)state;
	size_t with_hooks = 0;
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		const api_strategy *s = api_strategy_for(r);
		assert_non_null(s);
		if (s->group) {
			assert_string_equal(s->group, r->group);
			assert_string_equal(s->plural, r->plural);
			with_hooks++;
		}
	}
	assert_true(with_hooks >= 30);
	assert_non_null(api_strategy_for(NULL));
	/* the two event APIs have strategies of their own */
	assert_ptr_not_equal(api_strategy_for(kc_resource_find("", "v1", "events")),
			     api_strategy_for(kc_resource_find("events.k8s.io", "v1", "events")));
}

/* No strategy crashes, leaks or reads out of bounds on objects of the
 * wrong shape (the decoder upstream would refuse them; kc's generic code
 * may pass them on): every resource, create and update, a set of odd
 * documents. Run under ASan/valgrind this is the robustness check. */
static void test_malformed(void **state)
{
	(void)state;
	static const char *const docs[] = {
		"{}",
		"{\"metadata\":null,\"spec\":null,\"status\":null}",
		"{\"metadata\":[],\"spec\":\"x\",\"status\":7}",
		"{\"metadata\":{\"name\":5,\"namespace\":[],\"labels\":\"x\",\"annotations\":[1],\"finalizers\":{}},\"spec\":[]}",
		"{\"metadata\":{\"name\":\"x\",\"namespace\":\"d\"},\"spec\":{\"containers\":{\"a\":1},\"initContainers\":[1,\"x\",null,[]],"
		"\"volumes\":[{\"name\":1,\"emptyDir\":5},{}],\"tolerations\":\"x\",\"affinity\":[],\"ports\":[{\"port\":\"80\"},5],"
		"\"selector\":\"app=x\",\"template\":{\"metadata\":7,\"spec\":{\"containers\":[{\"resources\":{\"limits\":[1]},"
		"\"ports\":[{\"containerPort\":1e30}],\"env\":[{\"valueFrom\":7}],\"livenessProbe\":{\"httpGet\":\"x\"}}]}},"
		"\"jobTemplate\":[],\"rules\":{},\"strategy\":\"x\",\"updateStrategy\":[],\"clusterIPs\":[1,2,3],\"ipFamilies\":[null]}}",
		"{\"metadata\":{\"name\":\"x\",\"namespace\":\"d\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\","
		"\"resources\":{\"requests\":{\"cpu\":1e308,\"memory\":-1e308}},\"volumeMounts\":[{\"name\":[],\"mountPath\":{}}]}],"
		"\"selector\":{\"matchLabels\":{\"a\":1},\"matchExpressions\":[{\"operator\":7}]}},\"data\":[1],\"binaryData\":{\"k\":\"%%%\"},"
		"\"subsets\":[{\"addresses\":[{\"ip\":5}]}],\"endpoints\":\"x\",\"roleRef\":5,\"subjects\":[1],\"target\":[]}",
	};
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		for (size_t i = 0; i < ST_N(docs); i++) {
			_cleanup_free_ char *name = xasprintf("%s/%s doc %zu", r->group, r->plural, i);
			cJSON *created = NULL;
			_cleanup_free_ char *m1 = st_create(r->group, r->plural, name, docs[i], &created);
			_cleanup_free_ char *stored = cJSON_PrintUnformatted(created);
			cJSON_Delete(created);
			for (size_t j = 0; j < ST_N(docs); j++) {
				_cleanup_free_ char *m2 = st_update(r->group, r->plural, name, docs[j], stored, false, NULL);
				_cleanup_free_ char *m3 = st_update(r->group, r->plural, name, docs[j], stored, true, NULL);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_bindings),
		cmocka_unit_test(test_reviews),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
