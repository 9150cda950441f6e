/* replicaset.c - the "replicaset" and "replicationcontroller" controllers
 * (upstream's pkg/controller/replicaset and its ReplicationManager, which
 * is the same controller on another kind): exactly spec.replicas active
 * pods matching the owner's selector, owned through controller references,
 * and the owner's status counting them. The decisions are in replicaset.h;
 * this file is the informers, the queue and the requests.
 *
 * One sync of an owner (syncReplicaSet) runs as an operation of
 * asynchronous requests, during which the key is busy (queued again when
 * it is done, as client-go's queue never hands out a key being processed):
 *
 *   1. claim: orphans the selector matches are adopted (after a live GET
 *      of the owner proves it is still there and not being deleted, as
 *      RecheckDeletionTimestamp), our pods it no longer matches released,
 *      by strategic merge patches carrying the pod's uid. A sync that
 *      claims or releases stops there: the pods' watch events bring the
 *      owner back with the pods counted (upstream counts them in the same
 *      pass; the outcome is the same, a pass later);
 *   2. manage, when the expectations are satisfied and the owner is not
 *      being deleted: too few pods are created in slow-start batches (1,
 *      2, 4 ... at most 500 per sync), too many deleted (the least
 *      valuable first, replicaset.h) all at once; creations and deletions
 *      are expected before the requests go, so that a cache that lags
 *      never makes the controller act twice;
 *   3. status: written to the status subresource when it changed (one
 *      retry after a GET on conflict), with the ReplicaFailure condition
 *      when a create or delete failed.
 * A failed sync is queued again with back-off (5 ms doubling to 1000 s).
 *
 * Expectations are kept per owner as upstream's UIDTrackingController-
 * Expectations: the keys of the pods being deleted are remembered, so a
 * pod seen first as terminating and then gone counts once. The process's
 * expectations are shared by every controller, so ours are keyed
 * "<Kind>/<namespace>/<name>".
 *
 * An owner the controller cannot act on (a malformed or empty selector, a
 * selector not matching the template's labels, a bad replicas count; the
 * apiserver refuses them, but they can be written around it) is reported
 * once per resourceVersion in a Warning event and the log, and skipped. */
#include <errno.h>
#include <stdarg.h>
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
#include "controller-manager/inflight.h"
#include "controller-manager/replicaset.h"
#include "banned.h"

/* the owners informer's index of owners by their controller's uid */
#define INDEX_CONTROLLER "replicaset-controller-uid"
#define SMP              "application/strategic-merge-patch+json"

typedef struct rs_ctl rs_ctl;
typedef struct rs_op rs_op;
typedef struct rs_req rs_req;

/* A key's state between syncs. */
typedef struct rs_keystate {
	rs_op *op;         /* the sync in progress, or NULL */
	bool dirty;        /* asked for while busy: sync again when done */
	unsigned failures; /* consecutive failed syncs */
} rs_keystate;

struct rs_ctl {
	kc_cm *cm;
	const kc_rs_kind *k;
	kc_informer *pods, *owners;
	kc_queue *q;
	kc_map *keys;     /* key -> rs_keystate */
	kc_map *deleting; /* expectations key -> kc_map of the pod keys being deleted */
	kc_map *reported; /* key -> "uid/resourceVersion" of the malformed owner last reported */
	rs_req *reqs;     /* every request in flight */
};

typedef enum op_phase { PHASE_CLAIM, PHASE_CREATE, PHASE_DELETE, PHASE_STATUS } op_phase;

struct rs_op {
	rs_ctl *c;
	char *key;        /* "namespace/name" */
	char *ekey;       /* the expectations key */
	cJSON *owner;     /* the owner as the sync saw it */
	unsigned pending; /* requests in flight */
	op_phase phase;
	cJSON *adopt; /* PHASE_CLAIM: the pods to adopt once the owner is rechecked */
	kc_rs_slow_start ss;
	int batch, batch_failures; /* PHASE_CREATE: the batch in flight */
	cJSON *pod;                /* PHASE_CREATE: the pod to make */
	cJSON *status;             /* PHASE_STATUS: the status written, for a retry */
	char *manage_error;        /* the first failed create or delete */
	char *error;               /* why the sync failed (logged at the end) */
	bool status_retried;
};

typedef void (*rs_answer_fn)(rs_op *op, kc_response *resp, const char *arg);

struct rs_req {
	rs_ctl *c;
	rs_op *op;
	rs_answer_fn fn;
	char *arg;
	kc_client_req *creq;
	rs_req *prev, *next;
};

static void op_step(rs_op *op);

/* ---- small helpers ---- */

static char *expect_key(const rs_ctl *c, const char *key)
{
	return xasprintf("%s/%s", c->k->kind, key);
}

static char *owner_path(const rs_ctl *c, const cJSON *owner, const char *sub)
{
	return xasprintf("%s/namespaces/%s/%s/%s%s", c->k->api_prefix,
	                 kc_json_get_str(owner, "metadata.namespace", ""), c->k->resource,
	                 kc_json_get_str(owner, "metadata.name", ""), sub ? sub : "");
}

static char *pod_key(const cJSON *pod)
{
	return xasprintf("%s/%s", kc_json_get_str(pod, "metadata.namespace", ""),
	                 kc_json_get_str(pod, "metadata.name", ""));
}

static const char *resp_error(const kc_response *resp)
{
	return resp->err.msg[0] ? resp->err.msg : "unknown error";
}

