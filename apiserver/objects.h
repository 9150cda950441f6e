/* objects.h - API objects as the apiserver stores and serves them.
 *
 * In etcd an object is its JSON with kind, apiVersion and metadata first and
 * without metadata.resourceVersion: the resourceVersion is the etcd
 * mod_revision and is put in when the object is read (api_obj_inject_rv), as
 * upstream does. Keys: <prefix>/<resource>/<namespace>/<name> for namespaced
 * resources, <prefix>/<resource>/<name> for cluster-scoped ones. */
#ifndef KC_APISERVER_OBJECTS_H
#define KC_APISERVER_OBJECTS_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/resource.h"

/* "<prefix>/pods/default/nginx"; ns ignored for cluster-scoped resources.
 * With name NULL: the collection prefix ending in '/' ("<prefix>/pods/default/"
 * or "<prefix>/pods/" across namespaces). Caller frees. */
char *api_obj_key(const char *prefix, const kc_resource *r, const char *ns, const char *name);

/* metadata.<field> as a string, or "" (never NULL). */
const char *api_meta_str(const cJSON *obj, const char *field);
cJSON *api_meta(cJSON *obj); /* metadata, created if missing */
void api_meta_set_str(cJSON *obj, const char *field, const char *value);
void api_meta_del(cJSON *obj, const char *field);

/* The JSON stored in etcd: fields ordered kind, apiVersion, metadata, spec,
 * status, then the rest; metadata.resourceVersion and managedFields dropped.
 * Caller frees. */
char *api_obj_encode(const cJSON *obj);

/* A copy of stored JSON with metadata.resourceVersion set to rev (inserted
 * first in metadata). Returns NULL if json is not an object with a metadata
 * object. *ret_len gets the length. Caller frees. */
char *api_obj_inject_rv(const char *json, size_t len, int64_t rev, size_t *ret_len);

/* Sets metadata.resourceVersion on a parsed object. */
void api_obj_set_rv(cJSON *obj, int64_t rev);
/* metadata.resourceVersion as a number: 0 when absent or empty, -1 when not
 * a valid non-negative integer. */
int64_t api_obj_rv(const cJSON *obj);

/* A random RFC 4122 version 4 UUID into buf (37 bytes). */
void api_new_uid(char buf[37]);
/* generateName + 5 random characters from upstream's alphabet
 * (bcdfghjklmnpqrstvwxz2456789), as names.SimpleNameGenerator. Caller frees. */
char *api_generate_name(const char *base);
/* RFC 3339 UTC with second precision ("2024-05-01T12:00:00Z"); buf >= 21. */
void api_format_time(time_t t, char *buf, size_t size);

#endif
