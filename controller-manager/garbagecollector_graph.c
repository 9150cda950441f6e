/* garbagecollector_graph.c - the pure half of the garbage collector
 * (garbagecollector.h): the owner/dependent graph fed by informer events
 * (upstream's GraphBuilder.processGraphChanges, with its virtual nodes and
 * virtual delete events), attemptToDeleteItem's decision, and the patches
 * and delete options the controller (garbagecollector.c) sends. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/log.h"
#include "common/map.h"
#include "common/util.h"
#include "controller-manager/garbagecollector.h"
#include "banned.h"

#define ABSENT_CACHE_MAX 500

/* ---- identities and references ---- */

void kc_gc_identity_clear(kc_gc_identity *id)
{
	free(id->api_version);
	free(id->kind);
	free(id->ns);
	free(id->name);
	free(id->uid);
	*id = (kc_gc_identity){0};
}

void kc_gc_identity_copy(kc_gc_identity *dst, const kc_gc_identity *src)
{
	dst->api_version = xstrdup(src->api_version);
	dst->kind = xstrdup(src->kind);
	dst->ns = xstrdup(src->ns);
	dst->name = xstrdup(src->name);
	dst->uid = xstrdup(src->uid);
}

static void identity_of(const cJSON *obj, kc_gc_identity *id)
{
	id->api_version = xstrdup(kc_json_get_str(obj, "apiVersion", ""));
	id->kind = xstrdup(kc_json_get_str(obj, "kind", ""));
	id->ns = xstrdup(kc_json_get_str(obj, "metadata.namespace", ""));
	id->name = xstrdup(kc_json_get_str(obj, "metadata.name", ""));
	id->uid = xstrdup(kc_json_get_str(obj, "metadata.uid", ""));
}

static bool identity_equal(const kc_gc_identity *a, const kc_gc_identity *b)
{
	return streq(a->api_version, b->api_version) && streq(a->kind, b->kind) && streq(a->ns, b->ns) &&
	       streq(a->name, b->name) && streq(a->uid, b->uid);
}

char *kc_gc_identity_string(const kc_gc_identity *id)
{
	return xasprintf("[%s/%s, namespace: %s, name: %s, uid: %s]", id->api_version, id->kind, id->ns, id->name,
			 id->uid);
}

static void ref_clear(kc_gc_ref *r)
{
	free(r->api_version);
	free(r->kind);
	free(r->name);
	free(r->uid);
	cJSON_Delete(r->raw);
}

static void refs_free(kc_gc_ref *refs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ref_clear(&refs[i]);
	free(refs);
}

/* The object's ownerReferences that carry a uid. */
static kc_gc_ref *refs_of(const cJSON *obj, size_t *ret_n)
{
	const cJSON *arr = kc_json_get(obj, "metadata.ownerReferences");
	size_t cap = (size_t)cJSON_GetArraySize(arr), n = 0;
	kc_gc_ref *refs = cap ? xcalloc(cap, sizeof(*refs)) : NULL;
	const cJSON *r;
	cJSON_ArrayForEach(r, arr)
	{
		const char *uid = kc_json_get_str(r, "uid", "");
		if (!uid[0] || n >= cap)
			continue;
		refs[n].api_version = xstrdup(kc_json_get_str(r, "apiVersion", ""));
		refs[n].kind = xstrdup(kc_json_get_str(r, "kind", ""));
		refs[n].name = xstrdup(kc_json_get_str(r, "name", ""));
		refs[n].uid = xstrdup(uid);
		refs[n].block = kc_json_get_bool(r, "blockOwnerDeletion", false);
		refs[n].raw = cJSON_Duplicate(r, true);
		n++;
	}
	*ret_n = n;
	return refs;
}

static bool ref_matches(const kc_gc_ref *r, const kc_gc_identity *id)
{
	return streq(r->uid, id->uid) && streq(r->name, id->name) && streq(r->kind, id->kind) &&
	       streq(r->api_version, id->api_version);
}

