/* cmd_config.c - kc config: reading and editing kubeconfig files the way
 * kubectl config does (client-go's clientcmd PathOptions and ModifyConfig):
 *
 *  - the files: --kubeconfig alone; else every file of $KUBECONFIG; else
 *    ~/.kube/config. Reading merges them, the first file defining a name
 *    winning it whole;
 *  - an entry that changes is written back to the file it came from; a new
 *    entry and current-context go to the default file (--kubeconfig, else
 *    the first $KUBECONFIG file that exists, else its last entry, else
 *    ~/.kube/config);
 *  - files are written as kubectl writes them: a v1 Config with its keys
 *    sorted, empty lists as null, paths under the file's directory made
 *    relative to it.
 *
 * view prints the merged config with secrets redacted unless --raw, and
 * --minify/--flatten as kubectl does. */
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>

#include "ctl/commands.h"
#include "ctl/group.h"
#include "ctl/kubeconfig_edit.h"
#include "ctl/ops.h"
#include "ctl/target.h"
#include "common/base64.h"
#include "common/json.h"
#include "common/jsonpath.h"
#include "common/yaml.h"
#include "banned.h"

/* ---- shared flag parsing ---- */

static int parse(kc_ctx *ctx, int argc, char **argv, kc_flag *own, const char *name, const char *synopsis,
		 const char *desc, const char *examples, kc_flags_args *args, int *ret_rc)
{
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, args, &err);
	if (rc == KC_FLAGS_HELP) {
		_cleanup_free_ char *n = xasprintf("config %s", name);
		kc_usage(ctx, n, synopsis, desc, examples, tables);
		*ret_rc = 0;
		return 1;
	}
	if (rc < 0) {
		*ret_rc = kc_fail(ctx, "%s", err.msg);
		return -1;
	}
	return 0;
}

/* kubectl's helpErrorf: the help on stdout, then "error: Unexpected args: [a b]". */
static int unexpected_args(kc_ctx *ctx, kc_flag *own, const char *name, const char *synopsis, const char *desc,
			   const char *examples, const kc_flags_args *args)
{
	kc_flag *tables[] = {own, ctx->table, NULL};
	_cleanup_free_ char *n = xasprintf("config %s", name);
	kc_usage(ctx, n, synopsis, desc, examples, tables);
	fflush(ctx->out);
	fputs("error: Unexpected args: [", ctx->err);
	for (int i = 0; i < args->n; i++)
		fprintf(ctx->err, "%s%s", i ? " " : "", args->args[i]);
	fputs("]\n", ctx->err);
	return 1;
}

/* cmdutil.UsageErrorf */
static int usage_error(kc_ctx *ctx, const char *sub, const char *msg)
{
	fprintf(ctx->err, "error: %s\nSee 'kc config %s -h' for help and examples\n", msg, sub);
	return 1;
}

/* ---- view ---- */

static int flatten_file(cJSON *body, const char *field, const char *data_field, const char *origin, char **ret_err)
{
	const char *path = kc_json_get_str(body, field, "");
	if (!path[0])
		return 0;
	_cleanup_free_ char *full = NULL;
	if (path[0] == '/' || !origin) {
		full = xstrdup(path);
	} else {
		_cleanup_free_ char *dir = xstrdup(origin);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		full = slash ? xasprintf("%s/%s", dir, path) : xstrdup(path);
	}
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r = kc_read_file(full, 16u << 20, &data, &len);
	if (r < 0) {
		*ret_err = xasprintf("open %s: %s", path, r == -ENOENT ? "no such file or directory" : strerror(-r));
		return -1;
	}
	_cleanup_free_ char *b64 = kc_base64_encode(data, len);
	kc_json_object_remove(body, field);
	kc_json_object_put(body, data_field, cJSON_CreateString(b64));
	return 0;
}

