/* test_api_rbac.c - the RBAC evaluator (api_rbac_allowed over a fixed set
 * of roles and bindings): a matrix of users, groups and service accounts x
 * verbs x resources x namespaces x names x non-resource URLs; aggregation;
 * the reasons given; rule listing. The bootstrap policy is in
 * test_api_rbac_bootstrap.c, the reviews and impersonation in
 * test_api_rbac_review.c. */
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
#include "common/util.h"

/* The fixed policy. Names say what each object is for. */
static const char fixture[] =
	"["
	/* ---- ClusterRoles ---- */
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"pod-reader\"},\"rules\":["
	" {\"apiGroups\":[\"\"],\"resources\":[\"pods\",\"pods/log\"],\"verbs\":[\"get\",\"list\",\"watch\"]}]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"any-scale\"},\"rules\":["
	" {\"apiGroups\":[\"*\"],\"resources\":[\"*/scale\"],\"verbs\":[\"get\",\"update\"]}]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"pods-slash-star\"},\"rules\":["
	" {\"apiGroups\":[\"\"],\"resources\":[\"pods/*\"],\"verbs\":[\"get\"]}]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"named-configmap\"},\"rules\":["
	" {\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"resourceNames\":[\"app-config\"],"
	"  \"verbs\":[\"get\",\"update\",\"list\",\"watch\",\"create\",\"delete\"]}]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"urls\"},\"rules\":["
	" {\"nonResourceURLs\":[\"/healthz\",\"/logs/*\",\"/metrics\"],\"verbs\":[\"get\"]}]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"all-urls-post\"},\"rules\":["
	" {\"nonResourceURLs\":[\"*\"],\"verbs\":[\"post\"]}]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"apps-deployments-any-verb\"},\"rules\":["
	" {\"apiGroups\":[\"apps\"],\"resources\":[\"deployments\"],\"verbs\":[\"*\"]}]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"everything-in-groups\"},\"rules\":["
	" {\"apiGroups\":[\"batch\"],\"resources\":[\"*\"],\"verbs\":[\"get\"]}]},"
	/* aggregation: agg-parent <- agg-mid (label agg) <- agg-leaf (label agg2);
	 * agg-parent's own stored rule (secrets) is replaced, as upstream's
	 * controller replaces it */
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"agg-parent\"},"
	" \"aggregationRule\":{\"clusterRoleSelectors\":[{\"matchLabels\":{\"kc.test/agg\":\"true\"}}]},"
	" \"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],\"verbs\":[\"get\"]}]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"agg-mid\",\"labels\":{\"kc.test/agg\":\"true\"}},"
	" \"aggregationRule\":{\"clusterRoleSelectors\":[{\"matchLabels\":{\"kc.test/agg2\":\"true\"}}]}},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"agg-child\",\"labels\":{\"kc.test/agg\":\"true\"}},\"rules\":["
	" {\"apiGroups\":[\"batch\"],\"resources\":[\"jobs\"],\"verbs\":[\"create\"]}]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"agg-leaf\",\"labels\":{\"kc.test/agg2\":\"true\"}},\"rules\":["
	" {\"apiGroups\":[\"batch\"],\"resources\":[\"cronjobs\"],\"verbs\":[\"delete\"]}]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"not-selected\",\"labels\":{\"kc.test/agg\":\"false\"}},\"rules\":["
	" {\"apiGroups\":[\"\"],\"resources\":[\"nodes\"],\"verbs\":[\"delete\"]}]},"
	/* an aggregation cycle must terminate */
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"cycle-a\",\"labels\":{\"cyc\":\"a\"}},"
	" \"aggregationRule\":{\"clusterRoleSelectors\":[{\"matchLabels\":{\"cyc\":\"b\"}}]}},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"cycle-b\",\"labels\":{\"cyc\":\"b\"}},"
	" \"aggregationRule\":{\"clusterRoleSelectors\":[{\"matchLabels\":{\"cyc\":\"a\"}}]}},"
	/* ---- Roles ---- */
	"{\"kind\":\"Role\",\"metadata\":{\"name\":\"dev-editor\",\"namespace\":\"dev\"},\"rules\":["
	" {\"apiGroups\":[\"\",\"apps\"],\"resources\":[\"pods\",\"deployments\"],\"verbs\":[\"create\",\"delete\"]}]},"
	"{\"kind\":\"Role\",\"metadata\":{\"name\":\"secret-reader\",\"namespace\":\"dev\"},\"rules\":["
	" {\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],\"verbs\":[\"get\"]}]},"
	/* a Role of the same name elsewhere must not be used by dev's bindings */
	"{\"kind\":\"Role\",\"metadata\":{\"name\":\"secret-reader\",\"namespace\":\"prod\"},\"rules\":["
	" {\"apiGroups\":[\"\"],\"resources\":[\"secrets\"],\"verbs\":[\"*\"]}]},"
	/* ---- ClusterRoleBindings ---- */
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"alice-pod-reader\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"pod-reader\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"alice\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"ops-scale\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"any-scale\"},\"subjects\":[{\"kind\":\"Group\",\"name\":\"ops\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"monitor-urls\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"urls\"},\"subjects\":["
	"  {\"kind\":\"ServiceAccount\",\"name\":\"nobody\"},"
	"  {\"kind\":\"ServiceAccount\",\"name\":\"monitor\",\"namespace\":\"kube-system\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"poster\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"all-urls-post\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"poster\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"sas-pods-slash-star\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"pods-slash-star\"},\"subjects\":[{\"kind\":\"Group\",\"name\":\"system:serviceaccounts\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"carol-named\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"named-configmap\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"carol\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"dave-agg\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"agg-parent\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"dave\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"dave-cycle\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"cycle-a\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"dave\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"erin-missing\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"nope\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"erin\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"frank-wrong-kind\"},"
	" \"roleRef\":{\"kind\":\"Role\",\"name\":\"secret-reader\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"frank\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"batch-readers\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"everything-in-groups\"},\"subjects\":[{\"kind\":\"Group\",\"name\":\"batch-readers\"}]},"
	/* ---- RoleBindings ---- */
	"{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"bob-dev\",\"namespace\":\"dev\"},"
	" \"roleRef\":{\"kind\":\"Role\",\"name\":\"dev-editor\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"bob\"}]},"
	"{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"builder-secrets\",\"namespace\":\"dev\"},"
	" \"roleRef\":{\"kind\":\"Role\",\"name\":\"secret-reader\"},\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"builder\"}]},"
	"{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"devs-deployments\",\"namespace\":\"dev\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"apps-deployments-any-verb\"},\"subjects\":[{\"kind\":\"Group\",\"name\":\"devs\"}]},"
	"{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"dev-sas-read-pods\",\"namespace\":\"dev\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"pod-reader\"},\"subjects\":[{\"kind\":\"Group\",\"name\":\"system:serviceaccounts:dev\"}]},"
	"{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"bob-prod-missing\",\"namespace\":\"prod\"},"
	" \"roleRef\":{\"kind\":\"Role\",\"name\":\"nothere\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"bob\"}]},"
	/* malformed entries are skipped, not fatal */
	"{\"kind\":\"RoleBinding\",\"metadata\":{\"namespace\":\"dev\"},\"roleRef\":{\"kind\":\"Role\",\"name\":\"dev-editor\"}},"
	"{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"no-ns\"},\"roleRef\":{\"kind\":\"Role\",\"name\":\"dev-editor\"},"
	" \"subjects\":[{\"kind\":\"User\",\"name\":\"mallory\"}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"junk\"},\"roleRef\":7,\"subjects\":[1,\"x\",null]},"
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"junk-rules\"},\"rules\":[5,{\"verbs\":\"get\"}]},"
	"{\"kind\":\"Pod\",\"metadata\":{\"name\":\"not-rbac\"}},"
	"42"
	"]";

