/* test_flags.c - the flag parser (common/flags.h): argv vectors with the
 * values and arguments they give, pflag's errors, help output. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/flags.h"
#include "common/util.h"

typedef struct opts {
	const char *ns, *output, *dry_run;
	bool all, watch;
	int replicas, port;
	int64_t big, timeout;
	double ratio;
	kc_flags_list files, literals;
	kc_map *labels;
	kc_flags_common common;
	kc_flag flags[16];
	kc_flag *tables[3];
} opts;

static int parse_port(const char *value, void *data, kc_error *err)
{
	char *end;
	long v = strtol(value, &end, 10);
	if (!*value || *end || v < 1 || v > 65535)
		return kc_error_set(err, -EINVAL, "port must be 1-65535");
	*(int *)data = (int)v;
	return 0;
}

static void opts_init(opts *o)
{
	memset(o, 0, sizeof(*o));
	kc_flag flags[] = {
	    KC_FLAG_STRING("namespace", 'n', &o->ns, "",
	                   "If present, the namespace scope for this CLI request"),
	    KC_FLAG_BOOL("all-namespaces", 'A', &o->all, "false", "List across all namespaces."),
	    KC_FLAG_BOOL("watch", 'w', &o->watch, "", "Watch for changes."),
	    KC_FLAG_INT("replicas", 0, &o->replicas, "1", "Number of replicas."),
	    KC_FLAG_INT64("big", 0, &o->big, "0", "A large number."),
	    KC_FLAG_FLOAT("ratio", 0, &o->ratio, "0.5", "A ratio."),
	    KC_FLAG_DURATION("timeout", 0, &o->timeout, "30s", "How long to wait."),
	    KC_FLAG_STRING_SLICE("filename", 'f', &o->files, "", "Files to use."),
	    KC_FLAG_STRING_ARRAY("from-literal", 0, &o->literals, "", "Literal key=value pairs."),
	    KC_FLAG_STRING_MAP("labels", 'l', &o->labels, "", "Labels to apply."),
	    KC_FLAG_STRING("output", 'o', &o->output, "", "Output format."),
	    KC_FLAG_FUNC("port", 0, parse_port, &o->port, "port", "", "The port."),
	    KC_FLAG_END,
	};
	memcpy(o->flags, flags, sizeof(flags));
	o->flags[12] = o->flags[11];
	o->flags[11] = (kc_flag){.name = "dry-run",
	                         .type = KC_FLAG_T_STRING,
	                         .value = &o->dry_run,
	                         .def = "none",
	                         .noopt = "unchanged",
	                         .usage = "Only print what would be sent."};
	o->flags[13] = (kc_flag)KC_FLAG_END;
	o->tables[0] = o->flags;
	o->tables[1] = kc_flags_common_init(&o->common, NULL);
	o->tables[2] = NULL;
}

static void dump_list(kc_buf *b, const char *name, const kc_flags_list *l)
{
	kc_buf_addf(b, " %s=[", name);
	for (size_t i = 0; i < l->n; i++)
		kc_buf_addf(b, "%s%s", i ? "|" : "", l->items[i]);
	kc_buf_addch(b, ']');
	assert_true(l->n == 0 || l->items[l->n] == NULL);
}

/* Every value as space-separated tokens, for the cases to pick from. */
static char *dump(const opts *o)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_addf(
	    &b, "ns=%s output=%s dry=%s all=%d watch=%d replicas=%d big=%lld ratio=%g timeout=%lld port=%d",
	    o->ns, o->output, o->dry_run, o->all, o->watch, o->replicas, (long long)o->big, o->ratio,
	    (long long)o->timeout, o->port);
	kc_buf_addf(&b, " kubeconfig=%s v=%d", o->common.kubeconfig, o->common.verbosity);
	dump_list(&b, "files", &o->files);
	dump_list(&b, "lit", &o->literals);
	kc_buf_addstr(&b, " labels={");
	if (o->labels) {
		size_t n;
		const char **keys = kc_map_sorted_keys(o->labels, &n);
		for (size_t i = 0; i < n; i++)
			kc_buf_addf(&b, "%s%s=%s", i ? "," : "", keys[i],
			            (const char *)kc_map_get(o->labels, keys[i]));
		free(keys);
	}
	kc_buf_addch(&b, '}');
	for (kc_flag *const *t = o->tables; *t; t++)
		for (kc_flag *f = *t; f->name; f++)
			if (f->changed)
				kc_buf_addf(&b, " changed:%s", f->name);
	return kc_buf_release(&b);
}

