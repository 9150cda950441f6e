/* server.c - building, running and stopping the apiserver (apiserver.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>

#include "apiserver/alloc.h"
#include "apiserver/alloc_repair.h"
#include "apiserver/apiserver.h"
#include "apiserver/authn.h"
#include "apiserver/bootstrap.h"
#include "apiserver/cache.h"
#include "apiserver/etcd.h"
#include "apiserver/handlers.h"
#include "apiserver/filter.h"
#include "apiserver/metrics.h"
#include "apiserver/rbac.h"
#include "apiserver/satoken.h"
#include "apiserver/request.h"
#include "apiserver/tls.h"
#include "apiserver/ttl.h"
#include "apiserver/watch.h"
#include "common/http.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "banned.h"

/* evhttp reads bodies up to this, so that the router can refuse those over
 * API_MAX_BODY with a Status; longer ones get evhttp's own 413 page after
 * their bytes are read and dropped (lingering close: a client writing its
 * body sees the answer, not a reset). */
#define KC_MAX_BODY_READ (8 << 20)

api_cache *api_cache_for(apiserver *s, const kc_resource *r)
{
	return r ? kc_map_get(s->caches, kc_resource_storage(r)) : NULL;
}

static void cache_free(void *p) { api_cache_free(p); }

static void observe_etcd(const char *operation, const char *type, int64_t latency_us, void *userdata)
{
	api_metrics_etcd(userdata, operation, type, latency_us);
}

/* Resources that are stored: not the create-only ones (bindings, reviews). */
static bool stored(const kc_resource *r)
{
	return r->verbs != KC_VERBS_CREATE_ONLY;
}

/* Every accepted connection is on s->conns so that a shutdown can wait
 * until the answers queued on them have left (evhttp keeps its list to
 * itself). evhttp frees a connection's bufferevent and with it the SSL
 * object; the SSL's ex_data free callback takes the entry off the list. */
typedef struct api_conn {
	apiserver *srv;
	SSL *ssl;
	struct bufferevent *bev;
	struct api_conn *prev, *next;
} api_conn;

static void conn_forget(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
	(void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
	api_conn *c = ptr;
	if (!c)
		return;
	if (c->prev)
		c->prev->next = c->next;
	else
		c->srv->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	free(c);
}

static pthread_once_t conn_index_once = PTHREAD_ONCE_INIT;
static int conn_index = -1; /* set once, then only read */

static void conn_index_init(void)
{
	conn_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, conn_forget);
}

