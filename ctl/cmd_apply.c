/* cmd_apply.c - kc apply: kubectl's client-side apply.
 *
 * Every object of -f is looked up; a missing one is created carrying the
 * last-applied-configuration annotation, an existing one gets the three-way
 * patch of apply_patch.h (nothing is sent when the patch is empty:
 * "unchanged"). Like kubectl, every object is tried, successes are printed
 * as they happen and the failures at the end, with exit code 1 if any. */
#include <errno.h>
#include <unistd.h>

#include "ctl/apply_patch.h"
#include "ctl/commands.h"
#include "ctl/manifest.h"
#include "ctl/mutate.h"
#include "common/json.h"
#include "common/selector.h"
#include "banned.h"

/* kubectl's maxPatchRetry: a conflicting patch is recomputed this often. */
#define APPLY_MAX_RETRIES 5

typedef struct apply_opts {
	kc_flags_list files;
	bool recursive, overwrite;
	const char *dry_run_flag, *output, *validate_flag, *field_manager, *selector;
	kc_dry_run dry_run;
	const char *validation;
	kc_selector *sel;
} apply_opts;

typedef struct apply_run {
	kc_ctx *ctx;
	apply_opts *o;
	kc_errs errs;
	cJSON *results; /* objects to print for -o json|yaml */
	bool stop;      /* a transport failure: nothing more can work */
} apply_run;

static bool print_objects(const apply_opts *o) { return o->output[0] && !streq(o->output, "name"); }

/* The object is done: print "<kind>/<name> <op>", or keep it for -o. */
static void report(apply_run *run, const kc_resource *r, const cJSON *obj, const char *op)
{
	if (print_objects(run->o)) {
		cJSON_AddItemToArray(run->results, kc_json_dup(obj));
		return;
	}
	_cleanup_free_ char *what = xasprintf("%s%s", op, kc_dry_run_suffix(run->o->dry_run));
	kc_mut_print(run->ctx, run->o->output, r, obj, what, KC_MUT_SORTED);
}

static int get_live(apply_run *run, const char *path, kc_response *resp)
{
	int rc = kc_request(run->ctx, "GET", path, NULL, NULL, resp);
	if (rc < 0 && resp->status == 0) {
		kc_errs_add_response(&run->errs, resp, NULL);
		run->stop = true;
		return -1;
	}
	return 0;
}

static void create_object(apply_run *run, const kc_manifest_obj *m, const char *ns)
{
	cJSON *obj = m->obj;
	kc_apply_annotate(obj);
	if (run->o->dry_run == KC_DRY_RUN_CLIENT) {
		report(run, m->res, obj, "created");
		return;
	}
	_cleanup_free_ char *base = kc_path(m->res, ns, NULL, NULL);
	_cleanup_free_ char *path = kc_mut_path(base, run->o->field_manager, run->o->dry_run, run->o->validation);
	kc_response resp;
	kc_request_json(run->ctx, "POST", path, obj, &resp);
	if (resp.status == 201 || resp.status == 200) {
		report(run, m->res, resp.body ? resp.body : obj, "created");
	} else {
		_cleanup_free_ char *context = xasprintf("error when creating \"%s\": ", m->source);
		kc_errs_add_response(&run->errs, &resp, context);
		run->stop = resp.status == 0;
	}
	kc_response_clear(&resp);
}

