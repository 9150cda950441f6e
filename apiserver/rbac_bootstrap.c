/* rbac_bootstrap.c - the default roles and bindings a cluster starts with
 * (api_rbac_bootstrap_policy in rbac.h): upstream's bootstrap policy as of
 * Kubernetes 1.31 (plugin/pkg/auth/authorizer/rbac/bootstrappolicy:
 * policy.go, controller_policy.go, namespace_policy.go), limited to what
 * concerns the resources and components kc has. The facts (names, rules,
 * subjects) are upstream's; where kc differs it says so below.
 *
 * Differences from upstream, and why:
 *  - system:node is bound to the group system:nodes. Upstream leaves that
 *    binding without subjects and lets its Node authorizer (which limits a
 *    kubelet to its own node's objects) grant kubelets their access; kc has
 *    no Node authorizer, so kubelets get system:node's rules through RBAC.
 *  - Each system:controller:<name> ClusterRoleBinding binds its role to the
 *    controller's service account (as upstream, for
 *    --use-service-account-credentials) and also to the user
 *    system:kube-controller-manager: kc's controller-manager runs every
 *    controller with its own credentials, so that user holds the union of
 *    the controllers' roles, while each role stays upstream's.
 *  - Roles for what kc does not serve (certificates, CSI, DRA, autoscaling,
 *    admission policies, the cloud provider...) are left out.
 *
 * Rules are written as upstream's PolicyRuleBuilder makes them: verbs,
 * groups, resources, names and URLs each sorted. Every object carries the
 * label kubernetes.io/bootstrapping=rbac-defaults and the annotation
 * rbac.authorization.kubernetes.io/autoupdate=true. */
#include <stdlib.h>
#include <string.h>

#include "apiserver/rbac.h"
#include "common/util.h"
#include "banned.h"

#define RBAC_V1 "rbac.authorization.k8s.io/v1"
#define RBAC_GROUP "rbac.authorization.k8s.io"
#define KC_CM_USER "system:kube-controller-manager"

/* Verb sets of upstream's policy.go. */
#define READ "get,list,watch"
#define WRITE "create,update,patch,delete,deletecollection"
#define READ_WRITE READ "," WRITE
#define READ_UPDATE READ ",update,patch"
/* A rule's API groups: "" is the core group, "*" every group. */
#define CORE ""

/* One PolicyRule: comma-separated lists. urls set means a non-resource
 * rule. */
typedef struct rb_rule {
	const char *verbs;
	const char *groups;
	const char *resources;
	const char *names;
	const char *urls;
} rb_rule;

#define R(verbs, groups, resources) {verbs, groups, resources, NULL, NULL}
#define RN(verbs, groups, resources, names) {verbs, groups, resources, names, NULL}
#define URLS(verbs, urls) {verbs, NULL, NULL, NULL, urls}
/* upstream's eventsRule() */
#define EVENTS R("create,update,patch", ",events.k8s.io", "events")
#define RULES(...) ((const rb_rule[]){__VA_ARGS__, {NULL, NULL, NULL, NULL, NULL}})

typedef struct rb_role {
	const char *name;
	const char *labels;    /* extra labels: "k=v,k2=v2", or NULL */
	const char *aggregate; /* an aggregationRule selecting this label (=true), or NULL */
	const rb_rule *rules;
} rb_role;

#define AGG_ADMIN "rbac.authorization.k8s.io/aggregate-to-admin"
#define AGG_EDIT "rbac.authorization.k8s.io/aggregate-to-edit"
#define AGG_VIEW "rbac.authorization.k8s.io/aggregate-to-view"

