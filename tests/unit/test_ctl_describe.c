/* test_ctl_describe.c - what kc describe's describers share: Go's tabwriter
 * as kubectl configures it, the prefix writer, Go's value and quote
 * formats, Go's (unstable) sort order, times in zones, the shared blocks,
 * and describers fed malformed objects. The expected texts and orders were
 * produced by Go itself (text/tabwriter, strconv.Quote, sort.Sort) and by
 * kubectl; the golden describer outputs are in test_ctl_describe_*.c. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ctl/describe.h"
#include "common/json.h"
#include "common/util.h"

/* ---- the tabwriter ---- */

static const struct {
	const char *in, *want;
} tw_cases[] = {
	{"a\tb\n", "a  b\n"},
	{"Name:\tx\nNamespace:\ty\n", "Name:       x\nNamespace:  y\n"},
	{"a:\tx\nlong line\nbbbbbb:\ty\n", "a:  x\nlong line\nbbbbbb:  y\n"},
	{"a\t\tb\nccc\tdd\te\n", "a        b\nccc  dd  e\n"},
	{"한글\tb\nab\tc\n", "한글  b\nab  c\n"},
	{"a\tb", "a  b"},
	{"x\ty\tz\nxx\n\tq\tr\n", "x  y  z\nxx\n  q  r\n"},
	{"k:\t\xff" "esc\taped\xff\tv\nkk:\tw\tv\n", "k:   \xff" "esc\taped\xff  v\nkk:  w         v\n"},
	{"a\vb\nccc\vd\n", "a    b\nccc  d\n"},
	{"a\tb\fc\td\n", "a  b\nc  d\n"},
	{"Events:\n  Type\tReason\n  ----\t------\n  Normal\tX\n", "Events:\n  Type    Reason\n  ----    ------\n  Normal  X\n"},
	{"", ""},
	{"\t\n\t\n", "  \n  \n"},
};

static void test_tabwriter(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(tw_cases); i++) {
		/* whole, then a byte at a time: cells may arrive in pieces */
		for (int bytewise = 0; bytewise < 2; bytewise++) {
			_cleanup_buf_ kc_buf out = KC_BUF_INIT;
			kc_tabwriter *tw = kc_tabwriter_new(&out);
			const char *in = tw_cases[i].in;
			if (bytewise)
				for (size_t k = 0; in[k]; k++)
					kc_tabwriter_write(tw, in + k, 1);
			else
				kc_tabwriter_write(tw, in, strlen(in));
			kc_tabwriter_free(tw);
			if (!streq(kc_buf_str(&out), tw_cases[i].want))
				fail_msg("tabwriter case %zu (%s): got \"%s\", want \"%s\"", i,
					 bytewise ? "bytewise" : "whole", kc_buf_str(&out), tw_cases[i].want);
		}
	}
}

/* A writer that flushes half way keeps the halves apart (Events does so). */
static void test_tabwriter_flush(void **state)
{
	(void)state;
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	kc_tabwriter *tw = kc_tabwriter_new(&out);
	kc_tabwriter_write(tw, "a:\tb\n", 5);
	kc_tabwriter_flush(tw);
	kc_tabwriter_write(tw, "cccc:\td\n", 8);
	kc_tabwriter_free(tw);
	assert_string_equal(kc_buf_str(&out), "a:  b\ncccc:  d\n");
	kc_tabwriter_free(NULL);
}

/* ---- the prefix writer ---- */

static int body_prefix(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err)
{
	(void)env;
	(void)obj;
	(void)ret_err;
	kc_dw_write(w, KC_L0, "Name:\t%s\n", "x\x1b[31mred\r");
	kc_dw_write(w, KC_L1, "Inner:\t%d\n", 1);
	kc_dw_write(w, KC_L2, "Deeper:\t%s\n", "y");
	kc_dw nested = {.tw = w->tw, .indent = w->indent + 2};
	kc_dw_write(&nested, KC_L0, "Nested:\t");
	kc_dw_line(&nested, "<none>");
	return 0;
}

