/* deployment_sync.c - one reconcile of a Deployment as a plan of writes
 * (see deployment_util.h): upstream's syncDeployment with sync.go,
 * rolling.go, recreate.go and progress.go, on working copies of the
 * Deployment and its ReplicaSets instead of API calls.
 *
 * The working copies stand for what upstream's sync has written so far:
 * a ReplicaSet changed twice in one sync (its annotations, then its size)
 * is written once with both; the Deployment's status (and its revision
 * annotation) once at the end. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/util.h"
#include "controller-manager/deployment_util.h"
#include "controller-manager/replicaset.h"
#include "banned.h"

/* One ReplicaSet during a sync. */
typedef struct rsw {
	const cJSON *orig; /* as the cache has it */
	cJSON *rs;         /* working copy */
	bool dirty;        /* to be written */
	char **events;     /* ScalingReplicaSet messages once written */
	size_t n_events;
	int32_t pods_active;    /* pods it controls, not terminating nor terminated */
	int32_t pods_available; /* of them, available */
} rsw;

typedef struct dsync {
	const kc_dep_input *in;
	kc_dep_spec s;
	cJSON *d; /* working copy of the Deployment */
	rsw *rs;  /* every ReplicaSet it owns */
	size_t n;
	/* getAllReplicaSetsAndSyncRevision, computed once per sync */
	bool have_all;
	rsw *new_rs;
	rsw **old; /* every other one */
	size_t n_old;
	int64_t new_revision; /* the old ones' highest + 1 */
	char **deletes;       /* names (even) and uids (odd) of ReplicaSets to delete */
	size_t n_deletes;
	kc_dep_plan *plan;
} dsync;

/* ---- small helpers ---- */

static int32_t replicas(const rsw *w)
{
	return w ? kc_dep_rs_replicas(w->rs) : 0;
}

static int64_t status_int(const rsw *w, const char *key)
{
	return w ? kc_json_as_int(kc_json_getv(w->rs, "status", key, NULL), 0) : 0;
}

static const char *rs_name(const rsw *w)
{
	return kc_json_get_str(w->rs, "metadata.name", "");
}

static const char *rs_uid(const rsw *w)
{
	return kc_json_get_str(w->rs, "metadata.uid", "");
}

static bool has_deadline(const dsync *ds)
{
	return ds->s.progress_deadline_seconds != KC_DEP_UNLIMITED;
}

static cJSON *d_status(dsync *ds)
{
	cJSON *st = cJSON_GetObjectItemCaseSensitive(ds->d, "status");
	if (!cJSON_IsObject(st)) {
		kc_json_object_remove(ds->d, "status");
		st = cJSON_AddObjectToObject(ds->d, "status");
	}
	return st;
}

/* Replaces the working Deployment's status with st (taken). */
static void d_set_status(dsync *ds, cJSON *st)
{
	kc_json_object_put(ds->d, "status", st);
}

static void add_event(rsw *w, const char *fmt, ...) KC_PRINTF(2, 3);
static void add_event(rsw *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	w->events = xrealloc(w->events, (w->n_events + 1) * sizeof(*w->events));
	w->events[w->n_events++] = xvasprintf(fmt, ap);
	va_end(ap);
}

/* kc differs here (deployment_util.h): what a ReplicaSet counts for. */
static int32_t size_for_surge(const rsw *w)
{
	int32_t spec = replicas(w);
	return w->pods_active > spec ? w->pods_active : spec;
}

static int32_t available_for_scale_down(const rsw *w)
{
	int64_t n = status_int(w, "availableReplicas");
	if (n > w->pods_available)
		n = w->pods_available;
	/* a ReplicaSet just scaled down keeps no more than its size, whatever
	 * runs until its controller catches up */
	if (n > replicas(w))
		n = replicas(w);
	return (int32_t)n;
}

static int cmp_created(const void *a, const void *b)
{
	const rsw *x = *(const rsw *const *)a, *y = *(const rsw *const *)b;
	return kc_dep_rs_cmp_created(x->rs, y->rs);
}

static int cmp_created_desc(const void *a, const void *b)
{
	return -cmp_created(a, b);
}

/* ReplicaSetsBySizeOlder: larger first, then older. */
static int cmp_size_older(const void *a, const void *b)
{
	const rsw *x = *(const rsw *const *)a, *y = *(const rsw *const *)b;
	if (replicas(x) != replicas(y))
		return replicas(x) > replicas(y) ? -1 : 1;
	return cmp_created(a, b);
}

/* ReplicaSetsBySizeNewer: larger first, then newer. */
static int cmp_size_newer(const void *a, const void *b)
{
	const rsw *x = *(const rsw *const *)a, *y = *(const rsw *const *)b;
	if (replicas(x) != replicas(y))
		return replicas(x) > replicas(y) ? -1 : 1;
	return cmp_created(b, a);
}

