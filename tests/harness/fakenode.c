/* fakenode.c - simulated nodes for tests (see fakenode.h).
 *
 * Each node is a thread running its own event loop with its own client (the
 * node's certificate: system:node:<name> in system:nodes). What it writes is
 * what a kubelet writes: the Node (status included) at start, its Lease in
 * kube-node-lease every renew interval, the status of the pods bound to it,
 * and the final delete of pods being deleted gracefully.
 *
 * The test thread talks to the node thread through a small mailbox under a
 * mutex, and wakes it with a byte on a pipe. pause, resume and set_ready
 * wait until the node thread has taken the order in; pause waits also until
 * no write of the node is in flight, so that after it returns nothing from
 * this node changes the API any more.
 *
 * Addresses are made up and never routed: the node's InternalIP is
 * 10.<n>.0.1 and its pods get 10.<n>.<x>.<y> (x >= 1), where n comes from
 * the digits ending the node's name (node-3: 3) or else from a hash of it. */
#include "fakenode.h"

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/client.h"
#include "common/informer.h"
#include "common/json.h"
#include "common/map.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "common/workqueue.h"
#include "banned.h"

#define NODE_LEASE_DURATION_S 40 /* the kubelet's --node-lease-duration-seconds */

typedef struct ready_order {
	char *key;
	bool ready;
} ready_order;

struct kc_fake_node {
	/* configuration (read-only once the thread runs) */
	char *name, *cpu, *memory, *pods, *labels, *taints;
	uint64_t renew_ms;
	bool unready_pods;
	kc_client_config ccfg;
	int idx;
	char node_ip[32];

	/* the mailbox, under mu */
	pthread_t thread;
	bool thread_started;
	int wake[2];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int start_result; /* 0 while starting, 1 running, -1 failed */
	bool want_paused, want_stop;
	ready_order *orders;
	size_t norders;
	uint64_t req_gen, ack_gen;

	/* the node thread's own */
	struct event_base *base;
	kc_client *client;
	struct event *wake_ev, *tick;
	kc_informer *pods_inf, *node_inf;
	kc_queue *queue;
	bool paused;
	uint64_t ack_target; /* a pause to acknowledge once nothing is in flight */
	bool ack_pending;
	kc_map *ready;    /* "ns/name" -> "1"/"0" (set_ready orders) */
	kc_map *inflight; /* "ns/name" -> "1" in flight, "2" in flight and touched since */
	kc_map *ips;      /* pod uid -> IP */
	unsigned next_ip;
	int writes; /* requests in flight that change the API */
	struct write_ctx *pending;
	cJSON *lease;
	bool lease_busy, node_busy;
	char *node_uid;
};

/* ---- small helpers ---- */

static void now_rfc3339(char buf[KC_TIME_RFC3339_MAX])
{
	kc_time_format_rfc3339(kc_time_now_sec(), buf);
}

static void now_micro(char buf[KC_TIME_RFC3339_MICRO_MAX])
{
	kc_time_format_rfc3339_micro(kc_time_now(), buf);
}

static int node_index(const char *name)
{
	size_t len = strlen(name), i = len;
	while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9')
		i--;
	if (i < len && len - i <= 3) {
		int v = (int)strtol(name + i, NULL, 10);
		if (v >= 1 && v <= 250)
			return v;
	}
	uint32_t h = 2166136261u;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return (int)(h % 250) + 1;
}

/* ---- talking to the test thread ---- */

static void ack(kc_fake_node *n, uint64_t gen)
{
	pthread_mutex_lock(&n->mu);
	if (gen > n->ack_gen)
		n->ack_gen = gen;
	pthread_cond_broadcast(&n->cv);
	pthread_mutex_unlock(&n->mu);
}

/* A pause is acknowledged once no write is in flight. */
static void maybe_ack_pause(kc_fake_node *n)
{
	if (n->ack_pending && n->writes == 0) {
		n->ack_pending = false;
		ack(n, n->ack_target);
	}
}

/* Sends an order and waits until the node thread took it in. */
static void order(kc_fake_node *n, void (*fill)(kc_fake_node *, const void *), const void *arg)
{
	pthread_mutex_lock(&n->mu);
	fill(n, arg);
	uint64_t gen = ++n->req_gen;
	pthread_mutex_unlock(&n->mu);
	char c = 1;
	ssize_t w = write(n->wake[1], &c, 1);
	(void)w; /* a full pipe wakes the thread as well */
	pthread_mutex_lock(&n->mu);
	while (n->ack_gen < gen && n->start_result > 0)
		pthread_cond_wait(&n->cv, &n->mu);
	pthread_mutex_unlock(&n->mu);
}

/* ---- writes ---- */

typedef struct write_ctx {
	kc_fake_node *n;
	char *key; /* pod key */
	bool is_delete;
	struct write_ctx *prev, *next; /* in n->pending, freed at teardown if never answered */
} write_ctx;

static void write_unlink(kc_fake_node *n, write_ctx *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else
		n->pending = w->next;
	if (w->next)
		w->next->prev = w->prev;
	free(w->key);
	free(w);
}

