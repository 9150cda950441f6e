/* api.h - small helpers the integration tests share for talking to the
 * apiserver under test and showing a daemon's log when a wait fails. */
#ifndef KC_TEST_API_H
#define KC_TEST_API_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <sys/types.h>

#include "common/client.h"
#include "common/util.h"

/* printf into a new string with every ' turned into ", for JSON written
 * readably in tests. Caller frees. */
char *kc_test_q(const char *fmt, ...) KC_PRINTF(1, 2);

/* One synchronous request (PATCH bodies are merge patches, others JSON);
 * returns the HTTP status (0 when no answer) and, if ret is not NULL, the
 * parsed body (caller frees; NULL when none). */
long kc_test_call(kc_client *c, const char *method, const char *path, const char *body, cJSON **ret);
/* GET path: the object when the answer is 200, else NULL. Caller frees. */
cJSON *kc_test_get(kc_client *c, const char *path);

/* Starts build/<component>/kc-<component> ("scheduler",
 * "controller-manager") against a with its own credentials
 * (pki/<component>.conf), serving /healthz on 127.0.0.1 and a free port
 * (*ret_port, may be NULL), then the extra flags (NULL-terminated, may be
 * NULL), logging to a's directory (*ret_log, caller frees, may be NULL).
 * Returns the pid, or -1. */
struct kc_test_apiserver;
pid_t kc_test_start_daemon(const struct kc_test_apiserver *a, const char *component, const char *const *extra,
			   int *ret_port, char **ret_log);

/* Prints the last max bytes of the file at path to stderr, framed with
 * its name (nothing when path is NULL or unreadable). */
void kc_test_print_tail(const char *path, size_t max);

#endif
