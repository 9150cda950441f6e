/* request.c - replies, query access and the access log (see request.h). */
#include "request.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <inttypes.h>
#include <stdarg.h>
#include <time.h>

#include "apiserver/metrics.h"
#include "apiserver/printer.h"
#include "apiserver/status.h"
#include "common/json.h"
#include "common/log.h"
#include "common/yaml.h"
#include "banned.h"

void api_user_clear(api_user *u)
{
	free(u->name);
	free(u->uid);
	if (u->groups) {
		for (char **g = u->groups; *g; g++)
			free(*g);
		free(u->groups);
	}
	memset(u, 0, sizeof(*u));
}

bool api_user_in_group(const api_user *u, const char *group)
{
	for (char **g = u->groups; g && *g; g++)
		if (streq(*g, group))
			return true;
	return false;
}

const char *api_query(const api_req *r, const char *name)
{
	return r->query ? evhttp_find_header(r->query, name) : NULL;
}

int api_query_int(api_req *r, const char *name, long long *ret)
{
	const char *v = api_query(r, name);
	*ret = 0;
	if (!v || !v[0])
		return 0;
	char *end = NULL;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || !end || *end) {
		/* upstream's ParameterCodec passes strconv's error on */
		api_reply_status(r, api_status_bad_request("strconv.ParseInt: parsing \"%s\": %s", v,
							   errno == ERANGE ? "value out of range" : "invalid syntax"));
		return -1;
	}
	*ret = n;
	return 0;
}

const char *api_header(const api_req *r, const char *name)
{
	return evhttp_find_header(evhttp_request_get_input_headers(r->http), name);
}

void api_req_warn(api_req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	size_t n = 0;
	while (r->warnings && r->warnings[n])
		n++;
	r->warnings = xrealloc(r->warnings, (n + 2) * sizeof(char *));
	/* RFC 7234 warn-code 299, agent "-", quoted text; quotes escaped. */
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "299 - \"");
	for (const char *p = msg; *p; p++) {
		if (*p == '"' || *p == '\\')
			kc_buf_addch(&b, '\\');
		kc_buf_addch(&b, *p);
	}
	kc_buf_addch(&b, '"');
	r->warnings[n] = kc_buf_release(&b);
	r->warnings[n + 1] = NULL;
}

const char *api_req_qualified_resource(const api_req *r, char *buf, size_t size)
{
	if (r->info.api_group[0])
		snprintf(buf, size, "%s.%s", r->info.resource, r->info.api_group);
	else
		snprintf(buf, size, "%s", r->info.resource);
	return buf;
}

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void api_req_finish(api_req *r)
{
	int64_t us = now_us() - r->start_us;
	const char *uri = evhttp_request_get_uri(r->http);
	kc_log_info("%s %s user=\"%s\" verb=%s code=%d latency=%" PRId64 ".%03" PRId64 "ms", r->method, uri,
		    r->user.name ? r->user.name : "", r->info.verb ? r->info.verb : "", r->code, us / 1000,
		    us % 1000);
	if (r->srv->metrics)
		api_metrics_request(r->srv->metrics, r->info.verb, r->info.api_group, r->info.resource,
				    r->info.subresource, r->code, us);
	r->srv->inflight--;
	if (r->query) {
		evhttp_clear_headers(r->query);
		free(r->query);
	}
	api_reqinfo_clear(&r->info);
	api_user_clear(&r->user);
	free(r->body);
	if (r->warnings) {
		for (char **w = r->warnings; *w; w++)
			free(*w);
		free(r->warnings);
	}
	apiserver *srv = r->srv;
	free(r);
	if (srv->shutting_down && srv->inflight == 0)
		api_shutdown(srv);
}

static void send_reply(api_req *r, int code, const char *content_type, const char *data, size_t len)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(r->http);
	evhttp_add_header(out, "Content-Type", content_type);
	evhttp_add_header(out, "Cache-Control", "no-cache, private");
	for (char **w = r->warnings; w && *w; w++)
		evhttp_add_header(out, "Warning", *w);
	struct evbuffer *buf = evbuffer_new();
	evbuffer_add(buf, data, len);
	r->code = code;
	r->replied = true;
	/* HEAD answers carry the headers only; evhttp drops the body. */
	evhttp_send_reply(r->http, code, NULL, buf);
	evbuffer_free(buf);
	api_req_finish(r);
}

