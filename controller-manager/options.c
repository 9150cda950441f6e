/* options.c - kc-controller-manager's command line (see options.h). */
#include "controller-manager/options.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "apiserver/discovery.h"
#include "common/flags.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "controller-manager/controllers.h"
#include "banned.h"

static const char description[] =
	"The kc controller manager runs the core control loops of a kc cluster: each\n"
	"watches the shared state of the cluster through the apiserver and makes\n"
	"changes attempting to move the current state towards the desired state\n"
	"(replicas of ReplicaSets and Deployments, endpoints of Services, garbage\n"
	"collection of dependents, namespace deletion, node health and pod CIDRs,\n"
	"default service accounts).\n"
	"\n"
	"Flags keep kube-controller-manager's names and meanings. Differences from\n"
	"upstream's defaults: --allocate-node-cidrs is true and --cluster-cidr is\n"
	"10.244.0.0/16, so that nodes get pod CIDRs without further set-up. All\n"
	"controllers run on one event loop: --concurrent-*-syncs say how many\n"
	"objects of a kind are synced before the loop attends to other work.\n";

static const char examples[] =
	"  # With the kubeconfig deploy/pki.sh makes for it\n"
	"  kc-controller-manager --kubeconfig=pki/controller-manager.conf\n"
	"\n"
	"  # Only the endpoint controllers, without leader election\n"
	"  kc-controller-manager --kubeconfig=pki/controller-manager.conf \\\n"
	"      --controllers=endpoint,endpointslice --leader-elect=false\n";

static int positive(const char *flag, int v, kc_error *err)
{
	return v > 0 ? 0 : kc_error_set(err, -EINVAL, "--%s must be greater than 0, got %d", flag, v);
}

static int check(cm_process_options *o, int64_t min_resync_ns, kc_error *err)
{
	const kc_cm_options *c = &o->cm;
	int rc = kc_daemon_options_check(&o->daemon, err);
	if (rc < 0)
		return rc;
	if (c->node_cidr_mask_size < 8 || c->node_cidr_mask_size > 128)
		return kc_error_set(err, -EINVAL, "--node-cidr-mask-size %d must be between 8 and 128",
				    c->node_cidr_mask_size);
	if (c->node_monitor_grace_period_ns <= 0 || c->node_monitor_period_ns <= 0)
		return kc_error_set(err, -EINVAL,
				    "--node-monitor-grace-period and --node-monitor-period must be positive");
	if (min_resync_ns < 0)
		return kc_error_set(err, -EINVAL, "--min-resync-period must not be negative");
	if ((rc = positive("concurrent-deployment-syncs", c->concurrent_deployment_syncs, err)) < 0 ||
	    (rc = positive("concurrent-replicaset-syncs", c->concurrent_replicaset_syncs, err)) < 0 ||
	    (rc = positive("concurrent-rc-syncs", c->concurrent_rc_syncs, err)) < 0 ||
	    (rc = positive("concurrent-endpoint-syncs", c->concurrent_endpoint_syncs, err)) < 0 ||
	    (rc = positive("concurrent-service-endpoint-syncs", c->concurrent_service_endpoint_syncs, err)) < 0 ||
	    (rc = positive("concurrent-namespace-syncs", c->concurrent_namespace_syncs, err)) < 0 ||
	    (rc = positive("concurrent-gc-syncs", c->concurrent_gc_syncs, err)) < 0)
		return rc;
	return 0;
}

/* Upstream's text, with the names this build knows. */
static char *usage_of_controllers(void)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_addf(&b, "A list of controllers to enable. '*' enables all on-by-default controllers, 'foo' "
			  "enables the controller named 'foo', '-foo' disables the controller named 'foo'.\n"
			  "All controllers: ");
	for (size_t i = 0; i < kc_cm_ncontrollers; i++)
		kc_buf_addf(&b, "%s%s", i ? ", " : "", kc_cm_controllers[i].def->name);
	kc_buf_addf(&b, ".");
	return kc_buf_release(&b);
}

