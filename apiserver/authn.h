/* authn.h - who is asking: client certificates signed by --client-ca-file
 * (user = CN, groups = O), bearer tokens from --token-auth-file (upstream's
 * CSV: token,user,uid,"group1,group2"), ServiceAccount tokens (JWTs,
 * satoken.h: user system:serviceaccount:<ns>:<name> in groups
 * system:serviceaccounts and system:serviceaccounts:<ns>), and, with
 * --anonymous-auth,
 * system:anonymous in group system:unauthenticated. Every authenticated
 * user is also in system:authenticated. */
#ifndef KC_APISERVER_AUTHN_H
#define KC_APISERVER_AUTHN_H

#include <openssl/ssl.h>
#include <stdbool.h>

#include "apiserver/request.h"
#include "common/error.h"

typedef struct api_authn api_authn;

/* token_file may be NULL. Fails with a message naming the file and line for
 * a malformed token file. */
api_authn *api_authn_new(const char *token_file, bool anonymous, kc_error *err);
void api_authn_free(api_authn *a);

/* Accepts ServiceAccount tokens signed by t's keys (borrowed; NULL: none).
 * exists(kind, ns, name, uid, ctx) says whether the ServiceAccount (kind
 * "ServiceAccount") and the object a token is bound to still exist with
 * that uid, as upstream's token authenticator checks: a token outlives
 * neither. */
struct api_satoken;
typedef bool (*api_authn_exists_fn)(const char *kind, const char *ns, const char *name, const char *uid,
                                    void *ctx);
void api_authn_set_service_accounts(api_authn *a, const struct api_satoken *t, api_authn_exists_fn exists,
                                    void *ctx);

/* Fills *ret from the TLS peer and the Authorization header. Returns 0, or
 * -EACCES when the request must be refused with 401 (a bad token, or no
 * credentials while anonymous access is off). */
int api_authn_authenticate(const api_authn *a, SSL *ssl, const char *authorization, api_user *ret);

/* Parses token-file contents (exposed for tests). */
int api_authn_parse_tokens(api_authn *a, const char *data, const char *path, kc_error *err);

#endif
