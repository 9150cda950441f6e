/* test_cm_endpoints.c - the pure parts of the endpoint controller
 * (controller-manager/endpoints.h): target port resolution, which pods
 * count, the subsets (RepackSubsets), truncation, the Endpoints object and
 * the trigger-time tracker. Expected shapes follow upstream's
 * endpoints_controller_test.go and pkg/api/v1/endpoints/util_test.go. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "controller-manager/endpoints.h"

/* JSON written with ' for " (readable tables); the caller frees. */
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

/* ---- FindPort ---- */

static const struct {
	const char *name, *pod, *port;
	int want;
} find_cases[] = {
	{"numeric targetPort", "{'spec':{'containers':[]}}", "{'port':80,'targetPort':8080}", 8080},
	{"no targetPort: the port", "{}", "{'port':80}", 80},
	{"targetPort 0: the port", "{}", "{'port':81,'targetPort':0}", 81},
	{"empty name: the port", "{}", "{'port':82,'targetPort':''}", 82},
	{"named, found",
	 "{'spec':{'containers':[{'name':'a','ports':[{'name':'http','containerPort':8080,'protocol':'TCP'}]}]}}",
	 "{'port':80,'targetPort':'http','protocol':'TCP'}", 8080},
	{"named, protocols default to TCP",
	 "{'spec':{'containers':[{'name':'a','ports':[{'name':'http','containerPort':8081}]}]}}",
	 "{'port':80,'targetPort':'http'}", 8081},
	{"named, protocol differs",
	 "{'spec':{'containers':[{'name':'a','ports':[{'name':'dns','containerPort':53,'protocol':'TCP'}]}]}}",
	 "{'port':53,'targetPort':'dns','protocol':'UDP'}", -ENOENT},
	{"named, second container",
	 "{'spec':{'containers':[{'name':'a','ports':[{'name':'x','containerPort':1}]},"
	 "{'name':'b','ports':[{'name':'http','containerPort':9090}]}]}}",
	 "{'port':80,'targetPort':'http'}", 9090},
	{"named, first container wins",
	 "{'spec':{'containers':[{'name':'a','ports':[{'name':'http','containerPort':1111}]},"
	 "{'name':'b','ports':[{'name':'http','containerPort':9090}]}]}}",
	 "{'port':80,'targetPort':'http'}", 1111},
	{"named, sidecar init container",
	 "{'spec':{'initContainers':[{'name':'s','restartPolicy':'Always','ports':[{'name':'m','containerPort':7070}]}],"
	 "'containers':[{'name':'a'}]}}",
	 "{'port':80,'targetPort':'m'}", 7070},
	{"named, plain init container does not count",
	 "{'spec':{'initContainers':[{'name':'s','ports':[{'name':'m','containerPort':7070}]}],'containers':[]}}",
	 "{'port':80,'targetPort':'m'}", -ENOENT},
	{"named, missing", "{'spec':{'containers':[{'name':'a'}]}}", "{'port':80,'targetPort':'http'}", -ENOENT},
	{"malformed: no port at all", "{}", "{}", -ENOENT},
	{"malformed: port out of range", "{}", "{'port':70000}", -ENOENT},
	{"malformed: container port out of range",
	 "{'spec':{'containers':[{'name':'a','ports':[{'name':'http','containerPort':0}]}]}}",
	 "{'port':80,'targetPort':'http'}", -ENOENT},
	{"malformed: containers not an array", "{'spec':{'containers':7}}", "{'port':80,'targetPort':'x'}", -ENOENT},
};

static void test_find_port(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(find_cases); i++) {
		_cleanup_json_ cJSON *pod = J(find_cases[i].pod);
		_cleanup_json_ cJSON *port = J(find_cases[i].port);
		int got = kc_ep_find_port(pod, port);
		if (got != find_cases[i].want)
			fail_msg("%s: got %d, want %d", find_cases[i].name, got, find_cases[i].want);
	}
}

/* ---- ShouldPodBeInEndpoints ---- */

