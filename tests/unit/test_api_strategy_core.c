/* test_api_strategy_core.c - namespaces, nodes, configmaps, secrets,
 * serviceaccounts, endpoints, core events, bindings, persistent volumes,
 * claims and storage classes. */
#include "api_strategy_test.h"

#include "common/base64.h"

#define UID "11111111-2222-3333-4444-555555555555"
#define TS "2024-05-01T12:00:00Z"

static void test_namespaces(void **state)
{
	(void)state;
	static const st_defaults_case defaults[] = {
		{"new namespace", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team-a\"}}",
		 "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team-a\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS
		 "\",\"labels\":{\"kubernetes.io/metadata.name\":\"team-a\"}},\"spec\":{\"finalizers\":[\"kubernetes\"]},"
		 "\"status\":{\"phase\":\"Active\"}}"},
		{"finalizers kept, kubernetes added",
		 "{\"metadata\":{\"name\":\"b\",\"labels\":{\"x\":\"y\"}},\"spec\":{\"finalizers\":[\"example.com/cleanup\"]},\"status\":{\"phase\":\"Terminating\"}}",
		 "{\"metadata\":{\"name\":\"b\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS "\",\"labels\":{\"x\":\"y\","
		 "\"kubernetes.io/metadata.name\":\"b\"}},\"spec\":{\"finalizers\":[\"example.com/cleanup\",\"kubernetes\"]},"
		 "\"status\":{\"phase\":\"Active\"}}"},
	};
	st_run_defaults("", "namespaces", defaults, ST_N(defaults));
	static const st_case cases[] = {
		{"finalizer name", "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"finalizers\":[\"custom\"]}}",
		 "Namespace \"n\" is invalid: spec.finalizers: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified",
		 NULL},
		{"name is a label", "{\"metadata\":{\"name\":\"Team\"}}",
		 "prefix:Namespace \"Team\" is invalid: metadata.name: Invalid value: \"Team\": a lowercase RFC 1123 label", NULL},
	};
	st_run_cases("", "namespaces", cases, ST_N(cases));

	_cleanup_free_ char *old = st_stored("", "namespaces", "old", "{\"metadata\":{\"name\":\"n\"}}");
	_cleanup_free_ char *got = st_update("", "namespaces", "status phase",
					     "{\"metadata\":{\"name\":\"n\",\"resourceVersion\":\"5\"},\"status\":{\"phase\":\"Terminating\"}}",
					     old, true, NULL);
	st_check_message("status phase", got,
			 "Namespace \"n\" is invalid: status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty");
	/* a spec update keeps the finalizers (only /finalize may change them) */
	cJSON *obj = NULL;
	free(got);
	got = st_update("", "namespaces", "finalizers kept",
			"{\"metadata\":{\"name\":\"n\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS "\",\"resourceVersion\":\"5\"},"
			"\"spec\":{\"finalizers\":[]}}",
			old, false, &obj);
	assert_string_equal(got, "");
	assert_string_equal(cJSON_GetArrayItem(kc_json_get(obj, "spec.finalizers"), 0)->valuestring, "kubernetes");
	cJSON_Delete(obj);
}

