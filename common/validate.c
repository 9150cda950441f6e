/* validate.c - upstream's validation functions and field errors (see validate.h).
 *
 * Upstream states most rules as Go regular expressions; each is matched here
 * by a small hand-written scanner, with the regex kept in the message exactly
 * as upstream prints it. */
#include "validate.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "banned.h"

/* ---------------------------------------------------------------- msgs */

void kc_validate_msgs_free(kc_validate_msgs *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

static void msgs_take(kc_validate_msgs *m, char *msg)
{
	if (!m) {
		free(msg);
		return;
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 4;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	m->v[m->n++] = msg;
}

void kc_validate_msgs_add(kc_validate_msgs *m, const char *msg)
{
	if (m)
		msgs_take(m, xstrdup(msg));
}

/* Adds one message; returns 1, the count to add. */
static size_t msgs_addf(kc_validate_msgs *m, const char *fmt, ...) KC_PRINTF(2, 3);
static size_t msgs_addf(kc_validate_msgs *m, const char *fmt, ...)
{
	if (!m)
		return 1;
	va_list ap;
	va_start(ap, fmt);
	msgs_take(m, xvasprintf(fmt, ap));
	va_end(ap);
	return 1;
}

char *kc_validate_msgs_join(const kc_validate_msgs *m, const char *sep)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; m && i < m->n; i++) {
		if (i > 0)
			kc_buf_addstr(&b, sep);
		kc_buf_addstr(&b, m->v[i]);
	}
	return kc_buf_release(&b);
}

/* ------------------------------------------------------ message shapes */

/* validation.MaxLenError (DNS names, ports, config-map keys). */
static size_t max_len_chars(kc_validate_msgs *out, int len)
{
	return msgs_addf(out, "must be no more than %d characters", len);
}

/* content.MaxLenError (label keys and values since 1.35). */
static size_t max_len_bytes(kc_validate_msgs *out, const char *prefix, int len)
{
	return msgs_addf(out, "%smust be no more than %d bytes", prefix, len);
}

/* RegexError: msg + " (e.g. 'a',  or 'b', regex used for validation is 'fmt')".
 * The doubled space after each comma is upstream's. */
static char *regex_error(const char *msg, const char *re, const char *const *examples, size_t n_examples)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, msg);
	if (n_examples == 0) {
		kc_buf_addf(&b, " (regex used for validation is '%s')", re);
		return kc_buf_release(&b);
	}
	kc_buf_addstr(&b, " (e.g. ");
	for (size_t i = 0; i < n_examples; i++) {
		if (i > 0)
			kc_buf_addstr(&b, " or ");
		kc_buf_addf(&b, "'%s', ", examples[i]);
	}
	kc_buf_addf(&b, "regex used for validation is '%s')", re);
	return kc_buf_release(&b);
}

#define REGEX_ERROR(msg, re, ...)                                                                            \
	regex_error((msg), (re), (const char *const[]){__VA_ARGS__},                                         \
	            sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/* Adds prefix + msg (which it frees); returns 1. */
static size_t add_regex(kc_validate_msgs *out, const char *prefix, char *msg)
{
	if (out)
		msgs_take(out, xasprintf("%s%s", prefix, msg));
	free(msg);
	return 1;
}

/* ------------------------------------------------------- char classes */

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}
static bool is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])? over s[0..n) */
static bool match_dns1123_label(const char *s, size_t n, bool underscore)
{
	size_t i = 0;
	if (underscore && n > 0 && s[0] == '_')
		i = 1; /* _?[a-z0-9]([-_a-z0-9]*[a-z0-9])? */
	if (i >= n || !is_lower_alnum(s[i]) || !is_lower_alnum(s[n - 1]))
		return false;
	for (; i < n; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '-' && !(underscore && s[i] == '_'))
			return false;
	return true;
}

/* label(\.label)* */
static bool match_dns1123_subdomain(const char *s, bool underscore)
{
	const char *p = s;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		if (!match_dns1123_label(p, n, underscore))
			return false;
		if (!dot)
			return true;
		p = dot + 1;
	}
}

/* ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9] over s[0..n) */
static bool match_label_key_name(const char *s, size_t n)
{
	if (n == 0 || !is_alnum(s[0]) || !is_alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return false;
	return true;
}

/* ------------------------------------------------------- DNS names */

static const char dns1123_label_fmt[] = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
static const char dns1123_label_msg[] =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric "
    "characters or '-', and must start and end with an alphanumeric character";
static const char dns1123_subdomain_fmt[] =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
static const char dns1123_subdomain_msg[] =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character";

size_t kc_validate_dns1123_label(const char *value, kc_validate_msgs *out)
{
	size_t n = 0, len = strlen(value);
	if (len > KC_VALIDATE_DNS1123_LABEL_MAX)
		n += max_len_chars(out, KC_VALIDATE_DNS1123_LABEL_MAX);
	if (!match_dns1123_label(value, len, false)) {
		/* A valid subdomain but not a label: it has dots. */
		if (match_dns1123_subdomain(value, false))
			n += msgs_addf(out, "must not contain dots");
		else
			n += add_regex(
			    out, "", REGEX_ERROR(dns1123_label_msg, dns1123_label_fmt, "my-name", "123-abc"));
	}
	return n;
}

/* prefix is "" or "prefix part " (label keys); bytes selects the content
 * package's wording used inside label keys. */
static size_t dns1123_subdomain(const char *value, kc_validate_msgs *out, const char *prefix, bool bytes)
{
	size_t n = 0;
	if (strlen(value) > KC_VALIDATE_DNS1123_SUBDOMAIN_MAX) {
		if (bytes)
			n += max_len_bytes(out, prefix, KC_VALIDATE_DNS1123_SUBDOMAIN_MAX);
		else
			n += max_len_chars(out, KC_VALIDATE_DNS1123_SUBDOMAIN_MAX);
	}
	if (!match_dns1123_subdomain(value, false))
		n += add_regex(out, prefix,
		               REGEX_ERROR(dns1123_subdomain_msg, dns1123_subdomain_fmt, "example.com"));
	return n;
}

size_t kc_validate_dns1123_subdomain(const char *value, kc_validate_msgs *out)
{
	return dns1123_subdomain(value, out, "", false);
}

size_t kc_validate_dns1123_subdomain_underscore(const char *value, kc_validate_msgs *out)
{
	size_t n = 0;
	if (strlen(value) > KC_VALIDATE_DNS1123_SUBDOMAIN_MAX)
		n += max_len_chars(out, KC_VALIDATE_DNS1123_SUBDOMAIN_MAX);
	if (!match_dns1123_subdomain(value, true))
		n += add_regex(
		    out, "",
		    REGEX_ERROR("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
		                "characters, '_', '-' or '.', and must start and end with an alphanumeric "
		                "character",
		                "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*",
		                "example.com"));
	return n;
}

size_t kc_validate_dns1035_label(const char *value, kc_validate_msgs *out)
{
	size_t n = 0, len = strlen(value);
	if (len > KC_VALIDATE_DNS1035_LABEL_MAX)
		n += max_len_chars(out, KC_VALIDATE_DNS1035_LABEL_MAX);
	/* [a-z]([-a-z0-9]*[a-z0-9])? */
	if (!match_dns1123_label(value, len, false) || !(value[0] >= 'a' && value[0] <= 'z'))
		n += add_regex(
		    out, "",
		    REGEX_ERROR("a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
		                "start with an alphabetic character, and end with an alphanumeric character",
		                "[a-z]([-a-z0-9]*[a-z0-9])?", "my-name", "abc-123"));
	return n;
}

size_t kc_validate_wildcard_dns1123_subdomain(const char *value, kc_validate_msgs *out)
{
	size_t n = 0;
	if (strlen(value) > KC_VALIDATE_DNS1123_SUBDOMAIN_MAX)
		n += max_len_chars(out, KC_VALIDATE_DNS1123_SUBDOMAIN_MAX);
	if (!(value[0] == '*' && value[1] == '.' && match_dns1123_subdomain(value + 2, false)))
		n += add_regex(
		    out, "",
		    REGEX_ERROR(
		        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS "
		        "subdomain, which must consist of lower case alphanumeric characters, '-' or '.' "
		        "and end with an alphanumeric character",
		        "\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*",
		        "*.example.com"));
	return n;
}

/* ------------------------------------------------------- label keys/values */

static const char label_key_fmt[] = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
static const char label_key_msg[] =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start "
    "and end with an alphanumeric character";

size_t kc_validate_qualified_name(const char *value, kc_validate_msgs *out)
{
	size_t n = 0;
	const char *slash = strchr(value, '/');
	const char *name = value;
	if (slash && strchr(slash + 1, '/')) {
		_cleanup_free_ char *re =
		    REGEX_ERROR(label_key_msg, label_key_fmt, "MyName", "my.name", "123-abc");
		msgs_addf(out,
		          "a valid label key %s with an optional DNS subdomain prefix and '/' (e.g. "
		          "'example.com/MyName')",
		          re);
		return 1;
	}
	if (slash) {
		_cleanup_free_ char *prefix = xstrndup(value, (size_t)(slash - value));
		if (prefix[0] == '\0')
			n += msgs_addf(out, "prefix part must be non-empty");
		else
			n += dns1123_subdomain(prefix, out, "prefix part ", true);
		name = slash + 1;
	}
	size_t len = strlen(name);
	if (len == 0)
		n += msgs_addf(out, "name part must be non-empty");
	else if (len > KC_VALIDATE_LABEL_KEY_NAME_MAX)
		n += max_len_bytes(out, "name part ", KC_VALIDATE_LABEL_KEY_NAME_MAX);
	if (!match_label_key_name(name, len))
		n += add_regex(out, "name part ",
		               REGEX_ERROR(label_key_msg, label_key_fmt, "MyName", "my.name", "123-abc"));
	return n;
}

size_t kc_validate_prefixed_label_key(const char *value, kc_validate_msgs *out)
{
	size_t n = kc_validate_qualified_name(value, out);
	if (n > 0)
		return n;
	if (!strchr(value, '/')) {
		msgs_addf(out, "must include a prefix (e.g. 'example.com/key')");
		return 1;
	}
	return 0;
}

size_t kc_validate_label_value(const char *value, kc_validate_msgs *out)
{
	size_t n = 0, len = strlen(value);
	if (len > KC_VALIDATE_LABEL_VALUE_MAX)
		n += max_len_bytes(out, "", KC_VALIDATE_LABEL_VALUE_MAX);
	if (len > 0 && !match_label_key_name(value, len))
		n += add_regex(
		    out, "",
		    REGEX_ERROR(
		        "a valid label must be an empty string or consist of alphanumeric characters, "
		        "'-', '_' or '.', and must start and end with an alphanumeric character",
		        "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", "MyValue", "my_value", "12345"));
	return n;
}

/* ------------------------------------------------------- identifiers */

size_t kc_validate_c_identifier(const char *value, kc_validate_msgs *out)
{
	bool ok = value[0] != '\0' && (is_alpha(value[0]) || value[0] == '_');
	for (const char *p = value; ok && *p; p++)
		ok = is_alnum(*p) || *p == '_';
	if (ok)
		return 0;
	return add_regex(
	    out, "",
	    REGEX_ERROR("a valid C identifier must start with alphabetic character or '_', followed by a "
	                "string of alphanumeric characters or '_'",
	                "[A-Za-z_][A-Za-z0-9_]*", "my_name", "MY_NAME", "MyName"));
}

/* hasChDirPrefix: ".", ".." and "..x" would walk directories. */
static size_t chdir_prefix(const char *value, kc_validate_msgs *out)
{
	if (streq(value, "."))
		msgs_addf(out, "must not be '.'");
	else if (streq(value, ".."))
		msgs_addf(out, "must not be '..'");
	else if (str_startswith(value, ".."))
		msgs_addf(out, "must not start with '..'");
	else
		return 0;
	return 1;
}

size_t kc_validate_env_var_name(const char *value, kc_validate_msgs *out)
{
	size_t n = 0;
	bool ok = value[0] != '\0' && !is_digit(value[0]);
	for (const char *p = value; ok && *p; p++)
		ok = is_alnum(*p) || *p == '-' || *p == '.' || *p == '_';
	if (!ok)
		n += add_regex(
		    out, "",
		    REGEX_ERROR("a valid environment variable name must consist of alphabetic characters, "
		                "digits, '_', '-', or '.', and must not start with a digit",
		                "[-._a-zA-Z][-._a-zA-Z0-9]*", "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
	return n + chdir_prefix(value, out);
}

size_t kc_validate_relaxed_env_var_name(const char *value, kc_validate_msgs *out)
{
	size_t n = 0;
	if (value[0] == '\0')
		n += msgs_addf(out, "environment variable name must be non-empty");
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		/* Any byte >= 0x80 is part of a non-ASCII rune (or invalid UTF-8). */
		if (*p < 0x20 || *p >= 0x7f || *p == '=')
			return n +
			       msgs_addf(out,
			                 "a valid environment variable name must consist only of printable "
			                 "ASCII characters other than '='");
	}
	return n;
}

size_t kc_validate_port_name(const char *value, kc_validate_msgs *out)
{
	size_t n = 0, len = strlen(value);
	bool charset = len > 0, letter = false;
	for (const char *p = value; *p; p++) {
		if (!is_lower_alnum(*p) && *p != '-')
			charset = false;
		if (*p >= 'a' && *p <= 'z')
			letter = true;
	}
	if (len > 15)
		n += max_len_chars(out, 15);
	if (!charset)
		n += msgs_addf(out, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
	if (!letter)
		n += msgs_addf(out, "must contain at least one letter (a-z)");
	if (strstr(value, "--"))
		n += msgs_addf(out, "must not contain consecutive hyphens");
	if (len > 0 && (value[0] == '-' || value[len - 1] == '-'))
		n += msgs_addf(out, "must not begin or end with a hyphen");
	return n;
}

size_t kc_validate_in_range(long long value, long long lo, long long hi, kc_validate_msgs *out)
{
	if (value >= lo && value <= hi)
		return 0;
	msgs_addf(out, "must be between %lld and %lld, inclusive", lo, hi);
	return 1;
}

size_t kc_validate_port_num(long long port, kc_validate_msgs *out)
{
	return kc_validate_in_range(port, 1, 65535, out);
}
size_t kc_validate_user_id(long long uid, kc_validate_msgs *out)
{
	return kc_validate_in_range(uid, 0, INT32_MAX, out);
}
size_t kc_validate_group_id(long long gid, kc_validate_msgs *out)
{
	return kc_validate_in_range(gid, 0, INT32_MAX, out);
}

size_t kc_validate_percent(const char *value, kc_validate_msgs *out)
{
	size_t digits = strspn(value, "0123456789");
	if (digits > 0 && streq(value + digits, "%"))
		return 0;
	return add_regex(
	    out, "",
	    REGEX_ERROR("a valid percent string must be a numeric string followed by an ending '%'",
	                "[0-9]+%", "1%", "93%"));
}

size_t kc_validate_config_map_key(const char *value, kc_validate_msgs *out)
{
	size_t n = 0;
	bool ok = value[0] != '\0';
	for (const char *p = value; ok && *p; p++)
		ok = is_alnum(*p) || *p == '-' || *p == '.' || *p == '_';
	if (strlen(value) > KC_VALIDATE_DNS1123_SUBDOMAIN_MAX)
		n += max_len_chars(out, KC_VALIDATE_DNS1123_SUBDOMAIN_MAX);
	if (!ok)
		n += add_regex(
		    out, "",
		    REGEX_ERROR("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
		                "[-._a-zA-Z0-9]+", "key.name", "KEY_NAME", "key-name"));
	return n + chdir_prefix(value, out);
}

size_t kc_validate_http_header_name(const char *value, kc_validate_msgs *out)
{
	bool ok = value[0] != '\0';
	for (const char *p = value; ok && *p; p++)
		ok = is_alnum(*p) || *p == '-';
	if (ok)
		return 0;
	return add_regex(out, "",
	                 REGEX_ERROR("a valid HTTP header must consist of alphanumeric characters or '-'",
	                             "[-A-Za-z0-9]+", "X-Header-Name"));
}

size_t kc_validate_path_segment_prefix(const char *value, kc_validate_msgs *out)
{
	size_t n = 0;
	if (strchr(value, '/'))
		n += msgs_addf(out, "may not contain '/'");
	if (strchr(value, '%'))
		n += msgs_addf(out, "may not contain '%%'");
	return n;
}

size_t kc_validate_path_segment_name(const char *value, kc_validate_msgs *out)
{
	if (streq(value, ".") || streq(value, "..")) {
		msgs_addf(out, "may not be '%s'", value);
		return 1;
	}
	return kc_validate_path_segment_prefix(value, out);
}

size_t kc_validate_decimal_integer(const char *value, kc_validate_msgs *out)
{
	static const char msg[] = "must be a valid decimal integer in canonical form";
	if (value[0] == '\0') {
		msgs_addf(out, "must be non-empty");
		return 1;
	}
	const char *p = value[0] == '-' ? value + 1 : value;
	bool ok;
	if (*p == '0')
		ok = p == value && p[1] == '\0'; /* "0" only; not "-0" or "01" */
	else
		ok = *p >= '1' && *p <= '9' && strspn(p, "0123456789") == strlen(p);
	if (ok)
		return 0;
	msgs_addf(out, "%s", msg);
	return 1;
}

/* ------------------------------------------------------- name functions */

/* maskTrailingDash: generateName gets a suffix appended, so a trailing '-' is
 * fine. Upstream replaces the last two characters with "a" (it slices one
 * too many), so "x.-" and even "A-" pass; we do the same to accept the same
 * names. */
static char *mask_trailing_dash(const char *name, bool prefix)
{
	size_t len = strlen(name);
	if (prefix && len > 1 && name[len - 1] == '-')
		return xasprintf("%.*sa", (int)(len - 2), name);
	return xstrdup(name);
}

size_t kc_validate_name_dns_subdomain(const char *name, bool prefix, kc_validate_msgs *out)
{
	_cleanup_free_ char *n = mask_trailing_dash(name, prefix);
	return kc_validate_dns1123_subdomain(n, out);
}

size_t kc_validate_name_dns_label(const char *name, bool prefix, kc_validate_msgs *out)
{
	_cleanup_free_ char *n = mask_trailing_dash(name, prefix);
	return kc_validate_dns1123_label(n, out);
}

size_t kc_validate_name_dns1035_label(const char *name, bool prefix, kc_validate_msgs *out)
{
	_cleanup_free_ char *n = mask_trailing_dash(name, prefix);
	return kc_validate_dns1035_label(n, out);
}

size_t kc_validate_name_path_segment(const char *name, bool prefix, kc_validate_msgs *out)
{
	return prefix ? kc_validate_path_segment_prefix(name, out) : kc_validate_path_segment_name(name, out);
}

/* ------------------------------------------------------- Go rendering */

/* Decodes one rune as Go's utf8.DecodeRuneInString: invalid sequences
 * (overlong, surrogates, > U+10FFFF, truncated) give U+FFFD with width 1. */
static uint32_t decode_rune(const unsigned char *s, size_t *width)
{
	unsigned char c = s[0];
	*width = 1;
	if (c < 0x80)
		return c;
	uint32_t r;
	size_t n;
	uint32_t min;
	if (c >= 0xc2 && c <= 0xdf) {
		r = c & 0x1f, n = 2, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		r = c & 0x0f, n = 3, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		r = c & 0x07, n = 4, min = 0x10000;
	} else {
		return 0xfffd;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0xfffd;
		r = (r << 6) | (s[i] & 0x3f);
	}
	if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff))
		return 0xfffd;
	*width = n;
	return r;
}

/* unicode.IsPrint, closely: Go's tables are not copied; the known
 * non-printing ranges (controls, format characters, separators other than
 * ' ', private use, noncharacters, the unassigned planes) are listed. */
static bool go_isprint(uint32_t r)
{
	static const uint32_t not_print[][2] = {
	    {0x0000, 0x001f},   {0x007f, 0x00a0},   {0x00ad, 0x00ad},   {0x0378, 0x0379},
	    {0x0600, 0x0605},   {0x061c, 0x061c},   {0x06dd, 0x06dd},   {0x070f, 0x070f},
	    {0x0890, 0x0891},   {0x08e2, 0x08e2},   {0x1680, 0x1680},   {0x180e, 0x180e},
	    {0x2000, 0x200f},   {0x2028, 0x202f},   {0x205f, 0x2064},   {0x2066, 0x206f},
	    {0x3000, 0x3000},   {0xd800, 0xf8ff},   {0xfdd0, 0xfdef},   {0xfeff, 0xfeff},
	    {0xfff0, 0xfffb},   {0x110bd, 0x110bd}, {0x110cd, 0x110cd}, {0x13430, 0x1343f},
	    {0x1bca0, 0x1bca3}, {0x1d173, 0x1d17a}, {0x323b0, 0xe00ff}, {0xe01f0, 0x10ffff},
	};
	if (r >= 0x20 && r < 0x7f)
		return true;
	if ((r & 0xfffe) == 0xfffe)
		return false;
	for (size_t i = 0; i < KC_ARRAY_SIZE(not_print); i++)
		if (r >= not_print[i][0] && r <= not_print[i][1])
			return false;
	return true;
}

static const char short_escapes[] = "\a\b\f\n\r\t\v"; /* printed as \a, \b, ... */

char *kc_validate_quote(const char *str)
{
	static const char hex[] = "0123456789abcdef";
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	const unsigned char *s = (const unsigned char *)str;
	kc_buf_addch(&b, '"');
	while (*s) {
		size_t w;
		uint32_t r = decode_rune(s, &w);
		if (r == 0xfffd && w == 1) {
			kc_buf_addf(&b, "\\x%c%c", hex[*s >> 4], hex[*s & 0xf]);
		} else if (r == '"' || r == '\\') {
			kc_buf_addch(&b, '\\');
			kc_buf_addch(&b, (char)r);
		} else if (go_isprint(r)) {
			kc_buf_add(&b, s, w);
		} else {
			const char *esc = r && r < 0x80 ? strchr(short_escapes, (int)r) : NULL;
			if (esc)
				kc_buf_addf(&b, "\\%c", "abfnrtv"[esc - short_escapes]);
			else if (r < ' ' || r == 0x7f)
				kc_buf_addf(&b, "\\x%c%c", hex[r >> 4], hex[r & 0xf]);
			else if (r < 0x10000)
				kc_buf_addf(&b, "\\u%04" PRIx32, r);
			else
				kc_buf_addf(&b, "\\U%08" PRIx32, r);
		}
		s += w;
	}
	kc_buf_addch(&b, '"');
	return kc_buf_release(&b);
}

/* A string as encoding/json writes it (HTML-safe escaping on, as upstream's
 * field errors use json.Marshal). */
static void json_string(kc_buf *b, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	kc_buf_addch(b, '"');
	while (*s) {
		unsigned char c = *s;
		if (c < 0x80) {
			switch (c) {
			case '\\':
				kc_buf_addstr(b, "\\\\");
				break;
			case '"':
				kc_buf_addstr(b, "\\\"");
				break;
			case '\b':
				kc_buf_addstr(b, "\\b");
				break;
			case '\f':
				kc_buf_addstr(b, "\\f");
				break;
			case '\n':
				kc_buf_addstr(b, "\\n");
				break;
			case '\r':
				kc_buf_addstr(b, "\\r");
				break;
			case '\t':
				kc_buf_addstr(b, "\\t");
				break;
			default:
				if (c < 0x20 || c == '<' || c == '>' || c == '&')
					kc_buf_addf(b, "\\u00%c%c", hex[c >> 4], hex[c & 0xf]);
				else
					kc_buf_addch(b, (char)c);
			}
			s++;
			continue;
		}
		size_t w;
		uint32_t r = decode_rune(s, &w);
		if (r == 0xfffd && w == 1)
			kc_buf_addstr(b, "\\ufffd");
		else if (r == 0x2028 || r == 0x2029)
			kc_buf_addf(b, "\\u%04" PRIx32, r);
		else
			kc_buf_add(b, s, w);
		s += w;
	}
	kc_buf_addch(b, '"');
}

char *kc_validate_json_strings(const char *const *strs, size_t n)
{
	if (!strs)
		return xstrdup("null");
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addch(&b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			kc_buf_addch(&b, ',');
		json_string(&b, strs[i]);
	}
	kc_buf_addch(&b, ']');
	return kc_buf_release(&b);
}

/* ------------------------------------------------------- field errors */

void kc_validate_errors_free(kc_validate_errors *errs)
{
	if (!errs)
		return;
	for (size_t i = 0; i < errs->n; i++) {
		free(errs->v[i].field);
		free(errs->v[i].value);
		free(errs->v[i].detail);
	}
	free(errs->v);
	errs->v = NULL;
	errs->n = errs->cap = 0;
}

/* Appends an entry taking ownership of value (may be NULL) and detail. */
static void errs_push(kc_validate_errors *errs, kc_validate_error_type type, const char *field, char *value,
                      char *detail)
{
	if (errs->n == errs->cap) {
		errs->cap = errs->cap ? errs->cap * 2 : 4;
		errs->v = xrealloc(errs->v, errs->cap * sizeof(*errs->v));
	}
	errs->v[errs->n++] = (kc_validate_error){type, xstrdup(field), value, detail ? detail : xstrdup("")};
}

void kc_validate_invalid(kc_validate_errors *errs, const char *field, const char *value, const char *detail)
{
	errs_push(errs, KC_VALIDATE_INVALID, field, kc_validate_quote(value), xstrdup(detail));
}

void kc_validate_invalid_raw(kc_validate_errors *errs, const char *field, const char *rendered,
                             const char *detail)
{
	errs_push(errs, KC_VALIDATE_INVALID, field, xstrdup(rendered), xstrdup(detail));
}

void kc_validate_int_invalid(kc_validate_errors *errs, const char *field, long long value, const char *detail)
{
	errs_push(errs, KC_VALIDATE_INVALID, field, xasprintf("%lld", value), xstrdup(detail));
}

/* A number as Go prints it after decoding into an integer field, or as a
 * float64 otherwise. */
static char *render_number(double d)
{
	if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == (double)(long long)d)
		return xasprintf("%lld", (long long)d);
	return xasprintf("%g", d);
}