static void pod_write_done(kc_response *resp, void *userdata)
{
	write_ctx *w = userdata;
	kc_fake_node *n = w->n;
	n->writes--;
	bool ok = resp->status >= 200 && resp->status < 300;
	/* gone already, or the uid precondition failed: nothing left to do */
	if (w->is_delete && (resp->status == 404 || resp->status == 409))
		ok = true;
	const char *state = kc_map_get(n->inflight, w->key);
	bool touched = state && streq(state, "2");
	kc_map_del(n->inflight, w->key);
	if (!ok)
		kc_queue_add_rate_limited(n->queue, w->key);
	else if (touched)
		kc_queue_add(n->queue, w->key);
	else
		kc_queue_forget(n->queue, w->key);
	write_unlink(n, w);
	maybe_ack_pause(n);
}

static void start_pod_write(kc_fake_node *n, const char *key, const char *method, const char *path,
			    const char *body, bool is_delete)
{
	write_ctx *w = xcalloc(1, sizeof(*w));
	w->n = n;
	w->key = xstrdup(key);
	w->is_delete = is_delete;
	if (kc_client_request(n->client, method, path, "application/json", body, strlen(body), NULL, pod_write_done,
			      w) < 0) {
		free(w->key);
		free(w);
		kc_queue_add_rate_limited(n->queue, key);
		return;
	}
	w->next = n->pending;
	if (n->pending)
		n->pending->prev = w;
	n->pending = w;
	n->writes++;
	kc_map_put(n->inflight, key, xstrdup("1"));
}

/* ---- pod status, as the kubelet writes it ---- */

static const char *pod_ip(kc_fake_node *n, const cJSON *pod)
{
	if (kc_json_get_bool(pod, "spec.hostNetwork", false))
		return n->node_ip;
	const char *uid = kc_json_get_str(pod, "metadata.uid", "");
	const char *ip = kc_map_get(n->ips, uid);
	if (ip)
		return ip;
	const char *have = kc_json_get_str(pod, "status.podIP", "");
	char *made;
	if (have[0]) {
		made = xstrdup(have);
	} else {
		unsigned k = n->next_ip++;
		made = xasprintf("10.%d.%u.%u", n->idx, 1 + (k / 254) % 255, 1 + k % 254);
	}
	kc_map_put(n->ips, uid, made);
	return made;
}

static bool pod_should_be_ready(kc_fake_node *n, const char *key)
{
	const char *v = kc_map_get(n->ready, key);
	if (v)
		return streq(v, "1");
	return !n->unready_pods;
}

static const cJSON *find_condition(const cJSON *conds, const char *type)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, conds)
	{
		if (streq(kc_json_get_str(c, "type", ""), type))
			return c;
	}
	return NULL;
}

static cJSON *make_condition(const cJSON *old_conds, const char *type, bool status, const char *reason,
			     const char *message, const char *now)
{
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", type);
	cJSON_AddStringToObject(c, "status", status ? "True" : "False");
	cJSON_AddNullToObject(c, "lastProbeTime");
	const cJSON *old = find_condition(old_conds, type);
	const char *since = now;
	if (old && streq(kc_json_get_str(old, "status", ""), status ? "True" : "False"))
		since = kc_json_get_str(old, "lastTransitionTime", now);
	cJSON_AddStringToObject(c, "lastTransitionTime", since);
	if (reason)
		cJSON_AddStringToObject(c, "reason", reason);
	if (message)
		cJSON_AddStringToObject(c, "message", message);
	return c;
}

