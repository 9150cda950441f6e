/* watch.c - the incremental watch-stream decoder (see watch.h).
 *
 * A small scanner finds where each top-level JSON object ends by counting
 * brackets outside strings; its state (depth, inside a string, after a
 * backslash) survives between chunks, so every byte is looked at once.
 * cJSON then parses exactly that span and checks it properly. */
#include "watch.h"

#include <errno.h>
#include <stdio.h>

#include "util.h"

#include "banned.h"

static const char *const event_type_names[] = {
	[KC_WATCH_ADDED] = "ADDED",
	[KC_WATCH_MODIFIED] = "MODIFIED",
	[KC_WATCH_DELETED] = "DELETED",
	[KC_WATCH_BOOKMARK] = "BOOKMARK",
	[KC_WATCH_ERROR] = "ERROR",
};

const char *kc_watch_event_type_name(kc_watch_event_type t)
{
	if ((size_t)t < KC_ARRAY_SIZE(event_type_names))
		return event_type_names[t];
	return "UNKNOWN";
}

int kc_watch_event_type_parse(const char *s, kc_watch_event_type *ret)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(event_type_names); i++)
		if (s && streq(s, event_type_names[i])) {
			*ret = (kc_watch_event_type)i;
			return 0;
		}
	return -EINVAL;
}

struct kc_watch_decoder {
	kc_watch_decoder_cb cb;
	void *userdata;
	size_t max_event;

	/* Scanner state for the event being read. */
	bool in_event;  /* past the event's opening '{' */
	bool in_string; /* inside a JSON string */
	bool escape;    /* the previous byte was a backslash inside a string */
	unsigned depth; /* open '{' and '[' */
	kc_buf partial; /* the event's bytes so far, when it spans chunks */

	size_t offset;      /* stream bytes consumed before the current chunk */
	size_t event_start; /* stream offset of the current event's '{' */
	size_t events;

	kc_error failure; /* code != 0 once the stream is known bad */
};

kc_watch_decoder *kc_watch_decoder_new(size_t max_event, kc_watch_decoder_cb cb, void *userdata)
{
	kc_watch_decoder *d = xcalloc(1, sizeof(*d));
	d->cb = cb;
	d->userdata = userdata;
	d->max_event = max_event ? max_event : KC_WATCH_DECODER_DEFAULT_MAX_EVENT;
	return d;
}

void kc_watch_decoder_reset(kc_watch_decoder *d)
{
	d->in_event = d->in_string = d->escape = false;
	d->depth = 0;
	kc_buf_free(&d->partial);
	d->offset = d->event_start = d->events = 0;
	kc_error_clear(&d->failure);
}

void kc_watch_decoder_free(kc_watch_decoder *d)
{
	if (!d)
		return;
	kc_buf_free(&d->partial);
	free(d);
}

size_t kc_watch_decoder_buffered(const kc_watch_decoder *d)
{
	return d->in_event ? d->partial.len : 0;
}

size_t kc_watch_decoder_events(const kc_watch_decoder *d)
{
	return d->events;
}

/* Records the failure so later calls repeat it, and copies it to err. */
KC_PRINTF(3, 4) static int fail(kc_watch_decoder *d, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kc_error_vset(&d->failure, code, fmt, ap);
	va_end(ap);
	return code;
}

static int repeat_failure(const kc_watch_decoder *d, kc_error *err)
{
	if (err)
		*err = d->failure;
	return d->failure.code;
}

/* A short printable excerpt of bad input for error messages. */
static void excerpt(char *out, size_t outsz, const char *p, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o + 5 < outsz; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, outsz - o, "\\x%02x", c);
	}
	out[o < outsz ? o : outsz - 1] = '\0';
}

/* Parses one complete event (p, n) that started at stream offset start and
 * hands it to the callback. */
