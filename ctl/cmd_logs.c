/* cmd_logs.c - kc logs: GET pods/<name>/log with kubectl's options, one
 * request per container asked for, followed (-f) as a chunked stream, lines
 * prefixed with "[pod/<pod>/<container>] " on --prefix. The object may be a
 * pod, a workload or service (its first pod, as kubectl picks it), or pods
 * chosen with -l. */
#include <errno.h>

#include "ctl/commands.h"
#include "ctl/ops.h"
#include "ctl/pod_pick.h"
#include "ctl/stream.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "banned.h"

/* ---- pure parts (ops.h) ---- */

char *kc_logs_query(const kc_logs_opts *o, const char *container)
{
	kc_buf b = KC_BUF_INIT;
	char sep = '?';
#define ADD(...)                                   \
	do {                                       \
		kc_buf_addch(&b, sep);             \
		kc_buf_addf(&b, __VA_ARGS__);      \
		sep = '&';                         \
	} while (0)
	if (container && container[0]) {
		kc_buf_addf(&b, "%ccontainer=", sep);
		kc_query_escape(&b, container);
		sep = '&';
	}
	if (o->follow)
		ADD("follow=true");
	if (o->insecure_backend)
		ADD("insecureSkipTLSVerifyBackend=true");
	if (o->limit_bytes > 0)
		ADD("limitBytes=%lld", (long long)o->limit_bytes);
	if (o->previous)
		ADD("previous=true");
	if (o->since_seconds > 0)
		ADD("sinceSeconds=%lld", (long long)o->since_seconds);
	if (o->since_time && o->since_time[0]) {
		kc_buf_addf(&b, "%csinceTime=", sep);
		kc_query_escape(&b, o->since_time);
		sep = '&';
	}
	if (o->tail_lines >= 0)
		ADD("tailLines=%lld", (long long)o->tail_lines);
	if (o->timestamps)
		ADD("timestamps=true");
#undef ADD
	return kc_buf_release(&b);
}

void kc_line_prefixer_feed(kc_line_prefixer *p, const char *data, size_t len, kc_buf *out)
{
	kc_buf *line = p->whole_lines ? &p->partial : out;
	for (size_t i = 0; i < len; i++) {
		if (p->at_line_start && p->prefix)
			kc_buf_addstr(line, p->prefix);
		p->at_line_start = false;
		kc_buf_addch(line, data[i]);
		if (data[i] == '\n') {
			p->at_line_start = true;
			if (line != out) {
				kc_buf_add(out, line->s, line->len);
				line->len = 0;
			}
		}
	}
}

void kc_line_prefixer_finish(kc_line_prefixer *p, kc_buf *out)
{
	if (p->partial.len)
		kc_buf_add(out, p->partial.s, p->partial.len);
	kc_buf_free(&p->partial);
}

/* ---- the command ---- */

typedef struct log_req {
	char *path;
	kc_line_prefixer pfx;
	kc_ctx *ctx;
	char *prefix;
} log_req;

static int on_log_data(const char *data, size_t len, void *userdata)
{
	log_req *r = userdata;
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	kc_line_prefixer_feed(&r->pfx, data, len, &out);
	if (out.len && fwrite(out.s, 1, out.len, r->ctx->out) != out.len)
		return -EIO;
	fflush(r->ctx->out);
	return 0;
}

static void add_request(log_req **reqs, size_t *n, const cJSON *pod, const char *container, const kc_logs_opts *o,
			bool prefix)
{
	*reqs = xrealloc(*reqs, (*n + 1) * sizeof(**reqs));
	log_req *r = &(*reqs)[(*n)++];
	memset(r, 0, sizeof(*r));
	const kc_resource *pods = kc_resource_find("", "v1", "pods");
	_cleanup_free_ char *base = kc_path(pods, kc_json_get_str(pod, "metadata.namespace", ""),
					    kc_json_get_str(pod, "metadata.name", ""), "log");
	_cleanup_free_ char *q = kc_logs_query(o, container);
	r->path = xasprintf("%s%s", base, q);
	if (prefix)
		r->prefix = xasprintf("[pod/%s/%s] ", kc_json_get_str(pod, "metadata.name", ""), container);
	r->pfx.prefix = r->prefix;
	r->pfx.at_line_start = true;
}

