/* endpoints.h - the pure parts of the "endpoint" controller (Endpoints for
 * every Service with a selector), and the helpers it shares with the
 * EndpointSlice controller: which pods count, how a Service's targetPort
 * resolves on a pod, RepackSubsets, the last-change-trigger-time tracker.
 * Upstream's pkg/controller/endpoint, pkg/api/v1/endpoints,
 * k8s.io/endpointslice/util and pkg/api/v1/pod, rewritten over cJSON.
 *
 * Objects (pods, services, endpoints) are borrowed cJSON trees as the
 * informers hold them; functions returning cJSON * return a new tree the
 * caller frees with cJSON_Delete. */
#ifndef KC_CM_ENDPOINTS_H
#define KC_CM_ENDPOINTS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/informer.h"
#include "common/map.h"

/* Label and annotation names (k8s.io/api/core/v1, discovery/v1). */
#define KC_EP_LABEL_HEADLESS        "service.kubernetes.io/headless"
#define KC_EP_LABEL_MANAGED_BY      "endpoints.kubernetes.io/managed-by"
#define KC_EP_CONTROLLER_NAME       "endpoint-controller"
#define KC_EP_ANN_TRIGGER_TIME      "endpoints.kubernetes.io/last-change-trigger-time"
#define KC_EP_ANN_OVER_CAPACITY     "endpoints.kubernetes.io/over-capacity"
#define KC_EP_ANN_LEADER            "control-plane.alpha.kubernetes.io/leader"
#define KC_EP_MAX_CAPACITY          1000

/* podutil.IsPodReady: the Ready condition is "True". */
bool kc_ep_pod_ready(const cJSON *pod);

/* endpointsliceutil.ShouldPodBeInEndpoints: not terminal (Succeeded or
 * Failed), has an IP (status.podIP or podIPs), and, unless
 * include_terminating, no deletionTimestamp. */
bool kc_ep_pod_in_endpoints(const cJSON *pod, bool include_terminating);

/* podutil.FindPort: the port a Service port (an element of spec.ports)
 * reaches on pod. A numeric targetPort (or none: the port itself) is
 * taken as it is; a named one is looked up among the containers' ports,
 * then the sidecars' (init containers with restartPolicy Always), by name
 * and protocol (TCP when unset). Returns the port (1..65535) or -ENOENT
 * when the pod has no such named port (or the Service port is malformed). */
int kc_ep_find_port(const cJSON *pod, const cJSON *svc_port);

/* helper.IsServiceIPSet: spec.clusterIP set and not "None". */
bool kc_ep_service_ip_set(const cJSON *svc);

/* Whether the controllers make endpoints for svc: it has a non-empty
 * spec.selector and is not of type ExternalName (Services without a
 * selector get their endpoints from whoever made them). */
bool kc_ep_service_selects(const cJSON *svc);

/* endpointsliceutil.ShouldSetHostname: the pod's spec.hostname is set and
 * its spec.subdomain names svc, in the same namespace. */
bool kc_ep_should_set_hostname(const cJSON *pod, const cJSON *svc);

/* Whether ip is written as an IPv6 address (has a ':'). */
bool kc_ep_ip_is_v6(const char *ip);

/* The pod's IP for the Service's primary family (podToEndpointAddressForService:
 * spec.ipFamilies[0], else the family of clusterIP, else of the pod's IP),
 * from status.podIPs (status.podIP when podIPs is empty). NULL when the pod
 * has none of that family. Points into pod. */
const char *kc_ep_pod_ip_for_service(const cJSON *svc, const cJSON *pod);

/* ---- Endpoints subsets ---- */

/* The subsets of the Endpoints of svc for pods (each pod once; any order):
 * an address per pod that ShouldPodBeInEndpoints (terminating pods only
 * with publishNotReadyAddresses) with ip, hostname (ShouldSetHostname),
 * nodeName and targetRef {kind Pod, namespace, name, uid}, in addresses
 * when ready or publishNotReadyAddresses, else in notReadyAddresses; one
 * EndpointPort {name, port, protocol, appProtocol} per Service port the pod
 * resolves (a pod that resolves none of them is left out; a headless Service
 * without ports gets port-less subsets). Repacked with
 * kc_ep_repack_subsets. Always returns an array (maybe empty); *ret_ready
 * and *ret_not_ready (may be NULL) get the address counts before repacking. */
