/* test_cm_deployment.c - kc-controller-manager's "deployment" controller,
 * with its "replicaset" and "garbagecollector" controllers, against a real
 * etcd + kc-apiserver and simulated nodes (fakenode.h): three that run
 * what is bound to them and one whose pods never become ready (tainted,
 * so only the Deployments that tolerate it go there). kc-scheduler binds
 * the pods when it is built; until then the test binds them itself (round
 * robin over the nodes a pod may go to), standing in for it.
 *
 *   - a Deployment of 3 reaches 3 available pods on 3 nodes, through a
 *     ReplicaSet <name>-<pod-template-hash> with the hash label and
 *     selector, the revision annotations, upstream's status, conditions
 *     and ScalingReplicaSet events;
 *   - a rolling update from image A to B stays within maxSurge and
 *     maxUnavailable at every event of a watch on the pods (pods that
 *     exist and are not terminating; of them the ready ones);
 *   - `kc rollout undo` brings A back (its ReplicaSet reused, revision 3,
 *     revision-history 1), `--to-revision=2` B again, within the bounds;
 *   - Recreate never has pods of two templates at once (terminating ones
 *     included), checked at every event;
 *   - `kc rollout pause`: a new template rolls nothing out, scaling still
 *     works; `kc rollout resume` rolls it out; `kc rollout restart` too;
 *   - revisionHistoryLimit prunes old ReplicaSets;
 *   - pods that never get ready: Progressing=False ProgressDeadlineExceeded;
 *   - deleting a Deployment with each propagation policy: background and
 *     foreground take its ReplicaSet and pods (foreground: the Deployment
 *     goes last), orphan leaves them, without the reference; the same
 *     Deployment made again adopts them (same ReplicaSet, same pods);
 *   - Deployments written around the apiserver (an unknown strategy, a bad
 *     selector operator, an empty selector) get a Warning event
 *     (InvalidSpec, InvalidSelector, upstream's SelectingAll) and nothing
 *     rolled out; the controller goes on with the others.
 * Waits poll the API with a deadline and fail saying what was expected and
 * what was seen. */
#include <errno.h>
#include <event2/event.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/base64.h"
#include "common/client.h"
#include "common/json.h"
#include "common/map.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "harness/api.h"
#include "harness/apiserver.h"
#include "harness/fakenode.h"
#include "harness/procs.h"

#define WAIT_MS     90000
#define NODES       3
#define UNREADY     "dep-unready" /* the node whose pods never get ready */
#define UNREADY_KEY "kc-test/unready"

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *admin;
	pid_t cm, sched;
	char *cm_log;
	kc_fake_node *nodes[NODES + 1];
	unsigned next_node;
} fixture;

static fixture *F;

static const char *const NODE_NAMES[NODES] = {"dep-node-1", "dep-node-2", "dep-node-3"};

/* ---- requests ---- */

/* JSON written with ' for ". Caller frees. */
#define Q kc_test_q

/* One request as admin; PATCH bodies are merge patches. */
static long call(const char *method, const char *path, const char *body, cJSON **ret)
{
	return kc_test_call(F->admin, method, path, body, ret);
}

static void must(const char *method, const char *path, const char *body, long want)
{
	cJSON *resp = NULL;
	long st = call(method, path, body, &resp);
	if (st != want) {
		_cleanup_free_ char *t = kc_json_print(resp);
		cJSON_Delete(resp);
		fail_msg("%s %s: status %ld, want %ld: %s", method, path, st, want, t);
	}
	cJSON_Delete(resp);
}

static cJSON *get(const char *path) { return kc_test_get(F->admin, path); }

static void sleep_ms(int ms)
{
	usleep((useconds_t)ms * 1000);
}

static void dump_log(void) { kc_test_print_tail(F->cm_log, 12000); }

static void run_kc(const char *const *args)
{
	_cleanup_free_ char *bin = xasprintf("%s/ctl/kc", kc_test_build_dir());
	_cleanup_free_ char *kubeconfig = xasprintf("--kubeconfig=%s/admin.conf", F->api.pki);
	_cleanup_free_ char *log = xasprintf("%s/kc.log", F->api.dir);
	char *argv[16] = {bin, kubeconfig};
	size_t n = 2;
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	pid_t pid = kc_test_spawn(argv, log);
	assert_true(pid > 0);
	int st = kc_test_wait_exit(pid, 30000);
	if (st < 0)
		kc_test_stop(pid, 1000);
	if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		_cleanup_free_ char *out = NULL;
		kc_read_file(log, 1 << 20, &out, NULL);
		fail_msg("kc %s %s failed (status %d): %s", args[0], args[1], st, out ? out : "");
	}
}

/* Runs kc; returns its exit status (-1 when it did not end) and its output
 * in *ret_out (caller frees). */
static int run_kc_status(const char *const *args, char **ret_out)
{
	_cleanup_free_ char *bin = xasprintf("%s/ctl/kc", kc_test_build_dir());
	_cleanup_free_ char *kubeconfig = xasprintf("--kubeconfig=%s/admin.conf", F->api.pki);
	_cleanup_free_ char *log = xasprintf("%s/kc-status.log", F->api.dir);
	unlink(log);
	char *argv[16] = {bin, kubeconfig};
	size_t n = 2;
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	pid_t pid = kc_test_spawn(argv, log);
	assert_true(pid > 0);
	int st = kc_test_wait_exit(pid, 30000);
	if (st < 0)
		kc_test_stop(pid, 1000);
	*ret_out = NULL;
	kc_read_file(log, 1 << 20, ret_out, NULL);
	if (!*ret_out)
		*ret_out = xstrdup("");
	return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- standing in for kc-scheduler ---- */

/* Binds the pending pods of ns: those selecting the unready node to it,
 * the others round robin over the ready ones. */
static void bind_pending(const char *ns)
{
	if (F->sched > 0)
		return;
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods", ns);
	_cleanup_json_ cJSON *list = get(path);
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		if (kc_json_get_str(p, "spec.nodeName", "")[0] ||
		    kc_json_get(p, "metadata.deletionTimestamp"))
			continue;
		const char *name = kc_json_get_str(p, "metadata.name", "");
		const char *pinned = kc_json_as_str(
		    kc_json_getv(p, "spec", "nodeSelector", "kubernetes.io/hostname", NULL), NULL);
		const char *node = pinned ? pinned : NODE_NAMES[F->next_node++ % NODES];
		_cleanup_free_ char *bpath = xasprintf("/api/v1/namespaces/%s/pods/%s/binding", ns, name);
		_cleanup_free_ char *body = Q("{'apiVersion':'v1','kind':'Binding','metadata':{'name':'%s'},"
		                              "'target':{'apiVersion':'v1','kind':'Node','name':'%s'}}",
		                              name, node);
		call("POST", bpath, body, NULL); /* a pod gone meanwhile is fine */
	}
}

