/* nodeipam.c - the "nodeipam" controller: every Node gets spec.podCIDR and
 * spec.podCIDRs, a subnet of --cluster-cidr of --node-cidr-mask-size bits,
 * no two nodes the same (upstream's RangeAllocator in
 * pkg/controller/nodeipam), and the pure CIDR set it allocates from
 * (nodeipam.h).
 *
 * How it keeps subnets unique:
 *   - every node seen with podCIDRs marks them taken (Occupy), from the
 *     first list on, and a node's subnets are only handed out once the
 *     node informer has synced, so a restart rebuilds the allocation from
 *     the nodes before allocating anything;
 *   - a subnet allocated for a node stays "pending" for it until the node
 *     shows it (or the patch fails, or the node goes): a lagging cache never
 *     makes the controller allocate twice;
 *   - a deleted node's subnets are released; nodes that found the set full
 *     are tried again at once then (upstream waits for their back-off).
 * A full set is a CIDRNotAvailable event on the node, as upstream's. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/log.h"
#include "common/map.h"
#include "common/util.h"
#include "controller-manager/cm.h"
#include "controller-manager/nodeipam.h"
#include "banned.h"

/* ---- the CIDR set ---- */

__extension__ typedef unsigned __int128 u128;

struct kc_cidrset {
	bool v6;
	int bits;         /* 32 or 128 */
	int cluster_mask; /* prefix length of the cluster CIDR */
	int node_mask;
	u128 base; /* cluster network address */
	size_t max, used, next;
	uint8_t *bitmap;
	char cluster[KC_CIDR_STR_MAX];
};

static u128 mask_of(int prefix, int bits)
{
	if (prefix <= 0)
		return 0;
	u128 all = bits == 32 ? (u128)UINT32_MAX : ~(u128)0;
	return (all << (bits - prefix)) & all;
}

/* Parses "a.b.c.d/n" or "x::y/n". Returns 0 or -EINVAL. */
static int parse_cidr(const char *s, bool *ret_v6, u128 *ret_ip, int *ret_prefix)
{
	const char *slash = strchr(s, '/');
	if (!slash || slash == s || !slash[1] || (size_t)(slash - s) >= 64)
		return -EINVAL;
	char addr[64];
	memcpy(addr, s, (size_t)(slash - s));
	addr[slash - s] = '\0';
	int prefix = 0;
	for (const char *p = slash + 1; *p; p++) {
		if (*p < '0' || *p > '9' || prefix > 128)
			return -EINVAL;
		prefix = prefix * 10 + (*p - '0');
	}
	if (strlen(slash + 1) > 3)
		return -EINVAL;
	uint8_t buf[16];
	if (inet_pton(AF_INET, addr, buf) == 1) {
		if (prefix > 32)
			return -EINVAL;
		*ret_v6 = false;
		*ret_ip = ((u128)buf[0] << 24) | ((u128)buf[1] << 16) | ((u128)buf[2] << 8) | buf[3];
	} else if (inet_pton(AF_INET6, addr, buf) == 1) {
		u128 ip = 0;
		for (int i = 0; i < 16; i++)
			ip = (ip << 8) | buf[i];
		*ret_v6 = true;
		*ret_ip = ip;
	} else {
		return -EINVAL;
	}
	*ret_prefix = prefix;
	return 0;
}

static void format_cidr(bool v6, u128 ip, int prefix, char buf[KC_CIDR_STR_MAX])
{
	char addr[INET6_ADDRSTRLEN];
	uint8_t b[16];
	if (v6) {
		for (int i = 15; i >= 0; i--) {
			b[i] = (uint8_t)(ip & 0xff);
			ip >>= 8;
		}
		inet_ntop(AF_INET6, b, addr, sizeof(addr));
	} else {
		for (int i = 3; i >= 0; i--) {
			b[i] = (uint8_t)(ip & 0xff);
			ip >>= 8;
		}
		inet_ntop(AF_INET, b, addr, sizeof(addr));
	}
	snprintf(buf, KC_CIDR_STR_MAX, "%s/%d", addr, prefix);
}

