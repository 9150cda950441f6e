/* watch_stream.c - a single watch request with a chosen Accept header (see
 * watch_stream.h), on http.h with the client's connection settings. */
#include "ctl/watch_stream.h"

#include <errno.h>
#include <stdlib.h>

#include "common/http.h"
#include "common/json.h"

#include "banned.h"

#define MAX_CREDENTIAL (1u << 20)
#define MAX_ERROR_BODY (1u << 20)

struct kc_watch_stream {
	kc_http *http;
	kc_http_req *req;
	kc_watch_decoder *dec;
	kc_buf ca, cert, key;
	char *token;
	kc_watch_stream_event_cb on_event;
	kc_watch_stream_end_cb on_end;
	void *userdata;
	bool ended;
};

static bool nonempty(const char *s) { return s && s[0]; }

/* PEM from inline data or from a file. */
static int load(kc_buf *out, const char *data, const char *file, const char *what, kc_error *err)
{
	if (nonempty(data)) {
		kc_buf_addstr(out, data);
		return 0;
	}
	if (!nonempty(file))
		return 0;
	_cleanup_free_ char *content = NULL;
	size_t len = 0;
	int r = kc_read_file(file, MAX_CREDENTIAL, &content, &len);
	if (r < 0)
		return kc_error_set(err, r, "unable to read %s %s: %s", what, file, strerror(-r));
	kc_buf_add(out, content, len);
	return 0;
}

/* The server's base URL as the client makes it: a bare host:port gets
 * https when TLS settings are given (client-go's DefaultServerURL). */
static char *base_url(const kc_client_config *cfg)
{
	bool tls = nonempty(cfg->ca_file) || nonempty(cfg->ca_data) || nonempty(cfg->cert_file) ||
		   nonempty(cfg->cert_data) || cfg->insecure_skip_tls_verify || nonempty(cfg->tls_server_name);
	char *url = strstr(cfg->server, "://") ? xstrdup(cfg->server)
					       : xasprintf("%s://%s", tls ? "https" : "http", cfg->server);
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		url[--n] = '\0';
	return url;
}

static int on_decoded(kc_watch_event_type type, cJSON *object, bool *steal, void *userdata)
{
	kc_watch_stream *w = userdata;
	(void)steal;
	if (w->ended)
		return -ECANCELED;
	if (type == KC_WATCH_BOOKMARK)
		return 0;
	if (w->on_event)
		w->on_event(type, object, w->userdata);
	return w->ended ? -ECANCELED : 0;
}

static int on_data(const char *data, size_t len, void *userdata)
{
	kc_watch_stream *w = userdata;
	kc_error err = KC_ERROR_INIT;
	int r = kc_watch_decoder_feed(w->dec, data, len, &err);
	if (r < 0 && !w->ended) {
		w->ended = true;
		if (w->on_end)
			w->on_end(err.msg, w->userdata);
	}
	return r < 0 ? -1 : 0;
}

static void on_done(kc_http_response *hr, void *userdata)
{
	kc_watch_stream *w = userdata;
	w->req = NULL;
	if (w->ended)
		return;
	w->ended = true;
	_cleanup_free_ char *msg = NULL;
	if (hr->err) {
		msg = xasprintf("Unable to connect to the server: %s", hr->errmsg);
	} else if (hr->status != 200) {
		_cleanup_json_ cJSON *body = hr->body.len ? cJSON_ParseWithLength(hr->body.s, hr->body.len) : NULL;
		const char *reason = kc_json_get_str(body, "reason", "");
		const char *text = kc_json_get_str(body, "message", kc_buf_str(&hr->body));
		msg = reason[0] ? xasprintf("Error from server (%s): %s", reason, text)
				: xasprintf("Error from server: %s", text);
	} else {
		kc_error err = KC_ERROR_INIT;
		if (kc_watch_decoder_finish(w->dec, &err) < 0)
			msg = xstrdup(err.msg);
	}
	if (w->on_end)
		w->on_end(msg, w->userdata);
}

