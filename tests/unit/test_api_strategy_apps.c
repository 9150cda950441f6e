/* test_api_strategy_apps.c - Deployments, ReplicaSets, StatefulSets,
 * DaemonSets, ControllerRevisions and ReplicationControllers: apps/v1
 * defaults, selector/template rules, strategies and update rules. */
#include "api_strategy_test.h"

#define META(n) "\"metadata\":{\"name\":\"" n "\",\"namespace\":\"default\",\"uid\":\"11111111-2222-3333-4444-555555555555\"," \
		"\"creationTimestamp\":\"2024-05-01T12:00:00Z\",\"generation\":1}"
#define UMETA(n) "\"metadata\":{\"name\":\"" n "\",\"namespace\":\"default\",\"uid\":\"11111111-2222-3333-4444-555555555555\"," \
		 "\"creationTimestamp\":\"2024-05-01T12:00:00Z\",\"resourceVersion\":\"5\"}"

/* A template's spec after the PodSpec defaults (one nginx container). */
#define NGINX_TSPEC(image, ports)                                                                                  \
	"{\"containers\":[{\"name\":\"nginx\",\"image\":\"" image "\"" ports ",\"resources\":{},\"imagePullPolicy\":" \
	"\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}]," \
	"\"restartPolicy\":\"Always\",\"terminationGracePeriodSeconds\":30,\"dnsPolicy\":\"ClusterFirst\","            \
	"\"securityContext\":{},\"schedulerName\":\"default-scheduler\"}"

static const char nginx_deployment[] =
	"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"nginx-deployment\",\"namespace\":\"default\"},"
	"\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"nginx\"}},\"replicas\":2,\"template\":{\"metadata\":{\"labels\":"
	"{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\",\"ports\":[{\"containerPort\":80}]}]}}}}";

static const char nginx_stable_deployment[] =
	"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\"},"
	"\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"nginx\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},"
	"\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:stable\"}]}}}}";

#define DEP(spec) "{\"metadata\":{\"name\":\"d\",\"namespace\":\"default\"},\"spec\":" spec "}"
#define TMPL(labels, extra) "\"template\":{\"metadata\":{\"labels\":" labels "},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x:1\"}]" extra "}}"
#define SEL(labels) "\"selector\":{\"matchLabels\":" labels "}"
#define ED(m) "Deployment.apps \"d\" is invalid: " m

static void test_deployment_seeds(void **state)
{
	(void)state;
	static const st_defaults_case defaults[] = {
		{"nginx-deployment seed", nginx_deployment,
		 "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"," META("nginx-deployment") ",\"spec\":{\"selector\":{\"matchLabels\":"
		 "{\"app\":\"nginx\"}},\"replicas\":2,\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":"
		 NGINX_TSPEC("nginx:1.14.2", ",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}]")
		 "},\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}},"
		 "\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600},\"status\":{}}"},
		{"nginx:stable seed", nginx_stable_deployment,
		 "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\"," META("nginx") ",\"spec\":{\"selector\":{\"matchLabels\":"
		 "{\"app\":\"nginx\"}},\"replicas\":1,\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":"
		 NGINX_TSPEC("nginx:stable", "")
		 "},\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}},"
		 "\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600},\"status\":{}}"},
	};
	st_run_defaults("apps", "deployments", defaults, ST_N(defaults));
}

