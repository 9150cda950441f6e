/* fuzz_jsonpath.c - kubectl's JSONPath templates on arbitrary text.
 *
 * The input is a template, optionally followed by a line "\n--\n" and a
 * JSON document to run it on (a fixed Pod-like document otherwise).
 * Properties checked beyond "no crash, no leak, no hang":
 *  - a template that fails to parse says why;
 *  - a template that parses runs in both output modes, and the values API
 *    agrees with the printer on success and failure;
 *  - RelaxedJSONPathExpression either fails with its message or yields a
 *    template that starts with "{." and ends with "}";
 *  - Go's %v and %#v of the document never fail. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/jsonpath.h"
#include "common/util.h"

#define CHECK(cond, ...)                                                                                     \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, __VA_ARGS__);                                                        \
			fputc('\n', stderr);                                                                 \
			abort();                                                                             \
		}                                                                                            \
	} while (0)

static const char doc_json[] =
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\",\"labels\":{\"a\":\"1\",\"b.c/d\":\"2\"},"
	"\"n\":null,\"f\":1.5},\"spec\":{\"containers\":[{\"name\":\"c1\",\"ports\":[{\"containerPort\":80}]},"
	"{\"name\":\"c2\"}],\"arr\":[1,2,3,\"s\",true,null,[4],{\"k\":5}]},\"items\":[{\"metadata\":{\"name\":"
	"\"i\"}}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size); /* stops at a NUL, as a C caller would */
	cJSON *doc = NULL;
	char *sep = strstr(text, "\n--\n");
	if (sep) {
		*sep = '\0';
		if (kc_json_parse_str(sep + 4, &doc, NULL) < 0)
			doc = NULL;
	}
	if (!doc)
		doc = cJSON_Parse(doc_json);

	kc_jsonpath *jp = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_jsonpath_parse(text, &jp, &err) < 0) {
		CHECK(err.msg[0] != '\0', "parse error without a message for <%s>", text);
	} else {
		CHECK(streq(kc_jsonpath_text(jp), text), "template text changed");
		for (unsigned mode = 0; mode < 4; mode++) {
			kc_buf out = KC_BUF_INIT;
			kc_error e = KC_ERROR_INIT;
			int r = kc_jsonpath_execute(jp, doc, mode, &out, &e);
			CHECK(r == 0 || e.msg[0] != '\0', "execute error without a message for <%s>", text);
			kc_buf_free(&out);
			if (mode & KC_JSONPATH_JSON_OUTPUT)
				continue;
			kc_jsonpath_results res;
			kc_error e2 = KC_ERROR_INIT;
			int r2 = kc_jsonpath_find(jp, doc, mode, &res, &e2);
			CHECK((r == 0) == (r2 == 0), "find and execute disagree for <%s>", text);
			kc_jsonpath_results_clear(&res);
		}
		kc_jsonpath_free(jp);
	}

	char *relaxed = NULL;
	kc_error e3 = KC_ERROR_INIT;
	if (kc_jsonpath_relaxed(text, &relaxed, &e3) == 0) {
		size_t n = strlen(relaxed);
		CHECK(!text[0] || (n >= 3 && str_startswith(relaxed, "{.") && relaxed[n - 1] == '}'),
		      "relaxed <%s> gave <%s>", text, relaxed);
		free(relaxed);
	} else {
		CHECK(e3.msg[0] != '\0', "relaxed error without a message");
	}

	kc_buf b = KC_BUF_INIT;
	kc_jsonpath_format_go(&b, doc);
	kc_jsonpath_format_go_sharp(&b, doc);
	kc_jsonpath_go_quote(&b, text);
	kc_buf_free(&b);
	cJSON_Delete(doc);
	free(text);
	return 0;
}
