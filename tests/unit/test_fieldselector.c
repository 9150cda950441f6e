/* test_fieldselector.c - field selectors (common/fieldselector.h).
 *
 * Expected strings are upstream's (k8s.io/apimachinery/pkg/fields, the field
 * label conversion functions of k8s.io/kubernetes, runtime's default one), and
 * the examples of the Kubernetes "Field Selectors" page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <string.h>

#include "common/fieldselector.h"
#include "common/map.h"
#include "common/util.h"

#define EXPECT_STR(name, got, want)                                                                          \
	do {                                                                                                 \
		const char *g_ = (got), *w_ = (want);                                                        \
		if (!streq_ptr(g_, w_))                                                                      \
			fail_msg("case '%s':\n  got  <%s>\n  want <%s>", (name), g_ ? g_ : "(null)",         \
			         w_ ? w_ : "(null)");                                                        \
	} while (0)

typedef struct parse_case {
	const char *in;
	const char *want; /* String(), or NULL when parsing fails */
	const char *err;
} parse_case;

static const parse_case parse_cases[] = {
    /* "Field Selectors". */
    {"metadata.name=my-service", "metadata.name=my-service", NULL},
    {"metadata.namespace!=default", "metadata.namespace!=default", NULL},
    {"status.phase=Pending", "status.phase=Pending", NULL},
    {"status.phase!=Running,spec.restartPolicy=Always", "spec.restartPolicy=Always,status.phase!=Running",
     NULL},
    {"", "", NULL},
    /* Operators: "==" is "=". */
    {"a==b", "a=b", NULL},
    {"a=b", "a=b", NULL},
    {"a!=b", "a!=b", NULL},
    {"a=", "a=", NULL},
    {"a!=", "a!=", NULL},
    {"a===b", NULL, "invalid field selector: unescaped character in value: 61"},
    {"x!y=z", "x!y=z", NULL},
    {"a=b!c", "a=b!c", NULL},
    {"a=b c", "a=b c", NULL},
    {" a = b ", " a = b ", NULL},
    /* Terms are sorted as written (escapes included) before anything else. */
    {"b=1,a=2", "a=2,b=1", NULL},
    {"a==x,a=b", "a=x,a=b", NULL}, /* "a==x" sorts before "a=b" */
    {"a=b,a=b", "a=b,a=b", NULL},
    /* Empty terms, and terms with neither field nor value, are dropped. */
    {",", "", NULL},
    {"a=b,,c=d", "a=b,c=d", NULL},
    {"=", "", NULL},
    {"!=", "", NULL},
    {"==", "", NULL},
    {"=,a=b", "a=b", NULL},
    {"=x", "=x", NULL},
    /* Escaping of values: \\, \, and \= . */
    {"a=b\\,c", "a=b\\,c", NULL},
    {"a=b\\=c", "a=b\\=c", NULL},
    {"a=b\\\\c", "a=b\\\\c", NULL},
    {"a\\,b=c", "a\\,b=c", NULL}, /* fields are not unescaped */
    {"a=\\\\,b=c", "a=\\\\,b=c", NULL},
    {"a=b\\", NULL, "invalid field selector: invalid escape sequence: \\"},
    {"a=\\x", NULL, "invalid field selector: invalid escape sequence: \\x"},
    {"a=\\é", NULL, "invalid field selector: invalid escape sequence: \\é"},
    {"a=\\\xff", NULL, "invalid field selector: invalid escape sequence: \\\xef\xbf\xbd"},
    {"a=b=c", NULL, "invalid field selector: unescaped character in value: 61"},
    {"a!=b!=c", NULL, "invalid field selector: unescaped character in value: 61"},
    /* With an escape anywhere upstream decodes runes: invalid UTF-8 becomes U+FFFD. */
    {"a=\xff", "a=\xff", NULL},
    {"a=\xff\\,", "a=\xef\xbf\xbd\\,", NULL},
    /* Terms without an operator. */
    {"a", NULL, "invalid selector: 'a'; can't understand 'a'"},
    {"b=1,a", NULL, "invalid selector: 'b=1,a'; can't understand 'a'"},
    {"z,y", NULL, "invalid selector: 'z,y'; can't understand 'y'"},
    {"a=b,c", NULL, "invalid selector: 'a=b,c'; can't understand 'c'"},
    {"a!b", NULL, "invalid selector: 'a!b'; can't understand 'a!b'"},
    /* The first bad term in sorted order is the one reported. */
    {"b=\\x,a", NULL, "invalid selector: 'b=\\x,a'; can't understand 'a'"},
    {"b,a=\\x", NULL, "invalid field selector: invalid escape sequence: \\x"},
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(parse_cases); i++) {
		const parse_case *c = &parse_cases[i];
		kc_fieldsel *sel = NULL;
		kc_error err = KC_ERROR_INIT;
		int r = kc_fieldsel_parse(c->in, &sel, &err);
		if (!c->want) {
			if (r != -EINVAL)
				fail_msg("case '%s': parsed, want <%s>", c->in, c->err);
			assert_null(sel);
			EXPECT_STR(c->in, err.msg, c->err);
			continue;
		}
		if (r < 0)
			fail_msg("case '%s': error <%s>", c->in, err.msg);
		_cleanup_free_ char *s = kc_fieldsel_to_string(sel);
		EXPECT_STR(c->in, s, c->want);
		/* The printed form parses to the same requirements. */
		kc_fieldsel *again = NULL;
		if (kc_fieldsel_parse(s, &again, &err) < 0)
			fail_msg("case '%s': reparsing <%s>: %s", c->in, s, err.msg);
		assert_int_equal(again->n_reqs, sel->n_reqs);
		kc_fieldsel_free(again);
		kc_fieldsel_free(sel);
	}
	_cleanup_fieldsel_ kc_fieldsel *sel = NULL;
	assert_int_equal(kc_fieldsel_parse("a=b\\,c,x!=", &sel, NULL), 0);
	assert_int_equal(sel->n_reqs, 2);
	assert_string_equal(sel->reqs[0].field, "a");
	assert_string_equal(sel->reqs[0].value, "b,c");
	assert_int_equal(sel->reqs[0].op, KC_FIELDSEL_EQUALS);
	assert_string_equal(sel->reqs[1].field, "x");
	assert_string_equal(sel->reqs[1].value, "");
	assert_int_equal(sel->reqs[1].op, KC_FIELDSEL_NOT_EQUALS);
	assert_null(sel->reqs[0].def);
	_cleanup_fieldsel_ kc_fieldsel *empty = NULL;
	assert_int_equal(kc_fieldsel_parse("", &empty, NULL), 0);
	assert_true(kc_fieldsel_empty(empty));
}

