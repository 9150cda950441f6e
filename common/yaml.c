/* yaml.c - YAML -> JSON as kubectl reads it (see yaml.h); the other way is in
 * yaml_emit.c.
 *
 * libyaml's parser produces events; a composer turns the first document of a
 * chunk into a small node tree (aliases point at their anchored node, so the
 * tree stays as small as the text); the converter walks it applying go-yaml
 * v2's scalar typing (yaml_scalar.c), merge keys and alias-bomb guard and
 * sigs.k8s.io/yaml's key conversion, building cJSON. */
#define KC_YAML_WANT_LIBYAML 1
#include <yaml.h> /* libyaml, then ours (see yaml.h) */
#include "yaml.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>

#include "map.h"
#include "yaml_scalar.h"

#include "banned.h"

#define TAG_PREFIX     "tag:yaml.org,2002:"
#define CONVERT_PREFIX "error converting YAML to JSON: "

/* ======================================================================
 * Splitting a stream into documents (apimachinery's YAMLReader)
 * ====================================================================== */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int next_chunk(const char *data, size_t len, size_t *pos, unsigned *line, unsigned *index,
                      kc_yaml_chunk *ch, kc_error *err)
{
	size_t start = SIZE_MAX;
	unsigned start_line = 0;
	while (*pos < len) {
		size_t ls = *pos;
		const char *nl = memchr(data + ls, '\n', len - ls);
		size_t le = nl ? (size_t)(nl - data) + 1 : len;
		unsigned this_line = (*line)++;
		*pos = le;
		if (le - ls >= 3 && memcmp(data + ls, "---", 3) == 0) {
			size_t i = ls + 3, e = le;
			while (i < e && is_blank(data[i]))
				i++;
			while (e > i && is_blank(data[e - 1]))
				e--;
			if (i < e && data[i] != '#')
				return kc_error_set(err, -EINVAL,
				                    "invalid Yaml document separator: %.*s (line %u)",
				                    (int)(e - i > 200 ? 200 : e - i), data + i, this_line);
			if (start != SIZE_MAX) {
				*ch = (kc_yaml_chunk){data + start, ls - start, start_line, (*index)++};
				return 1;
			}
			continue;
		}
		if (start == SIZE_MAX) {
			start = ls;
			start_line = this_line;
		}
	}
	if (start != SIZE_MAX) {
		*ch = (kc_yaml_chunk){data + start, len - start, start_line, (*index)++};
		return 1;
	}
	return 0;
}

int kc_yaml_split(const char *data, size_t len, kc_yaml_chunk **ret_chunks, size_t *ret_n, kc_error *err)
{
	_cleanup_free_ kc_yaml_chunk *v = NULL;
	size_t n = 0, cap = 0, pos = 0;
	unsigned line = 1, index = 0;
	kc_yaml_chunk ch;
	int r;
	while ((r = next_chunk(data, len, &pos, &line, &index, &ch, err)) > 0) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = ch;
	}
	if (r < 0)
		return r;
	*ret_chunks = TAKE_PTR(v);
	*ret_n = n;
	return 0;
}

/* ======================================================================
 * Composer: libyaml events -> node tree for the first document
 * ====================================================================== */

enum { N_SCALAR, N_SEQ, N_MAP, N_ALIAS };

typedef struct ynode {
	int kind;
	bool implicit; /* scalar: plain style without a tag (or with "!") */
	bool busy;     /* collection still being read (for self-references) */
	char *tag;     /* NULL when none */
	char *value;   /* scalar text, NUL-terminated; alias: the anchor name */
	size_t len;
	struct ynode **kids; /* sequence items, or mapping key, value, key, ... */
	size_t n, cap;
	struct ynode *target; /* alias: the anchored node */
	unsigned line, col;
} ynode;

typedef struct composer {
	yaml_parser_t parser;
	bool parser_ready;
	ynode **all; /* every node, for freeing */
	size_t nall, capall;
	ynode **stack; /* open collections */
	size_t depth, capstack;
	kc_map *anchors; /* name -> ynode* (not owned) */
	ynode *root;
	const char *data;
	size_t len;
	unsigned first_line;
	kc_error *err;
} composer;

static void composer_free(composer *c)
{
	for (size_t i = 0; i < c->nall; i++) {
		free(c->all[i]->tag);
		free(c->all[i]->value);
		free(c->all[i]->kids);
		free(c->all[i]);
	}
	free(c->all);
	free(c->stack);
	kc_map_free(c->anchors);
	if (c->parser_ready)
		yaml_parser_delete(&c->parser);
}

