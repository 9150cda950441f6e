/* mutate.h - what the commands that create, change and delete objects
 * (apply, create, run, expose, replace, patch, edit, delete) share: the
 * query of a write request, printing the result as -o asks, and kubectl's
 * way of collecting and reporting failures (ContinueOnError: every object
 * is tried, the errors are printed at the end, the exit code is 1 if any).
 *
 * Ownership: kc_errs owns its messages (kc_errs_clear); returned strings
 * are the caller's. */
#ifndef KC_CTL_MUTATE_H
#define KC_CTL_MUTATE_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "ctl/kc.h"
#include "ctl/target.h" /* kc_dry_run */

/* ---- failures, as kubectl's cmdutil.CheckErr prints them ---- */

typedef struct kc_errs {
	/* Each failure twice: as printed when it is the only one (a whole
	 * line, "error: " included where kubectl adds it; Invalid errors as
	 * "The Pod \"x\" is invalid: ...") and as printed in a list of several
	 * (kubectl's MultipleErrors: the message alone). A group (the errors
	 * of reading the files, which kubectl gathers in one aggregate) has
	 * its members in group[i] (else NULL). */
	char **single, **multi;
	char ***group;
	size_t n;
} kc_errs;

/* A plain failure ("the path \"x\" does not exist"); msg is copied. */
void kc_errs_add(kc_errs *e, const char *msg);
/* A failed answer (or a transport failure); context ("error when creating
 * \"f.yaml\": ") goes in front of the server's message, as kubectl's
 * AddSourceToErr puts it; may be NULL. */
void kc_errs_add_response(kc_errs *e, const kc_response *resp, const char *context);
/* Several failures kubectl reports as one Go error aggregate: printed one
 * per line when they are all there is, else as "[a, b]" on one line. n may
 * be 0 (nothing added). msgs are copied. */
void kc_errs_add_group(kc_errs *e, char *const *msgs, size_t n);
/* Prints the failures on ctx->err; returns 1 if there were any, else 0. */
int kc_errs_print(kc_ctx *ctx, const kc_errs *e);
void kc_errs_clear(kc_errs *e);

/* The text kc_errs_add_response files for a lone failure (for tests and
 * commands that stop at the first error). Caller frees. */
char *kc_mut_error_single(const kc_response *resp, const char *context);
/* The same, as one line of several. Caller frees. */
char *kc_mut_error_multi(const kc_response *resp, const char *context);

/* Prints a failed answer as kc_errs_print would print it alone; returns 1. */
int kc_mut_fail_response(kc_ctx *ctx, const kc_response *resp, const char *context);

/* ---- requests ---- */

/* Appends "?fieldManager=...&fieldValidation=Strict" (and "dryRun=All"
 * for a server dry run) to path, as kubectl's writes carry them;
 * field_manager and validation ("Strict", "Warn", "Ignore") may be NULL
 * (left out). Returns a new string. */
char *kc_mut_path(const char *path, const char *field_manager, kc_dry_run dry_run, const char *validation);

/* --validate: "strict"/"true" -> "Strict", "warn" -> "Warn",
 * "ignore"/"false" -> "Ignore"; -EINVAL with kubectl's message otherwise. */
int kc_mut_validation(const char *flag, const char **ret, kc_error *err);

/* ---- output ---- */

/* Whether -o is one the write commands print: "", name, json, yaml, and
 * the jsonpath forms (through print.h's printer). */
bool kc_mut_output_ok(const char *output);
/* kubectl's error for any other -o value (a bad jsonpath's own error);
 * returns 1. */
int kc_mut_output_error(kc_ctx *ctx, const char *output);

enum {
	/* keys in byte order, as kubectl prints objects it holds as
	 * unstructured maps (apply, create -f, patch, replace); without it
	 * the tree's order is kept (objects kubectl generates from Go structs:
	 * create deployment, run, expose) */
	KC_MUT_SORTED = 1 << 0,
};

/* Prints one result: for "", "<kind>/<name> <operation>"
 * ("deployment.apps/nginx created (dry run)": the caller adds the dry-run
 * suffix to operation); for "name" only "<kind>/<name>" (kubectl's short
 * name printer); for json and yaml the object. */
void kc_mut_print(kc_ctx *ctx, const char *output, const kc_resource *r, const cJSON *obj, const char *operation,
		  unsigned flags);
/* Prints several objects at once as kubectl does for -o json|yaml: one
 * alone as it is, more as a List (kind List, apiVersion v1). objs are
 * borrowed. */
void kc_mut_print_objects(kc_ctx *ctx, const char *output, const cJSON *const *objs, size_t n, unsigned flags);

/* Go's text for an errno ("no such file or directory": strerror with a
 * lower-case first letter, as Go's syscall table words them); returns buf. */
const char *kc_go_strerror(int errnum, char *buf, size_t size);

/* ---- objects ---- */

/* "Resource: \"apps/v1, Resource=deployments\", GroupVersionKind: \"apps/v1,
 * Kind=Deployment\"\nName: \"x\", Namespace: \"default\"": kubectl's
 * description of an object in its error messages. Caller frees. */
char *kc_mut_info_string(const kc_resource *r, const char *name, const char *ns);

/* The namespace an object from a file goes to: its own, else the command's;
 * "" for cluster-scoped kinds. With enforce (-n given), an object naming
 * another namespace is refused with kubectl's message (-EINVAL). On
 * success metadata.namespace is set as kubectl sets it. */
int kc_mut_object_namespace(cJSON *obj, const kc_resource *r, const char *ns, bool enforce, const char **ret_ns,
			    kc_error *err);

#endif