static char *container_id(const cJSON *pod, const char *container)
{
	uint64_t h = 1469598103934665603u;
	const char *uid = kc_json_get_str(pod, "metadata.uid", "");
	for (const char *p = uid; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	for (const char *p = container; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	return xasprintf("fake://%016" PRIx64, h);
}

/* The status the kubelet would report for a running pod. */
static cJSON *desired_status(kc_fake_node *n, const cJSON *pod, bool ready)
{
	const cJSON *old = kc_json_get(pod, "status");
	const cJSON *old_conds = kc_json_get(old, "conditions");
	char now[KC_TIME_RFC3339_MAX];
	now_rfc3339(now);
	const char *started = kc_json_get_str(old, "startTime", now);
	cJSON *st = kc_json_dup(old);
	if (!cJSON_IsObject(st)) {
		cJSON_Delete(st);
		st = cJSON_CreateObject();
	}
	kc_json_object_put(st, "phase", cJSON_CreateString("Running"));

	/* unready containers, named as the kubelet names them */
	_cleanup_buf_ kc_buf unready = KC_BUF_INIT;
	const cJSON *containers = kc_json_get(pod, "spec.containers"), *c;
	cJSON_ArrayForEach(c, containers)
	{
		if (!ready)
			kc_buf_addf(&unready, "%s%s", unready.len ? " " : "", kc_json_get_str(c, "name", ""));
	}
	_cleanup_free_ char *msg = xasprintf("containers with unready status: [%s]", kc_buf_str(&unready));
	cJSON *conds = cJSON_CreateArray();
	cJSON_AddItemToArray(conds, make_condition(old_conds, "PodReadyToStartContainers", true, NULL, NULL, now));
	cJSON_AddItemToArray(conds, make_condition(old_conds, "Initialized", true, NULL, NULL, now));
	cJSON_AddItemToArray(conds, make_condition(old_conds, "Ready", ready, ready ? NULL : "ContainersNotReady",
						   ready ? NULL : msg, now));
	cJSON_AddItemToArray(conds, make_condition(old_conds, "ContainersReady", ready,
						   ready ? NULL : "ContainersNotReady", ready ? NULL : msg, now));
	const cJSON *sched = find_condition(old_conds, "PodScheduled");
	cJSON_AddItemToArray(conds, sched ? kc_json_dup(sched)
					  : make_condition(old_conds, "PodScheduled", true, NULL, NULL, now));
	/* conditions others set (DisruptionTarget, readiness gates) stay */
	const cJSON *oc;
	cJSON_ArrayForEach(oc, old_conds)
	{
		const char *t = kc_json_get_str(oc, "type", "");
		if (!streq(t, "PodReadyToStartContainers") && !streq(t, "Initialized") && !streq(t, "Ready") &&
		    !streq(t, "ContainersReady") && !streq(t, "PodScheduled"))
			cJSON_AddItemToArray(conds, kc_json_dup(oc));
	}
	kc_json_object_put(st, "conditions", conds);

	const char *ip = pod_ip(n, pod);
	kc_json_object_put(st, "hostIP", cJSON_CreateString(n->node_ip));
	cJSON *hips = cJSON_CreateArray();
	cJSON *hip = cJSON_CreateObject();
	cJSON_AddStringToObject(hip, "ip", n->node_ip);
	cJSON_AddItemToArray(hips, hip);
	kc_json_object_put(st, "hostIPs", hips);
	kc_json_object_put(st, "podIP", cJSON_CreateString(ip));
	cJSON *pips = cJSON_CreateArray();
	cJSON *pip = cJSON_CreateObject();
	cJSON_AddStringToObject(pip, "ip", ip);
	cJSON_AddItemToArray(pips, pip);
	kc_json_object_put(st, "podIPs", pips);
	kc_json_object_put(st, "startTime", cJSON_CreateString(started));

	const cJSON *old_cs = kc_json_get(old, "containerStatuses");
	cJSON *cs = cJSON_CreateArray();
	cJSON_ArrayForEach(c, containers)
	{
		const char *cname = kc_json_get_str(c, "name", "");
		const char *since = started;
		const cJSON *prev;
		cJSON_ArrayForEach(prev, old_cs)
		{
			if (streq(kc_json_get_str(prev, "name", ""), cname))
				since = kc_json_get_str(prev, "state.running.startedAt", started);
		}
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "name", cname);
		cJSON *state = cJSON_AddObjectToObject(s, "state");
		cJSON_AddStringToObject(cJSON_AddObjectToObject(state, "running"), "startedAt", since);
		cJSON_AddObjectToObject(s, "lastState");
		cJSON_AddBoolToObject(s, "ready", ready);
		cJSON_AddNumberToObject(s, "restartCount", 0);
		cJSON_AddStringToObject(s, "image", kc_json_get_str(c, "image", ""));
		cJSON_AddStringToObject(s, "imageID", "");
		_cleanup_free_ char *id = container_id(pod, cname);
		cJSON_AddStringToObject(s, "containerID", id);
		cJSON_AddBoolToObject(s, "started", true);
		cJSON_AddItemToArray(cs, s);
	}
	kc_json_object_put(st, "containerStatuses", cs);

	const cJSON *inits = kc_json_get(pod, "spec.initContainers");
	if (cJSON_GetArraySize(inits) > 0) {
		cJSON *is = cJSON_CreateArray();
		cJSON_ArrayForEach(c, inits)
		{
			const char *cname = kc_json_get_str(c, "name", "");
			cJSON *s = cJSON_CreateObject();
			cJSON_AddStringToObject(s, "name", cname);
			cJSON *term = cJSON_AddObjectToObject(cJSON_AddObjectToObject(s, "state"), "terminated");
			cJSON_AddNumberToObject(term, "exitCode", 0);
			cJSON_AddStringToObject(term, "reason", "Completed");
			cJSON_AddStringToObject(term, "startedAt", started);
			cJSON_AddStringToObject(term, "finishedAt", started);
			_cleanup_free_ char *id = container_id(pod, cname);
			cJSON_AddStringToObject(term, "containerID", id);
			cJSON_AddObjectToObject(s, "lastState");
			cJSON_AddBoolToObject(s, "ready", true);
			cJSON_AddNumberToObject(s, "restartCount", 0);
			cJSON_AddStringToObject(s, "image", kc_json_get_str(c, "image", ""));
			cJSON_AddStringToObject(s, "imageID", "");
			cJSON_AddStringToObject(s, "containerID", id);
			cJSON_AddBoolToObject(s, "started", false);
			cJSON_AddItemToArray(is, s);
		}
		kc_json_object_put(st, "initContainerStatuses", is);
	}
	return st;
}

/* Whether the pod's status already says what we would write. */
static bool status_current(kc_fake_node *n, const cJSON *pod, bool ready)
{
	const cJSON *st = kc_json_get(pod, "status");
	if (!streq(kc_json_get_str(st, "phase", ""), "Running"))
		return false;
	if (!streq(kc_json_get_str(st, "podIP", ""), pod_ip(n, pod)))
		return false;
	const cJSON *conds = kc_json_get(st, "conditions");
	const char *want = ready ? "True" : "False";
	static const char *const types[] = {"Ready", "ContainersReady", "Initialized"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(types); i++) {
		const cJSON *c = find_condition(conds, types[i]);
		if (!c || !streq(kc_json_get_str(c, "status", ""), i == 2 ? "True" : want))
			return false;
	}
	const cJSON *cs = kc_json_get(st, "containerStatuses"), *s;
	if (cJSON_GetArraySize(cs) != cJSON_GetArraySize(kc_json_get(pod, "spec.containers")))
		return false;
	cJSON_ArrayForEach(s, cs)
	{
		if (kc_json_get_bool(s, "ready", !ready) != ready)
			return false;
	}
	return true;
}

static kc_queue_result process_pod(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	kc_fake_node *n = userdata;
	const cJSON *pod = kc_informer_get(n->pods_inf, key);
	if (!pod) {
		kc_map_del(n->ready, key);
		return kc_queue_done();
	}
	if (n->paused)
		return kc_queue_done(); /* resume queues every pod again */
	char *state = kc_map_get(n->inflight, key);
	if (state) {
		kc_map_put(n->inflight, key, xstrdup("2"));
		return kc_queue_done();
	}
	const char *ns = kc_json_get_str(pod, "metadata.namespace", "");
	const char *name = kc_json_get_str(pod, "metadata.name", "");
	if (kc_json_get(pod, "metadata.deletionTimestamp")) {
		/* confirmed already (grace 0): finalizers hold it, not us */
		if (kc_json_get_int(pod, "metadata.deletionGracePeriodSeconds", -1) == 0)
			return kc_queue_done();
		/* the containers are stopped at once: confirm the deletion */
		_cleanup_json_ cJSON *opts = cJSON_CreateObject();
		cJSON_AddStringToObject(opts, "kind", "DeleteOptions");
		cJSON_AddStringToObject(opts, "apiVersion", "v1");
		cJSON_AddNumberToObject(opts, "gracePeriodSeconds", 0);
		cJSON_AddStringToObject(cJSON_AddObjectToObject(opts, "preconditions"), "uid",
					kc_json_get_str(pod, "metadata.uid", ""));
		_cleanup_free_ char *body = kc_json_print(opts);
		_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s", ns, name);
		start_pod_write(n, key, "DELETE", path, body, true);
		return kc_queue_done();
	}
	const char *phase = kc_json_get_str(pod, "status.phase", "");
	if (streq(phase, "Succeeded") || streq(phase, "Failed"))
		return kc_queue_done();
	bool ready = pod_should_be_ready(n, key);
	if (status_current(n, pod, ready))
		return kc_queue_done();
	_cleanup_json_ cJSON *obj = kc_json_dup(pod);
	kc_json_object_put(obj, "status", desired_status(n, pod, ready));
	_cleanup_free_ char *body = kc_json_print(obj);
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/status", ns, name);
	start_pod_write(n, key, "PUT", path, body, false);
	return kc_queue_done();
}

static void queue_pod(kc_fake_node *n, const cJSON *pod)
{
	_cleanup_free_ char *key = kc_informer_key(pod);
	if (key)
		kc_queue_add(n->queue, key);
}

static void pod_added(const cJSON *obj, void *userdata)
{
	queue_pod(userdata, obj);
}

static void pod_updated(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	(void)old_obj;
	queue_pod(userdata, new_obj);
}

static void pod_deleted(const cJSON *obj, void *userdata)
{
	kc_fake_node *n = userdata;
	_cleanup_free_ char *key = kc_informer_key(obj);
	if (key)
		kc_map_del(n->ready, key);
	kc_map_del(n->ips, kc_json_get_str(obj, "metadata.uid", ""));
}

static void queue_all_pods(kc_fake_node *n)
{
	size_t count = 0;
	_cleanup_free_ const cJSON **pods = kc_informer_list(n->pods_inf, &count);
	for (size_t i = 0; i < count; i++)
		queue_pod(n, pods[i]);
}

/* ---- the Node ---- */

static void add_labels(cJSON *labels, const char *spec)
{
	if (!spec)
		return;
	_cleanup_free_ char *copy = xstrdup(spec);
	char *save = NULL;
	for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		if (eq)
			*eq = '\0';
		kc_json_object_put(labels, kv, cJSON_CreateString(eq ? eq + 1 : ""));
	}
}

