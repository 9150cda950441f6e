/* kubeconfig.h - kubeconfig files and in-cluster configuration, read the way
 * kubectl and client-go read them, turned into a kc_client_config.
 *
 * Which files (client-go's clientcmd loading rules):
 *   1. --kubeconfig FILE: only that file; it must exist ("stat FILE: no such
 *      file or directory").
 *   2. else $KUBECONFIG: a ':'-separated list; empty and repeated entries are
 *      dropped, missing files are skipped (a note says so when all are).
 *   3. else ~/.kube/config (skipped when missing).
 * Merging several files: for clusters, users and contexts the first file
 * that defines a name wins, whole (a later file's entry of the same name is
 * ignored even for fields the first one lacks); current-context comes from
 * the first file that sets it. Relative paths in a file (certificate-
 * authority, client-certificate, client-key, tokenFile, an exec command with
 * a '/') are resolved against that file's directory. *-data fields are
 * checked as base64 on load (as client-go decodes them into []byte).
 *
 * Then the context (--context, else current-context) picks a cluster and a
 * user; the overrides (kubectl's flags) go on top, with client-go's rules:
 * --certificate-authority or --insecure-skip-tls-verify replace all of the
 * cluster's CA settings; --server (or --tls-server-name) replaces
 * tls-server-name; --token replaces the user's token and token file. As in
 * client-go, credentials and TLS settings are only used for https servers.
 *
 * Not supported, with a clear error when the selected user needs them: exec
 * credential plugins and auth-provider plugins (-ENOTSUP). proxy-url is
 * ignored (a note says so). Impersonation fields (as, as-groups) are not
 * applied.
 *
 * Error messages are client-go's / kubectl's words, without kubectl's
 * "error: " prefix. Codes:
 *   -ENOENT  nothing is configured ("invalid configuration: no configuration
 *            has been provided, try setting KUBERNETES_MASTER environment
 *            variable"), or the --kubeconfig file does not exist;
 *   -ESRCH   the selected context does not exist ("context was not found
 *            for specified context: foo"; kubectl prints this one as
 *            "Error in configuration: ..." rather than "error: ...");
 *   -EBADMSG a file does not parse ("error loading config file \"f\": ...");
 *   -ENOTSUP an exec or auth-provider plugin is selected;
 *   -EINVAL  anything else wrong with the selected context, cluster or user
 *            ("no server found for cluster \"c\"", "auth info \"u\" does not
 *            exist", "unable to read client-cert ...").
 *
 * Ownership: kc_kubeconfig objects are freed with kc_kubeconfig_free; the
 * kc_client_config filled is the caller's (kc_client_config_clear); note
 * arrays (NULL-terminated) are freed with kc_kubeconfig_notes_free. */
#ifndef KC_KUBECONFIG_H
#define KC_KUBECONFIG_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "client.h"
#include "error.h"

/* kubectl's global flags; NULL (false) for flags not given. Paths given here
 * are used as they are (relative to the working directory), as kubectl does. */
typedef struct kc_kubeconfig_overrides {
	const char *kubeconfig; /* --kubeconfig */
	const char *context;    /* --context */
	const char *cluster;    /* --cluster */
	const char *user;       /* --user */
	const char *namespace;  /* --namespace, -n */
	const char *server;     /* --server, -s */
	const char *tls_server_name;       /* --tls-server-name */
	const char *token;                 /* --token */
	const char *username;              /* --username */
	const char *password;              /* --password */
	const char *certificate_authority; /* --certificate-authority */
	const char *client_certificate;    /* --client-certificate */
	const char *client_key;            /* --client-key */
	/* --insecure-skip-tls-verify. As in kubectl, only true has an effect:
	 * =false cannot undo a kubeconfig's true. */
	bool insecure_skip_tls_verify;
} kc_kubeconfig_overrides;

/* Loaded and merged kubeconfig files. */
typedef struct kc_kubeconfig kc_kubeconfig;

/* Loads the files the rules above pick, given the --kubeconfig value
 * (explicit_path, may be NULL), the value of $KUBECONFIG (env_list, may be
 * NULL) and the home directory (home, may be NULL: no ~/.kube/config). No
 * files at all is not an error here (an empty config). */
int kc_kubeconfig_load_files(const char *explicit_path, const char *env_list, const char *home, kc_kubeconfig **ret,
			     kc_error *err);

/* Parses one kubeconfig document held in memory as if read from path (used
 * for messages and to resolve relative paths; NULL: the working directory). */
int kc_kubeconfig_parse(const char *data, size_t len, const char *path, kc_kubeconfig **ret, kc_error *err);

void kc_kubeconfig_free(kc_kubeconfig *kc);

