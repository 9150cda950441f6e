/* validate.h - upstream's name and value validation, with its exact messages.
 *
 * Two layers, as in k8s.io/apimachinery:
 *
 *  1. Checks on one value (util/validation, api/validate/content): each
 *     kc_validate_<check>() appends upstream's messages (its []string) to a
 *     kc_validate_msgs and returns how many it appended, so 0 means valid:
 *
 *         if (kc_validate_dns1123_label(name, NULL) != 0) ...  // just ask
 *         kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
 *         kc_validate_dns1123_label(name, &m);                 // collect
 *
 *  2. Field errors (util/validation/field): a kc_validate_errors list of
 *     {type, field path, bad value, detail} entries that print exactly as
 *     upstream's field.Error ("metadata.name: Invalid value: \"X\": msg") and
 *     aggregate as its ErrorList.ToAggregate() does. The object-meta, label,
 *     annotation, label-selector, IP and CIDR validators add to such a list.
 *
 * Wording follows Kubernetes 1.35+ (apimachinery v0.35 and later, which moved
 * label keys/values to api/validate/content): label key and value length
 * errors say "bytes" ("must be no more than 63 bytes") while DNS names,
 * port names and config-map keys still say "characters". Field paths are
 * plain strings built by the caller ("spec.containers[0].name").
 *
 * The IP, CIDR and domain-name checks live in validate_net.c.
 *
 * Ownership: msgs and errors own their strings; the caller frees the lists with
 * kc_validate_msgs_free()/kc_validate_errors_free(). Returned char * strings
 * are the caller's to free. No function here logs or keeps state. */
#ifndef KC_VALIDATE_H
#define KC_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct cJSON;

/* ---- limits upstream names ---- */
#define KC_VALIDATE_DNS1123_LABEL_MAX     63
#define KC_VALIDATE_DNS1123_SUBDOMAIN_MAX 253
#define KC_VALIDATE_DNS1035_LABEL_MAX     63
#define KC_VALIDATE_LABEL_VALUE_MAX       63
#define KC_VALIDATE_LABEL_KEY_NAME_MAX    63
#define KC_VALIDATE_ANNOTATIONS_MAX_BYTES (256 * 1024) /* TotalAnnotationSizeLimitB */

/* ---- messages: upstream's []string ---- */
typedef struct kc_validate_msgs {
	char **v;
	size_t n, cap;
} kc_validate_msgs;
#define KC_VALIDATE_MSGS_INIT                                                                                \
	{                                                                                                    \
		NULL, 0, 0                                                                                   \
	}

void kc_validate_msgs_free(kc_validate_msgs *m);
static inline void kc_validate_msgs_freep(kc_validate_msgs *m)
{
	kc_validate_msgs_free(m);
}
#define _cleanup_validate_msgs_ _cleanup_(kc_validate_msgs_freep)
/* Appends a copy of msg (m may be NULL: nothing is stored). */
void kc_validate_msgs_add(kc_validate_msgs *m, const char *msg);
/* The messages joined with sep ("" when there are none); caller frees. */
char *kc_validate_msgs_join(const kc_validate_msgs *m, const char *sep);

/* ---- one-value checks (upstream name in brackets) ----
 * Each appends its messages to out (which may be NULL) and returns their
 * number: 0 means the value is valid. */
size_t kc_validate_dns1123_label(const char *value, kc_validate_msgs *out);     /* IsDNS1123Label */
size_t kc_validate_dns1123_subdomain(const char *value, kc_validate_msgs *out); /* IsDNS1123Subdomain */
/* IsDNS1123SubdomainWithUnderscore: labels may also hold '_' (and start with one). */
size_t kc_validate_dns1123_subdomain_underscore(const char *value, kc_validate_msgs *out);
size_t kc_validate_dns1035_label(const char *value, kc_validate_msgs *out);              /* IsDNS1035Label */
size_t kc_validate_wildcard_dns1123_subdomain(const char *value, kc_validate_msgs *out); /* "*.example.com" */
/* IsQualifiedName / content.IsLabelKey: [prefix/]name, prefix a DNS subdomain,
 * name at most 63 bytes of [-A-Za-z0-9_.] starting and ending alphanumeric. */
