/* main.c - kc-controller-manager: kube-controller-manager's flags, then the
 * controllers as a control-plane daemon (common/daemon.h: /healthz and
 * /metrics, leader election through the kube-system/kube-controller-manager
 * Lease; the controllers run while this process leads). */
#include <stdio.h>
#include <stdlib.h>

#include "common/daemon.h"
#include "common/log.h"
#include "common/util.h"
#include "controller-manager/cm.h"
#include "controller-manager/options.h"
#include "banned.h"

/* What the daemon runs: the controllers, and which to start. */
typedef struct cm_work {
	kc_cm *cm;
	const cm_process_options *o;
} cm_work;

static void *setup(struct event_base *base, kc_client *client, kc_metrics *metrics, void *userdata, kc_error *err)
{
	(void)err;
	cm_work *w = xcalloc(1, sizeof(*w));
	w->o = userdata;
	w->cm = kc_cm_new(base, client, &w->o->cm, metrics);
	return w;
}

static void start(void *work)
{
	cm_work *w = work;
	int failed = kc_cm_start_controllers(w->cm, w->o->controllers, w->o->ncontrollers);
	kc_log_info("Started %zu controllers (%d failed)", w->o->ncontrollers - (size_t)failed, failed);
}

static void refresh(void *work) { kc_cm_update_metrics(((cm_work *)work)->cm); }

static void teardown(void *work)
{
	cm_work *w = work;
	kc_cm_free(w->cm);
	free(w);
}

int main(int argc, char **argv)
{
	kc_util_init_json_hooks();
	cm_process_options o;
	kc_error err = KC_ERROR_INIT;
	int rc = cm_options_parse(&o, argc, argv, &err);
	if (rc == 1)
		return 0;
	if (rc < 0) {
		fprintf(stderr, "Error: %s\nRun 'kc-controller-manager --help' for usage.\n", err.msg);
		return 1;
	}
	kc_log_init("kc-controller-manager", o.verbosity);
	kc_daemon_hooks h = {
		.setup = setup, .start = start, .before_metrics = refresh, .teardown = teardown, .userdata = &o};
	return kc_daemon_run("kc-controller-manager", &o.daemon, &h);
}
