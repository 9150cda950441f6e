/* options.h - kc-controller-manager's command line: kube-controller-manager's
 * flag names, defaults and meanings. */
#ifndef KC_CM_OPTIONS_H
#define KC_CM_OPTIONS_H

#include <stddef.h>

#include "common/error.h"
#include "common/daemon.h"
#include "controller-manager/cm.h"

typedef struct cm_process_options {
	kc_cm_options cm;
	kc_daemon_options daemon; /* --kubeconfig, --master, --secure-port, --leader-elect ... */
	int verbosity;
	const kc_controller_def *controllers[64]; /* --controllers, resolved */
	size_t ncontrollers;
} cm_process_options;

/* Parses argv. Returns 0, 1 when --help or --version printed what they
 * print (the process should exit 0), or a negative errno with err. String
 * options point into argv. */
int cm_options_parse(cm_process_options *o, int argc, char **argv, kc_error *err);

#endif
