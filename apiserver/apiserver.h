/* apiserver.h - kc-apiserver: the Kubernetes API over etcd.
 *
 * One event loop serves everything: HTTPS requests (evhttp + OpenSSL), etcd
 * calls (libcurl multi) and the watch caches' etcd watches. A request goes
 * authentication -> authorization -> decoding -> admission and validation ->
 * etcd, each step a function in its own file; steps that wait for etcd
 * continue in callbacks. main.c only parses flags and runs api_run(). */
#ifndef KC_APISERVER_H
#define KC_APISERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "apiserver/options.h"
#include "common/error.h"
#include "common/map.h"

struct event_base;
struct event;
struct evhttp;
struct evhttp_bound_socket;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct api_etcd api_etcd;
typedef struct api_cache api_cache;
typedef struct api_metrics api_metrics;
typedef struct api_authn api_authn;
typedef struct api_rbac api_rbac;
typedef struct api_alloc api_alloc;
typedef struct kc_resource kc_resource;

typedef struct apiserver {
	struct event_base *base;
	const api_options *opts;
	char *prefix; /* etcd key prefix, "/registry" */
	api_etcd *etcd;
	kc_map *caches; /* storage resource ("pods", "events") -> api_cache */
	struct evhttp *http;
	struct evhttp_bound_socket *listener;
	SSL_CTX *tls;
	int port; /* the bound secure port */
	api_authn *authn;
	struct api_satoken *satoken; /* ServiceAccount token keys (satoken.h) */
	struct api_ttl *ttl; /* writes of objects that expire: Events (ttl.h) */
	api_rbac *rbac; /* NULL when --authorization-mode=AlwaysAllow */
	api_metrics *metrics;
	api_alloc *service_ips;
	api_alloc *node_ports;
	struct api_alloc_repair *alloc_repair; /* alloc_repair.c: started by api_run */
	struct event *sigterm, *sigint;
	struct event *compactor;
	int64_t compact_at; /* revision seen one interval ago: the next compaction point */
	long inflight;      /* requests being served (watches included) */
	struct api_watcher *watchers; /* open watch streams (watch.c) */
	size_t nwatchers;
	bool shutting_down;
	bool bootstrapped;  /* default namespaces and policy are in place */
	struct api_boot *boot; /* bootstrap.c's state while it runs */
	int64_t started_us;
	struct event *etcd_probe;   /* etcd_health.c */
	int64_t etcd_probe_sent_ms; /* monotonic; 0 when no probe is out */
	bool etcd_ok;               /* the last probe's outcome */
	struct event *drain;        /* shutdown: waits for answers to leave */
	int64_t drain_deadline_ms;
	struct api_conn *conns;     /* open client connections (server.c) */
	struct podlog *podlogs;     /* open pods/log streams (podlog.c) */
	struct kc_http *kubelets;   /* requests to kubelets, made on first use */
	SSL_CTX *kubelet_tls;       /* TLS to kubelets for relays, made on first use */
	struct relay *podstreams;   /* relayed exec/attach/portforward (podstream.c) */
} apiserver;

/* Builds the server from options: etcd client, caches, TLS, listener.
 * Nothing is served until api_run(). */
apiserver *api_new(struct event_base *base, const api_options *opts, kc_error *err);
/* Runs until SIGTERM/SIGINT, then shuts down gracefully: stops accepting,
 * ends watches, lets in-flight requests finish. Returns 0. */
int api_run(apiserver *s);
void api_free(apiserver *s);

/* The watch cache of a resource (by its storage name). */
api_cache *api_cache_for(apiserver *s, const kc_resource *r);

/* Starts a graceful shutdown (what SIGTERM does). */
void api_shutdown(apiserver *s);

/* The "etcd" health check (etcd_health.c): a probe once a second. */
void api_etcd_health_start(apiserver *s);
void api_etcd_health_stop(apiserver *s);

#endif
