/* cmd_exec.c - kc exec: runs a command in a container through pods/exec,
 * over the WebSocket channel protocol kubectl 1.30+ uses (remotecmd.h). */
#include <errno.h>

#include "ctl/commands.h"
#include "ctl/pod_pick.h"
#include "ctl/remotecmd.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "banned.h"

/* kubectl's StreamOptions.SetupTTY: whether the session gets a TTY. */
bool kc_setup_tty(kc_ctx *ctx, bool stdin_open, bool tty, bool quiet)
{
	if (!stdin_open || !tty)
		return false;
	if (!isatty(STDIN_FILENO)) {
		if (!quiet)
			fprintf(ctx->err, "Unable to use a TTY - input is not a terminal or the right kind of file\n");
		return false;
	}
	return true;
}

char *kc_session_path(const cJSON *pod, const char *sub, const char *container, const char *const *command,
		      size_t ncommand, bool in, bool tty)
{
	const kc_resource *pods = kc_resource_find("", "v1", "pods");
	_cleanup_free_ char *base = kc_path(pods, kc_json_get_str(pod, "metadata.namespace", ""),
					    kc_json_get_str(pod, "metadata.name", ""), sub);
	kc_buf path = KC_BUF_INIT;
	kc_buf_addf(&path, "%s?", base);
	for (size_t i = 0; i < ncommand; i++) {
		kc_buf_addstr(&path, "command=");
		kc_query_escape(&path, command[i]);
		kc_buf_addch(&path, '&');
	}
	kc_buf_addstr(&path, "container=");
	kc_query_escape(&path, container);
	kc_buf_addf(&path, "%s&stdout=true%s%s", in ? "&stdin=true" : "", tty ? "" : "&stderr=true", tty ? "&tty=true" : "");
	return kc_buf_release(&path);
}

int cmd_exec(kc_ctx *ctx, int argc, char **argv)
{
	bool in = false, tty = false, quiet = false;
	const char *container = "";
	int64_t timeout = 60 * KC_DURATION_SEC;
	kc_flags_list filenames = {0};
	kc_flag own[] = {
		KC_FLAG_STRING("container", 'c', &container, "",
			       "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for "
			       "selecting the container to be attached or the first container in the pod will be chosen"),
		KC_FLAG_STRING_SLICE("filename", 'f', &filenames, "", "to use to exec into the resource"),
		KC_FLAG_DURATION("pod-running-timeout", 0, &timeout, "1m0s",
				 "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod "
				 "is running"),
		KC_FLAG_BOOL("quiet", 'q', &quiet, "false", "Only print output from the remote session"),
		KC_FLAG_BOOL("stdin", 'i', &in, "false", "Pass stdin to the container"),
		KC_FLAG_BOOL("tty", 't', &tty, "false", "Stdin is a TTY"),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	cJSON *pod = NULL;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "exec", "kc exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]",
			 "Execute a command in a container.",
			 "# Get output from running the 'date' command from pod mypod, using the first container by "
			 "default\n"
			 "kc exec mypod -- date\n\n"
			 "# Get output from running the 'date' command in ruby-container from pod mypod\n"
			 "kc exec mypod -c ruby-container -- date\n\n"
			 "# Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod\n"
			 "# and sends stdout/stderr from 'bash' back to the client\n"
			 "kc exec mypod -c ruby-container -i -t -- bash -il\n\n"
			 "# List contents of /usr from the first container of pod mypod and sort by modification time\n"
			 "# If the command you want to execute in the pod has any flags in common (e.g. -i),\n"
			 "# you must use two dashes (--) to separate your command's flags/arguments\n"
			 "# Also note, do not surround your command and its flags/arguments with quotes\n"
			 "# unless that is how you would execute it normally (i.e., do ls -t /usr, not \"ls -t /usr\").\n"
			 "kc exec mypod -i -t -- ls -t /usr\n\n"
			 "# Get output from running 'date' command from the first pod of the deployment mydeployment, "
			 "using the first container by default\n"
			 "kc exec deploy/mydeployment -- date\n\n"
			 "# Get output from running 'date' command from the first pod of the service myservice, using "
			 "the first container by default\n"
			 "kc exec svc/myservice -- date",
			 tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	rc = 1;
	const char *resource = NULL;
	int cmd_start = args.n;
	if (args.n > 0 && args.dash != 0)
		resource = args.args[0];
	if (args.dash > -1) {
		cmd_start = args.dash;
	} else if (args.n > 1 || (args.n > 0 && filenames.n)) {
		fputs("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
		      "See 'kc exec -h' for help and examples\n",
		      ctx->err);
		goto out;
	}
	if (!resource && filenames.n == 0) {
		kc_fail(ctx, "pod, type/name or --filename must be specified");
		goto out;
	}
	if (cmd_start >= args.n) {
		kc_fail(ctx, "you must specify at least one command for the container");
		goto out;
	}
	if (resource) {
		pod = kc_attachable_pod(ctx, NULL, resource, timeout, "attach", NULL);
	} else {
		kc_targets t;
		kc_target_opts to = {.filenames = &filenames};
		if (kc_targets_fetch(ctx, NULL, 0, &to, &t) < 0)
			goto out;
		if (t.n_errors) {
			kc_targets_print_errors(ctx, &t);
		} else if (t.n != 1) {
			kc_fail(ctx, "cannot exec into multiple objects at a time");
		} else {
			_cleanup_free_ char *typed = xasprintf("%s/%s", t.items[0].res->plural, t.items[0].name);
			pod = kc_attachable_pod(ctx, NULL, typed, timeout, "attach", NULL);
		}
		kc_targets_clear(&t);
	}
	if (!pod)
		goto out;
	const char *phase = kc_json_get_str(pod, "status.phase", "");
	if (streq(phase, "Succeeded") || streq(phase, "Failed")) {
		kc_fail(ctx, "cannot exec into a container in a completed pod; current phase is %s", phase);
		goto out;
	}
	if (!container[0]) {
		char *note = NULL;
		container = kc_pod_default_container(pod, &note);
		if (note && !quiet)
			fprintf(ctx->err, "%s\n", note);
		free(note);
		if (!container) {
			kc_fail(ctx, "pod %s/%s does not have any containers", kc_json_get_str(pod, "metadata.namespace", ""),
				kc_json_get_str(pod, "metadata.name", ""));
			goto out;
		}
	}
	bool raw = kc_setup_tty(ctx, in, tty, quiet);
	char *path = kc_session_path(pod, "exec", container, (const char *const *)args.args + cmd_start,
				     (size_t)(args.n - cmd_start), in, raw);
	rc = kc_remotecmd_run(ctx, path, in, raw);
	free(path);
out:
	cJSON_Delete(pod);
	free(args.args);
	kc_flags_release(tables);
	return rc;
}
