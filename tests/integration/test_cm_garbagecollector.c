/* test_cm_garbagecollector.c - cascading deletion by kc-controller-manager's
 * garbage collector against a real etcd + kc-apiserver:
 *   - owners and dependents made by the test (a ReplicaSet and pods with
 *     ownerReferences, only the garbagecollector controller running, so
 *     nothing recreates them): background deletion takes the pods;
 *     foreground keeps the ReplicaSet, with its foregroundDeletion
 *     finalizer, while a blocking pod is still there and deletes it once the
 *     pod is gone; orphan keeps the pods, without the reference; a pod
 *     with a second, live owner only loses the reference to the dead one;
 *   - owners deleted while the controller-manager was down (and a name
 *     reused by a new object with another uid): their dependents are
 *     collected once it starts;
 *   - Deployments with the deployment and replicaset controllers: each
 *     propagation policy does what upstream does (checked in etcd's history
 *     for foreground: the Deployment goes after its ReplicaSet and pods). */
#include <errno.h>
#include <event2/event.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/client.h"
#include "common/json.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "harness/api.h"
#include "harness/apiserver.h"
#include "harness/procs.h"

#define NS "gc-test"
#define WAIT_MS 60000

typedef struct fixture {
	kc_test_apiserver api;
	struct event_base *base;
	kc_client *admin;
	pid_t cm;
	char *cm_log;
	bool with_deployments;
} fixture;

static fixture *F;

/* ---- API helpers (synchronous, admin) ---- */

/* Returns the HTTP status (0 on transport failure); *ret (may be NULL)
 * gets the body. */
static long call(const char *method, const char *path, const char *body, cJSON **ret)
{
	return kc_test_call(F->admin, method, path, body, ret);
}

static cJSON *get(const char *path) { return kc_test_get(F->admin, path); }

static cJSON *create(const char *path, const char *json)
{
	cJSON *obj = NULL;
	long st = call("POST", path, json, &obj);
	if (st != 201) {
		_cleanup_free_ char *s = obj ? kc_json_print(obj) : xstrdup("");
		fail_msg("POST %s: %ld %s", path, st, s);
	}
	return obj;
}

static void del(const char *path, const char *policy)
{
	_cleanup_free_ char *body =
		xasprintf("{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"%s\"}", policy);
	long st = call("DELETE", path, body, NULL);
	if (st != 200 && st != 202)
		fail_msg("DELETE %s (%s): %ld", path, policy, st);
}

/* The end of the controller-manager's log, to see why a wait failed. */
static void dump_log(void) { kc_test_print_tail(F->cm_log, 6000); }

static void sleep_ms(int ms)
{
	usleep((useconds_t)ms * 1000);
}

/* Polls until path answers 404. */
static void wait_gone(const char *path, const char *what)
{
	int64_t deadline = kc_time_monotonic_ms() + WAIT_MS;
	while (kc_time_monotonic_ms() < deadline) {
		cJSON *o = get(path);
		if (!o)
			return;
		cJSON_Delete(o);
		sleep_ms(200);
	}
	dump_log();
	fail_msg("%s: %s still exists after %d ms", what, path, WAIT_MS);
}

typedef bool (*obj_pred)(const cJSON *obj, const void *arg);

/* Polls path until pred holds; returns the object (caller frees). */
static cJSON *wait_obj(const char *path, obj_pred pred, const void *arg, const char *what)
{
	int64_t deadline = kc_time_monotonic_ms() + WAIT_MS;
	cJSON *last = NULL;
	while (kc_time_monotonic_ms() < deadline) {
		cJSON_Delete(last);
		last = get(path);
		if (last && pred(last, arg))
			return last;
		sleep_ms(200);
	}
	_cleanup_free_ char *s = last ? kc_json_print(last) : xstrdup("(404)");
	cJSON_Delete(last);
	dump_log();
	fail_msg("%s: %s never came to be; last seen: %s", what, path, s);
	return NULL;
}

