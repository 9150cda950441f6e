/* strategy_batch.c - Jobs and CronJobs (batch/v1): upstream's batch/v1
 * defaults, the Job registry's selector generation from metadata.uid, and
 * pkg/apis/batch/validation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apiserver/strategies.h"
#include "apiserver/strategy_util.h"
#include "apiserver/validation_pod.h"
#include "common/cron.h"
#include "common/selector.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

#define LEGACY_JOB_NAME "job-name"
#define JOB_NAME "batch.kubernetes.io/job-name"
#define LEGACY_CONTROLLER_UID "controller-uid"
#define CONTROLLER_UID "batch.kubernetes.io/controller-uid"

static void nonneg_member(const cJSON *o, const char *key, const char *path, api_field_errors *errs)
{
	long long v;
	if (su_int(o, key, &v))
		su_nonnegative(errs, path, v);
}

/* ---- Jobs ---- */

static void job_spec_defaults(cJSON *spec)
{
	if (!su_get(spec, "completions") && !su_get(spec, "parallelism")) {
		su_put_int(spec, "completions", 1);
		su_put_int(spec, "parallelism", 1);
	}
	su_default_int(spec, "parallelism", 1);
	if (!su_get(spec, "backoffLimit"))
		su_put_int(spec, "backoffLimit", su_get(spec, "backoffLimitPerIndex") ? 2147483647 : 6);
	su_default_str(spec, "completionMode", "NonIndexed");
	su_default_bool(spec, "suspend", false);
	cJSON *pfp = su_getm(spec, "podFailurePolicy");
	cJSON *rule;
	cJSON_ArrayForEach(rule, su_getm(pfp, "rules")) {
		cJSON *pat;
		cJSON_ArrayForEach(pat, su_getm(rule, "onPodConditions")) if (cJSON_IsObject(pat))
			su_default_str(pat, "status", "True");
	}
	if (!su_get(spec, "podReplacementPolicy"))
		su_put_str(spec, "podReplacementPolicy", pfp ? "Failed" : "TerminatingOrFailed");
	api_pod_template_defaults(su_getm(spec, "template"));
}

static void jobs_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (!cJSON_IsObject(spec))
		return;
	job_spec_defaults(spec);
	const cJSON *labels = su_obj(su_get(su_get(spec, "template"), "metadata"), "labels");
	cJSON *meta = su_ensure_obj(obj, "metadata");
	if (labels && su_len(su_obj(meta, "labels")) == 0)
		su_put(meta, "labels", cJSON_Duplicate(labels, true));
}

/* generateSelector: the job-name and controller-uid labels on the
 * template (unless the user set them) and the controller-uid selector. */
static void generate_selector(cJSON *obj)
{
	const char *name = su_strz(su_get(obj, "metadata"), "name");
	const char *uid = su_strz(su_get(obj, "metadata"), "uid");
	cJSON *spec = su_ensure_obj(obj, "spec");
	cJSON *tmeta = su_ensure_obj(su_ensure_obj(spec, "template"), "metadata");
	cJSON *labels = su_ensure_obj(tmeta, "labels");
	static const char *const name_labels[] = {LEGACY_JOB_NAME, JOB_NAME, NULL};
	static const char *const uid_labels[] = {LEGACY_CONTROLLER_UID, CONTROLLER_UID, NULL};
	for (size_t i = 0; name_labels[i]; i++)
		if (!cJSON_GetObjectItemCaseSensitive(labels, name_labels[i]))
			cJSON_AddStringToObject(labels, name_labels[i], name);
	for (size_t i = 0; uid_labels[i]; i++)
		if (!cJSON_GetObjectItemCaseSensitive(labels, uid_labels[i]))
			cJSON_AddStringToObject(labels, uid_labels[i], uid);
	cJSON *ml = su_ensure_obj(su_ensure_obj(spec, "selector"), "matchLabels");
	if (!cJSON_GetObjectItemCaseSensitive(ml, CONTROLLER_UID))
		cJSON_AddStringToObject(ml, CONTROLLER_UID, uid);
}

static void jobs_prepare_create(cJSON *obj)
{
	if (!su_true(su_get(obj, "spec"), "manualSelector"))
		generate_selector(obj);
	/* upstream defaults the stored object again when it reads it back,
	 * so a Job without labels shows its template's generated ones */
	jobs_defaults(obj);
	su_put(obj, "status", cJSON_CreateObject());
	su_put_int(su_ensure_obj(obj, "metadata"), "generation", 1);
}

