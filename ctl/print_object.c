/* print_object.c - the output flags and the printers for objects: -o json,
 * yaml, name, jsonpath, custom-columns (see print.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "ctl/print.h"
#include "common/json.h"
#include "common/jsonpath.h"
#include "common/yaml.h"

#include "banned.h"

/* ---- flags ---- */

kc_flag *kc_print_flags_init(kc_print_flags *f, unsigned set)
{
	memset(f, 0, sizeof(*f));
	f->set = set;
	bool get = set & KC_PRINT_FLAGS_GET;
	kc_flag *t = f->table;
	size_t k = 0;
	t[k++] = (kc_flag)KC_FLAG_STRING(
		"output", 'o', &f->output, "",
		get ? "Output format. One of: (json, yaml, name, jsonpath, jsonpath-as-json, jsonpath-file, "
		      "custom-columns, custom-columns-file, wide). See custom columns "
		      "[https://kubernetes.io/docs/reference/kubectl/#custom-columns] and jsonpath template "
		      "[https://kubernetes.io/docs/reference/kubectl/jsonpath/]."
		    : "Output format. One of: (json, yaml, name, jsonpath, jsonpath-as-json, jsonpath-file).");
	t[k++] = (kc_flag)KC_FLAG_STRING(
		"template", 0, &f->template_arg, "",
		"Template string or path to template file to use when -o=jsonpath, -o=jsonpath-file. The template "
		"format is jsonpath [https://kubernetes.io/docs/reference/kubectl/jsonpath/].");
	t[k++] = (kc_flag)KC_FLAG_BOOL("allow-missing-template-keys", 0, &f->allow_missing_keys, "true",
				       "If true, ignore any errors in templates when a field or map key is missing in "
				       "the template. Only applies to golang and jsonpath output formats.");
	t[k++] = (kc_flag)KC_FLAG_BOOL("show-managed-fields", 0, &f->show_managed_fields, "false",
				       "If true, keep the managedFields when printing objects in JSON or YAML format.");
	if (get) {
		t[k++] = (kc_flag)KC_FLAG_BOOL("no-headers", 0, &f->no_headers, "false",
					       "When using the default or custom-column output format, don't print "
					       "headers (default print headers).");
		t[k++] = (kc_flag)KC_FLAG_BOOL("show-labels", 0, &f->show_labels, "false",
					       "When printing, show all labels as the last column (default hide labels "
					       "column)");
		t[k++] = (kc_flag)KC_FLAG_STRING_SLICE(
			"label-columns", 'L', &f->label_columns, "",
			"Accepts a comma separated list of labels that are going to be presented as columns. Names "
			"are case-sensitive. You can also use multiple flag options like -L label1 -L label2...");
		t[k++] = (kc_flag)KC_FLAG_STRING(
			"sort-by", 0, &f->sort_by, "",
			"If non-empty, sort list types using this field specification.  The field specification is "
			"expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource "
			"specified by this JSONPath expression must be an integer or a string.");
		t[k++] = (kc_flag)KC_FLAG_BOOL("show-kind", 0, &f->show_kind, "false",
					       "If present, list the resource type for the requested object(s).");
	}
	t[k] = (kc_flag)KC_FLAG_END;
	return t;
}

/* ---- printers ---- */

typedef struct ccolumn {
	char *header;
	char *spec; /* relaxed: "{.metadata.name}" */
} ccolumn;

struct kc_printer {
	kc_print_format format;
	bool allow_missing_keys, show_managed_fields;
	unsigned count; /* objects printed (yaml separators) */
	/* jsonpath */
	kc_jsonpath *jp;
	bool jp_json;
	/* custom columns */
	ccolumn *columns;
	size_t n_columns;
	bool cc_no_headers, cc_printed_headers;
};

void kc_printer_free(kc_printer *p)
{
	if (!p)
		return;
	kc_jsonpath_free(p->jp);
	for (size_t i = 0; i < p->n_columns; i++) {
		free(p->columns[i].header);
		free(p->columns[i].spec);
	}
	free(p->columns);
	free(p);
}

kc_print_format kc_printer_format(const kc_printer *p)
{
	return p->format;
}

static int no_compatible(const char *output, bool get, kc_error *err)
{
	return kc_error_set(err, -EINVAL,
			    "unable to match a printer suitable for the output format \"%s\", allowed formats are: %s",
			    output,
			    get ? "custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,"
				  "wide,yaml"
				: "json,jsonpath,jsonpath-as-json,jsonpath-file,name,yaml");
}