static void op_fail(rs_op *op, const char *fmt, ...) KC_PRINTF(2, 3);
static void op_fail(rs_op *op, const char *fmt, ...)
{
	if (op->error)
		return; /* the first one says it */
	va_list ap;
	va_start(ap, fmt);
	op->error = xvasprintf(fmt, ap);
	va_end(ap);
}

/* ---- expectations (UIDTrackingControllerExpectations) ---- */

static void expect_deletions(rs_ctl *c, const char *ekey, const cJSON *const *pods, size_t n)
{
	kc_map *set = kc_map_new(NULL);
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *pk = pod_key(pods[i]);
		kc_map_put(set, pk, NULL);
	}
	kc_map_put(c->deleting, ekey, set);
	kc_cm_expect_deletions(c->cm, ekey, (int)n);
}

static void deletion_observed(rs_ctl *c, const char *ekey, const char *pkey)
{
	kc_map *set = kc_map_get(c->deleting, ekey);
	if (set && kc_map_del(set, pkey)) {
		kc_log_v(4, "Controller %s received delete for pod %s", ekey, pkey);
		kc_cm_deletion_observed(c->cm, ekey);
	}
}

static void expectations_delete(rs_ctl *c, const char *ekey)
{
	kc_cm_expectations_delete(c->cm, ekey);
	kc_map_del(c->deleting, ekey);
}

/* ---- requests and key state ---- */

static rs_keystate *keystate(rs_ctl *c, const char *key)
{
	rs_keystate *ks = kc_map_get(c->keys, key);
	if (!ks) {
		ks = xcalloc(1, sizeof(*ks));
		kc_map_put(c->keys, key, ks);
	}
	return ks;
}

/* The end of a sync: a failure queues the key again after its back-off, a
 * success forgets its failures and syncs again if it was asked for. */
static void settle(rs_ctl *c, const char *key, bool failed)
{
	_cleanup_free_ char *k = xstrdup(key);
	rs_keystate *ks = keystate(c, k);
	if (failed) {
		ks->failures++;
		ks->dirty = false;
		kc_queue_add_after(c->q, k, kc_cm_inflight_backoff_ms(ks->failures));
		return;
	}
	bool again = ks->dirty;
	kc_map_del(c->keys, k);
	if (again)
		kc_queue_add(c->q, k);
}

static void op_free(rs_op *op)
{
	free(op->key);
	free(op->ekey);
	cJSON_Delete(op->owner);
	cJSON_Delete(op->adopt);
	cJSON_Delete(op->pod);
	cJSON_Delete(op->status);
	free(op->manage_error);
	free(op->error);
	free(op);
}

static rs_op *op_new(rs_ctl *c, const char *key, const char *ekey, const cJSON *owner, op_phase phase)
{
	rs_op *op = xcalloc(1, sizeof(*op));
	op->c = c;
	op->key = xstrdup(key);
	op->ekey = xstrdup(ekey);
	op->owner = kc_json_dup(owner);
	op->phase = phase;
	keystate(c, key)->op = op;
	return op;
}

static void op_end(rs_op *op)
{
	rs_ctl *c = op->c;
	bool failed = op->error != NULL;
	if (failed)
		kc_log_error("sync \"%s\" failed with %s", op->key, op->error);
	keystate(c, op->key)->op = NULL;
	_cleanup_free_ char *key = xstrdup(op->key);
	op_free(op);
	settle(c, key, failed);
}

static void on_answer(kc_response *resp, void *userdata)
{
	rs_req *r = userdata;
	rs_ctl *c = r->c;
	if (r->prev)
		r->prev->next = r->next;
	else
		c->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	rs_op *op = r->op;
	op->pending--;
	r->fn(op, resp, r->arg);
	free(r->arg);
	free(r);
	if (op->pending == 0)
		op_step(op);
}

/* Sends one request of op; fn runs with its answer (arg copied). Returns
 * 0, or a negative errno when it could not be started (fn never runs). */
static int op_send(rs_op *op, const char *method, const char *path, const char *content_type,
                   const cJSON *body, rs_answer_fn fn, const char *arg)
{
	rs_ctl *c = op->c;
	rs_req *r = xcalloc(1, sizeof(*r));
	r->c = c;
	r->op = op;
	r->fn = fn;
	r->arg = arg ? xstrdup(arg) : NULL;
	_cleanup_free_ char *text = body ? kc_json_print(body) : NULL;
	int rc = kc_client_request_ex(kc_cm_client(c->cm), method, path,
	                              body ? (content_type ? content_type : "application/json") : NULL, text,
	                              text ? strlen(text) : 0, NULL, on_answer, r, &r->creq);
	if (rc < 0) {
		free(r->arg);
		free(r);
		return rc;
	}
	op->pending++;
	r->next = c->reqs;
	if (c->reqs)
		c->reqs->prev = r;
	c->reqs = r;
	return 0;
}

/* ---- pods of an owner ---- */

/* resolveControllerRef: the owner a controller reference names, if it is
 * of our kind and the same object (uid). */
static const cJSON *resolve_ref(rs_ctl *c, const char *ns, const cJSON *ref)
{
	if (!ref || !streq(kc_json_get_str(ref, "kind", ""), c->k->kind))
		return NULL;
	const cJSON *owner = kc_informer_get_by_name(c->owners, ns, kc_json_get_str(ref, "name", ""));
	if (!owner || !streq(kc_json_get_str(owner, "metadata.uid", ""), kc_json_get_str(ref, "uid", "")))
		return NULL;
	return owner;
}

