/* test_apiserver_badinput.c - kc-apiserver refuses bad input the way
 * upstream does and survives it: malformed JSON and YAML bodies (400 with
 * where the parser stopped), bodies that disagree with the URL (400),
 * unknown resources (404), wrong methods (405), bodies over 3 MiB (413),
 * absurd query values (400/422 with upstream's messages), and a 2xx answer
 * always means the data is in etcd (read back through etcd's gateway).
 *
 * One apiserver serves the whole file (cases use distinct names). Cases
 * where kc still differs from upstream are in known_bugs[]; they are
 * skipped unless KC_TEST_KNOWN_BUGS=1, so whoever fixes one can run them. */
#include <event2/event.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/client.h"
#include "common/json.h"
#include "common/util.h"
#include "harness/apiserver.h"

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *client;
} fixture;

static int group_setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));
	if (kc_test_apiserver_start(&f->api, NULL) < 0) {
		free(f);
		return -1;
	}
	f->base = event_base_new();
	kc_client_config cfg;
	kc_test_apiserver_client_config(&f->api, "admin", &cfg);
	cfg.request_timeout_ms = 20000; /* a hang fails the case instead of the suite */
	f->client = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	*state = f;
	return 0;
}

static int group_teardown(void **state)
{
	fixture *f = *state;
	if (!f)
		return 0;
	kc_client_free(f->client);
	event_base_free(f->base);
	kc_test_apiserver_stop(&f->api);
	free(f);
	return 0;
}

/* ---- one request ---- */

static void request(fixture *f, const char *method, const char *path, const char *content_type, const char *body,
		    size_t body_len, kc_response *resp)
{
	kc_response_clear(resp);
	kc_client_request_sync(f->client, method, path, content_type, body, body_len, NULL, resp);
}

/* The server is still there and answering: no bad input may crash it. */
static void assert_alive(fixture *f)
{
	assert_int_equal(kill(f->api.pid, 0), 0);
	kc_response r = {0};
	request(f, "GET", "/healthz", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	kc_response_clear(&r);
}

typedef struct bad_case {
	const char *name;
	const char *method;
	const char *path;
	const char *content_type; /* NULL: application/json when there is a body */
	const char *body;
	int code;
	const char *reason;   /* the Status reason, NULL: not checked */
	const char *message;  /* the Status message exactly, NULL: not checked */
	const char *contains; /* a part of the message, NULL: not checked */
	size_t body_size;     /* not 0: the body is a ConfigMap of this many bytes */
} bad_case;

static char *configmap_of_size(const char *name, size_t size);

/* Runs one case; returns false (after printing why) when it does not hold. */
static bool run_case(fixture *f, const bad_case *c)
{
	kc_response r = {0};
	_cleanup_free_ char *sized = c->body_size ? configmap_of_size("sized", c->body_size) : NULL;
	const char *body = sized ? sized : c->body;
	const char *ct = c->content_type ? c->content_type : (body ? "application/json" : NULL);
	request(f, c->method, c->path, ct, body, body ? strlen(body) : 0, &r);
	const char *msg = kc_json_get_str(r.body, "message", "");
	const char *reason = kc_json_get_str(r.body, "reason", "");
	bool ok = r.status == c->code;
	if (ok && (c->reason || c->message || c->contains))
		ok = streq(kc_json_get_str(r.body, "kind", ""), "Status");
	if (ok && c->reason)
		ok = streq(reason, c->reason);
	if (ok && c->message)
		ok = streq(msg, c->message);
	if (ok && c->contains)
		ok = strstr(msg, c->contains) != NULL;
	if (!ok)
		print_error("case \"%s\": %s %s\n  got  %ld %s: %s\n  want %d %s: %s%s\n  body: %.300s\n", c->name,
			    c->method, c->path, r.status, reason, msg, c->code, c->reason ? c->reason : "",
			    c->message ? c->message : "", c->contains ? c->contains : "", r.raw ? r.raw : "");
	kc_response_clear(&r);
	return ok;
}

static void run_cases(fixture *f, const bad_case *cases, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++)
		failed += !run_case(f, &cases[i]);
	assert_alive(f);
	assert_int_equal(failed, 0);
}

#define CM_PATH "/api/v1/namespaces/default/configmaps"