static bool has_token(const char *s, const char *tok)
{
	size_t n = strlen(tok);
	for (const char *p = s; (p = strstr(p, tok)); p++)
		if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

#define MAXARGV 8

static const struct parse_case {
	const char *argv[MAXARGV];
	unsigned opts;
	const char *want; /* tokens that must be in dump(), space-separated */
	const char *args; /* positional arguments joined with '|' */
	int dash;
} parse_cases[] = {
    {{NULL}, 0, "ns= replicas=1 ratio=0.5 timeout=30000000000 dry=none all=0 files=[] labels={}", "", -1},
    {{"get", "pods", "-n", "x", "-o", "wide"},
     0,
     "ns=x output=wide changed:namespace changed:output",
     "get|pods",
     -1},
    {{"--namespace=x"}, 0, "ns=x", "", -1},
    {{"--namespace", "x", "y"}, 0, "ns=x", "y", -1},
    {{"-nx"}, 0, "ns=x", "", -1},
    {{"-n=x"}, 0, "ns=x", "", -1},
    {{"-n="}, 0, "ns==", "", -1}, /* pflag: "-n=" is the value "=" */
    {{"--namespace="}, 0, "ns= changed:namespace", "", -1},
    {{"-n", "a", "-n", "b"}, 0, "ns=b", "", -1},
    {{"--all-namespaces"}, 0, "all=1 changed:all-namespaces", "", -1},
    {{"--all-namespaces=false"}, 0, "all=0 changed:all-namespaces", "", -1},
    {{"--all-namespaces", "false"}, 0, "all=1", "false", -1},
    {{"-Aw"}, 0, "all=1 watch=1", "", -1},
    {{"-A=false", "-w=T"}, 0, "all=0 watch=1", "", -1},
    {{"-A=0"}, 0, "all=0 changed:all-namespaces", "", -1},
    {{"--all_namespaces"}, 0, "all=1", "", -1},
    {{"--replicas", "3"}, 0, "replicas=3 changed:replicas", "", -1},
    {{"--replicas=1"}, 0, "replicas=1 changed:replicas", "", -1},
    {{"--replicas=0x10"}, 0, "replicas=16", "", -1},
    {{"--replicas=-0o17"}, 0, "replicas=-15", "", -1},
    {{"--replicas=1_000"}, 0, "replicas=1000", "", -1},
    {{"--big=9223372036854775807"}, 0, "big=9223372036854775807", "", -1},
    {{"--big=-9223372036854775808"}, 0, "big=-9223372036854775808", "", -1},
    {{"--ratio=1e-3"}, 0, "ratio=0.001", "", -1},
    {{"--timeout=1m30s"}, 0, "timeout=90000000000", "", -1},
    {{"--timeout=1.5h"}, 0, "timeout=5400000000000", "", -1},
    {{"--timeout=-5ms"}, 0, "timeout=-5000000", "", -1},
    {{"--timeout=0"}, 0, "timeout=0 changed:timeout", "", -1},
    {{"--timeout=1h2m3.5s"}, 0, "timeout=3723500000000", "", -1},
    {{"--timeout=10\xc2\xb5s"}, 0, "timeout=10000", "", -1},
    {{"--timeout=.5s"}, 0, "timeout=500000000", "", -1},
    {{"-f", "a.yaml,b.yaml", "-f", "c.yaml"}, 0, "files=[a.yaml|b.yaml|c.yaml]", "", -1},
    {{"-f", "\"a,b\",c"}, 0, "files=[a,b|c]", "", -1},
    {{"-f="}, 0, "files=[=]", "", -1},
    {{"--filename="}, 0, "files=[] changed:filename", "", -1},
    {{"--from-literal", "a=1,2", "--from-literal=b=x"}, 0, "lit=[a=1,2|b=x]", "", -1},
    {{"-l", "a=1,b=2", "-l", "c=3"}, 0, "labels={a=1,b=2,c=3}", "", -1},
    {{"-l", "a=1,2"}, 0, "labels={a=1,2}", "", -1}, /* one '=': no splitting at commas */
    {{"-l", "\"a=x\""}, 0, "labels={a=x}", "", -1},
    {{"-l", "a=1", "-l", "a=2"}, 0, "labels={a=2}", "", -1},
    {{"--dry-run"}, 0, "dry=unchanged", "", -1},
    {{"--dry-run=client"}, 0, "dry=client", "", -1},
    {{"--dry-run", "client"}, 0, "dry=unchanged", "client", -1},
    {{"--port=8080"}, 0, "port=8080 changed:port", "", -1},
    {{"--kubeconfig", "/k", "-v", "5"}, 0, "kubeconfig=/k v=5 changed:kubeconfig changed:v", "", -1},
    {{"-v=5"}, 0, "v=5", "", -1},
    {{"--v=5"}, 0, "v=5", "", -1},
    {{"-v5"}, 0, "v=5", "", -1},
    {{"--", "-n", "x"}, 0, "ns=", "-n|x", 0},
    {{"a", "--", "b", "--"}, 0, "", "a|b|--", 1},
    {{"-"}, 0, "", "-", -1},
    {{""}, 0, "", "", -1},
    {{"exec", "pod", "-n", "x"}, KC_FLAGS_NO_INTERSPERSED, "ns=", "exec|pod|-n|x", -1},
    {{"-n", "x", "exec", "pod", "-c", "y"}, KC_FLAGS_NO_INTERSPERSED, "ns=x", "exec|pod|-c|y", -1},
    {{"--help=false"}, 0, "", "", -1},
};

static void test_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		int argc = 0;
		while (argc < MAXARGV && c->argv[argc])
			argc++;
		opts o;
		opts_init(&o);
		kc_error err = KC_ERROR_INIT;
		kc_flags_args args;
		int rc = kc_flags_parse(o.tables, argc, (char *const *)c->argv, c->opts, &args, &err);
		if (rc != 0)
			fail_msg("case %zu (%s ...): rc %d: %s", i, c->argv[0] ? c->argv[0] : "", rc,
			         err.msg);
		_cleanup_free_ char *d = dump(&o);
		_cleanup_free_ char *want = xstrdup(c->want);
		for (char *save = NULL, *tok = strtok_r(want, " ", &save); tok;
		     tok = strtok_r(NULL, " ", &save))
			if (!has_token(d, tok))
				fail_msg("case %zu (%s ...): want %s in: %s", i, c->argv[0] ? c->argv[0] : "",
				         tok, d);
		kc_buf joined = KC_BUF_INIT;
		kc_buf_addstr(&joined, "");
		for (int k = 0; k < args.n; k++)
			kc_buf_addf(&joined, "%s%s", k ? "|" : "", args.args[k]);
		if (!streq(joined.s, c->args) || args.dash != c->dash || args.args[args.n] != NULL)
			fail_msg("case %zu (%s ...): args \"%s\" dash %d, want \"%s\" dash %d", i,
			         c->argv[0] ? c->argv[0] : "", joined.s, args.dash, c->args, c->dash);
		kc_buf_free(&joined);
		free(args.args);
		kc_flags_release(o.tables);
		assert_null(o.files.items);
		assert_null(o.labels);
	}
}