static api_rbac *fixture_rbac(void)
{
	_cleanup_json_ cJSON *objs = cJSON_Parse(fixture);
	assert_non_null(objs);
	return api_rbac_new_static(objs);
}

/* A user from "name" and a NULL-terminated group list in one string:
 * "alice|g1,g2". Caller clears. */
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

typedef struct authz_case {
	const char *name;
	const char *user;     /* "name|group,group" */
	const char *verb;
	const char *ns;       /* "" cluster scope */
	const char *group;
	const char *resource; /* NULL: a non-resource request for path */
	const char *sub;
	const char *obj;      /* object name */
	const char *path;
	bool want;
} authz_case;

#define RES(name, user, verb, ns, group, resource, sub, obj, want) \
	{name, user, verb, ns, group, resource, sub, obj, "", want}
#define URL(name, user, verb, path, want) {name, user, verb, "", "", NULL, "", "", path, want}

static const authz_case matrix[] = {
	/* users by name, cluster-wide */
	RES("alice gets pods anywhere", "alice", "get", "default", "", "pods", "", "web", true),
	RES("alice lists pods across namespaces", "alice", "list", "", "", "pods", "", "", true),
	RES("alice watches pods in dev", "alice", "watch", "dev", "", "pods", "", "", true),
	RES("alice reads pod logs", "alice", "get", "default", "", "pods", "log", "web", true),
	RES("alice cannot exec", "alice", "create", "default", "", "pods", "exec", "web", false),
	RES("alice cannot delete pods", "alice", "delete", "default", "", "pods", "", "web", false),
	RES("alice cannot read pod status (not listed)", "alice", "get", "default", "", "pods", "status", "web", false),
	RES("alice: pods in another group are not pods", "alice", "get", "default", "apps", "pods", "", "web", false),
	RES("alice cannot get services", "alice", "get", "default", "", "services", "", "", false),
	RES("a user name is case-sensitive", "Alice", "get", "default", "", "pods", "", "web", false),
	RES("alice as a group name gives nothing", "mallory|alice", "get", "default", "", "pods", "", "web", false),
	/* groups; "* /scale" across groups and resources */
	RES("ops scale deployments", "oscar|ops", "update", "dev", "apps", "deployments", "scale", "web", true),
	RES("ops scale RCs", "oscar|ops", "get", "dev", "", "replicationcontrollers", "scale", "rc", true),
	RES("ops cannot get deployments", "oscar|ops", "get", "dev", "apps", "deployments", "", "web", false),
	RES("ops cannot patch scale", "oscar|ops", "patch", "dev", "apps", "deployments", "scale", "web", false),
	RES("*/scale is not */status", "oscar|ops", "get", "dev", "apps", "deployments", "status", "web", false),
	/* "pods/ *" is no pattern upstream: it matches only a subresource named "*" */
	RES("pods/* does not match pods/log", "system:serviceaccount:x:y", "get", "x", "", "pods", "log", "p", false),
	RES("pods/* does not match pods", "system:serviceaccount:x:y", "get", "x", "", "pods", "", "p", false),
	RES("pods/* matches the literal subresource *", "system:serviceaccount:x:y", "get", "x", "", "pods", "*", "p",
	    true),
	/* resourceNames */
	RES("carol gets the named configmap", "carol", "get", "dev", "", "configmaps", "", "app-config", true),
	RES("carol updates the named configmap", "carol", "update", "prod", "", "configmaps", "", "app-config", true),
	RES("carol cannot get another configmap", "carol", "get", "dev", "", "configmaps", "", "other", false),
	RES("resourceNames: list without a name does not match", "carol", "list", "dev", "", "configmaps", "", "", false),
	RES("resourceNames: watch without a name does not match", "carol", "watch", "dev", "", "configmaps", "", "",
	    false),
	RES("resourceNames: list with metadata.name=app-config matches", "carol", "list", "dev", "", "configmaps", "",
	    "app-config", true),
	RES("resourceNames: create (no name) does not match", "carol", "create", "dev", "", "configmaps", "", "", false),
	RES("resourceNames: deletecollection not granted", "carol", "deletecollection", "dev", "", "configmaps", "", "",
	    false),
	/* service accounts as users: "system:serviceaccount:<ns>:<name>" */
	URL("SA with a namespace gets /metrics", "system:serviceaccount:kube-system:monitor", "get", "/metrics", true),
	URL("SA prefix rule /logs/* covers /logs/x/y", "system:serviceaccount:kube-system:monitor", "get", "/logs/x/y",
	    true),
	URL("/logs/* covers /logs/ itself", "system:serviceaccount:kube-system:monitor", "get", "/logs/", true),
	URL("/logs/* does not cover /logs", "system:serviceaccount:kube-system:monitor", "get", "/logs", false),
	URL("exact /healthz does not cover /healthz/etcd", "system:serviceaccount:kube-system:monitor", "get",
	    "/healthz/etcd", false),
	URL("non-resource verb must match", "system:serviceaccount:kube-system:monitor", "post", "/metrics", false),
	URL("same SA name in another namespace", "system:serviceaccount:default:monitor", "get", "/metrics", false),
	URL("an SA subject without namespace in a ClusterRoleBinding matches nobody",
	    "system:serviceaccount::nobody", "get", "/metrics", false),
	URL("a plain user named like the SA's short name", "monitor", "get", "/metrics", false),
	URL("* covers every path", "poster", "post", "/anything/at/all", true),
	URL("* with another verb", "poster", "get", "/healthz", false),
	RES("non-resource rules never grant resources", "poster", "post", "", "", "pods", "", "", false),
	/* RoleBindings apply in their namespace only */
	RES("bob creates pods in dev", "bob", "create", "dev", "", "pods", "", "", true),
	RES("bob creates deployments in dev (role lists two groups)", "bob", "create", "dev", "apps", "deployments", "",
	    "", true),
	RES("bob deletes pods in dev", "bob", "delete", "dev", "", "pods", "", "p", true),
	RES("bob cannot get pods in dev", "bob", "get", "dev", "", "pods", "", "p", false),
	RES("bob cannot create pods in default", "bob", "create", "default", "", "pods", "", "", false),
	RES("bob cannot create pods cluster-wide", "bob", "create", "", "", "pods", "", "", false),
	RES("bob: the role's groups x resources cross (apps pods)", "bob", "create", "dev", "apps", "pods", "", "", true),
	RES("RoleBinding SA without namespace defaults to the binding's", "system:serviceaccount:dev:builder", "get",
	    "dev", "", "secrets", "", "s", true),
	RES("builder gets dev's Role, not prod's of the same name", "system:serviceaccount:dev:builder", "delete", "dev",
	    "", "secrets", "", "s", false),
	RES("builder in prod has nothing", "system:serviceaccount:dev:builder", "get", "prod", "", "secrets", "", "s",
	    false),
	RES("another namespace's builder", "system:serviceaccount:prod:builder", "get", "dev", "", "secrets", "", "s",
	    false),
	RES("RoleBinding to a ClusterRole: devs use any verb on deployments in dev", "dan|devs", "deletecollection",
	    "dev", "apps", "deployments", "", "", true),
	RES("RoleBinding to a ClusterRole grants nothing elsewhere", "dan|devs", "get", "prod", "apps", "deployments",
	    "", "d", false),
	RES("verb * covers custom verbs", "dan|devs", "escalate", "dev", "apps", "deployments", "", "d", true),
	RES("resource * within a group", "bea|batch-readers", "get", "default", "batch", "cronjobs", "status", "c",
	    true),
	RES("resource * only for its group", "bea|batch-readers", "get", "default", "apps", "deployments", "", "c",
	    false),
	/* the service-account groups apply to a service account user even when
	 * the authenticator did not list them */
	RES("system:serviceaccounts:dev group for dev SAs", "system:serviceaccount:dev:app", "list", "dev", "", "pods",
	    "", "", true),
	RES("system:serviceaccounts:dev group not for prod SAs", "system:serviceaccount:prod:app", "list", "dev", "",
	    "pods", "", "", false),
	RES("a group given explicitly works too", "x|system:serviceaccounts:dev", "list", "dev", "", "pods", "", "",
	    true),
	RES("malformed SA name gets no SA groups", "system:serviceaccount:dev", "list", "dev", "", "pods", "", "", false),
	RES("SA name with too many parts gets no SA groups", "system:serviceaccount:dev:a:b", "list", "dev", "", "pods",
	    "", "", false),
	/* aggregation */
	RES("aggregated: child's rule", "dave", "create", "dev", "batch", "jobs", "", "", true),
	RES("aggregated transitively: leaf's rule via mid", "dave", "delete", "dev", "batch", "cronjobs", "", "c", true),
	RES("aggregated role's own stored rules are replaced", "dave", "get", "dev", "", "secrets", "", "s", false),
	RES("label value must match", "dave", "delete", "", "", "nodes", "", "n", false),
	/* missing roles and wrong kinds deny */
	RES("binding to a missing ClusterRole", "erin", "get", "dev", "", "pods", "", "p", false),
	RES("ClusterRoleBinding to a Role is unsupported", "frank", "get", "dev", "", "secrets", "", "s", false),
	RES("RoleBinding without namespace is skipped", "mallory", "create", "dev", "", "pods", "", "", false),
	/* system:masters always */
	RES("masters do anything", "root|system:masters", "delete", "kube-system", "", "secrets", "", "x", true),
	URL("masters reach any path", "root|system:masters", "get", "/debug/pprof", true),
	RES("masters as a user name is nothing", "system:masters", "get", "dev", "", "pods", "", "", false),
	/* nobody */
	RES("unknown user", "zed", "get", "dev", "", "pods", "", "p", false),
	URL("unknown user path", "zed", "get", "/healthz", false),
	RES("empty verb", "alice", "", "dev", "", "pods", "", "p", false),
};