static void test_nodes(void **state)
{
	(void)state;
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create("", "nodes", "defaults",
					     "{\"metadata\":{\"name\":\"node-1\"},\"spec\":{\"podCIDR\":\"10.244.1.0/24\"},"
					     "\"status\":{\"capacity\":{\"cpu\":\"2\",\"memory\":\"4096Mi\",\"pods\":\"110\"}}}",
					     &obj);
	assert_string_equal(msg, "");
	assert_string_equal(cJSON_GetArrayItem(kc_json_get(obj, "spec.podCIDRs"), 0)->valuestring, "10.244.1.0/24");
	assert_string_equal(kc_json_get_str(obj, "status.allocatable.memory", ""), "4Gi");
	cJSON_Delete(obj);
	static const st_case cases[] = {
		{"taints", "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"taints\":[{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"},"
			   "{\"key\":\"dedicated\",\"value\":\"x\",\"effect\":\"NoSchedule\"},{\"key\":\"a\",\"effect\":\"Sometimes\"},{\"key\":\"b\"}]}}",
		 "Node \"n\" is invalid: [metadata.taints[1]: Duplicate value: {\"Key\":\"dedicated\",\"Value\":\"x\",\"Effect\":\"NoSchedule\",\"TimeAdded\":null}: "
		 "taints must be unique by key and effect pair, metadata.taints[2].effect: Unsupported value: \"Sometimes\": supported values: "
		 "\"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\", metadata.taints[3].effect: Required value]",
		 NULL},
		{"podCIDR", "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"podCIDRs\":[\"10.244.1.0/33\"]}}",
		 "prefix:Node \"n\" is invalid: spec.podCIDRs[0]: Invalid value: \"10.244.1.0/33\"", NULL},
		{"unschedulable", "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"unschedulable\":true}}", "", NULL},
	};
	st_run_cases("", "nodes", cases, ST_N(cases));
	_cleanup_free_ char *old = st_stored("", "nodes", "old", "{\"metadata\":{\"name\":\"n\"},\"spec\":{\"podCIDR\":\"10.244.1.0/24\"}}");
	const st_case updates[] = {
		{"podCIDR immutable", "{\"metadata\":{\"name\":\"n\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS "\",\"resourceVersion\":\"5\"},"
				      "\"spec\":{\"podCIDR\":\"10.244.2.0/24\",\"podCIDRs\":[\"10.244.2.0/24\"]}}",
		 "Node \"n\" is invalid: spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid", old},
		{"cordon", "{\"metadata\":{\"name\":\"n\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS "\",\"resourceVersion\":\"5\"},"
			   "\"spec\":{\"podCIDR\":\"10.244.1.0/24\",\"unschedulable\":true}}",
		 "", old},
	};
	st_run_cases("", "nodes", updates, ST_N(updates));
	const api_strategy *s = api_strategy_for(st_resource("", "nodes"));
	assert_string_equal(s->field_selectors[0], "spec.unschedulable");
}

static void test_configmaps(void **state)
{
	(void)state;
	/* 1 MiB of data */
	size_t big = 1024 * 1024 + 1;
	char *blob = xmalloc(big + 1);
	memset(blob, 'a', big);
	blob[big] = '\0';
	_cleanup_free_ char *too_big = xasprintf("{\"metadata\":{\"name\":\"big\",\"namespace\":\"d\"},\"data\":{\"k\":\"%s\"}}", blob);
	free(blob);
	const st_case cases[] = {
		{"valid", "{\"metadata\":{\"name\":\"cfg\",\"namespace\":\"d\"},\"data\":{\"app.properties\":\"a=b\"},\"binaryData\":{\"bin\":\"AAE=\"}}", "", NULL},
		{"key", "{\"metadata\":{\"name\":\"cfg\",\"namespace\":\"d\"},\"data\":{\"a/b\":\"x\"}}",
		 "ConfigMap \"cfg\" is invalid: data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, "
		 "'-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')", NULL},
		{"overlap", "{\"metadata\":{\"name\":\"cfg\",\"namespace\":\"d\"},\"data\":{\"k\":\"x\"},\"binaryData\":{\"k\":\"AA==\"}}",
		 "ConfigMap \"cfg\" is invalid: data[k]: Invalid value: \"k\": duplicate of key present in binaryData", NULL},
		{"too big", too_big, "ConfigMap \"big\" is invalid: : Too long: may not be more than 1048576 bytes", NULL},
	};
	st_run_cases("", "configmaps", cases, ST_N(cases));
	_cleanup_free_ char *old = st_stored("", "configmaps", "old", "{\"metadata\":{\"name\":\"c\",\"namespace\":\"d\"},\"data\":{\"k\":\"v\"},\"immutable\":true}");
	const st_case updates[] = {
		{"immutable data", "{\"metadata\":{\"name\":\"c\",\"namespace\":\"d\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS
				   "\",\"resourceVersion\":\"5\"},\"data\":{\"k\":\"w\"},\"immutable\":true}",
		 "ConfigMap \"c\" is invalid: data: Forbidden: field is immutable when `immutable` is set", old},
		{"immutable stays", "{\"metadata\":{\"name\":\"c\",\"namespace\":\"d\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS
				    "\",\"resourceVersion\":\"5\"},\"data\":{\"k\":\"v\"},\"immutable\":false}",
		 "ConfigMap \"c\" is invalid: immutable: Forbidden: field is immutable when `immutable` is set", old},
		{"labels may change", "{\"metadata\":{\"name\":\"c\",\"namespace\":\"d\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS
				      "\",\"resourceVersion\":\"5\",\"labels\":{\"a\":\"b\"}},\"data\":{\"k\":\"v\"},\"immutable\":true}",
		 "", old},
	};
	st_run_cases("", "configmaps", updates, ST_N(updates));
}

