/* podstream.c - pods/exec, pods/attach and pods/portforward: upgraded
 * connections relayed to the kubelet of the pod's node, as upstream's
 * UpgradeAwareHandler does.
 *
 * The client asks for an upgrade (WebSocket with the v5/v4.channel.k8s.io
 * protocols, or SPDY/3.1). After the pod, its container and its node are
 * checked, kc-apiserver opens a TLS connection to the kubelet (with
 * --kubelet-client-certificate/--kubelet-client-key, verified against
 * --kubelet-certificate-authority when given), sends it the same request
 * for /exec|/attach/<ns>/<pod>/<container> or /portForward/<ns>/<pod> with
 * the client's query and headers (its credentials left out), and from then
 * on copies bytes both ways: the kubelet's 101 answer and every frame after
 * it reach the client as the kubelet wrote them, and a refusal (a 400 for a
 * container that is not running, say) too. The client's connection is taken
 * from evhttp for the purpose and closed when either side ends.
 *
 * Each direction holds at most RELAY_MAX_BUFFER bytes for a slow reader:
 * beyond that the other side is not read until it drains. */
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <strings.h>
#include <sys/queue.h>

#include "apiserver/handlers.h"
#include "apiserver/status.h"
#include "common/json.h"
#include "common/log.h"
#include "banned.h"

#define RELAY_MAX_BUFFER (1 << 20)

typedef struct relay {
	apiserver *srv;
	api_req *r; /* until the relay starts: the request to answer */
	struct evhttp_connection *conn;
	struct bufferevent *client, *kubelet;
	char *head; /* the request for the kubelet, sent once connected */
	bool relaying; /* the client's connection is ours */
	bool kubelet_done; /* the kubelet closed: end once the client has it all */
	struct relay *prev, *next;
} relay;

/* ---- the kubelet's TLS ---- */

/* The client context for kubelets, made on first use. NULL (and a logged
 * reason) when the certificate, key or CA cannot be loaded. */
static SSL_CTX *kubelet_tls(apiserver *s)
{
	if (s->kubelet_tls)
		return s->kubelet_tls;
	const api_options *o = s->opts;
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	if ((o->kubelet_client_certificate[0] &&
	     SSL_CTX_use_certificate_chain_file(ctx, o->kubelet_client_certificate) != 1) ||
	    (o->kubelet_client_key[0] && SSL_CTX_use_PrivateKey_file(ctx, o->kubelet_client_key, SSL_FILETYPE_PEM) != 1) ||
	    (o->kubelet_certificate_authority[0] &&
	     SSL_CTX_load_verify_locations(ctx, o->kubelet_certificate_authority, NULL) != 1)) {
		char buf[256];
		ERR_error_string_n(ERR_get_error(), buf, sizeof(buf));
		kc_log_error("cannot load the kubelet client certificate, key or CA: %s", buf);
		SSL_CTX_free(ctx);
		return NULL;
	}
	/* As upstream: kubelets are verified only against a given CA. */
	SSL_CTX_set_verify(ctx, o->kubelet_certificate_authority[0] ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
	s->kubelet_tls = ctx;
	return ctx;
}

/* ---- the relay ---- */

static void relay_free(relay *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		x->srv->podstreams = x->next;
	if (x->next)
		x->next->prev = x->prev;
	if (x->kubelet)
		bufferevent_free(x->kubelet);
	if (x->conn)
		evhttp_connection_set_closecb(x->conn, NULL, NULL);
	if (x->relaying && x->conn) {
		/* The request ends with its connection (api_req_finish logs
		 * from it: first). */
		api_req_finish(x->r);
		evhttp_connection_free(x->conn);
	}
	free(x->head);
	free(x);
}

/* Before the relay starts: answers the client with status and forgets x. */
static void relay_fail(relay *x, cJSON *status)
{
	api_req *r = x->r;
	x->r = NULL;
	relay_free(x);
	api_reply_status(r, status);
}

/* Moves what src has read to dst's output; stops reading src while dst
 * holds too much. */
static void pump(struct bufferevent *src, struct bufferevent *dst)
{
	struct evbuffer *out = bufferevent_get_output(dst);
	evbuffer_add_buffer(out, bufferevent_get_input(src));
	if (evbuffer_get_length(out) > RELAY_MAX_BUFFER)
		bufferevent_disable(src, EV_READ);
}

static void on_client_read(struct bufferevent *bev, void *arg)
{
	relay *x = arg;
	if (!x->kubelet) { /* gone: what the client sends now has nowhere to go */
		struct evbuffer *in = bufferevent_get_input(bev);
		evbuffer_drain(in, evbuffer_get_length(in));
		return;
	}
	pump(bev, x->kubelet);
}

static void on_kubelet_read(struct bufferevent *bev, void *arg)
{
	relay *x = arg;
	pump(bev, x->client);
}

/* dst drained below its low watermark: read its source again, or end the
 * relay once the kubelet is gone and the client has everything. */
static void on_client_written(struct bufferevent *bev, void *arg)
{
	(void)bev;
	relay *x = arg;
	if (x->kubelet_done) {
		if (evbuffer_get_length(bufferevent_get_output(x->client)) == 0)
			relay_free(x);
		return;
	}
	bufferevent_enable(x->kubelet, EV_READ);
}

static void on_kubelet_written(struct bufferevent *bev, void *arg)
{
	(void)bev;
	relay *x = arg;
	bufferevent_enable(x->client, EV_READ);
}

static void on_client_event(struct bufferevent *bev, short what, void *arg)
{
	(void)bev;
	relay *x = arg;
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT))
		relay_free(x); /* the client left: nothing more to deliver */
}