/* "key=value:Effect,key2:Effect" */
static cJSON *parse_taints(const char *spec)
{
	cJSON *taints = cJSON_CreateArray();
	if (!spec)
		return taints;
	_cleanup_free_ char *copy = xstrdup(spec);
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *colon = strrchr(t, ':');
		if (colon)
			*colon = '\0';
		char *eq = strchr(t, '=');
		if (eq)
			*eq = '\0';
		cJSON *taint = cJSON_CreateObject();
		cJSON_AddStringToObject(taint, "key", t);
		if (eq && eq[1])
			cJSON_AddStringToObject(taint, "value", eq + 1);
		cJSON_AddStringToObject(taint, "effect", colon ? colon + 1 : "NoSchedule");
		cJSON_AddItemToArray(taints, taint);
	}
	return taints;
}

static cJSON *resources(const kc_fake_node *n)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "cpu", n->cpu);
	cJSON_AddStringToObject(r, "ephemeral-storage", "100Gi");
	cJSON_AddStringToObject(r, "hugepages-1Gi", "0");
	cJSON_AddStringToObject(r, "hugepages-2Mi", "0");
	cJSON_AddStringToObject(r, "memory", n->memory);
	cJSON_AddStringToObject(r, "pods", n->pods);
	return r;
}

/* The node's status as the kubelet reports it; conditions keep their
 * lastTransitionTime while their status stays. */
