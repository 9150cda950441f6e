/* healthserver.c - /healthz, /livez, /readyz and /metrics over HTTPS for the
 * daemons (see healthserver.h).
 *
 * evhttp serves HTTP/1.1; each accepted connection gets an OpenSSL
 * bufferevent (as the apiserver's server.c does). The health answers are
 * worded as k8s.io/apiserver's healthz package words them:
 *
 *     GET /healthz            200 "ok"
 *     GET /healthz?verbose    200 "[+]ping ok\n[+]leaderElection ok\nhealthz check passed\n"
 *     a check failing         500 "[+]ping ok\n[-]leaderElection failed: reason withheld\nhealthz check failed\n"
 *     GET /healthz/<check>    200 "ok" or 500 "internal server error: <reason>\n"
 *     ?exclude=<check>        "[+]<check> excluded: ok"
 *
 * Upstream withholds a failed check's reason from the aggregate answer
 * (the endpoint is public) and gives it only on the check's own path; so do
 * we. */
#include "healthserver.h"

#include <errno.h>
#include <limits.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "util.h"
#include "banned.h"

typedef struct health_check {
	char *name;
	kc_health_check_fn fn;
	void *userdata;
} health_check;

struct kc_health_server {
	struct event_base *base;
	struct evhttp *http;
	SSL_CTX *tls;
	int port;
	kc_metrics *metrics;
	void (*before_metrics)(void *userdata);
	void *userdata;
	health_check *checks;
	size_t nchecks;
};

/* ---- TLS ---- */

static int ssl_error(kc_error *err, const char *what)
{
	char buf[256] = "unknown error";
	unsigned long e = ERR_get_error();
	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return kc_error_set(err, -EINVAL, "%s: %s", what, buf);
}

static int add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return -1;
	int ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok == 1 ? 0 : -1;
}

/* A self-signed EC P-256 certificate for "localhost@<unix time>" naming
 * localhost and 127.0.0.1, valid for a year, as upstream's daemons make
 * one when --tls-cert-file is not given. */
static int self_signed(SSL_CTX *ctx, kc_error *err)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	if (!key)
		return ssl_error(err, "making a key for the self-signed serving certificate");
	X509 *cert = X509_new();
	int rc = -1;
	char cn[64];
	snprintf(cn, sizeof(cn), "localhost@%lld", (long long)time(NULL));
	X509_NAME *name = X509_get_subject_name(cert);
	unsigned char serial_bytes[8];
	FILE *urandom = fopen("/dev/urandom", "r");
	size_t got = urandom ? fread(serial_bytes, 1, sizeof(serial_bytes), urandom) : 0;
	if (urandom)
		fclose(urandom);
	uint64_t serial = (uint64_t)time(NULL);
	for (size_t i = 0; i < got; i++)
		serial = (serial << 8) ^ serial_bytes[i];
	serial &= INT64_MAX;
	if (X509_set_version(cert, 2) != 1 || ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert), serial | 1) != 1 ||
	    !X509_gmtime_adj(X509_getm_notBefore(cert), -3600) ||
	    !X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 24 * 3600) ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0) != 1 ||
	    X509_set_issuer_name(cert, name) != 1 || X509_set_pubkey(cert, key) != 1 ||
	    add_ext(cert, NID_basic_constraints, "critical,CA:FALSE") < 0 ||
	    add_ext(cert, NID_key_usage, "critical,digitalSignature,keyEncipherment") < 0 ||
	    add_ext(cert, NID_ext_key_usage, "serverAuth") < 0 ||
	    add_ext(cert, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1") < 0 ||
	    X509_sign(cert, key, EVP_sha256()) <= 0) {
		ssl_error(err, "making the self-signed serving certificate");
		goto out;
	}
	if (SSL_CTX_use_certificate(ctx, cert) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1) {
		ssl_error(err, "using the self-signed serving certificate");
		goto out;
	}
	rc = 0;
out:
	X509_free(cert);
	EVP_PKEY_free(key);
	return rc;
}

