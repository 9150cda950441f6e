/* cmd_set.c - kc set image: changes container images in a pod or a pod
 * template and sends the change as a strategic merge patch, as kubectl
 * set image does. */
#include <errno.h>

#include "ctl/commands.h"
#include "ctl/group.h"
#include "ctl/ops.h"
#include "ctl/target.h"
#include "common/json.h"
#include "banned.h"

const char *kc_pod_spec_path(const char *kind)
{
	if (!kind)
		return NULL;
	if (streq(kind, "Pod"))
		return "spec";
	if (streq(kind, "Deployment") || streq(kind, "DaemonSet") || streq(kind, "ReplicaSet") ||
	    streq(kind, "StatefulSet") || streq(kind, "ReplicationController") || streq(kind, "Job"))
		return "spec.template.spec";
	if (streq(kind, "CronJob"))
		return "spec.jobTemplate.spec.template.spec";
	return NULL;
}

static bool set_in(cJSON *containers, const char *name, const char *image)
{
	bool found = false;
	cJSON *c;
	cJSON_ArrayForEach(c, containers) {
		if (streq(name, "*") || streq(kc_json_get_str(c, "name", ""), name)) {
			found = true;
			kc_json_object_put(c, "image", cJSON_CreateString(image));
		}
	}
	return found;
}

/* Adds to patch (at the pod spec path) the containers of list whose image
 * differs in before, with kubectl's $setElementOrder directive. */
static void diff_list(cJSON *patch_spec, const char *list, const cJSON *before, const cJSON *after)
{
	cJSON *changed = NULL;
	const cJSON *a;
	cJSON_ArrayForEach(a, after) {
		const char *name = kc_json_get_str(a, "name", "");
		const cJSON *b = NULL, *it;
		cJSON_ArrayForEach(it, before)
			if (streq(kc_json_get_str(it, "name", ""), name))
				b = it;
		const char *img = kc_json_get_str(a, "image", "");
		if (b && streq(kc_json_get_str(b, "image", ""), img))
			continue;
		if (!changed)
			changed = cJSON_CreateArray();
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "image", img);
		cJSON_AddStringToObject(c, "name", name);
		cJSON_AddItemToArray(changed, c);
	}
	if (!changed)
		return;
	_cleanup_free_ char *order_key = xasprintf("$setElementOrder/%s", list);
	cJSON *order = cJSON_AddArrayToObject(patch_spec, order_key);
	cJSON_ArrayForEach(a, after) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", kc_json_get_str(a, "name", ""));
		cJSON_AddItemToArray(order, o);
	}
	cJSON_AddItemToObject(patch_spec, list, changed);
}

int kc_set_image_apply(cJSON *obj, const cJSON *images, cJSON **ret_patch, char ***ret_errors, size_t *ret_nerrors,
		       kc_error *err)
{
	const char *path = kc_pod_spec_path(kc_json_get_str(obj, "kind", ""));
	if (!path) {
		/* kubectl names the Go type: *v1.Service */
		const char *av = kc_json_get_str(obj, "apiVersion", "v1");
		const char *slash = strrchr(av, '/');
		return kc_error_set(err, -EINVAL, "the object is not a pod or does not have a pod template: *%s.%s",
				    slash ? slash + 1 : av, kc_json_get_str(obj, "kind", "?"));
	}
	cJSON *spec = kc_json_get(obj, path);
	if (!cJSON_IsObject(spec))
		return kc_error_set(err, -EINVAL, "the object has no pod spec at %s", path);
	_cleanup_json_ cJSON *before = cJSON_Duplicate(spec, true);
	const cJSON *it;
	cJSON_ArrayForEach(it, images) {
		bool init = set_in(cJSON_GetObjectItemCaseSensitive(spec, "initContainers"), it->string,
				   kc_json_as_str(it, ""));
		bool main = set_in(cJSON_GetObjectItemCaseSensitive(spec, "containers"), it->string,
				   kc_json_as_str(it, ""));
		if (!init && !main) {
			*ret_errors = xrealloc(*ret_errors, (*ret_nerrors + 1) * sizeof(**ret_errors));
			(*ret_errors)[(*ret_nerrors)++] = xasprintf("error: unable to find container named \"%s\"",
								    it->string);
		}
	}
	_cleanup_json_ cJSON *pspec = cJSON_CreateObject();
	diff_list(pspec, "containers", cJSON_GetObjectItemCaseSensitive(before, "containers"),
		  cJSON_GetObjectItemCaseSensitive(spec, "containers"));
	diff_list(pspec, "initContainers", cJSON_GetObjectItemCaseSensitive(before, "initContainers"),
		  cJSON_GetObjectItemCaseSensitive(spec, "initContainers"));
	cJSON *patch = cJSON_CreateObject();
	if (pspec->child)
		kc_json_set(patch, path, TAKE_PTR(pspec), NULL);
	*ret_patch = patch;
	return 0;
}