static int node_error(kc_error *err, int code, unsigned line, unsigned col, const char *fmt, ...)
    KC_PRINTF(5, 6);
static int node_error(kc_error *err, int code, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[KC_ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return kc_error_set(err, code, CONVERT_PREFIX "yaml: line %u, column %u: %s", line, col, msg);
}

/* Line and column (1-based) of a byte offset in the chunk. */
static void offset_position(const composer *c, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = c->first_line, k = 1;
	for (size_t i = 0; i < off && i < c->len; i++) {
		if (c->data[i] == '\n') {
			l++;
			k = 1;
		} else if (((unsigned char)c->data[i] & 0xC0) != 0x80) {
			k++;
		}
	}
	*line = l;
	*col = k;
}

static int parser_error(composer *c)
{
	yaml_parser_t *p = &c->parser;
	const char *problem = p->problem ? p->problem : "unknown problem parsing YAML content";
	unsigned line, col;
	if (p->error == YAML_MEMORY_ERROR)
		return kc_error_set(c->err, -ENOMEM, CONVERT_PREFIX "yaml: out of memory");
	if (p->error == YAML_READER_ERROR) {
		offset_position(c, p->problem_offset, &line, &col);
		return node_error(c->err, -EINVAL, line, col, "%s", problem);
	}
	line = (unsigned)p->problem_mark.line + c->first_line;
	col = (unsigned)p->problem_mark.column + 1;
	if (p->context && (p->context_mark.line != p->problem_mark.line ||
	                   p->context_mark.column != p->problem_mark.column))
		return node_error(c->err, -EINVAL, line, col, "%s (%s at line %u, column %u)", problem,
		                  p->context, (unsigned)p->context_mark.line + c->first_line,
		                  (unsigned)p->context_mark.column + 1);
	return node_error(c->err, -EINVAL, line, col, "%s", problem);
}

static ynode *node_new(composer *c, int kind, const yaml_mark_t *m)
{
	ynode *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->line = (unsigned)m->line + c->first_line;
	n->col = (unsigned)m->column + 1;
	if (c->nall == c->capall) {
		c->capall = c->capall ? 2 * c->capall : 64;
		c->all = xrealloc(c->all, c->capall * sizeof(*c->all));
	}
	c->all[c->nall++] = n;
	return n;
}

static void node_attach(composer *c, ynode *n)
{
	if (c->depth == 0) {
		if (!c->root)
			c->root = n;
		return;
	}
	ynode *parent = c->stack[c->depth - 1];
	if (parent->n == parent->cap) {
		parent->cap = parent->cap ? 2 * parent->cap : 4;
		parent->kids = xrealloc(parent->kids, parent->cap * sizeof(*parent->kids));
	}
	parent->kids[parent->n++] = n;
}

static int compose_event(composer *c, yaml_event_t *ev, bool *done)
{
	ynode *n;
	const char *anchor = NULL;
	switch (ev->type) {
	case YAML_DOCUMENT_END_EVENT:
	case YAML_STREAM_END_EVENT:
		*done = true; /* go-yaml reads the first document only */
		return 0;
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;
		ynode *target = kc_map_get(c->anchors, name);
		unsigned line = (unsigned)ev->start_mark.line + c->first_line;
		unsigned col = (unsigned)ev->start_mark.column + 1;
		if (!target)
			return node_error(c->err, -EINVAL, line, col, "unknown anchor '%s' referenced", name);
		if (target->busy)
			return node_error(c->err, -EINVAL, line, col, "anchor '%s' value contains itself",
			                  name);
		n = node_new(c, N_ALIAS, &ev->start_mark);
		n->target = target;
		n->value = xstrdup(name);
		node_attach(c, n);
		return 0;
	}
	case YAML_SCALAR_EVENT:
		n = node_new(c, N_SCALAR, &ev->start_mark);
		/* all the bytes: a "\0" escape must not shorten what len covers */
		n->len = ev->data.scalar.length;
		n->value = xmalloc(n->len + 1);
		memcpy(n->value, ev->data.scalar.value, n->len);
		n->value[n->len] = '\0';
		n->implicit = ev->data.scalar.plain_implicit;
		if (ev->data.scalar.tag)
			n->tag = xstrdup((const char *)ev->data.scalar.tag);
		anchor = (const char *)ev->data.scalar.anchor;
		node_attach(c, n);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (c->depth >= KC_YAML_MAX_DEPTH)
			return node_error(c->err, -ELOOP, (unsigned)ev->start_mark.line + c->first_line,
			                  (unsigned)ev->start_mark.column + 1, "exceeded max depth of %d",
			                  KC_YAML_MAX_DEPTH);
		n = node_new(c, ev->type == YAML_SEQUENCE_START_EVENT ? N_SEQ : N_MAP, &ev->start_mark);
		anchor =
		    (const char *)(ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
		                                                         : ev->data.mapping_start.anchor);
		node_attach(c, n);
		n->busy = true;
		if (c->depth == c->capstack) {
			c->capstack = c->capstack ? 2 * c->capstack : 16;
			c->stack = xrealloc(c->stack, c->capstack * sizeof(*c->stack));
		}
		c->stack[c->depth++] = n;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (c->depth > 0)
			c->stack[--c->depth]->busy = false;
		return 0;
	default:
		return 0;
	}
	if (anchor)
		kc_map_put(c->anchors, anchor, n); /* a redefined anchor: the last one counts */
	return 0;
}