static SSL_CTX *make_tls(const kc_health_server_config *cfg, kc_error *err)
{
	bool have_cert = cfg->cert_file && cfg->cert_file[0];
	bool have_key = cfg->key_file && cfg->key_file[0];
	if (have_cert != have_key) {
		kc_error_set(err, -EINVAL, "--tls-cert-file and --tls-private-key-file must be given together");
		return NULL;
	}
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx) {
		ssl_error(err, "making a TLS context");
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	if (have_cert) {
		if (SSL_CTX_use_certificate_chain_file(ctx, cfg->cert_file) != 1) {
			char what[PATH_MAX + 32];
			snprintf(what, sizeof(what), "--tls-cert-file %s", cfg->cert_file);
			ssl_error(err, what);
			goto fail;
		}
		if (SSL_CTX_use_PrivateKey_file(ctx, cfg->key_file, SSL_FILETYPE_PEM) != 1) {
			char what[2 * PATH_MAX + 64];
			/* OpenSSL 3 compares the pair here already */
			if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH)
				snprintf(what, sizeof(what), "--tls-private-key-file %s does not match --tls-cert-file %s",
					 cfg->key_file, cfg->cert_file);
			else
				snprintf(what, sizeof(what), "--tls-private-key-file %s", cfg->key_file);
			ssl_error(err, what);
			goto fail;
		}
		if (SSL_CTX_check_private_key(ctx) != 1) {
			ssl_error(err, "--tls-private-key-file does not match --tls-cert-file");
			goto fail;
		}
	} else if (self_signed(ctx, err) < 0) {
		goto fail;
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}

static struct bufferevent *tls_bev(struct event_base *base, void *arg)
{
	kc_health_server *hs = arg;
	SSL *ssl = SSL_new(hs->tls);
	if (!ssl)
		return NULL;
	/* Not deferred, as evhttp's own connections (see the apiserver's
	 * server.c: deferral delays the "written" callback a turn). */
	struct bufferevent *bev =
		bufferevent_openssl_socket_new(base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (!bev)
		SSL_free(ssl);
	return bev;
}

/* ---- requests ---- */

/* Whether the query has a parameter named key; with values, collects every
 * value of key (url-decoded) into it. Go's URL.Query() semantics: "verbose",
 * "verbose=" and "verbose=1" all count. */
static bool query_has(const char *query, const char *key, char ***values, size_t *nvalues)
{
	if (!query)
		return false;
	bool found = false;
	_cleanup_free_ char *copy = xstrdup(query);
	char *save = NULL;
	for (char *part = strtok_r(copy, "&", &save); part; part = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(part, '=');
		if (eq)
			*eq = '\0';
		char *k = evhttp_uridecode(part, 1, NULL);
		if (k && streq(k, key)) {
			found = true;
			if (values) {
				char *v = evhttp_uridecode(eq ? eq + 1 : "", 1, NULL);
				*values = xrealloc(*values, (*nvalues + 1) * sizeof(char *));
				(*values)[(*nvalues)++] = v ? xstrdup(v) : xstrdup("");
				free(v);
			}
		}
		free(k);
	}
	return found;
}

static void reply(struct evhttp_request *req, int code, const char *reason, const char *content_type,
		  const char *body, size_t len)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	evhttp_add_header(h, "Content-Type", content_type);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	struct evbuffer *out = evbuffer_new();
	evbuffer_add(out, body, len);
	evhttp_send_reply(req, code, reason, out);
	evbuffer_free(out);
}

static void reply_text(struct evhttp_request *req, int code, const char *reason, const char *body)
{
	reply(req, code, reason, "text/plain; charset=utf-8", body, strlen(body));
}

static int run_check(const health_check *c, kc_error *reason)
{
	kc_error_clear(reason);
	int r = c->fn(reason, c->userdata);
	if (r < 0 && !reason->msg[0])
		kc_error_set(reason, -EIO, "check failed");
	return r;
}

