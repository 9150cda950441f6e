/* scheduler.c - kc-scheduler's loop (scheduler.h). */
#include "scheduler/scheduler.h"

#include <errno.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/informer.h"
#include "common/json.h"
#include "common/log.h"
#include "common/map.h"
#include "common/selector.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "scheduler/queue.h"
#include "scheduler/sched.h"
#include "banned.h"

/* Pods scheduled per turn of the loop before it reads its sockets again:
 * binding answers and watch events must not wait behind a long queue. */
#define PER_TURN 32
/* upstream flushes the unschedulable pods every 30 s */
#define FLUSH_MS 30000
#define MAX_REASONS 8
/* Requests (bindings, events, status writes) in flight at once; the rest
 * wait their turn. Upstream binds in goroutines over one HTTP/2
 * connection; kc's client opens a connection per request in flight, and
 * thousands at once only time out. */
#define MAX_IN_FLIGHT 16

struct scheduler {
	struct event_base *base;
	kc_client *client;
	char *name;
	char *instance; /* reportingInstance of events */
	kc_informer *pods, *nodes, *pvcs, *pvs, *services;
	kc_map *nodes_by_name; /* name -> sched_node */
	sched_node **node_list;
	size_t nnodes;
	bool nodes_changed;  /* node_list must be rebuilt */
	kc_map *placed;      /* pod key -> node name (owned string) */
	kc_map *owner_counts; /* sched_owner_*_key -> count */
	int anti_pods;       /* placed pods with required anti-affinity */
	size_t next_start;   /* where the next search starts (upstream rotates) */
	unsigned rnd;
	sched_queue *q;
	struct event *run_ev, *backoff_ev, *flush_ev;
	struct outgoing *out_head, *out_tail; /* waiting */
	struct outgoing *sent[MAX_IN_FLIGHT]; /* in flight */
	int in_flight;
	kc_metric *m_attempts, *m_duration, *m_pending;
};

static int64_t now_ms(void) { return kc_time_monotonic_ms(); }

static void kick(scheduler *s) { event_active(s->run_ev, 0, 0); }

/* ---- requests, MAX_IN_FLIGHT at a time ---- */

typedef struct outgoing {
	struct outgoing *next;
	scheduler *s;
	const char *method; /* a literal */
	char *path, *body;
	const char *content_type; /* a literal */
	kc_client_cb cb;
	void *userdata;
	void (*free_userdata)(void *);
} outgoing;

static void outgoing_free(outgoing *o)
{
	if (o->free_userdata)
		o->free_userdata(o->userdata);
	free(o->path);
	free(o->body);
	free(o);
}

static void send_next(scheduler *s);

static void on_answer(kc_response *r, void *userdata)
{
	outgoing *o = userdata;
	scheduler *s = o->s;
	for (int i = 0; i < s->in_flight; i++)
		if (s->sent[i] == o)
			s->sent[i] = s->sent[--s->in_flight];
	if (o->cb)
		o->cb(r, o->userdata);
	outgoing_free(o);
	send_next(s);
}

static void send_next(scheduler *s)
{
	while (s->out_head && s->in_flight < MAX_IN_FLIGHT) {
		outgoing *o = s->out_head;
		s->out_head = o->next;
		if (!s->out_head)
			s->out_tail = NULL;
		s->sent[s->in_flight++] = o;
		if (kc_client_request(s->client, o->method, o->path, o->content_type, o->body, strlen(o->body), NULL,
				      on_answer, o) < 0) {
			s->in_flight--;
			kc_response none = {.status = 0};
			none.err.code = -EIO;
			snprintf(none.err.msg, sizeof(none.err.msg), "the request could not be made");
			if (o->cb)
				o->cb(&none, o->userdata);
			outgoing_free(o);
		}
	}
}

/* Queues a request; cb (may be NULL) gets the answer, free_userdata (may
 * be NULL) frees userdata after it, or if the scheduler stops first. */