/* The active pods of the owner's namespace that it owns and selects. */
static const cJSON **claimed_pods(rs_ctl *c, const cJSON *owner, const kc_selector *sel, size_t *ret_n)
{
	size_t n = 0, k = 0;
	const cJSON **pods =
	    kc_informer_by_index(c->pods, "namespace", kc_json_get_str(owner, "metadata.namespace", ""), &n);
	for (size_t i = 0; i < n; i++)
		if (kc_rs_pod_active(pods[i]) && kc_rs_claim_pod(owner, sel, pods[i]) == KC_RS_CLAIM_OURS)
			pods[k++] = pods[i];
	*ret_n = k;
	return pods;
}

/* getIndirectlyRelatedPods: the pods selected by every owner with the same
 * controller (a Deployment's ReplicaSets), each once. */
static const cJSON **related_pods(rs_ctl *c, const cJSON *owner, size_t *ret_n)
{
	*ret_n = 0;
	const cJSON *ref = kc_rs_controller_ref(owner);
	if (!ref)
		return NULL;
	size_t nrel = 0, npods = 0, k = 0;
	_cleanup_free_ const cJSON **rel =
	    kc_informer_by_index(c->owners, INDEX_CONTROLLER, kc_json_get_str(ref, "uid", ""), &nrel);
	_cleanup_free_ const cJSON **pods = kc_informer_by_index(
	    c->pods, "namespace", kc_json_get_str(owner, "metadata.namespace", ""), &npods);
	const cJSON **out = xcalloc(npods + 1, sizeof(*out));
	kc_map *seen = kc_map_new(NULL);
	for (size_t r = 0; r < nrel; r++) {
		_cleanup_selector_ kc_selector *sel = NULL;
		if (kc_rs_selector(c->k, rel[r], &sel, NULL) < 0)
			continue; /* matches no pods */
		for (size_t i = 0; i < npods; i++) {
			const char *uid = kc_json_get_str(pods[i], "metadata.uid", "");
			if (kc_map_has(seen, uid) || !kc_selector_matches_object(sel, pods[i]))
				continue;
			kc_map_put(seen, uid, NULL);
			out[k++] = pods[i];
		}
	}
	kc_map_free(seen);
	*ret_n = k;
	return out;
}

/* ---- status (step 3) ---- */

/* upstream: resync after minReadySeconds when every pod is ready but not
 * all are available yet (owner carries the status as written) */
static void requeue_min_ready(rs_ctl *c, const char *key, const cJSON *owner, const kc_rs_spec *spec,
                              bool manage_failed)
{
	const cJSON *st = kc_json_get(owner, "status");
	if (!manage_failed && spec->min_ready_seconds > 0 &&
	    kc_json_get_int(st, "readyReplicas", 0) == spec->replicas &&
	    kc_json_get_int(st, "availableReplicas", 0) != spec->replicas)
		kc_queue_add_after(c->q, key, (uint64_t)spec->min_ready_seconds * 1000);
}

/* kc also looks again the moment the next ready pod turns available, so
 * that availableReplicas never waits for an unrelated event (pods that
 * turned ready while no controller ran, or while others are not ready). */
static void requeue_next_available(rs_ctl *c, const char *key, const kc_rs_spec *spec,
                                   const cJSON *const *pods, size_t n)
{
	if (spec->min_ready_seconds <= 0)
		return;
	kc_time now = kc_time_now();
	int64_t next = -1;
	for (size_t i = 0; i < n; i++) {
		int64_t at = kc_rs_pod_available_at(pods[i], spec->min_ready_seconds);
		if (at >= now.sec && (next < 0 || at < next))
			next = at;
	}
	if (next >= 0) /* available once that second is past */
		kc_queue_add_after(c->q, key, (uint64_t)(next - now.sec + 1) * 1000);
}

static void on_status_written(rs_op *op, kc_response *resp, const char *arg);

static void on_status_refetched(rs_op *op, kc_response *resp, const char *arg)
{
	(void)arg;
	if (resp->status == 404)
		return; /* gone meanwhile: nothing to write */
	if (resp->status != 200) {
		op_fail(op, "%s", resp_error(resp));
		return;
	}
	if (!streq(kc_json_get_str(resp->body, "metadata.uid", ""),
	           kc_json_get_str(op->owner, "metadata.uid", "")))
		return; /* another object of that name: not ours to write */
	/* our status on the fresh object, still saying which generation we saw */
	_cleanup_json_ cJSON *body = kc_rs_status_update_body(
	    resp->body, op->status, kc_json_get_int(op->owner, "metadata.generation", 0));
	_cleanup_free_ char *path = owner_path(op->c, op->owner, "/status");
	if (op_send(op, "PUT", path, NULL, body, on_status_written, NULL) < 0)
		op_fail(op, "cannot send the status update of %s", op->key);
}

static void on_status_written(rs_op *op, kc_response *resp, const char *arg)
{
	(void)arg;
	rs_ctl *c = op->c;
	if (resp->status >= 200 && resp->status < 300) {
		kc_rs_spec spec;
		if (kc_rs_spec_parse(c->k, resp->body, &spec, NULL, NULL) == 0) {
			requeue_min_ready(c, op->key, resp->body, &spec, op->manage_error != NULL);
			kc_rs_spec_clear(&spec);
		}
		return;
	}
	if (resp->status == 404)
		return;
	if (resp->status == 409 && !op->status_retried) {
		/* statusUpdateRetries: once more on the object as it is now */
		op->status_retried = true;
		_cleanup_free_ char *path = owner_path(c, op->owner, NULL);
		if (op_send(op, "GET", path, NULL, NULL, on_status_refetched, NULL) < 0)
			op_fail(op, "cannot get %s %s", c->k->kind, op->key);
		return;
	}
	op_fail(op, "%s", resp_error(resp));
}

