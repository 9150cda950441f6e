/* deployment.c - the "deployment" controller (upstream's
 * pkg/controller/deployment): ReplicaSets named <deployment>-<hash> that
 * roll the Deployment's pod template out (RollingUpdate within maxSurge
 * and maxUnavailable, or Recreate), scale proportionally, keep
 * revisionHistoryLimit old ones, and the Deployment's status with its
 * Progressing and Available conditions. The decisions are in
 * deployment_util.h; this file is the informers, the queue and the
 * requests.
 *
 * One sync of a Deployment:
 *   1. claim: ReplicaSets its selector matches that no controller owns are
 *      adopted (after a live GET shows the Deployment is still there and
 *      not being deleted, as RecheckDeletionTimestamp), its own that no
 *      longer match are released; a sync that claims or releases stops
 *      there (the ReplicaSets' events bring it back);
 *   2. plan (kc_dep_sync) and send the plan's writes at once;
 *   3. the next sync of the key waits until the cache shows every object
 *      the last one wrote (a resourceVersion at least the write's, or the
 *      object gone): decisions are never taken on a cache older than the
 *      controller's own writes. The informers' events bring the key back;
 *      a key waiting longer than a few seconds is synced anyway.
 * A failed write queues the key again with back-off (inflight.h).
 *
 * Besides upstream's handlers (Deployments, ReplicaSets, pod deletions for
 * Recreate), pod changes that matter to the rollout's arithmetic (a pod
 * made, gone, terminating, turned ready or not) sync their Deployment:
 * the plan counts pods too (deployment_util.h).
 *
 * Writes with an uid or resourceVersion precondition: ReplicaSets by PUT
 * (adoption and release too: the framework's request helper sends JSON
 * bodies only), deletions with the uid. The Deployment's status by PUT to
 * the status subresource, which upstream also uses for the revision
 * annotation; kc's apiserver keeps only the status there, so when the
 * answer lacks the annotation it is written by PUT on the Deployment
 * (see /work/notes/requests-cm.md). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/log.h"
#include "common/map.h"
#include "common/selector.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "controller-manager/cm.h"
#include "controller-manager/deployment_util.h"
#include "controller-manager/inflight.h"
#include "controller-manager/replicaset.h"
#include "banned.h"

#define COMPONENT       "deployment-controller"
#define INDEX_POD_OWNER "deployment-controller-pod-owner" /* pods by their controller's uid */
#define AWAIT_MAX_MS    5000 /* a cache that has not caught up by then is trusted anyway */
#define APPS            "/apis/apps/v1/namespaces"

typedef struct dep_ctl {
	kc_cm *cm;
	kc_informer *deps, *rss, *pods;
	kc_queue *q;
	kc_cm_inflight *inflight;
	kc_map *awaited;  /* key -> dep_await: what the cache must show before the next sync */
	kc_map *reported; /* key -> "uid/resourceVersion" of the malformed Deployment last reported */
} dep_ctl;

/* One object the cache must show. */
typedef struct await_item {
	kc_informer *inf;
	char *key;
	uint64_t rv; /* at least this resourceVersion; 0: gone (or another uid) */
	char *uid;   /* for a deletion */
} await_item;

typedef struct dep_await {
	await_item *items;
	size_t n;
	int64_t since_ms;
} dep_await;

static void await_free(void *p)
{
	dep_await *a = p;
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->items[i].key);
		free(a->items[i].uid);
	}
	free(a->items);
	free(a);
}

static uint64_t rv_num(const char *rv)
{
	return rv ? strtoull(rv, NULL, 10) : 0;
}

static void await_add(dep_ctl *c, const char *key, kc_informer *inf, const char *obj_key, uint64_t rv,
                      const char *uid)
{
	dep_await *a = kc_map_get(c->awaited, key);
	if (!a) {
		a = xcalloc(1, sizeof(*a));
		kc_map_put(c->awaited, key, a);
	}
	a->since_ms = kc_time_monotonic_ms();
	a->items = xrealloc(a->items, (a->n + 1) * sizeof(*a->items));
	a->items[a->n++] = (await_item){inf, xstrdup(obj_key), rv, uid ? xstrdup(uid) : NULL};
}

