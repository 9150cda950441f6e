/* sched.h - kc-scheduler's model of the cluster and its placement rules,
 * as kube-scheduler's default profile has them:
 *
 *   - sched_node: one Node with what its pods already ask for (the
 *     scheduler's cache: bound pods plus pods it assumed on it);
 *   - filters (plugins.c): NodeUnschedulable, NodeName, TaintToleration
 *     (with the Ready condition read as the not-ready taint), NodeAffinity,
 *     NodeResourcesFit, NodePorts, InterPodAffinity, VolumeBinding (local
 *     PersistentVolumes' node affinity);
 *   - scores: NodeResourcesFit (LeastAllocated),
 *     NodeResourcesBalancedAllocation, spreading of one owner's pods over
 *     nodes and zones, preferred NodeAffinity, TaintToleration
 *     (PreferNoSchedule), weighted as upstream's default profile.
 *
 * Everything here is pure: objects in, decisions out; scheduler.c keeps
 * the cache up to date from informers and talks to the apiserver. */
#ifndef KC_SCHED_H
#define KC_SCHED_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/map.h"

/* What a pod asks for, or a node has. */
typedef struct sched_res {
	int64_t cpu_milli, memory, ephemeral, pods;
} sched_res;

/* A pod being scheduled, parsed once per attempt. */
typedef struct sched_pod {
	const cJSON *obj; /* borrowed */
	const char *ns, *name;
	sched_res req;       /* for NodeResourcesFit: init containers as upstream */
	sched_res score_req; /* for scoring: 100m cpu / 200Mi when a container says nothing */
	char **ports;        /* "TCP/0.0.0.0/80": host ports it takes */
	size_t nports;
	const char *owner_uid; /* its controller's uid, "" for none */
	/* parts of obj every node is checked against (NULL when absent) */
	const cJSON *tolerations, *node_selector, *required_affinity, *preferred_affinity;
} sched_pod;

/* A pod already on a node (bound or assumed). */
typedef struct sched_placed {
	cJSON *obj; /* owned copy */
	sched_res req, score_req;
	char **ports;
	size_t nports;
	const char *owner_uid; /* points into obj */
	bool assumed;          /* chosen by us, the binding not seen back yet */
} sched_placed;

typedef struct sched_node {
	char *name;
	cJSON *obj; /* owned copy of the Node */
	bool valid; /* allocatable parsed; an invalid node fits nothing */
	/* parts of obj every pod is checked against (NULL when absent) */
	const cJSON *labels, *taints;
	bool unschedulable;
	const char *not_ready_taint; /* the Ready condition read as a taint key, or NULL */
	const char *zone;            /* topology.kubernetes.io/zone */
	sched_res alloc;
	sched_res requested, score_requested;
	kc_map *pods;  /* "ns/name" -> sched_placed */
	kc_map *ports; /* host port key -> count (as a pointer-sized int) */
} sched_node;

/* ---- parsing ---- */

/* Fills p from the pod object (borrowed; p borrows from it). -EINVAL with
 * err for a quantity that does not parse. Free with sched_pod_clear. */
int sched_pod_parse(const cJSON *pod, sched_pod *p, kc_error *err);
void sched_pod_clear(sched_pod *p);

sched_node *sched_node_new(const char *name);
void sched_node_free(sched_node *n);
/* Replaces the node's object (copied) and re-reads allocatable. -EINVAL
 * with err (and the node marked invalid) when a quantity is bad. */
int sched_node_set(sched_node *n, const cJSON *node, kc_error *err);
/* Adds (or replaces) the pod under key "ns/name"; assumed as given. */
void sched_node_add_pod(sched_node *n, const char *key, const cJSON *pod, bool assumed);
void sched_node_remove_pod(sched_node *n, const char *key);
/* The placed pod under key, or NULL. */
sched_placed *sched_node_pod(const sched_node *n, const char *key);

/* ---- filters ---- */

/* Cluster-wide facts some filters and scores need, computed once per
 * attempt over every node (sched_context_build) and freed after. */
