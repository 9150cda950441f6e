/* selector.c - label selectors (see selector.h).
 *
 * The lexer and the recursive-descent parser follow upstream's
 * labels/selector.go step by step, because its error messages name the token
 * it stopped at and the place it expected something else: reproducing the
 * messages means taking the same steps. */
#include "selector.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "validate.h"

#include "banned.h"

/* ---------------------------------------------------------------- basics */

static void req_free(kc_selector_req *r)
{
	free(r->key);
	for (size_t i = 0; i < r->n_values; i++)
		free(r->values[i]);
	free(r->values);
}

void kc_selector_free(kc_selector *sel)
{
	if (!sel)
		return;
	for (size_t i = 0; i < sel->n_reqs; i++)
		req_free(&sel->reqs[i]);
	free(sel->reqs);
	free(sel);
}

kc_selector *kc_selector_everything(void)
{
	return xcalloc(1, sizeof(kc_selector));
}

kc_selector *kc_selector_nothing(void)
{
	kc_selector *s = xcalloc(1, sizeof(kc_selector));
	s->nothing = true;
	return s;
}

bool kc_selector_empty(const kc_selector *sel)
{
	return !sel->nothing && sel->n_reqs == 0;
}

bool kc_selector_matches_nothing(const kc_selector *sel)
{
	return sel->nothing;
}

static void push_req(kc_selector *sel, kc_selector_req r)
{
	/* Grow by doubling; n_reqs is exact so the capacity is the next power of two. */
	size_t n = sel->n_reqs;
	if ((n & (n - 1)) == 0)
		sel->reqs = xrealloc(sel->reqs, (n ? n * 2 : 1) * sizeof(*sel->reqs));
	sel->reqs[sel->n_reqs++] = r;
}

typedef struct sort_item {
	kc_selector_req r;
	size_t idx;
} sort_item;

