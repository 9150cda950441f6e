/* flags.h - the command-line flag parser every kc binary uses, with the
 * semantics of Go's pflag as kubectl and the Kubernetes daemons have them.
 *
 * A command describes its flags in a table; kc_flags_parse() applies the
 * defaults, reads argv, stores values and returns the positional arguments:
 *
 *     struct { const char *ns; bool all; int replicas; kc_flags_list files; } o = {0};
 *     kc_flag flags[] = {
 *             KC_FLAG_STRING("namespace", 'n', &o.ns, "", "If present, the namespace scope"),
 *             KC_FLAG_BOOL("all-namespaces", 'A', &o.all, "false", "List across all namespaces"),
 *             KC_FLAG_INT("replicas", 0, &o.replicas, "1", "Number of replicas"),
 *             KC_FLAG_STRING_SLICE("filename", 'f', &o.files, "", "Files to use"),
 *             KC_FLAG_END,
 *     };
 *     kc_flag *tables[] = {flags, global_flags, NULL};
 *     kc_flags_args args;
 *     int r = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
 *     if (r == KC_FLAGS_HELP) { kc_flags_usage(stdout, &help, tables); exit(0); }
 *     if (r < 0) { fprintf(stderr, "error: %s\n", err.msg); exit(1); }
 *     ... args.args[0 .. args.n) ...; free(args.args); kc_flags_release(tables);
 *
 * Syntax (pflag's): --name=value, --name value, -n value, -nvalue, -n=value,
 * --bool, --bool=false (never "--bool false": that "false" is an argument),
 * -abc for several one-letter bools, "--" ends the flags (later arguments are
 * positional even if they start with '-'), "-" alone is an argument. Flags
 * and arguments may be interleaved (kubectl get pods -n x -o wide) unless
 * KC_FLAGS_NO_INTERSPERSED. Underscores in long names read as dashes
 * (--all_namespaces), as Kubernetes' word-separator normalisation does.
 * -h/--help is built in (unless a table defines "help"); errors win over it.
 *
 * Errors are worded as pflag/cobra word them:
 *     unknown flag: --foo
 *     unknown shorthand flag: 'x' in -x
 *     flag needs an argument: --kubeconfig       flag needs an argument: 'n' in -n
 *     bad flag syntax: ---x
 *     invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax
 *
 * Value types (what `value` points to):
 *     BOOL          bool *          1 t T TRUE true True 0 f F FALSE false False
 *     STRING        const char **   points into argv, or at the table's default
 *     INT           int *           Go's ParseInt(s, 0, 64): 10, 0x1F, 0o17, 1_000
 *     INT64         int64_t *
 *     FLOAT         double *
 *     DURATION      int64_t *       nanoseconds, Go's syntax: 10s, 1m30s, 1.5h, 300ms.
 *                                   Parsed here (Go's time.ParseDuration) so that
 *                                   flags need no other module.
 *     STRING_SLICE  kc_flags_list * comma-separated (CSV quoting: "a,b",c) and/or
 *                                   repeated (pflag StringSlice)
 *     STRING_ARRAY  kc_flags_list * repeated, never split (pflag StringArray;
 *                                   kubectl's --from-literal k=v is one)
 *     STRING_MAP    kc_map **       k=v,k2=v2 and/or repeated (pflag StringToString);
 *                                   values are char *
 *     FUNC          any             set(value, data, err) parses it (quantities,
 *                                   enums, IP ranges ...)
 * For list and map types the first value given replaces the default and later
 * ones add to it, as in pflag.
 *
 * Ownership: strings stored for STRING flags are not copied (they live as
 * long as argv and the table's defaults). Lists and maps are allocated by the
 * parser; kc_flags_release() frees them. Their storage must start zeroed.
 * Tables are the caller's (usually on the stack of the command function);
 * the parser writes only the flags' `changed` field and their storage.
 */
#ifndef KC_FLAGS_H
#define KC_FLAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "map.h"

typedef enum kc_flag_type {
	KC_FLAG_T_BOOL,
	KC_FLAG_T_STRING,
	KC_FLAG_T_INT,
	KC_FLAG_T_INT64,
	KC_FLAG_T_FLOAT,
	KC_FLAG_T_DURATION,
	KC_FLAG_T_STRING_SLICE,
	KC_FLAG_T_STRING_ARRAY,
	KC_FLAG_T_STRING_MAP,
	KC_FLAG_T_FUNC,
} kc_flag_type;