/* Computes the status from the cache as it is now and writes it when it
 * changed; the op ends when nothing is sent. */
static void start_status(rs_op *op)
{
	rs_ctl *c = op->c;
	op->phase = PHASE_STATUS;
	kc_rs_spec spec;
	if (kc_rs_spec_parse(c->k, op->owner, &spec, NULL, NULL) < 0)
		return; /* parsed when the sync began: cannot happen */
	size_t n = 0;
	_cleanup_free_ const cJSON **pods = claimed_pods(c, op->owner, spec.selector, &n);
	_cleanup_json_ cJSON *status =
	    kc_rs_calculate_status(op->owner, &spec, pods, n, op->manage_error, kc_time_now());
	requeue_next_available(c, op->key, &spec, pods, n);
	if (!kc_rs_status_differs(op->owner, status))
		requeue_min_ready(c, op->key, op->owner, &spec, op->manage_error != NULL);
	else {
		int64_t gen = kc_json_get_int(op->owner, "metadata.generation", 0);
		const cJSON *old = kc_json_get(op->owner, "status");
		kc_log_v(4,
		         "Updating status for %s: %s, replicas %lld->%lld (need %d), fullyLabeledReplicas "
		         "%lld->%lld, "
		         "readyReplicas %lld->%lld, availableReplicas %lld->%lld, sequence No: %lld->%lld",
		         c->k->kind, op->key, (long long)kc_json_get_int(old, "replicas", 0),
		         (long long)kc_json_get_int(status, "replicas", 0), spec.replicas,
		         (long long)kc_json_get_int(old, "fullyLabeledReplicas", 0),
		         (long long)kc_json_get_int(status, "fullyLabeledReplicas", 0),
		         (long long)kc_json_get_int(old, "readyReplicas", 0),
		         (long long)kc_json_get_int(status, "readyReplicas", 0),
		         (long long)kc_json_get_int(old, "availableReplicas", 0),
		         (long long)kc_json_get_int(status, "availableReplicas", 0),
		         (long long)kc_json_get_int(old, "observedGeneration", 0), (long long)gen);
		_cleanup_json_ cJSON *body = kc_rs_status_update_body(op->owner, status, gen);
		/* kept for a retry after a conflict */
		cJSON_Delete(op->status);
		op->status = TAKE_PTR(status);
		_cleanup_free_ char *path = owner_path(c, op->owner, "/status");
		if (op_send(op, "PUT", path, NULL, body, on_status_written, NULL) < 0)
			op_fail(op, "cannot send the status update of %s", op->key);
	}
	kc_rs_spec_clear(&spec);
}

/* ---- manage (step 2) ---- */

static void on_created(rs_op *op, kc_response *resp, const char *arg)
{
	(void)arg;
	rs_ctl *c = op->c;
	if (resp->status >= 200 && resp->status < 300) {
		const char *name = kc_json_get_str(resp->body, "metadata.name", "");
		kc_log_v(4, "Controller %s created pod %s", kc_json_get_str(op->owner, "metadata.name", ""),
		         name);
		kc_cm_event(c->cm, c->k->component, op->owner, "Normal", "SuccessfulCreate",
		            "Created pod: %s", name);
		return;
	}
	/* a namespace being deleted refuses every create: nothing to do */
	if (kc_cm_namespace_terminating(resp))
		return;
	kc_cm_event(c->cm, c->k->component, op->owner, "Warning", "FailedCreate", "Error creating: %s",
	            resp_error(resp));
	op->batch_failures++;
	if (!op->manage_error)
		op->manage_error = xstrdup(resp_error(resp));
}

static void finish_create(rs_op *op)
{
	rs_ctl *c = op->c;
	int skipped = op->ss.count - op->ss.successes;
	if (skipped > 0) {
		kc_log_v(
		    2,
		    "Slow-start failure. Skipping creation of %d pods, decrementing expectations for %s %s",
		    skipped, c->k->kind, op->key);
		/* the informer will never see these */
		for (int i = 0; i < skipped; i++)
			kc_cm_creation_observed(c->cm, op->ekey);
	}
	if (op->manage_error)
		op_fail(op, "%s", op->manage_error);
	start_status(op);
}

/* Sends the next slow-start batch, or moves on to the status. */
static void send_create_batch(rs_op *op)
{
	int b = kc_rs_slow_start_next(&op->ss);
	if (b == 0) {
		finish_create(op);
		return;
	}
	op->batch = b;
	op->batch_failures = 0;
	_cleanup_free_ char *path =
	    xasprintf("/api/v1/namespaces/%s/pods", kc_json_get_str(op->owner, "metadata.namespace", ""));
	for (int i = 0; i < b; i++) {
		if (op_send(op, "POST", path, NULL, op->pod, on_created, NULL) < 0) {
			op->batch_failures++;
			if (!op->manage_error)
				op->manage_error = xstrdup("the create request could not be sent");
		}
	}
}

static void start_create(rs_op *op, const kc_rs_spec *spec, int diff)
{
	rs_ctl *c = op->c;
	op->phase = PHASE_CREATE;
	kc_cm_expect_creations(c->cm, op->ekey, diff);
	kc_log_v(2, "Too few replicas for %s %s, need %d, creating %d", c->k->kind, op->key, spec->replicas,
	         diff);
	kc_rs_slow_start_init(&op->ss, diff);
	kc_error err = KC_ERROR_INIT;
	if (kc_rs_pod_from_template(c->k, op->owner, spec->template, &op->pod, &err) < 0) {
		/* every create would fail alike: the first batch does */
		kc_rs_slow_start_next(&op->ss);
		kc_rs_slow_start_done(&op->ss, op->ss.batch, op->ss.batch);
		op->manage_error = xstrdup(err.msg);
		finish_create(op);
		return;
	}
	send_create_batch(op);
}

