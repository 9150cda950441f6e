/* garbagecollector.c - the "garbagecollector" controller: cascading
 * deletion through ownerReferences (upstream's
 * pkg/controller/garbagecollector), on the graph and decisions of
 * garbagecollector_graph.c (garbagecollector.h).
 *
 * At start it asks discovery what the apiserver serves and watches every
 * resource that can be listed, watched and deleted (events excepted), in
 * all namespaces, feeding each informer event into the graph. The graph
 * queues uids on two work queues:
 *   - attemptToDelete: GET the object live; when it is deleting its
 *     dependents in the foreground, remove its foregroundDeletion finalizer
 *     once no blocking dependent is left (or queue those dependents);
 *     otherwise GET each owner live and decide (kc_gc_decide): an owner that
 *     is gone, or whose name now has another uid, is dangling; with no owner
 *     left the object is deleted (uid and resourceVersion preconditions), in
 *     the foreground when an owner is waiting for it;
 *   - attemptToOrphan: an owner being deleted with the orphan finalizer has
 *     its reference removed from every dependent, then the finalizer.
 * The apiserver sets the finalizers (apiserver/delete.c, propagationPolicy);
 * the collector does the rest. Owners deleted while the controller-manager
 * was down show up at start as virtual nodes the API says do not exist:
 * their dependents are then collected.
 *
 * Decisions rest on live GETs, never on the cache alone: a dependent seen
 * before its owner's informer caught up is never deleted. One job per uid
 * at a time, at most --concurrent-gc-syncs at once; a job is a
 * chain of asynchronous requests, and failures requeue its uid with
 * back-off. */
#include <errno.h>
#include <event2/event.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/log.h"
#include "common/map.h"
#include "common/util.h"
#include "controller-manager/cm.h"
#include "controller-manager/garbagecollector.h"
#include "banned.h"

#define GC_COMPONENT "garbage-collector-controller"

typedef struct gc_ctl gc_ctl;

/* One resource discovery reported. */
typedef struct gc_resource {
	gc_ctl *c;
	char *group, *version, *kind, *plural;
	bool namespaced;
	kc_informer *inf; /* when monitored */
} gc_resource;

typedef struct gc_job gc_job;
typedef struct gc_req gc_req;

struct gc_ctl {
	kc_cm *cm;
	kc_gc_graph *graph;
	kc_map *resources;   /* "group/Kind" -> gc_resource */
	gc_resource **monitors;
	size_t n_monitors;
	bool monitors_started, synced;
	kc_queue *del_q, *orph_q;
	kc_map *jobs;        /* "d:uid" / "o:uid" -> gc_job */
	kc_map *failures;    /* same keys -> unsigned * */
	kc_map *deferred;    /* same keys, waiting for a free worker */
	size_t active;
	/* discovery */
	struct event *disc_ev;
	unsigned disc_failures;
	int disc_pending;
	bool disc_failed;
	cJSON *disc_lists;
	gc_req *reqs;
};

enum gc_step {
	REQ_DISC_GROUPS,
	REQ_DISC_LIST,
	REQ_ITEM_GET,
	REQ_OWNER_GET,
	REQ_PATCH_FINALIZER,
	REQ_PATCH_REFS,
	REQ_PATCH_UNBLOCK,
	REQ_DELETE,     /* with the resourceVersion precondition */
	REQ_REGET,      /* after a 409 on REQ_DELETE */
	REQ_DELETE_UID, /* with the uid precondition alone */
	REQ_ORPHAN_DEP,
	REQ_ORPHAN_FINALIZER,
};

struct gc_req {
	gc_ctl *c;
	kc_client_req *creq;
	gc_job *job; /* NULL for discovery */
	enum gc_step step;
	size_t index; /* REQ_OWNER_GET: which reference */
	gc_req *prev, *next;
};

typedef enum gc_result { RES_DONE, RES_RETRY, RES_FORGET } gc_result;

struct gc_job {
	gc_ctl *c;
	bool orphan;
	char *key; /* "d:uid" or "o:uid" */
	const char *uid; /* key + 2 */
	kc_gc_identity id;
	gc_resource *res;
	cJSON *latest;
	const char *policy;
	kc_gc_owner_state *states;
	size_t n_refs;
	int outstanding;
	bool failed, forget, again;
};

/* ---- small helpers ---- */

static uint64_t backoff_ms(unsigned n)
{
	uint64_t d = 5;
	for (unsigned i = 1; i < n && d < 1000 * 1000; i++)
		d *= 2;
	return d < 1000 * 1000 ? d : 1000 * 1000;
}

static void gc_resource_free(void *p)
{
	gc_resource *r = p;
	free(r->group);
	free(r->version);
	free(r->kind);
	free(r->plural);
	free(r);
}

/* A path segment: names are DNS-like almost always, but an ownerReference
 * may name anything. */
