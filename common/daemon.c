/* daemon.c - the life of a control-plane daemon (daemon.h). */
#include "daemon.h"

#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdlib.h>

#include "healthserver.h"
#include "kubeconfig.h"
#include "log.h"
#include "util.h"
#include "banned.h"

kc_flag *kc_daemon_flags_table(kc_daemon_options *o, const char *default_port)
{
	o->table[0] = (kc_flag)KC_FLAG_STRING(
		"master", 0, &o->master, "",
		"The address of the Kubernetes API server (overrides any value in kubeconfig).");
	o->table[1] = (kc_flag)KC_FLAG_STRING("bind-address", 0, &o->bind_address, "0.0.0.0",
					      "The IP address on which to listen for the --secure-port port (/healthz, "
					      "/livez, /readyz, /metrics).");
	o->table[2] = (kc_flag)KC_FLAG_INT("secure-port", 0, &o->secure_port, default_port,
					   "The port on which to serve HTTPS with authentication and authorization. If "
					   "0, don't serve HTTPS at all.");
	o->table[3] = (kc_flag)KC_FLAG_STRING("tls-cert-file", 0, &o->tls_cert_file, "",
					      "File containing the default x509 Certificate for HTTPS. If not provided, "
					      "a self-signed certificate is generated in memory.");
	o->table[4] = (kc_flag)KC_FLAG_STRING("tls-private-key-file", 0, &o->tls_private_key_file, "",
					      "File containing the default x509 private key matching --tls-cert-file.");
	o->table[5] = (kc_flag)KC_FLAG_END;
	return o->table;
}

kc_flag *kc_daemon_leader_table(kc_daemon_options *o, const char *lease_name)
{
	return kc_leader_flags_table(&o->leader, lease_name);
}

int kc_daemon_options_check(const kc_daemon_options *o, kc_error *err)
{
	if (o->secure_port < 0 || o->secure_port > 65535)
		return kc_error_set(err, -EINVAL, "--secure-port %d must be between 0 and 65535, inclusive",
				    o->secure_port);
	return 0;
}

typedef struct run_state {
	const kc_daemon_hooks *h;
	struct event_base *base;
	void *work;
	bool started;
	int exit_code;
} run_state;

static void start_work(void *userdata)
{
	run_state *d = userdata;
	if (!d->started) {
		d->started = true;
		d->h->start(d->work);
	}
}

static void lost_lease(void *userdata)
{
	run_state *d = userdata;
	kc_log_error("leaderelection lost");
	d->exit_code = 1;
	event_base_loopbreak(d->base);
}

static void on_new_leader(const char *identity, void *userdata)
{
	(void)userdata;
	kc_log_info("New leader elected: \"%s\"", identity);
}

static void on_signal(evutil_socket_t sig, short what, void *userdata)
{
	(void)what;
	run_state *d = userdata;
	kc_log_info("Received %s, shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	event_base_loopbreak(d->base);
}

static void refresh_metrics(void *userdata)
{
	run_state *d = userdata;
	if (d->h->before_metrics && d->work)
		d->h->before_metrics(d->work);
}

static int serve(run_state *d, const char *component, const kc_daemon_options *o, kc_client *client,
		 kc_metrics *metrics, kc_error *err)
{
	kc_health_server_config hc = {
		.bind_address = o->bind_address,
		.port = o->secure_port,
		.cert_file = o->tls_cert_file[0] ? o->tls_cert_file : NULL,
		.key_file = o->tls_private_key_file[0] ? o->tls_private_key_file : NULL,
		.metrics = metrics,
		.before_metrics = refresh_metrics,
		.userdata = d,
	};
	kc_health_server *hs = NULL;
	kc_leader *le = NULL;
	_cleanup_free_ char *identity = kc_leader_default_identity();
	int rc = -1;
	d->work = d->h->setup(d->base, client, metrics, d->h->userdata, err);
	if (!d->work)
		return -1;
	if (o->secure_port > 0 && !(hs = kc_health_server_new(d->base, &hc, err)))
		goto out;
	if (o->leader.leader_elect) {
		kc_leader_config lc = {
			.identity = identity,
			.on_started_leading = start_work,
			.on_stopped_leading = lost_lease,
			.on_new_leader = on_new_leader,
			.userdata = d,
		};
		if (kc_leader_options_apply(&o->leader, &lc, err) < 0 || !(le = kc_leader_new(d->base, client, &lc, err)))
			goto out;
		kc_log_info("%s: attempting to acquire leader lease %s/%s...", component, lc.lease_namespace,
			    lc.lease_name);
		kc_leader_start(le);
	} else {
		start_work(d);
	}
	struct event *sigterm = evsignal_new(d->base, SIGTERM, on_signal, d);
	struct event *sigint = evsignal_new(d->base, SIGINT, on_signal, d);
	event_add(sigterm, NULL);
	event_add(sigint, NULL);
	event_base_dispatch(d->base);
	event_free(sigterm);
	event_free(sigint);
	rc = 0;
out:
	/* the work stops before the lease goes */
	d->h->teardown(d->work);
	d->work = NULL;
	if (le) {
		if (d->exit_code == 0)
			kc_leader_release(le);
		kc_leader_free(le);
	}
	kc_health_server_free(hs);
	return rc;
}

int kc_daemon_run(const char *component, const kc_daemon_options *o, const kc_daemon_hooks *h)
{
	signal(SIGPIPE, SIG_IGN);
	run_state d = {.h = h, .base = event_base_new()};
	kc_error err = KC_ERROR_INIT;
	kc_client_config cfg = {0};
	kc_kubeconfig_overrides ov = {.kubeconfig = o->kubeconfig, .server = o->master[0] ? o->master : NULL};
	kc_client *client = NULL;
	kc_metrics *metrics = kc_metrics_new();
	if (kc_kubeconfig_load(&ov, &cfg, NULL, &err) == 0) {
		free(cfg.user_agent);
		cfg.user_agent = xasprintf("%s/%s", component, KC_VERSION);
		client = kc_client_new(d.base, &cfg, &err);
	}
	kc_client_config_clear(&cfg);
	if (!client || serve(&d, component, o, client, metrics, &err) < 0) {
		kc_log_error("%s", err.msg);
		d.exit_code = 1;
	}
	kc_client_free(client);
	kc_metrics_free(metrics);
	event_base_free(d.base);
	return d.exit_code;
}