static int config_view(kc_ctx *ctx, int argc, char **argv)
{
	bool flatten = false, merge = true, minify = false, raw = false, allow_missing = true, show_managed = false;
	const char *output = "yaml", *template = "";
	kc_flag own[] = {
		KC_FLAG_BOOL("allow-missing-template-keys", 0, &allow_missing, "true",
			     "If true, ignore any errors in templates when a field or map key is missing in the "
			     "template. Only applies to golang and jsonpath output formats."),
		KC_FLAG_BOOL("flatten", 0, &flatten, "false",
			     "Flatten the resulting kubeconfig file into self-contained output (useful for creating "
			     "portable kubeconfig files)"),
		KC_FLAG_BOOL("merge", 0, &merge, "true", "Merge the full hierarchy of kubeconfig files"),
		KC_FLAG_BOOL("minify", 0, &minify, "false",
			     "Remove all information not used by current-context from the output"),
		KC_FLAG_STRING("output", 'o', &output, "yaml",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_BOOL("raw", 0, &raw, "false", "Display raw byte data and sensitive data"),
		KC_FLAG_BOOL("show-managed-fields", 0, &show_managed, "false",
			     "If true, keep the managedFields when printing objects in JSON or YAML format."),
		KC_FLAG_STRING("template", 0, &template, "",
			       "Template string or path to template file to use when -o=go-template, "
			       "-o=go-template-file. The template format is golang templates "
			       "[http://golang.org/pkg/text/template/#pkg-overview]."),
		KC_FLAG_END,
	};
	kc_flags_args args = {0};
	int rc = 1;
	static const char *synopsis = "kc config view [flags] [options]";
	static const char *desc =
		"Display merged kubeconfig settings or a specified kubeconfig file.\n\n"
		" You can use --output jsonpath={...} to extract specific values using a jsonpath expression.";
	static const char *examples = "# Show merged kubeconfig settings\n"
				      "kc config view\n\n"
				      "# Show merged kubeconfig settings, raw certificate data, and exposed secrets\n"
				      "kc config view --raw\n\n"
				      "# Get the password for the e2e user\n"
				      "kc config view -o jsonpath='{.users[?(@.name == \"e2e\")].user.password}'";
	int p = parse(ctx, argc, argv, own, "view", synopsis, desc, examples, &args, &rc);
	kc_cfgchain c = {0};
	_cleanup_json_ cJSON *merged = NULL;
	cJSON *doc = NULL;
	if (p != 0)
		goto out;
	if (args.n > 0) {
		_cleanup_buf_ kc_buf m = KC_BUF_INIT;
		kc_buf_addstr(&m, "unexpected arguments: [");
		for (int i = 0; i < args.n; i++)
			kc_buf_addf(&m, "%s%s", i ? " " : "", args.args[i]);
		kc_buf_addch(&m, ']');
		rc = usage_error(ctx, "view", m.s);
		goto out;
	}
	if (!merge && !(ctx->kubeconfig && ctx->kubeconfig[0])) {
		rc = kc_fail(ctx, "if merge==false a precise file must be specified");
		goto out;
	}
	if (kc_cfgchain_load(ctx, &c) < 0)
		goto out;
	merged = kc_cfgchain_merged(&c);
	if (minify && ctx->context && ctx->context[0])
		kc_json_object_put(merged, "current-context", cJSON_CreateString(ctx->context));
	if (flatten) {
		/* inline files relative to the file that named them */
		for (size_t s = 0; s < 2; s++) {
			cJSON *e;
			cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(merged, kc_cfg_sections[s])) {
				int o = kc_cfgchain_origin(&c, kc_cfg_sections[s], kc_json_get_str(e, "name", ""));
				const char *origin = o >= 0 ? c.files[o] : NULL;
				cJSON *body = cJSON_GetObjectItemCaseSensitive(e, kc_cfg_members[s]);
				char *e_msg = NULL;
				int r = s == 0 ? flatten_file(body, "certificate-authority", "certificate-authority-data",
							      origin, &e_msg)
					       : flatten_file(body, "client-certificate", "client-certificate-data", origin,
							      &e_msg);
				if (r == 0 && s == 1)
					r = flatten_file(body, "client-key", "client-key-data", origin, &e_msg);
				if (r < 0) {
					kc_fail(ctx, "%s", e_msg);
					free(e_msg);
					goto out;
				}
			}
		}
	}
	doc = kc_kubeconfig_normalize(merged);
	kc_error err = KC_ERROR_INIT;
	if (minify && kc_kubeconfig_minify(doc, kc_json_get_str(doc, "current-context", ""), &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (!raw && !flatten)
		kc_kubeconfig_redact(doc);
	if (streq(output, "json")) {
		_cleanup_free_ char *j = kc_json_print_flags(doc, KC_JSON_PRETTY | KC_JSON_ESCAPE_HTML);
		fprintf(ctx->out, "%s\n", j);
	} else if (streq(output, "yaml") || !output[0]) {
		_cleanup_free_ char *y = kc_yaml_print(doc, &err);
		fputs(y ? y : "", ctx->out);
	} else if (str_startswith(output, "jsonpath=") || str_startswith(output, "jsonpath-as-json=")) {
		bool as_json = str_startswith(output, "jsonpath-as-json=");
		const char *expr = strchr(output, '=') + 1;
		_cleanup_jsonpath_ kc_jsonpath *jp = NULL;
		if (kc_jsonpath_parse(expr, &jp, &err) < 0) {
			kc_fail(ctx, "error parsing jsonpath %s, %s", expr, err.msg);
			goto out;
		}
		_cleanup_buf_ kc_buf b = KC_BUF_INIT;
		unsigned flags = (allow_missing ? KC_JSONPATH_ALLOW_MISSING_KEYS : 0) | (as_json ? KC_JSONPATH_JSON_OUTPUT : 0);
		if (kc_jsonpath_execute(jp, doc, flags, &b, &err) < 0) {
			fputs(kc_buf_str(&b), ctx->out);
			kc_fail(ctx, "error executing jsonpath \"%s\": Error executing template: %s. Printing more "
				     "information for debugging the template:\n\ttemplate was:\n\t\t%s\n\tobject given to "
				     "jsonpath engine was:\n\t\t%s\n",
				expr, err.msg, expr, "");
			goto out;
		}
		fputs(kc_buf_str(&b), ctx->out);
	} else {
		kc_target_output_error(ctx, output);
		goto out;
	}
	rc = 0;
out:
	cJSON_Delete(doc);
	kc_cfgchain_free(&c);
	free(args.args);
	return rc;
}

/* ---- current-context, use-context ---- */

static int config_current_context(kc_ctx *ctx, int argc, char **argv)
{
	kc_flag own[] = {KC_FLAG_END};
	kc_flags_args args = {0};
	int rc = 1;
	int p = parse(ctx, argc, argv, own, "current-context", "kc config current-context [options]",
		      "Display the current-context.", "# Display the current-context\nkc config current-context",
		      &args, &rc);
	free(args.args);
	if (p != 0)
		return rc;
	kc_cfgchain c;
	if (kc_cfgchain_load(ctx, &c) < 0) {
		kc_cfgchain_free(&c);
		return 1;
	}
	_cleanup_json_ cJSON *m = kc_cfgchain_merged(&c);
	kc_cfgchain_free(&c);
	const char *cur = kc_json_get_str(m, "current-context", "");
	if (!cur[0])
		return kc_fail(ctx, "current-context is not set");
	fprintf(ctx->out, "%s\n", cur);
	return 0;
}

static int config_use_context(kc_ctx *ctx, int argc, char **argv)
{
	kc_flag own[] = {KC_FLAG_END};
	kc_flags_args args = {0};
	int rc = 1;
	static const char *syn = "kc config use-context CONTEXT_NAME [options]";
	static const char *desc = "Set the current-context in a kubeconfig file.";
	static const char *ex = "# Use the context for the minikube cluster\nkc config use-context minikube";
	int p = parse(ctx, argc, argv, own, "use-context", syn, desc, ex, &args, &rc);
	kc_cfgchain c = {0};
	_cleanup_json_ cJSON *m = NULL;
	if (p != 0)
		goto out;
	if (args.n != 1) {
		rc = unexpected_args(ctx, own, "use-context", syn, desc, ex, &args);
		goto out;
	}
	const char *name = args.args[0];
	if (!name[0]) {
		rc = kc_fail(ctx, "empty context names are not allowed");
		goto out;
	}
	if (kc_cfgchain_load(ctx, &c) < 0)
		goto out;
	m = kc_cfgchain_merged(&c);
	if (!kc_cfg_find_entry(m, "contexts", name)) {
		rc = kc_fail(ctx, "no context exists with the name: \"%s\"", name);
		goto out;
	}
	if (kc_cfgchain_set_current(ctx, &c, name) < 0)
		goto out;
	fprintf(ctx->out, "Switched to context \"%s\".\n", name);
	rc = 0;
out:
	kc_cfgchain_free(&c);
	free(args.args);
	return rc;
}

/* ---- get-contexts, get-clusters, get-users ---- */

static int config_get_contexts(kc_ctx *ctx, int argc, char **argv)
{
	bool no_headers = false;
	const char *output = "";
	kc_flag own[] = {
		KC_FLAG_BOOL("no-headers", 0, &no_headers, "false",
			     "When using the default or custom-column output format, don't print headers (default print "
			     "headers)."),
		KC_FLAG_STRING("output", 'o', &output, "", "Output format. One of: (name)."),
		KC_FLAG_END,
	};
	kc_flags_args args = {0};
	int rc = 1;
	int p = parse(ctx, argc, argv, own, "get-contexts", "kc config get-contexts [(-o|--output=)name)] [options]",
		      "Display one or many contexts from the kubeconfig file.",
		      "# List all the contexts in your kubeconfig file\n"
		      "kc config get-contexts\n\n"
		      "# Describe one context in your kubeconfig file\n"
		      "kc config get-contexts my-context",
		      &args, &rc);
	kc_cfgchain c = {0};
	_cleanup_json_ cJSON *raw = NULL;
	_cleanup_json_ cJSON *m = NULL;
	_cleanup_buf_ kc_buf errs = KC_BUF_INIT;
	if (p != 0)
		goto out;
	if (output[0] && !streq(output, "name")) {
		rc = kc_fail(ctx, "--output %s is not available in kubectl config get-contexts; resetting to default "
				  "output format",
			     output);
		goto out;
	}
	if (kc_cfgchain_load(ctx, &c) < 0)
		goto out;
	raw = kc_cfgchain_merged(&c);
	m = kc_kubeconfig_normalize(raw);
	const char *cur = kc_json_get_str(m, "current-context", "");
	size_t cap = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m, "contexts")) + 1;
	const char **cells = xcalloc((cap + (size_t)args.n) * 5 + 5, sizeof(*cells));
	size_t rows = 0;
	int nerr = 0;
	if (!no_headers && !streq(output, "name")) {
		const char *h[] = {"CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"};
		memcpy(cells, h, sizeof(h));
		rows++;
	}
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(m, "contexts")) {
		const char *name = kc_json_get_str(e, "name", "");
		bool wanted = args.n == 0;
		for (int i = 0; i < args.n; i++)
			wanted |= streq(args.args[i], name);
		if (!wanted)
			continue;
		if (streq(output, "name")) {
			fprintf(ctx->out, "%s\n", name);
			continue;
		}
		const char **row = cells + rows * 5;
		row[0] = streq(name, cur) ? "*" : "";
		row[1] = name;
		row[2] = kc_json_get_str(e, "context.cluster", "");
		row[3] = kc_json_get_str(e, "context.user", "");
		row[4] = kc_json_get_str(e, "context.namespace", "");
		rows++;
	}
	for (int i = 0; i < args.n; i++)
		if (!kc_cfg_find_entry(m, "contexts", args.args[i])) {
			kc_buf_addf(&errs, "%scontext %s not found", nerr ? ", " : "", args.args[i]);
			nerr++;
		}
	if (!streq(output, "name")) {
		_cleanup_free_ char *table = kc_tabwrite(cells, rows, 5);
		fputs(table, ctx->out);
	}
	free(cells);
	if (nerr) {
		fflush(ctx->out);
		kc_fail(ctx, nerr > 1 ? "[%s]" : "%s", errs.s);
		goto out;
	}
	rc = 0;
