/* plugins.c - the filters and scores of kube-scheduler's default profile
 * (sched.h), with upstream's reasons, normalisation and weights. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/selector.h"
#include "common/util.h"
#include "scheduler/sched.h"
#include "banned.h"


/* the default profile's weights */
#define W_LEAST    1
#define W_BALANCED 1
#define W_TAINT    3
#define W_AFFINITY 2
#define W_SPREAD   2

static const char *label_in(const cJSON *labels, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(labels, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *node_label(const sched_node *n, const char *key) { return label_in(n->labels, key); }

char *sched_owner_node_key(const char *uid, const char *node) { return xasprintf("%s\x1fnode\x1f%s", uid, node); }
char *sched_owner_zone_key(const char *uid, const char *zone) { return xasprintf("%s\x1fzone\x1f%s", uid, zone); }

/* ---- taints and tolerations (upstream's ToleratesTaint) ---- */

static bool tolerates(const cJSON *tolerations, const char *key, const char *value, const char *effect)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, tolerations)
	{
		const char *te = kc_json_get_str(t, "effect", "");
		if (te[0] && !streq(te, effect))
			continue;
		const char *tk = kc_json_get_str(t, "key", "");
		const char *op = kc_json_get_str(t, "operator", "Equal");
		if (tk[0] && !streq(tk, key))
			continue;
		if (!tk[0] && !streq(op, "Exists"))
			continue;
		if (streq(op, "Exists") || streq(kc_json_get_str(t, "value", ""), value))
			return true;
	}
	return false;
}

/* ---- node affinity ---- */

static bool in_values(const cJSON *values, const char *v)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, values) if (cJSON_IsString(e) && streq(e->valuestring, v)) return true;
	return false;
}

static bool int_of(const char *s, long long *ret)
{
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return false;
	*ret = v;
	return true;
}

/* One NodeSelectorRequirement against a value (NULL: absent). */
static bool requirement_matches(const cJSON *req, const char *have)
{
	const char *op = kc_json_get_str(req, "operator", "");
	const cJSON *values = cJSON_GetObjectItemCaseSensitive(req, "values");
	if (streq(op, "In"))
		return have && in_values(values, have);
	if (streq(op, "NotIn"))
		return !have || !in_values(values, have);
	if (streq(op, "Exists"))
		return have != NULL;
	if (streq(op, "DoesNotExist"))
		return have == NULL;
	if (streq(op, "Gt") || streq(op, "Lt")) {
		long long a, b;
		const cJSON *v0 = cJSON_GetArrayItem(values, 0);
		if (!have || !cJSON_IsString(v0) || !int_of(have, &a) || !int_of(v0->valuestring, &b))
			return false;
		return streq(op, "Gt") ? a > b : a < b;
	}
	return false;
}

/* A NodeSelectorTerm: its expressions on labels and fields all hold; an
 * empty term matches nothing (upstream). */
static bool term_matches(const cJSON *term, const cJSON *labels, const char *node_name)
{
	const cJSON *exprs = cJSON_GetObjectItemCaseSensitive(term, "matchExpressions");
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(term, "matchFields");
	if (cJSON_GetArraySize(exprs) == 0 && cJSON_GetArraySize(fields) == 0)
		return false;
	const cJSON *r;
	cJSON_ArrayForEach(r, exprs) if (!requirement_matches(r, label_in(labels, kc_json_get_str(r, "key", "")))) return false;
	cJSON_ArrayForEach(r, fields)
	{
		bool is_name = streq(kc_json_get_str(r, "key", ""), "metadata.name");
		if (!requirement_matches(r, is_name ? node_name : NULL))
			return false;
	}
	return true;
}

/* A NodeSelector: any of its terms. */
static bool node_selector_matches(const cJSON *selector, const sched_node *n)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(selector, "nodeSelectorTerms"))
	if (term_matches(t, n->labels, n->name))
		return true;
	return false;
}

static bool node_affinity_fits(const sched_pod *p, const sched_node *n)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, p->node_selector)
	{
		const char *have = node_label(n, e->string);
		if (!have || !cJSON_IsString(e) || !streq(have, e->valuestring))
			return false;
	}
	return !p->required_affinity || node_selector_matches(p->required_affinity, n);
}

