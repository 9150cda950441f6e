/* options.h - kc-apiserver's flags, named and meant as kube-apiserver's.
 * Strings point into argv or at the defaults (see common/flags.h). */
#ifndef KC_APISERVER_OPTIONS_H
#define KC_APISERVER_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/error.h"
#include "common/flags.h"

typedef struct api_options {
	const char *etcd_servers; /* comma-separated URLs */
	const char *etcd_cafile, *etcd_certfile, *etcd_keyfile;
	const char *etcd_prefix;          /* "/registry" */
	int64_t etcd_compaction_interval; /* ns; 0 disables */
	int64_t event_ttl;                /* ns Events are kept after their last write; 0: forever */
	const char *bind_address;         /* "0.0.0.0" */
	int secure_port;                  /* 6443 */
	const char *tls_cert_file, *tls_private_key_file;
	const char *client_ca_file;
	const char *token_auth_file;
	const char *service_cluster_ip_range; /* "10.96.0.0/12" */
	const char *service_node_port_range;  /* "30000-32767" */
	const char *advertise_address;
	bool anonymous_auth;
	const char *authorization_mode; /* "RBAC" or "AlwaysAllow" */
	const char *kubelet_client_certificate, *kubelet_client_key, *kubelet_certificate_authority;
	const char *service_account_key_file, *service_account_signing_key_file, *service_account_issuer;
	const char *api_audiences;
	int watch_cache_size; /* events kept per resource for watches from an older version */
	int verbosity;
	bool version;
} api_options;

/* Parses argv (with the program name) into o. Returns 0, 1 when --help or
 * --version was asked (printed to stdout), or a negative errno with err set
 * (a bad flag or value). */
int api_options_parse(api_options *o, int argc, char **argv, kc_error *err);

#endif
