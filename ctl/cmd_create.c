/* cmd_create.c - kc create: objects from files (-f), and the generators'
 * dispatch and shared parts (see create.h). The generators live in
 * create_*.c; the two that only need a name are here. */
#include <errno.h>
#include <stdarg.h>

#include "ctl/apply_patch.h"
#include "ctl/commands.h"
#include "ctl/create.h"
#include "ctl/manifest.h"
#include "common/json.h"
#include "common/selector.h"
#include "banned.h"

/* ---- the shared parts of the generators ---- */

static void common_flags(kc_create_cmd *c)
{
	kc_flag t[] = {
		{.name = "dry-run", .type = KC_FLAG_T_STRING, .value = &c->dry_run_flag, .def = "none",
		 .noopt = "unchanged",
		 .usage = "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object that "
			  "would be sent, without sending it. If server strategy, submit server-side request without "
			  "persisting the resource."},
		KC_FLAG_STRING("output", 'o', &c->output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_BOOL("save-config", 0, &c->save_config, "false",
			     "If true, the configuration of current object will be saved in its annotation. Otherwise, "
			     "the annotation will be unchanged. This flag is useful when you want to perform kubectl "
			     "apply on this object in the future."),
		{.name = "validate", .type = KC_FLAG_T_STRING, .value = &c->validate_flag, .def = "strict",
		 .noopt = "strict",
		 .usage = "Must be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a "
			  "schema to validate the input and fail the request if invalid. \"warn\" will warn about "
			  "unknown or duplicate fields without blocking the request if server-side field validation "
			  "is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" "
			  "will not perform any schema validation, silently dropping any unknown or duplicate fields."},
		KC_FLAG_STRING("field-manager", 0, &c->field_manager, "kubectl-create",
			       "Name of the manager used to track field ownership."),
		KC_FLAG_END,
	};
	_Static_assert(sizeof(t) <= sizeof(c->common), "kc_create_cmd.common is too small");
	memcpy(c->common, t, sizeof(t));
}

int kc_create_fail(kc_create_cmd *c, bool usage, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("error: ", c->ctx->err);
	vfprintf(c->ctx->err, fmt, ap);
	fputc('\n', c->ctx->err);
	va_end(ap);
	if (usage)
		fprintf(c->ctx->err, "See 'kc %s -h' for help and examples\n", c->path);
	return 1;
}

int kc_create_parse(kc_create_cmd *c, kc_ctx *ctx, const char *path, kc_flag *own, const char *const *required,
		    const kc_create_help *help, int argc, char **argv)
{
	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	c->path = path;
	common_flags(c);
	size_t nt = 0;
	if (own)
		c->tables[nt++] = own;
	c->tables[nt++] = c->common;
	c->tables[nt++] = ctx->table;
	c->tables[nt] = NULL;
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(c->tables, argc - 1, argv + 1, 0, &c->args, &err);
	if (rc == KC_FLAGS_HELP) {
		_cleanup_free_ char *name = xasprintf("kc %s", path);
		kc_usage(ctx, name, help->synopsis, help->description, help->examples, c->tables);
		return KC_CREATE_DONE;
	}
	if (rc < 0) {
		fprintf(ctx->err, "error: %s\nSee 'kc %s --help' for usage.\n", err.msg, path);
		return -1;
	}
	/* cobra checks required flags before the command runs, in name order */
	_cleanup_buf_ kc_buf missing = KC_BUF_INIT;
	for (const char *const *r = required; r && *r; r++)
		if (!kc_flags_changed(c->tables, *r))
			kc_buf_addf(&missing, "%s\"%s\"", missing.len ? ", " : "", *r);
	if (missing.len) {
		fprintf(ctx->err, "error: required flag(s) %s not set\n", missing.s);
		return -1;
	}
	int before_dash = c->args.dash >= 0 ? c->args.dash : c->args.n;
	if (before_dash != 1) {
		kc_create_fail(c, true, "exactly one NAME is required, got %d", before_dash);
		return -1;
	}
	c->name = c->args.args[0];
	c->command = c->args.args + 1;
	c->ncommand = c->args.n - 1;
	if (kc_dry_run_parse(c->dry_run_flag, &c->dry_run, &err) < 0 ||
	    kc_mut_validation(c->validate_flag, &c->validation, &err) < 0) {
		kc_create_fail(c, false, "%s", err.msg);
		return -1;
	}
	if (!kc_mut_output_ok(c->output)) {
		kc_mut_output_error(ctx, c->output);
		return -1;
	}
	return 0;
}

void kc_create_cmd_clear(kc_create_cmd *c)
{
	free(c->args.args);
	c->args.args = NULL;
	if (c->tables[0])
		kc_flags_release(c->tables);
}

const char *kc_create_enforced_ns(const kc_create_cmd *c)
{
	return c->ctx->namespace && c->ctx->namespace[0] ? c->ctx->namespace : NULL;
}

cJSON *kc_create_object(const char *kind, const char *api_version, const char *name, const char *ns)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", kind);
	cJSON_AddStringToObject(o, "apiVersion", api_version);
	cJSON *m = cJSON_AddObjectToObject(o, "metadata");
	cJSON_AddStringToObject(m, "name", name);
	if (ns && ns[0])
		cJSON_AddStringToObject(m, "namespace", ns);
	cJSON_AddNullToObject(m, "creationTimestamp");
	return o;
}

