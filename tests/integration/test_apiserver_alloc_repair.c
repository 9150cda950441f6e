/* test_apiserver_alloc_repair.c - the ClusterIP and NodePort repair loop
 * (apiserver/alloc_repair.h) against a real etcd and two kc-apiservers
 * repairing at once, every 200 ms or 1 s ($KC_ALLOC_REPAIR_INTERVAL_MS): leaked
 * allocation keys planted in etcd are freed after the grace runs and can be
 * allocated again, a key rewritten between runs is never freed, keys
 * deleted behind a Service's back come back, and Services holding another
 * Service's value or a value outside the range get upstream's Warning
 * events while keeping their values. */
#include <event2/event.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "common/base64.h"
#include "common/client.h"
#include "common/json.h"
#include "common/util.h"
#include "harness/apiserver.h"

#define INTERVAL_MS "200"
#define WAIT_MS     20000

typedef struct fixture {
	kc_test_apiserver api, peer;
	struct event_base *base;
	kc_client *client; /* to the first apiserver */
	kc_client *etcd;   /* etcd's JSON gateway */
} fixture;

/* *state may name the interval in ms (cmocka's prestate), else INTERVAL_MS;
 * both apiservers inherit it from the environment. */
static int setup(void **state)
{
	static const char *const args[] = {"--v", "2", NULL};
	setenv("KC_ALLOC_REPAIR_INTERVAL_MS", *state ? (const char *)*state : INTERVAL_MS, 1);
	fixture *f = xcalloc(1, sizeof(*f));
	if (kc_test_apiserver_start(&f->api, args) < 0) {
		free(f);
		return -1;
	}
	if (kc_test_apiserver_start_peer(&f->peer, &f->api, args) < 0) {
		kc_test_apiserver_stop(&f->api);
		free(f);
		return -1;
	}
	f->base = event_base_new();
	kc_client_config cfg;
	kc_test_apiserver_client_config(&f->api, "admin", &cfg);
	f->client = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	kc_client_config ecfg = {.server = xstrdup(f->api.etcd.client_url)};
	f->etcd = kc_client_new(f->base, &ecfg, NULL);
	kc_client_config_clear(&ecfg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	/* with -DKC_SANITIZE=ON: UBSan reports and goes on */
	for (int i = 0; i < 2; i++) {
		_cleanup_free_ char *log = kc_test_apiserver_log(i ? &f->peer : &f->api);
		if (log && (strstr(log, "runtime error:") || strstr(log, "Sanitizer")))
			fail_msg("sanitizer report in the apiserver's log:\n%s", log);
	}
	kc_client_free(f->client);
	kc_client_free(f->etcd);
	event_base_free(f->base);
	kc_test_apiserver_stop(&f->peer);
	kc_test_apiserver_stop(&f->api);
	free(f);
	return 0;
}

static kc_response *call(fixture *f, const char *method, const char *path, const char *body)
{
	static kc_response resp;
	kc_response_clear(&resp);
	kc_client_request_sync(f->client, method, path, body ? "application/json" : NULL, body,
	                       body ? strlen(body) : 0, NULL, &resp);
	return &resp;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

/* ---- etcd, directly ---- */

static char *b64(const char *s)
{
	return kc_base64_encode(s, strlen(s));
}

/* POSTs body to the gateway; the answer's JSON (caller deletes). */
static cJSON *gateway(fixture *f, const char *path, const char *body)
{
	kc_response resp = {0};
	kc_client_request_sync(f->etcd, "POST", path, "application/json", body, strlen(body), NULL, &resp);
	if (resp.status != 200)
		fail_msg("etcd %s: HTTP %ld: %s", path, resp.status, resp.raw ? resp.raw : "");
	cJSON *j = TAKE_PTR(resp.body);
	kc_response_clear(&resp);
	return j;
}

static void etcd_put(fixture *f, const char *key, const char *value)
{
	_cleanup_free_ char *k = b64(key), *v = b64(value);
	_cleanup_free_ char *body = xasprintf("{\"key\":\"%s\",\"value\":\"%s\"}", k, v);
	cJSON_Delete(gateway(f, "/v3/kv/put", body));
}

static void etcd_del(fixture *f, const char *key)
{
	_cleanup_free_ char *k = b64(key);
	_cleanup_free_ char *body = xasprintf("{\"key\":\"%s\"}", k);
	cJSON_Delete(gateway(f, "/v3/kv/deleterange", body));
}

/* Puts key=value only if the key is still at mod_revision; returns the new
 * mod_revision, or 0 when the key had changed or gone. */
static int64_t etcd_put_if(fixture *f, const char *key, const char *value, int64_t mod_revision)
{
	_cleanup_free_ char *k = b64(key), *v = b64(value);
	_cleanup_free_ char *body = xasprintf(
	    "{\"compare\":[{\"key\":\"%s\",\"target\":\"MOD\",\"result\":\"EQUAL\",\"mod_revision\":"
	    "\"%" PRId64 "\"}],\"success\":[{\"request_put\":{\"key\":\"%s\",\"value\":\"%s\"}}]}",
	    k, mod_revision, k, v);
	_cleanup_json_ cJSON *j = gateway(f, "/v3/kv/txn", body);
	if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "succeeded")))
		return 0;
	return strtoll(kc_json_get_str(j, "header.revision", "0"), NULL, 10);
}

