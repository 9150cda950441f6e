/* quantity.h - Kubernetes resource quantities ("100m", "128Mi", "1e3").
 *
 * Behaves as upstream's k8s.io/apimachinery/pkg/api/resource.Quantity: the
 * same grammar, the same error messages, the same three formats and the same
 * String() (canonical form), including upstream's habit of keeping the text
 * it parsed when that text was already "canonical enough" ("1.500" and "+1"
 * print as written, "1e3" stays "1e3").
 *
 * Representation: the value is exactly mant * 10^exp with a 128-bit mantissa
 * of at most 38 significant digits and exp >= -9 (nano precision; parsing
 * rounds finer values up, away from zero, as upstream does). Every value whose
 * integer part fits an int64 is therefore exact at nano precision, and sums of
 * such values stay exact. Bounds (where kc differs from upstream, which falls
 * back to unbounded decimals):
 *   - at most KC_QUANTITY_MAX_DIGITS significant digits after rounding to
 *     nano, and magnitude below 10^(KC_QUANTITY_MAX_EXP10+1); parsing larger
 *     values fails with -ERANGE, arithmetic that would leave the range fails
 *     with -ERANGE and leaves the operand unchanged;
 *   - exponents past +-2^31 are not wrapped as upstream's int32 cast does
 *     ("1e4294967296" is -ERANGE here, 1 upstream);
 *   - a DecimalSI value above the largest suffix (E, 10^18) prints with E
 *     and the extra zeros ("1000E"), or in exponent form ("1e60") when that
 *     would take more than 21 extra zeros, where upstream prints a wrong
 *     number ("1"); a BinarySI value of 1024Ei or more prints with Ei
 *     ("1024Ei") where upstream loses the suffix;
 *   - Value()/MilliValue() round away from zero for negative values too
 *     (upstream does so except on its big-decimal path) and saturate at the
 *     int64 limits where upstream overflows silently;
 *   - like upstream, parsing caps BinarySI values at 2^63-1, so a BinarySI
 *     sum beyond that prints a text that parses back capped;
 *   - a parsed text longer than KC_QUANTITY_ORIG_MAX-1 bytes is not kept
 *     verbatim (upstream would echo e.g. 40 leading zeros); the canonical
 *     form is printed instead.
 *
 * kc_quantity is a plain value: copy it freely, nothing to free. */
#ifndef KC_QUANTITY_H
#define KC_QUANTITY_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

struct cJSON;

#define KC_QUANTITY_MAX_DIGITS 38
#define KC_QUANTITY_MAX_EXP10  1000000
#define KC_QUANTITY_ORIG_MAX   48
/* Enough for any string kc_quantity_string() writes, NUL included. */
#define KC_QUANTITY_STR_MAX 64

/* The upstream error texts (ErrFormatWrong, ErrNumeric, ErrSuffix). */
#define KC_QUANTITY_ERR_FORMAT                                                                               \
	"quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
#define KC_QUANTITY_ERR_NUMERIC "unable to parse numeric part of quantity"
#define KC_QUANTITY_ERR_SUFFIX  "unable to parse quantity's suffix"

typedef enum kc_quantity_format {
	KC_QUANTITY_DECIMAL_SI = 0,   /* "DecimalSI": 12M, 500m */
	KC_QUANTITY_BINARY_SI,        /* "BinarySI": 12Mi */
	KC_QUANTITY_DECIMAL_EXPONENT, /* "DecimalExponent": 12e6 */
} kc_quantity_format;

__extension__ typedef __int128 kc_quantity_int;

typedef struct kc_quantity {
	kc_quantity_int mant; /* no trailing zero digits; 0 means zero */
	int32_t exp;          /* value = mant * 10^exp; exp >= -9; 0 when zero */
	kc_quantity_format format;
	/* The parsed text when upstream would print it verbatim, else "". */
	char orig[KC_QUANTITY_ORIG_MAX];
} kc_quantity;

