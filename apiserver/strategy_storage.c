/* strategy_storage.c - PersistentVolumes and PersistentVolumeClaims (core/v1)
 * and StorageClasses (storage.k8s.io/v1): upstream's defaults, validation
 * and update rules. */
#include <stdlib.h>
#include <string.h>

#include "apiserver/strategies.h"
#include "apiserver/strategy_util.h"
#include "common/quantity.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

static const char *const access_modes[] = {"ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod", NULL};
static const char *const volume_modes[] = {"Block", "Filesystem", NULL};

static void keep_status(cJSON *obj, const cJSON *old)
{
	const cJSON *st = su_get(old, "status");
	if (st)
		su_put(obj, "status", cJSON_Duplicate(st, true));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "status");
}

static void canonical_list(cJSON *list)
{
	if (!cJSON_IsObject(list))
		return;
	cJSON *it = list->child;
	while (it) {
		cJSON *next = it->next;
		kc_quantity q;
		char buf[KC_QUANTITY_STR_MAX];
		if (kc_quantity_from_json(it, &q, NULL) == 0) {
			kc_quantity_string(&q, buf);
			if (!cJSON_IsString(it) || !streq(it->valuestring, buf))
				cJSON_ReplaceItemInObjectCaseSensitive(list, it->string, cJSON_CreateString(buf));
		}
		it = next;
	}
}

static void validate_access_modes(const cJSON *spec, const char *required_detail, api_field_errors *errs)
{
	const cJSON *modes = su_arr(spec, "accessModes");
	if (su_len(modes) == 0)
		api_fe_required(errs, "spec.accessModes", required_detail);
	bool rwop = false, other = false;
	SU_EACH(i, m, modes) {
		(void)i;
		const char *v = cJSON_IsString(m) ? m->valuestring : "";
		if (!su_in(v, access_modes))
			api_fe_not_supported_str(errs, "spec.accessModes", v, access_modes);
		else if (streq(v, "ReadWriteOncePod"))
			rwop = true;
		else
			other = true;
	}
	if (rwop && other)
		api_fe_forbidden(errs, "spec.accessModes", "may not use ReadWriteOncePod with other access modes");
}

/* ---- PersistentVolumes ---- */

static void pvs_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (cJSON_IsObject(spec)) {
		su_default_str(spec, "persistentVolumeReclaimPolicy", "Retain");
		su_default_str(spec, "volumeMode", "Filesystem");
		canonical_list(su_getm(spec, "capacity"));
		cJSON *hp = su_getm(spec, "hostPath");
		if (cJSON_IsObject(hp) && !su_get(hp, "type"))
			su_put_str(hp, "type", "");
	}
	cJSON *status = su_ensure_obj(obj, "status");
	su_default_str(status, "phase", "Pending");
}

static void pvs_prepare_create(cJSON *obj)
{
	cJSON *status = cJSON_CreateObject();
	cJSON_AddStringToObject(status, "phase", "Pending");
	su_put(obj, "status", status);
}

static void pvs_prepare_update(cJSON *obj, const cJSON *old) { keep_status(obj, old); }

/* The PersistentVolumeSource members in upstream's order, with the name
 * its "more than 1" error uses. */
static const struct {
	const char *key, *dup_name;
} pv_sources[] = {
	{"hostPath", "hostPath"}, {"gcePersistentDisk", "gcePersistentDisk"},
	{"awsElasticBlockStore", "awsElasticBlockStore"}, {"glusterfs", "glusterfs"}, {"flocker", "flocker"},
	{"nfs", "nfs"}, {"rbd", "rbd"}, {"quobyte", "quobyte"}, {"cephfs", "cephFS"}, {"iscsi", "iscsi"},
	{"cinder", "cinder"}, {"fc", "fc"}, {"flexVolume", "flexVolume"}, {"azureFile", "azureFile"},
	{"vsphereVolume", "vsphereVolume"}, {"photonPersistentDisk", "photonPersistentDisk"},
	{"portworxVolume", "portworxVolume"}, {"azureDisk", "azureDisk"}, {"scaleIO", "scaleIO"},
	{"local", "local"}, {"storageos", "storageos"}, {"csi", "csi"},
};

