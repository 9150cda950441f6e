/* print_explain.c - what `kubectl explain` prints for an OpenAPI v3 schema
 * (see print.h). Each function below is one template of kubectl's
 * explain/v2/templates/plaintext.tmpl, with the same tests and the same
 * whitespace, so that the text comes out byte for byte the same. */
#include <errno.h>
#include <stdlib.h>

#include "ctl/print.h"
#include "common/json.h"
#include "common/jsonpath.h"

#include "banned.h"

/* Schemas nest a dozen levels in practice; refs that loop are cut by the
 * history, as upstream's are. This bounds documents built to hurt. */
#define MAX_DEPTH 100

/* The refs seen on the way down (upstream's "history" dictionary). */
typedef struct hist {
	const char *ref;
	const struct hist *up;
} hist;

static bool hist_has(const hist *h, const char *ref)
{
	for (; h; h = h->up)
		if (h->ref && streq(h->ref, ref))
			return true;
	return false;
}

/* Go template truth: empty strings, maps and lists, zero and nil are false. */
static bool truthy(const cJSON *v)
{
	if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
		return false;
	if (cJSON_IsString(v))
		return v->valuestring[0] != '\0';
	if (cJSON_IsNumber(v))
		return v->valuedouble != 0;
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		return v->child != NULL;
	return true;
}

static const cJSON *get(const cJSON *obj, const char *key)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

static const char *get_str(const cJSON *obj, const char *key)
{
	const cJSON *v = get(obj, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* resolveRef: "#/components/schemas/x" to the object it names, or NULL. */
static const cJSON *resolve_ref(const cJSON *doc, const cJSON *ref)
{
	if (!cJSON_IsString(ref) || ref->valuestring[0] != '#')
		return NULL;
	const cJSON *cur = doc;
	const char *p = ref->valuestring + 1;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n > 0) {
			_cleanup_free_ char *key = xstrndup(p, n);
			cur = get(cur, key);
			if (!cJSON_IsObject(cur))
				return NULL;
		}
		if (!slash)
			break;
		p = slash + 1;
	}
	return cJSON_IsObject(cur) ? cur : NULL;
}

/* `or (resolveRef $ref) $schema` */
static const cJSON *resolved(const cJSON *doc, const cJSON *schema)
{
	const cJSON *r = resolve_ref(doc, get(schema, "$ref"));
	return r ? r : schema;
}

/* additionalProperties that is a schema (not the boolean form). */
static const cJSON *additional(const cJSON *schema)
{
	const cJSON *a = get(schema, "additionalProperties");
	return cJSON_IsBool(a) || !truthy(a) ? NULL : a;
}

/* ---- text helpers: indent and wrap ---- */

static void add_indented(kc_buf *b, size_t amount, const char *s)
{
	for (size_t i = 0; i < amount; i++)
		kc_buf_addch(b, ' ');
	for (; *s; s++) {
		kc_buf_addch(b, *s);
		if (*s == '\n')
			for (size_t i = 0; i < amount; i++)
				kc_buf_addch(b, ' ');
	}
}