/* ReplicaSetsByRevision: by revision, unparsable or equal ones by age. */
static int cmp_revision(const void *a, const void *b)
{
	const rsw *x = *(const rsw *const *)a, *y = *(const rsw *const *)b;
	int64_t rx, ry;
	if (kc_dep_revision(x->rs, &rx) < 0 || kc_dep_revision(y->rs, &ry) < 0 || rx == ry)
		return cmp_created(a, b);
	return rx < ry ? -1 : 1;
}

/* FilterActiveReplicaSets: those with replicas > 0 (list may hold NULL). */
static size_t filter_active(rsw **list, size_t n, rsw **out)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (list[i] && replicas(list[i]) > 0)
			out[m++] = list[i];
	return m;
}

/* The old ones plus the new one (when there is one): a new array. */
static rsw **all_rss(const dsync *ds, size_t *ret_n)
{
	rsw **all = xcalloc(ds->n_old + 1, sizeof(*all));
	size_t m = 0;
	for (size_t i = 0; i < ds->n_old; i++)
		all[m++] = ds->old[i];
	if (ds->new_rs)
		all[m++] = ds->new_rs;
	*ret_n = m;
	return all;
}

static int64_t sum_replicas(rsw *const *list, size_t n)
{
	int64_t t = 0;
	for (size_t i = 0; i < n; i++)
		t += replicas(list[i]);
	return t;
}

/* ---- scaling one ReplicaSet ---- */

/* scaleReplicaSet: the size and the desired/max-replicas annotations;
 * returns whether the size changed (an event then says so). */
static bool scale_rs(dsync *ds, rsw *w, int32_t new_scale, const char *op)
{
	int32_t old_scale = replicas(w);
	int32_t desired = ds->s.replicas, max = ds->s.replicas + kc_dep_max_surge(&ds->s);
	bool size = old_scale != new_scale;
	bool ann = kc_dep_replicas_annotations_differ(w->rs, desired, max);
	if (!size && !ann)
		return false;
	kc_json_set_int(w->rs, "spec.replicas", new_scale, NULL);
	kc_dep_set_replicas_annotations(w->rs, desired, max);
	w->dirty = true;
	if (size)
		add_event(w, "Scaled %s replica set %s to %d from %d", op, rs_name(w), new_scale, old_scale);
	return size;
}

/* scaleReplicaSetAndRecordEvent */
static bool scale_rs_and_record(dsync *ds, rsw *w, int32_t new_scale)
{
	if (replicas(w) == new_scale)
		return false;
	return scale_rs(ds, w, new_scale, replicas(w) < new_scale ? "up" : "down");
}

/* ---- the new and old ReplicaSets ---- */

/* getAllReplicaSetsAndSyncRevision + getNewReplicaSet. Returns 1 when the
 * plan now makes the new ReplicaSet (the sync ends there), 0 otherwise. */
