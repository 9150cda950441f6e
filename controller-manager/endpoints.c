/* endpoints.c - the "endpoint" controller: an Endpoints object for every
 * Service with a selector, listing the IPs and ports of the pods it
 * selects (upstream's pkg/controller/endpoint), and the pure helpers it
 * shares with endpointslice.c (endpoints.h).
 *
 * How it reconciles a Service key (syncService):
 *   - Service gone: delete the Endpoints of that name (404 is fine);
 *   - ExternalName or no selector: leave whatever Endpoints exist alone;
 *   - otherwise compute the subsets from the pods the selector matches and
 *     create or update the Endpoints when they differ from the cache.
 * Pods map to Services through the Services' selectors (a pod event queues
 * every Service of its namespace that selects it, before or after the
 * change); an Endpoints deleted behind the controller's back queues its
 * Service so it is made again. At start every cached Endpoints is queued
 * once (checkLeftoverEndpoints) so that those whose Service went away while
 * the controller was down are deleted. */
#include <errno.h>
#include <math.h>
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
#include "controller-manager/endpoints.h"
#include "controller-manager/inflight.h"
#include "banned.h"

/* ---- pods and services ---- */

bool kc_ep_pod_ready(const cJSON *pod)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), "Ready"))
			return streq(kc_json_get_str(c, "status", ""), "True");
	}
	return false;
}

static bool pod_has_ip(const cJSON *pod)
{
	if (kc_json_get_str(pod, "status.podIP", "")[0])
		return true;
	return cJSON_GetArraySize(kc_json_get(pod, "status.podIPs")) > 0;
}

bool kc_ep_pod_in_endpoints(const cJSON *pod, bool include_terminating)
{
	const char *phase = kc_json_get_str(pod, "status.phase", "");
	if (streq(phase, "Succeeded") || streq(phase, "Failed"))
		return false;
	if (!pod_has_ip(pod))
		return false;
	if (!include_terminating && kc_json_get(pod, "metadata.deletionTimestamp"))
		return false;
	return true;
}

static const char *protocol_of(const cJSON *port)
{
	const char *p = kc_json_get_str(port, "protocol", "");
	return p[0] ? p : "TCP";
}

static int find_named(const cJSON *containers, const char *name, const char *proto, bool sidecars_only)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, containers)
	{
		if (sidecars_only && !streq(kc_json_get_str(c, "restartPolicy", ""), "Always"))
			continue;
		const cJSON *p;
		cJSON_ArrayForEach(p, kc_json_get(c, "ports"))
		{
			if (!streq(kc_json_get_str(p, "name", ""), name) || !streq(protocol_of(p), proto))
				continue;
			int64_t n = kc_json_get_int(p, "containerPort", -1);
			if (n >= 1 && n <= 65535)
				return (int)n;
		}
	}
	return -ENOENT;
}

int kc_ep_find_port(const cJSON *pod, const cJSON *svc_port)
{
	const cJSON *target = cJSON_GetObjectItemCaseSensitive(svc_port, "targetPort");
	int64_t n;
	if (cJSON_IsString(target) && target->valuestring[0]) {
		const char *proto = protocol_of(svc_port);
		int port = find_named(kc_json_get(pod, "spec.containers"), target->valuestring, proto, false);
		if (port < 0)
			port = find_named(kc_json_get(pod, "spec.initContainers"), target->valuestring, proto, true);
		return port;
	}
	/* No targetPort (or 0, ""): the apiserver's default, the port itself. */
	n = kc_json_as_int(target, 0);
	if (n == 0)
		n = kc_json_get_int(svc_port, "port", -1);
	return n >= 1 && n <= 65535 ? (int)n : -ENOENT;
}

bool kc_ep_service_ip_set(const cJSON *svc)
{
	const char *ip = kc_json_get_str(svc, "spec.clusterIP", "");
	return ip[0] && !streq(ip, "None");
}

bool kc_ep_service_selects(const cJSON *svc)
{
	if (streq(kc_json_get_str(svc, "spec.type", ""), "ExternalName"))
		return false;
	const cJSON *sel = kc_json_get(svc, "spec.selector");
	/* An empty selector is stored as none upstream (protobuf drops empty
	 * maps), so {} means no selector here too. */
	return cJSON_IsObject(sel) && sel->child;
}

bool kc_ep_should_set_hostname(const cJSON *pod, const cJSON *svc)
{
	const char *host = kc_json_get_str(pod, "spec.hostname", "");
	return host[0] && streq(kc_json_get_str(pod, "spec.subdomain", ""), kc_json_get_str(svc, "metadata.name", "")) &&
	       streq(kc_json_get_str(pod, "metadata.namespace", ""), kc_json_get_str(svc, "metadata.namespace", ""));
}

bool kc_ep_ip_is_v6(const char *ip)
{
	return strchr(ip, ':') != NULL;
}