static void keep_status(cJSON *obj, const cJSON *old)
{
	const cJSON *st = su_get(old, "status");
	if (st)
		su_put(obj, "status", cJSON_Duplicate(st, true));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "status");
}

static void jobs_prepare_update(cJSON *obj, const cJSON *old) { keep_status(obj, old); }

/* ValidateHasLabel */
static void has_label(const cJSON *tmeta, const char *key, const char *want, api_field_errors *errs)
{
	const cJSON *labels = su_obj(tmeta, "labels");
	const char *v = su_str(labels, key);
	SU_PATH(p, "spec.template.metadata.labels[%s]", key);
	SU_PATH(d, "must be '%s'", want);
	if (!v)
		api_fe_required(errs, p, d);
	else if (!streq(v, want))
		api_fe_invalid(errs, p, labels, d);
}

static void validate_generated_selector(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec"), *meta = su_get(obj, "metadata");
	if (su_true(spec, "manualSelector") || !su_get(spec, "selector"))
		return;
	const char *uid = su_strz(meta, "uid"), *name = su_strz(meta, "name");
	if (!uid[0])
		api_fe_required(errs, "metadata.uid", NULL);
	const cJSON *tmeta = su_get(su_get(spec, "template"), "metadata");
	has_label(tmeta, LEGACY_CONTROLLER_UID, uid, errs);
	has_label(tmeta, LEGACY_JOB_NAME, name, errs);
	has_label(tmeta, CONTROLLER_UID, uid, errs);
	has_label(tmeta, JOB_NAME, name, errs);
	cJSON *expected = cJSON_CreateObject();
	cJSON_AddStringToObject(expected, CONTROLLER_UID, uid);
	cJSON_AddStringToObject(expected, JOB_NAME, name);
	cJSON_AddStringToObject(expected, LEGACY_CONTROLLER_UID, uid);
	cJSON_AddStringToObject(expected, LEGACY_JOB_NAME, name);
	kc_selector *sel = NULL;
	if (kc_selector_from_label_selector(su_get(spec, "selector"), &sel, NULL) == 0 && !kc_selector_matches(sel, expected))
		api_fe_invalid(errs, "spec.selector", su_get(spec, "selector"), "`selector` not auto-generated");
	kc_selector_free(sel);
	cJSON_Delete(expected);
}

static const char *const pfp_actions[] = {"Count", "FailIndex", "FailJob", "Ignore", NULL};