static void add_segment(kc_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~:@", *p))
			kc_buf_addch(b, (char)*p);
		else
			kc_buf_addf(b, "%%%02X", *p);
	}
}

static void add_prefix(kc_buf *b, const gc_resource *r)
{
	if (r->group[0])
		kc_buf_addf(b, "/apis/%s/%s", r->group, r->version);
	else
		kc_buf_addf(b, "/api/%s", r->version);
}

/* The path of object name (in ns when the resource is namespaced). */
static char *object_path(const gc_resource *r, const char *ns, const char *name)
{
	kc_buf b = KC_BUF_INIT;
	add_prefix(&b, r);
	if (r->namespaced) {
		kc_buf_addstr(&b, "/namespaces/");
		add_segment(&b, ns);
	}
	kc_buf_addf(&b, "/%s/", r->plural);
	add_segment(&b, name);
	return kc_buf_release(&b);
}

/* The resource of (apiVersion, kind), by group and kind: the version an
 * owner reference names need not be the one discovery prefers. */
static gc_resource *lookup(gc_ctl *c, const char *api_version, const char *kind)
{
	const char *slash = strchr(api_version, '/');
	_cleanup_free_ char *group = slash ? xstrndup(api_version, (size_t)(slash - api_version)) : xstrdup("");
	_cleanup_free_ char *key = xasprintf("%s/%s", group, kind);
	return kc_map_get(c->resources, key);
}

/* ---- requests ---- */

static void on_answer(kc_response *resp, void *userdata);

static int gc_send(gc_ctl *c, gc_job *job, enum gc_step step, size_t index, const char *method, const char *path,
		   const char *content_type, const cJSON *body)
{
	_cleanup_free_ char *text = body ? kc_json_print(body) : NULL;
	gc_req *r = xcalloc(1, sizeof(*r));
	r->c = c;
	r->job = job;
	r->step = step;
	r->index = index;
	int rc = kc_client_request_ex(kc_cm_client(c->cm), method, path, text ? content_type : NULL, text,
				      text ? strlen(text) : 0, NULL, on_answer, r, &r->creq);
	if (rc < 0) {
		kc_log_error("garbagecollector: %s %s: %s", method, path, strerror(-rc));
		free(r);
		return rc;
	}
	r->next = c->reqs;
	if (c->reqs)
		c->reqs->prev = r;
	c->reqs = r;
	if (job)
		job->outstanding++;
	return 0;
}

/* ---- jobs ---- */

static void job_free(void *p)
{
	gc_job *j = p;
	if (!j)
		return;
	free(j->key);
	kc_gc_identity_clear(&j->id);
	cJSON_Delete(j->latest);
	free(j->states);
	free(j);
}

static kc_queue *queue_of(gc_ctl *c, const char *key)
{
	return key[0] == 'o' ? c->orph_q : c->del_q;
}

static void retry_key(gc_ctl *c, const char *key)
{
	unsigned *n = kc_map_get(c->failures, key);
	if (!n) {
		n = xcalloc(1, sizeof(*n));
		kc_map_put(c->failures, key, n);
	}
	(*n)++;
	kc_queue_add_after(queue_of(c, key), key + 2, backoff_ms(*n));
}

/* A worker became free: one deferred key gets it. */
static void wake_deferred(gc_ctl *c)
{
	kc_map_iter it = KC_MAP_ITER_INIT;
	if (!kc_map_next(c->deferred, &it))
		return;
	_cleanup_free_ char *key = xstrdup(it.key);
	kc_map_del(c->deferred, key);
	kc_queue_add(queue_of(c, key), key + 2);
}

static void finish(gc_job *j, gc_result res)
{
	gc_ctl *c = j->c;
	_cleanup_free_ char *key = xstrdup(j->key);
	bool again = j->again;
	kc_map_del(c->jobs, key); /* frees j */
	c->active--;
	if (res == RES_RETRY) {
		retry_key(c, key);
	} else {
		kc_map_del(c->failures, key);
		if (again)
			kc_queue_add(queue_of(c, key), key + 2);
	}
	wake_deferred(c);
}

/* Done, unless the object is still only a virtual node: then it is looked
 * at again until an informer shows it (upstream requeues it). */
static void finish_observed(gc_job *j)
{
	kc_gc_node *n = kc_gc_graph_get(j->c->graph, j->uid);
	finish(j, n && !n->observed ? RES_RETRY : RES_DONE);
}

static gc_job *job_new(gc_ctl *c, const char *key, bool orphan)
{
	gc_job *j = xcalloc(1, sizeof(*j));
	j->c = c;
	j->orphan = orphan;
	j->key = xstrdup(key);
	j->uid = j->key + 2;
	kc_map_put(c->jobs, key, j);
	c->active++;
	return j;
}

/* Whether a key may start now; otherwise it is remembered for later (busy
 * uid: again afterwards; no free worker: deferred). */