static void on_kubelet_event(struct bufferevent *bev, short what, void *arg)
{
	relay *x = arg;
	if (what & BEV_EVENT_CONNECTED) {
		bufferevent_write(bev, x->head, strlen(x->head));
		bufferevent_enable(bev, EV_READ | EV_WRITE);
		return;
	}
	if (!(what & (BEV_EVENT_EOF | BEV_EVENT_ERROR | BEV_EVENT_TIMEOUT)))
		return;
	if (!x->relaying) {
		/* Nothing came back: the kubelet is unreachable or refused TLS. */
		char why[256] = "";
		unsigned long e = bufferevent_get_openssl_error(bev);
		int err = EVUTIL_SOCKET_ERROR();
		if (e)
			ERR_error_string_n(e, why, sizeof(why));
		else if (err)
			snprintf(why, sizeof(why), "%s", evutil_socket_error_to_string(err));
		else
			snprintf(why, sizeof(why), "the kubelet closed the connection");
		/* a plain Go error upstream: 500 with no reason */
		_cleanup_free_ char *msg = xasprintf("error dialing backend: %s", why);
		relay_fail(x, api_status_new(500, NULL, msg, NULL));
		return;
	}
	/* Deliver what the kubelet said last, then end. */
	pump(bev, x->client);
	x->kubelet_done = true;
	bufferevent_free(x->kubelet);
	x->kubelet = NULL;
	if (evbuffer_get_length(bufferevent_get_output(x->client)) == 0)
		relay_free(x);
}

/* The kubelet answered: the client's connection becomes the relay's. */
static void on_first_answer(struct bufferevent *bev, void *arg)
{
	relay *x = arg;
	x->relaying = true;
	x->r->code = 101;
	x->client = evhttp_connection_get_bufferevent(x->conn);
	/* evhttp stays out of it from now on: no timeouts, our callbacks. */
	bufferevent_set_timeouts(x->client, NULL, NULL);
	bufferevent_setcb(x->client, on_client_read, on_client_written, on_client_event, x);
	bufferevent_setwatermark(x->client, EV_WRITE, RELAY_MAX_BUFFER / 2, 0);
	bufferevent_enable(x->client, EV_READ | EV_WRITE);
	bufferevent_set_timeouts(bev, NULL, NULL); /* sessions are long */
	bufferevent_setcb(bev, on_kubelet_read, on_kubelet_written, on_kubelet_event, x);
	bufferevent_setwatermark(bev, EV_WRITE, RELAY_MAX_BUFFER / 2, 0);
	on_kubelet_read(bev, x);
	/* Bytes the client sent after its request (none, normally: it waits
	 * for the 101). */
	if (evbuffer_get_length(bufferevent_get_input(x->client)))
		on_client_read(x->client, x);
}

/* The client went away while the kubelet was being reached. evhttp keeps
 * the request (detached) until it is answered: the answer frees it. */
static void on_client_close_early(struct evhttp_connection *conn, void *arg)
{
	(void)conn;
	relay *x = arg;
	x->conn = NULL;
	relay_fail(x, api_status_unavailable("the client closed the connection"));
}

/* The request line and headers for the kubelet: the client's, minus its
 * credentials and what names the apiserver. */