static void on_deleted(rs_op *op, kc_response *resp, const char *pkey)
{
	rs_ctl *c = op->c;
	const char *name = strchr(pkey, '/') ? strchr(pkey, '/') + 1 : pkey;
	if (resp->status >= 200 && resp->status < 300) {
		kc_cm_event(c->cm, c->k->component, op->owner, "Normal", "SuccessfulDelete",
		            "Deleted pod: %s", name);
		return;
	}
	/* the informer will not see this deletion come from us */
	deletion_observed(c, op->ekey, pkey);
	if (resp->status == 404) {
		kc_log_v(4, "Pod %s has already been deleted.", pkey);
		return;
	}
	kc_cm_event(c->cm, c->k->component, op->owner, "Warning", "FailedDelete", "Error deleting: %s",
	            resp_error(resp));
	kc_log_v(2, "Failed to delete %s, decremented expectations for %s %s", pkey, c->k->kind, op->key);
	if (!op->manage_error)
		op->manage_error = xasprintf("unable to delete pods: %s", resp_error(resp));
}

static void start_delete(rs_op *op, const kc_rs_spec *spec, const cJSON **pods, size_t n, int diff)
{
	rs_ctl *c = op->c;
	op->phase = PHASE_DELETE;
	kc_log_v(2, "Too many replicas for %s %s, need %d, deleting %d", c->k->kind, op->key, spec->replicas,
	         diff);
	size_t nrel = 0;
	_cleanup_free_ const cJSON **related = related_pods(c, op->owner, &nrel);
	size_t count = kc_rs_pods_to_delete(pods, n, related, nrel, (size_t)diff, kc_time_now());
	/* the keys of the pods to go, so each is counted once: when it turns
	 * terminating or when it is gone */
	expect_deletions(c, op->ekey, pods, count);
	for (size_t i = 0; i < count; i++) {
		_cleanup_free_ char *pkey = pod_key(pods[i]);
		_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s",
		                                      kc_json_get_str(pods[i], "metadata.namespace", ""),
		                                      kc_json_get_str(pods[i], "metadata.name", ""));
		kc_log_v(2, "Deleting pod %s of %s %s", pkey, c->k->kind, op->key);
		if (op_send(op, "DELETE", path, NULL, NULL, on_deleted, pkey) < 0) {
			deletion_observed(c, op->ekey, pkey);
			if (!op->manage_error)
				op->manage_error =
				    xstrdup("unable to delete pods: the request could not be sent");
		}
	}
}

/* ---- claim (step 1) ---- */

static void on_adopted(rs_op *op, kc_response *resp, const char *what)
{
	/* a pod gone meanwhile is nothing to adopt */
	if ((resp->status >= 200 && resp->status < 300) || resp->status == 404)
		return;
	op_fail(op, "%s: %s", what, resp_error(resp));
}

static void on_released(rs_op *op, kc_response *resp, const char *what)
{
	/* gone, or refused as invalid (a new pod of that name): moot */
	if ((resp->status >= 200 && resp->status < 300) || resp->status == 404 || resp->status == 422)
		return;
	op_fail(op, "%s: %s", what, resp_error(resp));
}

static void on_owner_rechecked(rs_op *op, kc_response *resp, const char *arg)
{
	(void)arg;
	rs_ctl *c = op->c;
	const char *ns = kc_json_get_str(op->owner, "metadata.namespace", "");
	const char *name = kc_json_get_str(op->owner, "metadata.name", "");
	const char *uid = kc_json_get_str(op->owner, "metadata.uid", "");
	/* RecheckDeletionTimestamp, in upstream's words */
	if (resp->status != 200) {
		op_fail(op, "can't recheck DeletionTimestamp: %s", resp_error(resp));
		return;
	}
	const char *fresh_uid = kc_json_get_str(resp->body, "metadata.uid", "");
	if (!streq(fresh_uid, uid)) {
		op_fail(op, "original %s %s/%s is gone: got uid %s, wanted %s", c->k->kind, ns, name,
		        fresh_uid, uid);
		return;
	}
	const char *deleted = kc_json_get_str(resp->body, "metadata.deletionTimestamp", NULL);
	if (deleted) {
		op_fail(op, "%s/%s has just been deleted at %s", ns, name, deleted);
		return;
	}
	const cJSON *pod;
	cJSON_ArrayForEach(pod, op->adopt)
	{
		_cleanup_json_ cJSON *patch = kc_rs_adopt_patch(c->k, op->owner, pod);
		_cleanup_free_ char *path =
		    xasprintf("/api/v1/namespaces/%s/pods/%s", ns, kc_json_get_str(pod, "metadata.name", ""));
		_cleanup_free_ char *what =
		    xasprintf("adopting pod %s", kc_json_get_str(pod, "metadata.name", ""));
		kc_log_v(2, "Adopting pod %s/%s into %s %s", ns, kc_json_get_str(pod, "metadata.name", ""),
		         c->k->kind, name);
		if (op_send(op, "PATCH", path, SMP, patch, on_adopted, what) < 0)
			op_fail(op, "%s: the request could not be sent", what);
	}
}

