/* cmd_auth.c - kc auth can-i and kc auth whoami: SelfSubjectAccessReview,
 * SelfSubjectRulesReview and SelfSubjectReview as kubectl auth sends and
 * prints them ("yes", "no - reason", the --list table of compacted rules,
 * the ATTRIBUTE/VALUE table), with --as/--as-group impersonation. */
#include <errno.h>
#include <strings.h>

#include "ctl/commands.h"
#include "ctl/group.h"
#include "ctl/kubeconfig_edit.h"
#include "ctl/ops.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/yaml.h"
#include "banned.h"

/* ---- pure parts (ops.h) ---- */

/* One broken-down rule: at most one of each (kubectl's BreakdownRule),
 * verbs growing when compacted. */
typedef struct rule {
	char *group, *resource, *name, *url; /* NULL: absent */
	char **verbs;
	size_t nverbs;
	bool simple;
	char *key; /* PolicyRule.String() once built */
} rule;

static void rule_add_verb(rule *r, const char *v)
{
	for (size_t i = 0; i < r->nverbs; i++)
		if (streq(r->verbs[i], v))
			return;
	r->verbs = xrealloc(r->verbs, (r->nverbs + 1) * sizeof(*r->verbs));
	r->verbs[r->nverbs++] = xstrdup(v);
}

static void go_list(kc_buf *b, char *const *v, size_t n)
{
	kc_buf_addch(b, '[');
	for (size_t i = 0; i < n; i++)
		kc_buf_addf(b, "%s%s", i ? " " : "", v[i]);
	kc_buf_addch(b, ']');
}

static void one_list(kc_buf *b, const char *s)
{
	char *v[1] = {(char *)s};
	go_list(b, v, s ? 1 : 0);
}

/* PolicyRule.String(): "&PolicyRule{Verbs:[get],APIGroups:[],...,}" */
static char *rule_string(const rule *r)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "&PolicyRule{Verbs:");
	go_list(&b, r->verbs, r->nverbs);
	kc_buf_addstr(&b, ",APIGroups:");
	one_list(&b, r->group);
	kc_buf_addstr(&b, ",Resources:");
	one_list(&b, r->resource);
	kc_buf_addstr(&b, ",ResourceNames:");
	one_list(&b, r->name);
	kc_buf_addstr(&b, ",NonResourceURLs:");
	one_list(&b, r->url);
	kc_buf_addstr(&b, ",}");
	return kc_buf_release(&b);
}

static int cmp_rule(const void *a, const void *b)
{
	return strcmp((*(rule *const *)a)->key, (*(rule *const *)b)->key);
}

static bool same_simple(const rule *a, const rule *b)
{
	return streq_ptr(a->group, b->group) && streq_ptr(a->resource, b->resource) && streq_ptr(a->name, b->name);
}

