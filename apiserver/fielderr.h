/* fielderr.h - field errors, as upstream's k8s.io/apimachinery/pkg/util/validation/field.
 *
 * Validation collects every problem with an object into an api_field_errors
 * list; the apiserver turns a non-empty list into a 422 Invalid Status whose
 * message and causes read exactly as kube-apiserver's:
 *
 *   Pod "nginx" is invalid: spec.containers[0].image: Required value
 *   Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be
 *     greater than or equal to 0, spec.template.metadata.labels: Invalid value:
 *     map[string]string{"app":"x"}: `selector` does not match template `labels`]
 *
 * Bad values print as apimachinery v0.35 prints them: strings as Go's %q,
 * numbers and booleans bare, anything else as Go's json.Marshal of the value
 * (maps with sorted keys: {"app":"x"}); the example above shows the older
 * Go-syntax form (map[string]string{...}) that releases before 1.33 printed.
 *
 * The list owns its strings; api_field_errors_clear() frees them. */
#ifndef KC_APISERVER_FIELDERR_H
#define KC_APISERVER_FIELDERR_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum api_field_error_type {
	API_FE_NOT_FOUND,     /* "Not found" */
	API_FE_REQUIRED,      /* "Required value" */
	API_FE_DUPLICATE,     /* "Duplicate value" */
	API_FE_INVALID,       /* "Invalid value" */
	API_FE_NOT_SUPPORTED, /* "Unsupported value" */
	API_FE_FORBIDDEN,     /* "Forbidden" */
	API_FE_TOO_LONG,      /* "Too long" */
	API_FE_TOO_MANY,      /* "Too many" */
	API_FE_INTERNAL,      /* "Internal error" */
	API_FE_TYPE_INVALID,  /* "Invalid value" with reason FieldValueTypeInvalid */
} api_field_error_type;

typedef struct api_field_error {
	api_field_error_type type;
	char *field;     /* "spec.containers[0].name" */
	char *bad_value; /* the value as upstream prints it ("\"abc\"", "-1"), or NULL when not shown */
	char *detail;    /* may be NULL */
} api_field_error;

typedef struct api_field_errors {
	api_field_error *v;
	size_t n, cap;
} api_field_errors;

#define API_FIELD_ERRORS_INIT {NULL, 0, 0}

void api_field_errors_clear(api_field_errors *e);
static inline void api_field_errors_clearp(api_field_errors *e) { api_field_errors_clear(e); }
#define _cleanup_field_errors_ __attribute__((cleanup(api_field_errors_clearp)))

/* Adds an error. value may be NULL (not shown); detail is printf-style and may
 * be NULL. The value is printed as upstream's field.Error does (%q for
 * strings, numbers and bools plainly, Go's map/slice form for objects). */
void api_fe_add(api_field_errors *e, api_field_error_type type, const char *field, const cJSON *value,
		const char *detail_fmt, ...) __attribute__((format(printf, 5, 6)));

/* Shorthands for the common cases. */
void api_fe_required(api_field_errors *e, const char *field, const char *detail);
void api_fe_invalid(api_field_errors *e, const char *field, const cJSON *value, const char *detail);
void api_fe_invalid_str(api_field_errors *e, const char *field, const char *value, const char *detail);
void api_fe_invalid_int(api_field_errors *e, const char *field, long long value, const char *detail);
void api_fe_duplicate(api_field_errors *e, const char *field, const cJSON *value);
void api_fe_forbidden(api_field_errors *e, const char *field, const char *detail);
/* valid is NULL-terminated; prints `supported values: "A", "B"`. */
void api_fe_not_supported(api_field_errors *e, const char *field, const cJSON *value,
			  const char *const *valid);
void api_fe_too_long(api_field_errors *e, const char *field, const cJSON *value, long long max_bytes);
void api_fe_too_many(api_field_errors *e, const char *field, long long actual, long long max);

/* Adds an error whose bad value is already rendered (NULL: not shown);
 * detail may be NULL. */
void api_fe_add_rendered(api_field_errors *e, api_field_error_type type, const char *field, const char *rendered,
			 const char *detail);
/* String-valued variants of the shorthands above (value quoted as %q). */
void api_fe_duplicate_str(api_field_errors *e, const char *field, const char *value);
void api_fe_not_supported_str(api_field_errors *e, const char *field, const char *value,
			      const char *const *valid);
void api_fe_internal(api_field_errors *e, const char *field, const char *detail);

/* A value rendered as field.Error prints a bad value ("null" for NULL).
 * Caller frees. */
char *api_fe_render_value(const cJSON *value);

/* Bridges from common/validate.h: copies every entry of a kc_validate_errors
 * list; adds one Invalid(field, value, msg) per message of a kc_validate_msgs
 * (upstream's `for _, msg := range IsX(v)` idiom). */
struct kc_validate_errors;
struct kc_validate_msgs;
void api_fe_add_validate(api_field_errors *e, const struct kc_validate_errors *v);
void api_fe_add_msgs(api_field_errors *e, const char *field, const char *value,
		     const struct kc_validate_msgs *msgs);
/* Moves every error of src to the end of dst; src is left empty. */
void api_fe_append(api_field_errors *dst, api_field_errors *src);

/* The cause reason of a type ("FieldValueInvalid"). */
const char *api_fe_reason(api_field_error_type t);
/* The error without its field ("Required value"), as Status causes carry
 * it. Caller frees. */
char *api_field_error_body(const api_field_error *fe);
/* "spec.containers[0].image: Required value" for one error. Caller frees. */
char *api_field_error_string(const api_field_error *fe);

/* The whole message: `Pod "nginx" is invalid: <one error>` or with several,
 * `... is invalid: [<e1>, <e2>]`. qualified_kind is "Pod" or "Deployment.apps"
 * (upstream's GroupKind string). Caller frees. */
char *api_field_errors_message(const api_field_errors *e, const char *qualified_kind, const char *name);

/* A complete metav1.Status for 422 Invalid with details.causes (reason
 * FieldValueRequired, FieldValueInvalid, ...; message; field), as upstream's
 * apierrors.NewInvalid builds it. group may be "". Caller deletes. */
cJSON *api_field_errors_status(const api_field_errors *e, const char *group, const char *kind,
			       const char *name);

/* Path building helpers: "spec.containers[3]" and "metadata.labels[app]". */
char *api_path_index(const char *parent, size_t index);
char *api_path_key(const char *parent, const char *key);
char *api_path_child(const char *parent, const char *child);

#endif
