/* garbagecollector.h - the pure parts of the "garbagecollector" controller
 * (garbagecollector.c): the owner/dependent graph built from informer
 * events (upstream's GraphBuilder in pkg/controller/garbagecollector), the
 * decision attemptToDeleteItem takes for one object, and the patches and
 * delete options it sends.
 *
 * The graph holds one node per object uid seen through an informer
 * ("observed"), plus "virtual" nodes for owners that dependents name but no
 * informer has shown (yet). Every node knows its owner references and the
 * nodes that name it as an owner (its dependents). Feeding it events tells
 * the caller, through kc_gc_graph_ops, which uids to look at:
 *   - attempt_to_delete: a dependent whose owner went away, a virtual owner
 *     to verify with the API, an owner deleting its dependents in the
 *     foreground (and those dependents), an owner a blocking dependent
 *     stopped blocking;
 *   - attempt_to_orphan: an owner being deleted with the orphan finalizer.
 *
 * Ownership: the graph owns its nodes; kc_gc_node pointers and their
 * strings are valid until the next call that changes the graph
 * (observe, virtual_delete, free). Objects passed in are borrowed. Returned
 * cJSON trees are the caller's. Single-threaded. */
#ifndef KC_CM_GARBAGECOLLECTOR_H
#define KC_CM_GARBAGECOLLECTOR_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/map.h"

#define KC_GC_FINALIZER_ORPHAN     "orphan"
#define KC_GC_FINALIZER_FOREGROUND "foregroundDeletion"

/* An object's coordinates (upstream's objectReference). ns is "" for
 * cluster-scoped objects and for virtual owners of cluster-scoped
 * dependents. */
typedef struct kc_gc_identity {
	char *api_version, *kind, *ns, *name, *uid;
} kc_gc_identity;

/* One ownerReference of a node. */
typedef struct kc_gc_ref {
	char *api_version, *kind, *name, *uid;
	bool block; /* blockOwnerDeletion: true */
	cJSON *raw; /* the reference as the object had it (for diffs) */
} kc_gc_ref;

typedef struct kc_gc_node {
	kc_gc_identity id;
	kc_gc_ref *owners;
	size_t n_owners;
	kc_map *dependents; /* uid -> kc_gc_node * (not owned) */
	bool observed;      /* seen through an informer; false: virtual */
	bool being_deleted; /* deletionTimestamp set */
	bool deleting_dependents; /* being deleted with the foregroundDeletion finalizer */
	void *source;       /* the caller's tag given with the last event (its informer) */
} kc_gc_node;

typedef struct kc_gc_graph_ops {
	void (*attempt_to_delete)(const char *uid, void *userdata);
	void (*attempt_to_orphan)(const char *uid, void *userdata);
	/* dependent names owner (one of its references), which lives in another
	 * namespace or is namespaced while dependent is not: upstream's
	 * OwnerRefInvalidNamespace event. May be NULL. */
	void (*invalid_namespace)(const kc_gc_node *dependent, const kc_gc_ref *owner, void *userdata);
	void *userdata;
} kc_gc_graph_ops;

typedef struct kc_gc_graph kc_gc_graph;

/* ops is copied. */
kc_gc_graph *kc_gc_graph_new(const kc_gc_graph_ops *ops);
void kc_gc_graph_free(kc_gc_graph *g);

typedef enum kc_gc_event { KC_GC_EVENT_ADD, KC_GC_EVENT_UPDATE, KC_GC_EVENT_DELETE } kc_gc_event;

/* An informer event (processGraphChanges). obj is the object (for
 * KC_GC_EVENT_DELETE its last known state); old_obj the previous state for an
 * update (may be NULL). Objects without metadata.uid are ignored. source
 * is stored in the node. */
void kc_gc_graph_observe(kc_gc_graph *g, kc_gc_event type, const cJSON *old_obj, const cJSON *obj, void *source);

/* The API said id does not exist (a 404, or the name now has another uid):
 * upstream's virtual delete event. Removes the node when its coordinates
 * agree (or it is virtual and every dependent agrees) and queues its
 * dependents; otherwise queues only the dependents that named id. */
void kc_gc_graph_virtual_delete(kc_gc_graph *g, const kc_gc_identity *id);