static bool may_start(gc_ctl *c, const char *key)
{
	gc_job *running = kc_map_get(c->jobs, key);
	if (running) {
		running->again = true;
		return false;
	}
	if (c->active >= (size_t)kc_cm_opts(c->cm)->concurrent_gc_syncs) {
		kc_map_put(c->deferred, key, NULL);
		return false;
	}
	return true;
}

static bool synced(gc_ctl *c)
{
	if (c->synced)
		return true;
	if (!c->monitors_started)
		return false;
	for (size_t i = 0; i < c->n_monitors; i++)
		if (!kc_informer_has_synced(c->monitors[i]->inf))
			return false;
	c->synced = true;
	kc_log_info("garbagecollector: all resource monitors have synced (%zu resources, %zu objects). Proceeding "
		    "to collect garbage",
		    c->n_monitors, kc_gc_graph_len(c->graph));
	return true;
}

/* ---- attemptToDelete ---- */

static void send_delete(gc_job *j, const char *rv)
{
	kc_log_v(2, "garbagecollector: deleting %s/%s %s%s%s (uid %s) with propagationPolicy %s", j->id.api_version,
		 j->id.kind, j->id.ns, j->id.ns[0] ? "/" : "", j->id.name, j->uid, j->policy);
	_cleanup_json_ cJSON *opts = kc_gc_delete_options(j->uid, rv, j->policy);
	_cleanup_free_ char *path = object_path(j->res, j->id.ns, j->id.name);
	if (gc_send(j->c, j, rv && rv[0] ? REQ_DELETE : REQ_DELETE_UID, 0, "DELETE", path, "application/json",
		    opts) < 0)
		finish(j, RES_RETRY);
}

static void conclude(gc_job *j)
{
	gc_ctl *c = j->c;
	if (j->forget) {
		finish(j, RES_FORGET);
		return;
	}
	if (j->failed) {
		finish(j, RES_RETRY);
		return;
	}
	kc_gc_node *n = kc_gc_graph_get(c->graph, j->uid);
	if (!n) {
		finish(j, RES_DONE);
		return;
	}
	size_t nd = 0;
	_cleanup_free_ kc_gc_node **deps = kc_gc_node_dependents(n, false, &nd);
	bool dep_deleting = false;
	for (size_t i = 0; i < nd; i++)
		dep_deleting |= deps[i]->deleting_dependents;
	kc_gc_action a = kc_gc_decide(j->latest, j->states, j->n_refs, nd, dep_deleting);
	j->policy = a.policy;
	switch (a.kind) {
	case KC_GC_NOTHING:
		kc_log_v(2, "garbagecollector: %s %s/%s has at least one existing owner, will not garbage collect",
			 j->id.kind, j->id.ns, j->id.name);
		finish_observed(j);
		return;
	case KC_GC_REMOVE_REFS: {
		_cleanup_free_ const char **uids = xcalloc(j->n_refs, sizeof(char *));
		size_t nu = 0, i = 0;
		const cJSON *r;
		cJSON_ArrayForEach(r, kc_json_get(j->latest, "metadata.ownerReferences"))
		{
			if (i < j->n_refs && j->states[i] != KC_GC_OWNER_SOLID)
				uids[nu++] = kc_json_get_str(r, "uid", "");
			i++;
		}
		_cleanup_json_ cJSON *patch = kc_gc_patch_remove_refs(j->latest, uids, nu);
		if (!patch) {
			finish_observed(j);
			return;
		}
		kc_log_v(2, "garbagecollector: remove dangling references and waiting references for %s %s/%s",
			 j->id.kind, j->id.ns, j->id.name);
		_cleanup_free_ char *path = object_path(j->res, j->id.ns, j->id.name);
		if (gc_send(c, j, REQ_PATCH_REFS, 0, "PATCH", path, "application/merge-patch+json", patch) < 0)
			finish(j, RES_RETRY);
		return;
	}
	case KC_GC_UNBLOCK_AND_DELETE: {
		_cleanup_json_ cJSON *patch = kc_gc_patch_unblock(j->latest);
		if (patch) {
			kc_log_v(2, "garbagecollector: %s %s/%s: some of its owners and its dependent have "
				 "FinalizerDeletingDependents; its ownerReferences are made non-blocking, then it is "
				 "deleted with Foreground",
				 j->id.kind, j->id.ns, j->id.name);
			_cleanup_free_ char *path = object_path(j->res, j->id.ns, j->id.name);
			if (gc_send(c, j, REQ_PATCH_UNBLOCK, 0, "PATCH", path, "application/merge-patch+json", patch) <
			    0)
				finish(j, RES_RETRY);
			return;
		}
		send_delete(j, kc_json_get_str(j->latest, "metadata.resourceVersion", ""));
		return;
	}
	case KC_GC_DELETE:
		send_delete(j, kc_json_get_str(j->latest, "metadata.resourceVersion", ""));
		return;
	}
}