static void validate_pod_failure_policy(const cJSON *spec, const char *path, api_field_errors *errs)
{
	const cJSON *rules = su_arr(su_get(spec, "podFailurePolicy"), "rules");
	SU_PATH(rp, "%s.rules", path);
	if (su_len(rules) > 20)
		api_fe_too_many(errs, rp, (long long)su_len(rules), 20);
	const cJSON *tspec = su_get(su_get(spec, "template"), "spec");
	SU_EACH(i, rule, rules) {
		SU_PATH(p, "%s[%zu]", rp, i);
		SU_PATH(ap, "%s.action", p);
		const char *action = su_strz(rule, "action");
		if (!action[0]) {
			api_fe_required(errs, ap, "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]");
		} else if (streq(action, "FailIndex")) {
			if (!su_get(spec, "backoffLimitPerIndex"))
				api_fe_invalid_str(errs, ap, action, "requires the backoffLimitPerIndex to be set");
		} else if (!su_in(action, pfp_actions)) {
			api_fe_not_supported_str(errs, ap, action, pfp_actions);
		}
		const cJSON *oec = su_get(rule, "onExitCodes");
		if (oec) {
			SU_PATH(ep, "%s.onExitCodes", p);
			SU_PATH(op, "%s.operator", ep);
			static const char *const ops[] = {"In", "NotIn", NULL};
			const char *oper = su_strz(oec, "operator");
			if (!oper[0])
				api_fe_required(errs, op, "valid values: [\"In\" \"NotIn\"]");
			else if (!su_in(oper, ops))
				api_fe_not_supported_str(errs, op, oper, ops);
			const char *cn = su_str(oec, "containerName");
			if (cn) {
				bool found = false;
				static const char *const lists[] = {"containers", "initContainers", NULL};
				for (size_t l = 0; lists[l]; l++)
					SU_EACH(k, c, su_arr(tspec, lists[l])) {
						(void)k;
						if (streq(su_strz(c, "name"), cn))
							found = true;
					}
				if (!found) {
					SU_PATH(cp, "%s.containerName", ep);
					api_fe_invalid_str(errs, cp, cn, "must be one of the container or initContainer names in the pod template");
				}
			}
			const cJSON *vals = su_arr(oec, "values");
			SU_PATH(vp, "%s.values", ep);
			if (su_len(vals) == 0)
				api_fe_add_rendered(errs, API_FE_INVALID, vp, "null", "at least one value is required");
			else if (su_len(vals) > 255)
				api_fe_too_many(errs, vp, (long long)su_len(vals), 255);
			bool ordered = true;
			SU_EACH(j, v, vals) {
				long long x = su_ll(v);
				SU_PATH(xp, "%s[%zu]", vp, j);
				if (streq(oper, "In") && x == 0)
					api_fe_invalid_int(errs, xp, x, "must not be 0 for the In operator");
				for (const cJSON *prev = vals->child; prev != v; prev = prev->next)
					if (cJSON_IsNumber(prev) && su_ll(prev) == x) {
						SU_PATH(xs, "%lld", x);
						api_fe_add_rendered(errs, API_FE_DUPLICATE, xp, xs, NULL);
						break;
					}
				if (v->prev && v != vals->child && cJSON_IsNumber(v->prev) && su_ll(v->prev) > x)
					ordered = false;
			}
			if (!ordered)
				api_fe_invalid(errs, vp, vals, "must be ordered");
		}
		const cJSON *opc = su_arr(rule, "onPodConditions");
		if (su_len(opc) > 0) {
			SU_PATH(cp, "%s.onPodConditions", p);
			if (su_len(opc) > 20)
				api_fe_too_many(errs, cp, (long long)su_len(opc), 20);
			static const char *const statuses[] = {"False", "True", "Unknown", NULL};
			SU_EACH(j, pat, opc) {
				SU_PATH(tp, "%s[%zu].type", cp, j);
				SU_PATH(sp, "%s[%zu].status", cp, j);
				su_check(errs, tp, su_strz(pat, "type"), kc_validate_qualified_name);
				const char *st = su_strz(pat, "status");
				if (!st[0])
					api_fe_required(errs, sp, "valid values: [\"False\" \"True\" \"Unknown\"]");
				else if (!su_in(st, statuses))
					api_fe_not_supported_str(errs, sp, st, statuses);
			}
		}
		if (oec && su_len(opc) > 0)
			api_fe_add_rendered(errs, API_FE_INVALID, p, NULL, "specifying both OnExitCodes and OnPodConditions is not supported");
		if (!oec && su_len(opc) == 0)
			api_fe_add_rendered(errs, API_FE_INVALID, p, NULL, "specifying one of OnExitCodes and OnPodConditions is required");
	}
}

/* validateJobSpec (shared with CronJob job templates); prefix is where the
 * JobSpec sits ("spec" or "spec.jobTemplate.spec"). */