static const rb_role cluster_roles[] = {
	{"cluster-admin", NULL, NULL, RULES(R("*", "*", "*"), URLS("*", "*"))},
	{"system:discovery", NULL, NULL,
	 RULES(URLS("get", "/livez,/readyz,/healthz,/version,/version/,/openapi,/openapi/*,/api,/api/*,/apis,/apis/*"))},
	{"system:monitoring", NULL, NULL,
	 RULES(URLS("get", "/metrics,/metrics/slis,/livez,/readyz,/healthz,/livez/*,/readyz/*,/healthz/*"))},
	{"system:basic-user", NULL, NULL,
	 RULES(R("create", "authorization.k8s.io", "selfsubjectaccessreviews,selfsubjectrulesreviews"),
	       R("create", "authentication.k8s.io", "selfsubjectreviews"))},
	{"system:public-info-viewer", NULL, NULL, RULES(URLS("get", "/livez,/readyz,/healthz,/version,/version/"))},
	{"admin", NULL, AGG_ADMIN, NULL},
	{"edit", AGG_ADMIN "=true", AGG_EDIT, NULL},
	{"view", AGG_EDIT "=true", AGG_VIEW, NULL},
	{"system:aggregate-to-admin", AGG_ADMIN "=true", NULL,
	 RULES(R("create", "authorization.k8s.io", "localsubjectaccessreviews"),
	       R(READ_WRITE, RBAC_GROUP, "roles,rolebindings"))},
	{"system:aggregate-to-edit", AGG_EDIT "=true", NULL,
	 RULES(R(READ, CORE, "pods/attach,pods/proxy,pods/exec,pods/portforward,secrets,services/proxy"),
	       R("impersonate", CORE, "serviceaccounts"),
	       R(WRITE, CORE, "pods,pods/attach,pods/proxy,pods/exec,pods/portforward"),
	       R("create", CORE, "pods/eviction"),
	       R(WRITE, CORE,
		 "replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/proxy,"
		 "persistentvolumeclaims,configmaps,secrets,events"),
	       R("create", CORE, "serviceaccounts/token"),
	       R(WRITE, "apps",
		 "statefulsets,statefulsets/scale,daemonsets,deployments,deployments/scale,deployments/rollback,"
		 "replicasets,replicasets/scale"),
	       R(WRITE, "autoscaling", "horizontalpodautoscalers"), R(WRITE, "batch", "jobs,cronjobs"),
	       R(WRITE, "extensions",
		 "daemonsets,deployments,deployments/scale,deployments/rollback,ingresses,replicasets,"
		 "replicasets/scale,replicationcontrollers/scale,networkpolicies"),
	       R(WRITE, "policy", "poddisruptionbudgets"),
	       R(WRITE, "networking.k8s.io", "networkpolicies,ingresses"),
	       R(READ_WRITE, "coordination.k8s.io", "leases"))},
	{"system:aggregate-to-view", AGG_VIEW "=true", NULL,
	 RULES(R(READ, CORE,
		 "pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status,"
		 "endpoints,persistentvolumeclaims,persistentvolumeclaims/status,configmaps"),
	       R(READ, CORE,
		 "limitranges,resourcequotas,bindings,events,pods/status,resourcequotas/status,namespaces/status,"
		 "replicationcontrollers/status,pods/log"),
	       R(READ, CORE, "namespaces"), R(READ, "discovery.k8s.io", "endpointslices"),
	       R(READ, "apps",
		 "controllerrevisions,statefulsets,statefulsets/status,statefulsets/scale,daemonsets,"
		 "daemonsets/status,deployments,deployments/status,deployments/scale,replicasets,"
		 "replicasets/status,replicasets/scale"),
	       R(READ, "autoscaling", "horizontalpodautoscalers,horizontalpodautoscalers/status"),
	       R(READ, "batch", "jobs,cronjobs,cronjobs/status,jobs/status"),
	       R(READ, "extensions",
		 "daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,"
		 "ingresses/status,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale,"
		 "networkpolicies"),
	       R(READ, "policy", "poddisruptionbudgets,poddisruptionbudgets/status"),
	       R(READ, "networking.k8s.io", "networkpolicies,ingresses,ingresses/status"))},
	/* upstream's NodeRules() */
	{"system:node", NULL, NULL,
	 RULES(R("create", "authentication.k8s.io", "tokenreviews"),
	       R("create", "authorization.k8s.io", "subjectaccessreviews,localsubjectaccessreviews"),
	       R(READ, CORE, "services"), R("create,get,list,watch", CORE, "nodes"),
	       R("update,patch", CORE, "nodes/status"), R("update,patch", CORE, "nodes"),
	       R("create,update,patch", CORE, "events"), R(READ, CORE, "pods"), R("create,delete", CORE, "pods"),
	       R("update,patch", CORE, "pods/status"), R("create", CORE, "pods/eviction"),
	       R("get,list,watch", CORE, "secrets,configmaps"),
	       R("get", CORE, "persistentvolumeclaims,persistentvolumes"), R("get", CORE, "endpoints"),
	       R("create,get,list,watch", "certificates.k8s.io", "certificatesigningrequests"),
	       R("get,create,update,patch,delete", "coordination.k8s.io", "leases"),
	       R("get", "storage.k8s.io", "volumeattachments"), R("create", CORE, "serviceaccounts/token"),
	       R("get,update,patch", CORE, "persistentvolumeclaims/status"),
	       R("get,watch,list", "storage.k8s.io", "csidrivers"),
	       R("get,create,update,patch,delete", "storage.k8s.io", "csinodes"),
	       R("get,list,watch", "node.k8s.io", "runtimeclasses"))},
	{"system:node-proxier", NULL, NULL,
	 RULES(R("list,watch", CORE, "services,endpoints"), R(READ, CORE, "nodes"), EVENTS,
	       R("list,watch", "discovery.k8s.io", "endpointslices"))},
	{"system:kube-scheduler", NULL, NULL,
	 RULES(EVENTS, R("create", "coordination.k8s.io", "leases"),
	       RN("get,update", "coordination.k8s.io", "leases", "kube-scheduler"), R(READ, CORE, "nodes"),
	       R("get,list,watch,delete", CORE, "pods"), R("create", CORE, "pods/binding,bindings"),
	       R("patch,update", CORE, "pods/status"), R(READ, CORE, "services,replicationcontrollers"),
	       R(READ, "apps,extensions", "replicasets"), R(READ, "apps", "statefulsets"),
	       R(READ, "policy", "poddisruptionbudgets"),
	       R(READ, CORE, "persistentvolumeclaims,persistentvolumes"),
	       R("create", "authentication.k8s.io", "tokenreviews"),
	       R("create", "authorization.k8s.io", "subjectaccessreviews"), R(READ, "storage.k8s.io", "csinodes"),
	       R(READ, CORE, "namespaces"), R(READ, "storage.k8s.io", "csidrivers"),
	       R(READ, "storage.k8s.io", "csistoragecapacities"))},
	{"system:volume-scheduler", NULL, NULL,
	 RULES(R(READ_UPDATE, CORE, "persistentvolumes"), R(READ, "storage.k8s.io", "storageclasses"),
	       R(READ_UPDATE, CORE, "persistentvolumeclaims"))},
	{"system:kube-controller-manager", NULL, NULL,
	 RULES(EVENTS, R("create", "coordination.k8s.io", "leases"),
	       RN("get,update", "coordination.k8s.io", "leases", "kube-controller-manager"),
	       R("create", CORE, "secrets,serviceaccounts"), R("delete", CORE, "secrets"),
	       R("get", CORE, "namespaces,secrets,serviceaccounts,configmaps"),
	       R("update", CORE, "secrets,serviceaccounts"), R("create", "authentication.k8s.io", "tokenreviews"),
	       R("create", "authorization.k8s.io", "subjectaccessreviews"), R("list,watch", "*", "*"),
	       R("create", CORE, "serviceaccounts/token"))},
	{"system:kube-dns", NULL, NULL, RULES(R("list,watch", CORE, "endpoints,services"))},
	{"system:auth-delegator", NULL, NULL,
	 RULES(R("create", "authentication.k8s.io", "tokenreviews"),
	       R("create", "authorization.k8s.io", "subjectaccessreviews"))},
	{"system:kubelet-api-admin", NULL, NULL,
	 RULES(R(READ, CORE, "nodes"), R("proxy", CORE, "nodes"),
	       R("*", CORE, "nodes/proxy,nodes/metrics,nodes/stats,nodes/log"))},
	{"system:service-account-issuer-discovery", NULL, NULL,
	 RULES(URLS("get", "/.well-known/openid-configuration,/openid/v1/jwks"))},
};

