/* fuzz_selector.c - the label and field selector parsers on arbitrary text.
 *
 * Properties checked beyond "no crash, no leak":
 *  - a label selector that parses prints a form that parses back to the same
 *    printed form, and matches a fixed label set the same way whether the
 *    labels come as JSON or as a kc_map;
 *  - a field selector that parses prints a form that parses back to the same
 *    requirements (upstream sorts terms as written, so the order settles
 *    after one round: printing twice more gives the same text);
 *  - the labels-string parser and the JSON LabelSelector conversion and
 *    validation take the same bytes without harm. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fieldselector.h"
#include "common/map.h"
#include "common/selector.h"
#include "common/util.h"
#include "common/validate.h"

#define CHECK(cond, ...)                                                                                     \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, __VA_ARGS__);                                                        \
			fputc('\n', stderr);                                                                 \
			abort();                                                                             \
		}                                                                                            \
	} while (0)

static const char labels_json[] =
    "{\"app\":\"web\",\"tier\":\"frontend\",\"environment\":\"production\",\"replicas\":\"3\",\"empty\":\"\","
    "\"example.com/name\":\"x\",\"in\":\"notin\"}";

static const char pod_json[] = "{\"metadata\":{\"name\":\"p\",\"namespace\":\"default\"},\"spec\":{"
                               "\"nodeName\":\"n1\",\"hostNetwork\":true},"
                               "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.0.0.1\"}}";

static void fuzz_labels(const char *text)
{
	kc_selector *sel = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_selector_parse(text, &sel, &err) < 0) {
		CHECK(err.msg[0] != '\0', "error without a message for <%s>", text);
		return;
	}
	char *s1 = kc_selector_to_string(sel);
	kc_selector *again = NULL;
	CHECK(kc_selector_parse(s1, &again, &err) == 0, "printed <%s> does not parse: %s", s1, err.msg);
	char *s2 = kc_selector_to_string(again);
	CHECK(streq(s1, s2), "round trip <%s> -> <%s>", s1, s2);

	cJSON *labels = cJSON_Parse(labels_json);
	kc_map *m = kc_map_new(NULL);
	const cJSON *it;
	cJSON_ArrayForEach(it, labels) kc_map_put(m, it->string, it->valuestring);
	bool a = kc_selector_matches(sel, labels), b = kc_selector_matches_map(sel, m);
	CHECK(a == b, "<%s>: JSON says %d, map says %d", s1, a, b);
	CHECK(kc_selector_matches(again, labels) == a, "<%s>: reparsed selector matches differently", s1);
	const char *v;
	kc_selector_requires_exact_match(sel, "app", &v);
	kc_map_free(m);
	cJSON_Delete(labels);
	free(s1);
	free(s2);
	kc_selector_free(again);
	kc_selector_free(sel);
}

static int cmp_req(const void *x, const void *y)
{
	const kc_fieldsel_req *a = *(const kc_fieldsel_req *const *)x,
	                      *b = *(const kc_fieldsel_req *const *)y;
	int c = strcmp(a->field, b->field);
	if (c == 0)
		c = (int)a->op - (int)b->op;
	return c ? c : strcmp(a->value, b->value);
}

static const kc_fieldsel_req **sorted_reqs(const kc_fieldsel *sel)
{
	const kc_fieldsel_req **v = xcalloc(sel->n_reqs + 1, sizeof(*v));
	for (size_t i = 0; i < sel->n_reqs; i++)
		v[i] = &sel->reqs[i];
	qsort(v, sel->n_reqs, sizeof(*v), cmp_req);
	return v;
}

static void fuzz_fields(const char *text)
{
	kc_fieldsel *sel = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_fieldsel_parse(text, &sel, &err) < 0) {
		CHECK(err.msg[0] != '\0', "error without a message for <%s>", text);
		return;
	}
	char *s1 = kc_fieldsel_to_string(sel);
	kc_fieldsel *s1sel = NULL, *s2sel = NULL;
	CHECK(kc_fieldsel_parse(s1, &s1sel, &err) == 0, "printed <%s> does not parse: %s", s1, err.msg);
	CHECK(s1sel->n_reqs == sel->n_reqs, "<%s>: %zu requirements, reparsed %zu", s1, sel->n_reqs,
	      s1sel->n_reqs);
	const kc_fieldsel_req **x = sorted_reqs(sel), **y = sorted_reqs(s1sel);
	for (size_t i = 0; i < sel->n_reqs; i++)
		CHECK(cmp_req(&x[i], &y[i]) == 0, "<%s>: requirement %zu differs after reparsing", s1, i);
	free(x);
	free(y);
	char *s2 = kc_fieldsel_to_string(s1sel);
	CHECK(kc_fieldsel_parse(s2, &s2sel, &err) == 0, "printed <%s> does not parse: %s", s2, err.msg);
	char *s3 = kc_fieldsel_to_string(s2sel);
	CHECK(streq(s2, s3), "not settled: <%s> -> <%s>", s2, s3);

	cJSON *pod = cJSON_Parse(pod_json);
	kc_fieldsel_matches(sel, pod);
	if (kc_fieldsel_resolve(sel, kc_fieldsel_table_for_kind("", "Pod"), &err) == 0)
		kc_fieldsel_matches(sel, pod);
	else
		CHECK(err.msg[0] != '\0', "resolve error without a message");
	cJSON_Delete(pod);
	free(s1);
	free(s2);
	free(s3);
	kc_fieldsel_free(s2sel);
	kc_fieldsel_free(s1sel);
	kc_fieldsel_free(sel);
}

static void fuzz_json(const char *text, size_t size)
{
	cJSON *j = cJSON_ParseWithLength(text, size);
	if (!j)
		return;
	kc_selector *sel = NULL;
	if (kc_selector_from_label_selector(j, &sel, NULL) == 0) {
		char *s = kc_selector_to_string(sel);
		free(s);
		kc_selector_free(sel);
	}
	kc_validate_errors errs = KC_VALIDATE_ERRORS_INIT;
	kc_validate_label_selector(&errs, "spec.selector", j, false);
	kc_validate_object_meta(&errs, "metadata", j, true, kc_validate_name_dns_subdomain);
	kc_validate_object_meta_update(&errs, "metadata", j, j);
	char *agg = kc_validate_errors_aggregate(&errs);
	free(agg);
	kc_validate_errors_free(&errs);
	cJSON_Delete(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size); /* stops at a NUL, as a C caller would */
	fuzz_labels(text);
	fuzz_fields(text);
	cJSON *labels = NULL;
	if (kc_labels_from_string(text, &labels, NULL) == 0) {
		char *s = kc_labels_to_string(labels);
		free(s);
		cJSON_Delete(labels);
	}
	char *q = kc_validate_quote(text);
	free(q);
	fuzz_json(text, strlen(text));
	free(text);
	return 0;
}
