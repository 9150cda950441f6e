/* jsonpath.c - kubectl's JSONPath templates (see jsonpath.h).
 *
 * The parser mirrors upstream's scanner (client-go util/jsonpath/parser.go)
 * closely, because its odd corners are visible to users: what counts as a
 * terminator, how quotes inside a filter are paired, the regular expressions
 * that split filters and slices. It is written as loops instead of
 * upstream's tail recursion, so input length never turns into stack depth.
 *
 * Evaluation follows upstream's FindResults: each top-level node yields a
 * set of values; {range} re-runs the rest of the template once per value and
 * {end} stops that inner run, after which the outer run resumes behind the
 * {end} it met. */
#include "jsonpath.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "json.h"

#include "banned.h"

/* ------------------------------------------------------------------ */
/* nodes                                                               */
/* ------------------------------------------------------------------ */

typedef enum ntype {
	N_LIST, /* an action: nodes applied one after the other */
	N_TEXT,
	N_FIELD,
	N_ARRAY,
	N_FILTER,
	N_INT,
	N_FLOAT,
	N_BOOL,
	N_WILDCARD,
	N_RECURSIVE,
	N_UNION,
	N_IDENT,
} ntype;

typedef struct node node;

typedef struct nlist {
	node **v;
	size_t n, cap;
} nlist;

typedef struct param {
	int64_t value;
	bool known, derived;
} param;

struct node {
	ntype type;
	char *s; /* TEXT text, FIELD name, IDENT name, FILTER operator */
	int64_t i;
	double f;
	bool b;
	param params[3]; /* ARRAY */
	nlist list;      /* LIST: its nodes; UNION: LIST nodes; FILTER: left and right LISTs */
};

struct kc_jsonpath {
	char *text;
	nlist root;
};

static void node_free(node *n);

static void nlist_clear(nlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		node_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static void node_free(node *n)
{
	if (!n)
		return;
	free(n->s);
	nlist_clear(&n->list);
	free(n);
}

static void nlist_push(nlist *l, node *n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = n;
}

static node *node_new(ntype type)
{
	node *n = xcalloc(1, sizeof(*n));
	n->type = type;
	return n;
}

static node *node_new_str(ntype type, const char *s, size_t len)
{
	node *n = node_new(type);
	n->s = xstrndup(s, len);
	return n;
}

void kc_jsonpath_free(kc_jsonpath *jp)
{
	if (!jp)
		return;
	nlist_clear(&jp->root);
	free(jp->text);
	free(jp);
}

const char *kc_jsonpath_text(const kc_jsonpath *jp)
{
	return jp->text;
}

/* ------------------------------------------------------------------ */
/* scanning                                                            */
/* ------------------------------------------------------------------ */

#define EOF_RUNE (-1)

typedef struct parser {
	const char *in;
	size_t len;
	size_t pos, start, width;
	kc_error *err;
} parser;

/* Decodes one UTF-8 rune at s[0..n) as Go's utf8.DecodeRuneInString: an
 * invalid sequence is U+FFFD of width 1. */
static int32_t decode_rune(const unsigned char *s, size_t n, size_t *ret_width)
{
	*ret_width = 1;
	if (s[0] < 0x80)
		return s[0];
	int32_t r;
	size_t need;
	int32_t min;
	if ((s[0] & 0xe0) == 0xc0) {
		r = s[0] & 0x1f;
		need = 1;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		r = s[0] & 0x0f;
		need = 2;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		r = s[0] & 0x07;
		need = 3;
		min = 0x10000;
	} else {
		return 0xfffd;
	}
	if (n < need + 1)
		return 0xfffd;
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0xfffd;
		r = (r << 6) | (s[i] & 0x3f);
	}
	if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		return 0xfffd;
	*ret_width = need + 1;
	return r;
}

static void add_rune(kc_buf *b, int32_t r)
{
	if (r < 0x80) {
		kc_buf_addch(b, (char)r);
	} else if (r < 0x800) {
		kc_buf_addch(b, (char)(0xc0 | (r >> 6)));
		kc_buf_addch(b, (char)(0x80 | (r & 0x3f)));
	} else if (r < 0x10000) {
		kc_buf_addch(b, (char)(0xe0 | (r >> 12)));
		kc_buf_addch(b, (char)(0x80 | ((r >> 6) & 0x3f)));
		kc_buf_addch(b, (char)(0x80 | (r & 0x3f)));
	} else {
		kc_buf_addch(b, (char)(0xf0 | (r >> 18)));
		kc_buf_addch(b, (char)(0x80 | ((r >> 12) & 0x3f)));
		kc_buf_addch(b, (char)(0x80 | ((r >> 6) & 0x3f)));
		kc_buf_addch(b, (char)(0x80 | (r & 0x3f)));
	}
}

static int32_t p_next(parser *p)
{
	if (p->pos >= p->len) {
		p->width = 0;
		return EOF_RUNE;
	}
	int32_t r = decode_rune((const unsigned char *)p->in + p->pos, p->len - p->pos, &p->width);
	p->pos += p->width;
	return r;
}

static void p_backup(parser *p)
{
	p->pos -= p->width;
}

static int32_t p_peek(parser *p)
{
	int32_t r = p_next(p);
	p_backup(p);
	return r;
}

static bool p_has_prefix(const parser *p, const char *prefix)
{
	size_t n = strlen(prefix);
	return p->len - p->pos >= n && memcmp(p->in + p->pos, prefix, n) == 0;
}

/* The text since the last call; returns its length, *ret its start. */
static size_t p_consume(parser *p, const char **ret)
{
	*ret = p->in + p->start;
	size_t n = p->pos - p->start;
	p->start = p->pos;
	return n;
}

static bool is_space(int32_t r) { return r == ' ' || r == '\t'; }
static bool is_eol(int32_t r) { return r == '\r' || r == '\n'; }
static bool is_digit(int32_t r) { return r >= '0' && r <= '9'; }

/* Go's unicode.IsLetter/IsDigit for ASCII; other runes count as letters
 * (identifiers and field names are the only places they matter). */
