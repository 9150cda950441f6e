/* replicaset_pods.c - the kinds, the owner's spec, pod predicates, the
 * deletion order, the pod made from the template, and claiming (see
 * replicaset.h). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/map.h"
#include "common/util.h"
#include "controller-manager/replicaset.h"
#include "banned.h"

const kc_rs_kind kc_rs_kind_replicaset = {
    .kind = "ReplicaSet",
    .api_version = "apps/v1",
    .api_prefix = "/apis/apps/v1",
    .resource = "replicasets",
    .component = "replicaset-controller",
    .queue = "replicaset",
    .short_name = "rs",
    .map_selector = false,
};

const kc_rs_kind kc_rs_kind_rc = {
    .kind = "ReplicationController",
    .api_version = "v1",
    .api_prefix = "/api/v1",
    .resource = "replicationcontrollers",
    .component = "replication-controller",
    .queue = "replicationmanager",
    .short_name = "rc",
    .map_selector = true,
};

/* ---- the owner's spec ---- */

static int invalid(kc_error *err, const char **ret_reason, const char *reason, const char *field,
                   const cJSON *value, const char *why)
{
	if (ret_reason)
		*ret_reason = reason;
	_cleanup_free_ char *text = kc_json_print(value);
	return kc_error_set(err, -EINVAL, "%s: Invalid value: %s: %s", field, text, why);
}

static int required(kc_error *err, const char **ret_reason, const char *reason, const char *field)
{
	if (ret_reason)
		*ret_reason = reason;
	return kc_error_set(err, -EINVAL, "%s: Required value", field);
}

/* An optional non-negative int32 member (def when absent or null). */
static int int32_member(const cJSON *spec, const char *name, int32_t def, int32_t *ret, kc_error *err,
                        const char **ret_reason)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(spec, name);
	_cleanup_free_ char *field = xasprintf("spec.%s", name);
	if (!v || cJSON_IsNull(v)) {
		*ret = def;
		return 0;
	}
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble))
		return invalid(err, ret_reason, "InvalidSpec", field, v, "must be an integer");
	if (v->valuedouble < 0)
		return invalid(err, ret_reason, "InvalidSpec", field, v,
		               "must be greater than or equal to 0");
	if (v->valuedouble > INT32_MAX)
		return invalid(err, ret_reason, "InvalidSpec", field, v,
		               "must be less than or equal to 2147483647");
	*ret = (int32_t)v->valuedouble;
	return 0;
}

/* The selector as the kind spells it; *ret_empty says it has no
 * requirement. Errors are worded for the owner. */
static int parse_selector(const kc_rs_kind *k, const cJSON *obj, kc_selector **ret, kc_error *err,
                          const char **ret_reason)
{
	const cJSON *s = kc_json_get(obj, "spec.selector");
	if (!s || cJSON_IsNull(s))
		return required(err, ret_reason, "InvalidSelector", "spec.selector");
	if (!cJSON_IsObject(s))
		return invalid(err, ret_reason, "InvalidSelector", "spec.selector", s,
		               "invalid label selector");
	kc_error e = KC_ERROR_INIT;
	kc_selector *sel = NULL;
	int rc = k->map_selector ? kc_selector_from_set(s, true, &sel, &e)
	                         : kc_selector_from_label_selector(s, &sel, &e);
	if (rc < 0) {
		if (ret_reason)
			*ret_reason = "InvalidSelector";
		/* upstream's words (syncReplicaSet) */
		return kc_error_set(err, rc, "error converting pod selector to selector for %s %s/%s: %s",
		                    k->short_name, kc_json_get_str(obj, "metadata.namespace", ""),
		                    kc_json_get_str(obj, "metadata.name", ""), e.msg);
	}
	if (kc_selector_empty(sel)) {
		kc_selector_free(sel);
		/* Everything would match: every pod of the namespace adopted. */
		if (k->map_selector)
			return required(err, ret_reason, "InvalidSelector", "spec.selector");
		return invalid(err, ret_reason, "InvalidSelector", "spec.selector", s,
		               "empty selector is invalid for deployment");
	}
	*ret = sel;
	return 0;
}

int kc_rs_selector(const kc_rs_kind *k, const cJSON *obj, kc_selector **ret, kc_error *err)
{
	return parse_selector(k, obj, ret, err, NULL);
}

