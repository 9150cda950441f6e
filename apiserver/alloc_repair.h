/* alloc_repair.h - the allocation repair loop: upstream's ClusterIP and
 * NodePort repair controllers (pkg/registry/core/service/{ip,port}allocator/
 * controller/repair.go) for kc's one-key-per-value allocations (alloc.h).
 *
 * Each run lists every Service and every allocation key at one etcd
 * revision and brings the two into agreement:
 *
 *   - a key no Service holds is a leak (an apiserver died between
 *     allocating and storing the Service, or between deleting a Service and
 *     releasing its values). It is deleted only once it has been seen
 *     leaked, unchanged (same mod_revision), in API_REPAIR_LEAK_RUNS
 *     consecutive runs, so that a create in flight is not robbed; the
 *     delete carries that mod_revision as a precondition, so a value
 *     re-allocated meanwhile is never deleted;
 *   - a value a Service holds without a key gets one (owner = the
 *     Service), so that it cannot be handed out again; a key whose owner
 *     does not hold its value while another Service does is given to that
 *     Service, after the same grace;
 *   - a Service holding a value another Service's key owns (a duplicate),
 *     a value outside the configured range (the flag changed) or an
 *     unusable clusterIP is reported, never changed: a Warning Event on
 *     the Service with upstream's reason and message, and a log line.
 *
 * Every write is a transaction with a precondition (create_revision 0 or
 * the mod_revision read), so two apiservers repairing at once stay correct.
 * The pure core (api_repair_plan_make) decides; the loop only lists,
 * writes and logs. */
#ifndef KC_APISERVER_ALLOC_REPAIR_H
#define KC_APISERVER_ALLOC_REPAIR_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apiserver/alloc.h"
#include "common/map.h"

/* Runs a leak must be seen in before it is freed (upstream's
 * numRepairsBeforeLeakCleanup). */
#define API_REPAIR_LEAK_RUNS 3
/* Upstream's ServiceClusterIPInterval and ServiceNodePortInterval. */
#define API_REPAIR_INTERVAL_MS (3 * 60 * 1000)

/* ---- the pure core ---- */

/* What one stored Service holds of one allocator's values. */
typedef struct api_repair_service {
	char *ns, *name, *uid;
	int64_t rv;    /* its mod_revision (the events' involvedObject.resourceVersion) */
	char **values; /* deduplicated, in spec order */
	size_t nvalues;
} api_repair_service;

/* Fills *svc from a stored Service (borrowed). ips: its clusterIPs (or
 * clusterIP when clusterIPs is empty) without "" and "None"; otherwise its
 * ports' nodePorts and its healthCheckNodePort, as upstream's
 * collectServiceNodePorts. Free with api_repair_service_clear. */
void api_repair_service_init(api_repair_service *svc, const cJSON *obj, int64_t rv, bool ips);
void api_repair_service_clear(api_repair_service *svc);

/* One allocation key as etcd has it (all borrowed). */
typedef struct api_repair_alloc {
	const char *value; /* the key after the allocator's prefix: "10.96.0.12", "31045" */
	const char *owner; /* "ns/name" from the key's {"service":"ns/name"}; "" if unreadable */
	int64_t mod_revision;
} api_repair_alloc;

/* The owner ("ns/name") recorded in an allocation key's value, or "" when
 * the value is not {"service":"<string>"}. Caller frees. */
char *api_repair_owner(const char *value, size_t len);

typedef enum {
	API_REPAIR_CREATE,       /* a held value has no key: create it for service */
	API_REPAIR_TRANSFER,     /* the key's owner does not hold it, service does: give it to service */
	API_REPAIR_DELETE,       /* leaked for API_REPAIR_LEAK_RUNS runs: delete the key */
	API_REPAIR_LEAK,         /* seen leaked leak_runs times so far: only noted */
	API_REPAIR_DUPLICATE,    /* service holds a value owned by owner: reported */
	API_REPAIR_OUT_OF_RANGE, /* service holds a value outside the range: reported */
	API_REPAIR_NOT_VALID,    /* service holds a clusterIP that is no IP: reported */
	API_REPAIR_WRONG_FAMILY, /* service holds an IPv6 clusterIP in an IPv4 cluster: reported */
} api_repair_kind;

#define API_REPAIR_NONE ((size_t)-1)

typedef struct api_repair_action {
	api_repair_kind kind;
	const char *value;    /* borrowed from the inputs */
	size_t service;       /* index in services, or API_REPAIR_NONE (DELETE, LEAK) */
	size_t alloc;         /* index in allocs of the value's key, or API_REPAIR_NONE (no key) */
	size_t owner_service; /* DUPLICATE: index in services of the one the value belongs to */
	int leak_runs;        /* LEAK, DELETE, TRANSFER: consecutive runs it has been seen so */
} api_repair_action;

typedef struct api_repair_plan {
	api_repair_action *actions;
	size_t n;
} api_repair_plan;

/* Leak counts carried from one run to the next: value -> api_repair_leak
 * (malloc'ed, freed by the map): make leaks with kc_map_new(free). */
typedef struct api_repair_leak {
	int64_t mod_revision; /* the key as it was seen: a rewritten key starts again */
	int runs;
} api_repair_leak;

/* Decides one run for one allocator (range: which values are in range;
 * ips: clusterIPs rather than nodePorts). Actions come in order: the
 * values Services hold, sorted (strcmp), then the keys no Service holds, in
 * allocs' order. A LEAK with a service is a key whose owner does not hold
 * it while that Service does. leaks holds the previous
 * run's counts and is replaced by this run's (a value not leaked now is
 * dropped: the runs must be consecutive). *ret is filled; clear it with
 * api_repair_plan_clear. */
void api_repair_plan_make(const api_alloc *range, bool ips, const api_repair_service *services,
                          size_t nservices, const api_repair_alloc *allocs, size_t nallocs, kc_map *leaks,
                          api_repair_plan *ret);
void api_repair_plan_clear(api_repair_plan *p);

/* For reported actions (CREATE, TRANSFER, DUPLICATE, OUT_OF_RANGE,
 * NOT_VALID, WRONG_FAMILY): upstream's event reason (static) and message
 * (caller frees); NULL for the others. range: for the range in messages. */
const char *api_repair_reason(bool ips, api_repair_kind kind);
char *api_repair_message(bool ips, const api_alloc *range, const api_repair_action *a);

/* ---- the loop in kc-apiserver ---- */

typedef struct apiserver apiserver;
typedef struct api_alloc_repair api_alloc_repair;

/* The interval: $KC_ALLOC_REPAIR_INTERVAL_MS when set to a positive number
 * (for tests, which cannot wait minutes; upstream has no flag for it),
 * otherwise API_REPAIR_INTERVAL_MS. */
int64_t api_alloc_repair_interval_ms(void);

/* Starts repairing s->service_ips and s->node_ports: a run now, then one
 * interval_ms after each run ends. Events are written to etcd as
 * "ipallocator-repair-controller" and "portallocator-repair-controller";
 * problems are logged. Free with api_alloc_repair_free (before the etcd
 * client, outside its callbacks). */
api_alloc_repair *api_alloc_repair_start(apiserver *s, int64_t interval_ms);
void api_alloc_repair_free(api_alloc_repair *r);

#endif