static void request(scheduler *s, const char *method, const char *path, const char *content_type, const cJSON *body,
		    kc_client_cb cb, void *userdata, void (*free_userdata)(void *))
{
	outgoing *o = xcalloc(1, sizeof(*o));
	*o = (outgoing){NULL, s, method, xstrdup(path), cJSON_PrintUnformatted(body), content_type, cb, userdata,
			free_userdata};
	if (s->out_tail)
		s->out_tail->next = o;
	else
		s->out_head = o;
	s->out_tail = o;
	send_next(s);
}

/* ---- the cache: nodes ---- */

static void count_owner(scheduler *s, const cJSON *pod, const sched_node *n, int delta)
{
	const cJSON *ref;
	const char *uid = NULL;
	cJSON_ArrayForEach(ref, kc_json_get(pod, "metadata.ownerReferences"))
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ref, "controller")))
		uid = kc_json_get_str(ref, "uid", "");
	if (!uid || !uid[0])
		return;
	char *keys[2] = {sched_owner_node_key(uid, n->name), NULL};
	if (n->zone)
		keys[1] = sched_owner_zone_key(uid, n->zone);
	for (int i = 0; i < 2 && keys[i]; i++) {
		intptr_t v = (intptr_t)kc_map_get(s->owner_counts, keys[i]) + delta;
		if (v > 0)
			kc_map_put(s->owner_counts, keys[i], (void *)v);
		else
			kc_map_del(s->owner_counts, keys[i]);
		free(keys[i]);
	}
}

static bool has_anti(const cJSON *pod)
{
	return kc_json_get(pod, "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution") != NULL;
}

static void unplace(scheduler *s, const char *key)
{
	const char *node = kc_map_get(s->placed, key);
	if (!node)
		return;
	sched_node *n = kc_map_get(s->nodes_by_name, node);
	sched_placed *p = n ? sched_node_pod(n, key) : NULL;
	if (p) {
		count_owner(s, p->obj, n, -1);
		s->anti_pods -= has_anti(p->obj);
		sched_node_remove_pod(n, key);
	}
	kc_map_del(s->placed, key);
}

/* Puts the pod on node (a node not known yet gets an empty entry that its
 * informer fills in). */
static void place(scheduler *s, const char *key, const char *node, const cJSON *pod, bool assumed)
{
	unplace(s, key);
	sched_node *n = kc_map_get(s->nodes_by_name, node);
	if (!n) {
		n = sched_node_new(node);
		kc_map_put(s->nodes_by_name, node, n);
		s->nodes_changed = true;
	}
	sched_node_add_pod(n, key, pod, assumed);
	count_owner(s, pod, n, +1);
	s->anti_pods += has_anti(pod);
	kc_map_put(s->placed, key, xstrdup(node));
}

static bool relevant_node_change(const cJSON *a, const cJSON *b)
{
	static const char *const parts[] = {"spec", "metadata.labels", "status.allocatable", "status.conditions"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(parts); i++) {
		const cJSON *x = kc_json_get(a, parts[i]), *y = kc_json_get(b, parts[i]);
		if (!kc_json_equal(x, y) && (x || y))
			return true;
	}
	return false;
}

static void node_set(scheduler *s, const cJSON *node)
{
	const char *name = kc_json_get_str(node, "metadata.name", "");
	sched_node *n = kc_map_get(s->nodes_by_name, name);
	if (!n) {
		n = sched_node_new(name);
		kc_map_put(s->nodes_by_name, name, n);
		s->nodes_changed = true;
	}
	/* zones may change: recount the owners of its pods around the set */
	kc_map_iter it = {0};
	while (kc_map_next(n->pods, &it))
		count_owner(s, ((sched_placed *)it.value)->obj, n, -1);
	kc_error err = KC_ERROR_INIT;
	if (sched_node_set(n, node, &err) < 0)
		kc_log_error("%s; no pod will be placed on it", err.msg);
	it = (kc_map_iter){0};
	while (kc_map_next(n->pods, &it))
		count_owner(s, ((sched_placed *)it.value)->obj, n, +1);
}