static char *render_json(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return xstrdup("null");
	if (cJSON_IsString(v))
		return kc_validate_quote(v->valuestring);
	if (cJSON_IsNumber(v))
		return render_number(v->valuedouble);
	if (cJSON_IsBool(v))
		return xstrdup(cJSON_IsTrue(v) ? "true" : "false");
	char *s = cJSON_PrintUnformatted(v);
	return s ? s : xstrdup("null");
}

void kc_validate_invalid_json(kc_validate_errors *errs, const char *field, const cJSON *value,
                              const char *detail)
{
	errs_push(errs, KC_VALIDATE_INVALID, field, render_json(value), xstrdup(detail));
}

void kc_validate_required(kc_validate_errors *errs, const char *field, const char *detail)
{
	errs_push(errs, KC_VALIDATE_REQUIRED, field, NULL, xstrdup(detail));
}

void kc_validate_forbidden(kc_validate_errors *errs, const char *field, const char *detail)
{
	errs_push(errs, KC_VALIDATE_FORBIDDEN, field, NULL, xstrdup(detail));
}

void kc_validate_too_long(kc_validate_errors *errs, const char *field, long long max_bytes)
{
	char *msg = max_bytes < 0 ? xstrdup("value is too long")
	                          : xasprintf("may not be more than %lld %s", max_bytes,
	                                      max_bytes == 1 ? "byte" : "bytes");
	errs_push(errs, KC_VALIDATE_TOO_LONG, field, NULL, msg);
}