static bool is_alnum(int32_t r)
{
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || is_digit(r) || r >= 0x80;
}

static bool is_terminator(int32_t r)
{
	if (is_space(r) || is_eol(r))
		return true;
	switch (r) {
	case EOF_RUNE:
	case '.':
	case ',':
	case '[':
	case ']':
	case '$':
	case '@':
	case '{':
	case '}':
		return true;
	default:
		return false;
	}
}

/* ------------------------------------------------------------------ */
/* parsing                                                             */
/* ------------------------------------------------------------------ */

static int parse_template(const char *text, size_t len, nlist *root, kc_error *err);

/* upstream's parseAction: text parsed as the template "{text}", whose first
 * node (a list) is handed back. */
static int parse_action_text(const char *text, size_t len, node **ret, kc_error *err)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addch(&b, '{');
	kc_buf_add(&b, text, len);
	kc_buf_addch(&b, '}');
	nlist root = {0};
	int r = parse_template(b.s, b.len, &root, err);
	if (r < 0) {
		nlist_clear(&root);
		return r;
	}
	/* the text starts with '{', so the first node is that action's list */
	*ret = root.v[0];
	root.v[0] = NULL;
	nlist_clear(&root);
	return 0;
}

static int parse_field(parser *p, nlist *cur)
{
	const char *s;
	p_consume(p, &s);
	for (;;) {
		int32_t r = p_next(p);
		if (r == '\\') {
			p_next(p);
		} else if (is_terminator(r)) {
			p_backup(p);
			break;
		}
	}
	size_t n = p_consume(p, &s);
	if (n == 1 && s[0] == '*') {
		nlist_push(cur, node_new(N_WILDCARD));
		return 0;
	}
	/* backslashes only escape: they are dropped */
	node *f = node_new(N_FIELD);
	f->s = xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\\')
			f->s[k++] = s[i];
	f->s[k] = '\0';
	nlist_push(cur, f);
	return 0;
}

static int parse_identifier(parser *p, nlist *cur)
{
	for (;;) {
		int32_t r = p_next(p);
		if (is_terminator(r)) {
			p_backup(p);
			break;
		}
	}
	const char *s;
	size_t n = p_consume(p, &s);
	if ((n == 4 && memcmp(s, "true", 4) == 0) || (n == 5 && memcmp(s, "false", 5) == 0)) {
		node *b = node_new(N_BOOL);
		b->b = n == 4;
		nlist_push(cur, b);
	} else {
		nlist_push(cur, node_new_str(N_IDENT, s, n));
	}
	return 0;
}

/* Go's strconv.Atoi for the text of a number: optional sign, decimal
 * digits, within int64. */
static bool atoi64(const char *s, size_t n, int64_t *ret)
{
	size_t i = 0;
	bool neg = false;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i == n)
		return false;
	uint64_t v = 0;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
		return false;
	*ret = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* Go's strconv.ParseFloat for [+-]?[0-9.]+: digits with at most one dot. */
static bool parse_float(const char *s, size_t n, double *ret)
{
	size_t i = 0, digits = 0, dots = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (; i < n; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else
			return false;
	}
	if (digits == 0 || dots > 1)
		return false;
	char *copy = xstrndup(s, n);
	*ret = strtod(copy, NULL);
	free(copy);
	return true;
}

static int parse_number(parser *p, nlist *cur)
{
	int32_t r = p_peek(p);
	if (r == '+' || r == '-')
		p_next(p);
	for (;;) {
		r = p_next(p);
		if (r != '.' && !is_digit(r)) {
			p_backup(p);
			break;
		}
	}
	const char *s;
	size_t n = p_consume(p, &s);
	int64_t i;
	double f;
	if (atoi64(s, n, &i)) {
		node *nn = node_new(N_INT);
		nn->i = i;
		nlist_push(cur, nn);
	} else if (parse_float(s, n, &f)) {
		node *nn = node_new(N_FLOAT);
		nn->f = f;
		nlist_push(cur, nn);
	} else {
		return kc_error_set(p->err, -EINVAL, "cannot parse number %.*s", (int)n, s);
	}
	return 0;
}

/* One part of the slice syntax: "-?[0-9]*" from s[*pos]. */
static void scan_index(const char *s, size_t n, size_t *pos)
{
	if (*pos < n && s[*pos] == '-')
		(*pos)++;
	while (*pos < n && s[*pos] >= '0' && s[*pos] <= '9')
		(*pos)++;
}

/* upstream's ^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$ : fills the three groups
 * (start, length; length 0 and start NULL when a group did not match). */
static bool match_slice(const char *s, size_t n, const char *grp[3], size_t glen[3])
{
	size_t pos = 0;
	for (int g = 0; g < 3; g++) {
		grp[g] = NULL;
		glen[g] = 0;
	}
	scan_index(s, n, &pos);
	grp[0] = s;
	glen[0] = pos;
	for (int g = 1; g < 3 && pos < n && s[pos] == ':'; g++) {
		size_t from = pos++;
		scan_index(s, n, &pos);
		grp[g] = s + from;
		glen[g] = pos - from;
	}
	return pos == n;
}

