/* ttl.c - objects that expire, on shared etcd leases (ttl.h). */
#include "ttl.h"

#include <errno.h>
#include <time.h>

#include "common/util.h"
#include "banned.h"

#define REUSE_PERCENT     5  /* upstream's leaseReuseDurationPercent, 0.05 */
#define REUSE_MAX_SECONDS 60 /* upstream's --lease-reuse-duration-seconds default */

typedef struct ttl_write {
	char *key, *data;
	int64_t mod_revision;
	etcd_cb cb;
	void *userdata;
	struct ttl_write *next;
} ttl_write;

struct api_ttl {
	api_etcd *etcd;
	int64_t event_ttl;
	int64_t lease;         /* the lease writes share now; 0: none yet */
	int64_t lease_expires; /* when it runs out, monotonic seconds */
	bool granting;         /* a grant is in flight ... */
	ttl_write *waiting;    /* ... and these writes wait for it, oldest first */
	ttl_write **waiting_tail;
};

static int64_t now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int64_t reuse_window(int64_t ttl)
{
	int64_t w = ttl * REUSE_PERCENT / 100;
	return w < REUSE_MAX_SECONDS ? w : REUSE_MAX_SECONDS;
}

api_ttl *api_ttl_new(api_etcd *etcd, int64_t event_ttl)
{
	api_ttl *t = xcalloc(1, sizeof(*t));
	t->etcd = etcd;
	t->event_ttl = event_ttl;
	t->waiting_tail = &t->waiting;
	return t;
}

static void write_free(ttl_write *w)
{
	free(w->key);
	free(w->data);
	free(w);
}

void api_ttl_free(api_ttl *t)
{
	if (!t)
		return;
	/* Writes still waiting are dropped unanswered, as etcd_free drops the
	 * calls in flight: the server is going and so are its requests. */
	while (t->waiting) {
		ttl_write *w = t->waiting;
		t->waiting = w->next;
		write_free(w);
	}
	free(t);
}

static void put(api_etcd *etcd, const char *key, const char *data, int64_t mod_revision, int64_t lease,
		etcd_cb cb, void *userdata)
{
	if (mod_revision)
		etcd_update(etcd, key, data, strlen(data), mod_revision, lease, cb, userdata);
	else
		etcd_create(etcd, key, data, strlen(data), lease, cb, userdata);
}

static void on_granted(etcd_result *res, void *userdata)
{
	api_ttl *t = userdata;
	t->granting = false;
	if (!res->err && res->lease) {
		t->lease = res->lease;
		t->lease_expires = now_seconds() + t->event_ttl + reuse_window(t->event_ttl);
	}
	ttl_write *w = t->waiting;
	t->waiting = NULL;
	t->waiting_tail = &t->waiting;
	while (w) {
		ttl_write *next = w->next;
		if (res->err || !res->lease) {
			etcd_result failed = {.err = res->err ? res->err : -EIO};
			snprintf(failed.errmsg, sizeof(failed.errmsg), "%s",
			         res->err ? res->errmsg : "etcd: lease grant answered no lease ID");
			w->cb(&failed, w->userdata);
		} else {
			put(t->etcd, w->key, w->data, w->mod_revision, t->lease, w->cb, w->userdata);
		}
		write_free(w);
		w = next;
	}
}

void api_ttl_put(api_ttl *t, const kc_resource *res, const char *key, const char *data, int64_t mod_revision,
		 etcd_cb cb, void *userdata)
{
	int64_t ttl = streq(kc_resource_storage(res), "events") ? t->event_ttl : 0;
	if (ttl <= 0) {
		put(t->etcd, key, data, mod_revision, 0, cb, userdata);
		return;
	}
	/* The shared lease serves while it outlives ttl from now and does not
	 * outlive it by more than the window (upstream's valid && sufficient). */
	int64_t now = now_seconds();
	if (t->lease && now + ttl < t->lease_expires && now + ttl + reuse_window(ttl) >= t->lease_expires) {
		put(t->etcd, key, data, mod_revision, t->lease, cb, userdata);
		return;
	}
	ttl_write *w = xcalloc(1, sizeof(*w));
	w->key = xstrdup(key);
	w->data = xstrdup(data);
	w->mod_revision = mod_revision;
	w->cb = cb;
	w->userdata = userdata;
	*t->waiting_tail = w;
	t->waiting_tail = &w->next;
	if (!t->granting) {
		t->granting = true;
		etcd_lease_grant(t->etcd, ttl + reuse_window(ttl), on_granted, t);
	}
}