/* ---- inter-pod affinity ---- */

typedef struct pod_term {
	kc_selector *sel;
	const cJSON *namespaces; /* NULL: the owning pod's namespace */
	bool all_namespaces;     /* namespaceSelector: {} */
	const char *ns;          /* the owning pod's namespace */
	const char *topology_key;
} pod_term;

static void term_parse(const cJSON *t, const char *ns, pod_term *out)
{
	out->sel = NULL;
	if (kc_selector_from_label_selector(cJSON_GetObjectItemCaseSensitive(t, "labelSelector"), &out->sel, NULL) < 0)
		out->sel = kc_selector_nothing();
	const cJSON *nss = cJSON_GetObjectItemCaseSensitive(t, "namespaces");
	out->namespaces = cJSON_GetArraySize(nss) > 0 ? nss : NULL;
	const cJSON *nsel = cJSON_GetObjectItemCaseSensitive(t, "namespaceSelector");
	/* a namespaceSelector with requirements would need namespace labels;
	 * kc treats any namespaceSelector as every namespace */
	out->all_namespaces = cJSON_IsObject(nsel);
	out->ns = ns;
	out->topology_key = kc_json_get_str(t, "topologyKey", "");
}

static bool term_selects(const pod_term *t, const cJSON *pod)
{
	const char *ns = kc_json_get_str(pod, "metadata.namespace", "");
	bool ns_ok = t->all_namespaces || (t->namespaces ? in_values(t->namespaces, ns) : streq(ns, t->ns));
	return ns_ok && kc_selector_matches_object(t->sel, pod);
}

static char *topology_pair(const char *key, const char *value) { return xasprintf("%s\x1f%s", key, value); }

static void terms_of(const cJSON *pod, const char *path, pod_term **ret, size_t *ret_n)
{
	const cJSON *arr = kc_json_get(pod, path);
	size_t n = (size_t)cJSON_GetArraySize(arr);
	pod_term *terms = n ? xcalloc(n, sizeof(*terms)) : NULL;
	size_t i = 0;
	const cJSON *t;
	cJSON_ArrayForEach(t, arr) term_parse(t, kc_json_get_str(pod, "metadata.namespace", ""), &terms[i++]);
	*ret = terms;
	*ret_n = n;
}

static void terms_free(pod_term *terms, size_t n)
{
	for (size_t i = 0; i < n; i++)
		kc_selector_free(terms[i].sel);
	free(terms);
}

#define AFFINITY "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution"
#define ANTI     "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"

static void build_pod_affinity(sched_context *c, sched_node *const *nodes, size_t n, bool scan_existing_anti)
{
	pod_term *aff = NULL, *anti = NULL;
	size_t naff = 0, nanti = 0;
	terms_of(c->pod->obj, AFFINITY, &aff, &naff);
	terms_of(c->pod->obj, ANTI, &anti, &nanti);
	c->naffinity = naff;
	c->nanti = nanti;
	c->affinity_values = naff ? xcalloc(naff, sizeof(kc_map *)) : NULL;
	c->anti_values = nanti ? xcalloc(nanti, sizeof(kc_map *)) : NULL;
	for (size_t i = 0; i < naff; i++)
		c->affinity_values[i] = kc_map_new(NULL);
	for (size_t i = 0; i < nanti; i++)
		c->anti_values[i] = kc_map_new(NULL);
	c->existing_anti = kc_map_new(NULL);
	c->affinity_self_match = naff > 0;
	for (size_t i = 0; i < naff; i++)
		c->affinity_self_match = c->affinity_self_match && term_selects(&aff[i], c->pod->obj);
	if (naff || nanti || scan_existing_anti) {
		for (size_t k = 0; k < n; k++) {
			kc_map_iter it = {0};
			while (kc_map_next(nodes[k]->pods, &it)) {
				const sched_placed *p = it.value;
				for (size_t i = 0; i < naff; i++) {
					const char *v = node_label(nodes[k], aff[i].topology_key);
					if (v && term_selects(&aff[i], p->obj)) {
						_cleanup_free_ char *pair = topology_pair(aff[i].topology_key, v);
						kc_map_put(c->affinity_values[i], pair, NULL);
						c->affinity_any_match = true;
					}
				}
				for (size_t i = 0; i < nanti; i++) {
					const char *v = node_label(nodes[k], anti[i].topology_key);
					if (v && term_selects(&anti[i], p->obj)) {
						_cleanup_free_ char *pair = topology_pair(anti[i].topology_key, v);
						kc_map_put(c->anti_values[i], pair, NULL);
					}
				}
				if (!scan_existing_anti || !kc_json_get(p->obj, ANTI))
					continue;
				pod_term *theirs = NULL;
				size_t ntheirs = 0;
				terms_of(p->obj, ANTI, &theirs, &ntheirs);
				for (size_t i = 0; i < ntheirs; i++) {
					const char *v = node_label(nodes[k], theirs[i].topology_key);
					if (v && term_selects(&theirs[i], c->pod->obj)) {
						_cleanup_free_ char *pair = topology_pair(theirs[i].topology_key, v);
						kc_map_put(c->existing_anti, pair, NULL);
					}
				}
				terms_free(theirs, ntheirs);
			}
		}
	}
	terms_free(aff, naff);
	terms_free(anti, nanti);
}

