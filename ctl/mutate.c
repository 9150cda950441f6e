/* mutate.c - shared parts of the writing commands (see mutate.h). */
#include "ctl/mutate.h"

#include <errno.h>
#include <strings.h>

#include "common/json.h"
#include "common/yaml.h"
#include "ctl/print.h"
#include "banned.h"

/* ---- failures ---- */

static bool standard_message(const char *msg)
{
	return str_startswith(msg, "Error from server") || str_startswith(msg, "The connection to the server") ||
	       str_startswith(msg, "Unable to connect to the server") || str_startswith(msg, "error: ");
}

static void errs_push(kc_errs *e, char *single, char *multi)
{
	e->single = xrealloc(e->single, (e->n + 1) * sizeof(*e->single));
	e->multi = xrealloc(e->multi, (e->n + 1) * sizeof(*e->multi));
	e->group = xrealloc(e->group, (e->n + 1) * sizeof(*e->group));
	e->single[e->n] = single;
	e->multi[e->n] = multi;
	e->group[e->n] = NULL;
	e->n++;
}

void kc_errs_add_group(kc_errs *e, char *const *msgs, size_t n)
{
	if (n == 0)
		return;
	if (n == 1) {
		kc_errs_add(e, msgs[0]);
		return;
	}
	kc_buf b = KC_BUF_INIT;
	char **members = xcalloc(n + 1, sizeof(*members));
	kc_buf_addch(&b, '[');
	for (size_t i = 0; i < n; i++) {
		kc_buf_addf(&b, "%s%s", i ? ", " : "", msgs[i]);
		members[i] = xstrdup(msgs[i]);
	}
	kc_buf_addch(&b, ']');
	char *text = kc_buf_release(&b);
	errs_push(e, xstrdup(text), text);
	e->group[e->n - 1] = members;
}

void kc_errs_add(kc_errs *e, const char *msg)
{
	errs_push(e, standard_message(msg) ? xstrdup(msg) : xasprintf("error: %s", msg), xstrdup(msg));
}

/* The server's message with kubectl's context in front. */
static void status_message(kc_buf *b, const kc_response *resp, const char *context)
{
	const char *msg = resp->err.msg[0] ? resp->err.msg : kc_json_get_str(resp->body, "message", "unknown error");
	kc_buf_addf(b, "%s%s", context ? context : "", msg);
}

char *kc_mut_error_multi(const kc_response *resp, const char *context)
{
	kc_buf b = KC_BUF_INIT;
	if (resp->status == 0) {
		/* a transport failure: kubectl's message stands alone */
		kc_buf_addstr(&b, resp->err.msg);
		return kc_buf_release(&b);
	}
	const char *reason = kc_json_get_str(resp->body, "reason", "");
	if (streq(reason, "Unauthorized")) {
		kc_buf_addstr(&b, "error: You must be logged in to the server (");
		status_message(&b, resp, NULL);
		kc_buf_addch(&b, ')');
		return kc_buf_release(&b);
	}
	if (reason[0])
		kc_buf_addf(&b, "Error from server (%s): ", reason);
	else
		kc_buf_addstr(&b, "Error from server: ");
	status_message(&b, resp, context);
	return kc_buf_release(&b);
}