void kc_validate_too_many(kc_validate_errors *errs, const char *field, long long actual, long long max_items)
{
	char *msg = max_items < 0 ? xstrdup("has too many items")
	                          : xasprintf("must have at most %lld %s", max_items,
	                                      max_items == 1 ? "item" : "items");
	errs_push(errs, KC_VALIDATE_TOO_MANY, field, actual >= 0 ? xasprintf("%lld", actual) : NULL, msg);
}

void kc_validate_duplicate(kc_validate_errors *errs, const char *field, const char *value)
{
	errs_push(errs, KC_VALIDATE_DUPLICATE, field, kc_validate_quote(value), NULL);
}

void kc_validate_not_found(kc_validate_errors *errs, const char *field, const char *value)
{
	errs_push(errs, KC_VALIDATE_NOT_FOUND, field, kc_validate_quote(value), NULL);
}

void kc_validate_not_supported(kc_validate_errors *errs, const char *field, const char *value,
                               const char *const *supported, size_t n_supported)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; i < n_supported; i++) {
		_cleanup_free_ char *q = kc_validate_quote(supported[i]);
		kc_buf_addstr(&b, i == 0 ? "supported values: " : ", ");
		kc_buf_addstr(&b, q);
	}
	errs_push(errs, KC_VALIDATE_NOT_SUPPORTED, field, kc_validate_quote(value), kc_buf_release(&b));
}

