/* test_apiserver_api.c - kc-apiserver's API semantics against a real etcd,
 * through libkc's client: CRUD and conflicts, watches from a
 * resourceVersion and 410 when it is too old, pagination, label and field
 * selectors on lists and watches, service IP and port allocation. */
#include <event2/event.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/client.h"
#include "common/json.h"
#include "common/util.h"
#include "harness/apiserver.h"

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *client;
} fixture;

static int setup_with(void **state, const char *const *args)
{
	fixture *f = xcalloc(1, sizeof(*f));
	if (kc_test_apiserver_start(&f->api, args) < 0) {
		free(f);
		return -1;
	}
	f->base = event_base_new();
	kc_client_config cfg;
	kc_test_apiserver_client_config(&f->api, "admin", &cfg);
	f->client = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	*state = f;
	return 0;
}

static int setup(void **state)
{
	/* a small watch cache, so a test can outrun its history */
	static const char *const args[] = {"--default-watch-cache-size", "20", NULL};
	return setup_with(state, args);
}

static int teardown(void **state)
{
	fixture *f = *state;
	kc_client_free(f->client);
	event_base_free(f->base);
	kc_test_apiserver_stop(&f->api);
	free(f);
	return 0;
}

/* One request; the response stays valid until the next call. */
static kc_response *call(fixture *f, const char *method, const char *path, const char *body)
{
	static kc_response resp;
	kc_response_clear(&resp);
	kc_client_request_sync(f->client, method, path, body ? "application/json" : NULL, body,
			       body ? strlen(body) : 0, NULL, &resp);
	return &resp;
}

static const char *rv_of(const kc_response *r) { return kc_json_get_str(r->body, "metadata.resourceVersion", ""); }

static void test_crud_and_conflicts(void **state)
{
	fixture *f = *state;
	const char *cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c1\"},\"data\":{\"a\":\"1\"}}";
	kc_response *r = call(f, "POST", "/api/v1/namespaces/default/configmaps", cm);
	assert_int_equal(r->status, 201);
	_cleanup_free_ char *rv1 = xstrdup(rv_of(r));
	assert_true(rv1[0]);
	assert_int_equal(strlen(kc_json_get_str(r->body, "metadata.uid", "")), 36);

	r = call(f, "POST", "/api/v1/namespaces/default/configmaps", cm);
	assert_int_equal(r->status, 409);
	assert_string_equal(kc_json_get_str(r->body, "reason", ""), "AlreadyExists");
	assert_string_equal(kc_json_get_str(r->body, "message", ""), "configmaps \"c1\" already exists");

	/* update with the current version, then with the stale one */
	_cleanup_free_ char *upd = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c1\","
					     "\"resourceVersion\":\"%s\"},\"data\":{\"a\":\"2\"}}",
					     rv1);
	r = call(f, "PUT", "/api/v1/namespaces/default/configmaps/c1", upd);
	assert_int_equal(r->status, 200);
	assert_string_equal(kc_json_get_str(r->body, "data.a", ""), "2");
	r = call(f, "PUT", "/api/v1/namespaces/default/configmaps/c1", upd);
	assert_int_equal(r->status, 409);
	assert_string_equal(kc_json_get_str(r->body, "message", ""),
			    "Operation cannot be fulfilled on configmaps \"c1\": the object has been modified; please "
			    "apply your changes to the latest version and try again");

	/* a body for another namespace, kind or name is refused */
	r = call(f, "PUT", "/api/v1/namespaces/default/configmaps/c2", upd);
	assert_int_equal(r->status, 400);
	r = call(f, "POST", "/api/v1/namespaces/default/configmaps",
		 "{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}");
	assert_int_equal(r->status, 400);
	r = call(f, "POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\": {\"name\": ");
	assert_int_equal(r->status, 400);
	r = call(f, "POST", "/api/v1/namespaces/nowhere/configmaps", cm);
	assert_int_equal(r->status, 404);
	assert_string_equal(kc_json_get_str(r->body, "message", ""), "namespaces \"nowhere\" not found");

	r = call(f, "DELETE", "/api/v1/namespaces/default/configmaps/c1", NULL);
	assert_int_equal(r->status, 200);
	r = call(f, "GET", "/api/v1/namespaces/default/configmaps/c1", NULL);
	assert_int_equal(r->status, 404);
	assert_string_equal(kc_json_get_str(r->body, "message", ""), "configmaps \"c1\" not found");

	r = call(f, "GET", "/api/v1/namespaces/default/nosuchthings", NULL);
	assert_int_equal(r->status, 404);
	r = call(f, "PUT", "/api/v1/namespaces/default/configmaps", "{}");
	assert_int_equal(r->status, 405);
}

