/* rbac.h - authorization by RBAC (rbac.authorization.k8s.io/v1 Roles,
 * ClusterRoles, RoleBindings and ClusterRoleBindings), evaluated as
 * upstream's RBAC authorizer does, over the apiserver's watch caches of
 * those four resources (so a new binding takes effect as soon as it is
 * stored), ClusterRole aggregation included. Members of system:masters may
 * do everything. Also upstream's impersonation (kubectl --as).
 *
 * Also the bootstrap policy (upstream's default cluster roles and bindings:
 * cluster-admin, admin, edit, view, system:discovery, system:basic-user,
 * system:public-info-viewer, system:kube-scheduler,
 * system:kube-controller-manager, system:node, system:node-proxier
 * (kube-proxy), ... with their bindings), and the access review APIs
 * (authorization.k8s.io/v1 SelfSubjectAccessReview, SubjectAccessReview,
 * SelfSubjectRulesReview) that `kubectl auth can-i` uses. */
#ifndef KC_APISERVER_RBAC_H
#define KC_APISERVER_RBAC_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "apiserver/apiserver.h"
#include "apiserver/request.h"

/* What is being asked, as upstream's authorizer.Attributes. */
typedef struct api_authz_attrs {
	const api_user *user;
	const char *verb;        /* get list watch create update patch delete deletecollection; for
				  * non-resource requests the lowercase HTTP method */
	bool resource_request;
	const char *namespace;   /* "" for cluster scope */
	const char *api_group;   /* "" for core */
	const char *resource;    /* "pods" */
	const char *subresource; /* "log", or "" */
	const char *name;        /* "" if none */
	const char *path;        /* non-resource requests: "/healthz" */
} api_authz_attrs;

typedef struct api_rbac api_rbac;

/* An authorizer over s's watch caches of the RBAC resources. */
api_rbac *api_rbac_new(apiserver *s);
void api_rbac_free(api_rbac *rb);

/* An authorizer over a fixed set of objects: a JSON array of ClusterRole,
 * ClusterRoleBinding, Role and RoleBinding objects (copied; other kinds and
 * malformed entries are skipped). For tests and tools; the served one is
 * api_rbac_new's. */
api_rbac *api_rbac_new_static(const cJSON *objects);

/* Whether attrs is allowed. When it is and ret_reason is not NULL, *ret_reason
 * says which binding allowed it (upstream's wording, e.g. `RBAC: allowed by
 * ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group
 * "system:masters"`; "" for members of system:masters, whom upstream allows
 * before RBAC is asked). When it is not, *ret_reason is what went wrong on
 * the way, as upstream says it (`RBAC: clusterrole.rbac.authorization.k8s.io
 * "x" not found` for a binding to a missing role), or NULL. Caller frees.
 *
 * Cost: the rules are parsed once into C structs and kept until one of the
 * four RBAC caches changes (api_rbac_new subscribes to them); a decision
 * walks the ClusterRoleBindings and the RoleBindings of the request's
 * namespace only, comparing strings. */
bool api_rbac_allowed(const api_rbac *rb, const api_authz_attrs *attrs, char **ret_reason);

/* The rules user has in namespace (upstream's RulesFor, what
 * SelfSubjectRulesReview answers): *ret_resource_rules and
 * *ret_nonresource_rules get new JSON arrays of authorization.k8s.io/v1
 * ResourceRule and NonResourceRule objects (caller deletes both);
 * *ret_error the evaluation error (missing roles) or NULL (caller frees).
 * rb NULL means AlwaysAllow (everything on everything). */
void api_rbac_rules_for(const api_rbac *rb, const api_user *user, const char *namespace,
			cJSON **ret_resource_rules, cJSON **ret_nonresource_rules, char **ret_error);

/* Upstream's impersonation (the Impersonate-User, Impersonate-Group,
 * Impersonate-Uid and Impersonate-Extra-* headers that `kubectl --as` and
 * `--as-group` send): checks that *user may impersonate each of them (verb
 * "impersonate" on users, groups, uids, serviceaccounts, or
 * authentication.k8s.io userextras/<key>) and, when it may, replaces *user
 * by the impersonated one (groups as given, plus system:authenticated, and
 * for service accounts system:serviceaccounts and
 * system:serviceaccounts:<ns>, as upstream adds them).
 *
 * as_user NULL with nothing else: nothing to do, returns 0. groups is
 * NULL-terminated (may be NULL); extra is a JSON object of key -> array of
 * strings, or NULL. rb NULL means AlwaysAllow. Returns 0, or -1 with
 * *ret_status the Status to reply with (403 with upstream's message; 500,
 * as upstream, for groups, extras or a uid without a user); caller deletes.
 * *user is untouched on failure. Impersonated extras are checked but not
 * kept: api_user has no place for them. */
int api_rbac_impersonate(const api_rbac *rb, api_user *user, const char *as_user,
			 const char *const *as_groups, const char *as_uid, const cJSON *extra,
			 cJSON **ret_status);

/* The bootstrap policy: a JSON array of ClusterRole, ClusterRoleBinding,
 * Role and RoleBinding objects (full objects with apiVersion and kind) that
 * the apiserver creates at start when missing. Caller deletes. */
cJSON *api_rbac_bootstrap_policy(void);

/* The impersonation step of the request pipeline, between authentication
 * and authorization: reads r's Impersonate-User, Impersonate-Group (each
 * header one group), Impersonate-Uid and Impersonate-Extra-<key> headers
 * and applies api_rbac_impersonate to r->user with r->srv->rbac. Returns 0
 * (r->user is now whom the request acts as, or unchanged without those
 * headers), or -1 after replying with the Status. */
int api_impersonate_request(api_req *r);

/* POST of selfsubjectaccessreviews, subjectaccessreviews,
 * selfsubjectrulesreviews: fills status and replies 201. */
void api_handle_access_review(api_req *r);

/* The answer to one access review, as api_handle_access_review sends it:
 * body is the decoded review (apiVersion and kind already checked against
 * the URL), res the review's resource row, user who asks. Returns the review
 * with its status (*ret_code 201) or a Status (400 for a body that does not
 * decode into the review's types or a rules review without a namespace, 422
 * Invalid as upstream validates it; *ret_code its code). rb NULL means
 * AlwaysAllow. Caller deletes. */
cJSON *api_access_review(const api_rbac *rb, const kc_resource *res, const api_user *user, const cJSON *body,
			 int *ret_code);

#endif