void kc_validate_internal(kc_validate_errors *errs, const char *field, const char *detail)
{
	errs_push(errs, KC_VALIDATE_INTERNAL, field, NULL, xstrdup(detail));
}

size_t kc_validate_add_msgs(kc_validate_errors *errs, const char *field, const char *value,
                            const kc_validate_msgs *msgs)
{
	for (size_t i = 0; i < msgs->n; i++)
		kc_validate_invalid(errs, field, value, msgs->v[i]);
	return msgs->n;
}

/* Per type: how upstream prints it, and its machine-readable reason. */
static const struct {
	const char *text, *reason;
} error_types[] = {
    [KC_VALIDATE_NOT_FOUND] = {"Not found", "FieldValueNotFound"},
    [KC_VALIDATE_REQUIRED] = {"Required value", "FieldValueRequired"},
    [KC_VALIDATE_DUPLICATE] = {"Duplicate value", "FieldValueDuplicate"},
    [KC_VALIDATE_INVALID] = {"Invalid value", "FieldValueInvalid"},
    [KC_VALIDATE_NOT_SUPPORTED] = {"Unsupported value", "FieldValueNotSupported"},
    [KC_VALIDATE_FORBIDDEN] = {"Forbidden", "FieldValueForbidden"},
    [KC_VALIDATE_TOO_LONG] = {"Too long", "FieldValueTooLong"},
    [KC_VALIDATE_TOO_MANY] = {"Too many", "FieldValueTooMany"},
    [KC_VALIDATE_INTERNAL] = {"Internal error", "InternalError"},
    [KC_VALIDATE_TYPE_INVALID] = {"Invalid value", "FieldValueTypeInvalid"},
};