/* The topology keys of the pod's terms, for the per-node checks. */
static const char *term_key(const cJSON *pod, const char *path, size_t i)
{
	return kc_json_get_str(cJSON_GetArrayItem(kc_json_get(pod, path), (int)i), "topologyKey", "");
}

static bool node_has_pair(const sched_node *n, const kc_map *pairs, const char *key)
{
	const char *v = node_label(n, key);
	if (!v)
		return false;
	_cleanup_free_ char *pair = topology_pair(key, v);
	return kc_map_has(pairs, pair);
}

/* ---- volumes ---- */

static void build_volumes(sched_context *c, sched_lookup_fn pvc_fn, sched_lookup_fn pv_fn, void *userdata)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, kc_json_get(c->pod->obj, "spec.volumes"))
	{
		const char *claim = kc_json_get_str(v, "persistentVolumeClaim.claimName", "");
		if (!claim[0])
			continue;
		const cJSON *pvc = pvc_fn ? pvc_fn(c->pod->ns, claim, userdata) : NULL;
		if (!pvc) {
			c->volume_error = xasprintf("persistentvolumeclaim \"%s\" not found", claim);
			return;
		}
		if (kc_json_get(pvc, "metadata.deletionTimestamp")) {
			c->volume_error = xasprintf("persistentvolumeclaim \"%s\" is being deleted", claim);
			return;
		}
		const char *volume = kc_json_get_str(pvc, "spec.volumeName", "");
		const cJSON *pv = volume[0] && pv_fn ? pv_fn("", volume, userdata) : NULL;
		if (!pv) {
			/* kc has no volume binder: a claim must be bound already */
			c->volume_error = xstrdup("pod has unbound immediate PersistentVolumeClaims");
			return;
		}
		const cJSON *req = kc_json_get(pv, "spec.nodeAffinity.required");
		if (req) {
			c->volume_affinity = xrealloc(c->volume_affinity, (c->nvolume_affinity + 1) * sizeof(cJSON *));
			c->volume_affinity[c->nvolume_affinity++] = req;
		}
	}
}

void sched_context_build(sched_context *c, const sched_pod *pod, sched_node *const *nodes, size_t n,
			 const kc_map *owner_counts, bool scan_existing_anti, sched_lookup_fn pvc, sched_lookup_fn pv,
			 void *userdata)
{
	memset(c, 0, sizeof(*c));
	c->pod = pod;
	c->owner_counts = owner_counts;
	c->texts = kc_map_new(free);
	build_pod_affinity(c, nodes, n, scan_existing_anti);
	build_volumes(c, pvc, pv, userdata);
}

void sched_context_clear(sched_context *c)
{
	for (size_t i = 0; i < c->naffinity; i++)
		kc_map_free(c->affinity_values[i]);
	for (size_t i = 0; i < c->nanti; i++)
		kc_map_free(c->anti_values[i]);
	free(c->affinity_values);
	free(c->anti_values);
	kc_map_free(c->existing_anti);
	kc_map_free(c->texts);
	kc_map_free(c->selector_counts);
	free(c->volume_affinity);
	free(c->volume_error);
	memset(c, 0, sizeof(*c));
}