static void validate_pv_source_detail(const char *key, const cJSON *s, api_field_errors *errs)
{
	SU_PATH(sp, "spec.%s", key);
	if (streq(key, "hostPath") || streq(key, "local")) {
		const char *p = su_strz(s, "path");
		SU_PATH(pp, "%s.path", sp);
		if (!p[0]) {
			api_fe_required(errs, pp, NULL);
			return;
		}
		const char *q = p;
		while (*q) {
			const char *slash = strchr(q, '/');
			size_t n = slash ? (size_t)(slash - q) : strlen(q);
			if (n == 2 && q[0] == '.' && q[1] == '.') {
				api_fe_invalid_str(errs, pp, p, "must not contain '..'");
				break;
			}
			if (!slash)
				break;
			q = slash + 1;
		}
		if (streq(key, "hostPath")) {
			static const char *const types[] = {"", "BlockDevice", "CharDevice", "Directory",
							    "DirectoryOrCreate", "File", "FileOrCreate", "Socket", NULL};
			const char *t = su_str(s, "type");
			if (t && !su_in(t, types)) {
				SU_PATH(tp, "%s.type", sp);
				api_fe_not_supported_str(errs, tp, t, types);
			}
		}
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
	} else if (streq(key, "csi")) {
		if (!su_strz(s, "driver")[0]) {
			SU_PATH(dp, "%s.driver", sp);
			api_fe_required(errs, dp, NULL);
		}
		if (!su_strz(s, "volumeHandle")[0]) {
			SU_PATH(vp, "%s.volumeHandle", sp);
			api_fe_required(errs, vp, NULL);
		}
	}
}

static void validate_pv(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec");
	validate_access_modes(spec, NULL, errs);
	const cJSON *cap = su_obj(spec, "capacity");
	if (su_len(cap) == 0)
		api_fe_required(errs, "spec.capacity", NULL);
	if (!su_get(cap, "storage") || su_len(cap) > 1) {
		static const char *const only[] = {"storage", NULL};
		if (cap)
			api_fe_not_supported(errs, "spec.capacity", cap, only);
		else
			api_fe_add_rendered(errs, API_FE_NOT_SUPPORTED, "spec.capacity", "null", "supported values: \"storage\"");
	}
	const cJSON *it;
	if (cap)
		cJSON_ArrayForEach(it, cap) {
			SU_PATH(p, "spec.capacity[%s]", it->string);
			kc_quantity q;
			if (kc_quantity_from_json(it, &q, NULL) < 0)
				continue;
			char buf[KC_QUANTITY_STR_MAX];
			if (kc_quantity_value(&q) < 0)
				api_fe_invalid_int(errs, p, kc_quantity_value(&q), "must be a valid resource quantity");
			if (kc_quantity_sign(&q) <= 0)
				api_fe_invalid_str(errs, p, kc_quantity_string(&q, buf), "must be greater than zero");
		}
	const char *rp = su_strz(spec, "persistentVolumeReclaimPolicy");
	static const char *const policies[] = {"Delete", "Recycle", "Retain", NULL};
	if (rp[0] && !su_in(rp, policies))
		api_fe_not_supported_str(errs, "spec.persistentVolumeReclaimPolicy", rp, policies);
	int n = 0;
	for (size_t k = 0; k < KC_ARRAY_SIZE(pv_sources); k++) {
		const cJSON *s = su_get(spec, pv_sources[k].key);
		if (!s)
			continue;
		if (n > 0) {
			SU_PATH(p, "spec.%s", pv_sources[k].dup_name);
			api_fe_forbidden(errs, p, "may not specify more than 1 volume type");
			continue;
		}
		n++;
		validate_pv_source_detail(pv_sources[k].key, s, errs);
	}
	if (n == 0)
		api_fe_required(errs, "spec", "must specify a volume type");
	const cJSON *hp = su_get(spec, "hostPath");
	if (hp && streq(rp, "Recycle")) {
		const char *p = su_strz(hp, "path");
		if (strspn(p, "/") == strlen(p) && p[0])
			api_fe_forbidden(errs, "spec.persistentVolumeReclaimPolicy", "may not be 'recycle' for a hostPath mount of '/'");
	}
	const char *sc = su_strz(spec, "storageClassName");
	if (sc[0])
		su_check_name(errs, "spec.storageClassName", sc, kc_validate_name_dns_subdomain);
	const char *vm = su_str(spec, "volumeMode");
	if (vm && !su_in(vm, volume_modes))
		api_fe_not_supported_str(errs, "spec.volumeMode", vm, volume_modes);
}

