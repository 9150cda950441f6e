/* yaml.h - YAML <-> JSON the way kubectl reads and prints it.
 *
 * Reading follows sigs.k8s.io/yaml, which kubectl and the apiserver use:
 * go-yaml v2 parses a document with YAML 1.1 scalar rules, and the result is
 * turned into JSON. So, for plain (unquoted, untagged) scalars:
 *
 *     80  0x1F  0o17  017  1_000  +12    numbers (integers; 017 is octal)
 *     1.5  .5  1e3  6.8e+5               numbers (floats)
 *     true/false yes/no on/off y/n       booleans (any of the three casings
 *                                        True, TRUE, true)
 *     ~  null  (nothing)                 null
 *     .inf  .nan                         an error, as encoding/json refuses them
 *     anything else (2001-12-14, 1:20)   a string
 *
 * Quoted and block (| >) scalars are strings; tags !!str !!int !!float !!bool
 * !!null !!binary are honoured with go-yaml's errors ("cannot decode !!str
 * `abc` as a !!int"); other tags are ignored. Mapping keys that are not
 * strings become strings as sigs.k8s.io/yaml makes them (yes: -> "true",
 * 0x10: -> "16", 1.5: -> "1.5"); null, sequence and mapping keys are errors.
 * Anchors, aliases and merge keys (<<) work as in go-yaml v2 (a merge
 * overrides keys written before it, explicit keys after it win), with its
 * guard against alias bombs ("document contains excessive aliasing"), plus a
 * cap on the bytes aliases copy. Nesting is bounded by KC_YAML_MAX_DEPTH. A
 * key repeated in one mapping is an error unless KC_YAML_DUPLICATE_KEYS_OK.
 *
 * A stream is cut into documents at lines starting with "---" exactly as
 * k8s.io/apimachinery's YAMLReader does ("--- # comment" is a separator,
 * "--- foo" is the error "invalid Yaml document separator: foo"). Only the
 * first YAML document of each piece counts (text after a "..." line is
 * ignored, as go-yaml ignores it). Empty and null documents are skipped. A
 * stream whose first non-blank character is '{' is read as a sequence of JSON
 * values instead, as kubectl's YAMLOrJSONDecoder does (repeated keys: the
 * last wins; invalid UTF-8 becomes U+FFFD, as encoding/json reads it).
 *
 * Errors read like upstream's with the position added; lines are counted in
 * the whole stream (upstream counts within the document, which users cannot
 * map back to the file), lines and columns are 1-based:
 *
 *     error converting YAML to JSON: yaml: line 3, column 5: mapping values
 *     are not allowed in this context
 *
 * Writing (kc_yaml_from_json) prints what `kubectl get -o yaml` prints
 * (sigs.k8s.io/yaml's JSONToYAML, go-yaml v2's emitter): keys sorted in
 * go-yaml's order, two-space indent, sequences under a key not indented,
 * strings quoted only when a plain scalar would read back as something else
 * ("80" -> "80", 'a: b', ""), multi-line strings as literal blocks (|, |-,
 * |+), numbers as Go prints them (1000000, 1.5, 1e+21, 1e-06).
 *
 * Known differences from kubectl: cJSON keeps every number as a double, so
 * integers above 2^53 lose their last digits (kubectl keeps int64); a YAML
 * string holding a NUL byte ("\0") is refused, as cJSON strings are C
 * strings; libyaml accepts a few escapes go-yaml refuses ("\/"); key order
 * is go-yaml's, but where its comparison is not transitive (keys mixing
 * leading digits and letters, like "0x" and "017") kubectl's own order
 * varies from run to run and kc's is one stable choice.
 *
 * Ownership: every cJSON returned belongs to the caller (cJSON_Delete or
 * _cleanup_json_); chunks point into the caller's data.
 */

/* libyaml's header is also named yaml.h, and common/ comes before
 * /usr/include on the include path, so `#include <yaml.h>` finds this file.
 * yaml.c defines KC_YAML_WANT_LIBYAML and includes <yaml.h>: this file then
 * hands over to libyaml's header, searched after this directory. */
#if defined(KC_YAML_WANT_LIBYAML) && !defined(YAML_H)
#include_next <yaml.h>
#endif

#ifndef KC_YAML_H
#define KC_YAML_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "util.h"

/* Deepest nesting of sequences and mappings accepted (also what cJSON_Parse
 * accepts, so every document read can be printed and parsed back). */