static bool item_seen(const await_item *it)
{
	const cJSON *obj = kc_informer_get(it->inf, it->key);
	if (it->rv == 0)
		return !obj || kc_json_get(obj, "metadata.deletionTimestamp") ||
		       !streq(kc_json_get_str(obj, "metadata.uid", ""), it->uid ? it->uid : "");
	if (rv_num(kc_informer_resource_version(it->inf)) >= it->rv)
		return true;
	return obj && rv_num(kc_json_get_str(obj, "metadata.resourceVersion", "")) >= it->rv;
}

/* Whether the cache shows the key's last writes (then forgotten). */
static bool caught_up(dep_ctl *c, const char *key)
{
	dep_await *a = kc_map_get(c->awaited, key);
	if (!a)
		return true;
	bool all = true;
	for (size_t i = 0; i < a->n && all; i++)
		all = item_seen(&a->items[i]);
	if (!all && kc_time_monotonic_ms() - a->since_ms < AWAIT_MAX_MS)
		return false;
	if (!all)
		kc_log_v(2,
		         "Deployment %s: the cache has not shown its last writes after %d ms, syncing anyway",
		         key, AWAIT_MAX_MS);
	kc_map_del(c->awaited, key);
	return true;
}

/* ---- looking things up ---- */

static char *obj_key(const char *ns, const char *name)
{
	return xasprintf("%s/%s", ns, name);
}

/* resolveControllerRef: the Deployment ref names in ns, if it is that one. */
static const cJSON *resolve_deployment(dep_ctl *c, const char *ns, const cJSON *ref)
{
	if (!ref || !streq(kc_json_get_str(ref, "kind", ""), "Deployment"))
		return NULL;
	const cJSON *d = kc_informer_get_by_name(c->deps, ns, kc_json_get_str(ref, "name", ""));
	if (!d || !streq(kc_json_get_str(d, "metadata.uid", ""), kc_json_get_str(ref, "uid", "")))
		return NULL;
	return d;
}

static void enqueue(dep_ctl *c, const cJSON *d)
{
	_cleanup_free_ char *key = kc_informer_key(d);
	if (key)
		kc_queue_add(c->q, key);
}

/* getDeploymentsForReplicaSet: the Deployments whose selector matches an
 * orphan's labels (a nil or empty selector matches nothing here). */
static void enqueue_matching(dep_ctl *c, const cJSON *rs)
{
	const cJSON *labels = kc_json_get(rs, "metadata.labels");
	if (!cJSON_IsObject(labels) || !labels->child)
		return;
	size_t n = 0;
	_cleanup_free_ const cJSON **deps =
	    kc_informer_by_index(c->deps, "namespace", kc_json_get_str(rs, "metadata.namespace", ""), &n);
	for (size_t i = 0; i < n; i++) {
		kc_selector *sel = NULL;
		if (kc_selector_from_label_selector(kc_json_get(deps[i], "spec.selector"), &sel, NULL) < 0)
			continue;
		if (!kc_selector_empty(sel) && !kc_selector_matches_nothing(sel) &&
		    kc_selector_matches(sel, labels))
			enqueue(c, deps[i]);
		kc_selector_free(sel);
	}
}

/* The Deployment owning the pod's ReplicaSet (getDeploymentForPod). */
static const cJSON *deployment_of_pod(dep_ctl *c, const cJSON *pod)
{
	const cJSON *ref = kc_rs_controller_ref(pod);
	if (!ref || !streq(kc_json_get_str(ref, "kind", ""), "ReplicaSet"))
		return NULL;
	const char *ns = kc_json_get_str(pod, "metadata.namespace", "");
	const cJSON *rs = kc_informer_get_by_name(c->rss, ns, kc_json_get_str(ref, "name", ""));
	if (!rs || !streq(kc_json_get_str(rs, "metadata.uid", ""), kc_json_get_str(ref, "uid", "")))
		return NULL;
	return resolve_deployment(c, ns, kc_rs_controller_ref(rs));
}

/* ---- handlers ---- */

static void on_dep(const cJSON *obj, void *userdata)
{
	enqueue(userdata, obj);
}

static void on_dep_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	(void)old_obj;
	enqueue(userdata, new_obj);
}

static void on_rs_delete(const cJSON *rs, void *userdata)
{
	dep_ctl *c = userdata;
	const cJSON *d =
	    resolve_deployment(c, kc_json_get_str(rs, "metadata.namespace", ""), kc_rs_controller_ref(rs));
	if (d)
		enqueue(c, d);
}