static int get_all(dsync *ds, bool create)
{
	if (!ds->have_all) {
		ds->have_all = true;
		const cJSON **objs = xcalloc(ds->n + 1, sizeof(*objs));
		for (size_t i = 0; i < ds->n; i++)
			objs[i] = ds->rs[i].rs;
		const cJSON *found = kc_dep_find_new_rs(ds->d, objs, ds->n);
		ds->old = xcalloc(ds->n + 1, sizeof(*ds->old));
		for (size_t i = 0; i < ds->n; i++) {
			if (ds->rs[i].rs == found)
				ds->new_rs = &ds->rs[i];
			else
				ds->old[ds->n_old++] = &ds->rs[i];
		}
		free(objs);

		const cJSON **olds = xcalloc(ds->n_old + 1, sizeof(*olds));
		for (size_t i = 0; i < ds->n_old; i++)
			olds[i] = ds->old[i]->rs;
		ds->new_revision = kc_dep_max_revision(olds, ds->n_old) + 1;
		free(olds);

		rsw *w = ds->new_rs;
		if (w) {
			bool ann = kc_dep_set_new_rs_annotations(ds->d, &ds->s, w->rs, ds->new_revision, true,
			                                         KC_DEP_MAX_REV_HISTORY_CHARS);
			bool mrs =
			    kc_json_get_int(w->rs, "spec.minReadySeconds", 0) != ds->s.min_ready_seconds;
			if (ann || mrs) {
				/* upstream writes the ReplicaSet and goes on with it; the
				 * Deployment's revision follows in the next sync */
				kc_json_set_int(w->rs, "spec.minReadySeconds", ds->s.min_ready_seconds, NULL);
				w->dirty = true;
			} else {
				const char *rev = kc_json_as_str(
				    kc_json_getv(w->rs, "metadata", "annotations", KC_DEP_ANN_REVISION, NULL),
				    "");
				const char *cur = kc_json_as_str(
				    kc_json_getv(ds->d, "metadata", "annotations", KC_DEP_ANN_REVISION, NULL),
				    NULL);
				if (!cur || !streq(cur, rev))
					kc_json_setv(ds->d, cJSON_CreateString(rev), NULL, "metadata",
					             "annotations", KC_DEP_ANN_REVISION, NULL);
				if (has_deadline(ds) && !kc_dep_condition(d_status(ds), "Progressing")) {
					_cleanup_free_ char *msg =
					    xasprintf("Found new replica set \"%s\"", rs_name(w));
					kc_dep_set_condition(d_status(ds),
					                     kc_dep_new_condition("Progressing", "True",
					                                          KC_DEP_REASON_FOUND_NEW_RS,
					                                          msg, ds->in->now));
				}
			}
		}
	}
	if (ds->new_rs || !create)
		return 0;

	/* no new ReplicaSet: make one */
	int64_t new_revision = ds->new_revision;
	const cJSON *ccj = kc_json_get(ds->d, "status.collisionCount");
	int64_t cc = ccj && !cJSON_IsNull(ccj) ? kc_json_as_int(ccj, 0) : -1;
	cJSON *rs = kc_dep_new_rs(ds->d, &ds->s, cc);
	/* NewRSNewReplicas */
	int32_t count;
	if (ds->s.recreate) {
		count = ds->s.replicas;
	} else {
		int64_t current = 0;
		for (size_t i = 0; i < ds->n_old; i++)
			current += size_for_surge(ds->old[i]);
		int64_t max_total = (int64_t)ds->s.replicas + kc_dep_max_surge(&ds->s);
		count = 0;
		if (current < max_total) {
			int64_t up = max_total - current;
			count = (int32_t)(up < ds->s.replicas ? up : ds->s.replicas);
		}
	}
	kc_json_set_int(rs, "spec.replicas", count, NULL);
	kc_dep_set_new_rs_annotations(ds->d, &ds->s, rs, new_revision, false, KC_DEP_MAX_REV_HISTORY_CHARS);

	kc_dep_plan *p = ds->plan;
	p->writes = xrealloc(p->writes, (p->n_writes + 1) * sizeof(*p->writes));
	kc_dep_write *wr = &p->writes[p->n_writes++];
	*wr = (kc_dep_write){
	    .kind = KC_DEP_CREATE_RS, .name = xstrdup(kc_json_get_str(rs, "metadata.name", "")), .body = rs};
	if (count > 0) {
		wr->events = xcalloc(1, sizeof(*wr->events));
		wr->events[wr->n_events++] = xasprintf("Scaled up replica set %s to %d", wr->name, count);
	}
	/* what upstream writes once it is made */
	cJSON *after = kc_json_dup(ds->d);
	char num[32];
	snprintf(num, sizeof(num), "%lld", (long long)new_revision);
	kc_json_setv(after, cJSON_CreateString(num), NULL, "metadata", "annotations", KC_DEP_ANN_REVISION,
	             NULL);
	if (has_deadline(ds)) {
		_cleanup_free_ char *msg = xasprintf("Created new replica set \"%s\"", wr->name);
		cJSON *st = cJSON_GetObjectItemCaseSensitive(after, "status");
		if (!cJSON_IsObject(st)) {
			kc_json_object_remove(after, "status");
			st = cJSON_AddObjectToObject(after, "status");
		}
		kc_dep_set_condition(st,
		                     kc_dep_new_condition("Progressing", "True", KC_DEP_REASON_NEW_RS_CREATED,
		                                          msg, ds->in->now));
	}
	p->after_create = after;
	return 1;
}

/* ---- status ---- */

/* syncDeploymentStatus: the counters and Available condition. */
static void sync_deployment_status(dsync *ds)
{
	size_t n = 0;
	_cleanup_free_ rsw **all = all_rss(ds, &n);
	const cJSON **objs = xcalloc(n + 1, sizeof(*objs));
	for (size_t i = 0; i < n; i++)
		objs[i] = all[i]->rs;
	cJSON *st =
	    kc_dep_calculate_status(ds->d, &ds->s, objs, n, ds->new_rs ? ds->new_rs->rs : NULL, ds->in->now);
	free(objs);
	if (kc_dep_status_equal(d_status(ds), st))
		cJSON_Delete(st);
	else
		d_set_status(ds, st);
}

/* ReplicaSetToDeploymentCondition for the first ReplicaFailure of the new
 * ReplicaSet, else of any. New object or NULL. */
