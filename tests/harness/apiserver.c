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

bool kc_test_cm_has_controller(const char *name)
{
	_cleanup_free_ char *cmd =
		xasprintf("%s/controller-manager/kc-controller-manager --help 2>/dev/null", kc_test_build_dir());
	FILE *p = popen(cmd, "r");
	if (!p)
		return false;
	bool found = false;
	char line[4096];
	while (fgets(line, sizeof(line), p)) {
		const char *list = strstr(line, "All controllers: ");
		if (!list)
			continue;
		/* ", name," or ": name," or ", name." */
		_cleanup_free_ char *item = xasprintf(" %s,", name), *last = xasprintf(" %s.", name);
		found = found || strstr(list, item) || strstr(list, last);
	}
	pclose(p);
	return found;
}

static const char *source_dir(void)
{
	const char *d = getenv("KC_SOURCE_DIR");
	return d && d[0] ? d : ".";
}

/* Runs argv to completion; 0 when it exited 0. */
static int run(char *const argv[], const char *log)
{
	pid_t pid = kc_test_spawn(argv, log);
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

static int run_pki(kc_test_apiserver *a)
{
	_cleanup_free_ char *script = xasprintf("%s/deploy/pki.sh", source_dir());
	char *argv[] = {"sh", script, a->pki, a->server, "--node", "node-1", NULL};
	return run(argv, NULL);
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
	_cleanup_free_ char *sa_key = xasprintf("%s/sa.key", a->pki);
	_cleanup_free_ char *sa_pub = xasprintf("%s/sa.pub", a->pki);
	const char *base[] = {bin,
			      "--etcd-servers", a->etcd.client_url,
			      "--bind-address", "127.0.0.1",
			      "--secure-port", port,
			      "--tls-cert-file", crt,
			      "--tls-private-key-file", key,
			      "--client-ca-file", ca,
			      "--service-account-signing-key-file", sa_key,
			      "--service-account-key-file", sa_pub,
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
	/* /readyz over TLS, as admin: anonymous requests may be refused
	 * (--anonymous-auth=false) */
	_cleanup_free_ char *cmd =
		xasprintf("i=0; until curl -sf --max-time 2 --cacert %s --cert %s/admin.crt --key %s/admin.key "
			  "%s/readyz >/dev/null 2>&1; do i=$((i+1)); [ $i -gt 300 ] && exit 1; sleep 0.1; done",
			  ca, a->pki, a->pki, a->server);
	char *argv2[] = {"sh", "-c", cmd, NULL};
	pid_t w = kc_test_spawn(argv2, NULL);
	int status = 0;
	if (w < 0 || waitpid(w, &status, 0) != w || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		print_log(a);
		return -1;
	}
	return 0;
}

static char **copy_args(const char *const *args);

int kc_test_apiserver_start(kc_test_apiserver *a, const char *const *extra_args)
{
	memset(a, 0, sizeof(*a));
	if (kc_test_etcd_start(&a->etcd) < 0)
		return -1;
	a->dir = kc_test_tmpdir("kc-test-apiserver");
	a->port = kc_test_free_port();
	a->server = xasprintf("https://127.0.0.1:%d", a->port);
	a->pki = xasprintf("%s/pki", a->dir);
	a->extra_args = copy_args(extra_args);
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
	/* KC_KEEP_TEST_DIR=1 keeps the logs (and certificates) to look at */
	const char *keep = getenv("KC_KEEP_TEST_DIR");
	if (a->dir && keep && streq(keep, "1"))
		fprintf(stderr, "kept %s\n", a->dir);
	else if (a->dir)
		kc_test_rmtree(a->dir);
	free(a->dir);
	free(a->server);
	free(a->pki);
	for (char **p = a->extra_args; p && *p; p++)
		free(*p);
	free(a->extra_args);
	memset(a, 0, sizeof(*a));
}

static char **copy_args(const char *const *args)
{
	size_t n = 0;
	while (args && args[n])
		n++;
	char **out = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(args[i]);
	return out;
}

int kc_test_apiserver_start_peer(kc_test_apiserver *peer, const kc_test_apiserver *first,
				 const char *const *extra_args)
{
	memset(peer, 0, sizeof(*peer));
	/* only the URL: pid 0 and no dir, so stopping the peer leaves etcd be */
	peer->etcd.client_url = xstrdup(first->etcd.client_url);
	peer->etcd.client_port = first->etcd.client_port;
	peer->dir = kc_test_tmpdir("kc-test-apiserver-peer");
	peer->port = kc_test_free_port();
	peer->server = xasprintf("https://127.0.0.1:%d", peer->port);
	peer->pki = xstrdup(first->pki);
	peer->extra_args = copy_args(extra_args);
	if (!peer->dir || launch(peer) < 0) {
		kc_test_apiserver_stop(peer);
		return -1;
	}
	return 0;
}

char *kc_test_apiserver_log(const kc_test_apiserver *a)
{
	if (!a->dir)
		return NULL;
	_cleanup_free_ char *path = xasprintf("%s/apiserver.log", a->dir);
	char *log = NULL;
	return kc_read_file(path, 64 << 20, &log, NULL) == 0 ? log : NULL;
}

long kc_test_apiserver_rss_kb(const kc_test_apiserver *a)
{
	if (a->pid <= 0)
		return -1;
	_cleanup_free_ char *path = xasprintf("/proc/%d/status", (int)a->pid);
	_cleanup_free_ char *status = NULL;
	if (kc_read_file(path, 1 << 16, &status, NULL) < 0)
		return -1;
	const char *p = strstr(status, "\nVmRSS:");
	return p ? strtol(p + 8, NULL, 10) : -1;
}

bool kc_test_apiserver_has_asan(const kc_test_apiserver *a)
{
	if (a->pid <= 0)
		return false;
	_cleanup_free_ char *path = xasprintf("/proc/%d/maps", (int)a->pid);
	_cleanup_free_ char *maps = NULL;
	return kc_read_file(path, 16 << 20, &maps, NULL) == 0 && strstr(maps, "libasan");
}

int kc_test_apiserver_issue_user(const kc_test_apiserver *a, const char *who, const char *user,
				 const char *groups)
{
	kc_buf subj = KC_BUF_INIT;
	_cleanup_free_ char *gcopy = xstrdup(groups ? groups : "");
	char *save = NULL;
	for (char *g = strtok_r(gcopy, ",", &save); g; g = strtok_r(NULL, ",", &save))
		kc_buf_addf(&subj, "/O=%s", g);
	kc_buf_addf(&subj, "/CN=%s", user);
	_cleanup_free_ char *subject = kc_buf_release(&subj);
	_cleanup_free_ char *key = xasprintf("%s/%s.key", a->pki, who);
	_cleanup_free_ char *csr = xasprintf("%s/%s.csr", a->pki, who);
	_cleanup_free_ char *crt = xasprintf("%s/%s.crt", a->pki, who);
	_cleanup_free_ char *ext = xasprintf("%s/%s.ext", a->pki, who);
	_cleanup_free_ char *ca = xasprintf("%s/ca.crt", a->pki);
	_cleanup_free_ char *ca_key = xasprintf("%s/ca.key", a->pki);
	static const char ext_text[] = "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
				       "extendedKeyUsage=clientAuth\n";
	FILE *f = fopen(ext, "w");
	if (!f)
		return -1;
	fputs(ext_text, f);
	fclose(f);
	/* EC keys: fast to make, also under valgrind */
	char *req[] = {"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
		       "-nodes", "-keyout", key, "-out", csr, "-subj", subject, NULL};
	char *sign[] = {"openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial",
			"-out", crt, "-days", "2", "-extfile", ext, NULL};
	int rc = run(req, NULL) == 0 && run(sign, NULL) == 0 ? 0 : -1;
	unlink(csr);
	unlink(ext);
	if (rc < 0)
		fprintf(stderr, "issuing a certificate for %s (%s) failed\n", user, subject);
	return rc;
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