static void validate_job_spec_common(const cJSON *spec, const char *prefix, api_field_errors *errs)
{
	static const char *const nonneg[] = {"parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
					     "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes", NULL};
	for (size_t i = 0; nonneg[i]; i++) {
		SU_PATH(p, "%s.%s", prefix, nonneg[i]);
		nonneg_member(spec, nonneg[i], p, errs);
	}
	if (su_get(spec, "maxFailedIndexes") && !su_get(spec, "backoffLimitPerIndex")) {
		SU_PATH(p, "%s.backoffLimitPerIndex", prefix);
		api_fe_required(errs, p, "when maxFailedIndexes is specified");
	}
	const char *managed = su_str(spec, "managedBy");
	if (managed && strlen(managed) > 63) {
		SU_PATH(p, "%s.managedBy", prefix);
		api_fe_too_long(errs, p, NULL, 63);
	}
	const char *mode = su_str(spec, "completionMode");
	if (mode) {
		static const char *const modes[] = {"NonIndexed", "Indexed", NULL};
		SU_PATH(mp, "%s.completionMode", prefix);
		if (!su_in(mode, modes))
			api_fe_not_supported_str(errs, mp, mode, modes);
		if (streq(mode, "Indexed")) {
			long long par, comp;
			bool has_comp = su_int(spec, "completions", &comp);
			if (!has_comp) {
				SU_PATH(p, "%s.completions", prefix);
				api_fe_required(errs, p, "when completion mode is Indexed");
			}
			if (su_int(spec, "parallelism", &par) && par > 100000) {
				SU_PATH(p, "%s.parallelism", prefix);
				api_fe_invalid_int(errs, p, par, "must be less than or equal to 100000 when completion mode is Indexed");
			}
			long long mfi;
			if (su_int(spec, "maxFailedIndexes", &mfi)) {
				SU_PATH(p, "%s.maxFailedIndexes", prefix);
				if (has_comp && mfi > comp)
					api_fe_invalid_int(errs, p, mfi, "must be less than or equal to completions");
				if (mfi > 100000)
					api_fe_invalid_int(errs, p, mfi, "must be less than or equal to 100000");
			}
		}
	}
	if (!mode || streq(mode, "NonIndexed")) {
		long long v;
		if (su_int(spec, "backoffLimitPerIndex", &v)) {
			SU_PATH(p, "%s.backoffLimitPerIndex", prefix);
			api_fe_invalid_int(errs, p, v, "requires indexed completion mode");
		}
		if (su_int(spec, "maxFailedIndexes", &v)) {
			SU_PATH(p, "%s.maxFailedIndexes", prefix);
			api_fe_invalid_int(errs, p, v, "requires indexed completion mode");
		}
	}
	if (su_get(spec, "podFailurePolicy")) {
		SU_PATH(p, "%s.podFailurePolicy", prefix);
		validate_pod_failure_policy(spec, p, errs);
	}
	if (su_get(spec, "successPolicy") && !streq_ptr(mode, "Indexed")) {
		SU_PATH(p, "%s.successPolicy", prefix);
		api_fe_invalid(errs, p, su_get(spec, "successPolicy"), "requires indexed completion mode");
	}
	const char *prp = su_str(spec, "podReplacementPolicy");
	if (prp) {
		SU_PATH(p, "%s.podReplacementPolicy", prefix);
		if (su_get(spec, "podFailurePolicy")) {
			static const char *const only[] = {"Failed", NULL};
			if (!streq(prp, "Failed"))
				api_fe_not_supported_str(errs, p, prp, only);
		} else {
			static const char *const pols[] = {"Failed", "TerminatingOrFailed", NULL};
			if (!su_in(prp, pols))
				api_fe_not_supported_str(errs, p, prp, pols);
		}
	}
	SU_PATH(tp, "%s.template", prefix);
	const cJSON *tmpl = su_get(spec, "template");
	cJSON *empty = tmpl ? NULL : cJSON_CreateObject();
	api_validate_pod_template_spec(tmpl ? tmpl : empty, tp, errs);
	cJSON_Delete(empty);
	const char *rp = su_strz(su_get(tmpl, "spec"), "restartPolicy");
	SU_PATH(rpp, "%s.template.spec.restartPolicy", prefix);
	if (!rp[0] || streq(rp, "Always")) {
		api_fe_required(errs, rpp, "valid values: \"OnFailure\", \"Never\"");
	} else if (!streq(rp, "OnFailure") && !streq(rp, "Never")) {
		static const char *const pols[] = {"OnFailure", "Never", NULL};
		api_fe_not_supported_str(errs, rpp, rp, pols);
	} else if (su_get(spec, "podFailurePolicy") && !streq(rp, "Never")) {
		api_fe_invalid_str(errs, rpp, rp, "only \"Never\" is supported when podFailurePolicy is specified");
	}
}

/* ValidateJobSpec: the common checks plus the selector. */
static void validate_job_spec(const cJSON *spec, api_field_errors *errs)
{
	validate_job_spec_common(spec, "spec", errs);
	const cJSON *sel_json = su_get(spec, "selector");
	if (!sel_json)
		api_fe_required(errs, "spec.selector", NULL);
	else
		su_label_selector(errs, "spec.selector", sel_json);
	kc_selector *sel = NULL;
	if (kc_selector_from_label_selector(sel_json, &sel, NULL) == 0) {
		const cJSON *labels = su_obj(su_get(su_get(spec, "template"), "metadata"), "labels");
		if (!kc_selector_matches(sel, labels)) {
			if (labels)
				api_fe_invalid(errs, "spec.template.metadata.labels", labels,
					       "`selector` does not match template `labels`");
			else
				api_fe_add_rendered(errs, API_FE_INVALID, "spec.template.metadata.labels", "null",
						    "`selector` does not match template `labels`");
		}
	}
	kc_selector_free(sel);
}

