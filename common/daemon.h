/* daemon.h - what kc-scheduler and kc-controller-manager share around their
 * work: the flags every control-plane daemon takes (--master,
 * --bind-address, --secure-port, --tls-cert-file, --tls-private-key-file,
 * the --leader-elect* flags), the API client from --kubeconfig, /healthz
 * /livez /readyz /metrics, leader election, and a clean stop:
 *
 *     kc_daemon_options d;
 *     kc_flag *tables[] = {my_flags, kc_daemon_flags_table(&d, "10259", "kube-scheduler"),
 *                          kc_flags_common_init(&common, NULL), NULL};
 *     ... parse; d.kubeconfig = common.kubeconfig ...
 *     kc_daemon_hooks h = {.setup = make, .start = go, .teardown = done, .userdata = ...};
 *     return kc_daemon_run("kc-scheduler", &d, &h);
 *
 * The work starts (hooks.start) when the process becomes leader, or at once
 * with --leader-elect=false. SIGTERM and SIGINT stop the loop; the work is
 * torn down before the lease is released, so that the next leader never
 * acts at the same time as this one. Losing the lease ends the process
 * with exit status 1 (upstream's "leaderelection lost"), so that whatever
 * restarts it makes it a candidate again with empty caches. */
#ifndef KC_DAEMON_H
#define KC_DAEMON_H

#include <stdbool.h>

#include "client.h"
#include "flags.h"
#include "leaderelection.h"
#include "metrics.h"

struct event_base;

typedef struct kc_daemon_options {
	const char *kubeconfig; /* from kc_flags_common */
	const char *master, *bind_address, *tls_cert_file, *tls_private_key_file;
	int secure_port;
	kc_leader_options leader;
	kc_flag table[6];
} kc_daemon_options;

/* The flags above (KC_FLAG_END-terminated, storage in o) plus the leader
 * election table is appended by kc_daemon_leader_table. default_port:
 * "10259" for the scheduler, "10257" for the controller-manager. */
kc_flag *kc_daemon_flags_table(kc_daemon_options *o, const char *default_port);
/* The --leader-elect* flags with the lease named lease_name. */
kc_flag *kc_daemon_leader_table(kc_daemon_options *o, const char *lease_name);
/* Checks what the parser cannot (the port's range). */
int kc_daemon_options_check(const kc_daemon_options *o, kc_error *err);

typedef struct kc_daemon_hooks {
	/* Makes the work (informers not started) on the loop with the client
	 * and metrics (both borrowed until teardown); NULL with err fails. */
	void *(*setup)(struct event_base *base, kc_client *client, kc_metrics *metrics, void *userdata,
		       kc_error *err);
	void (*start)(void *work);         /* on becoming leader; once */
	void (*before_metrics)(void *work); /* refresh gauges; may be NULL */
	void (*teardown)(void *work);
	void *userdata;
} kc_daemon_hooks;

/* Runs the daemon until a signal or a lost lease; logs what fails.
 * Returns the process's exit status. */
int kc_daemon_run(const char *component, const kc_daemon_options *o, const kc_daemon_hooks *h);

#endif
