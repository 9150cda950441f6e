/* test_api_rbac_review.c - the access reviews (api_access_review: JSON in,
 * JSON or Status out, as api_handle_access_review replies) and
 * impersonation (api_rbac_impersonate), over a small fixed policy. */
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
#include "common/resource.h"
#include "common/util.h"

static const char policy_json[] =
	"["
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"pod-reader\"},\"rules\":["
	" {\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\",\"list\"]},"
	" {\"nonResourceURLs\":[\"/healthz\"],\"verbs\":[\"get\"]}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"alice-reads\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"pod-reader\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"alice\"}]},"
	"{\"kind\":\"Role\",\"metadata\":{\"name\":\"deployer\",\"namespace\":\"dev\"},\"rules\":["
	" {\"apiGroups\":[\"apps\"],\"resources\":[\"deployments\"],\"resourceNames\":[\"web\"],\"verbs\":[\"update\"]}]},"
	"{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"devs\",\"namespace\":\"dev\"},"
	" \"roleRef\":{\"kind\":\"Role\",\"name\":\"deployer\"},\"subjects\":[{\"kind\":\"Group\",\"name\":\"devs\"}]},"
	"{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"broken\",\"namespace\":\"prod\"},"
	" \"roleRef\":{\"kind\":\"Role\",\"name\":\"gone\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"alice\"}]},"
	/* imp may impersonate users, groups, service accounts in dev, uids and one extra */
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"impersonator\"},\"rules\":["
	" {\"apiGroups\":[\"\"],\"resources\":[\"users\",\"groups\"],\"verbs\":[\"impersonate\"]},"
	" {\"apiGroups\":[\"authentication.k8s.io\"],\"resources\":[\"uids\",\"userextras/scopes\"],\"verbs\":[\"impersonate\"]}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"imp\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"impersonator\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"imp\"}]},"
	"{\"kind\":\"Role\",\"metadata\":{\"name\":\"sa-imp\",\"namespace\":\"dev\"},\"rules\":["
	" {\"apiGroups\":[\"\"],\"resources\":[\"serviceaccounts\"],\"verbs\":[\"impersonate\"]}]},"
	"{\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"imp-sa\",\"namespace\":\"dev\"},"
	" \"roleRef\":{\"kind\":\"Role\",\"name\":\"sa-imp\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"imp\"}]},"
	/* limited may impersonate only the user bob */
	"{\"kind\":\"ClusterRole\",\"metadata\":{\"name\":\"as-bob\"},\"rules\":["
	" {\"apiGroups\":[\"\"],\"resources\":[\"users\"],\"resourceNames\":[\"bob\"],\"verbs\":[\"impersonate\"]}]},"
	"{\"kind\":\"ClusterRoleBinding\",\"metadata\":{\"name\":\"limited\"},"
	" \"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"as-bob\"},\"subjects\":[{\"kind\":\"User\",\"name\":\"limited\"}]}"
	"]";

static api_rbac *policy(void)
{
	_cleanup_json_ cJSON *objs = cJSON_Parse(policy_json);
	assert_non_null(objs);
	return api_rbac_new_static(objs);
}

/* "name|g1,g2" */
static void make_user(api_user *u, const char *spec)
{
	memset(u, 0, sizeof(*u));
	const char *bar = strchr(spec, '|');
	u->name = bar ? xstrndup(spec, (size_t)(bar - spec)) : xstrdup(spec);
	u->uid = xstrdup("");
	u->groups = xcalloc(16, sizeof(*u->groups));
	if (!bar || !bar[1])
		return;
	_cleanup_free_ char *copy = xstrdup(bar + 1);
	char *save = NULL;
	size_t n = 0;
	for (char *g = strtok_r(copy, ",", &save); g && n < 15; g = strtok_r(NULL, ",", &save))
		u->groups[n++] = xstrdup(g);
}