static void test_matrix(void **state)
{
	(void)state;
	api_rbac *rb = fixture_rbac();
	for (size_t i = 0; i < KC_ARRAY_SIZE(matrix); i++) {
		const authz_case *c = &matrix[i];
		api_user u;
		make_user(&u, c->user);
		api_authz_attrs a = {.user = &u,
				     .verb = c->verb,
				     .resource_request = c->resource != NULL,
				     .namespace = c->ns,
				     .api_group = c->group,
				     .resource = c->resource ? c->resource : "",
				     .subresource = c->sub,
				     .name = c->obj,
				     .path = c->path};
		bool got = api_rbac_allowed(rb, &a, NULL);
		if (got != c->want)
			fail_msg("case \"%s\": got %s, want %s", c->name, got ? "allowed" : "denied",
				 c->want ? "allowed" : "denied");
		/* asking for the reason never changes the answer */
		char *reason = NULL;
		if (api_rbac_allowed(rb, &a, &reason) != got)
			fail_msg("case \"%s\": answer differs with a reason", c->name);
		if (got && !reason)
			fail_msg("case \"%s\": allowed without a reason", c->name);
		free(reason);
		api_user_clear(&u);
	}
	api_rbac_free(rb);
}

typedef struct reason_case {
	const char *name;
	const char *user;
	const char *verb, *ns, *group, *resource, *sub, *obj;
	bool want;
	const char *reason; /* NULL: none */
} reason_case;

