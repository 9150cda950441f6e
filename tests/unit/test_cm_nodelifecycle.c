/* test_cm_nodelifecycle.c - the pure parts of the node lifecycle and taint
 * eviction controllers (controller-manager/nodelifecycle.h): toleration
 * matching and eviction times, taint swaps, the NoSchedule condition
 * taints, node health over time (Lease renewals, grace periods, the
 * Unknown conditions), pods marked not ready, zone states, and the
 * rate-limited tainting queue. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/util.h"
#include "controller-manager/nodelifecycle.h"

static cJSON *J(const char *s)
{
	cJSON *j = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse_str(s, &j, &err) < 0)
		fail_msg("bad test JSON %s: %s", s, err.msg);
	return j;
}

static void test_tolerates(void **state)
{
	(void)state;
	static const struct {
		const char *tol, *taint;
		bool want;
	} cases[] = {
		{"{\"key\":\"a\",\"operator\":\"Equal\",\"value\":\"x\",\"effect\":\"NoExecute\"}",
		 "{\"key\":\"a\",\"value\":\"x\",\"effect\":\"NoExecute\"}", true},
		{"{\"key\":\"a\",\"value\":\"x\"}", "{\"key\":\"a\",\"value\":\"x\",\"effect\":\"NoSchedule\"}", true},
		{"{\"key\":\"a\",\"value\":\"y\"}", "{\"key\":\"a\",\"value\":\"x\",\"effect\":\"NoExecute\"}", false},
		{"{\"key\":\"a\",\"operator\":\"Exists\"}", "{\"key\":\"a\",\"value\":\"x\",\"effect\":\"NoExecute\"}", true},
		{"{\"operator\":\"Exists\"}", "{\"key\":\"anything\",\"effect\":\"NoExecute\"}", true},
		{"{\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}", "{\"key\":\"k\",\"effect\":\"NoExecute\"}", false},
		{"{\"key\":\"b\",\"operator\":\"Exists\"}", "{\"key\":\"a\",\"effect\":\"NoExecute\"}", false},
		{"{\"key\":\"a\"}", "{\"key\":\"a\",\"effect\":\"NoExecute\"}", true}, /* "" == "" */
		{"{\"key\":\"a\",\"operator\":\"Gt\",\"value\":\"1\"}", "{\"key\":\"a\",\"value\":\"2\",\"effect\":\"NoExecute\"}",
		 false},
		{"{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
		 "\"tolerationSeconds\":300}",
		 "{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"}", true},
		/* as upstream: an empty toleration (validation refuses it) equals
		 * a taint without a value */
		{"{}", "{\"key\":\"a\",\"effect\":\"NoExecute\"}", true},
		{"{}", "{\"key\":\"a\",\"value\":\"v\",\"effect\":\"NoExecute\"}", false},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *tol = J(cases[i].tol);
		_cleanup_json_ cJSON *taint = J(cases[i].taint);
		if (kc_nl_tolerates(tol, taint) != cases[i].want)
			fail_msg("case %zu: %s vs %s: want %d", i, cases[i].tol, cases[i].taint, cases[i].want);
	}
}

#define UNREACH "{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"}"
#define NOTREADY "{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoExecute\"}"
#define TOL(k, secs) "{\"key\":\"" k "\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":" secs "}"

