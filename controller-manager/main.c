/* main.c - kc-controller-manager: parse flags, connect to the apiserver,
 * serve /healthz and /metrics, and run the controllers while this process
 * leads (or at once with --leader-elect=false). SIGTERM and SIGINT stop the
 * controllers, give the lease up so that another copy takes over at once,
 * and exit 0; losing the lease exits 1, as upstream ("leaderelection
 * lost"), so that whatever restarts the process makes it a candidate
 * again with empty caches. */
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/client.h"
#include "common/healthserver.h"
#include "common/kubeconfig.h"
#include "common/leaderelection.h"
#include "common/log.h"
#include "common/util.h"
#include "controller-manager/cm.h"
#include "controller-manager/options.h"
#include "banned.h"

typedef struct process {
	cm_process_options opts;
	struct event_base *base;
	kc_cm *cm;
	bool started;
	int exit_code;
} process;

static void start_controllers(void *userdata)
{
	process *p = userdata;
	if (p->started)
		return;
	p->started = true;
	int failed = kc_cm_start_controllers(p->cm, p->opts.controllers, p->opts.ncontrollers);
	kc_log_info("Started %zu controllers (%d failed)", p->opts.ncontrollers - (size_t)failed, failed);
}

static void lost_lease(void *userdata)
{
	process *p = userdata;
	kc_log_error("leaderelection lost");
	p->exit_code = 1;
	event_base_loopbreak(p->base);
}

static void on_new_leader(const char *identity, void *userdata)
{
	(void)userdata;
	kc_log_info("New leader elected: \"%s\"", identity);
}

static void on_signal(evutil_socket_t sig, short what, void *userdata)
{
	(void)what;
	process *p = userdata;
	kc_log_info("Received %s, shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	event_base_loopbreak(p->base);
}

static void refresh_metrics(void *userdata) { kc_cm_update_metrics(((process *)userdata)->cm); }

static int run(process *p, kc_error *err)
{
	cm_process_options *o = &p->opts;
	kc_client_config cfg = {0};
	kc_kubeconfig_overrides ov = {.kubeconfig = o->kubeconfig, .server = o->master[0] ? o->master : NULL};
	if (kc_kubeconfig_load(&ov, &cfg, NULL, err) < 0)
		return -1;
	free(cfg.user_agent);
	cfg.user_agent = xstrdup("kc-controller-manager/" KC_VERSION);
	kc_client *client = kc_client_new(p->base, &cfg, err);
	kc_client_config_clear(&cfg);
	if (!client)
		return -1;
	kc_metrics *metrics = kc_metrics_new();
	p->cm = kc_cm_new(p->base, client, &o->cm, metrics);
	kc_health_server_config hc = {
		.bind_address = o->bind_address,
		.port = o->secure_port,
		.cert_file = o->tls_cert_file[0] ? o->tls_cert_file : NULL,
		.key_file = o->tls_private_key_file[0] ? o->tls_private_key_file : NULL,
		.metrics = metrics,
		.before_metrics = refresh_metrics,
		.userdata = p,
	};
	kc_health_server *hs = NULL;
	kc_leader *le = NULL;
	_cleanup_free_ char *identity = kc_leader_default_identity();
	int rc = -1;
	if (o->secure_port > 0 && !(hs = kc_health_server_new(p->base, &hc, err)))
		goto out;
	if (o->leader.leader_elect) {
		kc_leader_config lc = {
			.identity = identity,
			.on_started_leading = start_controllers,
			.on_stopped_leading = lost_lease,
			.on_new_leader = on_new_leader,
			.userdata = p,
		};
		if (kc_leader_options_apply(&o->leader, &lc, err) < 0 || !(le = kc_leader_new(p->base, client, &lc, err)))
			goto out;
		kc_log_info("Attempting to acquire leader lease %s/%s...", lc.lease_namespace, lc.lease_name);
		kc_leader_start(le);
	} else {
		start_controllers(p);
	}
	struct event *sigterm = evsignal_new(p->base, SIGTERM, on_signal, p);
	struct event *sigint = evsignal_new(p->base, SIGINT, on_signal, p);
	event_add(sigterm, NULL);
	event_add(sigint, NULL);
	event_base_dispatch(p->base);
	event_free(sigterm);
	event_free(sigint);
	rc = 0;
out:
	/* controllers stop before the lease goes, so that the next leader
	 * never acts at the same time as this one */
	kc_cm_free(p->cm);
	p->cm = NULL;
	if (le) {
		if (p->exit_code == 0)
			kc_leader_release(le);
		kc_leader_free(le);
	}
	kc_health_server_free(hs);
	kc_client_free(client);
	kc_metrics_free(metrics);
	return rc;
}

int main(int argc, char **argv)
{
	kc_util_init_json_hooks();
	process p = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = cm_options_parse(&p.opts, argc, argv, &err);
	if (rc == 1)
		return 0;
	if (rc < 0) {
		fprintf(stderr, "Error: %s\nRun 'kc-controller-manager --help' for usage.\n", err.msg);
		return 1;
	}
	kc_log_init("kc-controller-manager", p.opts.verbosity);
	signal(SIGPIPE, SIG_IGN);
	p.base = event_base_new();
	if (run(&p, &err) < 0) {
		kc_log_error("%s", err.msg);
		p.exit_code = 1;
	}
	event_base_free(p.base);
	return p.exit_code;
}