out:
	kc_cfgchain_free(&c);
	free(args.args);
	return rc;
}

static int list_names(kc_ctx *ctx, int argc, char **argv, const char *sub, const char *section, const char *what)
{
	kc_flag own[] = {KC_FLAG_END};
	kc_flags_args args = {0};
	int rc = 1;
	_cleanup_free_ char *syn = xasprintf("kc config %s [options]", sub);
	_cleanup_free_ char *desc = xasprintf("Display %s defined in the kubeconfig.", what);
	_cleanup_free_ char *ex = xasprintf("# List the %s that kc knows about\nkc config %s", what, sub);
	int p = parse(ctx, argc, argv, own, sub, syn, desc, ex, &args, &rc);
	free(args.args);
	if (p != 0)
		return rc;
	kc_cfgchain c;
	if (kc_cfgchain_load(ctx, &c) < 0) {
		kc_cfgchain_free(&c);
		return 1;
	}
	_cleanup_json_ cJSON *raw = kc_cfgchain_merged(&c);
	kc_cfgchain_free(&c);
	_cleanup_json_ cJSON *m = kc_kubeconfig_normalize(raw);
	fputs("NAME\n", ctx->out);
	const cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(m, section))
		fprintf(ctx->out, "%s\n", kc_json_get_str(e, "name", ""));
	return 0;
}

static int config_get_clusters(kc_ctx *ctx, int argc, char **argv)
{
	return list_names(ctx, argc, argv, "get-clusters", "clusters", "clusters");
}

static int config_get_users(kc_ctx *ctx, int argc, char **argv)
{
	return list_names(ctx, argc, argv, "get-users", "users", "users");
}

/* ---- delete-*, rename-context ---- */

static int delete_entry(kc_ctx *ctx, int argc, char **argv, const char *sub, const char *section, const char *what)
{
	kc_flag own[] = {KC_FLAG_END};
	kc_flags_args args = {0};
	int rc = 1;
	_cleanup_free_ char *syn = xasprintf("kc config %s NAME [options]", sub);
	_cleanup_free_ char *desc = xasprintf("Delete the specified %s from the kubeconfig.", what);
	_cleanup_free_ char *ex = xasprintf("# Delete the %s for the minikube cluster\nkc config %s minikube", what, sub);
	int p = parse(ctx, argc, argv, own, sub, syn, desc, ex, &args, &rc);
	kc_cfgchain c = {0};
	_cleanup_json_ cJSON *m = NULL;
	if (p != 0)
		goto out;
	if (kc_cfgchain_load(ctx, &c) < 0)
		goto out;
	if (args.n != 1) {
		if (streq(section, "users")) {
			rc = usage_error(ctx, sub, "user to delete is required");
		} else {
			kc_flag *tables[] = {own, ctx->table, NULL};
			_cleanup_free_ char *n = xasprintf("config %s", sub);
			kc_usage(ctx, n, syn, desc, ex, tables);
			rc = 0;
		}
		goto out;
	}
	const char *name = args.args[0];
	m = kc_cfgchain_merged(&c);
	if (!kc_cfg_find_entry(m, section, name)) {
		rc = kc_fail(ctx, "cannot delete %s %s, not in %s", what, name, kc_cfgchain_message_file(&c));
		goto out;
	}
	if (streq(section, "contexts") && streq(kc_json_get_str(m, "current-context", ""), name))
		fputs("warning: this removed your active context, use \"kc config use-context\" to select a different "
		      "one\n",
		      ctx->err);
	if (kc_cfgchain_put(ctx, &c, section, name, NULL) < 0)
		goto out;
	fprintf(ctx->out, "deleted %s %s from %s\n", what, name, kc_cfgchain_message_file(&c));
	rc = 0;
out:
	kc_cfgchain_free(&c);
	free(args.args);
	return rc;
}