/* Go's os error for a file that could not be read. */
static int read_error(kc_error *err, int rc, const char *what, const char *path)
{
	if (rc == -EISDIR)
		return kc_error_set(err, -EINVAL, "%s %s, read %s: is a directory", what, path, path);
	char msg[128];
	snprintf(msg, sizeof(msg), "%s", strerror(-rc));
	msg[0] = (char)tolower((unsigned char)msg[0]);
	return kc_error_set(err, -EINVAL, "%s %s, open %s: %s", what, path, path, msg);
}

/* If output is "format=value" for one of formats, splits it. */
static const char *split_format(const char *output, const char *const *formats, const char **ret_value)
{
	for (size_t i = 0; formats[i]; i++) {
		size_t n = strlen(formats[i]);
		if (strncmp(output, formats[i], n) == 0 && output[n] == '=') {
			*ret_value = output + n + 1;
			return formats[i];
		}
	}
	return NULL;
}

static bool in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (streq(s, list[i]))
			return true;
	return false;
}

static const char *const jsonpath_formats[] = {"jsonpath", "jsonpath-file", "jsonpath-as-json", NULL};
static const char *const columns_formats[] = {"custom-columns", "custom-columns-file", NULL};

/* -o jsonpath...: 1 when made, 0 when the format is not one of them. */
static int new_jsonpath(kc_printer *p, const char *output, const char *tmpl, kc_error *err)
{
	const char *format = output, *value = "";
	if (tmpl[0]) {
		value = tmpl;
	} else {
		const char *f = split_format(output, jsonpath_formats, &value);
		if (f)
			format = f;
	}
	if (!in_list(format, jsonpath_formats))
		return 0;
	if (!value[0])
		return kc_error_set(err, -EINVAL, "template format specified but no template given");
	_cleanup_free_ char *data = NULL;
	if (streq(format, "jsonpath-file")) {
		int r = kc_read_file(value, 16 << 20, &data, NULL);
		if (r < 0)
			return read_error(err, r, "error reading --template", value);
		value = data;
	}
	kc_error e = KC_ERROR_INIT;
	if (kc_jsonpath_parse(value, &p->jp, &e) < 0)
		return kc_error_set(err, -EINVAL, "error parsing jsonpath %s, %s", value, e.msg);
	p->format = KC_PRINT_JSONPATH;
	p->jp_json = streq(format, "jsonpath-as-json");
	return 1;
}

static void add_column(kc_printer *p, const char *header, size_t hlen, char *spec)
{
	p->columns = xrealloc(p->columns, (p->n_columns + 1) * sizeof(*p->columns));
	p->columns[p->n_columns++] = (ccolumn){xstrndup(header, hlen), spec};
}

/* Splits a line at runs of white space (Go's bufio.ScanWords). */
static char **words(const char *line, size_t len, size_t *ret_n)
{
	char **v = NULL;
	size_t n = 0;
	size_t i = 0;
	while (i < len) {
		while (i < len && isspace((unsigned char)line[i]))
			i++;
		size_t start = i;
		while (i < len && !isspace((unsigned char)line[i]))
			i++;
		if (i > start) {
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n++] = xstrndup(line + start, i - start);
		}
	}
	*ret_n = n;
	return v;
}