static const struct {
	const char *name, *pod;
	bool in, in_terminating;
} member_cases[] = {
	{"running with IP", "{'status':{'phase':'Running','podIP':'10.0.0.1'}}", true, true},
	{"podIPs only", "{'status':{'phase':'Running','podIPs':[{'ip':'10.0.0.1'}]}}", true, true},
	{"no IP", "{'status':{'phase':'Running'}}", false, false},
	{"pending with IP", "{'status':{'phase':'Pending','podIP':'10.0.0.1'}}", true, true},
	{"succeeded", "{'status':{'phase':'Succeeded','podIP':'10.0.0.1'}}", false, false},
	{"failed", "{'status':{'phase':'Failed','podIP':'10.0.0.1'}}", false, false},
	{"terminating", "{'metadata':{'deletionTimestamp':'2024-01-01T00:00:00Z'},'status':{'podIP':'10.0.0.1'}}",
	 false, true},
	{"not an object", "[]", false, false},
};

static void test_pod_in_endpoints(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(member_cases); i++) {
		_cleanup_json_ cJSON *pod = J(member_cases[i].pod);
		if (kc_ep_pod_in_endpoints(pod, false) != member_cases[i].in)
			fail_msg("%s: without terminating: got %d", member_cases[i].name, !member_cases[i].in);
		if (kc_ep_pod_in_endpoints(pod, true) != member_cases[i].in_terminating)
			fail_msg("%s: with terminating: got %d", member_cases[i].name, !member_cases[i].in_terminating);
	}
}

static void test_service_selects(void **state)
{
	(void)state;
	static const struct {
		const char *svc;
		bool want;
	} cases[] = {
		{"{'spec':{'selector':{'app':'a'}}}", true},
		{"{'spec':{'selector':{}}}", false},
		{"{'spec':{}}", false},
		{"{'spec':{'selector':'x'}}", false},
		{"{'spec':{'type':'ExternalName','selector':{'app':'a'}}}", false},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *svc = J(cases[i].svc);
		if (kc_ep_service_selects(svc) != cases[i].want)
			fail_msg("case %zu (%s): want %d", i, cases[i].svc, cases[i].want);
	}
}

