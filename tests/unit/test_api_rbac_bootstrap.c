/* test_api_rbac_bootstrap.c - the bootstrap policy: the objects' shape
 * (kinds, metadata, sorted rules, no dangling references) and what it lets
 * each component and kind of user do, evaluated by the RBAC evaluator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "apiserver/rbac.h"
#include "common/json.h"
#include "common/map.h"
#include "common/util.h"

static const cJSON *find(const cJSON *policy, const char *kind, const char *ns, const char *name)
{
	const cJSON *o;
	cJSON_ArrayForEach(o, policy) {
		if (streq(kc_json_get_str(o, "kind", ""), kind) && streq(kc_json_get_str(o, "metadata.name", ""), name) &&
		    streq(kc_json_get_str(o, "metadata.namespace", ""), ns))
			return o;
	}
	return NULL;
}

static bool sorted_strings(const cJSON *arr)
{
	const cJSON *prev = NULL, *el;
	cJSON_ArrayForEach(el, arr) {
		if (!cJSON_IsString(el))
			return false;
		if (prev && strcmp(prev->valuestring, el->valuestring) > 0)
			return false;
		prev = el;
	}
	return true;
}

static void test_shape(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *policy = api_rbac_bootstrap_policy();
	assert_true(cJSON_IsArray(policy));
	assert_true(cJSON_GetArraySize(policy) > 40);
	kc_map *seen = kc_map_new(NULL);
	const cJSON *o;
	cJSON_ArrayForEach(o, policy) {
		const char *kind = kc_json_get_str(o, "kind", "");
		const char *name = kc_json_get_str(o, "metadata.name", "");
		const char *ns = kc_json_get_str(o, "metadata.namespace", "");
		_cleanup_free_ char *key = xasprintf("%s/%s/%s", kind, ns, name);
		if (kc_map_has(seen, key))
			fail_msg("%s appears twice", key);
		kc_map_put(seen, key, NULL);
		if (!streq(kc_json_get_str(o, "apiVersion", ""), "rbac.authorization.k8s.io/v1"))
			fail_msg("%s: apiVersion", key);
		if (!streq(kc_json_as_str(kc_json_getv(o, "metadata", "labels", "kubernetes.io/bootstrapping", NULL), ""), "rbac-defaults"))
			fail_msg("%s: bootstrapping label", key);
		if (!streq(kc_json_as_str(kc_json_getv(o, "metadata", "annotations", "rbac.authorization.kubernetes.io/autoupdate", NULL), ""),
			   "true"))
			fail_msg("%s: autoupdate annotation", key);
		bool namespaced = streq(kind, "Role") || streq(kind, "RoleBinding");
		if (namespaced != (ns[0] != 0))
			fail_msg("%s: namespace", key);
		if (streq(kind, "ClusterRole") || streq(kind, "Role")) {
			const cJSON *rule;
			size_t i = 0;
			cJSON_ArrayForEach(rule, cJSON_GetObjectItem(o, "rules")) {
				static const char *const lists[] = {"verbs", "apiGroups", "resources", "resourceNames",
								    "nonResourceURLs"};
				for (size_t k = 0; k < KC_ARRAY_SIZE(lists); k++)
					if (!sorted_strings(cJSON_GetObjectItem(rule, lists[k])))
						fail_msg("%s: rules[%zu].%s not sorted", key, i, lists[k]);
				if (cJSON_GetArraySize(cJSON_GetObjectItem(rule, "verbs")) == 0)
					fail_msg("%s: rules[%zu] has no verbs", key, i);
				bool urls = cJSON_GetObjectItem(rule, "nonResourceURLs") != NULL;
				bool res = cJSON_GetObjectItem(rule, "resources") != NULL;
				if (urls == res || (urls && namespaced))
					fail_msg("%s: rules[%zu] mixes or lacks resources and URLs", key, i);
				i++;
			}
		} else {
			const char *rk = kc_json_get_str(o, "roleRef.kind", "");
			const char *rn = kc_json_get_str(o, "roleRef.name", "");
			if (!streq(kc_json_get_str(o, "roleRef.apiGroup", ""), "rbac.authorization.k8s.io"))
				fail_msg("%s: roleRef.apiGroup", key);
			if (!find(policy, rk, streq(rk, "Role") ? ns : "", rn))
				fail_msg("%s: refers to missing %s %s", key, rk, rn);
			if (cJSON_GetArraySize(cJSON_GetObjectItem(o, "subjects")) == 0)
				fail_msg("%s: no subjects", key);
		}
	}
	kc_map_free(seen);

	/* a few objects exactly */
	const cJSON *admin = find(policy, "ClusterRole", "", "admin");
	assert_non_null(admin);
	assert_string_equal(kc_json_as_str(kc_json_getv(admin, "aggregationRule", "clusterRoleSelectors", "0", "matchLabels",
						       "rbac.authorization.k8s.io/aggregate-to-admin", NULL),
				       ""),
			    "true");
	const cJSON *view = find(policy, "ClusterRole", "", "view");
	assert_string_equal(kc_json_as_str(kc_json_getv(view, "metadata", "labels", "rbac.authorization.k8s.io/aggregate-to-edit", NULL),
				       ""),
			    "true");
	const cJSON *piv = find(policy, "ClusterRoleBinding", "", "system:public-info-viewer");
	_cleanup_free_ char *subjects = kc_json_print(cJSON_GetObjectItem(piv, "subjects"));
	assert_string_equal(subjects, "[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Group\",\"name\":"
				      "\"system:authenticated\"},{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":"
				      "\"Group\",\"name\":\"system:unauthenticated\"}]");
	const cJSON *disc = find(policy, "ClusterRole", "", "system:discovery");
	_cleanup_free_ char *rules = kc_json_print(cJSON_GetObjectItem(disc, "rules"));
	assert_string_equal(rules, "[{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/api\",\"/api/*\",\"/apis\",\"/apis/*\","
				   "\"/healthz\",\"/livez\",\"/openapi\",\"/openapi/*\",\"/readyz\",\"/version\","
				   "\"/version/\"]}]");
	const cJSON *lock = find(policy, "RoleBinding", "kube-system", "system::leader-locking-kube-scheduler");
	_cleanup_free_ char *lock_subjects = kc_json_print(cJSON_GetObjectItem(lock, "subjects"));
	assert_string_equal(lock_subjects, "[{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"User\",\"name\":"
					   "\"system:kube-scheduler\"},{\"kind\":\"ServiceAccount\",\"name\":"
					   "\"kube-scheduler\",\"namespace\":\"kube-system\"}]");
	/* kc binds system:node to system:nodes (no Node authorizer) */
	const cJSON *node = find(policy, "ClusterRoleBinding", "", "system:node");
	assert_string_equal(kc_json_get_str(node, "subjects[0].name", ""), "system:nodes");
	/* every controller role is bound to the controller-manager user too */
	const cJSON *rs = find(policy, "ClusterRoleBinding", "", "system:controller:replicaset-controller");
	assert_string_equal(kc_json_get_str(rs, "subjects[0].kind", ""), "ServiceAccount");
	assert_string_equal(kc_json_get_str(rs, "subjects[0].name", ""), "replicaset-controller");
	assert_string_equal(kc_json_get_str(rs, "subjects[1].name", ""), "system:kube-controller-manager");
}

