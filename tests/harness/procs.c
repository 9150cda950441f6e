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

#include "common/base64.h"
#include "common/json.h"
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

int kc_test_wait_exit(pid_t pid, int timeout_ms)
{
	if (pid <= 0)
		return -1;
	int status = 0;
	for (int waited = 0; waited <= timeout_ms; waited += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return status;
		if (r < 0)
			return -1;
		usleep(10000);
	}
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
	const char *keep = getenv("KC_KEEP_TEST_DIR");
	if (e->dir && keep && streq(keep, "1")) {
		fprintf(stderr, "kept %s\n", e->dir);
		free(e->dir);
		e->dir = NULL;
	} else if (e->dir) {
		kc_test_rmtree(e->dir);
		free(e->dir);
		e->dir = NULL;
	}
	free(e->client_url);
	e->client_url = NULL;
}

/* ---- etcd through its JSON gateway ---- */

static size_t collect(char *p, size_t s, size_t n, void *u)
{
	kc_buf_add(u, p, s * n);
	return s * n;
}

static void add_b64(cJSON *o, const char *field, const char *s)
{
	_cleanup_free_ char *b = kc_base64_encode(s, strlen(s));
	cJSON_AddStringToObject(o, field, b);
}

static char *prefix_end(const char *prefix)
{
	char *end = xstrdup(prefix);
	size_t n = strlen(end);
	if (n)
		end[n - 1]++; /* printable keys: never 0xff */
	return end;
}

static char *unb64(const cJSON *o, const char *field)
{
	const char *v = kc_json_get_str(o, field, "");
	char *out = NULL;
	size_t len = 0;
	if (kc_base64_decode(v, strlen(v), &out, &len) < 0)
		return xstrdup("");
	return out;
}

/* {"key","value","create_revision","mod_revision"} from a gateway kv. */
static cJSON *kv_entry(const cJSON *kv, const char *type)
{
	cJSON *o = cJSON_CreateObject();
	if (type)
		cJSON_AddStringToObject(o, "type", type);
	_cleanup_free_ char *key = unb64(kv, "key");
	_cleanup_free_ char *value = unb64(kv, "value");
	cJSON_AddStringToObject(o, "key", key);
	cJSON_AddStringToObject(o, "value", value);
	/* the gateway writes int64 as strings */
	cJSON_AddNumberToObject(o, "create_revision",
				(double)strtoll(kc_json_get_str(kv, "create_revision", "0"), NULL, 10));
	cJSON_AddNumberToObject(o, "mod_revision", (double)strtoll(kc_json_get_str(kv, "mod_revision", "0"), NULL, 10));
	return o;
}

static CURL *gateway(const kc_test_etcd *e, const char *path, const char *body, kc_buf *out, long timeout_ms)
{
	_cleanup_free_ char *url = xasprintf("%s%s", e->client_url, path);
	CURL *c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	return c;
}

int kc_test_etcd_range(const kc_test_etcd *e, const char *prefix, int64_t revision, cJSON **ret_kvs,
		       int64_t *ret_revision)
{
	_cleanup_json_ cJSON *req = cJSON_CreateObject();
	_cleanup_free_ char *end = prefix_end(prefix);
	add_b64(req, "key", prefix);
	add_b64(req, "range_end", end);
	if (revision > 0) {
		char rev[32];
		snprintf(rev, sizeof(rev), "%lld", (long long)revision);
		cJSON_AddStringToObject(req, "revision", rev);
	}
	_cleanup_free_ char *body = cJSON_PrintUnformatted(req);
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	CURL *c = gateway(e, "/v3/kv/range", body, &out, 10000);
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	_cleanup_json_ cJSON *j = NULL;
	if (rc != CURLE_OK || code != 200 || kc_json_parse(kc_buf_str(&out), out.len, &j, NULL) < 0) {
		fprintf(stderr, "etcd range %s: curl %d, HTTP %ld: %s\n", prefix, (int)rc, code, kc_buf_str(&out));
		return -EIO;
	}
	cJSON *kvs = cJSON_CreateArray();
	const cJSON *kv;
	cJSON_ArrayForEach(kv, kc_json_get(j, "kvs")) cJSON_AddItemToArray(kvs, kv_entry(kv, NULL));
	*ret_kvs = kvs;
	if (ret_revision)
		*ret_revision = strtoll(kc_json_get_str(j, "header.revision", "0"), NULL, 10);
	return 0;
}

typedef struct history {
	kc_buf line;
	cJSON *events;
	int64_t until;
	bool done;
} history;

static size_t on_watch_data(char *p, size_t s, size_t n, void *u)
{
	history *h = u;
	kc_buf_add(&h->line, p, s * n);
	char *nl;
	while (!h->done && (nl = memchr(h->line.s, '\n', h->line.len))) {
		size_t len = (size_t)(nl - h->line.s);
		_cleanup_json_ cJSON *msg = NULL;
		if (kc_json_parse(h->line.s, len, &msg, NULL) == 0) {
			const cJSON *ev;
			cJSON_ArrayForEach(ev, kc_json_get(msg, "result.events"))
			{
				const char *type = kc_json_get_str(ev, "type", "PUT");
				cJSON *entry = kv_entry(kc_json_get(ev, "kv"), type);
				int64_t rev = kc_json_get_int(entry, "mod_revision", 0);
				if (rev <= h->until)
					cJSON_AddItemToArray(h->events, entry);
				else
					cJSON_Delete(entry);
				if (rev >= h->until)
					h->done = true;
			}
		}
		kc_buf_consume(&h->line, len + 1);
	}
	return h->done ? 0 : s * n; /* 0 ends the transfer once until is reached */
}

int kc_test_etcd_events(const kc_test_etcd *e, const char *prefix, int64_t from_rev, int64_t until_rev,
			cJSON **ret_events)
{
	history h = {.events = cJSON_CreateArray(), .until = until_rev, .done = until_rev < from_rev};
	if (!h.done) {
		_cleanup_json_ cJSON *req = cJSON_CreateObject();
		cJSON *cr = cJSON_AddObjectToObject(req, "create_request");
		_cleanup_free_ char *end = prefix_end(prefix);
		add_b64(cr, "key", prefix);
		add_b64(cr, "range_end", end);
		char rev[32];
		snprintf(rev, sizeof(rev), "%lld", (long long)from_rev);
		cJSON_AddStringToObject(cr, "start_revision", rev);
		_cleanup_free_ char *body = cJSON_PrintUnformatted(req);
		_cleanup_buf_ kc_buf ignored = KC_BUF_INIT;
		CURL *c = gateway(e, "/v3/watch", body, &ignored, 5000);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_watch_data);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &h);
		curl_easy_perform(c);
		curl_easy_cleanup(c);
	}
	kc_buf_free(&h.line);
	if (!h.done) {
		fprintf(stderr, "etcd history of %s: revision %lld not reached (%d events read)\n", prefix,
			(long long)until_rev, cJSON_GetArraySize(h.events));
		cJSON_Delete(h.events);
		return -ETIMEDOUT;
	}
	*ret_events = h.events;
	return 0;
}