static cJSON *node_status(const kc_fake_node *n, const cJSON *old_conds)
{
	char now[KC_TIME_RFC3339_MAX];
	now_rfc3339(now);
	cJSON *st = cJSON_CreateObject();
	cJSON_AddItemToObject(st, "capacity", resources(n));
	cJSON_AddItemToObject(st, "allocatable", resources(n));
	static const struct {
		const char *type, *status, *reason, *message;
	} conds[] = {
	    {"MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"},
	    {"DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"},
	    {"PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"},
	    {"Ready", "True", "KubeletReady", "kubelet is posting ready status"},
	};
	cJSON *arr = cJSON_AddArrayToObject(st, "conditions");
	for (size_t i = 0; i < KC_ARRAY_SIZE(conds); i++) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "type", conds[i].type);
		cJSON_AddStringToObject(c, "status", conds[i].status);
		cJSON_AddStringToObject(c, "lastHeartbeatTime", now);
		const cJSON *old = find_condition(old_conds, conds[i].type);
		const char *since = now;
		if (old && streq(kc_json_get_str(old, "status", ""), conds[i].status))
			since = kc_json_get_str(old, "lastTransitionTime", now);
		cJSON_AddStringToObject(c, "lastTransitionTime", since);
		cJSON_AddStringToObject(c, "reason", conds[i].reason);
		cJSON_AddStringToObject(c, "message", conds[i].message);
		cJSON_AddItemToArray(arr, c);
	}
	cJSON *addrs = cJSON_AddArrayToObject(st, "addresses");
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "type", "InternalIP");
	cJSON_AddStringToObject(a, "address", n->node_ip);
	cJSON_AddItemToArray(addrs, a);
	a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "type", "Hostname");
	cJSON_AddStringToObject(a, "address", n->name);
	cJSON_AddItemToArray(addrs, a);
	cJSON *ep = cJSON_AddObjectToObject(cJSON_AddObjectToObject(st, "daemonEndpoints"), "kubeletEndpoint");
	cJSON_AddNumberToObject(ep, "Port", 10250);
	cJSON *info = cJSON_AddObjectToObject(st, "nodeInfo");
	char id[40];
	snprintf(id, sizeof(id), "%032x", (unsigned)node_index(n->name));
	cJSON_AddStringToObject(info, "machineID", id);
	cJSON_AddStringToObject(info, "systemUUID", id);
	cJSON_AddStringToObject(info, "bootID", id);
	cJSON_AddStringToObject(info, "kernelVersion", "6.1.0-fake");
	cJSON_AddStringToObject(info, "osImage", "kc fake node");
	cJSON_AddStringToObject(info, "containerRuntimeVersion", "fake://" KC_VERSION);
	cJSON_AddStringToObject(info, "kubeletVersion", "v1.33.0");
	cJSON_AddStringToObject(info, "kubeProxyVersion", "v1.33.0");
	cJSON_AddStringToObject(info, "operatingSystem", "linux");
	cJSON_AddStringToObject(info, "architecture", "amd64");
	return st;
}

static cJSON *node_object(const kc_fake_node *n)
{
	cJSON *node = cJSON_CreateObject();
	cJSON_AddStringToObject(node, "apiVersion", "v1");
	cJSON_AddStringToObject(node, "kind", "Node");
	cJSON *meta = cJSON_AddObjectToObject(node, "metadata");
	cJSON_AddStringToObject(meta, "name", n->name);
	cJSON *labels = cJSON_AddObjectToObject(meta, "labels");
	cJSON_AddStringToObject(labels, "beta.kubernetes.io/arch", "amd64");
	cJSON_AddStringToObject(labels, "beta.kubernetes.io/os", "linux");
	cJSON_AddStringToObject(labels, "kubernetes.io/arch", "amd64");
	cJSON_AddStringToObject(labels, "kubernetes.io/hostname", n->name);
	cJSON_AddStringToObject(labels, "kubernetes.io/os", "linux");
	add_labels(labels, n->labels);
	cJSON *ann = cJSON_AddObjectToObject(meta, "annotations");
	cJSON_AddStringToObject(ann, "node.alpha.kubernetes.io/ttl", "0");
	cJSON_AddStringToObject(ann, "volumes.kubernetes.io/controller-managed-attach-detach", "true");
	cJSON *spec = cJSON_AddObjectToObject(node, "spec");
	cJSON *taints = parse_taints(n->taints);
	if (cJSON_GetArraySize(taints) > 0)
		cJSON_AddItemToObject(spec, "taints", taints);
	else
		cJSON_Delete(taints);
	cJSON_AddItemToObject(node, "status", node_status(n, NULL));
	return node;
}

/* Whether the Node as cached still shows what the kubelet reports (the node
 * lifecycle controller sets Ready to Unknown when we go quiet). */
static bool node_status_current(const cJSON *node)
{
	const cJSON *conds = kc_json_get(node, "status.conditions");
	static const struct {
		const char *type, *status;
	} want[] = {{"Ready", "True"}, {"MemoryPressure", "False"}, {"DiskPressure", "False"}, {"PIDPressure", "False"}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(want); i++) {
		const cJSON *c = find_condition(conds, want[i].type);
		if (!c || !streq(kc_json_get_str(c, "status", ""), want[i].status))
			return false;
	}
	return true;
}

static void node_status_done(kc_response *resp, void *userdata)
{
	(void)resp; /* a conflict or failure is retried at the next tick */
	kc_fake_node *n = userdata;
	n->writes--;
	n->node_busy = false;
	maybe_ack_pause(n);
}

