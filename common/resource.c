/* resource.c - the resource table (see resource.h). Names, short names,
 * categories and subresources are upstream's, as `kubectl api-resources`
 * prints them for a v1.30 cluster. */
#include "resource.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "banned.h"

#define ALL KC_VERBS_ALL
#define GLW (KC_VERB_GET | KC_VERB_LIST | KC_VERB_WATCH)
#define POD_SUBS                                                                                            \
	(KC_SUB_STATUS | KC_SUB_BINDING | KC_SUB_LOG | KC_SUB_EXEC | KC_SUB_PORTFORWARD | KC_SUB_ATTACH | \
	 KC_SUB_EVICTION | KC_SUB_PROXY)

const kc_resource kc_resources[] = {
	/* core/v1 */
	{"", "v1", "Binding", "bindings", "binding", {NULL}, {NULL}, true, KC_VERB_CREATE, 0, NULL},
	{"", "v1", "ConfigMap", "configmaps", "configmap", {"cm", NULL}, {NULL}, true, ALL, 0, NULL},
	{"", "v1", "Endpoints", "endpoints", "endpoints", {"ep", NULL}, {NULL}, true, ALL, 0, NULL},
	{"", "v1", "Event", "events", "event", {"ev", NULL}, {NULL}, true, ALL, 0, NULL},
	{"", "v1", "Namespace", "namespaces", "namespace", {"ns", NULL}, {NULL}, false,
	 KC_VERB_CREATE | KC_VERB_DELETE | KC_VERB_GET | KC_VERB_LIST | KC_VERB_PATCH | KC_VERB_UPDATE |
		 KC_VERB_WATCH,
	 KC_SUB_STATUS | KC_SUB_FINALIZE, NULL},
	{"", "v1", "Node", "nodes", "node", {"no", NULL}, {NULL}, false, ALL, KC_SUB_STATUS | KC_SUB_PROXY, NULL},
	{"", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", {"pvc", NULL},
	 {NULL}, true, ALL, KC_SUB_STATUS, NULL},
	{"", "v1", "PersistentVolume", "persistentvolumes", "persistentvolume", {"pv", NULL}, {NULL}, false, ALL,
	 KC_SUB_STATUS, NULL},
	{"", "v1", "Pod", "pods", "pod", {"po", NULL}, {"all", NULL}, true, ALL, POD_SUBS, NULL},
	{"", "v1", "ReplicationController", "replicationcontrollers", "replicationcontroller", {"rc", NULL},
	 {"all", NULL}, true, ALL, KC_SUB_STATUS | KC_SUB_SCALE, NULL},
	{"", "v1", "Secret", "secrets", "secret", {NULL}, {NULL}, true, ALL, 0, NULL},
	{"", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", {"sa", NULL}, {NULL}, true, ALL,
	 KC_SUB_TOKEN, NULL},
	{"", "v1", "Service", "services", "service", {"svc", NULL}, {"all", NULL}, true,
	 KC_VERB_CREATE | KC_VERB_DELETE | KC_VERB_DELETECOLLECTION | KC_VERB_GET | KC_VERB_LIST |
		 KC_VERB_PATCH | KC_VERB_UPDATE | KC_VERB_WATCH,
	 KC_SUB_STATUS | KC_SUB_PROXY, NULL},
	/* apps/v1 */
	{"apps", "v1", "ControllerRevision", "controllerrevisions", "controllerrevision", {NULL}, {NULL}, true,
	 ALL, 0, NULL},
	{"apps", "v1", "DaemonSet", "daemonsets", "daemonset", {"ds", NULL}, {"all", NULL}, true, ALL,
	 KC_SUB_STATUS, NULL},
	{"apps", "v1", "Deployment", "deployments", "deployment", {"deploy", NULL}, {"all", NULL}, true, ALL,
	 KC_SUB_STATUS | KC_SUB_SCALE, NULL},
	{"apps", "v1", "ReplicaSet", "replicasets", "replicaset", {"rs", NULL}, {"all", NULL}, true, ALL,
	 KC_SUB_STATUS | KC_SUB_SCALE, NULL},
	{"apps", "v1", "StatefulSet", "statefulsets", "statefulset", {"sts", NULL}, {"all", NULL}, true, ALL,
	 KC_SUB_STATUS | KC_SUB_SCALE, NULL},
	/* authorization.k8s.io/v1 */
	{"authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews",
	 "selfsubjectaccessreview", {NULL}, {NULL}, false, KC_VERBS_CREATE_ONLY, 0, NULL},
	{"authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews",
	 "selfsubjectrulesreview", {NULL}, {NULL}, false, KC_VERBS_CREATE_ONLY, 0, NULL},
	{"authorization.k8s.io", "v1", "SubjectAccessReview", "subjectaccessreviews", "subjectaccessreview",
	 {NULL}, {NULL}, false, KC_VERBS_CREATE_ONLY, 0, NULL},
	/* batch/v1 */
	{"batch", "v1", "CronJob", "cronjobs", "cronjob", {"cj", NULL}, {"all", NULL}, true, ALL, KC_SUB_STATUS,
	 NULL},
	{"batch", "v1", "Job", "jobs", "job", {NULL}, {"all", NULL}, true, ALL, KC_SUB_STATUS, NULL},
	/* coordination.k8s.io/v1 */
	{"coordination.k8s.io", "v1", "Lease", "leases", "lease", {NULL}, {NULL}, true, ALL, 0, NULL},
	/* discovery.k8s.io/v1 */
	{"discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice", {NULL}, {NULL}, true,
	 ALL, 0, NULL},
	/* events.k8s.io/v1: the same objects as core events, in another shape */
	{"events.k8s.io", "v1", "Event", "events", "event", {"ev", NULL}, {NULL}, true, ALL, 0, "events"},
	/* networking.k8s.io/v1 */
	{"networking.k8s.io", "v1", "IngressClass", "ingressclasses", "ingressclass", {NULL}, {NULL}, false,
	 ALL, 0, NULL},
	{"networking.k8s.io", "v1", "Ingress", "ingresses", "ingress", {"ing", NULL}, {NULL}, true, ALL,
	 KC_SUB_STATUS, NULL},
	/* rbac.authorization.k8s.io/v1 */
	{"rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding",
	 {NULL}, {NULL}, false, ALL, 0, NULL},
	{"rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", "clusterrole", {NULL}, {NULL}, false,
	 ALL, 0, NULL},
	{"rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", "rolebinding", {NULL}, {NULL}, true,
	 ALL, 0, NULL},
	{"rbac.authorization.k8s.io", "v1", "Role", "roles", "role", {NULL}, {NULL}, true, ALL, 0, NULL},
	/* storage.k8s.io/v1 */
	{"storage.k8s.io", "v1", "StorageClass", "storageclasses", "storageclass", {"sc", NULL}, {NULL}, false,
	 ALL, 0, NULL},
	{NULL, NULL, NULL, NULL, NULL, {NULL}, {NULL}, false, 0, 0, NULL},
};