/* upstream's controller_policy.go, for the controllers whose objects kc
 * serves (names without the system:controller: prefix) */
static const rb_role controller_roles[] = {
	{"clusterrole-aggregation-controller", NULL, NULL,
	 RULES(R("escalate,get,list,watch,update,patch", RBAC_GROUP, "clusterroles"))},
	{"cronjob-controller", NULL, NULL,
	 RULES(R("get,list,watch,update", "batch", "cronjobs"),
	       R("get,list,watch,create,update,delete,patch", "batch", "jobs"),
	       R("update", "batch", "cronjobs/status"), R("update", "batch", "cronjobs/finalizers"),
	       R("list,watch,delete", CORE, "pods"), EVENTS)},
	{"daemon-set-controller", NULL, NULL,
	 RULES(R(READ, "apps,extensions", "daemonsets"), R("update", "apps,extensions", "daemonsets/status"),
	       R("update", "apps,extensions", "daemonsets/finalizers"), R("list,watch", CORE, "nodes"),
	       R("list,watch,create,delete,patch", CORE, "pods"), R("create", CORE, "pods/binding"),
	       R("get,list,watch,create,delete,update,patch", "apps", "controllerrevisions"), EVENTS)},
	{"deployment-controller", NULL, NULL,
	 RULES(R("get,list,watch,update", "apps,extensions", "deployments"),
	       R("update", "apps,extensions", "deployments/status"),
	       R("update", "apps,extensions", "deployments/finalizers"),
	       R("get,list,watch,create,update,patch,delete", "apps,extensions", "replicasets"),
	       /* update lets the controller add the pod-template-hash label to
		* pods it adopts */
	       R("get,list,watch,update", CORE, "pods"), EVENTS)},
	{"endpoint-controller", NULL, NULL,
	 RULES(R(READ, CORE, "services,pods"), R("get,list,watch,create,update,delete", CORE, "endpoints"),
	       R("create", CORE, "endpoints/restricted"), EVENTS)},
	{"endpointslice-controller", NULL, NULL,
	 RULES(R(READ, CORE, "services,pods,nodes"), R("update", CORE, "services/finalizers"),
	       R("get,list,watch,create,update,delete", "discovery.k8s.io", "endpointslices"), EVENTS)},
	{"endpointslicemirroring-controller", NULL, NULL,
	 RULES(R(READ, CORE, "services,endpoints"), R("update", CORE, "services/finalizers"),
	       R("update", CORE, "endpoints/finalizers"),
	       R("get,list,watch,create,update,delete", "discovery.k8s.io", "endpointslices"), EVENTS)},
	{"ephemeral-volume-controller", NULL, NULL,
	 RULES(R("get,list,watch", CORE, "pods"), R("update", CORE, "pods/finalizers"),
	       R("get,list,watch,create", CORE, "persistentvolumeclaims"), EVENTS)},
	{"generic-garbage-collector", NULL, NULL, RULES(R("get,list,watch,patch,update,delete", "*", "*"), EVENTS)},
	{"job-controller", NULL, NULL,
	 RULES(R("get,list,watch,update,patch", "batch", "jobs"), R("update", "batch", "jobs/status"),
	       R("update", "batch", "jobs/finalizers"), R("list,watch,create,delete,patch", CORE, "pods"), EVENTS)},
	{"namespace-controller", NULL, NULL,
	 RULES(R("get,list,watch,delete", CORE, "namespaces"), R("update", CORE, "namespaces/finalize,namespaces/status"),
	       R("get,list,watch,delete,deletecollection", "*", "*"))},
	{"node-controller", NULL, NULL,
	 RULES(R("get,list,watch,update,delete,patch", CORE, "nodes"), R("patch,update", CORE, "nodes/status"),
	       R("patch,update", CORE, "pods/status"), R("get,list,watch,delete", CORE, "pods"), EVENTS)},
	{"persistent-volume-binder", NULL, NULL,
	 RULES(R("get,list,watch,update,create,delete", CORE, "persistentvolumes"),
	       R("update", CORE, "persistentvolumes/status"), R("get,list,watch,update", CORE, "persistentvolumeclaims"),
	       R("update", CORE, "persistentvolumeclaims/status"), R("get,list,watch,create,delete", CORE, "pods"),
	       R("get,list,watch", "storage.k8s.io", "storageclasses"), R("list,watch", CORE, "nodes"),
	       R("watch", CORE, "events"), EVENTS)},
	{"pod-garbage-collector", NULL, NULL,
	 RULES(R("list,watch,delete", CORE, "pods"), R("get,list,watch", CORE, "nodes"),
	       R("patch", CORE, "pods/status"))},
	{"pv-protection-controller", NULL, NULL, RULES(R("get,list,watch,update", CORE, "persistentvolumes"), EVENTS)},
	{"pvc-protection-controller", NULL, NULL,
	 RULES(R("get,list,watch,update", CORE, "persistentvolumeclaims"),
	       R("update", CORE, "persistentvolumeclaims/status"), R("list,watch,get", CORE, "pods"), EVENTS)},
	{"replicaset-controller", NULL, NULL,
	 RULES(R("get,list,watch,update", "apps,extensions", "replicasets"),
	       R("update", "apps,extensions", "replicasets/status"),
	       R("update", "apps,extensions", "replicasets/finalizers"),
	       R("list,watch,patch,create,delete", CORE, "pods"), EVENTS)},
	{"replication-controller", NULL, NULL,
	 RULES(R("get,list,watch,update", CORE, "replicationcontrollers"),
	       R("update", CORE, "replicationcontrollers/status"),
	       R("update", CORE, "replicationcontrollers/finalizers"),
	       R("list,watch,patch,create,delete", CORE, "pods"), EVENTS)},
	{"root-ca-cert-publisher", NULL, NULL, RULES(R("create,update", CORE, "configmaps"), EVENTS)},
	{"service-account-controller", NULL, NULL, RULES(R("create", CORE, "serviceaccounts"), EVENTS)},
	{"statefulset-controller", NULL, NULL,
	 RULES(R("list,watch", CORE, "pods"), R(READ, "apps", "statefulsets"),
	       R("update", "apps", "statefulsets/status"), R("update", "apps", "statefulsets/finalizers"),
	       R("get,create,delete,update,patch", CORE, "pods"),
	       R("get,create,delete,update,patch,list,watch", "apps", "controllerrevisions"),
	       R("get,create,list,watch", CORE, "persistentvolumeclaims"),
	       R("update,delete", CORE, "persistentvolumeclaims"), R("update", CORE, "pods/finalizers"), EVENTS)},
	{"ttl-after-finished-controller", NULL, NULL, RULES(R("get,list,watch,delete", "batch", "jobs"), EVENTS)},
	{"ttl-controller", NULL, NULL, RULES(R("update,patch,list,watch", CORE, "nodes"), EVENTS)},
};