static int compose(composer *c)
{
	c->anchors = kc_map_new(NULL);
	if (!yaml_parser_initialize(&c->parser))
		return kc_error_set(c->err, -ENOMEM, CONVERT_PREFIX "yaml: out of memory");
	c->parser_ready = true;
	yaml_parser_set_input_string(&c->parser, (const unsigned char *)c->data, c->len);
	for (;;) {
		yaml_event_t ev;
		bool done = false;
		if (!yaml_parser_parse(&c->parser, &ev))
			return parser_error(c);
		int r = compose_event(c, &ev, &done);
		yaml_event_delete(&ev);
		if (r < 0)
			return r;
		if (done)
			return 0;
	}
}

/* ======================================================================
 * Converter: node tree -> cJSON
 * ====================================================================== */

typedef struct conv {
	unsigned flags;
	size_t decodes, aliased; /* go-yaml's decodeCount and aliasCount */
	int alias_depth;
	const ynode *alias_site; /* outermost alias being expanded, for errors */
	size_t alias_bytes, max_alias_bytes;
	kc_error *err;
} conv;

/* go-yaml's allowedAliasRatio: small documents may be mostly aliases,
 * large ones only a little, so a few lines cannot expand into gigabytes. */
static double allowed_alias_ratio(size_t decodes)
{
	if (decodes <= 400000)
		return 0.99;
	if (decodes >= 4000000)
		return 0.10;
	return 0.99 - 0.89 * ((double)(decodes - 400000) / 3600000.0);
}

static int aliasing_error(conv *c, const ynode *n)
{
	if (c->alias_site)
		n = c->alias_site;
	return node_error(c->err, -ELOOP, n->line, n->col, "document contains excessive aliasing");
}

/* Entering and leaving the expansion of an alias. */
static void alias_enter(conv *c, const ynode *alias)
{
	if (c->alias_depth++ == 0)
		c->alias_site = alias;
}

static void alias_leave(conv *c)
{
	if (--c->alias_depth == 0)
		c->alias_site = NULL;
}

static int conv_count(conv *c, const ynode *n)
{
	c->decodes++;
	if (c->alias_depth > 0)
		c->aliased++;
	if (c->aliased > 100 && c->decodes > 1000 &&
	    (double)c->aliased / (double)c->decodes > allowed_alias_ratio(c->decodes))
		return aliasing_error(c, n);
	return 0;
}

/* Strings copied because of aliases count too: one long string behind a
 * chain of aliases would otherwise pass the node count. */
static int conv_bytes(conv *c, const ynode *n, size_t len)
{
	if (c->alias_depth == 0)
		return 0;
	c->alias_bytes += len + 16;
	if (c->alias_bytes > c->max_alias_bytes)
		return aliasing_error(c, n);
	return 0;
}

static int b64_value(unsigned char c)
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

