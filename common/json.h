/* json.h - helpers over cJSON that every kc component uses: a strict parser
 * with positioned errors, path getters and setters, deep equality, and a
 * deterministic printer.
 *
 * Objects are cJSON trees end to end (see DESIGN.md). Ownership follows cJSON:
 * whoever holds the root frees it with cJSON_Delete (or _cleanup_json_).
 * Getters return pointers *into* the tree: valid until that part of the tree
 * changes, never to be freed. Functions that take a cJSON *value "take
 * ownership": the value belongs to the tree on success and is freed on
 * failure, so a caller never frees it after the call.
 *
 * Limits (why they exist):
 *  - Nesting: kc_json_parse refuses documents nested deeper than
 *    KC_JSON_MAX_DEPTH arrays/objects (as cJSON's CJSON_NESTING_LIMIT), so
 *    the recursive code that walks trees (printing, equality, patches,
 *    cJSON_Delete) has a bounded stack.
 *  - Numbers: cJSON stores every number as a double. Integers are exact up to
 *    2^53 (KC_JSON_MAX_SAFE_INT); larger integers (rare in Kubernetes: int64
 *    fields such as metadata.generation stay far below) are rounded to the
 *    nearest double. resourceVersion and quantities are strings, so they are
 *    never affected. kc_json_get_int refuses non-integral numbers and numbers
 *    outside int64 rather than truncating them.
 *  - Strings cannot hold NUL bytes (cJSON strings are C strings): the parser
 *    rejects "\u0000" instead of silently truncating.
 */
#ifndef KC_JSON_H
#define KC_JSON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "util.h"

#define KC_JSON_MAX_DEPTH    1000
#define KC_JSON_MAX_SAFE_INT 9007199254740992.0 /* 2^53 */

/* ---- parsing ---- */

/* kc_json_parse_ex flags. */
enum {
	/* Reject objects that repeat a key (upstream's strict field validation
	 * says 'duplicate field "x"'). Without it the last value wins, as Go's
	 * encoding/json does, and stays at the first key's position. */
	KC_JSON_PARSE_NO_DUPLICATES = 1 << 0,
};

/* Parses exactly one JSON value from buf[0..len) (leading and trailing
 * whitespace allowed; buf need not be NUL-terminated). Strict RFC 8259
 * grammar; invalid UTF-8 inside strings becomes U+FFFD (as Go does); lone
 * surrogate escapes too. On success *ret holds the tree (caller frees).
 * On failure returns -EINVAL with a message such as
 *     invalid JSON at line 3, column 14: invalid character 'x' looking for beginning of value
 * (columns count characters from 1) and, if ret_err_offset is not NULL, the
 * byte offset of the error in *ret_err_offset. */
int kc_json_parse_ex(const char *buf, size_t len, unsigned flags, cJSON **ret, size_t *ret_err_offset,
                     kc_error *err);
int kc_json_parse(const char *buf, size_t len, cJSON **ret, kc_error *err);
/* Same for a NUL-terminated string. */
int kc_json_parse_str(const char *s, cJSON **ret, kc_error *err);

/* ---- printing ---- */

enum {
	KC_JSON_PRETTY = 1 << 0,      /* 4-space indent, "key": value, like kubectl -o json */
	KC_JSON_SORTED = 1 << 1,      /* object keys in byte order (Go sorts map keys so) */
	KC_JSON_ESCAPE_HTML = 1 << 2, /* <, >, & as \u003c... as Go's encoder does by default */
};

/* Serialises item (NULL prints "null"). Deterministic: the same tree always
 * gives the same bytes. Numbers print as Go prints float64: integral values
 * below 1e21 without exponent or fraction ("3", not "3.0"), others in the
 * shortest form that reads back to the same double. Strings escape '"', '\\',
 * control characters and U+2028/U+2029; invalid UTF-8 prints as \ufffd.
 * Returns a malloc'd string the caller frees; never NULL. */
char *kc_json_print(const cJSON *item); /* compact, keys in tree order */
char *kc_json_print_flags(const cJSON *item, unsigned flags);
/* Appends the serialisation to b. */
void kc_json_print_buf(kc_buf *b, const cJSON *item, unsigned flags);

/* Appends v as Go's fmt %v prints a float64 ("80", "0.5", "1e+06"), for
 * error messages that keep upstream's wording. */
void kc_json_format_go_float(kc_buf *b, double v);

