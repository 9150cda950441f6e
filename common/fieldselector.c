/* fieldselector.c - field selectors (see fieldselector.h). */
#include "fieldselector.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "banned.h"

/* ---------------------------------------------------------------- tables */

#define META_NAME                                                                                            \
	{                                                                                                    \
		"metadata.name", NULL, NULL, NULL                                                            \
	}
#define META_NAMESPACE                                                                                       \
	{                                                                                                    \
		"metadata.namespace", NULL, NULL, NULL                                                       \
	}
#define FIELD(name)                                                                                          \
	{                                                                                                    \
		name, NULL, NULL, NULL                                                                       \
	}

/* From upstream's field label conversion functions (which fields a kind
 * accepts) and its ToSelectableFields (where their values come from). */
static const kc_fieldsel_field pod_fields[] = {
    META_NAME,
    META_NAMESPACE,
    FIELD("spec.nodeName"),
    FIELD("spec.restartPolicy"),
    FIELD("spec.schedulerName"),
    FIELD("spec.serviceAccountName"),
    {"spec.hostNetwork", NULL, "false", NULL},
    FIELD("status.phase"),
    FIELD("status.podIP"),
    {"status.podIPs", "", NULL, NULL}, /* accepted, but not in the field set */
    FIELD("status.nominatedNodeName"),
    {"spec.host", NULL, NULL, "spec.nodeName"}, /* old v1 clients */
};

static const kc_fieldsel_field node_fields[] = {
    META_NAME,
    {"spec.unschedulable", NULL, "false", NULL},
};

static const kc_fieldsel_field replicas_fields[] = {
    META_NAME,
    META_NAMESPACE,
    {"status.replicas", NULL, "0", NULL},
};

static const kc_fieldsel_field event_fields[] = {
    FIELD("involvedObject.kind"),
    FIELD("involvedObject.namespace"),
    FIELD("involvedObject.name"),
    FIELD("involvedObject.uid"),
    FIELD("involvedObject.apiVersion"),
    FIELD("involvedObject.resourceVersion"),
    FIELD("involvedObject.fieldPath"),
    FIELD("reason"),
    FIELD("reportingComponent"),
    {"source", "source.component", NULL, NULL},
    FIELD("type"),
    META_NAMESPACE,
    META_NAME,
};

static const kc_fieldsel_field namespace_fields[] = {FIELD("status.phase"), META_NAME};
static const kc_fieldsel_field secret_fields[] = {FIELD("type"), META_NAMESPACE, META_NAME};
static const kc_fieldsel_field service_fields[] = {META_NAMESPACE, META_NAME, FIELD("spec.clusterIP"),
                                                   FIELD("spec.type")};
static const kc_fieldsel_field job_fields[] = {
    META_NAME, META_NAMESPACE, {"status.successful", "status.succeeded", "0", NULL}};
static const kc_fieldsel_field csr_fields[] = {META_NAME, FIELD("spec.signerName")};
static const kc_fieldsel_field default_fields[] = {META_NAME, META_NAMESPACE};

#define TABLE(f)                                                                                             \
	{                                                                                                    \
		f, KC_ARRAY_SIZE(f), false                                                                   \
	}

static const struct {
	const char *group, *kind;
	kc_fieldsel_table table;
} kind_tables[] = {
    {"", "Pod", TABLE(pod_fields)},
    {"", "Node", TABLE(node_fields)},
    {"", "ReplicationController", TABLE(replicas_fields)},
    {"", "Event", TABLE(event_fields)},
    {"", "Namespace", TABLE(namespace_fields)},
    {"", "Secret", TABLE(secret_fields)},
    {"", "Service", TABLE(service_fields)},
    {"apps", "ReplicaSet", TABLE(replicas_fields)},
    {"batch", "Job", TABLE(job_fields)},
    {"certificates.k8s.io", "CertificateSigningRequest", TABLE(csr_fields)},
};

