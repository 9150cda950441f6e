/* patch.c - JSON merge patch (RFC 7386) and JSON patch (RFC 6902); the
 * strategic merge patch lives in patch_strategic.c. See patch.h. */
#include "patch.h"

#include <errno.h>
#include <limits.h>
#include <strings.h>

#include "json.h"
#include "util.h"

#include "banned.h"

/* ------------------------------------------------------------------ */
/* content types                                                       */
/* ------------------------------------------------------------------ */

static const struct {
	kc_patch_type type;
	const char *media;
} media_types[] = {
    {KC_PATCH_JSON, "application/json-patch+json"},
    {KC_PATCH_MERGE, "application/merge-patch+json"},
    {KC_PATCH_STRATEGIC, "application/strategic-merge-patch+json"},
    {KC_PATCH_APPLY, "application/apply-patch+yaml"},
};

kc_patch_type kc_patch_type_from_content_type(const char *content_type)
{
	if (!content_type)
		return KC_PATCH_UNKNOWN;
	while (*content_type == ' ' || *content_type == '\t')
		content_type++;
	size_t n = strcspn(content_type, ";");
	while (n > 0 && (content_type[n - 1] == ' ' || content_type[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < KC_ARRAY_SIZE(media_types); i++)
		if (strlen(media_types[i].media) == n &&
		    strncasecmp(content_type, media_types[i].media, n) == 0)
			return media_types[i].type;
	return KC_PATCH_UNKNOWN;
}

const char *kc_patch_content_type(kc_patch_type type)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(media_types); i++)
		if (media_types[i].type == type)
			return media_types[i].media;
	return "";
}

/* ------------------------------------------------------------------ */
/* RFC 7386 merge patch                                                */
/* ------------------------------------------------------------------ */

static cJSON *merge_apply(cJSON *target, const cJSON *patch);

/* The object case of MergePatch, in place: target and patch are objects. */
static void merge_into(cJSON *target, const cJSON *patch)
{
	for (const cJSON *m = patch->child; m; m = m->next) {
		if (cJSON_IsNull(m)) {
			kc_json_object_remove(target, m->string);
			continue;
		}
		cJSON *cur = cJSON_GetObjectItemCaseSensitive(target, m->string);
		if (cJSON_IsObject(cur) && cJSON_IsObject(m))
			merge_into(cur, m);
		else /* MergePatch({}, m) drops m's nested nulls */
			kc_json_object_put(target, m->string, merge_apply(NULL, m));
	}
}

/* MergePatch(target, patch) from RFC 7386 section 2; consumes target
 * (may be NULL) and returns the result. Recursion follows the patch, whose
 * depth the parser bounded. */
static cJSON *merge_apply(cJSON *target, const cJSON *patch)
{
	if (!cJSON_IsObject(patch)) {
		cJSON_Delete(target);
		return kc_json_dup(patch);
	}
	if (!cJSON_IsObject(target)) {
		cJSON_Delete(target);
		target = cJSON_CreateObject();
	}
	merge_into(target, patch);
	return target;
}

int kc_patch_merge(cJSON **target, const cJSON *patch, kc_error *err)
{
	if (!target || !patch)
		return kc_error_set(err, -EINVAL, "merge patch: no document or patch");
	*target = merge_apply(*target, patch);
	return 0;
}

static cJSON *merge_diff(const cJSON *original, const cJSON *modified)
{
	if (!cJSON_IsObject(original) || !cJSON_IsObject(modified))
		return kc_json_dup(modified);
	cJSON *patch = cJSON_CreateObject();
	for (const cJSON *o = original->child; o; o = o->next)
		if (!cJSON_GetObjectItemCaseSensitive(modified, o->string) &&
		    !cJSON_GetObjectItemCaseSensitive(patch, o->string))
			cJSON_AddItemToObject(patch, o->string, cJSON_CreateNull());
	for (const cJSON *m = modified->child; m; m = m->next) {
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(original, m->string);
		if (o && kc_json_equal(o, m))
			continue;
		if (o && cJSON_IsObject(o) && cJSON_IsObject(m))
			cJSON_AddItemToObject(patch, m->string, merge_diff(o, m));
		else
			cJSON_AddItemToObject(patch, m->string, kc_json_dup(m));
	}
	return patch;
}

