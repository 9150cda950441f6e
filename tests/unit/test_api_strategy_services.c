/* test_api_strategy_services.c - services: SetDefaults_Service, the IP
 * family fields, validateService messages and the update rules
 * (clusterIP, type changes to and from ExternalName). */
#include "api_strategy_test.h"

#define G ""
#define P "services"

#define SVC(spec) "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\",\"namespace\":\"default\"},\"spec\":" spec "}"
#define E(m) "Service \"s\" is invalid: " m

static const char pulse_service[] =
	"{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"pulse-service\",\"namespace\":\"default\"},"
	"\"spec\":{\"selector\":{\"app\":\"pulse-api\"},\"ports\":[{\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080}]}}";

static const char nginx_clusterip[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\"},\"spec\":{"
	"\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}],\"selector\":{\"app\":\"nginx\"},"
	"\"type\":\"ClusterIP\"}}";

static const char nginx_nodeport[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"nginx-np\",\"namespace\":\"default\"},\"spec\":{"
	"\"ports\":[{\"name\":\"http\",\"nodePort\":31045,\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}],"
	"\"selector\":{\"app\":\"nginx\"},\"type\":\"NodePort\"}}";

#define META(n) "\"metadata\":{\"name\":\"" n "\",\"namespace\":\"default\",\"uid\":\"11111111-2222-3333-4444-555555555555\"," \
		"\"creationTimestamp\":\"2024-05-01T12:00:00Z\"}"

static void test_seeds(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"pulse seed", pulse_service, "", NULL},
		{"nginx ClusterIP seed", nginx_clusterip, "", NULL},
		{"nginx NodePort seed", nginx_nodeport, "", NULL},
	};
	st_run_cases(G, P, cases, ST_N(cases));
	static const st_defaults_case defaults[] = {
		{"pulse seed", pulse_service,
		 "{\"kind\":\"Service\",\"apiVersion\":\"v1\"," META("pulse-service") ",\"spec\":{\"selector\":{\"app\":\"pulse-api\"},"
		 "\"ports\":[{\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080}],\"type\":\"ClusterIP\",\"sessionAffinity\":\"None\","
		 "\"ipFamilies\":[\"IPv4\"],\"ipFamilyPolicy\":\"SingleStack\",\"internalTrafficPolicy\":\"Cluster\"},"
		 "\"status\":{\"loadBalancer\":{}}}"},
		{"nginx NodePort seed", nginx_nodeport,
		 "{\"apiVersion\":\"v1\",\"kind\":\"Service\"," META("nginx-np") ",\"spec\":{\"ports\":[{\"name\":\"http\","
		 "\"nodePort\":31045,\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}],\"selector\":{\"app\":\"nginx\"},"
		 "\"type\":\"NodePort\",\"sessionAffinity\":\"None\",\"externalTrafficPolicy\":\"Cluster\",\"ipFamilies\":[\"IPv4\"],"
		 "\"ipFamilyPolicy\":\"SingleStack\",\"internalTrafficPolicy\":\"Cluster\"},\"status\":{\"loadBalancer\":{}}}"},
	};
	st_run_defaults(G, P, defaults, ST_N(defaults));
}

