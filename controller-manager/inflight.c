/* inflight.c - per-key bookkeeping of a controller's asynchronous writes
 * (see inflight.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/map.h"
#include "common/util.h"
#include "controller-manager/inflight.h"
#include "banned.h"

#define BACKOFF_BASE_MS 5
#define BACKOFF_MAX_MS  (1000 * 1000)

typedef struct key_state {
	unsigned inflight; /* requests sent and not answered */
	bool in_sync;      /* inside kc_cm_inflight_run's sync for this key */
	bool dirty;        /* asked for while busy: queue again when idle */
	bool failed;       /* a failure since the key was last settled */
	unsigned failures; /* consecutive settled runs that failed */
} key_state;

typedef struct req req;

struct kc_cm_inflight {
	kc_client *client;
	kc_queue *q;
	kc_map *keys; /* key -> key_state */
	req *reqs;    /* in flight, for cancelling */
	unsigned total;
};

struct req {
	kc_cm_inflight *f;
	char *key;
	kc_client_req *creq;
	kc_cm_inflight_cb cb;
	void *data;
	void (*free_data)(void *);
	req *prev, *next;
};

kc_cm_inflight *kc_cm_inflight_new(kc_client *client, kc_queue *q)
{
	kc_cm_inflight *f = xcalloc(1, sizeof(*f));
	f->client = client;
	f->q = q;
	f->keys = kc_map_new(free);
	return f;
}

static void req_free(req *r)
{
	if (r->free_data)
		r->free_data(r->data);
	free(r->key);
	free(r);
}

void kc_cm_inflight_free(kc_cm_inflight *f)
{
	if (!f)
		return;
	while (f->reqs) {
		req *r = f->reqs;
		f->reqs = r->next;
		kc_client_request_cancel(r->creq);
		req_free(r);
	}
	kc_map_free(f->keys);
	free(f);
}

uint64_t kc_cm_inflight_backoff_ms(unsigned n)
{
	uint64_t d = BACKOFF_BASE_MS;
	for (unsigned i = 1; i < n && d < BACKOFF_MAX_MS; i++)
		d *= 2;
	return d < BACKOFF_MAX_MS ? d : BACKOFF_MAX_MS;
}

static key_state *state(kc_cm_inflight *f, const char *key)
{
	key_state *st = kc_map_get(f->keys, key);
	if (!st) {
		st = xcalloc(1, sizeof(*st));
		kc_map_put(f->keys, key, st);
	}
	return st;
}

/* Called whenever the key may have gone idle: decide what happens next. */
static void settle(kc_cm_inflight *f, const char *key, key_state *st)
{
	if (st->inflight || st->in_sync)
		return;
	if (st->failed) {
		st->failures++;
		st->failed = false;
		st->dirty = false;
		kc_queue_add_after(f->q, key, kc_cm_inflight_backoff_ms(st->failures));
		return;
	}
	st->failures = 0;
	bool again = st->dirty;
	kc_map_del(f->keys, key); /* frees st */
	if (again)
		kc_queue_add(f->q, key);
}

bool kc_cm_inflight_busy(kc_cm_inflight *f, const char *key)
{
	key_state *st = kc_map_get(f->keys, key);
	if (!st || !st->inflight)
		return false;
	st->dirty = true;
	return true;
}

kc_queue_result kc_cm_inflight_run(kc_cm_inflight *f, const char *key, kc_cm_inflight_sync_fn sync,
				   void *userdata)
{
	if (kc_cm_inflight_busy(f, key))
		return kc_queue_done();
	/* The key is copied: sync may add keys to the queue, and the caller's
	 * key is only borrowed. */
	_cleanup_free_ char *k = xstrdup(key);
	key_state *st = state(f, k);
	st->in_sync = true;
	int rc = sync(k, userdata);
	st = state(f, k); /* values are stable, but be plain about it */
	st->in_sync = false;
	if (rc < 0)
		st->failed = true;
	settle(f, k, st);
	return kc_queue_done();
}

static void on_answer(kc_response *resp, void *userdata)
{
	req *r = userdata;
	kc_cm_inflight *f = r->f;
	if (r->prev)
		r->prev->next = r->next;
	else
		f->reqs = r->next;
	if (r->next)
		r->next->prev = r->prev;
	f->total--;

	int rc;
	if (r->cb)
		rc = r->cb(resp, r->key, r->data);
	else
		rc = (resp->status == 0 || resp->status >= 400) ? -EIO : 0;
	key_state *st = state(f, r->key);
	st->inflight--;
	if (rc < 0)
		st->failed = true;
	settle(f, r->key, st);
	req_free(r);
}

int kc_cm_inflight_send(kc_cm_inflight *f, const char *key, const char *method, const char *path,
			const cJSON *body, kc_cm_inflight_cb cb, void *data, void (*free_data)(void *))
{
	req *r = xcalloc(1, sizeof(*r));
	r->f = f;
	r->key = xstrdup(key);
	r->cb = cb;
	r->data = data;
	r->free_data = free_data;
	_cleanup_free_ char *text = body ? kc_json_print(body) : NULL;
	int rc = kc_client_request_ex(f->client, method, path, text ? "application/json" : NULL, text,
				      text ? strlen(text) : 0, NULL, on_answer, r, &r->creq);
	if (rc < 0) {
		req_free(r);
		kc_cm_inflight_fail(f, key);
		return rc;
	}
	state(f, key)->inflight++;
	f->total++;
	r->next = f->reqs;
	if (f->reqs)
		f->reqs->prev = r;
	f->reqs = r;
	return 0;
}

void kc_cm_inflight_fail(kc_cm_inflight *f, const char *key)
{
	_cleanup_free_ char *k = xstrdup(key);
	key_state *st = state(f, k);
	st->failed = true;
	settle(f, k, st);
}

unsigned kc_cm_inflight_count(const kc_cm_inflight *f, const char *key)
{
	const key_state *st = kc_map_get(f->keys, key);
	return st ? st->inflight : 0;
}

unsigned kc_cm_inflight_total(const kc_cm_inflight *f)
{
	return f->total;
}

bool kc_cm_namespace_terminating(const kc_response *resp)
{
	if (resp->status != 403)
		return false;
	const cJSON *c;
	cJSON_ArrayForEach(c, kc_json_get(resp->body, "details.causes"))
	{
		if (streq(kc_json_get_str(c, "reason", ""), "NamespaceTerminating"))
			return true;
	}
	return false;
}
