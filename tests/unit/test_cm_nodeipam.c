/* test_cm_nodeipam.c - the node CIDR set of the nodeipam controller
 * (controller-manager/nodeipam.h): sizes, allocation order, exhaustion and
 * reuse, occupying and releasing existing CIDRs, --cluster-cidr parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common/util.h"
#include "controller-manager/nodeipam.h"

static void test_new(void **state)
{
	(void)state;
	static const struct {
		const char *cidr;
		int mask;
		int rc;
		size_t max;
		const char *cluster; /* normalised; or a fragment of the error */
	} cases[] = {
		{"10.244.0.0/16", 24, 0, 256, "10.244.0.0/16"},
		{"10.244.3.7/16", 24, 0, 256, "10.244.0.0/16"},
		{"10.244.0.0/16", 16, 0, 1, "10.244.0.0/16"},
		{"10.244.0.0/22", 24, 0, 4, "10.244.0.0/22"},
		{"10.0.0.0/8", 32, 0, (size_t)1 << 24, "10.0.0.0/8"},
		{"192.168.1.0/24", 26, 0, 4, "192.168.1.0/24"},
		{"fd00:10:244::/56", 64, 0, 256, "fd00:10:244::/56"},
		{"fd00::/48", 64, 0, 65536, "fd00::/48"},
		{"10.244.0.0/16", 15, -EINVAL, 0, "must be between"},
		{"10.244.0.0/16", 33, -EINVAL, 0, "must be between"},
		{"0.0.0.0/0", 32, -EINVAL, 0, "the node CIDR size is too big"},
		{"fd00::/48", 65, -EINVAL, 0, "the node CIDR size is too big"},
		{"x", 24, -EINVAL, 0, "invalid CIDR address: x"},
		{"10.0.0.0", 24, -EINVAL, 0, "invalid CIDR address"},
		{"10.0.0.0/", 24, -EINVAL, 0, "invalid CIDR address"},
		{"10.0.0.0/99", 24, -EINVAL, 0, "invalid CIDR address"},
		{"10.0.0.0/1a", 24, -EINVAL, 0, "invalid CIDR address"},
		{"10.0.0.0/0016", 24, -EINVAL, 0, "invalid CIDR address"},
		{"/16", 24, -EINVAL, 0, "invalid CIDR address"},
		{"", 24, -EINVAL, 0, "invalid CIDR address"},
		{"10.0.0.256/16", 24, -EINVAL, 0, "invalid CIDR address"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_cidrset *s = NULL;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_cidrset_new(cases[i].cidr, cases[i].mask, &s, &err);
		if (rc != cases[i].rc)
			fail_msg("case %zu (%s /%d): rc %d, want %d (%s)", i, cases[i].cidr, cases[i].mask, rc,
				 cases[i].rc, err.msg);
		if (rc < 0) {
			if (!strstr(err.msg, cases[i].cluster))
				fail_msg("case %zu (%s): error \"%s\" lacks \"%s\"", i, cases[i].cidr, err.msg,
					 cases[i].cluster);
			assert_null(s);
			continue;
		}
		if (kc_cidrset_max(s) != cases[i].max || !streq(kc_cidrset_cluster(s), cases[i].cluster))
			fail_msg("case %zu (%s): max %zu cluster %s, want %zu %s", i, cases[i].cidr, kc_cidrset_max(s),
				 kc_cidrset_cluster(s), cases[i].max, cases[i].cluster);
		assert_int_equal(kc_cidrset_used(s), 0);
		kc_cidrset_free(s);
	}
	kc_cidrset_free(NULL);
}

static kc_cidrset *make(const char *cidr, int mask)
{
	kc_cidrset *s = NULL;
	assert_int_equal(kc_cidrset_new(cidr, mask, &s, NULL), 0);
	return s;
}

static void expect_next(kc_cidrset *s, const char *want, const char *what)
{
	char buf[KC_CIDR_STR_MAX];
	kc_error err = KC_ERROR_INIT;
	int rc = kc_cidrset_allocate_next(s, buf, &err);
	if (rc < 0)
		fail_msg("%s: allocation failed (%s), want %s", what, err.msg, want);
	if (!streq(buf, want))
		fail_msg("%s: got %s, want %s", what, buf, want);
}

