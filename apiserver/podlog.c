/* podlog.c - pods/log: a container's log, proxied from the kubelet of the
 * pod's node as upstream's LogLocation and LocationStreamer do.
 *
 * The options are checked (422 for PodLogOptions out of range) and the
 * container chosen (400 when a pod of several containers needs -c); a pod
 * with no node yet has an empty log. Otherwise the apiserver asks
 * https://<node address>:<kubelet port>/containerLogs/<ns>/<pod>/<container>
 * with --kubelet-client-certificate/--kubelet-client-key, verifying the
 * kubelet against --kubelet-certificate-authority when given (upstream does
 * not verify kubelets without it), and streams the answer to the client as
 * it comes (follow=true keeps it open). The kubelet's errors come back as
 * upstream words them: its 400 text as BadRequest, its 500 as InternalError,
 * an unreachable kubelet as a 500 naming the URL. */
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <inttypes.h>

#include "apiserver/fielderr.h"
#include "apiserver/handlers.h"
#include "apiserver/status.h"
#include "common/http.h"
#include "common/json.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "banned.h"

#define LOG_MAX_BUFFER (16 << 20)                  /* a client that stops reading is cut off */
#define KUBELET_ERROR_MAX 50000                    /* upstream's maxReadLength */

/* One log stream from a kubelet to a client. */
typedef struct podlog {
	api_req *r;
	apiserver *srv;
	char *pod, *url;
	kc_http_req *upstream;
	struct evhttp_connection *conn;
	bool started; /* the 200 and its headers went to the client */
	bool ended;
	struct podlog *prev, *next;
} podlog;

/* ---- options and container ---- */

/* PodLogOptions from the query, validated as upstream's
 * ValidatePodLogOptions. Appends the kubelet's query to q. Returns 0, or -1
 * after replying. */
static int log_options(api_req *r, kc_buf *q)
{
	static const struct {
		const char *name;
		long long min;
		const char *why;
	} ints[] = {
		{"tailLines", 0, "must be greater than or equal to 0"},
		{"limitBytes", 1, "must be greater than 0"},
		{"sinceSeconds", 1, "must be greater than 0"},
	};
	static const char *const flags[] = {"follow", "previous", "timestamps"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(flags); i++) {
		const char *v = api_query(r, flags[i]);
		if (v && (streq(v, "true") || streq(v, "1")))
			kc_buf_addf(q, "%s%s=true", q->len ? "&" : "", flags[i]);
	}
	_cleanup_field_errors_ api_field_errors errs = API_FIELD_ERRORS_INIT;
	for (size_t i = 0; i < KC_ARRAY_SIZE(ints); i++) {
		if (!api_query(r, ints[i].name))
			continue;
		long long v = 0;
		if (api_query_int(r, ints[i].name, &v) < 0)
			return -1;
		if (v < ints[i].min)
			api_fe_invalid_int(&errs, ints[i].name, v, ints[i].why);
		else
			kc_buf_addf(q, "%s%s=%lld", q->len ? "&" : "", ints[i].name, v);
	}
	const char *since_time = api_query(r, "sinceTime");
	if (since_time && since_time[0]) {
		kc_time t;
		kc_error err = KC_ERROR_INIT;
		if (kc_time_parse_rfc3339(since_time, &t, &err) < 0) {
			api_reply_status(r, api_status_bad_request("sinceTime: %s", err.msg));
			return -1;
		}
		if (api_query(r, "sinceSeconds"))
			api_fe_forbidden(&errs, "", "at most one of `sinceTime` or `sinceSeconds` may be specified");
		_cleanup_free_ char *enc = evhttp_encode_uri(since_time);
		kc_buf_addf(q, "%ssinceTime=%s", q->len ? "&" : "", enc);
	}
	if (errs.n) {
		api_reply_status(r, api_field_errors_status(&errs, "", "PodLogOptions", r->info.name));
		return -1;
	}
	return 0;
}

/* Names of the containers in pod.spec.<field>, space-separated as Go's
 * fmt prints a []string inside brackets. */