static const kc_gc_ref *find_ref(const kc_gc_ref *refs, size_t n, const char *uid)
{
	for (size_t i = 0; i < n; i++)
		if (streq(refs[i].uid, uid))
			return &refs[i];
	return NULL;
}

bool kc_gc_has_finalizer(const cJSON *obj, const char *name)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, kc_json_get(obj, "metadata.finalizers"))
	{
		if (cJSON_IsString(f) && streq(f->valuestring, name))
			return true;
	}
	return false;
}

static bool being_deleted(const cJSON *obj)
{
	const char *ts = kc_json_get_str(obj, "metadata.deletionTimestamp", "");
	return ts[0] != '\0';
}

/* ---- the graph ---- */

struct kc_gc_graph {
	kc_gc_graph_ops ops;
	kc_map *nodes;  /* uid -> kc_gc_node */
	kc_map *absent; /* identity key -> NULL */
};

static void node_free(void *p)
{
	kc_gc_node *n = p;
	if (!n)
		return;
	kc_gc_identity_clear(&n->id);
	refs_free(n->owners, n->n_owners);
	kc_map_free(n->dependents);
	free(n);
}

kc_gc_graph *kc_gc_graph_new(const kc_gc_graph_ops *ops)
{
	kc_gc_graph *g = xcalloc(1, sizeof(*g));
	g->ops = *ops;
	g->nodes = kc_map_new(node_free);
	g->absent = kc_map_new(NULL);
	return g;
}

void kc_gc_graph_free(kc_gc_graph *g)
{
	if (!g)
		return;
	kc_map_free(g->nodes);
	kc_map_free(g->absent);
	free(g);
}

kc_gc_node *kc_gc_graph_get(const kc_gc_graph *g, const char *uid)
{
	return kc_map_get(g->nodes, uid);
}

size_t kc_gc_graph_len(const kc_gc_graph *g)
{
	return kc_map_size(g->nodes);
}

static char *absent_key(const kc_gc_identity *id)
{
	return xasprintf("%s\x01%s\x01%s\x01%s\x01%s", id->api_version, id->kind, id->ns, id->name, id->uid);
}

bool kc_gc_graph_is_absent(const kc_gc_graph *g, const kc_gc_identity *id)
{
	_cleanup_free_ char *k = absent_key(id);
	return kc_map_has(g->absent, k);
}

void kc_gc_graph_mark_absent(kc_gc_graph *g, const kc_gc_identity *id)
{
	/* Upstream keeps an LRU of 500; forgetting everything at the bound
	 * costs a few GETs, never a wrong decision. */
	if (kc_map_size(g->absent) >= ABSENT_CACHE_MAX)
		kc_map_clear(g->absent);
	_cleanup_free_ char *k = absent_key(id);
	kc_map_put(g->absent, k, NULL);
}

static int cmp_node_uid(const void *a, const void *b)
{
	const kc_gc_node *x = *(kc_gc_node *const *)a, *y = *(kc_gc_node *const *)b;
	return strcmp(x->id.uid, y->id.uid);
}

kc_gc_node **kc_gc_node_dependents(const kc_gc_node *n, bool blocking_only, size_t *ret_n)
{
	*ret_n = 0;
	size_t total = kc_map_size(n->dependents);
	if (!total)
		return NULL;
	kc_gc_node **out = xcalloc(total, sizeof(*out));
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(n->dependents, &it)) {
		kc_gc_node *d = it.value;
		if (blocking_only) {
			const kc_gc_ref *r = find_ref(d->owners, d->n_owners, n->id.uid);
			if (!r || !r->block)
				continue;
		}
		out[(*ret_n)++] = d;
	}
	if (*ret_n == 0) {
		free(out);
		return NULL;
	}
	qsort(out, *ret_n, sizeof(*out), cmp_node_uid);
	return out;
}

