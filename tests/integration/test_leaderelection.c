/* test_leaderelection.c - leader election on a Lease (leaderelection.h)
 * against a real kc-apiserver, with the scheduler's and the
 * controller-manager's own credentials (their RBAC: create leases, get and
 * update their named lease):
 *   - two candidates: exactly one leads, the other follows and knows who;
 *     the leader renews;
 *   - the leader dies (stops renewing, no release): the other takes over
 *     once the lease has expired, leaseTransitions counts it;
 *   - the leader releases (holder "", leaseDurationSeconds 1): the other
 *     takes over at once, long before the (30 s) lease would expire;
 *   - someone else writes the Lease under the leader (its renewals then
 *     conflict): it stops leading after renew_deadline and stays stopped;
 *   - a lease the identity may not read: never leads;
 * and, without a server, upstream's flags, defaults and messages for bad
 * combinations, kc_leader_new's checks, the default identity. */
#include <errno.h>
#include <event2/event.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/client.h"
#include "common/flags.h"
#include "common/json.h"
#include "common/leaderelection.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "harness/apiserver.h"

#define LEASES "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases"

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *admin;
} fixture;

typedef struct candidate {
	const char *name;
	kc_client *client;
	kc_leader *le;
	int started, stopped, new_leader_calls;
	char last_new_leader[256];
} candidate;

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
	f->admin = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	*state = f;
	return 0;
}

static int group_teardown(void **state)
{
	fixture *f = *state;
	if (!f)
		return 0;
	kc_client_free(f->admin);
	event_base_free(f->base);
	kc_test_apiserver_stop(&f->api);
	free(f);
	return 0;
}

static void on_started(void *userdata)
{
	((candidate *)userdata)->started++;
}

static void on_stopped(void *userdata)
{
	((candidate *)userdata)->stopped++;
}

static void on_new_leader(const char *identity, void *userdata)
{
	candidate *c = userdata;
	c->new_leader_calls++;
	snprintf(c->last_new_leader, sizeof(c->last_new_leader), "%s", identity);
}

/* A candidate for ns/lease as pki.sh's identity who. */
static void candidate_start_ns(fixture *f, candidate *c, const char *who, const char *ns, const char *lease,
			       uint64_t lease_ms, uint64_t renew_ms, uint64_t retry_ms)
{
	kc_client_config cfg;
	kc_test_apiserver_client_config(&f->api, who, &cfg);
	cfg.request_timeout_ms = 10000;
	kc_error err = KC_ERROR_INIT;
	c->client = kc_client_new(f->base, &cfg, &err);
	kc_client_config_clear(&cfg);
	if (!c->client)
		fail_msg("%s: client: %s", c->name, err.msg);
	kc_leader_config lc = {.lease_namespace = ns,
			       .lease_name = lease,
			       .identity = c->name,
			       .lease_duration_ms = lease_ms,
			       .renew_deadline_ms = renew_ms,
			       .retry_period_ms = retry_ms,
			       .on_started_leading = on_started,
			       .on_stopped_leading = on_stopped,
			       .on_new_leader = on_new_leader,
			       .userdata = c};
	c->le = kc_leader_new(f->base, c->client, &lc, &err);
	if (!c->le)
		fail_msg("%s: kc_leader_new: %s", c->name, err.msg);
	assert_int_equal(kc_leader_start(c->le), 0);
	assert_int_equal(kc_leader_start(c->le), -EALREADY);
}

static void candidate_start(fixture *f, candidate *c, const char *who, const char *lease, uint64_t lease_ms,
			    uint64_t renew_ms, uint64_t retry_ms)
{
	candidate_start_ns(f, c, who, "kube-system", lease, lease_ms, renew_ms, retry_ms);
}

static void candidate_stop(candidate *c)
{
	kc_leader_free(c->le);
	c->le = NULL;
	kc_client_free(c->client);
	c->client = NULL;
}

