/* jsonpath.h - kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath),
 * as `kubectl get -o jsonpath=...`, --sort-by and custom-columns use them.
 *
 * A template is text with actions in braces:
 *
 *     {.metadata.name}              a field ({.a.b\.c} escapes a dot in a key)
 *     {.items[0]} {.items[-1]}      an index, negative from the end
 *     {.items[1:3]} {.items[::2]}   slices [start:end:step]
 *     {.items[*]} {.metadata.*}     every element / every value
 *     {..name}                      recursive descent
 *     {.items[?(@.x=="y")]}         filters with == != < > <= >=, or
 *                                   existence [?(@.x)]; no && or ||
 *     {.a['b']} {.a['b','c']} {[0,2]}   keys and unions
 *     {range .items[*]}...{end}     loops, nested as deep as written
 *     {"\n"} {'text'}               literals (Go escapes), also 12, 1.5, true
 *     {$} {@} {}                    the current object
 *
 * Behaviour follows upstream's, quirks included: each action's results are
 * printed separated by spaces, strings raw, maps and lists as compact JSON
 * (keys sorted, <>& escaped as Go's encoder does), null as "null"; ['a.b']
 * means the two fields a and b; a key [*] of a string yields its bytes as
 * numbers. Where Go iterates a map (wildcards, recursive descent) the order is
 * random upstream; kc uses sorted key order. Errors use upstream's words
 * ("unclosed action", "array index out of bounds: index 5, length 2",
 * "incompatible types for comparison", ...). JSON numbers that are integral
 * count as Go's int64 (unstructured objects hold them so), others as float64.
 *
 * Limits: an execution stops with -E2BIG once it has produced
 * KC_JSONPATH_MAX_VALUES values (a few nested {range} over a big list can ask
 * for billions), and {range} may nest KC_JSONPATH_MAX_RANGE_DEPTH deep.
 *
 * Ownership: kc_jsonpath_parse returns a template the caller frees with
 * kc_jsonpath_free; executing never changes it, so one template serves many
 * objects. Results point into the data given (and into the results' own
 * storage for literals): valid until the data changes or the results are
 * cleared.
 */
#ifndef KC_JSONPATH_H
#define KC_JSONPATH_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "util.h"

#define KC_JSONPATH_MAX_VALUES      (1u << 22)
#define KC_JSONPATH_MAX_RANGE_DEPTH 256

typedef struct kc_jsonpath kc_jsonpath;

/* Parses a template. On failure returns -EINVAL with upstream's message
 * (what kubectl prints after "error parsing jsonpath <template>, "):
 * "unclosed action", "unterminated array", "invalid array index x",
 * "unrecognized character in action: U+0023 '#'", ... */
int kc_jsonpath_parse(const char *text, kc_jsonpath **ret, kc_error *err);
void kc_jsonpath_free(kc_jsonpath *jp);
static inline void kc_jsonpath_freep(kc_jsonpath **jp) { kc_jsonpath_free(*jp); }
#define _cleanup_jsonpath_ _cleanup_(kc_jsonpath_freep)

/* The template text as given to kc_jsonpath_parse. */
const char *kc_jsonpath_text(const kc_jsonpath *jp);

enum {
	/* A missing key gives no value instead of the error "x is not found"
	 * (kubectl's --allow-missing-template-keys, on by default). */
	KC_JSONPATH_ALLOW_MISSING_KEYS = 1u << 0,
	/* jsonpath-as-json: each action's results as one indented JSON array
	 * followed by a newline. */
	KC_JSONPATH_JSON_OUTPUT = 1u << 1,
};

/* Runs the template on data and appends what it prints to out. On failure
 * returns a negative errno with err holding the reason (the part after
 * "Error executing template: " in kubectl's message); out may then hold part
 * of the output. */
int kc_jsonpath_execute(const kc_jsonpath *jp, const cJSON *data, unsigned flags, kc_buf *out, kc_error *err);

/* The values each top-level action (and text) of the template produced, for
 * callers that look at values instead of printing them (sorting, custom
 * columns). sets[i].values[0 .. sets[i].n) are JSON nodes. */
typedef struct kc_jsonpath_set {
	const cJSON **values;
	size_t n;
} kc_jsonpath_set;

typedef struct kc_jsonpath_results {
	kc_jsonpath_set *sets;
	size_t n_sets;
	cJSON *owned; /* literals made by the template; freed by _clear */
} kc_jsonpath_results;

/* Evaluates the template; fills *ret (kc_jsonpath_results_clear it after,
 * also on failure). */
int kc_jsonpath_find(const kc_jsonpath *jp, const cJSON *data, unsigned flags, kc_jsonpath_results *ret,
		     kc_error *err);
void kc_jsonpath_results_clear(kc_jsonpath_results *r);

/* kubectl's RelaxedJSONPathExpression, which --sort-by and custom-columns
 * apply to what people type: "a.b", ".a.b", "{a.b}" and "{.a.b}" all become
 * "{.a.b}"; "" stays "". *ret is a new string (caller frees). Fails with
 * -EINVAL and upstream's message for text with braces elsewhere. */
int kc_jsonpath_relaxed(const char *expr, char **ret, kc_error *err);

/* ---- Go's fmt verbs on JSON values ----
 * How Go prints a value of an unstructured object (map[string]interface{},
 * []interface{}, string, int64, float64, bool, nil): %v is what kubectl's
 * custom columns and table cells show ("map[a:1 b:2]", "[x y]", "<nil>",
 * "1e+06" for a float), %#v what its jsonpath error messages dump
 * (map[string]interface {}{"a":"1"}, interface {}(nil)). Keys sorted. */
void kc_jsonpath_format_go(kc_buf *b, const cJSON *v);
void kc_jsonpath_format_go_sharp(kc_buf *b, const cJSON *v);

/* Appends s quoted as Go's strconv.Quote does. */
void kc_jsonpath_go_quote(kc_buf *b, const char *s);

#endif
