/* test_ctl_print_object.c - the -o printers (json, yaml, name, jsonpath,
 * custom-columns), their flags and errors, and --sort-by (ctl/print.h).
 *
 * The golden outputs are what kubectl 1.32 printed for these objects,
 * fetched from kc-apiserver at the same time as the objects below (LIST is
 * kubectl's List for `get pod nginx curlpod`, EMPTY the List of a get that
 * matched nothing). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ctl/print.h"
#include "common/json.h"
#include "common/util.h"

static const char pod_nginx[] =
	"{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"uid\":\"3792d52d-f6dc-4169-9b98-87f71d388673\",\"labels\":{},\"annotations\":{\"note\":\"h\\u00e9llo w\\u00f6rld\"},\"generation\":1,\"creationTimestamp\":\"2026-11-22T08:18:52Z\",\"resourceVersion\":\"213\"},\"spec\":{\"containers\":[{\"image\":\"nginx:1.14.2\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}}";

static const char pod_curl[] =
	"{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"uid\":\"1cc97531-e850-4aca-a90f-3ab28e862894\",\"labels\":{\"app.kubernetes.io/name\":\"curl\",\"tier\":\"x\"},\"generation\":1,\"creationTimestamp\":\"2026-11-22T08:18:49Z\",\"resourceVersion\":\"214\"},\"spec\":{\"containers\":[{\"command\":[\"sleep\",\"infinity\"],\"image\":\"docker.io/curlimages/curl:7.86.0\",\"imagePullPolicy\":\"IfNotPresent\",\"name\":\"curl\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"restartPolicy\":\"Always\",\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}}";

static const char deploy_nginx[] =
	"{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"nginx-deployment\",\"namespace\":\"default\",\"uid\":\"b067337e-7e4f-470c-b3e1-41c6bad1968e\",\"creationTimestamp\":\"2026-11-22T08:18:50Z\",\"generation\":1,\"resourceVersion\":\"97\"},\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"nginx\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.14.2\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\"}},\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}},\"revisionHistoryLimit\":10,\"progressDeadlineSeconds\":600},\"status\":{}}";

enum { OBJ_POD, OBJ_DEPLOY, LIST, EMPTY };

static const struct {
	int obj;
	const char *output;
	bool no_headers;
	const char *want;
} goldens[] = {
	{OBJ_POD, "json", false,
	 "{\n"
	 "    \"apiVersion\": \"v1\",\n"
	 "    \"kind\": \"Pod\",\n"
	 "    \"metadata\": {\n"
	 "        \"annotations\": {\n"
	 "            \"note\": \"héllo wörld\"\n"
	 "        },\n"
	 "        \"creationTimestamp\": \"2026-11-22T08:18:52Z\",\n"
	 "        \"generation\": 1,\n"
	 "        \"labels\": {},\n"
	 "        \"name\": \"nginx\",\n"
	 "        \"namespace\": \"default\",\n"
	 "        \"resourceVersion\": \"213\",\n"
	 "        \"uid\": \"3792d52d-f6dc-4169-9b98-87f71d388673\"\n"
	 "    },\n"
	 "    \"spec\": {\n"
	 "        \"containers\": [\n"
	 "            {\n"
	 "                \"image\": \"nginx:1.14.2\",\n"
	 "                \"imagePullPolicy\": \"IfNotPresent\",\n"
	 "                \"name\": \"nginx\",\n"
	 "                \"ports\": [\n"
	 "                    {\n"
	 "                        \"containerPort\": 80,\n"
	 "                        \"protocol\": \"TCP\"\n"
	 "                    }\n"
	 "                ],\n"
	 "                \"resources\": {},\n"
	 "                \"terminationMessagePath\": \"/dev/termination-log\",\n"
	 "                \"terminationMessagePolicy\": \"File\"\n"
	 "            }\n"
	 "        ],\n"
	 "        \"dnsPolicy\": \"ClusterFirst\",\n"
	 "        \"enableServiceLinks\": true,\n"
	 "        \"preemptionPolicy\": \"PreemptLowerPriority\",\n"
	 "        \"priority\": 0,\n"
	 "        \"restartPolicy\": \"Always\",\n"
	 "        \"schedulerName\": \"default-scheduler\",\n"
	 "        \"securityContext\": {},\n"
	 "        \"serviceAccount\": \"default\",\n"
	 "        \"serviceAccountName\": \"default\",\n"
	 "        \"terminationGracePeriodSeconds\": 30,\n"
	 "        \"tolerations\": [\n"
	 "            {\n"
	 "                \"effect\": \"NoExecute\",\n"
	 "                \"key\": \"node.kubernetes.io/not-ready\",\n"
	 "                \"operator\": \"Exists\",\n"
	 "                \"tolerationSeconds\": 300\n"
	 "            },\n"
	 "            {\n"
	 "                \"effect\": \"NoExecute\",\n"
	 "                \"key\": \"node.kubernetes.io/unreachable\",\n"
	 "                \"operator\": \"Exists\",\n"
	 "                \"tolerationSeconds\": 300\n"
	 "            }\n"
	 "        ]\n"
	 "    },\n"
	 "    \"status\": {\n"
	 "        \"phase\": \"Pending\",\n"
	 "        \"qosClass\": \"BestEffort\"\n"
	 "    }\n"
	 "}\n"},
	{OBJ_POD, "yaml", false,
	 "apiVersion: v1\n"
	 "kind: Pod\n"
	 "metadata:\n"
	 "  annotations:\n"
	 "    note: héllo wörld\n"
	 "  creationTimestamp: \"2026-11-22T08:18:52Z\"\n"
	 "  generation: 1\n"
	 "  labels: {}\n"
	 "  name: nginx\n"
	 "  namespace: default\n"
	 "  resourceVersion: \"213\"\n"
	 "  uid: 3792d52d-f6dc-4169-9b98-87f71d388673\n"
	 "spec:\n"
	 "  containers:\n"
	 "  - image: nginx:1.14.2\n"
	 "    imagePullPolicy: IfNotPresent\n"
	 "    name: nginx\n"
	 "    ports:\n"
	 "    - containerPort: 80\n"
	 "      protocol: TCP\n"
	 "    resources: {}\n"
	 "    terminationMessagePath: /dev/termination-log\n"
	 "    terminationMessagePolicy: File\n"
	 "  dnsPolicy: ClusterFirst\n"
	 "  enableServiceLinks: true\n"
	 "  preemptionPolicy: PreemptLowerPriority\n"
	 "  priority: 0\n"
	 "  restartPolicy: Always\n"
	 "  schedulerName: default-scheduler\n"
	 "  securityContext: {}\n"
	 "  serviceAccount: default\n"
	 "  serviceAccountName: default\n"
	 "  terminationGracePeriodSeconds: 30\n"
	 "  tolerations:\n"
	 "  - effect: NoExecute\n"
	 "    key: node.kubernetes.io/not-ready\n"
	 "    operator: Exists\n"
	 "    tolerationSeconds: 300\n"
	 "  - effect: NoExecute\n"
	 "    key: node.kubernetes.io/unreachable\n"
	 "    operator: Exists\n"
	 "    tolerationSeconds: 300\n"
	 "status:\n"
	 "  phase: Pending\n"
	 "  qosClass: BestEffort\n"},
	{OBJ_POD, "name", false,
	 "pod/nginx\n"},
	{OBJ_DEPLOY, "name", false,
	 "deployment.apps/nginx-deployment\n"},
	{OBJ_DEPLOY, "yaml", false,
	 "apiVersion: apps/v1\n"
	 "kind: Deployment\n"
	 "metadata:\n"
	 "  creationTimestamp: \"2026-11-22T08:18:50Z\"\n"
	 "  generation: 1\n"
	 "  name: nginx-deployment\n"
	 "  namespace: default\n"
	 "  resourceVersion: \"97\"\n"
	 "  uid: b067337e-7e4f-470c-b3e1-41c6bad1968e\n"
	 "spec:\n"
	 "  progressDeadlineSeconds: 600\n"
	 "  replicas: 2\n"
	 "  revisionHistoryLimit: 10\n"
	 "  selector:\n"
	 "    matchLabels:\n"
	 "      app: nginx\n"
	 "  strategy:\n"
	 "    rollingUpdate:\n"
	 "      maxSurge: 25%\n"
	 "      maxUnavailable: 25%\n"
	 "    type: RollingUpdate\n"
	 "  template:\n"
	 "    metadata:\n"
	 "      labels:\n"
	 "        app: nginx\n"
	 "    spec:\n"
	 "      containers:\n"
	 "      - image: nginx:1.14.2\n"
	 "        imagePullPolicy: IfNotPresent\n"
	 "        name: nginx\n"
	 "        ports:\n"
	 "        - containerPort: 80\n"
	 "          protocol: TCP\n"
	 "        resources: {}\n"
	 "        terminationMessagePath: /dev/termination-log\n"
	 "        terminationMessagePolicy: File\n"
	 "      dnsPolicy: ClusterFirst\n"
	 "      restartPolicy: Always\n"
	 "      schedulerName: default-scheduler\n"
	 "      securityContext: {}\n"
	 "      terminationGracePeriodSeconds: 30\n"
	 "status: {}\n"},
	{OBJ_POD, "jsonpath={.metadata.name} {.spec.containers[*].image}{\"\\n\"}", false,
	 "nginx nginx:1.14.2\n"},
	{OBJ_POD, "jsonpath-as-json={.spec.containers[0].ports}", false,
	 "[\n"
	 "    [\n"
	 "        {\n"
	 "            \"containerPort\": 80,\n"
	 "            \"protocol\": \"TCP\"\n"
	 "        }\n"
	 "    ]\n"
	 "]\n"},
	{OBJ_POD, "custom-columns=NAME:.metadata.name,PORTS:.spec.containers[*].ports[*].containerPort,TOL:.spec.tolerations[*].key,NONE:.spec.nope", false,
	 "NAME    PORTS   TOL                                                           NONE\n"
	 "nginx   80      node.kubernetes.io/not-ready,node.kubernetes.io/unreachable   <none>\n"},
	{LIST, "json", false,
	 "{\n"
	 "    \"apiVersion\": \"v1\",\n"
	 "    \"items\": [\n"
	 "        {\n"
	 "            \"apiVersion\": \"v1\",\n"
	 "            \"kind\": \"Pod\",\n"
	 "            \"metadata\": {\n"
	 "                \"annotations\": {\n"
	 "                    \"note\": \"héllo wörld\"\n"
	 "                },\n"
	 "                \"creationTimestamp\": \"2026-11-22T08:18:52Z\",\n"
	 "                \"generation\": 1,\n"
	 "                \"labels\": {},\n"
	 "                \"name\": \"nginx\",\n"
	 "                \"namespace\": \"default\",\n"
	 "                \"resourceVersion\": \"213\",\n"
	 "                \"uid\": \"3792d52d-f6dc-4169-9b98-87f71d388673\"\n"
	 "            },\n"
	 "            \"spec\": {\n"
	 "                \"containers\": [\n"
	 "                    {\n"
	 "                        \"image\": \"nginx:1.14.2\",\n"
	 "                        \"imagePullPolicy\": \"IfNotPresent\",\n"
	 "                        \"name\": \"nginx\",\n"
	 "                        \"ports\": [\n"
	 "                            {\n"
	 "                                \"containerPort\": 80,\n"
	 "                                \"protocol\": \"TCP\"\n"
	 "                            }\n"
	 "                        ],\n"
	 "                        \"resources\": {},\n"
	 "                        \"terminationMessagePath\": \"/dev/termination-log\",\n"
	 "                        \"terminationMessagePolicy\": \"File\"\n"
	 "                    }\n"
	 "                ],\n"
	 "                \"dnsPolicy\": \"ClusterFirst\",\n"
	 "                \"enableServiceLinks\": true,\n"
	 "                \"preemptionPolicy\": \"PreemptLowerPriority\",\n"
	 "                \"priority\": 0,\n"
	 "                \"restartPolicy\": \"Always\",\n"
	 "                \"schedulerName\": \"default-scheduler\",\n"
	 "                \"securityContext\": {},\n"
	 "                \"serviceAccount\": \"default\",\n"
	 "                \"serviceAccountName\": \"default\",\n"
	 "                \"terminationGracePeriodSeconds\": 30,\n"
	 "                \"tolerations\": [\n"
	 "                    {\n"
	 "                        \"effect\": \"NoExecute\",\n"
	 "                        \"key\": \"node.kubernetes.io/not-ready\",\n"
	 "                        \"operator\": \"Exists\",\n"
	 "                        \"tolerationSeconds\": 300\n"
	 "                    },\n"
	 "                    {\n"
	 "                        \"effect\": \"NoExecute\",\n"
	 "                        \"key\": \"node.kubernetes.io/unreachable\",\n"
	 "                        \"operator\": \"Exists\",\n"
	 "                        \"tolerationSeconds\": 300\n"
	 "                    }\n"
	 "                ]\n"
	 "            },\n"
	 "            \"status\": {\n"
	 "                \"phase\": \"Pending\",\n"
	 "                \"qosClass\": \"BestEffort\"\n"
	 "            }\n"
	 "        },\n"
	 "        {\n"
	 "            \"apiVersion\": \"v1\",\n"
	 "            \"kind\": \"Pod\",\n"
	 "            \"metadata\": {\n"
	 "                \"creationTimestamp\": \"2026-11-22T08:18:49Z\",\n"
	 "                \"generation\": 1,\n"
	 "                \"labels\": {\n"
	 "                    \"app.kubernetes.io/name\": \"curl\",\n"
	 "                    \"tier\": \"x\"\n"
	 "                },\n"
	 "                \"name\": \"curlpod\",\n"
	 "                \"namespace\": \"default\",\n"
	 "                \"resourceVersion\": \"214\",\n"
	 "                \"uid\": \"1cc97531-e850-4aca-a90f-3ab28e862894\"\n"
	 "            },\n"
	 "            \"spec\": {\n"
	 "                \"containers\": [\n"
	 "                    {\n"
	 "                        \"command\": [\n"
	 "                            \"sleep\",\n"
	 "                            \"infinity\"\n"
	 "                        ],\n"
	 "                        \"image\": \"docker.io/curlimages/curl:7.86.0\",\n"
	 "                        \"imagePullPolicy\": \"IfNotPresent\",\n"
	 "                        \"name\": \"curl\",\n"
	 "                        \"resources\": {},\n"
	 "                        \"terminationMessagePath\": \"/dev/termination-log\",\n"
	 "                        \"terminationMessagePolicy\": \"File\"\n"
	 "                    }\n"
	 "                ],\n"
	 "                \"dnsPolicy\": \"ClusterFirst\",\n"
	 "                \"enableServiceLinks\": true,\n"
	 "                \"preemptionPolicy\": \"PreemptLowerPriority\",\n"
	 "                \"priority\": 0,\n"
	 "                \"restartPolicy\": \"Always\",\n"
	 "                \"schedulerName\": \"default-scheduler\",\n"
	 "                \"securityContext\": {},\n"
	 "                \"serviceAccount\": \"default\",\n"
	 "                \"serviceAccountName\": \"default\",\n"
	 "                \"terminationGracePeriodSeconds\": 30,\n"
	 "                \"tolerations\": [\n"
	 "                    {\n"
	 "                        \"effect\": \"NoExecute\",\n"
	 "                        \"key\": \"node.kubernetes.io/not-ready\",\n"
	 "                        \"operator\": \"Exists\",\n"
	 "                        \"tolerationSeconds\": 300\n"
	 "                    },\n"
	 "                    {\n"
	 "                        \"effect\": \"NoExecute\",\n"
	 "                        \"key\": \"node.kubernetes.io/unreachable\",\n"
	 "                        \"operator\": \"Exists\",\n"
	 "                        \"tolerationSeconds\": 300\n"
	 "                    }\n"
	 "                ]\n"
	 "            },\n"
	 "            \"status\": {\n"
	 "                \"phase\": \"Pending\",\n"
	 "                \"qosClass\": \"BestEffort\"\n"
	 "            }\n"
	 "        }\n"
	 "    ],\n"
	 "    \"kind\": \"List\",\n"
	 "    \"metadata\": {\n"
	 "        \"resourceVersion\": \"\"\n"
	 "    }\n"
	 "}\n"},
	{LIST, "yaml", false,
	 "apiVersion: v1\n"
	 "items:\n"
	 "- apiVersion: v1\n"
	 "  kind: Pod\n"
	 "  metadata:\n"
	 "    annotations:\n"
	 "      note: héllo wörld\n"
	 "    creationTimestamp: \"2026-11-22T08:18:52Z\"\n"
	 "    generation: 1\n"
	 "    labels: {}\n"
	 "    name: nginx\n"
	 "    namespace: default\n"
	 "    resourceVersion: \"213\"\n"
	 "    uid: 3792d52d-f6dc-4169-9b98-87f71d388673\n"
	 "  spec:\n"
	 "    containers:\n"
	 "    - image: nginx:1.14.2\n"
	 "      imagePullPolicy: IfNotPresent\n"
	 "      name: nginx\n"
	 "      ports:\n"
	 "      - containerPort: 80\n"
	 "        protocol: TCP\n"
	 "      resources: {}\n"
	 "      terminationMessagePath: /dev/termination-log\n"
	 "      terminationMessagePolicy: File\n"
	 "    dnsPolicy: ClusterFirst\n"
	 "    enableServiceLinks: true\n"
	 "    preemptionPolicy: PreemptLowerPriority\n"
	 "    priority: 0\n"
	 "    restartPolicy: Always\n"
	 "    schedulerName: default-scheduler\n"
	 "    securityContext: {}\n"
	 "    serviceAccount: default\n"
	 "    serviceAccountName: default\n"
	 "    terminationGracePeriodSeconds: 30\n"
	 "    tolerations:\n"
	 "    - effect: NoExecute\n"
	 "      key: node.kubernetes.io/not-ready\n"
	 "      operator: Exists\n"
	 "      tolerationSeconds: 300\n"
	 "    - effect: NoExecute\n"
	 "      key: node.kubernetes.io/unreachable\n"
	 "      operator: Exists\n"
	 "      tolerationSeconds: 300\n"
	 "  status:\n"
	 "    phase: Pending\n"
	 "    qosClass: BestEffort\n"
	 "- apiVersion: v1\n"
	 "  kind: Pod\n"
	 "  metadata:\n"
	 "    creationTimestamp: \"2026-11-22T08:18:49Z\"\n"
	 "    generation: 1\n"
	 "    labels:\n"
	 "      app.kubernetes.io/name: curl\n"
	 "      tier: x\n"
	 "    name: curlpod\n"
	 "    namespace: default\n"
	 "    resourceVersion: \"214\"\n"
	 "    uid: 1cc97531-e850-4aca-a90f-3ab28e862894\n"
	 "  spec:\n"
	 "    containers:\n"
	 "    - command:\n"
	 "      - sleep\n"
	 "      - infinity\n"
	 "      image: docker.io/curlimages/curl:7.86.0\n"
	 "      imagePullPolicy: IfNotPresent\n"
	 "      name: curl\n"
	 "      resources: {}\n"
	 "      terminationMessagePath: /dev/termination-log\n"
	 "      terminationMessagePolicy: File\n"
	 "    dnsPolicy: ClusterFirst\n"
	 "    enableServiceLinks: true\n"
	 "    preemptionPolicy: PreemptLowerPriority\n"
	 "    priority: 0\n"
	 "    restartPolicy: Always\n"
	 "    schedulerName: default-scheduler\n"
	 "    securityContext: {}\n"
	 "    serviceAccount: default\n"
	 "    serviceAccountName: default\n"
	 "    terminationGracePeriodSeconds: 30\n"
	 "    tolerations:\n"
	 "    - effect: NoExecute\n"
	 "      key: node.kubernetes.io/not-ready\n"
	 "      operator: Exists\n"
	 "      tolerationSeconds: 300\n"
	 "    - effect: NoExecute\n"
	 "      key: node.kubernetes.io/unreachable\n"
	 "      operator: Exists\n"
	 "      tolerationSeconds: 300\n"
	 "  status:\n"
	 "    phase: Pending\n"
	 "    qosClass: BestEffort\n"
	 "kind: List\n"
	 "metadata:\n"
	 "  resourceVersion: \"\"\n"},
	{LIST, "name", false,
	 "pod/nginx\n"
	 "pod/curlpod\n"},
	{LIST, "jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.spec.restartPolicy}{\"\\n\"}{end}", false,
	 "nginx\tAlways\n"
	 "curlpod\tAlways\n"},
	{LIST, "custom-columns=NAME:.metadata.name,IMAGE:{.spec.containers[0].image}", false,
	 "NAME      IMAGE\n"
	 "nginx     nginx:1.14.2\n"
	 "curlpod   docker.io/curlimages/curl:7.86.0\n"},
	{LIST, "custom-columns=NAME:metadata.name,CMD:.spec.containers[0].command", true,
	 "nginx     <none>\n"
	 "curlpod   [sleep infinity]\n"},
	{EMPTY, "json", false,
	 "{\n"
	 "    \"apiVersion\": \"v1\",\n"
	 "    \"items\": [],\n"
	 "    \"kind\": \"List\",\n"
	 "    \"metadata\": {\n"
	 "        \"resourceVersion\": \"\"\n"
	 "    }\n"
	 "}\n"},
	{EMPTY, "yaml", false,
	 "apiVersion: v1\n"
	 "items: []\n"
	 "kind: List\n"
	 "metadata:\n"
	 "  resourceVersion: \"\"\n"},
	{EMPTY, "custom-columns=N:.metadata.name", false,
	 "N\n"},
	{EMPTY, "jsonpath={.items}", false,
	 "[]"},
};

static cJSON *object(int which)
{
	switch (which) {
	case OBJ_POD:
		return cJSON_Parse(pod_nginx);
	case OBJ_DEPLOY:
		return cJSON_Parse(deploy_nginx);
	case LIST: {
		cJSON *items = cJSON_CreateArray();
		cJSON_AddItemToArray(items, cJSON_Parse(pod_nginx));
		cJSON_AddItemToArray(items, cJSON_Parse(pod_curl));
		return kc_print_list_new(items);
	}
	default:
		return kc_print_list_new(NULL);
	}
}

static kc_printer *printer(const char *output, bool no_headers)
{
	kc_print_flags f;
	kc_print_flags_init(&f, KC_PRINT_FLAGS_OBJECT | KC_PRINT_FLAGS_GET);
	f.output = output;
	f.template_arg = "";
	f.allow_missing_keys = true;
	f.no_headers = no_headers;
	kc_printer *p = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_printer_new(&f, &p, &err) < 0)
		fail_msg("-o %s: %s", output, err.msg);
	return p;
}

static void test_golden(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < KC_ARRAY_SIZE(goldens); i++) {
		kc_printer *p = printer(goldens[i].output, goldens[i].no_headers);
		cJSON *obj = object(goldens[i].obj);
		assert_non_null(obj);
		kc_buf out = KC_BUF_INIT;
		char *msg = NULL;
		if (kc_printer_print(p, obj, &out, &msg) < 0) {
			print_error("case %zu -o %s: %s\n", i, goldens[i].output, msg);
			failures++;
		} else if (!streq(kc_buf_str(&out), goldens[i].want)) {
			print_error("case %zu -o %s: got\n%s\nwant\n%s\n", i, goldens[i].output, kc_buf_str(&out),
				    goldens[i].want);
			failures++;
		}
		free(msg);
		kc_buf_free(&out);
		cJSON_Delete(obj);
		kc_printer_free(p);
	}
	assert_int_equal(failures, 0);
}

/* -o and --template as kubectl reads them, with its errors. */
static void test_flags(void **state)
{
	(void)state;
	static const struct {
		const char *output, *tmpl;
		unsigned set;
		int format; /* -1: an error */
		const char *err;
	} fc[] = {
		{"", "", KC_PRINT_FLAGS_GET, KC_PRINT_HUMAN, NULL},
		{"wide", "", KC_PRINT_FLAGS_GET, KC_PRINT_WIDE, NULL},
		{"json", "", KC_PRINT_FLAGS_OBJECT, KC_PRINT_JSON, NULL},
		{"yaml", "", KC_PRINT_FLAGS_OBJECT, KC_PRINT_YAML, NULL},
		{"name", "", KC_PRINT_FLAGS_OBJECT, KC_PRINT_NAME, NULL},
		{"jsonpath={.a}", "", KC_PRINT_FLAGS_OBJECT, KC_PRINT_JSONPATH, NULL},
		{"jsonpath", "{.a}", KC_PRINT_FLAGS_OBJECT, KC_PRINT_JSONPATH, NULL},
		{"jsonpath-as-json={.a}", "", KC_PRINT_FLAGS_OBJECT, KC_PRINT_JSONPATH, NULL},
		{"custom-columns=A:.a", "", KC_PRINT_FLAGS_GET, KC_PRINT_CUSTOM_COLUMNS, NULL},
		{"custom-columns", "A:.a,B:b", KC_PRINT_FLAGS_GET, KC_PRINT_CUSTOM_COLUMNS, NULL},
		{"foo", "", KC_PRINT_FLAGS_GET, -1,
		 "unable to match a printer suitable for the output format \"foo\", allowed formats are: "
		 "custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml"},
		{"wide", "", KC_PRINT_FLAGS_OBJECT, -1,
		 "unable to match a printer suitable for the output format \"wide\", allowed formats are: "
		 "json,jsonpath,jsonpath-as-json,jsonpath-file,name,yaml"},
		{"custom-columns=A:.a", "", KC_PRINT_FLAGS_OBJECT, -1,
		 "unable to match a printer suitable for the output format \"custom-columns=A:.a\", allowed formats "
		 "are: json,jsonpath,jsonpath-as-json,jsonpath-file,name,yaml"},
		{"", "{.a}", KC_PRINT_FLAGS_GET, -1,
		 "unable to match a printer suitable for the output format \"go-template\", allowed formats are: "
		 "custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml"},
		{"jsonpath", "", KC_PRINT_FLAGS_GET, -1, "template format specified but no template given"},
		{"jsonpath=", "", KC_PRINT_FLAGS_GET, -1, "template format specified but no template given"},
		{"jsonpath={.a", "", KC_PRINT_FLAGS_GET, -1, "error parsing jsonpath {.a, unclosed action"},
		{"jsonpath-file=/nonexistent/x", "", KC_PRINT_FLAGS_GET, -1,
		 "error reading --template /nonexistent/x, open /nonexistent/x: no such file or directory"},
		{"custom-columns", "", KC_PRINT_FLAGS_GET, -1, "custom-columns format specified but no custom columns given"},
		{"custom-columns=X", "", KC_PRINT_FLAGS_GET, -1,
		 "unexpected custom-columns spec: X, expected <header>:<json-path-expr>"},
		{"custom-columns=A:.a,,", "", KC_PRINT_FLAGS_GET, -1,
		 "unexpected custom-columns spec: , expected <header>:<json-path-expr>"},
		{"custom-columns=A:{.a", "", KC_PRINT_FLAGS_GET, -1,
		 "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"},
		{"custom-columns-file=/nonexistent/x", "", KC_PRINT_FLAGS_GET, -1,
		 "error reading template /nonexistent/x, open /nonexistent/x: no such file or directory"},
		{"jsonpath={.a}", "x", KC_PRINT_FLAGS_GET, -1,
		 "unable to match a printer suitable for the output format \"jsonpath={.a}\", allowed formats are: "
		 "custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(fc); i++) {
		kc_print_flags f;
		kc_print_flags_init(&f, fc[i].set);
		f.output = fc[i].output;
		f.template_arg = fc[i].tmpl;
		kc_printer *p = NULL;
		kc_error err = KC_ERROR_INIT;
		int r = kc_printer_new(&f, &p, &err);
		if (fc[i].format < 0) {
			if (r == 0)
				fail_msg("-o %s --template %s: no error", fc[i].output, fc[i].tmpl);
			if (!streq(err.msg, fc[i].err))
				fail_msg("-o %s: error <%s>, want <%s>", fc[i].output, err.msg, fc[i].err);
			continue;
		}
		if (r < 0)
			fail_msg("-o %s: %s", fc[i].output, err.msg);
		if ((int)kc_printer_format(p) != fc[i].format)
			fail_msg("-o %s: format %d, want %d", fc[i].output, kc_printer_format(p), fc[i].format);
		kc_printer_free(p);
	}
}

/* What kubectl prints when a jsonpath fails on an object. */
static void test_jsonpath_error(void **state)
{
	(void)state;
	kc_print_flags f;
	kc_print_flags_init(&f, KC_PRINT_FLAGS_OBJECT);
	f.output = "jsonpath={.spec.nope[0]}";
	f.template_arg = "";
	f.allow_missing_keys = false;
	kc_printer *p = NULL;
	assert_int_equal(kc_printer_new(&f, &p, NULL), 0);
	cJSON *obj = cJSON_Parse("{\"kind\":\"Pod\",\"spec\":{\"a\":[1,2.5,null,\"x\\\"\"],\"b\":{}}}");
	kc_buf out = KC_BUF_INIT;
	char *msg = NULL;
	assert_true(kc_printer_print(p, obj, &out, &msg) < 0);
	assert_string_equal(msg, "error executing jsonpath \"{.spec.nope[0]}\": Error executing template: nope is not "
				 "found. Printing more information for debugging the template:\n"
				 "\ttemplate was:\n\t\t{.spec.nope[0]}\n"
				 "\tobject given to jsonpath engine was:\n"
				 "\t\tmap[string]interface {}{\"kind\":\"Pod\", \"spec\":map[string]interface {}{\"a\":"
				 "[]interface {}{1, 2.5, interface {}(nil), \"x\\\"\"}, \"b\":map[string]interface {}{}}}\n\n");
	free(msg);
	kc_buf_free(&out);
	cJSON_Delete(obj);
	kc_printer_free(p);
}

/* managedFields are left out of json and yaml unless asked for; yaml
 * separates objects; watch events print compact json. */
static void test_json_yaml(void **state)
{
	(void)state;
	static const char obj_json[] = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\","
				       "\"managedFields\":[{\"manager\":\"kubectl\"}]},\"data\":{\"k\":\"<v>\"}}";
	cJSON *obj = cJSON_Parse(obj_json);
	kc_print_flags f;
	kc_print_flags_init(&f, KC_PRINT_FLAGS_OBJECT);
	f.output = "yaml";
	f.template_arg = "";
	kc_printer *p = NULL;
	assert_int_equal(kc_printer_new(&f, &p, NULL), 0);
	kc_buf out = KC_BUF_INIT;
	char *msg = NULL;
	assert_int_equal(kc_printer_print(p, obj, &out, &msg), 0);
	assert_int_equal(kc_printer_print(p, obj, &out, &msg), 0);
	const char *doc = "apiVersion: v1\ndata:\n  k: <v>\nkind: ConfigMap\nmetadata:\n  name: c\n";
	_cleanup_free_ char *want = xasprintf("%s---\n%s", doc, doc);
	assert_string_equal(kc_buf_str(&out), want);
	kc_printer_free(p);

	kc_buf_reset(&out);
	f.output = "json";
	f.show_managed_fields = true;
	assert_int_equal(kc_printer_new(&f, &p, NULL), 0);
	assert_int_equal(kc_printer_print(p, obj, &out, &msg), 0);
	assert_string_equal(kc_buf_str(&out), "{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"k\": "
					      "\"\\u003cv\\u003e\"\n    },\n    \"kind\": \"ConfigMap\",\n    \"metadata\": "
					      "{\n        \"managedFields\": [\n            {\n                \"manager\": "
					      "\"kubectl\"\n            }\n        ],\n        \"name\": \"c\"\n    }\n}\n");
	/* a watch event: {"type", "object"} on one line, type first */
	kc_buf_reset(&out);
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "type", "ADDED");
	cJSON_AddItemReferenceToObject(ev, "object", obj);
	assert_int_equal(kc_printer_print(p, ev, &out, &msg), 0);
	assert_string_equal(kc_buf_str(&out), "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"data\":{\"k\":"
					      "\"\\u003cv\\u003e\"},\"kind\":\"ConfigMap\",\"metadata\":{\"managedFields\":"
					      "[{\"manager\":\"kubectl\"}],\"name\":\"c\"}}}\n");
	kc_printer_free(p);
	/* -o name of an event names its object; an object without kind fails */
	kc_buf_reset(&out);
	f.output = "name";
	assert_int_equal(kc_printer_new(&f, &p, NULL), 0);
	assert_int_equal(kc_printer_print(p, ev, &out, &msg), 0);
	assert_string_equal(kc_buf_str(&out), "configmap/c\n");
	cJSON *nokind = cJSON_Parse("{\"metadata\":{\"name\":\"x\"}}");
	assert_true(kc_printer_print(p, nokind, &out, &msg) < 0);
	assert_true(str_startswith(msg, "missing apiVersion or kind"));
	free(msg);
	cJSON_Delete(nokind);
	cJSON_Delete(ev);
	kc_printer_free(p);
	/* kc_print_name with an operation */
	kc_buf_reset(&out);
	cJSON *dep = cJSON_Parse("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"}}");
	kc_print_name(&out, dep, "created");
	kc_print_name(&out, dep, NULL);
	assert_string_equal(kc_buf_str(&out), "deployment.apps/web created\ndeployment.apps/web\n");
	cJSON_Delete(dep);
	kc_buf_free(&out);
	cJSON_Delete(obj);
}