static struct bufferevent *tls_bev(struct event_base *base, void *arg)
{
	apiserver *s = arg;
	pthread_once(&conn_index_once, conn_index_init);
	SSL *ssl = SSL_new(s->tls);
	/* Options as evhttp's own connections have them (no deferred
	 * callbacks: see watch.c end_stream for what deferral does to the
	 * end of a stream). */
	struct bufferevent *bev =
		bufferevent_openssl_socket_new(base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (!bev)
		return NULL;
	api_conn *c = xcalloc(1, sizeof(*c));
	c->srv = s;
	c->ssl = ssl;
	c->bev = bev;
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	SSL_set_ex_data(ssl, conn_index, c);
	return bev;
}

/* Whether every connection has written out what was queued on it. */
static bool conns_drained(const apiserver *s)
{
	for (const api_conn *c = s->conns; c; c = c->next)
		if (evbuffer_get_length(bufferevent_get_output(c->bev)) > 0)
			return false;
	return true;
}

#define DRAIN_POLL_MS    10
#define DRAIN_TIMEOUT_MS 5000

static void on_drain(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	apiserver *s = arg;
	if (conns_drained(s) || kc_time_monotonic_ms() > s->drain_deadline_ms) {
		for (const api_conn *c = s->conns; c; c = c->next) {
			size_t left = evbuffer_get_length(bufferevent_get_output(c->bev));
			if (left)
				kc_log_warn("shutdown: a client did not read its answers within %d s (%zu bytes left)",
					    DRAIN_TIMEOUT_MS / 1000, left);
		}
		event_base_loopexit(s->base, NULL);
		return;
	}
	struct timeval tv = {0, DRAIN_POLL_MS * 1000};
	event_add(s->drain, &tv);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	kc_log_info("received signal %d: shutting down (finishing %ld requests in flight)", (int)sig,
		    ((apiserver *)arg)->inflight);
	api_shutdown(arg);
}

static void on_compacted(etcd_result *res, void *userdata)
{
	(void)userdata;
	if (res->err && res->err != -ENOENT)
		kc_log_warn("etcd compaction failed: %s", res->errmsg);
}

static void on_current_revision(etcd_result *res, void *userdata)
{
	apiserver *s = userdata;
	if (res->err)
		return;
	/* Compact to the revision seen one interval ago: watchers always
	 * have at least one interval of history to resume from. */
	if (s->compact_at > 0) {
		kc_log_v(2, "compacting etcd to revision %lld", (long long)s->compact_at);
		etcd_compact(s->etcd, s->compact_at, on_compacted, s);
	}
	s->compact_at = res->revision;
}

static void on_compactor(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	apiserver *s = arg;
	_cleanup_free_ char *key = xasprintf("%s/", s->prefix);
	etcd_range(s->etcd, key, NULL, 0, 1, true, on_current_revision, s);
}

static int listen_tls(apiserver *s, kc_error *err)
{
	const api_options *o = s->opts;
	if (!o->tls_cert_file || !o->tls_cert_file[0] || !o->tls_private_key_file || !o->tls_private_key_file[0])
		return kc_error_set(err, -EINVAL,
				    "--tls-cert-file and --tls-private-key-file are required (deploy/pki.sh makes them)");
	s->tls = api_tls_server_ctx(o->tls_cert_file, o->tls_private_key_file, o->client_ca_file, err);
	if (!s->tls)
		return -EINVAL;
	s->http = evhttp_new(s->base);
	evhttp_set_bevcb(s->http, tls_bev, s);
	evhttp_set_allowed_methods(s->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT |
						    EVHTTP_REQ_DELETE | EVHTTP_REQ_PATCH | EVHTTP_REQ_OPTIONS |
						    EVHTTP_REQ_TRACE | EVHTTP_REQ_CONNECT);
	evhttp_set_max_body_size(s->http, KC_MAX_BODY_READ);
	evhttp_set_flags(s->http, EVHTTP_SERVER_LINGERING_CLOSE);
	evhttp_set_max_headers_size(s->http, 1 << 20);
	/* Watches stay quiet for long stretches: the connection timeout must
	 * outlast the bookmark interval and the longest watch. */
	evhttp_set_timeout(s->http, 2 * 3600);
	evhttp_set_gencb(s->http, api_handle_request, s);
	struct evhttp_bound_socket *sock =
		evhttp_bind_socket_with_handle(s->http, o->bind_address, (ev_uint16_t)o->secure_port);
	s->listener = sock;
	if (!sock)
		return kc_error_set(err, -EADDRINUSE, "failed to listen on %s:%d: %s", o->bind_address, o->secure_port,
				    strerror(errno));
	/* An answer leaves in two writes (headers, body): without NODELAY,
	 * Nagle holds the second until the client's delayed ACK, ~40 ms.
	 * Accepted sockets inherit the option. */
	int one = 1;
	setsockopt(evhttp_bound_socket_get_fd(sock), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	getsockname(evhttp_bound_socket_get_fd(sock), (struct sockaddr *)&ss, &len);
	s->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						 : ((struct sockaddr_in *)&ss)->sin_port);
	return 0;
}

apiserver *api_new(struct event_base *base, const api_options *o, kc_error *err)
{
	apiserver *s = xcalloc(1, sizeof(*s));
	s->base = base;
	s->opts = o;
	s->prefix = xstrdup(o->etcd_prefix && o->etcd_prefix[0] ? o->etcd_prefix : "/registry");
	size_t plen = strlen(s->prefix);
	while (plen > 1 && s->prefix[plen - 1] == '/')
		s->prefix[--plen] = '\0';
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->started_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;

	s->metrics = api_metrics_new();
	etcd_config ec = {.servers = o->etcd_servers,
			  .ca_file = o->etcd_cafile,
			  .cert_file = o->etcd_certfile,
			  .key_file = o->etcd_keyfile,
			  .observe = observe_etcd,
			  .observe_data = s->metrics};
	s->etcd = etcd_new(base, &ec, err);
	if (!s->etcd)
		goto fail;
	s->ttl = api_ttl_new(s->etcd, o->event_ttl / 1000000000);
	s->authn = api_authn_new(o->token_auth_file, o->anonymous_auth, err);
	if (!s->authn)
		goto fail;
	s->satoken = api_satoken_new(o->service_account_signing_key_file, o->service_account_key_file,
				     o->service_account_issuer, o->api_audiences, err);
	if (!s->satoken)
		goto fail;
	api_authn_set_service_accounts(s->authn, s->satoken, api_object_exists, s);
	s->service_ips = api_alloc_new_ips(s->etcd, s->prefix, o->service_cluster_ip_range, err);
	if (!s->service_ips)
		goto fail;
	s->node_ports = api_alloc_new_ports(s->etcd, s->prefix, o->service_node_port_range, err);
	if (!s->node_ports)
		goto fail;

	s->caches = kc_map_new(cache_free);
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		if (!stored(r) || kc_map_has(s->caches, kc_resource_storage(r)))
			continue;
		_cleanup_free_ char *prefix = xasprintf("%s/%s/", s->prefix, kc_resource_storage(r));
		kc_map_put(s->caches, kc_resource_storage(r),
			   api_cache_new(base, s->etcd, prefix, r, api_fieldsel_table(r), (size_t)o->watch_cache_size));
	}
	if (!o->authorization_mode || streq(o->authorization_mode, "RBAC")) {
		s->rbac = api_rbac_new(s);
	} else if (!streq(o->authorization_mode, "AlwaysAllow")) {
		kc_error_set(err, -EINVAL, "--authorization-mode: \"%s\" is not supported: use RBAC or AlwaysAllow",
			     o->authorization_mode);
		goto fail;
	}
	if (listen_tls(s, err) < 0)
		goto fail;

