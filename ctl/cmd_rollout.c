/* cmd_rollout.c - kc rollout status|history|undo|restart|pause|resume, as
 * kubectl's rollout commands do them: status watches the object and prints
 * kubectl's status viewer lines, history and undo read a Deployment's
 * ReplicaSets (a DaemonSet's or StatefulSet's ControllerRevisions) by
 * their revision, restart stamps the pod template, pause/resume flip
 * spec.paused. */
#include <errno.h>
#include <event2/event.h>
#include <time.h>

#include "ctl/commands.h"
#include "ctl/group.h"
#include "ctl/ops.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/patch.h"
#include "common/selector.h"
#include "banned.h"

#define REVISION_ANN "deployment.kubernetes.io/revision"
#define HASH_LABEL   "pod-template-hash"
#define CHANGE_CAUSE "kubernetes.io/change-cause"

/* ---- pure parts (ops.h) ---- */

static int64_t i64(const cJSON *o, const char *path) { return kc_json_get_int(o, path, 0); }

int kc_rollout_status(const cJSON *obj, int64_t revision, char **ret_msg, bool *ret_done, kc_error *err)
{
	const char *kind = kc_json_get_str(obj, "kind", "");
	const char *name = kc_json_get_str(obj, "metadata.name", "");
	int64_t gen = i64(obj, "metadata.generation"), observed = i64(obj, "status.observedGeneration");
	*ret_done = false;
	if (streq(kind, "Deployment")) {
		if (revision > 0) {
			const char *rev = kc_json_getv(obj, "metadata", "annotations", REVISION_ANN, NULL)
						  ? kc_json_as_str(kc_json_getv(obj, "metadata", "annotations",
										 REVISION_ANN, NULL),
								    "0")
						  : "0";
			char *end = NULL;
			long long have = strtoll(rev, &end, 10);
			if (!end || *end)
				return kc_error_set(err, -EINVAL,
						    "cannot get the revision of deployment \"%s\": strconv.ParseInt: "
						    "parsing \"%s\": invalid syntax",
						    name, rev);
			if (have != revision)
				return kc_error_set(err, -EINVAL,
						    "desired revision (%lld) is different from the running revision (%lld)",
						    (long long)revision, have);
		}
		if (gen > observed) {
			*ret_msg = xstrdup("Waiting for deployment spec update to be observed...\n");
			return 0;
		}
		const cJSON *c;
		cJSON_ArrayForEach(c, kc_json_get(obj, "status.conditions"))
			if (streq(kc_json_get_str(c, "type", ""), "Progressing") &&
			    streq(kc_json_get_str(c, "reason", ""), "ProgressDeadlineExceeded"))
				return kc_error_set(err, -ETIMEDOUT, "deployment \"%s\" exceeded its progress deadline",
						    name);
		const cJSON *spec_replicas = kc_json_get(obj, "spec.replicas");
		int64_t updated = i64(obj, "status.updatedReplicas"), replicas = i64(obj, "status.replicas");
		int64_t available = i64(obj, "status.availableReplicas");
		if (cJSON_IsNumber(spec_replicas) && updated < kc_json_as_int(spec_replicas, 0)) {
			*ret_msg = xasprintf("Waiting for deployment \"%s\" rollout to finish: %lld out of %lld new "
					     "replicas have been updated...\n",
					     name, (long long)updated, (long long)kc_json_as_int(spec_replicas, 0));
			return 0;
		}
		if (replicas > updated) {
			*ret_msg = xasprintf("Waiting for deployment \"%s\" rollout to finish: %lld old replicas are "
					     "pending termination...\n",
					     name, (long long)(replicas - updated));
			return 0;
		}
		if (available < updated) {
			*ret_msg = xasprintf("Waiting for deployment \"%s\" rollout to finish: %lld of %lld updated "
					     "replicas are available...\n",
					     name, (long long)available, (long long)updated);
			return 0;
		}
		*ret_msg = xasprintf("deployment \"%s\" successfully rolled out\n", name);
		*ret_done = true;
		return 0;
	}
	if (streq(kind, "DaemonSet")) {
		if (!streq(kc_json_get_str(obj, "spec.updateStrategy.type", ""), "RollingUpdate")) {
			*ret_done = true;
			return kc_error_set(err, -ENOTSUP, "rollout status is only available for RollingUpdate strategy "
							   "type");
		}
		if (gen > observed) {
			*ret_msg = xstrdup("Waiting for daemon set spec update to be observed...\n");
			return 0;
		}
		int64_t updated = i64(obj, "status.updatedNumberScheduled");
		int64_t desired = i64(obj, "status.desiredNumberScheduled");
		int64_t available = i64(obj, "status.numberAvailable");
		if (updated < desired) {
			*ret_msg = xasprintf("Waiting for daemon set \"%s\" rollout to finish: %lld out of %lld new pods "
					     "have been updated...\n",
					     name, (long long)updated, (long long)desired);
			return 0;
		}
		if (available < desired) {
			*ret_msg = xasprintf("Waiting for daemon set \"%s\" rollout to finish: %lld of %lld updated pods "
					     "are available...\n",
					     name, (long long)available, (long long)desired);
			return 0;
		}
		*ret_msg = xasprintf("daemon set \"%s\" successfully rolled out\n", name);
		*ret_done = true;
		return 0;
	}
	if (streq(kind, "StatefulSet")) {
		if (!streq(kc_json_get_str(obj, "spec.updateStrategy.type", ""), "RollingUpdate")) {
			*ret_done = true;
			return kc_error_set(err, -ENOTSUP, "rollout status is only available for RollingUpdate strategy "
							   "type");
		}
		if (observed == 0 || gen > observed) {
			*ret_msg = xstrdup("Waiting for statefulset spec update to be observed...\n");
			return 0;
		}
		const cJSON *spec_replicas = kc_json_get(obj, "spec.replicas");
		int64_t want = kc_json_as_int(spec_replicas, 0);
		int64_t ready = i64(obj, "status.readyReplicas"), updated = i64(obj, "status.updatedReplicas");
		if (cJSON_IsNumber(spec_replicas) && ready < want) {
			*ret_msg = xasprintf("Waiting for %lld pods to be ready...\n", (long long)(want - ready));
			return 0;
		}
		if (cJSON_IsObject(kc_json_get(obj, "spec.updateStrategy.rollingUpdate"))) {
			const cJSON *part = kc_json_get(obj, "spec.updateStrategy.rollingUpdate.partition");
			if (cJSON_IsNumber(spec_replicas) && cJSON_IsNumber(part) &&
			    updated < want - kc_json_as_int(part, 0)) {
				*ret_msg = xasprintf("Waiting for partitioned roll out to finish: %lld out of %lld new pods "
						     "have been updated...\n",
						     (long long)updated, (long long)(want - kc_json_as_int(part, 0)));
				return 0;
			}
			*ret_msg = xasprintf("partitioned roll out complete: %lld new pods have been updated...\n",
					     (long long)updated);
			*ret_done = true;
			return 0;
		}
		const char *urev = kc_json_get_str(obj, "status.updateRevision", "");
		const char *crev = kc_json_get_str(obj, "status.currentRevision", "");
		if (!streq(urev, crev)) {
			*ret_msg = xasprintf("waiting for statefulset rolling update to complete %lld pods at revision "
					     "%s...\n",
					     (long long)updated, urev);
			return 0;
		}
		*ret_msg = xasprintf("statefulset rolling update complete %lld pods at revision %s...\n",
				     (long long)i64(obj, "status.currentReplicas"), crev);
		*ret_done = true;
		return 0;
	}
	const char *av = kc_json_get_str(obj, "apiVersion", "");
	const char *slash = strchr(av, '/');
	if (slash)
		return kc_error_set(err, -ENOTSUP, "no status viewer has been implemented for %s.%.*s", kind,
				    (int)(slash - av), av);
	return kc_error_set(err, -ENOTSUP, "no status viewer has been implemented for %s", kind);
}