const char *kc_ep_pod_ip_for_service(const cJSON *svc, const cJSON *pod)
{
	bool v6;
	const cJSON *fam = cJSON_GetArrayItem(kc_json_get(svc, "spec.ipFamilies"), 0);
	if (cJSON_IsString(fam))
		v6 = streq(fam->valuestring, "IPv6");
	else if (kc_ep_service_ip_set(svc))
		v6 = kc_ep_ip_is_v6(kc_json_get_str(svc, "spec.clusterIP", ""));
	else
		v6 = kc_ep_ip_is_v6(kc_json_get_str(pod, "status.podIP", ""));
	const cJSON *ips = kc_json_get(pod, "status.podIPs");
	const cJSON *p;
	cJSON_ArrayForEach(p, ips)
	{
		const char *ip = kc_json_get_str(p, "ip", "");
		if (ip[0] && kc_ep_ip_is_v6(ip) == v6)
			return ip;
	}
	if (cJSON_GetArraySize(ips) == 0) {
		const char *ip = kc_json_get_str(pod, "status.podIP", "");
		if (ip[0] && kc_ep_ip_is_v6(ip) == v6)
			return ip;
	}
	return NULL;
}

/* ---- subsets ---- */

static cJSON *target_ref(const cJSON *pod)
{
	cJSON *ref = cJSON_CreateObject();
	cJSON_AddStringToObject(ref, "kind", "Pod");
	cJSON_AddStringToObject(ref, "namespace", kc_json_get_str(pod, "metadata.namespace", ""));
	cJSON_AddStringToObject(ref, "name", kc_json_get_str(pod, "metadata.name", ""));
	cJSON_AddStringToObject(ref, "uid", kc_json_get_str(pod, "metadata.uid", ""));
	return ref;
}

static cJSON *endpoint_address(const cJSON *svc, const cJSON *pod, const char *ip)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "ip", ip);
	if (kc_ep_should_set_hostname(pod, svc))
		cJSON_AddStringToObject(a, "hostname", kc_json_get_str(pod, "spec.hostname", ""));
	/* Upstream points nodeName at spec.nodeName even when empty, which
	 * validation would refuse; a pod with an IP always has a node. */
	const char *node = kc_json_get_str(pod, "spec.nodeName", "");
	if (node[0])
		cJSON_AddStringToObject(a, "nodeName", node);
	cJSON_AddItemToObject(a, "targetRef", target_ref(pod));
	return a;
}

static cJSON *endpoint_port(const cJSON *svc_port, int port)
{
	cJSON *p = cJSON_CreateObject();
	const char *name = kc_json_get_str(svc_port, "name", "");
	if (name[0])
		cJSON_AddStringToObject(p, "name", name);
	cJSON_AddNumberToObject(p, "port", port);
	cJSON_AddStringToObject(p, "protocol", protocol_of(svc_port));
	const cJSON *app = cJSON_GetObjectItemCaseSensitive(svc_port, "appProtocol");
	if (cJSON_IsString(app))
		cJSON_AddStringToObject(p, "appProtocol", app->valuestring);
	return p;
}

/* addEndpointSubset: one subset holding one address and at most one port. */
static void add_subset(cJSON *subsets, cJSON *addr, cJSON *port, bool ready)
{
	cJSON *ss = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(ss, ready ? "addresses" : "notReadyAddresses");
	cJSON_AddItemToArray(list, addr);
	cJSON *ports = cJSON_AddArrayToObject(ss, "ports");
	if (port)
		cJSON_AddItemToArray(ports, port);
	cJSON_AddItemToArray(subsets, ss);
}

cJSON *kc_ep_desired_subsets(const cJSON *svc, const cJSON *const *pods, size_t n_pods, int *ret_ready,
			     int *ret_not_ready)
{
	bool publish = kc_json_get_bool(svc, "spec.publishNotReadyAddresses", false);
	const cJSON *ports = kc_json_get(svc, "spec.ports");
	bool headless = streq(kc_json_get_str(svc, "spec.clusterIP", ""), "None");
	int ready_n = 0, not_ready_n = 0;
	_cleanup_json_ cJSON *subsets = cJSON_CreateArray();
	for (size_t i = 0; i < n_pods; i++) {
		const cJSON *pod = pods[i];
		if (!kc_ep_pod_in_endpoints(pod, publish))
			continue;
		const char *ip = kc_ep_pod_ip_for_service(svc, pod);
		if (!ip)
			continue;
		bool ready = publish || kc_ep_pod_ready(pod);
		if (cJSON_GetArraySize(ports) == 0) {
			/* A headless Service may have no ports. */
			if (headless) {
				add_subset(subsets, endpoint_address(svc, pod, ip), NULL, ready);
				ready ? ready_n++ : not_ready_n++;
			}
			continue;
		}
		const cJSON *sp;
		cJSON_ArrayForEach(sp, ports)
		{
			int port = kc_ep_find_port(pod, sp);
			if (port < 0)
				continue;
			add_subset(subsets, endpoint_address(svc, pod, ip), endpoint_port(sp, port), ready);
			ready ? ready_n++ : not_ready_n++;
		}
	}
	if (ret_ready)
		*ret_ready = ready_n;
	if (ret_not_ready)
		*ret_not_ready = not_ready_n;
	return kc_ep_repack_subsets(subsets);
}

/* ---- RepackSubsets ---- */

enum { ADDR_READY = 1, ADDR_NOT_READY = 2 };