static void test_eviction_delay(void **state)
{
	(void)state;
	static const struct {
		const char *taints, *tolerations;
		int64_t want;
		bool all;
	} cases[] = {
		/* no taints: nothing to do */
		{"[]", "[]", -1, true},
		/* not tolerated: at once */
		{"[" UNREACH "]", "[]", 0, false},
		{"[" UNREACH "]", "null", 0, false},
		{"[" UNREACH "," NOTREADY "]", "[" TOL("node.kubernetes.io/unreachable", "300") "]", 0, false},
		/* tolerated for a while: the smallest seconds */
		{"[" UNREACH "]", "[" TOL("node.kubernetes.io/unreachable", "300") "]", 300, true},
		{"[" UNREACH "]", "[" TOL("node.kubernetes.io/unreachable", "3") "]", 3, true},
		{"[" UNREACH "," NOTREADY "]",
		 "[" TOL("node.kubernetes.io/unreachable", "30") "," TOL("node.kubernetes.io/not-ready", "20") "]", 20, true},
		/* the first matching toleration counts, not the longest */
		{"[" UNREACH "]",
		 "[" TOL("node.kubernetes.io/unreachable", "5") "," TOL("node.kubernetes.io/unreachable", "500") "]", 5, true},
		/* forever */
		{"[" UNREACH "]", "[{\"operator\":\"Exists\"}]", -1, true},
		{"[" UNREACH "]", "[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\"}]", -1, true},
		/* forever and a while: the while */
		{"[" UNREACH "," NOTREADY "]",
		 "[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\"}," TOL("node.kubernetes.io/not-ready",
											 "7") "]",
		 7, true},
		/* zero or negative seconds: at once, though tolerated */
		{"[" UNREACH "]", "[" TOL("node.kubernetes.io/unreachable", "0") "]", 0, true},
		{"[" UNREACH "]", "[" TOL("node.kubernetes.io/unreachable", "-5") "]", 0, true},
		{"[" UNREACH "," NOTREADY "]",
		 "[" TOL("node.kubernetes.io/unreachable", "0") "," TOL("node.kubernetes.io/not-ready", "10") "]", 0, true},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *taints = J(cases[i].taints);
		_cleanup_json_ cJSON *tols = J(cases[i].tolerations);
		bool all = !cases[i].all;
		int64_t got = kc_nl_eviction_delay(taints, tols, &all);
		if (got != cases[i].want || all != cases[i].all)
			fail_msg("case %zu: delay %lld all %d, want %lld %d", i, (long long)got, all,
				 (long long)cases[i].want, cases[i].all);
	}
	_cleanup_json_ cJSON *node_taints =
		J("[{\"key\":\"a\",\"effect\":\"NoSchedule\"}," UNREACH ",{\"key\":\"b\",\"effect\":\"PreferNoSchedule\"}]");
	_cleanup_json_ cJSON *ne = kc_nl_noexecute_taints(node_taints);
	_cleanup_json_ cJSON *want = J("[" UNREACH "]");
	assert_true(kc_json_equal(ne, want));
}

