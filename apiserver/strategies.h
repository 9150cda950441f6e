/* strategies.h - the per-resource strategies strategy.c's table lists; each
 * is defined in the strategy_<area>.c file of its API area. Only strategy.c
 * and the unit tests need these names: everyone else asks
 * api_strategy_for(). */
#ifndef KC_APISERVER_STRATEGIES_H
#define KC_APISERVER_STRATEGIES_H

#include "apiserver/strategy.h"

/* core/v1: strategy_pods.c, strategy_services.c, strategy_core.c,
 * strategy_storage.c (volumes and claims), strategy_apps.c (RCs) */
extern const api_strategy api_strategy_pods;
extern const api_strategy api_strategy_services;
extern const api_strategy api_strategy_namespaces;
extern const api_strategy api_strategy_nodes;
extern const api_strategy api_strategy_configmaps;
extern const api_strategy api_strategy_secrets;
extern const api_strategy api_strategy_serviceaccounts;
extern const api_strategy api_strategy_endpoints;
extern const api_strategy api_strategy_events;
extern const api_strategy api_strategy_replicationcontrollers;
extern const api_strategy api_strategy_persistentvolumes;
extern const api_strategy api_strategy_persistentvolumeclaims;
extern const api_strategy api_strategy_bindings;
/* apps/v1: strategy_apps.c */
extern const api_strategy api_strategy_deployments;
extern const api_strategy api_strategy_replicasets;
extern const api_strategy api_strategy_statefulsets;
extern const api_strategy api_strategy_daemonsets;
extern const api_strategy api_strategy_controllerrevisions;
/* batch/v1: strategy_batch.c */
extern const api_strategy api_strategy_jobs;
extern const api_strategy api_strategy_cronjobs;
/* networking.k8s.io, discovery.k8s.io, coordination.k8s.io, events.k8s.io:
 * strategy_networking.c */
extern const api_strategy api_strategy_ingresses;
extern const api_strategy api_strategy_ingressclasses;
extern const api_strategy api_strategy_endpointslices;
extern const api_strategy api_strategy_leases;
extern const api_strategy api_strategy_events_v1;
/* storage.k8s.io: strategy_storage.c */
extern const api_strategy api_strategy_storageclasses;
/* rbac.authorization.k8s.io and authorization.k8s.io: strategy_rbac.c */
extern const api_strategy api_strategy_roles;
extern const api_strategy api_strategy_clusterroles;
extern const api_strategy api_strategy_rolebindings;
extern const api_strategy api_strategy_clusterrolebindings;
extern const api_strategy api_strategy_selfsubjectaccessreviews;
extern const api_strategy api_strategy_selfsubjectrulesreviews;
extern const api_strategy api_strategy_subjectaccessreviews;

#endif
