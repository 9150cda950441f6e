/* test_kubeconfig.c - kubeconfig loading rules, merging, overrides,
 * validation and errors (worded as kubectl's), in-cluster config and
 * editing. Every case runs in a fresh temporary directory; "$D" in file
 * contents, paths, flags and expected strings stands for it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "common/kubeconfig.h"
#include "common/util.h"

/* ---- temp dirs ---- */

static char *make_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *d = xasprintf("%s/kc-kubeconfig.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(d));
	return d;
}

static void remove_tree(const char *dir)
{
	_cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Replaces every "$D" in s by dir (NULL stays NULL). */
static char *subst(const char *s, const char *dir)
{
	if (!s)
		return NULL;
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (const char *p = s; *p; p++) {
		if (p[0] == '$' && p[1] == 'D') {
			kc_buf_addstr(&b, dir);
			p++;
		} else {
			kc_buf_addch(&b, *p);
		}
	}
	return kc_buf_release(&b);
}

static void write_file(const char *dir, const char *rel, const char *content)
{
	_cleanup_free_ char *path = xasprintf("%s/%s", dir, rel);
	for (char *s = path + strlen(dir) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(path, 0755);
			*s = '/';
		}
	_cleanup_free_ char *text = subst(content, dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ---- building blocks ---- */

#define HEAD "apiVersion: v1\nkind: Config\n"
#define CLUSTER(name, body) "- name: " name "\n  cluster:\n" body
#define USER(name, body) "- name: " name "\n  user:\n" body
#define CONTEXT(name, cluster, user, ns) \
	"- name: " name "\n  context:\n    cluster: " cluster "\n    user: " user "\n" ns

/* A usual single-file setup. */
#define BASIC                                                                               \
	HEAD "clusters:\n" CLUSTER("c1", "    server: https://10.0.0.1:6443\n"                \
					  "    certificate-authority: ca.crt\n")                 \
	     "users:\n" USER("u1", "    token: tok1\n")                                            \
	     "contexts:\n" CONTEXT("ctx", "c1", "u1", "    namespace: ns1\n") "current-context: ctx\n"

typedef struct want_cfg {
	const char *server, *ca_file, *ca_data, *cert_file, *cert_data, *key_file, *key_data;
	const char *token, *token_file, *username, *password, *namespace, *tls_server_name;
	bool insecure;
} want_cfg;

typedef struct kc_case {
	const char *name;
	const char *files[6][2]; /* {path under $D, content} */
	const char *explicit_path;
	const char *env;
	const char *home;
	const char *master;
	kc_kubeconfig_overrides o;
	int want;
	const char *want_msg; /* substring of err.msg */
	want_cfg cfg;
	const char *want_note;
} kc_case;

static const kc_case cases[] = {
	{"single file",
	 {{"config", BASIC}, {"ca.crt", "CA"}},
	 .explicit_path = "$D/config",
	 .cfg = {.server = "https://10.0.0.1:6443", .ca_file = "$D/ca.crt", .token = "tok1", .namespace = "ns1"}},
	{"relative paths against each file's directory",
	 {{"sub/config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n"
						       "    certificate-authority: ../certs/./ca.crt\n")
			 "users:\n" USER("u", "    client-certificate: client.crt\n"
					     "    client-key: keys//client.key\n")
			 "contexts:\n" CONTEXT("x", "c", "u", "") "current-context: x\n"},
	  {"certs/ca.crt", "CA"},
	  {"sub/client.crt", "CERT"},
	  {"sub/keys/client.key", "KEY"}},
	 .env = "$D/sub/config",
	 .cfg = {.server = "https://h:1", .ca_file = "$D/certs/ca.crt", .cert_file = "$D/sub/client.crt",
		 .key_file = "$D/sub/keys/client.key", .namespace = "default"}},
	{"merging: first file wins per name, current-context from the first that sets it",
	 {{"a", HEAD "clusters:\n" CLUSTER("c1", "    server: https://first:1\n    insecure-skip-tls-verify: true\n")
		     "users:\n" USER("u1", "    token: from-a\n")},
	  {"b", HEAD "clusters:\n" CLUSTER("c1", "    server: https://second:1\n    tls-server-name: ignored\n")
		     "users:\n" USER("u1", "    token: from-b\n") USER("u2", "    username: bob\n    password: pw\n")
		     "contexts:\n" CONTEXT("ctx", "c1", "u1", "") CONTEXT("ctx2", "c1", "u2", "")
		     "current-context: ctx2\n"},
	  {"c", HEAD "current-context: ctx\n"}},
	 .env = "$D/a:$D/b::$D/a:$D/c",
	 .cfg = {.server = "https://first:1", .insecure = true, .username = "bob", .password = "pw",
		 .namespace = "default"}},
	{"missing files in the list are skipped",
	 {{"a", BASIC}, {"ca.crt", "CA"}},
	 .env = "$D/nope:$D/a",
	 .cfg = {.server = "https://10.0.0.1:6443", .ca_file = "$D/ca.crt", .token = "tok1", .namespace = "ns1"}},
	{"all files missing: nothing configured",
	 {{"x", ""}},
	 .env = "$D/nope1:$D/nope2",
	 .want = -ENOENT,
	 .want_msg = "invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER "
		     "environment variable",
	 .want_note = "Config not found: $D/nope1, $D/nope2"},
	{"KUBERNETES_MASTER when nothing else",
	 {{"x", ""}},
	 .env = "$D/nope",
	 .master = "http://127.0.0.1:8080",
	 .cfg = {.server = "http://127.0.0.1:8080", .namespace = "default"}},
	{"empty file", {{"config", ""}}, .explicit_path = "$D/config", .want = -ENOENT, .want_msg = "no configuration"},
	{"explicit file missing",
	 {{"a", BASIC}},
	 .explicit_path = "$D/nope",
	 .env = "$D/a",
	 .want = -ENOENT,
	 .want_msg = "stat $D/nope: no such file or directory"},
	{"explicit file wins over KUBECONFIG",
	 {{"a", BASIC}, {"ca.crt", "CA"}, {"b", "{\"clusters\":[{\"name\":\"j\",\"cluster\":{\"server\":\"https://json:1\"}}],"
					       "\"contexts\":[{\"name\":\"j\",\"context\":{\"cluster\":\"j\"}}],"
					       "\"current-context\":\"j\"}"}},
	 .explicit_path = "$D/b",
	 .env = "$D/a",
	 .cfg = {.server = "https://json:1", .namespace = "default"}},
	{"~/.kube/config",
	 {{"home/.kube/config", BASIC}, {"home/.kube/ca.crt", "CA"}},
	 .home = "$D/home",
	 .cfg = {.server = "https://10.0.0.1:6443", .ca_file = "$D/home/.kube/ca.crt", .token = "tok1",
		 .namespace = "ns1"}},
	{"--context missing",
	 {{"config", BASIC}},
	 .explicit_path = "$D/config",
	 .o = {.context = "foo"},
	 .want = -ESRCH,
	 .want_msg = "context was not found for specified context: foo"},
	{"current-context missing",
	 {{"config", HEAD "current-context: gone\n"}},
	 .explicit_path = "$D/config",
	 .want = -ESRCH,
	 .want_msg = "context was not found for specified context: gone"},
	{"--user missing",
	 {{"config", BASIC}, {"ca.crt", "CA"}},
	 .explicit_path = "$D/config",
	 .o = {.user = "foo"},
	 .want = -EINVAL,
	 .want_msg = "auth info \"foo\" does not exist"},
	{"context's user missing",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n") "contexts:\n" CONTEXT("x", "c", "zz", "")
			  "current-context: x\n"}},
	 .explicit_path = "$D/config",
	 .want = -EINVAL,
	 .want_msg = "user \"zz\" was not found for context \"x\""},
	{"--cluster missing",
	 {{"config", BASIC}, {"ca.crt", "CA"}},
	 .explicit_path = "$D/config",
	 .o = {.cluster = "foo"},
	 .want = -EINVAL,
	 .want_msg = "no server found for cluster \"foo\""},
	{"context's cluster missing",
	 {{"config", HEAD "users:\n" USER("u", "    token: t\n") "contexts:\n" CONTEXT("x", "zz", "u", "")
			  "current-context: x\n"}},
	 .explicit_path = "$D/config",
	 .want = -EINVAL,
	 .want_msg = "cluster \"zz\" was not found for context \"x\""},
	{"cluster without server",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    insecure-skip-tls-verify: true\n")
			  "contexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n"}},
	 .explicit_path = "$D/config",
	 .want = -EINVAL,
	 .want_msg = "no server found for cluster \"c\""},
	{"bad YAML",
	 {{"bad", "clusters: [b\n"}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "error loading config file \"$D/bad\": yaml: line 2, column 1: did not find expected ',' or ']'"},
	{"a list, not a Config",
	 {{"bad", "- a\n- b\n"}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "error loading config file \"$D/bad\": couldn't get version/kind; json parse error: json: cannot "
		     "unmarshal array into Go value of type struct"},
	{"not a Config kind",
	 {{"bad", "kind: Pod\n"}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "no kind \"Pod\" is registered for version \"v1\" in scheme "
		     "\"k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50\""},
	{"wrong version",
	 {{"bad", "apiVersion: v2\nkind: Config\n"}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "no kind \"Config\" is registered for version \"v2\""},
	{"bool field given a string",
	 {{"bad", "clusters:\n" CLUSTER("c", "    server: https://h:1\n    insecure-skip-tls-verify: yes please\n")}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "error loading config file \"$D/bad\": json: cannot unmarshal string into Go struct field "
		     "Cluster.clusters.cluster.insecure-skip-tls-verify of type bool"},
	{"list field given a number",
	 {{"bad", "clusters: 5\n"}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "json: cannot unmarshal number into Go struct field Config.clusters of type []v1.NamedCluster"},
	{"name given a bool (YAML 1.1 'y')",
	 {{"bad", "contexts:\n- name: y\n  context: {}\n"}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "json: cannot unmarshal bool into Go struct field NamedContext.contexts.name of type string"},
	{"context given a number",
	 {{"bad", "contexts:\n- name: x\n  context: 5\n"}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "json: cannot unmarshal number into Go struct field NamedContext.contexts.context of type "
		     "v1.Context"},
	{"data field given a number",
	 {{"bad", "users:\n" USER("u", "    client-key-data: 5\n")}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "json: cannot unmarshal number into Go struct field AuthInfo.users.user.client-key-data of type "
		     "[]uint8"},
	{"duplicate names in one file",
	 {{"bad", "clusters:\n" CLUSTER("c", "    server: a\n") CLUSTER("c", "    server: b\n")}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "error converting *[]NamedCluster into *map[string]*api.Cluster: duplicate name \"c\" in list"},
	{"base64: incomplete quantum",
	 {{"bad", "clusters:\n" CLUSTER("c", "    certificate-authority-data: YWJjZA\n")}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "error loading config file \"$D/bad\": illegal base64 data at input byte 4"},
	{"base64: bad character",
	 {{"bad", "users:\n" USER("u", "    client-certificate-data: \"YW Jj\"\n")}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "illegal base64 data at input byte 2"},
	{"base64: data after padding",
	 {{"bad", "users:\n" USER("u", "    client-key-data: YWJjZA==YWJj\n")}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "illegal base64 data at input byte 8"},
	{"base64: short padding",
	 {{"bad", "clusters:\n" CLUSTER("c", "    certificate-authority-data: YWJjZA=\n")}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "illegal base64 data at input byte 7"},
	{"base64: missing padding",
	 {{"bad", "clusters:\n" CLUSTER("c", "    certificate-authority-data: YWJ\n")}},
	 .explicit_path = "$D/bad",
	 .want = -EBADMSG,
	 .want_msg = "illegal base64 data at input byte 0"},
	{"data fields decoded, newlines allowed",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n    certificate-authority-data: \"YWJj\\nZGVm\"\n")
			  "users:\n" USER("u", "    client-certificate-data: Y2VydA==\n    client-key-data: a2V5\n")
			  "contexts:\n" CONTEXT("x", "c", "u", "") "current-context: x\n"}},
	 .explicit_path = "$D/config",
	 .cfg = {.server = "https://h:1", .ca_data = "abcdef", .cert_data = "cert", .key_data = "key",
		 .namespace = "default"}},
	{"exec plugin selected",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n")
			  "users:\n" USER("ex", "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
					       "      command: gke-gcloud-auth-plugin\n")
			  "contexts:\n" CONTEXT("x", "c", "ex", "") "current-context: x\n"}},
	 .explicit_path = "$D/config",
	 .want = -ENOTSUP,
	 .want_msg = "user \"ex\" gets its credentials from the exec plugin \"gke-gcloud-auth-plugin\", which kc does "
		     "not support"},
	{"exec plugin of another user does not matter",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n")
			  "users:\n" USER("ex", "    exec:\n      command: ./plugin\n") USER("ok", "    token: t\n")
			  "contexts:\n" CONTEXT("x", "c", "ex", "") CONTEXT("z", "c", "ok", "") "current-context: z\n"}},
	 .explicit_path = "$D/config",
	 .cfg = {.server = "https://h:1", .token = "t", .namespace = "default"}},
	{"auth-provider selected",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n")
			  "users:\n" USER("ap", "    auth-provider:\n      name: oidc\n")
			  "contexts:\n" CONTEXT("x", "c", "ap", "") "current-context: x\n"}},
	 .explicit_path = "$D/config",
	 .want = -ENOTSUP,
	 .want_msg = "user \"ap\" uses the auth-provider \"oidc\", which kc does not support"},
	{"token and basic auth",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n")
			  "users:\n" USER("both", "    token: x\n    username: a\n    password: b\n")
			  "contexts:\n" CONTEXT("x", "c", "both", "") "current-context: x\n"}},
	 .explicit_path = "$D/config",
	 .want = -EINVAL,
	 .want_msg = "more than one authentication method found for both; found [token basicAuth], only one is allowed"},
	{"client certificate without key",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n")
			  "users:\n" USER("nokey", "    client-certificate: c.crt\n")
			  "contexts:\n" CONTEXT("x", "c", "nokey", "") "current-context: x\n"},
	  {"c.crt", "C"}},
	 .explicit_path = "$D/config",
	 .want = -EINVAL,
	 .want_msg = "client-key-data or client-key must be specified for nokey to use the clientCert authentication "
		     "method."},
	{"CA file missing",
	 {{"config", BASIC}},
	 .explicit_path = "$D/config",
	 .want = -EINVAL,
	 .want_msg = "unable to read certificate-authority $D/ca.crt for c1 due to open $D/ca.crt: no such file or "
		     "directory"},
	{"client key file missing",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n")
			  "users:\n" USER("u", "    client-certificate: c.crt\n    client-key: k.key\n")
			  "contexts:\n" CONTEXT("x", "c", "u", "") "current-context: x\n"},
	  {"c.crt", "C"}},
	 .explicit_path = "$D/config",
	 .want = -EINVAL,
	 .want_msg = "unable to read client-key $D/k.key for u due to open $D/k.key: no such file or directory"},
	{"token file relative and missing",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n") "users:\n" USER("u", "    tokenFile: tok\n")
			  "contexts:\n" CONTEXT("x", "c", "u", "") "current-context: x\n"}},
	 .explicit_path = "$D/config",
	 .want = -EINVAL,
	 .want_msg = "open $D/tok: no such file or directory"},
	{"token file",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n") "users:\n" USER("u", "    tokenFile: tok\n")
			  "contexts:\n" CONTEXT("x", "c", "u", "") "current-context: x\n"},
	  {"tok", "secret\n"}},
	 .explicit_path = "$D/config",
	 .cfg = {.server = "https://h:1", .token_file = "$D/tok", .namespace = "default"}},
	{"overrides",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n    certificate-authority-data: YWJj\n"
						     "    tls-server-name: kubernetes\n")
			  "users:\n" USER("u", "    tokenFile: nope\n    client-certificate-data: Y2VydA==\n"
					      "    client-key-data: a2V5\n")
			  "contexts:\n" CONTEXT("x", "c", "u", "    namespace: a\n") "current-context: x\n"},
	  {"other-ca.crt", "CA2"}},
	 .explicit_path = "$D/config",
	 .o = {.server = "https://other:2", .token = "flag-token", .namespace = "b",
	       .certificate_authority = "$D/other-ca.crt"},
	 .cfg = {.server = "https://other:2", .ca_file = "$D/other-ca.crt", .cert_data = "cert", .key_data = "key",
		 .token = "flag-token", .namespace = "b"}},
	{"--insecure-skip-tls-verify clears the CA, --tls-server-name kept",
	 {{"config", BASIC}},
	 .explicit_path = "$D/config",
	 .o = {.insecure_skip_tls_verify = true, .tls_server_name = "api.example"},
	 .cfg = {.server = "https://10.0.0.1:6443", .insecure = true, .token = "tok1", .namespace = "ns1",
		 .tls_server_name = "api.example"}},
	{"CA and insecure together",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n    certificate-authority-data: YWJj\n"
						     "    insecure-skip-tls-verify: true\n")
			  "contexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n"}},
	 .explicit_path = "$D/config",
	 .want = -EINVAL,
	 .want_msg = "specifying a root certificates file with the insecure flag is not allowed"},
	{"--server without any file",
	 {{"x", ""}},
	 .env = "$D/nope",
	 .o = {.server = "https://flag:6443", .token = "t", .insecure_skip_tls_verify = true},
	 .cfg = {.server = "https://flag:6443", .token = "t", .insecure = true, .namespace = "default"}},
	{"--user and --cluster pick entries without a context",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n") "users:\n" USER("u", "    token: t\n")}},
	 .explicit_path = "$D/config",
	 .o = {.cluster = "c", .user = "u"},
	 .cfg = {.server = "https://h:1", .token = "t", .namespace = "default"}},
	{"http server: no credentials, as client-go",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: http://127.0.0.1:8080\n")
			  "users:\n" USER("u", "    token: t\n") "contexts:\n" CONTEXT("x", "c", "u", "")
			  "current-context: x\n"}},
	 .explicit_path = "$D/config",
	 .cfg = {.server = "http://127.0.0.1:8080", .namespace = "default"}},
	{"proxy-url ignored with a note",
	 {{"config", HEAD "clusters:\n" CLUSTER("c", "    server: https://h:1\n    proxy-url: http://proxy:3128\n")
			  "contexts:\n- name: x\n  context:\n    cluster: c\ncurrent-context: x\n"}},
	 .explicit_path = "$D/config",
	 .cfg = {.server = "https://h:1", .namespace = "default"},
	 .want_note = "proxy-url \"http://proxy:3128\" of cluster \"c\" is ignored"},
	{"a directory in the list",
	 {{"dir/x", ""}},
	 .env = "$D/dir",
	 .want = -EBADMSG,
	 .want_msg = "error loading config file \"$D/dir\": read $D/dir: is a directory"},
};