static const kc_fieldsel_table default_table = {default_fields, KC_ARRAY_SIZE(default_fields), true};

const kc_fieldsel_table *kc_fieldsel_table_for_kind(const char *group, const char *kind)
{
	for (size_t i = 0; i < KC_ARRAY_SIZE(kind_tables); i++)
		if (streq(kind_tables[i].group, group ? group : "") && streq(kind_tables[i].kind, kind))
			return &kind_tables[i].table;
	return &default_table;
}

/* ---------------------------------------------------------------- basics */

void kc_fieldsel_free(kc_fieldsel *sel)
{
	if (!sel)
		return;
	for (size_t i = 0; i < sel->n_reqs; i++) {
		free(sel->reqs[i].field);
		free(sel->reqs[i].value);
	}
	free(sel->reqs);
	free(sel);
}

kc_fieldsel *kc_fieldsel_everything(void)
{
	return xcalloc(1, sizeof(kc_fieldsel));
}

kc_fieldsel *kc_fieldsel_nothing(void)
{
	kc_fieldsel *s = xcalloc(1, sizeof(kc_fieldsel));
	s->nothing = true;
	return s;
}

bool kc_fieldsel_empty(const kc_fieldsel *sel)
{
	return !sel->nothing && sel->n_reqs == 0;
}

/* ---------------------------------------------------------------- escaping */

char *kc_fieldsel_escape_value(const char *value)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == ',' || *p == '=')
			kc_buf_addch(&b, '\\');
		kc_buf_addch(&b, *p);
	}
	return kc_buf_release(&b);
}

/* Go's utf8.DecodeRuneInString: the width of the rune at s, or 0 for an
 * invalid sequence (Go then reads one byte as U+FFFD). */
static size_t rune_width(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t r, min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, r = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, r = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, r = c & 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		r = (r << 6) | (s[i] & 0x3f);
	}
	if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		return 0;
	return n;
}

static const char replacement_char[] = "\xef\xbf\xbd"; /* U+FFFD */

int kc_fieldsel_unescape_value(const char *value, char **ret, kc_error *err)
{
	/* Without escapes or special characters the value is taken as it is. */
	if (!strpbrk(value, "\\,=")) {
		*ret = xstrdup(value);
		return 0;
	}
	/* Otherwise upstream walks runes, which also turns invalid UTF-8 into U+FFFD. */
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	const unsigned char *s = (const unsigned char *)value;
	bool in_slash = false;
	while (*s) {
		size_t w = rune_width(s);
		const char *rune = w ? (const char *)s : replacement_char;
		size_t rune_len = w ? w : 3;
		if (in_slash) {
			if (*s != '\\' && *s != ',' && *s != '=')
				return kc_error_set(err, -EINVAL,
				                    "invalid field selector: invalid escape sequence: \\%.*s",
				                    (int)rune_len, rune);
			kc_buf_addch(&b, (char)*s);
			in_slash = false;
		} else if (*s == '\\') {
			in_slash = true;
		} else if (*s == ',' || *s == '=') {
			return kc_error_set(err, -EINVAL,
			                    "invalid field selector: unescaped character in value: %d", *s);
		} else {
			kc_buf_add(&b, rune, rune_len);
		}
		s += w ? w : 1;
	}
	if (in_slash)
		return kc_error_set(err, -EINVAL, "invalid field selector: invalid escape sequence: \\");
	kc_buf_addstr(&b, "");
	*ret = kc_buf_release(&b);
	return 0;
}

