/* describe_pod.c - kubectl describe pod, and what pods share with the
 * workloads: containers, probes, environment, volumes, the pod template. */
#include "ctl/describe.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/quantity.h"
#include "banned.h"

/* ---- resources ---- */

/* describeResources: Limits then Requests, names sorted. */
static void describe_resources(const kc_dw *w, const cJSON *res, int level)
{
	static const char *const sections[][2] = {{"limits", "Limits"}, {"requests", "Requests"}};
	for (size_t s = 0; s < 2; s++) {
		const cJSON *list = kc_json_get(res, sections[s][0]);
		size_t n = 0;
		_cleanup_free_ const char **keys = kc_describe_sorted_keys(list, &n);
		if (n)
			kc_dw_write(w, level, "%s:\n", sections[s][1]);
		for (size_t i = 0; i < n; i++) {
			char q[64];
			kc_dw_write(w, level + 1, "%s:\t%s\n", keys[i],
				    kc_describe_quantity(cJSON_GetObjectItemCaseSensitive(list, keys[i]), q));
		}
	}
}

/* ---- probes ---- */

/* url.URL{Scheme, Host, Path}.String() for an http-get probe. */
static void probe_url(kc_buf *b, const char *scheme, const char *host, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	if (scheme[0])
		kc_buf_addf(b, "%s:", scheme);
	if (scheme[0] || host[0]) {
		if (host[0] || path[0])
			kc_buf_addstr(b, "//");
		kc_buf_addstr(b, host);
	}
	if (path[0] && path[0] != '/' && host[0])
		kc_buf_addch(b, '/');
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    strchr("-_.~$&+,/:;=@", c);
		if (keep && c)
			kc_buf_addch(b, (char)c);
		else
			kc_buf_addf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

/* DescribeProbe. */
static char *describe_probe(const cJSON *p)
{
	_cleanup_free_ char *attrs = xasprintf(
		"delay=%" PRId64 "s timeout=%" PRId64 "s period=%" PRId64 "s #success=%" PRId64 " #failure=%" PRId64,
		kc_di(p, "initialDelaySeconds", 0), kc_di(p, "timeoutSeconds", 0), kc_di(p, "periodSeconds", 0),
		kc_di(p, "successThreshold", 0), kc_di(p, "failureThreshold", 0));
	kc_buf b = KC_BUF_INIT;
	char port[32];
	if (cJSON_IsObject(kc_json_get(p, "exec"))) {
		kc_buf_addstr(&b, "exec ");
		const cJSON *cmd = kc_json_get(p, "exec.command");
		if (cJSON_IsArray(cmd))
			kc_describe_govalue(&b, cmd);
		else
			kc_buf_addstr(&b, "[]");
		kc_buf_addf(&b, " %s", attrs);
	} else if (cJSON_IsObject(kc_json_get(p, "httpGet"))) {
		const cJSON *g = kc_json_get(p, "httpGet");
		_cleanup_free_ char *scheme = xstrdup(kc_ds(g, "scheme"));
		for (char *c = scheme; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
		const char *portstr = kc_describe_intstr(kc_json_get(g, "port"), port);
		const char *host = kc_ds(g, "host");
		_cleanup_free_ char *hostport = NULL;
		if (portstr[0]) {
			/* net.JoinHostPort brackets hosts holding ':' */
			if (strchr(host, ':'))
				hostport = xasprintf("[%s]:%s", host, portstr);
			else
				hostport = xasprintf("%s:%s", host, portstr);
		} else {
			hostport = xstrdup(host);
		}
		kc_buf_addstr(&b, "http-get ");
		probe_url(&b, scheme, hostport, kc_ds(g, "path"));
		kc_buf_addf(&b, " %s", attrs);
	} else if (cJSON_IsObject(kc_json_get(p, "tcpSocket"))) {
		kc_buf_addf(&b, "tcp-socket %s:%s %s", kc_ds(p, "tcpSocket.host"),
			    kc_describe_intstr(kc_json_get(p, "tcpSocket.port"), port), attrs);
	} else if (cJSON_IsObject(kc_json_get(p, "grpc"))) {
		kc_buf_addf(&b, "grpc <pod>:%" PRId64 " %s %s", kc_di(p, "grpc.port", 0), kc_ds(p, "grpc.service"),
			    attrs);
	} else {
		kc_buf_addf(&b, "unknown %s", attrs);
	}
	return kc_buf_release(&b);
}

/* ---- environment ---- */

/* EnvValueRetriever: kubectl's scheme converts only metadata.name and
 * metadata.namespace field labels, so only those resolve. */
static const char *env_field_value(const cJSON *pod, const cJSON *field_ref)
{
	if (!pod)
		return "";
	const char *api_version = kc_ds(field_ref, "apiVersion");
	const char *slash = strchr(api_version, '/');
	if (slash && strchr(slash + 1, '/'))
		return "";
	const char *path = kc_ds(field_ref, "fieldPath");
	if (streq(path, "metadata.name"))
		return kc_ds(pod, "metadata.name");
	if (streq(path, "metadata.namespace"))
		return kc_ds(pod, "metadata.namespace");
	return "";
}

/* resourcehelper.ExtractContainerResourceValue. */
static char *env_resource_value(const cJSON *container, const cJSON *ref)
{
	const char *res = kc_ds(ref, "resource");
	kc_quantity divisor = KC_QUANTITY_ZERO;
	const cJSON *d = kc_json_get(ref, "divisor");
	if (d && kc_quantity_from_json(d, &divisor, NULL) < 0)
		divisor = (kc_quantity)KC_QUANTITY_ZERO;
	if (kc_quantity_is_zero(&divisor))
		divisor = kc_quantity_from_int(1, 0, KC_QUANTITY_DECIMAL_SI);
	const char *section = NULL, *name = NULL;
	if (str_startswith(res, "limits.")) {
		section = "limits";
		name = res + 7;
	} else if (str_startswith(res, "requests.")) {
		section = "requests";
		name = res + 9;
	}
	if (!section || !(streq(name, "cpu") || streq(name, "memory") || streq(name, "ephemeral-storage") ||
			  str_startswith(name, "hugepages-")))
		return xstrdup("");
	const cJSON *qv = kc_json_getv(container, "resources", section, name, NULL);
	kc_quantity q = KC_QUANTITY_ZERO;
	if (qv && kc_quantity_from_json(qv, &q, NULL) < 0)
		q = (kc_quantity)KC_QUANTITY_ZERO;
	double v;
	if (streq(name, "cpu"))
		v = ceil((double)kc_quantity_milli_value(&q) / (double)kc_quantity_milli_value(&divisor));
	else
		v = ceil((double)kc_quantity_value(&q) / (double)kc_quantity_value(&divisor));
	return xasprintf("%" PRId64, (int64_t)v);
}

static void describe_env(const kc_dw *w, const cJSON *container, const cJSON *pod)
{
	const cJSON *env = kc_json_get(container, "env");
	kc_dw_write(w, KC_L2, "Environment:%s\n", kc_dn(container, "env") ? "" : "\t<none>");
	const cJSON *e;
	cJSON_ArrayForEach(e, env)
	{
		const char *name = kc_ds(e, "name");
		const cJSON *from = kc_json_get(e, "valueFrom");
		if (!cJSON_IsObject(from)) {
			_cleanup_free_ char *value = xstrdup(kc_ds(e, "value"));
			char *line = value;
			for (int i = 0;; i++) {
				char *nl = strchr(line, '\n');
				if (nl)
					*nl = '\0';
				if (i == 0)
					kc_dw_write(w, KC_L3, "%s:\t%s\n", name, line);
				else
					kc_dw_write(w, KC_L3, "\t%s\n", line);
				if (!nl)
					break;
				line = nl + 1;
			}
			continue;
		}
		if (cJSON_IsObject(kc_json_get(from, "fieldRef"))) {
			const cJSON *ref = kc_json_get(from, "fieldRef");
			kc_dw_write(w, KC_L3, "%s:\t%s (%s:%s)\n", name, env_field_value(pod, ref),
				    kc_ds(ref, "apiVersion"), kc_ds(ref, "fieldPath"));
		} else if (cJSON_IsObject(kc_json_get(from, "resourceFieldRef"))) {
			const cJSON *ref = kc_json_get(from, "resourceFieldRef");
			_cleanup_free_ char *value = env_resource_value(container, ref);
			const char *res = kc_ds(ref, "resource");
			kc_dw_write(w, KC_L3, "%s:\t%s (%s)\n", name,
				    streq(value, "0") && (streq(res, "limits.cpu") || streq(res, "limits.memory"))
					    ? "node allocatable"
					    : value,
				    res);
		} else if (cJSON_IsObject(kc_json_get(from, "secretKeyRef"))) {
			const cJSON *ref = kc_json_get(from, "secretKeyRef");
			kc_dw_write(w, KC_L3, "%s:\t<set to the key '%s' in secret '%s'>\tOptional: %s\n", name,
				    kc_ds(ref, "key"), kc_ds(ref, "name"),
				    kc_json_get_bool(ref, "optional", false) ? "true" : "false");
		} else if (cJSON_IsObject(kc_json_get(from, "configMapKeyRef"))) {
			const cJSON *ref = kc_json_get(from, "configMapKeyRef");
			kc_dw_write(w, KC_L3, "%s:\t<set to the key '%s' of config map '%s'>\tOptional: %s\n", name,
				    kc_ds(ref, "key"), kc_ds(ref, "name"),
				    kc_json_get_bool(ref, "optional", false) ? "true" : "false");
		}
	}
}

static void describe_env_from(const kc_dw *w, const cJSON *container)
{
	kc_dw_write(w, KC_L2, "Environment Variables from:%s\n", kc_dn(container, "envFrom") ? "" : "\t<none>");
	const cJSON *e;
	cJSON_ArrayForEach(e, kc_json_get(container, "envFrom"))
	{
		const char *from = "", *name = "";
		bool optional = false;
		if (cJSON_IsObject(kc_json_get(e, "configMapRef"))) {
			from = "ConfigMap";
			name = kc_ds(e, "configMapRef.name");
			optional = kc_json_get_bool(e, "configMapRef.optional", false);
		} else if (cJSON_IsObject(kc_json_get(e, "secretRef"))) {
			from = "Secret";
			name = kc_ds(e, "secretRef.name");
			optional = kc_json_get_bool(e, "secretRef.optional", false);
		}
		const char *prefix = kc_ds(e, "prefix");
		if (!prefix[0])
			kc_dw_write(w, KC_L3, "%s\t%s\tOptional: %s\n", name, from, optional ? "true" : "false");
		else
			kc_dw_write(w, KC_L3, "%s\t%s with prefix '%s'\tOptional: %s\n", name, from, prefix,
				    optional ? "true" : "false");
	}
}

/* ---- mounts ---- */

static bool mount_less(const void *a, const void *b, void *ctx)
{
	return strcmp(kc_ds(a, (const char *)ctx), kc_ds(b, (const char *)ctx)) < 0;
}

static void describe_mounts(const kc_dw *w, const cJSON *container)
{
	const char *none = kc_dn(container, "volumeMounts") ? "" : "\t<none>";
	kc_dw_write(w, KC_L2, "Mounts:%s\n", none);
	size_t n = 0;
	_cleanup_free_ const void **mounts = kc_describe_array(kc_json_get(container, "volumeMounts"), &n);
	kc_describe_sort(mounts, n, mount_less, (void *)"mountPath");
	for (size_t i = 0; i < n; i++) {
		const cJSON *m = mounts[i];
		_cleanup_buf_ kc_buf flags = KC_BUF_INIT;
		kc_buf_addstr(&flags, kc_json_get_bool(m, "readOnly", false) ? "ro" : "rw");
		const char *sub = kc_ds(m, "subPath");
		if (sub[0]) {
			kc_buf_addstr(&flags, ",path=");
			kc_describe_goquote(&flags, sub);
		}
		kc_dw_write(w, KC_L3, "%s from %s (%s)\n", kc_ds(m, "mountPath"), kc_ds(m, "name"),
			    kc_buf_str(&flags));
	}
	size_t nd = 0;
	_cleanup_free_ const void **devices = kc_describe_array(kc_json_get(container, "volumeDevices"), &nd);
	if (nd) {
		kc_dw_write(w, KC_L2, "Devices:%s\n", none);
		kc_describe_sort(devices, nd, mount_less, (void *)"devicePath");
		for (size_t i = 0; i < nd; i++)
			kc_dw_write(w, KC_L3, "%s from %s\n", kc_ds(devices[i], "devicePath"),
				    kc_ds(devices[i], "name"));
	}
}

/* ---- container state ---- */

static void describe_state(const kc_dw *w, const kc_describe_env *env, const char *title, const cJSON *state)
{
	char t[KC_DESCRIBE_TIME_MAX];
	const cJSON *s;
	if (cJSON_IsObject(s = kc_json_get(state, "running"))) {
		kc_dw_write(w, KC_L2, "%s:\tRunning\n", title);
		kc_dw_write(w, KC_L3, "Started:\t%s\n", kc_describe_time(env, kc_json_get(s, "startedAt"), t));
	} else if (cJSON_IsObject(s = kc_json_get(state, "waiting"))) {
		kc_dw_write(w, KC_L2, "%s:\tWaiting\n", title);
		if (kc_ds(s, "reason")[0])
			kc_dw_write(w, KC_L3, "Reason:\t%s\n", kc_ds(s, "reason"));
	} else if (cJSON_IsObject(s = kc_json_get(state, "terminated"))) {
		kc_dw_write(w, KC_L2, "%s:\tTerminated\n", title);
		if (kc_ds(s, "reason")[0])
			kc_dw_write(w, KC_L3, "Reason:\t%s\n", kc_ds(s, "reason"));
		if (kc_ds(s, "message")[0])
			kc_dw_write(w, KC_L3, "Message:\t%s\n", kc_ds(s, "message"));
		kc_dw_write(w, KC_L3, "Exit Code:\t%" PRId64 "\n", kc_di(s, "exitCode", 0));
		if (kc_di(s, "signal", 0) > 0)
			kc_dw_write(w, KC_L3, "Signal:\t%" PRId64 "\n", kc_di(s, "signal", 0));
		kc_dw_write(w, KC_L3, "Started:\t%s\n", kc_describe_time(env, kc_json_get(s, "startedAt"), t));
		kc_dw_write(w, KC_L3, "Finished:\t%s\n", kc_describe_time(env, kc_json_get(s, "finishedAt"), t));
	} else {
		kc_dw_write(w, KC_L2, "%s:\tWaiting\n", title);
	}
}

/* ---- containers ---- */

static void ports_string(kc_buf *b, const cJSON *ports, const char *field)
{
	const cJSON *p;
	bool first = true;
	cJSON_ArrayForEach(p, ports)
	{
		if (!first)
			kc_buf_addstr(b, ", ");
		first = false;
		kc_buf_addf(b, "%" PRId64 "/%s", kc_di(p, field, 0), kc_ds(p, "protocol"));
	}
}

static void describe_seccomp(const kc_dw *w, const cJSON *sc, int level)
{
	const cJSON *prof = kc_json_get(sc, "seccompProfile");
	if (!cJSON_IsObject(prof))
		return;
	kc_dw_write(w, level, "SeccompProfile:\t%s\n", kc_ds(prof, "type"));
	if (streq(kc_ds(prof, "type"), "Localhost"))
		kc_dw_write(w, level + 1, "LocalhostProfile:\t%s\n", kc_ds(prof, "localhostProfile"));
}

/* describeContainers; pod is NULL for templates (no statuses, no field
 * values). */
static void describe_containers(const kc_dw *w, const kc_describe_env *env, const char *label,
				const cJSON *containers, const cJSON *statuses, const cJSON *pod, const char *space)
{
	kc_dw_write(w, KC_L0, "%s%s:%s\n", space, label, cJSON_GetArraySize(containers) > 0 ? "" : " <none>");
	const char *name_indent = space[0] ? " " : "";
	const cJSON *c;
	cJSON_ArrayForEach(c, containers)
	{
		const char *name = kc_ds(c, "name");
		/* statuses by name; the last of a repeated name wins, as a Go map */
		const cJSON *status = NULL, *s;
		cJSON_ArrayForEach(s, statuses)
		{
			if (streq(kc_ds(s, "name"), name))
				status = s;
		}
		kc_dw_write(w, KC_L1, "%s%s:\n", name_indent, name);
		if (status)
			kc_dw_write(w, KC_L2, "Container ID:\t%s\n", kc_ds(status, "containerID"));
		kc_dw_write(w, KC_L2, "Image:\t%s\n", kc_ds(c, "image"));
		if (status)
			kc_dw_write(w, KC_L2, "Image ID:\t%s\n", kc_ds(status, "imageID"));
		_cleanup_buf_ kc_buf ports = KC_BUF_INIT, host_ports = KC_BUF_INIT;
		ports_string(&ports, kc_json_get(c, "ports"), "containerPort");
		ports_string(&host_ports, kc_json_get(c, "ports"), "hostPort");
		if (strchr(kc_buf_str(&ports), ','))
			kc_dw_write(w, KC_L2, "Ports:\t%s\n", kc_buf_str(&ports));
		else
			kc_dw_write(w, KC_L2, "Port:\t%s\n", ports.len ? kc_buf_str(&ports) : "<none>");
		if (strchr(kc_buf_str(&host_ports), ','))
			kc_dw_write(w, KC_L2, "Host Ports:\t%s\n", kc_buf_str(&host_ports));
		else
			kc_dw_write(w, KC_L2, "Host Port:\t%s\n", host_ports.len ? kc_buf_str(&host_ports) : "<none>");
		describe_seccomp(w, kc_json_get(c, "securityContext"), KC_L2);

		static const char *const cmd_fields[][2] = {{"command", "Command"}, {"args", "Args"}};
		for (size_t k = 0; k < 2; k++) {
			const cJSON *list = kc_json_get(c, cmd_fields[k][0]);
			if (cJSON_GetArraySize(list) <= 0)
				continue;
			kc_dw_write(w, KC_L2, "%s:\n", cmd_fields[k][1]);
			const cJSON *arg;
			cJSON_ArrayForEach(arg, list)
			{
				_cleanup_free_ char *text = xstrdup(kc_json_as_str(arg, ""));
				char *line = text;
				for (;;) {
					char *nl = strchr(line, '\n');
					if (nl)
						*nl = '\0';
					kc_dw_write(w, KC_L3, "%s\n", line);
					if (!nl)
						break;
					line = nl + 1;
				}
			}
		}
		if (status) {
			describe_state(w, env, "State", kc_json_get(status, "state"));
			if (cJSON_IsObject(kc_json_get(status, "lastState.terminated")))
				describe_state(w, env, "Last State", kc_json_get(status, "lastState"));
			kc_dw_write(w, KC_L2, "Ready:\t%s\n", kc_json_get_bool(status, "ready", false) ? "True" : "False");
			kc_dw_write(w, KC_L2, "Restart Count:\t%" PRId64 "\n", kc_di(status, "restartCount", 0));
		}
		describe_resources(w, kc_json_get(c, "resources"), KC_L2);
		static const char *const probes[][2] = {
			{"livenessProbe", "Liveness"}, {"readinessProbe", "Readiness"}, {"startupProbe", "Startup"}};
		for (size_t k = 0; k < 3; k++) {
			const cJSON *p = kc_json_get(c, probes[k][0]);
			if (!cJSON_IsObject(p))
				continue;
			_cleanup_free_ char *text = describe_probe(p);
			kc_dw_write(w, KC_L2, "%s:\t%s\n", probes[k][1], text);
		}
		if (kc_dn(c, "envFrom"))
			describe_env_from(w, c);
		describe_env(w, c, pod);
		describe_mounts(w, c);
	}
}

/* ---- volumes ---- */

/* The plain volume sources: a Type line, then "    Label:\t%v" lines. Field
 * kinds: s string, b bool, i integer, l list (Go's %v "[a b]"), r a
 * *LocalObjectReference and R a *SecretReference as their String() methods
 * print them, m a map (%v), n a string pointer ("<none>" when unset). */
typedef struct vol_field {
	const char *label, *key;
	char kind;
} vol_field;

typedef struct vol_source {
	const char *key, *type;
	vol_field fields[12];
} vol_source;

static const vol_source plain_sources[] = {
	{"gcePersistentDisk", "GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)",
	 {{"PDName:", "pdName", 's'}, {"FSType:", "fsType", 's'}, {"Partition:", "partition", 'i'},
	  {"ReadOnly:", "readOnly", 'b'}}},
	{"awsElasticBlockStore", "AWSElasticBlockStore (a Persistent Disk resource in AWS)",
	 {{"VolumeID:", "volumeID", 's'}, {"FSType:", "fsType", 's'}, {"Partition:", "partition", 'i'},
	  {"ReadOnly:", "readOnly", 'b'}}},
	{"gitRepo", "GitRepo (a volume that is pulled from git when the pod is created)",
	 {{"Repository:", "repository", 's'}, {"Revision:", "revision", 's'}}},
	{"secret", "Secret (a volume populated by a Secret)",
	 {{"SecretName:", "secretName", 's'}, {"Optional:", "optional", 'b'}}},
	{"configMap", "ConfigMap (a volume populated by a ConfigMap)",
	 {{"Name:", "name", 's'}, {"Optional:", "optional", 'b'}}},
	{"nfs", "NFS (an NFS mount that lasts the lifetime of a pod)",
	 {{"Server:", "server", 's'}, {"Path:", "path", 's'}, {"ReadOnly:", "readOnly", 'b'}}},
	{"iscsi",
	 "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)",
	 {{"TargetPortal:", "targetPortal", 's'},
	  {"IQN:", "iqn", 's'},
	  {"Lun:", "lun", 'i'},
	  {"ISCSIInterface", "iscsiInterface", 's'},
	  {"FSType:", "fsType", 's'},
	  {"ReadOnly:", "readOnly", 'b'},
	  {"Portals:", "portals", 'l'},
	  {"DiscoveryCHAPAuth:", "chapAuthDiscovery", 'b'},
	  {"SessionCHAPAuth:", "chapAuthSession", 'b'},
	  {"SecretRef:", "secretRef", 'r'},
	  {"InitiatorName:", "initiatorName", 'n'}}},
	{"glusterfs", "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)",
	 {{"EndpointsName:", "endpoints", 's'}, {"Path:", "path", 's'}, {"ReadOnly:", "readOnly", 'b'}}},
	{"persistentVolumeClaim",
	 "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
	 {{"ClaimName:", "claimName", 's'}, {"ReadOnly:", "readOnly", 'b'}}},
	{"rbd", "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)",
	 {{"CephMonitors:", "monitors", 'l'},
	  {"RBDImage:", "image", 's'},
	  {"FSType:", "fsType", 's'},
	  {"RBDPool:", "pool", 's'},
	  {"RadosUser:", "user", 's'},
	  {"Keyring:", "keyring", 's'},
	  {"SecretRef:", "secretRef", 'r'},
	  {"ReadOnly:", "readOnly", 'b'}}},
	{"quobyte", "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)",
	 {{"Registry:", "registry", 's'}, {"Volume:", "volume", 's'}, {"ReadOnly:", "readOnly", 'b'}}},
	{"vsphereVolume", "vSphereVolume (a Persistent Disk resource in vSphere)",
	 {{"VolumePath:", "volumePath", 's'},
	  {"FSType:", "fsType", 's'},
	  {"StoragePolicyName:", "storagePolicyName", 's'}}},
	{"cinder", "Cinder (a Persistent Disk resource in OpenStack)",
	 {{"VolumeID:", "volumeID", 's'},
	  {"FSType:", "fsType", 's'},
	  {"ReadOnly:", "readOnly", 'b'},
	  {"SecretRef:", "secretRef", 'r'}}},
	{"photonPersistentDisk", "PhotonPersistentDisk (a Persistent Disk resource in photon platform)",
	 {{"PdID:", "pdID", 's'}, {"FSType:", "fsType", 's'}}},
	{"portworxVolume", "PortworxVolume (a Portworx Volume resource)", {{"VolumeID:", "volumeID", 's'}}},
	{"scaleIO", "ScaleIO (a persistent volume backed by a block device in ScaleIO)",
	 {{"Gateway:", "gateway", 's'},
	  {"System:", "system", 's'},
	  {"Protection Domain:", "protectionDomain", 's'},
	  {"Storage Pool:", "storagePool", 's'},
	  {"Storage Mode:", "storageMode", 's'},
	  {"VolumeName:", "volumeName", 's'},
	  {"FSType:", "fsType", 's'},
	  {"ReadOnly:", "readOnly", 'b'}}},
	{"cephfs", "CephFS (a CephFS mount on the host that shares a pod's lifetime)",
	 {{"Monitors:", "monitors", 'l'},
	  {"Path:", "path", 's'},
	  {"User:", "user", 's'},
	  {"SecretFile:", "secretFile", 's'},
	  {"SecretRef:", "secretRef", 'r'},
	  {"ReadOnly:", "readOnly", 'b'}}},
	{"storageos", "StorageOS (a StorageOS Persistent Disk resource)",
	 {{"VolumeName:", "volumeName", 's'},
	  {"VolumeNamespace:", "volumeNamespace", 's'},
	  {"FSType:", "fsType", 's'},
	  {"ReadOnly:", "readOnly", 'b'}}},
	{"azureFile", "AzureFile (an Azure File Service mount on the host and bind mount to the pod)",
	 {{"SecretName:", "secretName", 's'}, {"ShareName:", "shareName", 's'}, {"ReadOnly:", "readOnly", 'b'}}},
	{"flexVolume",
	 "FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)",
	 {{"Driver:", "driver", 's'},
	  {"FSType:", "fsType", 's'},
	  {"SecretRef:", "secretRef", 'r'},
	  {"ReadOnly:", "readOnly", 'b'},
	  {"Options:", "options", 'm'}}},
	{"flocker", "Flocker (a Flocker volume mounted by the Flocker agent)",
	 {{"DatasetName:", "datasetName", 's'}, {"DatasetUUID:", "datasetUUID", 's'}}},
};

static void vol_value(kc_buf *b, const cJSON *src, const vol_field *f)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(src, f->key);
	switch (f->kind) {
	case 'b':
		kc_buf_addstr(b, cJSON_IsTrue(v) ? "true" : "false");
		break;
	case 'i':
		kc_buf_addf(b, "%" PRId64, kc_json_as_int(v, 0));
		break;
	case 'l':
		if (cJSON_IsArray(v))
			kc_describe_govalue(b, v);
		else
			kc_buf_addstr(b, "[]");
		break;
	case 'm':
		if (cJSON_IsObject(v))
			kc_describe_govalue(b, v);
		else
			kc_buf_addstr(b, "map[]");
		break;
	case 'r':
		if (cJSON_IsObject(v))
			kc_buf_addf(b, "&LocalObjectReference{Name:%s,}", kc_ds(v, "name"));
		else
			kc_buf_addstr(b, "nil");
		break;
	case 'R':
		if (cJSON_IsObject(v))
			kc_buf_addf(b, "&SecretReference{Name:%s,Namespace:%s,}", kc_ds(v, "name"),
				    kc_ds(v, "namespace"));
		else
			kc_buf_addstr(b, "nil");
		break;
	case 'n':
		kc_buf_addstr(b, cJSON_IsString(v) ? v->valuestring : "<none>");
		break;
	default:
		kc_buf_addstr(b, kc_json_as_str(v, ""));
		break;
	}
}

static void describe_plain_source(const kc_dw *w, const vol_source *vs, const cJSON *src)
{
	kc_dw_write(w, KC_L2, "Type:\t%s\n", vs->type);
	for (const vol_field *f = vs->fields; f < vs->fields + KC_ARRAY_SIZE(vs->fields) && f->label; f++) {
		_cleanup_buf_ kc_buf v = KC_BUF_INIT;
		vol_value(&v, src, f);
		kc_dw_write(w, KC_L2, "%s\t%s\n", f->label, kc_buf_str(&v));
	}
}

static void describe_csi_attributes(const kc_dw *w, const cJSON *attrs)
{
	kc_dw_write(w, KC_L2, "%s%s:%s", "", "VolumeAttributes", "\t");
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_describe_sorted_keys(attrs, &n);
	if (!n) {
		kc_dw_line(w, "<none>");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i) {
			kc_dw_write(w, KC_L2, "%s", "");
			kc_dw_write(w, KC_L2, "%s", "\t");
		}
		_cleanup_free_ char *line =
			xasprintf("%s=%s", keys[i], kc_json_as_str(cJSON_GetObjectItemCaseSensitive(attrs, keys[i]), ""));
		if (strlen(line) > 140)
			kc_dw_write(w, KC_L2, "%.140s...\n", line);
		else
			kc_dw_write(w, KC_L2, "%s\n", line);
	}
}

