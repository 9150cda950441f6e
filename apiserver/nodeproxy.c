/* nodeproxy.c - the pod and node subresources that reach past the
 * apiserver: pods/eviction (a delete, as upstream does when no
 * PodDisruptionBudget covers the pod; kc serves none), and pods/log, exec,
 * attach, portforward, proxy, nodes/proxy and services/proxy, which
 * upstream proxies to the node's kubelet on port 10250.
 *
 * pods/log is proxied to the kubelet (podlog.c), exec, attach and
 * portforward relayed to it (podstream.c); pods/proxy and nodes/proxy are
 * not served yet: they answer what upstream answers for a pod without a
 * node, or 503 naming the node. */
#include <errno.h>

#include "apiserver/etcd.h"
#include "apiserver/handlers.h"
#include "apiserver/objects.h"
#include "apiserver/status.h"
#include "common/json.h"
#include "common/resource.h"
#include "banned.h"

static void on_pod(etcd_result *res, void *userdata)
{
	api_req *r = userdata;
	if (res->err) {
		api_reply_status(r, api_storage_error_status(res->err, res->errmsg));
		return;
	}
	if (!res->nkvs) {
		api_reply_status(r, api_status_not_found(r->res->group, r->res->plural, r->info.name));
		return;
	}
	_cleanup_json_ cJSON *pod = cJSON_ParseWithLength(res->kvs[0].value, res->kvs[0].value_len);
	if (streq(r->info.subresource, "log")) {
		api_pod_log(r, pod);
		return;
	}
	if (streq(r->info.subresource, "exec") || streq(r->info.subresource, "attach") ||
	    streq(r->info.subresource, "portforward")) {
		api_pod_stream(r, pod);
		return;
	}
	const char *node = kc_json_get_str(pod, "spec.nodeName", "");
	if (!node[0]) {
		api_reply_status(r, api_status_bad_request("pod %s does not have a host assigned", r->info.name));
		return;
	}
	api_reply_status(r, api_status_unavailable("no kubelet answered for node \"%s\": proxying %s to kubelets "
						   "needs kc-kubelet on that node",
						   node, r->info.subresource));
}

typedef struct node_read {
	api_req *r;
	api_node_fn then;
	void *arg;
	void (*free_arg)(void *);
} node_read;

static void on_node(etcd_result *res, void *userdata)
{
	node_read *nr = userdata;
	api_req *r = nr->r;
	if (res->err) {
		api_reply_status(r, api_storage_error_status(res->err, res->errmsg));
	} else if (!res->nkvs) {
		api_reply_status(r, api_status_internal("the pod's node does not exist"));
	} else {
		_cleanup_json_ cJSON *node = cJSON_ParseWithLength(res->kvs[0].value, res->kvs[0].value_len);
		nr->then(r, node, nr->arg);
	}
	nr->free_arg(nr->arg);
	free(nr);
}

void api_with_node(api_req *r, const char *node, api_node_fn then, void *arg, void (*free_arg)(void *))
{
	node_read *nr = xcalloc(1, sizeof(*nr));
	*nr = (node_read){r, then, arg, free_arg};
	const kc_resource *nodes = kc_resource_find("", "v1", "nodes");
	_cleanup_free_ char *key = api_obj_key(r->srv->prefix, nodes, NULL, node);
	etcd_range(r->srv->etcd, key, NULL, 0, 0, false, on_node, nr);
}

void api_handle_node_proxy(api_req *r)
{
	const char *sub = r->info.subresource;
	if (streq(sub, "eviction")) {
		if (!streq(r->info.verb, "create")) {
			api_reply_status(r, api_status_method_not_allowed());
			return;
		}
		api_handle_eviction(r);
		return;
	}
	if (!streq(r->res->plural, "pods")) {
		api_reply_status(r, api_status_unavailable("proxying to %s is not available: kc-kubelet and kc-proxy "
							   "serve it",
							   r->res->plural));
		return;
	}
	_cleanup_free_ char *key = api_obj_key(r->srv->prefix, r->res, r->info.namespace, r->info.name);
	etcd_range(r->srv->etcd, key, NULL, 0, 0, false, on_pod, r);
}
