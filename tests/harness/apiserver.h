/* apiserver.h - a real etcd + kc-apiserver for C integration tests, on free
 * loopback ports in a temporary directory, with certificates from
 * deploy/pki.sh. kc_test_apiserver_stop() kills both by pid and removes the
 * directory; call it from teardown so it also runs when a test fails. */
#ifndef KC_TEST_APISERVER_H
#define KC_TEST_APISERVER_H

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
void kc_test_apiserver_stop(kc_test_apiserver *a);

/* A client config for one of pki.sh's identities: "admin", "scheduler",
 * "controller-manager", "proxy", "kubelet-node-1". Fill *cfg; clear with
 * kc_client_config_clear. */
void kc_test_apiserver_client_config(const kc_test_apiserver *a, const char *who, kc_client_config *cfg);

/* The kc-apiserver binary under test ($KC_BUILD_DIR/apiserver/kc-apiserver). */
const char *kc_test_build_dir(void);

#endif
