/* test_validate.c - common/validate.h against upstream's rules and messages.
 *
 * Expected messages are upstream's text (k8s.io/apimachinery v0.35+: util/
 * validation, api/validate/content, util/validation/field, api/validation),
 * written out here rather than built from the code under test. Inputs include
 * the examples of the Kubernetes "Object Names and IDs" page and upstream's
 * own test inputs for IP and CIDR validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <string.h>

#include "common/util.h"
#include "common/validate.h"

/* ---- upstream's messages ---- */
#define DNS_LABEL_MSG                                                                                        \
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "    \
	"start and "                                                                                         \
	"end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "   \
	"'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
#define DNS_SUBDOMAIN_MSG                                                                                    \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "    \
	"and must "                                                                                          \
	"start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "    \
	"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
#define DNS1035_MSG                                                                                          \
	"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "         \
	"alphabetic "                                                                                        \
	"character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "  \
	"validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
#define KEY_NAME_RE                                                                                          \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "          \
	"alphanumeric "                                                                                      \
	"character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "              \
	"'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
#define NAME_PART_MSG "name part " KEY_NAME_RE
#define LABEL_VALUE_MSG                                                                                      \
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and " \
	"must "                                                                                              \
	"start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex "  \
	"used "                                                                                              \
	"for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
#define C_IDENT_MSG                                                                                          \
	"a valid C identifier must start with alphabetic character or '_', followed by a string of "         \
	"alphanumeric "                                                                                      \
	"characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is "      \
	"'[A-Za-z_][A-Za-z0-9_]*')"
#define ENV_MSG                                                                                              \
	"a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or "     \
	"'.', and "                                                                                          \
	"must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used "  \
	"for "                                                                                               \
	"validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
#define RELAXED_ENV_MSG                                                                                      \
	"a valid environment variable name must consist only of printable ASCII characters other than '='"
#define CM_KEY_MSG                                                                                           \
	"a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or " \
	"'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
#define PERCENT_MSG                                                                                          \
	"a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', "  \
	"regex "                                                                                             \
	"used for validation is '[0-9]+%')"
#define HEADER_MSG                                                                                           \
	"a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex "   \
	"used for "                                                                                          \
	"validation is '[-A-Za-z0-9]+')"
#define WILDCARD_MSG                                                                                         \
	"a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must " \
	"consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character "  \
	"(e.g. "                                                                                             \
	"'*.example.com', regex used for validation is "                                                     \
	"'\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

#define EXPECT_STR(name, got, want)                                                                          \
	do {                                                                                                 \
		const char *g_ = (got), *w_ = (want);                                                        \
		if (!streq_ptr(g_, w_))                                                                      \
			fail_msg("case %s:\n  got  <%s>\n  want <%s>", (name), g_ ? g_ : "(null)",           \
			         w_ ? w_ : "(null)");                                                        \
	} while (0)

typedef size_t (*check_fn)(const char *, kc_validate_msgs *);

typedef struct check_case {
	const char *value;
	const char *want; /* messages joined by "; ", "" when valid */
} check_case;

static char *repeat(char c, size_t n)
{
	char *s = xmalloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* Runs a table of one-value checks, also checking the returned count and the
 * NULL-output form agree with the messages. */
static void run_checks(const char *fn_name, check_fn fn, const check_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		_cleanup_validate_msgs_ kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
		size_t count = fn(cases[i].value, &m);
		_cleanup_free_ char *joined = kc_validate_msgs_join(&m, "; ");
		_cleanup_free_ char *name = xasprintf("%s(\"%s\")", fn_name, cases[i].value);
		EXPECT_STR(name, joined, cases[i].want);
		if (count != m.n || fn(cases[i].value, NULL) != count)
			fail_msg("case %s: count %zu, messages %zu", name, count, m.n);
	}
}

#define RUN_CHECKS(fn, cases) run_checks(#fn, fn, cases, KC_ARRAY_SIZE(cases))

static void test_dns_names(void **state)
{
	(void)state;
	_cleanup_free_ char *l63 = repeat('a', 63), *l64 = repeat('a', 64), *s253 = NULL, *s254 = NULL;
	/* 253 and 254 characters made of 63-character labels. */
	s253 = xasprintf("%s.%s.%s.%s", l63, l63, l63, l63 + 2);
	s254 = xasprintf("%s.%s.%s.%s", l63, l63, l63, l63 + 1);
	/* "Object Names and IDs": RFC 1123 label names. */
	const check_case label[] = {
	    {"my-name", ""},
	    {"123-abc", ""},
	    {"a", ""},
	    {"0", ""},
	    {l63, ""},
	    {l64, "must be no more than 63 characters"},
	    {"", DNS_LABEL_MSG},
	    {"My-Name", DNS_LABEL_MSG},
	    {"-abc", DNS_LABEL_MSG},
	    {"abc-", DNS_LABEL_MSG},
	    {"my_name", DNS_LABEL_MSG},
	    {"my.name", "must not contain dots"},
	    {"a..b", DNS_LABEL_MSG},
	    {"café", DNS_LABEL_MSG},
	};
	RUN_CHECKS(kc_validate_dns1123_label, label);
	/* DNS subdomain names: at most 253 characters, labels joined by dots. */
	const check_case sub[] = {
	    {"example.com", ""},
	    {"my-name", ""},
	    {"nginx-demo", ""},
	    {"a.b.c-d.e", ""},
	    {"1.2.3.4", ""},
	    {l64, ""}, /* labels of a subdomain have no length limit of their own */
	    {s253, ""},
	    {s254, "must be no more than 253 characters"},
	    {"", DNS_SUBDOMAIN_MSG},
	    {"Example.com", DNS_SUBDOMAIN_MSG},
	    {".example.com", DNS_SUBDOMAIN_MSG},
	    {"example.com.", DNS_SUBDOMAIN_MSG},
	    {"a..b", DNS_SUBDOMAIN_MSG},
	    {"a-.b", DNS_SUBDOMAIN_MSG},
	    {"my_name", DNS_SUBDOMAIN_MSG},
	    {"a/b", DNS_SUBDOMAIN_MSG},
	};
	RUN_CHECKS(kc_validate_dns1123_subdomain, sub);
	_cleanup_free_ char *long_bad = xasprintf("%s.%s.%s.%s_", l63, l63, l63, l63);
	const check_case sub_both[] = {
	    {long_bad, "must be no more than 253 characters; " DNS_SUBDOMAIN_MSG},
	};
	RUN_CHECKS(kc_validate_dns1123_subdomain, sub_both);
	/* RFC 1035 label names: must start with a letter. */
	const check_case l1035[] = {
	    {"abc-123", ""},     {"my-name", ""},
	    {"a", ""},           {"123-abc", DNS1035_MSG},
	    {"1", DNS1035_MSG},  {"-a", DNS1035_MSG},
	    {"a-", DNS1035_MSG}, {"A", DNS1035_MSG},
	    {"", DNS1035_MSG},   {l64, "must be no more than 63 characters"},
	};
	RUN_CHECKS(kc_validate_dns1035_label, l1035);
	const check_case wild[] = {
	    {"*.example.com", ""},      {"*.foo.bar.com", ""},        {"*.*.bar.com", WILDCARD_MSG},
	    {"*bar.com", WILDCARD_MSG}, {"f*.bar.com", WILDCARD_MSG}, {"*", WILDCARD_MSG},
	    {"", WILDCARD_MSG},
	};
	RUN_CHECKS(kc_validate_wildcard_dns1123_subdomain, wild);
	const check_case under[] = {
	    {"_http._tcp.example.com", ""},
	    {"a_b.c", ""},
	    {"_a", ""},
	    {"__a",
	     "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' "
	     "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
	     "used for validation is "
	     "'_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')"},
	};
	RUN_CHECKS(kc_validate_dns1123_subdomain_underscore, under);
}

