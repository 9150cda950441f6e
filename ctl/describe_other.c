/* describe_other.c - kubectl describe for persistentvolumeclaims (with the
 * pods using them), configmaps, secrets, serviceaccounts (with their token
 * secrets), the generic describer kubectl uses for every kind it has no
 * describer for, and the table that picks a describer. */
#include "ctl/describe.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "common/json.h"
#include "banned.h"

static void describe_events_of(const kc_dw *w, const kc_describe_env *env, const cJSON *obj)
{
	if (!env->show_events)
		return;
	_cleanup_json_ cJSON *events = kc_describe_object_events(env, obj);
	kc_describe_events(w, env, events);
}

/* ---- persistentvolumeclaims ---- */


void kc_describe_pvc_fields(const kc_dw *w, const kc_describe_env *env, const cJSON *pvc, bool full)
{
	char t[KC_DESCRIBE_TIME_MAX];
	if (full) {
		kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(pvc, "metadata.name"));
		kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(pvc, "metadata.namespace"));
	}
	const cJSON *beta = kc_json_get(pvc, "metadata.annotations.volume\\.beta\\.kubernetes\\.io/storage-class");
	kc_dw_write(w, KC_L0, "StorageClass:\t%s\n",
		    cJSON_IsString(beta) ? beta->valuestring : kc_ds(pvc, "spec.storageClassName"));
	if (full) {
		if (cJSON_IsString(kc_json_get(pvc, "metadata.deletionTimestamp")))
			kc_dw_write(w, KC_L0, "Status:\tTerminating (lasts %s)\n",
				    kc_describe_since(env, kc_json_get(pvc, "metadata.deletionTimestamp"), t));
		else
			kc_dw_write(w, KC_L0, "Status:\t%s\n", kc_ds(pvc, "status.phase"));
	}
	const char *volume = kc_ds(pvc, "spec.volumeName");
	kc_dw_write(w, KC_L0, "Volume:\t%s\n", volume);
	kc_describe_labels(w, "Labels", kc_json_get(pvc, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(pvc, "metadata.annotations"));
	if (full) {
		_cleanup_buf_ kc_buf fin = KC_BUF_INIT;
		const cJSON *f = kc_json_get(pvc, "metadata.finalizers");
		if (cJSON_IsArray(f))
			kc_describe_govalue(&fin, f);
		else
			kc_buf_addstr(&fin, "[]");
		kc_dw_write(w, KC_L0, "Finalizers:\t%s\n", kc_buf_str(&fin));
	}
	_cleanup_buf_ kc_buf modes = KC_BUF_INIT;
	char capacity[64] = "";
	if (volume[0]) {
		kc_describe_access_modes(&modes, kc_json_get(pvc, "status.accessModes"));
		kc_describe_quantity(kc_json_get(pvc, "status.capacity.storage"), capacity);
	}
	kc_dw_write(w, KC_L0, "Capacity:\t%s\n", capacity);
	kc_dw_write(w, KC_L0, "Access Modes:\t%s\n", kc_buf_str(&modes));
	if (cJSON_IsString(kc_json_get(pvc, "spec.volumeMode")))
		kc_dw_write(w, KC_L0, "VolumeMode:\t%s\n", kc_ds(pvc, "spec.volumeMode"));
	const cJSON *ds = kc_json_get(pvc, "spec.dataSource");
	if (cJSON_IsObject(ds)) {
		kc_dw_write(w, KC_L0, "DataSource:\n");
		if (cJSON_IsString(kc_json_get(ds, "apiGroup")))
			kc_dw_write(w, KC_L1, "APIGroup:\t%s\n", kc_ds(ds, "apiGroup"));
		kc_dw_write(w, KC_L1, "Kind:\t%s\n", kc_ds(ds, "kind"));
		kc_dw_write(w, KC_L1, "Name:\t%s\n", kc_ds(ds, "name"));
	}
}

