/* test_api_validation_meta.c - ObjectMeta validation per resource: the
 * name rule each kind uses upstream, namespaces, finalizers and the
 * immutable metadata on update. */
#include "api_strategy_test.h"

#include "apiserver/validation_meta.h"

#define LABEL_MSG(v)                                                                                          \
	"metadata.name: Invalid value: \"" v "\": a lowercase RFC 1123 label must consist of lower case "     \
	"alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. "        \
	"'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
#define SUBDOMAIN_MSG(v)                                                                                      \
	"metadata.name: Invalid value: \"" v "\": a lowercase RFC 1123 subdomain must consist of lower case " \
	"alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "   \
	"'example.com', regex used for validation is "                                                        \
	"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
#define DNS1035_MSG(v)                                                                                        \
	"metadata.name: Invalid value: \"" v "\": a DNS-1035 label must consist of lower case alphanumeric "  \
	"characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. " \
	"'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

typedef struct meta_case {
	const char *group, *plural;
	const char *meta; /* the metadata object */
	const char *want; /* the errors' aggregate, "" when valid */
} meta_case;

static char *validate_create(const meta_case *c)
{
	const kc_resource *r = st_resource(c->group, c->plural);
	_cleanup_free_ char *json = xasprintf("{\"metadata\":%s}", c->meta);
	cJSON *obj = st_parse(c->meta, json);
	api_field_errors e = API_FIELD_ERRORS_INIT;
	api_validate_meta_create(r, obj, &e);
	char *msg = e.n ? api_field_errors_message(&e, "X", "x") : xstrdup("");
	api_field_errors_clear(&e);
	cJSON_Delete(obj);
	return msg;
}

static void run_meta_cases(const meta_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *got = validate_create(&cases[i]);
		_cleanup_free_ char *want = cases[i].want[0] ? xasprintf("X \"x\" is invalid: %s", cases[i].want) : xstrdup("");
		if (!streq(got, want))
			fail_msg("case %s/%s %s:\n got: %s\nwant: %s", cases[i].group, cases[i].plural, cases[i].meta,
				 got, want);
	}
}

/* Each kind's ValidateNameFunc. */
static void test_names(void **state)
{
	(void)state;
	static const meta_case cases[] = {
		/* most kinds: DNS-1123 subdomains, dots allowed */
		{"", "pods", "{\"name\":\"nginx.v1\",\"namespace\":\"default\"}", ""},
		{"", "pods", "{\"name\":\"Nginx\",\"namespace\":\"default\"}", SUBDOMAIN_MSG("Nginx")},
		{"", "configmaps", "{\"name\":\"kube-root-ca.crt\",\"namespace\":\"default\"}", ""},
		{"apps", "deployments", "{\"name\":\"a.b\",\"namespace\":\"default\"}", ""},
		{"", "nodes", "{\"name\":\"node-1.example.com\"}", ""},
		/* namespaces: DNS-1123 labels */
		{"", "namespaces", "{\"name\":\"team-a\"}", ""},
		{"", "namespaces", "{\"name\":\"team.a\"}", "metadata.name: Invalid value: \"team.a\": must not contain dots"},
		{"", "namespaces", "{\"name\":\"Team\"}", LABEL_MSG("Team")},
		/* services: DNS-1035 labels (no leading digit) */
		{"", "services", "{\"name\":\"web\",\"namespace\":\"default\"}", ""},
		{"", "services", "{\"name\":\"1web\",\"namespace\":\"default\"}", DNS1035_MSG("1web")},
		/* statefulsets: DNS-1123 labels, their pods are <name>-<n> */
		{"apps", "statefulsets", "{\"name\":\"db.x\",\"namespace\":\"default\"}",
		 "metadata.name: Invalid value: \"db.x\": must not contain dots"},
		/* RBAC: path segments, so "system:..." names work */
		{"rbac.authorization.k8s.io", "clusterroles", "{\"name\":\"system:kube-scheduler\"}", ""},
		{"rbac.authorization.k8s.io", "roles", "{\"name\":\"a/b\",\"namespace\":\"default\"}",
		 "metadata.name: Invalid value: \"a/b\": may not contain '/'"},
		{"rbac.authorization.k8s.io", "clusterrolebindings", "{\"name\":\"..\"}",
		 "metadata.name: Invalid value: \"..\": may not be '..'"},
		/* core/v1 events only meet the path-segment rule */
		{"", "events", "{\"name\":\"nginx.17c3b5a6f0a1b2c3\",\"namespace\":\"default\"}", ""},
		{"", "events", "{\"name\":\"Nginx.X\",\"namespace\":\"default\"}", ""},
		{"events.k8s.io", "events", "{\"name\":\"Nginx.X\",\"namespace\":\"default\"}", SUBDOMAIN_MSG("Nginx.X")},
	};
	run_meta_cases(cases, ST_N(cases));
}

static void test_required_and_namespace(void **state)
{
	(void)state;
	static const meta_case cases[] = {
		{"", "pods", "{\"namespace\":\"default\"}",
		 "metadata.name: Required value: name or generateName is required"},
		{"", "pods", "{\"name\":\"a\"}", "metadata.namespace: Required value"},
		{"", "nodes", "{\"name\":\"n\",\"namespace\":\"default\"}",
		 "metadata.namespace: Forbidden: not allowed on this type"},
		{"", "pods", "{\"name\":\"a\",\"namespace\":\"Default\"}",
		 "metadata.namespace: Invalid value: \"Default\": a lowercase RFC 1123 label must consist of lower "
		 "case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. "
		 "'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"},
		/* the reviews have no stored metadata to validate */
		{"authorization.k8s.io", "selfsubjectaccessreviews", "{}", ""},
	};
	run_meta_cases(cases, ST_N(cases));
}

