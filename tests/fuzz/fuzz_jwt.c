/* fuzz_jwt.c - the ServiceAccount token verifier every bearer token not in
 * --token-auth-file reaches (apiserver/satoken.h). The input is tried as a
 * token as it stands; then, split at its first newline into a header and
 * a claims text, it is signed with the fuzzer's own key so that the claim
 * checks behind the signature are reached too. Whatever the input, verify
 * must answer 0, -EINVAL or -EACCES, and a token it accepts must name a
 * whole account. The verifier is compiled in (it lives in apiserver/,
 * which fuzzers do not link). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apiserver/satoken.c"

#define NOW 1800000000

static api_satoken *verifier;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/kc-fuzz-jwt.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	EVP_PKEY *k = EVP_EC_gen("P-256");
	BIO *bio = fd >= 0 ? BIO_new_fd(fd, BIO_CLOSE) : NULL;
	if (!k || !bio || PEM_write_bio_PrivateKey(bio, k, NULL, NULL, 0, NULL, NULL) != 1)
		abort();
	BIO_free(bio);
	EVP_PKEY_free(k);
	verifier = api_satoken_new(path, "", "https://kubernetes.default.svc.cluster.local", "", NULL);
	unlink(path);
	free(path);
	if (!verifier)
		abort();
	return 0;
}

static void check(const char *token)
{
	api_satoken_claims c;
	kc_error err = {0};
	int r = api_satoken_verify(verifier, token, NOW, &c, &err);
	if (r != 0 && r != -EINVAL && r != -EACCES)
		abort();
	if (r == 0 &&
	    (!c.ns[0] || !c.name[0] || !c.uid[0] || (c.bound_kind && (!c.bound_name || !c.bound_uid))))
		abort();
	if (r != 0 && !err.msg[0])
		abort();
	api_satoken_claims_clear(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size); /* stops at a NUL, as a header would */
	check(text);

	char *nl = strchr(text, '\n');
	if (nl) {
		*nl = '\0';
		char *h = b64url_encode(text, strlen(text));
		char *c = b64url_encode(nl + 1, strlen(nl + 1));
		char *input = xasprintf("%s.%s", h, c);
		char *sig = sign(verifier->signing, input);
		char *token = xasprintf("%s.%s", input, sig ? sig : "");
		check(token);
		free(token);
		free(sig);
		free(input);
		free(c);
		free(h);
	}
	free(text);
	return 0;
}
