/* pod_pick.c - which pod and container a command talks to (see
 * pod_pick.h). */
#include "ctl/pod_pick.h"

#include <errno.h>
#include <time.h>

#include "ctl/target.h"
#include "common/json.h"
#include "common/selector.h"
#include "common/timeutil.h"
#include "banned.h"

int kc_pod_selector_for(const cJSON *obj, char **ret, kc_error *err)
{
	const char *kind = kc_json_get_str(obj, "kind", "");
	const cJSON *sel = kc_json_get(obj, "spec.selector");
	kc_selector *s = NULL;
	int rc;
	if (streq(kind, "ReplicaSet") || streq(kind, "Deployment") || streq(kind, "StatefulSet") ||
	    streq(kind, "DaemonSet") || streq(kind, "Job")) {
		kc_error e = KC_ERROR_INIT;
		rc = kc_selector_from_label_selector(sel, &s, &e);
		if (rc < 0)
			return kc_error_set(err, rc, "invalid label selector: %s", e.msg);
	} else if (streq(kind, "ReplicationController") || streq(kind, "Service")) {
		if (streq(kind, "Service") && cJSON_GetArraySize(sel) == 0)
			return kc_error_set(err, -EINVAL, "invalid service '%s': Service is defined without a selector",
					    kc_json_get_str(obj, "metadata.name", ""));
		rc = kc_selector_from_set(sel, false, &s, err);
		if (rc < 0)
			return rc;
	} else {
		const char *av = kc_json_get_str(obj, "apiVersion", "v1");
		const char *slash = strrchr(av, '/');
		return kc_error_set(err, -ENOTSUP, "selector for *%s.%s not implemented", slash ? slash + 1 : av, kind);
	}
	*ret = kc_selector_to_string(s);
	kc_selector_free(s);
	return 0;
}

/* ---- ordering ---- */

static bool pod_ready(const cJSON *pod)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, "status.conditions"))
		if (streq(kc_json_get_str(c, "type", ""), "Ready"))
			return streq(kc_json_get_str(c, "status", ""), "True");
	return false;
}

static int64_t ready_time(const cJSON *pod)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, "status.conditions"))
		if (streq(kc_json_get_str(c, "type", ""), "Ready")) {
			kc_time t = {0};
			if (kc_time_parse_rfc3339(kc_json_get_str(c, "lastTransitionTime", ""), &t, NULL) == 0)
				return t.sec;
		}
	return 0;
}

static int64_t max_restarts(const cJSON *pod)
{
	int64_t m = 0;
	const cJSON *s;
	cJSON_ArrayForEach(s, kc_json_get(pod, "status.containerStatuses")) {
		int64_t r = kc_json_get_int(s, "restartCount", 0);
		if (r > m)
			m = r;
	}
	return m;
}

static int64_t created(const cJSON *pod)
{
	kc_time t = {0};
	if (kc_time_parse_rfc3339(kc_json_get_str(pod, "metadata.creationTimestamp", ""), &t, NULL) < 0)
		return 0;
	return t.sec;
}

static int phase_rank(const cJSON *pod, bool logging)
{
	const char *p = kc_json_get_str(pod, "status.phase", "");
	if (logging)
		return streq(p, "Running") ? 0 : streq(p, "Unknown") ? 1 : streq(p, "Pending") ? 2 : 0;
	return streq(p, "Pending") ? 0 : streq(p, "Unknown") ? 1 : streq(p, "Running") ? 2 : 0;
}

/* afterOrZero(t1, t2): t1 is zero, or after t2 */
static bool after_or_zero(int64_t t1, int64_t t2) { return t1 == 0 || t1 > t2; }

/* podutils.ByLogging Less */
static bool less_logging(const cJSON *a, const cJSON *b)
{
	const char *na = kc_json_get_str(a, "spec.nodeName", ""), *nb = kc_json_get_str(b, "spec.nodeName", "");
	if (!streq(na, nb) && (!na[0] || !nb[0]))
		return na[0] != '\0';
	if (phase_rank(a, true) != phase_rank(b, true))
		return phase_rank(a, true) < phase_rank(b, true);
	if (pod_ready(a) != pod_ready(b))
		return pod_ready(a);
	if (pod_ready(a) && pod_ready(b) && ready_time(a) != ready_time(b))
		return after_or_zero(ready_time(b), ready_time(a));
	if (max_restarts(a) != max_restarts(b))
		return max_restarts(a) > max_restarts(b);
	if (created(a) != created(b))
		return after_or_zero(created(b), created(a));
	return false;
}

