/* test_ctl_describe_pods.c - kubectl describe pod: statuses, containers, volumes, events
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

/* a running pod with statuses, env, probes, volumes and events: kubectl describe pod nginx-deployment-7c79c4bf97-abcde (TZ=Asia/Seoul) */
static const char pod_running_obj[] =
	"{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"annotations\":{\"example.com/long\":\"xxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\",\"example.com/multi\":\"line one\\nline two\\n\",\"ku"
	"bectl.kubernetes.io/last-applied-configuration\":\"{}\\n\"},\"labels\":{\"app\":\"nginx\",\"pod-temp"
	"late-hash\":\"7c79c4bf97\"},\"name\":\"nginx-deployment-7c79c4bf97-abcde\",\"namespace\":\"default\""
	",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true,\"controller\":true,\""
	"kind\":\"ReplicaSet\",\"name\":\"nginx-deployment-7c79c4bf97\",\"uid\":\"56bac066-1a28-4b89-a30c-1a2"
	"93157cecb\"}],\"uid\":\"44dfdc63-adb1-4306-a2bc-1bd9f6b9baa6\",\"creationTimestamp\":\"2026-11-22T08"
	":34:03Z\"},\"spec\":{\"containers\":[{\"args\":[\"--flag\",\"value\"],\"env\":[{\"name\":\"PLAIN\","
	"\"value\":\"a value\"},{\"name\":\"MULTI\",\"value\":\"first\\nsecond\"},{\"name\":\"POD_NAME\",\"va"
	"lueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\",\"apiVersion\":\"v1\"}}},{\"name\":\"POD_IP"
	"\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"status.podIP\",\"apiVersion\":\"v1\"}}},{\"name\":\""
	"POD_UID\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.uid\",\"apiVersion\":\"v1\"}}},{\"na"
	"me\":\"CPU_LIMIT\",\"valueFrom\":{\"resourceFieldRef\":{\"divisor\":\"1m\",\"resource\":\"limits.cpu"
	"\"}}},{\"name\":\"MEM_REQ\",\"valueFrom\":{\"resourceFieldRef\":{\"divisor\":\"1Mi\",\"resource\":\""
	"requests.memory\"}}},{\"name\":\"SECRET_VAL\",\"valueFrom\":{\"secretKeyRef\":{\"key\":\"password\","
	"\"name\":\"mysecret\",\"optional\":true}}},{\"name\":\"CM_VAL\",\"valueFrom\":{\"configMapKeyRef\":{"
	"\"key\":\"color\",\"name\":\"mycm\"}}}],\"envFrom\":[{\"configMapRef\":{\"name\":\"mycm\"}},{\"prefi"
	"x\":\"SEC_\",\"secretRef\":{\"name\":\"mysecret\",\"optional\":true}}],\"image\":\"nginx:1.14.2\",\""
	"livenessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":80,\"scheme\":\"HTTP\"},\"initialDelayS"
	"econds\":3,\"timeoutSeconds\":1,\"periodSeconds\":10,\"successThreshold\":1,\"failureThreshold\":3},"
	"\"name\":\"nginx\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"},{\"containerPort\":443,\"h"
	"ostPort\":8443,\"protocol\":\"TCP\"}],\"readinessProbe\":{\"tcpSocket\":{\"port\":80},\"timeoutSecon"
	"ds\":1,\"periodSeconds\":10,\"successThreshold\":1,\"failureThreshold\":3},\"resources\":{\"limits\""
	":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}},\"sta"
	"rtupProbe\":{\"exec\":{\"command\":[\"cat\",\"/tmp/ready\"]},\"timeoutSeconds\":1,\"periodSeconds\":"
	"10,\"successThreshold\":1,\"failureThreshold\":3},\"volumeMounts\":[{\"mountPath\":\"/data\",\"name"
	"\":\"data\"},{\"mountPath\":\"/etc/cfg\",\"name\":\"cfg\",\"readOnly\":true,\"subPath\":\"app.conf\""
	"},{\"mountPath\":\"/cache\",\"name\":\"cache\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationM"
	"essagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"},{\"command\":[\"sleep\""
	",\"infinity\"],\"image\":\"busybox:1.36\",\"name\":\"sidecar\",\"resources\":{\"limits\":{\"cpu\":\""
	"50m\",\"memory\":\"32Mi\"},\"requests\":{\"cpu\":\"50m\",\"memory\":\"32Mi\"}},\"imagePullPolicy\":"
	"\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\""
	"File\"}],\"initContainers\":[{\"command\":[\"sh\",\"-c\",\"echo hi\\necho there\"],\"image\":\"busyb"
	"ox:1.36\",\"name\":\"init\",\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/t"
	"ermination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"nodeName\":\"node-1\",\""
	"nodeSelector\":{\"kubernetes.io/os\":\"linux\"},\"priorityClassName\":\"\",\"readinessGates\":[{\"co"
	"nditionType\":\"example.com/ready\"}],\"securityContext\":{\"seccompProfile\":{\"type\":\"RuntimeDef"
	"ault\"}},\"tolerations\":[{\"effect\":\"NoSchedule\",\"key\":\"dedicated\",\"operator\":\"Equal\",\""
	"value\":\"infra\"},{\"operator\":\"Exists\"}],\"topologySpreadConstraints\":[{\"labelSelector\":{\"m"
	"atchLabels\":{\"app\":\"nginx\"}},\"maxSkew\":1,\"topologyKey\":\"zone\",\"whenUnsatisfiable\":\"DoN"
	"otSchedule\"},{\"maxSkew\":2,\"topologyKey\":\"kubernetes.io/hostname\",\"whenUnsatisfiable\":\"Sche"
	"duleAnyway\"}],\"volumes\":[{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"data-pvc\""
	"}},{\"configMap\":{\"name\":\"mycm\",\"defaultMode\":420},\"name\":\"cfg\"},{\"name\":\"sec\",\"secr"
	"et\":{\"optional\":false,\"secretName\":\"mysecret\",\"defaultMode\":420}},{\"emptyDir\":{\"medium\""
	":\"Memory\",\"sizeLimit\":\"64Mi\"},\"name\":\"cache\"},{\"hostPath\":{\"path\":\"/var/log\",\"type"
	"\":\"Directory\"},\"name\":\"host\"},{\"downwardAPI\":{\"items\":[{\"fieldRef\":{\"fieldPath\":\"met"
	"adata.labels\",\"apiVersion\":\"v1\"},\"path\":\"labels\"},{\"path\":\"cpu\",\"resourceFieldRef\":{"
	"\"containerName\":\"nginx\",\"resource\":\"limits.cpu\"}}],\"defaultMode\":420},\"name\":\"dapi\"},{"
	"\"name\":\"nfs\",\"nfs\":{\"path\":\"/exports\",\"readOnly\":true,\"server\":\"nfs.example.com\"}},{"
	"\"csi\":{\"driver\":\"csi.example.com\",\"volumeAttributes\":{\"foo\":\"bar\",\"size\":\"1Gi\"}},\"n"
	"ame\":\"csi\"}],\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Alway"
	"s\",\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountNam"
	"e\":\"default\",\"serviceAccount\":\"default\",\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPri"
	"ority\"},\"status\":{\"phase\":\"Running\",\"qosClass\":\"Burstable\",\"hostIP\":\"192.168.1.10\",\""
	"hostIPs\":[{\"ip\":\"192.168.1.10\"}],\"podIP\":\"10.244.1.5\",\"podIPs\":[{\"ip\":\"10.244.1.5\"},{"
	"\"ip\":\"fd00::5\"}],\"startTime\":\"2026-01-02T03:04:05Z\",\"conditions\":[{\"type\":\"Initialized"
	"\",\"status\":\"True\",\"lastTransitionTime\":\"2026-01-02T03:04:06Z\"},{\"type\":\"Ready\",\"status"
	"\":\"True\",\"lastTransitionTime\":\"2026-01-02T03:04:10Z\"},{\"type\":\"ContainersReady\",\"status"
	"\":\"True\",\"lastTransitionTime\":\"2026-01-02T03:04:10Z\"},{\"type\":\"PodScheduled\",\"status\":"
	"\"True\",\"lastTransitionTime\":\"2026-01-02T03:04:05Z\"}],\"initContainerStatuses\":[{\"name\":\"in"
	"it\",\"image\":\"busybox:1.36\",\"imageID\":\"docker.io/library/busybox@sha256:aaa\",\"containerID\""
	":\"containerd://init1\",\"ready\":true,\"restartCount\":0,\"state\":{\"terminated\":{\"exitCode\":0,"
	"\"reason\":\"Completed\",\"startedAt\":\"2026-01-02T03:04:06Z\",\"finishedAt\":\"2026-01-02T03:04:07"
	"Z\"}}}],\"containerStatuses\":[{\"name\":\"nginx\",\"image\":\"nginx:1.14.2\",\"imageID\":\"docker.i"
	"o/library/nginx@sha256:bbb\",\"containerID\":\"containerd://c1\",\"ready\":true,\"restartCount\":2,"
	"\"started\":true,\"state\":{\"running\":{\"startedAt\":\"2026-01-02T03:04:08Z\"}},\"lastState\":{\"t"
	"erminated\":{\"exitCode\":137,\"signal\":9,\"reason\":\"OOMKilled\",\"message\":\"out of memory\",\""
	"startedAt\":\"2026-01-02T03:00:00Z\",\"finishedAt\":\"2026-01-02T03:04:00Z\"}}},{\"name\":\"sidecar"
	"\",\"image\":\"busybox:1.36\",\"imageID\":\"\",\"containerID\":\"\",\"ready\":false,\"restartCount\""
	":0,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off\"}}}]}}";
static const fake_get pod_running_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dnginx-deployment-7c79c4bf97-abcde%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D44dfdc63-adb1-4306-a2bc-1bd9f6b9baa6", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[{\"count\":1,\"eventTime\":\"2026-11-22T08:"
	 "29:21.123456Z\",\"message\":\"Successfully assigned default/nginx-deployment-7c79c4bf97-abcde to nod"
	 "e-1\",\"reason\":\"Scheduled\",\"reportingComponent\":\"default-scheduler\",\"source\":{},\"type\":"
	 "\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-11-22T08:29:31Z\",\"lastTimestamp\":\"2026-11-22T"
	 "08:29:31Z\",\"message\":\"Container image \\\"nginx:1.14.2\\\" already present on machine\",\"reason"
	 "\":\"Pulled\",\"source\":{\"component\":\"kubelet\"},\"type\":\"Normal\"},{\"count\":7,\"firstTimest"
	 "amp\":\"2026-11-22T08:29:41Z\",\"lastTimestamp\":\"2026-11-22T08:34:01Z\",\"message\":\"  Back-off r"
	 "estarting failed container sidecar  \",\"reason\":\"BackOff\",\"source\":{\"component\":\"kubelet\"}"
	 ",\"type\":\"Warning\"},{\"count\":1,\"firstTimestamp\":\"2026-11-22T08:29:31Z\",\"lastTimestamp\":\""
	 "2026-11-22T08:29:31Z\",\"message\":\"Started container nginx\",\"reason\":\"Started\",\"source\":{\""
	 "component\":\"kubelet\"},\"type\":\"Normal\"},{\"count\":1,\"eventTime\":\"2026-11-22T08:32:41.12345"
	 "6Z\",\"message\":\"Readiness probe failed\",\"reason\":\"Unhealthy\",\"reportingComponent\":\"kubele"
	 "t\",\"series\":{\"count\":4,\"lastObservedTime\":\"2026-11-22T08:34:11.123456Z\"},\"source\":{},\"ty"
	 "pe\":\"Warning\"}]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char pod_running_want[] =
	"Name:             nginx-deployment-7c79c4bf97-abcde\n"
	"Namespace:        default\n"
	"Priority:         0\n"
	"Service Account:  default\n"
	"Node:             node-1/192.168.1.10\n"
	"Start Time:       Fri, 02 Jan 2026 12:04:05 +0900\n"
	"Labels:           app=nginx\n"
	"                  pod-template-hash=7c79c4bf97\n"
	"Annotations:      example.com/long:\n"
	"                    xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\n"
	"                  example.com/multi:\n"
	"                    line one\n"
	"                    line two\n"
	"Status:           Running\n"
	"SeccompProfile:   RuntimeDefault\n"
	"IP:               10.244.1.5\n"
	"IPs:\n"
	"  IP:           10.244.1.5\n"
	"  IP:           fd00::5\n"
	"Controlled By:  ReplicaSet/nginx-deployment-7c79c4bf97\n"
	"Init Containers:\n"
	"  init:\n"
	"    Container ID:  containerd://init1\n"
	"    Image:         busybox:1.36\n"
	"    Image ID:      docker.io/library/busybox@sha256:aaa\n"
	"    Port:          <none>\n"
	"    Host Port:     <none>\n"
	"    Command:\n"
	"      sh\n"
	"      -c\n"
	"      echo hi\n"
	"      echo there\n"
	"    State:          Terminated\n"
	"      Reason:       Completed\n"
	"      Exit Code:    0\n"
	"      Started:      Fri, 02 Jan 2026 12:04:06 +0900\n"
	"      Finished:     Fri, 02 Jan 2026 12:04:07 +0900\n"
	"    Ready:          True\n"
	"    Restart Count:  0\n"
	"    Environment:    <none>\n"
	"    Mounts:         <none>\n"
	"Containers:\n"
	"  nginx:\n"
	"    Container ID:  containerd://c1\n"
	"    Image:         nginx:1.14.2\n"
	"    Image ID:      docker.io/library/nginx@sha256:bbb\n"
	"    Ports:         80/TCP, 443/TCP\n"
	"    Host Ports:    0/TCP, 8443/TCP\n"
	"    Args:\n"
	"      --flag\n"
	"      value\n"
	"    State:          Running\n"
	"      Started:      Fri, 02 Jan 2026 12:04:08 +0900\n"
	"    Last State:     Terminated\n"
	"      Reason:       OOMKilled\n"
	"      Message:      out of memory\n"
	"      Exit Code:    137\n"
	"      Signal:       9\n"
	"      Started:      Fri, 02 Jan 2026 12:00:00 +0900\n"
	"      Finished:     Fri, 02 Jan 2026 12:04:00 +0900\n"
	"    Ready:          True\n"
	"    Restart Count:  2\n"
	"    Limits:\n"
	"      cpu:     500m\n"
	"      memory:  256Mi\n"
	"    Requests:\n"
	"      cpu:      100m\n"
	"      memory:   128Mi\n"
	"    Liveness:   http-get http://:80/healthz delay=3s timeout=1s period=10s #success=1 #failure=3\n"
	"    Readiness:  tcp-socket :80 delay=0s timeout=1s period=10s #success=1 #failure=3\n"
	"    Startup:    exec [cat /tmp/ready] delay=0s timeout=1s period=10s #success=1 #failure=3\n"
	"    Environment Variables from:\n"
	"      mycm      ConfigMap                  Optional: false\n"
	"      mysecret  Secret with prefix 'SEC_'  Optional: true\n"
	"    Environment:\n"
	"      PLAIN:       a value\n"
	"      MULTI:       first\n"
	"                   second\n"
	"      POD_NAME:    nginx-deployment-7c79c4bf97-abcde (v1:metadata.name)\n"
	"      POD_IP:       (v1:status.podIP)\n"
	"      POD_UID:      (v1:metadata.uid)\n"
	"      CPU_LIMIT:   500 (limits.cpu)\n"
	"      MEM_REQ:     128 (requests.memory)\n"
	"      SECRET_VAL:  <set to the key 'password' in secret 'mysecret'>  Optional: true\n"
	"      CM_VAL:      <set to the key 'color' of config map 'mycm'>     Optional: false\n"
	"    Mounts:\n"
	"      /cache from cache (rw)\n"
	"      /data from data (rw)\n"
	"      /etc/cfg from cfg (ro,path=\"app.conf\")\n"
	"  sidecar:\n"
	"    Container ID:  \n"
	"    Image:         busybox:1.36\n"
	"    Image ID:      \n"
	"    Port:          <none>\n"
	"    Host Port:     <none>\n"
	"    Command:\n"
	"      sleep\n"
	"      infinity\n"
	"    State:          Waiting\n"
	"      Reason:       CrashLoopBackOff\n"
	"    Ready:          False\n"
	"    Restart Count:  0\n"
	"    Limits:\n"
	"      cpu:     50m\n"
	"      memory:  32Mi\n"
	"    Requests:\n"
	"      cpu:        50m\n"
	"      memory:     32Mi\n"
	"    Environment:  <none>\n"
	"    Mounts:       <none>\n"
	"Readiness Gates:\n"
	"  Type                Status\n"
	"  example.com/ready   <none> \n"
	"Conditions:\n"
	"  Type              Status\n"
	"  Initialized       True \n"
	"  Ready             True \n"
	"  ContainersReady   True \n"
	"  PodScheduled      True \n"
	"Volumes:\n"
	"  data:\n"
	"    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)"
	"\n"
	"    ClaimName:  data-pvc\n"
	"    ReadOnly:   false\n"
	"  cfg:\n"
	"    Type:      ConfigMap (a volume populated by a ConfigMap)\n"
	"    Name:      mycm\n"
	"    Optional:  false\n"
	"  sec:\n"
	"    Type:        Secret (a volume populated by a Secret)\n"
	"    SecretName:  mysecret\n"
	"    Optional:    false\n"
	"  cache:\n"
	"    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n"
	"    Medium:     Memory\n"
	"    SizeLimit:  64Mi\n"
	"  host:\n"
	"    Type:          HostPath (bare host directory volume)\n"
	"    Path:          /var/log\n"
	"    HostPathType:  Directory\n"
	"  dapi:\n"
	"    Type:  DownwardAPI (a volume populated by information about the pod)\n"
	"    Items:\n"
	"      metadata.labels -> labels\n"
	"      limits.cpu -> cpu\n"
	"  nfs:\n"
	"    Type:      NFS (an NFS mount that lasts the lifetime of a pod)\n"
	"    Server:    nfs.example.com\n"
	"    Path:      /exports\n"
	"    ReadOnly:  true\n"
	"  csi:\n"
	"    Type:                     CSI (a Container Storage Interface (CSI) volume source)\n"
	"    Driver:                   csi.example.com\n"
	"    FSType:                   \n"
	"    ReadOnly:                 false\n"
	"    VolumeAttributes:             foo=bar\n"
	"                                  size=1Gi\n"
	"QoS Class:                    Burstable\n"
	"Node-Selectors:               kubernetes.io/os=linux\n"
	"Tolerations:                  op=Exists\n"
	"                              dedicated=infra:NoSchedule\n"
	"Topology Spread Constraints:  kubernetes.io/hostname:ScheduleAnyway when max skew 2 is exceeded\n"
	"                              zone:DoNotSchedule when max skew 1 is exceeded for selector app=nginx"
	"\n"
	"Events:\n"
	"  Type     Reason     Age                From               Message\n"
	"  ----     ------     ----               ----               -------\n"
	"  Normal   Scheduled  20m                default-scheduler  Successfully assigned default/nginx-depl"
	"oyment-7c79c4bf97-abcde to node-1\n"
	"  Warning  Unhealthy  15m (x4 over 17m)  kubelet            Readiness probe failed\n"
	"  Normal   Pulled     20m                kubelet            Container image \"nginx:1.14.2\" already"
	" present on machine\n"
	"  Normal   Started    20m                kubelet            Started container nginx\n"
	"  Warning  BackOff    15m (x7 over 20m)  kubelet            Back-off restarting failed container sid"
	"ecar\n";

#define POD_RUNNING_NOW 1795337394, 526089429

/* the seed nginx pod, pending: kubectl describe pod nginx (TZ=UTC) */
static const char pod_pending_obj[] =
	"{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\","
	"\"uid\":\"ab2d39df-ebe6-4564-85a2-75b7df342dc8\",\"creationTimestamp\":\"2026-11-22T08:19:23Z\"},\"s"
	"pec\":{\"containers\":[{\"image\":\"nginx:1.14.2\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":"
	"80,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/ter"
	"mination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"enableServiceLinks\":true,"
	"\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},\"terminationGrac"
	"ePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":\"default\",\"ser"
	"viceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\""
	"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachab"
	"le\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],\"priority\":0,\"p"
	"reemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pending\",\"qosClass\":\"BestEff"
	"ort\"}}";
static const fake_get pod_pending_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dnginx%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Dab2d39df-ebe6-4564-85a2-75b7df342dc8", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char pod_pending_want[] =
	"Name:             nginx\n"
	"Namespace:        default\n"
	"Priority:         0\n"
	"Service Account:  default\n"
	"Node:             <none>\n"
	"Labels:           <none>\n"
	"Annotations:      <none>\n"
	"Status:           Pending\n"
	"IP:               \n"
	"IPs:              <none>\n"
	"Containers:\n"
	"  nginx:\n"
	"    Image:        nginx:1.14.2\n"
	"    Port:         80/TCP\n"
	"    Host Port:    0/TCP\n"
	"    Environment:  <none>\n"
	"    Mounts:       <none>\n"
	"Volumes:          <none>\n"
	"QoS Class:        BestEffort\n"
	"Node-Selectors:   <none>\n"
	"Tolerations:      node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
	"                  node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
	"Events:           <none>\n";

#define POD_PENDING_NOW 1795337395, 617704153

/* a terminating mirror pod: kubectl describe pod term-pod (TZ=UTC) */
static const char pod_terminating_obj[] =
	"{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"annotations\":{\"kubernetes.io/config.mirror"
	"\":\"mirror-uid-123\"},\"finalizers\":[\"example.com/hold\"],\"name\":\"term-pod\",\"namespace\":\"d"
	"efault\",\"uid\":\"9d22e0bb-0d0f-4c6b-bcc7-91e960b0abd6\",\"creationTimestamp\":\"2026-11-22T08:44:5"
	"4Z\",\"deletionTimestamp\":\"2026-11-22T08:45:25Z\",\"deletionGracePeriodSeconds\":30},\"spec\":{\"c"
	"ontainers\":[{\"image\":\"busybox\",\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory"
	"\":\"1Gi\"},\"requests\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}},\"imagePullPolicy\":\"Always\",\"termin"
	"ationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],\"nodeName\":\"n"
	"ode-1\",\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"se"
	"curityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"se"
	"rviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kuber"
	"netes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\""
	"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerati"
	"onSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase"
	"\":\"Pending\",\"qosClass\":\"Guaranteed\"}}";
static const fake_get pod_terminating_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dterm-pod%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Dmirror-uid-123", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[{\"count\":1,\"firstTimestamp\":\"2026-01-0"
	 "2T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"mirror event\",\"reason\":\"M"
	 "irror\",\"source\":{\"component\":\"kubelet\",\"host\":\"node-1\"},\"type\":\"Normal\"}]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char pod_terminating_want[] =
	"Name:                      term-pod\n"
	"Namespace:                 default\n"
	"Priority:                  0\n"
	"Service Account:           default\n"
	"Node:                      node-1/\n"
	"Labels:                    <none>\n"
	"Annotations:               kubernetes.io/config.mirror: mirror-uid-123\n"
	"Status:                    Terminating (lasts 4m31s)\n"
	"Termination Grace Period:  30s\n"
	"IP:                        \n"
	"IPs:                       <none>\n"
	"Containers:\n"
	"  c:\n"
	"    Image:      busybox\n"
	"    Port:       <none>\n"
	"    Host Port:  <none>\n"
	"    Limits:\n"
	"      cpu:     1\n"
	"      memory:  1Gi\n"
	"    Requests:\n"
	"      cpu:        1\n"
	"      memory:     1Gi\n"
	"    Environment:  <none>\n"
	"    Mounts:       <none>\n"
	"Volumes:          <none>\n"
	"QoS Class:        Guaranteed\n"
	"Node-Selectors:   <none>\n"
	"Tolerations:      node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
	"                  node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
	"Events:\n"
	"  Type    Reason  Age   From     Message\n"
	"  ----    ------  ----  ----     -------\n"
	"  Normal  Mirror  324d  kubelet  mirror event\n";

#define POD_TERMINATING_NOW 1795337396, 549218654

/* sixty events sorted as Go's sort.Sort does: kubectl describe pod evpod (TZ=UTC) */
static const char pod_events_obj[] =
	"{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"evpod\",\"creationTimestamp\":\"202"
	"6-11-22T08:37:58Z\",\"labels\":{\"run\":\"evpod\"},\"namespace\":\"default\",\"uid\":\"3598ccdb-e2ed"
	"-4de9-93a3-753bd0749c53\"},\"spec\":{\"containers\":[{\"name\":\"evpod\",\"image\":\"busybox\",\"res"
	"ources\":{},\"imagePullPolicy\":\"Always\",\"terminationMessagePath\":\"/dev/termination-log\",\"ter"
	"minationMessagePolicy\":\"File\"}],\"restartPolicy\":\"Always\",\"dnsPolicy\":\"ClusterFirst\",\"ena"
	"bleServiceLinks\":true,\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\""
	":\"default-scheduler\",\"serviceAccountName\":\"default\",\"serviceAccount\":\"default\",\"toleratio"
	"ns\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"t"
	"olerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect"
	"\":\"NoExecute\",\"tolerationSeconds\":300}],\"priority\":0,\"preemptionPolicy\":\"PreemptLowerPrior"
	"ity\"},\"status\":{\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}}";
static const fake_get pod_events_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Devpod%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D3598ccdb-e2ed-4de9-93a3-753bd0749c53", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[{\"count\":1,\"firstTimestamp\":\"2026-01-0"
	 "2T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m0\",\"reason\":\"R00\",\"sou"
	 "rce\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:"
	 "06Z\",\"lastTimestamp\":\"2026-01-02T03:04:06Z\",\"message\":\"m1\",\"reason\":\"R01\",\"source\":{"
	 "\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\","
	 "\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m2\",\"reason\":\"R02\",\"source\":{\"compo"
	 "nent\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:06Z\",\"lastTi"
	 "mestamp\":\"2026-01-02T03:04:06Z\",\"message\":\"m3\",\"reason\":\"R03\",\"source\":{\"component\":"
	 "\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:07Z\",\"lastTimestamp"
	 "\":\"2026-01-02T03:04:07Z\",\"message\":\"m4\",\"reason\":\"R04\",\"source\":{\"component\":\"c\"},"
	 "\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"20"
	 "26-01-02T03:04:05Z\",\"message\":\"m5\",\"reason\":\"R05\",\"source\":{\"component\":\"c\"},\"type\""
	 ":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02"
	 "T03:04:05Z\",\"message\":\"m6\",\"reason\":\"R06\",\"source\":{\"component\":\"c\"},\"type\":\"Norma"
	 "l\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:0"
	 "5Z\",\"message\":\"m7\",\"reason\":\"R07\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\""
	 "count\":1,\"firstTimestamp\":\"2026-01-02T03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"m"
	 "essage\":\"m8\",\"reason\":\"R08\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":"
	 "1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\""
	 ":\"m9\",\"reason\":\"R09\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firs"
	 "tTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m10\""
	 ",\"reason\":\"R10\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimest"
	 "amp\":\"2026-01-02T03:04:06Z\",\"lastTimestamp\":\"2026-01-02T03:04:06Z\",\"message\":\"m11\",\"reas"
	 "on\":\"R11\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":"
	 "\"2026-01-02T03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"message\":\"m12\",\"reason\":"
	 "\"R12\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026"
	 "-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m13\",\"reason\":\"R13\""
	 ",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T"
	 "03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"message\":\"m14\",\"reason\":\"R14\",\"sour"
	 "ce\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:0"
	 "5Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m15\",\"reason\":\"R15\",\"source\":{"
	 "\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\","
	 "\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m16\",\"reason\":\"R16\",\"source\":{\"comp"
	 "onent\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastT"
	 "imestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m17\",\"reason\":\"R17\",\"source\":{\"component\""
	 ":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestam"
	 "p\":\"2026-01-02T03:04:05Z\",\"message\":\"m18\",\"reason\":\"R18\",\"source\":{\"component\":\"c\"}"
	 ",\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:06Z\",\"lastTimestamp\":\"2"
	 "026-01-02T03:04:06Z\",\"message\":\"m19\",\"reason\":\"R19\",\"source\":{\"component\":\"c\"},\"type"
	 "\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-"
	 "02T03:04:05Z\",\"message\":\"m20\",\"reason\":\"R20\",\"source\":{\"component\":\"c\"},\"type\":\"No"
	 "rmal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:06Z\",\"lastTimestamp\":\"2026-01-02T03:0"
	 "4:06Z\",\"message\":\"m21\",\"reason\":\"R21\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"}"
	 ",{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\""
	 ",\"message\":\"m22\",\"reason\":\"R22\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"cou"
	 "nt\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"mess"
	 "age\":\"m23\",\"reason\":\"R23\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,"
	 "\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":"
	 "\"m24\",\"reason\":\"R24\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firs"
	 "tTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m25\""
	 ",\"reason\":\"R25\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimest"
	 "amp\":\"2026-01-02T03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"message\":\"m26\",\"reas"
	 "on\":\"R26\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":"
	 "\"2026-01-02T03:04:06Z\",\"lastTimestamp\":\"2026-01-02T03:04:06Z\",\"message\":\"m27\",\"reason\":"
	 "\"R27\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026"
	 "-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m28\",\"reason\":\"R28\""
	 ",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T"
	 "03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"message\":\"m29\",\"reason\":\"R29\",\"sour"
	 "ce\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:0"
	 "5Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m30\",\"reason\":\"R30\",\"source\":{"
	 "\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\","
	 "\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m31\",\"reason\":\"R31\",\"source\":{\"comp"
	 "onent\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastT"
	 "imestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m32\",\"reason\":\"R32\",\"source\":{\"component\""
	 ":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:07Z\",\"lastTimestam"
	 "p\":\"2026-01-02T03:04:07Z\",\"message\":\"m33\",\"reason\":\"R33\",\"source\":{\"component\":\"c\"}"
	 ",\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:07Z\",\"lastTimestamp\":\"2"
	 "026-01-02T03:04:07Z\",\"message\":\"m34\",\"reason\":\"R34\",\"source\":{\"component\":\"c\"},\"type"
	 "\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-"
	 "02T03:04:05Z\",\"message\":\"m35\",\"reason\":\"R35\",\"source\":{\"component\":\"c\"},\"type\":\"No"
	 "rmal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:0"
	 "4:07Z\",\"message\":\"m36\",\"reason\":\"R36\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"}"
	 ",{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\""
	 ",\"message\":\"m37\",\"reason\":\"R37\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"cou"
	 "nt\":1,\"firstTimestamp\":\"2026-01-02T03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"mess"
	 "age\":\"m38\",\"reason\":\"R38\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,"
	 "\"firstTimestamp\":\"2026-01-02T03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"message\":"
	 "\"m39\",\"reason\":\"R39\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firs"
	 "tTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m40\""
	 ",\"reason\":\"R40\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimest"
	 "amp\":\"2026-01-02T03:04:06Z\",\"lastTimestamp\":\"2026-01-02T03:04:06Z\",\"message\":\"m41\",\"reas"
	 "on\":\"R41\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":"
	 "\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m42\",\"reason\":"
	 "\"R42\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026"
	 "-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m43\",\"reason\":\"R43\""
	 ",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T"
	 "03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m44\",\"reason\":\"R44\",\"sour"
	 "ce\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:0"
	 "5Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m45\",\"reason\":\"R45\",\"source\":{"
	 "\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:07Z\","
	 "\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"message\":\"m46\",\"reason\":\"R46\",\"source\":{\"comp"
	 "onent\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastT"
	 "imestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m47\",\"reason\":\"R47\",\"source\":{\"component\""
	 ":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:06Z\",\"lastTimestam"
	 "p\":\"2026-01-02T03:04:06Z\",\"message\":\"m48\",\"reason\":\"R48\",\"source\":{\"component\":\"c\"}"
	 ",\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:06Z\",\"lastTimestamp\":\"2"
	 "026-01-02T03:04:06Z\",\"message\":\"m49\",\"reason\":\"R49\",\"source\":{\"component\":\"c\"},\"type"
	 "\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-"
	 "02T03:04:05Z\",\"message\":\"m50\",\"reason\":\"R50\",\"source\":{\"component\":\"c\"},\"type\":\"No"
	 "rmal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:0"
	 "4:05Z\",\"message\":\"m51\",\"reason\":\"R51\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"}"
	 ",{\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\""
	 ",\"message\":\"m52\",\"reason\":\"R52\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"cou"
	 "nt\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"mess"
	 "age\":\"m53\",\"reason\":\"R53\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,"
	 "\"firstTimestamp\":\"2026-01-02T03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"message\":"
	 "\"m54\",\"reason\":\"R54\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firs"
	 "tTimestamp\":\"2026-01-02T03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m55\""
	 ",\"reason\":\"R55\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimest"
	 "amp\":\"2026-01-02T03:04:06Z\",\"lastTimestamp\":\"2026-01-02T03:04:06Z\",\"message\":\"m56\",\"reas"
	 "on\":\"R56\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":"
	 "\"2026-01-02T03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"message\":\"m57\",\"reason\":"
	 "\"R57\",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026"
	 "-01-02T03:04:07Z\",\"lastTimestamp\":\"2026-01-02T03:04:07Z\",\"message\":\"m58\",\"reason\":\"R58\""
	 ",\"source\":{\"component\":\"c\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-01-02T"
	 "03:04:05Z\",\"lastTimestamp\":\"2026-01-02T03:04:05Z\",\"message\":\"m59\",\"reason\":\"R59\",\"sour"
	 "ce\":{\"component\":\"c\"},\"type\":\"Normal\"}]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char pod_events_want[] =
	"Name:             evpod\n"
	"Namespace:        default\n"
	"Priority:         0\n"
	"Service Account:  default\n"
	"Node:             <none>\n"
	"Labels:           run=evpod\n"
	"Annotations:      <none>\n"
	"Status:           Pending\n"
	"IP:               \n"
	"IPs:              <none>\n"
	"Containers:\n"
	"  evpod:\n"
	"    Image:        busybox\n"
	"    Port:         <none>\n"
	"    Host Port:    <none>\n"
	"    Environment:  <none>\n"
	"    Mounts:       <none>\n"
	"Volumes:          <none>\n"
	"QoS Class:        BestEffort\n"
	"Node-Selectors:   <none>\n"
	"Tolerations:      node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
	"                  node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n"
	"Events:\n"
	"  Type    Reason  Age   From  Message\n"
	"  ----    ------  ----  ----  -------\n"
	"  Normal  R31     324d  c     m31\n"
	"  Normal  R43     324d  c     m43\n"
	"  Normal  R02     324d  c     m2\n"
	"  Normal  R59     324d  c     m59\n"
	"  Normal  R28     324d  c     m28\n"
	"  Normal  R05     324d  c     m5\n"
	"  Normal  R06     324d  c     m6\n"
	"  Normal  R07     324d  c     m7\n"
	"  Normal  R55     324d  c     m55\n"
	"  Normal  R09     324d  c     m9\n"
	"  Normal  R10     324d  c     m10\n"
	"  Normal  R53     324d  c     m53\n"
	"  Normal  R51     324d  c     m51\n"
	"  Normal  R13     324d  c     m13\n"
	"  Normal  R50     324d  c     m50\n"
	"  Normal  R15     324d  c     m15\n"
	"  Normal  R16     324d  c     m16\n"
	"  Normal  R17     324d  c     m17\n"
	"  Normal  R18     324d  c     m18\n"
	"  Normal  R47     324d  c     m47\n"
	"  Normal  R20     324d  c     m20\n"
	"  Normal  R45     324d  c     m45\n"
	"  Normal  R22     324d  c     m22\n"
	"  Normal  R23     324d  c     m23\n"
	"  Normal  R24     324d  c     m24\n"
	"  Normal  R25     324d  c     m25\n"
	"  Normal  R44     324d  c     m44\n"
	"  Normal  R42     324d  c     m42\n"
	"  Normal  R40     324d  c     m40\n"
	"  Normal  R37     324d  c     m37\n"
	"  Normal  R30     324d  c     m30\n"
	"  Normal  R00     324d  c     m0\n"
	"  Normal  R32     324d  c     m32\n"
	"  Normal  R35     324d  c     m35\n"
	"  Normal  R03     324d  c     m3\n"
	"  Normal  R21     324d  c     m21\n"
	"  Normal  R56     324d  c     m56\n"
	"  Normal  R19     324d  c     m19\n"
	"  Normal  R11     324d  c     m11\n"
	"  Normal  R49     324d  c     m49\n"
	"  Normal  R48     324d  c     m48\n"
	"  Normal  R41     324d  c     m41\n"
	"  Normal  R27     324d  c     m27\n"
	"  Normal  R01     324d  c     m1\n"
	"  Normal  R57     324d  c     m57\n"
	"  Normal  R12     324d  c     m12\n"
	"  Normal  R26     324d  c     m26\n"
	"  Normal  R54     324d  c     m54\n"
	"  Normal  R34     324d  c     m34\n"
	"  Normal  R39     324d  c     m39\n"
	"  Normal  R14     324d  c     m14\n"
	"  Normal  R33     324d  c     m33\n"
	"  Normal  R52     324d  c     m52\n"
	"  Normal  R38     324d  c     m38\n"
	"  Normal  R04     324d  c     m4\n"
	"  Normal  R08     324d  c     m8\n"
	"  Normal  R36     324d  c     m36\n"
	"  Normal  R29     324d  c     m29\n"
	"  Normal  R58     324d  c     m58\n"
	"  Normal  R46     324d  c     m46\n";