static int config_delete_context(kc_ctx *ctx, int argc, char **argv)
{
	return delete_entry(ctx, argc, argv, "delete-context", "contexts", "context");
}

static int config_delete_cluster(kc_ctx *ctx, int argc, char **argv)
{
	return delete_entry(ctx, argc, argv, "delete-cluster", "clusters", "cluster");
}

static int config_delete_user(kc_ctx *ctx, int argc, char **argv)
{
	return delete_entry(ctx, argc, argv, "delete-user", "users", "user");
}

static int config_rename_context(kc_ctx *ctx, int argc, char **argv)
{
	kc_flag own[] = {KC_FLAG_END};
	kc_flags_args args = {0};
	int rc = 1;
	static const char *syn = "kc config rename-context CONTEXT_NAME NEW_NAME [options]";
	static const char *desc = "Renames a context from the kubeconfig file.\n\n"
				  " CONTEXT_NAME is the context name that you want to change.\n\n"
				  " NEW_NAME is the new name you want to set.\n\n"
				  " Note: If the context being renamed is the 'current-context', this field will also be "
				  "updated.";
	static const char *ex = "# Rename the context 'old-name' to 'new-name' in your kubeconfig file\n"
				"kc config rename-context old-name new-name";
	int p = parse(ctx, argc, argv, own, "rename-context", syn, desc, ex, &args, &rc);
	kc_cfgchain c = {0};
	_cleanup_json_ cJSON *m = NULL;
	if (p != 0)
		goto out;
	if (args.n != 2) {
		rc = unexpected_args(ctx, own, "rename-context", syn, desc, ex, &args);
		goto out;
	}
	const char *from = args.args[0], *to = args.args[1];
	if (!to[0]) {
		rc = kc_fail(ctx, "You must specify a new non-empty context name");
		goto out;
	}
	if (kc_cfgchain_load(ctx, &c) < 0)
		goto out;
	m = kc_cfgchain_merged(&c);
	const cJSON *e = kc_cfg_find_entry(m, "contexts", from);
	if (!e) {
		rc = kc_fail(ctx, "cannot rename the context \"%s\", it's not in %s", from, kc_cfgchain_message_file(&c));
		goto out;
	}
	if (kc_cfg_find_entry(m, "contexts", to)) {
		rc = kc_fail(ctx, "cannot rename the context \"%s\", the context \"%s\" already exists in %s", from, to,
			     kc_cfgchain_message_file(&c));
		goto out;
	}
	/* the renamed entry stays in the file that held it */
	int origin = kc_cfgchain_origin(&c, "contexts", from);
	cJSON *entry = kc_cfg_find_entry(c.docs[origin], "contexts", from);
	kc_json_object_put(entry, "name", cJSON_CreateString(to));
	if (kc_cfgchain_write(ctx, c.files[origin], c.docs[origin]) < 0)
		goto out;
	if (streq(kc_json_get_str(m, "current-context", ""), from) && kc_cfgchain_set_current(ctx, &c, to) < 0)
		goto out;
	fprintf(ctx->out, "Context \"%s\" renamed to \"%s\".\n", from, to);
	rc = 0;
out:
	kc_cfgchain_free(&c);
	free(args.args);
	return rc;
}

/* ---- set-context, set-cluster, set-credentials ---- */

/* The merged entry body of name (a copy, {} when new) and whether it
 * existed. */
static cJSON *entry_body(const kc_cfgchain *c, const char *section, const char *member, const char *name,
			 bool *ret_exists)
{
	_cleanup_json_ cJSON *m = kc_cfgchain_merged(c);
	const cJSON *e = kc_cfg_find_entry(m, section, name);
	*ret_exists = e != NULL;
	const cJSON *body = kc_json_get(e, member);
	return cJSON_IsObject(body) ? cJSON_Duplicate(body, true) : cJSON_CreateObject();
}

static void put_str(cJSON *body, const char *key, const char *value)
{
	if (value && value[0])
		kc_json_object_put(body, key, cJSON_CreateString(value));
	else
		kc_json_object_remove(body, key);
}

static int config_set_context(kc_ctx *ctx, int argc, char **argv)
{
	bool current = false;
	const char *cluster = "", *user = "", *ns = "";
	kc_flag own[] = {
		KC_FLAG_STRING("cluster", 0, &cluster, "", "cluster for the context entry in kubeconfig"),
		KC_FLAG_BOOL("current", 0, &current, "false", "Modify the current context"),
		KC_FLAG_STRING("namespace", 0, &ns, "", "namespace for the context entry in kubeconfig"),
		KC_FLAG_STRING("user", 0, &user, "", "user for the context entry in kubeconfig"),
		KC_FLAG_END,
	};
	kc_flags_args args = {0};
	int rc = 1;
	static const char *syn = "kc config set-context [NAME | --current] [--cluster=cluster_nickname] "
				 "[--user=user_nickname] [--namespace=namespace] [options]";
	static const char *desc = "Set a context entry in kubeconfig.\n\n"
				  " Specifying a name that already exists will merge new fields on top of existing values "
				  "for those fields.";
	static const char *ex = "# Set the user field on the gce context entry without touching other values\n"
				"kc config set-context gce --user=cluster-admin";
	int p = parse(ctx, argc, argv, own, "set-context", syn, desc, ex, &args, &rc);
	kc_cfgchain c = {0};
	if (p != 0)
		goto out;
	if (args.n > 1) {
		rc = unexpected_args(ctx, own, "set-context", syn, desc, ex, &args);
		goto out;
	}
	const char *name = args.n ? args.args[0] : "";
	if (!name[0] && !current) {
		rc = kc_fail(ctx, "you must specify a non-empty context name or --current");
		goto out;
	}
	if (name[0] && current) {
		rc = kc_fail(ctx, "you cannot specify both a context name and --current");
		goto out;
	}
	if (kc_cfgchain_load(ctx, &c) < 0)
		goto out;
	if (current) {
		_cleanup_json_ cJSON *m = kc_cfgchain_merged(&c);
		const char *cur = kc_json_get_str(m, "current-context", "");
		if (!cur[0]) {
			rc = kc_fail(ctx, "no current context is set");
			goto out;
		}
		name = args.args ? args.args[0] : NULL;
		_cleanup_free_ char *copy = xstrdup(cur);
		bool exists;
		cJSON *body = entry_body(&c, "contexts", "context", copy, &exists);
		kc_flag *tables[] = {own, NULL};
		if (kc_flags_changed(tables, "cluster"))
			kc_json_object_put(body, "cluster", cJSON_CreateString(cluster));
		if (kc_flags_changed(tables, "user"))
			kc_json_object_put(body, "user", cJSON_CreateString(user));
		if (kc_flags_changed(tables, "namespace"))
			put_str(body, "namespace", ns);
		if (kc_cfgchain_put(ctx, &c, "contexts", copy, body) < 0)
			goto out;
		fprintf(ctx->out, "Context \"%s\" %s.\n", copy, exists ? "modified" : "created");
		rc = 0;
		goto out;
	}
	bool exists;
	cJSON *body = entry_body(&c, "contexts", "context", name, &exists);
	kc_flag *tables[] = {own, NULL};
	if (kc_flags_changed(tables, "cluster"))
		kc_json_object_put(body, "cluster", cJSON_CreateString(cluster));
	if (kc_flags_changed(tables, "user"))
		kc_json_object_put(body, "user", cJSON_CreateString(user));
	if (kc_flags_changed(tables, "namespace"))
		put_str(body, "namespace", ns);
	if (kc_cfgchain_put(ctx, &c, "contexts", name, body) < 0)
		goto out;
	fprintf(ctx->out, "Context \"%s\" %s.\n", name, exists ? "modified" : "created");
	rc = 0;
out:
	kc_cfgchain_free(&c);
	free(args.args);
	return rc;
}

