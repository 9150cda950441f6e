/* protobuf.c - Kubernetes protobuf bodies to JSON (see protobuf.h).
 *
 * A message is described by a table of its fields (number, JSON name, how
 * to decode); decoding walks the wire format (varint, 64-bit, length-
 * delimited, 32-bit) and builds cJSON. Unknown fields are skipped, as
 * protobuf readers do. */
#include "protobuf.h"

#include <errno.h>
#include <stdint.h>
#include <time.h>

#include "common/util.h"
#include "banned.h"

typedef enum {
	PB_STRING,
	PB_BYTES_AS_STRING,
	PB_INT,
	PB_BOOL,
	PB_MSG,
	PB_STRINGS,   /* repeated string */
	PB_MSGS,      /* repeated message */
	PB_STRING_MAP, /* map<string,string> */
	PB_TIME,      /* meta.v1.Time {seconds=1, nanos=2} as RFC 3339 */
} pb_type;

typedef struct pb_msg pb_msg;
typedef struct pb_field {
	unsigned num;
	const char *name;
	pb_type type;
	const pb_msg *msg;
} pb_field;
struct pb_msg {
	const pb_field *fields;
};

#define END {0, NULL, PB_STRING, NULL}

static const pb_msg owner_reference = {(const pb_field[]){
	{5, "apiVersion", PB_STRING, NULL},
	{1, "kind", PB_STRING, NULL},
	{3, "name", PB_STRING, NULL},
	{4, "uid", PB_STRING, NULL},
	{6, "controller", PB_BOOL, NULL},
	{7, "blockOwnerDeletion", PB_BOOL, NULL},
	END,
}};

static const pb_msg object_meta = {(const pb_field[]){
	{1, "name", PB_STRING, NULL},
	{2, "generateName", PB_STRING, NULL},
	{3, "namespace", PB_STRING, NULL},
	{5, "uid", PB_STRING, NULL},
	{6, "resourceVersion", PB_STRING, NULL},
	{7, "generation", PB_INT, NULL},
	{8, "creationTimestamp", PB_TIME, NULL},
	{9, "deletionTimestamp", PB_TIME, NULL},
	{10, "deletionGracePeriodSeconds", PB_INT, NULL},
	{11, "labels", PB_STRING_MAP, NULL},
	{12, "annotations", PB_STRING_MAP, NULL},
	{13, "ownerReferences", PB_MSGS, &owner_reference},
	{14, "finalizers", PB_STRINGS, NULL},
	END,
}};

static const pb_msg selector_requirement = {(const pb_field[]){
	{1, "key", PB_STRING, NULL},
	{2, "operator", PB_STRING, NULL},
	{3, "values", PB_STRINGS, NULL},
	END,
}};

static const pb_msg label_selector = {(const pb_field[]){
	{1, "matchLabels", PB_STRING_MAP, NULL},
	{2, "matchExpressions", PB_MSGS, &selector_requirement},
	END,
}};

static const pb_msg policy_rule = {(const pb_field[]){
	{1, "verbs", PB_STRINGS, NULL},
	{2, "apiGroups", PB_STRINGS, NULL},
	{3, "resources", PB_STRINGS, NULL},
	{4, "resourceNames", PB_STRINGS, NULL},
	{5, "nonResourceURLs", PB_STRINGS, NULL},
	END,
}};

static const pb_msg aggregation_rule = {(const pb_field[]){
	{1, "clusterRoleSelectors", PB_MSGS, &label_selector},
	END,
}};

static const pb_msg subject = {(const pb_field[]){
	{1, "kind", PB_STRING, NULL},
	{2, "apiGroup", PB_STRING, NULL},
	{3, "name", PB_STRING, NULL},
	{4, "namespace", PB_STRING, NULL},
	END,
}};

static const pb_msg role_ref = {(const pb_field[]){
	{1, "apiGroup", PB_STRING, NULL},
	{2, "kind", PB_STRING, NULL},
	{3, "name", PB_STRING, NULL},
	END,
}};

static const pb_msg role = {(const pb_field[]){
	{1, "metadata", PB_MSG, &object_meta},
	{2, "rules", PB_MSGS, &policy_rule},
	{3, "aggregationRule", PB_MSG, &aggregation_rule},
	END,
}};

static const pb_msg binding = {(const pb_field[]){
	{1, "metadata", PB_MSG, &object_meta},
	{2, "subjects", PB_MSGS, &subject},
	{3, "roleRef", PB_MSG, &role_ref},
	END,
}};

static const struct {
	const char *api_version, *kind;
	const pb_msg *msg;
} kinds[] = {
	{"rbac.authorization.k8s.io/v1", "Role", &role},
	{"rbac.authorization.k8s.io/v1", "ClusterRole", &role},
	{"rbac.authorization.k8s.io/v1", "RoleBinding", &binding},
	{"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", &binding},
};

/* ---- wire format ---- */

