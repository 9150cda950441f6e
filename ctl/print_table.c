/* print_table.c - server-side Tables printed as kubectl's table printer
 * (cli-runtime's HumanReadablePrinter: decorateTable, then printTable)
 * prints them. See print.h. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "ctl/print.h"
#include "common/json.h"
#include "common/jsonpath.h"
#include "common/selector.h"

#include "banned.h"

void kc_table_printer_init(kc_table_printer *tp, const kc_table_options *opts)
{
	memset(tp, 0, sizeof(*tp));
	if (opts)
		tp->opts = *opts;
}

void kc_table_printer_clear(kc_table_printer *tp)
{
	cJSON_Delete(tp->last_columns);
	tp->last_columns = NULL;
	tp->printed_headers = false;
}

/* A column after decoration: its header and whether it shows. */
typedef struct column {
	const char *name; /* points into a definition, or a static/owned string */
	bool visible;
} column;

/* A cell after decoration: a node of the table, or text made here. */
typedef struct tcell {
	const cJSON *node; /* NULL: text (NULL text too: an empty cell) */
	char *text;        /* owned */
} tcell;

typedef struct trow {
	tcell *cells;
	size_t n, cap;
} trow;

static void row_push(trow *r, const cJSON *node, char *text)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->cells = xrealloc(r->cells, r->cap * sizeof(*r->cells));
	}
	r->cells[r->n++] = (tcell){node, text};
}

static void row_prepend(trow *r, const cJSON *node, char *text)
{
	row_push(r, NULL, NULL);
	memmove(r->cells + 1, r->cells, (r->n - 1) * sizeof(*r->cells));
	r->cells[0] = (tcell){node, text};
}

static void row_free(trow *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->cells[i].text);
	free(r->cells);
}

static char *upper(const char *s)
{
	char *u = xstrdup(s ? s : "");
	for (char *p = u; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return u;
}

/* A -L key's header: its last /-segment in capitals. */
static char *label_header(const char *key)
{
	const char *slash = strrchr(key, '/');
	return upper(slash ? slash + 1 : key);
}

/* fmt.Sprint of a cell. */
static void cell_text(kc_buf *b, const tcell *c)
{
	if (!c->node) {
		if (c->text)
			kc_buf_addstr(b, c->text);
		return;
	}
	if (cJSON_IsString(c->node))
		kc_buf_addstr(b, c->node->valuestring);
	else
		kc_jsonpath_format_go(b, c->node);
}

/* Writes a cell as printTable does: cut at the first line break (with
 * "..."), ESC and CR made visible. */
static void write_cell(kc_print_tabwriter *tw, const tcell *c)
{
	if (!c->node && !c->text)
		return;
	if (c->node && cJSON_IsNull(c->node))
		return;
	_cleanup_buf_ kc_buf raw = KC_BUF_INIT;
	cell_text(&raw, c);
	const char *s = kc_buf_str(&raw);
	size_t n = strcspn(s, "\f\n\r");
	bool truncated = s[n] != '\0';
	_cleanup_buf_ kc_buf out = KC_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\x1b')
			kc_buf_addstr(&out, "^[");
		else
			kc_buf_addch(&out, s[i]);
	}
	if (truncated)
		kc_buf_addstr(&out, "...");
	kc_print_tabwriter_write(tw, kc_buf_str(&out), out.len);
}

static const char *event_label(const char *type)
{
	if (streq(type, "ADDED"))
		return "ADDED   ";
	if (streq(type, "MODIFIED"))
		return "MODIFIED";
	if (streq(type, "DELETED"))
		return "DELETED ";
	if (streq(type, "ERROR"))
		return "ERROR   ";
	return type;
}

/* decorateTable's label cells: one per -L key, then LABELS. */
static void add_label_cells(trow *r, const cJSON *labels, const kc_table_options *o)
{
	for (size_t i = 0; i < o->n_label_columns; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(labels, o->label_columns[i]);
		row_push(r, NULL, xstrdup(cJSON_IsString(v) ? v->valuestring : ""));
	}
	if (o->show_labels) {
		char *s = kc_labels_to_string(labels);
		if (!s[0]) {
			free(s);
			s = xstrdup("<none>");
		}
		row_push(r, NULL, s);
	}
}