static const reason_case reasons[] = {
	{"cluster binding to a user", "alice", "get", "dev", "", "pods", "", "p", true,
	 "RBAC: allowed by ClusterRoleBinding \"alice-pod-reader\" of ClusterRole \"pod-reader\" to User \"alice\""},
	{"cluster binding to a group", "oscar|ops", "get", "dev", "apps", "deployments", "scale", "d", true,
	 "RBAC: allowed by ClusterRoleBinding \"ops-scale\" of ClusterRole \"any-scale\" to Group \"ops\""},
	{"role binding names binding/namespace", "bob", "create", "dev", "", "pods", "", "", true,
	 "RBAC: allowed by RoleBinding \"bob-dev/dev\" of Role \"dev-editor\" to User \"bob\""},
	{"service account subject, namespace defaulted", "system:serviceaccount:dev:builder", "get", "dev", "", "secrets",
	 "", "s", true,
	 "RBAC: allowed by RoleBinding \"builder-secrets/dev\" of Role \"secret-reader\" to ServiceAccount "
	 "\"builder/dev\""},
	{"implied group", "system:serviceaccount:dev:app", "get", "dev", "", "pods", "log", "p", true,
	 "RBAC: allowed by RoleBinding \"dev-sas-read-pods/dev\" of ClusterRole \"pod-reader\" to Group "
	 "\"system:serviceaccounts:dev\""},
	{"masters: no reason, as upstream's privileged-group authorizer", "root|system:masters", "get", "dev", "", "pods",
	 "", "", true, ""},
	{"denied: nothing to say", "zed", "get", "dev", "", "pods", "", "p", false, NULL},
	{"denied: missing cluster role", "erin", "get", "dev", "", "pods", "", "p", false,
	 "RBAC: clusterrole.rbac.authorization.k8s.io \"nope\" not found"},
	{"denied: missing role in the namespace", "bob", "get", "prod", "", "pods", "", "p", false,
	 "RBAC: role.rbac.authorization.k8s.io \"nothere\" not found"},
	{"denied: the namespace's missing role is not looked at elsewhere", "bob", "get", "dev", "", "pods", "", "p",
	 false, NULL},
	{"denied: unsupported roleRef kind", "frank", "get", "dev", "", "pods", "", "p", false,
	 "RBAC: unsupported role reference kind: \"Role\""},
	{"allowed despite a missing role elsewhere", "erin|ops", "get", "dev", "apps", "deployments", "scale", "d", true,
	 "RBAC: allowed by ClusterRoleBinding \"ops-scale\" of ClusterRole \"any-scale\" to Group \"ops\""},
	{"two missing roles", "erin|x", "get", "dev", "", "pods", "", "p", false,
	 "RBAC: clusterrole.rbac.authorization.k8s.io \"nope\" not found"},
};