/* ---- waiting ---- */

typedef bool (*check_fn)(const void *arg, kc_buf *seen);

/* Polls check (binding pending pods of ns between polls, and running the
 * test's loop so that its watches see their events) until it holds;
 * fails with what it last saw. */
static void wait_for(const char *what, const char *ns, check_fn check, const void *arg)
{
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	kc_buf seen = KC_BUF_INIT;
	for (;;) {
		if (ns)
			bind_pending(ns);
		event_base_loop(F->base, EVLOOP_NONBLOCK);
		kc_buf_reset(&seen);
		if (check(arg, &seen)) {
			kc_buf_free(&seen);
			return;
		}
		if (kc_time_monotonic_ms() > end)
			break;
		sleep_ms(150);
	}
	dump_log();
	fail_msg("timed out waiting for %s; last seen: %s", what, kc_buf_str(&seen));
}

/* Runs the loop (and binds) for ms, for "nothing happens" checks. */
static void settle(const char *ns, int ms)
{
	int64_t end = kc_time_monotonic_ms() + ms;
	while (kc_time_monotonic_ms() < end) {
		if (ns)
			bind_pending(ns);
		event_base_loop(F->base, EVLOOP_NONBLOCK);
		sleep_ms(100);
	}
}

/* ---- objects ---- */

static void make_namespace(const char *ns)
{
	_cleanup_free_ char *body = Q("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'%s'}}", ns);
	must("POST", "/api/v1/namespaces", body, 201);
}

static char *dep_path(const char *ns, const char *name)
{
	return xasprintf("/apis/apps/v1/namespaces/%s/deployments/%s", ns, name);
}

/* A Deployment of app=<name> running image; strategy and spec_extra are
 * JSON members of its spec, pod_extra of its pod spec (may be ""). */
static void make_deployment(const char *ns, const char *name, int replicas, const char *image,
                            const char *strategy, const char *spec_extra, const char *pod_extra)
{
	_cleanup_free_ char *path = xasprintf("/apis/apps/v1/namespaces/%s/deployments", ns);
	_cleanup_free_ char *body = Q(
	    "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'%s'},'spec':{'replicas':%d,%s%s"
	    "'selector':{'matchLabels':{'app':'%s'}},'template':{'metadata':{'labels':{'app':'%s'}},"
	    "'spec':{%s'terminationGracePeriodSeconds':5,'containers':[{'name':'c','image':'%s'}]}}}}",
	    name, replicas, strategy, spec_extra, name, name, pod_extra, image);
	must("POST", path, body, 201);
}

static void set_image(const char *ns, const char *name, const char *image)
{
	_cleanup_free_ char *path = dep_path(ns, name);
	_cleanup_free_ char *body =
	    Q("{'spec':{'template':{'spec':{'containers':[{'name':'c','image':'%s'}]}}}}", image);
	must("PATCH", path, body, 200);
}

static bool terminating(const cJSON *pod)
{
	return kc_json_get(pod, "metadata.deletionTimestamp") != NULL;
}

static bool active(const cJSON *pod)
{
	const char *phase = kc_json_get_str(pod, "status.phase", "");
	return !terminating(pod) && !streq(phase, "Succeeded") && !streq(phase, "Failed");
}

static bool ready(const cJSON *pod)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), "Ready"))
			return streq(kc_json_get_str(c, "status", ""), "True");
	}
	return false;
}

static const cJSON *controller_ref(const cJSON *obj)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, kc_json_get(obj, "metadata.ownerReferences"))
	{
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "controller")))
			return r;
	}
	return NULL;
}

static const char *ann(const cJSON *obj, const char *key)
{
	return kc_json_as_str(kc_json_getv(obj, "metadata", "annotations", key, NULL), NULL);
}

static const cJSON *condition(const cJSON *obj, const char *type)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(obj, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), type))
			return c;
	}
	return NULL;
}

/* The ReplicaSets of app=<name> in ns (a list object; caller frees). */
static cJSON *replicasets(const char *ns, const char *name)
{
	_cleanup_free_ char *path =
	    xasprintf("/apis/apps/v1/namespaces/%s/replicasets?labelSelector=app%%3D%s", ns, name);
	cJSON *list = get(path);
	return list ? list : cJSON_CreateObject();
}

static cJSON *pods(const char *ns, const char *name)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods?labelSelector=app%%3D%s", ns, name);
	cJSON *list = get(path);
	return list ? list : cJSON_CreateObject();
}

/* The ReplicaSet of app=<name> whose template runs image (borrowed from list). */
static const cJSON *rs_with_image(const cJSON *list, const char *image)
{
	const cJSON *rs;
	cJSON_ArrayForEach(rs, kc_json_get(list, "items"))
	{
		if (streq(kc_json_get_str(rs, "spec.template.spec.containers[0].image", ""), image))
			return rs;
	}
	return NULL;
}

/* ---- a finished rollout ---- */

typedef struct rollout {
	const char *ns, *name, *image;
	int replicas;
} rollout;

/* Every pod of the Deployment runs image, replicas of them ready, the
 * status says so for this generation, and old ReplicaSets are at 0. */
static bool rolled_out(const void *arg, kc_buf *seen)
{
	const rollout *r = arg;
	_cleanup_free_ char *path = dep_path(r->ns, r->name);
	_cleanup_json_ cJSON *d = get(path);
	if (!d) {
		kc_buf_addstr(seen, "no Deployment");
		return false;
	}
	int64_t gen = kc_json_get_int(d, "metadata.generation", -1);
	int64_t obs = kc_json_get_int(d, "status.observedGeneration", 0);
	int64_t rep = kc_json_get_int(d, "status.replicas", 0),
	        upd = kc_json_get_int(d, "status.updatedReplicas", 0);
	int64_t rdy = kc_json_get_int(d, "status.readyReplicas", 0),
	        av = kc_json_get_int(d, "status.availableReplicas", 0);
	kc_buf_addf(
	    seen,
	    "generation %lld observed %lld, replicas %lld updated %lld ready %lld available %lld; pods:",
	    (long long)gen, (long long)obs, (long long)rep, (long long)upd, (long long)rdy, (long long)av);
	_cleanup_json_ cJSON *list = pods(r->ns, r->name);
	_cleanup_json_ cJSON *rss = replicasets(r->ns, r->name);
	int n = 0, good = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		n++;
		const char *img = kc_json_get_str(p, "spec.containers[0].image", "");
		kc_buf_addf(seen, " %s(%s%s%s)", kc_json_get_str(p, "metadata.name", ""), img,
		            ready(p) ? ",ready" : "", terminating(p) ? ",terminating" : "");
		if (active(p) && ready(p) && streq(img, r->image))
			good++;
	}
	bool olds_empty = true;
	const cJSON *rs;
	cJSON_ArrayForEach(rs, kc_json_get(rss, "items"))
	{
		kc_buf_addf(seen, "; rs %s %lld/%lld", kc_json_get_str(rs, "metadata.name", ""),
		            (long long)kc_json_get_int(rs, "spec.replicas", -1),
		            (long long)kc_json_get_int(rs, "status.replicas", 0));
		if (!streq(kc_json_get_str(rs, "spec.template.spec.containers[0].image", ""), r->image) &&
		    (kc_json_get_int(rs, "spec.replicas", -1) != 0 ||
		     kc_json_get_int(rs, "status.replicas", 0) != 0))
			olds_empty = false;
	}
	return obs >= gen && rep == r->replicas && upd == r->replicas && rdy == r->replicas &&
	       av == r->replicas && n == r->replicas && good == r->replicas && olds_empty;
}

