/* strategy_util.c - JSON helpers for strategies (see strategy_util.h). */
#include "strategy_util.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/util.h"
#include "banned.h"

const cJSON *su_get(const cJSON *o, const char *key)
{
	if (!cJSON_IsObject(o))
		return NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return (v && !cJSON_IsNull(v)) ? v : NULL;
}

cJSON *su_getm(cJSON *o, const char *key)
{
	if (!cJSON_IsObject(o))
		return NULL;
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return (v && !cJSON_IsNull(v)) ? v : NULL;
}

const cJSON *su_path(const cJSON *o, const char *dotted)
{
	char key[128];
	const char *p = dotted;
	while (o && *p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		o = su_get(o, key);
		p += n + (dot ? 1 : 0);
	}
	return o;
}

const char *su_str(const cJSON *o, const char *key)
{
	const cJSON *v = su_get(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *su_strz(const cJSON *o, const char *key)
{
	const char *s = su_str(o, key);
	return s ? s : "";
}

bool su_int(const cJSON *o, const char *key, long long *ret)
{
	const cJSON *v = su_get(o, key);
	if (!cJSON_IsNumber(v))
		return false;
	double d = v->valuedouble;
	if (!isfinite(d) || d != floor(d) || fabs(d) > 9.2e18)
		return false;
	*ret = (long long)d;
	return true;
}

long long su_intd(const cJSON *o, const char *key, long long def)
{
	long long v;
	return su_int(o, key, &v) ? v : def;
}

bool su_true(const cJSON *o, const char *key) { return cJSON_IsTrue(su_get(o, key)); }

long long su_ll(const cJSON *v)
{
	if (!cJSON_IsNumber(v) || isnan(v->valuedouble))
		return 0;
	double d = v->valuedouble, lim = 4611686018427387904.0; /* 2^62 */
	if (d > lim)
		return (long long)lim;
	if (d < -lim)
		return -(long long)lim;
	return (long long)d;
}

const cJSON *su_obj(const cJSON *o, const char *key)
{
	const cJSON *v = su_get(o, key);
	return cJSON_IsObject(v) ? v : NULL;
}

const cJSON *su_arr(const cJSON *o, const char *key)
{
	const cJSON *v = su_get(o, key);
	return cJSON_IsArray(v) ? v : NULL;
}

size_t su_len(const cJSON *v)
{
	if (!cJSON_IsArray(v) && !cJSON_IsObject(v))
		return 0;
	return (size_t)cJSON_GetArraySize(v);
}

bool su_is_zero(const cJSON *v)
{
	if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
		return true;
	if (cJSON_IsString(v))
		return v->valuestring[0] == '\0';
	if (cJSON_IsNumber(v))
		return v->valuedouble == 0;
	if (cJSON_IsArray(v) || cJSON_IsObject(v))
		return v->child == NULL;
	return false;
}

bool su_set(const cJSON *o, const char *key) { return !su_is_zero(su_get(o, key)); }

cJSON *su_ensure_obj(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsObject(v))
		return v;
	v = cJSON_CreateObject();
	su_put(o, key, v);
	return v;
}

cJSON *su_ensure_arr(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsArray(v))
		return v;
	v = cJSON_CreateArray();
	su_put(o, key, v);
	return v;
}

void su_put(cJSON *o, const char *key, cJSON *value)
{
	if (cJSON_GetObjectItemCaseSensitive(o, key))
		cJSON_ReplaceItemInObjectCaseSensitive(o, key, value);
	else
		cJSON_AddItemToObject(o, key, value);
}

void su_put_str(cJSON *o, const char *key, const char *value) { su_put(o, key, cJSON_CreateString(value)); }
void su_put_int(cJSON *o, const char *key, long long value) { su_put(o, key, cJSON_CreateNumber((double)value)); }
void su_put_bool(cJSON *o, const char *key, bool value) { su_put(o, key, cJSON_CreateBool(value)); }

void su_default_str(cJSON *o, const char *key, const char *value)
{
	if (cJSON_IsObject(o) && su_is_zero(su_get(o, key)))
		su_put_str(o, key, value);
}

void su_default_int(cJSON *o, const char *key, long long value)
{
	if (cJSON_IsObject(o) && !su_get(o, key))
		su_put_int(o, key, value);
}