bool kc_template_equal_ignore_hash(const cJSON *a, const cJSON *b)
{
	_cleanup_json_ cJSON *x = cJSON_Duplicate(a, true);
	_cleanup_json_ cJSON *y = cJSON_Duplicate(b, true);
	kc_json_deletev(x, "metadata", "labels", HASH_LABEL, NULL);
	kc_json_deletev(y, "metadata", "labels", HASH_LABEL, NULL);
	return kc_json_equal(x, y);
}

/* The revision annotation as kubectl's deploymentutil.Revision reads it:
 * 0 when absent, -1 when it does not parse. */
static int64_t rs_revision(const cJSON *rs)
{
	const cJSON *v = kc_json_getv(rs, "metadata", "annotations", REVISION_ANN, NULL);
	if (!v)
		return 0;
	const char *s = kc_json_as_str(v, "");
	char *end = NULL;
	errno = 0;
	long long n = strtoll(s, &end, 10);
	if (!s[0] || *end || errno)
		return -1;
	return n;
}

static bool controlled_by(const cJSON *obj, const char *uid)
{
	const cJSON *ref;
	cJSON_ArrayForEach(ref, kc_json_get(obj, "metadata.ownerReferences"))
		if (kc_json_get_bool(ref, "controller", false) && streq(kc_json_get_str(ref, "uid", ""), uid))
			return true;
	return false;
}

cJSON *kc_deployment_owned_replicasets(const cJSON *deploy, const cJSON *rs_list)
{
	const char *uid = kc_json_get_str(deploy, "metadata.uid", "");
	cJSON *out = cJSON_CreateArray();
	const cJSON *rs;
	cJSON_ArrayForEach(rs, kc_json_get(rs_list, "items"))
		if (controlled_by(rs, uid))
			cJSON_AddItemToArray(out, cJSON_Duplicate(rs, true));
	return out;
}

const cJSON *kc_deployment_revision_rs(const cJSON *owned, int64_t to_revision, const char *name, kc_error *err)
{
	const cJSON *latest = NULL, *previous = NULL;
	int64_t latest_rev = -1, previous_rev = -1;
	const cJSON *rs;
	cJSON_ArrayForEach(rs, owned) {
		int64_t v = rs_revision(rs);
		if (v < 0)
			continue;
		if (to_revision == 0) {
			if (latest_rev < v) {
				previous_rev = latest_rev;
				previous = latest;
				latest_rev = v;
				latest = rs;
			} else if (previous_rev < v) {
				previous_rev = v;
				previous = rs;
			}
		} else if (to_revision == v) {
			return rs;
		}
	}
	if (to_revision > 0) {
		kc_error_set(err, -ENOENT, "unable to find specified revision %lld in history", (long long)to_revision);
		return NULL;
	}
	if (!previous)
		kc_error_set(err, -ENOENT, "no rollout history found for deployment \"%s\"", name);
	return previous;
}

cJSON *kc_deployment_undo_patch(const cJSON *deploy, const cJSON *rs)
{
	static const char *const skip[] = {
		"kubectl.kubernetes.io/last-applied-configuration", REVISION_ANN,
		"deployment.kubernetes.io/revision-history",        "deployment.kubernetes.io/desired-replicas",
		"deployment.kubernetes.io/max-replicas",            "deprecated.deployment.rollback.to",
	};
	cJSON *template = cJSON_Duplicate(kc_json_get(rs, "spec.template"), true);
	kc_json_deletev(template, "metadata", "labels", HASH_LABEL, NULL);
	cJSON *ann = cJSON_CreateObject();
	/* the deployment keeps its own bookkeeping annotations, takes the rest
	 * from the ReplicaSet */
	const cJSON *dann = kc_json_get(deploy, "metadata.annotations");
	for (size_t i = 0; i < KC_ARRAY_SIZE(skip); i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(dann, skip[i]);
		if (v)
			cJSON_AddItemToObject(ann, skip[i], cJSON_Duplicate(v, true));
	}
	const cJSON *a;
	cJSON_ArrayForEach(a, kc_json_get(rs, "metadata.annotations")) {
		bool skipped = false;
		for (size_t i = 0; i < KC_ARRAY_SIZE(skip); i++)
			skipped |= streq(a->string, skip[i]);
		if (!skipped)
			kc_json_object_put(ann, a->string, cJSON_Duplicate(a, true));
	}
	cJSON *patch = cJSON_CreateArray();
	cJSON *op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "replace");
	cJSON_AddStringToObject(op, "path", "/spec/template");
	cJSON_AddItemToObject(op, "value", template);
	cJSON_AddItemToArray(patch, op);
	op = cJSON_CreateObject();
	cJSON_AddStringToObject(op, "op", "replace");
	cJSON_AddStringToObject(op, "path", "/metadata/annotations");
	cJSON_AddItemToObject(op, "value", ann);
	cJSON_AddItemToArray(patch, op);
	return patch;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