static bool has_finalizer(const cJSON *obj, const void *name)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, kc_json_get(obj, "metadata.finalizers"))
	{
		if (cJSON_IsString(f) && streq(f->valuestring, name))
			return true;
	}
	return false;
}

static bool being_deleted(const cJSON *obj, const void *arg)
{
	(void)arg;
	return kc_json_get_str(obj, "metadata.deletionTimestamp", "")[0] != '\0';
}

static bool refers_to(const cJSON *obj, const char *uid)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, kc_json_get(obj, "metadata.ownerReferences"))
	{
		if (streq(kc_json_get_str(r, "uid", ""), uid))
			return true;
	}
	return false;
}

static bool not_referring(const cJSON *obj, const void *uid)
{
	return !refers_to(obj, uid);
}

/* ---- the controller-manager ---- */

static void start_cm(const char *controllers)
{
	_cleanup_free_ char *ctl = xasprintf("--controllers=%s", controllers);
	const char *args[] = {ctl, "--leader-elect=false", "-v=2", NULL};
	free(F->cm_log);
	F->cm = kc_test_start_daemon(&F->api, "controller-manager", args, NULL, &F->cm_log);
	assert_true(F->cm > 0);
}

static void stop_cm(void)
{
	if (F->cm > 0) {
		int st = kc_test_stop(F->cm, 10000);
		F->cm = 0;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail_msg("kc-controller-manager did not exit 0 on SIGTERM (status %d); log %s", st, F->cm_log);
	}
}

static int group_setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));
	if (kc_test_apiserver_start(&f->api, NULL) < 0) {
		free(f);
		return -1;
	}
	f->base = event_base_new();
	kc_client_config cfg;
	kc_test_apiserver_client_config(&f->api, "admin", &cfg);
	f->admin = kc_client_new(f->base, &cfg, NULL);
	kc_client_config_clear(&cfg);
	F = f;
	*state = f;
	long st = call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" NS "\"}}", NULL);
	if (st != 201)
		return -1;
	start_cm("garbagecollector");
	return 0;
}

static int group_teardown(void **state)
{
	fixture *f = *state;
	if (!f)
		return 0;
	if (f->cm > 0)
		kc_test_stop(f->cm, 5000);
	free(f->cm_log);
	kc_client_free(f->admin);
	event_base_free(f->base);
	kc_test_apiserver_stop(&f->api);
	free(f);
	F = NULL;
	return 0;
}

/* ---- objects ---- */

#define RS_PATH  "/apis/apps/v1/namespaces/" NS "/replicasets"
#define POD_PATH "/api/v1/namespaces/" NS "/pods"
#define CM_PATH  "/api/v1/namespaces/" NS "/configmaps"
#define DEP_PATH "/apis/apps/v1/namespaces/" NS "/deployments"

/* A ReplicaSet of 0 replicas (so that no replicaset controller would act
 * on it) and n pods owned by it. Returns the ReplicaSet's uid. */
static char *make_family(const char *name, int n, const char *pod_finalizer)
{
	char buf[2048];
	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"replicas\":0,\"selector\":{\"matchLabels\":{\"app\":\"%s\"}},"
		 "\"template\":{\"metadata\":{\"labels\":{\"app\":\"%s\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
		 "\"image\":\"nginx\"}]}}}}",
		 name, name, name);
	_cleanup_json_ cJSON *rs = create(RS_PATH, buf);
	char *uid = xstrdup(kc_json_get_str(rs, "metadata.uid", ""));
	for (int i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf),
			 "{\"metadata\":{\"name\":\"%s-%d\",\"labels\":{\"app\":\"%s\"},%s%s%s\"ownerReferences\":[{"
			 "\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"%s\",\"uid\":\"%s\",\"controller\":"
			 "true,\"blockOwnerDeletion\":true}]},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}",
			 name, i, name, pod_finalizer ? "\"finalizers\":[\"" : "", pod_finalizer ? pod_finalizer : "",
			 pod_finalizer ? "\"]," : "", name, uid);
		cJSON_Delete(create(POD_PATH, buf));
	}
	return uid;
}