static void count_key(kc_map *m, const char *key)
{
	kc_map_put(m, key, (void *)((intptr_t)kc_map_get(m, key) + 1));
}

void sched_context_spread_by_selectors(sched_context *c, sched_node *const *nodes, size_t n,
				       kc_selector *const *selectors, size_t nselectors)
{
	if (!nselectors)
		return;
	c->selector_counts = kc_map_new(NULL);
	for (size_t k = 0; k < n; k++) {
		kc_map_iter it = {0};
		while (kc_map_next(nodes[k]->pods, &it)) {
			const sched_placed *p = it.value;
			if (!streq(kc_json_get_str(p->obj, "metadata.namespace", ""), c->pod->ns))
				continue;
			bool picked = false;
			for (size_t i = 0; i < nselectors && !picked; i++)
				picked = kc_selector_matches_object(selectors[i], p->obj);
			if (!picked)
				continue;
			_cleanup_free_ char *nk = sched_owner_node_key("", nodes[k]->name);
			count_key(c->selector_counts, nk);
			if (nodes[k]->zone) {
				_cleanup_free_ char *zk = sched_owner_zone_key("", nodes[k]->zone);
				count_key(c->selector_counts, zk);
			}
		}
	}
}

/* ---- filters ---- */

static bool port_free(const sched_node *n, const char *port)
{
	/* "TCP/ip/80": taken when the same address or the wildcard holds it;
	 * the wildcard conflicts with any address */
	const char *first = strchr(port, '/');
	const char *last = strrchr(port, '/');
	int proto = (int)(first - port);
	bool wildcard = strncmp(first, "/0.0.0.0/", 9) == 0;
	_cleanup_free_ char *any = xasprintf("%.*s/*%s", proto, port, last);
	_cleanup_free_ char *zero = xasprintf("%.*s/0.0.0.0%s", proto, port, last);
	if (wildcard)
		return !kc_map_has(n->ports, any);
	return !kc_map_has(n->ports, port) && !kc_map_has(n->ports, zero);
}

/* Adds a reason to the list; returns the new count. */
static size_t reason(const char **reasons, size_t max, size_t n, const char *text)
{
	if (n < max)
		reasons[n] = text;
	return n + 1;
}

/* Upstream's taint reason; the text lives as long as the context. */
static const char *taint_reason(const sched_context *c, const char *key, const char *value)
{
	_cleanup_free_ char *text = xasprintf("node(s) had untolerated taint {%s: %s}", key, value);
	char *have = kc_map_get(c->texts, text);
	if (!have) {
		have = xstrdup(text);
		kc_map_put(c->texts, text, have);
	}
	return have;
}

/* The plugins in upstream's order; like upstream's framework, the first
 * that fails decides (NodeResourcesFit may give several reasons). */