/* force: post even if nothing changed (a heartbeat after resume). */
static void post_node_status(kc_fake_node *n, bool force)
{
	if (n->paused || n->node_busy)
		return;
	const cJSON *node = kc_informer_get(n->node_inf, n->name);
	if (!node || (!force && node_status_current(node)))
		return;
	_cleanup_json_ cJSON *obj = kc_json_dup(node);
	kc_json_object_put(obj, "status", node_status(n, kc_json_get(node, "status.conditions")));
	_cleanup_free_ char *body = kc_json_print(obj);
	_cleanup_free_ char *path = xasprintf("/api/v1/nodes/%s/status", n->name);
	if (kc_client_request(n->client, "PUT", path, "application/json", body, strlen(body), NULL, node_status_done,
			      n) == 0) {
		n->writes++;
		n->node_busy = true;
	}
}

static void node_changed(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	(void)old_obj;
	kc_fake_node *n = userdata;
	if (!node_status_current(new_obj))
		post_node_status(n, false);
}

/* ---- the Lease ---- */

static cJSON *lease_object(const kc_fake_node *n)
{
	cJSON *l = cJSON_CreateObject();
	cJSON_AddStringToObject(l, "apiVersion", "coordination.k8s.io/v1");
	cJSON_AddStringToObject(l, "kind", "Lease");
	cJSON *meta = cJSON_AddObjectToObject(l, "metadata");
	cJSON_AddStringToObject(meta, "name", n->name);
	cJSON_AddStringToObject(meta, "namespace", "kube-node-lease");
	if (n->node_uid) {
		/* as the kubelet: the Lease goes with its Node */
		cJSON *owners = cJSON_AddArrayToObject(meta, "ownerReferences");
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "apiVersion", "v1");
		cJSON_AddStringToObject(o, "kind", "Node");
		cJSON_AddStringToObject(o, "name", n->name);
		cJSON_AddStringToObject(o, "uid", n->node_uid);
		cJSON_AddItemToArray(owners, o);
	}
	cJSON *spec = cJSON_AddObjectToObject(l, "spec");
	cJSON_AddStringToObject(spec, "holderIdentity", n->name);
	cJSON_AddNumberToObject(spec, "leaseDurationSeconds", NODE_LEASE_DURATION_S);
	return l;
}

static void lease_done(kc_response *resp, void *userdata)
{
	kc_fake_node *n = userdata;
	n->writes--;
	n->lease_busy = false;
	if (resp->status >= 200 && resp->status < 300 && cJSON_IsObject(resp->body)) {
		cJSON_Delete(n->lease);
		n->lease = TAKE_PTR(resp->body);
	} else if (resp->status == 409 || resp->status == 404) {
		/* someone else wrote it, or it is gone: start over next tick */
		cJSON_Delete(n->lease);
		n->lease = NULL;
	}
	maybe_ack_pause(n);
}

/* Renews (or creates) the Lease: renewTime now, as the node lease
 * controller does every renew interval. */
static void renew_lease(kc_fake_node *n)
{
	if (n->paused || n->lease_busy)
		return;
	char now[KC_TIME_RFC3339_MICRO_MAX];
	now_micro(now);
	_cleanup_json_ cJSON *obj = n->lease ? kc_json_dup(n->lease) : lease_object(n);
	kc_json_set_str(obj, "spec.renewTime", now, NULL);
	kc_json_set_str(obj, "spec.holderIdentity", n->name, NULL);
	kc_json_set_int(obj, "spec.leaseDurationSeconds", NODE_LEASE_DURATION_S, NULL);
	_cleanup_free_ char *body = kc_json_print(obj);
	_cleanup_free_ char *path = NULL;
	const char *method = "PUT";
	if (n->lease) {
		path = xasprintf("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/%s", n->name);
	} else {
		/* create, or on 409 (it exists) read it next: PUT needs its resourceVersion */
		path = xstrdup("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases");
		method = "POST";
	}
	if (kc_client_request(n->client, method, path, "application/json", body, strlen(body), NULL, lease_done, n) ==
	    0) {
		n->writes++;
		n->lease_busy = true;
	}
}

static void lease_read_done(kc_response *resp, void *userdata)
{
	kc_fake_node *n = userdata;
	n->lease_busy = false;
	if (resp->status == 200 && cJSON_IsObject(resp->body)) {
		cJSON_Delete(n->lease);
		n->lease = TAKE_PTR(resp->body);
		renew_lease(n);
	}
	maybe_ack_pause(n);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_fake_node *n = arg;
	if (n->paused)
		return;
	if (!n->lease && !n->lease_busy) {
		/* after a conflict: read it (it may exist already) */
		_cleanup_free_ char *path =
		    xasprintf("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/%s", n->name);
		if (kc_client_request(n->client, "GET", path, NULL, NULL, 0, NULL, lease_read_done, n) == 0)
			n->lease_busy = true;
	} else {
		renew_lease(n);
	}
	post_node_status(n, false);
}

/* ---- the thread ---- */