static char *path_of(const char *base, const char *name)
{
	return xasprintf("%s/%s", base, name);
}

/* ---- tests ---- */

static void test_background(void **state)
{
	(void)state;
	free(make_family("bg", 3, NULL));
	_cleanup_free_ char *rs = path_of(RS_PATH, "bg");
	del(rs, "Background");
	wait_gone(rs, "the ReplicaSet deleted in the background");
	for (int i = 0; i < 3; i++) {
		_cleanup_free_ char *p = xasprintf(POD_PATH "/bg-%d", i);
		wait_gone(p, "a pod of a ReplicaSet deleted in the background");
	}
}

static void test_foreground(void **state)
{
	(void)state;
	/* bf-0 holds a finalizer of the test's, so it stays Terminating until
	 * the test lets it go: the ReplicaSet must wait for it. */
	free(make_family("bf", 2, "kc.test/hold"));
	_cleanup_free_ char *rs = path_of(RS_PATH, "bf");
	del(rs, "Foreground");
	_cleanup_free_ char *p0 = xasprintf(POD_PATH "/bf-0");
	_cleanup_free_ char *p1 = xasprintf(POD_PATH "/bf-1");
	cJSON_Delete(wait_obj(p0, being_deleted, NULL, "the blocking pod deleted by the collector"));
	cJSON_Delete(wait_obj(p1, being_deleted, NULL, "the second pod deleted by the collector"));
	/* Both pods hold the test's finalizer; while they exist the owner is
	 * there, deleting, with the foregroundDeletion finalizer. */
	cJSON *owner = get(rs);
	assert_non_null(owner);
	assert_true(being_deleted(owner, NULL));
	assert_true(has_finalizer(owner, "foregroundDeletion"));
	cJSON_Delete(owner);
	call("PATCH", p0, "{\"metadata\":{\"finalizers\":null}}", NULL);
	wait_gone(p0, "the first pod once its finalizer is removed");
	owner = get(rs);
	assert_non_null(owner); /* bf-1 still blocks */
	cJSON_Delete(owner);
	call("PATCH", p1, "{\"metadata\":{\"finalizers\":null}}", NULL);
	wait_gone(p1, "the second pod");
	wait_gone(rs, "the ReplicaSet once no blocking dependent is left");
}

static void test_foreground_nonblocking(void **state)
{
	(void)state;
	/* A dependent without blockOwnerDeletion is deleted too, but the owner
	 * does not wait for it. */
	_cleanup_json_ cJSON *owner =
		create(CM_PATH, "{\"metadata\":{\"name\":\"fg-owner\"},\"data\":{\"a\":\"b\"}}");
	char buf[1024];
	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"fg-dep\",\"finalizers\":[\"kc.test/hold\"],\"ownerReferences\":[{"
		 "\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"fg-owner\",\"uid\":\"%s\"}]}}",
		 kc_json_get_str(owner, "metadata.uid", ""));
	cJSON_Delete(create(CM_PATH, buf));
	del(CM_PATH "/fg-owner", "Foreground");
	wait_gone(CM_PATH "/fg-owner", "a foreground owner with only a non-blocking dependent");
	cJSON_Delete(wait_obj(CM_PATH "/fg-dep", being_deleted, NULL, "its non-blocking dependent, deleted"));
	call("PATCH", CM_PATH "/fg-dep", "{\"metadata\":{\"finalizers\":null}}", NULL);
	wait_gone(CM_PATH "/fg-dep", "the dependent once let go");
}

