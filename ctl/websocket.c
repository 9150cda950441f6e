/* websocket.c - a small RFC 6455 client for the API server's streaming
 * subresources (see websocket.h). */
#include "ctl/websocket.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "ctl/stream.h"
#include "common/base64.h"
#include "common/http.h"
#include "common/json.h"
#include "banned.h"

/* ---- connections ---- */

struct kc_ws {
	int fd;
	SSL_CTX *ssl_ctx;
	SSL *ssl;
	char *protocol;
	kc_buf in; /* bytes read, not yet parsed */
	bool closed;
};

static ssize_t conn_read(kc_ws *ws, void *buf, size_t n)
{
	if (ws->ssl) {
		int r = SSL_read(ws->ssl, buf, (int)(n > INT32_MAX ? INT32_MAX : n));
		if (r > 0)
			return r;
		int e = SSL_get_error(ws->ssl, r);
		return e == SSL_ERROR_ZERO_RETURN ? 0 : -EIO;
	}
	ssize_t r;
	do
		r = recv(ws->fd, buf, n, 0);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static int conn_write(kc_ws *ws, const void *buf, size_t n)
{
	const char *p = buf;
	while (n > 0) {
		ssize_t w;
		if (ws->ssl) {
			int r = SSL_write(ws->ssl, p, (int)(n > INT32_MAX ? INT32_MAX : n));
			if (r <= 0)
				return -EIO;
			w = r;
		} else {
			w = send(ws->fd, p, n, MSG_NOSIGNAL);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void ws_free(kc_ws *ws)
{
	if (!ws)
		return;
	if (ws->ssl)
		SSL_free(ws->ssl);
	if (ws->ssl_ctx)
		SSL_CTX_free(ws->ssl_ctx);
	if (ws->fd >= 0)
		close(ws->fd);
	free(ws->protocol);
	kc_buf_free(&ws->in);
	free(ws);
}

/* Connects with a 10 s (or the config's) timeout. */
static int tcp_connect(const char *host, const char *port, long timeout_ms, char **ret_err)
{
	char h[256];
	size_t hl = strlen(host);
	/* "[::1]" -> "::1" */
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']')
		snprintf(h, sizeof(h), "%.*s", (int)(hl - 2), host + 1);
	else
		snprintf(h, sizeof(h), "%s", host);
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_family = AF_UNSPEC}, *res = NULL;
	int g = getaddrinfo(h, port, &hints, &res);
	if (g != 0) {
		*ret_err = xasprintf("Unable to connect to the server: dial tcp: lookup %s: no such host", h);
		return -EHOSTUNREACH;
	}
	int err = ECONNREFUSED;
	int fd = -1;
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		int flags = fcntl(fd, F_GETFL);
		fcntl(fd, F_SETFL, flags | O_NONBLOCK);
		int r = connect(fd, ai->ai_addr, ai->ai_addrlen);
		if (r < 0 && errno == EINPROGRESS) {
			struct pollfd p = {.fd = fd, .events = POLLOUT};
			r = poll(&p, 1, (int)timeout_ms);
			if (r == 0) {
				err = ETIMEDOUT;
				r = -1;
			} else if (r > 0) {
				socklen_t sl = sizeof(err);
				getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl);
				r = err ? -1 : 0;
			} else {
				err = errno;
			}
		} else if (r < 0) {
			err = errno;
		}
		if (r < 0) {
			close(fd);
			fd = -1;
			continue;
		}
		fcntl(fd, F_SETFL, flags);
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	}
	freeaddrinfo(res);
	if (fd < 0) {
		if (err == ECONNREFUSED)
			*ret_err = xasprintf("The connection to the server %s:%s was refused - did you specify the right host "
					     "or port?",
					     host, port);
		else if (err == ETIMEDOUT)
			*ret_err = xasprintf("Unable to connect to the server: dial tcp %s:%s: i/o timeout", host, port);
		else
			*ret_err = xasprintf("Unable to connect to the server: dial tcp %s:%s: connect: %s", host, port,
					     strerror(err));
		return -err;
	}
	return fd;
}

