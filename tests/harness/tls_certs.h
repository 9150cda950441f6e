/* tls_certs.h - throwaway PKI for tests: a CA, a server certificate and a
 * client certificate made with the OpenSSL API into a fresh temporary
 * directory, as PEM files and as PEM strings.
 *
 *     kc_test_certs certs;
 *     assert_int_equal(kc_test_certs_make(&certs, NULL), 0);
 *     ... use certs.ca_file, certs.server_cert_pem, ...
 *     kc_test_certs_cleanup(&certs);   // removes the files and the directory
 *
 * Keys are ECDSA P-256 (fast to make, also under valgrind). Certificates are
 * X.509 v3 with the extensions a Go or OpenSSL verifier insists on (basic
 * constraints, key usage, extended key usage, subject alternative names,
 * key identifiers). A second, unrelated CA ("other") is made too, for
 * "certificate signed by unknown authority" cases. Nothing here is secret or
 * long-lived: certificates expire after opts.days (1 by default). */
#ifndef KC_TEST_TLS_CERTS_H
#define KC_TEST_TLS_CERTS_H

#include <limits.h>

typedef struct kc_test_certs_opts {
	/* Subject alternative names of the server certificate, comma-separated;
	 * entries that parse as IP addresses become IP SANs.
	 * NULL: "127.0.0.1,localhost". */
	const char *server_names;
	const char *client_cn;  /* NULL: "kc-test-user" (the user name to an apiserver) */
	const char *client_org; /* NULL: none (groups to an apiserver) */
	int days;               /* validity from now; 0: 1 day; < 0: already expired */
} kc_test_certs_opts;

typedef struct kc_test_certs {
	char dir[PATH_MAX]; /* the temporary directory */
	/* Files in dir (PEM). */
	char ca_file[PATH_MAX];
	char ca_key_file[PATH_MAX];
	char server_cert_file[PATH_MAX];
	char server_key_file[PATH_MAX];
	char client_cert_file[PATH_MAX];
	char client_key_file[PATH_MAX];
	char other_ca_file[PATH_MAX];
	/* The same as NUL-terminated strings (owned; freed by cleanup). */
	char *ca_pem;
	char *ca_key_pem;
	char *server_cert_pem;
	char *server_key_pem;
	char *client_cert_pem;
	char *client_key_pem;
	char *other_ca_pem;
} kc_test_certs;

/* Makes everything (opts may be NULL). Returns 0, or -1 with a message on
 * stderr (tests abort on it anyway). */
int kc_test_certs_make(kc_test_certs *ret, const kc_test_certs_opts *opts);

/* Issues one more client certificate from the CA of certs, with subject
 * CN=cn and O=org (org may be NULL); *ret_cert_pem and *ret_key_pem are new
 * strings the caller frees. Returns 0 or -1. */
int kc_test_certs_issue_client(const kc_test_certs *certs, const char *cn, const char *org, int days,
			       char **ret_cert_pem, char **ret_key_pem);

/* Frees the strings and removes the directory with its files. */
void kc_test_certs_cleanup(kc_test_certs *certs);

#endif
