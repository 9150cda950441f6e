/* cmd_delete.c - kc delete: objects named (TYPE NAME..., TYPE/NAME), from
 * files (-f), or selected (-l, --field-selector, --all, -A); then, unless
 * --wait=false, waiting (with a watch) until they are gone, as kubectl does.
 *
 * Names are deleted without being looked up first (kubectl's builder with
 * RequireObject(false)), so a missing one fails at DELETE with the server's
 * NotFound; selections are listed first. */
#include <errno.h>
#include <event2/event.h>

#include "ctl/commands.h"
#include "ctl/manifest.h"
#include "ctl/mutate.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "banned.h"

typedef struct delete_opts {
	kc_flags_list files;
	bool recursive, all, all_namespaces, force, now, ignore_not_found, wait;
	const char *selector, *field_selector, *cascade_flag, *output, *dry_run_flag;
	int grace;
	int64_t timeout_ns;
	const char *propagation; /* "Background", "Foreground", "Orphan" */
	kc_dry_run dry_run;
} delete_opts;

/* One object to delete (and then to wait for). */
typedef struct victim {
	const kc_resource *res;
	char *ns, *name, *source; /* source: the file, or NULL */
	char *uid;                /* from the DELETE answer, for the wait */
	bool deleted;             /* the DELETE was accepted: wait for it */
} victim;

typedef struct victims {
	victim *v;
	size_t n;
} victims;

static void victims_add(victims *l, const kc_resource *r, const char *ns, const char *name, const char *source)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = (victim){r, xstrdup(r->namespaced && ns ? ns : ""), xstrdup(name), source ? xstrdup(source) : NULL,
				NULL, false};
}

static void victims_clear(victims *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].ns);
		free(l->v[i].name);
		free(l->v[i].source);
		free(l->v[i].uid);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* parseCascadingFlag */