/* PEM from data (else file) into the TLS context. */
static int load_pem(SSL_CTX *sctx, const char *data, const char *file, int kind)
{
	if (!data && !file)
		return 0;
	_cleanup_free_ char *content = NULL;
	size_t len = 0;
	if (!data) {
		if (kc_read_file(file, 1u << 20, &content, &len) < 0)
			return -ENOENT;
		data = content;
	}
	BIO *bio = BIO_new_mem_buf(data, -1);
	int rc = 0;
	if (kind == 0) {
		X509_STORE *store = SSL_CTX_get_cert_store(sctx);
		X509 *x;
		int count = 0;
		while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
			X509_STORE_add_cert(store, x);
			X509_free(x);
			count++;
		}
		ERR_clear_error();
		rc = count ? 0 : -EINVAL;
	} else if (kind == 1) {
		X509 *x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		rc = x && SSL_CTX_use_certificate(sctx, x) == 1 ? 0 : -EINVAL;
		X509_free(x);
		X509 *chain;
		while ((chain = PEM_read_bio_X509(bio, NULL, NULL, NULL)))
			if (SSL_CTX_add_extra_chain_cert(sctx, chain) != 1)
				X509_free(chain);
		ERR_clear_error();
	} else {
		EVP_PKEY *k = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
		rc = k && SSL_CTX_use_PrivateKey(sctx, k) == 1 ? 0 : -EINVAL;
		EVP_PKEY_free(k);
	}
	BIO_free(bio);
	return rc;
}

static int tls_start(kc_ws *ws, const kc_client_config *cfg, const char *host, char **ret_err)
{
	ws->ssl_ctx = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_min_proto_version(ws->ssl_ctx, TLS1_2_VERSION);
	bool insecure = cfg->insecure_skip_tls_verify;
	if (!insecure) {
		if (cfg->ca_data || cfg->ca_file) {
			if (load_pem(ws->ssl_ctx, cfg->ca_data, cfg->ca_file, 0) < 0) {
				*ret_err = xstrdup("Unable to connect to the server: unable to load the certificate authority");
				return -EINVAL;
			}
		} else {
			SSL_CTX_set_default_verify_paths(ws->ssl_ctx);
		}
		SSL_CTX_set_verify(ws->ssl_ctx, SSL_VERIFY_PEER, NULL);
	}
	if ((cfg->cert_data || cfg->cert_file) &&
	    (load_pem(ws->ssl_ctx, cfg->cert_data, cfg->cert_file, 1) < 0 ||
	     load_pem(ws->ssl_ctx, cfg->key_data, cfg->key_file, 2) < 0)) {
		*ret_err = xstrdup("Unable to connect to the server: unable to load the client certificate or key");
		return -EINVAL;
	}
	ws->ssl = SSL_new(ws->ssl_ctx);
	char h[256];
	size_t hl = strlen(host);
	if (hl >= 2 && host[0] == '[')
		snprintf(h, sizeof(h), "%.*s", (int)(hl - 2), host + 1);
	else
		snprintf(h, sizeof(h), "%s", host);
	const char *name = cfg->tls_server_name && cfg->tls_server_name[0] ? cfg->tls_server_name : h;
	unsigned char addr[16];
	bool is_ip = inet_pton(AF_INET, name, addr) == 1 || inet_pton(AF_INET6, name, addr) == 1;
	if (!is_ip)
		SSL_set_tlsext_host_name(ws->ssl, name);
	if (!insecure) {
		X509_VERIFY_PARAM *param = SSL_get0_param(ws->ssl);
		if (is_ip)
			X509_VERIFY_PARAM_set1_ip_asc(param, name);
		else
			X509_VERIFY_PARAM_set1_host(param, name, 0);
	}
	SSL_set_fd(ws->ssl, ws->fd);
	if (SSL_connect(ws->ssl) != 1) {
		long v = SSL_get_verify_result(ws->ssl);
		if (v != X509_V_OK)
			*ret_err = xasprintf("Unable to connect to the server: tls: failed to verify certificate: x509: %s",
					     X509_verify_cert_error_string(v));
		else
			*ret_err = xstrdup("Unable to connect to the server: remote error: tls: handshake failure");
		ERR_clear_error();
		return -EPROTO;
	}
	return 0;
}

