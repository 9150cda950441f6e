/* bootstrap.c - the objects a cluster starts with (see bootstrap.h). */
#include "bootstrap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/event.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include "apiserver/alloc.h"
#include "apiserver/etcd.h"
#include "apiserver/handlers.h"
#include "apiserver/objects.h"
#include "apiserver/rbac.h"
#include "common/json.h"
#include "common/log.h"
#include "banned.h"

typedef struct api_boot {
	apiserver *s;
	cJSON *todo;  /* objects to create, in order */
	int next;
	struct event *retry;
	bool replace; /* the current object is brought up to date if it exists */
} api_boot;

/* The apiserver keeps its boot state here (one per server). */
static api_boot *boot_of(apiserver *s) { return s->boot; }

static void step(api_boot *b);

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	step(arg);
}

static void retry_later(api_boot *b)
{
	struct timeval tv = {1, 0};
	evtimer_add(b->retry, &tv);
}

static const kc_resource *resource_of(const cJSON *obj)
{
	return kc_resource_find_kind(kc_json_get_str(obj, "apiVersion", ""), kc_json_get_str(obj, "kind", ""));
}

static char *key_of(api_boot *b, const cJSON *obj)
{
	return api_obj_key(b->s->prefix, resource_of(obj), api_meta_str(obj, "namespace"), api_meta_str(obj, "name"));
}

/* Endpoints and slices of "kubernetes" follow the apiserver's address and
 * port: an existing one is overwritten when it differs. */
static bool kept_current(const cJSON *obj)
{
	const char *kind = kc_json_get_str(obj, "kind", "");
	return streq(kind, "Endpoints") || streq(kind, "EndpointSlice");
}

static void on_updated(etcd_result *res, void *userdata)
{
	api_boot *b = userdata;
	if (res->err) {
		retry_later(b);
		return;
	}
	/* lost a race with another apiserver: read again */
	if (res->succeeded)
		b->next++;
	step(b);
}

static void on_existing(etcd_result *res, void *userdata)
{
	api_boot *b = userdata;
	if (res->err) {
		retry_later(b);
		return;
	}
	cJSON *want = cJSON_GetArrayItem(b->todo, b->next);
	_cleanup_json_ cJSON *have = res->nkvs ? cJSON_ParseWithLength(res->kvs[0].value, res->kvs[0].value_len) : NULL;
	if (!have) {
		step(b); /* deleted meanwhile: create again */
		return;
	}
	const char *field = streq(kc_json_get_str(want, "kind", ""), "Endpoints") ? "subsets" : "endpoints";
	if (kc_json_equal(cJSON_GetObjectItemCaseSensitive(have, field), cJSON_GetObjectItemCaseSensitive(want, field)) &&
	    kc_json_equal(cJSON_GetObjectItemCaseSensitive(have, "ports"), cJSON_GetObjectItemCaseSensitive(want, "ports"))) {
		b->next++;
		step(b);
		return;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(have, field);
	cJSON_AddItemToObject(have, field, cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(want, field), true));
	cJSON_DeleteItemFromObjectCaseSensitive(have, "ports");
	const cJSON *ports = cJSON_GetObjectItemCaseSensitive(want, "ports");
	if (ports)
		cJSON_AddItemToObject(have, "ports", cJSON_Duplicate(ports, true));
	_cleanup_free_ char *data = api_obj_encode(have);
	_cleanup_free_ char *key = key_of(b, want);
	etcd_update(b->s->etcd, key, data, strlen(data), res->kvs[0].mod_revision, 0, on_updated, b);
}

static void on_created(etcd_result *res, void *userdata)
{
	api_boot *b = userdata;
	if (res->err) {
		kc_log_warn("bootstrap: %s; retrying", res->errmsg);
		retry_later(b);
		return;
	}
	cJSON *obj = cJSON_GetArrayItem(b->todo, b->next);
	if (!res->succeeded && kept_current(obj)) {
		_cleanup_free_ char *key = key_of(b, obj);
		etcd_range(b->s->etcd, key, NULL, 0, 0, false, on_existing, b);
		return;
	}
	b->next++;
	step(b);
}

static void on_ip(int err, const char *value, const char *errmsg, void *userdata)
{
	(void)value;
	api_boot *b = userdata;
	if (err && err != -EEXIST) {
		kc_log_warn("bootstrap: allocating the kubernetes service IP: %s", errmsg);
		retry_later(b);
		return;
	}
	b->next++;
	step(b);
}

static void step(api_boot *b)
{
	apiserver *s = b->s;
	if (b->next >= cJSON_GetArraySize(b->todo)) {
		if (!s->bootstrapped)
			kc_log_info("bootstrap done: default namespaces, RBAC policy and the kubernetes service exist");
		s->bootstrapped = true;
		return;
	}
	cJSON *obj = cJSON_GetArrayItem(b->todo, b->next);
	if (streq(kc_json_get_str(obj, "kind", ""), "kc:ClaimServiceIP")) {
		api_alloc_claim(s->service_ips, kc_json_get_str(obj, "ip", ""), "default/kubernetes", on_ip, b);
		return;
	}
	const kc_resource *r = resource_of(obj);
	if (!r) {
		kc_log_error("bootstrap: no resource for %s %s", kc_json_get_str(obj, "apiVersion", ""),
			     kc_json_get_str(obj, "kind", ""));
		b->next++;
		step(b);
		return;
	}
	_cleanup_json_ cJSON *full = cJSON_Duplicate(obj, true);
	api_fill_create(r, full);
	_cleanup_free_ char *data = api_obj_encode(full);
	_cleanup_free_ char *key = key_of(b, obj);
	etcd_create(s->etcd, key, data, strlen(data), 0, on_created, b);
}

