/* cmd_api_resources.c - kc api-resources and kc api-versions: what the
 * server's discovery documents (/api, /api/v1, /apis, /apis/<group>/<version>)
 * say it serves, printed as kubectl prints them. */
#include <errno.h>
#include <stdlib.h>

#include "ctl/commands.h"
#include "ctl/print.h"
#include "common/json.h"

#include "banned.h"

/* GETs a discovery document; on failure prints kubectl's message and
 * returns NULL. */
static cJSON *discovery(kc_ctx *ctx, const char *path)
{
	kc_response resp;
	if (kc_request(ctx, "GET", path, NULL, NULL, &resp) < 0 || resp.status != 200 || !resp.body) {
		if (resp.status == 0 && resp.err.msg[0])
			fprintf(ctx->err, "%s\n", resp.err.msg);
		else if (resp.status != 0)
			kc_fail_response(ctx, &resp, NULL);
		else if (ctx->client)
			kc_fail(ctx, "the server sent no %s document", path);
		kc_response_clear(&resp);
		return NULL;
	}
	cJSON *body = TAKE_PTR(resp.body);
	kc_response_clear(&resp);
	return body;
}

/* One resource as the listing shows it; strings point into the documents. */
typedef struct api_res {
	const cJSON *r;            /* the APIResource */
	const char *group;         /* "" for the core group */
	const char *group_version; /* "apps/v1", "v1" */
} api_res;

typedef struct api_list {
	api_res *v;
	size_t n, cap;
	cJSON *docs; /* owns the documents the entries point into */
} api_list;

static void list_add(api_list *l, const cJSON *r, const char *group, const char *gv)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = (api_res){r, group, gv};
}

static int add_group_version(kc_ctx *ctx, api_list *l, const char *group, const char *gv)
{
	_cleanup_free_ char *path = group[0] ? xasprintf("/apis/%s", gv) : xasprintf("/api/%s", gv);
	cJSON *doc = discovery(ctx, path);
	if (!doc)
		return -EIO;
	cJSON_AddItemToArray(l->docs, doc);
	const cJSON *r;
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(doc, "resources")) {
		const char *name = kc_json_get_str(r, "name", "");
		/* subresources ("pods/log") and resources nothing can be done with are not listed */
		if (!name[0] || strchr(name, '/') || cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "verbs")) == 0)
			continue;
		list_add(l, r, group, kc_json_get_str(doc, "groupVersion", gv));
	}
	return 0;
}

/* Every group's preferred version (kubectl's ServerPreferredResources). */
static int load(kc_ctx *ctx, api_list *l)
{
	l->docs = cJSON_CreateArray();
	cJSON *core = discovery(ctx, "/api");
	if (!core)
		return -EIO;
	cJSON_AddItemToArray(l->docs, core);
	const cJSON *v;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(core, "versions")) {
		if (cJSON_IsString(v) && add_group_version(ctx, l, "", v->valuestring) < 0)
			return -EIO;
		break; /* the first is the preferred one */
	}
	cJSON *groups = discovery(ctx, "/apis");
	if (!groups)
		return -EIO;
	cJSON_AddItemToArray(l->docs, groups);
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(groups, "groups")) {
		const char *gv = kc_json_get_str(g, "preferredVersion.groupVersion", NULL);
		if (!gv)
			gv = kc_json_get_str(g, "versions[0].groupVersion", NULL);
		if (gv && add_group_version(ctx, l, kc_json_get_str(g, "name", ""), gv) < 0)
			return -EIO;
	}
	return 0;
}

static const char *sort_field(const api_res *r, const char *by)
{
	if (streq(by, "name"))
		return kc_json_get_str(r->r, "name", "");
	if (streq(by, "kind"))
		return kc_json_get_str(r->r, "kind", "");
	return r->group;
}

/* kubectl's sortableResource: by the field, then by name; stable. */
static void sort_resources(api_list *l, const char *by)
{
	for (size_t i = 1; i < l->n; i++) {
		api_res cur = l->v[i];
		size_t j = i;
		while (j > 0) {
			int c = strcmp(sort_field(&l->v[j - 1], by), sort_field(&cur, by));
			if (c == 0)
				c = strcmp(kc_json_get_str(l->v[j - 1].r, "name", ""), kc_json_get_str(cur.r, "name", ""));
			if (c <= 0)
				break;
			l->v[j] = l->v[j - 1];
			j--;
		}
		l->v[j] = cur;
	}
}