/* Runs the loop until pred holds or timeout_ms passes. */
static bool run_until(fixture *f, bool (*pred)(void *), void *arg, int64_t timeout_ms)
{
	int64_t end = kc_time_monotonic_ms() + timeout_ms;
	while (!pred(arg)) {
		if (kc_time_monotonic_ms() >= end)
			return false;
		struct timeval tv = {0, 20000};
		event_base_loopexit(f->base, &tv);
		event_base_dispatch(f->base);
	}
	return true;
}

static bool never(void *arg)
{
	(void)arg;
	return false;
}

static void run_for(fixture *f, int64_t ms)
{
	run_until(f, never, NULL, ms);
}

static bool someone_leads(void *arg)
{
	candidate **cs = arg;
	for (size_t i = 0; cs[i]; i++)
		if (cs[i]->started)
			return true;
	return false;
}

static bool leads(void *arg)
{
	return ((candidate *)arg)->started > 0;
}

static bool has_stopped(void *arg)
{
	return ((candidate *)arg)->stopped > 0;
}

/* The Lease as the admin reads it (caller deletes), or NULL for 404. */
static cJSON *get_lease(fixture *f, const char *name)
{
	_cleanup_free_ char *path = xasprintf(LEASES "/%s", name);
	kc_response r;
	kc_client_request_sync(f->admin, "GET", path, NULL, NULL, 0, NULL, &r);
	cJSON *body = NULL;
	if (r.status == 200)
		body = TAKE_PTR(r.body);
	else if (r.status != 404)
		fail_msg("GET %s: %ld %s", path, r.status, r.raw);
	kc_response_clear(&r);
	return body;
}

static void delete_lease(fixture *f, const char *name)
{
	_cleanup_free_ char *path = xasprintf(LEASES "/%s", name);
	kc_response r;
	kc_client_request_sync(f->admin, "DELETE", path, NULL, NULL, 0, NULL, &r);
	if (r.status != 200 && r.status != 404)
		fail_msg("DELETE %s: %ld %s", path, r.status, r.raw);
	kc_response_clear(&r);
}

static void check_micro_time(const cJSON *lease, const char *field)
{
	const char *s = kc_json_get_str(lease, field, "");
	kc_time t;
	if (kc_time_parse_rfc3339_micro(s, &t, NULL) < 0)
		fail_msg("%s %s is not a MicroTime", field, s);
}

/* Two candidates: exactly one leads, the other follows; the leader renews;
 * then it dies (freed without release) and the other takes over when the
 * lease has expired. */