int kc_table_printer_print(kc_table_printer *tp, const cJSON *table, const char *event_type, kc_print_tabwriter *tw)
{
	if (!cJSON_IsObject(table))
		return -EINVAL;
	const kc_table_options *o = &tp->opts;
	const cJSON *defs = cJSON_GetObjectItemCaseSensitive(table, "columnDefinitions");
	size_t ndefs = cJSON_IsArray(defs) ? (size_t)cJSON_GetArraySize(defs) : 0;
	bool no_headers = o->no_headers;
	if (tp->printed_headers && (ndefs == 0 || kc_json_equal(defs, tp->last_columns)))
		no_headers = true;
	if (ndefs == 0) {
		/* watch events after the first carry no definitions */
		defs = tp->last_columns;
		ndefs = cJSON_IsArray(defs) ? (size_t)cJSON_GetArraySize(defs) : 0;
	} else if (!kc_json_equal(defs, tp->last_columns)) {
		cJSON_Delete(tp->last_columns);
		tp->last_columns = cJSON_Duplicate(defs, true);
		defs = tp->last_columns;
		tp->printed_headers = false;
	}
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(table, "rows");
	size_t nrows = cJSON_IsArray(rows) ? (size_t)cJSON_GetArraySize(rows) : 0;
	if (nrows > 0)
		tp->printed_headers = true;

	/* decorateTable: NAMESPACE, the definitions, -L columns, LABELS */
	size_t width = ndefs + o->n_label_columns + (o->with_namespace ? 1 : 0) + (o->show_labels ? 1 : 0);
	size_t ncols = width + (event_type ? 1 : 0);
	column *cols = xcalloc(ncols + 1, sizeof(*cols));
	char **owned = xcalloc(ncols + 1, sizeof(*owned));
	size_t k = 0;
	long name_column = -1;
	if (event_type)
		cols[k++] = (column){"Event", true};
	if (o->with_namespace)
		cols[k++] = (column){"Namespace", true};
	size_t d = 0;
	const cJSON *def;
	cJSON_ArrayForEach(def, defs) {
		const char *type = kc_json_get_str(def, "type", "");
		const char *fmt = kc_json_get_str(def, "format", "");
		if (o->kind && name_column < 0 && streq(fmt, "name") && streq(type, "string"))
			name_column = (long)d;
		cols[k++] = (column){kc_json_get_str(def, "name", ""), o->wide || kc_json_get_int(def, "priority", 0) == 0};
		d++;
	}
	for (size_t i = 0; i < o->n_label_columns; i++) {
		owned[i] = label_header(o->label_columns[i]);
		cols[k++] = (column){owned[i], true};
	}
	if (o->show_labels)
		cols[k++] = (column){"Labels", true};

	trow *trows = xcalloc(nrows + 1, sizeof(*trows));
	bool include_labels = o->n_label_columns > 0 || o->show_labels;
	size_t r = 0;
	const cJSON *row;
	cJSON_ArrayForEach(row, rows) {
		trow *t = &trows[r++];
		const cJSON *cells = cJSON_GetObjectItemCaseSensitive(row, "cells");
		const cJSON *c;
		if (cJSON_IsArray(cells))
			cJSON_ArrayForEach(c, cells) row_push(t, c, NULL);
		if (name_column >= 0 && (size_t)name_column < t->n) {
			_cleanup_buf_ kc_buf b = KC_BUF_INIT;
			kc_buf_addf(&b, "%s/", o->kind);
			cell_text(&b, &t->cells[name_column]);
			t->cells[name_column] = (tcell){NULL, kc_buf_release(&b)};
		}
		const cJSON *obj = cJSON_GetObjectItemCaseSensitive(row, "object");
		if (include_labels || o->with_namespace) {
			if (!cJSON_IsObject(obj)) {
				/* no metadata: empty cells instead (as upstream counts them) */
				if (o->with_namespace)
					row_prepend(t, NULL, NULL);
				for (size_t j = 0; j + t->n < width; j++)
					row_push(t, NULL, NULL);
			} else {
				const cJSON *meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
				if (o->with_namespace)
					row_prepend(t, NULL, xstrdup(kc_json_get_str(meta, "namespace", "")));
				if (include_labels)
					add_label_cells(t, cJSON_GetObjectItemCaseSensitive(meta, "labels"), o);
			}
		}
		if (event_type)
			row_prepend(t, NULL, xstrdup(event_label(event_type)));
	}

	/* printTable */
	if (!no_headers && nrows > 0) {
		bool first = true;
		for (size_t i = 0; i < ncols; i++) {
			if (!cols[i].visible)
				continue;
			if (!first)
				kc_print_tabwriter_puts(tw, "\t");
			first = false;
			_cleanup_free_ char *h = upper(cols[i].name);
			kc_print_tabwriter_puts(tw, h);
		}
		kc_print_tabwriter_puts(tw, "\n");
	}
	for (size_t i = 0; i < nrows; i++) {
		bool first = true;
		for (size_t j = 0; j < trows[i].n && j < ncols; j++) {
			if (!cols[j].visible)
				continue;
			if (!first)
				kc_print_tabwriter_puts(tw, "\t");
			first = false;
			write_cell(tw, &trows[i].cells[j]);
		}
		kc_print_tabwriter_puts(tw, "\n");
		row_free(&trows[i]);
	}
	free(trows);
	for (size_t i = 0; i < o->n_label_columns; i++)
		free(owned[i]);
	free(owned);
	free(cols);
	return 0;
}

char *kc_table_print_text(const cJSON *table, const kc_table_options *opts)
{
	kc_buf out = KC_BUF_INIT;
	kc_table_printer tp;
	kc_table_printer_init(&tp, opts);
	kc_print_tabwriter *tw = kc_print_tabwriter_new(&out);
	kc_table_printer_print(&tp, table, NULL, tw);
	kc_print_tabwriter_flush(tw);
	kc_print_tabwriter_free(tw);
	kc_table_printer_clear(&tp);
	return kc_buf_release(&out);
}