int kc_patch_merge_create(const cJSON *original, const cJSON *modified, cJSON **ret_patch, kc_error *err)
{
	if (!modified || !ret_patch)
		return kc_error_set(err, -EINVAL, "merge patch: no modified document");
	if (kc_json_equal(original, modified))
		*ret_patch = cJSON_CreateObject();
	else
		*ret_patch = merge_diff(original, modified);
	return 0;
}

/* ------------------------------------------------------------------ */
/* RFC 6902 JSON patch                                                 */
/* ------------------------------------------------------------------ */

typedef struct jp {
	cJSON *doc;    /* the copy being patched */
	size_t copied; /* bytes added by "copy" so far */
	char msg[KC_ERROR_MSG_MAX];
	int code;
} jp;

static int jp_fail(jp *j, int code, const char *fmt, ...) KC_PRINTF(3, 4);
static int jp_fail(jp *j, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->msg, sizeof(j->msg), fmt, ap);
	va_end(ap);
	j->code = code;
	return code;
}

/* Go's strconv.Atoi, whose errors upstream passes through. */
static int go_atoi(const char *s, long *ret, char *msg, size_t msgsize)
{
	const char *p = s;
	bool neg = false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!*p)
		goto syntax;
	long v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			goto syntax;
		if (v > (LONG_MAX - (*p - '0')) / 10) {
			snprintf(msg, msgsize, "strconv.Atoi: parsing \"%.200s\": value out of range", s);
			return -1;
		}
		v = v * 10 + (*p - '0');
	}
	*ret = neg ? -v : v;
	return 0;
syntax:
	snprintf(msg, msgsize, "strconv.Atoi: parsing \"%.200s\": invalid syntax", s);
	return -1;
}

static void invalid_index(char *msg, size_t n, long idx)
{
	snprintf(msg, n, "Unable to access invalid index: %ld: invalid index referenced", idx);
}

/* A pointer split into decoded tokens, as evanphx's findObject does. */
typedef struct ptr {
	char **tok;
	size_t n;
} ptr;

static void ptr_free(ptr *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->tok[i]);
	free(p->tok);
	p->tok = NULL;
	p->n = 0;
}

static void ptr_split(const char *path, ptr *out)
{
	size_t n = 1;
	for (const char *c = path; *c; c++)
		n += *c == '/';
	out->tok = xcalloc(n, sizeof(char *));
	out->n = 0;
	const char *p = path;
	for (;;) {
		size_t len = strcspn(p, "/");
		kc_buf t = KC_BUF_INIT;
		kc_buf_add(&t, "", 0);
		for (size_t i = 0; i < len; i++) {
			/* "~1" -> "/", then "~0" -> "~", scanning left to right */
			if (p[i] == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
				kc_buf_addch(&t, p[i + 1] == '1' ? '/' : '~');
				i++;
			} else {
				kc_buf_addch(&t, p[i]);
			}
		}
		out->tok[out->n++] = kc_buf_release(&t);
		if (!p[len])
			break;
		p += len + 1;
	}
}

/* Child of node named tok: NULL without error for a missing object member
 * (upstream's partialDoc.get), an error for a bad array index. */