static void test_swap_taints(void **state)
{
	(void)state;
	const kc_nl_taint_ref unreach = {"node.kubernetes.io/unreachable", "NoExecute"};
	const kc_nl_taint_ref notready = {"node.kubernetes.io/not-ready", "NoExecute"};
	const char *now = "2024-05-01T10:00:00Z";
	static const struct {
		const char *in;
		int add; /* 0 none, 1 unreachable, 2 not-ready */
		int remove;
		const char *want; /* NULL: unchanged */
	} cases[] = {
		{"null", 1, 2,
		 "[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\",\"timeAdded\":\"2024-05-01T10:00:00Z\"}]"},
		{"[{\"key\":\"x\",\"value\":\"y\",\"effect\":\"NoSchedule\"}]", 1, 0,
		 "[{\"key\":\"x\",\"value\":\"y\",\"effect\":\"NoSchedule\"},{\"key\":\"node.kubernetes.io/unreachable\","
		 "\"effect\":\"NoExecute\",\"timeAdded\":\"2024-05-01T10:00:00Z\"}]"},
		/* already there: unchanged, its time kept */
		{"[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\",\"timeAdded\":\"2020-01-01T00:00:00Z\"}]",
		 1, 2, NULL},
		/* swapped */
		{"[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":\"NoExecute\",\"timeAdded\":\"2020-01-01T00:00:00Z\"}]",
		 1, 2,
		 "[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\",\"timeAdded\":\"2024-05-01T10:00:00Z\"}]"},
		/* removed; the NoSchedule one of the same key stays */
		{"[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoSchedule\"},{\"key\":\"node.kubernetes.io/"
		 "unreachable\",\"effect\":\"NoExecute\"}]",
		 0, 1, "[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoSchedule\"}]"},
		{"[]", 0, 1, NULL},
		/* a value on the same key and effect is replaced */
		{"[{\"key\":\"node.kubernetes.io/unreachable\",\"value\":\"v\",\"effect\":\"NoExecute\"}]", 1, 0,
		 "[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\",\"timeAdded\":\"2024-05-01T10:00:00Z\"}]"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *in = J(cases[i].in);
		const kc_nl_taint_ref *add = cases[i].add == 1 ? &unreach : cases[i].add == 2 ? &notready : NULL;
		const kc_nl_taint_ref *rem = cases[i].remove == 1 ? &unreach : cases[i].remove == 2 ? &notready : NULL;
		_cleanup_json_ cJSON *got = kc_nl_swap_taints(in, add, add ? 1 : 0, rem, rem ? 1 : 0, now);
		if (!cases[i].want) {
			if (got)
				fail_msg("case %zu: want unchanged, got %s", i, kc_json_print(got));
			continue;
		}
		_cleanup_json_ cJSON *want = J(cases[i].want);
		if (!got || !kc_json_equal(got, want)) {
			_cleanup_free_ char *s = got ? kc_json_print(got) : xstrdup("NULL");
			fail_msg("case %zu: got %s, want %s", i, s, cases[i].want);
		}
	}
}

static void test_noschedule_diff(void **state)
{
	(void)state;
	static const struct {
		const char *node;
		const char *add, *remove; /* comma-joined keys */
	} cases[] = {
		{"{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}", "", ""},
		{"{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}", "node.kubernetes.io/not-ready", ""},
		{"{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"Unknown\"},{\"type\":\"DiskPressure\","
		 "\"status\":\"True\"}]}}",
		 "node.kubernetes.io/unreachable,node.kubernetes.io/disk-pressure", ""},
		{"{\"spec\":{\"unschedulable\":true,\"taints\":[{\"key\":\"node.kubernetes.io/not-ready\",\"effect\":"
		 "\"NoSchedule\"}]},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}",
		 "node.kubernetes.io/unschedulable", "node.kubernetes.io/not-ready"},
		/* taints of other keys or effects are not the controller's */
		{"{\"spec\":{\"taints\":[{\"key\":\"dedicated\",\"effect\":\"NoSchedule\"},{\"key\":\"node.kubernetes.io/"
		 "unreachable\",\"effect\":\"NoExecute\"}]},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}",
		 "", ""},
		{"{\"spec\":{\"taints\":[{\"key\":\"node.kubernetes.io/memory-pressure\",\"effect\":\"NoSchedule\"}]},"
		 "\"status\":{\"conditions\":[{\"type\":\"MemoryPressure\",\"status\":\"True\"},{\"type\":\"PIDPressure\","
		 "\"status\":\"True\"},{\"type\":\"NetworkUnavailable\",\"status\":\"False\"}]}}",
		 "node.kubernetes.io/pid-pressure", ""},
		{"{}", "", ""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *node = J(cases[i].node);
		kc_nl_taint_ref add[8], rem[8];
		size_t na = 99, nr = 99;
		bool changed = kc_nl_noschedule_diff(node, add, &na, rem, &nr);
		kc_buf a = KC_BUF_INIT, r = KC_BUF_INIT;
		for (size_t k = 0; k < na; k++) {
			kc_buf_addf(&a, "%s%s", k ? "," : "", add[k].key);
			assert_string_equal(add[k].effect, "NoSchedule");
		}
		for (size_t k = 0; k < nr; k++)
			kc_buf_addf(&r, "%s%s", k ? "," : "", rem[k].key);
		if (!streq(kc_buf_str(&a), cases[i].add) || !streq(kc_buf_str(&r), cases[i].remove) ||
		    changed != (na + nr > 0))
			fail_msg("case %zu: add [%s] remove [%s], want [%s] [%s]", i, kc_buf_str(&a), kc_buf_str(&r),
				 cases[i].add, cases[i].remove);
		kc_buf_free(&a);
		kc_buf_free(&r);
	}
}

static void test_labels_and_zones(void **state)
{
	(void)state;
	static const struct {
		const char *node, *want_labels, *zone;
	} cases[] = {
		{"{\"metadata\":{\"labels\":{\"kubernetes.io/os\":\"linux\",\"kubernetes.io/arch\":\"amd64\"}}}",
		 "{\"beta.kubernetes.io/os\":\"linux\",\"beta.kubernetes.io/arch\":\"amd64\"}", ""},
		{"{\"metadata\":{\"labels\":{\"kubernetes.io/os\":\"linux\",\"beta.kubernetes.io/os\":\"linux\"}}}", NULL, ""},
		{"{\"metadata\":{\"labels\":{\"kubernetes.io/os\":\"linux\",\"beta.kubernetes.io/os\":\"windows\"}}}",
		 "{\"beta.kubernetes.io/os\":\"linux\"}", ""},
		{"{\"metadata\":{\"labels\":{\"beta.kubernetes.io/os\":\"linux\",\"topology.kubernetes.io/zone\":\"z1\","
		 "\"topology.kubernetes.io/region\":\"r1\"}}}",
		 NULL, "r1:\x01:z1"},
		{"{\"metadata\":{\"labels\":{\"failure-domain.beta.kubernetes.io/zone\":\"z2\"}}}", NULL, ":\x01:z2"},
		{"{}", NULL, ""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *node = J(cases[i].node);
		_cleanup_json_ cJSON *got = kc_nl_labels_to_reconcile(node);
		if (cases[i].want_labels) {
			_cleanup_json_ cJSON *want = J(cases[i].want_labels);
			if (!got || !kc_json_equal(got, want))
				fail_msg("case %zu: labels differ", i);
		} else if (got) {
			fail_msg("case %zu: want no labels", i);
		}
		char buf[256];
		if (!streq(kc_nl_zone_key(node, buf, sizeof(buf)), cases[i].zone))
			fail_msg("case %zu: zone \"%s\"", i, buf);
	}
}

/* ---- node health ---- */

#define GRACE   40000
#define STARTUP 60000

static cJSON *ready_node(const char *status, const char *heartbeat)
{
	char buf[1024];
	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"n1\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"},\"status\":{"
		 "\"conditions\":[{\"type\":\"MemoryPressure\",\"status\":\"False\",\"reason\":\"KubeletHasSufficientMemory\","
		 "\"lastHeartbeatTime\":\"%s\",\"lastTransitionTime\":\"2024-01-01T00:00:00Z\"},"
		 "{\"type\":\"Ready\",\"status\":\"%s\",\"reason\":\"KubeletReady\",\"message\":\"kubelet is posting ready "
		 "status\",\"lastHeartbeatTime\":\"%s\",\"lastTransitionTime\":\"2024-01-01T00:00:00Z\"}]}}",
		 heartbeat, status, heartbeat);
	return J(buf);
}

static cJSON *lease(const char *renew)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "{\"spec\":{\"holderIdentity\":\"n1\",\"renewTime\":\"%s\"}}", renew);
	return J(buf);
}

