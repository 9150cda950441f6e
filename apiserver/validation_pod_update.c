/* validation_pod_update.c - what a pod update and a pod status update may
 * change, as upstream's ValidatePodUpdate and ValidatePodStatusUpdate. */
#include <limits.h>
#include <string.h>

#include "apiserver/strategy_util.h"
#include "apiserver/validation_pod.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

static const char updatable_fields[] =
	"`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
	"`spec.tolerations` (only additions to existing tolerations),"
	"`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/* ValidateContainerUpdates: returns true to stop (containers added or
 * removed). */
static bool container_updates(const cJSON *n, const cJSON *o, const char *path, api_field_errors *errs)
{
	if (su_len(n) != su_len(o)) {
		api_fe_forbidden(errs, path, "pod updates may not add or remove containers");
		return true;
	}
	SU_EACH(i, ctr, n) {
		const char *img = su_strz(ctr, "image");
		SU_PATH(p, "%s[%zu].image", path, i);
		size_t len = strlen(img);
		if (!len)
			api_fe_required(errs, p, NULL);
		if (len && (strchr(" \t\n\v\f\r", img[0]) || strchr(" \t\n\v\f\r", img[len - 1])))
			api_fe_invalid_str(errs, p, img, "must not have leading or trailing whitespace");
	}
	return false;
}

/* validateOnlyAddedTolerations: every old toleration must still be there,
 * tolerationSeconds aside. */
static bool tolerations_only_added(const cJSON *n, const cJSON *o)
{
	SU_EACH(i, old, o) {
		(void)i;
		bool found = false;
		SU_EACH(j, t, n) {
			(void)j;
			cJSON *clone = cJSON_Duplicate(old, true);
			cJSON_DeleteItemFromObjectCaseSensitive(clone, "tolerationSeconds");
			const cJSON *ts = su_get(t, "tolerationSeconds");
			if (ts)
				cJSON_AddItemToObject(clone, "tolerationSeconds", cJSON_Duplicate(ts, true));
			found = su_equal(clone, t);
			cJSON_Delete(clone);
			if (found)
				break;
		}
		if (!found)
			return false;
	}
	return true;
}

/* A readable stand-in for upstream's cmp.Diff of the two specs: one "-"
 * and one "+" line per top-level field that differs. */
static char *spec_diff(const cJSON *old, const cJSON *munged)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "  core.PodSpec{\n");
	const cJSON *it;
	cJSON *keys = cJSON_CreateObject();
	cJSON_ArrayForEach(it, old) if (it->string && !cJSON_GetObjectItemCaseSensitive(keys, it->string))
		cJSON_AddNullToObject(keys, it->string);
	cJSON_ArrayForEach(it, munged) if (it->string && !cJSON_GetObjectItemCaseSensitive(keys, it->string))
		cJSON_AddNullToObject(keys, it->string);
	cJSON_ArrayForEach(it, keys) {
		const cJSON *a = su_get(old, it->string), *c = su_get(munged, it->string);
		if (su_equal(a, c))
			continue;
		_cleanup_free_ char *av = a ? api_fe_render_value(a) : NULL;
		_cleanup_free_ char *cv = c ? api_fe_render_value(c) : NULL;
		if (av)
			kc_buf_addf(&b, "- \t%s: %s,\n", it->string, av);
		if (cv)
			kc_buf_addf(&b, "+ \t%s: %s,\n", it->string, cv);
	}
	cJSON_Delete(keys);
	kc_buf_addstr(&b, "  }\n");
	return kc_buf_release(&b);
}

static void munge_images(cJSON *munged, const cJSON *old_spec, const char *key)
{
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(munged, key);
	const cJSON *old_arr = su_arr(old_spec, key);
	cJSON *ctr;
	size_t i = 0;
	cJSON_ArrayForEach(ctr, arr) {
		const cJSON *oc = cJSON_GetArrayItem(old_arr, (int)i++);
		if (!cJSON_IsObject(ctr))
			continue;
		const cJSON *img = su_get(oc, "image");
		if (img)
			su_put(ctr, "image", cJSON_Duplicate(img, true));
		else
			cJSON_DeleteItemFromObjectCaseSensitive(ctr, "image");
	}
}

static void copy_member(cJSON *dst, const cJSON *src, const char *key)
{
	cJSON_DeleteItemFromObjectCaseSensitive(dst, key);
	const cJSON *v = su_get(src, key);
	if (v)
		cJSON_AddItemToObject(dst, key, cJSON_Duplicate(v, true));
}

