/* test_cm_framework.c - the controller-manager's own parts: --controllers
 * selection, the command line, and expectations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <event2/event.h>

#include "common/util.h"
#include "controller-manager/cm.h"
#include "controller-manager/controllers.h"
#include "controller-manager/options.h"
#include "banned.h"

static bool selected(const kc_controller_def *const *sel, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (streq(sel[i]->name, name))
			return true;
	return false;
}

static void test_select_controllers(void **state)
{
	(void)state;
	static const struct {
		const char *items[4];
		const char *on, *off; /* one controller that must be on / off; NULL: none */
		int rc;
		const char *err;
	} cases[] = {
		{{"*"}, "endpoint", NULL, 0, NULL},
		{{"*", "-endpoint"}, "namespace", "endpoint", 0, NULL},
		{{"-endpoint", "*"}, "namespace", "endpoint", 0, NULL},
		{{"endpoint"}, "endpoint", "namespace", 0, NULL},
		{{"endpoints-controller"}, "endpoint", "namespace", 0, NULL}, /* 1.28+ name */
		{{"-namespace"}, NULL, "namespace", 0, NULL},                  /* nothing without "*" */
		{{"*", "bogus"}, NULL, NULL, -22, "\"bogus\" is not in the list of known controllers"},
		{{"-bogus"}, NULL, NULL, -22, "\"-bogus\" is not in the list of known controllers"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		size_t n = 0;
		while (n < 4 && cases[i].items[n])
			n++;
		const kc_controller_def *sel[64];
		size_t nsel = 0;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_cm_select_controllers((char *const *)cases[i].items, n, sel, &nsel, &err);
		if (rc != cases[i].rc)
			fail_msg("case %zu: rc %d, want %d (%s)", i, rc, cases[i].rc, err.msg);
		if (cases[i].err && !streq(err.msg, cases[i].err))
			fail_msg("case %zu: error \"%s\", want \"%s\"", i, err.msg, cases[i].err);
		if (rc < 0)
			continue;
		if (cases[i].on && !selected(sel, nsel, cases[i].on))
			fail_msg("case %zu: %s is not selected", i, cases[i].on);
		if (cases[i].off && selected(sel, nsel, cases[i].off))
			fail_msg("case %zu: %s is selected", i, cases[i].off);
	}
}

static void test_options(void **state)
{
	(void)state;
	static const struct {
		const char *args[4];
		int rc;
		const char *err; /* a part of the message */
	} cases[] = {
		{{NULL}, 0, NULL},
		{{"--concurrent-gc-syncs=0"}, -22, "--concurrent-gc-syncs must be greater than 0"},
		{{"--secure-port=70000"}, -22, "must be between 0 and 65535"},
		{{"--node-monitor-grace-period=-1s"}, -22, "must be positive"},
		{{"--controllers=*,nope"}, -22, "\"nope\" is not in the list of known controllers"},
		{{"--leader-elect-resource-lock=endpoints"}, 0, NULL}, /* checked when the lease is made */
		{{"extra"}, -22, "unknown command \"extra\""},
		{{"--no-such-flag"}, -22, "no-such-flag"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		char *argv[6] = {"kc-controller-manager"};
		int argc = 1;
		while (argc <= 4 && cases[i].args[argc - 1])
			argv[argc] = (char *)cases[i].args[argc - 1], argc++;
		cm_process_options o;
		kc_error err = KC_ERROR_INIT;
		int rc = cm_options_parse(&o, argc, argv, &err);
		if (rc != cases[i].rc)
			fail_msg("case %zu (%s): rc %d, want %d (%s)", i, argv[1] ? argv[1] : "", rc, cases[i].rc, err.msg);
		if (cases[i].err && !strstr(err.msg, cases[i].err))
			fail_msg("case %zu: error \"%s\" lacks \"%s\"", i, err.msg, cases[i].err);
	}
	/* the defaults */
	char *argv[] = {"kc-controller-manager", NULL};
	cm_process_options o;
	assert_int_equal(cm_options_parse(&o, 1, argv, NULL), 0);
	assert_string_equal(o.cm.cluster_cidr, "10.244.0.0/16");
	assert_int_equal(o.cm.node_cidr_mask_size, 24);
	assert_true(o.cm.allocate_node_cidrs);
	assert_true(o.cm.node_monitor_grace_period_ns == 40 * INT64_C(1000000000));
	assert_int_equal(o.cm.concurrent_gc_syncs, 20);
	assert_int_equal(o.daemon.secure_port, 10257);
	assert_true(o.daemon.leader.leader_elect);
	assert_int_equal(o.ncontrollers, kc_cm_ncontrollers);
}

static void test_expectations(void **state)
{
	(void)state;
	struct event_base *base = event_base_new();
	kc_cm_options opts = {0};
	kc_cm *cm = kc_cm_new(base, NULL, &opts, NULL);
	assert_true(kc_cm_expectations_satisfied(cm, "ns/a")); /* never set */
	kc_cm_expect_creations(cm, "ns/a", 2);
	assert_false(kc_cm_expectations_satisfied(cm, "ns/a"));
	kc_cm_creation_observed(cm, "ns/a");
	assert_false(kc_cm_expectations_satisfied(cm, "ns/a"));
	kc_cm_creation_observed(cm, "ns/a");
	assert_true(kc_cm_expectations_satisfied(cm, "ns/a"));
	kc_cm_creation_observed(cm, "ns/a"); /* more than expected: still satisfied */
	assert_true(kc_cm_expectations_satisfied(cm, "ns/a"));
	kc_cm_expect_deletions(cm, "ns/a", 1); /* replaces the creations */
	assert_false(kc_cm_expectations_satisfied(cm, "ns/a"));
	assert_true(kc_cm_expectations_satisfied(cm, "ns/b"));
	kc_cm_deletion_observed(cm, "ns/a");
	assert_true(kc_cm_expectations_satisfied(cm, "ns/a"));
	kc_cm_expect_creations(cm, "ns/a", 1);
	kc_cm_expectations_delete(cm, "ns/a");
	assert_true(kc_cm_expectations_satisfied(cm, "ns/a"));
	kc_cm_free(cm);
	event_base_free(base);
}

int main(void)
{
	kc_util_init_json_hooks();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select_controllers),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_expectations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