static char *kubelet_request(api_req *r, const char *path, const char *host, int port)
{
	kc_buf b = KC_BUF_INIT;
	const char *query = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(r->http));
	kc_buf_addf(&b, "%s %s%s%s HTTP/1.1\r\nHost: %s%s%s:%d\r\n", r->method, path, query ? "?" : "",
		    query ? query : "", strchr(host, ':') ? "[" : "", host, strchr(host, ':') ? "]" : "", port);
	static const char *const dropped[] = {"Host", "Authorization", "Content-Length", "Transfer-Encoding",
					      "Proxy-Authorization"};
	const struct evkeyval *h;
	TAILQ_FOREACH(h, evhttp_request_get_input_headers(r->http), next) {
		bool drop = strncasecmp(h->key, "Impersonate-", 12) == 0;
		for (size_t i = 0; i < KC_ARRAY_SIZE(dropped) && !drop; i++)
			drop = strcasecmp(h->key, dropped[i]) == 0;
		if (!drop && !strpbrk(h->key, "\r\n") && !strpbrk(h->value, "\r\n"))
			kc_buf_addf(&b, "%s: %s\r\n", h->key, h->value);
	}
	kc_buf_addstr(&b, "\r\n");
	return kc_buf_release(&b);
}

static void connect_kubelet(api_req *r, const cJSON *node, const char *path)
{
	int port;
	const char *host = api_node_kubelet_address(node, &port);
	if (!host) {
		api_reply_status(r, api_status_internal("node \"%s\" has no address to reach its kubelet at",
							kc_json_get_str(node, "metadata.name", "")));
		return;
	}
	SSL_CTX *ctx = kubelet_tls(r->srv);
	if (!ctx) {
		api_reply_status(r, api_status_internal("the kubelet client certificate cannot be loaded: see the "
							"kc-apiserver log"));
		return;
	}
	relay *x = xcalloc(1, sizeof(*x));
	x->srv = r->srv;
	x->r = r;
	x->head = kubelet_request(r, path, host, port);
	x->next = r->srv->podstreams;
	if (x->next)
		x->next->prev = x;
	r->srv->podstreams = x;
	x->conn = evhttp_request_get_connection(r->http);
	if (x->conn)
		evhttp_connection_set_closecb(x->conn, on_client_close_early, x);

	SSL *ssl = SSL_new(ctx);
	/* SNI and name checks only for names: a kubelet's certificate names
	 * its IPs in IP SANs, which the verify parameters check. */
	X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
	if (X509_VERIFY_PARAM_set1_ip_asc(param, host) != 1) {
		SSL_set_tlsext_host_name(ssl, host);
		X509_VERIFY_PARAM_set1_host(param, host, 0);
	}
	x->kubelet = bufferevent_openssl_socket_new(r->srv->base, -1, ssl, BUFFEREVENT_SSL_CONNECTING,
						     BEV_OPT_CLOSE_ON_FREE);
	bufferevent_openssl_set_allow_dirty_shutdown(x->kubelet, 1);
	bufferevent_setcb(x->kubelet, on_first_answer, NULL, on_kubelet_event, x);
	struct timeval ten = {10, 0};
	bufferevent_set_timeouts(x->kubelet, &ten, &ten); /* until connected; cleared below */
	if (bufferevent_socket_connect_hostname(x->kubelet, NULL, AF_UNSPEC, host, port) < 0) {
		_cleanup_free_ char *msg = xasprintf("error dialing backend: cannot connect to %s:%d", host, port);
		relay_fail(x, api_status_new(500, NULL, msg, NULL));
		return;
	}
}

static void on_node(api_req *r, const cJSON *node, void *path) { connect_kubelet(r, node, path); }

void api_pod_stream(api_req *r, const cJSON *pod)
{
	const char *sub = r->info.subresource;
	const char *upgrade = api_header(r, "Upgrade");
	if (!upgrade || !upgrade[0]) {
		api_reply_status(r, api_status_bad_request("Upgrade request required"));
		return;
	}
	const char *container = NULL;
	if (!streq(sub, "portforward") && !(container = api_pod_pick_container(r, pod, r->info.name)))
		return;
	const char *node = kc_json_get_str(pod, "spec.nodeName", "");
	if (!node[0]) {
		api_reply_status(r, api_status_bad_request("pod %s does not have a host assigned", r->info.name));
		return;
	}
	_cleanup_free_ char *ns = evhttp_encode_uri(r->info.namespace);
	_cleanup_free_ char *name = evhttp_encode_uri(r->info.name);
	char *path;
	if (container) {
		_cleanup_free_ char *c = evhttp_encode_uri(container);
		path = xasprintf("/%s/%s/%s/%s", sub, ns, name, c);
	} else {
		path = xasprintf("/portForward/%s/%s", ns, name);
	}
	api_with_node(r, node, on_node, path, free);
}

void api_pod_stream_end_all(apiserver *s)
{
	while (s->podstreams) {
		relay *x = s->podstreams;
		if (x->relaying)
			relay_free(x);
		else
			relay_fail(x, api_status_unavailable("the apiserver is shutting down"));
	}
}