static void test_deployment_validation(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"selector mismatch", DEP("{" SEL("{\"app\":\"y\"}") "," TMPL("{\"app\":\"x\"}", "") "}"),
		 ED("spec.template.metadata.labels: Invalid value: {\"app\":\"x\"}: `selector` does not match template `labels`"), NULL},
		/* a missing selector selects nothing, so the template does not match it either */
		{"selector required", DEP("{" TMPL("{\"app\":\"x\"}", "") "}"),
		 ED("[spec.selector: Required value, spec.template.metadata.labels: Invalid value: {\"app\":\"x\"}: "
		    "`selector` does not match template `labels`]"), NULL},
		{"empty selector", DEP("{\"selector\":{}," TMPL("{\"app\":\"x\"}", "") "}"),
		 ED("spec.selector: Invalid value: {}: empty selector is invalid for deployment"), NULL},
		{"negative replicas", DEP("{\"replicas\":-1," SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") "}"),
		 ED("spec.replicas: Invalid value: -1: must be greater than or equal to 0"), NULL},
		{"restartPolicy must be Always",
		 DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", ",\"restartPolicy\":\"OnFailure\"") "}"),
		 ED("spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""), NULL},
		{"activeDeadlineSeconds",
		 DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", ",\"activeDeadlineSeconds\":10") "}"),
		 ED("spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported"), NULL},
		{"maxSurge and maxUnavailable both 0",
		 DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") ",\"strategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":0}}}"),
		 ED("spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"), NULL},
		{"percentages",
		 DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") ",\"strategy\":{\"rollingUpdate\":{\"maxSurge\":\"half\",\"maxUnavailable\":\"150%\"}}}"),
		 ED("[spec.strategy.rollingUpdate.maxSurge: Invalid value: \"half\": a valid percent string must be a numeric string followed "
		    "by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%'), "
		    "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%]"), NULL},
		{"Recreate with rollingUpdate",
		 DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") ",\"strategy\":{\"type\":\"Recreate\",\"rollingUpdate\":{}}}"),
		 ED("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"), NULL},
		{"strategy type",
		 DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") ",\"strategy\":{\"type\":\"BlueGreen\"}}"),
		 ED("spec.strategy: Unsupported value: {\"Type\":\"BlueGreen\",\"RollingUpdate\":null}: supported values: \"Recreate\", \"RollingUpdate\""), NULL},
		{"progressDeadlineSeconds",
		 DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") ",\"minReadySeconds\":30,\"progressDeadlineSeconds\":20}"),
		 ED("spec.progressDeadlineSeconds: Invalid value: 20: must be greater than minReadySeconds"), NULL},
		{"template labels checked at spec.template.labels",
		 DEP("{\"selector\":{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"Exists\"}]}," TMPL("{\"app\":\"a b\"}", "") "}"),
		 "prefix:" ED("spec.template.labels: Invalid value: \"a b\": a valid label must be an empty string"), NULL},
		{"pod template spec errors", DEP("{" SEL("{\"app\":\"x\"}") ",\"template\":{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":{}}}"),
		 ED("spec.template.spec.containers: Required value"), NULL},
	};
	st_run_cases("apps", "deployments", cases, ST_N(cases));
}

static void test_deployment_update(void **state)
{
	(void)state;
	_cleanup_free_ char *old = st_stored("apps", "deployments", "old", DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") "}"));
	const st_case cases[] = {
		{"scale", "{" UMETA("d") ",\"spec\":{\"replicas\":5," SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") "}}", "", old},
		{"selector immutable",
		 "{" UMETA("d") ",\"spec\":{" SEL("{\"app\":\"x\",\"tier\":\"web\"}") "," TMPL("{\"app\":\"x\",\"tier\":\"web\"}", "") "}}",
		 ED("spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"x\",\"tier\":\"web\"}}: field is immutable"), old},
	};
	st_run_cases("apps", "deployments", cases, ST_N(cases));

	/* a template change bumps metadata.generation (the generic code
	 * does it; the strategy keeps status) */
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_update("apps", "deployments", "status kept",
					     "{" UMETA("d") ",\"spec\":{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") "},"
					     "\"status\":{\"replicas\":99}}",
					     old, false, &obj);
	assert_string_equal(msg, "");
	assert_null(kc_json_get(obj, "status.replicas"));
	cJSON_Delete(obj);
}

