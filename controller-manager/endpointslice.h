/* endpointslice.h - the pure part of the EndpointSlice controller
 * (upstream's pkg/controller/endpointslice and its reconciler in
 * k8s.io/endpointslice): given a Service, the pods it selects and the
 * EndpointSlices this controller already made for it, which slices to
 * create, update and delete.
 *
 * The reconciler keeps churn low as upstream's does: endpoints that did
 * not change stay in their slice; a slice whose endpoints changed is
 * updated in place; new endpoints fill the slices being updated first
 * (fullest first), then the unchanged slice they fit best, then new slices
 * of at most max_endpoints_per_slice; a slice left empty is deleted; a
 * Service without endpoints keeps one empty placeholder slice; pending
 * creates reuse slices about to be deleted (their name, as an update).
 *
 * Objects are borrowed cJSON trees; the plan's arrays are new trees the
 * caller frees with kc_eps_plan_clear(). */
#ifndef KC_CM_ENDPOINTSLICE_H
#define KC_CM_ENDPOINTSLICE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KC_EPS_LABEL_SERVICE_NAME "kubernetes.io/service-name"
#define KC_EPS_LABEL_MANAGED_BY   "endpointslice.kubernetes.io/managed-by"
#define KC_EPS_CONTROLLER_NAME    "endpointslice-controller.k8s.io"
#define KC_EPS_LABEL_ZONE         "topology.kubernetes.io/zone"
#define KC_EPS_DEFAULT_MAX        100

/* A node's zone label: *ret_found false when the node is unknown (not in
 * the cache); the zone is NULL when the node has no zone label. */
typedef const char *(*kc_eps_zone_fn)(const char *node, bool *ret_found, void *userdata);

typedef struct kc_eps_input {
	const cJSON *service;
	const cJSON *const *pods; /* the pods the Service selects */
	size_t n_pods;
	/* The slices labelled for this Service and managed by this
	 * controller, without those being deleted. */
	const cJSON *const *slices;
	size_t n_slices;
	kc_eps_zone_fn node_zone; /* may be NULL: every node known, no zones */
	void *userdata;
	int max_endpoints_per_slice; /* <= 0: 100 */
	int64_t trigger_time;        /* last-change-trigger-time, Unix s; 0: none */
} kc_eps_input;

typedef struct kc_eps_plan {
	cJSON *create; /* array of new slices (metadata.generateName set) */
	cJSON *update; /* array of whole slices to PUT (metadata.name set) */
	cJSON *delete; /* array of the existing slices to delete */
	/* Pods left out because their node is not known yet (upstream retries
	 * the Service later); 0 normally. */
	int skipped_pods;
} kc_eps_plan;

void kc_eps_plan_clear(kc_eps_plan *p);

/* Plans the writes that make the slices agree with the pods (see top).
 * Always succeeds; *ret is overwritten (clear it after). */
void kc_eps_reconcile(const kc_eps_input *in, kc_eps_plan *ret);

/* The address types a Service's slices have (getAddressTypesForService):
 * from spec.ipFamilies; else the family of spec.clusterIP; else (headless,
 * no families) both. Bit 0: IPv4, bit 1: IPv6. */
unsigned kc_eps_address_types(const cJSON *svc);

/* The EndpointPorts a pod offers for svc, in the Service's port order (a
 * port whose named targetPort the pod lacks is left out): name (always,
 * "" when unnamed), protocol, port, appProtocol. New array. */
cJSON *kc_eps_endpoint_ports(const cJSON *svc, const cJSON *pod);

/* The Endpoint for a pod (podToEndpoint): its addresses of address_type
 * ("IPv4"/"IPv6"), conditions ready (publishNotReadyAddresses or serving
 * and not terminating), serving (pod Ready), terminating
 * (deletionTimestamp), hostname, targetRef, nodeName, zone (may be NULL).
 * New object; "addresses" may be empty. */
cJSON *kc_eps_pod_endpoint(const cJSON *svc, const cJSON *pod, const char *address_type, const char *zone);

/* The labels of a slice of svc (setEndpointSliceLabels): the Service's
 * labels except the reserved ones, service.kubernetes.io/headless="" for a
 * Service without cluster IP, kubernetes.io/service-name and
 * endpointslice.kubernetes.io/managed-by. New object. */
cJSON *kc_eps_slice_labels(const cJSON *svc);

#endif