/* Roles in kube-system: what the scheduler and controller-manager need to
 * hold their leader-election leases there, and the reader of the
 * extension-apiserver-authentication ConfigMap. */
static const rb_role kube_system_roles[] = {
	{"extension-apiserver-authentication-reader", NULL, NULL,
	 RULES(RN(READ, CORE, "configmaps", "extension-apiserver-authentication"))},
	{"system::leader-locking-kube-controller-manager", NULL, NULL,
	 RULES(R("watch,get,list,create,update", "coordination.k8s.io", "leases"),
	       R("watch,get,list,create,update", "coordination.k8s.io", "leasecandidates"))},
	{"system::leader-locking-kube-scheduler", NULL, NULL,
	 RULES(R("watch,get,list,create,update", "coordination.k8s.io", "leases"),
	       R("watch,get,list,create,update", "coordination.k8s.io", "leasecandidates"))},
};

/* Subjects: "User:name", "Group:name", "SA:namespace:name", comma-separated. */
typedef struct rb_binding {
	const char *name;
	const char *role_kind;
	const char *role;
	const char *subjects;
} rb_binding;

static const rb_binding cluster_bindings[] = {
	{"cluster-admin", "ClusterRole", "cluster-admin", "Group:system:masters"},
	{"system:monitoring", "ClusterRole", "system:monitoring", "Group:system:monitoring"},
	{"system:discovery", "ClusterRole", "system:discovery", "Group:system:authenticated"},
	{"system:basic-user", "ClusterRole", "system:basic-user", "Group:system:authenticated"},
	{"system:public-info-viewer", "ClusterRole", "system:public-info-viewer",
	 "Group:system:authenticated,Group:system:unauthenticated"},
	{"system:node-proxier", "ClusterRole", "system:node-proxier", "User:system:kube-proxy"},
	{"system:kube-controller-manager", "ClusterRole", "system:kube-controller-manager",
	 "User:system:kube-controller-manager"},
	{"system:kube-dns", "ClusterRole", "system:kube-dns", "SA:kube-system:kube-dns"},
	{"system:kube-scheduler", "ClusterRole", "system:kube-scheduler", "User:system:kube-scheduler"},
	{"system:volume-scheduler", "ClusterRole", "system:volume-scheduler", "User:system:kube-scheduler"},
	/* kc: bound to system:nodes, see the top of this file */
	{"system:node", "ClusterRole", "system:node", "Group:system:nodes"},
	{"system:service-account-issuer-discovery", "ClusterRole", "system:service-account-issuer-discovery",
	 "Group:system:serviceaccounts"},
};

