/* validate_net.c - IP address, CIDR and domain-name validation (see
 * validate.h), split from validate.c for size: upstream's
 * util/validation/ip.go and IsFullyQualifiedDomainName. */
#include "validate.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Upstream validates with k8s.io/utils/net.ParseIPSloppy (Go 1.16's
 * net.ParseIP: IPv4 octets may carry leading zeros, IPv6 groups any number
 * of leading zeros) and then netip.ParseAddr for the strict rules. One
 * parser does both: strict adds netip's lexical limits. */
static bool parse_ipv4(const char *s, size_t len, bool strict, uint8_t out[4])
{
	size_t pos = 0;
	for (int i = 0; i < 4; i++) {
		if (pos >= len)
			return false;
		if (i > 0) {
			if (s[pos] != '.')
				return false;
			pos++;
		}
		size_t start = pos;
		unsigned long n = 0;
		while (pos < len && is_digit(s[pos])) {
			n = n * 10 + (unsigned long)(s[pos] - '0');
			if (n >= 0xFFFFFF) /* Go's dtoi gives up at "big" */
				return false;
			pos++;
		}
		size_t digits = pos - start;
		if (digits == 0 || n > 0xFF)
			return false;
		if (strict && digits > 1 && s[start] == '0')
			return false;
		out[i] = (uint8_t)n;
	}
	return pos == len;
}

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

static bool parse_ipv6(const char *s, size_t len, bool strict, uint8_t ip[16])
{
	memset(ip, 0, 16);
	int ellipsis = -1;
	size_t pos = 0;
	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		ellipsis = 0;
		pos = 2;
		if (pos == len)
			return true;
	}
	int i = 0;
	while (i < 16) {
		size_t start = pos;
		unsigned long n = 0;
		int h;
		while (pos < len && (h = hexval(s[pos])) >= 0) {
			n = n * 16 + (unsigned long)h;
			if (n >= 0xFFFFFF)
				return false;
			pos++;
		}
		if (pos == start || n > 0xFFFF || (strict && pos - start > 4))
			return false;
		if (pos < len && s[pos] == '.') { /* trailing IPv4 */
			if ((ellipsis < 0 && i != 12) || i + 4 > 16)
				return false;
			if (!parse_ipv4(s + start, len - start, strict, ip + i))
				return false;
			pos = len;
			i += 4;
			break;
		}
		ip[i] = (uint8_t)(n >> 8);
		ip[i + 1] = (uint8_t)n;
		i += 2;
		if (pos == len)
			break;
		if (s[pos] != ':' || pos + 1 == len)
			return false;
		pos++;
		if (s[pos] == ':') {
			if (ellipsis >= 0)
				return false;
			ellipsis = i;
			pos++;
			if (pos == len)
				break;
		}
	}
	if (pos != len)
		return false;
	if (i < 16) {
		if (ellipsis < 0)
			return false;
		int n = 16 - i;
		for (int j = i - 1; j >= ellipsis; j--)
			ip[j + n] = ip[j];
		for (int j = ellipsis + n - 1; j >= ellipsis; j--)
			ip[j] = 0;
	} else if (ellipsis >= 0) {
		return false; /* "::" must stand for at least one group */
	}
	return true;
}

static const uint8_t v4_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* family: 4 or 6 (how it was written), out: 16-byte form. */
static bool parse_ip(const char *s, size_t len, bool strict, uint8_t out[16], int *family)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			memcpy(out, v4_prefix, 12);
			*family = 4;
			return parse_ipv4(s, len, strict, out + 12);
		}
		if (s[i] == ':') {
			*family = 6;
			return parse_ipv6(s, len, strict, out);
		}
	}
	return false;
}

bool kc_validate_parse_ip(const char *s, uint8_t out[16])
{
	uint8_t ip[16];
	int family;
	if (!parse_ip(s, strlen(s), false, ip, &family))
		return false;
	memcpy(out, ip, 16);
	return true;
}

static bool is_v4_mapped(const uint8_t ip[16])
{
	return memcmp(ip, v4_prefix, 12) == 0;
}

