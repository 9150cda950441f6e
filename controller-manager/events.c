/* events.c - the controllers' event recorder (kc_cm_event in cm.h), as
 * client-go's record package writes core/v1 Events: one Event per
 * distinct (source, object, type, reason, message); the same one again
 * bumps its count and lastTimestamp with a PATCH instead of making a new
 * object (the EventCorrelator's "aggregate by identical event").
 *
 * Not done (upstream's correlator does both): folding more than 10 similar
 * events with different messages into one "(combined from similar
 * events)" event, and the per-object spam filter. kc's controllers report
 * at most one event per object and sync. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/json.h"
#include "common/log.h"
#include "common/map.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "controller-manager/cm_internal.h"
#include "banned.h"

/* client-go's maxLruCacheEntries */
#define MAX_REMEMBERED 4096
/* the apiserver refuses longer event notes; upstream truncates as well */
#define MAX_MESSAGE 1024

/* One Event already posted (or being posted). */
typedef struct posted {
	cm_events *ev;
	char *key;
	cJSON *event;        /* the Event as last sent: kept to make it again if it was deleted */
	kc_client_req *req;  /* the request in flight, or NULL */
	bool creating;       /* req is the POST that makes it */
	bool dirty;          /* count went up while req was in flight */
} posted;

struct cm_events {
	kc_client *client;
	kc_map *by_key; /* correlation key -> posted */
};

static void posted_free(void *p)
{
	posted *e = p;
	if (e->req)
		kc_client_request_cancel(e->req);
	cJSON_Delete(e->event);
	free(e->key);
	free(e);
}

cm_events *cm_events_new(kc_client *client)
{
	cm_events *ev = xcalloc(1, sizeof(*ev));
	ev->client = client;
	ev->by_key = kc_map_new(posted_free);
	return ev;
}

void cm_events_free(cm_events *ev)
{
	if (!ev)
		return;
	kc_map_free(ev->by_key);
	free(ev);
}

static void send(posted *e, bool create);

static void on_answer(kc_response *resp, void *userdata)
{
	posted *e = userdata;
	bool was_create = e->creating;
	e->req = NULL;
	if (resp->status == 404 && !was_create) {
		/* deleted since (events expire after the apiserver's TTL): make
		 * it again, with its count */
		e->dirty = false;
		send(e, true);
		return;
	}
	if (resp->status < 200 || resp->status >= 300)
		kc_log_v(2, "Server rejected event '%s' (will not retry!): %s",
			 kc_json_get_str(e->event, "metadata.name", ""), resp->err.msg);
	if (e->dirty) {
		e->dirty = false;
		send(e, false);
	}
}

static void send(posted *e, bool create)
{
	const char *ns = kc_json_get_str(e->event, "metadata.namespace", "default");
	const char *name = kc_json_get_str(e->event, "metadata.name", "");
	e->creating = create;
	_cleanup_free_ char *path = create ? xasprintf("/api/v1/namespaces/%s/events", ns)
					   : xasprintf("/api/v1/namespaces/%s/events/%s", ns, name);
	if (create) {
		_cleanup_free_ char *body = cJSON_PrintUnformatted(e->event);
		kc_client_request_ex(e->ev->client, "POST", path, "application/json", body, strlen(body), NULL,
				     on_answer, e, &e->req);
		return;
	}
	_cleanup_json_ cJSON *patch = cJSON_CreateObject();
	cJSON_AddNumberToObject(patch, "count", kc_json_get_int(e->event, "count", 1));
	cJSON_AddStringToObject(patch, "lastTimestamp", kc_json_get_str(e->event, "lastTimestamp", ""));
	_cleanup_free_ char *body = cJSON_PrintUnformatted(patch);
	kc_client_request_ex(e->ev->client, "PATCH", path, "application/strategic-merge-patch+json", body,
			     strlen(body), NULL, on_answer, e, &e->req);
}

/* Forgets the events that are not being sent when too many are remembered. */
static void trim(cm_events *ev)
{
	if (kc_map_size(ev->by_key) < MAX_REMEMBERED)
		return;
	size_t n = 0;
	_cleanup_free_ const char **keys = kc_map_sorted_keys(ev->by_key, &n);
	for (size_t i = 0; i < n; i++) {
		posted *e = kc_map_get(ev->by_key, keys[i]);
		if (!e->req)
			kc_map_del(ev->by_key, keys[i]);
	}
}

