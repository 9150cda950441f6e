/* cmd_replace.c - kc replace -f: each object of the files PUT over the live
 * one (its resourceVersion taken from the server when the file has none,
 * as kubectl's helper does); with --force, deleted, waited for, and
 * created again. */
#include <errno.h>
#include <unistd.h>

#include "ctl/apply_patch.h"
#include "ctl/commands.h"
#include "ctl/manifest.h"
#include "ctl/mutate.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "banned.h"

typedef struct replace_opts {
	kc_flags_list files;
	bool recursive, force, wait, save_config;
	int grace;
	int64_t timeout_ns;
	const char *cascade, *output, *dry_run_flag, *validate_flag, *field_manager, *subresource;
	kc_dry_run dry_run;
	const char *validation;
} replace_opts;

static void report(kc_ctx *ctx, const replace_opts *o, const kc_resource *r, const cJSON *obj)
{
	_cleanup_free_ char *op = xasprintf("replaced%s", kc_dry_run_suffix(o->dry_run));
	kc_mut_print(ctx, o->output, r, obj, op, KC_MUT_SORTED);
	fflush(ctx->out);
}

/* Returns 0, or -1 when the server cannot be reached. */
static int replace_one(kc_ctx *ctx, const replace_opts *o, const kc_manifest_obj *m, const char *ns, kc_errs *errs)
{
	const char *name = kc_json_get_str(m->obj, "metadata.name", "");
	_cleanup_free_ char *context = xasprintf("error when replacing \"%s\": ", m->source);
	_cleanup_free_ char *opath = kc_path(m->res, ns, name, o->subresource[0] ? o->subresource : NULL);
	if (!kc_json_get_str(m->obj, "metadata.resourceVersion", "")[0]) {
		kc_response cur;
		kc_request(ctx, "GET", opath, NULL, NULL, &cur);
		if (cur.status == 0) {
			kc_errs_add_response(errs, &cur, context);
			kc_response_clear(&cur);
			return -1;
		}
		/* a missing object is left for the PUT to report */
		const char *rv = kc_json_get_str(cur.body, "metadata.resourceVersion", "");
		if (cur.status == 200 && rv[0])
			kc_json_set_str(m->obj, "metadata.resourceVersion", rv, NULL);
		kc_response_clear(&cur);
	}
	_cleanup_free_ char *path = kc_mut_path(opath, o->field_manager, o->dry_run, o->validation);
	kc_response resp;
	kc_request_json(ctx, "PUT", path, m->obj, &resp);
	int rc = 0;
	if (resp.status == 200 || resp.status == 201)
		report(ctx, o, m->res, resp.body ? resp.body : m->obj);
	else {
		kc_errs_add_response(errs, &resp, context);
		rc = resp.status == 0 ? -1 : 0;
	}
	kc_response_clear(&resp);
	return rc;
}

