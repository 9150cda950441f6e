/* ttl.h - objects that expire. Events live --event-ttl (default 1h) after
 * their last write, as upstream's: each write attaches the key to an etcd
 * lease, and etcd deletes the key when the lease runs out (the watch then
 * sees a DELETED event like any other).
 *
 * A lease per write would cost etcd a grant per Event, so leases are shared
 * as upstream's leaseManager shares them: one is granted for ttl plus a
 * reuse window (5% of ttl, at most a minute) and serves every write in
 * that window, so each object lives between ttl and ttl + window. */
#ifndef KC_APISERVER_TTL_H
#define KC_APISERVER_TTL_H

#include <stdint.h>

#include "apiserver/etcd.h"
#include "common/resource.h"

typedef struct api_ttl api_ttl;

/* event_ttl: seconds Events live (0: forever). */
api_ttl *api_ttl_new(api_etcd *etcd, int64_t event_ttl);
/* Writes waiting for a lease are dropped unanswered, as etcd_free drops
 * the calls in flight. */
void api_ttl_free(api_ttl *t);

/* Writes an object of res: creates key when mod_revision is 0, else
 * updates it at mod_revision (etcd_create / etcd_update), attached to a
 * lease when res expires. A lease that cannot be granted is cb's error. */
void api_ttl_put(api_ttl *t, const kc_resource *res, const char *key, const char *data, int64_t mod_revision,
		 etcd_cb cb, void *userdata);

#endif
