/* strategy_apps.c - the workload controllers: Deployments, ReplicaSets,
 * StatefulSets, DaemonSets and ControllerRevisions (apps/v1), and
 * ReplicationControllers (core/v1): upstream's apps/v1 defaults, the
 * apps validation (selector required and matching the template labels,
 * immutable in apps/v1, strategies, restartPolicy Always) and the
 * registry's PrepareForCreate/Update. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apiserver/strategies.h"
#include "apiserver/strategy_util.h"
#include "apiserver/validation_pod.h"
#include "common/selector.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

/* ---- shared pieces ---- */

/* The internal Go struct of a Deployment/StatefulSet/DaemonSet strategy,
 * as upstream prints it in messages. */
static const char *const strategy_fields[] = {"sType:type", "pRollingUpdate:rollingUpdate", NULL};

static void status_reset(cJSON *obj) { su_put(obj, "status", cJSON_CreateObject()); }

static void keep_status(cJSON *obj, const cJSON *old)
{
	const cJSON *st = su_get(old, "status");
	if (st)
		su_put(obj, "status", cJSON_Duplicate(st, true));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "status");
}

static void default_template(cJSON *spec) { api_pod_template_defaults(su_getm(spec, "template")); }

/* IntOrString as upstream's getIntOrPercentValue; *valid false for a
 * string that is not a percentage. */
static long long int_or_percent(const cJSON *v, bool *is_percent)
{
	*is_percent = false;
	if (cJSON_IsNumber(v))
		return su_ll(v);
	if (cJSON_IsString(v) && kc_validate_percent(v->valuestring, NULL) == 0) {
		*is_percent = true;
		return strtoll(v->valuestring, NULL, 10);
	}
	return 0;
}

/* ValidatePositiveIntOrPercent */
static void positive_int_or_percent(const cJSON *v, const char *path, api_field_errors *errs)
{
	if (cJSON_IsString(v)) {
		kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
		kc_validate_percent(v->valuestring, &m);
		for (size_t i = 0; i < m.n; i++)
			api_fe_invalid(errs, path, v, m.v[i]);
		kc_validate_msgs_free(&m);
	} else if (cJSON_IsNumber(v)) {
		su_nonnegative(errs, path, su_ll(v));
	} else if (v) {
		api_fe_invalid(errs, path, v, "must be an integer or percentage (e.g '5%%')");
	} else {
		su_nonnegative(errs, path, 0);
	}
}

/* IsNotMoreThan100Percent */
static void not_more_than_100(const cJSON *v, const char *path, api_field_errors *errs)
{
	bool pct;
	long long val = int_or_percent(v, &pct);
	if (pct && val > 100)
		api_fe_invalid(errs, path, v, "must not be greater than 100%");
}

/* The selector checks shared by Deployments and ReplicaSets: required,
 * valid, non-empty; parsed into *ret (NULL when it does not convert). */
static void validate_selector(const cJSON *spec, const char *kind_word, kc_selector **ret, api_field_errors *errs)
{
	*ret = NULL;
	const cJSON *sel = su_get(spec, "selector");
	if (!sel) {
		api_fe_required(errs, "spec.selector", NULL);
	} else {
		su_label_selector(errs, "spec.selector", sel);
		if (su_len(su_obj(sel, "matchLabels")) + su_len(su_arr(sel, "matchExpressions")) == 0) {
			SU_PATH(d, "empty selector is invalid for %s", kind_word);
			api_fe_invalid(errs, "spec.selector", sel, d);
		}
	}
	if (kc_selector_from_label_selector(sel, ret, NULL) < 0) {
		*ret = NULL;
		if (sel)
			api_fe_invalid(errs, "spec.selector", sel, "invalid label selector");
	}
}

static const cJSON *template_labels(const cJSON *tmpl) { return su_obj(su_get(tmpl, "metadata"), "labels"); }

static void selector_matches_template(const kc_selector *sel, const cJSON *tmpl, api_field_errors *errs)
{
	if (sel && !kc_selector_empty(sel) && !kc_selector_matches(sel, template_labels(tmpl))) {
		const cJSON *labels = template_labels(tmpl);
		if (labels)
			api_fe_invalid(errs, "spec.template.metadata.labels", labels, "`selector` does not match template `labels`");
		else
			api_fe_add_rendered(errs, API_FE_INVALID, "spec.template.metadata.labels", "null",
					    "`selector` does not match template `labels`");
	}
}