static void patch_object(apply_run *run, const kc_manifest_obj *m, const char *ns, const char *name, cJSON *live)
{
	const kc_resource *r = m->res;
	_cleanup_json_ cJSON *modified = kc_json_dup(m->obj);
	_cleanup_json_ cJSON *current = live;
	kc_apply_annotate(modified);
	if (run->o->dry_run == KC_DRY_RUN_CLIENT) {
		report(run, r, current, "configured");
		return;
	}
	if (!kc_json_getv(current, "metadata", "annotations", KC_LAST_APPLIED_ANNOTATION, NULL)) {
		_cleanup_free_ char *w = kc_apply_missing_annotation_warning(r, name, "kc");
		fflush(run->ctx->out);
		fprintf(run->ctx->err, "%s\n", w);
	}
	_cleanup_free_ char *obj_path = kc_path(r, ns, name, NULL);
	_cleanup_free_ char *path = kc_mut_path(obj_path, run->o->field_manager, run->o->dry_run, run->o->validation);
	_cleanup_free_ char *info = kc_mut_info_string(r, name, ns);
	for (int attempt = 0;; attempt++) {
		kc_error err = KC_ERROR_INIT;
		_cleanup_json_ cJSON *original = NULL, *patch = NULL;
		kc_patch_type type = KC_PATCH_UNKNOWN;
		if (kc_apply_original(current, &original, &err) < 0 ||
		    kc_apply_patch(original, modified, current, r, &patch, &type, &err) < 0) {
			_cleanup_free_ char *msg = xasprintf("error when applying patch:\n%s\nto:\n%s\nfor: \"%s\": %s",
							     "", info, m->source, err.msg);
			kc_errs_add(&run->errs, msg);
			return;
		}
		if (!patch->child) {
			report(run, r, current, "unchanged");
			return;
		}
		_cleanup_free_ char *body = kc_json_print_flags(patch, KC_JSON_SORTED | KC_JSON_ESCAPE_HTML);
		kc_response resp;
		kc_request(run->ctx, "PATCH", path, kc_patch_content_type(type), body, &resp);
		if (resp.status == 200 || resp.status == 201) {
			report(run, r, resp.body ? resp.body : current, "configured");
			kc_response_clear(&resp);
			return;
		}
		if (resp.status == 409 && attempt < APPLY_MAX_RETRIES) {
			/* someone else wrote in between: recompute from the new object */
			kc_response_clear(&resp);
			if (attempt > 0)
				sleep(1);
			kc_response again;
			if (get_live(run, obj_path, &again) < 0)
				return;
			if (again.status == 200 && cJSON_IsObject(again.body)) {
				cJSON_Delete(current);
				current = TAKE_PTR(again.body);
				kc_response_clear(&again);
				continue;
			}
			kc_errs_add_response(&run->errs, &again, NULL);
			kc_response_clear(&again);
			return;
		}
		_cleanup_free_ char *context = xasprintf("error when applying patch:\n%s\nto:\n%s\nfor: \"%s\": error "
							 "when patching \"%s\": ",
							 body, info, m->source, m->source);
		kc_errs_add_response(&run->errs, &resp, context);
		run->stop = resp.status == 0;
		kc_response_clear(&resp);
		return;
	}
}

static void apply_one(apply_run *run, const kc_manifest_obj *m)
{
	kc_ctx *ctx = run->ctx;
	kc_error err = KC_ERROR_INIT;
	const char *ns = "";
	if (kc_mut_object_namespace(m->obj, m->res, kc_ctx_namespace(ctx), ctx->namespace && ctx->namespace[0], &ns,
				    &err) < 0) {
		kc_errs_add(&run->errs, err.msg);
		return;
	}
	_cleanup_free_ char *ns_copy = xstrdup(ns); /* obj may change below */
	const char *name = kc_json_get_str(m->obj, "metadata.name", "");
	if (!name[0]) {
		_cleanup_free_ char *info = kc_mut_info_string(m->res, "", ns_copy);
		_cleanup_free_ char *msg = xasprintf("error when retrieving current configuration of:\n%s\nfrom server for: "
						     "\"%s\": resource name may not be empty",
						     info, m->source);
		kc_errs_add(&run->errs, msg);
		return;
	}
	_cleanup_free_ char *name_copy = xstrdup(name);
	_cleanup_free_ char *path = kc_path(m->res, ns_copy, name_copy, NULL);
	kc_response resp;
	if (get_live(run, path, &resp) < 0) {
		kc_response_clear(&resp);
		return;
	}
	if (resp.status == 404) {
		kc_response_clear(&resp);
		create_object(run, m, ns_copy);
		return;
	}
	if (resp.status != 200 || !cJSON_IsObject(resp.body)) {
		_cleanup_free_ char *info = kc_mut_info_string(m->res, name_copy, ns_copy);
		_cleanup_free_ char *context = xasprintf("error when retrieving current configuration of:\n%s\nfrom server "
							 "for: \"%s\": ",
							 info, m->source);
		kc_errs_add_response(&run->errs, &resp, context);
		kc_response_clear(&resp);
		return;
	}
	cJSON *live = TAKE_PTR(resp.body);
	kc_response_clear(&resp);
	patch_object(run, m, ns_copy, name_copy, live);
}

static const char apply_description[] =
	"Apply a configuration to a resource by file name or stdin. The resource name must be specified. This "
	"resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially "
	"with either 'apply' or 'create --save-config'.\n\n JSON and YAML formats are accepted.";