static const rb_binding kube_system_bindings[] = {
	{"system::extension-apiserver-authentication-reader", "Role", "extension-apiserver-authentication-reader",
	 "User:system:kube-controller-manager,User:system:kube-scheduler"},
	{"system::leader-locking-kube-controller-manager", "Role", "system::leader-locking-kube-controller-manager",
	 "User:system:kube-controller-manager,SA:kube-system:kube-controller-manager,"
	 "SA:kube-system:leader-election-controller"},
	{"system::leader-locking-kube-scheduler", "Role", "system::leader-locking-kube-scheduler",
	 "User:system:kube-scheduler,SA:kube-system:kube-scheduler"},
};

/* ---- building the objects ---- */

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The comma-separated list as a sorted JSON array ("" is one empty
 * string: the core group). */
static cJSON *sorted_list(const char *csv)
{
	_cleanup_free_ char *copy = xstrdup(csv);
	size_t n = 1;
	for (const char *c = csv; *c; c++)
		n += *c == ',';
	_cleanup_free_ char **items = xcalloc(n, sizeof(*items));
	char *p = copy;
	for (size_t i = 0; i < n; i++) {
		items[i] = p;
		char *comma = strchr(p, ',');
		if (comma) {
			*comma = '\0';
			p = comma + 1;
		}
	}
	qsort(items, n, sizeof(*items), cmp_str);
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(items[i]));
	return arr;
}