int kc_cidrset_new(const char *cluster_cidr, int node_mask, kc_cidrset **ret, kc_error *err)
{
	bool v6;
	u128 ip;
	int prefix;
	if (!cluster_cidr || parse_cidr(cluster_cidr, &v6, &ip, &prefix) < 0)
		return kc_error_set(err, -EINVAL, "invalid CIDR address: %s", cluster_cidr ? cluster_cidr : "");
	int bits = v6 ? 128 : 32;
	if (node_mask < prefix || node_mask > bits)
		return kc_error_set(err, -EINVAL,
				    "invalid --cluster-cidr %s: the node CIDR mask size (%d) must be between the cluster "
				    "CIDR's (%d) and %d",
				    cluster_cidr, node_mask, prefix, bits);
	int diff = node_mask - prefix;
	if ((v6 && diff > KC_CIDRSET_MAX_V6_DIFF) || diff > KC_CIDRSET_MAX_BITS)
		return kc_error_set(err, -EINVAL, "New CIDR set failed; the node CIDR size is too big");
	kc_cidrset *s = xcalloc(1, sizeof(*s));
	s->v6 = v6;
	s->bits = bits;
	s->cluster_mask = prefix;
	s->node_mask = node_mask;
	s->base = ip & mask_of(prefix, bits);
	s->max = (size_t)1 << diff;
	s->bitmap = xcalloc((s->max + 7) / 8, 1);
	format_cidr(v6, s->base, prefix, s->cluster);
	*ret = s;
	return 0;
}

void kc_cidrset_free(kc_cidrset *s)
{
	if (!s)
		return;
	free(s->bitmap);
	free(s);
}

bool kc_cidrset_is_v6(const kc_cidrset *s)
{
	return s->v6;
}

const char *kc_cidrset_cluster(const kc_cidrset *s)
{
	return s->cluster;
}

size_t kc_cidrset_max(const kc_cidrset *s)
{
	return s->max;
}

size_t kc_cidrset_used(const kc_cidrset *s)
{
	return s->used;
}

static bool bit_get(const kc_cidrset *s, size_t i)
{
	return s->bitmap[i / 8] & (1u << (i % 8));
}

static void bit_set(kc_cidrset *s, size_t i, bool on)
{
	if (bit_get(s, i) == on)
		return;
	if (on) {
		s->bitmap[i / 8] |= (uint8_t)(1u << (i % 8));
		s->used++;
	} else {
		s->bitmap[i / 8] &= (uint8_t)~(1u << (i % 8));
		s->used--;
	}
}

static void subnet_at(const kc_cidrset *s, size_t i, char buf[KC_CIDR_STR_MAX])
{
	format_cidr(s->v6, s->base | ((u128)i << (s->bits - s->node_mask)), s->node_mask, buf);
}

int kc_cidrset_allocate_next(kc_cidrset *s, char buf[KC_CIDR_STR_MAX], kc_error *err)
{
	if (s->used >= s->max)
		return kc_error_set(err, -ENOSPC,
				    "CIDR allocation failed; there are no remaining CIDRs left to allocate in the "
				    "accepted range");
	for (size_t n = 0; n < s->max; n++) {
		size_t i = (s->next + n) % s->max;
		if (bit_get(s, i))
			continue;
		bit_set(s, i, true);
		s->next = (i + 1) % s->max;
		subnet_at(s, i, buf);
		return 0;
	}
	return kc_error_set(err, -ENOSPC,
			    "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range");
}

