/* replicaset_status.c - slow-start batching and the status of a ReplicaSet
 * or ReplicationController (see replicaset.h; upstream's slowStartBatch,
 * calculateStatus and updateReplicaSetStatus). */
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/util.h"
#include "controller-manager/replicaset.h"
#include "banned.h"

/* ---- slow start ---- */

void kc_rs_slow_start_init(kc_rs_slow_start *s, int count)
{
	*s = (kc_rs_slow_start){.count = count, .remaining = count > 0 ? count : 0};
}

int kc_rs_slow_start_next(kc_rs_slow_start *s)
{
	if (s->failed || s->remaining <= 0)
		return 0;
	int want = s->batch == 0 ? KC_RS_SLOW_START_INITIAL_BATCH : 2 * s->batch;
	s->batch = want < s->remaining ? want : s->remaining;
	return s->batch;
}

void kc_rs_slow_start_done(kc_rs_slow_start *s, int batch, int failures)
{
	if (failures > batch)
		failures = batch;
	s->successes += batch - failures;
	s->remaining -= batch;
	if (failures > 0)
		s->failed = true;
}

/* ---- status ---- */

#define REPLICA_FAILURE "ReplicaFailure"

static const cJSON *find_condition(const cJSON *status, const char *type)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(status, "conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), type))
			return c;
	}
	return NULL;
}

/* A status in the member order upstream's ReplicaSetStatus marshals,
 * zero counters (but replicas) and empty conditions left out. Takes
 * conditions (may be NULL). */
static cJSON *build_status(int64_t replicas, int64_t fully, int64_t ready, int64_t available,
                           int64_t observed, cJSON *conditions)
{
	cJSON *st = cJSON_CreateObject();
	cJSON_AddNumberToObject(st, "replicas", (double)replicas);
	if (fully)
		cJSON_AddNumberToObject(st, "fullyLabeledReplicas", (double)fully);
	if (ready)
		cJSON_AddNumberToObject(st, "readyReplicas", (double)ready);
	if (available)
		cJSON_AddNumberToObject(st, "availableReplicas", (double)available);
	if (observed)
		cJSON_AddNumberToObject(st, "observedGeneration", (double)observed);
	if (conditions && cJSON_GetArraySize(conditions) > 0)
		cJSON_AddItemToObject(st, "conditions", conditions);
	else
		cJSON_Delete(conditions);
	return st;
}

cJSON *kc_rs_calculate_status(const cJSON *obj, const kc_rs_spec *spec, const cJSON *const *pods, size_t n,
                              const char *manage_error, kc_time now)
{
	const cJSON *old = kc_json_get(obj, "status");
	const cJSON *labels = kc_json_get(spec->template, "metadata.labels");
	int64_t fully = 0, ready = 0, available = 0;
	for (size_t i = 0; i < n; i++) {
		/* every template label on the pod (labels.Set(...).AsSelector) */
		bool all = true;
		const cJSON *l;
		cJSON_ArrayForEach(l, labels)
		{
			const cJSON *have = kc_json_getv(pods[i], "metadata", "labels", l->string, NULL);
			if (!cJSON_IsString(have) || !streq(have->valuestring, kc_json_as_str(l, "")))
				all = false;
		}
		if (all)
			fully++;
		if (kc_rs_pod_ready(pods[i])) {
			ready++;
			if (kc_rs_pod_available(pods[i], spec->min_ready_seconds, now))
				available++;
		}
	}

	cJSON *conditions = kc_json_dup(kc_json_get(old, "conditions"));
	if (!cJSON_IsArray(conditions)) {
		cJSON_Delete(conditions);
		conditions = cJSON_CreateArray();
	}
	const cJSON *failure = find_condition(old, REPLICA_FAILURE);
	if (manage_error && !failure) {
		int64_t diff = (int64_t)n - spec->replicas;
		const char *reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
		char ts[KC_TIME_RFC3339_MAX];
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "type", REPLICA_FAILURE);
		cJSON_AddStringToObject(c, "status", "True");
		cJSON_AddStringToObject(c, "lastTransitionTime", kc_time_format_rfc3339(now.sec, ts));
		cJSON_AddStringToObject(c, "reason", reason);
		cJSON_AddStringToObject(c, "message", manage_error);
		cJSON_AddItemToArray(conditions, c);
	} else if (!manage_error && failure) {
		for (int i = cJSON_GetArraySize(conditions) - 1; i >= 0; i--)
			if (streq(kc_json_get_str(cJSON_GetArrayItem(conditions, i), "type", ""),
			          REPLICA_FAILURE))
				cJSON_DeleteItemFromArray(conditions, i);
	}
	return build_status((int64_t)n, fully, ready, available,
	                    kc_json_get_int(old, "observedGeneration", 0), conditions);
}

static bool same_counter(const cJSON *a, const cJSON *b, const char *name)
{
	return kc_json_get_int(a, name, 0) == kc_json_get_int(b, name, 0);
}

static const cJSON *conditions_or_null(const cJSON *status)
{
	const cJSON *c = kc_json_get(status, "conditions");
	return cJSON_GetArraySize(c) > 0 ? c : NULL;
}

bool kc_rs_status_differs(const cJSON *obj, const cJSON *status)
{
	const cJSON *old = kc_json_get(obj, "status");
	return !same_counter(old, status, "replicas") || !same_counter(old, status, "fullyLabeledReplicas") ||
	       !same_counter(old, status, "readyReplicas") ||
	       !same_counter(old, status, "availableReplicas") ||
	       kc_json_get_int(obj, "metadata.generation", 0) !=
	           kc_json_get_int(old, "observedGeneration", 0) ||
	       !kc_json_equal(conditions_or_null(old), conditions_or_null(status));
}

cJSON *kc_rs_status_update_body(const cJSON *obj, const cJSON *status, int64_t observed_generation)
{
	cJSON *body = kc_json_dup(obj);
	cJSON *st = build_status(
	    kc_json_get_int(status, "replicas", 0), kc_json_get_int(status, "fullyLabeledReplicas", 0),
	    kc_json_get_int(status, "readyReplicas", 0), kc_json_get_int(status, "availableReplicas", 0),
	    observed_generation, kc_json_dup(kc_json_get(status, "conditions")));
	kc_json_object_put(body, "status", st);
	return body;
}
