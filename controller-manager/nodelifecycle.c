/* nodelifecycle.c - the "nodelifecycle" controller (upstream's
 * pkg/controller/nodelifecycle) and the pure helpers it shares with the
 * taint eviction controller (nodelifecycle.h).
 *
 * Every --node-monitor-period it looks at each node (monitorNodeHealth):
 *   - a node whose Lease in kube-node-lease was not renewed, and whose Ready
 *     condition's heartbeat did not move, for --node-monitor-grace-period
 *     (measured on the controller's own clock) gets Ready, MemoryPressure,
 *     DiskPressure and PIDPressure set Unknown ("Kubelet stopped posting
 *     node status."); when Ready leaves True, a NodeNotReady event and the
 *     Ready condition of the node's pods set False (MarkPodsNotReady);
 *   - a node seen Ready=False or Unknown is queued to be tainted
 *     node.kubernetes.io/not-ready or unreachable:NoExecute, at
 *     --node-eviction-rate (0.1 nodes/s per zone; 0.01 when a large zone is
 *     partially disrupted, none when every zone is fully disrupted: then
 *     the controller assumes its own network is at fault, removes those
 *     taints and stops, as upstream's "master disruption mode");
 *   - a Ready node loses both taints.
 * Node add/update events keep the NoSchedule condition taints
 * (doNoScheduleTaintingPass) and the beta os/arch labels in step. Pods are
 * evicted from NoExecute-tainted nodes by tainteviction.c.
 *
 * Writes go out asynchronously; a node with a status update or a taint
 * patch in flight is left alone until it answers. Patches carry the
 * resourceVersion they were computed from, so a stale cache means a 409 and
 * another try on the next pass, never a lost update. */
#include <errno.h>
#include <event2/event.h>
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

/* ---- taints ---- */

static bool taint_matches(const cJSON *t, const char *key, const char *effect)
{
	return streq(kc_json_get_str(t, "key", ""), key) && streq(kc_json_get_str(t, "effect", ""), effect);
}

bool kc_nl_taint_exists(const cJSON *taints, const char *key, const char *effect)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, taints) if (taint_matches(t, key, effect)) return true;
	return false;
}

cJSON *kc_nl_swap_taints(const cJSON *taints, const kc_nl_taint_ref *add, size_t n_add, const kc_nl_taint_ref *remove,
			 size_t n_remove, const char *now_rfc3339)
{
	_cleanup_json_ cJSON *out = cJSON_CreateArray();
	bool changed = false;
	const cJSON *t;
	cJSON_ArrayForEach(t, taints)
	{
		bool drop = false;
		for (size_t i = 0; i < n_remove && !drop; i++)
			drop = taint_matches(t, remove[i].key, remove[i].effect);
		if (drop) {
			changed = true;
			continue;
		}
		cJSON_AddItemToArray(out, cJSON_Duplicate(t, true));
	}
	for (size_t i = 0; i < n_add; i++) {
		/* AddOrUpdateTaint: a taint of that key and effect equal to the
		 * new one stays; one that differs (a value) is replaced. A
		 * template has no value, so only the value can differ. */
		bool found = false;
		cJSON *cur;
		cJSON_ArrayForEach(cur, out)
		{
			if (!taint_matches(cur, add[i].key, add[i].effect))
				continue;
			found = true;
			if (kc_json_get_str(cur, "value", "")[0]) {
				kc_json_object_remove(cur, "value");
				kc_json_object_put(cur, "timeAdded", cJSON_CreateString(now_rfc3339));
				changed = true;
			}
			break;
		}
		if (found)
			continue;
		cJSON *nt = cJSON_CreateObject();
		cJSON_AddStringToObject(nt, "key", add[i].key);
		cJSON_AddStringToObject(nt, "effect", add[i].effect);
		cJSON_AddStringToObject(nt, "timeAdded", now_rfc3339);
		cJSON_AddItemToArray(out, nt);
		changed = true;
	}
	return changed ? TAKE_PTR(out) : NULL;
}

static const struct {
	const char *condition, *status, *taint;
} condition_taints[] = {
	{"Ready", "False", KC_TAINT_NOT_READY},
	{"Ready", "Unknown", KC_TAINT_UNREACHABLE},
	{"MemoryPressure", "True", KC_TAINT_MEMORY_PRESSURE},
	{"DiskPressure", "True", KC_TAINT_DISK_PRESSURE},
	{"NetworkUnavailable", "True", KC_TAINT_NETWORK_UNAVAILABLE},
	{"PIDPressure", "True", KC_TAINT_PID_PRESSURE},
};

static bool is_condition_taint_key(const char *key)
{
	if (streq(key, KC_TAINT_UNSCHEDULABLE))
		return true;
	for (size_t i = 0; i < KC_ARRAY_SIZE(condition_taints); i++)
		if (streq(key, condition_taints[i].taint))
			return true;
	return false;
}

static bool ref_in(const kc_nl_taint_ref *refs, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (streq(refs[i].key, key))
			return true;
	return false;
}

bool kc_nl_noschedule_diff(const cJSON *node, kc_nl_taint_ref add[8], size_t *n_add, kc_nl_taint_ref remove[8],
			   size_t *n_remove)
{
	kc_nl_taint_ref want[8];
	size_t n_want = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(node, "status.conditions"))
	{
		const char *type = kc_json_get_str(c, "type", ""), *status = kc_json_get_str(c, "status", "");
		for (size_t i = 0; i < KC_ARRAY_SIZE(condition_taints); i++) {
			if (streq(type, condition_taints[i].condition) && streq(status, condition_taints[i].status) &&
			    !ref_in(want, n_want, condition_taints[i].taint) && n_want < 8)
				want[n_want++] = (kc_nl_taint_ref){condition_taints[i].taint, "NoSchedule"};
		}
	}
	if (kc_json_get_bool(node, "spec.unschedulable", false) && n_want < 8)
		want[n_want++] = (kc_nl_taint_ref){KC_TAINT_UNSCHEDULABLE, "NoSchedule"};
	*n_add = *n_remove = 0;
	const cJSON *taints = kc_json_get(node, "spec.taints");
	for (size_t i = 0; i < n_want; i++)
		if (!kc_nl_taint_exists(taints, want[i].key, "NoSchedule"))
			add[(*n_add)++] = want[i];
	const cJSON *t;
	cJSON_ArrayForEach(t, taints)
	{
		const char *key = kc_json_get_str(t, "key", "");
		if (!streq(kc_json_get_str(t, "effect", ""), "NoSchedule") || !is_condition_taint_key(key))
			continue;
		if (!ref_in(want, n_want, key) && !ref_in(remove, *n_remove, key) && *n_remove < 8)
			remove[(*n_remove)++] = (kc_nl_taint_ref){key, "NoSchedule"};
	}
	return *n_add || *n_remove;
}