/* ValidatePodTemplateSpecForReplicaSet */
static void validate_template_for_rs(const cJSON *spec, const kc_selector *sel, const char *kind,
				     api_field_errors *errs)
{
	const cJSON *tmpl = su_get(spec, "template");
	cJSON *empty = tmpl ? NULL : cJSON_CreateObject();
	if (!tmpl)
		tmpl = empty; /* a value upstream, never missing */
	selector_matches_template(sel, tmpl, errs);
	api_validate_pod_template_spec(tmpl, "spec.template", errs);
	const cJSON *ps = su_get(tmpl, "spec");
	static const char *const always[] = {"Always", NULL};
	const char *rp = su_strz(ps, "restartPolicy");
	if (!streq(rp, "Always"))
		api_fe_not_supported_str(errs, "spec.template.spec.restartPolicy", rp, always);
	if (su_get(ps, "activeDeadlineSeconds")) {
		SU_PATH(d, "activeDeadlineSeconds in %s is not Supported", kind);
		api_fe_forbidden(errs, "spec.template.spec.activeDeadlineSeconds", d);
	}
	cJSON_Delete(empty);
}

static void nonneg_member(const cJSON *o, const char *key, const char *path, api_field_errors *errs)
{
	long long v;
	if (su_int(o, key, &v))
		su_nonnegative(errs, path, v);
}

/* apps/v1 forbids changing spec.selector. */
static void selector_immutable(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	su_immutable(errs, "spec.selector", su_get(obj, "spec"), su_get(old, "spec"), "selector");
}

static void prepare_create_generation(cJSON *obj)
{
	status_reset(obj);
	cJSON *meta = su_ensure_obj(obj, "metadata");
	su_put_int(meta, "generation", 1);
}

/* ---- Deployments ---- */

static void deployments_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (!cJSON_IsObject(spec))
		return;
	su_default_int(spec, "replicas", 1);
	cJSON *strategy = su_ensure_obj(spec, "strategy");
	su_default_str(strategy, "type", "RollingUpdate");
	if (streq(su_strz(strategy, "type"), "RollingUpdate")) {
		cJSON *ru = su_ensure_obj(strategy, "rollingUpdate");
		if (!su_get(ru, "maxUnavailable"))
			su_put_str(ru, "maxUnavailable", "25%");
		if (!su_get(ru, "maxSurge"))
			su_put_str(ru, "maxSurge", "25%");
	}
	su_default_int(spec, "revisionHistoryLimit", 10);
	su_default_int(spec, "progressDeadlineSeconds", 600);
	default_template(spec);
}

static void validate_deployment_spec(const cJSON *spec, api_field_errors *errs)
{
	nonneg_member(spec, "replicas", "spec.replicas", errs);
	kc_selector *sel = NULL;
	validate_selector(spec, "deployment", &sel, errs);
	if (sel || !su_get(spec, "selector"))
		validate_template_for_rs(spec, sel, "ReplicaSet", errs);
	kc_selector_free(sel);

	const cJSON *strategy = su_get(spec, "strategy");
	const char *type = su_strz(strategy, "type");
	const cJSON *ru = su_get(strategy, "rollingUpdate");
	if (streq(type, "Recreate")) {
		if (ru)
			api_fe_forbidden(errs, "spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
	} else if (streq(type, "RollingUpdate")) {
		if (!ru) {
			api_fe_required(errs, "spec.strategy.rollingUpdate", "this should be defaulted and never be nil");
		} else {
			const cJSON *mu = su_get(ru, "maxUnavailable"), *ms = su_get(ru, "maxSurge");
			positive_int_or_percent(mu, "spec.strategy.rollingUpdate.maxUnavailable", errs);
			positive_int_or_percent(ms, "spec.strategy.rollingUpdate.maxSurge", errs);
			bool p1, p2;
			if (int_or_percent(mu, &p1) == 0 && int_or_percent(ms, &p2) == 0) {
				if (mu)
					api_fe_invalid(errs, "spec.strategy.rollingUpdate.maxUnavailable", mu,
						       "may not be 0 when `maxSurge` is 0");
				else
					api_fe_invalid_int(errs, "spec.strategy.rollingUpdate.maxUnavailable", 0,
							   "may not be 0 when `maxSurge` is 0");
			}
			not_more_than_100(mu, "spec.strategy.rollingUpdate.maxUnavailable", errs);
		}
	} else {
		static const char *const types[] = {"Recreate", "RollingUpdate", NULL};
		_cleanup_free_ char *v = su_go_struct(strategy, strategy_fields);
		_cleanup_free_ char *d = su_supported(types);
		api_fe_add_rendered(errs, API_FE_NOT_SUPPORTED, "spec.strategy", v, d);
	}
	nonneg_member(spec, "minReadySeconds", "spec.minReadySeconds", errs);
	nonneg_member(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", errs);
	long long pds;
	if (su_int(spec, "progressDeadlineSeconds", &pds)) {
		su_nonnegative(errs, "spec.progressDeadlineSeconds", pds);
		if (pds <= su_intd(spec, "minReadySeconds", 0))
			api_fe_invalid_int(errs, "spec.progressDeadlineSeconds", pds, "must be greater than minReadySeconds");
	}
}

static void deployments_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_deployment_spec(su_get(obj, "spec"), errs);
}

static void deployments_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	validate_deployment_spec(su_get(obj, "spec"), errs);
	selector_immutable(obj, old, errs);
}