static const char *cond_field(const cJSON *node, const char *type, const char *field)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(node, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), type))
			return kc_json_get_str(c, field, "");
	}
	return NULL;
}

static void test_health_lease(void **state)
{
	(void)state;
	kc_nl_health h = {0};
	_cleanup_json_ cJSON *node = ready_node("True", "2024-01-01T00:00:00Z");
	_cleanup_json_ cJSON *l1 = lease("2024-01-01T00:00:10.000000Z");
	_cleanup_json_ cJSON *l2 = lease("2024-01-01T00:00:20.000000Z");
	cJSON *upd = NULL;
	kc_nl_ready obs, cur;
	const char *now = "2024-01-01T01:00:00Z";

	/* First look: healthy from now. */
	kc_nl_update_health(&h, node, l1, 1000, now, GRACE, STARTUP, &upd, &obs, &cur);
	assert_null(upd);
	assert_int_equal(obs, KC_NL_READY_TRUE);
	assert_int_equal(cur, KC_NL_READY_TRUE);
	assert_int_equal(h.probe_ms, 1000);
	/* Within the grace period: nothing. */
	kc_nl_update_health(&h, node, l1, 1000 + GRACE, now, GRACE, STARTUP, &upd, &obs, &cur);
	assert_null(upd);
	/* The Lease renewed: probe moves on, past the old deadline nothing happens. */
	kc_nl_update_health(&h, node, l2, 30000, now, GRACE, STARTUP, &upd, &obs, &cur);
	assert_null(upd);
	assert_int_equal(h.probe_ms, 30000);
	kc_nl_update_health(&h, node, l2, 30000 + GRACE, now, GRACE, STARTUP, &upd, &obs, &cur);
	assert_null(upd);
	/* An older renewTime is no sign of life. */
	kc_nl_update_health(&h, node, l1, 30001 + GRACE - 1, now, GRACE, STARTUP, &upd, &obs, &cur);
	assert_null(upd);
	assert_int_equal(h.probe_ms, 30000);

	/* Past the grace period without renewal: Unknown everywhere. */
	kc_nl_update_health(&h, node, l2, 30001 + GRACE, now, GRACE, STARTUP, &upd, &obs, &cur);
	assert_non_null(upd);
	assert_int_equal(obs, KC_NL_READY_TRUE);
	assert_int_equal(cur, KC_NL_READY_UNKNOWN);
	assert_string_equal(cond_field(upd, "Ready", "status"), "Unknown");
	assert_string_equal(cond_field(upd, "Ready", "reason"), "NodeStatusUnknown");
	assert_string_equal(cond_field(upd, "Ready", "message"), "Kubelet stopped posting node status.");
	assert_string_equal(cond_field(upd, "Ready", "lastTransitionTime"), now);
	/* the heartbeat is the kubelet's last one, not ours */
	assert_string_equal(cond_field(upd, "Ready", "lastHeartbeatTime"), "2024-01-01T00:00:00Z");
	assert_string_equal(cond_field(upd, "MemoryPressure", "status"), "Unknown");
	assert_string_equal(cond_field(upd, "MemoryPressure", "reason"), "NodeStatusUnknown");
	/* conditions the kubelet never posted are added */
	assert_string_equal(cond_field(upd, "DiskPressure", "status"), "Unknown");
	assert_string_equal(cond_field(upd, "DiskPressure", "reason"), "NodeStatusNeverUpdated");
	assert_string_equal(cond_field(upd, "DiskPressure", "message"), "Kubelet never posted node status.");
	assert_string_equal(cond_field(upd, "PIDPressure", "lastHeartbeatTime"), "2024-01-01T00:00:00Z");
	assert_null(cond_field(upd, "NetworkUnavailable", "status"));

	/* The cache now shows what was written: no second write. */
	cJSON *again = NULL;
	kc_nl_update_health(&h, upd, l2, 40000 + GRACE, now, GRACE, STARTUP, &again, &obs, &cur);
	assert_null(again);
	assert_int_equal(obs, KC_NL_READY_UNKNOWN);
	assert_int_equal(cur, KC_NL_READY_UNKNOWN);

	/* The node renews again: alive, the kubelet will post Ready. */
	_cleanup_json_ cJSON *l3 = lease("2024-01-01T00:05:00.000000Z");
	cJSON *upd2 = NULL;
	kc_nl_update_health(&h, upd, l3, 50000 + GRACE, now, GRACE, STARTUP, &upd2, &obs, &cur);
	assert_null(upd2);
	assert_int_equal(h.probe_ms, 50000 + GRACE);
	cJSON_Delete(upd);
	kc_nl_health_clear(&h);
}