static int node_get(const cJSON *node, const char *tok, cJSON **ret, char *msg, size_t msgsize)
{
	*ret = NULL;
	if (cJSON_IsObject(node)) {
		*ret = cJSON_GetObjectItemCaseSensitive(node, tok);
		return 0;
	}
	long idx;
	if (go_atoi(tok, &idx, msg, msgsize) < 0)
		return -1;
	long len = cJSON_GetArraySize(node);
	if (idx < 0) {
		if (idx < -len) {
			invalid_index(msg, msgsize, idx);
			return -1;
		}
		idx += len;
	}
	if (idx >= len) {
		invalid_index(msg, msgsize, idx);
		return -1;
	}
	*ret = cJSON_GetArrayItem(node, (int)idx);
	return 0;
}

/* The container holding the last token (evanphx's findObject): NULL when
 * the path has no "/" or an intermediate step is missing or a scalar. */
static cJSON *find_container(cJSON *doc, const ptr *p)
{
	if (p->n < 2 || (!cJSON_IsObject(doc) && !cJSON_IsArray(doc)))
		return NULL;
	cJSON *cur = doc;
	for (size_t i = 1; i + 1 < p->n; i++) {
		cJSON *next;
		char msg[256];
		if (node_get(cur, p->tok[i], &next, msg, sizeof(msg)) < 0 || !next)
			return NULL;
		if (!cJSON_IsObject(next) && !cJSON_IsArray(next))
			return NULL; /* scalars and null cannot hold members */
		cur = next;
	}
	return cur;
}

/* Adds value (owned) under key in container. */
static int node_add(cJSON *con, const char *key, cJSON *value, char *msg, size_t msgsize)
{
	if (cJSON_IsObject(con)) {
		kc_json_object_put(con, key, value);
		return 0;
	}
	if (streq(key, "-")) {
		cJSON_AddItemToArray(con, value);
		return 0;
	}
	long idx;
	char atoi_msg[256];
	if (go_atoi(key, &idx, atoi_msg, sizeof(atoi_msg)) < 0) {
		snprintf(msg, msgsize, "value was not a proper array index: '%.200s': %s", key, atoi_msg);
		cJSON_Delete(value);
		return -1;
	}
	long sz = cJSON_GetArraySize(con) + 1;
	if (idx >= sz || idx < -sz) {
		invalid_index(msg, msgsize, idx);
		cJSON_Delete(value);
		return -1;
	}
	if (idx < 0)
		idx += sz;
	if (idx == sz - 1)
		cJSON_AddItemToArray(con, value);
	else
		kc_json_array_insert(con, (int)idx, value);
	return 0;
}

/* Detaches the member key from container; *ret gets it (caller frees). */
static int node_remove(cJSON *con, const char *key, cJSON **ret, char *msg, size_t msgsize)
{
	if (cJSON_IsObject(con)) {
		cJSON *c = cJSON_GetObjectItemCaseSensitive(con, key);
		if (!c) {
			snprintf(msg, msgsize, "Unable to remove nonexistent key: %.200s: missing value",
			         key);
			return -1;
		}
		*ret = cJSON_DetachItemViaPointer(con, c);
		return 0;
	}
	long idx;
	if (go_atoi(key, &idx, msg, msgsize) < 0)
		return -1;
	long len = cJSON_GetArraySize(con);
	if (idx >= len || idx < -len) {
		invalid_index(msg, msgsize, idx);
		return -1;
	}
	if (idx < 0)
		idx += len;
	*ret = cJSON_DetachItemFromArray(con, (int)idx);
	return 0;
}

/* Refuses to build documents deeper than the parser would read back. */
static int check_depth(jp *j, const ptr *p, const cJSON *value)
{
	if ((long)(p->n - 1) + kc_json_depth(value) > KC_JSON_MAX_DEPTH)
		return jp_fail(j, -EINVAL, "the patched document would be nested deeper than %d levels",
		               KC_JSON_MAX_DEPTH);
	return 0;
}

/* The "path" or "from" member: -1 when missing or not a string, with Go's
 * message for each case in msg. */