static void test_escape(void **state)
{
	(void)state;
	const struct {
		const char *raw, *escaped;
	} cases[] = {
	    {"", ""},         {"abc", "abc"},     {"a,b", "a\\,b"},
	    {"a=b", "a\\=b"}, {"a\\b", "a\\\\b"}, {"\\,=", "\\\\\\,\\="},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *e = kc_fieldsel_escape_value(cases[i].raw);
		EXPECT_STR(cases[i].raw, e, cases[i].escaped);
		_cleanup_free_ char *u = NULL;
		assert_int_equal(kc_fieldsel_unescape_value(e, &u, NULL), 0);
		EXPECT_STR(cases[i].escaped, u, cases[i].raw);
	}
	char *u = NULL;
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_fieldsel_unescape_value("a,b", &u, &err), -EINVAL);
	EXPECT_STR("unescaped comma", err.msg, "invalid field selector: unescaped character in value: 44");
	assert_null(u);
}

typedef struct resolve_case {
	const char *group, *kind, *selector;
	const char *want; /* String() after resolving, or NULL */
	const char *err;
} resolve_case;

#define NOT_KNOWN(f) "\"" f "\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""

static const resolve_case resolve_cases[] = {
    {"", "Pod", "spec.nodeName=n1,status.phase=Running", "spec.nodeName=n1,status.phase=Running", NULL},
    {"", "Pod", "spec.host=n1", "spec.nodeName=n1", NULL}, /* old clients' name for it */
    {"", "Pod", "spec.hostNetwork=true,status.podIPs=x", "spec.hostNetwork=true,status.podIPs=x", NULL},
    {"", "Pod", "spec.foo=x", NULL, "field label not supported: spec.foo"},
    {"", "Pod", "z.z=1,a.a=1", NULL, "field label not supported: a.a"},
    {"", "Pod", "=x", NULL, "field label not supported: "},
    {"", "Node", "spec.unschedulable=true", "spec.unschedulable=true", NULL},
    {"", "Node", "metadata.namespace=x", NULL, "field label not supported: metadata.namespace"},
    {"", "Event", "involvedObject.kind=Pod,reason=Started,source=kubelet,reportingComponent=x", NULL, NULL},
    {"", "Event", "involvedObject.foo=x", NULL, "field label not supported: involvedObject.foo"},
    {"", "Secret", "type=Opaque", "type=Opaque", NULL},
    {"", "Namespace", "status.phase=Active", "status.phase=Active", NULL},
    {"", "Namespace", "metadata.namespace=x", NULL, "field label not supported: metadata.namespace"},
    {"", "Service", "spec.clusterIP=None,spec.type=ClusterIP", "spec.clusterIP=None,spec.type=ClusterIP",
     NULL},
    {"", "ReplicationController", "status.replicas=0", "status.replicas=0", NULL},
    {"apps", "ReplicaSet", "status.replicas=2", "status.replicas=2", NULL},
    {"batch", "Job", "status.successful=1", "status.successful=1", NULL},
    {"certificates.k8s.io", "CertificateSigningRequest", "spec.signerName=x", "spec.signerName=x", NULL},
    /* Kinds without their own list take upstream's default (the docs' example). */
    {"networking.k8s.io", "Ingress", "foo.bar=baz", NULL, NOT_KNOWN("foo.bar")},
    {"apps", "Deployment", "metadata.name=web,metadata.namespace=default", NULL, NULL},
    {"apps", "Deployment", "spec.replicas=1", NULL, NOT_KNOWN("spec.replicas")},
    {"", "ConfigMap", "metadata.name=x", "metadata.name=x", NULL},
    {"", "Pod", "", "", NULL},
};