static void test_pod_ip_for_service(void **state)
{
	(void)state;
	static const struct {
		const char *name, *svc, *pod, *want;
	} cases[] = {
		{"v4 family", "{'spec':{'ipFamilies':['IPv4']}}",
		 "{'status':{'podIP':'fd00::1','podIPs':[{'ip':'fd00::1'},{'ip':'10.0.0.1'}]}}", "10.0.0.1"},
		{"v6 family", "{'spec':{'ipFamilies':['IPv6','IPv4']}}",
		 "{'status':{'podIPs':[{'ip':'10.0.0.1'},{'ip':'fd00::1'}]}}", "fd00::1"},
		{"clusterIP decides", "{'spec':{'clusterIP':'fd00::10'}}",
		 "{'status':{'podIPs':[{'ip':'10.0.0.1'},{'ip':'fd00::2'}]}}", "fd00::2"},
		{"headless: the pod's IP decides", "{'spec':{'clusterIP':'None'}}",
		 "{'status':{'podIP':'10.0.0.3','podIPs':[{'ip':'10.0.0.3'}]}}", "10.0.0.3"},
		{"podIP alone", "{'spec':{'ipFamilies':['IPv4']}}", "{'status':{'podIP':'10.0.0.4'}}", "10.0.0.4"},
		{"no IP of the family", "{'spec':{'ipFamilies':['IPv6']}}", "{'status':{'podIPs':[{'ip':'10.0.0.1'}]}}",
		 NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *svc = J(cases[i].svc);
		_cleanup_json_ cJSON *pod = J(cases[i].pod);
		const char *got = kc_ep_pod_ip_for_service(svc, pod);
		if (!streq_ptr(got, cases[i].want))
			fail_msg("%s: got %s, want %s", cases[i].name, got ? got : "NULL",
				 cases[i].want ? cases[i].want : "NULL");
	}
}

/* ---- desired subsets ---- */

#define POD(name, ip, node, ready, extra)                                                                        \
	"{'metadata':{'name':'" name "','namespace':'ns','uid':'uid-" name "','labels':{'app':'a'}" extra "},"      \
	"'spec':{'nodeName':'" node "','containers':[{'name':'c','ports':[{'name':'http','containerPort':8080}]}]}," \
	"'status':{'phase':'Running','podIP':'" ip "','podIPs':[{'ip':'" ip "'}],"                                  \
	"'conditions':[{'type':'Ready','status':'" ready "'}]}}"

#define ADDR(name, ip, node) "{'ip':'" ip "','nodeName':'" node "','targetRef':{'kind':'Pod','namespace':'ns','name':'" name "','uid':'uid-" name "'}}"

static const struct {
	const char *name;
	const char *svc;
	const char *pods[4];
	const char *want;
	int ready, not_ready;
} subset_cases[] = {
	{"ready and not ready pods share a subset",
	 "{'metadata':{'name':'s','namespace':'ns'},'spec':{'clusterIP':'10.96.0.5','selector':{'app':'a'},"
	 "'ports':[{'name':'web','port':80,'targetPort':'http','protocol':'TCP'}]}}",
	 {POD("p2", "10.0.0.2", "n1", "True", ""), POD("p1", "10.0.0.1", "n1", "True", ""),
	  POD("p3", "10.0.0.3", "n2", "False", "")},
	 "[{'addresses':[" ADDR("p1", "10.0.0.1", "n1") "," ADDR("p2", "10.0.0.2", "n1") "],"
	 "'notReadyAddresses':[" ADDR("p3", "10.0.0.3", "n2") "],"
	 "'ports':[{'name':'web','port':8080,'protocol':'TCP'}]}]",
	 2, 1},
	{"named port resolved per pod: different subsets",
	 "{'metadata':{'name':'s','namespace':'ns'},'spec':{'clusterIP':'10.96.0.5','selector':{'app':'a'},"
	 "'ports':[{'port':80,'targetPort':'http','protocol':'TCP'}]}}",
	 {POD("p1", "10.0.0.1", "n1", "True", ""),
	  "{'metadata':{'name':'p2','namespace':'ns','uid':'uid-p2'},'spec':{'nodeName':'n1','containers':"
	  "[{'name':'c','ports':[{'name':'http','containerPort':9090}]}]},"
	  "'status':{'phase':'Running','podIP':'10.0.0.2','conditions':[{'type':'Ready','status':'True'}]}}"},
	 "[{'addresses':[" ADDR("p1", "10.0.0.1", "n1") "],'ports':[{'port':8080,'protocol':'TCP'}]},"
	 "{'addresses':[" ADDR("p2", "10.0.0.2", "n1") "],'ports':[{'port':9090,'protocol':'TCP'}]}]",
	 2, 0},
	{"a pod without the named port only gets the numeric one",
	 "{'metadata':{'name':'s','namespace':'ns'},'spec':{'clusterIP':'10.96.0.5','selector':{'app':'a'},"
	 "'ports':[{'name':'a','port':80,'targetPort':'http','protocol':'TCP'},"
	 "{'name':'b','port':443,'protocol':'TCP','appProtocol':'https'}]}}",
	 {POD("p1", "10.0.0.1", "n1", "True", ""),
	  "{'metadata':{'name':'p2','namespace':'ns','uid':'uid-p2'},'spec':{'nodeName':'n1','containers':[]},"
	  "'status':{'phase':'Running','podIP':'10.0.0.2','conditions':[{'type':'Ready','status':'True'}]}}"},
	 "[{'addresses':[" ADDR("p1", "10.0.0.1", "n1") "," ADDR("p2", "10.0.0.2", "n1") "],"
	 "'ports':[{'name':'b','port':443,'protocol':'TCP','appProtocol':'https'}]},"
	 "{'addresses':[" ADDR("p1", "10.0.0.1", "n1") "],'ports':[{'name':'a','port':8080,'protocol':'TCP'}]}]",
	 3, 0},
	{"publishNotReadyAddresses: not ready and terminating pods are addresses",
	 "{'metadata':{'name':'s','namespace':'ns'},'spec':{'clusterIP':'10.96.0.5','selector':{'app':'a'},"
	 "'publishNotReadyAddresses':true,'ports':[{'port':80,'protocol':'TCP'}]}}",
	 {POD("p1", "10.0.0.1", "n1", "False", ""),
	  POD("p2", "10.0.0.2", "n1", "True", ",'deletionTimestamp':'2024-01-01T00:00:00Z'")},
	 "[{'addresses':[" ADDR("p1", "10.0.0.1", "n1") "," ADDR("p2", "10.0.0.2", "n1") "],"
	 "'ports':[{'port':80,'protocol':'TCP'}]}]",
	 2, 0},
	{"terminating, finished and IP-less pods are left out",
	 "{'metadata':{'name':'s','namespace':'ns'},'spec':{'clusterIP':'10.96.0.5','selector':{'app':'a'},"
	 "'ports':[{'port':80,'protocol':'TCP'}]}}",
	 {POD("p1", "10.0.0.1", "n1", "True", ",'deletionTimestamp':'2024-01-01T00:00:00Z'"),
	  "{'metadata':{'name':'p2','namespace':'ns'},'status':{'phase':'Succeeded','podIP':'10.0.0.2'}}",
	  "{'metadata':{'name':'p3','namespace':'ns'},'status':{'phase':'Pending'}}"},
	 "[]", 0, 0},
	{"headless without ports: port-less subsets; hostname for its subdomain",
	 "{'metadata':{'name':'s','namespace':'ns'},'spec':{'clusterIP':'None','selector':{'app':'a'}}}",
	 {"{'metadata':{'name':'p1','namespace':'ns','uid':'u1'},'spec':{'nodeName':'n1','hostname':'h1',"
	  "'subdomain':'s'},'status':{'podIP':'10.0.0.1','conditions':[{'type':'Ready','status':'True'}]}}",
	  "{'metadata':{'name':'p2','namespace':'ns','uid':'u2'},'spec':{'nodeName':'n1','hostname':'h2',"
	  "'subdomain':'other'},'status':{'podIP':'10.0.0.2'}}"},
	 "[{'addresses':[{'ip':'10.0.0.1','hostname':'h1','nodeName':'n1','targetRef':{'kind':'Pod',"
	 "'namespace':'ns','name':'p1','uid':'u1'}}],"
	 "'notReadyAddresses':[{'ip':'10.0.0.2','nodeName':'n1','targetRef':{'kind':'Pod','namespace':'ns',"
	 "'name':'p2','uid':'u2'}}]}]",
	 1, 1},
	{"malformed pods and ports are skipped, never fatal",
	 "{'metadata':{'name':'s','namespace':'ns'},'spec':{'clusterIP':'10.96.0.5','selector':{'app':'a'},"
	 "'ports':[7,{'port':'x'},{'port':80,'targetPort':{'a':1}},{'port':81}]}}",
	 {"{'metadata':[],'spec':{'nodeName':5,'containers':{}},'status':{'podIP':'10.0.0.7','conditions':7}}",
	  "{'status':{'podIPs':[{'ip':7}],'podIP':3}}", "7"},
	 "[{'notReadyAddresses':[{'ip':'10.0.0.7','targetRef':{'kind':'Pod','namespace':'','name':'','uid':''}}],"
	 "'ports':[{'port':80,'protocol':'TCP'},{'port':81,'protocol':'TCP'}]}]",
	 0, 2},
	{"a Service with a cluster IP and no ports gets nothing",
	 "{'metadata':{'name':'s','namespace':'ns'},'spec':{'clusterIP':'10.96.0.5','selector':{'app':'a'}}}",
	 {POD("p1", "10.0.0.1", "n1", "True", "")}, "[]", 0, 0},
};

static void test_desired_subsets(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(subset_cases); i++) {
		_cleanup_json_ cJSON *svc = J(subset_cases[i].svc);
		cJSON *pods[4] = {0};
		size_t n = 0;
		for (; n < 4 && subset_cases[i].pods[n]; n++)
			pods[n] = J(subset_cases[i].pods[n]);
		int ready = -1, not_ready = -1;
		_cleanup_json_ cJSON *got =
			kc_ep_desired_subsets(svc, (const cJSON *const *)pods, n, &ready, &not_ready);
		assert_json(subset_cases[i].name, got, subset_cases[i].want);
		if (ready != subset_cases[i].ready || not_ready != subset_cases[i].not_ready)
			fail_msg("%s: counted %d ready, %d not ready; want %d, %d", subset_cases[i].name, ready,
				 not_ready, subset_cases[i].ready, subset_cases[i].not_ready);
		for (size_t k = 0; k < n; k++)
			cJSON_Delete(pods[k]);
	}
}