static char *container_names(const cJSON *pod, const char *field)
{
	kc_buf b = KC_BUF_INIT;
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, field))
		kc_buf_addf(&b, "%s%s", b.len ? " " : "", kc_json_get_str(c, "name", ""));
	return kc_buf_release(&b);
}

static bool has_container(const cJSON *pod, const char *field, const char *name)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(pod, field))
		if (streq(kc_json_get_str(c, "name", ""), name))
			return true;
	return false;
}

const char *api_pod_pick_container(api_req *r, const cJSON *pod, const char *name)
{
	const char *want = api_query(r, "container");
	if (want && want[0]) {
		if (has_container(pod, "spec.containers", want) || has_container(pod, "spec.initContainers", want) ||
		    has_container(pod, "spec.ephemeralContainers", want))
			return want;
		api_reply_status(r, api_status_bad_request("container %s is not valid for pod %s", want, name));
		return NULL;
	}
	int n = cJSON_GetArraySize(kc_json_get(pod, "spec.containers"));
	if (n == 1)
		return kc_json_get_str(pod, "spec.containers[0].name", "");
	if (n == 0) {
		api_reply_status(r, api_status_bad_request("the pod %s does not have a pod container", name));
		return NULL;
	}
	_cleanup_free_ char *names = container_names(pod, "spec.containers");
	_cleanup_free_ char *inits = container_names(pod, "spec.initContainers");
	if (inits[0])
		api_reply_status(r, api_status_bad_request("a container name must be specified for pod %s, choose one "
							   "of: [%s] or one of the init containers: [%s]",
							   name, names, inits));
	else
		api_reply_status(r, api_status_bad_request("a container name must be specified for pod %s, choose one "
							   "of: [%s]",
							   name, names));
	return NULL;
}

/* ---- the node's kubelet ---- */

const char *api_node_kubelet_address(const cJSON *node, int *ret_port)
{
	static const char *const order[] = {"Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP"};
	int64_t port = kc_json_get_int(node, "status.daemonEndpoints.kubeletEndpoint.Port", 0);
	*ret_port = port > 0 && port <= 65535 ? (int)port : KUBELET_DEFAULT_PORT;
	const cJSON *addrs = kc_json_get(node, "status.addresses");
	for (size_t i = 0; i < KC_ARRAY_SIZE(order); i++) {
		const cJSON *a;
		cJSON_ArrayForEach(a, addrs)
			if (streq(kc_json_get_str(a, "type", ""), order[i]) && kc_json_get_str(a, "address", "")[0])
				return kc_json_get_str(a, "address", "");
	}
	return NULL;
}

/* ---- the stream ---- */

/* Forgets l (the request it served is the caller's to finish). */
static void podlog_free(podlog *l)
{
	if (l->prev)
		l->prev->next = l->next;
	else
		l->srv->podlogs = l->next;
	if (l->next)
		l->next->prev = l->prev;
	kc_http_cancel(l->upstream);
	if (l->conn)
		evhttp_connection_set_closecb(l->conn, NULL, NULL);
	free(l->pod);
	free(l->url);
	free(l);
}

/* Ends the stream: cleanly, or with drop by closing the connection (the
 * client stopped reading). */
static void podlog_finish(podlog *l, bool drop)
{
	api_req *r = l->r;
	struct evhttp_connection *conn = drop ? l->conn : NULL;
	bool started = l->started;
	podlog_free(l);
	if (!started && !conn)
		api_reply_text(r, 200, "text/plain", ""); /* the kubelet sent an empty log */
	else
		api_reply_end_stream(r, conn);
}

static void on_client_close(struct evhttp_connection *conn, void *arg)
{
	(void)conn;
	podlog *l = arg;
	l->conn = NULL; /* evhttp frees it */
	podlog_finish(l, false);
}