static int parse_array(parser *p, nlist *cur)
{
	for (;;) {
		int32_t r = p_next(p);
		if (r == EOF_RUNE || r == '\n')
			return kc_error_set(p->err, -EINVAL, "unterminated array");
		if (r == ']')
			break;
	}
	const char *s;
	size_t n = p_consume(p, &s);
	s++; /* drop the brackets */
	n -= 2;
	if (n == 1 && s[0] == '*')
		s = ":";

	/* a union of several indices or keys */
	if (memchr(s, ',', n)) {
		node *u = node_new(N_UNION);
		nlist_push(cur, u);
		const char *part = s, *end = s + n;
		for (;;) {
			const char *comma = memchr(part, ',', (size_t)(end - part));
			const char *pe = comma ? comma : end;
			const char *a = part, *z = pe;
			while (a < z && *a == ' ')
				a++;
			while (z > a && z[-1] == ' ')
				z--;
			_cleanup_buf_ kc_buf b = KC_BUF_INIT;
			kc_buf_addch(&b, '[');
			kc_buf_add(&b, a, (size_t)(z - a));
			kc_buf_addch(&b, ']');
			node *list = NULL;
			int r = parse_action_text(b.s, b.len, &list, p->err);
			if (r < 0)
				return r;
			nlist_push(&u->list, list);
			if (!comma)
				break;
			part = comma + 1;
		}
		return 0;
	}

	/* a quoted key: ['a'] is the field a (and ['a.b'] the fields a and b) */
	if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'' && !memchr(s + 1, '\'', n - 2)) {
		_cleanup_buf_ kc_buf b = KC_BUF_INIT;
		kc_buf_addch(&b, '.');
		kc_buf_add(&b, s + 1, n - 2);
		node *list = NULL;
		int r = parse_action_text(b.s, b.len, &list, p->err);
		if (r < 0)
			return r;
		for (size_t i = 0; i < list->list.n; i++) {
			nlist_push(cur, list->list.v[i]);
			list->list.v[i] = NULL;
		}
		node_free(list);
		return 0;
	}

	const char *grp[3];
	size_t glen[3];
	if (!match_slice(s, n, grp, glen))
		return kc_error_set(p->err, -EINVAL, "invalid array index %.*s", (int)n, s);
	node *a = node_new(N_ARRAY);
	nlist_push(cur, a);
	for (int i = 0; i < 3; i++) {
		const char *v = grp[i];
		size_t vn = glen[i];
		if (vn > 0) {
			if (i > 0) {
				v++;
				vn--;
			}
			if (i > 0 && vn == 0) {
				a->params[i].known = false;
			} else {
				a->params[i].known = true;
				if (!atoi64(v, vn, &a->params[i].value))
					return kc_error_set(p->err, -EINVAL, "array index %.*s is not a number", (int)vn,
							    v);
			}
		} else if (i == 1) {
			a->params[i].known = true;
			a->params[i].value = a->params[0].value + 1;
			a->params[i].derived = true;
		} else {
			a->params[i].known = false;
			a->params[i].value = 0;
		}
	}
	return 0;
}

static bool is_op_char(char c) { return c == '!' || c == '<' || c == '>' || c == '='; }

static int parse_filter(parser *p, nlist *cur)
{
	p->pos += 3; /* "[?(" */
	const char *s;
	p_consume(p, &s);
	bool begin = false, end = false;
	int32_t pair = 0;
	for (;;) {
		int32_t r = p_next(p);
		if (r == EOF_RUNE || r == '\n')
			return kc_error_set(p->err, -EINVAL, "unterminated filter");
		if (r == '"' || r == '\'') {
			if (!begin) {
				begin = true;
				pair = r;
				continue;
			}
			if (p->in[p->pos - 2] != '\\' && r == pair)
				end = true;
		} else if (r == ')') {
			if (begin == end)
				break;
		}
	}
	if (p_next(p) != ']')
		return kc_error_set(p->err, -EINVAL, "unclosed array expect ]");
	size_t n = p_consume(p, &s);
	n -= 2; /* ")]" */

	/* ^([^!<>=]+)([!<>=]+)(.+?)$ */
	size_t k = 0;
	while (k < n && !is_op_char(s[k]))
		k++;
	size_t m = 0;
	while (k + m < n && is_op_char(s[k + m]))
		m++;
	bool match = k > 0 && m > 0;
	if (match && k + m == n) {
		/* the operator run reaches the end: leave one character for the
		 * right side, as the regular expression backtracks */
		if (m >= 2)
			m--;
		else
			match = false;
	}
	node *f = node_new(N_FILTER);
	nlist_push(cur, f);
	node *left = NULL, *right = NULL;
	int r;
	if (!match) {
		r = parse_action_text(s, n, &left, p->err);
		if (r < 0)
			return r;
		right = node_new(N_LIST);
		f->s = xstrdup("exists");
	} else {
		r = parse_action_text(s, k, &left, p->err);
		if (r < 0)
			return r;
		nlist_push(&f->list, left);
		left = NULL;
		r = parse_action_text(s + k + m, n - k - m, &right, p->err);
		if (r < 0)
			return r;
		f->s = xstrndup(s + k, m);
	}
	if (left)
		nlist_push(&f->list, left);
	nlist_push(&f->list, right);
	return 0;
}

static bool is_oct(char c) { return c >= '0' && c <= '7'; }

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* upstream's UnquoteExtend: Go's strconv.Unquote, also for single-quoted
 * strings of any length. s includes the quotes. */
static int unquote(const char *s, size_t n, kc_buf *out)
{
	if (n < 2 || s[0] != s[n - 1] || (s[0] != '"' && s[0] != '\''))
		return -EINVAL;
	char quote = s[0];
	s++;
	n -= 2;
	if (!memchr(s, '\\', n) && !memchr(s, quote, n)) {
		kc_buf_add(out, s, n);
		return 0;
	}
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == (unsigned char)quote)
			return -EINVAL;
		if (c >= 0x80) {
			size_t w;
			int32_t r = decode_rune((const unsigned char *)s + i, n - i, &w);
			add_rune(out, r);
			i += w;
			continue;
		}
		if (c != '\\') {
			kc_buf_addch(out, (char)c);
			i++;
			continue;
		}
		if (i + 1 >= n)
			return -EINVAL;
		char e = s[i + 1];
		i += 2;
		switch (e) {
		case 'a': kc_buf_addch(out, '\a'); break;
		case 'b': kc_buf_addch(out, '\b'); break;
		case 'f': kc_buf_addch(out, '\f'); break;
		case 'n': kc_buf_addch(out, '\n'); break;
		case 'r': kc_buf_addch(out, '\r'); break;
		case 't': kc_buf_addch(out, '\t'); break;
		case 'v': kc_buf_addch(out, '\v'); break;
		case '\\': kc_buf_addch(out, '\\'); break;
		case '\'':
		case '"':
			if (e != quote)
				return -EINVAL;
			kc_buf_addch(out, e);
			break;
		case 'x':
		case 'u':
		case 'U': {
			size_t len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
			if (n - i < len)
				return -EINVAL;
			int64_t v = 0;
			for (size_t k = 0; k < len; k++) {
				int h = hexval(s[i + k]);
				if (h < 0)
					return -EINVAL;
				v = v * 16 + h;
			}
			i += len;
			if (e == 'x') {
				kc_buf_addch(out, (char)v);
				break;
			}
			if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
				return -EINVAL;
			add_rune(out, (int32_t)v);
			break;
		}
		default:
			if (!is_oct(e))
				return -EINVAL;
			if (n - i < 2 || !is_oct(s[i]) || !is_oct(s[i + 1]))
				return -EINVAL;
			int v = (e - '0') * 64 + (s[i] - '0') * 8 + (s[i + 1] - '0');
			if (v > 255)
				return -EINVAL;
			i += 2;
			kc_buf_addch(out, (char)v);
			break;
		}
	}
	return 0;
}