/* The key's value and mod_revision; false when it does not exist. */
static bool etcd_get(fixture *f, const char *key, char **ret_value, int64_t *ret_rev)
{
	_cleanup_json_ cJSON *kvs = NULL;
	assert_int_equal(kc_test_etcd_range(&f->api.etcd, key, 0, &kvs, NULL), 0);
	const cJSON *kv;
	cJSON_ArrayForEach(kv, kvs)
	{
		if (!streq(kc_json_get_str(kv, "key", ""), key))
			continue; /* a longer key with this prefix */
		if (ret_value)
			*ret_value = xstrdup(kc_json_get_str(kv, "value", ""));
		if (ret_rev)
			*ret_rev = kc_json_get_int(kv, "mod_revision", 0);
		return true;
	}
	return false;
}

static bool etcd_has(fixture *f, const char *key)
{
	return etcd_get(f, key, NULL, NULL);
}

/* Rewrites a stored object with edit applied. */
static void etcd_edit(fixture *f, const char *key, void (*edit)(cJSON *obj, const char *arg), const char *arg)
{
	_cleanup_free_ char *value = NULL;
	if (!etcd_get(f, key, &value, NULL))
		fail_msg("%s is not in etcd", key);
	_cleanup_json_ cJSON *obj = cJSON_Parse(value);
	assert_non_null(obj);
	edit(obj, arg);
	_cleanup_free_ char *text = cJSON_PrintUnformatted(obj);
	etcd_put(f, key, text);
}

static char *ip_key(const char *ip)
{
	return xasprintf("/registry/ranges/serviceips/%s", ip);
}
static char *port_key(int64_t port)
{
	return xasprintf("/registry/ranges/servicenodeports/%" PRId64, port);
}

static char *owner_of(fixture *f, const char *key)
{
	_cleanup_free_ char *value = NULL;
	if (!etcd_get(f, key, &value, NULL))
		return xstrdup("");
	_cleanup_json_ cJSON *j = cJSON_Parse(value);
	return xstrdup(kc_json_get_str(j, "service", "?"));
}

/* ---- waiting ---- */

typedef bool (*cond_fn)(fixture *f, const void *arg);

static bool wait_for(fixture *f, cond_fn cond, const void *arg)
{
	for (int waited = 0; waited < WAIT_MS; waited += 50) {
		if (cond(f, arg))
			return true;
		sleep_ms(50);
	}
	return cond(f, arg);
}

static bool key_gone(fixture *f, const void *key)
{
	return !etcd_has(f, key);
}
static bool key_there(fixture *f, const void *key)
{
	return etcd_has(f, key);
}

