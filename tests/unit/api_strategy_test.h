/* api_strategy_test.h - what the strategy unit tests share: run an object
 * through create or update the way the apiserver's generic code does
 * (decode.c: system fields, defaults, prepare, metadata validation, the
 * strategy's validation) and compare the outcome with upstream's message
 * or with an expected defaulted object.
 *
 * Header-only (static functions) so each test program stays one file. */
#ifndef KC_TESTS_API_STRATEGY_TEST_H
#define KC_TESTS_API_STRATEGY_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "apiserver/fielderr.h"
#include "apiserver/strategy.h"
#include "apiserver/validation_meta.h"
#include "common/json.h"
#include "common/resource.h"
#include "common/util.h"

/* A validation case: an object (JSON) and the whole message upstream gives
 * ("" when the object is valid). old is NULL for a create. */
typedef struct st_case {
	const char *name;
	const char *obj;
	const char *want;
	const char *old;
} st_case;

/* A defaulting case: what goes in and what comes out of create's defaults
 * and PrepareForCreate (compared as JSON, key order aside). */
typedef struct st_defaults_case {
	const char *name;
	const char *in;
	const char *want;
} st_defaults_case;

static KC_UNUSED const kc_resource *st_resource(const char *group, const char *plural)
{
	const kc_resource *r = kc_resource_find(group, "v1", plural);
	if (!r)
		fail_msg("no resource %s/%s", group, plural);
	return r;
}

static KC_UNUSED cJSON *st_parse(const char *case_name, const char *json)
{
	cJSON *o = cJSON_Parse(json);
	if (!o)
		fail_msg("case %s: test JSON does not parse: %s", case_name, json);
	return o;
}

/* Upstream's GroupKind string: "Pod", "Deployment.apps". */
static KC_UNUSED char *st_qualified_kind(const kc_resource *r)
{
	return r->group[0] ? xasprintf("%s.%s", r->kind, r->group) : xstrdup(r->kind);
}

/* The system fields api_fill_create sets, with fixed values so tests are
 * stable: uid (kept when the case gives one), creationTimestamp,
 * generation 1 for resources that track it. */
static KC_UNUSED void st_fill_create(const kc_resource *r, const api_strategy *s, cJSON *obj)
{
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	if (!cJSON_IsObject(meta)) {
		meta = cJSON_CreateObject();
		cJSON_AddItemToObject(obj, "metadata", meta);
	}
	if (!cJSON_GetObjectItemCaseSensitive(meta, "uid") && !streq(r->group, "authorization.k8s.io"))
		cJSON_AddStringToObject(meta, "uid", "11111111-2222-3333-4444-555555555555");
	if (!cJSON_GetObjectItemCaseSensitive(meta, "creationTimestamp") && !streq(r->group, "authorization.k8s.io"))
		cJSON_AddStringToObject(meta, "creationTimestamp", "2024-05-01T12:00:00Z");
	cJSON_DeleteItemFromObjectCaseSensitive(meta, "generation");
	if (s->tracks_generation)
		cJSON_AddNumberToObject(meta, "generation", 1);
	/* status on create is the strategy's business (prepare_create resets
	 * it where upstream does; a Node registers with its status) */
	if (s->defaults)
		s->defaults(obj);
	if (s->prepare_create)
		s->prepare_create(obj);
}

/* Runs a create; returns the message ("" when valid) and the object after
 * defaulting in *ret_obj (may be NULL). Caller frees both. */
static KC_UNUSED char *st_create(const char *group, const char *plural, const char *case_name, const char *json,
		       cJSON **ret_obj)
{
	const kc_resource *r = st_resource(group, plural);
	const api_strategy *s = api_strategy_for(r);
	cJSON *obj = st_parse(case_name, json);
	st_fill_create(r, s, obj);
	api_field_errors errs = API_FIELD_ERRORS_INIT;
	api_validate_meta_create(r, obj, &errs);
	if (s->validate_create)
		s->validate_create(obj, &errs);
	char *msg = xstrdup("");
	if (errs.n) {
		free(msg);
		_cleanup_free_ char *qk = st_qualified_kind(r);
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "name");
		msg = api_field_errors_message(&errs, qk, cJSON_IsString(name) ? name->valuestring : "");
	}
	api_field_errors_clear(&errs);
	if (ret_obj)
		*ret_obj = obj;
	else
		cJSON_Delete(obj);
	return msg;
}

/* Runs an update of old (a stored object, given already defaulted) to
 * json, as api_prepare_update does; status selects the status
 * subresource. */