static cJSON *metadata(const char *name, const char *ns, const char *labels)
{
	cJSON *meta = cJSON_CreateObject();
	cJSON_AddStringToObject(meta, "name", name);
	if (ns)
		cJSON_AddStringToObject(meta, "namespace", ns);
	cJSON *l = cJSON_AddObjectToObject(meta, "labels");
	cJSON_AddStringToObject(l, "kubernetes.io/bootstrapping", "rbac-defaults");
	if (labels) {
		_cleanup_free_ char *copy = xstrdup(labels);
		char *save = NULL;
		for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
			char *eq = strchr(kv, '=');
			if (!eq)
				continue;
			*eq = '\0';
			cJSON_AddStringToObject(l, kv, eq + 1);
		}
	}
	cJSON *a = cJSON_AddObjectToObject(meta, "annotations");
	cJSON_AddStringToObject(a, "rbac.authorization.kubernetes.io/autoupdate", "true");
	return meta;
}

static cJSON *rule_object(const rb_rule *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "verbs", sorted_list(r->verbs));
	if (r->urls) {
		cJSON_AddItemToObject(o, "nonResourceURLs", sorted_list(r->urls));
		return o;
	}
	cJSON_AddItemToObject(o, "apiGroups", sorted_list(r->groups));
	cJSON_AddItemToObject(o, "resources", sorted_list(r->resources));
	if (r->names)
		cJSON_AddItemToObject(o, "resourceNames", sorted_list(r->names));
	return o;
}

static cJSON *role_object(const char *kind, const char *prefix, const rb_role *role, const char *ns)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "apiVersion", RBAC_V1);
	cJSON_AddStringToObject(o, "kind", kind);
	_cleanup_free_ char *name = xasprintf("%s%s", prefix, role->name);
	cJSON_AddItemToObject(o, "metadata", metadata(name, ns, role->labels));
	if (role->aggregate) {
		cJSON *sel = cJSON_CreateObject();
		cJSON_AddStringToObject(cJSON_AddObjectToObject(sel, "matchLabels"), role->aggregate, "true");
		cJSON *rule = cJSON_AddObjectToObject(o, "aggregationRule");
		cJSON *sels = cJSON_AddArrayToObject(rule, "clusterRoleSelectors");
		cJSON_AddItemToArray(sels, sel);
	}
	cJSON *rules = cJSON_AddArrayToObject(o, "rules");
	for (const rb_rule *r = role->rules; r && r->verbs; r++)
		cJSON_AddItemToArray(rules, rule_object(r));
	return o;
}