/* base64.StdEncoding.DecodeString (padding required, CR/LF ignored). */
static char *b64_decode(const char *s, size_t len, size_t *ret_len)
{
	kc_buf out = KC_BUF_INIT;
	unsigned quad[4];
	size_t q = 0, pad = 0;
	kc_buf_addstr(&out, "");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' || c == '\n')
			continue;
		if (pad > 0 && c != '=')
			goto bad;
		if (c == '=') {
			if (q < 2)
				goto bad;
			pad++;
			quad[q++] = 0;
		} else {
			int v = b64_value(c);
			if (v < 0)
				goto bad;
			quad[q++] = (unsigned)v;
		}
		if (q == 4) {
			unsigned char bytes[3] = {(unsigned char)(quad[0] << 2 | quad[1] >> 4),
			                          (unsigned char)(quad[1] << 4 | quad[2] >> 2),
			                          (unsigned char)(quad[2] << 6 | quad[3])};
			kc_buf_add(&out, bytes, 3 - pad);
			q = 0;
			if (pad)
				pad = 3; /* nothing may follow padding */
		}
	}
	if (q != 0)
		goto bad;
	*ret_len = out.len;
	return kc_buf_release(&out);
bad:
	kc_buf_free(&out);
	return NULL;
}

static const char *short_tag(const char *tag, char *buf, size_t n)
{
	if (str_startswith(tag, TAG_PREFIX))
		snprintf(buf, n, "!!%s", tag + strlen(TAG_PREFIX));
	else
		snprintf(buf, n, "%s", tag);
	return buf;
}

static const char *vkind_tag(kc_yaml_vkind k)
{
	switch (k) {
	case KC_YV_NULL:
		return TAG_PREFIX "null";
	case KC_YV_BOOL:
		return TAG_PREFIX "bool";
	case KC_YV_INT:
	case KC_YV_UINT:
		return TAG_PREFIX "int";
	case KC_YV_FLOAT:
		return TAG_PREFIX "float";
	case KC_YV_TIMESTAMP:
		return TAG_PREFIX "timestamp";
	case KC_YV_STR:
		break;
	}
	return TAG_PREFIX "str";
}

/* go-yaml v2's decoder for one scalar node: *ret_str gets a new string for
 * !!binary (else NULL, and string values are n->value). Strings holding a NUL
 * byte are refused: a cJSON string would silently end there. */
static int resolve_node(conv *c, const ynode *n, kc_yaml_value *v, char **ret_str)
{
	size_t len = n->len;
	*ret_str = NULL;
	memset(v, 0, sizeof(*v));
	v->kind = KC_YV_STR;
	if (!n->tag && !n->implicit) /* quoted or block scalar */
		goto str;
	const char *tag = n->tag ? n->tag : "";
	bool resolvable = !*tag;
	static const char *const resolvable_tags[] = {"str", "bool", "int", "float", "timestamp", "null"};
	if (str_startswith(tag, TAG_PREFIX))
		for (size_t k = 0; k < KC_ARRAY_SIZE(resolvable_tags); k++)
			if (streq(tag + strlen(TAG_PREFIX), resolvable_tags[k]))
				resolvable = true;
	if (!resolvable) {
		if (streq(tag, TAG_PREFIX "binary")) {
			*ret_str = b64_decode(n->value, n->len, &len);
			if (!*ret_str)
				return node_error(c->err, -EINVAL, n->line, n->col,
				                  "!!binary value contains invalid base64 data");
			if (strlen(*ret_str) != len) {
				free(TAKE_PTR(*ret_str));
				return node_error(
				    c->err, -EINVAL, n->line, n->col,
				    "!!binary value holds a NUL byte, which kc strings cannot carry");
			}
			/* encoding/json then turns bytes that are not UTF-8 into U+FFFD */
			char *fixed = kc_yaml_utf8_sanitize(*ret_str, len);
			if (fixed) {
				free(*ret_str);
				*ret_str = fixed;
			}
			return 0;
		}
		goto str; /* other tags are ignored: the text is a string */
	}
	if (streq(tag, TAG_PREFIX "str"))
		goto str;
	bool want_ts = !*tag || streq(tag, TAG_PREFIX "timestamp");
	kc_yaml_resolve_plain(n->value, n->len, want_ts, v);
	if (!*tag || streq(tag, vkind_tag(v->kind)))
		goto str;
	if (streq(tag, TAG_PREFIX "float") && (v->kind == KC_YV_INT || v->kind == KC_YV_UINT)) {
		v->f = v->kind == KC_YV_INT ? (double)v->i : (double)v->u;
		v->kind = KC_YV_FLOAT;
		return 0;
	}
	char have[64], want[256];
	return node_error(c->err, -EINVAL, n->line, n->col, "cannot decode %s `%.200s` as a %s",
	                  short_tag(vkind_tag(v->kind), have, sizeof(have)), n->value,
	                  short_tag(tag, want, sizeof(want)));
str:
	if (v->kind == KC_YV_STR && strlen(n->value) != len)
		return node_error(c->err, -EINVAL, n->line, n->col,
		                  "string holds a NUL character (\\0), which kc strings cannot carry");
	return 0;
}