const char *const kc_api_groups[] = {
	"",
	"apps",
	"events.k8s.io",
	"authorization.k8s.io",
	"batch",
	"networking.k8s.io",
	"rbac.authorization.k8s.io",
	"storage.k8s.io",
	"coordination.k8s.io",
	"discovery.k8s.io",
	NULL,
};

const char *kc_resource_api_version(const kc_resource *r, char *buf, size_t size)
{
	if (r->group[0])
		snprintf(buf, size, "%s/%s", r->group, r->version);
	else
		snprintf(buf, size, "%s", r->version);
	return buf;
}

const char *kc_resource_storage(const kc_resource *r) { return r->storage ? r->storage : r->plural; }

const kc_resource *kc_resource_find(const char *group, const char *version, const char *plural)
{
	for (const kc_resource *r = kc_resources; r->kind; r++)
		if (streq(r->group, group) && streq(r->version, version) && streq(r->plural, plural))
			return r;
	return NULL;
}

const kc_resource *kc_resource_find_kind(const char *api_version, const char *kind)
{
	char buf[128];
	for (const kc_resource *r = kc_resources; r->kind; r++)
		if (streq(r->kind, kind) && streq(kc_resource_api_version(r, buf, sizeof(buf)), api_version))
			return r;
	return NULL;
}

static bool name_matches(const kc_resource *r, const char *name)
{
	if (streq(r->plural, name) || streq(r->singular, name) || strcasecmp(r->kind, name) == 0)
		return true;
	for (size_t i = 0; r->short_names[i]; i++)
		if (streq(r->short_names[i], name))
			return true;
	return false;
}

const kc_resource *kc_resource_lookup(const char *name)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", name);
	/* "deployments.v1.apps" or "deployments.apps": resource, then an
	 * optional version, then the group (which may itself hold dots). */
	char *dot = strchr(buf, '.');
	const char *group = NULL, *version = NULL;
	if (dot) {
		*dot = '\0';
		group = dot + 1;
		char *dot2 = strchr(dot + 1, '.');
		if (dot2 && dot[1] == 'v' && dot[2] >= '0' && dot[2] <= '9') {
			*dot2 = '\0';
			version = dot + 1;
			group = dot2 + 1;
		}
	}
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		if (group && !streq(r->group, group) && !(streq(group, "core") && r->group[0] == '\0'))
			continue;
		if (version && !streq(r->version, version))
			continue;
		if (name_matches(r, buf))
			return r;
	}
	return NULL;
}
