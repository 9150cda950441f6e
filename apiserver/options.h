/* options.h - kc-apiserver's flags, named and meant as kube-apiserver's. */
#ifndef KC_APISERVER_OPTIONS_H
#define KC_APISERVER_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/error.h"

typedef struct api_options {
	char *etcd_servers; /* comma-separated URLs */
	char *etcd_cafile, *etcd_certfile, *etcd_keyfile;
	char *etcd_prefix;            /* "/registry" */
	char *etcd_compaction_interval; /* Go duration, "5m"; "0" disables */
	char *bind_address;           /* "0.0.0.0" */
	int secure_port;              /* 6443; 0 picks a free port (tests) */
	char *tls_cert_file, *tls_private_key_file;
	char *client_ca_file;
	char *token_auth_file;
	char *service_cluster_ip_range; /* "10.96.0.0/12" */
	char *service_node_port_range;  /* "30000-32767" */
	char *advertise_address;
	bool anonymous_auth;
	char *authorization_mode; /* "RBAC" or "AlwaysAllow" */
	char *kubelet_client_certificate, *kubelet_client_key, *kubelet_certificate_authority;
	char *service_account_key_file, *service_account_signing_key_file, *service_account_issuer;
	int watch_cache_size;   /* events kept per resource for watches from an older version */
	char *port_file;        /* kc addition: write the bound port here (tests with --secure-port=0) */
	int verbosity;
} api_options;

void api_options_init(api_options *o);
void api_options_clear(api_options *o);

/* Parses argv into o. Returns 0, 1 when --help was asked (usage printed to
 * stdout), or a negative errno with err set. Checks values (ranges, CIDRs,
 * files named but missing) so that a bad flag stops the start with a message. */
int api_options_parse(api_options *o, int argc, char **argv, kc_error *err);

#endif