/* One distinct port and the addresses offering it (address key -> state). */
typedef struct port_entry {
	const cJSON *port; /* NULL: the sentinel for subsets without ports */
	kc_map *addrs;     /* address key -> (void *)ADDR_READY / ADDR_NOT_READY */
} port_entry;

static void port_entry_free(void *p)
{
	port_entry *e = p;
	if (!e)
		return;
	kc_map_free(e->addrs);
	free(e);
}

/* ip, then uid: sorting these keys with strcmp orders addresses as
 * LessEndpointAddress does (the '\n' sorts before any address byte). */
static char *address_key(const cJSON *addr)
{
	return xasprintf("%s\n%s", kc_json_get_str(addr, "ip", ""), kc_json_get_str(addr, "targetRef.uid", ""));
}

static char *port_key(const cJSON *port)
{
	const cJSON *app = cJSON_GetObjectItemCaseSensitive(port, "appProtocol");
	return xasprintf("%s\n%05lld\n%s\n%s%s", kc_json_get_str(port, "name", ""),
			 (long long)kc_json_get_int(port, "port", 0), kc_json_get_str(port, "protocol", ""),
			 cJSON_IsString(app) ? "=" : "-", cJSON_IsString(app) ? app->valuestring : "");
}

static void map_address(kc_map *all_addrs, kc_map *by_port, const cJSON *addr, const cJSON *port, bool ready)
{
	_cleanup_free_ char *akey = address_key(addr);
	if (!kc_map_has(all_addrs, akey))
		kc_map_put(all_addrs, akey, (void *)addr);
	_cleanup_free_ char *pkey = port ? port_key(port) : xstrdup("");
	port_entry *e = kc_map_get(by_port, pkey);
	if (!e) {
		e = xcalloc(1, sizeof(*e));
		e->port = port;
		e->addrs = kc_map_new(NULL);
		kc_map_put(by_port, pkey, e);
	}
	/* Not ready wins over ready. */
	uintptr_t was = (uintptr_t)kc_map_get(e->addrs, akey);
	if (!was || was == ADDR_READY)
		kc_map_put(e->addrs, akey, (void *)(uintptr_t)(ready ? ADDR_READY : ADDR_NOT_READY));
}

/* The identity of an address set with each address's state, for grouping
 * ports that reach exactly the same addresses. */
static char *address_set_key(const kc_map *addrs)
{
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_map_sorted_keys(addrs, &n);
	kc_buf b = KC_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		kc_buf_addf(&b, "%s\n%d\n", keys[i], (int)(uintptr_t)kc_map_get(addrs, keys[i]));
	return kc_buf_release(&b);
}

typedef struct group {
	const kc_map *addrs; /* borrowed from the first port_entry */
	kc_map *ports;       /* port key -> const cJSON * (real ports only) */
} group;

static void group_free(void *p)
{
	group *g = p;
	if (!g)
		return;
	kc_map_free(g->ports);
	free(g);
}

static cJSON *address_list(const kc_map *addrs, const kc_map *all_addrs, uintptr_t want)
{
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_map_sorted_keys(addrs, &n);
	cJSON *list = NULL;
	for (size_t i = 0; i < n; i++) {
		if ((uintptr_t)kc_map_get(addrs, keys[i]) != want)
			continue;
		if (!list)
			list = cJSON_CreateArray();
		cJSON_AddItemToArray(list, cJSON_Duplicate(kc_map_get(all_addrs, keys[i]), true));
	}
	return list;
}

static int cmp_json_text(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	return strcmp(*x, *y);
}