static int parse_quote(parser *p, nlist *cur, int32_t quote)
{
	for (;;) {
		int32_t r = p_next(p);
		if (r == EOF_RUNE || r == '\n')
			return kc_error_set(p->err, -EINVAL, "unterminated quoted string");
		if (r == quote && p->in[p->pos - 2] != '\\')
			break;
	}
	const char *s;
	size_t n = p_consume(p, &s);
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	if (unquote(s, n, &b) < 0)
		return kc_error_set(p->err, -EINVAL, "unquote string %.*s error invalid syntax", (int)n, s);
	/* a NUL from an escape ends the text, as C strings do */
	nlist_push(cur, node_new_str(N_TEXT, kc_buf_str(&b), strlen(kc_buf_str(&b))));
	return 0;
}

static int parse_recursive(parser *p, nlist *cur)
{
	if (cur->n > 0 && cur->v[cur->n - 1]->type == N_RECURSIVE)
		return kc_error_set(p->err, -EINVAL, "invalid multiple recursive descent");
	p->pos += 2;
	const char *s;
	p_consume(p, &s);
	nlist_push(cur, node_new(N_RECURSIVE));
	if (is_alnum(p_peek(p)))
		return parse_field(p, cur);
	return 0;
}

/* Go's %#U: "U+0023 '#'", without the quoted rune when it does not print. */
static int unrecognized(parser *p, int32_t r)
{
	bool printable = r >= 0x20 && r != 0x7f && !(r >= 0x80 && r < 0xa0);
	if (!printable)
		return kc_error_set(p->err, -EINVAL, "unrecognized character in action: U+%04X", (unsigned)r);
	kc_buf b = KC_BUF_INIT;
	add_rune(&b, r);
	int rc = kc_error_set(p->err, -EINVAL, "unrecognized character in action: U+%04X '%s'", (unsigned)r, b.s);
	kc_buf_free(&b);
	return rc;
}

/* Inside an action, up to and including its closing brace. */
static int parse_inside_action(parser *p, nlist *cur)
{
	for (;;) {
		int r = 0;
		if (p_has_prefix(p, "}")) {
			p->pos++;
			p->start = p->pos;
			return 0;
		}
		if (p_has_prefix(p, "[?(")) {
			r = parse_filter(p, cur);
		} else if (p_has_prefix(p, "..")) {
			r = parse_recursive(p, cur);
		} else {
			int32_t c = p_next(p);
			const char *s;
			if (c == EOF_RUNE || is_eol(c))
				return kc_error_set(p->err, -EINVAL, "unclosed action");
			if (c == ' ' || c == '@' || c == '$') {
				p_consume(p, &s);
			} else if (c == '[') {
				r = parse_array(p, cur);
			} else if (c == '"' || c == '\'') {
				r = parse_quote(p, cur, c);
			} else if (c == '.') {
				r = parse_field(p, cur);
			} else if (c == '+' || c == '-' || is_digit(c)) {
				p_backup(p);
				r = parse_number(p, cur);
			} else if (is_alnum(c)) {
				p_backup(p);
				r = parse_identifier(p, cur);
			} else {
				return unrecognized(p, c);
			}
		}
		if (r < 0)
			return r;
	}
}

static int parse_template(const char *text, size_t len, nlist *root, kc_error *err)
{
	parser p = {.in = text, .len = len, .err = err};
	for (;;) {
		const char *brace = memchr(text + p.pos, '{', len - p.pos);
		if (!brace) {
			if (len > p.start)
				nlist_push(root, node_new_str(N_TEXT, text + p.start, len - p.start));
			return 0;
		}
		p.pos = (size_t)(brace - text);
		if (p.pos > p.start)
			nlist_push(root, node_new_str(N_TEXT, text + p.start, p.pos - p.start));
		p.pos++;
		p.start = p.pos;
		node *list = node_new(N_LIST);
		nlist_push(root, list);
		int r = parse_inside_action(&p, &list->list);
		if (r < 0)
			return r;
	}
}

int kc_jsonpath_parse(const char *text, kc_jsonpath **ret, kc_error *err)
{
	kc_jsonpath *jp = xcalloc(1, sizeof(*jp));
	jp->text = xstrdup(text);
	int r = parse_template(text, strlen(text), &jp->root, err);
	if (r < 0) {
		kc_jsonpath_free(jp);
		return r;
	}
	*ret = jp;
	return 0;
}

/* ------------------------------------------------------------------ */
/* values                                                              */
/* ------------------------------------------------------------------ */

/* What Go type a value has, where cJSON cannot tell: literals of the
 * template are Go ints and float64s, the bytes of a string uint8s. */
enum {
	K_DATA,    /* as the JSON node says; integral numbers are int64 */
	K_INT,     /* an integer literal (Go int) */
	K_FLOAT,   /* a float literal (float64) */
	K_UINT8,   /* a byte of a string */
	K_INVALID, /* no value at all (a {range} element that was null) */
};