static void expect_str(const char *name, const char *field, const char *got, const char *want_raw, const char *dir)
{
	_cleanup_free_ char *want = subst(want_raw, dir);
	if (!streq_ptr(got, want))
		fail_msg("case %s: %s is \"%s\", want \"%s\"", name, field, got ? got : "(null)",
			 want ? want : "(null)");
}

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const kc_case *c = &cases[i];
		_cleanup_free_ char *dir = make_dir();
		for (size_t f = 0; f < KC_ARRAY_SIZE(c->files) && c->files[f][0]; f++)
			write_file(dir, c->files[f][0], c->files[f][1]);
		_cleanup_free_ char *explicit_path = subst(c->explicit_path, dir);
		_cleanup_free_ char *env = subst(c->env, dir);
		_cleanup_free_ char *home = subst(c->home, dir);
		_cleanup_free_ char *ca = subst(c->o.certificate_authority, dir);
		kc_kubeconfig_overrides o = c->o;
		o.certificate_authority = ca;

		kc_error err = KC_ERROR_INIT;
		kc_kubeconfig *kc = NULL;
		kc_client_config cfg = {0};
		int r = kc_kubeconfig_load_files(explicit_path, env, home, &kc, &err);
		if (r == 0)
			r = kc_kubeconfig_client_config(kc, &o, c->master, &cfg, &err);
		_cleanup_free_ char *want_msg = subst(c->want_msg, dir);
		if (r != c->want || (want_msg && !strstr(err.msg, want_msg)))
			fail_msg("case %s: got %d [%s], want %d [%s]", c->name, r, err.msg, c->want,
				 want_msg ? want_msg : "");
		if (c->want_note) {
			_cleanup_free_ char *note = subst(c->want_note, dir);
			bool found = false;
			for (const char *const *n = kc ? kc_kubeconfig_notes(kc) : NULL; n && *n; n++)
				found = found || strstr(*n, note);
			if (!found)
				fail_msg("case %s: no note \"%s\"", c->name, note);
		}
		if (r == 0) {
			const want_cfg *w = &c->cfg;
			expect_str(c->name, "server", cfg.server, w->server, dir);
			expect_str(c->name, "ca_file", cfg.ca_file, w->ca_file, dir);
			expect_str(c->name, "ca_data", cfg.ca_data, w->ca_data, dir);
			expect_str(c->name, "cert_file", cfg.cert_file, w->cert_file, dir);
			expect_str(c->name, "cert_data", cfg.cert_data, w->cert_data, dir);
			expect_str(c->name, "key_file", cfg.key_file, w->key_file, dir);
			expect_str(c->name, "key_data", cfg.key_data, w->key_data, dir);
			expect_str(c->name, "token", cfg.token, w->token, dir);
			expect_str(c->name, "token_file", cfg.token_file, w->token_file, dir);
			expect_str(c->name, "username", cfg.username, w->username, dir);
			expect_str(c->name, "password", cfg.password, w->password, dir);
			expect_str(c->name, "namespace", cfg.namespace, w->namespace, dir);
			expect_str(c->name, "tls_server_name", cfg.tls_server_name, w->tls_server_name, dir);
			if (cfg.insecure_skip_tls_verify != w->insecure)
				fail_msg("case %s: insecure is %d", c->name, cfg.insecure_skip_tls_verify);
		}
		kc_client_config_clear(&cfg);
		kc_kubeconfig_free(kc);
		remove_tree(dir);
	}
}

