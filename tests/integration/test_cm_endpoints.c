/* test_cm_endpoints.c - kc-controller-manager's endpoint, endpointslice,
 * namespace and serviceaccount controllers against a real etcd and
 * kc-apiserver. The test plays the nodes: it makes the Node objects, binds
 * pods by setting spec.nodeName, writes their status (IP, Ready) and
 * confirms graceful deletions as a kubelet would; one scenario leaves that
 * to a simulated node (fakenode.h) instead.
 *
 *   - a Service's Endpoints and EndpointSlices follow its pods' readiness
 *     (ready -> not ready -> terminating -> gone), named target ports
 *     resolved per pod, publishNotReadyAddresses, headless Services;
 *   - Services without a selector are left alone;
 *   - the Endpoints go with their Service;
 *   - deleting a namespace empties it and it disappears;
 *   - every namespace gets a "default" ServiceAccount, again when deleted;
 *   - the process shows its work queues in /metrics.
 * Waits poll the API with a deadline and fail saying what was expected and
 * what was seen. */
#include <event2/event.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "common/client.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "harness/api.h"
#include "harness/apiserver.h"
#include "harness/fakenode.h"
#include "harness/procs.h"

#define WAIT_MS 60000

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *client;
	pid_t cm;
	char *cm_log;
	int health_port;
} fixture;

static void print_cm_log(const fixture *f) { kc_test_print_tail(f->cm_log, 20000); }

/* One request as admin; the caller frees the body it gets (NULL for none).
 * PATCH bodies are merge patches. */
static long call(fixture *f, const char *method, const char *path, const char *body, cJSON **ret_body)
{
	return kc_test_call(f->client, method, path, body, ret_body);
}

/* JSON written with ' for ". */
#define Q kc_test_q

static void must(fixture *f, const char *method, const char *path, const char *body, long want)
{
	cJSON *resp = NULL;
	long st = call(f, method, path, body, &resp);
	if (st != want) {
		_cleanup_free_ char *t = kc_json_print(resp);
		cJSON_Delete(resp);
		fail_msg("%s %s: status %ld, want %ld: %s", method, path, st, want, t);
	}
	cJSON_Delete(resp);
}

static cJSON *get(fixture *f, const char *path) { return kc_test_get(f->client, path); }

/* Polls check until it returns true; fails with what it last said. */
typedef bool (*check_fn)(fixture *f, const void *arg, kc_buf *seen);

static void wait_for(fixture *f, const char *what, check_fn check, const void *arg)
{
	int64_t end = kc_time_monotonic_ms() + WAIT_MS;
	kc_buf seen = KC_BUF_INIT;
	for (;;) {
		kc_buf_reset(&seen);
		if (check(f, arg, &seen)) {
			kc_buf_free(&seen);
			return;
		}
		if (kc_time_monotonic_ms() > end)
			break;
		usleep(100 * 1000);
	}
	print_cm_log(f);
	fail_msg("timed out waiting for %s; last seen: %s", what, kc_buf_str(&seen));
}

static bool is_gone(fixture *f, const void *arg, kc_buf *seen)
{
	_cleanup_json_ cJSON *obj = get(f, arg);
	kc_buf_addstr(seen, obj ? "still there" : "gone");
	return obj == NULL;
}

/* ---- the cluster ---- */

static int group_setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));
	if (kc_test_apiserver_start(&f->api, NULL) < 0) {
		free(f);
		return -1;
	}
	f->base = event_base_new();
	kc_client_config cfg;
	kc_test_apiserver_client_config(&f->api, "admin", &cfg);
	f->client = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);

	static const char *const args[] = {"--leader-elect=false",
					   "--controllers=endpoint,endpointslice,namespace,serviceaccount", "-v=4", NULL};
	f->cm = kc_test_start_daemon(&f->api, "controller-manager", args, &f->health_port, &f->cm_log);
	if (f->cm < 0) {
		kc_test_apiserver_stop(&f->api);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int group_teardown(void **state)
{
	fixture *f = *state;
	if (!f)
		return 0;
	int st = kc_test_stop(f->cm, 10000);
	if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "kc-controller-manager did not exit cleanly on SIGTERM (status %d)\n", st);
		print_cm_log(f);
	}
	kc_client_free(f->client);
	event_base_free(f->base);
	kc_test_apiserver_stop(&f->api);
	free(f->cm_log);
	free(f);
	return 0;
}