static const char *op_string(const cJSON *op, const char *name, char *msg, size_t msgsize)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(op, name);
	if (v && !cJSON_IsNull(v) && !cJSON_IsString(v)) {
		snprintf(msg, msgsize, "json: cannot unmarshal %s into Go value of type string",
		         cJSON_IsObject(v)  ? "object"
		         : cJSON_IsArray(v) ? "array"
		         : cJSON_IsBool(v)  ? "bool"
		                            : "number");
		return NULL;
	}
	if (!cJSON_IsString(v)) {
		if (streq(name, "path"))
			snprintf(msg, msgsize, "operation missing path field: missing value");
		else
			snprintf(msg, msgsize, "operation, missing from field: missing value");
		return NULL;
	}
	return v->valuestring;
}

static cJSON *op_value_dup(const cJSON *op)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(op, "value");
	return v ? kc_json_dup(v) : cJSON_CreateNull(); /* upstream adds null */
}

static int op_add(jp *j, const cJSON *op)
{
	char msg[512];
	const char *path = op_string(op, "path", msg, sizeof(msg));
	if (!path)
		return jp_fail(j, -EINVAL, "add operation failed to decode path: missing value");
	_cleanup_(ptr_free) ptr p = {0};
	ptr_split(path, &p);
	cJSON *con = find_container(j->doc, &p);
	if (!con)
		return jp_fail(j, -ENOENT,
		               "add operation does not apply: doc is missing path: \"%s\": missing value",
		               path);
	cJSON *value = op_value_dup(op);
	if (check_depth(j, &p, value) < 0) {
		cJSON_Delete(value);
		return j->code;
	}
	if (node_add(con, p.tok[p.n - 1], value, msg, sizeof(msg)) < 0)
		return jp_fail(j, -ENOENT, "error in add for path: '%s': %s", path, msg);
	return 0;
}

static int op_remove(jp *j, const cJSON *op)
{
	char msg[512];
	const char *path = op_string(op, "path", msg, sizeof(msg));
	if (!path)
		return jp_fail(j, -EINVAL, "remove operation failed to decode path: missing value");
	_cleanup_(ptr_free) ptr p = {0};
	ptr_split(path, &p);
	cJSON *con = find_container(j->doc, &p);
	if (!con)
		return jp_fail(j, -ENOENT,
		               "remove operation does not apply: doc is missing path: \"%s\": missing value",
		               path);
	_cleanup_json_ cJSON *gone = NULL;
	if (node_remove(con, p.tok[p.n - 1], &gone, msg, sizeof(msg)) < 0)
		return jp_fail(j, -ENOENT, "error in remove for path: '%s': %s", path, msg);
	return 0;
}

static int op_replace(jp *j, const cJSON *op)
{
	char msg[512];
	const char *path = op_string(op, "path", msg, sizeof(msg));
	if (!path)
		return jp_fail(j, -EINVAL, "replace operation failed to decode path: %s", msg);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(op, "value");
	if (!*path) {
		if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
			return jp_fail(j, -EINVAL, "replace operation value must be object or array");
		cJSON_Delete(j->doc);
		j->doc = kc_json_dup(v);
		return 0;
	}
	_cleanup_(ptr_free) ptr p = {0};
	ptr_split(path, &p);
	cJSON *con = find_container(j->doc, &p);
	if (!con)
		return jp_fail(j, -ENOENT,
		               "replace operation does not apply: doc is missing path: %s: missing value",
		               path);
	const char *key = p.tok[p.n - 1];
	cJSON *old;
	if (node_get(con, key, &old, msg, sizeof(msg)) < 0)
		return jp_fail(j, -ENOENT,
		               "replace operation does not apply: doc is missing key: %s: missing value",
		               path);
	cJSON *value = op_value_dup(op);
	if (check_depth(j, &p, value) < 0) {
		cJSON_Delete(value);
		return j->code;
	}
	if (cJSON_IsObject(con))
		kc_json_object_put(con, key, value); /* upstream: a missing member is added */
	else
		cJSON_ReplaceItemViaPointer(con, old, value);
	return 0;
}

