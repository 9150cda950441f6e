/* procs.h - test helpers for real processes: free loopback ports, temporary
 * directories, starting a child and stopping it by pid, and a real etcd.
 *
 * Every helper cleans up what it made; tests call the *_stop / *_remove
 * functions also on failure paths (cmocka teardown functions). */
#ifndef KC_TEST_PROCS_H
#define KC_TEST_PROCS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* A TCP port on 127.0.0.1 that was free a moment ago (bound then released).
 * Returns 0 on failure. */
int kc_test_free_port(void);

/* mkdtemp under $TMPDIR (or /tmp) with the given prefix; caller frees the
 * path and removes the tree with kc_test_rmtree. */
char *kc_test_tmpdir(const char *prefix);
/* rm -rf path (no symlinks followed). */
void kc_test_rmtree(const char *path);

/* Starts argv[0] with argv, stdout and stderr appended to log_path (may be
 * NULL: /dev/null). Returns the pid, or -1. */
pid_t kc_test_spawn(char *const argv[], const char *log_path);
/* SIGTERM, wait up to timeout_ms, then SIGKILL; reaps. Returns the exit
 * status as waitpid gives it, or -1. */
int kc_test_stop(pid_t pid, int timeout_ms);
/* Waits up to timeout_ms for pid to exit by itself (no signal is sent) and
 * reaps it. Returns the status as waitpid gives it, or -1 when it is still
 * running (it is left running: the caller stops it). */
int kc_test_wait_exit(pid_t pid, int timeout_ms);

/* A real etcd (Debian's etcd-server) on free loopback ports. */
typedef struct kc_test_etcd {
	pid_t pid;
	char *dir;        /* data dir + log, removed by stop */
	char *client_url; /* "http://127.0.0.1:<port>" */
	int client_port, peer_port;
} kc_test_etcd;

/* Starts etcd and waits until it answers. Returns 0 or -1 (the log is
 * printed to stderr on failure). */
int kc_test_etcd_start(kc_test_etcd *e);
/* Starts it again on the same ports and data (after kc_test_etcd_kill). */
int kc_test_etcd_restart(kc_test_etcd *e);
/* Stops the process but keeps the data. */
void kc_test_etcd_kill(kc_test_etcd *e);
/* Stops it and removes its data. Safe to call twice. */
void kc_test_etcd_stop(kc_test_etcd *e);

/* Reads etcd directly through its JSON gateway, to check what an apiserver
 * stored (keys are "/registry/<resource>/<ns>/<name>", values the object's
 * JSON). Both return 0 or a negative errno (with a message on stderr). */

/* The keys starting with prefix at revision (0: the latest): *ret_kvs gets
 * a new array of {"key", "value" (the stored bytes as a string),
 * "create_revision", "mod_revision"} in key order (caller deletes);
 * *ret_revision (may be NULL) the store's revision. */
int kc_test_etcd_range(const kc_test_etcd *e, const char *prefix, int64_t revision, cJSON **ret_kvs,
		       int64_t *ret_revision);
/* The history of the keys starting with prefix: every event with revision
 * in [from_rev, until_rev], read with a watch from from_rev (history must
 * not be compacted). *ret_events gets a new array of {"type": "PUT" or
 * "DELETE", "key", "value" ("" for DELETE), "create_revision",
 * "mod_revision"} in revision order (caller deletes). Fails with -ETIMEDOUT
 * when until_rev is not reached within a few seconds. */
int kc_test_etcd_events(const kc_test_etcd *e, const char *prefix, int64_t from_rev, int64_t until_rev,
			cJSON **ret_events);

/* Polls GET url (plain HTTP on loopback) until it answers 200 or timeout_ms
 * passes. Returns true when it answered. */
bool kc_test_wait_http(const char *url, int timeout_ms);

#endif