static size_t count_in_log(const kc_test_apiserver *a, const char *needle)
{
	_cleanup_free_ char *log = kc_test_apiserver_log(a);
	size_t n = 0;
	for (const char *p = log ? strstr(log, needle) : NULL; p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static bool logged(fixture *f, const void *needle)
{
	return count_in_log(&f->api, needle) > 0;
}

/* The Warning events on Service name with reason (its events, through the
 * API). */
static int count_events(fixture *f, const char *name, const char *reason, const char *message)
{
	_cleanup_free_ char *path =
	    xasprintf("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%%3D%s", name);
	kc_response *r = call(f, "GET", path, NULL);
	assert_int_equal(r->status, 200);
	int n = 0;
	const cJSON *ev;
	cJSON_ArrayForEach(ev, kc_json_get(r->body, "items"))
	{
		if (!streq(kc_json_get_str(ev, "reason", ""), reason))
			continue;
		if (!streq(kc_json_get_str(ev, "message", ""), message))
			fail_msg("event %s on %s: message \"%s\", want \"%s\"", reason, name,
			         kc_json_get_str(ev, "message", ""), message);
		assert_string_equal(kc_json_get_str(ev, "type", ""), "Warning");
		assert_string_equal(kc_json_get_str(ev, "involvedObject.kind", ""), "Service");
		assert_true(kc_json_get_str(ev, "involvedObject.uid", "")[0]);
		const char *component = kc_json_get_str(ev, "source.component", "");
		assert_true(streq(component, "ipallocator-repair-controller") ||
		            streq(component, "portallocator-repair-controller"));
		n++;
	}
	return n;
}

typedef struct event_want {
	const char *name, *reason, *message;
} event_want;

static bool has_event(fixture *f, const void *arg)
{
	const event_want *w = arg;
	return count_events(f, w->name, w->reason, w->message) > 0;
}

/* ---- Services ---- */

static void create_service(fixture *f, const char *name, const char *type, const char *extra_spec,
                           char **ret_ip, int64_t *ret_port)
{
	_cleanup_free_ char *body = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{"
	                                      "\"name\":\"%s\"},\"spec\":{\"type\":\"%s\","
	                                      "\"selector\":{\"app\":\"x\"},\"ports\":[{\"port\":80}]%s}}",
	                                      name, type, extra_spec ? extra_spec : "");
	kc_response *r = call(f, "POST", "/api/v1/namespaces/default/services", body);
	if (r->status != 201)
		fail_msg("creating service %s: %ld %s", name, r->status, r->raw);
	if (ret_ip)
		*ret_ip = xstrdup(kc_json_get_str(r->body, "spec.clusterIP", ""));
	if (ret_port)
		*ret_port = kc_json_get_int(r->body, "spec.ports[0].nodePort", 0);
}

static long try_create(fixture *f, const char *body)
{
	return call(f, "POST", "/api/v1/namespaces/default/services", body)->status;
}

/* ---- the tests ---- */

/* A key for a Service that never came to be keeps its value taken until
 * it has been seen leaked in three runs (not at the first sight); then one
 * of the two apiservers frees it, and the value can be allocated. */
static void test_leaks_freed(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *ipk = ip_key("10.100.0.50");
	_cleanup_free_ char *portk = port_key(31555);
	etcd_put(f, ipk, "{\"service\":\"default/ghost\"}");
	etcd_put(f, portk, "{\"service\":\"default/ghost\"}");
	const char *svc_ip = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"reuse\"},"
	                     "\"spec\":{\"clusterIP\":\"10.100.0.50\",\"ports\":[{\"port\":80}]}}";
	const char *svc_port =
	    "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"reuse-port\"},"
	    "\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":31555}]}}";
	assert_int_equal(try_create(f, svc_ip), 422);
	assert_int_equal(try_create(f, svc_port), 422);

	/* flagged first, still there then */
	assert_true(
	    wait_for(f, logged, "the cluster IP 10.100.0.50 may have leaked: flagging for later clean up"));
	assert_true(wait_for(f, logged, "the node port 31555 may have leaked: flagging for later clean up"));
	assert_true(wait_for(f, logged, "the cluster IP 10.100.0.50 is still unused (2 of 3 runs)"));
	/* then freed */
	assert_true(wait_for(f, key_gone, ipk));
	assert_true(wait_for(f, key_gone, portk));
	assert_true(
	    count_in_log(&f->api, "the cluster IP 10.100.0.50 appears to have leaked: cleaning up") +
	        count_in_log(&f->peer, "the cluster IP 10.100.0.50 appears to have leaked: cleaning up") >=
	    1);

	assert_int_equal(try_create(f, svc_ip), 201);
	assert_int_equal(try_create(f, svc_port), 201);
	_cleanup_free_ char *o1 = owner_of(f, ipk), *o2 = owner_of(f, portk);
	assert_string_equal(o1, "default/reuse");
	assert_string_equal(o2, "default/reuse-port");
	/* and the repair leaves them alone from then on */
	sleep_ms(1000);
	assert_true(etcd_has(f, ipk));
	assert_true(etcd_has(f, portk));
}

/* A key rewritten between runs (re-allocated) is counted afresh: while it
 * keeps changing faster than the runs, it is never deleted (every rewrite
 * below is conditional on the key being as we left it). Left alone, it
 * goes after the grace. */
