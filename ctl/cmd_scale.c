/* cmd_scale.c - kc scale: sets spec.replicas through the scale subresource,
 * as kubectl does: a merge patch of the Scale, or, with a precondition
 * (--current-replicas, --resource-version), a read-check-update of the
 * Scale retried on conflicts. */
#include <errno.h>
#include <time.h>

#include "ctl/commands.h"
#include "ctl/ops.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "banned.h"

int kc_scale_precondition_check(const cJSON *scale, int current_replicas, const char *resource_version,
				kc_error *err)
{
	int64_t have = kc_json_get_int(scale, "spec.replicas", 0);
	if (current_replicas != -1 && have != current_replicas)
		return kc_error_set(err, -ECANCELED, "Expected replicas to be %d, was %lld", current_replicas,
				    (long long)have);
	const char *rv = kc_json_get_str(scale, "metadata.resourceVersion", "");
	if (resource_version && resource_version[0] && !streq(rv, resource_version))
		return kc_error_set(err, -ECANCELED, "Expected resource version to be %s, was %s", resource_version, rv);
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* One attempt of kubectl's ScaleSimple. Returns 0, -EAGAIN on a conflict
 * (try again), or -1 with the message in *ret_msg. */
static int scale_once(kc_ctx *ctx, const kc_target *t, int replicas, int current, const char *rv, bool server_dry,
		      char **ret_msg)
{
	_cleanup_free_ char *path = kc_path(t->res, t->ns, t->name, "scale");
	_cleanup_free_ char *wpath = xasprintf("%s%s", path, server_dry ? "?dryRun=All" : "");
	kc_response resp;
	int rc;
	if (current != -1 || (rv && rv[0])) {
		rc = kc_request(ctx, "GET", path, NULL, NULL, &resp);
		if (rc < 0 || resp.status != 200) {
			*ret_msg = kc_response_error_text(&resp);
			kc_response_clear(&resp);
			return -1;
		}
		kc_error err = KC_ERROR_INIT;
		if (kc_scale_precondition_check(resp.body, current, rv, &err) < 0) {
			*ret_msg = xstrdup(err.msg);
			kc_response_clear(&resp);
			return -1;
		}
		_cleanup_json_ cJSON *scale = TAKE_PTR(resp.body);
		kc_response_clear(&resp);
		kc_json_set_int(scale, "spec.replicas", replicas, NULL);
		rc = kc_request_json(ctx, "PUT", wpath, scale, &resp);
	} else {
		_cleanup_free_ char *patch = xasprintf("{\"spec\":{\"replicas\":%d}}", replicas);
		rc = kc_request(ctx, "PATCH", wpath, "application/merge-patch+json", patch, &resp);
	}
	if (rc == 0 && resp.status == 409) {
		kc_response_clear(&resp);
		return -EAGAIN;
	}
	if (rc < 0 || resp.status != 200) {
		*ret_msg = kc_response_error_text(&resp);
		kc_response_clear(&resp);
		return -1;
	}
	kc_response_clear(&resp);
	return 0;
}

/* kubectl's WaitForScaleHasDesiredReplicas, polled every second. */
static int wait_replicas(kc_ctx *ctx, const kc_target *t, int replicas, int64_t timeout_ns, char **ret_msg)
{
	_cleanup_free_ char *path = kc_path(t->res, t->ns, t->name, "scale");
	int64_t deadline = kc_time_monotonic_ms() + timeout_ns / 1000000;
	for (;;) {
		kc_response resp;
		int rc = kc_request(ctx, "GET", path, NULL, NULL, &resp);
		if (rc < 0 || resp.status != 200) {
			*ret_msg = kc_response_error_text(&resp);
			kc_response_clear(&resp);
			return -1;
		}
		int64_t spec = kc_json_get_int(resp.body, "spec.replicas", 0);
		int64_t status = kc_json_get_int(resp.body, "status.replicas", 0);
		kc_response_clear(&resp);
		if (spec != replicas || (spec == status && status == replicas))
			return 0;
		if (kc_time_monotonic_ms() + 1000 > deadline) {
			*ret_msg = xasprintf("timed out waiting for \"%s\" to be synced", t->name);
			return -1;
		}
		sleep_ms(1000);
	}
}

int cmd_scale(kc_ctx *ctx, int argc, char **argv)
{
	bool all = false, recursive = false, allow_missing = true, show_managed = false, record = false;
	int replicas = 0, current = -1;
	int64_t timeout = 0;
	const char *rv = "", *dry_run = "none", *output = "", *selector = "", *template = "";
	kc_flags_list filenames = {0};
	kc_flag own[] = {
		KC_FLAG_BOOL("all", 0, &all, "false", "Select all resources in the namespace of the specified resource types"),
		KC_FLAG_BOOL("allow-missing-template-keys", 0, &allow_missing, "true",
			     "If true, ignore any errors in templates when a field or map key is missing in the "
			     "template. Only applies to golang and jsonpath output formats."),
		KC_FLAG_INT("current-replicas", 0, &current, "-1",
			    "Precondition for current size. Requires that the current size of the resource match this "
			    "value in order to scale. -1 (default) for no condition."),
		KC_FLAG_STRING("dry-run", 0, &dry_run, "none",
			       "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object "
			       "that would be sent, without sending it. If server strategy, submit server-side request "
			       "without persisting the resource."),
		KC_FLAG_STRING_SLICE("filename", 'f', &filenames, "",
				     "Filename, directory, or URL to files identifying the resource to set a new size"),
		KC_FLAG_STRING("output", 'o', &output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_BOOL("record", 0, &record, "false",
			     "Record current kubectl command in the resource annotation. If set to false, do not record "
			     "the command. If set to true, record the command. If not set, default to updating the "
			     "existing annotation value only if one already exists."),
		KC_FLAG_BOOL("recursive", 'R', &recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_INT("replicas", 0, &replicas, "0", "The new desired number of replicas. Required."),
		KC_FLAG_STRING("resource-version", 0, &rv, "",
			       "Precondition for resource version. Requires that the current resource version match "
			       "this value in order to scale."),
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
		KC_FLAG_DURATION("timeout", 0, &timeout, "0s",
				 "The length of time to wait before giving up on a scale operation, zero means don't "
				 "wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h)."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_lookup(tables, "dry-run")->noopt = "unchanged";
	kc_flags_lookup(tables, "record")->hidden = true;
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	kc_targets targets = {0};
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "scale",
			 "kc scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME "
			 "| TYPE NAME) [options]",
			 "Set a new size for a deployment, replica set, replication controller, or stateful set.\n\n"
			 " Scale also allows users to specify one or more preconditions for the scale action.\n\n"
			 " If --current-replicas or --resource-version is specified, it is validated before the scale "
			 "is attempted, and it is guaranteed that the precondition holds true when the scale is sent "
			 "to the server.",
			 "# Scale a replica set named 'foo' to 3\n"
			 "kc scale --replicas=3 rs/foo\n\n"
			 "# Scale a resource identified by type and name specified in \"foo.yaml\" to 3\n"
			 "kc scale --replicas=3 -f foo.yaml\n\n"
			 "# If the deployment named mysql's current size is 2, scale mysql to 3\n"
			 "kc scale --current-replicas=2 --replicas=3 deployment/mysql\n\n"
			 "# Scale multiple replication controllers\n"
			 "kc scale --replicas=5 rc/example1 rc/example2 rc/example3\n\n"
			 "# Scale stateful set named 'web' to 3\n"
			 "kc scale --replicas=3 statefulset/web",
			 tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	rc = 1;
	if (!kc_flags_changed(tables, "replicas")) {
		kc_fail(ctx, "required flag(s) \"replicas\" not set");
		goto out;
	}
	kc_dry_run dry;
	if (kc_dry_run_parse(dry_run, &dry, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (!kc_target_output_ok(output)) {
		kc_target_output_error(ctx, output);
		goto out;
	}
	if (replicas < 0) {
		kc_fail(ctx, "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
		goto out;
	}
	if (current < -1) {
		kc_fail(ctx, "The --current-replicas must specify an integer of -1 or greater");
		goto out;
	}
	kc_target_opts to = {.selector = selector, .all = all, .filenames = &filenames, .recursive = recursive};
	if (kc_targets_fetch(ctx, args.args, args.n, &to, &targets) < 0)
		goto out;
	if (rv[0] && targets.n > 1) {
		kc_fail(ctx, "cannot use --resource-version with multiple resources");
		goto out;
	}
	if (targets.n == 0) {
		/* kubectl drops the lookup failures here */
		kc_fail(ctx, "no objects passed to scale");
		goto out;
	}
	rc = 0;
	for (size_t i = 0; i < targets.n; i++) {
		kc_target *t = &targets.items[i];
		char *msg = NULL;
		if (dry != KC_DRY_RUN_CLIENT) {
			/* conflicts are retried every second for up to five minutes */
			int64_t deadline = kc_time_monotonic_ms() + 5 * 60 * 1000;
			int r;
			while ((r = scale_once(ctx, t, replicas, current, rv, dry == KC_DRY_RUN_SERVER, &msg)) == -EAGAIN &&
			       kc_time_monotonic_ms() < deadline)
				sleep_ms(1000);
			if (r == -EAGAIN)
				msg = xstrdup("timed out waiting for the condition");
			if (r == 0 && timeout > 0 && dry == KC_DRY_RUN_NONE)
				wait_replicas(ctx, t, replicas, timeout, &msg);
			if (msg) {
				/* kubectl stops at the first failure */
				kc_print_error(ctx, msg);
				free(msg);
				rc = 1;
				goto out;
			}
		}
		_cleanup_free_ char *op = xasprintf("scaled%s", kc_dry_run_suffix(dry));
		kc_target_print(ctx, output, t->res, t->obj, op);
	}
	rc |= kc_targets_print_errors(ctx, &targets);
out:
	kc_targets_clear(&targets);
	free(args.args);
	kc_flags_release(tables);
	return rc;
}