typedef struct events {
	int n;
	char seen[64][128];
	bool gone;
} events;

static void on_event(kc_watch_event_type t, cJSON *obj, void *ud)
{
	events *e = ud;
	if (t == KC_WATCH_BOOKMARK || e->n >= 64)
		return;
	snprintf(e->seen[e->n++], 128, "%s %s %s", kc_watch_event_type_name(t), kc_json_get_str(obj, "metadata.name", ""),
		 kc_json_get_str(obj, "data.v", ""));
}

static void on_gone(void *ud) { ((events *)ud)->gone = true; }

static void pump(fixture *f, bool (*done)(void *), void *arg)
{
	for (int i = 0; i < 1000 && !done(arg); i++) {
		struct timeval tv = {0, 10000};
		event_base_loopexit(f->base, &tv);
		event_base_dispatch(f->base);
	}
}

static int want_n;
static bool have_n(void *arg) { return ((events *)arg)->n >= want_n; }
static bool have_gone(void *arg) { return ((events *)arg)->gone; }

static void put_value(fixture *f, const char *name, const char *v)
{
	_cleanup_free_ char *body = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\"},"
					      "\"data\":{\"v\":\"%s\"}}",
					      name, v);
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/default/configmaps/%s", name);
	kc_response *r = call(f, "PUT", path, body);
	if (r->status == 404)
		r = call(f, "POST", "/api/v1/namespaces/default/configmaps", body);
	assert_true(r->status == 200 || r->status == 201);
}

static void test_watch_from_version(void **state)
{
	fixture *f = *state;
	put_value(f, "w", "0");
	kc_response *r = call(f, "GET", "/api/v1/namespaces/default/configmaps/w", NULL);
	_cleanup_free_ char *rv = xstrdup(rv_of(r));
	put_value(f, "w", "1");
	put_value(f, "w", "2");
	call(f, "DELETE", "/api/v1/namespaces/default/configmaps/w", NULL);

	events e = {0};
	kc_watch *w = kc_client_watch(f->client, "/api/v1/namespaces/default/configmaps", rv, on_event, on_gone, &e);
	want_n = 3;
	pump(f, have_n, &e);
	kc_watch_stop(w);
	assert_int_equal(e.n, 3);
	assert_string_equal(e.seen[0], "MODIFIED w 1");
	assert_string_equal(e.seen[1], "MODIFIED w 2");
	assert_string_equal(e.seen[2], "DELETED w 2");

	/* history is 20 events: 40 writes later, the version is gone */
	for (int i = 0; i < 40; i++) {
		char v[8];
		snprintf(v, sizeof(v), "%d", i);
		put_value(f, "busy", v);
	}
	events e2 = {0};
	w = kc_client_watch(f->client, "/api/v1/namespaces/default/configmaps", rv, on_event, on_gone, &e2);
	pump(f, have_gone, &e2);
	kc_watch_stop(w);
	assert_true(e2.gone);
}

static void test_pagination(void **state)
{
	fixture *f = *state;
	for (int i = 0; i < 25; i++) {
		char name[16];
		snprintf(name, sizeof(name), "p%02d", i);
		put_value(f, name, "x");
	}
	kc_response *r = call(f, "GET", "/api/v1/namespaces/default/configmaps?limit=10", NULL);
	assert_int_equal(r->status, 200);
	assert_int_equal(cJSON_GetArraySize(kc_json_get(r->body, "items")), 10);
	assert_int_equal(kc_json_get_int(r->body, "metadata.remainingItemCount", -1), 15);
	_cleanup_free_ char *cont = xstrdup(kc_json_get_str(r->body, "metadata.continue", ""));
	_cleanup_free_ char *first_rv = xstrdup(rv_of(r));
	assert_true(cont[0]);
	put_value(f, "p00", "changed"); /* later pages still show the first page's revision */
	int total = 10;
	while (cont[0]) {
		_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/default/configmaps?limit=10&continue=%s", cont);
		r = call(f, "GET", path, NULL);
		assert_int_equal(r->status, 200);
		assert_string_equal(rv_of(r), first_rv);
		total += cJSON_GetArraySize(kc_json_get(r->body, "items"));
		free(cont);
		cont = xstrdup(kc_json_get_str(r->body, "metadata.continue", ""));
	}
	assert_int_equal(total, 25);
	r = call(f, "GET", "/api/v1/namespaces/default/configmaps?limit=10&continue=bogus", NULL);
	assert_int_equal(r->status, 400);
}