static void replica_status_checks(const cJSON *st, bool full, api_field_errors *errs)
{
	static const char *const counters[] = {"observedGeneration", "replicas", "updatedReplicas", "readyReplicas",
					       "availableReplicas", "unavailableReplicas", "fullyLabeledReplicas",
					       "collisionCount", NULL};
	for (size_t i = 0; counters[i]; i++) {
		SU_PATH(p, "status.%s", counters[i]);
		nonneg_member(st, counters[i], p, errs);
	}
	long long replicas = su_intd(st, "replicas", 0);
	static const char *const upto[] = {"fullyLabeledReplicas", "updatedReplicas", "readyReplicas",
					   "availableReplicas", NULL};
	for (size_t i = 0; upto[i]; i++) {
		long long v = su_intd(st, upto[i], 0);
		if (v > replicas) {
			SU_PATH(p, "status.%s", upto[i]);
			api_fe_invalid_int(errs, p, v, "cannot be greater than status.replicas");
		}
	}
	long long avail = su_intd(st, "availableReplicas", 0);
	if (full && avail > su_intd(st, "readyReplicas", 0))
		api_fe_invalid_int(errs, "status.availableReplicas", avail, "cannot be greater than readyReplicas");
}

static void collision_count_not_decremented(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	long long oc, nc = 0;
	if (su_int(su_get(old, "status"), "collisionCount", &oc)) {
		bool has = su_int(su_get(obj, "status"), "collisionCount", &nc);
		if (!has || nc < oc)
			api_fe_invalid_int(errs, "status.collisionCount", has ? nc : 0, "cannot be decremented");
	}
}

static void deployments_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	replica_status_checks(su_get(obj, "status"), true, errs);
	collision_count_not_decremented(obj, old, errs);
}

static void generic_prepare_update(cJSON *obj, const cJSON *old) { keep_status(obj, old); }

const api_strategy api_strategy_deployments = {
	.group = "apps",
	.plural = "deployments",
	.defaults = deployments_defaults,
	.prepare_create = prepare_create_generation,
	.prepare_update = generic_prepare_update,
	.validate_create = deployments_validate_create,
	.validate_update = deployments_validate_update,
	.validate_status_update = deployments_validate_status,
	.has_status = true,
	.tracks_generation = true,
	.annotations_bump_generation = true,
};

/* ---- ReplicaSets ---- */

static void replicasets_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (!cJSON_IsObject(spec))
		return;
	su_default_int(spec, "replicas", 1);
	default_template(spec);
}

static void validate_replicaset_spec(const cJSON *spec, api_field_errors *errs)
{
	nonneg_member(spec, "replicas", "spec.replicas", errs);
	nonneg_member(spec, "minReadySeconds", "spec.minReadySeconds", errs);
	kc_selector *sel = NULL;
	/* upstream's ReplicaSet message says "deployment" too */
	validate_selector(spec, "deployment", &sel, errs);
	if (sel || !su_get(spec, "selector"))
		validate_template_for_rs(spec, sel, "ReplicaSet", errs);
	kc_selector_free(sel);
}

