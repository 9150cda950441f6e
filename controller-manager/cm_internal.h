/* cm_internal.h - the parts of the controller-manager's context that live
 * in their own files (expectations.c, events.c); only cm.c makes them. */
#ifndef KC_CM_INTERNAL_H
#define KC_CM_INTERNAL_H

#include "common/client.h"
#include "controller-manager/cm.h"

typedef struct cm_expectations cm_expectations;
cm_expectations *cm_expectations_new(void);
void cm_expectations_free(cm_expectations *e);
cm_expectations *kc_cm_expectations_of(kc_cm *cm);

/* The event recorder: posts Events through client (borrowed). */
typedef struct cm_events cm_events;
cm_events *cm_events_new(kc_client *client);
void cm_events_free(cm_events *ev);
cm_events *kc_cm_events_of(kc_cm *cm);

#endif
