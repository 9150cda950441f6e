/* printer.h - server-side Table output: the columns `kubectl get` prints for
 * each kind, as upstream's pkg/printers/internalversion/printers.go defines
 * them (names, types, formats, descriptions, priority 1 for -o wide only).
 *
 * A printer is a pure function from an object to its row's cells; the
 * apiserver wraps rows into a meta.k8s.io/v1 Table (with the object or its
 * PartialObjectMetadata per includeObject) for lists, gets and watch events.
 *
 *   GET /api/v1/namespaces/default/pods
 *   Accept: application/json;as=Table;v=v1;g=meta.k8s.io
 *   -> {"kind":"Table","apiVersion":"meta.k8s.io/v1","columnDefinitions":[
 *        {"name":"Name","type":"string","format":"name","description":"...","priority":0},
 *        {"name":"Ready","type":"string",...}, ...],
 *       "rows":[{"cells":["nginx","1/1","Running","0","5m"],"object":{...}}]} */
#ifndef KC_APISERVER_PRINTER_H
#define KC_APISERVER_PRINTER_H

#include <cjson/cJSON.h>
#include <time.h>

#include "common/resource.h"

typedef struct api_table_column {
	const char *name;        /* "Name", "Ready", "Age", "Nominated Node" */
	const char *type;        /* "string", "integer", "number", "boolean", "date" */
	const char *format;      /* "name" for the Name column, else "" */
	const char *description; /* upstream's description text for the column */
	int priority;            /* 0 always shown, 1 only with -o wide */
} api_table_column;

typedef struct api_printer {
	const char *group; /* matches a kc_resource row */
	const char *plural;
	const api_table_column *columns; /* ends with a {NULL} row */
	/* Appends one cell per column, in order, to the JSON array cells.
	 * now is the time AGE columns are measured from. */
	void (*row)(const cJSON *obj, cJSON *cells, time_t now);
} api_printer;

/* The printer for a resource; resources without a specific printer get
 * upstream's default (Name, Created At). Never NULL. */
const api_printer *api_printer_for(const kc_resource *r);

/* The column definitions as the JSON array a Table carries. Caller deletes. */
cJSON *api_printer_column_definitions(const api_printer *p);

/* A Table of the given objects (an array of full objects; borrowed).
 * include_object is "Object", "Metadata" (PartialObjectMetadata, the
 * default) or "None", as the includeObject query parameter. list_meta (the
 * list's metadata: resourceVersion, continue; may be NULL) is copied in.
 * Caller deletes. */
cJSON *api_table_from_objects(const kc_resource *r, const cJSON *objects, const char *include_object,
			      const cJSON *list_meta, time_t now);

/* Upstream's translateTimestampSince: "<unknown>" for a missing time, else
 * the short human duration since then ("5s", "3m2s", "4h", "12d"). Caller
 * frees. */
char *api_printer_age(const cJSON *timestamp, time_t now);

#endif