static void on_rs_add(const cJSON *rs, void *userdata)
{
	dep_ctl *c = userdata;
	if (kc_json_get(rs, "metadata.deletionTimestamp")) {
		on_rs_delete(rs, c);
		return;
	}
	const cJSON *ref = kc_rs_controller_ref(rs);
	if (ref) {
		const cJSON *d = resolve_deployment(c, kc_json_get_str(rs, "metadata.namespace", ""), ref);
		if (d)
			enqueue(c, d);
		return;
	}
	enqueue_matching(c, rs); /* an orphan: someone may adopt it */
}

static void on_rs_update(const cJSON *old_rs, const cJSON *rs, void *userdata)
{
	dep_ctl *c = userdata;
	if (old_rs == rs || streq(kc_json_get_str(old_rs, "metadata.resourceVersion", ""),
	                          kc_json_get_str(rs, "metadata.resourceVersion", "")))
		return; /* a resync */
	const char *ns = kc_json_get_str(rs, "metadata.namespace", "");
	const cJSON *cur = kc_rs_controller_ref(rs), *old = kc_rs_controller_ref(old_rs);
	bool ref_changed = !kc_json_equal(cur, old);
	if (ref_changed && old) {
		const cJSON *d = resolve_deployment(c, ns, old);
		if (d)
			enqueue(c, d);
	}
	if (cur) {
		const cJSON *d = resolve_deployment(c, ns, cur);
		if (d)
			enqueue(c, d);
		return;
	}
	if (ref_changed ||
	    !kc_json_equal(kc_json_get(old_rs, "metadata.labels"), kc_json_get(rs, "metadata.labels")))
		enqueue_matching(c, rs);
}

static void on_pod_add(const cJSON *pod, void *userdata)
{
	dep_ctl *c = userdata;
	const cJSON *d = deployment_of_pod(c, pod);
	if (d)
		enqueue(c, d);
}

/* What of a pod the rollout's arithmetic sees. */
static bool pod_counts_same(const cJSON *a, const cJSON *b)
{
	return kc_rs_pod_active(a) == kc_rs_pod_active(b) && kc_rs_pod_ready(a) == kc_rs_pod_ready(b) &&
	       streq(kc_json_get_str(a, "status.phase", ""), kc_json_get_str(b, "status.phase", "")) &&
	       kc_json_equal(kc_rs_controller_ref(a), kc_rs_controller_ref(b));
}

static void on_pod_update(const cJSON *old_pod, const cJSON *pod, void *userdata)
{
	if (old_pod == pod || pod_counts_same(old_pod, pod))
		return;
	on_pod_add(pod, userdata);
}

/* ---- writes ---- */

typedef struct dep_write {
	dep_ctl *c;
	kc_dep_write_kind kind;
	char *name;
	cJSON *deployment; /* as the sync saw it: events are about it */
	cJSON *body;       /* what was sent (creates: the ReplicaSet; status: the Deployment) */
	cJSON *after_create;
	char **events;
	size_t n_events;
} dep_write;

static void dep_write_free(void *p)
{
	dep_write *w = p;
	if (!w)
		return;
	free(w->name);
	cJSON_Delete(w->deployment);
	cJSON_Delete(w->body);
	cJSON_Delete(w->after_create);
	for (size_t i = 0; i < w->n_events; i++)
		free(w->events[i]);
	free(w->events);
	free(w);
}

static bool ok(const kc_response *resp)
{
	return resp->status >= 200 && resp->status < 300;
}

static const char *why(const kc_response *resp)
{
	return resp->err.msg[0] ? resp->err.msg : "unknown error";
}

static void record_events(dep_write *w)
{
	for (size_t i = 0; i < w->n_events; i++)
		kc_cm_event(w->c->cm, COMPONENT, w->deployment, "Normal", "ScalingReplicaSet", "%s",
		            w->events[i]);
}

static char *dep_path(const cJSON *d, const char *sub)
{
	return xasprintf(APPS "/%s/deployments/%s%s", kc_json_get_str(d, "metadata.namespace", ""),
	                 kc_json_get_str(d, "metadata.name", ""), sub ? sub : "");
}

static char *rs_path(const char *ns, const char *name)
{
	return name ? xasprintf(APPS "/%s/replicasets/%s", ns, name) : xasprintf(APPS "/%s/replicasets", ns);
}

