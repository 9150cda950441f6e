/* fuzz_quantity.c - the quantity parser: never crashes; what parses prints a
 * canonical form that parses back to the same value; arithmetic and
 * comparisons stay consistent. Input: one quantity, or two separated by a
 * newline. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/quantity.h"
#include "common/util.h"

static void check_roundtrip(const kc_quantity *q)
{
	char buf[KC_QUANTITY_STR_MAX];
	kc_quantity again;
	int64_t whole;
	/* BinarySI sums beyond 2^63-1 print a text that parses back capped,
	 * as upstream's do; only parsed values are held to the round trip. */
	if (q->format == KC_QUANTITY_BINARY_SI &&
	    (kc_quantity_scaled_value(q, 0, &whole) < 0 || whole == INT64_MIN))
		return;
	kc_quantity_string(q, buf);
	if (kc_quantity_parse(buf, &again, NULL) < 0 || kc_quantity_cmp(q, &again) != 0)
		abort();
	int64_t v;
	if (kc_quantity_scaled_value(q, -3, &v) == 0 && kc_quantity_sign(q) != (v > 0) - (v < 0))
		abort();
	(void)kc_quantity_value(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t len1 = nl ? (size_t)(nl - s) : size;
	kc_quantity a, b;

	(void)kc_quantity_from_json_text(s, size, &a, NULL);
	if (kc_quantity_parse_len(s, len1, &a, NULL) < 0)
		return 0;
	check_roundtrip(&a);
	if (!nl || kc_quantity_parse_len(nl + 1, size - len1 - 1, &b, NULL) < 0)
		return 0;
	check_roundtrip(&b);

	int c = kc_quantity_cmp(&a, &b);
	if (c != -kc_quantity_cmp(&b, &a))
		abort();
	kc_quantity sum = a, diff = a;
	if (kc_quantity_add(&sum, &b, NULL) == 0) {
		check_roundtrip(&sum);
		/* (a + b) - b == a */
		if (kc_quantity_sub(&sum, &b, NULL) == 0 && kc_quantity_cmp(&sum, &a) != 0)
			abort();
	}
	if (kc_quantity_sub(&diff, &b, NULL) == 0) {
		check_roundtrip(&diff);
		/* sign(a - b) == cmp(a, b) */
		if (kc_quantity_sign(&diff) != c)
			abort();
	}
	return 0;
}
