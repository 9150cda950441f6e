/* test_cm_gc.c - the garbage collector's graph and decisions
 * (controller-manager/garbagecollector.h): which uids informer events and
 * virtual deletes queue, dependents and virtual owners, foreground and
 * orphan transitions, the decision for an object given its owners, and the
 * patches and delete options sent. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/util.h"
#include "controller-manager/garbagecollector.h"

static cJSON *J(const char *s)
{
	cJSON *j = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse_str(s, &j, &err) < 0)
		fail_msg("bad test JSON %s: %s", s, err.msg);
	return j;
}

/* What the graph asked for, as "d:uid" / "o:uid" / "ns:dep>owner" words. */
typedef struct rec {
	kc_buf log;
} rec;

static void r_delete(const char *uid, void *u)
{
	kc_buf_addf(&((rec *)u)->log, "d:%s ", uid);
}

static void r_orphan(const char *uid, void *u)
{
	kc_buf_addf(&((rec *)u)->log, "o:%s ", uid);
}

static void r_invalid(const kc_gc_node *dep, const kc_gc_ref *owner, void *u)
{
	kc_buf_addf(&((rec *)u)->log, "ns:%s>%s ", dep->id.uid, owner->uid);
}

static kc_gc_graph *graph(rec *r)
{
	kc_buf_init(&r->log);
	return kc_gc_graph_new(&(kc_gc_graph_ops){
		.attempt_to_delete = r_delete, .attempt_to_orphan = r_orphan, .invalid_namespace = r_invalid, .userdata = r});
}

/* The log since the last call, then cleared. */
static char *took(rec *r)
{
	char *s = xstrdup(kc_buf_str(&r->log));
	kc_buf_reset(&r->log);
	return s;
}

#define expect_log(r, want)                                                         \
	do {                                                                        \
		_cleanup_free_ char *got_ = took(r);                                \
		if (!streq(got_, want))                                             \
			fail_msg("line %d: queued \"%s\", want \"%s\"", __LINE__, got_, want); \
	} while (0)

static void feed(kc_gc_graph *g, kc_gc_event type, const char *old_json, const char *json)
{
	_cleanup_json_ cJSON *old = old_json ? J(old_json) : NULL;
	_cleanup_json_ cJSON *obj = J(json);
	kc_gc_graph_observe(g, type, old, obj, NULL);
}

#define RS(uid, extra_meta)                                                                            \
	"{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"rs\",\"namespace\":\"ns\"," \
	"\"uid\":\"" uid "\"" extra_meta "}}"
#define POD(name, uid, refs)                                                                             \
	"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" name "\",\"namespace\":\"ns\",\"uid\":\"" uid \
	"\",\"ownerReferences\":[" refs "]}}"
#define REF_RS(uid, block) \
	"{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"uid\":\"" uid "\",\"controller\":true," \
	"\"blockOwnerDeletion\":" block "}"

static void test_graph_dependents_and_deletion(void **state)
{
	(void)state;
	rec r;
	kc_gc_graph *g = graph(&r);
	feed(g, KC_GC_EVENT_ADD, NULL, RS("rs1", ""));
	feed(g, KC_GC_EVENT_ADD, NULL, POD("p1", "p1", REF_RS("rs1", "true")));
	feed(g, KC_GC_EVENT_ADD, NULL, POD("p2", "p2", REF_RS("rs1", "false")));
	expect_log(&r, ""); /* owners present: nothing to check */
	kc_gc_node *rs = kc_gc_graph_get(g, "rs1");
	assert_non_null(rs);
	assert_true(rs->observed);
	size_t n = 0;
	kc_gc_node **deps = kc_gc_node_dependents(rs, false, &n);
	assert_int_equal(n, 2);
	assert_string_equal(deps[0]->id.uid, "p1");
	assert_string_equal(deps[1]->id.uid, "p2");
	free(deps);
	deps = kc_gc_node_dependents(rs, true, &n);
	assert_int_equal(n, 1);
	assert_string_equal(deps[0]->id.name, "p1");
	free(deps);
	/* A resync (same object) queues nothing. */
	feed(g, KC_GC_EVENT_UPDATE, RS("rs1", ""), RS("rs1", ""));
	expect_log(&r, "");

	/* The owner goes: its dependents are looked at, and it is known
	 * absent. */
	feed(g, KC_GC_EVENT_DELETE, NULL, RS("rs1", ""));
	expect_log(&r, "d:p1 d:p2 ");
	assert_null(kc_gc_graph_get(g, "rs1"));
	kc_gc_identity id = {"apps/v1", "ReplicaSet", "ns", "rs", "rs1"};
	assert_true(kc_gc_graph_is_absent(g, &id));
	/* A dependent going does not disturb anything. */
	feed(g, KC_GC_EVENT_DELETE, NULL, POD("p1", "p1", REF_RS("rs1", "true")));
	expect_log(&r, "");
	assert_int_equal(kc_gc_graph_len(g), 1);
	/* Objects without a uid are ignored. */
	feed(g, KC_GC_EVENT_ADD, NULL, "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"x\"}}");
	assert_int_equal(kc_gc_graph_len(g), 1);
	kc_gc_graph_free(g);
	kc_buf_free(&r.log);
}