static void test_orphan(void **state)
{
	(void)state;
	_cleanup_free_ char *uid = make_family("or", 2, NULL);
	_cleanup_free_ char *rs = path_of(RS_PATH, "or");
	del(rs, "Orphan");
	wait_gone(rs, "the ReplicaSet deleted with the orphan policy");
	for (int i = 0; i < 2; i++) {
		_cleanup_free_ char *p = xasprintf(POD_PATH "/or-%d", i);
		cJSON *pod = get(p);
		if (!pod)
			fail_msg("orphaned pod %s was deleted", p);
		if (refers_to(pod, uid))
			fail_msg("orphaned pod %s still refers to its deleted owner", p);
		assert_false(being_deleted(pod, NULL));
		cJSON_Delete(pod);
	}
}

static void test_second_owner_keeps(void **state)
{
	(void)state;
	_cleanup_json_ cJSON *a = create(CM_PATH, "{\"metadata\":{\"name\":\"two-a\"}}");
	_cleanup_json_ cJSON *b = create(CM_PATH, "{\"metadata\":{\"name\":\"two-b\"}}");
	char buf[1024];
	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"two-dep\",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
		 "\"name\":\"two-a\",\"uid\":\"%s\"},{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"two-b\","
		 "\"uid\":\"%s\"}]}}",
		 kc_json_get_str(a, "metadata.uid", ""), kc_json_get_str(b, "metadata.uid", ""));
	cJSON_Delete(create(CM_PATH, buf));
	del(CM_PATH "/two-a", "Background");
	_cleanup_json_ cJSON *dep =
		wait_obj(CM_PATH "/two-dep", not_referring, kc_json_get_str(a, "metadata.uid", ""),
			 "the dependent losing its reference to the deleted owner");
	assert_true(refers_to(dep, kc_json_get_str(b, "metadata.uid", "")));
	assert_false(being_deleted(dep, NULL));
	/* The last owner goes: so does the dependent. */
	del(CM_PATH "/two-b", "Background");
	wait_gone(CM_PATH "/two-dep", "the dependent of two deleted owners");
}

static void test_dangling_after_downtime(void **state)
{
	(void)state;
	stop_cm();
	/* Owners go while nobody collects. */
	free(make_family("down", 2, NULL));
	_cleanup_free_ char *rs = path_of(RS_PATH, "down");
	del(rs, "Background"); /* no finalizer: gone at once */
	assert_null(get(rs));
	/* A name reused: the pods of the old "reuse" must go, the new one's
	 * must stay. */
	free(make_family("reuse", 1, NULL));
	_cleanup_free_ char *reuse = path_of(RS_PATH, "reuse");
	del(reuse, "Background");
	_cleanup_free_ char *new_uid = make_family("reuse", 0, NULL);
	char buf[1024];
	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"reuse-new\",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":"
		 "\"ReplicaSet\",\"name\":\"reuse\",\"uid\":\"%s\",\"controller\":true}]},\"spec\":{\"containers\":[{"
		 "\"name\":\"c\",\"image\":\"nginx\"}]}}",
		 new_uid);
	cJSON_Delete(create(POD_PATH, buf));
	start_cm("garbagecollector");
	wait_gone(POD_PATH "/down-0", "a pod whose owner was deleted while the controller-manager was down");
	wait_gone(POD_PATH "/down-1", "the second such pod");
	wait_gone(POD_PATH "/reuse-0", "a pod whose owner's name now has another uid");
	/* Its owner exists: the new pod stays (looked at after the old one
	 * went, which the collector handled in the same pass). */
	cJSON *pod = get(POD_PATH "/reuse-new");
	assert_non_null(pod);
	assert_false(being_deleted(pod, NULL));
	cJSON_Delete(pod);
	cJSON *owner = get(reuse);
	assert_non_null(owner);
	cJSON_Delete(owner);
}


/* ---- Deployments (the deployment and replicaset controllers make the
 * ReplicaSet and its pods) ---- */

static bool has_items(const char *path, int n)
{
	_cleanup_json_ cJSON *list = get(path);
	return list && cJSON_GetArraySize(kc_json_get(list, "items")) == n;
}