static int conv_node(conv *c, const ynode *n, int depth, cJSON **ret);

/* A mapping being built: the object plus an index from key to the item and
 * the line where the key was last written explicitly (0: only by a merge). */
typedef struct keyslot {
	cJSON *item;
	unsigned line;
} keyslot;

typedef struct objb {
	cJSON *obj;
	kc_map *index; /* key -> keyslot* (owned) */
} objb;

static int obj_set(conv *c, objb *o, const char *key, cJSON *val, const ynode *keynode, bool merged)
{
	keyslot *slot = kc_map_get(o->index, key);
	if (!slot) {
		slot = xcalloc(1, sizeof(*slot));
		slot->item = val;
		slot->line = merged ? 0 : keynode->line;
		cJSON_AddItemToObject(o->obj, key, val);
		kc_map_put(o->index, key, slot);
		return 0;
	}
	if (!merged && slot->line && !(c->flags & KC_YAML_DUPLICATE_KEYS_OK)) {
		cJSON_Delete(val);
		return node_error(c->err, -EINVAL, keynode->line, keynode->col,
		                  "mapping key \"%.200s\" already defined at line %u", key, slot->line);
	}
	val->string = xstrdup(key);
	cJSON_ReplaceItemViaPointer(o->obj, slot->item, val);
	slot->item = val;
	if (!merged)
		slot->line = keynode->line;
	return 0;
}

/* A mapping key as sigs.k8s.io/yaml turns it into a JSON key. */
static int key_string(conv *c, const ynode *k, char **ret)
{
	int r = 0;
	if (k->kind == N_ALIAS) {
		if ((r = conv_count(c, k)) < 0)
			return r;
		alias_enter(c, k);
		r = key_string(c, k->target, ret); /* never an alias itself */
		alias_leave(c);
		return r;
	}
	if (k->kind != N_SCALAR)
		return node_error(c->err, -EINVAL, k->line, k->col, "invalid map key: a %s",
		                  k->kind == N_MAP ? "mapping" : "sequence");
	kc_yaml_value v;
	_cleanup_free_ char *bin = NULL;
	if ((r = conv_count(c, k)) < 0 || (r = resolve_node(c, k, &v, &bin)) < 0 ||
	    (r = conv_bytes(c, k, k->len)) < 0)
		return r;
	char buf[64];
	switch (v.kind) {
	case KC_YV_STR:
	case KC_YV_TIMESTAMP:
		*ret = bin ? TAKE_PTR(bin) : xstrdup(k->value);
		return 0;
	case KC_YV_INT:
		snprintf(buf, sizeof(buf), "%" PRId64, v.i);
		break;
	case KC_YV_FLOAT:
		/* sigs.k8s.io/yaml formats float keys with 32-bit precision */
		kc_yaml_format_float(v.f, true, buf, sizeof(buf));
		break;
	case KC_YV_BOOL:
		snprintf(buf, sizeof(buf), "%s", v.b ? "true" : "false");
		break;
	case KC_YV_UINT:
		return kc_error_set(c->err, -EINVAL,
		                    CONVERT_PREFIX "unsupported map key of type: uint64, key: 0x%" PRIx64
		                                   " (line %u, column %u)",
		                    v.u, k->line, k->col);
	case KC_YV_NULL:
		return kc_error_set(c->err, -EINVAL,
		                    CONVERT_PREFIX "unsupported map key of type: <nil> (line %u, column %u)",
		                    k->line, k->col);
	}
	*ret = xstrdup(buf);
	return 0;
}

static int conv_pairs(conv *c, const ynode *map, objb *o, int depth, bool merged);

static int merge_one(conv *c, const ynode *n, objb *o, int depth, const ynode *alias)
{
	int r;
	if (alias)
		alias_enter(c, alias);
	if ((r = conv_count(c, n)) >= 0)
		r = conv_pairs(c, n, o, depth, true);
	if (alias)
		alias_leave(c);
	return r;
}