/* ---- RepackSubsets (upstream's TestPackSubsets, in our order) ---- */

static const struct {
	const char *name, *in, *want;
} repack_cases[] = {
	{"empty", "[]", "[]"},
	{"one address one port",
	 "[{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]}]",
	 "[{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]}]"},
	{"no ports kept", "[{'addresses':[{'ip':'1.1.1.1'}]}]", "[{'addresses':[{'ip':'1.1.1.1'}]}]"},
	{"same address, different uids stay apart",
	 "[{'addresses':[{'ip':'1.1.1.1','targetRef':{'uid':'b'}},{'ip':'1.1.1.1','targetRef':{'uid':'a'}}],"
	 "'ports':[{'port':111}]}]",
	 "[{'addresses':[{'ip':'1.1.1.1','targetRef':{'uid':'a'}},{'ip':'1.1.1.1','targetRef':{'uid':'b'}}],"
	 "'ports':[{'port':111}]}]"},
	{"duplicates collapse",
	 "[{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]},{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]}]",
	 "[{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]}]"},
	{"two addresses one port merge",
	 "[{'addresses':[{'ip':'2.2.2.2'}],'ports':[{'port':111}]},{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]}]",
	 "[{'addresses':[{'ip':'1.1.1.1'},{'ip':'2.2.2.2'}],'ports':[{'port':111}]}]"},
	{"one address two ports merge",
	 "[{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'name':'q','port':222}]},"
	 "{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'name':'p','port':111}]}]",
	 "[{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'name':'p','port':111},{'name':'q','port':222}]}]"},
	{"not ready wins over ready for one port",
	 "[{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]},"
	 "{'notReadyAddresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]}]",
	 "[{'notReadyAddresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]}]"},
	{"ready on one port, not ready on another: two subsets",
	 "[{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]},"
	 "{'notReadyAddresses':[{'ip':'1.1.1.1'}],'ports':[{'port':222}]}]",
	 "[{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]},"
	 "{'notReadyAddresses':[{'ip':'1.1.1.1'}],'ports':[{'port':222}]}]"},
	{"N-to-M",
	 "[{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':111}]},{'addresses':[{'ip':'2.2.2.2'}],'ports':[{'port':222}]},"
	 "{'addresses':[{'ip':'2.2.2.2'}],'ports':[{'port':111}]},{'addresses':[{'ip':'1.1.1.1'}],'ports':[{'port':222}]}]",
	 "[{'addresses':[{'ip':'1.1.1.1'},{'ip':'2.2.2.2'}],'ports':[{'port':111},{'port':222}]}]"},
	{"first seen address wins (its targetRef and node)",
	 "[{'addresses':[{'ip':'1.1.1.1','nodeName':'a'}],'ports':[{'port':1}]},"
	 "{'addresses':[{'ip':'1.1.1.1','nodeName':'b'}],'ports':[{'port':2}]}]",
	 "[{'addresses':[{'ip':'1.1.1.1','nodeName':'a'}],'ports':[{'port':1},{'port':2}]}]"},
	{"malformed members are tolerated", "[{'addresses':7,'ports':'x'},{'notReadyAddresses':[{}]},3]",
	 "[{'notReadyAddresses':[{}]}]"},
};