void api_reply_raw(api_req *r, int code, const char *json, size_t len)
{
	if (r->yaml) {
		_cleanup_json_ cJSON *obj = cJSON_ParseWithLength(json, len);
		_cleanup_free_ char *yaml = obj ? kc_yaml_print(obj, NULL) : NULL;
		if (yaml) {
			send_reply(r, code, "application/yaml", yaml, strlen(yaml));
			return;
		}
	}
	send_reply(r, code, "application/json", json, len);
}

void api_reply_json(api_req *r, int code, const cJSON *obj)
{
	_cleanup_free_ char *json = cJSON_PrintUnformatted(obj);
	api_reply_raw(r, code, json, strlen(json));
}

void api_reply_status(api_req *r, cJSON *status)
{
	int code = api_status_code(status);
	api_reply_json(r, code ? code : 500, status);
	cJSON_Delete(status);
}

void api_reply_text(api_req *r, int code, const char *content_type, const char *text)
{
	send_reply(r, code, content_type, text, strlen(text));
}

/* PartialObjectMetadata of obj (kind/apiVersion/metadata only). */
static cJSON *partial_metadata(const cJSON *obj)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "kind", "PartialObjectMetadata");
	cJSON_AddStringToObject(p, "apiVersion", "meta.k8s.io/v1");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	cJSON_AddItemToObject(p, "metadata", m ? cJSON_Duplicate(m, true) : cJSON_CreateObject());
	return p;
}

void api_reply_object(api_req *r, int code, cJSON *obj_taken)
{
	_cleanup_json_ cJSON *obj = obj_taken;
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(obj, "items");
	bool is_list = cJSON_IsArray(items) && str_endswith(kc_json_get_str(obj, "kind", ""), "List");

	if (r->as == API_AS_TABLE && r->res) {
		_cleanup_json_ cJSON *objects = NULL;
		_cleanup_json_ cJSON *single_meta = NULL;
		const cJSON *list_meta = NULL;
		if (is_list) {
			objects = cJSON_Duplicate(items, true);
			list_meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
		} else {
			objects = cJSON_CreateArray();
			cJSON_AddItemToArray(objects, cJSON_Duplicate(obj, true));
			single_meta = cJSON_CreateObject();
			cJSON_AddStringToObject(single_meta, "resourceVersion", kc_json_get_str(obj, "metadata.resourceVersion", ""));
			list_meta = single_meta;
		}
		_cleanup_json_ cJSON *table = api_table_from_objects(r->res, objects, api_query(r, "includeObject"),
								    list_meta, time(NULL));
		api_reply_json(r, code, table);
		return;
	}
	if (r->as == API_AS_METADATA) {
		_cleanup_json_ cJSON *out = NULL;
		if (is_list) {
			out = cJSON_CreateObject();
			cJSON_AddStringToObject(out, "kind", "PartialObjectMetadataList");
			cJSON_AddStringToObject(out, "apiVersion", "meta.k8s.io/v1");
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
			cJSON_AddItemToObject(out, "metadata", m ? cJSON_Duplicate(m, true) : cJSON_CreateObject());
			cJSON *arr = cJSON_AddArrayToObject(out, "items");
			const cJSON *it;
			cJSON_ArrayForEach(it, items) cJSON_AddItemToArray(arr, partial_metadata(it));
		} else {
			out = partial_metadata(obj);
		}
		api_reply_json(r, code, out);
		return;
	}
	api_reply_json(r, code, obj);
}

static void end_stream(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	api_req *r = arg;
	struct evhttp_request *http = r->http;
	/* api_req_finish logs from r->http: first, since ending the reply
	 * may free the request (at once when the client is already gone). */
	api_req_finish(r);
	evhttp_send_reply_end(http);
}

void api_reply_end_stream(api_req *r, struct evhttp_connection *drop)
{
	r->code = 200;
	if (!drop) {
		/* Not now: bufferevent_openssl always defers its "output
		 * written" callback, and evhttp's runs whatever completion is
		 * set when it finally runs. Ending the stream right after a
		 * write emptied the output would let that pending callback
		 * finish the request with the last chunk still queued, and
		 * evhttp would stop writing: the client would wait for the
		 * end of the stream forever. The pending callback runs before
		 * a zero timeout set now. */
		static const struct timeval now = {0, 0};
		event_base_once(r->srv->base, -1, EV_TIMEOUT, end_stream, r, &now);
		return;
	}
	/* api_req_finish logs from r->http: before the connection (and it) go */
	api_req_finish(r);
	struct evbuffer *out = bufferevent_get_output(evhttp_connection_get_bufferevent(drop));
	evbuffer_drain(out, evbuffer_get_length(out));
	evhttp_connection_free(drop);
}
