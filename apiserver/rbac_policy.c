/* rbac_policy.c - RBAC objects as C structs and upstream's rule resolution
 * over them (see rbac_policy.h). */
#include "apiserver/rbac_policy.h"

#include <stdlib.h>
#include <string.h>

#include "common/map.h"
#include "common/selector.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

#define SA_PREFIX "system:serviceaccount:"
#define SA_GROUP "system:serviceaccounts"

typedef struct binding_list {
	rbac_binding *v;
	size_t n, cap;
} binding_list;

struct rbac_policy {
	kc_map *cluster_roles; /* name -> rbac_role */
	kc_map *roles;         /* "ns/name" -> rbac_role */
	binding_list cluster;  /* ClusterRoleBindings, by name once finished */
	kc_map *ns_bindings;   /* namespace -> binding_list: RoleBindings, by name */
	bool finished;
};

/* ---- building ---- */

static void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* The strings of a JSON array (others skipped), NULL-terminated; {NULL}
 * for anything that is not an array. */
static char **strv_from_json(const cJSON *arr)
{
	size_t n = cJSON_IsArray(arr) ? (size_t)cJSON_GetArraySize(arr) : 0;
	char **v = xcalloc(n + 1, sizeof(*v));
	size_t i = 0;
	const cJSON *el;
	if (n)
		cJSON_ArrayForEach(el, arr)
			if (cJSON_IsString(el) && i < n)
				v[i++] = xstrdup(el->valuestring);
	return v;
}

static char **strv_dup(char *const *src)
{
	size_t n = 0;
	while (src[n])
		n++;
	char **v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = xstrdup(src[i]);
	return v;
}

static bool strv_equal(char *const *a, char *const *b)
{
	size_t i = 0;
	for (; a[i] && b[i]; i++)
		if (!streq(a[i], b[i]))
			return false;
	return !a[i] && !b[i];
}

static bool strv_has(char *const *v, const char *s)
{
	for (size_t i = 0; v[i]; i++)
		if (streq(v[i], s))
			return true;
	return false;
}

static void rule_clear(rbac_rule *r)
{
	strv_free(r->verbs);
	strv_free(r->groups);
	strv_free(r->resources);
	strv_free(r->names);
	strv_free(r->urls);
}

static void rule_parse(rbac_rule *r, const cJSON *obj)
{
	r->verbs = strv_from_json(cJSON_GetObjectItemCaseSensitive(obj, "verbs"));
	r->groups = strv_from_json(cJSON_GetObjectItemCaseSensitive(obj, "apiGroups"));
	r->resources = strv_from_json(cJSON_GetObjectItemCaseSensitive(obj, "resources"));
	r->names = strv_from_json(cJSON_GetObjectItemCaseSensitive(obj, "resourceNames"));
	r->urls = strv_from_json(cJSON_GetObjectItemCaseSensitive(obj, "nonResourceURLs"));
}

static bool rule_equal(const rbac_rule *a, const rbac_rule *b)
{
	return strv_equal(a->verbs, b->verbs) && strv_equal(a->groups, b->groups) &&
	       strv_equal(a->resources, b->resources) && strv_equal(a->names, b->names) &&
	       strv_equal(a->urls, b->urls);
}

static void rule_copy(rbac_rule *dst, const rbac_rule *src)
{
	dst->verbs = strv_dup(src->verbs);
	dst->groups = strv_dup(src->groups);
	dst->resources = strv_dup(src->resources);
	dst->names = strv_dup(src->names);
	dst->urls = strv_dup(src->urls);
}

static void role_free(void *p)
{
	rbac_role *r = p;
	if (!r)
		return;
	for (size_t i = 0; i < r->nrules; i++)
		rule_clear(&r->rules[i]);
	free(r->rules);
	for (size_t i = 0; i < r->nselectors; i++)
		kc_selector_free(r->selectors[i]);
	free(r->selectors);
	cJSON_Delete(r->labels);
	free(r->name);
	free(r->ns);
	free(r);
}