static void start_reply(podlog *l)
{
	if (l->started)
		return;
	l->started = true;
	struct evkeyvalq *out = evhttp_request_get_output_headers(l->r->http);
	evhttp_add_header(out, "Content-Type", "text/plain");
	evhttp_add_header(out, "Cache-Control", "no-cache, private");
	evhttp_send_reply_start(l->r->http, 200, "OK");
}

static int on_header(long status, const char *name, const char *value, void *userdata)
{
	(void)name;
	(void)value;
	if (status >= 200 && status < 300)
		start_reply(userdata);
	return 0;
}

static int on_data(const char *data, size_t len, void *userdata)
{
	podlog *l = userdata;
	start_reply(l);
	struct bufferevent *bev = l->conn ? evhttp_connection_get_bufferevent(l->conn) : NULL;
	if (bev && evbuffer_get_length(bufferevent_get_output(bev)) > LOG_MAX_BUFFER) {
		kc_log_warn("log of pod %s: client is not reading; closing the connection", l->pod);
		podlog_finish(l, true); /* cancels this request too: done never runs */
		return -1;
	}
	struct evbuffer *buf = evbuffer_new();
	evbuffer_add(buf, data, len);
	evhttp_send_reply_chunk(l->r->http, buf);
	evbuffer_free(buf);
	return 0;
}

/* The kubelet's error answer as upstream's GenericHttpResponseChecker
 * words it: 400 and 500 carry the kubelet's text, others a generic
 * message with the text as the cause. */
static cJSON *kubelet_error_status(const podlog *l, const kc_http_response *resp)
{
	const char *text = resp->body.s ? resp->body.s : "";
	if (resp->status == 400)
		return api_status_bad_request("%s", text);
	if (resp->status == 500)
		return api_status_internal("%s", text);
	const char *reason = "InternalError";
	const char *what = "the server responded with the status code %ld but did not return more information";
	switch (resp->status) {
	case 401:
		reason = "Unauthorized";
		what = "the server has asked for the client to provide credentials";
		break;
	case 403:
		reason = "Forbidden";
		what = "the server does not allow access to the requested resource";
		break;
	case 404:
		reason = "NotFound";
		what = "the server could not find the requested resource";
		break;
	case 503:
		reason = "ServiceUnavailable";
		what = "the server is currently unable to handle the request";
		break;
	}
	kc_buf head = KC_BUF_INIT;
	if (strstr(what, "%ld"))
		kc_buf_addf(&head, "the server responded with the status code %ld but did not return more information",
			    resp->status);
	else
		kc_buf_addstr(&head, what);
	kc_buf_addf(&head, " ( pods/log %s)", l->pod);
	cJSON *details = cJSON_CreateObject();
	cJSON_AddStringToObject(details, "name", l->pod);
	cJSON_AddStringToObject(details, "kind", "pods/log");
	if (text[0]) {
		cJSON *c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "reason", "UnexpectedServerResponse");
		cJSON_AddStringToObject(c, "message", text);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(details, "causes"), c);
	}
	int code = resp->status >= 400 && resp->status < 600 ? (int)resp->status : 500;
	cJSON *status = api_status_new(code, reason, kc_buf_str(&head), details);
	kc_buf_free(&head);
	return status;
}

static void on_done(kc_http_response *resp, void *userdata)
{
	podlog *l = userdata;
	l->upstream = NULL;
	cJSON *status = NULL;
	if (!l->started) {
		if (resp->err) {
			/* a plain Go error upstream: 500 with no reason */
			_cleanup_free_ char *msg = xasprintf("Get \"%s\": %s", l->url,
							     resp->errmsg[0] ? resp->errmsg : "the kubelet did not answer");
			status = api_status_new(500, NULL, msg, NULL);
		}
		else if (resp->status < 200 || resp->status >= 300)
			status = kubelet_error_status(l, resp);
	}
	if (!status) {
		/* the log's end (or a follow broken off: the stream just ends, as
		 * upstream's copy does) */
		podlog_finish(l, false);
		return;
	}
	api_req *r = l->r;
	podlog_free(l);
	api_reply_status(r, status);
}