static const char *header_value(const char *headers, const char *name, char *buf, size_t size)
{
	size_t nl = strlen(name);
	for (const char *p = headers; p && *p;) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			break;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			snprintf(buf, size, "%.*s", (int)(eol - v), v);
			return buf;
		}
		p = eol + 2;
	}
	return NULL;
}

/* The rest of a refused upgrade's body, for its Status. */
static void read_body(kc_ws *ws, const char *headers, kc_buf *body)
{
	char v[64];
	const char *cl = header_value(headers, "Content-Length", v, sizeof(v));
	bool chunked = header_value(headers, "Transfer-Encoding", v, sizeof(v)) && strcasestr(v, "chunked");
	size_t want = cl ? (size_t)strtoull(cl, NULL, 10) : SIZE_MAX;
	char buf[4096];
	while (body->len < want && body->len < (1u << 20)) {
		if (chunked && memmem(body->s ? body->s : "", body->len, "\r\n0\r\n", 5))
			break;
		ssize_t r = conn_read(ws, buf, sizeof(buf));
		if (r <= 0)
			break;
		kc_buf_add(body, buf, (size_t)r);
	}
	if (chunked) {
		/* decode in place into a copy */
		kc_buf out = KC_BUF_INIT;
		const char *p = kc_buf_str(body), *end = p + body->len;
		while (p < end) {
			char *e = NULL;
			unsigned long n = strtoul(p, &e, 16);
			const char *data = strstr(p, "\r\n");
			if (!data || n == 0 || e == p)
				break;
			data += 2;
			if ((size_t)(end - data) < n)
				n = (unsigned long)(end - data);
			kc_buf_add(&out, data, n);
			p = data + n + 2;
		}
		kc_buf_free(body);
		*body = out;
	} else if (cl && body->len > want) {
		body->len = want;
		body->s[want] = '\0';
	}
}

static char *refusal_text(long status, const kc_buf *body)
{
	_cleanup_json_ cJSON *st = NULL;
	if (body->len)
		kc_json_parse(body->s, body->len, &st, NULL);
	const char *reason = kc_json_get_str(st, "reason", "");
	const char *message = kc_json_get_str(st, "message", NULL);
	if (message && streq(reason, "Unauthorized"))
		return xasprintf("error: You must be logged in to the server (%s)", message);
	if (message && reason[0])
		return xasprintf("Error from server (%s): %s", reason, message);
	if (message)
		return xasprintf("Error from server: %s", message);
	(void)status;
	return xasprintf("error: unable to upgrade connection: %s", body->len ? body->s : "unknown");
}