static void replicasets_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_replicaset_spec(su_get(obj, "spec"), errs);
}

static void replicasets_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	validate_replicaset_spec(su_get(obj, "spec"), errs);
	selector_immutable(obj, old, errs);
}

static void replicasets_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	replica_status_checks(su_get(obj, "status"), true, errs);
}

static const char *const replicas_fields[] = {"status.replicas", NULL};

const api_strategy api_strategy_replicasets = {
	.group = "apps",
	.plural = "replicasets",
	.defaults = replicasets_defaults,
	.prepare_create = prepare_create_generation,
	.prepare_update = generic_prepare_update,
	.validate_create = replicasets_validate_create,
	.validate_update = replicasets_validate_update,
	.validate_status_update = replicasets_validate_status,
	.field_selectors = replicas_fields,
	.has_status = true,
	.tracks_generation = true,
};

/* ---- StatefulSets ---- */

static void statefulsets_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (!cJSON_IsObject(spec))
		return;
	su_default_str(spec, "podManagementPolicy", "OrderedReady");
	cJSON *us = su_ensure_obj(spec, "updateStrategy");
	if (!su_strz(us, "type")[0]) {
		su_put_str(us, "type", "RollingUpdate");
		su_ensure_obj(us, "rollingUpdate");
	}
	cJSON *ru = su_getm(us, "rollingUpdate");
	if (streq(su_strz(us, "type"), "RollingUpdate") && cJSON_IsObject(ru))
		su_default_int(ru, "partition", 0);
	cJSON *pol = su_ensure_obj(spec, "persistentVolumeClaimRetentionPolicy");
	su_default_str(pol, "whenDeleted", "Retain");
	su_default_str(pol, "whenScaled", "Retain");
	su_default_int(spec, "replicas", 1);
	su_default_int(spec, "revisionHistoryLimit", 10);
	default_template(spec);
	/* volumeClaimTemplates get the PVC defaults */
	cJSON *vct;
	cJSON_ArrayForEach(vct, su_getm(spec, "volumeClaimTemplates")) {
		cJSON *s = su_getm(vct, "spec");
		if (cJSON_IsObject(s))
			su_default_str(s, "volumeMode", "Filesystem");
		if (cJSON_IsObject(vct)) {
			cJSON *st = su_ensure_obj(vct, "status");
			su_default_str(st, "phase", "Pending");
		}
	}
}

static void validate_retention(const cJSON *pol, api_field_errors *errs)
{
	if (!pol)
		return;
	static const char *const types[] = {"Retain", "Delete", NULL};
	static const char *const keys[] = {"whenDeleted", "whenScaled", NULL};
	for (size_t i = 0; keys[i]; i++) {
		const char *v = su_strz(pol, keys[i]);
		if (!su_in(v, types)) {
			SU_PATH(p, "spec.persistentVolumeClaimRetentionPolicy.%s", keys[i]);
			api_fe_not_supported_str(errs, p, v, types);
		}
	}
}

