/* leaderelection.h - leader election through a coordination.k8s.io/v1 Lease,
 * as client-go's leaderelection package does it, so that two copies of a
 * daemon can run and only one acts.
 *
 *     kc_leader_config cfg = {
 *             .lease_namespace = "kube-system", .lease_name = "kube-scheduler",
 *             .identity = id,   // kc_leader_default_identity()
 *             .on_started_leading = start_work, .on_stopped_leading = stop_work,
 *             .userdata = s};
 *     kc_leader *le = kc_leader_new(base, client, &cfg, &err);
 *     kc_leader_start(le);
 *
 * The Lease's spec is client-go's LeaderElectionRecord: holderIdentity,
 * leaseDurationSeconds, acquireTime, renewTime (RFC 3339 with microseconds,
 * as MicroTime), leaseTransitions. A candidate tries every retry_period to
 * create the Lease or, when the holder has not renewed it for
 * lease_duration (measured on the candidate's own monotonic clock from when
 * it last saw the record change, never by comparing wall clocks), take it
 * over with an update on the resourceVersion it read (a 409 means someone
 * else won). The leader renews every retry_period; if it cannot renew for
 * renew_deadline it stops leading (on_stopped_leading; upstream daemons exit
 * then, and so do ours). Release gives the lease up on shutdown (holder ""
 * and leaseDurationSeconds 1, as ReleaseOnCancel) so the other copy takes
 * over at once.
 *
 * Callbacks run on the loop. */
#ifndef KC_LEADERELECTION_H
#define KC_LEADERELECTION_H

#include <stdbool.h>
#include <stdint.h>

#include "client.h"
#include "error.h"
#include "flags.h"

struct event_base;

typedef struct kc_leader kc_leader;

typedef struct kc_leader_config {
	const char *lease_namespace; /* "kube-system" */
	const char *lease_name;      /* "kube-scheduler", "kube-controller-manager" */
	const char *identity;        /* unique per process: kc_leader_default_identity() */
	uint64_t lease_duration_ms;  /* 0: 15000 */
	uint64_t renew_deadline_ms;  /* 0: 10000 */
	uint64_t retry_period_ms;    /* 0: 2000 */
	void (*on_started_leading)(void *userdata);
	void (*on_stopped_leading)(void *userdata);
	/* Optional: the holder changed (identity "" when nobody holds it). */
	void (*on_new_leader)(const char *identity, void *userdata);
	void *userdata;
} kc_leader_config;

/* cfg is copied. NULL with err when a required field is missing. */
kc_leader *kc_leader_new(struct event_base *base, kc_client *client, const kc_leader_config *cfg, kc_error *err);
/* Starts trying to acquire (the first attempt at once). */
int kc_leader_start(kc_leader *le);
bool kc_leader_is_leader(const kc_leader *le);
/* The current holder as last seen ("" if none). Borrowed. */
const char *kc_leader_holder(const kc_leader *le);
/* Gives the lease up if held (one synchronous update, bounded by the
 * client's timeout), then stops. No callback runs after this. */
void kc_leader_release(kc_leader *le);
void kc_leader_free(kc_leader *le);

/* "<hostname>_<random uuid>", as upstream daemons' default identity. Caller frees. */
char *kc_leader_default_identity(void);

/* kube-scheduler's and kube-controller-manager's leader-election flags,
 * with upstream's names and defaults:
 *   --leader-elect (true), --leader-elect-lease-duration (15s),
 *   --leader-elect-renew-deadline (10s), --leader-elect-retry-period (2s),
 *   --leader-elect-resource-lock (leases; the only one accepted),
 *   --leader-elect-resource-name, --leader-elect-resource-namespace (kube-system).
 * kc_leader_flags_table(o, default_name) returns a KC_FLAG_END-terminated
 * table (static storage inside o) to put in the daemon's flag tables. */
typedef struct kc_leader_options {
	bool leader_elect;
	int64_t lease_duration_ns, renew_deadline_ns, retry_period_ns;
	const char *resource_lock, *resource_name, *resource_namespace;
	kc_flag table[8];
} kc_leader_options;
kc_flag *kc_leader_flags_table(kc_leader_options *o, const char *default_name);
/* Checks the parsed options (positive durations, renew deadline below the
 * lease duration and above retry_period * 1.2 as upstream, lock "leases")
 * and fills cfg's lease fields from them. */
int kc_leader_options_apply(const kc_leader_options *o, kc_leader_config *cfg, kc_error *err);

#endif
