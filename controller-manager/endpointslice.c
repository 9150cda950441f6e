/* endpointslice.c - the "endpointslice" controller: discovery.k8s.io/v1
 * EndpointSlices for every Service with a selector (upstream's
 * pkg/controller/endpointslice), and its pure reconciler (endpointslice.h).
 *
 * Slices belong to their Service through an ownerReference (the garbage
 * collector deletes them with it) and the labels kubernetes.io/service-name
 * and endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io
 * (how the controller finds its own slices again). Slices are made with
 * generateName "<service>-", so a cache that lags behind the controller's
 * own writes would make it create twice: the controller remembers the
 * resourceVersion each write returned (or that it deleted a slice) and does
 * not reconcile a Service until the cache has caught up with all of them
 * (upstream's EndpointSliceTracker). */
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
#include "controller-manager/endpoints.h"
#include "controller-manager/endpointslice.h"
#include "controller-manager/inflight.h"
#include "banned.h"

#define ADDR_IPV4 1u
#define ADDR_IPV6 2u

void kc_eps_plan_clear(kc_eps_plan *p)
{
	cJSON_Delete(p->create);
	cJSON_Delete(p->update);
	cJSON_Delete(p->delete);
	*p = (kc_eps_plan){0};
}

unsigned kc_eps_address_types(const cJSON *svc)
{
	unsigned types = 0;
	const cJSON *f;
	cJSON_ArrayForEach(f, kc_json_get(svc, "spec.ipFamilies"))
	{
		const char *fam = kc_json_as_str(f, "");
		if (streq(fam, "IPv4"))
			types |= ADDR_IPV4;
		else if (streq(fam, "IPv6"))
			types |= ADDR_IPV6;
	}
	if (types)
		return types;
	if (kc_ep_service_ip_set(svc))
		return kc_ep_ip_is_v6(kc_json_get_str(svc, "spec.clusterIP", "")) ? ADDR_IPV6 : ADDR_IPV4;
	return ADDR_IPV4 | ADDR_IPV6;
}

cJSON *kc_eps_endpoint_ports(const cJSON *svc, const cJSON *pod)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *ports = kc_json_get(svc, "spec.ports");
	const cJSON *sp;
	cJSON_ArrayForEach(sp, ports)
	{
		int port = kc_ep_find_port(pod, sp);
		if (port < 0)
			continue;
		cJSON *p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "name", kc_json_get_str(sp, "name", ""));
		const char *proto = kc_json_get_str(sp, "protocol", "");
		cJSON_AddStringToObject(p, "protocol", proto[0] ? proto : "TCP");
		cJSON_AddNumberToObject(p, "port", port);
		const cJSON *app = cJSON_GetObjectItemCaseSensitive(sp, "appProtocol");
		if (cJSON_IsString(app))
			cJSON_AddStringToObject(p, "appProtocol", app->valuestring);
		cJSON_AddItemToArray(out, p);
	}
	return out;
}

static cJSON *pod_addresses(const cJSON *pod, const char *address_type)
{
	bool v6 = streq(address_type, "IPv6");
	cJSON *out = cJSON_CreateArray();
	const cJSON *ips = kc_json_get(pod, "status.podIPs");
	const cJSON *p;
	cJSON_ArrayForEach(p, ips)
	{
		const char *ip = kc_json_get_str(p, "ip", "");
		if (ip[0] && kc_ep_ip_is_v6(ip) == v6)
			cJSON_AddItemToArray(out, cJSON_CreateString(ip));
	}
	/* Older writers set podIP alone. */
	const char *ip = kc_json_get_str(pod, "status.podIP", "");
	if (cJSON_GetArraySize(ips) == 0 && ip[0] && kc_ep_ip_is_v6(ip) == v6)
		cJSON_AddItemToArray(out, cJSON_CreateString(ip));
	return out;
}

cJSON *kc_eps_pod_endpoint(const cJSON *svc, const cJSON *pod, const char *address_type, const char *zone)
{
	bool serving = kc_ep_pod_ready(pod);
	bool terminating = kc_json_get(pod, "metadata.deletionTimestamp") != NULL;
	/* ready is never true for a terminating pod, unless the Service
	 * publishes not-ready addresses. */
	bool ready = kc_json_get_bool(svc, "spec.publishNotReadyAddresses", false) || (serving && !terminating);
	cJSON *ep = cJSON_CreateObject();
	cJSON_AddItemToObject(ep, "addresses", pod_addresses(pod, address_type));
	cJSON *cond = cJSON_AddObjectToObject(ep, "conditions");
	cJSON_AddBoolToObject(cond, "ready", ready);
	cJSON_AddBoolToObject(cond, "serving", serving);
	cJSON_AddBoolToObject(cond, "terminating", terminating);
	if (kc_ep_should_set_hostname(pod, svc))
		cJSON_AddStringToObject(ep, "hostname", kc_json_get_str(pod, "spec.hostname", ""));
	cJSON *ref = cJSON_AddObjectToObject(ep, "targetRef");
	cJSON_AddStringToObject(ref, "kind", "Pod");
	cJSON_AddStringToObject(ref, "namespace", kc_json_get_str(pod, "metadata.namespace", ""));
	cJSON_AddStringToObject(ref, "name", kc_json_get_str(pod, "metadata.name", ""));
	cJSON_AddStringToObject(ref, "uid", kc_json_get_str(pod, "metadata.uid", ""));
	const char *node = kc_json_get_str(pod, "spec.nodeName", "");
	if (node[0])
		cJSON_AddStringToObject(ep, "nodeName", node);
	if (zone && zone[0])
		cJSON_AddStringToObject(ep, "zone", zone);
	return ep;
}

