/* test_ctl_describe_kinds.c - kubectl describe for nodes, namespaces, storage, config, RBAC and the generic describer
 *
 * Golden cases: each holds an object as kc-apiserver served it, the answers
 * to every GET its describer makes, and what `kubectl describe` (1.31, the
 * release kc follows) printed for it on the same server, in the given time
 * zone, at the given time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ctl/describe.h"
#include "common/json.h"
#include "common/util.h"

/* ---- canned answers for the describers' GETs ---- */

typedef struct fake_get {
	const char *path;
	long status;
	const char *body;  /* JSON for a 200 */
	const char *error; /* the error text otherwise */
} fake_get;

typedef struct fake {
	const fake_get *gets;
	char misses[1024]; /* paths asked for that the case has no answer for */
} fake;

static void fake_fn(void *data, const char *path, kc_describe_result *ret)
{
	fake *f = data;
	for (const fake_get *g = f->gets; g && g->path; g++) {
		if (!streq(g->path, path))
			continue;
		ret->status = g->status;
		if (g->status == 200) {
			kc_error err = KC_ERROR_INIT;
			assert_int_equal(kc_json_parse_str(g->body, &ret->body, &err), 0);
		} else {
			ret->error = xstrdup(g->error);
		}
		return;
	}
	size_t len = strlen(f->misses);
	snprintf(f->misses + len, sizeof(f->misses) - len, "%s ", path);
	ret->status = 404;
	ret->error = xstrdup("the server could not find the requested resource");
}

typedef struct golden {
	const char *name;
	const char *obj;
	const fake_get *gets;
	const char *tz;
	int64_t now_sec;
	int32_t now_nsec;
	bool events;
	const char *want;
} golden;

/* Describes the case's object and compares with what kubectl printed. */
static void check_golden(const golden *c)
{
	_cleanup_json_ cJSON *obj = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse_str(c->obj, &obj, &err) < 0)
		fail_msg("%s: object does not parse: %s", c->name, err.msg);
	kc_time_zone *tz = NULL;
	if (kc_time_zone_load(c->tz, &tz, &err) < 0)
		fail_msg("%s: zone %s: %s", c->name, c->tz, err.msg);
	fake f = {.gets = c->gets};
	kc_describe_env env = {.get = fake_fn,
			       .data = &f,
			       .now = {c->now_sec, c->now_nsec},
			       .tz = tz,
			       .show_events = c->events};
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	char *msg = NULL;
	int rc = kc_describe_object(&env, obj, &out, &msg);
	kc_time_zone_free(tz);
	if (rc < 0) {
		print_error("%s: describe failed: %s\n", c->name, msg ? msg : "");
		free(msg);
		fail();
	}
	if (f.misses[0])
		fail_msg("%s: unexpected GETs: %s", c->name, f.misses);
	if (!streq(kc_buf_str(&out), c->want)) {
		/* name the first line that differs, then show both texts */
		const char *g = kc_buf_str(&out), *w = c->want;
		int line = 1;
		while (*g && *g == *w) {
			if (*g == '\n')
				line++;
			g++;
			w++;
		}
		fprintf(stderr, "%s: first difference at line %d\n---- got\n%s\n---- want\n%s\n", c->name, line,
			    kc_buf_str(&out), c->want);
		fail_msg("%s: output differs from kubectl's at line %d", c->name, line);
	}
}

/* ---- the cases ---- */

/* a node with its lease, pods and events: kubectl describe node node-1 (TZ=Asia/Kolkata) */
static const char node_obj[] =
	"{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"annotations\":{\"node.alpha.kubernetes.io/t"
	"tl\":\"0\"},\"labels\":{\"kubernetes.io/hostname\":\"node-1\",\"kubernetes.io/os\":\"linux\",\"node-"
	"role.kubernetes.io/control-plane\":\"\",\"node-role.kubernetes.io/worker\":\"\"},\"name\":\"node-1\""
	",\"uid\":\"683d1e89-41f6-409d-8706-ea668e53891e\",\"creationTimestamp\":\"2026-11-22T08:33:28Z\"},\""
	"spec\":{\"podCIDR\":\"10.244.1.0/24\",\"podCIDRs\":[\"10.244.1.0/24\"],\"taints\":[{\"effect\":\"NoS"
	"chedule\",\"key\":\"node-role.kubernetes.io/control-plane\"},{\"effect\":\"PreferNoSchedule\",\"key"
	"\":\"dedicated\",\"value\":\"infra\"}]},\"status\":{\"capacity\":{\"cpu\":\"4\",\"memory\":\"8139732"
	"Ki\",\"pods\":\"110\",\"ephemeral-storage\":\"51287520Ki\",\"hugepages-2Mi\":\"0\",\"example.com/gpu"
	"\":\"2\"},\"allocatable\":{\"cpu\":\"3800m\",\"memory\":\"7937300Ki\",\"pods\":\"110\",\"ephemeral-s"
	"torage\":\"47266578644\",\"hugepages-2Mi\":\"0\",\"example.com/gpu\":\"2\"},\"conditions\":[{\"type"
	"\":\"MemoryPressure\",\"status\":\"False\",\"lastHeartbeatTime\":\"2026-01-02T03:04:05Z\",\"lastTran"
	"sitionTime\":\"2026-01-01T00:00:00Z\",\"reason\":\"KubeletHasSufficientMemory\",\"message\":\"kubele"
	"t has sufficient memory available\"},{\"type\":\"Ready\",\"status\":\"True\",\"lastHeartbeatTime\":"
	"\"2026-01-02T03:04:05Z\",\"lastTransitionTime\":\"2026-01-01T00:00:10Z\",\"reason\":\"KubeletReady\""
	",\"message\":\"kubelet is posting ready status\"}],\"addresses\":[{\"type\":\"InternalIP\",\"address"
	"\":\"192.168.1.10\"},{\"type\":\"Hostname\",\"address\":\"node-1\"}],\"nodeInfo\":{\"machineID\":\"a"
	"bc123\",\"systemUUID\":\"uuid-1\",\"bootID\":\"boot-1\",\"kernelVersion\":\"6.1.0\",\"osImage\":\"De"
	"bian GNU/Linux 12 (bookworm)\",\"containerRuntimeVersion\":\"runc://1.1.5\",\"kubeletVersion\":\"v1."
	"31.0-kc\",\"kubeProxyVersion\":\"v1.31.0-kc\",\"operatingSystem\":\"linux\",\"architecture\":\"amd64"
	"\"}}}";