static const char *type_string(kc_validate_error_type t)
{
	return (size_t)t < KC_ARRAY_SIZE(error_types) ? error_types[t].text : "Internal error";
}

const char *kc_validate_error_reason(kc_validate_error_type t)
{
	return (size_t)t < KC_ARRAY_SIZE(error_types) ? error_types[t].reason : "InternalError";
}

char *kc_validate_error_body(const kc_validate_error *e)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, type_string(e->type));
	/* Required, Forbidden, TooLong and Internal never show their value. */
	bool shows_value = e->type != KC_VALIDATE_REQUIRED && e->type != KC_VALIDATE_FORBIDDEN &&
	                   e->type != KC_VALIDATE_TOO_LONG && e->type != KC_VALIDATE_INTERNAL;
	if (shows_value && e->value)
		kc_buf_addf(&b, ": %s", e->value);
	if (e->detail && e->detail[0])
		kc_buf_addf(&b, ": %s", e->detail);
	return kc_buf_release(&b);
}

char *kc_validate_error_string(const kc_validate_error *e)
{
	_cleanup_free_ char *body = kc_validate_error_body(e);
	return xasprintf("%s: %s", e->field, body);
}

char *kc_validate_errors_aggregate(const kc_validate_errors *errs)
{
	if (!errs || errs->n == 0)
		return xstrdup("");
	char **msgs = xcalloc(errs->n, sizeof(*msgs));
	size_t n = 0;
	for (size_t i = 0; i < errs->n; i++) {
		char *m = kc_validate_error_string(&errs->v[i]);
		bool dup = false;
		for (size_t j = 0; j < n && !dup; j++)
			dup = streq(msgs[j], m);
		if (dup)
			free(m);
		else
			msgs[n++] = m;
	}
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	if (n > 1)
		kc_buf_addch(&b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			kc_buf_addstr(&b, ", ");
		kc_buf_addstr(&b, msgs[i]);
		free(msgs[i]);
	}
	if (n > 1)
		kc_buf_addch(&b, ']');
	free(msgs);
	return kc_buf_release(&b);
}

/* ------------------------------------------------------- metadata */

static const char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static int cmp_member(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(x->string, y->string);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The string members of a JSON object, sorted by key (as Go prints maps). */
static const cJSON **sorted_members(const cJSON *obj, size_t *ret_n)
{
	size_t n = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) n++;
	const cJSON **v = xcalloc(n + 1, sizeof(*v));
	n = 0;
	cJSON_ArrayForEach(it, obj)
	{
		if (it->string)
			v[n++] = it;
	}
	qsort(v, n, sizeof(*v), cmp_member);
	*ret_n = n;
	return v;
}

static const cJSON *as_array(const cJSON *v)
{
	return cJSON_IsArray(v) ? v : NULL;
}

static char *child(const char *path, const char *name)
{
	return xasprintf("%s.%s", path, name);
}

static void add_check(kc_validate_errors *errs, const char *field, const char *value,
                      size_t (*check)(const char *, kc_validate_msgs *), const char *checked)
{
	_cleanup_validate_msgs_ kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
	check(checked ? checked : value, &m);
	kc_validate_add_msgs(errs, field, value, &m);
}

void kc_validate_labels(kc_validate_errors *errs, const char *path, const cJSON *labels)
{
	if (!cJSON_IsObject(labels))
		return;
	size_t n;
	_cleanup_free_ const cJSON **m = sorted_members(labels, &n);
	for (size_t i = 0; i < n; i++) {
		add_check(errs, path, m[i]->string, kc_validate_qualified_name, NULL);
		add_check(errs, path, cJSON_IsString(m[i]) ? m[i]->valuestring : "", kc_validate_label_value,
		          NULL);
	}
}