/* --sort-by: kubectl 1.32 compares strings bytewise (a10 < a9), numbers by
 * value, strings that are both quantities as quantities; objects without
 * the field first; equal keys keep their order. */
static void test_sort(void **state)
{
	(void)state;
	static const struct {
		const char *items, *field, *want, *err;
	} sc[] = {
		{"[{\"id\":\"1\",\"n\":\"a9\"},{\"id\":\"2\",\"n\":\"a10\"},{\"id\":\"3\",\"n\":\"b\"},"
		 "{\"id\":\"4\",\"n\":\"a-x\"}]", ".n", "4 2 1 3", NULL},
		{"[{\"id\":\"1\",\"n\":3},{\"id\":\"2\",\"n\":1},{\"id\":\"3\",\"n\":-2}]", "{.n}", "3 2 1", NULL},
		{"[{\"id\":\"1\",\"n\":3.5},{\"id\":\"2\",\"n\":1.5},{\"id\":\"3\",\"n\":-2.5}]", "n", "3 2 1", NULL},
		{"[{\"id\":\"1\",\"n\":\"1\"},{\"id\":\"2\",\"n\":\"100m\"},{\"id\":\"3\",\"n\":\"2Ki\"},"
		 "{\"id\":\"4\",\"n\":\"1k\"}]", "n", "2 1 4 3", NULL},
		{"[{\"id\":\"1\",\"n\":\"b\"},{\"id\":\"2\"},{\"id\":\"3\",\"n\":\"a\"},{\"id\":\"4\",\"n\":\"a\"}]",
		 ".n", "2 3 4 1", NULL},
		{"[{\"id\":\"1\",\"n\":3},{\"id\":\"2\",\"n\":1.5}]", ".n", NULL,
		 "Field {.n} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable "
		 "interface: interface"},
		{"[{\"n\":\"x\"},{\"m\":1}]", ".nope", NULL,
		 "couldn't find any field with path \"{.nope}\" in the list of objects"},
		{"[{\"n\":\"x\"},{\"n\":1}]", ".n", NULL,
		 "Field {.n} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable "
		 "interface: interface"},
		{"[{\"n\":true},{\"n\":false}]", ".n", NULL,
		 "Field {.n} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: bool"},
		{"[{\"n\":1}]", "{{", NULL,
		 "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"},
		{"[{\"n\":1},{\"n\":2}]", ".n[", NULL, "unterminated array"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(sc); i++) {
		cJSON *arr = cJSON_Parse(sc[i].items);
		assert_non_null(arr);
		size_t n = (size_t)cJSON_GetArraySize(arr), k = 0;
		cJSON **v = xcalloc(n, sizeof(*v));
		cJSON *it;
		cJSON_ArrayForEach(it, arr) v[k++] = it;
		kc_error err = KC_ERROR_INIT;
		int r = kc_sort_objects(v, n, sc[i].field, &err);
		if (sc[i].err) {
			if (r == 0 || !streq(err.msg, sc[i].err))
				fail_msg("sort %zu: rc %d error <%s>, want <%s>", i, r, err.msg, sc[i].err);
		} else {
			if (r < 0)
				fail_msg("sort %zu: %s", i, err.msg);
			kc_buf got = KC_BUF_INIT;
			for (size_t j = 0; j < n; j++) {
				if (j)
					kc_buf_addch(&got, ' ');
				kc_buf_addstr(&got, kc_json_get_str(v[j], "id", "?"));
			}
			if (!streq(kc_buf_str(&got), sc[i].want))
				fail_msg("sort %zu: got %s, want %s", i, kc_buf_str(&got), sc[i].want);
			kc_buf_free(&got);
		}
		free(v);
		cJSON_Delete(arr);
	}
	/* table rows, by their objects */
	cJSON *t = cJSON_Parse("{\"kind\":\"Table\",\"rows\":[{\"cells\":[\"b\"],\"object\":{\"metadata\":{\"name\":\"b\"}}},"
			       "{\"cells\":[\"a\"],\"object\":{\"metadata\":{\"name\":\"a\"}}},{\"cells\":[\"c\"],"
			       "\"object\":{\"metadata\":{\"name\":\"c\"}}}]}");
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_sort_table_rows(t, ".metadata.name", &err), 0);
	_cleanup_free_ char *s = kc_json_print(cJSON_GetObjectItem(t, "rows"));
	assert_non_null(strstr(s, "[{\"cells\":[\"a\"]"));
	assert_true(strstr(s, "\"b\"") < strstr(s, "\"c\""));
	assert_true(kc_sort_table_rows(t, ".nope", &err) < 0);
	assert_string_equal(err.msg, "couldn't find any field with path \"{.nope}\" in the list of objects");
	assert_true(kc_sort_table_rows(t, "{{", &err) < 0);
	assert_true(str_startswith(err.msg, "sorting error: "));
	cJSON_Delete(t);
}

