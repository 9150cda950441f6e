/* test_scheduler_plugins.c - kc-scheduler's pure parts: each filter on
 * hand-made nodes and pods with upstream's reasons, the scores' choices,
 * the FitError message, the adaptive number of nodes, and the queue's
 * order, backoff and unschedulable set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/selector.h"
#include "common/util.h"
#include "scheduler/queue.h"
#include "scheduler/sched.h"
#include "banned.h"

/* JSON written with ' for "; the caller frees. */
static cJSON *J(const char *text)
{
	_cleanup_free_ char *s = xstrdup(text);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	cJSON *j = cJSON_Parse(s);
	if (!j)
		fail_msg("bad test JSON: %s", text);
	return j;
}

static sched_node *node(const char *name, const char *extra)
{
	_cleanup_free_ char *text = xasprintf(
		"{'metadata':{'name':'%s','labels':{'kubernetes.io/hostname':'%s','disk':'ssd','rank':'5',"
		"'topology.kubernetes.io/zone':'z1'}},%s'status':{'allocatable':{'cpu':'2','memory':'4Gi','pods':'3'},"
		"'conditions':[{'type':'Ready','status':'True'}]}}",
		name, name, extra ? extra : "");
	_cleanup_json_ cJSON *n = J(text);
	sched_node *sn = sched_node_new(name);
	assert_int_equal(sched_node_set(sn, n, NULL), 0);
	return sn;
}

static cJSON *pod(const char *name, const char *cpu, const char *spec_extra, const char *container_extra)
{
	_cleanup_free_ char *text = xasprintf(
		"{'metadata':{'name':'%s','namespace':'ns','labels':{'app':'%s'}},'spec':{'containers':[{'name':'c',"
		"'resources':{'requests':{'cpu':'%s'}}%s}]%s}}",
		name, name, cpu, container_extra ? container_extra : "", spec_extra ? spec_extra : "");
	return J(text);
}

/* The reasons node n gives for pod p, joined by "|"; "" when it fits. */
static char *reasons_for(const cJSON *p, sched_node *n, sched_node **all, size_t nall)
{
	sched_pod sp;
	assert_int_equal(sched_pod_parse(p, &sp, NULL), 0);
	sched_context c;
	sched_context_build(&c, &sp, all, nall, NULL, true, NULL, NULL, NULL);
	const char *why[8];
	size_t k = sched_filter(&c, n, why, 8);
	kc_buf b = KC_BUF_INIT;
	for (size_t i = 0; i < k && i < 8; i++)
		kc_buf_addf(&b, "%s%s", i ? "|" : "", why[i]);
	sched_context_clear(&c);
	sched_pod_clear(&sp);
	return kc_buf_release(&b);
}