/* The file an entry will be written to (for relative paths). */
static const char *dest_file(const kc_cfgchain *c, const char *section, const char *name)
{
	int i = kc_cfgchain_origin(c, section, name);
	return i >= 0 ? c->files[i] : c->default_file;
}

static int read_b64(const char *path, char **ret)
{
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r = kc_read_file(path, 16u << 20, &data, &len);
	if (r < 0)
		return r;
	*ret = kc_base64_encode(data, len);
	return 0;
}

static int stat_error(kc_ctx *ctx, const char *flag, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0)
		return 0;
	return kc_fail(ctx, "could not stat %s file %s: stat %s: %s", flag, path, path,
		       errno == ENOENT ? "no such file or directory" : strerror(errno));
}

static int config_set_cluster(kc_ctx *ctx, int argc, char **argv)
{
	bool insecure = false, embed = false;
	const char *server = "", *ca = "", *tls_name = "", *proxy = "";
	kc_flag own[] = {
		KC_FLAG_STRING("certificate-authority", 0, &ca, "",
			       "Path to certificate-authority file for the cluster entry in kubeconfig"),
		KC_FLAG_BOOL("embed-certs", 0, &embed, "false", "embed-certs for the cluster entry in kubeconfig"),
		KC_FLAG_BOOL("insecure-skip-tls-verify", 0, &insecure, "false",
			     "insecure-skip-tls-verify for the cluster entry in kubeconfig"),
		KC_FLAG_STRING("proxy-url", 0, &proxy, "", "proxy-url for the cluster entry in kubeconfig"),
		KC_FLAG_STRING("server", 0, &server, "", "server for the cluster entry in kubeconfig"),
		KC_FLAG_STRING("tls-server-name", 0, &tls_name, "", "tls-server-name for the cluster entry in kubeconfig"),
		KC_FLAG_END,
	};
	kc_flags_args args = {0};
	int rc = 1;
	static const char *syn = "kc config set-cluster NAME [--server=server] "
				 "[--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] "
				 "[--tls-server-name=example.com] [options]";
	static const char *desc = "Set a cluster entry in kubeconfig.\n\n"
				  " Specifying a name that already exists will merge new fields on top of existing values "
				  "for those fields.";
	static const char *ex = "# Set only the server field on the e2e cluster entry without touching other values\n"
				"kc config set-cluster e2e --server=https://1.2.3.4\n\n"
				"# Embed certificate authority data for the e2e cluster entry\n"
				"kc config set-cluster e2e --embed-certs --certificate-authority=~/.kube/e2e/kubernetes.ca.crt\n\n"
				"# Disable cert checking for the e2e cluster entry\n"
				"kc config set-cluster e2e --insecure-skip-tls-verify=true\n\n"
				"# Set the custom TLS server name to use for validation for the e2e cluster entry\n"
				"kc config set-cluster e2e --tls-server-name=my-cluster-name";
	int p = parse(ctx, argc, argv, own, "set-cluster", syn, desc, ex, &args, &rc);
	kc_cfgchain c = {0};
	kc_flag *tables[] = {own, NULL};
	if (p != 0)
		goto out;
	if (args.n != 1) {
		rc = unexpected_args(ctx, own, "set-cluster", syn, desc, ex, &args);
		goto out;
	}
	const char *name = args.args[0];
	bool ca_given = kc_flags_changed(tables, "certificate-authority");
	if (!name[0]) {
		rc = kc_fail(ctx, "you must specify a non-empty cluster name");
		goto out;
	}
	if (insecure && ca[0]) {
		rc = kc_fail(ctx, "you cannot specify a certificate authority and insecure mode at the same time");
		goto out;
	}
	if (embed) {
		if (!ca[0]) {
			rc = kc_fail(ctx, "you must specify a --certificate-authority to embed");
			goto out;
		}
		if (stat_error(ctx, "certificate-authority", ca))
			goto out;
	}
	if (kc_cfgchain_load(ctx, &c) < 0)
		goto out;
	bool exists;
	cJSON *body = entry_body(&c, "clusters", "cluster", name, &exists);
	if (kc_flags_changed(tables, "server"))
		put_str(body, "server", server);
	if (kc_flags_changed(tables, "tls-server-name"))
		put_str(body, "tls-server-name", tls_name);
	if (kc_flags_changed(tables, "insecure-skip-tls-verify")) {
		if (insecure) {
			kc_json_object_put(body, "insecure-skip-tls-verify", cJSON_CreateTrue());
			/* insecure mode clears any certificate authority */
			kc_json_object_remove(body, "certificate-authority");
			kc_json_object_remove(body, "certificate-authority-data");
		} else {
			kc_json_object_remove(body, "insecure-skip-tls-verify");
		}
	}
	if (ca_given) {
		if (embed) {
			_cleanup_free_ char *b64 = NULL;
			if (read_b64(ca, &b64) == 0)
				kc_json_object_put(body, "certificate-authority-data", cJSON_CreateString(b64));
			kc_json_object_remove(body, "insecure-skip-tls-verify");
			kc_json_object_remove(body, "certificate-authority");
		} else {
			_cleanup_free_ char *rel = kc_path_relative_to(ca, dest_file(&c, "clusters", name));
			put_str(body, "certificate-authority", rel);
			if (rel[0]) {
				kc_json_object_remove(body, "insecure-skip-tls-verify");
				kc_json_object_remove(body, "certificate-authority-data");
			}
		}
	}
	if (kc_flags_changed(tables, "proxy-url"))
		put_str(body, "proxy-url", proxy);
	if (kc_cfgchain_put(ctx, &c, "clusters", name, body) < 0)
		goto out;
	fprintf(ctx->out, "Cluster \"%s\" set.\n", name);
	rc = 0;
out:
	kc_cfgchain_free(&c);
	free(args.args);
	return rc;
}