size_t sched_filter(const sched_context *c, const sched_node *n, const char **reasons, size_t max)
{
	const cJSON *pod = c->pod->obj;
	size_t k = 0;
	if (!n->valid)
		return reason(reasons, max, k, "node(s) had invalid allocatable resources");
	if (c->volume_error)
		return reason(reasons, max, k, c->volume_error);
	const cJSON *tolerations = c->pod->tolerations;
	/* NodeUnschedulable */
	if (n->unschedulable &&
	    !tolerates(tolerations, "node.kubernetes.io/unschedulable", "", "NoSchedule"))
		return reason(reasons, max, k, "node(s) were unschedulable");
	/* NodeName */
	const char *want = kc_json_get_str(pod, "spec.nodeName", "");
	if (want[0] && !streq(want, n->name))
		return reason(reasons, max, k, "node(s) didn't match the requested node name");
	/* TaintToleration, the Ready condition read as its taint */
	const cJSON *t;
	cJSON_ArrayForEach(t, n->taints)
	{
		const char *effect = kc_json_get_str(t, "effect", "");
		if (!streq(effect, "NoSchedule") && !streq(effect, "NoExecute"))
			continue;
		const char *key = kc_json_get_str(t, "key", ""), *value = kc_json_get_str(t, "value", "");
		if (!tolerates(tolerations, key, value, effect))
			return reason(reasons, max, k, taint_reason(c, key, value));
	}
	const char *not_ready = n->not_ready_taint;
	if (not_ready && !tolerates(tolerations, not_ready, "", "NoSchedule"))
		return reason(reasons, max, k, taint_reason(c, not_ready, ""));
	/* NodeAffinity */
	if (!node_affinity_fits(c->pod, n))
		return reason(reasons, max, k, "node(s) didn't match Pod's node affinity/selector");
	/* NodePorts */
	for (size_t i = 0; i < c->pod->nports; i++)
		if (!port_free(n, c->pod->ports[i]))
			return reason(reasons, max, k, "node(s) didn't have free ports for the requested pod ports");
	/* NodeResourcesFit */
	const sched_res *r = &c->pod->req, *have = &n->requested, *alloc = &n->alloc;
	if (have->pods + 1 > alloc->pods)
		k = reason(reasons, max, k, "Too many pods");
	if (r->cpu_milli > 0 && r->cpu_milli > alloc->cpu_milli - have->cpu_milli)
		k = reason(reasons, max, k, "Insufficient cpu");
	if (r->memory > 0 && r->memory > alloc->memory - have->memory)
		k = reason(reasons, max, k, "Insufficient memory");
	if (r->ephemeral > 0 && r->ephemeral > alloc->ephemeral - have->ephemeral)
		k = reason(reasons, max, k, "Insufficient ephemeral-storage");
	if (k)
		return k;
	/* VolumeBinding: local volumes' node affinity */
	for (size_t i = 0; i < c->nvolume_affinity; i++)
		if (!node_selector_matches(c->volume_affinity[i], n))
			return reason(reasons, max, k, "node(s) had volume node affinity conflict");
	/* InterPodAffinity */
	for (size_t i = 0; i < c->naffinity; i++)
		if (!node_has_pair(n, c->affinity_values[i], term_key(pod, AFFINITY, i)) &&
		    (c->affinity_any_match || !c->affinity_self_match))
			return reason(reasons, max, k, "node(s) didn't match pod affinity rules");
	for (size_t i = 0; i < c->nanti; i++)
		if (node_has_pair(n, c->anti_values[i], term_key(pod, ANTI, i)))
			return reason(reasons, max, k, "node(s) didn't match pod anti-affinity rules");
	kc_map_iter it = {0};
	while (kc_map_next(c->existing_anti, &it)) {
		const char *sep = strchr(it.key, '\x1f');
		_cleanup_free_ char *key = xstrndup(it.key, (size_t)(sep - it.key));
		const char *v = node_label(n, key);
		if (v && streq(v, sep + 1))
			return reason(reasons, max, k, "node(s) didn't satisfy existing pods anti-affinity rules");
	}
	return 0;
}

/* ---- scores ---- */

static double fraction(int64_t used, int64_t alloc) { return alloc > 0 ? (double)used / (double)alloc : 1.0; }

static void raw_scores(const sched_context *c, const sched_node *n, sched_score *s)
{
	const sched_res *p = &c->pod->score_req;
	double fc = fraction(n->score_requested.cpu_milli + p->cpu_milli, n->alloc.cpu_milli);
	double fm = fraction(n->score_requested.memory + p->memory, n->alloc.memory);
	fc = fc > 1 ? 1 : fc;
	fm = fm > 1 ? 1 : fm;
	s->least_allocated = ((1 - fc) + (1 - fm)) / 2 * 100;
	s->balanced = (1 - fabs(fc - fm) / 2) * 100;
	const cJSON *t;
	cJSON_ArrayForEach(t, c->pod->preferred_affinity)
	if (term_matches(cJSON_GetObjectItemCaseSensitive(t, "preference"), n->labels, n->name))
		s->affinity_raw += (double)kc_json_get_int(t, "weight", 0);
	cJSON_ArrayForEach(t, n->taints)
	{
		if (!streq(kc_json_get_str(t, "effect", ""), "PreferNoSchedule"))
			continue;
		if (!tolerates(c->pod->tolerations, kc_json_get_str(t, "key", ""), kc_json_get_str(t, "value", ""),
			       "PreferNoSchedule"))
			s->prefer_no_schedule++;
	}
	/* the owner's pods, or those the pod's Services select ("" keys) */
	const char *uid = c->selector_counts ? "" : c->pod->owner_uid;
	const kc_map *counts = c->selector_counts ? c->selector_counts : c->owner_counts;
	if ((uid[0] || c->selector_counts) && counts) {
		_cleanup_free_ char *nk = sched_owner_node_key(uid, n->name);
		s->spread_node = (double)(intptr_t)kc_map_get(counts, nk);
		if (n->zone) {
			_cleanup_free_ char *zk = sched_owner_zone_key(uid, n->zone);
			s->spread_zone = (double)(intptr_t)kc_map_get(counts, zk);
		}
	}
}

