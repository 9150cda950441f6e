/* target.h - the objects a kc command acts on, picked from the command line
 * as kubectl's resource builder picks them:
 *
 *     TYPE NAME [NAME...]        pods nginx web
 *     TYPE/NAME [TYPE/NAME...]   deploy/nginx pod/web
 *     TYPE[,TYPE...] -l SEL      every object of those types matching a selector
 *     TYPE[,TYPE...] --all       every object of those types in the namespace
 *     -f FILE|DIR|- [-R]         the objects a manifest names (kind, name, namespace)
 *
 * with -n / -A, --field-selector, and kubectl's wording for every mistake
 * ("you must provide one or more resources by argument or filename", "there
 * is no need to specify a resource type as a separate argument when passing
 * arguments in resource/name form ...").
 *
 * Resolution happens in two steps so the first can be tested without a
 * server: kc_target_spec_parse() turns the arguments into a spec of
 * (type, name) pairs or (types, selector), then kc_targets_fetch() asks the
 * server for the objects. Like kubectl (ContinueOnError), a fetch collects
 * per-object failures (a name that does not exist) as messages and goes on
 * with the others; the command prints them after the objects it handled.
 *
 * Ownership: specs and target lists own everything in them; free with
 * kc_target_spec_clear() and kc_targets_clear(). */
#ifndef KC_CTL_TARGET_H
#define KC_CTL_TARGET_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "ctl/kc.h"
#include "common/util.h"

/* How a command lets people pick objects. */
typedef struct kc_target_opts {
	const char *selector;       /* -l, or NULL/"" */
	const char *field_selector; /* --field-selector, or NULL/"" */
	bool all;                   /* --all */
	bool all_namespaces;        /* -A */
	/* A bare TYPE (no names, no selector) means every object of the type
	 * (rollout, wait with --all); otherwise it is an error ("resource(s)
	 * were provided, but no name was specified"). */
	bool allow_empty_selector;
	const kc_flags_list *filenames; /* -f, may be NULL */
	bool recursive;                 /* -R */
	bool local;                     /* objects from -f as they are, no server (--local) */
	/* Objects named by argument are not fetched yet (obj NULL): the
	 * command calls kc_target_load() on each when it gets to it, as
	 * kubectl's visitor reads each object just before acting on it (so
	 * "label pods a a x=y" sees its own first change). */
	bool lazy;
} kc_target_opts;

/* One TYPE NAME pair, or (name NULL) a TYPE to list. */
typedef struct kc_target_ref {
	char *type; /* as typed: "deploy", "pods.v1." ... */
	char *name; /* NULL: every object the selector matches */
} kc_target_ref;

typedef struct kc_target_spec {
	kc_target_ref *refs;
	size_t n;
	bool by_selector; /* refs are types to list with selector/field selector */
	bool by_files;    /* objects come from -f */
	char *selector;   /* "" for everything (--all / bare type) */
	/* kubectl's singleItemImplied: one TYPE NAME or one TYPE/NAME (or one
	 * object in the files) - label --list and --resource-version care. */
	bool single;
} kc_target_spec;

/* Turns the resource arguments into a spec (pure: no server, no files).
 * Errors are kubectl's messages without "error: " (-EINVAL). */
int kc_target_spec_parse(char *const *args, int n, const kc_target_opts *o, kc_target_spec *ret, kc_error *err);
void kc_target_spec_clear(kc_target_spec *s);

/* One object to act on. */
typedef struct kc_target {
	const kc_resource *res;
	char *ns;    /* "" for cluster-scoped objects */
	char *name;
	cJSON *obj;  /* the object as the server returned it */
} kc_target;

typedef struct kc_targets {
	kc_target *items;
	size_t n;
	bool single; /* see kc_target_spec.single */
	/* Failures met on the way, in order, as kubectl's messageForError
	 * words them: server errors complete ("Error from server (NotFound):
	 * pods \"x\" not found"), others without the "error: " that
	 * kc_targets_print_errors adds when there is only one. Commands add
	 * their own per-object failures with kc_targets_add_error. */
	char **errors;
	size_t n_errors;
	/* The namespace listed when nothing matched, for "No resources found in
	 * x namespace." ("" with -A or cluster-scoped types). */
	const char *ns;
} kc_targets;

