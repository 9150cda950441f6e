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
#include <stdbool.h>
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
	/* Optional: the row's conditions (upstream's TableRow.conditions, e.g.
	 * a finished pod's {"type":"Completed",...}) as a new JSON array, or
	 * NULL for none. Caller deletes. */
	cJSON *(*conditions)(const cJSON *obj);
} api_printer;

/* The printer for a resource; resources without a specific printer get
 * upstream's default (Name, Created At). Never NULL. */
const api_printer *api_printer_for(const kc_resource *r);

/* The column definitions as the JSON array a Table carries: every column,
 * priority 1 included, as upstream's server-side convertor always prints
 * wide (kubectl hides priority 1 columns without -o wide). Caller deletes. */
cJSON *api_printer_column_definitions(const api_printer *p);

/* A Table of the given objects (an array of full objects; borrowed).
 * include_object is "Object", "Metadata" (PartialObjectMetadata, the
 * default) or "None", as the includeObject query parameter. list_meta (the
 * list's metadata: resourceVersion, continue; may be NULL) is copied in.
 * Caller deletes.
 *
 * Rows are {"cells":[...],"conditions":[...] (when any),"object":X} where X
 * is the object itself ("Object"), {"kind":"PartialObjectMetadata",
 * "apiVersion":"meta.k8s.io/v1","metadata":<the object's metadata>}
 * ("Metadata", NULL or "") or null ("None"). Values other than these three
 * are treated as "Metadata": check them first with
 * api_table_include_object_valid(). For a single object (a get or a watch
 * event) pass a one-element array and list_meta {"resourceVersion": the
 * object's}, as upstream's convertor does. */
cJSON *api_table_from_objects(const kc_resource *r, const cJSON *objects, const char *include_object,
                              const cJSON *list_meta, time_t now);

/* As api_table_from_objects, with "columnDefinitions": null when no_headers:
 * upstream sends a watch's column definitions with its first event only and
 * leaves them out of every later one. Caller deletes. */
cJSON *api_table_from_objects_ex(const kc_resource *r, const cJSON *objects, const char *include_object,
                                 const cJSON *list_meta, bool no_headers, time_t now);

/* Whether value is an includeObject upstream accepts ("", "None", "Object",
 * "Metadata"; NULL as ""). For any other, upstream answers 400 BadRequest
 * with: unrecognized includeObject value: "<value>". */
bool api_table_include_object_valid(const char *value);

/* Upstream's translateTimestampSince: "<unknown>" for a missing, null or
 * unparsable time, else Go's duration.HumanDuration of the time since then
 * ("5s", "119s", "3m2s", "4h", "12d", "2y3d"; "<invalid>" for a time more
 * than a second in the future). Caller frees. */
char *api_printer_age(const cJSON *timestamp, time_t now);

#endif