static const struct error_case {
	const char *argv[MAXARGV];
	const char *want;
} error_cases[] = {
    {{"--foo"}, "unknown flag: --foo"},
    {{"get", "--foo=bar"}, "unknown flag: --foo"},
    {{"-x"}, "unknown shorthand flag: 'x' in -x"},
    {{"-Ax"}, "unknown shorthand flag: 'x' in -x"},
    {{"-n"}, "flag needs an argument: 'n' in -n"},
    {{"--kubeconfig"}, "flag needs an argument: --kubeconfig"},
    {{"---x"}, "bad flag syntax: ---x"},
    {{"--=x"}, "bad flag syntax: --=x"},
    {{"--replicas=abc"},
     "invalid argument \"abc\" for \"--replicas\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax"},
    {{"--replicas", "08"}, "strconv.ParseInt: parsing \"08\": invalid syntax"},
    {{"--replicas=1_"}, "strconv.ParseInt: parsing \"1_\": invalid syntax"},
    {{"--replicas=4294967296"}, "strconv.ParseInt: parsing \"4294967296\": value out of range"},
    {{"--big=99999999999999999999"},
     "invalid argument \"99999999999999999999\" for \"--big\" flag: strconv.ParseInt: parsing "
     "\"99999999999999999999\": value out of range"},
    {{"-A=maybe"},
     "invalid argument \"maybe\" for \"-A, --all-namespaces\" flag: strconv.ParseBool: parsing \"maybe\": "
     "invalid "
     "syntax"},
    {{"-v", "x"},
     "invalid argument \"x\" for \"-v, --v\" flag: strconv.ParseInt: parsing \"x\": invalid syntax"},
    {{"--ratio=x"},
     "invalid argument \"x\" for \"--ratio\" flag: strconv.ParseFloat: parsing \"x\": invalid syntax"},
    {{"--timeout=10"},
     "invalid argument \"10\" for \"--timeout\" flag: time: missing unit in duration \"10\""},
    {{"--timeout=10x"}, "time: unknown unit \"x\" in duration \"10x\""},
    {{"--timeout=abc"}, "time: invalid duration \"abc\""},
    {{"--timeout=-"}, "time: invalid duration \"-\""},
    {{"--timeout=.s"}, "time: invalid duration \".s\""},
    {{"--timeout=9999999999h"}, "time: invalid duration \"9999999999h\""},
    {{"-l", "a"}, "invalid argument \"a\" for \"-l, --labels\" flag: a must be formatted as key=value"},
    {{"-l", "a=1,b=2,c"}, "c must be formatted as key=value"},
    {{"-f", "a\"b"}, "parse error on line 1, column 2: bare \" in non-quoted-field"},
    {{"-f", "\"ab"}, "extraneous or missing \" in quoted-field"},
    {{"--port=0"}, "invalid argument \"0\" for \"--port\" flag: port must be 1-65535"},
    {{"--foo", "--help"}, "unknown flag: --foo"}, /* errors win over help */
    {{"--help=maybe"}, "strconv.ParseBool: parsing \"maybe\": invalid syntax"},
    {{"--replicas=\x01"}, "invalid argument \"\\x01\" for \"--replicas\" flag"},
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(error_cases); i++) {
		const struct error_case *c = &error_cases[i];
		int argc = 0;
		while (argc < MAXARGV && c->argv[argc])
			argc++;
		opts o;
		opts_init(&o);
		kc_error err = KC_ERROR_INIT;
		kc_flags_args args = {(char **)&err, 7, 7};
		int rc = kc_flags_parse(o.tables, argc, (char *const *)c->argv, 0, &args, &err);
		if (rc != -EINVAL || !strstr(err.msg, c->want))
			fail_msg("case %zu (%s): rc %d \"%s\", want \"%s\"", i, c->argv[0], rc, err.msg,
			         c->want);
		assert_ptr_equal(args.args, (char **)&err); /* untouched */
		kc_flags_release(o.tables);
	}
}

