/* test_api_strategy_networking.c - Ingresses, IngressClasses,
 * EndpointSlices, Leases and events.k8s.io Events. */
#include "api_strategy_test.h"

#define G "networking.k8s.io"
#define UID "11111111-2222-3333-4444-555555555555"
#define TS "2024-05-01T12:00:00Z"

static const char nginx_ingress[] =
	"{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"Ingress\",\"metadata\":{\"name\":\"nginx-ing\",\"namespace\":\"default\","
	"\"annotations\":{\"nginx.ingress.kubernetes.io/rewrite-target\":\"/\"}},\"spec\":{\"ingressClassName\":\"nginx\",\"rules\":"
	"[{\"host\":\"localhost\",\"http\":{\"paths\":[{\"path\":\"/testpath\",\"pathType\":\"Prefix\",\"backend\":{\"service\":"
	"{\"name\":\"nginx\",\"port\":{\"number\":80}}}}]}}]}}";

#define ING(spec) "{\"metadata\":{\"name\":\"i\",\"namespace\":\"default\"},\"spec\":" spec "}"
#define EI(m) "Ingress.networking.k8s.io \"i\" is invalid: " m
#define RULE(path) "{\"rules\":[{\"host\":\"a.example.com\",\"http\":{\"paths\":[" path "]}}]}"
#define BACKEND "\"backend\":{\"service\":{\"name\":\"web\",\"port\":{\"number\":80}}}"

