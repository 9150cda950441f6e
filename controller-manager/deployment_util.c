/* deployment_util.c - the helpers of the deployment controller's logic
 * (see deployment_util.h; upstream's pkg/controller/deployment/util). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/util.h"
#include "controller-manager/deployment_util.h"
#include "banned.h"

/* ---- the pod-template-hash ---- */

uint32_t kc_dep_fnv32a(const void *data, size_t n, uint32_t h)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

void kc_dep_safe_encode(const char *s, char *out)
{
	static const char alphanums[] = "bcdfghjklmnpqrstvwxz2456789";
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		out[i] = alphanums[(unsigned char)s[i] % (sizeof(alphanums) - 1)];
	out[n] = '\0';
}

void kc_dep_template_hash(const cJSON *tmpl, int64_t collision_count, char buf[KC_DEP_HASH_MAX])
{
	_cleanup_free_ char *json = kc_json_print_flags(tmpl, KC_JSON_SORTED);
	uint32_t h = kc_dep_fnv32a(json, strlen(json), KC_DEP_FNV32_OFFSET);
	if (collision_count >= 0) {
		/* upstream writes a uint32 into an 8-byte slice */
		unsigned char b[8] = {0};
		uint32_t v = (uint32_t)collision_count;
		for (int i = 0; i < 4; i++)
			b[i] = (unsigned char)(v >> (8 * i));
		h = kc_dep_fnv32a(b, sizeof(b), h);
	}
	char dec[KC_DEP_HASH_MAX];
	snprintf(dec, sizeof(dec), "%u", h);
	kc_dep_safe_encode(dec, buf);
}

/* ---- numbers as Go's strconv reads them ---- */

bool kc_dep_parse_int(const char *s, int64_t *ret)
{
	if (!s)
		return false;
	const char *p = s;
	bool neg = false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!*p)
		return false;
	uint64_t v = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		uint64_t d = (uint64_t)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
		if (v > (uint64_t)INT64_MAX + (neg ? 1 : 0))
			return false;
	}
	*ret = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

int kc_dep_int_or_percent(const cJSON *v, int32_t total, bool round_up, int32_t *ret, kc_error *err)
{
	if (!v || cJSON_IsNull(v))
		return kc_error_set(err, -EINVAL, "nil value for IntOrString");
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d != floor(d) || d < INT32_MIN || d > INT32_MAX)
			return kc_error_set(
			    err, -EINVAL,
			    "invalid value for IntOrString: invalid type: neither int nor percentage");
		*ret = (int32_t)d;
		return 0;
	}
	if (!cJSON_IsString(v))
		return kc_error_set(
		    err, -EINVAL, "invalid value for IntOrString: invalid type: neither int nor percentage");
	const char *s = v->valuestring;
	size_t n = strlen(s);
	if (n == 0 || s[n - 1] != '%')
		return kc_error_set(
		    err, -EINVAL, "invalid value for IntOrString: invalid type: string is not a percentage");
	_cleanup_free_ char *num = xstrndup(s, n - 1);
	int64_t pct;
	if (!kc_dep_parse_int(num, &pct)) {
		const char *digits = num + (num[0] == '-' || num[0] == '+');
		bool syntax_ok = digits[0] && strspn(digits, "0123456789") == strlen(digits);
		return kc_error_set(
		    err, -EINVAL,
		    "invalid value for IntOrString: invalid value \"%s\": strconv.Atoi: parsing \"%s\": %s",
		    s, num, syntax_ok ? "value out of range" : "invalid syntax");
	}
	double x = (double)pct * (double)total / 100.0;
	x = round_up ? ceil(x) : floor(x);
	if (x < INT32_MIN || x > INT32_MAX)
		return kc_error_set(err, -EINVAL, "invalid value for IntOrString: %s of %d is out of range",
		                    s, total);
	*ret = (int32_t)x;
	return 0;
}

