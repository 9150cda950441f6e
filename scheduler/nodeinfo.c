/* nodeinfo.c - what a pod asks for, and a node with the pods placed on it
 * (sched.h). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/quantity.h"
#include "common/util.h"
#include "scheduler/sched.h"
#include "banned.h"

/* upstream's DefaultMilliCPURequest and DefaultMemoryRequest, for scoring
 * pods that ask for nothing */
#define DEFAULT_MILLI_CPU 100
#define DEFAULT_MEMORY    (200LL * 1024 * 1024)

static int quantity(const cJSON *list, const char *name, bool milli, int64_t *ret, kc_error *err)
{
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(list, name);
	*ret = 0;
	if (!q)
		return 0;
	kc_quantity v;
	if (kc_quantity_from_json(q, &v, err) < 0)
		return kc_error_prefix(err, "%s: ", name);
	*ret = milli ? kc_quantity_milli_value(&v) : kc_quantity_value(&v);
	return 0;
}

static int resources(const cJSON *list, sched_res *r, kc_error *err)
{
	int rc;
	if ((rc = quantity(list, "cpu", true, &r->cpu_milli, err)) < 0 ||
	    (rc = quantity(list, "memory", false, &r->memory, err)) < 0 ||
	    (rc = quantity(list, "ephemeral-storage", false, &r->ephemeral, err)) < 0)
		return rc;
	return quantity(list, "pods", false, &r->pods, err);
}

static void add(sched_res *a, const sched_res *b)
{
	a->cpu_milli += b->cpu_milli;
	a->memory += b->memory;
	a->ephemeral += b->ephemeral;
	a->pods += b->pods;
}

static void max_into(sched_res *a, const sched_res *b)
{
	a->cpu_milli = b->cpu_milli > a->cpu_milli ? b->cpu_milli : a->cpu_milli;
	a->memory = b->memory > a->memory ? b->memory : a->memory;
	a->ephemeral = b->ephemeral > a->ephemeral ? b->ephemeral : a->ephemeral;
}

/* upstream's computePodResourceRequest: the containers' sum, at least the
 * largest init container, plus the overhead; for scoring, containers that
 * name no cpu or memory count the defaults. */
static int pod_requests(const cJSON *pod, sched_res *req, sched_res *score_req, kc_error *err)
{
	const cJSON *spec = cJSON_GetObjectItemCaseSensitive(pod, "spec");
	const cJSON *c;
	sched_res sum = {0}, score = {0}, init = {0};
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(spec, "containers"))
	{
		sched_res r = {0};
		const cJSON *requests = kc_json_get(c, "resources.requests");
		if (resources(requests, &r, err) < 0)
			return kc_error_prefix(err, "container %s: ", kc_json_get_str(c, "name", ""));
		add(&sum, &r);
		if (!cJSON_GetObjectItemCaseSensitive(requests, "cpu"))
			r.cpu_milli = DEFAULT_MILLI_CPU;
		if (!cJSON_GetObjectItemCaseSensitive(requests, "memory"))
			r.memory = DEFAULT_MEMORY;
		add(&score, &r);
	}
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(spec, "initContainers"))
	{
		sched_res r = {0};
		if (resources(kc_json_get(c, "resources.requests"), &r, err) < 0)
			return kc_error_prefix(err, "init container %s: ", kc_json_get_str(c, "name", ""));
		max_into(&init, &r);
	}
	max_into(&sum, &init);
	max_into(&score, &init);
	sched_res overhead = {0};
	if (resources(cJSON_GetObjectItemCaseSensitive(spec, "overhead"), &overhead, err) < 0)
		return kc_error_prefix(err, "overhead: ");
	overhead.pods = 0;
	add(&sum, &overhead);
	add(&score, &overhead);
	sum.pods = score.pods = 1;
	*req = sum;
	*score_req = score;
	return 0;
}

