/* fieldselector.h - field selectors, as k8s.io/apimachinery/pkg/fields has them.
 *
 * `?fieldSelector=status.phase=Running,spec.nodeName!=node-1`: terms
 * separated by ',', each "field=value", "field==value" or "field!=value".
 * In values, '\' escapes '\', ',' and '='; an unescaped '=' or a bad escape
 * is an error. Upstream's quirks are kept: terms are sorted as strings
 * before parsing (the first bad one in that order is reported), and a term
 * with neither field nor value ("=") is dropped.
 *
 * Which fields exist is per resource: the API server resolves a parsed
 * selector against the resource's table of kc_fieldsel_field
 * (kc_fieldsel_resolve), which rejects unknown fields with upstream's
 * message, applies aliases (pods' spec.host is spec.nodeName) and says where
 * in the object each field's value lives, so kc_fieldsel_matches() can test
 * objects. kc_fieldsel_table_for_kind() has the tables of the built-in kinds.
 *
 * Ownership: a kc_fieldsel is the caller's (kc_fieldsel_free). Tables are
 * static const data; a resolved selector points into its table, which must
 * outlive it. */
#ifndef KC_FIELDSELECTOR_H
#define KC_FIELDSELECTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "map.h"
#include "util.h"

struct cJSON;

typedef enum kc_fieldsel_op {
	KC_FIELDSEL_EQUALS,     /* "=" or "==" */
	KC_FIELDSEL_NOT_EQUALS, /* "!=" */
} kc_fieldsel_op;

/* One selectable field of a resource kind. */
typedef struct kc_fieldsel_field {
	const char *name;     /* as written in selectors: "spec.nodeName" */
	const char *path;     /* where the value is: dotted, with [i] for list items
	                         ("source.component", "status.podIPs[0].ip"); NULL:
	                         the name itself; "": accepted but never present */
	const char *missing;  /* the value when absent or null: "false" for
	                         booleans, "0" for counts; NULL means "" */
	const char *alias_of; /* rewritten to this name when resolved, NULL if none */
} kc_fieldsel_field;

typedef struct kc_fieldsel_table {
	const kc_fieldsel_field *fields;
	size_t n_fields;
	/* Kinds without their own field list use upstream's default, which
	 * accepts metadata.name and metadata.namespace and words the error
	 * "\"x\" is not a known field selector: only \"metadata.name\",
	 * \"metadata.namespace\"" instead of "field label not supported: x". */
	bool default_conversion;
} kc_fieldsel_table;

typedef struct kc_fieldsel_req {
	char *field;
	kc_fieldsel_op op;
	char *value;                  /* unescaped */
	const kc_fieldsel_field *def; /* set by kc_fieldsel_resolve, else NULL */
} kc_fieldsel_req;

typedef struct kc_fieldsel {
	bool nothing; /* matches no object */
	kc_fieldsel_req *reqs;
	size_t n_reqs; /* ANDed, in upstream's order (sorted terms) */
} kc_fieldsel;

void kc_fieldsel_free(kc_fieldsel *sel);
static inline void kc_fieldsel_freep(kc_fieldsel **sel)
{
	kc_fieldsel_free(*sel);
}
#define _cleanup_fieldsel_ _cleanup_(kc_fieldsel_freep)

/* fields.ParseSelector. "" (or NULL) gives the empty selector (matches
 * everything).
 * -EINVAL with upstream's message on error:
 *   "invalid selector: 'a'; can't understand 'a'" (the whole selector, then the term),
 *   "invalid field selector: invalid escape sequence: \x",
 *   "invalid field selector: unescaped character in value: 61" (the code of
 *   the character, as upstream prints a rune). */
int kc_fieldsel_parse(const char *text, kc_fieldsel **ret, kc_error *err);

kc_fieldsel *kc_fieldsel_everything(void);
kc_fieldsel *kc_fieldsel_nothing(void);

/* True when the selector does not restrict (no requirements, not "nothing"). */
bool kc_fieldsel_empty(const kc_fieldsel *sel);

/* Checks every requirement's field against the table, in order, and binds
 * it to its entry (aliases renamed). -EINVAL on the first unknown field:
 * "field label not supported: spec.foo", or the default-conversion wording
 * (see kc_fieldsel_table). The API server answers 400 with this message. */
int kc_fieldsel_resolve(kc_fieldsel *sel, const kc_fieldsel_table *table, kc_error *err);

/* The field set upstream's GetAttrs would build for the kind: the table of
 * the built-in kinds Pod, Node, ReplicationController, Event, Namespace,
 * Secret, Service (group ""), ReplicaSet (apps), Job (batch),
 * CertificateSigningRequest (certificates.k8s.io); any other kind gets the
 * default table (metadata.name, metadata.namespace). Never NULL. */
const kc_fieldsel_table *kc_fieldsel_table_for_kind(const char *group, const char *kind);

/* The value of one field of an object as upstream's field set holds it:
 * strings as they are, booleans "true"/"false", integers in decimal, absent
 * or null values as def->missing (or ""). Caller frees. */
char *kc_fieldsel_value(const struct cJSON *obj, const kc_fieldsel_field *def);

/* Whether obj (a whole object) passes every requirement. Unresolved
 * requirements read the field name as a dotted path. */
bool kc_fieldsel_matches(const kc_fieldsel *sel, const struct cJSON *obj);
/* The same against a precomputed field set (field -> const char *; absent
 * fields are ""). */
bool kc_fieldsel_matches_map(const kc_fieldsel *sel, const kc_map *fields);

/* Whether the selector requires field=value (RequiresExactMatch); *ret_value
 * points into the selector. Lets the API server use an index (spec.nodeName,
 * metadata.name). */
bool kc_fieldsel_requires_exact_match(const kc_fieldsel *sel, const char *field, const char **ret_value);

/* Upstream's String(): "field=value,field!=value" with values escaped;
 * "" for everything and nothing. Caller frees. */
char *kc_fieldsel_to_string(const kc_fieldsel *sel);

/* fields.EscapeValue: '\' ',' '=' get a backslash. Caller frees. */
char *kc_fieldsel_escape_value(const char *value);
/* fields.UnescapeValue; errors as kc_fieldsel_parse's. */
int kc_fieldsel_unescape_value(const char *value, char **ret, kc_error *err);

#endif
