/* describe_node.c - kubectl describe for nodes (with their lease, their
 * non-terminated pods and what those request) and namespaces (with their
 * resource quotas and limit ranges). */
#include "ctl/describe.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/quantity.h"
#include "banned.h"

/* ---- resource lists (corev1.ResourceList as kubectl's resource helper
 * sums them) ---- */

typedef struct rentry {
	const char *name; /* points into the objects summed */
	kc_quantity q;
} rentry;

typedef struct rlist {
	rentry *v;
	size_t n, cap;
} rlist;

static rentry *rl_find(rlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (streq(l->v[i].name, name))
			return &l->v[i];
	return NULL;
}

static void rl_set(rlist *l, const char *name, const kc_quantity *q)
{
	rentry *e = rl_find(l, name);
	if (!e) {
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 8;
			l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
		}
		e = &l->v[l->n++];
		e->name = name;
	}
	e->q = *q;
}

static void rl_add(rlist *l, const char *name, const kc_quantity *q)
{
	rentry *e = rl_find(l, name);
	if (!e) {
		rl_set(l, name, q);
		return;
	}
	(void)kc_quantity_add(&e->q, q, NULL);
}

static void rl_add_list(rlist *l, const rlist *other)
{
	for (size_t i = 0; i < other->n; i++)
		rl_add(l, other->v[i].name, &other->v[i].q);
}

static void rl_max_list(rlist *l, const rlist *other)
{
	for (size_t i = 0; i < other->n; i++) {
		rentry *e = rl_find(l, other->v[i].name);
		if (!e || kc_quantity_cmp(&other->v[i].q, &e->q) > 0)
			rl_set(l, other->v[i].name, &other->v[i].q);
	}
}

/* A ResourceList object read into l (replacing what l had). */
static void rl_from_json(rlist *l, const cJSON *obj)
{
	l->n = 0;
	const cJSON *q;
	cJSON_ArrayForEach(q, obj)
	{
		kc_quantity v = KC_QUANTITY_ZERO;
		if (!q->string || kc_quantity_from_json(q, &v, NULL) < 0)
			continue;
		rl_set(l, q->string, &v);
	}
}

static kc_quantity rl_get(rlist *l, const char *name)
{
	rentry *e = rl_find(l, name);
	kc_quantity zero = KC_QUANTITY_ZERO;
	return e ? e->q : zero;
}

static void rl_free(rlist *l)
{
	free(l->v);
	*l = (rlist){0};
}

static bool restartable(const cJSON *c)
{
	return streq(kc_ds(c, "restartPolicy"), "Always");
}