static cJSON *new_event(const cJSON *obj, const char *component, const char *type, const char *reason,
			const char *message, const char *now)
{
	const char *ns = kc_json_get_str(obj, "metadata.namespace", "");
	const char *name = kc_json_get_str(obj, "metadata.name", "");
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "kind", "Event");
	cJSON_AddStringToObject(e, "apiVersion", "v1");
	cJSON *meta = cJSON_AddObjectToObject(e, "metadata");
	_cleanup_free_ char *ev_name = xasprintf("%s.%llx", name, (unsigned long long)kc_time_now_usec() * 1000ULL);
	cJSON_AddStringToObject(meta, "name", ev_name);
	/* cluster-scoped objects' events go to "default", as upstream's */
	cJSON_AddStringToObject(meta, "namespace", ns[0] ? ns : "default");
	cJSON *io = cJSON_AddObjectToObject(e, "involvedObject");
	cJSON_AddStringToObject(io, "kind", kc_json_get_str(obj, "kind", ""));
	if (ns[0])
		cJSON_AddStringToObject(io, "namespace", ns);
	cJSON_AddStringToObject(io, "name", name);
	cJSON_AddStringToObject(io, "uid", kc_json_get_str(obj, "metadata.uid", ""));
	cJSON_AddStringToObject(io, "apiVersion", kc_json_get_str(obj, "apiVersion", ""));
	cJSON_AddStringToObject(io, "resourceVersion", kc_json_get_str(obj, "metadata.resourceVersion", ""));
	cJSON_AddStringToObject(e, "reason", reason);
	cJSON_AddStringToObject(e, "message", message);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(e, "source"), "component", component);
	cJSON_AddStringToObject(e, "firstTimestamp", now);
	cJSON_AddStringToObject(e, "lastTimestamp", now);
	cJSON_AddNumberToObject(e, "count", 1);
	cJSON_AddStringToObject(e, "type", type);
	cJSON_AddStringToObject(e, "reportingComponent", component);
	cJSON_AddStringToObject(e, "reportingInstance", "");
	return e;
}

void kc_cm_event(kc_cm *cm, const char *component, const cJSON *obj, const char *type, const char *reason,
		 const char *fmt, ...)
{
	cm_events *ev = kc_cm_events_of(cm);
	char message[MAX_MESSAGE + 1];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	const char *ns = kc_json_get_str(obj, "metadata.namespace", "");
	const char *name = kc_json_get_str(obj, "metadata.name", "");
	kc_log_v(2, "Event occurred: object=\"%s%s%s\" kind=\"%s\" type=\"%s\" reason=\"%s\" message=\"%s\"", ns,
		 ns[0] ? "/" : "", name, kc_json_get_str(obj, "kind", ""), type, reason, message);
	char now[KC_TIME_RFC3339_MAX];
	kc_time_format_rfc3339(kc_time_now_sec(), now);
	_cleanup_free_ char *key =
		xasprintf("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", component,
			  kc_json_get_str(obj, "kind", ""), ns, name, kc_json_get_str(obj, "metadata.uid", ""),
			  kc_json_get_str(obj, "apiVersion", ""), type, reason, message);
	posted *e = kc_map_get(ev->by_key, key);
	if (e) {
		cJSON_ReplaceItemInObjectCaseSensitive(
			e->event, "count", cJSON_CreateNumber((double)kc_json_get_int(e->event, "count", 1) + 1));
		cJSON_ReplaceItemInObjectCaseSensitive(e->event, "lastTimestamp", cJSON_CreateString(now));
		if (e->req)
			e->dirty = true;
		else
			send(e, false);
		return;
	}
	trim(ev);
	e = xcalloc(1, sizeof(*e));
	e->ev = ev;
	e->key = xstrdup(key);
	e->event = new_event(obj, component, type, reason, message, now);
	kc_map_put(ev->by_key, key, e);
	send(e, true);
}