/* ---------------------------------------------------------------- parsing */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* splitTerms: the terms between unescaped commas, escapes kept. */
static char **split_terms(const char *text, size_t *ret_n)
{
	size_t n = 1;
	bool in_slash = false;
	for (const char *p = text; *p; p++) {
		if (in_slash)
			in_slash = false;
		else if (*p == '\\')
			in_slash = true;
		else if (*p == ',')
			n++;
	}
	char **terms = xcalloc(n, sizeof(*terms));
	const char *start = text;
	size_t i = 0;
	in_slash = false;
	for (const char *p = text;; p++) {
		if (*p == '\0' || (!in_slash && *p == ',')) {
			terms[i++] = xstrndup(start, (size_t)(p - start));
			if (*p == '\0')
				break;
			start = p + 1;
			continue;
		}
		in_slash = in_slash ? false : *p == '\\';
	}
	*ret_n = n;
	return terms;
}

/* splitTerm: the first "!=", "==" or "=" splits; the field is not unescaped. */
static bool split_term(const char *term, size_t *ret_field_len, kc_fieldsel_op *ret_op,
                       const char **ret_value)
{
	for (const char *p = term; *p; p++) {
		if (p[0] == '!' && p[1] == '=') {
			*ret_op = KC_FIELDSEL_NOT_EQUALS;
			*ret_value = p + 2;
		} else if (p[0] == '=') {
			*ret_op = KC_FIELDSEL_EQUALS;
			*ret_value = p[1] == '=' ? p + 2 : p + 1;
		} else {
			continue;
		}
		*ret_field_len = (size_t)(p - term);
		return true;
	}
	return false;
}

static void push_req(kc_fieldsel *sel, char *field, kc_fieldsel_op op, char *value)
{
	size_t n = sel->n_reqs;
	if ((n & (n - 1)) == 0)
		sel->reqs = xrealloc(sel->reqs, (n ? n * 2 : 1) * sizeof(*sel->reqs));
	sel->reqs[sel->n_reqs++] = (kc_fieldsel_req){field, op, value, NULL};
}

static void free_terms(char **terms, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(terms[i]);
	free(terms);
}

int kc_fieldsel_parse(const char *text, kc_fieldsel **ret, kc_error *err)
{
	if (!text)
		text = ""; /* an absent query parameter selects everything */
	_cleanup_fieldsel_ kc_fieldsel *sel = kc_fieldsel_everything();
	size_t n = 0;
	char **terms = text[0] ? split_terms(text, &n) : NULL;
	if (n > 1)
		qsort(terms, n, sizeof(*terms), cmp_str);
	int r = 0;
	for (size_t i = 0; i < n && r == 0; i++) {
		if (terms[i][0] == '\0')
			continue;
		size_t field_len;
		kc_fieldsel_op op;
		const char *raw_value;
		if (!split_term(terms[i], &field_len, &op, &raw_value)) {
			r = kc_error_set(err, -EINVAL, "invalid selector: '%s'; can't understand '%s'", text,
			                 terms[i]);
			break;
		}
		char *value;
		r = kc_fieldsel_unescape_value(raw_value, &value, err);
		if (r < 0)
			break;
		/* A term with neither field nor value selects everything: dropped. */
		if (field_len == 0 && value[0] == '\0')
			free(value);
		else
			push_req(sel, xstrndup(terms[i], field_len), op, value);
	}
	free_terms(terms, n);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(sel);
	return 0;
}

/* ---------------------------------------------------------------- resolving */

static const kc_fieldsel_field *find_field(const kc_fieldsel_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_fields; i++)
		if (streq(t->fields[i].name, name))
			return &t->fields[i];
	return NULL;
}

int kc_fieldsel_resolve(kc_fieldsel *sel, const kc_fieldsel_table *table, kc_error *err)
{
	for (size_t i = 0; i < sel->n_reqs; i++) {
		kc_fieldsel_req *r = &sel->reqs[i];
		const kc_fieldsel_field *def = find_field(table, r->field);
		if (!def && table->default_conversion)
			return kc_error_set(err, -EINVAL,
			                    "\"%s\" is not a known field selector: only \"metadata.name\", "
			                    "\"metadata.namespace\"",
			                    r->field);
		if (!def)
			return kc_error_set(err, -EINVAL, "field label not supported: %s", r->field);
		if (def->alias_of) {
			const kc_fieldsel_field *target = find_field(table, def->alias_of);
			free(r->field);
			r->field = xstrdup(def->alias_of);
			def = target ? target : def;
		}
		r->def = def;
	}
	return 0;
}

