/* kc.h - what every kc command shares: the context (global flags,
 * kubeconfig, API client), resource names, API paths and kubectl's error
 * wording and exit codes.
 *
 * A command is `int cmd_<name>(kc_ctx *ctx, int argc, char **argv)` in its
 * own file ctl/cmd_<name>.c, listed in ctl/commands.c; argv[0] is the
 * command's name and the global flags are already removed. It returns the
 * process's exit code (0, or 1 after printing an error as kubectl does). */
#ifndef KC_CTL_H
#define KC_CTL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

#include "common/client.h"
#include "common/error.h"
#include "common/flags.h"
#include "common/kubeconfig.h"
#include "common/resource.h"

struct event_base;

typedef struct kc_ctx {
	/* global flags (kubectl's names) */
	const char *kubeconfig, *context, *cluster, *user, *namespace, *server, *token;
	const char *certificate_authority, *client_certificate, *client_key, *tls_server_name;
	bool insecure_skip_tls_verify;
	const char *request_timeout; /* "0", "30s", "1m" */
	int verbosity;
	kc_flag table[16]; /* the global flag table (kc_ctx_global_flags) */

	struct event_base *base;
	kc_client *client;       /* made on first use by kc_ctx_client */
	char *effective_ns;      /* -n, or the context's namespace, or "default" */
	bool namespace_explicit; /* -n given */
	FILE *out, *err;         /* stdout, stderr (tests redirect them) */
} kc_ctx;

/* The table of global flags (--kubeconfig, -n, --context, --server, ...),
 * bound to ctx; list it in every command's tables so they are accepted
 * after the command name too ("kc get pods -n x"). */
kc_flag *kc_ctx_global_flags(kc_ctx *ctx);

/* The API client, made from kubeconfig and flags on first use. On failure
 * prints kubectl's message ("error: ...") and returns NULL; the command then
 * returns 1. */
kc_client *kc_ctx_client(kc_ctx *ctx);
/* The namespace commands work in. */
const char *kc_ctx_namespace(kc_ctx *ctx);
void kc_ctx_free(kc_ctx *ctx);

/* ---- errors, as kubectl prints them ---- */

/* "error: <message>" on stderr; returns 1 (the exit code). */
int kc_fail(kc_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* For an answer that is not a success: "Error from server (NotFound): pods
 * \"x\" not found", or the transport failure kubectl prints ("The connection
 * to the server 127.0.0.1:6443 was refused - did you specify the right host
 * or port?"). context is added as kubectl does for file operations
 * ("error when creating \"f.yaml\": "), may be NULL. Returns 1. */
int kc_fail_response(kc_ctx *ctx, const kc_response *resp, const char *context);
/* The "Error from server (Reason): message" text (no newline). Caller frees. */
char *kc_response_error_text(const kc_response *resp);

/* ---- resources and paths ---- */

/* What a person types ("po", "deployments.apps", "Pod") to a resource;
 * prints `error: the server doesn't have a resource type "x"` and returns
 * NULL when unknown. */
const kc_resource *kc_ctx_resource(kc_ctx *ctx, const char *name);
/* "/api/v1/namespaces/<ns>/pods/<name>/<sub>"; ns NULL or "" for all
 * namespaces or cluster-scoped resources; name and sub may be NULL. Caller
 * frees. */
char *kc_path(const kc_resource *r, const char *ns, const char *name, const char *sub);
/* "pod", "deployment.apps": how kubectl names a kind in messages
 * (lowercase kind, with the group for non-core groups). */
const char *kc_kind_name(const kc_resource *r, char *buf, size_t size);

/* ---- requests ---- */

/* A synchronous request with the context's client (see kc_client_request_sync).
 * Returns 0 when an answer arrived. */
int kc_request(kc_ctx *ctx, const char *method, const char *path, const char *content_type, const char *body,
	       kc_response *ret);
int kc_request_json(kc_ctx *ctx, const char *method, const char *path, const cJSON *body, kc_response *ret);

/* ---- commands ---- */

typedef int (*kc_command_fn)(kc_ctx *ctx, int argc, char **argv);

typedef struct kc_command {
	const char *name;
	kc_command_fn fn;
	const char *group; /* the heading in `kc --help` ("Basic Commands (Beginner):") */
	const char *summary;
} kc_command;

extern const kc_command kc_commands[];

/* Prints a command's help in kubectl's layout (see common/flags.h). */
void kc_usage(kc_ctx *ctx, const char *name, const char *synopsis, const char *description,
	      const char *examples, kc_flag *const *tables);

#endif