static void test_health_heartbeat(void **state)
{
	(void)state;
	kc_nl_health h = {0};
	_cleanup_json_ cJSON *n1 = ready_node("True", "2024-01-01T00:00:00Z");
	_cleanup_json_ cJSON *n2 = ready_node("True", "2024-01-01T00:00:30Z");
	cJSON *upd = NULL;
	kc_nl_ready obs, cur;
	kc_nl_update_health(&h, n1, NULL, 0, "t", GRACE, STARTUP, &upd, &obs, &cur);
	assert_null(upd);
	/* A status heartbeat without any Lease keeps it alive too. */
	kc_nl_update_health(&h, n2, NULL, GRACE, "t", GRACE, STARTUP, &upd, &obs, &cur);
	assert_null(upd);
	assert_int_equal(h.probe_ms, GRACE);
	kc_nl_update_health(&h, n2, NULL, 2 * GRACE + 1, "t", GRACE, STARTUP, &upd, &obs, &cur);
	assert_non_null(upd);
	assert_int_equal(cur, KC_NL_READY_UNKNOWN);
	cJSON_Delete(upd);
	kc_nl_health_clear(&h);

	/* A node the kubelet reports NotReady (False): Unknown once silent
	 * too, observed False. */
	_cleanup_json_ cJSON *nf = ready_node("False", "2024-01-01T00:00:00Z");
	kc_nl_update_health(&h, nf, NULL, 0, "t", GRACE, STARTUP, &upd, &obs, &cur);
	assert_int_equal(obs, KC_NL_READY_FALSE);
	assert_int_equal(cur, KC_NL_READY_FALSE);
	kc_nl_update_health(&h, nf, NULL, GRACE + 1, "t", GRACE, STARTUP, &upd, &obs, &cur);
	assert_non_null(upd);
	assert_int_equal(obs, KC_NL_READY_FALSE);
	assert_int_equal(cur, KC_NL_READY_UNKNOWN);
	cJSON_Delete(upd);
	kc_nl_health_clear(&h);
}

