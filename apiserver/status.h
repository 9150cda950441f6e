/* status.h - metav1.Status error objects with upstream's reasons, codes and
 * messages (k8s.io/apimachinery/pkg/api/errors). Each returns a new Status
 * the caller deletes (or hands to api_reply_status). `resource` is the
 * plural with its group when it has one: "pods", "deployments.apps". */
#ifndef KC_APISERVER_STATUS_H
#define KC_APISERVER_STATUS_H

#include <cjson/cJSON.h>

#include "common/util.h"

/* A Status with the given code, reason and message; details may be NULL
 * (taken). */
cJSON *api_status_new(int code, const char *reason, const char *message, cJSON *details);
/* {"kind":"Status",...,"status":"Success"} for successful deletes. */
cJSON *api_status_success(const char *group, const char *kind_plural, const char *name, const char *uid);

/* pods "x" not found */
cJSON *api_status_not_found(const char *group, const char *resource, const char *name);
/* pods "x" already exists */
cJSON *api_status_already_exists(const char *group, const char *resource, const char *name);
/* Operation cannot be fulfilled on pods "x": <why> */
cJSON *api_status_conflict(const char *group, const char *resource, const char *name, const char *why);
/* the object has been modified; please apply your changes to the latest version and try again */
#define API_CONFLICT_MODIFIED \
	"the object has been modified; please apply your changes to the latest version and try again"
cJSON *api_status_bad_request(const char *fmt, ...) KC_PRINTF(1, 2);
cJSON *api_status_forbidden(const char *group, const char *resource, const char *name, const char *why);
cJSON *api_status_unauthorized(void);
cJSON *api_status_method_not_allowed(void);
/* the server could not find the requested resource */
cJSON *api_status_no_route(void);
cJSON *api_status_gone(const char *message);
cJSON *api_status_internal(const char *fmt, ...) KC_PRINTF(1, 2);
/* 422 for a bad request option, as upstream's ValidateCreateOptions and
 * friends: "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: <why>",
 * with the cause (reason "FieldValueNotSupported" ...) on field. */
cJSON *api_status_invalid_options(const char *options_kind, const char *field, const char *reason, const char *why);
cJSON *api_status_unavailable(const char *fmt, ...) KC_PRINTF(1, 2);
cJSON *api_status_timeout(const char *message);
cJSON *api_status_not_acceptable(void);
cJSON *api_status_unsupported_media_type(const char *content_type);
cJSON *api_status_too_large(long long limit);
/* The object's name and uid did not match a delete's preconditions. */
cJSON *api_status_precondition_failed(const char *group, const char *resource, const char *name,
				      const char *why);

/* The "code" of a Status (0 if absent). */
int api_status_code(const cJSON *status);

#endif
