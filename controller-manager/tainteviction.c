/* tainteviction.c - the "taint-eviction-controller" (upstream's
 * pkg/controller/tainteviction, once the NoExecuteTaintManager of the node
 * lifecycle controller), and the toleration helpers of nodelifecycle.h.
 *
 * A pod bound to a node with NoExecute taints is deleted:
 *   - at once when some taint has no matching toleration;
 *   - after the smallest tolerationSeconds of the tolerations that matched
 *     (300 s for the not-ready/unreachable tolerations the apiserver adds
 *     to every pod), counted from when the controller first saw it so;
 *   - never when every matching toleration has no tolerationSeconds.
 * A scheduled deletion is cancelled when the taints go or the pod comes to
 * tolerate them ("Cancelling deletion of Pod ns/name"); a due one emits
 * "Marking for deletion Pod ns/name" (TaintManagerEviction), sets the pod's
 * DisruptionTarget condition and deletes the pod, tried 5 times.
 *
 * Deletions wait in a work queue with per-key delays (kc_queue_add_after);
 * the table of scheduled work (upstream's TimedWorkerQueue) says which are
 * still wanted: a wake-up for a cancelled or rescheduled pod does nothing. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/log.h"
#include "common/map.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "controller-manager/cm.h"
#include "controller-manager/nodelifecycle.h"
#include "banned.h"

/* ---- tolerations ---- */

bool kc_nl_tolerates(const cJSON *tol, const cJSON *taint)
{
	const char *te = kc_json_get_str(tol, "effect", "");
	if (te[0] && !streq(te, kc_json_get_str(taint, "effect", "")))
		return false;
	const char *tk = kc_json_get_str(tol, "key", "");
	if (tk[0] && !streq(tk, kc_json_get_str(taint, "key", "")))
		return false;
	const char *op = kc_json_get_str(tol, "operator", "");
	if (!op[0] || streq(op, "Equal"))
		return streq(kc_json_get_str(tol, "value", ""), kc_json_get_str(taint, "value", ""));
	return streq(op, "Exists");
}

int64_t kc_nl_eviction_delay(const cJSON *taints, const cJSON *tolerations, bool *ret_all_tolerated)
{
	if (ret_all_tolerated)
		*ret_all_tolerated = true;
	if (cJSON_GetArraySize(taints) == 0)
		return -1;
	int64_t min = INT64_MAX;
	bool zero = false;
	const cJSON *taint;
	cJSON_ArrayForEach(taint, taints)
	{
		const cJSON *match = NULL, *tol;
		cJSON_ArrayForEach(tol, tolerations)
		{
			if (kc_nl_tolerates(tol, taint)) {
				match = tol;
				break;
			}
		}
		if (!match) {
			if (ret_all_tolerated)
				*ret_all_tolerated = false;
			return 0;
		}
		const cJSON *secs = cJSON_GetObjectItemCaseSensitive(match, "tolerationSeconds");
		if (cJSON_IsNumber(secs)) {
			int64_t s = kc_json_as_int(secs, 0);
			if (s <= 0)
				zero = true;
			else if (s < min)
				min = s;
		}
	}
	if (zero)
		return 0;
	return min == INT64_MAX ? -1 : min;
}

cJSON *kc_nl_noexecute_taints(const cJSON *taints)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *t;
	cJSON_ArrayForEach(t, taints)
	{
		if (streq(kc_json_get_str(t, "effect", ""), "NoExecute"))
			cJSON_AddItemToArray(out, cJSON_Duplicate(t, true));
	}
	return out;
}

/* ---- the controller ---- */

#define TE_COMPONENT "taint-eviction-controller"
#define TE_RETRIES   5

/* One scheduled deletion (TimedWorker). fired: the deletion went through;
 * the entry stays so that it is not scheduled again, until the pod goes. */
typedef struct te_work {
	int64_t created_ms, fire_ms;
	bool fired, running;
	unsigned attempts;
} te_work;

typedef struct te_req te_req;

