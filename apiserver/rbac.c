/* rbac.c - the RBAC authorizer (see rbac.h) over the watch caches.
 *
 * Why a snapshot: a decision must not parse JSON. The four RBAC caches hold
 * objects as served JSON, so the authorizer keeps them parsed into C structs
 * (rbac_policy.h) and rebuilds that snapshot, lazily on the next decision,
 * after any of the caches changed. It learns of changes by subscribing to
 * the caches (an event, or a relist after etcd compacted past the cache),
 * and notices the initial list by the caches' readiness; a cache's revision
 * alone would not do, since etcd's progress notifications move it without
 * any RBAC object changing. RBAC objects change rarely, so rebuilding the
 * whole snapshot (hundreds of small objects) beats keeping an incremental
 * index correct; a burst of changes costs one rebuild. */
#include "apiserver/rbac.h"

#include <string.h>

#include "apiserver/cache.h"
#include "apiserver/rbac_policy.h"
#include "common/json.h"
#include "common/resource.h"
#include "common/util.h"
#include "banned.h"

#define RBAC_GROUP "rbac.authorization.k8s.io"

static const struct {
	const char *plural;
	const char *kind;
} rbac_kinds[] = {
	{"clusterroles", "ClusterRole"},
	{"roles", "Role"},
	{"clusterrolebindings", "ClusterRoleBinding"},
	{"rolebindings", "RoleBinding"},
};
#define NKINDS KC_ARRAY_SIZE(rbac_kinds)

struct api_rbac {
	api_cache *caches[NKINDS]; /* all NULL for a static authorizer */
	api_cache_sub *subs[NKINDS];
	bool ready[NKINDS]; /* each cache's readiness when the snapshot was built */
	bool dirty;         /* a cache changed since the snapshot was built */
	rbac_policy *policy;
};

static void on_cache_event(api_cevent *ev, void *userdata)
{
	(void)ev;
	api_rbac *rb = userdata;
	rb->dirty = true;
}

static void on_cache_reset(void *userdata)
{
	api_rbac *rb = userdata;
	rb->dirty = true;
}

api_rbac *api_rbac_new(apiserver *s)
{
	api_rbac *rb = xcalloc(1, sizeof(*rb));
	rb->dirty = true;
	for (size_t i = 0; i < NKINDS; i++) {
		const kc_resource *r = kc_resource_find(RBAC_GROUP, "v1", rbac_kinds[i].plural);
		rb->caches[i] = r ? api_cache_for(s, r) : NULL;
		if (rb->caches[i])
			rb->subs[i] = api_cache_subscribe(rb->caches[i], on_cache_event, on_cache_reset, rb);
	}
	rb->policy = rbac_policy_new();
	rbac_policy_finish(rb->policy);
	return rb;
}

api_rbac *api_rbac_new_static(const cJSON *objects)
{
	api_rbac *rb = xcalloc(1, sizeof(*rb));
	rb->policy = rbac_policy_new();
	const cJSON *obj;
	if (cJSON_IsArray(objects))
		cJSON_ArrayForEach(obj, objects)
			rbac_policy_add(rb->policy, NULL, obj);
	rbac_policy_finish(rb->policy);
	return rb;
}

void api_rbac_free(api_rbac *rb)
{
	if (!rb)
		return;
	for (size_t i = 0; i < NKINDS; i++)
		api_cache_unsubscribe(rb->subs[i]);
	rbac_policy_free(rb->policy);
	free(rb);
}

/* Brings the snapshot up to date with the caches. */
static void refresh(api_rbac *rb)
{
	bool stale = rb->dirty;
	for (size_t i = 0; i < NKINDS; i++)
		if (rb->caches[i] && api_cache_ready(rb->caches[i]) != rb->ready[i])
			stale = true;
	if (!stale)
		return;
	rbac_policy *p = rbac_policy_new();
	for (size_t i = 0; i < NKINDS; i++) {
		if (!rb->caches[i])
			continue;
		rb->ready[i] = api_cache_ready(rb->caches[i]);
		size_t n = 0;
		_cleanup_free_ api_cobj **objs = api_cache_list(rb->caches[i], NULL, &n);
		for (size_t k = 0; k < n; k++) {
			_cleanup_json_ cJSON *obj = api_cobj_parse(objs[k]);
			rbac_policy_add(p, rbac_kinds[i].kind, obj);
		}
	}
	rbac_policy_finish(p);
	rbac_policy_free(rb->policy);
	rb->policy = p;
	rb->dirty = false;
}

/* The snapshot to decide with. The snapshot is a cache of the caches, so
 * refreshing it does not change what the authorizer answers: rb is
 * logically const. */
static const rbac_policy *current(const api_rbac *rb)
{
	api_rbac *mut = (api_rbac *)rb;
	refresh(mut);
	return mut->policy;
}

typedef struct allow_ctx {
	const api_authz_attrs *a;
	bool want_reason;
	bool allowed;
	const rbac_binding *by;
	const rbac_subject *to;
	const char **errors; /* borrowed from the policy */
	size_t nerrors, cap;
} allow_ctx;