static void start_claim(rs_op *op, const cJSON *const *adopt, size_t nadopt, const cJSON *const *release,
                        size_t nrelease)
{
	rs_ctl *c = op->c;
	op->phase = PHASE_CLAIM;
	for (size_t i = 0; i < nrelease; i++) {
		const char *pname = kc_json_get_str(release[i], "metadata.name", "");
		_cleanup_json_ cJSON *patch = kc_rs_release_patch(op->owner, release[i]);
		_cleanup_free_ char *path =
		    xasprintf("/api/v1/namespaces/%s/pods/%s",
		              kc_json_get_str(release[i], "metadata.namespace", ""), pname);
		_cleanup_free_ char *what = xasprintf("releasing pod %s", pname);
		kc_log_v(2, "Releasing pod %s from %s %s: it no longer matches the selector", pname,
		         c->k->kind, op->key);
		if (op_send(op, "PATCH", path, SMP, patch, on_released, what) < 0)
			op_fail(op, "%s: the request could not be sent", what);
	}
	if (nadopt > 0) {
		/* an uncached read sometime after listing the pods (#42639):
		 * adopting into an owner being deleted would orphan them again */
		op->adopt = cJSON_CreateArray();
		for (size_t i = 0; i < nadopt; i++)
			cJSON_AddItemToArray(op->adopt, kc_json_dup(adopt[i]));
		_cleanup_free_ char *path = owner_path(c, op->owner, NULL);
		if (op_send(op, "GET", path, NULL, NULL, on_owner_rechecked, NULL) < 0)
			op_fail(op, "can't recheck DeletionTimestamp: the request could not be sent");
	}
}

/* Nothing of op is in flight (every request of its phase has answered,
 * or none could be sent): the next phase, or the end. */
static void op_step(rs_op *op)
{
	for (;;) {
		switch (op->phase) {
		case PHASE_CLAIM:
			/* the pods' watch events bring the owner back, claimed */
		case PHASE_STATUS:
			op_end(op);
			return;
		case PHASE_CREATE:
			if (op->batch > 0)
				kc_rs_slow_start_done(&op->ss, op->batch, op->batch_failures);
			op->batch = op->batch_failures = 0;
			send_create_batch(op); /* the next batch, or on to the status */
			break;
		case PHASE_DELETE:
			if (op->manage_error)
				op_fail(op, "%s", op->manage_error);
			start_status(op);
			break;
		}
		if (op->pending > 0)
			return;
	}
}

/* ---- the sync ---- */

/* Reports an owner the controller cannot act on, once per version. */
static void report_invalid(rs_ctl *c, const char *key, const cJSON *owner, const char *reason,
                           const char *msg)
{
	_cleanup_free_ char *id = xasprintf("%s/%s", kc_json_get_str(owner, "metadata.uid", ""),
	                                    kc_json_get_str(owner, "metadata.resourceVersion", ""));
	const char *last = kc_map_get(c->reported, key);
	if (last && streq(last, id))
		return;
	kc_map_put(c->reported, key, xstrdup(id));
	kc_log_error("%s %s cannot be synced, skipping it: %s", c->k->kind, key, msg);
	kc_cm_event(c->cm, c->k->component, owner, "Warning", reason ? reason : "InvalidSpec", "%s", msg);
}

enum { SYNC_DONE = 0, SYNC_STARTED = 1 };

/* syncReplicaSet: returns SYNC_DONE, SYNC_STARTED (an op owns the rest),
 * or a negative errno. */
static int rs_sync(rs_ctl *c, const char *key)
{
	_cleanup_free_ char *ekey = expect_key(c, key);
	const cJSON *owner = kc_informer_get(c->owners, key);
	if (!owner) {
		kc_log_v(4, "%s %s has been deleted", c->k->kind, key);
		expectations_delete(c, ekey);
		kc_map_del(c->reported, key);
		return SYNC_DONE;
	}
	kc_rs_spec spec;
	const char *reason = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_rs_spec_parse(c->k, owner, &spec, &reason, &err) < 0) {
		report_invalid(c, key, owner, reason, err.msg);
		return SYNC_DONE;
	}
	kc_map_del(c->reported, key);
	bool needs_sync = kc_cm_expectations_satisfied(c->cm, ekey);

	size_t n = 0, nclaimed = 0, nadopt = 0, nrelease = 0;
	_cleanup_free_ const cJSON **pods =
	    kc_informer_by_index(c->pods, "namespace", kc_json_get_str(owner, "metadata.namespace", ""), &n);
	_cleanup_free_ const cJSON **claimed = xcalloc(n + 1, sizeof(*claimed));
	_cleanup_free_ const cJSON **adopt = xcalloc(n + 1, sizeof(*adopt));
	_cleanup_free_ const cJSON **release = xcalloc(n + 1, sizeof(*release));
	for (size_t i = 0; i < n; i++) {
		if (!kc_rs_pod_active(pods[i]))
			continue;
		switch (kc_rs_claim_pod(owner, spec.selector, pods[i])) {
		case KC_RS_CLAIM_OURS:
			claimed[nclaimed++] = pods[i];
			break;
		case KC_RS_CLAIM_ADOPT:
			adopt[nadopt++] = pods[i];
			break;
		case KC_RS_CLAIM_RELEASE:
			release[nrelease++] = pods[i];
			break;
		case KC_RS_CLAIM_IGNORE:
			break;
		}
	}

	rs_op *op;
	if (nadopt > 0 || nrelease > 0) {
		op = op_new(c, key, ekey, owner, PHASE_CLAIM);
		start_claim(op, adopt, nadopt, release, nrelease);
	} else if (needs_sync && !kc_json_get(owner, "metadata.deletionTimestamp") &&
	           (int64_t)nclaimed != spec.replicas) {
		int64_t diff = (int64_t)nclaimed - spec.replicas;
		op = op_new(c, key, ekey, owner, diff < 0 ? PHASE_CREATE : PHASE_DELETE);
		int64_t count = diff < 0 ? -diff : diff;
		if (count > KC_RS_BURST_REPLICAS)
			count = KC_RS_BURST_REPLICAS;
		if (diff < 0)
			start_create(op, &spec, (int)count);
		else
			start_delete(op, &spec, claimed, nclaimed, (int)count);
	} else {
		if (!needs_sync)
			kc_log_v(4, "%s %s is still waiting on expectations", c->k->kind, key);
		op = op_new(c, key, ekey, owner, PHASE_STATUS);
		start_status(op);
	}
	kc_rs_spec_clear(&spec);
	if (op->pending == 0)
		op_step(op); /* nothing to wait for: on, or the end */
	return SYNC_STARTED;
}