static bool deleting(const cJSON *pod) { return kc_json_get(pod, "metadata.deletionTimestamp") != NULL; }

/* podutils.ActivePods Less */
static bool less_active(const cJSON *a, const cJSON *b)
{
	const char *na = kc_json_get_str(a, "spec.nodeName", ""), *nb = kc_json_get_str(b, "spec.nodeName", "");
	if (!streq(na, nb) && (!na[0] || !nb[0]))
		return !na[0];
	if (phase_rank(a, false) != phase_rank(b, false))
		return phase_rank(a, false) < phase_rank(b, false);
	if (pod_ready(a) != pod_ready(b))
		return !pod_ready(a);
	if (deleting(a) != deleting(b))
		return deleting(a);
	if (pod_ready(a) && pod_ready(b) && ready_time(a) != ready_time(b))
		return after_or_zero(ready_time(a), ready_time(b));
	if (max_restarts(a) != max_restarts(b))
		return max_restarts(a) > max_restarts(b);
	if (created(a) != created(b))
		return after_or_zero(created(a), created(b));
	return false;
}

void kc_pods_sort(cJSON *pods, kc_pod_order order)
{
	int n = cJSON_GetArraySize(pods);
	if (n < 2)
		return;
	cJSON **v = xcalloc((size_t)n, sizeof(*v));
	for (int i = 0; i < n; i++)
		v[i] = cJSON_DetachItemFromArray(pods, 0);
	/* stable insertion sort; ACTIVE is reversed (sort.Reverse) */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0; j--) {
			bool lt = order == KC_POD_ORDER_LOGGING ? less_logging(v[j], v[j - 1]) : less_active(v[j - 1], v[j]);
			if (!lt)
				break;
			cJSON *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(pods, v[i]);
	free(v);
}

/* ---- containers ---- */

char *kc_pod_container_names(const cJSON *pod)
{
	kc_buf b = KC_BUF_INIT;
	const char *lists[] = {"spec.containers", "spec.ephemeralContainers", "spec.initContainers"};
	const char *suffix[] = {"", " (ephem)", " (init)"};
	for (int k = 0; k < 3; k++) {
		const cJSON *c;
		cJSON_ArrayForEach(c, kc_json_get(pod, lists[k]))
			kc_buf_addf(&b, "%s%s%s", b.len ? ", " : "", kc_json_get_str(c, "name", ""), suffix[k]);
	}
	return kc_buf_release(&b);
}

bool kc_pod_has_container(const cJSON *pod, const char *name)
{
	const char *lists[] = {"spec.containers", "spec.initContainers", "spec.ephemeralContainers"};
	for (int k = 0; k < 3; k++) {
		const cJSON *c;
		cJSON_ArrayForEach(c, kc_json_get(pod, lists[k]))
			if (streq(kc_json_get_str(c, "name", ""), name))
				return true;
	}
	return false;
}

const char *kc_pod_default_container(const cJSON *pod, char **ret_note)
{
	*ret_note = NULL;
	const cJSON *containers = kc_json_get(pod, "spec.containers");
	if (cJSON_GetArraySize(containers) == 0)
		return NULL;
	const cJSON *ann = kc_json_getv(pod, "metadata", "annotations", "kubectl.kubernetes.io/default-container", NULL);
	const char *want = kc_json_as_str(ann, "");
	const cJSON *c;
	if (want[0])
		cJSON_ArrayForEach(c, containers)
			if (streq(kc_json_get_str(c, "name", ""), want))
				return kc_json_get_str(c, "name", "");
	const char *first = kc_json_get_str(containers->child, "name", "");
	if (cJSON_GetArraySize(containers) > 1 || cJSON_GetArraySize(kc_json_get(pod, "spec.initContainers")) > 0 ||
	    cJSON_GetArraySize(kc_json_get(pod, "spec.ephemeralContainers")) > 0) {
		_cleanup_free_ char *all = kc_pod_container_names(pod);
		*ret_note = xasprintf("Defaulted container \"%s\" out of: %s", first, all);
	}
	return first;
}

/* ---- the server ---- */

