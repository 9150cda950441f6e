/* test_api_satoken.c - ServiceAccount tokens (apiserver/satoken.h): JWTs
 * signed and verified with RSA and ECDSA P-256 keys made here with
 * OpenSSL and written to a temporary directory, and every way a token
 * must be refused: another issuer, audience or key, expired, not yet
 * valid, tampered, "none" and HMAC algorithms, claims that disagree,
 * and strings that are not JWTs at all. Tokens with chosen headers and
 * claims are signed here with the test's own RS256 signer. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include "apiserver/satoken.h"
#include "common/base64.h"
#include "common/json.h"
#include "common/util.h"

#define NOW    1800000000 /* 2027-01-15 */
#define ISSUER "https://kubernetes.default.svc.cluster.local"

typedef struct keys {
	char *dir;
	char *rsa_key, *rsa_pub; /* PEM files: private key, its public key */
	char *ec_key, *ec_pub;
	char *other_key;   /* another RSA pair's private key */
	char *p384_key;    /* an EC key on a curve JWT's ES256 does not cover */
	char *garbage;     /* a file with no key */
	EVP_PKEY *rsa;     /* the key behind rsa_key, for signing here */
	char *rsa_pub_pem; /* rsa_pub's text, the secret of the HS256 attack */
} keys;

static char *write_key(const char *dir, const char *name, EVP_PKEY *k, bool private)
{
	char *path = xasprintf("%s/%s", dir, name);
	BIO *bio = BIO_new_file(path, "w");
	assert_non_null(bio);
	assert_int_equal(private ? PEM_write_bio_PrivateKey(bio, k, NULL, NULL, 0, NULL, NULL)
	                         : PEM_write_bio_PUBKEY(bio, k),
	                 1);
	BIO_free(bio);
	return path;
}

static int setup(void **state)
{
	keys *k = xcalloc(1, sizeof(*k));
	const char *tmp = getenv("TMPDIR");
	k->dir = xasprintf("%s/kc-satoken.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(k->dir));

	k->rsa = EVP_RSA_gen(2048);
	EVP_PKEY *ec = EVP_EC_gen("P-256"), *other = EVP_RSA_gen(2048), *p384 = EVP_EC_gen("P-384");
	assert_true(k->rsa && ec && other && p384);
	k->rsa_key = write_key(k->dir, "rsa.key", k->rsa, true);
	k->rsa_pub = write_key(k->dir, "rsa.pub", k->rsa, false);
	k->ec_key = write_key(k->dir, "ec.key", ec, true);
	k->ec_pub = write_key(k->dir, "ec.pub", ec, false);
	k->other_key = write_key(k->dir, "other.key", other, true);
	k->p384_key = write_key(k->dir, "p384.key", p384, true);
	EVP_PKEY_free(ec);
	EVP_PKEY_free(other);
	EVP_PKEY_free(p384);

	k->garbage = xasprintf("%s/garbage.pem", k->dir);
	FILE *f = fopen(k->garbage, "w");
	assert_non_null(f);
	fputs("-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n", f);
	fclose(f);
	size_t n = 0;
	assert_int_equal(kc_read_file(k->rsa_pub, 1 << 20, &k->rsa_pub_pem, &n), 0);
	*state = k;
	return 0;
}

static int teardown(void **state)
{
	keys *k = *state;
	_cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", k->dir);
	assert_int_equal(system(cmd), 0);
	EVP_PKEY_free(k->rsa);
	free(k->rsa_key);
	free(k->rsa_pub);
	free(k->ec_key);
	free(k->ec_pub);
	free(k->other_key);
	free(k->p384_key);
	free(k->garbage);
	free(k->rsa_pub_pem);
	free(k->dir);
	free(k);
	return 0;
}

static api_satoken *must_new(const char *signing, const char *verify, const char *issuer,
                             const char *audiences)
{
	kc_error err = {0};
	api_satoken *t = api_satoken_new(signing, verify, issuer, audiences, &err);
	if (!t)
		fail_msg("api_satoken_new: %s", err.msg);
	return t;
}

/* Verifies and returns the result; on success checks the account. */
static int verify_at(const api_satoken *t, const char *token, int64_t now)
{
	api_satoken_claims c;
	kc_error err = {0};
	int r = api_satoken_verify(t, token, now, &c, &err);
	if (r == 0) {
		assert_string_equal(c.ns, "team-a");
		assert_string_equal(c.name, "builder");
		assert_string_equal(c.uid, "uid-1");
	} else {
		assert_true(err.msg[0]); /* every refusal says why */
	}
	api_satoken_claims_clear(&c);
	return r;
}

static char *issue(const api_satoken *t, const char *const *audiences, int64_t seconds)
{
	char *tok = api_satoken_issue(t, "team-a", "builder", "uid-1", audiences, NULL, NOW, seconds);
	assert_non_null(tok);
	return tok;
}

/* ---- tokens signed here, with any header and claims ---- */

static char *b64url(const void *data, size_t n)
{
	char *s = kc_base64_encode(data, n);
	size_t o = 0;
	for (size_t i = 0; s[i] && s[i] != '='; i++)
		s[o++] = s[i] == '+' ? '-' : s[i] == '/' ? '_' : s[i];
	s[o] = '\0';
	return s;
}

/* alg "RS256" signs with key, "HS256" with secret, anything else leaves
 * the signature empty. */
static char *craft(const char *header, const char *claims, EVP_PKEY *key, const char *secret)
{
	_cleanup_free_ char *h = b64url(header, strlen(header));
	_cleanup_free_ char *c = b64url(claims, strlen(claims));
	_cleanup_free_ char *input = xasprintf("%s.%s", h, c);
	unsigned char sig[512];
	size_t n = 0;
	if (strstr(header, "RS256")) {
		EVP_MD_CTX *ctx = EVP_MD_CTX_new();
		n = sizeof(sig);
		assert_int_equal(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key), 1);
		assert_int_equal(EVP_DigestSign(ctx, sig, &n, (unsigned char *)input, strlen(input)), 1);
		EVP_MD_CTX_free(ctx);
	} else if (strstr(header, "HS256")) {
		unsigned int len = 0;
		HMAC(EVP_sha256(), secret, (int)strlen(secret), (unsigned char *)input, strlen(input), sig,
		     &len);
		n = len;
	}
	_cleanup_free_ char *s = b64url(sig, n);
	return xasprintf("%s.%s", input, s);
}