static void test_repack(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(repack_cases); i++) {
		_cleanup_json_ cJSON *in = J(repack_cases[i].in);
		_cleanup_json_ cJSON *got = kc_ep_repack_subsets(in);
		assert_json(repack_cases[i].name, got, repack_cases[i].want);
		/* Repacking is idempotent. */
		_cleanup_json_ cJSON *again = kc_ep_repack_subsets(got);
		assert_json(repack_cases[i].name, again, repack_cases[i].want);
	}
}

/* ---- truncation ---- */

static cJSON *subset_of(int ready, int not_ready, int base)
{
	cJSON *ss = cJSON_CreateObject();
	cJSON *a = cJSON_AddArrayToObject(ss, "addresses");
	for (int i = 0; i < ready; i++) {
		char ip[32];
		snprintf(ip, sizeof(ip), "10.%d.%d.%d", base, i / 256, i % 256);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "ip", ip);
		cJSON_AddItemToArray(a, o);
	}
	cJSON *nr = cJSON_AddArrayToObject(ss, "notReadyAddresses");
	for (int i = 0; i < not_ready; i++) {
		char ip[32];
		snprintf(ip, sizeof(ip), "11.%d.%d.%d", base, i / 256, i % 256);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "ip", ip);
		cJSON_AddItemToArray(nr, o);
	}
	return ss;
}

