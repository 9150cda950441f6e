/* fuzz_kubeconfig.c - the kubeconfig loader on arbitrary documents: parse,
 * merge, then build a client config for the current context and for the
 * first context listed (file checks only open paths, never write). */
#include <stdint.h>
#include <stdlib.h>

#include "common/kubeconfig.h"
#include "common/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kc_kubeconfig *kc = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_kubeconfig_parse((const char *)data, size, "/nonexistent/fuzz/config", &kc, &err) < 0)
		return 0;
	kc_client_config cfg = {0};
	if (kc_kubeconfig_client_config(kc, NULL, "http://127.0.0.1:1", &cfg, &err) == 0)
		kc_client_config_clear(&cfg);

	const cJSON *ctx = cJSON_GetArrayItem(cJSON_GetObjectItem(kc_kubeconfig_merged(kc), "contexts"), 0);
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(ctx, "name"));
	kc_kubeconfig_overrides o = {.context = name, .namespace = "fuzz", .token = (size & 1) ? "t" : NULL};
	if (kc_kubeconfig_client_config(kc, &o, NULL, &cfg, &err) == 0)
		kc_client_config_clear(&cfg);

	/* The raw editing helpers on a copy of the merged document. */
	cJSON *doc = cJSON_Duplicate(kc_kubeconfig_merged(kc), true);
	if (name) {
		kc_kubeconfig_raw_find(doc, "contexts", name);
		kc_kubeconfig_raw_ensure(doc, "users", name);
		kc_kubeconfig_raw_delete(doc, "contexts", name);
	}
	cJSON_Delete(doc);
	kc_kubeconfig_free(kc);
	return 0;
}