int kc_dep_resolve_fenceposts(const cJSON *max_surge, const cJSON *max_unavailable, int32_t desired,
                              int32_t *ret_surge, int32_t *ret_unavailable, kc_error *err)
{
	static const cJSON zero = {.type = cJSON_Number, .valueint = 0, .valuedouble = 0};
	int32_t surge, unavailable;
	int r = kc_dep_int_or_percent(max_surge && !cJSON_IsNull(max_surge) ? max_surge : &zero, desired,
	                              true, &surge, err);
	if (r < 0)
		return r;
	r = kc_dep_int_or_percent(max_unavailable && !cJSON_IsNull(max_unavailable) ? max_unavailable : &zero,
	                          desired, false, &unavailable, err);
	if (r < 0)
		return r;
	if (surge == 0 && unavailable == 0)
		unavailable = 1; /* surge might not work (quota): make progress by going down one */
	*ret_surge = surge;
	*ret_unavailable = unavailable;
	return 0;
}

/* ---- the spec ---- */

/* An optional int32 member: def when absent; false when present but not
 * an integer in [min, INT32_MAX]. */
static bool opt_int32(const cJSON *obj, const char *key, int32_t def, int32_t min, int32_t *ret)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v || cJSON_IsNull(v)) {
		*ret = def;
		return true;
	}
	int64_t n = kc_json_as_int(v, INT64_MIN);
	if (n < min || n > INT32_MAX)
		return false;
	*ret = (int32_t)n;
	return true;
}

int kc_dep_spec_parse(const cJSON *d, kc_dep_spec *ret, kc_error *err)
{
	if (!kc_json_get_str(d, "metadata.name", "")[0] || !kc_json_get_str(d, "metadata.uid", "")[0])
		return kc_error_set(err, -EINVAL, "metadata.name and metadata.uid are required");
	const cJSON *spec = kc_json_get(d, "spec");
	if (!cJSON_IsObject(spec))
		return kc_error_set(err, -EINVAL, "spec: Required value");
	kc_dep_spec s = {0};
	if (!opt_int32(spec, "replicas", 1, 0, &s.replicas))
		return kc_error_set(err, -EINVAL,
		                    "spec.replicas: Invalid value: must be a non-negative 32-bit integer");
	if (!opt_int32(spec, "minReadySeconds", 0, 0, &s.min_ready_seconds))
		return kc_error_set(
		    err, -EINVAL,
		    "spec.minReadySeconds: Invalid value: must be a non-negative 32-bit integer");
	if (!opt_int32(spec, "revisionHistoryLimit", KC_DEP_UNLIMITED, 0, &s.revision_history_limit))
		return kc_error_set(
		    err, -EINVAL,
		    "spec.revisionHistoryLimit: Invalid value: must be a non-negative 32-bit integer");
	if (s.revision_history_limit == INT32_MAX)
		s.revision_history_limit = KC_DEP_UNLIMITED;
	if (!opt_int32(spec, "progressDeadlineSeconds", KC_DEP_UNLIMITED, 0, &s.progress_deadline_seconds))
		return kc_error_set(
		    err, -EINVAL,
		    "spec.progressDeadlineSeconds: Invalid value: must be a non-negative 32-bit integer");
	if (s.progress_deadline_seconds == INT32_MAX)
		s.progress_deadline_seconds = KC_DEP_UNLIMITED;
	s.paused = kc_json_get_bool(spec, "paused", false);

	const cJSON *strategy = kc_json_get(spec, "strategy");
	const char *type = kc_json_get_str(strategy, "type", "RollingUpdate");
	if (streq(type, "Recreate")) {
		s.recreate = true;
	} else if (streq(type, "RollingUpdate")) {
		kc_error e = KC_ERROR_INIT;
		if (kc_dep_resolve_fenceposts(kc_json_get(strategy, "rollingUpdate.maxSurge"),
		                              kc_json_get(strategy, "rollingUpdate.maxUnavailable"),
		                              s.replicas, &s.surge, &s.unavailable, &e) < 0)
			return kc_error_set(err, -EINVAL, "spec.strategy.rollingUpdate: %s", e.msg);
	} else {
		return kc_error_set(err, -EINVAL, "unexpected deployment strategy type: %s", type);
	}

	s.template = kc_json_get(spec, "template");
	if (!cJSON_IsObject(s.template))
		return kc_error_set(err, -EINVAL, "spec.template: Required value");
	const cJSON *sel = kc_json_get(spec, "selector");
	if (!cJSON_IsObject(sel))
		return kc_error_set(err, -EINVAL, "spec.selector: Required value");
	kc_error e = KC_ERROR_INIT;
	if (kc_selector_from_label_selector(sel, &s.selector, &e) < 0)
		return kc_error_set(err, -EINVAL, "deployment %s/%s has invalid label selector: %s",
		                    kc_json_get_str(d, "metadata.namespace", ""),
		                    kc_json_get_str(d, "metadata.name", ""), e.msg);
	s.selects_all = kc_selector_empty(s.selector);
	/* the apiserver refuses it; written around it, every ReplicaSet made
	 * would be released again and made anew under another name */
	const cJSON *labels = kc_json_get(s.template, "metadata.labels");
	if (!s.selects_all && !kc_selector_matches(s.selector, cJSON_IsObject(labels) ? labels : NULL)) {
		_cleanup_free_ char *text = cJSON_IsObject(labels) ? kc_json_print(labels) : xstrdup("null");
		kc_selector_free(s.selector);
		return kc_error_set(
		    err, -EINVAL,
		    "spec.template.metadata.labels: Invalid value: %s: `selector` does not match template "
		    "`labels`",
		    text);
	}
	*ret = s;
	return 0;
}