void api_validate_pod_update(const cJSON *pod, const cJSON *old, api_field_errors *errs)
{
	api_validate_pod_create(pod, errs);
	/* the create-only rules do not apply again: drop what
	 * api_validate_pod_create adds about ephemeral containers */
	for (size_t i = 0; i < errs->n; i++)
		if (streq(errs->v[i].field, "spec.ephemeralContainers") && errs->v[i].type == API_FE_FORBIDDEN &&
		    errs->v[i].detail && streq(errs->v[i].detail, "cannot be set on create")) {
			free(errs->v[i].field);
			free(errs->v[i].bad_value);
			free(errs->v[i].detail);
			memmove(&errs->v[i], &errs->v[i + 1], (errs->n - i - 1) * sizeof(errs->v[0]));
			errs->n--;
			i--;
		}

	const cJSON *spec = su_get(pod, "spec"), *old_spec = su_get(old, "spec");
	if (container_updates(su_arr(spec, "containers"), su_arr(old_spec, "containers"), "spec.containers", errs))
		return;
	if (container_updates(su_arr(spec, "initContainers"), su_arr(old_spec, "initContainers"),
			      "spec.initContainers", errs))
		return;

	long long nads, oads;
	bool has_n = su_int(spec, "activeDeadlineSeconds", &nads), has_o = su_int(old_spec, "activeDeadlineSeconds", &oads);
	if (has_n) {
		if (nads < 0 || nads > INT_MAX) {
			api_fe_invalid_int(errs, "spec.activeDeadlineSeconds", nads, "must be between 0 and 2147483647, inclusive");
			return;
		}
		if (has_o && oads < nads) {
			api_fe_invalid_int(errs, "spec.activeDeadlineSeconds", nads, "must be less than or equal to previous value");
			return;
		}
	} else if (has_o) {
		api_fe_add_rendered(errs, API_FE_INVALID, "spec.activeDeadlineSeconds", "null",
				    "must not update from a positive integer to nil value");
	}

	if (!tolerations_only_added(su_arr(spec, "tolerations"), su_arr(old_spec, "tolerations")))
		api_fe_forbidden(errs, "spec.tolerations", "existing toleration can not be modified except its tolerationSeconds");

	/* schedulingGates: only deletions */
	SU_EACH(i, g, su_arr(spec, "schedulingGates")) {
		const char *name = su_strz(g, "name");
		bool found = false;
		SU_EACH(j, og, su_arr(old_spec, "schedulingGates")) {
			(void)j;
			if (streq(su_strz(og, "name"), name))
				found = true;
		}
		if (!found) {
			SU_PATH(p, "spec.schedulingGates[%zu].name", i);
			SU_PATH(d, "only deletion is allowed, but found new scheduling gate '%s'", name);
			api_fe_forbidden(errs, p, d);
		}
	}

	if (su_equal(spec, old_spec))
		return;

	cJSON *munged = spec ? cJSON_Duplicate(spec, true) : cJSON_CreateObject();
	munge_images(munged, old_spec, "containers");
	munge_images(munged, old_spec, "initContainers");
	copy_member(munged, old_spec, "activeDeadlineSeconds");
	copy_member(munged, old_spec, "schedulingGates");
	copy_member(munged, old_spec, "tolerations");
	long long ot, nt;
	if (su_int(old_spec, "terminationGracePeriodSeconds", &ot) && ot < 0 &&
	    su_int(munged, "terminationGracePeriodSeconds", &nt) && nt == 1)
		copy_member(munged, old_spec, "terminationGracePeriodSeconds");
	if (su_len(su_arr(old_spec, "schedulingGates")) > 0) {
		/* gated pods may gain nodeSelector entries and node affinity */
		copy_member(munged, old_spec, "nodeSelector");
	}
	if (!su_equal(munged, old_spec)) {
		_cleanup_free_ char *diff = spec_diff(old_spec, munged);
		SU_PATH(d, "pod updates may not change fields other than %s\n%s", updatable_fields, diff);
		api_fe_forbidden(errs, "spec", d);
	}
	cJSON_Delete(munged);
}

/* Containers that ran to completion may not come back unless the restart
 * policy says so (ValidateContainerStateTransition). */
static void state_transitions(const cJSON *n, const cJSON *o, const char *restart, const char *path, bool init,
			      const cJSON *spec, api_field_errors *errs)
{
	if (!init && streq(restart, "Always"))
		return;
	SU_EACH(i, os, o) {
		const cJSON *term = su_get(su_get(os, "state"), "terminated");
		if (!term)
			continue;
		if (init) {
			/* restartable (sidecar) init containers may restart */
			bool sidecar = false;
			SU_EACH(k, c, su_arr(spec, "initContainers")) {
				(void)k;
				if (streq(su_strz(c, "name"), su_strz(os, "name")) && streq(su_strz(c, "restartPolicy"), "Always"))
					sidecar = true;
			}
			if (sidecar || streq(restart, "Always"))
				continue;
		}
		if (su_intd(term, "exitCode", 0) != 0 && streq(restart, "OnFailure"))
			continue;
		SU_EACH(j, ns, n) {
			(void)j;
			if (streq(su_strz(ns, "name"), su_strz(os, "name")) && !su_get(su_get(ns, "state"), "terminated")) {
				SU_PATH(p, "%s[%zu].state", path, i);
				api_fe_forbidden(errs, p, "may not be transitioned to non-terminated state");
			}
		}
	}
}

