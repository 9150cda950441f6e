/* create_rbac.c - kc create role, clusterrole, rolebinding,
 * clusterrolebinding (see create.h). Resource names are resolved with kc's
 * resource table where kubectl asks the server's discovery. */
#include <errno.h>

#include "ctl/create.h"
#include "common/json.h"
#include "common/map.h"
#include "banned.h"

#define RBAC_API "rbac.authorization.k8s.io/v1"
#define RBAC_GROUP "rbac.authorization.k8s.io"

static const char *const resource_verbs[] = {"*",      "get",   "delete", "list", "create",
					     "update", "patch", "watch",  "proxy", "deletecollection",
					     "use",    "bind",  "escalate", "impersonate"};
static const char *const nonresource_verbs[] = {"*", "get", "post", "put", "delete", "patch", "head", "options"};

/* Verbs allowed only on some resources (kubectl's specialVerbs). */
static const struct {
	const char *verb, *group, *resource;
} special[] = {
	{"use", "policy", "podsecuritypolicies"},   {"use", "extensions", "podsecuritypolicies"},
	{"bind", RBAC_GROUP, "roles"},              {"bind", RBAC_GROUP, "clusterroles"},
	{"escalate", RBAC_GROUP, "roles"},          {"escalate", RBAC_GROUP, "clusterroles"},
	{"impersonate", "", "users"},               {"impersonate", "", "serviceaccounts"},
	{"impersonate", "", "groups"},              {"impersonate", "authentication.k8s.io", "userextras"},
};

static bool in_list(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (streq(v[i], s))
			return true;
	return false;
}

typedef struct strv {
	char **v;
	size_t n;
} strv;

static void strv_add_unique(strv *s, const char *x)
{
	for (size_t i = 0; i < s->n; i++)
		if (streq(s->v[i], x))
			return;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = xstrdup(x);
}

static void strv_free(strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static cJSON *json_strings(const strv *s)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < s->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(s->v[i]));
	return a;
}

/* One --resource value: resource[.group][/subresource]. */
typedef struct rule_resource {
	char *resource, *group, *sub;
} rule_resource;

typedef struct role_opts {
	kc_flags_list verb_flag, resource_flag, name_flag, url_flag;
	kc_map *aggregation;
	strv verbs, names, urls;
	rule_resource *res;
	size_t nres;
} role_opts;

static void role_opts_clear(role_opts *o)
{
	strv_free(&o->verbs);
	strv_free(&o->names);
	strv_free(&o->urls);
	for (size_t i = 0; i < o->nres; i++) {
		free(o->res[i].resource);
		free(o->res[i].group);
		free(o->res[i].sub);
	}
	free(o->res);
}

/* CreateRoleOptions.Complete: verbs and names deduplicated ("*" alone
 * wins), resources split. */
static void complete_role(role_opts *o)
{
	for (size_t i = 0; i < o->verb_flag.n; i++) {
		if (streq(o->verb_flag.items[i], "*")) {
			strv_free(&o->verbs);
			strv_add_unique(&o->verbs, "*");
			break;
		}
		strv_add_unique(&o->verbs, o->verb_flag.items[i]);
	}
	for (size_t i = 0; i < o->resource_flag.n; i++) {
		const char *r = o->resource_flag.items[i];
		const char *slash = strchr(r, '/');
		_cleanup_free_ char *head = slash ? xstrndup(r, (size_t)(slash - r)) : xstrdup(r);
		char *dot = strchr(head, '.');
		rule_resource x = {NULL, xstrdup(dot ? dot + 1 : ""), xstrdup(slash ? slash + 1 : "")};
		if (dot)
			*dot = '\0';
		x.resource = xstrdup(head);
		bool star = streq(x.resource, "*") && !dot && !slash;
		if (star) { /* "*" alone replaces everything */
			for (size_t k = 0; k < o->nres; k++) {
				free(o->res[k].resource);
				free(o->res[k].group);
				free(o->res[k].sub);
			}
			o->nres = 0;
		}
		o->res = xrealloc(o->res, (o->nres + 1) * sizeof(*o->res));
		o->res[o->nres++] = x;
		if (star)
			break;
	}
	for (size_t i = 0; i < o->name_flag.n; i++)
		strv_add_unique(&o->names, o->name_flag.items[i]);
	for (size_t i = 0; i < o->url_flag.n; i++)
		strv_add_unique(&o->urls, o->url_flag.items[i]);
}

/* The mapper's ResourceFor: the served resource the name means (group and
 * plural), or NULL. */
