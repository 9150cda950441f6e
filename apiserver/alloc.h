/* alloc.h - Service ClusterIPs and NodePorts, allocated in etcd.
 *
 * Each allocated value is one etcd key (<prefix>/ranges/serviceips/<ip>,
 * <prefix>/ranges/servicenodeports/<port>) created in a transaction, so two
 * apiservers on one etcd never hand out the same value. The value records
 * the owning Service ("namespace/name"). As upstream, the range is split in
 * a lower "static" band that dynamic allocation avoids while the upper band
 * has room, so that addresses people ask for by hand stay free. */
#ifndef KC_APISERVER_ALLOC_H
#define KC_APISERVER_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#include "apiserver/etcd.h"
#include "common/error.h"

typedef struct api_alloc api_alloc;

/* cidr: --service-cluster-ip-range ("10.96.0.0/12", IPv4). */
api_alloc *api_alloc_new_ips(api_etcd *etcd, const char *prefix, const char *cidr, kc_error *err);
/* range: --service-node-port-range ("30000-32767"). */
api_alloc *api_alloc_new_ports(api_etcd *etcd, const char *prefix, const char *range, kc_error *err);
void api_alloc_free(api_alloc *a);

/* err: 0; -EEXIST (already allocated), -ERANGE (outside the range), -ENOSPC
 * (range full), or an etcd error (errmsg says which). value: the allocated
 * value as text ("10.96.0.12", "31045"). */
typedef void (*api_alloc_cb)(int err, const char *value, const char *errmsg, void *userdata);

/* Allocates any free value for owner ("namespace/name"). With owner NULL,
 * a dry run: finds a value that is free now and takes nothing. */
void api_alloc_any(api_alloc *a, const char *owner, api_alloc_cb cb, void *userdata);
/* Allocates exactly value (a requested clusterIP or nodePort); owner NULL:
 * only checks that it is free. */
void api_alloc_claim(api_alloc *a, const char *value, const char *owner, api_alloc_cb cb, void *userdata);
/* Gives value back (after a Service is deleted or its create failed). */
void api_alloc_release(api_alloc *a, const char *value);

/* Whether value lies in the range. */
bool api_alloc_contains(const api_alloc *a, const char *value);
/* "10.96.0.0/12" or "30000-32767", for messages. */
const char *api_alloc_range(const api_alloc *a);
/* The etcd prefix of the allocation keys ("/registry/ranges/serviceips/"):
 * a value's key is this followed by the value. Owned by a. */
const char *api_alloc_key_prefix(const api_alloc *a);
/* The n-th value of the range as text (n = 1: the first usable IP, which
 * the "kubernetes" Service gets). Caller frees. */
char *api_alloc_nth(const api_alloc *a, uint32_t n);

#endif