static bool reserved_label(const char *key)
{
	return streq(key, KC_EPS_LABEL_SERVICE_NAME) || streq(key, KC_EPS_LABEL_MANAGED_BY) ||
	       streq(key, KC_EP_LABEL_HEADLESS);
}

cJSON *kc_eps_slice_labels(const cJSON *svc)
{
	cJSON *labels = cJSON_CreateObject();
	const cJSON *l;
	cJSON_ArrayForEach(l, kc_json_get(svc, "metadata.labels"))
	{
		if (cJSON_IsString(l) && !reserved_label(l->string))
			cJSON_AddStringToObject(labels, l->string, l->valuestring);
	}
	if (!kc_ep_service_ip_set(svc))
		cJSON_AddStringToObject(labels, KC_EP_LABEL_HEADLESS, "");
	cJSON_AddStringToObject(labels, KC_EPS_LABEL_SERVICE_NAME, kc_json_get_str(svc, "metadata.name", ""));
	cJSON_AddStringToObject(labels, KC_EPS_LABEL_MANAGED_BY, KC_EPS_CONTROLLER_NAME);
	return labels;
}

/* ---- keys ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* NewPortMapKey: the same ports in any order give the same key. */
static char *port_map_key(const cJSON *ports)
{
	size_t n = (size_t)cJSON_GetArraySize(ports);
	char **items = xcalloc(n + 1, sizeof(*items));
	size_t k = 0;
	const cJSON *p;
	cJSON_ArrayForEach(p, ports)
	{
		if (k == n)
			break;
		const cJSON *app = cJSON_GetObjectItemCaseSensitive(p, "appProtocol");
		items[k++] = xasprintf("%s/%s/%lld/%s%s", kc_json_get_str(p, "name", ""),
				       kc_json_get_str(p, "protocol", ""), (long long)kc_json_get_int(p, "port", 0),
				       cJSON_IsString(app) ? "=" : "-", cJSON_IsString(app) ? app->valuestring : "");
	}
	qsort(items, k, sizeof(*items), cmp_str);
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; i < k; i++) {
		kc_buf_addf(&b, "%s\n", items[i]);
		free(items[i]);
	}
	free(items);
	return kc_buf_release(&b);
}

/* hashEndpoint: an endpoint's identity within a slice set: its addresses
 * (sorted), hostname and the pod it points to. */
static char *endpoint_key(const cJSON *ep)
{
	size_t n = (size_t)cJSON_GetArraySize(kc_json_get(ep, "addresses"));
	const char **addrs = xcalloc(n + 1, sizeof(*addrs));
	size_t k = 0;
	const cJSON *a;
	cJSON_ArrayForEach(a, kc_json_get(ep, "addresses"))
	{
		if (k < n)
			addrs[k++] = kc_json_as_str(a, "");
	}
	qsort(addrs, k, sizeof(*addrs), cmp_str);
	kc_buf b = KC_BUF_INIT;
	for (size_t i = 0; i < k; i++)
		kc_buf_addf(&b, "%s,", addrs[i]);
	free(addrs);
	kc_buf_addf(&b, "\n%s\n%s/%s", kc_json_get_str(ep, "hostname", ""), kc_json_get_str(ep, "targetRef.namespace", ""),
		    kc_json_get_str(ep, "targetRef.name", ""));
	return kc_buf_release(&b);
}

/* ---- the desired endpoints of one port mapping, in pod order ---- */

typedef struct dset {
	cJSON *ports; /* the mapping's ports (owned) */
	cJSON **eps;  /* owned until popped */
	char **keys;
	size_t n, cap, left;
	kc_map *idx; /* key -> index + 1 */
} dset;

static dset *dset_new(const cJSON *ports)
{
	dset *d = xcalloc(1, sizeof(*d));
	d->ports = kc_json_dup(ports);
	d->idx = kc_map_new(NULL);
	return d;
}

static void dset_free(void *p)
{
	dset *d = p;
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		cJSON_Delete(d->eps[i]);
		free(d->keys[i]);
	}
	free(d->eps);
	free(d->keys);
	cJSON_Delete(d->ports);
	kc_map_free(d->idx);
	free(d);
}

static void dset_insert(dset *d, cJSON *ep)
{
	char *key = endpoint_key(ep);
	uintptr_t at = (uintptr_t)kc_map_get(d->idx, key);
	if (at) { /* same identity: the later one wins, as a set insert */
		cJSON_Delete(d->eps[at - 1]);
		d->eps[at - 1] = ep;
		free(key);
		return;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		d->eps = xrealloc(d->eps, d->cap * sizeof(*d->eps));
		d->keys = xrealloc(d->keys, d->cap * sizeof(*d->keys));
	}
	d->eps[d->n] = ep;
	d->keys[d->n] = key;
	d->n++;
	d->left++;
	kc_map_put(d->idx, key, (void *)(uintptr_t)d->n);
}

/* The desired endpoint with ep's identity, still to be placed, or NULL. */
static const cJSON *dset_get(const dset *d, const cJSON *ep, size_t *ret_i)
{
	_cleanup_free_ char *key = endpoint_key(ep);
	uintptr_t at = (uintptr_t)kc_map_get(d->idx, key);
	if (!at || !d->eps[at - 1])
		return NULL;
	*ret_i = at - 1;
	return d->eps[at - 1];
}