static int cmp_sort_item(const void *a, const void *b)
{
	const sort_item *x = a, *y = b;
	int c = strcmp(x->r.key, y->r.key);
	if (c)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Sorts by key, keeping the order of equal keys (upstream's sort.Sort keeps
 * it too for the small counts selectors have in practice). */
static void sort_reqs(kc_selector *sel)
{
	if (sel->n_reqs < 2)
		return;
	sort_item *items = xcalloc(sel->n_reqs, sizeof(*items));
	for (size_t i = 0; i < sel->n_reqs; i++)
		items[i] = (sort_item){sel->reqs[i], i};
	qsort(items, sel->n_reqs, sizeof(*items), cmp_sort_item);
	for (size_t i = 0; i < sel->n_reqs; i++)
		sel->reqs[i] = items[i].r;
	free(items);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* strconv.ParseInt(s, 10, 64): an optional sign, then decimal digits. */
static bool parse_int64(const char *s, long long *ret)
{
	bool neg = false;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (*s == '\0')
		return false;
	uint64_t v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (v > (uint64_t)LLONG_MAX + (neg ? 1u : 0u))
		return false;
	*ret = neg ? (long long)(0 - v) : (long long)v;
	return true;
}

/* ------------------------------------------------- requirement checks */

static char *join_msgs(size_t (*check)(const char *, kc_validate_msgs *), const char *value)
{
	_cleanup_validate_msgs_ kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
	if (check(value, &m) == 0)
		return NULL;
	return kc_validate_msgs_join(&m, "; ");
}

/* validateLabelKey: a field error at path (upstream passes a nil path from
 * the parser, printed "<nil>"). */
static bool check_key(const char *key, const char *path, kc_validate_errors *errs)
{
	_cleanup_free_ char *msg = join_msgs(kc_validate_qualified_name, key);
	if (msg)
		kc_validate_invalid(errs, path, key, msg);
	return msg == NULL;
}

/* labels.NewRequirement's validation. values NULL stands for Go's nil slice
 * (printed "null"). */
static void check_requirement(const char *key, kc_selector_op op, const char *const *values, size_t n,
                              kc_validate_errors *errs)
{
	check_key(key, "key", errs);
	const char *detail = NULL;
	switch (op) {
	case KC_SELECTOR_IN:
	case KC_SELECTOR_NOT_IN:
		if (n == 0)
			detail = "for 'in', 'notin' operators, values set can't be empty";
		break;
	case KC_SELECTOR_EQUALS:
	case KC_SELECTOR_DOUBLE_EQUALS:
	case KC_SELECTOR_NOT_EQUALS:
		if (n != 1)
			detail = "exact-match compatibility requires one single value";
		break;
	case KC_SELECTOR_EXISTS:
	case KC_SELECTOR_DOES_NOT_EXIST:
		if (n != 0)
			detail = "values set must be empty for exists and does not exist";
		break;
	case KC_SELECTOR_GREATER_THAN:
	case KC_SELECTOR_LESS_THAN:
		if (n != 1)
			detail = "for 'Gt', 'Lt' operators, exactly one value is required";
		break;
	}
	if (detail) {
		_cleanup_free_ char *rendered = kc_validate_json_strings(values, n);
		kc_validate_invalid_raw(errs, "values", rendered, detail);
	}
	if (op == KC_SELECTOR_GREATER_THAN || op == KC_SELECTOR_LESS_THAN) {
		for (size_t i = 0; i < n; i++) {
			long long v;
			if (!parse_int64(values[i], &v)) {
				_cleanup_free_ char *p = xasprintf("values[%zu]", i);
				kc_validate_invalid(errs, p, values[i],
				                    "for 'Gt', 'Lt' operators, the value must be an integer");
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *msg = join_msgs(kc_validate_label_value, values[i]);
		if (msg) {
			_cleanup_free_ char *p = xasprintf("values[%zu][%s]", i, key);
			kc_validate_invalid(errs, p, values[i], msg);
		}
	}
}

/* Sets err from a field error list as upstream's ToAggregate().Error(). */
static int errs_to_error(const kc_validate_errors *errs, kc_error *err)
{
	_cleanup_free_ char *agg = kc_validate_errors_aggregate(errs);
	return kc_error_set(err, -EINVAL, "%s", agg);
}

static kc_selector_req make_req(const char *key, kc_selector_op op, const char *const *values, size_t n)
{
	kc_selector_req r = {xstrdup(key), op, NULL, n};
	if (n > 0) {
		r.values = xcalloc(n, sizeof(*r.values));
		for (size_t i = 0; i < n; i++)
			r.values[i] = xstrdup(values[i]);
	}
	return r;
}

int kc_selector_add(kc_selector *sel, const char *key, kc_selector_op op, const char *const *values,
                    size_t n_values, kc_error *err)
{
	_cleanup_(kc_validate_errors_freep) kc_validate_errors errs = KC_VALIDATE_ERRORS_INIT;
	check_requirement(key, op, values, n_values, &errs);
	if (errs.n > 0)
		return errs_to_error(&errs, err);
	if (sel->nothing)
		return 0;
	push_req(sel, make_req(key, op, values, n_values));
	sort_reqs(sel);
	return 0;
}

/* ---------------------------------------------------------------- lexer */

typedef enum tok {
	T_ERROR, /* upstream's; never produced, as every special character is an operator */
	T_EOS,
	T_CLOSE_PAR,
	T_COMMA,
	T_NOT, /* "!", DoesNotExistToken */
	T_DOUBLE_EQUALS,
	T_EQUALS,
	T_GREATER,
	T_IDENT,
	T_IN,
	T_LESS,
	T_NOT_EQUALS,
	T_NOT_IN,
	T_OPEN_PAR,
} tok;

typedef struct item {
	tok t;
	const char *lit; /* into the parsed text; "" at the end */
	size_t len;
} item;

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_special(char c)
{
	return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

/* One token from *pos. Special symbols take the longest match among the
 * one- and two-character operators ("!=", "=="), as upstream's scanner does. */
static item lex(const char *text, size_t *pos)
{
	const char *s = text + *pos;
	while (is_ws(*s))
		s++;
	item it = {T_EOS, s, 0};
	if (*s == '\0') {
		*pos = (size_t)(s - text);
		return it;
	}
	if (is_special(*s)) {
		static const struct {
			char c;
			tok t;
		} one[] = {{')', T_CLOSE_PAR}, {',', T_COMMA}, {'!', T_NOT},     {'=', T_EQUALS},
		           {'>', T_GREATER},   {'<', T_LESS},  {'(', T_OPEN_PAR}};
		if ((s[0] == '!' || s[0] == '=') && s[1] == '=') {
			it.t = s[0] == '!' ? T_NOT_EQUALS : T_DOUBLE_EQUALS;
			it.len = 2;
		} else {
			for (size_t i = 0; i < KC_ARRAY_SIZE(one); i++)
				if (one[i].c == s[0])
					it.t = one[i].t;
			it.len = 1;
		}
	} else {
		while (s[it.len] && !is_ws(s[it.len]) && !is_special(s[it.len]))
			it.len++;
		it.t = T_IDENT;
		if (it.len == 2 && memcmp(s, "in", 2) == 0)
			it.t = T_IN;
		else if (it.len == 5 && memcmp(s, "notin", 5) == 0)
			it.t = T_NOT_IN;
	}
	*pos = (size_t)(s - text) + it.len;
	return it;
}

/* ---------------------------------------------------------------- parser */

typedef struct parser {
	item *items;
	size_t n, pos;
	char msg[KC_ERROR_MSG_MAX]; /* the failure, as upstream words it */
} parser;

/* In the values context "in" and "notin" are plain identifiers ("x in (in)"). */
static item lookahead(const parser *p, bool values)
{
	item it = p->items[p->pos < p->n ? p->pos : p->n - 1];
	if (values && (it.t == T_IN || it.t == T_NOT_IN))
		it.t = T_IDENT;
	return it;
}

static item consume(parser *p, bool values)
{
	item it = lookahead(p, values);
	if (p->pos < p->n - 1) /* the end token stays; upstream never reads past it */
		p->pos++;
	return it;
}

/* Upstream's "found '<token>'<expectation>" messages. */
static int fail(parser *p, const item *it, const char *expected)
{
	int len = it->len > 4096 ? 4096 : (int)it->len; /* the message is cut at KC_ERROR_MSG_MAX anyway */
	snprintf(p->msg, sizeof(p->msg), "found '%.*s'%s", len, it->lit, expected);
	return -EINVAL;
}

/* A growing list of values taken from the text. */
typedef struct values {
	char **v;
	size_t n, cap;
} values;

static void values_add(values *vs, const char *s, size_t len)
{
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 4;
		vs->v = xrealloc(vs->v, vs->cap * sizeof(*vs->v));
	}
	vs->v[vs->n++] = xstrndup(s, len);
}

static void values_free(values *vs)
{
	for (size_t i = 0; i < vs->n; i++)
		free(vs->v[i]);
	free(vs->v);
}

/* sets.String.List(): sorted, duplicates dropped. */
static void values_sort_unique(values *vs)
{
	if (vs->n < 2)
		return;
	qsort(vs->v, vs->n, sizeof(*vs->v), cmp_str);
	size_t w = 1;
	for (size_t i = 1; i < vs->n; i++) {
		if (streq(vs->v[i], vs->v[w - 1]))
			free(vs->v[i]);
		else
			vs->v[w++] = vs->v[i];
	}
	vs->n = w;
}

/* parseIdentifiersList: "a,b", ",a" and "a," hold an empty value too. */
static int parse_identifiers_list(parser *p, values *vs)
{
	for (;;) {
		item it = consume(p, true);
		if (it.t == T_IDENT) {
			values_add(vs, it.lit, it.len);
			item next = lookahead(p, true);
			if (next.t == T_COMMA)
				continue;
			if (next.t == T_CLOSE_PAR)
				return 0;
			return fail(p, &next, ", expected: ',' or ')'");
		}
		if (it.t == T_COMMA) {
			if (vs->n == 0)
				values_add(vs, "", 0); /* "(," */
			item next = lookahead(p, true);
			if (next.t == T_CLOSE_PAR) {
				values_add(vs, "", 0); /* ",)" */
				return 0;
			}
			if (next.t == T_COMMA)
				values_add(vs, "", 0); /* ",," */
			continue;
		}
		return fail(p, &it, ", expected: ',', or identifier");
	}
}

/* parseValues: "(" list ")". */
static int parse_values(parser *p, values *vs)
{
	item it = consume(p, true);
	if (it.t != T_OPEN_PAR)
		return fail(p, &it, " expected: '('");
	item next = lookahead(p, true);
	if (next.t == T_IDENT || next.t == T_COMMA) {
		int r = parse_identifiers_list(p, vs);
		if (r < 0)
			return r;
		if (consume(p, true).t != T_CLOSE_PAR)
			return fail(p, &next, ", expected: ')'");
		return 0;
	}
	if (next.t == T_CLOSE_PAR) { /* "()" is the empty value */
		consume(p, true);
		values_add(vs, "", 0);
		return 0;
	}
	return fail(p, &next, ", expected: ',', ')' or identifier");
}

/* parseExactValue: one value, empty when the requirement ends here. */
static int parse_exact_value(parser *p, values *vs)
{
	item next = lookahead(p, true);
	if (next.t == T_EOS || next.t == T_COMMA) {
		values_add(vs, "", 0);
		return 0;
	}
	item it = consume(p, true);
	if (it.t == T_IDENT) {
		values_add(vs, it.lit, it.len);
		return 0;
	}
	return fail(p, &it, ", expected: identifier");
}

static int parse_operator(parser *p, kc_selector_op *op)
{
	item it = consume(p, false);
	switch (it.t) {
	case T_IN:
		*op = KC_SELECTOR_IN;
		return 0;
	case T_EQUALS:
		*op = KC_SELECTOR_EQUALS;
		return 0;
	case T_DOUBLE_EQUALS:
		*op = KC_SELECTOR_DOUBLE_EQUALS;
		return 0;
	case T_GREATER:
		*op = KC_SELECTOR_GREATER_THAN;
		return 0;
	case T_LESS:
		*op = KC_SELECTOR_LESS_THAN;
		return 0;
	case T_NOT_IN:
		*op = KC_SELECTOR_NOT_IN;
		return 0;
	case T_NOT_EQUALS:
		*op = KC_SELECTOR_NOT_EQUALS;
		return 0;
	default:
		return fail(p, &it, ", expected: in, notin, =, ==, !=, gt, lt");
	}
}

/* parseRequirement, adding the requirement to sel. */
static int parse_requirement(parser *p, kc_selector *sel)
{
	/* parseKeyAndInferOperator */
	bool not = false;
	item it = consume(p, true);
	if (it.t == T_NOT) {
		not = true;
		it = consume(p, true);
	}
	if (it.t != T_IDENT)
		return fail(p, &it, ", expected: identifier");
	_cleanup_free_ char *key = xstrndup(it.lit, it.len);
	_cleanup_(kc_validate_errors_freep) kc_validate_errors errs = KC_VALIDATE_ERRORS_INIT;
	if (!check_key(key, "<nil>", &errs)) {
		_cleanup_free_ char *msg = kc_validate_errors_aggregate(&errs);
		snprintf(p->msg, sizeof(p->msg), "%s", msg);
		return -EINVAL;
	}
	kc_selector_op op = KC_SELECTOR_EXISTS;
	item next = lookahead(p, true);
	bool ends = next.t == T_EOS || next.t == T_COMMA;
	/* "!key" is complete even when an operator follows: "!a=b" then fails
	 * at the '=' as "expected: ',' or 'end of string'", as upstream. */
	if (not || ends) {
		op = not ? KC_SELECTOR_DOES_NOT_EXIST : KC_SELECTOR_EXISTS;
		push_req(sel, make_req(key, op, NULL, 0));
		return 0;
	}
	int r = parse_operator(p, &op);
	if (r < 0)
		return r;
	_cleanup_(values_free) values vs = {NULL, 0, 0};
	r = (op == KC_SELECTOR_IN || op == KC_SELECTOR_NOT_IN) ? parse_values(p, &vs)
	                                                       : parse_exact_value(p, &vs);
	if (r < 0)
		return r;
	values_sort_unique(&vs);
	check_requirement(key, op, (const char *const *)vs.v, vs.n, &errs);
	if (errs.n > 0) {
		_cleanup_free_ char *msg = kc_validate_errors_aggregate(&errs);
		snprintf(p->msg, sizeof(p->msg), "%s", msg);
		return -EINVAL;
	}
	kc_selector_req req = {TAKE_PTR(key), op, vs.v, vs.n};
	vs.v = NULL;
	vs.n = 0;
	push_req(sel, req);
	return 0;
}

static int parse_all(parser *p, kc_selector *sel, kc_error *err)
{
	for (;;) {
		item it = lookahead(p, true);
		if (it.t == T_EOS)
			return 0;
		if (it.t != T_IDENT && it.t != T_NOT) {
			fail(p, &it, ", expected: !, identifier, or 'end of string'");
			return kc_error_set(err, -EINVAL, "%s", p->msg);
		}
		if (parse_requirement(p, sel) < 0)
			return kc_error_set(err, -EINVAL, "unable to parse requirement: %s", p->msg);
		item after = consume(p, true);
		if (after.t == T_EOS)
			return 0;
		if (after.t != T_COMMA) {
			fail(p, &after, ", expected: ',' or 'end of string'");
			return kc_error_set(err, -EINVAL, "%s", p->msg);
		}
		item next = lookahead(p, true);
		if (next.t != T_IDENT && next.t != T_NOT) {
			fail(p, &next, ", expected: identifier after ','");
			return kc_error_set(err, -EINVAL, "%s", p->msg);
		}
	}
}

int kc_selector_parse(const char *text, kc_selector **ret, kc_error *err)
{
	if (!text)
		text = ""; /* an absent query parameter selects everything */
	parser p = {NULL, 0, 0, {0}};
	size_t pos = 0, cap = 0;
	/* Tokenize everything first, as upstream does (its lookahead is an index). */
	for (;;) {
		item it = lex(text, &pos);
		if (p.n == cap) {
			cap = cap ? cap * 2 : 16;
			p.items = xrealloc(p.items, cap * sizeof(*p.items));
		}
		p.items[p.n++] = it;
		if (it.t == T_EOS)
			break;
	}
	_cleanup_selector_ kc_selector *sel = kc_selector_everything();
	int r = parse_all(&p, sel, err);
	free(p.items);
	if (r < 0)
		return r;
	sort_reqs(sel);
	*ret = TAKE_PTR(sel);
	return 0;
}

/* ---------------------------------------------------------------- matching */

/* A label set to look values up in: a JSON object, a kc_map or a caller's
 * lookup function. */
typedef struct label_set {
	const cJSON *json;
	const kc_map *map;
	kc_selector_lookup_fn fn;
	const void *userdata;
} label_set;

static const char *lookup(const label_set *ls, const char *key)
{
	if (ls->fn)
		return ls->fn(key, ls->userdata);
	if (ls->map)
		return kc_map_has(ls->map, key) ? (const char *)kc_map_get(ls->map, key) : NULL;
	if (!cJSON_IsObject(ls->json))
		return NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(ls->json, key);
	if (!v)
		return NULL;
	return cJSON_IsString(v) ? v->valuestring : "";
}

static bool has_value(const kc_selector_req *r, const char *v)
{
	for (size_t i = 0; i < r->n_values; i++)
		if (streq(r->values[i], v))
			return true;
	return false;
}

static bool req_matches(const kc_selector_req *r, const label_set *ls)
{
	const char *v = lookup(ls, r->key);
	switch (r->op) {
	case KC_SELECTOR_IN:
	case KC_SELECTOR_EQUALS:
	case KC_SELECTOR_DOUBLE_EQUALS:
		return v && has_value(r, v);
	case KC_SELECTOR_NOT_IN:
	case KC_SELECTOR_NOT_EQUALS:
		return !v || !has_value(r, v);
	case KC_SELECTOR_EXISTS:
		return v != NULL;
	case KC_SELECTOR_DOES_NOT_EXIST:
		return v == NULL;
	case KC_SELECTOR_GREATER_THAN:
	case KC_SELECTOR_LESS_THAN: {
		long long have, want;
		/* A label that is not an integer simply does not match. */
		if (!v || r->n_values != 1 || !parse_int64(v, &have) || !parse_int64(r->values[0], &want))
			return false;
		return r->op == KC_SELECTOR_GREATER_THAN ? have > want : have < want;
	}
	}
	return false;
}

static bool matches(const kc_selector *sel, const label_set *ls)
{
	if (sel->nothing)
		return false;
	for (size_t i = 0; i < sel->n_reqs; i++)
		if (!req_matches(&sel->reqs[i], ls))
			return false;
	return true;
}

bool kc_selector_matches(const kc_selector *sel, const cJSON *labels)
{
	label_set ls = {.json = labels};
	return matches(sel, &ls);
}

bool kc_selector_matches_object(const kc_selector *sel, const cJSON *obj)
{
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	return kc_selector_matches(sel, cJSON_GetObjectItemCaseSensitive(meta, "labels"));
}

bool kc_selector_matches_map(const kc_selector *sel, const kc_map *labels)
{
	label_set ls = {.map = labels};
	return matches(sel, &ls);
}

bool kc_selector_matches_fn(const kc_selector *sel, kc_selector_lookup_fn fn, const void *userdata)
{
	label_set ls = {.fn = fn, .userdata = userdata};
	return matches(sel, &ls);
}

bool kc_selector_requires_exact_match(const kc_selector *sel, const char *key, const char **ret_value)
{
	for (size_t i = 0; i < sel->n_reqs; i++) {
		const kc_selector_req *r = &sel->reqs[i];
		if (!streq(r->key, key))
			continue;
		bool exact = r->op == KC_SELECTOR_EQUALS || r->op == KC_SELECTOR_DOUBLE_EQUALS ||
		             r->op == KC_SELECTOR_IN;
		if (!exact || r->n_values != 1)
			return false;
		if (ret_value)
			*ret_value = r->values[0];
		return true;
	}
	return false;
}

/* ---------------------------------------------------------------- printing */

static void req_to_string(const kc_selector_req *r, kc_buf *b)
{
	static const char *const ops[] = {
	    [KC_SELECTOR_EQUALS] = "=",        [KC_SELECTOR_DOUBLE_EQUALS] = "==",
	    [KC_SELECTOR_NOT_EQUALS] = "!=",   [KC_SELECTOR_IN] = " in ",
	    [KC_SELECTOR_NOT_IN] = " notin ",  [KC_SELECTOR_EXISTS] = "",
	    [KC_SELECTOR_DOES_NOT_EXIST] = "", [KC_SELECTOR_GREATER_THAN] = ">",
	    [KC_SELECTOR_LESS_THAN] = "<",
	};
	if (r->op == KC_SELECTOR_DOES_NOT_EXIST)
		kc_buf_addch(b, '!');
	kc_buf_addstr(b, r->key);
	if (r->op == KC_SELECTOR_EXISTS || r->op == KC_SELECTOR_DOES_NOT_EXIST)
		return;
	kc_buf_addstr(b, ops[r->op]);
	bool set = r->op == KC_SELECTOR_IN || r->op == KC_SELECTOR_NOT_IN;
	if (set)
		kc_buf_addch(b, '(');
	/* Values print sorted without touching the selector's own order. */
	char **sorted = xcalloc(r->n_values + 1, sizeof(*sorted));
	for (size_t i = 0; i < r->n_values; i++)
		sorted[i] = r->values[i];
	qsort(sorted, r->n_values, sizeof(*sorted), cmp_str);
	for (size_t i = 0; i < r->n_values; i++) {
		if (i > 0)
			kc_buf_addch(b, ',');
		kc_buf_addstr(b, sorted[i]);
	}
	free(sorted);
	if (set)
		kc_buf_addch(b, ')');
}

char *kc_selector_to_string(const kc_selector *sel)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; !sel->nothing && i < sel->n_reqs; i++) {
		if (i > 0)
			kc_buf_addch(&b, ',');
		req_to_string(&sel->reqs[i], &b);
	}
	return kc_buf_release(&b);
}

/* ---------------------------------------------------------------- JSON forms */

static const cJSON **sorted_members(const cJSON *obj, size_t *ret_n)
{
	size_t n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) n++;
	const cJSON **v = xcalloc(n + 1, sizeof(*v));
	n = 0;
	cJSON_ArrayForEach(it, obj) v[n++] = it;
	for (size_t i = 1; i < n; i++) /* insertion sort: stable, maps are small */
		for (size_t j = i; j > 0 && strcmp(v[j - 1]->string, v[j]->string) > 0; j--) {
			const cJSON *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	*ret_n = n;
	return v;
}

int kc_selector_from_set(const cJSON *labels, bool validate, kc_selector **ret, kc_error *err)
{
	if (labels && !cJSON_IsNull(labels) && !cJSON_IsObject(labels))
		return kc_error_set(err, -EINVAL, "label set must be a JSON object");
	_cleanup_selector_ kc_selector *sel = kc_selector_everything();
	size_t n = 0;
	_cleanup_free_ const cJSON **m = cJSON_IsObject(labels) ? sorted_members(labels, &n) : NULL;
	for (size_t i = 0; i < n; i++) {
		const char *value = cJSON_IsString(m[i]) ? m[i]->valuestring : "";
		const char *const vals[] = {value};
		if (validate) {
			_cleanup_(kc_validate_errors_freep) kc_validate_errors errs = KC_VALIDATE_ERRORS_INIT;
			check_requirement(m[i]->string, KC_SELECTOR_EQUALS, vals, 1, &errs);
			if (errs.n > 0)
				return errs_to_error(&errs, err);
		}
		push_req(sel, make_req(m[i]->string, KC_SELECTOR_EQUALS, vals, 1));
	}
	sort_reqs(sel);
	*ret = TAKE_PTR(sel);
	return 0;
}

int kc_selector_from_label_selector(const cJSON *ls, kc_selector **ret, kc_error *err)
{
	if (!ls || cJSON_IsNull(ls)) {
		*ret = kc_selector_nothing();
		return 0;
	}
	if (!cJSON_IsObject(ls))
		return kc_error_set(err, -EINVAL, "label selector must be a JSON object");
	const cJSON *ml = cJSON_GetObjectItemCaseSensitive(ls, "matchLabels");
	const cJSON *me = cJSON_GetObjectItemCaseSensitive(ls, "matchExpressions");
	if (ml && !cJSON_IsNull(ml) && !cJSON_IsObject(ml))
		return kc_error_set(err, -EINVAL, "matchLabels must be a JSON object of strings");
	if (me && !cJSON_IsNull(me) && !cJSON_IsArray(me))
		return kc_error_set(err, -EINVAL, "matchExpressions must be a JSON array");
	_cleanup_selector_ kc_selector *sel = NULL;
	int r = kc_selector_from_set(ml, true, &sel, err);
	if (r < 0)
		return r;
	static const struct {
		const char *name;
		kc_selector_op op;
	} ops[] = {{"In", KC_SELECTOR_IN},
	           {"NotIn", KC_SELECTOR_NOT_IN},
	           {"Exists", KC_SELECTOR_EXISTS},
	           {"DoesNotExist", KC_SELECTOR_DOES_NOT_EXIST}};
	const cJSON *e;
	size_t idx = 0;
	const cJSON *exprs = cJSON_IsArray(me) ? me : NULL;
	cJSON_ArrayForEach(e, exprs)
	{
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "key");
		const cJSON *o = cJSON_GetObjectItemCaseSensitive(e, "operator");
		const cJSON *vs = cJSON_GetObjectItemCaseSensitive(e, "values");
		if (!cJSON_IsObject(e) || (k && !cJSON_IsString(k)) || (o && !cJSON_IsString(o)) ||
		    (vs && !cJSON_IsNull(vs) && !cJSON_IsArray(vs)))
			return kc_error_set(
			    err, -EINVAL,
			    "matchExpressions[%zu] must be an object with string key and operator "
			    "and an array of string values",
			    idx);
		const char *op_name = o ? o->valuestring : "";
		size_t n = 0;
		const char **vals = NULL; /* NULL as Go's nil slice when there are none */
		const cJSON *v;
		const cJSON *list = cJSON_IsArray(vs) ? vs : NULL;
		cJSON_ArrayForEach(v, list) n++;
		if (n > 0) {
			vals = xcalloc(n, sizeof(*vals));
			n = 0;
			cJSON_ArrayForEach(v, list)
			{
				if (!cJSON_IsString(v)) {
					free(vals);
					return kc_error_set(
					    err, -EINVAL,
					    "matchExpressions[%zu].values[%zu] must be a string", idx, n);
				}
				vals[n++] = v->valuestring;
			}
		}
		size_t i = 0;
		while (i < KC_ARRAY_SIZE(ops) && !streq(ops[i].name, op_name))
			i++;
		if (i == KC_ARRAY_SIZE(ops)) {
			free(vals);
			_cleanup_free_ char *q = kc_validate_quote(op_name);
			return kc_error_set(err, -EINVAL, "%s is not a valid label selector operator", q);
		}
		r = kc_selector_add(sel, k ? k->valuestring : "", ops[i].op, vals, n, err);
		free(vals);
		if (r < 0)
			return r;
		idx++;
	}
	*ret = TAKE_PTR(sel);
	return 0;
}

/* ---------------------------------------------------------------- label sets */

/* unicode.IsSpace beyond ASCII, as UTF-8: what strings.TrimSpace also trims. */
static const char *const unicode_spaces[] = {
    "\xc2\x85",     "\xc2\xa0",     "\xe1\x9a\x80", "\xe2\x80\x80", "\xe2\x80\x81",
    "\xe2\x80\x82", "\xe2\x80\x83", "\xe2\x80\x84", "\xe2\x80\x85", "\xe2\x80\x86",
    "\xe2\x80\x87", "\xe2\x80\x88", "\xe2\x80\x89", "\xe2\x80\x8a", "\xe2\x80\xa8",
    "\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80",
};

/* Width of the space rune at s (head) or ending at s+len (tail), 0 if none. */
static size_t space_at(const char *s, size_t len, bool tail)
{
	if (len == 0)
		return 0;
	char c = tail ? s[len - 1] : s[0];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	for (size_t i = 0; i < KC_ARRAY_SIZE(unicode_spaces); i++) {
		size_t w = strlen(unicode_spaces[i]);
		if (w <= len && memcmp(tail ? s + len - w : s, unicode_spaces[i], w) == 0)
			return w;
	}
	return 0;
}

static char *trim_space(const char *s, size_t len)
{
	size_t w;
	while ((w = space_at(s, len, false)) > 0)
		s += w, len -= w;
	while ((w = space_at(s, len, true)) > 0)
		len -= w;
	return xstrndup(s, len);
}

int kc_labels_from_string(const char *text, cJSON **ret, kc_error *err)
{
	_cleanup_json_ cJSON *labels = cJSON_CreateObject();
	const char *p = text;
	while (*text) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		if (!eq || memchr(eq + 1, '=', len - (size_t)(eq + 1 - p))) {
			/* Go prints the split pieces as a list: "[a b c]". */
			_cleanup_buf_ kc_buf b = KC_BUF_INIT;
			for (size_t i = 0; i < len; i++)
				kc_buf_addch(&b, p[i] == '=' ? ' ' : p[i]);
			return kc_error_set(err, -EINVAL, "invalid selector: [%s]", kc_buf_str(&b));
		}
		_cleanup_free_ char *key = trim_space(p, (size_t)(eq - p));
		_cleanup_free_ char *value = trim_space(eq + 1, len - (size_t)(eq + 1 - p));
		_cleanup_(kc_validate_errors_freep) kc_validate_errors errs = KC_VALIDATE_ERRORS_INIT;
		if (!check_key(key, "<nil>", &errs))
			return errs_to_error(&errs, err);
		_cleanup_free_ char *msg = join_msgs(kc_validate_label_value, value);
		if (msg) {
			_cleanup_free_ char *path = xasprintf("[%s]", key);
			kc_validate_invalid(&errs, path, value, msg);
			return errs_to_error(&errs, err);
		}
		cJSON_DeleteItemFromObjectCaseSensitive(labels, key);
		cJSON_AddStringToObject(labels, key, value);
		if (!comma)
			break;
		p = comma + 1;
	}
	*ret = TAKE_PTR(labels);
	return 0;
}

char *kc_labels_to_string(const cJSON *labels)
{
	size_t n = 0;
	const cJSON *it;
	const cJSON *obj = cJSON_IsObject(labels) ? labels : NULL;
	cJSON_ArrayForEach(it, obj) n++;
	char **pairs = xcalloc(n + 1, sizeof(*pairs));
	n = 0;
	cJSON_ArrayForEach(it, obj) pairs[n++] =
	    xasprintf("%s=%s", it->string, cJSON_IsString(it) ? it->valuestring : "");
	/* Upstream sorts the "key=value" strings, not the keys. */
	qsort(pairs, n, sizeof(*pairs), cmp_str);
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			kc_buf_addch(&b, ',');
		kc_buf_addstr(&b, pairs[i]);
		free(pairs[i]);
	}
	free(pairs);
	return kc_buf_release(&b);
}