static cJSON *replica_failure(dsync *ds, rsw **all, size_t n)
{
	const cJSON *found = NULL;
	const cJSON *c;
	if (ds->new_rs)
		cJSON_ArrayForEach(c, kc_json_get(ds->new_rs->rs, "status.conditions"))
		{
			if (!found && streq(kc_json_get_str(c, "type", ""), "ReplicaFailure"))
				found = c;
		}
	for (size_t i = 0; i < n && !found; i++)
		cJSON_ArrayForEach(c, kc_json_get(all[i]->rs, "status.conditions"))
		{
			if (!found && streq(kc_json_get_str(c, "type", ""), "ReplicaFailure"))
				found = c;
		}
	if (!found)
		return NULL;
	cJSON *cond = cJSON_CreateObject();
	cJSON_AddStringToObject(cond, "type", kc_json_get_str(found, "type", ""));
	cJSON_AddStringToObject(cond, "status", kc_json_get_str(found, "status", ""));
	const char *t = kc_json_get_str(found, "lastTransitionTime", NULL);
	if (t) {
		cJSON_AddStringToObject(cond, "lastUpdateTime", t);
		cJSON_AddStringToObject(cond, "lastTransitionTime", t);
	}
	cJSON_AddStringToObject(cond, "reason", kc_json_get_str(found, "reason", ""));
	cJSON_AddStringToObject(cond, "message", kc_json_get_str(found, "message", ""));
	return cond;
}

/* requeueStuckDeployment */
static void requeue_stuck(dsync *ds, const cJSON *new_status)
{
	const cJSON *cur = kc_dep_condition(d_status(ds), "Progressing");
	if (!has_deadline(ds) || !cur)
		return;
	if (kc_dep_complete(ds->d, &ds->s, new_status) ||
	    streq(kc_json_get_str(cur, "reason", ""), KC_DEP_REASON_TIMED_OUT))
		return;
	kc_time from = {KC_TIME_GO_ZERO, 0};
	kc_time_parse_rfc3339(kc_json_get_str(cur, "lastUpdateTime", ""), &from, NULL);
	int64_t after_ms = (from.sec + ds->s.progress_deadline_seconds - ds->in->now.sec) * 1000 +
	                   (from.nsec - ds->in->now.nsec) / 1000000;
	/* less than a second left: now, rate limited; else a second past it
	 * (AddAfter's milliseconds skew, kubernetes#39785) */
	ds->plan->requeue_after_ms = after_ms < 1000 ? 0 : after_ms + 1000;
}

static void progress_message(char **ret, const dsync *ds, const char *what)
{
	if (ds->new_rs)
		*ret = xasprintf("ReplicaSet \"%s\" %s", rs_name(ds->new_rs), what);
	else
		*ret = xasprintf("Deployment \"%s\" %s", kc_json_get_str(ds->d, "metadata.name", ""), what);
}

/* syncRolloutStatus: the status with the Progressing condition. */
static void sync_rollout_status(dsync *ds)
{
	size_t n = 0;
	_cleanup_free_ rsw **all = all_rss(ds, &n);
	const cJSON **objs = xcalloc(n + 1, sizeof(*objs));
	for (size_t i = 0; i < n; i++)
		objs[i] = all[i]->rs;
	cJSON *st =
	    kc_dep_calculate_status(ds->d, &ds->s, objs, n, ds->new_rs ? ds->new_rs->rs : NULL, ds->in->now);
	free(objs);
	kc_time now = ds->in->now;

	if (!has_deadline(ds))
		kc_dep_remove_condition(st, "Progressing");
	const cJSON *cur = kc_dep_condition(d_status(ds), "Progressing");
	kc_dep_counts c;
	kc_dep_status_counts(st, &c);
	bool done = c.replicas == c.updated && cur &&
	            streq(kc_json_get_str(cur, "reason", ""), KC_DEP_REASON_NEW_RS_AVAIL);
	if (has_deadline(ds) && !done) {
		_cleanup_free_ char *msg = NULL;
		if (kc_dep_complete(ds->d, &ds->s, st)) {
			progress_message(&msg, ds, "has successfully progressed.");
			kc_dep_set_condition(st, kc_dep_new_condition("Progressing", "True",
			                                              KC_DEP_REASON_NEW_RS_AVAIL, msg, now));
		} else if (kc_dep_progressing(ds->d, st)) {
			/* progress moves lastUpdateTime even with the same reason;
			 * lastTransitionTime stays while the status stays True */
			progress_message(&msg, ds, "is progressing.");
			cJSON *cond =
			    kc_dep_new_condition("Progressing", "True", KC_DEP_REASON_RS_UPDATED, msg, now);
			if (cur) {
				if (streq(kc_json_get_str(cur, "status", ""), "True"))
					kc_json_object_put(
					    cond, "lastTransitionTime",
					    kc_json_dup(kc_json_get(cur, "lastTransitionTime")));
				kc_dep_remove_condition(st, "Progressing");
			}
			kc_dep_set_condition(st, cond);
		} else if (kc_dep_timed_out(&ds->s, st, now)) {
			progress_message(&msg, ds, "has timed out progressing.");
			kc_dep_set_condition(st, kc_dep_new_condition("Progressing", "False",
			                                              KC_DEP_REASON_TIMED_OUT, msg, now));
		}
	}
	cJSON *failure = replica_failure(ds, all, n);
	if (failure)
		kc_dep_set_condition(st, failure);
	else
		kc_dep_remove_condition(st, "ReplicaFailure");

	if (kc_dep_status_equal(d_status(ds), st)) {
		requeue_stuck(ds, st);
		cJSON_Delete(st);
		return;
	}
	d_set_status(ds, st);
}