static void on_node_add(const cJSON *node, void *userdata)
{
	scheduler *s = userdata;
	node_set(s, node);
	sched_queue_move_all(s->q, now_ms());
	kick(s);
}

static void on_node_update(const cJSON *old, const cJSON *node, void *userdata)
{
	scheduler *s = userdata;
	node_set(s, node);
	if (old != node && relevant_node_change(old, node)) {
		sched_queue_move_all(s->q, now_ms());
		kick(s);
	}
}

static void on_node_delete(const cJSON *node, void *userdata)
{
	scheduler *s = userdata;
	const char *name = kc_json_get_str(node, "metadata.name", "");
	sched_node *n = kc_map_get(s->nodes_by_name, name);
	if (!n)
		return;
	/* its pods are gone with it, as far as placement goes */
	size_t np = 0;
	_cleanup_free_ const char **keys = kc_map_sorted_keys(n->pods, &np);
	for (size_t i = 0; i < np; i++) {
		_cleanup_free_ char *key = xstrdup(keys[i]);
		unplace(s, key);
	}
	kc_map_del(s->nodes_by_name, name);
	s->nodes_changed = true;
}

/* ---- the cache and the queue: pods ---- */

static bool ours(const scheduler *s, const cJSON *pod)
{
	const char *name = kc_json_get_str(pod, "spec.schedulerName", "default-scheduler");
	return streq(name[0] ? name : "default-scheduler", s->name);
}

static bool terminal(const cJSON *pod)
{
	const char *phase = kc_json_get_str(pod, "status.phase", "");
	return streq(phase, "Succeeded") || streq(phase, "Failed");
}

static void pod_seen(scheduler *s, const cJSON *old, const cJSON *pod)
{
	_cleanup_free_ char *key = kc_informer_key(pod);
	if (!key)
		return;
	const char *node = kc_json_get_str(pod, "spec.nodeName", "");
	if (node[0]) {
		sched_queue_delete(s->q, key);
		if (terminal(pod)) {
			bool was = kc_map_has(s->placed, key);
			unplace(s, key);
			if (was) {
				sched_queue_move_all(s->q, now_ms());
				kick(s);
			}
		} else {
			place(s, key, node, pod, false); /* an assumption confirmed */
		}
		return;
	}
	if (!ours(s, pod) || kc_json_get(pod, "metadata.deletionTimestamp"))
		return;
	if (kc_map_has(s->placed, key))
		return; /* assumed: its binding is on its way */
	/* a change of the pod itself may make it fit; our own status write
	 * (PodScheduled=False) must not */
	bool moved = old && old != pod &&
		     (!kc_json_equal(kc_json_get(old, "spec"), kc_json_get(pod, "spec")) ||
		      !kc_json_equal(kc_json_get(old, "metadata.labels"), kc_json_get(pod, "metadata.labels")));
	sched_queue_add(s->q, key, kc_json_get_int(pod, "spec.priority", 0), moved, now_ms());
	kick(s);
}

static void on_pod_add(const cJSON *pod, void *userdata) { pod_seen(userdata, NULL, pod); }
static void on_pod_update(const cJSON *old, const cJSON *pod, void *userdata) { pod_seen(userdata, old, pod); }

static void on_pod_delete(const cJSON *pod, void *userdata)
{
	scheduler *s = userdata;
	_cleanup_free_ char *key = kc_informer_key(pod);
	if (!key)
		return;
	sched_queue_delete(s->q, key);
	if (kc_map_has(s->placed, key)) {
		unplace(s, key);
		sched_queue_move_all(s->q, now_ms());
		kick(s);
	}
}

/* ---- talking to the apiserver ---- */

static void on_event_posted(kc_response *r, void *userdata)
{
	(void)userdata;
	if (r->status < 200 || r->status >= 300)
		kc_log_v(2, "Server rejected event (will not retry!): %s", r->err.msg);
}

