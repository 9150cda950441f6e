/* yaml_emit.c - cJSON -> YAML as `kubectl get -o yaml` prints it (see yaml.h).
 *
 * Events go to libyaml's emitter, the C original that go-yaml's emitter was
 * ported from, with go-yaml's choices made here: which strings must be
 * quoted, how numbers print, in which order keys come. */
#define KC_YAML_WANT_LIBYAML 1
#include <yaml.h> /* libyaml, then ours (see yaml.h) */
#include "yaml.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include "yaml_scalar.h"

#include "banned.h"

typedef struct emitter {
	yaml_emitter_t e;
	kc_error *err;
} emitter;

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
	kc_buf_add(data, buffer, size);
	return 1;
}

static int emit(emitter *em, yaml_event_t *ev)
{
	if (!yaml_emitter_emit(&em->e, ev)) /* the event is freed either way */
		return kc_error_set(em->err, -EINVAL, "error converting JSON to YAML: %s",
		                    em->e.problem ? em->e.problem : "emitter error");
	return 0;
}

static int emit_scalar(emitter *em, const char *s, size_t len, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	if (len > INT_MAX)
		return kc_error_set(em->err, -E2BIG, "error converting JSON to YAML: a string of %zu bytes",
		                    len);
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (const yaml_char_t *)s, (int)len, 1, 1, style))
		return kc_error_set(em->err, -EINVAL, "error converting JSON to YAML: cannot emit a scalar");
	return emit(em, &ev);
}

/* go-yaml v2's stringv: plain when the text reads back as the same string,
 * a literal block when it has line breaks, else double quotes. libyaml then
 * falls back to quoting where plain style cannot hold the text. One
 * deliberate difference: go-yaml writes a key "<<" plain, which reads back
 * as a merge key; kc quotes it so the output reads back as it was. */
static int emit_string(emitter *em, const char *s, bool is_key)
{
	size_t len = strlen(s);
	_cleanup_free_ char *clean = kc_yaml_utf8_sanitize(s, len);
	if (clean) {
		s = clean;
		len = strlen(s);
	}
	yaml_scalar_style_t style;
	kc_yaml_value v;
	kc_yaml_resolve_plain(s, len, true, &v);
	if (memchr(s, '\n', len))
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (v.kind == KC_YV_STR && !kc_yaml_is_base60_float(s, len) && !(is_key && streq(s, "<<")))
		style = YAML_PLAIN_SCALAR_STYLE;
	else
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	return emit_scalar(em, s, len, style);
}

/* A key decoded to code points once, for go-yaml's key order. */
typedef struct sortkey {
	const cJSON *item;
	const char *key;
	size_t idx;
	uint32_t *runes;
	size_t nrunes;
} sortkey;

static bool rune_is_letter(uint32_t r)
{
	if (r < 0x80)
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
	/* unicode.IsLetter, roughly: most non-ASCII text in keys is letters;
	 * Latin-1 signs, combining marks, punctuation, symbols, emoji and
	 * private use are not. */
	if (r == 0xAA || r == 0xB5 || r == 0xBA)
		return true;
	if (r < 0xC0 || r == 0xD7 || r == 0xF7 || (r >= 0x300 && r < 0x370))
		return false;
	if ((r >= 0x2000 && r < 0x2C00) || (r >= 0x3000 && r < 0x3040) || (r >= 0xE000 && r < 0xF900) ||
	    (r >= 0xFE00 && r < 0xFE70) || (r >= 0xFF00 && r < 0xFF21) || (r >= 0xFFF0 && r <= 0xFFFF) ||
	    (r >= 0x1F000 && r < 0x1FC00))
		return false;
	return true;
}

static bool rune_is_digit(uint32_t r)
{
	return r >= '0' && r <= '9';
}

/* go-yaml v2's keyList.Less: letters compare as such, runs of digits
 * numerically ("a2" < "a10"), other characters before letters. */