static void test_selectors(void **state)
{
	fixture *f = *state;
	const char *pods[] = {"a", "b", "c"};
	const char *apps[] = {"web", "web", "db"};
	_cleanup_free_ char *last_rv = NULL;
	for (int i = 0; i < 3; i++) {
		_cleanup_free_ char *body = xasprintf(
			"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"%s\",\"labels\":{\"app\":\"%s\"}},"
			"\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}",
			pods[i], apps[i]);
		kc_response *created = call(f, "POST", "/api/v1/namespaces/default/pods", body);
		assert_int_equal(created->status, 201);
		free(last_rv);
		last_rv = xstrdup(kc_json_get_str(created->body, "metadata.resourceVersion", ""));
	}
	kc_response *r = call(f, "GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb", NULL);
	assert_int_equal(cJSON_GetArraySize(kc_json_get(r->body, "items")), 2);
	/* From the watch cache once it has seen the last create (resourceVersion=0
	 * could be served before it has, as upstream may). */
	_cleanup_free_ char *cached = xasprintf("/api/v1/pods?labelSelector=app+in+%%28db%%29&resourceVersion=%s", last_rv);
	r = call(f, "GET", cached, NULL);
	assert_int_equal(cJSON_GetArraySize(kc_json_get(r->body, "items")), 1);
	r = call(f, "GET", "/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dc", NULL);
	assert_int_equal(cJSON_GetArraySize(kc_json_get(r->body, "items")), 1);
	r = call(f, "GET", "/api/v1/namespaces/default/pods?fieldSelector=spec.nodeName%3D", NULL);
	assert_int_equal(cJSON_GetArraySize(kc_json_get(r->body, "items")), 3);
	r = call(f, "GET", "/api/v1/namespaces/default/pods?fieldSelector=spec.nope%3Dx", NULL);
	assert_int_equal(r->status, 400);
	assert_string_equal(kc_json_get_str(r->body, "message", ""), "field label not supported: spec.nope");
	r = call(f, "GET", "/api/v1/namespaces/default/pods?labelSelector=app+in+%28", NULL);
	assert_int_equal(r->status, 400);

	/* a watch with a selector sees a relabelled pod leave as DELETED */
	r = call(f, "GET", "/api/v1/namespaces/default/pods", NULL);
	_cleanup_free_ char *rv = xstrdup(rv_of(r));
	events e = {0};
	kc_watch *w = kc_client_watch(f->client, "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb", rv, on_event,
				      on_gone, &e);
	kc_response resp = {0};
	const char *patch = "{\"metadata\":{\"labels\":{\"app\":\"db\"}}}";
	kc_client_request_sync(f->client, "PATCH", "/api/v1/namespaces/default/pods/a", "application/merge-patch+json",
			       patch, strlen(patch), NULL, &resp);
	assert_int_equal(resp.status, 200);
	kc_response_clear(&resp);
	want_n = 1;
	pump(f, have_n, &e);
	kc_watch_stop(w);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.seen[0], "DELETED a ");
}

static void test_service_allocation(void **state)
{
	fixture *f = *state;
	const char *svc = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s1\"},\"spec\":{\"type\":"
			  "\"NodePort\",\"selector\":{\"app\":\"x\"},\"ports\":[{\"port\":80}]}}";
	kc_response *r = call(f, "POST", "/api/v1/namespaces/default/services", svc);
	assert_int_equal(r->status, 201);
	const char *ip = kc_json_get_str(r->body, "spec.clusterIP", "");
	assert_true(str_startswith(ip, "10."));
	int64_t port = kc_json_get_int(r->body, "spec.ports[0].nodePort", 0);
	assert_true(port >= 30000 && port <= 32767);
	assert_int_equal(kc_json_get_int(r->body, "spec.ports[0].targetPort", 0), 80);

	/* the same nodePort again is refused with upstream's message */
	_cleanup_free_ char *dup = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s2\"},"
					     "\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":%" PRId64
					     "}]}}",
					     port);
	r = call(f, "POST", "/api/v1/namespaces/default/services", dup);
	assert_int_equal(r->status, 422);
	_cleanup_free_ char *want = xasprintf("Service \"s2\" is invalid: spec.ports[0].nodePort: Invalid value: %" PRId64
					      ": provided port is already allocated",
					      port);
	assert_string_equal(kc_json_get_str(r->body, "message", ""), want);

	/* deleting s1 frees its port for s2 */
	assert_int_equal(call(f, "DELETE", "/api/v1/namespaces/default/services/s1", NULL)->status, 200);
	int tries = 0;
	do {
		r = call(f, "POST", "/api/v1/namespaces/default/services", dup);
	} while (r->status == 422 && ++tries < 50);
	assert_int_equal(r->status, 201);

	r = call(f, "GET", "/api/v1/namespaces/default/services/kubernetes", NULL);
	assert_int_equal(r->status, 200);
	assert_string_equal(kc_json_get_str(r->body, "spec.clusterIP", ""), "10.96.0.1");
}

