/* cmd_label.c - kc label and kc annotate: the same command over
 * metadata.labels or metadata.annotations, as kubectl has them. The object
 * is changed on the client and the difference sent as a merge patch, so a
 * --resource-version precondition travels in the patch. */
#include <errno.h>

#include "ctl/commands.h"
#include "ctl/ops.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/patch.h"
#include "common/validate.h"
#include "banned.h"

/* ---- pure parts (ops.h) ---- */

static bool is_pair(const char *s)
{
	size_t len = strlen(s);
	return (strchr(s, '=') && s[0] != '=') || (len > 0 && s[len - 1] == '-' && !streq(s, "-"));
}

int kc_pairs_split(char *const *args, int n, const char *pair_type, int *ret_nres, kc_error *err)
{
	int nres = 0;
	bool found = false;
	for (int i = 0; i < n; i++) {
		if (is_pair(args[i])) {
			found = true;
		} else if (found) {
			return kc_error_set(err, -EINVAL, "all resources must be specified before %s changes: %s",
					    pair_type, args[i]);
		} else {
			nres++;
		}
	}
	*ret_nres = nres;
	return 0;
}

int kc_label_parse(char *const *pairs, int n, cJSON **ret_set, cJSON **ret_remove, kc_error *err)
{
	_cleanup_json_ cJSON *set = cJSON_CreateObject();
	_cleanup_json_ cJSON *remove = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		const char *p = pairs[i];
		const char *eq = strchr(p, '=');
		if (eq) {
			if (strchr(eq + 1, '='))
				return kc_error_set(err, -EINVAL, "invalid label spec: %s", p);
			_cleanup_validate_msgs_ kc_validate_msgs msgs = KC_VALIDATE_MSGS_INIT;
			if (kc_validate_label_value(eq + 1, &msgs)) {
				_cleanup_free_ char *joined = kc_validate_msgs_join(&msgs, ";");
				return kc_error_set(err, -EINVAL, "invalid label value: \"%s\": %s", p, joined);
			}
			_cleanup_free_ char *key = xstrndup(p, (size_t)(eq - p));
			kc_json_object_put(set, key, cJSON_CreateString(eq + 1));
		} else if (p[0] && p[strlen(p) - 1] == '-') {
			_cleanup_free_ char *key = xstrndup(p, strlen(p) - 1);
			cJSON_AddItemToArray(remove, cJSON_CreateString(key));
		} else {
			return kc_error_set(err, -EINVAL, "unknown label spec: %s", p);
		}
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, remove)
		if (cJSON_GetObjectItemCaseSensitive(set, it->valuestring))
			return kc_error_set(err, -EINVAL, "can not both modify and remove a label in the same command");
	*ret_set = TAKE_PTR(set);
	*ret_remove = TAKE_PTR(remove);
	return 0;
}

int kc_annotation_parse(char *const *pairs, int n, cJSON **ret_set, cJSON **ret_remove, kc_error *err)
{
	_cleanup_json_ cJSON *set = cJSON_CreateObject();
	_cleanup_json_ cJSON *remove = cJSON_CreateArray();
	_cleanup_buf_ kc_buf bad = KC_BUF_INIT;
	for (int i = 0; i < n; i++) {
		const char *p = pairs[i];
		const char *eq = strchr(p, '=');
		size_t len = strlen(p);
		if (eq && eq != p) {
			_cleanup_free_ char *key = xstrndup(p, (size_t)(eq - p));
			kc_json_object_put(set, key, cJSON_CreateString(eq + 1));
		} else if (len > 0 && p[len - 1] == '-' && !streq(p, "-")) {
			_cleanup_free_ char *key = xstrndup(p, len - 1);
			cJSON_AddItemToArray(remove, cJSON_CreateString(key));
		} else {
			if (bad.len)
				kc_buf_addstr(&bad, ", ");
			kc_buf_addstr(&bad, p);
		}
	}
	if (bad.len)
		return kc_error_set(err, -EINVAL, "invalid annotation format: %s", bad.s);
	_cleanup_buf_ kc_buf both = KC_BUF_INIT;
	const cJSON *it;
	cJSON_ArrayForEach(it, remove) {
		if (!cJSON_GetObjectItemCaseSensitive(set, it->valuestring))
			continue;
		if (both.len)
			kc_buf_addstr(&both, ", ");
		kc_buf_addstr(&both, it->valuestring);
	}
	if (both.len)
		return kc_error_set(err, -EINVAL,
				    "can not both modify and remove the following annotation(s) in the same command: %s",
				    both.s);
	*ret_set = TAKE_PTR(set);
	*ret_remove = TAKE_PTR(remove);
	return 0;
}

