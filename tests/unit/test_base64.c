/* test_base64.c - RFC 4648 base64: the RFC's test vectors both ways, and
 * malformed inputs refused. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/base64.h"
#include "common/util.h"

static const struct {
	const char *plain, *encoded;
} vectors[] = {
	/* RFC 4648 section 10 */
	{"", ""},
	{"f", "Zg=="},
	{"fo", "Zm8="},
	{"foo", "Zm9v"},
	{"foob", "Zm9vYg=="},
	{"fooba", "Zm9vYmE="},
	{"foobar", "Zm9vYmFy"},
	/* all 64 digits */
	{"\x00\x10\x83\x10\x51\x87\x20\x92\x8b\x30\xd3\x8f\x41\x14\x93\x51\x55\x97\x61\x96\x9b\x71\xd7\x9f\x82"
	 "\x18\xa3\x92\x59\xa7\xa2\x9a\xab\xb2\xdb\xaf\xc3\x1c\xb3\xd3\x5d\xb7\xe3\x9e\xbb\xf3\xdf\xbf",
	 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"},
};

static void test_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(vectors); i++) {
		size_t n = i == KC_ARRAY_SIZE(vectors) - 1 ? 48 : strlen(vectors[i].plain);
		_cleanup_free_ char *enc = kc_base64_encode(vectors[i].plain, n);
		assert_string_equal(enc, vectors[i].encoded);
		_cleanup_free_ char *dec = NULL;
		size_t len = 0;
		assert_int_equal(kc_base64_decode(enc, strlen(enc), &dec, &len), 0);
		assert_int_equal(len, n);
		assert_memory_equal(dec, vectors[i].plain, n);
	}
}

static void test_lenient_forms(void **state)
{
	(void)state;
	static const char *const ok[] = {"Zm9vYg", "Zm9vYmE", "Zm9v\nYmFy", " Zm9v YmFy\r\n", "Zm9vYg=="};
	static const char *const want[] = {"foob", "fooba", "foobar", "foobar", "foob"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(ok); i++) {
		_cleanup_free_ char *dec = NULL;
		assert_int_equal(kc_base64_decode(ok[i], strlen(ok[i]), &dec, NULL), 0);
		assert_string_equal(dec, want[i]);
	}
}

static void test_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {"Z", "Zm9vY", "Zm9v!", "Zg==Zg", "Zg===", "Zm=9", "Zm9v-_", "\xff"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(bad); i++) {
		char *dec = NULL;
		assert_int_equal(kc_base64_decode(bad[i], strlen(bad[i]), &dec, NULL), -EINVAL);
		assert_null(dec);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_lenient_forms),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
