/* test_ctl_print_explain.c - kubectl explain's text for an OpenAPI v3
 * document (kc_explain_render, ctl/print.h).
 *
 * The document below exercises what kc-apiserver's own documents do not:
 * reference cycles, allOf with one and several members, arrays of arrays,
 * maps with a schema or a boolean, int-or-string and primitive refs, enums
 * of strings (with "" and more than four values) and of numbers, a word
 * longer than the wrap width, a description holding a newline, empty and
 * missing descriptions, kinds found through a cluster-scoped {name} path and
 * through none. The expected texts are what kubectl 1.32 printed for this
 * document, served to it by a stand-in server; the field paths are kubectl's
 * `explain <resource>.<fields>`. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ctl/print.h"
#include "common/json.h"
#include "common/util.h"

static const char doc_json[] = "{\"openapi\":\"3.0.0\",\"paths\":{\"/api/v1/namespaces/{namespace}/widgets\":{\"get\":{\"x-kubernetes-group-version-kind\":{\"group\":\"\",\"kind\":\"Widget\",\"version\":\"v1\"}}},\"/api/v1/gadgets/{name}\":{\"put\":{\"x-kubernetes-group-version-kind\":{\"group\":\"\",\"kind\":\"Gadget\",\"version\":\"v1\"}}},\"/api/v1/ghosts\":{\"get\":{\"x-kubernetes-group-version-kind\":{\"group\":\"\",\"kind\":\"Ghost\",\"version\":\"v1\"}}}},\"components\":{\"schemas\":{\"io.test.Widget\":{\"description\":\"A widget: something with a very long description that goes on and on past the width of seventy-six columns so that it must wrap, including averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword here.\",\"type\":\"object\",\"required\":[\"spec\"],\"x-kubernetes-group-version-kind\":[{\"group\":\"\",\"kind\":\"Widget\",\"version\":\"v1\"}],\"properties\":{\"apiVersion\":{\"type\":\"string\",\"description\":\"The version.\"},\"spec\":{\"description\":\"The spec.\",\"allOf\":[{\"$ref\":\"#/components/schemas/io.test.WidgetSpec\"}]},\"status\":{\"$ref\":\"#/components/schemas/io.test.WidgetStatus\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":\"Tags\\nwith a newline.\"},\"labels\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}},\"open\":{\"type\":\"object\",\"additionalProperties\":true},\"mode\":{\"type\":\"string\",\"enum\":[\"\",\"A\",\"B\",\"C\",\"D\",\"E\"],\"description\":\"A mode.\"},\"level\":{\"type\":\"integer\",\"enum\":[1,2.5,1000000]},\"anything\":{\"description\":\"\"}}},\"io.test.WidgetSpec\":{\"description\":\"What the widget should be.\",\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\",\"description\":\"Its name.\"},\"parent\":{\"$ref\":\"#/components/schemas/io.test.WidgetSpec\",\"description\":\"The parent, a cycle.\"},\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/io.test.WidgetSpec\"}},\"port\":{\"$ref\":\"#/components/schemas/io.test.IntOrString\"},\"size\":{\"$ref\":\"#/components/schemas/io.test.Quantity\"},\"both\":{\"allOf\":[{\"$ref\":\"#/components/schemas/io.test.WidgetStatus\"},{\"$ref\":\"#/components/schemas/io.test.Extra\"}]}}},\"io.test.WidgetStatus\":{\"type\":\"object\",\"properties\":{\"phase\":{\"type\":\"string\",\"enum\":[\"Up\",\"Down\"]}}},\"io.test.Extra\":{\"description\":\"Extra bits.\",\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"boolean\"}}},\"io.test.IntOrString\":{\"format\":\"int-or-string\",\"x-kubernetes-int-or-string\":true},\"io.test.Quantity\":{\"type\":\"string\",\"description\":\"A quantity.\"},\"io.test.Gadget\":{\"type\":\"object\",\"x-kubernetes-group-version-kind\":[{\"group\":\"\",\"kind\":\"Gadget\",\"version\":\"v1\"}],\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/io.test.Extra\"}}}}}}}}";

static const struct {
	const char *resource;
	char **fields;
	size_t n_fields;
	bool recursive;
	const char *want;     /* stdout */
	const char *want_err; /* the error after it, or NULL */
} cases[] = {
	{"widgets", NULL, 0, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    A widget: something with a very long description that goes on and on past\n"
	 "    the width of seventy-six columns so that it must wrap, including\n"
	 "    averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword\n"
	 "    here.\n"
	 "    \n"
	 "FIELDS:\n"
	 "  anything\t<Object>\n"
	 "    <no description>\n"
	 "\n"
	 "  apiVersion\t<string>\n"
	 "    The version.\n"
	 "\n"
	 "  labels\t<map[string]string>\n"
	 "    <no description>\n"
	 "\n"
	 "  level\t<integer>\n"
	 "  enum: 1, 2.5, 1e+06\n"
	 "    <no description>\n"
	 "\n"
	 "  mode\t<string>\n"
	 "  enum: \"\", A, B, C, ....\n"
	 "    A mode.\n"
	 "\n"
	 "  open\t<Object>\n"
	 "    <no description>\n"
	 "\n"
	 "  spec\t<WidgetSpec> -required-\n"
	 "    The spec.\n"
	 "\n"
	 "  status\t<WidgetStatus>\n"
	 "    <no description>\n"
	 "\n"
	 "  tags\t<[]string>\n"
	 "    Tags\n"
	 "    with a newline.\n"
	 "\n"
	 "\n",
	 NULL},
	{"widgets", NULL, 0, true,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    A widget: something with a very long description that goes on and on past\n"
	 "    the width of seventy-six columns so that it must wrap, including\n"
	 "    averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword\n"
	 "    here.\n"
	 "    \n"
	 "FIELDS:\n"
	 "  anything\t<Object>\n"
	 "  apiVersion\t<string>\n"
	 "  labels\t<map[string]string>\n"
	 "  level\t<integer>\n"
	 "  enum: 1, 2.5, 1e+06\n"
	 "  mode\t<string>\n"
	 "  enum: \"\", A, B, C, ....\n"
	 "  open\t<Object>\n"
	 "  spec\t<WidgetSpec> -required-\n"
	 "    both\t<Object>\n"
	 "      phase\t<string>\n"
	 "      enum: Up, Down\n"
	 "      x\t<boolean>\n"
	 "    children\t<[]WidgetSpec>\n"
	 "    name\t<string> -required-\n"
	 "    parent\t<WidgetSpec>\n"
	 "    port\t<IntOrString>\n"
	 "    size\t<string>\n"
	 "  status\t<WidgetStatus>\n"
	 "    phase\t<string>\n"
	 "    enum: Up, Down\n"
	 "  tags\t<[]string>\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"spec"}, 1, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: spec <WidgetSpec>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    The spec.\n"
	 "    What the widget should be.\n"
	 "    \n"
	 "FIELDS:\n"
	 "  both\t<Object>\n"
	 "    <no description>\n"
	 "\n"
	 "  children\t<[]WidgetSpec>\n"
	 "    <no description>\n"
	 "\n"
	 "  name\t<string> -required-\n"
	 "    Its name.\n"
	 "\n"
	 "  parent\t<WidgetSpec>\n"
	 "    The parent, a cycle.\n"
	 "\n"
	 "  port\t<IntOrString>\n"
	 "    <no description>\n"
	 "\n"
	 "  size\t<string>\n"
	 "    <no description>\n"
	 "\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"spec", "parent"}, 2, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: parent <WidgetSpec>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    What the widget should be.\n"
	 "    \n"
	 "FIELDS:\n"
	 "  both\t<Object>\n"
	 "    <no description>\n"
	 "\n"
	 "  children\t<[]WidgetSpec>\n"
	 "    <no description>\n"
	 "\n"
	 "  name\t<string> -required-\n"
	 "    Its name.\n"
	 "\n"
	 "  parent\t<WidgetSpec>\n"
	 "    The parent, a cycle.\n"
	 "\n"
	 "  port\t<IntOrString>\n"
	 "    <no description>\n"
	 "\n"
	 "  size\t<string>\n"
	 "    <no description>\n"
	 "\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"spec", "parent", "parent"}, 3, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: parent <WidgetSpec>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    What the widget should be.\n"
	 "    \n"
	 "FIELDS:\n"
	 "  both\t<Object>\n"
	 "    <no description>\n"
	 "\n"
	 "  children\t<[]WidgetSpec>\n"
	 "    <no description>\n"
	 "\n"
	 "  name\t<string> -required-\n"
	 "    Its name.\n"
	 "\n"
	 "  parent\t<WidgetSpec>\n"
	 "    The parent, a cycle.\n"
	 "\n"
	 "  port\t<IntOrString>\n"
	 "    <no description>\n"
	 "\n"
	 "  size\t<string>\n"
	 "    <no description>\n"
	 "\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"spec", "children"}, 2, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: children <[]WidgetSpec>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    What the widget should be.\n"
	 "    \n"
	 "FIELDS:\n"
	 "  both\t<Object>\n"
	 "    <no description>\n"
	 "\n"
	 "  children\t<[]WidgetSpec>\n"
	 "    <no description>\n"
	 "\n"
	 "  name\t<string> -required-\n"
	 "    Its name.\n"
	 "\n"
	 "  parent\t<WidgetSpec>\n"
	 "    The parent, a cycle.\n"
	 "\n"
	 "  port\t<IntOrString>\n"
	 "    <no description>\n"
	 "\n"
	 "  size\t<string>\n"
	 "    <no description>\n"
	 "\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"spec", "port"}, 2, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: port <IntOrString>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    <empty>\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"spec", "size"}, 2, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: size <string>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    A quantity.\n"
	 "    \n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"spec", "both"}, 2, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: both <Object>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    Extra bits.\n"
	 "    \n"
	 "FIELDS:\n"
	 "  phase\t<string>\n"
	 "  enum: Up, Down\n"
	 "    <no description>\n"
	 "\n"
	 "  x\t<boolean>\n"
	 "    <no description>\n"
	 "\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"spec", "both", "x"}, 3, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: x <boolean>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    <empty>\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"mode"}, 1, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: mode <string>\n"
	 "ENUM:\n"
	 "    \"\"\n"
	 "    A\n"
	 "    B\n"
	 "    C\n"
	 "    D\n"
	 "    E\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    A mode.\n"
	 "    \n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"level"}, 1, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: level <integer>\n"
	 "ENUM:\n"
	 "    1\n"
	 "    2.5\n"
	 "    1e+06\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    <empty>\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"labels"}, 1, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: labels <map[string]string>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    <empty>\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"open"}, 1, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: open <Object>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    <empty>\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"anything"}, 1, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: anything <Object>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    <empty>\n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"tags"}, 1, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: tags <[]string>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    Tags\n"
	 "    with a newline.\n"
	 "    \n"
	 "\n",
	 NULL},
	{"widgets", (char *[]){"nope"}, 1, false,
	 "KIND:       Widget\n"
	 "VERSION:    v1\n"
	 "\n",
	 "error: field \"nope\" does not exist"},
	{"gadgets", NULL, 0, false,
	 "KIND:       Gadget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    <empty>\n"
	 "FIELDS:\n"
	 "  items\t<[][]Extra>\n"
	 "    <no description>\n"
	 "\n"
	 "\n",
	 NULL},
	{"gadgets", NULL, 0, true,
	 "KIND:       Gadget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    <empty>\n"
	 "FIELDS:\n"
	 "  items\t<[][]Extra>\n"
	 "    x\t<boolean>\n"
	 "\n",
	 NULL},
	{"gadgets", (char *[]){"items", "x"}, 2, false,
	 "KIND:       Gadget\n"
	 "VERSION:    v1\n"
	 "\n"
	 "FIELD: x <boolean>\n"
	 "\n"
	 "\n"
	 "DESCRIPTION:\n"
	 "    <empty>\n"
	 "\n",
	 NULL},
	{"ghosts", NULL, 0, false,
	 "KIND:       Ghost\n"
	 "VERSION:    v1\n"
	 "\n",
	 "error: GVK map[group: kind:Ghost version:v1] not found in OpenAPI schema"},
};