static int parse_cascade(kc_ctx *ctx, const char *flag, const char **ret, kc_error *err)
{
	static const char *const truthy[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const falsy[] = {"0", "f", "F", "FALSE", "false", "False"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(truthy); i++) {
		if (streq(flag, truthy[i])) {
			fprintf(ctx->err,
				"warning: --cascade=%s is deprecated (boolean value) and can be replaced with "
				"--cascade=background.\n",
				flag);
			*ret = "Background";
			return 0;
		}
		if (streq(flag, falsy[i])) {
			fprintf(ctx->err,
				"warning: --cascade=%s is deprecated (boolean value) and can be replaced with "
				"--cascade=orphan.\n",
				flag);
			*ret = "Orphan";
			return 0;
		}
	}
	if (streq(flag, "orphan"))
		*ret = "Orphan";
	else if (streq(flag, "foreground"))
		*ret = "Foreground";
	else if (streq(flag, "background"))
		*ret = "Background";
	else
		return kc_error_set(err, -EINVAL,
				    "invalid cascade value (%s). Must be \"background\", \"foreground\", or \"orphan\"", flag);
	return 0;
}

/* ---- gathering the objects ---- */

static bool nonempty(const char *s) { return s && s[0]; }

/* Lists TYPE in ns (NULL: all namespaces) with the selectors into l. */
static int list_type(kc_ctx *ctx, const delete_opts *o, const kc_resource *r, const char *ns, victims *l,
		     kc_errs *errs)
{
	_cleanup_free_ char *base = kc_path(r, ns, NULL, NULL);
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	kc_buf_addstr(&path, base);
	char sep = '?';
	if (nonempty(o->selector)) {
		kc_buf_addf(&path, "%clabelSelector=", sep);
		kc_query_escape(&path, o->selector);
		sep = '&';
	}
	if (nonempty(o->field_selector)) {
		kc_buf_addf(&path, "%cfieldSelector=", sep);
		kc_query_escape(&path, o->field_selector);
	}
	kc_response resp;
	kc_request(ctx, "GET", path.s, NULL, NULL, &resp);
	int rc = 0;
	if (resp.status != 200) {
		kc_errs_add_response(errs, &resp, NULL);
		rc = resp.status == 0 ? -1 : 0;
	} else {
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(resp.body, "items");
		for (const cJSON *it = cJSON_IsArray(items) ? items->child : NULL; it; it = it->next)
			victims_add(l, r, kc_json_get_str(it, "metadata.namespace", ""), kc_json_get_str(it, "metadata.name", ""),
				    NULL);
	}
	kc_response_clear(&resp);
	return rc;
}

/* ---- deleting ---- */

static cJSON *delete_body(const delete_opts *o)
{
	cJSON *b = cJSON_CreateObject(); /* DeleteOptions, in its field order */
	if (o->grace >= 0)
		cJSON_AddNumberToObject(b, "gracePeriodSeconds", o->grace);
	cJSON_AddStringToObject(b, "propagationPolicy", o->propagation);
	if (o->dry_run == KC_DRY_RUN_SERVER)
		cJSON_AddItemToArray(cJSON_AddArrayToObject(b, "dryRun"), cJSON_CreateString("All"));
	return b;
}

static void print_deleted(kc_ctx *ctx, const delete_opts *o, const victim *v)
{
	char kind[128];
	kc_kind_name(v->res, kind, sizeof(kind));
	if (streq(o->output, "name")) {
		fprintf(ctx->out, "%s/%s\n", kind, v->name);
		return;
	}
	fprintf(ctx->out, "%s \"%s\" %s%s\n", kind, v->name, o->grace == 0 ? "force deleted" : "deleted",
		kc_dry_run_suffix(o->dry_run));
}

/* Returns 1 when deleted (or missing with --ignore-not-found), 0 on
 * failure, -1 when the server cannot be reached. */
static int delete_one(kc_ctx *ctx, const delete_opts *o, victim *v, kc_errs *errs)
{
	if (o->dry_run == KC_DRY_RUN_CLIENT) {
		print_deleted(ctx, o, v);
		return 1;
	}
	_cleanup_free_ char *path = kc_path(v->res, v->ns, v->name, NULL);
	_cleanup_json_ cJSON *body = delete_body(o);
	kc_response resp;
	kc_request_json(ctx, "DELETE", path, body, &resp);
	int rc = 1;
	if (resp.status == 200 || resp.status == 202) {
		print_deleted(ctx, o, v);
		const char *uid = kc_json_get_str(resp.body, "details.uid", NULL);
		if (!uid)
			uid = kc_json_get_str(resp.body, "metadata.uid", NULL);
		v->uid = uid ? xstrdup(uid) : NULL;
		v->deleted = true;
	} else if (resp.status == 404 && o->ignore_not_found) {
		rc = 1; /* counted as found, as kubectl filters the error after visiting */
	} else {
		_cleanup_free_ char *context = v->source ? xasprintf("error when deleting \"%s\": ", v->source) : NULL;
		kc_errs_add_response(errs, &resp, context);
		rc = resp.status == 0 ? -1 : 0;
	}
	kc_response_clear(&resp);
	return rc;
}

/* ---- waiting until they are gone ---- */

typedef struct waiter {
	struct event_base *base;
	const char *uid;
	bool gone, failed;
} waiter;

static void on_event(kc_watch_event_type type, cJSON *obj, void *userdata)
{
	waiter *w = userdata;
	const char *uid = kc_json_get_str(obj, "metadata.uid", "");
	if (type == KC_WATCH_DELETED || (type != KC_WATCH_ERROR && type != KC_WATCH_BOOKMARK && w->uid && !streq(uid, w->uid))) {
		w->gone = true;
		event_base_loopbreak(w->base);
	}
}

static void on_gone(void *userdata)
{
	waiter *w = userdata; /* 410: look again */
	w->failed = true;
	event_base_loopbreak(w->base);
}

static void on_timeout(evutil_socket_t fd, short what, void *userdata)
{
	(void)fd;
	(void)what;
	event_base_loopbreak(((waiter *)userdata)->base);
}

/* IsDeleted: the object is gone (404, or another object by that name).
 * Returns 0 when gone, -ETIMEDOUT, or another negative errno with the
 * failure in errs. deadline is absolute, in monotonic milliseconds. */
static int wait_gone(kc_ctx *ctx, const victim *v, int64_t deadline, kc_errs *errs)
{
	_cleanup_free_ char *obj_path = kc_path(v->res, v->ns, v->name, NULL);
	for (;;) {
		kc_response resp;
		kc_request(ctx, "GET", obj_path, NULL, NULL, &resp);
		if (resp.status == 404) {
			kc_response_clear(&resp);
			return 0;
		}
		if (resp.status != 200) {
			/* forbidden or unsupported: kubectl does not fail for these */
			bool ignore = resp.status == 403 || resp.status == 405;
			if (!ignore)
				kc_errs_add_response(errs, &resp, NULL);
			kc_response_clear(&resp);
			return ignore ? 0 : -EIO;
		}
		const char *uid = kc_json_get_str(resp.body, "metadata.uid", "");
		if (v->uid && !streq(uid, v->uid)) {
			kc_response_clear(&resp);
			return 0;
		}
		_cleanup_free_ char *rv = xstrdup(kc_json_get_str(resp.body, "metadata.resourceVersion", ""));
		kc_response_clear(&resp);
		int64_t left = deadline - kc_time_monotonic_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		_cleanup_free_ char *list = kc_path(v->res, v->ns, NULL, NULL);
		_cleanup_buf_ kc_buf path = KC_BUF_INIT;
		kc_buf_addf(&path, "%s?fieldSelector=", list);
		_cleanup_free_ char *sel = xasprintf("metadata.name=%s", v->name);
		kc_query_escape(&path, sel);
		waiter w = {.base = ctx->base, .uid = v->uid};
		kc_watch *watch = kc_client_watch(ctx->client, path.s, rv, on_event, on_gone, &w);
		if (!watch)
			return -EIO;
		struct event *timer = evtimer_new(ctx->base, on_timeout, &w);
		struct timeval tv = {(time_t)(left / 1000), (suseconds_t)((left % 1000) * 1000)};
		evtimer_add(timer, &tv);
		event_base_dispatch(ctx->base);
		event_free(timer);
		kc_watch_stop(watch);
		if (w.gone)
			return 0;
		if (!w.failed)
			return -ETIMEDOUT;
		/* the watch fell behind: look again */
	}
}

static const char delete_description[] =
	"Delete resources by file names, stdin, resources and names, or by resources and label selector.\n\n"
	" JSON and YAML formats are accepted. Only one type of argument may be specified: file names, resources "
	"and names, or resources and label selector.\n\n"
	" Some resources, such as pods, support graceful deletion. These resources define a default period before "
	"they are forcibly terminated (the grace period) but you may override that value with the --grace-period "
	"flag, or pass --now to set a grace-period of 1. Because these resources often represent entities in the "
	"cluster, deletion may not be acknowledged immediately. If the node hosting a pod is down or cannot reach "
	"the API server, termination may take significantly longer than the grace period. To force delete a "
	"resource, you must specify the --force flag. Note: only a subset of resources support graceful deletion. "
	"In absence of the support, the --grace-period flag is ignored.\n\n"
	" IMPORTANT: Force deleting pods does not wait for confirmation that the pod's processes have been "
	"terminated, which can leave those processes running until the node detects the deletion and completes "
	"graceful deletion. If your processes use shared storage or talk to a remote API and depend on the name of "
	"the pod to identify themselves, force deleting those pods may result in multiple processes running on "
	"different machines using the same identification which may lead to data corruption or inconsistency. Only "
	"force delete pods when you are sure the pod is terminated, or if your application can tolerate multiple "
	"copies of the same pod running at once. Also, if you force delete pods, the scheduler may place new pods "
	"on those nodes before the node has released those resources and causing those pods to be evicted "
	"immediately.\n\n"
	" Note that the delete command does NOT do resource version checks, so if somebody submits an update to a "
	"resource right when you submit a delete, their update will be lost along with the rest of the resource.";

static const char delete_examples[] =
	"  # Delete a pod using the type and name specified in pod.json\n"
	"  kc delete -f ./pod.json\n"
	"  \n"
	"  # Delete a pod based on the type and name in the JSON passed into stdin\n"
	"  cat pod.json | kc delete -f -\n"
	"  \n"
	"  # Delete pods and services with same names \"baz\" and \"foo\"\n"
	"  kc delete pod,service baz foo\n"
	"  \n"
	"  # Delete pods and services with label name=myLabel\n"
	"  kc delete pods,services -l name=myLabel\n"
	"  \n"
	"  # Delete a pod with minimal delay\n"
	"  kc delete pod foo --now\n"
	"  \n"
	"  # Force delete a pod on a dead node\n"
	"  kc delete pod foo --force\n"
	"  \n"
	"  # Delete all pods\n"
	"  kc delete pods --all";

int cmd_delete(kc_ctx *ctx, int argc, char **argv)
{
	delete_opts o = {0};
	kc_flag own[] = {
		KC_FLAG_STRING_SLICE("filename", 'f', &o.files, "", "containing the resource to delete."),
		KC_FLAG_BOOL("recursive", 'R', &o.recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_STRING("selector", 'l', &o.selector, "",
			       "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l "
			       "key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the "
			       "specified label constraints."),
		KC_FLAG_STRING("field-selector", 0, &o.field_selector, "",
			       "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector "
			       "key1=value1,key2=value2). The server only supports a limited number of field queries per "
			       "type."),
		KC_FLAG_BOOL("all", 0, &o.all, "false", "Delete all resources, in the namespace of the specified resource types."),
		KC_FLAG_BOOL("all-namespaces", 'A', &o.all_namespaces, "false",
			     "If present, list the requested object(s) across all namespaces. Namespace in current context "
			     "is ignored even if specified with --namespace."),
		KC_FLAG_BOOL("force", 0, &o.force, "false",
			     "If true, immediately remove resources from API and bypass graceful deletion. Note that "
			     "immediate deletion of some resources may result in inconsistency or data loss and requires "
			     "confirmation."),
		{.name = "cascade", .type = KC_FLAG_T_STRING, .value = &o.cascade_flag, .def = "background",
		 .noopt = "background",
		 .usage = "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy "
			  "for the dependents (e.g. Pods created by a ReplicationController). Defaults to background."},
		KC_FLAG_BOOL("now", 0, &o.now, "false",
			     "If true, resources are signaled for immediate shutdown (same as --grace-period=1)."),
		KC_FLAG_INT("grace-period", 0, &o.grace, "-1",
			    "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. "
			    "Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion)."),
		KC_FLAG_DURATION("timeout", 0, &o.timeout_ns, "0s",
				 "The length of time to wait before giving up on a delete, zero means determine a timeout "
				 "from the size of the object"),
		KC_FLAG_BOOL("ignore-not-found", 0, &o.ignore_not_found, "false",
			     "Treat \"resource not found\" as a successful delete. Defaults to \"true\" when --all is "
			     "specified."),
		KC_FLAG_BOOL("wait", 0, &o.wait, "true",
			     "If true, wait for resources to be gone before returning. This waits for finalizers."),
		KC_FLAG_STRING("output", 'o', &o.output, "", "Output mode. Use \"-o name\" for shorter output (resource/name)."),
		{.name = "dry-run", .type = KC_FLAG_T_STRING, .value = &o.dry_run_flag, .def = "none",
		 .noopt = "unchanged",
		 .usage = "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object that "
			  "would be sent, without sending it. If server strategy, submit server-side request without "
			  "persisting the resource."},
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	kc_target_spec spec = {0};
	kc_manifest man = {0};
	victims list = {0};
	kc_errs errs = {0};
	int ret = 1;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc delete",
			 "kc delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
			 delete_description, delete_examples, tables);
		ret = 0;
		goto out;
	}
	if (rc < 0) {
		fprintf(ctx->err, "error: %s\nSee 'kc delete --help' for usage.\n", err.msg);
		goto out;
	}
	/* kubectl's order: flags to options, Complete, Validate */
	if (parse_cascade(ctx, o.cascade_flag, &o.propagation, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	bool selecting = o.all || nonempty(o.selector) || nonempty(o.field_selector);
	if (selecting && !kc_flags_changed(tables, "ignore-not-found"))
		o.ignore_not_found = true;
	if (o.now) {
		if (o.grace != -1) {
			kc_fail(ctx, "--now and --grace-period cannot be specified together");
			goto out;
		}
		o.grace = 1;
	}
	if (o.grace == 0 && !o.force)
		o.grace = 1; /* kubectl: --grace-period=0 needs --force to mean it */
	if (o.force && o.grace < 0)
		o.grace = 0;
	if (kc_dry_run_parse(o.dry_run_flag, &o.dry_run, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (o.all && (nonempty(o.selector) || nonempty(o.field_selector))) {
		kc_fail(ctx, "setting 'all' parameter but found a non empty selector. ");
		goto out;
	}
	kc_target_opts topts = {
		.selector = o.selector,
		.field_selector = o.field_selector,
		.all = o.all,
		.all_namespaces = o.all_namespaces,
		.filenames = &o.files,
		.recursive = o.recursive,
	};
	if (kc_target_spec_parse(args.args, args.n, &topts, &spec, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	/* resolve the types first: an unknown one stops everything */
	const kc_resource **types = xcalloc(spec.n + 1, sizeof(*types));
	for (size_t i = 0; i < spec.n; i++)
		if (!(types[i] = kc_ctx_resource(ctx, spec.refs[i].type))) {
			free(types);
			goto out;
		}
	if (spec.by_files && kc_manifest_read(&o.files, o.recursive, &man, &err) < 0) {
		free(types);
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (o.output[0] && !streq(o.output, "name")) {
		free(types);
		kc_fail(ctx, "unexpected -o output mode: %s. We only support '-o name'", o.output);
		goto out;
	}
	if (o.grace == 0 && o.force) {
		fputs("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
		      "terminated. The resource may continue to run on the cluster indefinitely.\n",
		      ctx->err);
	} else if (o.grace > 0 && o.force) {
		free(types);
		kc_fail(ctx, "--force and --grace-period greater than 0 cannot be specified together");
		goto out;
	}

	const char *ns = o.all_namespaces && !spec.by_files ? NULL : kc_ctx_namespace(ctx);
	bool stop = false;
	if (spec.by_files) {
		for (size_t i = 0; i < man.n; i++) {
			const char *ons = "";
			if (kc_mut_object_namespace(man.objs[i].obj, man.objs[i].res, kc_ctx_namespace(ctx),
						    ctx->namespace && ctx->namespace[0], &ons, &err) < 0) {
				kc_errs_add(&errs, err.msg);
				continue;
			}
			victims_add(&list, man.objs[i].res, ons, kc_json_get_str(man.objs[i].obj, "metadata.name", ""),
				    man.objs[i].source);
		}
	} else if (spec.by_selector) {
		for (size_t i = 0; i < spec.n && !stop; i++)
			stop = list_type(ctx, &o, types[i], types[i]->namespaced ? ns : NULL, &list, &errs) < 0;
	} else {
		for (size_t i = 0; i < spec.n; i++)
			victims_add(&list, types[i], ns ? ns : kc_ctx_namespace(ctx), spec.refs[i].name, NULL);
	}
	free(types);

	size_t found = 0;
	bool warn_cluster = ctx->namespace && ctx->namespace[0] && !o.all_namespaces;
	for (size_t i = 0; i < list.n && !stop; i++) {
		if (warn_cluster && !list.v[i].res->namespaced) {
			fflush(ctx->out);
			fputs("Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n", ctx->err);
			warn_cluster = false;
		}
		int r = delete_one(ctx, &o, &list.v[i], &errs);
		if (r == 1)
			found++;
		stop = r < 0;
	}
	/* the files' reading failures come after the objects', as one aggregate */
	kc_errs_add_group(&errs, man.errors, man.n_errors);
	if (errs.n) {
		ret = kc_errs_print(ctx, &errs);
		goto out;
	}
	if (found == 0) {
		fputs("No resources found\n", ctx->out);
		ret = 0;
		goto out;
	}
	ret = 0;
	if (!o.wait || o.dry_run != KC_DRY_RUN_NONE)
		goto out;
	/* no --timeout: a week, as kubectl */
	int64_t timeout_ms = o.timeout_ns > 0 ? o.timeout_ns / 1000000 : (int64_t)168 * 3600 * 1000;
	int64_t deadline = kc_time_monotonic_ms() + timeout_ms;
	for (size_t i = 0; i < list.n; i++) {
		if (!list.v[i].deleted)
			continue;
		int r = wait_gone(ctx, &list.v[i], deadline, &errs);
		if (r == -ETIMEDOUT) {
			fflush(ctx->out);
			kc_fail(ctx, "timed out waiting for the condition on %s/%s", list.v[i].res->plural, list.v[i].name);
			ret = 1;
			goto out;
		}
		if (r < 0) {
			ret = kc_errs_print(ctx, &errs);
			goto out;
		}
	}
out:
	kc_errs_clear(&errs);
	victims_clear(&list);
	kc_manifest_clear(&man);
	kc_target_spec_clear(&spec);
	free(args.args);
	kc_flags_release(tables);
	return ret;
}