static const kc_resource *resolve(const rule_resource *r)
{
	if (!r->group[0])
		return kc_resource_lookup(r->resource);
	_cleanup_free_ char *full = xasprintf("%s.%s", r->resource, r->group);
	return kc_resource_lookup(full);
}

/* validateResource. Returns 0, or 1 after printing the error. */
static int validate_resources(kc_create_cmd *c, const role_opts *o)
{
	for (size_t i = 0; i < o->nres; i++) {
		const rule_resource *r = &o->res[i];
		if (!r->resource[0])
			return kc_create_fail(c, false, "resource must be specified if apiGroup/subresource specified");
		if (streq(r->resource, "*"))
			return 0;
		const kc_resource *found = resolve(r);
		const char *group = found ? found->group : r->group;
		const char *plural = found ? found->plural : r->resource;
		bool ok = found != NULL;
		for (size_t v = 0; v < o->verbs.n; v++) {
			bool is_special = false, match = false;
			for (size_t s = 0; s < KC_ARRAY_SIZE(special); s++) {
				if (!streq(special[s].verb, o->verbs.v[v]))
					continue;
				is_special = true;
				if (streq(special[s].group, group) && streq(special[s].resource, plural))
					match = true;
			}
			if (is_special && !match)
				return kc_create_fail(c, false, "can not perform '%s' on '%s' in group '%s'", o->verbs.v[v],
						      plural, group);
			if (match)
				ok = true;
		}
		if (!ok) {
			fprintf(c->ctx->err, "the server doesn't have a resource type \"%s\"\n", r->resource);
			return 1;
		}
	}
	return 0;
}

static void warn_verbs(kc_create_cmd *c, const role_opts *o)
{
	for (size_t i = 0; i < o->verbs.n; i++)
		if (!in_list(resource_verbs, KC_ARRAY_SIZE(resource_verbs), o->verbs.v[i]))
			fprintf(c->ctx->err, "Warning: '%s' is not a standard resource verb\n", o->verbs.v[i]);
}

static cJSON *rule(const role_opts *o)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "verbs", json_strings(&o->verbs));
	return r;
}

/* generateResourcePolicyRules: one rule per API group, groups in order. */
static cJSON *policy_rules(const role_opts *o)
{
	/* group -> its resources, in first-seen order */
	strv groups = {0};
	strv *per = NULL;
	for (size_t i = 0; i < o->nres; i++) {
		const rule_resource *r = &o->res[i];
		const kc_resource *found = resolve(r);
		const char *group = found ? found->group : r->group;
		_cleanup_free_ char *name = r->sub[0] ? xasprintf("%s/%s", found ? found->plural : r->resource, r->sub)
						      : xstrdup(found ? found->plural : r->resource);
		size_t g = 0;
		while (g < groups.n && !streq(groups.v[g], group))
			g++;
		if (g == groups.n) {
			strv_add_unique(&groups, group);
			per = xrealloc(per, groups.n * sizeof(*per));
			per[g] = (strv){0};
		}
		strv_add_unique(&per[g], name);
	}
	cJSON *rules = cJSON_CreateArray();
	bool *done = xcalloc(groups.n ? groups.n : 1, sizeof(*done));
	for (size_t k = 0; k < groups.n; k++) {
		size_t best = SIZE_MAX;
		for (size_t g = 0; g < groups.n; g++)
			if (!done[g] && (best == SIZE_MAX || strcmp(groups.v[g], groups.v[best]) < 0))
				best = g;
		done[best] = true;
		cJSON *r = rule(o);
		cJSON *ag = cJSON_AddArrayToObject(r, "apiGroups");
		cJSON_AddItemToArray(ag, cJSON_CreateString(groups.v[best]));
		cJSON_AddItemToObject(r, "resources", json_strings(&per[best]));
		if (o->names.n)
			cJSON_AddItemToObject(r, "resourceNames", json_strings(&o->names));
		cJSON_AddItemToArray(rules, r);
	}
	if (o->urls.n) {
		cJSON *r = rule(o);
		cJSON_AddItemToObject(r, "nonResourceURLs", json_strings(&o->urls));
		cJSON_AddItemToArray(rules, r);
	}
	for (size_t g = 0; g < groups.n; g++)
		strv_free(&per[g]);
	free(per);
	free(done);
	strv_free(&groups);
	return rules;
}

