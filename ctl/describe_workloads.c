/* describe_workloads.c - kubectl describe for the controllers: deployments
 * (with their old and new ReplicaSets), replicasets, replication
 * controllers, statefulsets and daemonsets (with their pods' phases), jobs
 * and cronjobs. */
#include "ctl/describe.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/quantity.h"
#include "common/selector.h"
#include "banned.h"

/* The pod template, or an empty one where Go has a struct value. */
static const cJSON *template_of(const cJSON *obj, const char *path, cJSON **empty)
{
	const cJSON *t = kc_json_get(obj, path);
	if (cJSON_IsObject(t))
		return t;
	*empty = cJSON_CreateObject();
	return *empty;
}

static void describe_conditions(const kc_dw *w, const cJSON *obj)
{
	const cJSON *conds = kc_json_get(obj, "status.conditions");
	if (cJSON_GetArraySize(conds) <= 0)
		return;
	kc_dw_write(w, KC_L0, "Conditions:\n  Type\tStatus\tReason\n");
	kc_dw_write(w, KC_L1, "----\t------\t------\n");
	const cJSON *c;
	cJSON_ArrayForEach(c, conds)
	kc_dw_write(w, KC_L1, "%s \t%s\t%s\n", kc_ds(c, "type"), kc_ds(c, "status"), kc_ds(c, "reason"));
}

static void describe_events_of(const kc_dw *w, const kc_describe_env *env, const cJSON *obj)
{
	if (!env->show_events)
		return;
	_cleanup_json_ cJSON *events = kc_describe_object_events(env, obj);
	kc_describe_events(w, env, events);
}

static void controlled_by(const kc_dw *w, const cJSON *obj)
{
	const cJSON *ref = kc_describe_controller_of(obj);
	if (ref)
		kc_dw_write(w, KC_L0, "Controlled By:\t%s/%s\n", kc_ds(ref, "kind"), kc_ds(ref, "name"));
}

/* ---- deployments ---- */

/* apiequality.Semantic.DeepEqual as far as JSON can tell: a missing member
 * equals null and every empty or zero value (Go's struct fields), numbers
 * compare by value. */
static bool is_zero(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return true;
	if (cJSON_IsString(v))
		return !v->valuestring[0];
	if (cJSON_IsNumber(v))
		return v->valuedouble == 0;
	if (cJSON_IsBool(v))
		return cJSON_IsFalse(v);
	return cJSON_GetArraySize(v) == 0;
}

static bool semantic_equal(const cJSON *a, const cJSON *b, const char *skip_label, int depth)
{
	if (depth > 200)
		return false;
	if (is_zero(a) && is_zero(b))
		return true;
	if (!a || !b || (a->type & 0xff) != (b->type & 0xff))
		return false;
	if (cJSON_IsString(a))
		return streq(a->valuestring, b->valuestring);
	if (cJSON_IsNumber(a))
		return a->valuedouble == b->valuedouble;
	if (cJSON_IsBool(a))
		return cJSON_IsTrue(a) == cJSON_IsTrue(b);
	if (cJSON_IsArray(a)) {
		if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
			return false;
		for (const cJSON *x = a->child, *y = b->child; x && y; x = x->next, y = y->next)
			if (!semantic_equal(x, y, NULL, depth + 1))
				return false;
		return true;
	}
	const cJSON *x;
	cJSON_ArrayForEach(x, a)
	{
		if (skip_label && streq(x->string, skip_label))
			continue;
		if (!semantic_equal(x, cJSON_GetObjectItemCaseSensitive(b, x->string), NULL, depth + 1))
			return false;
	}
	cJSON_ArrayForEach(x, b)
	{
		if (skip_label && streq(x->string, skip_label))
			continue;
		if (!cJSON_GetObjectItemCaseSensitive(a, x->string) && !is_zero(x))
			return false;
	}
	return true;
}