void kc_validate_annotations(kc_validate_errors *errs, const char *path, const cJSON *annotations)
{
	if (!cJSON_IsObject(annotations))
		return;
	size_t n;
	unsigned long long total = 0;
	_cleanup_free_ const cJSON **m = sorted_members(annotations, &n);
	for (size_t i = 0; i < n; i++) {
		/* The rule is a qualified name except that case does not matter. */
		_cleanup_free_ char *lower = xstrdup(m[i]->string);
		for (char *p = lower; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		add_check(errs, path, m[i]->string, kc_validate_qualified_name, lower);
		total += strlen(m[i]->string);
		if (cJSON_IsString(m[i]))
			total += strlen(m[i]->valuestring);
	}
	if (total > KC_VALIDATE_ANNOTATIONS_MAX_BYTES)
		kc_validate_too_long(errs, path, KC_VALIDATE_ANNOTATIONS_MAX_BYTES);
}

void kc_validate_label_selector(kc_validate_errors *errs, const char *path, const cJSON *selector,
                                bool allow_invalid_label_value)
{
	if (!cJSON_IsObject(selector))
		return;
	_cleanup_free_ char *ml = child(path, "matchLabels");
	kc_validate_labels(errs, ml, cJSON_GetObjectItemCaseSensitive(selector, "matchLabels"));
	const cJSON *exprs = cJSON_GetObjectItemCaseSensitive(selector, "matchExpressions");
	const cJSON *e;
	size_t i = 0;
	const cJSON *expr_list = as_array(exprs);
	cJSON_ArrayForEach(e, expr_list)
	{
		_cleanup_free_ char *p = xasprintf("%s.matchExpressions[%zu]", path, i++);
		_cleanup_free_ char *values_path = child(p, "values");
		const char *op = json_str(e, "operator");
		const cJSON *values = cJSON_GetObjectItemCaseSensitive(e, "values");
		int n_values = cJSON_IsArray(values) ? cJSON_GetArraySize(values) : 0;
		if (streq(op, "In") || streq(op, "NotIn")) {
			if (n_values == 0)
				kc_validate_required(errs, values_path,
				                     "must be specified when `operator` is 'In' or 'NotIn'");
		} else if (streq(op, "Exists") || streq(op, "DoesNotExist")) {
			if (n_values > 0)
				kc_validate_forbidden(
				    errs, values_path,
				    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
		} else {
			_cleanup_free_ char *op_path = child(p, "operator");
			kc_validate_invalid(errs, op_path, op, "not a valid selector operator");
		}
		_cleanup_free_ char *key_path = child(p, "key");
		add_check(errs, key_path, json_str(e, "key"), kc_validate_qualified_name, NULL);
		if (allow_invalid_label_value)
			continue;
		for (int j = 0; j < n_values; j++) {
			const cJSON *v = cJSON_GetArrayItem(values, j);
			_cleanup_free_ char *vp = xasprintf("%s[%d]", values_path, j);
			add_check(errs, vp, cJSON_IsString(v) ? v->valuestring : "", kc_validate_label_value,
			          NULL);
		}
	}
}

void kc_validate_finalizers(kc_validate_errors *errs, const char *path, const cJSON *finalizers)
{
	bool orphan = false, foreground = false;
	const cJSON *f;
	const cJSON *list = as_array(finalizers);
	cJSON_ArrayForEach(f, list)
	{
		const char *name = cJSON_IsString(f) ? f->valuestring : "";
		add_check(errs, path, name, kc_validate_qualified_name, NULL);
		orphan |= streq(name, "orphan");
		foreground |= streq(name, "foregroundDeletion");
	}
	if (orphan && foreground)
		kc_validate_invalid_json(errs, path, finalizers,
		                         "finalizer orphan and foregroundDeletion cannot be both set");
}

/* An ownerReference as Go marshals metav1.OwnerReference (field order). */
static void render_owner_ref(kc_buf *b, const cJSON *ref)
{
	static const char *const keys[] = {"apiVersion", "kind", "name", "uid"};
	kc_buf_addch(b, '{');
	for (size_t i = 0; i < KC_ARRAY_SIZE(keys); i++) {
		kc_buf_addf(b, "%s\"%s\":", i ? "," : "", keys[i]);
		json_string(b, json_str(ref, keys[i]));
	}
	static const char *const bools[] = {"controller", "blockOwnerDeletion"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(bools); i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(ref, bools[i]);
		if (cJSON_IsBool(v))
			kc_buf_addf(b, ",\"%s\":%s", bools[i], cJSON_IsTrue(v) ? "true" : "false");
	}
	kc_buf_addch(b, '}');
}

void kc_validate_owner_references(kc_validate_errors *errs, const char *path, const cJSON *refs)
{
	_cleanup_free_ char *first_controller = NULL;
	const cJSON *ref;
	size_t idx = 0;
	const cJSON *list = as_array(refs);
	cJSON_ArrayForEach(ref, list)
	{
		_cleanup_free_ char *p = xasprintf("%s[%zu]", path, idx++);
		_cleanup_free_ char *av_path = child(p, "apiVersion");
		const char *api_version = json_str(ref, "apiVersion");
		/* schema.ParseGroupVersion: "", "/", "v", "g/v"; more slashes fail. */
		const char *slash = strchr(api_version, '/');
		bool multi = slash && strchr(slash + 1, '/');
		const char *version = streq(api_version, "/") ? "" : slash ? slash + 1 : api_version;
		_cleanup_free_ char *group =
		    slash && !multi ? xstrndup(api_version, (size_t)(slash - api_version)) : xstrdup("");
		if (api_version[0] == '\0')
			kc_validate_required(errs, av_path, "must not be empty");
		else if (multi || version[0] == '\0')
			kc_validate_invalid(errs, av_path, api_version,
			                    "must be <group>/<version> or <version>");
		static const char *const required[] = {"kind", "name", "uid"};
		for (size_t i = 0; i < KC_ARRAY_SIZE(required); i++) {
			if (json_str(ref, required[i])[0] == '\0') {
				_cleanup_free_ char *rp = child(p, required[i]);
				kc_validate_required(errs, rp, "must not be empty");
			}
		}
		const char *kind = json_str(ref, "kind");
		if (!multi && group[0] == '\0' && streq(version, "v1") && streq(kind, "Event")) {
			_cleanup_buf_ kc_buf b = KC_BUF_INIT;
			render_owner_ref(&b, ref);
			kc_validate_invalid_raw(errs, p, kc_buf_str(&b),
			                        "/v1, Kind=Event is disallowed from being an owner");
		}
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ref, "controller"))) {
			_cleanup_free_ char *cur = xasprintf("%s/%s", kind, json_str(ref, "name"));
			if (first_controller) {
				_cleanup_buf_ kc_buf b = KC_BUF_INIT;
				const cJSON *r;
				kc_buf_addch(&b, '[');
				cJSON_ArrayForEach(r, refs)
				{
					if (r != refs->child)
						kc_buf_addch(&b, ',');
					render_owner_ref(&b, r);
				}
				kc_buf_addch(&b, ']');
				_cleanup_free_ char *msg =
				    xasprintf("Only one reference can have Controller set to true. "
				              "Found \"true\" in references for %s and %s",
				              first_controller, cur);
				kc_validate_invalid_raw(errs, path, kc_buf_str(&b), msg);
			} else {
				first_controller = TAKE_PTR(cur);
			}
		}
	}
}

static void add_name_msgs(kc_validate_errors *errs, const char *field, const char *value,
                          kc_validate_name_fn fn, bool prefix)
{
	_cleanup_validate_msgs_ kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
	fn(value, prefix, &m);
	kc_validate_add_msgs(errs, field, value, &m);
}

static long long json_int(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsNumber(v))
		return 0;
	if (v->valuedouble >= 9.2e18)
		return LLONG_MAX;
	if (v->valuedouble <= -9.2e18)
		return LLONG_MIN;
	return (long long)v->valuedouble;
}

static void validate_generation(kc_validate_errors *errs, const char *path, const cJSON *meta)
{
	long long gen = json_int(meta, "generation");
	if (gen < 0) {
		_cleanup_free_ char *p = child(path, "generation");
		kc_validate_int_invalid(errs, p, gen, "must be greater than or equal to 0");
	}
}

