/* controllers.h - every controller kc-controller-manager knows, and the
 * --controllers selection over them (kube-controller-manager's rules). */
#ifndef KC_CM_CONTROLLERS_H
#define KC_CM_CONTROLLERS_H

#include <stddef.h>

#include "common/error.h"
#include "controller-manager/cm.h"

typedef struct cm_controller_row {
	const kc_controller_def *def;
	/* the name upstream gives it since 1.28 ("replicaset-controller"),
	 * accepted by --controllers as well as def->name */
	const char *alias;
} cm_controller_row;

extern const cm_controller_row kc_cm_controllers[];
extern const size_t kc_cm_ncontrollers;

/* Resolves --controllers items ("*" every controller, "foo" enables foo,
 * "-foo" disables it; upstream's defaults: ["*"]) into ret (room for
 * kc_cm_ncontrollers entries), in table order. -EINVAL with upstream's
 * message for an unknown name. */
int kc_cm_select_controllers(char *const *items, size_t n, const kc_controller_def **ret, size_t *ret_n,
			     kc_error *err);

#endif
