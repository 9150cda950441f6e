/* fuzz_patch_diff.c - the patches kc apply and kc edit create: three JSON
 * documents (last applied, new, live; separated by NUL bytes) diffed as a
 * strategic merge patch for a kind picked by the first byte, as a JSON
 * merge patch, and two-way; the strategic patch is then applied to the live
 * document as the apiserver would. Must never crash, leak or run away. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/json.h"
#include "common/patch.h"

static const char *const kinds[][2] = {
	{"apps/v1", "Deployment"}, {"v1", "Pod"},      {"v1", "Service"}, {"v1", "Node"},
	{"v1", "ConfigMap"},       {"batch/v1", "CronJob"}, {"example.com/v1", "Widget"}, {"apps/v1", "StatefulSet"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 64 * 1024)
		return 0;
	const char *const *k = kinds[data[0] % (sizeof(kinds) / sizeof(kinds[0]))];
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	cJSON *docs[3] = {NULL, NULL, NULL};
	for (int i = 0; i < 3 && p <= end; i++) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);
		if (kc_json_parse(p, len, &docs[i], NULL) < 0)
			docs[i] = NULL;
		p += len + 1;
	}
	cJSON *patch = NULL;
	if (kc_patch_strategic_create_3way(docs[0], docs[1], docs[2], k[0], k[1], &patch, NULL) == 0) {
		cJSON *live = docs[2] ? kc_json_dup(docs[2]) : NULL;
		kc_patch_strategic(&live, patch, k[0], k[1], NULL);
		cJSON_Delete(live);
		cJSON_Delete(patch);
	}
	patch = NULL;
	if (kc_patch_merge_create_3way(docs[0], docs[1], docs[2], &patch, NULL) == 0)
		cJSON_Delete(patch);
	patch = NULL;
	if (kc_patch_strategic_create(docs[0], docs[1], k[0], k[1], &patch, NULL) == 0)
		cJSON_Delete(patch);
	for (int i = 0; i < 3; i++)
		cJSON_Delete(docs[i]);
	return 0;
}
