/* yaml_scalar.h - private to yaml.c and yaml_emit.c: how go-yaml v2 types a
 * plain scalar, and how Go prints numbers. Both directions need the same
 * rules: the reader to type `80` as a number, the writer to know that the
 * string "80" must be quoted to read back as a string. */
#ifndef KC_YAML_SCALAR_H
#define KC_YAML_SCALAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef enum kc_yaml_vkind {
	KC_YV_NULL,
	KC_YV_BOOL,
	KC_YV_INT,
	KC_YV_UINT,
	KC_YV_FLOAT,
	KC_YV_STR,
	KC_YV_TIMESTAMP, /* kept as its text, as go-yaml v2 does for interface{} */
} kc_yaml_vkind;

typedef struct kc_yaml_value {
	kc_yaml_vkind kind;
	bool b;
	int64_t i;
	uint64_t u;
	double f; /* also NaN and infinities (.nan, .inf) */
} kc_yaml_value;

/* Types the plain, untagged scalar s[0..len) as go-yaml v2's resolve("", s)
 * does: null/bool words of YAML 1.1, Go integers (0x, 0o, 0b, leading-0
 * octal, underscores), decimal floats, .inf/.nan; anything else is a string.
 * With check_timestamp, timestamps (2001-12-14) come back as KC_YV_TIMESTAMP,
 * otherwise as strings. */
void kc_yaml_resolve_plain(const char *s, size_t len, bool check_timestamp, kc_yaml_value *v);

/* go-yaml's isBase60Float ("1:20"): strings it quotes on output. */
bool kc_yaml_is_base60_float(const char *s, size_t len);

/* strconv.FormatFloat(v, 'g', -1, single ? 32 : 64) with go-yaml's .inf,
 * -.inf and .nan; out holds at least 32 bytes. */
void kc_yaml_format_float(double v, bool single, char *out, size_t outsz);

/* A JSON number as `kubectl -o yaml` prints it (encoding/json, then go-yaml
 * reading that back): 1000000, 1.5, 1e+21, 1e-06, 12345678901234567000.
 * Fails with -EINVAL for NaN and infinities ("json: unsupported value: NaN"). */
int kc_yaml_format_number(double v, char *out, size_t outsz, kc_error *err);

/* Length (1-4) of the valid UTF-8 sequence at s[0..n), 0 if invalid as Go's
 * utf8.DecodeRuneInString sees it (overlong forms, surrogates and code
 * points past U+10FFFF are invalid); *cp gets the code point. */
size_t kc_yaml_utf8_seq(const unsigned char *s, size_t n, uint32_t *cp);

/* encoding/json's treatment of invalid UTF-8: each bad byte becomes U+FFFD.
 * Returns a new string (caller frees), or NULL when s[0..len) is valid. */
char *kc_yaml_utf8_sanitize(const char *s, size_t len);

#endif