static void test_health_never_posted(void **state)
{
	(void)state;
	kc_nl_health h = {0};
	/* Created long ago, no conditions at all: the startup grace counts
	 * from creation, so it is past at once. */
	_cleanup_json_ cJSON *old = J("{\"metadata\":{\"name\":\"n\",\"creationTimestamp\":\"2000-01-01T00:00:00Z\"}}");
	cJSON *upd = NULL;
	kc_nl_ready obs, cur;
	kc_nl_update_health(&h, old, NULL, 1000000, "2024-01-01T00:00:00Z", GRACE, STARTUP, &upd, &obs, &cur);
	assert_non_null(upd);
	assert_int_equal(obs, KC_NL_READY_UNKNOWN);
	assert_int_equal(cur, KC_NL_READY_UNKNOWN);
	assert_string_equal(cond_field(upd, "Ready", "reason"), "NodeStatusNeverUpdated");
	assert_string_equal(cond_field(upd, "Ready", "lastHeartbeatTime"), "2000-01-01T00:00:00Z");
	cJSON_Delete(upd);
	kc_nl_health_clear(&h);

	/* Created now: the startup grace (not the monitor grace) applies. */
	char created[KC_TIME_RFC3339_MAX], json[256];
	kc_time_format_rfc3339(kc_time_now_sec(), created);
	snprintf(json, sizeof(json), "{\"metadata\":{\"name\":\"n\",\"creationTimestamp\":\"%s\"}}", created);
	_cleanup_json_ cJSON *fresh = J(json);
	kc_nl_update_health(&h, fresh, NULL, 1000000, "t", GRACE, STARTUP, &upd, &obs, &cur);
	assert_null(upd);
	assert_int_equal(cur, KC_NL_READY_NONE);
	kc_nl_update_health(&h, fresh, NULL, 1000000 + GRACE + 5000, "t", GRACE, STARTUP, &upd, &obs, &cur);
	assert_null(upd);
	kc_nl_update_health(&h, fresh, NULL, 1000000 + STARTUP + 5000, "t", GRACE, STARTUP, &upd, &obs, &cur);
	assert_non_null(upd);
	cJSON_Delete(upd);
	kc_nl_health_clear(&h);
}