size_t kc_validate_qualified_name(const char *value, kc_validate_msgs *out);
/* IsPrefixedLabelKey: a qualified name that must have the prefix. */
size_t kc_validate_prefixed_label_key(const char *value, kc_validate_msgs *out);
size_t kc_validate_label_value(const char *value, kc_validate_msgs *out);  /* IsValidLabelValue */
size_t kc_validate_c_identifier(const char *value, kc_validate_msgs *out); /* IsCIdentifier */
/* IsEnvVarName: [-._a-zA-Z][-._a-zA-Z0-9]*, and not ".", ".." or "..*". */
size_t kc_validate_env_var_name(const char *value, kc_validate_msgs *out);
/* IsRelaxedEnvVarName: non-empty printable ASCII without '='. This is what
 * the API server applies since RelaxedEnvironmentVariableValidation went GA
 * (1.34); kc_validate_env_var_name is the older, stricter rule. */
size_t kc_validate_relaxed_env_var_name(const char *value, kc_validate_msgs *out);
/* IsValidPortName (IANA_SVC_NAME): at most 15 characters of [-a-z0-9], at
 * least one letter, no leading, trailing or doubled '-'. */
size_t kc_validate_port_name(const char *value, kc_validate_msgs *out);
size_t kc_validate_port_num(long long port, kc_validate_msgs *out); /* IsValidPortNum: 1..65535 */
size_t kc_validate_in_range(long long value, long long lo, long long hi,
                            kc_validate_msgs *out);                            /* IsInRange */
size_t kc_validate_user_id(long long uid, kc_validate_msgs *out);              /* IsValidUserID: 0..2^31-1 */
size_t kc_validate_group_id(long long gid, kc_validate_msgs *out);             /* IsValidGroupID */
size_t kc_validate_percent(const char *value, kc_validate_msgs *out);          /* IsValidPercent: [0-9]+% */
size_t kc_validate_config_map_key(const char *value, kc_validate_msgs *out);   /* IsConfigMapKey */
size_t kc_validate_http_header_name(const char *value, kc_validate_msgs *out); /* IsHTTPHeaderName */
/* IsPathSegmentName: not "." or "..", no '/' or '%' (empty is allowed). */
size_t kc_validate_path_segment_name(const char *value, kc_validate_msgs *out);
/* IsPathSegmentPrefix: no '/' or '%' (for generateName-style prefixes). */
size_t kc_validate_path_segment_prefix(const char *value, kc_validate_msgs *out);
/* content.IsDecimalInteger: "0" or -?[1-9][0-9]* (no sign '+', no leading 0). */
size_t kc_validate_decimal_integer(const char *value, kc_validate_msgs *out);

/* ---- object name validators (upstream's ValidateNameFunc) ----
 * prefix is true for metadata.generateName: a trailing '-' is then allowed
 * (upstream masks it before checking). */
typedef size_t (*kc_validate_name_fn)(const char *name, bool prefix, kc_validate_msgs *out);
size_t kc_validate_name_dns_subdomain(const char *name, bool prefix, kc_validate_msgs *out); /* most kinds */
size_t kc_validate_name_dns_label(const char *name, bool prefix, kc_validate_msgs *out); /* namespaces... */
size_t kc_validate_name_dns1035_label(const char *name, bool prefix, kc_validate_msgs *out); /* services */
size_t kc_validate_name_path_segment(const char *name, bool prefix, kc_validate_msgs *out);  /* RBAC... */

/* ---- Go-compatible rendering ---- */
/* s quoted as Go's strconv.Quote (%q) does: the form upstream prints bad
 * values in. Invalid UTF-8 bytes become \xNN; caller frees. */
char *kc_validate_quote(const char *s);
/* strs as Go's json.Marshal of a []string prints it ("null" when strs is
 * NULL); caller frees. */
char *kc_validate_json_strings(const char *const *strs, size_t n);