static void test_label_keys_and_values(void **state)
{
	(void)state;
	_cleanup_free_ char *n63 = repeat('a', 63), *n64 = repeat('a', 64), *p253 = NULL, *p254 = NULL;
	_cleanup_free_ char *k63 = NULL, *k64 = NULL, *k253 = NULL, *k254 = NULL;
	p253 = xasprintf("%s.%s.%s.%s", n63, n63, n63, n63 + 2);
	p254 = xasprintf("%s.%s.%s.%s", n63, n63, n63, n63 + 1);
	k63 = xasprintf("example.com/%s", n63);
	k64 = xasprintf("example.com/%s", n64);
	k253 = xasprintf("%s/name", p253);
	k254 = xasprintf("%s/name", p254);
	/* "Labels and Selectors": an optional DNS-subdomain prefix, '/', a name of
	 * at most 63 characters. */
	const check_case keys[] = {
	    {"app", ""},
	    {"app.kubernetes.io/name", ""},
	    {"example.com/MyName", ""},
	    {"kubernetes.io/hostname", ""},
	    {"my.name", ""},
	    {"123-abc", ""},
	    {"A_b.C-9", ""},
	    {k63, ""},
	    {k253, ""},
	    {k64, "name part must be no more than 63 bytes"},
	    {k254, "prefix part must be no more than 253 bytes"},
	    {"", "name part must be non-empty; " NAME_PART_MSG},
	    {"-x", NAME_PART_MSG},
	    {"x-", NAME_PART_MSG},
	    {"a b", NAME_PART_MSG},
	    {"kubernetes.io/", "name part must be non-empty; " NAME_PART_MSG},
	    {"/name", "prefix part must be non-empty"},
	    {"/", "prefix part must be non-empty; name part must be non-empty; " NAME_PART_MSG},
	    {"Example.com/name", "prefix part " DNS_SUBDOMAIN_MSG},
	    {"example_com/name", "prefix part " DNS_SUBDOMAIN_MSG},
	    {"a/b/c", "a valid label key " KEY_NAME_RE
	              " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"},
	};
	RUN_CHECKS(kc_validate_qualified_name, keys);
	const check_case prefixed[] = {
	    {"example.com/key", ""},
	    {"key", "must include a prefix (e.g. 'example.com/key')"},
	    {"-key", NAME_PART_MSG},
	};
	RUN_CHECKS(kc_validate_prefixed_label_key, prefixed);
	/* Values: empty, or at most 63 characters starting and ending alphanumeric. */
	const check_case values[] = {
	    {"", ""},
	    {"production", ""},
	    {"my_value", ""},
	    {"MyValue", ""},
	    {"12345", ""},
	    {"v1.2-3_x", ""},
	    {n63, ""},
	    {n64, "must be no more than 63 bytes"},
	    {"-x", LABEL_VALUE_MSG},
	    {"x_", LABEL_VALUE_MSG},
	    {"a/b", LABEL_VALUE_MSG},
	    {"a b", LABEL_VALUE_MSG},
	    {"café", LABEL_VALUE_MSG},
	};
	RUN_CHECKS(kc_validate_label_value, values);
	_cleanup_free_ char *long_bad = xasprintf("%s-", n63);
	const check_case values_both[] = {{long_bad, "must be no more than 63 bytes; " LABEL_VALUE_MSG}};
	RUN_CHECKS(kc_validate_label_value, values_both);
}