static const char apply_examples[] = "  # Apply the configuration in pod.json to a pod\n"
				     "  kc apply -f ./pod.json\n"
				     "  \n"
				     "  # Apply the JSON passed into stdin to a pod\n"
				     "  cat pod.json | kc apply -f -\n"
				     "  \n"
				     "  # Apply every manifest in a directory and its subdirectories\n"
				     "  kc apply -R -f dir/";

int cmd_apply(kc_ctx *ctx, int argc, char **argv)
{
	apply_opts o = {0};
	kc_flag own[] = {
		KC_FLAG_STRING_SLICE("filename", 'f', &o.files, "",
				     "The files that contain the configurations to apply."),
		KC_FLAG_BOOL("recursive", 'R', &o.recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		{.name = "dry-run", .type = KC_FLAG_T_STRING, .value = &o.dry_run_flag, .def = "none",
		 .noopt = "unchanged",
		 .usage = "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object that "
			  "would be sent, without sending it. If server strategy, submit server-side request without "
			  "persisting the resource."},
		KC_FLAG_STRING("output", 'o', &o.output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		{.name = "validate", .type = KC_FLAG_T_STRING, .value = &o.validate_flag, .def = "strict",
		 .noopt = "strict",
		 .usage = "Must be one of: strict (or true), warn, ignore (or false). \"true\" or \"strict\" will use a "
			  "schema to validate the input and fail the request if invalid. \"warn\" will warn about "
			  "unknown or duplicate fields without blocking the request if server-side field validation "
			  "is enabled on the API server, and behave as \"ignore\" otherwise. \"false\" or \"ignore\" "
			  "will not perform any schema validation, silently dropping any unknown or duplicate fields."},
		KC_FLAG_STRING("field-manager", 0, &o.field_manager, "kubectl-client-side-apply",
			       "Name of the manager used to track field ownership."),
		KC_FLAG_BOOL("overwrite", 0, &o.overwrite, "true",
			     "Automatically resolve conflicts between the modified and live configuration by using "
			     "values from the modified configuration"),
		KC_FLAG_STRING("selector", 'l', &o.selector, "",
			       "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l "
			       "key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the "
			       "specified label constraints."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc apply", "kc apply (-f FILENAME | -k DIRECTORY) [options]", apply_description,
			 apply_examples, tables);
		kc_flags_release(tables);
		return 0;
	}
	apply_run run = {.ctx = ctx, .o = &o};
	kc_manifest man = {0};
	int ret = 1;
	if (rc < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (o.files.n == 0) {
		kc_fail(ctx, "must specify one of -f and -k");
		goto out;
	}
	if (args.n > 0) {
		kc_fail(ctx, "Unexpected args: [%s]", args.args[0]);
		goto out;
	}
	if (!kc_mut_output_ok(o.output)) {
		kc_mut_output_error(ctx, o.output);
		goto out;
	}
	if (kc_dry_run_parse(o.dry_run_flag, &o.dry_run, &err) < 0 ||
	    kc_mut_validation(o.validate_flag, &o.validation, &err) < 0 ||
	    (o.selector[0] && kc_selector_parse(o.selector, &o.sel, &err) < 0)) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (kc_manifest_read(&o.files, o.recursive, &man, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	/* kubectl reports the reading errors first, as one aggregate */
	kc_errs_add_group(&run.errs, man.errors, man.n_errors);
	if (man.n == 0 && run.errs.n == 0) {
		kc_fail(ctx, "no objects passed to apply");
		goto out;
	}
	run.results = cJSON_CreateArray();
	for (size_t i = 0; i < man.n && !run.stop; i++) {
		if (o.sel && !kc_selector_matches(o.sel, kc_json_get(man.objs[i].obj, "metadata.labels")))
			continue;
		apply_one(&run, &man.objs[i]);
	}
	if (print_objects(&o)) {
		size_t n = (size_t)cJSON_GetArraySize(run.results), k = 0;
		const cJSON **objs = xcalloc(n ? n : 1, sizeof(*objs));
		for (const cJSON *c = run.results->child; c; c = c->next)
			objs[k++] = c;
		kc_mut_print_objects(ctx, o.output, objs, n, KC_MUT_SORTED);
		free(objs);
	}
	ret = kc_errs_print(ctx, &run.errs);
out:
	cJSON_Delete(run.results);
	kc_errs_clear(&run.errs);
	kc_manifest_clear(&man);
	kc_selector_free(o.sel);
	free(args.args);
	kc_flags_release(tables);
	return ret;
}
