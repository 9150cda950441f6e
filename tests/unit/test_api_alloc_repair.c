/* test_api_alloc_repair.c - the allocation repair's pure core
 * (apiserver/alloc_repair.h): what a Service holds, the owner in a key,
 * the plan for one run from Services, keys and the last runs' leak counts,
 * and upstream's event reasons and messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "apiserver/alloc_repair.h"
#include "common/json.h"
#include "common/util.h"

/* ---- api_repair_service_init ---- */

typedef struct values_case {
	const char *name;
	const char *service; /* JSON */
	bool ips;
	const char *want; /* values joined by "," */
} values_case;

/* One case a row. */
/* clang-format off */
static const values_case values_cases[] = {
	{"clusterIPs", "{\"spec\":{\"clusterIP\":\"10.96.0.5\",\"clusterIPs\":[\"10.96.0.5\"]}}", true, "10.96.0.5"},
	{"clusterIP alone", "{\"spec\":{\"clusterIP\":\"10.96.0.6\"}}", true, "10.96.0.6"},
	{"headless", "{\"spec\":{\"clusterIP\":\"None\",\"clusterIPs\":[\"None\"]}}", true, ""},
	{"ExternalName", "{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"x.example\"}}", true, ""},
	{"dual-stack list kept whole", "{\"spec\":{\"clusterIPs\":[\"10.96.0.7\",\"fd00::7\"]}}", true,
	 "10.96.0.7,fd00::7"},
	{"not strings", "{\"spec\":{\"clusterIPs\":[7,null,\"\"]}}", true, ""},
	{"no spec", "{\"metadata\":{}}", true, ""},
	{"spec not an object", "{\"spec\":[1,2]}", true, ""},
	{"nodePorts", "{\"spec\":{\"ports\":[{\"port\":80,\"nodePort\":30080},{\"port\":443,\"nodePort\":30443}]}}",
	 false, "30080,30443"},
	{"one nodePort for TCP and UDP",
	 "{\"spec\":{\"ports\":[{\"protocol\":\"TCP\",\"nodePort\":30053},{\"protocol\":\"UDP\",\"nodePort\":30053}]}}",
	 false, "30053"},
	{"healthCheckNodePort",
	 "{\"spec\":{\"ports\":[{\"nodePort\":30001}],\"healthCheckNodePort\":30002}}", false, "30001,30002"},
	{"no nodePorts", "{\"spec\":{\"ports\":[{\"port\":80},{\"port\":81,\"nodePort\":0}]}}", false, ""},
	{"nodePort not a number", "{\"spec\":{\"ports\":[{\"nodePort\":\"30001\"}]}}", false, ""},
	{"ports not an array", "{\"spec\":{\"ports\":{\"nodePort\":30001}}}", false, ""},
	{"IPs ignored for ports", "{\"spec\":{\"clusterIP\":\"10.96.0.5\"}}", false, ""},
};
/* clang-format on */

static void test_service_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(values_cases); i++) {
		const values_case *c = &values_cases[i];
		_cleanup_json_ cJSON *obj = cJSON_Parse(c->service);
		if (!obj)
			fail_msg("case %s: bad test JSON", c->name);
		api_repair_service svc;
		api_repair_service_init(&svc, obj, 7, c->ips);
		_cleanup_buf_ kc_buf got = KC_BUF_INIT;
		for (size_t v = 0; v < svc.nvalues; v++)
			kc_buf_addf(&got, "%s%s", v ? "," : "", svc.values[v]);
		if (!streq(kc_buf_str(&got), c->want))
			fail_msg("case %s: got \"%s\", want \"%s\"", c->name, kc_buf_str(&got), c->want);
		assert_int_equal(svc.rv, 7);
		api_repair_service_clear(&svc);
	}
}

/* ---- api_repair_owner ---- */

