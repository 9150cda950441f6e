/* validation_pod.h - PodSpec and PodTemplateSpec: upstream's validation
 * (pkg/apis/core/validation: ValidatePodSpec, ValidatePodTemplateSpec,
 * ValidatePodCreate/Update/StatusUpdate) and defaulting (SetDefaults_Pod,
 * SetDefaults_PodSpec, SetDefaults_Container, probes, volumes, plus the
 * defaults admission adds: the "default" service account and the
 * not-ready/unreachable tolerations), shared by pods and every workload's
 * pod template.
 *
 * All functions are pure over the JSON they are given; errors are appended
 * to errs with upstream's field paths and messages. Paths are where the
 * PodSpec sits ("spec" for a pod, "spec.template.spec" for a template). */
#ifndef KC_APISERVER_VALIDATION_POD_H
#define KC_APISERVER_VALIDATION_POD_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "apiserver/fielderr.h"

/* ---- validation ---- */

/* ValidatePodSpec. resource_is_pod: the spec is a real pod's (hostPort must
 * equal containerPort under hostNetwork) rather than a template's. pod_meta
 * may be NULL. */
void api_validate_pod_spec(const cJSON *spec, const cJSON *pod_meta, const char *path, bool resource_is_pod,
			   api_field_errors *errs);

/* ValidatePodTemplateSpec at path ("spec.template"): its labels and
 * annotations (reported at <path>.labels and <path>.annotations as upstream
 * does), the spec, no ephemeral containers. NULL template: "Required value". */
void api_validate_pod_template_spec(const cJSON *tmpl, const char *path, api_field_errors *errs);

/* ValidatePodCreate without the ObjectMeta part (the generic code runs
 * that): the spec, the pod-only container checks, no ephemeral
 * containers, serviceAccountToken projections need a service account. */
void api_validate_pod_create(const cJSON *pod, api_field_errors *errs);

/* ValidatePodUpdate without ObjectMeta: the new pod's own validity, then
 * what may change: images, activeDeadlineSeconds (set or lowered),
 * tolerations (additions), terminationGracePeriodSeconds (negative -> 1),
 * schedulingGates (removals); anything else is upstream's Forbidden "pod
 * updates may not change fields other than ..." with a diff. */
void api_validate_pod_update(const cJSON *pod, const cJSON *old, api_field_errors *errs);

/* ValidatePodStatusUpdate without ObjectMeta: conditions, nodeName not
 * changed through status, nominatedNodeName, qosClass immutable, pod IPs,
 * host IPs, no container leaving a terminated state when it may not
 * restart. */
void api_validate_pod_status_update(const cJSON *pod, const cJSON *old, api_field_errors *errs);

/* ---- defaults ---- */

/* SetDefaults_PodSpec and the per-container, per-volume and per-probe
 * defaults upstream's generated defaulters apply to any PodSpec (a pod's or
 * a template's): dnsPolicy, restartPolicy, securityContext, schedulerName,
 * terminationGracePeriodSeconds, imagePullPolicy from the image tag,
 * terminationMessagePath/Policy, port protocols, probe timings and HTTP
 * paths/schemes, fieldRef apiVersion, volume modes and hostPath type,
 * canonical resource quantities. Idempotent. */
void api_pod_spec_defaults(cJSON *spec);

/* A template ({metadata, spec}): api_pod_spec_defaults on its spec. */
void api_pod_template_defaults(cJSON *tmpl);

/* SetObjectDefaults_Pod: the spec defaults, requests defaulted from limits,
 * enableServiceLinks, hostPorts under hostNetwork. Idempotent. */
void api_pod_defaults(cJSON *pod);

/* What the admission plugins kc runs add to a new pod: ServiceAccount
 * (serviceAccountName and serviceAccount "default"),
 * DefaultTolerationSeconds (node.kubernetes.io/not-ready and unreachable,
 * NoExecute, 300 s, unless already tolerated), Priority (priority 0, or
 * the system classes' values, and preemptionPolicy PreemptLowerPriority). */
void api_pod_admission_defaults(cJSON *pod);

/* The same plugins on an update: Priority keeps the stored priority and
 * preemptionPolicy, DefaultTolerationSeconds adds its tolerations again. */
void api_pod_admission_update(cJSON *pod, const cJSON *old);

/* The QoS class upstream computes (ComputePodQOS): "BestEffort",
 * "Burstable" or "Guaranteed". */
const char *api_pod_qos_class(const cJSON *pod);

/* PullAlways when the image reference is valid and its tag is "latest" (or
 * absent without a digest), else IfNotPresent, as SetDefaults_Container. */
const char *api_pod_default_pull_policy(const char *image);

#endif