typedef struct val {
	const cJSON *j;
	unsigned char kind;
} val;

typedef struct vals {
	val *v;
	size_t n, cap;
} vals;

static void vals_free(vals *v)
{
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

typedef struct exec {
	unsigned flags;
	cJSON *owned; /* an array holding values made during the run */
	size_t produced;
	int begin_range, in_range, end_range;
	const node *last_end;
	int depth;
	kc_error *err;
} exec;

static int vals_push(exec *x, vals *v, const cJSON *j, unsigned char kind)
{
	if (++x->produced > KC_JSONPATH_MAX_VALUES)
		return kc_error_set(x->err, -E2BIG, "the template produces more than %u values",
				    KC_JSONPATH_MAX_VALUES);
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4;
		v->v = xrealloc(v->v, v->cap * sizeof(*v->v));
	}
	v->v[v->n++] = (val){j, kind};
	return 0;
}

static const cJSON *own(exec *x, cJSON *item)
{
	cJSON_AddItemToArray(x->owned, item);
	return item;
}

/* An object's members in Go's printing order (sorted keys; a stable
 * insertion sort, as member counts are small), or an array's elements. */
static const cJSON **sorted_members(const cJSON *obj, size_t *ret_n)
{
	size_t n = (size_t)cJSON_GetArraySize(obj), k = 0;
	const cJSON **items = xcalloc(n + 1, sizeof(*items));
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) items[k++] = it;
	for (size_t i = 1; cJSON_IsObject(obj) && i < k; i++) {
		const cJSON *cur = items[i];
		size_t j = i;
		while (j > 0 && strcmp(items[j - 1]->string ? items[j - 1]->string : "",
				       cur->string ? cur->string : "") > 0) {
			items[j] = items[j - 1];
			j--;
		}
		items[j] = cur;
	}
	*ret_n = k;
	return items;
}

static bool is_int_value(double d) { return d == trunc(d) && fabs(d) < 9.2e18; }

static bool val_is_null(val v) { return v.kind == K_INVALID || !v.j || cJSON_IsNull(v.j); }

/* Go's type name of a value, for "... is not array or slice". */
static const char *go_type(val v)
{
	switch (v.kind) {
	case K_INT:
		return "int";
	case K_FLOAT:
		return "float64";
	case K_UINT8:
		return "uint8";
	case K_INVALID:
		return "<nil>";
	default:
		break;
	}
	const cJSON *j = v.j;
	if (cJSON_IsObject(j))
		return "map[string]interface {}";
	if (cJSON_IsArray(j))
		return "[]interface {}";
	if (cJSON_IsString(j))
		return "string";
	if (cJSON_IsBool(j))
		return "bool";
	if (cJSON_IsNumber(j))
		return is_int_value(j->valuedouble) ? "int64" : "float64";
	return "<nil>";
}

static void format_number(kc_buf *b, double d, bool as_float)
{
	if (!as_float && is_int_value(d))
		kc_buf_addf(b, "%" PRId64, (int64_t)d);
	else
		kc_json_format_go_float(b, d);
}

/* %v of a value, for error messages. */
static void format_val(kc_buf *b, val v)
{
	if (v.kind == K_INVALID)
		kc_buf_addstr(b, "<invalid reflect.Value>");
	else if (v.kind == K_FLOAT)
		kc_json_format_go_float(b, v.j->valuedouble);
	else
		kc_jsonpath_format_go(b, v.j);
}

/* ------------------------------------------------------------------ */
/* evaluation                                                          */
/* ------------------------------------------------------------------ */

static int walk(exec *x, const vals *in, const node *n, vals *out);

static int eval_list(exec *x, const vals *in, const node *list, vals *out)
{
	vals cur = {0};
	for (size_t i = 0; i < in->n; i++)
		if (vals_push(x, &cur, in->v[i].j, in->v[i].kind) < 0) {
			vals_free(&cur);
			return -E2BIG;
		}
	for (size_t i = 0; i < list->list.n; i++) {
		vals next = {0};
		int r = walk(x, &cur, list->list.v[i], &next);
		vals_free(&cur);
		cur = next;
		if (r < 0) {
			vals_free(&cur);
			return r;
		}
	}
	*out = cur;
	return 0;
}

static int eval_field(exec *x, const vals *in, const node *n, vals *out)
{
	for (size_t i = 0; i < in->n; i++) {
		val v = in->v[i];
		if (val_is_null(v) || v.kind != K_DATA || !cJSON_IsObject(v.j))
			continue;
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(v.j, n->s);
		if (c && vals_push(x, out, c, K_DATA) < 0)
			return -E2BIG;
	}
	if (out->n == 0 && in->n > 0 && !(x->flags & KC_JSONPATH_ALLOW_MISSING_KEYS))
		return kc_error_set(x->err, -ENOENT, "%s is not found", n->s);
	return 0;
}

static int eval_array(exec *x, const vals *in, const node *n, vals *out)
{
	for (size_t i = 0; i < in->n; i++) {
		val v = in->v[i];
		if (val_is_null(v))
			continue;
		if (v.kind != K_DATA || !cJSON_IsArray(v.j))
			return kc_error_set(x->err, -EINVAL, "%s is not array or slice", go_type(v));
		int64_t len = cJSON_GetArraySize(v.j);
		param p[3] = {n->params[0], n->params[1], n->params[2]};
		if (!p[0].known)
			p[0].value = 0;
		if (p[0].value < 0)
			p[0].value += len;
		if (!p[1].known)
			p[1].value = len;
		if (p[1].value < 0 || (p[1].value == 0 && p[1].derived))
			p[1].value += len;
		if (p[1].value == p[0].value)
			continue; /* zero elements asked for: always fine */
		if (p[0].value < 0 || p[0].value >= len)
			return kc_error_set(x->err, -ERANGE, "array index out of bounds: index %" PRId64
					    ", length %" PRId64, p[0].value, len);
		if (p[1].value < 0 || p[1].value > len)
			return kc_error_set(x->err, -ERANGE, "array index out of bounds: index %" PRId64
					    ", length %" PRId64, p[1].value - 1, len);
		if (p[0].value > p[1].value)
			return kc_error_set(x->err, -ERANGE, "starting index %" PRId64
					    " is greater than ending index %" PRId64, p[0].value, p[1].value);
		int64_t step = 1;
		if (p[2].known) {
			if (p[2].value <= 0)
				return kc_error_set(x->err, -EINVAL, "step must be > 0");
			step = p[2].value;
		}
		int64_t k = 0;
		for (const cJSON *c = v.j->child; c && k < p[1].value; c = c->next, k++)
			if (k >= p[0].value && (k - p[0].value) % step == 0 && vals_push(x, out, c, K_DATA) < 0)
				return -E2BIG;
	}
	return 0;
}