/* ---- malformed bodies: 400, saying where the parser stopped ---- */

static const bad_case malformed[] = {
	{"truncated JSON", "POST", CM_PATH, NULL, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"",
	 400, "BadRequest", "error decoding JSON: invalid JSON at line 1, column 61: unexpected end of JSON input", NULL},
	{"trailing comma on line 3", "POST", CM_PATH, NULL,
	 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\n \"metadata\":{\"name\":\"x\"},\n \"data\":{\"a\":\"1\",}}", 400,
	 "BadRequest", NULL, "line 3, column 18: invalid character '}' looking for beginning of object key string"},
	{"bad literal", "POST", CM_PATH, NULL,
	 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":{\"a\":tru}}", 400,
	 "BadRequest", NULL, "line 1, column 78: invalid character '}' in literal true (expecting 'e')"},
	{"two documents", "POST", CM_PATH, NULL,
	 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}} {\"x\":1}", 400, "BadRequest", NULL,
	 "line 1, column 64: invalid character '{' after top-level value"},
	{"control character in a string", "POST", CM_PATH, NULL, "{\"metadata\":{\"name\":\"a\tb\"}}", 400, "BadRequest", NULL,
	 "line 1, column 23: invalid character '\\t' in string literal"},
	/* values of the wrong JSON type: refused as upstream's decoder does
	 * (stored, they would break every typed client that lists them) */
	{"number for a string", "POST", CM_PATH, NULL,
	 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"t1\"},\"data\":{\"a\":1}}", 400,
	 "BadRequest",
	 "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct "
	 "field ConfigMap.data of type string",
	 NULL},
	{"string for an int32", "POST", "/api/v1/namespaces/default/pods", NULL,
	 "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"t2\"},\"spec\":{\"containers\":[{\"name\":\"c\","
	 "\"image\":\"x\",\"ports\":[{\"containerPort\":\"80\"}]}]}}",
	 400, "BadRequest", NULL, "cannot unmarshal string into Go struct field"},
	{"not an object", "POST", CM_PATH, NULL, "[1,2]", 400, "BadRequest", NULL, NULL},
	{"a string", "POST", CM_PATH, NULL, "\"configmap\"", 400, "BadRequest", NULL, NULL},
	{"empty body", "POST", CM_PATH, "application/json", "", 400, "BadRequest", NULL, NULL},
	{"truncated merge patch", "PATCH", CM_PATH "/anything", "application/merge-patch+json", "{\"data\":", 400,
	 "BadRequest", NULL, "line 1, column 9: unexpected end of JSON input"},
	{"YAML: bad indentation", "POST", CM_PATH, "application/yaml",
	 "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: [\n", 400, "BadRequest", NULL,
	 "line 5, column 7: mapping values are not allowed in this context"},
	{"YAML: unterminated quote", "POST", CM_PATH, "application/yaml",
	 "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \"x}\n", 400, "BadRequest", NULL,
	 "(while scanning a quoted scalar at line 3, column 18)"},
	{"YAML: tab indentation", "POST", CM_PATH, "application/yaml",
	 "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n", 400, "BadRequest", NULL, "line 4, column 1"},
	{"YAML: two documents", "POST", CM_PATH, "application/yaml",
	 "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  "
	 "name: y2\n",
	 400, "BadRequest", NULL, NULL},
	{"unknown media type", "POST", CM_PATH, "text/plain", "{}", 415, "UnsupportedMediaType", NULL,
	 "(got text/plain)"},
};

static void test_malformed_bodies(void **state)
{
	fixture *f = *state;
	run_cases(f, malformed, KC_ARRAY_SIZE(malformed));

	/* nesting a parser could recurse on: refused, and nothing crashes */
	size_t depth = 100000;
	char *deep = xmalloc(2 * depth + 1);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[2 * depth] = '\0';
	kc_response r = {0};
	request(f, "POST", CM_PATH, "application/json", deep, 2 * depth, &r);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(kc_json_get_str(r.body, "message", ""), "line 1, column 1001: nesting deeper than"));
	request(f, "POST", CM_PATH, "application/yaml", deep, 2 * depth, &r);
	assert_int_equal(r.status, 400);
	free(deep);
	kc_response_clear(&r);
	assert_alive(f);
}