static void pvs_validate_create(const cJSON *obj, api_field_errors *errs) { validate_pv(obj, errs); }

/* The PersistentVolumeSource part of a PV spec (everything a volume type). */
static cJSON *pv_source(const cJSON *spec)
{
	cJSON *src = cJSON_CreateObject();
	for (size_t k = 0; k < KC_ARRAY_SIZE(pv_sources); k++) {
		const cJSON *s = su_get(spec, pv_sources[k].key);
		if (s)
			cJSON_AddItemToObject(src, pv_sources[k].key, cJSON_Duplicate(s, true));
	}
	return src;
}

static void pvs_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	validate_pv(obj, errs);
	cJSON *ns = pv_source(su_get(obj, "spec")), *os = pv_source(su_get(old, "spec"));
	/* a CSI controllerExpandSecretRef may be added */
	cJSON *ncsi = su_getm(ns, "csi");
	if (cJSON_IsObject(ncsi) && !su_get(su_get(os, "csi"), "controllerExpandSecretRef"))
		cJSON_DeleteItemFromObjectCaseSensitive(ncsi, "controllerExpandSecretRef");
	if (!su_equal(ns, os)) {
		_cleanup_free_ char *a = api_fe_render_value(os), *b = api_fe_render_value(ns);
		SU_PATH(d, "spec.persistentvolumesource is immutable after creation\n- %s\n+ %s", a, b);
		api_fe_forbidden(errs, "spec.persistentvolumesource", d);
	}
	cJSON_Delete(ns);
	cJSON_Delete(os);
	su_immutable(errs, "volumeMode", su_get(obj, "spec"), su_get(old, "spec"), "volumeMode");
}

static void pvs_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	if (!su_strz(su_get(obj, "metadata"), "resourceVersion")[0])
		api_fe_required(errs, "resourceVersion", NULL);
}

const api_strategy api_strategy_persistentvolumes = {
	.group = "",
	.plural = "persistentvolumes",
	.defaults = pvs_defaults,
	.prepare_create = pvs_prepare_create,
	.prepare_update = pvs_prepare_update,
	.validate_create = pvs_validate_create,
	.validate_update = pvs_validate_update,
	.validate_status_update = pvs_validate_status,
	.has_status = true,
};

/* ---- PersistentVolumeClaims ---- */

static void pvcs_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (cJSON_IsObject(spec)) {
		su_default_str(spec, "volumeMode", "Filesystem");
		cJSON *res = su_getm(spec, "resources");
		canonical_list(su_getm(res, "requests"));
		canonical_list(su_getm(res, "limits"));
	}
	cJSON *status = su_ensure_obj(obj, "status");
	su_default_str(status, "phase", "Pending");
}

static void pvcs_prepare_create(cJSON *obj)
{
	cJSON *status = cJSON_CreateObject();
	cJSON_AddStringToObject(status, "phase", "Pending");
	su_put(obj, "status", status);
}

static void validate_pvc_spec(const cJSON *spec, api_field_errors *errs)
{
	validate_access_modes(spec, "at least 1 access mode is required", errs);
	const cJSON *sel = su_get(spec, "selector");
	if (sel)
		su_label_selector(errs, "spec.selector", sel);
	const cJSON *storage = su_get(su_obj(su_get(spec, "resources"), "requests"), "storage");
	kc_quantity q;
	char buf[KC_QUANTITY_STR_MAX];
	if (!storage)
		api_fe_required(errs, "spec.resources[storage]", NULL);
	else if (kc_quantity_from_json(storage, &q, NULL) == 0) {
		if (kc_quantity_sign(&q) <= 0)
			api_fe_invalid_str(errs, "spec.resources[storage]", kc_quantity_string(&q, buf), "must be greater than zero");
	}
	const char *sc = su_str(spec, "storageClassName");
	if (sc && sc[0])
		su_check_name(errs, "spec.storageClassName", sc, kc_validate_name_dns_subdomain);
	const char *vm = su_str(spec, "volumeMode");
	if (vm && !su_in(vm, volume_modes))
		api_fe_not_supported_str(errs, "spec.volumeMode", vm, volume_modes);
}