static int decode_event(kc_watch_decoder *d, const char *p, size_t n, size_t start)
{
	const char *end = NULL;
	_cleanup_json_ cJSON *root = cJSON_ParseWithLengthOpts(p, n, &end, false);
	if (!root || end != p + n) {
		size_t at = (end && end >= p && end <= p + n) ? (size_t)(end - p) : 0;
		size_t from = at > 16 ? at - 16 : 0;
		char near[160];
		excerpt(near, sizeof(near), p + from, n - from < 32 ? n - from : 32);
		return fail(d, -EBADMSG, "malformed watch event at byte %zu of the stream: invalid JSON near \"%s\"",
			    start + at, near);
	}
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(root, "type");
	if (!cJSON_IsString(type))
		return fail(d, -EBADMSG, "malformed watch event at byte %zu of the stream: no \"type\" string", start);
	kc_watch_event_type t;
	if (kc_watch_event_type_parse(type->valuestring, &t) < 0) {
		char name[160];
		excerpt(name, sizeof(name), type->valuestring, strnlen(type->valuestring, 64));
		return fail(d, -EBADMSG, "got invalid watch event type \"%s\" at byte %zu of the stream", name, start);
	}
	cJSON *object = cJSON_DetachItemFromObjectCaseSensitive(root, "object");
	if (!cJSON_IsObject(object)) {
		cJSON_Delete(object);
		return fail(d, -EBADMSG, "malformed watch event at byte %zu of the stream: %s event without an object",
			    start, type->valuestring);
	}
	d->events++;
	bool steal = false;
	int r = d->cb ? d->cb(t, object, &steal, d->userdata) : 0;
	if (!steal)
		cJSON_Delete(object);
	return r;
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Advances the scanner over p[i..len). Returns true with *ret_end at the
 * index of the byte that closes the event, false if the chunk ended first
 * (or the nesting got too deep: d->failure is set then). */
static bool scan(kc_watch_decoder *d, const char *p, size_t i, size_t len, size_t *ret_end)
{
	for (; i < len; i++) {
		unsigned char b = (unsigned char)p[i];
		if (d->in_string) {
			if (d->escape)
				d->escape = false;
			else if (b == '\\')
				d->escape = true;
			else if (b == '"')
				d->in_string = false;
		} else if (b == '"') {
			d->in_string = true;
		} else if (b == '{' || b == '[') {
			if (++d->depth > KC_WATCH_DECODER_MAX_DEPTH) {
				fail(d, -EBADMSG, "malformed watch event at byte %zu of the stream: nesting deeper than %d levels",
				     d->event_start, KC_WATCH_DECODER_MAX_DEPTH);
				return false;
			}
		} else if ((b == '}' || b == ']') && --d->depth == 0) {
			*ret_end = i;
			return true;
		}
	}
	return false;
}

int kc_watch_decoder_feed(kc_watch_decoder *d, const void *data, size_t len, kc_error *err)
{
	const char *p = data;
	size_t i = 0;
	int r = 0;

	if (d->failure.code)
		return repeat_failure(d, err);

	while (i < len) {
		if (!d->in_event) {
			unsigned char c = (unsigned char)p[i];
			if (is_space(c)) {
				i++;
				continue;
			}
			if (c != '{') {
				char what[16];
				excerpt(what, sizeof(what), p + i, 1);
				r = fail(d, -EBADMSG,
					 "malformed watch event at byte %zu of the stream: invalid character '%s' "
					 "looking for beginning of value",
					 d->offset + i, what);
				break;
			}
			d->in_event = true;
			d->in_string = d->escape = false;
			d->depth = 0; /* scan() counts the '{' */
			d->event_start = d->offset + i;
			kc_buf_reset(&d->partial);
		}
		/* p[i..] continues the event whose earlier bytes (if any) are in
		 * partial. */
		/* Scan no further than the size limit allows, so that which
		 * limit an oversized, deeply nested event hits first depends on
		 * its bytes alone, never on how the stream was chunked. */
		size_t start = i, end = 0;
		size_t room = d->max_event - d->partial.len;
		size_t stop = len - start > room ? start + room : len;
		bool done = scan(d, p, i, stop, &end);
		if (d->failure.code) {
			r = d->failure.code;
			break;
		}
		if (!done && stop < len) {
			r = fail(d, -EMSGSIZE, "watch event at byte %zu of the stream is larger than the limit of %zu bytes",
				 d->event_start, d->max_event);
			break;
		}
		if (!done) {
			kc_buf_add(&d->partial, p + start, len - start);
			break;
		}
		d->in_event = false;
		i = end + 1;
		if (d->partial.len) {
			kc_buf_add(&d->partial, p + start, end + 1 - start);
			r = decode_event(d, d->partial.s, d->partial.len, d->event_start);
			kc_buf_reset(&d->partial);
		} else {
			/* The whole event is in this chunk: parse it in place. */
			r = decode_event(d, p + start, end + 1 - start, d->event_start);
		}
		if (r < 0)
			break;
	}
	d->offset += len;
	if (r < 0 && d->failure.code)
		return repeat_failure(d, err);
	return r;
}

int kc_watch_decoder_finish(kc_watch_decoder *d, kc_error *err)
{
	int r = 0;
	if (d->failure.code)
		r = repeat_failure(d, err);
	else if (d->in_event)
		r = kc_error_set(err, -ENODATA,
				 "unexpected EOF: the watch stream ended inside an event (%zu bytes from byte %zu)",
				 d->partial.len, d->event_start);
	kc_watch_decoder_reset(d);
	return r;
}
