/* schema_openapi_pb.c - the OpenAPI v2 document in protobuf, as the
 * openapi.v2.Document message of gnostic's OpenAPIv2.proto. kubectl (and
 * client-go's discovery client) asks /openapi/v2 for
 * "application/com.github.proto-openapi.spec.v2@v1.0+protobuf" only, and
 * kubectl 1.27 and 1.28 need it for `explain` and for deciding field
 * validation. Translated from the JSON form (schema_openapi.c), covering
 * what that document holds. Field numbers are those of the .proto. */
#include "apiserver/schema.h"

#include <stdint.h>
#include <string.h>

#include "common/util.h"
#include "banned.h"

/* ---- wire format ---- */

static void pb_varint(kc_buf *b, uint64_t v)
{
	char tmp[10];
	size_t n = 0;
	do {
		tmp[n++] = (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
	kc_buf_add(b, tmp, n);
}

static void pb_tag(kc_buf *b, unsigned field, unsigned wire)
{
	pb_varint(b, ((uint64_t)field << 3) | wire);
}

static void pb_bytes(kc_buf *b, unsigned field, const char *s, size_t n)
{
	pb_tag(b, field, 2);
	pb_varint(b, n);
	kc_buf_add(b, s, n);
}

static void pb_str(kc_buf *b, unsigned field, const char *s)
{
	if (s && s[0])
		pb_bytes(b, field, s, strlen(s));
}

static void pb_bool(kc_buf *b, unsigned field, bool v)
{
	if (!v)
		return;
	pb_tag(b, field, 0);
	pb_varint(b, 1);
}

/* Appends the message in sub as field, and empties sub. */
static void pb_msg(kc_buf *b, unsigned field, kc_buf *sub)
{
	pb_bytes(b, field, sub->s ? sub->s : "", sub->len);
	kc_buf_reset(sub);
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool jbool(const cJSON *o, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static void pb_str_list(kc_buf *b, unsigned field, const cJSON *arr)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, arr)
	{
		if (cJSON_IsString(e))
			pb_bytes(b, field, e->valuestring, strlen(e->valuestring));
	}
}

/* Vendor extensions (x-*): NamedAny {name, value: Any {yaml}}; the value
 * travels as YAML text, and JSON is YAML. */
static void pb_extensions(kc_buf *b, unsigned field, const cJSON *o)
{
	kc_buf named = KC_BUF_INIT, any = KC_BUF_INIT;
	for (const cJSON *e = o->child; e; e = e->next) {
		if (!e->string || !str_startswith(e->string, "x-"))
			continue;
		_cleanup_free_ char *yaml = cJSON_PrintUnformatted(e);
		pb_str(&named, 1, e->string);
		pb_str(&any, 2, yaml);
		pb_msg(&named, 2, &any);
		pb_msg(b, field, &named);
	}
	kc_buf_free(&named);
	kc_buf_free(&any);
}

/* ---- messages ---- */

static void pb_schema(kc_buf *b, const cJSON *s, int depth);

static void pb_named_schemas(kc_buf *b, unsigned field, const cJSON *obj, int depth)
{
	kc_buf named = KC_BUF_INIT, sub = KC_BUF_INIT;
	for (const cJSON *e = obj ? obj->child : NULL; e; e = e->next) {
		pb_str(&named, 1, e->string);
		pb_schema(&sub, e, depth + 1);
		pb_msg(&named, 2, &sub);
		pb_msg(b, field, &named);
	}
	kc_buf_free(&named);
	kc_buf_free(&sub);
}

static void pb_schema(kc_buf *b, const cJSON *s, int depth)
{
	if (depth > 32)
		return;
	kc_buf sub = KC_BUF_INIT, sub2 = KC_BUF_INIT;
	pb_str(b, 1, jstr(s, "$ref"));
	pb_str(b, 2, jstr(s, "format"));
	pb_str(b, 4, jstr(s, "description"));
	pb_str_list(b, 19, cJSON_GetObjectItemCaseSensitive(s, "required"));
	const cJSON *ap = cJSON_GetObjectItemCaseSensitive(s, "additionalProperties");
	if (cJSON_IsObject(ap)) {
		pb_schema(&sub2, ap, depth + 1);
		pb_msg(&sub, 1, &sub2);
		pb_msg(b, 21, &sub);
	}
	const char *type = jstr(s, "type");
	if (type) {
		pb_str(&sub, 1, type);
		pb_msg(b, 22, &sub);
	}
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(s, "items");
	if (cJSON_IsObject(items)) {
		pb_schema(&sub2, items, depth + 1);
		pb_msg(&sub, 1, &sub2);
		pb_msg(b, 23, &sub);
	}
	const cJSON *props = cJSON_GetObjectItemCaseSensitive(s, "properties");
	if (cJSON_IsObject(props)) {
		pb_named_schemas(&sub, 1, props, depth);
		pb_msg(b, 25, &sub);
	}
	pb_extensions(b, 31, s);
	kc_buf_free(&sub);
	kc_buf_free(&sub2);
}

static void pb_parameter(kc_buf *b, const cJSON *p)
{
	kc_buf param = KC_BUF_INIT, sub = KC_BUF_INIT, sub2 = KC_BUF_INIT;
	const char *in = jstr(p, "in");
	if (in && streq(in, "body")) {
		pb_str(&sub, 1, jstr(p, "description"));
		pb_str(&sub, 2, jstr(p, "name"));
		pb_str(&sub, 3, in);
		pb_bool(&sub, 4, jbool(p, "required"));
		pb_schema(&sub2, cJSON_GetObjectItemCaseSensitive(p, "schema"), 0);
		pb_msg(&sub, 5, &sub2);
		pb_msg(&param, 1, &sub); /* Parameter.body_parameter */
	} else if (in) {
		bool path = streq(in, "path");
		pb_bool(&sub2, 1, jbool(p, "required"));
		pb_str(&sub2, 2, in);
		pb_str(&sub2, 3, jstr(p, "description"));
		pb_str(&sub2, 4, jstr(p, "name"));
		pb_str(&sub2, path ? 5 : 6, jstr(p, "type"));
		pb_bool(&sub2, path ? 19 : 20, jbool(p, "uniqueItems"));
		/* NonBodyParameter: query_parameter_sub_schema 3, path 4 */
		pb_msg(&sub, path ? 4 : 3, &sub2);
		pb_msg(&param, 2, &sub); /* Parameter.non_body_parameter */
	}
	pb_msg(b, 1, &param); /* ParametersItem.parameter */
	kc_buf_free(&param);
	kc_buf_free(&sub);
	kc_buf_free(&sub2);
}

static void pb_parameters(kc_buf *b, unsigned field, const cJSON *arr)
{
	kc_buf item = KC_BUF_INIT;
	const cJSON *p;
	cJSON_ArrayForEach(p, arr)
	{
		pb_parameter(&item, p);
		pb_msg(b, field, &item);
	}
	kc_buf_free(&item);
}

static void pb_responses(kc_buf *b, const cJSON *responses)
{
	kc_buf named = KC_BUF_INIT, value = KC_BUF_INIT, resp = KC_BUF_INIT, item = KC_BUF_INIT,
	       schema = KC_BUF_INIT;
	for (const cJSON *r = responses ? responses->child : NULL; r; r = r->next) {
		pb_str(&resp, 1, jstr(r, "description"));
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(r, "schema");
		if (s) {
			pb_schema(&schema, s, 0);
			pb_msg(&item, 1, &schema); /* SchemaItem.schema */
			pb_msg(&resp, 2, &item);
		}
		pb_msg(&value, 1, &resp); /* ResponseValue.response */
		pb_str(&named, 1, r->string);
		pb_msg(&named, 2, &value);
		pb_msg(b, 1, &named); /* Responses.response_code */
	}
	kc_buf_free(&named);
	kc_buf_free(&value);
	kc_buf_free(&resp);
	kc_buf_free(&item);
	kc_buf_free(&schema);
}

static void pb_operation(kc_buf *b, const cJSON *op)
{
	kc_buf sub = KC_BUF_INIT;
	pb_str_list(b, 1, cJSON_GetObjectItemCaseSensitive(op, "tags"));
	pb_str(b, 3, jstr(op, "description"));
	pb_str(b, 5, jstr(op, "operationId"));
	pb_str_list(b, 6, cJSON_GetObjectItemCaseSensitive(op, "produces"));
	pb_str_list(b, 7, cJSON_GetObjectItemCaseSensitive(op, "consumes"));
	pb_parameters(b, 8, cJSON_GetObjectItemCaseSensitive(op, "parameters"));
	pb_responses(&sub, cJSON_GetObjectItemCaseSensitive(op, "responses"));
	pb_msg(b, 9, &sub);
	pb_str_list(b, 10, cJSON_GetObjectItemCaseSensitive(op, "schemes"));
	pb_extensions(b, 13, op);
	kc_buf_free(&sub);
}

static void pb_path_item(kc_buf *b, const cJSON *item)
{
	static const struct {
		const char *method;
		unsigned field;
	} methods[] = {{"get", 2}, {"put", 3}, {"post", 4}, {"delete", 5}, {"patch", 8}};
	kc_buf sub = KC_BUF_INIT;
	for (size_t i = 0; i < KC_ARRAY_SIZE(methods); i++) {
		const cJSON *op = cJSON_GetObjectItemCaseSensitive(item, methods[i].method);
		if (!op)
			continue;
		pb_operation(&sub, op);
		pb_msg(b, methods[i].field, &sub);
	}
	pb_parameters(b, 9, cJSON_GetObjectItemCaseSensitive(item, "parameters"));
	kc_buf_free(&sub);
}

char *api_openapi_v2_to_pb(const cJSON *doc, size_t *ret_len)
{
	kc_buf b = KC_BUF_INIT, sub = KC_BUF_INIT, named = KC_BUF_INIT, item = KC_BUF_INIT;
	pb_str(&b, 1, jstr(doc, "swagger"));
	const cJSON *info = cJSON_GetObjectItemCaseSensitive(doc, "info");
	pb_str(&sub, 1, jstr(info, "title"));
	pb_str(&sub, 2, jstr(info, "version"));
	pb_msg(&b, 2, &sub);

	const cJSON *paths = cJSON_GetObjectItemCaseSensitive(doc, "paths");
	for (const cJSON *p = paths ? paths->child : NULL; p; p = p->next) {
		pb_str(&named, 1, p->string);
		pb_path_item(&item, p);
		pb_msg(&named, 2, &item);
		pb_msg(&sub, 2, &named); /* Paths.path */
	}
	pb_msg(&b, 8, &sub);

	pb_named_schemas(&sub, 1, cJSON_GetObjectItemCaseSensitive(doc, "definitions"), 0);
	pb_msg(&b, 9, &sub);

	/* security: [{"BearerToken": []}] */
	const cJSON *req;
	cJSON_ArrayForEach(req, cJSON_GetObjectItemCaseSensitive(doc, "security"))
	{
		for (const cJSON *e = req->child; e; e = e->next) {
			pb_str(&named, 1, e->string);
			pb_str_list(&item, 1, e);
			pb_msg(&named, 2, &item);
			pb_msg(&sub, 1, &named);
		}
		pb_msg(&b, 12, &sub);
	}
	/* securityDefinitions: apiKey schemes */
	const cJSON *sd = cJSON_GetObjectItemCaseSensitive(doc, "securityDefinitions");
	for (const cJSON *e = sd ? sd->child : NULL; e; e = e->next) {
		kc_buf key = KC_BUF_INIT;
		pb_str(&key, 1, jstr(e, "type"));
		pb_str(&key, 2, jstr(e, "name"));
		pb_str(&key, 3, jstr(e, "in"));
		pb_str(&key, 4, jstr(e, "description"));
		pb_msg(&item, 2, &key); /* SecurityDefinitionsItem.api_key_security */
		kc_buf_free(&key);
		pb_str(&named, 1, e->string);
		pb_msg(&named, 2, &item);
		pb_msg(&sub, 1, &named);
	}
	pb_msg(&b, 13, &sub);
	pb_extensions(&b, 16, doc);

	kc_buf_free(&sub);
	kc_buf_free(&named);
	kc_buf_free(&item);
	*ret_len = b.len;
	if (!b.s)
		kc_buf_addstr(&b, "");
	return kc_buf_release(&b);
}