/* The merged configuration as a v1 Config document ("clusters", "users",
 * "contexts" as lists of {name, cluster|user|context}, "current-context"),
 * relative paths already made absolute, *-data still base64: what `kubectl
 * config view --raw` shows. Borrowed; valid until kc_kubeconfig_free. */
const cJSON *kc_kubeconfig_merged(const kc_kubeconfig *kc);
/* "" when unset. */
const char *kc_kubeconfig_current_context(const kc_kubeconfig *kc);
/* Notes gathered so far (missing files, ignored proxy-url), NULL-terminated,
 * borrowed. Never NULL. */
const char *const *kc_kubeconfig_notes(const kc_kubeconfig *kc);

/* Picks context, cluster and user, applies the overrides (o may be NULL) and
 * fills *ret. kubernetes_master (the value of $KUBERNETES_MASTER, may be
 * NULL) is the server when nothing else names one, as in client-go. Files
 * the result names (CA, client certificate and key, token file) are checked
 * to be readable. */
int kc_kubeconfig_client_config(kc_kubeconfig *kc, const kc_kubeconfig_overrides *o, const char *kubernetes_master,
				kc_client_config *ret, kc_error *err);

/* All of the above as kubectl does it, from the environment ($KUBECONFIG,
 * $HOME, $KUBERNETES_MASTER): loads the files, builds the client config,
 * and when nothing is configured but the process runs in a pod, uses the
 * in-cluster configuration instead (overrides still apply). ret_notes (may
 * be NULL) receives the notes; free with kc_kubeconfig_notes_free. */
int kc_kubeconfig_load(const kc_kubeconfig_overrides *o, kc_client_config *ret, char ***ret_notes, kc_error *err);
void kc_kubeconfig_notes_free(char **notes);

/* ---- in-cluster configuration (client-go's rest.InClusterConfig) ---- */

#define KC_SERVICEACCOUNT_DIR "/var/run/secrets/kubernetes.io/serviceaccount"

/* From $KUBERNETES_SERVICE_HOST/$KUBERNETES_SERVICE_PORT and the service
 * account's token, ca.crt and namespace in KC_SERVICEACCOUNT_DIR: server
 * https://host:port, token_file (re-read as kubelet rotates it), ca_file
 * when ca.crt is readable, namespace from $POD_NAMESPACE, else the
 * namespace file, else "default". -ENOENT ("unable to load in-cluster
 * configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be
 * defined") outside a pod. */
int kc_kubeconfig_in_cluster(kc_client_config *ret, kc_error *err);
/* The same with everything given (tests): host, port, the directory holding
 * token/ca.crt/namespace, and pod_namespace ($POD_NAMESPACE, may be NULL). */
int kc_kubeconfig_in_cluster_from(const char *host, const char *port, const char *sa_dir, const char *pod_namespace,
				  kc_client_config *ret, kc_error *err);
/* client-go's InClusterConfig "Possible": host, port set and a token file. */
bool kc_kubeconfig_in_cluster_possible(const char *host, const char *port, const char *sa_dir);

/* ---- editing a file (kubectl config set-context, use-context, ...) ---- */

/* The file kubectl config commands write: the explicit path; else the
 * first existing file of $KUBECONFIG; else its first entry; else
 * ~/.kube/config. *ret is a new string (caller frees). -ENOENT when there is
 * no candidate at all (no HOME). */
int kc_kubeconfig_default_filename(const char *explicit_path, const char *env_list, const char *home, char **ret);

/* Reads one file as its raw document (nothing merged or resolved), for
 * editing. A missing or empty file gives an empty Config document
 * (apiVersion v1, kind Config, empty lists), as kubectl starts one. The
 * document is checked as on load (-EBADMSG). *ret_doc: caller frees. */
int kc_kubeconfig_read_raw(const char *path, cJSON **ret_doc, kc_error *err);

/* Writes doc to path as YAML (as kubectl writes kubeconfig files), through
 * a temporary file renamed into place, mode 0600, creating the directory
 * (0755) if needed. */
int kc_kubeconfig_write_raw(const char *path, const cJSON *doc, kc_error *err);

/* In a raw document: the object of the entry called name in section
 * ("clusters", "users" or "contexts"), i.e. its "cluster"/"user"/"context"
 * member; NULL if there is none. Borrowed from doc. */
cJSON *kc_kubeconfig_raw_find(cJSON *doc, const char *section, const char *name);
/* The same, adding {name, <member>: {}} at the end of the section (created
 * if needed) when there is no such entry. NULL only for an unknown section. */
cJSON *kc_kubeconfig_raw_ensure(cJSON *doc, const char *section, const char *name);
/* Removes the entry; true if there was one. */
bool kc_kubeconfig_raw_delete(cJSON *doc, const char *section, const char *name);

#endif