static int config_set_credentials(kc_ctx *ctx, int argc, char **argv)
{
	bool embed = false;
	const char *cert = "", *key = "", *token = "", *username = "", *password = "";
	const char *exec_cmd = "", *exec_api = "";
	kc_flags_list exec_args = {0}, exec_env = {0};
	kc_flag own[] = {
		KC_FLAG_STRING("client-certificate", 0, &cert, "",
			       "Path to client-certificate file for the user entry in kubeconfig"),
		KC_FLAG_STRING("client-key", 0, &key, "", "Path to client-key file for the user entry in kubeconfig"),
		KC_FLAG_BOOL("embed-certs", 0, &embed, "false",
			     "Embed client cert/key for the user entry in kubeconfig"),
		KC_FLAG_STRING("exec-api-version", 0, &exec_api, "",
			       "API version of the exec credential plugin for the user entry in kubeconfig"),
		KC_FLAG_STRING_ARRAY("exec-arg", 0, &exec_args, "",
				     "New arguments for the exec credential plugin command for the user entry in "
				     "kubeconfig"),
		KC_FLAG_STRING("exec-command", 0, &exec_cmd, "",
			       "Command for the exec credential plugin for the user entry in kubeconfig"),
		KC_FLAG_STRING_ARRAY("exec-env", 0, &exec_env, "",
				     "'key=value' environment values for the exec credential plugin"),
		KC_FLAG_STRING("password", 0, &password, "", "password for the user entry in kubeconfig"),
		KC_FLAG_STRING("token", 0, &token, "", "token for the user entry in kubeconfig"),
		KC_FLAG_STRING("username", 0, &username, "", "username for the user entry in kubeconfig"),
		KC_FLAG_END,
	};
	kc_flags_args args = {0};
	int rc = 1;
	static const char *syn = "kc config set-credentials NAME [--client-certificate=path/to/certfile] "
				 "[--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] "
				 "[--password=basic_password] [--auth-provider=provider_name] "
				 "[--auth-provider-arg=key=value] [--exec-command=exec_command] "
				 "[--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value] [options]";
	static const char *desc = "Set a user entry in kubeconfig.\n\n"
				  " Specifying a name that already exists will merge new fields on top of existing values.\n\n"
				  "        Client-certificate flags:\n"
				  "        --client-certificate=certfile --client-key=keyfile\n        \n"
				  "        Bearer token flags:\n"
				  "        --token=bearer_token\n        \n"
				  "        Basic auth flags:\n"
				  "        --username=basic_user --password=basic_password\n        \n"
				  " Bearer token and basic auth are mutually exclusive.";
	static const char *ex = "# Set only the \"client-key\" field on the \"cluster-admin\"\n"
				"# entry, without touching other values\n"
				"kc config set-credentials cluster-admin --client-key=~/.kube/admin.key\n\n"
				"# Set basic auth for the \"cluster-admin\" entry\n"
				"kc config set-credentials cluster-admin --username=admin --password=uXFGweU9l35qcif\n\n"
				"# Embed client certificate data in the \"cluster-admin\" entry\n"
				"kc config set-credentials cluster-admin --client-certificate=~/.kube/admin.crt "
				"--embed-certs=true";
	int p = parse(ctx, argc, argv, own, "set-credentials", syn, desc, ex, &args, &rc);
	kc_cfgchain c = {0};
	kc_flag *tables[] = {own, NULL};
	if (p != 0)
		goto out;
	if (args.n != 1) {
		fprintf(ctx->err, "error: unexpected args: [");
		for (int i = 0; i < args.n; i++)
			fprintf(ctx->err, "%s%s", i ? " " : "", args.args[i]);
		fputs("]\n", ctx->err);
		goto out;
	}
	const char *name = args.args[0];
	if (!name[0]) {
		rc = kc_fail(ctx, "you must specify a non-empty user name");
		goto out;
	}
	if (token[0] && (username[0] || password[0])) {
		rc = kc_fail(ctx, "you cannot specify more than one authentication method at the same time: --token, "
				  "--username/--password");
		goto out;
	}
	if (embed) {
		if (!cert[0] && !key[0]) {
			rc = kc_fail(ctx, "you must specify a --client-certificate or --client-key to embed");
			goto out;
		}
		if ((cert[0] && stat_error(ctx, "client-certificate", cert)) || (key[0] && stat_error(ctx, "client-key", key)))
			goto out;
	}
	if (kc_cfgchain_load(ctx, &c) < 0)
		goto out;
	bool exists;
	cJSON *body = entry_body(&c, "users", "user", name, &exists);
	const char *file = dest_file(&c, "users", name);
	const char *paths[] = {"client-certificate", "client-key"};
	const char *values[] = {cert, key};
	for (int k = 0; k < 2; k++) {
		if (!kc_flags_changed(tables, paths[k]))
			continue;
		_cleanup_free_ char *data_key = xasprintf("%s-data", paths[k]);
		if (embed) {
			_cleanup_free_ char *b64 = NULL;
			if (read_b64(values[k], &b64) == 0)
				kc_json_object_put(body, data_key, cJSON_CreateString(b64));
			kc_json_object_remove(body, paths[k]);
		} else {
			_cleanup_free_ char *rel = kc_path_relative_to(values[k], file);
			put_str(body, paths[k], rel);
			if (rel[0])
				kc_json_object_remove(body, data_key);
		}
	}
	bool set_token = false, set_basic = false;
	if (kc_flags_changed(tables, "token")) {
		put_str(body, "token", token);
		set_token = token[0];
	}
	if (kc_flags_changed(tables, "username")) {
		put_str(body, "username", username);
		set_basic |= username[0] != '\0';
	}
	if (kc_flags_changed(tables, "password")) {
		put_str(body, "password", password);
		set_basic |= password[0] != '\0';
	}
	if (kc_flags_changed(tables, "exec-command") || kc_flags_changed(tables, "exec-api-version") ||
	    exec_args.n || exec_env.n) {
		cJSON *exec = cJSON_GetObjectItemCaseSensitive(body, "exec");
		if (!cJSON_IsObject(exec)) {
			exec = cJSON_CreateObject();
			kc_json_object_put(body, "exec", exec);
		}
		if (kc_flags_changed(tables, "exec-command"))
			put_str(exec, "command", exec_cmd);
		if (kc_flags_changed(tables, "exec-api-version"))
			put_str(exec, "apiVersion", exec_api);
		if (exec_args.n) {
			cJSON *a = cJSON_CreateArray();
			for (size_t i = 0; i < exec_args.n; i++)
				cJSON_AddItemToArray(a, cJSON_CreateString(exec_args.items[i]));
			kc_json_object_put(exec, "args", a);
		}
		for (size_t i = 0; i < exec_env.n; i++) {
			const char *kv = exec_env.items[i];
			const char *eq = strchr(kv, '=');
			cJSON *env = cJSON_GetObjectItemCaseSensitive(exec, "env");
			if (!cJSON_IsArray(env)) {
				env = cJSON_CreateArray();
				kc_json_object_put(exec, "env", env);
			}
			_cleanup_free_ char *k = eq ? xstrndup(kv, (size_t)(eq - kv)) : xstrdup(kv);
			bool remove = !eq && kv[0] && kv[strlen(kv) - 1] == '-';
			if (remove)
				k[strlen(k) - 1] = '\0';
			for (int j = cJSON_GetArraySize(env) - 1; j >= 0; j--)
				if (streq(kc_json_get_str(cJSON_GetArrayItem(env, j), "name", ""), k))
					cJSON_DeleteItemFromArray(env, j);
			if (eq) {
				cJSON *e = cJSON_CreateObject();
				cJSON_AddStringToObject(e, "name", k);
				cJSON_AddStringToObject(e, "value", eq + 1);
				cJSON_AddItemToArray(env, e);
			}
		}
		if (!cJSON_GetObjectItemCaseSensitive(exec, "interactiveMode"))
			cJSON_AddStringToObject(exec, "interactiveMode", "IfAvailable");
	}
	/* one auth method at a time: setting one clears the other */
	if (set_token || set_basic) {
		if (!set_token)
			kc_json_object_remove(body, "token");
		if (!set_basic) {
			kc_json_object_remove(body, "username");
			kc_json_object_remove(body, "password");
		}
	}
	if (kc_cfgchain_put(ctx, &c, "users", name, body) < 0)
		goto out;
	fprintf(ctx->out, "User \"%s\" set.\n", name);
	rc = 0;
out:
	kc_cfgchain_free(&c);
	kc_flags_release(tables);
	free(args.args);
	return rc;
}

