/* procs.c - processes, ports and temp dirs for tests (see procs.h). */
#include "procs.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"

int kc_test_free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int port = 0;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

char *kc_test_tmpdir(const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/%s.XXXXXX", tmp && tmp[0] ? tmp : "/tmp", prefix);
	if (!mkdtemp(path)) {
		free(path);
		return NULL;
	}
	return path;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void kc_test_rmtree(const char *path)
{
	if (path && path[0] && !streq(path, "/"))
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

pid_t kc_test_spawn(char *const argv[], const char *log_path)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log_path ? log_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		/* own process group: a test killing it never touches ours */
		setpgid(0, 0);
		execvp(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

int kc_test_stop(pid_t pid, int timeout_ms)
{
	if (pid <= 0)
		return -1;
	int status = 0;
	kill(pid, SIGTERM);
	for (int waited = 0; waited < timeout_ms; waited += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return status;
		if (r < 0)
			return -1;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) == pid)
		return status;
	return -1;
}

static size_t discard(char *p, size_t s, size_t n, void *u)
{
	(void)p;
	(void)u;
	return s * n;
}

bool kc_test_wait_http(const char *url, int timeout_ms)
{
	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 1000L);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	bool ok = false;
	for (int waited = 0; waited < timeout_ms && !ok; waited += 50) {
		long code = 0;
		if (curl_easy_perform(c) == CURLE_OK && curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK &&
		    code == 200)
			ok = true;
		else
			usleep(50000);
	}
	curl_easy_cleanup(c);
	return ok;
}

static void print_log(const char *path)
{
	_cleanup_free_ char *log = NULL;
	if (kc_read_file(path, 1 << 20, &log, NULL) == 0)
		fprintf(stderr, "---- %s ----\n%s\n----\n", path, log);
}

static int etcd_launch(kc_test_etcd *e)
{
	_cleanup_free_ char *data = xasprintf("%s/data", e->dir);
	_cleanup_free_ char *log = xasprintf("%s/etcd.log", e->dir);
	_cleanup_free_ char *peer = xasprintf("http://127.0.0.1:%d", e->peer_port);
	_cleanup_free_ char *cluster = xasprintf("default=%s", peer);
	char *argv[] = {"etcd",
			"--name", "default",
			"--data-dir", data,
			"--listen-client-urls", e->client_url,
			"--advertise-client-urls", e->client_url,
			"--listen-peer-urls", peer,
			"--initial-advertise-peer-urls", peer,
			"--initial-cluster", cluster,
			"--log-level", "warn",
			"--logger", "zap",
			NULL};
	e->pid = kc_test_spawn(argv, log);
	if (e->pid < 0)
		return -1;
	_cleanup_free_ char *health = xasprintf("%s/health", e->client_url);
	if (!kc_test_wait_http(health, 20000)) {
		print_log(log);
		kc_test_stop(e->pid, 2000);
		e->pid = 0;
		return -1;
	}
	return 0;
}

int kc_test_etcd_start(kc_test_etcd *e)
{
	memset(e, 0, sizeof(*e));
	e->dir = kc_test_tmpdir("kc-test-etcd");
	if (!e->dir)
		return -1;
	for (int attempt = 0; attempt < 5; attempt++) {
		e->client_port = kc_test_free_port();
		e->peer_port = kc_test_free_port();
		if (!e->client_port || !e->peer_port || e->client_port == e->peer_port)
			continue;
		free(e->client_url);
		e->client_url = xasprintf("http://127.0.0.1:%d", e->client_port);
		if (etcd_launch(e) == 0)
			return 0;
	}
	kc_test_etcd_stop(e);
	return -1;
}

void kc_test_etcd_kill(kc_test_etcd *e)
{
	if (e->pid > 0)
		kc_test_stop(e->pid, 5000);
	e->pid = 0;
}

int kc_test_etcd_restart(kc_test_etcd *e)
{
	kc_test_etcd_kill(e);
	return etcd_launch(e);
}

void kc_test_etcd_stop(kc_test_etcd *e)
{
	kc_test_etcd_kill(e);
	if (e->dir) {
		kc_test_rmtree(e->dir);
		free(e->dir);
		e->dir = NULL;
	}
	free(e->client_url);
	e->client_url = NULL;
}