static void test_reasons(void **state)
{
	(void)state;
	api_rbac *rb = fixture_rbac();
	for (size_t i = 0; i < KC_ARRAY_SIZE(reasons); i++) {
		const reason_case *c = &reasons[i];
		api_user u;
		make_user(&u, c->user);
		api_authz_attrs a = {.user = &u, .verb = c->verb, .resource_request = true, .namespace = c->ns,
				     .api_group = c->group, .resource = c->resource, .subresource = c->sub,
				     .name = c->obj, .path = ""};
		char *reason = NULL;
		bool got = api_rbac_allowed(rb, &a, &reason);
		if (got != c->want)
			fail_msg("case \"%s\": got %s", c->name, got ? "allowed" : "denied");
		if (!streq_ptr(reason, c->reason))
			fail_msg("case \"%s\": reason\n  got  %s\n  want %s", c->name, reason ? reason : "(none)",
				 c->reason ? c->reason : "(none)");
		free(reason);
		api_user_clear(&u);
	}
	api_rbac_free(rb);
}

/* Two bindings to missing roles for one user: upstream's aggregate error. */
static void test_reason_aggregate(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *objs = cJSON_Parse(
		"[{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"a\"},\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"x\"},"
		"\"subjects\":[{\"kind\":\"User\",\"name\":\"u\"}]},"
		"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"b\"},\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"y\"},"
		"\"subjects\":[{\"kind\":\"Group\",\"name\":\"g\"}]},"
		"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"c\"},\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"x\"},"
		"\"subjects\":[{\"kind\":\"Group\",\"name\":\"g\"}]}]");
	api_rbac *rb = api_rbac_new_static(objs);
	api_user u;
	make_user(&u, "u|g");
	api_authz_attrs a = {.user = &u, .verb = "get", .resource_request = false, .namespace = "", .api_group = "",
			     .resource = "", .subresource = "", .name = "", .path = "/x"};
	char *reason = NULL;
	assert_false(api_rbac_allowed(rb, &a, &reason));
	/* bindings in name order; the repeated message once */
	assert_string_equal(reason, "RBAC: [clusterrole.rbac.authorization.k8s.io \"x\" not found, "
				    "clusterrole.rbac.authorization.k8s.io \"y\" not found]");
	free(reason);
	api_user_clear(&u);
	api_rbac_free(rb);
}