/* Whether every one of want is in the JSON array of strings have. */
static bool has_all(const cJSON *have, const kc_flags_list *want)
{
	for (size_t i = 0; i < want->n; i++) {
		bool found = false;
		const cJSON *it;
		cJSON_ArrayForEach(it, have) found |= cJSON_IsString(it) && streq(it->valuestring, want->items[i]);
		if (!found)
			return false;
	}
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The JSON array of strings sorted and joined by commas (sets.List). */
static void add_joined(kc_buf *b, const cJSON *arr, bool sorted)
{
	size_t n = (size_t)cJSON_GetArraySize(arr), k = 0;
	const char **v = xcalloc(n + 1, sizeof(*v));
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) if (cJSON_IsString(it)) v[k++] = it->valuestring;
	if (sorted)
		qsort(v, k, sizeof(*v), cmp_str);
	for (size_t i = 0; i < k; i++) {
		if (i > 0 && sorted && streq(v[i], v[i - 1]))
			continue;
		if (i > 0)
			kc_buf_addch(b, ',');
		kc_buf_addstr(b, v[i]);
	}
	free(v);
}

int cmd_api_resources(kc_ctx *ctx, int argc, char **argv)
{
	const char *api_group = "", *output = "", *sort_by = "";
	bool namespaced = true, no_headers = false, cached = false;
	kc_flags_list verbs = {0}, categories = {0};
	kc_flag own[] = {
		KC_FLAG_STRING("api-group", 0, &api_group, "", "Limit to resources in the specified API group."),
		KC_FLAG_BOOL("cached", 0, &cached, "false", "Use the cached list of resources if available."),
		KC_FLAG_STRING_SLICE("categories", 0, &categories, "",
				     "Limit to resources that belong to the specified categories."),
		KC_FLAG_BOOL("namespaced", 0, &namespaced, "true",
			     "If false, non-namespaced resources will be returned, otherwise returning namespaced "
			     "resources by default."),
		KC_FLAG_BOOL("no-headers", 0, &no_headers, "false",
			     "When using the default or custom-column output format, don't print headers (default "
			     "print headers)."),
		KC_FLAG_STRING("output", 'o', &output, "", "Output format. One of: (wide, name)."),
		KC_FLAG_STRING("sort-by", 0, &sort_by, "",
			       "If non-empty, sort list of resources using specified field. The field can be either "
			       "'name' or 'kind'."),
		KC_FLAG_STRING_SLICE("verbs", 0, &verbs, "", "Limit to resources that support the specified verbs."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	api_list l = {0};
	kc_buf out = KC_BUF_INIT;
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc api-resources", "kc api-resources [flags] [options]",
			 "Print the supported API resources on the server.",
			 "  # Print the supported API resources\n  kc api-resources\n\n"
			 "  # Print the supported API resources with more information\n  kc api-resources -o wide\n\n"
			 "  # Print the supported API resources sorted by a column\n  kc api-resources --sort-by=name\n\n"
			 "  # Print the supported namespaced resources\n  kc api-resources --namespaced=true\n\n"
			 "  # Print the supported non-namespaced resources\n  kc api-resources --namespaced=false\n\n"
			 "  # Print the supported API resources with a specific APIGroup\n"
			 "  kc api-resources --api-group=rbac.authorization.k8s.io",
			 tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s\nSee 'kc api-resources -h' for help and examples", err.msg);
		goto out;
	}
	if (args.n > 0) {
		_cleanup_buf_ kc_buf b = KC_BUF_INIT;
		for (int i = 0; i < args.n; i++)
			kc_buf_addf(&b, "%s%s", i ? " " : "", args.args[i]);
		rc = kc_fail(ctx, "unexpected arguments: [%s]\nSee 'kc api-resources -h' for help and examples", b.s);
		goto out;
	}
	if (output[0] && !streq(output, "wide") && !streq(output, "name")) {
		rc = kc_fail(ctx, "--output %s is not available", output);
		goto out;
	}
	if (sort_by[0] && !streq(sort_by, "name") && !streq(sort_by, "kind")) {
		rc = kc_fail(ctx, "--sort-by accepts only name or kind");
		goto out;
	}
	if (load(ctx, &l) < 0) {
		rc = 1;
		goto out;
	}
	sort_resources(&l, sort_by);
	bool ns_changed = kc_flags_changed(tables, "namespaced");
	bool group_changed = kc_flags_changed(tables, "api-group");
	kc_print_tabwriter *tw = kc_print_tabwriter_new(&out);
	bool wide = streq(output, "wide"), names = streq(output, "name");
	if (!no_headers && !names)
		kc_print_tabwriter_puts(tw, wide ? "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\tVERBS\tCATEGORIES\n"
					     : "NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND\n");
	for (size_t i = 0; i < l.n; i++) {
		const cJSON *r = l.v[i].r;
		bool ns = kc_json_get_bool(r, "namespaced", false);
		if (group_changed && !streq(api_group, l.v[i].group))
			continue;
		if (ns_changed && ns != namespaced)
			continue;
		if (!has_all(cJSON_GetObjectItemCaseSensitive(r, "verbs"), &verbs) ||
		    !has_all(cJSON_GetObjectItemCaseSensitive(r, "categories"), &categories))
			continue;
		_cleanup_buf_ kc_buf line = KC_BUF_INIT;
		const char *name = kc_json_get_str(r, "name", "");
		if (names) {
			kc_buf_addf(&line, "%s%s%s\n", name, l.v[i].group[0] ? "." : "", l.v[i].group);
			kc_print_tabwriter_write(tw, line.s, line.len);
			continue;
		}
		kc_buf_addf(&line, "%s\t", name);
		add_joined(&line, cJSON_GetObjectItemCaseSensitive(r, "shortNames"), false);
		kc_buf_addf(&line, "\t%s\t%s\t%s", l.v[i].group_version, ns ? "true" : "false",
			    kc_json_get_str(r, "kind", ""));
		if (wide) {
			kc_buf_addch(&line, '\t');
			add_joined(&line, cJSON_GetObjectItemCaseSensitive(r, "verbs"), true);
			kc_buf_addch(&line, '\t');
			add_joined(&line, cJSON_GetObjectItemCaseSensitive(r, "categories"), false);
		}
		kc_buf_addch(&line, '\n');
		kc_print_tabwriter_write(tw, line.s, line.len);
	}
	kc_print_tabwriter_flush(tw);
	kc_print_tabwriter_free(tw);
	fputs(kc_buf_str(&out), ctx->out);
	rc = 0;
out:
	kc_buf_free(&out);
	free(l.v);
	cJSON_Delete(l.docs);
	free(args.args);
	kc_flags_release(tables);
	return rc;
}

int cmd_api_versions(kc_ctx *ctx, int argc, char **argv)
{
	kc_flag *tables[] = {ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc api-versions", "kc api-versions [flags] [options]",
			 "Print the supported API versions on the server, in the form of \"group/version\".",
			 "  # Print the supported API versions\n  kc api-versions", tables);
		free(args.args);
		return 0;
	}
	if (rc < 0) {
		free(args.args);
		return kc_fail(ctx, "%s\nSee 'kc api-versions -h' for help and examples", err.msg);
	}
	if (args.n > 0) {
		_cleanup_buf_ kc_buf b = KC_BUF_INIT;
		for (int i = 0; i < args.n; i++)
			kc_buf_addf(&b, "%s%s", i ? " " : "", args.args[i]);
		free(args.args);
		return kc_fail(ctx, "unexpected arguments: [%s]\nSee 'kc api-versions -h' for help and examples", b.s);
	}
	free(args.args);
	_cleanup_json_ cJSON *core = discovery(ctx, "/api");
	if (!core)
		return 1;
	_cleanup_json_ cJSON *groups = discovery(ctx, "/apis");
	if (!groups)
		return 1;
	size_t n = 0;
	char **v = NULL;
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(core, "versions")) {
		if (!cJSON_IsString(it))
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = xstrdup(it->valuestring);
	}
	const cJSON *g;
	cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(groups, "groups")) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(g, "versions")) {
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n++] = xstrdup(kc_json_get_str(it, "groupVersion", ""));
		}
	}
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || !streq(v[i], v[i - 1]))
			fprintf(ctx->out, "%s\n", v[i]);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return 0;
}