static void test_truncate(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int in[2][2]; /* per subset: ready, not ready */
		bool truncated;
		int out[2][2];
	} cases[] = {
		{"at capacity", {{500, 0}, {400, 100}}, false, {{500, 0}, {400, 100}}},
		{"too many ready: ready kept in proportion", {{600, 10}, {500, 10}}, true, {{546, 0}, {454, 0}}},
		{"not ready trimmed first", {{450, 100}, {450, 100}}, true, {{450, 50}, {450, 50}}},
		{"uneven not ready, rounded up first", {{0, 301}, {700, 100}}, true, {{0, 226}, {700, 74}}},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *subsets = cJSON_CreateArray();
		for (int s = 0; s < 2; s++)
			cJSON_AddItemToArray(subsets, subset_of(cases[i].in[s][0], cases[i].in[s][1], s));
		bool got = kc_ep_truncate_subsets(subsets, KC_EP_MAX_CAPACITY);
		if (got != cases[i].truncated)
			fail_msg("%s: truncated %d", cases[i].name, got);
		for (int s = 0; s < 2; s++) {
			const cJSON *ss = cJSON_GetArrayItem(subsets, s);
			int r = cJSON_GetArraySize(kc_json_get(ss, "addresses"));
			int nr = cJSON_GetArraySize(kc_json_get(ss, "notReadyAddresses"));
			if (r != cases[i].out[s][0] || nr != cases[i].out[s][1])
				fail_msg("%s: subset %d kept %d ready, %d not ready; want %d, %d", cases[i].name, s, r,
					 nr, cases[i].out[s][0], cases[i].out[s][1]);
		}
	}
}

/* ---- the Endpoints object ---- */

#define SVC "{'metadata':{'name':'s','namespace':'ns','labels':{'app':'a'}},'spec':{'clusterIP':'10.96.0.5'}}"

static void test_build_endpoints(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *svc = J(SVC);
	_cleanup_json_ cJSON *headless =
		J("{'metadata':{'name':'h','namespace':'ns'},'spec':{'clusterIP':'None'}}");
	const char *subsets = "[{'addresses':[{'ip':'10.0.0.1'}],'ports':[{'port':80,'protocol':'TCP'}]}]";

	/* A new one: kind, name, labels, trigger time. */
	_cleanup_json_ cJSON *made = kc_ep_build_endpoints(svc, NULL, J(subsets), 1700000000);
	assert_json("new endpoints", made,
		    "{'kind':'Endpoints','apiVersion':'v1','metadata':{'name':'s','namespace':'ns',"
		    "'labels':{'app':'a','endpoints.kubernetes.io/managed-by':'endpoint-controller'},"
		    "'annotations':{'endpoints.kubernetes.io/last-change-trigger-time':'2023-11-14T22:13:20Z'}},"
		    "'subsets':[{'addresses':[{'ip':'10.0.0.1'}],'ports':[{'port':80,'protocol':'TCP'}]}]}");

	/* The same again: nothing to write, whatever the trigger time says. */
	_cleanup_json_ cJSON *same = kc_ep_build_endpoints(svc, made, J(subsets), 0);
	assert_null(same);

	/* A targetRef's resourceVersion does not count. */
	_cleanup_json_ cJSON *with_rv = J("{'kind':'Endpoints','metadata':{'name':'s','namespace':'ns',"
					  "'labels':{'app':'a','endpoints.kubernetes.io/managed-by':'endpoint-controller'}},"
					  "'subsets':[{'addresses':[{'ip':'10.0.0.1','targetRef':{'name':'p',"
					  "'resourceVersion':'7'}}]}]}");
	_cleanup_json_ cJSON *rv_same =
		kc_ep_build_endpoints(svc, with_rv, J("[{'addresses':[{'ip':'10.0.0.1','targetRef':{'name':'p'}}]}]"), 0);
	assert_null(rv_same);

	/* Changed subsets: an update of current, trigger time dropped when 0. */
	_cleanup_json_ cJSON *changed = kc_ep_build_endpoints(svc, made, J("[]"), 0);
	assert_json("emptied endpoints", changed,
		    "{'kind':'Endpoints','apiVersion':'v1','metadata':{'name':'s','namespace':'ns',"
		    "'labels':{'app':'a','endpoints.kubernetes.io/managed-by':'endpoint-controller'}}}");

	/* A label added to the Service shows on its Endpoints. */
	_cleanup_json_ cJSON *svc2 = J("{'metadata':{'name':'s','namespace':'ns','labels':{'app':'a','t':'x'}},"
				       "'spec':{'clusterIP':'10.96.0.5'}}");
	_cleanup_json_ cJSON *relabel = kc_ep_build_endpoints(svc2, made, J(subsets), 0);
	assert_non_null(relabel);
	assert_string_equal(kc_json_get_str(relabel, "metadata.labels.t", ""), "x");

	/* Headless: the headless label, no Service labels needed. */
	_cleanup_json_ cJSON *h = kc_ep_build_endpoints(headless, NULL, J("[]"), 0);
	assert_json("headless endpoints", kc_json_get(h, "metadata.labels"),
		    "{'service.kubernetes.io/headless':'','endpoints.kubernetes.io/managed-by':'endpoint-controller'}");

	/* Over capacity: truncated and annotated. */
	_cleanup_json_ cJSON *big = cJSON_CreateArray();
	cJSON_AddItemToArray(big, subset_of(1001, 0, 1));
	_cleanup_json_ cJSON *over = kc_ep_build_endpoints(svc, NULL, TAKE_PTR(big), 0);
	assert_string_equal(kc_json_getv(over, "metadata", "annotations", KC_EP_ANN_OVER_CAPACITY, NULL)->valuestring,
			    "truncated");
	assert_int_equal(cJSON_GetArraySize(kc_json_get(over, "subsets[0].addresses")), 1000);
	/* ... and stays so without being rewritten. */
	_cleanup_json_ cJSON *big2 = cJSON_CreateArray();
	cJSON_AddItemToArray(big2, subset_of(1001, 0, 1));
	_cleanup_json_ cJSON *over2 = kc_ep_build_endpoints(svc, over, TAKE_PTR(big2), 0);
	assert_non_null(over2); /* upstream rewrites an over-capacity object on every sync too */
}