void su_default_int_zero(cJSON *o, const char *key, long long value)
{
	if (cJSON_IsObject(o) && su_is_zero(su_get(o, key)))
		su_put_int(o, key, value);
}

void su_default_bool(cJSON *o, const char *key, bool value)
{
	if (cJSON_IsObject(o) && !su_get(o, key))
		su_put_bool(o, key, value);
}

/* An object whose members are all null or empty (a Go struct left at its
 * zero value, e.g. metadata {"creationTimestamp": null}). */
static bool deep_zero(const cJSON *v, int depth)
{
	if (su_is_zero(v))
		return true;
	if (!cJSON_IsObject(v) || depth > 100)
		return false;
	for (const cJSON *m = v->child; m; m = m->next)
		if (!cJSON_IsNull(m) && !((cJSON_IsObject(m) || cJSON_IsArray(m)) && deep_zero(m, depth + 1)))
			return false;
	return true;
}

static bool equal_depth(const cJSON *a, const cJSON *b, int depth)
{
	if (depth > 100)
		return false;
	bool za = su_is_zero(a), zb = su_is_zero(b);
	if (za || zb)
		return deep_zero(a, depth) && deep_zero(b, depth);
	if (cJSON_IsString(a) && cJSON_IsString(b))
		return streq(a->valuestring, b->valuestring);
	if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
		return a->valuedouble == b->valuedouble;
	if (cJSON_IsBool(a) && cJSON_IsBool(b))
		return cJSON_IsTrue(a) == cJSON_IsTrue(b);
	if (cJSON_IsArray(a) && cJSON_IsArray(b)) {
		const cJSON *x = a->child, *y = b->child;
		for (; x && y; x = x->next, y = y->next)
			if (!equal_depth(x, y, depth + 1))
				return false;
		return !x && !y;
	}
	if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
		for (const cJSON *x = a->child; x; x = x->next)
			if (!equal_depth(x, su_get(b, x->string), depth + 1))
				return false;
		for (const cJSON *y = b->child; y; y = y->next)
			if (!su_get(a, y->string) && !su_is_zero(y))
				return false;
		return true;
	}
	return false;
}

bool su_equal(const cJSON *a, const cJSON *b) { return equal_depth(a, b, 0); }

bool su_equal_member(const cJSON *a, const cJSON *b, const char *key)
{
	return su_equal(su_get(a, key), su_get(b, key));
}

bool su_in(const char *s, const char *const *list)
{
	for (size_t i = 0; s && list[i]; i++)
		if (streq(s, list[i]))
			return true;
	return false;
}

void su_immutable(api_field_errors *errs, const char *field, const cJSON *obj, const cJSON *old, const char *key)
{
	const cJSON *n = su_get(obj, key);
	if (!su_equal(n, su_get(old, key)))
		api_fe_invalid(errs, field, n, "field is immutable");
}

void su_nonnegative(api_field_errors *errs, const char *field, long long value)
{
	if (value < 0)
		api_fe_invalid_int(errs, field, value, "must be greater than or equal to 0");
}

char *su_range_error(long long lo, long long hi)
{
	return xasprintf("must be between %lld and %lld, inclusive", lo, hi);
}

size_t su_check(api_field_errors *errs, const char *path, const char *value,
		size_t (*check)(const char *, kc_validate_msgs *))
{
	kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
	size_t n = check(value ? value : "", &m);
	api_fe_add_msgs(errs, path, value ? value : "", &m);
	kc_validate_msgs_free(&m);
	return n;
}

size_t su_check_name(api_field_errors *errs, const char *path, const char *value, kc_validate_name_fn fn)
{
	kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
	size_t n = fn(value ? value : "", false, &m);
	api_fe_add_msgs(errs, path, value ? value : "", &m);
	kc_validate_msgs_free(&m);
	return n;
}

void su_labels(api_field_errors *errs, const char *path, const cJSON *labels)
{
	if (!labels)
		return;
	kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
	kc_validate_labels(&v, path, labels);
	api_fe_add_validate(errs, &v);
	kc_validate_errors_free(&v);
}

