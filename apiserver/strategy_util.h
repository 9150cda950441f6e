/* strategy_util.h - small JSON helpers the strategy and validation files
 * share: reading fields of a decoded object the way upstream's typed
 * structs see them (a missing field, null and the zero value are alike for
 * non-pointer fields), setting defaults, and upstream's semantic equality.
 *
 * Every getter accepts NULL or a non-object and answers as for a missing
 * field; nothing here allocates unless its contract says so. */
#ifndef KC_APISERVER_STRATEGY_UTIL_H
#define KC_APISERVER_STRATEGY_UTIL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "apiserver/fielderr.h"
#include "common/util.h"
#include "common/validate.h"

/* Iterates the elements (or members) of arr with their index:
 *   SU_EACH(i, c, containers) { ... }        (break and continue work) */
#define SU_EACH(i, el, arr)                                                    \
	for (const cJSON *el = su_first(arr); el; el = NULL)                   \
		for (size_t i = 0; el; el = el->next, i++)

/* A path string freed at the end of the scope. */
#define SU_PATH(var, ...) _cleanup_free_ char *var = xasprintf(__VA_ARGS__)

/* The first element of an array or member of an object, else NULL. */
static inline const cJSON *su_first(const cJSON *arr)
{
	return (cJSON_IsArray(arr) || cJSON_IsObject(arr)) ? arr->child : NULL;
}

/* o[key] when o is an object and the member is present and not null. */
const cJSON *su_get(const cJSON *o, const char *key);
cJSON *su_getm(cJSON *o, const char *key);
/* Walks a dotted path of object members ("spec.template.spec"). */
const cJSON *su_path(const cJSON *o, const char *dotted);
/* A string member, or NULL when absent or not a string. */
const char *su_str(const cJSON *o, const char *key);
/* A string member, or "" (never NULL). */
const char *su_strz(const cJSON *o, const char *key);
/* True when the member is a number with an integral value; *ret gets it. */
bool su_int(const cJSON *o, const char *key, long long *ret);
/* The integral member, or def when absent or not an integer. */
long long su_intd(const cJSON *o, const char *key, long long def);
bool su_true(const cJSON *o, const char *key);
/* A number item as a long long, clamped to +-2^62 (NaN and non-numbers
 * are 0), so huge JSON numbers never overflow a conversion. */
long long su_ll(const cJSON *v);
/* An object member (NULL unless present and an object). */
const cJSON *su_obj(const cJSON *o, const char *key);
/* An array member (NULL unless present and an array). */
const cJSON *su_arr(const cJSON *o, const char *key);
/* Elements of an array or members of an object; 0 for anything else. */
size_t su_len(const cJSON *v);
/* Present and not the zero value ("", 0, false, {}, [], null). */
bool su_set(const cJSON *o, const char *key);
bool su_is_zero(const cJSON *v);

/* o[key] as an object, created (replacing a non-object) when needed. */
cJSON *su_ensure_obj(cJSON *o, const char *key);
cJSON *su_ensure_arr(cJSON *o, const char *key);
/* Replace o[key]. */
void su_put(cJSON *o, const char *key, cJSON *value);
void su_put_str(cJSON *o, const char *key, const char *value);
void su_put_int(cJSON *o, const char *key, long long value);
void su_put_bool(cJSON *o, const char *key, bool value);
/* Defaults: set when the member is absent or null; the _zero variants also
 * when it holds the zero value (upstream's `if x == ""`/`if x == 0` for
 * non-pointer fields). */
void su_default_str(cJSON *o, const char *key, const char *value);
void su_default_int(cJSON *o, const char *key, long long value);
void su_default_int_zero(cJSON *o, const char *key, long long value);
void su_default_bool(cJSON *o, const char *key, bool value);

/* apimachinery's Semantic.DeepEqual for decoded JSON: absent, null and a
 * zero value are equal; numbers compare by value; object members compare
 * regardless of order. */
bool su_equal(const cJSON *a, const cJSON *b);
/* Same for a member of each (either object may be NULL). */
bool su_equal_member(const cJSON *a, const cJSON *b, const char *key);

/* Does string s occur in the NULL-terminated list? */
bool su_in(const char *s, const char *const *list);

/* Appends "Invalid value: <value>: field is immutable" for field when the
 * member differs between obj and old (ValidateImmutableField). */
void su_immutable(api_field_errors *errs, const char *field, const cJSON *obj, const cJSON *old,
		  const char *key);

/* ValidateNonnegativeField: "must be greater than or equal to 0". */
void su_nonnegative(api_field_errors *errs, const char *field, long long value);

/* Runs a common/validate.h check on value and adds one Invalid(path,
 * value, msg) per message it returns (upstream's `for _, msg := range
 * IsX(v)` idiom). Returns how many it added. */
size_t su_check(api_field_errors *errs, const char *path, const char *value,
		size_t (*check)(const char *, kc_validate_msgs *));
/* Same with a ValidateNameFunc (prefix false). */
size_t su_check_name(api_field_errors *errs, const char *path, const char *value, kc_validate_name_fn fn);
/* ValidateLabels / ValidateAnnotations at path (maps may be NULL). */
void su_labels(api_field_errors *errs, const char *path, const cJSON *labels);
void su_annotations(api_field_errors *errs, const char *path, const cJSON *annotations);
/* ValidateLabelSelector (a metav1.LabelSelector) at path. */
void su_label_selector(api_field_errors *errs, const char *path, const cJSON *selector);

/* IsValidIPForLegacyField / IsValidCIDRForLegacyField (strict, as upstream
 * with StrictIPCIDRValidation) at path. */
void su_ip_legacy(api_field_errors *errs, const char *path, const char *ip);
void su_cidr_legacy(api_field_errors *errs, const char *path, const char *cidr);
/* ValidateEndpointIP: a valid address that is not unspecified, loopback,
 * link-local or link-local multicast. */
void su_endpoint_ip(api_field_errors *errs, const char *path, const char *ip);

/* A bad value that upstream passes as an internal Go struct: internal
 * types have no JSON tags, so json.Marshal writes their Go field names in
 * declaration order. fields lists "<kind>GoName:jsonKey" entries (kind 's'
 * string, 'i' integer, 'b' bool: zero when absent; 'p' anything else:
 * null when absent), NULL-terminated. Returns the rendering (caller
 * frees): {"Key":"k","Value":"","Effect":"NoSchedule","TimeAdded":null}. */
char *su_go_struct(const cJSON *obj, const char *const *fields);
/* An array of such structs ("[{...},{...}]"; "null" for NULL). */
char *su_go_struct_array(const cJSON *arr, const char *const *fields);

/* `supported values: "A", "B"` (NotSupported's detail). Caller frees. */
char *su_supported(const char *const *valid);

/* "must be between 1 and 65535, inclusive" (validation.InclusiveRangeError). */
char *su_range_error(long long lo, long long hi);

#endif