/* ---- set, unset: a property by its dotted path ---- */

/* Splits "clusters.my.cluster.server" into section, entry name and field,
 * preferring entry names that exist (names may hold dots). */
static int split_property(const cJSON *merged, const char *path, const char **ret_section, char **ret_name,
			  char **ret_field)
{
	for (size_t s = 0; kc_cfg_sections[s]; s++) {
		size_t l = strlen(kc_cfg_sections[s]);
		if (strncmp(path, kc_cfg_sections[s], l) != 0 || (path[l] != '.' && path[l]))
			continue;
		*ret_section = kc_cfg_sections[s];
		if (!path[l]) {
			*ret_name = NULL;
			*ret_field = NULL;
			return 0;
		}
		const char *rest = path + l + 1;
		/* the longest existing name that the rest starts with */
		const cJSON *e;
		size_t best = 0;
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(merged, kc_cfg_sections[s])) {
			const char *n = kc_json_get_str(e, "name", "");
			size_t nl = strlen(n);
			if (nl > best && strncmp(rest, n, nl) == 0 && (rest[nl] == '.' || !rest[nl]))
				best = nl;
		}
		if (!best) {
			const char *dot = strchr(rest, '.');
			best = dot ? (size_t)(dot - rest) : strlen(rest);
		}
		*ret_name = xstrndup(rest, best);
		*ret_field = rest[best] == '.' ? xstrdup(rest + best + 1) : NULL;
		return 0;
	}
	return -ENOENT;
}

