/* cmd_run.c - kc run NAME --image=IMAGE: a Pod (and with --expose a
 * ClusterIP Service), built as kubectl builds them. With -i/-t/--attach the
 * pod is created and then attached to; until a kubelet serves attach this
 * prints the server's answer, and --rm deletes the pod afterwards. */
#include <ctype.h>
#include <errno.h>
#include <unistd.h>

#include "ctl/commands.h"
#include "ctl/create.h"
#include "ctl/mutate.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/validate.h"
#include "banned.h"

/* ---- image references (distribution's reference.ReferenceRegexp) ---- */

static bool alnum_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* path-component: [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)* */
static bool path_component(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0 || !alnum_lower(s[0]))
		return false;
	while (i < n) {
		while (i < n && alnum_lower(s[i]))
			i++;
		if (i == n)
			return true;
		size_t sep = i;
		if (s[i] == '.' || s[i] == '_') {
			i++;
			if (s[sep] == '_' && i < n && s[i] == '_')
				i++;
		} else {
			while (i < n && s[i] == '-')
				i++;
		}
		if (i == sep || i == n || !alnum_lower(s[i]))
			return false;
	}
	return true;
}

/* domain: components of [a-zA-Z0-9-] (not starting or ending with '-')
 * joined by dots, with an optional :port. */
static bool domain(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	size_t host = colon ? (size_t)(colon - s) : n;
	if (colon) {
		if (colon + 1 == s + n)
			return false;
		for (const char *p = colon + 1; p < s + n; p++)
			if (!isdigit((unsigned char)*p))
				return false;
	}
	size_t start = 0;
	for (size_t i = 0; i <= host; i++) {
		if (i < host && s[i] != '.')
			continue;
		size_t len = i - start;
		if (len == 0 || s[start] == '-' || s[i - 1] == '-')
			return false;
		for (size_t k = start; k < i; k++)
			if (!isalnum((unsigned char)s[k]) && s[k] != '-')
				return false;
		start = i + 1;
	}
	return true;
}

static bool path(const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || s[i] == '/') {
			if (!path_component(s + start, i - start))
				return false;
			start = i + 1;
		}
	return true;
}

static bool image_ok(const char *image)
{
	size_t n = strlen(image);
	const char *at = strchr(image, '@');
	if (at) {
		/* digest: algorithm ":" at least 32 hex digits */
		const char *d = at + 1, *colon = strchr(d, ':');
		if (!colon || colon == d || !isalpha((unsigned char)*d) || strlen(colon + 1) < 32)
			return false;
		for (const char *p = d; p < colon; p++)
			if (!isalnum((unsigned char)*p) && !strchr("-_+.", *p))
				return false;
		for (const char *p = colon + 1; *p; p++)
			if (!isxdigit((unsigned char)*p))
				return false;
		n = (size_t)(at - image);
	}
	/* a tag: after the last ':' that follows the last '/' */
	const char *slash = NULL, *colon = NULL;
	for (size_t i = 0; i < n; i++) {
		if (image[i] == '/')
			slash = image + i, colon = NULL;
		else if (image[i] == ':')
			colon = image + i;
	}
	if (colon) {
		const char *t = colon + 1;
		size_t tl = n - (size_t)(t - image);
		if (tl == 0 || tl > 128 || !(isalnum((unsigned char)t[0]) || t[0] == '_'))
			return false;
		for (size_t i = 0; i < tl; i++)
			if (!isalnum((unsigned char)t[i]) && !strchr("_.-", t[i]))
				return false;
		n = (size_t)(colon - image);
	}
	if (n == 0 || n > 255)
		return false;
	(void)slash;
	const char *first = memchr(image, '/', n);
	if (first && domain(image, (size_t)(first - image)) && path(first + 1, n - (size_t)(first - image) - 1))
		return true;
	return path(image, n);
}

/* ---- the objects ---- */

typedef struct run_opts {
	const char *image, *port, *labels_flag, *restart, *pull, *overrides, *dry_run_flag, *output;
	const char *field_manager, *pod_running_timeout;
	kc_flags_list env, annotations;
	bool command, privileged, stdin_, tty, attach, rm, leave_open, expose, quiet, save_config;
} run_opts;

