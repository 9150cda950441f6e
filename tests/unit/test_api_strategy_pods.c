/* test_api_strategy_pods.c - pods: upstream's defaults (and the defaults
 * of the admission plugins kc runs), ValidatePodCreate/Update/StatusUpdate
 * messages, the QoS class and the image pull policy. */
#include "api_strategy_test.h"

#include "apiserver/validation_pod.h"

#define G ""
#define P "pods"

/* A pod with one container, for cases that change one thing. */
#define POD(spec) "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"default\"},\"spec\":" spec "}"
#define CTR(extra) "{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:1.36\"" extra "}]}"

static const char nginx_pod[] = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\"},"
				"\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\",\"ports\":[{\"containerPort\":80}]}]}}";

/* What upstream stores for the nginx Pod of the seed notes (less the
 * service account token volume kc does not mount). */
static const char nginx_pod_stored[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\","
	"\"uid\":\"11111111-2222-3333-4444-555555555555\",\"creationTimestamp\":\"2024-05-01T12:00:00Z\",\"generation\":1},"
	"\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\",\"ports\":[{\"containerPort\":80,"
	"\"protocol\":\"TCP\"}],\"resources\":{},\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":"
	"\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],\"restartPolicy\":\"Always\","
	"\"terminationGracePeriodSeconds\":30,\"dnsPolicy\":\"ClusterFirst\",\"serviceAccountName\":\"default\","
	"\"serviceAccount\":\"default\",\"securityContext\":{},\"schedulerName\":\"default-scheduler\","
	"\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
	"\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":"
	"\"NoExecute\",\"tolerationSeconds\":300}],\"priority\":0,\"enableServiceLinks\":true,\"preemptionPolicy\":"
	"\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}}";

/* The seed's curl pod. */
static const char curl_pod[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\"},"
	"\"spec\":{\"containers\":[{\"name\":\"curl\",\"image\":\"docker.io/curlimages/curl:7.86.0\",\"command\":"
	"[\"sleep\",\"infinity\"],\"imagePullPolicy\":\"IfNotPresent\"}],\"restartPolicy\":\"Always\"}}";

/* The seed's pulse pods: no name (their app label sits under metadata,
 * which the decoder drops as an unknown field). */
static const char pulse_pod[] =
	"{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"namespace\":\"default\"},\"spec\":{\"containers\":"
	"[{\"name\":\"pulse1\",\"image\":\"<my-image-name>:<tag>\",\"ports\":[{\"containerPort\":8080}]}]}}";

static void test_seeds(void **state)
{
	(void)state;
	static const st_defaults_case defaults[] = {
		{"nginx seed", nginx_pod, nginx_pod_stored},
	};
	st_run_defaults(G, P, defaults, ST_N(defaults));
	static const st_case cases[] = {
		{"nginx seed valid", nginx_pod, "", NULL},
		{"curl seed valid", curl_pod, "", NULL},
		{"pulse seed without a name", pulse_pod,
		 "Pod \"\" is invalid: metadata.name: Required value: name or generateName is required", NULL},
	};
	st_run_cases(G, P, cases, ST_N(cases));
}

static void test_defaults(void **state)
{
	(void)state;
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create(
		G, P, "defaults",
		POD("{\"hostNetwork\":true,\"serviceAccountName\":\"builder\",\"priorityClassName\":\"system-node-critical\","
		    "\"tolerations\":[{\"operator\":\"Exists\"}],"
		    "\"volumes\":[{\"name\":\"a\"},{\"name\":\"b\",\"secret\":{\"secretName\":\"s\"}},{\"name\":\"c\",\"configMap\":{\"name\":\"m\"}},"
		    "{\"name\":\"d\",\"hostPath\":{\"path\":\"/var/log\"}}],"
		    "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",\"ports\":[{\"containerPort\":8080}],"
		    "\"resources\":{\"limits\":{\"cpu\":\"0.5\",\"memory\":\"128Mi\"}},"
		    "\"livenessProbe\":{\"httpGet\":{\"port\":8080}},\"env\":[{\"name\":\"N\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}}]}]}"),
		&obj);
	assert_string_equal(msg, "");
	const cJSON *spec = cJSON_GetObjectItem(obj, "spec");
	const cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(spec, "containers"), 0);
	/* no tag: Always */
	assert_string_equal(kc_json_get_str(c, "imagePullPolicy", ""), "Always");
	/* hostNetwork: hostPort from containerPort */
	assert_int_equal(kc_json_get_int(cJSON_GetArrayItem(cJSON_GetObjectItem(c, "ports"), 0), "hostPort", 0), 8080);
	/* canonical quantities; requests from limits */
	assert_string_equal(kc_json_get_str(c, "resources.limits.cpu", ""), "500m");
	assert_string_equal(kc_json_get_str(c, "resources.requests.cpu", ""), "500m");
	assert_string_equal(kc_json_get_str(c, "resources.requests.memory", ""), "128Mi");
	/* probe and handler defaults */
	assert_int_equal(kc_json_get_int(c, "livenessProbe.timeoutSeconds", 0), 1);
	assert_int_equal(kc_json_get_int(c, "livenessProbe.periodSeconds", 0), 10);
	assert_int_equal(kc_json_get_int(c, "livenessProbe.successThreshold", 0), 1);
	assert_int_equal(kc_json_get_int(c, "livenessProbe.failureThreshold", 0), 3);
	assert_string_equal(kc_json_get_str(c, "livenessProbe.httpGet.path", ""), "/");
	assert_string_equal(kc_json_get_str(c, "livenessProbe.httpGet.scheme", ""), "HTTP");
	const cJSON *env = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "env"), 0);
	assert_string_equal(kc_json_get_str(env, "valueFrom.fieldRef.apiVersion", ""), "v1");
	/* volumes */
	const cJSON *vols = cJSON_GetObjectItem(spec, "volumes");
	assert_non_null(cJSON_GetObjectItem(cJSON_GetArrayItem(vols, 0), "emptyDir"));
	assert_int_equal(kc_json_get_int(cJSON_GetArrayItem(vols, 1), "secret.defaultMode", 0), 420);
	assert_int_equal(kc_json_get_int(cJSON_GetArrayItem(vols, 2), "configMap.defaultMode", 0), 420);
	assert_string_equal(kc_json_get_str(cJSON_GetArrayItem(vols, 3), "hostPath.type", "x"), "");
	/* the given service account is kept and mirrored */
	assert_string_equal(kc_json_get_str(spec, "serviceAccount", ""), "builder");
	/* a toleration of everything already covers not-ready/unreachable */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(spec, "tolerations")), 1);
	assert_int_equal(kc_json_get_int(spec, "priority", 0), 2000001000);
	/* limits equal requests for cpu and memory: Guaranteed */
	assert_string_equal(kc_json_get_str(obj, "status.qosClass", ""), "Guaranteed");
	cJSON_Delete(obj);
}