char *kc_auth_rules_table(const cJSON *status, bool headers)
{
	rule **rules = NULL;
	size_t n = 0;
	/* BreakdownRule of every resource rule, then every non-resource rule,
	 * merging the simple ones (CompactRules) */
	const cJSON *rr;
	cJSON_ArrayForEach(rr, kc_json_get(status, "resourceRules")) {
		const cJSON *g, *res, *v, *nm;
		cJSON_ArrayForEach(g, kc_json_get(rr, "apiGroups"))
			cJSON_ArrayForEach(res, kc_json_get(rr, "resources"))
				cJSON_ArrayForEach(v, kc_json_get(rr, "verbs")) {
					const cJSON *names = kc_json_get(rr, "resourceNames");
					const cJSON *first = cJSON_GetArraySize(names) ? names->child : NULL;
					for (nm = first;; nm = nm->next) {
						rule t = {.group = (char *)kc_json_as_str(g, ""),
							  .resource = (char *)kc_json_as_str(res, ""),
							  .name = nm ? (char *)kc_json_as_str(nm, "") : NULL};
						rule *hit = NULL;
						for (size_t i = 0; i < n && !hit; i++)
							if (rules[i]->simple && same_simple(rules[i], &t))
								hit = rules[i];
						if (!hit) {
							hit = xcalloc(1, sizeof(*hit));
							hit->group = xstrdup(t.group);
							hit->resource = xstrdup(t.resource);
							hit->name = t.name ? xstrdup(t.name) : NULL;
							hit->simple = true;
							rules = xrealloc(rules, (n + 1) * sizeof(*rules));
							rules[n++] = hit;
						}
						rule_add_verb(hit, kc_json_as_str(v, ""));
						if (!nm || !nm->next)
							break;
					}
				}
	}
	const cJSON *nr;
	cJSON_ArrayForEach(nr, kc_json_get(status, "nonResourceRules")) {
		const cJSON *u, *v;
		cJSON_ArrayForEach(u, kc_json_get(nr, "nonResourceURLs"))
			cJSON_ArrayForEach(v, kc_json_get(nr, "verbs")) {
				rule *r = xcalloc(1, sizeof(*r));
				r->url = xstrdup(kc_json_as_str(u, ""));
				rule_add_verb(r, kc_json_as_str(v, ""));
				rules = xrealloc(rules, (n + 1) * sizeof(*rules));
				rules[n++] = r;
			}
	}
	for (size_t i = 0; i < n; i++)
		rules[i]->key = rule_string(rules[i]);
	/* sort.Stable by String(): non-simple rules came first in kubectl's
	 * compacted list, which a stable sort keeps among equal keys */
	rule **sorted = xcalloc(n + 1, sizeof(*sorted));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!rules[i]->simple)
			sorted[k++] = rules[i];
	for (size_t i = 0; i < n; i++)
		if (rules[i]->simple)
			sorted[k++] = rules[i];
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && cmp_rule(&sorted[j - 1], &sorted[j]) > 0; j--) {
			rule *t = sorted[j];
			sorted[j] = sorted[j - 1];
			sorted[j - 1] = t;
		}
	size_t rows = k + (headers ? 1 : 0);
	char **cells = xcalloc(rows * 4 + 4, sizeof(*cells));
	size_t c = 0;
	if (headers) {
		cells[c++] = xstrdup("Resources");
		cells[c++] = xstrdup("Non-Resource URLs");
		cells[c++] = xstrdup("Resource Names");
		cells[c++] = xstrdup("Verbs");
	}
	for (size_t i = 0; i < k; i++) {
		rule *r = sorted[i];
		kc_buf b = KC_BUF_INIT;
		/* describe.CombineResourceGroup */
		if (r->resource) {
			const char *slash = strchr(r->resource, '/');
			kc_buf_add(&b, r->resource, slash ? (size_t)(slash - r->resource) : strlen(r->resource));
			if (r->group && r->group[0])
				kc_buf_addf(&b, ".%s", r->group);
			if (slash)
				kc_buf_addstr(&b, slash);
		}
		cells[c++] = kc_buf_release(&b);
		one_list(&b, r->url);
		cells[c++] = kc_buf_release(&b);
		one_list(&b, r->name);
		cells[c++] = kc_buf_release(&b);
		go_list(&b, r->verbs, r->nverbs);
		cells[c++] = kc_buf_release(&b);
	}
	char *table = kc_tabwrite((const char *const *)cells, rows, 4);
	for (size_t i = 0; i < c; i++)
		free(cells[i]);
	free(cells);
	free(sorted);
	for (size_t i = 0; i < n; i++) {
		free(rules[i]->group);
		free(rules[i]->resource);
		free(rules[i]->name);
		free(rules[i]->url);
		for (size_t v = 0; v < rules[i]->nverbs; v++)
			free(rules[i]->verbs[v]);
		free(rules[i]->verbs);
		free(rules[i]->key);
		free(rules[i]);
	}
	free(rules);
	return table;
}

/* ---- requests with impersonation ---- */

typedef struct imp {
	const char *as, *as_uid;
	kc_flags_list groups;
} imp;