static const char *label(const cJSON *node, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(kc_json_get(node, "metadata.labels"), key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

cJSON *kc_nl_labels_to_reconcile(const cJSON *node)
{
	static const char *const pairs[][2] = {
		{"kubernetes.io/os", "beta.kubernetes.io/os"},
		{"kubernetes.io/arch", "beta.kubernetes.io/arch"},
	};
	_cleanup_json_ cJSON *out = cJSON_CreateObject();
	for (size_t i = 0; i < KC_ARRAY_SIZE(pairs); i++) {
		const char *primary = label(node, pairs[i][0]), *secondary = label(node, pairs[i][1]);
		if (primary && (!secondary || !streq(primary, secondary)))
			cJSON_AddStringToObject(out, pairs[i][1], primary);
	}
	return out->child ? TAKE_PTR(out) : NULL;
}

const char *kc_nl_zone_key(const cJSON *node, char *buf, size_t n)
{
	const char *zone = label(node, "topology.kubernetes.io/zone");
	if (!zone)
		zone = label(node, "failure-domain.beta.kubernetes.io/zone");
	const char *region = label(node, "topology.kubernetes.io/region");
	if (!region)
		region = label(node, "failure-domain.beta.kubernetes.io/region");
	if ((!region || !region[0]) && (!zone || !zone[0]))
		snprintf(buf, n, "%s", "");
	else
		snprintf(buf, n, "%s:\x01:%s", region ? region : "", zone ? zone : "");
	return buf;
}

/* ---- node health ---- */

static cJSON *condition(const cJSON *obj, const char *type)
{
	cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(obj, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), type))
			return c;
	}
	return NULL;
}

static kc_nl_ready ready_of(const cJSON *cond)
{
	if (!cond)
		return KC_NL_READY_NONE;
	const char *s = kc_json_get_str(cond, "status", "");
	if (streq(s, "True"))
		return KC_NL_READY_TRUE;
	if (streq(s, "False"))
		return KC_NL_READY_FALSE;
	return KC_NL_READY_UNKNOWN;
}

kc_nl_ready kc_nl_node_ready(const cJSON *node)
{
	return ready_of(condition(node, "Ready"));
}

void kc_nl_health_clear(kc_nl_health *h)
{
	free(h->saved_ready_heartbeat);
	free(h->saved_ready_transition);
	*h = (kc_nl_health){0};
}

/* Saves the Ready condition of status (a node) as the one seen. */
static void save_ready(kc_nl_health *h, const cJSON *node)
{
	const cJSON *c = condition(node, "Ready");
	free(h->saved_ready_heartbeat);
	free(h->saved_ready_transition);
	h->saved_ready_heartbeat = h->saved_ready_transition = NULL;
	h->saved_ready = c != NULL;
	if (c) {
		h->saved_ready_heartbeat = xstrdup(kc_json_get_str(c, "lastHeartbeatTime", ""));
		h->saved_ready_transition = xstrdup(kc_json_get_str(c, "lastTransitionTime", ""));
	}
}

static bool time_before(kc_time a, kc_time b)
{
	return a.sec < b.sec || (a.sec == b.sec && a.nsec < b.nsec);
}

static void set_unknown(cJSON *node, const char *type, const char *now_rfc3339)
{
	cJSON *c = condition(node, type);
	if (!c) {
		cJSON *conds = kc_json_get(node, "status.conditions");
		if (!cJSON_IsArray(conds)) {
			conds = cJSON_CreateArray();
			kc_json_set(node, "status.conditions", conds, NULL);
		}
		c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "type", type);
		cJSON_AddStringToObject(c, "status", "Unknown");
		cJSON_AddStringToObject(c, "lastHeartbeatTime",
					kc_json_get_str(node, "metadata.creationTimestamp", now_rfc3339));
		cJSON_AddStringToObject(c, "lastTransitionTime", now_rfc3339);
		cJSON_AddStringToObject(c, "reason", "NodeStatusNeverUpdated");
		cJSON_AddStringToObject(c, "message", "Kubelet never posted node status.");
		cJSON_AddItemToArray(conds, c);
		return;
	}
	if (streq(kc_json_get_str(c, "status", ""), "Unknown"))
		return;
	kc_json_object_put(c, "status", cJSON_CreateString("Unknown"));
	kc_json_object_put(c, "reason", cJSON_CreateString("NodeStatusUnknown"));
	kc_json_object_put(c, "message", cJSON_CreateString("Kubelet stopped posting node status."));
	kc_json_object_put(c, "lastTransitionTime", cJSON_CreateString(now_rfc3339));
}

void kc_nl_update_health(kc_nl_health *h, const cJSON *node, const cJSON *lease, int64_t now_ms,
			 const char *now_rfc3339, int64_t grace_ms, int64_t startup_grace_ms, cJSON **ret_updated,
			 kc_nl_ready *ret_observed, kc_nl_ready *ret_current)
{
	*ret_updated = NULL;
	const cJSON *cur = condition(node, "Ready");
	kc_nl_ready observed = cur ? ready_of(cur) : KC_NL_READY_UNKNOWN;
	int64_t grace = cur ? grace_ms : startup_grace_ms;

	if (!cur) {
		/* The kubelet never posted: the node's creation is its last sign
		 * of life (a fresh entry; probe = creation, on our clock: now
		 * minus its age). */
		if (!h->known) {
			kc_time created;
			int64_t age_ms = 0;
			if (kc_time_parse_rfc3339(kc_json_get_str(node, "metadata.creationTimestamp", ""), &created,
						  NULL) == 0) {
				kc_time now = kc_time_now();
				age_ms = (now.sec - created.sec) * 1000 + (now.nsec - created.nsec) / 1000000;
				if (age_ms < 0)
					age_ms = 0;
			}
			h->known = true;
			h->probe_ms = h->ready_transition_ms = now_ms - age_ms;
		}
		save_ready(h, node);
	} else if (!h->known || !h->saved_ready) {
		/* First look, or the controller restarted with the node already
		 * posting: now is the probe time. */
		h->known = true;
		h->probe_ms = h->ready_transition_ms = now_ms;
		save_ready(h, node);
	} else if (!streq(h->saved_ready_heartbeat, kc_json_get_str(cur, "lastHeartbeatTime", ""))) {
		if (!streq(h->saved_ready_transition, kc_json_get_str(cur, "lastTransitionTime", "")))
			h->ready_transition_ms = now_ms;
		h->probe_ms = now_ms;
		save_ready(h, node);
	}

	/* A renewed Lease is a sign of life too. */
	if (lease) {
		kc_time renew = {0, 0};
		const char *rt = kc_json_get_str(lease, "spec.renewTime", "");
		if (rt[0] && kc_time_parse_rfc3339(rt, &renew, NULL) < 0)
			renew = (kc_time){0, 0};
		if (!h->saved_lease || time_before(h->lease_renew, renew)) {
			h->saved_lease = true;
			h->lease_renew = renew;
			h->probe_ms = now_ms;
		}
	}

	kc_nl_ready current = ready_of(cur);
	if (now_ms > h->probe_ms + grace) {
		_cleanup_json_ cJSON *copy = cJSON_Duplicate(node, true);
		static const char *const types[] = {"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"};
		for (size_t i = 0; i < KC_ARRAY_SIZE(types); i++)
			set_unknown(copy, types[i], now_rfc3339);
		const cJSON *after = condition(copy, "Ready");
		current = ready_of(after);
		if (!cur || !kc_json_equal(cur, after)) {
			save_ready(h, copy);
			h->ready_transition_ms = now_ms;
			*ret_updated = TAKE_PTR(copy);
		}
	}
	*ret_observed = observed;
	*ret_current = current;
}