/* Takes the i-th endpoint out of the set (the caller owns it). */
static cJSON *dset_take(dset *d, size_t i)
{
	cJSON *ep = d->eps[i];
	d->eps[i] = NULL;
	d->left--;
	return ep;
}

static cJSON *dset_pop(dset *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->eps[i])
			return dset_take(d, i);
	return NULL;
}

/* ---- planning ---- */

typedef struct planner {
	const kc_eps_input *in;
	const cJSON *svc;
	int max;
	cJSON *labels; /* what every slice of the Service should carry */
	kc_eps_plan *plan;
} planner;

static bool owned_by(const cJSON *slice, const cJSON *svc)
{
	const char *uid = kc_json_get_str(svc, "metadata.uid", "");
	const cJSON *o;
	cJSON_ArrayForEach(o, kc_json_get(slice, "metadata.ownerReferences"))
	{
		if (streq(kc_json_get_str(o, "uid", ""), uid) && streq(kc_json_get_str(o, "kind", ""), "Service") &&
		    streq(kc_json_get_str(o, "apiVersion", ""), "v1"))
			return true;
	}
	return false;
}

static cJSON *new_slice(const planner *p, const cJSON *ports, const char *address_type)
{
	const cJSON *svc = p->svc;
	const char *name = kc_json_get_str(svc, "metadata.name", "");
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "kind", "EndpointSlice");
	cJSON_AddStringToObject(s, "apiVersion", "discovery.k8s.io/v1");
	cJSON *meta = cJSON_AddObjectToObject(s, "metadata");
	_cleanup_free_ char *prefix = xasprintf("%s-", name);
	cJSON_AddStringToObject(meta, "generateName", prefix);
	cJSON_AddStringToObject(meta, "namespace", kc_json_get_str(svc, "metadata.namespace", ""));
	cJSON_AddItemToObject(meta, "labels", kc_json_dup(p->labels));
	cJSON *refs = cJSON_AddArrayToObject(meta, "ownerReferences");
	cJSON *ref = cJSON_CreateObject();
	cJSON_AddStringToObject(ref, "apiVersion", "v1");
	cJSON_AddStringToObject(ref, "kind", "Service");
	cJSON_AddStringToObject(ref, "name", name);
	cJSON_AddStringToObject(ref, "uid", kc_json_get_str(svc, "metadata.uid", ""));
	cJSON_AddBoolToObject(ref, "controller", true);
	cJSON_AddBoolToObject(ref, "blockOwnerDeletion", true);
	cJSON_AddItemToArray(refs, ref);
	cJSON_AddStringToObject(s, "addressType", address_type);
	cJSON_AddArrayToObject(s, "endpoints");
	cJSON_AddItemToObject(s, "ports", ports ? kc_json_dup(ports) : cJSON_CreateArray());
	return s;
}

static cJSON *endpoints_of(cJSON *slice)
{
	cJSON *eps = cJSON_GetObjectItemCaseSensitive(slice, "endpoints");
	if (!cJSON_IsArray(eps)) {
		kc_json_object_remove(slice, "endpoints");
		eps = cJSON_AddArrayToObject(slice, "endpoints");
	}
	return eps;
}

static void fill(cJSON *slice, dset *d, int max)
{
	cJSON *eps = endpoints_of(slice);
	while (d->left > 0 && cJSON_GetArraySize(eps) < max)
		cJSON_AddItemToArray(eps, dset_pop(d));
}

enum { SLOT_UNCHANGED, SLOT_UPDATE, SLOT_DELETE };

typedef struct slot {
	const cJSON *orig;
	cJSON *copy; /* SLOT_UPDATE: the new state */
	int state;
} slot;

static int slot_len(const slot *s)
{
	return cJSON_GetArraySize(kc_json_get(s->copy ? s->copy : s->orig, "endpoints"));
}

/* reconcileByPortMapping: existing slices of one port mapping against its
 * desired endpoints. Adds to creates, updates and deletes (borrowed). */