/* Exactly replicas pods exist, all ready and running image (whatever the
 * status says: a paused Deployment has no new ReplicaSet to count). */
static bool pods_ready(const void *arg, kc_buf *seen)
{
	const rollout *r = arg;
	_cleanup_json_ cJSON *list = pods(r->ns, r->name);
	int n = 0, good = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		n++;
		const char *img = kc_json_get_str(p, "spec.containers[0].image", "");
		kc_buf_addf(seen, " %s(%s%s%s)", kc_json_get_str(p, "metadata.name", ""), img,
		            ready(p) ? ",ready" : "", terminating(p) ? ",terminating" : "");
		if (active(p) && ready(p) && streq(img, r->image))
			good++;
	}
	return n == r->replicas && good == r->replicas;
}

static void wait_rolled_out(const char *ns, const char *name, const char *image, int replicas)
{
	rollout r = {ns, name, image, replicas};
	_cleanup_free_ char *what =
	    xasprintf("deployment %s rolled out to %s with %d pods", name, image, replicas);
	wait_for(what, ns, rolled_out, &r);
}

/* ---- the pods, as a watch sees them ---- */

typedef struct pod_watch {
	kc_map *pods;      /* uid -> the pod's last state (cJSON, owned) */
	int max_active;    /* bound: pods existing and not terminating */
	int min_ready;     /* bound: of them ready (checked once reached) */
	bool reached;      /* min_ready was reached once */
	bool one_template; /* Recreate: never pods of two templates, terminating ones included */
	int events;
	int most_active, least_ready; /* what was seen after min_ready was reached */
	char *violation;              /* the first broken bound */
	kc_watch *w;
} pod_watch;

static void pod_free(void *p)
{
	cJSON_Delete(p);
}

static void count(pod_watch *pw, int *ret_active, int *ret_ready, int *ret_templates, kc_buf *desc)
{
	int a = 0, r = 0;
	kc_map *hashes = kc_map_new(NULL);
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(pw->pods, &it)) {
		const cJSON *p = it.value;
		kc_map_put(hashes, kc_json_get_str(p, "metadata.labels.pod-template-hash", ""), NULL);
		if (desc)
			kc_buf_addf(desc, " %s(%s%s%s)", kc_json_get_str(p, "metadata.name", ""),
			            kc_json_get_str(p, "spec.containers[0].image", ""),
			            ready(p) ? ",ready" : "", terminating(p) ? ",terminating" : "");
		if (!active(p))
			continue;
		a++;
		if (ready(p))
			r++;
	}
	*ret_active = a;
	*ret_ready = r;
	*ret_templates = (int)kc_map_size(hashes);
	kc_map_free(hashes);
}

static void pod_watch_check(pod_watch *pw, const char *why)
{
	int a, r, t;
	count(pw, &a, &r, &t, NULL);
	if (pw->reached) {
		if (a > pw->most_active)
			pw->most_active = a;
		if (r < pw->least_ready)
			pw->least_ready = r;
	}
	const char *broken = NULL;
	if (a > pw->max_active)
		broken = "more pods than replicas + maxSurge";
	else if (pw->reached && r < pw->min_ready)
		broken = "fewer ready pods than replicas - maxUnavailable";
	else if (pw->one_template && t > 1)
		broken = "pods of two templates at once";
	if (r >= pw->min_ready)
		pw->reached = true;
	if (broken && !pw->violation) {
		kc_buf desc = KC_BUF_INIT;
		count(pw, &a, &r, &t, &desc);
		pw->violation = xasprintf("%s after event %d (%s): %d pods, %d ready:%s", broken, pw->events,
		                          why, a, r, kc_buf_str(&desc));
		kc_buf_free(&desc);
	}
}

static void on_pod_event(kc_watch_event_type type, cJSON *pod, void *userdata)
{
	pod_watch *pw = userdata;
	if (type != KC_WATCH_ADDED && type != KC_WATCH_MODIFIED && type != KC_WATCH_DELETED)
		return;
	pw->events++;
	const char *uid = kc_json_get_str(pod, "metadata.uid", "");
	if (type == KC_WATCH_DELETED)
		kc_map_del(pw->pods, uid);
	else
		kc_map_put(pw->pods, uid, kc_json_dup(pod));
	_cleanup_free_ char *why =
	    xasprintf("%s %s", kc_watch_event_type_name(type), kc_json_get_str(pod, "metadata.name", ""));
	pod_watch_check(pw, why);
}

/* Starts watching the pods of app=<name> in ns from a list of them. */
static void pod_watch_start(pod_watch *pw, const char *ns, const char *name)
{
	pw->pods = kc_map_new(pod_free);
	pw->least_ready = 1 << 30;
	_cleanup_json_ cJSON *list = pods(ns, name);
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	    kc_map_put(pw->pods, kc_json_get_str(p, "metadata.uid", ""), kc_json_dup(p));
	pod_watch_check(pw, "the initial list");
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods?labelSelector=app%%3D%s", ns, name);
	pw->w = kc_client_watch(F->admin, path, kc_json_get_str(list, "metadata.resourceVersion", ""),
	                        on_pod_event, NULL, pw);
	assert_non_null(pw->w);
}

static void pod_watch_stop(pod_watch *pw)
{
	kc_watch_stop(pw->w);
	kc_map_free(pw->pods);
	free(pw->violation);
	pw->violation = NULL;
}

static void pod_watch_assert(pod_watch *pw, const char *what)
{
	if (pw->violation) {
		dump_log();
		fail_msg("%s: %s", what, pw->violation);
	}
	fprintf(stderr, "%s: %d pod events, at most %d pods (bound %d), at least %d ready (bound %d)\n", what,
	        pw->events, pw->most_active, pw->max_active, pw->least_ready, pw->min_ready);
}

/* ---- events ---- */