static void test_graph_virtual_owner(void **state)
{
	(void)state;
	rec r;
	kc_gc_graph *g = graph(&r);
	/* A dependent seen before its owner (or whose owner is gone): a
	 * virtual node the API must confirm. */
	feed(g, KC_GC_EVENT_ADD, NULL, POD("p1", "p1", REF_RS("rs1", "true")));
	expect_log(&r, "d:rs1 ");
	kc_gc_node *v = kc_gc_graph_get(g, "rs1");
	assert_non_null(v);
	assert_false(v->observed);
	assert_string_equal(v->id.ns, "ns"); /* the dependent's namespace */
	assert_string_equal(v->id.kind, "ReplicaSet");
	/* A second dependent of the same owner queues nothing more. */
	feed(g, KC_GC_EVENT_ADD, NULL, POD("p2", "p2", REF_RS("rs1", "true")));
	expect_log(&r, "");
	/* The owner shows up: observed, nothing to do. */
	feed(g, KC_GC_EVENT_ADD, NULL, RS("rs1", ""));
	expect_log(&r, "");
	assert_true(kc_gc_graph_get(g, "rs1")->observed);

	/* Another dependent names an owner the API says is gone. */
	feed(g, KC_GC_EVENT_ADD, NULL, POD("p3", "p3", REF_RS("gone", "true")));
	expect_log(&r, "d:gone ");
	kc_gc_identity gone = {"apps/v1", "ReplicaSet", "ns", "rs", "gone"};
	kc_gc_graph_virtual_delete(g, &gone);
	expect_log(&r, "d:p3 ");
	assert_null(kc_gc_graph_get(g, "gone"));
	assert_true(kc_gc_graph_is_absent(g, &gone));
	/* A virtual delete for something unknown is a no-op. */
	kc_gc_graph_virtual_delete(g, &gone);
	expect_log(&r, "");
	kc_gc_graph_free(g);
	kc_buf_free(&r.log);
}

static void test_graph_virtual_delete_mismatch(void **state)
{
	(void)state;
	rec r;
	kc_gc_graph *g = graph(&r);
	feed(g, KC_GC_EVENT_ADD, NULL, RS("rs1", ""));
	feed(g, KC_GC_EVENT_ADD, NULL, POD("p1", "p1", REF_RS("rs1", "true")));
	/* p2 names uid rs1 with another kind. */
	feed(g, KC_GC_EVENT_ADD, NULL,
	     POD("p2", "p2", "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"name\":\"rs\",\"uid\":\"rs1\"}"));
	expect_log(&r, "d:p2 "); /* its reference disagrees with the observed owner */
	/* The API says the StatefulSet coordinates do not exist: the real node
	 * stays, only p2 is looked at again. */
	kc_gc_identity wrong = {"apps/v1", "StatefulSet", "ns", "rs", "rs1"};
	kc_gc_graph_virtual_delete(g, &wrong);
	expect_log(&r, "d:p2 ");
	assert_non_null(kc_gc_graph_get(g, "rs1"));
	kc_gc_graph_free(g);
	kc_buf_free(&r.log);
}