static void plan_port_mapping(planner *p, const cJSON **existing, size_t n, dset *d, const char *address_type,
			      cJSON *creates, cJSON *updates, const cJSON ***deletes, size_t *n_deletes)
{
	slot *slots = xcalloc(n + 1, sizeof(*slots));
	/* 1. Keep the endpoints still desired where they are; note changes. */
	for (size_t i = 0; i < n; i++) {
		const cJSON *s = existing[i];
		slots[i].orig = s;
		cJSON *kept = cJSON_CreateArray();
		bool changed = false;
		int had = 0;
		const cJSON *ep;
		cJSON_ArrayForEach(ep, kc_json_get(s, "endpoints"))
		{
			had++;
			size_t at;
			const cJSON *want = dset_get(d, ep, &at);
			if (!want)
				continue;
			if (!kc_ep_equal_ignoring_rv(want, ep))
				changed = true;
			cJSON_AddItemToArray(kept, dset_take(d, at));
		}
		bool labels_changed = !kc_json_equal(kc_json_get(s, "metadata.labels"), p->labels);
		if (changed || had != cJSON_GetArraySize(kept)) {
			if (cJSON_GetArraySize(kept) == 0) {
				slots[i].state = SLOT_DELETE;
				cJSON_Delete(kept);
				continue;
			}
			slots[i].copy = kc_json_dup(s);
			kc_json_object_put(slots[i].copy, "endpoints", kept);
			kc_json_object_put(cJSON_GetObjectItemCaseSensitive(slots[i].copy, "metadata"), "labels",
					   kc_json_dup(p->labels));
			slots[i].state = SLOT_UPDATE;
			continue;
		}
		if (labels_changed) {
			slots[i].copy = kc_json_dup(s);
			kc_json_object_put(slots[i].copy, "endpoints", kept);
			kc_json_object_put(cJSON_GetObjectItemCaseSensitive(slots[i].copy, "metadata"), "labels",
					   kc_json_dup(p->labels));
			slots[i].state = SLOT_UPDATE;
			continue;
		}
		cJSON_Delete(kept);
		slots[i].state = SLOT_UNCHANGED;
	}

	/* 2. New endpoints go first into the slices being updated anyway,
	 * fullest first. */
	if (d->left > 0) {
		size_t *order = xcalloc(n + 1, sizeof(*order));
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (slots[i].state == SLOT_UPDATE)
				order[k++] = i;
		for (size_t i = 1; i < k; i++) /* stable insertion sort, longest first */
			for (size_t j = i; j > 0 && slot_len(&slots[order[j]]) > slot_len(&slots[order[j - 1]]); j--) {
				size_t t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		for (size_t i = 0; i < k && d->left > 0; i++)
			fill(slots[order[i]].copy, d, p->max);
		free(order);
	}

	/* 3. The rest: into the unchanged slice they fit best (only when they
	 * fit in less than a slice), else into new slices. */
	while (d->left > 0) {
		slot *target = NULL;
		if ((int)d->left < p->max) {
			int closest = p->max;
			for (size_t i = 0; i < n; i++) {
				if (slots[i].state != SLOT_UNCHANGED)
					continue;
				int diff = p->max - ((int)d->left + slot_len(&slots[i]));
				if (diff >= 0 && diff < closest) {
					closest = diff;
					target = &slots[i];
					if (diff == 0)
						break;
				}
			}
		}
		if (target) {
			target->copy = kc_json_dup(target->orig);
			target->state = SLOT_UPDATE;
			fill(target->copy, d, p->max);
			continue;
		}
		cJSON *s = new_slice(p, d->ports, address_type);
		fill(s, d, p->max);
		cJSON_AddItemToArray(creates, s);
	}

	for (size_t i = 0; i < n; i++) {
		if (slots[i].state == SLOT_UPDATE) {
			cJSON_AddItemToArray(updates, slots[i].copy);
		} else if (slots[i].state == SLOT_DELETE) {
			*deletes = xrealloc(*deletes, (*n_deletes + 1) * sizeof(**deletes));
			(*deletes)[(*n_deletes)++] = slots[i].orig;
		}
	}
	free(slots);
}

/* An existing slice that is exactly the placeholder a Service without
 * endpoints gets (placeholderSliceCompare). */
static bool is_placeholder(const planner *p, const cJSON *slice, const char *address_type)
{
	return cJSON_GetArraySize(kc_json_get(slice, "endpoints")) == 0 &&
	       cJSON_GetArraySize(kc_json_get(slice, "ports")) == 0 &&
	       streq(kc_json_get_str(slice, "addressType", ""), address_type) &&
	       kc_json_equal(kc_json_get(slice, "metadata.labels"), p->labels) && owned_by(slice, p->svc);
}

static void set_trigger_time(cJSON *slice, int64_t trigger)
{
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(slice, "metadata");
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(meta, "annotations");
	if (trigger) {
		if (!cJSON_IsObject(ann)) {
			kc_json_object_remove(meta, "annotations");
			ann = cJSON_AddObjectToObject(meta, "annotations");
		}
		char buf[KC_TIME_RFC3339_MAX];
		kc_json_object_put(ann, KC_EP_ANN_TRIGGER_TIME, cJSON_CreateString(kc_time_format_rfc3339(trigger, buf)));
	} else if (cJSON_IsObject(ann)) {
		kc_json_object_remove(ann, KC_EP_ANN_TRIGGER_TIME);
		if (!ann->child)
			kc_json_object_remove(meta, "annotations");
	}
}

/* reconcileByAddressType, with finalize's create/delete pairing. */
static void plan_address_type(planner *p, const cJSON **existing, size_t n, const char *address_type)
{
	const kc_eps_input *in = p->in;
	const cJSON *svc = p->svc;
	_cleanup_json_ cJSON *creates = cJSON_CreateArray();
	_cleanup_json_ cJSON *updates = cJSON_CreateArray();
	const cJSON **deletes = NULL;
	size_t n_deletes = 0;

	/* Existing state, by port mapping; slices of another owner (a former
	 * Service of the same name) go. */
	kc_map *existing_by_ports = kc_map_new(free); /* key -> const cJSON ** (NULL-terminated) */
	for (size_t i = 0; i < n; i++) {
		if (!owned_by(existing[i], svc)) {
			deletes = xrealloc(deletes, (n_deletes + 1) * sizeof(*deletes));
			deletes[n_deletes++] = existing[i];
			continue;
		}
		_cleanup_free_ char *key = port_map_key(kc_json_get(existing[i], "ports"));
		const cJSON **list = kc_map_take(existing_by_ports, key);
		size_t len = 0;
		while (list && list[len])
			len++;
		list = xrealloc(list, (len + 2) * sizeof(*list));
		list[len] = existing[i];
		list[len + 1] = NULL;
		kc_map_put(existing_by_ports, key, list);
	}

	/* Desired state, by port mapping. */
	kc_map *desired = kc_map_new(dset_free);
	for (size_t i = 0; i < in->n_pods; i++) {
		const cJSON *pod = in->pods[i];
		if (!kc_ep_pod_in_endpoints(pod, true))
			continue;
		_cleanup_json_ cJSON *ports = kc_eps_endpoint_ports(svc, pod);
		_cleanup_free_ char *key = port_map_key(ports);
		dset *d = kc_map_get(desired, key);
		if (!d) {
			d = dset_new(ports);
			kc_map_put(desired, key, d);
		}
		const char *node = kc_json_get_str(pod, "spec.nodeName", "");
		bool found = true;
		const char *zone = NULL;
		if (in->node_zone) {
			if (node[0])
				zone = in->node_zone(node, &found, in->userdata);
			else
				found = false;
		}
		/* A pod on a node not known (yet) is left out and the Service
		 * retried, unless the Service publishes not-ready addresses. */
		if (!found && !kc_json_get_bool(svc, "spec.publishNotReadyAddresses", false)) {
			p->plan->skipped_pods++;
			continue;
		}
		cJSON *ep = kc_eps_pod_endpoint(svc, pod, address_type, zone);
		if (cJSON_GetArraySize(kc_json_get(ep, "addresses")) > 0)
			dset_insert(d, ep);
		else
			cJSON_Delete(ep);
	}

	size_t nk = 0;
	_cleanup_free_ const char **keys = kc_map_sorted_keys(desired, &nk);
	for (size_t i = 0; i < nk; i++) {
		dset *d = kc_map_get(desired, keys[i]);
		const cJSON **list = kc_map_get(existing_by_ports, keys[i]);
		size_t len = 0;
		while (list && list[len])
			len++;
		plan_port_mapping(p, list, len, d, address_type, creates, updates, &deletes, &n_deletes);
	}
	/* Port mappings no longer wanted: all their slices go. */
	size_t ne = 0;
	_cleanup_free_ const char **ekeys = kc_map_sorted_keys(existing_by_ports, &ne);
	for (size_t i = 0; i < ne; i++) {
		if (kc_map_has(desired, ekeys[i]))
			continue;
		const cJSON **list = kc_map_get(existing_by_ports, ekeys[i]);
		for (size_t j = 0; list[j]; j++) {
			deletes = xrealloc(deletes, (n_deletes + 1) * sizeof(*deletes));
			deletes[n_deletes++] = list[j];
		}
	}

	/* A Service without endpoints keeps one empty placeholder slice. */
	if (n == n_deletes && cJSON_GetArraySize(creates) == 0) {
		if (n_deletes == 1 && is_placeholder(p, deletes[0], address_type))
			n_deletes = 0;
		else
			cJSON_AddItemToArray(creates, new_slice(p, NULL, address_type));
	}

	/* finalize: rather than create one slice and delete another, update
	 * the one that would go (same owner and address type). */
	for (size_t i = 0; i < n_deletes && cJSON_GetArraySize(creates) > 0;) {
		const cJSON *del = deletes[i];
		if (streq(kc_json_get_str(del, "addressType", ""), address_type) && owned_by(del, svc)) {
			cJSON *s = cJSON_DetachItemFromArray(creates, cJSON_GetArraySize(creates) - 1);
			kc_json_set_str(s, "metadata.name", kc_json_get_str(del, "metadata.name", ""), NULL);
			cJSON_AddItemToArray(updates, s);
			memmove(&deletes[i], &deletes[i + 1], (n_deletes - i - 1) * sizeof(*deletes));
			n_deletes--;
		} else {
			i++;
		}
	}

	cJSON *s;
	while ((s = cJSON_DetachItemFromArray(creates, 0))) {
		set_trigger_time(s, in->trigger_time);
		cJSON_AddItemToArray(p->plan->create, s);
	}
	while ((s = cJSON_DetachItemFromArray(updates, 0))) {
		set_trigger_time(s, in->trigger_time);
		cJSON_AddItemToArray(p->plan->update, s);
	}
	for (size_t i = 0; i < n_deletes; i++)
		cJSON_AddItemToArray(p->plan->delete, kc_json_dup(deletes[i]));
	free(deletes);
	kc_map_free(desired);
	kc_map_free(existing_by_ports);
}

void kc_eps_reconcile(const kc_eps_input *in, kc_eps_plan *ret)
{
	*ret = (kc_eps_plan){.create = cJSON_CreateArray(), .update = cJSON_CreateArray(), .delete = cJSON_CreateArray()};
	planner p = {.in = in, .svc = in->service, .plan = ret};
	p.max = in->max_endpoints_per_slice > 0 ? in->max_endpoints_per_slice : KC_EPS_DEFAULT_MAX;
	p.labels = kc_eps_slice_labels(in->service);
	unsigned types = kc_eps_address_types(in->service);
	static const struct {
		unsigned bit;
		const char *name;
	} all[] = {{ADDR_IPV4, "IPv4"}, {ADDR_IPV6, "IPv6"}};
	for (size_t t = 0; t < KC_ARRAY_SIZE(all); t++) {
		if (!(types & all[t].bit))
			continue;
		const cJSON **mine = xcalloc(in->n_slices + 1, sizeof(*mine));
		size_t k = 0;
		for (size_t i = 0; i < in->n_slices; i++)
			if (streq(kc_json_get_str(in->slices[i], "addressType", ""), all[t].name))
				mine[k++] = in->slices[i];
		plan_address_type(&p, mine, k, all[t].name);
		free(mine);
	}
	/* Slices of an address type the Service no longer has go. */
	for (size_t i = 0; i < in->n_slices; i++) {
		const char *at = kc_json_get_str(in->slices[i], "addressType", "");
		bool keep = false;
		for (size_t t = 0; t < KC_ARRAY_SIZE(all); t++)
			if ((types & all[t].bit) && streq(at, all[t].name))
				keep = true;
		if (!keep)
			cJSON_AddItemToArray(ret->delete, kc_json_dup(in->slices[i]));
	}
	cJSON_Delete(p.labels);
}

/* ---- the controller ---- */

typedef struct eps_ctl {
	kc_cm *cm;
	kc_informer *pods, *services, *slices, *nodes;
	kc_queue *q;
	kc_cm_inflight *inflight;
	kc_ep_trigger_tracker *triggers;
	/* What the controller wrote and the cache must show before the
	 * Service is reconciled again: Service key -> (slice name ->
	 * resourceVersion written, "" for a deletion). */
	kc_map *expect;
	int max_per_slice;
} eps_ctl;

#define SLICES_PATH "/apis/discovery.k8s.io/v1/namespaces/%s/endpointslices"

static void free_map(void *p) { kc_map_free(p); }

/* The Service key ("ns/name") of a slice this controller manages, or NULL. */
static char *slice_service_key(const cJSON *slice)
{
	const cJSON *labels = kc_json_get(slice, "metadata.labels");
	/* label keys hold dots: looked up as keys, not as paths */
	if (!streq(kc_json_as_str(kc_json_getv(labels, KC_EPS_LABEL_MANAGED_BY, NULL), ""), KC_EPS_CONTROLLER_NAME))
		return NULL;
	const char *svc = kc_json_as_str(kc_json_getv(labels, KC_EPS_LABEL_SERVICE_NAME, NULL), "");
	if (!svc[0])
		return NULL;
	return xasprintf("%s/%s", kc_json_get_str(slice, "metadata.namespace", ""), svc);
}

/* The "service" index of the slices informer: "ns/<service>" for slices
 * this controller manages. */
static void slice_service_index(const cJSON *obj, kc_index_values *out, void *userdata)
{
	(void)userdata;
	_cleanup_free_ char *key = slice_service_key(obj);
	if (key)
		kc_index_values_add(out, key);
}

static unsigned long long rv_num(const char *rv)
{
	return rv ? strtoull(rv, NULL, 10) : 0;
}

static void expect_write(eps_ctl *c, const char *svc_key, const char *slice, const char *rv)
{
	kc_map *m = kc_map_get(c->expect, svc_key);
	if (!m) {
		m = kc_map_new(free);
		kc_map_put(c->expect, svc_key, m);
	}
	kc_map_put(m, slice, xstrdup(rv));
}

/* Whether the cache shows the write expected: a deleted slice is gone
 * from it; a written one is there at that resourceVersion or later, or the
 * informer has seen events past it (the slice was changed or deleted
 * since by someone else: the cache is current either way). */
static bool expectation_met(const eps_ctl *c, const cJSON *cached, const char *rv)
{
	if (!rv[0])
		return cached == NULL;
	if (rv_num(kc_informer_resource_version(c->slices)) >= rv_num(rv))
		return true;
	return cached && rv_num(kc_json_get_str(cached, "metadata.resourceVersion", "")) >= rv_num(rv);
}

/* Drops the expectations the cache meets; true when some remain. */
static bool cache_is_stale(eps_ctl *c, const char *svc_key, const char *ns)
{
	kc_map *m = kc_map_get(c->expect, svc_key);
	if (!m)
		return false;
	size_t n = 0;
	_cleanup_free_ const char **names = kc_map_sorted_keys(m, &n);
	char **met = xcalloc(n + 1, sizeof(*met));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (expectation_met(c, kc_informer_get_by_name(c->slices, ns, names[i]), kc_map_get(m, names[i])))
			met[k++] = xstrdup(names[i]);
	for (size_t i = 0; i < k; i++) {
		kc_map_del(m, met[i]);
		free(met[i]);
	}
	free(met);
	if (kc_map_size(m) > 0)
		return true;
	kc_map_del(c->expect, svc_key);
	return false;
}

typedef struct eps_write {
	eps_ctl *c;
	char *verb; /* "create", "update", "delete" */
	char *slice;
	char *ns;
} eps_write;

static void eps_write_free(void *p)
{
	eps_write *w = p;
	if (!w)
		return;
	free(w->verb);
	free(w->slice);
	free(w->ns);
	free(w);
}

static void failed_event(eps_ctl *c, const char *svc_key, const char *fmt, ...) KC_PRINTF(3, 4);
static void failed_event(eps_ctl *c, const char *svc_key, const char *fmt, ...)
{
	const cJSON *svc = kc_informer_get(c->services, svc_key);
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *why = xvasprintf(fmt, ap);
	va_end(ap);
	if (svc)
		kc_cm_event(c->cm, "endpoint-slice-controller", svc, "Warning", "FailedToUpdateEndpointSlices",
			    "Error updating Endpoint Slices for Service %s: %s", svc_key, why);
	kc_log_v(2, "Error syncing endpoint slices for service %s, retrying: %s", svc_key, why);
}

static int on_slice_written(kc_response *resp, const char *key, void *data)
{
	eps_write *w = data;
	eps_ctl *c = w->c;
	bool ok = resp->status >= 200 && resp->status < 300;
	if (streq(w->verb, "delete")) {
		if (ok || resp->status == 404) {
			expect_write(c, key, w->slice, "");
			return 0;
		}
	} else if (ok) {
		const char *name = kc_json_get_str(resp->body, "metadata.name", "");
		const char *rv = kc_json_get_str(resp->body, "metadata.resourceVersion", "");
		if (name[0] && rv[0])
			expect_write(c, key, name, rv);
		return 0;
	} else if (streq(w->verb, "create") && kc_cm_namespace_terminating(resp)) {
		return 0; /* creates keep failing there: drop it, as upstream */
	}
	const char *why = resp->err.msg[0] ? resp->err.msg : "unknown error";
	if (streq(w->verb, "create"))
		failed_event(c, key, "failed to create EndpointSlice for Service %s: %s", key, why);
	else
		failed_event(c, key, "failed to %s %s EndpointSlice for Service %s: %s", w->verb, w->slice, key, why);
	return -EIO;
}

static int send_slice(eps_ctl *c, const char *key, const char *ns, const char *verb, const cJSON *slice)
{
	const char *name = kc_json_get_str(slice, "metadata.name", "");
	eps_write *w = xcalloc(1, sizeof(*w));
	w->c = c;
	w->verb = xstrdup(verb);
	w->slice = xstrdup(name);
	w->ns = xstrdup(ns);
	_cleanup_free_ char *base = xasprintf(SLICES_PATH, ns);
	if (streq(verb, "create"))
		return kc_cm_inflight_send(c->inflight, key, "POST", base, slice, on_slice_written, w, eps_write_free);
	_cleanup_free_ char *path = xasprintf("%s/%s", base, name);
	return kc_cm_inflight_send(c->inflight, key, streq(verb, "update") ? "PUT" : "DELETE", path,
				   streq(verb, "update") ? slice : NULL, on_slice_written, w, eps_write_free);
}

static const char *node_zone(const char *node, bool *ret_found, void *userdata)
{
	eps_ctl *c = userdata;
	const cJSON *n = kc_informer_get_by_name(c->nodes, NULL, node);
	*ret_found = n != NULL;
	return n ? kc_json_as_str(kc_json_getv(n, "metadata", "labels", KC_EPS_LABEL_ZONE, NULL), NULL) : NULL;
}

static int eps_sync(const char *key, void *userdata)
{
	eps_ctl *c = userdata;
	_cleanup_free_ char *ns = xstrdup(key);
	char *slash = strchr(ns, '/');
	if (!slash)
		return 0;
	*slash = '\0';

	const cJSON *svc = kc_informer_get(c->services, key);
	if (!svc) {
		/* The garbage collector deletes the slices with their owner. */
		kc_ep_trigger_forget(c->triggers, key);
		kc_map_del(c->expect, key);
		return 0;
	}
	if (!kc_ep_service_selects(svc))
		return 0;
	if (cache_is_stale(c, key, ns)) {
		kc_log_v(4, "EndpointSlice informer cache is out of date for %s, retrying", key);
		return -EAGAIN;
	}

	size_t n_all = 0, n_pods = 0;
	_cleanup_free_ const cJSON **all = kc_informer_by_index(c->slices, "service", key, &n_all);
	size_t n_slices = 0;
	for (size_t i = 0; i < n_all; i++) /* slices being deleted are not ours to change */
		if (!kc_json_get(all[i], "metadata.deletionTimestamp"))
			all[n_slices++] = all[i];
	_cleanup_free_ const cJSON **pods = kc_ep_service_pods(c->pods, svc, &n_pods);
	kc_eps_input in = {
		.service = svc,
		.pods = pods,
		.n_pods = n_pods,
		.slices = all,
		.n_slices = n_slices,
		.node_zone = node_zone,
		.userdata = c,
		.max_endpoints_per_slice = c->max_per_slice,
		.trigger_time = kc_ep_trigger_compute(c->triggers, svc, pods, n_pods),
	};
	kc_eps_plan plan;
	kc_eps_reconcile(&in, &plan);
	int rc = 0;
	const cJSON *s;
	/* No new slices for a Service being deleted: the garbage collector
	 * would race them. */
	if (!kc_json_get(svc, "metadata.deletionTimestamp"))
		cJSON_ArrayForEach(s, plan.create) if (send_slice(c, key, ns, "create", s) < 0) rc = -EIO;
	cJSON_ArrayForEach(s, plan.update) if (send_slice(c, key, ns, "update", s) < 0) rc = -EIO;
	cJSON_ArrayForEach(s, plan.delete) if (send_slice(c, key, ns, "delete", s) < 0) rc = -EIO;
	kc_log_v(4, "Reconciled EndpointSlices of %s: %d created, %d updated, %d deleted", key,
		 cJSON_GetArraySize(plan.create), cJSON_GetArraySize(plan.update), cJSON_GetArraySize(plan.delete));
	if (plan.skipped_pods > 0) {
		failed_event(c, key, "%d pod(s) skipped: their Node is not found", plan.skipped_pods);
		rc = -EAGAIN;
	}
	kc_eps_plan_clear(&plan);
	return rc;
}

static kc_queue_result eps_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	eps_ctl *c = userdata;
	return kc_cm_inflight_run(c->inflight, key, eps_sync, c);
}

