/* controllers.c - the controllers of kc-controller-manager, in the order
 * they start, and the --controllers selection. One row per controller. */
#include "controller-manager/controllers.h"

#include <errno.h>

#include "common/util.h"
#include "banned.h"

extern const kc_controller_def kc_controller_endpoint, kc_controller_endpointslice, kc_controller_garbagecollector,
	kc_controller_namespace, kc_controller_nodeipam, kc_controller_nodelifecycle, kc_controller_serviceaccount,
	kc_controller_taint_eviction;
extern const kc_controller_def kc_controller_replicaset, kc_controller_replicationcontroller;
extern const kc_controller_def kc_controller_deployment;

const cm_controller_row kc_cm_controllers[] = {
	{&kc_controller_deployment, "deployment-controller"},
	{&kc_controller_endpoint, "endpoints-controller"},
	{&kc_controller_endpointslice, "endpointslice-controller"},
	{&kc_controller_garbagecollector, "garbage-collector-controller"},
	{&kc_controller_namespace, "namespace-controller"},
	{&kc_controller_nodeipam, "node-ipam-controller"},
	{&kc_controller_nodelifecycle, "node-lifecycle-controller"},
	{&kc_controller_replicaset, "replicaset-controller"},
	{&kc_controller_replicationcontroller, "replicationcontroller-controller"},
	{&kc_controller_serviceaccount, "serviceaccount-controller"},
	{&kc_controller_taint_eviction, "taint-eviction-controller"},
};
const size_t kc_cm_ncontrollers = KC_ARRAY_SIZE(kc_cm_controllers);
_Static_assert(KC_ARRAY_SIZE(kc_cm_controllers) <= 64, "kc_cm_select_controllers keeps 64 states");

static int find(const char *name)
{
	for (size_t i = 0; i < kc_cm_ncontrollers; i++)
		if (streq(name, kc_cm_controllers[i].def->name) || streq(name, kc_cm_controllers[i].alias))
			return (int)i;
	return -1;
}

int kc_cm_select_controllers(char *const *items, size_t n, const kc_controller_def **ret, size_t *ret_n,
			     kc_error *err)
{
	/* upstream: an explicit name wins over "*", whatever the order */
	bool star = false;
	int state[64] = {0}; /* 1 on, -1 off, 0 as "*" says */
	for (size_t i = 0; i < n; i++) {
		const char *item = items[i];
		if (streq(item, "*")) {
			star = true;
			continue;
		}
		bool off = item[0] == '-';
		int idx = find(off ? item + 1 : item);
		if (idx < 0)
			return kc_error_set(err, -EINVAL, "\"%s\" is not in the list of known controllers", item);
		state[idx] = off ? -1 : 1;
	}
	size_t m = 0;
	for (size_t i = 0; i < kc_cm_ncontrollers; i++)
		if (state[i] == 1 || (state[i] == 0 && star))
			ret[m++] = kc_cm_controllers[i].def;
	*ret_n = m;
	return 0;
}