static char *groups_string(const api_user *u)
{
	kc_buf b = KC_BUF_INIT;
	for (size_t i = 0; u->groups && u->groups[i]; i++)
		kc_buf_addf(&b, "%s%s", i ? "," : "", u->groups[i]);
	return kc_buf_release(&b);
}

typedef struct review_case {
	const char *name;
	const char *plural; /* selfsubjectaccessreviews ... */
	const char *user;   /* who asks */
	const char *body;
	int code;
	/* the whole answer (201: compact JSON, keys in our order), or for
	 * errors the Status message */
	const char *want;
} review_case;

#define SSAR "selfsubjectaccessreviews"
#define SAR "subjectaccessreviews"
#define SSRR "selfsubjectrulesreviews"
#define HEAD(kind) "{\"kind\":\"" kind "\",\"apiVersion\":\"authorization.k8s.io/v1\",\"metadata\":{\"creationTimestamp\":null},"

static const review_case reviews[] = {
	{"ssar allowed", SSAR, "alice",
	 "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"metadata\":{\"creationTimestamp\":null},"
	 "\"spec\":{\"resourceAttributes\":{\"namespace\":\"default\",\"verb\":\"get\",\"resource\":\"pods\"}},\"status\":{\"allowed\":false}}",
	 201,
	 HEAD("SelfSubjectAccessReview") "\"spec\":{\"resourceAttributes\":{\"namespace\":\"default\",\"verb\":\"get\","
					 "\"resource\":\"pods\"}},\"status\":{\"allowed\":true,\"reason\":\"RBAC: allowed by "
					 "ClusterRoleBinding \\\"alice-reads\\\" of ClusterRole \\\"pod-reader\\\" to User "
					 "\\\"alice\\\"\"}}"},
	{"ssar denied: no reason, no denied", SSAR, "alice",
	 "{\"spec\":{\"resourceAttributes\":{\"namespace\":\"default\",\"verb\":\"delete\",\"resource\":\"pods\",\"name\":\"x\","
	 "\"version\":\"v1\",\"group\":\"\"}}}",
	 201,
	 HEAD("SelfSubjectAccessReview") "\"spec\":{\"resourceAttributes\":{\"namespace\":\"default\",\"verb\":\"delete\","
					 "\"version\":\"v1\",\"resource\":\"pods\",\"name\":\"x\"}},\"status\":{\"allowed\":false}}"},
	{"ssar denied with an evaluation problem in the reason", SSAR, "alice",
	 "{\"spec\":{\"resourceAttributes\":{\"namespace\":\"prod\",\"verb\":\"delete\",\"resource\":\"pods\"}}}", 201,
	 HEAD("SelfSubjectAccessReview") "\"spec\":{\"resourceAttributes\":{\"namespace\":\"prod\",\"verb\":\"delete\","
					 "\"resource\":\"pods\"}},\"status\":{\"allowed\":false,\"reason\":\"RBAC: "
					 "role.rbac.authorization.k8s.io \\\"gone\\\" not found\"}}"},
	{"ssar non-resource", SSAR, "alice", "{\"spec\":{\"nonResourceAttributes\":{\"path\":\"/healthz\",\"verb\":\"get\"}}}",
	 201,
	 HEAD("SelfSubjectAccessReview") "\"spec\":{\"nonResourceAttributes\":{\"path\":\"/healthz\",\"verb\":\"get\"}},"
					 "\"status\":{\"allowed\":true,\"reason\":\"RBAC: allowed by ClusterRoleBinding "
					 "\\\"alice-reads\\\" of ClusterRole \\\"pod-reader\\\" to User \\\"alice\\\"\"}}"},
	{"ssar subresource and names through groups", SSAR, "dan|devs",
	 "{\"spec\":{\"resourceAttributes\":{\"namespace\":\"dev\",\"verb\":\"update\",\"group\":\"apps\",\"resource\":"
	 "\"deployments\",\"name\":\"web\"}}}",
	 201,
	 HEAD("SelfSubjectAccessReview") "\"spec\":{\"resourceAttributes\":{\"namespace\":\"dev\",\"verb\":\"update\","
					 "\"group\":\"apps\",\"resource\":\"deployments\",\"name\":\"web\"}},\"status\":{"
					 "\"allowed\":true,\"reason\":\"RBAC: allowed by RoleBinding \\\"devs/dev\\\" of Role "
					 "\\\"deployer\\\" to Group \\\"devs\\\"\"}}"},
	{"ssar for masters: allowed, no reason", SSAR, "root|system:masters",
	 "{\"spec\":{\"resourceAttributes\":{\"verb\":\"*\",\"group\":\"*\",\"resource\":\"*\"}}}", 201,
	 HEAD("SelfSubjectAccessReview") "\"spec\":{\"resourceAttributes\":{\"verb\":\"*\",\"group\":\"*\",\"resource\":\"*\"}},"
					 "\"status\":{\"allowed\":true}}"},
	{"ssar neither attributes", SSAR, "alice", "{\"spec\":{}}", 422,
	 "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: null: "
	 "exactly one of nonResourceAttributes or resourceAttributes must be specified"},
	{"ssar no spec", SSAR, "alice", "{}", 422,
	 "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: null: "
	 "exactly one of nonResourceAttributes or resourceAttributes must be specified"},
	{"ssar both attributes", SSAR, "alice",
	 "{\"spec\":{\"resourceAttributes\":{\"verb\":\"get\"},\"nonResourceAttributes\":{\"path\":\"/x\",\"verb\":\"get\"}}}", 422,
	 NULL /* checked by prefix below */},
	{"ssar named metadata", SSAR, "alice",
	 "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"nonResourceAttributes\":{\"path\":\"/x\",\"verb\":\"get\"}}}", 422,
	 NULL},
	{"ssar wrong type verb", SSAR, "alice", "{\"spec\":{\"resourceAttributes\":{\"verb\":5}}}", 400,
	 "SelfSubjectAccessReview in version \"v1\" cannot be handled as a SelfSubjectAccessReview: json: cannot "
	 "unmarshal number into Go struct field ResourceAttributes.spec.resourceAttributes.verb of type string"},
	{"ssar spec a string", SSAR, "alice", "{\"spec\":\"x\"}", 400,
	 "SelfSubjectAccessReview in version \"v1\" cannot be handled as a SelfSubjectAccessReview: json: cannot "
	 "unmarshal string into Go struct field SelfSubjectAccessReview.spec of type v1.SelfSubjectAccessReviewSpec"},
	{"ssar attributes an array", SSAR, "alice", "{\"spec\":{\"resourceAttributes\":[]}}", 400,
	 "SelfSubjectAccessReview in version \"v1\" cannot be handled as a SelfSubjectAccessReview: json: cannot "
	 "unmarshal array into Go struct field SelfSubjectAccessReviewSpec.spec.resourceAttributes of type "
	 "v1.ResourceAttributes"},
	{"ssar null attributes are absent", SSAR, "alice",
	 "{\"spec\":{\"resourceAttributes\":null,\"nonResourceAttributes\":{\"path\":\"/healthz\",\"verb\":\"get\",\"x\":1}}}",
	 201, NULL},
	{"sar for another user", SAR, "admin",
	 "{\"spec\":{\"user\":\"alice\",\"resourceAttributes\":{\"namespace\":\"x\",\"verb\":\"list\",\"resource\":\"pods\"}}}",
	 201,
	 HEAD("SubjectAccessReview") "\"spec\":{\"resourceAttributes\":{\"namespace\":\"x\",\"verb\":\"list\",\"resource\":"
				     "\"pods\"},\"user\":\"alice\"},\"status\":{\"allowed\":true,\"reason\":\"RBAC: allowed by "
				     "ClusterRoleBinding \\\"alice-reads\\\" of ClusterRole \\\"pod-reader\\\" to User "
				     "\\\"alice\\\"\"}}"},
	{"sar groups only", SAR, "admin",
	 "{\"spec\":{\"groups\":[\"devs\"],\"uid\":\"u-1\",\"extra\":{\"scopes\":[\"a\"]},\"resourceAttributes\":{\"namespace\":"
	 "\"dev\",\"verb\":\"update\",\"group\":\"apps\",\"resource\":\"deployments\",\"name\":\"other\"}}}",
	 201,
	 HEAD("SubjectAccessReview") "\"spec\":{\"resourceAttributes\":{\"namespace\":\"dev\",\"verb\":\"update\",\"group\":"
				     "\"apps\",\"resource\":\"deployments\",\"name\":\"other\"},\"groups\":[\"devs\"],"
				     "\"extra\":{\"scopes\":[\"a\"]},\"uid\":\"u-1\"},\"status\":{\"allowed\":false}}"},
	{"sar of the caller is not the caller", SAR, "alice",
	 "{\"spec\":{\"user\":\"bob\",\"nonResourceAttributes\":{\"path\":\"/healthz\",\"verb\":\"get\"}}}", 201,
	 HEAD("SubjectAccessReview") "\"spec\":{\"nonResourceAttributes\":{\"path\":\"/healthz\",\"verb\":\"get\"},\"user\":"
				     "\"bob\"},\"status\":{\"allowed\":false}}"},
	{"sar needs a user or group", SAR, "admin",
	 "{\"spec\":{\"resourceAttributes\":{\"verb\":\"get\",\"resource\":\"pods\"}}}", 422,
	 "SubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.user: Invalid value: \"\": at least one of user "
	 "or group must be specified"},
	{"sar groups of the wrong type", SAR, "admin",
	 "{\"spec\":{\"groups\":[\"a\",1],\"resourceAttributes\":{\"verb\":\"get\"}}}", 400,
	 "SubjectAccessReview in version \"v1\" cannot be handled as a SubjectAccessReview: json: cannot unmarshal number "
	 "into Go struct field SubjectAccessReviewSpec.spec.groups of type string"},
	{"sar extra of the wrong type", SAR, "admin",
	 "{\"spec\":{\"user\":\"a\",\"extra\":{\"k\":\"v\"},\"resourceAttributes\":{\"verb\":\"get\"}}}", 400,
	 "SubjectAccessReview in version \"v1\" cannot be handled as a SubjectAccessReview: json: cannot unmarshal string "
	 "into Go struct field SubjectAccessReviewSpec.spec.extra.k of type []string"},
	{"ssrr", SSRR, "alice", "{\"spec\":{\"namespace\":\"default\"}}", 201,
	 HEAD("SelfSubjectRulesReview") "\"spec\":{},\"status\":{\"resourceRules\":[{\"verbs\":[\"get\",\"list\"],"
					"\"apiGroups\":[\"\"],\"resources\":[\"pods\"]}],\"nonResourceRules\":[{\"verbs\":["
					"\"get\"],\"nonResourceURLs\":[\"/healthz\"]}],\"incomplete\":false}}"},
	{"ssrr with an evaluation error", SSRR, "alice", "{\"spec\":{\"namespace\":\"prod\"}}", 201,
	 HEAD("SelfSubjectRulesReview") "\"spec\":{},\"status\":{\"resourceRules\":[{\"verbs\":[\"get\",\"list\"],"
					"\"apiGroups\":[\"\"],\"resources\":[\"pods\"]}],\"nonResourceRules\":[{\"verbs\":["
					"\"get\"],\"nonResourceURLs\":[\"/healthz\"]}],\"incomplete\":false,\"evaluationError\":"
					"\"role.rbac.authorization.k8s.io \\\"gone\\\" not found\"}}"},
	{"ssrr namespace rules", SSRR, "dan|devs", "{\"spec\":{\"namespace\":\"dev\"}}", 201,
	 HEAD("SelfSubjectRulesReview") "\"spec\":{},\"status\":{\"resourceRules\":[{\"verbs\":[\"update\"],\"apiGroups\":["
					"\"apps\"],\"resources\":[\"deployments\"],\"resourceNames\":[\"web\"]}],"
					"\"nonResourceRules\":[],\"incomplete\":false}}"},
	{"ssrr without namespace", SSRR, "alice", "{\"spec\":{}}", 400, "no namespace on request"},
	{"ssrr namespace of the wrong type", SSRR, "alice", "{\"spec\":{\"namespace\":[\"a\"]}}", 400,
	 "SelfSubjectRulesReview in version \"v1\" cannot be handled as a SelfSubjectRulesReview: json: cannot unmarshal "
	 "array into Go struct field SelfSubjectRulesReviewSpec.spec.namespace of type string"},
};

