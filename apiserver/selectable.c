/* selectable.c - the packed labels and fields of one object (selectable.h). */
#include "selectable.h"

#include <stdint.h>

#include "common/util.h"
#include "banned.h"

struct api_selectable {
	uint32_t n_labels; /* pairs in data: first the labels, then the fields */
	uint32_t n_fields;
	char data[];
};

typedef struct pair {
	const char *key;
	const char *value;
} pair;

/* Adds key (when not already among pairs[from..n)) and its value. */
static void add(pair **pairs, size_t *n, size_t *cap, size_t from, const char *key, const char *value)
{
	for (size_t i = from; i < *n; i++)
		if (streq((*pairs)[i].key, key))
			return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*pairs = xrealloc(*pairs, *cap * sizeof(**pairs));
	}
	(*pairs)[(*n)++] = (pair){key, value};
}

api_selectable *api_selectable_new(const cJSON *obj, const kc_fieldsel_table *table)
{
	static const kc_fieldsel_field meta[] = {{"metadata.name", NULL, NULL, NULL},
						 {"metadata.namespace", NULL, NULL, NULL}};
	_cleanup_free_ pair *pairs = NULL;
	size_t n = 0, cap = 0;

	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "metadata"),
							       "labels");
	const cJSON *l;
	cJSON_ArrayForEach(l, labels)
		if (cJSON_IsObject(labels) && l->string)
			add(&pairs, &n, &cap, 0, l->string, cJSON_IsString(l) ? l->valuestring : "");
	size_t n_labels = n;

	/* Field values are computed strings: keep them until packed. */
	size_t n_table = table ? table->n_fields : 0;
	_cleanup_free_ char **values = xcalloc(KC_ARRAY_SIZE(meta) + n_table, sizeof(char *));
	size_t n_values = 0;
	for (size_t i = 0; i < KC_ARRAY_SIZE(meta) + n_table; i++) {
		const kc_fieldsel_field *f = i < KC_ARRAY_SIZE(meta) ? &meta[i] : &table->fields[i - KC_ARRAY_SIZE(meta)];
		if (f->alias_of)
			continue; /* aliases resolve to their target's name */
		values[n_values] = kc_fieldsel_value(obj, f);
		add(&pairs, &n, &cap, n_labels, f->name, values[n_values]);
		n_values++;
	}

	size_t size = sizeof(api_selectable);
	for (size_t i = 0; i < n; i++)
		size += strlen(pairs[i].key) + 1 + strlen(pairs[i].value) + 1;
	api_selectable *s = xmalloc(size);
	s->n_labels = (uint32_t)n_labels;
	s->n_fields = (uint32_t)(n - n_labels);
	char *p = s->data;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(pairs[i].key) + 1, v = strlen(pairs[i].value) + 1;
		memcpy(p, pairs[i].key, k);
		memcpy(p + k, pairs[i].value, v);
		p += k + v;
	}
	for (size_t i = 0; i < n_values; i++)
		free(values[i]);
	return s;
}

/* Looks key up among count pairs starting at p. */
static const char *find(const char *p, uint32_t count, const char *key)
{
	for (uint32_t i = 0; i < count; i++) {
		const char *value = p + strlen(p) + 1;
		if (streq(p, key))
			return value;
		p = value + strlen(value) + 1;
	}
	return NULL;
}

/* The first byte after the label pairs. */
static const char *fields_start(const api_selectable *s)
{
	const char *p = s->data;
	for (uint32_t i = 0; i < 2 * s->n_labels; i++)
		p += strlen(p) + 1;
	return p;
}

const char *api_selectable_label(const api_selectable *s, const char *key)
{
	return find(s->data, s->n_labels, key);
}

const char *api_selectable_field(const api_selectable *s, const char *field)
{
	const char *v = find(fields_start(s), s->n_fields, field);
	return v ? v : "";
}