static void test_ingresses(void **state)
{
	(void)state;
	static const st_defaults_case defaults[] = {
		{"seed", nginx_ingress,
		 "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"Ingress\",\"metadata\":{\"name\":\"nginx-ing\",\"namespace\":\"default\","
		 "\"annotations\":{\"nginx.ingress.kubernetes.io/rewrite-target\":\"/\"},\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS "\","
		 "\"generation\":1},\"spec\":{\"ingressClassName\":\"nginx\",\"rules\":[{\"host\":\"localhost\",\"http\":{\"paths\":[{\"path\":"
		 "\"/testpath\",\"pathType\":\"Prefix\",\"backend\":{\"service\":{\"name\":\"nginx\",\"port\":{\"number\":80}}}}]}}]},\"status\":{}}"},
	};
	st_run_defaults(G, "ingresses", defaults, ST_N(defaults));
	static const st_case cases[] = {
		{"rules or default backend", ING("{}"),
		 EI("spec: Invalid value: null: either `defaultBackend` or `rules` must be specified"), NULL},
		{"pathType required", ING(RULE("{\"path\":\"/\"," BACKEND "}")),
		 EI("spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"), NULL},
		{"pathType", ING(RULE("{\"path\":\"/\",\"pathType\":\"Regex\"," BACKEND "}")),
		 EI("spec.rules[0].http.paths[0].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""),
		 NULL},
		{"absolute path", ING(RULE("{\"path\":\"api\",\"pathType\":\"Prefix\"," BACKEND "}")),
		 EI("spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path"), NULL},
		{"path sequences", ING(RULE("{\"path\":\"/a//b/..\",\"pathType\":\"Exact\"," BACKEND "}")),
		 EI("[spec.rules[0].http.paths[0].path: Invalid value: \"/a//b/..\": must not contain '//', "
		    "spec.rules[0].http.paths[0].path: Invalid value: \"/a//b/..\": cannot end with '/..']"), NULL},
		{"ImplementationSpecific allows an empty path",
		 ING(RULE("{\"pathType\":\"ImplementationSpecific\"," BACKEND "}")), "", NULL},
		{"backend port required",
		 ING(RULE("{\"path\":\"/\",\"pathType\":\"Prefix\",\"backend\":{\"service\":{\"name\":\"web\"}}}")),
		 EI("spec.rules[0].http.paths[0].backend: Required value: port name or number is required"), NULL},
		{"backend port name and number",
		 ING(RULE("{\"path\":\"/\",\"pathType\":\"Prefix\",\"backend\":{\"service\":{\"name\":\"web\",\"port\":{\"name\":\"http\",\"number\":80}}}}")),
		 EI("spec.rules[0].http.paths[0].backend: Invalid value: \"\": cannot set both port name & port number"), NULL},
		{"backend required", ING(RULE("{\"path\":\"/\",\"pathType\":\"Prefix\",\"backend\":{}}")),
		 EI("spec.rules[0].http.paths[0].backend: Invalid value: \"\": resource or service backend is required"), NULL},
		{"backend service name", ING("{\"defaultBackend\":{\"service\":{\"name\":\"Web\",\"port\":{\"number\":80}}}}"),
		 EI("spec.defaultBackend.service.name: Invalid value: \"Web\": a DNS-1035 label must consist of lower case alphanumeric characters "
		    "or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used "
		    "for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"), NULL},
		{"IP host", ING("{\"rules\":[{\"host\":\"10.0.0.1\",\"http\":{\"paths\":[{\"path\":\"/\",\"pathType\":\"Prefix\"," BACKEND "}]}}]}"),
		 EI("spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address"), NULL},
		{"wildcard host", ING("{\"rules\":[{\"host\":\"*.example.com\",\"http\":{\"paths\":[{\"path\":\"/\",\"pathType\":\"Prefix\"," BACKEND "}]}}]}"),
		 "", NULL},
		{"paths required", ING("{\"rules\":[{\"host\":\"a.b\",\"http\":{\"paths\":[]}}]}"),
		 EI("spec.rules[0].http.paths: Required value"), NULL},
		{"tls secret", ING("{\"defaultBackend\":{\"service\":{\"name\":\"web\",\"port\":{\"number\":80}}},\"tls\":[{\"hosts\":[\"a.example.com\"],"
				   "\"secretName\":\"Bad_Secret\"}]}"),
		 "prefix:" EI("spec.tls[0].secretName: Invalid value: \"Bad_Secret\": a lowercase RFC 1123 subdomain"), NULL},
		{"class annotation and field",
		 "{\"metadata\":{\"name\":\"i\",\"namespace\":\"default\",\"annotations\":{\"kubernetes.io/ingress.class\":\"a\"}},"
		 "\"spec\":{\"ingressClassName\":\"b\",\"defaultBackend\":{\"service\":{\"name\":\"web\",\"port\":{\"number\":80}}}}}",
		 EI("annotations.kubernetes.io/ingress.class: Invalid value: \"a\": must match `ingressClassName` when both are specified"), NULL},
	};
	st_run_cases(G, "ingresses", cases, ST_N(cases));
}

static void test_ingressclasses(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"valid", "{\"metadata\":{\"name\":\"nginx\"},\"spec\":{\"controller\":\"k8s.io/ingress-nginx\"}}", "", NULL},
		{"controller required", "{\"metadata\":{\"name\":\"nginx\"},\"spec\":{}}",
		 "IngressClass.networking.k8s.io \"nginx\" is invalid: spec.controller: Required value", NULL},
		{"controller path", "{\"metadata\":{\"name\":\"nginx\"},\"spec\":{\"controller\":\"nginx\"}}",
		 "IngressClass.networking.k8s.io \"nginx\" is invalid: spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path "
		 "(such as \"acme.io/foo\")", NULL},
	};
	st_run_cases(G, "ingressclasses", cases, ST_N(cases));
	_cleanup_free_ char *old = st_stored(G, "ingressclasses", "old", "{\"metadata\":{\"name\":\"nginx\"},\"spec\":{\"controller\":\"k8s.io/ingress-nginx\"}}");
	_cleanup_free_ char *got = st_update(G, "ingressclasses", "controller immutable",
					     "{\"metadata\":{\"name\":\"nginx\",\"uid\":\"" UID "\",\"creationTimestamp\":\"" TS "\",\"resourceVersion\":\"5\"},"
					     "\"spec\":{\"controller\":\"example.com/other\"}}",
					     old, false, NULL);
	st_check_message("controller immutable", got,
			 "IngressClass.networking.k8s.io \"nginx\" is invalid: spec.controller: Invalid value: \"example.com/other\": field is immutable");
}

