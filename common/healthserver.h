/* healthserver.h - the small HTTPS endpoint every kc daemon other than the
 * apiserver serves: /healthz, /livez, /readyz and /metrics, as
 * kube-scheduler (port 10259) and kube-controller-manager (port 10257) do.
 *
 *     kc_health_server *hs = kc_health_server_new(base, &(kc_health_server_config){
 *             .bind_address = "0.0.0.0", .port = 10259, .metrics = m}, &err);
 *     kc_health_server_add_check(hs, "leaderElection", check_leader, s);
 *
 * TLS: with cert_file/key_file it serves that pair; without, it makes a
 * self-signed certificate in memory at start (as upstream does when
 * --tls-cert-file is not given). port 0 means "do not serve" (upstream's
 * --secure-port=0). Health paths answer "ok" (200) or list the failed
 * checks ("[-]leaderElection failed: reason", 500), with ?verbose listing
 * every check as upstream's healthz does. /metrics renders the registry in
 * Prometheus text format. Requests are answered without authentication
 * (upstream's --authorization-always-allow-paths covers the health paths;
 * for /metrics kc does not yet delegate authentication to the apiserver).
 */
#ifndef KC_HEALTHSERVER_H
#define KC_HEALTHSERVER_H

#include "error.h"
#include "metrics.h"

struct event_base;

typedef struct kc_health_server kc_health_server;

typedef struct kc_health_server_config {
	const char *bind_address; /* NULL: 0.0.0.0 */
	int port;                 /* 0: none */
	const char *cert_file, *key_file;
	kc_metrics *metrics;      /* borrowed; may be NULL */
	/* Called before /metrics renders, to refresh gauges (queue depths). */
	void (*before_metrics)(void *userdata);
	void *userdata;
} kc_health_server_config;

/* Binds and listens (errors: address in use, bad cert). */
kc_health_server *kc_health_server_new(struct event_base *base, const kc_health_server_config *cfg,
				       kc_error *err);
/* A named check: returns 0 when healthy, or -1 with reason filled. */
typedef int (*kc_health_check_fn)(kc_error *reason, void *userdata);
void kc_health_server_add_check(kc_health_server *hs, const char *name, kc_health_check_fn fn, void *userdata);
/* The port actually bound (for port tests use). */
int kc_health_server_port(const kc_health_server *hs);
void kc_health_server_free(kc_health_server *hs);

#endif