static void on_wake(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	kc_fake_node *n = arg;
	char buf[64];
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&n->mu);
	bool stop = n->want_stop, paused = n->want_paused;
	ready_order *orders = n->orders;
	size_t norders = n->norders;
	n->orders = NULL;
	n->norders = 0;
	uint64_t gen = n->req_gen;
	pthread_mutex_unlock(&n->mu);

	if (stop) {
		event_base_loopbreak(n->base);
		for (size_t i = 0; i < norders; i++)
			free(orders[i].key);
		free(orders);
		return;
	}
	for (size_t i = 0; i < norders; i++) {
		kc_map_put(n->ready, orders[i].key, xstrdup(orders[i].ready ? "1" : "0"));
		kc_queue_add(n->queue, orders[i].key);
		free(orders[i].key);
	}
	free(orders);
	if (paused && !n->paused) {
		n->paused = true;
		n->ack_target = gen;
		n->ack_pending = true;
		maybe_ack_pause(n);
		return;
	}
	if (!paused && n->paused) {
		n->paused = false;
		n->ack_pending = false;
		/* back: renew at once, post a fresh status, look at every pod */
		renew_lease(n);
		post_node_status(n, true);
		queue_all_pods(n);
	}
	if (!n->ack_pending)
		ack(n, gen);
}

static void log_error(const kc_error *err, void *userdata)
{
	(void)err;
	(void)userdata;
	/* informers retry by themselves; a test reads the API to see the outcome */
}

/* Registers the Node and starts everything; 0 or -1 (told on stderr). */
static int node_setup(kc_fake_node *n)
{
	kc_error err = KC_ERROR_INIT;
	n->base = event_base_new();
	n->client = kc_client_new(n->base, &n->ccfg, &err);
	if (!n->client) {
		fprintf(stderr, "fake node %s: client: %s\n", n->name, err.msg);
		return -1;
	}
	_cleanup_json_ cJSON *node = node_object(n);
	_cleanup_free_ char *body = kc_json_print(node);
	kc_response r;
	kc_client_request_sync(n->client, "POST", "/api/v1/nodes", "application/json", body, strlen(body), NULL, &r);
	if (r.status == 409) {
		/* registered before (a node started again): take it over */
		kc_response_clear(&r);
		_cleanup_free_ char *path = xasprintf("/api/v1/nodes/%s", n->name);
		kc_client_request_sync(n->client, "GET", path, NULL, NULL, 0, NULL, &r);
	}
	if (r.status < 200 || r.status >= 300 || !cJSON_IsObject(r.body)) {
		fprintf(stderr, "fake node %s: registering the Node: %ld %s\n", n->name, r.status,
			r.status ? r.raw : r.err.msg);
		kc_response_clear(&r);
		return -1;
	}
	n->node_uid = xstrdup(kc_json_get_str(r.body, "metadata.uid", ""));
	kc_response_clear(&r);

	kc_informer_config nc = {.path = "/api/v1/nodes",
				 .list_backoff_initial_ms = 100,
				 .list_backoff_max_ms = 1000,
				 .on_error = log_error};
	_cleanup_free_ char *name_sel = xasprintf("metadata.name=%s", n->name);
	nc.field_selector = name_sel;
	n->node_inf = kc_informer_new(n->base, n->client, &nc, &err);
	_cleanup_free_ char *pod_sel = xasprintf("spec.nodeName=%s", n->name);
	kc_informer_config pc = {.path = "/api/v1/pods",
				 .field_selector = pod_sel,
				 .list_backoff_initial_ms = 100,
				 .list_backoff_max_ms = 1000,
				 .on_error = log_error};
	n->pods_inf = kc_informer_new(n->base, n->client, &pc, &err);
	if (!n->node_inf || !n->pods_inf) {
		fprintf(stderr, "fake node %s: informer: %s\n", n->name, err.msg);
		return -1;
	}
	n->queue = kc_queue_new(n->base, &(kc_queue_config){.name = "fakenode", .base_delay_ms = 50, .max_delay_ms = 2000},
				process_pod, n);
	kc_informer_add_handlers(n->pods_inf, &(kc_informer_handlers){.on_add = pod_added,
								       .on_update = pod_updated,
								       .on_delete = pod_deleted,
								       .userdata = n});
	kc_informer_add_handlers(n->node_inf, &(kc_informer_handlers){.on_update = node_changed, .userdata = n});
	if (kc_informer_start(n->node_inf) < 0 || kc_informer_start(n->pods_inf) < 0) {
		fprintf(stderr, "fake node %s: cannot start the informers\n", n->name);
		return -1;
	}
	n->wake_ev = event_new(n->base, n->wake[0], EV_READ | EV_PERSIST, on_wake, n);
	event_add(n->wake_ev, NULL);
	n->tick = event_new(n->base, -1, EV_PERSIST, on_tick, n);
	struct timeval tv = {(time_t)(n->renew_ms / 1000), (suseconds_t)((n->renew_ms % 1000) * 1000)};
	event_add(n->tick, &tv);
	renew_lease(n); /* the first Lease now */
	return 0;
}

static void node_teardown(kc_fake_node *n)
{
	if (n->wake_ev)
		event_free(n->wake_ev);
	if (n->tick)
		event_free(n->tick);
	kc_queue_free(n->queue);
	kc_informer_free(n->pods_inf);
	kc_informer_free(n->node_inf);
	kc_client_free(n->client);
	while (n->pending)
		write_unlink(n, n->pending);
	if (n->base)
		event_base_free(n->base);
	cJSON_Delete(n->lease);
	n->base = NULL;
}