/* A merge key's value: a mapping, an alias of one, or a sequence of those,
 * earlier ones winning (go-yaml v2 applies them last to first). */
static int conv_merge(conv *c, const ynode *v, objb *o, int depth)
{
	int r;
	if (depth >= KC_YAML_MAX_DEPTH)
		return node_error(c->err, -ELOOP, v->line, v->col, "exceeded max depth of %d",
		                  KC_YAML_MAX_DEPTH);
	switch (v->kind) {
	case N_MAP:
		return merge_one(c, v, o, depth + 1, NULL);
	case N_ALIAS:
		if (v->target->kind != N_MAP)
			break;
		if ((r = conv_count(c, v)) < 0)
			return r;
		return merge_one(c, v->target, o, depth + 1, v);
	case N_SEQ:
		if ((r = conv_count(c, v)) < 0)
			return r;
		for (size_t i = v->n; i-- > 0;) {
			const ynode *item = v->kids[i];
			const ynode *t = item->kind == N_ALIAS ? item->target : item;
			if (t->kind != N_MAP)
				return node_error(c->err, -EINVAL, item->line, item->col,
				                  "map merge requires map or sequence of maps as the value");
			if (item->kind == N_ALIAS && (r = conv_count(c, item)) < 0)
				return r;
			if ((r = merge_one(c, t, o, depth + 1, item->kind == N_ALIAS ? item : NULL)) < 0)
				return r;
		}
		return 0;
	}
	return node_error(c->err, -EINVAL, v->line, v->col,
	                  "map merge requires map or sequence of maps as the value");
}

static bool is_merge_key(const ynode *k)
{
	return k->kind == N_SCALAR && streq(k->value, "<<") &&
	       (k->implicit || streq_ptr(k->tag, TAG_PREFIX "merge"));
}

static int conv_pairs(conv *c, const ynode *map, objb *o, int depth, bool merged)
{
	int r;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const ynode *k = map->kids[i], *v = map->kids[i + 1];
		if (is_merge_key(k)) {
			if ((r = conv_merge(c, v, o, depth)) < 0)
				return r;
			continue;
		}
		_cleanup_free_ char *key = NULL;
		cJSON *val = NULL;
		if ((r = key_string(c, k, &key)) < 0 || (r = conv_node(c, v, depth + 1, &val)) < 0)
			return r;
		if ((r = obj_set(c, o, key, val, k, merged)) < 0)
			return r;
	}
	return 0;
}

static int conv_scalar(conv *c, const ynode *n, cJSON **ret)
{
	kc_yaml_value v;
	_cleanup_free_ char *bin = NULL;
	int r = resolve_node(c, n, &v, &bin);
	if (r < 0)
		return r;
	switch (v.kind) {
	case KC_YV_NULL:
		*ret = cJSON_CreateNull();
		return 0;
	case KC_YV_BOOL:
		*ret = cJSON_CreateBool(v.b);
		return 0;
	case KC_YV_INT:
		*ret = cJSON_CreateNumber((double)v.i);
		return 0;
	case KC_YV_UINT:
		*ret = cJSON_CreateNumber((double)v.u);
		return 0;
	case KC_YV_FLOAT:
		if (isnan(v.f) || isinf(v.f))
			return kc_error_set(c->err, -EINVAL,
			                    CONVERT_PREFIX "json: unsupported value: %s (line %u, column %u)",
			                    isnan(v.f) ? "NaN"
			                    : v.f > 0  ? "+Inf"
			                               : "-Inf",
			                    n->line, n->col);
		*ret = cJSON_CreateNumber(v.f);
		return 0;
	case KC_YV_STR:
	case KC_YV_TIMESTAMP:
		break;
	}
	if ((r = conv_bytes(c, n, n->len)) < 0)
		return r;
	*ret = cJSON_CreateString(bin ? bin : n->value);
	return 0;
}

