/* satoken.c - ServiceAccount tokens as JWTs (satoken.h). */
#include "satoken.h"

#include <errno.h>
#include <inttypes.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "common/base64.h"
#include "common/json.h"
#include "common/util.h"
#include "banned.h"

#define LEEWAY_SECONDS  60 /* go-jose's DefaultLeeway, which upstream uses */
#define MAX_KEYS        64
#define MAX_TOKEN_BYTES (64 << 10)

struct api_satoken {
	EVP_PKEY *signing;
	EVP_PKEY *keys[MAX_KEYS]; /* verification keys */
	size_t nkeys;
	char *issuer;
	char **audiences; /* NULL-terminated */
};

/* ---- base64url (RFC 7515 §2: no padding) ---- */

static char *b64url_encode(const void *data, size_t n)
{
	char *s = kc_base64_encode(data, n);
	size_t o = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '=')
			break;
		s[o++] = s[i] == '+' ? '-' : s[i] == '/' ? '_' : s[i];
	}
	s[o] = '\0';
	return s;
}

static int b64url_decode(const char *s, size_t len, char **ret, size_t *ret_len)
{
	_cleanup_free_ char *std = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '+' || c == '/' || c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
			return -EINVAL; /* not base64url (the decoder below would take them) */
		std[i] = c == '-' ? '+' : c == '_' ? '/' : c;
	}
	std[len] = '\0';
	return kc_base64_decode(std, len, ret, ret_len);
}

/* ---- keys ---- */

static const char *alg_of(EVP_PKEY *k)
{
	if (EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA)
		return "RS256";
	if (EVP_PKEY_get_base_id(k) == EVP_PKEY_EC && EVP_PKEY_get_bits(k) == 256)
		return "ES256";
	return NULL;
}

/* Every key in a PEM file: public keys, RSA public keys, private keys (their
 * public half verifies). Certificates are skipped, as upstream's keyutil. */
static int load_keys(api_satoken *t, const char *path, kc_error *err)
{
	BIO *bio = BIO_new_file(path, "r");
	if (!bio)
		return kc_error_set(err, -ENOENT, "failed to read service account key file %s: %s", path,
		                    "no such file or unreadable");
	size_t before = t->nkeys;
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	long len = 0;
	while (PEM_read_bio(bio, &name, &header, &data, &len) == 1) {
		const unsigned char *p = data;
		EVP_PKEY *k = NULL;
		if (streq(name, "PUBLIC KEY"))
			k = d2i_PUBKEY(NULL, &p, len);
		else if (streq(name, "RSA PUBLIC KEY"))
			k = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, len);
		else if (streq(name, "PRIVATE KEY") || streq(name, "RSA PRIVATE KEY") ||
		         streq(name, "EC PRIVATE KEY"))
			k = d2i_AutoPrivateKey(NULL, &p, len);
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
		if (!k)
			continue;
		if (!alg_of(k) || t->nkeys == MAX_KEYS) {
			EVP_PKEY_free(k);
			continue;
		}
		t->keys[t->nkeys++] = k;
	}
	BIO_free(bio);
	if (t->nkeys == before)
		return kc_error_set(err, -EINVAL,
		                    "failed to read service account key file %s: no RSA or ECDSA P-256 "
		                    "key found",
		                    path);
	return 0;
}