/* An events.k8s.io/v1 Event about pod, as upstream's scheduler records. */
static void record(scheduler *s, const cJSON *pod, const char *type, const char *reason, const char *action,
		   const char *note)
{
	const char *ns = kc_json_get_str(pod, "metadata.namespace", "");
	char now[KC_TIME_RFC3339_MICRO_MAX];
	kc_time_format_rfc3339_micro(kc_time_now(), now);
	_cleanup_json_ cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "apiVersion", "events.k8s.io/v1");
	cJSON_AddStringToObject(e, "kind", "Event");
	cJSON *meta = cJSON_AddObjectToObject(e, "metadata");
	_cleanup_free_ char *name = xasprintf("%s.%llx", kc_json_get_str(pod, "metadata.name", ""),
					      (unsigned long long)kc_time_now_usec() * 1000ULL + (s->rnd++ % 1000));
	cJSON_AddStringToObject(meta, "name", name);
	cJSON_AddStringToObject(meta, "namespace", ns);
	cJSON_AddStringToObject(e, "eventTime", now);
	cJSON_AddStringToObject(e, "reportingController", s->name);
	cJSON_AddStringToObject(e, "reportingInstance", s->instance);
	cJSON_AddStringToObject(e, "action", action);
	cJSON_AddStringToObject(e, "reason", reason);
	cJSON_AddStringToObject(e, "type", type);
	cJSON_AddStringToObject(e, "note", note);
	cJSON *reg = cJSON_AddObjectToObject(e, "regarding");
	cJSON_AddStringToObject(reg, "kind", "Pod");
	cJSON_AddStringToObject(reg, "namespace", ns);
	cJSON_AddStringToObject(reg, "name", kc_json_get_str(pod, "metadata.name", ""));
	cJSON_AddStringToObject(reg, "uid", kc_json_get_str(pod, "metadata.uid", ""));
	cJSON_AddStringToObject(reg, "apiVersion", "v1");
	cJSON_AddStringToObject(reg, "resourceVersion", kc_json_get_str(pod, "metadata.resourceVersion", ""));
	_cleanup_free_ char *path = xasprintf("/apis/events.k8s.io/v1/namespaces/%s/events", ns);
	request(s, "POST", path, "application/json", e, on_event_posted, NULL, NULL);
}

static void on_status_patched(kc_response *r, void *userdata)
{
	(void)userdata;
	if (r->status != 200 && r->status != 404)
		kc_log_warn("updating a pod's PodScheduled condition: %s", r->err.msg);
}

/* PodScheduled=False, reason Unschedulable, and the event, unless the pod
 * already says exactly that. */
static void report_unschedulable(scheduler *s, const cJSON *pod, const char *message)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, "status.conditions"))
	if (streq(kc_json_get_str(c, "type", ""), "PodScheduled") &&
	    streq(kc_json_get_str(c, "status", ""), "False") && streq(kc_json_get_str(c, "message", ""), message))
		return;
	record(s, pod, "Warning", "FailedScheduling", "Scheduling", message);
	char now[KC_TIME_RFC3339_MAX];
	kc_time_format_rfc3339(kc_time_now_sec(), now);
	_cleanup_json_ cJSON *patch = cJSON_CreateObject();
	cJSON *cond = cJSON_CreateObject();
	cJSON_AddStringToObject(cond, "type", "PodScheduled");
	cJSON_AddStringToObject(cond, "status", "False");
	cJSON_AddNullToObject(cond, "lastProbeTime");
	cJSON_AddStringToObject(cond, "lastTransitionTime", now);
	cJSON_AddStringToObject(cond, "reason", "Unschedulable");
	cJSON_AddStringToObject(cond, "message", message);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(cJSON_AddObjectToObject(patch, "status"), "conditions"), cond);
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/status",
					      kc_json_get_str(pod, "metadata.namespace", ""),
					      kc_json_get_str(pod, "metadata.name", ""));
	request(s, "PATCH", path, "application/strategic-merge-patch+json", patch, on_status_patched, NULL, NULL);
}