/* logsForObject for one pod; returns 0 or 1 after printing an error */
static int requests_for_pod(kc_ctx *ctx, const cJSON *pod, const char *container, bool all_containers, bool quiet,
			    const kc_logs_opts *o, bool prefix, log_req **reqs, size_t *n)
{
	if (all_containers) {
		const char *lists[] = {"spec.initContainers", "spec.containers", "spec.ephemeralContainers"};
		for (int k = 0; k < 3; k++) {
			const cJSON *c;
			cJSON_ArrayForEach(c, kc_json_get(pod, lists[k]))
				add_request(reqs, n, pod, kc_json_get_str(c, "name", ""), o, prefix);
		}
		return 0;
	}
	const char *name = container;
	if (!name || !name[0]) {
		const cJSON *ann = kc_json_getv(pod, "metadata", "annotations", "kubectl.kubernetes.io/default-container",
						NULL);
		const char *want = kc_json_as_str(ann, "");
		if (want[0] && !kc_pod_has_container(pod, want))
			fprintf(ctx->err, "Default container name \"%s\" not found in pod %s\n", want,
				kc_json_get_str(pod, "metadata.name", ""));
		char *note = NULL;
		name = kc_pod_default_container(pod, &note);
		if (note && !quiet)
			fprintf(ctx->err, "%s\n", note);
		free(note);
		if (!name)
			return kc_fail(ctx, "pod %s does not have any containers", kc_json_get_str(pod, "metadata.name", ""));
	}
	if (!kc_pod_has_container(pod, name))
		return kc_fail(ctx, "container %s is not valid for pod %s", name, kc_json_get_str(pod, "metadata.name", ""));
	add_request(reqs, n, pod, name, o, prefix);
	return 0;
}

static const char *usage_err = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
			       "POD or TYPE/NAME is a required argument for the logs command";

