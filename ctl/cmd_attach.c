/* cmd_attach.c - kc attach: joins a running container's streams through
 * pods/attach (remotecmd.h). */
#include <errno.h>

#include "ctl/commands.h"
#include "ctl/pod_pick.h"
#include "ctl/remotecmd.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "banned.h"


/* The container spec of name in pod (containers, init, ephemeral). */
static const cJSON *find_container(const cJSON *pod, const char *name, bool *ret_ephemeral)
{
	const char *lists[] = {"spec.containers", "spec.initContainers", "spec.ephemeralContainers"};
	for (int k = 0; k < 3; k++) {
		const cJSON *c;
		cJSON_ArrayForEach(c, kc_json_get(pod, lists[k]))
			if (streq(kc_json_get_str(c, "name", ""), name)) {
				*ret_ephemeral = k == 2;
				return c;
			}
	}
	return NULL;
}

int cmd_attach(kc_ctx *ctx, int argc, char **argv)
{
	bool in = false, tty = false, quiet = false;
	const char *container = "";
	int64_t timeout = 60 * KC_DURATION_SEC;
	kc_flag own[] = {
		KC_FLAG_STRING("container", 'c', &container, "",
			       "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for "
			       "selecting the container to be attached or the first container in the pod will be chosen"),
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
		kc_usage(ctx, "attach", "kc attach (POD | TYPE/NAME) -c CONTAINER [options]",
			 "Attach to a process that is already running inside an existing container.",
			 "# Get output from running pod mypod; use the 'kubectl.kubernetes.io/default-container' "
			 "annotation\n"
			 "# for selecting the container to be attached or the first container in the pod will be chosen\n"
			 "kc attach mypod\n\n"
			 "# Get output from ruby-container from pod mypod\n"
			 "kc attach mypod -c ruby-container\n\n"
			 "# Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod\n"
			 "# and sends stdout/stderr from 'bash' back to the client\n"
			 "kc attach mypod -c ruby-container -i -t\n\n"
			 "# Get output from the first pod of a replica set named nginx\n"
			 "kc attach rs/nginx",
			 tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	rc = 1;
	if (args.n == 0) {
		kc_fail(ctx, "at least 1 argument is required for attach");
		goto out;
	}
	if (args.n > 2) {
		fprintf(ctx->err, "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw %d: [", args.n);
		for (int i = 0; i < args.n; i++)
			fprintf(ctx->err, "%s%s", i ? " " : "", args.args[i]);
		fputs("]\n", ctx->err);
		goto out;
	}
	if (timeout <= 0) {
		kc_fail(ctx, "--pod-running-timeout must be higher than zero");
		goto out;
	}
	pod = args.n == 2 ? kc_attachable_pod(ctx, args.args[0], args.args[1], timeout, "attach", NULL)
			  : kc_attachable_pod(ctx, NULL, args.args[0], timeout, "attach", NULL);
	if (!pod)
		goto out;
	const char *phase = kc_json_get_str(pod, "status.phase", "");
	if (streq(phase, "Succeeded") || streq(phase, "Failed")) {
		kc_fail(ctx, "cannot attach a container in a completed pod; current phase is %s", phase);
		goto out;
	}
	if (container[0]) {
		if (!kc_pod_has_container(pod, container)) {
			kc_fail(ctx, "cannot attach to the container: container %s not found in pod %s", container,
				kc_json_get_str(pod, "metadata.name", ""));
			goto out;
		}
	} else {
		char *note = NULL;
		container = kc_pod_default_container(pod, &note);
		if (note && !quiet)
			fprintf(ctx->err, "%s\n", note);
		free(note);
		if (!container) {
			kc_fail(ctx, "cannot attach to the container: pod %s/%s does not have any containers",
				kc_json_get_str(pod, "metadata.namespace", ""), kc_json_get_str(pod, "metadata.name", ""));
			goto out;
		}
	}
	bool ephemeral = false;
	const cJSON *spec = find_container(pod, container, &ephemeral);
	bool container_tty = kc_json_get_bool(spec, "tty", false);
	if (tty && !container_tty) {
		tty = false;
		if (!quiet)
			fprintf(ctx->err, "error: Unable to use a TTY - container %s did not allocate one\n", container);
	} else if (!tty && container_tty) {
		tty = true;
	}
	bool raw = kc_setup_tty(ctx, in, tty, quiet);
	if (!quiet)
		fprintf(ctx->err, "If you don't see a command prompt, try pressing enter.\n");
	const char *pname = kc_json_get_str(pod, "metadata.name", "");
	char *path = kc_session_path(pod, "attach", container, NULL, 0, in, raw);
	rc = kc_remotecmd_run(ctx, path, in, raw);
	free(path);
	if (rc == 0 && !quiet && in && raw && streq(kc_json_get_str(pod, "spec.restartPolicy", ""), "Always")) {
		if (ephemeral)
			fprintf(ctx->out,
				"Session ended, the ephemeral container will not be restarted but may be reattached using "
				"'kc attach %s -c %s -i -t' if it is still running\n",
				pname, container);
		else
			fprintf(ctx->out, "Session ended, resume using 'kc attach %s -c %s -i -t' command when the pod is "
					  "running\n",
				pname, container);
	}
out:
	cJSON_Delete(pod);
	free(args.args);
	kc_flags_release(tables);
	return rc;
}