void kc_dep_spec_clear(kc_dep_spec *s)
{
	kc_selector_free(s->selector);
	s->selector = NULL;
}

int32_t kc_dep_max_surge(const kc_dep_spec *s)
{
	return s->recreate ? 0 : s->surge;
}

int32_t kc_dep_max_unavailable(const kc_dep_spec *s)
{
	if (s->recreate || s->replicas == 0)
		return 0;
	return s->unavailable > s->replicas ? s->replicas : s->unavailable;
}

/* ---- ReplicaSets ---- */

int32_t kc_dep_rs_replicas(const cJSON *rs)
{
	int64_t n = kc_json_get_int(rs, "spec.replicas", 1);
	return n < 0 ? 0 : n > INT32_MAX ? INT32_MAX : (int32_t)n;
}

static const char *annotation(const cJSON *obj, const char *key)
{
	return kc_json_as_str(kc_json_getv(obj, "metadata", "annotations", key, NULL), NULL);
}

int kc_dep_revision(const cJSON *obj, int64_t *ret)
{
	const char *v = annotation(obj, KC_DEP_ANN_REVISION);
	if (!v) {
		*ret = 0;
		return 0;
	}
	return kc_dep_parse_int(v, ret) ? 0 : -EINVAL;
}

int64_t kc_dep_max_revision(const cJSON *const *rss, size_t n)
{
	int64_t max = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t v;
		if (kc_dep_revision(rss[i], &v) == 0 && v > max)
			max = v;
	}
	return max;
}

/* Drops what Go's semantic equality cannot tell from absent (null, {},
 * []) from every object below item, recursively. */
static void prune_empty(cJSON *item)
{
	cJSON *c = item ? item->child : NULL;
	while (c) {
		cJSON *next = c->next;
		prune_empty(c);
		bool empty = cJSON_IsNull(c) || ((cJSON_IsObject(c) || cJSON_IsArray(c)) && !c->child);
		if (empty && cJSON_IsObject(item))
			cJSON_Delete(cJSON_DetachItemViaPointer(item, c));
		c = next;
	}
}

bool kc_dep_template_equal(const cJSON *a, const cJSON *b)
{
	_cleanup_json_ cJSON *x = kc_json_dup(a);
	_cleanup_json_ cJSON *y = kc_json_dup(b);
	kc_json_deletev(x, "metadata", "labels", KC_DEP_HASH_LABEL, NULL);
	kc_json_deletev(y, "metadata", "labels", KC_DEP_HASH_LABEL, NULL);
	prune_empty(x);
	prune_empty(y);
	return kc_json_equal(x, y);
}

static kc_time created_at(const cJSON *obj)
{
	kc_time t = {KC_TIME_GO_ZERO, 0};
	kc_time_parse_rfc3339(kc_json_get_str(obj, "metadata.creationTimestamp", ""), &t, NULL);
	return t;
}