static void test_deployment_status(void **state)
{
	(void)state;
	_cleanup_free_ char *old = st_stored("apps", "deployments", "old", DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") "}"));
	_cleanup_free_ char *got = st_update("apps", "deployments", "status",
					     "{" UMETA("d") ",\"status\":{\"replicas\":1,\"readyReplicas\":2,\"availableReplicas\":-1}}",
					     old, true, NULL);
	st_check_message("status", got,
			 ED("[status.availableReplicas: Invalid value: -1: must be greater than or equal to 0, "
			    "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas]"));
}

#define ERS(m) "ReplicaSet.apps \"d\" is invalid: " m

static void test_replicasets(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"valid", DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") "}"), "", NULL},
		/* upstream's ReplicaSet message says "deployment" */
		{"empty selector", DEP("{\"selector\":{\"matchLabels\":{}}," TMPL("{\"app\":\"x\"}", "") "}"),
		 ERS("spec.selector: Invalid value: {\"matchLabels\":{}}: empty selector is invalid for deployment"), NULL},
	};
	st_run_cases("apps", "replicasets", cases, ST_N(cases));
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create("apps", "replicasets", "defaults", DEP("{" SEL("{\"app\":\"x\"}") "," TMPL("{\"app\":\"x\"}", "") "}"), &obj);
	assert_string_equal(msg, "");
	assert_int_equal(kc_json_get_int(obj, "spec.replicas", 0), 1);
	cJSON_Delete(obj);
	const api_strategy *s = api_strategy_for(st_resource("apps", "replicasets"));
	assert_string_equal(s->field_selectors[0], "status.replicas");
}

#define ESS(m) "StatefulSet.apps \"db\" is invalid: " m
#define STS(spec) "{\"metadata\":{\"name\":\"db\",\"namespace\":\"default\"},\"spec\":" spec "}"