static void await_written(dep_ctl *c, const char *key, kc_informer *inf, const cJSON *obj)
{
	_cleanup_free_ char *k = kc_informer_key(obj);
	uint64_t rv = rv_num(kc_json_get_str(obj, "metadata.resourceVersion", ""));
	if (k && rv)
		await_add(c, key, inf, k, rv, NULL);
}

static int on_ignored(kc_response *resp, const char *key, void *data)
{
	(void)data;
	if (!ok(resp))
		kc_log_v(2, "Deployment %s: %s", key, why(resp));
	return 0;
}

/* The revision annotation the status answer lacks (see the top). */
static int on_annotation_written(kc_response *resp, const char *key, void *data)
{
	dep_write *w = data;
	if (ok(resp)) {
		await_written(w->c, key, w->c->deps, resp->body);
		return 0;
	}
	kc_log_v(2, "Error writing the revision of deployment %s: %s", key, why(resp));
	return resp->status == 404 ? 0 : -EIO;
}

static int on_status_written(kc_response *resp, const char *key, void *data)
{
	dep_write *w = data;
	dep_ctl *c = w->c;
	if (!ok(resp)) {
		if (resp->status == 404)
			return 0;
		kc_log_v(2, "Error updating the status of deployment %s: %s", key, why(resp));
		return -EIO;
	}
	await_written(c, key, c->deps, resp->body);
	const char *want =
	    kc_json_as_str(kc_json_getv(w->body, "metadata", "annotations", KC_DEP_ANN_REVISION, NULL), NULL);
	const char *got = kc_json_as_str(
	    kc_json_getv(resp->body, "metadata", "annotations", KC_DEP_ANN_REVISION, NULL), NULL);
	if (!want || (got && streq(want, got)))
		return 0;
	_cleanup_json_ cJSON *obj = kc_json_dup(resp->body);
	kc_json_setv(obj, cJSON_CreateString(want), NULL, "metadata", "annotations", KC_DEP_ANN_REVISION,
	             NULL);
	kc_json_object_remove(obj, "status");
	dep_write *aw = xcalloc(1, sizeof(*aw));
	aw->c = c;
	_cleanup_free_ char *path = dep_path(obj, NULL);
	return kc_cm_inflight_send(c->inflight, key, "PUT", path, obj, on_annotation_written, aw,
	                           dep_write_free);
}

static int send_status(dep_ctl *c, const char *key, const cJSON *deployment, cJSON *body,
                       kc_cm_inflight_cb cb)
{
	dep_write *w = xcalloc(1, sizeof(*w));
	w->c = c;
	w->kind = KC_DEP_STATUS;
	w->deployment = kc_json_dup(deployment);
	w->body = body;
	_cleanup_free_ char *path = dep_path(deployment, "/status");
	return kc_cm_inflight_send(c->inflight, key, "PUT", path, body, cb, w, dep_write_free);
}

static int on_rs_created(kc_response *resp, const char *key, void *data)
{
	dep_write *w = data;
	dep_ctl *c = w->c;
	const cJSON *d = w->deployment;
	const char *ns = kc_json_get_str(d, "metadata.namespace", "");
	if (resp->status == 201 || ok(resp)) {
		record_events(w);
		await_written(c, key, c->rss, resp->body);
		if (w->after_create)
			return send_status(c, key, d, TAKE_PTR(w->after_create), on_status_written);
		return 0;
	}
	if (resp->status == 409) {
		/* made already (a lagging cache or a fast resync), or a hash
		 * collision with someone else's ReplicaSet */
		const cJSON *rs = kc_informer_get_by_name(c->rss, ns, w->name);
		if (!rs) {
			kc_log_v(2, "Deployment %s: replica set %s exists but is not in the cache yet", key,
			         w->name);
			return -EAGAIN;
		}
		const cJSON *ref = kc_rs_controller_ref(rs);
		if (ref && streq(kc_json_get_str(ref, "uid", ""), kc_json_get_str(d, "metadata.uid", "")) &&
		    kc_dep_template_equal(kc_json_get(d, "spec.template"), kc_json_get(rs, "spec.template")))
			return 0;
		const cJSON *cur = kc_informer_get(c->deps, key);
		kc_log_v(2,
		         "Found a hash collision for deployment %s - bumping collisionCount (%lld->%lld) to "
		         "resolve it",
		         key, (long long)kc_json_get_int(cur ? cur : d, "status.collisionCount", 0),
		         (long long)kc_json_get_int(cur ? cur : d, "status.collisionCount", 0) + 1);
		send_status(c, key, d, kc_dep_with_collision(cur ? cur : d), on_ignored);
		return -EEXIST;
	}
	if (kc_cm_namespace_terminating(resp))
		return 0; /* every create will fail: nothing to do */
	_cleanup_free_ char *msg =
	    xasprintf("Failed to create new replica set \"%s\": %s", w->name, why(resp));
	cJSON *failed = kc_dep_with_create_failure(d, msg, kc_time_now());
	if (failed)
		send_status(c, key, d, failed, on_ignored);
	kc_cm_event(c->cm, COMPONENT, d, "Warning", KC_DEP_REASON_RS_CREATE_ERROR, "%s", msg);
	return -EIO;
}