static void test_one_leader_then_takeover_after_death(void **state)
{
	fixture *f = *state;
	delete_lease(f, "kube-scheduler");
	candidate a = {.name = "sched-a"}, b = {.name = "sched-b"};
	candidate_start(f, &a, "scheduler", "kube-scheduler", 2000, 1400, 200);
	candidate_start(f, &b, "scheduler", "kube-scheduler", 2000, 1400, 200);
	candidate *both[] = {&a, &b, NULL};
	if (!run_until(f, someone_leads, both, 30000))
		fail_msg("nobody leads after 30 s (holders seen: a '%s', b '%s')", kc_leader_holder(a.le),
			 kc_leader_holder(b.le));
	/* several renewals and acquisition attempts later, still one leader */
	run_for(f, 1500);
	if (a.started + b.started != 1)
		fail_msg("started leading: a %d times, b %d times; want exactly one", a.started, b.started);
	candidate *leader = a.started ? &a : &b, *follower = a.started ? &b : &a;
	assert_true(kc_leader_is_leader(leader->le));
	assert_false(kc_leader_is_leader(follower->le));
	assert_string_equal(kc_leader_holder(leader->le), leader->name);
	assert_string_equal(kc_leader_holder(follower->le), leader->name);
	assert_string_equal(follower->last_new_leader, leader->name);
	assert_string_equal(leader->last_new_leader, leader->name);
	assert_int_equal(leader->stopped + follower->stopped, 0);

	_cleanup_json_ cJSON *lease = get_lease(f, "kube-scheduler");
	assert_non_null(lease);
	assert_string_equal(kc_json_get_str(lease, "spec.holderIdentity", ""), leader->name);
	assert_int_equal(kc_json_get_int(lease, "spec.leaseDurationSeconds", -1), 2);
	assert_int_equal(kc_json_get_int(lease, "spec.leaseTransitions", -1), 0);
	check_micro_time(lease, "spec.acquireTime");
	check_micro_time(lease, "spec.renewTime");
	_cleanup_free_ char *acquired = xstrdup(kc_json_get_str(lease, "spec.acquireTime", ""));
	_cleanup_free_ char *renewed = xstrdup(kc_json_get_str(lease, "spec.renewTime", ""));
	run_for(f, 800);
	_cleanup_json_ cJSON *later = get_lease(f, "kube-scheduler");
	assert_string_equal(kc_json_get_str(later, "spec.acquireTime", ""), acquired);
	if (streq(kc_json_get_str(later, "spec.renewTime", ""), renewed))
		fail_msg("the leader did not renew in 0.8 s (renewTime still %s, retry period 0.2 s)", renewed);

	/* death: no more renewals, no release */
	const char *dead = leader->name;
	int64_t t0 = kc_time_monotonic_ms();
	candidate_stop(leader);
	if (!run_until(f, leads, follower, 30000))
		fail_msg("%s did not take over within 30 s of %s's death (lease 2 s); holder seen: %s", follower->name,
			 dead, kc_leader_holder(follower->le));
	print_message("takeover %" PRId64 " ms after the leader stopped renewing (lease 2 s)\n",
		      kc_time_monotonic_ms() - t0);
	assert_true(kc_leader_is_leader(follower->le));
	assert_string_equal(follower->last_new_leader, follower->name);
	_cleanup_json_ cJSON *taken = get_lease(f, "kube-scheduler");
	assert_string_equal(kc_json_get_str(taken, "spec.holderIdentity", ""), follower->name);
	assert_int_equal(kc_json_get_int(taken, "spec.leaseTransitions", -1), 1);
	if (streq(kc_json_get_str(taken, "spec.acquireTime", ""), acquired))
		fail_msg("acquireTime unchanged by the takeover: %s", acquired);
	candidate_stop(follower);
}

/* With a 30 s lease: the follower waits while the leader lives, and takes
 * over at once when the leader releases. */
static void test_release_hands_over_at_once(void **state)
{
	fixture *f = *state;
	delete_lease(f, "kube-controller-manager");
	candidate a = {.name = "cm-a"}, b = {.name = "cm-b"};
	candidate_start(f, &a, "controller-manager", "kube-controller-manager", 30000, 20000, 200);
	if (!run_until(f, leads, &a, 30000))
		fail_msg("cm-a alone did not lead within 30 s");
	candidate_start(f, &b, "controller-manager", "kube-controller-manager", 30000, 20000, 200);
	run_for(f, 1500);
	assert_int_equal(b.started, 0);
	assert_string_equal(b.last_new_leader, "cm-a");
	assert_string_equal(kc_leader_holder(b.le), "cm-a");

	kc_leader_release(a.le);
	assert_false(kc_leader_is_leader(a.le));
	assert_string_equal(kc_leader_holder(a.le), "");
	_cleanup_json_ cJSON *released = get_lease(f, "kube-controller-manager");
	assert_string_equal(kc_json_get_str(released, "spec.holderIdentity", "(none)"), "");
	assert_int_equal(kc_json_get_int(released, "spec.leaseDurationSeconds", -1), 1);
	assert_int_equal(kc_json_get_int(released, "spec.leaseTransitions", -1), 0);

	int64_t t0 = kc_time_monotonic_ms();
	if (!run_until(f, leads, &b, 15000))
		fail_msg("cm-b did not take over within 15 s of the release (the lease was 30 s); holder seen: '%s'",
			 kc_leader_holder(b.le));
	print_message("takeover %" PRId64 " ms after the release\n", kc_time_monotonic_ms() - t0);
	_cleanup_json_ cJSON *taken = get_lease(f, "kube-controller-manager");
	assert_string_equal(kc_json_get_str(taken, "spec.holderIdentity", ""), "cm-b");
	assert_int_equal(kc_json_get_int(taken, "spec.leaseTransitions", -1), 1);
	assert_int_equal(kc_json_get_int(taken, "spec.leaseDurationSeconds", -1), 30);
	/* no callback after release, and releasing twice does nothing */
	assert_int_equal(a.stopped, 0);
	assert_int_equal(a.started, 1);
	kc_leader_release(a.le);
	run_for(f, 300);
	_cleanup_json_ cJSON *still = get_lease(f, "kube-controller-manager");
	assert_string_equal(kc_json_get_str(still, "spec.holderIdentity", ""), "cm-b");
	candidate_stop(&a);
	candidate_stop(&b);
}