/* A Go map[string]string as JSON: keys in order. */
static void sorted_put(cJSON *obj, const char *k, const char *v)
{
	cJSON *item = cJSON_CreateString(v);
	cJSON *at = obj->child;
	while (at && strcmp(at->string, k) < 0)
		at = at->next;
	if (at && streq(at->string, k)) {
		kc_json_object_put(obj, k, item);
		return;
	}
	/* rebuild in order: detach the rest, add, re-attach */
	cJSON *rest = cJSON_CreateObject();
	while (at) {
		cJSON *next = at->next;
		cJSON_AddItemToArray(rest, cJSON_DetachItemViaPointer(obj, at));
		at = next;
	}
	cJSON_AddItemToObject(obj, k, item);
	while (rest->child)
		cJSON_AddItemToArray(obj, cJSON_DetachItemViaPointer(rest, rest->child));
	cJSON_Delete(rest);
}

/* parseLabels: "a=b,c=d". */
static int parse_labels(const char *s, cJSON **ret, kc_error *err)
{
	*ret = NULL;
	if (!s || !s[0])
		return 0;
	_cleanup_json_ cJSON *labels = cJSON_CreateObject();
	_cleanup_free_ char *copy = xstrdup(s);
	char *save = NULL;
	for (char *spec = copy;; spec = NULL) {
		char *item = strtok_r(spec, ",", &save);
		if (!item)
			break;
		char *eq = strchr(item, '=');
		if (!eq || strchr(eq + 1, '='))
			return kc_error_set(err, -EINVAL, "unexpected label spec: %s", item);
		*eq = '\0';
		if (!item[0])
			return kc_error_set(err, -EINVAL, "unexpected empty label key");
		sorted_put(labels, item, eq + 1);
	}
	*ret = TAKE_PTR(labels);
	return 0;
}

static cJSON *build_pod(const run_opts *o, const char *name, const char *ns, const cJSON *labels, const cJSON *ann,
			const cJSON *env, char *const *args, int nargs, const char *restart)
{
	cJSON *pod = kc_create_object("Pod", "v1", name, ns);
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(pod, "metadata");
	cJSON_AddItemToObject(meta, "labels", kc_json_dup(labels));
	if (ann && ann->child)
		cJSON_AddItemToObject(meta, "annotations", kc_json_dup(ann));
	cJSON *spec = cJSON_AddObjectToObject(pod, "spec");
	cJSON *c = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(spec, "containers"), c);
	cJSON_AddStringToObject(c, "name", name);
	cJSON_AddStringToObject(c, "image", o->image);
	if (nargs > 0) {
		cJSON *a = cJSON_AddArrayToObject(c, o->command ? "command" : "args");
		for (int i = 0; i < nargs; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(args[i]));
	}
	if (o->port[0]) {
		cJSON *p = cJSON_CreateObject();
		cJSON_AddNumberToObject(p, "containerPort", atol(o->port));
		cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "ports"), p);
	}
	if (env && env->child)
		cJSON_AddItemToObject(c, "env", kc_json_dup(env));
	cJSON_AddObjectToObject(c, "resources");
	if (o->pull[0])
		cJSON_AddStringToObject(c, "imagePullPolicy", o->pull);
	if (o->privileged)
		cJSON_AddTrueToObject(cJSON_AddObjectToObject(c, "securityContext"), "privileged");
	if (o->stdin_) {
		cJSON_AddTrueToObject(c, "stdin");
		if (!o->leave_open)
			cJSON_AddTrueToObject(c, "stdinOnce");
	}
	if (o->tty)
		cJSON_AddTrueToObject(c, "tty");
	cJSON_AddStringToObject(spec, "restartPolicy", restart);
	cJSON_AddStringToObject(spec, "dnsPolicy", "ClusterFirst");
	cJSON_AddObjectToObject(pod, "status");
	return pod;
}

