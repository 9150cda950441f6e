/* cmd_patch.c - kc patch: a strategic merge, JSON merge or JSON patch (-p
 * or --patch-file, JSON or YAML) sent to each object named or in -f, or
 * applied locally with --local; "patched" or "patched (no change)" as the
 * object came back. */
#include <errno.h>
#include <strings.h>

#include "ctl/commands.h"
#include "ctl/mutate.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/patch.h"
#include "common/yaml.h"
#include "banned.h"

static const char patch_description[] =
	"Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\n"
	" JSON and YAML formats are accepted.\n\n"
	" Note: Strategic merge patch is not supported for custom resources.";

static const char patch_examples[] =
	"  # Partially update a node using a strategic merge patch, specifying the patch as JSON\n"
	"  kc patch node k8s-node-1 -p '{\"spec\":{\"unschedulable\":true}}'\n"
	"  \n"
	"  # Partially update a node using a strategic merge patch, specifying the patch as YAML\n"
	"  kc patch node k8s-node-1 -p $'spec:\\n unschedulable: true'\n"
	"  \n"
	"  # Partially update a node identified by the type and name specified in \"node.json\" using strategic "
	"merge patch\n"
	"  kc patch -f node.json -p '{\"spec\":{\"unschedulable\":true}}'\n"
	"  \n"
	"  # Update a container's image; spec.containers[*].name is required because it's a merge key\n"
	"  kc patch pod valid-pod -p '{\"spec\":{\"containers\":[{\"name\":\"kubernetes-serve-hostname\",\"image\":"
	"\"new image\"}]}}'\n"
	"  \n"
	"  # Update a container's image using a JSON patch with positional arrays\n"
	"  kc patch pod valid-pod --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/containers/0/image\", "
	"\"value\":\"new image\"}]'";

/* The patch applied here (--local, --dry-run=client). */
static int patch_locally(cJSON **obj, const cJSON *patch, kc_patch_type type, const kc_resource *r, kc_error *err)
{
	char av[128];
	switch (type) {
	case KC_PATCH_JSON:
		return kc_patch_json(obj, patch, err);
	case KC_PATCH_MERGE:
		return kc_patch_merge(obj, patch, err);
	default:
		kc_resource_api_version(r, av, sizeof(av));
		return kc_patch_strategic(obj, patch, av, r->kind, err);
	}
}