#define ROLE_FLAGS(o)                                                                                        \
	KC_FLAG_STRING_SLICE("verb", 0, &(o)->verb_flag, "", "Verb that applies to the resources contained in the rule"), \
	KC_FLAG_STRING_SLICE("resource", 0, &(o)->resource_flag, "", "Resource that the rule applies to"),            \
	KC_FLAG_STRING_ARRAY("resource-name", 0, &(o)->name_flag, "",                                               \
			     "Resource in the white list that the rule applies to, repeat this flag for multiple items")

int kc_create_role(kc_ctx *ctx, int argc, char **argv)
{
	role_opts o = {0};
	kc_flag own[] = {ROLE_FLAGS(&o), KC_FLAG_END};
	static const kc_create_help help = {
		"kc create role NAME --verb=verb --resource=resource.group/subresource [--resource-name=resourcename] "
		"[--dry-run=server|client|none] [options]",
		"Create a role with single rule.",
		"  # Create a role named \"pod-reader\" that allows user to perform \"get\", \"watch\" and \"list\" on "
		"pods\n"
		"  kc create role pod-reader --verb=get --verb=list --verb=watch --resource=pods\n"
		"  \n"
		"  # Create a role named \"pod-reader\" with ResourceName specified\n"
		"  kc create role pod-reader --verb=get --resource=pods --resource-name=readablepod "
		"--resource-name=anotherpod\n"
		"  \n"
		"  # Create a role named \"foo\" with API Group specified\n"
		"  kc create role foo --verb=get,list,watch --resource=rs.apps\n"
		"  \n"
		"  # Create a role named \"foo\" with SubResource specified\n"
		"  kc create role foo --verb=get,list,watch --resource=pods,pods/status",
	};
	kc_create_cmd c;
	int rc = kc_create_parse(&c, ctx, "create role", own, NULL, &help, argc, argv);
	if (rc != 0)
		goto out;
	complete_role(&o);
	if (o.verbs.n == 0) {
		rc = kc_create_fail(&c, false, "at least one verb must be specified");
		goto out;
	}
	warn_verbs(&c, &o);
	if (o.nres == 0) {
		rc = kc_create_fail(&c, false, "at least one resource must be specified");
		goto out;
	}
	if ((rc = validate_resources(&c, &o)) != 0)
		goto out;
	cJSON *obj = kc_create_object("Role", RBAC_API, c.name, kc_create_enforced_ns(&c));
	cJSON_AddItemToObject(obj, "rules", policy_rules(&o));
	rc = kc_create_submit(&c, kc_resource_lookup("roles." RBAC_GROUP), obj, NULL);
out:
	role_opts_clear(&o);
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

int kc_create_clusterrole(kc_ctx *ctx, int argc, char **argv)
{
	role_opts o = {0};
	kc_flag own[] = {
		ROLE_FLAGS(&o),
		KC_FLAG_STRING_SLICE("non-resource-url", 0, &o.url_flag, "",
				     "A partial url that user should have access to."),
		KC_FLAG_STRING_MAP("aggregation-rule", 0, &o.aggregation, "",
				   "An aggregation label selector for combining ClusterRoles."),
		KC_FLAG_END,
	};
	static const kc_create_help help = {
		"kc create clusterrole NAME --verb=verb --resource=resource.group [--resource-name=resourcename] "
		"[--dry-run=server|client|none] [options]",
		"Create a cluster role.",
		"  # Create a cluster role named \"pod-reader\" that allows user to perform \"get\", \"watch\" and "
		"\"list\" on pods\n"
		"  kc create clusterrole pod-reader --verb=get,list,watch --resource=pods\n"
		"  \n"
		"  # Create a cluster role named \"foo\" with API Group specified\n"
		"  kc create clusterrole foo --verb=get,list,watch --resource=rs.apps\n"
		"  \n"
		"  # Create a cluster role name \"foo\" with NonResourceURL specified\n"
		"  kc create clusterrole \"foo\" --verb=get --non-resource-url=/logs/*\n"
		"  \n"
		"  # Create a cluster role name \"monitoring\" with AggregationRule specified\n"
		"  kc create clusterrole monitoring --aggregation-rule=\"rbac.example.com/aggregate-to-monitoring=true\"",
	};
	kc_create_cmd c;
	int rc = kc_create_parse(&c, ctx, "create clusterrole", own, NULL, &help, argc, argv);
	if (rc != 0)
		goto out;
	complete_role(&o);
	bool aggregate = o.aggregation && kc_map_size(o.aggregation) > 0;
	if (aggregate) {
		if (o.urls.n || o.verbs.n || o.nres || o.names.n) {
			rc = kc_create_fail(&c, false, "aggregation rule must be specified without nonResourceURLs, verbs, "
							"resources or resourceNames");
			goto out;
		}
	} else {
		if (o.verbs.n == 0) {
			rc = kc_create_fail(&c, false, "at least one verb must be specified");
			goto out;
		}
		if (o.nres == 0 && o.urls.n == 0) {
			rc = kc_create_fail(&c, false, "one of resource or nonResourceURL must be specified");
			goto out;
		}
		if (o.nres) {
			warn_verbs(&c, &o);
			if ((rc = validate_resources(&c, &o)) != 0)
				goto out;
		}
		if (o.urls.n) {
			for (size_t i = 0; i < o.verbs.n; i++)
				if (!in_list(nonresource_verbs, KC_ARRAY_SIZE(nonresource_verbs), o.verbs.v[i])) {
					rc = kc_create_fail(&c, false, "invalid verb: '%s' for nonResourceURL", o.verbs.v[i]);
					goto out;
				}
			for (size_t i = 0; i < o.urls.n; i++) {
				const char *u = o.urls.v[i];
				size_t len = strlen(u);
				if (streq(u, "*"))
					continue;
				if (!len || u[0] != '/') {
					rc = kc_create_fail(&c, false, "nonResourceURL should start with /");
					goto out;
				}
				if (memchr(u, '*', len - 1)) {
					rc = kc_create_fail(&c, false,
							    "nonResourceURL only supports wildcard matches when '*' is at the end");
					goto out;
				}
			}
		}
	}
	cJSON *obj = kc_create_object("ClusterRole", RBAC_API, c.name, NULL);
	if (!aggregate) {
		cJSON_AddItemToObject(obj, "rules", policy_rules(&o));
	} else {
		cJSON_AddNullToObject(obj, "rules"); /* not omitempty: a nil list prints as null */
		size_t n = 0;
		const char **keys = kc_map_sorted_keys(o.aggregation, &n);
		cJSON *labels = cJSON_CreateObject();
		for (size_t i = 0; i < n; i++)
			cJSON_AddStringToObject(labels, keys[i], kc_map_get(o.aggregation, keys[i]));
		free(keys);
		cJSON *sel = cJSON_CreateObject();
		cJSON_AddItemToObject(sel, "matchLabels", labels);
		cJSON *ar = cJSON_AddObjectToObject(obj, "aggregationRule");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(ar, "clusterRoleSelectors"), sel);
	}
	rc = kc_create_submit(&c, kc_resource_lookup("clusterroles." RBAC_GROUP), obj, NULL);
out:
	role_opts_clear(&o);
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

typedef struct binding_opts {
	const char *role, *cluster_role;
	kc_flags_list users, groups, sas;
} binding_opts;

/* The subjects of a binding: users, groups, then service accounts. */
static int subjects(const binding_opts *b, cJSON **ret, kc_error *err)
{
	_cleanup_json_ cJSON *s = cJSON_CreateArray();
	const kc_flags_list *lists[2] = {&b->users, &b->groups};
	const char *kinds[2] = {"User", "Group"};
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < lists[l]->n; i++) {
			cJSON *x = cJSON_CreateObject();
			cJSON_AddStringToObject(x, "kind", kinds[l]);
			cJSON_AddStringToObject(x, "apiGroup", RBAC_GROUP);
			cJSON_AddStringToObject(x, "name", lists[l]->items[i]);
			cJSON_AddItemToArray(s, x);
		}
	for (size_t i = 0; i < b->sas.n; i++) {
		const char *sa = b->sas.items[i], *colon = strchr(sa, ':');
		if (!colon || colon == sa || !colon[1] || strchr(colon + 1, ':'))
			return kc_error_set(err, -EINVAL, "serviceaccount must be <namespace>:<name>");
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "kind", "ServiceAccount");
		cJSON_AddStringToObject(x, "name", colon + 1);
		_cleanup_free_ char *ns = xstrndup(sa, (size_t)(colon - sa));
		cJSON_AddStringToObject(x, "namespace", ns);
		cJSON_AddItemToArray(s, x);
	}
	*ret = TAKE_PTR(s);
	return 0;
}