cJSON *kc_ep_repack_subsets(const cJSON *subsets)
{
	kc_map *all_addrs = kc_map_new(NULL);
	kc_map *by_port = kc_map_new(port_entry_free);
	const cJSON *ss;
	cJSON_ArrayForEach(ss, subsets)
	{
		const cJSON *ports = kc_json_get(ss, "ports");
		bool no_ports = cJSON_GetArraySize(ports) == 0;
		for (const cJSON *port = no_ports ? NULL : ports->child;; port = port->next) {
			const cJSON *a;
			cJSON_ArrayForEach(a, kc_json_get(ss, "addresses")) map_address(all_addrs, by_port, a, port, true);
			cJSON_ArrayForEach(a, kc_json_get(ss, "notReadyAddresses"))
				map_address(all_addrs, by_port, a, port, false);
			if (no_ports || !port->next)
				break;
		}
	}

	/* Ports reaching the same address set share a subset. */
	kc_map *groups = kc_map_new(group_free);
	size_t np = 0;
	_cleanup_free_ const char **pkeys = kc_map_sorted_keys(by_port, &np);
	for (size_t i = 0; i < np; i++) {
		port_entry *e = kc_map_get(by_port, pkeys[i]);
		if (kc_map_size(e->addrs) == 0)
			continue;
		_cleanup_free_ char *skey = address_set_key(e->addrs);
		group *g = kc_map_get(groups, skey);
		if (!g) {
			g = xcalloc(1, sizeof(*g));
			g->addrs = e->addrs;
			g->ports = kc_map_new(NULL);
			kc_map_put(groups, skey, g);
		}
		if (e->port)
			kc_map_put(g->ports, pkeys[i], (void *)e->port);
	}

	size_t ng = 0;
	_cleanup_free_ const char **gkeys = kc_map_sorted_keys(groups, &ng);
	cJSON **built = xcalloc(ng + 1, sizeof(*built));
	char **texts = xcalloc(ng + 1, sizeof(*texts));
	for (size_t i = 0; i < ng; i++) {
		group *g = kc_map_get(groups, gkeys[i]);
		cJSON *out = cJSON_CreateObject();
		cJSON *ready = address_list(g->addrs, all_addrs, ADDR_READY);
		cJSON *not_ready = address_list(g->addrs, all_addrs, ADDR_NOT_READY);
		if (ready)
			cJSON_AddItemToObject(out, "addresses", ready);
		if (not_ready)
			cJSON_AddItemToObject(out, "notReadyAddresses", not_ready);
		size_t nports = 0;
		_cleanup_free_ const char **portkeys = kc_map_sorted_keys(g->ports, &nports);
		if (nports) {
			cJSON *parr = cJSON_AddArrayToObject(out, "ports");
			for (size_t j = 0; j < nports; j++)
				cJSON_AddItemToArray(parr, cJSON_Duplicate(kc_map_get(g->ports, portkeys[j]), true));
		}
		built[i] = out;
		/* Sort key: the subset's text, with its index appended so that the
		 * subset can be found again after sorting. */
		_cleanup_free_ char *text = kc_json_print_flags(out, KC_JSON_SORTED);
		texts[i] = xasprintf("%s\n%zu", text, i);
	}
	qsort(texts, ng, sizeof(*texts), cmp_json_text);
	cJSON *result = cJSON_CreateArray();
	for (size_t i = 0; i < ng; i++) {
		const char *nl = strrchr(texts[i], '\n');
		size_t idx = (size_t)strtoul(nl + 1, NULL, 10);
		cJSON_AddItemToArray(result, built[idx]);
		free(texts[i]);
	}
	free(texts);
	free(built);
	kc_map_free(groups);
	kc_map_free(by_port);
	kc_map_free(all_addrs);
	return result;
}

/* ---- truncation ---- */

static void keep_first(cJSON *subset, const char *field, int keep)
{
	cJSON *list = cJSON_GetObjectItemCaseSensitive(subset, field);
	if (!list)
		return;
	while (cJSON_GetArraySize(list) > keep)
		cJSON_DeleteItemFromArray(list, cJSON_GetArraySize(list) - 1);
	if (cJSON_GetArraySize(list) == 0)
		cJSON_DeleteItemFromObjectCaseSensitive(subset, field);
}

bool kc_ep_truncate_subsets(cJSON *subsets, int max_capacity)
{
	int total_ready = 0, total_not_ready = 0;
	const cJSON *ss;
	cJSON_ArrayForEach(ss, subsets)
	{
		total_ready += cJSON_GetArraySize(kc_json_get(ss, "addresses"));
		total_not_ready += cJSON_GetArraySize(kc_json_get(ss, "notReadyAddresses"));
	}
	if (total_ready + total_not_ready <= max_capacity)
		return false;
	bool truncate_ready = false;
	int max = max_capacity - total_ready, num_total = total_not_ready;
	if (total_ready > max_capacity) {
		truncate_ready = true;
		max = max_capacity;
		num_total = total_ready;
	}
	int can_be_added = max;
	cJSON *s;
	cJSON_ArrayForEach(s, subsets)
	{
		int in_subset = cJSON_GetArraySize(kc_json_get(s, truncate_ready ? "addresses" : "notReadyAddresses"));
		int to_add = (int)ceil((double)in_subset / (double)num_total * (double)max);
		if (to_add > can_be_added)
			to_add = can_be_added;
		if (truncate_ready) {
			keep_first(s, "addresses", to_add);
			keep_first(s, "notReadyAddresses", 0);
			can_be_added -= cJSON_GetArraySize(kc_json_get(s, "addresses"));
		} else {
			keep_first(s, "notReadyAddresses", to_add);
			can_be_added -= cJSON_GetArraySize(kc_json_get(s, "notReadyAddresses"));
		}
	}
	return true;
}

/* ---- the Endpoints object ---- */

static void strip_ref_rv(cJSON *item)
{
	if (cJSON_IsObject(item)) {
		cJSON *ref = cJSON_GetObjectItemCaseSensitive(item, "targetRef");
		if (cJSON_IsObject(ref))
			cJSON_DeleteItemFromObjectCaseSensitive(ref, "resourceVersion");
	}
	cJSON *c;
	cJSON_ArrayForEach(c, item) strip_ref_rv(c);
}

bool kc_ep_equal_ignoring_rv(const cJSON *a, const cJSON *b)
{
	_cleanup_json_ cJSON *x = kc_json_dup(a);
	_cleanup_json_ cJSON *y = kc_json_dup(b);
	strip_ref_rv(x);
	strip_ref_rv(y);
	return kc_json_equal(x, y);
}