/* The item is there: decide what its owners say. */
static void classify(gc_job *j)
{
	gc_ctl *c = j->c;
	kc_gc_node *n = kc_gc_graph_get(c->graph, j->uid);
	if (!n) {
		finish(j, RES_DONE);
		return;
	}
	if (n->deleting_dependents) {
		/* processDeletingDependentsItem */
		size_t nb = 0;
		_cleanup_free_ kc_gc_node **blocking = kc_gc_node_dependents(n, true, &nb);
		if (nb == 0) {
			_cleanup_json_ cJSON *patch = kc_gc_patch_remove_finalizer(j->latest, KC_GC_FINALIZER_FOREGROUND);
			if (!patch) {
				finish(j, RES_DONE);
				return;
			}
			kc_log_v(2, "garbagecollector: remove DeleteDependents finalizer for %s %s/%s", j->id.kind,
				 j->id.ns, j->id.name);
			_cleanup_free_ char *path = object_path(j->res, j->id.ns, j->id.name);
			if (gc_send(c, j, REQ_PATCH_FINALIZER, 0, "PATCH", path, "application/merge-patch+json", patch) <
			    0)
				finish(j, RES_RETRY);
			return;
		}
		for (size_t i = 0; i < nb; i++) {
			if (!blocking[i]->deleting_dependents)
				kc_queue_add(c->del_q, blocking[i]->id.uid);
		}
		finish(j, RES_DONE);
		return;
	}
	const cJSON *refs = kc_json_get(j->latest, "metadata.ownerReferences");
	j->n_refs = (size_t)cJSON_GetArraySize(refs);
	if (j->n_refs == 0) {
		kc_log_v(2, "garbagecollector: %s %s/%s doesn't have an owner, continue on next item", j->id.kind,
			 j->id.ns, j->id.name);
		finish_observed(j);
		return;
	}
	j->states = xcalloc(j->n_refs, sizeof(*j->states));
	size_t i = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, refs)
	{
		size_t idx = i++;
		kc_gc_identity owner = {
			.api_version = (char *)kc_json_get_str(r, "apiVersion", ""),
			.kind = (char *)kc_json_get_str(r, "kind", ""),
			.ns = (char *)"",
			.name = (char *)kc_json_get_str(r, "name", ""),
			.uid = (char *)kc_json_get_str(r, "uid", ""),
		};
		/* isDangling: recorded absent, cluster-scoped or namespaced. */
		if (kc_gc_graph_is_absent(c->graph, &owner)) {
			j->states[idx] = KC_GC_OWNER_DANGLING;
			continue;
		}
		owner.ns = j->id.ns;
		if (kc_gc_graph_is_absent(c->graph, &owner)) {
			j->states[idx] = KC_GC_OWNER_DANGLING;
			continue;
		}
		gc_resource *ores = lookup(c, owner.api_version, owner.kind);
		if (!ores) {
			kc_log_v(5, "garbagecollector: unable to get REST mapping for kind %s version %s (owner of %s "
				 "%s/%s)",
				 owner.kind, owner.api_version, j->id.kind, j->id.ns, j->id.name);
			j->failed = true;
			break;
		}
		if (!j->id.ns[0] && ores->namespaced) {
			kc_log_v(2, "garbagecollector: %s %s is cluster-scoped, but refers to a namespaced owner of type "
				 "%s/%s",
				 j->id.kind, j->id.name, owner.api_version, owner.kind);
			j->forget = true;
			break;
		}
		_cleanup_free_ char *path = object_path(ores, ores->namespaced ? j->id.ns : "", owner.name);
		if (gc_send(c, j, REQ_OWNER_GET, idx, "GET", path, NULL, NULL) < 0) {
			j->failed = true;
			break;
		}
	}
	if (j->outstanding == 0)
		conclude(j);
}

static void owner_answered(gc_job *j, size_t idx, kc_response *resp)
{
	const cJSON *r = cJSON_GetArrayItem(kc_json_get(j->latest, "metadata.ownerReferences"), (int)idx);
	const char *uid = kc_json_get_str(r, "uid", "");
	if (resp->status == 404 || (resp->status == 200 && cJSON_IsObject(resp->body))) {
		j->states[idx] = kc_gc_classify_owner(resp->status == 200 ? resp->body : NULL, uid);
		if (j->states[idx] == KC_GC_OWNER_DANGLING) {
			gc_resource *ores = lookup(j->c, kc_json_get_str(r, "apiVersion", ""), kc_json_get_str(r, "kind", ""));
			kc_gc_identity owner = {
				.api_version = (char *)kc_json_get_str(r, "apiVersion", ""),
				.kind = (char *)kc_json_get_str(r, "kind", ""),
				.ns = (char *)(ores && ores->namespaced ? j->id.ns : ""),
				.name = (char *)kc_json_get_str(r, "name", ""),
				.uid = (char *)uid,
			};
			kc_log_v(5, "garbagecollector: owner %s/%s %s of %s %s/%s is not found", owner.kind, owner.name,
				 uid, j->id.kind, j->id.ns, j->id.name);
			kc_gc_graph_mark_absent(j->c->graph, &owner);
		}
		return;
	}
	kc_log_v(2, "garbagecollector: getting owner %s of %s/%s: %s", uid, j->id.ns, j->id.name,
		 resp->err.msg[0] ? resp->err.msg : "no answer");
	j->failed = true;
}

