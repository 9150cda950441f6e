/* protobuf.h - request bodies in Kubernetes' protobuf encoding
 * (application/vnd.kubernetes.protobuf), which kubectl's typed clients send
 * for some kinds (`kubectl create role|clusterrole|rolebinding|
 * clusterrolebinding`). The body is "k8s\0" followed by a runtime.Unknown
 * message holding the TypeMeta and the object's own message; this decodes
 * the kinds kc knows the messages of into the same JSON a client would have
 * sent. Field numbers are upstream's (k8s.io/api generated.proto). */
#ifndef KC_APISERVER_PROTOBUF_H
#define KC_APISERVER_PROTOBUF_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "common/error.h"

/* Returns 0 with the object in *ret, -ENOTSUP for a kind kc cannot decode
 * from protobuf, or -EBADMSG for a malformed body (err says where). */
int api_protobuf_decode(const char *data, size_t len, cJSON **ret, kc_error *err);

#endif