/* Starts the kubelet request for container of pod on node. */
static void start_stream(api_req *r, const cJSON *node, const char *container, const char *query)
{
	int port;
	const char *addr = api_node_kubelet_address(node, &port);
	if (!addr) {
		api_reply_status(r, api_status_internal("node \"%s\" has no address to reach its kubelet at",
							kc_json_get_str(node, "metadata.name", "")));
		return;
	}
	apiserver *srv = r->srv;
	podlog *l = xcalloc(1, sizeof(*l));
	l->r = r;
	l->srv = srv;
	l->pod = xstrdup(r->info.name);
	_cleanup_free_ char *ns = evhttp_encode_uri(r->info.namespace);
	_cleanup_free_ char *name = evhttp_encode_uri(r->info.name);
	_cleanup_free_ char *c = evhttp_encode_uri(container);
	l->url = xasprintf("https://%s%s%s:%d/containerLogs/%s/%s/%s%s%s", strchr(addr, ':') ? "[" : "", addr,
			   strchr(addr, ':') ? "]" : "", port, ns, name, c, query[0] ? "?" : "", query);
	l->next = srv->podlogs;
	if (l->next)
		l->next->prev = l;
	srv->podlogs = l;

	const api_options *o = srv->opts;
	kc_http_tls tls = {
		.ca_file = o->kubelet_certificate_authority[0] ? o->kubelet_certificate_authority : NULL,
		.cert_file = o->kubelet_client_certificate[0] ? o->kubelet_client_certificate : NULL,
		.key_file = o->kubelet_client_key[0] ? o->kubelet_client_key : NULL,
		.insecure_skip_verify = !o->kubelet_certificate_authority[0],
	};
	kc_http_request rq = {
		.method = "GET",
		.url = l->url,
		.tls = &tls,
		.connect_timeout_ms = 10000,
		.low_speed_timeout_s = 0,
		.max_body = KUBELET_ERROR_MAX,
		.http1 = true,
		.on_header = on_header,
		.on_data = on_data,
	};
	if (!srv->kubelets)
		srv->kubelets = kc_http_new(srv->base);
	l->upstream = kc_http_start(srv->kubelets, &rq, on_done, l);
	if (!l->upstream) {
		podlog_free(l);
		api_reply_status(r, api_status_internal("cannot reach the kubelet of node \"%s\"",
							kc_json_get_str(node, "metadata.name", "")));
		return;
	}
	l->conn = evhttp_request_get_connection(r->http);
	if (l->conn)
		evhttp_connection_set_closecb(l->conn, on_client_close, l);
}

/* What the log request carries while the node is read. */
typedef struct log_req {
	char *container;
	char *query;
} log_req;

static void log_req_free(void *arg)
{
	log_req *lr = arg;
	free(lr->container);
	free(lr->query);
	free(lr);
}

static void on_node(api_req *r, const cJSON *node, void *arg)
{
	log_req *lr = arg;
	start_stream(r, node, lr->container, lr->query);
}

void api_pod_log(api_req *r, const cJSON *pod)
{
	if (!streq(r->info.verb, "get")) {
		api_reply_status(r, api_status_method_not_allowed());
		return;
	}
	_cleanup_buf_ kc_buf q = KC_BUF_INIT;
	if (log_options(r, &q) < 0)
		return;
	const char *container = api_pod_pick_container(r, pod, r->info.name);
	if (!container)
		return;
	const char *node = kc_json_get_str(pod, "spec.nodeName", "");
	if (!node[0]) {
		/* upstream: no location, an empty log */
		api_reply_text(r, 200, "text/plain", "");
		return;
	}
	log_req *lr = xcalloc(1, sizeof(*lr));
	lr->container = xstrdup(container);
	lr->query = xstrdup(kc_buf_str(&q));
	api_with_node(r, node, on_node, lr, log_req_free);
}

void api_pod_log_end_all(apiserver *s)
{
	while (s->podlogs)
		podlog_finish(s->podlogs, false);
}