/* Someone else writes the Lease while A leads: A's renewal conflicts (409),
 * it finds the other holder, cannot renew within renew_deadline, stops
 * leading (once) and does nothing more. */
static void test_conflict_means_lost(void **state)
{
	fixture *f = *state;
	delete_lease(f, "kube-scheduler");
	candidate a = {.name = "sched-a"};
	candidate_start(f, &a, "scheduler", "kube-scheduler", 2000, 1400, 200);
	if (!run_until(f, leads, &a, 30000))
		fail_msg("sched-a alone did not lead within 30 s");
	_cleanup_json_ cJSON *lease = get_lease(f, "kube-scheduler");
	char now[KC_TIME_RFC3339_MICRO_MAX];
	kc_time_format_rfc3339_micro(kc_time_now(), now);
	kc_json_set_str(lease, "spec.holderIdentity", "intruder", NULL);
	kc_json_set_int(lease, "spec.leaseDurationSeconds", 60, NULL);
	kc_json_set_str(lease, "spec.renewTime", now, NULL);
	_cleanup_free_ char *body = kc_json_print(lease);
	kc_response r;
	kc_client_request_sync(f->admin, "PUT", LEASES "/kube-scheduler", "application/json", body, strlen(body), NULL,
			       &r);
	if (r.status != 200) {
		/* a renewal got in between: the intruder tries once more */
		kc_response_clear(&r);
		cJSON_Delete(lease);
		lease = get_lease(f, "kube-scheduler");
		kc_json_set_str(lease, "spec.holderIdentity", "intruder", NULL);
		kc_json_set_int(lease, "spec.leaseDurationSeconds", 60, NULL);
		free(body);
		body = kc_json_print(lease);
		kc_client_request_sync(f->admin, "PUT", LEASES "/kube-scheduler", "application/json", body,
				       strlen(body), NULL, &r);
	}
	assert_int_equal(r.status, 200);
	kc_response_clear(&r);

	if (!run_until(f, has_stopped, &a, 30000))
		fail_msg("sched-a still leads 30 s after the intruder took the lease (renew deadline 1.4 s); holder "
			 "seen '%s'",
			 kc_leader_holder(a.le));
	assert_int_equal(a.stopped, 1);
	assert_false(kc_leader_is_leader(a.le));
	assert_string_equal(kc_leader_holder(a.le), "intruder");
	assert_string_equal(a.last_new_leader, "intruder");
	/* stopped for good: it writes nothing more */
	_cleanup_json_ cJSON *before = get_lease(f, "kube-scheduler");
	run_for(f, 1000);
	_cleanup_json_ cJSON *after = get_lease(f, "kube-scheduler");
	assert_string_equal(kc_json_get_str(after, "metadata.resourceVersion", ""),
			    kc_json_get_str(before, "metadata.resourceVersion", "?"));
	assert_string_equal(kc_json_get_str(after, "spec.holderIdentity", ""), "intruder");
	assert_int_equal(a.stopped, 1);
	/* the Lease holds "intruder": release leaves it alone */
	kc_leader_release(a.le);
	_cleanup_json_ cJSON *kept = get_lease(f, "kube-scheduler");
	assert_string_equal(kc_json_get_str(kept, "spec.holderIdentity", ""), "intruder");
	candidate_stop(&a);
}