static void test_identifiers_and_keys(void **state)
{
	(void)state;
	const check_case c_ident[] = {
	    {"my_name", ""},     {"_x9", ""},          {"MyName", ""},
	    {"9x", C_IDENT_MSG}, {"a-b", C_IDENT_MSG}, {"", C_IDENT_MSG},
	};
	RUN_CHECKS(kc_validate_c_identifier, c_ident);
	const check_case env[] = {
	    {"MY_ENV.NAME", ""},
	    {"my.env-name", ""},
	    {"-x", ""},
	    {"_1", ""},
	    {"1x", ENV_MSG},
	    {"a=b", ENV_MSG},
	    {"", ENV_MSG},
	    {".", "must not be '.'"},
	    {"..", "must not be '..'"},
	    {"..a", "must not start with '..'"},
	    {"a b", ENV_MSG},
	};
	RUN_CHECKS(kc_validate_env_var_name, env);
	const check_case relaxed[] = {
	    {"1x", ""},
	    {"a b!\"#$%&'()*+,-./:;<>?@[\\]^_`{|}~", ""},
	    {"..", ""},
	    {"", "environment variable name must be non-empty"},
	    {"a=b", RELAXED_ENV_MSG},
	    {"tab\there", RELAXED_ENV_MSG},
	    {"café", RELAXED_ENV_MSG},
	    {"\x7f", RELAXED_ENV_MSG},
	};
	RUN_CHECKS(kc_validate_relaxed_env_var_name, relaxed);
	_cleanup_free_ char *k253 = repeat('k', 253), *k254 = repeat('k', 254);
	const check_case cm[] = {
	    {"key.name", ""},
	    {"KEY_NAME", ""},
	    {"key-name", ""},
	    {".dotfile", ""},
	    {k253, ""},
	    {k254, "must be no more than 253 characters"},
	    {"", CM_KEY_MSG},
	    {"a/b", CM_KEY_MSG},
	    {"a b", CM_KEY_MSG},
	    {".", "must not be '.'"},
	    {"..", "must not be '..'"},
	    {"..a", "must not start with '..'"},
	};
	RUN_CHECKS(kc_validate_config_map_key, cm);
	const check_case header[] = {
	    {"X-Header-Name", ""}, {"a1", ""}, {"", HEADER_MSG}, {"X_Y", HEADER_MSG}};
	RUN_CHECKS(kc_validate_http_header_name, header);
	const check_case percent[] = {
	    {"1%", ""},
	    {"93%", ""},
	    {"0%", ""},
	    {"100%", ""},
	    {"%", PERCENT_MSG},
	    {"1", PERCENT_MSG},
	    {"1.5%", PERCENT_MSG},
	    {"-1%", PERCENT_MSG},
	    {"1%%", PERCENT_MSG},
	    {"", PERCENT_MSG},
	};
	RUN_CHECKS(kc_validate_percent, percent);
	const check_case decimal[] = {
	    {"0", ""},
	    {"123", ""},
	    {"-456", ""},
	    {"", "must be non-empty"},
	    {"-0", "must be a valid decimal integer in canonical form"},
	    {"0700", "must be a valid decimal integer in canonical form"},
	    {"+1", "must be a valid decimal integer in canonical form"},
	    {"-", "must be a valid decimal integer in canonical form"},
	    {"1a", "must be a valid decimal integer in canonical form"},
	};
	RUN_CHECKS(kc_validate_decimal_integer, decimal);
}

static void test_ports(void **state)
{
	(void)state;
	/* IANA_SVC_NAME: at most 15 characters, [-a-z0-9], a letter, no edge or
	 * doubled hyphens. */
	const check_case names[] = {
	    {"http", ""},
	    {"h-t-t-p", ""},
	    {"web8080", ""},
	    {"a", ""},
	    {"abcdefghijklmno", ""},
	    {"abcdefghijklmnop", "must be no more than 15 characters"},
	    {"8080", "must contain at least one letter (a-z)"},
	    {"HTTP",
	     "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-); must contain at "
	     "least one letter (a-z)"},
	    {"-http", "must not begin or end with a hyphen"},
	    {"http-", "must not begin or end with a hyphen"},
	    {"ht--tp", "must not contain consecutive hyphens"},
	    {"", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-); must contain at "
	         "least one "
	         "letter (a-z)"},
	    {"--", "must contain at least one letter (a-z); must not contain consecutive hyphens; must not "
	           "begin or "
	           "end with a hyphen"},
	    {"my_port", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"},
	};
	RUN_CHECKS(kc_validate_port_name, names);
	const struct {
		long long port;
		size_t errors;
	} nums[] = {{1, 0}, {80, 0}, {65535, 0}, {0, 1}, {-1, 1}, {65536, 1}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(nums); i++) {
		_cleanup_validate_msgs_ kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
		if (kc_validate_port_num(nums[i].port, &m) != nums[i].errors)
			fail_msg("case port %lld: wrong verdict", nums[i].port);
		if (m.n)
			EXPECT_STR("port number", m.v[0], "must be between 1 and 65535, inclusive");
	}
	_cleanup_validate_msgs_ kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
	assert_int_equal(kc_validate_user_id(-1, &m), 1);
	EXPECT_STR("uid", m.v[0], "must be between 0 and 2147483647, inclusive");
	assert_int_equal(kc_validate_group_id(2147483647LL, NULL), 0);
	assert_int_equal(kc_validate_group_id(2147483648LL, NULL), 1);
}