/* --force: delete everything, wait until it is gone, create it again. */
static int force_replace(kc_ctx *ctx, const replace_opts *o, const kc_manifest *man, char **nss, kc_errs *errs)
{
	for (size_t i = 0; i < man->n; i++) {
		const kc_manifest_obj *m = &man->objs[i];
		const char *name = kc_json_get_str(m->obj, "metadata.name", "");
		_cleanup_free_ char *path = kc_path(m->res, nss[i], name, NULL);
		_cleanup_json_ cJSON *body = cJSON_CreateObject();
		if (o->grace >= 0)
			cJSON_AddNumberToObject(body, "gracePeriodSeconds", o->grace);
		cJSON_AddStringToObject(body, "propagationPolicy", o->cascade);
		kc_response resp;
		kc_request_json(ctx, "DELETE", path, body, &resp);
		if (resp.status == 200 || resp.status == 202) {
			char kind[128];
			fprintf(ctx->out, "%s \"%s\" %s\n", kc_kind_name(m->res, kind, sizeof(kind)), name,
				o->grace == 0 ? "force deleted" : "deleted");
			fflush(ctx->out);
		} else {
			_cleanup_free_ char *context = xasprintf("error when deleting \"%s\": ", m->source);
			kc_errs_add_response(errs, &resp, context);
		}
		kc_response_clear(&resp);
	}
	if (errs->n)
		return -1;
	int64_t timeout_ms = o->timeout_ns > 0 ? o->timeout_ns / 1000000 : 5 * 60 * 1000;
	int64_t deadline = kc_time_monotonic_ms() + timeout_ms;
	for (size_t i = 0; i < man->n; i++) {
		const kc_manifest_obj *m = &man->objs[i];
		_cleanup_free_ char *path = kc_path(m->res, nss[i], kc_json_get_str(m->obj, "metadata.name", ""), NULL);
		for (;;) {
			kc_response resp;
			kc_request(ctx, "GET", path, NULL, NULL, &resp);
			long status = resp.status;
			if (status != 404 && status != 200)
				kc_errs_add_response(errs, &resp, NULL);
			kc_response_clear(&resp);
			if (status == 404)
				break;
			if (status != 200)
				return -1;
			if (kc_time_monotonic_ms() >= deadline) {
				kc_errs_add(errs, "timed out waiting for the condition");
				return -1;
			}
			sleep(1);
		}
	}
	size_t count = 0;
	for (size_t i = 0; i < man->n; i++) {
		const kc_manifest_obj *m = &man->objs[i];
		if (o->save_config)
			kc_apply_annotate(m->obj);
		kc_json_delete(m->obj, "metadata.resourceVersion");
		_cleanup_free_ char *base = kc_path(m->res, nss[i], NULL, NULL);
		_cleanup_free_ char *path = kc_mut_path(base, o->field_manager, KC_DRY_RUN_NONE, o->validation);
		kc_response resp;
		kc_request_json(ctx, "POST", path, m->obj, &resp);
		if (resp.status == 200 || resp.status == 201) {
			count++;
			report(ctx, o, m->res, resp.body ? resp.body : m->obj);
		} else {
			kc_errs_add_response(errs, &resp, NULL);
		}
		kc_response_clear(&resp);
	}
	if (!count && !errs->n)
		kc_errs_add(errs, "no objects passed to replace");
	return 0;
}

static const char replace_description[] =
	"Replace a resource by file name or stdin.\n\n"
	" JSON and YAML formats are accepted. If replacing an existing resource, the complete resource spec must be "
	"provided. This can be obtained by\n\n"
	"        $ kc get TYPE NAME -o yaml";

static const char replace_examples[] =
	"  # Replace a pod using the data in pod.json\n"
	"  kc replace -f ./pod.json\n"
	"  \n"
	"  # Replace a pod based on the JSON passed into stdin\n"
	"  cat pod.json | kc replace -f -\n"
	"  \n"
	"  # Update a single-container pod's image version (tag) to v4\n"
	"  kc get pod mypod -o yaml | sed 's/\\(image: myimage\\):.*$/\\1:v4/' | kc replace -f -\n"
	"  \n"
	"  # Force replace, delete and then re-create the resource\n"
	"  kc replace --force -f ./pod.json";