/* ---- clean-up ---- */

/* cleanupDeployment: all but the newest revisionHistoryLimit old ones,
 * when they are empty. */
static void cleanup(dsync *ds)
{
	if (ds->s.revision_history_limit == KC_DEP_UNLIMITED)
		return;
	rsw **alive = xcalloc(ds->n_old + 1, sizeof(*alive));
	size_t m = 0;
	for (size_t i = 0; i < ds->n_old; i++)
		if (!kc_json_get(ds->old[i]->rs, "metadata.deletionTimestamp"))
			alive[m++] = ds->old[i];
	int64_t diff = (int64_t)m - ds->s.revision_history_limit;
	if (diff > 0) {
		qsort(alive, m, sizeof(*alive), cmp_revision);
		for (int64_t i = 0; i < diff; i++) {
			rsw *w = alive[i];
			if (status_int(w, "replicas") != 0 || replicas(w) != 0 || w->dirty ||
			    kc_json_get_int(w->rs, "metadata.generation", 0) >
			        kc_json_get_int(w->rs, "status.observedGeneration", 0))
				continue;
			ds->deletes = xrealloc(ds->deletes, (ds->n_deletes + 2) * sizeof(*ds->deletes));
			ds->deletes[ds->n_deletes++] = xstrdup(rs_name(w));
			ds->deletes[ds->n_deletes++] = xstrdup(rs_uid(w));
		}
	}
	free(alive);
}

/* ---- scaling (sync.go's scale) ---- */

/* IsSaturated: the new ReplicaSet has (and is annotated with) the whole
 * size, all of it available. */
static bool saturated(const dsync *ds)
{
	const rsw *nw = ds->new_rs;
	if (!nw)
		return false;
	const char *text = kc_json_as_str(
	    kc_json_getv(nw->rs, "metadata", "annotations", KC_DEP_ANN_DESIRED_REPLICAS, NULL), NULL);
	int64_t desired;
	return text && kc_dep_parse_int(text, &desired) && (int32_t)desired == ds->s.replicas &&
	       replicas(nw) == ds->s.replicas && status_int(nw, "availableReplicas") == ds->s.replicas;
}

/* sync.go's scale: the one active ReplicaSet to the full size; old ones to
 * zero once the new one is saturated; otherwise (RollingUpdate) every
 * active one proportionally. */
static void scale(dsync *ds)
{
	/* FindActiveOrLatest */
	rsw **olds = xcalloc(ds->n_old + 2, sizeof(*olds));
	memcpy(olds, ds->old, ds->n_old * sizeof(*olds));
	qsort(olds, ds->n_old, sizeof(*olds), cmp_created_desc);
	olds[ds->n_old] = ds->new_rs;
	rsw **active = xcalloc(ds->n_old + 2, sizeof(*active));
	size_t n_active = filter_active(olds, ds->n_old + 1, active);
	rsw *only = NULL;
	if (ds->new_rs || ds->n_old > 0) {
		if (n_active == 0)
			only = ds->new_rs ? ds->new_rs : olds[0];
		else if (n_active == 1)
			only = active[0];
	}
	if (only) {
		if (replicas(only) != ds->s.replicas)
			scale_rs_and_record(ds, only, ds->s.replicas);
		goto out;
	}
	if (saturated(ds)) {
		rsw **oa = xcalloc(ds->n_old + 1, sizeof(*oa));
		size_t k = filter_active(ds->old, ds->n_old, oa);
		for (size_t i = 0; i < k; i++)
			scale_rs_and_record(ds, oa[i], 0);
		free(oa);
		goto out;
	}
	if (!ds->s.recreate) {
		/* proportional scaling over the active ones */
		int64_t total = sum_replicas(active, n_active);
		int64_t allowed = ds->s.replicas > 0 ? (int64_t)ds->s.replicas + kc_dep_max_surge(&ds->s) : 0;
		int32_t to_add = (int32_t)(allowed - total);
		const char *op = NULL;
		if (to_add > 0) {
			qsort(active, n_active, sizeof(*active), cmp_size_newer);
			op = "up";
		} else if (to_add < 0) {
			qsort(active, n_active, sizeof(*active), cmp_size_older);
			op = "down";
		}
		int32_t added = 0;
		int32_t *sizes = xcalloc(n_active + 1, sizeof(*sizes));
		int32_t d_status_replicas = (int32_t)kc_json_get_int(ds->d, "status.replicas", 0);
		for (size_t i = 0; i < n_active; i++) {
			if (to_add != 0) {
				int32_t p = kc_dep_proportion(active[i]->rs, &ds->s, d_status_replicas,
				                              to_add, added);
				sizes[i] = replicas(active[i]) + p;
				added += p;
			} else {
				sizes[i] = replicas(active[i]);
			}
		}
		for (size_t i = 0; i < n_active; i++) {
			/* leftovers to the largest */
			if (i == 0 && to_add != 0) {
				sizes[i] += to_add - added;
				if (sizes[i] < 0)
					sizes[i] = 0;
			}
			scale_rs(ds, active[i], sizes[i],
			         op ? op : (replicas(active[i]) < sizes[i] ? "up" : "down"));
		}
		free(sizes);
	}
out:
	free(olds);
	free(active);
}