/* equalIgnoreHash: templates equal but for labels[pod-template-hash]. */
static bool equal_ignore_hash(const cJSON *t1, const cJSON *t2)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, t1)
	{
		const cJSON *other = cJSON_GetObjectItemCaseSensitive(t2, k->string);
		if (streq(k->string, "metadata")) {
			const cJSON *m;
			cJSON_ArrayForEach(m, k)
			{
				const cJSON *om = cJSON_GetObjectItemCaseSensitive(other, m->string);
				const char *skip = streq(m->string, "labels") ? "pod-template-hash" : NULL;
				if (!semantic_equal(m, om, skip, 0))
					return false;
			}
			cJSON_ArrayForEach(m, other)
			{
				if (!cJSON_GetObjectItemCaseSensitive(k, m->string) && !is_zero(m) &&
				    !(streq(m->string, "labels") && semantic_equal(m, NULL, "pod-template-hash", 0)))
					return false;
			}
		} else if (!semantic_equal(k, other, NULL, 0)) {
			return false;
		}
	}
	cJSON_ArrayForEach(k, t2)
	{
		if (cJSON_GetObjectItemCaseSensitive(t1, k->string) || is_zero(k))
			continue;
		if (streq(k->string, "metadata")) {
			const cJSON *m;
			cJSON_ArrayForEach(m, k)
			{
				const char *skip = streq(m->string, "labels") ? "pod-template-hash" : NULL;
				if (!semantic_equal(m, NULL, skip, 0))
					return false;
			}
			continue;
		}
		return false;
	}
	return true;
}

static bool rs_less(const void *a, const void *b, void *ctx)
{
	(void)ctx;
	kc_time ta = kc_describe_parse_time(kc_json_get(a, "metadata.creationTimestamp"));
	kc_time tb = kc_describe_parse_time(kc_json_get(b, "metadata.creationTimestamp"));
	if (ta.sec == tb.sec && ta.nsec == tb.nsec)
		return strcmp(kc_ds(a, "metadata.name"), kc_ds(b, "metadata.name")) < 0;
	return ta.sec < tb.sec || (ta.sec == tb.sec && ta.nsec < tb.nsec);
}

static void rs_list_string(kc_buf *b, const cJSON **rss, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			kc_buf_addstr(b, ", ");
		kc_buf_addf(b, "%s (%" PRId64 "/%" PRId64 " replicas created)", kc_ds(rss[i], "metadata.name"),
			    kc_di(rss[i], "status.replicas", 0), kc_di(rss[i], "spec.replicas", 0));
	}
	if (!b->len)
		kc_buf_addstr(b, "<none>");
}