static void enqueue_delete(kc_gc_graph *g, const char *uid)
{
	if (g->ops.attempt_to_delete)
		g->ops.attempt_to_delete(uid, g->ops.userdata);
}

static void enqueue_dependents(kc_gc_graph *g, const kc_gc_node *n)
{
	size_t nd = 0;
	_cleanup_free_ kc_gc_node **deps = kc_gc_node_dependents(n, false, &nd);
	for (size_t i = 0; i < nd; i++)
		enqueue_delete(g, deps[i]->id.uid);
}

/* addDependentToOwners */
static void add_dependent_to_owners(kc_gc_graph *g, kc_gc_node *n, const kc_gc_ref *refs, size_t n_refs)
{
	bool potentially_invalid = false;
	for (size_t i = 0; i < n_refs; i++) {
		const kc_gc_ref *r = &refs[i];
		kc_gc_node *owner = kc_map_get(g->nodes, r->uid);
		if (!owner) {
			/* A virtual node for an owner not seen yet: the API
			 * decides whether it exists. */
			owner = xcalloc(1, sizeof(*owner));
			owner->id.api_version = xstrdup(r->api_version);
			owner->id.kind = xstrdup(r->kind);
			owner->id.ns = xstrdup(n->id.ns);
			owner->id.name = xstrdup(r->name);
			owner->id.uid = xstrdup(r->uid);
			owner->dependents = kc_map_new(NULL);
			kc_map_put(g->nodes, r->uid, owner);
			kc_map_put(owner->dependents, n->id.uid, n);
			enqueue_delete(g, owner->id.uid);
			continue;
		}
		kc_map_put(owner->dependents, n->id.uid, n);
		if (potentially_invalid)
			continue;
		bool owner_namespaced = owner->id.ns[0] != '\0';
		if (owner_namespaced && !streq(owner->id.ns, n->id.ns)) {
			if (owner->observed && g->ops.invalid_namespace)
				g->ops.invalid_namespace(n, r, g->ops.userdata);
			potentially_invalid = true;
		} else if (!ref_matches(r, &owner->id)) {
			if (owner->observed)
				kc_log_v(2, "garbagecollector: %s/%s references an owner with coordinates that do not match "
					 "the observed identity",
					 n->id.kind, n->id.name);
			potentially_invalid = true;
		} else if (!owner_namespaced && !streq(owner->id.ns, n->id.ns) && !owner->observed) {
			potentially_invalid = true;
		}
	}
	if (potentially_invalid)
		enqueue_delete(g, n->id.uid);
}

static void remove_dependent_from_owners(kc_gc_graph *g, const kc_gc_node *n, const kc_gc_ref *refs, size_t n_refs)
{
	for (size_t i = 0; i < n_refs; i++) {
		kc_gc_node *owner = kc_map_get(g->nodes, refs[i].uid);
		if (owner)
			kc_map_del(owner->dependents, n->id.uid);
	}
}

/* removeNode, then what a deletion means for the rest of the graph. */
static void remove_node(kc_gc_graph *g, kc_gc_node *n, const kc_gc_identity *deleted)
{
	kc_map_take(g->nodes, n->id.uid);
	remove_dependent_from_owners(g, n, n->owners, n->n_owners);
	if (kc_map_size(n->dependents) > 0)
		kc_gc_graph_mark_absent(g, deleted);
	enqueue_dependents(g, n);
	/* An owner deleting its dependents in the foreground may be done now. */
	for (size_t i = 0; i < n->n_owners; i++) {
		kc_gc_node *owner = kc_map_get(g->nodes, n->owners[i].uid);
		if (owner && owner->deleting_dependents)
			enqueue_delete(g, owner->id.uid);
	}
	node_free(n);
}

static bool deletion_starts_with(const cJSON *old_obj, const cJSON *obj, const char *finalizer)
{
	if (!being_deleted(obj) || !kc_gc_has_finalizer(obj, finalizer))
		return false;
	if (!old_obj)
		return true;
	return !being_deleted(old_obj) || !kc_gc_has_finalizer(old_obj, finalizer);
}

