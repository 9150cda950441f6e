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

/* Each byte's value as a base64 digit plus one (0: not a digit), and the
 * two other bytes the decoder knows: whitespace (skipped) and '='. */
enum { B64_SPACE = 65, B64_PAD = 66 };
static const unsigned char digits[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8, ['I'] = 9,
	['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17,
	['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25,
	['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33,
	['h'] = 34, ['i'] = 35, ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41,
	['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49,
	['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
	['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
	[' '] = B64_SPACE, ['\n'] = B64_SPACE, ['\r'] = B64_SPACE, ['\t'] = B64_SPACE, ['='] = B64_PAD,
};

int kc_base64_decode(const char *s, size_t len, char **ret, size_t *ret_len)
{
	char *out = xmalloc(len / 4 * 3 + 4);
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0, pad = 0, ndigits = 0;
	for (size_t i = 0; i < len; i++) {
		int v = digits[(unsigned char)s[i]];
		if (v == B64_SPACE)
			continue;
		if (v == B64_PAD) {
			pad++;
			continue;
		}
		if (v == 0 || pad) { /* a digit after padding is malformed too */
			free(out);
			return -EINVAL;
		}
		v--;
		ndigits++;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)(acc >> bits & 0xff);
		}
	}
	/* 4n digits, or 4n+2 / 4n+3 with the padding optional; never 4n+1. */
	if (ndigits % 4 == 1 || pad > 2 || (pad && (ndigits + pad) % 4 != 0)) {
		free(out);
		return -EINVAL;
	}
	out[o] = '\0';
	if (ret_len)
		*ret_len = o;
	*ret = out;
	return 0;
}