/* The merged document is what `kubectl config view --raw` shows. */
static void test_merged_view(void **state)
{
	(void)state;
	_cleanup_free_ char *dir = make_dir();
	write_file(dir, "a", HEAD "clusters:\n" CLUSTER("c1", "    server: https://a:1\n    certificate-authority: ca\n")
				  "current-context: ctx\n");
	write_file(dir, "b", HEAD "clusters:\n" CLUSTER("c1", "    server: https://b:1\n") CLUSTER("c2", "    server: https://b:2\n")
				  "contexts:\n" CONTEXT("ctx", "c1", "u", ""));
	_cleanup_free_ char *env = subst("$D/a:$D/b", dir);
	kc_kubeconfig *kc = NULL;
	assert_int_equal(kc_kubeconfig_load_files(NULL, env, NULL, &kc, NULL), 0);
	const cJSON *doc = kc_kubeconfig_merged(kc);
	const cJSON *clusters = cJSON_GetObjectItem(doc, "clusters");
	assert_int_equal(cJSON_GetArraySize(clusters), 2);
	const cJSON *c1 = cJSON_GetObjectItem(cJSON_GetArrayItem(clusters, 0), "cluster");
	assert_string_equal(cJSON_GetObjectItem(c1, "server")->valuestring, "https://a:1");
	_cleanup_free_ char *ca = subst("$D/ca", dir);
	assert_string_equal(cJSON_GetObjectItem(c1, "certificate-authority")->valuestring, ca);
	assert_string_equal(kc_kubeconfig_current_context(kc), "ctx");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "contexts")), 1);
	assert_null(kc_kubeconfig_notes(kc)[0]);
	kc_kubeconfig_free(kc);
	remove_tree(dir);
}