typedef struct reader {
	const uint8_t *p, *end;
	kc_error *err;
} reader;

static int varint(reader *r, uint64_t *ret)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end)
			return kc_error_set(r->err, -EBADMSG, "protobuf body: truncated varint");
		uint8_t b = *r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*ret = v;
			return 0;
		}
	}
	return kc_error_set(r->err, -EBADMSG, "protobuf body: varint too long");
}

/* The next field: number, wire type and, for length-delimited ones, the
 * payload. */
static int next_field(reader *r, unsigned *num, unsigned *wire, const uint8_t **data, size_t *len, uint64_t *value)
{
	uint64_t key;
	int rc = varint(r, &key);
	if (rc < 0)
		return rc;
	*num = (unsigned)(key >> 3);
	*wire = (unsigned)(key & 7);
	switch (*wire) {
	case 0:
		return varint(r, value);
	case 1:
		if (r->end - r->p < 8)
			return kc_error_set(r->err, -EBADMSG, "protobuf body: truncated fixed64");
		r->p += 8;
		return 0;
	case 5:
		if (r->end - r->p < 4)
			return kc_error_set(r->err, -EBADMSG, "protobuf body: truncated fixed32");
		r->p += 4;
		return 0;
	case 2: {
		uint64_t n;
		if ((rc = varint(r, &n)) < 0)
			return rc;
		if (n > (uint64_t)(r->end - r->p))
			return kc_error_set(r->err, -EBADMSG, "protobuf body: field %u is longer than the message", *num);
		*data = r->p;
		*len = (size_t)n;
		r->p += n;
		return 0;
	}
	default:
		return kc_error_set(r->err, -EBADMSG, "protobuf body: unsupported wire type %u", *wire);
	}
}

static int decode_msg(const pb_msg *m, const uint8_t *data, size_t len, kc_error *err, int depth, cJSON **ret);

static cJSON *array_of(cJSON *obj, const char *name)
{
	cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name);
	return a ? a : cJSON_AddArrayToObject(obj, name);
}

static cJSON *object_of(cJSON *obj, const char *name)
{
	cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, name);
	return o ? o : cJSON_AddObjectToObject(obj, name);
}

/* map<string,string> entries are messages {key=1, value=2}. */
static int map_entry(const uint8_t *data, size_t len, cJSON *map, kc_error *err)
{
	reader r = {data, data + len, err};
	_cleanup_free_ char *key = xstrdup(""), *value = xstrdup("");
	while (r.p < r.end) {
		unsigned num, wire;
		const uint8_t *d = NULL;
		size_t l = 0;
		uint64_t v;
		int rc = next_field(&r, &num, &wire, &d, &l, &v);
		if (rc < 0)
			return rc;
		if (wire == 2 && num == 1) {
			free(key);
			key = xstrndup((const char *)d, l);
		} else if (wire == 2 && num == 2) {
			free(value);
			value = xstrndup((const char *)d, l);
		}
	}
	cJSON_DeleteItemFromObjectCaseSensitive(map, key);
	cJSON_AddStringToObject(map, key, value);
	return 0;
}

static int decode_time(const uint8_t *data, size_t len, kc_error *err, cJSON **ret)
{
	reader r = {data, data + len, err};
	int64_t seconds = 0;
	while (r.p < r.end) {
		unsigned num, wire;
		const uint8_t *d = NULL;
		size_t l = 0;
		uint64_t v = 0;
		int rc = next_field(&r, &num, &wire, &d, &l, &v);
		if (rc < 0)
			return rc;
		if (num == 1 && wire == 0)
			seconds = (int64_t)v;
	}
	if (seconds == 0) {
		*ret = NULL; /* the zero time: left out */
		return 0;
	}
	time_t t = (time_t)seconds;
	struct tm tm;
	char buf[32];
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	*ret = cJSON_CreateString(buf);
	return 0;
}