/* Zero in DecimalSI (what upstream's Quantity{} prints: "0"). */
#define KC_QUANTITY_ZERO                                                                                     \
	{                                                                                                    \
		0, 0, KC_QUANTITY_DECIMAL_SI,                                                                \
		{                                                                                            \
			0                                                                                    \
		}                                                                                            \
	}

/* Parses s (NUL-terminated) as upstream's ParseQuantity. Errors: -EINVAL with
 * one of the KC_QUANTITY_ERR_* texts (exactly upstream's), or -ERANGE when the
 * value is outside the bounds above. */
int kc_quantity_parse(const char *s, kc_quantity *ret, kc_error *err);

/* Same for a text of len bytes that need not be NUL-terminated (may hold NULs,
 * which make it invalid). */
int kc_quantity_parse_len(const char *s, size_t len, kc_quantity *ret, kc_error *err);

/* Writes the quantity as upstream's String() does into buf and returns buf. */
const char *kc_quantity_string(const kc_quantity *q, char buf[KC_QUANTITY_STR_MAX]);
/* The same string on the heap; the caller frees it. */
char *kc_quantity_to_string(const kc_quantity *q);

/* Builds value * 10^scale (scale as upstream's Scale: -3 milli, 0, 3 kilo...)
 * in the given format, as upstream's NewScaledQuantity/NewMilliQuantity do.
 * Never fails for scale in [-9, 1000]; smaller scales round up to nano. */
kc_quantity kc_quantity_from_int(int64_t value, int32_t scale, kc_quantity_format format);

/* -1, 0 or 1 as a < b, a == b, a > b (by value; formats are ignored). */
int kc_quantity_cmp(const kc_quantity *a, const kc_quantity *b);
bool kc_quantity_is_zero(const kc_quantity *q);
int kc_quantity_sign(const kc_quantity *q);

/* q += y / q -= y, exact. If q was zero it takes y's format (as upstream).
 * Returns 0, or -ERANGE (q unchanged) when the result is outside the bounds. */
int kc_quantity_add(kc_quantity *q, const kc_quantity *y, kc_error *err);
int kc_quantity_sub(kc_quantity *q, const kc_quantity *y, kc_error *err);
void kc_quantity_neg(kc_quantity *q);

/* ceil(|q| / 10^scale) with q's sign, i.e. rounded away from zero, as
 * upstream's ScaledValue. Returns -ERANGE (and leaves *ret untouched) when the
 * result does not fit an int64. */
int kc_quantity_scaled_value(const kc_quantity *q, int32_t scale, int64_t *ret);
/* Upstream's Value() and MilliValue(), saturating at INT64_MIN/INT64_MAX. */
int64_t kc_quantity_value(const kc_quantity *q);
int64_t kc_quantity_milli_value(const kc_quantity *q);

/* "DecimalSI", "BinarySI", "DecimalExponent". */
const char *kc_quantity_format_name(kc_quantity_format f);

/* ---- JSON: a quantity arrives as a string or a number, as upstream's
 * UnmarshalJSON accepts both. ---- */

/* Raw JSON text as upstream's UnmarshalJSON sees it: "null" is zero, one pair
 * of surrounding double quotes is stripped (no unescaping), surrounding
 * whitespace is trimmed, the rest is parsed. */
int kc_quantity_from_json_text(const char *text, size_t len, kc_quantity *ret, kc_error *err);

/* From a cJSON item: a string is parsed as its (unescaped) text, null is zero,
 * a number is parsed from its shortest round-trip decimal text (so 0.1 is
 * "100m"; integral numbers print without exponent up to 1e15, which makes
 * them DecimalSI where the original JSON text may have said 1e3). Anything
 * else is -EINVAL. */
int kc_quantity_from_json(const struct cJSON *item, kc_quantity *ret, kc_error *err);

/* A new cJSON string holding the canonical text; the caller owns it. */
struct cJSON *kc_quantity_to_json(const kc_quantity *q);

#endif