/* The messages of the Deployment's events with reason (joined by '\n'). */
static char *events_of(const char *ns, const char *name, const char *reason)
{
	_cleanup_free_ char *path =
	    xasprintf("/api/v1/namespaces/%s/events?fieldSelector=involvedObject.name%%3D%s", ns, name);
	_cleanup_json_ cJSON *list = get(path);
	kc_buf b = KC_BUF_INIT;
	const cJSON *e;
	cJSON_ArrayForEach(e, kc_json_get(list, "items"))
	{
		if (!streq(kc_json_get_str(e, "involvedObject.kind", ""), "Deployment") ||
		    !streq(kc_json_get_str(e, "reason", ""), reason))
			continue;
		kc_buf_addf(&b, "%s\n", kc_json_get_str(e, "message", ""));
	}
	return kc_buf_release(&b);
}

typedef struct event_want {
	const char *ns, *name, *reason, *message;
} event_want;

static bool has_event(const void *arg, kc_buf *seen)
{
	const event_want *w = arg;
	_cleanup_free_ char *all = events_of(w->ns, w->name, w->reason);
	kc_buf_addstr(seen, all);
	_cleanup_free_ char *line = xasprintf("%s\n", w->message);
	return strstr(all, line) != NULL;
}

/* An event whose message contains w->message (as a Warning). */
static bool has_event_containing(const void *arg, kc_buf *seen)
{
	const event_want *w = arg;
	_cleanup_free_ char *all = events_of(w->ns, w->name, w->reason);
	kc_buf_addstr(seen, all);
	return strstr(all, w->message) != NULL;
}

static void wait_event(const char *ns, const char *name, const char *reason, const char *message)
{
	event_want w = {ns, name, reason, message};
	_cleanup_free_ char *what = xasprintf("event %s \"%s\" on deployment %s", reason, message, name);
	wait_for(what, NULL, has_event, &w);
}

/* ---- the cluster ---- */

static int group_teardown(void **state);

static int group_setup(void **state)
{
	if (!kc_test_cm_has_controller("deployment") || !kc_test_cm_has_controller("replicaset")) {
		fprintf(stderr,
		        "skipped: kc-controller-manager has no deployment or replicaset controller\n");
		*state = NULL;
		return 0;
	}
	fixture *f = xcalloc(1, sizeof(*f));
	F = f;
	if (kc_test_apiserver_start(&f->api, NULL) < 0) {
		free(f);
		F = NULL;
		return -1;
	}
	f->base = event_base_new();
	kc_client_config cfg;
	kc_test_apiserver_client_config(&f->api, "admin", &cfg);
	cfg.watch_backoff_initial_ms = 100;
	cfg.watch_backoff_max_ms = 1000;
	f->admin = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);

	for (size_t i = 0; i <= NODES; i++) {
		kc_fake_node_config nc = {.name = i < NODES ? NODE_NAMES[i] : UNREADY,
		                          .renew_interval_ms = 2000};
		if (i == NODES) {
			nc.unready_pods = true;
			nc.taints = UNREADY_KEY "=yes:NoSchedule";
		}
		f->nodes[i] = kc_fake_node_start(&f->api, &nc);
		if (!f->nodes[i]) {
			group_teardown((void **)&f);
			return -1;
		}
	}

	static const char *const cm_args[] = {"--controllers=deployment,replicaset,garbagecollector", "--leader-elect=false", "-v=4", NULL};
	f->cm = kc_test_start_daemon(&f->api, "controller-manager", cm_args, NULL, &f->cm_log);
	if (f->cm < 0) {
		group_teardown((void **)&f);
		return -1;
	}

	/* the real scheduler when it is built; the test binds pods otherwise */
	_cleanup_free_ char *sched = xasprintf("%s/scheduler/kc-scheduler", kc_test_build_dir());
	struct stat st;
	if (stat(sched, &st) == 0) {
		static const char *const sched_args[] = {"--leader-elect=false", NULL};
		f->sched = kc_test_start_daemon(&f->api, "scheduler", sched_args, NULL, NULL);
	} else {
		fprintf(stderr, "note: %s is not built: the test binds pods itself\n", sched);
	}
	*state = f;
	return 0;
}

static int group_teardown(void **state)
{
	fixture *f = *state ? *state : F;
	if (!f)
		return 0;
	if (f->sched > 0)
		kc_test_stop(f->sched, 5000);
	if (f->cm > 0) {
		int st = kc_test_stop(f->cm, 10000);
		if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "kc-controller-manager did not exit cleanly on SIGTERM (status %d)\n",
			        st);
			dump_log();
		}
	}
	for (size_t i = 0; i <= NODES; i++)
		kc_fake_node_stop(f->nodes[i]);
	kc_client_free(f->admin);
	if (f->base)
		event_base_free(f->base);
	kc_test_apiserver_stop(&f->api);
	free(f->cm_log);
	free(f);
	F = NULL;
	return 0;
}

#define SKIP_UNLESS_RUNNING()                                                                                \
	do {                                                                                                 \
		if (!F) {                                                                                    \
			skip();                                                                              \
			return;                                                                              \
		}                                                                                            \
	} while (0)

/* ---- a Deployment of 3 ---- */

