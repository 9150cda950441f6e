/* tls.c - serving TLS and client certificate identities (see tls.h). */
#include "tls.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "common/util.h"
#include "banned.h"

static int ssl_error(kc_error *err, const char *what, const char *path)
{
	char buf[256];
	unsigned long e = ERR_get_error();
	ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return kc_error_set(err, -EINVAL, "%s %s: %s", what, path, buf);
}

static int accept_for_authenticator(int preverify_ok, X509_STORE_CTX *store)
{
	(void)preverify_ok;
	(void)store;
	return 1;
}

SSL_CTX *api_tls_server_ctx(const char *cert_file, const char *key_file, const char *client_ca_file,
			    kc_error *err)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	/* Session tickets make OpenSSL decode the client certificate again on
	 * every resumption; the server-side session cache does not. */
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_TICKET);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
	static const unsigned char sid_ctx[] = "kc-apiserver";
	SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof(sid_ctx) - 1);
	/* Offer only http/1.1 in ALPN: clients that ask for h2 fall back. */
	if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
		ssl_error(err, "--tls-cert-file", cert_file);
		SSL_CTX_free(ctx);
		return NULL;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1) {
		ssl_error(err, "--tls-private-key-file", key_file);
		SSL_CTX_free(ctx);
		return NULL;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		ssl_error(err, "--tls-private-key-file does not match --tls-cert-file:", key_file);
		SSL_CTX_free(ctx);
		return NULL;
	}
	if (client_ca_file && client_ca_file[0]) {
		if (SSL_CTX_load_verify_locations(ctx, client_ca_file, NULL) != 1) {
			ssl_error(err, "--client-ca-file", client_ca_file);
			SSL_CTX_free(ctx);
			return NULL;
		}
		STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(client_ca_file);
		if (names)
			SSL_CTX_set_client_CA_list(ctx, names);
		/* Ask for a certificate; do not require one (tokens work too),
		 * and let the handshake through whatever it is: as upstream,
		 * the authenticator judges it (a 401, not a TLS error) from
		 * the verification result OpenSSL keeps. */
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_for_authenticator);
	}
	return ctx;
}

static char *entry_text(X509_NAME_ENTRY *e)
{
	unsigned char *utf8 = NULL;
	int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
	if (n < 0)
		return NULL;
	char *s = xstrndup((const char *)utf8, (size_t)n);
	OPENSSL_free(utf8);
	return s;
}

int api_tls_peer_identity(SSL *ssl, char **ret_user, char ***ret_groups)
{
	if (!ssl)
		return -ENOENT;
	X509 *cert = SSL_get1_peer_certificate(ssl);
	if (!cert)
		return -ENOENT;
	if (SSL_get_verify_result(ssl) != X509_V_OK) {
		X509_free(cert);
		return -EACCES;
	}
	X509_NAME *subject = X509_get_subject_name(cert);
	char *user = NULL;
	int idx = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
	if (idx >= 0)
		user = entry_text(X509_NAME_get_entry(subject, idx));
	size_t n = 0;
	char **groups = xcalloc(1, sizeof(char *));
	for (idx = -1; (idx = X509_NAME_get_index_by_NID(subject, NID_organizationName, idx)) >= 0;) {
		char *g = entry_text(X509_NAME_get_entry(subject, idx));
		if (!g)
			continue;
		groups = xrealloc(groups, (n + 2) * sizeof(char *));
		groups[n++] = g;
		groups[n] = NULL;
	}
	X509_free(cert);
	if (!user || !user[0]) {
		free(user);
		for (size_t i = 0; i < n; i++)
			free(groups[i]);
		free(groups);
		return -ENOENT;
	}
	*ret_user = user;
	*ret_groups = groups;
	return 0;
}
