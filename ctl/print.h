/* print.h - how kc prints objects: kubectl's printers, for every command
 * that shows objects (get, and -o of create, apply, run, expose, label...).
 *
 *  - output flags: -o/--output, --template, --no-headers, --show-labels,
 *    -L/--label-columns, --sort-by, --show-kind, --allow-missing-template-keys,
 *    --show-managed-fields, bound to a kc_print_flags (kc_print_flags_init);
 *  - kc_printer: -o json|yaml|name|jsonpath=...|jsonpath-file=...|
 *    jsonpath-as-json=...|custom-columns=...|custom-columns-file=... on one
 *    object or a List, byte for byte as kubectl prints them;
 *  - the table printer: a server-side Table (meta.k8s.io/v1, what `get` asks
 *    for with Accept: application/json;as=Table;v=v1;g=meta.k8s.io) laid out
 *    as kubectl's: uppercase headers, priority-1 columns only with -o wide,
 *    a NAMESPACE column, kind/name names, label columns, an EVENT column for
 *    watch events, through kc_print_tabwriter (Go's text/tabwriter as kubectl
 *    configures it: minimum width 6, padding 3, widths remembered across
 *    flushes for watches);
 *  - sorting (--sort-by) of objects and of table rows, as kubectl compares;
 *  - kubectl explain's text for an OpenAPI v3 schema.
 *
 * Everything here is pure (objects in, text out); commands do the I/O.
 * Ownership: functions returning char * hand the string to the caller;
 * cJSON arguments are borrowed unless a comment says otherwise. */
#ifndef KC_CTL_PRINT_H
#define KC_CTL_PRINT_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "common/error.h"
#include "common/flags.h"
#include "common/util.h"

/* ---- output flags ---- */

/* Which flags a command offers (kc_print_flags_init). */
enum {
	/* -o, --template, --allow-missing-template-keys, --show-managed-fields:
	 * what create, apply, label... have */
	KC_PRINT_FLAGS_OBJECT = 1u << 0,
	/* and --no-headers, --show-labels, -L, --sort-by, --show-kind, and the
	 * table formats: what get has */
	KC_PRINT_FLAGS_GET = 1u << 1,
};

typedef struct kc_print_flags {
	const char *output;       /* -o: "", "wide", "json", "jsonpath={...}"... */
	const char *template_arg; /* --template */
	bool allow_missing_keys;  /* --allow-missing-template-keys (default true) */
	bool show_managed_fields;
	bool no_headers, show_labels, show_kind;
	const char *sort_by;
	kc_flags_list label_columns; /* -L a,b -L c */
	unsigned set;
	kc_flag table[12];
} kc_print_flags;

/* Zeroes f's values, and returns its table of flags (list it among the
 * command's tables). kc_flags_release frees the -L list. */
kc_flag *kc_print_flags_init(kc_print_flags *f, unsigned set);

/* ---- printers for objects ---- */

typedef enum kc_print_format {
	KC_PRINT_HUMAN, /* no -o: server-side tables */
	KC_PRINT_WIDE,
	KC_PRINT_JSON,
	KC_PRINT_YAML,
	KC_PRINT_NAME,
	KC_PRINT_JSONPATH,
	KC_PRINT_CUSTOM_COLUMNS,
} kc_print_format;

typedef struct kc_printer kc_printer;

/* A printer for the flags, as kubectl's PrintFlags.ToPrinter chooses it, with
 * its errors: `unable to match a printer suitable for the output format "x",
 * allowed formats are: ...`, "template format specified but no template
 * given", "error parsing jsonpath {.a, unclosed action", "unexpected
 * custom-columns spec: X, expected <header>:<json-path-expr>", unreadable
 * template files. No -o gives KC_PRINT_HUMAN (get prints tables, other
 * commands their "pod/x created" line with kc_print_name); -o wide and the
 * custom-columns formats need KC_PRINT_FLAGS_GET. kc_printer_print refuses
 * the human formats. Caller frees with kc_printer_free. */
int kc_printer_new(const kc_print_flags *f, kc_printer **ret, kc_error *err);
void kc_printer_free(kc_printer *p);
static inline void kc_printer_freep(kc_printer **p) { kc_printer_free(*p); }
#define _cleanup_printer_ _cleanup_(kc_printer_freep)

kc_print_format kc_printer_format(const kc_printer *p);
static inline bool kc_print_format_is_human(kc_print_format f)
{
	return f == KC_PRINT_HUMAN || f == KC_PRINT_WIDE;
}

/* Prints obj (an object, a List with items, or a watch event {"type",
 * "object"}) to out as kubectl's printer of that format does:
 *   json   indented 4 spaces, keys sorted, <>& escaped, a newline; events
 *          compact on one line
 *   yaml   kubectl's YAML; "---" before every object after the first this
 *          printer prints
 *   name   kind[.group]/name per object ("deployment.apps/web")
 *   jsonpath, custom-columns  as their templates say (custom columns align
 *          through a tab writer; headers once per printer)
 * metadata.managedFields is left out of json and yaml unless
 * --show-managed-fields. On failure returns a negative errno and *ret_error
 * holds kubectl's message without "error: " (caller frees); out may hold part
 * of the output (kubectl prints the custom-columns header before a column's
 * template fails). */