static cJSON *run_review(const api_rbac *rb, const review_case *c, int *code)
{
	const kc_resource *res = kc_resource_find("authorization.k8s.io", "v1", c->plural);
	assert_non_null(res);
	_cleanup_json_ cJSON *body = cJSON_Parse(c->body);
	if (!body)
		fail_msg("case \"%s\": test body does not parse", c->name);
	api_user u;
	make_user(&u, c->user);
	cJSON *out = api_access_review(rb, res, &u, body, code);
	api_user_clear(&u);
	return out;
}

static void test_reviews(void **state)
{
	(void)state;
	api_rbac *rb = policy();
	for (size_t i = 0; i < KC_ARRAY_SIZE(reviews); i++) {
		const review_case *c = &reviews[i];
		int code = 0;
		_cleanup_json_ cJSON *out = run_review(rb, c, &code);
		_cleanup_free_ char *got = kc_json_print(out);
		if (code != c->code)
			fail_msg("case \"%s\": code %d, want %d: %s", c->name, code, c->code, got);
		if (!c->want)
			continue;
		if (code == 201) {
			if (!streq(got, c->want))
				fail_msg("case \"%s\":\n  got  %s\n  want %s", c->name, got, c->want);
		} else {
			const char *msg = kc_json_get_str(out, "message", "");
			if (!streq(msg, c->want))
				fail_msg("case \"%s\":\n  got  %s\n  want %s", c->name, msg, c->want);
			if (kc_json_get_int(out, "code", 0) != code)
				fail_msg("case \"%s\": Status code differs", c->name);
		}
	}
	api_rbac_free(rb);
}