char *kc_rollout_history_table(const int64_t *revisions, const char *const *causes, size_t n)
{
	if (n == 0)
		return xstrdup("No rollout history found.");
	/* text/tabwriter with padding 2: the first column as wide as its
	 * widest cell plus two */
	size_t w = strlen("REVISION");
	char num[32];
	for (size_t i = 0; i < n; i++) {
		size_t l = (size_t)snprintf(num, sizeof(num), "%lld", (long long)revisions[i]);
		if (l > w)
			w = l;
	}
	kc_buf b = KC_BUF_INIT;
	kc_buf_addf(&b, "%-*s%s\n", (int)(w + 2), "REVISION", "CHANGE-CAUSE");
	for (size_t i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%lld", (long long)revisions[i]);
		kc_buf_addf(&b, "%-*s%s\n", (int)(w + 2), num, causes[i] && causes[i][0] ? causes[i] : "<none>");
	}
	return kc_buf_release(&b);
}

/* ---- talking to the server ---- */

static cJSON *get_json(kc_ctx *ctx, const char *path, char **ret_err)
{
	kc_response resp;
	int rc = kc_request(ctx, "GET", path, NULL, NULL, &resp);
	if (rc < 0 || resp.status != 200) {
		*ret_err = kc_response_error_text(&resp);
		kc_response_clear(&resp);
		return NULL;
	}
	cJSON *body = TAKE_PTR(resp.body);
	kc_response_clear(&resp);
	return body;
}

/* Lists what matches the object's spec.selector in its namespace. */
static cJSON *list_selected(kc_ctx *ctx, const kc_target *t, const char *plural, char **ret_err)
{
	_cleanup_selector_ kc_selector *sel = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_selector_from_label_selector(kc_json_get(t->obj, "spec.selector"), &sel, &err) < 0) {
		*ret_err = xasprintf("failed to create selector for %s %s: %s", t->res->kind, t->name, err.msg);
		return NULL;
	}
	_cleanup_free_ char *s = kc_selector_to_string(sel);
	const kc_resource *r = kc_resource_find("apps", "v1", plural);
	_cleanup_free_ char *base = kc_path(r, t->ns, NULL, NULL);
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	kc_buf_addstr(&path, base);
	if (s[0]) {
		kc_buf_addstr(&path, "?labelSelector=");
		kc_query_escape(&path, s);
	}
	return get_json(ctx, path.s, ret_err);
}

/* A DaemonSet's or StatefulSet's ControllerRevisions, sorted by revision. */
static cJSON *controller_history(kc_ctx *ctx, const kc_target *t, char **ret_err)
{
	_cleanup_json_ cJSON *list = list_selected(ctx, t, "controllerrevisions", ret_err);
	if (!list)
		return NULL;
	const char *uid = kc_json_get_str(t->obj, "metadata.uid", "");
	cJSON *out = cJSON_CreateArray();
	cJSON *it;
	cJSON_ArrayForEach(it, kc_json_get(list, "items")) {
		if (!controlled_by(it, uid))
			continue;
		/* insertion sort by .revision */
		cJSON *copy = cJSON_Duplicate(it, true);
		int64_t r = kc_json_get_int(copy, "revision", 0);
		int idx = 0;
		cJSON *o;
		cJSON_ArrayForEach(o, out) {
			if (kc_json_get_int(o, "revision", 0) > r)
				break;
			idx++;
		}
		kc_json_array_insert(out, idx, copy);
	}
	return out;
}

/* ---- subcommands ---- */

typedef struct rollout_opts {
	const char *name; /* "status" */
	kc_flags_list filenames;
	bool recursive;
	const char *selector, *output, *field_manager, *dry_run, *template;
	bool allow_missing, show_managed;
	int64_t revision; /* history, status: --revision; undo: --to-revision */
	bool watch;
	int64_t timeout;
} rollout_opts;

/* Parses the flags every rollout subcommand shares plus extra; returns
 * -1 after an error (printed), 1 for --help (printed), 0 to go on. */