static int post(kc_ctx *ctx, const imp *im, const char *path, const cJSON *body, kc_response *ret)
{
	memset(ret, 0, sizeof(*ret));
	kc_client *c = kc_ctx_client(ctx);
	if (!c) {
		ret->err.code = -EINVAL;
		return -EINVAL;
	}
	const char **headers = xcalloc(im->groups.n + 3, sizeof(*headers));
	char **owned = xcalloc(im->groups.n + 3, sizeof(*owned));
	size_t n = 0;
	if (im->as[0])
		headers[n] = owned[n] = xasprintf("Impersonate-User: %s", im->as), n++;
	if (im->as_uid[0])
		headers[n] = owned[n] = xasprintf("Impersonate-Uid: %s", im->as_uid), n++;
	for (size_t i = 0; i < im->groups.n; i++)
		headers[n] = owned[n] = xasprintf("Impersonate-Group: %s", im->groups.items[i]), n++;
	_cleanup_free_ char *json = kc_json_print(body);
	int rc = kc_client_request_sync(c, "POST", path, "application/json", json, strlen(json), headers, ret);
	for (char **w = ret->warnings; w && *w; w++)
		fprintf(ctx->err, "Warning: %s\n", *w);
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	free(headers);
	return rc;
}

static bool in_set(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (streq(*set, v))
			return true;
	return false;
}

