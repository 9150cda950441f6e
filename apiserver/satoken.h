/* satoken.h - ServiceAccount tokens: JSON Web Tokens signed with
 * --service-account-signing-key-file (RS256 for RSA keys, ES256 for P-256
 * keys), verified against --service-account-key-file, with upstream's
 * claims:
 *
 *   {"iss": "<--service-account-issuer>", "aud": ["<audience>", ...],
 *    "sub": "system:serviceaccount:<ns>:<name>", "iat": N, "nbf": N, "exp": N,
 *    "jti": "<uuid>",
 *    "kubernetes.io": {"namespace": "<ns>",
 *                      "serviceaccount": {"name": "<name>", "uid": "<uid>"},
 *                      "pod": {"name": ..., "uid": ...}}}   (pod or secret when bound)
 *
 * Tokens are not stored: TokenRequest signs one, authentication verifies
 * the signature and claims, and the caller checks that the ServiceAccount
 * (and the bound object) still exist with the same uid. */
#ifndef KC_APISERVER_SATOKEN_H
#define KC_APISERVER_SATOKEN_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/error.h"

typedef struct api_satoken api_satoken;

/* signing_key_file: a PEM private key, or "" (then no token can be
 * issued). key_files: comma-separated PEM files of public or private keys
 * (several per file allowed), or "" (then the signing key verifies).
 * audiences: comma-separated (--api-audiences), or "": the issuer. Fails
 * with a message naming the file for a key that cannot be read. */
api_satoken *api_satoken_new(const char *signing_key_file, const char *key_files, const char *issuer,
                             const char *audiences, kc_error *err);
void api_satoken_free(api_satoken *t);

bool api_satoken_can_issue(const api_satoken *t);
/* The audiences tokens are issued for by default and accepted with. */
const char *const *api_satoken_audiences(const api_satoken *t);

/* What a token is bound to besides its ServiceAccount. */
typedef struct api_satoken_binding {
	const char *kind; /* "Pod", "Secret", or NULL: not bound */
	const char *name, *uid;
} api_satoken_binding;

/* Signs a token for ServiceAccount ns/name (uid) valid from now (seconds
 * since the epoch) for seconds, for audiences (NULL-terminated; NULL: the
 * defaults). Caller frees. NULL when no signing key is loaded. */
char *api_satoken_issue(const api_satoken *t, const char *ns, const char *name, const char *uid,
                        const char *const *audiences, const api_satoken_binding *bound, int64_t now,
                        int64_t seconds);

/* Who a verified token speaks for. Strings owned; clear with
 * api_satoken_claims_clear. */
typedef struct api_satoken_claims {
	char *ns, *name, *uid;
	char *bound_kind, *bound_name, *bound_uid; /* NULL when not bound */
} api_satoken_claims;
void api_satoken_claims_clear(api_satoken_claims *c);

/* Checks token: its form, a signature by one of the keys with the alg
 * that key makes (never "none" or an HMAC), the issuer, an audience in
 * common, nbf/exp at now with upstream's minute of leeway, and the
 * kubernetes.io claims. Returns 0, -EINVAL when token is not a JWT at all
 * (another authenticator may know it), or -EACCES with err saying why. */
int api_satoken_verify(const api_satoken *t, const char *token, int64_t now, api_satoken_claims *ret,
                       kc_error *err);

#endif
