/* admission.h - what upstream's admission plugins do to writes, where it
 * needs more than the object itself:
 *   NamespaceLifecycle: no creates into a missing or terminating namespace;
 *   Service allocation: ClusterIPs and NodePorts from their ranges;
 *   field validation (?fieldValidation=Ignore|Warn|Strict) of unknown fields.
 * The asynchronous steps call cb exactly once, with NULL or a Status to send
 * (taken). */
#ifndef KC_APISERVER_ADMISSION_H
#define KC_APISERVER_ADMISSION_H

#include <cjson/cJSON.h>

#include "apiserver/request.h"
#include "apiserver/rmw.h"

typedef void (*api_admit_cb)(api_req *r, cJSON *status, void *userdata);

/* name: the object's, for the message. */
void api_admission_namespace(api_req *r, const char *name, api_admit_cb cb, void *userdata);
/* Allocates what obj needs (Services: clusterIP, nodePorts) and writes the
 * values into it. */
void api_admission_allocate(api_req *r, cJSON *obj, api_admit_cb cb, void *userdata);
/* For updates (rmw.h hooks): take what the new version needs beyond what
 * the stored one holds; after the write, release what is no longer held. */
void api_admission_prepare_write(api_rmw *op, cJSON *next, const cJSON *current, api_rmw_cont cont);
void api_admission_after_write(api_rmw *op, const cJSON *next, const cJSON *current, bool written);

/* Gives back what obj holds (a Service that was deleted or failed to be
 * created). */
void api_admission_release(api_req *r, const cJSON *obj);
/* A 400 Status when a value of obj has a JSON type its field cannot take
 * (schema.h api_schema_type_error), else NULL. */
cJSON *api_admission_type_status(api_req *r, const cJSON *obj);
/* Checks the fieldValidation parameter, the value types (as
 * api_admission_type_status) and obj's fields against the resource's
 * schema: unknown or duplicate fields become Warning headers
 * (Warn, the default) or a 422 (Strict). Returns 0, or -1 after replying. */
int api_admission_field_validation(api_req *r, const cJSON *obj);

#endif