typedef struct bind_ctx {
	scheduler *s;
	char *key, *node;
	int64_t priority;
	int64_t start_us;
} bind_ctx;

static void observe(scheduler *s, const char *result, int64_t start_us)
{
	const char *values[] = {result, s->name};
	kc_metric_add(s->m_attempts, values, 1);
	kc_metric_observe(s->m_duration, values, (double)(kc_time_now_usec() - start_us) / 1e6);
}

static void on_bound(kc_response *r, void *userdata)
{
	bind_ctx *b = userdata;
	scheduler *s = b->s;
	const cJSON *pod = kc_informer_get(s->pods, b->key);
	if (r->status == 201 || r->status == 200) {
		observe(s, "scheduled", b->start_us);
		if (pod) {
			_cleanup_free_ char *note = xasprintf("Successfully assigned %s to %s", b->key, b->node);
			record(s, pod, "Normal", "Scheduled", "Binding", note);
		}
		kc_log_v(2, "Successfully bound pod to node: pod=\"%s\" node=\"%s\"", b->key, b->node);
	} else {
		/* forget the assumption: the node did not get the pod */
		const char *at = kc_map_get(s->placed, b->key);
		sched_node *n = at ? kc_map_get(s->nodes_by_name, at) : NULL;
		sched_placed *p = n ? sched_node_pod(n, b->key) : NULL;
		if (p && p->assumed)
			unplace(s, b->key);
		observe(s, "error", b->start_us);
		/* gone, or bound by someone else (409): nothing left to do */
		if (r->status != 404 && r->status != 409 && pod && !kc_json_get_str(pod, "spec.nodeName", "")[0]) {
			kc_log_warn("binding pod %s to %s failed, retrying: %s", b->key, b->node, r->err.msg);
			_cleanup_free_ char *msg = xasprintf("Binding rejected: %s", r->err.msg);
			record(s, pod, "Warning", "FailedScheduling", "Scheduling", msg);
			sched_queue_backoff(s->q, b->key, b->priority, now_ms());
			kick(s);
		}
	}
}

static void bind_ctx_free(void *p)
{
	bind_ctx *b = p;
	free(b->key);
	free(b->node);
	free(b);
}

static void send_binding(scheduler *s, const cJSON *pod, const char *key, const char *node, int64_t start_us)
{
	_cleanup_json_ cJSON *binding = cJSON_CreateObject();
	cJSON_AddStringToObject(binding, "apiVersion", "v1");
	cJSON_AddStringToObject(binding, "kind", "Binding");
	cJSON *meta = cJSON_AddObjectToObject(binding, "metadata");
	cJSON_AddStringToObject(meta, "name", kc_json_get_str(pod, "metadata.name", ""));
	cJSON_AddStringToObject(meta, "namespace", kc_json_get_str(pod, "metadata.namespace", ""));
	cJSON_AddStringToObject(meta, "uid", kc_json_get_str(pod, "metadata.uid", ""));
	cJSON *target = cJSON_AddObjectToObject(binding, "target");
	cJSON_AddStringToObject(target, "apiVersion", "v1");
	cJSON_AddStringToObject(target, "kind", "Node");
	cJSON_AddStringToObject(target, "name", node);
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/binding",
					      kc_json_get_str(pod, "metadata.namespace", ""),
					      kc_json_get_str(pod, "metadata.name", ""));
	bind_ctx *b = xcalloc(1, sizeof(*b));
	*b = (bind_ctx){s, xstrdup(key), xstrdup(node), kc_json_get_int(pod, "spec.priority", 0), start_us};
	request(s, "POST", path, "application/json", binding, on_bound, b, bind_ctx_free);
}

/* ---- one attempt ---- */

static const cJSON *lookup_pvc(const char *ns, const char *name, void *userdata)
{
	return kc_informer_get_by_name(((scheduler *)userdata)->pvcs, ns, name);
}