/* The children of a value as Go's reflection walks them: map values,
 * slice elements, the bytes of a string. */
static int children(exec *x, val v, vals *out)
{
	if (val_is_null(v) || v.kind != K_DATA)
		return 0;
	if (cJSON_IsObject(v.j)) {
		size_t n;
		const cJSON **items = sorted_members(v.j, &n);
		int r = 0;
		for (size_t i = 0; i < n && r == 0; i++)
			r = vals_push(x, out, items[i], K_DATA);
		free(items);
		return r;
	}
	if (cJSON_IsArray(v.j)) {
		for (const cJSON *c = v.j->child; c; c = c->next)
			if (vals_push(x, out, c, K_DATA) < 0)
				return -E2BIG;
		return 0;
	}
	if (cJSON_IsString(v.j)) {
		for (const unsigned char *s = (const unsigned char *)v.j->valuestring; *s; s++)
			if (vals_push(x, out, own(x, cJSON_CreateNumber(*s)), K_UINT8) < 0)
				return -E2BIG;
	}
	return 0;
}

static int eval_wildcard(exec *x, const vals *in, vals *out)
{
	for (size_t i = 0; i < in->n; i++) {
		int r = children(x, in->v[i], out);
		if (r < 0)
			return r;
	}
	return 0;
}

static int eval_recursive(exec *x, const vals *in, vals *out, int depth)
{
	if (depth > KC_JSON_MAX_DEPTH + 2)
		return 0; /* deeper than any parsed document */
	for (size_t i = 0; i < in->n; i++) {
		vals kids = {0};
		int r = children(x, in->v[i], &kids);
		if (r == 0 && kids.n > 0) {
			r = vals_push(x, out, in->v[i].j, in->v[i].kind);
			if (r == 0)
				r = eval_recursive(x, &kids, out, depth + 1);
		}
		vals_free(&kids);
		if (r < 0)
			return r;
	}
	return 0;
}

static int eval_union(exec *x, const vals *in, const node *n, vals *out)
{
	for (size_t i = 0; i < n->list.n; i++) {
		vals part = {0};
		int r = eval_list(x, in, n->list.v[i], &part);
		for (size_t k = 0; r == 0 && k < part.n; k++)
			r = vals_push(x, out, part.v[k].j, part.v[k].kind);
		vals_free(&part);
		if (r < 0)
			return r;
	}
	return 0;
}

static int eval_identifier(exec *x, const vals *in, const node *n, vals *out)
{
	if (streq(n->s, "range")) {
		x->begin_range++;
		for (size_t i = 0; i < in->n; i++)
			if (vals_push(x, out, in->v[i].j, in->v[i].kind) < 0)
				return -E2BIG;
		return 0;
	}
	if (streq(n->s, "end")) {
		if (x->in_range > 0) {
			x->end_range++;
			return 0;
		}
		return kc_error_set(x->err, -EINVAL, "not in range, nothing to end");
	}
	return kc_error_set(x->err, -EINVAL, "unrecognized identifier %s", n->s);
}

/* Go template's basic kinds, for comparisons. */
typedef enum bkind { BK_INVALID, BK_BOOL, BK_INT, BK_UINT, BK_FLOAT, BK_STRING } bkind;

static bkind basic_kind(val v)
{
	switch (v.kind) {
	case K_INT:
		return BK_INT;
	case K_FLOAT:
		return BK_FLOAT;
	case K_UINT8:
		return BK_UINT;
	case K_INVALID:
		return BK_INVALID;
	default:
		break;
	}
	if (cJSON_IsBool(v.j))
		return BK_BOOL;
	if (cJSON_IsString(v.j))
		return BK_STRING;
	if (cJSON_IsNumber(v.j))
		return is_int_value(v.j->valuedouble) ? BK_INT : BK_FLOAT;
	return BK_INVALID;
}

/* template.Equal / template.Less. */
static int compare_values(exec *x, val a, val b, bool less, bool *ret)
{
	bkind ka = basic_kind(a), kb = basic_kind(b);
	if (ka == BK_INVALID || kb == BK_INVALID)
		return kc_error_set(x->err, -EINVAL, "invalid type for comparison");
	if (ka != kb) {
		bool ints = (ka == BK_INT || ka == BK_UINT) && (kb == BK_INT || kb == BK_UINT);
		if (!ints)
			return kc_error_set(x->err, -EINVAL, "incompatible types for comparison");
		ka = kb = BK_INT; /* uint8 bytes fit an int64 */
	}
	switch (ka) {
	case BK_BOOL:
		if (less)
			return kc_error_set(x->err, -EINVAL, "invalid type for comparison");
		*ret = cJSON_IsTrue(a.j) == cJSON_IsTrue(b.j);
		return 0;
	case BK_STRING: {
		int c = strcmp(a.j->valuestring, b.j->valuestring);
		*ret = less ? c < 0 : c == 0;
		return 0;
	}
	case BK_INT:
	case BK_UINT: {
		int64_t ia = (int64_t)a.j->valuedouble, ib = (int64_t)b.j->valuedouble;
		*ret = less ? ia < ib : ia == ib;
		return 0;
	}
	default: {
		double fa = a.j->valuedouble, fb = b.j->valuedouble;
		*ret = less ? fa < fb : fa == fb;
		return 0;
	}
	}
}