/* The cases whose message depends on how bad values print: check what
 * matters. */
static void test_review_details(void **state)
{
	(void)state;
	api_rbac *rb = policy();
	int code = 0;
	_cleanup_json_ cJSON *both = run_review(rb, &reviews[8], &code);
	assert_int_equal(code, 422);
	const char *msg = kc_json_get_str(both, "message", "");
	assert_true(str_startswith(msg, "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: "
					"spec.nonResourceAttributes: Invalid value: "));
	assert_true(str_endswith(msg, ": cannot be specified in combination with resourceAttributes"));
	assert_string_equal(kc_json_get_str(both, "reason", ""), "Invalid");
	assert_string_equal(kc_json_get_str(both, "details.kind", ""), "SelfSubjectAccessReview");
	assert_string_equal(kc_json_get_str(both, "details.group", ""), "authorization.k8s.io");
	assert_string_equal(kc_json_get_str(both, "details.causes[0].field", ""), "spec.nonResourceAttributes");

	_cleanup_json_ cJSON *meta = run_review(rb, &reviews[9], &code);
	assert_int_equal(code, 422);
	assert_true(str_endswith(kc_json_get_str(meta, "message", ""), ": must be empty"));
	assert_string_equal(kc_json_get_str(meta, "details.causes[0].field", ""), "metadata");

	/* null attributes are absent; unknown members are dropped */
	_cleanup_json_ cJSON *nul = run_review(rb, &reviews[13], &code);
	assert_int_equal(code, 201);
	_cleanup_free_ char *spec = kc_json_print(cJSON_GetObjectItem(nul, "spec"));
	assert_string_equal(spec, "{\"nonResourceAttributes\":{\"path\":\"/healthz\",\"verb\":\"get\"}}");
	assert_true(kc_json_get_bool(nul, "status.allowed", false));
	api_rbac_free(rb);

	/* AlwaysAllow: everything allowed, every rule listed */
	int c2 = 0;
	_cleanup_json_ cJSON *any = run_review(NULL, &reviews[1], &c2);
	assert_int_equal(c2, 201);
	assert_true(kc_json_get_bool(any, "status.allowed", false));
	_cleanup_json_ cJSON *rules = run_review(NULL, &reviews[20], &c2);
	assert_int_equal(c2, 201);
	assert_string_equal(kc_json_get_str(rules, "status.resourceRules[0].resources[0]", ""), "*");
	assert_string_equal(kc_json_get_str(rules, "status.nonResourceRules[0].nonResourceURLs[0]", ""), "*");
}