static cJSON *build_service(const char *name, const char *ns, const cJSON *labels, const cJSON *selector, long port)
{
	cJSON *svc = kc_create_object("Service", "v1", name, ns);
	if (labels)
		cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(svc, "metadata"), "labels", kc_json_dup(labels));
	cJSON *spec = cJSON_AddObjectToObject(svc, "spec");
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "protocol", "TCP");
	cJSON_AddNumberToObject(p, "port", (double)port);
	cJSON_AddNumberToObject(p, "targetPort", (double)port);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(spec, "ports"), p);
	cJSON_AddItemToObject(spec, "selector", kc_json_dup(selector));
	cJSON_AddObjectToObject(cJSON_AddObjectToObject(svc, "status"), "loadBalancer");
	return svc;
}

static int usage_fail(kc_ctx *ctx, const char *msg)
{
	fprintf(ctx->err, "error: %s\nSee 'kc run -h' for help and examples\n", msg);
	return 1;
}

/* Creates obj (or not, for a client dry run); *ret is what to print. */
static int create(kc_ctx *ctx, const run_opts *o, kc_dry_run dry, const kc_resource *r, cJSON *obj, cJSON **ret)
{
	if (dry == KC_DRY_RUN_CLIENT) {
		*ret = kc_json_dup(obj);
		return 0;
	}
	if (o->save_config) {
		_cleanup_buf_ kc_buf b = KC_BUF_INIT;
		kc_json_print_buf(&b, obj, KC_JSON_ESCAPE_HTML);
		kc_buf_addch(&b, '\n');
		cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
		cJSON *ann = cJSON_GetObjectItemCaseSensitive(meta, "annotations");
		if (!ann)
			ann = cJSON_AddObjectToObject(meta, "annotations");
		sorted_put(ann, "kubectl.kubernetes.io/last-applied-configuration", kc_buf_str(&b));
	}
	_cleanup_free_ char *base = kc_path(r, kc_ctx_namespace(ctx), NULL, NULL);
	_cleanup_free_ char *path = kc_mut_path(base, o->field_manager, dry, NULL);
	kc_response resp;
	kc_request_json(ctx, "POST", path, obj, &resp);
	int rc = 0;
	if (resp.status == 200 || resp.status == 201)
		*ret = TAKE_PTR(resp.body);
	else
		rc = kc_mut_fail_response(ctx, &resp, NULL);
	kc_response_clear(&resp);
	return rc;
}

static void print_all(kc_ctx *ctx, const char *output, cJSON *const *objs, const kc_resource *const *res, size_t n,
		      kc_dry_run dry)
{
	_cleanup_free_ char *op = xasprintf("created%s", kc_dry_run_suffix(dry));
	for (size_t i = 0; i < n; i++) {
		/* kubectl's YAML printer writes its separator twice here */
		if (i > 0 && streq(output, "yaml"))
			fputs("---\n---\n", ctx->out);
		kc_mut_print(ctx, output, res[i], objs[i], op, 0);
	}
}

/* -i/-t/--attach: wait for the pod to run, then attach (which the server
 * answers once a kubelet serves it). */
static int attach(kc_ctx *ctx, const run_opts *o, const char *name)
{
	const kc_resource *pods = kc_resource_lookup("pods");
	const char *ns = kc_ctx_namespace(ctx);
	_cleanup_free_ char *path = kc_path(pods, ns, name, NULL);
	int64_t timeout_ns = 60LL * 1000000000LL;
	if (o->pod_running_timeout && o->pod_running_timeout[0])
		kc_duration_parse(o->pod_running_timeout, &timeout_ns, NULL);
	int64_t deadline = kc_time_monotonic_ms() + timeout_ns / 1000000;
	for (;;) {
		kc_response resp;
		kc_request(ctx, "GET", path, NULL, NULL, &resp);
		if (resp.status != 200) {
			int rc = kc_mut_fail_response(ctx, &resp, NULL);
			kc_response_clear(&resp);
			return rc;
		}
		const char *phase = kc_json_get_str(resp.body, "status.phase", "Pending");
		bool running = !streq(phase, "Pending");
		kc_response_clear(&resp);
		if (running)
			break;
		if (kc_time_monotonic_ms() >= deadline) {
			fflush(ctx->out);
			return kc_fail(ctx, "timed out waiting for the condition");
		}
		usleep(500 * 1000);
	}
	_cleanup_free_ char *apath = kc_path(pods, ns, name, "attach");
	_cleanup_free_ char *q = xasprintf("%s?container=%s&stdin=%s&stdout=true&stderr=true&tty=%s", apath, name,
					   o->stdin_ ? "true" : "false", o->tty ? "true" : "false");
	kc_response resp;
	kc_request(ctx, "POST", q, NULL, NULL, &resp);
	int rc = 0;
	if (resp.status < 200 || resp.status >= 300)
		rc = kc_mut_fail_response(ctx, &resp, NULL);
	kc_response_clear(&resp);
	return rc;
}