/* Parses args (kc_target_spec_parse), reads -f files, and GETs or lists the
 * objects. A failure that stops everything (bad arguments, unknown type,
 * unreadable file, transport failure) prints kubectl's message and returns
 * -1; per-object failures land in ret->errors and the call returns 0. */
int kc_targets_fetch(kc_ctx *ctx, char *const *args, int n, const kc_target_opts *o, kc_targets *ret);
void kc_targets_clear(kc_targets *t);
/* Fetches t->items[i] if it has no object yet (see kc_target_opts.lazy).
 * Returns 0 when the object is there, 1 when the server refused (the
 * message is added to t's errors), -1 after a transport failure (printed). */
int kc_target_load(kc_ctx *ctx, kc_targets *t, size_t i);
/* Appends a failure (msg is taken over). */
void kc_targets_add_error(kc_targets *t, char *msg);
/* Prints the failures on ctx->err as kubectl's CheckErr does: one error
 * gets "error: " unless it is a server or connection message; several are
 * printed one per line as they are. Returns 1 if there were any, else 0. */
int kc_targets_print_errors(kc_ctx *ctx, const kc_targets *t);
/* The same rule for a single message (printed, returns 1). */
int kc_print_error(kc_ctx *ctx, const char *msg);

/* Appends s to b escaped for a URL query value (Go's url.QueryEscape). */
void kc_query_escape(kc_buf *b, const char *s);

/* "pod/nginx", "deployment.apps/nginx": kubectl's -o name for an object.
 * Caller frees. */
char *kc_target_ref_name(const kc_resource *r, const char *name);

/* ---- watching one object ---- */

/* Called for the object as listed (type KC_WATCH_ADDED; obj NULL when the
 * list had no such object) and then for each watch event. Returns 1 when
 * done, 0 to keep watching, -1 to stop with a failure. */
typedef int (*kc_target_watch_fn)(kc_watch_event_type type, const cJSON *obj, void *userdata);

/* kubectl's UntilWithSync over one object: lists t's resource with
 * fieldSelector metadata.name=<name>, hands the object to fn, then watches
 * from the list's resourceVersion until fn is done or timeout_ns passes
 * (<= 0: no limit). Returns 1 when fn said done, 0 on timeout, -1 when fn
 * failed, -2 after a request failure (its message in *ret_err; caller
 * frees). */
int kc_target_watch(kc_ctx *ctx, const kc_target *t, int64_t timeout_ns, kc_target_watch_fn fn, void *userdata,
		    char **ret_err);

/* ---- printing a changed object as kubectl's -o flag asks ----
 * output "" prints "<kind>/<name> <operation>" ("pod/nginx labeled", with
 * " (dry run)" or " (server dry run)" added by the caller in operation);
 * "name" prints "<kind>/<name>";
 * "json" and "yaml" print the object. Returns 0, or 1 after printing
 * kubectl's error for an output format it does not know. */
int kc_target_print(kc_ctx *ctx, const char *output, const kc_resource *r, const cJSON *obj, const char *operation);
/* Whether kc_target_print knows the output format ("" included). */
bool kc_target_output_ok(const char *output);
/* The error kubectl prints for an unknown -o value; returns 1. */
int kc_target_output_error(kc_ctx *ctx, const char *output);

/* --dry-run: "none" (also ""/"false"), "client", "server" ("true" is
 * client, with kubectl's deprecation warning). Returns -EINVAL with
 * kubectl's message for anything else. */
typedef enum kc_dry_run { KC_DRY_RUN_NONE, KC_DRY_RUN_CLIENT, KC_DRY_RUN_SERVER } kc_dry_run;
int kc_dry_run_parse(const char *s, kc_dry_run *ret, kc_error *err);
/* " (dry run)", " (server dry run)" or "". */
const char *kc_dry_run_suffix(kc_dry_run d);

#endif