int kc_rs_spec_parse(const kc_rs_kind *k, const cJSON *obj, kc_rs_spec *ret, const char **ret_reason,
                     kc_error *err)
{
	if (!cJSON_IsString(kc_json_get(obj, "metadata.name")))
		return required(err, ret_reason, "InvalidSpec", "metadata.name");
	if (!cJSON_IsString(kc_json_get(obj, "metadata.uid")))
		return required(err, ret_reason, "InvalidSpec", "metadata.uid");
	const cJSON *spec = kc_json_get(obj, "spec");
	if (!cJSON_IsObject(spec))
		return spec ? invalid(err, ret_reason, "InvalidSpec", "spec", spec, "must be an object")
		            : required(err, ret_reason, "InvalidSpec", "spec");
	kc_rs_spec s = {0};
	int rc;
	if ((rc = int32_member(spec, "replicas", 1, &s.replicas, err, ret_reason)) < 0 ||
	    (rc = int32_member(spec, "minReadySeconds", 0, &s.min_ready_seconds, err, ret_reason)) < 0)
		return rc;
	s.template = cJSON_GetObjectItemCaseSensitive(spec, "template");
	if (!s.template || cJSON_IsNull(s.template))
		return required(err, ret_reason, "InvalidSpec", "spec.template");
	if (!cJSON_IsObject(s.template))
		return invalid(err, ret_reason, "InvalidSpec", "spec.template", s.template,
		               "must be an object");
	const cJSON *labels = kc_json_get(s.template, "metadata.labels");
	if (labels && !cJSON_IsNull(labels) && !cJSON_IsObject(labels))
		return invalid(err, ret_reason, "InvalidSpec", "spec.template.metadata.labels", labels,
		               "must be an object");
	if ((rc = parse_selector(k, obj, &s.selector, err, ret_reason)) < 0)
		return rc;
	if (!kc_selector_matches(s.selector, labels)) {
		kc_selector_free(s.selector);
		return invalid(err, ret_reason, "InvalidSelector", "spec.template.metadata.labels", labels,
		               "`selector` does not match template `labels`");
	}
	*ret = s;
	return 0;
}

void kc_rs_spec_clear(kc_rs_spec *s)
{
	kc_selector_free(s->selector);
	*s = (kc_rs_spec){0};
}

/* ---- pods ---- */

bool kc_rs_pod_active(const cJSON *pod)
{
	const char *phase = kc_json_get_str(pod, "status.phase", "");
	return !streq(phase, "Succeeded") && !streq(phase, "Failed") &&
	       !kc_json_get(pod, "metadata.deletionTimestamp");
}

static const cJSON *ready_condition(const cJSON *pod)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), "Ready"))
			return c;
	}
	return NULL;
}

bool kc_rs_pod_ready(const cJSON *pod)
{
	return streq(kc_json_get_str(ready_condition(pod), "status", ""), "True");
}

/* A metav1.Time: absent or unreadable is Go's zero time. */
typedef struct rs_time {
	bool zero;
	kc_time t;
} rs_time;

static rs_time parse_time(const char *s)
{
	rs_time r = {.zero = true};
	if (s && s[0] && kc_time_parse_rfc3339(s, &r.t, NULL) == 0)
		r.zero = false;
	return r;
}

int64_t kc_rs_pod_available_at(const cJSON *pod, int64_t min_ready_seconds)
{
	if (!kc_rs_pod_ready(pod))
		return -1;
	rs_time t = parse_time(kc_json_get_str(ready_condition(pod), "lastTransitionTime", NULL));
	if (t.zero)
		return -1;
	return t.t.sec + min_ready_seconds;
}

bool kc_rs_pod_available(const cJSON *pod, int64_t min_ready_seconds, kc_time now)
{
	if (!kc_rs_pod_ready(pod))
		return false;
	if (min_ready_seconds == 0)
		return true;
	rs_time t = parse_time(kc_json_get_str(ready_condition(pod), "lastTransitionTime", NULL));
	if (t.zero)
		return false;
	/* lastTransitionTime + minReadySeconds strictly before now */
	int64_t at = t.t.sec + min_ready_seconds;
	return at < now.sec || (at == now.sec && t.t.nsec < now.nsec);
}

const cJSON *kc_rs_controller_ref(const cJSON *obj)
{
	const cJSON *ref;
	cJSON_ArrayForEach(ref, kc_json_get(obj, "metadata.ownerReferences"))
	{
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ref, "controller")))
			return ref;
	}
	return NULL;
}