#define ES(m) "EndpointSlice.discovery.k8s.io \"s\" is invalid: " m
#define SLICE(body) "{\"metadata\":{\"name\":\"s\",\"namespace\":\"default\"}," body "}"

static void test_endpointslices(void **state)
{
	(void)state;
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create("discovery.k8s.io", "endpointslices", "defaults",
					     SLICE("\"addressType\":\"IPv4\",\"endpoints\":[{\"addresses\":[\"10.244.1.5\"]}],\"ports\":[{\"port\":80}]"), &obj);
	assert_string_equal(msg, "");
	const cJSON *port = cJSON_GetArrayItem(cJSON_GetObjectItem(obj, "ports"), 0);
	assert_string_equal(kc_json_get_str(port, "protocol", ""), "TCP");
	assert_string_equal(kc_json_get_str(port, "name", "x"), "");
	cJSON_Delete(obj);
	static const st_case cases[] = {
		{"addressType", SLICE("\"addressType\":\"IPv5\""),
		 ES("addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\""), NULL},
		{"address family", SLICE("\"addressType\":\"IPv4\",\"endpoints\":[{\"addresses\":[\"fd00::1\"]}]"),
		 ES("endpoints[0].addresses[0]: Invalid value: \"fd00::1\": must be an IPv4 address"), NULL},
		{"addresses required", SLICE("\"addressType\":\"IPv4\",\"endpoints\":[{}]"),
		 ES("endpoints[0].addresses: Required value: must contain at least 1 address"), NULL},
		{"port names unique", SLICE("\"addressType\":\"IPv4\",\"ports\":[{\"name\":\"a\",\"port\":1},{\"name\":\"a\",\"port\":2}]"),
		 ES("ports[1].name: Duplicate value: \"a\""), NULL},
	};
	st_run_cases("discovery.k8s.io", "endpointslices", cases, ST_N(cases));
}

static void test_leases(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"valid", "{\"metadata\":{\"name\":\"node-1\",\"namespace\":\"kube-node-lease\"},\"spec\":{\"holderIdentity\":\"node-1\","
			  "\"leaseDurationSeconds\":40}}",
		 "", NULL},
		{"duration", "{\"metadata\":{\"name\":\"l\",\"namespace\":\"d\"},\"spec\":{\"leaseDurationSeconds\":0,\"leaseTransitions\":-1}}",
		 "Lease.coordination.k8s.io \"l\" is invalid: [spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0, "
		 "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0]", NULL},
	};
	st_run_cases("coordination.k8s.io", "leases", cases, ST_N(cases));
}

static void test_events_v1(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"valid",
		 "{\"metadata\":{\"name\":\"e1\",\"namespace\":\"default\"},\"eventTime\":\"2024-05-01T12:00:00.000000Z\",\"reportingController\":"
		 "\"kc.io/scheduler\",\"reportingInstance\":\"kc-scheduler-1\",\"action\":\"Binding\",\"reason\":\"Scheduled\",\"type\":\"Normal\","
		 "\"regarding\":{\"kind\":\"Pod\",\"namespace\":\"default\",\"name\":\"nginx\"},\"note\":\"assigned\"}",
		 "", NULL},
		{"required fields",
		 "{\"metadata\":{\"name\":\"e1\",\"namespace\":\"default\"},\"type\":\"Info\",\"deprecatedCount\":2}",
		 "Event.events.k8s.io \"e1\" is invalid: [eventTime: Required value, type: Invalid value: \"\": has invalid value: Info, "
		 "count: Invalid value: \"\": needs to be unset]", NULL},
	};
	st_run_cases("events.k8s.io", "events", cases, ST_N(cases));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ingresses), cmocka_unit_test(test_ingressclasses), cmocka_unit_test(test_endpointslices),
		cmocka_unit_test(test_leases),    cmocka_unit_test(test_events_v1),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