static cJSON *nonempty_array(cJSON *a)
{
	return cJSON_GetArraySize(a) > 0 ? a : NULL;
}

static cJSON *desired_labels(const cJSON *svc)
{
	cJSON *labels = kc_json_dup(kc_json_get(svc, "metadata.labels"));
	if (!cJSON_IsObject(labels)) {
		cJSON_Delete(labels);
		labels = cJSON_CreateObject();
	}
	if (!kc_ep_service_ip_set(svc))
		kc_json_object_put(labels, KC_EP_LABEL_HEADLESS, cJSON_CreateString(""));
	else
		kc_json_object_remove(labels, KC_EP_LABEL_HEADLESS);
	kc_json_object_put(labels, KC_EP_LABEL_MANAGED_BY, cJSON_CreateString(KC_EP_CONTROLLER_NAME));
	return labels;
}

static int subset_addresses(const cJSON *subsets)
{
	int n = 0;
	const cJSON *ss;
	cJSON_ArrayForEach(ss, subsets)
	{
		n += cJSON_GetArraySize(kc_json_get(ss, "addresses"));
		n += cJSON_GetArraySize(kc_json_get(ss, "notReadyAddresses"));
	}
	return n;
}

/* capacityAnnotationSetCorrectly */
static bool capacity_annotation_ok(const cJSON *current)
{
	if (subset_addresses(kc_json_get(current, "subsets")) > KC_EP_MAX_CAPACITY)
		return false;
	return !kc_json_getv(current, "metadata", "annotations", KC_EP_ANN_OVER_CAPACITY, NULL);
}

cJSON *kc_ep_build_endpoints(const cJSON *svc, const cJSON *current, cJSON *subsets, int64_t trigger_sec)
{
	_cleanup_json_ cJSON *want_subsets = subsets;
	_cleanup_json_ cJSON *labels = desired_labels(svc);
	if (current) {
		const cJSON *have = kc_json_get(current, "subsets");
		bool same_subsets = kc_ep_equal_ignoring_rv(nonempty_array((cJSON *)have), nonempty_array(want_subsets));
		if (same_subsets && kc_json_equal(kc_json_get(current, "metadata.labels"), labels) &&
		    capacity_annotation_ok(current))
			return NULL;
	}
	cJSON *ep;
	if (current) {
		ep = kc_json_dup(current);
	} else {
		ep = cJSON_CreateObject();
		cJSON_AddStringToObject(ep, "kind", "Endpoints");
		cJSON_AddStringToObject(ep, "apiVersion", "v1");
		cJSON *meta = cJSON_AddObjectToObject(ep, "metadata");
		cJSON_AddStringToObject(meta, "name", kc_json_get_str(svc, "metadata.name", ""));
		cJSON_AddStringToObject(meta, "namespace", kc_json_get_str(svc, "metadata.namespace", ""));
	}
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(ep, "metadata");
	kc_json_object_put(meta, "labels", TAKE_PTR(labels));
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(meta, "annotations");
	if (!cJSON_IsObject(ann)) {
		kc_json_object_remove(meta, "annotations");
		ann = cJSON_AddObjectToObject(meta, "annotations");
	}
	if (trigger_sec) {
		char buf[KC_TIME_RFC3339_MAX];
		kc_json_object_put(ann, KC_EP_ANN_TRIGGER_TIME,
				   cJSON_CreateString(kc_time_format_rfc3339(trigger_sec, buf)));
	} else {
		kc_json_object_remove(ann, KC_EP_ANN_TRIGGER_TIME);
	}
	if (kc_ep_truncate_subsets(want_subsets, KC_EP_MAX_CAPACITY))
		kc_json_object_put(ann, KC_EP_ANN_OVER_CAPACITY, cJSON_CreateString("truncated"));
	else
		kc_json_object_remove(ann, KC_EP_ANN_OVER_CAPACITY);
	if (!ann->child)
		kc_json_object_remove(meta, "annotations");
	kc_json_object_remove(ep, "subsets");
	if (cJSON_GetArraySize(want_subsets) > 0)
		cJSON_AddItemToObject(ep, "subsets", TAKE_PTR(want_subsets));
	return ep;
}

/* ---- trigger times ---- */

typedef struct svc_times {
	int64_t service;
	kc_map *pods; /* pod name -> int64_t * */
} svc_times;

struct kc_ep_trigger_tracker {
	kc_map *services; /* "ns/name" -> svc_times */
};

static void svc_times_free(void *p)
{
	svc_times *s = p;
	if (!s)
		return;
	kc_map_free(s->pods);
	free(s);
}

kc_ep_trigger_tracker *kc_ep_trigger_tracker_new(void)
{
	kc_ep_trigger_tracker *t = xcalloc(1, sizeof(*t));
	t->services = kc_map_new(svc_times_free);
	return t;
}

void kc_ep_trigger_tracker_free(kc_ep_trigger_tracker *t)
{
	if (!t)
		return;
	kc_map_free(t->services);
	free(t);
}

static int64_t parse_time(const char *s)
{
	kc_time t;
	if (!s || !s[0] || kc_time_parse_rfc3339(s, &t, NULL) < 0)
		return 0;
	return t.sec;
}

