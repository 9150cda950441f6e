/* test_apiserver_auth.c - who may do what on kc-apiserver: client
 * certificates (user = CN, groups = O) and bearer tokens from
 * --token-auth-file; anonymous requests with --anonymous-auth on (only
 * /healthz /livez /readyz /version) and off (401 for everything); RBAC:
 * a user with no bindings, a Role and RoleBinding taking effect and being
 * withdrawn, group subjects, ClusterRoles with resourceNames and with
 * nonResourceURLs, the bootstrap roles of the components (each can do its
 * job and not more), and SelfSubjectAccessReviews. Messages are upstream's.
 *
 * One etcd with two apiservers: the first with anonymous access on, the
 * second (on the same etcd, so the same RBAC objects) with it off. The
 * kubectl side (`kubectl auth can-i`, --as, --list) is
 * test_apiserver_auth_kubectl.sh. */
#include <event2/event.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/client.h"
#include "common/json.h"
#include "common/util.h"
#include "harness/apiserver.h"
#include "harness/tls_certs.h"

#define MAX_CLIENTS 32

typedef struct fixture {
	kc_test_apiserver api;   /* --anonymous-auth=true */
	kc_test_apiserver noanon; /* --anonymous-auth=false, same etcd */
	char *dir;               /* the token file */
	struct event_base *base;
	struct {
		char *who;
		kc_client *c;
	} clients[MAX_CLIENTS];
	int nclients;
} fixture;

/* Tokens as upstream's CSV: token,user,uid,"group1,group2". */
static const char tokens_csv[] = "tok-alice,alice,uid-alice,\"dev,qa\"\n"
				 "tok-root,root,uid-root,system:masters\n"
				 "# a comment, then a line with no groups\n"
				 "tok-frank,frank,uid-frank\n";

static int group_setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));
	*state = f;
	f->dir = kc_test_tmpdir("kc-test-auth");
	_cleanup_free_ char *tokens = xasprintf("%s/tokens.csv", f->dir);
	FILE *fp = fopen(tokens, "w");
	if (!fp)
		return -1;
	fputs(tokens_csv, fp);
	fclose(fp);
	const char *on[] = {"--token-auth-file", tokens, "--anonymous-auth=true", NULL};
	const char *off[] = {"--token-auth-file", tokens, "--anonymous-auth=false", NULL};
	if (kc_test_apiserver_start(&f->api, on) < 0 || kc_test_apiserver_start_peer(&f->noanon, &f->api, off) < 0)
		return -1;
	/* users of our own: bob and carol and dave with no groups, erin in dev-team */
	if (kc_test_apiserver_issue_user(&f->api, "bob", "bob", NULL) < 0 ||
	    kc_test_apiserver_issue_user(&f->api, "carol", "carol", NULL) < 0 ||
	    kc_test_apiserver_issue_user(&f->api, "dave", "dave", NULL) < 0 ||
	    kc_test_apiserver_issue_user(&f->api, "erin", "erin", "dev-team,testers") < 0)
		return -1;
	f->base = event_base_new();
	return 0;
}