/* kc_kubeconfig_load reads the environment. */
static void test_load_from_env(void **state)
{
	(void)state;
	_cleanup_free_ char *dir = make_dir();
	write_file(dir, "home/.kube/config", BASIC);
	write_file(dir, "home/.kube/ca.crt", "CA");
	_cleanup_free_ char *home = subst("$D/home", dir);
	setenv("HOME", home, 1);
	unsetenv("KUBECONFIG");
	unsetenv("KUBERNETES_MASTER");
	unsetenv("KUBERNETES_SERVICE_HOST");
	kc_client_config cfg = {0};
	char **notes = NULL;
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_kubeconfig_load(NULL, &cfg, &notes, &err), 0);
	assert_string_equal(cfg.server, "https://10.0.0.1:6443");
	assert_non_null(notes);
	assert_null(notes[0]);
	kc_kubeconfig_notes_free(notes);
	kc_client_config_clear(&cfg);

	/* $KUBECONFIG replaces ~/.kube/config; missing files only: the error
	 * and, as kubectl, no in-cluster fallback outside a pod. */
	_cleanup_free_ char *env = subst("$D/nope", dir);
	setenv("KUBECONFIG", env, 1);
	assert_int_equal(kc_kubeconfig_load(NULL, &cfg, NULL, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "no configuration has been provided"));
	unsetenv("KUBECONFIG");
	remove_tree(dir);
}