int kc_printer_print(kc_printer *p, const cJSON *obj, kc_buf *out, char **ret_error);

/* "pod/nginx", "deployment.apps/web" + " " + operation ("created"; NULL or
 * "" for none) + "\n", from obj's apiVersion, kind and metadata.name. */
void kc_print_name(kc_buf *out, const cJSON *obj, const char *operation);

/* The List kubectl prints several objects as: {"apiVersion": "v1", "items":
 * [...], "kind": "List", "metadata": {"resourceVersion": ""}}. items is
 * taken over (a JSON array; NULL for none). */
cJSON *kc_print_list_new(cJSON *items);

/* ---- the tab writer ---- */

typedef struct kc_print_tabwriter kc_print_tabwriter;

/* A tab writer appending to out (borrowed, must outlive the writer). Cells
 * end at '\t' (or '\v'); lines at '\n' (or '\f', which also flushes); a line
 * without tabs flushes too, as Go's does. */
kc_print_tabwriter *kc_print_tabwriter_new(kc_buf *out);
void kc_print_tabwriter_free(kc_print_tabwriter *tw);
void kc_print_tabwriter_write(kc_print_tabwriter *tw, const char *s, size_t n);
void kc_print_tabwriter_puts(kc_print_tabwriter *tw, const char *s);
/* Lays out and appends what is buffered. Column widths are remembered and
 * only grow, so rows flushed one at a time (watches) stay aligned. */
void kc_print_tabwriter_flush(kc_print_tabwriter *tw);
/* Forgets the remembered widths (a new table starts). */
void kc_print_tabwriter_reset_widths(kc_print_tabwriter *tw);

/* ---- tables ---- */

typedef struct kc_table_options {
	bool wide;           /* -o wide: columns of priority > 0 too */
	bool no_headers;
	bool with_namespace; /* a NAMESPACE column first (-A on namespaced kinds) */
	bool show_labels;    /* a LABELS column last */
	/* "pod", "deployment.apps": NAME cells become kind/name (several
	 * types, --show-kind); NULL for plain names */
	const char *kind;
	char **label_columns; /* -L keys: a column each, headed by the key's
			       * last /-segment in capitals */
	size_t n_label_columns;
} kc_table_options;

/* Prints tables one after the other as kubectl's printer for one resource
 * type does: headers once (again only when the columns change), columns of
 * watch events without definitions taken from the last table. */
typedef struct kc_table_printer {
	kc_table_options opts; /* borrowed strings */
	cJSON *last_columns;   /* owned */
	bool printed_headers;
} kc_table_printer;

void kc_table_printer_init(kc_table_printer *tp, const kc_table_options *opts);
void kc_table_printer_clear(kc_table_printer *tp);

/* Writes table's rows (and the headers, when due) to tw. event_type: NULL,
 * or a watch event's type, which adds the EVENT column ("ADDED   ",
 * "MODIFIED", "DELETED ", "ERROR   "). A table without rows prints nothing.
 * Returns -EINVAL when table is not a Table object. */
int kc_table_printer_print(kc_table_printer *tp, const cJSON *table, const char *event_type, kc_print_tabwriter *tw);

/* One table as text (a fresh table printer and tab writer): what golden
 * tests compare. Caller frees. */
char *kc_table_print_text(const cJSON *table, const kc_table_options *opts);

/* ---- sorting (--sort-by) ---- */

/* Sorts items (objects) by the JSONPath field (relaxed: ".metadata.name",
 * "{.metadata.name}") as kubectl's --sort-by compares: numbers by value,
 * strings as quantities when both parse as one, else bytewise; objects
 * without the field first. Stable. Fails with kubectl's messages: "couldn't
 * find any field with path "{.x}" in the list of objects", jsonpath parse
 * errors, "unsortable type". n < 2 is always fine. */
int kc_sort_objects(cJSON **items, size_t n, const char *field, kc_error *err);

/* Sorts a Table's rows by the field of their objects (the request must ask
 * for includeObject=Object). Same comparisons and errors. */
int kc_sort_table_rows(cJSON *table, const char *field, kc_error *err);

/* ---- kubectl explain ---- */

/* What `kubectl explain` prints (its OpenAPI v3 plaintext template) for the
 * resource group/version/resource ("" for the core group) in doc, the
 * server's OpenAPI v3 document of that group-version: the GROUP, KIND and
 * VERSION of the resource, then for the field path fields[0 .. n_fields)
 * ("spec", "containers") the FIELD line, the DESCRIPTION (descriptions of the
 * schema and of what it refers to, word-wrapped at 76 columns) and the
 * FIELDS with their types, enums and -required- marks; with recursive, the
 * field names of the whole tree instead (cut where references loop).
 * On failure returns -ENOENT with *ret_error kubectl's message (caller
 * frees): "error: field \"x\" does not exist", "error: GVR (apps/v1,
 * Resource=pods) not found in OpenAPI schema"; out then holds what kubectl
 * prints before it (the GROUP/KIND/VERSION lines). */
int kc_explain_render(const cJSON *doc, const char *group, const char *version, const char *resource,
		      char *const *fields, size_t n_fields, bool recursive, kc_buf *out, char **ret_error);

#endif