/* UpdatePodCondition for one condition type of a pod copy. */
static bool update_pod_condition(cJSON *pod, const char *type, const char *status, const char *reason,
				 const char *message, const char *now_rfc3339, bool keep_reason)
{
	cJSON *c = condition(pod, type);
	if (!c) {
		cJSON *conds = kc_json_get(pod, "status.conditions");
		if (!cJSON_IsArray(conds)) {
			conds = cJSON_CreateArray();
			if (kc_json_set(pod, "status.conditions", conds, NULL) < 0)
				return false;
		}
		c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "type", type);
		cJSON_AddStringToObject(c, "status", status);
		cJSON_AddStringToObject(c, "lastTransitionTime", now_rfc3339);
		if (reason)
			cJSON_AddStringToObject(c, "reason", reason);
		if (message)
			cJSON_AddStringToObject(c, "message", message);
		cJSON_AddItemToArray(conds, c);
		return true;
	}
	bool same_status = streq(kc_json_get_str(c, "status", ""), status);
	bool changed = !same_status;
	if (!keep_reason) {
		changed |= !streq(kc_json_get_str(c, "reason", ""), reason ? reason : "");
		changed |= !streq(kc_json_get_str(c, "message", ""), message ? message : "");
		kc_json_object_remove(c, "reason");
		kc_json_object_remove(c, "message");
		if (reason)
			cJSON_AddStringToObject(c, "reason", reason);
		if (message)
			cJSON_AddStringToObject(c, "message", message);
	}
	if (!same_status) {
		kc_json_object_put(c, "status", cJSON_CreateString(status));
		kc_json_object_put(c, "lastTransitionTime", cJSON_CreateString(now_rfc3339));
	}
	return changed;
}

bool kc_nl_pod_mark_not_ready(cJSON *pod, const char *now_rfc3339)
{
	if (!condition(pod, "Ready"))
		return false;
	return update_pod_condition(pod, "Ready", "False", NULL, NULL, now_rfc3339, true);
}

bool kc_nl_pod_add_disruption_target(cJSON *pod, const char *now_rfc3339)
{
	return update_pod_condition(pod, "DisruptionTarget", "True", "DeletionByTaintManager",
				    "Taint manager: deleting due to NoExecute taint", now_rfc3339, false);
}

/* ---- zones ---- */

kc_nl_zone_state kc_nl_compute_zone_state(int ready, int not_ready, double threshold)
{
	if (ready == 0 && not_ready > 0)
		return KC_NL_ZONE_FULL_DISRUPTION;
	if (not_ready > 2 && (double)not_ready / (double)(not_ready + ready) >= threshold)
		return KC_NL_ZONE_PARTIAL_DISRUPTION;
	return KC_NL_ZONE_NORMAL;
}

const char *kc_nl_zone_state_name(kc_nl_zone_state s)
{
	switch (s) {
	case KC_NL_ZONE_INITIAL:
		return "Initial";
	case KC_NL_ZONE_NORMAL:
		return "Normal";
	case KC_NL_ZONE_FULL_DISRUPTION:
		return "FullDisruption";
	case KC_NL_ZONE_PARTIAL_DISRUPTION:
		return "PartialDisruption";
	}
	return "Unknown";
}

/* ---- the tainting queue ---- */

typedef struct tainter_item {
	char *name, *uid;
	int64_t process_at_ms;
} tainter_item;

struct kc_nl_tainter {
	double qps, tokens;
	int64_t last_ms;
	tainter_item *items; /* FIFO by insertion; re-queued items go to the back */
	size_t n, cap;
	kc_map *set; /* names queued or processed and not removed */
};

kc_nl_tainter *kc_nl_tainter_new(double qps, int64_t now_ms)
{
	kc_nl_tainter *t = xcalloc(1, sizeof(*t));
	t->qps = qps;
	t->tokens = qps > 0 ? 1 : 0;
	t->last_ms = now_ms;
	t->set = kc_map_new(NULL);
	return t;
}

static void item_clear(tainter_item *it)
{
	free(it->name);
	free(it->uid);
}

void kc_nl_tainter_free(kc_nl_tainter *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		item_clear(&t->items[i]);
	free(t->items);
	kc_map_free(t->set);
	free(t);
}

static void push(kc_nl_tainter *t, tainter_item it)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->items = xrealloc(t->items, t->cap * sizeof(*t->items));
	}
	t->items[t->n++] = it;
}

static void remove_at(kc_nl_tainter *t, size_t i)
{
	memmove(&t->items[i], &t->items[i + 1], (t->n - i - 1) * sizeof(*t->items));
	t->n--;
}

bool kc_nl_tainter_add(kc_nl_tainter *t, const char *name, const char *uid, int64_t now_ms)
{
	if (kc_map_has(t->set, name))
		return false;
	kc_map_put(t->set, name, NULL);
	push(t, (tainter_item){xstrdup(name), xstrdup(uid ? uid : ""), now_ms});
	return true;
}

bool kc_nl_tainter_remove(kc_nl_tainter *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++) {
		if (streq(t->items[i].name, name)) {
			item_clear(&t->items[i]);
			remove_at(t, i);
			break;
		}
	}
	return kc_map_del(t->set, name);
}

static void refill(kc_nl_tainter *t, int64_t now_ms)
{
	if (t->qps > 0 && now_ms > t->last_ms) {
		t->tokens += (double)(now_ms - t->last_ms) / 1000.0 * t->qps;
		if (t->tokens > 1)
			t->tokens = 1;
	}
	t->last_ms = now_ms;
}

static bool try_accept(kc_nl_tainter *t, int64_t now_ms)
{
	if (t->qps <= 0)
		return false;
	refill(t, now_ms);
	if (t->tokens >= 1) {
		t->tokens -= 1;
		return true;
	}
	return false;
}

void kc_nl_tainter_swap_limiter(kc_nl_tainter *t, double qps, int64_t now_ms)
{
	if (qps == t->qps)
		return;
	bool was_empty = !(t->qps > 0 && (refill(t, now_ms), t->tokens >= 1));
	t->qps = qps;
	t->last_ms = now_ms;
	t->tokens = qps > 0 ? 1 : 0;
	if (was_empty && qps > 0)
		t->tokens = 0;
}

double kc_nl_tainter_qps(const kc_nl_tainter *t)
{
	return t->qps;
}

size_t kc_nl_tainter_len(const kc_nl_tainter *t)
{
	return t->n;
}