char *kc_mut_error_single(const kc_response *resp, const char *context)
{
	const cJSON *details = kc_json_get(resp->body, "details");
	if (resp->status == 0 || !streq(kc_json_get_str(resp->body, "reason", ""), "Invalid"))
		return kc_mut_error_multi(resp, context);
	/* cmdutil.CheckErr's own wording for Invalid */
	kc_buf b = KC_BUF_INIT;
	if (!cJSON_IsObject(details)) {
		kc_buf_addstr(&b, "The request is invalid: ");
		status_message(&b, resp, NULL);
		return kc_buf_release(&b);
	}
	const char *kind = kc_json_get_str(details, "kind", ""), *name = kc_json_get_str(details, "name", "");
	const char *group = kc_json_get_str(details, "group", "");
	if (kind[0] || name[0])
		kc_buf_addf(&b, "The %s \"%s\" is invalid", kind, name);
	else if (group[0])
		kc_buf_addf(&b, "The %s \"%s\" is invalid", group, name);
	else
		kc_buf_addstr(&b, "The request is invalid");
	const cJSON *causes = kc_json_get(details, "causes");
	_cleanup_buf_ kc_buf lines = KC_BUF_INIT;
	size_t n = 0;
	const char *first = NULL;
	_cleanup_json_ cJSON *seen = cJSON_CreateObject();
	for (const cJSON *c = cJSON_IsArray(causes) ? causes->child : NULL; c; c = c->next) {
		_cleanup_free_ char *line = xasprintf("%s: %s", kc_json_get_str(c, "field", ""),
						      kc_json_get_str(c, "message", ""));
		if (cJSON_GetObjectItemCaseSensitive(seen, line))
			continue; /* kubectl drops repeated messages */
		cJSON_AddNullToObject(seen, line);
		kc_buf_addf(&lines, "* %s\n", line);
		if (n++ == 0)
			first = cJSON_GetArrayItem(seen, 0)->string;
	}
	if (n == 1)
		kc_buf_addf(&b, ": %s", first);
	else if (n > 1)
		kc_buf_addf(&b, ": \n%.*s", (int)(lines.len - 1), lines.s);
	return kc_buf_release(&b);
}

void kc_errs_add_response(kc_errs *e, const kc_response *resp, const char *context)
{
	errs_push(e, kc_mut_error_single(resp, context), kc_mut_error_multi(resp, context));
}

int kc_errs_print(kc_ctx *ctx, const kc_errs *e)
{
	fflush(ctx->out); /* what was printed so far comes first, as kubectl writes unbuffered */
	if (e->n == 1 && e->group[0]) { /* an aggregate alone is flattened */
		for (char **m = e->group[0]; *m; m++)
			fprintf(ctx->err, "%s\n", *m);
		return 1;
	}
	if (e->n == 1) {
		fprintf(ctx->err, "%s\n", e->single[0]);
		return 1;
	}
	for (size_t i = 0; i < e->n; i++)
		fprintf(ctx->err, "%s\n", e->multi[i]);
	return e->n ? 1 : 0;
}

void kc_errs_clear(kc_errs *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->single[i]);
		free(e->multi[i]);
		for (char **m = e->group[i]; m && *m; m++)
			free(*m);
		free(e->group[i]);
	}
	free(e->single);
	free(e->multi);
	free(e->group);
	memset(e, 0, sizeof(*e));
}

int kc_mut_fail_response(kc_ctx *ctx, const kc_response *resp, const char *context)
{
	fflush(ctx->out);
	_cleanup_free_ char *s = kc_mut_error_single(resp, context);
	fprintf(ctx->err, "%s\n", s);
	return 1;
}

/* ---- requests ---- */

char *kc_mut_path(const char *path, const char *field_manager, kc_dry_run dry_run, const char *validation)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, path);
	char sep = strchr(path, '?') ? '&' : '?';
	/* url.Values.Encode sorts the keys */
	if (dry_run == KC_DRY_RUN_SERVER) {
		kc_buf_addf(&b, "%cdryRun=All", sep);
		sep = '&';
	}
	if (field_manager && field_manager[0]) {
		kc_buf_addf(&b, "%cfieldManager=", sep);
		kc_query_escape(&b, field_manager);
		sep = '&';
	}
	if (validation && validation[0])
		kc_buf_addf(&b, "%cfieldValidation=%s", sep, validation);
	return kc_buf_release(&b);
}