int kc_dep_rs_cmp_created(const cJSON *a, const cJSON *b)
{
	kc_time x = created_at(a), y = created_at(b);
	if (x.sec != y.sec)
		return x.sec < y.sec ? -1 : 1;
	if (x.nsec != y.nsec)
		return x.nsec < y.nsec ? -1 : 1;
	return strcmp(kc_json_get_str(a, "metadata.name", ""), kc_json_get_str(b, "metadata.name", ""));
}

const cJSON *kc_dep_find_new_rs(const cJSON *d, const cJSON *const *rss, size_t n)
{
	const cJSON *tmpl = kc_json_get(d, "spec.template");
	const cJSON *found = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!kc_dep_template_equal(kc_json_get(rss[i], "spec.template"), tmpl))
			continue;
		/* several after an upgrade (kubernetes#40415): the oldest */
		if (!found || kc_dep_rs_cmp_created(rss[i], found) < 0)
			found = rss[i];
	}
	return found;
}

/* ---- annotations ---- */

static bool skip_copy_annotation(const char *key)
{
	static const char *const skip[] = {KC_DEP_ANN_LAST_APPLIED,     KC_DEP_ANN_REVISION,
	                                   KC_DEP_ANN_REVISION_HISTORY, KC_DEP_ANN_DESIRED_REPLICAS,
	                                   KC_DEP_ANN_MAX_REPLICAS,     KC_DEP_ANN_ROLLBACK_TO};
	for (size_t i = 0; i < KC_ARRAY_SIZE(skip); i++)
		if (streq(key, skip[i]))
			return true;
	return false;
}

static cJSON *annotations_of(cJSON *obj)
{
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	if (!cJSON_IsObject(meta)) {
		kc_json_object_remove(obj, "metadata");
		meta = cJSON_AddObjectToObject(obj, "metadata");
	}
	cJSON *ann = cJSON_GetObjectItemCaseSensitive(meta, "annotations");
	if (!cJSON_IsObject(ann)) {
		kc_json_object_remove(meta, "annotations");
		ann = cJSON_AddObjectToObject(meta, "annotations");
	}
	return ann;
}

/* Sets an annotation; returns whether it changed. */
static bool set_annotation(cJSON *obj, const char *key, const char *value)
{
	cJSON *ann = annotations_of(obj);
	const char *cur = kc_json_as_str(cJSON_GetObjectItemCaseSensitive(ann, key), NULL);
	if (cur && streq(cur, value))
		return false;
	kc_json_object_put(ann, key, cJSON_CreateString(value));
	return true;
}

bool kc_dep_set_new_rs_annotations(const cJSON *d, const kc_dep_spec *s, cJSON *rs, int64_t new_revision,
                                   bool exists, size_t max_history_chars)
{
	const char *old_rev_text = annotation(rs, KC_DEP_ANN_REVISION);
	int64_t old_rev = 0;
	if (old_rev_text && !kc_dep_parse_int(old_rev_text, &old_rev))
		return false; /* upstream: "Updating replica set revision OldRevision not int" */
	_cleanup_free_ char *old_rev_copy = old_rev_text ? xstrdup(old_rev_text) : NULL;

	bool changed = false;
	const cJSON *a;
	cJSON_ArrayForEach(a, kc_json_get(d, "metadata.annotations"))
	{
		if (!cJSON_IsString(a) || skip_copy_annotation(a->string))
			continue;
		changed |= set_annotation(rs, a->string, a->valuestring);
	}
	annotations_of(rs); /* upstream makes the map even when nothing is copied */
	if (old_rev < new_revision) {
		char num[32];
		snprintf(num, sizeof(num), "%lld", (long long)new_revision);
		set_annotation(rs, KC_DEP_ANN_REVISION, num);
		changed = true;
		/* a ReplicaSet that had a revision and gets a newer one is being
		 * rolled back to: keep where it was in the history */
		if (old_rev_copy) {
			const char *hist = annotation(rs, KC_DEP_ANN_REVISION_HISTORY);
			if (!hist || !hist[0] || hist[0] == ',') {
				/* strings.Split(h, ",")[0] is empty: start over */
				set_annotation(rs, KC_DEP_ANN_REVISION_HISTORY, old_rev_copy);
			} else {
				const char *start = hist;
				size_t total = strlen(hist) + strlen(old_rev_copy) + 1;
				while (total > max_history_chars && start) {
					const char *comma = strchr(start, ',');
					size_t len = comma ? (size_t)(comma - start) : strlen(start);
					total -= len + 1;
					start = comma ? comma + 1 : NULL;
				}
				if (total <= max_history_chars) {
					_cleanup_free_ char *joined =
					    start ? xasprintf("%s,%s", start, old_rev_copy)
					          : xstrdup(old_rev_copy);
					set_annotation(rs, KC_DEP_ANN_REVISION_HISTORY, joined);
				}
			}
		}
	}
	if (!exists && kc_dep_set_replicas_annotations(rs, s->replicas, s->replicas + kc_dep_max_surge(s)))
		changed = true;
	return changed;
}