/* Outside kube-system (where the leader-locking Role lets it get and
 * update any lease) the scheduler may get and update only leases named
 * kube-scheduler: another one cannot be read (403), so it never leads, and
 * says nothing about a holder. */
static void test_forbidden_lease(void **state)
{
	fixture *f = *state;
	candidate a = {.name = "sched-a"};
	candidate_start_ns(f, &a, "scheduler", "default", "not-the-schedulers", 2000, 1400, 200);
	run_for(f, 1500);
	assert_int_equal(a.started, 0);
	assert_int_equal(a.new_leader_calls, 0);
	assert_false(kc_leader_is_leader(a.le));
	assert_string_equal(kc_leader_holder(a.le), "");
	kc_response r;
	kc_client_request_sync(f->admin, "GET", "/apis/coordination.k8s.io/v1/namespaces/default/leases/not-the-schedulers",
			       NULL, NULL, 0, NULL, &r);
	assert_int_equal(r.status, 404);
	kc_response_clear(&r);
	kc_leader_release(a.le); /* not leading: no request */
	candidate_stop(&a);
}

/* ---- without a server ---- */

typedef struct new_case {
	const char *name;
	const char *ns, *lease, *identity; /* NULL: a good one */
	uint64_t lease_ms, renew_ms, retry_ms;
	bool no_started, no_stopped;
	const char *msg;
} new_case;