static const char run_description[] = "Create and run a particular image in a pod.";
static const char run_examples[] =
	"  # Start a nginx pod\n"
	"  kc run nginx --image=nginx\n"
	"  \n"
	"  # Start a hazelcast pod and let the container expose port 5701\n"
	"  kc run hazelcast --image=hazelcast/hazelcast --port=5701\n"
	"  \n"
	"  # Start a hazelcast pod and set environment variables \"DNS_DOMAIN=cluster\" and \"POD_NAMESPACE=default\" "
	"in the container\n"
	"  kc run hazelcast --image=hazelcast/hazelcast --env=\"DNS_DOMAIN=cluster\" --env=\"POD_NAMESPACE=default\"\n"
	"  \n"
	"  # Start a hazelcast pod and set labels \"app=hazelcast\" and \"env=prod\" in the container\n"
	"  kc run hazelcast --image=hazelcast/hazelcast --labels=\"app=hazelcast,env=prod\"\n"
	"  \n"
	"  # Dry run; print the corresponding API objects without creating them\n"
	"  kc run nginx --image=nginx --dry-run=client\n"
	"  \n"
	"  # Start a busybox pod and keep it in the foreground, don't restart it if it exits\n"
	"  kc run -i -t busybox --image=busybox --restart=Never\n"
	"  \n"
	"  # Start the nginx pod using the default command, but use custom arguments (arg1 .. argN) for that command\n"
	"  kc run nginx --image=nginx -- <arg1> <arg2> ... <argN>\n"
	"  \n"
	"  # Start the nginx pod using a different command and custom arguments\n"
	"  kc run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>";