static void make_namespace(fixture *f, const char *ns)
{
	_cleanup_free_ char *body = Q("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'%s'}}", ns);
	must(f, "POST", "/api/v1/namespaces", body, 201);
}

static void make_node(fixture *f, const char *name, const char *zone)
{
	_cleanup_free_ char *labels =
		zone ? Q(",'topology.kubernetes.io/zone':'%s'", zone) : xstrdup("");
	_cleanup_free_ char *body = Q("{'apiVersion':'v1','kind':'Node','metadata':{'name':'%s','labels':"
				      "{'kubernetes.io/hostname':'%s'%s}}}",
				      name, name, labels);
	cJSON *resp = NULL;
	long st = call(f, "POST", "/api/v1/nodes", body, &resp);
	cJSON_Delete(resp);
	if (st != 201 && st != 409)
		fail_msg("creating node %s: status %ld", name, st);
}

/* A pod bound to node with one container whose port "http" is port. */
static void make_pod(fixture *f, const char *ns, const char *name, const char *labels, const char *node, int port,
		     int grace)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods", ns);
	_cleanup_free_ char *body = Q("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'%s','labels':{%s}},"
				      "'spec':{'nodeName':'%s','terminationGracePeriodSeconds':%d,'containers':"
				      "[{'name':'c','image':'nginx','ports':[{'name':'http','containerPort':%d}]}]}}",
				      name, labels, node, grace, port);
	must(f, "POST", path, body, 201);
}

/* Writes pod status as a kubelet would: Running, IP, Ready with a
 * transition time. */
static void set_pod_status(fixture *f, const char *ns, const char *name, const char *ip, bool ready)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/status", ns, name);
	char now[KC_TIME_RFC3339_MAX];
	kc_time_format_rfc3339(kc_time_now_sec(), now);
	const char *r = ready ? "True" : "False";
	_cleanup_free_ char *body = Q("{'status':{'phase':'Running','podIP':'%s','podIPs':[{'ip':'%s'}],"
				      "'hostIP':'192.168.0.1','startTime':'%s','conditions':["
				      "{'type':'Initialized','status':'True','lastTransitionTime':'%s'},"
				      "{'type':'Ready','status':'%s','lastTransitionTime':'%s'},"
				      "{'type':'ContainersReady','status':'%s','lastTransitionTime':'%s'},"
				      "{'type':'PodScheduled','status':'True','lastTransitionTime':'%s'}]}}",
				      ip, ip, now, now, r, now, r, now, now);
	must(f, "PATCH", path, body, 200);
}

/* ---- what the Endpoints say ---- */

/* "ip:port" of every address of the Endpoints, ready ones and not ready
 * ones, sorted ("10.1.0.1:8080 | 10.2.0.1:9090"). */
static void describe_endpoints(const cJSON *ep, kc_buf *ready, kc_buf *not_ready)
{
	kc_buf_addstr(ready, "");
	kc_buf_addstr(not_ready, "");
	const char *ready_items[32], *nr_items[32];
	char *owned[64];
	size_t nr = 0, nn = 0, no = 0;
	const cJSON *ss;
	cJSON_ArrayForEach(ss, kc_json_get(ep, "subsets"))
	{
		for (int which = 0; which < 2; which++) {
			const cJSON *a;
			cJSON_ArrayForEach(a, kc_json_get(ss, which ? "notReadyAddresses" : "addresses"))
			{
				const cJSON *p;
				bool any = false;
				cJSON_ArrayForEach(p, kc_json_get(ss, "ports"))
				{
					any = true;
					if (no >= 64 || nr >= 32 || nn >= 32)
						break;
					char *item = xasprintf("%s:%lld", kc_json_get_str(a, "ip", ""),
							       (long long)kc_json_get_int(p, "port", 0));
					owned[no++] = item;
					if (which)
						nr_items[nn++] = item;
					else
						ready_items[nr++] = item;
				}
				if (!any && no < 64 && nr < 32 && nn < 32) {
					char *item = xstrdup(kc_json_get_str(a, "ip", ""));
					owned[no++] = item;
					if (which)
						nr_items[nn++] = item;
					else
						ready_items[nr++] = item;
				}
			}
		}
	}
	for (size_t i = 1; i < nr; i++)
		for (size_t j = i; j > 0 && strcmp(ready_items[j], ready_items[j - 1]) < 0; j--) {
			const char *t = ready_items[j];
			ready_items[j] = ready_items[j - 1];
			ready_items[j - 1] = t;
		}
	for (size_t i = 1; i < nn; i++)
		for (size_t j = i; j > 0 && strcmp(nr_items[j], nr_items[j - 1]) < 0; j--) {
			const char *t = nr_items[j];
			nr_items[j] = nr_items[j - 1];
			nr_items[j - 1] = t;
		}
	for (size_t i = 0; i < nr; i++)
		kc_buf_addf(ready, "%s%s", i ? " " : "", ready_items[i]);
	for (size_t i = 0; i < nn; i++)
		kc_buf_addf(not_ready, "%s%s", i ? " " : "", nr_items[i]);
	for (size_t i = 0; i < no; i++)
		free(owned[i]);
}