static void test_new_checks(void **state)
{
	(void)state;
	struct event_base *base = event_base_new();
	kc_client_config cc = {.server = "https://127.0.0.1:1"};
	kc_client *client = kc_client_new(base, &cc, NULL);
	assert_non_null(client);
	static const new_case cases[] = {
	    {"defaults", .msg = NULL},
	    {"no identity", .identity = "", .msg = "Lock identity is empty"},
	    {"no namespace", .ns = "", .msg = "leader election: the lease's namespace and name are required"},
	    {"no name", .lease = "", .msg = "leader election: the lease's namespace and name are required"},
	    {"lease equals renew", .lease_ms = 10000, .msg = "leaseDuration must be greater than renewDeadline"},
	    {"renew above the default lease", .renew_ms = 20000, .msg = "leaseDuration must be greater than renewDeadline"},
	    {"renew within jitter", .renew_ms = 2400, .msg = "renewDeadline must be greater than retryPeriod*JitterFactor"},
	    {"renew just above jitter", .renew_ms = 2401, .msg = NULL},
	    {"short ones", .lease_ms = 1000, .renew_ms = 700, .retry_ms = 200, .msg = NULL},
	    {"no started callback", .no_started = true, .msg = "OnStartedLeading callback must not be nil"},
	    {"no stopped callback", .no_stopped = true, .msg = "OnStoppedLeading callback must not be nil"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const new_case *c = &cases[i];
		kc_leader_config cfg = {.lease_namespace = c->ns ? c->ns : "kube-system",
					.lease_name = c->lease ? c->lease : "x",
					.identity = c->identity ? c->identity : "me",
					.lease_duration_ms = c->lease_ms,
					.renew_deadline_ms = c->renew_ms,
					.retry_period_ms = c->retry_ms,
					.on_started_leading = c->no_started ? NULL : on_started,
					.on_stopped_leading = c->no_stopped ? NULL : on_stopped};
		kc_error err = KC_ERROR_INIT;
		kc_leader *le = kc_leader_new(base, client, &cfg, &err);
		if (c->msg) {
			if (le)
				fail_msg("case %s: accepted", c->name);
			if (!streq(err.msg, c->msg) || err.code != -EINVAL)
				fail_msg("case %s: error %d '%s', want '%s'", c->name, err.code, err.msg, c->msg);
		} else {
			if (!le)
				fail_msg("case %s: refused: %s", c->name, err.msg);
			assert_false(kc_leader_is_leader(le));
			assert_string_equal(kc_leader_holder(le), "");
			kc_leader_free(le);
		}
	}
	assert_null(kc_leader_new(base, client, NULL, NULL));
	kc_leader_free(NULL);
	kc_leader_release(NULL);
	assert_false(kc_leader_is_leader(NULL));
	kc_client_free(client);
	event_base_free(base);
}

typedef struct flag_case {
	const char *name;
	const char *args[8];
	const char *msg; /* NULL: valid */
	bool elect;
	uint64_t lease_ms, renew_ms, retry_ms;
	const char *ns, *lease;
} flag_case;

static const flag_case flag_cases[] = {
    {"defaults", {NULL}, NULL, true, 15000, 10000, 2000, "kube-system", "kube-scheduler"},
    {"short durations",
     {"--leader-elect-lease-duration=1s", "--leader-elect-renew-deadline=700ms", "--leader-elect-retry-period",
      "200ms", NULL},
     NULL, true, 1000, 700, 200, "kube-system", "kube-scheduler"},
    {"name and namespace",
     {"--leader-elect-resource-name=my-sched", "--leader-elect-resource-namespace", "sched-ns", NULL},
     NULL, true, 15000, 10000, 2000, "sched-ns", "my-sched"},
    {"underscores", {"--leader_elect_resource_name=x", NULL}, NULL, true, 15000, 10000, 2000, "kube-system", "x"},
    {"disabled skips the checks", {"--leader-elect=false", "--leader-elect-lease-duration=1s", NULL}, NULL, false,
     1000, 10000, 2000, "kube-system", "kube-scheduler"},
    {"lease not above renew", {"--leader-elect-lease-duration=10s", NULL},
     "leaderElection.leaseDuration: Invalid value: 10s: must be greater than `RenewDeadline`"},
    {"lease below renew", {"--leader-elect-lease-duration=5s", NULL},
     "leaderElection.leaseDuration: Invalid value: 10s: must be greater than `RenewDeadline`"},
    {"zero lease", {"--leader-elect-lease-duration=0s", NULL},
     "[leaderElection.leaseDuration: Invalid value: 0s: must be greater than zero, leaderElection.leaseDuration: "
     "Invalid value: 10s: must be greater than `RenewDeadline`]"},
    {"negative retry", {"--leader-elect-retry-period=-1s", NULL},
     "leaderElection.retryPeriod: Invalid value: -1s: must be greater than zero"},
    {"zero renew", {"--leader-elect-renew-deadline=0", NULL},
     "leaderElection.renewDeadline: Invalid value: 0s: must be greater than zero"},
    {"empty name", {"--leader-elect-resource-name=", NULL}, "leaderElection.resourceName: Required value"},
    {"empty lock and namespace", {"--leader-elect-resource-lock=", "--leader-elect-resource-namespace=", NULL},
     "[leaderElection.resourceLock: Required value, leaderElection.resourceNamespace: Required value]"},
    {"endpoints lock", {"--leader-elect-resource-lock=endpoints", NULL},
     "couldn't create resource lock: endpoints lock is removed, migrate to endpointsleases (using version v0.27.x)"},
    {"configmaps lock", {"--leader-elect-resource-lock=configmaps", NULL},
     "couldn't create resource lock: configmaps lock is removed, migrate to configmapsleases (using version "
     "v0.27.x)"},
    {"endpointsleases lock", {"--leader-elect-resource-lock=endpointsleases", NULL},
     "couldn't create resource lock: endpointsleases lock is removed, migrate to leases"},
    {"configmapsleases lock", {"--leader-elect-resource-lock=configmapsleases", NULL},
     "couldn't create resource lock: configmapsleases lock is removed, migrated to leases"},
    {"unknown lock", {"--leader-elect-resource-lock=Leases", NULL},
     "couldn't create resource lock: Invalid lock-type Leases"},
    {"renew within jitter", {"--leader-elect-renew-deadline=2400ms", NULL},
     "couldn't create leader elector: renewDeadline must be greater than retryPeriod*JitterFactor"},
};

static void test_flags(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(flag_cases); i++) {
		const flag_case *c = &flag_cases[i];
		kc_leader_options o;
		memset(&o, 0, sizeof(o));
		kc_flag *tables[] = {kc_leader_flags_table(&o, "kube-scheduler"), NULL};
		int argc = 0;
		while (c->args[argc])
			argc++;
		kc_flags_args args;
		kc_error err = KC_ERROR_INIT;
		if (kc_flags_parse(tables, argc, (char *const *)c->args, 0, &args, &err) != 0)
			fail_msg("case %s: parse: %s", c->name, err.msg);
		free(args.args);
		kc_leader_config cfg = {.identity = "me"};
		int r = kc_leader_options_apply(&o, &cfg, &err);
		if (c->msg) {
			if (r != -EINVAL || !streq(err.msg, c->msg))
				fail_msg("case %s: got %d '%s', want '%s'", c->name, r, err.msg, c->msg);
		} else {
			if (r != 0)
				fail_msg("case %s: refused: %s", c->name, err.msg);
			assert_int_equal(o.leader_elect, c->elect);
			if (cfg.lease_duration_ms != c->lease_ms || cfg.renew_deadline_ms != c->renew_ms ||
			    cfg.retry_period_ms != c->retry_ms)
				fail_msg("case %s: durations %" PRIu64 "/%" PRIu64 "/%" PRIu64 " ms", c->name,
					 cfg.lease_duration_ms, cfg.renew_deadline_ms, cfg.retry_period_ms);
			assert_string_equal(cfg.lease_namespace, c->ns);
			assert_string_equal(cfg.lease_name, c->lease);
			assert_string_equal(o.resource_lock, "leases");
		}
		kc_flags_release(tables);
	}
	/* the help lists them with upstream's defaults */
	kc_leader_options o;
	memset(&o, 0, sizeof(o));
	kc_flag *tables[] = {kc_leader_flags_table(&o, "kube-controller-manager"), NULL};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	kc_flags_print_flags(out, KC_FLAGS_STYLE_PFLAG, "kc-controller-manager", tables);
	fclose(out);
	static const char *const want[] = {
	    "--leader-elect ", "(default true)", "--leader-elect-lease-duration duration", "(default 15s)",
	    "--leader-elect-renew-deadline duration", "(default 10s)", "--leader-elect-retry-period duration",
	    "(default 2s)", "--leader-elect-resource-lock string", "(default \"leases\")",
	    "(default \"kube-controller-manager\")", "(default \"kube-system\")"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(want); i++)
		if (!strstr(text, want[i]))
			fail_msg("help lacks '%s':\n%s", want[i], text);
	free(text);
}