typedef struct icc_case {
	const char *name;
	const char *host, *port, *pod_ns;
	const char *files[3][2];
	int want;
	const char *want_msg;
	const char *server, *ca_file, *ns;
} icc_case;

static const icc_case icc_cases[] = {
	{"all there", "10.96.0.1", "443", NULL, {{"token", "t\n"}, {"ca.crt", "CA"}, {"namespace", "kube-system\n"}}, 0,
	 NULL, "https://10.96.0.1:443", "$D/ca.crt", "kube-system"},
	{"IPv6 host, no ca.crt, no namespace", "fd00::1", "6443", NULL, {{"token", "t"}}, 0, NULL,
	 "https://[fd00::1]:6443", NULL, "default"},
	{"POD_NAMESPACE wins", "h", "1", "mine", {{"token", "t"}, {"namespace", "theirs"}}, 0, NULL, "https://h:1", NULL,
	 "mine"},
	{"not in a pod", NULL, "443", NULL, {{"token", "t"}}, -ENOENT,
	 "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined",
	 NULL, NULL, NULL},
	{"no token", "h", "1", NULL, {{"ca.crt", "CA"}}, -ENOENT, "open $D/token: no such file or directory", NULL, NULL,
	 NULL},
};

static void test_in_cluster(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(icc_cases); i++) {
		const icc_case *c = &icc_cases[i];
		_cleanup_free_ char *dir = make_dir();
		for (size_t f = 0; f < KC_ARRAY_SIZE(c->files) && c->files[f][0]; f++)
			write_file(dir, c->files[f][0], c->files[f][1]);
		kc_client_config cfg = {0};
		kc_error err = KC_ERROR_INIT;
		int r = kc_kubeconfig_in_cluster_from(c->host, c->port, dir, c->pod_ns, &cfg, &err);
		_cleanup_free_ char *want_msg = subst(c->want_msg, dir);
		if (r != c->want || (want_msg && !streq(err.msg, want_msg)))
			fail_msg("case %s: got %d [%s]", c->name, r, err.msg);
		assert_int_equal(kc_kubeconfig_in_cluster_possible(c->host, c->port, dir), c->want == 0);
		if (r == 0) {
			expect_str(c->name, "server", cfg.server, c->server, dir);
			expect_str(c->name, "ca_file", cfg.ca_file, c->ca_file, dir);
			expect_str(c->name, "namespace", cfg.namespace, c->ns, dir);
			expect_str(c->name, "token_file", cfg.token_file, "$D/token", dir);
			assert_null(cfg.token);
		}
		kc_client_config_clear(&cfg);
		remove_tree(dir);
	}
}