static int can_i(kc_ctx *ctx, int argc, char **argv)
{
	bool all_ns = false, quiet = false, list = false, no_headers = false;
	const char *subresource = "";
	imp im = {.as = "", .as_uid = ""};
	kc_flag own[] = {
		KC_FLAG_BOOL("all-namespaces", 'A', &all_ns, "false",
			     "If true, check the specified action in all namespaces."),
		KC_FLAG_BOOL("list", 0, &list, "false", "If true, prints all allowed actions."),
		KC_FLAG_BOOL("no-headers", 0, &no_headers, "false", "If true, prints allowed actions without headers"),
		KC_FLAG_BOOL("quiet", 'q', &quiet, "false", "If true, suppress output and just return the exit code."),
		KC_FLAG_STRING("subresource", 0, &subresource, "", "SubResource such as pod/log or deployment/scale"),
		KC_FLAG_END,
	};
	kc_flag imp_flags[] = {
		KC_FLAG_STRING("as", 0, &im.as, "",
			       "Username to impersonate for the operation. User could be a regular user or a service "
			       "account in a namespace."),
		KC_FLAG_STRING_ARRAY("as-group", 0, &im.groups, "",
				     "Group to impersonate for the operation, this flag can be repeated to specify multiple "
				     "groups."),
		KC_FLAG_STRING("as-uid", 0, &im.as_uid, "", "UID to impersonate for the operation."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, imp_flags, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	_cleanup_free_ char *res_copy = NULL, *group_copy = NULL;
	_cleanup_json_ cJSON *review = NULL;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_flag *shown[] = {own, NULL};
		kc_usage(ctx, "auth can-i", "kc auth can-i VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [options]",
			 "Check whether an action is allowed.\n\n"
			 " VERB is a logical Kubernetes API verb like 'get', 'list', 'watch', 'delete', etc. TYPE is a "
			 "Kubernetes resource. Shortcuts and groups will be resolved. NONRESOURCEURL is a partial URL that "
			 "starts with \"/\". NAME is the name of a particular Kubernetes resource. This command pairs "
			 "nicely with impersonation. See --as global flag.",
			 "# Check to see if I can create pods in any namespace\n"
			 "kc auth can-i create pods --all-namespaces\n\n"
			 "# Check to see if I can list deployments in my current namespace\n"
			 "kc auth can-i list deployments.apps\n\n"
			 "# Check to see if service account \"foo\" of namespace \"dev\" can list pods in the namespace "
			 "\"prod\"\n"
			 "# You must be allowed to use impersonation for the global option \"--as\"\n"
			 "kc auth can-i list pods --as=system:serviceaccount:dev:foo -n prod\n\n"
			 "# Check to see if I can do everything in my current namespace (\"*\" means all)\n"
			 "kc auth can-i '*' '*'\n\n"
			 "# Check to see if I can get the job named \"bar\" in namespace \"foo\"\n"
			 "kc auth can-i list jobs.batch/bar -n foo\n\n"
			 "# Check to see if I can read pod logs\n"
			 "kc auth can-i get pods --subresource=log\n\n"
			 "# Check to see if I can access the URL /logs/\n"
			 "kc auth can-i get /logs/\n\n"
			 "# Check to see if I can approve certificates.k8s.io\n"
			 "kc auth can-i approve certificates.k8s.io\n\n"
			 "# List all allowed actions in namespace \"foo\"\n"
			 "kc auth can-i --list --namespace=foo",
			 shown);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	rc = 1;
	const char *verb = NULL, *url = NULL, *group = "", *resource = "", *name = "";
	bool known = false, namespaced = true;
	if (list) {
		if (args.n) {
			kc_fail(ctx, "list option must be specified with no arguments");
			goto out;
		}
	} else {
		if (args.n != 2) {
			kc_fail(ctx, "you must specify two arguments: verb resource or verb resource/resourceName.\n"
				     "See 'kc auth can-i -h' for help and examples.");
			goto out;
		}
		verb = args.args[0];
		if (args.args[1][0] == '/') {
			url = args.args[1];
		} else {
			const char *arg = args.args[1];
			const char *slash = strchr(arg, '/');
			res_copy = slash ? xstrndup(arg, (size_t)(slash - arg)) : xstrdup(arg);
			if (slash)
				name = slash + 1;
			if (streq(res_copy, "*")) {
				resource = "*";
				known = true;
			} else {
				for (char *p = res_copy; *p; p++)
					*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
				const kc_resource *r = kc_resource_lookup(res_copy);
				if (r) {
					resource = r->plural;
					group = r->group;
					namespaced = r->namespaced;
					known = true;
				} else {
					/* schema.ParseResourceArg: "foo.bar.baz" is foo in group bar.baz */
					const char *dot = strchr(res_copy, '.');
					group_copy = dot ? xstrdup(dot + 1) : xstrdup("");
					_cleanup_free_ char *bare = dot ? xstrndup(res_copy, (size_t)(dot - res_copy))
									: xstrdup(res_copy);
					if (!streq(res_copy, "users") && !streq(res_copy, "groups")) {
						if (group_copy[0])
							fprintf(ctx->err, "Warning: the server doesn't have a resource type '%s' in "
									  "group '%s'\n\n",
								bare, group_copy);
						else
							fprintf(ctx->err, "Warning: the server doesn't have a resource type "
									  "'%s'\n\n",
								bare);
					}
					/* kubectl keeps what was typed */
					free(res_copy);
					res_copy = slash ? xstrndup(arg, (size_t)(slash - arg)) : xstrdup(arg);
					resource = res_copy;
				}
			}
		}
	}
	if (list) {
		if (quiet || all_ns || subresource[0]) {
			kc_fail(ctx, "list option can't be specified with neither quiet, all-namespaces nor subresource "
				     "options");
			goto out;
		}
	} else {
		static const char *const resource_verbs[] = {"get",	 "list",    "watch",  "create", "update", "patch",
							     "delete",	 "deletecollection", "use", "bind", "impersonate",
							     "*",	 "approve", "sign",   "escalate", "attest", NULL};
		static const char *const url_verbs[] = {"get", "put", "post", "head", "options", "delete", "patch", "*",
							NULL};
		if (url) {
			if (subresource[0]) {
				kc_fail(ctx, "--subresource can not be used with NonResourceURL");
				goto out;
			}
			if (!in_set(verb, url_verbs))
				fprintf(ctx->err, "Warning: verb '%s' is not a known verb\n\n", verb);
		} else if (resource[0] && !all_ns) {
			if (known && !namespaced) {
				if (!group[0])
					fprintf(ctx->err, "Warning: resource '%s' is not namespace scoped\n\n", resource);
				else
					fprintf(ctx->err, "Warning: resource '%s' is not namespace scoped in group '%s'\n\n",
						resource, group);
			}
			if (!in_set(verb, resource_verbs))
				fprintf(ctx->err, "Warning: verb '%s' is not a known verb\n\n", verb);
		}
		if (no_headers) {
			kc_fail(ctx, "--no-headers cannot be set without --list specified");
			goto out;
		}
	}
	const char *ns = all_ns ? "" : kc_ctx_namespace(ctx);
	review = cJSON_CreateObject();
	cJSON_AddStringToObject(review, "kind", list ? "SelfSubjectRulesReview" : "SelfSubjectAccessReview");
	cJSON_AddStringToObject(review, "apiVersion", "authorization.k8s.io/v1");
	cJSON_AddItemToObject(review, "metadata", cJSON_CreateObject());
	cJSON *spec = cJSON_AddObjectToObject(review, "spec");
	if (list) {
		cJSON_AddStringToObject(spec, "namespace", ns);
	} else if (url) {
		cJSON *a = cJSON_AddObjectToObject(spec, "nonResourceAttributes");
		cJSON_AddStringToObject(a, "path", url);
		cJSON_AddStringToObject(a, "verb", verb);
	} else {
		cJSON *a = cJSON_AddObjectToObject(spec, "resourceAttributes");
		if (ns[0])
			cJSON_AddStringToObject(a, "namespace", ns);
		cJSON_AddStringToObject(a, "verb", verb);
		if (group[0] || group_copy)
			cJSON_AddStringToObject(a, "group", group_copy ? group_copy : group);
		cJSON_AddStringToObject(a, "resource", resource);
		if (subresource[0])
			cJSON_AddStringToObject(a, "subresource", subresource);
		if (name[0])
			cJSON_AddStringToObject(a, "name", name);
	}
	kc_response resp;
	const char *path = list ? "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"
				: "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
	int r = post(ctx, &im, path, review, &resp);
	if (r < 0 || resp.status < 200 || resp.status >= 300) {
		kc_fail_response(ctx, &resp, NULL);
		kc_response_clear(&resp);
		goto out;
	}
	if (list) {
		if (kc_json_get_bool(resp.body, "status.incomplete", false))
			fprintf(ctx->err, "Warning: the list may be incomplete: %s\n",
				kc_json_get_str(resp.body, "status.evaluationError", ""));
		_cleanup_free_ char *table = kc_auth_rules_table(kc_json_get(resp.body, "status"), !no_headers);
		fputs(table, ctx->out);
		rc = 0;
	} else {
		bool allowed = kc_json_get_bool(resp.body, "status.allowed", false);
		if (!quiet) {
			if (allowed) {
				fputs("yes\n", ctx->out);
			} else {
				fputs("no", ctx->out);
				const char *reason = kc_json_get_str(resp.body, "status.reason", "");
				const char *eval = kc_json_get_str(resp.body, "status.evaluationError", "");
				if (reason[0])
					fprintf(ctx->out, " - %s", reason);
				if (eval[0])
					fprintf(ctx->out, " - %s", eval);
				fputc('\n', ctx->out);
			}
		}
		rc = allowed ? 0 : 1;
	}
	kc_response_clear(&resp);
out:
	free(args.args);
	kc_flags_release(tables);
	return rc;
}

static int whoami(kc_ctx *ctx, int argc, char **argv)
{
	imp im = {.as = "", .as_uid = ""};
	const char *output = "";
	kc_flag own[] = {
		KC_FLAG_STRING("output", 'o', &output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_END,
	};
	kc_flag imp_flags[] = {
		KC_FLAG_STRING("as", 0, &im.as, "", "Username to impersonate for the operation."),
		KC_FLAG_STRING_ARRAY("as-group", 0, &im.groups, "", "Group to impersonate for the operation."),
		KC_FLAG_STRING("as-uid", 0, &im.as_uid, "", "UID to impersonate for the operation."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, imp_flags, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	free(args.args);
	if (rc == KC_FLAGS_HELP) {
		kc_flag *shown[] = {own, NULL};
		kc_usage(ctx, "auth whoami", "kc auth whoami [options]",
			 "Experimental: Check who you are and your attributes (groups, extra).\n\n"
			 "        This command is helpful to get yourself aware of the current user attributes,\n"
			 "        especially when dynamic authentication, e.g., token webhook, auth proxy, or OIDC provider,\n"
			 "        is enabled in the Kubernetes cluster.",
			 "# Get your subject attributes\nkc auth whoami\n\n"
			 "# Get your subject attributes in JSON format\nkc auth whoami -o json",
			 shown);
		kc_flags_release(tables);
		return 0;
	}
	if (rc < 0) {
		kc_flags_release(tables);
		return kc_fail(ctx, "%s", err.msg);
	}
	rc = 1;
	static const char *const versions[] = {"v1", "v1beta1", "v1alpha1"};
	kc_response resp = {0};
	for (size_t i = 0; i < KC_ARRAY_SIZE(versions); i++) {
		_cleanup_json_ cJSON *review = cJSON_CreateObject();
		cJSON_AddStringToObject(review, "kind", "SelfSubjectReview");
		_cleanup_free_ char *av = xasprintf("authentication.k8s.io/%s", versions[i]);
		cJSON_AddStringToObject(review, "apiVersion", av);
		cJSON_AddItemToObject(review, "metadata", cJSON_CreateObject());
		_cleanup_free_ char *path = xasprintf("/apis/authentication.k8s.io/%s/selfsubjectreviews", versions[i]);
		kc_response_clear(&resp);
		int r = post(ctx, &im, path, review, &resp);
		if (r < 0 || resp.status != 404)
			break;
	}
	if (resp.status == 404) {
		kc_fail(ctx, "the selfsubjectreviews API is not enabled in the cluster\nenable APISelfSubjectReview feature "
			     "gate and authentication.k8s.io/v1alpha1 or authentication.k8s.io/v1beta1 API");
	} else if (resp.status == 403) {
		kc_fail(ctx, "the selfsubjectreviews API is not enabled in the cluster or you do not have permission to "
			     "call it");
	} else if (resp.status < 200 || resp.status >= 300) {
		kc_fail_response(ctx, &resp, NULL);
	} else if (output[0]) {
		const kc_resource *r = kc_resource_find_kind(kc_json_get_str(resp.body, "apiVersion", ""),
							     "SelfSubjectReview");
		if (r)
			rc = kc_target_print(ctx, output, r, resp.body, NULL);
		else if (streq(output, "json")) {
			_cleanup_free_ char *j = kc_json_print_flags(resp.body, KC_JSON_PRETTY | KC_JSON_ESCAPE_HTML);
			fprintf(ctx->out, "%s\n", j);
			rc = 0;
		} else {
			_cleanup_free_ char *y = kc_yaml_print(resp.body, NULL);
			fputs(y ? y : "", ctx->out);
			rc = 0;
		}
	} else {
		const cJSON *ui = kc_json_get(resp.body, "status.userInfo");
		const char *cells[64];
		size_t n = 0;
		cells[n++] = "ATTRIBUTE";
		cells[n++] = "VALUE";
		_cleanup_buf_ kc_buf groups = KC_BUF_INIT;
		const char *user = kc_json_get_str(ui, "username", "");
		const char *uid = kc_json_get_str(ui, "uid", "");
		if (user[0]) {
			cells[n++] = "Username";
			cells[n++] = user;
		}
		if (uid[0]) {
			cells[n++] = "UID";
			cells[n++] = uid;
		}
		if (cJSON_GetArraySize(kc_json_get(ui, "groups"))) {
			kc_buf_addch(&groups, '[');
			const cJSON *g;
			bool first = true;
			cJSON_ArrayForEach(g, kc_json_get(ui, "groups")) {
				kc_buf_addf(&groups, "%s%s", first ? "" : " ", kc_json_as_str(g, ""));
				first = false;
			}
			kc_buf_addch(&groups, ']');
			cells[n++] = "Groups";
			cells[n++] = groups.s;
		}
		_cleanup_free_ char *table = kc_tabwrite(cells, n / 2, 2);
		fputs(table, ctx->out);
		rc = 0;
	}
	kc_response_clear(&resp);
	kc_flags_release(tables);
	return rc;
}

int cmd_auth(kc_ctx *ctx, int argc, char **argv)
{
	static const kc_subcommand subs[] = {
		{"can-i", can_i, "Check whether an action is allowed"},
		{"whoami", whoami, "Experimental: Check self subject attributes"},
		{NULL, NULL, NULL},
	};
	static const kc_group g = {
		.name = "auth",
		.description = "Inspect authorization.",
		.usage = "kc auth [flags] [options]",
		.subs = subs,
	};
	return kc_group_run(ctx, argc, argv, &g);
}