static int decode_field(const pb_field *f, unsigned wire, const uint8_t *d, size_t l, uint64_t v, cJSON *obj,
			kc_error *err, int depth)
{
	cJSON *item = NULL;
	int rc = 0;
	switch (f->type) {
	case PB_STRING:
	case PB_BYTES_AS_STRING: {
		/* empty strings are left out, as upstream's omitempty JSON does */
		if (wire != 2 || l == 0)
			break;
		cJSON_DeleteItemFromObjectCaseSensitive(obj, f->name);
		_cleanup_free_ char *s = xstrndup((const char *)d, l);
		cJSON_AddStringToObject(obj, f->name, s);
		break;
	}
	case PB_INT:
		if (wire != 0 || v == 0)
			break;
		cJSON_DeleteItemFromObjectCaseSensitive(obj, f->name);
		cJSON_AddNumberToObject(obj, f->name, (double)(int64_t)v);
		break;
	case PB_BOOL:
		if (wire != 0 || v == 0)
			break;
		cJSON_DeleteItemFromObjectCaseSensitive(obj, f->name);
		cJSON_AddBoolToObject(obj, f->name, v != 0);
		break;
	case PB_TIME:
		if (wire != 2 || (rc = decode_time(d, l, err, &item)) < 0 || !item)
			break;
		cJSON_DeleteItemFromObjectCaseSensitive(obj, f->name);
		cJSON_AddItemToObject(obj, f->name, item);
		break;
	case PB_MSG:
		if (wire != 2 || (rc = decode_msg(f->msg, d, l, err, depth + 1, &item)) < 0)
			break;
		cJSON_DeleteItemFromObjectCaseSensitive(obj, f->name);
		cJSON_AddItemToObject(obj, f->name, item);
		break;
	case PB_STRINGS: {
		if (wire != 2)
			break;
		_cleanup_free_ char *e = xstrndup((const char *)d, l);
		cJSON_AddItemToArray(array_of(obj, f->name), cJSON_CreateString(e));
		break;
	}
	case PB_MSGS:
		if (wire != 2 || (rc = decode_msg(f->msg, d, l, err, depth + 1, &item)) < 0)
			break;
		cJSON_AddItemToArray(array_of(obj, f->name), item);
		break;
	case PB_STRING_MAP:
		if (wire == 2)
			rc = map_entry(d, l, object_of(obj, f->name), err);
		break;
	}
	return rc;
}

static int decode_msg(const pb_msg *m, const uint8_t *data, size_t len, kc_error *err, int depth, cJSON **ret)
{
	if (depth > 32)
		return kc_error_set(err, -EBADMSG, "protobuf body: nested too deeply");
	cJSON *obj = cJSON_CreateObject();
	reader r = {data, data + len, err};
	while (r.p < r.end) {
		unsigned num, wire;
		const uint8_t *d = NULL;
		size_t l = 0;
		uint64_t v = 0;
		int rc = next_field(&r, &num, &wire, &d, &l, &v);
		for (const pb_field *f = m->fields; rc == 0 && f->name; f++)
			if (f->num == num)
				rc = decode_field(f, wire, d, l, v, obj, err, depth);
		if (rc < 0) {
			cJSON_Delete(obj);
			return rc;
		}
	}
	*ret = obj;
	return 0;
}

int api_protobuf_decode(const char *data, size_t len, cJSON **ret, kc_error *err)
{
	static const char magic[4] = {'k', '8', 's', 0};
	if (len < 4 || memcmp(data, magic, 4) != 0)
		return kc_error_set(err, -EBADMSG, "protobuf body: missing the \"k8s\\x00\" prefix");
	/* runtime.Unknown {typeMeta=1 {apiVersion=1, kind=2}, raw=2} */
	reader r = {(const uint8_t *)data + 4, (const uint8_t *)data + len, err};
	_cleanup_free_ char *api_version = xstrdup(""), *kind = xstrdup("");
	const uint8_t *raw = NULL;
	size_t raw_len = 0;
	while (r.p < r.end) {
		unsigned num, wire;
		const uint8_t *d = NULL;
		size_t l = 0;
		uint64_t v = 0;
		int rc = next_field(&r, &num, &wire, &d, &l, &v);
		if (rc < 0)
			return rc;
		if (num == 1 && wire == 2) {
			reader tm = {d, d + l, err};
			while (tm.p < tm.end) {
				unsigned n2, w2;
				const uint8_t *d2 = NULL;
				size_t l2 = 0;
				if ((rc = next_field(&tm, &n2, &w2, &d2, &l2, &v)) < 0)
					return rc;
				if (n2 == 1 && w2 == 2) {
					free(api_version);
					api_version = xstrndup((const char *)d2, l2);
				} else if (n2 == 2 && w2 == 2) {
					free(kind);
					kind = xstrndup((const char *)d2, l2);
				}
			}
		} else if (num == 2 && wire == 2) {
			raw = d;
			raw_len = l;
		}
	}
	for (size_t i = 0; i < KC_ARRAY_SIZE(kinds); i++) {
		if (!streq(kinds[i].api_version, api_version) || !streq(kinds[i].kind, kind))
			continue;
		cJSON *obj = NULL;
		int rc = decode_msg(kinds[i].msg, raw ? raw : (const uint8_t *)"", raw_len, err, 0, &obj);
		if (rc < 0)
			return rc;
		/* kind and apiVersion first, as JSON bodies have them */
		cJSON *out = cJSON_CreateObject();
		cJSON_AddStringToObject(out, "kind", kind);
		cJSON_AddStringToObject(out, "apiVersion", api_version);
		for (cJSON *f = obj->child; f;) {
			cJSON *next = f->next;
			cJSON_AddItemToObject(out, f->string, cJSON_DetachItemViaPointer(obj, f));
			f = next;
		}
		cJSON_Delete(obj);
		*ret = out;
		return 0;
	}
	return kc_error_set(err, -ENOTSUP, "protobuf bodies of %s %s are not supported: send JSON", api_version, kind);
}