static void test_three_available(void **state)
{
	(void)state;
	SKIP_UNLESS_RUNNING();
	const char *ns = "dep-basic";
	make_namespace(ns);
	make_deployment(
	    ns, "web", 3, "nginx:1.24",
	    "'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1,'maxUnavailable':0}},", "", "");
	wait_rolled_out(ns, "web", "nginx:1.24", 3);

	/* one ReplicaSet, <name>-<hash>, the hash in its labels, selector and template */
	_cleanup_json_ cJSON *rss = replicasets(ns, "web");
	assert_int_equal(cJSON_GetArraySize(kc_json_get(rss, "items")), 1);
	const cJSON *rs = kc_json_get(rss, "items[0]");
	const char *hash = kc_json_get_str(rs, "metadata.labels.pod-template-hash", "");
	assert_true(hash[0] != '\0');
	assert_int_equal(strspn(hash, "bcdfghjklmnpqrstvwxz2456789"), strlen(hash));
	_cleanup_free_ char *rs_name = xasprintf("web-%s", hash);
	assert_string_equal(kc_json_get_str(rs, "metadata.name", ""), rs_name);
	assert_string_equal(kc_json_get_str(rs, "spec.selector.matchLabels.pod-template-hash", ""), hash);
	assert_string_equal(kc_json_get_str(rs, "spec.selector.matchLabels.app", ""), "web");
	assert_string_equal(kc_json_get_str(rs, "spec.template.metadata.labels.pod-template-hash", ""), hash);
	assert_string_equal(ann(rs, "deployment.kubernetes.io/revision"), "1");
	assert_string_equal(ann(rs, "deployment.kubernetes.io/desired-replicas"), "3");
	assert_string_equal(ann(rs, "deployment.kubernetes.io/max-replicas"), "4");
	const cJSON *ref = controller_ref(rs);
	assert_non_null(ref);
	assert_string_equal(kc_json_get_str(ref, "kind", ""), "Deployment");
	assert_string_equal(kc_json_get_str(ref, "name", ""), "web");
	assert_true(kc_json_get_bool(ref, "blockOwnerDeletion", false));

	/* three pods of it, on three nodes */
	_cleanup_json_ cJSON *list = pods(ns, "web");
	kc_map *nodes = kc_map_new(NULL);
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		assert_string_equal(kc_json_get_str(p, "metadata.labels.pod-template-hash", ""), hash);
		assert_string_equal(kc_json_get_str(controller_ref(p), "name", ""), rs_name);
		kc_map_put(nodes, kc_json_get_str(p, "spec.nodeName", ""), NULL);
	}
	size_t n_nodes = kc_map_size(nodes);
	kc_map_free(nodes);
	if (n_nodes != 3)
		fail_msg("the 3 pods run on %zu nodes, want 3", n_nodes);

	/* status and conditions, in upstream's words */
	_cleanup_free_ char *path = dep_path(ns, "web");
	_cleanup_json_ cJSON *d = get(path);
	assert_string_equal(ann(d, "deployment.kubernetes.io/revision"), "1");
	assert_int_equal(kc_json_get_int(d, "status.unavailableReplicas", 0), 0);
	const cJSON *av = condition(d, "Available");
	assert_string_equal(kc_json_get_str(av, "status", ""), "True");
	assert_string_equal(kc_json_get_str(av, "reason", ""), "MinimumReplicasAvailable");
	assert_string_equal(kc_json_get_str(av, "message", ""), "Deployment has minimum availability.");
	const cJSON *pr = condition(d, "Progressing");
	assert_string_equal(kc_json_get_str(pr, "status", ""), "True");
	assert_string_equal(kc_json_get_str(pr, "reason", ""), "NewReplicaSetAvailable");
	_cleanup_free_ char *msg = xasprintf("ReplicaSet \"%s\" has successfully progressed.", rs_name);
	assert_string_equal(kc_json_get_str(pr, "message", ""), msg);
	_cleanup_free_ char *ev = xasprintf("Scaled up replica set %s to 3", rs_name);
	wait_event(ns, "web", "ScalingReplicaSet", ev);

	/* kc rollout status reads the same */
	_cleanup_free_ char *out = NULL;
	int rc = run_kc_status((const char *[]){"rollout", "status", "deployment/web", "-n", ns, NULL}, &out);
	if (rc != 0 || !strstr(out, "deployment \"web\" successfully rolled out"))
		fail_msg("kc rollout status: exit %d: %s", rc, out);

	/* scaled by the spec: the ReplicaSet follows with its annotations */
	must("PATCH", path, "{\"spec\":{\"replicas\":5}}", 200);
	wait_rolled_out(ns, "web", "nginx:1.24", 5);
	_cleanup_json_ cJSON *rss2 = replicasets(ns, "web");
	assert_int_equal(cJSON_GetArraySize(kc_json_get(rss2, "items")), 1);
	assert_string_equal(ann(kc_json_get(rss2, "items[0]"), "deployment.kubernetes.io/desired-replicas"),
	                    "5");
	assert_string_equal(ann(kc_json_get(rss2, "items[0]"), "deployment.kubernetes.io/max-replicas"), "6");
	_cleanup_free_ char *ev2 = xasprintf("Scaled up replica set %s to 5 from 3", rs_name);
	wait_event(ns, "web", "ScalingReplicaSet", ev2);
}

/* ---- rolling update, undo ---- */

static void test_rolling_update_and_undo(void **state)
{
	(void)state;
	SKIP_UNLESS_RUNNING();
	const char *ns = "dep-roll";
	make_namespace(ns);
	/* 4 replicas, 1 surge, 1 unavailable: between 3 ready and 5 pods */
	make_deployment(
	    ns, "web", 4, "nginx:A",
	    "'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1,'maxUnavailable':'25%'}},", "",
	    "");
	wait_rolled_out(ns, "web", "nginx:A", 4);
	_cleanup_json_ cJSON *before = replicasets(ns, "web");
	_cleanup_free_ char *rs_a =
	    xstrdup(kc_json_get_str(kc_json_get(before, "items[0]"), "metadata.name", ""));

	pod_watch pw = {.max_active = 5, .min_ready = 3};
	pod_watch_start(&pw, ns, "web");
	set_image(ns, "web", "nginx:B");
	wait_rolled_out(ns, "web", "nginx:B", 4);
	settle(ns, 1000);
	pod_watch_assert(&pw, "rolling update A to B");

	_cleanup_free_ char *path = dep_path(ns, "web");
	_cleanup_json_ cJSON *d = get(path);
	assert_string_equal(ann(d, "deployment.kubernetes.io/revision"), "2");
	_cleanup_json_ cJSON *rss = replicasets(ns, "web");
	const cJSON *old = rs_with_image(rss, "nginx:A"), *nw = rs_with_image(rss, "nginx:B");
	assert_non_null(old);
	assert_non_null(nw);
	assert_string_equal(kc_json_get_str(old, "metadata.name", ""), rs_a);
	assert_int_equal(kc_json_get_int(old, "spec.replicas", -1), 0);
	assert_string_equal(ann(nw, "deployment.kubernetes.io/revision"), "2");
	_cleanup_free_ char *rs_b = xstrdup(kc_json_get_str(nw, "metadata.name", ""));
	_cleanup_free_ char *ev1 = xasprintf("Scaled down replica set %s to 0 from 1", rs_a);
	wait_event(ns, "web", "ScalingReplicaSet", ev1);

	/* kc rollout undo: the template of revision 1 again, its ReplicaSet reused */
	run_kc((const char *[]){"rollout", "undo", "deployment/web", "-n", ns, NULL});
	wait_rolled_out(ns, "web", "nginx:A", 4);
	settle(ns, 1000);
	pod_watch_assert(&pw, "rollout undo to A");
	_cleanup_json_ cJSON *rss2 = replicasets(ns, "web");
	assert_int_equal(cJSON_GetArraySize(kc_json_get(rss2, "items")), 2);
	const cJSON *a = rs_with_image(rss2, "nginx:A");
	assert_string_equal(kc_json_get_str(a, "metadata.name", ""), rs_a);
	assert_string_equal(ann(a, "deployment.kubernetes.io/revision"), "3");
	assert_string_equal(ann(a, "deployment.kubernetes.io/revision-history"), "1");
	_cleanup_json_ cJSON *d2 = get(path);
	assert_string_equal(ann(d2, "deployment.kubernetes.io/revision"), "3");

	/* and to revision 2 by number */
	run_kc((const char *[]){"rollout", "undo", "deployment/web", "--to-revision=2", "-n", ns, NULL});
	wait_rolled_out(ns, "web", "nginx:B", 4);
	settle(ns, 1000);
	pod_watch_assert(&pw, "rollout undo --to-revision=2");
	_cleanup_json_ cJSON *rss3 = replicasets(ns, "web");
	const cJSON *b = rs_with_image(rss3, "nginx:B");
	assert_string_equal(kc_json_get_str(b, "metadata.name", ""), rs_b);
	assert_string_equal(ann(b, "deployment.kubernetes.io/revision"), "4");
	assert_string_equal(ann(b, "deployment.kubernetes.io/revision-history"), "2");
	pod_watch_stop(&pw);
}

