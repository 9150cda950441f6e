/* test_healthserver.c - the daemons' /healthz /livez /readyz /metrics
 * server (healthserver.h): upstream healthz's answers, named checks with
 * one failing, ?verbose and ?exclude, /metrics, TLS with a self-signed
 * certificate and with given files, and the errors of a bad setup. Queried
 * over HTTPS with libcurl (through http.h) on the server's own loop. */
#include <errno.h>
#include <event2/event.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/healthserver.h"
#include "common/http.h"
#include "common/metrics.h"
#include "common/util.h"
#include "harness/procs.h"
#include "harness/tls_certs.h"

typedef struct fixture {
	struct event_base *base;
	kc_http *http;
	kc_health_server *hs;
	kc_metrics *metrics;
	kc_metric *gauge;
	int refreshed; /* before_metrics calls */
	bool bad_fails;
	kc_test_certs certs;
	bool have_certs;
} fixture;

typedef struct answer {
	bool done;
	long status;
	int err;
	char *body;
	char *content_type;
	char errmsg[256];
} answer;

static void on_done(kc_http_response *resp, void *userdata)
{
	answer *a = userdata;
	a->done = true;
	a->status = resp->status;
	a->err = resp->err;
	a->body = kc_buf_release(&resp->body);
	a->content_type = TAKE_PTR(resp->content_type);
	snprintf(a->errmsg, sizeof(a->errmsg), "%s", resp->errmsg);
}

static void answer_clear(answer *a)
{
	free(a->body);
	free(a->content_type);
	memset(a, 0, sizeof(*a));
}

/* GET https://127.0.0.1:<port><path>; with ca, the server certificate is
 * verified against it, otherwise not at all. */
static void get(fixture *f, int port, const char *path, const char *ca, answer *a)
{
	memset(a, 0, sizeof(*a));
	_cleanup_free_ char *url = xasprintf("https://127.0.0.1:%d%s", port, path);
	kc_http_tls tls = {.ca_file = ca, .insecure_skip_verify = ca == NULL};
	kc_http_request rq = {.url = url, .tls = &tls, .timeout_ms = 20000, .http1 = true};
	assert_non_null(kc_http_start(f->http, &rq, on_done, a));
	while (!a->done)
		event_base_loop(f->base, EVLOOP_ONCE);
}

static int good_check(kc_error *reason, void *userdata)
{
	(void)reason;
	(void)userdata;
	return 0;
}

static int bad_check(kc_error *reason, void *userdata)
{
	fixture *f = userdata;
	if (!f->bad_fails)
		return 0;
	kc_error_set(reason, -EIO, "disk on fire");
	return -1;
}

static void refresh(void *userdata)
{
	fixture *f = userdata;
	f->refreshed++;
	kc_metric_set(f->gauge, (const char *[]){"q1"}, (double)f->refreshed * 10);
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof(*f));
	f->base = event_base_new();
	f->http = kc_http_new(f->base);
	f->metrics = kc_metrics_new();
	f->gauge = kc_metrics_gauge(f->metrics, "workqueue_depth", "Current depth of workqueue",
				    (const char *[]){"name", NULL});
	kc_error err = KC_ERROR_INIT;
	for (int attempt = 0; attempt < 5 && !f->hs; attempt++) {
		int port = kc_test_free_port();
		assert_int_not_equal(port, 0);
		f->hs = kc_health_server_new(f->base,
					     &(kc_health_server_config){.bind_address = "127.0.0.1",
									.port = port,
									.metrics = f->metrics,
									.before_metrics = refresh,
									.userdata = f},
					     &err);
	}
	if (!f->hs)
		fail_msg("kc_health_server_new: %s", err.msg);
	kc_health_server_add_check(f->hs, "good", good_check, f);
	kc_health_server_add_check(f->hs, "bad", bad_check, f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	kc_health_server_free(f->hs);
	kc_http_free(f->http);
	kc_metrics_free(f->metrics);
	event_base_free(f->base);
	if (f->have_certs)
		kc_test_certs_cleanup(&f->certs);
	free(f);
	return 0;
}

typedef struct hcase {
	const char *path;
	bool bad_fails;
	long status;
	const char *body;
} hcase;