/* The subnet indices [begin, end] cidr overlaps (getBeginningAndEndIndices). */
static int indices(const kc_cidrset *s, const char *cidr, size_t *ret_begin, size_t *ret_end, kc_error *err)
{
	bool v6;
	u128 ip;
	int prefix;
	if (!cidr || parse_cidr(cidr, &v6, &ip, &prefix) < 0)
		return kc_error_set(err, -EINVAL, "invalid CIDR address: %s", cidr ? cidr : "");
	if (v6 != s->v6)
		return kc_error_set(err, -EINVAL, "cidr %s is not of the family of cluster cidr %s", cidr, s->cluster);
	u128 cmask = mask_of(s->cluster_mask, s->bits);
	u128 m = mask_of(prefix, s->bits);
	/* Either contains the other's network address. */
	if ((ip & cmask) != s->base && (s->base & m) != (ip & m))
		return kc_error_set(err, -ERANGE, "cidr %s is out the range of cluster cidr %s", cidr, s->cluster);
	if (prefix <= s->cluster_mask) {
		*ret_begin = 0;
		*ret_end = s->max - 1;
		return 0;
	}
	int shift = s->bits - s->node_mask;
	u128 first = ip & m;
	u128 all = s->bits == 32 ? (u128)UINT32_MAX : ~(u128)0;
	u128 last = first | (~m & all);
	*ret_begin = (size_t)((first - s->base) >> shift);
	*ret_end = (size_t)((last - s->base) >> shift);
	return 0;
}

static int mark(kc_cidrset *s, const char *cidr, bool on, kc_error *err)
{
	size_t b, e;
	int rc = indices(s, cidr, &b, &e, err);
	if (rc < 0)
		return rc;
	for (size_t i = b; i <= e; i++)
		bit_set(s, i, on);
	return 0;
}

int kc_cidrset_occupy(kc_cidrset *s, const char *cidr, kc_error *err)
{
	return mark(s, cidr, true, err);
}

int kc_cidrset_release(kc_cidrset *s, const char *cidr, kc_error *err)
{
	return mark(s, cidr, false, err);
}

bool kc_cidrset_is_taken(const kc_cidrset *s, const char *cidr)
{
	bool v6;
	u128 ip;
	int prefix;
	size_t b, e;
	if (!cidr || parse_cidr(cidr, &v6, &ip, &prefix) < 0 || prefix != s->node_mask)
		return false;
	if (indices(s, cidr, &b, &e, NULL) < 0 || b != e)
		return false;
	return bit_get(s, b);
}

int kc_cidrset_parse_cluster(const char *cluster_cidrs, int node_mask_v4, int node_mask_v6, kc_cidrset ***ret_sets,
			     size_t *ret_n, kc_error *err)
{
	if (!cluster_cidrs || !cluster_cidrs[0])
		return kc_error_set(err, -EINVAL, "--cluster-cidr is empty");
	_cleanup_free_ char *copy = xstrdup(cluster_cidrs);
	kc_cidrset *sets[2] = {NULL, NULL};
	size_t n = 0;
	int rc = 0;
	char *save = NULL;
	size_t count = 1;
	for (const char *p = cluster_cidrs; *p; p++)
		count += *p == ',';
	if (count > 2)
		return kc_error_set(err, -EINVAL, "len of clusters cidrs is:%zu > more than max allowed of 2", count);
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		bool v6 = strchr(tok, ':') != NULL;
		rc = kc_cidrset_new(tok, v6 ? node_mask_v6 : node_mask_v4, &sets[n], err);
		if (rc < 0)
			goto fail;
		n++;
	}
	if (n == 0) {
		rc = kc_error_set(err, -EINVAL, "--cluster-cidr is empty");
		goto fail;
	}
	if (n == 2 && sets[0]->v6 == sets[1]->v6) {
		rc = kc_error_set(err, -EINVAL,
				  "invalid --cluster-cidr %s: a dual-stack cluster CIDR must have one IPv4 and one "
				  "IPv6 CIDR",
				  cluster_cidrs);
		goto fail;
	}
	*ret_sets = xcalloc(n, sizeof(kc_cidrset *));
	memcpy(*ret_sets, sets, n * sizeof(kc_cidrset *));
	*ret_n = n;
	return 0;
fail:
	for (size_t i = 0; i < n; i++)
		kc_cidrset_free(sets[i]);
	return rc;
}

/* ---- the controller ---- */

#define IPAM_COMPONENT "cidrAllocator"
/* A set one node asked for: the CIDRs handed out, one per cluster CIDR. */
typedef struct ipam_alloc {
	size_t n;
	char cidrs[2][KC_CIDR_STR_MAX];
} ipam_alloc;

typedef struct ipam_req ipam_req;

