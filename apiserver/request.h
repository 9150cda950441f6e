/* request.h - one API request on its way through the apiserver.
 *
 * api_req is made when a request arrives and freed by api_req_finish(),
 * which every path ends with exactly once (through the reply helpers). It
 * carries what every step needs: who asked (user), what about (info, res),
 * the body, the query and the answer's shape (JSON, YAML, Table). */
#ifndef KC_APISERVER_REQUEST_H
#define KC_APISERVER_REQUEST_H

/* upstream refuses request bodies over 3 MiB (413 RequestEntityTooLarge) */
#define API_MAX_BODY (3 << 20)

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apiserver/apiserver.h"
#include "apiserver/reqinfo.h"
#include "apiserver/strategy.h"

struct evhttp_request;
struct evkeyvalq;

typedef struct api_user {
	char *name;    /* "system:anonymous" for anonymous requests */
	char *uid;
	char **groups; /* NULL-terminated */
} api_user;

void api_user_clear(api_user *u);
bool api_user_in_group(const api_user *u, const char *group);

typedef enum {
	API_AS_OBJECT,   /* the object(s) as stored */
	API_AS_TABLE,    /* meta.k8s.io/v1 Table */
	API_AS_METADATA, /* PartialObjectMetadata(List) */
} api_as;

typedef struct api_req {
	apiserver *srv;
	struct evhttp_request *http;
	const char *method;
	struct evkeyvalq *query; /* decoded query parameters */
	api_reqinfo info;
	api_user user;
	const kc_resource *res;       /* the resource addressed, or NULL */
	const api_strategy *strategy; /* its strategy */
	char *body;                   /* NUL-terminated copy of the request body */
	size_t body_len;
	api_as as;       /* shape the client asked for (Accept) */
	bool yaml;       /* answer in YAML (Accept: application/yaml) */
	bool dry_run;    /* dryRun=All */
	int code;        /* status sent, for the access log */
	int64_t start_us;
	char **warnings; /* Warning headers to send, NULL-terminated */
	bool replied;
} api_req;

/* A query parameter's decoded value, or NULL. */
const char *api_query(const api_req *r, const char *name);
/* The value of an integer query parameter: 0 when absent; -1 (and a 400
 * reply already sent) when malformed. */
int api_query_int(api_req *r, const char *name, long long *ret);
const char *api_header(const api_req *r, const char *name);

/* Adds a "299 - \"message\"" Warning header to the reply. */
void api_req_warn(api_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Replies: each sends the answer and finishes the request. */
void api_reply_json(api_req *r, int code, const cJSON *obj);
/* obj is a single object whose JSON is already serialised. */
void api_reply_raw(api_req *r, int code, const char *json, size_t len);
/* Sends status (taken) with its code. */
void api_reply_status(api_req *r, cJSON *status);
void api_reply_text(api_req *r, int code, const char *content_type, const char *text);

/* An object or list as the client asked: JSON, YAML, Table or metadata. obj
 * is a full object or a *List; taken. */
void api_reply_object(api_req *r, int code, cJSON *obj);

/* Ends a reply streamed with evhttp_send_reply_start (a watch, a log) and
 * finishes r: with drop NULL by its last chunk, soon after what is queued;
 * otherwise by closing drop (r's connection) and throwing away what is
 * still queued for it, for a client that left or stopped reading. */
struct evhttp_connection;
void api_reply_end_stream(api_req *r, struct evhttp_connection *drop);

/* Logs the access line, records metrics, frees r. Called by the reply
 * helpers; watch streams call it when they end. */
void api_req_finish(api_req *r);

/* "pods" or "deployments.apps" for messages. */
const char *api_req_qualified_resource(const api_req *r, char *buf, size_t size);

/* The entry point evhttp calls for every request. */
void api_handle_request(struct evhttp_request *http, void *srv);

#endif