/* ---------------------------------------------------------------- values */

/* Walks a dotted path with optional [i] list indexes. */
static const cJSON *walk(const cJSON *obj, const char *path)
{
	const cJSON *cur = obj;
	const char *p = path;
	while (cur && *p) {
		size_t len = strcspn(p, ".[");
		if (len > 0) {
			_cleanup_free_ char *name = xstrndup(p, len);
			cur = cJSON_IsObject(cur) ? cJSON_GetObjectItemCaseSensitive(cur, name) : NULL;
			p += len;
		}
		while (cur && *p == '[') {
			char *end;
			long idx = strtol(p + 1, &end, 10);
			if (*end != ']' || idx < 0 || idx > INT_MAX || !cJSON_IsArray(cur))
				return NULL;
			cur = cJSON_GetArrayItem(cur, (int)idx);
			p = end + 1;
		}
		if (*p == '.')
			p++;
		else if (*p && *p != '[')
			return NULL;
	}
	return cur;
}

static char *value_at(const cJSON *obj, const char *path, const char *missing)
{
	const cJSON *v = path[0] ? walk(obj, path) : NULL;
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "true" : "false");
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d >= -9.2e18 && d <= 9.2e18 && d == (double)(long long)d)
			return xasprintf("%lld", (long long)d);
		return xasprintf("%g", d);
	}
	return xstrdup(missing ? missing : "");
}

char *kc_fieldsel_value(const cJSON *obj, const kc_fieldsel_field *def)
{
	return value_at(obj, def->path ? def->path : def->name, def->missing);
}

bool kc_fieldsel_matches(const kc_fieldsel *sel, const cJSON *obj)
{
	if (sel->nothing)
		return false;
	for (size_t i = 0; i < sel->n_reqs; i++) {
		const kc_fieldsel_req *r = &sel->reqs[i];
		_cleanup_free_ char *v =
		    r->def ? kc_fieldsel_value(obj, r->def) : value_at(obj, r->field, NULL);
		if (streq(v, r->value) != (r->op == KC_FIELDSEL_EQUALS))
			return false;
	}
	return true;
}

bool kc_fieldsel_matches_map(const kc_fieldsel *sel, const kc_map *fields)
{
	if (sel->nothing)
		return false;
	for (size_t i = 0; i < sel->n_reqs; i++) {
		const kc_fieldsel_req *r = &sel->reqs[i];
		const char *v = fields ? kc_map_get(fields, r->field) : NULL;
		if (streq(v ? v : "", r->value) != (r->op == KC_FIELDSEL_EQUALS))
			return false;
	}
	return true;
}

bool kc_fieldsel_requires_exact_match(const kc_fieldsel *sel, const char *field, const char **ret_value)
{
	for (size_t i = 0; !sel->nothing && i < sel->n_reqs; i++) {
		const kc_fieldsel_req *r = &sel->reqs[i];
		if (r->op == KC_FIELDSEL_EQUALS && streq(r->field, field)) {
			if (ret_value)
				*ret_value = r->value;
			return true;
		}
	}
	return false;
}

char *kc_fieldsel_to_string(const kc_fieldsel *sel)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; !sel->nothing && i < sel->n_reqs; i++) {
		_cleanup_free_ char *v = kc_fieldsel_escape_value(sel->reqs[i].value);
		kc_buf_addf(&b, "%s%s%s%s", i ? "," : "", sel->reqs[i].field,
		            sel->reqs[i].op == KC_FIELDSEL_EQUALS ? "=" : "!=", v);
	}
	return kc_buf_release(&b);
}
