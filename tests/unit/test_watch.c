/* test_watch.c - the incremental watch-stream decoder. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/util.h"
#include "common/watch.h"

/* What the callback saw, one line per event: "TYPE name rv". */
typedef struct seen {
	kc_buf log;
	size_t n;
	size_t stop_after; /* return -ECANCELED after this many events (0: never) */
	cJSON *stolen;     /* steal the objects, chained here */
} seen;

static int record(kc_watch_event_type type, cJSON *object, bool *steal, void *userdata)
{
	seen *s = userdata;
	const cJSON *md = cJSON_GetObjectItemCaseSensitive(object, "metadata");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(md, "name");
	const cJSON *rv = cJSON_GetObjectItemCaseSensitive(md, "resourceVersion");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(object, "code");
	kc_buf_addf(&s->log, "%s %s %s", kc_watch_event_type_name(type), cJSON_IsString(name) ? name->valuestring : "-",
		    cJSON_IsString(rv) ? rv->valuestring : "-");
	if (cJSON_IsNumber(code))
		kc_buf_addf(&s->log, " %d", code->valueint);
	kc_buf_addch(&s->log, '\n');
	s->n++;
	if (s->stolen) {
		*steal = true;
		cJSON_AddItemToArray(s->stolen, object);
	}
	if (s->stop_after && s->n >= s->stop_after)
		return -ECANCELED;
	return 0;
}

/* A stream with everything awkward: escapes and brackets inside strings,
 * multi-byte UTF-8, \u escapes, blank lines, CRLF, two events on one line
 * without a newline between them, a trailing event without a newline. */
static const char sample[] =
	"{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"1\"},"
	"\"spec\":{\"s\":\"\xc3\xa9 \\\" \\\\ {[ ]} \\\\\",\"l\":[1,[2,{\"x\":[]}]]}}}\n"
	"\n"
	"  \t\n"
	"{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"b\\u00e9\xe2\x82\xac\",\"resourceVersion\":\"2\"}}}\r\n"
	"{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"metadata\":{\"resourceVersion\":\"3\"}}}\n"
	"{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"4\"}}}"
	"{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"code\":500,\"message\":\"}\"}}\n"
	"{ \"type\" : \"ADDED\" , \"object\" : { \"metadata\" : { \"name\" : \"c\" } } }";

static const char sample_log[] = "ADDED a 1\n"
				 "MODIFIED b\xc3\xa9\xe2\x82\xac 2\n"
				 "BOOKMARK - 3\n"
				 "DELETED a 4\n"
				 "ERROR - - 500\n"
				 "ADDED c -\n";

static void feed_ok(kc_watch_decoder *d, const char *p, size_t n, const char *what)
{
	kc_error err = KC_ERROR_INIT;
	int r = kc_watch_decoder_feed(d, p, n, &err);
	if (r != 0)
		fail_msg("%s: feed returned %d: %s", what, r, err.msg);
}

/* Every split of the sample into three chunks gives the same events. */
static void test_every_split(void **state)
{
	(void)state;
	size_t n = sizeof(sample) - 1;
	seen s = {0};
	kc_watch_decoder *d = kc_watch_decoder_new(0, record, &s);
	char what[64];
	for (size_t i = 0; i <= n; i++) {
		for (size_t j = i; j <= n; j += (j < i + 8 || j + 8 > n) ? 1 : 7) {
			kc_watch_decoder_reset(d);
			kc_buf_reset(&s.log);
			s.n = 0;
			snprintf(what, sizeof(what), "split at %zu and %zu", i, j);
			feed_ok(d, sample, i, what);
			feed_ok(d, sample + i, j - i, what);
			feed_ok(d, sample + j, n - j, what);
			kc_error err = KC_ERROR_INIT;
			if (kc_watch_decoder_finish(d, &err) != 0)
				fail_msg("%s: finish: %s", what, err.msg);
			if (!streq(kc_buf_str(&s.log), sample_log))
				fail_msg("%s: got\n%s", what, kc_buf_str(&s.log));
		}
	}
	kc_watch_decoder_free(d);
	kc_buf_free(&s.log);
}

static void test_byte_at_a_time(void **state)
{
	(void)state;
	seen s = {0};
	kc_watch_decoder *d = kc_watch_decoder_new(0, record, &s);
	for (size_t i = 0; i < sizeof(sample) - 1; i++) {
		feed_ok(d, sample + i, 1, "byte at a time");
		/* Between events nothing is held; inside one, what was fed. */
		assert_true(kc_watch_decoder_buffered(d) <= i + 1);
	}
	assert_int_equal(kc_watch_decoder_finish(d, NULL), 0);
	assert_string_equal(kc_buf_str(&s.log), sample_log);
	kc_watch_decoder_free(d);
	kc_buf_free(&s.log);
}