static void validate_statefulset_spec(const cJSON *spec, api_field_errors *errs)
{
	const char *pmp = su_strz(spec, "podManagementPolicy");
	if (!pmp[0])
		api_fe_required(errs, "spec.podManagementPolicy", NULL);
	else if (!streq(pmp, "OrderedReady") && !streq(pmp, "Parallel"))
		api_fe_invalid_str(errs, "spec.podManagementPolicy", pmp, "must be 'OrderedReady' or 'Parallel'");
	const cJSON *us = su_get(spec, "updateStrategy");
	const char *type = su_strz(us, "type");
	const cJSON *ru = su_get(us, "rollingUpdate");
	if (!type[0]) {
		api_fe_required(errs, "spec.updateStrategy", NULL);
	} else if (streq(type, "OnDelete")) {
		if (ru) {
			static const char *const ru_fields[] = {"iPartition:partition", "pMaxUnavailable:maxUnavailable", NULL};
			_cleanup_free_ char *v = su_go_struct(ru, ru_fields);
			api_fe_add_rendered(errs, API_FE_INVALID, "spec.updateStrategy.rollingUpdate", v,
					    "only allowed for updateStrategy 'RollingUpdate'");
		}
	} else if (streq(type, "RollingUpdate")) {
		if (ru) {
			nonneg_member(ru, "partition", "spec.updateStrategy.rollingUpdate.partition", errs);
			const cJSON *mu = su_get(ru, "maxUnavailable");
			if (mu) {
				positive_int_or_percent(mu, "spec.updateStrategy.rollingUpdate.maxUnavailable", errs);
				bool pct;
				if (int_or_percent(mu, &pct) == 0)
					api_fe_invalid(errs, "spec.updateStrategy.rollingUpdate.maxUnavailable", mu, "cannot be 0");
				not_more_than_100(mu, "spec.updateStrategy.rollingUpdate.maxUnavailable", errs);
			}
		}
	} else {
		_cleanup_free_ char *v = su_go_struct(us, strategy_fields);
		api_fe_add_rendered(errs, API_FE_INVALID, "spec.updateStrategy", v, "must be 'RollingUpdate' or 'OnDelete'");
	}
	validate_retention(su_get(spec, "persistentVolumeClaimRetentionPolicy"), errs);
	nonneg_member(spec, "replicas", "spec.replicas", errs);
	nonneg_member(spec, "minReadySeconds", "spec.minReadySeconds", errs);
	const cJSON *ord = su_get(spec, "ordinals");
	if (ord)
		nonneg_member(ord, "start", "spec.ordinals.start", errs);
	const cJSON *sel_json = su_get(spec, "selector");
	if (!sel_json) {
		api_fe_required(errs, "spec.selector", NULL);
	} else {
		su_label_selector(errs, "spec.selector", sel_json);
		if (su_len(su_obj(sel_json, "matchLabels")) + su_len(su_arr(sel_json, "matchExpressions")) == 0)
			api_fe_invalid(errs, "spec.selector", sel_json, "empty selector is invalid for statefulset");
	}
	kc_selector *sel = NULL;
	if (kc_selector_from_label_selector(sel_json, &sel, NULL) < 0) {
		if (sel_json)
			api_fe_invalid(errs, "spec.selector", sel_json, "");
	} else {
		const cJSON *tmpl = su_get(spec, "template");
		if (!tmpl) {
			api_fe_required(errs, "spec.template", NULL);
		} else {
			selector_matches_template(sel, tmpl, errs);
			const cJSON *meta = su_get(tmpl, "metadata");
			su_labels(errs, "spec.template.labels", su_obj(meta, "labels"));
			su_annotations(errs, "spec.template.annotations", su_obj(meta, "annotations"));
		}
		kc_selector_free(sel);
	}
	const cJSON *ps = su_get(su_get(spec, "template"), "spec");
	static const char *const always[] = {"Always", NULL};
	const char *rp = su_strz(ps, "restartPolicy");
	if (!streq(rp, "Always"))
		api_fe_not_supported_str(errs, "spec.template.spec.restartPolicy", rp, always);
	if (su_get(ps, "activeDeadlineSeconds"))
		api_fe_forbidden(errs, "spec.template.spec.activeDeadlineSeconds",
				 "activeDeadlineSeconds in StatefulSet is not Supported");
}

static void statefulsets_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_statefulset_spec(su_get(obj, "spec"), errs);
}

static void statefulsets_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	validate_statefulset_spec(su_get(obj, "spec"), errs);
	const cJSON *ns = su_get(obj, "spec");
	cJSON *clone = ns ? cJSON_Duplicate(ns, true) : cJSON_CreateObject();
	const cJSON *os = su_get(old, "spec");
	static const char *const mutable_keys[] = {"replicas", "template", "updateStrategy", "minReadySeconds",
						   "ordinals", "persistentVolumeClaimRetentionPolicy", NULL};
	for (size_t i = 0; mutable_keys[i] && cJSON_IsObject(clone); i++) {
		cJSON_DeleteItemFromObjectCaseSensitive(clone, mutable_keys[i]);
		const cJSON *v = su_get(os, mutable_keys[i]);
		if (v)
			cJSON_AddItemToObject(clone, mutable_keys[i], cJSON_Duplicate(v, true));
	}
	if (!su_equal(clone, os))
		api_fe_forbidden(errs, "spec",
				 "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
	cJSON_Delete(clone);
}