static const hcase health_cases[] = {
    {"/healthz", false, 200, "ok"},
    {"/livez", false, 200, "ok"},
    {"/readyz", false, 200, "ok"},
    {"/healthz?verbose", false, 200, "[+]ping ok\n[+]good ok\n[+]bad ok\nhealthz check passed\n"},
    {"/livez?verbose=1", false, 200, "[+]ping ok\n[+]good ok\n[+]bad ok\nlivez check passed\n"},
    {"/readyz?x=1&verbose=", false, 200, "[+]ping ok\n[+]good ok\n[+]bad ok\nreadyz check passed\n"},
    {"/healthz?verbosex", false, 200, "ok"},
    {"/healthz/good", false, 200, "ok"},
    {"/healthz/bad", false, 200, "ok"},
    {"/readyz/ping", false, 200, "ok"},
    /* one check failing: always verbose, reason withheld */
    {"/healthz", true, 500, "[+]ping ok\n[+]good ok\n[-]bad failed: reason withheld\nhealthz check failed\n"},
    {"/readyz?verbose", true, 500, "[+]ping ok\n[+]good ok\n[-]bad failed: reason withheld\nreadyz check failed\n"},
    {"/livez", true, 500, "[+]ping ok\n[+]good ok\n[-]bad failed: reason withheld\nlivez check failed\n"},
    /* the check's own path gives the reason */
    {"/healthz/bad", true, 500, "internal server error: disk on fire\n"},
    {"/livez/good", true, 200, "ok"},
    /* exclusions */
    {"/healthz?exclude=bad", true, 200, "ok"},
    {"/healthz?exclude=bad&verbose", true, 200, "[+]ping ok\n[+]good ok\n[+]bad excluded: ok\nhealthz check passed\n"},
    {"/healthz?exclude=zz&exclude=bad&exclude=aa&verbose", true, 200,
     "[+]ping ok\n[+]good ok\n[+]bad excluded: ok\nwarn: some health checks cannot be excluded: no matches for "
     "\"aa\",\"zz\"\nhealthz check passed\n"},
    {"/healthz?exclude=nope", true, 500,
     "[+]ping ok\n[+]good ok\n[-]bad failed: reason withheld\nwarn: some health checks cannot be excluded: no "
     "matches for \"nope\"\nhealthz check failed\n"},
    /* elsewhere */
    {"/healthz/nope", false, 404, "404 page not found\n"},
    {"/healthzx", false, 404, "404 page not found\n"},
    {"/", false, 404, "404 page not found\n"},
    {"/metricsx", false, 404, "404 page not found\n"},
    {"/%zz", false, 404, "404 page not found\n"},
};

static void test_health_paths(void **state)
{
	fixture *f = *state;
	int port = kc_health_server_port(f->hs);
	for (size_t i = 0; i < KC_ARRAY_SIZE(health_cases); i++) {
		const hcase *c = &health_cases[i];
		f->bad_fails = c->bad_fails;
		answer a;
		get(f, port, c->path, NULL, &a);
		if (a.err || a.status != c->status || !a.body || !streq(a.body, c->body))
			fail_msg("case %zu %s (bad %s): got %ld err %d (%s) body:\n%s\nwant %ld body:\n%s", i, c->path,
				 c->bad_fails ? "failing" : "ok", a.status, a.err, a.errmsg, a.body ? a.body : "(none)",
				 c->status, c->body);
		if (!a.content_type || !streq(a.content_type, "text/plain; charset=utf-8"))
			fail_msg("case %zu %s: content type %s", i, c->path, a.content_type ? a.content_type : "(none)");
		answer_clear(&a);
	}
}

static void test_metrics(void **state)
{
	fixture *f = *state;
	int port = kc_health_server_port(f->hs);
	answer a;
	get(f, port, "/metrics", NULL, &a);
	assert_int_equal(a.status, 200);
	assert_int_equal(f->refreshed, 1);
	assert_string_equal(a.content_type, "text/plain; version=0.0.4; charset=utf-8");
	if (!strstr(a.body, "# TYPE workqueue_depth gauge\n") || !strstr(a.body, "workqueue_depth{name=\"q1\"} 10\n"))
		fail_msg("metrics body:\n%s", a.body);
	answer_clear(&a);
	get(f, port, "/metrics", NULL, &a);
	assert_int_equal(f->refreshed, 2);
	if (!strstr(a.body, "workqueue_depth{name=\"q1\"} 20\n"))
		fail_msg("metrics not refreshed:\n%s", a.body);
	answer_clear(&a);
}

/* A check registered again under its name replaces the first. */
static int always_fails(kc_error *reason, void *userdata)
{
	(void)userdata;
	kc_error_set(reason, -EIO, "nope");
	return -1;
}

static int fails_silently(kc_error *reason, void *userdata)
{
	(void)reason;
	(void)userdata;
	return -1;
}

static void test_replace_and_silent_failure(void **state)
{
	fixture *f = *state;
	int port = kc_health_server_port(f->hs);
	kc_health_server_add_check(f->hs, "good", always_fails, NULL);
	kc_health_server_add_check(f->hs, "quiet", fails_silently, NULL);
	answer a;
	get(f, port, "/healthz", NULL, &a);
	assert_int_equal(a.status, 500);
	assert_string_equal(a.body, "[+]ping ok\n[-]good failed: reason withheld\n[+]bad ok\n"
				    "[-]quiet failed: reason withheld\nhealthz check failed\n");
	answer_clear(&a);
	get(f, port, "/healthz/quiet", NULL, &a);
	assert_int_equal(a.status, 500);
	assert_string_equal(a.body, "internal server error: check failed\n");
	answer_clear(&a);
}

/* With no cert files the certificate is self-signed for localhost and
 * 127.0.0.1: verification against a CA fails, skipping it works. */