/* A user without a name, or attributes with NULL strings, never crash and
 * never allow (unless masters). */
static void test_degenerate(void **state)
{
	(void)state;
	api_rbac *rb = fixture_rbac();
	api_user nobody = {0};
	api_authz_attrs a = {.user = &nobody, .verb = "get", .resource_request = true};
	assert_false(api_rbac_allowed(rb, &a, NULL));
	api_user alice;
	make_user(&alice, "alice");
	a.user = &alice;
	a.resource = "pods";
	a.api_group = "";
	/* namespace, subresource, name NULL: treated as "" */
	assert_true(api_rbac_allowed(rb, &a, NULL));
	a.resource_request = false;
	assert_false(api_rbac_allowed(rb, &a, NULL));
	api_user_clear(&alice);
	/* a NULL authorizer is AlwaysAllow */
	api_user zed;
	make_user(&zed, "zed");
	api_authz_attrs b = {.user = &zed, .verb = "delete", .resource_request = true, .namespace = "x",
			     .api_group = "", .resource = "secrets", .subresource = "", .name = "y", .path = ""};
	assert_true(api_rbac_allowed(NULL, &b, NULL));
	api_user_clear(&zed);
	api_rbac_free(rb);
	/* empty and non-array inputs */
	api_rbac *empty = api_rbac_new_static(NULL);
	assert_false(api_rbac_allowed(empty, &b, NULL));
	api_rbac_free(empty);
	api_rbac_free(NULL);
}

