/* options.c - kc-apiserver's command line (see options.h). */
#include "options.h"

#include <errno.h>
#include <stdio.h>

#include "apiserver/discovery.h"
#include "common/util.h"
#include "banned.h"

static const char description[] =
	"The kc API server serves the Kubernetes API over etcd: it validates and\n"
	"stores API objects (pods, services, deployments, ...) and serves watches of\n"
	"them. It is the only kc component that talks to etcd; the scheduler, the\n"
	"controller-manager, kubelets, proxies, kc and kubectl all talk to it.\n"
	"\n"
	"Flags keep kube-apiserver's names and meanings. Differences from upstream's\n"
	"defaults: --authorization-mode is RBAC (not AlwaysAllow), and\n"
	"--service-cluster-ip-range defaults to 10.96.0.0/12.\n";

static const char examples[] =
	"  # A single apiserver on a local etcd, with certificates from deploy/pki.sh\n"
	"  kc-apiserver --etcd-servers=http://127.0.0.1:2379 \\\n"
	"      --tls-cert-file=pki/apiserver.crt --tls-private-key-file=pki/apiserver.key \\\n"
	"      --client-ca-file=pki/ca.crt\n";

int api_options_parse(api_options *o, int argc, char **argv, kc_error *err)
{
	memset(o, 0, sizeof(*o));
	kc_flag flags[] = {
		KC_FLAG_STRING("etcd-servers", 0, &o->etcd_servers, "",
			       "List of etcd servers to connect with (scheme://ip:port), comma separated."),
		KC_FLAG_STRING("etcd-cafile", 0, &o->etcd_cafile, "",
			       "SSL Certificate Authority file used to secure etcd communication."),
		KC_FLAG_STRING("etcd-certfile", 0, &o->etcd_certfile, "",
			       "SSL certification file used to secure etcd communication."),
		KC_FLAG_STRING("etcd-keyfile", 0, &o->etcd_keyfile, "",
			       "SSL key file used to secure etcd communication."),
		KC_FLAG_STRING("etcd-prefix", 0, &o->etcd_prefix, "/registry",
			       "The prefix to prepend to all resource paths in etcd."),
		KC_FLAG_DURATION("etcd-compaction-interval", 0, &o->etcd_compaction_interval, "5m0s",
				 "The interval of compaction requests. If 0, the compaction request from apiserver "
				 "is disabled."),
		KC_FLAG_DURATION("event-ttl", 0, &o->event_ttl, "1h0m0s", "Amount of time to retain events."),
		KC_FLAG_STRING("bind-address", 0, &o->bind_address, "0.0.0.0",
			       "The IP address on which to listen for the --secure-port port."),
		KC_FLAG_INT("secure-port", 0, &o->secure_port, "6443",
			    "The port on which to serve HTTPS with authentication and authorization."),
		KC_FLAG_STRING("tls-cert-file", 0, &o->tls_cert_file, "",
			       "File containing the default x509 Certificate for HTTPS (CA cert, if any, "
			       "concatenated after server cert)."),
		KC_FLAG_STRING("tls-private-key-file", 0, &o->tls_private_key_file, "",
			       "File containing the default x509 private key matching --tls-cert-file."),
		KC_FLAG_STRING("client-ca-file", 0, &o->client_ca_file, "",
			       "If set, any request presenting a client certificate signed by one of the authorities "
			       "in the client-ca-file is authenticated with an identity corresponding to the "
			       "CommonName of the client certificate (and its Organizations as groups)."),
		KC_FLAG_STRING("token-auth-file", 0, &o->token_auth_file, "",
			       "If set, the file that will be used to secure the secure port of the API server via "
			       "token authentication (CSV: token,user,uid,\"group1,group2\")."),
		KC_FLAG_STRING("service-cluster-ip-range", 0, &o->service_cluster_ip_range, "10.96.0.0/12",
			       "A CIDR notation IP range from which to assign service cluster IPs."),
		KC_FLAG_STRING("service-node-port-range", 0, &o->service_node_port_range, "30000-32767",
			       "A port range to reserve for services with NodePort visibility."),
		KC_FLAG_STRING("advertise-address", 0, &o->advertise_address, "",
			       "The IP address on which to advertise the apiserver to members of the cluster "
			       "(the endpoints of the kubernetes service). If blank, --bind-address or the first "
			       "non-loopback address is used."),
		KC_FLAG_BOOL("anonymous-auth", 0, &o->anonymous_auth, "true",
			     "Enables anonymous requests to the secure port of the API server. Requests that are not "
			     "rejected by another authentication method are treated as anonymous requests "
			     "(username system:anonymous, group system:unauthenticated)."),
		KC_FLAG_STRING("authorization-mode", 0, &o->authorization_mode, "RBAC",
			       "Authorization plugin on the secure port: RBAC or AlwaysAllow."),
		KC_FLAG_STRING("kubelet-client-certificate", 0, &o->kubelet_client_certificate, "",
			       "Path to a client cert file for TLS to kubelets."),
		KC_FLAG_STRING("kubelet-client-key", 0, &o->kubelet_client_key, "",
			       "Path to a client key file for TLS to kubelets."),
		KC_FLAG_STRING("kubelet-certificate-authority", 0, &o->kubelet_certificate_authority, "",
			       "Path to a cert file for the certificate authority of kubelets."),
		KC_FLAG_STRING("service-account-key-file", 0, &o->service_account_key_file, "",
			       "File containing PEM-encoded public keys used to verify ServiceAccount tokens."),
		KC_FLAG_STRING("service-account-signing-key-file", 0, &o->service_account_signing_key_file, "",
			       "Path to the file that contains the current private key of the service account "
			       "token issuer."),
		KC_FLAG_STRING("service-account-issuer", 0, &o->service_account_issuer,
			       "https://kubernetes.default.svc.cluster.local",
			       "Identifier of the service account token issuer."),
		KC_FLAG_STRING("api-audiences", 0, &o->api_audiences, "",
			       "Identifiers of the API (comma-separated). ServiceAccount tokens are issued for "
			       "them by default and must name one of them. Default: the issuer."),
		KC_FLAG_INT("default-watch-cache-size", 0, &o->watch_cache_size, "1000",
			    "Number of events kept per resource, for watches that start from an older "
			    "resourceVersion."),
		KC_FLAG_BOOL("version", 0, &o->version, "false", "Print version information and quit."),
		KC_FLAG_END,
	};
	kc_flags_common common = {0};
	kc_flag *tables[] = {flags, kc_flags_common_init(&common, NULL), NULL};
	kc_flags_args args = {0};
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, err);
	if (rc == KC_FLAGS_HELP) {
		kc_flags_help help = {"kc-apiserver", "kc-apiserver [flags]", description, examples, NULL,
				      KC_FLAGS_STYLE_PFLAG};
		kc_flags_usage(stdout, &help, tables);
		return 1;
	}
	o->verbosity = common.verbosity;
	if (rc < 0) {
		free(args.args);
		return rc;
	}
	if (args.n > 0) {
		kc_error_set(err, -EINVAL, "unknown command \"%s\" for \"kc-apiserver\"", args.args[0]);
		free(args.args);
		return -EINVAL;
	}
	free(args.args);
	if (o->version) {
		printf("Kubernetes %s\n", API_GIT_VERSION);
		return 1;
	}
	if (o->secure_port < 0 || o->secure_port > 65535)
		return kc_error_set(err, -EINVAL, "--secure-port %d must be between 0 and 65535, inclusive",
				    o->secure_port);
	if (o->watch_cache_size < 1)
		return kc_error_set(err, -EINVAL, "--default-watch-cache-size must be at least 1");
	if (o->etcd_compaction_interval < 0)
		return kc_error_set(err, -EINVAL, "--etcd-compaction-interval must not be negative");
	if (o->event_ttl < 0)
		return kc_error_set(err, -EINVAL, "--event-ttl must not be negative");
	if (!o->etcd_servers[0])
		return kc_error_set(err, -EINVAL, "--etcd-servers must be specified");
	return 0;
}
