/* tls_certs.c - throwaway test PKI (see tls_certs.h). */
#include "tls_certs.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"

#include "common/banned.h"

static void report(const char *what)
{
	fprintf(stderr, "tls_certs: %s failed\n", what);
	ERR_print_errors_fp(stderr);
}

static EVP_PKEY *new_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	if (!k)
		report("EVP_EC_gen");
	return k;
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext) {
		report(value);
		return -1;
	}
	int ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

/* Turns "127.0.0.1,localhost" into "IP:127.0.0.1,DNS:localhost". */
static char *san_list(const char *names)
{
	kc_buf b = KC_BUF_INIT;
	_cleanup_free_ char *copy = xstrdup(names);
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned char addr[16];
		bool ip = inet_pton(AF_INET, tok, addr) == 1 || inet_pton(AF_INET6, tok, addr) == 1;
		kc_buf_addf(&b, "%s%s:%s", b.len ? "," : "", ip ? "IP" : "DNS", tok);
	}
	return kc_buf_release(&b);
}

typedef enum { CERT_CA, CERT_SERVER, CERT_CLIENT } cert_kind;

/* Makes a certificate for key, signed by issuer/issuer_key (self-signed when
 * issuer is NULL). */
static X509 *make_cert(cert_kind kind, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, const char *cn,
		       const char *org, const char *sans, int days)
{
	X509 *cert = X509_new();
	unsigned char serial[16];
	if (!cert || RAND_bytes(serial, sizeof(serial)) != 1)
		goto fail;
	serial[0] &= 0x7f; /* positive */
	BIGNUM *bn = BN_bin2bn(serial, sizeof(serial), NULL);
	ASN1_INTEGER *asn = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	BN_free(bn);
	if (!asn || !X509_set_serialNumber(cert, asn)) {
		ASN1_INTEGER_free(asn);
		goto fail;
	}
	ASN1_INTEGER_free(asn);
	X509_set_version(cert, 2);
	long from = days < 0 ? (long)days * 2 * 86400 : -3600; /* a little slack for clock skew */
	long until = days < 0 ? (long)days * 86400 : (long)(days ? days : 1) * 86400;
	X509_gmtime_adj(X509_getm_notBefore(cert), from);
	X509_gmtime_adj(X509_getm_notAfter(cert), until);
	if (!X509_set_pubkey(cert, key))
		goto fail;
	X509_NAME *name = X509_get_subject_name(cert);
	if (org)
		X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)org, -1, -1, 0);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509 *signer = issuer ? issuer : cert;
	if (!X509_set_issuer_name(cert, X509_get_subject_name(signer)))
		goto fail;

	if (add_ext(cert, signer, NID_subject_key_identifier, "hash") < 0)
		goto fail;
	if (issuer && add_ext(cert, signer, NID_authority_key_identifier, "keyid:always") < 0)
		goto fail;
	switch (kind) {
	case CERT_CA:
		if (add_ext(cert, signer, NID_basic_constraints, "critical,CA:TRUE") < 0 ||
		    add_ext(cert, signer, NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature") < 0)
			goto fail;
		break;
	case CERT_SERVER:
	case CERT_CLIENT:
		if (add_ext(cert, signer, NID_basic_constraints, "critical,CA:FALSE") < 0 ||
		    add_ext(cert, signer, NID_key_usage, "critical,digitalSignature,keyEncipherment") < 0 ||
		    add_ext(cert, signer, NID_ext_key_usage, kind == CERT_SERVER ? "serverAuth" : "clientAuth") < 0)
			goto fail;
		if (sans && add_ext(cert, signer, NID_subject_alt_name, sans) < 0)
			goto fail;
		break;
	}
	if (!X509_sign(cert, issuer_key ? issuer_key : key, EVP_sha256()))
		goto fail;
	return cert;
fail:
	report("making a certificate");
	X509_free(cert);
	return NULL;
}

static char *bio_string(BIO *bio)
{
	char *data = NULL;
	long n = BIO_get_mem_data(bio, &data);
	char *s = xmalloc((size_t)n + 1);
	memcpy(s, data, (size_t)n);
	s[n] = '\0';
	return s;
}

static char *cert_pem(X509 *cert)
{
	BIO *bio = BIO_new(BIO_s_mem());
	PEM_write_bio_X509(bio, cert);
	char *s = bio_string(bio);
	BIO_free(bio);
	return s;
}

static char *key_pem(EVP_PKEY *key)
{
	BIO *bio = BIO_new(BIO_s_mem());
	PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL);
	char *s = bio_string(bio);
	BIO_free(bio);
	return s;
}