static void free_words(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int columns_from_file(kc_printer *p, const char *data, kc_error *err)
{
	static const char expected[] = "Expected format is one line of space separated headers, one line of space "
				       "separated column specs.";
	const char *nl = strchr(data, '\n');
	if (!data[0])
		return kc_error_set(err, -EINVAL, "invalid template, missing header line. %s", expected);
	size_t hlen = nl ? (size_t)(nl - data) : strlen(data);
	if (!nl || !nl[1])
		return kc_error_set(err, -EINVAL, "invalid template, missing spec line. %s", expected);
	const char *spec = nl + 1;
	const char *nl2 = strchr(spec, '\n');
	size_t slen = nl2 ? (size_t)(nl2 - spec) : strlen(spec);
	/* Go's line scanner drops a trailing \r */
	if (hlen > 0 && data[hlen - 1] == '\r')
		hlen--;
	if (slen > 0 && spec[slen - 1] == '\r')
		slen--;
	size_t nh, ns;
	char **headers = words(data, hlen, &nh), **specs = words(spec, slen, &ns);
	int r = 0;
	if (nh != ns)
		r = kc_error_set(err, -EINVAL, "number of headers (%zu) and field specifications (%zu) don't match", nh,
				 ns);
	for (size_t i = 0; r == 0 && i < nh; i++) {
		char *relaxed = NULL;
		r = kc_jsonpath_relaxed(specs[i], &relaxed, err);
		if (r == 0)
			add_column(p, headers[i], strlen(headers[i]), relaxed);
	}
	free_words(headers, nh);
	free_words(specs, ns);
	return r;
}

static int columns_from_spec(kc_printer *p, const char *spec, kc_error *err)
{
	const char *part = spec;
	for (;;) {
		const char *comma = strchr(part, ',');
		size_t n = comma ? (size_t)(comma - part) : strlen(part);
		const char *colon = memchr(part, ':', n);
		if (!colon)
			return kc_error_set(err, -EINVAL, "unexpected custom-columns spec: %.*s, expected "
					    "<header>:<json-path-expr>", (int)n, part);
		_cleanup_free_ char *path = xstrndup(colon + 1, n - (size_t)(colon + 1 - part));
		char *relaxed = NULL;
		int r = kc_jsonpath_relaxed(path, &relaxed, err);
		if (r < 0)
			return r;
		add_column(p, part, (size_t)(colon - part), relaxed);
		if (!comma)
			return 0;
		part = comma + 1;
	}
}

/* -o custom-columns...: 1 when made, 0 when not one of them. */
static int new_columns(kc_printer *p, const char *output, const char *tmpl, bool no_headers, kc_error *err)
{
	const char *format = output, *value = "";
	if (tmpl[0]) {
		value = tmpl;
	} else {
		const char *f = split_format(output, columns_formats, &value);
		if (f)
			format = f;
	}
	if (!in_list(format, columns_formats))
		return 0;
	if (!value[0])
		return kc_error_set(err, -EINVAL, "custom-columns format specified but no custom columns given");
	p->format = KC_PRINT_CUSTOM_COLUMNS;
	if (streq(format, "custom-columns-file")) {
		_cleanup_free_ char *data = NULL;
		int r = kc_read_file(value, 16 << 20, &data, NULL);
		if (r < 0)
			return read_error(err, r, "error reading template", value);
		/* upstream prints headers from a file whatever --no-headers says */
		r = columns_from_file(p, data, err);
		return r < 0 ? r : 1;
	}
	p->cc_no_headers = no_headers;
	int r = columns_from_spec(p, value, err);
	return r < 0 ? r : 1;
}

int kc_printer_new(const kc_print_flags *f, kc_printer **ret, kc_error *err)
{
	const char *output = f->output ? f->output : "";
	const char *tmpl = f->template_arg ? f->template_arg : "";
	bool get = f->set & KC_PRINT_FLAGS_GET;
	kc_printer *p = xcalloc(1, sizeof(*p));
	p->allow_missing_keys = f->allow_missing_keys;
	p->show_managed_fields = f->show_managed_fields;
	int r = 0;
	if (tmpl[0] && !output[0]) {
		/* kubectl reads a lone --template as a Go template */
		r = no_compatible("go-template", get, err);
		goto out;
	}
	r = new_jsonpath(p, output, tmpl, err);
	if (r != 0)
		goto out;
	if (streq(output, "json") || streq(output, "yaml")) {
		p->format = streq(output, "json") ? KC_PRINT_JSON : KC_PRINT_YAML;
		r = 1;
		goto out;
	}
	if (!output[0] || (get && streq(output, "wide"))) {
		p->format = output[0] ? KC_PRINT_WIDE : KC_PRINT_HUMAN;
		r = 1;
		goto out;
	}
	if (get) {
		r = new_columns(p, output, tmpl, f->no_headers, err);
		if (r != 0)
			goto out;
	}
	if (streq(output, "name")) {
		p->format = KC_PRINT_NAME;
		r = 1;
		goto out;
	}
	r = no_compatible(output, get, err);
out:
	if (r < 0) {
		kc_printer_free(p);
		return r;
	}
	*ret = p;
	return 0;
}

/* ---- printing ---- */

static bool is_list(const cJSON *obj)
{
	const char *kind = kc_json_get_str(obj, "kind", "");
	return cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(obj, "items")) && str_endswith(kind, "List");
}

/* A watch event as the printers get it: {"type": ..., "object": ...}. */
static bool is_event(const cJSON *obj)
{
	return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(obj, "type")) &&
	       cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(obj, "object")) &&
	       !cJSON_GetObjectItemCaseSensitive(obj, "kind");
}

cJSON *kc_print_list_new(cJSON *items)
{
	cJSON *list = cJSON_CreateObject();
	cJSON_AddStringToObject(list, "apiVersion", "v1");
	cJSON_AddItemToObject(list, "items", items ? items : cJSON_CreateArray());
	cJSON_AddStringToObject(list, "kind", "List");
	cJSON *meta = cJSON_AddObjectToObject(list, "metadata");
	cJSON_AddStringToObject(meta, "resourceVersion", "");
	return list;
}