static int filter_pass(exec *x, const char *op, val l, val r, bool *ret)
{
	bool eq = false, lt = false;
	int rc;
	if (streq(op, "==") || streq(op, "!=")) {
		rc = compare_values(x, l, r, false, &eq);
		*ret = streq(op, "==") ? eq : !eq;
		return rc;
	}
	if (streq(op, "<") || streq(op, ">=")) {
		rc = compare_values(x, l, r, true, &lt);
		*ret = streq(op, "<") ? lt : !lt;
		return rc;
	}
	if (streq(op, "<=") || streq(op, ">")) {
		/* LessEqual is Less || Equal; Greater is its negation */
		rc = compare_values(x, l, r, true, &lt);
		if (rc == 0 && !lt)
			rc = compare_values(x, l, r, false, &eq);
		*ret = streq(op, "<=") ? (lt || eq) : !(lt || eq);
		return rc;
	}
	return kc_error_set(x->err, -EINVAL, "unrecognized filter operator %s", op);
}

static int eval_filter(exec *x, const vals *in, const node *n, vals *out)
{
	const node *left = n->list.v[0], *right = n->list.v[1];
	bool exists = streq(n->s, "exists");
	for (size_t i = 0; i < in->n; i++) {
		val v = in->v[i];
		if (v.kind != K_DATA || !v.j || !cJSON_IsArray(v.j)) {
			_cleanup_buf_ kc_buf b = KC_BUF_INIT;
			if (val_is_null(v))
				kc_buf_addstr(&b, "<nil>");
			else
				format_val(&b, v);
			return kc_error_set(x->err, -EINVAL, "%s is not array or slice and cannot be filtered",
					    kc_buf_str(&b));
		}
		for (const cJSON *c = v.j->child; c; c = c->next) {
			vals elem = {0}, lefts = {0}, rights = {0};
			int r = vals_push(x, &elem, c, K_DATA);
			if (r == 0)
				r = eval_list(x, &elem, left, &lefts);
			bool pass = false;
			if (exists) {
				pass = lefts.n > 0;
				r = r == -E2BIG ? r : 0; /* errors only mean "absent" here */
			} else if (r == 0 && lefts.n > 0) {
				if (lefts.n != 1)
					r = kc_error_set(x->err, -EINVAL, "can only compare one element at a time");
				if (r == 0)
					r = eval_list(x, &elem, right, &rights);
				if (r == 0 && rights.n > 0) {
					if (rights.n != 1)
						r = kc_error_set(x->err, -EINVAL,
								 "can only compare one element at a time");
					if (r == 0)
						r = filter_pass(x, n->s, lefts.v[0], rights.v[0], &pass);
				}
			}
			vals_free(&elem);
			vals_free(&lefts);
			vals_free(&rights);
			if (r < 0)
				return r;
			if (pass && vals_push(x, out, c, K_DATA) < 0)
				return -E2BIG;
		}
	}
	return 0;
}

static int walk(exec *x, const vals *in, const node *n, vals *out)
{
	switch (n->type) {
	case N_LIST:
		return eval_list(x, in, n, out);
	case N_TEXT:
		return vals_push(x, out, own(x, cJSON_CreateString(n->s)), K_DATA);
	case N_FIELD:
		return eval_field(x, in, n, out);
	case N_ARRAY:
		return eval_array(x, in, n, out);
	case N_FILTER:
		return eval_filter(x, in, n, out);
	case N_INT:
	case N_FLOAT:
	case N_BOOL:
		for (size_t i = 0; i < in->n; i++) {
			cJSON *lit = n->type == N_BOOL ? cJSON_CreateBool(n->b)
				     : cJSON_CreateNumber(n->type == N_INT ? (double)n->i : n->f);
			if (vals_push(x, out, own(x, lit), n->type == N_INT ? K_INT : n->type == N_FLOAT ? K_FLOAT : K_DATA) < 0)
				return -E2BIG;
		}
		return 0;
	case N_WILDCARD:
		return eval_wildcard(x, in, out);
	case N_RECURSIVE:
		return eval_recursive(x, in, out, 0);
	case N_UNION:
		return eval_union(x, in, n, out);
	case N_IDENT:
		return eval_identifier(x, in, n, out);
	}
	return kc_error_set(x->err, -EINVAL, "unexpected Node");
}

typedef struct sets {
	vals *v;
	size_t n, cap;
} sets;