static void test_prefix_writer(void **state)
{
	(void)state;
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	kc_describe_env env = {0};
	assert_int_equal(kc_describe_tabbed(&env, NULL, body_prefix, &out, NULL), 0);
	/* escapes neutralised; levels are two spaces; a nested writer's
	 * WriteLine carries its indent, as kubectl's does */
	assert_string_equal(kc_buf_str(&out), "Name:        x^[[31mred\\r\n"
					      "  Inner:     1\n"
					      "    Deeper:  y\n"
					      "    Nested:      <none>\n");
}

/* ---- Go's formats ---- */

static void test_goquote(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"app.conf", "\"app.conf\""},
		{"", "\"\""},
		{"a\"b\\c", "\"a\\\"b\\\\c\""},
		{"tab\there\nnl\r\a\b\f\v", "\"tab\\there\\nnl\\r\\a\\b\\f\\v\""},
		{"\x01\x7f", "\"\\x01\\x7f\""},
		{"caf\xc3\xa9 \xed\x95\x9c", "\"caf\xc3\xa9 \xed\x95\x9c\""},
		{"bad\xff\xc3", "\"bad\\xff\\xc3\""},
		{"\xc2\x85", "\"\\u0085\""},
		{"\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_buf_ kc_buf b = KC_BUF_INIT;
		kc_describe_goquote(&b, cases[i].in);
		if (!streq(kc_buf_str(&b), cases[i].want))
			fail_msg("quote case %zu: got %s, want %s", i, kc_buf_str(&b), cases[i].want);
	}
}