static void test_secrets(void **state)
{
	(void)state;
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create("", "secrets", "stringData",
					     "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},\"data\":{\"a\":\"eA==\"},\"stringData\":{\"b\":\"hello\"}}",
					     &obj);
	assert_string_equal(msg, "");
	assert_string_equal(kc_json_get_str(obj, "type", ""), "Opaque");
	assert_string_equal(kc_json_get_str(obj, "data.b", ""), "aGVsbG8=");
	assert_string_equal(kc_json_get_str(obj, "data.a", ""), "eA==");
	assert_null(cJSON_GetObjectItem(obj, "stringData"));
	cJSON_Delete(obj);
	static const st_case cases[] = {
		{"tls needs cert and key", "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\"eA==\"}}",
		 "Secret \"s\" is invalid: data[tls.key]: Required value", NULL},
		{"tls complete", "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},\"type\":\"kubernetes.io/tls\",\"data\":{\"tls.crt\":\"eA==\",\"tls.key\":\"eA==\"}}",
		 "", NULL},
		{"service account token", "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},\"type\":\"kubernetes.io/service-account-token\"}",
		 "Secret \"s\" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value", NULL},
		{"basic auth", "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},\"type\":\"kubernetes.io/basic-auth\"}",
		 "Secret \"s\" is invalid: [data[username]: Required value, data[password]: Required value]", NULL},
		{"dockerconfigjson", "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},\"type\":\"kubernetes.io/dockerconfigjson\",\"data\":{\".dockerconfigjson\":\"e30=\"}}",
		 "", NULL},
		{"key", "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},\"data\":{\"..\":\"eA==\"}}",
		 "Secret \"s\" is invalid: data[..]: Invalid value: \"..\": must not be '..'", NULL},
	};
	st_run_cases("", "secrets", cases, ST_N(cases));
	_cleanup_free_ char *old = st_stored("", "secrets", "old", "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\"},\"data\":{\"a\":\"eA==\"}}");
	_cleanup_free_ char *got = st_update("", "secrets", "type immutable",
					     "{\"metadata\":{\"name\":\"s\",\"namespace\":\"d\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS
					     "\",\"resourceVersion\":\"5\"},\"type\":\"kubernetes.io/basic-auth\",\"data\":{\"username\":\"eA==\"}}",
					     old, false, NULL);
	st_check_message("type immutable", got, "Secret \"s\" is invalid: type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable");
	const api_strategy *s = api_strategy_for(st_resource("", "secrets"));
	assert_string_equal(s->field_selectors[0], "type");
}