static KC_UNUSED char *st_update(const char *group, const char *plural, const char *case_name, const char *json,
		       const char *old_json, bool status, cJSON **ret_obj)
{
	const kc_resource *r = st_resource(group, plural);
	const api_strategy *s = api_strategy_for(r);
	cJSON *obj = st_parse(case_name, json);
	cJSON *old = st_parse(case_name, old_json);
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	const cJSON *old_meta = cJSON_GetObjectItemCaseSensitive(old, "metadata");
	if (status) {
		/* the status endpoint takes only the status from the request */
		cJSON *merged = cJSON_Duplicate(old, true);
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(obj, "status");
		cJSON_DeleteItemFromObjectCaseSensitive(merged, "status");
		if (st)
			cJSON_AddItemToObject(merged, "status", cJSON_Duplicate(st, true));
		cJSON_Delete(obj);
		obj = merged;
		meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	} else {
		if (s->has_status) {
			cJSON_DeleteItemFromObjectCaseSensitive(obj, "status");
			const cJSON *st = cJSON_GetObjectItemCaseSensitive(old, "status");
			if (st)
				cJSON_AddItemToObject(obj, "status", cJSON_Duplicate(st, true));
		}
		if (meta) {
			cJSON_DeleteItemFromObjectCaseSensitive(meta, "generation");
			const cJSON *g = cJSON_GetObjectItemCaseSensitive(old_meta, "generation");
			if (g)
				cJSON_AddItemToObject(meta, "generation", cJSON_Duplicate(g, true));
		}
		if (s->defaults)
			s->defaults(obj);
		if (s->prepare_update)
			s->prepare_update(obj, old);
	}
	api_field_errors errs = API_FIELD_ERRORS_INIT;
	api_validate_meta_update(r, obj, old, &errs);
	if (status) {
		if (s->validate_status_update)
			s->validate_status_update(obj, old, &errs);
	} else if (s->validate_update) {
		s->validate_update(obj, old, &errs);
	} else if (s->validate_create) {
		s->validate_create(obj, &errs);
	}
	char *msg = xstrdup("");
	if (errs.n) {
		free(msg);
		_cleanup_free_ char *qk = st_qualified_kind(r);
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, "metadata"), "name");
		msg = api_field_errors_message(&errs, qk, cJSON_IsString(name) ? name->valuestring : "");
	}
	api_field_errors_clear(&errs);
	cJSON_Delete(old);
	if (ret_obj)
		*ret_obj = obj;
	else
		cJSON_Delete(obj);
	return msg;
}

/* A stored object: create's outcome for json (which must be valid), as
 * the JSON text an update case starts from. Caller frees. */
static KC_UNUSED char *st_stored(const char *group, const char *plural, const char *case_name, const char *json)
{
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create(group, plural, case_name, json, &obj);
	if (msg[0]) {
		cJSON_Delete(obj);
		fail_msg("case %s: the old object is invalid: %s", case_name, msg);
	}
	/* an update names the version it read */
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	cJSON_AddStringToObject(meta, "resourceVersion", "5");
	char *s = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	return s;
}

/* want may start with "prefix:" to compare only the beginning (messages
 * that end in a diff). */
static KC_UNUSED void st_check_message(const char *case_name, const char *got, const char *want)
{
	if (str_startswith(want, "prefix:")) {
		const char *p = want + strlen("prefix:");
		if (strncmp(got, p, strlen(p)) != 0)
			fail_msg("case %s:\n got: %s\nwant prefix: %s", case_name, got, p);
		return;
	}
	if (!streq(got, want))
		fail_msg("case %s:\n got: %s\nwant: %s", case_name, got, want);
}

/* Runs every validation case: creates when old is NULL, else updates. */
static KC_UNUSED void st_run_cases(const char *group, const char *plural, const st_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *got = NULL;
		if (cases[i].old)
			got = st_update(group, plural, cases[i].name, cases[i].obj, cases[i].old, false, NULL);
		else
			got = st_create(group, plural, cases[i].name, cases[i].obj, NULL);
		st_check_message(cases[i].name, got, cases[i].want);
	}
}

/* Creates each input (which must be valid) and compares the defaulted
 * object with want. */
static KC_UNUSED void st_run_defaults(const char *group, const char *plural, const st_defaults_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cJSON *obj = NULL;
		_cleanup_free_ char *msg = st_create(group, plural, cases[i].name, cases[i].in, &obj);
		cJSON *want = st_parse(cases[i].name, cases[i].want);
		if (msg[0] || !kc_json_equal(obj, want)) {
			_cleanup_free_ char *got = cJSON_PrintUnformatted(obj);
			cJSON_Delete(obj);
			cJSON_Delete(want);
			fail_msg("case %s:\n message: %s\n     got: %s\n    want: %s", cases[i].name, msg, got,
				 cases[i].want);
		}
		/* defaults are idempotent: running them again changes nothing */
		const api_strategy *s = api_strategy_for(st_resource(group, plural));
		if (s->defaults) {
			s->defaults(obj);
			if (!kc_json_equal(obj, want)) {
				_cleanup_free_ char *got = cJSON_PrintUnformatted(obj);
				cJSON_Delete(obj);
				cJSON_Delete(want);
				fail_msg("case %s: defaults are not idempotent:\n got: %s", cases[i].name, got);
			}
		}
		cJSON_Delete(obj);
		cJSON_Delete(want);
	}
}

#define ST_N(a) (sizeof(a) / sizeof((a)[0]))

#endif