static char *rules_string(const cJSON *rules)
{
	return kc_json_print_flags(rules, 0);
}

static void test_rules_for(void **state)
{
	(void)state;
	api_rbac *rb = fixture_rbac();
	api_user u;
	make_user(&u, "bob");
	cJSON *res = NULL, *nonres = NULL;
	char *err = NULL;
	api_rbac_rules_for(rb, &u, "dev", &res, &nonres, &err);
	_cleanup_free_ char *s = rules_string(res);
	assert_string_equal(s, "[{\"verbs\":[\"create\",\"delete\"],\"apiGroups\":[\"\",\"apps\"],"
			       "\"resources\":[\"pods\",\"deployments\"]}]");
	assert_int_equal(cJSON_GetArraySize(nonres), 0);
	assert_null(err);
	cJSON_Delete(res);
	cJSON_Delete(nonres);

	/* in prod bob's binding has a missing role: no rules, an error */
	api_rbac_rules_for(rb, &u, "prod", &res, &nonres, &err);
	assert_int_equal(cJSON_GetArraySize(res), 0);
	assert_string_equal(err, "role.rbac.authorization.k8s.io \"nothere\" not found");
	free(err);
	cJSON_Delete(res);
	cJSON_Delete(nonres);
	api_user_clear(&u);

	/* cluster rules, resourceNames and non-resource rules */
	make_user(&u, "carol");
	api_rbac_rules_for(rb, &u, "default", &res, &nonres, &err);
	_cleanup_free_ char *c = rules_string(res);
	assert_string_equal(c, "[{\"verbs\":[\"get\",\"update\",\"list\",\"watch\",\"create\",\"delete\"],"
			       "\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"resourceNames\":[\"app-config\"]}]");
	cJSON_Delete(res);
	cJSON_Delete(nonres);
	api_user_clear(&u);

	make_user(&u, "system:serviceaccount:kube-system:monitor");
	api_rbac_rules_for(rb, &u, "default", &res, &nonres, &err);
	_cleanup_free_ char *m = rules_string(nonres);
	/* plus pods/ * from the system:serviceaccounts group */
	assert_string_equal(m, "[{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/healthz\",\"/logs/*\",\"/metrics\"]}]");
	assert_int_equal(cJSON_GetArraySize(res), 1);
	cJSON_Delete(res);
	cJSON_Delete(nonres);
	api_user_clear(&u);

	/* aggregated rules, in order and deduplicated */
	make_user(&u, "dave");
	api_rbac_rules_for(rb, &u, "", &res, &nonres, &err);
	_cleanup_free_ char *d = rules_string(res);
	assert_string_equal(d, "[{\"verbs\":[\"create\"],\"apiGroups\":[\"batch\"],\"resources\":[\"jobs\"]},"
			       "{\"verbs\":[\"delete\"],\"apiGroups\":[\"batch\"],\"resources\":[\"cronjobs\"]}]");
	cJSON_Delete(res);
	cJSON_Delete(nonres);
	api_user_clear(&u);

	/* AlwaysAllow */
	make_user(&u, "anyone");
	api_rbac_rules_for(NULL, &u, "x", &res, &nonres, &err);
	_cleanup_free_ char *all = rules_string(res);
	_cleanup_free_ char *allnr = rules_string(nonres);
	assert_string_equal(all, "[{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}]");
	assert_string_equal(allnr, "[{\"verbs\":[\"*\"],\"nonResourceURLs\":[\"*\"]}]");
	cJSON_Delete(res);
	cJSON_Delete(nonres);
	api_user_clear(&u);
	api_rbac_free(rb);
}