static void statefulsets_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	const cJSON *st = su_get(obj, "status");
	static const char *const counters[] = {"replicas", "readyReplicas", "currentReplicas", "updatedReplicas",
					       "availableReplicas", "observedGeneration", "collisionCount", NULL};
	for (size_t i = 0; counters[i]; i++) {
		SU_PATH(p, "status.%s", counters[i]);
		nonneg_member(st, counters[i], p, errs);
	}
	long long replicas = su_intd(st, "replicas", 0);
	static const char *const upto[] = {"readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas", NULL};
	for (size_t i = 0; upto[i]; i++) {
		long long v = su_intd(st, upto[i], 0);
		if (v > replicas) {
			SU_PATH(p, "status.%s", upto[i]);
			api_fe_invalid_int(errs, p, v, "cannot be greater than status.replicas");
		}
	}
	long long avail = su_intd(st, "availableReplicas", 0);
	if (avail > su_intd(st, "readyReplicas", 0))
		api_fe_invalid_int(errs, "status.availableReplicas", avail, "cannot be greater than status.readyReplicas");
	collision_count_not_decremented(obj, old, errs);
}

const api_strategy api_strategy_statefulsets = {
	.group = "apps",
	.plural = "statefulsets",
	.defaults = statefulsets_defaults,
	.prepare_create = prepare_create_generation,
	.prepare_update = generic_prepare_update,
	.validate_create = statefulsets_validate_create,
	.validate_update = statefulsets_validate_update,
	.validate_status_update = statefulsets_validate_status,
	.has_status = true,
	.tracks_generation = true,
};

/* ---- DaemonSets ---- */

#define DS_TEMPLATE_GENERATION "deprecated.daemonset.template.generation"

static void daemonsets_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (!cJSON_IsObject(spec))
		return;
	cJSON *us = su_ensure_obj(spec, "updateStrategy");
	su_default_str(us, "type", "RollingUpdate");
	if (streq(su_strz(us, "type"), "RollingUpdate")) {
		cJSON *ru = su_ensure_obj(us, "rollingUpdate");
		if (!su_get(ru, "maxUnavailable"))
			su_put_int(ru, "maxUnavailable", 1);
		if (!su_get(ru, "maxSurge"))
			su_put_int(ru, "maxSurge", 0);
	}
	su_default_int(spec, "revisionHistoryLimit", 10);
	default_template(spec);
}

/* apps/v1 carries the internal spec.templateGeneration in an annotation. */
static long long template_generation(const cJSON *obj)
{
	const char *v = su_str(su_obj(su_get(obj, "metadata"), "annotations"), DS_TEMPLATE_GENERATION);
	return v ? strtoll(v, NULL, 10) : 0;
}

static void set_template_generation(cJSON *obj, long long gen)
{
	cJSON *ann = su_ensure_obj(su_ensure_obj(obj, "metadata"), "annotations");
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", gen);
	su_put_str(ann, DS_TEMPLATE_GENERATION, buf);
}

static void daemonsets_prepare_create(cJSON *obj)
{
	prepare_create_generation(obj);
	if (template_generation(obj) < 1)
		set_template_generation(obj, 1);
}

static void daemonsets_prepare_update(cJSON *obj, const cJSON *old)
{
	keep_status(obj, old);
	long long og = template_generation(old);
	if (!su_equal(su_get(su_get(obj, "spec"), "template"), su_get(su_get(old, "spec"), "template")))
		set_template_generation(obj, og + 1);
	else if (og > 0)
		set_template_generation(obj, og);
}

