/* fuzz_watch.c - the watch-stream decoder on arbitrary bytes, fed in chunks
 * whose sizes the input's first byte seeds. The same bytes fed in one piece
 * must give the same events and the same error, message included: chunking
 * must never change what the decoder sees. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/util.h"
#include "common/watch.h"

typedef struct trace {
	kc_buf log;
	uint32_t rng;
} trace;

static uint32_t next(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static int on_event(kc_watch_event_type type, cJSON *object, bool *steal, void *userdata)
{
	trace *t = userdata;
	char *s = cJSON_PrintUnformatted(object);
	kc_buf_addf(&t->log, "%s %s\n", kc_watch_event_type_name(type), s ? s : "?");
	free(s);
	/* Sometimes take the object, as a client keeping it would. */
	if (next(&t->rng) % 4 == 0) {
		*steal = true;
		cJSON_Delete(object);
	}
	return 0;
}

static int run(const uint8_t *data, size_t size, size_t max, uint32_t seed, bool chunked, kc_buf *out)
{
	trace t = {KC_BUF_INIT, seed};
	kc_watch_decoder *d = kc_watch_decoder_new(max, on_event, &t);
	kc_error err = KC_ERROR_INIT;
	int r = 0;
	size_t off = 0;
	uint32_t sizes = seed ^ 0x9e3779b9u;
	while (off < size && r == 0) {
		size_t n = size - off;
		if (chunked) {
			size_t want = 1 + next(&sizes) % 97;
			if (want < n)
				n = want;
		}
		r = kc_watch_decoder_feed(d, data + off, n, &err);
		if (kc_watch_decoder_buffered(d) > max)
			abort(); /* never more than the bound is held */
		off += n;
	}
	int f = kc_watch_decoder_finish(d, r == 0 ? &err : NULL);
	kc_buf_addf(out, "%s--\n%d %d %s\n", kc_buf_str(&t.log), r, f, err.msg);
	kc_buf_free(&t.log);
	kc_watch_decoder_free(d);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint32_t seed = data[0];
	size_t max = (data[0] & 1) ? 256 : 0; /* small bound half the time */
	data++;
	size--;
	kc_buf a = KC_BUF_INIT, b = KC_BUF_INIT;
	run(data, size, max ? max : KC_WATCH_DECODER_DEFAULT_MAX_EVENT, seed, true, &a);
	run(data, size, max ? max : KC_WATCH_DECODER_DEFAULT_MAX_EVENT, seed, false, &b);
	if (!streq(kc_buf_str(&a), kc_buf_str(&b))) {
		fprintf(stderr, "chunked:\n%s\nwhole:\n%s\n", kc_buf_str(&a), kc_buf_str(&b));
		abort();
	}
	kc_buf_free(&a);
	kc_buf_free(&b);
	return 0;
}
