/* create.h - kc create's generators (create deployment, service, configmap,
 * secret, job, cronjob, role, ...) and what they share: the common flags
 * (--dry-run, -o, --save-config, --validate, --field-manager), the NAME
 * argument, and sending or printing the object.
 *
 * A generator builds its object as a cJSON tree in the field order of
 * upstream's Go structs, with the fields Go would print (omitempty) and no
 * others, so `kc create ... --dry-run=client -o json|yaml` prints what
 * kubectl prints, byte for byte.
 *
 * Every generator is `int kc_create_<what>(kc_ctx *ctx, int argc, char
 * **argv)` with argv[0] its own name ("deployment"), returning the exit
 * code. Ownership: trees handed to kc_create_submit are taken over. */
#ifndef KC_CTL_CREATE_H
#define KC_CTL_CREATE_H

#include <cjson/cJSON.h>

#include "ctl/kc.h"
#include "ctl/mutate.h"

typedef struct kc_create_cmd {
	kc_ctx *ctx;
	const char *path; /* "create deployment": for help and messages */
	/* common flags */
	const char *dry_run_flag, *output, *validate_flag, *field_manager;
	bool save_config;
	kc_dry_run dry_run;
	const char *validation;
	kc_flag common[8];
	/* arguments */
	const char *name;   /* NAME */
	char **command;     /* what came after "--" (may be empty), into argv */
	int ncommand;
	kc_flags_args args; /* all positional arguments */
	kc_flag *tables[4];
} kc_create_cmd;

typedef struct kc_create_help {
	const char *synopsis, *description, *examples;
} kc_create_help;

/* What kc_create_parse returns besides 0. */
#define KC_CREATE_DONE 2 /* help printed: exit 0 */

/* Parses argv (argv[0] the generator's name) with own flags (may be NULL)
 * and the common ones, as cobra and kubectl do: -h/--help prints help and
 * returns KC_CREATE_DONE; flag errors ("... See 'kc create x --help' for
 * usage."), required flags not given (required: NULL-terminated names, may
 * be NULL), a bad -o or --dry-run, and anything but exactly one NAME before
 * "--" ("exactly one NAME is required, got 2") are printed and return -1.
 * Call kc_create_cmd_clear afterwards in every case. */
int kc_create_parse(kc_create_cmd *c, kc_ctx *ctx, const char *path, kc_flag *own, const char *const *required,
		    const kc_create_help *help, int argc, char **argv);
void kc_create_cmd_clear(kc_create_cmd *c);

/* Prints "error: <msg>" (kubectl's usage errors add "See '<cmd> -h' for
 * help and examples" with usage); returns 1. */
int kc_create_fail(kc_create_cmd *c, bool usage, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The namespace the object is given in metadata: the -n value when it was
 * given, else NULL (kubectl's generators only write it when enforced). */
const char *kc_create_enforced_ns(const kc_create_cmd *c);

/* A new object {"kind", "apiVersion", "metadata": {"name", ["namespace"],
 * "creationTimestamp": null}} as the typed objects start. */
cJSON *kc_create_object(const char *kind, const char *api_version, const char *name, const char *ns);

/* Finishes a generator: adds the last-applied annotation for
 * --save-config, then prints the object (client dry run) or sends it and
 * prints the server's answer. fail_prefix, when not NULL, is how the
 * generator words a failed create ("failed to create deployment: "), with
 * the server's message after it; otherwise the failure is printed as
 * kubectl's CheckErr prints it. Takes obj. Returns the exit code. */
int kc_create_submit(kc_create_cmd *c, const kc_resource *r, cJSON *obj, const char *fail_prefix);

/* A generator made of subcommands (create service clusterip|nodeport|...,
 * create secret docker-registry|generic|tls): runs the one named among the
 * arguments; -h prints help (help_text, then the subcommands) and returns
 * 0; no subcommand prints the same help on stderr and returns 1, other
 * arguments kubectl's "unknown command" error, as kubectl does. */
typedef struct kc_create_sub {
	const char *name, *summary;
	kc_command_fn fn;
} kc_create_sub;
int kc_create_group(kc_ctx *ctx, int argc, char **argv, const char *path, const char *help_text,
		    const char *synopsis, const kc_create_sub *subs, size_t n);

/* ---- generators ---- */
int kc_create_namespace(kc_ctx *ctx, int argc, char **argv);
int kc_create_serviceaccount(kc_ctx *ctx, int argc, char **argv);
int kc_create_deployment(kc_ctx *ctx, int argc, char **argv);
int kc_create_job(kc_ctx *ctx, int argc, char **argv);
int kc_create_cronjob(kc_ctx *ctx, int argc, char **argv);
int kc_create_service(kc_ctx *ctx, int argc, char **argv);
int kc_create_configmap(kc_ctx *ctx, int argc, char **argv);
int kc_create_ingress(kc_ctx *ctx, int argc, char **argv);
int kc_create_secret(kc_ctx *ctx, int argc, char **argv);
int kc_create_role(kc_ctx *ctx, int argc, char **argv);
int kc_create_clusterrole(kc_ctx *ctx, int argc, char **argv);
int kc_create_rolebinding(kc_ctx *ctx, int argc, char **argv);
int kc_create_clusterrolebinding(kc_ctx *ctx, int argc, char **argv);

/* ---- pure helpers (tested on their own) ---- */

/* kubectl's hash suffix for --append-hash (hash.ConfigMapHash /
 * SecretHash): the first 10 hex digits of the SHA-256 of the object's
 * encoding, with 0 1 3 a e turned into g h k m t. obj is a ConfigMap or
 * Secret as the generators build it. Caller frees. */
char *kc_create_hash_suffix(const cJSON *obj);

/* The container name kubectl derives from an image ("reg.io/a/nginx:1.2"
 * -> "nginx"); names holding '.' or '_' get those turned into '-' and a
 * random 5-character suffix, as kubectl does. Caller frees. */
char *kc_create_container_name(const char *image);

#endif