static int group_teardown(void **state)
{
	fixture *f = *state;
	if (!f)
		return 0;
	for (int i = 0; i < f->nclients; i++) {
		kc_client_free(f->clients[i].c);
		free(f->clients[i].who);
	}
	if (f->base)
		event_base_free(f->base);
	kc_test_apiserver_stop(&f->noanon);
	kc_test_apiserver_stop(&f->api);
	if (f->dir)
		kc_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* A client for who: a pki identity ("admin", "scheduler", "bob"...),
 * "token:<token>", or "anonymous"; "noanon/<who>" talks to the server with
 * anonymous access off. Kept for the whole file. */
static kc_client *client(fixture *f, const char *who)
{
	for (int i = 0; i < f->nclients; i++)
		if (streq(f->clients[i].who, who))
			return f->clients[i].c;
	assert_true(f->nclients < MAX_CLIENTS);
	const kc_test_apiserver *api = &f->api;
	const char *id = who;
	if (str_startswith(who, "noanon/")) {
		api = &f->noanon;
		id = who + strlen("noanon/");
	}
	kc_client_config cfg;
	kc_test_apiserver_client_config(api, "admin", &cfg);
	if (str_startswith(id, "token:") || streq(id, "anonymous")) {
		free(cfg.cert_file);
		free(cfg.key_file);
		cfg.cert_file = cfg.key_file = NULL;
		if (str_startswith(id, "token:"))
			cfg.token = xstrdup(id + strlen("token:"));
	} else if (!streq(id, "admin")) {
		kc_client_config_clear(&cfg);
		kc_test_apiserver_client_config(api, id, &cfg);
	}
	cfg.request_timeout_ms = 20000;
	kc_error err = KC_ERROR_INIT;
	kc_client *c = kc_client_new(f->base, &cfg, &err);
	kc_client_config_clear(&cfg);
	if (!c)
		fail_msg("client for %s: %s", who, err.msg);
	f->clients[f->nclients].who = xstrdup(who);
	f->clients[f->nclients].c = c;
	f->nclients++;
	return c;
}

static const char *content_type_for(const char *method)
{
	return streq(method, "PATCH") ? "application/merge-patch+json" : "application/json";
}

/* One request as who; the answer stays valid until the next call. */
static kc_response *as(fixture *f, const char *who, const char *method, const char *path, const char *body)
{
	static kc_response resp;
	kc_response_clear(&resp);
	kc_client_request_sync(client(f, who), method, path, body ? content_type_for(method) : NULL, body,
			       body ? strlen(body) : 0, NULL, &resp);
	return &resp;
}

typedef struct authz_case {
	const char *who;
	const char *method;
	const char *path;
	const char *body;
	int code;
	const char *message; /* the Status message exactly; NULL: not checked */
} authz_case;

static bool check_case(fixture *f, const authz_case *c)
{
	kc_response *r = as(f, c->who, c->method, c->path, c->body);
	const char *msg = kc_json_get_str(r->body, "message", "");
	bool ok = r->status == c->code && (!c->message || streq(msg, c->message));
	if (ok && c->code == 403)
		ok = streq(kc_json_get_str(r->body, "reason", ""), "Forbidden");
	if (ok && c->code == 401)
		ok = streq(kc_json_get_str(r->body, "reason", ""), "Unauthorized") && streq(msg, "Unauthorized");
	if (!ok)
		print_error("%s %s as %s:\n  got  %ld %s%s\n  want %d %s\n", c->method, c->path, c->who, r->status, msg,
			    r->status ? "" : r->err.msg, c->code, c->message ? c->message : "");
	return ok;
}

static void check_cases(fixture *f, const authz_case *cases, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++)
		failed += !check_case(f, &cases[i]);
	assert_int_equal(failed, 0);
}

#define FORBIDDEN_LIST(user, res, ns)                                                                              \
	res " is forbidden: User \"" user "\" cannot list resource \"" res "\" in API group \"\" in the namespace \"" ns \
	    "\""

/* Polls until who gets want for method path (RBAC objects reach the
 * authorizer through the watch caches: a moment after they are stored). */
static void eventually(fixture *f, const char *who, const char *method, const char *path, const char *body, int want)
{
	long got = 0;
	for (int i = 0; i < 100; i++) {
		got = as(f, who, method, path, body)->status;
		if (got == want)
			return;
		usleep(50000);
	}
	fail_msg("%s %s as %s: still %ld after 5 s, want %d", method, path, who, got, want);
}

static void create(fixture *f, const char *path, const char *body)
{
	kc_response *r = as(f, "admin", "POST", path, body);
	if (r->status != 201)
		fail_msg("POST %s as admin: %ld %s", path, r->status, kc_json_get_str(r->body, "message", r->err.msg));
}

#define RBAC "/apis/rbac.authorization.k8s.io/v1"

/* ---- anonymous ---- */

static const authz_case anonymous_on[] = {
	{"anonymous", "GET", "/healthz", NULL, 200, NULL},
	{"anonymous", "GET", "/livez", NULL, 200, NULL},
	{"anonymous", "GET", "/readyz", NULL, 200, NULL},
	{"anonymous", "GET", "/version", NULL, 200, NULL},
	{"anonymous", "GET", "/api", NULL, 403, "forbidden: User \"system:anonymous\" cannot get path \"/api\""},
	{"anonymous", "GET", "/apis", NULL, 403, "forbidden: User \"system:anonymous\" cannot get path \"/apis\""},
	{"anonymous", "GET", "/metrics", NULL, 403, "forbidden: User \"system:anonymous\" cannot get path \"/metrics\""},
	{"anonymous", "GET", "/api/v1/namespaces/default/pods", NULL, 403,
	 FORBIDDEN_LIST("system:anonymous", "pods", "default")},
	{"anonymous", "POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"anon\"}}", 403,
	 "configmaps is forbidden: User \"system:anonymous\" cannot create resource \"configmaps\" in API group \"\" in "
	 "the namespace \"default\""},
	{"anonymous", "GET", "/api/v1/nodes/n1", NULL, 403,
	 "nodes \"n1\" is forbidden: User \"system:anonymous\" cannot get resource \"nodes\" in API group \"\" at the "
	 "cluster scope"},
	/* a token that is not in the file is refused, not taken as anonymous */
	{"token:nope", "GET", "/healthz", NULL, 401, NULL},
	{"token:nope", "GET", "/api/v1/namespaces/default/pods", NULL, 401, NULL},
};