static void eps_queue_obj(eps_ctl *c, const cJSON *obj)
{
	_cleanup_free_ char *key = kc_informer_key(obj);
	if (key)
		kc_queue_add(c->q, key);
}

static void eps_on_service(const cJSON *obj, void *userdata) { eps_queue_obj(userdata, obj); }
static void eps_on_service_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	(void)old_obj;
	eps_queue_obj(userdata, new_obj);
}

static void eps_queue_keys(eps_ctl *c, kc_map *keys)
{
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(keys, &it))
		kc_queue_add(c->q, it.key);
}

static void eps_on_pod(const cJSON *pod, void *userdata)
{
	eps_ctl *c = userdata;
	kc_map *keys = kc_map_new(NULL);
	kc_ep_pod_services(c->services, pod, keys);
	eps_queue_keys(c, keys);
	kc_map_free(keys);
}

static void eps_on_pod_update(const cJSON *old_pod, const cJSON *new_pod, void *userdata)
{
	eps_ctl *c = userdata;
	kc_map *keys = kc_map_new(NULL);
	kc_ep_pod_update_services(c->services, old_pod, new_pod, keys);
	eps_queue_keys(c, keys);
	kc_map_free(keys);
}

/* A slice event that is the echo of the controller's own write is not
 * worth a reconcile; anything else (someone edited or deleted a slice of
 * ours) is. */