typedef struct ipam_ctl {
	kc_cm *cm;
	kc_informer *nodes;
	kc_queue *q;
	kc_cidrset **sets;
	size_t n_sets;
	kc_map *pending;  /* node -> ipam_alloc: handed out, not yet seen on the node */
	kc_map *full;     /* nodes that found a set full (values unused) */
	kc_map *failures; /* node -> unsigned * consecutive failures */
	ipam_req *reqs;   /* patches in flight */
	bool disabled;
} ipam_ctl;

struct ipam_req {
	ipam_ctl *c;
	kc_client_req *creq;
	char *node;
	ipam_alloc alloc;
	ipam_req *prev, *next;
};

static uint64_t backoff_ms(unsigned n)
{
	uint64_t d = 5;
	for (unsigned i = 1; i < n && d < 1000 * 1000; i++)
		d *= 2;
	return d < 1000 * 1000 ? d : 1000 * 1000;
}

/* Counts a failure for node and queues it after its back-off. */
static void retry_later(ipam_ctl *c, const char *node)
{
	unsigned *n = kc_map_get(c->failures, node);
	if (!n) {
		n = xcalloc(1, sizeof(*n));
		kc_map_put(c->failures, node, n);
	}
	(*n)++;
	kc_queue_add_after(c->q, node, backoff_ms(*n));
}

/* The node's spec.podCIDRs (spec.podCIDR when podCIDRs is empty), at most
 * two, into a. */
static void node_cidrs(const cJSON *node, ipam_alloc *a)
{
	a->n = 0;
	const cJSON *v;
	cJSON_ArrayForEach(v, kc_json_get(node, "spec.podCIDRs"))
	{
		if (a->n < 2 && cJSON_IsString(v) && v->valuestring[0])
			snprintf(a->cidrs[a->n++], KC_CIDR_STR_MAX, "%s", v->valuestring);
	}
	const char *one = kc_json_get_str(node, "spec.podCIDR", "");
	if (a->n == 0 && one[0])
		snprintf(a->cidrs[a->n++], KC_CIDR_STR_MAX, "%s", one);
}

static bool alloc_equal(const ipam_alloc *a, const ipam_alloc *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!streq(a->cidrs[i], b->cidrs[i]))
			return false;
	return true;
}

static void release_alloc(ipam_ctl *c, const char *node, const ipam_alloc *a)
{
	for (size_t i = 0; i < a->n && i < c->n_sets; i++) {
		kc_error err = KC_ERROR_INIT;
		if (kc_cidrset_release(c->sets[i], a->cidrs[i], &err) < 0)
			kc_log_warn("nodeipam: releasing CIDR %s of node %s: %s", a->cidrs[i], node, err.msg);
		else
			kc_log_v(2, "nodeipam: released CIDR %s of node %s", a->cidrs[i], node);
	}
}

/* A subnet was freed: nodes that found the sets full try again now. */
static void requeue_full(ipam_ctl *c)
{
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(c->full, &it))
		kc_queue_add(c->q, it.key);
}

/* What a node shows: its CIDRs are taken (occupyCIDRs), and a pending
 * allocation for it is settled. Returns true when the node has CIDRs. */
static bool observe_node(ipam_ctl *c, const cJSON *node)
{
	const char *name = kc_json_get_str(node, "metadata.name", "");
	ipam_alloc have;
	node_cidrs(node, &have);
	if (have.n == 0)
		return false;
	/* CIDRs beyond the configured sets (dual-stack turned off) are left
	 * alone, as upstream. */
	for (size_t i = 0; i < have.n && i < c->n_sets; i++) {
		kc_error err = KC_ERROR_INIT;
		if (kc_cidrset_occupy(c->sets[i], have.cidrs[i], &err) < 0)
			kc_log_warn("nodeipam: failed to mark cidr[%s] at idx [%zu] as occupied for node: %s: %s",
				    have.cidrs[i], i, name, err.msg);
	}
	ipam_alloc *mine = kc_map_get(c->pending, name);
	if (mine) {
		/* Someone else set different CIDRs first: ours go back. */
		if (!alloc_equal(mine, &have))
			release_alloc(c, name, mine);
		kc_map_del(c->pending, name);
	}
	kc_map_del(c->full, name);
	return true;
}

