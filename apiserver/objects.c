/* objects.c - storage form of API objects (see objects.h). */
#include "objects.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "common/util.h"
#include "banned.h"

char *api_obj_key(const char *prefix, const kc_resource *r, const char *ns, const char *name)
{
	const char *res = kc_resource_storage(r);
	if (!r->namespaced || !ns || !ns[0])
		return name ? xasprintf("%s/%s/%s", prefix, res, name) : xasprintf("%s/%s/", prefix, res);
	return name ? xasprintf("%s/%s/%s/%s", prefix, res, ns, name) : xasprintf("%s/%s/%s/", prefix, res, ns);
}

const char *api_meta_str(const cJSON *obj, const char *field)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, field);
	return cJSON_IsString(v) ? v->valuestring : "";
}

cJSON *api_meta(cJSON *obj)
{
	cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	if (!cJSON_IsObject(m)) {
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "metadata");
		m = cJSON_AddObjectToObject(obj, "metadata");
	}
	return m;
}

void api_meta_set_str(cJSON *obj, const char *field, const char *value)
{
	cJSON *m = api_meta(obj);
	cJSON *s = cJSON_CreateString(value);
	if (cJSON_GetObjectItemCaseSensitive(m, field))
		cJSON_ReplaceItemInObjectCaseSensitive(m, field, s);
	else
		cJSON_AddItemToObject(m, field, s);
}

void api_meta_del(cJSON *obj, const char *field)
{
	cJSON_DeleteItemFromObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), field);
}

char *api_obj_encode(const cJSON *obj)
{
	/* The stored form is obj re-ordered: a shallow object of references
	 * (nothing is copied), with a shallow metadata that leaves out
	 * resourceVersion and managedFields. */
	static const char *const first[] = {"kind", "apiVersion", "metadata", "spec", "status"};
	_cleanup_json_ cJSON *out = cJSON_CreateObject();
	_cleanup_json_ cJSON *meta = NULL;
	for (size_t i = 0; i < KC_ARRAY_SIZE(first); i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, first[i]);
		if (!v)
			continue;
		if (streq(first[i], "metadata") && cJSON_IsObject(v)) {
			meta = cJSON_CreateObject();
			for (cJSON *m = v->child; m; m = m->next)
				if (!streq(m->string, "resourceVersion") && !streq(m->string, "managedFields"))
					cJSON_AddItemReferenceToObject(meta, m->string, m);
			cJSON_AddItemReferenceToObject(out, "metadata", meta);
		} else {
			cJSON_AddItemReferenceToObject(out, first[i], v);
		}
	}
	for (cJSON *v = obj ? obj->child : NULL; v; v = v->next) {
		bool seen = false;
		for (size_t i = 0; i < KC_ARRAY_SIZE(first); i++)
			seen |= streq(v->string, first[i]);
		if (!seen)
			cJSON_AddItemReferenceToObject(out, v->string, v);
	}
	return cJSON_PrintUnformatted(out);
}

/* Returns the index just past the JSON value starting at s[i] (after
 * whitespace), or 0 on malformed input. Strings and nesting are skipped
 * without building anything. */
static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
		i++;
	return i;
}

static size_t skip_string(const char *s, size_t len, size_t i)
{
	if (i >= len || s[i] != '"')
		return 0;
	for (i++; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return 0;
}

static size_t skip_value(const char *s, size_t len, size_t i)
{
	i = skip_ws(s, len, i);
	if (i >= len)
		return 0;
	if (s[i] == '"')
		return skip_string(s, len, i);
	if (s[i] != '{' && s[i] != '[') {
		while (i < len && s[i] != ',' && s[i] != '}' && s[i] != ']')
			i++;
		return i;
	}
	int depth = 0;
	for (; i < len; i++) {
		if (s[i] == '"') {
			i = skip_string(s, len, i);
			if (!i)
				return 0;
			i--;
		} else if (s[i] == '{' || s[i] == '[') {
			depth++;
		} else if (s[i] == '}' || s[i] == ']') {
			if (--depth == 0)
				return i + 1;
		}
	}
	return 0;
}

char *api_obj_inject_rv(const char *json, size_t len, int64_t rev, size_t *ret_len)
{
	size_t i = skip_ws(json, len, 0);
	if (i >= len || json[i] != '{')
		return NULL;
	i++;
	for (;;) {
		i = skip_ws(json, len, i);
		size_t key_start = i;
		size_t key_end = skip_string(json, len, i);
		if (!key_end)
			return NULL;
		i = skip_ws(json, len, key_end);
		if (i >= len || json[i] != ':')
			return NULL;
		i = skip_ws(json, len, i + 1);
		if (key_end - key_start == 10 && memcmp(json + key_start, "\"metadata\"", 10) == 0) {
			if (i >= len || json[i] != '{')
				return NULL;
			size_t after = skip_ws(json, len, i + 1);
			bool empty = after < len && json[after] == '}';
			char rv[48];
			int n = snprintf(rv, sizeof(rv), "\"resourceVersion\":\"%" PRId64 "\"%s", rev,
					 empty ? "" : ",");
			/* exactly sized: the watch cache keeps this string */
			size_t total = len + (size_t)n;
			char *out = xmalloc(total + 1);
			memcpy(out, json, i + 1);
			memcpy(out + i + 1, rv, (size_t)n);
			memcpy(out + i + 1 + n, json + i + 1, len - i - 1);
			out[total] = '\0';
			if (ret_len)
				*ret_len = total;
			return out;
		}
		i = skip_value(json, len, i);
		if (!i)
			return NULL;
		i = skip_ws(json, len, i);
		if (i >= len || json[i] != ',')
			return NULL;
		i++;
	}
}

void api_obj_set_rv(cJSON *obj, int64_t rev)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRId64, rev);
	api_meta_set_str(obj, "resourceVersion", buf);
}

int64_t api_obj_rv(const cJSON *obj)
{
	const char *s = api_meta_str(obj, "resourceVersion");
	if (!s[0])
		return 0;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

static void random_bytes(void *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = getrandom((char *)buf + got, n - got, 0);
		if (r > 0)
			got += (size_t)r;
	}
}

void api_new_uid(char buf[37])
{
	unsigned char b[16];
	random_bytes(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(buf, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
		 b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *api_generate_name(const char *base)
{
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	/* upstream truncates the base so the result stays within 63 characters */
	size_t max_base = 63 - 5;
	size_t blen = strlen(base);
	if (blen > max_base)
		blen = max_base;
	unsigned char r[5];
	random_bytes(r, sizeof(r));
	char suffix[6];
	for (int i = 0; i < 5; i++)
		suffix[i] = alphabet[r[i] % (sizeof(alphabet) - 1)];
	suffix[5] = '\0';
	return xasprintf("%.*s%s", (int)blen, base, suffix);
}

void api_format_time(time_t t, char *buf, size_t size)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