static void test_graph_virtual_alternate(void **state)
{
	(void)state;
	rec r;
	kc_gc_graph *g = graph(&r);
	/* Two dependents name uid X differently; neither is observed. */
	feed(g, KC_GC_EVENT_ADD, NULL, POD("p1", "p1", REF_RS("X", "true")));
	feed(g, KC_GC_EVENT_ADD, NULL,
	     POD("p2", "p2", "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"name\":\"ss\",\"uid\":\"X\"}"));
	expect_log(&r, "d:X d:p2 ");
	/* The ReplicaSet coordinates are verified absent: p1 is looked at, and
	 * the virtual node takes the other coordinates, to be verified too. */
	kc_gc_identity rs = {"apps/v1", "ReplicaSet", "ns", "rs", "X"};
	kc_gc_graph_virtual_delete(g, &rs);
	expect_log(&r, "d:p1 d:X ");
	kc_gc_node *v = kc_gc_graph_get(g, "X");
	assert_non_null(v);
	assert_string_equal(v->id.kind, "StatefulSet");
	assert_string_equal(v->id.name, "ss");
	kc_gc_identity ss = {"apps/v1", "StatefulSet", "ns", "ss", "X"};
	kc_gc_graph_virtual_delete(g, &ss);
	/* p1 still names the ReplicaSet coordinates: as upstream, the node
	 * stays and flips back to them; p2 is looked at. */
	expect_log(&r, "d:p2 d:X ");
	assert_string_equal(kc_gc_graph_get(g, "X")->id.kind, "ReplicaSet");
	/* Once the dependents that disagree are gone, it goes. */
	feed(g, KC_GC_EVENT_DELETE, NULL,
	     POD("p2", "p2", "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"name\":\"ss\",\"uid\":\"X\"}"));
	expect_log(&r, "");
	kc_gc_graph_virtual_delete(g, &rs);
	expect_log(&r, "d:p1 ");
	assert_null(kc_gc_graph_get(g, "X"));
	kc_gc_graph_free(g);
	kc_buf_free(&r.log);
}

static void test_graph_foreground_and_orphan(void **state)
{
	(void)state;
	rec r;
	kc_gc_graph *g = graph(&r);
	feed(g, KC_GC_EVENT_ADD, NULL, RS("rs1", ""));
	feed(g, KC_GC_EVENT_ADD, NULL, POD("p1", "p1", REF_RS("rs1", "true")));
	expect_log(&r, "");
	/* Foreground deletion starts: dependents and the owner. */
	feed(g, KC_GC_EVENT_UPDATE, RS("rs1", ""),
	     RS("rs1", ",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\",\"finalizers\":[\"foregroundDeletion\"]"));
	expect_log(&r, "d:p1 d:rs1 ");
	kc_gc_node *rs = kc_gc_graph_get(g, "rs1");
	assert_true(rs->deleting_dependents);
	assert_true(rs->being_deleted);
	/* The same state again is no new transition. */
	feed(g, KC_GC_EVENT_UPDATE,
	     RS("rs1", ",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\",\"finalizers\":[\"foregroundDeletion\"]"),
	     RS("rs1", ",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\",\"finalizers\":[\"foregroundDeletion\"]"));
	expect_log(&r, "");
	/* A dependent going lets the owner be looked at again. */
	feed(g, KC_GC_EVENT_DELETE, NULL, POD("p1", "p1", REF_RS("rs1", "true")));
	expect_log(&r, "d:rs1 ");

	/* Orphan: seen at once (first list) with the finalizer. */
	feed(g, KC_GC_EVENT_ADD, NULL,
	     RS("rs2", ",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\",\"finalizers\":[\"orphan\"]"));
	expect_log(&r, "o:rs2 ");
	/* A foreground owner first seen in that state (a restart). */
	feed(g, KC_GC_EVENT_ADD, NULL,
	     RS("rs3", ",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\",\"finalizers\":[\"foregroundDeletion\"]"));
	expect_log(&r, "d:rs3 ");
	assert_true(kc_gc_graph_get(g, "rs3")->deleting_dependents);
	/* A finalizer without deletionTimestamp is no deletion. */
	feed(g, KC_GC_EVENT_ADD, NULL, RS("rs4", ",\"finalizers\":[\"orphan\"]"));
	expect_log(&r, "");
	kc_gc_graph_free(g);
	kc_buf_free(&r.log);
}