static void test_statefulsets(void **state)
{
	(void)state;
	static const st_defaults_case defaults[] = {
		{"defaults", STS("{\"serviceName\":\"db\"," SEL("{\"app\":\"db\"}") "," TMPL("{\"app\":\"db\"}", "") "}"),
		 "{" "\"metadata\":{\"name\":\"db\",\"namespace\":\"default\",\"uid\":\"11111111-2222-3333-4444-555555555555\","
		 "\"creationTimestamp\":\"2024-05-01T12:00:00Z\",\"generation\":1},\"spec\":{\"serviceName\":\"db\","
		 SEL("{\"app\":\"db\"}") ",\"template\":{\"metadata\":{\"labels\":{\"app\":\"db\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
		 "\"image\":\"x:1\",\"resources\":{},\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log\","
		 "\"terminationMessagePolicy\":\"File\"}],\"restartPolicy\":\"Always\",\"terminationGracePeriodSeconds\":30,"
		 "\"dnsPolicy\":\"ClusterFirst\",\"securityContext\":{},\"schedulerName\":\"default-scheduler\"}},"
		 "\"podManagementPolicy\":\"OrderedReady\",\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0}},"
		 "\"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Retain\",\"whenScaled\":\"Retain\"},\"replicas\":1,"
		 "\"revisionHistoryLimit\":10},\"status\":{}}"},
	};
	st_run_defaults("apps", "statefulsets", defaults, ST_N(defaults));
	static const st_case cases[] = {
		{"podManagementPolicy", STS("{\"podManagementPolicy\":\"Fast\"," SEL("{\"app\":\"db\"}") "," TMPL("{\"app\":\"db\"}", "") "}"),
		 ESS("spec.podManagementPolicy: Invalid value: \"Fast\": must be 'OrderedReady' or 'Parallel'"), NULL},
		{"OnDelete with rollingUpdate",
		 STS("{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":{\"partition\":1}}," SEL("{\"app\":\"db\"}") "," TMPL("{\"app\":\"db\"}", "") "}"),
		 ESS("spec.updateStrategy.rollingUpdate: Invalid value: {\"Partition\":1,\"MaxUnavailable\":null}: only allowed for updateStrategy 'RollingUpdate'"), NULL},
		{"retention policy",
		 STS("{\"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Keep\"}," SEL("{\"app\":\"db\"}") "," TMPL("{\"app\":\"db\"}", "") "}"),
		 ESS("spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Retain\", \"Delete\""), NULL},
		{"empty selector", STS("{\"selector\":{}," TMPL("{\"app\":\"db\"}", "") "}"),
		 ESS("spec.selector: Invalid value: {}: empty selector is invalid for statefulset"), NULL},
		{"selector mismatch", STS("{" SEL("{\"app\":\"other\"}") "," TMPL("{\"app\":\"db\"}", "") "}"),
		 ESS("spec.template.metadata.labels: Invalid value: {\"app\":\"db\"}: `selector` does not match template `labels`"), NULL},
	};
	st_run_cases("apps", "statefulsets", cases, ST_N(cases));
	_cleanup_free_ char *old = st_stored("apps", "statefulsets", "old", STS("{\"serviceName\":\"db\"," SEL("{\"app\":\"db\"}") "," TMPL("{\"app\":\"db\"}", "") "}"));
	const st_case updates[] = {
		{"scale", "{" UMETA("db") ",\"spec\":{\"replicas\":3,\"serviceName\":\"db\"," SEL("{\"app\":\"db\"}") "," TMPL("{\"app\":\"db\"}", "") "}}", "", old},
		{"serviceName is fixed", "{" UMETA("db") ",\"spec\":{\"serviceName\":\"other\"," SEL("{\"app\":\"db\"}") "," TMPL("{\"app\":\"db\"}", "") "}}",
		 ESS("spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
		     "'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"),
		 old},
	};
	st_run_cases("apps", "statefulsets", updates, ST_N(updates));
}

#define EDS(m) "DaemonSet.apps \"ds\" is invalid: " m
#define DS(spec) "{\"metadata\":{\"name\":\"ds\",\"namespace\":\"default\"},\"spec\":" spec "}"

static void test_daemonsets(void **state)
{
	(void)state;
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create("apps", "daemonsets", "defaults", DS("{" SEL("{\"app\":\"agent\"}") "," TMPL("{\"app\":\"agent\"}", "") "}"), &obj);
	assert_string_equal(msg, "");
	assert_string_equal(kc_json_get_str(obj, "spec.updateStrategy.type", ""), "RollingUpdate");
	assert_int_equal(kc_json_get_int(obj, "spec.updateStrategy.rollingUpdate.maxUnavailable", -1), 1);
	assert_int_equal(kc_json_get_int(obj, "spec.updateStrategy.rollingUpdate.maxSurge", -1), 0);
	assert_int_equal(kc_json_get_int(obj, "spec.revisionHistoryLimit", 0), 10);
	const cJSON *ann = kc_json_get(obj, "metadata.annotations");
	assert_string_equal(cJSON_GetObjectItem(ann, "deprecated.daemonset.template.generation")->valuestring, "1");
	cJSON_Delete(obj);

	static const st_case cases[] = {
		{"surge and unavailable",
		 DS("{" SEL("{\"app\":\"a\"}") "," TMPL("{\"app\":\"a\"}", "") ",\"updateStrategy\":{\"rollingUpdate\":{\"maxUnavailable\":1,\"maxSurge\":1}}}"),
		 EDS("spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"), NULL},
		{"neither", DS("{" SEL("{\"app\":\"a\"}") "," TMPL("{\"app\":\"a\"}", "") ",\"updateStrategy\":{\"rollingUpdate\":{\"maxUnavailable\":0,\"maxSurge\":0}}}"),
		 EDS("spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"), NULL},
		{"selector mismatch", DS("{" SEL("{\"app\":\"b\"}") "," TMPL("{\"app\":\"a\"}", "") "}"),
		 EDS("spec.template.metadata.labels: Invalid value: {\"app\":\"a\"}: `selector` does not match template `labels`"), NULL},
		{"restartPolicy", DS("{" SEL("{\"app\":\"a\"}") "," TMPL("{\"app\":\"a\"}", ",\"restartPolicy\":\"Never\"") "}"),
		 EDS("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""), NULL},
	};
	st_run_cases("apps", "daemonsets", cases, ST_N(cases));

	/* a template change bumps the template generation annotation */
	_cleanup_free_ char *old = st_stored("apps", "daemonsets", "old", DS("{" SEL("{\"app\":\"a\"}") "," TMPL("{\"app\":\"a\"}", "") "}"));
	obj = NULL;
	free(msg);
	msg = st_update("apps", "daemonsets", "template change",
			"{\"metadata\":{\"name\":\"ds\",\"namespace\":\"default\",\"uid\":\"11111111-2222-3333-4444-555555555555\","
			"\"creationTimestamp\":\"2024-05-01T12:00:00Z\",\"resourceVersion\":\"5\",\"annotations\":{"
			"\"deprecated.daemonset.template.generation\":\"1\"}},\"spec\":{" SEL("{\"app\":\"a\"}") ","
			"\"template\":{\"metadata\":{\"labels\":{\"app\":\"a\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x:2\"}]}}}}",
			old, false, &obj);
	assert_string_equal(msg, "");
	assert_string_equal(cJSON_GetObjectItem(kc_json_get(obj, "metadata.annotations"), "deprecated.daemonset.template.generation")->valuestring, "2");
	cJSON_Delete(obj);
}

static void test_replicationcontrollers(void **state)
{
	(void)state;
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create("", "replicationcontrollers", "selector from template",
					     "{\"metadata\":{\"name\":\"rc\",\"namespace\":\"default\"},\"spec\":{" TMPL("{\"app\":\"a\"}", "") "}}", &obj);
	assert_string_equal(msg, "");
	assert_string_equal(kc_json_get_str(obj, "spec.selector.app", ""), "a");
	assert_string_equal(kc_json_get_str(obj, "metadata.labels.app", ""), "a");
	assert_int_equal(kc_json_get_int(obj, "spec.replicas", 0), 1);
	cJSON_Delete(obj);
	static const st_case cases[] = {
		{"template required", "{\"metadata\":{\"name\":\"rc\",\"namespace\":\"default\"},\"spec\":{\"selector\":{\"a\":\"b\"}}}",
		 "ReplicationController \"rc\" is invalid: spec.template: Required value", NULL},
		{"selector mismatch",
		 "{\"metadata\":{\"name\":\"rc\",\"namespace\":\"default\"},\"spec\":{\"selector\":{\"app\":\"b\"}," TMPL("{\"app\":\"a\"}", "") "}}",
		 "ReplicationController \"rc\" is invalid: spec.template.metadata.labels: Invalid value: {\"app\":\"a\"}: `selector` does not match template `labels`",
		 NULL},
	};
	st_run_cases("", "replicationcontrollers", cases, ST_N(cases));
}

static void test_controllerrevisions(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"valid", "{\"metadata\":{\"name\":\"web-7d4b9c\",\"namespace\":\"default\"},\"data\":{\"spec\":{}},\"revision\":1}", "", NULL},
		{"data required", "{\"metadata\":{\"name\":\"r\",\"namespace\":\"default\"},\"revision\":-1}",
		 "ControllerRevision.apps \"r\" is invalid: [data: Required value: data is mandatory, revision: Invalid value: -1: must be "
		 "greater than or equal to 0]", NULL},
	};
	st_run_cases("apps", "controllerrevisions", cases, ST_N(cases));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deployment_seeds),  cmocka_unit_test(test_deployment_validation),
		cmocka_unit_test(test_deployment_update), cmocka_unit_test(test_deployment_status),
		cmocka_unit_test(test_replicasets),       cmocka_unit_test(test_statefulsets),
		cmocka_unit_test(test_daemonsets),        cmocka_unit_test(test_replicationcontrollers),
		cmocka_unit_test(test_controllerrevisions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