int cmd_run(kc_ctx *ctx, int argc, char **argv)
{
	run_opts o = {0};
	kc_flag own[] = {
		KC_FLAG_STRING("image", 0, &o.image, "", "The image for the container to run."),
		KC_FLAG_STRING("port", 0, &o.port, "", "The port that this container exposes."),
		KC_FLAG_STRING_ARRAY("env", 0, &o.env, "", "Environment variables to set in the container."),
		KC_FLAG_STRING("labels", 'l', &o.labels_flag, "",
			       "Comma separated labels to apply to the pod. Will override previous values."),
		KC_FLAG_STRING_ARRAY("annotations", 0, &o.annotations, "", "Annotations to apply to the pod."),
		KC_FLAG_STRING("restart", 0, &o.restart, "Always",
			       "The restart policy for this Pod.  Legal values [Always, OnFailure, Never]."),
		KC_FLAG_STRING("image-pull-policy", 0, &o.pull, "",
			       "The image pull policy for the container.  If left empty, this value will not be specified "
			       "by the client and defaulted by the server."),
		KC_FLAG_BOOL("command", 0, &o.command, "false",
			     "If true and extra arguments are present, use them as the 'command' field in the container, "
			     "rather than the 'args' field which is the default."),
		KC_FLAG_BOOL("privileged", 0, &o.privileged, "false", "If true, run the container in privileged mode."),
		KC_FLAG_BOOL("stdin", 'i', &o.stdin_, "false",
			     "Keep stdin open on the container in the pod, even if nothing is attached."),
		KC_FLAG_BOOL("tty", 't', &o.tty, "false", "Allocate a TTY for the container in the pod."),
		KC_FLAG_BOOL("attach", 0, &o.attach, "false",
			     "If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach "
			     "...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is "
			     "true. With '--restart=Never' the exit code of the container process is returned."),
		KC_FLAG_BOOL("rm", 0, &o.rm, "false",
			     "If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. "
			     "with '--attach' or with '-i/--stdin'."),
		KC_FLAG_BOOL("leave-stdin-open", 0, &o.leave_open, "false",
			     "If the pod is started in interactive mode or with stdin, leave stdin open after the first "
			     "attach completes. By default, stdin will be closed after the first attach completes."),
		KC_FLAG_BOOL("expose", 0, &o.expose, "false",
			     "If true, create a ClusterIP service associated with the pod.  Requires `--port`."),
		KC_FLAG_BOOL("quiet", 'q', &o.quiet, "false", "If true, suppress prompt messages."),
		KC_FLAG_BOOL("save-config", 0, &o.save_config, "false",
			     "If true, the configuration of current object will be saved in its annotation. Otherwise, the "
			     "annotation will be unchanged. This flag is useful when you want to perform kubectl apply on "
			     "this object in the future."),
		{.name = "dry-run", .type = KC_FLAG_T_STRING, .value = &o.dry_run_flag, .def = "none", .noopt = "unchanged",
		 .usage = "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object that "
			  "would be sent, without sending it. If server strategy, submit server-side request without "
			  "persisting the resource."},
		KC_FLAG_STRING("output", 'o', &o.output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_STRING("field-manager", 0, &o.field_manager, "kubectl-run",
			       "Name of the manager used to track field ownership."),
		KC_FLAG_STRING("pod-running-timeout", 0, &o.pod_running_timeout, "1m0s",
			       "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is "
			       "running"),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	_cleanup_json_ cJSON *labels = NULL, *ann = NULL, *env = NULL, *pod = NULL, *svc = NULL;
	_cleanup_json_ cJSON *pod_out = NULL, *svc_out = NULL, *selector = NULL;
	int ret = 1;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc run",
			 "kc run NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] "
			 "[--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]",
			 run_description, run_examples, tables);
		ret = 0;
		goto out;
	}
	if (rc < 0) {
		fprintf(ctx->err, "error: %s\nSee 'kc run --help' for usage.\n", err.msg);
		goto out;
	}
	if (!kc_flags_changed(tables, "image")) {
		fprintf(ctx->err, "error: required flag(s) \"image\" not set\n");
		goto out;
	}
	/* Complete */
	ann = cJSON_CreateObject();
	for (size_t i = 0; i < o.annotations.n; i++) {
		const char *a = o.annotations.items[i], *eq = strchr(a, '=');
		if (!eq || eq == a) {
			kc_fail(ctx, "invalid annotations format: %s", a);
			goto out;
		}
		_cleanup_free_ char *k = xstrndup(a, (size_t)(eq - a));
		sorted_put(ann, k, eq + 1);
	}
	if (parse_labels(o.labels_flag, &labels, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	env = cJSON_CreateArray();
	for (size_t i = 0; i < o.env.n; i++) {
		const char *e = o.env.items[i], *eq = strchr(e, '=');
		_cleanup_free_ char *k = eq ? xstrndup(e, (size_t)(eq - e)) : NULL;
		_cleanup_(kc_validate_msgs_freep) kc_validate_msgs msgs = KC_VALIDATE_MSGS_INIT;
		if (!k || !k[0] || kc_validate_env_var_name(k, &msgs)) {
			kc_fail(ctx, "invalid env: %s", e);
			goto out;
		}
		cJSON *v = cJSON_CreateObject();
		cJSON_AddStringToObject(v, "name", k);
		cJSON_AddStringToObject(v, "value", eq + 1);
		cJSON_AddItemToArray(env, v);
	}
	const char *restart = o.restart;
	if (!restart[0])
		restart = o.stdin_ ? "OnFailure" : "Always";
	if (!streq(restart, "Always") && !streq(restart, "OnFailure") && !streq(restart, "Never")) {
		_cleanup_free_ char *m = xasprintf("invalid restart policy: %s", restart);
		usage_fail(ctx, m);
		goto out;
	}
	if (o.pull[0] && !streq(o.pull, "Always") && !streq(o.pull, "IfNotPresent") && !streq(o.pull, "Never")) {
		_cleanup_free_ char *m = xasprintf("invalid image pull policy: %s", o.pull);
		usage_fail(ctx, m);
		goto out;
	}
	if (!kc_flags_changed(tables, "attach") && o.stdin_)
		o.attach = true;
	kc_dry_run dry;
	if (kc_dry_run_parse(o.dry_run_flag, &dry, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (!kc_mut_output_ok(o.output)) {
		kc_mut_output_error(ctx, o.output);
		goto out;
	}
	/* Validate */
	if (args.n == 0 || args.dash == 0) {
		usage_fail(ctx, "NAME is required for run");
		goto out;
	}
	if (!o.image[0]) {
		kc_fail(ctx, "--image is required");
		goto out;
	}
	if (!image_ok(o.image)) {
		kc_fail(ctx, "Invalid image name \"%s\": invalid reference format", o.image);
		goto out;
	}
	if (o.tty && !o.stdin_) {
		usage_fail(ctx, "-i/--stdin is required for containers with -t/--tty=true");
		goto out;
	}
	if (o.expose && !o.port[0]) {
		usage_fail(ctx, "--port must be set when exposing a service");
		goto out;
	}
	if (o.port[0]) {
		const char *p = o.port + (o.port[0] == '+' || o.port[0] == '-');
		bool digits = *p != '\0';
		for (; *p; p++)
			digits = digits && isdigit((unsigned char)*p);
		if (!digits) {
			kc_fail(ctx, "strconv.Atoi: parsing \"%s\": invalid syntax", o.port);
			goto out;
		}
	}
	if (!o.attach && o.rm) {
		usage_fail(ctx, "--rm should only be used for attached containers");
		goto out;
	}
	if (o.attach && dry != KC_DRY_RUN_NONE) {
		usage_fail(ctx, "--dry-run=[server|client] can't be used with attached containers options (--attach, "
				"--stdin, or --tty)");
		goto out;
	}
	/* Run */
	const char *name = args.args[0];
	const char *ns = dry == KC_DRY_RUN_CLIENT && ctx->namespace && ctx->namespace[0] ? ctx->namespace : NULL;
	selector = labels ? kc_json_dup(labels) : cJSON_CreateObject();
	if (!labels)
		cJSON_AddStringToObject(selector, "run", name);
	pod = build_pod(&o, name, ns, selector, ann, env, args.args + 1, args.n - 1, restart);
	const kc_resource *pods = kc_resource_lookup("pods"), *services = kc_resource_lookup("services");
	cJSON *objs[2];
	const kc_resource *res[2];
	size_t n = 0;
	if (o.expose) {
		svc = build_service(name, ns, labels, selector, atol(o.port));
		if (create(ctx, &o, dry, services, svc, &svc_out) != 0)
			goto out;
		objs[n] = svc_out;
		res[n++] = services;
	}
	if (create(ctx, &o, dry, pods, pod, &pod_out) != 0)
		goto out;
	objs[n] = pod_out;
	res[n++] = pods;
	if (!o.attach) {
		print_all(ctx, o.output, objs, res, n, dry);
		ret = 0;
		goto out;
	}
	ret = attach(ctx, &o, name);
	if (o.rm) {
		_cleanup_free_ char *path = kc_path(pods, kc_ctx_namespace(ctx), name, NULL);
		_cleanup_json_ cJSON *body = cJSON_CreateObject();
		cJSON_AddStringToObject(body, "propagationPolicy", "Background");
		kc_response resp;
		kc_request_json(ctx, "DELETE", path, body, &resp);
		if ((resp.status == 200 || resp.status == 202) && !o.quiet)
			fprintf(ctx->out, "pod \"%s\" deleted\n", name);
		kc_response_clear(&resp);
	}
out:
	free(args.args);
	kc_flags_release(tables);
	return ret;
}