static void describe_volume_source(const kc_dw *w, const kc_describe_env *env, const cJSON *vol)
{
	/* the sources in the order kubectl's switch tries them */
	static const char *const order[] = {"hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore",
					    "gitRepo", "secret", "configMap", "nfs", "iscsi", "glusterfs",
					    "persistentVolumeClaim", "ephemeral", "rbd", "quobyte", "downwardAPI",
					    "azureDisk", "vsphereVolume", "cinder", "photonPersistentDisk",
					    "portworxVolume", "scaleIO", "cephfs", "storageos", "fc", "azureFile",
					    "flexVolume", "flocker", "projected", "csi"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(order); i++) {
		const cJSON *src = cJSON_GetObjectItemCaseSensitive(vol, order[i]);
		if (!cJSON_IsObject(src))
			continue;
		const char *k = order[i];
		if (streq(k, "hostPath")) {
			const cJSON *t = kc_json_get(src, "type");
			kc_dw_write(w, KC_L2, "Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n    HostPathType:\t%s\n",
				    kc_ds(src, "path"), cJSON_IsString(t) ? t->valuestring : "<none>");
		} else if (streq(k, "emptyDir")) {
			char q[64] = "<unset>";
			const cJSON *sl = kc_json_get(src, "sizeLimit");
			kc_quantity v = KC_QUANTITY_ZERO;
			if (sl && kc_quantity_from_json(sl, &v, NULL) == 0 && kc_quantity_sign(&v) > 0)
				kc_quantity_string(&v, q);
			kc_dw_write(w, KC_L2,
				    "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t%s\n    SizeLimit:\t%s\n",
				    kc_ds(src, "medium"), q);
		} else if (streq(k, "ephemeral")) {
			kc_dw_write(w, KC_L2, "Type:\tEphemeralVolume (an inline specification for a volume that gets "
					      "created and deleted with the pod)\n");
			const cJSON *tmpl = kc_json_get(src, "volumeClaimTemplate");
			if (cJSON_IsObject(tmpl)) {
				kc_dw nested = {.tw = w->tw, .indent = w->indent + KC_L2};
				kc_describe_pvc_fields(&nested, env, tmpl, false);
			}
		} else if (streq(k, "downwardAPI")) {
			kc_dw_write(w, KC_L2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
			const cJSON *item;
			cJSON_ArrayForEach(item, kc_json_get(src, "items"))
			{
				if (cJSON_IsObject(kc_json_get(item, "fieldRef")))
					kc_dw_write(w, KC_L3, "%s -> %s\n", kc_ds(item, "fieldRef.fieldPath"),
						    kc_ds(item, "path"));
				if (cJSON_IsObject(kc_json_get(item, "resourceFieldRef")))
					kc_dw_write(w, KC_L3, "%s -> %s\n", kc_ds(item, "resourceFieldRef.resource"),
						    kc_ds(item, "path"));
			}
		} else if (streq(k, "azureDisk")) {
			kc_dw_write(w, KC_L2,
				    "Type:\tAzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)\n"
				    "    DiskName:\t%s\n    DiskURI:\t%s\n    Kind: \t%s\n    FSType:\t%s\n    CachingMode:\t%s\n    ReadOnly:\t%s\n",
				    kc_ds(src, "diskName"), kc_ds(src, "diskURI"), kc_ds(src, "kind"), kc_ds(src, "fsType"),
				    kc_ds(src, "cachingMode"), kc_json_get_bool(src, "readOnly", false) ? "true" : "false");
		} else if (streq(k, "fc")) {
			_cleanup_buf_ kc_buf wwns = KC_BUF_INIT;
			const cJSON *x;
			cJSON_ArrayForEach(x, kc_json_get(src, "targetWWNs"))
			{
				if (wwns.len)
					kc_buf_addstr(&wwns, ", ");
				kc_buf_addstr(&wwns, kc_json_as_str(x, ""));
			}
			char lun[32] = "<none>";
			if (cJSON_IsNumber(kc_json_get(src, "lun")))
				snprintf(lun, sizeof(lun), "%" PRId64, kc_di(src, "lun", 0));
			kc_dw_write(w, KC_L2, "Type:\tFC (a Fibre Channel disk)\n    TargetWWNs:\t%s\n    LUN:\t%s\n    FSType:\t%s\n    ReadOnly:\t%s\n",
				    kc_buf_str(&wwns), lun, kc_ds(src, "fsType"),
				    kc_json_get_bool(src, "readOnly", false) ? "true" : "false");
		} else if (streq(k, "projected")) {
			kc_dw_write(w, KC_L2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
			const cJSON *s;
			cJSON_ArrayForEach(s, kc_json_get(src, "sources"))
			{
				/* kubectl prints the *bool Optional fields with %v: <nil> when
				 * unset, a pointer otherwise (printed here as its value) */
				if (cJSON_IsObject(kc_json_get(s, "secret"))) {
					const cJSON *o = kc_json_get(s, "secret.optional");
					kc_dw_write(w, KC_L2, "SecretName:\t%s\n    SecretOptionalName:\t%s\n",
						    kc_ds(s, "secret.name"), !cJSON_IsBool(o) ? "<nil>" : cJSON_IsTrue(o) ? "true" : "false");
				} else if (cJSON_IsObject(kc_json_get(s, "downwardAPI"))) {
					kc_dw_write(w, KC_L2, "DownwardAPI:\ttrue\n");
				} else if (cJSON_IsObject(kc_json_get(s, "configMap"))) {
					const cJSON *o = kc_json_get(s, "configMap.optional");
					kc_dw_write(w, KC_L2, "ConfigMapName:\t%s\n    ConfigMapOptional:\t%s\n",
						    kc_ds(s, "configMap.name"), !cJSON_IsBool(o) ? "<nil>" : cJSON_IsTrue(o) ? "true" : "false");
				} else if (cJSON_IsObject(kc_json_get(s, "serviceAccountToken"))) {
					kc_dw_write(w, KC_L2, "TokenExpirationSeconds:\t%" PRId64 "\n",
						    kc_di(s, "serviceAccountToken.expirationSeconds", 0));
				}
			}
		} else if (streq(k, "csi")) {
			const cJSON *fs = kc_json_get(src, "fsType");
			kc_dw_write(w, KC_L2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t%s\n    FSType:\t%s\n    ReadOnly:\t%s\n",
				    kc_ds(src, "driver"), cJSON_IsString(fs) ? fs->valuestring : "",
				    kc_json_get_bool(src, "readOnly", false) ? "true" : "false");
			describe_csi_attributes(w, kc_json_get(src, "volumeAttributes"));
		} else {
			for (size_t j = 0; j < KC_ARRAY_SIZE(plain_sources); j++)
				if (streq(plain_sources[j].key, k))
					describe_plain_source(w, &plain_sources[j], src);
		}
		return;
	}
	kc_dw_write(w, KC_L1, "<unknown>\n");
}

/* PersistentVolume sources: the pod printers, with the fields the
 * persistent variants add (secret references with a namespace, an
 * endpoints namespace, a volume handle). */
static const vol_source pv_sources[] = {
	{"iscsi",
	 "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)",
	 {{"TargetPortal:", "targetPortal", 's'},
	  {"IQN:", "iqn", 's'},
	  {"Lun:", "lun", 'i'},
	  {"ISCSIInterface", "iscsiInterface", 's'},
	  {"FSType:", "fsType", 's'},
	  {"ReadOnly:", "readOnly", 'b'},
	  {"Portals:", "portals", 'l'},
	  {"DiscoveryCHAPAuth:", "chapAuthDiscovery", 'b'},
	  {"SessionCHAPAuth:", "chapAuthSession", 'b'},
	  {"SecretRef:", "secretRef", 'R'},
	  {"InitiatorName:", "initiatorName", 'n'}}},
	{"rbd", "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)",
	 {{"CephMonitors:", "monitors", 'l'},
	  {"RBDImage:", "image", 's'},
	  {"FSType:", "fsType", 's'},
	  {"RBDPool:", "pool", 's'},
	  {"RadosUser:", "user", 's'},
	  {"Keyring:", "keyring", 's'},
	  {"SecretRef:", "secretRef", 'R'},
	  {"ReadOnly:", "readOnly", 'b'}}},
	{"cinder", "Cinder (a Persistent Disk resource in OpenStack)",
	 {{"VolumeID:", "volumeID", 's'},
	  {"FSType:", "fsType", 's'},
	  {"ReadOnly:", "readOnly", 'b'},
	  {"SecretRef:", "secretRef", 'R'}}},
	{"local", "LocalVolume (a persistent volume backed by local storage on a node)", {{"Path:", "path", 's'}}},
	{"cephfs", "CephFS (a CephFS mount on the host that shares a pod's lifetime)",
	 {{"Monitors:", "monitors", 'l'},
	  {"Path:", "path", 's'},
	  {"User:", "user", 's'},
	  {"SecretFile:", "secretFile", 's'},
	  {"SecretRef:", "secretRef", 'R'},
	  {"ReadOnly:", "readOnly", 'b'}}},
	{"flexVolume",
	 "FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)",
	 {{"Driver:", "driver", 's'},
	  {"FSType:", "fsType", 's'},
	  {"SecretRef:", "secretRef", 'R'},
	  {"ReadOnly:", "readOnly", 'b'},
	  {"Options:", "options", 'm'}}},
};

void kc_describe_pv_source(const kc_dw *w, const cJSON *spec)
{
	static const char *const order[] = {"hostPath", "gcePersistentDisk", "awsElasticBlockStore", "nfs", "iscsi",
					    "glusterfs", "rbd", "quobyte", "vsphereVolume", "cinder", "azureDisk",
					    "photonPersistentDisk", "portworxVolume", "scaleIO", "local", "cephfs",
					    "storageos", "fc", "azureFile", "flexVolume", "flocker", "csi"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(order); i++) {
		const cJSON *src = cJSON_GetObjectItemCaseSensitive(spec, order[i]);
		if (!cJSON_IsObject(src))
			continue;
		const char *k = order[i];
		if (streq(k, "glusterfs")) {
			const cJSON *ns = kc_json_get(src, "endpointsNamespace");
			kc_dw_write(w, KC_L2,
				    "Type:\tGlusterfs (a Glusterfs mount on the host that shares a pod's lifetime)\n"
				    "    EndpointsName:\t%s\n    EndpointsNamespace:\t%s\n    Path:\t%s\n    ReadOnly:\t%s\n",
				    kc_ds(src, "endpoints"), cJSON_IsString(ns) ? ns->valuestring : "<unset>", kc_ds(src, "path"),
				    kc_json_get_bool(src, "readOnly", false) ? "true" : "false");
		} else if (streq(k, "scaleIO")) {
			kc_dw_write(w, KC_L2,
				    "Type:\tScaleIO (a persistent volume backed by a block device in ScaleIO)\n"
				    "    Gateway:\t%s\n    System:\t%s\n    Protection Domain:\t%s\n    Storage Pool:\t%s\n"
				    "    Storage Mode:\t%s\n    VolumeName:\t%s\n    SecretName:\t%s\n    SecretNamespace:\t%s\n"
				    "    FSType:\t%s\n    ReadOnly:\t%s\n",
				    kc_ds(src, "gateway"), kc_ds(src, "system"), kc_ds(src, "protectionDomain"),
				    kc_ds(src, "storagePool"), kc_ds(src, "storageMode"), kc_ds(src, "volumeName"),
				    kc_ds(src, "secretRef.name"), kc_ds(src, "secretRef.namespace"), kc_ds(src, "fsType"),
				    kc_json_get_bool(src, "readOnly", false) ? "true" : "false");
		} else if (streq(k, "azureFile")) {
			kc_dw_write(w, KC_L2,
				    "Type:\tAzureFile (an Azure File Service mount on the host and bind mount to the pod)\n"
				    "    SecretName:\t%s\n    SecretNamespace:\t%s\n    ShareName:\t%s\n    ReadOnly:\t%s\n",
				    kc_ds(src, "secretName"), kc_ds(src, "secretNamespace"), kc_ds(src, "shareName"),
				    kc_json_get_bool(src, "readOnly", false) ? "true" : "false");
		} else if (streq(k, "csi")) {
			kc_dw_write(w, KC_L2,
				    "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t%s\n"
				    "    FSType:\t%s\n    VolumeHandle:\t%s\n    ReadOnly:\t%s\n",
				    kc_ds(src, "driver"), kc_ds(src, "fsType"), kc_ds(src, "volumeHandle"),
				    kc_json_get_bool(src, "readOnly", false) ? "true" : "false");
			describe_csi_attributes(w, kc_json_get(src, "volumeAttributes"));
		} else {
			const vol_source *vs = NULL;
			for (size_t j = 0; j < KC_ARRAY_SIZE(pv_sources) && !vs; j++)
				if (streq(pv_sources[j].key, k))
					vs = &pv_sources[j];
			if (vs) {
				describe_plain_source(w, vs, src);
			} else {
				/* the same printer as for a pod's volume */
				_cleanup_json_ cJSON *vol = cJSON_CreateObject();
				cJSON_AddItemToObject(vol, k, cJSON_Duplicate(src, true));
				kc_describe_env none = {0};
				describe_volume_source(w, &none, vol);
			}
		}
		return;
	}
	kc_dw_write(w, KC_L1, "<unknown>\n");
}

static void describe_volumes(const kc_dw *w, const kc_describe_env *env, const cJSON *volumes, const char *space)
{
	if (cJSON_GetArraySize(volumes) <= 0) {
		kc_dw_write(w, KC_L0, "%sVolumes:\t<none>\n", space);
		return;
	}
	kc_dw_write(w, KC_L0, "%sVolumes:\n", space);
	const cJSON *v;
	cJSON_ArrayForEach(v, volumes)
	{
		kc_dw_write(w, KC_L1, "%s%s:\n", space[0] ? " " : "", kc_ds(v, "name"));
		describe_volume_source(w, env, v);
	}
}

static bool topology_less(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(kc_ds(a, "topologyKey"), kc_ds(b, "topologyKey")) < 0;
}

static void describe_topology(const kc_dw *w, const cJSON *tscs, const char *space)
{
	size_t n = 0;
	_cleanup_free_ const void **items = kc_describe_array(tscs, &n);
	if (!n)
		return;
	kc_describe_sort(items, n, topology_less, NULL);
	kc_dw_write(w, KC_L0, "%sTopology Spread Constraints:\t", space);
	for (size_t i = 0; i < n; i++) {
		const cJSON *t = items[i];
		if (i) {
			kc_dw_write(w, KC_L0, "%s", space);
			kc_dw_write(w, KC_L0, "%s", "\t");
		}
		kc_dw_write(w, KC_L0, "%s:", kc_ds(t, "topologyKey"));
		kc_dw_write(w, KC_L0, "%s", kc_ds(t, "whenUnsatisfiable"));
		kc_dw_write(w, KC_L0, " when max skew %" PRId64 " is exceeded", kc_di(t, "maxSkew", 0));
		const cJSON *sel = kc_json_get(t, "labelSelector");
		if (cJSON_IsObject(sel)) {
			_cleanup_free_ char *s = kc_describe_format_label_selector(sel);
			kc_dw_write(w, KC_L0, " for selector %s", s);
		}
		kc_dw_write(w, KC_L0, "\n");
	}
}

/* ---- QoS class (qos.GetPodQOS) ---- */

static bool qos_resource(const char *name)
{
	return streq(name, "cpu") || streq(name, "memory");
}

/* Adds the positive cpu/memory quantities of list into acc (a JSON object of
 * canonical strings); *has_both says whether list has both positive. */
static void qos_add(cJSON *acc, const cJSON *list, bool *has_both)
{
	bool cpu = false, mem = false;
	const cJSON *q;
	cJSON_ArrayForEach(q, list)
	{
		if (!q->string || !qos_resource(q->string))
			continue;
		kc_quantity v = KC_QUANTITY_ZERO;
		if (kc_quantity_from_json(q, &v, NULL) < 0 || kc_quantity_sign(&v) <= 0)
			continue;
		if (streq(q->string, "cpu"))
			cpu = true;
		else
			mem = true;
		const cJSON *have = cJSON_GetObjectItemCaseSensitive(acc, q->string);
		if (have) {
			kc_quantity h = KC_QUANTITY_ZERO;
			(void)kc_quantity_from_json(have, &h, NULL);
			(void)kc_quantity_add(&v, &h, NULL);
		}
		kc_json_object_put(acc, q->string, kc_quantity_to_json(&v));
	}
	if (has_both)
		*has_both = cpu && mem;
}

static const char *pod_qos(const cJSON *pod)
{
	const char *cls = kc_ds(pod, "status.qosClass");
	if (cls[0])
		return cls;
	_cleanup_json_ cJSON *requests = cJSON_CreateObject();
	_cleanup_json_ cJSON *limits = cJSON_CreateObject();
	bool guaranteed = true, both;
	/* containers and init containers (kubectl 1.31 has no pod-level
	 * resources); ephemeral containers have none */
	static const char *const lists[] = {"spec.containers", "spec.initContainers"};
	for (size_t l = 0; l < 2; l++) {
		const cJSON *c;
		cJSON_ArrayForEach(c, kc_json_get(pod, lists[l]))
		{
			qos_add(requests, kc_json_get(c, "resources.requests"), NULL);
			qos_add(limits, kc_json_get(c, "resources.limits"), &both);
			if (!both)
				guaranteed = false;
		}
	}
	if (cJSON_GetArraySize(requests) == 0 && cJSON_GetArraySize(limits) == 0)
		return "BestEffort";
	if (guaranteed) {
		const cJSON *r;
		cJSON_ArrayForEach(r, requests)
		{
			const cJSON *l = cJSON_GetObjectItemCaseSensitive(limits, r->string);
			kc_quantity qr = KC_QUANTITY_ZERO, ql = KC_QUANTITY_ZERO;
			(void)kc_quantity_from_json(r, &qr, NULL);
			if (!l || kc_quantity_from_json(l, &ql, NULL) < 0 || kc_quantity_cmp(&ql, &qr) != 0) {
				guaranteed = false;
				break;
			}
		}
	}
	if (guaranteed && cJSON_GetArraySize(requests) == cJSON_GetArraySize(limits))
		return "Guaranteed";
	return "Burstable";
}

/* ---- the pod ---- */

int kc_describe_pod(const kc_dw *w, const kc_describe_env *env, const cJSON *pod, char **ret_err)
{
	(void)ret_err;
	char t[KC_DESCRIBE_TIME_MAX];
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(pod, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(pod, "metadata.namespace"));
	if (cJSON_IsNumber(kc_json_get(pod, "spec.priority")))
		kc_dw_write(w, KC_L0, "Priority:\t%" PRId64 "\n", kc_di(pod, "spec.priority", 0));
	if (kc_ds(pod, "spec.priorityClassName")[0])
		kc_dw_write(w, KC_L0, "Priority Class Name:\t%s\n", kc_ds(pod, "spec.priorityClassName"));
	if (kc_ds(pod, "spec.runtimeClassName")[0])
		kc_dw_write(w, KC_L0, "Runtime Class Name:\t%s\n", kc_ds(pod, "spec.runtimeClassName"));
	if (kc_ds(pod, "spec.serviceAccountName")[0])
		kc_dw_write(w, KC_L0, "Service Account:\t%s\n", kc_ds(pod, "spec.serviceAccountName"));
	if (!kc_ds(pod, "spec.nodeName")[0])
		kc_dw_write(w, KC_L0, "Node:\t<none>\n");
	else
		kc_dw_write(w, KC_L0, "Node:\t%s/%s\n", kc_ds(pod, "spec.nodeName"), kc_ds(pod, "status.hostIP"));
	if (cJSON_IsString(kc_json_get(pod, "status.startTime")))
		kc_dw_write(w, KC_L0, "Start Time:\t%s\n", kc_describe_time(env, kc_json_get(pod, "status.startTime"), t));
	kc_describe_labels(w, "Labels", kc_json_get(pod, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(pod, "metadata.annotations"));
	const char *phase = kc_ds(pod, "status.phase");
	if (cJSON_IsString(kc_json_get(pod, "metadata.deletionTimestamp")) && !streq(phase, "Failed") &&
	    !streq(phase, "Succeeded")) {
		kc_dw_write(w, KC_L0, "Status:\tTerminating (lasts %s)\n",
			    kc_describe_since(env, kc_json_get(pod, "metadata.deletionTimestamp"), t));
		kc_dw_write(w, KC_L0, "Termination Grace Period:\t%" PRId64 "s\n",
			    kc_di(pod, "metadata.deletionGracePeriodSeconds", 0));
	} else {
		kc_dw_write(w, KC_L0, "Status:\t%s\n", phase);
	}
	if (kc_ds(pod, "status.reason")[0])
		kc_dw_write(w, KC_L0, "Reason:\t%s\n", kc_ds(pod, "status.reason"));
	if (kc_ds(pod, "status.message")[0])
		kc_dw_write(w, KC_L0, "Message:\t%s\n", kc_ds(pod, "status.message"));
	describe_seccomp(w, kc_json_get(pod, "spec.securityContext"), KC_L0);
	kc_dw_write(w, KC_L0, "IP:\t%s\n", kc_ds(pod, "status.podIP"));
	if (kc_dn(pod, "status.podIPs") == 0) {
		kc_dw_write(w, KC_L0, "IPs:\t<none>\n");
	} else {
		kc_dw_write(w, KC_L0, "IPs:\n");
		const cJSON *ip;
		cJSON_ArrayForEach(ip, kc_json_get(pod, "status.podIPs"))
		kc_dw_write(w, KC_L1, "IP:\t%s\n", kc_ds(ip, "ip"));
	}
	const cJSON *ctrl = kc_describe_controller_of(pod);
	if (ctrl)
		kc_dw_write(w, KC_L0, "Controlled By:\t%s/%s\n", kc_ds(ctrl, "kind"), kc_ds(ctrl, "name"));
	if (kc_ds(pod, "status.nominatedNodeName")[0])
		kc_dw_write(w, KC_L0, "NominatedNodeName:\t%s\n", kc_ds(pod, "status.nominatedNodeName"));
	if (kc_dn(pod, "spec.initContainers"))
		describe_containers(w, env, "Init Containers", kc_json_get(pod, "spec.initContainers"),
				    kc_json_get(pod, "status.initContainerStatuses"), pod, "");
	describe_containers(w, env, "Containers", kc_json_get(pod, "spec.containers"),
			    kc_json_get(pod, "status.containerStatuses"), pod, "");
	if (kc_dn(pod, "spec.ephemeralContainers"))
		describe_containers(w, env, "Ephemeral Containers", kc_json_get(pod, "spec.ephemeralContainers"),
				    kc_json_get(pod, "status.ephemeralContainerStatuses"), pod, "");
	const cJSON *conds = kc_json_get(pod, "status.conditions");
	if (kc_dn(pod, "spec.readinessGates")) {
		kc_dw_write(w, KC_L0, "Readiness Gates:\n  Type\tStatus\n");
		const cJSON *g;
		cJSON_ArrayForEach(g, kc_json_get(pod, "spec.readinessGates"))
		{
			const char *status = "<none>";
			const cJSON *c;
			cJSON_ArrayForEach(c, conds)
			{
				if (streq(kc_ds(c, "type"), kc_ds(g, "conditionType"))) {
					status = kc_ds(c, "status");
					break;
				}
			}
			kc_dw_write(w, KC_L1, "%s \t%s \n", kc_ds(g, "conditionType"), status);
		}
	}
	if (cJSON_GetArraySize(conds) > 0) {
		kc_dw_write(w, KC_L0, "Conditions:\n  Type\tStatus\n");
		const cJSON *c;
		cJSON_ArrayForEach(c, conds)
		kc_dw_write(w, KC_L1, "%s \t%s \n", kc_ds(c, "type"), kc_ds(c, "status"));
	}
	describe_volumes(w, env, kc_json_get(pod, "spec.volumes"), "");
	kc_dw_write(w, KC_L0, "QoS Class:\t%s\n", pod_qos(pod));
	kc_describe_labels(w, "Node-Selectors", kc_json_get(pod, "spec.nodeSelector"));
	kc_describe_tolerations(w, "Tolerations", kc_json_get(pod, "spec.tolerations"));
	describe_topology(w, kc_json_get(pod, "spec.topologySpreadConstraints"), "");
	if (env->show_events) {
		/* kubectl clears the kind of a pod's reference; a mirror pod's
		 * events carry the static pod's uid */
		const cJSON *mirror = kc_json_get(pod, "metadata.annotations.kubernetes\\.io/config\\.mirror");
		const char *uid = cJSON_IsString(mirror) ? mirror->valuestring : kc_ds(pod, "metadata.uid");
		_cleanup_json_ cJSON *events = kc_describe_search_events(env, kc_ds(pod, "metadata.namespace"),
									  kc_ds(pod, "metadata.name"), NULL,
									  uid[0] ? uid : NULL);
		kc_describe_events(w, env, events);
	}
	return 0;
}

void kc_describe_pod_template(const kc_dw *w, const kc_describe_env *env, const cJSON *tmpl)
{
	kc_dw_write(w, KC_L0, "Pod Template:\n");
	if (!cJSON_IsObject(tmpl)) {
		kc_dw_write(w, KC_L1, "<unset>");
		return;
	}
	const cJSON *spec = kc_json_get(tmpl, "spec");
	kc_describe_labels(w, "  Labels", kc_json_get(tmpl, "metadata.labels"));
	if (kc_dn(tmpl, "metadata.annotations"))
		kc_describe_annotations(w, "  Annotations", kc_json_get(tmpl, "metadata.annotations"));
	if (kc_ds(spec, "serviceAccountName")[0])
		kc_dw_write(w, KC_L1, "Service Account:\t%s\n", kc_ds(spec, "serviceAccountName"));
	if (kc_dn(spec, "initContainers"))
		describe_containers(w, env, "Init Containers", kc_json_get(spec, "initContainers"), NULL, NULL, "  ");
	describe_containers(w, env, "Containers", kc_json_get(spec, "containers"), NULL, NULL, "  ");
	describe_volumes(w, env, kc_json_get(spec, "volumes"), "  ");
	describe_topology(w, kc_json_get(spec, "topologySpreadConstraints"), "  ");
	if (kc_ds(spec, "priorityClassName")[0])
		kc_dw_write(w, KC_L1, "Priority Class Name:\t%s\n", kc_ds(spec, "priorityClassName"));
	kc_describe_labels(w, "  Node-Selectors", kc_json_get(spec, "nodeSelector"));
	kc_describe_tolerations(w, "  Tolerations", kc_json_get(spec, "tolerations"));
}
