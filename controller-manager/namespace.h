/* namespace.h - the pure parts of the "namespace" controller (upstream's
 * pkg/controller/namespace and its deletion package): which resources a
 * namespace can hold (from discovery), the status conditions that say how
 * emptying a Terminating namespace goes, how long to wait for pods, and the
 * body that finalizes it.
 *
 * Objects are borrowed cJSON trees; returned trees are the caller's. */
#ifndef KC_CM_NAMESPACE_H
#define KC_CM_NAMESPACE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KC_NS_FINALIZER "kubernetes"

/* One namespaced resource the apiserver serves, from discovery. */
typedef struct kc_ns_resource {
	char *group;    /* "" for the core group */
	char *version;  /* "v1" */
	char *resource; /* plural: "pods" */
	bool list;      /* verbs */
	bool deletecollection;
} kc_ns_resource;

void kc_ns_resources_free(kc_ns_resource *res, size_t n);

/* Appends to *res (n entries, realloc'd) the resources of an
 * APIResourceList ({"groupVersion": "apps/v1", "resources": [...]}) a
 * namespace deletion must empty: namespaced, not subresources ("pods/log"),
 * with the "delete" verb (discovery.FilteredBy SupportsAllVerbs{delete}).
 * Returns -EINVAL (nothing appended) when the list has no groupVersion. */
int kc_ns_parse_resources(const cJSON *resource_list, kc_ns_resource **res, size_t *n);

/* GroupVersionResource.String() as upstream prints it in messages:
 * "/v1, Resource=pods", "apps/v1, Resource=deployments". Caller frees. */
char *kc_ns_gvr_string(const kc_ns_resource *r);

/* estimateGracefulTerminationForPods: from a PodList, the longest
 * spec.terminationGracePeriodSeconds of the pods not yet Succeeded or
 * Failed; 0 when none. */
int64_t kc_ns_pods_estimate(const cJSON *pod_list);

/* How long to wait before looking again when content remains
 * (ResourcesRemainingError): estimate/2 + 1 seconds, in ms. */
uint64_t kc_ns_requeue_ms(int64_t estimate_sec);

/* ---- status conditions (namespaceConditionUpdater) ----
 * Collect what went wrong in one pass, then apply it to the namespace:
 * each of upstream's five condition types is set to its failure variant
 * (status True) when something was reported, else to its success variant
 * (status False, upstream's reasons and messages). */
typedef struct kc_ns_conditions kc_ns_conditions;

kc_ns_conditions *kc_ns_conditions_new(void);
void kc_ns_conditions_free(kc_ns_conditions *c);
/* Discovery failed for n_groups groups; msg is the aggregated error
 * ("unable to retrieve the complete list of server APIs: ..."). */
void kc_ns_conditions_discovery_failed(kc_ns_conditions *c, size_t n_groups, const char *msg);
/* One resource could not be emptied (msg: why). */
void kc_ns_conditions_delete_failed(kc_ns_conditions *c, const char *msg);
/* n objects of group/resource remain (n > 0). */
void kc_ns_conditions_remaining(kc_ns_conditions *c, const char *group, const char *resource, int n);
/* n of the remaining objects carry finalizer. */
void kc_ns_conditions_finalizer(kc_ns_conditions *c, const char *finalizer, int n);
/* Whether any failure was reported (discovery or deletion). */
bool kc_ns_conditions_failed(const kc_ns_conditions *c);
/* Sets status.conditions of ns (a Namespace, modified in place) as
 * updateConditions does: a missing condition is appended, one whose
 * status, reason or message differ is updated (its lastTransitionTime set
 * to now only when the status changed), others are kept. Returns true when
 * ns changed (a status update is then due). */
bool kc_ns_conditions_apply(const kc_ns_conditions *c, cJSON *ns, int64_t now);

/* The Namespace to PUT to namespaces/<name>/finalize: ns with
 * spec.finalizers minus "kubernetes", as a sorted set (finalizeNamespace).
 * New object. */
cJSON *kc_ns_finalize_body(const cJSON *ns);

/* Whether ns has "kubernetes" in spec.finalizers. */
bool kc_ns_has_finalizer(const cJSON *ns);

#endif
