/* bootstrap.h - what exists from the start: the namespaces default,
 * kube-system, kube-public and kube-node-lease; the bootstrap RBAC policy;
 * and the "kubernetes" Service in default (the first IP of the service
 * range) with Endpoints and an EndpointSlice pointing at this apiserver.
 * Created when missing (the endpoints are brought up to date), retried
 * while etcd is unreachable; /readyz reports ready once done. */
#ifndef KC_APISERVER_BOOTSTRAP_H
#define KC_APISERVER_BOOTSTRAP_H

#include "apiserver/apiserver.h"

void api_bootstrap(apiserver *s);
void api_bootstrap_stop(apiserver *s);

#endif
