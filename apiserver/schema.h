/* schema.h - the structure of every kind kc serves: field names, types and
 * descriptions, written once in kc's own schema files (apiserver/schema/)
 * and used for
 *   - the OpenAPI v2 (/openapi/v2) and v3 (/openapi/v3, /openapi/v3/<group
 *     version>) documents kubectl reads for `kubectl explain` and for
 *     client-side validation;
 *   - field validation of request bodies (unknown fields, wrong types).
 * Field names and types are upstream's API (facts of the Kubernetes API);
 * descriptions are kc's own words. */
#ifndef KC_APISERVER_SCHEMA_H
#define KC_APISERVER_SCHEMA_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "common/resource.h"

/* The paths of fields in obj that r's schema does not know, in upstream's
 * notation ("spec.containers[0].imagePullPolicyy", "metadata.app"), as a new
 * array of strings (*ret, caller frees the array and each string). Returns
 * the count. Kinds without a schema report nothing. */
size_t api_schema_unknown_fields(const kc_resource *r, const cJSON *obj, char ***ret);

/* The OpenAPI v2 document (Swagger 2.0) for every served kind, paths
 * included. Built once; borrowed. */
const char *api_openapi_v2(size_t *ret_len);
/* The OpenAPI v3 discovery document ({"paths":{"api/v1":{"serverRelativeURL":
 * ...}}}). Borrowed. */
const char *api_openapi_v3_index(size_t *ret_len);
/* The OpenAPI v3 document for "api/v1" or "apis/apps/v1" (NULL if none).
 * Borrowed. */
const char *api_openapi_v3_group(const char *group_version_path, size_t *ret_len);

#endif
