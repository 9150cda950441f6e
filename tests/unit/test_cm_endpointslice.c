/* test_cm_endpointslice.c - the EndpointSlice reconciler
 * (controller-manager/endpointslice.h): slice shapes, packing into slices
 * of at most max endpoints, in-place updates, placeholders, port mappings,
 * address types, unknown nodes. Scenarios follow upstream's
 * reconciler_test.go. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/util.h"
#include "controller-manager/endpointslice.h"

static cJSON *J(const char *text)
{
	_cleanup_free_ char *s = xstrdup(text);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	cJSON *out = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse_str(s, &out, &err) < 0)
		fail_msg("bad test JSON %s: %s", text, err.msg);
	return out;
}

static void assert_json(const char *name, const cJSON *got, const char *want_text)
{
	_cleanup_json_ cJSON *want = J(want_text);
	if (!kc_json_equal(got, want)) {
		_cleanup_free_ char *g = kc_json_print_flags(got, KC_JSON_SORTED);
		_cleanup_free_ char *w = kc_json_print_flags(want, KC_JSON_SORTED);
		fail_msg("%s:\n got  %s\n want %s", name, g, w);
	}
}

#define SVC_JSON                                                                                             \
	"{'metadata':{'name':'web','namespace':'ns','uid':'svc-uid','labels':{'app':'web'}},"                    \
	"'spec':{'clusterIP':'10.96.0.10','ipFamilies':['IPv4'],'selector':{'app':'web'},"                        \
	"'ports':[{'name':'http','port':80,'targetPort':'http','protocol':'TCP'}]}}"

/* A running pod "p<i>" with IP 10.0.<i/250>.<i%250+1> on node-<i%3>,
 * named port http = 8080 (9090 when alt). */
static cJSON *pod(int i, bool ready, bool alt)
{
	char buf[1024];
	snprintf(buf, sizeof(buf),
		 "{'metadata':{'name':'p%03d','namespace':'ns','uid':'u%d','labels':{'app':'web'}},"
		 "'spec':{'nodeName':'node-%d','containers':[{'name':'c','ports':[{'name':'http','containerPort':%d}]}]},"
		 "'status':{'phase':'Running','podIP':'10.0.%d.%d','podIPs':[{'ip':'10.0.%d.%d'}],"
		 "'conditions':[{'type':'Ready','status':'%s'}]}}",
		 i, i, i % 3, alt ? 9090 : 8080, i / 250, i % 250 + 1, i / 250, i % 250 + 1, ready ? "True" : "False");
	return J(buf);
}

static const char *zone_of(const char *node, bool *ret_found, void *userdata)
{
	(void)userdata;
	*ret_found = !streq(node, "node-unknown");
	return streq(node, "node-1") ? "zone-b" : streq(node, "node-0") ? "zone-a" : NULL;
}

typedef struct fixture {
	cJSON *svc;
	cJSON *pods[400];
	size_t n_pods;
	cJSON *slices; /* array */
	kc_eps_plan plan;
} fixture;

static void fx_init(fixture *f, const char *svc)
{
	*f = (fixture){0};
	f->svc = J(svc ? svc : SVC_JSON);
	f->slices = cJSON_CreateArray();
}

static void fx_clear(fixture *f)
{
	cJSON_Delete(f->svc);
	for (size_t i = 0; i < f->n_pods; i++)
		cJSON_Delete(f->pods[i]);
	cJSON_Delete(f->slices);
	kc_eps_plan_clear(&f->plan);
}

static void fx_pods(fixture *f, int from, int to, bool ready)
{
	for (int i = from; i < to; i++)
		f->pods[f->n_pods++] = pod(i, ready, false);
}

static void fx_reconcile(fixture *f, int max)
{
	kc_eps_plan_clear(&f->plan);
	size_t n = (size_t)cJSON_GetArraySize(f->slices);
	const cJSON **slices = xcalloc(n + 1, sizeof(*slices));
	for (size_t i = 0; i < n; i++)
		slices[i] = cJSON_GetArrayItem(f->slices, (int)i);
	kc_eps_input in = {
		.service = f->svc,
		.pods = (const cJSON *const *)f->pods,
		.n_pods = f->n_pods,
		.slices = slices,
		.n_slices = n,
		.node_zone = zone_of,
		.max_endpoints_per_slice = max,
	};
	kc_eps_reconcile(&in, &f->plan);
	free(slices);
}