/* --save-config on a typed object: its JSON as Go encodes the struct (the
 * tree's order), in metadata.annotations (placed where ObjectMeta has it). */
static void save_config(cJSON *obj)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_json_print_buf(&b, obj, KC_JSON_ESCAPE_HTML);
	kc_buf_addch(&b, '\n');
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(meta, "annotations");
	if (!ann) {
		/* ObjectMeta: ..., creationTimestamp, labels, annotations, ownerReferences, ... */
		ann = cJSON_CreateObject();
		cJSON *rest = cJSON_CreateObject(); /* the fields after annotations, moved behind it */
		for (cJSON *m = meta->child, *next; m; m = next) {
			next = m->next;
			if (!streq(m->string, "name") && !streq(m->string, "namespace") &&
			    !streq(m->string, "creationTimestamp") && !streq(m->string, "labels"))
				cJSON_AddItemToArray(rest, cJSON_DetachItemViaPointer(meta, m));
		}
		cJSON_AddItemToObject(meta, "annotations", ann);
		while (rest->child)
			cJSON_AddItemToArray(meta, cJSON_DetachItemViaPointer(rest, rest->child));
		cJSON_Delete(rest);
	}
	kc_json_object_put(ann, KC_LAST_APPLIED_ANNOTATION, cJSON_CreateString(kc_buf_str(&b)));
}

int kc_create_submit(kc_create_cmd *c, const kc_resource *r, cJSON *obj, const char *fail_prefix)
{
	_cleanup_json_ cJSON *o = obj;
	kc_ctx *ctx = c->ctx;
	if (c->save_config)
		save_config(o);
	_cleanup_free_ char *op = xasprintf("created%s", kc_dry_run_suffix(c->dry_run));
	if (c->dry_run == KC_DRY_RUN_CLIENT) {
		kc_mut_print(ctx, c->output, r, o, op, 0);
		return 0;
	}
	_cleanup_free_ char *base = kc_path(r, r->namespaced ? kc_ctx_namespace(ctx) : NULL, NULL, NULL);
	_cleanup_free_ char *path = kc_mut_path(base, c->field_manager, c->dry_run, c->validation);
	kc_response resp;
	kc_request_json(ctx, "POST", path, o, &resp);
	int rc = 0;
	if (resp.status == 200 || resp.status == 201) {
		kc_mut_print(ctx, c->output, r, resp.body ? resp.body : o, op, 0);
	} else if (fail_prefix && resp.status != 0) {
		const char *msg = resp.err.msg[0] ? resp.err.msg : kc_json_get_str(resp.body, "message", "unknown");
		fprintf(ctx->err, "error: %s%s\n", fail_prefix, msg);
		rc = 1;
	} else {
		rc = kc_mut_fail_response(ctx, &resp, NULL);
	}
	kc_response_clear(&resp);
	return rc;
}