/* resourcehelper.PodRequestsAndLimits. */
static void pod_requests_limits(const cJSON *pod, rlist *reqs, rlist *limits)
{
	rlist tmp = {0}, restart = {0}, init = {0}, a = {0}, b = {0};
	const cJSON *c;
	/* requests */
	cJSON_ArrayForEach(c, kc_json_get(pod, "spec.containers"))
	{
		rl_from_json(&a, kc_json_get(c, "resources.requests"));
		const cJSON *cs = NULL, *s;
		cJSON_ArrayForEach(s, kc_json_get(pod, "status.containerStatuses"))
		{
			if (streq(kc_ds(s, "name"), kc_ds(c, "name")))
				cs = s;
		}
		/* kubectl 1.31: the status's allocatedResources count when the
		 * container has a status (all of it when a resize is infeasible) */
		if (cs) {
			rl_from_json(&b, kc_json_get(cs, "allocatedResources"));
			if (streq(kc_ds(pod, "status.resize"), "Infeasible"))
				rl_from_json(&a, kc_json_get(cs, "allocatedResources"));
			else
				rl_max_list(&a, &b);
		}
		rl_add_list(reqs, &a);
	}
	cJSON_ArrayForEach(c, kc_json_get(pod, "spec.initContainers"))
	{
		rl_from_json(&a, kc_json_get(c, "resources.requests"));
		if (restartable(c)) {
			rl_add_list(reqs, &a);
			rl_add_list(&restart, &a);
			rl_max_list(&init, &restart);
		} else {
			tmp.n = 0;
			rl_add_list(&tmp, &a);
			rl_add_list(&tmp, &restart);
			rl_max_list(&init, &tmp);
		}
	}
	rl_max_list(reqs, &init);
	rl_from_json(&a, kc_json_get(pod, "spec.overhead"));
	rl_add_list(reqs, &a);

	/* limits */
	restart.n = init.n = 0;
	cJSON_ArrayForEach(c, kc_json_get(pod, "spec.containers"))
	{
		rl_from_json(&a, kc_json_get(c, "resources.limits"));
		rl_add_list(limits, &a);
	}
	cJSON_ArrayForEach(c, kc_json_get(pod, "spec.initContainers"))
	{
		rl_from_json(&a, kc_json_get(c, "resources.limits"));
		if (restartable(c)) {
			rl_add_list(limits, &a);
			rl_add_list(&restart, &a);
			rl_max_list(&init, &restart);
		} else {
			tmp.n = 0;
			rl_add_list(&tmp, &a);
			rl_add_list(&tmp, &restart);
			rl_max_list(&init, &tmp);
		}
	}
	rl_max_list(limits, &init);
	rl_from_json(&a, kc_json_get(pod, "spec.overhead"));
	for (size_t i = 0; i < a.n; i++) {
		rentry *e = rl_find(limits, a.v[i].name);
		if (e && !kc_quantity_is_zero(&e->q))
			(void)kc_quantity_add(&e->q, &a.v[i].q, NULL);
	}
	rl_free(&tmp);
	rl_free(&restart);
	rl_free(&init);
	rl_free(&a);
	rl_free(&b);
}

/* int64(float64(a) / float64(b) * 100) as Go computes it on amd64, where a
 * NaN or infinite ratio converts to the smallest int64. */
static int64_t percent(int64_t a, int64_t b)
{
	double f = (double)a / (double)b * 100;
	if (!isfinite(f) || f >= 9.2233720368547758e18 || f < -9.2233720368547758e18)
		return INT64_MIN;
	return (int64_t)f;
}

static void qstr(const kc_quantity *q, char buf[KC_QUANTITY_STR_MAX])
{
	kc_quantity_string(q, buf);
}

static bool is_standard_resource(const char *name)
{
	return streq(name, "cpu") || streq(name, "memory") || streq(name, "ephemeral-storage") ||
	       str_startswith(name, "hugepages-");
}