static void req_unlink(ipam_req *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		r->c->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
}

static void req_free(ipam_req *r)
{
	free(r->node);
	free(r);
}

static void on_patched(kc_response *resp, void *userdata)
{
	ipam_req *r = userdata;
	ipam_ctl *c = r->c;
	req_unlink(r);
	ipam_alloc *mine = kc_map_get(c->pending, r->node);
	if (resp->status >= 200 && resp->status < 300) {
		kc_log_info("nodeipam: Set node PodCIDR node=\"%s\" podCIDRs=[%s%s%s]", r->node, r->alloc.cidrs[0],
			    r->alloc.n > 1 ? " " : "", r->alloc.n > 1 ? r->alloc.cidrs[1] : "");
		kc_map_del(c->failures, r->node);
		req_free(r);
		return;
	}
	/* The patch failed: the subnets go back unless the node showed them
	 * meanwhile (then pending is gone already). */
	if (mine && alloc_equal(mine, &r->alloc)) {
		release_alloc(c, r->node, mine);
		kc_map_del(c->pending, r->node);
	}
	if (resp->status == 404) {
		kc_log_v(2, "nodeipam: node %s is gone, its CIDRs released", r->node);
		req_free(r);
		return;
	}
	kc_log_error("nodeipam: failed to update node %s PodCIDR to %s: %s", r->node, r->alloc.cidrs[0],
		     resp->err.msg[0] ? resp->err.msg : "unknown error");
	const cJSON *node = kc_informer_get(c->nodes, r->node);
	if (node)
		kc_cm_event(c->cm, IPAM_COMPONENT, node, "Normal", "CIDRAssignmentFailed", "Node %s status is now: %s",
			    r->node, "CIDRAssignmentFailed");
	retry_later(c, r->node);
	req_free(r);
}

static int send_patch(ipam_ctl *c, const char *name, const ipam_alloc *a)
{
	_cleanup_json_ cJSON *patch = cJSON_CreateObject();
	cJSON *spec = cJSON_AddObjectToObject(patch, "spec");
	cJSON_AddStringToObject(spec, "podCIDR", a->cidrs[0]);
	cJSON *list = cJSON_AddArrayToObject(spec, "podCIDRs");
	for (size_t i = 0; i < a->n; i++)
		cJSON_AddItemToArray(list, cJSON_CreateString(a->cidrs[i]));
	_cleanup_free_ char *body = kc_json_print(patch);
	_cleanup_free_ char *path = xasprintf("/api/v1/nodes/%s", name);
	ipam_req *r = xcalloc(1, sizeof(*r));
	r->c = c;
	r->node = xstrdup(name);
	r->alloc = *a;
	int rc = kc_client_request_ex(kc_cm_client(c->cm), "PATCH", path, "application/merge-patch+json", body,
				      strlen(body), NULL, on_patched, r, &r->creq);
	if (rc < 0) {
		req_free(r);
		return rc;
	}
	r->next = c->reqs;
	if (c->reqs)
		c->reqs->prev = r;
	c->reqs = r;
	return 0;
}

/* AllocateOrOccupyCIDR for one node. */
static kc_queue_result ipam_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	ipam_ctl *c = userdata;
	if (!kc_informer_has_synced(c->nodes))
		return kc_queue_after(100);
	const cJSON *node = kc_informer_get(c->nodes, key);
	if (!node || observe_node(c, node))
		return kc_queue_done();
	if (kc_map_has(c->pending, key))
		return kc_queue_done(); /* a patch in flight, or not seen yet */
	ipam_alloc a = {0};
	for (size_t i = 0; i < c->n_sets; i++) {
		kc_error err = KC_ERROR_INIT;
		if (kc_cidrset_allocate_next(c->sets[i], a.cidrs[i], &err) < 0) {
			release_alloc(c, key, &a);
			kc_cm_event(c->cm, IPAM_COMPONENT, node, "Normal", "CIDRNotAvailable", "Node %s status is now: %s",
				    key, "CIDRNotAvailable");
			kc_log_error("nodeipam: failed to allocate cidr from cluster cidr at idx:%zu: %s (node %s)", i,
				     err.msg, key);
			kc_map_put(c->full, key, NULL);
			retry_later(c, key);
			return kc_queue_done();
		}
		a.n++;
	}
	ipam_alloc *keep = xmalloc(sizeof(*keep));
	*keep = a;
	kc_map_put(c->pending, key, keep);
	if (send_patch(c, key, &a) < 0) {
		release_alloc(c, key, &a);
		kc_map_del(c->pending, key);
		retry_later(c, key);
	}
	return kc_queue_done();
}

