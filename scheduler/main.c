/* main.c - kc-scheduler: kube-scheduler's flags, /healthz and /metrics,
 * leader election through the kube-system/kube-scheduler Lease, and the
 * scheduling loop while this process leads. SIGTERM and SIGINT give the
 * lease up and exit 0; losing it exits 1, as upstream. */
#include <errno.h>
#include <event2/event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apiserver/discovery.h"
#include "common/client.h"
#include "common/flags.h"
#include "common/healthserver.h"
#include "common/kubeconfig.h"
#include "common/leaderelection.h"
#include "common/log.h"
#include "common/util.h"
#include "scheduler/scheduler.h"
#include "banned.h"

typedef struct options {
	const char *kubeconfig, *master, *bind_address, *tls_cert_file, *tls_private_key_file;
	int secure_port, verbosity;
	kc_leader_options leader;
} options;

static const char description[] =
	"The kc scheduler places pods on nodes. It watches pods that have no node\n"
	"yet (spec.schedulerName default-scheduler, or unset), finds the nodes that\n"
	"can run each one (resources, node selectors and affinity, taints and\n"
	"tolerations, host ports, pod affinity and anti-affinity, local volumes),\n"
	"scores them (least allocated, balanced, spread of a controller's pods\n"
	"over nodes and zones, preferred affinity, PreferNoSchedule taints) and\n"
	"binds the pod to the best. A pod that fits nowhere gets PodScheduled=False\n"
	"with the reasons, and a FailedScheduling event; it is tried again when the\n"
	"cluster changes.\n"
	"\n"
	"Flags keep kube-scheduler's names and meanings. kc has no scheduler\n"
	"configuration file: the default profile is built in.\n";

static const char examples[] =
	"  # With the kubeconfig deploy/pki.sh makes for it\n"
	"  kc-scheduler --kubeconfig=pki/scheduler.conf\n";

static int parse(options *o, int argc, char **argv, kc_error *err)
{
	memset(o, 0, sizeof(*o));
	bool version = false;
	kc_flag flags[] = {
		KC_FLAG_STRING("master", 0, &o->master, "",
			       "The address of the Kubernetes API server (overrides any value in kubeconfig)."),
		KC_FLAG_STRING("bind-address", 0, &o->bind_address, "0.0.0.0",
			       "The IP address on which to listen for the --secure-port port (/healthz, /livez, "
			       "/readyz, /metrics)."),
		KC_FLAG_INT("secure-port", 0, &o->secure_port, "10259",
			    "The port on which to serve HTTPS with authentication and authorization. If 0, don't "
			    "serve HTTPS at all."),
		KC_FLAG_STRING("tls-cert-file", 0, &o->tls_cert_file, "",
			       "File containing the default x509 Certificate for HTTPS. If not provided, a "
			       "self-signed certificate is generated in memory."),
		KC_FLAG_STRING("tls-private-key-file", 0, &o->tls_private_key_file, "",
			       "File containing the default x509 private key matching --tls-cert-file."),
		KC_FLAG_BOOL("version", 0, &version, "false", "Print version information and quit."),
		KC_FLAG_END,
	};
	kc_flags_common common = {0};
	kc_flag *tables[] = {flags, kc_leader_flags_table(&o->leader, "kube-scheduler"),
			     kc_flags_common_init(&common, NULL), NULL};
	kc_flags_args args = {0};
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, err);
	o->kubeconfig = common.kubeconfig;
	o->verbosity = common.verbosity;
	if (rc == KC_FLAGS_HELP) {
		kc_flags_help help = {"kc-scheduler", "kc-scheduler [flags]", description, examples, NULL,
				      KC_FLAGS_STYLE_PFLAG};
		kc_flags_usage(stdout, &help, tables);
		rc = 1;
	} else if (rc == 0 && args.n > 0) {
		rc = kc_error_set(err, -EINVAL, "unknown command \"%s\" for \"kc-scheduler\"", args.args[0]);
	} else if (rc == 0 && version) {
		printf("Kubernetes %s\n", API_GIT_VERSION);
		rc = 1;
	} else if (rc == 0 && (o->secure_port < 0 || o->secure_port > 65535)) {
		rc = kc_error_set(err, -EINVAL, "--secure-port %d must be between 0 and 65535, inclusive",
				  o->secure_port);
	}
	free(args.args);
	kc_flags_release(tables);
	return rc;
}

typedef struct process {
	options opts;
	struct event_base *base;
	scheduler *sched;
	bool started;
	int exit_code;
} process;

static void start_scheduling(void *userdata)
{
	process *p = userdata;
	if (!p->started) {
		p->started = true;
		scheduler_start(p->sched);
	}
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

static void refresh_metrics(void *userdata) { scheduler_update_metrics(((process *)userdata)->sched); }

static int run(process *p, kc_error *err)
{
	options *o = &p->opts;
	kc_client_config cfg = {0};
	kc_kubeconfig_overrides ov = {.kubeconfig = o->kubeconfig, .server = o->master[0] ? o->master : NULL};
	if (kc_kubeconfig_load(&ov, &cfg, NULL, err) < 0)
		return -1;
	free(cfg.user_agent);
	cfg.user_agent = xstrdup("kc-scheduler/" KC_VERSION);
	kc_client *client = kc_client_new(p->base, &cfg, err);
	kc_client_config_clear(&cfg);
	if (!client)
		return -1;
	kc_metrics *metrics = kc_metrics_new();
	p->sched = scheduler_new(p->base, client, "default-scheduler", metrics);
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
			.on_started_leading = start_scheduling,
			.on_stopped_leading = lost_lease,
			.on_new_leader = on_new_leader,
			.userdata = p,
		};
		if (kc_leader_options_apply(&o->leader, &lc, err) < 0 || !(le = kc_leader_new(p->base, client, &lc, err)))
			goto out;
		kc_log_info("Attempting to acquire leader lease %s/%s...", lc.lease_namespace, lc.lease_name);
		kc_leader_start(le);
	} else {
		start_scheduling(p);
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
	/* stop scheduling before the lease goes: the next leader never binds
	 * at the same time as this one */
	scheduler_free(p->sched);
	p->sched = NULL;
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
	int rc = parse(&p.opts, argc, argv, &err);
	if (rc == 1)
		return 0;
	if (rc < 0) {
		fprintf(stderr, "Error: %s\nRun 'kc-scheduler --help' for usage.\n", err.msg);
		return 1;
	}
	kc_log_init("kc-scheduler", p.opts.verbosity);
	signal(SIGPIPE, SIG_IGN);
	p.base = event_base_new();
	if (run(&p, &err) < 0) {
		kc_log_error("%s", err.msg);
		p.exit_code = 1;
	}
	event_base_free(p.base);
	return p.exit_code;
}