kc_gc_node *kc_gc_graph_get(const kc_gc_graph *g, const char *uid);
size_t kc_gc_graph_len(const kc_gc_graph *g);

/* The absent-owner cache (uids verified gone, by coordinates; bounded). */
bool kc_gc_graph_is_absent(const kc_gc_graph *g, const kc_gc_identity *id);
void kc_gc_graph_mark_absent(kc_gc_graph *g, const kc_gc_identity *id);

/* The node's dependents as a new array (caller frees the array only; NULL
 * when none), sorted by uid. With blocking_only, only those whose
 * reference to n has blockOwnerDeletion. */
kc_gc_node **kc_gc_node_dependents(const kc_gc_node *n, bool blocking_only, size_t *ret_n);

void kc_gc_identity_clear(kc_gc_identity *id);
/* Deep copy into dst (overwritten, not cleared first). */
void kc_gc_identity_copy(kc_gc_identity *dst, const kc_gc_identity *src);
/* "[apps/v1/ReplicaSet, namespace: default, name: web, uid: 1234]", as
 * upstream's objectReference.String(). Caller frees. */
char *kc_gc_identity_string(const kc_gc_identity *id);

/* ---- attemptToDeleteItem's decision ---- */

typedef enum kc_gc_owner_state {
	KC_GC_OWNER_SOLID,    /* exists, not deleting its dependents */
	KC_GC_OWNER_DANGLING, /* gone, or the name has another uid */
	KC_GC_OWNER_WAITING,  /* deleting its dependents in the foreground */
} kc_gc_owner_state;

/* How one owner reference stands, given what a live GET of the owner
 * returned (NULL for a 404). */
kc_gc_owner_state kc_gc_classify_owner(const cJSON *owner, const char *ref_uid);

typedef enum kc_gc_action_kind {
	KC_GC_NOTHING,
	KC_GC_REMOVE_REFS,          /* some owner exists: drop the dangling and waiting references */
	KC_GC_DELETE,               /* no owner left: delete with policy */
	KC_GC_UNBLOCK_AND_DELETE,   /* unblock the references, then delete in the foreground */
} kc_gc_action_kind;

typedef struct kc_gc_action {
	kc_gc_action_kind kind;
	const char *policy; /* KC_GC_DELETE and UNBLOCK_AND_DELETE: "Background", "Foreground", "Orphan" */
} kc_gc_action;

/* The decision for latest (the object as a live GET returned it) whose
 * ownerReferences[i] stands as states[i]: any solid owner keeps it (dropping
 * dangling and waiting references if any); with an owner waiting for its
 * dependents and dependents of its own, it is deleted in the foreground (its
 * references unblocked first when one of those dependents is itself deleting
 * dependents, to break cycles); otherwise it is deleted with the policy its
 * finalizers ask for (orphan, foregroundDeletion) or in the background. An
 * object without references: KC_GC_NOTHING. */
kc_gc_action kc_gc_decide(const cJSON *latest, const kc_gc_owner_state *states, size_t n_states,
			  size_t n_dependents, bool a_dependent_deletes_dependents);

/* ---- what is sent ---- */

/* A JSON merge patch dropping the ownerReferences whose uid is in uids,
 * pinned to latest's uid and resourceVersion (a 409 if it changed). NULL
 * when no reference has such a uid. */
cJSON *kc_gc_patch_remove_refs(const cJSON *latest, const char *const *uids, size_t n_uids);
/* A merge patch setting blockOwnerDeletion false on every reference that
 * has it true, pinned likewise. NULL when none has. */
cJSON *kc_gc_patch_unblock(const cJSON *latest);
/* A merge patch taking finalizer out of metadata.finalizers, pinned
 * likewise. NULL when obj does not have it. */
cJSON *kc_gc_patch_remove_finalizer(const cJSON *obj, const char *finalizer);
/* DeleteOptions with propagationPolicy (may be NULL) and preconditions
 * uid and resourceVersion (rv may be NULL or ""). */
cJSON *kc_gc_delete_options(const char *uid, const char *rv, const char *policy);

/* Whether obj's metadata.finalizers holds name. */
bool kc_gc_has_finalizer(const cJSON *obj, const char *name);

#endif
