/* pod_pick.h - finding the pod (and container) a command talks to, as
 * kubectl's polymorphic helpers do for logs, exec, attach and port-forward:
 * a workload's or service's selector, the "best" pod among those it
 * selects, and the default container ("Defaulted container \"x\" out of:
 * a, b (init)").
 *
 * Ownership: returned cJSON trees and strings are the caller's. */
#ifndef KC_CTL_POD_PICK_H
#define KC_CTL_POD_PICK_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "ctl/kc.h"

/* kubectl's SelectorsForObject: the pod selector of a ReplicaSet,
 * Deployment, StatefulSet, DaemonSet, Job (spec.selector), a
 * ReplicationController or Service (spec.selector map) as a selector
 * string. Errors: "selector for *v1.ConfigMap not implemented", "invalid
 * service 'x': Service is defined without a selector", "invalid label
 * selector: ...". *ret is new. */
int kc_pod_selector_for(const cJSON *obj, char **ret, kc_error *err);

typedef enum kc_pod_order {
	KC_POD_ORDER_LOGGING, /* podutils.ByLogging: running, ready, restarted, old first */
	KC_POD_ORDER_ACTIVE,  /* sort.Reverse(podutils.ActivePods): for attach/exec/port-forward */
} kc_pod_order;

/* Sorts pods (an array of pod objects, in place) as kubectl picks among
 * them. */
void kc_pods_sort(cJSON *pods, kc_pod_order order);

/* podcmd.AllContainerNames: "a, b, c (ephem), d (init)". New string. */
char *kc_pod_container_names(const cJSON *pod);

/* The container a command uses when -c is not given (FindOrDefault-
 * ContainerByName): the kubectl.kubernetes.io/default-container annotation
 * when it names a container, else the first container. *ret_note is set
 * (new string) to the "Defaulted container ..." line kubectl prints on
 * stderr when the pod has more than one container, else NULL. Returns
 * the name (borrowed from pod) or NULL for a pod without containers. */
const char *kc_pod_default_container(const cJSON *pod, char **ret_note);

/* Whether the pod has a container, init container or ephemeral container
 * of that name. */
bool kc_pod_has_container(const cJSON *pod, const char *name);

/* The first pod (after kc_pods_sort) the selector matches in ns, waiting
 * up to timeout_ns for one to appear (polling); *ret_count is how many
 * matched. NULL with *ret_err (kubectl's words: "timed out waiting for the
 * condition", or the server's error) on failure. */
cJSON *kc_pods_first(kc_ctx *ctx, const char *ns, const char *selector, int64_t timeout_ns, kc_pod_order order,
		     int *ret_count, cJSON **ret_all, char **ret_err);

/* kubectl's AttachablePodForObject from a command line: name is "POD" or
 * "TYPE/NAME" (type NULL), or type and name apart ("attach TYPE NAME").
 * Gets the object and, for a workload or service, its first pod (ACTIVE
 * order, waiting up to timeout_ns). Prints kubectl's error and returns NULL
 * on failure; what ("attach", "exec", "port-forward") words "cannot attach
 * to *v1.ConfigMap: ...". *ret_object (may be NULL) receives the object
 * named, which port-forward needs for a service. */
cJSON *kc_attachable_pod(kc_ctx *ctx, const char *type, const char *name, int64_t timeout_ns, const char *what,
			 cJSON **ret_object);

#endif
