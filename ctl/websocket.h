/* websocket.h - a small RFC 6455 WebSocket client for the API server's
 * streaming subresources (pods/exec, pods/attach, pods/portforward), as
 * kubectl 1.30+ speaks to them: an HTTP/1.1 GET upgraded to a WebSocket
 * whose binary messages carry one channel byte then data
 * (v5.channel.k8s.io / v4.channel.k8s.io).
 *
 * The connection is blocking, used from one thread with poll(): kc_ws_fd()
 * tells when to read, kc_ws_buffered() whether TLS already holds data.
 * Credentials and TLS settings come from the context's client config.
 *
 * The frame codec is separate and pure (kc_ws_frame_*), for tests and the
 * fuzzer: the server's frames are untrusted input.
 *
 * Ownership: kc_ws_open returns a connection the caller closes with
 * kc_ws_close; messages are appended to the caller's kc_buf. */
#ifndef KC_CTL_WEBSOCKET_H
#define KC_CTL_WEBSOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl/kc.h"
#include "common/util.h"

/* ---- frames (RFC 6455 §5.2) ---- */

enum {
	KC_WS_CONTINUATION = 0x0,
	KC_WS_TEXT = 0x1,
	KC_WS_BINARY = 0x2,
	KC_WS_CLOSE = 0x8,
	KC_WS_PING = 0x9,
	KC_WS_PONG = 0xA,
};

/* Largest message accepted from a server (a reassembled message). */
#define KC_WS_MAX_MESSAGE (64u << 20)

typedef struct kc_ws_frame {
	bool fin;
	int opcode;
	bool masked;
	const unsigned char *payload; /* into the parsed buffer, unmasked in place */
	size_t len;
} kc_ws_frame;

/* Appends one frame to out. A client masks with mask (4 bytes; NULL: no
 * mask, as a server sends). */
void kc_ws_frame_encode(kc_buf *out, int opcode, bool fin, const void *payload, size_t len,
			const unsigned char *mask);

/* Parses the frame at the start of buf[0..len): returns the frame's total
 * size (> 0) with *ret filled and the payload unmasked in place, 0 when
 * more bytes are needed, or -EPROTO for what RFC 6455 forbids (reserved
 * bits, unknown opcodes, fragmented or long control frames, 64-bit lengths
 * with the top bit set) and -E2BIG past KC_WS_MAX_MESSAGE. */
long kc_ws_frame_parse(unsigned char *buf, size_t len, kc_ws_frame *ret);

/* Sec-WebSocket-Accept for a key: base64(SHA-1(key + RFC 6455's GUID)).
 * New string. */
char *kc_ws_accept_key(const char *key);

/* ---- connections ---- */

typedef struct kc_ws kc_ws;

/* Connects to path (with its query) on the context's server and upgrades,
 * offering protocols (NULL-terminated, most preferred first). When the
 * server refuses the upgrade, returns NULL with *ret_err (caller frees)
 * worded as kubectl prints it: "Error from server (BadRequest): pod x does
 * not have a host assigned" for a Status, connection errors as the client
 * words them. */
kc_ws *kc_ws_open(kc_ctx *ctx, const char *path, const char *const *protocols, char **ret_err);
/* The subprotocol the server chose ("" if none). */
const char *kc_ws_protocol(const kc_ws *ws);
/* The socket to poll for reading. */
int kc_ws_fd(const kc_ws *ws);
/* Whether data is already buffered (TLS records read ahead): read without
 * waiting for the socket. */
bool kc_ws_buffered(const kc_ws *ws);
/* Sends one binary message. Returns 0 or a negative errno. */
int kc_ws_send(kc_ws *ws, const void *data, size_t len);
/* Reads one whole data message into msg (replacing its contents), answering
 * pings on the way. Returns 1 for a message, 0 when the server closed the
 * connection, a negative errno on failure. Blocks until a message is in. */
int kc_ws_recv(kc_ws *ws, kc_buf *msg);
/* Sends a close frame (best effort) and frees. NULL is ignored. */
void kc_ws_close(kc_ws *ws);

#endif
