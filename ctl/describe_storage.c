/* describe_storage.c - kubectl describe for storage classes and persistent
 * volumes (the claims have their own file with the pods that use them). */
#include "ctl/describe.h"

#include <string.h>

#include "common/json.h"
#include "banned.h"

static const char *annotation(const cJSON *obj, const char *key)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(kc_json_get(obj, "metadata.annotations"), key);
	return cJSON_IsString(a) ? a->valuestring : NULL;
}

int kc_describe_storageclass(const kc_dw *w, const kc_describe_env *env, const cJSON *sc, char **ret_err)
{
	(void)ret_err;
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(sc, "metadata.name"));
	const char *def = annotation(sc, "storageclass.kubernetes.io/is-default-class");
	const char *beta = annotation(sc, "storageclass.beta.kubernetes.io/is-default-class");
	kc_dw_write(w, KC_L0, "IsDefaultClass:\t%s\n",
		    (def && streq(def, "true")) || (beta && streq(beta, "true")) ? "Yes" : "No");
	_cleanup_free_ char *ann = kc_describe_format_labels(kc_json_get(sc, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "Annotations:\t%s\n", ann);
	kc_dw_write(w, KC_L0, "Provisioner:\t%s\n", kc_ds(sc, "provisioner"));
	_cleanup_free_ char *params = kc_describe_format_labels(kc_json_get(sc, "parameters"));
	kc_dw_write(w, KC_L0, "Parameters:\t%s\n", params);
	kc_dw_write(w, KC_L0, "AllowVolumeExpansion:\t%s\n", kc_describe_boolptr(sc, "allowVolumeExpansion"));
	if (!kc_dn(sc, "mountOptions")) {
		kc_dw_write(w, KC_L0, "MountOptions:\t<none>\n");
	} else {
		kc_dw_write(w, KC_L0, "MountOptions:\n");
		const cJSON *o;
		cJSON_ArrayForEach(o, kc_json_get(sc, "mountOptions"))
		kc_dw_write(w, KC_L1, "%s\n", kc_json_as_str(o, ""));
	}
	if (cJSON_IsString(kc_json_get(sc, "reclaimPolicy")))
		kc_dw_write(w, KC_L0, "ReclaimPolicy:\t%s\n", kc_ds(sc, "reclaimPolicy"));
	if (cJSON_IsString(kc_json_get(sc, "volumeBindingMode")))
		kc_dw_write(w, KC_L0, "VolumeBindingMode:\t%s\n", kc_ds(sc, "volumeBindingMode"));
	const cJSON *topo = kc_json_get(sc, "allowedTopologies");
	if (cJSON_IsArray(topo)) {
		kc_dw_write(w, KC_L0, "AllowedTopologies:\t");
		if (cJSON_GetArraySize(topo) == 0) {
			kc_dw_line(w, "<none>");
		} else {
			kc_dw_line(w, "");
			int i = 0;
			const cJSON *term;
			cJSON_ArrayForEach(term, topo)
			{
				kc_dw_write(w, KC_L1, "Term %d:%s", i++, "\t");
				const cJSON *reqs = kc_json_get(term, "matchLabelExpressions");
				if (cJSON_GetArraySize(reqs) <= 0) {
					kc_dw_line(w, "<none>");
					continue;
				}
				int k = 0;
				const cJSON *req;
				cJSON_ArrayForEach(req, reqs)
				{
					if (k++)
						kc_dw_write(w, KC_L1, "%s", "\t");
					_cleanup_buf_ kc_buf e = KC_BUF_INIT;
					kc_buf_addf(&e, "%s in", kc_ds(req, "key"));
					if (kc_dn(req, "values")) {
						kc_buf_addstr(&e, " [");
						const cJSON *v;
						bool first = true;
						cJSON_ArrayForEach(v, kc_json_get(req, "values"))
						{
							kc_buf_addf(&e, "%s%s", first ? "" : ", ", kc_json_as_str(v, ""));
							first = false;
						}
						kc_buf_addch(&e, ']');
					}
					kc_dw_write(w, KC_L0, "%s\n", kc_buf_str(&e));
				}
			}
		}
	}
	if (env->show_events) {
		_cleanup_json_ cJSON *events = kc_describe_object_events(env, sc);
		kc_describe_events(w, env, events);
	}
	return 0;
}


