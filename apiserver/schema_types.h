/* schema_types.h - the compiled schema tables behind schema.h: every type
 * kc's schema files (apiserver/schema/NAME.txt) define, generated into C at
 * build time by apiserver/schema/schemagen.c. Internal to the schema code
 * (schema*.c) and its tests; all of it is constant. */
#ifndef KC_APISERVER_SCHEMA_TYPES_H
#define KC_APISERVER_SCHEMA_TYPES_H

#include <stdbool.h>
#include <stddef.h>

/* What a value is at the bottom of its list/map nesting. */
enum {
	API_SB_STRING,
	API_SB_INT32,
	API_SB_INT64,
	API_SB_DOUBLE,
	API_SB_BOOL,
	API_SB_BYTE,   /* base64 string */
	API_SB_OBJECT, /* free-form object (types: an object with fields) */
	API_SB_REF,    /* a named type */
};

typedef struct api_sfield {
	const char *name;
	const char *description;
	/* The containers around the value, outermost first: '[' a list of,
	 * '{' a map from string to. "" for a plain value. */
	const char *shape;
	int base; /* API_SB_* */
	int ref;  /* index in api_schema_types when base is API_SB_REF */
	bool required;
	/* The extensions upstream's OpenAPI carries, NULL where none. */
	const char *patch_strategy;  /* x-kubernetes-patch-strategy */
	const char *patch_merge_key; /* x-kubernetes-patch-merge-key */
	const char *list_type;       /* x-kubernetes-list-type */
	const char *map_type;        /* x-kubernetes-map-type */
	const char *const *list_map_keys; /* NULL-terminated */
	const char *const *enum_values;   /* NULL-terminated */
} api_sfield;

typedef struct api_stype {
	const char *name; /* "io.k8s.api.core.v1.Pod", as upstream's definitions */
	const char *description;
	int base;           /* API_SB_OBJECT, or a scalar's base (Time: STRING) */
	const char *format; /* "date-time", "int-or-string", or NULL */
	const char *v3_one_of; /* "integer,string": OpenAPI v3 oneOf, or NULL */
	const api_sfield *fields; /* sorted by name */
	size_t nfields;
	/* x-kubernetes-group-version-kind; kind NULL when none. gvk_all: the
	 * kind exists in every served group version (DeleteOptions). */
	const char *group, *version, *kind;
	bool gvk_all;
	const char *map_type; /* x-kubernetes-map-type of the type */
} api_stype;

/* Sorted by name. */
extern const api_stype api_schema_types[];
extern const size_t api_schema_ntypes;

/* The type named name ("io.k8s.api.core.v1.Pod"), or NULL. */
const api_stype *api_schema_type(const char *name);
/* The type with that group/version/kind (group "" for core), or NULL. */
const api_stype *api_schema_type_gvk(const char *group, const char *version, const char *kind);
/* The field of t named name, or NULL. */
const api_sfield *api_schema_field(const api_stype *t, const char *name);

/* The protobuf form (openapi.v2.Document) of the JSON OpenAPI v2 document
 * doc: a new buffer (caller frees) of *ret_len bytes. */
struct cJSON;
char *api_openapi_v2_to_pb(const struct cJSON *doc, size_t *ret_len);

#endif