static void jobs_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_generated_selector(obj, errs);
	const cJSON *spec = su_get(obj, "spec");
	validate_job_spec(spec, errs);
	long long comp;
	if (streq(su_strz(spec, "completionMode"), "Indexed") && su_int(spec, "completions", &comp) && comp > 0) {
		const char *name = su_strz(su_get(obj, "metadata"), "name");
		SU_PATH(host, "%s-%lld", name, comp - 1);
		if (kc_validate_dns1123_label(host, NULL) != 0) {
			SU_PATH(d, "will not able to create pod with invalid DNS label: %s", host);
			api_fe_invalid_str(errs, "metadata.name", name, d);
		}
	}
}

/* The template of a suspended Job that never started may change its
 * scheduling directives (AllowMutableSchedulingDirectives). */
static void jobs_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec"), *os = su_get(old, "spec");
	validate_job_spec(spec, errs);
	su_immutable(errs, "spec.completions", spec, os, "completions");
	su_immutable(errs, "spec.selector", spec, os, "selector");
	bool mutable_sched = su_true(spec, "suspend") && !su_get(su_get(old, "status"), "startTime");
	const cJSON *tmpl = su_get(spec, "template");
	const cJSON *ot = su_get(os, "template");
	cJSON *old_tmpl = ot ? cJSON_Duplicate(ot, true) : cJSON_CreateObject();
	if (mutable_sched) {
		cJSON *ot_spec = su_ensure_obj(old_tmpl, "spec");
		static const char *const spec_keys[] = {"nodeSelector", "tolerations", "schedulingGates", NULL};
		for (size_t i = 0; spec_keys[i]; i++) {
			cJSON_DeleteItemFromObjectCaseSensitive(ot_spec, spec_keys[i]);
			const cJSON *v = su_get(su_get(tmpl, "spec"), spec_keys[i]);
			if (v)
				cJSON_AddItemToObject(ot_spec, spec_keys[i], cJSON_Duplicate(v, true));
		}
		cJSON *ot_meta = su_ensure_obj(old_tmpl, "metadata");
		static const char *const meta_keys[] = {"labels", "annotations", NULL};
		for (size_t i = 0; meta_keys[i]; i++) {
			cJSON_DeleteItemFromObjectCaseSensitive(ot_meta, meta_keys[i]);
			const cJSON *v = su_get(su_get(tmpl, "metadata"), meta_keys[i]);
			if (v)
				cJSON_AddItemToObject(ot_meta, meta_keys[i], cJSON_Duplicate(v, true));
		}
		const cJSON *na = su_get(su_get(su_get(tmpl, "spec"), "affinity"), "nodeAffinity");
		cJSON *oaff = su_getm(ot_spec, "affinity");
		if (cJSON_IsObject(oaff)) {
			cJSON_DeleteItemFromObjectCaseSensitive(oaff, "nodeAffinity");
			if (na)
				cJSON_AddItemToObject(oaff, "nodeAffinity", cJSON_Duplicate(na, true));
			if (!oaff->child && !su_get(su_get(tmpl, "spec"), "affinity"))
				cJSON_DeleteItemFromObjectCaseSensitive(ot_spec, "affinity");
		} else if (na) {
			cJSON *aff = cJSON_CreateObject();
			cJSON_AddItemToObject(aff, "nodeAffinity", cJSON_Duplicate(na, true));
			su_put(ot_spec, "affinity", aff);
		}
	}
	if (!su_equal(tmpl, old_tmpl))
		api_fe_invalid(errs, "spec.template", tmpl, "field is immutable");
	cJSON_Delete(old_tmpl);
	su_immutable(errs, "spec.completionMode", spec, os, "completionMode");
	su_immutable(errs, "spec.podFailurePolicy", spec, os, "podFailurePolicy");
	su_immutable(errs, "spec.backoffLimitPerIndex", spec, os, "backoffLimitPerIndex");
	su_immutable(errs, "spec.managedBy", spec, os, "managedBy");
	su_immutable(errs, "spec.successPolicy", spec, os, "successPolicy");
}

static bool condition_true(const cJSON *status, const char *type)
{
	SU_EACH(i, c, su_arr(status, "conditions")) {
		(void)i;
		if (streq(su_strz(c, "type"), type) && streq(su_strz(c, "status"), "True"))
			return true;
	}
	return false;
}