static int on_rs_updated(kc_response *resp, const char *key, void *data)
{
	dep_write *w = data;
	if (ok(resp)) {
		record_events(w);
		await_written(w->c, key, w->c->rss, resp->body);
		return 0;
	}
	if (resp->status == 404)
		return 0;
	kc_log_v(2, "Error updating replica set %s of deployment %s: %s", w->name, key, why(resp));
	return -EIO;
}

static int on_rs_deleted(kc_response *resp, const char *key, void *data)
{
	dep_write *w = data;
	if (ok(resp) || resp->status == 404)
		return 0;
	kc_log_v(2, "Error deleting replica set %s of deployment %s: %s", w->name, key, why(resp));
	return -EIO;
}

static int send_write(dep_ctl *c, const char *key, const cJSON *d, kc_dep_plan *plan, kc_dep_write *pw)
{
	const char *ns = kc_json_get_str(d, "metadata.namespace", "");
	dep_write *w = xcalloc(1, sizeof(*w));
	w->c = c;
	w->kind = pw->kind;
	w->name = xstrdup(pw->name);
	w->deployment = kc_json_dup(d);
	w->body = TAKE_PTR(pw->body);
	w->events = TAKE_PTR(pw->events);
	w->n_events = pw->n_events;
	pw->n_events = 0;
	switch (pw->kind) {
	case KC_DEP_CREATE_RS: {
		w->after_create = TAKE_PTR(plan->after_create);
		_cleanup_free_ char *path = rs_path(ns, NULL);
		kc_log_v(4, "Deployment %s: creating replica set %s", key, w->name);
		return kc_cm_inflight_send(c->inflight, key, "POST", path, w->body, on_rs_created, w,
		                           dep_write_free);
	}
	case KC_DEP_UPDATE_RS: {
		_cleanup_free_ char *path = rs_path(ns, w->name);
		kc_log_v(4, "Deployment %s: updating replica set %s (replicas %lld)", key, w->name,
		         (long long)kc_json_get_int(w->body, "spec.replicas", -1));
		return kc_cm_inflight_send(c->inflight, key, "PUT", path, w->body, on_rs_updated, w,
		                           dep_write_free);
	}
	case KC_DEP_DELETE_RS: {
		_cleanup_free_ char *path = rs_path(ns, w->name);
		_cleanup_json_ cJSON *opts = cJSON_CreateObject();
		cJSON_AddStringToObject(opts, "kind", "DeleteOptions");
		cJSON_AddStringToObject(opts, "apiVersion", "v1");
		cJSON_AddStringToObject(cJSON_AddObjectToObject(opts, "preconditions"), "uid",
		                        pw->uid ? pw->uid : "");
		_cleanup_free_ char *rk = obj_key(ns, w->name);
		await_add(c, key, c->rss, rk, 0, pw->uid);
		kc_log_v(4, "Deployment %s: deleting old replica set %s", key, w->name);
		return kc_cm_inflight_send(c->inflight, key, "DELETE", path, opts, on_rs_deleted, w,
		                           dep_write_free);
	}
	case KC_DEP_STATUS:
	default: {
		cJSON *body = TAKE_PTR(w->body);
		dep_write_free(w);
		return send_status(c, key, d, body, on_status_written);
	}
	}
}

/* ---- claiming ReplicaSets (ControllerRefManager.ClaimReplicaSets) ---- */