#define CHANGE_CAUSE "kubernetes.io/change-cause"

int kc_meta_update(cJSON *obj, kc_meta_field field, const cJSON *set, const cJSON *remove, bool overwrite,
		   const char *resource_version, kc_error *err)
{
	const char *name = field == KC_META_LABELS ? "labels" : "annotations";
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	if (!cJSON_IsObject(obj) || (meta && !cJSON_IsObject(meta)))
		return kc_error_set(err, -EINVAL, "object has no metadata");
	cJSON *cur = meta ? cJSON_GetObjectItemCaseSensitive(meta, name) : NULL;
	if (!overwrite) {
		_cleanup_buf_ kc_buf msg = KC_BUF_INIT;
		int count = 0;
		const cJSON *it;
		cJSON_ArrayForEach(it, set) {
			const cJSON *have = cJSON_GetObjectItemCaseSensitive(cur, it->string);
			if (!have || (field == KC_META_ANNOTATIONS && streq(it->string, CHANGE_CAUSE)))
				continue;
			const char *v = cJSON_IsString(have) ? have->valuestring : "";
			/* setting the value a key already has is no overwrite */
			if (streq(v, kc_json_as_str(it, "")))
				continue;
			if (field == KC_META_LABELS) {
				kc_buf_addf(&msg, "%s'%s' already has a value (%s), and --overwrite is false",
					    count ? ", " : "", it->string, v);
			} else {
				kc_buf_addf(&msg, "%s'%s' already has a value (%s)", count ? "; " : "", it->string, v);
			}
			count++;
		}
		if (count && field == KC_META_LABELS)
			return kc_error_set(err, -EEXIST, count > 1 ? "[%s]" : "%s", msg.s);
		if (count)
			return kc_error_set(err, -EEXIST,
					    "--overwrite is false but found the following declared annotation(s): %s",
					    msg.s);
	}
	if (!meta)
		meta = cJSON_AddObjectToObject(obj, "metadata");
	if (!cJSON_IsObject(cur)) {
		cJSON_DeleteItemFromObjectCaseSensitive(meta, name);
		cur = cJSON_AddObjectToObject(meta, name);
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, set)
		kc_json_object_put(cur, it->string, cJSON_Duplicate(it, true));
	cJSON_ArrayForEach(it, remove)
		kc_json_object_remove(cur, it->valuestring);
	if (resource_version && resource_version[0])
		kc_json_object_put(meta, "resourceVersion", cJSON_CreateString(resource_version));
	return 0;
}

const char *kc_label_change_msg(const cJSON *before, const cJSON *after, bool overwrite)
{
	if (kc_json_equal(before, after))
		return "not labeled";
	/* kubectl compares the lengths of the two encodings */
	_cleanup_free_ char *a = kc_json_print_flags(before, KC_JSON_ESCAPE_HTML);
	_cleanup_free_ char *b = kc_json_print_flags(after, KC_JSON_ESCAPE_HTML);
	if (!overwrite && strlen(b) < strlen(a))
		return "unlabeled";
	return "labeled";
}

/* ---- the commands ---- */

typedef struct meta_cmd {
	kc_meta_field field;
	const char *name;      /* "label" */
	const char *pair_type; /* "label", "annotation" */
	const char *done;      /* "annotated" (label words its own) */
	const char *list_what; /* "labels" */
	const char *files_hint; /* "pod.yaml" / "rsrc.yaml" for --local errors */
	const char *description, *examples, *synopsis;
} meta_cmd;