void kc_nl_tainter_try(kc_nl_tainter *t, int64_t now_ms, kc_nl_tainter_fn fn, void *userdata)
{
	while (t->n > 0) {
		/* As upstream, a token is spent before looking at the head. */
		if (!try_accept(t, now_ms))
			break;
		if (now_ms < t->items[0].process_at_ms)
			break;
		tainter_item it = t->items[0];
		remove_at(t, 0);
		int64_t retry = 0;
		if (fn(it.name, it.uid, &retry, userdata)) {
			item_clear(&it); /* stays in the set */
		} else {
			it.process_at_ms = now_ms + retry + 1;
			push(t, it);
		}
	}
}

/* ---- the controller ---- */

#define NL_COMPONENT          "node-controller"
#define STARTUP_GRACE_MS      (60 * 1000) /* --node-startup-grace-period */
#define EVICTION_QPS          0.1         /* --node-eviction-rate */
#define SECONDARY_QPS         0.01        /* --secondary-node-eviction-rate */
#define LARGE_CLUSTER_SIZE    50          /* --large-cluster-size-threshold */
#define UNHEALTHY_THRESHOLD   0.55        /* --unhealthy-zone-threshold */
#define TAINT_PASS_MS         100         /* nodeEvictionPeriod */

typedef struct nl_node {
	kc_nl_health health;
	char *uid;
	char *zone;
	bool registered;      /* in knownNodeSet */
	bool status_inflight; /* a status update in flight */
	bool taint_inflight;  /* a taint patch in flight */
	bool retry_pods;      /* nodesToRetry */
	kc_nl_ready saved;    /* the Ready status after the last pass */
} nl_node;

typedef struct nl_zone {
	kc_nl_tainter *tainter;
	bool has_state; /* in zoneStates */
	kc_nl_zone_state state;
	int ready, not_ready; /* this pass */
	bool seen;            /* in this pass */
} nl_zone;

typedef struct nl_req nl_req;

typedef struct nl_ctl {
	kc_cm *cm;
	kc_informer *nodes, *pods, *leases;
	kc_queue *node_q, *pod_q;
	kc_map *state; /* node name -> nl_node */
	kc_map *zones; /* zone key -> nl_zone */
	kc_map *failures; /* queue key -> unsigned * */
	struct event *monitor_ev, *taint_ev;
	nl_req *reqs;
	int64_t grace_ms, period_ms;
} nl_ctl;

enum nl_req_kind { REQ_NODE_STATUS, REQ_TAINTS, REQ_LABELS, REQ_POD_STATUS };

struct nl_req {
	nl_ctl *c;
	kc_client_req *creq;
	enum nl_req_kind kind;
	char *node;
	cJSON *obj;       /* REQ_POD_STATUS: the pod written, for its event */
	bool transition;  /* REQ_NODE_STATUS: Ready left True */
	bool from_queue;  /* REQ_TAINTS/LABELS from the node queue: retry its key */
	nl_req *prev, *next;
};

static void nl_node_free(void *p)
{
	nl_node *n = p;
	kc_nl_health_clear(&n->health);
	free(n->uid);
	free(n->zone);
	free(n);
}

static void nl_zone_free(void *p)
{
	nl_zone *z = p;
	kc_nl_tainter_free(z->tainter);
	free(z);
}

static nl_node *node_state(nl_ctl *c, const char *name)
{
	nl_node *n = kc_map_get(c->state, name);
	if (!n) {
		n = xcalloc(1, sizeof(*n));
		kc_map_put(c->state, name, n);
	}
	return n;
}

static nl_zone *zone_of(nl_ctl *c, const char *key)
{
	nl_zone *z = kc_map_get(c->zones, key);
	if (!z) {
		/* addPodEvictorForNewZone */
		z = xcalloc(1, sizeof(*z));
		z->tainter = kc_nl_tainter_new(EVICTION_QPS, kc_time_monotonic_ms());
		z->state = KC_NL_ZONE_INITIAL;
		kc_map_put(c->zones, key, z);
	}
	return z;
}

static uint64_t backoff_ms(unsigned n)
{
	uint64_t d = 5;
	for (unsigned i = 1; i < n && d < 1000 * 1000; i++)
		d *= 2;
	return d < 1000 * 1000 ? d : 1000 * 1000;
}

static void retry_key(nl_ctl *c, kc_queue *q, const char *key)
{
	unsigned *n = kc_map_get(c->failures, key);
	if (!n) {
		n = xcalloc(1, sizeof(*n));
		kc_map_put(c->failures, key, n);
	}
	(*n)++;
	kc_queue_add_after(q, key, backoff_ms(*n));
}

static void now_string(char buf[KC_TIME_RFC3339_MAX])
{
	kc_time_format_rfc3339(kc_time_now_sec(), buf);
}

/* A Node reference as upstream's recorders build it (RecordNodeEvent): the
 * node may be gone from the cache already. */
static cJSON *node_ref(const char *name, const char *uid)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "apiVersion", "v1");
	cJSON_AddStringToObject(o, "kind", "Node");
	cJSON *meta = cJSON_AddObjectToObject(o, "metadata");
	cJSON_AddStringToObject(meta, "name", name);
	cJSON_AddStringToObject(meta, "uid", uid ? uid : "");
	return o;
}

/* ---- requests ---- */

static void req_free(nl_req *r)
{
	cJSON_Delete(r->obj);
	free(r->node);
	free(r);
}

static void on_answer(kc_response *resp, void *userdata);

static int nl_send(nl_ctl *c, nl_req *r, const char *method, const char *path, const char *content_type,
		const cJSON *body)
{
	_cleanup_free_ char *text = kc_json_print(body);
	r->c = c;
	int rc = kc_client_request_ex(kc_cm_client(c->cm), method, path, content_type, text, strlen(text), NULL,
				      on_answer, r, &r->creq);
	if (rc < 0) {
		kc_log_error("nodelifecycle: %s %s: %s", method, path, strerror(-rc));
		req_free(r);
		return rc;
	}
	r->next = c->reqs;
	if (c->reqs)
		c->reqs->prev = r;
	c->reqs = r;
	return 0;
}

static void mark_pods_not_ready(nl_ctl *c, const char *node);