static int set_image(kc_ctx *ctx, int argc, char **argv)
{
	bool all = false, local = false, recursive = false, allow_missing = true, show_managed = false,
	     record = false;
	const char *dry_run = "none", *output = "", *selector = "", *field_manager = "", *template = "";
	kc_flags_list filenames = {0};
	kc_flag own[] = {
		KC_FLAG_BOOL("all", 0, &all, "false",
			     "Select all resources, in the namespace of the specified resource types"),
		KC_FLAG_BOOL("allow-missing-template-keys", 0, &allow_missing, "true",
			     "If true, ignore any errors in templates when a field or map key is missing in the "
			     "template. Only applies to golang and jsonpath output formats."),
		KC_FLAG_STRING("dry-run", 0, &dry_run, "none",
			       "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object "
			       "that would be sent, without sending it. If server strategy, submit server-side request "
			       "without persisting the resource."),
		KC_FLAG_STRING("field-manager", 0, &field_manager, "kubectl-set",
			       "Name of the manager used to track field ownership."),
		KC_FLAG_STRING_SLICE("filename", 'f', &filenames, "",
				     "Filename, directory, or URL to files identifying the resource to get from a server."),
		KC_FLAG_BOOL("local", 0, &local, "false",
			     "If true, set image will NOT contact api-server but run locally."),
		KC_FLAG_STRING("output", 'o', &output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_BOOL("record", 0, &record, "false", "Record current kubectl command in the resource annotation."),
		KC_FLAG_BOOL("recursive", 'R', &recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
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
	kc_flags_lookup(tables, "record")->hidden = true;
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	kc_targets targets = {0};
	_cleanup_json_ cJSON *images = NULL;
	_cleanup_json_ cJSON *unused = NULL;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "set image",
			 "kc set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... "
			 "CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
			 "Update existing container image(s) of resources.\n\n"
			 " Possible resources include (case insensitive):\n\n"
			 "        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset "
			 "(sts), cronjob (cj), replicaset (rs)",
			 "# Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image "
			 "to 'busybox'\n"
			 "kc set image deployment/nginx busybox=busybox nginx=nginx:1.9.1\n\n"
			 "# Update all deployments' and rc's nginx container's image to 'nginx:1.9.1'\n"
			 "kc set image deployments,rc nginx=nginx:1.9.1 --all\n\n"
			 "# Update image of all containers of daemonset abc to 'nginx:1.9.1'\n"
			 "kc set image daemonset abc *=nginx:1.9.1\n\n"
			 "# Print result (in yaml format) of updating nginx container image from local file, without "
			 "hitting the server\n"
			 "kc set image -f path/to/file.yaml nginx=nginx:1.9.1 --local -o yaml",
			 tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	rc = 1;
	kc_dry_run dry;
	if (kc_dry_run_parse(dry_run, &dry, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (!kc_target_output_ok(output)) {
		kc_target_output_error(ctx, output);
		goto out;
	}
	int nres = 0;
	if (kc_pairs_split(args.args, args.n, "image", &nres, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (kc_annotation_parse(args.args + nres, args.n - nres, &images, &unused, &err) < 0 ||
	    cJSON_GetArraySize(unused) > 0) {
		/* set image takes no removals: "x-" is a malformed pair */
		if (!err.msg[0]) {
			_cleanup_buf_ kc_buf bad = KC_BUF_INIT;
			for (int i = nres; i < args.n; i++)
				if (!strchr(args.args[i], '='))
					kc_buf_addf(&bad, "%s%s", bad.len ? ", " : "", args.args[i]);
			kc_error_set(&err, -EINVAL, "invalid annotation format: %s", bad.s);
		}
		const char *m = err.msg;
		if (str_startswith(m, "invalid annotation format: "))
			fprintf(ctx->err, "error: invalid image format: %s\n", m + strlen("invalid annotation format: "));
		else
			kc_fail(ctx, "%s", m);
		goto out;
	}
	if (local && nres > 0) {
		fputs("error: you must specify resources by --filename when --local is set.\nExample resource "
		      "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n",
		      ctx->err);
		goto out;
	}
	kc_target_opts to = {.selector = selector,
			     .all = all,
			     .filenames = &filenames,
			     .recursive = recursive,
			     .local = local};
	if (kc_targets_fetch(ctx, args.args, nres, &to, &targets) < 0)
		goto out;
	/* Validate, with every complaint at once as kubectl aggregates them */
	{
		const char *msgs[4];
		int nm = 0;
		if (all && selector[0])
			msgs[nm++] = "cannot set --all and --selector at the same time";
		if (nres < 1 && filenames.n == 0)
			msgs[nm++] = "one or more resources must be specified as <resource> <name> or <resource>/<name>";
		if (cJSON_GetArraySize(images) < 1)
			msgs[nm++] = "at least one image update is required";
		else if (cJSON_GetArraySize(images) > 1 && cJSON_GetObjectItemCaseSensitive(images, "*"))
			msgs[nm++] = "all containers are already specified by *, but saw more than one "
				     "container_name=container_image pairs";
		if (local && dry == KC_DRY_RUN_SERVER)
			msgs[nm++] = "cannot specify --local and --dry-run=server - did you mean --dry-run=client?";
		if (nm == 1)
			kc_fail(ctx, "%s", msgs[0]);
		if (nm > 1) {
			fputs("error: [", ctx->err);
			for (int i = 0; i < nm; i++)
				fprintf(ctx->err, "%s%s", i ? ", " : "", msgs[i]);
			fputs("]\n", ctx->err);
		}
		if (nm)
			goto out;
	}
	rc = 0;
	for (size_t i = 0; i < targets.n; i++) {
		kc_target *t = &targets.items[i];
		_cleanup_json_ cJSON *patch = NULL;
		char **errs = NULL;
		size_t nerrs = 0;
		if (kc_set_image_apply(t->obj, images, &patch, &errs, &nerrs, &err) < 0) {
			_cleanup_free_ char *ref = xasprintf("%s%s%s/%s", t->res->plural, t->res->group[0] ? "." : "",
							     t->res->group, t->name);
			kc_targets_add_error(&targets, xasprintf("error: %s %s\n", ref, err.msg));
			continue;
		}
		for (size_t e = 0; e < nerrs; e++)
			kc_targets_add_error(&targets, errs[e]);
		free(errs);
		if (!patch->child)
			continue;
		_cleanup_free_ char *op = xasprintf("image updated%s", kc_dry_run_suffix(dry));
		if (local || dry == KC_DRY_RUN_CLIENT) {
			kc_target_print(ctx, output, t->res, t->obj, op);
			continue;
		}
		_cleanup_free_ char *base = kc_path(t->res, t->ns, t->name, NULL);
		_cleanup_free_ char *path = xasprintf("%s?fieldManager=%s%s", base, field_manager,
						      dry == KC_DRY_RUN_SERVER ? "&dryRun=All" : "");
		_cleanup_free_ char *body = kc_json_print(patch);
		kc_response resp;
		int r = kc_request(ctx, "PATCH", path, "application/strategic-merge-patch+json", body, &resp);
		if (r < 0 || resp.status != 200) {
			_cleanup_free_ char *text = kc_response_error_text(&resp);
			kc_targets_add_error(&targets,
					     xasprintf("failed to patch image update to pod template: %s", text));
		} else {
			kc_target_print(ctx, output, t->res, resp.body, op);
		}
		kc_response_clear(&resp);
	}
	rc = kc_targets_print_errors(ctx, &targets);
out:
	kc_targets_clear(&targets);
	free(args.args);
	kc_flags_release(tables);
	return rc;
}

int cmd_set(kc_ctx *ctx, int argc, char **argv)
{
	static const kc_subcommand subs[] = {
		{"image", set_image, "Update the image of a pod template"},
		{NULL, NULL, NULL},
	};
	static const kc_group g = {
		.name = "set",
		.description = "Configure application resources.\n\n"
			       " These commands help you make changes to existing application resources.",
		.usage = "kc set SUBCOMMAND [options]",
		.subs = subs,
	};
	return kc_group_run(ctx, argc, argv, &g);
}