typedef struct ep_want {
	const char *ns, *name;
	const char *ready, *not_ready; /* as describe_endpoints prints them */
} ep_want;

static bool endpoints_are(fixture *f, const void *arg, kc_buf *seen)
{
	const ep_want *w = arg;
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/endpoints/%s", w->ns, w->name);
	_cleanup_json_ cJSON *ep = get(f, path);
	if (!ep) {
		kc_buf_addstr(seen, "no Endpoints");
		return false;
	}
	kc_buf r = KC_BUF_INIT, n = KC_BUF_INIT;
	describe_endpoints(ep, &r, &n);
	kc_buf_addf(seen, "ready [%s] not ready [%s]", r.s, n.s);
	bool ok = streq(r.s, w->ready) && streq(n.s, w->not_ready);
	kc_buf_free(&r);
	kc_buf_free(&n);
	return ok;
}

static void expect_endpoints(fixture *f, const char *ns, const char *name, const char *ready, const char *not_ready)
{
	ep_want w = {ns, name, ready, not_ready};
	_cleanup_free_ char *what = xasprintf("Endpoints %s/%s: ready [%s] not ready [%s]", ns, name, ready, not_ready);
	wait_for(f, what, endpoints_are, &w);
}

/* ---- what the EndpointSlices say ---- */

/* The controller's slices of a Service, as one line per endpoint:
 * "ip:port ready=R serving=S terminating=T" sorted and joined with " | ";
 * ports come from the endpoint's slice. */
static char *describe_slices(fixture *f, const char *ns, const char *svc, int *ret_slices)
{
	_cleanup_free_ char *path = xasprintf("/apis/discovery.k8s.io/v1/namespaces/%s/endpointslices?labelSelector="
					      "kubernetes.io%%2Fservice-name%%3D%s",
					      ns, svc);
	_cleanup_json_ cJSON *list = get(f, path);
	char *items[64];
	size_t n = 0;
	*ret_slices = 0;
	const cJSON *s;
	cJSON_ArrayForEach(s, kc_json_get(list, "items"))
	{
		(*ret_slices)++;
		const cJSON *ep;
		cJSON_ArrayForEach(ep, kc_json_get(s, "endpoints"))
		{
			const cJSON *p;
			cJSON_ArrayForEach(p, kc_json_get(s, "ports"))
			{
				if (n >= 64)
					break;
				items[n++] = xasprintf("%s:%lld ready=%d serving=%d terminating=%d",
						       kc_json_get_str(ep, "addresses[0]", ""),
						       (long long)kc_json_get_int(p, "port", 0),
						       kc_json_get_bool(ep, "conditions.ready", false),
						       kc_json_get_bool(ep, "conditions.serving", false),
						       kc_json_get_bool(ep, "conditions.terminating", false));
			}
		}
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(items[j], items[j - 1]) < 0; j--) {
			char *t = items[j];
			items[j] = items[j - 1];
			items[j - 1] = t;
		}
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; i < n; i++) {
		kc_buf_addf(&b, "%s%s", i ? " | " : "", items[i]);
		free(items[i]);
	}
	return kc_buf_release(&b);
}

typedef struct slice_want {
	const char *ns, *svc, *desc;
} slice_want;