static void on_answer(kc_response *resp, void *userdata)
{
	nl_req *r = userdata;
	nl_ctl *c = r->c;
	if (r->prev)
		r->prev->next = r->next;
	else
		c->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	bool ok = resp->status >= 200 && resp->status < 300;
	const char *why = resp->err.msg[0] ? resp->err.msg : "no answer";
	nl_node *n = kc_map_get(c->state, r->node);
	switch (r->kind) {
	case REQ_NODE_STATUS:
		if (n)
			n->status_inflight = false;
		if (!ok) {
			kc_log_error("nodelifecycle: error updating node %s: %s", r->node, why);
			/* What was recorded as written was not: look again. */
			if (n)
				n->health.saved_ready = false;
			break;
		}
		if (r->transition) {
			/* Report node event only once when status changed. */
			const cJSON *node = kc_informer_get(c->nodes, r->node);
			kc_cm_event(c->cm, NL_COMPONENT, node ? node : resp->body, "Normal", "NodeNotReady",
				    "Node %s status is now: %s", r->node, "NodeNotReady");
			mark_pods_not_ready(c, r->node);
		}
		break;
	case REQ_TAINTS:
	case REQ_LABELS:
		if (n && r->kind == REQ_TAINTS)
			n->taint_inflight = false;
		if (!ok) {
			kc_log_warn("nodelifecycle: failed to update %s of node %s: %s",
				    r->kind == REQ_TAINTS ? "taints" : "labels", r->node, why);
			if (r->from_queue && resp->status != 404)
				retry_key(c, c->node_q, r->node);
		} else if (r->from_queue) {
			kc_map_del(c->failures, r->node);
		}
		break;
	case REQ_POD_STATUS:
		if (resp->status == 404)
			break; /* the pod was deleted: nothing left to do */
		if (!ok) {
			kc_log_info("nodelifecycle: failed to update status for pod %s/%s: %s",
				    kc_json_get_str(r->obj, "metadata.namespace", ""),
				    kc_json_get_str(r->obj, "metadata.name", ""), why);
			if (n)
				n->retry_pods = true;
		}
		kc_cm_event(c->cm, NL_COMPONENT, r->obj, "Warning", "NodeNotReady", "Node is not ready");
		break;
	}
	req_free(r);
}

/* Writes node's taints (new, ownership kept by the caller) with the
 * resourceVersion they were computed from. */
static int patch_taints(nl_ctl *c, const cJSON *node, const cJSON *taints, bool from_queue)
{
	const char *name = kc_json_get_str(node, "metadata.name", "");
	_cleanup_json_ cJSON *patch = cJSON_CreateObject();
	cJSON *meta = cJSON_AddObjectToObject(patch, "metadata");
	cJSON_AddStringToObject(meta, "resourceVersion", kc_json_get_str(node, "metadata.resourceVersion", ""));
	cJSON *spec = cJSON_AddObjectToObject(patch, "spec");
	if (cJSON_GetArraySize(taints) > 0)
		cJSON_AddItemToObject(spec, "taints", cJSON_Duplicate(taints, true));
	else
		cJSON_AddNullToObject(spec, "taints");
	nl_req *r = xcalloc(1, sizeof(*r));
	r->kind = REQ_TAINTS;
	r->node = xstrdup(name);
	r->from_queue = from_queue;
	_cleanup_free_ char *path = xasprintf("/api/v1/nodes/%s", name);
	int rc = nl_send(c, r, "PATCH", path, "application/merge-patch+json", patch);
	if (rc == 0)
		node_state(c, name)->taint_inflight = true;
	return rc;
}

/* SwapNodeControllerTaint. Returns 1 when a patch went out, 0 when nothing
 * had to change, negative when it could not be sent or another taint patch
 * of the node is in flight (-EBUSY). */
static int swap_taints(nl_ctl *c, const cJSON *node, const kc_nl_taint_ref *add, size_t n_add,
		       const kc_nl_taint_ref *remove, size_t n_remove, bool from_queue)
{
	nl_node *st = node_state(c, kc_json_get_str(node, "metadata.name", ""));
	if (st->taint_inflight)
		return -EBUSY;
	char now[KC_TIME_RFC3339_MAX];
	now_string(now);
	_cleanup_json_ cJSON *taints =
		kc_nl_swap_taints(kc_json_get(node, "spec.taints"), add, n_add, remove, n_remove, now);
	if (!taints)
		return 0;
	int rc = patch_taints(c, node, taints, from_queue);
	return rc < 0 ? rc : 1;
}

static const kc_nl_taint_ref unreachable_ne = {KC_TAINT_UNREACHABLE, "NoExecute"};
static const kc_nl_taint_ref not_ready_ne = {KC_TAINT_NOT_READY, "NoExecute"};

/* markNodeAsReachable: both NoExecute taints off, out of the tainting
 * queue. */
static void mark_reachable(nl_ctl *c, const cJSON *node)
{
	const kc_nl_taint_ref both[] = {unreachable_ne, not_ready_ne};
	const char *name = kc_json_get_str(node, "metadata.name", "");
	int rc = swap_taints(c, node, NULL, 0, both, 2, false);
	if (rc > 0)
		kc_log_v(2, "nodelifecycle: node %s is healthy again, removing all taints", name);
	char zbuf[512];
	kc_nl_tainter_remove(zone_of(c, kc_nl_zone_key(node, zbuf, sizeof(zbuf)))->tainter, name);
}

static void arm_taint_pass(nl_ctl *c)
{
	if (!evtimer_pending(c->taint_ev, NULL)) {
		struct timeval tv = {0, TAINT_PASS_MS * 1000};
		evtimer_add(c->taint_ev, &tv);
	}
}

/* markNodeForTainting */
static bool mark_for_tainting(nl_ctl *c, const cJSON *node, kc_nl_ready status)
{
	char zbuf[512];
	kc_nl_tainter *t = zone_of(c, kc_nl_zone_key(node, zbuf, sizeof(zbuf)))->tainter;
	const char *name = kc_json_get_str(node, "metadata.name", "");
	const cJSON *taints = kc_json_get(node, "spec.taints");
	if (status == KC_NL_READY_FALSE && !kc_nl_taint_exists(taints, KC_TAINT_NOT_READY, "NoExecute"))
		kc_nl_tainter_remove(t, name);
	if (status == KC_NL_READY_UNKNOWN && !kc_nl_taint_exists(taints, KC_TAINT_UNREACHABLE, "NoExecute"))
		kc_nl_tainter_remove(t, name);
	bool added = kc_nl_tainter_add(t, name, kc_json_get_str(node, "metadata.uid", ""), kc_time_monotonic_ms());
	if (added)
		arm_taint_pass(c);
	return added;
}

/* processTaintBaseEviction, on the Ready status seen before this pass. */
static void taint_based_eviction(nl_ctl *c, const cJSON *node, kc_nl_ready observed)
{
	const char *name = kc_json_get_str(node, "metadata.name", "");
	const cJSON *taints = kc_json_get(node, "spec.taints");
	switch (observed) {
	case KC_NL_READY_FALSE:
		if (kc_nl_taint_exists(taints, KC_TAINT_UNREACHABLE, "NoExecute")) {
			if (swap_taints(c, node, &not_ready_ne, 1, &unreachable_ne, 1, false) < 0)
				kc_log_error("nodelifecycle: failed to instantly swap UnreachableTaint to NotReadyTaint. "
					     "Will try again in the next cycle.");
		} else if (mark_for_tainting(c, node, observed)) {
			kc_log_v(2, "nodelifecycle: node %s is NotReady. Adding it to the Taint queue.", name);
		}
		break;
	case KC_NL_READY_UNKNOWN:
	case KC_NL_READY_NONE:
		if (kc_nl_taint_exists(taints, KC_TAINT_NOT_READY, "NoExecute")) {
			if (swap_taints(c, node, &unreachable_ne, 1, &not_ready_ne, 1, false) < 0)
				kc_log_error("nodelifecycle: failed to instantly swap NotReadyTaint to UnreachableTaint. "
					     "Will try again in the next cycle.");
		} else if (mark_for_tainting(c, node, KC_NL_READY_UNKNOWN)) {
			kc_log_v(2, "nodelifecycle: node %s is unresponsive. Adding it to the Taint queue.", name);
		}
		break;
	case KC_NL_READY_TRUE:
		mark_reachable(c, node);
		break;
	}
}