static void test_finalizers(void **state)
{
	(void)state;
	static const meta_case cases[] = {
		{"", "configmaps", "{\"name\":\"a\",\"namespace\":\"d\",\"finalizers\":[\"kubernetes\",\"example.com/x\"]}", ""},
		{"", "configmaps", "{\"name\":\"a\",\"namespace\":\"d\",\"finalizers\":[\"foregroundDeletion\"]}", ""},
		{"apps", "deployments", "{\"name\":\"a\",\"namespace\":\"d\",\"finalizers\":[\"mine\"]}",
		 "metadata.finalizers[0]: Invalid value: \"mine\": name is neither a standard finalizer name nor is "
		 "it fully qualified"},
	};
	run_meta_cases(cases, ST_N(cases));
	_cleanup_free_ char *both = NULL;
	{
		meta_case c = {"", "configmaps",
			       "{\"name\":\"a\",\"namespace\":\"d\",\"finalizers\":[\"orphan\",\"foregroundDeletion\"]}", ""};
		both = validate_create(&c);
	}
	assert_non_null(strstr(both, "metadata.finalizers: Invalid value: [\"orphan\",\"foregroundDeletion\"]: "
				     "finalizer orphan and foregroundDeletion cannot be both set"));
}

static void test_labels_annotations(void **state)
{
	(void)state;
	static const meta_case cases[] = {
		{"", "pods", "{\"name\":\"a\",\"namespace\":\"d\",\"labels\":{\"app\":\"pulse-api\"}}", ""},
		{"", "pods", "{\"name\":\"a\",\"namespace\":\"d\",\"labels\":{\"app\":\"bad value\"}}",
		 "metadata.labels: Invalid value: \"bad value\": a valid label must be an empty string or consist of "
		 "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
		 "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
		 "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"},
		{"", "pods",
		 "{\"name\":\"a\",\"namespace\":\"d\",\"annotations\":{\"nginx.ingress.kubernetes.io/rewrite-target\":\"/\"}}",
		 ""},
	};
	run_meta_cases(cases, ST_N(cases));
}

static void test_update(void **state)
{
	(void)state;
	const kc_resource *r = st_resource("", "configmaps");
	static const struct {
		const char *name, *meta, *old, *want;
	} cases[] = {
		{"unchanged", "{\"name\":\"a\",\"namespace\":\"d\",\"uid\":\"u1\",\"resourceVersion\":\"3\"}",
		 "{\"name\":\"a\",\"namespace\":\"d\",\"uid\":\"u1\"}", ""},
		{"uid", "{\"name\":\"a\",\"namespace\":\"d\",\"uid\":\"u2\",\"resourceVersion\":\"3\"}",
		 "{\"name\":\"a\",\"namespace\":\"d\",\"uid\":\"u1\"}", "metadata.uid: Invalid value: \"u2\": field is immutable"},
		{"name", "{\"name\":\"b\",\"namespace\":\"d\",\"resourceVersion\":\"3\"}", "{\"name\":\"a\",\"namespace\":\"d\"}",
		 "metadata.name: Invalid value: \"b\": field is immutable"},
		{"no resourceVersion", "{\"name\":\"a\",\"namespace\":\"d\"}", "{\"name\":\"a\",\"namespace\":\"d\"}",
		 "metadata.resourceVersion: Invalid value: \"\": must be specified for an update"},
		{"finalizer kept by core rule", "{\"name\":\"a\",\"namespace\":\"d\",\"resourceVersion\":\"3\",\"finalizers\":[\"x\"]}",
		 "{\"name\":\"a\",\"namespace\":\"d\"}",
		 "metadata.finalizers[0]: Invalid value: \"x\": name is neither a standard finalizer name nor is it fully qualified"},
	};
	for (size_t i = 0; i < ST_N(cases); i++) {
		_cleanup_free_ char *nj = xasprintf("{\"metadata\":%s}", cases[i].meta);
		_cleanup_free_ char *oj = xasprintf("{\"metadata\":%s}", cases[i].old);
		cJSON *n = st_parse(cases[i].name, nj), *o = st_parse(cases[i].name, oj);
		api_field_errors e = API_FIELD_ERRORS_INIT;
		api_validate_meta_update(r, n, o, &e);
		_cleanup_free_ char *got = e.n ? api_field_errors_message(&e, "X", "x") : xstrdup("");
		_cleanup_free_ char *want = cases[i].want[0] ? xasprintf("X \"x\" is invalid: %s", cases[i].want) : xstrdup("");
		api_field_errors_clear(&e);
		cJSON_Delete(n);
		cJSON_Delete(o);
		if (!streq(got, want))
			fail_msg("case %s:\n got: %s\nwant: %s", cases[i].name, got, want);
	}
}

static void test_name_fns(void **state)
{
	(void)state;
	assert_ptr_equal(api_meta_name_fn(st_resource("", "namespaces")), kc_validate_name_dns_label);
	assert_ptr_equal(api_meta_name_fn(st_resource("", "services")), kc_validate_name_dns1035_label);
	assert_ptr_equal(api_meta_name_fn(st_resource("", "pods")), kc_validate_name_dns_subdomain);
	assert_ptr_equal(api_meta_name_fn(st_resource("rbac.authorization.k8s.io", "rolebindings")),
			 kc_validate_name_path_segment);
	assert_ptr_equal(api_meta_name_fn(st_resource("apps", "statefulsets")), kc_validate_name_dns_label);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),       cmocka_unit_test(test_required_and_namespace),
		cmocka_unit_test(test_finalizers),  cmocka_unit_test(test_labels_annotations),
		cmocka_unit_test(test_update),      cmocka_unit_test(test_name_fns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