static void test_name_functions(void **state)
{
	(void)state;
	const struct {
		const char *fn_name;
		kc_validate_name_fn fn;
		const char *name;
		bool prefix;
		const char *want;
	} cases[] = {
	    /* generateName may end in '-': a suffix follows. */
	    {"subdomain", kc_validate_name_dns_subdomain, "web-", true, ""},
	    {"subdomain", kc_validate_name_dns_subdomain, "web-", false, DNS_SUBDOMAIN_MSG},
	    {"subdomain", kc_validate_name_dns_subdomain, "-", true, DNS_SUBDOMAIN_MSG},
	    {"subdomain", kc_validate_name_dns_subdomain, "Web-", true, DNS_SUBDOMAIN_MSG},
	    /* Upstream masks the last two characters, not one: these pass. */
	    {"subdomain", kc_validate_name_dns_subdomain, "x.-", true, ""},
	    {"subdomain", kc_validate_name_dns_subdomain, "A-", true, ""},
	    {"label", kc_validate_name_dns_label, "ns-", true, ""},
	    {"label", kc_validate_name_dns_label, "kube-system", false, ""},
	    {"label", kc_validate_name_dns_label, "kube.system", false, "must not contain dots"},
	    {"1035", kc_validate_name_dns1035_label, "svc-", true, ""},
	    {"1035", kc_validate_name_dns1035_label, "1svc", false, DNS1035_MSG},
	    /* "Object Names and IDs": path segment names. */
	    {"path segment", kc_validate_name_path_segment, "system:node:worker-1", false, ""},
	    {"path segment", kc_validate_name_path_segment, "My Role", false, ""},
	    {"path segment", kc_validate_name_path_segment, ".", false, "may not be '.'"},
	    {"path segment", kc_validate_name_path_segment, "..", false, "may not be '..'"},
	    {"path segment", kc_validate_name_path_segment, "..", true, ""},
	    {"path segment", kc_validate_name_path_segment, "a/b", false, "may not contain '/'"},
	    {"path segment", kc_validate_name_path_segment, "a%b", false, "may not contain '%'"},
	    {"path segment", kc_validate_name_path_segment, "a/%", true,
	     "may not contain '/'; may not contain '%'"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_validate_msgs_ kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
		cases[i].fn(cases[i].name, cases[i].prefix, &m);
		_cleanup_free_ char *joined = kc_validate_msgs_join(&m, "; ");
		_cleanup_free_ char *name =
		    xasprintf("%s(\"%s\", prefix=%d)", cases[i].fn_name, cases[i].name, cases[i].prefix);
		EXPECT_STR(name, joined, cases[i].want);
	}
}

static void test_quote(void **state)
{
	(void)state;
	const check_case cases[] = {
	    {"abc", "\"abc\""},
	    {"", "\"\""},
	    {"a\"b\\c", "\"a\\\"b\\\\c\""},
	    {"tab\tnl\ncr\r", "\"tab\\tnl\\ncr\\r\""},
	    {"\a\b\f\v", "\"\\a\\b\\f\\v\""},
	    {"\x01\x1f\x7f", "\"\\x01\\x1f\\x7f\""},
	    {"café ü 日本", "\"café ü 日本\""},
	    {"\xff", "\"\\xff\""},
	    {"a\xc3", "\"a\\xc3\""},
	    {"\xed\xa0\x80", "\"\\xed\\xa0\\x80\""}, /* a surrogate is invalid UTF-8 */
	    {"\xc2\xa0", "\"\\u00a0\""},             /* no-break space is not printable */
	    {"\xe2\x80\x8b", "\"\\u200b\""},         /* zero-width space */
	    {"\xef\xbf\xbd", "\"\xef\xbf\xbd\""},    /* U+FFFD itself prints */
	    {"\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\""},
	    {"\xf3\xa0\x80\x81", "\"\\U000e0001\""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *q = kc_validate_quote(cases[i].value);
		EXPECT_STR(cases[i].want, q, cases[i].want);
	}
	const char *vals[] = {"a", "<b>&\"", "\n\x01", "\xff", "\xe2\x80\xa8"};
	_cleanup_free_ char *json = kc_validate_json_strings(vals, KC_ARRAY_SIZE(vals));
	EXPECT_STR("json strings", json,
	           "[\"a\",\"\\u003cb\\u003e\\u0026\\\"\",\"\\n\\u0001\",\"\\ufffd\",\"\\u2028\"]");
	_cleanup_free_ char *null_json = kc_validate_json_strings(NULL, 0);
	EXPECT_STR("json nil slice", null_json, "null");
	_cleanup_free_ char *empty_json = kc_validate_json_strings(vals, 0);
	EXPECT_STR("json empty slice", empty_json, "[]");
}

static void test_field_errors(void **state)
{
	(void)state;
	_cleanup_validate_errors_ kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
	const char *const supported[] = {"Always", "OnFailure", "Never"};
	kc_validate_invalid(&e, "metadata.name", "X", "must be lowercase");
	kc_validate_required(&e, "spec.containers", "");
	kc_validate_required(&e, "metadata.name", "name or generateName is required");
	kc_validate_forbidden(&e, "metadata.namespace", "not allowed on this type");
	kc_validate_too_long(&e, "metadata.annotations", 262144);
	kc_validate_too_long(&e, "x", 1);
	kc_validate_too_long(&e, "x", -1);
	kc_validate_not_supported(&e, "spec.restartPolicy", "Sometimes", supported, 3);
	kc_validate_duplicate(&e, "spec.containers[1].name", "web");
	kc_validate_not_found(&e, "spec.volumes[0]", "data");
	kc_validate_too_many(&e, "spec.x", 5, 3);
	kc_validate_too_many(&e, "spec.x", -1, 1);
	kc_validate_internal(&e, "metadata", "boom");
	kc_validate_int_invalid(&e, "spec.replicas", -1, "must be greater than or equal to 0");
	kc_validate_invalid_raw(&e, "values", "null",
	                        "for 'in', 'notin' operators, values set can't be empty");
	cJSON *num = cJSON_CreateNumber(30), *t = cJSON_CreateTrue(), *arr = cJSON_Parse("[\"a\", 1]");
	kc_validate_invalid_json(&e, "a", num, "n");
	kc_validate_invalid_json(&e, "b", t, "t");
	kc_validate_invalid_json(&e, "c", arr, "arr");
	kc_validate_invalid_json(&e, "d", NULL, "absent");
	cJSON_Delete(num);
	cJSON_Delete(t);
	cJSON_Delete(arr);
	const char *const want[] = {
	    "metadata.name: Invalid value: \"X\": must be lowercase",
	    "spec.containers: Required value",
	    "metadata.name: Required value: name or generateName is required",
	    "metadata.namespace: Forbidden: not allowed on this type",
	    "metadata.annotations: Too long: may not be more than 262144 bytes",
	    "x: Too long: may not be more than 1 byte",
	    "x: Too long: value is too long",
	    ("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
	     "\"OnFailure\", "
	     "\"Never\""),
	    "spec.containers[1].name: Duplicate value: \"web\"",
	    "spec.volumes[0]: Not found: \"data\"",
	    "spec.x: Too many: 5: must have at most 3 items",
	    "spec.x: Too many: must have at most 1 item",
	    "metadata: Internal error: boom",
	    "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
	    "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
	    "a: Invalid value: 30: n",
	    "b: Invalid value: true: t",
	    "c: Invalid value: [\"a\",1]: arr",
	    "d: Invalid value: null: absent",
	};
	assert_int_equal(e.n, KC_ARRAY_SIZE(want));
	for (size_t i = 0; i < e.n; i++) {
		_cleanup_free_ char *s = kc_validate_error_string(&e.v[i]);
		EXPECT_STR(want[i], s, want[i]);
	}
	EXPECT_STR("reason", kc_validate_error_reason(e.v[0].type), "FieldValueInvalid");
	EXPECT_STR("reason", kc_validate_error_reason(e.v[1].type), "FieldValueRequired");
	EXPECT_STR("reason", kc_validate_error_reason(e.v[7].type), "FieldValueNotSupported");
	_cleanup_free_ char *body = kc_validate_error_body(&e.v[0]);
	EXPECT_STR("body", body, "Invalid value: \"X\": must be lowercase");

	/* ToAggregate: one alone, several bracketed, duplicates dropped. */
	_cleanup_validate_errors_ kc_validate_errors agg = KC_VALIDATE_ERRORS_INIT;
	_cleanup_free_ char *none = kc_validate_errors_aggregate(&agg);
	EXPECT_STR("aggregate empty", none, "");
	kc_validate_required(&agg, "a", "");
	_cleanup_free_ char *one = kc_validate_errors_aggregate(&agg);
	EXPECT_STR("aggregate one", one, "a: Required value");
	kc_validate_required(&agg, "a", "");
	_cleanup_free_ char *dup = kc_validate_errors_aggregate(&agg);
	EXPECT_STR("aggregate dup", dup, "a: Required value");
	kc_validate_forbidden(&agg, "b", "no");
	_cleanup_free_ char *two = kc_validate_errors_aggregate(&agg);
	EXPECT_STR("aggregate two", two, "[a: Required value, b: Forbidden: no]");
}

/* Runs a metadata validator over JSON and compares the aggregated list. */
typedef struct meta_case {
	const char *name;
	const char *json;
	const char *want; /* aggregate, "" when valid */
} meta_case;

static char *errors_of(kc_validate_errors *e)
{
	char *s = kc_validate_errors_aggregate(e);
	kc_validate_errors_free(e);
	return s;
}

static void test_labels_annotations(void **state)
{
	(void)state;
	const meta_case labels[] = {
	    {"doc example",
	     "{\"environment\":\"production\",\"app.kubernetes.io/name\":\"nginx\",\"tier\":\"\"}", ""},
	    {"bad value", "{\"app\":\"-x\"}", "metadata.labels: Invalid value: \"-x\": " LABEL_VALUE_MSG},
	    {"bad key", "{\"-app\":\"x\"}", "metadata.labels: Invalid value: \"-app\": " NAME_PART_MSG},
	    {"both, sorted by key", "{\"z\":\"_\",\"a/b/c\":\"ok\"}",
	     "[metadata.labels: Invalid value: \"a/b/c\": a valid label key " KEY_NAME_RE
	     " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName'), metadata.labels: "
	     "Invalid "
	     "value: \"_\": " LABEL_VALUE_MSG "]"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(labels); i++) {
		cJSON *j = cJSON_Parse(labels[i].json);
		kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
		kc_validate_labels(&e, "metadata.labels", j);
		_cleanup_free_ char *got = errors_of(&e);
		EXPECT_STR(labels[i].name, got, labels[i].want);
		cJSON_Delete(j);
	}
	/* Annotation keys are case-insensitive qualified names. */
	cJSON *ann = cJSON_Parse(
	    "{\"Example.COM/Key\":\"v\",\"kubectl.kubernetes.io/last-applied-configuration\":\"{}\"}");
	kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
	kc_validate_annotations(&e, "metadata.annotations", ann);
	_cleanup_free_ char *ok = errors_of(&e);
	EXPECT_STR("annotations mixed case", ok, "");
	cJSON_Delete(ann);
	ann = cJSON_Parse("{\"a b\":\"v\"}");
	kc_validate_annotations(&e, "metadata.annotations", ann);
	_cleanup_free_ char *bad = errors_of(&e);
	EXPECT_STR("annotation bad key", bad, "metadata.annotations: Invalid value: \"a b\": " NAME_PART_MSG);
	cJSON_Delete(ann);
	/* 256 KiB of keys and values in total. */
	_cleanup_free_ char *big = repeat('v', 262144 - 1);
	ann = cJSON_CreateObject();
	cJSON_AddStringToObject(ann, "k", big);
	kc_validate_annotations(&e, "metadata.annotations", ann);
	_cleanup_free_ char *limit = errors_of(&e);
	EXPECT_STR("annotations at the limit", limit, "");
	cJSON_AddStringToObject(ann, "x", "");
	kc_validate_annotations(&e, "metadata.annotations", ann);
	_cleanup_free_ char *over = errors_of(&e);
	EXPECT_STR("annotations over the limit", over,
	           "metadata.annotations: Too long: may not be more than 262144 bytes");
	cJSON_Delete(ann);
}

static void test_label_selector_validation(void **state)
{
	(void)state;
	const meta_case cases[] = {
	    {"valid",
	     "{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\","
	     "\"values\":[\"a\",\"b\"]},{\"key\":\"x\",\"operator\":\"DoesNotExist\"}]}",
	     ""},
	    {"In without values",
	     "{\"matchExpressions\":[{\"key\":\"tier\",\"operator\":\"In\",\"values\":[]}]}",
	     "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is "
	     "'In' "
	     "or 'NotIn'"},
	    {"Exists with values",
	     "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\"]}]}",
	     "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is "
	     "'Exists' or 'DoesNotExist'"},
	    {"bad operator", "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Equals\"}]}",
	     "spec.selector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector "
	     "operator"},
	    {"bad key and value",
	     "{\"matchExpressions\":[{},{\"key\":\"-a\",\"operator\":\"NotIn\",\"values\":[\"ok\",\"-b\"]}]}",
	     "[spec.selector.matchExpressions[0].operator: Invalid value: \"\": not a valid selector "
	     "operator, "
	     "spec.selector.matchExpressions[0].key: Invalid value: \"\": name part must be non-empty, "
	     "spec.selector.matchExpressions[0].key: Invalid value: \"\": " NAME_PART_MSG ", "
	     "spec.selector.matchExpressions[1].key: Invalid value: \"-a\": " NAME_PART_MSG ", "
	     "spec.selector.matchExpressions[1].values[1]: Invalid value: \"-b\": " LABEL_VALUE_MSG "]"},
	    {"bad matchLabels", "{\"matchLabels\":{\"app\":\"a b\"}}",
	     "spec.selector.matchLabels: Invalid value: \"a b\": " LABEL_VALUE_MSG},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		cJSON *j = cJSON_Parse(cases[i].json);
		assert_non_null(j);
		kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
		kc_validate_label_selector(&e, "spec.selector", j, false);
		_cleanup_free_ char *got = errors_of(&e);
		EXPECT_STR(cases[i].name, got, cases[i].want);
		cJSON_Delete(j);
	}
	cJSON *j =
	    cJSON_Parse("{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[\"-b\"]}]}");
	kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
	kc_validate_label_selector(&e, "s", j, true);
	_cleanup_free_ char *allowed = errors_of(&e);
	EXPECT_STR("invalid value allowed", allowed, "");
	cJSON_Delete(j);
}

static void test_object_meta(void **state)
{
	(void)state;
	const struct {
		const char *name;
		const char *json;
		bool namespaced;
		kc_validate_name_fn fn;
		const char *want;
	} cases[] = {
	    {"valid pod",
	     "{\"name\":\"nginx-demo\",\"namespace\":\"default\",\"labels\":{\"app\":\"nginx\"}}", true,
	     kc_validate_name_dns_subdomain, ""},
	    {"generateName only",
	     "{\"generateName\":\"web-\",\"name\":\"web-x7k2p\",\"namespace\":\"default\"}", true,
	     kc_validate_name_dns_subdomain, ""},
	    {"no name", "{\"namespace\":\"default\"}", true, kc_validate_name_dns_subdomain,
	     "metadata.name: Required value: name or generateName is required"},
	    {"bad name", "{\"name\":\"Nginx_Demo\",\"namespace\":\"default\"}", true,
	     kc_validate_name_dns_subdomain,
	     "metadata.name: Invalid value: \"Nginx_Demo\": " DNS_SUBDOMAIN_MSG},
	    {"bad generateName",
	     "{\"generateName\":\"Web-\",\"name\":\"web-abcde\",\"namespace\":\"default\"}", true,
	     kc_validate_name_dns_subdomain,
	     "metadata.generateName: Invalid value: \"Web-\": " DNS_SUBDOMAIN_MSG},
	    {"namespace missing", "{\"name\":\"a\"}", true, kc_validate_name_dns_subdomain,
	     "metadata.namespace: Required value"},
	    {"namespace bad", "{\"name\":\"a\",\"namespace\":\"kube.system\"}", true,
	     kc_validate_name_dns_subdomain,
	     "metadata.namespace: Invalid value: \"kube.system\": must not contain dots"},
	    {"namespace on cluster kind", "{\"name\":\"node-1\",\"namespace\":\"default\"}", false,
	     kc_validate_name_dns_subdomain, "metadata.namespace: Forbidden: not allowed on this type"},
	    {"path segment name", "{\"name\":\"..\"}", false, kc_validate_name_path_segment,
	     "metadata.name: Invalid value: \"..\": may not be '..'"},
	    {"negative generation", "{\"name\":\"a\",\"generation\":-2}", false,
	     kc_validate_name_dns_subdomain,
	     "metadata.generation: Invalid value: -2: must be greater than or equal to 0"},
	    {"finalizers", "{\"name\":\"a\",\"finalizers\":[\"orphan\",\"foregroundDeletion\",\"-x\"]}",
	     false, kc_validate_name_dns_subdomain,
	     "[metadata.finalizers: Invalid value: \"-x\": " NAME_PART_MSG
	     ", metadata.finalizers: Invalid value: "
	     "[\"orphan\",\"foregroundDeletion\",\"-x\"]: finalizer orphan and foregroundDeletion cannot be "
	     "both "
	     "set]"},
	    {"owner references",
	     "{\"name\":\"a\",\"ownerReferences\":[{\"apiVersion\":\"apps/"
	     "\",\"kind\":\"ReplicaSet\",\"name\":\"r\","
	     "\"uid\":\"u\"},{},{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"name\":\"e\",\"uid\":\"1\"}]}",
	     false, kc_validate_name_dns_subdomain,
	     "[metadata.ownerReferences[0].apiVersion: Invalid value: \"apps/\": must be <group>/<version> "
	     "or "
	     "<version>, metadata.ownerReferences[1].apiVersion: Required value: must not be empty, "
	     "metadata.ownerReferences[1].kind: Required value: must not be empty, "
	     "metadata.ownerReferences[1].name: Required value: must not be empty, "
	     "metadata.ownerReferences[1].uid: Required value: must not be empty, "
	     "metadata.ownerReferences[2]: "
	     "Invalid value: {\"apiVersion\":\"v1\",\"kind\":\"Event\",\"name\":\"e\",\"uid\":\"1\"}: /v1, "
	     "Kind=Event is disallowed from being an owner]"},
	    {"two controllers",
	     "{\"name\":\"a\",\"ownerReferences\":[{\"apiVersion\":\"apps/"
	     "v1\",\"kind\":\"ReplicaSet\",\"name\":\"r1\","
	     "\"uid\":\"1\",\"controller\":true},{\"apiVersion\":\"apps/"
	     "v1\",\"kind\":\"ReplicaSet\",\"name\":\"r2\","
	     "\"uid\":\"2\",\"controller\":true}]}",
	     false, kc_validate_name_dns_subdomain,
	     "metadata.ownerReferences: Invalid value: [{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\","
	     "\"name\":\"r1\",\"uid\":\"1\",\"controller\":true},{\"apiVersion\":\"apps/"
	     "v1\",\"kind\":\"ReplicaSet\","
	     "\"name\":\"r2\",\"uid\":\"2\",\"controller\":true}]: Only one reference can have Controller "
	     "set to "
	     "true. Found \"true\" in references for ReplicaSet/r1 and ReplicaSet/r2"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		cJSON *j = cJSON_Parse(cases[i].json);
		assert_non_null(j);
		kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
		kc_validate_object_meta(&e, "metadata", j, cases[i].namespaced, cases[i].fn);
		_cleanup_free_ char *got = errors_of(&e);
		EXPECT_STR(cases[i].name, got, cases[i].want);
		cJSON_Delete(j);
	}
}

static void test_object_meta_update(void **state)
{
	(void)state;
	const struct {
		const char *name, *new_json, *old_json, *want;
	} cases[] = {
	    {"unchanged", "{\"name\":\"a\",\"resourceVersion\":\"5\",\"uid\":\"u\"}",
	     "{\"name\":\"a\",\"uid\":\"u\"}", ""},
	    {"no resourceVersion", "{\"name\":\"a\"}", "{\"name\":\"a\"}",
	     "metadata.resourceVersion: Invalid value: \"\": must be specified for an update"},
	    {"renamed", "{\"name\":\"b\",\"namespace\":\"x\",\"resourceVersion\":\"1\"}",
	     "{\"name\":\"a\",\"namespace\":\"x\"}",
	     "metadata.name: Invalid value: \"b\": field is immutable"},
	    {"uid dropped", "{\"name\":\"a\",\"resourceVersion\":\"1\"}", "{\"name\":\"a\",\"uid\":\"u\"}",
	     "metadata.uid: Invalid value: \"\": field is immutable"},
	    {"generation decremented", "{\"name\":\"a\",\"resourceVersion\":\"1\",\"generation\":1}",
	     "{\"name\":\"a\",\"generation\":2}",
	     "metadata.generation: Invalid value: 1: must not be decremented"},
	    {"deletionTimestamp set",
	     "{\"name\":\"a\",\"resourceVersion\":\"1\",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\"}",
	     "{\"name\":\"a\"}",
	     "metadata.deletionTimestamp: Invalid value: \"2024-01-01T00:00:00Z\": field is immutable"},
	    {"new finalizer while deleting",
	     "{\"name\":\"a\",\"resourceVersion\":\"1\",\"deletionTimestamp\":\"t\",\"finalizers\":[\"b\","
	     "\"c/d\",\"a\"]}",
	     "{\"name\":\"a\",\"deletionTimestamp\":\"t\",\"finalizers\":[\"a\"]}",
	     "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, "
	     "found "
	     "new finalizers []string{\"b\", \"c/d\"}"},
	    {"bad labels", "{\"name\":\"a\",\"resourceVersion\":\"1\",\"labels\":{\"a\":\"-\"}}",
	     "{\"name\":\"a\"}", "metadata.labels: Invalid value: \"-\": " LABEL_VALUE_MSG},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		cJSON *n = cJSON_Parse(cases[i].new_json), *o = cJSON_Parse(cases[i].old_json);
		assert_non_null(n);
		assert_non_null(o);
		kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
		kc_validate_object_meta_update(&e, "metadata", n, o);
		_cleanup_free_ char *got = errors_of(&e);
		EXPECT_STR(cases[i].name, got, cases[i].want);
		cJSON_Delete(n);
		cJSON_Delete(o);
	}
}

typedef struct ip_case {
	const char *in;
	const char *err;        /* strict validation (IsValidIP / IsValidCIDR) */
	const char *legacy_err; /* legacy field, non-strict */
} ip_case;

static void run_ip_cases(const char *what, const ip_case *cases, size_t n,
                         void (*strict)(kc_validate_errors *, const char *, const char *),
                         void (*legacy)(kc_validate_errors *, const char *, const char *, bool))
{
	for (size_t i = 0; i < n; i++) {
		kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
		strict(&e, "spec.ip", cases[i].in);
		_cleanup_free_ char *got = errors_of(&e);
		_cleanup_free_ char *want = cases[i].err[0] ? xasprintf("spec.ip: Invalid value: \"%s\": %s",
		                                                        cases[i].in, cases[i].err)
		                                            : xstrdup("");
		_cleanup_free_ char *name = xasprintf("%s strict \"%s\"", what, cases[i].in);
		EXPECT_STR(name, got, want);
		if (!legacy)
			continue;
		legacy(&e, "spec.ip", cases[i].in, false);
		_cleanup_free_ char *lgot = errors_of(&e);
		_cleanup_free_ char *lwant =
		    cases[i].legacy_err[0]
		        ? xasprintf("spec.ip: Invalid value: \"%s\": %s", cases[i].in, cases[i].legacy_err)
		        : xstrdup("");
		_cleanup_free_ char *lname = xasprintf("%s legacy \"%s\"", what, cases[i].in);
		EXPECT_STR(lname, lgot, lwant);
	}
}

#define BAD_IP     "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
#define BAD_CIDR   "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
#define BAD_IFADDR "must be a valid address in CIDR form, (e.g. 10.9.8.7/24 or 2001:db8::1/64)"

static void test_ip(void **state)
{
	(void)state;
	const ip_case ips[] = {
	    {"1.2.3.4", "", ""},
	    {"0.0.0.0", "", ""},
	    {"255.255.255.255", "", ""},
	    {"1234::abcd", "", ""},
	    {"::", "", ""},
	    {"::1", "", ""},
	    {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "", ""},
	    {"2001:db8::1.2.3.4", "must be in canonical form (\"2001:db8::102:304\")", ""},
	    {"0:0:0:0:0:0:0:0", "must be in canonical form (\"::\")", ""},
	    {"0001:002:03:4::", "must be in canonical form (\"1:2:3:4::\")", ""},
	    {"1234::ABCD", "must be in canonical form (\"1234::abcd\")", ""},
	    {"1:0:0:1:0:0:0:1", "must be in canonical form (\"1:0:0:1::1\")", ""},
	    {"1:0:1:0:1:0:1:0", "", ""},
	    {"1:0:0:2:0:0:3:4", "must be in canonical form (\"1::2:0:0:3:4\")", ""},
	    {"1.1.1.01", "must not have leading 0s", ""},
	    {"00001::", "must not have leading 0s", ""},
	    {"::ffff:1.1.1.1", "must not be an IPv4-mapped IPv6 address", ""},
	    {"", BAD_IP, BAD_IP},
	    {"aaaaaaa", BAD_IP, BAD_IP},
	    {"myhost.mydomain", BAD_IP, BAD_IP},
	    {"1.2.3.0/24", BAD_IP, BAD_IP},
	    {"1.2.3.400", BAD_IP, BAD_IP},
	    {"-1.0.0.0", BAD_IP, BAD_IP},
	    {"2001:db8::10005", BAD_IP, BAD_IP},
	    {"1.2.3.4:80", BAD_IP, BAD_IP},
	    {"[2001:db8::1]", BAD_IP, BAD_IP},
	    {"[2001:db8::1]:80", BAD_IP, BAD_IP},
	    {"example.com:80", BAD_IP, BAD_IP},
	    {"1234::abcd%eth0", BAD_IP, BAD_IP},
	    {"169.254.0.0%eth0", BAD_IP, BAD_IP},
	    {"1.2.3", BAD_IP, BAD_IP},
	    {"1.2.3.4.5", BAD_IP, BAD_IP},
	    {"1::2::3", BAD_IP, BAD_IP},
	    {"1:2:3:4:5:6:7:8:9", BAD_IP, BAD_IP},
	    {"1:2:3:4:5:6:7::8", BAD_IP, BAD_IP},
	    {"1:", BAD_IP, BAD_IP},
	    {":1", BAD_IP, BAD_IP},
	    {"1:2:3:4:5:6:1.2.3.4", "must be in canonical form (\"1:2:3:4:5:6:102:304\")", ""},
	    {"1:2:3:4:5:1.2.3.4", BAD_IP, BAD_IP},
	};
	run_ip_cases("ip", ips, KC_ARRAY_SIZE(ips), kc_validate_ip, kc_validate_ip_legacy);

	/* Legacy with strict on: non-canonical passes, leading 0s do not. */
	kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
	kc_validate_ip_legacy(&e, "f", "1234::ABCD", true);
	kc_validate_ip_legacy(&e, "f", "010.1.1.1", true);
	_cleanup_free_ char *got = errors_of(&e);
	EXPECT_STR("legacy strict", got, "f: Invalid value: \"010.1.1.1\": must not have leading 0s");

	uint8_t ip[16];
	char buf[46];
	assert_true(kc_validate_parse_ip("010.002.003.004", ip));
	kc_validate_format_ip(ip, buf);
	EXPECT_STR("sloppy parse", buf, "10.2.3.4");
	assert_false(kc_validate_parse_ip("1.2.3.256", ip));
}

static void test_cidr(void **state)
{
	(void)state;
	const ip_case cidrs[] = {
	    {"1.0.0.0/8", "", ""},
	    {"0.0.0.0/0", "", ""},
	    {"1.1.1.1/32", "", ""},
	    {"2001:4860:4860::/48", "", ""},
	    {"::/0", "", ""},
	    {"::1/128", "", ""},
	    {"10.96.0.0/12", "", ""},
	    {"2a00:79e0:2:0::/64", "must be in canonical form (\"2a00:79e0:2::/64\")", ""},
	    {"2001:DB8::/64", "must be in canonical form (\"2001:db8::/64\")", ""},
	    {"1.1.01.0/24", "must not have leading 0s in IP or prefix length", ""},
	    {"::ffff:1.1.1.0/24", "must not have an IPv4-mapped IPv6 address", ""},
	    {"::ffff:1.1.1.0/120", "must not have an IPv4-mapped IPv6 address", ""},
	    {"1.2.3.4/24", "must not have bits set beyond the prefix length", ""},
	    {"2001:db8::1/64", "must not have bits set beyond the prefix length", ""},
	    {"192.168.0.0/016", "must not have leading 0s in IP or prefix length", ""},
	    {"", BAD_CIDR, BAD_CIDR},
	    {"aaaaaaa", BAD_CIDR, BAD_CIDR},
	    {"1.2.3.4", BAD_CIDR, BAD_CIDR},
	    {"192.168.0.1/healthz", BAD_CIDR, BAD_CIDR},
	    {"192.168.0.1/0/99", BAD_CIDR, BAD_CIDR},
	    {"192.168.0.0/-16", BAD_CIDR, BAD_CIDR},
	    {"192.168.0.0/+16", BAD_CIDR, BAD_CIDR},
	    {"192.168.0.0/33", BAD_CIDR, BAD_CIDR},
	    {"::/129", BAD_CIDR, BAD_CIDR},
	    {"1.2.3.0/", BAD_CIDR, BAD_CIDR},
	};
	run_ip_cases("cidr", cidrs, KC_ARRAY_SIZE(cidrs), kc_validate_cidr, kc_validate_cidr_legacy);
	const ip_case ifaddrs[] = {
	    {"1.2.3.4/24", "", ""},
	    {"1.1.1.1/32", "", ""},
	    {"2001:4860:4860::1/48", "", ""},
	    {"::1/128", "", ""},
	    {"", BAD_IFADDR, ""},
	    {"aaaaaaa", BAD_IFADDR, ""},
	    {"1.2.3.4", BAD_IFADDR, ""},
	    {"192.168.0.1/healthz", BAD_IFADDR, ""},
	    {"192.168.0.1/0/99", BAD_IFADDR, ""},
	    {"192.168.0.0/-16", BAD_IFADDR, ""},
	    {"192.168.0.0/+16", BAD_IFADDR, ""},
	    {"2001:0:0:0::0BCD/64", "must be in canonical form (\"2001::bcd/64\")", ""},
	    {"1.1.01.002/24", "must be in canonical form (\"1.1.1.2/24\")", ""},
	    {"::ffff:1.1.1.1/24", "must be in canonical form (\"1.1.1.1/24\")", ""},
	    {"::ffff:1.1.1.1/120", "must be in canonical form (\"1.1.1.1/24\")", ""},
	    {"192.168.0.5/016", "must be in canonical form (\"192.168.0.5/16\")", ""},
	};
	run_ip_cases("ifaddr", ifaddrs, KC_ARRAY_SIZE(ifaddrs), kc_validate_interface_address, NULL);
}

static void test_fqdn(void **state)
{
	(void)state;
	const meta_case cases[] = {
	    {"two labels", "example.com", ""},
	    {"trailing dot", "example.com.", ""},
	    {"empty", "", "f: Required value"},
	    {"one label", "localhost",
	     "f: Invalid value: \"localhost\": should be a domain with at least two "
	     "segments separated by dots"},
	    {"uppercase", "Example.com", "f: Invalid value: \"Example.com\": " DNS_SUBDOMAIN_MSG},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
		kc_validate_fqdn(&e, "f", cases[i].json);
		_cleanup_free_ char *got = errors_of(&e);
		EXPECT_STR(cases[i].name, got, cases[i].want);
	}
	/* A 64-character label passes the subdomain check but not the label one. */
	_cleanup_free_ char *l64 = repeat('a', 64);
	_cleanup_free_ char *name = xasprintf("%s.com", l64);
	_cleanup_free_ char *want =
	    xasprintf("f: Invalid value: \"%s\": must be no more than 63 characters", l64);
	kc_validate_errors e = KC_VALIDATE_ERRORS_INIT;
	kc_validate_fqdn(&e, "f", name);
	_cleanup_free_ char *got = errors_of(&e);
	EXPECT_STR("long label", got, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dns_names),
	    cmocka_unit_test(test_label_keys_and_values),
	    cmocka_unit_test(test_identifiers_and_keys),
	    cmocka_unit_test(test_ports),
	    cmocka_unit_test(test_name_functions),
	    cmocka_unit_test(test_quote),
	    cmocka_unit_test(test_field_errors),
	    cmocka_unit_test(test_labels_annotations),
	    cmocka_unit_test(test_label_selector_validation),
	    cmocka_unit_test(test_object_meta),
	    cmocka_unit_test(test_object_meta_update),
	    cmocka_unit_test(test_ip),
	    cmocka_unit_test(test_cidr),
	    cmocka_unit_test(test_fqdn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