static void test_help(void **state)
{
	(void)state;
	static const char *const helps[][MAXARGV] = {
	    {"-h"}, {"--help"}, {"get", "--help", "-n", "x"}, {"-Ah"}, {"--help=true"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(helps); i++) {
		int argc = 0;
		while (argc < MAXARGV && helps[i][argc])
			argc++;
		opts o;
		opts_init(&o);
		kc_flags_args args = {NULL, 0, 0};
		assert_int_equal(kc_flags_parse(o.tables, argc, (char *const *)helps[i], 0, &args, NULL),
		                 KC_FLAGS_HELP);
		assert_null(args.args);
		kc_flags_release(o.tables);
	}
	/* A table that defines -h itself gets it. */
	bool human = false;
	kc_flag own[] = {KC_FLAG_BOOL("human", 'h', &human, "", "Human-readable."), KC_FLAG_END};
	kc_flag *tables[] = {own, NULL};
	char *argv[] = {"-h"};
	kc_flags_args args;
	assert_int_equal(kc_flags_parse(tables, 1, argv, 0, &args, NULL), 0);
	assert_true(human);
	free(args.args);
}

static void test_lookup(void **state)
{
	(void)state;
	opts o;
	opts_init(&o);
	char *argv[] = {"--replicas=1", "-f", "x"};
	kc_flags_args args;
	assert_int_equal(kc_flags_parse(o.tables, 3, argv, 0, &args, NULL), 0);
	free(args.args);
	assert_true(kc_flags_changed(o.tables, "replicas"));
	assert_true(kc_flags_changed(o.tables, "filename"));
	assert_false(kc_flags_changed(o.tables, "namespace"));
	assert_false(kc_flags_changed(o.tables, "no-such-flag"));
	assert_ptr_equal(kc_flags_lookup(o.tables, "dry_run"), &o.flags[11]);
	assert_non_null(kc_flags_lookup(o.tables, "kubeconfig"));
	assert_null(kc_flags_lookup(o.tables, "nope"));
	/* A second parse starts again from the defaults. */
	assert_int_equal(kc_flags_parse(o.tables, 0, argv, 0, &args, NULL), 0);
	free(args.args);
	assert_int_equal(o.replicas, 1);
	assert_int_equal(o.files.n, 0);
	assert_false(kc_flags_changed(o.tables, "replicas"));
	kc_flags_release(o.tables);

	/* Finding the subcommand with only some flags known, as cobra does. */
	static const struct {
		const char *argv[MAXARGV];
		int want;
	} first[] = {
	    {{"get", "pods"}, 0},
	    {{"-n", "x", "get"}, 2},
	    {{"--namespace=x", "get"}, 1},
	    {{"-A", "get"}, 1},             /* a bool takes no value */
	    {{"--unknown", "v", "get"}, 2}, /* unknown without '=': takes the next one */
	    {{"--unknown=v", "get"}, 1},
	    {{"-nx", "get"}, 1},
	    {{"--help", "get"}, 1},
	    {{"--", "get"}, 1},
	    {{"-", "", "get"}, 2},
	    {{"-n"}, 2},
	    {{NULL}, 0},
	};
	opts_init(&o);
	for (size_t i = 0; i < KC_ARRAY_SIZE(first); i++) {
		int argc = 0;
		while (argc < MAXARGV && first[i].argv[argc])
			argc++;
		int got = kc_flags_first_arg(o.tables, argc, (char *const *)first[i].argv);
		int want = first[i].want > argc ? argc : first[i].want;
		if (got != want)
			fail_msg("first_arg case %zu: %d, want %d", i, got, want);
	}
}

static char *capture_usage(const kc_flags_help *help, kc_flag *const *tables)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	kc_flags_usage(f, help, tables);
	fclose(f);
	return buf;
}