static bool slices_are(fixture *f, const void *arg, kc_buf *seen)
{
	const slice_want *w = arg;
	int n = 0;
	_cleanup_free_ char *d = describe_slices(f, w->ns, w->svc, &n);
	kc_buf_addf(seen, "%d slices: %s", n, d);
	return n > 0 && streq(d, w->desc);
}

static void expect_slices(fixture *f, const char *ns, const char *svc, const char *desc)
{
	slice_want w = {ns, svc, desc};
	_cleanup_free_ char *what = xasprintf("EndpointSlices of %s/%s: %s", ns, svc, desc);
	wait_for(f, what, slices_are, &w);
}

/* ---- scenarios ---- */

#define NS "ep"

static void post(fixture *f, const char *path, const char *json_with_quotes)
{
	_cleanup_free_ char *body = Q("%s", json_with_quotes);
	must(f, "POST", path, body, 201);
}

static void test_endpoints_follow_pods(void **state)
{
	fixture *f = *state;
	make_namespace(f, NS);
	make_node(f, "node-a", "zone-1");
	make_node(f, "node-b", NULL);
	/* web: a named targetPort, resolved per pod */
	post(f, "/api/v1/namespaces/" NS "/services",
	     "{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','labels':{'tier':'front'}},'spec':"
	     "{'selector':{'app':'web'},'ports':[{'name':'http','port':80,'targetPort':'http'}]}}");
	/* pna: publishes not-ready addresses, numeric targetPort */
	post(f, "/api/v1/namespaces/" NS "/services",
	     "{'apiVersion':'v1','kind':'Service','metadata':{'name':'pna'},'spec':{'selector':{'app':'web'},"
	     "'publishNotReadyAddresses':true,'ports':[{'port':80,'targetPort':7000}]}}");
	/* hl: headless without ports */
	post(f, "/api/v1/namespaces/" NS "/services",
	     "{'apiVersion':'v1','kind':'Service','metadata':{'name':'hl'},'spec':{'selector':{'app':'web'},"
	     "'clusterIP':'None'}}");

	/* No pods yet: empty Endpoints and one placeholder slice. */
	expect_endpoints(f, NS, "web", "", "");
	_cleanup_json_ cJSON *placeholder_list =
		get(f, "/apis/discovery.k8s.io/v1/namespaces/" NS "/endpointslices?labelSelector="
		       "kubernetes.io%2Fservice-name%3Dweb");
	assert_non_null(placeholder_list);

	make_pod(f, NS, "p1", "'app':'web'", "node-a", 8080, 30);
	make_pod(f, NS, "p2", "'app':'web'", "node-b", 9090, 30);
	/* Not running yet (no IP): nobody lists them. */
	expect_endpoints(f, NS, "web", "", "");

	set_pod_status(f, NS, "p1", "10.1.0.1", true);
	set_pod_status(f, NS, "p2", "10.2.0.1", true);
	expect_endpoints(f, NS, "web", "10.1.0.1:8080 10.2.0.1:9090", "");
	expect_endpoints(f, NS, "pna", "10.1.0.1:7000 10.2.0.1:7000", "");
	expect_endpoints(f, NS, "hl", "10.1.0.1 10.2.0.1", "");
	expect_slices(f, NS, "web",
		      "10.1.0.1:8080 ready=1 serving=1 terminating=0 | 10.2.0.1:9090 ready=1 serving=1 terminating=0");

	/* The shapes, field by field. */
	_cleanup_json_ cJSON *ep = get(f, "/api/v1/namespaces/" NS "/endpoints/web");
	assert_non_null(ep);
	assert_string_equal(kc_json_get_str(ep, "metadata.labels.tier", ""), "front");
	assert_string_equal(kc_json_getv(ep, "metadata", "labels", "endpoints.kubernetes.io/managed-by", NULL)->valuestring,
			    "endpoint-controller");
	assert_non_null(kc_json_getv(ep, "metadata", "annotations", "endpoints.kubernetes.io/last-change-trigger-time",
				     NULL));
	assert_int_equal(cJSON_GetArraySize(kc_json_get(ep, "subsets")), 2); /* 8080 and 9090 apart */
	const cJSON *ss;
	cJSON_ArrayForEach(ss, kc_json_get(ep, "subsets"))
	{
		const cJSON *a = kc_json_get(ss, "addresses[0]");
		const char *pod = kc_json_get_str(a, "targetRef.name", "");
		assert_true(streq(pod, "p1") || streq(pod, "p2"));
		assert_string_equal(kc_json_get_str(a, "targetRef.kind", ""), "Pod");
		assert_string_equal(kc_json_get_str(a, "targetRef.namespace", ""), NS);
		assert_true(kc_json_get_str(a, "targetRef.uid", "")[0] != '\0');
		assert_string_equal(kc_json_get_str(a, "nodeName", ""), streq(pod, "p1") ? "node-a" : "node-b");
		assert_string_equal(kc_json_get_str(ss, "ports[0].name", ""), "http");
		assert_string_equal(kc_json_get_str(ss, "ports[0].protocol", ""), "TCP");
	}
	_cleanup_json_ cJSON *hl = get(f, "/api/v1/namespaces/" NS "/endpoints/hl");
	assert_non_null(kc_json_getv(hl, "metadata", "labels", "service.kubernetes.io/headless", NULL));
	assert_null(kc_json_get(hl, "subsets[0].ports"));

	_cleanup_json_ cJSON *slices = get(f, "/apis/discovery.k8s.io/v1/namespaces/" NS "/endpointslices?labelSelector="
					      "kubernetes.io%2Fservice-name%3Dweb");
	const cJSON *sl;
	_cleanup_json_ cJSON *svc = get(f, "/api/v1/namespaces/" NS "/services/web");
	cJSON_ArrayForEach(sl, kc_json_get(slices, "items"))
	{
		assert_string_equal(kc_json_get_str(sl, "addressType", ""), "IPv4");
		assert_true(str_startswith(kc_json_get_str(sl, "metadata.name", ""), "web-"));
		assert_string_equal(kc_json_get_str(sl, "metadata.generateName", ""), "web-");
		assert_string_equal(kc_json_getv(sl, "metadata", "labels", "endpointslice.kubernetes.io/managed-by", NULL)
					    ->valuestring,
				    "endpointslice-controller.k8s.io");
		assert_string_equal(kc_json_get_str(sl, "metadata.labels.tier", ""), "front");
		assert_string_equal(kc_json_get_str(sl, "metadata.ownerReferences[0].kind", ""), "Service");
		assert_string_equal(kc_json_get_str(sl, "metadata.ownerReferences[0].uid", ""),
				    kc_json_get_str(svc, "metadata.uid", "x"));
		assert_true(kc_json_get_bool(sl, "metadata.ownerReferences[0].controller", false));
		assert_string_equal(kc_json_get_str(sl, "ports[0].name", ""), "http");
		const cJSON *e = kc_json_get(sl, "endpoints[0]");
		if (streq(kc_json_get_str(e, "targetRef.name", ""), "p1")) {
			assert_string_equal(kc_json_get_str(e, "zone", ""), "zone-1");
			assert_string_equal(kc_json_get_str(e, "nodeName", ""), "node-a");
		} else {
			assert_null(kc_json_get(e, "zone"));
		}
	}

	/* p1 not ready: moves to notReadyAddresses; pna still publishes it. */
	set_pod_status(f, NS, "p1", "10.1.0.1", false);
	expect_endpoints(f, NS, "web", "10.2.0.1:9090", "10.1.0.1:8080");
	expect_endpoints(f, NS, "pna", "10.1.0.1:7000 10.2.0.1:7000", "");
	expect_slices(f, NS, "web",
		      "10.1.0.1:8080 ready=0 serving=0 terminating=0 | 10.2.0.1:9090 ready=1 serving=1 terminating=0");
	expect_slices(f, NS, "pna",
		      "10.1.0.1:7000 ready=1 serving=0 terminating=0 | 10.2.0.1:7000 ready=1 serving=1 terminating=0");

	/* p2 deleted gracefully: terminating, out of web's Endpoints, still in
	 * pna's (publishNotReadyAddresses keeps terminating pods too). */
	must(f, "DELETE", "/api/v1/namespaces/" NS "/pods/p2", NULL, 200);
	expect_endpoints(f, NS, "web", "", "10.1.0.1:8080");
	expect_endpoints(f, NS, "pna", "10.1.0.1:7000 10.2.0.1:7000", "");
	expect_slices(f, NS, "web",
		      "10.1.0.1:8080 ready=0 serving=0 terminating=0 | 10.2.0.1:9090 ready=0 serving=1 terminating=1");

	/* the "kubelet" confirms: gone everywhere */
	must(f, "DELETE", "/api/v1/namespaces/" NS "/pods/p2?gracePeriodSeconds=0", NULL, 200);
	expect_endpoints(f, NS, "pna", "10.1.0.1:7000", "");
	expect_slices(f, NS, "web", "10.1.0.1:8080 ready=0 serving=0 terminating=0");

	/* ready again */
	set_pod_status(f, NS, "p1", "10.1.0.1", true);
	expect_endpoints(f, NS, "web", "10.1.0.1:8080", "");
	expect_slices(f, NS, "web", "10.1.0.1:8080 ready=1 serving=1 terminating=0");

	/* Endpoints deleted behind the controller's back come back. */
	must(f, "DELETE", "/api/v1/namespaces/" NS "/endpoints/web", NULL, 200);
	expect_endpoints(f, NS, "web", "10.1.0.1:8080", "");

	/* The Service goes: so do its Endpoints. */
	must(f, "DELETE", "/api/v1/namespaces/" NS "/services/pna", NULL, 200);
	wait_for(f, "the Endpoints of the deleted Service pna to go", is_gone, "/api/v1/namespaces/" NS "/endpoints/pna");
}