int cmd_patch(kc_ctx *ctx, int argc, char **argv)
{
	const char *patch_text = "", *patch_file = "", *type_flag = "strategic", *dry_run_flag = "", *output = "";
	const char *field_manager = "", *subresource = "";
	kc_flags_list files = {0};
	bool recursive = false, local = false;
	kc_flag own[] = {
		KC_FLAG_STRING("patch", 'p', &patch_text, "", "The patch to be applied to the resource JSON file."),
		KC_FLAG_STRING("patch-file", 0, &patch_file, "", "A file containing a patch to be applied to the resource."),
		KC_FLAG_STRING("type", 0, &type_flag, "strategic",
			       "The type of patch being provided; one of [json merge strategic]"),
		KC_FLAG_STRING_SLICE("filename", 'f', &files, "", "Filename, directory, or URL to files identifying the resource to update"),
		KC_FLAG_BOOL("recursive", 'R', &recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_BOOL("local", 0, &local, "false",
			     "If true, patch will operate on the content of the file, not the server-side resource."),
		{.name = "dry-run", .type = KC_FLAG_T_STRING, .value = &dry_run_flag, .def = "none", .noopt = "unchanged",
		 .usage = "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object that "
			  "would be sent, without sending it. If server strategy, submit server-side request without "
			  "persisting the resource."},
		KC_FLAG_STRING("output", 'o', &output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_STRING("field-manager", 0, &field_manager, "kubectl-patch",
			       "Name of the manager used to track field ownership."),
		KC_FLAG_STRING("subresource", 0, &subresource, "",
			       "If specified, patch will operate on the subresource of the requested object. Must be one of "
			       "[status scale]. This flag is beta and may change in the future."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	kc_targets targets = {0};
	kc_errs errs = {0};
	_cleanup_free_ char *file_data = NULL, *body = NULL;
	_cleanup_json_ cJSON *patch = NULL;
	int ret = 1;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc patch",
			 "kc patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]", patch_description,
			 patch_examples, tables);
		ret = 0;
		goto out;
	}
	if (rc < 0) {
		fprintf(ctx->err, "error: %s\nSee 'kc patch --help' for usage.\n", err.msg);
		goto out;
	}
	kc_dry_run dry_run;
	if (kc_dry_run_parse(dry_run_flag, &dry_run, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (!kc_mut_output_ok(output)) {
		kc_mut_output_error(ctx, output);
		goto out;
	}
	/* Validate */
	if (patch_text[0] && patch_file[0]) {
		kc_fail(ctx, "cannot specify --patch and --patch-file together");
		goto out;
	}
	if (!patch_text[0] && !patch_file[0]) {
		kc_fail(ctx, "must specify --patch or --patch-file containing the contents of the patch");
		goto out;
	}
	if (local && args.n != 0) {
		kc_fail(ctx, "cannot specify --local and server resources");
		goto out;
	}
	if (local && dry_run == KC_DRY_RUN_SERVER) {
		kc_fail(ctx, "cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
		goto out;
	}
	kc_patch_type type = KC_PATCH_UNKNOWN;
	if (strcasecmp(type_flag, "json") == 0)
		type = KC_PATCH_JSON;
	else if (strcasecmp(type_flag, "merge") == 0)
		type = KC_PATCH_MERGE;
	else if (strcasecmp(type_flag, "strategic") == 0)
		type = KC_PATCH_STRATEGIC;
	else {
		kc_fail(ctx, "--type must be one of [json merge strategic], not \"%s\"", type_flag);
		goto out;
	}
	/* Run: the patch, as YAML or JSON */
	const char *text = patch_text;
	size_t text_len = strlen(patch_text);
	if (patch_file[0]) {
		int r = kc_read_file(patch_file, 16u << 20, &file_data, &text_len);
		if (r < 0) {
			char e[128];
			kc_fail(ctx, "unable to read patch file: open %s: %s", patch_file, kc_go_strerror(-r, e, sizeof(e)));
			goto out;
		}
		text = file_data;
	}
	/* yaml.ToJSON: text that looks like JSON is sent as it is (the server
	 * judges it); anything else is YAML */
	size_t lead = 0;
	while (lead < text_len && (text[lead] == ' ' || text[lead] == '\t' || text[lead] == '\n' || text[lead] == '\r'))
		lead++;
	if (lead < text_len && text[lead] == '{') {
		body = xstrndup(text, text_len);
		if (kc_json_parse(text, text_len, &patch, &err) < 0 && (local || dry_run == KC_DRY_RUN_CLIENT)) {
			kc_fail(ctx, "%s", err.msg);
			goto out;
		}
	} else {
		if (kc_yaml_doc_to_json(text, text_len, 1, KC_YAML_DUPLICATE_KEYS_OK, &patch, &err) < 0) {
			const char *msg = err.msg;
			if (str_startswith(msg, "error converting YAML to JSON: "))
				msg += strlen("error converting YAML to JSON: ");
			kc_fail(ctx, "unable to parse \"%s\": %s", patch_text, msg);
			goto out;
		}
		if (!patch)
			patch = cJSON_CreateNull();
		body = kc_json_print(patch);
	}

	kc_target_opts topts = {.filenames = &files, .recursive = recursive, .local = local};
	if (kc_targets_fetch(ctx, args.args, args.n, &topts, &targets) < 0)
		goto out;
	for (size_t i = 0; i < targets.n_errors; i++)
		kc_errs_add(&errs, targets.errors[i]);
	size_t count = 0;
	for (size_t i = 0; i < targets.n; i++) {
		kc_target *t = &targets.items[i];
		count++;
		if (!local && dry_run != KC_DRY_RUN_CLIENT) {
			_cleanup_free_ char *opath = kc_path(t->res, t->ns, t->name, subresource[0] ? subresource : NULL);
			_cleanup_free_ char *path = kc_mut_path(opath, field_manager, dry_run, NULL);
			kc_response resp;
			kc_request(ctx, "PATCH", path, kc_patch_content_type(type), body, &resp);
			if (resp.status != 200 || !resp.body) {
				kc_errs_add_response(&errs, &resp, NULL);
				bool stop = resp.status == 0;
				kc_response_clear(&resp);
				if (stop)
					break;
				continue;
			}
			bool changed = !kc_json_equal(t->obj, resp.body);
			/* kubectl's patch names no dry run in its message */
			kc_mut_print(ctx, output, t->res, resp.body, changed ? "patched" : "patched (no change)",
				     KC_MUT_SORTED);
			kc_response_clear(&resp);
			continue;
		}
		cJSON *result = kc_json_dup(t->obj);
		if (patch_locally(&result, patch, type, t->res, &err) < 0) {
			cJSON_Delete(result);
			kc_errs_add(&errs, err.msg);
			continue;
		}
		bool changed = !kc_json_equal(t->obj, result);
		kc_mut_print(ctx, output, t->res, result, changed ? "patched" : "patched (no change)", KC_MUT_SORTED);
		cJSON_Delete(result);
	}
	if (errs.n) {
		ret = kc_errs_print(ctx, &errs);
		goto out;
	}
	if (count == 0) {
		kc_fail(ctx, "no objects passed to patch");
		goto out;
	}
	ret = 0;
out:
	kc_errs_clear(&errs);
	kc_targets_clear(&targets);
	free(args.args);
	kc_flags_release(tables);
	return ret;
}