bool kc_dep_replicas_annotations_differ(const cJSON *rs, int32_t desired, int32_t max)
{
	char d[16], m[16];
	snprintf(d, sizeof(d), "%d", desired);
	snprintf(m, sizeof(m), "%d", max);
	const char *cd = annotation(rs, KC_DEP_ANN_DESIRED_REPLICAS),
	           *cm = annotation(rs, KC_DEP_ANN_MAX_REPLICAS);
	return !cd || !streq(cd, d) || !cm || !streq(cm, m);
}

bool kc_dep_set_replicas_annotations(cJSON *rs, int32_t desired, int32_t max)
{
	char d[16], m[16];
	snprintf(d, sizeof(d), "%d", desired);
	snprintf(m, sizeof(m), "%d", max);
	bool changed = set_annotation(rs, KC_DEP_ANN_DESIRED_REPLICAS, d);
	changed |= set_annotation(rs, KC_DEP_ANN_MAX_REPLICAS, m);
	return changed;
}

/* ---- the new ReplicaSet ---- */

cJSON *kc_dep_controller_ref(const cJSON *d)
{
	cJSON *ref = cJSON_CreateObject();
	cJSON_AddStringToObject(ref, "apiVersion", "apps/v1");
	cJSON_AddStringToObject(ref, "kind", "Deployment");
	cJSON_AddStringToObject(ref, "name", kc_json_get_str(d, "metadata.name", ""));
	cJSON_AddStringToObject(ref, "uid", kc_json_get_str(d, "metadata.uid", ""));
	cJSON_AddTrueToObject(ref, "controller");
	cJSON_AddTrueToObject(ref, "blockOwnerDeletion");
	return ref;
}

/* A copy of labels (an object, or none) with key=value added. */
static cJSON *labels_with(const cJSON *labels, const char *key, const char *value)
{
	cJSON *out = cJSON_IsObject(labels) ? kc_json_dup(labels) : cJSON_CreateObject();
	kc_json_object_put(out, key, cJSON_CreateString(value));
	return out;
}

cJSON *kc_dep_new_rs(const cJSON *d, const kc_dep_spec *s, int64_t collision_count)
{
	char hash[KC_DEP_HASH_MAX];
	kc_dep_template_hash(s->template, collision_count, hash);

	cJSON *tmpl = kc_json_dup(s->template);
	cJSON *tmeta = cJSON_GetObjectItemCaseSensitive(tmpl, "metadata");
	if (!cJSON_IsObject(tmeta)) {
		kc_json_object_remove(tmpl, "metadata");
		tmeta = cJSON_AddObjectToObject(tmpl, "metadata");
	}
	kc_json_object_put(tmeta, "labels",
	                   labels_with(kc_json_get(s->template, "metadata.labels"), KC_DEP_HASH_LABEL, hash));

	cJSON *sel = kc_json_dup(kc_json_get(d, "spec.selector"));
	if (!cJSON_IsObject(sel)) {
		cJSON_Delete(sel);
		sel = cJSON_CreateObject();
	}
	kc_json_object_put(sel, "matchLabels",
	                   labels_with(kc_json_get(sel, "matchLabels"), KC_DEP_HASH_LABEL, hash));

	cJSON *rs = cJSON_CreateObject();
	cJSON_AddStringToObject(rs, "apiVersion", "apps/v1");
	cJSON_AddStringToObject(rs, "kind", "ReplicaSet");
	cJSON *meta = cJSON_AddObjectToObject(rs, "metadata");
	_cleanup_free_ char *name = xasprintf("%s-%s", kc_json_get_str(d, "metadata.name", ""), hash);
	cJSON_AddStringToObject(meta, "name", name);
	cJSON_AddStringToObject(meta, "namespace", kc_json_get_str(d, "metadata.namespace", ""));
	cJSON_AddItemToObject(meta, "labels", kc_json_dup(kc_json_get(tmpl, "metadata.labels")));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(meta, "ownerReferences"), kc_dep_controller_ref(d));
	cJSON *spec = cJSON_AddObjectToObject(rs, "spec");
	cJSON_AddNumberToObject(spec, "replicas", 0);
	cJSON_AddNumberToObject(spec, "minReadySeconds", s->min_ready_seconds);
	cJSON_AddItemToObject(spec, "selector", sel);
	cJSON_AddItemToObject(spec, "template", tmpl);
	return rs;
}

