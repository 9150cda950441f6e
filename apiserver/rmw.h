/* rmw.h - read, modify, write with retries (upstream's GuaranteedUpdate).
 *
 * The object is read from etcd, the mutate function computes the new
 * version from it, and a transaction writes it only if nobody wrote in
 * between. When someone did, mutate runs again on the fresh version (which
 * the failed transaction returned, so no extra read). Requests that pinned
 * a resourceVersion fail inside mutate with 409 instead. Updates that end
 * with a deletionTimestamp and no finalizers delete the object. */
#ifndef KC_APISERVER_RMW_H
#define KC_APISERVER_RMW_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "apiserver/request.h"

typedef struct api_rmw api_rmw;

enum { API_RMW_WRITE = 0, API_RMW_UNCHANGED = 1, API_RMW_FAIL = -1 };

/* current: the stored object with resourceVersion (NULL when absent and
 * allow_create is set). Returns API_RMW_WRITE with *ret_new (taken),
 * API_RMW_UNCHANGED (current is the answer), or API_RMW_FAIL with
 * *ret_status (taken). */
typedef int (*api_rmw_mutate)(api_rmw *op, const cJSON *current, cJSON **ret_new, cJSON **ret_status);
/* Sends the answer; stored has its new resourceVersion (taken). NULL: reply
 * with the object (201 when created, else 200). */
typedef void (*api_rmw_reply)(api_rmw *op, cJSON *stored, bool created, bool deleted);
/* Continues a write after prepare_write: status NULL writes, a Status
 * (taken) fails the request. */
typedef void (*api_rmw_cont)(api_rmw *op, cJSON *status);

struct api_rmw {
	api_req *r;
	char *key;  /* taken */
	char *name; /* taken; for messages (NULL: the request's name) */
	api_rmw_mutate mutate;
	api_rmw_reply reply;
	void *data; /* the handler's own state */
	void (*free_data)(void *data);
	void *reply_data; /* for the reply function; not freed */
	/* Optional, for what a write holds outside the object (a Service's
	 * IPs and ports): prepare_write runs after mutate and before each write
	 * attempt and may take resources (calling cont once); after_write runs
	 * after the attempt: written tells whether next is now stored (then
	 * release what current held and next does not), or not (release what
	 * prepare_write took for next). current is NULL on create. */
	void (*prepare_write)(api_rmw *op, cJSON *next, const cJSON *current, api_rmw_cont cont);
	void (*after_write)(api_rmw *op, const cJSON *next, const cJSON *current, bool written);
	bool allow_create; /* a missing object is created (AllowCreateOnUpdate) */
	/* internal */
	int attempts;
	int64_t cur_rev;
	cJSON *current; /* the version the pending write replaces */
	cJSON *pending;
	bool creating, deleting;
};

/* Runs op (allocated by the caller with xcalloc; freed when done). */
void api_rmw_start(api_rmw *op);

/* The stored form of obj and its etcd key helper for handlers. */
char *api_req_key(const api_req *r, const char *name);

#endif