static void validate_daemonset_spec(const cJSON *spec, api_field_errors *errs)
{
	const cJSON *sel_json = su_get(spec, "selector");
	su_label_selector(errs, "spec.selector", sel_json);
	kc_selector *sel = NULL;
	const cJSON *tmpl = su_get(spec, "template");
	if (kc_selector_from_label_selector(sel_json, &sel, NULL) == 0 && !kc_selector_matches(sel, template_labels(tmpl))) {
		const cJSON *labels = template_labels(tmpl);
		if (labels)
			api_fe_invalid(errs, "spec.template.metadata.labels", labels, "`selector` does not match template `labels`");
		else
			api_fe_add_rendered(errs, API_FE_INVALID, "spec.template.metadata.labels", "null",
					    "`selector` does not match template `labels`");
	}
	kc_selector_free(sel);
	if (sel_json && su_len(su_obj(sel_json, "matchLabels")) + su_len(su_arr(sel_json, "matchExpressions")) == 0)
		api_fe_invalid(errs, "spec.selector", sel_json, "empty selector is invalid for daemonset");
	/* the internal template is a value, never missing: an absent one
	 * validates as empty */
	cJSON *empty = tmpl ? NULL : cJSON_CreateObject();
	api_validate_pod_template_spec(tmpl ? tmpl : empty, "spec.template", errs);
	cJSON_Delete(empty);
	const cJSON *ps = su_get(tmpl, "spec");
	static const char *const always[] = {"Always", NULL};
	const char *rp = su_strz(ps, "restartPolicy");
	if (!streq(rp, "Always"))
		api_fe_not_supported_str(errs, "spec.template.spec.restartPolicy", rp, always);
	if (su_get(ps, "activeDeadlineSeconds"))
		api_fe_forbidden(errs, "spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in DaemonSet is not Supported");
	nonneg_member(spec, "minReadySeconds", "spec.minReadySeconds", errs);

	const cJSON *us = su_get(spec, "updateStrategy");
	const char *type = su_strz(us, "type");
	if (streq(type, "RollingUpdate")) {
		const cJSON *ru = su_get(us, "rollingUpdate");
		if (!ru) {
			api_fe_required(errs, "spec.updateStrategy.rollingUpdate", NULL);
		} else {
			const cJSON *mu = su_get(ru, "maxUnavailable"), *ms = su_get(ru, "maxSurge");
			positive_int_or_percent(mu, "spec.updateStrategy.rollingUpdate.maxUnavailable", errs);
			positive_int_or_percent(ms, "spec.updateStrategy.rollingUpdate.maxSurge", errs);
			not_more_than_100(mu, "spec.updateStrategy.rollingUpdate.maxUnavailable", errs);
			not_more_than_100(ms, "spec.updateStrategy.rollingUpdate.maxSurge", errs);
			bool p;
			bool has_unavail = int_or_percent(mu, &p) != 0, has_surge = int_or_percent(ms, &p) != 0;
			if (has_unavail && has_surge)
				api_fe_invalid(errs, "spec.updateStrategy.rollingUpdate.maxSurge", ms,
					       "may not be set when maxUnavailable is non-zero");
			else if (!has_unavail && !has_surge)
				api_fe_required(errs, "spec.updateStrategy.rollingUpdate.maxUnavailable",
						"cannot be 0 when maxSurge is 0");
		}
	} else if (!streq(type, "OnDelete")) {
		static const char *const types[] = {"RollingUpdate", "OnDelete", NULL};
		_cleanup_free_ char *v = su_go_struct(us, strategy_fields);
		_cleanup_free_ char *d = su_supported(types);
		api_fe_add_rendered(errs, API_FE_NOT_SUPPORTED, "spec.updateStrategy", v, d);
	}
	nonneg_member(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", errs);
}

static void daemonsets_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_daemonset_spec(su_get(obj, "spec"), errs);
}

static void daemonsets_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	long long ng = template_generation(obj), og = template_generation(old);
	bool updated = !su_equal(su_get(su_get(obj, "spec"), "template"), su_get(su_get(old, "spec"), "template"));
	if (ng < og)
		api_fe_invalid_int(errs, "spec.templateGeneration", ng, "must not be decremented");
	if (ng == og && updated)
		api_fe_invalid_int(errs, "spec.templateGeneration", ng, "must be incremented upon template update");
	else if (ng > og && !updated)
		api_fe_invalid_int(errs, "spec.templateGeneration", ng, "must not be incremented without template update");
	validate_daemonset_spec(su_get(obj, "spec"), errs);
	selector_immutable(obj, old, errs);
}

static void daemonsets_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	const cJSON *st = su_get(obj, "status");
	static const char *const counters[] = {"currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled",
					       "numberReady", "observedGeneration", "updatedNumberScheduled",
					       "numberAvailable", "numberUnavailable", "collisionCount", NULL};
	for (size_t i = 0; counters[i]; i++) {
		SU_PATH(p, "status.%s", counters[i]);
		nonneg_member(st, counters[i], p, errs);
	}
	collision_count_not_decremented(obj, old, errs);
}