static void wait_items(const char *path, int n, const char *what)
{
	int64_t deadline = kc_time_monotonic_ms() + WAIT_MS;
	while (kc_time_monotonic_ms() < deadline) {
		if (has_items(path, n))
			return;
		sleep_ms(200);
	}
	dump_log();
	fail_msg("%s: %s never had %d items", what, path, n);
}

/* Makes Deployment name (2 replicas) and waits for its ReplicaSet and
 * pods. Returns the Deployment's uid. */
static char *make_deployment(const char *name)
{
	char buf[2048];
	snprintf(buf, sizeof(buf),
		 "{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"%s\"}},"
		 "\"template\":{\"metadata\":{\"labels\":{\"app\":\"%s\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
		 "\"image\":\"nginx\"}]}}}}",
		 name, name, name);
	_cleanup_json_ cJSON *d = create(DEP_PATH, buf);
	_cleanup_free_ char *rs = xasprintf(RS_PATH "?labelSelector=app%%3D%s", name);
	_cleanup_free_ char *pods = xasprintf(POD_PATH "?labelSelector=app%%3D%s", name);
	wait_items(rs, 1, "the Deployment's ReplicaSet");
	wait_items(pods, 2, "the Deployment's pods");
	return xstrdup(kc_json_get_str(d, "metadata.uid", ""));
}

static void use_deployment_controllers(void)
{
	if (F->cm > 0 && F->with_deployments)
		return;
	stop_cm();
	start_cm("garbagecollector,deployment,replicaset");
	F->with_deployments = true;
}

static void test_deployment_background(void **state)
{
	if (!kc_test_cm_has_controller("deployment") || !kc_test_cm_has_controller("replicaset")) {
		fprintf(stderr, "skipped: kc-controller-manager has no deployment or replicaset controller yet\n");
		skip();
	}
	(void)state;
	use_deployment_controllers();
	free(make_deployment("d-bg"));
	del(DEP_PATH "/d-bg", "Background");
	wait_gone(DEP_PATH "/d-bg", "the Deployment");
	wait_items(RS_PATH "?labelSelector=app%3Dd-bg", 0, "its ReplicaSet, collected");
	wait_items(POD_PATH "?labelSelector=app%3Dd-bg", 0, "its pods, collected");
}

/* The revision at which key was deleted in the history from rev on (0 if
 * it was not). */
static int64_t deleted_at(const cJSON *events, const char *key)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, events)
	{
		if (streq(kc_json_get_str(e, "type", ""), "DELETE") && streq(kc_json_get_str(e, "key", ""), key))
			return kc_json_get_int(e, "mod_revision", 0);
	}
	return 0;
}

static void test_deployment_foreground(void **state)
{
	if (!kc_test_cm_has_controller("deployment") || !kc_test_cm_has_controller("replicaset")) {
		fprintf(stderr, "skipped: kc-controller-manager has no deployment or replicaset controller yet\n");
		skip();
	}
	(void)state;
	use_deployment_controllers();
	free(make_deployment("d-fg"));
	_cleanup_json_ cJSON *rs_list = get(RS_PATH "?labelSelector=app%3Dd-fg");
	_cleanup_json_ cJSON *pod_list = get(POD_PATH "?labelSelector=app%3Dd-fg");
	cJSON *kvs = NULL;
	int64_t from = 0;
	assert_int_equal(kc_test_etcd_range(&F->api.etcd, "/registry/deployments/", 0, &kvs, &from), 0);
	cJSON_Delete(kvs);
	del(DEP_PATH "/d-fg", "Foreground");
	wait_gone(DEP_PATH "/d-fg", "the Deployment deleted in the foreground");
	wait_items(POD_PATH "?labelSelector=app%3Dd-fg", 0, "its pods");
	wait_items(RS_PATH "?labelSelector=app%3Dd-fg", 0, "its ReplicaSet");
	int64_t until = 0;
	assert_int_equal(kc_test_etcd_range(&F->api.etcd, "/registry/deployments/", 0, &kvs, &until), 0);
	cJSON_Delete(kvs);
	_cleanup_json_ cJSON *events = NULL;
	assert_int_equal(kc_test_etcd_events(&F->api.etcd, "/registry/", from + 1, until, &events), 0);
	int64_t dep = deleted_at(events, "/registry/deployments/" NS "/d-fg");
	assert_true(dep > 0);
	const cJSON *o;
	cJSON_ArrayForEach(o, kc_json_get(rs_list, "items"))
	{
		_cleanup_free_ char *key = xasprintf("/registry/replicasets/" NS "/%s", kc_json_get_str(o, "metadata.name", ""));
		int64_t at = deleted_at(events, key);
		if (!at || at > dep)
			fail_msg("ReplicaSet %s deleted at %lld, the Deployment at %lld", key, (long long)at, (long long)dep);
	}
	cJSON_ArrayForEach(o, kc_json_get(pod_list, "items"))
	{
		_cleanup_free_ char *key = xasprintf("/registry/pods/" NS "/%s", kc_json_get_str(o, "metadata.name", ""));
		int64_t at = deleted_at(events, key);
		if (!at || at > dep)
			fail_msg("pod %s deleted at %lld, the Deployment at %lld", key, (long long)at, (long long)dep);
	}
}