static void slice_event(eps_ctl *c, const cJSON *slice, bool deleted)
{
	_cleanup_free_ char *svc_key = slice_service_key(slice);
	if (!svc_key)
		return;
	kc_map *m = kc_map_get(c->expect, svc_key);
	const char *name = kc_json_get_str(slice, "metadata.name", "");
	const char *rv = m ? kc_map_get(m, name) : NULL;
	if (!rv) {
		kc_queue_add(c->q, svc_key);
		return;
	}
	bool echo, newer;
	if (!rv[0]) { /* we deleted it */
		echo = deleted;
		newer = false;
	} else {
		unsigned long long have = rv_num(kc_json_get_str(slice, "metadata.resourceVersion", ""));
		echo = !deleted && have == rv_num(rv);
		newer = deleted || have > rv_num(rv);
	}
	if (!echo && !newer)
		return; /* an older state still on its way: wait for ours */
	kc_map_del(m, name);
	if (kc_map_size(m) == 0)
		kc_map_del(c->expect, svc_key);
	if (newer) /* someone else changed it after us */
		kc_queue_add(c->q, svc_key);
}

static void eps_on_slice_add(const cJSON *obj, void *userdata) { slice_event(userdata, obj, false); }
static void eps_on_slice_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	if (old_obj == new_obj)
		return; /* resync */
	slice_event(userdata, new_obj, false);
}
static void eps_on_slice_delete(const cJSON *obj, void *userdata) { slice_event(userdata, obj, true); }

