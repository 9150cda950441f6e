/* stream.c - streaming GETs with the context's credentials (see stream.h). */
#include "ctl/stream.h"

#include <errno.h>
#include <event2/event.h>

#include "common/http.h"
#include "common/json.h"
#include "banned.h"

typedef struct done_ctx done_ctx;

typedef struct one {
	kc_streams *owner;
	done_ctx *pending; /* freed by on_done, or by kc_streams_free */
	kc_http_req *req;
	kc_stream_data_fn on_data;
	void *userdata;
	bool done;
	char *error;
	char *message; /* Go's err.Error(): a Status's message alone */
} one;

struct kc_streams {
	kc_ctx *ctx;
	kc_http *http;
	kc_http_tls tls;
	char *token;
	one **items;
	size_t n;
	size_t running;
};

static bool nonempty(const char *s) { return s && s[0]; }

char *kc_stream_url(kc_ctx *ctx, const char *path)
{
	kc_client *c = kc_ctx_client(ctx);
	if (!c)
		return NULL;
	const kc_client_config *cfg = kc_client_get_config(c);
	const char *server = cfg->server ? cfg->server : "";
	bool tls = nonempty(cfg->ca_file) || nonempty(cfg->ca_data) || nonempty(cfg->cert_file) ||
		   nonempty(cfg->cert_data) || cfg->insecure_skip_tls_verify || nonempty(cfg->tls_server_name);
	_cleanup_free_ char *base = strstr(server, "://") ? xstrdup(server)
							  : xasprintf("%s://%s", tls ? "https" : "http", server);
	size_t len = strlen(base);
	while (len && base[len - 1] == '/')
		base[--len] = '\0';
	return xasprintf("%s%s", base, path);
}

kc_streams *kc_streams_new(kc_ctx *ctx)
{
	kc_client *c = kc_ctx_client(ctx);
	if (!c)
		return NULL;
	const kc_client_config *cfg = kc_client_get_config(c);
	kc_streams *s = xcalloc(1, sizeof(*s));
	s->ctx = ctx;
	s->http = kc_http_new(kc_client_base(c));
	s->tls = (kc_http_tls){
		.ca_file = cfg->ca_data ? NULL : cfg->ca_file,
		.ca_data = cfg->ca_data,
		.cert_file = cfg->cert_data ? NULL : cfg->cert_file,
		.cert_data = cfg->cert_data,
		.key_file = cfg->key_data ? NULL : cfg->key_file,
		.key_data = cfg->key_data,
		.insecure_skip_verify = cfg->insecure_skip_tls_verify,
		.server_name = nonempty(cfg->tls_server_name) ? cfg->tls_server_name : NULL,
	};
	if (nonempty(cfg->token)) {
		s->token = xstrdup(cfg->token);
	} else if (nonempty(cfg->token_file)) {
		size_t len = 0;
		if (kc_read_file(cfg->token_file, 1u << 20, &s->token, &len) == 0)
			while (len && (s->token[len - 1] == '\n' || s->token[len - 1] == '\r'))
				s->token[--len] = '\0';
	}
	return s;
}


/* The error text kubectl prints for a failed stream. */
static char *failure_text(kc_http_response *r, const char *url)
{
	if (r->err && r->status == 0) {
		if (r->err == -ECONNREFUSED) {
			kc_http_url u = {0};
			char *msg = NULL;
			if (kc_http_url_parse(url, &u) == 0)
				msg = xasprintf("The connection to the server %s%s%s was refused - did you specify the right "
						"host or port?",
						u.host, u.port ? ":" : "", u.port ? u.port : "");
			kc_http_url_clear(&u);
			if (msg)
				return msg;
		}
		return xasprintf("Unable to connect to the server: %s", r->errmsg);
	}
	if (r->status >= 300) {
		_cleanup_json_ cJSON *st = NULL;
		kc_json_parse(kc_buf_str(&r->body), r->body.len, &st, NULL);
		const char *reason = kc_json_get_str(st, "reason", "");
		const char *message = kc_json_get_str(st, "message", NULL);
		if (!message)
			return xasprintf("Error from server: %s", r->body.len ? kc_buf_str(&r->body) : "unknown");
		if (streq(reason, "Unauthorized"))
			return xasprintf("error: You must be logged in to the server (%s)", message);
		if (reason[0])
			return xasprintf("Error from server (%s): %s", reason, message);
		return xasprintf("Error from server: %s", message);
	}
	if (r->err && r->err != -ECANCELED)
		return xasprintf("%s", r->errmsg[0] ? r->errmsg : strerror(-r->err));
	return NULL;
}