/* ---- field errors (field.Error / field.ErrorList) ---- */
typedef enum kc_validate_error_type {
	KC_VALIDATE_NOT_FOUND,     /* FieldValueNotFound, "Not found" */
	KC_VALIDATE_REQUIRED,      /* FieldValueRequired, "Required value" */
	KC_VALIDATE_DUPLICATE,     /* FieldValueDuplicate, "Duplicate value" */
	KC_VALIDATE_INVALID,       /* FieldValueInvalid, "Invalid value" */
	KC_VALIDATE_NOT_SUPPORTED, /* FieldValueNotSupported, "Unsupported value" */
	KC_VALIDATE_FORBIDDEN,     /* FieldValueForbidden, "Forbidden" */
	KC_VALIDATE_TOO_LONG,      /* FieldValueTooLong, "Too long" */
	KC_VALIDATE_TOO_MANY,      /* FieldValueTooMany, "Too many" */
	KC_VALIDATE_INTERNAL,      /* InternalError, "Internal error" */
	KC_VALIDATE_TYPE_INVALID,  /* FieldValueTypeInvalid, "Invalid value" */
} kc_validate_error_type;

typedef struct kc_validate_error {
	kc_validate_error_type type;
	char *field;  /* "metadata.name" */
	char *value;  /* the bad value as upstream renders it ("\"X\"", "5", "null",
	                 a JSON array); NULL when the type prints no value */
	char *detail; /* never NULL; may be "" */
} kc_validate_error;

typedef struct kc_validate_errors {
	kc_validate_error *v;
	size_t n, cap;
} kc_validate_errors;
#define KC_VALIDATE_ERRORS_INIT                                                                              \
	{                                                                                                    \
		NULL, 0, 0                                                                                   \
	}

void kc_validate_errors_free(kc_validate_errors *errs);
static inline void kc_validate_errors_freep(kc_validate_errors *e)
{
	kc_validate_errors_free(e);
}
#define _cleanup_validate_errors_ _cleanup_(kc_validate_errors_freep)

/* The constructors of upstream's field package; each appends one entry.
 * String values are quoted as Go's %q; *_raw variants take a value already
 * rendered (a number, "null", JSON). */
void kc_validate_invalid(kc_validate_errors *errs, const char *field, const char *value, const char *detail);
void kc_validate_invalid_raw(kc_validate_errors *errs, const char *field, const char *rendered,
                             const char *detail);
/* value rendered as upstream prints a decoded value of that JSON type:
 * strings quoted, numbers and booleans bare, null as null, the rest as JSON. */
void kc_validate_invalid_json(kc_validate_errors *errs, const char *field, const struct cJSON *value,
                              const char *detail);
void kc_validate_int_invalid(kc_validate_errors *errs, const char *field, long long value,
                             const char *detail);
void kc_validate_required(kc_validate_errors *errs, const char *field, const char *detail);
void kc_validate_forbidden(kc_validate_errors *errs, const char *field, const char *detail);
/* "may not be more than N bytes" (N < 0: "value is too long"). */
void kc_validate_too_long(kc_validate_errors *errs, const char *field, long long max_bytes);
/* "must have at most N items"; actual < 0 leaves the value out. */
void kc_validate_too_many(kc_validate_errors *errs, const char *field, long long actual, long long max_items);
void kc_validate_duplicate(kc_validate_errors *errs, const char *field, const char *value);
void kc_validate_not_found(kc_validate_errors *errs, const char *field, const char *value);
void kc_validate_not_supported(kc_validate_errors *errs, const char *field, const char *value,
                               const char *const *supported, size_t n_supported);
void kc_validate_internal(kc_validate_errors *errs, const char *field, const char *detail);
/* One Invalid(field, value, msg) per message: upstream's usual
 * `for _, msg := range IsX(v) { Invalid(...) }`. Returns msgs->n. */
size_t kc_validate_add_msgs(kc_validate_errors *errs, const char *field, const char *value,
                            const kc_validate_msgs *msgs);

/* "<field>: <body>" as field.Error.Error(); caller frees. */
char *kc_validate_error_string(const kc_validate_error *e);
/* The part after "<field>: " (ErrorBody), used for Status causes' message. */
char *kc_validate_error_body(const kc_validate_error *e);
/* The machine-readable reason ("FieldValueInvalid") for Status causes. */
const char *kc_validate_error_reason(kc_validate_error_type type);
/* The list as ErrorList.ToAggregate().Error(): duplicates dropped, one entry
 * printed alone, several as "[a, b]"; "" for an empty list. Caller frees. */