/* "name|group,group" */
static void make_user(api_user *u, const char *spec)
{
	memset(u, 0, sizeof(*u));
	const char *bar = strchr(spec, '|');
	u->name = bar ? xstrndup(spec, (size_t)(bar - spec)) : xstrdup(spec);
	u->groups = xcalloc(16, sizeof(*u->groups));
	if (!bar || !bar[1])
		return;
	_cleanup_free_ char *copy = xstrdup(bar + 1);
	char *save = NULL;
	size_t n = 0;
	for (char *g = strtok_r(copy, ",", &save); g && n < 15; g = strtok_r(NULL, ",", &save))
		u->groups[n++] = xstrdup(g);
}

typedef struct boot_case {
	const char *user;
	const char *verb;
	const char *ns;
	const char *group;
	const char *resource; /* "pods/status"; NULL: non-resource path */
	const char *name;
	const char *path;
	bool want;
} boot_case;

#define RES(user, verb, ns, group, resource, name, want) {user, verb, ns, group, resource, name, "", want}
#define URL(user, path, want) {user, "get", "", "", NULL, "", path, want}

#define ANON "system:anonymous|system:unauthenticated"
#define SOMEONE "jane|system:authenticated"
#define SCHED "system:kube-scheduler|system:authenticated"
#define CM "system:kube-controller-manager|system:authenticated"
#define PROXY "system:kube-proxy|system:authenticated"
#define KUBELET "system:node:n1|system:nodes,system:authenticated"
#define ADMIN "kubernetes-admin|system:masters,system:authenticated"