#define GOOD_K8S                                                                                             \
	"\"kubernetes.io\":{\"namespace\":\"team-a\",\"serviceaccount\":{\"name\":\"builder\",\"uid\":"      \
	"\"uid-1\"}}"
#define GOOD_CLAIMS(extra)                                                                                   \
	"{\"iss\":\"" ISSUER "\",\"aud\":[\"" ISSUER "\"],\"sub\":\"system:serviceaccount:team-a:builder\"," \
	"\"exp\":1800003600,\"nbf\":1800000000," GOOD_K8S extra "}"

/* ---- tests ---- */

static void test_round_trip_rsa(void **state)
{
	keys *k = *state;
	api_satoken *t = must_new(k->rsa_key, k->rsa_pub, ISSUER, "");
	assert_true(api_satoken_can_issue(t));
	assert_string_equal(api_satoken_audiences(t)[0], ISSUER); /* the issuer by default */
	assert_null(api_satoken_audiences(t)[1]);
	_cleanup_free_ char *tok = issue(t, NULL, 3600);
	assert_int_equal(verify_at(t, tok, NOW), 0);

	/* the header names the algorithm and a key id; the claims are upstream's */
	_cleanup_free_ char *header = NULL, *claims = NULL;
	size_t n = 0;
	const char *dot = strchr(tok, '.');
	_cleanup_free_ char *std = xstrndup(tok, (size_t)(dot - tok));
	for (char *p = std; *p; p++)
		*p = *p == '-' ? '+' : *p == '_' ? '/' : *p;
	assert_int_equal(kc_base64_decode(std, strlen(std), &header, &n), 0);
	_cleanup_json_ cJSON *h = cJSON_Parse(header);
	assert_string_equal(kc_json_get_str(h, "alg", ""), "RS256");
	assert_true(strlen(kc_json_get_str(h, "kid", "")) == 43); /* base64url of a SHA-256 */
	const char *dot2 = strchr(dot + 1, '.');
	_cleanup_free_ char *std2 = xstrndup(dot + 1, (size_t)(dot2 - dot - 1));
	for (char *p = std2; *p; p++)
		*p = *p == '-' ? '+' : *p == '_' ? '/' : *p;
	assert_int_equal(kc_base64_decode(std2, strlen(std2), &claims, &n), 0);
	_cleanup_json_ cJSON *c = cJSON_Parse(claims);
	assert_string_equal(kc_json_get_str(c, "sub", ""), "system:serviceaccount:team-a:builder");
	assert_string_equal(kc_json_get_str(c, "iss", ""), ISSUER);
	assert_int_equal(kc_json_get_int(c, "exp", 0), NOW + 3600);
	assert_int_equal(kc_json_get_int(c, "iat", 0), NOW);
	assert_int_equal(kc_json_get_int(c, "nbf", 0), NOW);
	assert_int_equal(strlen(kc_json_get_str(c, "jti", "")), 36);
	assert_string_equal(
	    kc_json_get_str(cJSON_GetObjectItem(c, "kubernetes.io"), "serviceaccount.uid", ""), "uid-1");
	api_satoken_free(t);
}

