/* alloc.c - ClusterIP and NodePort allocation in etcd (see alloc.h). */
#include "alloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <sys/random.h>

#include "common/util.h"
#include "banned.h"

struct api_alloc {
	api_etcd *etcd;
	char *key_prefix; /* "/registry/ranges/serviceips/" */
	char *range_text;
	bool ips;
	uint32_t base;  /* first value (network address for IPs) */
	uint32_t size;  /* values in the range, network and broadcast included for IPs */
	uint32_t first; /* offsets [first, last] are usable */
	uint32_t last;
	uint32_t static_band; /* offsets below first + static_band prefer manual use */
};

static uint32_t rand32(void)
{
	uint32_t v = 0;
	while (getrandom(&v, sizeof(v), 0) != sizeof(v))
		;
	return v;
}

api_alloc *api_alloc_new_ips(api_etcd *etcd, const char *prefix, const char *cidr, kc_error *err)
{
	char addr[64];
	int bits = -1;
	const char *slash = strchr(cidr, '/');
	if (!slash || (size_t)(slash - cidr) >= sizeof(addr)) {
		kc_error_set(err, -EINVAL, "--service-cluster-ip-range: \"%s\" is not a CIDR (e.g. 10.96.0.0/12)", cidr);
		return NULL;
	}
	memcpy(addr, cidr, (size_t)(slash - cidr));
	addr[slash - cidr] = '\0';
	char *end = NULL;
	long b = strtol(slash + 1, &end, 10);
	struct in_addr in;
	if (!end || *end || b < 8 || b > 30 || inet_pton(AF_INET, addr, &in) != 1) {
		kc_error_set(err, -EINVAL,
			     "--service-cluster-ip-range: \"%s\" is not an IPv4 CIDR with a prefix length of 8 to 30",
			     cidr);
		return NULL;
	}
	bits = (int)b;
	api_alloc *a = xcalloc(1, sizeof(*a));
	a->etcd = etcd;
	a->ips = true;
	a->size = (uint32_t)1 << (32 - bits);
	a->base = ntohl(in.s_addr) & ~(a->size - 1);
	a->first = 1;           /* not the network address */
	a->last = a->size - 2;  /* not the broadcast address */
	uint32_t usable = a->last - a->first + 1;
	/* upstream: min(max(16, size/16), 256) */
	a->static_band = usable / 16 < 16 ? 16 : (usable / 16 > 256 ? 256 : usable / 16);
	if (a->static_band > usable / 2)
		a->static_band = 0;
	a->key_prefix = xasprintf("%s/ranges/serviceips/", prefix);
	struct in_addr net = {htonl(a->base)};
	char buf[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &net, buf, sizeof(buf));
	a->range_text = xasprintf("%s/%d", buf, bits);
	return a;
}

api_alloc *api_alloc_new_ports(api_etcd *etcd, const char *prefix, const char *range, kc_error *err)
{
	char *end = NULL;
	long lo = strtol(range, &end, 10), hi = -1;
	if (end && *end == '-')
		hi = strtol(end + 1, &end, 10);
	if (!end || *end || lo < 1 || hi > 65535 || hi < lo) {
		kc_error_set(err, -EINVAL, "--service-node-port-range: \"%s\" is not a port range (e.g. 30000-32767)",
			     range);
		return NULL;
	}
	api_alloc *a = xcalloc(1, sizeof(*a));
	a->etcd = etcd;
	a->base = (uint32_t)lo;
	a->size = (uint32_t)(hi - lo + 1);
	a->first = 0;
	a->last = a->size - 1;
	/* upstream: min(max(16, size/32), 128) */
	a->static_band = a->size / 32 < 16 ? 16 : (a->size / 32 > 128 ? 128 : a->size / 32);
	if (a->static_band > a->size / 2)
		a->static_band = 0;
	a->key_prefix = xasprintf("%s/ranges/servicenodeports/", prefix);
	a->range_text = xasprintf("%ld-%ld", lo, hi);
	return a;
}

void api_alloc_free(api_alloc *a)
{
	if (!a)
		return;
	free(a->key_prefix);
	free(a->range_text);
	free(a);
}

const char *api_alloc_range(const api_alloc *a) { return a->range_text; }

const char *api_alloc_key_prefix(const api_alloc *a) { return a->key_prefix; }

static char *value_text(const api_alloc *a, uint32_t offset)
{
	if (!a->ips)
		return xasprintf("%u", a->base + offset);
	struct in_addr in = {htonl(a->base + offset)};
	char buf[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &in, buf, sizeof(buf));
	return xstrdup(buf);
}