static void on_node_add(const cJSON *obj, void *userdata)
{
	ipam_ctl *c = userdata;
	if (!observe_node(c, obj))
		kc_queue_add(c->q, kc_json_get_str(obj, "metadata.name", ""));
}

static void on_node_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	(void)old_obj;
	on_node_add(new_obj, userdata);
}

static void on_node_delete(const cJSON *obj, void *userdata)
{
	ipam_ctl *c = userdata;
	const char *name = kc_json_get_str(obj, "metadata.name", "");
	ipam_alloc have;
	node_cidrs(obj, &have);
	ipam_alloc *mine = kc_map_get(c->pending, name);
	if (mine && !alloc_equal(mine, &have))
		release_alloc(c, name, mine);
	kc_map_del(c->pending, name);
	release_alloc(c, name, &have);
	kc_map_del(c->full, name);
	kc_map_del(c->failures, name);
	if (have.n || mine)
		requeue_full(c);
}

static void *ipam_start(kc_cm *cm)
{
	const kc_cm_options *o = kc_cm_opts(cm);
	ipam_ctl *c = xcalloc(1, sizeof(*c));
	c->cm = cm;
	if (!o->allocate_node_cidrs) {
		kc_log_info("nodeipam: --allocate-node-cidrs is false, node CIDRs are not allocated");
		c->disabled = true;
		return c;
	}
	kc_error err = KC_ERROR_INIT;
	int mask = o->node_cidr_mask_size > 0 ? o->node_cidr_mask_size : 24;
	/* cm.h has one mask size: it is the IPv4 one; IPv6 CIDRs get
	 * upstream's default /64 (--node-cidr-mask-size-ipv6). */
	if (kc_cidrset_parse_cluster(o->cluster_cidr ? o->cluster_cidr : "10.244.0.0/16", mask, 64, &c->sets,
				     &c->n_sets, &err) < 0) {
		kc_log_error("nodeipam: %s", err.msg);
		free(c);
		return NULL;
	}
	c->pending = kc_map_new(free);
	c->full = kc_map_new(NULL);
	c->failures = kc_map_new(free);
	c->nodes = kc_cm_informer(cm, "/api/v1/nodes");
	c->q = kc_cm_queue(cm, "cidrallocator_node", ipam_process, c);
	kc_informer_add_handlers(c->nodes, &(kc_informer_handlers){.on_add = on_node_add,
								   .on_update = on_node_update,
								   .on_delete = on_node_delete,
								   .userdata = c});
	for (size_t i = 0; i < c->n_sets; i++)
		kc_log_info("nodeipam: allocating node CIDRs from %s (%zu subnets)", kc_cidrset_cluster(c->sets[i]),
			    kc_cidrset_max(c->sets[i]));
	return c;
}

static void ipam_stop(void *state)
{
	ipam_ctl *c = state;
	if (!c)
		return;
	while (c->reqs) {
		ipam_req *r = c->reqs;
		c->reqs = r->next;
		kc_client_request_cancel(r->creq);
		req_free(r);
	}
	for (size_t i = 0; i < c->n_sets; i++)
		kc_cidrset_free(c->sets[i]);
	free(c->sets);
	kc_map_free(c->pending);
	kc_map_free(c->full);
	kc_map_free(c->failures);
	free(c);
}

const kc_controller_def kc_controller_nodeipam = {.name = "nodeipam", .start = ipam_start, .stop = ipam_stop};