static cJSON *parse(const char *json)
{
	cJSON *o = cJSON_Parse(json);
	return o;
}

/* The address clients reach this apiserver at. */
static char *advertise_address(const api_options *o)
{
	if (o->advertise_address && o->advertise_address[0])
		return xstrdup(o->advertise_address);
	if (o->bind_address && o->bind_address[0] && !streq(o->bind_address, "0.0.0.0") &&
	    !streq(o->bind_address, "::"))
		return xstrdup(o->bind_address);
	/* the first non-loopback IPv4 address, as upstream picks the default
	 * route's interface */
	struct ifaddrs *ifs = NULL;
	char *found = NULL;
	if (getifaddrs(&ifs) == 0) {
		for (struct ifaddrs *i = ifs; i && !found; i = i->ifa_next) {
			if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
				continue;
			struct in_addr a = ((struct sockaddr_in *)i->ifa_addr)->sin_addr;
			if ((ntohl(a.s_addr) >> 24) == 127)
				continue;
			char buf[INET_ADDRSTRLEN];
			inet_ntop(AF_INET, &a, buf, sizeof(buf));
			found = xstrdup(buf);
		}
		freeifaddrs(ifs);
	}
	return found ? found : xstrdup("127.0.0.1");
}

static cJSON *build_todo(apiserver *s)
{
	cJSON *todo = cJSON_CreateArray();
	static const char *const namespaces[] = {"default", "kube-system", "kube-public", "kube-node-lease"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(namespaces); i++) {
		_cleanup_free_ char *json = xasprintf("{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{"
						      "\"name\":\"%s\",\"labels\":{\"kubernetes.io/metadata.name\":\"%s\"}},"
						      "\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":"
						      "\"Active\"}}",
						      namespaces[i], namespaces[i]);
		cJSON_AddItemToArray(todo, parse(json));
	}
	cJSON *policy = api_rbac_bootstrap_policy();
	cJSON *item;
	while ((item = cJSON_DetachItemFromArray(policy, 0)))
		cJSON_AddItemToArray(todo, item);
	cJSON_Delete(policy);

	_cleanup_free_ char *ip = api_alloc_nth(s->service_ips, 1);
	_cleanup_free_ char *addr = advertise_address(s->opts);
	int port = s->port;
	_cleanup_free_ char *claim = xasprintf("{\"kind\":\"kc:ClaimServiceIP\",\"ip\":\"%s\"}", ip);
	cJSON_AddItemToArray(todo, parse(claim));
	_cleanup_free_ char *svc = xasprintf(
		"{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"kubernetes\",\"namespace\":"
		"\"default\",\"labels\":{\"component\":\"apiserver\",\"provider\":\"kubernetes\"}},\"spec\":{"
		"\"type\":\"ClusterIP\",\"clusterIP\":\"%s\",\"clusterIPs\":[\"%s\"],\"ports\":[{\"name\":\"https\","
		"\"port\":443,\"protocol\":\"TCP\",\"targetPort\":%d}],\"sessionAffinity\":\"None\"}}",
		ip, ip, port);
	cJSON_AddItemToArray(todo, parse(svc));
	_cleanup_free_ char *ep = xasprintf(
		"{\"kind\":\"Endpoints\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"kubernetes\",\"namespace\":"
		"\"default\",\"labels\":{\"endpointslice.kubernetes.io/skip-mirror\":\"true\"}},\"subsets\":[{"
		"\"addresses\":[{\"ip\":\"%s\"}],\"ports\":[{\"name\":\"https\",\"port\":%d,\"protocol\":\"TCP\"}]}]}",
		addr, port);
	cJSON_AddItemToArray(todo, parse(ep));
	_cleanup_free_ char *slice = xasprintf(
		"{\"kind\":\"EndpointSlice\",\"apiVersion\":\"discovery.k8s.io/v1\",\"metadata\":{\"name\":"
		"\"kubernetes\",\"namespace\":\"default\",\"labels\":{\"kubernetes.io/service-name\":\"kubernetes\","
		"\"endpointslice.kubernetes.io/managed-by\":\"endpointslice-controller.k8s.io\"}},\"addressType\":"
		"\"IPv4\",\"endpoints\":[{\"addresses\":[\"%s\"],\"conditions\":{\"ready\":true}}],\"ports\":[{"
		"\"name\":\"https\",\"port\":%d,\"protocol\":\"TCP\"}]}",
		addr, port);
	cJSON_AddItemToArray(todo, parse(slice));
	return todo;
}

void api_bootstrap(apiserver *s)
{
	api_boot *b = xcalloc(1, sizeof(*b));
	b->s = s;
	b->todo = build_todo(s);
	b->retry = evtimer_new(s->base, on_retry, b);
	s->boot = b;
	step(b);
}

void api_bootstrap_stop(apiserver *s)
{
	api_boot *b = boot_of(s);
	if (!b)
		return;
	event_free(b->retry);
	cJSON_Delete(b->todo);
	free(b);
	s->boot = NULL;
}