static int conv_node(conv *c, const ynode *n, int depth, cJSON **ret)
{
	int r = conv_count(c, n);
	if (r < 0)
		return r;
	switch (n->kind) {
	case N_ALIAS:
		alias_enter(c, n);
		r = conv_node(c, n->target, depth, ret);
		alias_leave(c);
		return r;
	case N_SCALAR:
		return conv_scalar(c, n, ret);
	default:
		break;
	}
	if (depth >= KC_YAML_MAX_DEPTH)
		return node_error(c->err, -ELOOP, n->line, n->col, "exceeded max depth of %d",
		                  KC_YAML_MAX_DEPTH);
	if ((r = conv_bytes(c, n, 0)) < 0)
		return r;
	if (n->kind == N_SEQ) {
		_cleanup_json_ cJSON *arr = cJSON_CreateArray();
		for (size_t i = 0; i < n->n; i++) {
			cJSON *item = NULL;
			if ((r = conv_node(c, n->kids[i], depth + 1, &item)) < 0)
				return r;
			cJSON_AddItemToArray(arr, item);
		}
		*ret = TAKE_PTR(arr);
		return 0;
	}
	_cleanup_json_ cJSON *obj = cJSON_CreateObject();
	objb o = {obj, kc_map_new(free)};
	r = conv_pairs(c, n, &o, depth, false);
	kc_map_free(o.index);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(obj);
	return 0;
}

int kc_yaml_doc_to_json(const char *data, size_t len, unsigned first_line, unsigned flags, cJSON **ret,
                        kc_error *err)
{
	composer c = {.data = data, .len = len, .first_line = first_line ? first_line : 1, .err = err};
	int r = compose(&c);
	cJSON *doc = NULL;
	if (r == 0 && c.root) {
		conv cv = {.flags = flags, .err = err, .max_alias_bytes = 16u * 1024 * 1024 + 8 * len};
		r = conv_node(&cv, c.root, 0, &doc);
	}
	composer_free(&c);
	if (r < 0)
		return r;
	if (doc && cJSON_IsNull(doc)) {
		cJSON_Delete(doc);
		doc = NULL;
	}
	*ret = doc;
	return 0;
}

/* ======================================================================
 * Streams: YAML documents, or JSON values when the stream starts with '{'
 * ====================================================================== */

void kc_yaml_reader_init(kc_yaml_reader *r, const char *data, size_t len, unsigned flags)
{
	*r = (kc_yaml_reader){.data = data, .len = len, .line = 1, .flags = flags};
}

static void sanitize_in_place(char **s)
{
	char *fixed = *s ? kc_yaml_utf8_sanitize(*s, strlen(*s)) : NULL;
	if (fixed) {
		free(*s);
		*s = fixed;
	}
}

/* Makes a JSON value what encoding/json would have read: invalid UTF-8
 * becomes U+FFFD, and of repeated keys the last one counts (cJSON keeps
 * them all). Recursion is bounded by cJSON's nesting limit. */
static void json_normalize(cJSON *j)
{
	cJSON *it;
	if (cJSON_IsString(j))
		sanitize_in_place(&j->valuestring);
	cJSON_ArrayForEach(it, j) sanitize_in_place(&it->string);
	if (cJSON_IsObject(j) && j->child && j->child->next) {
		kc_map *last = kc_map_new(NULL);
		cJSON_ArrayForEach(it, j) kc_map_put(last, it->string ? it->string : "", it);
		for (it = j->child; it;) {
			cJSON *next = it->next;
			if (kc_map_get(last, it->string ? it->string : "") != it)
				cJSON_Delete(cJSON_DetachItemViaPointer(j, it));
			it = next;
		}
		kc_map_free(last);
	}
	cJSON_ArrayForEach(it, j) json_normalize(it);
}

/* The first number in the JSON text p[0..n) that does not fit a float64
 * (cJSON reads it as an infinity; encoding/json refuses it), copied to out;
 * false when there is none. Strings are skipped. */
static bool find_overflowing_number(const char *p, size_t n, char *out, size_t outsz)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"') {
			for (i++; i < n && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			continue;
		}
		if (p[i] != '-' && !isdigit((unsigned char)p[i]))
			continue;
		size_t j = i + 1;
		while (j < n && (isdigit((unsigned char)p[j]) || strchr(".eE+-", p[j])))
			j++;
		_cleanup_free_ char *num = xstrndup(p + i, j - i);
		if (isinf(strtod(num, NULL))) {
			snprintf(out, outsz, "%.*s%s", (int)(outsz > 4 ? outsz - 4 : 0), num,
				 strlen(num) > outsz - 4 ? "..." : "");
			return true;
		}
		i = j - 1;
	}
	return false;
}

static void advance_lines(kc_yaml_reader *r, size_t to)
{
	for (; r->pos < to; r->pos++)
		if (r->data[r->pos] == '\n')
			r->line++;
}