/* ---- Recreate ---- */

static void test_recreate(void **state)
{
	(void)state;
	SKIP_UNLESS_RUNNING();
	const char *ns = "dep-recreate";
	make_namespace(ns);
	make_deployment(ns, "web", 3, "nginx:A", "'strategy':{'type':'Recreate'},", "", "");
	wait_rolled_out(ns, "web", "nginx:A", 3);
	pod_watch pw = {.max_active = 3, .min_ready = 0, .one_template = true};
	pod_watch_start(&pw, ns, "web");
	set_image(ns, "web", "nginx:B");
	wait_rolled_out(ns, "web", "nginx:B", 3);
	settle(ns, 1000);
	pod_watch_assert(&pw, "Recreate A to B");
	pod_watch_stop(&pw);
	_cleanup_json_ cJSON *rss = replicasets(ns, "web");
	const cJSON *nw = rs_with_image(rss, "nginx:B");
	_cleanup_free_ char *ev =
	    xasprintf("Scaled up replica set %s to 3", kc_json_get_str(nw, "metadata.name", ""));
	wait_event(ns, "web", "ScalingReplicaSet", ev);
}

/* ---- pause, resume, restart ---- */

typedef struct rs_count {
	const char *ns, *name;
	int want;
} rs_count;

static bool has_rs_count(const void *arg, kc_buf *seen)
{
	const rs_count *c = arg;
	_cleanup_json_ cJSON *rss = replicasets(c->ns, c->name);
	int n = cJSON_GetArraySize(kc_json_get(rss, "items"));
	kc_buf_addf(seen, "%d ReplicaSets:", n);
	const cJSON *rs;
	cJSON_ArrayForEach(rs, kc_json_get(rss, "items"))
	    kc_buf_addf(seen, " %s (revision %s)", kc_json_get_str(rs, "metadata.name", ""),
	                ann(rs, "deployment.kubernetes.io/revision"));
	return n == c->want;
}

typedef struct cond_want {
	const char *ns, *name, *type, *status, *reason;
} cond_want;

static bool has_condition(const void *arg, kc_buf *seen)
{
	const cond_want *w = arg;
	_cleanup_free_ char *path = dep_path(w->ns, w->name);
	_cleanup_json_ cJSON *d = get(path);
	_cleanup_free_ char *conds = kc_json_print(kc_json_get(d, "status.conditions"));
	kc_buf_addstr(seen, conds);
	const cJSON *c = condition(d, w->type);
	return c && streq(kc_json_get_str(c, "status", ""), w->status) &&
	       streq(kc_json_get_str(c, "reason", ""), w->reason) &&
	       kc_json_get_int(d, "status.observedGeneration", 0) >=
	           kc_json_get_int(d, "metadata.generation", 1);
}

static void wait_condition(const char *ns, const char *name, const char *type, const char *status,
                           const char *reason)
{
	cond_want w = {ns, name, type, status, reason};
	_cleanup_free_ char *what = xasprintf("deployment %s: %s=%s (%s)", name, type, status, reason);
	wait_for(what, ns, has_condition, &w);
}

static void test_pause_resume_restart(void **state)
{
	(void)state;
	SKIP_UNLESS_RUNNING();
	const char *ns = "dep-pause";
	make_namespace(ns);
	make_deployment(ns, "web", 2, "nginx:A", "", "", "");
	wait_rolled_out(ns, "web", "nginx:A", 2);

	run_kc((const char *[]){"rollout", "pause", "deployment/web", "-n", ns, NULL});
	wait_condition(ns, "web", "Progressing", "Unknown", "DeploymentPaused");
	set_image(ns, "web", "nginx:B");
	settle(ns, 3000);
	rs_count one = {ns, "web", 1};
	kc_buf seen = KC_BUF_INIT;
	if (!has_rs_count(&one, &seen))
		fail_msg("a paused Deployment rolled a new template out: %s", kc_buf_str(&seen));
	kc_buf_free(&seen);
	/* scaling still works, with the old template */
	_cleanup_free_ char *path = dep_path(ns, "web");
	must("PATCH", path, "{\"spec\":{\"replicas\":3}}", 200);
	rollout r = {ns, "web", "nginx:A", 3};
	wait_for("3 ready pods of nginx:A while paused", ns, pods_ready, &r);

	run_kc((const char *[]){"rollout", "resume", "deployment/web", "-n", ns, NULL});
	wait_rolled_out(ns, "web", "nginx:B", 3);
	wait_condition(ns, "web", "Progressing", "True", "NewReplicaSetAvailable");

	/* kc rollout restart: the restartedAt annotation is a new template */
	run_kc((const char *[]){"rollout", "restart", "deployment/web", "-n", ns, NULL});
	rs_count three = {ns, "web", 3};
	wait_for("a third ReplicaSet after the restart", ns, has_rs_count, &three);
	wait_rolled_out(ns, "web", "nginx:B", 3);
	_cleanup_json_ cJSON *d = get(path);
	assert_string_equal(ann(d, "deployment.kubernetes.io/revision"), "3");
	assert_non_null(kc_json_getv(d, "spec", "template", "metadata", "annotations",
	                             "kubectl.kubernetes.io/restartedAt", NULL));
	_cleanup_json_ cJSON *list = pods(ns, "web");
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items")) assert_non_null(
	    kc_json_getv(p, "metadata", "annotations", "kubectl.kubernetes.io/restartedAt", NULL));
}

/* ---- revisionHistoryLimit ---- */

static void test_history_limit(void **state)
{
	(void)state;
	SKIP_UNLESS_RUNNING();
	const char *ns = "dep-history";
	make_namespace(ns);
	make_deployment(ns, "web", 1, "nginx:1", "'revisionHistoryLimit':1,", "", "");
	wait_rolled_out(ns, "web", "nginx:1", 1);
	static const char *const images[] = {"nginx:2", "nginx:3", "nginx:4"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(images); i++) {
		set_image(ns, "web", images[i]);
		wait_rolled_out(ns, "web", images[i], 1);
	}
	/* the new one and one old one: revisions 3 and 4 */
	rs_count two = {ns, "web", 2};
	wait_for("2 ReplicaSets left (revisionHistoryLimit 1)", ns, has_rs_count, &two);
	_cleanup_json_ cJSON *rss = replicasets(ns, "web");
	assert_non_null(rs_with_image(rss, "nginx:3"));
	assert_non_null(rs_with_image(rss, "nginx:4"));
	assert_string_equal(ann(rs_with_image(rss, "nginx:4"), "deployment.kubernetes.io/revision"), "4");
}