static bool on_rule_allow(const rbac_binding *b, const rbac_subject *s, const rbac_rule *rule,
			  const char *err, void *userdata)
{
	allow_ctx *c = userdata;
	if (rule && rbac_rule_allows(rule, c->a)) {
		c->allowed = true;
		c->by = b;
		c->to = s;
		return false;
	}
	if (err && c->want_reason) {
		if (c->nerrors == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 4;
			c->errors = xrealloc(c->errors, c->cap * sizeof(*c->errors));
		}
		c->errors[c->nerrors++] = err;
	}
	return true;
}

bool api_rbac_allowed(const api_rbac *rb, const api_authz_attrs *attrs, char **ret_reason)
{
	if (ret_reason)
		*ret_reason = NULL;
	/* No authorizer is AlwaysAllow; members of system:masters are allowed
	 * before RBAC is asked, as upstream's privileged-groups authorizer
	 * does (neither gives a reason). */
	if (!rb || (attrs->user && api_user_in_group(attrs->user, "system:masters"))) {
		if (ret_reason)
			*ret_reason = xstrdup("");
		return true;
	}
	if (!attrs->user || !attrs->user->name)
		return false;
	const rbac_policy *p = current(rb);
	allow_ctx c = {.a = attrs, .want_reason = ret_reason != NULL};
	rbac_policy_visit(p, attrs->user, attrs->resource_request ? attrs->namespace : "", on_rule_allow, &c);
	if (ret_reason) {
		if (c.allowed) {
			_cleanup_free_ char *source = rbac_describe(c.by, c.to);
			*ret_reason = xasprintf("RBAC: allowed by %s", source);
		} else if (c.nerrors) {
			_cleanup_free_ char *errs = rbac_aggregate_errors(c.errors, c.nerrors);
			*ret_reason = xasprintf("RBAC: %s", errs);
		}
	}
	free(c.errors);
	return c.allowed;
}

/* ---- rules ---- */

static cJSON *strv_json(char *const *v)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; v[i]; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]));
	return arr;
}

/* Adds key: v unless v is empty (Go's omitempty). */
static void add_strv(cJSON *obj, const char *key, char *const *v)
{
	if (v[0])
		cJSON_AddItemToObject(obj, key, strv_json(v));
}

typedef struct rules_ctx {
	cJSON *resource, *nonresource;
	const char **errors; /* borrowed */
	size_t nerrors, cap;
} rules_ctx;

/* Upstream's RBACAuthorizer.RulesFor: a rule with resources is a resource
 * rule, one with URLs a non-resource rule (a malformed rule with both is
 * both). */
static bool on_rule_collect(const rbac_binding *b, const rbac_subject *s, const rbac_rule *rule,
			    const char *err, void *userdata)
{
	(void)b;
	(void)s;
	rules_ctx *c = userdata;
	if (err) {
		if (c->nerrors == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 4;
			c->errors = xrealloc(c->errors, c->cap * sizeof(*c->errors));
		}
		c->errors[c->nerrors++] = err;
		return true;
	}
	if (rule->resources[0]) {
		cJSON *r = cJSON_CreateObject();
		cJSON_AddItemToObject(r, "verbs", strv_json(rule->verbs));
		add_strv(r, "apiGroups", rule->groups);
		add_strv(r, "resources", rule->resources);
		add_strv(r, "resourceNames", rule->names);
		cJSON_AddItemToArray(c->resource, r);
	}
	if (rule->urls[0]) {
		cJSON *r = cJSON_CreateObject();
		cJSON_AddItemToObject(r, "verbs", strv_json(rule->verbs));
		add_strv(r, "nonResourceURLs", rule->urls);
		cJSON_AddItemToArray(c->nonresource, r);
	}
	return true;
}

static cJSON *everything_rule(const char *key)
{
	cJSON *r = cJSON_CreateObject();
	const char *star[] = {"*"};
	cJSON_AddItemToObject(r, "verbs", cJSON_CreateStringArray(star, 1));
	if (streq(key, "resources"))
		cJSON_AddItemToObject(r, "apiGroups", cJSON_CreateStringArray(star, 1));
	cJSON_AddItemToObject(r, key, cJSON_CreateStringArray(star, 1));
	return r;
}

void api_rbac_rules_for(const api_rbac *rb, const api_user *user, const char *namespace,
			cJSON **ret_resource_rules, cJSON **ret_nonresource_rules, char **ret_error)
{
	rules_ctx c = {.resource = cJSON_CreateArray(), .nonresource = cJSON_CreateArray()};
	*ret_error = NULL;
	if (!rb) {
		/* upstream's AlwaysAllow rule resolver */
		cJSON_AddItemToArray(c.resource, everything_rule("resources"));
		cJSON_AddItemToArray(c.nonresource, everything_rule("nonResourceURLs"));
	} else if (user && user->name) {
		rbac_policy_visit(current(rb), user, namespace ? namespace : "", on_rule_collect, &c);
		if (c.nerrors)
			*ret_error = rbac_aggregate_errors(c.errors, c.nerrors);
	}
	free(c.errors);
	*ret_resource_rules = c.resource;
	*ret_nonresource_rules = c.nonresource;
}