static bool pod_has_ip(fixture *f, const void *arg, kc_buf *seen)
{
	_cleanup_json_ cJSON *pod = get(f, arg);
	const char *ip = kc_json_get_str(pod, "status.podIP", "");
	kc_buf_addf(seen, "podIP '%s'", ip);
	return ip[0] != '\0';
}

/* The same with a simulated node (fakenode.h) doing the kubelet's part:
 * pod status, readiness flips, confirming the graceful delete. */
static void test_with_fake_node(void **state)
{
	fixture *f = *state;
	kc_fake_node *node = kc_fake_node_start(&f->api, &(kc_fake_node_config){
							       .name = "fn-1",
							       .labels = "topology.kubernetes.io/zone=zone-f",
							       .renew_interval_ms = 2000,
						       });
	assert_non_null(node);
	make_namespace(f, "fn");
	post(f, "/api/v1/namespaces/fn/services",
	     "{'apiVersion':'v1','kind':'Service','metadata':{'name':'app'},'spec':{'selector':{'app':'fn'},"
	     "'ports':[{'port':80,'targetPort':'http'}]}}");
	make_pod(f, "fn", "a", "'app':'fn'", "fn-1", 8000, 30);
	wait_for(f, "fn/a to get an IP from its node", pod_has_ip, "/api/v1/namespaces/fn/pods/a");
	_cleanup_json_ cJSON *pod = get(f, "/api/v1/namespaces/fn/pods/a");
	_cleanup_free_ char *addr = xasprintf("%s:8000", kc_json_get_str(pod, "status.podIP", ""));
	_cleanup_free_ char *ready = xasprintf("%s ready=1 serving=1 terminating=0", addr);
	_cleanup_free_ char *not_ready = xasprintf("%s ready=0 serving=0 terminating=0", addr);

	expect_endpoints(f, "fn", "app", addr, "");
	expect_slices(f, "fn", "app", ready);
	_cleanup_json_ cJSON *slices =
		get(f, "/apis/discovery.k8s.io/v1/namespaces/fn/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dapp");
	assert_string_equal(kc_json_get_str(slices, "items[0].endpoints[0].zone", ""), "zone-f");

	kc_fake_node_set_ready(node, "fn", "a", false);
	expect_endpoints(f, "fn", "app", "", addr);
	expect_slices(f, "fn", "app", not_ready);
	kc_fake_node_set_ready(node, "fn", "a", true);
	expect_endpoints(f, "fn", "app", addr, "");

	/* graceful delete; the node confirms it */
	must(f, "DELETE", "/api/v1/namespaces/fn/pods/a", NULL, 200);
	wait_for(f, "fn/a to be deleted by its node", is_gone, "/api/v1/namespaces/fn/pods/a");
	expect_endpoints(f, "fn", "app", "", "");
	kc_fake_node_stop(node);
}