/* getPodTriggerTime: when the pod's Ready condition last changed. */
static int64_t pod_trigger_time(const cJSON *pod)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), "Ready"))
			return parse_time(kc_json_get_str(c, "lastTransitionTime", ""));
	}
	return 0;
}

static int64_t min_time(int64_t a, int64_t b)
{
	return (a == 0 || b < a) ? b : a;
}

int64_t kc_ep_trigger_compute(kc_ep_trigger_tracker *t, const cJSON *svc, const cJSON *const *pods,
			      size_t n_pods)
{
	_cleanup_free_ char *key = kc_informer_key(svc);
	if (!key)
		return 0;
	svc_times *old = kc_map_take(t->services, key);
	svc_times *now = xcalloc(1, sizeof(*now));
	now->pods = kc_map_new(free);
	int64_t min_changed = 0;
	for (size_t i = 0; i < n_pods; i++) {
		int64_t pt = pod_trigger_time(pods[i]);
		if (!pt)
			continue;
		const char *name = kc_json_get_str(pods[i], "metadata.name", "");
		int64_t *v = xmalloc(sizeof(*v));
		*v = pt;
		kc_map_put(now->pods, name, v);
		const int64_t *was = old ? kc_map_get(old->pods, name) : NULL;
		if (pt > (was ? *was : 0))
			min_changed = min_time(min_changed, pt);
	}
	int64_t st = parse_time(kc_json_get_str(svc, "metadata.creationTimestamp", ""));
	if (st) {
		now->service = st;
		if (st > (old ? old->service : 0))
			min_changed = min_time(min_changed, st);
	}
	svc_times_free(old);
	kc_map_put(t->services, key, now);
	return min_changed;
}

void kc_ep_trigger_forget(kc_ep_trigger_tracker *t, const char *svc_key)
{
	kc_map_del(t->services, svc_key);
}

/* ---- pods to services ---- */

static bool service_selects_pod(const cJSON *svc, const cJSON *pod)
{
	if (!kc_ep_service_selects(svc))
		return false;
	_cleanup_selector_ kc_selector *sel = NULL;
	if (kc_selector_from_set(kc_json_get(svc, "spec.selector"), false, &sel, NULL) < 0)
		return false;
	return kc_selector_matches_object(sel, pod);
}

void kc_ep_pod_services(kc_informer *services, const cJSON *pod, kc_map *out)
{
	size_t n = 0;
	const char *ns = kc_json_get_str(pod, "metadata.namespace", "");
	_cleanup_free_ const cJSON **svcs = kc_informer_by_index(services, "namespace", ns, &n);
	for (size_t i = 0; i < n; i++) {
		if (!service_selects_pod(svcs[i], pod))
			continue;
		_cleanup_free_ char *key = kc_informer_key(svcs[i]);
		if (key)
			kc_map_put(out, key, NULL);
	}
}

static bool same_member(const cJSON *a, const cJSON *b, const char *path)
{
	return kc_json_equal(kc_json_get(a, path), kc_json_get(b, path));
}

void kc_ep_pod_update_services(kc_informer *services, const cJSON *old_pod, const cJSON *cur_pod, kc_map *out)
{
	if (streq(kc_json_get_str(old_pod, "metadata.resourceVersion", ""),
		  kc_json_get_str(cur_pod, "metadata.resourceVersion", "")))
		return; /* a resync */
	bool labels_changed = !same_member(old_pod, cur_pod, "metadata.labels") ||
			      !same_member(old_pod, cur_pod, "spec.hostname") ||
			      !same_member(old_pod, cur_pod, "spec.subdomain");
	/* podEndpointsChanged, plus the phase (a pod that finished leaves). */
	bool changed = !same_member(old_pod, cur_pod, "metadata.deletionTimestamp") ||
		       kc_ep_pod_ready(old_pod) != kc_ep_pod_ready(cur_pod) ||
		       !same_member(old_pod, cur_pod, "status.podIPs") ||
		       !same_member(old_pod, cur_pod, "status.podIP") ||
		       !same_member(old_pod, cur_pod, "status.phase") ||
		       !same_member(old_pod, cur_pod, "spec.nodeName");
	if (!changed && !labels_changed)
		return;
	if (!labels_changed) {
		kc_ep_pod_services(services, cur_pod, out);
		return;
	}
	kc_map *now = kc_map_new(NULL), *before = kc_map_new(NULL);
	kc_ep_pod_services(services, cur_pod, now);
	kc_ep_pod_services(services, old_pod, before);
	/* determineNeededServiceUpdates: a changed pod touches both sets; a
	 * pod whose labels alone changed only the Services it joined or left. */
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(now, &it))
		if (changed || !kc_map_has(before, it.key))
			kc_map_put(out, it.key, NULL);
	it = (kc_map_iter)KC_MAP_ITER_INIT;
	while (kc_map_next(before, &it))
		if (changed || !kc_map_has(now, it.key))
			kc_map_put(out, it.key, NULL);
	kc_map_free(now);
	kc_map_free(before);
}