int32_t kc_rs_deletion_cost(const cJSON *pod)
{
	const char *v =
	    kc_json_as_str(kc_json_getv(pod, "metadata", "annotations", KC_RS_POD_DELETION_COST, NULL), NULL);
	if (!v)
		return 0;
	/* validFirstDigit: no '+', no leading zeros; then ParseInt(v, 10, 32) */
	if (!(v[0] == '-' || streq(v, "0") || (v[0] >= '1' && v[0] <= '9')))
		return 0;
	const char *p = v[0] == '-' ? v + 1 : v;
	if (!*p)
		return 0;
	int64_t n = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		n = n * 10 + (*p - '0');
		if (n > (int64_t)INT32_MAX + 1)
			return 0;
	}
	if (v[0] == '-')
		n = -n;
	if (n > INT32_MAX || n < INT32_MIN)
		return 0;
	return (int32_t)n;
}

/* ---- which pods go first ---- */

static int phase_ordinal(const cJSON *pod)
{
	/* podPhaseToOrdinal; other phases are absent from the map: 0 */
	const char *phase = kc_json_get_str(pod, "status.phase", "");
	if (streq(phase, "Unknown"))
		return 1;
	if (streq(phase, "Running"))
		return 2;
	return 0;
}

static rs_time ready_time(const cJSON *pod)
{
	if (!kc_rs_pod_ready(pod))
		return (rs_time){.zero = true};
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, "status.conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), "Ready") &&
		    streq(kc_json_get_str(c, "status", ""), "True"))
			return parse_time(kc_json_get_str(c, "lastTransitionTime", NULL));
	}
	return (rs_time){.zero = true};
}

static bool time_equal(rs_time a, rs_time b)
{
	if (a.zero || b.zero)
		return a.zero == b.zero;
	return a.t.sec == b.t.sec && a.t.nsec == b.t.nsec;
}

static bool time_after(rs_time a, rs_time b)
{
	return a.t.sec > b.t.sec || (a.t.sec == b.t.sec && a.t.nsec > b.t.nsec);
}

/* afterOrZero: a zero time counts as after any other. */
static bool after_or_zero(rs_time a, rs_time b)
{
	if (a.zero || b.zero)
		return a.zero;
	return time_after(a, b);
}

static int64_t log2_rank(rs_time t, kc_time now)
{
	/* Go's time.Sub in nanoseconds (times here are far from overflowing) */
	double d = ((double)now.sec - (double)t.t.sec) * 1e9 + ((double)now.nsec - (double)t.t.nsec);
	return d > 0 ? (int64_t)log2(d) : -1;
}

/* The time rules (5 and 7 of upstream's Less) with LogarithmicScaleDown:
 * true when a goes first. Called only when the times differ. */
static bool time_less(rs_time ta, rs_time tb, const cJSON *a, const cJSON *b, kc_time now)
{
	if (ta.zero || tb.zero)
		return after_or_zero(ta, tb);
	int64_t diff = log2_rank(ta, now) - log2_rank(tb, now);
	if (diff == 0)
		return strcmp(kc_json_get_str(a, "metadata.uid", ""),
		              kc_json_get_str(b, "metadata.uid", "")) < 0;
	return diff < 0;
}

static int max_restarts(const cJSON *pod)
{
	int64_t m = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, "status.containerStatuses"))
	{
		int64_t r = kc_json_get_int(c, "restartCount", 0);
		if (r > m)
			m = r;
	}
	return m > INT_MAX ? INT_MAX : (int)m;
}

