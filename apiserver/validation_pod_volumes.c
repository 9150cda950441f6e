/* validation_pod_volumes.c - pod volumes, volume mounts and downward API
 * selectors, as upstream's ValidateVolumes/ValidateVolumeMounts.
 *
 * Every volume source type upstream knows counts toward "exactly one
 * source"; the ones kc's kubelet can mount (emptyDir, hostPath, secret,
 * configMap, projected, downwardAPI, persistentVolumeClaim, nfs, ephemeral,
 * csi) get their detailed checks, the cloud and legacy plugins only the
 * count. */
#include <string.h>

#include "apiserver/strategy_util.h"
#include "apiserver/validation_pod_internal.h"
#include "common/quantity.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

void pod_volumes_free(pod_volumes *v)
{
	free(v->names);
	free(v->sources);
	v->names = NULL;
	v->sources = NULL;
	v->n = 0;
}

const cJSON *pod_volumes_find(const pod_volumes *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (streq(v->names[i], name))
			return v->sources[i];
	return NULL;
}

/* ---- paths ---- */

void pod_validate_path_no_backsteps(const char *p, const char *path, api_field_errors *errs)
{
	const char *s = p;
	while (*s) {
		const char *slash = strchr(s, '/');
		size_t n = slash ? (size_t)(slash - s) : strlen(s);
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			api_fe_invalid_str(errs, path, p, "must not contain '..'");
			return;
		}
		if (!slash)
			break;
		s = slash + 1;
	}
}

void pod_validate_local_descending_path(const char *p, const char *path, api_field_errors *errs)
{
	if (p[0] == '/')
		api_fe_invalid_str(errs, path, p, "must be a relative path");
	pod_validate_path_no_backsteps(p, path, errs);
}

void pod_validate_local_non_reserved_path(const char *p, const char *path, api_field_errors *errs)
{
	pod_validate_local_descending_path(p, path, errs);
	if (str_startswith(p, "..") && !str_startswith(p, "../"))
		api_fe_invalid_str(errs, path, p, "must not start with '..'");
}

/* ---- downward API ---- */

static const char *const downward_labels[] = {
	"metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace",
	"metadata.uid", "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName",
	"spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs",
	"status.podIP", "status.podIPs", NULL,
};

/* fieldpath.SplitMaybeSubscriptedPath: "metadata.labels['x']". */
static bool split_subscript(const char *fp, char **ret_path, char **ret_sub)
{
	if (!str_endswith(fp, "']"))
		return false;
	const char *open = strstr(fp, "['");
	if (!open || open == fp)
		return false;
	size_t len = strlen(fp);
	*ret_path = xstrndup(fp, (size_t)(open - fp));
	*ret_sub = xstrndup(open + 2, len - 2 - (size_t)(open + 2 - fp));
	return true;
}

void pod_validate_field_selector(const cJSON *fs, const char *const *allowed, const char *path,
				 api_field_errors *errs)
{
	const char *api_version = su_strz(fs, "apiVersion"), *fp = su_strz(fs, "fieldPath");
	if (!api_version[0]) {
		SU_PATH(p, "%s.apiVersion", path);
		api_fe_required(errs, p, NULL);
		return;
	}
	SU_PATH(fpp, "%s.fieldPath", path);
	if (!fp[0]) {
		api_fe_required(errs, fpp, NULL);
		return;
	}
	/* ConvertDownwardAPIFieldLabel */
	_cleanup_free_ char *sp = NULL, *sub = NULL;
	bool subscripted = split_subscript(fp, &sp, &sub);
	const char *internal = fp;
	char *conv_err = NULL;
	if (!streq(api_version, "v1"))
		conv_err = xasprintf("unsupported pod version: %s", api_version);
	else if (subscripted && !streq(sp, "metadata.annotations") && !streq(sp, "metadata.labels"))
		conv_err = xasprintf("field label does not support subscript: %s", fp);
	else if (!subscripted && streq(fp, "spec.host"))
		internal = "spec.nodeName";
	else if (!subscripted && !su_in(fp, downward_labels))
		conv_err = xasprintf("field label not supported: %s", fp);
	if (conv_err) {
		SU_PATH(d, "error converting fieldPath: %s", conv_err);
		free(conv_err);
		api_fe_invalid_str(errs, fpp, fp, d);
		return;
	}
	if (subscripted) {
		if (streq(sp, "metadata.annotations")) {
			for (char *c = sub; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c - 'A' + 'a');
		}
		su_check(errs, path, sub, kc_validate_qualified_name);
	} else if (!su_in(internal, allowed)) {
		api_fe_not_supported_str(errs, fpp, internal, allowed);
	}
}