static void test_graph_reference_changes(void **state)
{
	(void)state;
	rec r;
	kc_gc_graph *g = graph(&r);
	feed(g, KC_GC_EVENT_ADD, NULL, RS("rs1", ""));
	feed(g, KC_GC_EVENT_ADD, NULL, POD("p1", "p1", REF_RS("rs1", "true")));
	expect_log(&r, "");
	/* blockOwnerDeletion true -> false: the owner may be unblocked */
	feed(g, KC_GC_EVENT_UPDATE, POD("p1", "p1", REF_RS("rs1", "true")), POD("p1", "p1", REF_RS("rs1", "false")));
	expect_log(&r, "d:rs1 ");
	size_t n = 0;
	assert_null(kc_gc_node_dependents(kc_gc_graph_get(g, "rs1"), true, &n));
	/* false -> true queues nothing */
	feed(g, KC_GC_EVENT_UPDATE, POD("p1", "p1", REF_RS("rs1", "false")), POD("p1", "p1", REF_RS("rs1", "true")));
	expect_log(&r, "");
	/* a blocking reference removed (released by its controller) */
	feed(g, KC_GC_EVENT_UPDATE, POD("p1", "p1", REF_RS("rs1", "true")), POD("p1", "p1", ""));
	expect_log(&r, "d:rs1 ");
	kc_gc_node **deps = kc_gc_node_dependents(kc_gc_graph_get(g, "rs1"), false, &n);
	assert_null(deps);
	assert_int_equal(n, 0);
	/* adopted by a new owner not seen yet */
	feed(g, KC_GC_EVENT_UPDATE, POD("p1", "p1", ""), POD("p1", "p1", REF_RS("rs9", "true")));
	expect_log(&r, "d:rs9 ");
	assert_non_null(kc_gc_graph_get(g, "rs9"));
	kc_gc_graph_free(g);
	kc_buf_free(&r.log);
}

static void test_graph_invalid_namespace(void **state)
{
	(void)state;
	rec r;
	kc_gc_graph *g = graph(&r);
	feed(g, KC_GC_EVENT_ADD, NULL,
	     "{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"rs\",\"namespace\":\"other\","
	     "\"uid\":\"rs1\"}}");
	feed(g, KC_GC_EVENT_ADD, NULL, POD("p1", "p1", REF_RS("rs1", "true")));
	expect_log(&r, "ns:p1>rs1 d:p1 ");
	/* A cluster-scoped owner may be named from any namespace. */
	feed(g, KC_GC_EVENT_ADD, NULL, "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\",\"uid\":\"n1\"}}");
	feed(g, KC_GC_EVENT_ADD, NULL,
	     POD("p2", "p2", "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"n1\",\"uid\":\"n1\"}"));
	expect_log(&r, "");
	kc_gc_graph_free(g);
	kc_buf_free(&r.log);
}

static void test_absent_cache_bound(void **state)
{
	(void)state;
	rec r;
	kc_gc_graph *g = graph(&r);
	char uid[32];
	kc_gc_identity id = {"v1", "Pod", "ns", "p", uid};
	for (int i = 0; i < 600; i++) {
		snprintf(uid, sizeof(uid), "u%d", i);
		kc_gc_graph_mark_absent(g, &id);
		assert_true(kc_gc_graph_is_absent(g, &id));
	}
	snprintf(uid, sizeof(uid), "u%d", 599);
	assert_true(kc_gc_graph_is_absent(g, &id));
	kc_gc_identity other = {"v1", "Pod", "", "p", uid}; /* namespace is part of the key */
	assert_false(kc_gc_graph_is_absent(g, &other));
	_cleanup_free_ char *s = kc_gc_identity_string(&id);
	assert_string_equal(s, "[v1/Pod, namespace: ns, name: p, uid: u599]");
	kc_gc_graph_free(g);
	kc_buf_free(&r.log);
}