static void test_defaults(void **state)
{
	(void)state;
	static const st_defaults_case cases[] = {
		{"targetPort from port, protocol TCP",
		 SVC("{\"ports\":[{\"port\":53,\"name\":\"a\",\"protocol\":\"UDP\"},{\"port\":8080,\"name\":\"b\"}],\"clusterIP\":\"10.96.0.10\"}"),
		 "{\"apiVersion\":\"v1\",\"kind\":\"Service\"," META("s") ",\"spec\":{\"ports\":[{\"port\":53,\"name\":\"a\",\"protocol\":\"UDP\","
		 "\"targetPort\":53},{\"port\":8080,\"name\":\"b\",\"protocol\":\"TCP\",\"targetPort\":8080}],\"clusterIP\":\"10.96.0.10\","
		 "\"clusterIPs\":[\"10.96.0.10\"],\"type\":\"ClusterIP\",\"sessionAffinity\":\"None\",\"ipFamilies\":[\"IPv4\"],"
		 "\"ipFamilyPolicy\":\"SingleStack\",\"internalTrafficPolicy\":\"Cluster\"},\"status\":{\"loadBalancer\":{}}}"},
		{"LoadBalancer",
		 SVC("{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":443,\"targetPort\":\"https\"}]}"),
		 "{\"apiVersion\":\"v1\",\"kind\":\"Service\"," META("s") ",\"spec\":{\"type\":\"LoadBalancer\",\"ports\":[{\"port\":443,"
		 "\"targetPort\":\"https\",\"protocol\":\"TCP\"}],\"sessionAffinity\":\"None\",\"externalTrafficPolicy\":\"Cluster\","
		 "\"internalTrafficPolicy\":\"Cluster\",\"allocateLoadBalancerNodePorts\":true,\"ipFamilies\":[\"IPv4\"],"
		 "\"ipFamilyPolicy\":\"SingleStack\"},\"status\":{\"loadBalancer\":{}}}"},
		{"ClientIP affinity gets its timeout",
		 SVC("{\"sessionAffinity\":\"ClientIP\",\"ports\":[{\"port\":80}]}"),
		 "{\"apiVersion\":\"v1\",\"kind\":\"Service\"," META("s") ",\"spec\":{\"sessionAffinity\":\"ClientIP\",\"ports\":[{\"port\":80,"
		 "\"protocol\":\"TCP\",\"targetPort\":80}],\"sessionAffinityConfig\":{\"clientIP\":{\"timeoutSeconds\":10800}},"
		 "\"type\":\"ClusterIP\",\"internalTrafficPolicy\":\"Cluster\",\"ipFamilies\":[\"IPv4\"],\"ipFamilyPolicy\":\"SingleStack\"},"
		 "\"status\":{\"loadBalancer\":{}}}"},
		{"ExternalName has no IP fields",
		 SVC("{\"type\":\"ExternalName\",\"externalName\":\"db.example.com\"}"),
		 "{\"apiVersion\":\"v1\",\"kind\":\"Service\"," META("s") ",\"spec\":{\"type\":\"ExternalName\",\"externalName\":"
		 "\"db.example.com\",\"sessionAffinity\":\"None\"},\"status\":{\"loadBalancer\":{}}}"},
		{"headless without selector",
		 SVC("{\"clusterIP\":\"None\",\"ports\":[{\"port\":80}]}"),
		 "{\"apiVersion\":\"v1\",\"kind\":\"Service\"," META("s") ",\"spec\":{\"clusterIP\":\"None\",\"clusterIPs\":[\"None\"],"
		 "\"ports\":[{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}],\"type\":\"ClusterIP\",\"sessionAffinity\":\"None\","
		 "\"internalTrafficPolicy\":\"Cluster\",\"ipFamilies\":[\"IPv4\"],\"ipFamilyPolicy\":\"RequireDualStack\"},"
		 "\"status\":{\"loadBalancer\":{}}}"},
	};
	st_run_defaults(G, P, cases, ST_N(cases));
}