const cJSON **kc_ep_service_pods(kc_informer *pods, const cJSON *svc, size_t *ret_n)
{
	*ret_n = 0;
	_cleanup_selector_ kc_selector *sel = NULL;
	if (kc_selector_from_set(kc_json_get(svc, "spec.selector"), false, &sel, NULL) < 0)
		return NULL;
	size_t n = 0;
	const cJSON **all =
		kc_informer_by_index(pods, "namespace", kc_json_get_str(svc, "metadata.namespace", ""), &n);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (kc_selector_matches_object(sel, all[i]))
			all[k++] = all[i];
	if (k == 0) {
		free(all);
		return NULL;
	}
	*ret_n = k;
	return all;
}

/* ---- the controller ---- */

typedef struct ep_ctl {
	kc_cm *cm;
	kc_informer *pods, *services, *endpoints;
	kc_queue *q;
	kc_cm_inflight *inflight;
	kc_ep_trigger_tracker *triggers;
	/* key -> resourceVersion of the Endpoints last written: until the
	 * cache has caught up with it, the key is not reconciled (a cache
	 * that has not seen a create would make the controller create again
	 * and fail with AlreadyExists). */
	kc_map *written;
} ep_ctl;

typedef struct ep_write {
	ep_ctl *c;
	cJSON *obj; /* what was sent, for the event on failure */
	bool create;
} ep_write;

static void ep_write_free(void *p)
{
	ep_write *w = p;
	if (!w)
		return;
	cJSON_Delete(w->obj);
	free(w);
}

static int on_endpoints_written(kc_response *resp, const char *key, void *data)
{
	ep_write *w = data;
	if (resp->status >= 200 && resp->status < 300) {
		const char *rv = kc_json_get_str(resp->body, "metadata.resourceVersion", "");
		if (rv[0])
			kc_map_put(w->c->written, key, xstrdup(rv));
		return 0;
	}
	/* A namespace being deleted refuses new content; its Services go soon. */
	if (w->create && kc_cm_namespace_terminating(resp))
		return 0;
	const char *why = resp->err.msg[0] ? resp->err.msg : "unknown error";
	if (w->create)
		kc_cm_event(w->c->cm, "endpoint-controller", w->obj, "Warning", "FailedToCreateEndpoint",
			    "Failed to create endpoint for service %s: %s", key, why);
	else
		kc_cm_event(w->c->cm, "endpoint-controller", w->obj, "Warning", "FailedToUpdateEndpoint",
			    "Failed to update endpoint %s: %s", key, why);
	kc_log_v(2, "Error syncing endpoints, retrying: service %s: %s", key, why);
	return -EIO;
}

static int on_endpoints_deleted(kc_response *resp, const char *key, void *data)
{
	(void)data;
	if ((resp->status >= 200 && resp->status < 300) || resp->status == 404)
		return 0;
	kc_log_v(2, "Error deleting endpoints %s, retrying: %s", key, resp->err.msg);
	return -EIO;
}

static unsigned long long rv_num(const char *rv)
{
	return rv ? strtoull(rv, NULL, 10) : 0;
}

/* Whether the cache has seen the last write to key (see ep_ctl.written). */
static bool cache_current(ep_ctl *c, const char *key)
{
	const char *rv = kc_map_get(c->written, key);
	if (!rv)
		return true;
	const cJSON *cached = kc_informer_get(c->endpoints, key);
	if (rv_num(kc_informer_resource_version(c->endpoints)) >= rv_num(rv) ||
	    (cached && rv_num(kc_json_get_str(cached, "metadata.resourceVersion", "")) >= rv_num(rv))) {
		kc_map_del(c->written, key);
		return true;
	}
	return false;
}

static char *endpoints_path(const char *ns, const char *name)
{
	return name ? xasprintf("/api/v1/namespaces/%s/endpoints/%s", ns, name)
		    : xasprintf("/api/v1/namespaces/%s/endpoints", ns);
}

static int ep_sync(const char *key, void *userdata)
{
	ep_ctl *c = userdata;
	_cleanup_free_ char *ns = xstrdup(key);
	char *slash = strchr(ns, '/');
	if (!slash)
		return 0; /* Services are namespaced: not a key of ours */
	*slash = '\0';
	const char *name = slash + 1;

	const cJSON *svc = kc_informer_get(c->services, key);
	if (!svc) {
		/* The Service is gone: so are its Endpoints (also when they were
		 * already deleted, or the cache has not seen them yet). */
		kc_ep_trigger_forget(c->triggers, key);
		kc_map_del(c->written, key);
		_cleanup_free_ char *path = endpoints_path(ns, name);
		return kc_cm_inflight_send(c->inflight, key, "DELETE", path, NULL, on_endpoints_deleted, NULL, NULL);
	}
	if (!kc_ep_service_selects(svc))
		return 0;
	if (!cache_current(c, key)) {
		kc_log_v(4, "the Endpoints cache has not caught up with the last write to %s yet, retrying", key);
		return -EAGAIN;
	}

	size_t n = 0;
	_cleanup_free_ const cJSON **pods = kc_ep_service_pods(c->pods, svc, &n);
	/* Computed on every sync so the tracker stays current even when
	 * nothing is written. */
	int64_t trigger = kc_ep_trigger_compute(c->triggers, svc, pods, n);
	int ready = 0, not_ready = 0;
	cJSON *subsets = kc_ep_desired_subsets(svc, pods, n, &ready, &not_ready);
	const cJSON *current = kc_informer_get(c->endpoints, key);
	cJSON *obj = kc_ep_build_endpoints(svc, current, subsets, trigger);
	if (!obj) {
		kc_log_v(5, "endpoints are equal for %s, skipping update", key);
		return 0;
	}
	kc_log_v(4, "Update endpoints for %s, ready: %d not ready: %d", key, ready, not_ready);
	ep_write *w = xcalloc(1, sizeof(*w));
	w->c = c;
	w->obj = obj;
	w->create = current == NULL;
	_cleanup_free_ char *path = endpoints_path(ns, w->create ? NULL : name);
	return kc_cm_inflight_send(c->inflight, key, w->create ? "POST" : "PUT", path, obj, on_endpoints_written, w,
				   ep_write_free);
}

