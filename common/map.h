/* map.h - a string-keyed hash map (open addressing, linear probing).
 *
 * Keys are copied in; values are owned by the map when a free_value function
 * is given (it is called on replace, delete and kc_map_free), otherwise the
 * caller owns them. Iteration order is unspecified; inserting or deleting
 * during iteration is not allowed (collect the keys first).
 *
 *     kc_map *m = kc_map_new(free);
 *     kc_map_put(m, "default/nginx", xstrdup("x"));
 *     const char *v = kc_map_get(m, "default/nginx");
 *     kc_map_iter it = KC_MAP_ITER_INIT;
 *     while (kc_map_next(m, &it)) use(it.key, it.value);
 *     kc_map_free(m);
 */
#ifndef KC_MAP_H
#define KC_MAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kc_map kc_map;

typedef struct kc_map_iter {
	size_t pos;
	const char *key;
	void *value;
} kc_map_iter;
#define KC_MAP_ITER_INIT {0, NULL, NULL}

kc_map *kc_map_new(void (*free_value)(void *));
void kc_map_free(kc_map *m);
void kc_map_clear(kc_map *m);
size_t kc_map_size(const kc_map *m);

void *kc_map_get(const kc_map *m, const char *key);
bool kc_map_has(const kc_map *m, const char *key);
/* Inserts or replaces (freeing the old value through free_value). */
void kc_map_put(kc_map *m, const char *key, void *value);
/* Removes the entry and returns its value without freeing it (NULL if none). */
void *kc_map_take(kc_map *m, const char *key);
/* Removes the entry and frees its value; returns true if it existed. */
bool kc_map_del(kc_map *m, const char *key);

bool kc_map_next(const kc_map *m, kc_map_iter *it);

/* Returns the keys in a new array of n pointers into the map (valid until the
 * map changes), sorted with strcmp; the caller frees the array only. */
const char **kc_map_sorted_keys(const kc_map *m, size_t *ret_n);

#endif