static void test_endpoints_events_bindings(void **state)
{
	(void)state;
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create("", "endpoints", "protocol default",
					     "{\"metadata\":{\"name\":\"e\",\"namespace\":\"d\"},\"subsets\":[{\"addresses\":[{\"ip\":\"10.244.1.5\"}],"
					     "\"ports\":[{\"port\":8080}]}]}",
					     &obj);
	assert_string_equal(msg, "");
	assert_string_equal(kc_json_get_str(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(obj, "subsets"), 0), "ports"), 0), "protocol", ""), "TCP");
	cJSON_Delete(obj);
	static const st_case endpoints[] = {
		{"addresses required", "{\"metadata\":{\"name\":\"e\",\"namespace\":\"d\"},\"subsets\":[{\"ports\":[{\"port\":80}]}]}",
		 "Endpoints \"e\" is invalid: subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`", NULL},
		{"loopback", "{\"metadata\":{\"name\":\"e\",\"namespace\":\"d\"},\"subsets\":[{\"addresses\":[{\"ip\":\"127.0.0.1\"}]}]}",
		 "Endpoints \"e\" is invalid: subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)",
		 NULL},
		{"port names with several ports",
		 "{\"metadata\":{\"name\":\"e\",\"namespace\":\"d\"},\"subsets\":[{\"addresses\":[{\"ip\":\"10.0.0.1\"}],\"ports\":[{\"port\":80},{\"port\":81,\"name\":\"b\"}]}]}",
		 "Endpoints \"e\" is invalid: subsets[0].ports[0].name: Required value", NULL},
	};
	st_run_cases("", "endpoints", endpoints, ST_N(endpoints));

	static const st_case events[] = {
		{"kubelet event",
		 "{\"metadata\":{\"name\":\"nginx.17c3b5a6f0a1b2c3\",\"namespace\":\"default\"},\"involvedObject\":{\"kind\":\"Pod\","
		 "\"namespace\":\"default\",\"name\":\"nginx\"},\"reason\":\"Pulled\",\"message\":\"ok\",\"source\":{\"component\":\"kubelet\"},"
		 "\"type\":\"Normal\",\"count\":1}",
		 "", NULL},
		{"namespace mismatch",
		 "{\"metadata\":{\"name\":\"e\",\"namespace\":\"default\"},\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\"other\",\"name\":\"p\"}}",
		 "Event \"e\" is invalid: involvedObject.namespace: Invalid value: \"other\": does not match event.namespace", NULL},
		{"new-style event needs its reporter",
		 "{\"metadata\":{\"name\":\"e\",\"namespace\":\"default\"},\"eventTime\":\"2024-05-01T12:00:00.000000Z\",\"involvedObject\":"
		 "{\"kind\":\"Pod\",\"namespace\":\"default\",\"name\":\"p\"},\"reason\":\"Scheduled\"}",
		 "Event \"e\" is invalid: [reportingComponent: Required value, reportingComponent: Invalid value: \"\": name part must be "
		 "non-empty, reportingComponent: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', "
		 "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
		 "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), reportingInstance: Required value, action: Required value]",
		 NULL},
	};
	st_run_cases("", "events", events, ST_N(events));
	const api_strategy *s = api_strategy_for(st_resource("", "events"));
	assert_string_equal(s->field_selectors[0], "involvedObject.kind");

	static const st_case bindings[] = {
		{"bind", "{\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-1\"}}", "", NULL},
		{"target", "{\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\"},\"target\":{\"kind\":\"Pod\"}}",
		 "Binding \"nginx\" is invalid: [target.kind: Unsupported value: \"Pod\": supported values: \"Node\", \"<empty>\", "
		 "target.name: Required value]", NULL},
	};
	st_run_cases("", "bindings", bindings, ST_N(bindings));
}