cJSON *kc_ep_desired_subsets(const cJSON *svc, const cJSON *const *pods, size_t n_pods, int *ret_ready,
			     int *ret_not_ready);

/* RepackSubsets: the same addresses and ports regrouped so that each subset
 * holds every address that offers exactly the same set of ports: addresses
 * are unique by (ip, targetRef.uid), a not-ready state wins over ready for
 * the same port, subsets without ports are kept. Output order is
 * deterministic: addresses by ip then uid, ports by name, port, protocol,
 * subsets by their content. Returns a new array. */
cJSON *kc_ep_repack_subsets(const cJSON *subsets);

/* truncateEndpoints: when the subsets hold more than max_capacity
 * addresses, keeps max_capacity of them, ready ones first, spread over the
 * subsets in proportion (rounded up, the last subsets getting what is left).
 * Returns true when it truncated. */
bool kc_ep_truncate_subsets(cJSON *subsets, int max_capacity);

/* The Endpoints object the controller should write for svc, given the one
 * in the cache (current, NULL when there is none), the desired subsets
 * (ownership taken) and the trigger time (kc_ep_trigger_compute; 0: none):
 * current with subsets, labels (svc's, plus
 * endpoints.kubernetes.io/managed-by=endpoint-controller and, for a
 * Service without a cluster IP, service.kubernetes.io/headless=""), the
 * trigger-time annotation set or removed and the over-capacity annotation
 * set when truncated. Returns NULL when current already says all that
 * (subsets compared ignoring targetRef.resourceVersion), so nothing is to
 * be written. */
cJSON *kc_ep_build_endpoints(const cJSON *svc, const cJSON *current, cJSON *subsets, int64_t trigger_sec);

/* Deep equality ignoring targetRef.resourceVersion wherever it appears. */
bool kc_ep_equal_ignoring_rv(const cJSON *a, const cJSON *b);

/* ---- last-change-trigger-time (endpointsliceutil.TriggerTimeTracker) ----
 * Remembers, per Service, the pods' Ready lastTransitionTime and the
 * Service's creationTimestamp seen at the last sync; a sync's trigger time
 * is the earliest of those that changed since (0 when none did). */
typedef struct kc_ep_trigger_tracker kc_ep_trigger_tracker;

kc_ep_trigger_tracker *kc_ep_trigger_tracker_new(void);
void kc_ep_trigger_tracker_free(kc_ep_trigger_tracker *t);
/* Computes the trigger time (Unix seconds, 0 for none) for svc and its
 * pods and records their times for the next call. */
int64_t kc_ep_trigger_compute(kc_ep_trigger_tracker *t, const cJSON *svc, const cJSON *const *pods,
			      size_t n_pods);
/* Forgets a Service ("namespace/name"). */
void kc_ep_trigger_forget(kc_ep_trigger_tracker *t, const char *svc_key);

/* ---- which Services a pod belongs to ----
 * services must be an informer of Services with the "namespace" index
 * (kc_informer_index_namespace). Keys are "namespace/name", added to out
 * with NULL values. */

/* GetPodServiceMemberships: the Services in the pod's namespace whose
 * selector matches its labels. */
void kc_ep_pod_services(kc_informer *services, const cJSON *pod, kc_map *out);
/* GetServicesToUpdateOnPodChange: nothing for a resync (same
 * resourceVersion) or a change no endpoint can see; the Services of cur,
 * plus those of old when the labels changed. */
void kc_ep_pod_update_services(kc_informer *services, const cJSON *old_pod, const cJSON *cur_pod, kc_map *out);

/* The pods a Service selects, from a pods informer with the "namespace"
 * index: a new array (caller frees, not the elements; NULL when none). */
const cJSON **kc_ep_service_pods(kc_informer *pods, const cJSON *svc, size_t *ret_n);

#endif
