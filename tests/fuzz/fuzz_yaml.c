/* fuzz_yaml.c - YAML -> JSON must never crash, leak or read out of bounds;
 * and whatever it accepts must survive JSON -> YAML -> JSON unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/yaml.h"

#include "common/banned.h"

/* Exact equality (cJSON_Compare lets close doubles pass). */
static int same(const cJSON *a, const cJSON *b)
{
	if ((a->type & 0xFF) != (b->type & 0xFF))
		return 0;
	if (cJSON_IsNumber(a))
		return a->valuedouble == b->valuedouble;
	if (cJSON_IsString(a))
		return strcmp(a->valuestring, b->valuestring) == 0;
	if (cJSON_IsArray(a)) {
		const cJSON *x = a->child, *y = b->child;
		for (; x && y; x = x->next, y = y->next)
			if (!same(x, y))
				return 0;
		return !x && !y;
	}
	if (cJSON_IsObject(a)) {
		if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
			return 0;
		for (const cJSON *x = a->child; x; x = x->next) {
			const cJSON *y = cJSON_GetObjectItemCaseSensitive(b, x->string);
			if (!y || !same(x, y))
				return 0;
		}
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	kc_error err = KC_ERROR_INIT;
	cJSON *docs = NULL;

	kc_yaml_chunk *chunks = NULL;
	size_t n = 0;
	if (kc_yaml_split(text, size, &chunks, &n, &err) == 0)
		free(chunks);

	cJSON *lenient = NULL;
	if (kc_yaml_to_json_flags(text, size, KC_YAML_DUPLICATE_KEYS_OK, &lenient, &err) == 0)
		cJSON_Delete(lenient);

	if (kc_yaml_to_json(text, size, &docs, &err) < 0)
		return 0;
	const cJSON *doc;
	cJSON_ArrayForEach(doc, docs)
	{
		char *yaml = kc_yaml_print(doc, &err);
		if (!yaml) {
			fprintf(stderr, "cannot print a document that was read: %s\n", err.msg);
			abort();
		}
		cJSON *back = NULL;
		if (kc_yaml_to_json(yaml, strlen(yaml), &back, &err) < 0) {
			fprintf(stderr, "printed YAML does not read back: %s\n---\n%s", err.msg, yaml);
			abort();
		}
		if (cJSON_GetArraySize(back) != 1 || !same(doc, cJSON_GetArrayItem(back, 0))) {
			char *want = cJSON_PrintUnformatted(doc), *got = cJSON_PrintUnformatted(back);
			fprintf(stderr, "round trip changed the document\nwant %s\ngot  %s\nyaml:\n%s", want,
			        got, yaml);
			abort();
		}
		cJSON_Delete(back);
		free(yaml);
	}
	cJSON_Delete(docs);
	return 0;
}