/* ---- bodies that disagree with the URL: 400 ---- */

static const bad_case disagree[] = {
	{"kind", "POST", CM_PATH, NULL, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"k1\"}}", 400,
	 "BadRequest", NULL, NULL},
	{"apiVersion", "POST", CM_PATH, NULL,
	 "{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"k2\"}}", 400, "BadRequest", NULL,
	 NULL},
	{"group of a deployment", "POST", "/apis/apps/v1/namespaces/default/deployments", NULL,
	 "{\"apiVersion\":\"extensions/v1beta1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"k3\"}}", 400,
	 "BadRequest", NULL, NULL},
	{"namespace", "POST", CM_PATH, NULL,
	 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"k4\",\"namespace\":\"kube-system\"}}", 400,
	 "BadRequest", "the namespace of the provided object does not match the namespace sent on the request", NULL},
	{"namespace on update", "PUT", CM_PATH "/k5", NULL,
	 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"k5\",\"namespace\":\"kube-public\"}}", 400,
	 "BadRequest", "the namespace of the provided object does not match the namespace sent on the request", NULL},
	{"name on update", "PUT", CM_PATH "/k6", NULL,
	 "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"other\"}}", 400, "BadRequest",
	 "the name of the object (other) does not match the name on the URL (k6)", NULL},
	{"metadata not an object", "POST", CM_PATH, NULL, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":[]}",
	 400, "BadRequest", NULL, NULL},
};

