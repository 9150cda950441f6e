/* conversion.c - events.k8s.io/v1 <-> core/v1 Events (see conversion.h). */
#include "conversion.h"

#include "common/json.h"
#include "common/util.h"
#include "banned.h"

static const char *const event_fields[][2] = {
	/* {events.k8s.io/v1, core/v1} */
	{"regarding", "involvedObject"},
	{"note", "message"},
	{"reportingController", "reportingComponent"},
	{"deprecatedSource", "source"},
	{"deprecatedFirstTimestamp", "firstTimestamp"},
	{"deprecatedLastTimestamp", "lastTimestamp"},
	{"deprecatedCount", "count"},
};

/* A resource of a named group stored under another resource (the core
 * group's): events.k8s.io events. */
bool api_is_view(const kc_resource *r) { return r && r->storage && r->group[0]; }

static void rename_fields(cJSON *obj, int from, int to)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(event_fields); i++) {
		cJSON *v = cJSON_DetachItemFromObjectCaseSensitive(obj, event_fields[i][from]);
		if (!v)
			continue;
		cJSON_DeleteItemFromObjectCaseSensitive(obj, event_fields[i][to]);
		cJSON_AddItemToObject(obj, event_fields[i][to], v);
	}
}

static void set_str(cJSON *obj, const char *field, const char *value)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, field))
		cJSON_ReplaceItemInObjectCaseSensitive(obj, field, cJSON_CreateString(value));
	else
		cJSON_AddStringToObject(obj, field, value);
}

void api_convert_to_view(const kc_resource *r, cJSON *obj)
{
	if (!api_is_view(r) || !cJSON_IsObject(obj))
		return;
	rename_fields(obj, 1, 0);
	char av[128];
	set_str(obj, "apiVersion", kc_resource_api_version(r, av, sizeof(av)));
	set_str(obj, "kind", r->kind);
}

void api_convert_to_storage(const kc_resource *r, cJSON *obj)
{
	if (!api_is_view(r) || !cJSON_IsObject(obj))
		return;
	rename_fields(obj, 0, 1);
	set_str(obj, "apiVersion", "v1");
	set_str(obj, "kind", r->kind);
}

char *api_convert_json_to_view(const kc_resource *r, const char *json, size_t len, size_t *ret_len)
{
	_cleanup_json_ cJSON *obj = cJSON_ParseWithLength(json, len);
	if (!obj)
		return NULL;
	api_convert_to_view(r, obj);
	char *out = cJSON_PrintUnformatted(obj);
	if (ret_len)
		*ret_len = strlen(out);
	return out;
}
