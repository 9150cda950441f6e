/* api.c - helpers for talking to the apiserver under test (api.h). */
#include "api.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "apiserver.h"
#include "procs.h"
#include "banned.h"

char *kc_test_q(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	return s;
}

long kc_test_call(kc_client *c, const char *method, const char *path, const char *body, cJSON **ret)
{
	kc_response resp = {0};
	const char *ct = !body                    ? NULL
	                 : streq(method, "PATCH") ? "application/merge-patch+json"
	                                          : "application/json";
	kc_client_request_sync(c, method, path, ct, body, body ? strlen(body) : 0, NULL, &resp);
	long status = resp.status;
	if (ret)
		*ret = TAKE_PTR(resp.body);
	kc_response_clear(&resp);
	return status;
}

cJSON *kc_test_get(kc_client *c, const char *path)
{
	cJSON *obj = NULL;
	if (kc_test_call(c, "GET", path, NULL, &obj) != 200) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

void kc_test_print_tail(const char *path, size_t max)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	if (!path || kc_read_file(path, 64 << 20, &text, &len) < 0)
		return;
	fprintf(stderr, "---- %s (end) ----\n%s\n----\n", path, len > max ? text + len - max : text);
}

pid_t kc_test_start_daemon(const kc_test_apiserver *a, const char *component, const char *const *extra,
			   int *ret_port, char **ret_log)
{
	_cleanup_free_ char *bin = xasprintf("%s/%s/kc-%s", kc_test_build_dir(), component, component);
	_cleanup_free_ char *kubeconfig = xasprintf("--kubeconfig=%s/%s.conf", a->pki, component);
	int port = kc_test_free_port();
	_cleanup_free_ char *port_flag = xasprintf("--secure-port=%d", port);
	char *log = xasprintf("%s/%s-%d.log", a->dir, component, port); /* the port makes it unique */
	char *argv[32] = {bin, kubeconfig, port_flag, "--bind-address=127.0.0.1"};
	size_t n = 4;
	for (; extra && *extra && n < KC_ARRAY_SIZE(argv) - 1; extra++)
		argv[n++] = (char *)*extra;
	pid_t pid = kc_test_spawn(argv, log);
	if (ret_port)
		*ret_port = port;
	if (ret_log)
		*ret_log = log;
	else
		free(log);
	return pid;
}