static int rollout_parse(kc_ctx *ctx, int argc, char **argv, rollout_opts *o, kc_flag *extra, const char *synopsis,
			 const char *desc, const char *examples, bool printer, kc_flags_args *args, int *ret_rc)
{
	kc_flag own[] = {
		KC_FLAG_STRING_SLICE("filename", 'f', &o->filenames, "",
				     "Filename, directory, or URL to files identifying the resource to get from a server."),
		KC_FLAG_BOOL("recursive", 'R', &o->recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_STRING("selector", 'l', &o->selector, "",
			       "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l "
			       "key1=value1,key2=value2). Matching objects must satisfy all of the specified label "
			       "constraints."),
		KC_FLAG_END,
	};
	kc_flag print[] = {
		KC_FLAG_BOOL("allow-missing-template-keys", 0, &o->allow_missing, "true",
			     "If true, ignore any errors in templates when a field or map key is missing in the "
			     "template. Only applies to golang and jsonpath output formats."),
		KC_FLAG_STRING("output", 'o', &o->output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_BOOL("show-managed-fields", 0, &o->show_managed, "false",
			     "If true, keep the managedFields when printing objects in JSON or YAML format."),
		KC_FLAG_STRING("template", 0, &o->template, "",
			       "Template string or path to template file to use when -o=go-template, "
			       "-o=go-template-file. The template format is golang templates "
			       "[http://golang.org/pkg/text/template/#pkg-overview]."),
		KC_FLAG_END,
	};
	o->output = "";
	kc_flag *tables[] = {own, printer ? print : ctx->table, extra ? extra : ctx->table, ctx->table, NULL};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, args, &err);
	if (rc == KC_FLAGS_HELP) {
		_cleanup_free_ char *name = xasprintf("rollout %s", o->name);
		kc_usage(ctx, name, synopsis, desc, examples, tables);
		*ret_rc = 0;
		kc_flags_release(tables);
		return 1;
	}
	/* keep the list (filenames) alive; the tables are on this stack */
	o->filenames = *(kc_flags_list *)own[0].value;
	if (rc < 0) {
		*ret_rc = kc_fail(ctx, "%s", err.msg);
		return -1;
	}
	if (args->n == 0 && o->filenames.n == 0) {
		*ret_rc = kc_fail(ctx, "required resource not specified");
		return -1;
	}
	return 0;
}

static void opts_release(rollout_opts *o)
{
	for (size_t i = 0; i < o->filenames.n; i++)
		free(o->filenames.items[i]);
	free(o->filenames.items);
	o->filenames.items = NULL;
	o->filenames.n = 0;
}

static int fetch(kc_ctx *ctx, rollout_opts *o, kc_flags_args *args, kc_targets *t)
{
	kc_target_opts to = {
		.selector = o->selector,
		.allow_empty_selector = true,
		.filenames = &o->filenames,
		.recursive = o->recursive,
	};
	return kc_targets_fetch(ctx, args->args, args->n, &to, t);
}

/* ---- status ---- */

typedef struct status_watch {
	kc_ctx *ctx;
	int64_t revision;
	bool watch;
	bool finished;
	char *error;
	struct event_base *base;
} status_watch;

static void status_eval(status_watch *s, const cJSON *obj)
{
	char *msg = NULL;
	bool done = false;
	kc_error err = KC_ERROR_INIT;
	if (kc_rollout_status(obj, s->revision, &msg, &done, &err) < 0) {
		s->error = xstrdup(err.msg);
		s->finished = true;
		return;
	}
	fputs(msg, s->ctx->out);
	fflush(s->ctx->out);
	free(msg);
	if (done || !s->watch)
		s->finished = true;
}

static void status_event(kc_watch_event_type type, cJSON *object, void *userdata)
{
	status_watch *s = userdata;
	if (s->finished)
		return;
	if (type == KC_WATCH_ADDED || type == KC_WATCH_MODIFIED) {
		status_eval(s, object);
	} else if (type == KC_WATCH_DELETED) {
		s->error = xstrdup("object has been deleted");
		s->finished = true;
	}
	if (s->finished)
		event_base_loopbreak(s->base);
}

static void status_gone(void *userdata)
{
	status_watch *s = userdata;
	s->error = xstrdup("watch closed: the resource version is too old");
	s->finished = true;
	event_base_loopbreak(s->base);
}

static void status_timeout(evutil_socket_t fd, short what, void *userdata)
{
	(void)fd;
	(void)what;
	status_watch *s = userdata;
	if (!s->finished) {
		s->error = xstrdup("timed out waiting for the condition");
		s->finished = true;
	}
	event_base_loopbreak(s->base);
}

static int status_one(kc_ctx *ctx, const rollout_opts *o, const kc_target *t)
{
	status_watch s = {.ctx = ctx, .revision = o->revision, .watch = o->watch};
	kc_error err = KC_ERROR_INIT;
	char *msg = NULL;
	bool done = false;
	/* kubectl refuses kinds without a status viewer before watching */
	if (kc_rollout_status(t->obj, 0, &msg, &done, &err) < 0 && err.code == -ENOTSUP && !done)
		return kc_fail(ctx, "%s", err.msg);
	free(msg);
	_cleanup_free_ char *base = kc_path(t->res, t->ns, NULL, NULL);
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	_cleanup_free_ char *fs = xasprintf("metadata.name=%s", t->name);
	kc_buf_addf(&path, "%s?fieldSelector=", base);
	kc_query_escape(&path, fs);
	char *e = NULL;
	_cleanup_json_ cJSON *list = get_json(ctx, path.s, &e);
	if (!list) {
		kc_print_error(ctx, e);
		free(e);
		return 1;
	}
	const cJSON *items = kc_json_get(list, "items");
	if (cJSON_GetArraySize(items) > 0) {
		cJSON *obj = cJSON_GetArrayItem(items, 0);
		char av[64];
		if (!cJSON_GetObjectItemCaseSensitive(obj, "kind")) {
			cJSON_AddStringToObject(obj, "kind", t->res->kind);
			cJSON_AddStringToObject(obj, "apiVersion", kc_resource_api_version(t->res, av, sizeof(av)));
		}
		status_eval(&s, obj);
	}
	if (!s.finished) {
		kc_client *c = kc_ctx_client(ctx);
		s.base = kc_client_base(c);
		/* the watch's events carry kind and apiVersion */
		kc_watch *w = kc_client_watch(c, path.s, kc_json_get_str(list, "metadata.resourceVersion", ""),
					      status_event, status_gone, &s);
		struct event *timer = NULL;
		if (o->timeout > 0) {
			timer = evtimer_new(s.base, status_timeout, &s);
			struct timeval tv = {(time_t)(o->timeout / 1000000000),
					     (suseconds_t)((o->timeout % 1000000000) / 1000)};
			evtimer_add(timer, &tv);
		}
		while (!s.finished && w)
			event_base_loop(s.base, EVLOOP_ONCE);
		if (timer)
			event_free(timer);
		if (w)
			kc_watch_stop(w);
	}
	if (s.error) {
		kc_print_error(ctx, s.error);
		free(s.error);
		return 1;
	}
	return 0;
}

static int rollout_status(kc_ctx *ctx, int argc, char **argv)
{
	rollout_opts o = {.name = "status", .watch = true};
	kc_flag extra[] = {
		KC_FLAG_INT64("revision", 0, &o.revision, "0",
			      "Pin to a specific revision for showing its status. Defaults to 0 (last revision)."),
		KC_FLAG_DURATION("timeout", 0, &o.timeout, "0s",
				 "The length of time to wait before ending watch, zero means never. Any other values "
				 "should contain a corresponding time unit (e.g. 1s, 2m, 3h)."),
		KC_FLAG_BOOL("watch", 'w', &o.watch, "true", "Watch the status of the rollout until it's done."),
		KC_FLAG_END,
	};
	kc_flags_args args = {0};
	int rc = 1;
	int p = rollout_parse(ctx, argc, argv, &o, extra, "kc rollout status (TYPE NAME | TYPE/NAME) [flags] [options]",
			      "Show the status of the rollout.\n\n"
			      " By default 'rollout status' will watch the status of the latest rollout until it's done. "
			      "If you don't want to wait for the rollout to finish then you can use --watch=false. Note "
			      "that if a new rollout starts in-between, then 'rollout status' will continue watching the "
			      "latest revision. If you want to pin to a specific revision and abort if it is rolled over "
			      "by another revision, use --revision=N where N is the revision you need to watch for.",
			      "# Watch the rollout status of a deployment\nkc rollout status deployment/nginx", false,
			      &args, &rc);
	if (p != 0)
		goto out;
	if (o.revision < 0) {
		rc = kc_fail(ctx, "revision must be a positive integer: %lld", (long long)o.revision);
		goto out;
	}
	kc_targets t;
	if (fetch(ctx, &o, &args, &t) < 0)
		goto out;
	rc = 0;
	for (size_t i = 0; i < t.n && rc == 0; i++)
		rc = status_one(ctx, &o, &t.items[i]);
	if (rc == 0 && t.n == 0 && t.n_errors == 0)
		fprintf(ctx->err, "No resources found in %s namespace.\n", kc_ctx_namespace(ctx));
	rc |= kc_targets_print_errors(ctx, &t);
	kc_targets_clear(&t);
out:
	free(args.args);
	opts_release(&o);
	return rc;
}

/* ---- history ---- */

/* Revision -> object (ReplicaSet, or the workload with a ControllerRevision
 * applied) of a target, as kubectl's HistoryViewer.GetHistory. *ret is an
 * array of {revision, cause, object}. */
static int history_of(kc_ctx *ctx, const kc_target *t, cJSON **ret, char **ret_err)
{
	const char *kind = t->res->kind;
	cJSON *out = cJSON_CreateArray();
	if (streq(kind, "Deployment")) {
		_cleanup_json_ cJSON *list = list_selected(ctx, t, "replicasets", ret_err);
		if (!list) {
			cJSON_Delete(out);
			return -1;
		}
		_cleanup_json_ cJSON *owned = kc_deployment_owned_replicasets(t->obj, list);
		cJSON *rs;
		cJSON_ArrayForEach(rs, owned) {
			int64_t v = rs_revision(rs);
			if (v < 0)
				continue;
			cJSON *e = cJSON_CreateObject();
			cJSON_AddNumberToObject(e, "revision", (double)v);
			cJSON_AddStringToObject(e, "cause",
						kc_json_as_str(kc_json_getv(rs, "metadata", "annotations", CHANGE_CAUSE,
									    NULL),
							       ""));
			cJSON_AddItemToObject(e, "object", cJSON_Duplicate(rs, true));
			/* kubectl shows the ReplicaSet's change cause in the template */
			cJSON *tpl = cJSON_Duplicate(kc_json_get(rs, "spec.template"), true);
			const char *cause = kc_json_get_str(e, "cause", "");
			if (cause[0])
				kc_json_setv(tpl, cJSON_CreateString(cause), NULL, "metadata", "annotations", CHANGE_CAUSE,
					     NULL);
			cJSON_AddItemToObject(e, "template", tpl);
			cJSON_AddItemToArray(out, e);
		}
	} else if (streq(kind, "DaemonSet") || streq(kind, "StatefulSet")) {
		_cleanup_json_ cJSON *hist = controller_history(ctx, t, ret_err);
		if (!hist) {
			cJSON_Delete(out);
			return -1;
		}
		cJSON *h;
		cJSON_ArrayForEach(h, hist) {
			cJSON *applied = cJSON_Duplicate(t->obj, true);
			const cJSON *data = kc_json_get(h, "data");
			if (cJSON_IsObject(data))
				kc_patch_strategic(&applied, data, "apps/v1", kind, NULL);
			cJSON *e = cJSON_CreateObject();
			cJSON_AddNumberToObject(e, "revision", (double)kc_json_get_int(h, "revision", 0));
			cJSON_AddStringToObject(e, "cause",
						kc_json_as_str(kc_json_getv(h, "metadata", "annotations", CHANGE_CAUSE,
									    NULL),
							       ""));
			cJSON_AddItemToObject(e, "template", cJSON_Duplicate(kc_json_get(applied, "spec.template"), true));
			cJSON_AddItemToObject(e, "object", applied);
			cJSON_AddItemToArray(out, e);
		}
	} else {
		cJSON_Delete(out);
		*ret_err = xasprintf("no history viewer has been implemented for \"%s%s%s\"", kind,
				     t->res->group[0] ? "." : "", t->res->group);
		return -1;
	}
	*ret = out;
	return 0;
}

static const cJSON *history_entry(const cJSON *hist, int64_t rev)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, hist)
		if (kc_json_get_int(e, "revision", -1) == rev)
			return e;
	return NULL;
}

