/* apiserver.c - etcd + kc-apiserver for integration tests (see apiserver.h). */
#include "apiserver.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/util.h"

const char *kc_test_build_dir(void)
{
	const char *d = getenv("KC_BUILD_DIR");
	return d && d[0] ? d : "build";
}

static const char *source_dir(void)
{
	const char *d = getenv("KC_SOURCE_DIR");
	return d && d[0] ? d : ".";
}

static int run_pki(kc_test_apiserver *a)
{
	_cleanup_free_ char *script = xasprintf("%s/deploy/pki.sh", source_dir());
	char *argv[] = {"sh", script, a->pki, a->server, "--node", "node-1", NULL};
	pid_t pid = kc_test_spawn(argv, NULL);
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

static void print_log(const kc_test_apiserver *a)
{
	_cleanup_free_ char *path = xasprintf("%s/apiserver.log", a->dir);
	_cleanup_free_ char *log = NULL;
	if (kc_read_file(path, 1 << 20, &log, NULL) == 0)
		fprintf(stderr, "---- kc-apiserver log ----\n%s\n----\n", log);
}

static int launch(kc_test_apiserver *a)
{
	_cleanup_free_ char *bin = xasprintf("%s/apiserver/kc-apiserver", kc_test_build_dir());
	_cleanup_free_ char *port = xasprintf("%d", a->port);
	_cleanup_free_ char *crt = xasprintf("%s/apiserver.crt", a->pki);
	_cleanup_free_ char *key = xasprintf("%s/apiserver.key", a->pki);
	_cleanup_free_ char *ca = xasprintf("%s/ca.crt", a->pki);
	_cleanup_free_ char *log = xasprintf("%s/apiserver.log", a->dir);
	const char *base[] = {bin,
			      "--etcd-servers", a->etcd.client_url,
			      "--bind-address", "127.0.0.1",
			      "--secure-port", port,
			      "--tls-cert-file", crt,
			      "--tls-private-key-file", key,
			      "--client-ca-file", ca,
			      "--etcd-compaction-interval", "0"};
	size_t nbase = KC_ARRAY_SIZE(base), nextra = 0;
	while (a->extra_args && a->extra_args[nextra])
		nextra++;
	char **argv = xcalloc(nbase + nextra + 1, sizeof(char *));
	for (size_t i = 0; i < nbase; i++)
		argv[i] = (char *)base[i];
	for (size_t i = 0; i < nextra; i++)
		argv[nbase + i] = a->extra_args[i];
	a->pid = kc_test_spawn(argv, log);
	free(argv);
	if (a->pid < 0)
		return -1;
	/* /readyz over TLS: wait with curl's own verification off; the tests
	 * themselves verify against the CA. */
	_cleanup_free_ char *cmd =
		xasprintf("i=0; until curl -sf --max-time 2 --cacert %s %s/readyz >/dev/null 2>&1; do i=$((i+1)); "
			  "[ $i -gt 300 ] && exit 1; sleep 0.1; done",
			  ca, a->server);
	char *argv2[] = {"sh", "-c", cmd, NULL};
	pid_t w = kc_test_spawn(argv2, NULL);
	int status = 0;
	if (w < 0 || waitpid(w, &status, 0) != w || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		print_log(a);
		return -1;
	}
	return 0;
}

int kc_test_apiserver_start(kc_test_apiserver *a, const char *const *extra_args)
{
	memset(a, 0, sizeof(*a));
	if (kc_test_etcd_start(&a->etcd) < 0)
		return -1;
	a->dir = kc_test_tmpdir("kc-test-apiserver");
	a->port = kc_test_free_port();
	a->server = xasprintf("https://127.0.0.1:%d", a->port);
	a->pki = xasprintf("%s/pki", a->dir);
	size_t n = 0;
	while (extra_args && extra_args[n])
		n++;
	a->extra_args = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		a->extra_args[i] = xstrdup(extra_args[i]);
	if (run_pki(a) < 0 || launch(a) < 0) {
		kc_test_apiserver_stop(a);
		return -1;
	}
	return 0;
}

int kc_test_apiserver_restart(kc_test_apiserver *a)
{
	if (a->pid > 0)
		kc_test_stop(a->pid, 10000);
	a->pid = 0;
	return launch(a);
}

void kc_test_apiserver_stop(kc_test_apiserver *a)
{
	if (a->pid > 0)
		kc_test_stop(a->pid, 10000);
	a->pid = 0;
	kc_test_etcd_stop(&a->etcd);
	if (a->dir)
		kc_test_rmtree(a->dir);
	free(a->dir);
	free(a->server);
	free(a->pki);
	for (char **p = a->extra_args; p && *p; p++)
		free(*p);
	free(a->extra_args);
	memset(a, 0, sizeof(*a));
}

void kc_test_apiserver_client_config(const kc_test_apiserver *a, const char *who, kc_client_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->server = xstrdup(a->server);
	cfg->ca_file = xasprintf("%s/ca.crt", a->pki);
	cfg->cert_file = xasprintf("%s/%s.crt", a->pki, who);
	cfg->key_file = xasprintf("%s/%s.key", a->pki, who);
	cfg->namespace = xstrdup("default");
	cfg->user_agent = xstrdup("kc-integration-test");
}