/* ActivePodsWithRanks.Less */
static bool delete_first(const cJSON *a, int rank_a, const cJSON *b, int rank_b, kc_time now)
{
	/* 1. unassigned < assigned */
	const char *na = kc_json_get_str(a, "spec.nodeName", ""),
	           *nb = kc_json_get_str(b, "spec.nodeName", "");
	if (!streq(na, nb) && (!na[0] || !nb[0]))
		return !na[0];
	/* 2. Pending < Unknown < Running */
	int pa = phase_ordinal(a), pb = phase_ordinal(b);
	if (pa != pb)
		return pa < pb;
	/* 3. not ready < ready */
	bool ra = kc_rs_pod_ready(a), rb = kc_rs_pod_ready(b);
	if (ra != rb)
		return !ra;
	/* 4. lower pod-deletion-cost < higher */
	int32_t ca = kc_rs_deletion_cost(a), cb = kc_rs_deletion_cost(b);
	if (ca != cb)
		return ca < cb;
	/* 5. doubled up < not doubled up */
	if (rank_a != rank_b)
		return rank_a > rank_b;
	/* 6. ready for a shorter time < longer */
	if (ra && rb) {
		rs_time ta = ready_time(a), tb = ready_time(b);
		if (!time_equal(ta, tb))
			return time_less(ta, tb, a, b, now);
	}
	/* 7. more restarts < fewer */
	int xa = max_restarts(a), xb = max_restarts(b);
	if (xa != xb)
		return xa > xb;
	/* 8. newer < older (zero first) */
	rs_time ta = parse_time(kc_json_get_str(a, "metadata.creationTimestamp", NULL));
	rs_time tb = parse_time(kc_json_get_str(b, "metadata.creationTimestamp", NULL));
	if (!time_equal(ta, tb))
		return time_less(ta, tb, a, b, now);
	return false;
}

void kc_rs_sort_for_deletion(const cJSON **pods, int *ranks, size_t n, kc_time now)
{
	if (n < 2)
		return;
	/* A stable merge sort: equal pods keep their (key) order, so the
	 * choice is deterministic. */
	const cJSON **tp = xcalloc(n, sizeof(*tp));
	int *r = ranks ? ranks : xcalloc(n, sizeof(*r));
	int *tr = xcalloc(n, sizeof(*tr));
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi) {
				if (delete_first(pods[j], r[j], pods[i], r[i], now)) {
					tp[k] = pods[j];
					tr[k++] = r[j++];
				} else {
					tp[k] = pods[i];
					tr[k++] = r[i++];
				}
			}
			while (i < mid) {
				tp[k] = pods[i];
				tr[k++] = r[i++];
			}
			while (j < hi) {
				tp[k] = pods[j];
				tr[k++] = r[j++];
			}
		}
		memcpy(pods, tp, n * sizeof(*pods));
		memcpy(r, tr, n * sizeof(*r));
	}
	free(tp);
	free(tr);
	if (r != ranks)
		free(r);
}

size_t kc_rs_pods_to_delete(const cJSON **pods, size_t n, const cJSON *const *related, size_t n_related,
                            size_t diff, kc_time now)
{
	if (diff >= n)
		return n; /* all of them: no need to sort */
	/* getPodsRankedByRelatedPodsOnSameNode */
	kc_map *on_node = kc_map_new(NULL);
	for (size_t i = 0; i < n_related; i++) {
		if (!kc_rs_pod_active(related[i]))
			continue;
		const char *node = kc_json_get_str(related[i], "spec.nodeName", "");
		uintptr_t count = (uintptr_t)kc_map_get(on_node, node);
		kc_map_put(on_node, node, (void *)(count + 1));
	}
	int *ranks = xcalloc(n, sizeof(*ranks));
	for (size_t i = 0; i < n; i++)
		ranks[i] = (int)(uintptr_t)kc_map_get(on_node, kc_json_get_str(pods[i], "spec.nodeName", ""));
	kc_map_free(on_node);
	kc_rs_sort_for_deletion(pods, ranks, n, now);
	free(ranks);
	return diff;
}

/* ---- pods made, adopted and released ---- */

cJSON *kc_rs_new_controller_ref(const kc_rs_kind *k, const cJSON *owner)
{
	cJSON *ref = cJSON_CreateObject();
	cJSON_AddStringToObject(ref, "apiVersion", k->api_version);
	cJSON_AddStringToObject(ref, "kind", k->kind);
	cJSON_AddStringToObject(ref, "name", kc_json_get_str(owner, "metadata.name", ""));
	cJSON_AddStringToObject(ref, "uid", kc_json_get_str(owner, "metadata.uid", ""));
	cJSON_AddTrueToObject(ref, "controller");
	cJSON_AddTrueToObject(ref, "blockOwnerDeletion");
	return ref;
}

/* ValidatePodName(prefix, true): a DNS subdomain once the trailing dash
 * is masked, i.e. "<name>-" fits in 253 characters. */
static char *pods_prefix(const char *name)
{
	return strlen(name) + 1 <= 253 ? xasprintf("%s-", name) : xstrdup(name);
}