static int rollout_history(kc_ctx *ctx, int argc, char **argv)
{
	rollout_opts o = {.name = "history"};
	kc_flag extra[] = {
		KC_FLAG_INT64("revision", 0, &o.revision, "0",
			      "See the details, including podTemplate of the revision specified"),
		KC_FLAG_END,
	};
	kc_flags_args args = {0};
	int rc = 1;
	int p = rollout_parse(ctx, argc, argv, &o, extra, "kc rollout history (TYPE NAME | TYPE/NAME) [flags] [options]",
			      "View previous rollout revisions and configurations.",
			      "# View the rollout history of a deployment\n"
			      "kc rollout history deployment/abc\n\n"
			      "# View the details of daemonset revision 3\n"
			      "kc rollout history daemonset/abc --revision=3",
			      true, &args, &rc);
	if (p != 0)
		goto out;
	if (o.revision < 0) {
		rc = kc_fail(ctx, "revision must be a positive integer: %lld", (long long)o.revision);
		goto out;
	}
	if (!kc_target_output_ok(o.output)) {
		rc = kc_target_output_error(ctx, o.output);
		goto out;
	}
	kc_targets t;
	if (fetch(ctx, &o, &args, &t) < 0)
		goto out;
	rc = 0;
	for (size_t i = 0; i < t.n; i++) {
		kc_target *x = &t.items[i];
		cJSON *hist = NULL;
		char *e = NULL;
		if (history_of(ctx, x, &hist, &e) < 0) {
			kc_targets_add_error(&t, e);
			/* kubectl's visitor stops at the first failure */
			break;
		}
		_cleanup_json_ cJSON *h = hist;
		size_t n = (size_t)cJSON_GetArraySize(h);
		int64_t *revs = xcalloc(n + 1, sizeof(*revs));
		size_t k = 0;
		const cJSON *it;
		cJSON_ArrayForEach(it, h)
			revs[k++] = kc_json_get_int(it, "revision", 0);
		qsort(revs, k, sizeof(*revs), cmp_i64);
		/* the same revision twice counts once, as in kubectl's map */
		size_t u = 0;
		for (size_t j = 0; j < k; j++)
			if (u == 0 || revs[u - 1] != revs[j])
				revs[u++] = revs[j];
		if (o.output[0]) {
			for (size_t j = 0; j < u; j++) {
				if (o.revision > 0 && revs[j] != o.revision)
					continue;
				const cJSON *ent = history_entry(h, revs[j]);
				const cJSON *obj = kc_json_get(ent, "object");
				const kc_resource *r = kc_resource_find_kind(kc_json_get_str(obj, "apiVersion", "apps/v1"),
									     kc_json_get_str(obj, "kind", "ReplicaSet"));
				if (!kc_json_get(obj, "kind"))
					r = streq(x->res->kind, "Deployment") ? kc_resource_find("apps", "v1", "replicasets")
									       : x->res;
				kc_target_print(ctx, o.output, r ? r : x->res, obj, NULL);
			}
			free(revs);
			continue;
		}
		_cleanup_buf_ kc_buf text = KC_BUF_INIT;
		if (o.revision > 0) {
			const cJSON *ent = history_entry(h, o.revision);
			if (!ent) {
				free(revs);
				kc_targets_add_error(&t, xstrdup("unable to find the specified revision"));
				break;
			}
			kc_rollout_describe_template(&text, kc_json_get(ent, "template"));
		} else {
			const char **causes = xcalloc(u + 1, sizeof(*causes));
			for (size_t j = 0; j < u; j++)
				causes[j] = kc_json_get_str(history_entry(h, revs[j]), "cause", "");
			_cleanup_free_ char *table = kc_rollout_history_table(revs, causes, u);
			kc_buf_addstr(&text, table);
			free(causes);
		}
		free(revs);
		_cleanup_free_ char *ref = kc_target_ref_name(x->res, x->name);
		if (o.revision > 0)
			fprintf(ctx->out, "%s with revision #%lld\n%s\n", ref, (long long)o.revision, text.s);
		else
			fprintf(ctx->out, "%s \n%s\n", ref, text.s);
	}
	rc |= kc_targets_print_errors(ctx, &t);
	kc_targets_clear(&t);
out:
	free(args.args);
	opts_release(&o);
	return rc;
}