static void test_validation(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"ports required", SVC("{\"selector\":{\"app\":\"x\"}}"), E("spec.ports: Required value"), NULL},
		{"headless needs no ports", SVC("{\"clusterIP\":\"None\",\"selector\":{\"app\":\"x\"}}"), "", NULL},
		{"names required with several ports", SVC("{\"ports\":[{\"port\":80},{\"port\":443,\"name\":\"https\"}]}"),
		 E("spec.ports[0].name: Required value"), NULL},
		{"port names unique", SVC("{\"ports\":[{\"port\":80,\"name\":\"web\"},{\"port\":443,\"name\":\"web\"}]}"),
		 E("spec.ports[1].name: Duplicate value: \"web\""), NULL},
		{"port range", SVC("{\"ports\":[{\"port\":0}]}"),
		 E("[spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: "
		   "must be between 1 and 65535, inclusive]"), NULL},
		{"targetPort name", SVC("{\"ports\":[{\"port\":80,\"targetPort\":\"Web_Port\"}]}"),
		 E("spec.ports[0].targetPort: Invalid value: \"Web_Port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"),
		 NULL},
		{"protocol", SVC("{\"ports\":[{\"port\":80,\"protocol\":\"HTTP\"}]}"),
		 E("spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""), NULL},
		{"duplicate port", SVC("{\"ports\":[{\"port\":80,\"name\":\"a\"},{\"port\":80,\"name\":\"b\"}]}"),
		 E("spec.ports[1]: Duplicate value: {\"Name\":\"\",\"Protocol\":\"TCP\",\"AppProtocol\":null,\"Port\":80,\"TargetPort\":0,\"NodePort\":0}"),
		 NULL},
		{"type", SVC("{\"type\":\"Internal\",\"ports\":[{\"port\":80}]}"),
		 E("spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""),
		 NULL},
		{"nodePort on ClusterIP", SVC("{\"ports\":[{\"port\":80,\"nodePort\":30080}]}"),
		 E("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"), NULL},
		{"duplicate nodePort",
		 SVC("{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"name\":\"a\",\"nodePort\":30080},{\"port\":81,\"name\":\"b\",\"nodePort\":30080}]}"),
		 E("spec.ports[1].nodePort: Duplicate value: 30080"), NULL},
		{"clusterIP", SVC("{\"clusterIP\":\"10.96.0.300\",\"ports\":[{\"port\":80}]}"),
		 E("spec.clusterIPs[0]: Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"),
		 NULL},
		{"clusterIPs must start with clusterIP",
		 SVC("{\"clusterIP\":\"10.96.0.5\",\"clusterIPs\":[\"10.96.0.6\"],\"ports\":[{\"port\":80}]}"),
		 E("spec.clusterIPs: Invalid value: [\"10.96.0.6\"]: first value must match `clusterIP`"), NULL},
		{"headless NodePort", SVC("{\"type\":\"NodePort\",\"clusterIP\":\"None\",\"ports\":[{\"port\":80}]}"),
		 E("spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"), NULL},
		{"ExternalName needs a name", SVC("{\"type\":\"ExternalName\"}"), E("spec.externalName: Required value"), NULL},
		{"ExternalName must be a DNS name", SVC("{\"type\":\"ExternalName\",\"externalName\":\"Db_Host\"}"),
		 E("spec.externalName: Invalid value: \"Db_Host\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
		   "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
		   "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"), NULL},
		{"ExternalName with a trailing dot", SVC("{\"type\":\"ExternalName\",\"externalName\":\"db.example.com.\"}"), "", NULL},
		{"ExternalName with a clusterIP", SVC("{\"type\":\"ExternalName\",\"externalName\":\"a.b\",\"clusterIP\":\"10.96.0.9\"}"),
		 E("spec.clusterIPs: Forbidden: may not be set for ExternalName services"), NULL},
		{"selector labels", SVC("{\"selector\":{\"app\":\"a b\"},\"ports\":[{\"port\":80}]}"),
		 "prefix:" E("spec.selector: Invalid value: \"a b\": a valid label must be an empty string"), NULL},
		{"sessionAffinity", SVC("{\"sessionAffinity\":\"Sticky\",\"ports\":[{\"port\":80}]}"),
		 E("spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\""), NULL},
		{"ClientIP timeout",
		 SVC("{\"sessionAffinity\":\"ClientIP\",\"sessionAffinityConfig\":{\"clientIP\":{\"timeoutSeconds\":90000}},\"ports\":[{\"port\":80}]}"),
		 E("spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 90000: must be greater than 0 and less than 86400"), NULL},
		{"externalTrafficPolicy on ClusterIP",
		 SVC("{\"externalTrafficPolicy\":\"Local\",\"ports\":[{\"port\":80}]}"),
		 E("spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services"), NULL},
		{"LoadBalancer Local needs a health check port",
		 SVC("{\"type\":\"LoadBalancer\",\"externalTrafficPolicy\":\"Local\",\"ports\":[{\"port\":80}]}"),
		 E("spec.healthCheckNodePort: Required value"), NULL},
		{"externalIPs", SVC("{\"externalIPs\":[\"127.0.0.1\"],\"ports\":[{\"port\":80}]}"),
		 E("spec.externalIPs[0]: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"), NULL},
		{"name is a DNS-1035 label", "{\"metadata\":{\"name\":\"2web\",\"namespace\":\"default\"},\"spec\":{\"ports\":[{\"port\":80}]}}",
		 "Service \"2web\" is invalid: metadata.name: Invalid value: \"2web\": a DNS-1035 label must consist of lower case alphanumeric "
		 "characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
		 "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')", NULL},
	};
	st_run_cases(G, P, cases, ST_N(cases));
}

static void test_update(void **state)
{
	(void)state;
	_cleanup_free_ char *old = st_stored(G, P, "old", SVC("{\"clusterIP\":\"10.96.0.20\",\"ports\":[{\"port\":80}],\"selector\":{\"app\":\"x\"}}"));
	_cleanup_free_ char *old_np = st_stored(G, P, "old nodeport", nginx_nodeport);
	_cleanup_free_ char *old_ext = st_stored(G, P, "old external", SVC("{\"type\":\"ExternalName\",\"externalName\":\"a.example.com\"}"));
#define UPD(spec) "{\"metadata\":{\"name\":\"s\",\"namespace\":\"default\",\"uid\":\"11111111-2222-3333-4444-555555555555\"," \
		  "\"creationTimestamp\":\"2024-05-01T12:00:00Z\",\"resourceVersion\":\"5\"},\"spec\":" spec "}"
	const st_case cases[] = {
		/* an update that leaves clusterIP out keeps it (patchAllocatedValues) */
		{"clusterIP kept", UPD("{\"ports\":[{\"port\":8080}],\"selector\":{\"app\":\"x\"}}"), "", old},
		{"clusterIP immutable", UPD("{\"clusterIP\":\"10.96.0.21\",\"clusterIPs\":[\"10.96.0.21\"],\"ports\":[{\"port\":80}]}"),
		 "Service \"s\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.0.21\"]: may not change once set", old},
		/* an old client changing clusterIP alone: the stored clusterIPs are
		 * patched in, which then disagree */
		{"clusterIP alone", UPD("{\"clusterIP\":\"10.96.0.21\",\"ports\":[{\"port\":80}]}"),
		 "Service \"s\" is invalid: spec.clusterIPs: Invalid value: [\"10.96.0.20\"]: first value must match `clusterIP`", old},
		/* to ExternalName: the cluster IP fields are dropped for the client */
		{"to ExternalName", UPD("{\"type\":\"ExternalName\",\"externalName\":\"db.example.com\",\"clusterIP\":\"10.96.0.20\","
					"\"clusterIPs\":[\"10.96.0.20\"],\"ipFamilies\":[\"IPv4\"],\"ipFamilyPolicy\":\"SingleStack\"}"),
		 "", old},
		{"from ExternalName", UPD("{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80}]}"), "", old_ext},
		{"NodePort keeps its nodePort",
		 "{\"metadata\":{\"name\":\"nginx-np\",\"namespace\":\"default\",\"resourceVersion\":\"5\",\"uid\":"
		 "\"11111111-2222-3333-4444-555555555555\",\"creationTimestamp\":\"2024-05-01T12:00:00Z\"},\"spec\":{\"type\":\"NodePort\","
		 "\"ports\":[{\"name\":\"http\",\"port\":80}]}}",
		 "", old_np},
	};
	st_run_cases(G, P, cases, ST_N(cases));

	/* what the update stored */
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_update(G, P, "kept", UPD("{\"ports\":[{\"port\":8080}]}"), old, false, &obj);
	assert_string_equal(msg, "");
	assert_string_equal(kc_json_get_str(obj, "spec.clusterIP", ""), "10.96.0.20");
	assert_string_equal(kc_json_get_str(cJSON_GetArrayItem(kc_json_get(obj, "spec.clusterIPs"), 0), "", "x"), "10.96.0.20");
	cJSON_Delete(obj);
	obj = NULL;
	free(msg);
	msg = st_update(G, P, "to external",
			UPD("{\"type\":\"ExternalName\",\"externalName\":\"db.example.com\",\"clusterIP\":\"10.96.0.20\","
			    "\"clusterIPs\":[\"10.96.0.20\"],\"ipFamilies\":[\"IPv4\"],\"ipFamilyPolicy\":\"SingleStack\"}"),
			old, false, &obj);
	assert_null(kc_json_get(obj, "spec.clusterIP"));
	assert_null(kc_json_get(obj, "spec.ipFamilies"));
	cJSON_Delete(obj);
#undef UPD
}

static void test_status_update(void **state)
{
	(void)state;
	_cleanup_free_ char *old = st_stored(G, P, "old", SVC("{\"ports\":[{\"port\":80}]}"));
	_cleanup_free_ char *got = st_update(G, P, "lb ingress on ClusterIP",
					     "{\"metadata\":{\"name\":\"s\",\"namespace\":\"default\",\"resourceVersion\":\"5\"},"
					     "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.0.2.1\"}]}}}",
					     old, true, NULL);
	st_check_message("lb ingress on ClusterIP", got,
			 "Service \"s\" is invalid: status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeds),  cmocka_unit_test(test_defaults),      cmocka_unit_test(test_validation),
		cmocka_unit_test(test_update), cmocka_unit_test(test_status_update),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