/* Many bindings: a decision stays cheap (no JSON work per decision). This
 * is a smoke check that the evaluator scales, not a timing assertion. */
static void test_many_bindings(void **state)
{
	(void)state;
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "[{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"r\"},\"rules\":[{\"apiGroups\":[\"\"],"
			  "\"resources\":[\"pods\"],\"verbs\":[\"get\"]}]}");
	for (int i = 0; i < 2000; i++)
		kc_buf_addf(&b, ",{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"b%d\",\"namespace\":\"ns%d\"},"
				"\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"r\"},\"subjects\":[{\"kind\":\"User\","
				"\"name\":\"u%d\"}]}",
			    i, i % 100, i);
	kc_buf_addch(&b, ']');
	_cleanup_json_ cJSON *objs = cJSON_Parse(b.s);
	kc_buf_free(&b);
	api_rbac *rb = api_rbac_new_static(objs);
	api_user u;
	make_user(&u, "u1234");
	api_authz_attrs a = {.user = &u, .verb = "get", .resource_request = true, .namespace = "ns34", .api_group = "",
			     .resource = "pods", .subresource = "", .name = "p", .path = ""};
	for (int i = 0; i < 10000; i++)
		assert_true(api_rbac_allowed(rb, &a, NULL));
	a.namespace = "ns35";
	assert_false(api_rbac_allowed(rb, &a, NULL));
	api_user_clear(&u);
	api_rbac_free(rb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),         cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_reason_aggregate), cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_rules_for),      cmocka_unit_test(test_many_bindings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