static void test_round_trip_ec_bound(void **state)
{
	keys *k = *state;
	api_satoken *t = must_new(k->ec_key, "", ISSUER, ""); /* the signing key verifies too */
	api_satoken_binding pod = {"Pod", "web-0", "pod-uid"};
	_cleanup_free_ char *tok = api_satoken_issue(t, "team-a", "builder", "uid-1", NULL, &pod, NOW, 600);
	assert_non_null(tok);
	api_satoken_claims c;
	kc_error err = {0};
	assert_int_equal(api_satoken_verify(t, tok, NOW, &c, &err), 0);
	assert_string_equal(c.bound_kind, "Pod");
	assert_string_equal(c.bound_name, "web-0");
	assert_string_equal(c.bound_uid, "pod-uid");
	api_satoken_claims_clear(&c);

	/* a public-key-only verifier accepts it; one without the key refuses it */
	api_satoken *pub = must_new("", k->ec_pub, ISSUER, "");
	assert_false(api_satoken_can_issue(pub));
	assert_null(api_satoken_issue(pub, "team-a", "builder", "uid-1", NULL, NULL, NOW, 600));
	assert_int_equal(verify_at(pub, tok, NOW), 0);
	api_satoken *rsa_only = must_new("", k->rsa_pub, ISSUER, "");
	assert_int_equal(verify_at(rsa_only, tok, NOW), -EACCES);
	api_satoken_free(rsa_only);
	api_satoken_free(pub);
	api_satoken_free(t);
}

static void test_several_key_files(void **state)
{
	keys *k = *state;
	api_satoken *rsa = must_new(k->rsa_key, "", ISSUER, "");
	api_satoken *ec = must_new(k->ec_key, "", ISSUER, "");
	_cleanup_free_ char *files = xasprintf("%s,%s", k->rsa_pub, k->ec_pub);
	api_satoken *both = must_new("", files, ISSUER, "");
	_cleanup_free_ char *t1 = issue(rsa, NULL, 600), *t2 = issue(ec, NULL, 600);
	assert_int_equal(verify_at(both, t1, NOW), 0);
	assert_int_equal(verify_at(both, t2, NOW), 0);
	api_satoken_free(both);
	api_satoken_free(ec);
	api_satoken_free(rsa);
}

static void test_other_key_issuer_audience(void **state)
{
	keys *k = *state;
	api_satoken *t = must_new(k->rsa_key, "", ISSUER, "");
	_cleanup_free_ char *tok = issue(t, NULL, 3600);

	api_satoken *other_key = must_new(k->other_key, "", ISSUER, "");
	assert_int_equal(verify_at(other_key, tok, NOW), -EACCES);
	api_satoken *other_issuer = must_new(k->rsa_key, "", "https://elsewhere", ISSUER);
	assert_int_equal(verify_at(other_issuer, tok, NOW), -EACCES);

	/* a token for "vault" is not for the apiserver, unless it is one of --api-audiences */
	const char *vault[] = {"vault", NULL};
	_cleanup_free_ char *for_vault = issue(t, vault, 3600);
	assert_int_equal(verify_at(t, for_vault, NOW), -EACCES);
	api_satoken *with_vault = must_new(k->rsa_key, "", ISSUER, "api,vault");
	assert_int_equal(verify_at(with_vault, for_vault, NOW), 0);
	_cleanup_free_ char *defaults = issue(with_vault, NULL, 3600); /* for "api" and "vault" */
	assert_int_equal(verify_at(with_vault, defaults, NOW), 0);
	assert_int_equal(verify_at(t, defaults, NOW), -EACCES);

	api_satoken_free(with_vault);
	api_satoken_free(other_issuer);
	api_satoken_free(other_key);
	api_satoken_free(t);
}