/* ---- paths ----
 * A dotted path names a node below obj: "spec.template.spec.containers[0].image".
 * Segments are object keys separated by '.', each optionally followed by
 * array indices "[N]"; a path may start with an index ("[2].name"). A
 * backslash takes the next character literally, for keys holding '.', '['
 * or '\\': "metadata.labels.app\\.kubernetes\\.io/name". The empty path names
 * obj itself.
 *
 * The variadic forms take each key as its own argument, NULL-terminated,
 * so keys need no escaping; where the current node is an array, the key must
 * be a decimal index ("0"):
 *     kc_json_getv(obj, "metadata", "labels", "app.kubernetes.io/name", NULL)
 */

/* Returns the node at path, or NULL if any step is missing, of the wrong
 * type, or the path is malformed. obj may be NULL (then NULL). */
cJSON *kc_json_get(const cJSON *obj, const char *path);
cJSON *kc_json_getv(const cJSON *obj, ...) __attribute__((sentinel));

/* Typed getters: the value at path if it exists with the right type, else
 * def. The string points into the tree. kc_json_get_int accepts only
 * integral numbers within int64 (so 1.5 or 1e300 give def). */
const char *kc_json_get_str(const cJSON *obj, const char *path, const char *def);
int64_t kc_json_get_int(const cJSON *obj, const char *path, int64_t def);
bool kc_json_get_bool(const cJSON *obj, const char *path, bool def);
double kc_json_get_double(const cJSON *obj, const char *path, double def);

/* The same conversions for a node already in hand (item may be NULL). */
const char *kc_json_as_str(const cJSON *item, const char *def);
int64_t kc_json_as_int(const cJSON *item, int64_t def);
bool kc_json_as_bool(const cJSON *item, bool def);
double kc_json_as_double(const cJSON *item, double def);

/* Stores value (ownership taken, see top) at path below obj, creating
 * missing intermediate objects (or an array when the next step is an index,
 * which must then be [0]). An existing key or index is replaced; an index
 * equal to the array's size appends. Fails with -EINVAL, leaving obj
 * unchanged, when the path is malformed or empty, or a step meets a node of
 * the wrong type ("spec.replicas.x" where replicas is a number). */
int kc_json_set(cJSON *obj, const char *path, cJSON *value, kc_error *err);
int kc_json_setv(cJSON *obj, cJSON *value, kc_error *err, ...) __attribute__((sentinel));
/* Conveniences over kc_json_set for the common scalars. */
int kc_json_set_str(cJSON *obj, const char *path, const char *s, kc_error *err);
int kc_json_set_int(cJSON *obj, const char *path, int64_t n, kc_error *err);
int kc_json_set_bool(cJSON *obj, const char *path, bool b, kc_error *err);

/* Removes (and frees) the node at path. Returns 0, -ENOENT if there was
 * nothing there, -EINVAL for a malformed or empty path. */
int kc_json_delete(cJSON *obj, const char *path);
int kc_json_deletev(cJSON *obj, ...) __attribute__((sentinel));

/* ---- JSON Pointer (RFC 6901) ---- */

/* Returns the node ptr ("/spec/containers/0", "" for doc itself, ~0 and ~1
 * escapes) names, or NULL. Array tokens must be canonical indices. */
cJSON *kc_json_pointer_get(const cJSON *doc, const char *ptr);
/* Appends "/" and key escaped for a pointer (~ as ~0, / as ~1) to b. */
void kc_json_pointer_append(kc_buf *b, const char *key);

/* ---- comparing and copying ---- */

/* Deep equality: objects compare as unordered key sets, arrays in order,
 * numbers by value (1 equals 1.0), strings bytewise. Two NULLs are equal. */
bool kc_json_equal(const cJSON *a, const cJSON *b);
/* Inserts item (owned by array afterwards) before index idx, or at the end
 * when idx is past it. Use instead of cJSON_InsertItemInArray, which
 * Debian's libcjson 1.7.15 breaks for every index but 0. */
void kc_json_array_insert(cJSON *array, int idx, cJSON *item);

/* Deep copy (caller frees); NULL for NULL. */
cJSON *kc_json_dup(const cJSON *item);

/* Nesting depth: 0 for a scalar or NULL, 1 for [] or {}, 2 for [[]]... */
int kc_json_depth(const cJSON *item);

/* "object", "array", "string", "number", "boolean", "null" (for messages). */
const char *kc_json_type_name(const cJSON *item);

/* Detaches every member named key from obj and frees them; returns how many
 * there were (cJSON allows repeated keys when a tree is built by hand). */
int kc_json_object_remove(cJSON *obj, const char *key);

/* Sets obj[key] = value (ownership taken): replaces the first member named
 * key in place, keeping its position, or appends. obj must be an object. */
void kc_json_object_put(cJSON *obj, const char *key, cJSON *value);

#endif
