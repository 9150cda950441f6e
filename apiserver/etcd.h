/* etcd.h - the apiserver's etcd v3 client, over etcd's JSON gateway
 * (/v3/kv/range, /v3/kv/txn, /v3/kv/compaction, /v3/watch), asynchronous on
 * the apiserver's event loop.
 *
 * Keys and values are bytes (the gateway base64-encodes them; this layer
 * hides that). Several endpoints may be given: a request that cannot
 * connect to one is sent to the next, and the client sticks to the endpoint
 * that answered last. Results are handed to callbacks and freed after they
 * return (take what you keep with TAKE_PTR on kv fields). */
#ifndef KC_APISERVER_ETCD_H
#define KC_APISERVER_ETCD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/http.h"

struct event_base;

typedef struct api_etcd api_etcd;

typedef struct etcd_kv {
	char *key;
	char *value; /* NUL-terminated for convenience; value_len is the length */
	size_t value_len;
	int64_t create_revision;
	int64_t mod_revision;
	int64_t version;
} etcd_kv;

typedef struct etcd_result {
	int err;             /* 0, -ECONNREFUSED/-ETIMEDOUT/... (etcd unreachable), -ENOENT for a
			      * compacted revision, -EIO for other etcd errors */
	char errmsg[512];
	int64_t revision;    /* the store's revision when the request was served */
	bool succeeded;      /* txn: the compare held */
	etcd_kv *kvs;        /* range results; for a failed txn the current key, if any */
	size_t nkvs;
	bool more;           /* range stopped at limit */
	int64_t count;       /* range: keys in the range at that revision */
	int64_t compact_revision; /* when err == -ENOENT: the oldest revision still available */
	etcd_kv *prev_kv;    /* txn delete: the deleted key */
	int64_t lease;       /* lease grant: the new lease's ID */
} etcd_result;

typedef void (*etcd_cb)(etcd_result *res, void *userdata);

typedef struct etcd_config {
	const char *servers; /* comma-separated http(s) URLs */
	const char *ca_file, *cert_file, *key_file;
	long timeout_ms; /* per request; 0: 10 s */
	/* Called after every request (for metrics): operation "get", "list",
	 * "create", "update", "delete" or "compact"; type the resource the key
	 * belongs to ("pods"); latency in microseconds. May be NULL. */
	void (*observe)(const char *operation, const char *type, int64_t latency_us, void *userdata);
	void *observe_data;
} etcd_config;

api_etcd *etcd_new(struct event_base *base, const etcd_config *cfg, kc_error *err);
void etcd_free(api_etcd *e);
/* The endpoint requests go to now. */
const char *etcd_current_endpoint(const api_etcd *e);

/* Range [key, range_end) at revision (0: latest), up to limit keys (0: all).
 * range_end NULL: the single key. keys_only/count_only as etcd's. */
int etcd_range(api_etcd *e, const char *key, const char *range_end, int64_t revision, int64_t limit,
	       bool count_only, etcd_cb cb, void *userdata);
/* What [key, range_end) looks like now, cheaply: res->count keys, and
 * the most recently modified one (keys only: res->kvs[0].mod_revision;
 * nkvs 0 when the range is empty), at res->revision. */
int etcd_range_newest(api_etcd *e, const char *key, const char *range_end, etcd_cb cb, void *userdata);
/* Puts key=value only if key does not exist (create_revision == 0). On
 * failure (succeeded false) kvs holds the existing key. lease: the key goes
 * when that lease runs out (0: never). */
int etcd_create(api_etcd *e, const char *key, const char *value, size_t len, int64_t lease, etcd_cb cb,
		void *userdata);
/* Puts key=value only if key's mod_revision == mod_revision. On failure kvs
 * holds the current key (nkvs 0: the key is gone). lease as etcd_create's:
 * a put without one takes the key off its lease. */
int etcd_update(api_etcd *e, const char *key, const char *value, size_t len, int64_t mod_revision, int64_t lease,
		etcd_cb cb, void *userdata);
/* Grants a lease of ttl seconds: res->lease is its ID. */
int etcd_lease_grant(api_etcd *e, int64_t ttl, etcd_cb cb, void *userdata);
/* Deletes key only if its mod_revision == mod_revision. On success prev_kv is
 * the deleted key; on failure kvs holds the current key (nkvs 0: gone). */
int etcd_delete(api_etcd *e, const char *key, int64_t mod_revision, etcd_cb cb, void *userdata);
/* Compacts history before revision. */
int etcd_compact(api_etcd *e, int64_t revision, etcd_cb cb, void *userdata);

/* The prefix's range_end (prefix with its last byte incremented). Caller frees. */
char *etcd_prefix_end(const char *prefix);

/* ---- watch ---- */

typedef enum { ETCD_EVENT_PUT, ETCD_EVENT_DELETE } etcd_event_type;

typedef struct etcd_event {
	etcd_event_type type;
	etcd_kv kv;      /* for DELETE: key and mod_revision (the deletion's revision) only */
	etcd_kv prev_kv; /* the key's previous state (value empty if unknown) */
} etcd_event;

typedef struct etcd_watch etcd_watch;

/* Events in revision order; borrowed during the call. revision is the
 * header revision of the batch (also delivered alone, with n == 0, for
 * progress notifications). */
typedef void (*etcd_watch_events_cb)(const etcd_event *events, size_t n, int64_t revision, void *userdata);
/* The watch ended: err -ENOENT when start_revision was compacted
 * (compact_revision says from where history is kept), otherwise the
 * connection failed or etcd cancelled it. The caller restarts it (from the
 * revision after the last event it saw) or relists. */
typedef void (*etcd_watch_end_cb)(int err, int64_t compact_revision, const char *errmsg, void *userdata);

/* Watches keys with prefix from start_revision (inclusive), with prev_kv
 * and progress notifications. */
etcd_watch *etcd_watch_start(api_etcd *e, const char *prefix, int64_t start_revision,
			     etcd_watch_events_cb on_events, etcd_watch_end_cb on_end, void *userdata);
/* Stops and frees; no callback runs afterwards. Safe inside callbacks. */
void etcd_watch_stop(etcd_watch *w);

#endif