static const boot_case cases[] = {
	/* system:masters */
	RES(ADMIN, "delete", "kube-system", "", "secrets", "x", true),
	RES(ADMIN, "create", "", "rbac.authorization.k8s.io", "clusterrolebindings", "", true),
	RES(ADMIN, "escalate", "", "rbac.authorization.k8s.io", "clusterroles", "x", true),
	URL(ADMIN, "/metrics", true),
	/* anonymous: health and version only */
	URL(ANON, "/healthz", true),
	URL(ANON, "/livez", true),
	URL(ANON, "/readyz", true),
	URL(ANON, "/version", true),
	URL(ANON, "/version/", true),
	URL(ANON, "/healthz/etcd", false),
	URL(ANON, "/api", false),
	URL(ANON, "/apis/apps/v1", false),
	URL(ANON, "/metrics", false),
	URL(ANON, "/openapi/v2", false),
	RES(ANON, "list", "default", "", "pods", "", false),
	RES(ANON, "list", "", "", "namespaces", "", false),
	RES(ANON, "create", "", "authorization.k8s.io", "selfsubjectaccessreviews", "", false),
	/* any authenticated user: discovery, self reviews */
	URL(SOMEONE, "/api", true),
	URL(SOMEONE, "/api/v1", true),
	URL(SOMEONE, "/apis", true),
	URL(SOMEONE, "/apis/apps/v1", true),
	URL(SOMEONE, "/openapi/v3/apis/apps/v1", true),
	URL(SOMEONE, "/version", true),
	URL(SOMEONE, "/healthz", true),
	URL(SOMEONE, "/metrics", false),
	URL(SOMEONE, "/logs", false),
	RES(SOMEONE, "create", "", "authorization.k8s.io", "selfsubjectaccessreviews", "", true),
	RES(SOMEONE, "create", "", "authorization.k8s.io", "selfsubjectrulesreviews", "", true),
	RES(SOMEONE, "create", "", "authorization.k8s.io", "subjectaccessreviews", "", false),
	RES(SOMEONE, "list", "default", "", "pods", "", false),
	RES(SOMEONE, "get", "default", "", "secrets", "x", false),
	/* system:monitoring */
	URL("prom|system:monitoring,system:authenticated", "/metrics", true),
	URL("prom|system:monitoring,system:authenticated", "/readyz/etcd", true),
	/* kube-scheduler */
	RES(SCHED, "create", "default", "", "pods/binding", "web", true),
	RES(SCHED, "create", "default", "", "bindings", "", true),
	RES(SCHED, "update", "default", "", "pods/status", "web", true),
	RES(SCHED, "patch", "default", "", "pods/status", "web", true),
	RES(SCHED, "delete", "default", "", "pods", "web", true),
	RES(SCHED, "watch", "", "", "pods", "", true),
	RES(SCHED, "list", "", "", "nodes", "", true),
	RES(SCHED, "list", "", "", "persistentvolumeclaims", "", true),
	RES(SCHED, "list", "", "apps", "replicasets", "", true),
	RES(SCHED, "list", "", "", "namespaces", "", true),
	RES(SCHED, "create", "kube-system", "coordination.k8s.io", "leases", "", true),
	RES(SCHED, "get", "kube-system", "coordination.k8s.io", "leases", "kube-scheduler", true),
	RES(SCHED, "update", "kube-system", "coordination.k8s.io", "leases", "kube-scheduler", true),
	RES(SCHED, "watch", "kube-system", "coordination.k8s.io", "leases", "", true),
	RES(SCHED, "update", "default", "coordination.k8s.io", "leases", "other", false),
	RES(SCHED, "update", "default", "coordination.k8s.io", "leases", "kube-scheduler", true),
	RES(SCHED, "create", "default", "", "events", "", true),
	RES(SCHED, "patch", "default", "events.k8s.io", "events", "e", true),
	RES(SCHED, "update", "", "", "persistentvolumes", "pv", true), /* system:volume-scheduler */
	RES(SCHED, "get", "kube-system", "", "configmaps", "extension-apiserver-authentication", true),
	RES(SCHED, "get", "kube-system", "", "configmaps", "other", false),
	RES(SCHED, "create", "default", "", "pods", "", false),
	RES(SCHED, "update", "default", "", "pods", "web", false),
	RES(SCHED, "update", "", "", "nodes", "n1", false),
	RES(SCHED, "get", "default", "", "secrets", "s", false),
	/* kubelets: system:node via group system:nodes */
	RES(KUBELET, "create", "", "", "nodes", "", true),
	RES(KUBELET, "get", "", "", "nodes", "n1", true),
	RES(KUBELET, "update", "", "", "nodes/status", "n1", true),
	RES(KUBELET, "patch", "", "", "nodes/status", "n1", true),
	RES(KUBELET, "patch", "", "", "nodes", "n1", true),
	RES(KUBELET, "watch", "", "", "pods", "", true),
	RES(KUBELET, "update", "default", "", "pods/status", "web", true),
	RES(KUBELET, "patch", "default", "", "pods/status", "web", true),
	RES(KUBELET, "create", "default", "", "pods", "", true),
	RES(KUBELET, "delete", "default", "", "pods", "web", true),
	RES(KUBELET, "create", "default", "", "pods/eviction", "web", true),
	RES(KUBELET, "create", "default", "", "events", "", true),
	RES(KUBELET, "patch", "default", "", "events", "e", true),
	RES(KUBELET, "create", "kube-node-lease", "coordination.k8s.io", "leases", "", true),
	RES(KUBELET, "update", "kube-node-lease", "coordination.k8s.io", "leases", "n1", true),
	RES(KUBELET, "get", "kube-node-lease", "coordination.k8s.io", "leases", "n1", true),
	RES(KUBELET, "get", "default", "", "secrets", "s", true),
	RES(KUBELET, "watch", "default", "", "configmaps", "", true),
	RES(KUBELET, "get", "default", "", "persistentvolumeclaims", "c", true),
	RES(KUBELET, "get", "", "", "persistentvolumes", "v", true),
	RES(KUBELET, "list", "", "", "services", "", true),
	RES(KUBELET, "get", "default", "", "endpoints", "e", true),
	RES(KUBELET, "create", "", "authentication.k8s.io", "tokenreviews", "", true),
	RES(KUBELET, "create", "", "authorization.k8s.io", "subjectaccessreviews", "", true),
	RES(KUBELET, "create", "default", "", "serviceaccounts/token", "default", true),
	RES(KUBELET, "delete", "", "", "nodes", "n1", false),
	RES(KUBELET, "update", "default", "", "pods", "web", false),
	RES(KUBELET, "create", "default", "apps", "deployments", "", false),
	RES(KUBELET, "create", "default", "", "secrets", "", false),
	RES(KUBELET, "list", "default", "", "persistentvolumeclaims", "", false),
	RES("system:node:n1|system:authenticated", "update", "", "", "nodes/status", "n1", false),
	/* kube-proxy */
	RES(PROXY, "watch", "", "discovery.k8s.io", "endpointslices", "", true),
	RES(PROXY, "list", "", "discovery.k8s.io", "endpointslices", "", true),
	RES(PROXY, "watch", "", "", "services", "", true),
	RES(PROXY, "list", "", "", "endpoints", "", true),
	RES(PROXY, "get", "", "", "nodes", "n1", true),
	RES(PROXY, "watch", "", "", "nodes", "", true),
	RES(PROXY, "create", "default", "", "events", "", true),
	RES(PROXY, "patch", "default", "events.k8s.io", "events", "e", true),
	RES(PROXY, "get", "default", "", "services", "s", false),
	RES(PROXY, "create", "default", "", "services", "", false),
	RES(PROXY, "update", "default", "discovery.k8s.io", "endpointslices", "e", false),
	/* kube-controller-manager: its own role plus every controller role */
	RES(CM, "list", "", "apps", "deployments", "", true),
	RES(CM, "watch", "", "", "secrets", "", true),
	RES(CM, "create", "kube-system", "coordination.k8s.io", "leases", "", true),
	RES(CM, "update", "kube-system", "coordination.k8s.io", "leases", "kube-controller-manager", true),
	RES(CM, "create", "default", "", "pods", "", true),
	RES(CM, "patch", "default", "", "pods", "web", true),
	RES(CM, "delete", "default", "", "pods", "web", true),
	RES(CM, "update", "default", "", "pods/status", "web", true),
	RES(CM, "create", "default", "apps", "replicasets", "", true),
	RES(CM, "update", "default", "apps", "deployments/status", "d", true),
	RES(CM, "update", "default", "apps", "replicasets/status", "r", true),
	RES(CM, "update", "default", "apps", "statefulsets/status", "s", true),
	RES(CM, "update", "default", "apps", "daemonsets/status", "s", true),
	RES(CM, "create", "default", "apps", "controllerrevisions", "", true),
	RES(CM, "create", "default", "batch", "jobs", "", true),
	RES(CM, "update", "default", "batch", "cronjobs/status", "c", true),
	RES(CM, "update", "default", "", "replicationcontrollers/status", "r", true),
	RES(CM, "create", "default", "", "endpoints", "", true),
	RES(CM, "update", "default", "", "endpoints", "e", true),
	RES(CM, "create", "default", "discovery.k8s.io", "endpointslices", "", true),
	RES(CM, "delete", "default", "discovery.k8s.io", "endpointslices", "e", true),
	RES(CM, "create", "default", "", "serviceaccounts", "", true),
	RES(CM, "update", "", "", "namespaces/finalize", "ns", true),
	RES(CM, "delete", "", "", "namespaces", "ns", true),
	RES(CM, "deletecollection", "ns", "apps", "deployments", "", true),
	RES(CM, "patch", "", "", "nodes", "n1", true),
	RES(CM, "update", "", "", "nodes/status", "n1", true),
	RES(CM, "delete", "", "", "nodes", "n1", true),
	RES(CM, "patch", "x", "example.com", "widgets", "w", true), /* the garbage collector */
	RES(CM, "create", "default", "", "events", "", true),
	RES(CM, "create", "kube-system", "", "configmaps", "", true),
	RES(CM, "create", "", "", "namespaces", "", false),
	RES(CM, "create", "", "rbac.authorization.k8s.io", "clusterrolebindings", "", false),
	RES(CM, "create", "default", "apps", "deployments", "", false),
	RES(CM, "escalate", "", "rbac.authorization.k8s.io", "clusterroles", "admin", true),
	/* controller service accounts hold their own role */
	RES("system:serviceaccount:kube-system:replicaset-controller", "create", "default", "", "pods", "", true),
	RES("system:serviceaccount:kube-system:replicaset-controller", "create", "default", "", "secrets", "", false),
	/* the discovery of service-account issuers, through the implied group */
	URL("system:serviceaccount:default:default|system:authenticated", "/.well-known/openid-configuration", true),
	URL("jane|system:authenticated", "/.well-known/openid-configuration", false),
};