static void test_deployment_orphan(void **state)
{
	if (!kc_test_cm_has_controller("deployment") || !kc_test_cm_has_controller("replicaset")) {
		fprintf(stderr, "skipped: kc-controller-manager has no deployment or replicaset controller yet\n");
		skip();
	}
	(void)state;
	use_deployment_controllers();
	_cleanup_free_ char *uid = make_deployment("d-or");
	del(DEP_PATH "/d-or", "Orphan");
	wait_gone(DEP_PATH "/d-or", "the Deployment deleted with the orphan policy");
	_cleanup_json_ cJSON *rs_list = get(RS_PATH "?labelSelector=app%3Dd-or");
	assert_int_equal(cJSON_GetArraySize(kc_json_get(rs_list, "items")), 1);
	const cJSON *rs = cJSON_GetArrayItem(kc_json_get(rs_list, "items"), 0);
	if (refers_to(rs, uid))
		fail_msg("the orphaned ReplicaSet still refers to the deleted Deployment");
	assert_false(being_deleted(rs, NULL));
	_cleanup_json_ cJSON *pods = get(POD_PATH "?labelSelector=app%3Dd-or");
	assert_int_equal(cJSON_GetArraySize(kc_json_get(pods, "items")), 2);
	const cJSON *p;
	cJSON_ArrayForEach(p, kc_json_get(pods, "items"))
	{
		assert_true(refers_to(p, kc_json_get_str(rs, "metadata.uid", "")));
		assert_false(being_deleted(p, NULL));
	}
	_cleanup_free_ char *rs_path = path_of(RS_PATH, kc_json_get_str(rs, "metadata.name", ""));
	del(rs_path, "Background");
	wait_items(POD_PATH "?labelSelector=app%3Dd-or", 0, "the orphaned ReplicaSet's pods, once it is deleted");
}

int main(void)
{
	/* The controller-manager is another target of the same build; a tree
	 * configured without it has nothing to test here. */
	_cleanup_free_ char *bin = xasprintf("%s/controller-manager/kc-controller-manager", kc_test_build_dir());
	struct stat st;
	if (stat(bin, &st) != 0) {
		fprintf(stderr, "skipped: %s is not built\n", bin);
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_background),
		cmocka_unit_test(test_foreground),
		cmocka_unit_test(test_foreground_nonblocking),
		cmocka_unit_test(test_orphan),
		cmocka_unit_test(test_second_owner_keeps),
		cmocka_unit_test(test_dangling_after_downtime),
		cmocka_unit_test(test_deployment_background),
		cmocka_unit_test(test_deployment_foreground),
		cmocka_unit_test(test_deployment_orphan),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