api_satoken *api_satoken_new(const char *signing_key_file, const char *key_files, const char *issuer,
                             const char *audiences, kc_error *err)
{
	api_satoken *t = xcalloc(1, sizeof(*t));
	t->issuer = xstrdup(issuer ? issuer : "");
	if (signing_key_file && signing_key_file[0]) {
		BIO *bio = BIO_new_file(signing_key_file, "r");
		t->signing = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
		BIO_free(bio);
		if (!t->signing || !alg_of(t->signing)) {
			kc_error_set(err, -EINVAL,
			             "failed to parse service-account-signing-key-file %s: want an RSA or "
			             "ECDSA P-256 private key in PEM",
			             signing_key_file);
			api_satoken_free(t);
			return NULL;
		}
	}
	_cleanup_free_ char *files = xstrdup(key_files ? key_files : "");
	char *save = NULL;
	for (char *f = strtok_r(files, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		if (load_keys(t, f, err) < 0) {
			api_satoken_free(t);
			return NULL;
		}
	}
	if (!t->nkeys && t->signing) {
		EVP_PKEY_up_ref(t->signing);
		t->keys[t->nkeys++] = t->signing;
	}
	size_t n = 0;
	_cleanup_free_ char *auds = xstrdup(audiences && audiences[0] ? audiences : t->issuer);
	t->audiences = xcalloc(strlen(auds) + 2, sizeof(char *));
	for (char *a = strtok_r(auds, ",", &save); a; a = strtok_r(NULL, ",", &save))
		if (a[0])
			t->audiences[n++] = xstrdup(a);
	return t;
}

void api_satoken_free(api_satoken *t)
{
	if (!t)
		return;
	EVP_PKEY_free(t->signing);
	for (size_t i = 0; i < t->nkeys; i++)
		EVP_PKEY_free(t->keys[i]);
	for (char **a = t->audiences; a && *a; a++)
		free(*a);
	free(t->audiences);
	free(t->issuer);
	free(t);
}

bool api_satoken_can_issue(const api_satoken *t)
{
	return t && t->signing;
}

const char *const *api_satoken_audiences(const api_satoken *t)
{
	return (const char *const *)t->audiences;
}

/* ---- signing ---- */

/* The key id upstream puts in "kid": base64url of the SHA-256 of the
 * public key's DER. */
static char *key_id(EVP_PKEY *k)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	if (n <= 0)
		return xstrdup("");
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_Digest(der, (size_t)n, md, &mdlen, EVP_sha256(), NULL);
	OPENSSL_free(der);
	return b64url_encode(md, mdlen);
}

/* An ECDSA signature from DER to JWS's r||s (32 bytes each), and back. */
static bool ecdsa_der_to_raw(const unsigned char *der, size_t n, unsigned char raw[64])
{
	const unsigned char *p = der;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)n);
	if (!sig)
		return false;
	const BIGNUM *r, *s;
	ECDSA_SIG_get0(sig, &r, &s);
	bool ok = BN_bn2binpad(r, raw, 32) == 32 && BN_bn2binpad(s, raw + 32, 32) == 32;
	ECDSA_SIG_free(sig);
	return ok;
}

static unsigned char *ecdsa_raw_to_der(const unsigned char raw[64], size_t *ret_len)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	ECDSA_SIG_set0(sig, BN_bin2bn(raw, 32, NULL), BN_bin2bn(raw + 32, 32, NULL));
	unsigned char *der = NULL;
	int n = i2d_ECDSA_SIG(sig, &der);
	ECDSA_SIG_free(sig);
	if (n <= 0)
		return NULL;
	*ret_len = (size_t)n;
	return der;
}

static char *sign(EVP_PKEY *k, const char *input)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t n = 0;
	unsigned char *sig = NULL;
	char *out = NULL;
	if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, k) == 1 &&
	    EVP_DigestSign(ctx, NULL, &n, (const unsigned char *)input, strlen(input)) == 1) {
		sig = xmalloc(n);
		if (EVP_DigestSign(ctx, sig, &n, (const unsigned char *)input, strlen(input)) == 1) {
			unsigned char raw[64];
			if (EVP_PKEY_get_base_id(k) != EVP_PKEY_EC)
				out = b64url_encode(sig, n);
			else if (ecdsa_der_to_raw(sig, n, raw))
				out = b64url_encode(raw, sizeof(raw));
		}
	}
	free(sig);
	EVP_MD_CTX_free(ctx);
	return out;
}

static char *new_uuid(void)
{
	unsigned char b[16];
	RAND_bytes(b, sizeof(b));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	return xasprintf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
	                 b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
	                 b[15]);
}