static void test_lifetime(void **state)
{
	keys *k = *state;
	api_satoken *t = must_new(k->rsa_key, "", ISSUER, "");
	_cleanup_free_ char *tok = issue(t, NULL, 3600);
	/* a minute of leeway either side, as upstream */
	assert_int_equal(verify_at(t, tok, NOW + 3600 + 59), 0);
	assert_int_equal(verify_at(t, tok, NOW + 3600 + 61), -EACCES);
	assert_int_equal(verify_at(t, tok, NOW - 59), 0);
	assert_int_equal(verify_at(t, tok, NOW - 61), -EACCES);
	api_satoken_free(t);
}

static void test_tampered(void **state)
{
	keys *k = *state;
	api_satoken *t = must_new(k->rsa_key, "", ISSUER, "");
	_cleanup_free_ char *tok = issue(t, NULL, 3600);
	_cleanup_free_ char *other =
	    api_satoken_issue(t, "kube-system", "admin", "uid-2", NULL, NULL, NOW, 3600);

	/* the claims of one token under the signature of another */
	const char *d1 = strchr(tok, '.'), *d2 = strrchr(tok, '.');
	const char *o1 = strchr(other, '.'), *o2 = strrchr(other, '.');
	_cleanup_free_ char *spliced = xasprintf("%.*s%.*s%s", (int)(d1 - tok), tok, (int)(o2 - o1), o1, d2);
	assert_int_equal(verify_at(t, spliced, NOW), -EACCES);

	/* one flipped signature character, a truncated signature, padding */
	_cleanup_free_ char *flipped = xstrdup(tok);
	char *last = flipped + strlen(flipped) - 2;
	*last = *last == 'A' ? 'B' : 'A';
	assert_int_equal(verify_at(t, flipped, NOW), -EACCES);
	_cleanup_free_ char *truncated = xstrndup(tok, strlen(tok) - 10);
	assert_int_equal(verify_at(t, truncated, NOW), -EACCES);
	_cleanup_free_ char *padded = xasprintf("%s=", tok);
	assert_int_equal(verify_at(t, padded, NOW), -EACCES);
	api_satoken_free(t);
}

static void test_algorithms_refused(void **state)
{
	keys *k = *state;
	api_satoken *t = must_new(k->rsa_key, "", ISSUER, "");
	/* the right claims under "none", under HS256 keyed with the public key
	 * (the classic confusion), and under RS256 from another key */
	_cleanup_free_ char *none = craft("{\"alg\":\"none\"}", GOOD_CLAIMS(""), NULL, NULL);
	assert_int_equal(verify_at(t, none, NOW), -EACCES);
	_cleanup_free_ char *hs = craft("{\"alg\":\"HS256\"}", GOOD_CLAIMS(""), NULL, k->rsa_pub_pem);
	assert_int_equal(verify_at(t, hs, NOW), -EACCES);
	_cleanup_free_ char *rs = craft("{\"alg\":\"RS256\"}", GOOD_CLAIMS(""), k->rsa, NULL);
	assert_int_equal(verify_at(t, rs, NOW), 0); /* the signer here is sound */
	/* an ES256 header over that RSA signature */
	const char *dot = strchr(rs, '.');
	_cleanup_free_ char *es_header = b64url("{\"alg\":\"ES256\"}", 15);
	_cleanup_free_ char *es = xasprintf("%s%s", es_header, dot);
	assert_int_equal(verify_at(t, es, NOW), -EACCES);
	api_satoken_free(t);
}