static void pvcs_validate_create(const cJSON *obj, api_field_errors *errs) { validate_pvc_spec(su_get(obj, "spec"), errs); }

static void pvcs_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec"), *os = su_get(old, "spec");
	validate_pvc_spec(spec, errs);
	cJSON *n = spec ? cJSON_Duplicate(spec, true) : cJSON_CreateObject();
	cJSON *o = os ? cJSON_Duplicate(os, true) : cJSON_CreateObject();
	/* the binder sets volumeName once */
	if (!su_strz(os, "volumeName")[0]) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, "volumeName");
		const cJSON *vn = su_get(spec, "volumeName");
		if (vn)
			cJSON_AddItemToObject(o, "volumeName", cJSON_Duplicate(vn, true));
	}
	bool bound = streq(su_strz(su_get(obj, "status"), "phase"), "Bound");
	cJSON *nreq = su_getm(su_getm(n, "resources"), "requests");
	if (bound && cJSON_IsObject(nreq)) {
		cJSON_DeleteItemFromObjectCaseSensitive(nreq, "storage");
		const cJSON *ost = su_get(su_obj(su_get(os, "resources"), "requests"), "storage");
		if (ost)
			cJSON_AddItemToObject(nreq, "storage", cJSON_Duplicate(ost, true));
	}
	if (bound) {
		cJSON_DeleteItemFromObjectCaseSensitive(n, "volumeAttributesClassName");
		const cJSON *v = su_get(os, "volumeAttributesClassName");
		if (v)
			cJSON_AddItemToObject(n, "volumeAttributesClassName", cJSON_Duplicate(v, true));
	}
	if (!su_equal(n, o)) {
		_cleanup_free_ char *a = api_fe_render_value(o), *b = api_fe_render_value(n);
		SU_PATH(d, "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n- %s\n+ %s",
			a, b);
		api_fe_forbidden(errs, "spec", d);
	}
	cJSON_Delete(n);
	cJSON_Delete(o);
	kc_quantity ns, ols;
	const cJSON *nsv = su_get(su_obj(su_get(spec, "resources"), "requests"), "storage");
	const cJSON *osv = su_get(su_obj(su_get(os, "resources"), "requests"), "storage");
	if (nsv && osv && kc_quantity_from_json(nsv, &ns, NULL) == 0 && kc_quantity_from_json(osv, &ols, NULL) == 0 &&
	    kc_quantity_cmp(&ns, &ols) < 0) {
		/* RecoverVolumeExpansionFailure (GA): down to status.capacity */
		const cJSON *cap = su_get(su_obj(su_get(old, "status"), "capacity"), "storage");
		kc_quantity cq = KC_QUANTITY_ZERO;
		if (cap)
			kc_quantity_from_json(cap, &cq, NULL);
		if (kc_quantity_cmp(&ns, &cq) <= 0)
			api_fe_forbidden(errs, "spec.resources.requests.storage", "field can not be less than status.capacity");
	}
	su_immutable(errs, "volumeMode", spec, os, "volumeMode");
}

static void pvcs_prepare_update(cJSON *obj, const cJSON *old) { keep_status(obj, old); }

static void pvcs_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	if (!su_strz(su_get(obj, "metadata"), "resourceVersion")[0])
		api_fe_required(errs, "resourceVersion", NULL);
	if (su_len(su_arr(su_get(obj, "spec"), "accessModes")) == 0)
		api_fe_required(errs, "Spec.accessModes", NULL);
}