int kc_mut_validation(const char *flag, const char **ret, kc_error *err)
{
	static const struct {
		const char *flag, *value;
	} map[] = {{"strict", "Strict"}, {"true", "Strict"}, {"warn", "Warn"}, {"ignore", "Ignore"}, {"false", "Ignore"}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(map); i++)
		if (flag && strcasecmp(flag, map[i].flag) == 0) {
			*ret = map[i].value;
			return 0;
		}
	return kc_error_set(err, -EINVAL,
			    "invalid - validate option \"%s\"; must be one of: strict (or true), warn, ignore (or false)",
			    flag ? flag : "");
}

/* ---- output ---- */

static bool simple_output(const char *output)
{
	return !output || !output[0] || streq(output, "name") || streq(output, "json") || streq(output, "yaml");
}

/* The shared printer (print.h) for the other -o formats (jsonpath=...,
 * jsonpath-as-json=..., jsonpath-file=...). */
static int other_printer(const char *output, kc_printer **ret, kc_error *err)
{
	kc_print_flags f = {.output = output, .allow_missing_keys = true, .set = KC_PRINT_FLAGS_OBJECT};
	kc_printer *p = NULL;
	int r = kc_printer_new(&f, &p, err);
	if (r < 0)
		return r;
	if (kc_print_format_is_human(kc_printer_format(p))) {
		kc_printer_free(p);
		return kc_error_set(err, -EINVAL, "unexpected output format");
	}
	*ret = p;
	return 0;
}

bool kc_mut_output_ok(const char *output)
{
	if (simple_output(output))
		return true;
	kc_printer *p = NULL;
	if (other_printer(output, &p, NULL) < 0)
		return false;
	kc_printer_free(p);
	return true;
}

int kc_mut_output_error(kc_ctx *ctx, const char *output)
{
	kc_printer *p = NULL;
	kc_error err = KC_ERROR_INIT;
	/* the printer's own complaint (a bad jsonpath) is kubectl's; for a
	 * format it does not know, kubectl lists what the write commands take */
	if (other_printer(output, &p, &err) < 0 && err.msg[0] && !streq(err.msg, "unexpected output format") &&
	    !str_startswith(err.msg, "unable to match a printer"))
		return kc_fail(ctx, "%s", err.msg);
	kc_printer_free(p);
	return kc_fail(ctx,
		       "unable to match a printer suitable for the output format \"%s\", allowed formats are: "
		       "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,"
		       "templatefile,yaml",
		       output);
}

/* Prints obj with the shared printer; errors as kubectl words them. */
static void print_other(kc_ctx *ctx, const char *output, const cJSON *obj)
{
	_cleanup_printer_ kc_printer *p = NULL;
	kc_error err = KC_ERROR_INIT;
	if (other_printer(output, &p, &err) < 0) {
		fprintf(ctx->err, "error: %s\n", err.msg);
		return;
	}
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	_cleanup_free_ char *why = NULL;
	int r = kc_printer_print(p, obj, &b, &why);
	fputs(kc_buf_str(&b), ctx->out);
	if (r < 0) {
		fflush(ctx->out);
		fprintf(ctx->err, "error: %s\n", why ? why : "cannot print the object");
	}
}

static void print_value(kc_ctx *ctx, const char *output, const cJSON *obj, unsigned flags)
{
	if (!simple_output(output)) {
		print_other(ctx, output, obj);
		return;
	}
	if (streq(output, "json")) {
		unsigned jf = KC_JSON_PRETTY | KC_JSON_ESCAPE_HTML | ((flags & KC_MUT_SORTED) ? KC_JSON_SORTED : 0);
		_cleanup_free_ char *s = kc_json_print_flags(obj, jf);
		fprintf(ctx->out, "%s\n", s);
		return;
	}
	kc_error err = KC_ERROR_INIT;
	_cleanup_free_ char *y = kc_yaml_print(obj, &err);
	if (y)
		fputs(y, ctx->out);
	else
		fprintf(ctx->err, "error: %s\n", err.msg);
}