static void test_usage_kubectl(void **state)
{
	(void)state;
	bool all = false;
	int chunk = 0;
	const char *fs = NULL;
	kc_flags_list files = {0};
	kc_flag flags[] = {
	    KC_FLAG_STRING(
	        "field-selector", 0, &fs, "",
	        "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector "
	        "key1=value1,key2=value2). The server only supports a limited number of field queries per "
	        "type."),
	    KC_FLAG_INT64(
	        "chunk-size", 0, (int64_t *)&(int64_t){0}, "500",
	        "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta "
	        "and may change in the future."),
	    KC_FLAG_BOOL("all-namespaces", 'A', &all, "false",
	                 "If present, list the requested object(s) across all namespaces. Namespace in "
	                 "current context "
	                 "is ignored even if specified with --namespace."),
	    KC_FLAG_STRING_SLICE(
	        "filename", 'f', &files, "",
	        "Filename, directory, or URL to files identifying the resource to get from a server."),
	    {.name = "secret", .type = KC_FLAG_T_INT, .value = &chunk, .hidden = true},
	    KC_FLAG_END,
	};
	kc_flag *tables[] = {flags, NULL};
	kc_flags_help help = {
	    .name = "kc get",
	    .synopsis =
	        "kc get [(-o|--output=)json|yaml|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label]) [options]",
	    .description =
	        "Display one or many resources.\n\n Prints a table of the most important information.\n",
	    .examples = "  # List all pods in ps output format\n  kc get pods\n  \n  # List all pods in all "
	                "namespaces\n  kc get pods -A\n",
	    .footer =
	        "Use \"kc options\" for a list of global command-line options (applies to all commands).",
	    .style = KC_FLAGS_STYLE_KUBECTL,
	};
	_cleanup_free_ char *out = capture_usage(&help, tables);
	/* The layout of `kubectl get --help` (1.32), with kc's text. */
	assert_string_equal(
	    out,
	    "Display one or many resources.\n"
	    "\n"
	    " Prints a table of the most important information.\n"
	    "\n"
	    "Examples:\n"
	    "  # List all pods in ps output format\n"
	    "  kc get pods\n"
	    "  \n"
	    "  # List all pods in all namespaces\n"
	    "  kc get pods -A\n"
	    "\n"
	    "Options:\n"
	    "    -A, --all-namespaces=false:\n"
	    "\tIf present, list the requested object(s) across all namespaces. Namespace in current context "
	    "is "
	    "ignored even if specified with --namespace.\n"
	    "\n"
	    "    --chunk-size=500:\n"
	    "\tReturn large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta "
	    "and may "
	    "change in the future.\n"
	    "\n"
	    "    --field-selector='':\n"
	    "\tSelector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector "
	    "key1=value1,key2=value2). The server only supports a limited number of field queries per type.\n"
	    "\n"
	    "    -f, --filename=[]:\n"
	    "\tFilename, directory, or URL to files identifying the resource to get from a server.\n"
	    "\n"
	    "Usage:\n"
	    "  kc get [(-o|--output=)json|yaml|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label]) [options]\n"
	    "\n"
	    "Use \"kc options\" for a list of global command-line options (applies to all commands).\n");
}

