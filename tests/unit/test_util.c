/* test_util.c - kc_buf, kc_map, kc_error and file helpers. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/error.h"
#include "common/map.h"
#include "common/util.h"

static void test_buf(void **state)
{
	(void)state;
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	assert_string_equal(kc_buf_str(&b), "");
	kc_buf_addstr(&b, "hello");
	kc_buf_addch(&b, ' ');
	kc_buf_addf(&b, "%s %d", "world", 42);
	assert_string_equal(b.s, "hello world 42");
	assert_int_equal(b.len, 14);
	kc_buf_consume(&b, 6);
	assert_string_equal(b.s, "world 42");
	/* A long formatted string forces the second vsnprintf pass. */
	char big[5000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	kc_buf_reset(&b);
	kc_buf_addf(&b, "<%s>", big);
	assert_int_equal(b.len, sizeof(big) + 1);
	assert_int_equal(b.s[0], '<');
	assert_int_equal(b.s[b.len - 1], '>');
	char *s = kc_buf_release(&b);
	assert_int_equal(strlen(s), sizeof(big) + 1);
	free(s);
	assert_null(b.s);
}

static void test_map_basic(void **state)
{
	(void)state;
	kc_map *m = kc_map_new(free);
	assert_null(kc_map_get(m, "a"));
	kc_map_put(m, "a", xstrdup("1"));
	kc_map_put(m, "b", xstrdup("2"));
	kc_map_put(m, "a", xstrdup("3")); /* replace frees the old value */
	assert_int_equal(kc_map_size(m), 2);
	assert_string_equal(kc_map_get(m, "a"), "3");
	assert_true(kc_map_del(m, "a"));
	assert_false(kc_map_del(m, "a"));
	assert_false(kc_map_has(m, "a"));
	char *v = kc_map_take(m, "b");
	assert_string_equal(v, "2");
	free(v);
	assert_int_equal(kc_map_size(m), 0);
	kc_map_free(m);
}

static void test_map_many(void **state)
{
	(void)state;
	kc_map *m = kc_map_new(free);
	char key[32];
	for (int i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "ns/pod-%d", i);
		kc_map_put(m, key, xasprintf("%d", i));
	}
	for (int i = 0; i < 10000; i += 2) { /* tombstones, then reuse */
		snprintf(key, sizeof(key), "ns/pod-%d", i);
		assert_true(kc_map_del(m, key));
	}
	assert_int_equal(kc_map_size(m), 5000);
	for (int i = 1; i < 10000; i += 2) {
		snprintf(key, sizeof(key), "ns/pod-%d", i);
		char want[16];
		snprintf(want, sizeof(want), "%d", i);
		assert_string_equal(kc_map_get(m, key), want);
	}
	size_t n = 0, count = 0;
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(m, &it))
		count++;
	assert_int_equal(count, 5000);
	const char **keys = kc_map_sorted_keys(m, &n);
	assert_int_equal(n, 5000);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(keys[i - 1], keys[i]) < 0);
	free(keys);
	kc_map_free(m);
}

static void test_error(void **state)
{
	(void)state;
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_error_set(&err, -EINVAL, "bad %s", "thing"), -EINVAL);
	assert_string_equal(err.msg, "bad thing");
	assert_int_equal(kc_error_prefix(&err, "file %s: ", "x.yaml"), -EINVAL);
	assert_string_equal(err.msg, "file x.yaml: bad thing");
	assert_int_equal(kc_error_set(NULL, -ENOENT, "ignored"), -ENOENT);
	kc_error_clear(&err);
	assert_int_equal(err.code, 0);
}

static void test_read_file(void **state)
{
	(void)state;
	char path[] = "/tmp/kc-test-util-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc\n", 4), 4);
	close(fd);
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	assert_int_equal(kc_read_file(path, 100, &data, &len), 0);
	assert_int_equal(len, 4);
	assert_string_equal(data, "abc\n");
	char *none = NULL;
	assert_int_equal(kc_read_file(path, 2, &none, NULL), -EFBIG);
	assert_null(none);
	unlink(path);
	assert_int_equal(kc_read_file(path, 100, &none, NULL), -ENOENT);
}

static void test_take_ptr(void **state)
{
	(void)state;
	_cleanup_free_ char *a = xstrdup("x");
	char *b = TAKE_PTR(a);
	assert_null(a);
	assert_string_equal(b, "x");
	free(b);
	assert_true(str_endswith("foo.yaml", ".yaml"));
	assert_false(str_endswith("a", "yaml"));
	assert_true(streq_ptr(NULL, NULL));
	assert_false(streq_ptr("a", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf),   cmocka_unit_test(test_map_basic), cmocka_unit_test(test_map_many),
		cmocka_unit_test(test_error), cmocka_unit_test(test_read_file), cmocka_unit_test(test_take_ptr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