/* A Service without a selector: its hand-made Endpoints are left alone,
 * and the controllers make no slices for it. */
static void test_selectorless_untouched(void **state)
{
	fixture *f = *state;
	make_namespace(f, "manual");
	post(f, "/api/v1/namespaces/manual/services",
	     "{'apiVersion':'v1','kind':'Service','metadata':{'name':'ext'},'spec':{'ports':[{'port':443}]}}");
	post(f, "/api/v1/namespaces/manual/endpoints",
	     "{'apiVersion':'v1','kind':'Endpoints','metadata':{'name':'ext'},'subsets':[{'addresses':"
	     "[{'ip':'192.0.2.10'}],'ports':[{'port':443}]}]}");
	/* A Service with a selector beside it, as the sign that the
	 * controllers have seen this namespace. */
	post(f, "/api/v1/namespaces/manual/services",
	     "{'apiVersion':'v1','kind':'Service','metadata':{'name':'sel'},'spec':{'selector':{'x':'y'},"
	     "'ports':[{'port':80}]}}");
	expect_endpoints(f, "manual", "sel", "", "");
	_cleanup_json_ cJSON *before = get(f, "/api/v1/namespaces/manual/endpoints/ext");
	usleep(2000 * 1000);
	_cleanup_json_ cJSON *after = get(f, "/api/v1/namespaces/manual/endpoints/ext");
	assert_non_null(after);
	assert_string_equal(kc_json_get_str(after, "metadata.resourceVersion", ""),
			    kc_json_get_str(before, "metadata.resourceVersion", "x"));
	assert_null(kc_json_get(after, "metadata.labels"));
	int n = 0;
	_cleanup_free_ char *d = describe_slices(f, "manual", "ext", &n);
	if (n != 0)
		fail_msg("a Service without a selector got EndpointSlices: %s", d);
}