/* ---- progressDeadlineSeconds ---- */

static void test_progress_deadline(void **state)
{
	(void)state;
	SKIP_UNLESS_RUNNING();
	const char *ns = "dep-deadline";
	make_namespace(ns);
	/* its pods go to the node whose pods never get ready */
	make_deployment(ns, "stuck", 2, "nginx:A", "'progressDeadlineSeconds':5,", "",
	                "'nodeSelector':{'kubernetes.io/hostname':'" UNREADY
	                "'},'tolerations':[{'key':'" UNREADY_KEY
	                "','operator':'Exists','effect':'NoSchedule'}],");
	wait_condition(ns, "stuck", "Progressing", "False", "ProgressDeadlineExceeded");
	_cleanup_json_ cJSON *rss = replicasets(ns, "stuck");
	_cleanup_free_ char *msg =
	    xasprintf("ReplicaSet \"%s\" has timed out progressing.",
	              kc_json_get_str(kc_json_get(rss, "items[0]"), "metadata.name", ""));
	_cleanup_free_ char *path = dep_path(ns, "stuck");
	_cleanup_json_ cJSON *d = get(path);
	assert_string_equal(kc_json_get_str(condition(d, "Progressing"), "message", ""), msg);
	const cJSON *av = condition(d, "Available");
	assert_string_equal(kc_json_get_str(av, "status", ""), "False");
	assert_string_equal(kc_json_get_str(av, "reason", ""), "MinimumReplicasUnavailable");
	assert_string_equal(kc_json_get_str(av, "message", ""),
	                    "Deployment does not have minimum availability.");
	assert_int_equal(kc_json_get_int(d, "status.replicas", 0), 2);
	assert_int_equal(kc_json_get_int(d, "status.unavailableReplicas", 0), 2);
	assert_int_equal(kc_json_get_int(d, "status.availableReplicas", 0), 0);
	_cleanup_free_ char *out = NULL;
	int rc =
	    run_kc_status((const char *[]){"rollout", "status", "deployment/stuck", "-n", ns, NULL}, &out);
	if (rc == 0 || !strstr(out, "deployment \"stuck\" exceeded its progress deadline"))
		fail_msg("kc rollout status of a stuck Deployment: exit %d: %s", rc, out);
}

/* ---- deletion with each propagation policy ---- */

static void delete_with(const char *ns, const char *name, const char *policy)
{
	_cleanup_free_ char *path = dep_path(ns, name);
	_cleanup_free_ char *body =
	    Q("{'kind':'DeleteOptions','apiVersion':'v1','propagationPolicy':'%s'}", policy);
	long st = call("DELETE", path, body, NULL);
	if (st != 200 && st != 202)
		fail_msg("DELETE %s (%s): %ld", path, policy, st);
}

typedef struct left {
	const char *ns, *name;
	int deployments, rss, pods; /* what must be left (-1: any) */
	const char *dep_uid;        /* references to it must be gone (orphan) */
} left;

static bool only_left(const void *arg, kc_buf *seen)
{
	const left *l = arg;
	_cleanup_free_ char *path = dep_path(l->ns, l->name);
	_cleanup_json_ cJSON *d = get(path);
	_cleanup_json_ cJSON *rss = replicasets(l->ns, l->name);
	_cleanup_json_ cJSON *list = pods(l->ns, l->name);
	int nd = d ? 1 : 0, nr = cJSON_GetArraySize(kc_json_get(rss, "items"));
	int np = 0, refs = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(list, "items"))
	{
		if (!terminating(p))
			np++;
	}
	cJSON_ArrayForEach(p, kc_json_get(rss, "items"))
	{
		const cJSON *r;
		cJSON_ArrayForEach(r, kc_json_get(p, "metadata.ownerReferences"))
		{
			if (l->dep_uid && streq(kc_json_get_str(r, "uid", ""), l->dep_uid))
				refs++;
		}
	}
	kc_buf_addf(seen, "%d Deployment%s, %d ReplicaSets (%d referring to the Deployment), %d pods", nd,
	            d && kc_json_get(d, "metadata.deletionTimestamp") ? " (being deleted)" : "", nr, refs,
	            np);
	return nd == l->deployments && (l->rss < 0 || nr == l->rss) && (l->pods < 0 || np == l->pods) &&
	       refs == 0;
}

typedef struct adopted {
	const char *ns, *name, *uid;
} adopted;

static bool rs_adopted(const void *arg, kc_buf *seen)
{
	const adopted *a = arg;
	_cleanup_json_ cJSON *rss = replicasets(a->ns, a->name);
	const cJSON *rs = kc_json_get(rss, "items[0]");
	const char *owner = kc_json_get_str(controller_ref(rs), "uid", "(none)");
	kc_buf_addf(seen, "%d ReplicaSets, the first owned by %s",
	            cJSON_GetArraySize(kc_json_get(rss, "items")), owner);
	return streq(owner, a->uid);
}

static void test_delete_policies(void **state)
{
	(void)state;
	SKIP_UNLESS_RUNNING();
	const char *ns = "dep-delete";
	make_namespace(ns);
	static const char *const policies[] = {"Background", "Foreground", "Orphan"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(policies); i++) {
		_cleanup_free_ char *name = xasprintf("del-%zu", i);
		make_deployment(ns, name, 2, "nginx:A", "", "", "");
		wait_rolled_out(ns, name, "nginx:A", 2);
		_cleanup_free_ char *path = dep_path(ns, name);
		_cleanup_json_ cJSON *d = get(path);
		_cleanup_free_ char *uid = xstrdup(kc_json_get_str(d, "metadata.uid", ""));
		delete_with(ns, name, policies[i]);
		if (streq(policies[i], "Foreground")) {
			/* the Deployment stays, with the foregroundDeletion finalizer,
			 * while its dependents go; then it goes too */
			_cleanup_json_ cJSON *dd = get(path);
			if (dd) {
				const cJSON *fin;
				bool found = false;
				cJSON_ArrayForEach(fin, kc_json_get(dd, "metadata.finalizers")) found |=
				    cJSON_IsString(fin) && streq(fin->valuestring, "foregroundDeletion");
				assert_true(found);
				assert_non_null(kc_json_get(dd, "metadata.deletionTimestamp"));
			}
		}
		bool orphan = streq(policies[i], "Orphan");
		left l = {ns, name, 0, orphan ? 1 : 0, orphan ? 2 : 0, orphan ? uid : NULL};
		_cleanup_free_ char *what =
		    xasprintf("the %s deletion of %s: %s", policies[i], name,
		              orphan ? "its ReplicaSet and pods left, not referring to it" : "nothing left");
		wait_for(what, ns, only_left, &l);
		if (orphan) {
			/* nobody adopts or scales them */
			settle(ns, 2000);
			wait_for(what, ns, only_left, &l);
			_cleanup_json_ cJSON *rss = replicasets(ns, name);
			assert_int_equal(kc_json_get_int(kc_json_get(rss, "items[0]"), "spec.replicas", -1),
			                 2);
			/* the same Deployment made again adopts them: no new
			 * ReplicaSet, the same pods */
			_cleanup_json_ cJSON *before = pods(ns, name);
			make_deployment(ns, name, 2, "nginx:A", "", "", "");
			_cleanup_json_ cJSON *d2 = get(path);
			adopted a = {ns, name, kc_json_get_str(d2, "metadata.uid", "")};
			wait_for("the orphaned ReplicaSet adopted by the new Deployment", ns, rs_adopted, &a);
			wait_rolled_out(ns, name, "nginx:A", 2);
			_cleanup_json_ cJSON *after = pods(ns, name);
			_cleanup_json_ cJSON *rss_after = replicasets(ns, name);
			assert_int_equal(cJSON_GetArraySize(kc_json_get(rss_after, "items")), 1);
			const cJSON *p;
			cJSON_ArrayForEach(p, kc_json_get(before, "items"))
			{
				bool kept = false;
				const cJSON *q;
				cJSON_ArrayForEach(q, kc_json_get(after, "items")) kept |=
				    streq(kc_json_get_str(p, "metadata.uid", "."),
				          kc_json_get_str(q, "metadata.uid", ""));
				if (!kept)
					fail_msg("pod %s was replaced on adoption",
					         kc_json_get_str(p, "metadata.name", ""));
			}
		}
	}
}