static void test_anonymous_on(void **state) { check_cases(*state, anonymous_on, KC_ARRAY_SIZE(anonymous_on)); }

static const authz_case anonymous_off[] = {
	{"noanon/anonymous", "GET", "/healthz", NULL, 401, NULL},
	{"noanon/anonymous", "GET", "/livez", NULL, 401, NULL},
	{"noanon/anonymous", "GET", "/readyz", NULL, 401, NULL},
	{"noanon/anonymous", "GET", "/version", NULL, 401, NULL},
	{"noanon/anonymous", "GET", "/api", NULL, 401, NULL},
	{"noanon/anonymous", "GET", "/api/v1/namespaces/default/pods", NULL, 401, NULL},
	{"noanon/anonymous", "POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"x\"}}", 401,
	 NULL},
	{"noanon/token:nope", "GET", "/version", NULL, 401, NULL},
	/* the authenticated are served as usual */
	{"noanon/admin", "GET", "/api/v1/namespaces/default/pods", NULL, 200, NULL},
	{"noanon/token:tok-frank", "GET", "/version", NULL, 200, NULL},
	{"noanon/bob", "GET", "/api", NULL, 200, NULL},
	{"noanon/bob", "GET", "/api/v1/namespaces/default/pods", NULL, 403, FORBIDDEN_LIST("bob", "pods", "default")},
};

static void test_anonymous_off(void **state) { check_cases(*state, anonymous_off, KC_ARRAY_SIZE(anonymous_off)); }

/* ---- bearer tokens ---- */

static void test_tokens(void **state)
{
	fixture *f = *state;
	/* the token names its user (the message says who) */
	kc_response *r = as(f, "token:tok-alice", "GET", "/api/v1/namespaces/default/pods", NULL);
	assert_int_equal(r->status, 403);
	assert_string_equal(kc_json_get_str(r->body, "message", ""), FORBIDDEN_LIST("alice", "pods", "default"));
	r = as(f, "token:tok-frank", "GET", "/api/v1/namespaces/default/pods", NULL);
	assert_string_equal(kc_json_get_str(r->body, "message", ""), FORBIDDEN_LIST("frank", "pods", "default"));
	/* a token in system:masters may do everything */
	assert_int_equal(as(f, "token:tok-root", "GET", "/api/v1/secrets", NULL)->status, 200);
	/* ... and the token's groups count: view for group "qa" lets alice read */
	create(f, RBAC "/clusterrolebindings",
	       "{\"metadata\":{\"name\":\"qa-view\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":"
	       "\"ClusterRole\",\"name\":\"view\"},\"subjects\":[{\"kind\":\"Group\",\"apiGroup\":"
	       "\"rbac.authorization.k8s.io\",\"name\":\"qa\"}]}");
	eventually(f, "token:tok-alice", "GET", "/api/v1/namespaces/default/pods", NULL, 200);
	eventually(f, "noanon/token:tok-alice", "GET", "/api/v1/namespaces/kube-system/pods", NULL, 200);
	/* view does not write, and frank is not in qa */
	r = as(f, "token:tok-alice", "POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"a\"}}");
	assert_int_equal(r->status, 403);
	assert_int_equal(as(f, "token:tok-frank", "GET", "/api/v1/namespaces/default/pods", NULL)->status, 403);
	/* "Bearer" is case-insensitive, anything else is not a token */
	kc_response resp = {0};
	const char *hdr[] = {"Authorization: bearer tok-root", NULL};
	kc_client_request_sync(client(f, "anonymous"), "GET", "/api/v1/secrets", NULL, NULL, 0, hdr, &resp);
	assert_int_equal(resp.status, 200);
	kc_response_clear(&resp);
	const char *basic[] = {"Authorization: Basic cm9vdDpyb290", NULL};
	kc_client_request_sync(client(f, "anonymous"), "GET", "/healthz", NULL, NULL, 0, basic, &resp);
	assert_int_equal(resp.status, 401);
	kc_response_clear(&resp);
}

/* ---- a user with no bindings, then a Role and a RoleBinding ---- */