/* Deleting a namespace empties it, then it goes. */
static void test_namespace_deletion(void **state)
{
	fixture *f = *state;
	make_namespace(f, "doomed");
	make_node(f, "node-a", "zone-1");
	post(f, "/api/v1/namespaces/doomed/configmaps",
	     "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm'},'data':{'a':'b'}}");
	post(f, "/api/v1/namespaces/doomed/secrets",
	     "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'s'},'stringData':{'a':'b'}}");
	post(f, "/api/v1/namespaces/doomed/services",
	     "{'apiVersion':'v1','kind':'Service','metadata':{'name':'svc'},'spec':{'selector':{'app':'d'},"
	     "'ports':[{'port':80}]}}");
	post(f, "/apis/apps/v1/namespaces/doomed/deployments",
	     "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':1,"
	     "'selector':{'matchLabels':{'app':'d'}},'template':{'metadata':{'labels':{'app':'d'}},"
	     "'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}");
	post(f, "/apis/batch/v1/namespaces/doomed/jobs",
	     "{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'j'},'spec':{'template':{'spec':"
	     "{'restartPolicy':'Never','containers':[{'name':'c','image':'busybox'}]}}}}");
	/* one pod bound to a node (graceful: the test confirms as its kubelet),
	 * one never scheduled (deleted at once) */
	make_pod(f, "doomed", "bound", "'app':'d'", "node-a", 8080, 2);
	set_pod_status(f, "doomed", "bound", "10.1.0.9", true);
	post(f, "/api/v1/namespaces/doomed/pods",
	     "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'pending'},'spec':{'containers':"
	     "[{'name':'c','image':'nginx'}]}}");
	expect_endpoints(f, "doomed", "svc", "10.1.0.9:80", "");

	must(f, "DELETE", "/api/v1/namespaces/doomed", NULL, 200);

	/* Until the namespace is gone, confirm pod deletions as a kubelet. */
	int64_t end = kc_time_monotonic_ms() + 2 * WAIT_MS;
	bool saw_conditions = false;
	for (;;) {
		_cleanup_json_ cJSON *ns = get(f, "/api/v1/namespaces/doomed");
		if (!ns)
			break;
		if (kc_json_get(ns, "status.conditions"))
			saw_conditions = true;
		_cleanup_json_ cJSON *pods = get(f, "/api/v1/namespaces/doomed/pods");
		const cJSON *p;
		cJSON_ArrayForEach(p, kc_json_get(pods, "items"))
		{
			if (!kc_json_get(p, "metadata.deletionTimestamp"))
				continue;
			_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/doomed/pods/%s?gracePeriodSeconds=0",
							      kc_json_get_str(p, "metadata.name", ""));
			cJSON *r = NULL;
			call(f, "DELETE", path, NULL, &r);
			cJSON_Delete(r);
		}
		if (kc_time_monotonic_ms() > end) {
			print_cm_log(f);
			_cleanup_free_ char *t = kc_json_print(ns);
			fail_msg("namespace doomed still there: %s", t);
		}
		usleep(200 * 1000);
	}
	assert_true(saw_conditions);
	static const char *const lists[] = {
		"/api/v1/namespaces/doomed/configmaps", "/api/v1/namespaces/doomed/secrets",
		"/api/v1/namespaces/doomed/services",   "/api/v1/namespaces/doomed/pods",
		"/api/v1/namespaces/doomed/endpoints",  "/apis/apps/v1/namespaces/doomed/deployments",
		"/apis/batch/v1/namespaces/doomed/jobs", "/api/v1/namespaces/doomed/serviceaccounts",
		"/apis/discovery.k8s.io/v1/namespaces/doomed/endpointslices",
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(lists); i++) {
		_cleanup_json_ cJSON *l = get(f, lists[i]);
		if (cJSON_GetArraySize(kc_json_get(l, "items")) != 0)
			fail_msg("%s is not empty after the namespace went", lists[i]);
	}
	/* The name can be used again. */
	make_namespace(f, "doomed");
}