void kc_print_name(kc_buf *out, const cJSON *obj, const char *operation)
{
	const char *api_version = kc_json_get_str(obj, "apiVersion", "");
	const char *kind = kc_json_get_str(obj, "kind", "");
	const char *name = kc_json_get_str(obj, "metadata.name", "");
	const char *slash = strchr(api_version, '/');
	for (const char *k = kind; *k; k++)
		kc_buf_addch(out, (char)tolower((unsigned char)*k));
	if (slash)
		kc_buf_addf(out, ".%.*s", (int)(slash - api_version), api_version);
	kc_buf_addf(out, "/%s", name[0] ? name : "<unknown>");
	if (operation && operation[0])
		kc_buf_addf(out, " %s", operation);
	kc_buf_addch(out, '\n');
}

/* The object without metadata.managedFields (a copy), or NULL when there
 * is nothing to leave out. */
static cJSON *without_managed_fields(const cJSON *obj)
{
	bool list = is_list(obj);
	bool found = false;
	const cJSON *it;
	if (list) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(obj, "items"))
			found |= kc_json_get(it, "metadata.managedFields") != NULL;
	} else {
		found = kc_json_get(obj, "metadata.managedFields") != NULL;
	}
	if (!found)
		return NULL;
	cJSON *copy = cJSON_Duplicate(obj, true);
	if (list) {
		cJSON *item;
		cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(copy, "items"))
			kc_json_delete(item, "metadata.managedFields");
	} else {
		kc_json_delete(copy, "metadata.managedFields");
	}
	return copy;
}

static int print_names(const cJSON *obj, kc_buf *out, char **ret_error)
{
	if (is_event(obj))
		obj = cJSON_GetObjectItemCaseSensitive(obj, "object");
	if (is_list(obj)) {
		const cJSON *item;
		cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(obj, "items")) {
			int r = print_names(item, out, ret_error);
			if (r < 0)
				return r;
		}
		return 0;
	}
	if (!kc_json_get_str(obj, "kind", "")[0]) {
		*ret_error = xstrdup("missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you "
				     "know the type");
		return -EINVAL;
	}
	kc_print_name(out, obj, NULL);
	return 0;
}

static int print_jsonpath(kc_printer *p, const cJSON *obj, kc_buf *out, char **ret_error)
{
	unsigned flags = (p->allow_missing_keys ? KC_JSONPATH_ALLOW_MISSING_KEYS : 0) |
			 (p->jp_json ? KC_JSONPATH_JSON_OUTPUT : 0);
	kc_error e = KC_ERROR_INIT;
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	if (kc_jsonpath_execute(p->jp, obj, flags, &b, &e) == 0) {
		kc_buf_add(out, kc_buf_str(&b), b.len);
		return 0;
	}
	kc_buf msg = KC_BUF_INIT;
	kc_buf_addstr(&msg, "error executing jsonpath ");
	kc_jsonpath_go_quote(&msg, kc_jsonpath_text(p->jp));
	kc_buf_addf(&msg, ": Error executing template: %s. Printing more information for debugging the template:\n"
		    "\ttemplate was:\n\t\t%s\n\tobject given to jsonpath engine was:\n\t\t",
		    e.msg, kc_jsonpath_text(p->jp));
	kc_jsonpath_format_go_sharp(&msg, obj);
	kc_buf_addstr(&msg, "\n\n");
	*ret_error = kc_buf_release(&msg);
	return e.code ? e.code : -EINVAL;
}

/* One row of custom columns: every value of each column's template, joined
 * by commas, "<none>" for none. */
static int column_row(kc_jsonpath **parsers, size_t n, const cJSON *obj, kc_buf *line, char **ret_error)
{
	for (size_t i = 0; i < n; i++) {
		kc_jsonpath_results res;
		kc_error e = KC_ERROR_INIT;
		int r = kc_jsonpath_find(parsers[i], obj, KC_JSONPATH_ALLOW_MISSING_KEYS, &res, &e);
		if (r < 0) {
			kc_jsonpath_results_clear(&res);
			*ret_error = xstrdup(e.msg);
			return r;
		}
		if (i > 0)
			kc_buf_addch(line, '\t');
		if (res.n_sets == 0 || res.sets[0].n == 0)
			kc_buf_addstr(line, "<none>");
		bool first = true;
		for (size_t s = 0; s < res.n_sets; s++) {
			for (size_t k = 0; k < res.sets[s].n; k++) {
				if (!first)
					kc_buf_addch(line, ',');
				first = false;
				_cleanup_buf_ kc_buf v = KC_BUF_INIT;
				kc_jsonpath_format_go(&v, res.sets[s].values[k]);
				/* EscapeTerminal: ESC and CR made visible */
				for (const char *c = kc_buf_str(&v); *c; c++) {
					if (*c == '\x1b')
						kc_buf_addstr(line, "^[");
					else if (*c == '\r')
						kc_buf_addstr(line, "\\r");
					else
						kc_buf_addch(line, *c);
				}
			}
		}
		kc_jsonpath_results_clear(&res);
	}
	kc_buf_addch(line, '\n');
	return 0;
}