static void test_pull_policy(void **state)
{
	(void)state;
	static const struct {
		const char *image, *want;
	} cases[] = {
		{"nginx", "Always"},
		{"nginx:latest", "Always"},
		{"nginx:1.14.2", "IfNotPresent"},
		{"nginx:stable", "IfNotPresent"},
		{"docker.io/library/nginx", "Always"},
		{"localhost:5000/team/app", "Always"},
		{"localhost:5000/team/app:v2", "IfNotPresent"},
		{"registry.example.com:443/a/b:latest", "Always"},
		{"nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent"},
		{"nginx:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent"},
		{"<my-image-name>:<tag>", "IfNotPresent"},
		{"Nginx:latest", "IfNotPresent"},
		{"", "IfNotPresent"},
		{"a//b", "IfNotPresent"},
		{"nginx:", "IfNotPresent"},
	};
	for (size_t i = 0; i < ST_N(cases); i++)
		if (!streq(api_pod_default_pull_policy(cases[i].image), cases[i].want))
			fail_msg("image %s: got %s want %s", cases[i].image, api_pod_default_pull_policy(cases[i].image),
				 cases[i].want);
}

static void test_qos(void **state)
{
	(void)state;
	static const struct {
		const char *name, *pod, *want;
	} cases[] = {
		{"nothing", CTR(""), "BestEffort"},
		{"requests only", CTR(",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}"), "Burstable"},
		{"limits only (requests default to them)",
		 CTR(",\"resources\":{\"limits\":{\"cpu\":\"100m\",\"memory\":\"64Mi\"}}"), "Guaranteed"},
		{"limits without memory", CTR(",\"resources\":{\"limits\":{\"cpu\":\"100m\"}}"), "Burstable"},
		{"requests below limits",
		 CTR(",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"500m\",\"memory\":\"1Gi\"}}"),
		 "Burstable"},
		{"zero is not a request", CTR(",\"resources\":{\"requests\":{\"cpu\":\"0\"}}"), "BestEffort"},
		{"other resources do not count", CTR(",\"resources\":{\"requests\":{\"ephemeral-storage\":\"1Gi\"}}"), "BestEffort"},
		{"init container without limits",
		 "{\"initContainers\":[{\"name\":\"i\",\"image\":\"x:1\"}],\"containers\":[{\"name\":\"c\",\"image\":\"x:1\","
		 "\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}}}]}",
		 "Burstable"},
	};
	for (size_t i = 0; i < ST_N(cases); i++) {
		_cleanup_free_ char *json = xasprintf(POD("%s"), cases[i].pod);
		cJSON *obj = NULL;
		_cleanup_free_ char *msg = st_create(G, P, cases[i].name, json, &obj);
		if (msg[0])
			fail_msg("case %s: %s", cases[i].name, msg);
		const char *got = kc_json_get_str(obj, "status.qosClass", "");
		if (!streq(got, cases[i].want))
			fail_msg("case %s: qosClass %s, want %s", cases[i].name, got, cases[i].want);
		cJSON_Delete(obj);
	}
}

