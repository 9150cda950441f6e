/* base64.c - RFC 4648 base64 (see base64.h). */
#include "base64.h"

#include <errno.h>
#include <stdint.h>

#include "util.h"
#include "banned.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *kc_base64_encode(const void *data, size_t n)
{
	const unsigned char *p = data;
	char *out = xmalloc((n + 2) / 3 * 4 + 1);
	size_t o = 0, i = 0;
	for (; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
		out[o++] = alphabet[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	return out;
}

static int value_of(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int kc_base64_decode(const char *s, size_t len, char **ret, size_t *ret_len)
{
	char *out = xmalloc(len / 4 * 3 + 4);
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0, pad = 0, digits = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		int v = value_of(c);
		if (v < 0 || pad) { /* a digit after padding is malformed too */
			free(out);
			return -EINVAL;
		}
		digits++;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)(acc >> bits & 0xff);
		}
	}
	/* 4n digits, or 4n+2 / 4n+3 with the padding optional; never 4n+1. */
	if (digits % 4 == 1 || pad > 2 || (pad && (digits + pad) % 4 != 0)) {
		free(out);
		return -EINVAL;
	}
	out[o] = '\0';
	if (ret_len)
		*ret_len = o;
	*ret = out;
	return 0;
}
