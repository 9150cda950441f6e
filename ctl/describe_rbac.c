/* describe_rbac.c - kubectl describe for roles and cluster roles (their
 * rules broken down and compacted as kubectl's rbac helpers do) and for
 * role bindings and cluster role bindings. */
#include "ctl/describe.h"

#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "banned.h"

/* One rule of at most one verb per resource after BreakdownRule, then the
 * verbs of equal (group, resource, name) rules gathered by CompactRules. */
typedef struct rule {
	const char *group, *resource, *name; /* NULL: not set (non-resource rules) */
	const char *url;                     /* a non-resource URL rule */
	const char **verbs;
	size_t n_verbs;
	char *sort_key; /* PolicyRule.String() */
} rule;

typedef struct rules {
	rule *v;
	size_t n, cap;
} rules;

static rule *rules_add(rules *rs)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 16;
		rs->v = xrealloc(rs->v, rs->cap * sizeof(*rs->v));
	}
	rule *r = &rs->v[rs->n++];
	*r = (rule){0};
	return r;
}

static void rule_add_verb(rule *r, const char *verb)
{
	for (size_t i = 0; i < r->n_verbs; i++)
		if (streq(r->verbs[i], verb))
			return;
	r->verbs = xrealloc(r->verbs, (r->n_verbs + 1) * sizeof(*r->verbs));
	r->verbs[r->n_verbs++] = verb;
}

static bool same_key(const rule *a, const char *group, const char *resource, const char *name)
{
	return !a->url && streq(a->group, group) && streq(a->resource, resource) && streq_ptr(a->name, name);
}

/* BreakdownRule + CompactRules: simple (group, resource[, name]) rules merge
 * their verbs; non-resource URL rules stay as they come. */
static void compact(rules *out, const cJSON *policy_rules)
{
	rules simple = {0}, urls = {0};
	const cJSON *pr;
	cJSON_ArrayForEach(pr, policy_rules)
	{
		const cJSON *g, *res, *v, *n;
		cJSON_ArrayForEach(g, kc_json_get(pr, "apiGroups"))
		cJSON_ArrayForEach(res, kc_json_get(pr, "resources"))
		cJSON_ArrayForEach(v, kc_json_get(pr, "verbs"))
		{
			const char *group = kc_json_as_str(g, ""), *resource = kc_json_as_str(res, "");
			const char *verb = kc_json_as_str(v, "");
			const cJSON *names = kc_json_get(pr, "resourceNames");
			bool any = false;
			cJSON_ArrayForEach(n, names)
			{
				any = true;
				const char *name = kc_json_as_str(n, "");
				rule *r = NULL;
				for (size_t i = 0; i < simple.n && !r; i++)
					if (same_key(&simple.v[i], group, resource, name))
						r = &simple.v[i];
				if (!r) {
					r = rules_add(&simple);
					r->group = group;
					r->resource = resource;
					r->name = name;
				}
				rule_add_verb(r, verb);
			}
			if (!any) {
				rule *r = NULL;
				for (size_t i = 0; i < simple.n && !r; i++)
					if (same_key(&simple.v[i], group, resource, NULL))
						r = &simple.v[i];
				if (!r) {
					r = rules_add(&simple);
					r->group = group;
					r->resource = resource;
				}
				rule_add_verb(r, verb);
			}
		}
		const cJSON *u;
		cJSON_ArrayForEach(u, kc_json_get(pr, "nonResourceURLs"))
		cJSON_ArrayForEach(v, kc_json_get(pr, "verbs"))
		{
			rule *r = rules_add(&urls);
			r->url = kc_json_as_str(u, "");
			rule_add_verb(r, kc_json_as_str(v, ""));
		}
	}
	/* kubectl appends the non-simple rules first, then the merged ones */
	for (size_t i = 0; i < urls.n; i++)
		*rules_add(out) = urls.v[i];
	for (size_t i = 0; i < simple.n; i++)
		*rules_add(out) = simple.v[i];
	free(urls.v);
	free(simple.v);
}

static void go_list(kc_buf *b, const char *const *v, size_t n)
{
	kc_buf_addch(b, '[');
	for (size_t i = 0; i < n; i++)
		kc_buf_addf(b, "%s%s", i ? " " : "", v[i]);
	kc_buf_addch(b, ']');
}