const api_strategy api_strategy_persistentvolumeclaims = {
	.group = "",
	.plural = "persistentvolumeclaims",
	.defaults = pvcs_defaults,
	.prepare_create = pvcs_prepare_create,
	.prepare_update = pvcs_prepare_update,
	.validate_create = pvcs_validate_create,
	.validate_update = pvcs_validate_update,
	.validate_status_update = pvcs_validate_status,
	.has_status = true,
};

/* ---- StorageClasses ---- */

static void storageclasses_defaults(cJSON *obj)
{
	if (!cJSON_IsObject(obj))
		return;
	su_default_str(obj, "reclaimPolicy", "Delete");
	su_default_str(obj, "volumeBindingMode", "Immediate");
}

static void storageclasses_validate_create(const cJSON *obj, api_field_errors *errs)
{
	const char *prov = su_strz(obj, "provisioner");
	if (!prov[0]) {
		api_fe_required(errs, "provisioner", NULL);
	} else {
		_cleanup_free_ char *lower = xstrdup(prov);
		for (char *c = lower; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		su_check(errs, "provisioner", lower, kc_validate_qualified_name);
	}
	const cJSON *params = su_obj(obj, "parameters");
	if (su_len(params) > 512) {
		api_fe_too_long(errs, "parameters", NULL, 512);
	} else {
		long long total = 0;
		const cJSON *it;
		if (params)
			cJSON_ArrayForEach(it, params) {
				if (!it->string[0])
					api_fe_invalid_str(errs, "parameters", "", "field can not be empty.");
				total += (long long)strlen(it->string) + (long long)strlen(cJSON_IsString(it) ? it->valuestring : "");
			}
		if (total > 256 * 1024)
			api_fe_too_long(errs, "parameters", NULL, 256 * 1024);
	}
	const char *rp = su_strz(obj, "reclaimPolicy");
	static const char *const policies[] = {"Delete", "Retain", NULL};
	if (rp[0] && !su_in(rp, policies))
		api_fe_not_supported_str(errs, "reclaimPolicy", rp, policies);
	const char *vbm = su_str(obj, "volumeBindingMode");
	static const char *const modes[] = {"Immediate", "WaitForFirstConsumer", NULL};
	if (!vbm)
		api_fe_required(errs, "volumeBindingMode", NULL);
	else if (!su_in(vbm, modes))
		api_fe_not_supported_str(errs, "volumeBindingMode", vbm, modes);
	SU_EACH(i, term, su_arr(obj, "allowedTopologies")) {
		SU_PATH(tp, "allowedTopologies[%zu].matchLabelExpressions", i);
		const cJSON *exprs = su_arr(term, "matchLabelExpressions");
		if (su_len(exprs) == 0)
			api_fe_required(errs, tp, "must have at least one label requirement");
		SU_EACH(j, e, exprs) {
			SU_PATH(ep, "%s[%zu]", tp, j);
			SU_PATH(kp, "%s.key", ep);
			su_check(errs, kp, su_strz(e, "key"), kc_validate_qualified_name);
			if (su_len(su_arr(e, "values")) == 0) {
				SU_PATH(vp, "%s.values", ep);
				api_fe_required(errs, vp, "must specify as least one value");
			}
		}
	}
}

static void storageclasses_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	if (!su_equal_member(obj, old, "parameters"))
		api_fe_forbidden(errs, "parameters", "updates to parameters are forbidden.");
	if (!streq(su_strz(obj, "provisioner"), su_strz(old, "provisioner")))
		api_fe_forbidden(errs, "provisioner", "updates to provisioner are forbidden.");
	if (!streq(su_strz(obj, "reclaimPolicy"), su_strz(old, "reclaimPolicy")))
		api_fe_forbidden(errs, "reclaimPolicy", "updates to reclaimPolicy are forbidden.");
	su_immutable(errs, "volumeBindingMode", obj, old, "volumeBindingMode");
}

const api_strategy api_strategy_storageclasses = {
	.group = "storage.k8s.io",
	.plural = "storageclasses",
	.defaults = storageclasses_defaults,
	.validate_create = storageclasses_validate_create,
	.validate_update = storageclasses_validate_update,
};