static void sets_free(sets *s)
{
	for (size_t i = 0; i < s->n; i++)
		vals_free(&s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

static void sets_push(sets *s, vals *v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = *v;
	*v = (vals){0};
}

/* upstream's FindResults over nodes[0 .. n) with data as the current
 * value; appends each node's values to out (NULL: discard). */
static int find(exec *x, node *const *nodes, size_t n, val data, sets *out)
{
	vals cur = {0};
	cur.v = &data;
	cur.n = cur.cap = 1;
	for (size_t i = 0; i < n; i++) {
		vals results = {0};
		int r = walk(x, &cur, nodes[i], &results);
		if (r < 0) {
			vals_free(&results);
			return r;
		}
		/* an {end}: this run of a range body is over */
		if (x->end_range > 0 && x->end_range <= x->in_range) {
			x->end_range--;
			x->last_end = nodes[i];
			vals_free(&results);
			break;
		}
		/* a {range}: run the rest once per value */
		if (x->begin_range > 0) {
			x->begin_range--;
			x->in_range++;
			if (++x->depth > KC_JSONPATH_MAX_RANGE_DEPTH) {
				vals_free(&results);
				return kc_error_set(x->err, -ELOOP, "ranges nested deeper than %d",
						    KC_JSONPATH_MAX_RANGE_DEPTH);
			}
			if (results.n > 0) {
				for (size_t k = 0; k < results.n && r == 0; k++) {
					val item = results.v[k];
					if (item.kind == K_DATA && item.j && cJSON_IsNull(item.j))
						item.kind = K_INVALID; /* upstream re-wraps nil: no value */
					r = find(x, nodes + i + 1, n - i - 1, item, out);
				}
			} else {
				/* still walk the body, to learn where its {end} is */
				r = find(x, nodes + i + 1, n - i - 1, (val){NULL, K_INVALID}, NULL);
			}
			x->depth--;
			vals_free(&results);
			if (r < 0)
				return r;
			x->in_range--;
			for (size_t k = i + 1; k < n; k++) {
				if (nodes[k] == x->last_end) {
					i = k;
					break;
				}
			}
			continue;
		}
		if (out)
			sets_push(out, &results);
		else
			vals_free(&results);
	}
	return 0;
}

static int run(const kc_jsonpath *jp, const cJSON *data, unsigned flags, sets *ret, cJSON **ret_owned,
	       kc_error *err)
{
	exec x = {.flags = flags, .owned = cJSON_CreateArray(), .err = err};
	int r = find(&x, (node *const *)jp->root.v, jp->root.n, (val){data, data ? K_DATA : K_INVALID}, ret);
	*ret_owned = x.owned;
	return r;
}

int kc_jsonpath_find(const kc_jsonpath *jp, const cJSON *data, unsigned flags, kc_jsonpath_results *ret,
		     kc_error *err)
{
	memset(ret, 0, sizeof(*ret));
	sets s = {0};
	int r = run(jp, data, flags, &s, &ret->owned, err);
	ret->sets = xcalloc(s.n + 1, sizeof(*ret->sets));
	ret->n_sets = s.n;
	for (size_t i = 0; i < s.n; i++) {
		ret->sets[i].values = xcalloc(s.v[i].n + 1, sizeof(*ret->sets[i].values));
		ret->sets[i].n = s.v[i].n;
		for (size_t k = 0; k < s.v[i].n; k++)
			ret->sets[i].values[k] = s.v[i].v[k].kind == K_INVALID ? NULL : s.v[i].v[k].j;
	}
	sets_free(&s);
	return r;
}

void kc_jsonpath_results_clear(kc_jsonpath_results *r)
{
	for (size_t i = 0; i < r->n_sets; i++)
		free(r->sets[i].values);
	free(r->sets);
	cJSON_Delete(r->owned);
	memset(r, 0, sizeof(*r));
}

/* ------------------------------------------------------------------ */
/* printing                                                            */
/* ------------------------------------------------------------------ */

enum { JSON_FLAGS = KC_JSON_SORTED | KC_JSON_ESCAPE_HTML };

static void print_value(kc_buf *out, val v)
{
	if (v.kind == K_INVALID) {
		kc_buf_addstr(out, "<no value>");
		return;
	}
	const cJSON *j = v.j;
	if (cJSON_IsObject(j) || cJSON_IsArray(j)) {
		kc_json_print_buf(out, j, JSON_FLAGS);
	} else if (cJSON_IsNull(j)) {
		kc_buf_addstr(out, "null");
	} else if (cJSON_IsString(j)) {
		kc_buf_addstr(out, j->valuestring);
	} else if (cJSON_IsBool(j)) {
		kc_buf_addstr(out, cJSON_IsTrue(j) ? "true" : "false");
	} else if (cJSON_IsNumber(j)) {
		format_number(out, j->valuedouble, v.kind == K_FLOAT);
	}
}

static void print_set_json(kc_buf *out, const vals *set)
{
	_cleanup_json_ cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < set->n; i++) {
		const cJSON *j = set->v[i].j;
		if (set->v[i].kind == K_INVALID || !j)
			cJSON_AddItemToArray(arr, cJSON_CreateNull());
		else if (cJSON_IsObject(j) || cJSON_IsArray(j))
			cJSON_AddItemReferenceToArray(arr, (cJSON *)j);
		else
			cJSON_AddItemToArray(arr, cJSON_Duplicate(j, false));
	}
	kc_json_print_buf(out, arr, JSON_FLAGS | KC_JSON_PRETTY);
	kc_buf_addch(out, '\n');
}

int kc_jsonpath_execute(const kc_jsonpath *jp, const cJSON *data, unsigned flags, kc_buf *out, kc_error *err)
{
	sets s = {0};
	_cleanup_json_ cJSON *owned = NULL;
	int r = run(jp, data, flags, &s, &owned, err);
	if (r < 0) {
		sets_free(&s);
		return r;
	}
	for (size_t i = 0; i < s.n; i++) {
		if (flags & KC_JSONPATH_JSON_OUTPUT) {
			print_set_json(out, &s.v[i]);
			continue;
		}
		for (size_t k = 0; k < s.v[i].n; k++) {
			print_value(out, s.v[i].v[k]);
			if (k + 1 < s.v[i].n)
				kc_buf_addch(out, ' ');
		}
	}
	sets_free(&s);
	return 0;
}

/* ------------------------------------------------------------------ */
/* relaxed expressions                                                 */
/* ------------------------------------------------------------------ */

int kc_jsonpath_relaxed(const char *expr, char **ret, kc_error *err)
{
	size_t n = strlen(expr);
	if (n == 0) {
		*ret = xstrdup("");
		return 0;
	}
	/* ^\{\.?([^{}]+)\}$ | ^\.?([^{}]+)$ : the group is what is left after
	 * the braces and a leading dot, or the dot itself when nothing else */
	const char *s = expr;
	size_t len = n;
	if (s[0] == '{' && len >= 2 && s[len - 1] == '}') {
		s++;
		len -= 2;
	}
	if (len > 1 && s[0] == '.') {
		s++;
		len--;
	}
	bool ok = len > 0;
	for (size_t i = 0; ok && i < len; i++)
		if (s[i] == '{' || s[i] == '}')
			ok = false;
	if (!ok)
		return kc_error_set(err, -EINVAL,
				    "unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
				    "'{name1.name2}' or '{.name1.name2}'");
	*ret = xasprintf("{.%.*s}", (int)len, s);
	return 0;
}
