/* stream.h - streaming GETs of API paths whose body is not JSON and may
 * never end (kc logs -f): the body reaches a callback piece by piece as it
 * arrives, for several requests at once on the context's event loop.
 *
 * The requests carry the credentials and TLS settings of the context's
 * client (kubeconfig + flags). A request that fails is worded as kubectl
 * words it: "Error from server (BadRequest): pod x does not have a host
 * assigned" for an error Status, the connection messages otherwise.
 *
 * Ownership: a kc_streams owns its requests; kc_streams_free cancels what
 * is still running. */
#ifndef KC_CTL_STREAM_H
#define KC_CTL_STREAM_H

#include <stddef.h>

#include "ctl/kc.h"

/* Takes one piece of a body; returns 0 to go on, negative to stop it. */
typedef int (*kc_stream_data_fn)(const char *data, size_t len, void *userdata);

typedef struct kc_streams kc_streams;

/* A set of streams on ctx's client and loop; NULL (error printed) when the
 * client cannot be made. */
kc_streams *kc_streams_new(kc_ctx *ctx);
/* Starts a GET of path (query escaped by the caller). Returns its index. */
int kc_streams_add(kc_streams *s, const char *path, kc_stream_data_fn on_data, void *userdata);
/* Runs the loop until every stream has ended. */
void kc_streams_run(kc_streams *s);
/* The failure of stream i, as kubectl prints it (without "error: " for
 * non-server errors), or NULL when it ended well. Borrowed. */
const char *kc_streams_error(const kc_streams *s, int i);
/* The same failure as Go's err.Error() says it (a Status's message alone),
 * what kubectl logs --ignore-errors prints after "error: ". */
const char *kc_streams_message(const kc_streams *s, int i);
void kc_streams_free(kc_streams *s);

/* The URL of an API path on the context's server ("https://host:6443" +
 * path), as requests go; NULL when the client cannot be made. Caller frees. */
char *kc_stream_url(kc_ctx *ctx, const char *path);

#endif