static void test_claims_refused(void **state)
{
	keys *k = *state;
	api_satoken *t = must_new(k->rsa_key, "", ISSUER, "");
	static const char *const bad[] = {
	    /* no kubernetes.io claims */
	    "{\"iss\":\"" ISSUER "\",\"aud\":\"" ISSUER "\",\"sub\":\"system:serviceaccount:team-a:builder\","
	    "\"exp\":1800003600}",
	    /* a subject other than the account */
	    "{\"iss\":\"" ISSUER "\",\"aud\":\"" ISSUER
	    "\",\"sub\":\"system:serviceaccount:kube-system:admin\","
	    "\"exp\":1800003600," GOOD_K8S "}",
	    /* no exp, exp not a number, exp beyond any clock */
	    "{\"iss\":\"" ISSUER "\",\"aud\":\"" ISSUER
	    "\",\"sub\":\"system:serviceaccount:team-a:builder\"," GOOD_K8S "}",
	    "{\"iss\":\"" ISSUER "\",\"aud\":\"" ISSUER "\",\"sub\":\"system:serviceaccount:team-a:builder\","
	    "\"exp\":\"1800003600\"," GOOD_K8S "}",
	    "{\"iss\":\"" ISSUER "\",\"aud\":\"" ISSUER "\",\"sub\":\"system:serviceaccount:team-a:builder\","
	    "\"exp\":1e300," GOOD_K8S "}",
	    /* an audience list with ours only as a number */
	    "{\"iss\":\"" ISSUER "\",\"aud\":[1,{}],\"sub\":\"system:serviceaccount:team-a:builder\","
	    "\"exp\":1800003600," GOOD_K8S "}",
	    /* no issuer */
	    "{\"aud\":\"" ISSUER
	    "\",\"sub\":\"system:serviceaccount:team-a:builder\",\"exp\":1800003600," GOOD_K8S "}",
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(bad); i++) {
		_cleanup_free_ char *tok = craft("{\"alg\":\"RS256\"}", bad[i], k->rsa, NULL);
		if (verify_at(t, tok, NOW) != -EACCES)
			fail_msg("claims accepted: %s", bad[i]);
	}
	/* a plain-string aud naming us is fine, and nbf may be left out */
	_cleanup_free_ char *ok =
	    craft("{\"alg\":\"RS256\"}",
	          "{\"iss\":\"" ISSUER "\",\"aud\":\"" ISSUER "\",\"sub\":\"system:serviceaccount:"
	          "team-a:builder\",\"exp\":1800003600," GOOD_K8S "}",
	          k->rsa, NULL);
	assert_int_equal(verify_at(t, ok, NOW), 0);
	api_satoken_free(t);
}

static void test_not_a_jwt(void **state)
{
	keys *k = *state;
	api_satoken *t = must_new(k->rsa_key, "", ISSUER, "");
	/* -EINVAL: another authenticator may know these */
	static const char *const strings[] = {
	    "",
	    "abc",
	    "a.b",
	    "a.b.c.d",
	    "!!!.e30.sig",
	    "e30.!!!.sig",
	    "bm90IGpzb24.e30.c2ln",
	    "W10.e30.c2ln",
	    "abcdef.123456",
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(strings); i++) {
		api_satoken_claims c;
		kc_error err = {0};
		if (api_satoken_verify(t, strings[i], NOW, &c, &err) != -EINVAL)
			fail_msg("\"%s\" taken for a JWT", strings[i]);
		api_satoken_claims_clear(&c);
	}
	/* a JWT with a signature that is not base64url is a refused JWT */
	_cleanup_free_ char *tok = issue(t, NULL, 600);
	_cleanup_free_ char *bad_sig = xasprintf("%.*s.a+b/", (int)(strrchr(tok, '.') - tok), tok);
	assert_int_equal(verify_at(t, bad_sig, NOW), -EACCES);
	_cleanup_free_ char *no_sig = xasprintf("%.*s.", (int)(strrchr(tok, '.') - tok), tok);
	assert_int_equal(verify_at(t, no_sig, NOW), -EACCES);
	api_satoken_free(t);
}

static void test_key_file_errors(void **state)
{
	keys *k = *state;
	_cleanup_free_ char *missing = xasprintf("%s/missing.pem", k->dir);
	struct {
		const char *signing, *verify, *want;
	} cases[] = {
	    {missing, "", "service-account-signing-key-file"},
	    {k->rsa_pub, "", "service-account-signing-key-file"}, /* a public key cannot sign */
	    {k->p384_key, "", "service-account-signing-key-file"},
	    {k->garbage, "", "service-account-signing-key-file"},
	    {"", missing, "missing.pem"},
	    {"", k->garbage, "garbage.pem"},
	    {"", k->p384_key, "p384.key"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		kc_error err = {0};
		api_satoken *t = api_satoken_new(cases[i].signing, cases[i].verify, ISSUER, "", &err);
		assert_null(t);
		if (!strstr(err.msg, cases[i].want))
			fail_msg("case %zu: \"%s\" does not name %s", i, err.msg, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip_rsa),     cmocka_unit_test(test_round_trip_ec_bound),
	    cmocka_unit_test(test_several_key_files),  cmocka_unit_test(test_other_key_issuer_audience),
	    cmocka_unit_test(test_lifetime),           cmocka_unit_test(test_tampered),
	    cmocka_unit_test(test_algorithms_refused), cmocka_unit_test(test_claims_refused),
	    cmocka_unit_test(test_not_a_jwt),          cmocka_unit_test(test_key_file_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