static const char *meta_str(const cJSON *obj, const char *key)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(meta, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static const char *str_member(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static rbac_role *role_parse(const cJSON *obj, bool cluster)
{
	rbac_role *r = xcalloc(1, sizeof(*r));
	r->name = xstrdup(meta_str(obj, "name"));
	r->ns = xstrdup(cluster ? "" : meta_str(obj, "namespace"));
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(obj, "rules");
	size_t n = cJSON_IsArray(rules) ? (size_t)cJSON_GetArraySize(rules) : 0;
	r->rules = xcalloc(n ? n : 1, sizeof(*r->rules));
	const cJSON *rule;
	if (n)
		cJSON_ArrayForEach(rule, rules)
			if (cJSON_IsObject(rule) && r->nrules < n)
				rule_parse(&r->rules[r->nrules++], rule);
	if (!cluster)
		return r;
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(meta, "labels");
	if (cJSON_IsObject(labels))
		r->labels = cJSON_Duplicate(labels, true);
	const cJSON *agg = cJSON_GetObjectItemCaseSensitive(obj, "aggregationRule");
	if (!cJSON_IsObject(agg))
		return r;
	r->aggregated = true;
	const cJSON *sels = cJSON_GetObjectItemCaseSensitive(agg, "clusterRoleSelectors");
	size_t ns = cJSON_IsArray(sels) ? (size_t)cJSON_GetArraySize(sels) : 0;
	r->selectors = xcalloc(ns ? ns : 1, sizeof(*r->selectors));
	const cJSON *sel;
	if (ns)
		cJSON_ArrayForEach(sel, sels) {
			kc_selector *s = NULL;
			/* a selector that does not parse selects nothing (upstream's
			 * controller gives up on such a role) */
			if (kc_selector_from_label_selector(sel, &s, NULL) < 0)
				s = kc_selector_nothing();
			if (r->nselectors < ns)
				r->selectors[r->nselectors++] = s;
			else
				kc_selector_free(s);
		}
	return r;
}

static void subject_clear(rbac_subject *s)
{
	free(s->kind_name);
	free(s->name);
	free(s->ns);
	free(s->match);
}

static void binding_clear(rbac_binding *b)
{
	for (size_t i = 0; i < b->nsubjects; i++)
		subject_clear(&b->subjects[i]);
	free(b->subjects);
	free(b->name);
	free(b->ns);
	free(b->role_kind);
	free(b->role_name);
	free(b->role_error);
}

static void binding_list_free(void *p)
{
	binding_list *l = p;
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		binding_clear(&l->v[i]);
	free(l->v);
	free(l);
}

static rbac_binding *binding_list_push(binding_list *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	rbac_binding *b = &l->v[l->n++];
	memset(b, 0, sizeof(*b));
	return b;
}

static void binding_parse(rbac_binding *b, const cJSON *obj, bool cluster)
{
	b->name = xstrdup(meta_str(obj, "name"));
	b->ns = xstrdup(cluster ? "" : meta_str(obj, "namespace"));
	const cJSON *ref = cJSON_GetObjectItemCaseSensitive(obj, "roleRef");
	b->role_kind = xstrdup(str_member(ref, "kind"));
	b->role_name = xstrdup(str_member(ref, "name"));
	const cJSON *subjects = cJSON_GetObjectItemCaseSensitive(obj, "subjects");
	size_t n = cJSON_IsArray(subjects) ? (size_t)cJSON_GetArraySize(subjects) : 0;
	b->subjects = xcalloc(n ? n : 1, sizeof(*b->subjects));
	const cJSON *js;
	if (n)
		cJSON_ArrayForEach(js, subjects) {
			if (!cJSON_IsObject(js) || b->nsubjects >= n)
				continue;
			rbac_subject *s = &b->subjects[b->nsubjects++];
			const char *kind = str_member(js, "kind"), *name = str_member(js, "name");
			s->kind_name = xstrdup(kind);
			s->name = xstrdup(name);
			s->ns = xstrdup("");
			if (streq(kind, "User")) {
				s->kind = RBAC_SUBJECT_USER;
				s->match = xstrdup(name);
			} else if (streq(kind, "Group")) {
				s->kind = RBAC_SUBJECT_GROUP;
				s->match = xstrdup(name);
			} else if (streq(kind, "ServiceAccount")) {
				/* a RoleBinding's service accounts default to its
				 * namespace; a ClusterRoleBinding's have none */
				s->kind = RBAC_SUBJECT_SA;
				const char *sa_ns = str_member(js, "namespace");
				free(s->ns);
				s->ns = xstrdup(sa_ns[0] ? sa_ns : b->ns);
				if (s->ns[0])
					s->match = xasprintf(SA_PREFIX "%s:%s", s->ns, name);
			} else {
				s->kind = RBAC_SUBJECT_OTHER;
			}
		}
}

rbac_policy *rbac_policy_new(void)
{
	rbac_policy *p = xcalloc(1, sizeof(*p));
	p->cluster_roles = kc_map_new(role_free);
	p->roles = kc_map_new(role_free);
	p->ns_bindings = kc_map_new(binding_list_free);
	return p;
}

void rbac_policy_free(rbac_policy *p)
{
	if (!p)
		return;
	kc_map_free(p->cluster_roles);
	kc_map_free(p->roles);
	kc_map_free(p->ns_bindings);
	for (size_t i = 0; i < p->cluster.n; i++)
		binding_clear(&p->cluster.v[i]);
	free(p->cluster.v);
	free(p);
}

void rbac_policy_add(rbac_policy *p, const char *kind, const cJSON *obj)
{
	if (p->finished || !cJSON_IsObject(obj))
		return;
	if (!kind)
		kind = str_member(obj, "kind");
	const char *name = meta_str(obj, "name");
	const char *ns = meta_str(obj, "namespace");
	if (!name[0])
		return;
	if (streq(kind, "ClusterRole")) {
		kc_map_put(p->cluster_roles, name, role_parse(obj, true));
	} else if (streq(kind, "Role")) {
		if (!ns[0])
			return;
		_cleanup_free_ char *key = xasprintf("%s/%s", ns, name);
		kc_map_put(p->roles, key, role_parse(obj, false));
	} else if (streq(kind, "ClusterRoleBinding")) {
		binding_parse(binding_list_push(&p->cluster), obj, true);
	} else if (streq(kind, "RoleBinding")) {
		if (!ns[0])
			return;
		binding_list *l = kc_map_get(p->ns_bindings, ns);
		if (!l) {
			l = xcalloc(1, sizeof(*l));
			kc_map_put(p->ns_bindings, ns, l);
		}
		binding_parse(binding_list_push(l), obj, false);
	}
}

/* ---- finishing: aggregation, references, order ---- */

static void role_append_rule(rbac_role *r, size_t *cap, const rbac_rule *rule)
{
	for (size_t i = 0; i < r->nrules; i++)
		if (rule_equal(&r->rules[i], rule))
			return;
	if (r->nrules == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		r->rules = xrealloc(r->rules, *cap * sizeof(*r->rules));
	}
	rule_copy(&r->rules[r->nrules++], rule);
}

/* What upstream's clusterrole-aggregation controller writes into an
 * aggregated role: for each selector in order, the rules of every other
 * ClusterRole it matches (by name), without duplicates. Roles aggregated
 * themselves are resolved first, so aggregation is transitive (admin gets
 * edit's, which has view's); a cycle contributes what is resolved so far. */
static void aggregate(rbac_policy *p, rbac_role *r, const char **names, size_t nnames)
{
	if (!r->aggregated || r->agg_state == 2)
		return;
	r->agg_state = 1;
	rbac_rule *own = r->rules;
	size_t nown = r->nrules;
	r->rules = NULL;
	r->nrules = 0;
	size_t cap = 0;
	for (size_t s = 0; s < r->nselectors; s++) {
		for (size_t i = 0; i < nnames; i++) {
			rbac_role *other = kc_map_get(p->cluster_roles, names[i]);
			if (other == r || !kc_selector_matches(r->selectors[s], other->labels))
				continue;
			if (other->agg_state == 0)
				aggregate(p, other, names, nnames);
			for (size_t k = 0; k < other->nrules; k++)
				role_append_rule(r, &cap, &other->rules[k]);
		}
	}
	for (size_t i = 0; i < nown; i++)
		rule_clear(&own[i]);
	free(own);
	r->agg_state = 2;
}

static int cmp_binding(const void *a, const void *b)
{
	return strcmp(((const rbac_binding *)a)->name, ((const rbac_binding *)b)->name);
}

static void resolve(rbac_policy *p, rbac_binding *b)
{
	_cleanup_free_ char *name = kc_validate_quote(b->role_name);
	if (streq(b->role_kind, "ClusterRole")) {
		b->role = kc_map_get(p->cluster_roles, b->role_name);
		if (!b->role)
			b->role_error = xasprintf("clusterrole.rbac.authorization.k8s.io %s not found", name);
	} else if (streq(b->role_kind, "Role") && b->ns[0]) {
		_cleanup_free_ char *key = xasprintf("%s/%s", b->ns, b->role_name);
		b->role = kc_map_get(p->roles, key);
		if (!b->role)
			b->role_error = xasprintf("role.rbac.authorization.k8s.io %s not found", name);
	} else {
		_cleanup_free_ char *kind = kc_validate_quote(b->role_kind);
		b->role_error = xasprintf("unsupported role reference kind: %s", kind);
	}
}

void rbac_policy_finish(rbac_policy *p)
{
	if (p->finished)
		return;
	size_t n = 0;
	const char **names = kc_map_sorted_keys(p->cluster_roles, &n);
	for (size_t i = 0; i < n; i++)
		aggregate(p, kc_map_get(p->cluster_roles, names[i]), names, n);
	free(names);

	if (p->cluster.n)
		qsort(p->cluster.v, p->cluster.n, sizeof(*p->cluster.v), cmp_binding);
	for (size_t i = 0; i < p->cluster.n; i++)
		resolve(p, &p->cluster.v[i]);
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(p->ns_bindings, &it)) {
		binding_list *l = it.value;
		qsort(l->v, l->n, sizeof(*l->v), cmp_binding);
		for (size_t i = 0; i < l->n; i++)
			resolve(p, &l->v[i]);
	}
	p->finished = true;
}

/* ---- evaluating ---- */

const char *rbac_sa_namespace(const char *user_name, char *buf, size_t size)
{
	if (!user_name || !str_startswith(user_name, SA_PREFIX))
		return NULL;
	const char *ns = user_name + strlen(SA_PREFIX);
	const char *colon = strchr(ns, ':');
	/* exactly "<ns>:<name>", both non-empty, as upstream's SplitUsername */
	if (!colon || colon == ns || !colon[1] || strchr(colon + 1, ':'))
		return NULL;
	size_t n = (size_t)(colon - ns);
	if (n >= size)
		return NULL;
	memcpy(buf, ns, n);
	buf[n] = '\0';
	return buf;
}

static bool user_in_group(const api_user *u, const char *group)
{
	for (size_t i = 0; u->groups && u->groups[i]; i++)
		if (streq(u->groups[i], group))
			return true;
	/* A service account is in these groups whether or not the
	 * authenticator said so (upstream's token authenticator adds them; a
	 * certificate or token-file user named as a service account gets them
	 * here). */
	char ns[256];
	if (!str_startswith(group, SA_GROUP) || !rbac_sa_namespace(u->name, ns, sizeof(ns)))
		return false;
	const char *rest = group + strlen(SA_GROUP);
	return !rest[0] || (rest[0] == ':' && streq(rest + 1, ns));
}

bool rbac_subject_applies(const rbac_subject *s, const api_user *user)
{
	if (!user->name)
		return false;
	switch (s->kind) {
	case RBAC_SUBJECT_USER:
	case RBAC_SUBJECT_SA:
		return s->match && streq(s->match, user->name);
	case RBAC_SUBJECT_GROUP:
		return user_in_group(user, s->match);
	default:
		return false;
	}
}

/* Visits one binding: upstream's appliesTo (the first subject that names
 * the user), then its role's rules. Returns false to stop. */
static bool visit_binding(const rbac_binding *b, const api_user *user, rbac_visit_fn fn, void *userdata)
{
	const rbac_subject *subject = NULL;
	for (size_t i = 0; i < b->nsubjects && !subject; i++)
		if (rbac_subject_applies(&b->subjects[i], user))
			subject = &b->subjects[i];
	if (!subject)
		return true;
	if (!b->role)
		return fn(b, subject, NULL, b->role_error, userdata);
	for (size_t i = 0; i < b->role->nrules; i++)
		if (!fn(b, subject, &b->role->rules[i], NULL, userdata))
			return false;
	return true;
}

void rbac_policy_visit(const rbac_policy *p, const api_user *user, const char *namespace, rbac_visit_fn fn,
		       void *userdata)
{
	for (size_t i = 0; i < p->cluster.n; i++)
		if (!visit_binding(&p->cluster.v[i], user, fn, userdata))
			return;
	if (!namespace || !namespace[0])
		return;
	const binding_list *l = kc_map_get(p->ns_bindings, namespace);
	for (size_t i = 0; l && i < l->n; i++)
		if (!visit_binding(&l->v[i], user, fn, userdata))
			return;
}

static bool verb_matches(const rbac_rule *r, const char *verb)
{
	return strv_has(r->verbs, "*") || strv_has(r->verbs, verb);
}

static bool group_matches(const rbac_rule *r, const char *group)
{
	return strv_has(r->groups, "*") || strv_has(r->groups, group);
}

/* Upstream's ResourceMatches: "*" is every resource and subresource;
 * "<resource>/<sub>" names one subresource; "* /<sub>" (no space) a
 * subresource of every resource. "pods/ *" is not a pattern upstream: it
 * matches only a subresource literally named "*". */
static bool resource_matches(const rbac_rule *r, const char *combined, const char *sub)
{
	size_t sublen = strlen(sub);
	for (size_t i = 0; r->resources[i]; i++) {
		const char *res = r->resources[i];
		if (streq(res, "*") || streq(res, combined))
			return true;
		if (sublen && strlen(res) == sublen + 2 && res[0] == '*' && res[1] == '/' &&
		    streq(res + 2, sub))
			return true;
	}
	return false;
}

static bool name_matches(const rbac_rule *r, const char *name)
{
	return !r->names[0] || strv_has(r->names, name);
}

/* Upstream's NonResourceURLMatches: "*", the path itself, or a prefix
 * ending in '*' (every trailing '*' stripped, as strings.TrimRight). */
static bool url_matches(const rbac_rule *r, const char *path)
{
	for (size_t i = 0; r->urls[i]; i++) {
		const char *u = r->urls[i];
		size_t n = strlen(u);
		if (streq(u, "*") || streq(u, path))
			return true;
		if (n && u[n - 1] == '*') {
			while (n && u[n - 1] == '*')
				n--;
			if (strncmp(path, u, n) == 0)
				return true;
		}
	}
	return false;
}

static const char *nz(const char *s) { return s ? s : ""; }

bool rbac_rule_allows(const rbac_rule *rule, const api_authz_attrs *a)
{
	if (!verb_matches(rule, nz(a->verb)))
		return false;
	if (!a->resource_request)
		return url_matches(rule, nz(a->path));
	const char *resource = nz(a->resource), *sub = nz(a->subresource);
	char buf[256];
	_cleanup_free_ char *big = NULL;
	const char *combined = resource;
	if (sub[0]) {
		if ((size_t)snprintf(buf, sizeof(buf), "%s/%s", resource, sub) < sizeof(buf))
			combined = buf;
		else
			combined = big = xasprintf("%s/%s", resource, sub);
	}
	return group_matches(rule, nz(a->api_group)) && resource_matches(rule, combined, sub) &&
	       name_matches(rule, nz(a->name));
}

static char *describe_subject(const rbac_subject *s, const char *binding_ns)
{
	if (s->kind == RBAC_SUBJECT_SA) {
		/* upstream prints "<name>/<namespace>" */
		_cleanup_free_ char *nn = xasprintf("%s/%s", s->name, s->ns[0] ? s->ns : binding_ns);
		_cleanup_free_ char *q = kc_validate_quote(nn);
		return xasprintf("%s %s", s->kind_name, q);
	}
	_cleanup_free_ char *q = kc_validate_quote(s->name);
	return xasprintf("%s %s", s->kind_name, q);
}

char *rbac_describe(const rbac_binding *b, const rbac_subject *s)
{
	_cleanup_free_ char *subject = describe_subject(s, b->ns);
	_cleanup_free_ char *role = kc_validate_quote(b->role_name);
	if (b->ns[0]) {
		_cleanup_free_ char *nn = xasprintf("%s/%s", b->name, b->ns);
		_cleanup_free_ char *q = kc_validate_quote(nn);
		return xasprintf("RoleBinding %s of %s %s to %s", q, b->role_kind, role, subject);
	}
	_cleanup_free_ char *q = kc_validate_quote(b->name);
	return xasprintf("ClusterRoleBinding %s of %s %s to %s", q, b->role_kind, role, subject);
}

char *rbac_aggregate_errors(const char *const *msgs, size_t n)
{
	kc_buf b = KC_BUF_INIT;
	size_t distinct = 0;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = streq(msgs[i], msgs[j]);
		if (seen)
			continue;
		if (distinct++)
			kc_buf_addstr(&b, ", ");
		kc_buf_addstr(&b, msgs[i]);
	}
	if (distinct <= 1)
		return kc_buf_release(&b);
	_cleanup_free_ char *joined = kc_buf_release(&b);
	return xasprintf("[%s]", joined);
}