/* upstream's handleRootHealth */
static void serve_root(kc_health_server *hs, struct evhttp_request *req, const char *endpoint, const char *query)
{
	char **excluded = NULL;
	size_t nexcluded = 0;
	query_has(query, "exclude", &excluded, &nexcluded);
	bool *used = xcalloc(nexcluded + 1, sizeof(bool));
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	size_t failed = 0;
	for (size_t i = 0; i < hs->nchecks; i++) {
		const health_check *c = &hs->checks[i];
		bool skip = false;
		for (size_t j = 0; j < nexcluded; j++)
			if (streq(excluded[j], c->name)) {
				skip = true;
				used[j] = true;
			}
		if (skip) {
			kc_buf_addf(&out, "[+]%s excluded: ok\n", c->name);
			continue;
		}
		kc_error reason = KC_ERROR_INIT;
		if (run_check(c, &reason) < 0) {
			kc_buf_addf(&out, "[-]%s failed: reason withheld\n", c->name);
			failed++;
		} else {
			kc_buf_addf(&out, "[+]%s ok\n", c->name);
		}
	}
	/* Unmatched exclusions, sorted and quoted as upstream's formatQuoted
	 * (a sets.String's List() is sorted). */
	size_t nunused = 0;
	for (size_t j = 0; j < nexcluded; j++)
		if (!used[j])
			nunused++;
	if (nunused) {
		const char **names = xcalloc(nunused, sizeof(char *));
		size_t n = 0;
		for (size_t j = 0; j < nexcluded; j++) {
			if (used[j])
				continue;
			bool dup = false;
			for (size_t k = 0; k < n; k++)
				dup = dup || streq(names[k], excluded[j]);
			if (!dup)
				names[n++] = excluded[j];
		}
		for (size_t a = 1; a < n; a++)
			for (size_t b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
				const char *t = names[b];
				names[b] = names[b - 1];
				names[b - 1] = t;
			}
		kc_buf_addstr(&out, "warn: some health checks cannot be excluded: no matches for ");
		for (size_t k = 0; k < n; k++)
			kc_buf_addf(&out, "%s\"%s\"", k ? "," : "", names[k]);
		kc_buf_addch(&out, '\n');
		free(names);
	}
	for (size_t j = 0; j < nexcluded; j++)
		free(excluded[j]);
	free(excluded);
	free(used);
	if (failed) {
		/* http.Error adds the newline */
		kc_buf_addf(&out, "%s check failed\n", endpoint);
		reply_text(req, 500, "Internal Server Error", kc_buf_str(&out));
		return;
	}
	if (!query_has(query, "verbose", NULL, NULL)) {
		reply_text(req, 200, "OK", "ok");
		return;
	}
	kc_buf_addf(&out, "%s check passed\n", endpoint);
	reply_text(req, 200, "OK", kc_buf_str(&out));
}

/* upstream's adaptCheckToHandler: /healthz/<name> */
static void serve_one(struct evhttp_request *req, const health_check *c)
{
	kc_error reason = KC_ERROR_INIT;
	if (run_check(c, &reason) < 0) {
		_cleanup_free_ char *body = xasprintf("internal server error: %s\n", reason.msg);
		reply_text(req, 500, "Internal Server Error", body);
		return;
	}
	reply_text(req, 200, "OK", "ok");
}

static void serve_metrics(kc_health_server *hs, struct evhttp_request *req)
{
	if (hs->before_metrics)
		hs->before_metrics(hs->userdata);
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	if (hs->metrics)
		kc_metrics_render(hs->metrics, &out);
	reply(req, 200, "OK", "text/plain; version=0.0.4; charset=utf-8", kc_buf_str(&out), out.len);
}

static void handle(struct evhttp_request *req, void *arg)
{
	kc_health_server *hs = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *raw_path = uri ? evhttp_uri_get_path(uri) : NULL;
	const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
	_cleanup_free_ char *path = evhttp_uridecode(raw_path && raw_path[0] ? raw_path : "/", 0, NULL);
	if (!path)
		path = xstrdup("/");
	static const char *const endpoints[] = {"healthz", "livez", "readyz"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(endpoints); i++) {
		size_t n = strlen(endpoints[i]);
		if (path[0] != '/' || strncmp(path + 1, endpoints[i], n) != 0)
			continue;
		const char *rest = path + 1 + n;
		if (!rest[0]) {
			serve_root(hs, req, endpoints[i], query);
			return;
		}
		if (rest[0] != '/')
			continue;
		for (size_t k = 0; k < hs->nchecks; k++)
			if (streq(rest + 1, hs->checks[k].name)) {
				serve_one(req, &hs->checks[k]);
				return;
			}
	}
	if (streq(path, "/metrics")) {
		serve_metrics(hs, req);
		return;
	}
	reply_text(req, 404, "Not Found", "404 page not found\n");
}