int cmd_logs(kc_ctx *ctx, int argc, char **argv)
{
	bool all_pods = false, all_containers = false, ignore_errors = false, prefix = false;
	const char *container = "", *selector = "", *since_time = "";
	int64_t since = 0, pod_timeout = 20 * KC_DURATION_SEC;
	int max_requests = 5;
	kc_logs_opts o = {.tail_lines = -1};
	kc_flag own[] = {
		KC_FLAG_BOOL("all-containers", 0, &all_containers, "false", "Get all containers' logs in the pod(s)."),
		KC_FLAG_BOOL("all-pods", 0, &all_pods, "false", "Get logs from all pod(s). Sets prefix to true."),
		KC_FLAG_STRING("container", 'c', &container, "", "Print the logs of this container"),
		KC_FLAG_BOOL("follow", 'f', &o.follow, "false", "Specify if the logs should be streamed."),
		KC_FLAG_BOOL("ignore-errors", 0, &ignore_errors, "false",
			     "If watching / following pod logs, allow for any errors that occur to be non-fatal"),
		KC_FLAG_BOOL("insecure-skip-tls-verify-backend", 0, &o.insecure_backend, "false",
			     "Skip verifying the identity of the kubelet that logs are requested from.  In theory, an "
			     "attacker could provide invalid log content back. You might want to use this if your "
			     "kubelet serving certificates have expired."),
		KC_FLAG_INT64("limit-bytes", 0, &o.limit_bytes, "0",
			      "Maximum bytes of logs to return. Defaults to no limit."),
		KC_FLAG_INT("max-log-requests", 0, &max_requests, "5",
			    "Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5."),
		KC_FLAG_DURATION("pod-running-timeout", 0, &pod_timeout, "20s",
				 "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod "
				 "is running"),
		KC_FLAG_BOOL("prefix", 0, &prefix, "false",
			     "Prefix each log line with the log source (pod name and container name)"),
		KC_FLAG_BOOL("previous", 'p', &o.previous, "false",
			     "If true, print the logs for the previous instance of the container in a pod if it exists."),
		KC_FLAG_STRING("selector", 'l', &selector, "",
			       "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l "
			       "key1=value1,key2=value2). Matching objects must satisfy all of the specified label "
			       "constraints."),
		KC_FLAG_DURATION("since", 0, &since, "0s",
				 "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all "
				 "logs. Only one of since-time / since may be used."),
		KC_FLAG_STRING("since-time", 0, &since_time, "",
			       "Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of "
			       "since-time / since may be used."),
		KC_FLAG_INT64("tail", 0, &o.tail_lines, "-1",
			      "Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines "
			      "otherwise 10, if a selector is provided."),
		KC_FLAG_BOOL("timestamps", 0, &o.timestamps, "false", "Include timestamps on each line in the log output"),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	log_req *reqs = NULL;
	size_t nreq = 0;
	kc_streams *streams = NULL;
	cJSON *object = NULL, *pod_list = NULL;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "logs", "kc logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]",
			 "Print the logs for a container in a pod or specified resource. If the pod has only one "
			 "container, the container name is optional.",
			 "# Return snapshot logs from pod nginx with only one container\n"
			 "kc logs nginx\n\n"
			 "# Return snapshot logs from pod nginx, prefixing each line with the source pod and container "
			 "name\n"
			 "kc logs nginx --prefix\n\n"
			 "# Return snapshot logs from pod nginx with multi containers\n"
			 "kc logs nginx --all-containers=true\n\n"
			 "# Return snapshot logs from all pods in the deployment nginx\n"
			 "kc logs deployment/nginx --all-pods=true\n\n"
			 "# Return snapshot logs from all containers in pods defined by label app=nginx\n"
			 "kc logs -l app=nginx --all-containers=true\n\n"
			 "# Return snapshot of previous terminated ruby container logs from pod web-1\n"
			 "kc logs -p -c ruby web-1\n\n"
			 "# Begin streaming the logs of the ruby container in pod web-1\n"
			 "kc logs -f -c ruby web-1\n\n"
			 "# Display only the most recent 20 lines of output in pod nginx\n"
			 "kc logs --tail=20 nginx\n\n"
			 "# Show all logs from pod nginx written in the last hour\n"
			 "kc logs --since=1h nginx\n\n"
			 "# Return snapshot logs from first container of a job named hello\n"
			 "kc logs job/hello",
			 tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	rc = 1;
	const char *resource_arg = NULL;
	bool container_given = kc_flags_changed(tables, "container");
	if (args.n == 0 && !selector[0]) {
		fprintf(ctx->err, "error: %s\nSee 'kc logs -h' for help and examples\n", usage_err);
		goto out;
	}
	if (args.n == 1) {
		resource_arg = args.args[0];
		if (selector[0]) {
			fputs("error: only a selector (-l) or a POD name is allowed\nSee 'kc logs -h' for help and "
			      "examples\n",
			      ctx->err);
			goto out;
		}
	} else if (args.n == 2) {
		resource_arg = args.args[0];
		if (!container_given)
			container = args.args[1];
	} else if (args.n > 2) {
		fprintf(ctx->err, "error: %s\nSee 'kc logs -h' for help and examples\n", usage_err);
		goto out;
	}
	if (all_pods)
		prefix = true;
	if (selector[0] && o.tail_lines == -1 && !kc_flags_changed(tables, "tail"))
		o.tail_lines = 10;
	o.since_seconds = since ? (since + KC_DURATION_SEC / 2) / KC_DURATION_SEC : 0;
	o.since_time = since_time;
	if (since_time[0]) {
		kc_time t;
		if (kc_time_parse_rfc3339(since_time, &t, &err) < 0) {
			kc_fail(ctx, "%s", err.msg);
			goto out;
		}
	}
	const char *ns = kc_ctx_namespace(ctx);
	/* the object */
	if (resource_arg) {
		const kc_resource *r = NULL;
		const char *name = resource_arg;
		const char *slash = strchr(resource_arg, '/');
		if (slash) {
			_cleanup_free_ char *type = xstrndup(resource_arg, (size_t)(slash - resource_arg));
			r = kc_ctx_resource(ctx, type);
			if (!r)
				goto out;
			name = slash + 1;
		} else {
			r = kc_resource_find("", "v1", "pods");
		}
		_cleanup_free_ char *path = kc_path(r, ns, name, NULL);
		kc_response resp;
		int q = kc_request(ctx, "GET", path, NULL, NULL, &resp);
		if (q < 0 || resp.status != 200) {
			if (resp.status == 404) {
				fflush(ctx->out);
				fprintf(ctx->err, "error: error from server (NotFound): %s in namespace \"%s\"\n",
					resp.err.msg, ns);
			} else {
				kc_fail_response(ctx, &resp, NULL);
			}
			kc_response_clear(&resp);
			goto out;
		}
		object = TAKE_PTR(resp.body);
		kc_response_clear(&resp);
		char av[64];
		if (!cJSON_GetObjectItemCaseSensitive(object, "kind")) {
			cJSON_AddStringToObject(object, "kind", r->kind);
			cJSON_AddStringToObject(object, "apiVersion", kc_resource_api_version(r, av, sizeof(av)));
		}
	} else {
		const kc_resource *pods = kc_resource_find("", "v1", "pods");
		_cleanup_free_ char *base = kc_path(pods, ns, NULL, NULL);
		_cleanup_buf_ kc_buf path = KC_BUF_INIT;
		kc_buf_addf(&path, "%s?labelSelector=", base);
		kc_query_escape(&path, selector);
		kc_response resp;
		int q = kc_request(ctx, "GET", path.s, NULL, NULL, &resp);
		if (q < 0 || resp.status != 200) {
			kc_fail_response(ctx, &resp, NULL);
			kc_response_clear(&resp);
			goto out;
		}
		pod_list = cJSON_DetachItemFromObjectCaseSensitive(resp.body, "items");
		kc_response_clear(&resp);
		if (cJSON_GetArraySize(pod_list) == 0)
			fprintf(ctx->err, "No resources found in %s namespace.\n", ns);
	}
	/* Validate */
	if (since_time[0] && since) {
		kc_fail(ctx, "at most one of `sinceTime` or `sinceSeconds` may be specified");
		goto out;
	}
	if (all_containers && container[0]) {
		kc_fail(ctx, "--all-containers=true should not be specified with container name %s", container);
		goto out;
	}
	if (container_given && args.n == 2) {
		kc_fail(ctx, "only one of -c or an inline [CONTAINER] arg is allowed");
		goto out;
	}
	if (o.limit_bytes < 0) {
		kc_fail(ctx, "--limit-bytes must be greater than 0");
		goto out;
	}
	if (since < 0) {
		kc_fail(ctx, "--since must be greater than 0");
		goto out;
	}
	if (o.tail_lines < -1) {
		kc_fail(ctx, "--tail must be greater than or equal to -1");
		goto out;
	}
	/* the requests */
	if (object && !streq(kc_json_get_str(object, "kind", ""), "Pod")) {
		char *sel = NULL;
		if (kc_pod_selector_for(object, &sel, &err) < 0) {
			const char *av = kc_json_get_str(object, "apiVersion", "v1");
			const char *sl = strrchr(av, '/');
			kc_fail(ctx, "cannot get the logs from *%s.%s: %s", sl ? sl + 1 : av,
				kc_json_get_str(object, "kind", ""), err.msg);
			goto out;
		}
		int count = 0;
		char *e = NULL;
		cJSON *all = NULL;
		cJSON *pod = kc_pods_first(ctx, kc_json_get_str(object, "metadata.namespace", ns), sel, pod_timeout,
					   KC_POD_ORDER_LOGGING, &count, &all, &e);
		free(sel);
		if (!pod) {
			kc_print_error(ctx, e);
			free(e);
			goto out;
		}
		if (count > 1 && all_pods) {
			cJSON_Delete(pod);
			pod_list = all;
		} else {
			if (count > 1)
				fprintf(ctx->err, "Found %d pods, using pod/%s\n", count, kc_json_get_str(pod, "metadata.name", ""));
			cJSON_Delete(all);
			cJSON_Delete(object);
			object = pod;
		}
	}
	if (pod_list) {
		const cJSON *pod;
		cJSON_ArrayForEach(pod, pod_list)
			if (requests_for_pod(ctx, pod, container, all_containers, all_pods, &o, prefix, &reqs, &nreq))
				goto out;
	} else if (object) {
		if (requests_for_pod(ctx, object, container, all_containers, false, &o, prefix, &reqs, &nreq))
			goto out;
	}
	if (o.follow && nreq > 1 && nreq > (size_t)max_requests) {
		kc_fail(ctx, "you are attempting to follow %zu log streams, but maximum allowed concurrency is %d, use "
			     "--max-log-requests to increase the limit",
			nreq, max_requests);
		goto out;
	}
	streams = kc_streams_new(ctx);
	if (!streams)
		goto out;
	rc = 0;
	/* followed streams run side by side; snapshots one after the other */
	bool parallel = o.follow && nreq > 1;
	for (size_t i = 0; i < nreq; i++) {
		reqs[i].ctx = ctx;
		reqs[i].pfx.whole_lines = parallel;
	}
	for (size_t i = 0; i < nreq; i++) {
		int idx = kc_streams_add(streams, reqs[i].path, on_log_data, &reqs[i]);
		if (!parallel) {
			kc_streams_run(streams);
			const char *e = kc_streams_error(streams, idx);
			if (e) {
				if (!ignore_errors) {
					rc = kc_print_error(ctx, e);
					goto out;
				}
				fprintf(ctx->out, "error: %s\n", kc_streams_message(streams, idx));
			}
		}
	}
	if (parallel) {
		kc_streams_run(streams);
		for (size_t i = 0; i < nreq; i++) {
			_cleanup_buf_ kc_buf rest = KC_BUF_INIT;
			kc_line_prefixer_finish(&reqs[i].pfx, &rest);
			if (rest.len)
				fwrite(rest.s, 1, rest.len, ctx->out);
		}
		for (size_t i = 0; i < nreq; i++) {
			const char *e = kc_streams_error(streams, (int)i);
			if (!e)
				continue;
			if (!ignore_errors) {
				rc = kc_print_error(ctx, e);
				break;
			}
			fprintf(ctx->out, "error: %s\n", kc_streams_message(streams, (int)i));
		}
	}
out:
	kc_streams_free(streams);
	for (size_t i = 0; i < nreq; i++) {
		free(reqs[i].path);
		free(reqs[i].prefix);
		kc_buf_free(&reqs[i].pfx.partial);
	}
	free(reqs);
	cJSON_Delete(object);
	cJSON_Delete(pod_list);
	free(args.args);
	kc_flags_release(tables);
	return rc;
}