char *api_satoken_issue(const api_satoken *t, const char *ns, const char *name, const char *uid,
                        const char *const *audiences, const api_satoken_binding *bound, int64_t now,
                        int64_t seconds)
{
	if (!t || !t->signing)
		return NULL;
	_cleanup_free_ char *kid = key_id(t->signing);
	_cleanup_json_ cJSON *header = cJSON_CreateObject();
	cJSON_AddStringToObject(header, "alg", alg_of(t->signing));
	cJSON_AddStringToObject(header, "kid", kid);

	_cleanup_json_ cJSON *claims = cJSON_CreateObject();
	cJSON *aud = cJSON_AddArrayToObject(claims, "aud");
	for (const char *const *a = audiences ? audiences : api_satoken_audiences(t); *a; a++)
		cJSON_AddItemToArray(aud, cJSON_CreateString(*a));
	cJSON_AddNumberToObject(claims, "exp", (double)(now + seconds));
	cJSON_AddNumberToObject(claims, "iat", (double)now);
	cJSON_AddStringToObject(claims, "iss", t->issuer);
	_cleanup_free_ char *jti = new_uuid();
	cJSON_AddStringToObject(claims, "jti", jti);
	cJSON *k8s = cJSON_AddObjectToObject(claims, "kubernetes.io");
	cJSON_AddStringToObject(k8s, "namespace", ns);
	if (bound && bound->kind) {
		_cleanup_free_ char *key = xstrdup(bound->kind);
		key[0] = (char)(key[0] | 0x20); /* "pod", "secret" */
		cJSON *b = cJSON_AddObjectToObject(k8s, key);
		cJSON_AddStringToObject(b, "name", bound->name);
		cJSON_AddStringToObject(b, "uid", bound->uid);
	}
	cJSON *sa = cJSON_AddObjectToObject(k8s, "serviceaccount");
	cJSON_AddStringToObject(sa, "name", name);
	cJSON_AddStringToObject(sa, "uid", uid);
	cJSON_AddNumberToObject(claims, "nbf", (double)now);
	_cleanup_free_ char *sub = xasprintf("system:serviceaccount:%s:%s", ns, name);
	cJSON_AddStringToObject(claims, "sub", sub);

	_cleanup_free_ char *h = cJSON_PrintUnformatted(header);
	_cleanup_free_ char *c = cJSON_PrintUnformatted(claims);
	_cleanup_free_ char *h64 = b64url_encode(h, strlen(h));
	_cleanup_free_ char *c64 = b64url_encode(c, strlen(c));
	_cleanup_free_ char *input = xasprintf("%s.%s", h64, c64);
	_cleanup_free_ char *sig = sign(t->signing, input);
	return sig ? xasprintf("%s.%s", input, sig) : NULL;
}

/* ---- verification ---- */

void api_satoken_claims_clear(api_satoken_claims *c)
{
	free(c->ns);
	free(c->name);
	free(c->uid);
	free(c->bound_kind);
	free(c->bound_name);
	free(c->bound_uid);
	memset(c, 0, sizeof(*c));
}

static bool verify_with(EVP_PKEY *k, const char *input, size_t input_len, const unsigned char *sig, size_t n)
{
	unsigned char *der = NULL; /* ECDSA: JWS's r||s back to DER */
	if (EVP_PKEY_get_base_id(k) == EVP_PKEY_EC) {
		if (n != 64 || !(der = ecdsa_raw_to_der(sig, &n)))
			return false;
		sig = der;
	}
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, k) == 1 &&
	          EVP_DigestVerify(ctx, sig, n, (const unsigned char *)input, input_len) == 1;
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(der);
	return ok;
}

/* A JSON object from one base64url part. */
static cJSON *decode_part(const char *s, size_t len)
{
	_cleanup_free_ char *raw = NULL;
	size_t n = 0;
	if (b64url_decode(s, len, &raw, &n) < 0)
		return NULL;
	cJSON *j = cJSON_ParseWithLength(raw, n);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static bool is_string(const cJSON *j, const char *want)
{
	return cJSON_IsString(j) && streq(j->valuestring, want);
}

/* Whether aud (a string or an array of strings) names one of ours. */
static bool has_audience(const api_satoken *t, const cJSON *aud)
{
	for (char **mine = t->audiences; *mine; mine++) {
		if (is_string(aud, *mine))
			return true;
		const cJSON *a;
		if (cJSON_IsArray(aud))
			cJSON_ArrayForEach(a, aud) if (is_string(a, *mine)) return true;
	}
	return false;
}

/* A NumericDate claim (seconds since the epoch), or -1 when it is absent,
 * not a number or beyond int64 (a cast would be undefined). */
static int64_t time_claim(const cJSON *claims, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(claims, name);
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble < 9e18))
		return -1;
	return (int64_t)v->valuedouble;
}