/* ---- the strategies ---- */

/* reconcileNewReplicaSet */
static bool reconcile_new(dsync *ds, rsw **all, size_t n_all)
{
	rsw *nw = ds->new_rs;
	int32_t want = ds->s.replicas;
	if (replicas(nw) == want)
		return false;
	if (replicas(nw) > want)
		return scale_rs_and_record(ds, nw, want);
	/* NewRSNewReplicas for RollingUpdate */
	int64_t current = 0;
	for (size_t i = 0; i < n_all; i++)
		current += size_for_surge(all[i]);
	int64_t max_total = (int64_t)want + kc_dep_max_surge(&ds->s);
	if (current >= max_total)
		return false;
	int64_t up = max_total - current;
	if (up > want - replicas(nw))
		up = want - replicas(nw);
	return scale_rs_and_record(ds, nw, replicas(nw) + (int32_t)up);
}

/* cleanupUnhealthyReplicas */
static int32_t cleanup_unhealthy(dsync *ds, rsw **olds, size_t n, int32_t max_cleanup)
{
	qsort(olds, n, sizeof(*olds), cmp_created);
	int32_t total = 0;
	for (size_t i = 0; i < n && total < max_cleanup; i++) {
		rsw *w = olds[i];
		int32_t size = replicas(w), avail = available_for_scale_down(w);
		if (size == 0 || size <= avail)
			continue; /* nothing unhealthy */
		int32_t down = max_cleanup - total < size - avail ? max_cleanup - total : size - avail;
		scale_rs_and_record(ds, w, size - down);
		total += down;
	}
	return total;
}

/* scaleDownOldReplicaSetsForRollingUpdate */
static int32_t scale_down_old(dsync *ds, rsw **all, size_t n_all, rsw **olds, size_t n)
{
	int32_t min_available = ds->s.replicas - kc_dep_max_unavailable(&ds->s);
	int64_t available = 0;
	for (size_t i = 0; i < n_all; i++)
		available += available_for_scale_down(all[i]);
	if (available <= min_available)
		return 0;
	qsort(olds, n, sizeof(*olds), cmp_created);
	int64_t want = available - min_available;
	int32_t total = 0;
	for (size_t i = 0; i < n && total < want; i++) {
		rsw *w = olds[i];
		if (replicas(w) == 0)
			continue;
		int32_t down = (int32_t)(replicas(w) < want - total ? replicas(w) : want - total);
		scale_rs_and_record(ds, w, replicas(w) - down);
		total += down;
	}
	return total;
}

/* reconcileOldReplicaSets */
static bool reconcile_old(dsync *ds, rsw *const *all, size_t n_all, rsw **olds, size_t n)
{
	if (sum_replicas(olds, n) == 0)
		return false;
	int64_t all_pods = sum_replicas(all, n_all);
	int32_t min_available = ds->s.replicas - kc_dep_max_unavailable(&ds->s);
	rsw *nw = ds->new_rs;
	int64_t new_unavailable = replicas(nw) - available_for_scale_down(nw);
	int64_t max_scaled_down = all_pods - min_available - new_unavailable;
	if (max_scaled_down <= 0)
		return false;
	/* unhealthy replicas first: they would block the rollout
	 * (kubernetes#16737) */
	int32_t cleaned = cleanup_unhealthy(ds, olds, n, (int32_t)max_scaled_down);
	/* then within maxUnavailable, counting the active ones and the new */
	rsw **active = xcalloc(n + 2, sizeof(*active));
	memcpy(active, olds, n * sizeof(*active));
	active[n] = nw;
	int32_t scaled = scale_down_old(ds, active, n + 1, olds, n);
	free(active);
	return cleaned + scaled > 0;
}