int kc_describe_deployment(const kc_dw *w, const kc_describe_env *env, const cJSON *d, char **ret_err)
{
	_cleanup_free_ char *selector = kc_describe_label_selector(kc_json_get(d, "spec.selector"), ret_err);
	if (!selector)
		return -EINVAL;
	const char *ns = kc_ds(d, "metadata.namespace");
	const char *uid = kc_ds(d, "metadata.uid");
	char t[KC_DESCRIBE_TIME_MAX], a[32], b[32];

	/* deploymentutil.GetAllReplicaSetsInChunks: the ReplicaSets the
	 * deployment controls, oldest first; the new one has its template */
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	kc_buf_addf(&path, "/apis/apps/v1/namespaces/%s/replicasets", ns);
	if (selector[0]) {
		kc_buf_addstr(&path, "?labelSelector=");
		kc_describe_query_escape(&path, selector);
	}
	_cleanup_json_ cJSON *rs_list = kc_describe_fetch(env, kc_buf_str(&path), NULL, NULL);
	size_t n = 0, n_old = 0;
	_cleanup_free_ const void **owned = kc_describe_array(kc_json_get(rs_list, "items"), &n);
	_cleanup_free_ const cJSON **old = xcalloc(n + 1, sizeof(*old));
	const cJSON *new_rs = NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const cJSON *ref = kc_describe_controller_of(owned[i]);
		if (ref && streq(kc_ds(ref, "uid"), uid))
			owned[k++] = owned[i];
	}
	n = k;
	kc_describe_sort(owned, n, rs_less, NULL);
	for (size_t i = 0; i < n && !new_rs; i++)
		if (equal_ignore_hash(kc_json_get(owned[i], "spec.template"), kc_json_get(d, "spec.template")))
			new_rs = owned[i];
	for (size_t i = 0; i < n; i++)
		if (!new_rs || !streq(kc_ds(owned[i], "metadata.uid"), kc_ds(new_rs, "metadata.uid")))
			old[n_old++] = owned[i];

	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(d, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", ns);
	kc_dw_write(w, KC_L0, "CreationTimestamp:\t%s\n",
		    kc_describe_time(env, kc_json_get(d, "metadata.creationTimestamp"), t));
	kc_describe_labels(w, "Labels", kc_json_get(d, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(d, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "Selector:\t%s\n", selector);
	kc_dw_write(w, KC_L0,
		    "Replicas:\t%" PRId64 " desired | %" PRId64 " updated | %" PRId64 " total | %" PRId64
		    " available | %" PRId64 " unavailable\n",
		    kc_di(d, "spec.replicas", 0), kc_di(d, "status.updatedReplicas", 0), kc_di(d, "status.replicas", 0),
		    kc_di(d, "status.availableReplicas", 0), kc_di(d, "status.unavailableReplicas", 0));
	kc_dw_write(w, KC_L0, "StrategyType:\t%s\n", kc_ds(d, "spec.strategy.type"));
	kc_dw_write(w, KC_L0, "MinReadySeconds:\t%" PRId64 "\n", kc_di(d, "spec.minReadySeconds", 0));
	const cJSON *ru = kc_json_get(d, "spec.strategy.rollingUpdate");
	if (cJSON_IsObject(ru)) {
		const cJSON *mu = kc_json_get(ru, "maxUnavailable"), *ms = kc_json_get(ru, "maxSurge");
		kc_dw_write(w, KC_L0, "RollingUpdateStrategy:\t%s max unavailable, %s max surge\n",
			    mu ? kc_describe_intstr(mu, a) : "<nil>", ms ? kc_describe_intstr(ms, b) : "<nil>");
	}
	_cleanup_json_ cJSON *empty = NULL;
	kc_describe_pod_template(w, env, template_of(d, "spec.template", &empty));
	describe_conditions(w, d);
	if (n_old || new_rs) {
		_cleanup_buf_ kc_buf olds = KC_BUF_INIT, news = KC_BUF_INIT;
		rs_list_string(&olds, old, n_old);
		rs_list_string(&news, &new_rs, new_rs ? 1 : 0);
		kc_dw_write(w, KC_L0, "OldReplicaSets:\t%s\n", kc_buf_str(&olds));
		kc_dw_write(w, KC_L0, "NewReplicaSet:\t%s\n", kc_buf_str(&news));
	}
	describe_events_of(w, env, d);
	return 0;
}

/* ---- replicasets, replication controllers ---- */

int kc_describe_replicaset(const kc_dw *w, const kc_describe_env *env, const cJSON *rs, char **ret_err)
{
	_cleanup_free_ char *selector = kc_describe_label_selector(kc_json_get(rs, "spec.selector"), ret_err);
	if (!selector)
		return -EINVAL;
	_cleanup_free_ char *pod_err = NULL;
	_cleanup_json_ cJSON *pods = kc_describe_list_pods(env, kc_ds(rs, "metadata.namespace"), selector, &pod_err);
	int running, waiting, succeeded, failed;
	kc_describe_pod_counts(pods, kc_ds(rs, "metadata.uid"), &running, &waiting, &succeeded, &failed);

	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(rs, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(rs, "metadata.namespace"));
	_cleanup_free_ char *fsel = kc_describe_format_label_selector(kc_json_get(rs, "spec.selector"));
	kc_dw_write(w, KC_L0, "Selector:\t%s\n", fsel);
	kc_describe_labels(w, "Labels", kc_json_get(rs, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(rs, "metadata.annotations"));
	controlled_by(w, rs);
	kc_dw_write(w, KC_L0, "Replicas:\t%" PRId64 " current / %" PRId64 " desired\n", kc_di(rs, "status.replicas", 0),
		    kc_di(rs, "spec.replicas", 0));
	kc_dw_write(w, KC_L0, "Pods Status:\t");
	if (!pods)
		kc_dw_write(w, KC_L0, "error in fetching pods: %s\n", pod_err ? pod_err : "");
	else
		kc_dw_write(w, KC_L0, "%d Running / %d Waiting / %d Succeeded / %d Failed\n", running, waiting, succeeded,
			    failed);
	_cleanup_json_ cJSON *empty = NULL;
	kc_describe_pod_template(w, env, template_of(rs, "spec.template", &empty));
	describe_conditions(w, rs);
	describe_events_of(w, env, rs);
	return 0;
}

int kc_describe_replicationcontroller(const kc_dw *w, const kc_describe_env *env, const cJSON *rc, char **ret_err)
{
	_cleanup_free_ char *selector = kc_labels_to_string(kc_json_get(rc, "spec.selector"));
	_cleanup_json_ cJSON *pods = kc_describe_list_pods(env, kc_ds(rc, "metadata.namespace"), selector, ret_err);
	if (!pods)
		return -EIO;
	int running, waiting, succeeded, failed;
	kc_describe_pod_counts(pods, kc_ds(rc, "metadata.uid"), &running, &waiting, &succeeded, &failed);

	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(rc, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(rc, "metadata.namespace"));
	_cleanup_free_ char *fsel = kc_describe_format_labels(kc_json_get(rc, "spec.selector"));
	kc_dw_write(w, KC_L0, "Selector:\t%s\n", fsel);
	kc_describe_labels(w, "Labels", kc_json_get(rc, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(rc, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "Replicas:\t%" PRId64 " current / %" PRId64 " desired\n", kc_di(rc, "status.replicas", 0),
		    kc_di(rc, "spec.replicas", 0));
	kc_dw_write(w, KC_L0, "Pods Status:\t%d Running / %d Waiting / %d Succeeded / %d Failed\n", running, waiting,
		    succeeded, failed);
	kc_describe_pod_template(w, env, kc_json_get(rc, "spec.template"));
	describe_conditions(w, rc);
	describe_events_of(w, env, rc);
	return 0;
}

/* ---- statefulsets, daemonsets ---- */

static void describe_claim_templates(const kc_dw *w, const cJSON *templates)
{
	if (cJSON_GetArraySize(templates) <= 0) {
		kc_dw_write(w, KC_L0, "Volume Claims:\t<none>\n");
		return;
	}
	kc_dw_write(w, KC_L0, "Volume Claims:\n");
	const cJSON *pvc;
	cJSON_ArrayForEach(pvc, templates)
	{
		kc_dw_write(w, KC_L1, "Name:\t%s\n", kc_ds(pvc, "metadata.name"));
		const cJSON *beta = kc_json_get(pvc, "metadata.annotations.volume\\.beta\\.kubernetes\\.io/storage-class");
		kc_dw_write(w, KC_L1, "StorageClass:\t%s\n",
			    cJSON_IsString(beta) ? beta->valuestring : kc_ds(pvc, "spec.storageClassName"));
		kc_describe_labels_indent(w, "  ", "Labels", "\t", kc_json_get(pvc, "metadata.labels"));
		kc_describe_labels_indent(w, "  ", "Annotations", "\t", kc_json_get(pvc, "metadata.annotations"));
		const cJSON *storage = kc_json_get(pvc, "spec.resources.requests.storage");
		char q[64];
		kc_dw_write(w, KC_L1, "Capacity:\t%s\n", storage ? kc_describe_quantity(storage, q) : "<default>");
		_cleanup_buf_ kc_buf modes = KC_BUF_INIT;
		const cJSON *m = kc_json_get(pvc, "spec.accessModes");
		if (cJSON_IsArray(m))
			kc_describe_govalue(&modes, m);
		else
			kc_buf_addstr(&modes, "[]");
		kc_dw_write(w, KC_L1, "Access Modes:\t%s\n", kc_buf_str(&modes));
	}
}

int kc_describe_statefulset(const kc_dw *w, const kc_describe_env *env, const cJSON *ss, char **ret_err)
{
	_cleanup_free_ char *selector = kc_describe_label_selector(kc_json_get(ss, "spec.selector"), ret_err);
	if (!selector)
		return -EINVAL;
	_cleanup_json_ cJSON *pods = kc_describe_list_pods(env, kc_ds(ss, "metadata.namespace"), selector, ret_err);
	if (!pods)
		return -EIO;
	int running, waiting, succeeded, failed;
	kc_describe_pod_counts(pods, kc_ds(ss, "metadata.uid"), &running, &waiting, &succeeded, &failed);
	char t[KC_DESCRIBE_TIME_MAX], buf[32];

	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(ss, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(ss, "metadata.namespace"));
	kc_dw_write(w, KC_L0, "CreationTimestamp:\t%s\n",
		    kc_describe_time(env, kc_json_get(ss, "metadata.creationTimestamp"), t));
	kc_dw_write(w, KC_L0, "Selector:\t%s\n", selector);
	kc_describe_labels(w, "Labels", kc_json_get(ss, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(ss, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "Replicas:\t%" PRId64 " desired | %" PRId64 " total\n", kc_di(ss, "spec.replicas", 0),
		    kc_di(ss, "status.replicas", 0));
	kc_dw_write(w, KC_L0, "Update Strategy:\t%s\n", kc_ds(ss, "spec.updateStrategy.type"));
	const cJSON *ru = kc_json_get(ss, "spec.updateStrategy.rollingUpdate");
	if (cJSON_IsObject(ru) && cJSON_IsNumber(kc_json_get(ru, "partition"))) {
		kc_dw_write(w, KC_L1, "Partition:\t%" PRId64 "\n", kc_di(ru, "partition", 0));
		const cJSON *mu = kc_json_get(ru, "maxUnavailable");
		if (mu && !cJSON_IsNull(mu))
			kc_dw_write(w, KC_L1, "MaxUnavailable:\t%s\n", kc_describe_intstr(mu, buf));
	}
	kc_dw_write(w, KC_L0, "Pods Status:\t%d Running / %d Waiting / %d Succeeded / %d Failed\n", running, waiting,
		    succeeded, failed);
	_cleanup_json_ cJSON *empty = NULL;
	kc_describe_pod_template(w, env, template_of(ss, "spec.template", &empty));
	describe_claim_templates(w, kc_json_get(ss, "spec.volumeClaimTemplates"));
	describe_events_of(w, env, ss);
	return 0;
}

int kc_describe_daemonset(const kc_dw *w, const kc_describe_env *env, const cJSON *ds, char **ret_err)
{
	_cleanup_free_ char *selector = kc_describe_label_selector(kc_json_get(ds, "spec.selector"), ret_err);
	if (!selector)
		return -EINVAL;
	_cleanup_json_ cJSON *pods = kc_describe_list_pods(env, kc_ds(ds, "metadata.namespace"), selector, ret_err);
	if (!pods)
		return -EIO;
	int running, waiting, succeeded, failed;
	kc_describe_pod_counts(pods, kc_ds(ds, "metadata.uid"), &running, &waiting, &succeeded, &failed);

	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(ds, "metadata.name"));
	kc_dw_write(w, KC_L0, "Selector:\t%s\n", selector);
	_cleanup_free_ char *node_sel = kc_describe_format_labels(kc_json_get(ds, "spec.template.spec.nodeSelector"));
	kc_dw_write(w, KC_L0, "Node-Selector:\t%s\n", node_sel);
	kc_describe_labels(w, "Labels", kc_json_get(ds, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(ds, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "Desired Number of Nodes Scheduled: %" PRId64 "\n",
		    kc_di(ds, "status.desiredNumberScheduled", 0));
	kc_dw_write(w, KC_L0, "Current Number of Nodes Scheduled: %" PRId64 "\n",
		    kc_di(ds, "status.currentNumberScheduled", 0));
	kc_dw_write(w, KC_L0, "Number of Nodes Scheduled with Up-to-date Pods: %" PRId64 "\n",
		    kc_di(ds, "status.updatedNumberScheduled", 0));
	kc_dw_write(w, KC_L0, "Number of Nodes Scheduled with Available Pods: %" PRId64 "\n",
		    kc_di(ds, "status.numberAvailable", 0));
	kc_dw_write(w, KC_L0, "Number of Nodes Misscheduled: %" PRId64 "\n", kc_di(ds, "status.numberMisscheduled", 0));
	kc_dw_write(w, KC_L0, "Pods Status:\t%d Running / %d Waiting / %d Succeeded / %d Failed\n", running, waiting,
		    succeeded, failed);
	_cleanup_json_ cJSON *empty = NULL;
	kc_describe_pod_template(w, env, template_of(ds, "spec.template", &empty));
	describe_events_of(w, env, ds);
	return 0;
}

/* ---- jobs, cronjobs ---- */

static void write_selector(const kc_dw *w, const cJSON *sel)
{
	_cleanup_free_ char *err = NULL;
	_cleanup_free_ char *s = kc_describe_label_selector(sel, &err);
	if (s)
		kc_dw_write(w, KC_L0, "Selector:\t%s\n", s);
	else
		kc_dw_write(w, KC_L0, "Selector:\tFailed to get selector: %s\n", err ? err : "");
}

/* capIndexesListOrNone */
static void cap_indexes(kc_buf *b, const char *indexes, size_t soft_limit)
{
	size_t len = strlen(indexes);
	if (!len) {
		kc_buf_addstr(b, "<none>");
		return;
	}
	size_t ix = soft_limit;
	while (ix < len && indexes[ix] != ',')
		ix++;
	if (ix >= len) {
		kc_buf_addstr(b, indexes);
		return;
	}
	kc_buf_add(b, indexes, ix + 1);
	kc_buf_addstr(b, "...");
}

int kc_describe_job(const kc_dw *w, const kc_describe_env *env, const cJSON *job, char **ret_err)
{
	(void)ret_err;
	char t[KC_DESCRIBE_TIME_MAX];
	const cJSON *spec = kc_json_get(job, "spec"), *status = kc_json_get(job, "status");
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(job, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(job, "metadata.namespace"));
	write_selector(w, kc_json_get(spec, "selector"));
	kc_describe_labels(w, "Labels", kc_json_get(job, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(job, "metadata.annotations"));
	controlled_by(w, job);
	if (cJSON_IsNumber(kc_json_get(spec, "parallelism")))
		kc_dw_write(w, KC_L0, "Parallelism:\t%" PRId64 "\n", kc_di(spec, "parallelism", 0));
	if (cJSON_IsNumber(kc_json_get(spec, "completions")))
		kc_dw_write(w, KC_L0, "Completions:\t%" PRId64 "\n", kc_di(spec, "completions", 0));
	else
		kc_dw_write(w, KC_L0, "Completions:\t<unset>\n");
	if (cJSON_IsString(kc_json_get(spec, "completionMode")))
		kc_dw_write(w, KC_L0, "Completion Mode:\t%s\n", kc_ds(spec, "completionMode"));
	if (cJSON_IsBool(kc_json_get(spec, "suspend")))
		kc_dw_write(w, KC_L0, "Suspend:\t%s\n", kc_json_get_bool(spec, "suspend", false) ? "true" : "false");
	if (cJSON_IsNumber(kc_json_get(spec, "backoffLimit")))
		kc_dw_write(w, KC_L0, "Backoff Limit:\t%" PRId64 "\n", kc_di(spec, "backoffLimit", 0));
	if (cJSON_IsNumber(kc_json_get(spec, "ttlSecondsAfterFinished")))
		kc_dw_write(w, KC_L0, "TTL Seconds After Finished:\t%" PRId64 "\n", kc_di(spec, "ttlSecondsAfterFinished", 0));
	const cJSON *start = kc_json_get(status, "startTime"), *done = kc_json_get(status, "completionTime");
	if (cJSON_IsString(start))
		kc_dw_write(w, KC_L0, "Start Time:\t%s\n", kc_describe_time(env, start, t));
	if (cJSON_IsString(done))
		kc_dw_write(w, KC_L0, "Completed At:\t%s\n", kc_describe_time(env, done, t));
	if (cJSON_IsString(start) && cJSON_IsString(done)) {
		kc_time s = kc_describe_parse_time(start), e = kc_describe_parse_time(done);
		char d[KC_DURATION_STR_MAX];
		kc_dw_write(w, KC_L0, "Duration:\t%s\n",
			    kc_duration_human((e.sec - s.sec) * KC_DURATION_SEC + (e.nsec - s.nsec), d));
	}
	if (cJSON_IsNumber(kc_json_get(spec, "activeDeadlineSeconds")))
		kc_dw_write(w, KC_L0, "Active Deadline Seconds:\t%" PRId64 "s\n", kc_di(spec, "activeDeadlineSeconds", 0));
	if (!cJSON_IsNumber(kc_json_get(status, "ready")))
		kc_dw_write(w, KC_L0, "Pods Statuses:\t%" PRId64 " Active / %" PRId64 " Succeeded / %" PRId64 " Failed\n",
			    kc_di(status, "active", 0), kc_di(status, "succeeded", 0), kc_di(status, "failed", 0));
	else
		kc_dw_write(w, KC_L0,
			    "Pods Statuses:\t%" PRId64 " Active (%" PRId64 " Ready) / %" PRId64 " Succeeded / %" PRId64
			    " Failed\n",
			    kc_di(status, "active", 0), kc_di(status, "ready", 0), kc_di(status, "succeeded", 0),
			    kc_di(status, "failed", 0));
	if (streq(kc_ds(spec, "completionMode"), "Indexed")) {
		_cleanup_buf_ kc_buf ix = KC_BUF_INIT;
		cap_indexes(&ix, kc_ds(status, "completedIndexes"), 50);
		kc_dw_write(w, KC_L0, "Completed Indexes:\t%s\n", kc_buf_str(&ix));
	}
	_cleanup_json_ cJSON *empty = NULL;
	kc_describe_pod_template(w, env, template_of(job, "spec.template", &empty));
	describe_events_of(w, env, job);
	return 0;
}

int kc_describe_cronjob(const kc_dw *w, const kc_describe_env *env, const cJSON *cj, char **ret_err)
{
	(void)ret_err;
	char t[KC_DESCRIBE_TIME_MAX];
	const cJSON *spec = kc_json_get(cj, "spec");
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(cj, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(cj, "metadata.namespace"));
	kc_describe_labels(w, "Labels", kc_json_get(cj, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(cj, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "Schedule:\t%s\n", kc_ds(spec, "schedule"));
	kc_dw_write(w, KC_L0, "Concurrency Policy:\t%s\n", kc_ds(spec, "concurrencyPolicy"));
	kc_dw_write(w, KC_L0, "Suspend:\t%s\n", kc_describe_boolptr(spec, "suspend"));
	static const char *const limits[][2] = {{"successfulJobsHistoryLimit", "Successful Job History Limit"},
						{"failedJobsHistoryLimit", "Failed Job History Limit"}};
	for (size_t i = 0; i < 2; i++) {
		if (cJSON_IsNumber(kc_json_get(spec, limits[i][0])))
			kc_dw_write(w, KC_L0, "%s:\t%" PRId64 "\n", limits[i][1], kc_di(spec, limits[i][0], 0));
		else
			kc_dw_write(w, KC_L0, "%s:\t<unset>\n", limits[i][1]);
	}
	if (cJSON_IsNumber(kc_json_get(spec, "startingDeadlineSeconds")))
		kc_dw_write(w, KC_L0, "Starting Deadline Seconds:\t%" PRId64 "s\n", kc_di(spec, "startingDeadlineSeconds", 0));
	else
		kc_dw_write(w, KC_L0, "Starting Deadline Seconds:\t<unset>\n");

	/* describeJobTemplate */
	const cJSON *jspec = kc_json_get(spec, "jobTemplate.spec");
	if (cJSON_IsObject(kc_json_get(jspec, "selector")))
		write_selector(w, kc_json_get(jspec, "selector"));
	else
		kc_dw_write(w, KC_L0, "Selector:\t<unset>\n");
	if (cJSON_IsNumber(kc_json_get(jspec, "parallelism")))
		kc_dw_write(w, KC_L0, "Parallelism:\t%" PRId64 "\n", kc_di(jspec, "parallelism", 0));
	else
		kc_dw_write(w, KC_L0, "Parallelism:\t<unset>\n");
	if (cJSON_IsNumber(kc_json_get(jspec, "completions")))
		kc_dw_write(w, KC_L0, "Completions:\t%" PRId64 "\n", kc_di(jspec, "completions", 0));
	else
		kc_dw_write(w, KC_L0, "Completions:\t<unset>\n");
	if (cJSON_IsNumber(kc_json_get(jspec, "activeDeadlineSeconds")))
		kc_dw_write(w, KC_L0, "Active Deadline Seconds:\t%" PRId64 "s\n", kc_di(jspec, "activeDeadlineSeconds", 0));
	_cleanup_json_ cJSON *empty = NULL;
	kc_describe_pod_template(w, env, template_of(jspec, "template", &empty));

	const cJSON *last = kc_json_get(cj, "status.lastScheduleTime");
	if (cJSON_IsString(last))
		kc_dw_write(w, KC_L0, "Last Schedule Time:\t%s\n", kc_describe_time(env, last, t));
	else
		kc_dw_write(w, KC_L0, "Last Schedule Time:\t<unset>\n");
	kc_dw_write(w, KC_L0, "%s:\t", "Active Jobs");
	const cJSON *active = kc_json_get(cj, "status.active");
	if (cJSON_GetArraySize(active) <= 0) {
		kc_dw_line(w, "<none>");
	} else {
		const cJSON *j;
		bool first = true;
		cJSON_ArrayForEach(j, active)
		{
			if (!first)
				kc_dw_write(w, KC_L0, ", ");
			first = false;
			kc_dw_write(w, KC_L0, "%s", kc_ds(j, "name"));
		}
		kc_dw_line(w, "");
	}
	describe_events_of(w, env, cj);
	return 0;
}
