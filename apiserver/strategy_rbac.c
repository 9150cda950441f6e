/* strategy_rbac.c - RBAC (rbac.authorization.k8s.io/v1: Roles,
 * ClusterRoles, RoleBindings, ClusterRoleBindings) and the access reviews
 * (authorization.k8s.io/v1): upstream's rbac/v1 defaults and the rbac and
 * authorization validation. */
#include <string.h>

#include "apiserver/strategies.h"
#include "apiserver/strategy_util.h"
#include "common/selector.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

#define RBAC_GROUP "rbac.authorization.k8s.io"

/* ---- roles ---- */

static void validate_rules(const cJSON *obj, bool namespaced, api_field_errors *errs)
{
	SU_EACH(i, rule, su_arr(obj, "rules")) {
		SU_PATH(p, "rules[%zu]", i);
		if (su_len(su_arr(rule, "verbs")) == 0) {
			SU_PATH(vp, "%s.verbs", p);
			api_fe_required(errs, vp, "verbs must contain at least one value");
		}
		const cJSON *urls = su_arr(rule, "nonResourceURLs");
		if (su_len(urls) > 0) {
			SU_PATH(up, "%s.nonResourceURLs", p);
			if (namespaced)
				api_fe_invalid(errs, up, urls, "namespaced rules cannot apply to non-resource URLs");
			if (su_len(su_arr(rule, "apiGroups")) || su_len(su_arr(rule, "resources")) ||
			    su_len(su_arr(rule, "resourceNames")))
				api_fe_invalid(errs, up, urls, "rules cannot apply to both regular resources and non-resource URLs");
			continue;
		}
		if (su_len(su_arr(rule, "apiGroups")) == 0) {
			SU_PATH(gp, "%s.apiGroups", p);
			api_fe_required(errs, gp, "resource rules must supply at least one api group");
		}
		if (su_len(su_arr(rule, "resources")) == 0) {
			SU_PATH(rp, "%s.resources", p);
			api_fe_required(errs, rp, "resource rules must supply at least one resource");
		}
	}
}

static void roles_validate_create(const cJSON *obj, api_field_errors *errs) { validate_rules(obj, true, errs); }

static void roles_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	validate_rules(obj, true, errs);
}

const api_strategy api_strategy_roles = {
	.group = RBAC_GROUP,
	.plural = "roles",
	.validate_create = roles_validate_create,
	.validate_update = roles_validate_update,
};

static void clusterroles_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_rules(obj, false, errs);
	const cJSON *agg = su_get(obj, "aggregationRule");
	if (!agg)
		return;
	const cJSON *sels = su_arr(agg, "clusterRoleSelectors");
	if (su_len(sels) == 0)
		api_fe_required(errs, "aggregationRule.clusterRoleSelectors",
				"at least one clusterRoleSelector required if aggregationRule is non-nil");
	SU_EACH(i, s, sels) {
		SU_PATH(p, "aggregationRule.clusterRoleSelectors[%zu]", i);
		su_label_selector(errs, p, s);
		kc_selector *sel = NULL;
		if (kc_selector_from_label_selector(s, &sel, NULL) < 0)
			api_fe_invalid(errs, p, s, "invalid label selector.");
		kc_selector_free(sel);
	}
}

static void clusterroles_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	clusterroles_validate_create(obj, errs);
}

const api_strategy api_strategy_clusterroles = {
	.group = RBAC_GROUP,
	.plural = "clusterroles",
	.validate_create = clusterroles_validate_create,
	.validate_update = clusterroles_validate_update,
};

/* ---- bindings ---- */

static void bindings_defaults(cJSON *obj)
{
	cJSON *ref = su_getm(obj, "roleRef");
	if (cJSON_IsObject(ref))
		su_default_str(ref, "apiGroup", RBAC_GROUP);
	cJSON *s;
	cJSON_ArrayForEach(s, su_getm(obj, "subjects")) {
		if (!cJSON_IsObject(s) || su_strz(s, "apiGroup")[0])
			continue;
		const char *kind = su_strz(s, "kind");
		if (streq(kind, "ServiceAccount"))
			su_put_str(s, "apiGroup", "");
		else if (streq(kind, "User") || streq(kind, "Group"))
			su_put_str(s, "apiGroup", RBAC_GROUP);
	}
}

static void validate_subject(const cJSON *s, bool namespaced, const char *path, api_field_errors *errs)
{
	SU_PATH(np, "%s.name", path);
	SU_PATH(gp, "%s.apiGroup", path);
	const char *name = su_strz(s, "name"), *kind = su_strz(s, "kind"), *group = su_strz(s, "apiGroup");
	if (!name[0])
		api_fe_required(errs, np, NULL);
	if (streq(kind, "ServiceAccount")) {
		if (name[0])
			su_check_name(errs, np, name, kc_validate_name_dns_subdomain);
		if (group[0]) {
			static const char *const empty[] = {"", NULL};
			api_fe_not_supported_str(errs, gp, group, empty);
		}
		if (!namespaced && !su_strz(s, "namespace")[0]) {
			SU_PATH(nsp, "%s.namespace", path);
			api_fe_required(errs, nsp, NULL);
		}
	} else if (streq(kind, "User") || streq(kind, "Group")) {
		static const char *const rbac[] = {RBAC_GROUP, NULL};
		if (!streq(group, RBAC_GROUP))
			api_fe_not_supported_str(errs, gp, group, rbac);
	} else {
		static const char *const kinds[] = {"ServiceAccount", "User", "Group", NULL};
		SU_PATH(kp, "%s.kind", path);
		api_fe_not_supported_str(errs, kp, kind, kinds);
	}
}