static const fake_get node_gets[] = {
	{"/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1%2Cstatus.phase%21%3DSucceeded%2Cstatus.phase%21%3DFailed", 200,
	 "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"met"
	 "adata\":{\"annotations\":{\"example.com/long\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	 "\",\"example.com/multi\":\"line one\\nline two\\n\"},\"labels\":{\"app\":\"nginx\",\"pod-template-ha"
	 "sh\":\"7c79c4bf97\"},\"name\":\"nginx-deployment-7c79c4bf97-abcde\",\"namespace\":\"default\",\"owne"
	 "rReferences\":[{\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true,\"controller\":true,\"kind\":"
	 "\"ReplicaSet\",\"name\":\"nginx-deployment-7c79c4bf97\",\"uid\":\"56bac066-1a28-4b89-a30c-1a293157ce"
	 "cb\"}],\"uid\":\"44dfdc63-adb1-4306-a2bc-1bd9f6b9baa6\",\"creationTimestamp\":\"2026-11-22T08:34:03Z"
	 "\"},\"spec\":{\"containers\":[{\"args\":[\"--flag\",\"value\"],\"env\":[{\"name\":\"PLAIN\",\"value"
	 "\":\"a value\"},{\"name\":\"MULTI\",\"value\":\"first\\nsecond\"},{\"name\":\"POD_NAME\",\"valueFrom"
	 "\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\",\"apiVersion\":\"v1\"}}},{\"name\":\"POD_IP\",\"va"
	 "lueFrom\":{\"fieldRef\":{\"fieldPath\":\"status.podIP\",\"apiVersion\":\"v1\"}}},{\"name\":\"POD_UID"
	 "\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.uid\",\"apiVersion\":\"v1\"}}},{\"name\":\""
	 "CPU_LIMIT\",\"valueFrom\":{\"resourceFieldRef\":{\"divisor\":\"1m\",\"resource\":\"limits.cpu\"}}},{"
	 "\"name\":\"MEM_REQ\",\"valueFrom\":{\"resourceFieldRef\":{\"divisor\":\"1Mi\",\"resource\":\"request"
	 "s.memory\"}}},{\"name\":\"SECRET_VAL\",\"valueFrom\":{\"secretKeyRef\":{\"key\":\"password\",\"name"
	 "\":\"mysecret\",\"optional\":true}}},{\"name\":\"CM_VAL\",\"valueFrom\":{\"configMapKeyRef\":{\"key"
	 "\":\"color\",\"name\":\"mycm\"}}}],\"envFrom\":[{\"configMapRef\":{\"name\":\"mycm\"}},{\"prefix\":"
	 "\"SEC_\",\"secretRef\":{\"name\":\"mysecret\",\"optional\":true}}],\"image\":\"nginx:1.14.2\",\"live"
	 "nessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":80,\"scheme\":\"HTTP\"},\"initialDelaySecon"
	 "ds\":3,\"timeoutSeconds\":1,\"periodSeconds\":10,\"successThreshold\":1,\"failureThreshold\":3},\"na"
	 "me\":\"nginx\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"},{\"containerPort\":443,\"hostP"
	 "ort\":8443,\"protocol\":\"TCP\"}],\"readinessProbe\":{\"tcpSocket\":{\"port\":80},\"timeoutSeconds\""
	 ":1,\"periodSeconds\":10,\"successThreshold\":1,\"failureThreshold\":3},\"resources\":{\"limits\":{\""
	 "cpu\":\"500m\",\"memory\":\"256Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}},\"startup"
	 "Probe\":{\"exec\":{\"command\":[\"cat\",\"/tmp/ready\"]},\"timeoutSeconds\":1,\"periodSeconds\":10,"
	 "\"successThreshold\":1,\"failureThreshold\":3},\"volumeMounts\":[{\"mountPath\":\"/data\",\"name\":"
	 "\"data\"},{\"mountPath\":\"/etc/cfg\",\"name\":\"cfg\",\"readOnly\":true,\"subPath\":\"app.conf\"},{"
	 "\"mountPath\":\"/cache\",\"name\":\"cache\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMess"
	 "agePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"},{\"command\":[\"sleep\",\""
	 "infinity\"],\"image\":\"busybox:1.36\",\"name\":\"sidecar\",\"resources\":{\"limits\":{\"cpu\":\"50m"
	 "\",\"memory\":\"32Mi\"},\"requests\":{\"cpu\":\"50m\",\"memory\":\"32Mi\"}},\"imagePullPolicy\":\"If"
	 "NotPresent\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File"
	 "\"}],\"initContainers\":[{\"command\":[\"sh\",\"-c\",\"echo hi\\necho there\"],\"image\":\"busybox:1"
	 ".36\",\"name\":\"init\",\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termi"
	 "nation-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"nodeName\":\"node-1\",\"node"
	 "Selector\":{\"kubernetes.io/os\":\"linux\"},\"priorityClassName\":\"\",\"readinessGates\":[{\"condit"
	 "ionType\":\"example.com/ready\"}],\"securityContext\":{\"seccompProfile\":{\"type\":\"RuntimeDefault"
	 "\"}},\"tolerations\":[{\"effect\":\"NoSchedule\",\"key\":\"dedicated\",\"operator\":\"Equal\",\"valu"
	 "e\":\"infra\"},{\"operator\":\"Exists\"}],\"topologySpreadConstraints\":[{\"labelSelector\":{\"match"
	 "Labels\":{\"app\":\"nginx\"}},\"maxSkew\":1,\"topologyKey\":\"zone\",\"whenUnsatisfiable\":\"DoNotSc"
	 "hedule\"},{\"maxSkew\":2,\"topologyKey\":\"kubernetes.io/hostname\",\"whenUnsatisfiable\":\"Schedule"
	 "Anyway\"}],\"volumes\":[{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"data-pvc\"}},{"
	 "\"configMap\":{\"name\":\"mycm\",\"defaultMode\":420},\"name\":\"cfg\"},{\"name\":\"sec\",\"secret\""
	 ":{\"optional\":false,\"secretName\":\"mysecret\",\"defaultMode\":420}},{\"emptyDir\":{\"medium\":\"M"
	 "emory\",\"sizeLimit\":\"64Mi\"},\"name\":\"cache\"},{\"hostPath\":{\"path\":\"/var/log\",\"type\":\""
	 "Directory\"},\"name\":\"host\"},{\"downwardAPI\":{\"items\":[{\"fieldRef\":{\"fieldPath\":\"metadata"
	 ".labels\",\"apiVersion\":\"v1\"},\"path\":\"labels\"},{\"path\":\"cpu\",\"resourceFieldRef\":{\"cont"
	 "ainerName\":\"nginx\",\"resource\":\"limits.cpu\"}}],\"defaultMode\":420},\"name\":\"dapi\"},{\"name"
	 "\":\"nfs\",\"nfs\":{\"path\":\"/exports\",\"readOnly\":true,\"server\":\"nfs.example.com\"}},{\"csi"
	 "\":{\"driver\":\"csi.example.com\",\"volumeAttributes\":{\"foo\":\"bar\",\"size\":\"1Gi\"}},\"name\""
	 ":\"csi\"}],\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\","
	 "\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":"
	 "\"default\",\"serviceAccount\":\"default\",\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriorit"
	 "y\"},\"status\":{\"phase\":\"Running\",\"qosClass\":\"Burstable\",\"hostIP\":\"192.168.1.10\",\"host"
	 "IPs\":[{\"ip\":\"192.168.1.10\"}],\"podIP\":\"10.244.1.5\",\"podIPs\":[{\"ip\":\"10.244.1.5\"},{\"ip"
	 "\":\"fd00::5\"}],\"startTime\":\"2026-01-02T03:04:05Z\",\"conditions\":[{\"type\":\"Initialized\",\""
	 "status\":\"True\",\"lastTransitionTime\":\"2026-01-02T03:04:06Z\"},{\"type\":\"Ready\",\"status\":\""
	 "True\",\"lastTransitionTime\":\"2026-01-02T03:04:10Z\"},{\"type\":\"ContainersReady\",\"status\":\"T"
	 "rue\",\"lastTransitionTime\":\"2026-01-02T03:04:10Z\"},{\"type\":\"PodScheduled\",\"status\":\"True"
	 "\",\"lastTransitionTime\":\"2026-01-02T03:04:05Z\"}],\"initContainerStatuses\":[{\"name\":\"init\","
	 "\"image\":\"busybox:1.36\",\"imageID\":\"docker.io/library/busybox@sha256:aaa\",\"containerID\":\"co"
	 "ntainerd://init1\",\"ready\":true,\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":0,\"rea"
	 "son\":\"Completed\",\"startedAt\":\"2026-01-02T03:04:06Z\",\"finishedAt\":\"2026-01-02T03:04:07Z\"}}"
	 "}],\"containerStatuses\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\",\"imageID\":\"docker.io/lib"
	 "rary/nginx@sha256:bbb\",\"containerID\":\"containerd://c1\",\"ready\":true,\"restartCount\":2,\"star"
	 "ted\":true,\"state\":{\"running\":{\"startedAt\":\"2026-01-02T03:04:08Z\"}},\"lastState\":{\"termina"
	 "ted\":{\"exitCode\":137,\"signal\":9,\"reason\":\"OOMKilled\",\"message\":\"out of memory\",\"starte"
	 "dAt\":\"2026-01-02T03:00:00Z\",\"finishedAt\":\"2026-01-02T03:04:00Z\"}}},{\"name\":\"sidecar\",\"im"
	 "age\":\"busybox:1.36\",\"imageID\":\"\",\"containerID\":\"\",\"ready\":false,\"restartCount\":0,\"st"
	 "ate\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off\"}}}]}},{\"kind\":\"Pod\""
	 ",\"apiVersion\":\"v1\",\"metadata\":{\"annotations\":{\"kubernetes.io/config.mirror\":\"mirror-uid-1"
	 "23\"},\"finalizers\":[\"example.com/hold\"],\"name\":\"term-pod\",\"namespace\":\"default\",\"uid\":"
	 "\"9d22e0bb-0d0f-4c6b-bcc7-91e960b0abd6\",\"creationTimestamp\":\"2026-11-22T08:44:54Z\",\"deletionTi"
	 "mestamp\":\"2026-11-22T08:45:25Z\",\"deletionGracePeriodSeconds\":30},\"spec\":{\"containers\":[{\"i"
	 "mage\":\"busybox\",\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"1Gi\"},\"req"
	 "uests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}},\"imagePullPolicy\":\"Always\",\"terminationMessagePath"
	 "\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],\"nodeName\":\"node-1\",\"enable"
	 "ServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":"
	 "{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName"
	 "\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-rea"
	 "dy\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kub"
	 "ernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}"
	 "],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pending\",\""
	 "qosClass\":\"Guaranteed\"}}]}",
	 NULL},
	{"/api/v1/events?fieldSelector=involvedObject.kind%3DNode%2CinvolvedObject.name%3Dnode-1%2CinvolvedObject.namespace%3D%2CinvolvedObject.uid%3D683d1e89-41f6-409d-8706-ea668e53891e", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[{\"count\":1,\"firstTimestamp\":\"2026-11-2"
	 "1T10:21:01Z\",\"lastTimestamp\":\"2026-11-21T10:21:01Z\",\"message\":\"Node node-1 event: Registered"
	 " Node node-1 in Controller\",\"reason\":\"RegisteredNode\",\"source\":{\"component\":\"node-controll"
	 "er\"},\"type\":\"Normal\"}]}",
	 NULL},
	{"/api/v1/events?fieldSelector=involvedObject.kind%3DNode%2CinvolvedObject.name%3Dnode-1%2CinvolvedObject.namespace%3D%2CinvolvedObject.uid%3Dnode-1", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[{\"count\":1,\"firstTimestamp\":\"2026-11-2"
	 "1T07:34:21Z\",\"lastTimestamp\":\"2026-11-21T07:34:21Z\",\"message\":\"Starting kubelet.\",\"reason"
	 "\":\"Starting\",\"source\":{\"component\":\"kubelet\"},\"type\":\"Normal\"},{\"count\":3,\"firstTime"
	 "stamp\":\"2026-11-21T08:57:41Z\",\"lastTimestamp\":\"2026-11-21T08:57:41Z\",\"message\":\"Node node-"
	 "1 status is now: NodeReady\",\"reason\":\"NodeReady\",\"source\":{\"component\":\"kubelet\"},\"type"
	 "\":\"Normal\"}]}",
	 NULL},
	{"/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1", 200,
	 "{\"kind\":\"Lease\",\"apiVersion\":\"coordination.k8s.io/v1\",\"spec\":{\"holderIdentity\":\"node-1"
	 "\",\"leaseDurationSeconds\":40,\"renewTime\":\"2026-01-02T03:04:05.123456Z\"}}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char node_want[] =
	"Name:               node-1\n"
	"Roles:              control-plane,worker\n"
	"Labels:             kubernetes.io/hostname=node-1\n"
	"                    kubernetes.io/os=linux\n"
	"                    node-role.kubernetes.io/control-plane=\n"
	"                    node-role.kubernetes.io/worker=\n"
	"Annotations:        node.alpha.kubernetes.io/ttl: 0\n"
	"CreationTimestamp:  Sun, 22 Nov 2026 14:03:28 +0530\n"
	"Taints:             node-role.kubernetes.io/control-plane:NoSchedule\n"
	"                    dedicated=infra:PreferNoSchedule\n"
	"Unschedulable:      false\n"
	"Lease:\n"
	"  HolderIdentity:  node-1\n"
	"  AcquireTime:     <unset>\n"
	"  RenewTime:       Fri, 02 Jan 2026 08:34:05 +0530\n"
	"Conditions:\n"
	"  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reaso"
	"n                       Message\n"
	"  ----             ------  -----------------                 ------------------                -----"
	"-                       -------\n"
	"  MemoryPressure   False   Fri, 02 Jan 2026 08:34:05 +0530   Thu, 01 Jan 2026 05:30:00 +0530   Kubel"
	"etHasSufficientMemory   kubelet has sufficient memory available\n"
	"  Ready            True    Fri, 02 Jan 2026 08:34:05 +0530   Thu, 01 Jan 2026 05:30:10 +0530   Kubel"
	"etReady                 kubelet is posting ready status\n"
	"Addresses:\n"
	"  InternalIP:  192.168.1.10\n"
	"  Hostname:    node-1\n"
	"Capacity:\n"
	"  cpu:                4\n"
	"  ephemeral-storage:  51287520Ki\n"
	"  example.com/gpu:    2\n"
	"  hugepages-2Mi:      0\n"
	"  memory:             8139732Ki\n"
	"  pods:               110\n"
	"Allocatable:\n"
	"  cpu:                3800m\n"
	"  ephemeral-storage:  47266578644\n"
	"  example.com/gpu:    2\n"
	"  hugepages-2Mi:      0\n"
	"  memory:             7937300Ki\n"
	"  pods:               110\n"
	"System Info:\n"
	"  Machine ID:                 abc123\n"
	"  System UUID:                uuid-1\n"
	"  Boot ID:                    boot-1\n"
	"  Kernel Version:             6.1.0\n"
	"  OS Image:                   Debian GNU/Linux 12 (bookworm)\n"
	"  Operating System:           linux\n"
	"  Architecture:               amd64\n"
	"  Container Runtime Version:  runc://1.1.5\n"
	"  Kubelet Version:            v1.31.0-kc\n"
	"  Kube-Proxy Version:         v1.31.0-kc\n"
	"PodCIDR:                      10.244.1.0/24\n"
	"PodCIDRs:                     10.244.1.0/24\n"
	"Non-terminated Pods:          (2 in total)\n"
	"  Namespace                   Name                                 CPU Requests  CPU Limits  Memory "
	"Requests  Memory Limits  Age\n"
	"  ---------                   ----                                 ------------  ----------  -------"
	"--------  -------------  ---\n"
	"  default                     nginx-deployment-7c79c4bf97-abcde    150m (3%)     550m (14%)  160Mi ("
	"2%)       288Mi (3%)     20m\n"
	"  default                     term-pod                             1 (26%)       1 (26%)     1Gi (13"
	"%)        1Gi (13%)      9m17s\n"
	"Allocated resources:\n"
	"  (Total limits may be over 100 percent, i.e., overcommitted.)\n"
	"  Resource           Requests      Limits\n"
	"  --------           --------      ------\n"
	"  cpu                1150m (30%)   1550m (40%)\n"
	"  memory             1184Mi (15%)  1312Mi (16%)\n"
	"  ephemeral-storage  0 (0%)        0 (0%)\n"
	"  hugepages-2Mi      0 (0%)        0 (0%)\n"
	"  example.com/gpu    0             0\n"
	"Events:\n"
	"  Type    Reason          Age                From             Message\n"
	"  ----    ------          ----               ----             -------\n"
	"  Normal  Starting        25h                kubelet          Starting kubelet.\n"
	"  Normal  NodeReady       23h (x3 over 23h)  kubelet          Node node-1 status is now: NodeReady\n"
	"  Normal  RegisteredNode  22h                node-controller  Node node-1 event: Registered Node nod"
	"e-1 in Controller\n";

#define NODE_NOW 1795337651, 6674051

/* a namespace (the server has no quotas): kubectl describe namespace default (TZ=UTC) */
static const char ns_obj[] =
	"{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"default\",\"labels\":{\"kuber"
	"netes.io/metadata.name\":\"default\"},\"uid\":\"2aadb688-d7e0-4e06-9986-ae1d56a079c5\",\"creationTim"
	"estamp\":\"2026-11-22T08:19:15Z\"},\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":"
	"\"Active\"}}";
static const fake_get ns_gets[] = {
	{"/api/v1/namespaces/default/resourcequotas", 404, NULL, "the server could not find the requested resource"},
	{"/api/v1/namespaces/default/limitranges", 404, NULL, "the server could not find the requested resource"},
	{NULL, 0, NULL, NULL},
};
static const char ns_want[] =
	"Name:         default\n"
	"Labels:       kubernetes.io/metadata.name=default\n"
	"Annotations:  <none>\n"
	"Status:       Active\n";

#define NS_NOW 1795337651, 972937345

/* a bound claim: kubectl describe pvc bound-pvc (TZ=UTC) */
static const char pvc_bound_obj[] =
	"{\"kind\":\"PersistentVolumeClaim\",\"apiVersion\":\"v1\",\"metadata\":{\"annotations\":{\"volume.be"
	"ta.kubernetes.io/storage-class\":\"slow\"},\"name\":\"bound-pvc\",\"namespace\":\"default\",\"uid\":"
	"\"14a83a2a-fc8c-4bcb-ab51-e84c455b2434\",\"creationTimestamp\":\"2026-11-22T08:34:55Z\"},\"spec\":{"
	"\"accessModes\":[\"ReadWriteOnce\",\"ReadOnlyMany\"],\"dataSource\":{\"kind\":\"PersistentVolumeClai"
	"m\",\"name\":\"data-pvc\"},\"resources\":{\"requests\":{\"storage\":\"1Gi\"}},\"volumeName\":\"pv-1"
	"\",\"volumeMode\":\"Filesystem\"},\"status\":{\"phase\":\"Bound\",\"accessModes\":[\"ReadWriteOnce\""
	",\"ReadOnlyMany\"],\"capacity\":{\"storage\":\"2Gi\"},\"conditions\":[{\"type\":\"Resizing\",\"statu"
	"s\":\"True\",\"lastTransitionTime\":\"2026-01-02T03:04:05Z\",\"reason\":\"Resize\",\"message\":\"res"
	"izing\"}]}}";
static const fake_get pvc_bound_gets[] = {
	{"/api/v1/namespaces/default/pods", 200,
	 "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"met"
	 "adata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"uid\":\"e9bc13c0-2e89-4054-bceb-eb4069f3f1"
	 "2e\",\"creationTimestamp\":\"2026-11-22T08:19:27Z\"},\"spec\":{\"containers\":[{\"command\":[\"sleep"
	 "\",\"infinity\"],\"image\":\"docker.io/curlimages/curl:7.86.0\",\"imagePullPolicy\":\"IfNotPresent\""
	 ",\"name\":\"curl\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":"
	 "\"File\",\"resources\":{}}],\"restartPolicy\":\"Always\",\"enableServiceLinks\":true,\"dnsPolicy\":"
	 "\"ClusterFirst\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"def"
	 "ault-scheduler\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":["
	 "{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerat"
	 "ionSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"N"
	 "oExecute\",\"tolerationSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"}"
	 ",\"status\":{\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersion\":\""
	 "v1\",\"metadata\":{\"name\":\"evpod\",\"creationTimestamp\":\"2026-11-22T08:37:58Z\",\"labels\":{\"r"
	 "un\":\"evpod\"},\"namespace\":\"default\",\"uid\":\"3598ccdb-e2ed-4de9-93a3-753bd0749c53\"},\"spec\""
	 ":{\"containers\":[{\"name\":\"evpod\",\"image\":\"busybox\",\"resources\":{},\"imagePullPolicy\":\"A"
	 "lways\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],"
	 "\"restartPolicy\":\"Always\",\"dnsPolicy\":\"ClusterFirst\",\"enableServiceLinks\":true,\"securityCo"
	 "ntext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAcc"
	 "ountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io"
	 "/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\""
	 "node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSecond"
	 "s\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pend"
	 "ing\",\"qosClass\":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":"
	 "\"nginx\",\"namespace\":\"default\",\"uid\":\"ab2d39df-ebe6-4564-85a2-75b7df342dc8\",\"creationTimes"
	 "tamp\":\"2026-11-22T08:19:23Z\"},\"spec\":{\"containers\":[{\"image\":\"nginx:1.14.2\",\"name\":\"ng"
	 "inx\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent\","
	 "\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resource"
	 "s\":{}}],\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"s"
	 "ecurityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"s"
	 "erviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kube"
	 "rnetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{"
	 "\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolera"
	 "tionSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phas"
	 "e\":\"Pending\",\"qosClass\":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{"
	 "\"annotations\":{\"example.com/long\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"examp"
	 "le.com/multi\":\"line one\\nline two\\n\"},\"labels\":{\"app\":\"nginx\",\"pod-template-hash\":\"7c7"
	 "9c4bf97\"},\"name\":\"nginx-deployment-7c79c4bf97-abcde\",\"namespace\":\"default\",\"ownerReference"
	 "s\":[{\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true,\"controller\":true,\"kind\":\"ReplicaS"
	 "et\",\"name\":\"nginx-deployment-7c79c4bf97\",\"uid\":\"56bac066-1a28-4b89-a30c-1a293157cecb\"}],\"u"
	 "id\":\"44dfdc63-adb1-4306-a2bc-1bd9f6b9baa6\",\"creationTimestamp\":\"2026-11-22T08:34:03Z\"},\"spec"
	 "\":{\"containers\":[{\"args\":[\"--flag\",\"value\"],\"env\":[{\"name\":\"PLAIN\",\"value\":\"a valu"
	 "e\"},{\"name\":\"MULTI\",\"value\":\"first\\nsecond\"},{\"name\":\"POD_NAME\",\"valueFrom\":{\"field"
	 "Ref\":{\"fieldPath\":\"metadata.name\",\"apiVersion\":\"v1\"}}},{\"name\":\"POD_IP\",\"valueFrom\":{"
	 "\"fieldRef\":{\"fieldPath\":\"status.podIP\",\"apiVersion\":\"v1\"}}},{\"name\":\"POD_UID\",\"valueF"
	 "rom\":{\"fieldRef\":{\"fieldPath\":\"metadata.uid\",\"apiVersion\":\"v1\"}}},{\"name\":\"CPU_LIMIT\""
	 ",\"valueFrom\":{\"resourceFieldRef\":{\"divisor\":\"1m\",\"resource\":\"limits.cpu\"}}},{\"name\":\""
	 "MEM_REQ\",\"valueFrom\":{\"resourceFieldRef\":{\"divisor\":\"1Mi\",\"resource\":\"requests.memory\"}"
	 "}},{\"name\":\"SECRET_VAL\",\"valueFrom\":{\"secretKeyRef\":{\"key\":\"password\",\"name\":\"mysecre"
	 "t\",\"optional\":true}}},{\"name\":\"CM_VAL\",\"valueFrom\":{\"configMapKeyRef\":{\"key\":\"color\","
	 "\"name\":\"mycm\"}}}],\"envFrom\":[{\"configMapRef\":{\"name\":\"mycm\"}},{\"prefix\":\"SEC_\",\"sec"
	 "retRef\":{\"name\":\"mysecret\",\"optional\":true}}],\"image\":\"nginx:1.14.2\",\"livenessProbe\":{"
	 "\"httpGet\":{\"path\":\"/healthz\",\"port\":80,\"scheme\":\"HTTP\"},\"initialDelaySeconds\":3,\"time"
	 "outSeconds\":1,\"periodSeconds\":10,\"successThreshold\":1,\"failureThreshold\":3},\"name\":\"nginx"
	 "\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"},{\"containerPort\":443,\"hostPort\":8443,"
	 "\"protocol\":\"TCP\"}],\"readinessProbe\":{\"tcpSocket\":{\"port\":80},\"timeoutSeconds\":1,\"period"
	 "Seconds\":10,\"successThreshold\":1,\"failureThreshold\":3},\"resources\":{\"limits\":{\"cpu\":\"500"
	 "m\",\"memory\":\"256Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}},\"startupProbe\":{\""
	 "exec\":{\"command\":[\"cat\",\"/tmp/ready\"]},\"timeoutSeconds\":1,\"periodSeconds\":10,\"successThr"
	 "eshold\":1,\"failureThreshold\":3},\"volumeMounts\":[{\"mountPath\":\"/data\",\"name\":\"data\"},{\""
	 "mountPath\":\"/etc/cfg\",\"name\":\"cfg\",\"readOnly\":true,\"subPath\":\"app.conf\"},{\"mountPath\""
	 ":\"/cache\",\"name\":\"cache\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/"
	 "dev/termination-log\",\"terminationMessagePolicy\":\"File\"},{\"command\":[\"sleep\",\"infinity\"],"
	 "\"image\":\"busybox:1.36\",\"name\":\"sidecar\",\"resources\":{\"limits\":{\"cpu\":\"50m\",\"memory"
	 "\":\"32Mi\"},\"requests\":{\"cpu\":\"50m\",\"memory\":\"32Mi\"}},\"imagePullPolicy\":\"IfNotPresent"
	 "\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],\"ini"
	 "tContainers\":[{\"command\":[\"sh\",\"-c\",\"echo hi\\necho there\"],\"image\":\"busybox:1.36\",\"na"
	 "me\":\"init\",\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log"
	 "\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"nodeName\":\"node-1\",\"nodeSelector\""
	 ":{\"kubernetes.io/os\":\"linux\"},\"priorityClassName\":\"\",\"readinessGates\":[{\"conditionType\":"
	 "\"example.com/ready\"}],\"securityContext\":{\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"tol"
	 "erations\":[{\"effect\":\"NoSchedule\",\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"infr"
	 "a\"},{\"operator\":\"Exists\"}],\"topologySpreadConstraints\":[{\"labelSelector\":{\"matchLabels\":{"
	 "\"app\":\"nginx\"}},\"maxSkew\":1,\"topologyKey\":\"zone\",\"whenUnsatisfiable\":\"DoNotSchedule\"},"
	 "{\"maxSkew\":2,\"topologyKey\":\"kubernetes.io/hostname\",\"whenUnsatisfiable\":\"ScheduleAnyway\"}]"
	 ",\"volumes\":[{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"data-pvc\"}},{\"configMa"
	 "p\":{\"name\":\"mycm\",\"defaultMode\":420},\"name\":\"cfg\"},{\"name\":\"sec\",\"secret\":{\"option"
	 "al\":false,\"secretName\":\"mysecret\",\"defaultMode\":420}},{\"emptyDir\":{\"medium\":\"Memory\",\""
	 "sizeLimit\":\"64Mi\"},\"name\":\"cache\"},{\"hostPath\":{\"path\":\"/var/log\",\"type\":\"Directory"
	 "\"},\"name\":\"host\"},{\"downwardAPI\":{\"items\":[{\"fieldRef\":{\"fieldPath\":\"metadata.labels\""
	 ",\"apiVersion\":\"v1\"},\"path\":\"labels\"},{\"path\":\"cpu\",\"resourceFieldRef\":{\"containerName"
	 "\":\"nginx\",\"resource\":\"limits.cpu\"}}],\"defaultMode\":420},\"name\":\"dapi\"},{\"name\":\"nfs"
	 "\",\"nfs\":{\"path\":\"/exports\",\"readOnly\":true,\"server\":\"nfs.example.com\"}},{\"csi\":{\"dri"
	 "ver\":\"csi.example.com\",\"volumeAttributes\":{\"foo\":\"bar\",\"size\":\"1Gi\"}},\"name\":\"csi\"}"
	 "],\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"terminat"
	 "ionGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":\"default"
	 "\",\"serviceAccount\":\"default\",\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"st"
	 "atus\":{\"phase\":\"Running\",\"qosClass\":\"Burstable\",\"hostIP\":\"192.168.1.10\",\"hostIPs\":[{"
	 "\"ip\":\"192.168.1.10\"}],\"podIP\":\"10.244.1.5\",\"podIPs\":[{\"ip\":\"10.244.1.5\"},{\"ip\":\"fd0"
	 "0::5\"}],\"startTime\":\"2026-01-02T03:04:05Z\",\"conditions\":[{\"type\":\"Initialized\",\"status\""
	 ":\"True\",\"lastTransitionTime\":\"2026-01-02T03:04:06Z\"},{\"type\":\"Ready\",\"status\":\"True\","
	 "\"lastTransitionTime\":\"2026-01-02T03:04:10Z\"},{\"type\":\"ContainersReady\",\"status\":\"True\","
	 "\"lastTransitionTime\":\"2026-01-02T03:04:10Z\"},{\"type\":\"PodScheduled\",\"status\":\"True\",\"la"
	 "stTransitionTime\":\"2026-01-02T03:04:05Z\"}],\"initContainerStatuses\":[{\"name\":\"init\",\"image"
	 "\":\"busybox:1.36\",\"imageID\":\"docker.io/library/busybox@sha256:aaa\",\"containerID\":\"container"
	 "d://init1\",\"ready\":true,\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":"
	 "\"Completed\",\"startedAt\":\"2026-01-02T03:04:06Z\",\"finishedAt\":\"2026-01-02T03:04:07Z\"}}}],\"c"
	 "ontainerStatuses\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\",\"imageID\":\"docker.io/library/n"
	 "ginx@sha256:bbb\",\"containerID\":\"containerd://c1\",\"ready\":true,\"restartCount\":2,\"started\":"
	 "true,\"state\":{\"running\":{\"startedAt\":\"2026-01-02T03:04:08Z\"}},\"lastState\":{\"terminated\":"
	 "{\"exitCode\":137,\"signal\":9,\"reason\":\"OOMKilled\",\"message\":\"out of memory\",\"startedAt\":"
	 "\"2026-01-02T03:00:00Z\",\"finishedAt\":\"2026-01-02T03:04:00Z\"}}},{\"name\":\"sidecar\",\"image\":"
	 "\"busybox:1.36\",\"imageID\":\"\",\"containerID\":\"\",\"ready\":false,\"restartCount\":0,\"state\":"
	 "{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off\"}}}]}},{\"kind\":\"Pod\",\"api"
	 "Version\":\"v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse1\",\"namespace\":"
	 "\"default\",\"uid\":\"f728bfa9-eed0-4796-ab34-f55b3257bb60\",\"creationTimestamp\":\"2026-11-22T08:1"
	 "9:24Z\"},\"spec\":{\"containers\":[{\"image\":\"busybox:1.36\",\"name\":\"pulse1\",\"ports\":[{\"con"
	 "tainerPort\":8080,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePa"
	 "th\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"enableServi"
	 "ceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},\""
	 "terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":\""
	 "default\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\","
	 "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernet"
	 "es.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],\"p"
	 "riority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pending\",\"qosCl"
	 "ass\":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"labels\":{\"app\":\"p"
	 "ulse-api\"},\"name\":\"pulse2\",\"namespace\":\"default\",\"uid\":\"eae5e4ee-e4b3-4ddd-a5b3-99ae7937"
	 "9334\",\"creationTimestamp\":\"2026-11-22T08:19:24Z\"},\"spec\":{\"containers\":[{\"image\":\"busybo"
	 "x:1.36\",\"name\":\"pulse2\",\"ports\":[{\"containerPort\":8080,\"protocol\":\"TCP\"}],\"imagePullPo"
	 "licy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePoli"
	 "cy\":\"File\",\"resources\":{}}],\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restar"
	 "tPolicy\":\"Always\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":"
	 "\"default-scheduler\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"toleration"
	 "s\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"to"
	 "lerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect"
	 "\":\"NoExecute\",\"tolerationSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPrior"
	 "ity\"},\"status\":{\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersio"
	 "n\":\"v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse3\",\"namespace\":\"defa"
	 "ult\",\"uid\":\"000f4f8e-9430-4485-b16f-18ddcb7b9b32\",\"creationTimestamp\":\"2026-11-22T08:19:24Z"
	 "\"},\"spec\":{\"containers\":[{\"image\":\"busybox:1.36\",\"name\":\"pulse3\",\"ports\":[{\"containe"
	 "rPort\":8080,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":"
	 "\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"enableServiceLin"
	 "ks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},\"termi"
	 "nationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":\"defau"
	 "lt\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"ope"
	 "rator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io"
	 "/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],\"priori"
	 "ty\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pending\",\"qosClass\""
	 ":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"annotations\":{\"kubernete"
	 "s.io/config.mirror\":\"mirror-uid-123\"},\"finalizers\":[\"example.com/hold\"],\"name\":\"term-pod\""
	 ",\"namespace\":\"default\",\"uid\":\"9d22e0bb-0d0f-4c6b-bcc7-91e960b0abd6\",\"creationTimestamp\":\""
	 "2026-11-22T08:44:54Z\",\"deletionTimestamp\":\"2026-11-22T08:45:25Z\",\"deletionGracePeriodSeconds\""
	 ":30},\"spec\":{\"containers\":[{\"image\":\"busybox\",\"name\":\"c\",\"resources\":{\"limits\":{\"cp"
	 "u\":\"1\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}},\"imagePullPolicy\":"
	 "\"Always\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\""
	 "}],\"nodeName\":\"node-1\",\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolic"
	 "y\":\"Always\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"defau"
	 "lt-scheduler\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":[{"
	 "\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerati"
	 "onSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"No"
	 "Execute\",\"tolerationSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},"
	 "\"status\":{\"phase\":\"Pending\",\"qosClass\":\"Guaranteed\"}}]}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DPersistentVolumeClaim%2CinvolvedObject.name%3Dbound-pvc%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D14a83a2a-fc8c-4bcb-ab51-e84c455b2434", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char pvc_bound_want[] =
	"Name:          bound-pvc\n"
	"Namespace:     default\n"
	"StorageClass:  slow\n"
	"Status:        Bound\n"
	"Volume:        pv-1\n"
	"Labels:        <none>\n"
	"Annotations:   volume.beta.kubernetes.io/storage-class: slow\n"
	"Finalizers:    []\n"
	"Capacity:      2Gi\n"
	"Access Modes:  RWO,ROX\n"
	"VolumeMode:    Filesystem\n"
	"DataSource:\n"
	"  Kind:   PersistentVolumeClaim\n"
	"  Name:   data-pvc\n"
	"Used By:  <none>\n"
	"Conditions:\n"
	"  Type       Status  LastProbeTime                     LastTransitionTime                Reason   Me"
	"ssage\n"
	"  ----       ------  -----------------                 ------------------                ------   --"
	"-----\n"
	"  Resizing   True    Mon, 01 Jan 0001 00:00:00 +0000   Fri, 02 Jan 2026 03:04:05 +0000   Resize   re"
	"sizing\n"
	"Events:      <none>\n";

#define PVC_BOUND_NOW 1795337652, 921691894

/* a claim a pod uses: kubectl describe pvc data-pvc (TZ=UTC) */
static const char pvc_used_obj[] =
	"{\"kind\":\"PersistentVolumeClaim\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"data-pvc\",\"name"
	"space\":\"default\",\"uid\":\"b6bbfd76-98a5-44e8-b852-8d0da1dfae5f\",\"creationTimestamp\":\"2026-11"
	"-22T08:34:55Z\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storag"
	"e\":\"8Gi\"}},\"storageClassName\":\"standard\",\"volumeMode\":\"Filesystem\"},\"status\":{\"phase\""
	":\"Pending\"}}";
static const fake_get pvc_used_gets[] = {
	{"/api/v1/namespaces/default/pods", 200,
	 "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"met"
	 "adata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"uid\":\"e9bc13c0-2e89-4054-bceb-eb4069f3f1"
	 "2e\",\"creationTimestamp\":\"2026-11-22T08:19:27Z\"},\"spec\":{\"containers\":[{\"command\":[\"sleep"
	 "\",\"infinity\"],\"image\":\"docker.io/curlimages/curl:7.86.0\",\"imagePullPolicy\":\"IfNotPresent\""
	 ",\"name\":\"curl\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":"
	 "\"File\",\"resources\":{}}],\"restartPolicy\":\"Always\",\"enableServiceLinks\":true,\"dnsPolicy\":"
	 "\"ClusterFirst\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"def"
	 "ault-scheduler\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":["
	 "{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerat"
	 "ionSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"N"
	 "oExecute\",\"tolerationSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"}"
	 ",\"status\":{\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersion\":\""
	 "v1\",\"metadata\":{\"name\":\"evpod\",\"creationTimestamp\":\"2026-11-22T08:37:58Z\",\"labels\":{\"r"
	 "un\":\"evpod\"},\"namespace\":\"default\",\"uid\":\"3598ccdb-e2ed-4de9-93a3-753bd0749c53\"},\"spec\""
	 ":{\"containers\":[{\"name\":\"evpod\",\"image\":\"busybox\",\"resources\":{},\"imagePullPolicy\":\"A"
	 "lways\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],"
	 "\"restartPolicy\":\"Always\",\"dnsPolicy\":\"ClusterFirst\",\"enableServiceLinks\":true,\"securityCo"
	 "ntext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAcc"
	 "ountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io"
	 "/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\""
	 "node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSecond"
	 "s\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pend"
	 "ing\",\"qosClass\":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":"
	 "\"nginx\",\"namespace\":\"default\",\"uid\":\"ab2d39df-ebe6-4564-85a2-75b7df342dc8\",\"creationTimes"
	 "tamp\":\"2026-11-22T08:19:23Z\"},\"spec\":{\"containers\":[{\"image\":\"nginx:1.14.2\",\"name\":\"ng"
	 "inx\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent\","
	 "\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resource"
	 "s\":{}}],\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"s"
	 "ecurityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"s"
	 "erviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kube"
	 "rnetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{"
	 "\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolera"
	 "tionSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phas"
	 "e\":\"Pending\",\"qosClass\":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{"
	 "\"annotations\":{\"example.com/long\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"examp"
	 "le.com/multi\":\"line one\\nline two\\n\"},\"labels\":{\"app\":\"nginx\",\"pod-template-hash\":\"7c7"
	 "9c4bf97\"},\"name\":\"nginx-deployment-7c79c4bf97-abcde\",\"namespace\":\"default\",\"ownerReference"
	 "s\":[{\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true,\"controller\":true,\"kind\":\"ReplicaS"
	 "et\",\"name\":\"nginx-deployment-7c79c4bf97\",\"uid\":\"56bac066-1a28-4b89-a30c-1a293157cecb\"}],\"u"
	 "id\":\"44dfdc63-adb1-4306-a2bc-1bd9f6b9baa6\",\"creationTimestamp\":\"2026-11-22T08:34:03Z\"},\"spec"
	 "\":{\"containers\":[{\"args\":[\"--flag\",\"value\"],\"env\":[{\"name\":\"PLAIN\",\"value\":\"a valu"
	 "e\"},{\"name\":\"MULTI\",\"value\":\"first\\nsecond\"},{\"name\":\"POD_NAME\",\"valueFrom\":{\"field"
	 "Ref\":{\"fieldPath\":\"metadata.name\",\"apiVersion\":\"v1\"}}},{\"name\":\"POD_IP\",\"valueFrom\":{"
	 "\"fieldRef\":{\"fieldPath\":\"status.podIP\",\"apiVersion\":\"v1\"}}},{\"name\":\"POD_UID\",\"valueF"
	 "rom\":{\"fieldRef\":{\"fieldPath\":\"metadata.uid\",\"apiVersion\":\"v1\"}}},{\"name\":\"CPU_LIMIT\""
	 ",\"valueFrom\":{\"resourceFieldRef\":{\"divisor\":\"1m\",\"resource\":\"limits.cpu\"}}},{\"name\":\""
	 "MEM_REQ\",\"valueFrom\":{\"resourceFieldRef\":{\"divisor\":\"1Mi\",\"resource\":\"requests.memory\"}"
	 "}},{\"name\":\"SECRET_VAL\",\"valueFrom\":{\"secretKeyRef\":{\"key\":\"password\",\"name\":\"mysecre"
	 "t\",\"optional\":true}}},{\"name\":\"CM_VAL\",\"valueFrom\":{\"configMapKeyRef\":{\"key\":\"color\","
	 "\"name\":\"mycm\"}}}],\"envFrom\":[{\"configMapRef\":{\"name\":\"mycm\"}},{\"prefix\":\"SEC_\",\"sec"
	 "retRef\":{\"name\":\"mysecret\",\"optional\":true}}],\"image\":\"nginx:1.14.2\",\"livenessProbe\":{"
	 "\"httpGet\":{\"path\":\"/healthz\",\"port\":80,\"scheme\":\"HTTP\"},\"initialDelaySeconds\":3,\"time"
	 "outSeconds\":1,\"periodSeconds\":10,\"successThreshold\":1,\"failureThreshold\":3},\"name\":\"nginx"
	 "\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"},{\"containerPort\":443,\"hostPort\":8443,"
	 "\"protocol\":\"TCP\"}],\"readinessProbe\":{\"tcpSocket\":{\"port\":80},\"timeoutSeconds\":1,\"period"
	 "Seconds\":10,\"successThreshold\":1,\"failureThreshold\":3},\"resources\":{\"limits\":{\"cpu\":\"500"
	 "m\",\"memory\":\"256Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}},\"startupProbe\":{\""
	 "exec\":{\"command\":[\"cat\",\"/tmp/ready\"]},\"timeoutSeconds\":1,\"periodSeconds\":10,\"successThr"
	 "eshold\":1,\"failureThreshold\":3},\"volumeMounts\":[{\"mountPath\":\"/data\",\"name\":\"data\"},{\""
	 "mountPath\":\"/etc/cfg\",\"name\":\"cfg\",\"readOnly\":true,\"subPath\":\"app.conf\"},{\"mountPath\""
	 ":\"/cache\",\"name\":\"cache\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/"
	 "dev/termination-log\",\"terminationMessagePolicy\":\"File\"},{\"command\":[\"sleep\",\"infinity\"],"
	 "\"image\":\"busybox:1.36\",\"name\":\"sidecar\",\"resources\":{\"limits\":{\"cpu\":\"50m\",\"memory"
	 "\":\"32Mi\"},\"requests\":{\"cpu\":\"50m\",\"memory\":\"32Mi\"}},\"imagePullPolicy\":\"IfNotPresent"
	 "\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],\"ini"
	 "tContainers\":[{\"command\":[\"sh\",\"-c\",\"echo hi\\necho there\"],\"image\":\"busybox:1.36\",\"na"
	 "me\":\"init\",\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log"
	 "\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"nodeName\":\"node-1\",\"nodeSelector\""
	 ":{\"kubernetes.io/os\":\"linux\"},\"priorityClassName\":\"\",\"readinessGates\":[{\"conditionType\":"
	 "\"example.com/ready\"}],\"securityContext\":{\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},\"tol"
	 "erations\":[{\"effect\":\"NoSchedule\",\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"infr"
	 "a\"},{\"operator\":\"Exists\"}],\"topologySpreadConstraints\":[{\"labelSelector\":{\"matchLabels\":{"
	 "\"app\":\"nginx\"}},\"maxSkew\":1,\"topologyKey\":\"zone\",\"whenUnsatisfiable\":\"DoNotSchedule\"},"
	 "{\"maxSkew\":2,\"topologyKey\":\"kubernetes.io/hostname\",\"whenUnsatisfiable\":\"ScheduleAnyway\"}]"
	 ",\"volumes\":[{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"data-pvc\"}},{\"configMa"
	 "p\":{\"name\":\"mycm\",\"defaultMode\":420},\"name\":\"cfg\"},{\"name\":\"sec\",\"secret\":{\"option"
	 "al\":false,\"secretName\":\"mysecret\",\"defaultMode\":420}},{\"emptyDir\":{\"medium\":\"Memory\",\""
	 "sizeLimit\":\"64Mi\"},\"name\":\"cache\"},{\"hostPath\":{\"path\":\"/var/log\",\"type\":\"Directory"
	 "\"},\"name\":\"host\"},{\"downwardAPI\":{\"items\":[{\"fieldRef\":{\"fieldPath\":\"metadata.labels\""
	 ",\"apiVersion\":\"v1\"},\"path\":\"labels\"},{\"path\":\"cpu\",\"resourceFieldRef\":{\"containerName"
	 "\":\"nginx\",\"resource\":\"limits.cpu\"}}],\"defaultMode\":420},\"name\":\"dapi\"},{\"name\":\"nfs"
	 "\",\"nfs\":{\"path\":\"/exports\",\"readOnly\":true,\"server\":\"nfs.example.com\"}},{\"csi\":{\"dri"
	 "ver\":\"csi.example.com\",\"volumeAttributes\":{\"foo\":\"bar\",\"size\":\"1Gi\"}},\"name\":\"csi\"}"
	 "],\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"terminat"
	 "ionGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":\"default"
	 "\",\"serviceAccount\":\"default\",\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"st"
	 "atus\":{\"phase\":\"Running\",\"qosClass\":\"Burstable\",\"hostIP\":\"192.168.1.10\",\"hostIPs\":[{"
	 "\"ip\":\"192.168.1.10\"}],\"podIP\":\"10.244.1.5\",\"podIPs\":[{\"ip\":\"10.244.1.5\"},{\"ip\":\"fd0"
	 "0::5\"}],\"startTime\":\"2026-01-02T03:04:05Z\",\"conditions\":[{\"type\":\"Initialized\",\"status\""
	 ":\"True\",\"lastTransitionTime\":\"2026-01-02T03:04:06Z\"},{\"type\":\"Ready\",\"status\":\"True\","
	 "\"lastTransitionTime\":\"2026-01-02T03:04:10Z\"},{\"type\":\"ContainersReady\",\"status\":\"True\","
	 "\"lastTransitionTime\":\"2026-01-02T03:04:10Z\"},{\"type\":\"PodScheduled\",\"status\":\"True\",\"la"
	 "stTransitionTime\":\"2026-01-02T03:04:05Z\"}],\"initContainerStatuses\":[{\"name\":\"init\",\"image"
	 "\":\"busybox:1.36\",\"imageID\":\"docker.io/library/busybox@sha256:aaa\",\"containerID\":\"container"
	 "d://init1\",\"ready\":true,\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":0,\"reason\":"
	 "\"Completed\",\"startedAt\":\"2026-01-02T03:04:06Z\",\"finishedAt\":\"2026-01-02T03:04:07Z\"}}}],\"c"
	 "ontainerStatuses\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\",\"imageID\":\"docker.io/library/n"
	 "ginx@sha256:bbb\",\"containerID\":\"containerd://c1\",\"ready\":true,\"restartCount\":2,\"started\":"
	 "true,\"state\":{\"running\":{\"startedAt\":\"2026-01-02T03:04:08Z\"}},\"lastState\":{\"terminated\":"
	 "{\"exitCode\":137,\"signal\":9,\"reason\":\"OOMKilled\",\"message\":\"out of memory\",\"startedAt\":"
	 "\"2026-01-02T03:00:00Z\",\"finishedAt\":\"2026-01-02T03:04:00Z\"}}},{\"name\":\"sidecar\",\"image\":"
	 "\"busybox:1.36\",\"imageID\":\"\",\"containerID\":\"\",\"ready\":false,\"restartCount\":0,\"state\":"
	 "{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off\"}}}]}},{\"kind\":\"Pod\",\"api"
	 "Version\":\"v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse1\",\"namespace\":"
	 "\"default\",\"uid\":\"f728bfa9-eed0-4796-ab34-f55b3257bb60\",\"creationTimestamp\":\"2026-11-22T08:1"
	 "9:24Z\"},\"spec\":{\"containers\":[{\"image\":\"busybox:1.36\",\"name\":\"pulse1\",\"ports\":[{\"con"
	 "tainerPort\":8080,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePa"
	 "th\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"enableServi"
	 "ceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},\""
	 "terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":\""
	 "default\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\","
	 "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernet"
	 "es.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],\"p"
	 "riority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pending\",\"qosCl"
	 "ass\":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"labels\":{\"app\":\"p"
	 "ulse-api\"},\"name\":\"pulse2\",\"namespace\":\"default\",\"uid\":\"eae5e4ee-e4b3-4ddd-a5b3-99ae7937"
	 "9334\",\"creationTimestamp\":\"2026-11-22T08:19:24Z\"},\"spec\":{\"containers\":[{\"image\":\"busybo"
	 "x:1.36\",\"name\":\"pulse2\",\"ports\":[{\"containerPort\":8080,\"protocol\":\"TCP\"}],\"imagePullPo"
	 "licy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePoli"
	 "cy\":\"File\",\"resources\":{}}],\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restar"
	 "tPolicy\":\"Always\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":"
	 "\"default-scheduler\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"toleration"
	 "s\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"to"
	 "lerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect"
	 "\":\"NoExecute\",\"tolerationSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPrior"
	 "ity\"},\"status\":{\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersio"
	 "n\":\"v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse3\",\"namespace\":\"defa"
	 "ult\",\"uid\":\"000f4f8e-9430-4485-b16f-18ddcb7b9b32\",\"creationTimestamp\":\"2026-11-22T08:19:24Z"
	 "\"},\"spec\":{\"containers\":[{\"image\":\"busybox:1.36\",\"name\":\"pulse3\",\"ports\":[{\"containe"
	 "rPort\":8080,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":"
	 "\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"enableServiceLin"
	 "ks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},\"termi"
	 "nationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":\"defau"
	 "lt\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"ope"
	 "rator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io"
	 "/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],\"priori"
	 "ty\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pending\",\"qosClass\""
	 ":\"BestEffort\"}},{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"annotations\":{\"kubernete"
	 "s.io/config.mirror\":\"mirror-uid-123\"},\"finalizers\":[\"example.com/hold\"],\"name\":\"term-pod\""
	 ",\"namespace\":\"default\",\"uid\":\"9d22e0bb-0d0f-4c6b-bcc7-91e960b0abd6\",\"creationTimestamp\":\""
	 "2026-11-22T08:44:54Z\",\"deletionTimestamp\":\"2026-11-22T08:45:25Z\",\"deletionGracePeriodSeconds\""
	 ":30},\"spec\":{\"containers\":[{\"image\":\"busybox\",\"name\":\"c\",\"resources\":{\"limits\":{\"cp"
	 "u\":\"1\",\"memory\":\"1Gi\"},\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}},\"imagePullPolicy\":"
	 "\"Always\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\""
	 "}],\"nodeName\":\"node-1\",\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolic"
	 "y\":\"Always\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"defau"
	 "lt-scheduler\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":[{"
	 "\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerati"
	 "onSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"No"
	 "Execute\",\"tolerationSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},"
	 "\"status\":{\"phase\":\"Pending\",\"qosClass\":\"Guaranteed\"}}]}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DPersistentVolumeClaim%2CinvolvedObject.name%3Ddata-pvc%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Db6bbfd76-98a5-44e8-b852-8d0da1dfae5f", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char pvc_used_want[] =
	"Name:          data-pvc\n"
	"Namespace:     default\n"
	"StorageClass:  standard\n"
	"Status:        Pending\n"
	"Volume:        \n"
	"Labels:        <none>\n"
	"Annotations:   <none>\n"
	"Finalizers:    []\n"
	"Capacity:      \n"
	"Access Modes:  \n"
	"VolumeMode:    Filesystem\n"
	"Used By:       nginx-deployment-7c79c4bf97-abcde\n"
	"Events:        <none>\n";

#define PVC_USED_NOW 1795337653, 855041265

/* a configmap: kubectl describe configmap onekey (TZ=UTC) */
static const char cm_obj[] =
	"{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"labels\":{\"a\":\"b\"},\"name\":\"onek"
	"ey\",\"namespace\":\"default\",\"uid\":\"d67b8121-8803-428b-8b2e-f0ce09633713\",\"creationTimestamp"
	"\":\"2026-11-22T08:46:41Z\"},\"binaryData\":{\"blob\":\"AAECAwQ=\"},\"data\":{\"config.yaml\":\"key:"
	" value\\nlist: [1, 2]\\n\"}}";
static const fake_get cm_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DConfigMap%2CinvolvedObject.name%3Donekey%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Dd67b8121-8803-428b-8b2e-f0ce09633713", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char cm_want[] =
	"Name:         onekey\n"
	"Namespace:    default\n"
	"Labels:       a=b\n"
	"Annotations:  <none>\n"
	"\n"
	"Data\n"
	"====\n"
	"config.yaml:\n"
	"----\n"
	"key: value\n"
	"list: [1, 2]\n"
	"\n"
	"\n"
	"\n"
	"BinaryData\n"
	"====\n"
	"blob: 5 bytes\n"
	"\n"
	"Events:  <none>\n";

#define CM_NOW 1795337654, 773514270

/* a secret: kubectl describe secret onesecret (TZ=UTC) */
static const char secret_obj[] =
	"{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"onesecret\",\"namespace\":\"defa"
	"ult\",\"uid\":\"0d902118-552b-46c7-bac3-0f32122bf11b\",\"creationTimestamp\":\"2026-11-22T08:46:41Z"
	"\"},\"data\":{\"password\":\"cGFzc3dvcmQ=\"},\"type\":\"kubernetes.io/basic-auth\"}";
static const fake_get secret_gets[] = {
	{NULL, 0, NULL, NULL},
};
static const char secret_want[] =
	"Name:         onesecret\n"
	"Namespace:    default\n"
	"Labels:       <none>\n"
	"Annotations:  <none>\n"
	"\n"
	"Type:  kubernetes.io/basic-auth\n"
	"\n"
	"Data\n"
	"====\n"
	"password:  8 bytes\n";

#define SECRET_NOW 1795337655, 394117593

/* a service account with missing secrets: kubectl describe serviceaccount web-sa (TZ=UTC) */
static const char sa_obj[] =
	"{\"kind\":\"ServiceAccount\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web-sa\",\"namespace\":"
	"\"default\",\"uid\":\"e55f1273-7233-4f16-beae-85c11df402f7\",\"creationTimestamp\":\"2026-11-22T08:3"
	"4:55Z\"},\"imagePullSecrets\":[{\"name\":\"regcred\"}],\"secrets\":[{\"name\":\"mysecret\"},{\"name"
	"\":\"gone\"}]}";
static const fake_get sa_gets[] = {
	{"/api/v1/namespaces/default/secrets", 200,
	 "{\"kind\":\"SecretList\",\"apiVersion\":\"v1\",\"items\":[{\"kind\":\"Secret\",\"apiVersion\":\"v1\""
	 ",\"metadata\":{\"name\":\"mysecret\",\"namespace\":\"default\",\"uid\":\"dae8c468-ed1f-47e8-912f-bdb"
	 "dd0ee86e4\",\"creationTimestamp\":\"2026-11-22T08:34:55Z\"},\"data\":{\"password\":\"cGFzc3dvcmQ=\","
	 "\"user\":\"YWRtaW4=\"},\"type\":\"Opaque\"},{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":"
	 "{\"name\":\"onesecret\",\"namespace\":\"default\",\"uid\":\"0d902118-552b-46c7-bac3-0f32122bf11b\","
	 "\"creationTimestamp\":\"2026-11-22T08:46:41Z\"},\"data\":{\"password\":\"cGFzc3dvcmQ=\"},\"type\":\""
	 "kubernetes.io/basic-auth\"}]}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DServiceAccount%2CinvolvedObject.name%3Dweb-sa%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3De55f1273-7233-4f16-beae-85c11df402f7", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char sa_want[] =
	"Name:                web-sa\n"
	"Namespace:           default\n"
	"Labels:              <none>\n"
	"Annotations:         <none>\n"
	"Image pull secrets:  regcred (not found)\n"
	"Mountable secrets:   mysecret\n"
	"                     gone (not found)\n"
	"Tokens:              <none>\n"
	"Events:              <none>\n";

#define SA_NOW 1795337656, 369032144

/* a storage class: kubectl describe storageclass fast (TZ=UTC) */
static const char sc_obj[] =
	"{\"kind\":\"StorageClass\",\"apiVersion\":\"storage.k8s.io/v1\",\"metadata\":{\"annotations\":{\"kub"
	"ectl.kubernetes.io/last-applied-configuration\":\"{\\\"allowVolumeExpansion\\\":true,\\\"allowedTopo"
	"logies\\\":[{\\\"matchLabelExpressions\\\":[{\\\"key\\\":\\\"topology.kubernetes.io/zone\\\",\\\"val"
	"ues\\\":[\\\"us-central-1a\\\",\\\"us-central-1b\\\"]},{\\\"key\\\":\\\"other\\\",\\\"values\\\":["
	"\\\"x\\\"]}]}],\\\"apiVersion\\\":\\\"storage.k8s.io/v1\\\",\\\"kind\\\":\\\"StorageClass\\\",\\\"me"
	"tadata\\\":{\\\"annotations\\\":{\\\"storageclass.kubernetes.io/is-default-class\\\":\\\"true\\\"},"
	"\\\"name\\\":\\\"fast\\\"},\\\"mountOptions\\\":[\\\"debug\\\",\\\"nfsvers=4.1\\\"],\\\"parameters"
	"\\\":{\\\"type\\\":\\\"pd-ssd\\\",\\\"zone\\\":\\\"z1\\\"},\\\"provisioner\\\":\\\"kubernetes.io/no-"
	"provisioner\\\",\\\"reclaimPolicy\\\":\\\"Retain\\\",\\\"volumeBindingMode\\\":\\\"WaitForFirstConsu"
	"mer\\\"}\\n\",\"storageclass.kubernetes.io/is-default-class\":\"true\"},\"name\":\"fast\",\"uid\":\""
	"ce253d8f-9bed-4454-ae59-d9fdc604e724\",\"creationTimestamp\":\"2026-11-22T08:44:14Z\",\"resourceVers"
	"ion\":\"208\"},\"allowVolumeExpansion\":true,\"allowedTopologies\":[{\"matchLabelExpressions\":[{\"k"
	"ey\":\"topology.kubernetes.io/zone\",\"values\":[\"us-central-1a\",\"us-central-1b\"]},{\"key\":\"ot"
	"her\",\"values\":[\"x\"]}]}],\"mountOptions\":[\"debug\",\"nfsvers=4.1\"],\"parameters\":{\"type\":"
	"\"pd-ssd\",\"zone\":\"z1\"},\"provisioner\":\"kubernetes.io/no-provisioner\",\"reclaimPolicy\":\"Ret"
	"ain\",\"volumeBindingMode\":\"WaitForFirstConsumer\"}";
static const fake_get sc_gets[] = {
	{"/api/v1/events?fieldSelector=involvedObject.kind%3DStorageClass%2CinvolvedObject.name%3Dfast%2CinvolvedObject.namespace%3D%2CinvolvedObject.uid%3Dce253d8f-9bed-4454-ae59-d9fdc604e724", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char sc_want[] =
	"Name:            fast\n"
	"IsDefaultClass:  Yes\n"
	"Annotations:     kubectl.kubernetes.io/last-applied-configuration={\"allowVolumeExpansion\":true,\"a"
	"llowedTopologies\":[{\"matchLabelExpressions\":[{\"key\":\"topology.kubernetes.io/zone\",\"values\":"
	"[\"us-central-1a\",\"us-central-1b\"]},{\"key\":\"other\",\"values\":[\"x\"]}]}],\"apiVersion\":\"st"
	"orage.k8s.io/v1\",\"kind\":\"StorageClass\",\"metadata\":{\"annotations\":{\"storageclass.kubernetes"
	".io/is-default-class\":\"true\"},\"name\":\"fast\"},\"mountOptions\":[\"debug\",\"nfsvers=4.1\"],\"p"
	"arameters\":{\"type\":\"pd-ssd\",\"zone\":\"z1\"},\"provisioner\":\"kubernetes.io/no-provisioner\","
	"\"reclaimPolicy\":\"Retain\",\"volumeBindingMode\":\"WaitForFirstConsumer\"}\n"
	",storageclass.kubernetes.io/is-default-class=true\n"
	"Provisioner:           kubernetes.io/no-provisioner\n"
	"Parameters:            type=pd-ssd,zone=z1\n"
	"AllowVolumeExpansion:  True\n"
	"MountOptions:\n"
	"  debug\n"
	"  nfsvers=4.1\n"
	"ReclaimPolicy:      Retain\n"
	"VolumeBindingMode:  WaitForFirstConsumer\n"
	"AllowedTopologies:  \n"
	"  Term 0:           topology.kubernetes.io/zone in [us-central-1a, us-central-1b]\n"
	"                    other in [x]\n"
	"Events:             <none>\n";

#define SC_NOW 1795337657, 117954969

/* a local persistent volume with node affinity: kubectl describe pv pv-1 (TZ=UTC) */
static const char pv_obj[] =
	"{\"kind\":\"PersistentVolume\",\"apiVersion\":\"v1\",\"metadata\":{\"labels\":{\"type\":\"local\"},"
	"\"name\":\"pv-1\",\"uid\":\"f2a55774-e422-43b3-b9e1-7b4f31e2003f\",\"creationTimestamp\":\"2026-11-2"
	"2T08:44:14Z\"},\"spec\":{\"accessModes\":[\"ReadWriteOnce\",\"ReadWriteMany\"],\"capacity\":{\"stora"
	"ge\":\"10Gi\"},\"claimRef\":{\"name\":\"bound-pvc\",\"namespace\":\"default\"},\"local\":{\"path\":"
	"\"/mnt/disks/ssd1\"},\"nodeAffinity\":{\"required\":{\"nodeSelectorTerms\":[{\"matchExpressions\":[{"
	"\"key\":\"kubernetes.io/hostname\",\"operator\":\"In\",\"values\":[\"node-1\",\"node-2\"]},{\"key\":"
	"\"disk\",\"operator\":\"Exists\"}]}]}},\"persistentVolumeReclaimPolicy\":\"Delete\",\"storageClassNa"
	"me\":\"slow\",\"volumeMode\":\"Filesystem\"},\"status\":{\"phase\":\"Pending\"}}";
static const fake_get pv_gets[] = {
	{"/api/v1/events?fieldSelector=involvedObject.kind%3DPersistentVolume%2CinvolvedObject.name%3Dpv-1%2CinvolvedObject.namespace%3D%2CinvolvedObject.uid%3Df2a55774-e422-43b3-b9e1-7b4f31e2003f", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char pv_want[] =
	"Name:              pv-1\n"
	"Labels:            type=local\n"
	"Annotations:       <none>\n"
	"Finalizers:        []\n"
	"StorageClass:      slow\n"
	"Status:            Pending\n"
	"Claim:             default/bound-pvc\n"
	"Reclaim Policy:    Delete\n"
	"Access Modes:      RWO,RWX\n"
	"VolumeMode:        Filesystem\n"
	"Capacity:          10Gi\n"
	"Node Affinity:     \n"
	"  Required Terms:  \n"
	"    Term 0:        kubernetes.io/hostname in [node-1, node-2]\n"
	"                   disk exists\n"
	"Message:           \n"
	"Source:\n"
	"    Type:  LocalVolume (a persistent volume backed by local storage on a node)\n"
	"    Path:  /mnt/disks/ssd1\n"
	"Events:    <none>\n";

#define PV_NOW 1795337658, 28989076

/* a cephfs persistent volume: kubectl describe pv pv-cephfs (TZ=UTC) */
static const char pv_ceph_obj[] =
	"{\"kind\":\"PersistentVolume\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"pv-cephfs\",\"uid\":\""
	"d8800eeb-37bc-4e72-b559-949aeb5c55f9\",\"creationTimestamp\":\"2026-11-22T08:44:14Z\"},\"spec\":{\"a"
	"ccessModes\":[\"ReadWriteMany\"],\"capacity\":{\"storage\":\"1Gi\"},\"cephfs\":{\"monitors\":[\"10.0"
	".0.1:6789\",\"10.0.0.2:6789\"],\"secretRef\":{\"name\":\"ceph-secret\",\"namespace\":\"default\"},\""
	"user\":\"admin\"},\"persistentVolumeReclaimPolicy\":\"Retain\",\"volumeMode\":\"Filesystem\"},\"stat"
	"us\":{\"phase\":\"Pending\"}}";
static const fake_get pv_ceph_gets[] = {
	{"/api/v1/events?fieldSelector=involvedObject.kind%3DPersistentVolume%2CinvolvedObject.name%3Dpv-cephfs%2CinvolvedObject.namespace%3D%2CinvolvedObject.uid%3Dd8800eeb-37bc-4e72-b559-949aeb5c55f9", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char pv_ceph_want[] =
	"Name:            pv-cephfs\n"
	"Labels:          <none>\n"
	"Annotations:     <none>\n"
	"Finalizers:      []\n"
	"StorageClass:    \n"
	"Status:          Pending\n"
	"Claim:           \n"
	"Reclaim Policy:  Retain\n"
	"Access Modes:    RWX\n"
	"VolumeMode:      Filesystem\n"
	"Capacity:        1Gi\n"
	"Node Affinity:   <none>\n"
	"Message:         \n"
	"Source:\n"
	"    Type:        CephFS (a CephFS mount on the host that shares a pod's lifetime)\n"
	"    Monitors:    [10.0.0.1:6789 10.0.0.2:6789]\n"
	"    Path:        \n"
	"    User:        admin\n"
	"    SecretFile:  \n"
	"    SecretRef:   &SecretReference{Name:ceph-secret,Namespace:default,}\n"
	"    ReadOnly:    false\n"
	"Events:          <none>\n";

#define PV_CEPH_NOW 1795337658, 643961191

/* a role, rules compacted: kubectl describe role pod-reader (TZ=UTC) */
static const char role_obj[] =
	"{\"kind\":\"Role\",\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"metadata\":{\"name\":\"pod-read"
	"er\",\"namespace\":\"default\",\"uid\":\"cb63678f-b59a-4134-9da4-e1f2fe5bae1c\",\"creationTimestamp"
	"\":\"2026-11-22T08:44:14Z\"},\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"pods\",\"pods/log\"],"
	"\"verbs\":[\"get\",\"watch\",\"list\"]},{\"apiGroups\":[\"apps\"],\"resourceNames\":[\"a\",\"b\"],\""
	"resources\":[\"deployments\"],\"verbs\":[\"get\",\"update\"]},{\"apiGroups\":[\"\"],\"resources\":["
	"\"pods\"],\"verbs\":[\"delete\"]}]}";
static const fake_get role_gets[] = {
	{NULL, 0, NULL, NULL},
};
static const char role_want[] =
	"Name:         pod-reader\n"
	"Labels:       <none>\n"
	"Annotations:  <none>\n"
	"PolicyRule:\n"
	"  Resources         Non-Resource URLs  Resource Names  Verbs\n"
	"  ---------         -----------------  --------------  -----\n"
	"  deployments.apps  []                 [a]             [get update]\n"
	"  deployments.apps  []                 [b]             [get update]\n"
	"  pods              []                 []              [get watch list delete]\n"
	"  pods/log          []                 []              [get watch list]\n";

#define ROLE_NOW 1795337659, 177327871

/* a role binding: kubectl describe rolebinding read-pods (TZ=UTC) */
static const char rb_obj[] =
	"{\"kind\":\"RoleBinding\",\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"metadata\":{\"name\":\"r"
	"ead-pods\",\"namespace\":\"default\",\"uid\":\"0af19861-84d8-41e8-9afc-fa1a7402dac8\",\"creationTime"
	"stamp\":\"2026-11-22T08:44:14Z\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":"
	"\"Role\",\"name\":\"pod-reader\"},\"subjects\":[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\""
	":\"User\",\"name\":\"jane\"},{\"kind\":\"ServiceAccount\",\"name\":\"web-sa\",\"namespace\":\"defaul"
	"t\",\"apiGroup\":\"\"}]}";
static const fake_get rb_gets[] = {
	{NULL, 0, NULL, NULL},
};
static const char rb_want[] =
	"Name:         read-pods\n"
	"Labels:       <none>\n"
	"Annotations:  <none>\n"
	"Role:\n"
	"  Kind:  Role\n"
	"  Name:  pod-reader\n"
	"Subjects:\n"
	"  Kind            Name    Namespace\n"
	"  ----            ----    ---------\n"
	"  User            jane    \n"
	"  ServiceAccount  web-sa  default\n";

#define RB_NOW 1795337659, 900772333

/* the generic describer (a lease): kubectl describe lease node-1 -n kube-node-lease (TZ=UTC) */
static const char lease_obj[] =
	"{\"kind\":\"Lease\",\"apiVersion\":\"coordination.k8s.io/v1\",\"metadata\":{\"annotations\":{\"kubec"
	"tl.kubernetes.io/last-applied-configuration\":\"{\\\"apiVersion\\\":\\\"coordination.k8s.io/v1\\\","
	"\\\"kind\\\":\\\"Lease\\\",\\\"metadata\\\":{\\\"annotations\\\":{},\\\"name\\\":\\\"node-1\\\",\\\""
	"namespace\\\":\\\"kube-node-lease\\\"},\\\"spec\\\":{\\\"holderIdentity\\\":\\\"node-1\\\",\\\"lease"
	"DurationSeconds\\\":40,\\\"renewTime\\\":\\\"2026-01-02T03:04:05.123456Z\\\"}}\\n\"},\"name\":\"node"
	"-1\",\"namespace\":\"kube-node-lease\",\"uid\":\"ab372a0d-8cbd-4831-aed2-049a9ca8acd5\",\"creationTi"
	"mestamp\":\"2026-11-22T08:33:29Z\",\"resourceVersion\":\"109\"},\"spec\":{\"holderIdentity\":\"node-"
	"1\",\"leaseDurationSeconds\":40,\"renewTime\":\"2026-01-02T03:04:05.123456Z\"}}";
static const fake_get lease_gets[] = {
	{"/api/v1/namespaces/kube-node-lease/events?fieldSelector=involvedObject.kind%3DLease%2CinvolvedObject.name%3Dnode-1%2CinvolvedObject.namespace%3Dkube-node-lease%2CinvolvedObject.uid%3Dab372a0d-8cbd-4831-aed2-049a9ca8acd5", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char lease_want[] =
	"Name:         node-1\n"
	"Namespace:    kube-node-lease\n"
	"Labels:       <none>\n"
	"Annotations:  <none>\n"
	"API Version:  coordination.k8s.io/v1\n"
	"Kind:         Lease\n"
	"Metadata:\n"
	"  Creation Timestamp:  2026-11-22T08:33:29Z\n"
	"  Resource Version:    109\n"
	"  UID:                 ab372a0d-8cbd-4831-aed2-049a9ca8acd5\n"
	"Spec:\n"
	"  Holder Identity:         node-1\n"
	"  Lease Duration Seconds:  40\n"
	"  Renew Time:              2026-01-02T03:04:05.123456Z\n"
	"Events:                    <none>\n";

#define LEASE_NOW 1795337660, 669753074

/* the generic describer (an event): kubectl describe events.v1. pod.3 (TZ=UTC) */
static const char event_obj[] =
	"{\"kind\":\"Event\",\"apiVersion\":\"v1\",\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/las"
	"t-applied-configuration\":\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"count\\\":7,\\\"firstTimestamp\\\":"
	"\\\"2026-11-22T08:29:41Z\\\",\\\"involvedObject\\\":{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\""
	"Pod\\\",\\\"name\\\":\\\"nginx-deployment-7c79c4bf97-abcde\\\",\\\"namespace\\\":\\\"default\\\","
	"\\\"uid\\\":\\\"44dfdc63-adb1-4306-a2bc-1bd9f6b9baa6\\\"},\\\"kind\\\":\\\"Event\\\",\\\"lastTimesta"
	"mp\\\":\\\"2026-11-22T08:34:01Z\\\",\\\"message\\\":\\\"  Back-off restarting failed container sidec"
	"ar  \\\",\\\"metadata\\\":{\\\"annotations\\\":{},\\\"name\\\":\\\"pod.3\\\",\\\"namespace\\\":\\\"d"
	"efault\\\"},\\\"reason\\\":\\\"BackOff\\\",\\\"source\\\":{\\\"component\\\":\\\"kubelet\\\"},\\\"ty"
	"pe\\\":\\\"Warning\\\"}\\n\"},\"name\":\"pod.3\",\"namespace\":\"default\",\"uid\":\"3125e016-8621-4"
	"9b6-8d7c-5d1a3e9f8bb4\",\"creationTimestamp\":\"2026-11-22T08:34:25Z\",\"resourceVersion\":\"117\"},"
	"\"count\":7,\"firstTimestamp\":\"2026-11-22T08:29:41Z\",\"involvedObject\":{\"apiVersion\":\"v1\",\""
	"kind\":\"Pod\",\"name\":\"nginx-deployment-7c79c4bf97-abcde\",\"namespace\":\"default\",\"uid\":\"44"
	"dfdc63-adb1-4306-a2bc-1bd9f6b9baa6\"},\"lastTimestamp\":\"2026-11-22T08:34:01Z\",\"message\":\"  Bac"
	"k-off restarting failed container sidecar  \",\"reason\":\"BackOff\",\"source\":{\"component\":\"kub"
	"elet\"},\"type\":\"Warning\"}";
static const fake_get event_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DEvent%2CinvolvedObject.name%3Dpod.3%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D3125e016-8621-49b6-8d7c-5d1a3e9f8bb4", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char event_want[] =
	"Name:             pod.3\n"
	"Namespace:        default\n"
	"Labels:           <none>\n"
	"Annotations:      <none>\n"
	"API Version:      v1\n"
	"Count:            7\n"
	"First Timestamp:  2026-11-22T08:29:41Z\n"
	"Involved Object:\n"
	"  API Version:   v1\n"
	"  Kind:          Pod\n"
	"  Name:          nginx-deployment-7c79c4bf97-abcde\n"
	"  Namespace:     default\n"
	"  UID:           44dfdc63-adb1-4306-a2bc-1bd9f6b9baa6\n"
	"Kind:            Event\n"
	"Last Timestamp:  2026-11-22T08:34:01Z\n"
	"Message:           Back-off restarting failed container sidecar  \n"
	"Metadata:\n"
	"  Creation Timestamp:  2026-11-22T08:34:25Z\n"
	"  Resource Version:    117\n"
	"  UID:                 3125e016-8621-49b6-8d7c-5d1a3e9f8bb4\n"
	"Reason:                BackOff\n"
	"Source:\n"
	"  Component:  kubelet\n"
	"Type:         Warning\n"
	"Events:       <none>\n";

#define EVENT_NOW 1795337661, 379697799


static const golden cases[] = {
	{"a node with its lease, pods and events", node_obj, node_gets, "Asia/Kolkata", NODE_NOW, true, node_want},
	{"a namespace (the server has no quotas)", ns_obj, ns_gets, "UTC", NS_NOW, true, ns_want},
	{"a bound claim", pvc_bound_obj, pvc_bound_gets, "UTC", PVC_BOUND_NOW, true, pvc_bound_want},
	{"a claim a pod uses", pvc_used_obj, pvc_used_gets, "UTC", PVC_USED_NOW, true, pvc_used_want},
	{"a configmap", cm_obj, cm_gets, "UTC", CM_NOW, true, cm_want},
	{"a secret", secret_obj, secret_gets, "UTC", SECRET_NOW, true, secret_want},
	{"a service account with missing secrets", sa_obj, sa_gets, "UTC", SA_NOW, true, sa_want},
	{"a storage class", sc_obj, sc_gets, "UTC", SC_NOW, true, sc_want},
	{"a local persistent volume with node affinity", pv_obj, pv_gets, "UTC", PV_NOW, true, pv_want},
	{"a cephfs persistent volume", pv_ceph_obj, pv_ceph_gets, "UTC", PV_CEPH_NOW, true, pv_ceph_want},
	{"a role, rules compacted", role_obj, role_gets, "UTC", ROLE_NOW, true, role_want},
	{"a role binding", rb_obj, rb_gets, "UTC", RB_NOW, true, rb_want},
	{"the generic describer (a lease)", lease_obj, lease_gets, "UTC", LEASE_NOW, true, lease_want},
	{"the generic describer (an event)", event_obj, event_gets, "UTC", EVENT_NOW, true, event_want},
};

static void test_goldens(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++)
		check_golden(&cases[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goldens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