int api_satoken_verify(const api_satoken *t, const char *token, int64_t now, api_satoken_claims *ret,
                       kc_error *err)
{
	memset(ret, 0, sizeof(*ret));
	size_t len = strlen(token);
	const char *dot1 = strchr(token, '.');
	const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (!t || len > MAX_TOKEN_BYTES || !dot1 || !dot2 || strchr(dot2 + 1, '.'))
		return kc_error_set(err, -EINVAL, "not a JWT");
	_cleanup_json_ cJSON *header = decode_part(token, (size_t)(dot1 - token));
	_cleanup_json_ cJSON *claims = decode_part(dot1 + 1, (size_t)(dot2 - dot1 - 1));
	if (!header || !claims)
		return kc_error_set(err, -EINVAL, "not a JWT");
	const char *alg = kc_json_get_str(header, "alg", "");
	_cleanup_free_ char *sig = NULL;
	size_t sig_len = 0;
	if (b64url_decode(dot2 + 1, strlen(dot2 + 1), &sig, &sig_len) < 0 || !sig_len)
		return kc_error_set(err, -EACCES, "malformed signature");
	bool verified = false;
	for (size_t i = 0; i < t->nkeys && !verified; i++)
		verified =
		    streq(alg, alg_of(t->keys[i])) &&
		    verify_with(t->keys[i], token, (size_t)(dot2 - token), (unsigned char *)sig, sig_len);
	if (!verified)
		return kc_error_set(err, -EACCES, "invalid signature (alg \"%s\")", alg);

	if (!streq(kc_json_get_str(claims, "iss", ""), t->issuer))
		return kc_error_set(err, -EACCES, "token issuer \"%s\" is not \"%s\"",
		                    kc_json_get_str(claims, "iss", ""), t->issuer);
	if (!has_audience(t, cJSON_GetObjectItemCaseSensitive(claims, "aud")))
		return kc_error_set(err, -EACCES, "token audiences are not the apiserver's");
	int64_t exp = time_claim(claims, "exp"), nbf = time_claim(claims, "nbf");
	if (exp < 0 || now > exp + LEEWAY_SECONDS)
		return kc_error_set(err, -EACCES, "token has expired");
	if (nbf > now + LEEWAY_SECONDS)
		return kc_error_set(err, -EACCES, "token is not valid yet");

	const cJSON *k8s = cJSON_GetObjectItemCaseSensitive(claims, "kubernetes.io");
	const char *ns = kc_json_get_str(k8s, "namespace", "");
	const char *name = kc_json_get_str(k8s, "serviceaccount.name", "");
	const char *uid = kc_json_get_str(k8s, "serviceaccount.uid", "");
	_cleanup_free_ char *sub = xasprintf("system:serviceaccount:%s:%s", ns, name);
	if (!ns[0] || !name[0] || !uid[0] || !streq(kc_json_get_str(claims, "sub", ""), sub))
		return kc_error_set(err, -EACCES,
		                    "token lacks its kubernetes.io claims or its subject disagrees");
	ret->ns = xstrdup(ns);
	ret->name = xstrdup(name);
	ret->uid = xstrdup(uid);
	static const char *const bindings[][2] = {{"pod", "Pod"}, {"secret", "Secret"}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(bindings); i++) {
		const cJSON *b = cJSON_GetObjectItemCaseSensitive(k8s, bindings[i][0]);
		if (b) {
			ret->bound_kind = xstrdup(bindings[i][1]);
			ret->bound_name = xstrdup(kc_json_get_str(b, "name", ""));
			ret->bound_uid = xstrdup(kc_json_get_str(b, "uid", ""));
			break;
		}
	}
	return 0;
}