static void item_answered(gc_job *j, kc_response *resp)
{
	if (resp->status == 404 ||
	    (resp->status == 200 && !streq(kc_json_get_str(resp->body, "metadata.uid", ""), j->uid))) {
		/* Gone (or another object by that name): a virtual delete event
		 * tells the graph. */
		kc_log_v(5, "garbagecollector: %s %s/%s not found, generating a virtual delete event", j->id.kind,
			 j->id.ns, j->id.name);
		kc_gc_graph_virtual_delete(j->c->graph, &j->id);
		finish(j, RES_FORGET);
		return;
	}
	if (resp->status != 200 || !cJSON_IsObject(resp->body)) {
		kc_log_v(2, "garbagecollector: getting %s %s/%s: %s", j->id.kind, j->id.ns, j->id.name,
			 resp->err.msg[0] ? resp->err.msg : "no answer");
		finish(j, RES_RETRY);
		return;
	}
	j->latest = TAKE_PTR(resp->body);
	classify(j);
}

/* ---- attemptToOrphan ---- */

static void orphan_finalize(gc_job *j)
{
	gc_ctl *c = j->c;
	kc_gc_node *n = kc_gc_graph_get(c->graph, j->uid);
	gc_resource *res = n ? n->source : NULL;
	const cJSON *owner = res && res->inf ? kc_informer_get_by_name(res->inf, n->id.ns[0] ? n->id.ns : NULL, n->id.name)
					     : NULL;
	if (!owner || !streq(kc_json_get_str(owner, "metadata.uid", ""), j->uid)) {
		finish(j, RES_DONE);
		return;
	}
	_cleanup_json_ cJSON *patch = kc_gc_patch_remove_finalizer(owner, KC_GC_FINALIZER_ORPHAN);
	if (!patch) {
		finish(j, RES_DONE);
		return;
	}
	kc_log_v(2, "garbagecollector: remove the orphan finalizer of %s %s/%s", n->id.kind, n->id.ns, n->id.name);
	_cleanup_free_ char *path = object_path(res, n->id.ns, n->id.name);
	if (gc_send(c, j, REQ_ORPHAN_FINALIZER, 0, "PATCH", path, "application/merge-patch+json", patch) < 0)
		finish(j, RES_RETRY);
}

static kc_queue_result orphan_process(kc_queue *q, const char *uid, void *userdata)
{
	(void)q;
	gc_ctl *c = userdata;
	if (!synced(c))
		return kc_queue_after(200);
	_cleanup_free_ char *key = xasprintf("o:%s", uid);
	if (!may_start(c, key))
		return kc_queue_done();
	kc_gc_node *n = kc_gc_graph_get(c->graph, uid);
	if (!n || !n->observed)
		return kc_queue_done();
	gc_job *j = job_new(c, key, true);
	kc_gc_identity_copy(&j->id, &n->id);
	size_t nd = 0;
	_cleanup_free_ kc_gc_node **deps = kc_gc_node_dependents(n, false, &nd);
	const char *owner_uid = j->uid;
	for (size_t i = 0; i < nd; i++) {
		gc_resource *res = deps[i]->source;
		if (!res || !res->inf)
			continue;
		const cJSON *obj =
			kc_informer_get_by_name(res->inf, deps[i]->id.ns[0] ? deps[i]->id.ns : NULL, deps[i]->id.name);
		if (!obj || !streq(kc_json_get_str(obj, "metadata.uid", ""), deps[i]->id.uid))
			continue;
		_cleanup_json_ cJSON *patch = kc_gc_patch_remove_refs(obj, &owner_uid, 1);
		if (!patch)
			continue;
		_cleanup_free_ char *path = object_path(res, deps[i]->id.ns, deps[i]->id.name);
		if (gc_send(c, j, REQ_ORPHAN_DEP, 0, "PATCH", path, "application/merge-patch+json", patch) < 0)
			j->failed = true;
	}
	if (j->outstanding == 0) {
		if (j->failed)
			finish(j, RES_RETRY);
		else
			orphan_finalize(j);
	}
	return kc_queue_done();
}