/* doNoExecuteTaintingPass's action for one queued node. */
static bool taint_one(const char *name, const char *uid, int64_t *ret_retry_ms, void *userdata)
{
	(void)uid;
	nl_ctl *c = userdata;
	const cJSON *node = kc_informer_get(c->nodes, name);
	if (!node) {
		kc_log_info("nodelifecycle: node %s no longer present in nodeLister", name);
		return true;
	}
	kc_nl_ready ready = kc_nl_node_ready(node);
	const kc_nl_taint_ref *add, *remove;
	if (ready == KC_NL_READY_NONE) {
		*ret_retry_ms = 50;
		return false;
	}
	if (ready == KC_NL_READY_FALSE) {
		add = &not_ready_ne;
		remove = &unreachable_ne;
	} else if (ready == KC_NL_READY_UNKNOWN) {
		add = &unreachable_ne;
		remove = &not_ready_ne;
	} else {
		kc_log_v(4, "nodelifecycle: node %s was in a taint queue, but it's ready now. Ignoring taint request",
			 name);
		return true;
	}
	int rc = swap_taints(c, node, add, 1, remove, 1, false);
	if (rc < 0) {
		*ret_retry_ms = 50;
		return false;
	}
	if (rc > 0)
		kc_log_info("nodelifecycle: tainted node %s %s:NoExecute", name, add->key);
	return true;
}

static void on_taint_pass(evutil_socket_t fd, short what, void *userdata)
{
	(void)fd;
	(void)what;
	nl_ctl *c = userdata;
	int64_t now = kc_time_monotonic_ms();
	bool more = false;
	/* Collect first: taint_one may create zones (zone_of). */
	size_t n = 0;
	const char **keys = kc_map_sorted_keys(c->zones, &n);
	for (size_t i = 0; i < n; i++) {
		nl_zone *z = kc_map_get(c->zones, keys[i]);
		if (!z)
			continue;
		kc_nl_tainter_try(z->tainter, now, taint_one, c);
		more |= kc_nl_tainter_len(z->tainter) > 0;
	}
	free(keys);
	if (more)
		arm_taint_pass(c);
}

/* MarkPodsNotReady for every pod bound to node. */
static void mark_pods_not_ready(nl_ctl *c, const char *node)
{
	kc_log_v(2, "nodelifecycle: update ready status of pods on node %s", node);
	size_t n = 0;
	const cJSON **pods = kc_informer_by_index(c->pods, "spec.nodeName", node, &n);
	char now[KC_TIME_RFC3339_MAX];
	now_string(now);
	for (size_t i = 0; i < n; i++) {
		if (!streq(kc_json_get_str(pods[i], "spec.nodeName", ""), node))
			continue;
		cJSON *copy = cJSON_Duplicate(pods[i], true);
		if (!kc_nl_pod_mark_not_ready(copy, now)) {
			cJSON_Delete(copy);
			continue;
		}
		kc_log_v(2, "nodelifecycle: updating ready status of pod %s to false",
			 kc_json_get_str(copy, "metadata.name", ""));
		nl_req *r = xcalloc(1, sizeof(*r));
		r->kind = REQ_POD_STATUS;
		r->node = xstrdup(node);
		r->obj = copy;
		_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/status",
						      kc_json_get_str(copy, "metadata.namespace", ""),
						      kc_json_get_str(copy, "metadata.name", ""));
		if (nl_send(c, r, "PUT", path, "application/json", copy) < 0)
			node_state(c, node)->retry_pods = true;
	}
	free(pods);
}

static void monitor_one(nl_ctl *c, const cJSON *node, const char *now_s, int64_t now_ms)
{
	const char *name = kc_json_get_str(node, "metadata.name", "");
	nl_node *st = node_state(c, name);
	bool counted = !cJSON_GetObjectItemCaseSensitive(kc_json_get(node, "metadata.labels"), KC_LABEL_EXCLUDE_DISRUPTION);
	char zbuf[512];
	nl_zone *z = zone_of(c, kc_nl_zone_key(node, zbuf, sizeof(zbuf)));
	if (st->status_inflight) {
		/* Its last update has not answered: count it as it was written,
		 * look at it next time. */
		if (counted) {
			z->seen = true;
			*(st->saved == KC_NL_READY_TRUE ? &z->ready : &z->not_ready) += 1;
		}
		return;
	}
	const cJSON *lease = kc_informer_get_by_name(c->leases, KC_NODE_LEASE_NAMESPACE, name);
	_cleanup_json_ cJSON *updated = NULL;
	kc_nl_ready observed, current;
	kc_nl_update_health(&st->health, node, lease, now_ms, now_s, c->grace_ms, STARTUP_GRACE_MS, &updated,
			    &observed, &current);
	bool transition = current != KC_NL_READY_TRUE && observed == KC_NL_READY_TRUE;
	if (updated) {
		kc_log_v(2, "nodelifecycle: node %s hasn't been updated for %lld ms; marking its conditions Unknown",
			 name, (long long)(now_ms - st->health.probe_ms));
		nl_req *r = xcalloc(1, sizeof(*r));
		r->kind = REQ_NODE_STATUS;
		r->node = xstrdup(name);
		r->transition = transition;
		_cleanup_free_ char *path = xasprintf("/api/v1/nodes/%s/status", name);
		if (nl_send(c, r, "PUT", path, "application/json", updated) < 0)
			return;
		st->status_inflight = true;
	}
	st->saved = current;
	if (counted) {
		z->seen = true;
		if (current == KC_NL_READY_TRUE)
			z->ready++;
		else
			z->not_ready++;
	}
	if (current == KC_NL_READY_NONE)
		return;
	taint_based_eviction(c, node, observed);
	/* A transition's pods are marked once its status update succeeded
	 * (on_answer); a failed marking is retried here. */
	if (!transition && st->retry_pods && current != KC_NL_READY_TRUE) {
		st->retry_pods = false;
		mark_pods_not_ready(c, name);
	} else if (current == KC_NL_READY_TRUE) {
		st->retry_pods = false;
	}
}

static void set_limiter(nl_zone *z, int zone_size, kc_nl_zone_state state, int64_t now)
{
	double qps = EVICTION_QPS;
	if (state == KC_NL_ZONE_PARTIAL_DISRUPTION)
		qps = zone_size > LARGE_CLUSTER_SIZE ? SECONDARY_QPS : 0; /* ReducedQPSFunc */
	kc_nl_tainter_swap_limiter(z->tainter, qps, now);
}