static void test_allocate_exhaust_reuse(void **state)
{
	(void)state;
	kc_cidrset *s = make("10.244.0.0/22", 24);
	expect_next(s, "10.244.0.0/24", "first");
	expect_next(s, "10.244.1.0/24", "second");
	expect_next(s, "10.244.2.0/24", "third");
	expect_next(s, "10.244.3.0/24", "fourth");
	assert_int_equal(kc_cidrset_used(s), 4);
	char buf[KC_CIDR_STR_MAX];
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_cidrset_allocate_next(s, buf, &err), -ENOSPC);
	assert_string_equal(err.msg, "CIDR allocation failed; there are no remaining CIDRs left to allocate in the "
				     "accepted range");
	/* A released subnet is handed out again. */
	assert_int_equal(kc_cidrset_release(s, "10.244.1.0/24", NULL), 0);
	assert_false(kc_cidrset_is_taken(s, "10.244.1.0/24"));
	assert_int_equal(kc_cidrset_used(s), 3);
	expect_next(s, "10.244.1.0/24", "reuse after release");
	/* Releasing twice, or what was never taken, is harmless. */
	assert_int_equal(kc_cidrset_release(s, "10.244.2.0/24", NULL), 0);
	assert_int_equal(kc_cidrset_release(s, "10.244.2.0/24", NULL), 0);
	assert_int_equal(kc_cidrset_used(s), 3);
	kc_cidrset_free(s);
}

static void test_round_robin(void **state)
{
	(void)state;
	/* As upstream's AllocateNext: the search starts after the last one
	 * handed out, so a freed subnet waits until the others are used. */
	kc_cidrset *s = make("10.244.0.0/16", 24);
	expect_next(s, "10.244.0.0/24", "a");
	expect_next(s, "10.244.1.0/24", "b");
	assert_int_equal(kc_cidrset_release(s, "10.244.0.0/24", NULL), 0);
	expect_next(s, "10.244.2.0/24", "c after releasing a");
	kc_cidrset_free(s);
}