static void rolling(dsync *ds)
{
	if (get_all(ds, true) == 1)
		return;
	size_t n_all = 0;
	_cleanup_free_ rsw **all = all_rss(ds, &n_all);
	if (reconcile_new(ds, all, n_all)) {
		sync_rollout_status(ds);
		return;
	}
	rsw **olds = xcalloc(ds->n_old + 1, sizeof(*olds));
	size_t n_olds = filter_active(ds->old, ds->n_old, olds);
	bool down = reconcile_old(ds, all, n_all, olds, n_olds);
	free(olds);
	if (down) {
		sync_rollout_status(ds);
		return;
	}
	if (kc_dep_complete(ds->d, &ds->s, d_status(ds)))
		cleanup(ds);
	sync_rollout_status(ds);
}

/* oldPodsRunning: old ReplicaSets report pods, or a pod not of the new one
 * is not Failed nor Succeeded (terminating ones count). */
static bool old_pods_running(dsync *ds)
{
	for (size_t i = 0; i < ds->n_old; i++)
		if (status_int(ds->old[i], "replicas") > 0)
			return true;
	const char *new_uid = ds->new_rs ? rs_uid(ds->new_rs) : NULL;
	for (size_t i = 0; i < ds->in->n_pods; i++) {
		const cJSON *pod = ds->in->pods[i];
		const cJSON *ref = kc_rs_controller_ref(pod);
		if (!ref)
			continue;
		const char *uid = kc_json_get_str(ref, "uid", "");
		if (new_uid && streq(uid, new_uid))
			continue;
		bool ours = false;
		for (size_t j = 0; j < ds->n && !ours; j++)
			ours = streq(uid, rs_uid(&ds->rs[j]));
		if (!ours)
			continue;
		const char *phase = kc_json_get_str(pod, "status.phase", "");
		if (!streq(phase, "Failed") && !streq(phase, "Succeeded"))
			return true;
	}
	return false;
}

static void recreate(dsync *ds)
{
	/* no new ReplicaSet before the old pods are gone */
	get_all(ds, false);
	bool scaled = false;
	for (size_t i = 0; i < ds->n_old; i++)
		if (replicas(ds->old[i]) > 0)
			scaled |= scale_rs_and_record(ds, ds->old[i], 0);
	if (scaled || old_pods_running(ds)) {
		sync_rollout_status(ds);
		return;
	}
	if (!ds->new_rs && get_all(ds, true) == 1)
		return;
	scale_rs_and_record(ds, ds->new_rs, ds->s.replicas);
	if (kc_dep_complete(ds->d, &ds->s, d_status(ds)))
		cleanup(ds);
	sync_rollout_status(ds);
}

/* sync: scaling events and paused Deployments */
static void sync_scaling(dsync *ds)
{
	get_all(ds, false);
	scale(ds);
	if (ds->s.paused)
		cleanup(ds); /* no rollback in flight: apps/v1 has none */
	sync_deployment_status(ds);
}

/* isScalingEvent: an active ReplicaSet annotated with another size. */
static bool scaling_event(dsync *ds)
{
	get_all(ds, false);
	size_t n = 0;
	_cleanup_free_ rsw **all = all_rss(ds, &n);
	for (size_t i = 0; i < n; i++) {
		if (replicas(all[i]) <= 0)
			continue;
		const char *v = kc_json_as_str(
		    kc_json_getv(all[i]->rs, "metadata", "annotations", KC_DEP_ANN_DESIRED_REPLICAS, NULL),
		    NULL);
		int64_t desired;
		if (!v || !kc_dep_parse_int(v, &desired))
			continue;
		if ((int32_t)desired != ds->s.replicas)
			return true;
	}
	return false;
}

/* checkPausedConditions */
static void check_paused(dsync *ds)
{
	if (!has_deadline(ds))
		return;
	const cJSON *cond = kc_dep_condition(d_status(ds), "Progressing");
	const char *reason = cond ? kc_json_get_str(cond, "reason", "") : "";
	if (streq(reason, KC_DEP_REASON_TIMED_OUT))
		return; /* a reported lack of progress stays */
	bool paused_cond = streq(reason, KC_DEP_REASON_PAUSED);
	if (ds->s.paused && !paused_cond)
		kc_dep_set_condition(d_status(ds),
		                     kc_dep_new_condition("Progressing", "Unknown", KC_DEP_REASON_PAUSED,
		                                          "Deployment is paused", ds->in->now));
	else if (!ds->s.paused && paused_cond)
		kc_dep_set_condition(d_status(ds),
		                     kc_dep_new_condition("Progressing", "Unknown", KC_DEP_REASON_RESUMED,
		                                          "Deployment is resumed", ds->in->now));
}

/* ---- the plan ---- */

static void add_write(kc_dep_plan *p, kc_dep_write_kind kind, const char *name, const char *uid, cJSON *body)
{
	p->writes = xrealloc(p->writes, (p->n_writes + 1) * sizeof(*p->writes));
	p->writes[p->n_writes++] = (kc_dep_write){
	    .kind = kind, .name = xstrdup(name), .uid = uid ? xstrdup(uid) : NULL, .body = body};
}