/* type LoadBalancer with externalTrafficPolicy Local: a healthCheckNodePort
 * from the node port range, never one another Service holds, released
 * when the Service stops needing it. */
static void test_service_health_check_port(void **state)
{
	fixture *f = *state;
	const char *svc = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"lb\"},\"spec\":{"
			  "\"type\":\"LoadBalancer\",\"externalTrafficPolicy\":\"Local\",\"selector\":{\"app\":\"x\"},"
			  "\"ports\":[{\"port\":80}]}}";
	kc_response *r = call(f, "POST", "/api/v1/namespaces/default/services", svc);
	assert_int_equal(r->status, 201);
	int64_t hc = kc_json_get_int(r->body, "spec.healthCheckNodePort", 0);
	int64_t np = kc_json_get_int(r->body, "spec.ports[0].nodePort", 0);
	assert_true(hc >= 30000 && hc <= 32767);
	assert_true(np >= 30000 && np <= 32767 && np != hc);

	/* the port is taken: as another Service's nodePort, or asked for again */
	_cleanup_free_ char *np_svc = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":"
						"\"np\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,"
						"\"nodePort\":%" PRId64 "}]}}",
						hc);
	r = call(f, "POST", "/api/v1/namespaces/default/services", np_svc);
	assert_int_equal(r->status, 422);
	_cleanup_free_ char *again = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":"
					       "\"lb2\"},\"spec\":{\"type\":\"LoadBalancer\",\"externalTrafficPolicy\":"
					       "\"Local\",\"healthCheckNodePort\":%" PRId64 ",\"ports\":[{\"port\":80}]}}",
					       hc);
	_cleanup_free_ char *want = xasprintf("Internal error occurred: failed to allocate requested HealthCheck "
					      "NodePort %" PRId64 ": provided port is already allocated",
					      hc);
	r = call(f, "POST", "/api/v1/namespaces/default/services", again);
	assert_int_equal(r->status, 500);
	assert_string_equal(kc_json_get_str(r->body, "message", ""), want);
	r = call(f, "POST", "/api/v1/namespaces/default/services?dryRun=All", again); /* a dry run checks too */
	assert_int_equal(r->status, 500);
	assert_string_equal(kc_json_get_str(r->body, "message", ""), want);

	/* a dry run answers with the values a create would get now, and takes none */
	const char *lb3 = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"lb3\"},\"spec\":{"
			  "\"type\":\"LoadBalancer\",\"externalTrafficPolicy\":\"Local\",\"ports\":[{\"name\":\"a\","
			  "\"port\":80},{\"name\":\"b\",\"port\":81}]}}";
	r = call(f, "POST", "/api/v1/namespaces/default/services?dryRun=All", lb3);
	assert_int_equal(r->status, 201);
	_cleanup_free_ char *dry_ip = xstrdup(kc_json_get_str(r->body, "spec.clusterIP", ""));
	int64_t dry_ports[3] = {kc_json_get_int(r->body, "spec.ports[0].nodePort", 0),
				kc_json_get_int(r->body, "spec.ports[1].nodePort", 0),
				kc_json_get_int(r->body, "spec.healthCheckNodePort", 0)};
	assert_true(dry_ip[0] && dry_ports[0] && dry_ports[1] && dry_ports[2]);
	assert_int_equal(call(f, "GET", "/api/v1/namespaces/default/services/lb3", NULL)->status, 404);
	_cleanup_free_ char *exact = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":"
					       "\"lb3\"},\"spec\":{\"type\":\"LoadBalancer\",\"externalTrafficPolicy\":"
					       "\"Local\",\"clusterIP\":\"%s\",\"healthCheckNodePort\":%" PRId64 ","
					       "\"ports\":[{\"name\":\"a\",\"port\":80,\"nodePort\":%" PRId64 "},{\"name\":"
					       "\"b\",\"port\":81,\"nodePort\":%" PRId64 "}]}}",
					       dry_ip, dry_ports[2], dry_ports[0], dry_ports[1]);
	r = call(f, "POST", "/api/v1/namespaces/default/services", exact);
	assert_int_equal(r->status, 201);

	/* externalTrafficPolicy Cluster: the port goes from the object and is free */
	kc_response resp = {0};
	const char *to_cluster = "{\"spec\":{\"externalTrafficPolicy\":\"Cluster\"}}";
	kc_client_request_sync(f->client, "PATCH", "/api/v1/namespaces/default/services/lb",
			       "application/merge-patch+json", to_cluster, strlen(to_cluster), NULL, &resp);
	assert_int_equal(resp.status, 200);
	assert_int_equal(kc_json_get_int(resp.body, "spec.healthCheckNodePort", 0), 0);
	assert_int_equal(kc_json_get_int(resp.body, "spec.ports[0].nodePort", 0), np);
	kc_response_clear(&resp);
	int tries = 0; /* the release is asynchronous */
	do {
		r = call(f, "POST", "/api/v1/namespaces/default/services", np_svc);
	} while (r->status == 422 && ++tries < 50);
	assert_int_equal(r->status, 201);
}