static void test_body_disagrees_with_url(void **state)
{
	fixture *f = *state;
	run_cases(f, disagree, KC_ARRAY_SIZE(disagree));
	/* none of them was stored */
	kc_response r = {0};
	request(f, "GET", CM_PATH, NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	const cJSON *it;
	cJSON_ArrayForEach(it, kc_json_get(r.body, "items"))
	{
		const char *name = kc_json_get_str(it, "metadata.name", "");
		assert_false(name[0] == 'k' && strlen(name) == 2);
	}
	kc_response_clear(&r);
}

/* ---- unknown resources (404) and wrong methods (405) ---- */

#define NOT_FOUND "the server could not find the requested resource"
#define NOT_ALLOWED "the server does not allow this method on the requested resource"

static const bad_case routes[] = {
	{"unknown resource", "GET", "/api/v1/namespaces/default/frobs", NULL, NULL, 404, "NotFound", NOT_FOUND, NULL},
	{"unknown group", "GET", "/apis/nope.example.com/v1/things", NULL, NULL, 404, "NotFound", NOT_FOUND, NULL},
	{"unknown version", "GET", "/api/v2/namespaces/default/configmaps", NULL, NULL, 404, "NotFound", NOT_FOUND, NULL},
	{"unknown subresource", "GET", CM_PATH "/x/bogus", NULL, NULL, 404, "NotFound", NOT_FOUND, NULL},
	{"cluster-scoped in a namespace", "GET", "/api/v1/namespaces/default/nodes", NULL, NULL, 404, "NotFound",
	 NOT_FOUND, NULL},
	{"create into a missing namespace", "POST", "/api/v1/namespaces/nowhere/configmaps", NULL,
	 "{\"metadata\":{\"name\":\"m\"}}", 404, "NotFound", "namespaces \"nowhere\" not found", NULL},
	{"PUT of a collection", "PUT", CM_PATH, NULL, "{}", 405, "MethodNotAllowed", NOT_ALLOWED, NULL},
	{"PATCH of a collection", "PATCH", CM_PATH, "application/merge-patch+json", "{}", 405, "MethodNotAllowed",
	 NOT_ALLOWED, NULL},
	{"POST to an object", "POST", CM_PATH "/x", NULL, "{}", 405, "MethodNotAllowed", NOT_ALLOWED, NULL},
	{"DELETE of a binding", "DELETE", "/api/v1/namespaces/default/pods/x/binding", NULL, NULL, 405,
	 "MethodNotAllowed", NOT_ALLOWED, NULL},
	{"OPTIONS", "OPTIONS", CM_PATH "/x", NULL, NULL, 405, "MethodNotAllowed", NOT_ALLOWED, NULL},
	{"GET of a create-only resource", "GET", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", NULL, NULL,
	 405, "MethodNotAllowed", NOT_ALLOWED, NULL},
	/* a '.' or '..' segment is refused, its message naming it */
	{"'..' path segment", "GET", CM_PATH "/%2E%2E", NULL, NULL, 400, "BadRequest",
	 "invalid path segment \"..\" in " CM_PATH "/..", NULL},
	{"'.' path segment", "GET", "/api/v1/namespaces/%2E/configmaps", NULL, NULL, 400, "BadRequest",
	 "invalid path segment \".\" in /api/v1/namespaces/./configmaps", NULL},
	/* a DeleteOptions body that does not decode refuses the delete */
	{"DeleteOptions with a string grace period", "DELETE", CM_PATH "/victim", NULL,
	 "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":\"x\"}", 400, "BadRequest",
	 "json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64", NULL},
	{"DeleteOptions with a numeric dryRun", "DELETE", CM_PATH "/victim", NULL,
	 "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"dryRun\":[1]}", 400, "BadRequest",
	 "json: cannot unmarshal number into Go struct field DeleteOptions.dryRun of type string", NULL},
};

static void test_unknown_resources_and_methods(void **state)
{
	run_cases(*state, routes, KC_ARRAY_SIZE(routes));
}

/* ---- absurd query values ---- */

static const bad_case queries[] = {
	{"bad label selector", "GET", CM_PATH "?labelSelector=a+in+%28b", NULL, NULL, 400, "BadRequest",
	 "unable to parse requirement: found '', expected: ',' or ')'", NULL},
	{"label selector of punctuation", "GET", CM_PATH "?labelSelector=%21%21%21", NULL, NULL, 400, "BadRequest",
	 "unable to parse requirement: found '!', expected: identifier", NULL},
	{"field selector without operator", "GET", CM_PATH "?fieldSelector=foo", NULL, NULL, 400, "BadRequest",
	 "invalid selector: 'foo'; can't understand 'foo'", NULL},
	{"unsupported field label", "GET", "/api/v1/pods?fieldSelector=spec.bogus%3D1", NULL, NULL, 400, "BadRequest",
	 "field label not supported: spec.bogus", NULL},
	{"bad selector on a watch", "GET", CM_PATH "?watch=1&labelSelector=a+in+%28b", NULL, NULL, 400, "BadRequest",
	 "unable to parse requirement: found '', expected: ',' or ')'", NULL},
	{"resourceVersion=x on a list", "GET", CM_PATH "?resourceVersion=x", NULL, NULL, 400, "BadRequest", NULL,
	 "\"x\""},
	{"resourceVersion=x on a watch", "GET", CM_PATH "?watch=1&resourceVersion=x", NULL, NULL, 400, "BadRequest",
	 NULL, "\"x\""},
	{"resourceVersion=-1", "GET", CM_PATH "?resourceVersion=-1", NULL, NULL, 400, "BadRequest", NULL, "\"-1\""},
	{"limit=abc", "GET", CM_PATH "?limit=abc", NULL, NULL, 400, "BadRequest", NULL, "\"abc\""},
	{"gracePeriodSeconds=abc", "DELETE", CM_PATH "/q1?gracePeriodSeconds=abc", NULL, NULL, 400, "BadRequest", NULL,
	 "\"abc\""},
	{"continue that is not a token", "GET", CM_PATH "?limit=1&continue=%25%25%25", NULL, NULL, 400, "BadRequest",
	 NULL, NULL},
	{"resourceVersionMatch without resourceVersion", "GET", CM_PATH "?resourceVersionMatch=Exact", NULL, NULL, 400,
	 NULL, NULL, "resourceVersionMatch is forbidden unless resourceVersion is provided"},
	{"propagationPolicy=Bogus", "DELETE", CM_PATH "/q2?propagationPolicy=Bogus", NULL, NULL, 422, "Invalid", NULL,
	 "propagationPolicy"},
	/* query parameters decode as upstream's ParameterCodec does:
	 * strconv's messages, timeoutSeconds on a list is checked too */
	{"limit=abc", "GET", CM_PATH "?limit=abc", NULL, NULL, 400, "BadRequest",
	 "strconv.ParseInt: parsing \"abc\": invalid syntax", NULL},
	{"timeoutSeconds=abc on a list", "GET", CM_PATH "?timeoutSeconds=abc", NULL, NULL, 400, "BadRequest",
	 "strconv.ParseInt: parsing \"abc\": invalid syntax", NULL},
	{"resourceVersion=x with a limit", "GET", CM_PATH "?limit=5&resourceVersion=x", NULL, NULL, 400, "BadRequest",
	 "invalid resource version: resourceVersion: Invalid value: \"x\": strconv.ParseUint: parsing \"x\": invalid "
	 "syntax",
	 NULL},
	/* create/list options are validated as upstream's
	 * ValidateCreateOptions / ValidateListOptions: 422 Invalid naming the
	 * options kind; dryRun on a GET is ignored */
	{"fieldValidation=Bogus", "POST", CM_PATH "?fieldValidation=Bogus", NULL, "{\"metadata\":{\"name\":\"t3\"}}", 422,
	 "Invalid",
	 "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Bogus\": supported values: "
	 "\"\", \"Ignore\", \"Strict\", \"Warn\"",
	 NULL},
	{"dryRun=Bogus", "POST", CM_PATH "?dryRun=Bogus", NULL, "{\"metadata\":{\"name\":\"t4\"}}", 422, "Invalid",
	 "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Bogus\"}: supported "
	 "values: \"All\"",
	 NULL},
	{"dryRun=Bogus on a GET is ignored", "GET", CM_PATH "?dryRun=Bogus", NULL, NULL, 200, NULL, NULL, NULL},
	{"resourceVersionMatch=Bogus", "GET", CM_PATH "?resourceVersionMatch=Bogus&resourceVersion=1", NULL, NULL, 422,
	 "Invalid",
	 "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: \"Bogus\": supported "
	 "values: \"Exact\", \"NotOlderThan\", \"\"",
	 NULL},
	{"unknown includeObject", "GET", CM_PATH "?includeObject=Bogus", NULL, NULL, 200, NULL, NULL, NULL},
};

static void test_absurd_query_values(void **state)
{
	fixture *f = *state;
	run_cases(f, queries, KC_ARRAY_SIZE(queries));
	/* the writes that were refused stored nothing */
	kc_response r = {0};
	request(f, "GET", CM_PATH "/q3", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	request(f, "GET", CM_PATH "/q4", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	kc_response_clear(&r);
}

/* ---- request bodies over 3 MiB: 413 ---- */

/* A ConfigMap whose JSON is exactly size bytes. */
static char *configmap_of_size(const char *name, size_t size)
{
	_cleanup_free_ char *head = xasprintf("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\"},"
					      "\"data\":{\"a\":\"",
					      name);
	static const char tail[] = "\"}}";
	size_t fixed = strlen(head) + strlen(tail);
	assert_true(size > fixed);
	char *s = xmalloc(size + 1);
	memcpy(s, head, strlen(head));
	memset(s + strlen(head), 'x', size - fixed);
	memcpy(s + size - strlen(tail), tail, strlen(tail));
	s[size] = '\0';
	return s;
}

/* A body over the limit is refused without being stored; the client may
 * see the 413: the body is read (and dropped) before the answer. */
static void assert_refused_for_size(fixture *f, const char *method, const char *path, size_t size)
{
	_cleanup_free_ char *body = configmap_of_size("oversized", size);
	kc_response r = {0};
	request(f, method, path, streq(method, "PATCH") ? "application/merge-patch+json" : "application/json", body,
		size, &r);
	if (r.status != 413)
		fail_msg("%s %s with %zu bytes: got %ld, want 413 (%s)", method, path, size, r.status, r.err.msg);
	kc_response_clear(&r);
	request(f, "GET", CM_PATH "/oversized", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 404);
	kc_response_clear(&r);
}

/* Bodies up to 8 MiB (what the apiserver reads) are refused with a Status;
 * longer ones with evhttp's plain 413 page (assert_refused_for_size). */
static const bad_case too_large[] = {
	{"413 as a Status", "POST", CM_PATH, NULL, NULL, 413, "RequestEntityTooLarge",
	 "Request entity too large: limit is 3145728", NULL, (3 << 20) + 1},
	{"413 as a Status, PUT of 6 MiB", "PUT", CM_PATH "/sized", NULL, NULL, 413, "RequestEntityTooLarge",
	 "Request entity too large: limit is 3145728", NULL, 6 << 20},
};

static void test_body_size_limit(void **state)
{
	fixture *f = *state;
	const size_t limit = 3 << 20;
	kc_response r = {0};

	assert_refused_for_size(f, "POST", CM_PATH, limit + 1);
	assert_refused_for_size(f, "PUT", CM_PATH "/oversized", limit + 1);
	assert_refused_for_size(f, "PATCH", CM_PATH "/oversized", limit + 1);
	assert_refused_for_size(f, "POST", CM_PATH, 16 << 20);
	run_cases(f, too_large, KC_ARRAY_SIZE(too_large));

	/* exactly 3 MiB passes the size check (etcd may still refuse it) */
	_cleanup_free_ char *at = configmap_of_size("big3", limit);
	request(f, "POST", CM_PATH, "application/json", at, limit, &r);
	assert_int_not_equal(r.status, 413);
	assert_int_not_equal(r.status, 0);

	/* a 1 MiB object is stored whole */
	_cleanup_free_ char *mib = configmap_of_size("big4", 1 << 20);
	request(f, "POST", CM_PATH, "application/json", mib, 1 << 20, &r);
	assert_int_equal(r.status, 201);
	_cleanup_json_ cJSON *kvs = NULL;
	assert_int_equal(kc_test_etcd_range(&f->api.etcd, "/registry/configmaps/default/big4", 0, &kvs, NULL), 0);
	assert_int_equal(cJSON_GetArraySize(kvs), 1);
	_cleanup_json_ cJSON *stored = NULL;
	const char *value = kc_json_get_str(cJSON_GetArrayItem(kvs, 0), "value", "");
	assert_int_equal(kc_json_parse(value, strlen(value), &stored, NULL), 0);
	assert_int_equal(strlen(kc_json_get_str(stored, "data.a", "")), strlen(kc_json_get_str(r.body, "data.a", "")));
	assert_true(strlen(kc_json_get_str(stored, "data.a", "")) > 1000000);
	kc_response_clear(&r);
	assert_alive(f);
}

/* ---- a 2xx answer means the data is in etcd ---- */

/* The object stored under key, parsed, with its mod_revision; NULL when absent. */
static cJSON *etcd_object(fixture *f, const char *key, int64_t *ret_rev)
{
	_cleanup_json_ cJSON *kvs = NULL;
	assert_int_equal(kc_test_etcd_range(&f->api.etcd, key, 0, &kvs, NULL), 0);
	const cJSON *kv = NULL;
	cJSON_ArrayForEach(kv, kvs) if (streq(kc_json_get_str(kv, "key", ""), key)) break;
	if (!kv)
		return NULL;
	const char *value = kc_json_get_str(kv, "value", "");
	cJSON *obj = NULL;
	assert_int_equal(kc_json_parse(value, strlen(value), &obj, NULL), 0);
	if (ret_rev)
		*ret_rev = kc_json_get_int(kv, "mod_revision", 0);
	return obj;
}

/* The answer's resourceVersion is the key's mod_revision, and what etcd
 * holds is what was answered (resourceVersion aside). */
static void assert_stored_as_answered(fixture *f, const char *key, const cJSON *answer)
{
	int64_t rev = 0;
	_cleanup_json_ cJSON *stored = etcd_object(f, key, &rev);
	assert_non_null(stored);
	char want_rv[32];
	snprintf(want_rv, sizeof(want_rv), "%lld", (long long)rev);
	assert_string_equal(kc_json_get_str(answer, "metadata.resourceVersion", ""), want_rv);
	_cleanup_json_ cJSON *copy = cJSON_Duplicate(answer, true);
	kc_json_delete(copy, "metadata.resourceVersion");
	kc_json_delete(stored, "metadata.resourceVersion");
	if (!kc_json_equal(copy, stored)) {
		_cleanup_free_ char *a = cJSON_PrintUnformatted(copy);
		_cleanup_free_ char *b = cJSON_PrintUnformatted(stored);
		fail_msg("%s: answered %s\nbut etcd holds %s", key, a, b);
	}
}

static void test_2xx_means_stored(void **state)
{
	fixture *f = *state;
	kc_response r = {0};
	const char *key = "/registry/configmaps/default/stored";

	const char *cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"stored\"},\"data\":{\"v\":\"1\"}}";
	request(f, "POST", CM_PATH, NULL, cm, strlen(cm), &r);
	assert_int_equal(r.status, 201);
	assert_stored_as_answered(f, key, r.body);

	const char *upd = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"stored\"},\"data\":{\"v\":\"2\"}}";
	request(f, "PUT", CM_PATH "/stored", NULL, upd, strlen(upd), &r);
	assert_int_equal(r.status, 200);
	assert_stored_as_answered(f, key, r.body);

	const char *patch = "{\"data\":{\"w\":\"3\"}}";
	request(f, "PATCH", CM_PATH "/stored", "application/merge-patch+json", patch, strlen(patch), &r);
	assert_int_equal(r.status, 200);
	assert_stored_as_answered(f, key, r.body);
	assert_string_equal(kc_json_get_str(r.body, "data.w", ""), "3");

	/* a status write lands too (a pod's status subresource) */
	const char *pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"sp\"},\"spec\":{\"containers\":"
			  "[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
	request(f, "POST", "/api/v1/namespaces/default/pods", NULL, pod, strlen(pod), &r);
	assert_int_equal(r.status, 201);
	assert_stored_as_answered(f, "/registry/pods/default/sp", r.body);
	const char *st = "{\"status\":{\"phase\":\"Running\"}}";
	request(f, "PATCH", "/api/v1/namespaces/default/pods/sp/status", "application/merge-patch+json", st, strlen(st),
		&r);
	assert_int_equal(r.status, 200);
	assert_stored_as_answered(f, "/registry/pods/default/sp", r.body);
	_cleanup_json_ cJSON *stored_pod = etcd_object(f, "/registry/pods/default/sp", NULL);
	assert_string_equal(kc_json_get_str(stored_pod, "status.phase", ""), "Running");

	/* dryRun=All answers 201 but stores nothing */
	const char *dry = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dry\"}}";
	request(f, "POST", CM_PATH "?dryRun=All", NULL, dry, strlen(dry), &r);
	assert_int_equal(r.status, 201);
	assert_null(etcd_object(f, "/registry/configmaps/default/dry", NULL));

	/* a delete answered 200 is gone from etcd */
	request(f, "DELETE", CM_PATH "/stored", NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_null(etcd_object(f, key, NULL));
	kc_response_clear(&r);
}

/* ---- where kc still differs from upstream ----
 * Each entry names the bug; the lead fixes the apiserver, then the entry
 * moves to the tables above. Run them with KC_TEST_KNOWN_BUGS=1. */

static const bad_case known_bugs[] = {
	/* BUG badinput-6: a method token HTTP does not define gets evhttp's 501
	 * HTML page (RFC 9110's answer for an unrecognised method); upstream
	 * answers 405 with a Status. libevent 2.1 hands such requests to no
	 * callback (2.2's evhttp_set_ext_method_cmp would). Every method HTTP
	 * defines that the API does not serve gets the 405 (OPTIONS above;
	 * TRACE and CONNECT, which the kc client does not send, in
	 * test_kubectl_basics.sh). */
	{"unknown method", "FROB", CM_PATH, NULL, NULL, 405, "MethodNotAllowed", NOT_ALLOWED, NULL},
};

static void test_known_bugs(void **state)
{
	fixture *f = *state;
	const char *run = getenv("KC_TEST_KNOWN_BUGS");
	if (!run || !streq(run, "1")) {
		print_message("skipping %zu cases of known bugs (KC_TEST_KNOWN_BUGS=1 runs them)\n",
			      KC_ARRAY_SIZE(known_bugs));
		skip();
	}
	const char *victim = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"victim\"}}";
	kc_response r = {0};
	request(f, "POST", CM_PATH, NULL, victim, strlen(victim), &r);
	assert_int_equal(r.status, 201);
	kc_response_clear(&r);
	run_cases(f, known_bugs, KC_ARRAY_SIZE(known_bugs));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_bodies),
		cmocka_unit_test(test_body_disagrees_with_url),
		cmocka_unit_test(test_unknown_resources_and_methods),
		cmocka_unit_test(test_absurd_query_values),
		cmocka_unit_test(test_body_size_limit),
		cmocka_unit_test(test_2xx_means_stored),
		cmocka_unit_test(test_known_bugs),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
