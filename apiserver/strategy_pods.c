/* strategy_pods.c - pods (upstream's pkg/registry/core/pod/strategy.go):
 * defaults and admission defaults, status {phase: Pending, qosClass} on
 * create, the spec/status split, the update rules. */
#include "apiserver/strategies.h"
#include "apiserver/strategy_util.h"
#include "apiserver/validation_pod.h"
#include "common/util.h"
#include "banned.h"

static void pods_prepare_create(cJSON *obj)
{
	api_pod_admission_defaults(obj);
	cJSON *status = cJSON_CreateObject();
	cJSON_AddStringToObject(status, "phase", "Pending");
	cJSON_AddStringToObject(status, "qosClass", api_pod_qos_class(obj));
	su_put(obj, "status", status);
}

/* A spec update keeps the stored status (the generic code does the same
 * for every has_status resource; this keeps the hook self-contained). */
static void pods_prepare_update(cJSON *obj, const cJSON *old)
{
	api_pod_admission_update(obj, old);
	const cJSON *st = su_get(old, "status");
	if (st)
		su_put(obj, "status", cJSON_Duplicate(st, true));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "status");
}

static void pods_validate_status_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	api_validate_pod_status_update(obj, old, errs);
}

static const char *const pod_fields[] = {
	"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
	"spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName", NULL,
};

const api_strategy api_strategy_pods = {
	.group = "",
	.plural = "pods",
	.defaults = api_pod_defaults,
	.prepare_create = pods_prepare_create,
	.prepare_update = pods_prepare_update,
	.validate_create = api_validate_pod_create,
	.validate_update = api_validate_pod_update,
	.validate_status_update = pods_validate_status_update,
	.field_selectors = pod_fields,
	.has_status = true,
	.tracks_generation = true,
};