static const cJSON *lookup_pv(const char *ns, const char *name, void *userdata)
{
	(void)ns;
	return kc_informer_get_by_name(((scheduler *)userdata)->pvs, NULL, name);
}

static void rebuild_node_list(scheduler *s)
{
	if (!s->nodes_changed)
		return;
	size_t n = 0;
	_cleanup_free_ const char **names = kc_map_sorted_keys(s->nodes_by_name, &n);
	s->node_list = xrealloc(s->node_list, (n ? n : 1) * sizeof(*s->node_list));
	s->nnodes = 0;
	for (size_t i = 0; i < n; i++) {
		sched_node *node = kc_map_get(s->nodes_by_name, names[i]);
		if (node->obj) /* not only a name some pod was bound to */
			s->node_list[s->nnodes++] = node;
	}
	s->nodes_changed = false;
}

/* A pod without a controller spreads from the pods its Services select. */
static void spread_by_services(scheduler *s, sched_context *ctx, const sched_pod *p)
{
	if (p->owner_uid[0])
		return;
	size_t n = 0;
	_cleanup_free_ const cJSON **svcs = kc_informer_by_index(s->services, "namespace", p->ns, &n);
	kc_selector *sels[32];
	size_t nsels = 0;
	for (size_t i = 0; i < n && nsels < KC_ARRAY_SIZE(sels); i++) {
		const cJSON *selector = kc_json_get(svcs[i], "spec.selector");
		if (cJSON_GetArraySize(selector) == 0)
			continue; /* selects nothing */
		kc_selector *sel = NULL;
		if (kc_selector_from_set(selector, false, &sel, NULL) < 0)
			continue;
		if (kc_selector_matches_object(sel, p->obj))
			sels[nsels++] = sel;
		else
			kc_selector_free(sel);
	}
	sched_context_spread_by_selectors(ctx, s->node_list, s->nnodes, sels, nsels);
	for (size_t i = 0; i < nsels; i++)
		kc_selector_free(sels[i]);
}

static void count_reason(kc_map *reasons, const char *reason)
{
	intptr_t v = (intptr_t)kc_map_get(reasons, reason) + 1;
	kc_map_put(reasons, reason, (void *)v);
}

static void schedule_one(scheduler *s, const char *key)
{
	const cJSON *pod = kc_informer_get(s->pods, key);
	if (!pod || kc_json_get_str(pod, "spec.nodeName", "")[0] || kc_json_get(pod, "metadata.deletionTimestamp"))
		return;
	int64_t start_us = kc_time_now_usec();
	int64_t priority = kc_json_get_int(pod, "spec.priority", 0);
	sched_pod p;
	kc_error err = KC_ERROR_INIT;
	if (sched_pod_parse(pod, &p, &err) < 0) {
		/* a pod the apiserver took but that cannot be read: say so and
		 * wait for it to change */
		_cleanup_free_ char *msg = xasprintf("invalid pod: %s", err.msg);
		report_unschedulable(s, pod, msg);
		observe(s, "error", start_us);
		sched_queue_unschedulable(s->q, key, priority, now_ms());
		sched_pod_clear(&p);
		return;
	}
	rebuild_node_list(s);
	size_t n = s->nnodes;
	sched_context ctx;
	sched_context_build(&ctx, &p, s->node_list, n, s->owner_counts, s->anti_pods > 0, lookup_pvc, lookup_pv, s);
	spread_by_services(s, &ctx, &p);
	size_t want = sched_nodes_to_find(n);
	sched_node **feasible = xcalloc(n ? n : 1, sizeof(*feasible));
	size_t nfeasible = 0, checked = 0;
	kc_map *reasons = kc_map_new(NULL);
	for (; checked < n && nfeasible < want; checked++) {
		sched_node *node = s->node_list[(s->next_start + checked) % n];
		const char *why[MAX_REASONS];
		size_t k = sched_filter(&ctx, node, why, MAX_REASONS);
		if (!k)
			feasible[nfeasible++] = node;
		for (size_t i = 0; i < k && i < MAX_REASONS; i++)
			count_reason(reasons, why[i]);
	}
	if (n)
		s->next_start = (s->next_start + checked) % n;
	if (!nfeasible) {
		_cleanup_free_ char *msg = !n ? xstrdup("no nodes available to schedule pods")
				       : ctx.volume_error ? xasprintf("0/%zu nodes are available: %s.", n, ctx.volume_error)
							  : sched_fit_error(n, reasons);
		kc_log_v(2, "Unable to schedule pod; no fit; waiting: pod=\"%s\" err=\"%s\"", key, msg);
		report_unschedulable(s, pod, msg);
		observe(s, "unschedulable", start_us);
		sched_queue_unschedulable(s->q, key, priority, now_ms());
	} else {
		sched_score *scores = xcalloc(nfeasible, sizeof(*scores));
		size_t best = sched_score_all(&ctx, feasible, nfeasible, scores, s->rnd++);
		const char *node = feasible[best]->name;
		place(s, key, node, pod, true);
		send_binding(s, pod, key, node, start_us);
		free(scores);
	}
	kc_map_free(reasons);
	free(feasible);
	sched_context_clear(&ctx);
	sched_pod_clear(&p);
}

