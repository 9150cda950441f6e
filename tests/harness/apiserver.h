/* apiserver.h - a real etcd + kc-apiserver for C integration tests, on free
 * loopback ports in a temporary directory, with certificates from
 * deploy/pki.sh. kc_test_apiserver_stop() kills both by pid and removes the
 * directory; call it from teardown so it also runs when a test fails. */
#ifndef KC_TEST_APISERVER_H
#define KC_TEST_APISERVER_H

#include <stdbool.h>
#include <sys/types.h>

#include "common/client.h"
#include "harness/procs.h"

typedef struct kc_test_apiserver {
	kc_test_etcd etcd;
	pid_t pid;
	int port;
	char *dir;    /* temp dir: pki/, apiserver.log */
	char *server; /* "https://127.0.0.1:<port>" */
	char *pki;    /* dir/pki */
	char **extra_args;
} kc_test_apiserver;

/* Starts etcd and kc-apiserver (extra_args: NULL-terminated flags, may be
 * NULL) and waits for /readyz. Returns 0 or -1 (the log printed). */
int kc_test_apiserver_start(kc_test_apiserver *a, const char *const *extra_args);
/* Stops and starts the apiserver alone (same port, same etcd). */
int kc_test_apiserver_restart(kc_test_apiserver *a);
/* Stops the apiserver (and the etcd it started) and removes its directory.
 * Safe to call twice. */
void kc_test_apiserver_stop(kc_test_apiserver *a);

/* Starts a second kc-apiserver on first's etcd, with first's certificates
 * (so the same client configs work against it), on its own port, in its
 * own temp dir for its log. peer->etcd only names first's etcd: stopping
 * the peer leaves etcd alone. Stop the peer before first. Returns 0 or -1. */
int kc_test_apiserver_start_peer(kc_test_apiserver *peer, const kc_test_apiserver *first,
				 const char *const *extra_args);

/* The apiserver's log so far (its stdout and stderr: the access log and
 * its messages), or NULL. Caller frees. */
char *kc_test_apiserver_log(const kc_test_apiserver *a);

/* The apiserver's resident memory in KiB (VmRSS of /proc/<pid>/status),
 * or -1 when it is not running. */
long kc_test_apiserver_rss_kb(const kc_test_apiserver *a);

/* Whether the apiserver runs with AddressSanitizer (its memory figures
 * then say little: ASan keeps freed memory in quarantine). */
bool kc_test_apiserver_has_asan(const kc_test_apiserver *a);

/* Issues a client certificate for user (CN) in groups (comma-separated, each
 * an O; NULL or "" for none), signed by the cluster CA, as pki/<who>.crt
 * and pki/<who>.key: kc_test_apiserver_client_config(a, who, ...) then
 * authenticates as that user. Returns 0 or -1. */
int kc_test_apiserver_issue_user(const kc_test_apiserver *a, const char *who, const char *user,
				 const char *groups);

/* A client config for one of pki.sh's identities: "admin", "scheduler",
 * "controller-manager", "proxy", "kubelet-node-1". Fill *cfg; clear with
 * kc_client_config_clear. */
void kc_test_apiserver_client_config(const kc_test_apiserver *a, const char *who, kc_client_config *cfg);

/* The kc-apiserver binary under test ($KC_BUILD_DIR/apiserver/kc-apiserver). */
const char *kc_test_build_dir(void);

/* Whether the built kc-controller-manager has the controller named name
 * (its --help lists them), for tests that need a controller written later
 * than they were. */
bool kc_test_cm_has_controller(const char *name);

#endif