static void test_govalue(void **state)
{
	(void)state;
	static const struct {
		const char *json, *want;
	} cases[] = {
		{"\"s\"", "s"},
		{"42", "42"},
		{"-7", "-7"},
		{"1.5", "1.5"},
		{"1e+21", "1e+21"},
		{"0.00001", "1e-05"},
		{"true", "true"},
		{"null", "<nil>"},
		{"[]", "[]"},
		{"[\"a\",\"b\"]", "[a b]"},
		{"{\"b\":1,\"a\":[true]}", "map[a:[true] b:1]"},
		{"[[1,2],{}]", "[[1 2] map[]]"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *v = NULL;
		assert_int_equal(kc_json_parse_str(cases[i].json, &v, NULL), 0);
		_cleanup_buf_ kc_buf b = KC_BUF_INIT;
		kc_describe_govalue(&b, v);
		if (!streq(kc_buf_str(&b), cases[i].want))
			fail_msg("govalue case %s: got %s, want %s", cases[i].json, kc_buf_str(&b), cases[i].want);
	}
	char buf[32];
	_cleanup_json_ cJSON *n = cJSON_CreateNumber(8080), *s = cJSON_CreateString("http");
	assert_string_equal(kc_describe_intstr(n, buf), "8080");
	assert_string_equal(kc_describe_intstr(s, buf), "http");
	assert_string_equal(kc_describe_intstr(NULL, buf), "0");
}

static void test_selectors(void **state)
{
	(void)state;
	static const struct {
		const char *json, *selector, *formatted;
	} cases[] = {
		{"null", "", "<none>"},
		{"{}", "", "<none>"},
		{"{\"matchLabels\":{\"b\":\"2\",\"a\":\"1\"}}", "a=1,b=2", "a=1,b=2"},
		{"{\"matchExpressions\":[{\"key\":\"t\",\"operator\":\"In\",\"values\":[\"y\",\"x\"]}]}", "t in (x,y)",
		 "t in (x,y)"},
		{"{\"matchExpressions\":[{\"key\":\"t\",\"operator\":\"Near\"}]}", NULL, "<error>"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *v = NULL;
		assert_int_equal(kc_json_parse_str(cases[i].json, &v, NULL), 0);
		_cleanup_free_ char *err = NULL;
		_cleanup_free_ char *s = kc_describe_label_selector(cJSON_IsNull(v) ? NULL : v, &err);
		_cleanup_free_ char *f = kc_describe_format_label_selector(cJSON_IsNull(v) ? NULL : v);
		if (!streq_ptr(s, cases[i].selector) || !streq(f, cases[i].formatted))
			fail_msg("selector case %s: got %s / %s", cases[i].json, s ? s : "(error)", f);
		if (!cases[i].selector)
			assert_non_null(err);
	}
	_cleanup_json_ cJSON *labels = NULL;
	assert_int_equal(kc_json_parse_str("{\"z\":\"1\",\"a\":\"\"}", &labels, NULL), 0);
	_cleanup_free_ char *l = kc_describe_format_labels(labels), *none = kc_describe_format_labels(NULL);
	assert_string_equal(l, "a=,z=1");
	assert_string_equal(none, "<none>");
}

/* ---- Go's sort.Sort ---- */

enum { KEYS_LCG, KEYS_DESC, KEYS_PIPE };

typedef struct sort_item {
	int key, id;
} sort_item;

static bool item_less(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	return ((const sort_item *)a)->key < ((const sort_item *)b)->key;
}

/* The orders Go 1.23's sort.Sort (pdqsort) leaves equal keys in, for keys
 * from an LCG in three classes, a descending run, and an organ pipe. */
static const struct {
	int n, keys;
	const char *want;
} sort_cases[] = {
	{13, KEYS_LCG,
	  "6,1,2,3,4,11,5,7,8,10,0,9,12"},
	{20, KEYS_LCG,
	  "11,1,2,3,4,18,6,16,14,13,10,8,15,7,17,5,0,12,9,19"},
	{50, KEYS_LCG,
	  "37,4,48,3,25,46,6,35,34,32,31,11,1,13,14,26,16,2,18,20,15,45,24,47,17,5,8,27,38,29,43,"
	  "10,39,21,7,49,36,0,19,9,40,41,42,30,44,28,12,23,22,33"},
	{64, KEYS_LCG,
	  "31,1,2,3,4,62,6,61,60,59,57,11,53,13,14,52,16,51,18,48,20,46,37,35,34,25,26,32,15,29,63,"
	  "5,27,7,24,8,10,50,38,39,56,55,54,43,17,45,21,47,22,49,19,44,0,12,42,41,40,36,58,9,23,33,"
	  "28,30"},
	{100, KEYS_LCG,
	  "37,1,2,3,4,96,6,92,91,82,80,11,74,13,14,72,16,66,18,65,20,62,61,60,59,25,26,57,53,52,51,"
	  "31,32,48,34,35,46,50,68,39,99,5,94,43,7,45,8,47,88,85,83,81,29,10,54,55,56,27,76,24,75,"
	  "15,21,63,64,69,17,67,38,0,40,19,22,73,12,23,58,77,78,79,28,30,9,71,49,70,86,87,33,89,90,"
	  "36,44,93,42,95,41,97,98,84"},
	{60, KEYS_DESC,
	  "59,58,57,55,56,54,53,52,51,50,49,47,48,46,45,44,43,41,42,40,39,38,37,36,35,34,33,31,32,"
	  "29,30,28,27,25,26,24,23,22,21,20,19,17,18,16,15,14,13,12,11,9,10,8,7,6,5,4,3,2,1,0"},
	{200, KEYS_PIPE,
	  "35,193,186,179,172,165,158,7,151,144,137,130,123,116,14,109,102,0,98,91,84,21,77,70,63,"
	  "56,49,42,28,101,64,199,1,192,185,29,36,178,171,164,157,8,150,43,143,136,129,122,115,15,"
	  "50,108,99,92,85,78,22,57,71,114,2,121,198,30,128,65,135,51,191,107,23,58,72,16,163,184,"
	  "100,142,37,79,44,177,9,93,170,149,86,156,87,162,120,155,169,38,94,148,176,80,3,52,183,"
	  "17,73,141,10,45,106,190,197,66,134,59,127,113,24,31,11,147,67,119,196,32,189,74,182,25,"
	  "126,112,81,46,60,175,4,133,168,39,105,88,161,154,140,53,18,95,82,132,146,96,61,118,195,"
	  "33,68,153,139,19,47,40,188,12,160,75,89,104,26,5,181,167,125,54,111,174,20,34,83,131,"
	  "117,145,55,110,180,166,124,76,138,173,159,187,6,90,69,152,41,48,194,27,13,103,62,97"},
};

static void test_go_sort(void **state)
{
	(void)state;
	for (size_t c = 0; c < KC_ARRAY_SIZE(sort_cases); c++) {
		int n = sort_cases[c].n;
		sort_item *items = xcalloc((size_t)n, sizeof(*items));
		const void **ptrs = xcalloc((size_t)n, sizeof(*ptrs));
		uint32_t x = 12345;
		for (int i = 0; i < n; i++) {
			items[i].id = i;
			if (sort_cases[c].keys == KEYS_LCG) {
				x = x * 1103515245u + 12345u;
				items[i].key = (int)((x >> 16) % 3);
			} else if (sort_cases[c].keys == KEYS_DESC) {
				items[i].key = (n - i) / 2;
			} else {
				items[i].key = (i >= n / 2 ? n - i : i) % 7;
			}
			ptrs[i] = &items[i];
		}
		kc_describe_sort(ptrs, (size_t)n, item_less, NULL);
		_cleanup_buf_ kc_buf got = KC_BUF_INIT;
		for (int i = 0; i < n; i++)
			kc_buf_addf(&got, "%s%d", i ? "," : "", ((const sort_item *)ptrs[i])->id);
		if (!streq(kc_buf_str(&got), sort_cases[c].want))
			fail_msg("sort case %zu (n=%d): got %s, want %s", c, n, kc_buf_str(&got), sort_cases[c].want);
		free(items);
		free(ptrs);
	}
	kc_describe_sort(NULL, 0, item_less, NULL);
}

/* ---- times ---- */

static void test_times(void **state)
{
	(void)state;
	static const struct {
		const char *zone, *json, *want;
	} cases[] = {
		{"UTC", "\"2006-01-02T15:04:05Z\"", "Mon, 02 Jan 2006 15:04:05 +0000"},
		{"Asia/Seoul", "\"2006-01-02T15:04:05Z\"", "Tue, 03 Jan 2006 00:04:05 +0900"},
		{"America/New_York", "\"2026-07-04T12:00:00Z\"", "Sat, 04 Jul 2026 08:00:00 -0400"},
		{"Asia/Kolkata", "\"2026-01-02T03:04:05.123456Z\"", "Fri, 02 Jan 2026 08:34:05 +0530"},
		{"Asia/Seoul", "null", "Mon, 01 Jan 0001 00:00:00 +0000"},
		{"Asia/Seoul", "\"not a time\"", "Mon, 01 Jan 0001 00:00:00 +0000"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_time_zone *tz = NULL;
		assert_int_equal(kc_time_zone_load(cases[i].zone, &tz, NULL), 0);
		_cleanup_json_ cJSON *v = NULL;
		assert_int_equal(kc_json_parse_str(cases[i].json, &v, NULL), 0);
		kc_describe_env env = {.tz = tz};
		char buf[KC_DESCRIBE_TIME_MAX];
		const char *got = kc_describe_time(&env, cJSON_IsNull(v) ? NULL : v, buf);
		kc_time_zone_free(tz);
		if (!streq(got, cases[i].want))
			fail_msg("time case %zu: got %s, want %s", i, got, cases[i].want);
	}

	static const struct {
		int64_t ago;
		const char *want;
	} ages[] = {
		{0, "0s"}, {5, "5s"}, {119, "119s"}, {190, "3m10s"}, {600, "10m"}, {7500, "125m"},
		{4 * 3600 + 60, "4h1m"}, {20 * 3600, "20h"}, {3 * 86400 + 3600, "3d1h"}, {30 * 86400, "30d"},
		{-1, "0s"}, {-5, "<invalid>"},
	};
	kc_describe_env env = {.now = {1700000000, 0}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(ages); i++) {
		char ts[KC_TIME_RFC3339_MAX], buf[KC_DESCRIBE_TIME_MAX];
		_cleanup_json_ cJSON *v = cJSON_CreateString(kc_time_format_rfc3339(1700000000 - ages[i].ago, ts));
		if (!streq(kc_describe_since(&env, v, buf), ages[i].want))
			fail_msg("age %lld: got %s, want %s", (long long)ages[i].ago, buf, ages[i].want);
	}
	char buf[KC_DESCRIBE_TIME_MAX];
	assert_string_equal(kc_describe_since(&env, NULL, buf), "<unknown>");
}

/* ---- the shared blocks ---- */

static int body_blocks(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err)
{
	(void)env;
	(void)ret_err;
	kc_describe_labels(w, "Labels", kc_json_get(obj, "labels"));
	kc_describe_labels(w, "Selectors", NULL);
	kc_describe_annotations(w, "Annotations", kc_json_get(obj, "annotations"));
	kc_describe_annotations(w, "Skipped", kc_json_get(obj, "skipped"));
	kc_describe_taints(w, "Taints", kc_json_get(obj, "taints"));
	kc_describe_tolerations(w, "Tolerations", kc_json_get(obj, "tolerations"));
	kc_describe_tolerations(w, "None", NULL);
	return 0;
}

static void test_blocks(void **state)
{
	(void)state;
	static const char obj_json[] =
		"{\"labels\":{\"b\":\"2\",\"a\":\"1\"},"
		"\"annotations\":{\"short\":\"v\",\"multi\":\"x\\ny\\n\",\"kubectl.kubernetes.io/last-applied-configuration\":"
		"\"{}\"},"
		"\"skipped\":{\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\"},"
		"\"taints\":[{\"key\":\"k2\",\"effect\":\"NoSchedule\"},{\"key\":\"k1\",\"value\":\"v\",\"effect\":"
		"\"NoExecute\"}],"
		"\"tolerations\":[{\"key\":\"z\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":"
		"300},{\"operator\":\"Exists\"},{\"key\":\"a\",\"value\":\"b\",\"effect\":\"NoSchedule\"}]}";
	_cleanup_json_ cJSON *obj = NULL;
	assert_int_equal(kc_json_parse_str(obj_json, &obj, NULL), 0);
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	kc_describe_env env = {0};
	assert_int_equal(kc_describe_tabbed(&env, obj, body_blocks, &out, NULL), 0);
	assert_string_equal(kc_buf_str(&out), "Labels:       a=1\n"
					      "              b=2\n"
					      "Selectors:    <none>\n"
					      "Annotations:  multi:\n"
					      "                x\n"
					      "                y\n"
					      "              short: v\n"
					      "Skipped:      <none>\n"
					      "Taints:       k1=v:NoExecute\n"
					      "              k2:NoSchedule\n"
					      "Tolerations:  op=Exists\n"
					      "              a=b:NoSchedule\n"
					      "              z:NoExecute op=Exists for 300s\n"
					      "None:         <none>\n");
}

/* ---- robustness: describers given objects of the wrong shape ---- */

static void no_get(void *data, const char *path, kc_describe_result *ret)
{
	(void)data;
	(void)path;
	/* an answer of the wrong shape too */
	ret->status = 200;
	assert_int_equal(kc_json_parse_str("{\"items\":[1,\"x\",{\"metadata\":[]}],\"spec\":7}", &ret->body, NULL), 0);
}

static void test_malformed(void **state)
{
	(void)state;
	static const char *const kinds[][2] = {
		{"v1", "Pod"}, {"v1", "Service"}, {"v1", "Node"}, {"v1", "Namespace"}, {"v1", "Endpoints"},
		{"v1", "PersistentVolumeClaim"}, {"v1", "PersistentVolume"}, {"v1", "ConfigMap"}, {"v1", "Secret"},
		{"v1", "ServiceAccount"}, {"v1", "ReplicationController"}, {"apps/v1", "Deployment"},
		{"apps/v1", "ReplicaSet"}, {"apps/v1", "StatefulSet"}, {"apps/v1", "DaemonSet"}, {"batch/v1", "Job"},
		{"batch/v1", "CronJob"}, {"networking.k8s.io/v1", "Ingress"}, {"networking.k8s.io/v1", "IngressClass"},
		{"discovery.k8s.io/v1", "EndpointSlice"}, {"storage.k8s.io/v1", "StorageClass"},
		{"rbac.authorization.k8s.io/v1", "Role"}, {"rbac.authorization.k8s.io/v1", "RoleBinding"},
		{"example.com/v1", "Widget"},
	};
	/* every field a describer reads, with a type it does not expect */
	static const char *const bodies[] = {
		"\"metadata\":7,\"spec\":\"x\",\"status\":[]",
		"\"metadata\":{\"name\":1,\"labels\":[1],\"annotations\":{\"a\":{}},\"ownerReferences\":\"x\"},"
		"\"spec\":{\"containers\":[1,{\"name\":[],\"ports\":{},\"env\":[{\"valueFrom\":{\"fieldRef\":3}}],"
		"\"resources\":{\"limits\":{\"cpu\":\"lots\"}},\"livenessProbe\":{\"httpGet\":{\"port\":[]}}}],"
		"\"volumes\":[{\"name\":\"v\",\"emptyDir\":{\"sizeLimit\":\"-1\"}},{\"csi\":{}},{}],\"selector\":"
		"{\"matchExpressions\":[{\"operator\":\"Bogus\"}]},\"ports\":[{\"targetPort\":{}}],"
		"\"rules\":[{\"http\":{\"paths\":[{\"backend\":{\"service\":{\"port\":{\"number\":\"x\"}}}}]}}],"
		"\"template\":{\"spec\":{\"containers\":\"nope\"}},\"taints\":[{}],\"tolerations\":[7]},"
		"\"status\":{\"conditions\":[{\"lastTransitionTime\":\"yesterday\"}],\"containerStatuses\":[{}],"
		"\"capacity\":{\"cpu\":\"x\"},\"loadBalancer\":{\"ingress\":[{}]}},"
		"\"subsets\":[{\"addresses\":[{}],\"ports\":[{}]}],\"endpoints\":[{\"addresses\":[]}],"
		"\"data\":{\"k\":1},\"secrets\":[1],\"rules\":[{\"apiGroups\":[1],\"resources\":[2],\"verbs\":[3]}],"
		"\"subjects\":[[]]",
	};
	for (size_t k = 0; k < KC_ARRAY_SIZE(kinds); k++) {
		for (size_t b = 0; b < KC_ARRAY_SIZE(bodies); b++) {
			_cleanup_free_ char *json = xasprintf("{\"apiVersion\":\"%s\",\"kind\":\"%s\",%s}", kinds[k][0],
							      kinds[k][1], bodies[b]);
			_cleanup_json_ cJSON *obj = NULL;
			assert_int_equal(kc_json_parse_str(json, &obj, NULL), 0);
			kc_describe_env env = {.get = no_get, .show_events = true};
			_cleanup_buf_ kc_buf out = KC_BUF_INIT;
			char *err = NULL;
			int rc = kc_describe_object(&env, obj, &out, &err);
			if (rc < 0 && !err)
				fail_msg("%s body %zu: failed without a message", kinds[k][1], b);
			if (rc == 0 && !strstr(kc_buf_str(&out), "Name:"))
				fail_msg("%s body %zu: no Name line:\n%s", kinds[k][1], b, kc_buf_str(&out));
			free(err);
		}
	}
	assert_true(kc_describe_has_describer("apps", "Deployment"));
	assert_true(kc_describe_has_describer("", "Pod"));
	assert_false(kc_describe_has_describer("", "Event"));
	assert_false(kc_describe_has_describer("apps", "Pod"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tabwriter),  cmocka_unit_test(test_tabwriter_flush),
		cmocka_unit_test(test_prefix_writer), cmocka_unit_test(test_goquote),
		cmocka_unit_test(test_govalue),    cmocka_unit_test(test_selectors),
		cmocka_unit_test(test_go_sort),    cmocka_unit_test(test_times),
		cmocka_unit_test(test_blocks),     cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