/* A boot_case resource "pods/status" split into resource and subresource. */
static void split(const char *rs, char *res, size_t rsize, const char **sub)
{
	const char *slash = strchr(rs, '/');
	size_t n = slash ? (size_t)(slash - rs) : strlen(rs);
	if (n >= rsize)
		n = rsize - 1;
	memcpy(res, rs, n);
	res[n] = '\0';
	*sub = slash ? slash + 1 : "";
}

static void run_cases(api_rbac *rb, const boot_case *cs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const boot_case *c = &cs[i];
		api_user u;
		make_user(&u, c->user);
		char res[128] = "";
		const char *sub = "";
		if (c->resource)
			split(c->resource, res, sizeof(res), &sub);
		api_authz_attrs a = {.user = &u, .verb = c->verb, .resource_request = c->resource != NULL,
				     .namespace = c->ns, .api_group = c->group, .resource = res, .subresource = sub,
				     .name = c->name, .path = c->path};
		char *reason = NULL;
		bool got = api_rbac_allowed(rb, &a, &reason);
		if (got != c->want)
			fail_msg("%s %s %s%s%s in \"%s\" (%s): got %s, want %s (reason: %s)", c->user, c->verb,
				 c->group[0] ? c->group : "", c->group[0] ? "/" : "",
				 c->resource ? c->resource : c->path, c->ns, c->name, got ? "allowed" : "denied",
				 c->want ? "allowed" : "denied", reason ? reason : "-");
		free(reason);
		api_user_clear(&u);
	}
}