static void test_service_type_change(void **state)
{
	fixture *f = *state;
	const char *svc = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"t\"},\"spec\":{"
			  "\"selector\":{\"app\":\"x\"},\"ports\":[{\"port\":80}]}}";
	kc_response *r = call(f, "POST", "/api/v1/namespaces/default/services", svc);
	assert_int_equal(r->status, 201);
	assert_int_equal(kc_json_get_int(r->body, "spec.ports[0].nodePort", 0), 0);

	/* ClusterIP -> NodePort: a nodePort is allocated on update */
	kc_response resp = {0};
	const char *to_np = "{\"spec\":{\"type\":\"NodePort\"}}";
	kc_client_request_sync(f->client, "PATCH", "/api/v1/namespaces/default/services/t", "application/merge-patch+json",
			       to_np, strlen(to_np), NULL, &resp);
	assert_int_equal(resp.status, 200);
	int64_t port = kc_json_get_int(resp.body, "spec.ports[0].nodePort", 0);
	assert_true(port >= 30000 && port <= 32767);
	kc_response_clear(&resp);

	/* back to ClusterIP without the nodePort: the port is free again */
	const char *to_cip = "[{\"op\":\"replace\",\"path\":\"/spec/type\",\"value\":\"ClusterIP\"},"
			     "{\"op\":\"remove\",\"path\":\"/spec/ports/0/nodePort\"},"
			     "{\"op\":\"remove\",\"path\":\"/spec/externalTrafficPolicy\"}]";
	kc_client_request_sync(f->client, "PATCH", "/api/v1/namespaces/default/services/t", "application/json-patch+json",
			       to_cip, strlen(to_cip), NULL, &resp);
	assert_int_equal(resp.status, 200);
	kc_response_clear(&resp);
	_cleanup_free_ char *claim = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"u\"},"
					       "\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":%" PRId64
					       "}]}}",
					       port);
	int tries = 0;
	do {
		r = call(f, "POST", "/api/v1/namespaces/default/services", claim);
	} while (r->status == 422 && ++tries < 50);
	assert_int_equal(r->status, 201);
}

static void test_events_two_shapes(void **state)
{
	fixture *f = *state;
	const char *ev = "{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"e1\"},"
			 "\"eventTime\":\"2024-01-01T00:00:00.000000Z\",\"reportingController\":\"kc.io/test\","
			 "\"reportingInstance\":\"test-1\",\"action\":\"Testing\",\"reason\":\"Tested\",\"type\":\"Normal\","
			 "\"note\":\"it works\",\"regarding\":{\"kind\":\"Pod\",\"namespace\":\"default\",\"name\":\"p\"}}";
	kc_response *r = call(f, "POST", "/apis/events.k8s.io/v1/namespaces/default/events", ev);
	assert_int_equal(r->status, 201);
	assert_string_equal(kc_json_get_str(r->body, "note", ""), "it works");
	/* the same object through the core API, in the core shape */
	r = call(f, "GET", "/api/v1/namespaces/default/events/e1", NULL);
	assert_int_equal(r->status, 200);
	assert_string_equal(kc_json_get_str(r->body, "apiVersion", ""), "v1");
	assert_string_equal(kc_json_get_str(r->body, "message", ""), "it works");
	assert_string_equal(kc_json_get_str(r->body, "involvedObject.name", ""), "p");
	assert_string_equal(kc_json_get_str(r->body, "reportingComponent", ""), "kc.io/test");
	/* and listed back in the events.k8s.io shape */
	r = call(f, "GET", "/apis/events.k8s.io/v1/namespaces/default/events?resourceVersion=0", NULL);
	assert_int_equal(r->status, 200);
	assert_string_equal(kc_json_get_str(r->body, "items[0].apiVersion", ""), "events.k8s.io/v1");
	assert_string_equal(kc_json_get_str(r->body, "items[0].regarding.name", ""), "p");
}