static void validate_ip_list(const cJSON *list, const cJSON *old_list, const char *path, api_field_errors *errs)
{
	SU_EACH(i, e, list) {
		const char *ip = su_strz(e, "ip");
		bool existed = false;
		SU_EACH(j, oe, old_list) {
			(void)j;
			if (streq(su_strz(oe, "ip"), ip))
				existed = true;
		}
		if (existed)
			continue;
		SU_PATH(p, "%s[%zu]", path, i);
		kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
		kc_validate_ip_legacy(&v, p, ip, true);
		api_fe_add_validate(errs, &v);
		kc_validate_errors_free(&v);
	}
	if (su_len(list) > 1) {
		bool v4 = false, v6 = false, dual = true;
		SU_EACH(i, e, list) {
			(void)i;
			bool is6 = strchr(su_strz(e, "ip"), ':') != NULL;
			if ((is6 && v6) || (!is6 && v4))
				dual = false;
			if (is6)
				v6 = true;
			else
				v4 = true;
		}
		if (!dual || su_len(list) > 2) {
			static const char *const pod_ip[] = {"sIP:ip", NULL};
			_cleanup_free_ char *v = su_go_struct_array(list, pod_ip);
			api_fe_add_rendered(errs, API_FE_INVALID, path, v, "may specify no more than one IP for each IP family");
		}
	}
}

void api_validate_pod_status_update(const cJSON *pod, const cJSON *old, api_field_errors *errs)
{
	const cJSON *status = su_get(pod, "status"), *old_status = su_get(old, "status");
	const cJSON *spec = su_get(pod, "spec"), *old_spec = su_get(old, "spec");
	static const char *const system_conditions[] = {"PodScheduled", "Ready", "Initialized", NULL};
	SU_EACH(i, c, su_arr(status, "conditions")) {
		long long og;
		if (su_int(c, "observedGeneration", &og) && og < 0) {
			SU_PATH(p, "status.conditions[%zu].observedGeneration", i);
			api_fe_invalid_int(errs, p, og, "must be a non-negative integer");
		}
		const char *type = su_strz(c, "type");
		if (su_in(type, system_conditions))
			continue;
		SU_PATH(p, "status.conditions[%zu].Type", i);
		su_check(errs, p, type, kc_validate_qualified_name);
	}
	if (!streq(su_strz(spec, "nodeName"), su_strz(old_spec, "nodeName")))
		api_fe_forbidden(errs, "status.nodeName", "may not be changed directly");
	const char *nnn = su_strz(status, "nominatedNodeName");
	if (!streq(nnn, su_strz(old_status, "nominatedNodeName")) && nnn[0])
		su_check_name(errs, "status.nominatedNodeName", nnn, kc_validate_name_dns_subdomain);
	long long og;
	if (su_int(status, "observedGeneration", &og) && og < 0)
		api_fe_invalid_int(errs, "status.observedGeneration", og, "must be a non-negative integer");
	su_immutable(errs, "status.qosClass", status, old_status, "qosClass");
	const char *restart = su_strz(old_spec, "restartPolicy");
	state_transitions(su_arr(status, "containerStatuses"), su_arr(old_status, "containerStatuses"), restart,
			  "status.containerStatuses", false, old_spec, errs);
	state_transitions(su_arr(status, "initContainerStatuses"), su_arr(old_status, "initContainerStatuses"),
			  restart, "status.initContainerStatuses", true, old_spec, errs);
	validate_ip_list(su_arr(status, "podIPs"), su_arr(old_status, "podIPs"), "status.podIPs", errs);
	const cJSON *host_ips = su_arr(status, "hostIPs");
	if (su_len(host_ips) > 0) {
		const char *first = su_strz(cJSON_GetArrayItem(host_ips, 0), "ip");
		if (!streq(su_strz(status, "hostIP"), first))
			api_fe_invalid_str(errs, "status.hostIPs[0].ip", first, "must be equal to `hostIP`");
		validate_ip_list(host_ips, su_arr(old_status, "hostIPs"), "status.hostIPs", errs);
	}
}