static void test_components(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *policy = api_rbac_bootstrap_policy();
	api_rbac *rb = api_rbac_new_static(policy);
	run_cases(rb, cases, KC_ARRAY_SIZE(cases));
	api_rbac_free(rb);
}

/* admin, edit and view through their aggregation labels, bound in a
 * namespace as people use them. */
static const boot_case user_roles[] = {
	RES("vic", "get", "team", "", "pods", "p", true),
	RES("vic", "list", "team", "apps", "deployments", "", true),
	RES("vic", "get", "team", "apps", "deployments/scale", "d", true),
	RES("vic", "get", "team", "", "pods/log", "p", true),
	RES("vic", "list", "team", "discovery.k8s.io", "endpointslices", "", true),
	RES("vic", "get", "team", "", "namespaces", "team", true),
	RES("vic", "create", "team", "", "pods", "", false),
	RES("vic", "get", "team", "", "secrets", "s", false),
	RES("vic", "create", "team", "", "pods/exec", "p", false),
	RES("vic", "get", "other", "", "pods", "p", false),
	RES("ed", "create", "team", "apps", "deployments", "", true),
	RES("ed", "update", "team", "apps", "deployments/scale", "d", true),
	RES("ed", "get", "team", "", "secrets", "s", true),
	RES("ed", "create", "team", "", "pods/exec", "p", true),
	RES("ed", "create", "team", "", "pods/eviction", "p", true),
	RES("ed", "get", "team", "", "pods", "p", true), /* edit includes view */
	RES("ed", "update", "team", "coordination.k8s.io", "leases", "l", true),
	RES("ed", "create", "team", "", "endpoints", "", false), /* removed from edit upstream (CVE-2021-25740) */
	RES("ed", "create", "team", "rbac.authorization.k8s.io", "rolebindings", "", false),
	RES("ed", "update", "team", "", "pods/status", "p", false),
	RES("ada", "create", "team", "rbac.authorization.k8s.io", "rolebindings", "", true),
	RES("ada", "create", "team", "authorization.k8s.io", "localsubjectaccessreviews", "", true),
	RES("ada", "delete", "team", "apps", "deployments", "d", true), /* admin includes edit */
	RES("ada", "get", "team", "", "pods", "p", true),           /* and view */
	RES("ada", "create", "", "rbac.authorization.k8s.io", "clusterrolebindings", "", false),
	RES("ada", "delete", "", "", "namespaces", "team", false),
};