/* Applies the plan as the apiserver would: creates get names "web-<k>"
 * and a resourceVersion; updates replace; deletes remove. */
static void fx_apply(fixture *f)
{
	static int seq;
	cJSON *s;
	cJSON_ArrayForEach(s, f->plan.delete)
	{
		const char *name = kc_json_get_str(s, "metadata.name", "");
		for (int i = cJSON_GetArraySize(f->slices) - 1; i >= 0; i--)
			if (streq(kc_json_get_str(cJSON_GetArrayItem(f->slices, i), "metadata.name", ""), name))
				cJSON_DeleteItemFromArray(f->slices, i);
	}
	cJSON_ArrayForEach(s, f->plan.update)
	{
		const char *name = kc_json_get_str(s, "metadata.name", "");
		int at = -1;
		for (int i = 0; i < cJSON_GetArraySize(f->slices); i++)
			if (streq(kc_json_get_str(cJSON_GetArrayItem(f->slices, i), "metadata.name", ""), name))
				at = i;
		if (at < 0)
			fail_msg("update of a slice that does not exist: %s", name);
		cJSON_ReplaceItemInArray(f->slices, at, kc_json_dup(s));
	}
	cJSON_ArrayForEach(s, f->plan.create)
	{
		cJSON *c = kc_json_dup(s);
		char name[32];
		snprintf(name, sizeof(name), "web-%d", ++seq);
		kc_json_set_str(c, "metadata.name", name, NULL);
		cJSON_AddItemToArray(f->slices, c);
	}
}

static int count(const cJSON *arr) { return cJSON_GetArraySize(arr); }

static int total_endpoints(const cJSON *slices)
{
	int n = 0;
	const cJSON *s;
	cJSON_ArrayForEach(s, slices) n += count(kc_json_get(s, "endpoints"));
	return n;
}

static void expect_plan(const char *name, const fixture *f, int creates, int updates, int deletes)
{
	if (count(f->plan.create) != creates || count(f->plan.update) != updates || count(f->plan.delete) != deletes)
		fail_msg("%s: planned %d creates, %d updates, %d deletes; want %d, %d, %d", name,
			 count(f->plan.create), count(f->plan.update), count(f->plan.delete), creates, updates, deletes);
}

static void test_slice_shape(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f, NULL);
	f.pods[f.n_pods++] = pod(0, true, false);
	f.pods[f.n_pods++] = pod(1, false, false);
	cJSON *term = pod(2, true, false);
	kc_json_set_str(term, "metadata.deletionTimestamp", "2024-01-01T00:00:00Z", NULL);
	f.pods[f.n_pods++] = term;
	fx_reconcile(&f, 0);
	expect_plan("three pods", &f, 1, 0, 0);
	assert_json("the slice", cJSON_GetArrayItem(f.plan.create, 0),
		    "{'kind':'EndpointSlice','apiVersion':'discovery.k8s.io/v1',"
		    "'metadata':{'generateName':'web-','namespace':'ns',"
		    "'labels':{'app':'web','kubernetes.io/service-name':'web',"
		    "'endpointslice.kubernetes.io/managed-by':'endpointslice-controller.k8s.io'},"
		    "'ownerReferences':[{'apiVersion':'v1','kind':'Service','name':'web','uid':'svc-uid',"
		    "'controller':true,'blockOwnerDeletion':true}]},"
		    "'addressType':'IPv4',"
		    "'endpoints':["
		    "{'addresses':['10.0.0.1'],'conditions':{'ready':true,'serving':true,'terminating':false},"
		    "'targetRef':{'kind':'Pod','namespace':'ns','name':'p000','uid':'u0'},'nodeName':'node-0','zone':'zone-a'},"
		    "{'addresses':['10.0.0.2'],'conditions':{'ready':false,'serving':false,'terminating':false},"
		    "'targetRef':{'kind':'Pod','namespace':'ns','name':'p001','uid':'u1'},'nodeName':'node-1','zone':'zone-b'},"
		    "{'addresses':['10.0.0.3'],'conditions':{'ready':false,'serving':true,'terminating':true},"
		    "'targetRef':{'kind':'Pod','namespace':'ns','name':'p002','uid':'u2'},'nodeName':'node-2'}],"
		    "'ports':[{'name':'http','protocol':'TCP','port':8080}]}");
	fx_clear(&f);
}