static kc_queue_result delete_process(kc_queue *q, const char *uid, void *userdata)
{
	(void)q;
	gc_ctl *c = userdata;
	if (!synced(c))
		return kc_queue_after(200);
	_cleanup_free_ char *key = xasprintf("d:%s", uid);
	if (!may_start(c, key))
		return kc_queue_done();
	kc_gc_node *n = kc_gc_graph_get(c->graph, uid);
	if (!n)
		return kc_queue_done();
	/* "Being deleted" is a one-way trip: wait for the final deletion,
	 * then its dependents are looked at. */
	if (n->being_deleted && !n->deleting_dependents)
		return kc_queue_done();
	gc_resource *res = lookup(c, n->id.api_version, n->id.kind);
	if (!res) {
		kc_log_v(5, "garbagecollector: unable to get REST mapping for kind %s version %s", n->id.kind,
			 n->id.api_version);
		retry_key(c, key);
		return kc_queue_done();
	}
	gc_job *j = job_new(c, key, false);
	kc_gc_identity_copy(&j->id, &n->id);
	j->res = res;
	_cleanup_free_ char *path = object_path(res, n->id.ns, n->id.name);
	if (gc_send(c, j, REQ_ITEM_GET, 0, "GET", path, NULL, NULL) < 0)
		finish(j, RES_RETRY);
	return kc_queue_done();
}

/* ---- discovery and monitors ---- */

static void on_object_add(const cJSON *obj, void *userdata)
{
	gc_resource *r = userdata;
	kc_gc_graph_observe(r->c->graph, KC_GC_EVENT_ADD, NULL, obj, r);
}

static void on_object_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	gc_resource *r = userdata;
	kc_gc_graph_observe(r->c->graph, KC_GC_EVENT_UPDATE, old_obj, new_obj, r);
}

static void on_object_delete(const cJSON *obj, void *userdata)
{
	gc_resource *r = userdata;
	kc_gc_graph_observe(r->c->graph, KC_GC_EVENT_DELETE, NULL, obj, r);
}

static bool has_verb(const cJSON *res, const char *verb)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, kc_json_get(res, "verbs"))
	{
		if (cJSON_IsString(v) && streq(v->valuestring, verb))
			return true;
	}
	return false;
}

/* Builds the resource table from the discovery answers and watches every
 * deletable resource (GetDeletableResources minus upstream's
 * ignoredResources, the events). */
static void start_monitors(gc_ctl *c)
{
	size_t cap = 0;
	const cJSON *list;
	cJSON_ArrayForEach(list, c->disc_lists) cap += (size_t)cJSON_GetArraySize(kc_json_get(list, "resources"));
	c->monitors = xcalloc(cap ? cap : 1, sizeof(*c->monitors));
	cJSON_ArrayForEach(list, c->disc_lists)
	{
		const char *gv = kc_json_get_str(list, "groupVersion", "");
		const char *slash = strchr(gv, '/');
		_cleanup_free_ char *group = slash ? xstrndup(gv, (size_t)(slash - gv)) : xstrdup("");
		const char *version = slash ? slash + 1 : gv;
		if (!version[0])
			continue;
		const cJSON *res;
		cJSON_ArrayForEach(res, kc_json_get(list, "resources"))
		{
			const char *name = kc_json_get_str(res, "name", "");
			const char *kind = kc_json_get_str(res, "kind", "");
			if (!name[0] || !kind[0] || strchr(name, '/'))
				continue;
			_cleanup_free_ char *key = xasprintf("%s/%s", group, kind);
			if (kc_map_has(c->resources, key))
				continue;
			gc_resource *r = xcalloc(1, sizeof(*r));
			r->c = c;
			r->group = xstrdup(group);
			r->version = xstrdup(version);
			r->kind = xstrdup(kind);
			r->plural = xstrdup(name);
			r->namespaced = kc_json_get_bool(res, "namespaced", false);
			kc_map_put(c->resources, key, r);
			if (!has_verb(res, "list") || !has_verb(res, "watch") || !has_verb(res, "delete"))
				continue;
			if (streq(kind, "Event") && (!group[0] || streq(group, "events.k8s.io")))
				continue;
			kc_buf path = KC_BUF_INIT;
			add_prefix(&path, r);
			kc_buf_addf(&path, "/%s", r->plural);
			r->inf = kc_cm_informer(c->cm, kc_buf_str(&path));
			kc_buf_free(&path);
			c->monitors[c->n_monitors++] = r;
		}
	}
	cJSON_Delete(c->disc_lists);
	c->disc_lists = NULL;
	c->monitors_started = true;
	for (size_t i = 0; i < c->n_monitors; i++) {
		gc_resource *r = c->monitors[i];
		kc_informer_add_handlers(r->inf, &(kc_informer_handlers){.on_add = on_object_add,
									 .on_update = on_object_update,
									 .on_delete = on_object_delete,
									 .userdata = r});
		/* Informers asked for after the process started its own are
		 * started here (-EALREADY for those already running). */
		(void)kc_informer_start(r->inf);
	}
	kc_log_info("garbagecollector: watching %zu resources for ownerReferences", c->n_monitors);
}