static void test_resolve(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(resolve_cases); i++) {
		const resolve_case *c = &resolve_cases[i];
		_cleanup_fieldsel_ kc_fieldsel *sel = NULL;
		kc_error err = KC_ERROR_INIT;
		assert_int_equal(kc_fieldsel_parse(c->selector, &sel, &err), 0);
		_cleanup_free_ char *name = xasprintf("%s/%s %s", c->group, c->kind, c->selector);
		int r = kc_fieldsel_resolve(sel, kc_fieldsel_table_for_kind(c->group, c->kind), &err);
		if (c->err) {
			if (r != -EINVAL)
				fail_msg("case %s: resolved, want <%s>", name, c->err);
			EXPECT_STR(name, err.msg, c->err);
			continue;
		}
		if (r < 0)
			fail_msg("case %s: %s", name, err.msg);
		for (size_t j = 0; j < sel->n_reqs; j++)
			if (!sel->reqs[j].def || !streq(sel->reqs[j].def->name, sel->reqs[j].field))
				fail_msg("case %s: requirement %zu not bound", name, j);
		if (c->want) {
			_cleanup_free_ char *s = kc_fieldsel_to_string(sel);
			EXPECT_STR(name, s, c->want);
		}
	}
}

typedef struct match_case {
	const char *group, *kind; /* NULL kind: match unresolved */
	const char *selector;
	const char *object;
	bool want;
} match_case;

#define POD                                                                                                  \
	"{\"metadata\":{\"name\":\"p\",\"namespace\":\"default\"},\"spec\":{\"nodeName\":\"n1\","            \
	"\"restartPolicy\":"                                                                                 \
	"\"Always\",\"serviceAccountName\":\"default\"},\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0." \
	"0.1\","                                                                                             \
	"\"podIPs\":[{\"ip\":\"10.0.0.1\"}]}}"
#define EVENT                                                                                                \
	"{\"metadata\":{\"name\":\"e\",\"namespace\":\"default\"},\"involvedObject\":{\"kind\":\"Pod\","     \
	"\"name\":\"p\","                                                                                    \
	"\"namespace\":\"default\"},\"reason\":\"Started\",\"type\":\"Normal\",\"source\":{\"component\":"   \
	"\"kubelet\"},"                                                                                      \
	"\"reportingComponent\":\"kubelet\"}"