/* ---- decisions ---- */

static void test_classify_owner(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *live = J("{\"metadata\":{\"uid\":\"u1\"}}");
	_cleanup_json_ cJSON *fg = J("{\"metadata\":{\"uid\":\"u1\",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\","
				     "\"finalizers\":[\"foregroundDeletion\"]}}");
	_cleanup_json_ cJSON *bg = J("{\"metadata\":{\"uid\":\"u1\",\"deletionTimestamp\":\"2024-01-01T00:00:00Z\","
				     "\"finalizers\":[\"custom\"]}}");
	assert_int_equal(kc_gc_classify_owner(NULL, "u1"), KC_GC_OWNER_DANGLING);
	assert_int_equal(kc_gc_classify_owner(live, "u2"), KC_GC_OWNER_DANGLING); /* name reused */
	assert_int_equal(kc_gc_classify_owner(live, "u1"), KC_GC_OWNER_SOLID);
	assert_int_equal(kc_gc_classify_owner(fg, "u1"), KC_GC_OWNER_WAITING);
	assert_int_equal(kc_gc_classify_owner(bg, "u1"), KC_GC_OWNER_SOLID);
}

static void test_decide(void **state)
{
	(void)state;
#define S KC_GC_OWNER_SOLID
#define D KC_GC_OWNER_DANGLING
#define W KC_GC_OWNER_WAITING
	static const struct {
		kc_gc_owner_state states[3];
		size_t n;
		size_t deps;
		bool dep_deleting;
		const char *finalizers;
		kc_gc_action_kind kind;
		const char *policy;
	} cases[] = {
		{{0}, 0, 0, false, "[]", KC_GC_NOTHING, NULL},
		{{S}, 1, 0, false, "[]", KC_GC_NOTHING, NULL},
		{{S, S}, 2, 3, false, "[]", KC_GC_NOTHING, NULL},
		{{S, D}, 2, 0, false, "[]", KC_GC_REMOVE_REFS, NULL},
		{{W, S}, 2, 5, false, "[]", KC_GC_REMOVE_REFS, NULL},
		{{D}, 1, 0, false, "[]", KC_GC_DELETE, "Background"},
		{{D, D}, 2, 4, false, "[]", KC_GC_DELETE, "Background"},
		{{D}, 1, 0, false, "[\"orphan\"]", KC_GC_DELETE, "Orphan"},
		{{D}, 1, 0, false, "[\"foregroundDeletion\"]", KC_GC_DELETE, "Foreground"},
		{{D}, 1, 0, false, "[\"orphan\",\"foregroundDeletion\"]", KC_GC_DELETE, "Orphan"},
		{{W}, 1, 0, false, "[]", KC_GC_DELETE, "Background"}, /* nothing of its own to wait for */
		{{W}, 1, 2, false, "[]", KC_GC_DELETE, "Foreground"},
		{{W, D}, 2, 2, false, "[\"orphan\"]", KC_GC_DELETE, "Foreground"},
		{{W}, 1, 2, true, "[]", KC_GC_UNBLOCK_AND_DELETE, "Foreground"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		char buf[256];
		snprintf(buf, sizeof(buf), "{\"metadata\":{\"uid\":\"x\",\"finalizers\":%s}}", cases[i].finalizers);
		_cleanup_json_ cJSON *latest = J(buf);
		kc_gc_action a = kc_gc_decide(latest, cases[i].states, cases[i].n, cases[i].deps, cases[i].dep_deleting);
		if (a.kind != cases[i].kind || !streq_ptr(a.policy, cases[i].policy))
			fail_msg("case %zu: kind %d policy %s, want %d %s", i, a.kind, a.policy ? a.policy : "-",
				 cases[i].kind, cases[i].policy ? cases[i].policy : "-");
	}
#undef S
#undef D
#undef W
}

static void expect_json(const cJSON *got, const char *want, const char *what)
{
	if (!want) {
		if (got)
			fail_msg("%s: want nothing, got %s", what, kc_json_print(got));
		return;
	}
	_cleanup_json_ cJSON *w = J(want);
	if (!got || !kc_json_equal(got, w)) {
		_cleanup_free_ char *s = got ? kc_json_print(got) : xstrdup("NULL");
		fail_msg("%s: got %s, want %s", what, s, want);
	}
}

static void test_patches(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *obj = J(
		"{\"metadata\":{\"uid\":\"me\",\"resourceVersion\":\"42\",\"finalizers\":[\"orphan\",\"x/y\"],"
		"\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"a\",\"uid\":\"A\","
		"\"blockOwnerDeletion\":true},{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"b\",\"uid\":\"B\"}]}}");
	const char *a[] = {"A"}, *ab[] = {"A", "B"}, *z[] = {"Z"};
	cJSON *p;

	p = kc_gc_patch_remove_refs(obj, a, 1);
	expect_json(p,
		    "{\"metadata\":{\"uid\":\"me\",\"resourceVersion\":\"42\",\"ownerReferences\":[{\"apiVersion\":\"v1\","
		    "\"kind\":\"Node\",\"name\":\"b\",\"uid\":\"B\"}]}}",
		    "remove A");
	cJSON_Delete(p);
	p = kc_gc_patch_remove_refs(obj, ab, 2);
	expect_json(p, "{\"metadata\":{\"uid\":\"me\",\"resourceVersion\":\"42\",\"ownerReferences\":null}}", "remove all");
	cJSON_Delete(p);
	p = kc_gc_patch_remove_refs(obj, z, 1);
	expect_json(p, NULL, "remove unknown");

	p = kc_gc_patch_unblock(obj);
	expect_json(p,
		    "{\"metadata\":{\"uid\":\"me\",\"resourceVersion\":\"42\",\"ownerReferences\":[{\"apiVersion\":"
		    "\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"a\",\"uid\":\"A\",\"blockOwnerDeletion\":false},"
		    "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"b\",\"uid\":\"B\"}]}}",
		    "unblock");
	cJSON_Delete(p);
	_cleanup_json_ cJSON *unblocked = J("{\"metadata\":{\"ownerReferences\":[{\"uid\":\"A\",\"blockOwnerDeletion\":false}]}}");
	expect_json(kc_gc_patch_unblock(unblocked), NULL, "nothing to unblock");

	p = kc_gc_patch_remove_finalizer(obj, "orphan");
	expect_json(p, "{\"metadata\":{\"uid\":\"me\",\"resourceVersion\":\"42\",\"finalizers\":[\"x/y\"]}}", "finalizer");
	cJSON_Delete(p);
	expect_json(kc_gc_patch_remove_finalizer(obj, "foregroundDeletion"), NULL, "absent finalizer");
	_cleanup_json_ cJSON *one = J("{\"metadata\":{\"uid\":\"u\",\"resourceVersion\":\"7\",\"finalizers\":[\"orphan\"]}}");
	p = kc_gc_patch_remove_finalizer(one, "orphan");
	expect_json(p, "{\"metadata\":{\"uid\":\"u\",\"resourceVersion\":\"7\",\"finalizers\":null}}", "last finalizer");
	cJSON_Delete(p);

	p = kc_gc_delete_options("u", "7", "Foreground");
	expect_json(p,
		    "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"uid\":\"u\","
		    "\"resourceVersion\":\"7\"},\"propagationPolicy\":\"Foreground\"}",
		    "delete options");
	cJSON_Delete(p);
	p = kc_gc_delete_options("u", "", NULL);
	expect_json(p, "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":{\"uid\":\"u\"}}",
		    "uid only");
	cJSON_Delete(p);
	assert_true(kc_gc_has_finalizer(obj, "x/y"));
	assert_false(kc_gc_has_finalizer(obj, "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_graph_dependents_and_deletion),
		cmocka_unit_test(test_graph_virtual_owner),
		cmocka_unit_test(test_graph_virtual_delete_mismatch),
		cmocka_unit_test(test_graph_virtual_alternate),
		cmocka_unit_test(test_graph_foreground_and_orphan),
		cmocka_unit_test(test_graph_reference_changes),
		cmocka_unit_test(test_graph_invalid_namespace),
		cmocka_unit_test(test_absent_cache_bound),
		cmocka_unit_test(test_classify_owner),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_patches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