static const char *const resource_field_paths[] = {
	"limits.cpu", "limits.ephemeral-storage", "limits.memory",
	"requests.cpu", "requests.ephemeral-storage", "requests.memory", NULL,
};

void pod_validate_resource_field_selector(const cJSON *fs, const char *path, bool volume, api_field_errors *errs)
{
	const char *res = su_strz(fs, "resource");
	if (volume && !su_strz(fs, "containerName")[0]) {
		SU_PATH(p, "%s.containerName", path);
		api_fe_required(errs, p, NULL);
	} else if (!res[0]) {
		SU_PATH(p, "%s.resource", path);
		api_fe_required(errs, p, NULL);
	} else if (!su_in(res, resource_field_paths) && !str_startswith(res, "requests.hugepages-") &&
		   !str_startswith(res, "limits.hugepages-")) {
		SU_PATH(p, "%s.resource", path);
		api_fe_not_supported_str(errs, p, res, resource_field_paths);
	}
	const cJSON *div = su_get(fs, "divisor");
	kc_quantity q;
	if (!div || kc_quantity_from_json(div, &q, NULL) < 0 || kc_quantity_is_zero(&q))
		return;
	char buf[KC_QUANTITY_STR_MAX];
	kc_quantity_string(&q, buf);
	static const char *const cpu_div[] = {"1m", "1", NULL};
	static const char *const mem_div[] = {"1", "1k", "1M", "1G", "1T", "1P", "1E",
					      "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei", NULL};
	SU_PATH(dp, "%s.divisor", path);
	if ((streq(res, "limits.cpu") || streq(res, "requests.cpu")) && !su_in(buf, cpu_div))
		api_fe_invalid_str(errs, dp, res, "only divisor's values 1m and 1 are supported with the cpu resource");
	else if ((streq(res, "limits.memory") || streq(res, "requests.memory")) && !su_in(buf, mem_div))
		api_fe_invalid_str(errs, dp, res,
				   "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource");
	else if ((streq(res, "limits.ephemeral-storage") || streq(res, "requests.ephemeral-storage")) &&
		 !su_in(buf, mem_div))
		api_fe_invalid_str(errs, dp, res,
				   "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource");
}

static const char *const volume_field_paths[] = {
	"metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid", NULL,
};