static void test_owner(void **state)
{
	(void)state;
	static const struct {
		const char *value, *want;
	} cases[] = {
	    {"{\"service\":\"default/web\"}", "default/web"},
	    {"{\"service\":\"\"}", ""},
	    {"{\"service\":7}", ""},
	    {"{}", ""},
	    {"", ""},
	    {"not json", ""},
	    {"{\"service\":\"default/web\"", ""},
	    {"[\"default/web\"]", ""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *got = api_repair_owner(cases[i].value, strlen(cases[i].value));
		if (!streq(got, cases[i].want))
			fail_msg("case %zu (%s): got \"%s\", want \"%s\"", i, cases[i].value, got,
			         cases[i].want);
	}
}

/* ---- api_repair_plan_make ---- */

#define MAX_ITEMS 8

typedef struct alloc_row {
	const char *value, *owner;
	int64_t mod_revision;
} alloc_row;

typedef struct leak_row {
	const char *value;
	int64_t mod_revision;
	int runs;
} leak_row;

typedef struct plan_case {
	const char *name;
	bool ips;
	/* "ns/name=v1,v2" each */
	const char *services[MAX_ITEMS];
	alloc_row allocs[MAX_ITEMS];
	leak_row leaks[MAX_ITEMS]; /* the last run's counts */
	const char *want;          /* the actions, rendered as render() does, joined by "; " */
	const char *want_leaks;    /* the counts carried on, "value@rev:runs" sorted, joined by " " */
} plan_case;

static const char *const kind_names[] = {"CREATE",    "TRANSFER",     "DELETE",    "LEAK",
                                         "DUPLICATE", "OUT_OF_RANGE", "NOT_VALID", "WRONG_FAMILY"};

/* One case a row. */
/* clang-format off */
static const plan_case plan_cases[] = {
	{"all in order", true, {"default/a=10.96.0.5", "kube-system/dns=10.96.0.10"},
	 {{"10.96.0.5", "default/a", 4}, {"10.96.0.10", "kube-system/dns", 5}}, {{0}}, "", ""},
	{"nothing at all", true, {0}, {{0}}, {{0}}, "", ""},
	{"held without a key: created", true, {"default/a=10.96.0.5"}, {{0}}, {{0}},
	 "CREATE 10.96.0.5 svc=default/a", ""},
	{"two hold one unallocated value: the first gets it", true,
	 {"default/a=10.96.0.5", "default/b=10.96.0.5"}, {{0}}, {{0}},
	 "CREATE 10.96.0.5 svc=default/a; DUPLICATE 10.96.0.5 svc=default/b owner=default/a", ""},
	{"a Service holding another's value", true, {"default/a=10.96.0.5", "default/b=10.96.0.5"},
	 {{"10.96.0.5", "default/b", 9}}, {{0}}, "DUPLICATE 10.96.0.5 svc=default/a owner=default/b key=9", ""},
	{"leak seen first", true, {0}, {{"10.96.0.9", "default/gone", 5}}, {{0}}, "LEAK 10.96.0.9 key=5 runs=1",
	 "10.96.0.9@5:1"},
	{"leak seen second", true, {0}, {{"10.96.0.9", "default/gone", 5}}, {{"10.96.0.9", 5, 1}},
	 "LEAK 10.96.0.9 key=5 runs=2", "10.96.0.9@5:2"},
	{"leak seen third: deleted at its revision", true, {0}, {{"10.96.0.9", "default/gone", 5}},
	 {{"10.96.0.9", 5, 2}}, "DELETE 10.96.0.9 key=5 runs=3", ""},
	{"re-allocated between runs: counted afresh", true, {0}, {{"10.96.0.9", "default/new", 8}},
	 {{"10.96.0.9", 5, 2}}, "LEAK 10.96.0.9 key=8 runs=1", "10.96.0.9@8:1"},
	{"used again: the count is dropped", true, {"default/new=10.96.0.9"}, {{"10.96.0.9", "default/new", 5}},
	 {{"10.96.0.9", 5, 2}}, "", ""},
	{"owner exists but does not hold it", true, {"default/a=10.96.0.6"},
	 {{"10.96.0.6", "default/a", 3}, {"10.96.0.9", "default/a", 4}}, {{0}}, "LEAK 10.96.0.9 key=4 runs=1",
	 "10.96.0.9@4:1"},
	{"owned by a Service not holding it, held by another: waits", true, {"default/b=10.96.0.7"},
	 {{"10.96.0.7", "default/gone", 6}}, {{0}}, "LEAK 10.96.0.7 svc=default/b key=6 runs=1", "10.96.0.7@6:1"},
	{"... then is handed over, the other holders duplicates", true,
	 {"default/b=10.96.0.7", "default/c=10.96.0.7"}, {{"10.96.0.7", "default/gone", 6}}, {{"10.96.0.7", 6, 2}},
	 "TRANSFER 10.96.0.7 svc=default/b key=6 runs=3; DUPLICATE 10.96.0.7 svc=default/c owner=default/b key=6",
	 ""},
	{"owner matched by namespace and name, not a prefix", true, {"default/ab=10.96.0.8"},
	 {{"10.96.0.8", "default/a", 2}}, {{0}}, "LEAK 10.96.0.8 svc=default/ab key=2 runs=1", "10.96.0.8@2:1"},
	{"unreadable owner is nobody", true, {0}, {{"10.96.0.3", "", 2}}, {{"10.96.0.3", 2, 2}},
	 "DELETE 10.96.0.3 key=2 runs=3", ""},
	{"out of range: reported, its key kept", true, {"default/a=192.168.0.10", "default/b=10.96.0.0"},
	 {{"192.168.0.10", "default/a", 3}}, {{0}},
	 "OUT_OF_RANGE 10.96.0.0 svc=default/b; OUT_OF_RANGE 192.168.0.10 svc=default/a", ""},
	{"an unused key out of range is still a leak", true, {0}, {{"192.168.0.10", "default/gone", 3}},
	 {{"192.168.0.10", 3, 2}}, "DELETE 192.168.0.10 key=3 runs=3", ""},
	{"not an IP, IPv6", true, {"default/a=10.96.0.300", "default/b=fd00::1"}, {{0}}, {{0}},
	 "NOT_VALID 10.96.0.300 svc=default/a; WRONG_FAMILY fd00::1 svc=default/b", ""},
	{"values sorted, then leaks in key order", true, {"default/z=10.96.0.2", "default/y=10.96.0.1"},
	 {{"10.96.0.4", "default/x", 1}, {"10.96.0.3", "default/w", 2}}, {{0}},
	 "CREATE 10.96.0.1 svc=default/y; CREATE 10.96.0.2 svc=default/z; LEAK 10.96.0.4 key=1 runs=1; "
	 "LEAK 10.96.0.3 key=2 runs=1",
	 "10.96.0.3@2:1 10.96.0.4@1:1"},
	{"stale counts of values no longer leaked are dropped", true, {0}, {{0}}, {{"10.96.0.9", 5, 2}}, "", ""},
	{"node ports", false, {"default/a=30080,30443", "default/b=30443", "default/c=80"},
	 {{"30080", "default/a", 2}, {"31000", "default/gone", 3}}, {{"31000", 3, 2}},
	 "CREATE 30443 svc=default/a; DUPLICATE 30443 svc=default/b owner=default/a; OUT_OF_RANGE 80 svc=default/c; "
	 "DELETE 31000 key=3 runs=3",
	 ""},
};
/* clang-format on */

typedef struct built {
	api_repair_service svcs[MAX_ITEMS];
	size_t nsvcs;
	api_repair_alloc allocs[MAX_ITEMS];
	size_t nallocs;
} built;

/* "ns/name=v1,v2" -> a Service holding those values. */
static void build_service(api_repair_service *svc, const char *spec)
{
	memset(svc, 0, sizeof(*svc));
	const char *slash = strchr(spec, '/'), *eq = strchr(spec, '=');
	assert_non_null(slash);
	assert_non_null(eq);
	svc->ns = xstrndup(spec, (size_t)(slash - spec));
	svc->name = xstrndup(slash + 1, (size_t)(eq - slash - 1));
	svc->uid = xasprintf("uid-%s", svc->name);
	_cleanup_free_ char *list = xstrdup(eq + 1);
	char *save = NULL;
	for (char *v = strtok_r(list, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
		svc->values = xrealloc(svc->values, (svc->nvalues + 1) * sizeof(char *));
		svc->values[svc->nvalues++] = xstrdup(v);
	}
}

static void render(kc_buf *out, const built *b, const api_repair_action *a)
{
	if (out->len)
		kc_buf_addstr(out, "; ");
	kc_buf_addf(out, "%s %s", kind_names[a->kind], a->value);
	if (a->service != API_REPAIR_NONE)
		kc_buf_addf(out, " svc=%s/%s", b->svcs[a->service].ns, b->svcs[a->service].name);
	if (a->kind == API_REPAIR_DUPLICATE)
		kc_buf_addf(out, " owner=%s/%s", b->svcs[a->owner_service].ns,
		            b->svcs[a->owner_service].name);
	if (a->alloc != API_REPAIR_NONE)
		kc_buf_addf(out, " key=%lld", (long long)b->allocs[a->alloc].mod_revision);
	if (a->kind == API_REPAIR_LEAK || a->kind == API_REPAIR_DELETE || a->kind == API_REPAIR_TRANSFER)
		kc_buf_addf(out, " runs=%d", a->leak_runs);
}

static char *render_leaks(const kc_map *leaks)
{
	kc_buf out = KC_BUF_INIT;
	size_t n = 0;
	const char **keys = kc_map_sorted_keys(leaks, &n);
	for (size_t i = 0; i < n; i++) {
		const api_repair_leak *l = kc_map_get(leaks, keys[i]);
		kc_buf_addf(&out, "%s%s@%lld:%d", i ? " " : "", keys[i], (long long)l->mod_revision, l->runs);
	}
	free(keys);
	return kc_buf_release(&out);
}

static void test_plan(void **state)
{
	(void)state;
	kc_error err = KC_ERROR_INIT;
	api_alloc *ips = api_alloc_new_ips(NULL, "/registry", "10.96.0.0/12", &err);
	api_alloc *ports = api_alloc_new_ports(NULL, "/registry", "30000-32767", &err);
	assert_non_null(ips);
	assert_non_null(ports);
	for (size_t i = 0; i < KC_ARRAY_SIZE(plan_cases); i++) {
		const plan_case *c = &plan_cases[i];
		built b = {0};
		for (; b.nsvcs < MAX_ITEMS && c->services[b.nsvcs]; b.nsvcs++)
			build_service(&b.svcs[b.nsvcs], c->services[b.nsvcs]);
		for (; b.nallocs < MAX_ITEMS && c->allocs[b.nallocs].value; b.nallocs++)
			b.allocs[b.nallocs] =
			    (api_repair_alloc){c->allocs[b.nallocs].value, c->allocs[b.nallocs].owner,
			                       c->allocs[b.nallocs].mod_revision};
		kc_map *leaks = kc_map_new(free);
		for (size_t l = 0; l < MAX_ITEMS && c->leaks[l].value; l++) {
			api_repair_leak *leak = xmalloc(sizeof(*leak));
			*leak = (api_repair_leak){c->leaks[l].mod_revision, c->leaks[l].runs};
			kc_map_put(leaks, c->leaks[l].value, leak);
		}
		api_repair_plan plan;
		api_repair_plan_make(c->ips ? ips : ports, c->ips, b.svcs, b.nsvcs, b.allocs, b.nallocs,
		                     leaks, &plan);
		_cleanup_buf_ kc_buf got = KC_BUF_INIT;
		for (size_t a = 0; a < plan.n; a++)
			render(&got, &b, &plan.actions[a]);
		_cleanup_free_ char *got_leaks = render_leaks(leaks);
		if (!streq(kc_buf_str(&got), c->want))
			fail_msg("case \"%s\": actions\n  got:  %s\n  want: %s", c->name, kc_buf_str(&got),
			         c->want);
		if (!streq(got_leaks, c->want_leaks))
			fail_msg("case \"%s\": leaks carried on\n  got:  %s\n  want: %s", c->name, got_leaks,
			         c->want_leaks);
		api_repair_plan_clear(&plan);
		kc_map_free(leaks);
		for (size_t s = 0; s < b.nsvcs; s++)
			api_repair_service_clear(&b.svcs[s]);
	}
	api_alloc_free(ips);
	api_alloc_free(ports);
}

/* Runs one after the other with the same leaks map: freed on the third
 * consecutive sighting, not when a run in between found it used, and not
 * when it was rewritten in between. */
static void test_runs(void **state)
{
	(void)state;
	api_alloc *ips = api_alloc_new_ips(NULL, "/registry", "10.96.0.0/24", NULL);
	assert_non_null(ips);
	api_repair_service used;
	build_service(&used, "default/late=10.96.0.9");
	static const struct {
		int64_t mod_revision; /* the key's in this run */
		bool held;            /* a Service holds it in this run */
		const char *want;     /* the action's kind, "" for none */
	} steps[] = {
	    {5, false, "LEAK"}, {5, false, "LEAK"},   {5, true, ""},      /* the create finished */
	    {5, false, "LEAK"}, {5, false, "LEAK"},   {6, false, "LEAK"}, /* rewritten: afresh */
	    {6, false, "LEAK"}, {6, false, "DELETE"}, {7, false, "LEAK"},
	};
	kc_map *leaks = kc_map_new(free);
	for (size_t i = 0; i < KC_ARRAY_SIZE(steps); i++) {
		api_repair_alloc a = {"10.96.0.9", "default/late", steps[i].mod_revision};
		api_repair_plan plan;
		api_repair_plan_make(ips, true, &used, steps[i].held ? 1 : 0, &a, 1, leaks, &plan);
		const char *got = plan.n ? kind_names[plan.actions[0].kind] : "";
		if (!streq(got, steps[i].want) || plan.n > 1)
			fail_msg("run %zu: got %s (%zu actions), want %s", i + 1, got, plan.n, steps[i].want);
		if (plan.n && plan.actions[0].kind == API_REPAIR_DELETE)
			assert_int_equal(plan.actions[0].alloc, 0); /* the key at the revision read */
		api_repair_plan_clear(&plan);
	}
	kc_map_free(leaks);
	api_repair_service_clear(&used);
	api_alloc_free(ips);
}

/* ---- reasons and messages ---- */

static void test_messages(void **state)
{
	(void)state;
	api_alloc *ips = api_alloc_new_ips(NULL, "/registry", "10.96.0.0/12", NULL);
	api_alloc *ports = api_alloc_new_ports(NULL, "/registry", "30000-32767", NULL);
	static const struct {
		bool ips;
		api_repair_kind kind;
		const char *value, *reason, *message;
	} cases[] = {
	    {true, API_REPAIR_CREATE, "10.96.0.5", "ClusterIPNotAllocated",
	     "Cluster IP [IPv4]:10.96.0.5 is not allocated; repairing"},
	    {true, API_REPAIR_TRANSFER, "10.96.0.5", "ClusterIPNotAllocated",
	     "Cluster IP [IPv4]:10.96.0.5 is not allocated; repairing"},
	    {true, API_REPAIR_DUPLICATE, "10.96.0.5", "ClusterIPAlreadyAllocated",
	     "Cluster IP [IPv4]:10.96.0.5 was assigned to multiple services; please recreate service"},
	    {true, API_REPAIR_OUT_OF_RANGE, "192.168.0.1", "ClusterIPOutOfRange",
	     "Cluster IP [IPv4]:192.168.0.1 is not within the service CIDR 10.96.0.0/12; please recreate "
	     "service"},
	    {true, API_REPAIR_NOT_VALID, "10.96.0.300", "ClusterIPNotValid",
	     "Cluster IP 10.96.0.300 is not a valid IP; please recreate service"},
	    {true, API_REPAIR_WRONG_FAMILY, "fd00::1", "ClusterIPNotValid",
	     "Cluster IP fd00::1(IPv6) is of ip family that is no longer configured on cluster; please "
	     "recreate "
	     "service"},
	    {false, API_REPAIR_CREATE, "30080", "PortNotAllocated", "Port 30080 is not allocated; repairing"},
	    {false, API_REPAIR_DUPLICATE, "30080", "PortAlreadyAllocated",
	     "Port 30080 was assigned to multiple services; please recreate service"},
	    {false, API_REPAIR_OUT_OF_RANGE, "80", "PortOutOfRange",
	     "Port 80 is not within the port range 30000-32767; please recreate service"},
	    {true, API_REPAIR_DELETE, "10.96.0.5", NULL, NULL},
	    {false, API_REPAIR_LEAK, "30080", NULL, NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		api_repair_action a = {.kind = cases[i].kind, .value = cases[i].value};
		const char *reason = api_repair_reason(cases[i].ips, cases[i].kind);
		_cleanup_free_ char *msg = api_repair_message(cases[i].ips, cases[i].ips ? ips : ports, &a);
		if (!streq_ptr(reason, cases[i].reason) || !streq_ptr(msg, cases[i].message))
			fail_msg("case %zu (%s): got %s \"%s\", want %s \"%s\"", i, kind_names[cases[i].kind],
			         reason ? reason : "NULL", msg ? msg : "NULL",
			         cases[i].reason ? cases[i].reason : "NULL",
			         cases[i].message ? cases[i].message : "NULL");
	}
	api_alloc_free(ips);
	api_alloc_free(ports);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_service_values), cmocka_unit_test(test_owner),
	    cmocka_unit_test(test_plan),           cmocka_unit_test(test_runs),
	    cmocka_unit_test(test_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