typedef struct te_ctl {
	kc_cm *cm;
	kc_informer *nodes, *pods;
	kc_queue *node_q, *pod_q, *evict_q;
	kc_map *tainted; /* node -> cJSON array of its NoExecute taints */
	kc_map *work;    /* "ns/name" -> te_work */
	te_req *reqs;
} te_ctl;

enum te_step { STEP_GET, STEP_STATUS, STEP_DELETE };

struct te_req {
	te_ctl *c;
	kc_client_req *creq;
	enum te_step step;
	char *key;
	char *uid;
	te_req *prev, *next;
};

static void json_free(void *p)
{
	cJSON_Delete(p);
}

/* A Pod reference as upstream's events of this controller carry (no uid). */
static cJSON *pod_ref(const char *key)
{
	const char *slash = strchr(key, '/');
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "apiVersion", "v1");
	cJSON_AddStringToObject(o, "kind", "Pod");
	cJSON *meta = cJSON_AddObjectToObject(o, "metadata");
	cJSON_AddStringToObject(meta, "name", slash ? slash + 1 : key);
	if (slash) {
		_cleanup_free_ char *ns = xstrndup(key, (size_t)(slash - key));
		cJSON_AddStringToObject(meta, "namespace", ns);
	}
	return o;
}

static void emit(te_ctl *c, const char *key, const char *what)
{
	_cleanup_json_ cJSON *ref = pod_ref(key);
	kc_cm_event(c->cm, TE_COMPONENT, ref, "Normal", "TaintManagerEviction", "%s Pod %s", what, key);
}

/* CancelWork: true when a deletion was still to come. */
static bool cancel_work(te_ctl *c, const char *key)
{
	te_work *w = kc_map_get(c->work, key);
	if (!w)
		return false;
	bool pending = !w->fired;
	kc_log_v(4, "taint-eviction: cancelling deletion of pod %s", key);
	kc_map_del(c->work, key);
	return pending;
}

static void cancel_with_event(te_ctl *c, const char *key)
{
	if (cancel_work(c, key))
		emit(c, key, "Cancelling deletion of");
}

static void add_work(te_ctl *c, const char *key, int64_t created_ms, int64_t fire_ms, int64_t now_ms)
{
	if (kc_map_has(c->work, key))
		return; /* already scheduled, or done */
	te_work *w = xcalloc(1, sizeof(*w));
	w->created_ms = created_ms;
	w->fire_ms = fire_ms;
	kc_map_put(c->work, key, w);
	kc_queue_add_after(c->evict_q, key, fire_ms > now_ms ? (uint64_t)(fire_ms - now_ms) : 0);
}

/* processPodOnNode */
static void process_pod_on_node(te_ctl *c, const char *key, const char *node, const cJSON *tolerations,
				const cJSON *taints, int64_t now_ms)
{
	if (cJSON_GetArraySize(taints) == 0)
		cancel_with_event(c, key);
	bool all;
	int64_t delay = kc_nl_eviction_delay(taints, tolerations, &all);
	if (!all) {
		kc_log_v(2, "taint-eviction: not all taints are tolerated after update for pod %s on node %s", key, node);
		cancel_with_event(c, key);
		add_work(c, key, now_ms, now_ms, now_ms);
		return;
	}
	if (delay < 0) {
		kc_log_v(4, "taint-eviction: current tolerations for pod %s tolerate forever, cancelling any scheduled "
			 "deletion", key);
		cancel_with_event(c, key);
		return;
	}
	int64_t start = now_ms, trigger = now_ms + delay * 1000;
	te_work *w = kc_map_get(c->work, key);
	if (w && !w->fired) {
		start = w->created_ms;
		if (start + delay * 1000 < trigger)
			return;
		cancel_with_event(c, key);
	}
	add_work(c, key, start, trigger, now_ms);
}