static void test_reallocated_key_kept(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *key = ip_key("10.100.0.77");
	etcd_put(f, key, "{\"service\":\"default/soon\"}");
	int64_t rev = 0;
	assert_true(etcd_get(f, key, NULL, &rev));
	assert_true(
	    wait_for(f, logged, "the cluster IP 10.100.0.77 may have leaked: flagging for later clean up"));
	for (int i = 0; i < 60; i++) { /* 3 s: about 15 runs of each apiserver */
		sleep_ms(50);
		rev = etcd_put_if(f, key, "{\"service\":\"default/soon\"}", rev);
		if (!rev)
			fail_msg("rewrite %d: the key was deleted or changed behind the test", i);
	}
	assert_int_equal(count_in_log(&f->api, "the cluster IP 10.100.0.77 appears to have leaked"), 0);
	assert_int_equal(count_in_log(&f->peer, "the cluster IP 10.100.0.77 appears to have leaked"), 0);
	assert_true(wait_for(f, key_gone, key));
}

/* While a stored Service cannot be read, nothing is freed: the leak might
 * be its value. */
static void test_unreadable_service_blocks_freeing(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *key = ip_key("10.100.0.88");
	etcd_put(f, "/registry/services/default/junk", "{\"not\": json");
	etcd_put(f, key, "{\"service\":\"default/junk\"}");
	assert_true(
	    wait_for(f, logged, "allocation repair: /registry/services/default/junk is not readable"));
	assert_true(
	    wait_for(f, logged, "the cluster IP 10.100.0.88 is left alone: not every Service could be read"));
	assert_true(etcd_has(f, key));
	etcd_del(f, "/registry/services/default/junk");
	assert_true(wait_for(f, key_gone, key));
}

/* Allocation keys deleted behind the Services' backs are created again for
 * their Services (by either apiserver: creates are conditional), with
 * upstream's events, and the values cannot be handed out again. */
static void test_missing_keys_recreated(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *ip = NULL;
	int64_t port = 0;
	create_service(f, "rk", "NodePort", NULL, &ip, &port);
	assert_true(ip[0] && port);
	_cleanup_free_ char *ipk = ip_key(ip), *portk = port_key(port);
	assert_true(etcd_has(f, ipk));
	etcd_del(f, ipk);
	etcd_del(f, portk);
	assert_true(wait_for(f, key_there, ipk));
	assert_true(wait_for(f, key_there, portk));
	_cleanup_free_ char *o1 = owner_of(f, ipk), *o2 = owner_of(f, portk);
	assert_string_equal(o1, "default/rk");
	assert_string_equal(o2, "default/rk");

	_cleanup_free_ char *ip_msg = xasprintf("Cluster IP [IPv4]:%s is not allocated; repairing", ip);
	_cleanup_free_ char *port_msg = xasprintf("Port %" PRId64 " is not allocated; repairing", port);
	event_want w1 = {"rk", "ClusterIPNotAllocated", ip_msg}, w2 = {"rk", "PortNotAllocated", port_msg};
	assert_true(wait_for(f, has_event, &w1));
	assert_true(wait_for(f, has_event, &w2));

	_cleanup_free_ char *dup =
	    xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"d\"},"
	              "\"spec\":{\"type\":\"NodePort\",\"clusterIP\":\"%s\",\"ports\":[{\"port\":80}]}}",
	              ip);
	assert_int_equal(try_create(f, dup), 422);
	_cleanup_free_ char *dup_port =
	    xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":"
	              "\"d\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,"
	              "\"nodePort\":%" PRId64 "}]}}",
	              port);
	assert_int_equal(try_create(f, dup_port), 422);
}

static void set_cluster_ip(cJSON *svc, const char *ip)
{
	cJSON *spec = cJSON_GetObjectItemCaseSensitive(svc, "spec");
	cJSON_ReplaceItemInObjectCaseSensitive(spec, "clusterIP", cJSON_CreateString(ip));
	cJSON *ips = cJSON_CreateArray();
	cJSON_AddItemToArray(ips, cJSON_CreateString(ip));
	cJSON_ReplaceItemInObjectCaseSensitive(spec, "clusterIPs", ips);
}

static void set_node_port(cJSON *svc, const char *port)
{
	cJSON *p = cJSON_GetArrayItem(kc_json_get(svc, "spec.ports"), 0);
	cJSON_ReplaceItemInObjectCaseSensitive(p, "nodePort", cJSON_CreateNumber(strtol(port, NULL, 10)));
}

/* A Service stored (behind the allocator's back) with the IP another
 * Service's key owns is reported, once per apiserver rather than once per
 * run, and keeps its IP; the key stays its owner's, and the IP the
 * Service held before is freed as a leak. */