static kc_queue_result ep_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	ep_ctl *c = userdata;
	return kc_cm_inflight_run(c->inflight, key, ep_sync, c);
}

static void ep_queue_obj(ep_ctl *c, const cJSON *obj)
{
	_cleanup_free_ char *key = kc_informer_key(obj);
	if (key)
		kc_queue_add(c->q, key);
}

static void ep_queue_keys(ep_ctl *c, kc_map *keys)
{
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(keys, &it))
		kc_queue_add(c->q, it.key);
}

static void on_service_add(const cJSON *obj, void *userdata) { ep_queue_obj(userdata, obj); }
static void on_service_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	(void)old_obj;
	ep_queue_obj(userdata, new_obj);
}

static void on_pod_add(const cJSON *pod, void *userdata)
{
	ep_ctl *c = userdata;
	kc_map *keys = kc_map_new(NULL);
	kc_ep_pod_services(c->services, pod, keys);
	ep_queue_keys(c, keys);
	kc_map_free(keys);
}

static void on_pod_update(const cJSON *old_pod, const cJSON *new_pod, void *userdata)
{
	ep_ctl *c = userdata;
	kc_map *keys = kc_map_new(NULL);
	kc_ep_pod_update_services(c->services, old_pod, new_pod, keys);
	ep_queue_keys(c, keys);
	kc_map_free(keys);
}

/* An Endpoints deleted by someone else is made again (its key is its
 * Service's). */
static void on_endpoints_delete(const cJSON *obj, void *userdata) { ep_queue_obj(userdata, obj); }

/* checkLeftoverEndpoints: once, when the Endpoints cache is filled, every
 * Endpoints is checked against its Service, so that those whose Service
 * went away while no controller ran are deleted. Leader-election records
 * kept in Endpoints (no Service ever) are left alone. */
static void on_endpoints_synced(void *userdata)
{
	ep_ctl *c = userdata;
	size_t n = 0;
	_cleanup_free_ const cJSON **all = kc_informer_list(c->endpoints, &n);
	for (size_t i = 0; i < n; i++) {
		if (kc_json_getv(all[i], "metadata", "annotations", KC_EP_ANN_LEADER, NULL))
			continue;
		ep_queue_obj(c, all[i]);
	}
}

static void *ep_start(kc_cm *cm)
{
	ep_ctl *c = xcalloc(1, sizeof(*c));
	c->cm = cm;
	c->pods = kc_cm_informer(cm, "/api/v1/pods");
	c->services = kc_cm_informer(cm, "/api/v1/services");
	c->endpoints = kc_cm_informer(cm, "/api/v1/endpoints");
	/* Shared informers: another controller may have added the index. */
	(void)kc_informer_add_index(c->pods, "namespace", kc_informer_index_namespace, NULL);
	(void)kc_informer_add_index(c->services, "namespace", kc_informer_index_namespace, NULL);
	c->q = kc_cm_queue(cm, "endpoint", ep_process, c);
	c->inflight = kc_cm_inflight_new(kc_cm_client(cm), c->q);
	c->triggers = kc_ep_trigger_tracker_new();
	c->written = kc_map_new(free);
	kc_informer_add_handlers(c->services, &(kc_informer_handlers){.on_add = on_service_add,
								      .on_update = on_service_update,
								      .on_delete = on_service_add,
								      .userdata = c});
	kc_informer_add_handlers(c->pods, &(kc_informer_handlers){.on_add = on_pod_add,
								  .on_update = on_pod_update,
								  .on_delete = on_pod_add,
								  .userdata = c});
	kc_informer_add_handlers(c->endpoints, &(kc_informer_handlers){.on_delete = on_endpoints_delete,
								       .on_synced = on_endpoints_synced,
								       .userdata = c});
	return c;
}

static void ep_stop(void *state)
{
	ep_ctl *c = state;
	if (!c)
		return;
	kc_cm_inflight_free(c->inflight);
	kc_ep_trigger_tracker_free(c->triggers);
	kc_map_free(c->written);
	free(c);
}

const kc_controller_def kc_controller_endpoint = {
	.name = "endpoint",
	.start = ep_start,
	.stop = ep_stop,
};
