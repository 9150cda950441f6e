/* tls.h - the apiserver's TLS: the serving certificate and key, and client
 * certificates verified against --client-ca-file when one is given (a client
 * may also come without a certificate and use a token instead, as with
 * Go's VerifyClientCertIfGiven). */
#ifndef KC_APISERVER_TLS_H
#define KC_APISERVER_TLS_H

#include <openssl/ssl.h>

#include "common/error.h"

/* Makes the server context. client_ca_file may be NULL. */
SSL_CTX *api_tls_server_ctx(const char *cert_file, const char *key_file, const char *client_ca_file,
			    kc_error *err);

/* The verified client certificate's subject: CN into *ret_user and each O
 * into ret_groups (a NULL-terminated array). Returns 0, -ENOENT when the
 * peer sent no certificate, -EACCES when it did not verify against
 * --client-ca-file (unknown CA, expired...). Caller frees. */
int api_tls_peer_identity(SSL *ssl, char **ret_user, char ***ret_groups);

#endif