/* argv with argv[at] moved first (as main.c hands commands their arguments). */
static int run_at(kc_ctx *ctx, kc_command_fn fn, int argc, char **argv, int at)
{
	char **args = xcalloc((size_t)argc + 1, sizeof(*args));
	int n = 0;
	args[n++] = argv[at];
	for (int i = 1; i < argc; i++)
		if (i != at)
			args[n++] = argv[i];
	int rc = fn(ctx, n, args);
	free(args);
	return rc;
}

int kc_create_group(kc_ctx *ctx, int argc, char **argv, const char *path, const char *help_text,
		    const char *synopsis, const kc_create_sub *subs, size_t n)
{
	kc_flag *tables[] = {ctx->table, NULL};
	int at = kc_flags_first_arg(tables, argc - 1, argv + 1) + 1;
	if (at < argc)
		for (size_t i = 0; i < n; i++)
			if (streq(argv[at], subs[i].name))
				return run_at(ctx, subs[i].fn, argc, argv, at);
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	int npos = rc == 0 ? args.n : 0;
	if (rc < 0) {
		free(args.args);
		fprintf(ctx->err, "error: %s\nSee 'kc %s --help' for usage.\n", err.msg, path);
		return 1;
	}
	if (npos > 0) {
		_cleanup_buf_ kc_buf list = KC_BUF_INIT;
		for (int i = 0; i < args.n; i++)
			kc_buf_addf(&list, "%s%s", i ? " " : "", args.args[i]);
		fprintf(ctx->err, "error: unknown command \"%s\"\nSee 'kc %s -h' for help and examples\n", list.s,
			path);
		free(args.args);
		return 1;
	}
	free(args.args);
	/* asked for (-h): help on stdout; no subcommand: on stderr, exit 1
	 * (kubectl's DefaultSubCommandRun) */
	FILE *out = rc == KC_FLAGS_HELP ? ctx->out : ctx->err;
	size_t width = 0;
	for (size_t i = 0; i < n; i++)
		if (strlen(subs[i].name) > width)
			width = strlen(subs[i].name);
	fprintf(out, "%s\n\nAvailable Commands:\n", help_text);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  %-*s   %s\n", (int)width, subs[i].name, subs[i].summary);
	fprintf(out,
		"\nUsage:\n  %s\n\nUse \"kc %s <command> --help\" for more information about a given command.\n"
		"Use \"kc options\" for a list of global command-line options (applies to all commands).\n",
		synopsis, path);
	return rc == KC_FLAGS_HELP ? 0 : 1;
}

/* ---- the simplest generators ---- */