static int op_move(jp *j, const cJSON *op)
{
	char msg[512];
	const char *from = op_string(op, "from", msg, sizeof(msg));
	if (!from)
		return jp_fail(j, -EINVAL, "move operation failed to decode from: %s", msg);
	_cleanup_(ptr_free) ptr pf = {0};
	ptr_split(from, &pf);
	cJSON *con = find_container(j->doc, &pf);
	if (!con)
		return jp_fail(j, -ENOENT,
		               "move operation does not apply: doc is missing from path: %s: missing value",
		               from);
	const char *key = pf.tok[pf.n - 1];
	cJSON *val;
	if (node_get(con, key, &val, msg, sizeof(msg)) < 0)
		return jp_fail(j, -ENOENT, "error in move for path: '%s': %s", key, msg);
	_cleanup_json_ cJSON *moved = NULL;
	if (node_remove(con, key, &moved, msg, sizeof(msg)) < 0)
		return jp_fail(j, -ENOENT, "error in move for path: '%s': %s", key, msg);
	const char *path = op_string(op, "path", msg, sizeof(msg));
	if (!path)
		return jp_fail(j, -EINVAL, "move operation failed to decode path: %s", msg);
	_cleanup_(ptr_free) ptr p = {0};
	ptr_split(path, &p);
	/* Moving a value into itself finds no destination: it is detached. */
	con = find_container(j->doc, &p);
	if (!con)
		return jp_fail(
		    j, -ENOENT,
		    "move operation does not apply: doc is missing destination path: %s: missing value",
		    path);
	if (check_depth(j, &p, moved) < 0)
		return j->code;
	if (node_add(con, p.tok[p.n - 1], TAKE_PTR(moved), msg, sizeof(msg)) < 0)
		return jp_fail(j, -ENOENT, "error in move for path: '%s': %s", path, msg);
	return 0;
}

static int op_test(jp *j, const cJSON *op)
{
	char msg[512];
	const char *path = op_string(op, "path", msg, sizeof(msg));
	if (!path)
		return jp_fail(j, -EINVAL, "test operation failed to decode path: %s", msg);
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(op, "value");
	const cJSON *have;
	if (!*path) {
		have = j->doc;
	} else {
		_cleanup_(ptr_free) ptr p = {0};
		ptr_split(path, &p);
		cJSON *con = find_container(j->doc, &p);
		if (!con)
			return jp_fail(j, -ENOENT,
			               "test operation does not apply: is missing path: %s: missing value",
			               path);
		cJSON *got;
		if (node_get(con, p.tok[p.n - 1], &got, msg, sizeof(msg)) < 0)
			return jp_fail(j, -ENOENT, "error in test for path: '%s': %s", path, msg);
		have = got;
	}
	/* upstream holds JSON null and "absent" alike */
	bool have_null = !have || cJSON_IsNull(have), want_null = !want || cJSON_IsNull(want);
	if (have_null || want_null ? have_null && want_null : kc_json_equal(have, want))
		return 0;
	return jp_fail(j, -ECANCELED, "testing value %s failed: test failed", path);
}