static void test_filters(void **state)
{
	(void)state;
	static const struct {
		const char *name, *node_extra, *cpu, *spec, *container, *want;
	} cases[] = {
		{"fits", NULL, "1", NULL, NULL, ""},
		{"too much cpu", NULL, "3", NULL, NULL, "Insufficient cpu"},
		{"too much of two", NULL, "3", ",'initContainers':[{'name':'i','resources':{'requests':{'memory':'5Gi'}}}]",
		 NULL, "Insufficient cpu|Insufficient memory"},
		{"init container counts as the max", NULL, "100m",
		 ",'initContainers':[{'name':'i','resources':{'requests':{'cpu':'2500m'}}}]", NULL, "Insufficient cpu"},
		{"unschedulable", "'spec':{'unschedulable':true},", "1", NULL, NULL, "node(s) were unschedulable"},
		{"unschedulable tolerated", "'spec':{'unschedulable':true},", "1",
		 ",'tolerations':[{'key':'node.kubernetes.io/unschedulable','operator':'Exists','effect':'NoSchedule'}]",
		 NULL, ""},
		{"taint", "'spec':{'taints':[{'key':'k','value':'v','effect':'NoSchedule'}]},", "1", NULL, NULL,
		 "node(s) had untolerated taint {k: v}"},
		{"taint tolerated by Equal", "'spec':{'taints':[{'key':'k','value':'v','effect':'NoSchedule'}]},", "1",
		 ",'tolerations':[{'key':'k','operator':'Equal','value':'v'}]", NULL, ""},
		{"taint with the wrong value", "'spec':{'taints':[{'key':'k','value':'v','effect':'NoExecute'}]},", "1",
		 ",'tolerations':[{'key':'k','value':'w'}]", NULL, "node(s) had untolerated taint {k: v}"},
		{"empty key Exists tolerates all", "'spec':{'taints':[{'key':'k','value':'v','effect':'NoExecute'}]},",
		 "1", ",'tolerations':[{'operator':'Exists'}]", NULL, ""},
		{"PreferNoSchedule does not filter", "'spec':{'taints':[{'key':'k','effect':'PreferNoSchedule'}]},", "1",
		 NULL, NULL, ""},
		{"taint before resources", "'spec':{'taints':[{'key':'k','effect':'NoSchedule'}]},", "9", NULL, NULL,
		 "node(s) had untolerated taint {k: }"},
		{"nodeSelector", NULL, "1", ",'nodeSelector':{'disk':'hdd'}", NULL,
		 "node(s) didn't match Pod's node affinity/selector"},
		{"nodeSelector fits", NULL, "1", ",'nodeSelector':{'disk':'ssd'}", NULL, ""},
		{"affinity Gt", NULL, "1",
		 ",'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
		 "[{'matchExpressions':[{'key':'rank','operator':'Gt','values':['4']}]}]}}}",
		 NULL, ""},
		{"affinity Lt fails", NULL, "1",
		 ",'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
		 "[{'matchExpressions':[{'key':'rank','operator':'Lt','values':['4']}]}]}}}",
		 NULL, "node(s) didn't match Pod's node affinity/selector"},
		{"affinity terms are ORed", NULL, "1",
		 ",'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
		 "[{'matchExpressions':[{'key':'disk','operator':'DoesNotExist'}]},{'matchFields':[{'key':"
		 "'metadata.name','operator':'In','values':['n1']}]}]}}}",
		 NULL, ""},
		{"affinity NotIn", NULL, "1",
		 ",'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':{'nodeSelectorTerms':"
		 "[{'matchExpressions':[{'key':'disk','operator':'NotIn','values':['ssd']}]}]}}}",
		 NULL, "node(s) didn't match Pod's node affinity/selector"},
		{"nodeName elsewhere", NULL, "1", ",'nodeName':'other'", NULL,
		 "node(s) didn't match the requested node name"},
		{"host port taken", NULL, "1", NULL, ",'ports':[{'containerPort':80,'hostPort':8080}]",
		 "node(s) didn't have free ports for the requested pod ports"},
		{"other host port", NULL, "1", NULL, ",'ports':[{'containerPort':80,'hostPort':9090}]", ""},
		{"same port, other address", NULL, "1", NULL,
		 ",'ports':[{'containerPort':80,'hostPort':7070,'hostIP':'10.0.0.2'}]", ""},
		{"not ready", "'spec':{},", "1", NULL, NULL, NULL}, /* special-cased below */
		{"anti-affinity with the placed pod", NULL, "1",
		 ",'affinity':{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':"
		 "{'matchLabels':{'app':'placed'}},'topologyKey':'topology.kubernetes.io/zone'}]}}",
		 NULL, "node(s) didn't match pod anti-affinity rules"},
		{"affinity with the placed pod", NULL, "1",
		 ",'affinity':{'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':"
		 "{'matchLabels':{'app':'placed'}},'topologyKey':'kubernetes.io/hostname'}]}}",
		 NULL, ""},
		{"affinity with nobody", NULL, "1",
		 ",'affinity':{'podAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'labelSelector':"
		 "{'matchLabels':{'app':'nobody'}},'topologyKey':'kubernetes.io/hostname'}]}}",
		 NULL, "node(s) didn't match pod affinity rules"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		sched_node *n = node("n1", cases[i].node_extra);
		/* one pod placed: 1 cpu, host port 8080 on every address, app=placed */
		_cleanup_json_ cJSON *placed = pod("placed", "1", NULL, ",'ports':[{'containerPort':80,'hostPort':8080}]");
		sched_node_add_pod(n, "ns/placed", placed, false);
		_cleanup_json_ cJSON *p = pod("new", cases[i].cpu, cases[i].spec, cases[i].container);
		sched_node *all[] = {n};
		_cleanup_free_ char *got = reasons_for(p, n, all, 1);
		const char *want = cases[i].want;
		if (!want) {
			/* a node whose Ready condition is False: the not-ready taint */
			_cleanup_json_ cJSON *nr = J("{'metadata':{'name':'n1'},'status':{'allocatable':{'cpu':'2','memory':"
						     "'4Gi','pods':'3'},'conditions':[{'type':'Ready','status':'False'}]}}");
			sched_node_set(n, nr, NULL);
			free(got);
			got = reasons_for(p, n, all, 1);
			want = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
		}
		if (!streq(got, want))
			fail_msg("%s:\n  got:  %s\n  want: %s", cases[i].name, got, want);
		sched_node_free(n);
	}
}

static void test_existing_anti_affinity(void **state)
{
	(void)state;
	sched_node *a = node("a", NULL), *b = node("b", NULL);
	_cleanup_json_ cJSON *loner = pod("loner", "100m",
					  ",'affinity':{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
					  "[{'labelSelector':{'matchLabels':{'app':'new'}},'topologyKey':"
					  "'kubernetes.io/hostname'}]}}",
					  NULL);
	sched_node_add_pod(a, "ns/loner", loner, false);
	_cleanup_json_ cJSON *p = pod("new", "100m", NULL, NULL);
	sched_node *all[] = {a, b};
	_cleanup_free_ char *on_a = reasons_for(p, a, all, 2);
	_cleanup_free_ char *on_b = reasons_for(p, b, all, 2);
	assert_string_equal(on_a, "node(s) didn't satisfy existing pods anti-affinity rules");
	assert_string_equal(on_b, "");
	sched_node_free(a);
	sched_node_free(b);
}

static void test_accounting(void **state)
{
	(void)state;
	sched_node *n = node("n", NULL);
	_cleanup_json_ cJSON *p = pod("p", "500m", NULL, ",'ports':[{'containerPort':1,'hostPort':30}]");
	sched_node_add_pod(n, "ns/p", p, true);
	sched_node_add_pod(n, "ns/p", p, false); /* the same pod again: replaced, not added */
	assert_int_equal(n->requested.cpu_milli, 500);
	assert_int_equal(n->requested.pods, 1);
	assert_true(sched_node_pod(n, "ns/p") && !sched_node_pod(n, "ns/p")->assumed);
	sched_node_remove_pod(n, "ns/p");
	assert_int_equal(n->requested.cpu_milli, 0);
	assert_int_equal(n->requested.pods, 0);
	assert_int_equal(kc_map_size(n->ports), 0);
	/* a bad quantity in a pod to schedule is an error, a node's too */
	_cleanup_json_ cJSON *bad = pod("bad", "lots", NULL, NULL);
	sched_pod sp;
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(sched_pod_parse(bad, &sp, &err), -22);
	assert_non_null(strstr(err.msg, "container c: cpu:"));
	sched_pod_clear(&sp);
	_cleanup_json_ cJSON *bad_node = J("{'metadata':{'name':'n'},'status':{'allocatable':{'cpu':'x'}}}");
	assert_true(sched_node_set(n, bad_node, &err) < 0);
	assert_false(n->valid);
	sched_node_free(n);
}

static void test_scores(void **state)
{
	(void)state;
	/* the emptier node wins; preferred affinity beats it; PreferNoSchedule loses */
	sched_node *busy = node("busy", NULL), *empty = node("empty", NULL);
	_cleanup_json_ cJSON *load = pod("load", "1500m", NULL, NULL);
	sched_node_add_pod(busy, "ns/load", load, false);
	sched_node *all[] = {busy, empty};
	static const struct {
		const char *name, *spec;
		size_t want;
	} cases[] = {
		{"least allocated", NULL, 1},
		{"preferred affinity",
		 ",'affinity':{'nodeAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':100,"
		 "'preference':{'matchFields':[{'key':'metadata.name','operator':'In','values':['busy']}]}}]}}",
		 0},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *p = pod("new", "100m", cases[i].spec, NULL);
		sched_pod sp;
		assert_int_equal(sched_pod_parse(p, &sp, NULL), 0);
		sched_context c;
		sched_context_build(&c, &sp, all, 2, NULL, false, NULL, NULL, NULL);
		sched_score scores[2];
		size_t best = sched_score_all(&c, all, 2, scores, 7);
		if (best != cases[i].want)
			fail_msg("%s: chose %s (%.1f vs %.1f)", cases[i].name, all[best]->name, scores[0].total,
				 scores[1].total);
		sched_context_clear(&c);
		sched_pod_clear(&sp);
	}
	/* equal nodes: ties go both ways */
	sched_node *x = node("x", NULL), *y = node("y", NULL);
	sched_node *pair[] = {x, y};
	_cleanup_json_ cJSON *p = pod("new", "100m", NULL, NULL);
	sched_pod sp;
	sched_pod_parse(p, &sp, NULL);
	sched_context c;
	sched_context_build(&c, &sp, pair, 2, NULL, false, NULL, NULL, NULL);
	int chosen[2] = {0};
	for (unsigned r = 0; r < 64; r++) {
		sched_score scores[2];
		chosen[sched_score_all(&c, pair, 2, scores, r * 2654435761u)]++;
	}
	assert_true(chosen[0] > 0 && chosen[1] > 0);
	sched_context_clear(&c);
	sched_pod_clear(&sp);
	sched_node_free(x);
	sched_node_free(y);
	sched_node_free(busy);
	sched_node_free(empty);
}

/* A pod without an owner spreads away from the pods its Services select. */
static void test_service_spreading(void **state)
{
	(void)state;
	sched_node *a = node("a", NULL), *b = node("b", NULL);
	_cleanup_json_ cJSON *w1 = pod("web", "0", NULL, NULL), *w2 = pod("web", "0", NULL, NULL);
	sched_node_add_pod(a, "ns/web-1", w1, false);
	sched_node_add_pod(a, "ns/web-2", w2, false);
	_cleanup_json_ cJSON *other = pod("other", "1", NULL, NULL);
	sched_node_add_pod(b, "ns/other", other, false); /* b is busier */
	sched_node *all[] = {a, b};
	_cleanup_json_ cJSON *p = pod("web", "100m", NULL, NULL);
	sched_pod sp;
	assert_int_equal(sched_pod_parse(p, &sp, NULL), 0);
	for (int with_service = 0; with_service < 2; with_service++) {
		sched_context c;
		sched_context_build(&c, &sp, all, 2, NULL, false, NULL, NULL, NULL);
		kc_selector *sel = NULL;
		assert_int_equal(kc_selector_parse("app=web", &sel, NULL), 0);
		if (with_service)
			sched_context_spread_by_selectors(&c, all, 2, &sel, 1);
		sched_score scores[2];
		size_t best = sched_score_all(&c, all, 2, scores, 1);
		/* without the Service the emptier node a wins; with it, b */
		assert_string_equal(all[best]->name, with_service ? "b" : "a");
		kc_selector_free(sel);
		sched_context_clear(&c);
	}
	sched_pod_clear(&sp);
	sched_node_free(a);
	sched_node_free(b);
}

/* VolumeBinding: a bound local volume pins the pod to its node; claims
 * missing or unbound make every node fail with upstream's words. */
static const cJSON *find_in(const cJSON *list, const char *ns, const char *name)
{
	const cJSON *o;
	cJSON_ArrayForEach(o, list)
	if (streq(kc_json_get_str(o, "metadata.name", ""), name) &&
	    streq(kc_json_get_str(o, "metadata.namespace", ""), ns ? ns : ""))
		return o;
	return NULL;
}

/* userdata: {"pvcs": [...], "pvs": [...]} */
static const cJSON *lookup_pvc(const char *ns, const char *name, void *userdata)
{
	return find_in(kc_json_get(userdata, "pvcs"), ns, name);
}

static const cJSON *lookup_pv(const char *ns, const char *name, void *userdata)
{
	return find_in(kc_json_get(userdata, "pvs"), ns, name);
}

static void test_volume_binding(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *store = J("{'pvcs':[{'metadata':{'name':'data','namespace':'ns'},'spec':{'volumeName':'local-a'}},"
			       "{'metadata':{'name':'pending','namespace':'ns'},'spec':{}}],"
			       "'pvs':[{'metadata':{'name':'local-a'},'spec':{'nodeAffinity':{'required':{"
			       "'nodeSelectorTerms':[{'matchExpressions':[{'key':'kubernetes.io/hostname','operator':'In',"
			       "'values':['a']}]}]}}}}]}");
	sched_node *a = node("a", NULL), *b = node("b", NULL);
	sched_node *all[] = {a, b};
	static const struct {
		const char *claim, *on_a, *on_b;
	} cases[] = {
		{"data", "", "node(s) had volume node affinity conflict"},
		{"missing", "persistentvolumeclaim \"missing\" not found", "persistentvolumeclaim \"missing\" not found"},
		{"pending", "pod has unbound immediate PersistentVolumeClaims",
		 "pod has unbound immediate PersistentVolumeClaims"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *spec = xasprintf(",'volumes':[{'name':'v','persistentVolumeClaim':{'claimName':'%s'}}]",
						      cases[i].claim);
		_cleanup_json_ cJSON *p = pod("new", "100m", spec, NULL);
		sched_pod sp;
		assert_int_equal(sched_pod_parse(p, &sp, NULL), 0);
		sched_context c;
		sched_context_build(&c, &sp, all, 2, NULL, false, lookup_pvc, lookup_pv, store);
		for (int k = 0; k < 2; k++) {
			const char *why[4];
			size_t n = sched_filter(&c, all[k], why, 4);
			const char *want = k ? cases[i].on_b : cases[i].on_a;
			const char *got = n ? why[0] : "";
			if (!streq(got, want))
				fail_msg("claim %s on node %s: \"%s\", want \"%s\"", cases[i].claim, all[k]->name, got, want);
		}
		sched_context_clear(&c);
		sched_pod_clear(&sp);
	}
	sched_node_free(a);
	sched_node_free(b);
}

/* PreferNoSchedule taints lower a node's score unless tolerated. */
static void test_prefer_no_schedule(void **state)
{
	(void)state;
	sched_node *tainted = node("tainted", "'spec':{'taints':[{'key':'k','effect':'PreferNoSchedule'}]},");
	sched_node *plain = node("plain", NULL);
	_cleanup_json_ cJSON *load = pod("load", "1", NULL, NULL);
	sched_node_add_pod(plain, "ns/load", load, false); /* plain is busier */
	sched_node *all[] = {tainted, plain};
	static const struct {
		const char *spec, *want;
	} cases[] = {
		{NULL, "plain"},
		{",'tolerations':[{'key':'k','operator':'Exists','effect':'PreferNoSchedule'}]", "tainted"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *p = pod("new", "100m", cases[i].spec, NULL);
		sched_pod sp;
		assert_int_equal(sched_pod_parse(p, &sp, NULL), 0);
		sched_context c;
		sched_context_build(&c, &sp, all, 2, NULL, false, NULL, NULL, NULL);
		sched_score scores[2];
		size_t best = sched_score_all(&c, all, 2, scores, 3);
		assert_string_equal(all[best]->name, cases[i].want);
		sched_context_clear(&c);
		sched_pod_clear(&sp);
	}
	sched_node_free(tainted);
	sched_node_free(plain);
}

static void test_fit_error_and_counts(void **state)
{
	(void)state;
	kc_map *r = kc_map_new(NULL);
	kc_map_put(r, "node(s) had untolerated taint {a: }", (void *)(intptr_t)2);
	kc_map_put(r, "Insufficient cpu", (void *)(intptr_t)1);
	_cleanup_free_ char *msg = sched_fit_error(3, r);
	assert_string_equal(msg, "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {a: }.");
	kc_map_free(r);
	static const size_t n[][2] = {{1, 1}, {99, 99}, {100, 100}, {1000, 420}, {5000, 500}, {100000, 5000}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(n); i++)
		if (sched_nodes_to_find(n[i][0]) != n[i][1])
			fail_msg("%zu nodes: %zu to find, want %zu", n[i][0], sched_nodes_to_find(n[i][0]), n[i][1]);
}

static void test_queue(void **state)
{
	(void)state;
	sched_queue *q = sched_queue_new();
	sched_queue_add(q, "ns/low", 0, false, 0);
	sched_queue_add(q, "ns/old-high", 10, false, 1);
	sched_queue_add(q, "ns/new-high", 10, false, 2);
	sched_queue_add(q, "ns/low", 0, false, 3); /* again: no duplicate */
	const char *order[] = {"ns/old-high", "ns/new-high", "ns/low"};
	for (size_t i = 0; i < 3; i++) {
		char *k = NULL;
		assert_true(sched_queue_pop(q, 10, &k));
		assert_string_equal(k, order[i]);
		free(k);
	}
	char *k = NULL;
	assert_false(sched_queue_pop(q, 10, &k));
	/* backoff: 1 s, then 2 s */
	sched_queue_backoff(q, "ns/b", 0, 1000);
	assert_false(sched_queue_pop(q, 1999, &k));
	assert_int_equal(sched_queue_next_backoff(q), 2000);
	assert_true(sched_queue_pop(q, 2000, &k));
	free(k);
	sched_queue_backoff(q, "ns/b", 0, 3000);
	assert_int_equal(sched_queue_next_backoff(q), 5000);
	/* unschedulable: stays until something changes, or 5 minutes */
	sched_queue_unschedulable(q, "ns/u", 0, 0);
	sched_queue_counts c;
	sched_queue_get_counts(q, &c);
	assert_int_equal(c.unschedulable, 1);
	assert_int_equal(c.backoff, 1);
	sched_queue_add(q, "ns/u", 0, false, 100); /* a status update: no move */
	sched_queue_get_counts(q, &c);
	assert_int_equal(c.unschedulable, 1);
	sched_queue_move_all(q, 50000);
	assert_true(sched_queue_pop(q, 50000, &k)); /* ns/b's backoff ran out too */
	free(k);
	assert_true(sched_queue_pop(q, 50000, &k));
	free(k);
	sched_queue_unschedulable(q, "ns/u", 0, 60000);
	sched_queue_flush(q, 60000 + 299000);
	sched_queue_get_counts(q, &c);
	assert_int_equal(c.unschedulable, 1);
	sched_queue_flush(q, 60000 + 301000);
	assert_true(sched_queue_pop(q, 60000 + 301000, &k));
	assert_string_equal(k, "ns/u");
	free(k);
	assert_int_equal(sched_queue_attempts(q, "ns/u"), 2);
	sched_queue_delete(q, "ns/u");
	assert_int_equal(sched_queue_attempts(q, "ns/u"), 0);
	sched_queue_free(q);
}

int main(void)
{
	kc_util_init_json_hooks();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_existing_anti_affinity),
		cmocka_unit_test(test_accounting),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_service_spreading),
		cmocka_unit_test(test_volume_binding),
		cmocka_unit_test(test_prefer_no_schedule),
		cmocka_unit_test(test_fit_error_and_counts),
		cmocka_unit_test(test_queue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