static kc_queue_result rs_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	rs_ctl *c = userdata;
	rs_keystate *ks = kc_map_get(c->keys, key);
	if (ks && ks->op) {
		ks->dirty = true; /* synced again once its op is done */
		return kc_queue_done();
	}
	int64_t t0 = kc_time_monotonic_ms();
	int rc = rs_sync(c, key);
	kc_log_v(4, "Finished syncing %s %s (%lld ms)", c->k->kind, key,
	         (long long)(kc_time_monotonic_ms() - t0));
	if (rc != SYNC_STARTED)
		settle(c, key, rc < 0);
	return kc_queue_done();
}

/* ---- informer handlers ---- */

static void enqueue(rs_ctl *c, const cJSON *owner)
{
	_cleanup_free_ char *key = kc_informer_key(owner);
	if (key)
		kc_queue_add(c->q, key);
}

static void owner_deleted(rs_ctl *c, const cJSON *owner)
{
	_cleanup_free_ char *key = kc_informer_key(owner);
	if (!key)
		return;
	kc_log_v(4, "Deleting %s %s", c->k->kind, key);
	/* a new owner of the same name starts clean */
	_cleanup_free_ char *ekey = expect_key(c, key);
	expectations_delete(c, ekey);
	kc_queue_add(c->q, key);
}

static void on_owner_add(const cJSON *owner, void *userdata)
{
	enqueue(userdata, owner);
}

static void on_owner_update(const cJSON *old, const cJSON *cur, void *userdata)
{
	rs_ctl *c = userdata;
	if (!streq(kc_json_get_str(old, "metadata.uid", ""), kc_json_get_str(cur, "metadata.uid", "")))
		owner_deleted(c, old); /* deleted and made again between two events */
	int64_t was = kc_json_get_int(old, "spec.replicas", 1),
	        now = kc_json_get_int(cur, "spec.replicas", 1);
	if (was != now)
		kc_log_v(4, "%s %s updated. Desired pod count change: %lld->%lld", c->k->kind,
		         kc_json_get_str(cur, "metadata.name", ""), (long long)was, (long long)now);
	enqueue(c, cur);
}

static void on_owner_delete(const cJSON *owner, void *userdata)
{
	owner_deleted(userdata, owner);
}

/* getPodReplicaSets: the owners whose selector matches an orphan. */
static void enqueue_matching_owners(rs_ctl *c, const cJSON *pod)
{
	size_t n = 0;
	_cleanup_free_ const cJSON **owners =
	    kc_informer_by_index(c->owners, "namespace", kc_json_get_str(pod, "metadata.namespace", ""), &n);
	for (size_t i = 0; i < n; i++) {
		_cleanup_selector_ kc_selector *sel = NULL;
		if (kc_rs_selector(c->k, owners[i], &sel, NULL) == 0 && kc_selector_matches_object(sel, pod))
			enqueue(c, owners[i]);
	}
}

static void on_pod_delete(const cJSON *pod, void *userdata)
{
	rs_ctl *c = userdata;
	const cJSON *owner =
	    resolve_ref(c, kc_json_get_str(pod, "metadata.namespace", ""), kc_rs_controller_ref(pod));
	if (!owner)
		return; /* no controller cares about orphans going */
	_cleanup_free_ char *key = kc_informer_key(owner);
	_cleanup_free_ char *ekey = expect_key(c, key);
	_cleanup_free_ char *pkey = pod_key(pod);
	kc_log_v(4, "Pod %s deleted (deletionTimestamp %s)", pkey,
	         kc_json_get_str(pod, "metadata.deletionTimestamp", "none"));
	deletion_observed(c, ekey, pkey);
	kc_queue_add(c->q, key);
}

static void on_pod_add(const cJSON *pod, void *userdata)
{
	rs_ctl *c = userdata;
	if (kc_json_get(pod, "metadata.deletionTimestamp")) {
		/* seen first already terminating (a restart): not a creation */
		on_pod_delete(pod, c);
		return;
	}
	const cJSON *ref = kc_rs_controller_ref(pod);
	if (ref) {
		const cJSON *owner = resolve_ref(c, kc_json_get_str(pod, "metadata.namespace", ""), ref);
		if (!owner)
			return;
		_cleanup_free_ char *key = kc_informer_key(owner);
		_cleanup_free_ char *ekey = expect_key(c, key);
		kc_log_v(4, "Pod %s/%s created", kc_json_get_str(pod, "metadata.namespace", ""),
		         kc_json_get_str(pod, "metadata.name", ""));
		kc_cm_creation_observed(c->cm, ekey);
		kc_queue_add(c->q, key);
		return;
	}
	/* an orphan: every owner that selects it may adopt it; no creation
	 * is observed (nobody waits for orphans) */
	enqueue_matching_owners(c, pod);
}