static void jobs_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	const cJSON *st = su_get(obj, "status"), *ost = su_get(old, "status");
	static const char *const counters[] = {"active", "succeeded", "failed", "ready", "terminating", NULL};
	for (size_t i = 0; counters[i]; i++) {
		SU_PATH(p, "status.%s", counters[i]);
		nonneg_member(st, counters[i], p, errs);
	}
	bool complete = condition_true(st, "Complete"), failed = condition_true(st, "Failed");
	if (complete && failed)
		api_fe_add_rendered(errs, API_FE_INVALID, "status.conditions", NULL,
				    "cannot set Complete=True and Failed=true conditions");
	if (su_get(st, "completionTime") && !complete)
		api_fe_invalid(errs, "status.completionTime", su_get(st, "completionTime"),
			       "cannot set completionTime when there is no Complete=True condition");
	if (!su_get(st, "completionTime") && complete)
		api_fe_required(errs, "status.completionTime", "completionTime is required for Complete jobs");
	bool finished = complete || failed;
	long long active = su_intd(st, "active", 0);
	if (active > 0 && finished)
		api_fe_invalid_int(errs, "status.active", active, "active>0 is invalid for finished job");
	if (!su_get(st, "startTime") && finished)
		api_fe_required(errs, "status.startTime", "startTime is required for finished job");
	long long ready;
	if (su_int(st, "ready", &ready) && ready > active)
		api_fe_invalid_int(errs, "status.ready", ready, "cannot set more ready pods than active");
	static const char *const terminal[] = {"Failed", "Complete", "FailureTarget", NULL};
	for (size_t i = 0; terminal[i]; i++)
		if (condition_true(ost, terminal[i]) && !condition_true(st, terminal[i])) {
			SU_PATH(d, "cannot disable the terminal %s=True condition", terminal[i]);
			api_fe_add_rendered(errs, API_FE_INVALID, "status.conditions", NULL, d);
		}
	long long nf = su_intd(st, "failed", 0), of = su_intd(ost, "failed", 0);
	if (nf < of)
		api_fe_invalid_int(errs, "status.failed", nf, "cannot decrease the failed counter");
	long long ns = su_intd(st, "succeeded", 0), os = su_intd(ost, "succeeded", 0);
	if (ns < os)
		api_fe_invalid_int(errs, "status.succeeded", ns, "cannot decrease the succeeded counter");
}

static const char *const job_fields[] = {"status.successful", NULL};

const api_strategy api_strategy_jobs = {
	.group = "batch",
	.plural = "jobs",
	.defaults = jobs_defaults,
	.prepare_create = jobs_prepare_create,
	.prepare_update = jobs_prepare_update,
	.validate_create = jobs_validate_create,
	.validate_update = jobs_validate_update,
	.validate_status_update = jobs_validate_status,
	.field_selectors = job_fields,
	.has_status = true,
	.tracks_generation = true,
};

/* ---- CronJobs ---- */

static void cronjobs_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (!cJSON_IsObject(spec))
		return;
	su_default_str(spec, "concurrencyPolicy", "Allow");
	su_default_bool(spec, "suspend", false);
	su_default_int(spec, "successfulJobsHistoryLimit", 3);
	su_default_int(spec, "failedJobsHistoryLimit", 1);
	api_pod_template_defaults(su_getm(su_getm(su_getm(spec, "jobTemplate"), "spec"), "template"));
}

/* validateTimeZone: IANA name rules, then whether the zone loads. */
static void validate_time_zone(const cJSON *tzv, api_field_errors *errs)
{
	if (!tzv)
		return;
	const char *tz = cJSON_IsString(tzv) ? tzv->valuestring : "";
	if (!tz[0]) {
		api_fe_invalid(errs, "spec.timeZone", tzv, "timeZone must be nil or non-empty string");
		return;
	}
	SU_PATH(unknown, "unknown time zone %s", tz);
	const char *p = tz;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		bool ok = n >= 1 && n <= 14 && p[0] != '-' && !(n == 1 && p[0] == '.') && !(n == 2 && !strncmp(p, "..", 2));
		for (size_t i = 0; ok && i < n; i++) {
			char c = p[i];
			ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
			     c == '-' || c == '_' || c == '+';
		}
		if (!ok) {
			api_fe_invalid(errs, "spec.timeZone", tzv, unknown);
			return;
		}
		if (!slash)
			break;
		p = slash + 1;
	}
	if (strcasecmp(tz, "Local") == 0)
		api_fe_invalid(errs, "spec.timeZone", tzv,
			       "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
	kc_time_zone *zone = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_time_zone_load(tz, &zone, &err) < 0)
		api_fe_invalid(errs, "spec.timeZone", tzv, err.msg[0] ? err.msg : unknown);
	kc_time_zone_free(zone);
}