static void test_cases(void **state)
{
	(void)state;
	cJSON *doc = cJSON_Parse(doc_json);
	assert_non_null(doc);
	int failures = 0;
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_buf out = KC_BUF_INIT;
		char *err = NULL;
		int r = kc_explain_render(doc, "", "v1", cases[i].resource, cases[i].fields, cases[i].n_fields,
					  cases[i].recursive, &out, &err);
		bool ok = streq(kc_buf_str(&out), cases[i].want) && (r < 0) == (cases[i].want_err != NULL) &&
			  (!err || streq(err, cases[i].want_err));
		if (!ok) {
			print_error("case %zu (%s, %zu fields%s): got\n%s%s\nwant\n%s%s\n", i, cases[i].resource,
				    cases[i].n_fields, cases[i].recursive ? ", recursive" : "", kc_buf_str(&out),
				    err ? err : "", cases[i].want, cases[i].want_err ? cases[i].want_err : "");
			failures++;
		}
		free(err);
		kc_buf_free(&out);
	}
	cJSON_Delete(doc);
	assert_int_equal(failures, 0);
}

/* A resource the document has no path for; a hostile document. */
static void test_errors(void **state)
{
	(void)state;
	cJSON *doc = cJSON_Parse(doc_json);
	kc_buf out = KC_BUF_INIT;
	char *err = NULL;
	assert_int_equal(kc_explain_render(doc, "apps", "v1", "widgets", NULL, 0, false, &out, &err), -ENOENT);
	assert_string_equal(err, "error: GVR (apps/v1, Resource=widgets) not found in OpenAPI schema");
	assert_string_equal(kc_buf_str(&out), "");
	free(err);
	cJSON_Delete(doc);
	/* a schema that refers to itself through every path, nested deep */
	kc_buf d = KC_BUF_INIT;
	kc_buf_addstr(&d, "{\"paths\":{\"/api/v1/xs\":{\"get\":{\"x-kubernetes-group-version-kind\":{\"group\":\"\","
			  "\"kind\":\"X\",\"version\":\"v1\"}}}},\"components\":{\"schemas\":{\"X\":{"
			  "\"x-kubernetes-group-version-kind\":[{\"group\":\"\",\"kind\":\"X\",\"version\":\"v1\"}],"
			  "\"properties\":{\"a\":{\"$ref\":\"#/components/schemas/X\"},\"b\":{\"$ref\":\"#/x/../y\"},"
			  "\"c\":{\"items\":{\"items\":{\"allOf\":[{\"$ref\":\"#/components/schemas/X\"}]}}},\"d\":");
	for (int i = 0; i < 300; i++)
		kc_buf_addstr(&d, "{\"type\":\"object\",\"properties\":{\"e\":");
	kc_buf_addstr(&d, "{}");
	for (int i = 0; i < 300; i++)
		kc_buf_addstr(&d, "}}");
	kc_buf_addstr(&d, "}}}}}");
	doc = cJSON_Parse(d.s);
	assert_non_null(doc);
	char *fields[] = {"a", "a", "a", "c", "a"};
	assert_int_equal(kc_explain_render(doc, "", "v1", "xs", NULL, 0, true, &out, &err), 0);
	assert_int_equal(kc_explain_render(doc, "", "v1", "xs", fields, 5, true, &out, &err), 0);
	cJSON_Delete(doc);
	kc_buf_free(&d);
	kc_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