void kc_validate_format_ip(const uint8_t p[16], char buf[46])
{
	if (is_v4_mapped(p)) {
		snprintf(buf, 46, "%u.%u.%u.%u", p[12], p[13], p[14], p[15]);
		return;
	}
	/* Longest run of zero groups (at least two), the first on a tie. */
	int e0 = -1, e1 = -1;
	for (int i = 0; i < 16; i += 2) {
		int j = i;
		while (j < 16 && p[j] == 0 && p[j + 1] == 0)
			j += 2;
		if (j > i && j - i > e1 - e0) {
			e0 = i;
			e1 = j;
			i = j;
		}
	}
	if (e1 - e0 <= 2)
		e0 = e1 = -1;
	size_t off = 0;
	buf[0] = '\0';
	for (int i = 0; i < 16; i += 2) {
		if (i == e0) {
			off += (size_t)snprintf(buf + off, 46 - off, "::");
			i = e1;
			if (i >= 16)
				break;
		} else if (i > 0) {
			off += (size_t)snprintf(buf + off, 46 - off, ":");
		}
		off += (size_t)snprintf(buf + off, 46 - off, "%x", (unsigned)((p[i] << 8) | p[i + 1]));
	}
}

/* "must be in canonical form (\"1.2.3.4\")" unless value is canon already. */
static void canonical(kc_validate_errors *errs, const char *path, const char *value, const char *canon)
{
	if (streq(value, canon))
		return;
	_cleanup_free_ char *q = kc_validate_quote(canon);
	_cleanup_free_ char *msg = xasprintf("must be in canonical form (%s)", q);
	kc_validate_invalid(errs, path, value, msg);
}