static int write_file(char *path, size_t pathsz, const char *dir, const char *name, const char *content)
{
	snprintf(path, pathsz, "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		perror(path);
		return -1;
	}
	size_t len = strlen(content), off = 0;
	while (off < len) {
		ssize_t n = write(fd, content + off, len - off);
		if (n <= 0) {
			perror(path);
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	close(fd);
	return 0;
}

static int load_ca(const kc_test_certs *certs, X509 **ret_cert, EVP_PKEY **ret_key)
{
	BIO *b1 = BIO_new_mem_buf(certs->ca_pem, -1);
	BIO *b2 = BIO_new_mem_buf(certs->ca_key_pem, -1);
	*ret_cert = PEM_read_bio_X509(b1, NULL, NULL, NULL);
	*ret_key = PEM_read_bio_PrivateKey(b2, NULL, NULL, NULL);
	BIO_free(b1);
	BIO_free(b2);
	return *ret_cert && *ret_key ? 0 : -1;
}

int kc_test_certs_issue_client(const kc_test_certs *certs, const char *cn, const char *org, int days,
			       char **ret_cert_pem, char **ret_key_pem)
{
	X509 *ca = NULL;
	EVP_PKEY *ca_key = NULL;
	int r = -1;
	if (load_ca(certs, &ca, &ca_key) < 0) {
		report("loading the test CA");
		goto out;
	}
	EVP_PKEY *key = new_key();
	X509 *cert = key ? make_cert(CERT_CLIENT, key, ca, ca_key, cn, org, NULL, days) : NULL;
	if (cert) {
		*ret_cert_pem = cert_pem(cert);
		*ret_key_pem = key_pem(key);
		r = 0;
	}
	X509_free(cert);
	EVP_PKEY_free(key);
out:
	X509_free(ca);
	EVP_PKEY_free(ca_key);
	return r;
}

int kc_test_certs_make(kc_test_certs *ret, const kc_test_certs_opts *opts)
{
	kc_test_certs_opts o = opts ? *opts : (kc_test_certs_opts){0};
	if (!o.server_names)
		o.server_names = "127.0.0.1,localhost";
	if (!o.client_cn)
		o.client_cn = "kc-test-user";

	memset(ret, 0, sizeof(*ret));
	const char *tmp = getenv("TMPDIR");
	snprintf(ret->dir, sizeof(ret->dir), "%s/kc-certs.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(ret->dir)) {
		perror("mkdtemp");
		ret->dir[0] = '\0';
		return -1;
	}

	int r = -1;
	EVP_PKEY *ca_key = new_key(), *srv_key = new_key(), *cli_key = new_key(), *other_key = new_key();
	X509 *ca = NULL, *srv = NULL, *cli = NULL, *other = NULL;
	_cleanup_free_ char *sans = san_list(o.server_names);
	if (!ca_key || !srv_key || !cli_key || !other_key)
		goto out;
	ca = make_cert(CERT_CA, ca_key, NULL, NULL, "kc-test-ca", NULL, NULL, o.days > 0 ? o.days + 1 : 2);
	other = make_cert(CERT_CA, other_key, NULL, NULL, "kc-test-other-ca", NULL, NULL, 2);
	if (!ca || !other)
		goto out;
	srv = make_cert(CERT_SERVER, srv_key, ca, ca_key, "kc-test-server", NULL, sans, o.days);
	cli = make_cert(CERT_CLIENT, cli_key, ca, ca_key, o.client_cn, o.client_org, NULL, o.days);
	if (!srv || !cli)
		goto out;

	ret->ca_pem = cert_pem(ca);
	ret->ca_key_pem = key_pem(ca_key);
	ret->server_cert_pem = cert_pem(srv);
	ret->server_key_pem = key_pem(srv_key);
	ret->client_cert_pem = cert_pem(cli);
	ret->client_key_pem = key_pem(cli_key);
	ret->other_ca_pem = cert_pem(other);
	if (write_file(ret->ca_file, sizeof(ret->ca_file), ret->dir, "ca.crt", ret->ca_pem) < 0 ||
	    write_file(ret->ca_key_file, sizeof(ret->ca_key_file), ret->dir, "ca.key", ret->ca_key_pem) < 0 ||
	    write_file(ret->server_cert_file, sizeof(ret->server_cert_file), ret->dir, "server.crt",
		       ret->server_cert_pem) < 0 ||
	    write_file(ret->server_key_file, sizeof(ret->server_key_file), ret->dir, "server.key",
		       ret->server_key_pem) < 0 ||
	    write_file(ret->client_cert_file, sizeof(ret->client_cert_file), ret->dir, "client.crt",
		       ret->client_cert_pem) < 0 ||
	    write_file(ret->client_key_file, sizeof(ret->client_key_file), ret->dir, "client.key",
		       ret->client_key_pem) < 0 ||
	    write_file(ret->other_ca_file, sizeof(ret->other_ca_file), ret->dir, "other-ca.crt", ret->other_ca_pem) < 0)
		goto out;
	r = 0;
out:
	X509_free(ca);
	X509_free(srv);
	X509_free(cli);
	X509_free(other);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(srv_key);
	EVP_PKEY_free(cli_key);
	EVP_PKEY_free(other_key);
	if (r < 0)
		kc_test_certs_cleanup(ret);
	return r;
}

void kc_test_certs_cleanup(kc_test_certs *certs)
{
	char *const files[] = {certs->ca_file,          certs->ca_key_file,     certs->server_cert_file,
			       certs->server_key_file,  certs->client_cert_file, certs->client_key_file,
			       certs->other_ca_file};
	for (size_t i = 0; i < KC_ARRAY_SIZE(files); i++)
		if (files[i][0])
			unlink(files[i]);
	if (certs->dir[0])
		rmdir(certs->dir);
	free(certs->ca_pem);
	free(certs->ca_key_pem);
	free(certs->server_cert_pem);
	free(certs->server_key_pem);
	free(certs->client_cert_pem);
	free(certs->client_key_pem);
	free(certs->other_ca_pem);
	memset(certs, 0, sizeof(*certs));
}