static void test_volumes(void **state)
{
	(void)state;
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create("", "persistentvolumes", "pv defaults",
					     "{\"metadata\":{\"name\":\"pv1\"},\"spec\":{\"capacity\":{\"storage\":\"10Gi\"},\"accessModes\":[\"ReadWriteOnce\"],"
					     "\"hostPath\":{\"path\":\"/mnt/data\"}}}",
					     &obj);
	assert_string_equal(msg, "");
	assert_string_equal(kc_json_get_str(obj, "spec.persistentVolumeReclaimPolicy", ""), "Retain");
	assert_string_equal(kc_json_get_str(obj, "spec.volumeMode", ""), "Filesystem");
	assert_string_equal(kc_json_get_str(obj, "status.phase", ""), "Pending");
	cJSON_Delete(obj);
	static const st_case pvs[] = {
		{"empty", "{\"metadata\":{\"name\":\"pv\"},\"spec\":{}}",
		 "PersistentVolume \"pv\" is invalid: [spec.accessModes: Required value, spec.capacity: Required value, spec.capacity: "
		 "Unsupported value: null: supported values: \"storage\", spec: Required value: must specify a volume type]", NULL},
		{"two sources", "{\"metadata\":{\"name\":\"pv\"},\"spec\":{\"capacity\":{\"storage\":\"1Gi\"},\"accessModes\":[\"ReadWriteMany\"],"
				"\"hostPath\":{\"path\":\"/a\"},\"nfs\":{\"server\":\"nfs\",\"path\":\"/x\"}}}",
		 "PersistentVolume \"pv\" is invalid: spec.nfs: Forbidden: may not specify more than 1 volume type", NULL},
		{"access modes", "{\"metadata\":{\"name\":\"pv\"},\"spec\":{\"capacity\":{\"storage\":\"0\"},\"accessModes\":[\"ReadWriteOncePod\",\"ReadWriteOnce\"],"
				 "\"nfs\":{\"server\":\"nfs\",\"path\":\"/x\"}}}",
		 "PersistentVolume \"pv\" is invalid: [spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes, "
		 "spec.capacity[storage]: Invalid value: \"0\": must be greater than zero]", NULL},
	};
	st_run_cases("", "persistentvolumes", pvs, ST_N(pvs));

	static const st_case pvcs[] = {
		{"valid", "{\"metadata\":{\"name\":\"data\",\"namespace\":\"d\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],"
			  "\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}",
		 "", NULL},
		{"requirements", "{\"metadata\":{\"name\":\"data\",\"namespace\":\"d\"},\"spec\":{}}",
		 "PersistentVolumeClaim \"data\" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, "
		 "spec.resources[storage]: Required value]", NULL},
	};
	st_run_cases("", "persistentvolumeclaims", pvcs, ST_N(pvcs));
	_cleanup_free_ char *old = st_stored("", "persistentvolumeclaims", "old",
					     "{\"metadata\":{\"name\":\"data\",\"namespace\":\"d\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],"
					     "\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}");
	const st_case pvc_updates[] = {
		{"access modes immutable",
		 "{\"metadata\":{\"name\":\"data\",\"namespace\":\"d\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS "\",\"resourceVersion\":\"5\"},"
		 "\"spec\":{\"accessModes\":[\"ReadWriteMany\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}",
		 "prefix:PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests "
		 "and volumeAttributesClassName for bound claims\n",
		 old},
		{"volumeName set once",
		 "{\"metadata\":{\"name\":\"data\",\"namespace\":\"d\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS "\",\"resourceVersion\":\"5\"},"
		 "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"volumeName\":\"pv1\",\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}",
		 "", old},
	};
	st_run_cases("", "persistentvolumeclaims", pvc_updates, ST_N(pvc_updates));

	obj = NULL;
	free(msg);
	msg = st_create("storage.k8s.io", "storageclasses", "sc defaults",
			"{\"metadata\":{\"name\":\"standard\"},\"provisioner\":\"rancher.io/local-path\"}", &obj);
	assert_string_equal(msg, "");
	assert_string_equal(kc_json_get_str(obj, "reclaimPolicy", ""), "Delete");
	assert_string_equal(kc_json_get_str(obj, "volumeBindingMode", ""), "Immediate");
	cJSON_Delete(obj);
	static const st_case scs[] = {
		{"provisioner required", "{\"metadata\":{\"name\":\"sc\"}}", "StorageClass.storage.k8s.io \"sc\" is invalid: provisioner: Required value", NULL},
		{"reclaimPolicy", "{\"metadata\":{\"name\":\"sc\"},\"provisioner\":\"x.io/p\",\"reclaimPolicy\":\"Recycle\"}",
		 "StorageClass.storage.k8s.io \"sc\" is invalid: reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"",
		 NULL},
	};
	st_run_cases("storage.k8s.io", "storageclasses", scs, ST_N(scs));
	_cleanup_free_ char *sc_old = st_stored("storage.k8s.io", "storageclasses", "old",
						"{\"metadata\":{\"name\":\"sc\"},\"provisioner\":\"x.io/p\",\"parameters\":{\"a\":\"b\"}}");
	_cleanup_free_ char *got = st_update("storage.k8s.io", "storageclasses", "parameters",
					     "{\"metadata\":{\"name\":\"sc\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS "\",\"resourceVersion\":\"5\"},"
					     "\"provisioner\":\"x.io/p\",\"parameters\":{\"a\":\"c\"}}",
					     sc_old, false, NULL);
	st_check_message("parameters", got, "StorageClass.storage.k8s.io \"sc\" is invalid: parameters: Forbidden: updates to parameters are forbidden.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_namespaces), cmocka_unit_test(test_nodes),   cmocka_unit_test(test_configmaps),
		cmocka_unit_test(test_secrets),    cmocka_unit_test(test_endpoints_events_bindings),
		cmocka_unit_test(test_volumes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