int kc_rs_pod_from_template(const kc_rs_kind *k, const cJSON *owner, const cJSON *tmpl, cJSON **ret,
                            kc_error *err)
{
	const cJSON *labels = kc_json_get(tmpl, "metadata.labels");
	if (!cJSON_IsObject(labels) || !labels->child)
		return kc_error_set(err, -EINVAL, "unable to create pods, no labels");
	_cleanup_json_ cJSON *pod = cJSON_CreateObject();
	cJSON_AddStringToObject(pod, "kind", "Pod");
	cJSON_AddStringToObject(pod, "apiVersion", "v1");
	cJSON *meta = cJSON_AddObjectToObject(pod, "metadata");
	_cleanup_free_ char *prefix = pods_prefix(kc_json_get_str(owner, "metadata.name", ""));
	cJSON_AddStringToObject(meta, "generateName", prefix);
	cJSON_AddStringToObject(meta, "namespace", kc_json_get_str(owner, "metadata.namespace", ""));
	cJSON_AddItemToObject(meta, "labels", kc_json_dup(labels));
	const cJSON *ann = kc_json_get(tmpl, "metadata.annotations");
	if (cJSON_IsObject(ann) && ann->child)
		cJSON_AddItemToObject(meta, "annotations", kc_json_dup(ann));
	const cJSON *fin = kc_json_get(tmpl, "metadata.finalizers");
	if (cJSON_IsArray(fin) && fin->child)
		cJSON_AddItemToObject(meta, "finalizers", kc_json_dup(fin));
	cJSON *refs = cJSON_AddArrayToObject(meta, "ownerReferences");
	cJSON_AddItemToArray(refs, kc_rs_new_controller_ref(k, owner));
	const cJSON *spec = kc_json_get(tmpl, "spec");
	cJSON_AddItemToObject(pod, "spec", spec ? kc_json_dup(spec) : cJSON_CreateObject());
	*ret = TAKE_PTR(pod);
	return 0;
}

kc_rs_claim kc_rs_claim_pod(const cJSON *owner, const kc_selector *sel, const cJSON *pod)
{
	bool owner_deleting = kc_json_get(owner, "metadata.deletionTimestamp") != NULL;
	bool match = kc_selector_matches_object(sel, pod);
	const cJSON *ref = kc_rs_controller_ref(pod);
	if (ref) {
		if (!streq(kc_json_get_str(ref, "uid", ""), kc_json_get_str(owner, "metadata.uid", "")))
			return KC_RS_CLAIM_IGNORE; /* another controller's */
		if (match)
			return KC_RS_CLAIM_OURS;
		return owner_deleting ? KC_RS_CLAIM_IGNORE : KC_RS_CLAIM_RELEASE;
	}
	if (owner_deleting || !match)
		return KC_RS_CLAIM_IGNORE;
	if (kc_json_get(pod, "metadata.deletionTimestamp"))
		return KC_RS_CLAIM_IGNORE;
	const char *ns = kc_json_get_str(owner, "metadata.namespace", "");
	if (ns[0] && !streq(ns, kc_json_get_str(pod, "metadata.namespace", "")))
		return KC_RS_CLAIM_IGNORE;
	return KC_RS_CLAIM_ADOPT;
}

static cJSON *patch_with_refs(const cJSON *pod, cJSON *ref)
{
	cJSON *patch = cJSON_CreateObject();
	cJSON *meta = cJSON_AddObjectToObject(patch, "metadata");
	cJSON *refs = cJSON_AddArrayToObject(meta, "ownerReferences");
	cJSON_AddItemToArray(refs, ref);
	cJSON_AddStringToObject(meta, "uid", kc_json_get_str(pod, "metadata.uid", ""));
	return patch;
}

cJSON *kc_rs_adopt_patch(const kc_rs_kind *k, const cJSON *owner, const cJSON *pod)
{
	return patch_with_refs(pod, kc_rs_new_controller_ref(k, owner));
}

cJSON *kc_rs_release_patch(const cJSON *owner, const cJSON *pod)
{
	cJSON *ref = cJSON_CreateObject();
	cJSON_AddStringToObject(ref, "$patch", "delete");
	cJSON_AddStringToObject(ref, "uid", kc_json_get_str(owner, "metadata.uid", ""));
	return patch_with_refs(pod, ref);
}