/* processTransitions */
static void process_transitions(kc_gc_graph *g, const cJSON *old_obj, const cJSON *obj, kc_gc_node *n)
{
	if (deletion_starts_with(old_obj, obj, KC_GC_FINALIZER_ORPHAN)) {
		kc_log_v(5, "garbagecollector: add %s/%s to the attemptToOrphan", n->id.kind, n->id.name);
		if (g->ops.attempt_to_orphan)
			g->ops.attempt_to_orphan(n->id.uid, g->ops.userdata);
		return;
	}
	if (deletion_starts_with(old_obj, obj, KC_GC_FINALIZER_FOREGROUND)) {
		kc_log_v(2, "garbagecollector: add %s/%s and its dependents to the attemptToDelete", n->id.kind,
			 n->id.name);
		n->deleting_dependents = true;
		enqueue_dependents(g, n);
		enqueue_delete(g, n->id.uid);
	}
}

/* Dependents of n whose reference to id agrees with id's coordinates
 * (matching) or not (nonmatching); one dependent can be in both. */
static void partition_dependents(const kc_gc_node *n, const kc_gc_identity *id, kc_gc_node ***ret_match,
				 size_t *ret_nm, kc_gc_node ***ret_mismatch, size_t *ret_nx)
{
	size_t nd = 0;
	kc_gc_node **deps = kc_gc_node_dependents(n, false, &nd);
	kc_gc_node **match = nd ? xcalloc(nd, sizeof(*match)) : NULL;
	kc_gc_node **mismatch = nd ? xcalloc(nd, sizeof(*mismatch)) : NULL;
	size_t nm = 0, nx = 0;
	bool owner_namespaced = id->ns[0] != '\0';
	for (size_t i = 0; i < nd; i++) {
		kc_gc_node *d = deps[i];
		bool found_match = false, found_mismatch = false;
		if (owner_namespaced && !streq(id->ns, d->id.ns)) {
			found_mismatch = true;
		} else {
			for (size_t j = 0; j < d->n_owners; j++) {
				if (!streq(d->owners[j].uid, id->uid))
					continue;
				if (ref_matches(&d->owners[j], id))
					found_match = true;
				else
					found_mismatch = true;
			}
		}
		if (found_match)
			match[nm++] = d;
		if (found_mismatch)
			mismatch[nx++] = d;
	}
	free(deps);
	*ret_match = match;
	*ret_nm = nm;
	*ret_mismatch = mismatch;
	*ret_nx = nx;
}

/* getAlternateOwnerIdentity: another coordinate set the dependents use for
 * id's uid (a namespaced one preferred when id is cluster-scoped). Returns
 * false when there is none. */
static bool alternate_identity(kc_gc_node **deps, size_t nd, const kc_gc_identity *id, kc_gc_identity *ret)
{
	bool cluster_scoped = id->ns[0] == '\0';
	const kc_gc_ref *first_ref = NULL;
	const char *first_ns = NULL;
	for (size_t i = 0; i < nd; i++) {
		for (size_t j = 0; j < deps[i]->n_owners; j++) {
			const kc_gc_ref *r = &deps[i]->owners[j];
			if (!streq(r->uid, id->uid) || ref_matches(r, id))
				continue;
			const char *ns = deps[i]->id.ns;
			if (cluster_scoped && streq(r->api_version, id->api_version) && streq(r->kind, id->kind))
				ns = "";
			if (!first_ref) {
				first_ref = r;
				first_ns = ns;
			}
			if (cluster_scoped && ns[0]) {
				first_ref = r;
				first_ns = ns;
				goto found;
			}
		}
	}
	if (!first_ref)
		return false;
found:
	ret->api_version = xstrdup(first_ref->api_version);
	ret->kind = xstrdup(first_ref->kind);
	ret->ns = xstrdup(first_ns);
	ret->name = xstrdup(first_ref->name);
	ret->uid = xstrdup(first_ref->uid);
	return true;
}

