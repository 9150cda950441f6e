/* test_api_protobuf.c - Kubernetes protobuf bodies (what kubectl's typed
 * clients send for RBAC objects) decoded to JSON; malformed bodies refused. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "apiserver/protobuf.h"
#include "common/json.h"
#include "common/util.h"

/* A tiny encoder for the test: length-delimited fields and varints. */
static void put_varint(kc_buf *b, uint64_t v)
{
	do {
		uint8_t byte = v & 0x7f;
		v >>= 7;
		if (v)
			byte |= 0x80;
		kc_buf_addch(b, (char)byte);
	} while (v);
}

static void put_bytes(kc_buf *b, unsigned num, const char *data, size_t len)
{
	put_varint(b, (uint64_t)num << 3 | 2);
	put_varint(b, len);
	kc_buf_add(b, data, len);
}

static void put_str(kc_buf *b, unsigned num, const char *s) { put_bytes(b, num, s, strlen(s)); }

static void put_msg(kc_buf *b, unsigned num, kc_buf *m) { put_bytes(b, num, m->s ? m->s : "", m->len); }

/* kubectl create rolebinding rb --clusterrole=view --user=bob -n default */
static void role_binding(kc_buf *out)
{
	kc_buf meta = KC_BUF_INIT, subj = KC_BUF_INIT, ref = KC_BUF_INIT, obj = KC_BUF_INIT, tm = KC_BUF_INIT,
	       unknown = KC_BUF_INIT, label = KC_BUF_INIT;
	put_str(&meta, 1, "rb");
	put_str(&meta, 3, "default");
	put_str(&label, 1, "team");
	put_str(&label, 2, "blue");
	put_msg(&meta, 11, &label);
	put_str(&subj, 1, "User");
	put_str(&subj, 2, "rbac.authorization.k8s.io");
	put_str(&subj, 3, "bob");
	put_str(&subj, 4, ""); /* gogo writes empty strings: they must not appear */
	put_str(&ref, 1, "rbac.authorization.k8s.io");
	put_str(&ref, 2, "ClusterRole");
	put_str(&ref, 3, "view");
	put_msg(&obj, 1, &meta);
	put_msg(&obj, 2, &subj);
	put_msg(&obj, 3, &ref);
	put_str(&tm, 1, "rbac.authorization.k8s.io/v1");
	put_str(&tm, 2, "RoleBinding");
	put_msg(&unknown, 1, &tm);
	put_msg(&unknown, 2, &obj);
	kc_buf_add(out, "k8s\0", 4);
	kc_buf_add(out, unknown.s, unknown.len);
	kc_buf_free(&meta);
	kc_buf_free(&subj);
	kc_buf_free(&ref);
	kc_buf_free(&obj);
	kc_buf_free(&tm);
	kc_buf_free(&unknown);
	kc_buf_free(&label);
}

static void test_role_binding(void **state)
{
	(void)state;
	_cleanup_buf_ kc_buf body = KC_BUF_INIT;
	role_binding(&body);
	_cleanup_json_ cJSON *obj = NULL;
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(api_protobuf_decode(body.s, body.len, &obj, &err), 0);
	_cleanup_free_ char *json = kc_json_print(obj);
	assert_string_equal(json, "{\"kind\":\"RoleBinding\",\"apiVersion\":\"rbac.authorization.k8s.io/v1\","
				  "\"metadata\":{\"name\":\"rb\",\"namespace\":\"default\",\"labels\":{\"team\":\"blue\"}},"
				  "\"subjects\":[{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\","
				  "\"name\":\"bob\"}],\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\","
				  "\"kind\":\"ClusterRole\",\"name\":\"view\"}}");
}

static void test_malformed(void **state)
{
	(void)state;
	_cleanup_buf_ kc_buf body = KC_BUF_INIT;
	role_binding(&body);
	kc_error err = KC_ERROR_INIT;
	cJSON *obj = NULL;
	/* every truncation is refused cleanly, never a crash or a leak */
	for (size_t n = 0; n < body.len; n++) {
		int rc = api_protobuf_decode(body.s, n, &obj, &err);
		if (rc == 0) {
			cJSON_Delete(obj);
			obj = NULL;
		} else {
			assert_true(rc == -EBADMSG || rc == -ENOTSUP);
		}
	}
	assert_int_equal(api_protobuf_decode("{}", 2, &obj, &err), -EBADMSG);
	assert_string_equal(err.msg, "protobuf body: missing the \"k8s\\x00\" prefix");
}

static void test_unsupported_kind(void **state)
{
	(void)state;
	kc_buf tm = KC_BUF_INIT, unknown = KC_BUF_INIT, body = KC_BUF_INIT;
	put_str(&tm, 1, "v1");
	put_str(&tm, 2, "Pod");
	put_msg(&unknown, 1, &tm);
	kc_buf_add(&body, "k8s\0", 4);
	kc_buf_add(&body, unknown.s, unknown.len);
	kc_error err = KC_ERROR_INIT;
	cJSON *obj = NULL;
	assert_int_equal(api_protobuf_decode(body.s, body.len, &obj, &err), -ENOTSUP);
	assert_string_equal(err.msg, "protobuf bodies of v1 Pod are not supported: send JSON");
	kc_buf_free(&tm);
	kc_buf_free(&unknown);
	kc_buf_free(&body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_binding),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_unsupported_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