typedef struct sched_context {
	const sched_pod *pod;
	/* InterPodAffinity: for each of the pod's required (anti-)affinity
	 * terms, the topology values ("key=value") holding a matching pod */
	kc_map **affinity_values;      /* one map per affinity term */
	size_t naffinity;
	bool affinity_any_match;       /* some pod anywhere matches the terms */
	bool affinity_self_match;      /* the pod matches all its own terms */
	kc_map **anti_values;          /* one map per anti-affinity term */
	size_t nanti;
	kc_map *existing_anti;         /* "key=value" an existing pod's anti-affinity forbids */
	/* VolumeBinding: the node affinity terms of the pod's bound local
	 * volumes (borrowed), or an error that makes every node fail */
	const cJSON **volume_affinity;
	size_t nvolume_affinity;
	char *volume_error;
	kc_map *texts; /* reasons made for this attempt (taints), owned */
	/* spreading: pods per owner, borrowed from the cache (sched_owner_key) */
	const kc_map *owner_counts;
	/* or, for a pod without an owner, the pods its Services select, per
	 * node and zone (sched_context_spread_by_selectors; owned) */
	kc_map *selector_counts;
} sched_context;

/* The owner_counts keys: pods of the owner with that uid on a node, and
 * in a zone (topology.kubernetes.io/zone). Caller frees. */
char *sched_owner_node_key(const char *uid, const char *node);
char *sched_owner_zone_key(const char *uid, const char *zone);

/* Looks a PersistentVolumeClaim or PersistentVolume up (borrowed), NULL if
 * unknown. */
typedef const cJSON *(*sched_lookup_fn)(const char *ns, const char *name, void *userdata);

/* scan_existing_anti: some placed pod has required anti-affinity (the
 * cache knows; scanning every pod for it otherwise costs each attempt). */
void sched_context_build(sched_context *c, const sched_pod *pod, sched_node *const *nodes, size_t n,
			 const kc_map *owner_counts, bool scan_existing_anti, sched_lookup_fn pvc, sched_lookup_fn pv,
			 void *userdata);
void sched_context_clear(sched_context *c);
/* For a pod without a controller: spread it from the pods that the given
 * selectors (its Services') pick in its namespace, as upstream's default
 * spreading does. */
struct kc_selector;
void sched_context_spread_by_selectors(sched_context *c, sched_node *const *nodes, size_t n,
				       struct kc_selector *const *selectors, size_t nselectors);

/* Runs every filter; returns the number of reasons the node fails for
 * (0: it fits) and puts up to max of upstream's reason texts in reasons
 * (static or owned by c: never freed by the caller). */
size_t sched_filter(const sched_context *c, const sched_node *n, const char **reasons, size_t max);

/* The weighted score of a feasible node before normalisation of the
 * plugins that normalise over all nodes: see sched_score_all. */
typedef struct sched_score {
	double least_allocated, balanced; /* 0..100 */
	double affinity_raw;              /* sum of matching preferred terms' weights */
	double prefer_no_schedule;        /* untolerated PreferNoSchedule taints */
	double spread_node, spread_zone;  /* pods of the owner there */
	double total;
} sched_score;

/* Scores n nodes (all feasible) into scores[], normalising as upstream and
 * weighting as the default profile, and returns the index of the best
 * (ties broken by rnd, a random number). */
size_t sched_score_all(const sched_context *c, sched_node *const *nodes, size_t n, sched_score *scores,
		       unsigned rnd);

/* How many feasible nodes to find before scoring among n nodes (upstream's
 * adaptive percentageOfNodesToScore: 50% - n/125, at least 5%, at least
 * 100 nodes). */
size_t sched_nodes_to_find(size_t n);

/* Upstream's FitError message: "0/3 nodes are available: 1 Insufficient
 * cpu, 2 node(s) had untolerated taint {a: b}." from a reason -> count map
 * (values are counts as pointer-sized ints). Caller frees. */
char *sched_fit_error(size_t nodes, const kc_map *reasons);

#endif