/* handleDisruption */
static void handle_disruption(nl_ctl *c, const cJSON **nodes, size_t n_nodes)
{
	int64_t now = kc_time_monotonic_ms();
	bool all_are_full = true, all_were_full = true;
	size_t nz = 0;
	const char **keys = kc_map_sorted_keys(c->zones, &nz);
	_cleanup_free_ kc_nl_zone_state *next = xcalloc(nz ? nz : 1, sizeof(*next));
	for (size_t i = 0; i < nz; i++) {
		nl_zone *z = kc_map_get(c->zones, keys[i]);
		if (!z->seen)
			continue;
		next[i] = kc_nl_compute_zone_state(z->ready, z->not_ready, UNHEALTHY_THRESHOLD);
		if (next[i] != KC_NL_ZONE_FULL_DISRUPTION)
			all_are_full = false;
		if (!z->has_state) {
			z->has_state = true;
			z->state = KC_NL_ZONE_INITIAL;
		}
	}
	for (size_t i = 0; i < nz; i++) {
		nl_zone *z = kc_map_get(c->zones, keys[i]);
		if (!z->has_state)
			continue;
		if (!z->seen) {
			z->has_state = false; /* a zone without nodes any more */
			continue;
		}
		if (z->state != KC_NL_ZONE_FULL_DISRUPTION)
			all_were_full = false;
	}
	if (all_are_full && all_were_full)
		goto out;
	if (all_are_full) {
		kc_log_info("nodelifecycle: Controller detected that all Nodes are not-Ready. Entering master "
			    "disruption mode.");
		for (size_t i = 0; i < n_nodes; i++)
			mark_reachable(c, nodes[i]);
		for (size_t i = 0; i < nz; i++) {
			nl_zone *z = kc_map_get(c->zones, keys[i]);
			if (!z->has_state)
				continue;
			kc_nl_tainter_swap_limiter(z->tainter, 0, now);
			z->state = KC_NL_ZONE_FULL_DISRUPTION;
		}
	} else if (all_were_full) {
		kc_log_info("nodelifecycle: Controller detected that some Nodes are Ready. Exiting master disruption "
			    "mode.");
		for (size_t i = 0; i < n_nodes; i++) {
			nl_node *st = node_state(c, kc_json_get_str(nodes[i], "metadata.name", ""));
			st->health.probe_ms = st->health.ready_transition_ms = now;
		}
		for (size_t i = 0; i < nz; i++) {
			nl_zone *z = kc_map_get(c->zones, keys[i]);
			if (!z->has_state)
				continue;
			set_limiter(z, z->ready + z->not_ready, next[i], now);
			z->state = next[i];
		}
	} else {
		for (size_t i = 0; i < nz; i++) {
			nl_zone *z = kc_map_get(c->zones, keys[i]);
			if (!z->has_state || z->state == next[i])
				continue;
			kc_log_info("nodelifecycle: Controller detected that zone \"%s\" is now in state %s.", keys[i],
				    kc_nl_zone_state_name(next[i]));
			set_limiter(z, z->ready + z->not_ready, next[i], now);
			z->state = next[i];
		}
	}
out:
	free(keys);
}

/* monitorNodeHealth */
static void monitor(nl_ctl *c)
{
	size_t n = 0;
	const cJSON **nodes = kc_informer_list(c->nodes, &n);
	char now_s[KC_TIME_RFC3339_MAX];
	now_string(now_s);
	int64_t now_ms = kc_time_monotonic_ms();

	/* Nodes seen for the first time, and nodes gone (classifyNodes). */
	kc_map *present = kc_map_new(NULL);
	for (size_t i = 0; i < n; i++) {
		const char *name = kc_json_get_str(nodes[i], "metadata.name", "");
		kc_map_put(present, name, NULL);
		nl_node *st = node_state(c, name);
		if (st->registered)
			continue;
		kc_log_v(1, "nodelifecycle: Controller observed a new Node: %s", name);
		st->registered = true;
		free(st->uid);
		st->uid = xstrdup(kc_json_get_str(nodes[i], "metadata.uid", ""));
		kc_cm_event(c->cm, NL_COMPONENT, nodes[i], "Normal", "RegisteredNode", "Node %s event: Registered Node %s in Controller",
			    name, name);
		char zbuf[512];
		nl_zone *z = zone_of(c, kc_nl_zone_key(nodes[i], zbuf, sizeof(zbuf)));
		if (!z->has_state) {
			z->has_state = true;
			z->state = KC_NL_ZONE_INITIAL;
		}
		mark_reachable(c, nodes[i]);
	}
	size_t ns = 0;
	const char **known = kc_map_sorted_keys(c->state, &ns);
	/* Copy the names: deleting from c->state invalidates them. */
	char **gone = xcalloc(ns ? ns : 1, sizeof(char *));
	size_t n_gone = 0;
	for (size_t i = 0; i < ns; i++)
		if (!kc_map_has(present, known[i]))
			gone[n_gone++] = xstrdup(known[i]);
	free(known);
	for (size_t i = 0; i < n_gone; i++) {
		nl_node *st = kc_map_get(c->state, gone[i]);
		if (st->registered && !st->status_inflight && !st->taint_inflight) {
			kc_log_v(1, "nodelifecycle: Controller observed a Node deletion: %s", gone[i]);
			_cleanup_json_ cJSON *ref = node_ref(gone[i], st->uid);
			kc_cm_event(c->cm, NL_COMPONENT, ref, "Normal", "RemovingNode", "Node %s event: Removing Node %s from Controller",
				    gone[i], gone[i]);
		}
		if (!st->status_inflight && !st->taint_inflight)
			kc_map_del(c->state, gone[i]);
		free(gone[i]);
	}
	free(gone);
	kc_map_free(present);

	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(c->zones, &it)) {
		nl_zone *z = it.value;
		z->ready = z->not_ready = 0;
		z->seen = false;
	}
	for (size_t i = 0; i < n; i++)
		monitor_one(c, nodes[i], now_s, now_ms);
	handle_disruption(c, nodes, n);
	free(nodes);
	bool pending = false;
	it = (kc_map_iter)KC_MAP_ITER_INIT;
	while (kc_map_next(c->zones, &it))
		pending |= kc_nl_tainter_len(((nl_zone *)it.value)->tainter) > 0;
	if (pending)
		arm_taint_pass(c);
}

static void on_monitor(evutil_socket_t fd, short what, void *userdata)
{
	(void)fd;
	(void)what;
	nl_ctl *c = userdata;
	int64_t delay = c->period_ms;
	if (kc_informer_has_synced(c->nodes) && kc_informer_has_synced(c->pods) && kc_informer_has_synced(c->leases))
		monitor(c);
	else
		delay = 100;
	struct timeval tv = {delay / 1000, (delay % 1000) * 1000};
	evtimer_add(c->monitor_ev, &tv);
}