kc_watch_stream *kc_watch_stream_start(kc_client *c, const char *path, const char *resource_version,
				       const char *accept, kc_watch_stream_event_cb on_event,
				       kc_watch_stream_end_cb on_end, void *userdata, kc_error *err)
{
	const kc_client_config *cfg = kc_client_get_config(c);
	if (!nonempty(cfg->server)) {
		kc_error_set(err, -EINVAL, "no server found: the configuration has no server to connect to");
		return NULL;
	}
	kc_watch_stream *w = xcalloc(1, sizeof(*w));
	w->on_event = on_event;
	w->on_end = on_end;
	w->userdata = userdata;
	if (load(&w->ca, cfg->ca_data, cfg->ca_file, "certificate-authority", err) < 0 ||
	    load(&w->cert, cfg->cert_data, cfg->cert_file, "client-cert", err) < 0 ||
	    load(&w->key, cfg->key_data, cfg->key_file, "client-key", err) < 0) {
		kc_watch_stream_stop(w);
		return NULL;
	}
	if (nonempty(cfg->token)) {
		w->token = xstrdup(cfg->token);
	} else if (nonempty(cfg->token_file)) {
		kc_buf t = KC_BUF_INIT;
		if (load(&t, NULL, cfg->token_file, "token file", err) < 0) {
			kc_buf_free(&t);
			kc_watch_stream_stop(w);
			return NULL;
		}
		char *s = kc_buf_release(&t);
		size_t n = strlen(s);
		while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
			s[--n] = '\0';
		w->token = s;
	}
	w->dec = kc_watch_decoder_new(0, on_decoded, w);
	w->http = kc_http_new(kc_client_base(c));

	_cleanup_free_ char *base = base_url(cfg);
	_cleanup_buf_ kc_buf url = KC_BUF_INIT;
	kc_buf_addf(&url, "%s%s%s", base, path, strchr(path, '?') ? "&" : "?");
	if (nonempty(resource_version))
		kc_buf_addf(&url, "resourceVersion=%s&", resource_version);
	kc_buf_addstr(&url, "watch=true");

	_cleanup_free_ char *h_accept = xasprintf("Accept: %s", accept ? accept : "application/json, */*");
	_cleanup_free_ char *h_ua = xasprintf("User-Agent: %s", nonempty(cfg->user_agent) ? cfg->user_agent : "kc");
	_cleanup_free_ char *h_auth = w->token ? xasprintf("Authorization: Bearer %s", w->token) : NULL;
	const char *headers[4] = {h_accept, h_ua, h_auth, NULL};
	bool basic = !w->token && (nonempty(cfg->username) || nonempty(cfg->password));
	kc_http_tls tls = {
		.ca_data = w->ca.len ? w->ca.s : NULL,
		.cert_data = w->cert.len ? w->cert.s : NULL,
		.key_data = w->key.len ? w->key.s : NULL,
		.insecure_skip_verify = cfg->insecure_skip_tls_verify,
		.server_name = nonempty(cfg->tls_server_name) ? cfg->tls_server_name : NULL,
	};
	kc_http_request rq = {
		.method = "GET",
		.url = url.s,
		.headers = headers,
		.tls = &tls,
		.username = basic ? (cfg->username ? cfg->username : "") : NULL,
		.password = basic ? (cfg->password ? cfg->password : "") : NULL,
		.connect_timeout_ms = cfg->connect_timeout_ms,
		.max_body = MAX_ERROR_BODY,
		.http1 = true,
		.proxy_from_env = true,
		.on_data = on_data,
	};
	w->req = kc_http_start(w->http, &rq, on_done, w);
	if (!w->req) {
		kc_error_set(err, -EINVAL, "cannot watch %s: not a usable URL", url.s);
		kc_watch_stream_stop(w);
		return NULL;
	}
	return w;
}

void kc_watch_stream_stop(kc_watch_stream *w)
{
	if (!w)
		return;
	w->ended = true;
	if (w->http)
		kc_http_free(w->http); /* cancels the request; no callback runs */
	kc_watch_decoder_free(w->dec);
	kc_buf_free(&w->ca);
	kc_buf_free(&w->cert);
	kc_buf_free(&w->key);
	free(w->token);
	free(w);
}