/* Values of a list flag: items[0..n), NULL-terminated; owned by the list. */
typedef struct kc_flags_list {
	char **items;
	size_t n;
} kc_flags_list;

/* Parses value into data for a FUNC flag; on error fills err with what is
 * wrong with the value (it becomes the end of 'invalid argument "x" for
 * "--f" flag: ...'). An empty value resets to the zero value when it is the
 * default. */
typedef int (*kc_flag_set_fn)(const char *value, void *data, kc_error *err);

typedef struct kc_flag {
	const char *name; /* long name without "--"; NULL ends a table */
	char shorthand;   /* one letter (-n), or 0 */
	kc_flag_type type;
	void *value;         /* storage; see the top of this file */
	const char *def;     /* default value as text; NULL or "" is the zero value */
	const char *usage;   /* one sentence or more; a `word` in backquotes names the value in help */
	const char *noopt;   /* value when given without "=value" (pflag's NoOptDefVal;
	                      * bools have "true"): "--dry-run" meaning --dry-run=unchanged */
	const char *argname; /* FUNC: the value's name in pflag-style help ("quantity") */
	kc_flag_set_fn set;  /* FUNC only */
	bool hidden;         /* accepted, but not listed in help */
	bool changed;        /* written by kc_flags_parse: given on the command line */
} kc_flag;

/* Table rows. The storage pointer's type is checked at compile time. */
#define KC_FLAG_TYPED_(n, s, t, ctype, ptr, d, u)                                                            \
	{                                                                                                    \
		.name = (n), .shorthand = (s), .type = (t), .value = (1 ? (ptr) : (ctype *)0), .def = (d),   \
		.usage = (u)                                                                                 \
	}
#define KC_FLAG_BOOL(n, s, ptr, d, u)     KC_FLAG_TYPED_(n, s, KC_FLAG_T_BOOL, bool, ptr, d, u)
#define KC_FLAG_STRING(n, s, ptr, d, u)   KC_FLAG_TYPED_(n, s, KC_FLAG_T_STRING, const char *, ptr, d, u)
#define KC_FLAG_INT(n, s, ptr, d, u)      KC_FLAG_TYPED_(n, s, KC_FLAG_T_INT, int, ptr, d, u)
#define KC_FLAG_INT64(n, s, ptr, d, u)    KC_FLAG_TYPED_(n, s, KC_FLAG_T_INT64, int64_t, ptr, d, u)
#define KC_FLAG_FLOAT(n, s, ptr, d, u)    KC_FLAG_TYPED_(n, s, KC_FLAG_T_FLOAT, double, ptr, d, u)
#define KC_FLAG_DURATION(n, s, ptr, d, u) KC_FLAG_TYPED_(n, s, KC_FLAG_T_DURATION, int64_t, ptr, d, u)
#define KC_FLAG_STRING_SLICE(n, s, ptr, d, u)                                                                \
	KC_FLAG_TYPED_(n, s, KC_FLAG_T_STRING_SLICE, kc_flags_list, ptr, d, u)
#define KC_FLAG_STRING_ARRAY(n, s, ptr, d, u)                                                                \
	KC_FLAG_TYPED_(n, s, KC_FLAG_T_STRING_ARRAY, kc_flags_list, ptr, d, u)
#define KC_FLAG_STRING_MAP(n, s, ptr, d, u) KC_FLAG_TYPED_(n, s, KC_FLAG_T_STRING_MAP, kc_map *, ptr, d, u)
#define KC_FLAG_FUNC(n, s, fn, data, arg, d, u)                                                              \
	{                                                                                                    \
		.name = (n), .shorthand = (s), .type = KC_FLAG_T_FUNC, .value = (data), .set = (fn),         \
		.argname = (arg), .def = (d), .usage = (u)                                                   \
	}
#define KC_FLAG_END                                                                                          \
	{                                                                                                    \
		.name = NULL                                                                                 \
	}

/* Options for kc_flags_parse. */
enum {
	/* Stop at the first positional argument: it and everything after it
	 * are arguments (pflag's SetInterspersed(false)), for commands that
	 * run other commands (kc exec POD -- cmd -x). */
	KC_FLAGS_NO_INTERSPERSED = 1u << 0,
};