/* A 2 MiB event fed one byte at a time: quadratic rescanning would take
 * minutes here; the decoder keeps its scan state and takes milliseconds. */
static void test_big_event_linear(void **state)
{
	(void)state;
	size_t fill = (size_t)2 << 20;
	kc_buf ev = KC_BUF_INIT;
	kc_buf_addstr(&ev, "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"big\"},\"data\":\"");
	kc_buf_grow(&ev, fill + 64);
	for (size_t i = 0; i < fill; i++)
		kc_buf_addch(&ev, (char)('a' + i % 26));
	kc_buf_addstr(&ev, "\"}}\n");
	seen s = {0};
	kc_watch_decoder *d = kc_watch_decoder_new(0, record, &s);
	for (size_t i = 0; i < ev.len; i++)
		feed_ok(d, ev.s + i, 1, "big event");
	assert_int_equal(s.n, 1);
	assert_string_equal(kc_buf_str(&s.log), "ADDED big -\n");
	assert_int_equal(kc_watch_decoder_events(d), 1);
	kc_watch_decoder_free(d);
	kc_buf_free(&s.log);
	kc_buf_free(&ev);
}

typedef struct bad_case {
	const char *name;
	const char *input;
	int want;          /* from feed */
	const char *msg;   /* substring of err.msg */
	size_t events;     /* delivered before the failure */
} bad_case;

static const bad_case bad_cases[] = {
	{"array at top", "[1,2]\n", -EBADMSG, "invalid character '[' looking for beginning of value", 0},
	{"string at top", "\"ADDED\"\n", -EBADMSG, "invalid character '\"'", 0},
	{"garbage after event", "{\"type\":\"ADDED\",\"object\":{}} x", -EBADMSG, "invalid character 'x'", 1},
	{"extra brace", "{\"type\":\"ADDED\",\"object\":{}}}\n", -EBADMSG, "at byte 28 of the stream", 1},
	{"no object", "{\"type\":\"ADDED\"}\n", -EBADMSG, "ADDED event without an object", 0},
	{"object not an object", "{\"type\":\"ADDED\",\"object\":[]}\n", -EBADMSG, "without an object", 0},
	{"no type", "{\"object\":{}}\n", -EBADMSG, "no \"type\" string", 0},
	{"type not a string", "{\"type\":5,\"object\":{}}\n", -EBADMSG, "no \"type\" string", 0},
	{"unknown type", "{\"type\":\"ADDED\",\"object\":{}}\n{\"type\":\"added\",\"object\":{}}\n", -EBADMSG,
	 "got invalid watch event type \"added\" at byte 29", 1},
	{"bad literal", "{\"type\":\"ADDED\",\"object\":{\"a\":tru}}\n", -EBADMSG, "invalid JSON near", 0},
	{"missing colon", "{\"type\" \"ADDED\",\"object\":{}}\n", -EBADMSG, "malformed watch event at byte", 0},
	{"control byte", "\x01", -EBADMSG, "invalid character '\\x01'", 0},
	{"mismatched bracket", "{\"type\":\"ADDED\",\"object\":{\"a\":[}]}\n", -EBADMSG, "invalid JSON", 0},
};

static void test_bad_events(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(bad_cases); i++) {
		const bad_case *c = &bad_cases[i];
		seen s = {0};
		kc_watch_decoder *d = kc_watch_decoder_new(0, record, &s);
		kc_error err = KC_ERROR_INIT;
		int r = kc_watch_decoder_feed(d, c->input, strlen(c->input), &err);
		if (r != c->want || !strstr(err.msg, c->msg) || s.n != c->events)
			fail_msg("case %s: got %d (%s) after %zu events, want %d (%s) after %zu", c->name, r, err.msg,
				 s.n, c->want, c->msg, c->events);
		/* The decoder stays failed until reset. */
		kc_error again = KC_ERROR_INIT;
		if (kc_watch_decoder_feed(d, "{}", 2, &again) != c->want || !streq(again.msg, err.msg))
			fail_msg("case %s: not sticky: %s", c->name, again.msg);
		if (kc_watch_decoder_finish(d, NULL) != c->want)
			fail_msg("case %s: finish forgot the failure", c->name);
		/* finish resets: a good event decodes now. */
		feed_ok(d, "{\"type\":\"DELETED\",\"object\":{}}", 30, c->name);
		kc_watch_decoder_free(d);
		kc_buf_free(&s.log);
	}
}