static void test_usage_pflag(void **state)
{
	(void)state;
	const char *addr = NULL, *mode = NULL;
	int64_t resync = 0;
	bool leader = false;
	kc_flags_list cidrs = {0};
	kc_map *gates = NULL;
	kc_flag flags[] = {
	    KC_FLAG_STRING("bind-address", 0, &addr, "0.0.0.0", "The IP address on which to listen."),
	    KC_FLAG_DURATION("min-resync-period", 0, &resync, "12h0m0s",
	                     "The resync period in reflectors will be random between MinResyncPeriod and "
	                     "2*MinResyncPeriod."),
	    KC_FLAG_BOOL("leader-elect", 0, &leader, "true", "Start a leader election client."),
	    KC_FLAG_STRING_SLICE("service-cidrs", 0, &cidrs, "", "A `CIDR` list.\nOne per service family."),
	    KC_FLAG_STRING_MAP("feature-gates", 0, &gates, "", "A set of key=value pairs."),
	    {.name = "mode", .type = KC_FLAG_T_STRING, .value = &mode, .noopt = "auto", .usage = "The mode."},
	    KC_FLAG_END,
	};
	kc_flags_common common = {0};
	kc_flag *tables[] = {flags, kc_flags_common_init(&common, NULL), NULL};
	kc_flags_help help = {
	    .name = "kc-controller-manager",
	    .synopsis = "kc-controller-manager [flags]",
	    .description = "The controller manager runs the control loops.",
	    .style = KC_FLAGS_STYLE_PFLAG,
	};
	_cleanup_free_ char *out = capture_usage(&help, tables);
	assert_string_equal(
	    out,
	    "The controller manager runs the control loops.\n"
	    "\n"
	    "Usage:\n"
	    "  kc-controller-manager [flags]\n"
	    "\n"
	    "Flags:\n"
	    "      --bind-address string            The IP address on which to listen. (default "
	    "\"0.0.0.0\")\n"
	    "      --feature-gates stringToString   A set of key=value pairs.\n"
	    "  -h, --help                           help for kc-controller-manager\n"
	    "      --kubeconfig string              Path to a kubeconfig file, specifying how to connect to "
	    "the API "
	    "server.\n"
	    "      --leader-elect                   Start a leader election client. (default true)\n"
	    "      --min-resync-period duration     The resync period in reflectors will be random between "
	    "MinResyncPeriod and 2*MinResyncPeriod. (default 12h0m0s)\n"
	    "      --mode string[=\"auto\"]           The mode.\n"
	    "      --service-cidrs CIDR             A CIDR list.\n"
	    "                                       One per service family.\n"
	    "  -v, --v int                          number for the log level verbosity\n");
	/* The defaults shown are the ones applied. */
	char *argv[] = {"x"};
	kc_flags_args args;
	assert_int_equal(kc_flags_parse(tables, 1, argv, 0, &args, NULL), 0);
	free(args.args);
	assert_string_equal(addr, "0.0.0.0");
	assert_int_equal(resync, 12LL * 3600 * 1000000000);
	assert_true(leader);
	assert_string_equal(common.kubeconfig, "");
	kc_flags_release(tables);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),         cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_help),          cmocka_unit_test(test_lookup),
	    cmocka_unit_test(test_usage_kubectl), cmocka_unit_test(test_usage_pflag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