/* ---- the loop ---- */

static void arm_backoff(scheduler *s)
{
	int64_t next = sched_queue_next_backoff(s->q);
	if (next < 0)
		return;
	int64_t wait = next - now_ms();
	struct timeval tv = {0, 0};
	if (wait > 0) {
		tv.tv_sec = wait / 1000;
		tv.tv_usec = (wait % 1000) * 1000;
	}
	evtimer_add(s->backoff_ev, &tv);
}

static void run(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	scheduler *s = arg;
	if (!kc_informer_has_synced(s->pods) || !kc_informer_has_synced(s->nodes) ||
	    !kc_informer_has_synced(s->pvcs) || !kc_informer_has_synced(s->pvs) ||
	    !kc_informer_has_synced(s->services))
		return; /* on_synced kicks again */
	for (int i = 0; i < PER_TURN; i++) {
		char *key = NULL;
		if (!sched_queue_pop(s->q, now_ms(), &key))
			break;
		schedule_one(s, key);
		free(key);
		if (i == PER_TURN - 1)
			kick(s); /* more may wait: after the sockets */
	}
	arm_backoff(s);
}

static void on_backoff_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kick(arg);
}

static void on_flush_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	scheduler *s = arg;
	sched_queue_flush(s->q, now_ms());
	kick(s);
}

static void on_synced(void *userdata) { kick(userdata); }

static void informer_error(const kc_error *err, void *userdata)
{
	kc_log_v(2, "informer %s: %s", (const char *)userdata, err->msg);
}

static kc_informer *informer(scheduler *s, const char *path, const kc_informer_handlers *h)
{
	kc_informer_config cfg = {.path = path, .on_error = informer_error, .error_userdata = (void *)path};
	kc_informer *inf = kc_informer_new(s->base, s->client, &cfg, NULL);
	kc_informer_add_handlers(inf, h);
	return inf;
}