/* ---- lifecycle ---- */

static int ping_check(kc_error *reason, void *userdata)
{
	(void)reason;
	(void)userdata;
	return 0;
}

kc_health_server *kc_health_server_new(struct event_base *base, const kc_health_server_config *cfg,
				       kc_error *err)
{
	if (!base || !cfg) {
		kc_error_set(err, -EINVAL, "health server: no event base or config");
		return NULL;
	}
	if (cfg->port < 0 || cfg->port > 65535) {
		kc_error_set(err, -EINVAL, "--secure-port %d must be between 0 and 65535, inclusive. 0 for turning off secure port",
			     cfg->port);
		return NULL;
	}
	kc_health_server *hs = xcalloc(1, sizeof(*hs));
	hs->base = base;
	hs->metrics = cfg->metrics;
	hs->before_metrics = cfg->before_metrics;
	hs->userdata = cfg->userdata;
	/* upstream's healthz.PingHealthz, installed on every daemon */
	kc_health_server_add_check(hs, "ping", ping_check, NULL);
	if (cfg->port == 0)
		return hs;
	hs->tls = make_tls(cfg, err);
	if (!hs->tls) {
		kc_health_server_free(hs);
		return NULL;
	}
	hs->http = evhttp_new(base);
	evhttp_set_bevcb(hs->http, tls_bev, hs);
	evhttp_set_allowed_methods(hs->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST);
	evhttp_set_max_body_size(hs->http, 1 << 16);
	evhttp_set_max_headers_size(hs->http, 1 << 16);
	evhttp_set_timeout(hs->http, 60);
	evhttp_set_gencb(hs->http, handle, hs);
	const char *addr = cfg->bind_address && cfg->bind_address[0] ? cfg->bind_address : "0.0.0.0";
	struct evhttp_bound_socket *sock = evhttp_bind_socket_with_handle(hs->http, addr, (ev_uint16_t)cfg->port);
	if (!sock) {
		int e = errno ? errno : EADDRINUSE;
		kc_error_set(err, -e, "failed to listen on %s:%d: %s", addr, cfg->port, strerror(e));
		kc_health_server_free(hs);
		return NULL;
	}
	int one = 1;
	evutil_socket_t fd = evhttp_bound_socket_get_fd(sock);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	hs->port = cfg->port;
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
		hs->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
							  : ((struct sockaddr_in *)&ss)->sin_port);
	return hs;
}

void kc_health_server_add_check(kc_health_server *hs, const char *name, kc_health_check_fn fn, void *userdata)
{
	if (!hs || !name || !fn)
		return;
	/* A second check of the same name replaces the first. */
	for (size_t i = 0; i < hs->nchecks; i++)
		if (streq(hs->checks[i].name, name)) {
			hs->checks[i].fn = fn;
			hs->checks[i].userdata = userdata;
			return;
		}
	hs->checks = xrealloc(hs->checks, (hs->nchecks + 1) * sizeof(*hs->checks));
	hs->checks[hs->nchecks++] = (health_check){.name = xstrdup(name), .fn = fn, .userdata = userdata};
}

int kc_health_server_port(const kc_health_server *hs)
{
	return hs ? hs->port : 0;
}

void kc_health_server_free(kc_health_server *hs)
{
	if (!hs)
		return;
	if (hs->http)
		evhttp_free(hs->http);
	if (hs->tls)
		SSL_CTX_free(hs->tls);
	for (size_t i = 0; i < hs->nchecks; i++)
		free(hs->checks[i].name);
	free(hs->checks);
	free(hs);
}