static bool go_key_less(const sortkey *x, const sortkey *y)
{
	const uint32_t *a = x->runes, *b = y->runes;
	size_t na = x->nrunes, nb = y->nrunes;
	for (size_t i = 0; i < na && i < nb; i++) {
		if (a[i] == b[i])
			continue;
		bool al = rune_is_letter(a[i]), bl = rune_is_letter(b[i]);
		if (al && bl)
			return a[i] < b[i];
		if (al || bl)
			return bl;
		uint64_t an = 0, bn = 0; /* Go's int64 arithmetic, wrapping */
		size_t ai, bi;
		if (a[i] == '0' || b[i] == '0') {
			for (size_t j = i; j-- > 0 && rune_is_digit(a[j]);) {
				if (a[j] != '0') {
					an = bn = 1;
					break;
				}
			}
		}
		for (ai = i; ai < na && rune_is_digit(a[ai]); ai++)
			an = an * 10 + (a[ai] - '0');
		for (bi = i; bi < nb && rune_is_digit(b[bi]); bi++)
			bn = bn * 10 + (b[bi] - '0');
		if (an != bn)
			return (int64_t)an < (int64_t)bn;
		if (ai != bi)
			return ai < bi;
		return a[i] < b[i];
	}
	return na < nb;
}

static int cmp_bytes(const sortkey *a, const sortkey *b)
{
	int c = strcmp(a->key, b->key);
	return c ? c : a->idx < b->idx ? -1 : 1;
}

static int cmp_go(const sortkey *a, const sortkey *b)
{
	if (go_key_less(a, b))
		return -1;
	if (go_key_less(b, a))
		return 1;
	return a->idx < b->idx ? -1 : 1;
}

/* Merge sort: stays in bounds whatever the comparator says, and is stable. */
static void sort_keys(sortkey *v, sortkey *tmp, size_t n, int (*cmp)(const sortkey *, const sortkey *))
{
	if (n < 2)
		return;
	size_t h = n / 2;
	sort_keys(v, tmp, h, cmp);
	sort_keys(v + h, tmp, n - h, cmp);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static int emit_value(emitter *em, const cJSON *j, int depth);

static int emit_object(emitter *em, const cJSON *j, int depth)
{
	yaml_event_t ev;
	size_t n = 0, m = 0;
	int r = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, j) n++;
	sortkey *keys = xcalloc(n ? n : 1, sizeof(*keys));
	sortkey *tmp = xcalloc(n ? n : 1, sizeof(*tmp));
	cJSON_ArrayForEach(it, j)
	{
		sortkey *k = &keys[m];
		k->item = it;
		k->idx = m++;
		k->key = it->string ? it->string : "";
	}
	/* A Go map holds each key once: of repeated keys the last one counts. */
	sort_keys(keys, tmp, n, cmp_bytes);
	m = 0;
	for (size_t i = 0; i < n; i++)
		if (i + 1 == n || !streq(keys[i].key, keys[i + 1].key))
			keys[m++] = keys[i];
	n = m;
	for (size_t i = 0; i < n; i++) {
		const char *s = keys[i].key;
		size_t len = strlen(s), off = 0, k;
		uint32_t cp;
		keys[i].runes = xcalloc(len ? len : 1, sizeof(uint32_t));
		while (off < len) {
			k = kc_yaml_utf8_seq((const unsigned char *)s + off, len - off, &cp);
			keys[i].runes[keys[i].nrunes++] = k ? cp : 0xFFFD;
			off += k ? k : 1;
		}
	}
	sort_keys(keys, tmp, n, cmp_go);

	if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE))
		r = kc_error_set(em->err, -EINVAL, "error converting JSON to YAML: cannot emit a mapping");
	else
		r = emit(em, &ev);
	for (size_t i = 0; i < n && r >= 0; i++) {
		if ((r = emit_string(em, keys[i].key, true)) >= 0)
			r = emit_value(em, keys[i].item, depth + 1);
	}
	if (r >= 0) {
		yaml_mapping_end_event_initialize(&ev);
		r = emit(em, &ev);
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i].runes);
	free(keys);
	free(tmp);
	return r;
}