/* ---- trigger times ---- */

#define RPOD(name, t) \
	"{'metadata':{'name':'" name "'},'status':{'conditions':[{'type':'Ready','status':'True','lastTransitionTime':'" t "'}]}}"

static void test_trigger_tracker(void **state)
{
	(void)state;
	kc_ep_trigger_tracker *t = kc_ep_trigger_tracker_new();
	_cleanup_json_ cJSON *svc = J("{'metadata':{'name':'s','namespace':'ns','creationTimestamp':'2024-01-01T00:00:10Z'}}");
	_cleanup_json_ cJSON *p1 = J(RPOD("p1", "2024-01-01T00:00:05Z"));
	_cleanup_json_ cJSON *p2 = J(RPOD("p2", "2024-01-01T00:00:20Z"));
	_cleanup_json_ cJSON *p2b = J(RPOD("p2", "2024-01-01T00:00:30Z"));
	_cleanup_json_ cJSON *p3 = J("{'metadata':{'name':'p3'}}");
	kc_time t5, t10, t30;
	assert_int_equal(kc_time_parse_rfc3339("2024-01-01T00:00:05Z", &t5, NULL), 0);
	assert_int_equal(kc_time_parse_rfc3339("2024-01-01T00:00:10Z", &t10, NULL), 0);
	assert_int_equal(kc_time_parse_rfc3339("2024-01-01T00:00:30Z", &t30, NULL), 0);

	const cJSON *first[] = {p1, p2, p3};
	/* First sync: the earliest of everything known. */
	assert_int_equal(kc_ep_trigger_compute(t, svc, first, 3), t5.sec);
	/* Nothing changed: no trigger time. */
	assert_int_equal(kc_ep_trigger_compute(t, svc, first, 3), 0);
	/* One pod became ready later: its time. */
	const cJSON *second[] = {p1, p2b};
	assert_int_equal(kc_ep_trigger_compute(t, svc, second, 2), t30.sec);
	/* Forgotten Service: everything is new again. */
	kc_ep_trigger_forget(t, "ns/s");
	const cJSON *none[] = {NULL};
	assert_int_equal(kc_ep_trigger_compute(t, svc, none, 0), t10.sec);
	kc_ep_trigger_tracker_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_port),
		cmocka_unit_test(test_pod_in_endpoints),
		cmocka_unit_test(test_service_selects),
		cmocka_unit_test(test_pod_ip_for_service),
		cmocka_unit_test(test_desired_subsets),
		cmocka_unit_test(test_repack),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_build_endpoints),
		cmocka_unit_test(test_trigger_tracker),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