static int next_json(kc_yaml_reader *r, cJSON **ret_doc, kc_yaml_chunk *ret_chunk, kc_error *err)
{
	for (;;) {
		size_t i = r->pos;
		while (i < r->len && is_blank(r->data[i]))
			i++;
		advance_lines(r, i);
		if (r->pos >= r->len) {
			r->mode = 3;
			return 0;
		}
		const char *end = NULL;
		cJSON *doc = cJSON_ParseWithLengthOpts(r->data + r->pos, r->len - r->pos, &end, false);
		if (!doc) {
			size_t off = end ? (size_t)(end - r->data) : r->pos;
			while (off < r->len && is_blank(r->data[off]))
				off++; /* cJSON stops before trailing blanks */
			unsigned line = r->line, col = 1;
			for (size_t k = r->pos; k < off && k < r->len; k++) {
				if (r->data[k] == '\n') {
					line++;
					col = 1;
				} else if (((unsigned char)r->data[k] & 0xC0) != 0x80) {
					col++;
				}
			}
			r->mode = 3;
			if (off >= r->len)
				return kc_error_set(err, -EINVAL,
				                    "json: line %u, column %u: unexpected end of JSON input",
				                    line, col);
			unsigned char ch = (unsigned char)r->data[off];
			if (ch >= 0x20 && ch < 0x7f)
				return kc_error_set(err, -EINVAL,
				                    "json: line %u, column %u: invalid character '%c'", line,
				                    col, ch);
			return kc_error_set(err, -EINVAL,
			                    "json: line %u, column %u: invalid character 0x%02x", line, col,
			                    ch);
		}
		char big[64];
		if (find_overflowing_number(r->data + r->pos, (size_t)(end - (r->data + r->pos)), big, sizeof(big))) {
			cJSON_Delete(doc);
			r->mode = 3;
			return kc_error_set(err, -ERANGE, "json: cannot unmarshal number %s into Go value of type float64",
					    big);
		}
		size_t start = r->pos;
		unsigned start_line = r->line;
		advance_lines(r, (size_t)(end - r->data));
		unsigned index = r->index++;
		if (cJSON_IsNull(doc)) {
			cJSON_Delete(doc);
			continue;
		}
		json_normalize(doc);
		if (ret_chunk)
			*ret_chunk = (kc_yaml_chunk){r->data + start, r->pos - start, start_line, index};
		*ret_doc = doc;
		return 1;
	}
}

int kc_yaml_reader_next(kc_yaml_reader *r, cJSON **ret_doc, kc_yaml_chunk *ret_chunk, kc_error *err)
{
	if (r->mode == 0) {
		size_t i = 0;
		while (i < r->len && is_blank(r->data[i]))
			i++;
		r->mode = i < r->len && r->data[i] == '{' ? 2 : 1;
	}
	if (r->mode == 2)
		return next_json(r, ret_doc, ret_chunk, err);
	while (r->mode == 1) {
		kc_yaml_chunk ch;
		int rc = next_chunk(r->data, r->len, &r->pos, &r->line, &r->index, &ch, err);
		if (rc <= 0) {
			r->mode = 3;
			return rc;
		}
		cJSON *doc = NULL;
		rc = kc_yaml_doc_to_json(ch.data, ch.len, ch.line, r->flags, &doc, err);
		if (rc < 0) {
			r->mode = 3;
			return rc;
		}
		if (!doc)
			continue;
		if (ret_chunk)
			*ret_chunk = ch;
		*ret_doc = doc;
		return 1;
	}
	return 0;
}

int kc_yaml_to_json_flags(const char *data, size_t len, unsigned flags, cJSON **ret_docs, kc_error *err)
{
	kc_yaml_reader r;
	_cleanup_json_ cJSON *docs = cJSON_CreateArray();
	cJSON *doc;
	int rc;
	kc_yaml_reader_init(&r, data, len, flags);
	while ((rc = kc_yaml_reader_next(&r, &doc, NULL, err)) > 0)
		cJSON_AddItemToArray(docs, doc);
	if (rc < 0)
		return rc;
	*ret_docs = TAKE_PTR(docs);
	return 0;
}

int kc_yaml_to_json(const char *data, size_t len, cJSON **ret_docs, kc_error *err)
{
	return kc_yaml_to_json_flags(data, len, 0, ret_docs, err);
}