static void test_edit(void **state)
{
	(void)state;
	_cleanup_free_ char *dir = make_dir();
	_cleanup_free_ char *path = subst("$D/new/dir/config", dir);

	/* A missing file starts empty. */
	cJSON *doc = NULL;
	assert_int_equal(kc_kubeconfig_read_raw(path, &doc, NULL), 0);
	assert_string_equal(cJSON_GetObjectItem(doc, "kind")->valuestring, "Config");
	assert_null(kc_kubeconfig_raw_find(doc, "contexts", "dev"));

	cJSON *cl = kc_kubeconfig_raw_ensure(doc, "clusters", "c");
	cJSON_AddStringToObject(cl, "server", "https://h:1");
	cJSON_AddBoolToObject(cl, "insecure-skip-tls-verify", true);
	cJSON *u = kc_kubeconfig_raw_ensure(doc, "users", "u");
	cJSON_AddStringToObject(u, "token", "t");
	cJSON *ctx = kc_kubeconfig_raw_ensure(doc, "contexts", "dev");
	cJSON_AddStringToObject(ctx, "cluster", "c");
	cJSON_AddStringToObject(ctx, "user", "u");
	assert_ptr_equal(kc_kubeconfig_raw_ensure(doc, "contexts", "dev"), ctx); /* found, not added twice */
	kc_kubeconfig_raw_ensure(doc, "contexts", "gone");
	assert_true(kc_kubeconfig_raw_delete(doc, "contexts", "gone"));
	assert_false(kc_kubeconfig_raw_delete(doc, "contexts", "gone"));
	assert_null(kc_kubeconfig_raw_ensure(doc, "pods", "x"));
	cJSON_ReplaceItemInObject(doc, "current-context", cJSON_CreateString("dev"));
	kc_error err = KC_ERROR_INIT;
	if (kc_kubeconfig_write_raw(path, doc, &err) < 0)
		fail_msg("write: %s", err.msg);
	cJSON_Delete(doc);

	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	_cleanup_free_ char *text = NULL;
	assert_int_equal(kc_read_file(path, 1 << 20, &text, NULL), 0);
	assert_non_null(strstr(text, "current-context: dev\n")); /* YAML, not JSON */

	/* It loads back as kubectl would read it. */
	kc_kubeconfig *kc = NULL;
	assert_int_equal(kc_kubeconfig_load_files(path, NULL, NULL, &kc, NULL), 0);
	kc_client_config cfg = {0};
	assert_int_equal(kc_kubeconfig_client_config(kc, NULL, NULL, &cfg, &err), 0);
	assert_string_equal(cfg.server, "https://h:1");
	assert_string_equal(cfg.token, "t");
	assert_true(cfg.insecure_skip_tls_verify);
	kc_client_config_clear(&cfg);
	kc_kubeconfig_free(kc);

	/* read_raw refuses a broken file. */
	write_file(dir, "broken", "clusters: 5\n");
	_cleanup_free_ char *broken = subst("$D/broken", dir);
	doc = NULL;
	assert_int_equal(kc_kubeconfig_read_raw(broken, &doc, &err), -EBADMSG);
	assert_null(doc);
	remove_tree(dir);
}