typedef struct claim_op {
	dep_ctl *c;
	char *uid;    /* the Deployment's, for the recheck */
	cJSON *adopt; /* ReplicaSets to adopt once the Deployment is rechecked */
	cJSON *ref;   /* its controller reference */
} claim_op;

static void claim_op_free(void *p)
{
	claim_op *op = p;
	if (!op)
		return;
	free(op->uid);
	cJSON_Delete(op->adopt);
	cJSON_Delete(op->ref);
	free(op);
}

static int on_claim_written(kc_response *resp, const char *key, void *data)
{
	dep_write *w = data;
	if (ok(resp)) {
		await_written(w->c, key, w->c->rss, resp->body);
		return 0;
	}
	if (resp->status == 404)
		return 0; /* gone: nothing to claim */
	kc_log_v(2, "Deployment %s: claiming replica set %s: %s", key, w->name, why(resp));
	return -EIO;
}

/* A PUT of rs with its ownerReferences replaced (resourceVersion as a
 * precondition, like the patches' uid). */
static int send_refs(dep_ctl *c, const char *key, const cJSON *rs, cJSON *refs)
{
	cJSON *body = kc_json_dup(rs);
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(body, "metadata");
	if (refs && cJSON_GetArraySize(refs) > 0)
		kc_json_object_put(meta, "ownerReferences", refs);
	else {
		cJSON_Delete(refs);
		kc_json_object_remove(meta, "ownerReferences");
	}
	kc_json_object_remove(body, "status");
	dep_write *w = xcalloc(1, sizeof(*w));
	w->c = c;
	w->name = xstrdup(kc_json_get_str(rs, "metadata.name", ""));
	w->body = body;
	_cleanup_free_ char *path = rs_path(kc_json_get_str(rs, "metadata.namespace", ""), w->name);
	return kc_cm_inflight_send(c->inflight, key, "PUT", path, body, on_claim_written, w, dep_write_free);
}

static int on_rechecked(kc_response *resp, const char *key, void *data)
{
	claim_op *op = data;
	if (!ok(resp))
		return resp->status == 404 ? 0 : -EIO;
	if (!streq(kc_json_get_str(resp->body, "metadata.uid", ""), op->uid)) {
		kc_log_v(2, "original Deployment %s is gone: got uid %s, wanted %s", key,
		         kc_json_get_str(resp->body, "metadata.uid", ""), op->uid);
		return 0;
	}
	if (kc_json_get(resp->body, "metadata.deletionTimestamp")) {
		kc_log_v(2, "Deployment %s has just been deleted at %s", key,
		         kc_json_get_str(resp->body, "metadata.deletionTimestamp", ""));
		return 0;
	}
	int rc = 0;
	const cJSON *rs;
	cJSON_ArrayForEach(rs, op->adopt)
	{
		cJSON *refs = kc_json_dup(kc_json_get(rs, "metadata.ownerReferences"));
		if (!cJSON_IsArray(refs)) {
			cJSON_Delete(refs);
			refs = cJSON_CreateArray();
		}
		cJSON_AddItemToArray(refs, kc_json_dup(op->ref));
		kc_log_v(2, "Deployment %s: adopting replica set %s", key,
		         kc_json_get_str(rs, "metadata.name", ""));
		if (send_refs(op->c, key, rs, refs) < 0)
			rc = -EIO;
	}
	return rc;
}

/* Adopts and releases; returns 1 when something was sent (the sync stops
 * there), 0 when the claimed ReplicaSets are in *owned, or < 0. */
