/* filter.h - a list's or watch's labelSelector and fieldSelector, parsed
 * once and matched against objects' selectable projections (cache.h). */
#ifndef KC_APISERVER_FILTER_H
#define KC_APISERVER_FILTER_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "apiserver/request.h"
#include "apiserver/selectable.h"
#include "common/fieldselector.h"
#include "common/selector.h"

typedef struct api_filter {
	kc_selector *labels; /* NULL: everything */
	kc_fieldsel *fields; /* NULL: everything */
	const kc_fieldsel_table *table;
} api_filter;

/* Parses r's labelSelector and fieldSelector. Returns 0, or -1 after
 * replying 400 with upstream's message. */
int api_filter_from_query(api_req *r, api_filter *f);
/* Whether an object's selectable projection passes. */
bool api_filter_match(const api_filter *f, const api_selectable *s);
bool api_filter_everything(const api_filter *f);
void api_filter_clear(api_filter *f);

/* The kind's field-selector table. */
const kc_fieldsel_table *api_fieldsel_table(const kc_resource *r);

#endif
