/* selectable.h - what label and field selectors look at in one object: its
 * labels and the value of each field of its kind's field-selector table,
 * packed into a single allocation of "key\0value\0" pairs.
 *
 * The watch cache keeps one per object version; as a cJSON tree the same
 * data cost ~1.3 KB per pod in a dozen small allocations, packed it is the
 * bytes of the strings plus a few words. */
#ifndef KC_APISERVER_SELECTABLE_H
#define KC_APISERVER_SELECTABLE_H

#include <cjson/cJSON.h>

#include "common/fieldselector.h"

typedef struct api_selectable api_selectable;

/* Projects obj (metadata.labels; metadata.name, metadata.namespace and the
 * table's fields, which may be NULL). A label whose value is not a string
 * counts as present with the value "", as the selector code reads JSON
 * labels. Never NULL; free with free(). */
api_selectable *api_selectable_new(const cJSON *obj, const kc_fieldsel_table *fields);

/* The label's value, or NULL when the object has no such label. */
const char *api_selectable_label(const api_selectable *s, const char *key);
/* The field's value; "" for a field the table does not have or the object
 * does not set (field selectors compare absent fields as ""). */
const char *api_selectable_field(const api_selectable *s, const char *field);

#endif
