/* rbac_policy.h - RBAC objects parsed into C structs, and upstream's rule
 * resolution over them (k8s.io/kubernetes/pkg/registry/rbac/validation:
 * VisitRulesFor, appliesTo, RuleAllows). Internal to rbac*.c and
 * access_review.c: the rest of the apiserver uses rbac.h.
 *
 * A policy is a snapshot: built once from a set of Roles, ClusterRoles,
 * RoleBindings and ClusterRoleBindings (rbac_policy_add for each, then
 * rbac_policy_finish), then only read. It owns everything in it.
 *
 * ClusterRole aggregation is resolved when the snapshot is finished: a
 * ClusterRole with an aggregationRule gets the rules of every other
 * ClusterRole its selectors match (transitively, deduplicated, in upstream's
 * order), which is what upstream's clusterrole-aggregation controller writes
 * into it; its own stored rules are replaced, as that controller does. */
#ifndef KC_APISERVER_RBAC_POLICY_H
#define KC_APISERVER_RBAC_POLICY_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "apiserver/rbac.h"

/* A PolicyRule. Every list is NULL-terminated and never NULL ({NULL} when
 * the rule has none). */
typedef struct rbac_rule {
	char **verbs;
	char **groups;    /* apiGroups */
	char **resources; /* "pods", "pods/log", "*", "* /scale" (without the space) */
	char **names;     /* resourceNames */
	char **urls;      /* nonResourceURLs */
} rbac_rule;

typedef struct rbac_role {
	char *name;
	char *ns; /* "" for ClusterRoles */
	rbac_rule *rules;
	size_t nrules;
	cJSON *labels; /* ClusterRoles: metadata.labels (aggregation selects on them), or NULL */
	struct kc_selector **selectors; /* aggregationRule.clusterRoleSelectors */
	size_t nselectors;
	bool aggregated; /* has an aggregationRule */
	int agg_state;   /* while finishing: 0 not resolved, 1 resolving, 2 resolved */
} rbac_role;

typedef enum { RBAC_SUBJECT_USER, RBAC_SUBJECT_GROUP, RBAC_SUBJECT_SA, RBAC_SUBJECT_OTHER } rbac_subject_kind;

typedef struct rbac_subject {
	rbac_subject_kind kind;
	char *kind_name; /* as written: "User", "Group", "ServiceAccount" */
	char *name;      /* as written */
	char *ns;        /* ServiceAccount: its namespace, defaulted to the binding's; else "" */
	char *match;     /* the user or group name it matches; for a ServiceAccount
			  * "system:serviceaccount:<ns>:<name>", NULL when it has no
			  * namespace (then it matches nobody, as upstream) */
} rbac_subject;

typedef struct rbac_binding {
	char *name;
	char *ns; /* "" for ClusterRoleBindings */
	char *role_kind;
	char *role_name;
	rbac_subject *subjects;
	size_t nsubjects;
	const rbac_role *role; /* resolved by rbac_policy_finish; NULL when missing */
	char *role_error;      /* why role is NULL, as upstream's lister says it */
} rbac_binding;

typedef struct rbac_policy rbac_policy;

rbac_policy *rbac_policy_new(void);
void rbac_policy_free(rbac_policy *p);
/* Adds one object; kind is "ClusterRole", "Role", "ClusterRoleBinding" or
 * "RoleBinding" (NULL: the object's own kind). Objects of other kinds, or
 * without a name, are skipped. Only before rbac_policy_finish. */
void rbac_policy_add(rbac_policy *p, const char *kind, const cJSON *obj);
/* Resolves aggregation and role references and orders the bindings by name. */
void rbac_policy_finish(rbac_policy *p);

/* Called for each rule that applies to a user, in upstream's order:
 * ClusterRoleBindings, then the RoleBindings of the namespace. For a
 * binding whose role is missing it is called once with rule NULL and err
 * set. Returns false to stop. */
typedef bool (*rbac_visit_fn)(const rbac_binding *b, const rbac_subject *s, const rbac_rule *rule,
			      const char *err, void *userdata);
/* namespace "" visits ClusterRoleBindings only. */
void rbac_policy_visit(const rbac_policy *p, const api_user *user, const char *namespace, rbac_visit_fn fn,
		       void *userdata);

/* Upstream's RuleAllows. */
bool rbac_rule_allows(const rbac_rule *rule, const api_authz_attrs *a);
/* Whether subject s names user: upstream's appliesToUser (a service
 * account subject's namespace was resolved when its binding was parsed),
 * plus the groups system:serviceaccounts and system:serviceaccounts:<ns>
 * for a user named as a service account. */
bool rbac_subject_applies(const rbac_subject *s, const api_user *user);

/* `ClusterRoleBinding "x" of ClusterRole "y" to User "z"` (or `RoleBinding
 * "x/ns" ...`), upstream's description of where a rule came from. Caller
 * frees. */
char *rbac_describe(const rbac_binding *b, const rbac_subject *s);

/* The namespace of a service account user name
 * ("system:serviceaccount:<ns>:<name>") copied into buf, or NULL when name
 * is not one. */
const char *rbac_sa_namespace(const char *user_name, char *buf, size_t size);

/* Upstream's utilerrors aggregate of messages: "" for none, the message for
 * one distinct message, "[m1, m2]" for more. Caller frees. */
char *rbac_aggregate_errors(const char *const *msgs, size_t n);

#endif