void kc_gc_graph_observe(kc_gc_graph *g, kc_gc_event type, const cJSON *old_obj, const cJSON *obj, void *source)
{
	const char *uid = kc_json_get_str(obj, "metadata.uid", "");
	if (!uid[0])
		return;
	kc_gc_node *existing = kc_map_get(g->nodes, uid);
	if (existing && !existing->observed) {
		/* A virtual node seen for real at last: its coordinates are now
		 * known; dependents that named it otherwise are checked again. */
		kc_gc_identity seen = {0};
		identity_of(obj, &seen);
		if (!identity_equal(&seen, &existing->id)) {
			kc_gc_node **match, **mismatch;
			size_t nm, nx;
			partition_dependents(existing, &seen, &match, &nm, &mismatch, &nx);
			for (size_t i = 0; i < nx; i++) {
				if (seen.ns[0] && !streq(mismatch[i]->id.ns, seen.ns) && g->ops.invalid_namespace) {
					const kc_gc_ref *r = find_ref(mismatch[i]->owners, mismatch[i]->n_owners, uid);
					if (r)
						g->ops.invalid_namespace(mismatch[i], r, g->ops.userdata);
				}
				enqueue_delete(g, mismatch[i]->id.uid);
			}
			free(match);
			free(mismatch);
			kc_gc_identity_clear(&existing->id);
			existing->id = seen;
		} else {
			kc_gc_identity_clear(&seen);
		}
		existing->observed = true;
	}

	if (type == KC_GC_EVENT_DELETE) {
		if (!existing)
			return;
		kc_gc_identity deleted = {0};
		identity_of(obj, &deleted);
		remove_node(g, existing, &deleted);
		kc_gc_identity_clear(&deleted);
		return;
	}

	size_t n_refs = 0;
	kc_gc_ref *refs = refs_of(obj, &n_refs);
	if (!existing) {
		kc_gc_node *n = xcalloc(1, sizeof(*n));
		identity_of(obj, &n->id);
		n->owners = refs;
		n->n_owners = n_refs;
		n->dependents = kc_map_new(NULL);
		n->observed = true;
		n->being_deleted = being_deleted(obj);
		n->deleting_dependents = n->being_deleted && kc_gc_has_finalizer(obj, KC_GC_FINALIZER_FOREGROUND);
		n->source = source;
		kc_map_put(g->nodes, uid, n);
		add_dependent_to_owners(g, n, n->owners, n->n_owners);
		process_transitions(g, old_obj, obj, n);
		return;
	}

	/* referencesDiffs */
	kc_gc_ref *old_refs = existing->owners;
	size_t n_old = existing->n_owners;
	_cleanup_free_ kc_gc_ref *added = n_refs ? xcalloc(n_refs, sizeof(*added)) : NULL;
	_cleanup_free_ kc_gc_ref *removed = n_old ? xcalloc(n_old, sizeof(*removed)) : NULL;
	size_t na = 0, nr = 0;
	bool changed = false;
	for (size_t i = 0; i < n_refs; i++) {
		const kc_gc_ref *o = find_ref(old_refs, n_old, refs[i].uid);
		if (!o) {
			added[na++] = refs[i];
		} else if (!kc_json_equal(o->raw, refs[i].raw)) {
			changed = true;
			/* addUnblockedOwnersToDeleteQueue: a reference that
			 * stopped blocking may let its owner finish. */
			if (o->block && !refs[i].block) {
				kc_gc_node *owner = kc_map_get(g->nodes, refs[i].uid);
				if (owner)
					enqueue_delete(g, owner->id.uid);
			}
		}
	}
	for (size_t i = 0; i < n_old; i++) {
		if (find_ref(refs, n_refs, old_refs[i].uid))
			continue;
		removed[nr++] = old_refs[i];
		if (old_refs[i].block) {
			kc_gc_node *owner = kc_map_get(g->nodes, old_refs[i].uid);
			if (owner)
				enqueue_delete(g, owner->id.uid);
		}
	}
	if (na || nr || changed) {
		existing->owners = refs;
		existing->n_owners = n_refs;
		add_dependent_to_owners(g, existing, added, na);
		remove_dependent_from_owners(g, existing, removed, nr);
		refs_free(old_refs, n_old);
	} else {
		refs_free(refs, n_refs);
	}
	if (being_deleted(obj))
		existing->being_deleted = true;
	existing->source = source;
	process_transitions(g, old_obj, obj, existing);
}