static void discover(gc_ctl *c);

static void on_discovery_retry(evutil_socket_t fd, short what, void *userdata)
{
	(void)fd;
	(void)what;
	discover(userdata);
}

static void discovery_answered(gc_ctl *c, gc_req *r, kc_response *resp)
{
	if (resp->status != 200 || !cJSON_IsObject(resp->body)) {
		kc_log_warn("garbagecollector: discovery failed: %s",
			    resp->err.msg[0] ? resp->err.msg : "unexpected answer");
		c->disc_failed = true;
	} else if (r->step == REQ_DISC_GROUPS) {
		const cJSON *g;
		cJSON_ArrayForEach(g, kc_json_get(resp->body, "groups"))
		{
			const char *gv = kc_json_get_str(g, "preferredVersion.groupVersion", "");
			if (!gv[0])
				continue;
			_cleanup_free_ char *path = xasprintf("/apis/%s", gv);
			if (gc_send(c, NULL, REQ_DISC_LIST, 0, "GET", path, NULL, NULL) < 0)
				c->disc_failed = true;
			else
				c->disc_pending++;
		}
	} else {
		cJSON_AddItemToArray(c->disc_lists, TAKE_PTR(resp->body));
	}
	if (--c->disc_pending > 0)
		return;
	if (c->disc_failed) {
		c->disc_failures++;
		uint64_t ms = 500;
		for (unsigned i = 1; i < c->disc_failures && ms < 30000; i++)
			ms *= 2;
		if (ms > 30000)
			ms = 30000;
		struct timeval tv = {(time_t)(ms / 1000), (suseconds_t)((ms % 1000) * 1000)};
		evtimer_add(c->disc_ev, &tv);
		return;
	}
	start_monitors(c);
}

static void discover(gc_ctl *c)
{
	cJSON_Delete(c->disc_lists);
	c->disc_lists = cJSON_CreateArray();
	c->disc_failed = false;
	c->disc_pending = 0;
	if (gc_send(c, NULL, REQ_DISC_LIST, 0, "GET", "/api/v1", NULL, NULL) == 0)
		c->disc_pending++;
	if (gc_send(c, NULL, REQ_DISC_GROUPS, 0, "GET", "/apis", NULL, NULL) == 0)
		c->disc_pending++;
	if (c->disc_pending < 2) {
		/* Nothing answers a request that never went out. */
		c->disc_failed = true;
		if (c->disc_pending == 0) {
			struct timeval tv = {1, 0};
			evtimer_add(c->disc_ev, &tv);
		}
	}
}

/* ---- answers ---- */

static bool ok(const kc_response *resp)
{
	return resp->status >= 200 && resp->status < 300;
}

static const char *why(const kc_response *resp)
{
	return resp->err.msg[0] ? resp->err.msg : "no answer";
}

static void on_answer(kc_response *resp, void *userdata)
{
	gc_req *r = userdata;
	gc_ctl *c = r->c;
	if (r->prev)
		r->prev->next = r->next;
	else
		c->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	gc_job *j = r->job;
	enum gc_step step = r->step;
	size_t idx = r->index;
	free(r);
	if (!j) {
		discovery_answered(c, &(gc_req){.step = step}, resp);
		return;
	}
	j->outstanding--;
	switch (step) {
	case REQ_DISC_GROUPS:
	case REQ_DISC_LIST:
		break;
	case REQ_ITEM_GET:
		item_answered(j, resp);
		return;
	case REQ_OWNER_GET:
		owner_answered(j, idx, resp);
		if (j->outstanding == 0)
			conclude(j);
		return;
	case REQ_PATCH_FINALIZER:
	case REQ_ORPHAN_FINALIZER:
		if (ok(resp) || resp->status == 404) {
			finish(j, RES_DONE);
		} else {
			kc_log_v(2, "garbagecollector: removing a finalizer of %s/%s: %s", j->id.ns, j->id.name, why(resp));
			finish(j, RES_RETRY);
		}
		return;
	case REQ_PATCH_REFS:
		if (ok(resp) || resp->status == 404) {
			finish_observed(j);
		} else {
			kc_log_v(2, "garbagecollector: removing references of %s/%s: %s", j->id.ns, j->id.name, why(resp));
			finish(j, RES_RETRY);
		}
		return;
	case REQ_PATCH_UNBLOCK:
		if (resp->status == 404) {
			finish(j, RES_DONE);
		} else if (!ok(resp) || !cJSON_IsObject(resp->body)) {
			finish(j, RES_RETRY);
		} else {
			cJSON_Delete(j->latest);
			j->latest = TAKE_PTR(resp->body);
			send_delete(j, kc_json_get_str(j->latest, "metadata.resourceVersion", ""));
		}
		return;
	case REQ_DELETE:
	case REQ_DELETE_UID:
		if (ok(resp) || resp->status == 404) {
			finish_observed(j);
		} else if (resp->status == 409 && step == REQ_DELETE) {
			/* Changed since: delete anyway if its owners did not. */
			_cleanup_free_ char *path = object_path(j->res, j->id.ns, j->id.name);
			if (gc_send(c, j, REQ_REGET, 0, "GET", path, NULL, NULL) < 0)
				finish(j, RES_RETRY);
		} else {
			kc_log_v(2, "garbagecollector: deleting %s %s/%s: %s", j->id.kind, j->id.ns, j->id.name, why(resp));
			finish(j, RES_RETRY);
		}
		return;
	case REQ_REGET:
		if (resp->status == 404) {
			finish(j, RES_DONE);
		} else if (ok(resp) && streq(kc_json_get_str(resp->body, "metadata.uid", ""), j->uid) &&
			   kc_json_equal(kc_json_get(resp->body, "metadata.ownerReferences"),
					 kc_json_get(j->latest, "metadata.ownerReferences"))) {
			send_delete(j, NULL);
		} else {
			finish(j, RES_RETRY);
		}
		return;
	case REQ_ORPHAN_DEP:
		if (!ok(resp) && resp->status != 404) {
			kc_log_v(2, "garbagecollector: orphanDependents for %s failed: %s", j->uid, why(resp));
			j->failed = true;
		}
		if (j->outstanding > 0)
			return;
		if (j->failed)
			finish(j, RES_RETRY);
		else
			orphan_finalize(j);
		return;
	}
}