static void describe_node_resources(const kc_dw *w, const kc_describe_env *env, const cJSON *pods, const cJSON *node)
{
	const cJSON *items = kc_json_get(pods, "items");
	kc_dw_write(w, KC_L0, "Non-terminated Pods:\t(%d in total)\n", cJSON_GetArraySize(items));
	kc_dw_write(w, KC_L1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
	kc_dw_write(w, KC_L1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
	const cJSON *alloc_obj = kc_json_get(node, "status.capacity");
	if (kc_dn(node, "status.allocatable"))
		alloc_obj = kc_json_get(node, "status.allocatable");
	rlist alloc = {0}, total_req = {0}, total_lim = {0};
	rl_from_json(&alloc, alloc_obj);
	kc_quantity acpu = rl_get(&alloc, "cpu"), amem = rl_get(&alloc, "memory");
	kc_quantity aeph = rl_get(&alloc, "ephemeral-storage");
	char s1[KC_QUANTITY_STR_MAX], s2[KC_QUANTITY_STR_MAX], s3[KC_QUANTITY_STR_MAX], s4[KC_QUANTITY_STR_MAX];
	const cJSON *pod;
	cJSON_ArrayForEach(pod, items)
	{
		rlist req = {0}, lim = {0};
		pod_requests_limits(pod, &req, &lim);
		rl_add_list(&total_req, &req);
		rl_add_list(&total_lim, &lim);
		kc_quantity cr = rl_get(&req, "cpu"), cl = rl_get(&lim, "cpu");
		kc_quantity mr = rl_get(&req, "memory"), ml = rl_get(&lim, "memory");
		qstr(&cr, s1);
		qstr(&cl, s2);
		qstr(&mr, s3);
		qstr(&ml, s4);
		char age[KC_DESCRIBE_TIME_MAX];
		kc_dw_write(w, KC_L1,
			    "%s\t%s\t\t%s (%" PRId64 "%%)\t%s (%" PRId64 "%%)\t%s (%" PRId64 "%%)\t%s (%" PRId64 "%%)\t%s\n",
			    kc_ds(pod, "metadata.namespace"), kc_ds(pod, "metadata.name"), s1,
			    percent(kc_quantity_milli_value(&cr), kc_quantity_milli_value(&acpu)), s2,
			    percent(kc_quantity_milli_value(&cl), kc_quantity_milli_value(&acpu)), s3,
			    percent(kc_quantity_value(&mr), kc_quantity_value(&amem)), s4,
			    percent(kc_quantity_value(&ml), kc_quantity_value(&amem)),
			    kc_describe_since(env, kc_json_get(pod, "metadata.creationTimestamp"), age));
		rl_free(&req);
		rl_free(&lim);
	}
	kc_dw_write(w, KC_L0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
	kc_dw_write(w, KC_L1, "Resource\tRequests\tLimits\n");
	kc_dw_write(w, KC_L1, "--------\t--------\t------\n");
	static const char *const std[] = {"cpu", "memory", "ephemeral-storage"};
	for (size_t i = 0; i < 3; i++) {
		kc_quantity r = rl_get(&total_req, std[i]), l = rl_get(&total_lim, std[i]);
		const kc_quantity *a = i == 0 ? &acpu : i == 1 ? &amem : &aeph;
		int64_t fr = 0, fl = 0;
		if (i == 0 && kc_quantity_milli_value(a) != 0) {
			fr = percent(kc_quantity_milli_value(&r), kc_quantity_milli_value(a));
			fl = percent(kc_quantity_milli_value(&l), kc_quantity_milli_value(a));
		} else if (i > 0 && kc_quantity_value(a) != 0) {
			fr = percent(kc_quantity_value(&r), kc_quantity_value(a));
			fl = percent(kc_quantity_value(&l), kc_quantity_value(a));
		}
		qstr(&r, s1);
		qstr(&l, s2);
		kc_dw_write(w, KC_L1, "%s\t%s (%" PRId64 "%%)\t%s (%" PRId64 "%%)\n", std[i], s1, fr, s2, fl);
	}
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_describe_sorted_keys(alloc_obj, &n);
	for (size_t i = 0; i < n; i++) {
		if (!str_startswith(keys[i], "hugepages-"))
			continue;
		kc_quantity r = rl_get(&total_req, keys[i]), l = rl_get(&total_lim, keys[i]), a = rl_get(&alloc, keys[i]);
		int64_t fr = 0, fl = 0;
		if (kc_quantity_value(&a) != 0) {
			fr = percent(kc_quantity_value(&r), kc_quantity_value(&a));
			fl = percent(kc_quantity_value(&l), kc_quantity_value(&a));
		}
		qstr(&r, s1);
		qstr(&l, s2);
		kc_dw_write(w, KC_L1, "%s\t%s (%" PRId64 "%%)\t%s (%" PRId64 "%%)\n", keys[i], s1, fr, s2, fl);
	}
	for (size_t i = 0; i < n; i++) {
		if (is_standard_resource(keys[i]) || streq(keys[i], "pods"))
			continue;
		kc_quantity r = rl_get(&total_req, keys[i]), l = rl_get(&total_lim, keys[i]);
		qstr(&r, s1);
		qstr(&l, s2);
		kc_dw_write(w, KC_L1, "%s\t%s\t%s\n", keys[i], s1, s2);
	}
	rl_free(&alloc);
	rl_free(&total_req);
	rl_free(&total_lim);
}

/* ---- nodes ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role. */
static void node_roles(kc_buf *b, const cJSON *labels)
{
	size_t n = 0;
	const cJSON *l;
	_cleanup_free_ const char **roles = xcalloc((size_t)cJSON_GetArraySize(labels) + 1, sizeof(*roles));
	cJSON_ArrayForEach(l, labels)
	{
		if (!l->string)
			continue;
		if (str_startswith(l->string, "node-role.kubernetes.io/")) {
			if (l->string[strlen("node-role.kubernetes.io/")])
				roles[n++] = l->string + strlen("node-role.kubernetes.io/");
		} else if (streq(l->string, "kubernetes.io/role") && kc_json_as_str(l, "")[0]) {
			roles[n++] = kc_json_as_str(l, "");
		}
	}
	qsort(roles, n, sizeof(*roles), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (i && streq(roles[i], roles[i - 1]))
			continue;
		if (b->len)
			kc_buf_addch(b, ',');
		kc_buf_addstr(b, roles[i]);
	}
}

static void merge_items(cJSON *into, cJSON *from)
{
	cJSON *items = cJSON_GetObjectItemCaseSensitive(into, "items");
	cJSON *more = cJSON_GetObjectItemCaseSensitive(from, "items");
	while (more && more->child)
		cJSON_AddItemToArray(items, cJSON_DetachItemViaPointer(more, more->child));
}

int kc_describe_node(const kc_dw *w, const kc_describe_env *env, const cJSON *node, char **ret_err)
{
	const char *name = kc_ds(node, "metadata.name");
	char t[KC_DESCRIBE_TIME_MAX], t2[KC_DESCRIBE_TIME_MAX];

	/* the pods on the node that have not ended, in every namespace */
	_cleanup_buf_ kc_buf path = KC_BUF_INIT, sel = KC_BUF_INIT;
	kc_buf_addstr(&sel, "spec.nodeName=");
	for (const char *p = name; *p; p++) {
		if (*p == '\\' || *p == ',' || *p == '=')
			kc_buf_addch(&sel, '\\');
		kc_buf_addch(&sel, *p);
	}
	kc_buf_addstr(&sel, ",status.phase!=Succeeded,status.phase!=Failed");
	kc_buf_addstr(&path, "/api/v1/pods?fieldSelector=");
	kc_describe_query_escape(&path, kc_buf_str(&sel));
	long status = 0;
	_cleanup_free_ char *pods_err = NULL;
	_cleanup_json_ cJSON *pods = kc_describe_fetch(env, kc_buf_str(&path), &status, &pods_err);
	if (!pods && status != 403) {
		*ret_err = TAKE_PTR(pods_err);
		return -EIO;
	}
	_cleanup_json_ cJSON *events = NULL;
	if (env->show_events) {
		/* events name a node by its uid (controllers) or its name (kubelet) */
		events = kc_describe_search_events(env, "", name, "Node", kc_ds(node, "metadata.uid"));
		_cleanup_json_ cJSON *by_name = kc_describe_search_events(env, "", name, "Node", name);
		merge_items(events, by_name);
	}

	kc_dw_write(w, KC_L0, "Name:\t%s\n", name);
	_cleanup_buf_ kc_buf roles = KC_BUF_INIT;
	node_roles(&roles, kc_json_get(node, "metadata.labels"));
	kc_dw_write(w, KC_L0, "Roles:\t%s\n", roles.len ? kc_buf_str(&roles) : "<none>");
	kc_describe_labels(w, "Labels", kc_json_get(node, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(node, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "CreationTimestamp:\t%s\n",
		    kc_describe_time(env, kc_json_get(node, "metadata.creationTimestamp"), t));
	kc_describe_taints(w, "Taints", kc_json_get(node, "spec.taints"));
	kc_dw_write(w, KC_L0, "Unschedulable:\t%s\n", kc_json_get_bool(node, "spec.unschedulable", false) ? "true" : "false");

	_cleanup_free_ char *lease_path = xasprintf("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/%s", name);
	_cleanup_free_ char *lease_err = NULL;
	_cleanup_json_ cJSON *lease = kc_describe_fetch(env, lease_path, NULL, &lease_err);
	if (lease) {
		kc_dw_write(w, KC_L0, "Lease:\n");
		const cJSON *holder = kc_json_get(lease, "spec.holderIdentity");
		kc_dw_write(w, KC_L1, "HolderIdentity:\t%s\n", cJSON_IsString(holder) ? holder->valuestring : "<unset>");
		const cJSON *acq = kc_json_get(lease, "spec.acquireTime"), *renew = kc_json_get(lease, "spec.renewTime");
		kc_dw_write(w, KC_L1, "AcquireTime:\t%s\n", cJSON_IsString(acq) ? kc_describe_time(env, acq, t) : "<unset>");
		kc_dw_write(w, KC_L1, "RenewTime:\t%s\n", cJSON_IsString(renew) ? kc_describe_time(env, renew, t) : "<unset>");
	} else {
		kc_dw_write(w, KC_L0, "Lease:\tFailed to get lease: %s\n", lease_err ? lease_err : "");
	}

	const cJSON *conds = kc_json_get(node, "status.conditions");
	if (cJSON_GetArraySize(conds) > 0) {
		kc_dw_write(w, KC_L0,
			    "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
		kc_dw_write(w, KC_L1, "----\t------\t-----------------\t------------------\t------\t-------\n");
		const cJSON *c;
		cJSON_ArrayForEach(c, conds)
		kc_dw_write(w, KC_L1, "%s \t%s \t%s \t%s \t%s \t%s\n", kc_ds(c, "type"), kc_ds(c, "status"),
			    kc_describe_time(env, kc_json_get(c, "lastHeartbeatTime"), t),
			    kc_describe_time(env, kc_json_get(c, "lastTransitionTime"), t2), kc_ds(c, "reason"),
			    kc_ds(c, "message"));
	}
	kc_dw_write(w, KC_L0, "Addresses:\n");
	const cJSON *a;
	cJSON_ArrayForEach(a, kc_json_get(node, "status.addresses"))
	kc_dw_write(w, KC_L1, "%s:\t%s\n", kc_ds(a, "type"), kc_ds(a, "address"));
	static const char *const lists[][2] = {{"status.capacity", "Capacity"}, {"status.allocatable", "Allocatable"}};
	for (size_t i = 0; i < 2; i++) {
		const cJSON *list = kc_json_get(node, lists[i][0]);
		size_t n = 0;
		_cleanup_free_ const char **keys = kc_describe_sorted_keys(list, &n);
		if (!n)
			continue;
		kc_dw_write(w, KC_L0, "%s:\n", lists[i][1]);
		for (size_t k = 0; k < n; k++) {
			char q[64];
			kc_dw_write(w, KC_L0, "  %s:\t%s\n", keys[k],
				    kc_describe_quantity(cJSON_GetObjectItemCaseSensitive(list, keys[k]), q));
		}
	}
	const cJSON *info = kc_json_get(node, "status.nodeInfo");
	static const char *const fields[][2] = {
		{"Machine ID", "machineID"},
		{"System UUID", "systemUUID"},
		{"Boot ID", "bootID"},
		{"Kernel Version", "kernelVersion"},
		{"OS Image", "osImage"},
		{"Operating System", "operatingSystem"},
		{"Architecture", "architecture"},
		{"Container Runtime Version", "containerRuntimeVersion"},
		{"Kubelet Version", "kubeletVersion"},
		{"Kube-Proxy Version", "kubeProxyVersion"},
	};
	kc_dw_write(w, KC_L0, "System Info:\n");
	for (size_t i = 0; i < KC_ARRAY_SIZE(fields); i++)
		kc_dw_write(w, KC_L0, "  %s:\t%s\n", fields[i][0], kc_ds(info, fields[i][1]));
	if (kc_ds(node, "spec.podCIDR")[0])
		kc_dw_write(w, KC_L0, "PodCIDR:\t%s\n", kc_ds(node, "spec.podCIDR"));
	if (kc_dn(node, "spec.podCIDRs")) {
		_cleanup_buf_ kc_buf cidrs = KC_BUF_INIT;
		const cJSON *c;
		cJSON_ArrayForEach(c, kc_json_get(node, "spec.podCIDRs"))
		{
			if (cidrs.len)
				kc_buf_addch(&cidrs, ',');
			kc_buf_addstr(&cidrs, kc_json_as_str(c, ""));
		}
		kc_dw_write(w, KC_L0, "PodCIDRs:\t%s\n", kc_buf_str(&cidrs));
	}
	if (kc_ds(node, "spec.providerID")[0])
		kc_dw_write(w, KC_L0, "ProviderID:\t%s\n", kc_ds(node, "spec.providerID"));
	if (pods)
		describe_node_resources(w, env, pods, node);
	else
		kc_dw_write(w, KC_L0, "Pods:\tnot authorized\n");
	if (events)
		kc_describe_events(w, env, events);
	return 0;
}

/* ---- namespaces ---- */

static const char *scope_help(const char *scope)
{
	if (streq(scope, "Terminating"))
		return "Matches all pods that have an active deadline. These pods have a limited lifespan on a node "
		       "before being actively terminated by the system.";
	if (streq(scope, "NotTerminating"))
		return "Matches all pods that do not have an active deadline. These pods usually include long running "
		       "pods whose container command is not expected to terminate.";
	if (streq(scope, "BestEffort"))
		return "Matches all pods that do not have resource requirements set. These pods have a best effort "
		       "quality of service.";
	if (streq(scope, "NotBestEffort"))
		return "Matches all pods that have at least one resource requirement set. These pods have a burstable or "
		       "guaranteed quality of service.";
	return "";
}

static bool name_less(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return strcmp(kc_ds(a, "metadata.name"), kc_ds(b, "metadata.name")) < 0;
}

static void describe_quotas(const kc_dw *w, const cJSON *list)
{
	size_t n = 0;
	_cleanup_free_ const void **quotas = kc_describe_array(kc_json_get(list, "items"), &n);
	if (!n) {
		kc_dw_write(w, KC_L0, "No resource quota.\n");
		return;
	}
	kc_describe_sort(quotas, n, name_less, NULL);
	kc_dw_write(w, KC_L0, "Resource Quotas\n");
	for (size_t i = 0; i < n; i++) {
		const cJSON *q = quotas[i];
		kc_dw_write(w, KC_L1, "Name:\t%s\n", kc_ds(q, "metadata.name"));
		const cJSON *scopes = kc_json_get(q, "spec.scopes");
		size_t ns = (size_t)cJSON_GetArraySize(scopes);
		if (ns) {
			_cleanup_free_ const char **sc = xcalloc(ns, sizeof(*sc));
			size_t k = 0;
			const cJSON *s;
			cJSON_ArrayForEach(s, scopes)
			sc[k++] = kc_json_as_str(s, "");
			qsort(sc, k, sizeof(*sc), cmp_str);
			_cleanup_buf_ kc_buf joined = KC_BUF_INIT;
			for (size_t j = 0; j < k; j++)
				kc_buf_addf(&joined, "%s%s", j ? ", " : "", sc[j]);
			kc_dw_write(w, KC_L1, "Scopes:\t%s\n", kc_buf_str(&joined));
			for (size_t j = 0; j < k; j++)
				if (scope_help(sc[j])[0])
					kc_dw_write(w, KC_L1, "* %s\n", scope_help(sc[j]));
		}
		kc_dw_write(w, KC_L1, "Resource\tUsed\tHard\n");
		kc_dw_write(w, KC_L1, "--------\t---\t---\n");
		const cJSON *hard = kc_json_get(q, "status.hard");
		size_t nr = 0;
		_cleanup_free_ const char **res = kc_describe_sorted_keys(hard, &nr);
		for (size_t j = 0; j < nr; j++) {
			char u[64], h[64];
			kc_dw_write(w, KC_L1, "%s\t%s\t%s\n", res[j],
				    kc_describe_quantity(kc_json_getv(q, "status", "used", res[j], NULL), u),
				    kc_describe_quantity(cJSON_GetObjectItemCaseSensitive(hard, res[j]), h));
		}
	}
}

static void describe_limit_ranges(const kc_dw *w, const cJSON *list)
{
	const cJSON *items = kc_json_get(list, "items");
	if (cJSON_GetArraySize(items) <= 0) {
		kc_dw_write(w, KC_L0, "No LimitRange resource.\n");
		return;
	}
	kc_dw_write(w, KC_L0,
		    "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
	kc_dw_write(w, KC_L0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
	static const char *const cols[] = {"min", "max", "defaultRequest", "default", "maxLimitRequestRatio"};
	const cJSON *lr;
	cJSON_ArrayForEach(lr, items)
	{
		const cJSON *item;
		cJSON_ArrayForEach(item, kc_json_get(lr, "spec.limits"))
		{
			/* every resource any column names; kubectl walks a Go map
			 * here (random order), kc sorts */
			_cleanup_json_ cJSON *set = cJSON_CreateObject();
			for (size_t c = 0; c < KC_ARRAY_SIZE(cols); c++) {
				const cJSON *r;
				cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(item, cols[c]))
				{
					if (r->string && !cJSON_GetObjectItemCaseSensitive(set, r->string))
						cJSON_AddTrueToObject(set, r->string);
				}
			}
			size_t n = 0;
			_cleanup_free_ const char **keys = kc_describe_sorted_keys(set, &n);
			for (size_t k = 0; k < n; k++) {
				char v[5][64];
				for (size_t c = 0; c < KC_ARRAY_SIZE(cols); c++) {
					const cJSON *q = kc_json_getv(item, cols[c], keys[k], NULL);
					if (q)
						kc_describe_quantity(q, v[c]);
					else
						snprintf(v[c], sizeof(v[c]), "-");
				}
				kc_dw_write(w, KC_L0, " %s\t%s\t%s\t%s\t%s\t%s\t%s\n", kc_ds(item, "type"), keys[k], v[0], v[1],
					    v[2], v[3], v[4]);
			}
		}
	}
}

int kc_describe_namespace(const kc_dw *w, const kc_describe_env *env, const cJSON *ns, char **ret_err)
{
	const char *name = kc_ds(ns, "metadata.name");
	/* a server without quotas or limit ranges answers 404: no section */
	long status = 0;
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/resourcequotas", name);
	_cleanup_json_ cJSON *quotas = kc_describe_fetch(env, path, &status, ret_err);
	if (!quotas && status != 404)
		return -EIO;
	if (!quotas && ret_err) {
		free(*ret_err);
		*ret_err = NULL;
	}
	free(path);
	path = xasprintf("/api/v1/namespaces/%s/limitranges", name);
	_cleanup_json_ cJSON *limits = kc_describe_fetch(env, path, &status, ret_err);
	if (!limits && status != 404)
		return -EIO;
	if (!limits && ret_err) {
		free(*ret_err);
		*ret_err = NULL;
	}

	char t[KC_DESCRIBE_TIME_MAX];
	kc_dw_write(w, KC_L0, "Name:\t%s\n", name);
	kc_describe_labels(w, "Labels", kc_json_get(ns, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(ns, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "Status:\t%s\n", kc_ds(ns, "status.phase"));
	const cJSON *conds = kc_json_get(ns, "status.conditions");
	if (cJSON_GetArraySize(conds) > 0) {
		kc_dw_write(w, KC_L0, "Conditions:\n");
		kc_dw_write(w, KC_L1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
		kc_dw_write(w, KC_L1, "----\t------\t------------------\t------\t-------\n");
		const cJSON *c;
		cJSON_ArrayForEach(c, conds)
		kc_dw_write(w, KC_L1, "%s\t%s\t%s\t%s\t%s\n", kc_ds(c, "type"), kc_ds(c, "status"),
			    kc_describe_time(env, kc_json_get(c, "lastTransitionTime"), t), kc_ds(c, "reason"),
			    kc_ds(c, "message"));
	}
	if (quotas) {
		kc_dw_write(w, KC_L0, "\n");
		describe_quotas(w, quotas);
	}
	if (limits) {
		kc_dw_write(w, KC_L0, "\n");
		describe_limit_ranges(w, limits);
	}
	return 0;
}