void kc_gc_graph_virtual_delete(kc_gc_graph *g, const kc_gc_identity *id)
{
	kc_gc_node *n = kc_map_get(g->nodes, id->uid);
	if (!n)
		return;
	bool remove = true;
	kc_gc_node **match = NULL, **mismatch = NULL;
	size_t nm = 0, nx = 0;
	if (!n->observed) {
		partition_dependents(n, id, &match, &nm, &mismatch, &nx);
		if (nx > 0) {
			/* Some dependents name this uid otherwise: keep the node. */
			remove = false;
			if (nm > 0) {
				kc_gc_graph_mark_absent(g, id);
				for (size_t i = 0; i < nm; i++)
					enqueue_delete(g, match[i]->id.uid);
			}
			kc_gc_identity alt = {0};
			if (identity_equal(&n->id, id) && alternate_identity(mismatch, nx, id, &alt)) {
				kc_gc_identity_clear(&n->id);
				n->id = alt;
				enqueue_delete(g, n->id.uid);
			}
		}
	} else if (!identity_equal(&n->id, id)) {
		/* The real node's coordinates disagree with what was verified
		 * absent: only the dependents that named those are affected. */
		remove = false;
		partition_dependents(n, id, &match, &nm, &mismatch, &nx);
		if (nm > 0) {
			kc_gc_graph_mark_absent(g, id);
			for (size_t i = 0; i < nm; i++)
				enqueue_delete(g, match[i]->id.uid);
		}
	}
	free(match);
	free(mismatch);
	if (remove)
		remove_node(g, n, id);
}

/* ---- decisions ---- */

kc_gc_owner_state kc_gc_classify_owner(const cJSON *owner, const char *ref_uid)
{
	if (!owner || !streq(kc_json_get_str(owner, "metadata.uid", ""), ref_uid))
		return KC_GC_OWNER_DANGLING;
	if (being_deleted(owner) && kc_gc_has_finalizer(owner, KC_GC_FINALIZER_FOREGROUND))
		return KC_GC_OWNER_WAITING;
	return KC_GC_OWNER_SOLID;
}

kc_gc_action kc_gc_decide(const cJSON *latest, const kc_gc_owner_state *states, size_t n_states,
			  size_t n_dependents, bool a_dependent_deletes_dependents)
{
	if (n_states == 0)
		return (kc_gc_action){KC_GC_NOTHING, NULL};
	size_t solid = 0, dangling = 0, waiting = 0;
	for (size_t i = 0; i < n_states; i++) {
		if (states[i] == KC_GC_OWNER_SOLID)
			solid++;
		else if (states[i] == KC_GC_OWNER_DANGLING)
			dangling++;
		else
			waiting++;
	}
	if (solid)
		return (kc_gc_action){dangling || waiting ? KC_GC_REMOVE_REFS : KC_GC_NOTHING, NULL};
	if (waiting && n_dependents)
		return (kc_gc_action){a_dependent_deletes_dependents ? KC_GC_UNBLOCK_AND_DELETE : KC_GC_DELETE,
				      "Foreground"};
	const char *policy = "Background";
	if (kc_gc_has_finalizer(latest, KC_GC_FINALIZER_ORPHAN))
		policy = "Orphan";
	else if (kc_gc_has_finalizer(latest, KC_GC_FINALIZER_FOREGROUND))
		policy = "Foreground";
	return (kc_gc_action){KC_GC_DELETE, policy};
}