/* Sends the upgrade request and reads the answer. */
static int handshake(kc_ws *ws, const kc_client_config *cfg, const kc_http_url *u, const char *const *protocols,
		     char **ret_err)
{
	unsigned char nonce[16];
	RAND_bytes(nonce, sizeof(nonce));
	_cleanup_free_ char *key = kc_base64_encode(nonce, sizeof(nonce));
	_cleanup_buf_ kc_buf req = KC_BUF_INIT;
	kc_buf_addf(&req, "GET %s%s%s HTTP/1.1\r\nHost: %s%s%s\r\n", u->path, u->query ? "?" : "",
		    u->query ? u->query : "", u->host, u->port ? ":" : "", u->port ? u->port : "");
	kc_buf_addf(&req, "User-Agent: %s\r\n", cfg->user_agent ? cfg->user_agent : "kc/" KC_VERSION);
	kc_buf_addstr(&req, "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n");
	kc_buf_addf(&req, "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Protocol: ", key);
	for (size_t i = 0; protocols && protocols[i]; i++)
		kc_buf_addf(&req, "%s%s", i ? ", " : "", protocols[i]);
	kc_buf_addstr(&req, "\r\n");
	_cleanup_free_ char *token = NULL;
	if (cfg->token && cfg->token[0]) {
		token = xstrdup(cfg->token);
	} else if (cfg->token_file && cfg->token_file[0]) {
		size_t tl = 0;
		if (kc_read_file(cfg->token_file, 1u << 20, &token, &tl) == 0)
			while (tl && (token[tl - 1] == '\n' || token[tl - 1] == '\r'))
				token[--tl] = '\0';
	}
	if (token && token[0]) {
		kc_buf_addf(&req, "Authorization: Bearer %s\r\n", token);
	} else if ((cfg->username && cfg->username[0]) || (cfg->password && cfg->password[0])) {
		_cleanup_free_ char *up = xasprintf("%s:%s", cfg->username ? cfg->username : "",
						    cfg->password ? cfg->password : "");
		_cleanup_free_ char *b64 = kc_base64_encode(up, strlen(up));
		kc_buf_addf(&req, "Authorization: Basic %s\r\n", b64);
	}
	kc_buf_addstr(&req, "\r\n");
	if (conn_write(ws, req.s, req.len) < 0) {
		*ret_err = xstrdup("Unable to connect to the server: connection reset by peer");
		return -ECONNRESET;
	}
	/* the response head */
	char buf[4096];
	char *end = NULL;
	while (!(end = memmem(kc_buf_str(&ws->in), ws->in.len, "\r\n\r\n", 4))) {
		if (ws->in.len > 64 * 1024) {
			*ret_err = xstrdup("error: the server's response headers are too long");
			return -EPROTO;
		}
		ssize_t r = conn_read(ws, buf, sizeof(buf));
		if (r <= 0) {
			*ret_err = xstrdup("error: unable to upgrade connection: the server closed the connection");
			return -ECONNRESET;
		}
		kc_buf_add(&ws->in, buf, (size_t)r);
	}
	size_t head_len = (size_t)(end - ws->in.s) + 4;
	_cleanup_free_ char *head = xstrndup(ws->in.s, head_len);
	kc_buf_consume(&ws->in, head_len);
	long status = 0;
	if (sscanf(head, "HTTP/%*s %ld", &status) != 1) {
		*ret_err = xstrdup("error: malformed HTTP response from the server");
		return -EPROTO;
	}
	const char *headers = strstr(head, "\r\n") + 2;
	if (status != 101) {
		_cleanup_buf_ kc_buf body = KC_BUF_INIT;
		kc_buf_add(&body, ws->in.s ? ws->in.s : "", ws->in.len);
		read_body(ws, headers, &body);
		*ret_err = refusal_text(status, &body);
		return -EPROTO;
	}
	char v[256];
	const char *accept = header_value(headers, "Sec-WebSocket-Accept", v, sizeof(v));
	_cleanup_free_ char *want = kc_ws_accept_key(key);
	if (!accept || !streq(accept, want)) {
		*ret_err = xstrdup("error: unable to upgrade connection: invalid Sec-WebSocket-Accept");
		return -EPROTO;
	}
	const char *proto = header_value(headers, "Sec-WebSocket-Protocol", v, sizeof(v));
	ws->protocol = xstrdup(proto ? proto : "");
	return 0;
}