static int op_copy(jp *j, const cJSON *op)
{
	char msg[512];
	const char *from = op_string(op, "from", msg, sizeof(msg));
	if (!from)
		return jp_fail(j, -EINVAL, "copy operation failed to decode from: %s", msg);
	_cleanup_(ptr_free) ptr pf = {0};
	ptr_split(from, &pf);
	cJSON *con = find_container(j->doc, &pf);
	if (!con)
		return jp_fail(j, -ENOENT,
		               "copy operation does not apply: doc is missing from path: %s: missing value",
		               from);
	cJSON *val;
	if (node_get(con, pf.tok[pf.n - 1], &val, msg, sizeof(msg)) < 0)
		return jp_fail(j, -ENOENT, "error in copy for from: '%s': %s", from, msg);
	const char *path = op_string(op, "path", msg, sizeof(msg));
	if (!path)
		return jp_fail(j, -EINVAL, "copy operation failed to decode path: missing value");
	_cleanup_(ptr_free) ptr p = {0};
	ptr_split(path, &p);
	con = find_container(j->doc, &p);
	if (!con)
		return jp_fail(
		    j, -ENOENT,
		    "copy operation does not apply: doc is missing destination path: %s: missing value",
		    path);
	if (check_depth(j, &p, val) < 0)
		return j->code;
	_cleanup_free_ char *text = kc_json_print(val);
	j->copied += strlen(text);
	if (j->copied > KC_PATCH_MAX_COPY_BYTES)
		return jp_fail(j, -EFBIG,
		               "Unable to complete the copy, the accumulated size increase of copy is %zu, "
		               "exceeding the limit %d",
		               j->copied, KC_PATCH_MAX_COPY_BYTES);
	cJSON *copy = val ? kc_json_dup(val) : cJSON_CreateNull();
	if (node_add(con, p.tok[p.n - 1], copy, msg, sizeof(msg)) < 0)
		return jp_fail(j, -ENOENT, "error while adding value during copy: %s", msg);
	return 0;
}

static const char *go_type_of(const cJSON *v)
{
	if (cJSON_IsObject(v))
		return "object";
	if (cJSON_IsArray(v))
		return "array";
	if (cJSON_IsString(v))
		return "string";
	if (cJSON_IsBool(v))
		return "bool";
	return "number";
}

int kc_patch_json(cJSON **target, const cJSON *patch, kc_error *err)
{
	if (!target || !*target)
		return kc_error_set(err, -EINVAL, "json patch: no document to patch");
	if (!cJSON_IsArray(patch))
		return kc_error_set(err, -EBADMSG,
		                    "json: cannot unmarshal %s into Go value of type jsonpatch.Patch",
		                    patch ? go_type_of(patch) : "null");
	int n = cJSON_GetArraySize(patch);
	if (n > KC_PATCH_MAX_OPS)
		return kc_error_set(err, -E2BIG,
		                    "The allowed maximum operations in a JSON patch is %d, got %d",
		                    KC_PATCH_MAX_OPS, n);
	for (const cJSON *op = patch->child; op; op = op->next)
		if (!cJSON_IsObject(op) && !cJSON_IsNull(op))
			return kc_error_set(
			    err, -EBADMSG,
			    "json: cannot unmarshal %s into Go value of type jsonpatch.Operation",
			    go_type_of(op));

	if (!cJSON_IsObject(*target) && !cJSON_IsArray(*target))
		return kc_error_set(err, -EINVAL,
		                    "json: cannot unmarshal %s into Go value of type jsonpatch.partialDoc",
		                    go_type_of(*target));

	jp j = {.doc = kc_json_dup(*target)};
	int i = 0;
	for (const cJSON *op = patch->child; op; op = op->next, i++) {
		const char *kind = kc_json_as_str(cJSON_GetObjectItemCaseSensitive(op, "op"), "unknown");
		int r;
		if (streq(kind, "add"))
			r = op_add(&j, op);
		else if (streq(kind, "remove"))
			r = op_remove(&j, op);
		else if (streq(kind, "replace"))
			r = op_replace(&j, op);
		else if (streq(kind, "move"))
			r = op_move(&j, op);
		else if (streq(kind, "test"))
			r = op_test(&j, op);
		else if (streq(kind, "copy"))
			r = op_copy(&j, op);
		else
			r = jp_fail(&j, -EINVAL, "Unexpected kind: %.200s", kind);
		if (r < 0) {
			cJSON_Delete(j.doc);
			return kc_error_set(err, j.code, "%s (at patch[%d])", j.msg, i);
		}
	}
	cJSON_Delete(*target);
	*target = j.doc;
	return 0;
}