struct done_ctx {
	one *o;
	char *url;
};

/* kc_http hands on_data the request's userdata: the done_ctx */
static int on_data(const char *data, size_t len, void *userdata)
{
	done_ctx *d = userdata;
	return d->o->on_data(data, len, d->o->userdata);
}

static void on_done(kc_http_response *r, void *userdata)
{
	done_ctx *d = userdata;
	one *o = d->o;
	o->error = failure_text(r, d->url);
	if (o->error && str_startswith(o->error, "Error from server")) {
		const char *colon = strstr(o->error, "): ");
		o->message = xstrdup(colon ? colon + 3 : o->error + strlen("Error from server: "));
	} else if (o->error) {
		o->message = xstrdup(o->error);
	}
	o->done = true;
	o->req = NULL;
	o->owner->running--;
	o->pending = NULL;
	free(d->url);
	free(d);
}

int kc_streams_add(kc_streams *s, const char *path, kc_stream_data_fn fn, void *userdata)
{
	one *o = xcalloc(1, sizeof(*o));
	o->owner = s;
	o->on_data = fn;
	o->userdata = userdata;
	s->items = xrealloc(s->items, (s->n + 1) * sizeof(*s->items));
	s->items[s->n] = o;
	int index = (int)s->n++;
	_cleanup_free_ char *url = kc_stream_url(s->ctx, path);
	kc_client *c = kc_ctx_client(s->ctx);
	const kc_client_config *cfg = kc_client_get_config(c);
	_cleanup_free_ char *auth = nonempty(s->token) ? xasprintf("Authorization: Bearer %s", s->token) : NULL;
	_cleanup_free_ char *ua = xasprintf("User-Agent: %s", cfg->user_agent ? cfg->user_agent : "kc/" KC_VERSION);
	const char *headers[] = {"Accept: */*", ua, auth, NULL};
	bool basic = !auth && (nonempty(cfg->username) || nonempty(cfg->password));
	kc_http_request rq = {
		.method = "GET",
		.url = url,
		.headers = headers,
		.tls = &s->tls,
		.username = basic ? (cfg->username ? cfg->username : "") : NULL,
		.password = basic ? (cfg->password ? cfg->password : "") : NULL,
		.connect_timeout_ms = cfg->connect_timeout_ms,
		.http1 = true,
		.proxy_from_env = true,
		.on_data = on_data,
	};
	done_ctx *d = xcalloc(1, sizeof(*d));
	d->o = o;
	d->url = xstrdup(url);
	o->req = kc_http_start(s->http, &rq, on_done, d);
	if (!o->req) {
		o->done = true;
		o->error = xasprintf("Unable to connect to the server: bad URL %s", url);
		free(d->url);
		free(d);
	} else {
		o->pending = d;
		s->running++;
	}
	return index;
}

void kc_streams_run(kc_streams *s)
{
	kc_client *c = kc_ctx_client(s->ctx);
	struct event_base *base = kc_client_base(c);
	while (s->running > 0)
		if (event_base_loop(base, EVLOOP_ONCE) < 0)
			break;
}

const char *kc_streams_error(const kc_streams *s, int i)
{
	return i >= 0 && (size_t)i < s->n ? s->items[i]->error : NULL;
}

const char *kc_streams_message(const kc_streams *s, int i)
{
	return i >= 0 && (size_t)i < s->n ? s->items[i]->message : NULL;
}

void kc_streams_free(kc_streams *s)
{
	if (!s)
		return;
	kc_http_free(s->http); /* cancels what still runs: no callback */
	for (size_t i = 0; i < s->n; i++) {
		if (s->items[i]->pending) {
			free(s->items[i]->pending->url);
			free(s->items[i]->pending);
		}
		free(s->items[i]->error);
		free(s->items[i]->message);
		free(s->items[i]);
	}
	free(s->items);
	free(s->token);
	free(s);
}