size_t sched_score_all(const sched_context *c, sched_node *const *nodes, size_t n, sched_score *scores,
		       unsigned rnd)
{
	double max_aff = 0, max_taint = 0, max_node = 0, max_zone = 0;
	bool zones = false;
	for (size_t i = 0; i < n; i++) {
		memset(&scores[i], 0, sizeof(scores[i]));
		raw_scores(c, nodes[i], &scores[i]);
		max_aff = fmax(max_aff, scores[i].affinity_raw);
		max_taint = fmax(max_taint, scores[i].prefer_no_schedule);
		max_node = fmax(max_node, scores[i].spread_node);
		max_zone = fmax(max_zone, scores[i].spread_zone);
		zones = zones || nodes[i]->zone;
	}
	size_t best = 0, ties = 0;
	for (size_t i = 0; i < n; i++) {
		sched_score *s = &scores[i];
		double aff = max_aff > 0 ? s->affinity_raw * 100 / max_aff : 0;
		double taint = max_taint > 0 ? (max_taint - s->prefer_no_schedule) * 100 / max_taint : 100;
		/* SelectorSpread: fewer of the owner's pods on the node and in
		 * its zone score higher; zones weigh two thirds when there are */
		double node = max_node > 0 ? (max_node - s->spread_node) * 100 / max_node : 100;
		double zone = max_zone > 0 ? (max_zone - s->spread_zone) * 100 / max_zone : 100;
		double spread = zones ? node / 3 + zone * 2 / 3 : node;
		s->total = W_LEAST * s->least_allocated + W_BALANCED * s->balanced + W_TAINT * taint +
			   W_AFFINITY * aff + W_SPREAD * spread;
		if (i == 0 || s->total > scores[best].total + 1e-9) {
			best = i;
			ties = 1;
		} else if (fabs(s->total - scores[best].total) <= 1e-9) {
			/* reservoir sampling: each tied node equally likely */
			ties++;
			if ((rnd = rnd * 1103515245u + 12345u) % ties == 0)
				best = i;
		}
	}
	return best;
}

size_t sched_nodes_to_find(size_t n)
{
	if (n < 100)
		return n;
	size_t pct = 50 > n / 125 ? 50 - n / 125 : 0;
	if (pct < 5)
		pct = 5;
	size_t num = n * pct / 100;
	return num < 100 ? 100 : num;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

char *sched_fit_error(size_t nodes, const kc_map *reasons)
{
	size_t n = kc_map_size(reasons), i = 0;
	char **lines = n ? xcalloc(n, sizeof(char *)) : NULL;
	kc_map_iter it = {0};
	while (kc_map_next(reasons, &it))
		lines[i++] = xasprintf("%ld %s", (long)(intptr_t)it.value, it.key);
	/* upstream sorts the "count reason" strings */
	qsort(lines, n, sizeof(char *), cmp_str);
	kc_buf b = KC_BUF_INIT;
	kc_buf_addf(&b, "0/%zu nodes are available", nodes);
	for (i = 0; i < n; i++) {
		kc_buf_addf(&b, "%s%s", i ? ", " : ": ", lines[i]);
		free(lines[i]);
	}
	kc_buf_addch(&b, '.');
	free(lines);
	return kc_buf_release(&b);
}