scheduler *scheduler_new(struct event_base *base, kc_client *client, const char *name, kc_metrics *metrics)
{
	scheduler *s = xcalloc(1, sizeof(*s));
	s->base = base;
	s->client = client;
	s->name = xstrdup(name);
	char host[256] = "";
	gethostname(host, sizeof(host) - 1);
	s->instance = xasprintf("%s-%s", name, host);
	s->rnd = (unsigned)kc_time_now_usec();
	s->nodes_by_name = kc_map_new((void (*)(void *))sched_node_free);
	s->placed = kc_map_new(free);
	s->owner_counts = kc_map_new(NULL);
	s->q = sched_queue_new();
	s->run_ev = event_new(base, -1, 0, run, s);
	s->backoff_ev = evtimer_new(base, on_backoff_timer, s);
	s->flush_ev = event_new(base, -1, EV_PERSIST, on_flush_timer, s);
	static const char *const result_labels[] = {"result", "profile", NULL};
	static const char *const queue_labels[] = {"queue", NULL};
	s->m_attempts = kc_metrics_counter(metrics, "scheduler_schedule_attempts_total",
					   "Number of attempts to schedule pods, by the result. 'unschedulable' means a "
					   "pod could not be scheduled, while 'error' means an internal scheduler problem.",
					   result_labels);
	s->m_duration = kc_metrics_histogram(metrics, "scheduler_scheduling_attempt_duration_seconds",
					     "Scheduling attempt latency in seconds (scheduling algorithm + binding)",
					     result_labels, kc_metrics_latency_buckets, kc_metrics_latency_nbuckets);
	s->m_pending = kc_metrics_gauge(metrics, "scheduler_pending_pods",
					"Number of pending pods, by the queue type. 'active' means number of pods in "
					"activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means "
					"number of pods in unschedulablePods.",
					queue_labels);
	s->pods = informer(s, "/api/v1/pods",
			   &(kc_informer_handlers){.on_add = on_pod_add, .on_update = on_pod_update,
						   .on_delete = on_pod_delete, .on_synced = on_synced, .userdata = s});
	s->nodes = informer(s, "/api/v1/nodes",
			    &(kc_informer_handlers){.on_add = on_node_add, .on_update = on_node_update,
						    .on_delete = on_node_delete, .on_synced = on_synced, .userdata = s});
	s->pvcs = informer(s, "/api/v1/persistentvolumeclaims",
			   &(kc_informer_handlers){.on_synced = on_synced, .userdata = s});
	s->pvs = informer(s, "/api/v1/persistentvolumes", &(kc_informer_handlers){.on_synced = on_synced, .userdata = s});
	s->services = informer(s, "/api/v1/services", &(kc_informer_handlers){.on_synced = on_synced, .userdata = s});
	kc_informer_add_index(s->services, "namespace", kc_informer_index_namespace, NULL);
	return s;
}

void scheduler_start(scheduler *s)
{
	kc_informer_start(s->nodes);
	kc_informer_start(s->pvcs);
	kc_informer_start(s->pvs);
	kc_informer_start(s->services);
	kc_informer_start(s->pods);
	struct timeval tv = {FLUSH_MS / 1000, 0};
	event_add(s->flush_ev, &tv);
}

void scheduler_update_metrics(scheduler *s)
{
	sched_queue_counts c;
	sched_queue_get_counts(s->q, &c);
	const char *active[] = {"active"}, *backoff[] = {"backoff"}, *unsched[] = {"unschedulable"};
	kc_metric_set(s->m_pending, active, (double)c.active);
	kc_metric_set(s->m_pending, backoff, (double)c.backoff);
	kc_metric_set(s->m_pending, unsched, (double)c.unschedulable);
}

void scheduler_free(scheduler *s)
{
	if (!s)
		return;
	kc_informer_free(s->pods);
	kc_informer_free(s->nodes);
	kc_informer_free(s->pvcs);
	kc_informer_free(s->pvs);
	kc_informer_free(s->services);
	/* requests not sent yet are dropped; those in flight are cancelled
	 * when the client is freed, without their callbacks */
	for (int i = 0; i < s->in_flight; i++)
		outgoing_free(s->sent[i]);
	while (s->out_head) {
		outgoing *o = s->out_head;
		s->out_head = o->next;
		outgoing_free(o);
	}
	event_free(s->run_ev);
	event_free(s->backoff_ev);
	event_free(s->flush_ev);
	sched_queue_free(s->q);
	kc_map_free(s->owner_counts);
	kc_map_free(s->placed);
	kc_map_free(s->nodes_by_name);
	free(s->node_list);
	free(s->instance);
	free(s->name);
	free(s);
}