static void test_duplicate_reported(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *ip_a = NULL, *ip_b = NULL;
	int64_t port_a = 0, port_b = 0;
	create_service(f, "da", "NodePort", NULL, &ip_a, &port_a);
	create_service(f, "db", "NodePort", NULL, &ip_b, &port_b);
	char port_a_text[16];
	snprintf(port_a_text, sizeof(port_a_text), "%" PRId64, port_a);
	etcd_edit(f, "/registry/services/default/db", set_cluster_ip, ip_a);
	etcd_edit(f, "/registry/services/default/db", set_node_port, port_a_text);

	_cleanup_free_ char *ip_msg = xasprintf(
	    "Cluster IP [IPv4]:%s was assigned to multiple services; please recreate service", ip_a);
	_cleanup_free_ char *port_msg =
	    xasprintf("Port %" PRId64 " was assigned to multiple services; please recreate service", port_a);
	event_want w1 = {"db", "ClusterIPAlreadyAllocated", ip_msg},
	           w2 = {"db", "PortAlreadyAllocated", port_msg};
	assert_true(wait_for(f, has_event, &w1));
	assert_true(wait_for(f, has_event, &w2));
	_cleanup_free_ char *line =
	    xasprintf("the cluster IP %s for service default/db was assigned to other "
	              "services default/da; please recreate",
	              ip_a);
	assert_true(wait_for(f, logged, line));

	/* db's old values were leaked by the edit: freed */
	_cleanup_free_ char *old_ipk = ip_key(ip_b), *old_portk = port_key(port_b);
	assert_true(wait_for(f, key_gone, old_ipk));
	assert_true(wait_for(f, key_gone, old_portk));

	/* nothing changed on either side, and no more reports */
	sleep_ms(1000);
	assert_true(count_events(f, "db", "ClusterIPAlreadyAllocated", ip_msg) <= 2);
	assert_true(count_events(f, "db", "PortAlreadyAllocated", port_msg) <= 2);
	assert_int_equal(count_in_log(&f->api, line), 1);
	_cleanup_free_ char *ipk = ip_key(ip_a), *portk = port_key(port_a);
	_cleanup_free_ char *o1 = owner_of(f, ipk), *o2 = owner_of(f, portk);
	assert_string_equal(o1, "default/da");
	assert_string_equal(o2, "default/da");
	kc_response *r = call(f, "GET", "/api/v1/namespaces/default/services/db", NULL);
	assert_string_equal(kc_json_get_str(r->body, "spec.clusterIP", ""), ip_a);
	assert_int_equal(kc_json_get_int(r->body, "spec.ports[0].nodePort", 0), port_a);
	assert_int_equal(count_events(f, "da", "ClusterIPAlreadyAllocated", ip_msg), 0);
}

/* Values outside the configured ranges (as after the flags changed) are
 * reported on their Services, which keep them. */
static void test_out_of_range_reported(void **state)
{
	fixture *f = *state;
	create_service(f, "far", "NodePort", NULL, NULL, NULL);
	etcd_edit(f, "/registry/services/default/far", set_cluster_ip, "192.168.7.7");
	etcd_edit(f, "/registry/services/default/far", set_node_port, "8080");
	event_want w1 = {
	    "far", "ClusterIPOutOfRange",
	    "Cluster IP [IPv4]:192.168.7.7 is not within the service CIDR 10.96.0.0/12; please recreate "
	    "service"};
	event_want w2 = {"far", "PortOutOfRange",
	                 "Port 8080 is not within the port range 30000-32767; please recreate service"};
	assert_true(wait_for(f, has_event, &w1));
	assert_true(wait_for(f, has_event, &w2));
	kc_response *r = call(f, "GET", "/api/v1/namespaces/default/services/far", NULL);
	assert_string_equal(kc_json_get_str(r->body, "spec.clusterIP", ""), "192.168.7.7");
	assert_int_equal(kc_json_get_int(r->body, "spec.ports[0].nodePort", 0), 8080);
	_cleanup_free_ char *k1 = ip_key("192.168.7.7"), *k2 = port_key(8080);
	assert_false(etcd_has(f, k1));
	assert_false(etcd_has(f, k2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    /* slower runs: the test must see the values taken before the grace ends */
	    cmocka_unit_test_prestate_setup_teardown(test_leaks_freed, setup, teardown, (void *)"1000"),
	    cmocka_unit_test_setup_teardown(test_reallocated_key_kept, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unreadable_service_blocks_freeing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_keys_recreated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_duplicate_reported, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_out_of_range_reported, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
