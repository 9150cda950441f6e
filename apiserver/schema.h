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
/* The paths of fields that occur twice in one object of obj (cJSON keeps
 * both), once per repeat, for upstream's `duplicate field "metadata.name"`.
 * Same ownership as api_schema_unknown_fields. */
size_t api_schema_duplicate_fields(const kc_resource *r, const cJSON *obj, char ***ret);
/* Both checks against the schema of any kind (group "" for core), such as
 * the Scale or Binding a subresource takes. *ret_unknown and *ret_duplicate
 * (either may be NULL when not wanted) get new arrays as above, *n_unknown
 * and *n_duplicate their counts. Returns -ENOENT, leaving the outputs
 * untouched, when kc has no schema for the kind. */
int api_schema_check_fields(const char *group, const char *version, const char *kind, const cJSON *obj,
			    char ***ret_unknown, size_t *n_unknown, char ***ret_duplicate, size_t *n_duplicate,
			    char **ret_type_error);
/* The first value of obj whose JSON type the field's Go type cannot take,
 * in encoding/json's words ("json: cannot unmarshal number into Go struct
 * field ConfigMap.data of type string"), or NULL when every value fits
 * (null fits anything). The caller frees it. Also ret_type_error above
 * (may be NULL). */
char *api_schema_type_error(const kc_resource *r, const cJSON *obj);

/* The OpenAPI v2 document (Swagger 2.0) for every served kind, paths
 * included. Built once; borrowed. */
const char *api_openapi_v2(size_t *ret_len);
/* The same document in protobuf, gnostic's openapi.v2.Document: what
 * kubectl and client-go ask /openapi/v2 for (Accept:
 * application/com.github.proto-openapi.spec.v2@v1.0+protobuf; kubectl 1.27
 * and 1.28 need it for explain and field validation). Binary: mind
 * ret_len. Built once; borrowed. */
const char *api_openapi_v2_pb(size_t *ret_len);
/* The OpenAPI v3 discovery document ({"paths":{"api/v1":{"serverRelativeURL":
 * ...}}}). Borrowed. */
const char *api_openapi_v3_index(size_t *ret_len);
/* The OpenAPI v3 document for "api/v1" or "apis/apps/v1" (NULL if none).
 * Borrowed. */
const char *api_openapi_v3_group(const char *group_version_path, size_t *ret_len);

#endif