static kc_queue_result node_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	te_ctl *c = userdata;
	if (!kc_informer_has_synced(c->nodes) || !kc_informer_has_synced(c->pods))
		return kc_queue_after(100);
	const cJSON *node = kc_informer_get(c->nodes, key);
	if (!node) {
		kc_log_v(4, "taint-eviction: noticed node deletion %s", key);
		kc_map_del(c->tainted, key);
		return kc_queue_done();
	}
	cJSON *taints = kc_nl_noexecute_taints(kc_json_get(node, "spec.taints"));
	if (cJSON_GetArraySize(taints) == 0) {
		cJSON_Delete(taints);
		taints = NULL;
		kc_map_del(c->tainted, key);
	} else {
		kc_map_put(c->tainted, key, taints);
	}
	size_t n = 0;
	const cJSON **pods = kc_informer_by_index(c->pods, "spec.nodeName", key, &n);
	int64_t now = kc_time_monotonic_ms();
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *pk = kc_informer_key(pods[i]);
		if (!pk)
			continue;
		if (!taints)
			cancel_with_event(c, pk);
		else
			process_pod_on_node(c, pk, key, kc_json_get(pods[i], "spec.tolerations"), taints, now);
	}
	if (!taints && n)
		kc_log_v(4, "taint-eviction: all taints were removed from node %s; cancelling all evictions", key);
	free(pods);
	return kc_queue_done();
}

static kc_queue_result pod_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	te_ctl *c = userdata;
	if (!kc_informer_has_synced(c->nodes) || !kc_informer_has_synced(c->pods))
		return kc_queue_after(100);
	const cJSON *pod = kc_informer_get(c->pods, key);
	if (!pod) {
		kc_log_v(4, "taint-eviction: noticed pod deletion %s", key);
		cancel_with_event(c, key);
		return kc_queue_done();
	}
	const char *node = kc_json_get_str(pod, "spec.nodeName", "");
	if (!node[0])
		return kc_queue_done();
	const cJSON *taints = kc_map_get(c->tainted, node);
	if (!taints)
		return kc_queue_done();
	process_pod_on_node(c, key, node, kc_json_get(pod, "spec.tolerations"), taints, kc_time_monotonic_ms());
	return kc_queue_done();
}

/* ---- deleting (deletePodHandler, addConditionAndDeletePod) ---- */

static void req_free(te_req *r)
{
	free(r->key);
	free(r->uid);
	free(r);
}

static void on_answer(kc_response *resp, void *userdata);

static int te_send(te_ctl *c, const char *key, const char *uid, enum te_step step, const char *method,
		   const char *path, const char *content_type, const cJSON *body)
{
	_cleanup_free_ char *text = body ? kc_json_print(body) : NULL;
	te_req *r = xcalloc(1, sizeof(*r));
	r->c = c;
	r->step = step;
	r->key = xstrdup(key);
	r->uid = uid ? xstrdup(uid) : NULL;
	int rc = kc_client_request_ex(kc_cm_client(c->cm), method, path, text ? content_type : NULL, text,
				      text ? strlen(text) : 0, NULL, on_answer, r, &r->creq);
	if (rc < 0) {
		req_free(r);
		return rc;
	}
	r->next = c->reqs;
	if (c->reqs)
		c->reqs->prev = r;
	c->reqs = r;
	return 0;
}

static char *pod_path(const char *key, const char *suffix)
{
	const char *slash = strchr(key, '/');
	_cleanup_free_ char *ns = slash ? xstrndup(key, (size_t)(slash - key)) : xstrdup("");
	return xasprintf("/api/v1/namespaces/%s/pods/%s%s", ns, slash ? slash + 1 : key, suffix);
}

/* One try of addConditionAndDeletePod: GET the pod. */
static int start_attempt(te_ctl *c, const char *key)
{
	_cleanup_free_ char *path = pod_path(key, "");
	return te_send(c, key, NULL, STEP_GET, "GET", path, NULL, NULL);
}

