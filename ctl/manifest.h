/* manifest.h - the objects of -f FILE|DIR|- [-R] (apply, create, replace,
 * delete), read as kubectl's resource builder reads them.
 *
 * A path is a file, a directory (its *.json, *.yaml and *.yml files in name
 * order; subdirectories only with -R) or "-" (stdin, named "STDIN" in
 * messages). A file is a stream of YAML documents separated by "---", or of
 * JSON values; empty documents are skipped; a List (kind "List", or any kind
 * ending in "List" with an items array) stands for its items.
 *
 * Failures are kept per document, as kubectl goes on with the others
 * (ContinueOnError), in kubectl's words with the position added:
 *
 *   error parsing f.yaml: error converting YAML to JSON: yaml: line 7, column 3: ...
 *   error validating "f.yaml": error validating data: kind not set; if you
 *       choose to ignore these errors, turn validation off with --validate=false
 *   resource mapping not found for name: "x" namespace: "" from "f.yaml": no
 *       matches for kind "Foo" in version "example.com/v1"\nensure CRDs are installed first
 *
 * A syntax error or a document without kind/apiVersion ends its file (the
 * documents before it count); an unknown kind skips only its document.
 * Reading a path that does not exist, or a directory without manifests,
 * fails as a whole ("the path \"x\" does not exist").
 *
 * Ownership: a kc_manifest owns its objects and messages; free with
 * kc_manifest_clear. */
#ifndef KC_CTL_MANIFEST_H
#define KC_CTL_MANIFEST_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "common/error.h"
#include "common/flags.h"
#include "common/resource.h"

/* Largest file (or stdin) read. */
#define KC_MANIFEST_MAX_FILE (64u << 20)

typedef struct kc_manifest_obj {
	cJSON *obj;             /* the object, as written */
	char *source;           /* where from, as kubectl names it: the path, or "STDIN" */
	unsigned line;          /* 1-based line of its document in the file */
	const kc_resource *res; /* its resource (kind and apiVersion are known) */
} kc_manifest_obj;

typedef struct kc_manifest {
	kc_manifest_obj *objs;
	size_t n;
	char **errors; /* per-document failures, in order (no "error: " prefix) */
	size_t n_errors;
} kc_manifest;

/* Reads every path of files (in order). Returns 0 with the objects and the
 * per-document failures in *ret (which must be zeroed first), or -ENOENT /
 * -EINVAL with err for a failure that stops everything (a missing path, an
 * unreadable file, a directory with no manifests); ret then holds what was
 * read before. Does not look at stdin unless a path is "-". */
int kc_manifest_read(const kc_flags_list *files, bool recursive, kc_manifest *ret, kc_error *err);

/* The same for one in-memory stream named source (for tests and `kc edit`). */
void kc_manifest_read_data(const char *data, size_t len, const char *source, kc_manifest *ret);

void kc_manifest_clear(kc_manifest *m);

/* The resource for an object's apiVersion and kind (NULL when the object
 * lacks either or kc does not serve it). */
const kc_resource *kc_manifest_resource(const cJSON *obj);

/* kubectl's messages joined as its builder reports them: one message as it
 * is, several as Go prints an error aggregate ("[a, b]"). NULL for none.
 * Caller frees. */
char *kc_manifest_errors_text(const kc_manifest *m);

#endif
