/* strategy.c - the strategy table (see strategy.h): one row per resource
 * with behaviour of its own, the rest share an empty strategy. */
#include "strategy.h"

#include "apiserver/strategies.h"
#include "common/util.h"
#include "banned.h"

static const api_strategy *const table[] = {
	&api_strategy_pods,
	&api_strategy_services,
	&api_strategy_replicationcontrollers,
	&api_strategy_deployments,
	&api_strategy_replicasets,
	&api_strategy_statefulsets,
	&api_strategy_daemonsets,
	&api_strategy_controllerrevisions,
	&api_strategy_jobs,
	&api_strategy_cronjobs,
	&api_strategy_namespaces,
	&api_strategy_nodes,
	&api_strategy_configmaps,
	&api_strategy_secrets,
	&api_strategy_serviceaccounts,
	&api_strategy_endpoints,
	&api_strategy_events,
	&api_strategy_bindings,
	&api_strategy_persistentvolumes,
	&api_strategy_persistentvolumeclaims,
	&api_strategy_storageclasses,
	&api_strategy_ingresses,
	&api_strategy_ingressclasses,
	&api_strategy_endpointslices,
	&api_strategy_leases,
	&api_strategy_events_v1,
	&api_strategy_roles,
	&api_strategy_clusterroles,
	&api_strategy_rolebindings,
	&api_strategy_clusterrolebindings,
	&api_strategy_selfsubjectaccessreviews,
	&api_strategy_selfsubjectrulesreviews,
	&api_strategy_subjectaccessreviews,
	NULL,
};

/* Resources without upstream behaviour beyond the generic rules. */
static const api_strategy empty_strategy = {0};

const api_strategy *api_strategy_for(const kc_resource *r)
{
	if (!r)
		return &empty_strategy;
	for (size_t i = 0; table[i]; i++)
		if (streq(table[i]->group, r->group) && streq(table[i]->plural, r->plural))
			return table[i];
	return &empty_strategy;
}