int kc_describe_pvc(const kc_dw *w, const kc_describe_env *env, const cJSON *pvc, char **ret_err)
{
	const char *name = kc_ds(pvc, "metadata.name");
	_cleanup_json_ cJSON *pods = kc_describe_list_pods(env, kc_ds(pvc, "metadata.namespace"), NULL, ret_err);
	if (!pods)
		return -EIO;
	/* getPodsForPVC: pods with a volume of this claim (once per such
	 * volume), then pods owning the claim */
	const cJSON *items = kc_json_get(pods, "items");
	size_t cap = 8, n = 0;
	_cleanup_free_ const cJSON **users = xcalloc(cap, sizeof(*users));
	const cJSON *pod;
	cJSON_ArrayForEach(pod, items)
	{
		const cJSON *v;
		cJSON_ArrayForEach(v, kc_json_get(pod, "spec.volumes"))
		{
			if (!cJSON_IsObject(kc_json_get(v, "persistentVolumeClaim")) ||
			    !streq(kc_ds(v, "persistentVolumeClaim.claimName"), name))
				continue;
			if (n == cap) {
				cap *= 2;
				users = xrealloc(users, cap * sizeof(*users));
			}
			users[n++] = pod;
		}
	}
	const cJSON *ref;
	cJSON_ArrayForEach(ref, kc_json_get(pvc, "metadata.ownerReferences"))
	{
		if (!streq(kc_ds(ref, "kind"), "Pod"))
			continue;
		const cJSON *owner = NULL;
		cJSON_ArrayForEach(pod, items)
		{
			if (streq(kc_ds(pod, "metadata.uid"), kc_ds(ref, "uid"))) {
				owner = pod;
				break;
			}
		}
		if (!owner)
			continue;
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = streq(kc_ds(users[i], "metadata.uid"), kc_ds(owner, "metadata.uid"));
		if (seen)
			continue;
		if (n == cap) {
			cap *= 2;
			users = xrealloc(users, cap * sizeof(*users));
		}
		users[n++] = owner;
	}

	kc_describe_pvc_fields(w, env, pvc, true);
	kc_describe_pod_names(w, "Used By", users, n);
	const cJSON *conds = kc_json_get(pvc, "status.conditions");
	if (cJSON_GetArraySize(conds) > 0) {
		char t1[KC_DESCRIBE_TIME_MAX], t2[KC_DESCRIBE_TIME_MAX];
		kc_dw_write(w, KC_L0, "Conditions:\n");
		kc_dw_write(w, KC_L1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
		kc_dw_write(w, KC_L1, "----\t------\t-----------------\t------------------\t------\t-------\n");
		const cJSON *c;
		cJSON_ArrayForEach(c, conds)
		kc_dw_write(w, KC_L1, "%s \t%s \t%s \t%s \t%s \t%s\n", kc_ds(c, "type"), kc_ds(c, "status"),
			    kc_describe_time(env, kc_json_get(c, "lastProbeTime"), t1),
			    kc_describe_time(env, kc_json_get(c, "lastTransitionTime"), t2), kc_ds(c, "reason"),
			    kc_ds(c, "message"));
	}
	describe_events_of(w, env, pvc);
	return 0;
}

/* ---- configmaps, secrets, serviceaccounts ---- */

static size_t base64_len(const char *s)
{
	char *out = NULL;
	size_t len = 0;
	if (kc_base64_decode(s, strlen(s), &out, &len) < 0)
		len = 0;
	free(out);
	return len;
}

int kc_describe_configmap(const kc_dw *w, const kc_describe_env *env, const cJSON *cm, char **ret_err)
{
	(void)ret_err;
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(cm, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(cm, "metadata.namespace"));
	kc_describe_labels(w, "Labels", kc_json_get(cm, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(cm, "metadata.annotations"));
	/* kubectl walks a Go map here (random order); kc sorts */
	kc_dw_write(w, KC_L0, "\nData\n====\n");
	const cJSON *data = kc_json_get(cm, "data");
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_describe_sorted_keys(data, &n);
	for (size_t i = 0; i < n; i++) {
		kc_dw_write(w, KC_L0, "%s:\n----\n", keys[i]);
		kc_dw_write(w, KC_L0, "%s\n", kc_json_as_str(cJSON_GetObjectItemCaseSensitive(data, keys[i]), ""));
		kc_dw_write(w, KC_L0, "\n");
	}
	kc_dw_write(w, KC_L0, "\nBinaryData\n====\n");
	const cJSON *bin = kc_json_get(cm, "binaryData");
	_cleanup_free_ const char **bkeys = kc_describe_sorted_keys(bin, &n);
	for (size_t i = 0; i < n; i++)
		kc_dw_write(w, KC_L0, "%s: %zu bytes\n", bkeys[i],
			    base64_len(kc_json_as_str(cJSON_GetObjectItemCaseSensitive(bin, bkeys[i]), "")));
	kc_dw_write(w, KC_L0, "\n");
	describe_events_of(w, env, cm);
	return 0;
}

int kc_describe_secret(const kc_dw *w, const kc_describe_env *env, const cJSON *s, char **ret_err)
{
	(void)env;
	(void)ret_err;
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(s, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(s, "metadata.namespace"));
	kc_describe_labels(w, "Labels", kc_json_get(s, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(s, "metadata.annotations"));
	const char *type = kc_ds(s, "type");
	kc_dw_write(w, KC_L0, "\nType:\t%s\n", type);
	kc_dw_write(w, KC_L0, "\nData\n====\n");
	const cJSON *data = kc_json_get(s, "data");
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_describe_sorted_keys(data, &n);
	for (size_t i = 0; i < n; i++) {
		const char *v = kc_json_as_str(cJSON_GetObjectItemCaseSensitive(data, keys[i]), "");
		if (streq(keys[i], "token") && streq(type, "kubernetes.io/service-account-token")) {
			char *plain = NULL;
			size_t len = 0;
			if (kc_base64_decode(v, strlen(v), &plain, &len) < 0)
				len = 0;
			kc_dw_write(w, KC_L0, "%s:\t%.*s\n", keys[i], (int)len, plain ? plain : "");
			free(plain);
		} else {
			kc_dw_write(w, KC_L0, "%s:\t%zu bytes\n", keys[i], base64_len(v));
		}
	}
	return 0;
}

static bool name_in(const cJSON *objs, const char *name)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, objs)
	{
		if (streq(kc_ds(r, "metadata.name"), name))
			return true;
	}
	return false;
}

int kc_describe_serviceaccount(const kc_dw *w, const kc_describe_env *env, const cJSON *sa, char **ret_err)
{
	(void)ret_err;
	const char *ns = kc_ds(sa, "metadata.namespace");
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/secrets", ns);
	/* errors are tolerated: the referenced secrets are still listed */
	_cleanup_json_ cJSON *secrets = kc_describe_fetch(env, path, NULL, NULL);
	const cJSON *items = kc_json_get(secrets, "items");

	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(sa, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", ns);
	kc_describe_labels(w, "Labels", kc_json_get(sa, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(sa, "metadata.annotations"));

	/* the three lists, in the order of their (sorted) headers */
	static const char *const headers[] = {"Image pull secrets:", "Mountable secrets: ", "Tokens:            "};
	for (int h = 0; h < 3; h++) {
		const char *prefix = headers[h];
		int printed = 0;
		if (h < 2) {
			const cJSON *r;
			cJSON_ArrayForEach(r, kc_json_get(sa, h == 0 ? "imagePullSecrets" : "secrets"))
			{
				const char *name = kc_ds(r, "name");
				bool missing = secrets && !name_in(items, name);
				kc_dw_write(w, KC_L0, "%s\t%s%s\n", prefix, name, missing ? " (not found)" : "");
				prefix = "                   ";
				printed++;
			}
		} else {
			const cJSON *s;
			cJSON_ArrayForEach(s, items)
			{
				if (!streq(kc_ds(s, "type"), "kubernetes.io/service-account-token"))
					continue;
				const cJSON *ann = kc_json_get(s, "metadata.annotations");
				if (!streq(kc_json_as_str(cJSON_GetObjectItemCaseSensitive(ann, "kubernetes.io/service-account.name"), ""),
					   kc_ds(sa, "metadata.name")) ||
				    !streq(kc_json_as_str(cJSON_GetObjectItemCaseSensitive(ann, "kubernetes.io/service-account.uid"), ""),
					   kc_ds(sa, "metadata.uid")))
					continue;
				kc_dw_write(w, KC_L0, "%s\t%s\n", prefix, kc_ds(s, "metadata.name"));
				prefix = "                   ";
				printed++;
			}
		}
		if (!printed)
			kc_dw_write(w, KC_L0, "%s\t<none>\n", headers[h]);
	}
	describe_events_of(w, env, sa);
	return 0;
}

/* ---- the generic describer ---- */

/* smartLabelFor: "apiVersion" -> "API Version", "nodeName" -> "Node Name";
 * fields holding anything but letters and '-' print as they are. */
static void smart_label(kc_buf *b, const char *field)
{
	for (const char *p = field; *p; p++)
		if (!isalpha((unsigned char)*p) && *p != '-') {
			kc_buf_addstr(b, field);
			return;
		}
	/* camelcase.Split: runs of lower, upper, other; then an upper run
	 * followed by a lower run gives its last letter to that run */
	size_t len = strlen(field);
	_cleanup_free_ size_t *starts = xcalloc(len + 2, sizeof(*starts));
	size_t nparts = 0;
	int last = 0;
	for (size_t i = 0; i < len; i++) {
		char c = field[i];
		int cls = islower((unsigned char)c) ? 1 : isupper((unsigned char)c) ? 2 : 4;
		if (cls != last)
			starts[nparts++] = i;
		last = cls;
	}
	starts[nparts] = len;
	for (size_t i = 0; i + 1 < nparts; i++) {
		if (isupper((unsigned char)field[starts[i]]) && islower((unsigned char)field[starts[i + 1]]))
			starts[i + 1]--;
	}
	bool first = true;
	for (size_t i = 0; i < nparts; i++) {
		size_t s = starts[i], e = starts[i + 1];
		if (e <= s)
			continue;
		char part[256];
		size_t pl = e - s < sizeof(part) - 1 ? e - s : sizeof(part) - 1;
		memcpy(part, field + s, pl);
		part[pl] = '\0';
		char upper[256];
		for (size_t k = 0; k <= pl; k++)
			upper[k] = (char)toupper((unsigned char)part[k]);
		if (!first)
			kc_buf_addch(b, ' ');
		first = false;
		if (streq(upper, "API") || streq(upper, "URL") || streq(upper, "UID") || streq(upper, "OSB") ||
		    streq(upper, "GUID")) {
			kc_buf_addstr(b, upper);
		} else {
			/* strings.Title: the first letter of each word */
			part[0] = (char)toupper((unsigned char)part[0]);
			kc_buf_addstr(b, part);
		}
	}
}

static const char *const generic_skip[] = {".metadata.managedFields", ".metadata.name", ".metadata.namespace",
					   ".metadata.labels", ".metadata.annotations"};

static bool skipped(const char *expr)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(generic_skip); i++)
		if (streq(expr, generic_skip[i]))
			return true;
	return false;
}

static void print_unstructured(const kc_dw *w, int level, const cJSON *content, const char *prefix, int depth)
{
	if (depth > 100)
		return;
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_describe_sorted_keys(content, &n);
	for (size_t i = 0; i < n; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(content, keys[i]);
		_cleanup_free_ char *expr = xasprintf("%s.%s", prefix, keys[i]);
		if (skipped(expr))
			continue;
		_cleanup_buf_ kc_buf label = KC_BUF_INIT;
		smart_label(&label, keys[i]);
		if (cJSON_IsObject(v)) {
			kc_dw_write(w, level, "%s:\n", kc_buf_str(&label));
			print_unstructured(w, level + 1, v, expr, depth + 1);
		} else if (cJSON_IsArray(v)) {
			kc_dw_write(w, level, "%s:\n", kc_buf_str(&label));
			const cJSON *c;
			cJSON_ArrayForEach(c, v)
			{
				if (cJSON_IsObject(c)) {
					print_unstructured(w, level + 1, c, expr, depth + 1);
				} else {
					_cleanup_buf_ kc_buf val = KC_BUF_INIT;
					kc_describe_govalue(&val, c);
					kc_dw_write(w, level + 1, "%s\n", kc_buf_str(&val));
				}
			}
		} else {
			_cleanup_buf_ kc_buf val = KC_BUF_INIT;
			kc_describe_govalue(&val, v);
			kc_dw_write(w, level, "%s:\t%s\n", kc_buf_str(&label), kc_buf_str(&val));
		}
	}
}

int kc_describe_generic(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err)
{
	(void)ret_err;
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(obj, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(obj, "metadata.namespace"));
	kc_describe_labels(w, "Labels", kc_json_get(obj, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(obj, "metadata.annotations"));
	print_unstructured(w, KC_L0, obj, "", 0);
	describe_events_of(w, env, obj);
	return 0;
}

/* ---- picking the describer ---- */

static const struct {
	const char *group, *kind;
	kc_describe_body_fn fn;
} describers[] = {
	{"", "Pod", kc_describe_pod},
	{"", "ReplicationController", kc_describe_replicationcontroller},
	{"", "Secret", kc_describe_secret},
	{"", "Service", kc_describe_service},
	{"", "ServiceAccount", kc_describe_serviceaccount},
	{"", "Node", kc_describe_node},
	{"", "PersistentVolumeClaim", kc_describe_pvc},
	{"", "Namespace", kc_describe_namespace},
	{"", "Endpoints", kc_describe_endpoints},
	{"", "ConfigMap", kc_describe_configmap},
	{"discovery.k8s.io", "EndpointSlice", kc_describe_endpointslice},
	{"networking.k8s.io", "Ingress", kc_describe_ingress},
	{"extensions", "Ingress", kc_describe_ingress},
	{"networking.k8s.io", "IngressClass", kc_describe_ingressclass},
	{"batch", "Job", kc_describe_job},
	{"batch", "CronJob", kc_describe_cronjob},
	{"apps", "StatefulSet", kc_describe_statefulset},
	{"apps", "Deployment", kc_describe_deployment},
	{"apps", "DaemonSet", kc_describe_daemonset},
	{"apps", "ReplicaSet", kc_describe_replicaset},
	{"storage.k8s.io", "StorageClass", kc_describe_storageclass},
	{"", "PersistentVolume", kc_describe_pv},
	{"rbac.authorization.k8s.io", "Role", kc_describe_role},
	{"rbac.authorization.k8s.io", "ClusterRole", kc_describe_role},
	{"rbac.authorization.k8s.io", "RoleBinding", kc_describe_rolebinding},
	{"rbac.authorization.k8s.io", "ClusterRoleBinding", kc_describe_rolebinding},
};

static kc_describe_body_fn find_describer(const char *group, const char *kind)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(describers); i++)
		if (streq(describers[i].group, group) && streq(describers[i].kind, kind))
			return describers[i].fn;
	return NULL;
}

bool kc_describe_has_describer(const char *group, const char *kind)
{
	return find_describer(group, kind) != NULL;
}

int kc_describe_object(const kc_describe_env *env, const cJSON *obj, kc_buf *out, char **ret_err)
{
	const char *api_version = kc_ds(obj, "apiVersion");
	const char *slash = strchr(api_version, '/');
	_cleanup_free_ char *group = slash ? xstrndup(api_version, (size_t)(slash - api_version)) : xstrdup("");
	kc_describe_body_fn fn = find_describer(group, kc_ds(obj, "kind"));
	char *err = NULL;
	int r = kc_describe_tabbed(env, obj, fn ? fn : kc_describe_generic, out, &err);
	if (r < 0) {
		if (ret_err)
			*ret_err = err ? err : xstrdup("describe failed");
		else
			free(err);
		return -EINVAL;
	}
	free(err);
	return 0;
}