static void test_placeholder(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f, NULL);
	fx_reconcile(&f, 0);
	expect_plan("no pods: a placeholder", &f, 1, 0, 0);
	assert_json("placeholder endpoints and ports", cJSON_GetArrayItem(f.plan.create, 0),
		    "{'kind':'EndpointSlice','apiVersion':'discovery.k8s.io/v1',"
		    "'metadata':{'generateName':'web-','namespace':'ns',"
		    "'labels':{'app':'web','kubernetes.io/service-name':'web',"
		    "'endpointslice.kubernetes.io/managed-by':'endpointslice-controller.k8s.io'},"
		    "'ownerReferences':[{'apiVersion':'v1','kind':'Service','name':'web','uid':'svc-uid',"
		    "'controller':true,'blockOwnerDeletion':true}]},"
		    "'addressType':'IPv4','endpoints':[],'ports':[]}");
	fx_apply(&f);
	fx_reconcile(&f, 0);
	expect_plan("placeholder kept", &f, 0, 0, 0);

	/* Pods arrive: the placeholder is reused (updated), not replaced. */
	fx_pods(&f, 0, 2, true);
	fx_reconcile(&f, 0);
	expect_plan("pods fill the placeholder", &f, 0, 1, 0);
	assert_string_equal(kc_json_get_str(cJSON_GetArrayItem(f.plan.update, 0), "metadata.name", ""), "web-1");
	fx_apply(&f);
	assert_int_equal(total_endpoints(f.slices), 2);

	/* Pods gone: the slice is emptied in place, back to a placeholder. */
	for (size_t i = 0; i < f.n_pods; i++)
		cJSON_Delete(f.pods[i]);
	f.n_pods = 0;
	fx_reconcile(&f, 0);
	expect_plan("back to a placeholder", &f, 0, 1, 0);
	fx_apply(&f);
	assert_int_equal(count(f.slices), 1);
	assert_int_equal(total_endpoints(f.slices), 0);
	assert_int_equal(count(kc_json_get(cJSON_GetArrayItem(f.slices, 0), "ports")), 0);
	fx_clear(&f);
}

static void test_packing(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f, NULL);
	fx_pods(&f, 0, 250, true);
	fx_reconcile(&f, 100);
	expect_plan("250 pods", &f, 3, 0, 0);
	assert_int_equal(count(kc_json_get(cJSON_GetArrayItem(f.plan.create, 0), "endpoints")), 100);
	assert_int_equal(count(kc_json_get(cJSON_GetArrayItem(f.plan.create, 1), "endpoints")), 100);
	assert_int_equal(count(kc_json_get(cJSON_GetArrayItem(f.plan.create, 2), "endpoints")), 50);
	fx_apply(&f);
	fx_reconcile(&f, 100);
	expect_plan("steady state", &f, 0, 0, 0);

	/* 10 more: into the unchanged slice they fit best (the one of 50). */
	fx_pods(&f, 250, 260, true);
	fx_reconcile(&f, 100);
	expect_plan("10 more", &f, 0, 1, 0);
	assert_string_equal(kc_json_get_str(cJSON_GetArrayItem(f.plan.update, 0), "metadata.name", ""), "web-4");
	assert_int_equal(count(kc_json_get(cJSON_GetArrayItem(f.plan.update, 0), "endpoints")), 60);
	fx_apply(&f);

	/* One pod of a full slice goes and one arrives: the slice being
	 * updated anyway takes the newcomer, no other slice changes. */
	cJSON_Delete(f.pods[0]);
	f.pods[0] = f.pods[--f.n_pods]; /* p259 moves into p000's place */
	fx_pods(&f, 260, 261, true);
	fx_reconcile(&f, 100);
	expect_plan("churn", &f, 0, 1, 0);
	const cJSON *u = cJSON_GetArrayItem(f.plan.update, 0);
	assert_int_equal(count(kc_json_get(u, "endpoints")), 100);
	assert_string_equal(kc_json_get_str(u, "endpoints[99].targetRef.name", ""), "p260");
	fx_apply(&f);
	assert_int_equal(total_endpoints(f.slices), 260);
	/* Four more: the one slice being updated is full, so they go to the
	 * unchanged slice they fit best (60 + 4). */
	fx_pods(&f, 261, 265, true);
	fx_reconcile(&f, 100);
	expect_plan("four more", &f, 0, 1, 0);
	assert_int_equal(count(kc_json_get(cJSON_GetArrayItem(f.plan.update, 0), "endpoints")), 64);
	fx_apply(&f);

	/* A readiness change is an update of that slice only. */
	cJSON_Delete(f.pods[5]);
	f.pods[5] = pod(5, false, false);
	fx_reconcile(&f, 100);
	expect_plan("one pod not ready", &f, 0, 1, 0);
	fx_apply(&f);
	fx_reconcile(&f, 100);
	expect_plan("settled", &f, 0, 0, 0);
	/* No slice ever holds more than the maximum. */
	const cJSON *s;
	cJSON_ArrayForEach(s, f.slices) assert_true(count(kc_json_get(s, "endpoints")) <= 100);
	fx_clear(&f);
}