/* A namespace being deleted stays (Terminating) until its spec.finalizers
 * are emptied through namespaces/NAME/finalize, which a plain update cannot
 * change; then it goes at once. */
static void test_namespace_finalize(void **state)
{
	fixture *f = *state;
	const char *ns = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"fin\"}}";
	kc_response *r = call(f, "POST", "/api/v1/namespaces", ns);
	assert_int_equal(r->status, 201);
	assert_string_equal(kc_json_get_str(r->body, "spec.finalizers[0]", ""), "kubernetes");
	r = call(f, "DELETE", "/api/v1/namespaces/fin", NULL);
	assert_int_equal(r->status, 200);
	assert_string_equal(kc_json_get_str(r->body, "status.phase", ""), "Terminating");
	/* a plain update keeps spec.finalizers */
	_cleanup_json_ cJSON *obj = cJSON_Duplicate(r->body, true);
	cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "spec"), "finalizers");
	_cleanup_free_ char *body = cJSON_PrintUnformatted(obj);
	r = call(f, "PUT", "/api/v1/namespaces/fin", body);
	assert_int_equal(r->status, 200);
	assert_string_equal(kc_json_get_str(r->body, "spec.finalizers[0]", ""), "kubernetes");
	/* finalize validates the names as upstream */
	_cleanup_json_ cJSON *bad = cJSON_Duplicate(r->body, true);
	cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(bad, "spec"), "finalizers",
					       cJSON_CreateStringArray((const char *[]){"no good"}, 1));
	_cleanup_free_ char *bad_body = cJSON_PrintUnformatted(bad);
	r = call(f, "PUT", "/api/v1/namespaces/fin/finalize", bad_body);
	assert_int_equal(r->status, 422);
	/* finalize empties them: the namespace goes */
	r = call(f, "PUT", "/api/v1/namespaces/fin/finalize", body);
	assert_int_equal(r->status, 200);
	r = call(f, "GET", "/api/v1/namespaces/fin", NULL);
	assert_int_equal(r->status, 404);
}

/* A status write keeps the body's annotations (the deployment controller
 * writes its revision annotation so) but not its spec, and does not bump
 * the generation. */
static void test_status_keeps_annotations(void **state)
{
	fixture *f = *state;
	const char *d = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"st\"},"
			"\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{"
			"\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
			"\"image\":\"x\"}]}}}}";
	const char *path = "/apis/apps/v1/namespaces/default/deployments/st";
	kc_response *r = call(f, "POST", "/apis/apps/v1/namespaces/default/deployments", d);
	assert_int_equal(r->status, 201);
	_cleanup_json_ cJSON *obj = cJSON_Duplicate(r->body, true);
	cJSON *ann = cJSON_AddObjectToObject(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "annotations");
	cJSON_AddStringToObject(ann, "deployment.kubernetes.io/revision", "1");
	cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "spec"), "replicas",
					       cJSON_CreateNumber(5));
	cJSON_AddNumberToObject(cJSON_AddObjectToObject(obj, "status"), "observedGeneration", 1);
	_cleanup_free_ char *body = cJSON_PrintUnformatted(obj);
	_cleanup_free_ char *status_path = xasprintf("%s/status", path);
	r = call(f, "PUT", status_path, body);
	assert_int_equal(r->status, 200);
	r = call(f, "GET", path, NULL);
	assert_string_equal(kc_json_get_str(r->body, "metadata.annotations.deployment\\.kubernetes\\.io/revision", ""),
			    "1");
	assert_int_equal(kc_json_get_int(r->body, "spec.replicas", 0), 1);
	assert_int_equal(kc_json_get_int(r->body, "metadata.generation", 0), 1);
	assert_int_equal(kc_json_get_int(r->body, "status.observedGeneration", 0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_crud_and_conflicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watch_from_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pagination, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selectors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_service_allocation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_service_health_check_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_service_type_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events_two_shapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_namespace_finalize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_keeps_annotations, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