/* ---- proportional scaling ---- */

int32_t kc_dep_proportion(const cJSON *rs, const kc_dep_spec *s, int32_t d_status_replicas, int32_t to_add,
                          int32_t added)
{
	int32_t size = rs ? kc_dep_rs_replicas(rs) : 0;
	if (!rs || size == 0 || to_add == 0 || to_add == added)
		return 0;
	int32_t fraction;
	if (s->replicas == 0) {
		fraction = -size; /* scaling down to zero: all of it */
	} else {
		int64_t deployment_replicas = (int64_t)s->replicas + kc_dep_max_surge(s);
		int64_t annotated = d_status_replicas;
		int64_t v;
		const char *ann = annotation(rs, KC_DEP_ANN_MAX_REPLICAS);
		if (ann && kc_dep_parse_int(ann, &v))
			annotated = (int32_t)v;
		/* never scaled up from zero: annotated is not 0 upstream; if it
		 * is here, leave the share to the leftover step */
		if (annotated <= 0)
			return 0;
		double new_size = (double)((int64_t)size * deployment_replicas) / (double)annotated;
		double r = round(new_size);
		if (r > INT32_MAX)
			r = INT32_MAX;
		fraction = (int32_t)(r - size);
	}
	int32_t allowed = to_add - added;
	if (to_add > 0)
		return fraction < allowed ? fraction : allowed;
	return fraction > allowed ? fraction : allowed;
}

/* ---- conditions ---- */

const cJSON *kc_dep_condition(const cJSON *status, const char *type)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(status, "conditions"))
	{
		if (streq(kc_json_get_str(c, "type", ""), type))
			return c;
	}
	return NULL;
}

cJSON *kc_dep_new_condition(const char *type, const char *status, const char *reason, const char *message,
                            kc_time now)
{
	char ts[KC_TIME_RFC3339_MAX];
	kc_time_format_rfc3339(now.sec, ts);
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", type);
	cJSON_AddStringToObject(c, "status", status);
	cJSON_AddStringToObject(c, "lastUpdateTime", ts);
	cJSON_AddStringToObject(c, "lastTransitionTime", ts);
	cJSON_AddStringToObject(c, "reason", reason);
	cJSON_AddStringToObject(c, "message", message);
	return c;
}

static cJSON *conditions_of(cJSON *status)
{
	cJSON *conds = cJSON_GetObjectItemCaseSensitive(status, "conditions");
	if (!cJSON_IsArray(conds)) {
		kc_json_object_remove(status, "conditions");
		conds = cJSON_AddArrayToObject(status, "conditions");
	}
	return conds;
}

void kc_dep_remove_condition(cJSON *status, const char *type)
{
	cJSON *conds = cJSON_GetObjectItemCaseSensitive(status, "conditions");
	cJSON *c = conds ? conds->child : NULL;
	while (c) {
		cJSON *next = c->next;
		if (streq(kc_json_get_str(c, "type", ""), type))
			cJSON_Delete(cJSON_DetachItemViaPointer(conds, c));
		c = next;
	}
	if (cJSON_IsArray(conds) && !conds->child)
		kc_json_object_remove(status, "conditions"); /* omitempty */
}