/* parseIP of ip.go; returns false (errors added) when not usable. */
static bool check_ip(kc_validate_errors *errs, const char *path, const char *value, bool strict,
                     uint8_t ip[16])
{
	int family;
	if (!parse_ip(value, strlen(value), false, ip, &family)) {
		kc_validate_invalid(errs, path, value,
		                    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
		return false;
	}
	if (!strict)
		return true;
	uint8_t tmp[16];
	if (!parse_ip(value, strlen(value), true, tmp, &family)) {
		kc_validate_invalid(errs, path, value, "must not have leading 0s");
		return false;
	}
	if (family == 6 && is_v4_mapped(tmp)) {
		kc_validate_invalid(errs, path, value, "must not be an IPv4-mapped IPv6 address");
		return false;
	}
	return true;
}

void kc_validate_ip_legacy(kc_validate_errors *errs, const char *path, const char *value, bool strict)
{
	uint8_t ip[16];
	check_ip(errs, path, value, strict, ip);
}

void kc_validate_ip(kc_validate_errors *errs, const char *path, const char *value)
{
	uint8_t ip[16];
	if (!check_ip(errs, path, value, true, ip))
		return;
	char canon[46];
	kc_validate_format_ip(ip, canon);
	canonical(errs, path, value, canon);
}

typedef struct cidr {
	uint8_t ip[16];  /* the address as written */
	uint8_t net[16]; /* masked */
	int family;      /* 4 or 6, as parsed */
	int bits;        /* prefix length within the family's width */
} cidr;

/* Go 1.16 net.ParseCIDR (sloppy) or, with strict, netip.ParsePrefix's lexical rules. */
static bool parse_cidr(const char *s, bool strict, cidr *c)
{
	const char *slash = strchr(s, '/');
	if (!slash)
		return false;
	size_t alen = (size_t)(slash - s);
	const char *mask = slash + 1;
	memcpy(c->ip, v4_prefix, 12);
	if (parse_ipv4(s, alen, strict, c->ip + 12)) {
		c->family = 4;
	} else if (parse_ipv6(s, alen, strict, c->ip)) {
		c->family = 6;
		/* netip picks the family by the first '.' or ':' as ParseIP does; a
		 * string ParseIPv4 rejects but ParseIPv6 takes has ':' first. */
	} else {
		return false;
	}
	size_t digits = strspn(mask, "0123456789");
	if (digits == 0 || mask[digits] != '\0')
		return false;
	if (strict && digits > 1 && mask[0] == '0')
		return false;
	long bits = 0;
	for (size_t i = 0; i < digits; i++) {
		bits = bits * 10 + (mask[i] - '0');
		if (bits >= 0xFFFFFF) /* dtoi's "big"; leading zeros do not count */
			return false;
	}
	int width = c->family == 4 ? 32 : 128;
	if (bits > width)
		return false;
	c->bits = (int)bits;
	memcpy(c->net, c->ip, 16);
	int total = c->family == 4 ? 96 + c->bits : c->bits;
	for (int b = total; b < 128; b++)
		c->net[b / 8] &= (uint8_t) ~(0x80u >> (b % 8));
	return true;
}

static bool check_cidr(kc_validate_errors *errs, const char *path, const char *value, bool strict, cidr *c)
{
	if (!parse_cidr(value, false, c)) {
		kc_validate_invalid(errs, path, value,
		                    "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
		return false;
	}
	if (!strict)
		return true;
	cidr sc;
	if (!parse_cidr(value, true, &sc)) {
		kc_validate_invalid(errs, path, value, "must not have leading 0s in IP or prefix length");
		return false;
	}
	if (sc.family == 6 && is_v4_mapped(sc.ip)) {
		kc_validate_invalid(errs, path, value, "must not have an IPv4-mapped IPv6 address");
		return false;
	}
	if (memcmp(sc.ip, sc.net, 16) != 0) {
		kc_validate_invalid(errs, path, value, "must not have bits set beyond the prefix length");
		return false;
	}
	return true;
}

void kc_validate_cidr_legacy(kc_validate_errors *errs, const char *path, const char *value, bool strict)
{
	cidr c;
	check_cidr(errs, path, value, strict, &c);
}

void kc_validate_cidr(kc_validate_errors *errs, const char *path, const char *value)
{
	cidr c;
	if (!check_cidr(errs, path, value, true, &c))
		return;
	char ip[46];
	kc_validate_format_ip(c.net, ip);
	_cleanup_free_ char *canon = xasprintf("%s/%d", ip, c.bits);
	canonical(errs, path, value, canon);
}

void kc_validate_interface_address(kc_validate_errors *errs, const char *path, const char *value)
{
	cidr c;
	if (!parse_cidr(value, false, &c)) {
		kc_validate_invalid(
		    errs, path, value,
		    "must be a valid address in CIDR form, (e.g. 10.9.8.7/24 or 2001:db8::1/64)");
		return;
	}
	char ip[46];
	kc_validate_format_ip(c.ip, ip);
	int bits = c.bits;
	if (c.family == 6 && is_v4_mapped(c.ip) && bits > 32)
		bits -= 96; /* "::ffff:192.168.0.1/120" is "192.168.0.1/24" */
	_cleanup_free_ char *canon = xasprintf("%s/%d", ip, bits);
	canonical(errs, path, value, canon);
}

void kc_validate_fqdn(kc_validate_errors *errs, const char *path, const char *name)
{
	if (name[0] == '\0') {
		kc_validate_required(errs, path, "");
		return;
	}
	_cleanup_free_ char *n = xstrdup(name);
	size_t len = strlen(n);
	if (n[len - 1] == '.')
		n[--len] = '\0';
	_cleanup_validate_msgs_ kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
	if (kc_validate_dns1123_subdomain(n, &m) > 0) {
		_cleanup_free_ char *joined = kc_validate_msgs_join(&m, ",");
		kc_validate_invalid(errs, path, n, joined);
		return;
	}
	if (!strchr(n, '.')) {
		kc_validate_invalid(errs, path, n,
		                    "should be a domain with at least two segments separated by dots");
		return;
	}
	for (char *save = NULL, *label = strtok_r(n, ".", &save); label; label = strtok_r(NULL, ".", &save)) {
		_cleanup_validate_msgs_ kc_validate_msgs lm = KC_VALIDATE_MSGS_INIT;
		if (kc_validate_dns1123_label(label, &lm) > 0) {
			_cleanup_free_ char *joined = kc_validate_msgs_join(&lm, ",");
			kc_validate_invalid(errs, path, label, joined);
			return;
		}
	}
}