/* ---- the graph's callbacks ---- */

static void graph_delete(const char *uid, void *userdata)
{
	gc_ctl *c = userdata;
	kc_queue_add(c->del_q, uid);
}

static void graph_orphan(const char *uid, void *userdata)
{
	gc_ctl *c = userdata;
	kc_queue_add(c->orph_q, uid);
}

static void graph_invalid_namespace(const kc_gc_node *dependent, const kc_gc_ref *owner, void *userdata)
{
	gc_ctl *c = userdata;
	kc_gc_identity bad = {.api_version = owner->api_version,
			      .kind = owner->kind,
			      .ns = dependent->id.ns,
			      .name = owner->name,
			      .uid = owner->uid};
	_cleanup_free_ char *s = kc_gc_identity_string(&bad);
	_cleanup_json_ cJSON *ref = cJSON_CreateObject();
	cJSON_AddStringToObject(ref, "apiVersion", dependent->id.api_version);
	cJSON_AddStringToObject(ref, "kind", dependent->id.kind);
	cJSON *meta = cJSON_AddObjectToObject(ref, "metadata");
	cJSON_AddStringToObject(meta, "name", dependent->id.name);
	if (dependent->id.ns[0])
		cJSON_AddStringToObject(meta, "namespace", dependent->id.ns);
	cJSON_AddStringToObject(meta, "uid", dependent->id.uid);
	kc_cm_event(c->cm, GC_COMPONENT, ref, "Warning", "OwnerRefInvalidNamespace",
		    "ownerRef %s does not exist in namespace \"%s\"", s, dependent->id.ns);
}

/* ---- start and stop ---- */

static void *gc_start(kc_cm *cm)
{
	gc_ctl *c = xcalloc(1, sizeof(*c));
	c->cm = cm;
	c->graph = kc_gc_graph_new(&(kc_gc_graph_ops){.attempt_to_delete = graph_delete,
						      .attempt_to_orphan = graph_orphan,
						      .invalid_namespace = graph_invalid_namespace,
						      .userdata = c});
	c->resources = kc_map_new(gc_resource_free);
	c->jobs = kc_map_new(job_free);
	c->failures = kc_map_new(free);
	c->deferred = kc_map_new(NULL);
	c->del_q = kc_cm_queue(cm, "garbage_collector_attempt_to_delete", delete_process, c);
	c->orph_q = kc_cm_queue(cm, "garbage_collector_attempt_to_orphan", orphan_process, c);
	c->disc_ev = evtimer_new(kc_cm_base(cm), on_discovery_retry, c);
	discover(c);
	return c;
}

static void gc_stop(void *state)
{
	gc_ctl *c = state;
	if (!c)
		return;
	if (c->disc_ev)
		event_free(c->disc_ev);
	while (c->reqs) {
		gc_req *r = c->reqs;
		c->reqs = r->next;
		kc_client_request_cancel(r->creq);
		free(r);
	}
	kc_map_free(c->jobs);
	kc_map_free(c->failures);
	kc_map_free(c->deferred);
	cJSON_Delete(c->disc_lists);
	free(c->monitors);
	kc_map_free(c->resources);
	kc_gc_graph_free(c->graph);
	free(c);
}

const kc_controller_def kc_controller_garbagecollector = {
	.name = "garbagecollector", .start = gc_start, .stop = gc_stop};