static int claim(dep_ctl *c, const char *key, const cJSON *d, const kc_selector *sel,
                 const cJSON ***ret_owned, size_t *ret_n)
{
	size_t n = 0;
	_cleanup_free_ const cJSON **all =
	    kc_informer_by_index(c->rss, "namespace", kc_json_get_str(d, "metadata.namespace", ""), &n);
	const cJSON **owned = xcalloc(n + 1, sizeof(*owned));
	size_t m = 0;
	cJSON *adopt = cJSON_CreateArray();
	int sent = 0, rc = 0;
	const char *uid = kc_json_get_str(d, "metadata.uid", "");
	for (size_t i = 0; i < n; i++) {
		switch (kc_rs_claim_pod(d, sel, all[i])) {
		case KC_RS_CLAIM_OURS:
			owned[m++] = all[i];
			break;
		case KC_RS_CLAIM_ADOPT:
			cJSON_AddItemToArray(adopt, kc_json_dup(all[i]));
			break;
		case KC_RS_CLAIM_RELEASE: {
			cJSON *refs = cJSON_CreateArray();
			const cJSON *r;
			cJSON_ArrayForEach(r, kc_json_get(all[i], "metadata.ownerReferences"))
			{
				if (!streq(kc_json_get_str(r, "uid", ""), uid))
					cJSON_AddItemToArray(refs, kc_json_dup(r));
			}
			kc_log_v(2, "Deployment %s: releasing replica set %s", key,
			         kc_json_get_str(all[i], "metadata.name", ""));
			if (send_refs(c, key, all[i], refs) < 0)
				rc = -EIO;
			sent = 1;
			break;
		}
		case KC_RS_CLAIM_IGNORE:
		default:
			break;
		}
	}
	if (cJSON_GetArraySize(adopt) > 0) {
		/* RecheckDeletionTimestamp: a quorum read before adopting */
		claim_op *op = xcalloc(1, sizeof(*op));
		op->c = c;
		op->uid = xstrdup(uid);
		op->adopt = TAKE_PTR(adopt);
		op->ref = kc_dep_controller_ref(d);
		_cleanup_free_ char *path = dep_path(d, NULL);
		if (kc_cm_inflight_send(c->inflight, key, "GET", path, NULL, on_rechecked, op,
		                        claim_op_free) < 0)
			rc = -EIO;
		sent = 1;
	}
	cJSON_Delete(adopt);
	if (sent || rc < 0) {
		free(owned);
		return rc < 0 ? rc : 1;
	}
	*ret_owned = owned;
	*ret_n = m;
	return 0;
}

/* ---- the sync ---- */

/* Reports a Deployment the controller cannot act on, once per version. */
static void report_malformed(dep_ctl *c, const char *key, const cJSON *d, const kc_error *err)
{
	_cleanup_free_ char *ver = xasprintf("%s/%s", kc_json_get_str(d, "metadata.uid", ""),
	                                     kc_json_get_str(d, "metadata.resourceVersion", ""));
	const char *last = kc_map_get(c->reported, key);
	if (last && streq(last, ver))
		return;
	kc_map_put(c->reported, key, TAKE_PTR(ver));
	bool selector = strstr(err->msg, "selector") != NULL;
	kc_log_warn("deployment %s: %s; skipping it", key, err->msg);
	kc_cm_event(c->cm, COMPONENT, d, "Warning", selector ? "InvalidSelector" : "InvalidSpec", "%s",
	            err->msg);
}

/* The pods of the owned ReplicaSets that d's selector matches. */
static const cJSON **owned_pods(dep_ctl *c, const kc_selector *sel, const cJSON *const *rss, size_t n,
                                size_t *ret_n)
{
	size_t total = 0, cap = 0;
	const cJSON **out = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		_cleanup_free_ const cJSON **pods = kc_informer_by_index(
		    c->pods, INDEX_POD_OWNER, kc_json_get_str(rss[i], "metadata.uid", ""), &k);
		for (size_t j = 0; j < k; j++) {
			if (!kc_selector_matches_object(sel, pods[j]))
				continue;
			if (total == cap) {
				cap = cap ? 2 * cap : 16;
				out = xrealloc(out, cap * sizeof(*out));
			}
			out[total++] = pods[j];
		}
	}
	*ret_n = total;
	return out;
}