/* The node queue: doNoScheduleTaintingPass and reconcileNodeLabels. */
static kc_queue_result node_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	nl_ctl *c = userdata;
	if (!kc_informer_has_synced(c->nodes))
		return kc_queue_after(100);
	const cJSON *node = kc_informer_get(c->nodes, key);
	if (!node)
		return kc_queue_done();
	kc_nl_taint_ref add[8], remove[8];
	size_t n_add, n_remove;
	if (kc_nl_noschedule_diff(node, add, &n_add, remove, &n_remove)) {
		int rc = swap_taints(c, node, add, n_add, remove, n_remove, true);
		if (rc == -EBUSY)
			return kc_queue_after(100);
		if (rc < 0) {
			retry_key(c, c->node_q, key);
			return kc_queue_done();
		}
	}
	_cleanup_json_ cJSON *labels = kc_nl_labels_to_reconcile(node);
	if (labels) {
		_cleanup_json_ cJSON *patch = cJSON_CreateObject();
		cJSON *meta = cJSON_AddObjectToObject(patch, "metadata");
		cJSON_AddItemToObject(meta, "labels", TAKE_PTR(labels));
		nl_req *r = xcalloc(1, sizeof(*r));
		r->kind = REQ_LABELS;
		r->node = xstrdup(key);
		r->from_queue = true;
		_cleanup_free_ char *path = xasprintf("/api/v1/nodes/%s", key);
		if (nl_send(c, r, "PATCH", path, "application/merge-patch+json", patch) < 0)
			retry_key(c, c->node_q, key);
	}
	return kc_queue_done();
}

/* The pod queue (processPod): a pod newly bound to a node that is not
 * Ready gets its Ready condition set False. */
static kc_queue_result pod_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	nl_ctl *c = userdata;
	const cJSON *pod = kc_informer_get(c->pods, key);
	if (!pod)
		return kc_queue_done();
	const char *node = kc_json_get_str(pod, "spec.nodeName", "");
	nl_node *st = kc_map_get(c->state, node);
	if (!st || !st->health.known)
		return kc_queue_done(); /* not looked at yet */
	if (!kc_informer_get(c->nodes, node)) {
		retry_key(c, c->pod_q, key);
		return kc_queue_done();
	}
	if (st->saved == KC_NL_READY_NONE || st->saved == KC_NL_READY_TRUE)
		return kc_queue_done();
	char now[KC_TIME_RFC3339_MAX];
	now_string(now);
	cJSON *copy = cJSON_Duplicate(pod, true);
	if (!kc_nl_pod_mark_not_ready(copy, now)) {
		cJSON_Delete(copy);
		return kc_queue_done();
	}
	nl_req *r = xcalloc(1, sizeof(*r));
	r->kind = REQ_POD_STATUS;
	r->node = xstrdup(node);
	r->obj = copy;
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/status",
					      kc_json_get_str(copy, "metadata.namespace", ""),
					      kc_json_get_str(copy, "metadata.name", ""));
	nl_send(c, r, "PUT", path, "application/json", copy);
	return kc_queue_done();
}

static void on_node_add(const cJSON *obj, void *userdata)
{
	nl_ctl *c = userdata;
	kc_queue_add(c->node_q, kc_json_get_str(obj, "metadata.name", ""));
}

static void on_node_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	(void)old_obj;
	on_node_add(new_obj, userdata);
}

static void on_node_delete(const cJSON *obj, void *userdata)
{
	nl_ctl *c = userdata;
	nl_node *st = kc_map_get(c->state, kc_json_get_str(obj, "metadata.name", ""));
	if (st)
		st->retry_pods = false;
}

static void on_pod_change(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	nl_ctl *c = userdata;
	const char *node = kc_json_get_str(new_obj, "spec.nodeName", "");
	if (!node[0] || (old_obj && streq(node, kc_json_get_str(old_obj, "spec.nodeName", ""))))
		return;
	_cleanup_free_ char *key = kc_informer_key(new_obj);
	if (key)
		kc_queue_add(c->pod_q, key);
}

static void on_pod_add(const cJSON *obj, void *userdata)
{
	on_pod_change(NULL, obj, userdata);
}

/* The "spec.nodeName" index upstream's controllers share. */
static void pod_node_index(const cJSON *obj, kc_index_values *out, void *userdata)
{
	(void)userdata;
	const char *node = kc_json_get_str(obj, "spec.nodeName", "");
	if (node[0])
		kc_index_values_add(out, node);
}

void kc_nl_add_pod_node_index(kc_informer *pods)
{
	/* -EEXIST: another controller added it first (same function). */
	(void)kc_informer_add_index(pods, "spec.nodeName", pod_node_index, NULL);
}

static void *nl_start(kc_cm *cm)
{
	const kc_cm_options *o = kc_cm_opts(cm);
	nl_ctl *c = xcalloc(1, sizeof(*c));
	c->cm = cm;
	c->grace_ms = o->node_monitor_grace_period_ns > 0 ? o->node_monitor_grace_period_ns / KC_DURATION_MS : 40000;
	c->period_ms = o->node_monitor_period_ns > 0 ? o->node_monitor_period_ns / KC_DURATION_MS : 5000;
	if (c->period_ms < 1)
		c->period_ms = 1;
	c->state = kc_map_new(nl_node_free);
	c->zones = kc_map_new(nl_zone_free);
	c->failures = kc_map_new(free);
	c->nodes = kc_cm_informer(cm, "/api/v1/nodes");
	c->pods = kc_cm_informer(cm, "/api/v1/pods");
	c->leases = kc_cm_informer(cm, "/apis/coordination.k8s.io/v1/namespaces/" KC_NODE_LEASE_NAMESPACE "/leases");
	kc_nl_add_pod_node_index(c->pods);
	c->node_q = kc_cm_queue(cm, "node_lifecycle_controller", node_process, c);
	c->pod_q = kc_cm_queue(cm, "node_lifecycle_controller_pods", pod_process, c);
	kc_informer_add_handlers(c->nodes, &(kc_informer_handlers){.on_add = on_node_add,
								   .on_update = on_node_update,
								   .on_delete = on_node_delete,
								   .userdata = c});
	kc_informer_add_handlers(c->pods,
				 &(kc_informer_handlers){.on_add = on_pod_add, .on_update = on_pod_change, .userdata = c});
	struct event_base *base = kc_cm_base(cm);
	c->monitor_ev = evtimer_new(base, on_monitor, c);
	c->taint_ev = evtimer_new(base, on_taint_pass, c);
	struct timeval tv = {0, 100 * 1000};
	evtimer_add(c->monitor_ev, &tv);
	kc_log_info("nodelifecycle: node monitor grace period %lld ms, period %lld ms", (long long)c->grace_ms,
		    (long long)c->period_ms);
	return c;
}

static void nl_stop(void *state)
{
	nl_ctl *c = state;
	if (!c)
		return;
	if (c->monitor_ev)
		event_free(c->monitor_ev);
	if (c->taint_ev)
		event_free(c->taint_ev);
	while (c->reqs) {
		nl_req *r = c->reqs;
		c->reqs = r->next;
		kc_client_request_cancel(r->creq);
		req_free(r);
	}
	kc_map_free(c->state);
	kc_map_free(c->zones);
	kc_map_free(c->failures);
	free(c);
}

const kc_controller_def kc_controller_nodelifecycle = {.name = "nodelifecycle", .start = nl_start, .stop = nl_stop};
