/* selector.h - label selectors, as k8s.io/apimachinery/pkg/labels has them.
 *
 * The string form is what `?labelSelector=` and `kubectl -l` carry:
 *
 *     environment = production, tier != frontend      equality (=, ==, !=)
 *     environment in (production, qa), tier notin (x)  sets
 *     partition, !partition                            existence
 *     replicas > 2, replicas < 10                      integer comparison
 *
 * Requirements are ANDed; whitespace (space, tab, CR, LF) separates tokens;
 * keys must be qualified names and values label values, checked while
 * parsing, with upstream's error messages ("unable to parse requirement:
 * ...", "found ',', expected: identifier"). The parsed form is a
 * kc_selector: requirements sorted by key, set values sorted and
 * deduplicated; kc_selector_to_string() prints upstream's String().
 *
 * Two selectors match without requirements: the empty one ("" or
 * LabelSelector {}) matches everything; the "nothing" one (a null
 * LabelSelector, e.g. a missing spec.selector) matches no object.
 *
 * Ownership: kc_selector_parse() and friends return a selector the caller
 * frees with kc_selector_free() (or _cleanup_selector_); its strings belong
 * to it. Matching never allocates. Messages follow Kubernetes 1.35+ (see
 * validate.h). */
#ifndef KC_SELECTOR_H
#define KC_SELECTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "map.h"
#include "util.h"

struct cJSON;

typedef enum kc_selector_op {
	KC_SELECTOR_EQUALS,         /* "="  (value in values[0]) */
	KC_SELECTOR_DOUBLE_EQUALS,  /* "==" (same meaning, kept for printing) */
	KC_SELECTOR_NOT_EQUALS,     /* "!=": absent keys match too */
	KC_SELECTOR_IN,             /* "in (a,b)" */
	KC_SELECTOR_NOT_IN,         /* "notin (a,b)": absent keys match too */
	KC_SELECTOR_EXISTS,         /* "key" */
	KC_SELECTOR_DOES_NOT_EXIST, /* "!key" */
	KC_SELECTOR_GREATER_THAN,   /* "key>5": integer comparison */
	KC_SELECTOR_LESS_THAN,      /* "key<5" */
} kc_selector_op;

typedef struct kc_selector_req {
	char *key;
	kc_selector_op op;
	char **values; /* n_values strings; sorted and unique when parsed from text */
	size_t n_values;
} kc_selector_req;

typedef struct kc_selector {
	bool nothing;          /* matches no labels at all (reqs is then empty) */
	kc_selector_req *reqs; /* ANDed, sorted by key (stable) */
	size_t n_reqs;
} kc_selector;

void kc_selector_free(kc_selector *sel);
static inline void kc_selector_freep(kc_selector **sel)
{
	kc_selector_free(*sel);
}
#define _cleanup_selector_ _cleanup_(kc_selector_freep)

/* Parses a selector string (labels.Parse). "" (or NULL) gives the empty
 * selector that matches everything. On error returns -EINVAL with upstream's message in err,
 * e.g. "unable to parse requirement: found '', expected: ',', ')' or
 * identifier" or "found '=', expected: ',' or 'end of string'". */
int kc_selector_parse(const char *text, kc_selector **ret, kc_error *err);

/* labels.Everything() and labels.Nothing(); never fail. */
kc_selector *kc_selector_everything(void);
kc_selector *kc_selector_nothing(void);

/* Adds one requirement, validated as labels.NewRequirement does (the key a
 * qualified name, values label values; In/NotIn need values, Exists and
 * DoesNotExist take none, =/==/!= exactly one, >/< one integer), and keeps
 * the requirements sorted. Values are copied as given. Adding to the
 * "nothing" selector leaves it matching nothing (as upstream). -EINVAL and
 * upstream's aggregated message on error, e.g. "values: Invalid value: null:
 * for 'in', 'notin' operators, values set can't be empty". */
int kc_selector_add(kc_selector *sel, const char *key, kc_selector_op op, const char *const *values,
                    size_t n_values, kc_error *err);

/* metav1.LabelSelectorAsSelector: a LabelSelector object
 * ({"matchLabels": {...}, "matchExpressions": [{"key", "operator",
 * "values"}]}) to a selector. NULL or JSON null gives "nothing", {} gives
 * "everything". Operators In, NotIn, Exists, DoesNotExist; errors as
 * upstream's ("\"Foo\" is not a valid label selector operator", the
 * NewRequirement messages above). */
int kc_selector_from_label_selector(const struct cJSON *label_selector, kc_selector **ret, kc_error *err);

/* labels.SelectorFromSet / ValidatedSelectorFromSet: key=value for every
 * member of a labels object (e.g. a Service's spec.selector). NULL or {}
 * gives "everything". With validate, keys and values are checked as
 * NewRequirement does; without, the set is taken as it is. */
int kc_selector_from_set(const struct cJSON *labels, bool validate, kc_selector **ret, kc_error *err);

/* True for a selector that does not restrict (no requirements, not "nothing"). */
bool kc_selector_empty(const kc_selector *sel);
/* True only for the "nothing" selector (labels.MatchesNothing). */
bool kc_selector_matches_nothing(const kc_selector *sel);

/* Whether every requirement holds for a label set. labels is a JSON object
 * of strings (metadata.labels; NULL means no labels); a member that is not a
 * string counts as present with the value "". */
bool kc_selector_matches(const kc_selector *sel, const struct cJSON *labels);
/* The same for an object: its metadata.labels. */
bool kc_selector_matches_object(const kc_selector *sel, const struct cJSON *obj);
/* The same for a kc_map of label -> const char * value (NULL map: no labels). */
bool kc_selector_matches_map(const kc_selector *sel, const kc_map *labels);

/* The same for any label store: lookup returns the value of key, or NULL
 * when the label is absent. */
typedef const char *(*kc_selector_lookup_fn)(const char *key, const void *userdata);
bool kc_selector_matches_fn(const kc_selector *sel, kc_selector_lookup_fn lookup, const void *userdata);

/* Whether the selector pins key to one value (key=v, key==v or key in (v)),
 * as RequiresExactMatch: *ret_value then points into the selector. Used to
 * serve a list from an index (e.g. by spec.nodeName-like labels). */
bool kc_selector_requires_exact_match(const kc_selector *sel, const char *key, const char **ret_value);

/* Upstream's String(): "app=nginx,tier in (backend,frontend)", "!a", "x>5";
 * "" for everything and nothing. Parsing it gives the same selector back.
 * Caller frees. */
char *kc_selector_to_string(const kc_selector *sel);

/* labels.ConvertSelectorToLabelsMap: "a=b,c=d" (only '=' pairs, spaces
 * around keys and values trimmed) to a new JSON object of labels; "" gives
 * {}. Keys and values are validated; a later duplicate key wins. Errors as
 * upstream: "invalid selector: [a b c]" for a pair without exactly one '=',
 * "<nil>: Invalid value: ..." for a bad key, "[key]: Invalid value: ..." for
 * a bad value. The caller frees *ret with cJSON_Delete. */
int kc_labels_from_string(const char *text, struct cJSON **ret, kc_error *err);

/* labels.Set.String(): "k1=v1,k2=v2" sorted, "" for no labels (NULL or {}).
 * Caller frees. */
char *kc_labels_to_string(const struct cJSON *labels);

#endif