	s->sigterm = evsignal_new(base, SIGTERM, on_signal, s);
	s->sigint = evsignal_new(base, SIGINT, on_signal, s);
	event_add(s->sigterm, NULL);
	event_add(s->sigint, NULL);
	signal(SIGPIPE, SIG_IGN);

	int64_t compaction_ms = o->etcd_compaction_interval / 1000000;
	if (compaction_ms > 0) {
		s->compactor = event_new(base, -1, EV_PERSIST, on_compactor, s);
		struct timeval tv = {compaction_ms / 1000, (compaction_ms % 1000) * 1000};
		event_add(s->compactor, &tv);
	}
	return s;
fail:
	api_free(s);
	return NULL;
}

int api_run(apiserver *s)
{
	kc_map_iter it = KC_MAP_ITER_INIT;
	while (kc_map_next(s->caches, &it))
		api_cache_start(it.value);
	api_etcd_health_start(s);
	api_bootstrap(s);
	s->alloc_repair = api_alloc_repair_start(s, api_alloc_repair_interval_ms());
	kc_log_info("serving securely on %s:%d", s->opts->bind_address, s->port);
	event_base_dispatch(s->base);
	kc_log_info("stopped");
	return 0;
}

void api_shutdown(apiserver *s)
{
	if (!s->shutting_down) {
		s->shutting_down = true;
		/* No new connections; requests on open ones get 503. */
		if (s->listener)
			evhttp_del_accept_socket(s->http, s->listener);
		s->listener = NULL;
	}
	if (s->nwatchers)
		api_watch_end_all(s);
	api_pod_log_end_all(s);
	api_pod_stream_end_all(s);
	/* The last request has finished, but its answer (and the end of
	 * every watch stream) may still be queued on its connection: leave
	 * the loop once they are written out, or after a timeout. */
	if (s->inflight == 0 && !s->drain) {
		s->drain_deadline_ms = kc_time_monotonic_ms() + DRAIN_TIMEOUT_MS;
		s->drain = evtimer_new(s->base, on_drain, s);
		/* first look on the next turn: whoever finished the last
		 * request may still be queueing its end (watch.c end_stream) */
		struct timeval now = {0, 0};
		event_add(s->drain, &now);
	}
}

void api_free(apiserver *s)
{
	if (!s)
		return;
	api_watch_end_all(s);
	api_pod_log_end_all(s);
	api_pod_stream_end_all(s);
	if (s->http)
		evhttp_free(s->http);
	/* Bufferevents freed with deferred callbacks go only when the loop
	 * does: their SSL objects must not find this server then. */
	while (s->conns) {
		api_conn *c = s->conns;
		s->conns = c->next;
		SSL_set_ex_data(c->ssl, conn_index, NULL);
		free(c);
	}
	if (s->tls)
		SSL_CTX_free(s->tls);
	if (s->sigterm)
		event_free(s->sigterm);
	if (s->sigint)
		event_free(s->sigint);
	if (s->compactor)
		event_free(s->compactor);
	if (s->drain)
		event_free(s->drain);
	api_etcd_health_stop(s);
	api_bootstrap_stop(s);
	api_alloc_repair_free(s->alloc_repair);
	api_rbac_free(s->rbac);
	kc_map_free(s->caches);
	api_alloc_free(s->service_ips);
	api_alloc_free(s->node_ports);
	kc_http_free(s->kubelets);
	if (s->kubelet_tls)
		SSL_CTX_free(s->kubelet_tls);
	api_authn_free(s->authn);
	api_satoken_free(s->satoken);
	api_metrics_free(s->metrics);
	api_ttl_free(s->ttl);
	etcd_free(s->etcd);
	free(s->prefix);
	free(s);
}