static void test_too_deep(void **state)
{
	(void)state;
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "{\"type\":\"ADDED\",\"object\":{\"a\":");
	for (int i = 0; i < KC_WATCH_DECODER_MAX_DEPTH + 10; i++)
		kc_buf_addch(&b, '[');
	seen s = {0};
	kc_watch_decoder *d = kc_watch_decoder_new(0, record, &s);
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_watch_decoder_feed(d, b.s, b.len, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "nesting deeper than 512 levels"));
	kc_watch_decoder_free(d);
	kc_buf_free(&b);
	/* Just under the limit is fine (cJSON's own limit is 1000). */
	kc_buf_addstr(&b, "{\"type\":\"ADDED\",\"object\":{\"a\":");
	for (int i = 0; i < KC_WATCH_DECODER_MAX_DEPTH - 3; i++)
		kc_buf_addch(&b, '[');
	for (int i = 0; i < KC_WATCH_DECODER_MAX_DEPTH - 3; i++)
		kc_buf_addch(&b, ']');
	kc_buf_addstr(&b, "}}");
	d = kc_watch_decoder_new(0, record, &s);
	feed_ok(d, b.s, b.len, "deep but allowed");
	assert_int_equal(s.n, 1);
	kc_watch_decoder_free(d);
	kc_buf_free(&b);
	kc_buf_free(&s.log);
}

typedef struct end_case {
	const char *name;
	const char *input;
	int want; /* from finish */
	const char *msg;
} end_case;

static const end_case end_cases[] = {
	{"empty stream", "", 0, ""},
	{"only whitespace", "\n\n \r\n", 0, ""},
	{"complete event", "{\"type\":\"ADDED\",\"object\":{}}", 0, ""},
	{"complete event and newline", "{\"type\":\"ADDED\",\"object\":{}}\n\n", 0, ""},
	{"cut inside a string", "{\"type\":\"ADDED\",\"object\":{\"a\":\"b", -ENODATA,
	 "unexpected EOF: the watch stream ended inside an event (32 bytes from byte 0)"},
	{"cut after the brace", "\n{", -ENODATA, "(1 bytes from byte 1)"},
	{"cut inside UTF-8", "{\"type\":\"ADDED\",\"object\":{\"a\":\"\xc3", -ENODATA, "unexpected EOF"},
	{"second event cut", "{\"type\":\"ADDED\",\"object\":{}}\n{\"type\"", -ENODATA, "from byte 29"},
};

static void test_end_of_stream(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(end_cases); i++) {
		const end_case *c = &end_cases[i];
		seen s = {0};
		kc_watch_decoder *d = kc_watch_decoder_new(0, record, &s);
		feed_ok(d, c->input, strlen(c->input), c->name);
		kc_error err = KC_ERROR_INIT;
		int r = kc_watch_decoder_finish(d, &err);
		if (r != c->want || !strstr(err.msg, c->msg))
			fail_msg("case %s: finish gave %d (%s), want %d (%s)", c->name, r, err.msg, c->want, c->msg);
		assert_int_equal(kc_watch_decoder_buffered(d), 0);
		kc_watch_decoder_free(d);
		kc_buf_free(&s.log);
	}
}

static void test_oversized(void **state)
{
	(void)state;
	static const char ev[] = "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"0123456789012345678901234567\"}}}";
	size_t n = sizeof(ev) - 1; /* 80 bytes */
	struct {
		size_t max;
		size_t first_chunk;
		int want;
	} cases[] = {
		{n, n, 0},              /* exactly at the limit */
		{n - 1, n, -EMSGSIZE},  /* one over, whole */
		{n - 1, 1, -EMSGSIZE},  /* one over, in pieces */
		{40, 41, -EMSGSIZE},    /* found before the event is complete */
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		seen s = {0};
		kc_watch_decoder *d = kc_watch_decoder_new(cases[i].max, record, &s);
		kc_error err = KC_ERROR_INIT;
		int r = 0;
		size_t off = 0, chunk = cases[i].first_chunk;
		while (off < n && r == 0) {
			size_t k = n - off < chunk ? n - off : chunk;
			r = kc_watch_decoder_feed(d, ev + off, k, &err);
			off += k;
			if (cases[i].max == 40 && r < 0)
				assert_int_equal(off, 41); /* failed on the first chunk */
		}
		if (r != cases[i].want)
			fail_msg("oversized case %zu: got %d (%s)", i, r, err.msg);
		if (r < 0) {
			assert_non_null(strstr(err.msg, "is larger than the limit of"));
			assert_int_equal(s.n, 0);
			/* Nothing beyond the limit was buffered. */
			assert_true(kc_watch_decoder_buffered(d) <= cases[i].max);
		} else {
			assert_int_equal(s.n, 1);
		}
		kc_watch_decoder_free(d);
		kc_buf_free(&s.log);
	}
}