/* kc_flags_parse's return when -h/--help was given (and nothing was wrong). */
#define KC_FLAGS_HELP 1

typedef struct kc_flags_args {
	char **args; /* positional arguments in order, NULL-terminated; they point
	              * into argv; the caller frees the array only */
	int n;
	int dash; /* how many arguments came before "--", or -1 without "--"
	           * (cobra's ArgsLenAtDash) */
} kc_flags_args;

/* Parses argv[0 .. argc) (without the program name) against tables, a
 * NULL-terminated list of tables each ended by KC_FLAG_END; a flag is looked
 * up in the tables in order. Every flag first gets its default, and its
 * `changed` is cleared. Returns 0 with the arguments in *ret_args,
 * KC_FLAGS_HELP (leaving *ret_args untouched), or -EINVAL with err (values
 * given before the error are stored; call kc_flags_release either way). */
int kc_flags_parse(kc_flag *const *tables, int argc, char *const *argv, unsigned opts,
                   kc_flags_args *ret_args, kc_error *err);

/* Frees what the parser allocated for list and map flags and zeroes their
 * storage. */
void kc_flags_release(kc_flag *const *tables);

/* The flag with this long name (underscores read as dashes), or NULL. */
kc_flag *kc_flags_lookup(kc_flag *const *tables, const char *name);

/* Whether the flag was given on the command line (pflag's Changed): to tell
 * `--replicas=1` from the default. False for unknown names. */
bool kc_flags_changed(kc_flag *const *tables, const char *name);

/* Index in argv of the first positional argument (argc if none), skipping
 * flags as cobra does when it looks for a subcommand: a flag known to take a
 * value, or unknown and written without '=', takes the next argument too.
 * For `kc -n x get pods` to find "get" knowing only the global flags. */
int kc_flags_first_arg(kc_flag *const *tables, int argc, char *const *argv);

/* ---- help ---- */

typedef enum kc_flags_style {
	/* kubectl's: "Options:" then per flag
	 *     "    -n, --namespace='':\n\tIf present, ...\n\n" */
	KC_FLAGS_STYLE_KUBECTL,
	/* pflag/cobra's, as the Kubernetes daemons print it: "Flags:" then
	 *     "      --kubeconfig string   Path to ... (default "x")" aligned */
	KC_FLAGS_STYLE_PFLAG,
} kc_flags_style;

typedef struct kc_flags_help {
	const char *name;        /* "kc get", "kc-apiserver" (pflag style: "help for NAME") */
	const char *synopsis;    /* the line(s) under "Usage:": "kc get TYPE [NAME] [options]" */
	const char *description; /* paragraphs, printed as given; may be NULL */
	const char *examples;    /* lines under "Examples:" (kubectl style re-indents them
	                          * by two spaces, pflag style prints them as given); may be NULL */
	const char *footer;      /* last lines, e.g. `Use "kc options" for ...`; may be NULL */
	kc_flags_style style;
} kc_flags_help;

/* Prints a command's help: description, examples, its flags (sorted by
 * name, hidden ones left out), synopsis, footer, in the order and layout of
 * the style (kubectl: description, Examples, Options, Usage, footer; cobra:
 * description, Usage, Examples, Flags, footer). */
void kc_flags_usage(FILE *out, const kc_flags_help *help, kc_flag *const *tables);

/* Prints only the flag list, as the body of "Options:"/"Flags:" (for
 * `kc options`). */
void kc_flags_print_flags(FILE *out, kc_flags_style style, const char *help_for, kc_flag *const *tables);

/* ---- flags every daemon has ---- */

/* --kubeconfig and -v/--v, so all kc binaries look alike. Zero-initialise,
 * call kc_flags_common_init, and list the returned table among the others:
 *
 *     kc_flags_common common = {0};
 *     kc_flag *tables[] = {own_flags, kc_flags_common_init(&common, NULL), NULL};
 *
 * After parsing, common.kubeconfig ("" when not given) and common.verbosity
 * hold the values. */
typedef struct kc_flags_common {
	const char *kubeconfig;
	int verbosity;
	kc_flag table[3];
} kc_flags_common;

/* kubeconfig_usage replaces the default usage text of --kubeconfig (NULL
 * keeps it). Returns c->table. */
kc_flag *kc_flags_common_init(kc_flags_common *c, const char *kubeconfig_usage);

#endif