static int32_t next_rune(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	int32_t r;
	size_t n;
	if (p[0] < 0x80) {
		r = p[0];
		n = 1;
	} else if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
		r = ((p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		n = 2;
	} else if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
		r = ((p[0] & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f);
		n = 3;
	} else if ((p[0] & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80) {
		r = ((p[0] & 0x07) << 18) | ((p[1] & 0x3f) << 12) | ((p[2] & 0x3f) << 6) | (p[3] & 0x3f);
		n = 4;
	} else {
		r = 0xfffd;
		n = 1;
	}
	*s += n;
	return r;
}

/* unicode.IsSpace, without the no-break space (go-wordwrap keeps it in words). */
static bool wrap_space(int32_t r)
{
	switch (r) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85:
	case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
		return true;
	default:
		return r >= 0x2000 && r <= 0x200a;
	}
}

/* go-wordwrap's WrapString (v1.0.1, what kubectl 1.32 uses): breaks at
 * white space once a line would pass lim runes; words longer than lim stay
 * whole; existing newlines are kept. */
static void wrap(kc_buf *out, size_t lim, const char *s)
{
	kc_buf word = KC_BUF_INIT, space = KC_BUF_INIT;
	size_t current = 0, wlen = 0, slen = 0;
	while (*s) {
		const char *start = s;
		int32_t r = next_rune(&s);
		size_t n = (size_t)(s - start);
		if (r == '\n') {
			if (word.len == 0) {
				if (current + slen > lim)
					current = 0;
				else
					kc_buf_add(out, kc_buf_str(&space), space.len);
			} else {
				kc_buf_add(out, kc_buf_str(&space), space.len);
				kc_buf_add(out, kc_buf_str(&word), word.len);
			}
			kc_buf_reset(&space);
			kc_buf_reset(&word);
			slen = wlen = 0;
			kc_buf_addch(out, '\n');
			current = 0;
		} else if (wrap_space(r)) {
			if (space.len == 0 || word.len > 0) {
				current += slen + wlen;
				kc_buf_add(out, kc_buf_str(&space), space.len);
				kc_buf_add(out, kc_buf_str(&word), word.len);
				kc_buf_reset(&space);
				kc_buf_reset(&word);
				slen = wlen = 0;
			}
			kc_buf_add(&space, start, n);
			slen++;
		} else {
			kc_buf_add(&word, start, n);
			wlen++;
			if (current + slen + wlen > lim && wlen < lim) {
				kc_buf_addch(out, '\n');
				current = 0;
				kc_buf_reset(&space);
				slen = 0;
			}
		}
	}
	if (word.len == 0) {
		if (current + slen <= lim)
			kc_buf_add(out, kc_buf_str(&space), space.len);
	} else {
		kc_buf_add(out, kc_buf_str(&space), space.len);
		kc_buf_add(out, kc_buf_str(&word), word.len);
	}
	kc_buf_free(&word);
	kc_buf_free(&space);
}

/* `text | wrap width | indent amount` */
static void add_wrapped(kc_buf *b, size_t width, size_t amount, const char *text)
{
	_cleanup_buf_ kc_buf w = KC_BUF_INIT;
	wrap(&w, width, text);
	add_indented(b, amount, kc_buf_str(&w));
}

/* ---- the templates ---- */

/* "typeGuess": string, []Container, map[string]string, Object... */
static void type_guess(kc_buf *b, const cJSON *doc, const cJSON *schema, int depth)
{
	if (depth > MAX_DEPTH) {
		kc_buf_addstr(b, "Object");
		return;
	}
	const cJSON *items = get(schema, "items"), *allof = get(schema, "allOf"), *ref = get(schema, "$ref");
	if (truthy(items)) {
		kc_buf_addstr(b, "[]");
		type_guess(b, doc, items, depth + 1);
	} else if (additional(schema)) {
		kc_buf_addstr(b, "map[string]");
		type_guess(b, doc, additional(schema), depth + 1);
	} else if (truthy(allof) && !truthy(get(schema, "properties")) && cJSON_GetArraySize(allof) == 1) {
		type_guess(b, doc, allof->child, depth + 1);
	} else if (truthy(ref)) {
		const cJSON *target = resolve_ref(doc, ref);
		const char *type = get_str(target, "type");
		if (!target || !type[0] || streq(type, "object")) {
			const char *name = strrchr(ref->valuestring, '/');
			name = name ? name + 1 : ref->valuestring;
			const char *dot = strrchr(name, '.');
			name = dot ? dot + 1 : name;
			kc_buf_addstr(b, name[0] ? name : "Object");
		} else {
			kc_buf_addstr(b, type);
		}
	} else {
		const char *type = get_str(schema, "type");
		kc_buf_addstr(b, !type[0] || streq(type, "object") ? "Object" : type);
	}
}

/* "extractEnum": "\n  enum: A, B, C, D, ...." (short) or "ENUM:\n    A\n    B" (long). */
static void extract_enum(kc_buf *b, const cJSON *schema, bool long_view, int limit, size_t indent)
{
	const cJSON *e = get(schema, "enum");
	if (!truthy(e) || !cJSON_IsArray(e))
		return;
	if (!long_view) {
		kc_buf_addch(b, '\n');
		add_indented(b, indent, "");
		kc_buf_addstr(b, "enum: ");
	} else {
		kc_buf_addstr(b, "ENUM:");
	}
	int i = 0;
	for (const cJSON *it = e->child; it; it = it->next, i++) {
		if (limit > -1 && i >= limit) {
			kc_buf_addstr(b, ", ....");
			break;
		}
		if (i > 0 && !long_view)
			kc_buf_addstr(b, ", ");
		else if (long_view)
			kc_buf_addstr(b, "\n    ");
		if (cJSON_IsString(it) && !it->valuestring[0])
			kc_buf_addstr(b, "\"\"");
		else if (cJSON_IsNumber(it))
			kc_json_format_go_float(b, it->valuedouble); /* numbers decode as float64 */
		else if (cJSON_IsNull(it))
			kc_buf_addstr(b, "<nil>");
		else
			kc_jsonpath_format_go(b, it);
	}
}

/* "description": the schema's and those of its allOf, items and map values. */
static void description(kc_buf *b, const cJSON *doc, const cJSON *schema, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	const cJSON *s = resolved(doc, schema);
	if (!truthy(s))
		return;
	const char *d = get_str(s, "description");
	if (d[0]) {
		kc_buf_addstr(b, d);
		kc_buf_addch(b, '\n');
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, get(s, "allOf")) description(b, doc, it, depth + 1);
	if (truthy(get(s, "items")))
		description(b, doc, get(s, "items"), depth + 1);
	if (additional(s))
		description(b, doc, additional(s), depth + 1);
}

static void external_docs(kc_buf *b, const cJSON *docs, size_t indent)
{
	if (!truthy(docs))
		return;
	const char *d = get_str(docs, "description"), *url = get_str(docs, "url");
	if (d[0]) {
		add_wrapped(b, 76 - indent, indent + 4, d);
		kc_buf_addch(b, '\n');
	}
	if (url[0]) {
		_cleanup_free_ char *line = xasprintf("URL: %s", url);
		add_indented(b, indent + 4, line);
		kc_buf_addch(b, '\n');
	}
}

static const cJSON **sorted_properties(const cJSON *props, size_t *ret_n);

/* "fieldDetail": one field, its type, -required-, enum, description. */
static void field_detail(kc_buf *b, const cJSON *doc, const cJSON *schema, const char *name, bool short_view,
			 int level)
{
	size_t indent = (size_t)level * 2;
	const cJSON *field = get(get(schema, "properties"), name);
	add_indented(b, indent, name);
	kc_buf_addstr(b, "\t<");
	type_guess(b, doc, field, 0);
	kc_buf_addch(b, '>');
	const cJSON *req;
	bool required = false;
	cJSON_ArrayForEach(req, get(schema, "required")) required |= cJSON_IsString(req) && streq(req->valuestring, name);
	if (required)
		kc_buf_addstr(b, " -required-");
	extract_enum(b, field, false, 4, indent);
	kc_buf_addch(b, '\n');
	if (short_view)
		return;
	const char *d = get_str(field, "description");
	add_wrapped(b, 78 - indent, indent + 2, d[0] ? d : "<no description>");
	kc_buf_addch(b, '\n');
	const cJSON *docs = get(field, "externalDocs");
	if (truthy(docs)) {
		kc_buf_addch(b, '\n');
		add_indented(b, indent + 2, "EXTERNAL DOCS:");
		kc_buf_addch(b, '\n');
		external_docs(b, docs, indent);
	}
	kc_buf_addch(b, '\n');
}

/* "fieldList": the fields of a schema; with recursive, their fields too. */
static void field_list(kc_buf *b, const cJSON *doc, const cJSON *schema, int level, bool recursive, const hist *h,
		       int depth)
{
	if (depth > MAX_DEPTH)
		return;
	const cJSON *ref = get(schema, "$ref");
	const char *refs = cJSON_IsString(ref) ? ref->valuestring : "";
	if (refs[0] && hist_has(h, refs))
		return; /* a cycle */
	hist next = {refs, h};
	const cJSON *s = resolved(doc, schema);
	size_t n;
	const cJSON **props = sorted_properties(get(s, "properties"), &n);
	for (size_t i = 0; i < n; i++) {
		field_detail(b, doc, s, props[i]->string, recursive, level);
		if (recursive)
			field_list(b, doc, props[i], level + 1, recursive, &next, depth + 1);
	}
	free(props);
	const cJSON *it;
	cJSON_ArrayForEach(it, get(s, "allOf")) field_list(b, doc, it, level, recursive, &next, depth + 1);
	if (truthy(get(s, "items")))
		field_list(b, doc, get(s, "items"), level, recursive, &next, depth + 1);
	if (additional(s))
		field_list(b, doc, additional(s), level, recursive, &next, depth + 1);
}

static int cmp_prop(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(x->string ? x->string : "", y->string ? y->string : "");
}

/* Go templates range over a map in key order. */
static const cJSON **sorted_properties(const cJSON *props, size_t *ret_n)
{
	size_t n = cJSON_IsObject(props) ? (size_t)cJSON_GetArraySize(props) : 0, k = 0;
	const cJSON **v = xcalloc(n + 1, sizeof(*v));
	const cJSON *it;
	if (cJSON_IsObject(props))
		cJSON_ArrayForEach(it, props) if (it->string) v[k++] = it;
	qsort(v, k, sizeof(*v), cmp_prop);
	*ret_n = k;
	return v;
}

/* "output": follows the field path; at its end the description and the
 * fields. Appends nothing when the path leads nowhere. */
static void output(kc_buf *b, const cJSON *doc, const cJSON *schema, char *const *path, size_t n, bool recursive,
		   const hist *h, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	const cJSON *ref = get(schema, "$ref");
	const char *refs = cJSON_IsString(ref) ? ref->valuestring : "";
	hist next = {refs, h};
	const cJSON *s = resolved(doc, schema);
	if (n == 0) {
		kc_buf_addstr(b, "DESCRIPTION:\n");
		_cleanup_buf_ kc_buf d = KC_BUF_INIT;
		description(&d, doc, s, 0);
		add_wrapped(b, 76, 4, d.len ? d.s : "<empty>");
		kc_buf_addch(b, '\n');
		const cJSON *docs = get(s, "externalDocs");
		if (truthy(docs)) {
			kc_buf_addstr(b, "\nEXTERNAL DOCS:\n");
			external_docs(b, docs, 0);
		}
		_cleanup_buf_ kc_buf fields = KC_BUF_INIT;
		field_list(&fields, doc, s, 1, recursive, NULL, 0);
		if (fields.len) {
			kc_buf_addstr(b, "FIELDS:\n");
			kc_buf_add(b, fields.s, fields.len);
		}
		return;
	}
	if (refs[0] && hist_has(h, refs))
		return; /* a cycle */
	const cJSON *sub = get(get(s, "properties"), path[0]);
	if (truthy(get(s, "properties")) && truthy(sub)) {
		if (n == 1) {
			kc_buf_addf(b, "FIELD: %s <", path[0]);
			type_guess(b, doc, sub, 0);
			kc_buf_addstr(b, ">\n");
			extract_enum(b, sub, true, -1, 0);
			kc_buf_addstr(b, "\n\n");
		}
		output(b, doc, sub, path + 1, n - 1, recursive, NULL, depth + 1);
	} else if (truthy(get(s, "items"))) {
		output(b, doc, get(s, "items"), path, n, recursive, &next, depth + 1);
	} else if (additional(s)) {
		output(b, doc, additional(s), path, n, recursive, &next, depth + 1);
	} else {
		const cJSON *it;
		cJSON_ArrayForEach(it, get(s, "allOf")) {
			_cleanup_buf_ kc_buf alt = KC_BUF_INIT;
			output(&alt, doc, it, path, n, recursive, &next, depth + 1);
			if (alt.len) {
				kc_buf_add(b, alt.s, alt.len);
				break;
			}
		}
	}
}

/* The kind of a resource, from the operations of its paths (the last of
 * the four places upstream looks at wins, as in its template). */
static const cJSON *find_gvk(const cJSON *doc, const char *group, const char *version, const char *resource)
{
	_cleanup_free_ char *prefix = group[0] ? xasprintf("/apis/%s", group) : xstrdup("/api");
	char *paths[4] = {
		xasprintf("%s/%s/%s", prefix, version, resource),
		xasprintf("%s/%s/%s/{name}", prefix, version, resource),
		xasprintf("%s/%s/namespaces/{namespace}/%s", prefix, version, resource),
		xasprintf("%s/%s/namespaces/{namespace}/%s/{name}", prefix, version, resource),
	};
	static const char *const methods[] = {"get", "post", "put", "patch", "delete"};
	const cJSON *gvk = NULL;
	for (size_t i = 0; i < 4; i++) {
		const cJSON *p = get(get(doc, "paths"), paths[i]);
		if (!truthy(p))
			continue;
		for (size_t m = 0; m < KC_ARRAY_SIZE(methods); m++) {
			const cJSON *g = get(get(p, methods[m]), "x-kubernetes-group-version-kind");
			if (truthy(g)) {
				gvk = g;
				break;
			}
		}
	}
	for (size_t i = 0; i < 4; i++)
		free(paths[i]);
	return gvk;
}

int kc_explain_render(const cJSON *doc, const char *group, const char *version, const char *resource,
		      char *const *fields, size_t n_fields, bool recursive, kc_buf *out, char **ret_error)
{
	*ret_error = NULL;
	const cJSON *gvk = find_gvk(doc, group, version, resource);
	if (!gvk) {
		*ret_error = xasprintf("error: GVR (%s/%s, Resource=%s) not found in OpenAPI schema", group, version,
				       resource);
		return -ENOENT;
	}
	if (truthy(get(gvk, "group"))) {
		kc_buf_addstr(out, "GROUP:      ");
		kc_jsonpath_format_go(out, get(gvk, "group"));
		kc_buf_addch(out, '\n');
	}
	kc_buf_addstr(out, "KIND:       ");
	kc_jsonpath_format_go(out, get(gvk, "kind"));
	kc_buf_addstr(out, "\nVERSION:    ");
	kc_jsonpath_format_go(out, get(gvk, "version"));
	kc_buf_addstr(out, "\n\n");

	/* the component schema that declares this kind */
	size_t n;
	const cJSON **schemas = sorted_properties(get(get(doc, "components"), "schemas"), &n);
	const cJSON *schema = NULL;
	for (size_t i = 0; i < n && !schema; i++) {
		const cJSON *it;
		cJSON_ArrayForEach(it, get(schemas[i], "x-kubernetes-group-version-kind")) {
			if (kc_json_equal(it, gvk)) {
				schema = schemas[i];
				break;
			}
		}
	}
	free(schemas);
	_cleanup_buf_ kc_buf body = KC_BUF_INIT;
	if (schema)
		output(&body, doc, schema, fields, n_fields, recursive, NULL, 0);
	if (!body.len) {
		if (schema && n_fields > 0) {
			*ret_error = xasprintf("error: field \"%s\" does not exist", fields[n_fields - 1]);
		} else {
			_cleanup_buf_ kc_buf g = KC_BUF_INIT;
			kc_jsonpath_format_go(&g, gvk);
			*ret_error = xasprintf("error: GVK %s not found in OpenAPI schema", kc_buf_str(&g));
		}
		return -ENOENT;
	}
	kc_buf_add(out, body.s, body.len);
	kc_buf_addch(out, '\n');
	return 0;
}