/* ---- Deployments written around the apiserver ---- */

/* Rewrites the stored object at key in etcd through its JSON gateway,
 * with edit applied to it: as if written by something that never asked
 * the apiserver. */
static void etcd_edit(const char *key, void (*edit)(cJSON *obj))
{
	_cleanup_json_ cJSON *kvs = NULL;
	assert_int_equal(kc_test_etcd_range(&F->api.etcd, key, 0, &kvs, NULL), 0);
	const cJSON *kv = cJSON_GetArrayItem(kvs, 0);
	assert_non_null(kv);
	assert_string_equal(kc_json_get_str(kv, "key", ""), key);
	_cleanup_json_ cJSON *obj = NULL;
	assert_int_equal(kc_json_parse_str(kc_json_get_str(kv, "value", ""), &obj, NULL), 0);
	edit(obj);
	_cleanup_free_ char *text = kc_json_print(obj);
	_cleanup_free_ char *k64 = kc_base64_encode(key, strlen(key));
	_cleanup_free_ char *v64 = kc_base64_encode(text, strlen(text));
	_cleanup_free_ char *body = xasprintf("{\"key\":\"%s\",\"value\":\"%s\"}", k64, v64);
	struct event_base *base = event_base_new();
	kc_client_config cfg = {.server = xstrdup(F->api.etcd.client_url)};
	kc_client *etcd = kc_client_new(base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	assert_non_null(etcd);
	kc_response resp = {0};
	kc_client_request_sync(etcd, "POST", "/v3/kv/put", "application/json", body, strlen(body), NULL,
	                       &resp);
	long st = resp.status;
	kc_response_clear(&resp);
	kc_client_free(etcd);
	event_base_free(base);
	if (st != 200)
		fail_msg("etcd put %s: HTTP %ld", key, st);
}

static void put_spec_member(cJSON *obj, const char *key, const char *json)
{
	cJSON *v = NULL;
	assert_int_equal(kc_json_parse_str(json, &v, NULL), 0);
	kc_json_object_put(cJSON_GetObjectItemCaseSensitive(obj, "spec"), key, v);
	/* a new template too, so that a controller acting on it would show */
	kc_json_set_str(obj, "spec.template.spec.containers[0].image", "nginx:bad", NULL);
}

static void bad_strategy(cJSON *d)
{
	put_spec_member(d, "strategy", "{\"type\":\"BlueGreen\"}");
}

static void bad_selector(cJSON *d)
{
	put_spec_member(d, "selector", "{\"matchExpressions\":[{\"key\":\"app\",\"operator\":\"Foo\"}]}");
}

static void empty_selector(cJSON *d)
{
	put_spec_member(d, "selector", "{}");
}

typedef struct rs_images {
	const char *ns, *name;
} rs_images;

/* Nothing runs the image the edits put in the templates. */
static bool nothing_bad(const void *arg, kc_buf *seen)
{
	const rs_images *r = arg;
	_cleanup_json_ cJSON *rss = replicasets(r->ns, r->name);
	kc_buf_addf(seen, "%d ReplicaSets", cJSON_GetArraySize(kc_json_get(rss, "items")));
	return rs_with_image(rss, "nginx:bad") == NULL;
}

static void test_malformed_skipped(void **state)
{
	(void)state;
	SKIP_UNLESS_RUNNING();
	const char *ns = "dep-bad";
	make_namespace(ns);
	static const struct {
		const char *name;
		void (*edit)(cJSON *);
		const char *reason, *message;
	} cases[] = {
	    {"bad-strategy", bad_strategy, "InvalidSpec", "unexpected deployment strategy type: BlueGreen"},
	    {"bad-selector", bad_selector, "InvalidSelector",
	     "\"Foo\" is not a valid label selector operator"},
	    {"select-all", empty_selector, "SelectingAll",
	     "This deployment is selecting all pods. A non-empty selector is required."},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		make_deployment(ns, cases[i].name, 1, "nginx:A", "", "", "");
		wait_rolled_out(ns, cases[i].name, "nginx:A", 1);
		_cleanup_free_ char *key = xasprintf("/registry/deployments/%s/%s", ns, cases[i].name);
		etcd_edit(key, cases[i].edit);
	}
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		event_want w = {ns, cases[i].name, cases[i].reason, NULL};
		_cleanup_free_ char *what =
		    xasprintf("a Warning %s on deployment %s", cases[i].reason, cases[i].name);
		w.message = cases[i].message;
		wait_for(what, NULL, has_event_containing, &w);
	}
	/* the controller goes on with the others, and rolled nothing out for these */
	make_deployment(ns, "good", 2, "nginx:A", "", "", "");
	wait_rolled_out(ns, "good", "nginx:A", 2);
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		rs_images r = {ns, cases[i].name};
		_cleanup_free_ char *what = xasprintf("no ReplicaSet of nginx:bad for %s", cases[i].name);
		wait_for(what, NULL, nothing_bad, &r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_three_available), cmocka_unit_test(test_rolling_update_and_undo),
	    cmocka_unit_test(test_recreate),        cmocka_unit_test(test_pause_resume_restart),
	    cmocka_unit_test(test_history_limit),   cmocka_unit_test(test_progress_deadline),
	    cmocka_unit_test(test_delete_policies), cmocka_unit_test(test_malformed_skipped),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
