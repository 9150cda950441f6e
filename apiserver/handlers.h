/* handlers.h - the handler for each verb, and the steps they share.
 * Every handler finishes the request (replies) exactly once, possibly later
 * from an etcd callback. */
#ifndef KC_APISERVER_HANDLERS_H
#define KC_APISERVER_HANDLERS_H

#include <cjson/cJSON.h>

#include "apiserver/request.h"

/* Reads the body as JSON or YAML (by Content-Type) into one object.
 * Returns 0, or -1 after replying 400/415. */
int api_decode_body(api_req *r, cJSON **ret);
/* Checks and fills apiVersion, kind and metadata.namespace of a decoded
 * object against the URL (400 when they disagree). Returns 0 or -1 after
 * replying. */
int api_check_body_identity(api_req *r, cJSON *obj);

/* The system fields and defaults of a new object (uid, creationTimestamp,
 * generation, strategy defaults and prepare_create), without validation:
 * for objects the apiserver makes itself. */
void api_fill_create(const kc_resource *res, cJSON *obj);

/* What create does to every object before it is stored: uid,
 * creationTimestamp, generation, cleared system fields, strategy defaults
 * and prepare_create, then metadata and strategy validation. Returns NULL
 * or a Status (422 Invalid, 500) to send. */
cJSON *api_prepare_create(api_req *r, cJSON *obj);
/* The same for updates (upstream's BeforeUpdate): obj is the new object,
 * old the stored one. status_update: the status subresource. */
cJSON *api_prepare_update(api_req *r, cJSON *obj, const cJSON *old, bool status_update);

/* For the status subresource: a copy of old whose status and
 * metadata.annotations are from's. */
cJSON *api_with_status(const cJSON *old, const cJSON *from);

/* A Status for a failed etcd call (503 when etcd cannot be reached). */
cJSON *api_storage_error_status(int err, const char *msg);

void api_handle_get(api_req *r);
void api_handle_list(api_req *r);
void api_handle_watch(api_req *r);
void api_handle_create(api_req *r);
void api_handle_update(api_req *r);
void api_handle_patch(api_req *r);
void api_handle_delete(api_req *r);
void api_handle_deletecollection(api_req *r);
void api_handle_binding(api_req *r);
/* POST serviceaccounts/{name}/token (tokenrequest.c). */
void api_handle_token_request(api_req *r);
/* Whether the ServiceAccount, Pod or Secret ns/name exists in the watch
 * cache with that uid (ctx: the apiserver); for authn's token checks. */
bool api_object_exists(const char *kind, const char *ns, const char *name, const char *uid, void *ctx);
/* PUT or PATCH of a scale subresource. */
void api_handle_scale_write(api_req *r, bool patch);
/* Replies with the autoscaling/v1 Scale of obj (taken). */
void api_reply_scale(api_req *r, cJSON *obj);

/* pods/log, exec, attach, portforward, proxy, eviction and nodes/proxy,
 * services/proxy: what the kubelets (or the pod's endpoints) serve. */
void api_handle_node_proxy(api_req *r);
/* pods/log of pod (podlog.c): streamed from the kubelet of its node. */
void api_pod_log(api_req *r, const cJSON *pod);
/* Ends every log stream (shutdown). */
void api_pod_log_end_all(apiserver *s);
/* pods/exec, pods/attach, pods/portforward (podstream.c): the upgraded
 * connection (WebSocket or SPDY) relayed to the kubelet of its node. */
void api_pod_stream(api_req *r, const cJSON *pod);
/* Closes every relayed connection (shutdown). */
void api_pod_stream_end_all(apiserver *s);

/* Reads node (the pod's spec.nodeName), then calls then(r, node, arg), or
 * answers the storage error (or 500 when the node is gone). arg is freed
 * with free_arg afterwards either way. */
typedef void (*api_node_fn)(api_req *r, const cJSON *node, void *arg);
void api_with_node(api_req *r, const char *node, api_node_fn then, void *arg, void (*free_arg)(void *));

/* upstream's validateContainer: the named container (query "container"),
 * or the pod's only one. Returns the name (borrowed from pod or the
 * query), or NULL after replying 400 in upstream's words. name: the pod's. */
const char *api_pod_pick_container(api_req *r, const cJSON *pod, const char *name);
/* The address to reach a node's kubelet at, by upstream's default
 * --kubelet-preferred-address-types (Hostname, InternalDNS, InternalIP,
 * ExternalDNS, ExternalIP), or NULL; *ret_port: its kubelet port
 * (status.daemonEndpoints, else 10250). Borrowed from node. */
#define KUBELET_DEFAULT_PORT 10250 /* upstream's --kubelet-port */
const char *api_node_kubelet_address(const cJSON *node, int *ret_port);

/* POST pods/<name>/eviction: deletes the pod with the Eviction's
 * deleteOptions and answers 201 Success. */
void api_handle_eviction(api_req *r);

/* Non-resource paths: discovery, health, version, metrics, OpenAPI. */
void api_handle_nonresource(api_req *r);

#endif