static void add_subjects(cJSON *subjects, const char *spec)
{
	_cleanup_free_ char *copy = xstrdup(spec);
	char *save = NULL;
	for (char *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		cJSON *o = cJSON_CreateObject();
		if (str_startswith(s, "SA:")) {
			char *ns = s + 3, *colon = strchr(ns, ':');
			if (!colon) {
				cJSON_Delete(o);
				continue;
			}
			*colon = '\0';
			cJSON_AddStringToObject(o, "kind", "ServiceAccount");
			cJSON_AddStringToObject(o, "name", colon + 1);
			cJSON_AddStringToObject(o, "namespace", ns);
		} else {
			char *colon = strchr(s, ':');
			if (!colon) {
				cJSON_Delete(o);
				continue;
			}
			*colon = '\0';
			cJSON_AddStringToObject(o, "apiGroup", RBAC_GROUP);
			cJSON_AddStringToObject(o, "kind", s);
			cJSON_AddStringToObject(o, "name", colon + 1);
		}
		cJSON_AddItemToArray(subjects, o);
	}
}

static cJSON *binding_object(const char *kind, const char *name, const char *ns, const char *role_kind,
			     const char *role, const char *subjects)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "apiVersion", RBAC_V1);
	cJSON_AddStringToObject(o, "kind", kind);
	cJSON_AddItemToObject(o, "metadata", metadata(name, ns, NULL));
	cJSON *ref = cJSON_AddObjectToObject(o, "roleRef");
	cJSON_AddStringToObject(ref, "apiGroup", RBAC_GROUP);
	cJSON_AddStringToObject(ref, "kind", role_kind);
	cJSON_AddStringToObject(ref, "name", role);
	add_subjects(cJSON_AddArrayToObject(o, "subjects"), subjects);
	return o;
}

cJSON *api_rbac_bootstrap_policy(void)
{
	cJSON *all = cJSON_CreateArray();
	for (size_t i = 0; i < KC_ARRAY_SIZE(cluster_roles); i++)
		cJSON_AddItemToArray(all, role_object("ClusterRole", "", &cluster_roles[i], NULL));
	for (size_t i = 0; i < KC_ARRAY_SIZE(controller_roles); i++) {
		cJSON *role = role_object("ClusterRole", "system:controller:", &controller_roles[i], NULL);
		cJSON_AddItemToArray(all, role);
	}
	for (size_t i = 0; i < KC_ARRAY_SIZE(cluster_bindings); i++) {
		const rb_binding *b = &cluster_bindings[i];
		cJSON *o = binding_object("ClusterRoleBinding", b->name, NULL, b->role_kind, b->role, b->subjects);
		cJSON_AddItemToArray(all, o);
	}
	for (size_t i = 0; i < KC_ARRAY_SIZE(controller_roles); i++) {
		const char *n = controller_roles[i].name;
		_cleanup_free_ char *name = xasprintf("system:controller:%s", n);
		/* upstream's service account, and kc's controller-manager user */
		_cleanup_free_ char *subjects = xasprintf("SA:kube-system:%s,User:" KC_CM_USER, n);
		cJSON *o = binding_object("ClusterRoleBinding", name, NULL, "ClusterRole", name, subjects);
		cJSON_AddItemToArray(all, o);
	}
	for (size_t i = 0; i < KC_ARRAY_SIZE(kube_system_roles); i++)
		cJSON_AddItemToArray(all, role_object("Role", "", &kube_system_roles[i], "kube-system"));
	for (size_t i = 0; i < KC_ARRAY_SIZE(kube_system_bindings); i++) {
		const rb_binding *b = &kube_system_bindings[i];
		cJSON *o = binding_object("RoleBinding", b->name, "kube-system", b->role_kind, b->role, b->subjects);
		cJSON_AddItemToArray(all, o);
	}
	return all;
}