kc_ws *kc_ws_open(kc_ctx *ctx, const char *path, const char *const *protocols, char **ret_err)
{
	*ret_err = NULL;
	kc_client *c = kc_ctx_client(ctx);
	if (!c)
		return NULL;
	const kc_client_config *cfg = kc_client_get_config(c);
	char *url = kc_stream_url(ctx, path);
	kc_http_url u = {0};
	int r = kc_http_url_parse(url, &u);
	if (r < 0) {
		*ret_err = xasprintf("error: invalid server URL %s", url);
		free(url);
		return NULL;
	}
	free(url);
	bool tls = streq(u.scheme, "https");
	const char *port = u.port ? u.port : tls ? "443" : "80";
	kc_ws *ws = xcalloc(1, sizeof(*ws));
	ws->fd = tcp_connect(u.host, port, cfg->connect_timeout_ms ? cfg->connect_timeout_ms : 10000, ret_err);
	r = ws->fd < 0 ? ws->fd : 0;
	if (r == 0 && tls)
		r = tls_start(ws, cfg, u.host, ret_err);
	if (r == 0)
		r = handshake(ws, cfg, &u, protocols, ret_err);
	kc_http_url_clear(&u);
	if (r < 0) {
		ws_free(ws);
		return NULL;
	}
	return ws;
}

const char *kc_ws_protocol(const kc_ws *ws) { return ws->protocol; }
int kc_ws_fd(const kc_ws *ws) { return ws->fd; }
bool kc_ws_buffered(const kc_ws *ws) { return ws->in.len > 0 || (ws->ssl && SSL_pending(ws->ssl) > 0); }

static int send_frame(kc_ws *ws, int opcode, const void *data, size_t len)
{
	unsigned char mask[4];
	RAND_bytes(mask, sizeof(mask));
	_cleanup_buf_ kc_buf f = KC_BUF_INIT;
	kc_ws_frame_encode(&f, opcode, true, data, len, mask);
	return conn_write(ws, f.s, f.len);
}

int kc_ws_send(kc_ws *ws, const void *data, size_t len) { return send_frame(ws, KC_WS_BINARY, data, len); }

int kc_ws_recv(kc_ws *ws, kc_buf *msg)
{
	kc_buf_reset(msg);
	bool in_message = false;
	char buf[16384];
	for (;;) {
		kc_ws_frame f;
		long n = ws->in.len ? kc_ws_frame_parse((unsigned char *)ws->in.s, ws->in.len, &f) : 0;
		if (n < 0)
			return (int)n;
		if (n == 0) {
			if (ws->closed)
				return 0;
			ssize_t r = conn_read(ws, buf, sizeof(buf));
			if (r < 0)
				return (int)r;
			if (r == 0)
				return 0;
			kc_buf_add(&ws->in, buf, (size_t)r);
			continue;
		}
		switch (f.opcode) {
		case KC_WS_PING: {
			_cleanup_buf_ kc_buf copy = KC_BUF_INIT;
			kc_buf_add(&copy, f.payload, f.len);
			kc_buf_consume(&ws->in, (size_t)n);
			send_frame(ws, KC_WS_PONG, copy.s ? copy.s : "", copy.len);
			continue;
		}
		case KC_WS_PONG:
			kc_buf_consume(&ws->in, (size_t)n);
			continue;
		case KC_WS_CLOSE:
			kc_buf_consume(&ws->in, (size_t)n);
			ws->closed = true;
			send_frame(ws, KC_WS_CLOSE, NULL, 0);
			return 0;
		default:
			if ((f.opcode == KC_WS_CONTINUATION) != in_message)
				return -EPROTO;
			if (msg->len + f.len > KC_WS_MAX_MESSAGE)
				return -E2BIG;
			kc_buf_add(msg, f.payload, f.len);
			kc_buf_consume(&ws->in, (size_t)n);
			in_message = true;
			if (f.fin)
				return 1;
		}
	}
}

void kc_ws_close(kc_ws *ws)
{
	if (!ws)
		return;
	if (!ws->closed) {
		/* 1000: normal closure */
		unsigned char code[2] = {0x03, 0xe8};
		send_frame(ws, KC_WS_CLOSE, code, sizeof(code));
	}
	if (ws->ssl)
		SSL_shutdown(ws->ssl);
	ws_free(ws);
}