void kc_dep_set_condition(cJSON *status, cJSON *cond)
{
	const char *type = kc_json_get_str(cond, "type", "");
	const cJSON *cur = kc_dep_condition(status, type);
	if (cur && streq(kc_json_get_str(cur, "status", ""), kc_json_get_str(cond, "status", "")) &&
	    streq(kc_json_get_str(cur, "reason", ""), kc_json_get_str(cond, "reason", ""))) {
		cJSON_Delete(cond);
		return;
	}
	if (cur && streq(kc_json_get_str(cur, "status", ""), kc_json_get_str(cond, "status", "")))
		kc_json_object_put(cond, "lastTransitionTime",
		                   kc_json_dup(kc_json_get(cur, "lastTransitionTime")));
	kc_dep_remove_condition(status, type);
	cJSON_AddItemToArray(conditions_of(status), cond);
}

/* ---- status ---- */

void kc_dep_status_counts(const cJSON *status, kc_dep_counts *ret)
{
	ret->observed_generation = kc_json_get_int(status, "observedGeneration", 0);
	ret->replicas = kc_json_get_int(status, "replicas", 0);
	ret->updated = kc_json_get_int(status, "updatedReplicas", 0);
	ret->ready = kc_json_get_int(status, "readyReplicas", 0);
	ret->available = kc_json_get_int(status, "availableReplicas", 0);
	ret->unavailable = kc_json_get_int(status, "unavailableReplicas", 0);
}

static void put_counter(cJSON *st, const char *key, int64_t v)
{
	if (v != 0)
		cJSON_AddNumberToObject(st, key, (double)v);
}

cJSON *kc_dep_calculate_status(const cJSON *d, const kc_dep_spec *s, const cJSON *const *rss, size_t n,
                               const cJSON *new_rs, kc_time now)
{
	int64_t available = 0, total = 0, actual = 0, ready = 0;
	for (size_t i = 0; i < n; i++) {
		available += kc_json_get_int(rss[i], "status.availableReplicas", 0);
		total += kc_dep_rs_replicas(rss[i]);
		actual += kc_json_get_int(rss[i], "status.replicas", 0);
		ready += kc_json_get_int(rss[i], "status.readyReplicas", 0);
	}
	/* more available than wanted while scaling down: none unavailable */
	int64_t unavailable = total - available < 0 ? 0 : total - available;

	cJSON *st = cJSON_CreateObject();
	put_counter(st, "observedGeneration", kc_json_get_int(d, "metadata.generation", 0));
	put_counter(st, "replicas", actual);
	put_counter(st, "updatedReplicas", new_rs ? kc_json_get_int(new_rs, "status.replicas", 0) : 0);
	put_counter(st, "readyReplicas", ready);
	put_counter(st, "availableReplicas", available);
	put_counter(st, "unavailableReplicas", unavailable);
	const cJSON *conds = kc_json_get(d, "status.conditions");
	if (cJSON_IsArray(conds) && conds->child)
		cJSON_AddItemToObject(st, "conditions", kc_json_dup(conds));
	const cJSON *cc = kc_json_get(d, "status.collisionCount");
	if (cc && !cJSON_IsNull(cc))
		cJSON_AddItemToObject(st, "collisionCount", kc_json_dup(cc));

	if (available >= (int64_t)s->replicas - kc_dep_max_unavailable(s))
		kc_dep_set_condition(st,
		                     kc_dep_new_condition("Available", "True", KC_DEP_REASON_MIN_AVAILABLE,
		                                          "Deployment has minimum availability.", now));
	else
		kc_dep_set_condition(
		    st, kc_dep_new_condition("Available", "False", KC_DEP_REASON_MIN_UNAVAILABLE,
		                             "Deployment does not have minimum availability.", now));
	return st;
}