static const match_case match_cases[] = {
    {"", "Pod", "status.phase=Running", POD, true},
    {"", "Pod", "status.phase!=Running", POD, false},
    {"", "Pod", "status.phase=Running,spec.restartPolicy=Always", POD, true},
    {"", "Pod", "status.phase!=Running,spec.restartPolicy=Always", POD, false},
    {"", "Pod", "metadata.name=p,metadata.namespace=default", POD, true},
    {"", "Pod", "metadata.namespace!=default", POD, false},
    {"", "Pod", "spec.nodeName=", POD, false},
    {"", "Pod", "spec.nodeName=", "{\"spec\":{}}", true}, /* unscheduled pods */
    {"", "Pod", "spec.host=n1", POD, true},
    {"", "Pod", "spec.hostNetwork=false", POD, true}, /* absent booleans are false */
    {"", "Pod", "spec.hostNetwork=true", "{\"spec\":{\"hostNetwork\":true}}", true},
    {"", "Pod", "status.podIP=10.0.0.1", POD, true},
    {"", "Pod", "status.podIPs=", POD, true}, /* accepted but never set */
    {"", "Pod", "spec.schedulerName=", POD, true},
    {"", "Pod", "status.nominatedNodeName!=", POD, false},
    {"", "Node", "spec.unschedulable=true", "{\"spec\":{\"unschedulable\":true}}", true},
    {"", "Node", "spec.unschedulable=false", "{\"spec\":{}}", true},
    {"", "Node", "spec.unschedulable!=true", "{}", true},
    {"", "Event", "involvedObject.kind=Pod,involvedObject.name=p,source=kubelet,type=Normal", EVENT, true},
    {"", "Event", "reason=Killing", EVENT, false},
    {"", "Event", "reportingComponent=kubelet", EVENT, true},
    {"", "Event", "involvedObject.uid=", EVENT, true},
    {"batch", "Job", "status.successful=2", "{\"status\":{\"succeeded\":2}}", true},
    {"batch", "Job", "status.successful=0", "{}", true},
    {"", "ReplicationController", "status.replicas=3", "{\"status\":{\"replicas\":3}}", true},
    {"apps", "ReplicaSet", "status.replicas=0", "{\"status\":{}}", true},
    {"", "Secret", "type=kubernetes.io/tls", "{\"type\":\"kubernetes.io/tls\"}", true},
    {"", "Service", "spec.clusterIP=None", "{\"spec\":{\"clusterIP\":\"None\",\"type\":\"ClusterIP\"}}",
     true},
    {"", "Namespace", "status.phase=Terminating", "{\"status\":{\"phase\":\"Active\"}}", false},
    {"", "ConfigMap", "metadata.namespace=", "{\"metadata\":{\"name\":\"c\"}}", true},
    {"", "Pod", "", POD, true},
    /* Unresolved selectors read the field name as a path. */
    {"", NULL, "spec.replicas=3", "{\"spec\":{\"replicas\":3}}", true},
    {"", NULL, "spec.ratio=0.5", "{\"spec\":{\"ratio\":0.5}}", true},
    {"", NULL, "spec.paused=false", "{\"spec\":{\"paused\":false}}", true},
    {"", NULL, "spec.x=", "{\"spec\":{\"x\":null}}", true},
    {"", NULL, "spec.x=", "{\"spec\":{\"x\":{\"y\":1}}}", true},
    {"", NULL, "spec.x.y=1", "{\"spec\":{\"x\":\"str\"}}", false},
    {"", NULL, "a\\,b=c", "{\"a\\\\,b\":\"c\"}", true},
};

static void test_match(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(match_cases); i++) {
		const match_case *c = &match_cases[i];
		_cleanup_fieldsel_ kc_fieldsel *sel = NULL;
		kc_error err = KC_ERROR_INIT;
		assert_int_equal(kc_fieldsel_parse(c->selector, &sel, &err), 0);
		if (c->kind &&
		    kc_fieldsel_resolve(sel, kc_fieldsel_table_for_kind(c->group, c->kind), &err) < 0)
			fail_msg("case '%s': %s", c->selector, err.msg);
		cJSON *obj = cJSON_Parse(c->object);
		if (!obj)
			fail_msg("case '%s': bad test JSON", c->selector);
		bool got = kc_fieldsel_matches(sel, obj);
		if (got != c->want)
			fail_msg("case %s '%s' on %s: got %d", c->kind ? c->kind : "(unresolved)",
			         c->selector, c->object, got);
		cJSON_Delete(obj);
	}
	_cleanup_fieldsel_ kc_fieldsel *nothing = kc_fieldsel_nothing();
	assert_false(kc_fieldsel_matches(nothing, NULL));
	assert_false(kc_fieldsel_empty(nothing));
	_cleanup_free_ char *s = kc_fieldsel_to_string(nothing);
	assert_string_equal(s, "");
}