static void *eps_start(kc_cm *cm)
{
	eps_ctl *c = xcalloc(1, sizeof(*c));
	c->cm = cm;
	c->max_per_slice = KC_EPS_DEFAULT_MAX;
	c->pods = kc_cm_informer(cm, "/api/v1/pods");
	c->services = kc_cm_informer(cm, "/api/v1/services");
	c->slices = kc_cm_informer(cm, "/apis/discovery.k8s.io/v1/endpointslices");
	c->nodes = kc_cm_informer(cm, "/api/v1/nodes");
	(void)kc_informer_add_index(c->pods, "namespace", kc_informer_index_namespace, NULL);
	(void)kc_informer_add_index(c->services, "namespace", kc_informer_index_namespace, NULL);
	(void)kc_informer_add_index(c->slices, "service", slice_service_index, NULL);
	c->q = kc_cm_queue(cm, "endpoint_slice", eps_process, c);
	c->inflight = kc_cm_inflight_new(kc_cm_client(cm), c->q);
	c->triggers = kc_ep_trigger_tracker_new();
	c->expect = kc_map_new(free_map);
	kc_informer_add_handlers(c->services, &(kc_informer_handlers){.on_add = eps_on_service,
								      .on_update = eps_on_service_update,
								      .on_delete = eps_on_service,
								      .userdata = c});
	kc_informer_add_handlers(c->pods, &(kc_informer_handlers){.on_add = eps_on_pod,
								  .on_update = eps_on_pod_update,
								  .on_delete = eps_on_pod,
								  .userdata = c});
	kc_informer_add_handlers(c->slices, &(kc_informer_handlers){.on_add = eps_on_slice_add,
								    .on_update = eps_on_slice_update,
								    .on_delete = eps_on_slice_delete,
								    .userdata = c});
	return c;
}

static void eps_stop(void *state)
{
	eps_ctl *c = state;
	if (!c)
		return;
	kc_cm_inflight_free(c->inflight);
	kc_ep_trigger_tracker_free(c->triggers);
	kc_map_free(c->expect);
	free(c);
}

const kc_controller_def kc_controller_endpointslice = {
	.name = "endpointslice",
	.start = eps_start,
	.stop = eps_stop,
};