static cJSON *role_ref(const char *kind, const char *name)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "apiGroup", RBAC_GROUP);
	cJSON_AddStringToObject(r, "kind", kind);
	cJSON_AddStringToObject(r, "name", name);
	return r;
}

static int create_binding(kc_ctx *ctx, int argc, char **argv, bool cluster)
{
	binding_opts b = {0};
	kc_flag own[] = {
		KC_FLAG_STRING("clusterrole", 0, &b.cluster_role, "",
			       cluster ? "ClusterRole this ClusterRoleBinding should reference"
				       : "ClusterRole this RoleBinding should reference"),
		KC_FLAG_STRING_ARRAY("group", 0, &b.groups, "",
				     cluster ? "Groups to bind to the clusterrole. The flag can be repeated to add multiple "
					       "groups."
					     : "Groups to bind to the role. The flag can be repeated to add multiple groups."),
		KC_FLAG_STRING_ARRAY("serviceaccount", 0, &b.sas, "",
				     cluster ? "Service accounts to bind to the clusterrole, in the format "
					       "<namespace>:<name>. The flag can be repeated to add multiple service accounts."
					     : "Service accounts to bind to the role, in the format <namespace>:<name>. The flag "
					       "can be repeated to add multiple service accounts."),
		KC_FLAG_STRING_ARRAY("user", 0, &b.users, "",
				     cluster ? "Usernames to bind to the clusterrole. The flag can be repeated to add "
					       "multiple users."
					     : "Usernames to bind to the role. The flag can be repeated to add multiple users."),
		cluster ? (kc_flag)KC_FLAG_END : (kc_flag)KC_FLAG_STRING("role", 0, &b.role, "", "Role this RoleBinding should reference"),
		KC_FLAG_END,
	};
	static const char *const required[] = {"clusterrole", NULL};
	static const kc_create_help rb_help = {
		"kc create rolebinding NAME --clusterrole=NAME|--role=NAME [--user=username] [--group=groupname] "
		"[--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
		"Create a role binding for a particular role or cluster role.",
		"  # Create a role binding for user1, user2, and group1 using the admin cluster role\n"
		"  kc create rolebinding admin --clusterrole=admin --user=user1 --user=user2 --group=group1\n"
		"  \n"
		"  # Create a role binding for service account monitoring:sa-dev using the admin role\n"
		"  kc create rolebinding admin-binding --role=admin --serviceaccount=monitoring:sa-dev",
	};
	static const kc_create_help crb_help = {
		"kc create clusterrolebinding NAME --clusterrole=NAME [--user=username] [--group=groupname] "
		"[--serviceaccount=namespace:serviceaccountname] [--dry-run=server|client|none] [options]",
		"Create a cluster role binding for a particular cluster role.",
		"  # Create a cluster role binding for user1, user2, and group1 using the cluster-admin cluster role\n"
		"  kc create clusterrolebinding cluster-admin --clusterrole=cluster-admin --user=user1 --user=user2 "
		"--group=group1",
	};
	kc_create_cmd c;
	int rc = kc_create_parse(&c, ctx, cluster ? "create clusterrolebinding" : "create rolebinding", own,
				 cluster ? required : NULL, cluster ? &crb_help : &rb_help, argc, argv);
	if (rc != 0)
		goto out;
	const char *role = b.role ? b.role : "";
	if (!cluster && (!b.cluster_role[0]) == (!role[0])) {
		rc = kc_create_fail(&c, false, "exactly one of clusterrole or role must be specified");
		goto out;
	}
	kc_error err = KC_ERROR_INIT;
	cJSON *subj = NULL;
	if (subjects(&b, &subj, &err) < 0) {
		rc = kc_create_fail(&c, false, "%s", err.msg);
		goto out;
	}
	cJSON *obj = kc_create_object(cluster ? "ClusterRoleBinding" : "RoleBinding", RBAC_API, c.name,
				      cluster ? NULL : kc_create_enforced_ns(&c));
	if (subj->child)
		cJSON_AddItemToObject(obj, "subjects", subj);
	else
		cJSON_Delete(subj);
	cJSON_AddItemToObject(obj, "roleRef", role[0] ? role_ref("Role", role) : role_ref("ClusterRole", b.cluster_role));
	rc = kc_create_submit(&c, kc_resource_lookup(cluster ? "clusterrolebindings." RBAC_GROUP : "rolebindings." RBAC_GROUP),
			      obj, cluster ? "failed to create clusterrolebinding: " : "failed to create rolebinding: ");
out:
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

int kc_create_rolebinding(kc_ctx *ctx, int argc, char **argv) { return create_binding(ctx, argc, argv, false); }

int kc_create_clusterrolebinding(kc_ctx *ctx, int argc, char **argv) { return create_binding(ctx, argc, argv, true); }