static int dep_sync(const char *key, void *userdata)
{
	dep_ctl *c = userdata;
	const cJSON *d = kc_informer_get(c->deps, key);
	if (!d) {
		kc_log_v(2, "Deployment %s has been deleted", key);
		kc_map_del(c->awaited, key);
		kc_map_del(c->reported, key);
		return 0;
	}
	if (!caught_up(c, key)) {
		kc_log_v(4, "Deployment %s: waiting for the cache to show the last writes", key);
		kc_queue_add_after(c->q, key, 1000);
		return 0;
	}
	kc_dep_spec s;
	kc_error err = KC_ERROR_INIT;
	if (kc_dep_spec_parse(d, &s, &err) < 0) {
		report_malformed(c, key, d, &err);
		return 0;
	}
	kc_map_del(c->reported, key);

	_cleanup_free_ const cJSON **owned = NULL;
	size_t n_owned = 0;
	if (!s.selects_all) {
		int r = claim(c, key, d, s.selector, &owned, &n_owned);
		if (r != 0) {
			kc_dep_spec_clear(&s);
			return r < 0 ? r : 0;
		}
	}
	size_t n_pods = 0;
	_cleanup_free_ const cJSON **pods = owned_pods(c, s.selector, owned, n_owned, &n_pods);
	kc_dep_spec_clear(&s);

	kc_dep_input in = {.deployment = d,
	                   .rss = owned,
	                   .n_rss = n_owned,
	                   .pods = pods,
	                   .n_pods = n_pods,
	                   .now = kc_time_now()};
	kc_dep_plan plan;
	if (kc_dep_sync(&in, &plan, &err) < 0) {
		kc_log_v(2, "Error syncing deployment %s: %s", key, err.msg);
		return -EINVAL;
	}
	if (plan.selecting_all)
		kc_cm_event(c->cm, COMPONENT, d, "Warning", "SelectingAll", "%s", plan.selecting_all);
	int rc = 0;
	for (size_t i = 0; i < plan.n_writes; i++)
		if (send_write(c, key, d, &plan, &plan.writes[i]) < 0)
			rc = -EIO;
	if (plan.requeue_after_ms >= 0) {
		kc_log_v(4, "Queueing up deployment %s for a progress check after %lld ms", key,
		         (long long)plan.requeue_after_ms);
		kc_queue_add_after(c->q, key,
		                   plan.requeue_after_ms > 0 ? (uint64_t)plan.requeue_after_ms : 1000);
	}
	kc_dep_plan_clear(&plan);
	return rc;
}

static kc_queue_result dep_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	dep_ctl *c = userdata;
	return kc_cm_inflight_run(c->inflight, key, dep_sync, c);
}

/* ---- indexes ---- */

static void index_controller_uid(const cJSON *obj, kc_index_values *out, void *userdata)
{
	(void)userdata;
	const cJSON *ref = kc_rs_controller_ref(obj);
	const char *uid = ref ? kc_json_get_str(ref, "uid", "") : "";
	if (uid[0])
		kc_index_values_add(out, uid);
}

static void *dep_start(kc_cm *cm)
{
	dep_ctl *c = xcalloc(1, sizeof(*c));
	c->cm = cm;
	c->deps = kc_cm_informer(cm, "/apis/apps/v1/deployments");
	c->rss = kc_cm_informer(cm, "/apis/apps/v1/replicasets");
	c->pods = kc_cm_informer(cm, "/api/v1/pods");
	/* shared informers: another controller may have added the same index */
	(void)kc_informer_add_index(c->deps, "namespace", kc_informer_index_namespace, NULL);
	(void)kc_informer_add_index(c->rss, "namespace", kc_informer_index_namespace, NULL);
	(void)kc_informer_add_index(c->pods, INDEX_POD_OWNER, index_controller_uid, NULL);
	c->q = kc_cm_queue(cm, "deployment", dep_process, c);
	c->inflight = kc_cm_inflight_new(kc_cm_client(cm), c->q);
	c->awaited = kc_map_new(await_free);
	c->reported = kc_map_new(free);
	kc_informer_add_handlers(
	    c->deps, &(kc_informer_handlers){
	                 .on_add = on_dep, .on_update = on_dep_update, .on_delete = on_dep, .userdata = c});
	kc_informer_add_handlers(c->rss, &(kc_informer_handlers){.on_add = on_rs_add,
	                                                         .on_update = on_rs_update,
	                                                         .on_delete = on_rs_delete,
	                                                         .userdata = c});
	kc_informer_add_handlers(c->pods, &(kc_informer_handlers){.on_add = on_pod_add,
	                                                          .on_update = on_pod_update,
	                                                          .on_delete = on_pod_add,
	                                                          .userdata = c});
	return c;
}

static void dep_stop(void *state)
{
	dep_ctl *c = state;
	if (!c)
		return;
	kc_cm_inflight_free(c->inflight);
	kc_map_free(c->awaited);
	kc_map_free(c->reported);
	free(c);
}

const kc_controller_def kc_controller_deployment = {
    .name = "deployment",
    .start = dep_start,
    .stop = dep_stop,
};