static void validate_binding(const cJSON *obj, bool namespaced, api_field_errors *errs)
{
	const cJSON *ref = su_get(obj, "roleRef");
	const char *group = su_strz(ref, "apiGroup"), *kind = su_strz(ref, "kind"), *name = su_strz(ref, "name");
	static const char *const rbac[] = {RBAC_GROUP, NULL};
	if (!streq(group, RBAC_GROUP))
		api_fe_not_supported_str(errs, "roleRef.apiGroup", group, rbac);
	if (namespaced) {
		static const char *const kinds[] = {"Role", "ClusterRole", NULL};
		if (!su_in(kind, kinds))
			api_fe_not_supported_str(errs, "roleRef.kind", kind, kinds);
	} else {
		static const char *const kinds[] = {"ClusterRole", NULL};
		if (!streq(kind, "ClusterRole"))
			api_fe_not_supported_str(errs, "roleRef.kind", kind, kinds);
	}
	if (!name[0])
		api_fe_required(errs, "roleRef.name", NULL);
	else
		su_check_name(errs, "roleRef.name", name, kc_validate_name_path_segment);
	SU_EACH(i, s, su_arr(obj, "subjects")) {
		SU_PATH(p, "subjects[%zu]", i);
		validate_subject(s, namespaced, p, errs);
	}
}

static void rolebindings_validate_create(const cJSON *obj, api_field_errors *errs) { validate_binding(obj, true, errs); }
static void clusterrolebindings_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_binding(obj, false, errs);
}

/* roleRef may not change: delete and recreate the binding instead */
static void roleref_unchanged(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	if (!su_equal_member(obj, old, "roleRef")) {
		static const char *const ref[] = {"sAPIGroup:apiGroup", "sKind:kind", "sName:name", NULL};
		_cleanup_free_ char *v = su_go_struct(su_get(obj, "roleRef"), ref);
		api_fe_add_rendered(errs, API_FE_INVALID, "roleRef", v, "cannot change roleRef");
	}
}

static void rolebindings_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	validate_binding(obj, true, errs);
	roleref_unchanged(obj, old, errs);
}

static void clusterrolebindings_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	validate_binding(obj, false, errs);
	roleref_unchanged(obj, old, errs);
}

const api_strategy api_strategy_rolebindings = {
	.group = RBAC_GROUP,
	.plural = "rolebindings",
	.defaults = bindings_defaults,
	.validate_create = rolebindings_validate_create,
	.validate_update = rolebindings_validate_update,
};

const api_strategy api_strategy_clusterrolebindings = {
	.group = RBAC_GROUP,
	.plural = "clusterrolebindings",
	.defaults = bindings_defaults,
	.validate_create = clusterrolebindings_validate_create,
	.validate_update = clusterrolebindings_validate_update,
};

/* ---- access reviews ----
 * These are not stored: the review endpoint runs validate_create on the
 * request and answers with the decision in status. Upstream reports them
 * as `<Kind>.authorization.k8s.io "" is invalid`. */

static void validate_review_spec(const cJSON *spec, api_field_errors *errs)
{
	const cJSON *ra = su_get(spec, "resourceAttributes"), *nra = su_get(spec, "nonResourceAttributes");
	static const char *const nra_fields[] = {"sPath:path", "sVerb:verb", NULL};
	if (ra && nra) {
		_cleanup_free_ char *v = su_go_struct(nra, nra_fields);
		api_fe_add_rendered(errs, API_FE_INVALID, "spec.nonResourceAttributes", v,
				    "cannot be specified in combination with resourceAttributes");
	}
	if (!ra && !nra)
		api_fe_add_rendered(errs, API_FE_INVALID, "spec.resourceAttributes", "null",
				    "exactly one of nonResourceAttributes or resourceAttributes must be specified");
}

/* SelfSubjectAccessReview and SelfSubjectRulesReview metadata must be
 * empty (a client's "creationTimestamp": null counts as empty). */
static void metadata_empty(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *meta = su_get(obj, "metadata");
	if (!su_equal(meta, NULL))
		api_fe_invalid(errs, "metadata", meta, "must be empty");
}

static void ssar_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_review_spec(su_get(obj, "spec"), errs);
	metadata_empty(obj, errs);
}

static void sar_validate_create(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec");
	validate_review_spec(spec, errs);
	if (!su_strz(spec, "user")[0] && su_len(su_arr(spec, "groups")) == 0)
		api_fe_invalid_str(errs, "spec.user", su_strz(spec, "user"), "at least one of user or group must be specified");
	metadata_empty(obj, errs);
}

const api_strategy api_strategy_selfsubjectaccessreviews = {
	.group = "authorization.k8s.io",
	.plural = "selfsubjectaccessreviews",
	.validate_create = ssar_validate_create,
};

const api_strategy api_strategy_selfsubjectrulesreviews = {
	.group = "authorization.k8s.io",
	.plural = "selfsubjectrulesreviews",
};

const api_strategy api_strategy_subjectaccessreviews = {
	.group = "authorization.k8s.io",
	.plural = "subjectaccessreviews",
	.validate_create = sar_validate_create,
};
