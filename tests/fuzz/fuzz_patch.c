/* fuzz_patch.c - the JSON parser and the three patch kinds on arbitrary
 * input. The input is split at its first NUL byte (or, if none, its first
 * newline) into a target document and a patch document; each patch kind is
 * applied to a copy of the target.
 *
 * Properties checked beyond "no crash, no leak, no hang":
 *  - whatever parses prints to text that parses back to an equal tree;
 *  - a failed patch leaves the target untouched (atomicity);
 *  - a merge patch created from target to patch, applied to target, gives
 *    the patch document when neither holds null values. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/patch.h"
#include "common/util.h"

#define CHECK(cond, ...)                                                                                     \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, "fuzz_patch: " __VA_ARGS__);                                         \
			fputc('\n', stderr);                                                                 \
			abort();                                                                             \
		}                                                                                            \
	} while (0)

static void check_roundtrip(const cJSON *j)
{
	_cleanup_free_ char *text = kc_json_print(j);
	_cleanup_json_ cJSON *back = NULL;
	kc_error err = KC_ERROR_INIT;
	CHECK(kc_json_parse_str(text, &back, &err) == 0, "printed JSON does not parse: %s: %s", err.msg,
	      text);
	CHECK(kc_json_equal(j, back), "print/parse round trip changed %s", text);
	_cleanup_free_ char *pretty =
	    kc_json_print_flags(j, KC_JSON_PRETTY | KC_JSON_SORTED | KC_JSON_ESCAPE_HTML);
	_cleanup_json_ cJSON *back2 = NULL;
	CHECK(kc_json_parse_str(pretty, &back2, &err) == 0 && kc_json_equal(j, back2),
	      "pretty round trip: %s", pretty);
}

static bool has_null(const cJSON *j)
{
	if (cJSON_IsNull(j))
		return true;
	for (const cJSON *c = j->child; c; c = c->next) /* scalars have no child */
		if (has_null(c))
			return true;
	return false;
}

typedef int (*apply_fn)(cJSON **target, const cJSON *patch, kc_error *err);

static int apply_strategic_pod(cJSON **t, const cJSON *p, kc_error *err)
{
	return kc_patch_strategic(t, p, "v1", "Pod", err);
}

static int apply_strategic_deployment(cJSON **t, const cJSON *p, kc_error *err)
{
	return kc_patch_strategic(t, p, "apps/v1", "Deployment", err);
}

static void try_patch(const cJSON *target, const cJSON *patch, apply_fn fn)
{
	cJSON *work = kc_json_dup(target);
	cJSON *before = work;
	kc_error err = KC_ERROR_INIT;
	if (fn(&work, patch, &err) < 0) {
		CHECK(work == before && kc_json_equal(work, target), "failed patch changed the target (%s)",
		      err.msg);
		CHECK(err.msg[0] != '\0', "failure without a message");
	} else if (work && kc_json_depth(work) <= KC_JSON_MAX_DEPTH) {
		check_roundtrip(work);
	}
	cJSON_Delete(work);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	const char *split = memchr(buf, '\0', size);
	if (!split)
		split = memchr(buf, '\n', size);
	size_t n1 = split ? (size_t)(split - buf) : size;
	const char *second = split ? split + 1 : buf + size;
	size_t n2 = size - n1 - (split ? 1 : 0);

	kc_error err = KC_ERROR_INIT;
	_cleanup_json_ cJSON *target = NULL, *patch = NULL;
	size_t off;
	if (kc_json_parse_ex(buf, n1, 0, &target, &off, &err) == 0)
		check_roundtrip(target);
	else
		CHECK(off <= n1, "error offset %zu past the input (%zu)", off, n1);
	if (kc_json_parse_ex(second, n2, (size & 1) ? KC_JSON_PARSE_NO_DUPLICATES : 0, &patch, &off, &err) ==
	    0)
		check_roundtrip(patch);
	else
		CHECK(off <= n2, "error offset %zu past the input (%zu)", off, n2);
	if (!target || !patch)
		return 0;

	/* a few path helpers on the target, driven by the patch's strings */
	const char *path = kc_json_as_str(cJSON_IsArray(patch) ? cJSON_GetArrayItem(patch, 0) : patch, NULL);
	if (path) {
		kc_json_get(target, path);
		kc_json_pointer_get(target, path);
		cJSON *copy = kc_json_dup(target);
		if (cJSON_IsObject(copy) || cJSON_IsArray(copy)) {
			kc_json_set(copy, path, cJSON_CreateNull(), &err);
			kc_json_delete(copy, path);
		}
		cJSON_Delete(copy);
	}

	try_patch(target, patch, kc_patch_merge);
	try_patch(target, patch, kc_patch_json);
	try_patch(target, patch, apply_strategic_pod);
	try_patch(target, patch, apply_strategic_deployment);

	_cleanup_json_ cJSON *mp = NULL;
	if (kc_patch_merge_create(target, patch, &mp, &err) == 0 && cJSON_IsObject(target) &&
	    cJSON_IsObject(patch) && !has_null(target) && !has_null(patch)) {
		cJSON *t = kc_json_dup(target);
		CHECK(kc_patch_merge(&t, mp, &err) == 0, "merge failed");
		CHECK(kc_json_equal(t, patch),
		      "created merge patch does not reproduce the modified document");
		cJSON_Delete(t);
	}
	return 0;
}