static void node_affinity(const kc_dw *w, const cJSON *affinity)
{
	kc_dw_write(w, KC_L0, "Node Affinity:\t");
	const cJSON *required = kc_json_get(affinity, "required");
	if (!cJSON_IsObject(required)) {
		kc_dw_line(w, "<none>");
		return;
	}
	kc_dw_line(w, "");
	kc_dw_write(w, KC_L1, "Required Terms:\t");
	const cJSON *terms = kc_json_get(required, "nodeSelectorTerms");
	if (cJSON_GetArraySize(terms) <= 0) {
		kc_dw_line(w, "<none>");
		return;
	}
	kc_dw_line(w, "");
	int i = 0;
	const cJSON *term;
	cJSON_ArrayForEach(term, terms)
	{
		kc_dw_write(w, KC_L2, "Term %d:%s", i++, "\t");
		const cJSON *reqs = kc_json_get(term, "matchExpressions");
		if (cJSON_GetArraySize(reqs) <= 0) {
			kc_dw_line(w, "<none>");
			continue;
		}
		int k = 0;
		const cJSON *req;
		cJSON_ArrayForEach(req, reqs)
		{
			if (k++)
				kc_dw_write(w, KC_L2, "%s", "\t");
			_cleanup_free_ char *op = xstrdup(kc_ds(req, "operator"));
			for (char *c = op; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c = (char)(*c + 32);
			_cleanup_buf_ kc_buf e = KC_BUF_INIT;
			kc_buf_addf(&e, "%s %s", kc_ds(req, "key"), op);
			if (kc_dn(req, "values")) {
				kc_buf_addstr(&e, " [");
				const cJSON *v;
				bool first = true;
				cJSON_ArrayForEach(v, kc_json_get(req, "values"))
				{
					kc_buf_addf(&e, "%s%s", first ? "" : ", ", kc_json_as_str(v, ""));
					first = false;
				}
				kc_buf_addch(&e, ']');
			}
			kc_dw_write(w, KC_L0, "%s\n", kc_buf_str(&e));
		}
	}
}

int kc_describe_pv(const kc_dw *w, const kc_describe_env *env, const cJSON *pv, char **ret_err)
{
	(void)ret_err;
	char t[KC_DESCRIBE_TIME_MAX], q[64];
	const cJSON *spec = kc_json_get(pv, "spec");
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(pv, "metadata.name"));
	kc_describe_labels(w, "Labels", kc_json_get(pv, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(pv, "metadata.annotations"));
	_cleanup_buf_ kc_buf fin = KC_BUF_INIT;
	const cJSON *f = kc_json_get(pv, "metadata.finalizers");
	if (cJSON_IsArray(f))
		kc_describe_govalue(&fin, f);
	else
		kc_buf_addstr(&fin, "[]");
	kc_dw_write(w, KC_L0, "Finalizers:\t%s\n", kc_buf_str(&fin));
	const char *beta = annotation(pv, "volume.beta.kubernetes.io/storage-class");
	kc_dw_write(w, KC_L0, "StorageClass:\t%s\n", beta ? beta : kc_ds(spec, "storageClassName"));
	if (cJSON_IsString(kc_json_get(pv, "metadata.deletionTimestamp")))
		kc_dw_write(w, KC_L0, "Status:\tTerminating (lasts %s)\n",
			    kc_describe_since(env, kc_json_get(pv, "metadata.deletionTimestamp"), t));
	else
		kc_dw_write(w, KC_L0, "Status:\t%s\n", kc_ds(pv, "status.phase"));
	if (cJSON_IsObject(kc_json_get(spec, "claimRef")))
		kc_dw_write(w, KC_L0, "Claim:\t%s/%s\n", kc_ds(spec, "claimRef.namespace"), kc_ds(spec, "claimRef.name"));
	else
		kc_dw_write(w, KC_L0, "Claim:\t%s\n", "");
	kc_dw_write(w, KC_L0, "Reclaim Policy:\t%s\n", kc_ds(spec, "persistentVolumeReclaimPolicy"));
	_cleanup_buf_ kc_buf modes = KC_BUF_INIT;
	kc_describe_access_modes(&modes, kc_json_get(spec, "accessModes"));
	kc_dw_write(w, KC_L0, "Access Modes:\t%s\n", kc_buf_str(&modes));
	if (cJSON_IsString(kc_json_get(spec, "volumeMode")))
		kc_dw_write(w, KC_L0, "VolumeMode:\t%s\n", kc_ds(spec, "volumeMode"));
	kc_dw_write(w, KC_L0, "Capacity:\t%s\n", kc_describe_quantity(kc_json_get(spec, "capacity.storage"), q));
	node_affinity(w, kc_json_get(spec, "nodeAffinity"));
	kc_dw_write(w, KC_L0, "Message:\t%s\n", kc_ds(pv, "status.message"));
	kc_dw_write(w, KC_L0, "Source:\n");
	kc_describe_pv_source(w, spec);
	if (env->show_events) {
		_cleanup_json_ cJSON *events = kc_describe_object_events(env, pv);
		kc_describe_events(w, env, events);
	}
	return 0;
}