static void test_port_mappings(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f, NULL);
	f.pods[f.n_pods++] = pod(0, true, false);
	f.pods[f.n_pods++] = pod(1, true, true); /* http is 9090 on this one */
	fx_reconcile(&f, 0);
	expect_plan("two port mappings", &f, 2, 0, 0);
	int p0 = (int)kc_json_get_int(cJSON_GetArrayItem(f.plan.create, 0), "ports[0].port", 0);
	int p1 = (int)kc_json_get_int(cJSON_GetArrayItem(f.plan.create, 1), "ports[0].port", 0);
	assert_true((p0 == 8080 && p1 == 9090) || (p0 == 9090 && p1 == 8080));
	fx_apply(&f);
	/* The 9090 pod goes: its slice is deleted. */
	cJSON_Delete(f.pods[1]);
	f.n_pods = 1;
	fx_reconcile(&f, 0);
	expect_plan("one mapping left", &f, 0, 0, 1);
	assert_int_equal((int)kc_json_get_int(cJSON_GetArrayItem(f.plan.delete, 0), "ports[0].port", 0), 9090);
	fx_clear(&f);
}

static void test_labels_and_owners(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f, NULL);
	fx_pods(&f, 0, 2, true);
	fx_reconcile(&f, 0);
	fx_apply(&f);
	/* A Service label change relabels the slice in place. */
	kc_json_set_str(f.svc, "metadata.labels.tier", "front", NULL);
	fx_reconcile(&f, 0);
	expect_plan("relabel", &f, 0, 1, 0);
	assert_string_equal(kc_json_get_str(cJSON_GetArrayItem(f.plan.update, 0), "metadata.labels.tier", ""), "front");
	fx_apply(&f);
	/* A new Service of the same name (another uid): the old slices go,
	 * new ones are made. */
	kc_json_set_str(f.svc, "metadata.uid", "svc-uid-2", NULL);
	fx_reconcile(&f, 0);
	expect_plan("new owner", &f, 1, 0, 1);
	assert_string_equal(kc_json_get_str(cJSON_GetArrayItem(f.plan.create, 0), "metadata.ownerReferences[0].uid", ""),
			    "svc-uid-2");
	fx_clear(&f);
}

static void test_address_types(void **state)
{
	(void)state;
	static const struct {
		const char *svc;
		unsigned want;
	} cases[] = {
		{"{'spec':{'ipFamilies':['IPv4']}}", 1},
		{"{'spec':{'ipFamilies':['IPv6','IPv4']}}", 3},
		{"{'spec':{'clusterIP':'fd00::1'}}", 2},
		{"{'spec':{'clusterIP':'10.0.0.1'}}", 1},
		{"{'spec':{'clusterIP':'None'}}", 3},
		{"{}", 3},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *svc = J(cases[i].svc);
		if (kc_eps_address_types(svc) != cases[i].want)
			fail_msg("%s: got %u", cases[i].svc, kc_eps_address_types(svc));
	}
	/* An IPv4 slice of a Service that became IPv6-only goes. */
	fixture f;
	fx_init(&f, NULL);
	fx_pods(&f, 0, 1, true);
	fx_reconcile(&f, 0);
	fx_apply(&f);
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(f.svc, "spec"), "ipFamilies", J("['IPv6']"));
	fx_reconcile(&f, 0);
	expect_plan("family change", &f, 1, 0, 1);
	assert_string_equal(kc_json_get_str(cJSON_GetArrayItem(f.plan.create, 0), "addressType", ""), "IPv6");
	assert_int_equal(total_endpoints(f.plan.create), 0); /* the pod has no IPv6 address */
	fx_clear(&f);
}