/* ---- undo ---- */

static int undo_one(kc_ctx *ctx, const rollout_opts *o, kc_dry_run dry, kc_target *t, char **ret_msg)
{
	char *e = NULL;
	if (o->revision < 0) {
		*ret_msg = xasprintf("unable to find specified revision %lld in history", (long long)o->revision);
		return -1;
	}
	if (streq(t->res->kind, "Deployment")) {
		_cleanup_json_ cJSON *list = list_selected(ctx, t, "replicasets", &e);
		if (!list) {
			*ret_msg = xasprintf("failed to retrieve replica sets from deployment %s: %s", t->name, e);
			free(e);
			return -1;
		}
		_cleanup_json_ cJSON *owned = kc_deployment_owned_replicasets(t->obj, list);
		kc_error err = KC_ERROR_INIT;
		const cJSON *rs = kc_deployment_revision_rs(owned, o->revision, t->name, &err);
		if (!rs) {
			*ret_msg = xstrdup(err.msg);
			return -1;
		}
		if (dry == KC_DRY_RUN_CLIENT) {
			kc_buf b = KC_BUF_INIT;
			kc_rollout_describe_template(&b, kc_json_get(rs, "spec.template"));
			*ret_msg = kc_buf_release(&b);
			return 0;
		}
		if (kc_json_get_bool(t->obj, "spec.paused", false)) {
			*ret_msg = xstrdup("you cannot rollback a paused deployment; resume it first with 'kc rollout "
					   "resume' and try again");
			return -1;
		}
		if (kc_template_equal_ignore_hash(kc_json_get(rs, "spec.template"), kc_json_get(t->obj, "spec.template"))) {
			*ret_msg = xasprintf("skipped rollback (current template already matches revision %lld)",
					     (long long)o->revision);
			return 0;
		}
		_cleanup_json_ cJSON *patch = kc_deployment_undo_patch(t->obj, rs);
		_cleanup_free_ char *body = kc_json_print(patch);
		_cleanup_free_ char *base = kc_path(t->res, t->ns, t->name, NULL);
		_cleanup_free_ char *path = xasprintf("%s%s", base, dry == KC_DRY_RUN_SERVER ? "?dryRun=All" : "");
		kc_response resp;
		int rc = kc_request(ctx, "PATCH", path, "application/json-patch+json", body, &resp);
		if (rc < 0 || resp.status != 200) {
			_cleanup_free_ char *text = kc_response_error_text(&resp);
			*ret_msg = xasprintf("failed restoring revision %lld: %s", (long long)o->revision, text);
			kc_response_clear(&resp);
			return -1;
		}
		kc_response_clear(&resp);
		*ret_msg = xstrdup("rolled back");
		return 0;
	}
	if (streq(t->res->kind, "DaemonSet") || streq(t->res->kind, "StatefulSet")) {
		_cleanup_json_ cJSON *hist = controller_history(ctx, t, &e);
		if (!hist) {
			*ret_msg = e;
			return -1;
		}
		int n = cJSON_GetArraySize(hist);
		if (o->revision == 0 && n <= 1) {
			*ret_msg = xstrdup("no last revision to roll back to");
			return -1;
		}
		const cJSON *to = NULL;
		if (o->revision == 0) {
			to = cJSON_GetArrayItem(hist, n - 2);
		} else {
			const cJSON *h;
			cJSON_ArrayForEach(h, hist)
				if (kc_json_get_int(h, "revision", -1) == o->revision)
					to = h;
		}
		if (!to) {
			*ret_msg = xasprintf("unable to find specified revision %lld in history", (long long)o->revision);
			return -1;
		}
		const cJSON *data = kc_json_get(to, "data");
		_cleanup_json_ cJSON *applied = cJSON_Duplicate(t->obj, true);
		if (cJSON_IsObject(data))
			kc_patch_strategic(&applied, data, "apps/v1", t->res->kind, NULL);
		if (dry == KC_DRY_RUN_CLIENT) {
			kc_buf b = KC_BUF_INIT;
			kc_rollout_describe_template(&b, kc_json_get(applied, "spec.template"));
			*ret_msg = kc_buf_release(&b);
			return 0;
		}
		if (kc_json_equal(kc_json_get(applied, "spec.template"), kc_json_get(t->obj, "spec.template"))) {
			*ret_msg = xasprintf("skipped rollback (current template already matches revision %lld)",
					     (long long)o->revision);
			return 0;
		}
		_cleanup_free_ char *body = kc_json_print(data);
		_cleanup_free_ char *base = kc_path(t->res, t->ns, t->name, NULL);
		_cleanup_free_ char *path = xasprintf("%s%s", base, dry == KC_DRY_RUN_SERVER ? "?dryRun=All" : "");
		kc_response resp;
		int rc = kc_request(ctx, "PATCH", path, "application/strategic-merge-patch+json", body, &resp);
		if (rc < 0 || resp.status != 200) {
			_cleanup_free_ char *text = kc_response_error_text(&resp);
			*ret_msg = xasprintf("failed restoring revision %lld: %s", (long long)o->revision, text);
			kc_response_clear(&resp);
			return -1;
		}
		kc_response_clear(&resp);
		*ret_msg = xstrdup("rolled back");
		return 0;
	}
	*ret_msg = xasprintf("no rollbacker has been implemented for \"%s%s%s\"", t->res->kind,
			     t->res->group[0] ? "." : "", t->res->group);
	return -1;
}

