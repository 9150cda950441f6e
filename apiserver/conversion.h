/* conversion.h - resources that are another resource's objects in another
 * shape. events.k8s.io/v1 Events are stored as core v1 Events (as upstream
 * stores one internal Event): reads convert stored objects to the
 * requested shape, writes convert them back.
 *
 *   events.k8s.io/v1      core/v1
 *   regarding             involvedObject
 *   note                  message
 *   reportingController   reportingComponent
 *   deprecatedSource      source
 *   deprecatedFirstTimestamp / LastTimestamp / Count
 *                         firstTimestamp / lastTimestamp / count
 * (reason, type, action, eventTime, series, related, reportingInstance
 * keep their names.) */
#ifndef KC_APISERVER_CONVERSION_H
#define KC_APISERVER_CONVERSION_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "common/resource.h"

/* Whether r's objects are stored in another resource's shape. */
bool api_is_view(const kc_resource *r);
/* Converts obj in place from storage shape to r's shape (no-op for
 * resources stored as they are). */
void api_convert_to_view(const kc_resource *r, cJSON *obj);
/* Converts obj in place from r's shape to storage shape. */
void api_convert_to_storage(const kc_resource *r, cJSON *obj);
/* The same for serialized JSON: a new string in r's shape. Caller frees. */
char *api_convert_json_to_view(const kc_resource *r, const char *json, size_t len, size_t *ret_len);

#endif