static void test_headless_and_nodes(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f, "{'metadata':{'name':'h','namespace':'ns','uid':'hu'},'spec':{'clusterIP':'None',"
		    "'ipFamilies':['IPv4'],'selector':{'app':'web'},'publishNotReadyAddresses':true}}");
	f.pods[f.n_pods++] = pod(0, false, false);
	cJSON *lost = pod(1, true, false);
	kc_json_set_str(lost, "spec.nodeName", "node-unknown", NULL);
	kc_json_set_str(lost, "spec.hostname", "h1", NULL);
	kc_json_set_str(lost, "spec.subdomain", "h", NULL);
	f.pods[f.n_pods++] = lost;
	fx_reconcile(&f, 0);
	expect_plan("headless", &f, 1, 0, 0);
	assert_int_equal(f.plan.skipped_pods, 0); /* published anyway */
	const cJSON *s = cJSON_GetArrayItem(f.plan.create, 0);
	assert_json("headless labels", kc_json_get(s, "metadata.labels"),
		    "{'service.kubernetes.io/headless':'','kubernetes.io/service-name':'h',"
		    "'endpointslice.kubernetes.io/managed-by':'endpointslice-controller.k8s.io'}");
	assert_int_equal(count(kc_json_get(s, "ports")), 0);
	/* publishNotReadyAddresses: a not-ready pod is ready in the slice */
	assert_true(kc_json_get_bool(s, "endpoints[0].conditions.ready", false));
	assert_false(kc_json_get_bool(s, "endpoints[0].conditions.serving", true));
	assert_string_equal(kc_json_get_str(s, "endpoints[1].hostname", ""), "h1");
	assert_null(kc_json_get(s, "endpoints[1].zone"));
	fx_clear(&f);

	/* Without publishNotReadyAddresses a pod on an unknown node waits. */
	fx_init(&f, NULL);
	cJSON *p = pod(0, true, false);
	kc_json_set_str(p, "spec.nodeName", "node-unknown", NULL);
	f.pods[f.n_pods++] = p;
	fx_pods(&f, 1, 2, true);
	fx_reconcile(&f, 0);
	assert_int_equal(f.plan.skipped_pods, 1);
	expect_plan("unknown node", &f, 1, 0, 0);
	assert_int_equal(total_endpoints(f.plan.create), 1);
	fx_clear(&f);
}

static void test_trigger_annotation(void **state)
{
	(void)state;
	fixture f;
	fx_init(&f, NULL);
	fx_pods(&f, 0, 1, true);
	kc_eps_input in = {.service = f.svc, .pods = (const cJSON *const *)f.pods, .n_pods = 1, .trigger_time = 1700000000};
	kc_eps_reconcile(&in, &f.plan);
	assert_string_equal(kc_json_getv(cJSON_GetArrayItem(f.plan.create, 0), "metadata", "annotations",
					 "endpoints.kubernetes.io/last-change-trigger-time", NULL)
				    ->valuestring,
			    "2023-11-14T22:13:20Z");
	fx_clear(&f);
}

static void test_malformed_input(void **state)
{
	(void)state;
	/* Garbage in the cache never crashes the reconciler. */
	fixture f;
	fx_init(&f, "{'metadata':{'name':'web','namespace':'ns','uid':'svc-uid'},'spec':{'ports':7,'ipFamilies':'x',"
		    "'selector':{'app':'web'}}}");
	f.pods[f.n_pods++] = J("{'metadata':7,'status':{'podIPs':[3,{'ip':5}],'podIP':'10.0.0.9'}}");
	f.pods[f.n_pods++] = J("[]");
	cJSON_AddItemToArray(f.slices, J("{'metadata':{'name':'x','ownerReferences':[{'uid':'svc-uid','kind':'Service',"
					 "'apiVersion':'v1'}]},'addressType':'IPv4','endpoints':[7,{'addresses':3}],'ports':'p'}"));
	cJSON_AddItemToArray(f.slices, J("3"));
	fx_reconcile(&f, 0);
	assert_true(count(f.plan.create) + count(f.plan.update) + count(f.plan.delete) > 0);
	fx_clear(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slice_shape),
		cmocka_unit_test(test_placeholder),
		cmocka_unit_test(test_packing),
		cmocka_unit_test(test_port_mappings),
		cmocka_unit_test(test_labels_and_owners),
		cmocka_unit_test(test_address_types),
		cmocka_unit_test(test_headless_and_nodes),
		cmocka_unit_test(test_trigger_annotation),
		cmocka_unit_test(test_malformed_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