/* "TCP/10.0.0.1/80" for every host port of the pod's containers. */
static char **host_ports(const cJSON *pod, size_t *ret_n)
{
	char **out = NULL;
	size_t n = 0;
	const cJSON *c, *p;
	cJSON_ArrayForEach(c, kc_json_get(pod, "spec.containers"))
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(c, "ports"))
	{
		int64_t port = kc_json_get_int(p, "hostPort", 0);
		if (port <= 0)
			continue;
		const char *ip = kc_json_get_str(p, "hostIP", "");
		out = xrealloc(out, (n + 1) * sizeof(*out));
		out[n++] = xasprintf("%s/%s/%lld", kc_json_get_str(p, "protocol", "TCP"), ip[0] ? ip : "0.0.0.0",
				     (long long)port);
	}
	*ret_n = n;
	return out;
}

static void free_ports(char **ports, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ports[i]);
	free(ports);
}

static const char *controller_uid(const cJSON *pod)
{
	const cJSON *ref;
	cJSON_ArrayForEach(ref, kc_json_get(pod, "metadata.ownerReferences"))
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ref, "controller")))
		return kc_json_get_str(ref, "uid", "");
	return "";
}

int sched_pod_parse(const cJSON *pod, sched_pod *p, kc_error *err)
{
	memset(p, 0, sizeof(*p));
	p->obj = pod;
	p->ns = kc_json_get_str(pod, "metadata.namespace", "");
	p->name = kc_json_get_str(pod, "metadata.name", "");
	int rc = pod_requests(pod, &p->req, &p->score_req, err);
	if (rc < 0)
		return rc;
	p->ports = host_ports(pod, &p->nports);
	p->owner_uid = controller_uid(pod);
	p->tolerations = kc_json_get(pod, "spec.tolerations");
	p->node_selector = kc_json_get(pod, "spec.nodeSelector");
	p->required_affinity =
		kc_json_get(pod, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution");
	p->preferred_affinity =
		kc_json_get(pod, "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution");
	return 0;
}

void sched_pod_clear(sched_pod *p)
{
	free_ports(p->ports, p->nports);
	memset(p, 0, sizeof(*p));
}

/* ---- nodes ---- */

static void placed_free(void *v)
{
	sched_placed *p = v;
	free_ports(p->ports, p->nports);
	cJSON_Delete(p->obj);
	free(p);
}

sched_node *sched_node_new(const char *name)
{
	sched_node *n = xcalloc(1, sizeof(*n));
	n->name = xstrdup(name);
	n->pods = kc_map_new(placed_free);
	n->ports = kc_map_new(NULL);
	return n;
}

void sched_node_free(sched_node *n)
{
	if (!n)
		return;
	kc_map_free(n->pods);
	kc_map_free(n->ports);
	cJSON_Delete(n->obj);
	free(n->name);
	free(n);
}

/* The Ready condition read as the taint the node lifecycle controller puts
 * on, for nodes it has not tainted (yet): not-ready for False, unreachable
 * for Unknown or a missing condition. NULL when Ready. */
static const char *readiness_taint(const cJSON *node)
{
	const cJSON *c;
	const char *status = "Unknown";
	cJSON_ArrayForEach(c, kc_json_get(node, "status.conditions"))
	if (streq(kc_json_get_str(c, "type", ""), "Ready"))
		status = kc_json_get_str(c, "status", "Unknown");
	if (streq(status, "True"))
		return NULL;
	return streq(status, "False") ? "node.kubernetes.io/not-ready" : "node.kubernetes.io/unreachable";
}

int sched_node_set(sched_node *n, const cJSON *node, kc_error *err)
{
	cJSON_Delete(n->obj);
	n->obj = cJSON_Duplicate(node, true);
	n->labels = kc_json_get(n->obj, "metadata.labels");
	n->taints = kc_json_get(n->obj, "spec.taints");
	n->unschedulable = cJSON_IsTrue(kc_json_get(n->obj, "spec.unschedulable"));
	n->not_ready_taint = readiness_taint(n->obj);
	const cJSON *zone = cJSON_GetObjectItemCaseSensitive(n->labels, "topology.kubernetes.io/zone");
	n->zone = cJSON_IsString(zone) ? zone->valuestring : NULL;
	sched_res a = {0};
	int rc = resources(kc_json_get(node, "status.allocatable"), &a, err);
	n->valid = rc == 0;
	n->alloc = a;
	return rc < 0 ? kc_error_prefix(err, "node %s: status.allocatable.", n->name) : 0;
}

static void count_port(sched_node *n, const char *key, int delta)
{
	intptr_t v = (intptr_t)kc_map_get(n->ports, key) + delta;
	if (v > 0)
		kc_map_put(n->ports, key, (void *)v);
	else
		kc_map_del(n->ports, key);
}

/* "TCP/ip/80" counts under itself and under "TCP/<star>/80", so that a
 * wildcard address finds any address on the same port. */
static void count_ports(sched_node *n, char **ports, size_t np, int delta)
{
	for (size_t i = 0; i < np; i++) {
		count_port(n, ports[i], delta);
		const char *first = strchr(ports[i], '/');
		const char *last = strrchr(ports[i], '/');
		_cleanup_free_ char *any = xasprintf("%.*s/*%s", (int)(first - ports[i]), ports[i], last);
		count_port(n, any, delta);
	}
}

static void account(sched_node *n, const sched_placed *p, int sign)
{
	n->requested.cpu_milli += sign * p->req.cpu_milli;
	n->requested.memory += sign * p->req.memory;
	n->requested.ephemeral += sign * p->req.ephemeral;
	n->requested.pods += sign;
	n->score_requested.cpu_milli += sign * p->score_req.cpu_milli;
	n->score_requested.memory += sign * p->score_req.memory;
	count_ports(n, p->ports, p->nports, sign);
}

void sched_node_remove_pod(sched_node *n, const char *key)
{
	sched_placed *p = kc_map_get(n->pods, key);
	if (!p)
		return;
	account(n, p, -1);
	kc_map_del(n->pods, key);
}

/* What pod affinity and spreading read of a placed pod: its namespace,
 * labels, owners and affinity. The whole pod would double the memory the
 * informer's cache already takes. */
static cJSON *slim(const cJSON *pod)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *meta = cJSON_AddObjectToObject(o, "metadata");
	static const char *const keep[] = {"name", "namespace", "labels", "ownerReferences"};
	const cJSON *from = cJSON_GetObjectItemCaseSensitive(pod, "metadata");
	for (size_t i = 0; i < KC_ARRAY_SIZE(keep); i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(from, keep[i]);
		if (v)
			cJSON_AddItemToObject(meta, keep[i], cJSON_Duplicate(v, true));
	}
	const cJSON *affinity = kc_json_get(pod, "spec.affinity");
	if (affinity)
		cJSON_AddItemToObject(cJSON_AddObjectToObject(o, "spec"), "affinity", cJSON_Duplicate(affinity, true));
	return o;
}

void sched_node_add_pod(sched_node *n, const char *key, const cJSON *pod, bool assumed)
{
	sched_node_remove_pod(n, key);
	sched_placed *p = xcalloc(1, sizeof(*p));
	p->assumed = assumed;
	/* a pod the apiserver accepted with a bad quantity counts as one pod
	 * asking for nothing: it is on the node whatever we think of it */
	if (pod_requests(pod, &p->req, &p->score_req, NULL) < 0) {
		p->req = p->score_req = (sched_res){0};
		p->req.pods = 1;
	}
	p->ports = host_ports(pod, &p->nports);
	p->obj = slim(pod);
	p->owner_uid = controller_uid(p->obj);
	account(n, p, +1);
	kc_map_put(n->pods, key, p);
}

sched_placed *sched_node_pod(const sched_node *n, const char *key) { return kc_map_get(n->pods, key); }