char *kc_validate_errors_aggregate(const kc_validate_errors *errs);

/* ---- metadata validators (apimachinery api/validation, meta/v1/validation) ----
 * path is where the checked value sits ("metadata.labels"). JSON inputs may
 * be NULL (absent); maps are walked in sorted key order so output is stable. */
/* ValidateLabels: every key a qualified name, every value a label value. */
void kc_validate_labels(kc_validate_errors *errs, const char *path, const struct cJSON *labels);
/* ValidateAnnotations: keys (lower-cased) qualified names, total size of keys
 * and values at most 256 KiB ("Too long: may not be more than 262144 bytes"). */
void kc_validate_annotations(kc_validate_errors *errs, const char *path, const struct cJSON *annotations);
/* ValidateLabelSelector (the API-server check of a LabelSelector field, e.g.
 * spec.selector): operators In/NotIn/Exists/DoesNotExist with the right
 * values, keys qualified names, values label values unless
 * allow_invalid_label_value. */
void kc_validate_label_selector(kc_validate_errors *errs, const char *path, const struct cJSON *selector,
                                bool allow_invalid_label_value);
/* ValidateFinalizers: names qualified, not both orphan and foreground. */
void kc_validate_finalizers(kc_validate_errors *errs, const char *path, const struct cJSON *finalizers);
/* ValidateOwnerReferences. */
void kc_validate_owner_references(kc_validate_errors *errs, const char *path, const struct cJSON *refs);
/* ValidateObjectMeta on create (generation done): generateName/name through
 * name_fn, namespace required (namespaced) or forbidden, generation >= 0,
 * labels, annotations, ownerReferences, finalizers. path is "metadata". */
void kc_validate_object_meta(kc_validate_errors *errs, const char *path, const struct cJSON *meta,
                             bool namespaced, kc_validate_name_fn name_fn);
/* ValidateObjectMetaUpdate: resourceVersion given, generation not decreased,
 * name/namespace/uid/creationTimestamp/deletion* unchanged, no new
 * finalizers while deleting, labels/annotations/ownerReferences valid. */
void kc_validate_object_meta_update(kc_validate_errors *errs, const char *path, const struct cJSON *new_meta,
                                    const struct cJSON *old_meta);

/* ---- IP addresses and CIDRs (util/validation/ip.go) ---- */
/* IsValidIP: a valid address, strict (no leading 0s, no IPv4-mapped IPv6)
 * and canonical ("must be in canonical form (\"fe80::1\")"). */
void kc_validate_ip(kc_validate_errors *errs, const char *path, const char *value);
/* IsValidIPForLegacyField: as above but non-canonical forms pass; with
 * strict false, leading 0s and IPv4-mapped addresses pass too. */
void kc_validate_ip_legacy(kc_validate_errors *errs, const char *path, const char *value, bool strict);
/* IsValidCIDR: valid, strict, no bits past the prefix, canonical. */
void kc_validate_cidr(kc_validate_errors *errs, const char *path, const char *value);
void kc_validate_cidr_legacy(kc_validate_errors *errs, const char *path, const char *value, bool strict);
/* IsValidInterfaceAddress: "192.168.1.5/24" style, canonical. */
void kc_validate_interface_address(kc_validate_errors *errs, const char *path, const char *value);
/* IsFullyQualifiedDomainName: at least two labels, a trailing '.' allowed. */
void kc_validate_fqdn(kc_validate_errors *errs, const char *path, const char *name);

/* Parses an address as Go's (pre-1.17) net.ParseIP does, which upstream
 * uses for validation: IPv4 octets may have leading zeros. Writes the
 * 16-byte form (IPv4 as ::ffff:a.b.c.d) to out. Returns false if invalid. */
bool kc_validate_parse_ip(const char *s, uint8_t out[16]);
/* Formats a 16-byte address as Go's net.IP.String(): dotted quad for IPv4
 * (and IPv4-mapped), RFC 5952 for IPv6. buf needs 46 bytes. */
void kc_validate_format_ip(const uint8_t ip[16], char buf[46]);

#endif
