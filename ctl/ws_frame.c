/* ws_frame.c - the WebSocket frame codec (RFC 6455 §5.2) and handshake
 * key of websocket.h: pure, so tests and the fuzzer use it alone (the
 * fuzzer compiles this file into itself; it needs only libkc and OpenSSL). */
#include "ctl/websocket.h"

#include <errno.h>
#include <openssl/evp.h>

#include "common/base64.h"
#include "banned.h"

void kc_ws_frame_encode(kc_buf *out, int opcode, bool fin, const void *payload, size_t len,
			const unsigned char *mask)
{
	unsigned char h[14];
	size_t n = 0;
	h[n++] = (unsigned char)((fin ? 0x80 : 0) | (opcode & 0x0f));
	unsigned char m = mask ? 0x80 : 0;
	if (len < 126) {
		h[n++] = (unsigned char)(m | len);
	} else if (len <= 0xffff) {
		h[n++] = m | 126;
		h[n++] = (unsigned char)(len >> 8);
		h[n++] = (unsigned char)len;
	} else {
		h[n++] = m | 127;
		for (int i = 7; i >= 0; i--)
			h[n++] = (unsigned char)((uint64_t)len >> (8 * i));
	}
	if (mask) {
		memcpy(h + n, mask, 4);
		n += 4;
	}
	kc_buf_add(out, h, n);
	size_t start = out->len;
	kc_buf_add(out, payload, len);
	if (mask)
		for (size_t i = 0; i < len; i++)
			out->s[start + i] ^= (char)mask[i & 3];
}

long kc_ws_frame_parse(unsigned char *buf, size_t len, kc_ws_frame *ret)
{
	if (len < 2)
		return 0;
	if (buf[0] & 0x70)
		return -EPROTO; /* reserved bits: no extension was negotiated */
	int opcode = buf[0] & 0x0f;
	bool control = opcode & 0x08;
	if (!(opcode <= KC_WS_BINARY || (opcode >= KC_WS_CLOSE && opcode <= KC_WS_PONG)))
		return -EPROTO;
	bool fin = buf[0] & 0x80;
	if (control && !fin)
		return -EPROTO;
	bool masked = buf[1] & 0x80;
	uint64_t plen = buf[1] & 0x7f;
	size_t pos = 2;
	if (plen == 126) {
		if (len < 4)
			return 0;
		plen = ((uint64_t)buf[2] << 8) | buf[3];
		pos = 4;
	} else if (plen == 127) {
		if (len < 10)
			return 0;
		if (buf[2] & 0x80)
			return -EPROTO;
		plen = 0;
		for (int i = 0; i < 8; i++)
			plen = (plen << 8) | buf[2 + i];
		pos = 10;
	}
	if (control && plen > 125)
		return -EPROTO;
	if (plen > KC_WS_MAX_MESSAGE)
		return -E2BIG;
	unsigned char mask[4] = {0};
	if (masked) {
		if (len < pos + 4)
			return 0;
		memcpy(mask, buf + pos, 4);
		pos += 4;
	}
	if (len - pos < plen)
		return 0;
	if (masked)
		for (size_t i = 0; i < plen; i++)
			buf[pos + i] ^= mask[i & 3];
	ret->fin = fin;
	ret->opcode = opcode;
	ret->masked = masked;
	ret->payload = buf + pos;
	ret->len = (size_t)plen;
	return (long)(pos + plen);
}

char *kc_ws_accept_key(const char *key)
{
	static const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
	_cleanup_free_ char *s = xasprintf("%s%s", key, guid);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_Digest(s, strlen(s), md, &mdlen, EVP_sha1(), NULL);
	return kc_base64_encode(md, mdlen);
}

