/* rbac.h - authorization by RBAC (rbac.authorization.k8s.io/v1 Roles,
 * ClusterRoles, RoleBindings and ClusterRoleBindings), evaluated as
 * upstream's RBAC authorizer does, over the apiserver's watch caches of
 * those four resources (so a new binding takes effect as soon as it is
 * stored). Members of system:masters may do everything.
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

/* Whether attrs is allowed. When it is and ret_reason is not NULL, *ret_reason
 * says which binding allowed it (upstream's wording, e.g. `RBAC: allowed by
 * ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group
 * "system:masters"`); caller frees. */
bool api_rbac_allowed(const api_rbac *rb, const api_authz_attrs *attrs, char **ret_reason);

/* The bootstrap policy: a JSON array of ClusterRole, ClusterRoleBinding,
 * Role and RoleBinding objects (full objects with apiVersion and kind) that
 * the apiserver creates at start when missing. Caller deletes. */
cJSON *api_rbac_bootstrap_policy(void);

/* POST of selfsubjectaccessreviews, subjectaccessreviews,
 * selfsubjectrulesreviews: fills status and replies 201. */
void api_handle_access_review(api_req *r);

#endif