static int send_delete(te_ctl *c, const char *key, const char *uid)
{
	_cleanup_json_ cJSON *opts = cJSON_CreateObject();
	cJSON_AddStringToObject(opts, "kind", "DeleteOptions");
	cJSON_AddStringToObject(opts, "apiVersion", "v1");
	/* Upstream deletes by name alone; the uid keeps a pod made again under
	 * the same name (a StatefulSet's) from going too. */
	cJSON_AddStringToObject(cJSON_AddObjectToObject(opts, "preconditions"), "uid", uid);
	_cleanup_free_ char *path = pod_path(key, "");
	return te_send(c, key, uid, STEP_DELETE, "DELETE", path, "application/json", opts);
}

/* An attempt failed: try again in 10 ms, at most TE_RETRIES times; then
 * the work is dropped (a later change of the pod or node schedules it
 * again). */
static void attempt_failed(te_ctl *c, const char *key, const char *why)
{
	te_work *w = kc_map_get(c->work, key);
	if (!w)
		return;
	w->running = false;
	if (++w->attempts < TE_RETRIES) {
		w->fire_ms = kc_time_monotonic_ms() + 10;
		kc_queue_add_after(c->evict_q, key, 10);
		return;
	}
	kc_log_error("taint-eviction: deleting pod %s failed: %s", key, why);
	kc_map_del(c->work, key);
}

static void on_answer(kc_response *resp, void *userdata)
{
	te_req *r = userdata;
	te_ctl *c = r->c;
	if (r->prev)
		r->prev->next = r->next;
	else
		c->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	bool ok = resp->status >= 200 && resp->status < 300;
	const char *why = resp->err.msg[0] ? resp->err.msg : "no answer";
	te_work *w = kc_map_get(c->work, r->key);
	if (!w || !w->running) {
		/* Cancelled meanwhile (the pod went, or tolerates now). */
		req_free(r);
		return;
	}
	switch (r->step) {
	case STEP_GET: {
		if (resp->status == 404) {
			kc_map_del(c->work, r->key); /* already gone */
			break;
		}
		if (!ok || !cJSON_IsObject(resp->body)) {
			attempt_failed(c, r->key, why);
			break;
		}
		const char *uid = kc_json_get_str(resp->body, "metadata.uid", "");
		char now[KC_TIME_RFC3339_MAX];
		kc_time_format_rfc3339(kc_time_now_sec(), now);
		_cleanup_json_ cJSON *pod = cJSON_Duplicate(resp->body, true);
		int rc;
		if (kc_nl_pod_add_disruption_target(pod, now)) {
			_cleanup_json_ cJSON *patch = cJSON_CreateObject();
			cJSON *meta = cJSON_AddObjectToObject(patch, "metadata");
			cJSON_AddStringToObject(meta, "uid", uid);
			cJSON_AddStringToObject(meta, "resourceVersion",
						kc_json_get_str(pod, "metadata.resourceVersion", ""));
			cJSON *st = cJSON_AddObjectToObject(patch, "status");
			cJSON_AddItemToObject(st, "conditions", cJSON_Duplicate(kc_json_get(pod, "status.conditions"), true));
			_cleanup_free_ char *path = pod_path(r->key, "/status");
			rc = te_send(c, r->key, uid, STEP_STATUS, "PATCH", path, "application/merge-patch+json", patch);
		} else {
			rc = send_delete(c, r->key, uid);
		}
		if (rc < 0)
			attempt_failed(c, r->key, strerror(-rc));
		break;
	}
	case STEP_STATUS:
		if (!ok) {
			attempt_failed(c, r->key, why);
			break;
		}
		if (send_delete(c, r->key, r->uid) < 0)
			attempt_failed(c, r->key, "the delete could not be sent");
		break;
	case STEP_DELETE:
		if (!ok && resp->status != 404) {
			attempt_failed(c, r->key, why);
			break;
		}
		w->running = false;
		w->fired = true;
		break;
	}
	req_free(r);
}