static void test_pod_conditions(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *pod = J("{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
				      "\"lastTransitionTime\":\"2024-01-01T00:00:00Z\"},{\"type\":\"ContainersReady\","
				      "\"status\":\"True\"}]}}");
	assert_true(kc_nl_pod_mark_not_ready(pod, "2024-02-02T00:00:00Z"));
	assert_string_equal(cond_field(pod, "Ready", "status"), "False");
	assert_string_equal(cond_field(pod, "Ready", "lastTransitionTime"), "2024-02-02T00:00:00Z");
	assert_string_equal(cond_field(pod, "ContainersReady", "status"), "True"); /* as upstream: Ready only */
	assert_false(kc_nl_pod_mark_not_ready(pod, "2024-03-03T00:00:00Z"));
	assert_string_equal(cond_field(pod, "Ready", "lastTransitionTime"), "2024-02-02T00:00:00Z");
	_cleanup_json_ cJSON *pending = J("{\"status\":{\"phase\":\"Pending\"}}");
	assert_false(kc_nl_pod_mark_not_ready(pending, "t"));

	assert_true(kc_nl_pod_add_disruption_target(pod, "2024-04-04T00:00:00Z"));
	assert_string_equal(cond_field(pod, "DisruptionTarget", "status"), "True");
	assert_string_equal(cond_field(pod, "DisruptionTarget", "reason"), "DeletionByTaintManager");
	assert_string_equal(cond_field(pod, "DisruptionTarget", "message"),
			    "Taint manager: deleting due to NoExecute taint");
	assert_false(kc_nl_pod_add_disruption_target(pod, "2024-05-05T00:00:00Z"));
	/* on a pod without status at all */
	_cleanup_json_ cJSON *bare = J("{}");
	assert_true(kc_nl_pod_add_disruption_target(bare, "t"));
	assert_string_equal(cond_field(bare, "DisruptionTarget", "lastTransitionTime"), "t");
}

