/* fuzz_ws_frame.c - the WebSocket frame parser kc exec/attach/port-forward
 * run on what the server sends: any bytes must parse, ask for more, or be
 * refused, never read out of bounds; what parses must encode back to a
 * frame that parses the same. The codec is compiled in (it lives in ctl/,
 * which fuzzers do not link). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ws_frame.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	size_t off = 0;
	while (off < size) {
		kc_ws_frame f;
		long n = kc_ws_frame_parse(buf + off, size - off, &f);
		if (n <= 0)
			break;
		if ((size_t)n > size - off || f.payload < buf + off || f.payload + f.len > buf + off + (size_t)n)
			abort();
		/* re-encode (unmasked) and parse again: the same frame */
		kc_buf b = KC_BUF_INIT;
		kc_ws_frame_encode(&b, f.opcode, f.fin, f.payload, f.len, NULL);
		kc_ws_frame g;
		if (kc_ws_frame_parse((unsigned char *)b.s, b.len, &g) != (long)b.len || g.len != f.len ||
		    g.opcode != f.opcode || g.fin != f.fin || (f.len && memcmp(g.payload, f.payload, f.len) != 0))
			abort();
		kc_buf_free(&b);
		off += (size_t)n;
	}
	free(buf);
	return 0;
}