/* PolicyRule.String() as the generated code prints it. */
static char *rule_string(const rule *r)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "&PolicyRule{Verbs:");
	go_list(&b, r->verbs, r->n_verbs);
	kc_buf_addstr(&b, ",APIGroups:");
	go_list(&b, r->url ? NULL : &r->group, r->url ? 0 : 1);
	kc_buf_addstr(&b, ",Resources:");
	go_list(&b, r->url ? NULL : &r->resource, r->url ? 0 : 1);
	kc_buf_addstr(&b, ",ResourceNames:");
	go_list(&b, &r->name, r->name ? 1 : 0);
	kc_buf_addstr(&b, ",NonResourceURLs:");
	go_list(&b, &r->url, r->url ? 1 : 0);
	kc_buf_addstr(&b, ",}");
	return kc_buf_release(&b);
}

/* sort.Stable by String(): a stable insertion merge is enough (ties are
 * identical lines). */
static int cmp_rule(const void *a, const void *b)
{
	return strcmp(((const rule *)a)->sort_key, ((const rule *)b)->sort_key);
}

static void stable_sort(rule *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		rule t = v[i];
		size_t j = i;
		while (j > 0 && cmp_rule(&v[j - 1], &t) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = t;
	}
}

static int describe_role(const kc_dw *w, const kc_describe_env *env, const cJSON *role, char **ret_err)
{
	(void)env;
	(void)ret_err;
	rules rs = {0};
	compact(&rs, kc_json_get(role, "rules"));
	for (size_t i = 0; i < rs.n; i++)
		rs.v[i].sort_key = rule_string(&rs.v[i]);
	stable_sort(rs.v, rs.n);

	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(role, "metadata.name"));
	kc_describe_labels(w, "Labels", kc_json_get(role, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(role, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "PolicyRule:\n");
	kc_dw_write(w, KC_L1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
	kc_dw_write(w, KC_L1, "---------\t-----------------\t--------------\t-----\n");
	for (size_t i = 0; i < rs.n; i++) {
		const rule *r = &rs.v[i];
		/* CombineResourceGroup: "resource.group/subresource" */
		_cleanup_buf_ kc_buf res = KC_BUF_INIT, urls = KC_BUF_INIT, names = KC_BUF_INIT, verbs = KC_BUF_INIT;
		if (!r->url) {
			const char *slash = strchr(r->resource, '/');
			kc_buf_add(&res, r->resource, slash ? (size_t)(slash - r->resource) : strlen(r->resource));
			if (r->group[0])
				kc_buf_addf(&res, ".%s", r->group);
			if (slash)
				kc_buf_addstr(&res, slash);
		}
		go_list(&urls, &r->url, r->url ? 1 : 0);
		go_list(&names, &r->name, r->name ? 1 : 0);
		go_list(&verbs, r->verbs, r->n_verbs);
		kc_dw_write(w, KC_L1, "%s\t%s\t%s\t%s\n", kc_buf_str(&res), kc_buf_str(&urls), kc_buf_str(&names),
			    kc_buf_str(&verbs));
	}
	for (size_t i = 0; i < rs.n; i++) {
		free(rs.v[i].verbs);
		free(rs.v[i].sort_key);
	}
	free(rs.v);
	return 0;
}

int kc_describe_role(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err)
{
	return describe_role(w, env, obj, ret_err);
}

int kc_describe_rolebinding(const kc_dw *w, const kc_describe_env *env, const cJSON *b, char **ret_err)
{
	(void)env;
	(void)ret_err;
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(b, "metadata.name"));
	kc_describe_labels(w, "Labels", kc_json_get(b, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(b, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "Role:\n");
	kc_dw_write(w, KC_L1, "Kind:\t%s\n", kc_ds(b, "roleRef.kind"));
	kc_dw_write(w, KC_L1, "Name:\t%s\n", kc_ds(b, "roleRef.name"));
	kc_dw_write(w, KC_L0, "Subjects:\n");
	kc_dw_write(w, KC_L1, "Kind\tName\tNamespace\n");
	kc_dw_write(w, KC_L1, "----\t----\t---------\n");
	const cJSON *s;
	cJSON_ArrayForEach(s, kc_json_get(b, "subjects"))
	kc_dw_write(w, KC_L1, "%s\t%s\t%s\n", kc_ds(s, "kind"), kc_ds(s, "name"), kc_ds(s, "namespace"));
	return 0;
}