const api_strategy api_strategy_daemonsets = {
	.group = "apps",
	.plural = "daemonsets",
	.defaults = daemonsets_defaults,
	.prepare_create = daemonsets_prepare_create,
	.prepare_update = daemonsets_prepare_update,
	.validate_create = daemonsets_validate_create,
	.validate_update = daemonsets_validate_update,
	.validate_status_update = daemonsets_validate_status,
	.has_status = true,
	.tracks_generation = true,
};

/* ---- ControllerRevisions ---- */

static void controllerrevisions_validate_create(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(obj, "data");
	if (!data || cJSON_IsNull(data))
		api_fe_required(errs, "data", "data is mandatory");
	nonneg_member(obj, "revision", "revision", errs);
}

static void controllerrevisions_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	controllerrevisions_validate_create(obj, errs);
	su_immutable(errs, "data", obj, old, "data");
}

const api_strategy api_strategy_controllerrevisions = {
	.group = "apps",
	.plural = "controllerrevisions",
	.validate_create = controllerrevisions_validate_create,
	.validate_update = controllerrevisions_validate_update,
};

/* ---- ReplicationControllers (core/v1) ---- */

static void rcs_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (!cJSON_IsObject(spec))
		return;
	const cJSON *labels = template_labels(su_get(spec, "template"));
	if (labels) {
		if (su_len(su_obj(spec, "selector")) == 0)
			su_put(spec, "selector", cJSON_Duplicate(labels, true));
		cJSON *meta = su_ensure_obj(obj, "metadata");
		if (su_len(su_obj(meta, "labels")) == 0)
			su_put(meta, "labels", cJSON_Duplicate(labels, true));
	}
	su_default_int(spec, "replicas", 1);
	default_template(spec);
}

static void validate_rc_spec(const cJSON *spec, api_field_errors *errs)
{
	nonneg_member(spec, "minReadySeconds", "spec.minReadySeconds", errs);
	const cJSON *selector = su_obj(spec, "selector");
	if (su_len(selector) == 0)
		api_fe_required(errs, "spec.selector", NULL);
	long long replicas;
	if (!su_int(spec, "replicas", &replicas))
		api_fe_required(errs, "spec.replicas", NULL);
	else
		su_nonnegative(errs, "spec.replicas", replicas);
	const cJSON *tmpl = su_get(spec, "template");
	if (!tmpl) {
		api_fe_required(errs, "spec.template", NULL);
		return;
	}
	kc_selector *sel = NULL;
	if (su_len(selector) > 0 && kc_selector_from_set(selector, false, &sel, NULL) == 0 &&
	    !kc_selector_matches(sel, template_labels(tmpl))) {
		const cJSON *labels = template_labels(tmpl);
		if (labels)
			api_fe_invalid(errs, "spec.template.metadata.labels", labels, "`selector` does not match template `labels`");
		else
			api_fe_add_rendered(errs, API_FE_INVALID, "spec.template.metadata.labels", "null",
					    "`selector` does not match template `labels`");
	}
	kc_selector_free(sel);
	api_validate_pod_template_spec(tmpl, "spec.template", errs);
	const cJSON *ps = su_get(tmpl, "spec");
	static const char *const always[] = {"Always", NULL};
	const char *rp = su_strz(ps, "restartPolicy");
	if (!streq(rp, "Always"))
		api_fe_not_supported_str(errs, "spec.template.spec.restartPolicy", rp, always);
	if (su_get(ps, "activeDeadlineSeconds"))
		api_fe_forbidden(errs, "spec.template.spec.activeDeadlineSeconds",
				 "activeDeadlineSeconds in ReplicationController is not Supported");
}

static void rcs_validate_create(const cJSON *obj, api_field_errors *errs) { validate_rc_spec(su_get(obj, "spec"), errs); }

static void rcs_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	validate_rc_spec(su_get(obj, "spec"), errs);
}

static void rcs_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	replica_status_checks(su_get(obj, "status"), true, errs);
}

const api_strategy api_strategy_replicationcontrollers = {
	.group = "",
	.plural = "replicationcontrollers",
	.defaults = rcs_defaults,
	.prepare_create = prepare_create_generation,
	.prepare_update = generic_prepare_update,
	.validate_create = rcs_validate_create,
	.validate_update = rcs_validate_update,
	.validate_status_update = rcs_validate_status,
	.field_selectors = replicas_fields,
	.has_status = true,
	.tracks_generation = true,
};