static void test_values_and_maps(void **state)
{
	(void)state;
	/* A caller's own table: list items by index, defaults. */
	static const kc_fieldsel_field fields[] = {
	    {"primaryIP", "status.podIPs[0].ip", NULL, NULL},
	    {"second", "spec.list[1][0]", "none", NULL},
	    {"count", "status.count", "0", NULL},
	};
	static const kc_fieldsel_table table = {fields, KC_ARRAY_SIZE(fields), false};
	cJSON *obj =
	    cJSON_Parse("{\"status\":{\"podIPs\":[{\"ip\":\"10.0.0.1\"},{\"ip\":\"fd00::1\"}],\"count\":-7},"
	                "\"spec\":{\"list\":[[\"a\"],[\"b\",\"c\"]]}}");
	const char *const want[] = {"10.0.0.1", "b", "-7"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(fields); i++) {
		_cleanup_free_ char *v = kc_fieldsel_value(obj, &fields[i]);
		EXPECT_STR(fields[i].name, v, want[i]);
	}
	cJSON *bare = cJSON_Parse("{\"spec\":{\"list\":[]}}");
	_cleanup_free_ char *dflt = kc_fieldsel_value(bare, &fields[1]);
	EXPECT_STR("default", dflt, "none");
	_cleanup_fieldsel_ kc_fieldsel *sel = NULL;
	assert_int_equal(kc_fieldsel_parse("primaryIP=10.0.0.1,count!=0", &sel, NULL), 0);
	assert_int_equal(kc_fieldsel_resolve(sel, &table, NULL), 0);
	assert_true(kc_fieldsel_matches(sel, obj));
	assert_false(kc_fieldsel_matches(sel, bare));
	cJSON_Delete(obj);
	cJSON_Delete(bare);

	/* Precomputed field sets: absent fields are "". */
	kc_map *m = kc_map_new(NULL);
	kc_map_put(m, "spec.nodeName", "n1");
	kc_map_put(m, "status.phase", "Running");
	const struct {
		const char *selector;
		bool want;
	} cases[] = {
	    {"spec.nodeName=n1", true},
	    {"spec.nodeName!=n1", false},
	    {"status.phase=Running,spec.nodeName=n1", true},
	    {"metadata.name=", true},
	    {"metadata.name!=", false},
	    {"", true},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_fieldsel_ kc_fieldsel *s = NULL;
		assert_int_equal(kc_fieldsel_parse(cases[i].selector, &s, NULL), 0);
		if (kc_fieldsel_matches_map(s, m) != cases[i].want)
			fail_msg("case '%s' on map", cases[i].selector);
	}
	kc_map_free(m);
}

static void test_requires_exact_match(void **state)
{
	(void)state;
	const struct {
		const char *selector, *field, *want;
	} cases[] = {
	    {"spec.nodeName=n1,status.phase!=Running", "spec.nodeName", "n1"},
	    {"spec.nodeName=n1,status.phase!=Running", "status.phase", NULL},
	    {"metadata.name==web", "metadata.name", "web"},
	    {"metadata.name=a,metadata.name=b", "metadata.name", "a"},
	    {"spec.nodeName=", "spec.nodeName", ""},
	    {"", "spec.nodeName", NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_fieldsel_ kc_fieldsel *sel = NULL;
		assert_int_equal(kc_fieldsel_parse(cases[i].selector, &sel, NULL), 0);
		const char *v = NULL;
		bool found = kc_fieldsel_requires_exact_match(sel, cases[i].field, &v);
		_cleanup_free_ char *name = xasprintf("%s [%s]", cases[i].selector, cases[i].field);
		EXPECT_STR(name, found ? v : NULL, cases[i].want);
	}
}

static void test_long_input(void **state)
{
	(void)state;
	kc_buf b = KC_BUF_INIT;
	for (int i = 0; i < 20000; i++)
		kc_buf_addf(&b, "%sf%d=v\\,%d", i ? "," : "", i, i);
	_cleanup_fieldsel_ kc_fieldsel *sel = NULL;
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_fieldsel_parse(b.s, &sel, &err), 0);
	assert_int_equal(sel->n_reqs, 20000);
	assert_string_equal(sel->reqs[0].field, "f0");
	assert_string_equal(sel->reqs[0].value, "v,0");
	kc_buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		kc_buf_addch(&b, '\\');
	kc_buf_addstr(&b, "x");
	assert_int_equal(kc_fieldsel_parse(b.s, &sel, &err), -EINVAL);
	assert_true(str_startswith(err.msg, "invalid selector: '\\\\\\"));
	kc_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),           cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_resolve),         cmocka_unit_test(test_match),
	    cmocka_unit_test(test_values_and_maps), cmocka_unit_test(test_requires_exact_match),
	    cmocka_unit_test(test_long_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