static void test_occupy(void **state)
{
	(void)state;
	kc_cidrset *s = make("10.244.0.0/22", 24);
	/* A node that already has a subnet: it is skipped. */
	assert_int_equal(kc_cidrset_occupy(s, "10.244.0.0/24", NULL), 0);
	assert_int_equal(kc_cidrset_occupy(s, "10.244.0.0/24", NULL), 0); /* idempotent */
	assert_true(kc_cidrset_is_taken(s, "10.244.0.0/24"));
	expect_next(s, "10.244.1.0/24", "after occupying .0");
	/* A bigger prefix takes every subnet it covers. */
	assert_int_equal(kc_cidrset_occupy(s, "10.244.2.0/23", NULL), 0);
	assert_int_equal(kc_cidrset_used(s), 4);
	assert_int_equal(kc_cidrset_release(s, "10.244.2.0/23", NULL), 0);
	assert_int_equal(kc_cidrset_used(s), 2);
	/* A smaller one takes the subnet it falls in. */
	assert_int_equal(kc_cidrset_occupy(s, "10.244.3.128/25", NULL), 0);
	assert_true(kc_cidrset_is_taken(s, "10.244.3.0/24"));
	/* One that holds the whole cluster CIDR takes all of it. */
	assert_int_equal(kc_cidrset_occupy(s, "10.0.0.0/8", NULL), 0);
	assert_int_equal(kc_cidrset_used(s), 4);

	static const struct {
		const char *cidr;
		int rc;
		const char *msg;
	} bad[] = {
		{"10.9.0.0/24", -ERANGE, "cidr 10.9.0.0/24 is out the range of cluster cidr 10.244.0.0/22"},
		{"10.244.4.0/24", -ERANGE, "is out the range"},
		{"fd00::/64", -EINVAL, "is not of the family"},
		{"nonsense", -EINVAL, "invalid CIDR address: nonsense"},
		{NULL, -EINVAL, "invalid CIDR address"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(bad); i++) {
		kc_error err = KC_ERROR_INIT;
		int rc = kc_cidrset_occupy(s, bad[i].cidr, &err);
		if (rc != bad[i].rc || !strstr(err.msg, bad[i].msg))
			fail_msg("bad %zu (%s): rc %d \"%s\", want %d \"%s\"", i, bad[i].cidr ? bad[i].cidr : "NULL", rc,
				 err.msg, bad[i].rc, bad[i].msg);
		assert_int_equal(kc_cidrset_release(s, bad[i].cidr, NULL), bad[i].rc);
	}
	assert_false(kc_cidrset_is_taken(s, "10.244.0.0/23")); /* not one subnet */
	assert_false(kc_cidrset_is_taken(s, "bogus"));
	kc_cidrset_free(s);
}

static void test_ipv6(void **state)
{
	(void)state;
	kc_cidrset *s = make("fd00:10:244::/56", 64);
	assert_true(kc_cidrset_is_v6(s));
	expect_next(s, "fd00:10:244::/64", "v6 first");
	expect_next(s, "fd00:10:244:1::/64", "v6 second");
	assert_int_equal(kc_cidrset_occupy(s, "fd00:10:244:ff::/64", NULL), 0);
	assert_true(kc_cidrset_is_taken(s, "fd00:10:244:ff::/64"));
	assert_int_equal(kc_cidrset_occupy(s, "fd00:10:245::/64", NULL), -ERANGE);
	assert_int_equal(kc_cidrset_occupy(s, "10.0.0.0/24", NULL), -EINVAL);
	kc_cidrset_free(s);
}

static void test_parse_cluster(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int rc;
		size_t n;
		const char *first, *second, *msg;
	} cases[] = {
		{"10.244.0.0/16", 0, 1, "10.244.0.0/16", NULL, NULL},
		{"10.244.0.0/16,fd00:10:244::/56", 0, 2, "10.244.0.0/16", "fd00:10:244::/56", NULL},
		{"fd00:10:244::/56, 10.244.0.0/16", 0, 2, "fd00:10:244::/56", "10.244.0.0/16", NULL},
		{"10.244.0.0/16,10.245.0.0/16", -EINVAL, 0, NULL, NULL, "one IPv4 and one IPv6"},
		{"10.1.0.0/16,10.2.0.0/16,fd00::/48", -EINVAL, 0, NULL, NULL,
		 "len of clusters cidrs is:3 > more than max allowed of 2"},
		{"", -EINVAL, 0, NULL, NULL, "--cluster-cidr is empty"},
		{",", -EINVAL, 0, NULL, NULL, "--cluster-cidr is empty"},
		{"10.244.0.0/16,bad", -EINVAL, 0, NULL, NULL, "invalid CIDR address: bad"},
		{"10.244.0.0/25", -EINVAL, 0, NULL, NULL, "must be between"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_cidrset **sets = NULL;
		size_t n = 0;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_cidrset_parse_cluster(cases[i].in, 24, 64, &sets, &n, &err);
		if (rc != cases[i].rc)
			fail_msg("case %zu (%s): rc %d, want %d (%s)", i, cases[i].in, rc, cases[i].rc, err.msg);
		if (rc < 0) {
			if (!strstr(err.msg, cases[i].msg))
				fail_msg("case %zu (%s): \"%s\" lacks \"%s\"", i, cases[i].in, err.msg, cases[i].msg);
			continue;
		}
		assert_int_equal(n, cases[i].n);
		if (!streq(kc_cidrset_cluster(sets[0]), cases[i].first) ||
		    (n > 1 && !streq(kc_cidrset_cluster(sets[1]), cases[i].second)))
			fail_msg("case %zu (%s): wrong sets", i, cases[i].in);
		for (size_t j = 0; j < n; j++)
			kc_cidrset_free(sets[j]);
		free(sets);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new),          cmocka_unit_test(test_allocate_exhaust_reuse),
		cmocka_unit_test(test_round_robin),  cmocka_unit_test(test_occupy),
		cmocka_unit_test(test_ipv6),         cmocka_unit_test(test_parse_cluster),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