/* The ReplicaSet writes, deletes and the Deployment's status, once the
 * sync ran without making a ReplicaSet. */
static void finish(dsync *ds)
{
	kc_dep_plan *p = ds->plan;
	for (size_t i = 0; i < ds->n; i++) {
		rsw *w = &ds->rs[i];
		if (!w->dirty)
			continue;
		_cleanup_free_ char *name = xstrdup(rs_name(w));
		add_write(p, KC_DEP_UPDATE_RS, name, NULL, TAKE_PTR(w->rs));
		kc_dep_write *wr = &p->writes[p->n_writes - 1];
		wr->events = TAKE_PTR(w->events);
		wr->n_events = w->n_events;
		w->n_events = 0;
	}
	for (size_t i = 0; i + 1 < ds->n_deletes; i += 2)
		add_write(p, KC_DEP_DELETE_RS, ds->deletes[i], ds->deletes[i + 1], NULL);
	const cJSON *orig = ds->in->deployment;
	bool status_changed = !kc_dep_status_equal(kc_json_get(orig, "status"), kc_json_get(ds->d, "status"));
	bool ann_changed = !kc_json_equal(kc_json_get(orig, "metadata.annotations"),
	                                  kc_json_get(ds->d, "metadata.annotations"));
	if (status_changed || ann_changed)
		add_write(p, KC_DEP_STATUS, kc_json_get_str(orig, "metadata.name", ""), NULL,
		          kc_json_dup(ds->d));
}

static void dsync_free(dsync *ds)
{
	for (size_t i = 0; i < ds->n; i++) {
		cJSON_Delete(ds->rs[i].rs);
		for (size_t j = 0; j < ds->rs[i].n_events; j++)
			free(ds->rs[i].events[j]);
		free(ds->rs[i].events);
	}
	free(ds->rs);
	free(ds->old);
	for (size_t i = 0; i < ds->n_deletes; i++)
		free(ds->deletes[i]);
	free(ds->deletes);
	cJSON_Delete(ds->d);
	kc_dep_spec_clear(&ds->s);
}

void kc_dep_plan_clear(kc_dep_plan *p)
{
	for (size_t i = 0; i < p->n_writes; i++) {
		kc_dep_write *w = &p->writes[i];
		free(w->name);
		free(w->uid);
		cJSON_Delete(w->body);
		for (size_t j = 0; j < w->n_events; j++)
			free(w->events[j]);
		free(w->events);
	}
	free(p->writes);
	cJSON_Delete(p->after_create);
	free(p->selecting_all);
	*p = (kc_dep_plan){.requeue_after_ms = -1};
}

int kc_dep_sync(const kc_dep_input *in, kc_dep_plan *ret, kc_error *err)
{
	*ret = (kc_dep_plan){.requeue_after_ms = -1};
	dsync ds = {.in = in, .plan = ret};
	int r = kc_dep_spec_parse(in->deployment, &ds.s, err);
	if (r < 0)
		return r;
	ds.d = kc_json_dup(in->deployment);

	if (ds.s.selects_all) {
		ret->selecting_all =
		    xstrdup("This deployment is selecting all pods. A non-empty selector is required.");
		int64_t gen = kc_json_get_int(ds.d, "metadata.generation", 0);
		if (kc_json_get_int(ds.d, "status.observedGeneration", 0) < gen)
			kc_json_set_int(d_status(&ds), "observedGeneration", gen, NULL);
		finish(&ds);
		dsync_free(&ds);
		return 0;
	}

	ds.rs = xcalloc(in->n_rss + 1, sizeof(*ds.rs));
	ds.n = in->n_rss;
	for (size_t i = 0; i < in->n_rss; i++) {
		rsw *w = &ds.rs[i];
		w->orig = in->rss[i];
		w->rs = kc_json_dup(in->rss[i]);
		const char *uid = kc_json_get_str(w->rs, "metadata.uid", "");
		for (size_t j = 0; j < in->n_pods; j++) {
			const cJSON *pod = in->pods[j];
			const cJSON *ref = kc_rs_controller_ref(pod);
			if (!ref || !uid[0] || !streq(kc_json_get_str(ref, "uid", ""), uid) ||
			    !kc_rs_pod_active(pod))
				continue;
			w->pods_active++;
			if (kc_rs_pod_available(pod, ds.s.min_ready_seconds, in->now))
				w->pods_available++;
		}
	}

	if (kc_json_get(ds.d, "metadata.deletionTimestamp")) {
		/* syncStatusOnly */
		get_all(&ds, false);
		sync_deployment_status(&ds);
	} else {
		check_paused(&ds);
		if (ds.s.paused || scaling_event(&ds))
			sync_scaling(&ds);
		else if (ds.s.recreate)
			recreate(&ds);
		else
			rolling(&ds);
	}
	if (!ret->after_create)
		finish(&ds);
	dsync_free(&ds);
	return 0;
}
