/* test_ctl_describe_workloads.c - kubectl describe for workloads, services, endpoints, ingresses
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

/* a deployment with its old and new ReplicaSets and events: kubectl describe deployment nginx-deployment (TZ=UTC) */
static const char deploy_obj[] =
	"{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"annotations\":{\"kubectl.kuberne"
	"tes.io/last-applied-configuration\":\"{}\\n\"},\"name\":\"nginx-deployment\",\"namespace\":\"default"
	"\",\"uid\":\"7b8e4690-680c-4bbd-9b90-fd5859bc6ee7\",\"creationTimestamp\":\"2026-11-22T08:19:23Z\"},"
	"\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"nginx\"}},\"template\":{\"metadata"
	"\":{\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.14.2\",\"name\":"
	"\"nginx\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],\"imagePullPolicy\":\"IfNotPresent"
	"\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resou"
	"rces\":{}}],\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},\"ter"
	"minationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\"}},\"strategy\":{\"type\":\"R"
	"ollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}},\"revisionHistor"
	"yLimit\":10,\"progressDeadlineSeconds\":600},\"status\":{}}";
static const fake_get deploy_gets[] = {
	{"/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dnginx", 200,
	 "{\"kind\":\"ReplicaSetList\",\"apiVersion\":\"apps/v1\",\"items\":[{\"kind\":\"ReplicaSet\",\"apiVer"
	 "sion\":\"apps/v1\",\"metadata\":{\"annotations\":{\"deployment.kubernetes.io/desired-replicas\":\"2"
	 "\",\"deployment.kubernetes.io/revision\":\"2\"},\"labels\":{\"app\":\"nginx\",\"pod-template-hash\":"
	 "\"5d59d67564\"},\"name\":\"nginx-deployment-5d59d67564\",\"namespace\":\"default\",\"ownerReferences"
	 "\":[{\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true,\"controller\":true,\"kind\":\"Deploymen"
	 "t\",\"name\":\"nginx-deployment\",\"uid\":\"7b8e4690-680c-4bbd-9b90-fd5859bc6ee7\"}],\"uid\":\"d4a7f"
	 "0ee-19c8-4d25-a9a5-e498fd7b9d51\",\"creationTimestamp\":\"2026-11-22T08:33:40Z\"},\"spec\":{\"replic"
	 "as\":0,\"selector\":{\"matchLabels\":{\"app\":\"nginx\",\"pod-template-hash\":\"5d59d67564\"}},\"tem"
	 "plate\":{\"metadata\":{\"labels\":{\"app\":\"nginx\",\"pod-template-hash\":\"5d59d67564\"}},\"spec\""
	 ":{\"containers\":[{\"image\":\"nginx:1.13\",\"imagePullPolicy\":\"IfNotPresent\",\"name\":\"nginx\","
	 "\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],\"resources\":{},\"terminationMessagePath\":"
	 "\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],\"dnsPolicy\":\"ClusterFirst\",\"re"
	 "startPolicy\":\"Always\",\"schedulerName\":\"default-scheduler\",\"securityContext\":{},\"terminatio"
	 "nGracePeriodSeconds\":30}}},\"status\":{}},{\"kind\":\"ReplicaSet\",\"apiVersion\":\"apps/v1\",\"met"
	 "adata\":{\"annotations\":{\"deployment.kubernetes.io/desired-replicas\":\"2\",\"deployment.kubernete"
	 "s.io/revision\":\"2\"},\"labels\":{\"app\":\"nginx\",\"pod-template-hash\":\"7c79c4bf97\"},\"name\":"
	 "\"nginx-deployment-7c79c4bf97\",\"namespace\":\"default\",\"ownerReferences\":[{\"apiVersion\":\"app"
	 "s/v1\",\"blockOwnerDeletion\":true,\"controller\":true,\"kind\":\"Deployment\",\"name\":\"nginx-depl"
	 "oyment\",\"uid\":\"7b8e4690-680c-4bbd-9b90-fd5859bc6ee7\"}],\"uid\":\"56bac066-1a28-4b89-a30c-1a2931"
	 "57cecb\",\"creationTimestamp\":\"2026-11-22T08:33:40Z\"},\"spec\":{\"replicas\":2,\"selector\":{\"ma"
	 "tchLabels\":{\"app\":\"nginx\",\"pod-template-hash\":\"7c79c4bf97\"}},\"template\":{\"metadata\":{\""
	 "labels\":{\"app\":\"nginx\",\"pod-template-hash\":\"7c79c4bf97\"}},\"spec\":{\"containers\":[{\"imag"
	 "e\":\"nginx:1.14.2\",\"imagePullPolicy\":\"IfNotPresent\",\"name\":\"nginx\",\"ports\":[{\"container"
	 "Port\":80,\"protocol\":\"TCP\"}],\"resources\":{},\"terminationMessagePath\":\"/dev/termination-log"
	 "\",\"terminationMessagePolicy\":\"File\"}],\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always"
	 "\",\"schedulerName\":\"default-scheduler\",\"securityContext\":{},\"terminationGracePeriodSeconds\":"
	 "30}}},\"status\":{}}]}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DDeployment%2CinvolvedObject.name%3Dnginx-deployment%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D7b8e4690-680c-4bbd-9b90-fd5859bc6ee7", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[{\"count\":1,\"firstTimestamp\":\"2026-11-2"
	 "2T07:27:41Z\",\"lastTimestamp\":\"2026-11-22T07:27:41Z\",\"message\":\"Scaled up replica set nginx-d"
	 "eployment-7c79c4bf97 to 2\",\"reason\":\"ScalingReplicaSet\",\"source\":{\"component\":\"deployment-"
	 "controller\"},\"type\":\"Normal\"},{\"count\":1,\"firstTimestamp\":\"2026-11-22T07:44:21Z\",\"lastTi"
	 "mestamp\":\"2026-11-22T07:44:21Z\",\"message\":\"Scaled down replica set nginx-deployment-5d59d67564"
	 " to 0 from 2\",\"reason\":\"ScalingReplicaSet\",\"source\":{\"component\":\"deployment-controller\"}"
	 ",\"type\":\"Normal\"}]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char deploy_want[] =
	"Name:                   nginx-deployment\n"
	"Namespace:              default\n"
	"CreationTimestamp:      Sun, 22 Nov 2026 08:19:23 +0000\n"
	"Labels:                 <none>\n"
	"Annotations:            <none>\n"
	"Selector:               app=nginx\n"
	"Replicas:               2 desired | 0 updated | 0 total | 0 available | 0 unavailable\n"
	"StrategyType:           RollingUpdate\n"
	"MinReadySeconds:        0\n"
	"RollingUpdateStrategy:  25% max unavailable, 25% max surge\n"
	"Pod Template:\n"
	"  Labels:  app=nginx\n"
	"  Containers:\n"
	"   nginx:\n"
	"    Image:         nginx:1.14.2\n"
	"    Port:          80/TCP\n"
	"    Host Port:     0/TCP\n"
	"    Environment:   <none>\n"
	"    Mounts:        <none>\n"
	"  Volumes:         <none>\n"
	"  Node-Selectors:  <none>\n"
	"  Tolerations:     <none>\n"
	"OldReplicaSets:    nginx-deployment-5d59d67564 (0/0 replicas created)\n"
	"NewReplicaSet:     nginx-deployment-7c79c4bf97 (0/2 replicas created)\n"
	"Events:\n"
	"  Type    Reason             Age   From                   Message\n"
	"  ----    ------             ----  ----                   -------\n"
	"  Normal  ScalingReplicaSet  82m   deployment-controller  Scaled up replica set nginx-deployment-7c7"
	"9c4bf97 to 2\n"
	"  Normal  ScalingReplicaSet  65m   deployment-controller  Scaled down replica set nginx-deployment-5"
	"d59d67564 to 0 from 2\n";

#define DEPLOY_NOW 1795337409, 769982337

/* a replicaset with its pods' phases: kubectl describe rs nginx-deployment-7c79c4bf97 (TZ=UTC) */
static const char rs_obj[] =
	"{\"kind\":\"ReplicaSet\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"annotations\":{\"deployment.kube"
	"rnetes.io/desired-replicas\":\"2\",\"deployment.kubernetes.io/revision\":\"2\"},\"labels\":{\"app\":"
	"\"nginx\",\"pod-template-hash\":\"7c79c4bf97\"},\"name\":\"nginx-deployment-7c79c4bf97\",\"namespace"
	"\":\"default\",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true,\"contro"
	"ller\":true,\"kind\":\"Deployment\",\"name\":\"nginx-deployment\",\"uid\":\"7b8e4690-680c-4bbd-9b90-"
	"fd5859bc6ee7\"}],\"uid\":\"56bac066-1a28-4b89-a30c-1a293157cecb\",\"creationTimestamp\":\"2026-11-22"
	"T08:33:40Z\"},\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"nginx\",\"pod-templa"
	"te-hash\":\"7c79c4bf97\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"nginx\",\"pod-template-"
	"hash\":\"7c79c4bf97\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.14.2\",\"imagePullPolicy\":\""
	"IfNotPresent\",\"name\":\"nginx\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],\"resource"
	"s\":{},\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],"
	"\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"schedulerName\":\"default-scheduler\","
	"\"securityContext\":{},\"terminationGracePeriodSeconds\":30}}},\"status\":{}}";
static const fake_get rs_gets[] = {
	{"/api/v1/namespaces/default/pods?labelSelector=app%3Dnginx%2Cpod-template-hash%3D7c79c4bf97", 200,
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
	 "ate\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off\"}}}]}}]}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DReplicaSet%2CinvolvedObject.name%3Dnginx-deployment-7c79c4bf97%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D56bac066-1a28-4b89-a30c-1a293157cecb", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char rs_want[] =
	"Name:           nginx-deployment-7c79c4bf97\n"
	"Namespace:      default\n"
	"Selector:       app=nginx,pod-template-hash=7c79c4bf97\n"
	"Labels:         app=nginx\n"
	"                pod-template-hash=7c79c4bf97\n"
	"Annotations:    deployment.kubernetes.io/desired-replicas: 2\n"
	"                deployment.kubernetes.io/revision: 2\n"
	"Controlled By:  Deployment/nginx-deployment\n"
	"Replicas:       0 current / 2 desired\n"
	"Pods Status:    1 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"
	"Pod Template:\n"
	"  Labels:  app=nginx\n"
	"           pod-template-hash=7c79c4bf97\n"
	"  Containers:\n"
	"   nginx:\n"
	"    Image:         nginx:1.14.2\n"
	"    Port:          80/TCP\n"
	"    Host Port:     0/TCP\n"
	"    Environment:   <none>\n"
	"    Mounts:        <none>\n"
	"  Volumes:         <none>\n"
	"  Node-Selectors:  <none>\n"
	"  Tolerations:     <none>\n"
	"Events:            <none>\n";

#define RS_NOW 1795337410, 691176891

/* a statefulset with claim templates: kubectl describe sts web (TZ=UTC) */
static const char sts_obj[] =
	"{\"kind\":\"StatefulSet\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"labels\":{\"app\":\"web\"},\"na"
	"me\":\"web\",\"namespace\":\"default\",\"uid\":\"7cb41d80-df34-4729-8134-8052442e6035\",\"creationTi"
	"mestamp\":\"2026-11-22T08:34:54Z\"},\"spec\":{\"replicas\":3,\"selector\":{\"matchExpressions\":[{\""
	"key\":\"tier\",\"operator\":\"In\",\"values\":[\"frontend\",\"backend\"]}],\"matchLabels\":{\"app\":"
	"\"web\"}},\"serviceName\":\"web\",\"template\":{\"metadata\":{\"annotations\":{\"example.com/a\":\"b"
	"\"},\"labels\":{\"app\":\"web\",\"tier\":\"frontend\"}},\"spec\":{\"containers\":[{\"image\":\"regis"
	"try.k8s.io/nginx-slim:0.8\",\"name\":\"web\",\"ports\":[{\"containerPort\":80,\"name\":\"web\",\"pro"
	"tocol\":\"TCP\"}],\"volumeMounts\":[{\"mountPath\":\"/usr/share/nginx/html\",\"name\":\"www\"}],\"im"
	"agePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMe"
	"ssagePolicy\":\"File\",\"resources\":{}}],\"priorityClassName\":\"high\",\"serviceAccountName\":\"we"
	"b-sa\",\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},\"terminat"
	"ionGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\",\"serviceAccount\":\"web-sa\"}},"
	"\"updateStrategy\":{\"rollingUpdate\":{\"partition\":1},\"type\":\"RollingUpdate\"},\"volumeClaimTem"
	"plates\":[{\"metadata\":{\"labels\":{\"app\":\"web\"},\"name\":\"www\"},\"spec\":{\"accessModes\":["
	"\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}},\"storageClassName\":\"fast\","
	"\"volumeMode\":\"Filesystem\"},\"status\":{\"phase\":\"Pending\"}}],\"podManagementPolicy\":\"Ordere"
	"dReady\",\"persistentVolumeClaimRetentionPolicy\":{\"whenDeleted\":\"Retain\",\"whenScaled\":\"Retai"
	"n\"},\"revisionHistoryLimit\":10},\"status\":{\"replicas\":2,\"readyReplicas\":1}}";
static const fake_get sts_gets[] = {
	{"/api/v1/namespaces/default/pods?labelSelector=app%3Dweb%2Ctier+in+%28backend%2Cfrontend%29", 200,
	 "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DStatefulSet%2CinvolvedObject.name%3Dweb%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D7cb41d80-df34-4729-8134-8052442e6035", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char sts_want[] =
	"Name:               web\n"
	"Namespace:          default\n"
	"CreationTimestamp:  Sun, 22 Nov 2026 08:34:54 +0000\n"
	"Selector:           app=web,tier in (backend,frontend)\n"
	"Labels:             app=web\n"
	"Annotations:        <none>\n"
	"Replicas:           3 desired | 2 total\n"
	"Update Strategy:    RollingUpdate\n"
	"  Partition:        1\n"
	"Pods Status:        0 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"
	"Pod Template:\n"
	"  Labels:           app=web\n"
	"                    tier=frontend\n"
	"  Annotations:      example.com/a: b\n"
	"  Service Account:  web-sa\n"
	"  Containers:\n"
	"   web:\n"
	"    Image:        registry.k8s.io/nginx-slim:0.8\n"
	"    Port:         80/TCP\n"
	"    Host Port:    0/TCP\n"
	"    Environment:  <none>\n"
	"    Mounts:\n"
	"      /usr/share/nginx/html from www (rw)\n"
	"  Volumes:              <none>\n"
	"  Priority Class Name:  high\n"
	"  Node-Selectors:       <none>\n"
	"  Tolerations:          <none>\n"
	"Volume Claims:\n"
	"  Name:          www\n"
	"  StorageClass:  fast\n"
	"  Labels:        app=web\n"
	"  Annotations:   <none>\n"
	"  Capacity:      1Gi\n"
	"  Access Modes:  [ReadWriteOnce]\n"
	"Events:          <none>\n";

#define STS_NOW 1795337411, 690182209

/* a daemonset: kubectl describe ds fluentd -n kube-system (TZ=UTC) */
static const char ds_obj[] =
	"{\"kind\":\"DaemonSet\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"annotations\":{\"deprecated.daemo"
	"nset.template.generation\":\"1\"},\"labels\":{\"k8s-app\":\"fluentd\"},\"name\":\"fluentd\",\"namesp"
	"ace\":\"kube-system\",\"uid\":\"375d1c0b-408d-444b-a242-dafa40dcafbf\",\"creationTimestamp\":\"2026-"
	"11-22T08:34:54Z\"},\"spec\":{\"selector\":{\"matchLabels\":{\"name\":\"fluentd\"}},\"template\":{\"m"
	"etadata\":{\"labels\":{\"name\":\"fluentd\"}},\"spec\":{\"containers\":[{\"image\":\"quay.io/fluentd"
	"_elasticsearch/fluentd:v2.5.2\",\"name\":\"fluentd\",\"resources\":{\"limits\":{\"memory\":\"200Mi\""
	"},\"requests\":{\"cpu\":\"100m\",\"memory\":\"200Mi\"}},\"volumeMounts\":[{\"mountPath\":\"/var/log"
	"\",\"name\":\"varlog\"}],\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/term"
	"ination-log\",\"terminationMessagePolicy\":\"File\"}],\"nodeSelector\":{\"kubernetes.io/os\":\"linux"
	"\"},\"tolerations\":[{\"effect\":\"NoSchedule\",\"key\":\"node-role.kubernetes.io/control-plane\",\""
	"operator\":\"Exists\"}],\"volumes\":[{\"hostPath\":{\"path\":\"/var/log\",\"type\":\"\"},\"name\":\""
	"varlog\"}],\"dnsPolicy\":\"ClusterFirst\",\"restartPolicy\":\"Always\",\"securityContext\":{},\"term"
	"inationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\"}},\"updateStrategy\":{\"type"
	"\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":1,\"maxSurge\":0}},\"revisionHistoryLimit"
	"\":10},\"status\":{\"desiredNumberScheduled\":1,\"currentNumberScheduled\":1,\"updatedNumberSchedule"
	"d\":1,\"numberAvailable\":1,\"numberMisscheduled\":0,\"numberReady\":1}}";
static const fake_get ds_gets[] = {
	{"/api/v1/namespaces/kube-system/pods?labelSelector=name%3Dfluentd", 200,
	 "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{"/api/v1/namespaces/kube-system/events?fieldSelector=involvedObject.kind%3DDaemonSet%2CinvolvedObject.name%3Dfluentd%2CinvolvedObject.namespace%3Dkube-system%2CinvolvedObject.uid%3D375d1c0b-408d-444b-a242-dafa40dcafbf", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char ds_want[] =
	"Name:           fluentd\n"
	"Selector:       name=fluentd\n"
	"Node-Selector:  kubernetes.io/os=linux\n"
	"Labels:         k8s-app=fluentd\n"
	"Annotations:    deprecated.daemonset.template.generation: 1\n"
	"Desired Number of Nodes Scheduled: 1\n"
	"Current Number of Nodes Scheduled: 1\n"
	"Number of Nodes Scheduled with Up-to-date Pods: 1\n"
	"Number of Nodes Scheduled with Available Pods: 1\n"
	"Number of Nodes Misscheduled: 0\n"
	"Pods Status:  0 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"
	"Pod Template:\n"
	"  Labels:  name=fluentd\n"
	"  Containers:\n"
	"   fluentd:\n"
	"    Image:      quay.io/fluentd_elasticsearch/fluentd:v2.5.2\n"
	"    Port:       <none>\n"
	"    Host Port:  <none>\n"
	"    Limits:\n"
	"      memory:  200Mi\n"
	"    Requests:\n"
	"      cpu:        100m\n"
	"      memory:     200Mi\n"
	"    Environment:  <none>\n"
	"    Mounts:\n"
	"      /var/log from varlog (rw)\n"
	"  Volumes:\n"
	"   varlog:\n"
	"    Type:          HostPath (bare host directory volume)\n"
	"    Path:          /var/log\n"
	"    HostPathType:  \n"
	"  Node-Selectors:  kubernetes.io/os=linux\n"
	"  Tolerations:     node-role.kubernetes.io/control-plane:NoSchedule op=Exists\n"
	"Events:            <none>\n";

#define DS_NOW 1795337412, 563805580

/* a finished job: kubectl describe job pi (TZ=America/New_York) */
static const char job_obj[] =
	"{\"kind\":\"Job\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"name\":\"pi\",\"namespace\":\"default"
	"\",\"uid\":\"b1d5d8a6-f4a6-42ad-8f72-20bce74c3741\",\"labels\":{\"job-name\":\"pi\",\"batch.kubernet"
	"es.io/job-name\":\"pi\",\"controller-uid\":\"b1d5d8a6-f4a6-42ad-8f72-20bce74c3741\",\"batch.kubernet"
	"es.io/controller-uid\":\"b1d5d8a6-f4a6-42ad-8f72-20bce74c3741\"},\"creationTimestamp\":\"2026-11-22T"
	"08:34:54Z\"},\"spec\":{\"activeDeadlineSeconds\":100,\"backoffLimit\":4,\"completions\":5,\"parallel"
	"ism\":2,\"template\":{\"spec\":{\"containers\":[{\"command\":[\"perl\",\"-Mbignum=bpi\",\"-wle\",\"p"
	"rint bpi(2000)\"],\"image\":\"perl:5.34.0\",\"name\":\"pi\",\"imagePullPolicy\":\"IfNotPresent\",\"t"
	"erminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\",\"resources\""
	":{}}],\"restartPolicy\":\"Never\",\"dnsPolicy\":\"ClusterFirst\",\"securityContext\":{},\"terminatio"
	"nGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\"},\"metadata\":{\"labels\":{\"job-na"
	"me\":\"pi\",\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"b1d5d8a6-f4a6-42ad-8f72-20b"
	"ce74c3741\",\"batch.kubernetes.io/controller-uid\":\"b1d5d8a6-f4a6-42ad-8f72-20bce74c3741\"}}},\"ttl"
	"SecondsAfterFinished\":60,\"completionMode\":\"NonIndexed\",\"suspend\":false,\"podReplacementPolicy"
	"\":\"TerminatingOrFailed\",\"selector\":{\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"b"
	"1d5d8a6-f4a6-42ad-8f72-20bce74c3741\"}}},\"status\":{\"startTime\":\"2026-01-02T03:04:05Z\",\"comple"
	"tionTime\":\"2026-01-02T03:06:35Z\",\"succeeded\":5,\"failed\":1,\"ready\":0,\"conditions\":[{\"type"
	"\":\"Complete\",\"status\":\"True\",\"lastTransitionTime\":\"2026-01-02T03:06:35Z\"}]}}";
static const fake_get job_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DJob%2CinvolvedObject.name%3Dpi%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Db1d5d8a6-f4a6-42ad-8f72-20bce74c3741", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char job_want[] =
	"Name:                        pi\n"
	"Namespace:                   default\n"
	"Selector:                    batch.kubernetes.io/controller-uid=b1d5d8a6-f4a6-42ad-8f72-20bce74c3741"
	"\n"
	"Labels:                      batch.kubernetes.io/controller-uid=b1d5d8a6-f4a6-42ad-8f72-20bce74c3741"
	"\n"
	"                             batch.kubernetes.io/job-name=pi\n"
	"                             controller-uid=b1d5d8a6-f4a6-42ad-8f72-20bce74c3741\n"
	"                             job-name=pi\n"
	"Annotations:                 <none>\n"
	"Parallelism:                 2\n"
	"Completions:                 5\n"
	"Completion Mode:             NonIndexed\n"
	"Suspend:                     false\n"
	"Backoff Limit:               4\n"
	"TTL Seconds After Finished:  60\n"
	"Start Time:                  Thu, 01 Jan 2026 22:04:05 -0500\n"
	"Completed At:                Thu, 01 Jan 2026 22:06:35 -0500\n"
	"Duration:                    2m30s\n"
	"Active Deadline Seconds:     100s\n"
	"Pods Statuses:               0 Active (0 Ready) / 5 Succeeded / 1 Failed\n"
	"Pod Template:\n"
	"  Labels:  batch.kubernetes.io/controller-uid=b1d5d8a6-f4a6-42ad-8f72-20bce74c3741\n"
	"           batch.kubernetes.io/job-name=pi\n"
	"           controller-uid=b1d5d8a6-f4a6-42ad-8f72-20bce74c3741\n"
	"           job-name=pi\n"
	"  Containers:\n"
	"   pi:\n"
	"    Image:      perl:5.34.0\n"
	"    Port:       <none>\n"
	"    Host Port:  <none>\n"
	"    Command:\n"
	"      perl\n"
	"      -Mbignum=bpi\n"
	"      -wle\n"
	"      print bpi(2000)\n"
	"    Environment:   <none>\n"
	"    Mounts:        <none>\n"
	"  Volumes:         <none>\n"
	"  Node-Selectors:  <none>\n"
	"  Tolerations:     <none>\n"
	"Events:            <none>\n";

#define JOB_NOW 1795337413, 679776430

/* an indexed, suspended job: kubectl describe job indexed (TZ=UTC) */
static const char job_indexed_obj[] =
	"{\"kind\":\"Job\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"name\":\"indexed\",\"namespace\":\"def"
	"ault\",\"uid\":\"51144348-2a79-4b59-b2f1-19cac0198722\",\"labels\":{\"job-name\":\"indexed\",\"batch"
	".kubernetes.io/job-name\":\"indexed\",\"controller-uid\":\"51144348-2a79-4b59-b2f1-19cac0198722\",\""
	"batch.kubernetes.io/controller-uid\":\"51144348-2a79-4b59-b2f1-19cac0198722\"},\"creationTimestamp\""
	":\"2026-11-22T08:34:54Z\"},\"spec\":{\"completionMode\":\"Indexed\",\"completions\":100,\"parallelis"
	"m\":3,\"suspend\":true,\"template\":{\"spec\":{\"containers\":[{\"image\":\"busybox\",\"name\":\"w\""
	",\"imagePullPolicy\":\"Always\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMes"
	"sagePolicy\":\"File\",\"resources\":{}}],\"restartPolicy\":\"Never\",\"dnsPolicy\":\"ClusterFirst\","
	"\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\":\"default-scheduler\"}"
	",\"metadata\":{\"labels\":{\"job-name\":\"indexed\",\"batch.kubernetes.io/job-name\":\"indexed\",\"c"
	"ontroller-uid\":\"51144348-2a79-4b59-b2f1-19cac0198722\",\"batch.kubernetes.io/controller-uid\":\"51"
	"144348-2a79-4b59-b2f1-19cac0198722\"}}},\"backoffLimit\":6,\"podReplacementPolicy\":\"TerminatingOrF"
	"ailed\",\"selector\":{\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"51144348-2a79-4b59-b"
	"2f1-19cac0198722\"}}},\"status\":{\"active\":2,\"completedIndexes\":\"1,3-5,7,9,11,13,15,17,19,21,23"
	",25,27,29,31,33,35,37,39,41,43,45\"}}";
static const fake_get job_indexed_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DJob%2CinvolvedObject.name%3Dindexed%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D51144348-2a79-4b59-b2f1-19cac0198722", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char job_indexed_want[] =
	"Name:               indexed\n"
	"Namespace:          default\n"
	"Selector:           batch.kubernetes.io/controller-uid=51144348-2a79-4b59-b2f1-19cac0198722\n"
	"Labels:             batch.kubernetes.io/controller-uid=51144348-2a79-4b59-b2f1-19cac0198722\n"
	"                    batch.kubernetes.io/job-name=indexed\n"
	"                    controller-uid=51144348-2a79-4b59-b2f1-19cac0198722\n"
	"                    job-name=indexed\n"
	"Annotations:        <none>\n"
	"Parallelism:        3\n"
	"Completions:        100\n"
	"Completion Mode:    Indexed\n"
	"Suspend:            true\n"
	"Backoff Limit:      6\n"
	"Pods Statuses:      2 Active / 0 Succeeded / 0 Failed\n"
	"Completed Indexes:  1,3-5,7,9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,...\n"
	"Pod Template:\n"
	"  Labels:  batch.kubernetes.io/controller-uid=51144348-2a79-4b59-b2f1-19cac0198722\n"
	"           batch.kubernetes.io/job-name=indexed\n"
	"           controller-uid=51144348-2a79-4b59-b2f1-19cac0198722\n"
	"           job-name=indexed\n"
	"  Containers:\n"
	"   w:\n"
	"    Image:         busybox\n"
	"    Port:          <none>\n"
	"    Host Port:     <none>\n"
	"    Environment:   <none>\n"
	"    Mounts:        <none>\n"
	"  Volumes:         <none>\n"
	"  Node-Selectors:  <none>\n"
	"  Tolerations:     <none>\n"
	"Events:            <none>\n";

#define JOB_INDEXED_NOW 1795337414, 468758344

/* a cronjob with active jobs: kubectl describe cronjob hello (TZ=UTC) */
static const char cronjob_obj[] =
	"{\"kind\":\"CronJob\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"name\":\"hello\",\"namespace\":\"d"
	"efault\",\"uid\":\"ceda2b55-9a52-4179-98c7-65fc3db74287\",\"creationTimestamp\":\"2026-11-22T08:34:5"
	"5Z\"},\"spec\":{\"jobTemplate\":{\"spec\":{\"activeDeadlineSeconds\":20,\"template\":{\"spec\":{\"co"
	"ntainers\":[{\"command\":[\"/bin/sh\",\"-c\",\"date; echo Hello\"],\"image\":\"busybox:1.28\",\"name"
	"\":\"hello\",\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log"
	"\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"restartPolicy\":\"OnFailure\",\"dnsPol"
	"icy\":\"ClusterFirst\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\""
	":\"default-scheduler\"}}}},\"schedule\":\"*/5 * * * *\",\"startingDeadlineSeconds\":30,\"concurrency"
	"Policy\":\"Allow\",\"suspend\":false,\"successfulJobsHistoryLimit\":3,\"failedJobsHistoryLimit\":1},"
	"\"status\":{\"lastScheduleTime\":\"2026-01-02T03:05:00Z\",\"active\":[{\"kind\":\"Job\",\"name\":\"h"
	"ello-29000\",\"namespace\":\"default\",\"apiVersion\":\"batch/v1\"},{\"kind\":\"Job\",\"name\":\"hel"
	"lo-29005\",\"namespace\":\"default\"}]}}";
static const fake_get cronjob_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DCronJob%2CinvolvedObject.name%3Dhello%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Dceda2b55-9a52-4179-98c7-65fc3db74287", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char cronjob_want[] =
	"Name:                          hello\n"
	"Namespace:                     default\n"
	"Labels:                        <none>\n"
	"Annotations:                   <none>\n"
	"Schedule:                      */5 * * * *\n"
	"Concurrency Policy:            Allow\n"
	"Suspend:                       False\n"
	"Successful Job History Limit:  3\n"
	"Failed Job History Limit:      1\n"
	"Starting Deadline Seconds:     30s\n"
	"Selector:                      <unset>\n"
	"Parallelism:                   <unset>\n"
	"Completions:                   <unset>\n"
	"Active Deadline Seconds:       20s\n"
	"Pod Template:\n"
	"  Labels:  <none>\n"
	"  Containers:\n"
	"   hello:\n"
	"    Image:      busybox:1.28\n"
	"    Port:       <none>\n"
	"    Host Port:  <none>\n"
	"    Command:\n"
	"      /bin/sh\n"
	"      -c\n"
	"      date; echo Hello\n"
	"    Environment:     <none>\n"
	"    Mounts:          <none>\n"
	"  Volumes:           <none>\n"
	"  Node-Selectors:    <none>\n"
	"  Tolerations:       <none>\n"
	"Last Schedule Time:  Fri, 02 Jan 2026 03:05:00 +0000\n"
	"Active Jobs:         hello-29000, hello-29005\n"
	"Events:              <none>\n";

#define CRONJOB_NOW 1795337415, 235656738

/* a suspended cronjob: kubectl describe cronjob suspended (TZ=UTC) */
static const char cronjob_suspended_obj[] =
	"{\"kind\":\"CronJob\",\"apiVersion\":\"batch/v1\",\"metadata\":{\"name\":\"suspended\",\"namespace\""
	":\"default\",\"uid\":\"73107669-f55b-4426-920e-dfc2b4f79aa2\",\"creationTimestamp\":\"2026-11-22T08:"
	"44:55Z\"},\"spec\":{\"concurrencyPolicy\":\"Forbid\",\"failedJobsHistoryLimit\":2,\"jobTemplate\":{"
	"\"spec\":{\"completions\":4,\"parallelism\":2,\"template\":{\"spec\":{\"containers\":[{\"image\":\"b"
	"usybox\",\"name\":\"c\",\"imagePullPolicy\":\"Always\",\"terminationMessagePath\":\"/dev/termination"
	"-log\",\"terminationMessagePolicy\":\"File\",\"resources\":{}}],\"restartPolicy\":\"Never\",\"dnsPol"
	"icy\":\"ClusterFirst\",\"securityContext\":{},\"terminationGracePeriodSeconds\":30,\"schedulerName\""
	":\"default-scheduler\"}}}},\"schedule\":\"@hourly\",\"successfulJobsHistoryLimit\":5,\"suspend\":tru"
	"e},\"status\":{}}";
static const fake_get cronjob_suspended_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DCronJob%2CinvolvedObject.name%3Dsuspended%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D73107669-f55b-4426-920e-dfc2b4f79aa2", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char cronjob_suspended_want[] =
	"Name:                          suspended\n"
	"Namespace:                     default\n"
	"Labels:                        <none>\n"
	"Annotations:                   <none>\n"
	"Schedule:                      @hourly\n"
	"Concurrency Policy:            Forbid\n"
	"Suspend:                       True\n"
	"Successful Job History Limit:  5\n"
	"Failed Job History Limit:      2\n"
	"Starting Deadline Seconds:     <unset>\n"
	"Selector:                      <unset>\n"
	"Parallelism:                   2\n"
	"Completions:                   4\n"
	"Pod Template:\n"
	"  Labels:  <none>\n"
	"  Containers:\n"
	"   c:\n"
	"    Image:           busybox\n"
	"    Port:            <none>\n"
	"    Host Port:       <none>\n"
	"    Environment:     <none>\n"
	"    Mounts:          <none>\n"
	"  Volumes:           <none>\n"
	"  Node-Selectors:    <none>\n"
	"  Tolerations:       <none>\n"
	"Last Schedule Time:  <unset>\n"
	"Active Jobs:         <none>\n"
	"Events:              <none>\n";

#define CRONJOB_SUSPENDED_NOW 1795337416, 177904844

/* a service with endpoint slices: kubectl describe svc nginx (TZ=UTC) */
static const char svc_obj[] =
	"{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default"
	"\",\"uid\":\"4e122c52-e221-4d03-ba8e-580cc8a995a0\",\"creationTimestamp\":\"2026-11-22T08:19:25Z\"},"
	"\"spec\":{\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}],\"selec"
	"tor\":{\"app\":\"nginx\"},\"type\":\"ClusterIP\",\"sessionAffinity\":\"None\",\"internalTrafficPolic"
	"y\":\"Cluster\",\"clusterIP\":\"10.108.111.235\",\"clusterIPs\":[\"10.108.111.235\"],\"ipFamilyPolic"
	"y\":\"SingleStack\",\"ipFamilies\":[\"IPv4\"]},\"status\":{\"loadBalancer\":{}}}";
static const fake_get svc_gets[] = {
	{"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dnginx", 200,
	 "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"items\":[{\"kind\":\"Endpoi"
	 "ntSlice\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{\"labels\":{\"endpointslice.kubernete"
	 "s.io/managed-by\":\"endpointslice-controller.k8s.io\",\"kubernetes.io/service-name\":\"nginx\"},\"na"
	 "me\":\"nginx-abc12\",\"namespace\":\"default\",\"uid\":\"10d20f02-81e8-46e1-bb52-c1b63a1f09cd\",\"cr"
	 "eationTimestamp\":\"2026-11-22T08:34:55Z\"},\"addressType\":\"IPv4\",\"endpoints\":[{\"addresses\":["
	 "\"10.244.1.5\"],\"conditions\":{\"ready\":true},\"nodeName\":\"node-1\",\"targetRef\":{\"kind\":\"Po"
	 "d\",\"name\":\"nginx-deployment-7c79c4bf97-abcde\",\"namespace\":\"default\"}},{\"addresses\":[\"10."
	 "244.1.6\"],\"conditions\":{\"ready\":false}},{\"addresses\":[\"10.244.1.7\"]},{\"addresses\":[\"10.2"
	 "44.1.8\"],\"hostname\":\"h8\",\"zone\":\"z1\"},{\"addresses\":[\"10.244.1.9\"]}],\"ports\":[{\"name"
	 "\":\"http\",\"port\":80,\"protocol\":\"TCP\"}]}]}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DService%2CinvolvedObject.name%3Dnginx%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D4e122c52-e221-4d03-ba8e-580cc8a995a0", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char svc_want[] =
	"Name:                     nginx\n"
	"Namespace:                default\n"
	"Labels:                   <none>\n"
	"Annotations:              <none>\n"
	"Selector:                 app=nginx\n"
	"Type:                     ClusterIP\n"
	"IP Family Policy:         SingleStack\n"
	"IP Families:              IPv4\n"
	"IP:                       10.108.111.235\n"
	"IPs:                      10.108.111.235\n"
	"Port:                     http  80/TCP\n"
	"TargetPort:               80/TCP\n"
	"Endpoints:                10.244.1.5:80,10.244.1.6:80,10.244.1.7:80 + 2 more...\n"
	"Session Affinity:         None\n"
	"Internal Traffic Policy:  Cluster\n"
	"Events:                   <none>\n";

#define SVC_NOW 1795337416, 996482133

/* a load balancer service: kubectl describe svc lb (TZ=UTC) */
static const char svc_lb_obj[] =
	"{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"lb\",\"namespace\":\"default\","
	"\"uid\":\"5941980f-13ed-4ed9-8c99-0931d1923809\",\"creationTimestamp\":\"2026-11-22T08:44:55Z\"},\"s"
	"pec\":{\"externalIPs\":[\"80.11.12.10\"],\"externalTrafficPolicy\":\"Local\",\"healthCheckNodePort\""
	":32000,\"loadBalancerSourceRanges\":[\"10.0.0.0/8\",\"192.168.0.0/16\"],\"ports\":[{\"name\":\"https"
	"\",\"port\":443,\"protocol\":\"TCP\",\"targetPort\":\"https\",\"nodePort\":31879},{\"name\":\"dns\","
	"\"port\":53,\"protocol\":\"UDP\",\"targetPort\":53,\"nodePort\":30535}],\"selector\":{\"app\":\"web"
	"\"},\"sessionAffinity\":\"ClientIP\",\"type\":\"LoadBalancer\",\"sessionAffinityConfig\":{\"clientIP"
	"\":{\"timeoutSeconds\":10800}},\"internalTrafficPolicy\":\"Cluster\",\"allocateLoadBalancerNodePorts"
	"\":true,\"clusterIP\":\"10.106.52.210\",\"clusterIPs\":[\"10.106.52.210\"],\"ipFamilyPolicy\":\"Sing"
	"leStack\",\"ipFamilies\":[\"IPv4\"]},\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"1.2.3.4\","
	"\"ipMode\":\"VIP\"},{\"hostname\":\"lb.example.com\"}]}}}";
static const fake_get svc_lb_gets[] = {
	{"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dlb", 200,
	 "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"items\":[]}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DService%2CinvolvedObject.name%3Dlb%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D5941980f-13ed-4ed9-8c99-0931d1923809", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char svc_lb_want[] =
	"Name:                        lb\n"
	"Namespace:                   default\n"
	"Labels:                      <none>\n"
	"Annotations:                 <none>\n"
	"Selector:                    app=web\n"
	"Type:                        LoadBalancer\n"
	"IP Family Policy:            SingleStack\n"
	"IP Families:                 IPv4\n"
	"IP:                          10.106.52.210\n"
	"IPs:                         10.106.52.210\n"
	"External IPs:                80.11.12.10\n"
	"LoadBalancer Ingress:        1.2.3.4 (VIP), lb.example.com\n"
	"Port:                        https  443/TCP\n"
	"TargetPort:                  https/TCP\n"
	"NodePort:                    https  31879/TCP\n"
	"Endpoints:                   <none>\n"
	"Port:                        dns  53/UDP\n"
	"TargetPort:                  53/UDP\n"
	"NodePort:                    dns  30535/UDP\n"
	"Endpoints:                   <none>\n"
	"Session Affinity:            ClientIP\n"
	"External Traffic Policy:     Local\n"
	"Internal Traffic Policy:     Cluster\n"
	"HealthCheck NodePort:        32000\n"
	"LoadBalancer Source Ranges:  10.0.0.0/8,192.168.0.0/16\n"
	"Events:                      <none>\n";

#define SVC_LB_NOW 1795337417, 957974433

/* an external name service: kubectl describe svc ext (TZ=UTC) */
static const char svc_ext_obj[] =
	"{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"ext\",\"namespace\":\"default\""
	",\"uid\":\"26cfa88e-e52a-42a3-8117-56359188591e\",\"creationTimestamp\":\"2026-11-22T08:44:32Z\"},\""
	"spec\":{\"externalName\":\"db.example.com\",\"type\":\"ExternalName\",\"sessionAffinity\":\"None\"},"
	"\"status\":{\"loadBalancer\":{}}}";
static const fake_get svc_ext_gets[] = {
	{"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dext", 200,
	 "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"items\":[]}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DService%2CinvolvedObject.name%3Dext%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D26cfa88e-e52a-42a3-8117-56359188591e", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char svc_ext_want[] =
	"Name:              ext\n"
	"Namespace:         default\n"
	"Labels:            <none>\n"
	"Annotations:       <none>\n"
	"Selector:          <none>\n"
	"Type:              ExternalName\n"
	"IP Families:       <none>\n"
	"IP:                \n"
	"IPs:               <none>\n"
	"External Name:     db.example.com\n"
	"Session Affinity:  None\n"
	"Events:            <none>\n";

#define SVC_EXT_NOW 1795337419, 372501611

/* a headless service: kubectl describe svc headless (TZ=UTC) */
static const char svc_headless_obj[] =
	"{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"headless\",\"namespace\":\"defa"
	"ult\",\"uid\":\"a47d48ce-82a7-4244-a8e8-57941a75f782\",\"creationTimestamp\":\"2026-11-22T08:44:32Z"
	"\"},\"spec\":{\"selector\":{\"app\":\"web\"},\"sessionAffinity\":\"None\",\"type\":\"ClusterIP\",\"i"
	"nternalTrafficPolicy\":\"Cluster\",\"clusterIP\":\"None\",\"clusterIPs\":[\"None\"],\"ipFamilyPolicy"
	"\":\"SingleStack\",\"ipFamilies\":[\"IPv4\"]},\"status\":{\"loadBalancer\":{}}}";
static const fake_get svc_headless_gets[] = {
	{"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dheadless", 200,
	 "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"items\":[{\"kind\":\"Endpoi"
	 "ntSlice\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{\"labels\":{\"kubernetes.io/service-n"
	 "ame\":\"headless\"},\"name\":\"headless-1\",\"namespace\":\"default\",\"uid\":\"38870222-d3e3-4dc8-b"
	 "32f-3c4796d59ac3\",\"creationTimestamp\":\"2026-11-22T08:44:32Z\"},\"addressType\":\"IPv4\",\"endpoi"
	 "nts\":[{\"addresses\":[\"10.1.0.1\"]},{\"addresses\":[\"10.1.0.2\"],\"conditions\":{\"ready\":false}"
	 "}]}]}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DService%2CinvolvedObject.name%3Dheadless%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Da47d48ce-82a7-4244-a8e8-57941a75f782", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char svc_headless_want[] =
	"Name:                     headless\n"
	"Namespace:                default\n"
	"Labels:                   <none>\n"
	"Annotations:              <none>\n"
	"Selector:                 app=web\n"
	"Type:                     ClusterIP\n"
	"IP Family Policy:         SingleStack\n"
	"IP Families:              IPv4\n"
	"IP:                       None\n"
	"IPs:                      None\n"
	"Session Affinity:         None\n"
	"Internal Traffic Policy:  Cluster\n"
	"Events:                   <none>\n";

#define SVC_HEADLESS_NOW 1795337420, 408591270

/* endpoints: kubectl describe endpoints nginx (TZ=UTC) */
static const char ep_obj[] =
	"{\"kind\":\"Endpoints\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"defau"
	"lt\",\"uid\":\"f900ee5d-c436-4f86-a7d3-50317710e862\",\"creationTimestamp\":\"2026-11-22T08:35:07Z\""
	"},\"subsets\":[{\"addresses\":[{\"ip\":\"10.244.1.5\"},{\"ip\":\"10.244.1.7\"}],\"notReadyAddresses"
	"\":[{\"ip\":\"10.244.1.6\"}],\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\"},{\"name"
	"\":\"metrics\",\"port\":8080,\"protocol\":\"UDP\"}]},{\"addresses\":[{\"ip\":\"10.0.0.1\"}]}]}";
static const fake_get ep_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DEndpoints%2CinvolvedObject.name%3Dnginx%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Df900ee5d-c436-4f86-a7d3-50317710e862", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char ep_want[] =
	"Name:         nginx\n"
	"Namespace:    default\n"
	"Labels:       <none>\n"
	"Annotations:  <none>\n"
	"Subsets:\n"
	"  Addresses:          10.244.1.5,10.244.1.7\n"
	"  NotReadyAddresses:  10.244.1.6\n"
	"  Ports:\n"
	"    Name     Port  Protocol\n"
	"    ----     ----  --------\n"
	"    http     80    TCP\n"
	"    metrics  8080  UDP\n"
	"\n"
	"  Addresses:          10.0.0.1\n"
	"  NotReadyAddresses:  <none>\n"
	"\n"
	"Events:  <none>\n";

#define EP_NOW 1795337421, 12395620

/* an endpointslice: kubectl describe endpointslice nginx-abc12 (TZ=UTC) */
static const char eps_obj[] =
	"{\"kind\":\"EndpointSlice\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{\"labels\":{\"endpo"
	"intslice.kubernetes.io/managed-by\":\"endpointslice-controller.k8s.io\",\"kubernetes.io/service-name"
	"\":\"nginx\"},\"name\":\"nginx-abc12\",\"namespace\":\"default\",\"uid\":\"10d20f02-81e8-46e1-bb52-c"
	"1b63a1f09cd\",\"creationTimestamp\":\"2026-11-22T08:34:55Z\"},\"addressType\":\"IPv4\",\"endpoints\""
	":[{\"addresses\":[\"10.244.1.5\"],\"conditions\":{\"ready\":true},\"nodeName\":\"node-1\",\"targetRe"
	"f\":{\"kind\":\"Pod\",\"name\":\"nginx-deployment-7c79c4bf97-abcde\",\"namespace\":\"default\"}},{\""
	"addresses\":[\"10.244.1.6\"],\"conditions\":{\"ready\":false}},{\"addresses\":[\"10.244.1.7\"]},{\"a"
	"ddresses\":[\"10.244.1.8\"],\"hostname\":\"h8\",\"zone\":\"z1\"},{\"addresses\":[\"10.244.1.9\"]}],"
	"\"ports\":[{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\"}]}";
static const fake_get eps_gets[] = {
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DEndpointSlice%2CinvolvedObject.name%3Dnginx-abc12%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D10d20f02-81e8-46e1-bb52-c1b63a1f09cd", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char eps_want[] =
	"Name:         nginx-abc12\n"
	"Namespace:    default\n"
	"Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io\n"
	"              kubernetes.io/service-name=nginx\n"
	"Annotations:  <none>\n"
	"AddressType:  IPv4\n"
	"Ports:\n"
	"  Name  Port  Protocol\n"
	"  ----  ----  --------\n"
	"  http  80    TCP\n"
	"Endpoints:\n"
	"  - Addresses:  10.244.1.5\n"
	"    Conditions:\n"
	"      Ready:    true\n"
	"    Hostname:   <unset>\n"
	"    TargetRef:  Pod/nginx-deployment-7c79c4bf97-abcde\n"
	"    NodeName:   node-1\n"
	"    Zone:       <unset>\n"
	"  - Addresses:  10.244.1.6\n"
	"    Conditions:\n"
	"      Ready:    false\n"
	"    Hostname:   <unset>\n"
	"    NodeName:   <unset>\n"
	"    Zone:       <unset>\n"
	"  - Addresses:  10.244.1.7\n"
	"    Conditions:\n"
	"      Ready:    <unset>\n"
	"    Hostname:   <unset>\n"
	"    NodeName:   <unset>\n"
	"    Zone:       <unset>\n"
	"  - Addresses:  10.244.1.8\n"
	"    Conditions:\n"
	"      Ready:    <unset>\n"
	"    Hostname:   h8\n"
	"    NodeName:   <unset>\n"
	"    Zone:       z1\n"
	"  - Addresses:  10.244.1.9\n"
	"    Conditions:\n"
	"      Ready:   <unset>\n"
	"    Hostname:  <unset>\n"
	"    NodeName:  <unset>\n"
	"    Zone:      <unset>\n"
	"Events:        <none>\n";

#define EPS_NOW 1795337421, 850519418

/* an ingress with TLS, rules and backends: kubectl describe ingress full-ing (TZ=UTC) */
static const char ing_obj[] =
	"{\"kind\":\"Ingress\",\"apiVersion\":\"networking.k8s.io/v1\",\"metadata\":{\"name\":\"full-ing\",\""
	"namespace\":\"default\",\"uid\":\"a3ffcc64-39a7-4413-bb86-39a4b842c558\",\"creationTimestamp\":\"202"
	"6-11-22T08:34:56Z\"},\"spec\":{\"defaultBackend\":{\"service\":{\"name\":\"nginx\",\"port\":{\"name"
	"\":\"http\"}}},\"rules\":[{\"host\":\"a.example.com\",\"http\":{\"paths\":[{\"backend\":{\"service\""
	":{\"name\":\"nginx\",\"port\":{\"number\":80}}},\"path\":\"/\",\"pathType\":\"Prefix\"},{\"backend\""
	":{\"service\":{\"name\":\"missing\",\"port\":{\"number\":80}}},\"path\":\"/missing\",\"pathType\":\""
	"Prefix\"},{\"backend\":{\"resource\":{\"apiGroup\":\"k8s.example.com\",\"kind\":\"StorageBucket\",\""
	"name\":\"static\"}},\"path\":\"/res\",\"pathType\":\"ImplementationSpecific\"}]}},{\"http\":{\"paths"
	"\":[{\"backend\":{\"service\":{\"name\":\"nginx-np\",\"port\":{\"number\":80}}},\"path\":\"/all\",\""
	"pathType\":\"Exact\"}]}}],\"tls\":[{\"hosts\":[\"a.example.com\",\"b.example.com\"],\"secretName\":"
	"\"tls-secret\"},{\"hosts\":[\"c.example.com\"]}]},\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\""
	":\"5.6.7.8\"},{\"hostname\":\"ing.example.com\"},{\"ip\":\"1.1.1.1\"}]}}}";
static const fake_get ing_gets[] = {
	{"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dnginx", 200,
	 "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"items\":[{\"kind\":\"Endpoi"
	 "ntSlice\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{\"labels\":{\"endpointslice.kubernete"
	 "s.io/managed-by\":\"endpointslice-controller.k8s.io\",\"kubernetes.io/service-name\":\"nginx\"},\"na"
	 "me\":\"nginx-abc12\",\"namespace\":\"default\",\"uid\":\"10d20f02-81e8-46e1-bb52-c1b63a1f09cd\",\"cr"
	 "eationTimestamp\":\"2026-11-22T08:34:55Z\"},\"addressType\":\"IPv4\",\"endpoints\":[{\"addresses\":["
	 "\"10.244.1.5\"],\"conditions\":{\"ready\":true},\"nodeName\":\"node-1\",\"targetRef\":{\"kind\":\"Po"
	 "d\",\"name\":\"nginx-deployment-7c79c4bf97-abcde\",\"namespace\":\"default\"}},{\"addresses\":[\"10."
	 "244.1.6\"],\"conditions\":{\"ready\":false}},{\"addresses\":[\"10.244.1.7\"]},{\"addresses\":[\"10.2"
	 "44.1.8\"],\"hostname\":\"h8\",\"zone\":\"z1\"},{\"addresses\":[\"10.244.1.9\"]}],\"ports\":[{\"name"
	 "\":\"http\",\"port\":80,\"protocol\":\"TCP\"}]}]}",
	 NULL},
	{"/api/v1/namespaces/default/services/nginx", 200,
	 "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"spec\":{\"ports\":[{\"name\":\"http\",\"port\":80,\"pr"
	 "otocol\":\"TCP\",\"targetPort\":80}],\"selector\":{\"app\":\"nginx\"},\"type\":\"ClusterIP\",\"sessi"
	 "onAffinity\":\"None\",\"internalTrafficPolicy\":\"Cluster\",\"clusterIP\":\"10.108.111.235\",\"clust"
	 "erIPs\":[\"10.108.111.235\"],\"ipFamilyPolicy\":\"SingleStack\",\"ipFamilies\":[\"IPv4\"]},\"status"
	 "\":{\"loadBalancer\":{}}}",
	 NULL},
	{"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dnginx", 200,
	 "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"items\":[{\"kind\":\"Endpoi"
	 "ntSlice\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{\"labels\":{\"endpointslice.kubernete"
	 "s.io/managed-by\":\"endpointslice-controller.k8s.io\",\"kubernetes.io/service-name\":\"nginx\"},\"na"
	 "me\":\"nginx-abc12\",\"namespace\":\"default\",\"uid\":\"10d20f02-81e8-46e1-bb52-c1b63a1f09cd\",\"cr"
	 "eationTimestamp\":\"2026-11-22T08:34:55Z\"},\"addressType\":\"IPv4\",\"endpoints\":[{\"addresses\":["
	 "\"10.244.1.5\"],\"conditions\":{\"ready\":true},\"nodeName\":\"node-1\",\"targetRef\":{\"kind\":\"Po"
	 "d\",\"name\":\"nginx-deployment-7c79c4bf97-abcde\",\"namespace\":\"default\"}},{\"addresses\":[\"10."
	 "244.1.6\"],\"conditions\":{\"ready\":false}},{\"addresses\":[\"10.244.1.7\"]},{\"addresses\":[\"10.2"
	 "44.1.8\"],\"hostname\":\"h8\",\"zone\":\"z1\"},{\"addresses\":[\"10.244.1.9\"]}],\"ports\":[{\"name"
	 "\":\"http\",\"port\":80,\"protocol\":\"TCP\"}]}]}",
	 NULL},
	{"/api/v1/namespaces/default/services/nginx", 200,
	 "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"spec\":{\"ports\":[{\"name\":\"http\",\"port\":80,\"pr"
	 "otocol\":\"TCP\",\"targetPort\":80}],\"selector\":{\"app\":\"nginx\"},\"type\":\"ClusterIP\",\"sessi"
	 "onAffinity\":\"None\",\"internalTrafficPolicy\":\"Cluster\",\"clusterIP\":\"10.108.111.235\",\"clust"
	 "erIPs\":[\"10.108.111.235\"],\"ipFamilyPolicy\":\"SingleStack\",\"ipFamilies\":[\"IPv4\"]},\"status"
	 "\":{\"loadBalancer\":{}}}",
	 NULL},
	{"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dmissing", 200,
	 "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"items\":[]}",
	 NULL},
	{"/api/v1/namespaces/default/services/missing", 404, NULL, "services \"missing\" not found"},
	{"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dnginx-np", 200,
	 "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"items\":[]}",
	 NULL},
	{"/api/v1/namespaces/default/services/nginx-np", 200,
	 "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"spec\":{\"ports\":[{\"name\":\"http\",\"port\":80,\"pr"
	 "otocol\":\"TCP\",\"targetPort\":80,\"nodePort\":31045}],\"selector\":{\"app\":\"nginx\"},\"type\":\""
	 "NodePort\",\"sessionAffinity\":\"None\",\"externalTrafficPolicy\":\"Cluster\",\"internalTrafficPolic"
	 "y\":\"Cluster\",\"clusterIP\":\"10.97.66.95\",\"clusterIPs\":[\"10.97.66.95\"],\"ipFamilyPolicy\":\""
	 "SingleStack\",\"ipFamilies\":[\"IPv4\"]},\"status\":{\"loadBalancer\":{}}}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DIngress%2CinvolvedObject.name%3Dfull-ing%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3Da3ffcc64-39a7-4413-bb86-39a4b842c558", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char ing_want[] =
	"Name:             full-ing\n"
	"Labels:           <none>\n"
	"Namespace:        default\n"
	"Address:          1.1.1.1,5.6.7.8,ing.example.com\n"
	"Ingress Class:    <none>\n"
	"Default backend:  nginx:http (10.244.1.5:80,10.244.1.6:80,10.244.1.7:80 + 2 more...)\n"
	"TLS:\n"
	"  tls-secret terminates a.example.com,b.example.com\n"
	"  SNI routes c.example.com\n"
	"Rules:\n"
	"  Host           Path  Backends\n"
	"  ----           ----  --------\n"
	"  a.example.com  \n"
	"                 /          nginx:80 (10.244.1.5:80,10.244.1.6:80,10.244.1.7:80 + 2 more...)\n"
	"                 /missing   missing:80 (<error: services \"missing\" not found>)\n"
	"                 /res       APIGroup: k8s.example.com, Kind: StorageBucket, Name: static\n"
	"  *              \n"
	"                 /all   nginx-np:80 (<none>)\n"
	"Annotations:     <none>\n"
	"Events:          <none>\n";

#define ING_NOW 1795337423, 593157768

/* an ingress with only a default backend: kubectl describe ingress default-only (TZ=UTC) */
static const char ing_default_obj[] =
	"{\"kind\":\"Ingress\",\"apiVersion\":\"networking.k8s.io/v1\",\"metadata\":{\"name\":\"default-only"
	"\",\"namespace\":\"default\",\"uid\":\"6442c3d6-774a-4615-a4e5-d2c20f14ba94\",\"creationTimestamp\":"
	"\"2026-11-22T08:34:56Z\"},\"spec\":{\"defaultBackend\":{\"service\":{\"name\":\"nginx\",\"port\":{\""
	"number\":80}}}},\"status\":{}}";
static const fake_get ing_default_gets[] = {
	{"/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dnginx", 200,
	 "{\"kind\":\"EndpointSliceList\",\"apiVersion\":\"discovery.k8s.io/v1\",\"items\":[{\"kind\":\"Endpoi"
	 "ntSlice\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{\"labels\":{\"endpointslice.kubernete"
	 "s.io/managed-by\":\"endpointslice-controller.k8s.io\",\"kubernetes.io/service-name\":\"nginx\"},\"na"
	 "me\":\"nginx-abc12\",\"namespace\":\"default\",\"uid\":\"10d20f02-81e8-46e1-bb52-c1b63a1f09cd\",\"cr"
	 "eationTimestamp\":\"2026-11-22T08:34:55Z\"},\"addressType\":\"IPv4\",\"endpoints\":[{\"addresses\":["
	 "\"10.244.1.5\"],\"conditions\":{\"ready\":true},\"nodeName\":\"node-1\",\"targetRef\":{\"kind\":\"Po"
	 "d\",\"name\":\"nginx-deployment-7c79c4bf97-abcde\",\"namespace\":\"default\"}},{\"addresses\":[\"10."
	 "244.1.6\"],\"conditions\":{\"ready\":false}},{\"addresses\":[\"10.244.1.7\"]},{\"addresses\":[\"10.2"
	 "44.1.8\"],\"hostname\":\"h8\",\"zone\":\"z1\"},{\"addresses\":[\"10.244.1.9\"]}],\"ports\":[{\"name"
	 "\":\"http\",\"port\":80,\"protocol\":\"TCP\"}]}]}",
	 NULL},
	{"/api/v1/namespaces/default/services/nginx", 200,
	 "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"spec\":{\"ports\":[{\"name\":\"http\",\"port\":80,\"pr"
	 "otocol\":\"TCP\",\"targetPort\":80}],\"selector\":{\"app\":\"nginx\"},\"type\":\"ClusterIP\",\"sessi"
	 "onAffinity\":\"None\",\"internalTrafficPolicy\":\"Cluster\",\"clusterIP\":\"10.108.111.235\",\"clust"
	 "erIPs\":[\"10.108.111.235\"],\"ipFamilyPolicy\":\"SingleStack\",\"ipFamilies\":[\"IPv4\"]},\"status"
	 "\":{\"loadBalancer\":{}}}",
	 NULL},
	{"/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind%3DIngress%2CinvolvedObject.name%3Ddefault-only%2CinvolvedObject.namespace%3Ddefault%2CinvolvedObject.uid%3D6442c3d6-774a-4615-a4e5-d2c20f14ba94", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char ing_default_want[] =
	"Name:             default-only\n"
	"Labels:           <none>\n"
	"Namespace:        default\n"
	"Address:          \n"
	"Ingress Class:    <none>\n"
	"Default backend:  nginx:80 (10.244.1.5:80,10.244.1.6:80,10.244.1.7:80 + 2 more...)\n"
	"Rules:\n"
	"  Host        Path  Backends\n"
	"  ----        ----  --------\n"
	"  *           *     nginx:80 (10.244.1.5:80,10.244.1.6:80,10.244.1.7:80 + 2 more...)\n"
	"Annotations:  <none>\n"
	"Events:       <none>\n";

#define ING_DEFAULT_NOW 1795337424, 835053205

/* an ingress class: kubectl describe ingressclass nginx (TZ=UTC) */
static const char ingclass_obj[] =
	"{\"kind\":\"IngressClass\",\"apiVersion\":\"networking.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\","
	"\"uid\":\"731089fb-1937-4497-ad9f-c10f8b862052\",\"creationTimestamp\":\"2026-11-22T08:35:07Z\"},\"s"
	"pec\":{\"controller\":\"k8s.io/ingress-nginx\",\"parameters\":{\"apiGroup\":\"k8s.example.com\",\"ki"
	"nd\":\"IngressParameters\",\"name\":\"external-lb\",\"scope\":\"Cluster\"}}}";
static const fake_get ingclass_gets[] = {
	{"/api/v1/events?fieldSelector=involvedObject.kind%3DIngressClass%2CinvolvedObject.name%3Dnginx%2CinvolvedObject.namespace%3D%2CinvolvedObject.uid%3D731089fb-1937-4497-ad9f-c10f8b862052", 200,
	 "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]}",
	 NULL},
	{NULL, 0, NULL, NULL},
};
static const char ingclass_want[] =
	"Name:         nginx\n"
	"Labels:       <none>\n"
	"Annotations:  <none>\n"
	"Controller:   k8s.io/ingress-nginx\n"
	"Parameters:\n"
	"  APIGroup:  k8s.example.com\n"
	"  Kind:      IngressParameters\n"
	"  Name:      external-lb\n"
	"Events:      <none>\n";

#define INGCLASS_NOW 1795337425, 950172424


static const golden cases[] = {
	{"a deployment with its old and new ReplicaSets and events", deploy_obj, deploy_gets, "UTC", DEPLOY_NOW, true, deploy_want},
	{"a replicaset with its pods' phases", rs_obj, rs_gets, "UTC", RS_NOW, true, rs_want},
	{"a statefulset with claim templates", sts_obj, sts_gets, "UTC", STS_NOW, true, sts_want},
	{"a daemonset", ds_obj, ds_gets, "UTC", DS_NOW, true, ds_want},
	{"a finished job", job_obj, job_gets, "America/New_York", JOB_NOW, true, job_want},
	{"an indexed, suspended job", job_indexed_obj, job_indexed_gets, "UTC", JOB_INDEXED_NOW, true, job_indexed_want},
	{"a cronjob with active jobs", cronjob_obj, cronjob_gets, "UTC", CRONJOB_NOW, true, cronjob_want},
	{"a suspended cronjob", cronjob_suspended_obj, cronjob_suspended_gets, "UTC", CRONJOB_SUSPENDED_NOW, true, cronjob_suspended_want},
	{"a service with endpoint slices", svc_obj, svc_gets, "UTC", SVC_NOW, true, svc_want},
	{"a load balancer service", svc_lb_obj, svc_lb_gets, "UTC", SVC_LB_NOW, true, svc_lb_want},
	{"an external name service", svc_ext_obj, svc_ext_gets, "UTC", SVC_EXT_NOW, true, svc_ext_want},
	{"a headless service", svc_headless_obj, svc_headless_gets, "UTC", SVC_HEADLESS_NOW, true, svc_headless_want},
	{"endpoints", ep_obj, ep_gets, "UTC", EP_NOW, true, ep_want},
	{"an endpointslice", eps_obj, eps_gets, "UTC", EPS_NOW, true, eps_want},
	{"an ingress with TLS, rules and backends", ing_obj, ing_gets, "UTC", ING_NOW, true, ing_want},
	{"an ingress with only a default backend", ing_default_obj, ing_default_gets, "UTC", ING_DEFAULT_NOW, true, ing_default_want},
	{"an ingress class", ingclass_obj, ingclass_gets, "UTC", INGCLASS_NOW, true, ingclass_want},
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