static int set_or_unset(kc_ctx *ctx, int argc, char **argv, bool unset)
{
	bool raw_bytes = false;
	kc_flag own[] = {
		KC_FLAG_BOOL("set-raw-bytes", 0, &raw_bytes, "false",
			     "When writing a []byte PROPERTY_VALUE, write the given string directly without base64 "
			     "decoding."),
		KC_FLAG_END,
	};
	if (unset)
		own[0] = (kc_flag)KC_FLAG_END;
	const char *sub = unset ? "unset" : "set";
	kc_flags_args args = {0};
	int rc = 1;
	const char *syn = unset ? "kc config unset PROPERTY_NAME [options]"
				: "kc config set PROPERTY_NAME PROPERTY_VALUE [options]";
	const char *desc = unset ? "Unset an individual value in a kubeconfig file.\n\n"
				   " PROPERTY_NAME is a dot delimited name where each token represents either an attribute "
				   "name or a map key.  Map keys may not contain dots."
				 : "Set an individual value in a kubeconfig file.\n\n"
				   " PROPERTY_NAME is a dot delimited name where each token represents either an attribute "
				   "name or a map key.  Map keys may not contain dots.\n\n"
				   " PROPERTY_VALUE is the new value you want to set. Binary fields such as "
				   "'certificate-authority-data' expect a base64 encoded string unless the --set-raw-bytes "
				   "flag is used.\n\n"
				   " Specifying an attribute name that already exists will merge new fields on top of "
				   "existing values.";
	const char *ex = unset ? "# Unset the current-context\nkc config unset current-context\n\n"
				 "# Unset namespace in foo context\nkc config unset contexts.foo.namespace"
			       : "# Set the server field on the my-cluster cluster to https://1.2.3.4\n"
				 "kc config set clusters.my-cluster.server https://1.2.3.4\n\n"
				 "# Set the certificate-authority-data field on the my-cluster cluster\n"
				 "kc config set clusters.my-cluster.certificate-authority-data $(echo \"cert_data_here\" | "
				 "base64 -i -)\n\n"
				 "# Set the cluster field in the my-context context to my-cluster\n"
				 "kc config set contexts.my-context.cluster my-cluster\n\n"
				 "# Set the client-key-data field in the cluster-admin user using --set-raw-bytes option\n"
				 "kc config set users.cluster-admin.client-key-data cert_data_here --set-raw-bytes=true";
	int p = parse(ctx, argc, argv, own, sub, syn, desc, ex, &args, &rc);
	kc_cfgchain c = {0};
	_cleanup_json_ cJSON *merged = NULL;
	char *name = NULL, *field = NULL;
	if (p != 0)
		goto out;
	if (args.n != (unset ? 1 : 2)) {
		rc = unexpected_args(ctx, own, sub, syn, desc, ex, &args);
		goto out;
	}
	const char *prop = args.args[0], *value = unset ? NULL : args.args[1];
	if (!prop[0]) {
		rc = kc_fail(ctx, "you must specify a property");
		goto out;
	}
	if (!unset && !value[0]) {
		rc = kc_fail(ctx, "you cannot use set to unset a property");
		goto out;
	}
	if (kc_cfgchain_load(ctx, &c) < 0)
		goto out;
	merged = kc_cfgchain_merged(&c);
	if (streq(prop, "current-context")) {
		if (kc_cfgchain_set_current(ctx, &c, unset ? "" : value) < 0)
			goto out;
	} else if (str_startswith(prop, "preferences.")) {
		int i = (int)0;
		for (size_t k = 0; k < c.n; k++)
			if (streq(c.files[k], c.default_file))
				i = (int)k;
		cJSON *prefs = cJSON_GetObjectItemCaseSensitive(c.docs[i], "preferences");
		if (!cJSON_IsObject(prefs)) {
			prefs = cJSON_CreateObject();
			kc_json_object_put(c.docs[i], "preferences", prefs);
		}
		const char *key = prop + strlen("preferences.");
		if (unset)
			kc_json_object_remove(prefs, key);
		else if (streq(value, "true") || streq(value, "false"))
			kc_json_object_put(prefs, key, cJSON_CreateBool(streq(value, "true")));
		else
			kc_json_object_put(prefs, key, cJSON_CreateString(value));
		if (kc_cfgchain_write(ctx, c.files[i], c.docs[i]) < 0)
			goto out;
	} else {
		const char *section = NULL;
		if (split_property(merged, prop, &section, &name, &field) < 0 || (!name && !unset)) {
			_cleanup_free_ char *first = xstrndup(prop, strcspn(prop, "."));
			rc = kc_fail(ctx, "unable to locate path %s under %s", first, "Config");
			goto out;
		}
		size_t s = 0;
		while (!streq(kc_cfg_sections[s], section))
			s++;
		const char *member = kc_cfg_members[s];
		bool exists;
		if (!name) {
			/* unset clusters: every entry of the section */
			const cJSON *e;
			cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(merged, section))
				if (kc_cfgchain_put(ctx, &c, section, kc_json_get_str(e, "name", ""), NULL) < 0)
					goto out;
		} else if (!field) {
			if (!unset) {
				rc = kc_fail(ctx, "can't set a map to a value: map[]");
				goto out;
			}
			if (!kc_cfg_find_entry(merged, section, name)) {
				rc = kc_fail(ctx, "current map key `%s` is invalid", name);
				goto out;
			}
			if (kc_cfgchain_put(ctx, &c, section, name, NULL) < 0)
				goto out;
		} else {
			cJSON *body = entry_body(&c, section, member, name, &exists);
			if (unset) {
				kc_json_object_remove(body, field);
			} else if (str_endswith(field, "-data")) {
				if (raw_bytes) {
					_cleanup_free_ char *b64 = kc_base64_encode(value, strlen(value));
					kc_json_object_put(body, field, cJSON_CreateString(b64));
				} else {
					char *dec = NULL;
					size_t dl = 0;
					if (kc_base64_decode(value, strlen(value), &dec, &dl) < 0) {
						cJSON_Delete(body);
						rc = kc_fail(ctx, "error decoding input value: illegal base64 data at input "
								  "byte 0");
						goto out;
					}
					free(dec);
					kc_json_object_put(body, field, cJSON_CreateString(value));
				}
			} else if (streq(field, "insecure-skip-tls-verify") || streq(field, "disable-compression")) {
				if (!streq(value, "true") && !streq(value, "false")) {
					cJSON_Delete(body);
					rc = kc_fail(ctx, "strconv.ParseBool: parsing \"%s\": invalid syntax", value);
					goto out;
				}
				kc_json_object_put(body, field, cJSON_CreateBool(streq(value, "true")));
			} else {
				kc_json_object_put(body, field, cJSON_CreateString(value));
			}
			if (kc_cfgchain_put(ctx, &c, section, name, body) < 0)
				goto out;
		}
	}
	fprintf(ctx->out, "Property \"%s\" %s.\n", prop, unset ? "unset" : "set");
	rc = 0;
out:
	free(name);
	free(field);
	kc_cfgchain_free(&c);
	free(args.args);
	return rc;
}

static int config_set(kc_ctx *ctx, int argc, char **argv) { return set_or_unset(ctx, argc, argv, false); }
static int config_unset(kc_ctx *ctx, int argc, char **argv) { return set_or_unset(ctx, argc, argv, true); }

int cmd_config(kc_ctx *ctx, int argc, char **argv)
{
	static const kc_subcommand subs[] = {
		{"current-context", config_current_context, "Display the current-context"},
		{"delete-cluster", config_delete_cluster, "Delete the specified cluster from the kubeconfig"},
		{"delete-context", config_delete_context, "Delete the specified context from the kubeconfig"},
		{"delete-user", config_delete_user, "Delete the specified user from the kubeconfig"},
		{"get-clusters", config_get_clusters, "Display clusters defined in the kubeconfig"},
		{"get-contexts", config_get_contexts, "Describe one or many contexts"},
		{"get-users", config_get_users, "Display users defined in the kubeconfig"},
		{"rename-context", config_rename_context, "Rename a context from the kubeconfig file"},
		{"set", config_set, "Set an individual value in a kubeconfig file"},
		{"set-cluster", config_set_cluster, "Set a cluster entry in kubeconfig"},
		{"set-context", config_set_context, "Set a context entry in kubeconfig"},
		{"set-credentials", config_set_credentials, "Set a user entry in kubeconfig"},
		{"unset", config_unset, "Unset an individual value in a kubeconfig file"},
		{"use-context", config_use_context, "Set the current-context in a kubeconfig file"},
		{"view", config_view, "Display merged kubeconfig settings or a specified kubeconfig file"},
		{NULL, NULL, NULL},
	};
	static const kc_group g = {
		.name = "config",
		.description =
			"Modify kubeconfig files using subcommands like \"kc config set current-context my-context\".\n\n"
			" The loading order follows these rules:\n\n"
			"  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set "
			"once and no merging takes place.\n"
			"  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path "
			"delimiting rules for your system). These paths are merged. When a value is modified, it is "
			"modified in the file that defines the stanza. When a value is created, it is created in the "
			"first file that exists. If no files in the chain exist, then it creates the last file in the "
			"list.\n"
			"  3.  Otherwise, ${HOME}/.kube/config is used and no merging takes place.",
		.usage = "kc config SUBCOMMAND [options]",
		.subs = subs,
	};
	return kc_group_run(ctx, argc, argv, &g);
}