static void test_self_signed(void **state)
{
	fixture *f = *state;
	assert_int_equal(kc_test_certs_make(&f->certs, NULL), 0);
	f->have_certs = true;
	answer a;
	get(f, kc_health_server_port(f->hs), "/healthz", f->certs.ca_file, &a);
	assert_int_equal(a.status, 0);
	assert_int_equal(a.err, -EPROTO);
	answer_clear(&a);
}

static void test_cert_files(void **state)
{
	fixture *f = *state;
	assert_int_equal(kc_test_certs_make(&f->certs, NULL), 0);
	f->have_certs = true;
	kc_error err = KC_ERROR_INIT;
	kc_health_server *hs = NULL;
	for (int attempt = 0; attempt < 5 && !hs; attempt++)
		hs = kc_health_server_new(f->base,
					  &(kc_health_server_config){.bind_address = "127.0.0.1",
								     .port = kc_test_free_port(),
								     .cert_file = f->certs.server_cert_file,
								     .key_file = f->certs.server_key_file},
					  &err);
	if (!hs)
		fail_msg("with cert files: %s", err.msg);
	answer a;
	get(f, kc_health_server_port(hs), "/readyz?verbose", f->certs.ca_file, &a);
	if (a.status != 200)
		fail_msg("verified request: status %ld err %d %s", a.status, a.err, a.errmsg);
	assert_string_equal(a.body, "[+]ping ok\nreadyz check passed\n");
	answer_clear(&a);
	/* no metrics registry: an empty page */
	get(f, kc_health_server_port(hs), "/metrics", f->certs.ca_file, &a);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.body, "");
	answer_clear(&a);
	kc_health_server_free(hs);
}

typedef struct badcase {
	const char *name;
	int port; /* -1: the fixture's (in use) */
	const char *cert, *key;
	const char *bind;
	int code;
	const char *msg; /* substring */
} badcase;

static void test_bad_setups(void **state)
{
	fixture *f = *state;
	assert_int_equal(kc_test_certs_make(&f->certs, NULL), 0);
	f->have_certs = true;
	const badcase cases[] = {
	    {"port in use", -1, NULL, NULL, "127.0.0.1", -EADDRINUSE, "failed to listen on 127.0.0.1:"},
	    {"port out of range", 70000, NULL, NULL, NULL, -EINVAL, "--secure-port 70000 must be between 0 and 65535"},
	    {"negative port", -5, NULL, NULL, NULL, -EINVAL, "must be between 0 and 65535"},
	    {"cert without key", 0, f->certs.server_cert_file, NULL, NULL, -EINVAL,
	     "--tls-cert-file and --tls-private-key-file must be given together"},
	    {"missing cert file", 1, "/nonexistent/cert.pem", "/nonexistent/key.pem", "127.0.0.1", -EINVAL,
	     "--tls-cert-file /nonexistent/cert.pem: "},
	    {"key not matching", 1, f->certs.server_cert_file, f->certs.client_key_file, "127.0.0.1", -EINVAL,
	     "does not match --tls-cert-file"},
	    {"key is a cert", 1, f->certs.server_cert_file, f->certs.server_cert_file, "127.0.0.1", -EINVAL,
	     "--tls-private-key-file"},
	    /* TEST-NET-1: on no interface here, and numeric (no resolver asked) */
	    {"address not here", 1, NULL, NULL, "192.0.2.1", -EADDRNOTAVAIL, "failed to listen on 192.0.2.1:"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const badcase *c = &cases[i];
		int port = c->port == -1 ? kc_health_server_port(f->hs) : c->port == 1 ? kc_test_free_port() : c->port;
		if (c->port == 0)
			port = kc_test_free_port(); /* cert checks come before binding anyway */
		kc_error err = KC_ERROR_INIT;
		kc_health_server *hs = kc_health_server_new(
		    f->base,
		    &(kc_health_server_config){.bind_address = c->bind, .port = port, .cert_file = c->cert, .key_file = c->key},
		    &err);
		if (hs) {
			kc_health_server_free(hs);
			fail_msg("case %s: started", c->name);
		}
		if (!strstr(err.msg, c->msg))
			fail_msg("case %s: message %s, want it to contain %s", c->name, err.msg, c->msg);
		/* address errors depend on the resolver: only the listen cases' message is checked */
		if (c->code != -EADDRNOTAVAIL && err.code != c->code)
			fail_msg("case %s: code %d, want %d (%s)", c->name, err.code, c->code, err.msg);
	}
}

/* Port 0 is upstream's --secure-port=0: nothing listens, checks may still
 * be added, and the port reads 0. */
static void test_port_zero(void **state)
{
	fixture *f = *state;
	kc_error err = KC_ERROR_INIT;
	kc_health_server *hs = kc_health_server_new(f->base, &(kc_health_server_config){.port = 0}, &err);
	assert_non_null(hs);
	kc_health_server_add_check(hs, "x", good_check, NULL);
	assert_int_equal(kc_health_server_port(hs), 0);
	kc_health_server_free(hs);
	kc_health_server_free(NULL);
	assert_int_equal(kc_health_server_port(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_health_paths, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_metrics, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replace_and_silent_failure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_self_signed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cert_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_setups, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_port_zero, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