void su_annotations(api_field_errors *errs, const char *path, const cJSON *annotations)
{
	if (!annotations)
		return;
	kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
	kc_validate_annotations(&v, path, annotations);
	api_fe_add_validate(errs, &v);
	kc_validate_errors_free(&v);
}

void su_label_selector(api_field_errors *errs, const char *path, const cJSON *selector)
{
	if (!selector)
		return;
	kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
	kc_validate_label_selector(&v, path, selector, false);
	api_fe_add_validate(errs, &v);
	kc_validate_errors_free(&v);
}

void su_ip_legacy(api_field_errors *errs, const char *path, const char *ip)
{
	kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
	kc_validate_ip_legacy(&v, path, ip ? ip : "", true);
	api_fe_add_validate(errs, &v);
	kc_validate_errors_free(&v);
}

void su_cidr_legacy(api_field_errors *errs, const char *path, const char *cidr)
{
	kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
	kc_validate_cidr_legacy(&v, path, cidr ? cidr : "", true);
	api_fe_add_validate(errs, &v);
	kc_validate_errors_free(&v);
}

void su_endpoint_ip(api_field_errors *errs, const char *path, const char *ip)
{
	uint8_t a[16];
	if (!kc_validate_parse_ip(ip, a)) {
		api_fe_invalid_str(errs, path, ip, "must be a valid IP address");
		return;
	}
	static const uint8_t v4prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	bool v4 = memcmp(a, v4prefix, 12) == 0;
	bool unspecified = v4 ? (a[12] | a[13] | a[14] | a[15]) == 0 : true;
	if (!v4)
		for (int i = 0; i < 16; i++)
			if (a[i])
				unspecified = false;
	if (unspecified) {
		SU_PATH(d, "may not be unspecified (%s)", ip);
		api_fe_invalid_str(errs, path, ip, d);
	}
	bool loopback = v4 ? a[12] == 127 : (memcmp(a, (const uint8_t[16]){0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 16) == 0);
	if (loopback)
		api_fe_invalid_str(errs, path, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)");
	bool ll = v4 ? (a[12] == 169 && a[13] == 254) : (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
	if (ll)
		api_fe_invalid_str(errs, path, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)");
	bool llm = v4 ? (a[12] == 224 && a[13] == 0 && a[14] == 0) : (a[0] == 0xff && (a[1] & 0x0f) == 0x02);
	if (llm)
		api_fe_invalid_str(errs, path, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
}


char *su_go_struct(const cJSON *obj, const char *const *fields)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addch(&b, '{');
	for (size_t i = 0; fields[i]; i++) {
		const char *f = fields[i];
		char kind = f[0];
		const char *colon = strchr(f, ':');
		if (!colon)
			continue;
		_cleanup_free_ char *go = xstrndup(f + 1, (size_t)(colon - f - 1));
		const cJSON *v = su_get(obj, colon + 1);
		if (i)
			kc_buf_addch(&b, ',');
		kc_buf_addf(&b, "\"%s\":", go);
		if (!v) {
			kc_buf_addstr(&b, kind == 's' ? "\"\"" : kind == 'i' ? "0" : kind == 'b' ? "false" : "null");
			continue;
		}
		_cleanup_free_ char *r = api_fe_render_value(v);
		kc_buf_addstr(&b, r);
	}
	kc_buf_addch(&b, '}');
	return kc_buf_release(&b);
}

char *su_go_struct_array(const cJSON *arr, const char *const *fields)
{
	if (!cJSON_IsArray(arr))
		return xstrdup("null");
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addch(&b, '[');
	const cJSON *it;
	bool first = true;
	cJSON_ArrayForEach(it, arr) {
		_cleanup_free_ char *r = su_go_struct(it, fields);
		if (!first)
			kc_buf_addch(&b, ',');
		first = false;
		kc_buf_addstr(&b, r);
	}
	kc_buf_addch(&b, ']');
	return kc_buf_release(&b);
}

char *su_supported(const char *const *valid)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "supported values: ");
	for (size_t i = 0; valid[i]; i++) {
		_cleanup_free_ char *q = kc_validate_quote(valid[i]);
		if (i)
			kc_buf_addstr(&b, ", ");
		kc_buf_addstr(&b, q);
	}
	return kc_buf_release(&b);
}
