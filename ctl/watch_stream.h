/* watch_stream.h - one watch request as `kubectl get -w` makes it: a GET
 * with ?watch=true whose events are handed over as they arrive, with the
 * Accept header the caller chooses (application/json;as=Table;... for
 * server-side table rows), and no reconnection: when the server ends the
 * stream, the watch is over, as kubectl's UntilWithoutRetry ends.
 *
 * It talks to the server with the connection settings of the context's
 * client (server URL, TLS material, token or basic auth, user agent).
 * Why not kc_client_watch: that one cannot send an Accept header (so no
 * Tables) and reconnects by itself; if it grows both options this file can
 * go.
 *
 * Ownership: the stream belongs to the caller (kc_watch_stream_stop frees
 * it); objects handed to on_event are borrowed for the call. */
#ifndef KC_CTL_WATCH_STREAM_H
#define KC_CTL_WATCH_STREAM_H

#include <cjson/cJSON.h>

#include "common/client.h"
#include "common/watch.h"

typedef struct kc_watch_stream kc_watch_stream;

typedef void (*kc_watch_stream_event_cb)(kc_watch_event_type type, cJSON *object, void *userdata);
/* The stream is over: error NULL when the server ended it cleanly, else
 * kubectl's message ("Error from server (Gone): ..." or a transport
 * failure). Called once, from the loop; the stream must still be stopped. */
typedef void (*kc_watch_stream_end_cb)(const char *error, void *userdata);

/* Starts the watch of path (which may carry a query) from resource_version
 * ("" or NULL: none sent). accept: the Accept header value, NULL for JSON.
 * Returns NULL with err when the client's settings cannot be used. */
kc_watch_stream *kc_watch_stream_start(kc_client *c, const char *path, const char *resource_version,
				       const char *accept, kc_watch_stream_event_cb on_event,
				       kc_watch_stream_end_cb on_end, void *userdata, kc_error *err);
/* Stops (no callback runs afterwards) and frees. NULL is ignored. */
void kc_watch_stream_stop(kc_watch_stream *w);

#endif
