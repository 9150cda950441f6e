/* main.c - kc-scheduler: kube-scheduler's flags, then the scheduling loop
 * as a control-plane daemon (common/daemon.h: /healthz and /metrics,
 * leader election through the kube-system/kube-scheduler Lease). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apiserver/discovery.h"
#include "common/daemon.h"
#include "common/flags.h"
#include "common/log.h"
#include "common/util.h"
#include "scheduler/scheduler.h"
#include "banned.h"

static const char description[] =
	"The kc scheduler places pods on nodes. It watches pods that have no node\n"
	"yet (spec.schedulerName default-scheduler, or unset), finds the nodes that\n"
	"can run each one (resources, node selectors and affinity, taints and\n"
	"tolerations, host ports, pod affinity and anti-affinity, local volumes),\n"
	"scores them (least allocated, balanced, spread of a controller's or a\n"
	"Service's pods over nodes and zones, preferred affinity, PreferNoSchedule\n"
	"taints) and binds the pod to the best. A pod that fits nowhere gets\n"
	"PodScheduled=False with the reasons, and a FailedScheduling event; it is\n"
	"tried again when the cluster changes.\n"
	"\n"
	"Flags keep kube-scheduler's names and meanings. kc has no scheduler\n"
	"configuration file: the default profile is built in.\n";

static const char examples[] =
	"  # With the kubeconfig deploy/pki.sh makes for it\n"
	"  kc-scheduler --kubeconfig=pki/scheduler.conf\n";

/* Returns 0, 1 after --help or --version, or a negative errno. */
static int parse(kc_daemon_options *o, int *ret_verbosity, int argc, char **argv, kc_error *err)
{
	memset(o, 0, sizeof(*o));
	bool version = false;
	kc_flag flags[] = {
		KC_FLAG_BOOL("version", 0, &version, "false", "Print version information and quit."),
		KC_FLAG_END,
	};
	kc_flags_common common = {0};
	kc_flag *tables[] = {flags, kc_daemon_flags_table(o, "10259"), kc_daemon_leader_table(o, "kube-scheduler"),
			     kc_flags_common_init(&common, NULL), NULL};
	kc_flags_args args = {0};
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, err);
	o->kubeconfig = common.kubeconfig;
	*ret_verbosity = common.verbosity;
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
	} else if (rc == 0) {
		rc = kc_daemon_options_check(o, err);
	}
	free(args.args);
	kc_flags_release(tables);
	return rc;
}

static void *setup(struct event_base *base, kc_client *client, kc_metrics *metrics, void *userdata, kc_error *err)
{
	(void)userdata;
	(void)err;
	return scheduler_new(base, client, "default-scheduler", metrics);
}

static void start(void *work) { scheduler_start(work); }
static void refresh(void *work) { scheduler_update_metrics(work); }
static void teardown(void *work) { scheduler_free(work); }

int main(int argc, char **argv)
{
	kc_util_init_json_hooks();
	kc_daemon_options o;
	int verbosity = 0;
	kc_error err = KC_ERROR_INIT;
	int rc = parse(&o, &verbosity, argc, argv, &err);
	if (rc == 1)
		return 0;
	if (rc < 0) {
		fprintf(stderr, "Error: %s\nRun 'kc-scheduler --help' for usage.\n", err.msg);
		return 1;
	}
	kc_log_init("kc-scheduler", verbosity);
	kc_daemon_hooks h = {.setup = setup, .start = start, .before_metrics = refresh, .teardown = teardown};
	return kc_daemon_run("kc-scheduler", &o, &h);
}