/* An event both too large and too deep fails on whichever limit its bytes
 * reach first, however the stream is chunked (found by fuzz/watch). */
static void test_limits_independent_of_chunking(void **state)
{
	(void)state;
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "{\"type\":");
	for (int i = 0; i < KC_WATCH_DECODER_MAX_DEPTH + 10; i++)
		kc_buf_addch(&b, '[');
	struct {
		size_t max;
		const char *msg;
	} cases[] = {
		{256, "is larger than the limit of 256 bytes"},   /* size limit reached first */
		{4096, "nesting deeper than 512 levels"},         /* depth limit reached first */
	};
	size_t chunks[] = {1, 8, 57, 400, b.len};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++)
		for (size_t k = 0; k < KC_ARRAY_SIZE(chunks); k++) {
			size_t chunk = chunks[k];
			seen s = {0};
			kc_watch_decoder *d = kc_watch_decoder_new(cases[i].max, record, &s);
			kc_error err = KC_ERROR_INIT;
			int r = 0;
			for (size_t off = 0; off < b.len && r == 0; off += chunk)
				r = kc_watch_decoder_feed(d, b.s + off, b.len - off < chunk ? b.len - off : chunk, &err);
			if (r == 0 || !strstr(err.msg, cases[i].msg))
				fail_msg("max %zu, chunks of %zu: got %d (%s), want \"%s\"", cases[i].max, chunk, r,
					 err.msg, cases[i].msg);
			kc_watch_decoder_free(d);
		}
	kc_buf_free(&b);
}

static void test_callback_stops_and_steals(void **state)
{
	(void)state;
	seen s = {.stop_after = 2};
	s.stolen = cJSON_CreateArray();
	kc_watch_decoder *d = kc_watch_decoder_new(0, record, &s);
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_watch_decoder_feed(d, sample, sizeof(sample) - 1, &err), -ECANCELED);
	assert_int_equal(s.n, 2);
	assert_int_equal(err.code, 0); /* the callback's choice is not a stream error */
	assert_int_equal(cJSON_GetArraySize(s.stolen), 2);
	const cJSON *first = cJSON_GetArrayItem(s.stolen, 0);
	assert_string_equal(cJSON_GetObjectItem(first, "kind")->valuestring, "Pod");
	cJSON_Delete(s.stolen);
	kc_watch_decoder_free(d);
	kc_buf_free(&s.log);
}

static void test_type_names(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int want;
		kc_watch_event_type type;
	} cases[] = {
		{"ADDED", 0, KC_WATCH_ADDED},       {"MODIFIED", 0, KC_WATCH_MODIFIED}, {"DELETED", 0, KC_WATCH_DELETED},
		{"BOOKMARK", 0, KC_WATCH_BOOKMARK}, {"ERROR", 0, KC_WATCH_ERROR},       {"added", -EINVAL, 0},
		{"", -EINVAL, 0},                   {"ADDEDX", -EINVAL, 0},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_watch_event_type t = KC_WATCH_ERROR;
		int r = kc_watch_event_type_parse(cases[i].name, &t);
		if (r != cases[i].want || (r == 0 && (t != cases[i].type ||
						     !streq(kc_watch_event_type_name(t), cases[i].name))))
			fail_msg("type name case \"%s\": got %d", cases[i].name, r);
	}
	assert_string_equal(kc_watch_event_type_name((kc_watch_event_type)42), "UNKNOWN");
	kc_watch_event_type t;
	assert_int_equal(kc_watch_event_type_parse(NULL, &t), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_split),
		cmocka_unit_test(test_byte_at_a_time),
		cmocka_unit_test(test_big_event_linear),
		cmocka_unit_test(test_bad_events),
		cmocka_unit_test(test_too_deep),
		cmocka_unit_test(test_end_of_stream),
		cmocka_unit_test(test_oversized),
		cmocka_unit_test(test_limits_independent_of_chunking),
		cmocka_unit_test(test_callback_stops_and_steals),
		cmocka_unit_test(test_type_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