void kc_mut_print(kc_ctx *ctx, const char *output, const kc_resource *r, const cJSON *obj, const char *operation,
		  unsigned flags)
{
	if (output && output[0] && !streq(output, "name")) {
		print_value(ctx, output, obj, flags);
		return;
	}
	char kind[128];
	const char *name = kc_json_get_str(obj, "metadata.name", "");
	/* kubectl's name printer drops the operation for -o name */
	if (operation && operation[0] && !(output && streq(output, "name")))
		fprintf(ctx->out, "%s/%s %s\n", kc_kind_name(r, kind, sizeof(kind)), name, operation);
	else
		fprintf(ctx->out, "%s/%s\n", kc_kind_name(r, kind, sizeof(kind)), name);
}

static int cmp_member(const void *a, const void *b)
{
	return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

/* A copy with every object's keys in byte order. */
static cJSON *sorted_dup(const cJSON *v)
{
	if (cJSON_IsArray(v)) {
		cJSON *a = cJSON_CreateArray();
		for (const cJSON *c = v->child; c; c = c->next)
			cJSON_AddItemToArray(a, sorted_dup(c));
		return a;
	}
	if (!cJSON_IsObject(v))
		return kc_json_dup(v);
	size_t n = 0;
	for (const cJSON *c = v->child; c; c = c->next)
		n++;
	const cJSON **m = xcalloc(n ? n : 1, sizeof(*m));
	n = 0;
	for (const cJSON *c = v->child; c; c = c->next)
		m[n++] = c;
	qsort(m, n, sizeof(*m), cmp_member);
	cJSON *o = cJSON_CreateObject();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToObject(o, m[i]->string, sorted_dup(m[i]));
	free(m);
	return o;
}

void kc_mut_print_objects(kc_ctx *ctx, const char *output, const cJSON *const *objs, size_t n, unsigned flags)
{
	if (n == 0)
		return;
	if (n == 1) {
		print_value(ctx, output, objs[0], flags);
		return;
	}
	/* a corev1.List: its own fields in struct order, the items as they are */
	_cleanup_json_ cJSON *list = cJSON_CreateObject();
	cJSON_AddStringToObject(list, "kind", "List");
	cJSON_AddStringToObject(list, "apiVersion", "v1");
	cJSON_AddObjectToObject(list, "metadata");
	cJSON *items = cJSON_AddArrayToObject(list, "items");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(items, (flags & KC_MUT_SORTED) ? sorted_dup(objs[i]) : kc_json_dup(objs[i]));
	print_value(ctx, output, list, 0);
}

const char *kc_go_strerror(int errnum, char *buf, size_t size)
{
	snprintf(buf, size, "%s", strerror(errnum));
	if (buf[0] >= 'A' && buf[0] <= 'Z')
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* ---- objects ---- */

char *kc_mut_info_string(const kc_resource *r, const char *name, const char *ns)
{
	return xasprintf("Resource: \"%s/%s, Resource=%s\", GroupVersionKind: \"%s/%s, Kind=%s\"\n"
			 "Name: \"%s\", Namespace: \"%s\"",
			 r->group, r->version, r->plural, r->group, r->version, r->kind, name ? name : "",
			 ns ? ns : "");
}

int kc_mut_object_namespace(cJSON *obj, const kc_resource *r, const char *ns, bool enforce, const char **ret_ns,
			    kc_error *err)
{
	if (!r->namespaced) {
		*ret_ns = "";
		return 0;
	}
	const char *own = kc_json_get_str(obj, "metadata.namespace", "");
	if (!own[0]) {
		if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(obj, "metadata")))
			kc_json_object_put(obj, "metadata", cJSON_CreateObject());
		kc_json_set_str(obj, "metadata.namespace", ns, NULL);
		*ret_ns = kc_json_get_str(obj, "metadata.namespace", ns);
		return 0;
	}
	if (enforce && !streq(own, ns))
		return kc_error_set(err, -EINVAL,
				    "the namespace from the provided object \"%s\" does not match the namespace \"%s\". "
				    "You must pass '--namespace=%s' to perform this operation.",
				    own, ns, own);
	*ret_ns = own;
	return 0;
}