static const char pod_reader[] =
	"{\"metadata\":{\"name\":\"pod-reader\"},\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"pods\",\"pods/log\"],"
	"\"verbs\":[\"get\",\"list\",\"watch\"]}]}";
static const char bob_reads_pods[] =
	"{\"metadata\":{\"name\":\"bob-reads-pods\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":"
	"\"Role\",\"name\":\"pod-reader\"},\"subjects\":[{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\","
	"\"name\":\"bob\"}]}";

static void test_role_and_rolebinding(void **state)
{
	fixture *f = *state;
	static const authz_case before[] = {
		{"bob", "GET", "/api/v1/namespaces/default/pods", NULL, 403, FORBIDDEN_LIST("bob", "pods", "default")},
		{"bob", "GET", "/api/v1/namespaces/default/pods/x", NULL, 403,
		 "pods \"x\" is forbidden: User \"bob\" cannot get resource \"pods\" in API group \"\" in the namespace "
		 "\"default\""},
		{"bob", "GET", "/api/v1/pods", NULL, 403,
		 "pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" at the cluster scope"},
		{"bob", "GET", "/api/v1/namespaces/default/pods?watch=1", NULL, 403,
		 "pods is forbidden: User \"bob\" cannot watch resource \"pods\" in API group \"\" in the namespace "
		 "\"default\""},
		{"bob", "DELETE", "/apis/apps/v1/namespaces/default/deployments/d", NULL, 403,
		 "deployments.apps \"d\" is forbidden: User \"bob\" cannot delete resource \"deployments\" in API group "
		 "\"apps\" in the namespace \"default\""},
		/* every authenticated user may discover and check its health */
		{"bob", "GET", "/api", NULL, 200, NULL},
		{"bob", "GET", "/apis/apps/v1", NULL, 200, NULL},
		{"bob", "GET", "/healthz", NULL, 200, NULL},
		{"bob", "GET", "/version", NULL, 200, NULL},
	};
	check_cases(f, before, KC_ARRAY_SIZE(before));

	create(f, RBAC "/namespaces/default/roles", pod_reader);
	create(f, RBAC "/namespaces/default/rolebindings", bob_reads_pods);
	eventually(f, "bob", "GET", "/api/v1/namespaces/default/pods", NULL, 200);
	create(f, "/api/v1/namespaces/default/pods",
	       "{\"metadata\":{\"name\":\"bobs\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
	static const authz_case after[] = {
		{"bob", "GET", "/api/v1/namespaces/default/pods/bobs", NULL, 200, NULL},
		{"bob", "GET", "/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=1", NULL, 200, NULL},
		/* only what the Role says: not another namespace, verb or resource */
		{"bob", "GET", "/api/v1/namespaces/kube-system/pods", NULL, 403,
		 FORBIDDEN_LIST("bob", "pods", "kube-system")},
		{"bob", "GET", "/api/v1/pods", NULL, 403,
		 "pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" at the cluster scope"},
		{"bob", "DELETE", "/api/v1/namespaces/default/pods/bobs", NULL, 403,
		 "pods \"bobs\" is forbidden: User \"bob\" cannot delete resource \"pods\" in API group \"\" in the "
		 "namespace \"default\""},
		{"bob", "GET", "/api/v1/namespaces/default/pods/bobs/status", NULL, 403,
		 "pods \"bobs\" is forbidden: User \"bob\" cannot get resource \"pods/status\" in API group \"\" in the "
		 "namespace \"default\""},
		{"bob", "GET", "/api/v1/namespaces/default/secrets", NULL, 403, FORBIDDEN_LIST("bob", "secrets", "default")},
		/* and nobody else */
		{"carol", "GET", "/api/v1/namespaces/default/pods", NULL, 403, FORBIDDEN_LIST("carol", "pods", "default")},
	};
	check_cases(f, after, KC_ARRAY_SIZE(after));

	/* a group subject: erin (O=dev-team) through a binding to the group */
	create(f, RBAC "/namespaces/default/rolebindings",
	       "{\"metadata\":{\"name\":\"dev-team-reads-pods\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
	       "\"kind\":\"Role\",\"name\":\"pod-reader\"},\"subjects\":[{\"kind\":\"Group\",\"apiGroup\":"
	       "\"rbac.authorization.k8s.io\",\"name\":\"dev-team\"}]}");
	eventually(f, "erin", "GET", "/api/v1/namespaces/default/pods", NULL, 200);

	/* withdrawn: the binding deleted, bob is refused again */
	assert_int_equal(as(f, "admin", "DELETE", RBAC "/namespaces/default/rolebindings/bob-reads-pods", NULL)->status,
			 200);
	eventually(f, "bob", "GET", "/api/v1/namespaces/default/pods", NULL, 403);
	assert_string_equal(kc_json_get_str(as(f, "bob", "GET", "/api/v1/namespaces/default/pods", NULL)->body,
					    "message", ""),
			    FORBIDDEN_LIST("bob", "pods", "default"));
	/* a binding to a role that does not exist grants nothing */
	create(f, RBAC "/namespaces/default/rolebindings",
	       "{\"metadata\":{\"name\":\"bob-to-nothing\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
	       "\"kind\":\"Role\",\"name\":\"no-such-role\"},\"subjects\":[{\"kind\":\"User\",\"apiGroup\":"
	       "\"rbac.authorization.k8s.io\",\"name\":\"bob\"}]}");
	usleep(300000);
	assert_int_equal(as(f, "bob", "GET", "/api/v1/namespaces/default/pods", NULL)->status, 403);
}

/* ---- ClusterRole with resourceNames ---- */

static void test_cluster_role_resource_names(void **state)
{
	fixture *f = *state;
	create(f, "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"one\"},\"data\":{\"k\":\"1\"}}");
	create(f, "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"two\"}}");
	create(f, "/api/v1/namespaces/kube-system/configmaps", "{\"metadata\":{\"name\":\"one\"}}");
	create(f, RBAC "/clusterroles",
	       "{\"metadata\":{\"name\":\"configmap-one\"},\"rules\":[{\"apiGroups\":[\"\"],\"resources\":["
	       "\"configmaps\"],\"resourceNames\":[\"one\"],\"verbs\":[\"get\",\"update\",\"patch\",\"list\",\"watch\"]}]}");
	create(f, RBAC "/clusterrolebindings",
	       "{\"metadata\":{\"name\":\"carol-configmap-one\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
	       "\"kind\":\"ClusterRole\",\"name\":\"configmap-one\"},\"subjects\":[{\"kind\":\"User\",\"apiGroup\":"
	       "\"rbac.authorization.k8s.io\",\"name\":\"carol\"}]}");
	eventually(f, "carol", "GET", "/api/v1/namespaces/default/configmaps/one", NULL, 200);
	static const authz_case cases[] = {
		/* the named object, in every namespace (a ClusterRoleBinding) */
		{"carol", "GET", "/api/v1/namespaces/kube-system/configmaps/one", NULL, 200, NULL},
		{"carol", "PATCH", "/api/v1/namespaces/default/configmaps/one", "{\"data\":{\"k\":\"2\"}}", 200, NULL},
		/* a list naming it with a field selector is a request about it */
		{"carol", "GET", "/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Done", NULL, 200,
		 NULL},
		/* nothing else */
		{"carol", "GET", "/api/v1/namespaces/default/configmaps/two", NULL, 403,
		 "configmaps \"two\" is forbidden: User \"carol\" cannot get resource \"configmaps\" in API group \"\" in "
		 "the namespace \"default\""},
		{"carol", "GET", "/api/v1/namespaces/default/configmaps", NULL, 403,
		 FORBIDDEN_LIST("carol", "configmaps", "default")},
		{"carol", "DELETE", "/api/v1/namespaces/default/configmaps/one", NULL, 403,
		 "configmaps \"one\" is forbidden: User \"carol\" cannot delete resource \"configmaps\" in API group \"\" "
		 "in the namespace \"default\""},
		/* create has no name to match */
		{"carol", "POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"one\"}}", 403,
		 "configmaps is forbidden: User \"carol\" cannot create resource \"configmaps\" in API group \"\" in the "
		 "namespace \"default\""},
	};
	check_cases(f, cases, KC_ARRAY_SIZE(cases));
	kc_response *r = as(f, "admin", "GET", "/api/v1/namespaces/default/configmaps/one", NULL);
	assert_string_equal(kc_json_get_str(r->body, "data.k", ""), "2");
}

/* ---- ClusterRole with nonResourceURLs ---- */

static void test_cluster_role_non_resource_urls(void **state)
{
	fixture *f = *state;
	static const authz_case before[] = {
		{"dave", "GET", "/metrics", NULL, 403, "forbidden: User \"dave\" cannot get path \"/metrics\""},
		{"dave", "GET", "/openapi/v2", NULL, 200, NULL},
	};
	check_cases(f, before, KC_ARRAY_SIZE(before));
	create(f, RBAC "/clusterroles",
	       "{\"metadata\":{\"name\":\"metrics-reader\"},\"rules\":[{\"nonResourceURLs\":[\"/metrics\",\"/debug/*\"],"
	       "\"verbs\":[\"get\"]}]}");
	create(f, RBAC "/clusterrolebindings",
	       "{\"metadata\":{\"name\":\"dave-metrics\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
	       "\"kind\":\"ClusterRole\",\"name\":\"metrics-reader\"},\"subjects\":[{\"kind\":\"User\",\"apiGroup\":"
	       "\"rbac.authorization.k8s.io\",\"name\":\"dave\"}]}");
	eventually(f, "dave", "GET", "/metrics", NULL, 200);
	kc_response *r = as(f, "dave", "GET", "/metrics", NULL);
	assert_non_null(strstr(r->raw, "apiserver_request_total"));
	static const authz_case after[] = {
		/* a wildcard URL allows what is under it (404: nothing is there) */
		{"dave", "GET", "/debug/pprof", NULL, 404, NULL},
		/* get, not post; URLs, not resources */
		{"dave", "POST", "/metrics", "{}", 403, "forbidden: User \"dave\" cannot post path \"/metrics\""},
		{"dave", "GET", "/api/v1/namespaces/default/pods", NULL, 403, FORBIDDEN_LIST("dave", "pods", "default")},
		{"dave", "GET", "/metricsx", NULL, 403, "forbidden: User \"dave\" cannot get path \"/metricsx\""},
	};
	check_cases(f, after, KC_ARRAY_SIZE(after));
}

/* ---- the components' bootstrap roles ---- */

static const char pod_p1[] =
	"{\"metadata\":{\"name\":\"p1\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";

static const authz_case components[] = {
	/* kc-scheduler: reads nodes and pods, binds pods; creates none */
	{"scheduler", "GET", "/api/v1/nodes", NULL, 200, NULL},
	{"scheduler", "GET", "/api/v1/pods?fieldSelector=spec.nodeName%3D", NULL, 200, NULL},
	{"scheduler", "POST", "/api/v1/namespaces/default/pods/p1/binding",
	 "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"p1\"},\"target\":{\"apiVersion\":\"v1\","
	 "\"kind\":\"Node\",\"name\":\"node-1\"}}",
	 201, NULL},
	{"scheduler", "POST", "/api/v1/namespaces/default/pods", pod_p1, 403,
	 "pods is forbidden: User \"system:kube-scheduler\" cannot create resource \"pods\" in API group \"\" in the "
	 "namespace \"default\""},
	{"scheduler", "GET", "/api/v1/namespaces/default/secrets", NULL, 403,
	 FORBIDDEN_LIST("system:kube-scheduler", "secrets", "default")},
	{"scheduler", "PATCH", "/api/v1/nodes/node-1/status", "{}", 403,
	 "nodes \"node-1\" is forbidden: User \"system:kube-scheduler\" cannot patch resource \"nodes/status\" in API "
	 "group \"\" at the cluster scope"},
	/* kc-kubelet on node-1: registers and updates its node, reads pods */
	{"kubelet-node-1", "POST", "/api/v1/nodes", "{\"metadata\":{\"name\":\"node-1\"}}", 201, NULL},
	{"kubelet-node-1", "PATCH", "/api/v1/nodes/node-1/status",
	 "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\"}]}}", 200,
	 NULL},
	{"kubelet-node-1", "GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1", NULL, 200, NULL},
	{"kubelet-node-1", "POST", "/apis/apps/v1/namespaces/default/deployments", "{\"metadata\":{\"name\":\"d\"}}", 403,
	 "deployments.apps is forbidden: User \"system:node:node-1\" cannot create resource \"deployments\" in API "
	 "group \"apps\" in the namespace \"default\""},
	{"kubelet-node-1", "DELETE", "/api/v1/nodes/node-1", NULL, 403,
	 "nodes \"node-1\" is forbidden: User \"system:node:node-1\" cannot delete resource \"nodes\" in API group \"\" "
	 "at the cluster scope"},
	{"kubelet-node-1", "POST", "/api/v1/namespaces/default/pods/p1/binding", "{}", 403,
	 "pods \"p1\" is forbidden: User \"system:node:node-1\" cannot create resource \"pods/binding\" in API group "
	 "\"\" in the namespace \"default\""},
	/* kc-proxy: lists and watches services and endpointslices */
	{"proxy", "GET", "/api/v1/services", NULL, 200, NULL},
	{"proxy", "GET", "/apis/discovery.k8s.io/v1/endpointslices", NULL, 200, NULL},
	{"proxy", "GET", "/apis/discovery.k8s.io/v1/endpointslices?watch=1&timeoutSeconds=1", NULL, 200, NULL},
	{"proxy", "GET", "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/x", NULL, 403,
	 "endpointslices.discovery.k8s.io \"x\" is forbidden: User \"system:kube-proxy\" cannot get resource "
	 "\"endpointslices\" in API group \"discovery.k8s.io\" in the namespace \"default\""},
	{"proxy", "GET", "/api/v1/namespaces/default/secrets", NULL, 403,
	 FORBIDDEN_LIST("system:kube-proxy", "secrets", "default")},
	{"proxy", "POST", "/api/v1/namespaces/default/pods", pod_p1, 403,
	 "pods is forbidden: User \"system:kube-proxy\" cannot create resource \"pods\" in API group \"\" in the "
	 "namespace \"default\""},
	/* kc-controller-manager: reads everything, writes what its controllers own */
	{"controller-manager", "GET", "/api/v1/secrets", NULL, 200, NULL},
	{"controller-manager", "GET", "/apis/apps/v1/deployments?watch=1&timeoutSeconds=1", NULL, 200, NULL},
	{"controller-manager", "POST", "/apis/apps/v1/namespaces/default/replicasets",
	 "{\"metadata\":{\"name\":\"rs\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{"
	 "\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}",
	 201, NULL},
	{"controller-manager", "POST", RBAC "/namespaces/default/roles", "{\"metadata\":{\"name\":\"r\"}}", 403,
	 "roles.rbac.authorization.k8s.io is forbidden: User \"system:kube-controller-manager\" cannot create resource "
	 "\"roles\" in API group \"rbac.authorization.k8s.io\" in the namespace \"default\""},
};

/* status.allowed of a SelfSubjectAccessReview as who. */
static bool can(fixture *f, const char *who, const char *verb, const char *group, const char *resource,
		const char *subresource, const char *ns, const char *name)
{
	_cleanup_free_ char *body = xasprintf("{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":"
					      "\"SelfSubjectAccessReview\",\"spec\":{\"resourceAttributes\":{\"verb\":\"%s\","
					      "\"group\":\"%s\",\"resource\":\"%s\",\"subresource\":\"%s\",\"namespace\":"
					      "\"%s\",\"name\":\"%s\"}}}",
					      verb, group, resource, subresource, ns, name);
	kc_response *r = as(f, who, "POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body);
	if (r->status != 201)
		fail_msg("SelfSubjectAccessReview as %s: %ld %s", who, r->status, kc_json_get_str(r->body, "message", ""));
	return kc_json_get_bool(r->body, "status.allowed", false);
}

typedef struct can_case {
	const char *who, *verb, *group, *resource, *subresource, *ns, *name;
	bool allowed;
} can_case;

static const can_case reviews[] = {
	{"scheduler", "create", "", "pods", "binding", "default", "p", true},
	{"scheduler", "create", "", "bindings", "", "default", "", true},
	{"scheduler", "patch", "", "pods", "status", "default", "p", true},
	{"scheduler", "create", "", "pods", "", "default", "", false},
	{"scheduler", "update", "", "nodes", "", "", "n", false},
	{"scheduler", "get", "coordination.k8s.io", "leases", "", "kube-system", "kube-scheduler", true},
	{"scheduler", "update", "coordination.k8s.io", "leases", "", "default", "someone-else", false},
	{"kubelet-node-1", "update", "", "nodes", "status", "", "node-1", true},
	{"kubelet-node-1", "create", "", "events", "", "default", "", true},
	{"kubelet-node-1", "get", "", "secrets", "", "default", "s", true},
	{"kubelet-node-1", "list", "apps", "deployments", "", "default", "", false},
	{"kubelet-node-1", "create", "", "pods", "binding", "default", "p", false},
	{"proxy", "watch", "discovery.k8s.io", "endpointslices", "", "", "", true},
	{"proxy", "list", "", "services", "", "", "", true},
	{"proxy", "get", "", "secrets", "", "default", "s", false},
	{"proxy", "update", "discovery.k8s.io", "endpointslices", "", "default", "e", false},
	{"controller-manager", "create", "apps", "replicasets", "", "default", "", true},
	{"controller-manager", "update", "apps", "deployments", "status", "default", "d", true},
	{"controller-manager", "create", "", "pods", "", "default", "", true},
	{"controller-manager", "create", "rbac.authorization.k8s.io", "clusterrolebindings", "", "", "", false},
	{"bob", "get", "", "pods", "", "default", "p", false},
	{"admin", "delete", "", "nodes", "", "", "n", true},
	{"token:tok-root", "escalate", "rbac.authorization.k8s.io", "clusterroles", "", "", "", true},
};

static void test_component_roles(void **state)
{
	fixture *f = *state;
	create(f, "/api/v1/namespaces/default/pods", pod_p1);
	check_cases(f, components, KC_ARRAY_SIZE(components));
	/* the binding landed: p1 is on node-1 */
	kc_response *r = as(f, "admin", "GET", "/api/v1/namespaces/default/pods/p1", NULL);
	assert_string_equal(kc_json_get_str(r->body, "spec.nodeName", ""), "node-1");
	/* the kubelet may also update (PUT) its node's status */
	r = as(f, "kubelet-node-1", "GET", "/api/v1/nodes/node-1", NULL);
	assert_int_equal(r->status, 200);
	kc_json_set_str(r->body, "status.phase", "Running", NULL);
	_cleanup_free_ char *node = cJSON_PrintUnformatted(r->body);
	r = as(f, "kubelet-node-1", "PUT", "/api/v1/nodes/node-1/status", node);
	assert_int_equal(r->status, 200);

	size_t wrong = 0;
	for (size_t i = 0; i < KC_ARRAY_SIZE(reviews); i++) {
		const can_case *c = &reviews[i];
		bool got = can(f, c->who, c->verb, c->group, c->resource, c->subresource, c->ns, c->name);
		if (got != c->allowed) {
			print_error("SelfSubjectAccessReview as %s: %s %s%s%s%s in \"%s\" name \"%s\": allowed=%d, want %d\n",
				    c->who, c->verb, c->group[0] ? c->group : "", c->group[0] ? "/" : "", c->resource,
				    c->subresource[0] ? "/" : "", c->ns, c->name, got, c->allowed);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
}

/* A client certificate that is not signed by --client-ca-file, or has
 * expired, gets a 401 Status as upstream (which only requests certificates
 * in the handshake and verifies them in its x509 authenticator), not a TLS
 * error, and not anonymous access either. */
static void test_bad_client_certificates(void **state)
{
	fixture *f = *state;
	kc_test_certs other;
	assert_int_equal(kc_test_certs_make(&other, NULL), 0);
	/* the cluster's CA, to issue an expired certificate */
	kc_test_certs cluster = {0};
	_cleanup_free_ char *ca = xasprintf("%s/ca.crt", f->api.pki);
	_cleanup_free_ char *ca_key = xasprintf("%s/ca.key", f->api.pki);
	assert_int_equal(kc_read_file(ca, 1 << 20, &cluster.ca_pem, NULL), 0);
	assert_int_equal(kc_read_file(ca_key, 1 << 20, &cluster.ca_key_pem, NULL), 0);
	_cleanup_free_ char *expired_crt = NULL, *expired_key = NULL;
	assert_int_equal(kc_test_certs_issue_client(&cluster, "old", NULL, -1, &expired_crt, &expired_key), 0);

	struct {
		const char *what, *crt, *key;
	} certs[] = {{"a certificate from another CA", other.client_cert_pem, other.client_key_pem},
		     {"an expired certificate", expired_crt, expired_key}};
	size_t failed = 0;
	for (size_t i = 0; i < KC_ARRAY_SIZE(certs); i++) {
		kc_client_config cfg;
		kc_test_apiserver_client_config(&f->api, "admin", &cfg);
		free(cfg.cert_file);
		free(cfg.key_file);
		cfg.cert_file = cfg.key_file = NULL;
		cfg.cert_data = xstrdup(certs[i].crt);
		cfg.key_data = xstrdup(certs[i].key);
		kc_client *c = kc_client_new(f->base, &cfg, NULL);
		kc_client_config_clear(&cfg);
		kc_response r = {0};
		kc_client_request_sync(c, "GET", "/healthz", NULL, NULL, 0, NULL, &r);
		if (r.status != 401) {
			print_error("%s: got %ld %s, want 401 Unauthorized\n", certs[i].what, r.status, r.err.msg);
			failed++;
		}
		kc_response_clear(&r);
		kc_client_free(c);
	}
	free(cluster.ca_pem);
	free(cluster.ca_key_pem);
	kc_test_certs_cleanup(&other);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anonymous_on),
		cmocka_unit_test(test_anonymous_off),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_role_and_rolebinding),
		cmocka_unit_test(test_cluster_role_resource_names),
		cmocka_unit_test(test_cluster_role_non_resource_urls),
		cmocka_unit_test(test_component_roles),
		cmocka_unit_test(test_bad_client_certificates),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