/* The flag tables bind where they say. */
static void test_flag_table(void **state)
{
	(void)state;
	kc_print_flags f;
	kc_flag *t = kc_print_flags_init(&f, KC_PRINT_FLAGS_OBJECT | KC_PRINT_FLAGS_GET);
	kc_flag *tables[] = {t, NULL};
	char *argv[] = {"-o", "wide", "-L", "a,b", "-L", "c", "--no-headers", "--sort-by=.x", "--show-kind",
			"--allow-missing-template-keys=false", NULL};
	kc_flags_args args = {0};
	assert_int_equal(kc_flags_parse(tables, 10, argv, 0, &args, NULL), 0);
	free(args.args);
	assert_string_equal(f.output, "wide");
	assert_int_equal(f.label_columns.n, 3);
	assert_string_equal(f.label_columns.items[2], "c");
	assert_true(f.no_headers && f.show_kind && !f.allow_missing_keys && !f.show_labels);
	assert_string_equal(f.sort_by, ".x");
	kc_flags_release(tables);
	/* the object set has no table flags */
	t = kc_print_flags_init(&f, KC_PRINT_FLAGS_OBJECT);
	kc_flag *tables2[] = {t, NULL};
	char *argv2[] = {"--no-headers", NULL};
	kc_error err = KC_ERROR_INIT;
	assert_true(kc_flags_parse(tables2, 1, argv2, 0, &args, &err) < 0);
	assert_string_equal(err.msg, "unknown flag: --no-headers");
	kc_flags_release(tables2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),    cmocka_unit_test(test_flags), cmocka_unit_test(test_jsonpath_error),
		cmocka_unit_test(test_json_yaml), cmocka_unit_test(test_sort),  cmocka_unit_test(test_flag_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