bool kc_dep_status_equal(const cJSON *a, const cJSON *b)
{
	kc_dep_counts x, y;
	kc_dep_status_counts(a, &x);
	kc_dep_status_counts(b, &y);
	if (memcmp(&x, &y, sizeof(x)) != 0)
		return false;
	const cJSON *ca = kc_json_get(a, "conditions"), *cb = kc_json_get(b, "conditions");
	bool ea = !cJSON_IsArray(ca) || !ca->child, eb = !cJSON_IsArray(cb) || !cb->child;
	if (ea != eb || (!ea && !kc_json_equal(ca, cb)))
		return false;
	const cJSON *na = kc_json_get(a, "collisionCount"), *nb = kc_json_get(b, "collisionCount");
	if (cJSON_IsNull(na))
		na = NULL;
	if (cJSON_IsNull(nb))
		nb = NULL;
	return kc_json_equal(na, nb);
}

bool kc_dep_complete(const cJSON *d, const kc_dep_spec *s, const cJSON *status)
{
	kc_dep_counts c;
	kc_dep_status_counts(status, &c);
	return c.updated == s->replicas && c.replicas == s->replicas && c.available == s->replicas &&
	       c.observed_generation >= kc_json_get_int(d, "metadata.generation", 0);
}

bool kc_dep_progressing(const cJSON *d, const cJSON *status)
{
	kc_dep_counts o, n;
	kc_dep_status_counts(kc_json_get(d, "status"), &o);
	kc_dep_status_counts(status, &n);
	return n.updated > o.updated || (n.replicas - n.updated) < (o.replicas - o.updated) ||
	       n.ready > o.ready || n.available > o.available;
}

bool kc_dep_timed_out(const kc_dep_spec *s, const cJSON *status, kc_time now)
{
	if (s->progress_deadline_seconds == KC_DEP_UNLIMITED)
		return false;
	const cJSON *cond = kc_dep_condition(status, "Progressing");
	if (!cond)
		return false;
	const char *reason = kc_json_get_str(cond, "reason", "");
	/* a finished rollout is not judged against the deadline (the new
	 * ReplicaSet's creation may resync before the condition says so) */
	if (streq(reason, KC_DEP_REASON_NEW_RS_AVAIL))
		return false;
	if (streq(reason, KC_DEP_REASON_TIMED_OUT))
		return true;
	kc_time from = {KC_TIME_GO_ZERO, 0};
	kc_time_parse_rfc3339(kc_json_get_str(cond, "lastUpdateTime", ""), &from, NULL);
	int64_t deadline = from.sec + s->progress_deadline_seconds;
	return deadline < now.sec || (deadline == now.sec && from.nsec < now.nsec);
}

/* ---- what the controller writes around the plan ---- */

static cJSON *status_of(cJSON *d)
{
	cJSON *st = cJSON_GetObjectItemCaseSensitive(d, "status");
	if (!cJSON_IsObject(st)) {
		kc_json_object_remove(d, "status");
		st = cJSON_AddObjectToObject(d, "status");
	}
	return st;
}

cJSON *kc_dep_with_collision(const cJSON *d)
{
	cJSON *out = kc_json_dup(d);
	cJSON *st = status_of(out);
	int64_t cc = kc_json_get_int(st, "collisionCount", 0);
	kc_json_object_put(st, "collisionCount", cJSON_CreateNumber((double)(cc + 1)));
	return out;
}

cJSON *kc_dep_with_create_failure(const cJSON *d, const char *msg, kc_time now)
{
	const cJSON *pds = kc_json_get(d, "spec.progressDeadlineSeconds");
	if (!pds || cJSON_IsNull(pds) || kc_json_as_int(pds, INT32_MAX) == INT32_MAX)
		return NULL;
	cJSON *out = kc_json_dup(d);
	kc_dep_set_condition(status_of(out), kc_dep_new_condition("Progressing", "False",
	                                                          KC_DEP_REASON_RS_CREATE_ERROR, msg, now));
	return out;
}

cJSON *kc_dep_adopt_patch(const cJSON *d, const cJSON *rs)
{
	cJSON *patch = cJSON_CreateObject();
	cJSON *meta = cJSON_AddObjectToObject(patch, "metadata");
	cJSON_AddItemToArray(cJSON_AddArrayToObject(meta, "ownerReferences"), kc_dep_controller_ref(d));
	cJSON_AddStringToObject(meta, "uid", kc_json_get_str(rs, "metadata.uid", ""));
	return patch;
}