static kc_queue_result evict_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	te_ctl *c = userdata;
	te_work *w = kc_map_get(c->work, key);
	if (!w || w->fired || w->running)
		return kc_queue_done();
	int64_t now = kc_time_monotonic_ms();
	if (now < w->fire_ms)
		return kc_queue_after((uint64_t)(w->fire_ms - now));
	if (w->attempts == 0) {
		kc_log_info("taint-eviction: deleting pod %s", key);
		emit(c, key, "Marking for deletion");
	}
	w->running = true;
	int rc = start_attempt(c, key);
	if (rc < 0)
		attempt_failed(c, key, strerror(-rc));
	return kc_queue_done();
}

/* ---- handlers ---- */

static void node_changed(te_ctl *c, const cJSON *old_node, const cJSON *new_node)
{
	if (old_node && new_node) {
		_cleanup_json_ cJSON *a = kc_nl_noexecute_taints(kc_json_get(old_node, "spec.taints"));
		_cleanup_json_ cJSON *b = kc_nl_noexecute_taints(kc_json_get(new_node, "spec.taints"));
		if (kc_json_equal(a, b))
			return;
	}
	kc_queue_add(c->node_q, kc_json_get_str(new_node ? new_node : old_node, "metadata.name", ""));
}

static void on_node_add(const cJSON *obj, void *userdata)
{
	node_changed(userdata, NULL, obj);
}

static void on_node_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	node_changed(userdata, old_obj, new_obj);
}

static void on_node_delete(const cJSON *obj, void *userdata)
{
	node_changed(userdata, obj, NULL);
}

static void pod_changed(te_ctl *c, const cJSON *old_pod, const cJSON *new_pod)
{
	if (old_pod && new_pod &&
	    kc_json_equal(kc_json_get(old_pod, "spec.tolerations"), kc_json_get(new_pod, "spec.tolerations")) &&
	    streq(kc_json_get_str(old_pod, "spec.nodeName", ""), kc_json_get_str(new_pod, "spec.nodeName", "")))
		return;
	_cleanup_free_ char *key = kc_informer_key(new_pod ? new_pod : old_pod);
	if (key)
		kc_queue_add(c->pod_q, key);
}

static void on_pod_add(const cJSON *obj, void *userdata)
{
	pod_changed(userdata, NULL, obj);
}

static void on_pod_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	pod_changed(userdata, old_obj, new_obj);
}

static void on_pod_delete(const cJSON *obj, void *userdata)
{
	pod_changed(userdata, obj, NULL);
}

static void *te_start(kc_cm *cm)
{
	te_ctl *c = xcalloc(1, sizeof(*c));
	c->cm = cm;
	c->tainted = kc_map_new(json_free);
	c->work = kc_map_new(free);
	c->nodes = kc_cm_informer(cm, "/api/v1/nodes");
	c->pods = kc_cm_informer(cm, "/api/v1/pods");
	kc_nl_add_pod_node_index(c->pods);
	c->node_q = kc_cm_queue(cm, "noexec_taint_node", node_process, c);
	c->pod_q = kc_cm_queue(cm, "noexec_taint_pod", pod_process, c);
	c->evict_q = kc_cm_queue(cm, "noexec_taint_eviction", evict_process, c);
	kc_informer_add_handlers(c->nodes, &(kc_informer_handlers){.on_add = on_node_add,
								   .on_update = on_node_update,
								   .on_delete = on_node_delete,
								   .userdata = c});
	kc_informer_add_handlers(c->pods, &(kc_informer_handlers){.on_add = on_pod_add,
								  .on_update = on_pod_update,
								  .on_delete = on_pod_delete,
								  .userdata = c});
	return c;
}

static void te_stop(void *state)
{
	te_ctl *c = state;
	if (!c)
		return;
	while (c->reqs) {
		te_req *r = c->reqs;
		c->reqs = r->next;
		kc_client_request_cancel(r->creq);
		req_free(r);
	}
	kc_map_free(c->tainted);
	kc_map_free(c->work);
	free(c);
}

const kc_controller_def kc_controller_taint_eviction = {
	.name = "taint-eviction-controller", .start = te_start, .stop = te_stop};
