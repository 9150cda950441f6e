/* kubeconfig_edit.h - kubeconfig files as kubectl config reads and writes
 * them (client-go's clientcmd PathOptions, ModifyConfig, ShortenConfig,
 * MinifyConfig), on top of common/kubeconfig.h's raw read/write helpers.
 *
 * A chain is the list of files kubectl config works on: --kubeconfig alone;
 * else every file of $KUBECONFIG; else ~/.kube/config. Reading merges them
 * (the first file defining a name wins it whole; current-context from the
 * first file setting it). An entry that changes is written back to the
 * file it came from; a new entry and current-context go to the default file
 * (--kubeconfig, else the first $KUBECONFIG file that exists, else the last
 * entry of $KUBECONFIG, else ~/.kube/config). Files are written as kubectl
 * writes them: a v1 Config, keys sorted, empty lists as null.
 *
 * Ownership: chains own their files and documents (kc_cfgchain_free);
 * returned cJSON trees and strings are the caller's. */
#ifndef KC_CTL_KUBECONFIG_EDIT_H
#define KC_CTL_KUBECONFIG_EDIT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "ctl/kc.h"

/* "clusters", "users", "contexts" and their entries' members "cluster",
 * "user", "context"; NULL-terminated. */
extern const char *const kc_cfg_sections[];
extern const char *const kc_cfg_members[];

/* ---- pure parts ---- */

/* raw (a kubeconfig document as read, may be NULL) as a v1 Config the way
 * client-go marshals it: struct field order (what -o json shows), empty
 * omitempty fields dropped, required ones ("server", a context's "cluster"
 * and "user") present, entries sorted by name (a repeated name: the first
 * wins), empty lists null, preferences {} and current-context "" always. */
cJSON *kc_kubeconfig_normalize(const cJSON *raw);
/* ShortenConfig as kubectl config view applies it without --raw:
 * *-data fields become "DATA+OMITTED", token and password "REDACTED". */
void kc_kubeconfig_redact(cJSON *doc);
/* MinifyConfig on a normalized document: only context and what it names.
 * Errors: "current-context must exist in order to minify", "cannot locate
 * context x", "cannot locate cluster x", "cannot locate user x". */
int kc_kubeconfig_minify(cJSON *doc, const char *context, kc_error *err);
/* The entry called name in a document's section, or NULL (borrowed). */
cJSON *kc_cfg_find_entry(const cJSON *doc, const char *section, const char *name);
/* path made absolute (against the working directory), then relative to the
 * directory of file when it lies below it (ModifyConfig's relativizing). */
char *kc_path_relative_to(const char *path, const char *file);
/* Go's text/tabwriter as kubectl's printers.GetNewTabWriter sets it up
 * (minwidth 6, padding 3) over rows x cols cells: every cell but the last
 * of a row padded to its column's widest cell plus three. New string. */
char *kc_tabwrite(const char *const *cells, size_t rows, size_t cols);

/* ---- the chain of files ---- */

typedef struct kc_cfgchain {
	char **files;
	cJSON **docs; /* raw documents, as read (missing files: empty) */
	size_t n;
	bool explicit_file;
	char *default_file;
} kc_cfgchain;

/* Reads the chain the context's --kubeconfig (and $KUBECONFIG, $HOME)
 * name. Prints kubectl's error and returns -1 when a file does not parse;
 * free the chain either way. */
int kc_cfgchain_load(kc_ctx *ctx, kc_cfgchain *c);
void kc_cfgchain_free(kc_cfgchain *c);
/* The merged raw configuration; new tree. */
cJSON *kc_cfgchain_merged(const kc_cfgchain *c);
/* Index of the file defining name in section, or -1. */
int kc_cfgchain_origin(const kc_cfgchain *c, const char *section, const char *name);
/* Writes body (taken over) as the entry name of section where the entry is
 * defined, or in the default file when new; body NULL deletes the entry.
 * Returns 0, or -1 after printing the write error. */
int kc_cfgchain_put(kc_ctx *ctx, kc_cfgchain *c, const char *section, const char *name, cJSON *body);
/* Sets current-context in the default file. */
int kc_cfgchain_set_current(kc_ctx *ctx, kc_cfgchain *c, const char *value);
/* Writes doc (normalized first) to file; -1 after printing the error. */
int kc_cfgchain_write(kc_ctx *ctx, const char *file, const cJSON *doc);
/* The file kubectl's messages name ("deleted context x from FILE"). */
const char *kc_cfgchain_message_file(const kc_cfgchain *c);

#endif
