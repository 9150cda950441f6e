/* test_ctl_ops_io.c - the pure parts of kc's config, auth, cluster-info,
 * logs, exec/attach/port-forward and completion commands: kubeconfig
 * normalising, redaction and minifying, tab-aligned tables, the can-i
 * rules table, log queries and prefixes, pod picking, port lists, the
 * WebSocket frame codec and help-text parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ctl/kubeconfig_edit.h"
#include "ctl/ops.h"
#include "ctl/pod_pick.h"
#include "ctl/remotecmd.h"
#include "ctl/websocket.h"
#include "common/json.h"
#include "common/util.h"

static void expect_str(const char *name, const char *got, const char *want)
{
	if (!streq_ptr(got, want))
		fail_msg("case \"%s\":\n got: %s\nwant: %s", name, got ? got : "(null)", want ? want : "(null)");
}

static void expect_int(const char *name, long long got, long long want)
{
	if (got != want)
		fail_msg("case \"%s\": got %lld, want %lld", name, got, want);
}

static cJSON *json(const char *s)
{
	cJSON *j = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse_str(s, &j, &err) < 0)
		fail_msg("bad test JSON %s: %s", s, err.msg);
	return j;
}

/* ---- kubeconfig ---- */

static void test_kubeconfig_normalize(void **state)
{
	(void)state;
	static const struct {
		const char *name, *raw, *want;
	} cases[] = {
		{"empty", "{}",
		 "{\"kind\":\"Config\",\"apiVersion\":\"v1\",\"preferences\":{},\"clusters\":null,\"users\":null,"
		 "\"contexts\":null,\"current-context\":\"\"}"},
		{"order, omitempty, required, sorted",
		 "{\"current-context\":\"b\",\"contexts\":[{\"name\":\"b\",\"context\":{\"namespace\":\"n\",\"cluster\":"
		 "\"c\"}},{\"name\":\"a\",\"context\":{\"user\":\"u\",\"cluster\":\"c\",\"extensions\":[]}},{\"name\":"
		 "\"a\",\"context\":{\"cluster\":\"dup\"}}],\"clusters\":[{\"name\":\"c\",\"cluster\":{"
		 "\"certificate-authority\":\"ca\",\"insecure-skip-tls-verify\":false,\"server\":\"https://x\","
		 "\"x-unknown\":1}}],\"preferences\":{\"colors\":true}}",
		 "{\"kind\":\"Config\",\"apiVersion\":\"v1\",\"preferences\":{\"colors\":true},\"clusters\":[{\"name\":\"c\","
		 "\"cluster\":{\"server\":\"https://x\",\"certificate-authority\":\"ca\",\"x-unknown\":1}}],\"users\":null,"
		 "\"contexts\":[{\"name\":\"a\",\"context\":{\"cluster\":\"c\",\"user\":\"u\"}},{\"name\":\"b\",\"context\":"
		 "{\"cluster\":\"c\",\"user\":\"\",\"namespace\":\"n\"}}],\"current-context\":\"b\"}"},
		{"no server still prints server", "{\"clusters\":[{\"name\":\"c\",\"cluster\":{}}]}",
		 "{\"kind\":\"Config\",\"apiVersion\":\"v1\",\"preferences\":{},\"clusters\":[{\"name\":\"c\",\"cluster\":"
		 "{\"server\":\"\"}}],\"users\":null,\"contexts\":null,\"current-context\":\"\"}"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *raw = json(cases[i].raw);
		_cleanup_json_ cJSON *n = kc_kubeconfig_normalize(raw);
		_cleanup_free_ char *got = kc_json_print(n);
		expect_str(cases[i].name, got, cases[i].want);
	}
	/* NULL reads as an empty file */
	_cleanup_json_ cJSON *e = kc_kubeconfig_normalize(NULL);
	expect_str("null", kc_json_get_str(e, "kind", NULL), "Config");
}

static void test_kubeconfig_redact_minify(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *raw = json(
		"{\"current-context\":\"a\",\"clusters\":[{\"name\":\"c\",\"cluster\":{\"server\":\"s\","
		"\"certificate-authority-data\":\"QUJD\"}},{\"name\":\"d\",\"cluster\":{\"server\":\"t\"}}],\"users\":[{"
		"\"name\":\"u\",\"user\":{\"token\":\"t\",\"password\":\"p\",\"client-key-data\":\"QQ==\"}},{\"name\":\"v\","
		"\"user\":{}}],\"contexts\":[{\"name\":\"a\",\"context\":{\"cluster\":\"c\",\"user\":\"u\"}},{\"name\":\"b\","
		"\"context\":{\"cluster\":\"nope\"}},{\"name\":\"z\",\"context\":{}}]}");
	_cleanup_json_ cJSON *doc = kc_kubeconfig_normalize(raw);
	kc_kubeconfig_redact(doc);
	expect_str("ca data", kc_json_get_str(doc, "clusters[0].cluster.certificate-authority-data", NULL),
		   "DATA+OMITTED");
	expect_str("token", kc_json_get_str(doc, "users[0].user.token", NULL), "REDACTED");
	expect_str("password", kc_json_get_str(doc, "users[0].user.password", NULL), "REDACTED");
	expect_str("key data", kc_json_get_str(doc, "users[0].user.client-key-data", NULL), "DATA+OMITTED");

	static const struct {
		const char *context, *err, *clusters, *users;
	} cases[] = {
		{"a", NULL, "c", "u"},
		{"", "current-context must exist in order to minify", NULL, NULL},
		{"q", "cannot locate context q", NULL, NULL},
		{"b", "cannot locate cluster nope", NULL, NULL},
		{"z", NULL, "", ""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *d = cJSON_Duplicate(doc, true);
		kc_error err = KC_ERROR_INIT;
		int rc = kc_kubeconfig_minify(d, cases[i].context, &err);
		if (cases[i].err) {
			if (rc >= 0)
				fail_msg("minify %s: no error", cases[i].context);
			expect_str(cases[i].context, err.msg, cases[i].err);
			continue;
		}
		expect_int(cases[i].context, rc, 0);
		expect_str(cases[i].context, kc_json_get_str(d, "current-context", NULL), cases[i].context);
		expect_str(cases[i].context, kc_json_get_str(d, "clusters[0].name", ""), cases[i].clusters);
		expect_str(cases[i].context, kc_json_get_str(d, "users[0].name", ""), cases[i].users);
		expect_int(cases[i].context, cJSON_GetArraySize(kc_json_get(d, "contexts")), 1);
	}
}

static void test_tabwrite(void **state)
{
	(void)state;
	const char *cells[] = {"CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE",
			       "*",	  "a",	  "kc",	     "admin",	 "",
			       "",	  "b",	  "c",	     "u",	 "ns"};
	_cleanup_free_ char *t = kc_tabwrite(cells, 3, 5);
	expect_str("get-contexts", t,
		   "CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n"
		   "*         a      kc        admin      \n"
		   "          b      c         u          ns\n");
	const char *two[] = {"A", "B"};
	_cleanup_free_ char *m = kc_tabwrite(two, 1, 2);
	expect_str("minwidth", m, "A     B\n");
}

static void test_relative_path(void **state)
{
	(void)state;
	static const struct {
		const char *path, *file, *want;
	} cases[] = {
		{"/etc/kc/ca.crt", "/etc/kc/config", "ca.crt"},
		{"/etc/kc/pki/ca.crt", "/etc/kc/config", "pki/ca.crt"},
		{"/opt/ca.crt", "/etc/kc/config", "/opt/ca.crt"},
		{"/etc/kcx/ca.crt", "/etc/kc/config", "/etc/kcx/ca.crt"},
		{"", "/etc/kc/config", ""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *r = kc_path_relative_to(cases[i].path, cases[i].file);
		expect_str(cases[i].path, r, cases[i].want);
	}
}

/* ---- cluster-info, auth ---- */

static void test_cluster_info_line(void **state)
{
	(void)state;
	static const struct {
		const char *name, *svc, *want;
	} cases[] = {
		{"coredns",
		 "{\"metadata\":{\"name\":\"kube-dns\",\"namespace\":\"kube-system\",\"labels\":{\"kubernetes.io/name\":"
		 "\"CoreDNS\"}},\"spec\":{\"ports\":[{\"name\":\"dns\",\"port\":53}]}}",
		 "CoreDNS is running at https://h:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy"},
		{"https port",
		 "{\"metadata\":{\"name\":\"dash\",\"namespace\":\"ns\"},\"spec\":{\"ports\":[{\"port\":443}]}}",
		 "dash is running at https://h:6443/api/v1/namespaces/ns/services/https:dash:/proxy"},
		{"no ports", "{\"metadata\":{\"name\":\"x\",\"namespace\":\"ns\"},\"spec\":{}}",
		 "x is running at https://h:6443/api/v1/namespaces/ns/services/x/proxy"},
		{"load balancer",
		 "{\"metadata\":{\"name\":\"lb\"},\"spec\":{\"ports\":[{\"port\":80},{\"port\":81}]},\"status\":{"
		 "\"loadBalancer\":{\"ingress\":[{\"hostname\":\"lb.example\"}]}}}",
		 "lb is running at http://lb.example:80 http://lb.example:81 "},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *svc = json(cases[i].svc);
		_cleanup_free_ char *line = kc_cluster_info_service_line(svc, "https://h:6443");
		expect_str(cases[i].name, line, cases[i].want);
	}
}

static void test_auth_rules_table(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *status = json(
		"{\"resourceRules\":[{\"verbs\":[\"get\",\"list\"],\"apiGroups\":[\"\"],\"resources\":[\"pods\","
		"\"pods/log\"]},{\"verbs\":[\"watch\"],\"apiGroups\":[\"\"],\"resources\":[\"pods\"]},{\"verbs\":["
		"\"get\"],\"apiGroups\":[\"apps\"],\"resources\":[\"deployments\"],\"resourceNames\":[\"a\",\"b\"]}],"
		"\"nonResourceRules\":[{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/healthz\",\"/api\"]}]}");
	_cleanup_free_ char *t = kc_auth_rules_table(status, true);
	expect_str("can-i --list", t,
		   /* sorted by PolicyRule.String(): "Verbs:[get list watch]" < "Verbs:[get list]" <
		    * "Verbs:[get],APIGroups:[]" < "Verbs:[get],APIGroups:[apps]" */
		   "Resources          Non-Resource URLs   Resource Names   Verbs\n"
		   "pods               []                  []               [get list watch]\n"
		   "pods/log           []                  []               [get list]\n"
		   "                   [/api]              []               [get]\n"
		   "                   [/healthz]          []               [get]\n"
		   "deployments.apps   []                  [a]              [get]\n"
		   "deployments.apps   []                  [b]              [get]\n");
	_cleanup_free_ char *nh = kc_auth_rules_table(NULL, false);
	expect_str("empty", nh, "");
}

/* ---- logs ---- */

static void test_logs_query(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		kc_logs_opts o;
		const char *container, *want;
	} cases[] = {
		{"none", {.tail_lines = -1}, NULL, ""},
		{"container", {.tail_lines = -1}, "app", "?container=app"},
		{"all",
		 {.follow = true, .previous = true, .timestamps = true, .insecure_backend = true, .limit_bytes = 5,
		  .since_seconds = 60, .tail_lines = 10},
		 "c",
		 "?container=c&follow=true&insecureSkipTLSVerifyBackend=true&limitBytes=5&previous=true&sinceSeconds=60&"
		 "tailLines=10&timestamps=true"},
		{"since time", {.since_time = "2024-01-01T00:00:00Z", .tail_lines = 0}, NULL,
		 "?sinceTime=2024-01-01T00%3A00%3A00Z&tailLines=0"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *q = kc_logs_query(&cases[i].o, cases[i].container);
		expect_str(cases[i].name, q, cases[i].want);
	}
	kc_line_prefixer p = {.prefix = "[pod/a/c] ", .at_line_start = true};
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	kc_line_prefixer_feed(&p, "on", 2, &out);
	kc_line_prefixer_feed(&p, "e\ntw", 4, &out);
	kc_line_prefixer_feed(&p, "o\n", 2, &out);
	expect_str("prefix", out.s, "[pod/a/c] one\n[pod/a/c] two\n");
	kc_line_prefixer none = {.at_line_start = true};
	_cleanup_buf_ kc_buf plain = KC_BUF_INIT;
	kc_line_prefixer_feed(&none, "x\ny", 3, &plain);
	expect_str("no prefix", plain.s, "x\ny");
	/* two streams into one output: only whole lines, the rest at the end */
	kc_line_prefixer a = {.prefix = "[a] ", .at_line_start = true, .whole_lines = true};
	kc_line_prefixer b = {.prefix = "[b] ", .at_line_start = true, .whole_lines = true};
	_cleanup_buf_ kc_buf mixed = KC_BUF_INIT;
	kc_line_prefixer_feed(&a, "a1\na", 4, &mixed);
	kc_line_prefixer_feed(&b, "b1\nb2", 5, &mixed);
	kc_line_prefixer_feed(&a, "2\n", 2, &mixed);
	kc_line_prefixer_finish(&a, &mixed);
	kc_line_prefixer_finish(&b, &mixed);
	expect_str("whole lines", mixed.s, "[a] a1\n[b] b1\n[a] a2\n[b] b2");
}

/* ---- pods ---- */

static void test_pod_selector(void **state)
{
	(void)state;
	static const struct {
		const char *obj, *want, *err;
	} cases[] = {
		{"{\"kind\":\"Deployment\",\"spec\":{\"selector\":{\"matchLabels\":{\"b\":\"2\",\"a\":\"1\"}}}}", "a=1,b=2",
		 NULL},
		{"{\"kind\":\"Job\",\"spec\":{\"selector\":{\"matchExpressions\":[{\"key\":\"x\",\"operator\":\"Exists\"}]}}}",
		 "x", NULL},
		{"{\"kind\":\"Service\",\"spec\":{\"selector\":{\"app\":\"web\"}}}", "app=web", NULL},
		{"{\"kind\":\"Service\",\"metadata\":{\"name\":\"k\"},\"spec\":{}}", NULL,
		 "invalid service 'k': Service is defined without a selector"},
		{"{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}", NULL, "selector for *v1.ConfigMap not implemented"},
		{"{\"kind\":\"ReplicaSet\",\"spec\":{\"selector\":{\"matchExpressions\":[{\"key\":\"x\",\"operator\":"
		 "\"Bad\"}]}}}",
		 NULL, "invalid label selector: \"Bad\" is not a valid label selector operator"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *obj = json(cases[i].obj);
		char *sel = NULL;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_pod_selector_for(obj, &sel, &err);
		if (cases[i].err) {
			if (rc >= 0)
				fail_msg("case %s: no error", cases[i].obj);
			expect_str(cases[i].obj, err.msg, cases[i].err);
		} else {
			expect_int(cases[i].obj, rc, 0);
			expect_str(cases[i].obj, sel, cases[i].want);
		}
		free(sel);
	}
}

static void test_pod_order_and_containers(void **state)
{
	(void)state;
	const char *pods =
		"[{\"metadata\":{\"name\":\"pending\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"},\"spec\":{"
		"\"nodeName\":\"n\"},\"status\":{\"phase\":\"Pending\"}},"
		"{\"metadata\":{\"name\":\"unassigned\"},\"spec\":{},\"status\":{\"phase\":\"Pending\"}},"
		"{\"metadata\":{\"name\":\"ready\",\"creationTimestamp\":\"2024-01-02T00:00:00Z\"},\"spec\":{\"nodeName\":"
		"\"n\"},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}},"
		"{\"metadata\":{\"name\":\"running\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"},\"spec\":{\"nodeName\":"
		"\"n\"},\"status\":{\"phase\":\"Running\"}}]";
	static const struct {
		kc_pod_order order;
		const char *want;
	} cases[] = {
		{KC_POD_ORDER_LOGGING, "ready running pending unassigned"},
		{KC_POD_ORDER_ACTIVE, "ready running pending unassigned"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *v = json(pods);
		kc_pods_sort(v, cases[i].order);
		_cleanup_buf_ kc_buf b = KC_BUF_INIT;
		const cJSON *p;
		cJSON_ArrayForEach(p, v)
			kc_buf_addf(&b, "%s%s", b.len ? " " : "", kc_json_get_str(p, "metadata.name", ""));
		expect_str(cases[i].order == KC_POD_ORDER_LOGGING ? "by logging" : "active", b.s, cases[i].want);
	}
	_cleanup_json_ cJSON *pod = json(
		"{\"metadata\":{\"name\":\"p\",\"annotations\":{}},\"spec\":{\"initContainers\":[{\"name\":\"i\"}],"
		"\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}],\"ephemeralContainers\":[{\"name\":\"e\"}]}}");
	char *note = NULL;
	expect_str("default", kc_pod_default_container(pod, &note), "a");
	expect_str("note", note, "Defaulted container \"a\" out of: a, b, e (ephem), i (init)");
	free(note);
	kc_json_setv(pod, cJSON_CreateString("b"), NULL, "metadata", "annotations", "kubectl.kubernetes.io/default-container",
		     NULL);
	expect_str("annotation", kc_pod_default_container(pod, &note), "b");
	assert_null(note);
	assert_true(kc_pod_has_container(pod, "e"));
	assert_false(kc_pod_has_container(pod, "zz"));
	_cleanup_json_ cJSON *single = json("{\"spec\":{\"containers\":[{\"name\":\"only\"}]}}");
	expect_str("single", kc_pod_default_container(single, &note), "only");
	assert_null(note);
}

static void test_port_forward_ports(void **state)
{
	(void)state;
	const char *pod = "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"ports\":[{\"name\":"
			  "\"http\",\"containerPort\":8080,\"protocol\":\"TCP\"},{\"name\":\"dns\",\"containerPort\":53,"
			  "\"protocol\":\"UDP\"}]}]}}";
	const char *svc = "{\"metadata\":{\"name\":\"s\"},\"spec\":{\"clusterIP\":\"10.0.0.1\",\"ports\":[{\"name\":\"web\","
			  "\"port\":80,\"targetPort\":\"http\",\"protocol\":\"TCP\"},{\"port\":90,\"targetPort\":9090,"
			  "\"protocol\":\"TCP\"},{\"port\":91,\"protocol\":\"TCP\"}]}}";
	static const struct {
		bool service;
		const char *spec, *local;
		int remote;
		const char *err;
	} cases[] = {
		{false, "8888:80", "8888", 80, NULL},
		{false, "80", "80", 80, NULL},
		{false, ":80", "", 80, NULL},
		{false, "9000:http", "9000", 8080, NULL},
		{false, "http", "8080", 8080, NULL},
		{false, "nope", NULL, 0, "Pod 'p' does not have a named port 'nope'"},
		{false, "dns", NULL, 0, "UDP protocol is not supported for dns"},
		{false, "8080:", NULL, 0, "remote port cannot be empty"},
		{true, "8443:web", "8443", 8080, NULL},
		{true, "web", "80", 8080, NULL},
		{true, "90", "90", 9090, NULL},
		{true, "91", "91", 91, NULL},
		{true, "99", NULL, 0, "Service s does not have a service port 99"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *p = json(pod);
		_cleanup_json_ cJSON *s = json(svc);
		char *spec = (char *)cases[i].spec;
		kc_pf_port *ports = NULL;
		kc_error err = KC_ERROR_INIT;
		int rc = kc_port_forward_ports(cases[i].service ? s : NULL, p, &spec, 1, &ports, &err);
		if (cases[i].err) {
			if (rc >= 0)
				fail_msg("case %s: no error", cases[i].spec);
			expect_str(cases[i].spec, err.msg, cases[i].err);
			continue;
		}
		expect_int(cases[i].spec, rc, 0);
		expect_str(cases[i].spec, ports[0].local_text, cases[i].local);
		expect_int(cases[i].spec, ports[0].remote, cases[i].remote);
		free(ports);
	}
	kc_pf_port bad = {.local_text = "x"};
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_port_forward_local(&bad, &err), -EINVAL);
	expect_str("local", err.msg, "error parsing local port 'x': strconv.ParseUint: parsing \"x\": invalid syntax");
	kc_pf_port big = {.local_text = "70000"};
	assert_int_equal(kc_port_forward_local(&big, &err), -EINVAL);
	kc_pf_port ok = {.local_text = "8080"};
	assert_int_equal(kc_port_forward_local(&ok, &err), 0);
	assert_int_equal(ok.local, 8080);
}

/* ---- WebSocket frames, remote command status ---- */

static void test_ws_frames(void **state)
{
	(void)state;
	/* RFC 6455 §1.3's example */
	_cleanup_free_ char *accept = kc_ws_accept_key("dGhlIHNhbXBsZSBub25jZQ==");
	expect_str("accept", accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

	static const size_t lens[] = {0, 5, 125, 126, 65535, 65536};
	for (size_t i = 0; i < KC_ARRAY_SIZE(lens); i++) {
		for (int masked = 0; masked < 2; masked++) {
			char *payload = xmalloc(lens[i] + 1);
			for (size_t k = 0; k < lens[i]; k++)
				payload[k] = (char)(k * 7);
			unsigned char mask[4] = {1, 2, 3, 4};
			_cleanup_buf_ kc_buf f = KC_BUF_INIT;
			kc_ws_frame_encode(&f, KC_WS_BINARY, true, payload, lens[i], masked ? mask : NULL);
			char name[48];
			snprintf(name, sizeof(name), "len %zu masked %d", lens[i], masked);
			/* every prefix is incomplete, the whole frame parses */
			kc_ws_frame fr;
			for (size_t cut = 0; cut < f.len && cut < 20; cut++)
				expect_int(name, kc_ws_frame_parse((unsigned char *)f.s, cut, &fr), 0);
			expect_int(name, kc_ws_frame_parse((unsigned char *)f.s, f.len, &fr), (long long)f.len);
			expect_int(name, fr.opcode, KC_WS_BINARY);
			expect_int(name, fr.len, (long long)lens[i]);
			if (lens[i] && memcmp(fr.payload, payload, lens[i]) != 0)
				fail_msg("%s: payload differs", name);
			free(payload);
		}
	}
	static const struct {
		const char *name;
		unsigned char bytes[12];
		size_t len;
		long want;
	} bad[] = {
		{"reserved bits", {0xC2, 0x00}, 2, -EPROTO},
		{"unknown opcode", {0x83, 0x00}, 2, -EPROTO},
		{"fragmented ping", {0x09, 0x00}, 2, -EPROTO},
		{"long ping", {0x89, 0x7E, 0x00, 0x80}, 4, -EPROTO},
		{"top bit length", {0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0}, 10, -EPROTO},
		{"too big", {0x82, 0x7F, 0, 0, 0, 0x10, 0, 0, 0, 0}, 10, -E2BIG},
		{"close", {0x88, 0x02, 0x03, 0xE8}, 4, 4},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(bad); i++) {
		kc_ws_frame fr;
		unsigned char copy[12];
		memcpy(copy, bad[i].bytes, sizeof(copy));
		expect_int(bad[i].name, kc_ws_frame_parse(copy, bad[i].len, &fr), bad[i].want);
	}
}

static void test_remotecmd_status(void **state)
{
	(void)state;
	static const struct {
		const char *status;
		int want;
		const char *msg;
	} cases[] = {
		{"{\"status\":\"Success\"}", 0, NULL},
		{"{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\","
		 "\"message\":\"3\"}]}}",
		 3, NULL},
		{"{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\","
		 "\"message\":\"x\"}]}}",
		 -1, "error stream protocol error: invalid exit code value x"},
		{"{\"status\":\"Failure\",\"message\":\"container not found (\\\"x\\\")\"}", -1, "container not found (\"x\")"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *st = json(cases[i].status);
		char *msg = NULL;
		expect_int(cases[i].status, kc_remotecmd_status(st, &msg), cases[i].want);
		expect_str(cases[i].status, msg, cases[i].msg);
		free(msg);
	}
}

/* ---- help text ---- */

static void test_help_parse(void **state)
{
	(void)state;
	const char *help = "Update the labels on a resource.\n\nExamples:\n  kc label pods foo a=b\n\nOptions:\n"
			   "    --all=false:\n\tSelect all resources\n\n"
			   "    -o, --output='':\n\tOutput format. One of: (json, yaml).\n\n"
			   "    -f, --filename=[]:\n\tFiles\n\n"
			   "Usage:\n  kc label [options]\n";
	kc_help_flag *flags = NULL;
	size_t n = 0;
	assert_int_equal(kc_help_parse_flags(help, &flags, &n), 0);
	expect_int("flags", (long long)n, 3);
	expect_str("all", flags[0].name, "all");
	assert_true(flags[0].is_bool);
	expect_str("output", flags[1].name, "output");
	expect_int("shorthand", flags[1].shorthand, 'o');
	assert_false(flags[1].is_bool);
	expect_str("usage", flags[1].usage, "Output format. One of: (json, yaml).");
	assert_false(flags[2].is_bool);
	kc_help_flags_clear(flags, n);

	const char *group = "Manage.\n\nAvailable Commands:\n  history       View rollout history\n  undo          Undo\n\n"
			    "Usage:\n";
	size_t ns = 0;
	char **subs = kc_help_parse_subcommands(group, &ns);
	expect_int("subcommands", (long long)ns, 2);
	expect_str("sub 0", subs[0], "history\tView rollout history");
	expect_str("sub 1", subs[1], "undo\tUndo");
	for (size_t i = 0; i < ns; i++)
		free(subs[i]);
	free(subs);
	size_t none = 9;
	assert_null(kc_help_parse_subcommands("no commands here", &none));
	assert_int_equal(none, 0);
	assert_int_equal(kc_help_parse_flags("no options", &flags, &n), 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kubeconfig_normalize),
		cmocka_unit_test(test_kubeconfig_redact_minify),
		cmocka_unit_test(test_tabwrite),
		cmocka_unit_test(test_relative_path),
		cmocka_unit_test(test_cluster_info_line),
		cmocka_unit_test(test_auth_rules_table),
		cmocka_unit_test(test_logs_query),
		cmocka_unit_test(test_pod_selector),
		cmocka_unit_test(test_pod_order_and_containers),
		cmocka_unit_test(test_port_forward_ports),
		cmocka_unit_test(test_ws_frames),
		cmocka_unit_test(test_remotecmd_status),
		cmocka_unit_test(test_help_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