char *api_alloc_nth(const api_alloc *a, uint32_t n) { return value_text(a, n); }

/* The offset of value in the range, or -1. */
static int64_t offset_of(const api_alloc *a, const char *value)
{
	uint32_t v;
	if (a->ips) {
		struct in_addr in;
		if (inet_pton(AF_INET, value, &in) != 1)
			return -1;
		v = ntohl(in.s_addr);
	} else {
		char *end = NULL;
		long p = strtol(value, &end, 10);
		if (!end || *end || p < 0 || p > 65535)
			return -1;
		v = (uint32_t)p;
	}
	if (v < a->base || v - a->base < a->first || v - a->base > a->last)
		return -1;
	return v - a->base;
}

bool api_alloc_contains(const api_alloc *a, const char *value) { return offset_of(a, value) >= 0; }

typedef struct attempt {
	api_alloc *a;
	char *owner;
	api_alloc_cb cb;
	void *userdata;
	bool any;      /* dynamic: try further offsets on collisions */
	uint32_t offset;
	uint32_t tries;
	char *value;
} attempt;

static void attempt_free(attempt *t)
{
	free(t->owner);
	free(t->value);
	free(t);
}

static void try_offset(attempt *t);

static void on_create(etcd_result *res, void *userdata)
{
	attempt *t = userdata;
	if (res->err) {
		t->cb(res->err, t->value, res->errmsg, t->userdata);
		attempt_free(t);
		return;
	}
	if (res->succeeded) {
		t->cb(0, t->value, NULL, t->userdata);
		attempt_free(t);
		return;
	}
	api_alloc *a = t->a;
	uint32_t usable = a->last - a->first + 1;
	if (!t->any) {
		t->cb(-EEXIST, t->value, "provided value is already allocated", t->userdata);
		attempt_free(t);
		return;
	}
	if (++t->tries >= usable) {
		t->cb(-ENOSPC, NULL, "range is full", t->userdata);
		attempt_free(t);
		return;
	}
	/* next offset, wrapping inside the usable range */
	t->offset = t->offset >= a->last ? a->first : t->offset + 1;
	try_offset(t);
}

/* A dry run's look at a value: free when its key is absent. */
static void on_peek(etcd_result *res, void *userdata)
{
	res->succeeded = res->nkvs == 0;
	on_create(res, userdata);
}

static void try_offset(attempt *t)
{
	api_alloc *a = t->a;
	free(t->value);
	t->value = value_text(a, t->offset);
	_cleanup_free_ char *key = xasprintf("%s%s", a->key_prefix, t->value);
	if (t->owner)
		etcd_create(a->etcd, key, t->owner, strlen(t->owner), 0, on_create, t);
	else
		etcd_range(a->etcd, key, NULL, 0, 0, false, on_peek, t);
}

static attempt *attempt_new(api_alloc *a, const char *owner, api_alloc_cb cb, void *userdata)
{
	attempt *t = xcalloc(1, sizeof(*t));
	t->a = a;
	t->owner = owner ? xasprintf("{\"service\":\"%s\"}", owner) : NULL;
	t->cb = cb;
	t->userdata = userdata;
	return t;
}

void api_alloc_any(api_alloc *a, const char *owner, api_alloc_cb cb, void *userdata)
{
	attempt *t = attempt_new(a, owner, cb, userdata);
	t->any = true;
	/* Start at a random offset of the dynamic band; collisions walk on. */
	uint32_t lo = a->first + a->static_band;
	uint32_t span = a->last - lo + 1;
	t->offset = lo + rand32() % span;
	try_offset(t);
}

void api_alloc_claim(api_alloc *a, const char *value, const char *owner, api_alloc_cb cb, void *userdata)
{
	int64_t off = offset_of(a, value);
	if (off < 0) {
		cb(-ERANGE, value, "provided value is not in the valid range", userdata);
		return;
	}
	attempt *t = attempt_new(a, owner, cb, userdata);
	t->offset = (uint32_t)off;
	try_offset(t);
}

static void on_released(etcd_result *res, void *userdata)
{
	(void)res;
	(void)userdata;
}

static void on_release_read(etcd_result *res, void *userdata)
{
	api_alloc *a = userdata;
	if (res->err || res->nkvs == 0)
		return;
	etcd_delete(a->etcd, res->kvs[0].key, res->kvs[0].mod_revision, on_released, NULL);
}

void api_alloc_release(api_alloc *a, const char *value)
{
	if (offset_of(a, value) < 0)
		return;
	_cleanup_free_ char *key = xasprintf("%s%s", a->key_prefix, value);
	etcd_range(a->etcd, key, NULL, 0, 0, false, on_release_read, a);
}