static void list_meta(kc_ctx *ctx, const meta_cmd *m, const kc_target *t, const cJSON *obj, bool single)
{
	const char *indent = "";
	if (!single) {
		indent = " ";
		fprintf(ctx->out, "Listing %s for %s.%s/%s:\n", m->list_what, t->res->kind, t->res->group, t->name);
	}
	const cJSON *map = kc_json_getv(obj, "metadata", m->list_what, NULL);
	size_t n = (size_t)cJSON_GetArraySize(map);
	const cJSON **v = xcalloc(n + 1, sizeof(*v));
	size_t k = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, map)
		v[k++] = it;
	/* Go's map order is random; sorted reads better and is stable */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && strcmp(v[j - 1]->string, v[j]->string) > 0; j--) {
			const cJSON *tmp = v[j];
			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
	for (size_t i = 0; i < k; i++)
		fprintf(ctx->out, "%s%s=%s\n", indent, v[i]->string, kc_json_as_str(v[i], ""));
	free(v);
}

static char *patch_path(const kc_target *t, kc_dry_run dry, const char *field_manager)
{
	_cleanup_free_ char *base = kc_path(t->res, t->ns, t->name, NULL);
	kc_buf b = KC_BUF_INIT;
	kc_buf_addf(&b, "%s?fieldManager=%s", base, field_manager);
	if (dry == KC_DRY_RUN_SERVER)
		kc_buf_addstr(&b, "&dryRun=All");
	return kc_buf_release(&b);
}

typedef struct meta_opts {
	bool overwrite, list, local, all, all_ns, recursive;
	const char *field_selector, *selector, *resource_version, *dry_run, *output, *field_manager;
	const kc_flags_list *filenames;
} meta_opts;

/* Changes one object; returns 0, or -1 with the failure in *ret_err_text. */
static int meta_one(kc_ctx *ctx, const meta_cmd *m, const meta_opts *o, kc_dry_run dry, kc_target *t,
		    const cJSON *set, const cJSON *remove, bool single, char **ret_err_text)
{
	kc_error err = KC_ERROR_INIT;
	cJSON *obj = t->obj;
	if (o->resource_version[0])
		kc_json_deletev(obj, "metadata", "resourceVersion", NULL);
	_cleanup_json_ cJSON *before = cJSON_Duplicate(obj, true);
	_cleanup_json_ cJSON *result = NULL;
	const char *msg = m->done;
	if (dry == KC_DRY_RUN_CLIENT || o->local || o->list) {
		if (kc_meta_update(obj, m->field, set, remove, o->overwrite, o->resource_version, &err) < 0) {
			*ret_err_text = xstrdup(err.msg);
			return -1;
		}
	} else {
		if (m->field == KC_META_LABELS) {
			const cJSON *labels = kc_json_getv(obj, "metadata", "labels", NULL);
			const cJSON *it;
			cJSON_ArrayForEach(it, remove)
				if (!cJSON_GetObjectItemCaseSensitive(labels, it->valuestring))
					fprintf(ctx->out, "label \"%s\" not found.\n", it->valuestring);
		}
		if (kc_meta_update(obj, m->field, set, remove, o->overwrite, o->resource_version, &err) < 0) {
			*ret_err_text = xstrdup(err.msg);
			return -1;
		}
		_cleanup_json_ cJSON *patch = NULL;
		kc_patch_merge_create(before, obj, &patch, NULL);
		_cleanup_free_ char *path = patch_path(t, dry, o->field_manager);
		_cleanup_free_ char *body = kc_json_print(patch);
		kc_response resp;
		int rc = kc_request(ctx, "PATCH", path, "application/merge-patch+json", body, &resp);
		if (rc < 0 || resp.status != 200) {
			*ret_err_text = kc_response_error_text(&resp);
			kc_response_clear(&resp);
			return -1;
		}
		result = TAKE_PTR(resp.body);
		kc_response_clear(&resp);
	}
	if (m->field == KC_META_LABELS)
		msg = kc_label_change_msg(before, obj, o->overwrite);
	/* label prints the object it changed, annotate what the server answered */
	const cJSON *shown = m->field == KC_META_ANNOTATIONS && result ? result : obj;
	if (o->list) {
		list_meta(ctx, m, t, shown, single);
		return 0;
	}
	_cleanup_free_ char *op = xasprintf("%s%s", msg, kc_dry_run_suffix(dry));
	kc_target_print(ctx, o->output, t->res, shown, op);
	return 0;
}