static int rollout_undo(kc_ctx *ctx, int argc, char **argv)
{
	rollout_opts o = {.name = "undo"};
	kc_flag extra[] = {
		KC_FLAG_STRING("dry-run", 0, &o.dry_run, "none",
			       "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object "
			       "that would be sent, without sending it. If server strategy, submit server-side request "
			       "without persisting the resource."),
		KC_FLAG_INT64("to-revision", 0, &o.revision, "0", "The revision to rollback to. Default to 0 (last revision)."),
		KC_FLAG_END,
	};
	extra[0].noopt = "unchanged";
	kc_flags_args args = {0};
	int rc = 1;
	int p = rollout_parse(ctx, argc, argv, &o, extra, "kc rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]",
			      "Roll back to a previous rollout.",
			      "# Roll back to the previous deployment\n"
			      "kc rollout undo deployment/abc\n\n"
			      "# Roll back to daemonset revision 3\n"
			      "kc rollout undo daemonset/abc --to-revision=3\n\n"
			      "# Roll back to the previous deployment with dry-run\n"
			      "kc rollout undo --dry-run=server deployment/abc",
			      true, &args, &rc);
	if (p != 0)
		goto out;
	kc_error err = KC_ERROR_INIT;
	kc_dry_run dry;
	if (kc_dry_run_parse(o.dry_run, &dry, &err) < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (!kc_target_output_ok(o.output)) {
		rc = kc_target_output_error(ctx, o.output);
		goto out;
	}
	kc_targets t;
	if (fetch(ctx, &o, &args, &t) < 0)
		goto out;
	rc = 0;
	for (size_t i = 0; i < t.n; i++) {
		char *msg = NULL;
		if (undo_one(ctx, &o, dry, &t.items[i], &msg) < 0) {
			kc_targets_add_error(&t, msg);
			break;
		}
		_cleanup_free_ char *op = xasprintf("%s%s", msg, kc_dry_run_suffix(dry));
		free(msg);
		kc_target_print(ctx, o.output, t.items[i].res, t.items[i].obj, op);
	}
	rc |= kc_targets_print_errors(ctx, &t);
	kc_targets_clear(&t);
out:
	free(args.args);
	opts_release(&o);
	return rc;
}

/* ---- restart, pause, resume: a strategic merge patch per object ---- */

typedef enum patch_kind { PATCH_RESTART, PATCH_PAUSE, PATCH_RESUME } patch_kind;

void kc_rfc3339_local(time_t t, char buf[40])
{
	struct tm tm;
	localtime_r(&t, &tm);
	char z[8];
	strftime(z, sizeof(z), "%z", &tm);
	size_t n = strftime(buf, 40, "%Y-%m-%dT%H:%M:%S", &tm);
	if (streq(z, "+0000") || streq(z, "-0000") || !z[0])
		snprintf(buf + n, 40 - n, "Z");
	else
		snprintf(buf + n, 40 - n, "%.3s:%.2s", z, z + 3);
}

int kc_rollout_patch(const cJSON *obj, int which, const char *now, char **ret_patch, kc_error *err)
{
	const char *kind = kc_json_get_str(obj, "kind", "");
	bool deploy = streq(kind, "Deployment");
	bool paused = kc_json_get_bool(obj, "spec.paused", false);
	if (which == PATCH_PAUSE) {
		if (!deploy)
			return kc_error_set(err, -ENOTSUP, "pausing is not supported");
		if (paused)
			return kc_error_set(err, -EALREADY, "is already paused");
		*ret_patch = xstrdup("{\"spec\":{\"paused\":true}}");
		return 0;
	}
	if (which == PATCH_RESUME) {
		if (!deploy)
			return kc_error_set(err, -ENOTSUP, "resuming is not supported");
		if (!paused)
			return kc_error_set(err, -EALREADY, "is not paused");
		*ret_patch = xstrdup("{\"spec\":{\"paused\":null}}");
		return 0;
	}
	if (!deploy && !streq(kind, "DaemonSet") && !streq(kind, "StatefulSet"))
		return kc_error_set(err, -ENOTSUP, "restarting is not supported");
	if (deploy && paused)
		return kc_error_set(err, -EINVAL, "can't restart paused deployment (run rollout resume first)");
	const cJSON *have = kc_json_getv(obj, "spec", "template", "metadata", "annotations",
					 "kubectl.kubernetes.io/restartedAt", NULL);
	if (have && streq(kc_json_as_str(have, ""), now)) {
		*ret_patch = xstrdup("{}");
		return 0;
	}
	*ret_patch = xasprintf("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/"
			       "restartedAt\":\"%s\"}}}}}",
			       now);
	return 0;
}

static int rollout_patch_cmd(kc_ctx *ctx, int argc, char **argv, patch_kind which)
{
	static const char *const names[] = {"restart", "pause", "resume"};
	static const char *const done[] = {"restarted", "paused", "resumed"};
	static const char *const synopsis[] = {
		"kc rollout restart RESOURCE [options]",
		"kc rollout pause RESOURCE [options]",
		"kc rollout resume RESOURCE [options]",
	};
	static const char *const desc[] = {
		"Restart a resource.\n\n        Resource rollout will be restarted.",
		"Mark the provided resource as paused.\n\n"
		" Paused resources will not be reconciled by a controller. Use \"kc rollout resume\" to resume a "
		"paused resource. Currently only deployments support being paused.",
		"Resume a paused resource.\n\n"
		" Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be "
		"reconciled again. Currently only deployments support being resumed.",
	};
	static const char *const examples[] = {
		"# Restart all deployments in the test-namespace namespace\n"
		"kc rollout restart deployment -n test-namespace\n\n"
		"# Restart a deployment\n"
		"kc rollout restart deployment/nginx\n\n"
		"# Restart a daemon set\n"
		"kc rollout restart daemonset/abc\n\n"
		"# Restart deployments with the app=nginx label\n"
		"kc rollout restart deployment --selector=app=nginx",
		"# Mark the nginx deployment as paused\n"
		"# Any current state of the deployment will continue its function; new updates\n"
		"# to the deployment will not have an effect as long as the deployment is paused\n"
		"kc rollout pause deployment/nginx",
		"# Resume an already paused deployment\nkc rollout resume deployment/nginx",
	};
	rollout_opts o = {.name = names[which]};
	kc_flag extra[] = {
		KC_FLAG_STRING("field-manager", 0, &o.field_manager, "kubectl-rollout",
			       "Name of the manager used to track field ownership."),
		KC_FLAG_END,
	};
	kc_flags_args args = {0};
	int rc = 1;
	int p = rollout_parse(ctx, argc, argv, &o, extra, synopsis[which], desc[which], examples[which], true, &args,
			      &rc);
	if (p != 0)
		goto out;
	if (!kc_target_output_ok(o.output)) {
		rc = kc_target_output_error(ctx, o.output);
		goto out;
	}
	kc_targets t;
	if (fetch(ctx, &o, &args, &t) < 0)
		goto out;
	rc = 0;
	if (t.n == 0 && t.n_errors == 0)
		fprintf(ctx->err, "No resources found in %s namespace.\n", kc_ctx_namespace(ctx));
	char now[40];
	kc_rfc3339_local(time(NULL), now);
	for (size_t i = 0; i < t.n; i++) {
		kc_target *x = &t.items[i];
		kc_error err = KC_ERROR_INIT;
		_cleanup_free_ char *patch = NULL;
		if (kc_rollout_patch(x->obj, which, now, &patch, &err) < 0) {
			kc_targets_add_error(&t, xasprintf("error: %s%s%s \"%s\" %s", x->res->plural,
							   x->res->group[0] ? "." : "", x->res->group, x->name, err.msg));
			continue;
		}
		if (streq(patch, "{}")) {
			kc_targets_add_error(&t, xasprintf("failed to create patch for %s: if restart has already been "
							   "triggered within the past second, please wait before "
							   "attempting to trigger another",
							   x->name));
			continue;
		}
		_cleanup_free_ char *base = kc_path(x->res, x->ns, x->name, NULL);
		_cleanup_free_ char *path = xasprintf("%s?fieldManager=%s", base, o.field_manager);
		kc_response resp;
		int r = kc_request(ctx, "PATCH", path, "application/strategic-merge-patch+json", patch, &resp);
		if (r < 0 || resp.status != 200) {
			_cleanup_free_ char *text = kc_response_error_text(&resp);
			kc_targets_add_error(&t, xasprintf("failed to patch: %s", text));
		} else {
			kc_target_print(ctx, o.output, x->res, resp.body, done[which]);
		}
		kc_response_clear(&resp);
	}
	rc |= kc_targets_print_errors(ctx, &t);
	kc_targets_clear(&t);
out:
	free(args.args);
	opts_release(&o);
	return rc;
}

static int rollout_restart(kc_ctx *ctx, int argc, char **argv) { return rollout_patch_cmd(ctx, argc, argv, PATCH_RESTART); }
static int rollout_pause(kc_ctx *ctx, int argc, char **argv) { return rollout_patch_cmd(ctx, argc, argv, PATCH_PAUSE); }
static int rollout_resume(kc_ctx *ctx, int argc, char **argv) { return rollout_patch_cmd(ctx, argc, argv, PATCH_RESUME); }

int cmd_rollout(kc_ctx *ctx, int argc, char **argv)
{
	static const kc_subcommand subs[] = {
		{"history", rollout_history, "View rollout history"},
		{"pause", rollout_pause, "Mark the provided resource as paused"},
		{"restart", rollout_restart, "Restart a resource"},
		{"resume", rollout_resume, "Resume a paused resource"},
		{"status", rollout_status, "Show the status of the rollout"},
		{"undo", rollout_undo, "Undo a previous rollout"},
		{NULL, NULL, NULL},
	};
	static const kc_group g = {
		.name = "rollout",
		.description = "Manage the rollout of one or many resources.\n        \n"
			       " Valid resource types include:\n\n"
			       "  *  deployments\n"
			       "  *  daemonsets\n"
			       "  *  statefulsets",
		.examples = "# Rollback to the previous deployment\n"
			    "kc rollout undo deployment/abc\n\n"
			    "# Check the rollout status of a daemonset\n"
			    "kc rollout status daemonset/foo\n\n"
			    "# Restart a deployment\n"
			    "kc rollout restart deployment/abc\n\n"
			    "# Restart deployments with the 'app=nginx' label\n"
			    "kc rollout restart deployment --selector=app=nginx",
		.usage = "kc rollout SUBCOMMAND [options]",
		.subs = subs,
		.help_on_stdout = true,
	};
	return kc_group_run(ctx, argc, argv, &g);
}