static bool same_ref(const cJSON *a, const cJSON *b)
{
	return kc_json_equal(a, b);
}

static void on_pod_update(const cJSON *old, const cJSON *cur, void *userdata)
{
	rs_ctl *c = userdata;
	if (streq(kc_json_get_str(old, "metadata.resourceVersion", ""),
	          kc_json_get_str(cur, "metadata.resourceVersion", "")))
		return; /* a resync: two versions of a pod always differ */
	bool labels_changed =
	    !kc_json_equal(kc_json_get(old, "metadata.labels"), kc_json_get(cur, "metadata.labels"));
	if (kc_json_get(cur, "metadata.deletionTimestamp")) {
		/* a graceful delete: the owner makes a replacement now, not
		 * when the kubelet is done */
		on_pod_delete(cur, c);
		if (labels_changed)
			on_pod_delete(old, c);
		return;
	}
	const char *ns = kc_json_get_str(cur, "metadata.namespace", "");
	const cJSON *cur_ref = kc_rs_controller_ref(cur), *old_ref = kc_rs_controller_ref(old);
	bool ref_changed = !same_ref(cur_ref, old_ref);
	if (ref_changed && old_ref) {
		const cJSON *owner = resolve_ref(c, ns, old_ref);
		if (owner)
			enqueue(c, owner);
	}
	if (cur_ref) {
		const cJSON *owner = resolve_ref(c, ns, cur_ref);
		if (!owner)
			return;
		enqueue(c, owner);
		int64_t mrs = kc_json_get_int(owner, "spec.minReadySeconds", 0);
		if (!kc_rs_pod_ready(old) && kc_rs_pod_ready(cur) && mrs > 0) {
			/* a second more against millisecond skew (upstream #39785) */
			_cleanup_free_ char *key = kc_informer_key(owner);
			kc_log_v(2, "pod %s/%s will be enqueued after %llds for availability check", ns,
			         kc_json_get_str(cur, "metadata.name", ""), (long long)mrs);
			kc_queue_add_after(c->q, key, (uint64_t)(mrs + 1) * 1000);
		}
		return;
	}
	if (labels_changed || ref_changed)
		enqueue_matching_owners(c, cur);
}

/* ---- index and lifecycle ---- */

static void index_controller_uid(const cJSON *obj, kc_index_values *out, void *userdata)
{
	(void)userdata;
	const cJSON *ref = kc_rs_controller_ref(obj);
	const char *uid = kc_json_get_str(ref, "uid", "");
	if (uid[0])
		kc_index_values_add(out, uid);
}

static void free_pod_set(void *set)
{
	kc_map_free(set);
}

static void *ctl_start(kc_cm *cm, const kc_rs_kind *k)
{
	rs_ctl *c = xcalloc(1, sizeof(*c));
	c->cm = cm;
	c->k = k;
	_cleanup_free_ char *path = xasprintf("%s/%s", k->api_prefix, k->resource);
	c->owners = kc_cm_informer(cm, path);
	c->pods = kc_cm_informer(cm, "/api/v1/pods");
	/* shared informers: another controller may have added these */
	(void)kc_informer_add_index(c->pods, "namespace", kc_informer_index_namespace, NULL);
	(void)kc_informer_add_index(c->owners, "namespace", kc_informer_index_namespace, NULL);
	(void)kc_informer_add_index(c->owners, INDEX_CONTROLLER, index_controller_uid, NULL);
	c->q = kc_cm_queue(cm, k->queue, rs_process, c);
	c->keys = kc_map_new(free);
	c->deleting = kc_map_new(free_pod_set);
	c->reported = kc_map_new(free);
	kc_informer_add_handlers(c->owners, &(kc_informer_handlers){.on_add = on_owner_add,
	                                                            .on_update = on_owner_update,
	                                                            .on_delete = on_owner_delete,
	                                                            .userdata = c});
	kc_informer_add_handlers(c->pods, &(kc_informer_handlers){.on_add = on_pod_add,
	                                                          .on_update = on_pod_update,
	                                                          .on_delete = on_pod_delete,
	                                                          .userdata = c});
	return c;
}

static void ctl_stop(void *state)
{
	rs_ctl *c = state;
	if (!c)
		return;
	/* cancel what is in flight; an op goes with its last request */
	while (c->reqs) {
		rs_req *r = c->reqs;
		c->reqs = r->next;
		kc_client_request_cancel(r->creq);
		if (--r->op->pending == 0)
			op_free(r->op);
		free(r->arg);
		free(r);
	}
	kc_map_free(c->keys);
	kc_map_free(c->deleting);
	kc_map_free(c->reported);
	free(c);
}

static void *rs_start(kc_cm *cm)
{
	return ctl_start(cm, &kc_rs_kind_replicaset);
}

static void *rc_start(kc_cm *cm)
{
	return ctl_start(cm, &kc_rs_kind_rc);
}

const kc_controller_def kc_controller_replicaset = {
    .name = "replicaset",
    .start = rs_start,
    .stop = ctl_stop,
};

const kc_controller_def kc_controller_replicationcontroller = {
    .name = "replicationcontroller",
    .start = rc_start,
    .stop = ctl_stop,
};