typedef struct imp_case {
	const char *name;
	const char *user; /* who asks */
	const char *as_user;
	const char *as_groups; /* comma-separated, or NULL */
	const char *as_uid;
	const char *extra; /* JSON, or NULL */
	int want_code;     /* 0: impersonated */
	const char *want;  /* the new user "name|groups" (uid after '#'), or the Status message */
} imp_case;

static const imp_case imps[] = {
	{"nothing asked", "alice|system:authenticated", NULL, NULL, NULL, NULL, 0, "alice|system:authenticated#"},
	{"a user", "imp", "bob", NULL, NULL, NULL, 0, "bob|system:authenticated#"},
	{"a user with groups", "imp", "bob", "devs,ops", NULL, NULL, 0, "bob|devs,ops,system:authenticated#"},
	{"system:authenticated given", "imp", "bob", "system:authenticated", NULL, NULL, 0, "bob|system:authenticated#"},
	{"system:unauthenticated given", "imp", "bob", "system:unauthenticated", NULL, NULL, 0,
	 "bob|system:unauthenticated#"},
	{"anonymous", "imp", "system:anonymous", NULL, NULL, NULL, 0, "system:anonymous|system:unauthenticated#"},
	{"a uid", "imp", "bob", NULL, "u-7", NULL, 0, "bob|system:authenticated#u-7"},
	{"an allowed extra", "imp", "bob", NULL, NULL, "{\"scopes\":[\"a\",\"b\"]}", 0, "bob|system:authenticated#"},
	{"a service account gets its groups", "imp", "system:serviceaccount:dev:builder", NULL, NULL, NULL, 0,
	 "system:serviceaccount:dev:builder|system:serviceaccounts,system:serviceaccounts:dev,system:authenticated#"},
	{"a service account with groups given", "imp", "system:serviceaccount:dev:builder", "devs", NULL, NULL, 0,
	 "system:serviceaccount:dev:builder|devs,system:authenticated#"},
	{"a service account elsewhere", "imp", "system:serviceaccount:prod:builder", NULL, NULL, NULL, 403,
	 "serviceaccounts \"builder\" is forbidden: User \"imp\" cannot impersonate resource \"serviceaccounts\" in API "
	 "group \"\" in the namespace \"prod\""},
	{"an invalid service account name is a user name", "imp", "system:serviceaccount:Dev:x", NULL, NULL, NULL, 0,
	 "system:serviceaccount:Dev:x|system:authenticated#"},
	{"not allowed", "alice", "bob", NULL, NULL, NULL, 403,
	 "users \"bob\" is forbidden: User \"alice\" cannot impersonate resource \"users\" in API group \"\" at the "
	 "cluster scope"},
	{"resourceNames limit whom", "limited", "bob", NULL, NULL, NULL, 0, "bob|system:authenticated#"},
	{"resourceNames limit whom: not carol", "limited", "carol", NULL, NULL, NULL, 403,
	 "users \"carol\" is forbidden: User \"limited\" cannot impersonate resource \"users\" in API group \"\" at the "
	 "cluster scope"},
	{"user allowed, group not", "limited", "bob", "devs", NULL, NULL, 403,
	 "groups \"devs\" is forbidden: User \"limited\" cannot impersonate resource \"groups\" in API group \"\" at the "
	 "cluster scope"},
	{"an extra key not allowed", "imp", "bob", NULL, NULL, "{\"other\":[\"v\"]}", 403,
	 "userextras.authentication.k8s.io \"v\" is forbidden: User \"imp\" cannot impersonate resource "
	 "\"userextras/other\" in API group \"authentication.k8s.io\" at the cluster scope"},
	{"groups without a user", "imp", NULL, "devs", NULL, NULL, 500,
	 "Internal error occurred: requested [{Group  devs    }] without impersonating a user"},
	{"a uid without a user", "imp", NULL, NULL, "u", NULL, 500,
	 "Internal error occurred: requested [{UID  u  authentication.k8s.io/v1  }] without impersonating a user"},
	{"masters impersonate anyone", "root|system:masters", "system:serviceaccount:x:y", "g", NULL, NULL, 0,
	 "system:serviceaccount:x:y|g,system:authenticated#"},
};