#define E(m) "Pod \"p\" is invalid: " m

static void test_validation(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"no containers", POD("{\"containers\":[]}"), E("spec.containers: Required value"), NULL},
		{"container name", POD("{\"containers\":[{\"name\":\"Web\",\"image\":\"x\"}]}"),
		 E("spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case "
		   "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  "
		   "or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
		 NULL},
		{"image required", POD("{\"containers\":[{\"name\":\"c\"}]}"), E("spec.containers[0].image: Required value"), NULL},
		{"image whitespace", POD("{\"containers\":[{\"name\":\"c\",\"image\":\" nginx\"}]}"),
		 E("spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace"), NULL},
		{"duplicate names across init and regular",
		 POD("{\"initContainers\":[{\"name\":\"c\",\"image\":\"x\"}],\"containers\":[{\"name\":\"c\",\"image\":\"x\"},{\"name\":\"c\",\"image\":\"y\"}]}"),
		 E("[spec.containers[1].name: Duplicate value: \"c\", spec.initContainers[0].name: Duplicate value: \"c\"]"), NULL},
		{"port out of range", POD(CTR(",\"ports\":[{\"containerPort\":70000}]")),
		 E("spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"), NULL},
		{"port required", POD(CTR(",\"ports\":[{\"name\":\"http\"}]")),
		 E("spec.containers[0].ports[0].containerPort: Required value"), NULL},
		{"port protocol", POD(CTR(",\"ports\":[{\"containerPort\":80,\"protocol\":\"HTTP\"}]")),
		 E("spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""), NULL},
		{"port name", POD(CTR(",\"ports\":[{\"containerPort\":80,\"name\":\"HTTP\"}]")),
		 E("[spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), "
		   "and hyphens (-), spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain at least one letter (a-z)]"), NULL},
		{"port names unique", POD(CTR(",\"ports\":[{\"containerPort\":80,\"name\":\"web\"},{\"containerPort\":81,\"name\":\"web\"}]")),
		 E("spec.containers[0].ports[1].name: Duplicate value: \"web\""), NULL},
		{"host ports conflict",
		 POD("{\"containers\":[{\"name\":\"a\",\"image\":\"x\",\"ports\":[{\"containerPort\":80,\"hostPort\":8080}]},"
		     "{\"name\":\"b\",\"image\":\"x\",\"ports\":[{\"containerPort\":81,\"hostPort\":8080}]}]}"),
		 E("spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""), NULL},
		{"hostNetwork needs matching hostPort",
		 POD("{\"hostNetwork\":true,\"containers\":[{\"name\":\"c\",\"image\":\"x\",\"ports\":[{\"containerPort\":80,\"hostPort\":81}]}]}"),
		 E("spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true"), NULL},
		{"env valueFrom empty", POD(CTR(",\"env\":[{\"name\":\"A\",\"valueFrom\":{}}]")),
		 E("spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"), NULL},
		{"env value and valueFrom",
		 POD(CTR(",\"env\":[{\"name\":\"A\",\"value\":\"x\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"s\",\"key\":\"k\"}}}]")),
		 E("spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty"), NULL},
		{"env two sources",
		 POD(CTR(",\"env\":[{\"name\":\"A\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"s\",\"key\":\"k\"},\"configMapKeyRef\":{\"name\":\"m\",\"key\":\"k\"}}}]")),
		 E("spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not have more than one field specified at a time"), NULL},
		{"env name", POD(CTR(",\"env\":[{\"name\":\"\"}]")), E("spec.containers[0].env[0].name: Required value"), NULL},
		{"env name with =", POD(CTR(",\"env\":[{\"name\":\"A=B\"}]")),
		 E("spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"), NULL},
		{"fieldRef path", POD(CTR(",\"env\":[{\"name\":\"A\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"spec.foo\"}}}]")),
		 E("spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.foo\": error converting fieldPath: field label not supported: spec.foo"), NULL},
		{"envFrom empty", POD(CTR(",\"envFrom\":[{}]")),
		 E("spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"), NULL},
		{"requests above limits",
		 POD(CTR(",\"resources\":{\"limits\":{\"cpu\":\"100m\"},\"requests\":{\"cpu\":\"200m\"}}")),
		 E("spec.containers[0].resources.requests: Invalid value: \"200m\": must be less than or equal to cpu limit of 100m"), NULL},
		{"negative request", POD(CTR(",\"resources\":{\"requests\":{\"memory\":\"-1\"}}")),
		 E("spec.containers[0].resources.requests[memory]: Invalid value: \"-1\": must be greater than or equal to 0"), NULL},
		{"unknown resource",
		 POD(CTR(",\"resources\":{\"limits\":{\"gpu\":\"1\"}}")),
		 E("[spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified, "
		   "spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers, "
		   /* requests were defaulted from the limits */
		   "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified, "
		   "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource for containers]"), NULL},
		{"extended resource needs equal requests",
		 POD(CTR(",\"resources\":{\"limits\":{\"example.com/gpu\":\"2\"},\"requests\":{\"example.com/gpu\":\"1\"}}")),
		 E("spec.containers[0].resources.requests: Invalid value: \"1\": must be equal to example.com/gpu limit of 2"), NULL},
		{"mount of a missing volume", POD(CTR(",\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data\"}]")),
		 E("spec.containers[0].volumeMounts[0].name: Not found: \"data\""), NULL},
		{"mount path required and unique",
		 POD("{\"volumes\":[{\"name\":\"v\",\"emptyDir\":{}}],\"containers\":[{\"name\":\"c\",\"image\":\"x\","
		     "\"volumeMounts\":[{\"name\":\"v\",\"mountPath\":\"/d\"},{\"name\":\"v\",\"mountPath\":\"/d\"},{\"name\":\"v\"}]}]}"),
		 E("[spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/d\": must be unique, "
		   "spec.containers[0].volumeMounts[2].mountPath: Required value]"), NULL},
		{"two volume sources",
		 POD("{\"volumes\":[{\"name\":\"v\",\"emptyDir\":{},\"hostPath\":{\"path\":\"/x\"}}],\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"), NULL},
		{"volume names unique and labels",
		 POD("{\"volumes\":[{\"name\":\"v\",\"emptyDir\":{}},{\"name\":\"v\",\"emptyDir\":{}},{\"name\":\"V_1\",\"emptyDir\":{}}],"
		     "\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("[spec.volumes[1].name: Duplicate value: \"v\", spec.volumes[2].name: Invalid value: \"V_1\": a lowercase RFC 1123 "
		   "label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric "
		   "character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]"), NULL},
		{"secret volume needs a name",
		 POD("{\"volumes\":[{\"name\":\"s\",\"secret\":{\"defaultMode\":1000}}],\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("[spec.volumes[0].secret.secretName: Required value, spec.volumes[0].secret.defaultMode: Invalid value: 1000: "
		   "must be a number between 0 and 0777 (octal), both inclusive]"), NULL},
		{"hostPath type",
		 POD("{\"volumes\":[{\"name\":\"h\",\"hostPath\":{\"path\":\"/x/../y\",\"type\":\"Dir\"}}],\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("[spec.volumes[0].hostPath.path: Invalid value: \"/x/../y\": must not contain '..', spec.volumes[0].hostPath.type: "
		   "Unsupported value: \"Dir\": supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", "
		   "\"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\"]"), NULL},
		{"configMap item path",
		 POD("{\"volumes\":[{\"name\":\"m\",\"configMap\":{\"name\":\"cm\",\"items\":[{\"key\":\"k\",\"path\":\"/abs\"}]}}],"
		     "\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.volumes[0].configMap.items[0].path: Invalid value: \"/abs\": must be a relative path"), NULL},
		{"restartPolicy", POD("{\"restartPolicy\":\"Sometimes\",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""), NULL},
		{"dnsPolicy", POD("{\"dnsPolicy\":\"Google\",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""), NULL},
		{"dnsPolicy None needs dnsConfig", POD("{\"dnsPolicy\":\"None\",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"), NULL},
		{"imagePullPolicy", POD(CTR(",\"imagePullPolicy\":\"Sometimes\"")),
		 E("spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\""), NULL},
		{"terminationGracePeriodSeconds negative is allowed",
		 POD("{\"terminationGracePeriodSeconds\":-1,\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"), "", NULL},
		{"activeDeadlineSeconds", POD("{\"activeDeadlineSeconds\":0,\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"), NULL},
		{"nodeSelector", POD("{\"nodeSelector\":{\"disk\":\"ssd drive\"},\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.nodeSelector: Invalid value: \"ssd drive\": a valid label must be an empty string or consist of alphanumeric "
		   "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
		   "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"), NULL},
		{"toleration without key needs Exists",
		 POD("{\"tolerations\":[{\"operator\":\"Equal\",\"value\":\"v\"}],\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""), NULL},
		{"tolerationSeconds needs NoExecute",
		 POD("{\"tolerations\":[{\"key\":\"k\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\",\"tolerationSeconds\":5}],\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"), NULL},
		{"toleration Exists with value",
		 POD("{\"tolerations\":[{\"key\":\"k\",\"operator\":\"Exists\",\"value\":\"v\"}],\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'"), NULL},
		{"toleration operator and effect",
		 POD("{\"tolerations\":[{\"key\":\"k\",\"operator\":\"In\",\"effect\":\"Evict\"}],\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("[spec.tolerations[0].operator: Unsupported value: \"In\": supported values: \"Equal\", \"Exists\", "
		   "spec.tolerations[0].effect: Unsupported value: \"Evict\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"]"), NULL},
		{"pod anti-affinity needs a topologyKey",
		 POD("{\"affinity\":{\"podAntiAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":[{\"labelSelector\":{\"matchLabels\":{\"app\":\"x\"}}}]}},"
		     "\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("[spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty, "
		   "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must be non-empty, "
		   "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must "
		   "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  "
		   "or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')]"), NULL},
		{"node affinity terms",
		 POD("{\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":[]},"
		     "\"preferredDuringSchedulingIgnoredDuringExecution\":[{\"weight\":0,\"preference\":{\"matchExpressions\":[{\"key\":\"zone\",\"operator\":\"In\"}]}}]}},"
		     "\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("[spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term, "
		   "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100, "
		   "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values: Required value: "
		   "must be specified when `operator` is 'In' or 'NotIn']"), NULL},
		{"probe needs one handler",
		 POD(CTR(",\"livenessProbe\":{\"exec\":{\"command\":[\"true\"]},\"tcpSocket\":{\"port\":80}}")),
		 E("spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"), NULL},
		{"probe without handler", POD(CTR(",\"readinessProbe\":{\"periodSeconds\":-1}")),
		 E("[spec.containers[0].readinessProbe: Required value: must specify a handler type, "
		   "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0]"), NULL},
		{"liveness successThreshold must be 1",
		 POD(CTR(",\"livenessProbe\":{\"tcpSocket\":{\"port\":\"web\"},\"successThreshold\":2}")),
		 E("spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"), NULL},
		{"httpGet port", POD(CTR(",\"startupProbe\":{\"httpGet\":{\"port\":0}}")),
		 E("spec.containers[0].startupProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"), NULL},
		{"init container probes need restartPolicy Always",
		 POD("{\"initContainers\":[{\"name\":\"i\",\"image\":\"x\",\"readinessProbe\":{\"exec\":{\"command\":[\"true\"]}}}],"
		     "\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"), NULL},
		{"sidecar init container", POD("{\"initContainers\":[{\"name\":\"i\",\"image\":\"x\",\"restartPolicy\":\"Always\","
					      "\"readinessProbe\":{\"exec\":{\"command\":[\"true\"]}}}],\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 "", NULL},
		{"runAsUser", POD("{\"securityContext\":{\"runAsUser\":-1},\"containers\":[{\"name\":\"c\",\"image\":\"x\",\"securityContext\":{\"runAsGroup\":-2}}]}"),
		 E("[spec.containers[0].securityContext.runAsGroup: Invalid value: -2: must be between 0 and 2147483647, inclusive, "
		   "spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive]"), NULL},
		{"ephemeral containers on create",
		 POD("{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}],\"ephemeralContainers\":[{\"name\":\"e\",\"image\":\"x\"}]}"),
		 E("spec.ephemeralContainers: Forbidden: cannot be set on create"), NULL},
		{"serviceAccountName", POD("{\"serviceAccountName\":\"Builder\",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}"),
		 E("spec.serviceAccountName: Invalid value: \"Builder\": a lowercase RFC 1123 subdomain must consist of lower case "
		   "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
		   "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"), NULL},
		{"unparsable quantity", POD(CTR(",\"resources\":{\"requests\":{\"cpu\":\"lots\"}}")),
		 E("spec.containers[0].resources.requests[cpu]: Invalid value: \"lots\": quantities must match the regular expression "
		   "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"), NULL},
		{"not JSON-typed fields are ignored, not crashed on",
		 POD("{\"containers\":[{\"name\":\"c\",\"image\":\"x\",\"ports\":\"80\",\"env\":{\"a\":1},\"resources\":[]}],\"volumes\":7}"), "", NULL},
	};
	st_run_cases(G, P, cases, ST_N(cases));
}

static void test_update(void **state)
{
	(void)state;
	_cleanup_free_ char *old = st_stored(G, P, "old nginx", nginx_pod);
	_cleanup_free_ char *sidecar_old = st_stored(
		G, P, "old deadline",
		"{\"metadata\":{\"name\":\"p\",\"namespace\":\"default\"},\"spec\":{\"activeDeadlineSeconds\":100,"
		"\"containers\":[{\"name\":\"c\",\"image\":\"x:1\"}]}}");
	const char *nginx_meta = "\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"uid\":\"11111111-2222-3333-4444-555555555555\","
				 "\"creationTimestamp\":\"2024-05-01T12:00:00Z\",\"resourceVersion\":\"5\"}";
	_cleanup_free_ char *new_image = xasprintf("{%s,\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.25\",\"ports\":[{\"containerPort\":80}]}],"
						   "\"serviceAccountName\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\","
						   "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":"
						   "\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],"
						   "\"priority\":0}}",
						   nginx_meta);
	_cleanup_free_ char *new_command = xasprintf("{%s,\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\",\"command\":[\"sh\"],"
						     "\"ports\":[{\"containerPort\":80}]}],\"serviceAccountName\":\"default\",\"tolerations\":[{\"key\":"
						     "\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},"
						     "{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
						     "\"tolerationSeconds\":300}],\"priority\":0}}",
						     nginx_meta);
	_cleanup_free_ char *added = xasprintf("{%s,\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\"},{\"name\":\"b\",\"image\":\"x\"}]}}",
					       nginx_meta);
	_cleanup_free_ char *no_tolerations = xasprintf("{%s,\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\",\"ports\":[{\"containerPort\":80}]}],"
							"\"serviceAccountName\":\"default\",\"priority\":0}}",
							nginx_meta);
	const char *deadline_meta = "\"metadata\":{\"name\":\"p\",\"namespace\":\"default\",\"uid\":\"11111111-2222-3333-4444-555555555555\","
				    "\"creationTimestamp\":\"2024-05-01T12:00:00Z\",\"resourceVersion\":\"5\"}";
	_cleanup_free_ char *deadline_up = xasprintf("{%s,\"spec\":{\"activeDeadlineSeconds\":200,\"containers\":[{\"name\":\"c\",\"image\":\"x:1\"}]}}",
						     deadline_meta);
	_cleanup_free_ char *deadline_down = xasprintf("{%s,\"spec\":{\"activeDeadlineSeconds\":50,\"containers\":[{\"name\":\"c\",\"image\":\"x:1\"}],"
						       "\"serviceAccountName\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\","
						       "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":"
						       "\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],"
						       "\"priority\":0}}",
						       deadline_meta);
	_cleanup_free_ char *tol_old = st_stored(
		G, P, "old tolerations",
		"{\"metadata\":{\"name\":\"p\",\"namespace\":\"default\"},\"spec\":{\"tolerations\":[{\"key\":\"dedicated\","
		"\"operator\":\"Equal\",\"value\":\"db\",\"effect\":\"NoSchedule\"}],\"containers\":[{\"name\":\"c\",\"image\":\"x:1\"}]}}");
	_cleanup_free_ char *tol_removed = xasprintf("{%s,\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x:1\"}],"
						     "\"serviceAccountName\":\"default\"}}",
						     deadline_meta);
	_cleanup_free_ char *tol_added = xasprintf("{%s,\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x:1\"}],"
						   "\"serviceAccountName\":\"default\",\"tolerations\":[{\"key\":\"dedicated\","
						   "\"operator\":\"Equal\",\"value\":\"db\",\"effect\":\"NoSchedule\"},{\"key\":\"gpu\","
						   "\"operator\":\"Exists\"}]}}",
						   deadline_meta);
	const st_case cases[] = {
		{"image may change", new_image, "", old},
		{"command may not",
		 new_command,
		 "prefix:Pod \"nginx\" is invalid: spec: Forbidden: pod updates may not change fields other than "
		 "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
		 "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it "
		 "was previously negative)\n  core.PodSpec{\n",
		 old},
		{"containers may not be added", added,
		 "Pod \"nginx\" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers", old},
		{"the default tolerations come back", no_tolerations, "", old},
		{"tolerations may not be removed", tol_removed,
		 "Pod \"p\" is invalid: spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds",
		 tol_old},
		{"tolerations may be added", tol_added, "", tol_old},
		{"activeDeadlineSeconds may not grow", deadline_up,
		 "Pod \"p\" is invalid: spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value",
		 sidecar_old},
		{"activeDeadlineSeconds may shrink", deadline_down, "", sidecar_old},
	};
	st_run_cases(G, P, cases, ST_N(cases));
}

static void test_status_update(void **state)
{
	(void)state;
	_cleanup_free_ char *old = st_stored(G, P, "old nginx", nginx_pod);
	static const struct {
		const char *name, *status, *want;
	} cases[] = {
		{"running", "{\"phase\":\"Running\",\"qosClass\":\"BestEffort\",\"podIP\":\"10.244.1.5\",\"podIPs\":[{\"ip\":\"10.244.1.5\"}],"
			    "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}",
		 ""},
		{"qosClass immutable", "{\"phase\":\"Running\",\"qosClass\":\"Guaranteed\"}",
		 "Pod \"nginx\" is invalid: status.qosClass: Invalid value: \"Guaranteed\": field is immutable"},
		{"pod IPs", "{\"phase\":\"Running\",\"qosClass\":\"BestEffort\",\"podIPs\":[{\"ip\":\"10.0.0.1\"},{\"ip\":\"10.0.0.2\"}]}",
		 "Pod \"nginx\" is invalid: status.podIPs: Invalid value: [{\"IP\":\"10.0.0.1\"},{\"IP\":\"10.0.0.2\"}]: may specify no more "
		 "than one IP for each IP family"},
		{"custom condition type", "{\"qosClass\":\"BestEffort\",\"conditions\":[{\"type\":\"my condition\",\"status\":\"True\"}]}",
		 "prefix:Pod \"nginx\" is invalid: status.conditions[0].Type: Invalid value: \"my condition\": name part must consist of"},
	};
	for (size_t i = 0; i < ST_N(cases); i++) {
		_cleanup_free_ char *json = xasprintf("{\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"resourceVersion\":\"5\"},\"status\":%s}",
						      cases[i].status);
		_cleanup_free_ char *got = st_update(G, P, cases[i].name, json, old, true, NULL);
		st_check_message(cases[i].name, got, cases[i].want);
	}
}

static void test_strategy_flags(void **state)
{
	(void)state;
	const api_strategy *s = api_strategy_for(st_resource(G, P));
	assert_true(s->has_status);
	assert_true(s->tracks_generation);
	static const char *const want[] = {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
					   "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"};
	for (size_t i = 0; i < ST_N(want); i++) {
		bool found = false;
		for (size_t j = 0; s->field_selectors[j]; j++)
			found = found || streq(s->field_selectors[j], want[i]);
		if (!found)
			fail_msg("pods lack field selector %s", want[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeds),      cmocka_unit_test(test_defaults),      cmocka_unit_test(test_pull_policy),
		cmocka_unit_test(test_qos),        cmocka_unit_test(test_validation),    cmocka_unit_test(test_update),
		cmocka_unit_test(test_status_update), cmocka_unit_test(test_strategy_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
