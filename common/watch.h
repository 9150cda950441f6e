/* watch.h - an incremental decoder for the Kubernetes JSON watch stream.
 *
 * kube-apiserver answers a `?watch=1` GET with one JSON object per event,
 * each followed by a newline (Go's json.Encoder):
 *
 *     {"type":"ADDED","object":{"kind":"Pod",...}}\n
 *     {"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"12"}}}\n
 *
 * The decoder takes the body in whatever chunks the network delivers (an
 * event may be split anywhere, even inside a string or a UTF-8 sequence;
 * one chunk may hold many events; blank lines and other whitespace between
 * events are skipped; newlines are not even required, as with client-go's
 * json.Decoder) and hands each complete event to a callback. It is pure: no
 * I/O, no event loop, so tests and fuzzers drive it directly.
 *
 * Cost is linear in the bytes fed, however small the chunks: the decoder
 * keeps its JSON scanner's state between calls and never rescans. Events
 * that arrive whole inside one chunk are parsed in place; only a partial
 * event at the end of a chunk is copied.
 *
 *     kc_watch_decoder *d = kc_watch_decoder_new(0, on_event, ctx);
 *     while ((n = read(...)) > 0)
 *             if (kc_watch_decoder_feed(d, buf, n, &err) < 0) break;
 *     kc_watch_decoder_finish(d, &err);   // -ENODATA: stream cut mid-event
 *     kc_watch_decoder_free(d);
 */
#ifndef KC_WATCH_H
#define KC_WATCH_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef enum kc_watch_event_type {
	KC_WATCH_ADDED,
	KC_WATCH_MODIFIED,
	KC_WATCH_DELETED,
	KC_WATCH_BOOKMARK,
	KC_WATCH_ERROR, /* object is a Status; client.h: a 410 never reaches on_event (on_gone runs instead) */
} kc_watch_event_type;

/* "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR" ("UNKNOWN" otherwise). */
const char *kc_watch_event_type_name(kc_watch_event_type t);
/* Parses one of the names above (case-sensitive, as upstream); 0 or -EINVAL. */
int kc_watch_event_type_parse(const char *s, kc_watch_event_type *ret);

/* The largest event the decoder accepts by default. etcd refuses values over
 * 1.5 MiB and the apiserver request bodies over 3 MiB, so a real event is far
 * below this; the bound only stops a broken or hostile server from making a
 * client buffer without end. */
#define KC_WATCH_DECODER_DEFAULT_MAX_EVENT ((size_t)16 << 20)
/* JSON nesting deeper than this is refused before cJSON sees it (cJSON's
 * own limit is 1000; real objects nest a few dozen levels). */
#define KC_WATCH_DECODER_MAX_DEPTH 512

/* Called once per complete event. object is the event's "object" and is
 * borrowed: it is freed when the callback returns (cJSON_Duplicate it, or
 * set *steal (never NULL) to true to take ownership and free it yourself).
 * Return 0 to go on, or a negative errno to make kc_watch_decoder_feed stop
 * at once and return that value (the rest of the chunk is dropped; reset or
 * free the decoder afterwards). */
typedef int (*kc_watch_decoder_cb)(kc_watch_event_type type, cJSON *object, bool *steal, void *userdata);

typedef struct kc_watch_decoder kc_watch_decoder;

/* max_event: the largest accepted event in bytes (0: the default above). */
kc_watch_decoder *kc_watch_decoder_new(size_t max_event, kc_watch_decoder_cb cb, void *userdata);
void kc_watch_decoder_free(kc_watch_decoder *d);
/* Forgets any partial event and error state, as for a new stream. */
void kc_watch_decoder_reset(kc_watch_decoder *d);

/* Feeds the next len bytes of the stream, calling the callback for every
 * event they complete. Returns 0, the callback's negative value, or:
 *   -EBADMSG   malformed JSON, an event that is not an object, a missing or
 *              unknown "type", a missing or non-object "object";
 *   -EMSGSIZE  an event longer than max_event (detected as soon as the
 *              bytes pass the bound, before the event is complete);
 * with err saying what and at which byte of the stream. After an error the
 * decoder refuses more input (-EBADMSG/-EMSGSIZE again) until reset. */
int kc_watch_decoder_feed(kc_watch_decoder *d, const void *data, size_t len, kc_error *err);

/* Declares the end of the stream. Returns 0 when it ended cleanly between
 * events, -ENODATA ("unexpected EOF") when it stopped inside an event, or
 * the stored error if the decoder had failed. The decoder is reset. */
int kc_watch_decoder_finish(kc_watch_decoder *d, kc_error *err);

/* Bytes of a partial event held right now (0 between events). */
size_t kc_watch_decoder_buffered(const kc_watch_decoder *d);
/* Events delivered since creation or the last reset. */
size_t kc_watch_decoder_events(const kc_watch_decoder *d);

#endif