int cmd_replace(kc_ctx *ctx, int argc, char **argv)
{
	replace_opts o = {0};
	kc_flag own[] = {
		KC_FLAG_STRING_SLICE("filename", 'f', &o.files, "", "The files that contain the configurations to replace."),
		KC_FLAG_BOOL("recursive", 'R', &o.recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_BOOL("force", 0, &o.force, "false",
			     "If true, immediately remove resources from API and bypass graceful deletion. Note that "
			     "immediate deletion of some resources may result in inconsistency or data loss and requires "
			     "confirmation."),
		KC_FLAG_INT("grace-period", 0, &o.grace, "-1",
			    "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. "
			    "Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion)."),
		{.name = "cascade", .type = KC_FLAG_T_STRING, .value = &o.cascade, .def = "background", .noopt = "background",
		 .usage = "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy "
			  "for the dependents (e.g. Pods created by a ReplicationController). Defaults to background."},
		KC_FLAG_DURATION("timeout", 0, &o.timeout_ns, "0s",
				 "The length of time to wait before giving up on a delete, zero means determine a timeout "
				 "from the size of the object"),
		KC_FLAG_BOOL("wait", 0, &o.wait, "false",
			     "If true, wait for resources to be gone before returning. This waits for finalizers."),
		KC_FLAG_BOOL("save-config", 0, &o.save_config, "false",
			     "If true, the configuration of current object will be saved in its annotation. Otherwise, the "
			     "annotation will be unchanged. This flag is useful when you want to perform kubectl apply on "
			     "this object in the future."),
		KC_FLAG_STRING("output", 'o', &o.output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		{.name = "dry-run", .type = KC_FLAG_T_STRING, .value = &o.dry_run_flag, .def = "none", .noopt = "unchanged",
		 .usage = "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object that "
			  "would be sent, without sending it. If server strategy, submit server-side request without "
			  "persisting the resource."},
		{.name = "validate", .type = KC_FLAG_T_STRING, .value = &o.validate_flag, .def = "strict", .noopt = "strict",
		 .usage = "Must be one of: strict (or true), warn, ignore (or false)."},
		KC_FLAG_STRING("field-manager", 0, &o.field_manager, "kubectl-replace",
			       "Name of the manager used to track field ownership."),
		KC_FLAG_STRING("subresource", 0, &o.subresource, "",
			       "If specified, replace will operate on the subresource of the requested object. Must be one "
			       "of [status scale]. This flag is beta and may change in the future."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	kc_manifest man = {0};
	kc_errs errs = {0};
	char **nss = NULL;
	int ret = 1;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc replace", "kc replace -f FILENAME [options]", replace_description, replace_examples,
			 tables);
		ret = 0;
		goto out;
	}
	if (rc < 0) {
		fprintf(ctx->err, "error: %s\nSee 'kc replace --help' for usage.\n", err.msg);
		goto out;
	}
	if (kc_dry_run_parse(o.dry_run_flag, &o.dry_run, &err) < 0 ||
	    kc_mut_validation(o.validate_flag, &o.validation, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (!kc_mut_output_ok(o.output)) {
		kc_mut_output_error(ctx, o.output);
		goto out;
	}
	const char *cascade = streq(o.cascade, "orphan")       ? "Orphan"
			      : streq(o.cascade, "foreground") ? "Foreground"
			      : streq(o.cascade, "background") ? "Background"
							       : NULL;
	if (!cascade) {
		kc_fail(ctx, "invalid cascade value (%s). Must be \"background\", \"foreground\", or \"orphan\"", o.cascade);
		goto out;
	}
	o.cascade = cascade;
	if (o.files.n == 0) {
		kc_fail(ctx, "must specify one of -f and -k");
		goto out;
	}
	if (o.grace >= 0 && !o.force) {
		kc_fail(ctx, "--grace-period must have --force specified");
		goto out;
	}
	if (o.timeout_ns != 0 && !o.force) {
		kc_fail(ctx, "--timeout must have --force specified");
		goto out;
	}
	if (o.grace == 0)
		o.grace = 1; /* kubectl's replace never passes --force on to the delete */
	if (o.force && o.dry_run != KC_DRY_RUN_NONE) {
		kc_fail(ctx, "--dry-run can not be used when --force is set");
		goto out;
	}
	if (o.files.n == 0) {
		kc_fail(ctx, "must specify --filename to replace");
		goto out;
	}
	if (kc_manifest_read(&o.files, o.recursive, &man, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	/* every object's namespace, checked as kubectl's builder does */
	nss = xcalloc(man.n + 1, sizeof(*nss));
	for (size_t i = 0; i < man.n; i++) {
		const char *ns = "";
		if (kc_mut_object_namespace(man.objs[i].obj, man.objs[i].res, kc_ctx_namespace(ctx),
					    ctx->namespace && ctx->namespace[0], &ns, &err) < 0) {
			kc_fail(ctx, "%s", err.msg);
			goto out;
		}
		nss[i] = xstrdup(ns);
	}
	if (o.force) {
		force_replace(ctx, &o, &man, nss, &errs);
	} else {
		for (size_t i = 0; i < man.n; i++) {
			if (o.save_config)
				kc_apply_annotate(man.objs[i].obj);
			if (o.dry_run == KC_DRY_RUN_CLIENT) {
				report(ctx, &o, man.objs[i].res, man.objs[i].obj);
				continue;
			}
			if (replace_one(ctx, &o, &man.objs[i], nss[i], &errs) < 0)
				break;
		}
	}
	kc_errs_add_group(&errs, man.errors, man.n_errors);
	ret = kc_errs_print(ctx, &errs);
out:
	for (size_t i = 0; nss && i < man.n; i++)
		free(nss[i]);
	free(nss);
	kc_errs_clear(&errs);
	kc_manifest_clear(&man);
	free(args.args);
	kc_flags_release(tables);
	return ret;
}