#define KC_YAML_MAX_DEPTH 1000

/* Flags for the *_flags functions. */
enum {
	/* A key repeated in one mapping is not an error; the last value wins.
	 * This is what kubectl's client-side conversion does (go-yaml v2 in
	 * non-strict mode); by default kc refuses the document, as the
	 * apiserver's strict field validation does ("mapping key "x" already
	 * defined at line N"). Keys brought in by a merge (<<) may always be
	 * overridden. */
	KC_YAML_DUPLICATE_KEYS_OK = 1u << 0,
};

/* One document of a stream as kc_yaml_split cuts it. */
typedef struct kc_yaml_chunk {
	const char *data; /* into the stream given to kc_yaml_split */
	size_t len;
	unsigned line;  /* 1-based line of data[0] in the stream */
	unsigned index; /* 0-based, counting every piece between separators */
} kc_yaml_chunk;

/* Cuts a YAML stream at "---" lines (see above) without parsing it. On
 * success *ret_chunks is a new array of *ret_n chunks (caller frees the array
 * only; NULL when there are none). Fails with -EINVAL and err for a separator
 * line followed by anything but a comment. */
int kc_yaml_split(const char *data, size_t len, kc_yaml_chunk **ret_chunks, size_t *ret_n, kc_error *err);

/* Converts a stream to a new JSON array holding its documents in order
 * (empty and null documents skipped; see the top of this file). On failure
 * returns -EINVAL (or -ELOOP for excessive nesting or aliasing) with err
 * naming the line and column, and *ret_docs is untouched. */
int kc_yaml_to_json(const char *data, size_t len, cJSON **ret_docs, kc_error *err);
int kc_yaml_to_json_flags(const char *data, size_t len, unsigned flags, cJSON **ret_docs, kc_error *err);

/* Converts the first document of data (a whole file such as a kubeconfig,
 * or one chunk) to a new JSON value; *ret is NULL when the document is empty
 * or null. Lines in errors are counted from first_line (1 for a file, the
 * chunk's line for a chunk). JSON input is not treated specially here. */
int kc_yaml_doc_to_json(const char *data, size_t len, unsigned first_line, unsigned flags, cJSON **ret,
                        kc_error *err);

/* Walks a stream one document at a time, so a caller such as `kc apply` can
 * act on each document and name it (by line) in its messages.
 *
 *     kc_yaml_reader r;
 *     kc_yaml_reader_init(&r, data, len, 0);
 *     cJSON *doc; kc_yaml_chunk where;
 *     while ((rc = kc_yaml_reader_next(&r, &doc, &where, &err)) > 0) { ...; cJSON_Delete(doc); }
 *     if (rc < 0) ... err.msg names the line
 *
 * The reader keeps pointers into data, which must outlive it; it owns no
 * memory (nothing to free). */
typedef struct kc_yaml_reader {
	const char *data;
	size_t len;
	size_t pos;     /* next byte to read */
	unsigned line;  /* line of data[pos] */
	unsigned index; /* next chunk's index */
	unsigned flags;
	int mode; /* 0 not started, 1 YAML, 2 JSON, 3 finished */
} kc_yaml_reader;

void kc_yaml_reader_init(kc_yaml_reader *r, const char *data, size_t len, unsigned flags);

/* Returns 1 with the next non-empty document in *ret_doc (caller frees) and,
 * if ret_chunk is not NULL, where it was (for JSON streams: the line where the
 * value starts, len and data covering the value); 0 at the end of the stream;
 * a negative errno with err on a syntax error (the reader is then finished).
 */
int kc_yaml_reader_next(kc_yaml_reader *r, cJSON **ret_doc, kc_yaml_chunk *ret_chunk, kc_error *err);

/* Appends json to out as one YAML document, as kubectl -o yaml prints it
 * (no leading "---"; a caller printing several documents writes "---\n"
 * between them). Fails with -EINVAL for values JSON cannot carry (NaN,
 * infinities, cJSON_Raw/Invalid items) and -ELOOP past KC_YAML_MAX_DEPTH;
 * out may then hold part of the document. */
int kc_yaml_from_json(const cJSON *json, kc_buf *out, kc_error *err);

/* Same, returning a new string (caller frees) or NULL with err. */
char *kc_yaml_print(const cJSON *json, kc_error *err);

#endif