static int run_meta_parsed(kc_ctx *ctx, const meta_cmd *m, const kc_flags_args *args, const meta_opts *o)
{
	kc_error err = KC_ERROR_INIT;
	kc_dry_run dry;
	if (kc_dry_run_parse(o->dry_run, &dry, &err) < 0)
		return kc_fail(ctx, "%s", err.msg);
	int nres = 0;
	if (kc_pairs_split(args->args, args->n, m->pair_type, &nres, &err) < 0)
		return kc_fail(ctx, "%s", err.msg);
	_cleanup_json_ cJSON *set = NULL;
	_cleanup_json_ cJSON *remove = NULL;
	if (m->field == KC_META_LABELS) {
		if (kc_label_parse(args->args + nres, args->n - nres, &set, &remove, &err) < 0)
			return kc_fail(ctx, "%s", err.msg);
		if (o->list && o->output[0])
			return kc_fail(ctx, "--list and --output may not be specified together");
	} else {
		if (!kc_target_output_ok(o->output))
			return kc_target_output_error(ctx, o->output);
		if (o->list && o->output[0])
			return kc_fail(ctx, "--list and --output may not be specified together");
		/* annotate checks a key both set and removed after the rest */
		kc_error late = KC_ERROR_INIT;
		if (kc_annotation_parse(args->args + nres, args->n - nres, &set, &remove, &late) < 0 &&
		    !str_startswith(late.msg, "can not both"))
			return kc_fail(ctx, "%s", late.msg);
		if (!set) {
			/* the pairs parse; keep the modify+remove error for below */
			set = cJSON_CreateObject();
			remove = cJSON_CreateArray();
			err = late;
		}
	}
	if (o->all && o->selector[0])
		return kc_fail(ctx, "cannot set --all and --selector at the same time");
	if (o->all && o->field_selector[0])
		return kc_fail(ctx, "cannot set --all and --field-selector at the same time");
	bool no_files = !o->filenames || o->filenames->n == 0;
	if (o->local) {
		if (dry == KC_DRY_RUN_SERVER)
			return kc_fail(ctx, "cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
		if (nres > 0)
			return kc_fail(ctx, "can only use local files by -f %s when --local=true is set", m->files_hint);
		if (no_files)
			return kc_fail(ctx, "one or more files must be specified as -f %s", m->files_hint);
	} else if (nres < 1 && no_files) {
		return kc_fail(ctx, "one or more resources must be specified as <resource> <name> or <resource>/<name>");
	}
	if (cJSON_GetArraySize(set) < 1 && cJSON_GetArraySize(remove) < 1 && !o->list && !err.msg[0])
		return kc_fail(ctx, "at least one %s update is required", m->pair_type);
	if (err.msg[0])
		return kc_fail(ctx, "%s", err.msg);

	kc_target_opts to = {
		.selector = o->selector,
		.field_selector = o->field_selector,
		.all = o->all,
		.all_namespaces = o->all_ns,
		.filenames = o->filenames,
		.recursive = o->recursive,
		.local = o->local,
		.lazy = true,
	};
	kc_targets targets;
	if (kc_targets_fetch(ctx, args->args, nres, &to, &targets) < 0)
		return 1;
	int status = 0;
	if (!targets.single && o->resource_version[0]) {
		kc_targets_clear(&targets);
		return kc_fail(ctx, "--resource-version may only be used with a single resource");
	}
	if (m->field == KC_META_LABELS && !kc_target_output_ok(o->output)) {
		status = targets.n ? kc_target_output_error(ctx, o->output) : 0;
		kc_targets_print_errors(ctx, &targets);
		kc_targets_clear(&targets);
		return 1;
	}
	char **errors = NULL;
	size_t nerr = 0;
	for (size_t i = 0; i < targets.n; i++) {
		char *text = NULL;
		int l = kc_target_load(ctx, &targets, i);
		if (l < 0) {
			status = 1;
			break;
		}
		if (l > 0)
			continue;
		if (meta_one(ctx, m, o, dry, &targets.items[i], set, remove, targets.single, &text) < 0) {
			errors = xrealloc(errors, (nerr + 1) * sizeof(*errors));
			errors[nerr++] = text;
		}
	}
	for (size_t i = 0; i < nerr; i++)
		kc_targets_add_error(&targets, errors[i]);
	free(errors);
	status |= kc_targets_print_errors(ctx, &targets);
	kc_targets_clear(&targets);
	return status;
}

static int run_meta(kc_ctx *ctx, int argc, char **argv, const meta_cmd *m)
{
	bool overwrite = false, list = false, local = false, all = false, all_ns = false, recursive = false;
	const char *field_selector = "", *selector = "", *resource_version = "", *dry_run = "none", *output = "";
	const char *field_manager = "", *template = "";
	bool allow_missing = true, show_managed = false;
	kc_flags_list filenames = {0};
	_cleanup_free_ char *fm_default = xasprintf("kubectl-%s", m->name);
	_cleanup_free_ char *u_overwrite = xasprintf("If true, allow %ss to be overwritten, otherwise reject %s "
						     "updates that overwrite existing %ss.",
						     m->pair_type, m->pair_type, m->pair_type);
	_cleanup_free_ char *u_list = xasprintf("If true, display the %s for a given resource.", m->list_what);
	_cleanup_free_ char *u_local = xasprintf("If true, %s will NOT contact api-server but run locally.",
						 m->pair_type);
	_cleanup_free_ char *u_rv = xasprintf("If non-empty, the %s update will only succeed if this is the current "
					      "resource-version for the object. Only valid when specifying a single "
					      "resource.",
					      m->field == KC_META_LABELS ? "labels" : "annotation");
	_cleanup_free_ char *u_file = xasprintf("Filename, directory, or URL to files identifying the resource to "
						"update the %s",
						m->field == KC_META_LABELS ? "labels" : "annotation");
	kc_flag own[] = {
		KC_FLAG_BOOL("all", 0, &all, "false", "Select all resources, in the namespace of the specified resource types"),
		KC_FLAG_BOOL("all-namespaces", 'A', &all_ns, "false",
			     "If true, check the specified action in all namespaces."),
		KC_FLAG_BOOL("allow-missing-template-keys", 0, &allow_missing, "true",
			     "If true, ignore any errors in templates when a field or map key is missing in the "
			     "template. Only applies to golang and jsonpath output formats."),
		KC_FLAG_STRING("dry-run", 0, &dry_run, "none",
			       "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object "
			       "that would be sent, without sending it. If server strategy, submit server-side request "
			       "without persisting the resource."),
		KC_FLAG_STRING("field-manager", 0, &field_manager, fm_default,
			       "Name of the manager used to track field ownership."),
		KC_FLAG_STRING("field-selector", 0, &field_selector, "",
			       "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. "
			       "--field-selector key1=value1,key2=value2). The server only supports a limited number of "
			       "field queries per type."),
		KC_FLAG_STRING_SLICE("filename", 'f', &filenames, "", u_file),
		KC_FLAG_BOOL("list", 0, &list, "false", u_list),
		KC_FLAG_BOOL("local", 0, &local, "false", u_local),
		KC_FLAG_STRING("output", 'o', &output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_BOOL("overwrite", 0, &overwrite, "false", u_overwrite),
		KC_FLAG_BOOL("recursive", 'R', &recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_STRING("resource-version", 0, &resource_version, "", u_rv),
		KC_FLAG_STRING("selector", 'l', &selector, "",
			       "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l "
			       "key1=value1,key2=value2). Matching objects must satisfy all of the specified label "
			       "constraints."),
		KC_FLAG_BOOL("show-managed-fields", 0, &show_managed, "false",
			     "If true, keep the managedFields when printing objects in JSON or YAML format."),
		KC_FLAG_STRING("template", 0, &template, "",
			       "Template string or path to template file to use when -o=go-template, "
			       "-o=go-template-file. The template format is golang templates "
			       "[http://golang.org/pkg/text/template/#pkg-overview]."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_lookup(tables, "dry-run")->noopt = "unchanged";
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, m->name, m->synopsis, m->description, m->examples, tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	rc = run_meta_parsed(ctx, m, &args, &(meta_opts){
		.overwrite = overwrite, .list = list, .local = local, .all = all, .all_ns = all_ns,
		.recursive = recursive, .field_selector = field_selector, .selector = selector,
		.resource_version = resource_version, .dry_run = dry_run, .output = output,
		.field_manager = field_manager, .filenames = &filenames,
	});
out:
	free(args.args);
	kc_flags_release(tables);
	return rc;
}

int cmd_label(kc_ctx *ctx, int argc, char **argv)
{
	static const meta_cmd m = {
		.field = KC_META_LABELS,
		.name = "label",
		.pair_type = "label",
		.list_what = "labels",
		.files_hint = "pod.yaml or --filename=pod.json",
		.synopsis = "kc label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N "
			    "[--resource-version=version] [options]",
		.description =
			"Update the labels on a resource.\n\n"
			"  *  A label key and value must begin with a letter or number, and may contain letters, numbers, "
			"hyphens, dots, and underscores, up to 63 characters each.\n"
			"  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like "
			"example.com/my-app.\n"
			"  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to "
			"overwrite a label will result in an error.\n"
			"  *  If --resource-version is specified, then updates will use this resource version, otherwise "
			"the existing resource-version will be used.",
		.examples = "# Update pod 'foo' with the label 'unhealthy' and the value 'true'\n"
			    "kc label pods foo unhealthy=true\n\n"
			    "# Update pod 'foo' with the label 'status' and the value 'unhealthy', overwriting any "
			    "existing value\n"
			    "kc label --overwrite pods foo status=unhealthy\n\n"
			    "# Update all pods in the namespace\n"
			    "kc label pods --all status=unhealthy\n\n"
			    "# Update a pod identified by the type and name in \"pod.json\"\n"
			    "kc label -f pod.json status=unhealthy\n\n"
			    "# Update pod 'foo' only if the resource is unchanged from version 1\n"
			    "kc label pods foo status=unhealthy --resource-version=1\n\n"
			    "# Update pod 'foo' by removing a label named 'bar' if it exists\n"
			    "# Does not require the --overwrite flag\n"
			    "kc label pods foo bar-",
	};
	return run_meta(ctx, argc, argv, &m);
}

int cmd_annotate(kc_ctx *ctx, int argc, char **argv)
{
	static const meta_cmd m = {
		.field = KC_META_ANNOTATIONS,
		.name = "annotate",
		.pair_type = "annotation",
		.done = "annotated",
		.list_what = "annotations",
		.files_hint = "rsrc.yaml or --filename=rsrc.json",
		.synopsis = "kc annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N "
			    "[--resource-version=version] [options]",
		.description =
			"Update the annotations on one or more resources.\n\n"
			" All Kubernetes objects support the ability to store additional data with the object as "
			"annotations. Annotations are key/value pairs that can be larger than labels and include "
			"arbitrary string values such as structured JSON. Tools and system extensions may use "
			"annotations to store their own data.\n\n"
			" Attempting to set an annotation that already exists will fail unless --overwrite is set. If "
			"--resource-version is specified and does not match the current resource version on the "
			"server the command will fail.\n\n"
			"Use \"kc api-resources\" for a complete list of supported resources.",
		.examples = "# Update pod 'foo' with the annotation 'description' and the value 'my frontend'\n"
			    "# If the same annotation is set multiple times, only the last value will be applied\n"
			    "kc annotate pods foo description='my frontend'\n\n"
			    "# Update a pod identified by type and name in \"pod.json\"\n"
			    "kc annotate -f pod.json description='my frontend'\n\n"
			    "# Update pod 'foo' with the annotation 'description' and the value 'my frontend running "
			    "nginx', overwriting any existing value\n"
			    "kc annotate --overwrite pods foo description='my frontend running nginx'\n\n"
			    "# Update all pods in the namespace\n"
			    "kc annotate pods --all description='my frontend running nginx'\n\n"
			    "# Update pod 'foo' only if the resource is unchanged from version 1\n"
			    "kc annotate pods foo description='my frontend running nginx' --resource-version=1\n\n"
			    "# Update pod 'foo' by removing an annotation named 'description' if it exists\n"
			    "# Does not require the --overwrite flag\n"
			    "kc annotate pods foo description-",
	};
	return run_meta(ctx, argc, argv, &m);
}