static bool has_default_sa(fixture *f, const void *arg, kc_buf *seen)
{
	_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/serviceaccounts/default", (const char *)arg);
	_cleanup_json_ cJSON *sa = get(f, path);
	kc_buf_addstr(seen, sa ? kc_json_get_str(sa, "metadata.uid", "") : "no default ServiceAccount");
	return sa != NULL;
}

static void test_default_serviceaccount(void **state)
{
	fixture *f = *state;
	/* the namespaces that were there when the controller started */
	wait_for(f, "a default ServiceAccount in kube-system", has_default_sa, "kube-system");
	wait_for(f, "a default ServiceAccount in default", has_default_sa, "default");
	make_namespace(f, "sa");
	wait_for(f, "a default ServiceAccount in sa", has_default_sa, "sa");
	_cleanup_json_ cJSON *first = get(f, "/api/v1/namespaces/sa/serviceaccounts/default");
	must(f, "DELETE", "/api/v1/namespaces/sa/serviceaccounts/default", NULL, 200);
	wait_for(f, "the default ServiceAccount in sa to come back", has_default_sa, "sa");
	_cleanup_json_ cJSON *again = get(f, "/api/v1/namespaces/sa/serviceaccounts/default");
	assert_string_not_equal(kc_json_get_str(again, "metadata.uid", ""), kc_json_get_str(first, "metadata.uid", ""));
}

/* The controller-manager's own health and metrics. */
static void test_health_and_metrics(void **state)
{
	fixture *f = *state;
	_cleanup_free_ char *cmd = xasprintf("curl -sk --max-time 5 https://127.0.0.1:%d/metrics", f->health_port);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	kc_buf out = KC_BUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		kc_buf_add(&out, buf, n);
	pclose(p);
	static const char *const names[] = {"endpoint", "endpoint_slice", "namespace", "serviceaccount"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(names); i++) {
		_cleanup_free_ char *want = xasprintf("workqueue_adds_total{name=\"%s\"}", names[i]);
		if (!strstr(kc_buf_str(&out), want))
			fail_msg("/metrics has no %s:\n%.2000s", want, kc_buf_str(&out));
	}
	kc_buf_free(&out);
}

int main(void)
{
	/* The controller-manager is another target of the same build; a tree
	 * configured without it has nothing to test here. */
	_cleanup_free_ char *bin = xasprintf("%s/controller-manager/kc-controller-manager", kc_test_build_dir());
	struct stat st;
	if (stat(bin, &st) != 0) {
		fprintf(stderr, "skipped: %s is not built\n", bin);
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endpoints_follow_pods),
		cmocka_unit_test(test_with_fake_node),
		cmocka_unit_test(test_selectorless_untouched),
		cmocka_unit_test(test_default_serviceaccount),
		cmocka_unit_test(test_namespace_deletion),
		cmocka_unit_test(test_health_and_metrics),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