#define POD_EVENTS_NOW 1795337397, 303177833

/* --show-events=false: kubectl describe pod curlpod (TZ=UTC) */
static const char pod_noevents_obj[] =
	"{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\""
	",\"uid\":\"e9bc13c0-2e89-4054-bceb-eb4069f3f12e\",\"creationTimestamp\":\"2026-11-22T08:19:27Z\"},\""
	"spec\":{\"containers\":[{\"command\":[\"sleep\",\"infinity\"],\"image\":\"docker.io/curlimages/curl:"
	"7.86.0\",\"imagePullPolicy\":\"IfNotPresent\",\"name\":\"curl\",\"terminationMessagePath\":\"/dev/te"
	"rmination-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"restartPolicy\":\"Always"
	"\",\"enableServiceLinks\":true,\"dnsPolicy\":\"ClusterFirst\",\"securityContext\":{},\"terminationGr"
	"acePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccountName\":\"default\",\"s"
	"erviceAccount\":\"default\",\"tolerations\":[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":"
	"\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreach"
	"able\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}],\"priority\":0,"
	"\"preemptionPolicy\":\"PreemptLowerPriority\"},\"status\":{\"phase\":\"Pending\",\"qosClass\":\"Best"
	"Effort\"}}";
static const fake_get pod_noevents_gets[] = {
	{NULL, 0, NULL, NULL},
};
static const char pod_noevents_want[] =
	"Name:             curlpod\n"
	"Namespace:        default\n"
	"Priority:         0\n"
	"Service Account:  default\n"
	"Node:             <none>\n"
	"Labels:           <none>\n"
	"Annotations:      <none>\n"
	"Status:           Pending\n"
	"IP:               \n"
	"IPs:              <none>\n"
	"Containers:\n"
	"  curl:\n"
	"    Image:      docker.io/curlimages/curl:7.86.0\n"
	"    Port:       <none>\n"
	"    Host Port:  <none>\n"
	"    Command:\n"
	"      sleep\n"
	"      infinity\n"
	"    Environment:  <none>\n"
	"    Mounts:       <none>\n"
	"Volumes:          <none>\n"
	"QoS Class:        BestEffort\n"
	"Node-Selectors:   <none>\n"
	"Tolerations:      node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
	"                  node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n";

#define POD_NOEVENTS_NOW 1795337398, 128745794


static const golden cases[] = {
	{"a running pod with statuses, env, probes, volumes and events", pod_running_obj, pod_running_gets, "Asia/Seoul", POD_RUNNING_NOW, true, pod_running_want},
	{"the seed nginx pod, pending", pod_pending_obj, pod_pending_gets, "UTC", POD_PENDING_NOW, true, pod_pending_want},
	{"a terminating mirror pod", pod_terminating_obj, pod_terminating_gets, "UTC", POD_TERMINATING_NOW, true, pod_terminating_want},
	{"sixty events sorted as Go's sort.Sort does", pod_events_obj, pod_events_gets, "UTC", POD_EVENTS_NOW, true, pod_events_want},
	{"--show-events=false", pod_noevents_obj, pod_noevents_gets, "UTC", POD_NOEVENTS_NOW, false, pod_noevents_want},
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