static void test_impersonate(void **state)
{
	(void)state;
	api_rbac *rb = policy();
	for (size_t i = 0; i < KC_ARRAY_SIZE(imps); i++) {
		const imp_case *c = &imps[i];
		api_user u;
		make_user(&u, c->user);
		char *groups[8] = {0};
		_cleanup_free_ char *gcopy = c->as_groups ? xstrdup(c->as_groups) : NULL;
		size_t n = 0;
		char *save = NULL;
		for (char *g = gcopy ? strtok_r(gcopy, ",", &save) : NULL; g && n < 7; g = strtok_r(NULL, ",", &save))
			groups[n++] = g;
		_cleanup_json_ cJSON *extra = c->extra ? cJSON_Parse(c->extra) : NULL;
		cJSON *status = NULL;
		int rc = api_rbac_impersonate(rb, &u, c->as_user, c->as_groups ? (const char *const *)groups : NULL,
					      c->as_uid, extra, &status);
		if (c->want_code == 0) {
			if (rc != 0) {
				_cleanup_free_ char *s = kc_json_print(status);
				fail_msg("case \"%s\": refused: %s", c->name, s);
			}
			_cleanup_free_ char *gs = groups_string(&u);
			_cleanup_free_ char *got = xasprintf("%s|%s#%s", u.name, gs, u.uid ? u.uid : "");
			if (!streq(got, c->want))
				fail_msg("case \"%s\":\n  got  %s\n  want %s", c->name, got, c->want);
		} else {
			if (rc == 0)
				fail_msg("case \"%s\": impersonated, want %d", c->name, c->want_code);
			if (kc_json_get_int(status, "code", 0) != c->want_code)
				fail_msg("case \"%s\": code %lld", c->name, (long long)kc_json_get_int(status, "code", 0));
			if (!streq(kc_json_get_str(status, "message", ""), c->want))
				fail_msg("case \"%s\":\n  got  %s\n  want %s", c->name,
					 kc_json_get_str(status, "message", ""), c->want);
			/* the caller is untouched */
			_cleanup_free_ char *orig = xstrndup(c->user, strcspn(c->user, "|"));
			if (!streq(u.name, orig))
				fail_msg("case \"%s\": user changed on failure", c->name);
			cJSON_Delete(status);
		}
		api_user_clear(&u);
	}
	api_rbac_free(rb);

	/* AlwaysAllow impersonates anyone */
	api_user u;
	make_user(&u, "x");
	cJSON *status = NULL;
	assert_int_equal(api_rbac_impersonate(NULL, &u, "y", NULL, NULL, NULL, &status), 0);
	assert_string_equal(u.name, "y");
	api_user_clear(&u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reviews),
		cmocka_unit_test(test_review_details),
		cmocka_unit_test(test_impersonate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