static void validate_downward_file(const cJSON *file, const char *path, api_field_errors *errs)
{
	const char *fp = su_strz(file, "path");
	SU_PATH(pp, "%s.path", path);
	if (!fp[0])
		api_fe_required(errs, pp, NULL);
	pod_validate_local_non_reserved_path(fp, pp, errs);
	const cJSON *fr = su_get(file, "fieldRef"), *rfr = su_get(file, "resourceFieldRef");
	if (fr) {
		SU_PATH(p, "%s.fieldRef", path);
		pod_validate_field_selector(fr, volume_field_paths, p, errs);
		if (rfr)
			api_fe_invalid_str(errs, path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously");
	} else if (rfr) {
		SU_PATH(p, "%s.resourceFieldRef", path);
		pod_validate_resource_field_selector(rfr, p, true, errs);
	} else {
		api_fe_required(errs, path, "one of fieldRef and resourceFieldRef is required");
	}
	long long mode;
	if (su_int(file, "mode", &mode) && (mode > 0777 || mode < 0)) {
		SU_PATH(mp, "%s.mode", path);
		api_fe_invalid_int(errs, mp, mode, POD_FILE_MODE_MSG);
	}
}

/* ---- volume sources ---- */

static void validate_mode(const cJSON *o, const char *key, const char *path, api_field_errors *errs)
{
	long long mode;
	if (su_int(o, key, &mode) && (mode > 0777 || mode < 0)) {
		SU_PATH(p, "%s.%s", path, key);
		api_fe_invalid_int(errs, p, mode, POD_FILE_MODE_MSG);
	}
}

static void validate_key_to_path(const cJSON *kp, const char *path, api_field_errors *errs)
{
	SU_PATH(keyp, "%s.key", path);
	SU_PATH(pp, "%s.path", path);
	if (!su_strz(kp, "key")[0])
		api_fe_required(errs, keyp, NULL);
	const char *p = su_strz(kp, "path");
	if (!p[0])
		api_fe_required(errs, pp, NULL);
	pod_validate_local_non_reserved_path(p, pp, errs);
	validate_mode(kp, "mode", path, errs);
}

static void validate_items(const cJSON *src, const char *path, api_field_errors *errs)
{
	SU_EACH(i, kp, su_arr(src, "items")) {
		SU_PATH(ip, "%s.items[%zu]", path, i);
		validate_key_to_path(kp, ip, errs);
	}
}

static void validate_projected(const cJSON *proj, const char *path, api_field_errors *errs)
{
	validate_mode(proj, "defaultMode", path, errs);
	const char **seen = NULL;
	size_t nseen = 0;
	SU_EACH(i, src, su_arr(proj, "sources")) {
		int n = 0;
		SU_PATH(sp, "%s.sources[%zu]", path, i);
		static const char *const kinds[] = {"secret", "configMap", NULL};
		for (size_t k = 0; kinds[k]; k++) {
			const cJSON *s = su_get(src, kinds[k]);
			if (!s)
				continue;
			n++;
			SU_PATH(pp, "%s.%s", sp, kinds[k]);
			if (!su_strz(s, "name")[0]) {
				SU_PATH(np, "%s.name", pp);
				api_fe_required(errs, np, NULL);
			}
			SU_EACH(j, kp, su_arr(s, "items")) {
				SU_PATH(ip, "%s.items[%zu]", pp, j);
				validate_key_to_path(kp, ip, errs);
				const char *p = su_strz(kp, "path");
				if (!p[0])
					continue;
				bool dup = false;
				for (size_t x = 0; x < nseen && !dup; x++)
					dup = streq(seen[x], p);
				if (dup) {
					api_fe_invalid_str(errs, path, su_strz(s, "name"), "conflicting duplicate paths");
				} else {
					seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
					seen[nseen++] = p;
				}
			}
		}
		const cJSON *d = su_get(src, "downwardAPI");
		if (d) {
			n++;
			SU_PATH(pp, "%s.downwardAPI", sp);
			SU_EACH(j, file, su_arr(d, "items")) {
				(void)j;
				validate_downward_file(file, pp, errs);
				const char *p = su_strz(file, "path");
				if (!p[0])
					continue;
				bool dup = false;
				for (size_t x = 0; x < nseen && !dup; x++)
					dup = streq(seen[x], p);
				if (dup) {
					api_fe_invalid_str(errs, path, p, "conflicting duplicate paths");
				} else {
					seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
					seen[nseen++] = p;
				}
			}
		}
		const cJSON *sat = su_get(src, "serviceAccountToken");
		if (sat) {
			n++;
			SU_PATH(ep, "%s.serviceAccountToken.expirationSeconds", sp);
			long long exp = su_intd(sat, "expirationSeconds", 0);
			if (exp < 600)
				api_fe_invalid_int(errs, ep, exp, "may not specify a duration less than 10 minutes");
			if (exp > (1LL << 32))
				api_fe_invalid_int(errs, ep, exp, "may not specify a duration larger than 2^32 seconds");
			SU_PATH(pp, "%s.path", path);
			const char *p = su_strz(sat, "path");
			if (!p[0])
				api_fe_required(errs, pp, NULL);
			else
				pod_validate_local_non_reserved_path(p, pp, errs);
		}
		if (su_get(src, "clusterTrustBundle"))
			n++;
		if (n > 1)
			api_fe_forbidden(errs, sp, "may not specify more than 1 volume type per source");
	}
	free(seen);
}

/* The volume source members in upstream's order, with the name its
 * "more than 1" error uses (upstream misspells downwardAPI there). */
static const struct {
	const char *key, *dup_name;
} volume_sources[] = {
	{"emptyDir", "emptyDir"}, {"hostPath", "hostPath"}, {"gitRepo", "gitRepo"},
	{"gcePersistentDisk", "gcePersistentDisk"}, {"awsElasticBlockStore", "awsElasticBlockStore"},
	{"secret", "secret"}, {"nfs", "nfs"}, {"iscsi", "iscsi"}, {"glusterfs", "glusterfs"},
	{"flocker", "flocker"}, {"persistentVolumeClaim", "persistentVolumeClaim"}, {"rbd", "rbd"},
	{"cinder", "cinder"}, {"cephfs", "cephFS"}, {"quobyte", "quobyte"}, {"downwardAPI", "downwarAPI"},
	{"fc", "fc"}, {"flexVolume", "flexVolume"}, {"configMap", "configMap"}, {"azureFile", "azureFile"},
	{"vsphereVolume", "vsphereVolume"}, {"photonPersistentDisk", "photonPersistentDisk"},
	{"portworxVolume", "portworxVolume"}, {"azureDisk", "azureDisk"}, {"storageos", "storageos"},
	{"projected", "projected"}, {"scaleIO", "scaleIO"}, {"csi", "csi"}, {"ephemeral", "ephemeral"},
	{"image", "image"},
};

static const char *const host_path_types[] = {
	"", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket", NULL,
};

static void validate_source_detail(const char *key, const cJSON *s, const cJSON *vol, const cJSON *pod_meta,
				   const char *path, api_field_errors *errs)
{
	SU_PATH(sp, "%s.%s", path, key);
	if (streq(key, "emptyDir")) {
		const cJSON *sl = su_get(s, "sizeLimit");
		kc_quantity q;
		if (sl && kc_quantity_from_json(sl, &q, NULL) == 0 && kc_quantity_sign(&q) < 0) {
			SU_PATH(p, "%s.sizeLimit", sp);
			api_fe_forbidden(errs, p, "SizeLimit field must be a valid resource quantity");
		}
	} else if (streq(key, "hostPath")) {
		SU_PATH(pp, "%s.path", sp);
		const char *p = su_strz(s, "path");
		if (!p[0]) {
			api_fe_required(errs, pp, NULL);
			return;
		}
		pod_validate_path_no_backsteps(p, pp, errs);
		const char *type = su_str(s, "type");
		if (type && !su_in(type, host_path_types)) {
			SU_PATH(tp, "%s.type", sp);
			api_fe_not_supported_str(errs, tp, type, host_path_types);
		}
	} else if (streq(key, "secret")) {
		if (!su_strz(s, "secretName")[0]) {
			SU_PATH(p, "%s.secretName", sp);
			api_fe_required(errs, p, NULL);
		}
		validate_mode(s, "defaultMode", sp, errs);
		validate_items(s, sp, errs);
	} else if (streq(key, "configMap")) {
		if (!su_strz(s, "name")[0]) {
			SU_PATH(p, "%s.name", sp);
			api_fe_required(errs, p, NULL);
		}
		validate_mode(s, "defaultMode", sp, errs);
		validate_items(s, sp, errs);
	} else if (streq(key, "nfs")) {
		const char *p = su_strz(s, "path");
		SU_PATH(pp, "%s.path", sp);
		if (!su_strz(s, "server")[0]) {
			SU_PATH(svp, "%s.server", sp);
			api_fe_required(errs, svp, NULL);
		}
		if (!p[0])
			api_fe_required(errs, pp, NULL);
		if (p[0] != '/')
			api_fe_invalid_str(errs, pp, p, "must be an absolute path");
	} else if (streq(key, "persistentVolumeClaim")) {
		if (!su_strz(s, "claimName")[0]) {
			SU_PATH(p, "%s.claimName", sp);
			api_fe_required(errs, p, NULL);
		}
	} else if (streq(key, "downwardAPI")) {
		validate_mode(s, "defaultMode", sp, errs);
		SU_EACH(i, file, su_arr(s, "items")) {
			(void)i;
			validate_downward_file(file, sp, errs);
		}
	} else if (streq(key, "projected")) {
		validate_projected(s, sp, errs);
	} else if (streq(key, "ephemeral")) {
		if (!su_get(s, "volumeClaimTemplate")) {
			SU_PATH(p, "%s.volumeClaimTemplate", sp);
			api_fe_required(errs, p, NULL);
		}
		const char *pod_name = su_strz(pod_meta, "name"), *vol_name = su_strz(vol, "name");
		if (pod_name[0] && vol_name[0]) {
			SU_PATH(pvc, "%s-%s", pod_name, vol_name);
			kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
			kc_validate_name_dns_subdomain(pvc, false, &m);
			for (size_t i = 0; i < m.n; i++) {
				_cleanup_free_ char *q = kc_validate_quote(pvc);
				SU_PATH(d, "PVC name %s: %s", q, m.v[i]);
				SU_PATH(np, "%s.name", sp);
				api_fe_invalid_str(errs, np, vol_name, d);
			}
			kc_validate_msgs_free(&m);
		}
	} else if (streq(key, "csi")) {
		const char *driver = su_strz(s, "driver");
		SU_PATH(dp, "%s.driver", sp);
		if (!driver[0])
			api_fe_required(errs, dp, NULL);
	}
}

static void validate_volume_source(const cJSON *vol, const cJSON *pod_meta, const char *path,
				   api_field_errors *errs)
{
	int n = 0;
	for (size_t k = 0; k < KC_ARRAY_SIZE(volume_sources); k++) {
		const cJSON *s = su_get(vol, volume_sources[k].key);
		if (!s)
			continue;
		if (n > 0) {
			SU_PATH(p, "%s.%s", path, volume_sources[k].dup_name);
			api_fe_forbidden(errs, p, "may not specify more than 1 volume type");
			continue;
		}
		n++;
		validate_source_detail(volume_sources[k].key, s, vol, pod_meta, path, errs);
	}
	if (n == 0)
		api_fe_required(errs, path, "must specify a volume type");
}

void pod_validate_volumes(const cJSON *volumes, const cJSON *pod_meta, const char *path, pod_volumes *vols,
			  api_field_errors *errs)
{
	size_t cap = su_len(volumes);
	vols->names = xcalloc(cap ? cap : 1, sizeof(*vols->names));
	vols->sources = xcalloc(cap ? cap : 1, sizeof(*vols->sources));
	vols->n = 0;
	SU_EACH(i, vol, volumes) {
		SU_PATH(ip, "%s[%zu]", path, i);
		SU_PATH(np, "%s.name", ip);
		api_field_errors el = API_FIELD_ERRORS_INIT;
		validate_volume_source(vol, pod_meta, ip, &el);
		const char *name = su_strz(vol, "name");
		if (!name[0])
			api_fe_required(&el, np, NULL);
		else
			su_check(&el, np, name, kc_validate_dns1123_label);
		if (pod_volumes_find(vols, name))
			api_fe_duplicate_str(&el, np, name);
		if (el.n == 0) {
			vols->names[vols->n] = name;
			vols->sources[vols->n] = vol;
			vols->n++;
		} else {
			api_fe_append(errs, &el);
		}
	}
}

/* ---- mounts ---- */

void pod_validate_volume_mounts(const cJSON *ctr, const pod_volumes *vols, const char *path, api_field_errors *errs)
{
	const cJSON *mounts = su_arr(ctr, "volumeMounts"), *devices = su_arr(ctr, "volumeDevices");
	bool privileged = su_true(su_get(ctr, "securityContext"), "privileged");
	SU_EACH(i, m, mounts) {
		SU_PATH(ip, "%s[%zu]", path, i);
		SU_PATH(np, "%s.name", ip);
		SU_PATH(mp, "%s.mountPath", ip);
		const char *name = su_strz(m, "name"), *mpath = su_strz(m, "mountPath");
		if (!name[0])
			api_fe_required(errs, np, NULL);
		if (!pod_volumes_find(vols, name)) {
			cJSON *v = cJSON_CreateString(name);
			api_fe_add(errs, API_FE_NOT_FOUND, np, v, NULL);
			cJSON_Delete(v);
		}
		if (!mpath[0])
			api_fe_required(errs, mp, NULL);
		for (const cJSON *prev = mounts->child; prev != m; prev = prev->next)
			if (streq(su_strz(prev, "mountPath"), mpath)) {
				api_fe_invalid_str(errs, mp, mpath, "must be unique");
				break;
			}
		SU_EACH(j, d, devices) {
			(void)j;
			if (streq(su_strz(d, "name"), name)) {
				api_fe_invalid_str(errs, np, name, "must not already exist in volumeDevices");
				break;
			}
		}
		SU_EACH(j, d, devices) {
			(void)j;
			if (streq(su_strz(d, "devicePath"), mpath)) {
				api_fe_invalid_str(errs, mp, mpath, "must not already exist as a path in volumeDevices");
				break;
			}
		}
		const char *sub = su_strz(m, "subPath"), *subexpr = su_strz(m, "subPathExpr");
		if (sub[0]) {
			SU_PATH(p, "%s.subPath", path);
			pod_validate_local_descending_path(sub, p, errs);
		}
		if (subexpr[0]) {
			if (sub[0]) {
				SU_PATH(p, "%s.subPathExpr", ip);
				api_fe_invalid_str(errs, p, subexpr, "subPathExpr and subPath are mutually exclusive");
			}
			SU_PATH(p, "%s.subPathExpr", path);
			pod_validate_local_descending_path(subexpr, p, errs);
		}
		const char *prop = su_str(m, "mountPropagation");
		if (prop) {
			static const char *const props[] = {"Bidirectional", "HostToContainer", "None", NULL};
			SU_PATH(p, "%s.mountPropagation", path);
			if (!su_in(prop, props))
				api_fe_not_supported_str(errs, p, prop, props);
			if (streq(prop, "Bidirectional") && !privileged)
				api_fe_forbidden(errs, p, "Bidirectional mount propagation is available only to privileged containers");
		}
		const char *rro = su_str(m, "recursiveReadOnly");
		if (rro) {
			SU_PATH(p, "%s.recursiveReadOnly", path);
			static const char *const rros[] = {"Disabled", "Enabled", "IfPossible", NULL};
			if (streq(rro, "Enabled") || streq(rro, "IfPossible")) {
				if (!su_true(m, "readOnly"))
					api_fe_forbidden(errs, p, "may only be specified when readOnly is true");
				if (prop && !streq(prop, "None"))
					api_fe_forbidden(errs, p, "may only be specified when mountPropagation is None or not specified");
			} else if (!streq(rro, "Disabled")) {
				api_fe_not_supported_str(errs, p, rro, rros);
			}
		}
	}
}

void pod_validate_volume_devices(const cJSON *ctr, const pod_volumes *vols, const char *path,
				 api_field_errors *errs)
{
	const cJSON *devices = su_arr(ctr, "volumeDevices"), *mounts = su_arr(ctr, "volumeMounts");
	SU_EACH(i, d, devices) {
		SU_PATH(ip, "%s[%zu]", path, i);
		SU_PATH(np, "%s.name", ip);
		SU_PATH(dp, "%s.devicePath", ip);
		const char *name = su_strz(d, "name"), *dpath = su_strz(d, "devicePath");
		const cJSON *vol = pod_volumes_find(vols, name);
		bool is_pvc = vol && (su_get(vol, "persistentVolumeClaim") || su_get(vol, "ephemeral"));
		if (!name[0])
			api_fe_required(errs, np, NULL);
		bool name_dup = false, path_dup = false;
		for (const cJSON *prev = devices->child; prev != d; prev = prev->next) {
			if (name[0] && streq(su_strz(prev, "name"), name))
				name_dup = true;
			if (streq(su_strz(prev, "devicePath"), dpath))
				path_dup = true;
		}
		if (name_dup)
			api_fe_invalid_str(errs, np, name, "must be unique");
		if (vol && !is_pvc)
			api_fe_invalid_str(errs, np, name,
					   "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode");
		if (!vol) {
			cJSON *v = cJSON_CreateString(name);
			api_fe_add(errs, API_FE_NOT_FOUND, np, v, NULL);
			cJSON_Delete(v);
		}
		if (!dpath[0])
			api_fe_required(errs, dp, NULL);
		if (path_dup)
			api_fe_invalid_str(errs, dp, dpath, "must be unique");
		api_field_errors tmp = API_FIELD_ERRORS_INIT;
		pod_validate_path_no_backsteps(dpath, dp, &tmp);
		if (dpath[0] && tmp.n)
			api_fe_invalid_str(errs, dp, dpath, "can not contain backsteps ('..')");
		api_field_errors_clear(&tmp);
		SU_EACH(j, m, mounts) {
			(void)j;
			if (streq(su_strz(m, "name"), name)) {
				api_fe_invalid_str(errs, np, name, "must not already exist in volumeMounts");
				break;
			}
		}
		SU_EACH(j, m, mounts) {
			(void)j;
			if (streq(su_strz(m, "mountPath"), dpath)) {
				api_fe_invalid_str(errs, dp, dpath, "must not already exist as a path in volumeMounts");
				break;
			}
		}
	}
}