static void test_aggregated_user_roles(void **state)
{
	(void)state;
	cJSON *policy = api_rbac_bootstrap_policy();
	static const char *const bindings[][2] = {{"vic", "view"}, {"ed", "edit"}, {"ada", "admin"}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(bindings); i++) {
		_cleanup_free_ char *json = xasprintf(
			"{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\",\"metadata\":{"
			"\"name\":\"%s\",\"namespace\":\"team\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
			"\"kind\":\"ClusterRole\",\"name\":\"%s\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"%s\"}]}",
			bindings[i][0], bindings[i][1], bindings[i][0]);
		cJSON_AddItemToArray(policy, cJSON_Parse(json));
	}
	api_rbac *rb = api_rbac_new_static(policy);
	cJSON_Delete(policy);
	run_cases(rb, user_roles, KC_ARRAY_SIZE(user_roles));

	/* what `kubectl auth can-i --list` shows the viewer: view's rules */
	api_user u;
	make_user(&u, "vic|system:authenticated");
	cJSON *res = NULL, *nonres = NULL;
	char *err = NULL;
	api_rbac_rules_for(rb, &u, "team", &res, &nonres, &err);
	assert_null(err);
	assert_true(cJSON_GetArraySize(res) > 10);
	assert_true(cJSON_GetArraySize(nonres) >= 2); /* discovery and public info */
	cJSON_Delete(res);
	cJSON_Delete(nonres);
	api_user_clear(&u);
	api_rbac_free(rb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_components),
		cmocka_unit_test(test_aggregated_user_roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