static void test_default_filename(void **state)
{
	(void)state;
	_cleanup_free_ char *dir = make_dir();
	write_file(dir, "b", "");
	struct {
		const char *explicit_path, *env, *home, *want;
		int r;
	} cs[] = {
		{"$D/x", "$D/b", "$D", "$D/x", 0},
		{NULL, "$D/a:$D/b:$D/c", "$D", "$D/b", 0},   /* first existing */
		{NULL, "$D/a:$D/c", "$D", "$D/a", 0},        /* else the first */
		{NULL, NULL, "$D/home", "$D/home/.kube/config", 0},
		{NULL, "", NULL, NULL, -ENOENT},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cs); i++) {
		_cleanup_free_ char *e = subst(cs[i].explicit_path, dir);
		_cleanup_free_ char *l = subst(cs[i].env, dir);
		_cleanup_free_ char *h = subst(cs[i].home, dir);
		_cleanup_free_ char *want = subst(cs[i].want, dir);
		char *got = NULL;
		int r = kc_kubeconfig_default_filename(e, l, h, &got);
		if (r != cs[i].r || !streq_ptr(got, want))
			fail_msg("default filename case %zu: %d %s", i, r, got ? got : "(null)");
		free(got);
	}
	remove_tree(dir);
}

/* A kubeconfig parsed from memory, as the fuzzer drives it. */
static void test_parse_memory(void **state)
{
	(void)state;
	static const char yaml[] = BASIC;
	kc_kubeconfig *kc = NULL;
	assert_int_equal(kc_kubeconfig_parse(yaml, sizeof(yaml) - 1, "/etc/kc/admin.conf", &kc, NULL), 0);
	const cJSON *c = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(kc_kubeconfig_merged(kc), "clusters"), 0),
					     "cluster");
	assert_string_equal(cJSON_GetObjectItem(c, "certificate-authority")->valuestring, "/etc/kc/ca.crt");
	kc_kubeconfig_free(kc);
	kc_error err = KC_ERROR_INIT;
	assert_int_equal(kc_kubeconfig_parse("a: [", 4, "mem", &kc, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "error loading config file \"mem\": "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),          cmocka_unit_test(test_merged_view),
		cmocka_unit_test(test_load_from_env),  cmocka_unit_test(test_in_cluster),
		cmocka_unit_test(test_edit),           cmocka_unit_test(test_default_filename),
		cmocka_unit_test(test_parse_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