static void validate_meta_common(kc_validate_errors *errs, const char *path, const cJSON *meta)
{
	_cleanup_free_ char *lp = child(path, "labels");
	_cleanup_free_ char *ap = child(path, "annotations");
	_cleanup_free_ char *op = child(path, "ownerReferences");
	kc_validate_labels(errs, lp, cJSON_GetObjectItemCaseSensitive(meta, "labels"));
	kc_validate_annotations(errs, ap, cJSON_GetObjectItemCaseSensitive(meta, "annotations"));
	kc_validate_owner_references(errs, op, cJSON_GetObjectItemCaseSensitive(meta, "ownerReferences"));
}

void kc_validate_object_meta(kc_validate_errors *errs, const char *path, const cJSON *meta, bool namespaced,
                             kc_validate_name_fn name_fn)
{
	const char *generate_name = json_str(meta, "generateName");
	const char *name = json_str(meta, "name");
	const char *ns = json_str(meta, "namespace");
	_cleanup_free_ char *gp = child(path, "generateName");
	_cleanup_free_ char *np = child(path, "name");
	_cleanup_free_ char *nsp = child(path, "namespace");
	if (generate_name[0])
		add_name_msgs(errs, gp, generate_name, name_fn, true);
	if (name[0] == '\0')
		kc_validate_required(errs, np, "name or generateName is required");
	else
		add_name_msgs(errs, np, name, name_fn, false);
	if (namespaced) {
		if (ns[0] == '\0')
			kc_validate_required(errs, nsp, "");
		else
			add_name_msgs(errs, nsp, ns, kc_validate_name_dns_label, false);
	} else if (ns[0] != '\0') {
		kc_validate_forbidden(errs, nsp, "not allowed on this type");
	}
	validate_generation(errs, path, meta);
	validate_meta_common(errs, path, meta);
	_cleanup_free_ char *fp = child(path, "finalizers");
	kc_validate_finalizers(errs, fp, cJSON_GetObjectItemCaseSensitive(meta, "finalizers"));
}

static void immutable(kc_validate_errors *errs, const char *path, const char *key, const cJSON *new_meta,
                      const cJSON *old_meta)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(new_meta, key);
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(old_meta, key);
	bool n_absent = !n || cJSON_IsNull(n), o_absent = !o || cJSON_IsNull(o);
	if (n_absent && o_absent)
		return;
	if (!n_absent && !o_absent && cJSON_Compare(n, o, true))
		return;
	/* Absent strings are "" in Go; absent pointers (timestamps, grace period) null. */
	bool is_string = cJSON_IsString(n) || cJSON_IsString(o);
	bool pointer = streq(key, "deletionTimestamp") || streq(key, "deletionGracePeriodSeconds") ||
	               streq(key, "creationTimestamp");
	if (is_string && !pointer && (n_absent || o_absent)) {
		const char *ns = n_absent ? "" : n->valuestring, *os = o_absent ? "" : o->valuestring;
		if (streq(ns, os))
			return;
	}
	_cleanup_free_ char *p = child(path, key);
	if (n_absent && is_string && !pointer)
		kc_validate_invalid(errs, p, "", "field is immutable");
	else
		kc_validate_invalid_json(errs, p, n, "field is immutable");
}

void kc_validate_object_meta_update(kc_validate_errors *errs, const char *path, const cJSON *new_meta,
                                    const cJSON *old_meta)
{
	const cJSON *old_del = cJSON_GetObjectItemCaseSensitive(old_meta, "deletionTimestamp");
	if (old_del && !cJSON_IsNull(old_del)) {
		/* Finalizers cannot be added while the object is being deleted. */
		const cJSON *nf = cJSON_GetObjectItemCaseSensitive(new_meta, "finalizers");
		const cJSON *of = cJSON_GetObjectItemCaseSensitive(old_meta, "finalizers");
		size_t n_extra = 0;
		const char **extra = xcalloc((size_t)cJSON_GetArraySize(nf) + 1, sizeof(*extra));
		const cJSON *f, *g;
		const cJSON *new_list = as_array(nf), *old_list = as_array(of);
		cJSON_ArrayForEach(f, new_list)
		{
			if (!cJSON_IsString(f))
				continue;
			bool found = false;
			cJSON_ArrayForEach(g, old_list) found |=
			    cJSON_IsString(g) && streq(g->valuestring, f->valuestring);
			for (size_t i = 0; i < n_extra && !found; i++)
				found = streq(extra[i], f->valuestring);
			if (!found)
				extra[n_extra++] = f->valuestring;
		}
		if (n_extra > 0) {
			qsort(extra, n_extra, sizeof(*extra), cmp_strp);
			_cleanup_buf_ kc_buf b = KC_BUF_INIT;
			kc_buf_addstr(
			    &b, "no new finalizers can be added if the object is being deleted, found new "
			        "finalizers []string{");
			for (size_t i = 0; i < n_extra; i++) {
				_cleanup_free_ char *q = kc_validate_quote(extra[i]);
				kc_buf_addf(&b, "%s%s", i ? ", " : "", q);
			}
			kc_buf_addch(&b, '}');
			_cleanup_free_ char *fp = child(path, "finalizers");
			kc_validate_forbidden(errs, fp, kc_buf_str(&b));
		}
		free(extra);
	}
	if (json_str(new_meta, "resourceVersion")[0] == '\0') {
		_cleanup_free_ char *p = child(path, "resourceVersion");
		kc_validate_invalid(errs, p, "", "must be specified for an update");
	}
	validate_generation(errs, path, new_meta);
	long long ng = json_int(new_meta, "generation"), og = json_int(old_meta, "generation");
	if (ng < og) {
		_cleanup_free_ char *p = child(path, "generation");
		kc_validate_int_invalid(errs, p, ng, "must not be decremented");
	}
	static const char *const fixed[] = {"name",
	                                    "namespace",
	                                    "uid",
	                                    "creationTimestamp",
	                                    "deletionTimestamp",
	                                    "deletionGracePeriodSeconds"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(fixed); i++)
		immutable(errs, path, fixed[i], new_meta, old_meta);
	validate_meta_common(errs, path, new_meta);
}