static void test_default_identity(void **state)
{
	(void)state;
	_cleanup_free_ char *a = kc_leader_default_identity();
	_cleanup_free_ char *b = kc_leader_default_identity();
	char host[256];
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	_cleanup_free_ char *prefix = xasprintf("%s_", host);
	assert_true(str_startswith(a, prefix));
	const char *uuid = a + strlen(prefix);
	assert_int_equal(strlen(uuid), 36);
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			assert_int_equal(uuid[i], '-');
		else if (!strchr("0123456789abcdef", uuid[i]))
			fail_msg("identity %s: '%c' in the uuid", a, uuid[i]);
	}
	assert_int_equal(uuid[14], '4');
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest offline[] = {
	    cmocka_unit_test(test_new_checks),
	    cmocka_unit_test(test_flags),
	    cmocka_unit_test(test_default_identity),
	};
	const struct CMUnitTest online[] = {
	    cmocka_unit_test(test_one_leader_then_takeover_after_death),
	    cmocka_unit_test(test_release_hands_over_at_once),
	    cmocka_unit_test(test_conflict_means_lost),
	    cmocka_unit_test(test_forbidden_lease),
	};
	int failed = cmocka_run_group_tests_name("leaderelection offline", offline, NULL, NULL);
	failed += cmocka_run_group_tests_name("leaderelection against kc-apiserver", online, group_setup, group_teardown);
	return failed;
}