/* {"metadata": {"uid": ..., "resourceVersion": ...}} of obj. */
static cJSON *pinned_patch(const cJSON *obj, cJSON **ret_meta)
{
	cJSON *p = cJSON_CreateObject();
	cJSON *meta = cJSON_AddObjectToObject(p, "metadata");
	cJSON_AddStringToObject(meta, "uid", kc_json_get_str(obj, "metadata.uid", ""));
	cJSON_AddStringToObject(meta, "resourceVersion", kc_json_get_str(obj, "metadata.resourceVersion", ""));
	*ret_meta = meta;
	return p;
}

static bool uid_in(const char *uid, const char *const *uids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (streq(uid, uids[i]))
			return true;
	return false;
}

cJSON *kc_gc_patch_remove_refs(const cJSON *latest, const char *const *uids, size_t n_uids)
{
	_cleanup_json_ cJSON *keep = cJSON_CreateArray();
	bool dropped = false;
	const cJSON *r;
	cJSON_ArrayForEach(r, kc_json_get(latest, "metadata.ownerReferences"))
	{
		if (uid_in(kc_json_get_str(r, "uid", ""), uids, n_uids))
			dropped = true;
		else
			cJSON_AddItemToArray(keep, cJSON_Duplicate(r, true));
	}
	if (!dropped)
		return NULL;
	cJSON *meta;
	cJSON *p = pinned_patch(latest, &meta);
	if (cJSON_GetArraySize(keep) > 0)
		cJSON_AddItemToObject(meta, "ownerReferences", TAKE_PTR(keep));
	else
		cJSON_AddNullToObject(meta, "ownerReferences");
	return p;
}

cJSON *kc_gc_patch_unblock(const cJSON *latest)
{
	_cleanup_json_ cJSON *refs = cJSON_Duplicate(kc_json_get(latest, "metadata.ownerReferences"), true);
	bool changed = false;
	cJSON *r;
	cJSON_ArrayForEach(r, refs)
	{
		if (kc_json_get_bool(r, "blockOwnerDeletion", false)) {
			kc_json_object_put(r, "blockOwnerDeletion", cJSON_CreateFalse());
			changed = true;
		}
	}
	if (!changed)
		return NULL;
	cJSON *meta;
	cJSON *p = pinned_patch(latest, &meta);
	cJSON_AddItemToObject(meta, "ownerReferences", TAKE_PTR(refs));
	return p;
}

cJSON *kc_gc_patch_remove_finalizer(const cJSON *obj, const char *finalizer)
{
	if (!kc_gc_has_finalizer(obj, finalizer))
		return NULL;
	_cleanup_json_ cJSON *keep = cJSON_CreateArray();
	const cJSON *f;
	cJSON_ArrayForEach(f, kc_json_get(obj, "metadata.finalizers"))
	{
		if (!cJSON_IsString(f) || !streq(f->valuestring, finalizer))
			cJSON_AddItemToArray(keep, cJSON_Duplicate(f, true));
	}
	cJSON *meta;
	cJSON *p = pinned_patch(obj, &meta);
	if (cJSON_GetArraySize(keep) > 0)
		cJSON_AddItemToObject(meta, "finalizers", TAKE_PTR(keep));
	else
		cJSON_AddNullToObject(meta, "finalizers");
	return p;
}

cJSON *kc_gc_delete_options(const char *uid, const char *rv, const char *policy)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", "DeleteOptions");
	cJSON_AddStringToObject(o, "apiVersion", "v1");
	cJSON *pre = cJSON_AddObjectToObject(o, "preconditions");
	cJSON_AddStringToObject(pre, "uid", uid);
	if (rv && rv[0])
		cJSON_AddStringToObject(pre, "resourceVersion", rv);
	if (policy)
		cJSON_AddStringToObject(o, "propagationPolicy", policy);
	return o;
}