int cm_options_parse(cm_process_options *o, int argc, char **argv, kc_error *err)
{
	memset(o, 0, sizeof(*o));
	kc_cm_options *c = &o->cm;
	kc_flags_list controllers = {0};
	int64_t min_resync_ns = 0;
	bool version = false;
	_cleanup_free_ char *controllers_usage = usage_of_controllers();
	kc_flag flags[] = {
		KC_FLAG_STRING_SLICE("controllers", 0, &controllers, "*", controllers_usage),
		KC_FLAG_STRING("cluster-cidr", 0, &c->cluster_cidr, "10.244.0.0/16",
			       "CIDR Range for Pods in cluster (one IPv4 and one IPv6, comma separated, for dual "
			       "stack). Requires --allocate-node-cidrs to be true."),
		KC_FLAG_BOOL("allocate-node-cidrs", 0, &c->allocate_node_cidrs, "true",
			     "Should CIDRs for Pods be allocated and set on the cloud provider."),
		KC_FLAG_INT("node-cidr-mask-size", 0, &c->node_cidr_mask_size, "24",
			    "Mask size for node cidr in cluster. Default is 24 for IPv4 and 64 for IPv6."),
		KC_FLAG_DURATION("node-monitor-grace-period", 0, &c->node_monitor_grace_period_ns, "40s",
				 "Amount of time which we allow running Node to be unresponsive before marking it "
				 "unhealthy. Must be N times more than kubelet's nodeStatusUpdateFrequency, where N "
				 "means number of retries allowed for kubelet to post node status."),
		KC_FLAG_DURATION("node-monitor-period", 0, &c->node_monitor_period_ns, "5s",
				 "The period for syncing NodeStatus in cloud-node-lifecycle-controller."),
		KC_FLAG_INT("concurrent-deployment-syncs", 0, &c->concurrent_deployment_syncs, "5",
			    "The number of deployment objects that are allowed to sync concurrently. Larger number = "
			    "more responsive deployments, but more CPU (and network) load"),
		KC_FLAG_INT("concurrent-replicaset-syncs", 0, &c->concurrent_replicaset_syncs, "5",
			    "The number of replica sets that are allowed to sync concurrently. Larger number = more "
			    "responsive replica management, but more CPU (and network) load"),
		KC_FLAG_INT("concurrent-rc-syncs", 0, &c->concurrent_rc_syncs, "5",
			    "The number of replication controllers that are allowed to sync concurrently. Larger "
			    "number = more responsive replica management, but more CPU (and network) load"),
		KC_FLAG_INT("concurrent-endpoint-syncs", 0, &c->concurrent_endpoint_syncs, "5",
			    "The number of endpoint syncing operations that will be done concurrently. Larger number "
			    "= faster endpoint updating, but more CPU (and network) load"),
		KC_FLAG_INT("concurrent-service-endpoint-syncs", 0, &c->concurrent_service_endpoint_syncs, "5",
			    "The number of service endpoint syncing operations that will be done concurrently. "
			    "Larger number = faster endpoint slice updating, but more CPU (and network) load."),
		KC_FLAG_INT("concurrent-namespace-syncs", 0, &c->concurrent_namespace_syncs, "10",
			    "The number of namespace objects that are allowed to sync concurrently. Larger number = "
			    "more responsive namespace termination, but more CPU (and network) load"),
		KC_FLAG_INT("concurrent-gc-syncs", 0, &c->concurrent_gc_syncs, "20",
			    "The number of garbage collector workers that are allowed to sync concurrently."),
		KC_FLAG_DURATION("min-resync-period", 0, &min_resync_ns, "12h0m0s",
				 "How often every informer hands its whole cache to its controllers again, so that "
				 "they re-check objects nothing changed (upstream picks a period between this and "
				 "twice it per informer; kc uses this one). 0 turns resyncs off."),
		KC_FLAG_BOOL("version", 0, &version, "false", "Print version information and quit."),
		KC_FLAG_END,
	};
	kc_flags_common common = {0};
	kc_flag *tables[] = {flags, kc_daemon_flags_table(&o->daemon, "10257"),
			     kc_daemon_leader_table(&o->daemon, "kube-controller-manager"), kc_flags_common_init(&common, NULL),
			     NULL};
	kc_flags_args args = {0};
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, err);
	o->daemon.kubeconfig = common.kubeconfig;
	o->verbosity = common.verbosity;
	if (rc == KC_FLAGS_HELP) {
		kc_flags_help help = {"kc-controller-manager", "kc-controller-manager [flags]", description, examples,
				      NULL, KC_FLAGS_STYLE_PFLAG};
		kc_flags_usage(stdout, &help, tables);
		rc = 1;
	} else if (rc == 0 && args.n > 0) {
		rc = kc_error_set(err, -EINVAL, "unknown command \"%s\" for \"kc-controller-manager\"", args.args[0]);
	} else if (rc == 0 && version) {
		printf("Kubernetes %s\n", API_GIT_VERSION);
		rc = 1;
	} else if (rc == 0) {
		/* upstream: random between the period and twice it, so that
		 * informers do not all resync at once; one process, one period */
		c->min_resync_ms = (uint64_t)(min_resync_ns / INT64_C(1000000));
		rc = check(o, min_resync_ns, err);
		if (rc == 0)
			rc = kc_cm_select_controllers(controllers.items, controllers.n, o->controllers,
						      &o->ncontrollers, err);
	}
	free(args.args);
	kc_flags_release(tables);
	return rc;
}