static int create_named(kc_ctx *ctx, int argc, char **argv, const char *path, const char *kind,
			const char *resource, const kc_create_help *help, bool with_spec)
{
	kc_create_cmd c;
	int rc = kc_create_parse(&c, ctx, path, NULL, NULL, help, argc, argv);
	if (rc == 0) {
		cJSON *o = kc_create_object(kind, "v1", c.name, with_spec ? NULL : kc_create_enforced_ns(&c));
		if (with_spec) { /* a Namespace has an empty spec and status */
			cJSON_AddObjectToObject(o, "spec");
			cJSON_AddObjectToObject(o, "status");
		}
		rc = kc_create_submit(&c, kc_resource_lookup(resource), o, NULL);
	}
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

int kc_create_namespace(kc_ctx *ctx, int argc, char **argv)
{
	static const kc_create_help help = {
		"kc create namespace NAME [--dry-run=server|client|none] [options]",
		"Create a namespace with the specified name.",
		"  # Create a new namespace named my-namespace\n  kc create namespace my-namespace",
	};
	return create_named(ctx, argc, argv, "create namespace", "Namespace", "namespaces", &help, true);
}

int kc_create_serviceaccount(kc_ctx *ctx, int argc, char **argv)
{
	static const kc_create_help help = {
		"kc create serviceaccount NAME [--dry-run=server|client|none] [options]",
		"Create a service account with the specified name.",
		"  # Create a new service account named my-service-account\n"
		"  kc create serviceaccount my-service-account",
	};
	return create_named(ctx, argc, argv, "create serviceaccount", "ServiceAccount", "serviceaccounts", &help,
			    false);
}

/* ---- create -f ---- */

static void create_one(kc_ctx *ctx, kc_create_cmd *c, const kc_manifest_obj *m, kc_errs *errs, size_t *count,
		       bool *stop)
{
	kc_error err = KC_ERROR_INIT;
	const char *ns = "";
	if (kc_mut_object_namespace(m->obj, m->res, kc_ctx_namespace(ctx), ctx->namespace && ctx->namespace[0], &ns,
				    &err) < 0) {
		kc_errs_add(errs, err.msg);
		return;
	}
	if (c->save_config)
		kc_apply_annotate(m->obj);
	_cleanup_free_ char *op = xasprintf("created%s", kc_dry_run_suffix(c->dry_run));
	if (c->dry_run == KC_DRY_RUN_CLIENT) {
		(*count)++;
		kc_mut_print(ctx, c->output, m->res, m->obj, op, KC_MUT_SORTED);
		return;
	}
	_cleanup_free_ char *base = kc_path(m->res, ns, NULL, NULL);
	_cleanup_free_ char *path = kc_mut_path(base, c->field_manager, c->dry_run, c->validation);
	kc_response resp;
	kc_request_json(ctx, "POST", path, m->obj, &resp);
	if (resp.status == 200 || resp.status == 201) {
		(*count)++;
		kc_mut_print(ctx, c->output, m->res, resp.body ? resp.body : m->obj, op, KC_MUT_SORTED);
	} else {
		_cleanup_free_ char *context = xasprintf("error when creating \"%s\": ", m->source);
		kc_errs_add_response(errs, &resp, context);
		*stop = resp.status == 0;
	}
	kc_response_clear(&resp);
}

static const char create_description[] = "Create a resource from a file or from stdin.\n\n"
					 " JSON and YAML formats are accepted.";
static const char create_examples[] = "  # Create a pod using the data in pod.json\n"
				      "  kc create -f ./pod.json\n"
				      "  \n"
				      "  # Create a pod based on the JSON passed into stdin\n"
				      "  cat pod.json | kc create -f -";

static const struct generator {
	const char *name, *alias, *summary;
	kc_command_fn fn;
} generators[] = {
	{"clusterrole", NULL, "Create a cluster role", kc_create_clusterrole},
	{"clusterrolebinding", NULL, "Create a cluster role binding for a particular cluster role",
	 kc_create_clusterrolebinding},
	{"configmap", "cm", "Create a config map from a local file, directory or literal value", kc_create_configmap},
	{"cronjob", "cj", "Create a cron job with the specified name", kc_create_cronjob},
	{"deployment", "deploy", "Create a deployment with the specified name", kc_create_deployment},
	{"ingress", "ing", "Create an ingress with the specified name", kc_create_ingress},
	{"job", NULL, "Create a job with the specified name", kc_create_job},
	{"namespace", "ns", "Create a namespace with the specified name", kc_create_namespace},
	{"role", NULL, "Create a role with single rule", kc_create_role},
	{"rolebinding", NULL, "Create a role binding for a particular role or cluster role", kc_create_rolebinding},
	{"secret", NULL, "Create a secret using a specified subcommand", kc_create_secret},
	{"service", "svc", "Create a service using a specified subcommand", kc_create_service},
	{"serviceaccount", "sa", "Create a service account with the specified name", kc_create_serviceaccount},
};

static void create_help(kc_ctx *ctx, kc_flag *const *tables)
{
	FILE *out = ctx->out;
	fprintf(out, "%s\n\nExamples:\n%s\n\nAvailable Commands:\n", create_description, create_examples);
	for (size_t i = 0; i < KC_ARRAY_SIZE(generators); i++)
		fprintf(out, "  %-21s %s\n", generators[i].name, generators[i].summary);
	fputs("\nOptions:\n", out);
	kc_flag *own[] = {tables[0], tables[1], NULL};
	kc_flags_print_flags(out, KC_FLAGS_STYLE_KUBECTL, "kc create", own);
	fputs("Usage:\n  kc create -f FILENAME [options]\n\n"
	      "Use \"kc create <command> --help\" for more information about a given command.\n"
	      "Use \"kc options\" for a list of global command-line options (applies to all commands).\n",
	      out);
}

int cmd_create(kc_ctx *ctx, int argc, char **argv)
{
	kc_create_cmd c = {.ctx = ctx, .path = "create"};
	kc_flags_list files = {0};
	bool recursive = false;
	const char *selector = "";
	common_flags(&c);
	kc_flag own[] = {
		KC_FLAG_STRING_SLICE("filename", 'f', &files, "", "Filename, directory, or URL to files to use to create the resource"),
		KC_FLAG_BOOL("recursive", 'R', &recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_STRING("selector", 'l', &selector, "",
			       "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l "
			       "key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the "
			       "specified label constraints."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, c.common, ctx->table, NULL};
	/* a generator named among the arguments takes over */
	int at = kc_flags_first_arg(tables, argc - 1, argv + 1) + 1;
	if (at < argc)
		for (size_t i = 0; i < KC_ARRAY_SIZE(generators); i++)
			if (streq(argv[at], generators[i].name) || streq_ptr(argv[at], generators[i].alias))
				return run_at(ctx, generators[i].fn, argc, argv, at);

	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	kc_manifest man = {0};
	kc_errs errs = {0};
	kc_selector *sel = NULL;
	int ret = 1;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		create_help(ctx, tables);
		ret = 0;
		goto out;
	}
	if (rc < 0) {
		fprintf(ctx->err, "error: %s\nSee 'kc create --help' for usage.\n", err.msg);
		goto out;
	}
	if (args.n > 0) {
		_cleanup_buf_ kc_buf list = KC_BUF_INIT;
		for (int i = 0; i < args.n; i++)
			kc_buf_addf(&list, "%s%s", i ? " " : "", args.args[i]);
		kc_create_fail(&c, true, "Unexpected args: [%s]", list.s);
		goto out;
	}
	if (kc_dry_run_parse(c.dry_run_flag, &c.dry_run, &err) < 0 ||
	    kc_mut_validation(c.validate_flag, &c.validation, &err) < 0 ||
	    (selector[0] && kc_selector_parse(selector, &sel, &err) < 0)) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (!kc_mut_output_ok(c.output)) {
		kc_mut_output_error(ctx, c.output);
		goto out;
	}
	if (files.n == 0) {
		kc_fail(ctx, "must specify one of -f and -k");
		goto out;
	}
	if (kc_manifest_read(&files, recursive, &man, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	size_t count = 0;
	bool stop = false;
	for (size_t i = 0; i < man.n && !stop; i++) {
		if (sel && !kc_selector_matches(sel, kc_json_get(man.objs[i].obj, "metadata.labels")))
			continue;
		create_one(ctx, &c, &man.objs[i], &errs, &count, &stop);
	}
	/* kubectl reports the reading errors last, as one aggregate */
	kc_errs_add_group(&errs, man.errors, man.n_errors);
	if (errs.n == 0 && count == 0) {
		kc_fail(ctx, "no objects passed to create");
		goto out;
	}
	ret = kc_errs_print(ctx, &errs);
out:
	kc_selector_free(sel);
	kc_errs_clear(&errs);
	kc_manifest_clear(&man);
	free(args.args);
	kc_flags_release(tables);
	return ret;
}