static void *node_main(void *arg)
{
	kc_fake_node *n = arg;
	int rc = node_setup(n);
	pthread_mutex_lock(&n->mu);
	n->start_result = rc == 0 ? 1 : -1;
	pthread_cond_broadcast(&n->cv);
	pthread_mutex_unlock(&n->mu);
	if (rc == 0)
		event_base_dispatch(n->base);
	node_teardown(n);
	/* wake anyone still waiting for an answer */
	pthread_mutex_lock(&n->mu);
	n->start_result = -1;
	pthread_cond_broadcast(&n->cv);
	pthread_mutex_unlock(&n->mu);
	return NULL;
}

static void node_free(kc_fake_node *n)
{
	for (size_t i = 0; i < n->norders; i++)
		free(n->orders[i].key);
	free(n->orders);
	kc_map_free(n->ready);
	kc_map_free(n->inflight);
	kc_map_free(n->ips);
	kc_client_config_clear(&n->ccfg);
	if (n->wake[0] >= 0)
		close(n->wake[0]);
	if (n->wake[1] >= 0)
		close(n->wake[1]);
	pthread_mutex_destroy(&n->mu);
	pthread_cond_destroy(&n->cv);
	free(n->node_uid);
	free(n->name);
	free(n->cpu);
	free(n->memory);
	free(n->pods);
	free(n->labels);
	free(n->taints);
	free(n);
}

kc_fake_node *kc_fake_node_start(const kc_test_apiserver *a, const kc_fake_node_config *cfg)
{
	if (!a || !cfg || !cfg->name || !cfg->name[0])
		return NULL;
	_cleanup_free_ char *who = xasprintf("kubelet-%s", cfg->name);
	_cleanup_free_ char *user = xasprintf("system:node:%s", cfg->name);
	if (kc_test_apiserver_issue_user(a, who, user, "system:nodes") < 0)
		return NULL;
	kc_fake_node *n = xcalloc(1, sizeof(*n));
	n->name = xstrdup(cfg->name);
	n->cpu = xstrdup(cfg->cpu ? cfg->cpu : "4");
	n->memory = xstrdup(cfg->memory ? cfg->memory : "8Gi");
	n->pods = xstrdup(cfg->pods ? cfg->pods : "110");
	n->labels = cfg->labels ? xstrdup(cfg->labels) : NULL;
	n->taints = cfg->taints ? xstrdup(cfg->taints) : NULL;
	n->renew_ms = cfg->renew_interval_ms ? cfg->renew_interval_ms : 10000;
	n->unready_pods = cfg->unready_pods;
	n->idx = node_index(cfg->name);
	snprintf(n->node_ip, sizeof(n->node_ip), "10.%d.0.1", n->idx);
	n->ready = kc_map_new(free);
	n->inflight = kc_map_new(free);
	n->ips = kc_map_new(free);
	n->wake[0] = n->wake[1] = -1;
	pthread_mutex_init(&n->mu, NULL);
	pthread_cond_init(&n->cv, NULL);
	kc_test_apiserver_client_config(a, who, &n->ccfg);
	free(n->ccfg.user_agent);
	n->ccfg.user_agent = xasprintf("kc-fake-node/%s", n->name);
	n->ccfg.request_timeout_ms = 30000;
	n->ccfg.watch_backoff_initial_ms = 100;
	n->ccfg.watch_backoff_max_ms = 1000;
	if (pipe2(n->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		node_free(n);
		return NULL;
	}
	if (pthread_create(&n->thread, NULL, node_main, n) != 0) {
		node_free(n);
		return NULL;
	}
	n->thread_started = true;
	pthread_mutex_lock(&n->mu);
	while (n->start_result == 0)
		pthread_cond_wait(&n->cv, &n->mu);
	int started = n->start_result;
	pthread_mutex_unlock(&n->mu);
	if (started < 0) {
		pthread_join(n->thread, NULL);
		node_free(n);
		return NULL;
	}
	return n;
}

static void fill_pause(kc_fake_node *n, const void *arg)
{
	n->want_paused = *(const bool *)arg;
}

void kc_fake_node_pause(kc_fake_node *n)
{
	if (!n)
		return;
	bool v = true;
	order(n, fill_pause, &v);
}

void kc_fake_node_resume(kc_fake_node *n)
{
	if (!n)
		return;
	bool v = false;
	order(n, fill_pause, &v);
}

typedef struct ready_arg {
	const char *ns, *pod;
	bool ready;
} ready_arg;

static void fill_ready(kc_fake_node *n, const void *arg)
{
	const ready_arg *r = arg;
	n->orders = xrealloc(n->orders, (n->norders + 1) * sizeof(*n->orders));
	n->orders[n->norders++] = (ready_order){xasprintf("%s/%s", r->ns, r->pod), r->ready};
}

void kc_fake_node_set_ready(kc_fake_node *n, const char *ns, const char *pod, bool ready)
{
	if (!n || !ns || !pod)
		return;
	ready_arg r = {ns, pod, ready};
	order(n, fill_ready, &r);
}

static void fill_stop(kc_fake_node *n, const void *arg)
{
	(void)arg;
	n->want_stop = true;
}

void kc_fake_node_stop(kc_fake_node *n)
{
	if (!n)
		return;
	pthread_mutex_lock(&n->mu);
	fill_stop(n, NULL);
	pthread_mutex_unlock(&n->mu);
	char c = 1;
	ssize_t w = write(n->wake[1], &c, 1);
	(void)w;
	if (n->thread_started)
		pthread_join(n->thread, NULL);
	node_free(n);
}