static void test_zone_state(void **state)
{
	(void)state;
	static const struct {
		int ready, not_ready;
		kc_nl_zone_state want;
	} cases[] = {
		{3, 0, KC_NL_ZONE_NORMAL},          {0, 1, KC_NL_ZONE_FULL_DISRUPTION},
		{0, 0, KC_NL_ZONE_NORMAL},          {1, 1, KC_NL_ZONE_NORMAL},
		{1, 2, KC_NL_ZONE_NORMAL},          /* not more than 2 not ready */
		{2, 3, KC_NL_ZONE_PARTIAL_DISRUPTION}, {3, 3, KC_NL_ZONE_NORMAL}, /* 0.5 < 0.55 */
		{9, 11, KC_NL_ZONE_PARTIAL_DISRUPTION}, {10, 10, KC_NL_ZONE_NORMAL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_nl_zone_state got = kc_nl_compute_zone_state(cases[i].ready, cases[i].not_ready, 0.55);
		if (got != cases[i].want)
			fail_msg("case %zu (%d ready, %d not): %s, want %s", i, cases[i].ready, cases[i].not_ready,
				 kc_nl_zone_state_name(got), kc_nl_zone_state_name(cases[i].want));
	}
}

/* ---- the tainting queue ---- */

typedef struct seen {
	char names[16][16];
	size_t n;
	bool fail_next;
} seen;

static bool take(const char *name, const char *uid, int64_t *retry, void *userdata)
{
	(void)uid;
	seen *s = userdata;
	if (s->fail_next) {
		s->fail_next = false;
		*retry = 50;
		return false;
	}
	snprintf(s->names[s->n++], 16, "%s", name);
	return true;
}

static void test_tainter(void **state)
{
	(void)state;
	seen s = {0};
	kc_nl_tainter *t = kc_nl_tainter_new(0.1, 0);
	assert_true(kc_nl_tainter_add(t, "a", "ua", 0));
	assert_true(kc_nl_tainter_add(t, "b", "ub", 0));
	assert_false(kc_nl_tainter_add(t, "a", "ua", 0)); /* queued already */
	/* burst 1: one at once, the next after 1/qps = 10 s */
	kc_nl_tainter_try(t, 0, take, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.names[0], "a");
	kc_nl_tainter_try(t, 5000, take, &s);
	assert_int_equal(s.n, 1);
	kc_nl_tainter_try(t, 10000, take, &s);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[1], "b");
	assert_int_equal(kc_nl_tainter_len(t), 0);
	/* processed names stay in the set until removed */
	assert_false(kc_nl_tainter_add(t, "a", "ua", 20000));
	assert_true(kc_nl_tainter_remove(t, "a"));
	assert_false(kc_nl_tainter_remove(t, "a"));
	assert_true(kc_nl_tainter_add(t, "a", "ua", 20000));
	/* a failed try comes back after its retry time, at the back */
	s.fail_next = true;
	kc_nl_tainter_try(t, 20000, take, &s);
	assert_int_equal(s.n, 2);
	assert_int_equal(kc_nl_tainter_len(t), 1);
	kc_nl_tainter_try(t, 30000, take, &s);
	assert_int_equal(s.n, 3);
	/* rate 0 stops everything */
	assert_true(kc_nl_tainter_add(t, "c", "uc", 40000));
	kc_nl_tainter_swap_limiter(t, 0, 40000);
	kc_nl_tainter_try(t, 100000, take, &s);
	assert_int_equal(s.n, 3);
	/* back to a rate: as upstream, the new bucket is drained because the
	 * old one had nothing to give, so the first one waits 1/qps */
	kc_nl_tainter_swap_limiter(t, 0.1, 100000);
	assert_true(kc_nl_tainter_qps(t) > 0.09);
	kc_nl_tainter_try(t, 100000, take, &s);
	assert_int_equal(s.n, 3);
	kc_nl_tainter_try(t, 110000, take, &s);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.names[3], "c");
	/* removing a queued name takes it out of the queue */
	assert_true(kc_nl_tainter_add(t, "d", "ud", 110000));
	assert_true(kc_nl_tainter_remove(t, "d"));
	assert_int_equal(kc_nl_tainter_len(t), 0);
	kc_nl_tainter_free(t);
	kc_nl_tainter_free(NULL);
}

static void test_tainter_swap_drains(void **state)
{
	(void)state;
	seen s = {0};
	kc_nl_tainter *t = kc_nl_tainter_new(0.1, 0);
	kc_nl_tainter_add(t, "a", "", 0);
	kc_nl_tainter_add(t, "b", "", 0);
	kc_nl_tainter_try(t, 0, take, &s); /* spends the token */
	assert_int_equal(s.n, 1);
	/* swapping while the old bucket is empty gives an empty new one */
	kc_nl_tainter_swap_limiter(t, 0.2, 1000);
	kc_nl_tainter_try(t, 1000, take, &s);
	assert_int_equal(s.n, 1);
	kc_nl_tainter_try(t, 6000, take, &s); /* 5 s at 0.2/s */
	assert_int_equal(s.n, 2);
	kc_nl_tainter_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tolerates),        cmocka_unit_test(test_eviction_delay),
		cmocka_unit_test(test_swap_taints),      cmocka_unit_test(test_noschedule_diff),
		cmocka_unit_test(test_labels_and_zones), cmocka_unit_test(test_health_lease),
		cmocka_unit_test(test_health_heartbeat), cmocka_unit_test(test_health_never_posted),
		cmocka_unit_test(test_pod_conditions),   cmocka_unit_test(test_zone_state),
		cmocka_unit_test(test_tainter),          cmocka_unit_test(test_tainter_swap_drains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
