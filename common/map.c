/* map.c - string-keyed hash map with open addressing and tombstones. */
#include "map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "banned.h"

#define TOMBSTONE ((char *)1)

struct kc_map {
	char **keys; /* NULL = empty slot, TOMBSTONE = deleted */
	void **values;
	size_t cap;  /* power of two */
	size_t size; /* live entries */
	size_t used; /* live + tombstones */
	void (*free_value)(void *);
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

kc_map *kc_map_new(void (*free_value)(void *))
{
	kc_map *m = xcalloc(1, sizeof(*m));
	m->free_value = free_value;
	return m;
}

void kc_map_clear(kc_map *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] && m->keys[i] != TOMBSTONE) {
			free(m->keys[i]);
			if (m->free_value)
				m->free_value(m->values[i]);
		}
		m->keys[i] = NULL;
		m->values[i] = NULL;
	}
	m->size = m->used = 0;
}

void kc_map_free(kc_map *m)
{
	if (!m)
		return;
	kc_map_clear(m);
	free(m->keys);
	free(m->values);
	free(m);
}

size_t kc_map_size(const kc_map *m) { return m->size; }

/* Returns the slot holding key, or SIZE_MAX. */
static size_t find(const kc_map *m, const char *key)
{
	if (m->cap == 0)
		return SIZE_MAX;
	size_t mask = m->cap - 1;
	for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
		char *k = m->keys[i];
		if (!k)
			return SIZE_MAX;
		if (k != TOMBSTONE && streq(k, key))
			return i;
	}
}

static void rehash(kc_map *m, size_t cap)
{
	char **keys = m->keys;
	void **values = m->values;
	size_t old = m->cap;

	m->keys = xcalloc(cap, sizeof(*m->keys));
	m->values = xcalloc(cap, sizeof(*m->values));
	m->cap = cap;
	m->used = m->size;
	for (size_t i = 0; i < old; i++) {
		if (!keys[i] || keys[i] == TOMBSTONE)
			continue;
		size_t j = hash(keys[i]) & (cap - 1);
		while (m->keys[j])
			j = (j + 1) & (cap - 1);
		m->keys[j] = keys[i];
		m->values[j] = values[i];
	}
	free(keys);
	free(values);
}

void *kc_map_get(const kc_map *m, const char *key)
{
	size_t i = find(m, key);
	return i == SIZE_MAX ? NULL : m->values[i];
}

bool kc_map_has(const kc_map *m, const char *key) { return find(m, key) != SIZE_MAX; }

void kc_map_put(kc_map *m, const char *key, void *value)
{
	size_t i = find(m, key);
	if (i != SIZE_MAX) {
		if (m->free_value && m->values[i] != value)
			m->free_value(m->values[i]);
		m->values[i] = value;
		return;
	}
	if ((m->used + 1) * 4 >= m->cap * 3) /* keep load under 3/4 */
		rehash(m, m->cap ? (m->size * 2 >= m->cap ? m->cap * 2 : m->cap) : 16);
	size_t mask = m->cap - 1;
	for (i = hash(key) & mask;; i = (i + 1) & mask) {
		if (!m->keys[i] || m->keys[i] == TOMBSTONE)
			break;
	}
	if (!m->keys[i])
		m->used++;
	m->keys[i] = xstrdup(key);
	m->values[i] = value;
	m->size++;
}

void *kc_map_take(kc_map *m, const char *key)
{
	size_t i = find(m, key);
	if (i == SIZE_MAX)
		return NULL;
	void *v = m->values[i];
	free(m->keys[i]);
	m->keys[i] = TOMBSTONE;
	m->values[i] = NULL;
	m->size--;
	return v;
}

bool kc_map_del(kc_map *m, const char *key)
{
	size_t i = find(m, key);
	if (i == SIZE_MAX)
		return false;
	void *v = kc_map_take(m, key);
	if (m->free_value)
		m->free_value(v);
	return true;
}

bool kc_map_next(const kc_map *m, kc_map_iter *it)
{
	for (; it->pos < m->cap; it->pos++) {
		char *k = m->keys[it->pos];
		if (k && k != TOMBSTONE) {
			it->key = k;
			it->value = m->values[it->pos];
			it->pos++;
			return true;
		}
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **kc_map_sorted_keys(const kc_map *m, size_t *ret_n)
{
	const char **keys = xcalloc(m->size + 1, sizeof(*keys));
	size_t n = 0;
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(m, &it))
		keys[n++] = it.key;
	qsort(keys, n, sizeof(*keys), cmp_str);
	*ret_n = n;
	return keys;
}