static void validate_cronjob_spec(const cJSON *spec, const cJSON *old_spec, api_field_errors *errs)
{
	const char *schedule = su_strz(spec, "schedule");
	if (!schedule[0]) {
		api_fe_required(errs, "spec.schedule", NULL);
	} else {
		bool allow_tz = old_spec && strstr(su_strz(old_spec, "schedule"), "TZ");
		kc_cron c;
		kc_error err = KC_ERROR_INIT;
		bool has_tz = strstr(schedule, "TZ") != NULL;
		/* kc_cron_parse refuses TZ= prefixes; upstream's parser takes
		 * them, so only its own message is reported for those */
		if (!has_tz && kc_cron_parse(schedule, &c, &err) < 0)
			api_fe_invalid_str(errs, "spec.schedule", schedule, err.msg);
		if (allow_tz && has_tz && su_get(spec, "timeZone"))
			api_fe_invalid_str(errs, "spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule");
		else if (!allow_tz && has_tz)
			api_fe_invalid_str(errs, "spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
	}
	nonneg_member(spec, "startingDeadlineSeconds", "spec.startingDeadlineSeconds", errs);
	if (!old_spec || !su_equal_member(spec, old_spec, "timeZone"))
		validate_time_zone(su_get(spec, "timeZone"), errs);
	const char *cp = su_strz(spec, "concurrencyPolicy");
	static const char *const policies[] = {"Allow", "Forbid", "Replace", NULL};
	if (!cp[0])
		api_fe_required(errs, "spec.concurrencyPolicy", NULL);
	else if (!su_in(cp, policies))
		api_fe_not_supported_str(errs, "spec.concurrencyPolicy", cp, policies);
	const cJSON *jt_spec = su_get(su_get(spec, "jobTemplate"), "spec");
	cJSON *empty = jt_spec ? NULL : cJSON_CreateObject();
	validate_job_spec_common(jt_spec ? jt_spec : empty, "spec.jobTemplate.spec", errs);
	cJSON_Delete(empty);
	if (su_get(jt_spec, "selector"))
		api_fe_invalid(errs, "spec.jobTemplate.spec.selector", su_get(jt_spec, "selector"), "`selector` will be auto-generated");
	if (su_true(jt_spec, "manualSelector")) {
		static const char *const vals[] = {"nil", "false", NULL};
		api_fe_not_supported(errs, "spec.jobTemplate.spec.manualSelector", su_get(jt_spec, "manualSelector"), vals);
	}
	nonneg_member(spec, "successfulJobsHistoryLimit", "spec.successfulJobsHistoryLimit", errs);
	nonneg_member(spec, "failedJobsHistoryLimit", "spec.failedJobsHistoryLimit", errs);
}

static void jobs_prepare_create_cron(cJSON *obj)
{
	su_put(obj, "status", cJSON_CreateObject());
	su_put_int(su_ensure_obj(obj, "metadata"), "generation", 1);
}

static void cronjobs_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_cronjob_spec(su_get(obj, "spec"), NULL, errs);
	const char *name = su_strz(su_get(obj, "metadata"), "name");
	/* the controller appends an 11-character "-<timestamp>" to job names */
	if (strlen(name) > 52)
		api_fe_invalid_str(errs, "metadata.name", name, "must be no more than 52 characters");
}

static void cronjobs_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	validate_cronjob_spec(su_get(obj, "spec"), su_get(old, "spec"), errs);
}

const api_strategy api_strategy_cronjobs = {
	.group = "batch",
	.plural = "cronjobs",
	.defaults = cronjobs_defaults,
	.prepare_create = jobs_prepare_create_cron,
	.prepare_update = jobs_prepare_update,
	.validate_create = cronjobs_validate_create,
	.validate_update = cronjobs_validate_update,
	.has_status = true,
	.tracks_generation = true,
};