cJSON *kc_pods_first(kc_ctx *ctx, const char *ns, const char *selector, int64_t timeout_ns, kc_pod_order order,
		     int *ret_count, cJSON **ret_all, char **ret_err)
{
	const kc_resource *pods = kc_resource_find("", "v1", "pods");
	_cleanup_free_ char *base = kc_path(pods, ns, NULL, NULL);
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	kc_buf_addstr(&path, base);
	if (selector && selector[0]) {
		kc_buf_addstr(&path, "?labelSelector=");
		kc_query_escape(&path, selector);
	}
	int64_t deadline = kc_time_monotonic_ms() + timeout_ns / 1000000;
	for (;;) {
		kc_response resp;
		int rc = kc_request(ctx, "GET", path.s, NULL, NULL, &resp);
		if (rc < 0 || resp.status != 200) {
			*ret_err = kc_response_error_text(&resp);
			kc_response_clear(&resp);
			return NULL;
		}
		cJSON *items = kc_json_get(resp.body, "items");
		int n = cJSON_GetArraySize(items);
		if (n > 0) {
			kc_pods_sort(items, order);
			cJSON *first = cJSON_Duplicate(items->child, true);
			if (!cJSON_GetObjectItemCaseSensitive(first, "kind")) {
				cJSON_AddStringToObject(first, "kind", "Pod");
				cJSON_AddStringToObject(first, "apiVersion", "v1");
			}
			*ret_count = n;
			if (ret_all)
				*ret_all = cJSON_DetachItemFromObjectCaseSensitive(resp.body, "items");
			kc_response_clear(&resp);
			return first;
		}
		kc_response_clear(&resp);
		if (kc_time_monotonic_ms() >= deadline) {
			*ret_err = xstrdup("timed out waiting for the condition");
			return NULL;
		}
		struct timespec ts = {0, 500 * 1000000L};
		nanosleep(&ts, NULL);
	}
}

cJSON *kc_attachable_pod(kc_ctx *ctx, const char *type, const char *name, int64_t timeout_ns, const char *what,
			 cJSON **ret_object)
{
	const kc_resource *r = NULL;
	_cleanup_free_ char *t = NULL;
	const char *slash = type ? NULL : strchr(name, '/');
	if (type)
		t = xstrdup(type);
	else if (slash)
		t = xstrndup(name, (size_t)(slash - name));
	if (slash)
		name = slash + 1;
	r = t ? kc_ctx_resource(ctx, t) : kc_resource_find("", "v1", "pods");
	if (!r)
		return NULL;
	const char *ns = kc_ctx_namespace(ctx);
	_cleanup_free_ char *path = kc_path(r, ns, name, NULL);
	kc_response resp;
	int rc = kc_request(ctx, "GET", path, NULL, NULL, &resp);
	if (rc < 0 || resp.status != 200) {
		kc_fail_response(ctx, &resp, NULL);
		kc_response_clear(&resp);
		return NULL;
	}
	cJSON *obj = TAKE_PTR(resp.body);
	kc_response_clear(&resp);
	char av[64];
	if (!cJSON_GetObjectItemCaseSensitive(obj, "kind")) {
		cJSON_AddStringToObject(obj, "kind", r->kind);
		cJSON_AddStringToObject(obj, "apiVersion", kc_resource_api_version(r, av, sizeof(av)));
	}
	if (streq(r->kind, "Pod")) {
		if (ret_object)
			*ret_object = cJSON_Duplicate(obj, true);
		return obj;
	}
	kc_error err = KC_ERROR_INIT;
	_cleanup_free_ char *sel = NULL;
	if (kc_pod_selector_for(obj, &sel, &err) < 0) {
		const char *a = kc_json_get_str(obj, "apiVersion", "v1");
		const char *sl = strrchr(a, '/');
		kc_fail(ctx, "cannot %s to *%s.%s: %s", what, sl ? sl + 1 : a, r->kind, err.msg);
		cJSON_Delete(obj);
		return NULL;
	}
	int count = 0;
	char *e = NULL;
	cJSON *pod = kc_pods_first(ctx, kc_json_get_str(obj, "metadata.namespace", ns), sel, timeout_ns,
				   KC_POD_ORDER_ACTIVE, &count, NULL, &e);
	if (!pod) {
		kc_print_error(ctx, e);
		free(e);
		cJSON_Delete(obj);
		return NULL;
	}
	if (ret_object)
		*ret_object = obj;
	else
		cJSON_Delete(obj);
	return pod;
}