static int print_columns(kc_printer *p, const cJSON *obj, kc_buf *out, char **ret_error)
{
	kc_print_tabwriter *tw = kc_print_tabwriter_new(out);
	if (!p->cc_no_headers && !p->cc_printed_headers) {
		for (size_t i = 0; i < p->n_columns; i++) {
			if (i > 0)
				kc_print_tabwriter_puts(tw, "\t");
			kc_print_tabwriter_puts(tw, p->columns[i].header);
		}
		kc_print_tabwriter_puts(tw, "\n");
		p->cc_printed_headers = true;
	}
	kc_jsonpath **parsers = xcalloc(p->n_columns + 1, sizeof(*parsers));
	int r = 0;
	for (size_t i = 0; r == 0 && i < p->n_columns; i++) {
		kc_error e = KC_ERROR_INIT;
		r = kc_jsonpath_parse(p->columns[i].spec, &parsers[i], &e);
		if (r < 0)
			*ret_error = xstrdup(e.msg);
	}
	_cleanup_buf_ kc_buf line = KC_BUF_INIT;
	if (r == 0 && is_list(obj)) {
		const cJSON *item;
		cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(obj, "items")) {
			kc_buf_reset(&line);
			r = column_row(parsers, p->n_columns, item, &line, ret_error);
			if (r < 0)
				break;
			kc_print_tabwriter_write(tw, kc_buf_str(&line), line.len);
		}
	} else if (r == 0) {
		r = column_row(parsers, p->n_columns, obj, &line, ret_error);
		if (r == 0)
			kc_print_tabwriter_write(tw, kc_buf_str(&line), line.len);
	}
	for (size_t i = 0; i < p->n_columns; i++)
		kc_jsonpath_free(parsers[i]);
	free(parsers);
	kc_print_tabwriter_flush(tw);
	kc_print_tabwriter_free(tw);
	return r;
}

int kc_printer_print(kc_printer *p, const cJSON *obj, kc_buf *out, char **ret_error)
{
	*ret_error = NULL;
	switch (p->format) {
	case KC_PRINT_JSON: {
		if (is_event(obj)) {
			/* a watch event: compact, as json.Marshal of metav1.WatchEvent */
			kc_buf_addstr(out, "{\"type\":");
			kc_json_print_buf(out, cJSON_GetObjectItemCaseSensitive(obj, "type"), KC_JSON_ESCAPE_HTML);
			kc_buf_addstr(out, ",\"object\":");
			kc_json_print_buf(out, cJSON_GetObjectItemCaseSensitive(obj, "object"),
					  KC_JSON_SORTED | KC_JSON_ESCAPE_HTML);
			kc_buf_addstr(out, "}\n");
			return 0;
		}
		_cleanup_json_ cJSON *copy = p->show_managed_fields ? NULL : without_managed_fields(obj);
		kc_json_print_buf(out, copy ? copy : obj, KC_JSON_PRETTY | KC_JSON_SORTED | KC_JSON_ESCAPE_HTML);
		kc_buf_addch(out, '\n');
		return 0;
	}
	case KC_PRINT_YAML: {
		if (++p->count > 1)
			kc_buf_addstr(out, "---\n");
		_cleanup_json_ cJSON *copy =
			p->show_managed_fields || is_event(obj) ? NULL : without_managed_fields(obj);
		kc_error e = KC_ERROR_INIT;
		if (kc_yaml_from_json(copy ? copy : obj, out, &e) < 0) {
			*ret_error = xstrdup(e.msg);
			return e.code;
		}
		return 0;
	}
	case KC_PRINT_NAME:
		return print_names(obj, out, ret_error);
	case KC_PRINT_JSONPATH:
		return print_jsonpath(p, obj, out, ret_error);
	case KC_PRINT_CUSTOM_COLUMNS:
		return print_columns(p, obj, out, ret_error);
	case KC_PRINT_HUMAN:
	case KC_PRINT_WIDE:
		break;
	}
	*ret_error = xstrdup("tables are printed by the table printer");
	return -EINVAL;
}
