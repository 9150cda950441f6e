/* test_ctl_create.c - kc create's generators against kubectl: every command
 * line of test_ctl_create_cases.h (client dry runs and mistakes, no server)
 * must print what kubectl printed, byte for byte, and exit alike. Also the
 * pure helpers: --append-hash and container names. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "common/json.h"
#include "common/util.h"
#include "ctl/commands.h"
#include "ctl/create.h"

#include "test_ctl_create_cases.h"

/* Runs `kc ARGS` in-process; returns the exit code, with what it printed. */
static int run_kc(const char *const *args, char **ret_out, char **ret_err)
{
	size_t n = 0;
	while (args[n])
		n++;
	char **argv = xcalloc(n + 1, sizeof(*argv));
	for (size_t i = 0; i < n; i++)
		argv[i] = xstrdup(args[i]);
	char *out = NULL, *err = NULL;
	size_t out_len = 0, err_len = 0;
	kc_ctx ctx = {0};
	ctx.out = open_memstream(&out, &out_len);
	ctx.err = open_memstream(&err, &err_len);
	kc_ctx_global_flags(&ctx);
	const kc_command *cmd = NULL;
	for (const kc_command *c = kc_commands; c->name; c++)
		if (streq(c->name, argv[0]))
			cmd = c;
	assert_non_null(cmd);
	int rc = cmd->fn(&ctx, (int)n, argv);
	kc_ctx_free(&ctx);
	fclose(ctx.out);
	fclose(ctx.err);
	for (size_t i = 0; i < n; i++)
		free(argv[i]);
	free(argv);
	*ret_out = out;
	*ret_err = err;
	return rc;
}

static void test_kubectl_goldens(void **state)
{
	(void)state;
	const char *src = getenv("KC_SOURCE_DIR");
	_cleanup_free_ char *dir = xasprintf("%s/tests/fixtures/create", src ? src : ".");
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	setenv("KUBECONFIG", "/nonexistent/kc-test-kubeconfig", 1); /* nothing may reach a server */
	size_t failed = 0;
	for (size_t i = 0; i < KC_ARRAY_SIZE(create_cases); i++) {
		const struct create_case *c = &create_cases[i];
		_cleanup_free_ char *out = NULL, *err = NULL;
		int rc = run_kc(c->args, &out, &err);
		_cleanup_buf_ kc_buf name = KC_BUF_INIT;
		for (const char *const *a = c->args; *a; a++)
			kc_buf_addf(&name, "%s%s", a == c->args ? "" : " ", *a);
		if (!streq(out, c->out) || !streq(err, c->err) || rc != c->rc) {
			print_error("case kc %s:\n--- stdout got\n%s--- want\n%s--- stderr got\n%s--- want\n%s--- exit %d, "
				    "want %d\n",
				    name.s, out, c->out, err, c->err, rc, c->rc);
			failed++;
		}
	}
	assert_int_equal(chdir(cwd), 0);
	if (failed)
		fail_msg("%zu of %zu command lines differ from kubectl", failed, KC_ARRAY_SIZE(create_cases));
}

static void test_hash_suffix(void **state)
{
	(void)state;
	/* values kubectl printed (see the goldens) */
	static const struct {
		const char *name, *obj, *want;
	} cases[] = {
	    {"configmap", "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"},\"data\":{\"a\":\"1\"}}", "ctbg988m74"},
	    {"configmap with binary data",
	     "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"},\"data\":{\"a\":\"1\"},\"binaryData\":{\"bin.dat\":"
	     "\"AAEC/w==\"}}",
	     "m5ccc4d479"},
	    {"secret", "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s1\"},\"data\":{\"a\":\"MQ==\"}}", "6729ffk25f"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		cJSON *o = NULL;
		assert_int_equal(kc_json_parse_str(cases[i].obj, &o, NULL), 0);
		_cleanup_free_ char *got = kc_create_hash_suffix(o);
		if (!streq(got, cases[i].want))
			fail_msg("case %s: %s, want %s", cases[i].name, got, cases[i].want);
		cJSON_Delete(o);
	}
}

static void test_container_name(void **state)
{
	(void)state;
	static const struct {
		const char *image, *want; /* want: the name, or its prefix before a random suffix */
		bool random;
	} cases[] = {
	    {"nginx", "nginx", false},
	    {"nginx:1.14.2", "nginx", false},
	    {"reg.io:5000/team/app@sha256:abc", "app", false},
	    {"busybox@sha256:00", "busybox", false},
	    {"reg.io/team/my_app.v2", "my-app-v2-", true},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *got = kc_create_container_name(cases[i].image);
		bool ok = cases[i].random ? str_startswith(got, cases[i].want) && strlen(got) == strlen(cases[i].want) + 5
					  : streq(got, cases[i].want);
		if (!ok)
			fail_msg("case %s: %s", cases[i].image, got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kubectl_goldens),
	    cmocka_unit_test(test_hash_suffix),
	    cmocka_unit_test(test_container_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