static int emit_value(emitter *em, const cJSON *j, int depth)
{
	yaml_event_t ev;
	char buf[64];
	int r;
	if (depth > KC_YAML_MAX_DEPTH)
		return kc_error_set(em->err, -ELOOP,
		                    "error converting JSON to YAML: exceeded max depth of %d",
		                    KC_YAML_MAX_DEPTH);
	switch (j->type & 0xFF) {
	case cJSON_NULL:
		return emit_scalar(em, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	case cJSON_False:
		return emit_scalar(em, "false", 5, YAML_PLAIN_SCALAR_STYLE);
	case cJSON_True:
		return emit_scalar(em, "true", 4, YAML_PLAIN_SCALAR_STYLE);
	case cJSON_Number:
		if ((r = kc_yaml_format_number(j->valuedouble, buf, sizeof(buf), em->err)) < 0)
			return kc_error_prefix(em->err, "error converting JSON to YAML: ");
		return emit_scalar(em, buf, strlen(buf), YAML_PLAIN_SCALAR_STYLE);
	case cJSON_String:
		return emit_string(em, j->valuestring ? j->valuestring : "", false);
	case cJSON_Array: {
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE))
			return kc_error_set(em->err, -EINVAL,
			                    "error converting JSON to YAML: cannot emit a sequence");
		if ((r = emit(em, &ev)) < 0)
			return r;
		const cJSON *it;
		cJSON_ArrayForEach(it, j)
		{
			if ((r = emit_value(em, it, depth + 1)) < 0)
				return r;
		}
		yaml_sequence_end_event_initialize(&ev);
		return emit(em, &ev);
	}
	case cJSON_Object:
		return emit_object(em, j, depth);
	default:
		return kc_error_set(em->err, -EINVAL,
		                    "error converting JSON to YAML: value of cJSON type %d has no JSON form",
		                    j->type & 0xFF);
	}
}

int kc_yaml_from_json(const cJSON *json, kc_buf *out, kc_error *err)
{
	emitter em = {.err = err};
	yaml_event_t ev;
	size_t start = out->len;
	int r = 0;
	if (!json)
		return kc_error_set(err, -EINVAL, "error converting JSON to YAML: no value");
	if (!yaml_emitter_initialize(&em.e))
		return kc_error_set(err, -ENOMEM, "error converting JSON to YAML: out of memory");
	yaml_emitter_set_output(&em.e, write_handler, out);
	yaml_emitter_set_unicode(&em.e, 1);
	yaml_emitter_set_width(&em.e, 80);
	yaml_emitter_set_indent(&em.e, 2);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	if ((r = emit(&em, &ev)) < 0)
		goto out;
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	if ((r = emit(&em, &ev)) < 0)
		goto out;
	if ((r = emit_value(&em, json, 0)) < 0)
		goto out;
	yaml_document_end_event_initialize(&ev, 1);
	if ((r = emit(&em, &ev)) < 0)
		goto out;
	yaml_stream_end_event_initialize(&ev);
	if ((r = emit(&em, &ev)) < 0)
		goto out;
	if (!yaml_emitter_flush(&em.e)) {
		r = kc_error_set(err, -EIO, "error converting JSON to YAML: cannot flush output");
		goto out;
	}
	/* After a block scalar keeping trailing newlines (|+) libyaml 0.2.5 ends
	 * the stream with "...", go-yaml v2 does not. A line "..." at column 0
	 * can only be that marker: block scalar lines are indented. */
	if (out->len - start >= 4 && memcmp(out->s + out->len - 4, "...\n", 4) == 0 &&
	    (out->len - start == 4 || out->s[out->len - 5] == '\n')) {
		out->len -= 4;
		out->s[out->len] = '\0';
	}
out:
	yaml_emitter_delete(&em.e);
	return r;
}

char *kc_yaml_print(const cJSON *json, kc_error *err)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	if (kc_yaml_from_json(json, &b, err) < 0)
		return NULL;
	return kc_buf_release(&b);
}
