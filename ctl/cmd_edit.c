/* cmd_edit.c - kc edit: the objects in $KUBE_EDITOR, $EDITOR or vi (as
 * YAML, or JSON with -o json), then a two-way patch of what changed. A
 * rejected edit re-opens the file with the server's reasons on top, as
 * kubectl does; saving it unchanged gives up ("Edit cancelled, no valid
 * changes were saved."), keeping a copy. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctl/commands.h"
#include "ctl/manifest.h"
#include "ctl/mutate.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/patch.h"
#include "common/yaml.h"
#include "banned.h"

#define EDIT_HEADER                                                                                         \
	"# Please edit the object below. Lines beginning with a '#' will be ignored,\n"                     \
	"# and an empty file will abort the edit. If an error occurs while saving this file will be\n"     \
	"# reopened with the relevant failures.\n"                                                           \
	"#\n"

typedef struct edit_reason {
	char *head;
	char **other;
	size_t n_other;
} edit_reason;

typedef struct edit_results {
	edit_reason *reasons;
	size_t n_reasons;
	int retryable, notfound, invalid;
	char *file;
} edit_results;

static void results_clear(edit_results *r, bool keep_file)
{
	for (size_t i = 0; i < r->n_reasons; i++) {
		free(r->reasons[i].head);
		for (size_t k = 0; k < r->reasons[i].n_other; k++)
			free(r->reasons[i].other[k]);
		free(r->reasons[i].other);
	}
	free(r->reasons);
	char *file = r->file;
	memset(r, 0, sizeof(*r));
	if (keep_file)
		r->file = file;
	else
		free(file);
}

static edit_reason *add_reason(edit_results *r, char *head)
{
	r->reasons = xrealloc(r->reasons, (r->n_reasons + 1) * sizeof(*r->reasons));
	edit_reason *x = &r->reasons[r->n_reasons++];
	*x = (edit_reason){head, NULL, 0};
	return x;
}

/* hashOnLineBreak: continuation lines stay comments. */
static void add_commented(kc_buf *b, const char *s)
{
	for (; *s; s++) {
		kc_buf_addch(b, *s);
		if (*s == '\n')
			kc_buf_addstr(b, "# ");
	}
}

static void write_header(kc_buf *b, const edit_results *r)
{
	kc_buf_addstr(b, EDIT_HEADER);
	for (size_t i = 0; i < r->n_reasons; i++) {
		kc_buf_addstr(b, "# ");
		add_commented(b, r->reasons[i].head);
		kc_buf_addstr(b, r->reasons[i].n_other ? ":\n" : "\n");
		for (size_t k = 0; k < r->reasons[i].n_other; k++) {
			kc_buf_addstr(b, "# * ");
			add_commented(b, r->reasons[i].other[k]);
			kc_buf_addch(b, '\n');
		}
		kc_buf_addstr(b, "#\n");
	}
}

/* cmdutil.ManualStrip: lines that are comments (not "#!") dropped. */
static char *manual_strip(const char *s)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		size_t k = 0;
		while (k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r'))
			k++;
		bool comment = k < len && s[k] == '#' && !(k + 1 < len && s[k + 1] == '!');
		if (!comment) {
			kc_buf_add(&b, s, len);
			if (nl)
				kc_buf_addch(&b, '\n');
		}
		s += len + (nl ? 1 : 0);
	}
	return kc_buf_release(&b);
}

/* cmdutil.StripComments: the document as JSON when it parses, else the
 * text without comment lines - so two files compare by meaning. */
static char *strip_comments(const char *s)
{
	cJSON *docs = NULL;
	if (kc_yaml_to_json_flags(s, strlen(s), KC_YAML_DUPLICATE_KEYS_OK, &docs, NULL) == 0) {
		char *j = kc_json_print_flags(docs, KC_JSON_SORTED);
		cJSON_Delete(docs);
		return j;
	}
	return manual_strip(s);
}

/* What kubectl's schema validation says of the edited text before
 * anything is sent: NULL when each document is an object with a kind and
 * an apiVersion, else the reason (caller frees). */
static char *validate_edited(const char *s)
{
	cJSON *docs = NULL;
	kc_error err = KC_ERROR_INIT;
	/* kubectl validates the text without its comment lines: its line
	 * numbers count those lines only */
	_cleanup_free_ char *stripped = manual_strip(s);
	if (kc_yaml_to_json_flags(stripped, strlen(stripped), KC_YAML_DUPLICATE_KEYS_OK, &docs, &err) < 0) {
		const char *m = err.msg;
		if (str_startswith(m, "error converting YAML to JSON: "))
			m += strlen("error converting YAML to JSON: ");
		return xstrdup(m);
	}
	_cleanup_json_ cJSON *d = docs;
	if (!d->child)
		return xstrdup("invalid object to validate");
	for (const cJSON *o = d->child; o; o = o->next) {
		if (!cJSON_IsObject(o))
			return xstrdup("invalid object to validate");
		if (!kc_json_get_str(o, "kind", "")[0])
			return xstrdup("kind not set");
		if (!kc_json_get_str(o, "apiVersion", "")[0])
			return xstrdup("apiVersion not set");
	}
	return NULL;
}

static bool has_lines(const char *s)
{
	_cleanup_free_ char *stripped = manual_strip(s);
	for (const char *p = stripped; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return true;
	return false;
}

/* Runs the editor on path as kubectl's editor package does. Returns 0, or
 * -1 after printing kubectl's error. */
static int launch_editor(kc_ctx *ctx, const char *path)
{
	const char *editor = getenv("KUBE_EDITOR");
	if (!editor || !editor[0])
		editor = getenv("EDITOR");
	if (!editor || !editor[0])
		editor = "vi";
	char **argv = NULL;
	size_t n = 0;
	_cleanup_free_ char *copy = xstrdup(editor), *shell_cmd = NULL;
	if (strchr(editor, ' ') && strpbrk(editor, "\"'\\")) {
		/* quoting: let the shell read it */
		const char *shell = getenv("SHELL");
		_cleanup_buf_ kc_buf q = KC_BUF_INIT;
		kc_buf_addf(&q, "%s \"", editor);
		for (const char *p = path; *p; p++) {
			if (*p == '"' || *p == '\\')
				kc_buf_addch(&q, '\\');
			kc_buf_addch(&q, *p);
		}
		kc_buf_addch(&q, '"');
		shell_cmd = kc_buf_release(&q);
		argv = xcalloc(4, sizeof(*argv));
		argv[n++] = (char *)(shell && shell[0] ? shell : "sh");
		argv[n++] = (char *)"-c";
		argv[n++] = shell_cmd;
	} else {
		/* strings.Split on single spaces, as kubectl */
		argv = xcalloc(strlen(editor) + 3, sizeof(*argv));
		char *p = copy;
		for (;;) {
			argv[n++] = p;
			char *sp = strchr(p, ' ');
			if (!sp)
				break;
			*sp = '\0';
			p = sp + 1;
		}
		argv[n++] = (char *)path;
	}
	argv[n] = NULL;
	fflush(ctx->out);
	fflush(ctx->err);
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int status = 0;
	bool ok = pid > 0;
	while (ok && waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			ok = false;
	free(argv);
	if (!ok || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (ok && WIFEXITED(status) && WEXITSTATUS(status) == 127)
			kc_fail(ctx, "unable to launch the editor \"%s\"", editor);
		else
			kc_fail(ctx, "there was a problem with the editor \"%s\"", editor);
		return -1;
	}
	return 0;
}

/* Writes data to a new temporary file named like kubectl's. */
static char *write_temp(const char *data, const char *ext)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/kc-edit-XXXXXX%s", dir && dir[0] ? dir : "/tmp", ext);
	int fd = mkstemps(path, (int)strlen(ext));
	if (fd < 0) {
		free(path);
		return NULL;
	}
	size_t len = strlen(data), off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	if (off < len) {
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

static char *print_objects(cJSON *const *objs, size_t n, bool json)
{
	_cleanup_json_ cJSON *list = NULL;
	const cJSON *obj = n == 1 ? objs[0] : NULL;
	if (n != 1) {
		list = cJSON_CreateObject();
		cJSON_AddStringToObject(list, "apiVersion", "v1");
		cJSON *items = cJSON_AddArrayToObject(list, "items");
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(items, kc_json_dup(objs[i]));
		cJSON_AddStringToObject(list, "kind", "List");
		cJSON_AddObjectToObject(list, "metadata");
		obj = list;
	}
	if (json) {
		kc_buf b = KC_BUF_INIT;
		kc_json_print_buf(&b, obj, KC_JSON_PRETTY | KC_JSON_SORTED | KC_JSON_ESCAPE_HTML);
		kc_buf_addch(&b, '\n');
		return kc_buf_release(&b);
	}
	return kc_yaml_print(obj, NULL);
}

/* "deployments.apps": how kubectl's edit names a resource in messages. */
static const char *resource_string(const kc_resource *r, char *buf, size_t n)
{
	if (r->group[0])
		snprintf(buf, n, "%s.%s", r->plural, r->group);
	else
		snprintf(buf, n, "%s", r->plural);
	return buf;
}

typedef struct edit_ctx {
	kc_ctx *ctx;
	const char *output, *field_manager, *validation;
	bool output_patch;
} edit_ctx;

/* addError: what kubectl prints for a failed patch and remembers. */
static void add_error(edit_ctx *e, edit_results *res, const kc_response *resp, const kc_resource *r, const char *name)
{
	char rs[256];
	resource_string(r, rs, sizeof(rs));
	const char *reason = kc_json_get_str(resp->body, "reason", "");
	fflush(e->ctx->out);
	if (resp->status != 0 && streq(reason, "Invalid")) {
		res->invalid++;
		edit_reason *x = add_reason(res, xasprintf("%s \"%s\" was not valid", rs, name));
		const cJSON *causes = kc_json_get(resp->body, "details.causes");
		for (const cJSON *c = cJSON_IsArray(causes) ? causes->child : NULL; c; c = c->next) {
			x->other = xrealloc(x->other, (x->n_other + 1) * sizeof(*x->other));
			x->other[x->n_other++] = xasprintf("%s: %s", kc_json_get_str(c, "field", ""),
							   kc_json_get_str(c, "message", ""));
		}
		fprintf(e->ctx->err, "error: %s \"%s\" is invalid\n", rs, name);
	} else if (resp->status == 404) {
		res->notfound++;
		fprintf(e->ctx->err, "error: %s \"%s\" could not be found on the server\n", rs, name);
	} else {
		res->retryable++;
		_cleanup_free_ char *msg = kc_mut_error_multi(resp, NULL);
		fprintf(e->ctx->err, "error: %s \"%s\" could not be patched: %s\n", rs, name,
			str_startswith(msg, "Error from server") ? resp->err.msg[0] ? resp->err.msg : msg : msg);
	}
}

/* visitToPatch for one edited object. Returns 0, or -1 to stop with msg. */
static int patch_edited(edit_ctx *e, edit_results *res, const kc_manifest_obj *m, kc_target *targets, size_t n,
			char **ret_msg)
{
	const char *uid = kc_json_get_str(m->obj, "metadata.uid", "");
	kc_target *orig = NULL;
	for (size_t i = 0; i < n && !orig; i++)
		if (streq(kc_json_get_str(targets[i].obj, "metadata.uid", ""), uid))
			orig = &targets[i];
	if (!orig) {
		_cleanup_free_ char *s = kc_json_print(m->obj);
		*ret_msg = xasprintf("no original object found for %s", s);
		return -1;
	}
	const char *name = kc_json_get_str(m->obj, "metadata.name", "");
	if (kc_json_equal(orig->obj, m->obj)) {
		kc_mut_print(e->ctx, "", m->res, m->obj, "skipped", KC_MUT_SORTED);
		return 0;
	}
	char av[128];
	kc_resource_api_version(m->res, av, sizeof(av));
	_cleanup_json_ cJSON *patch = NULL;
	kc_error err = KC_ERROR_INIT;
	kc_patch_type type;
	if (kc_patch_strategic_supported(av, m->res->kind)) {
		type = KC_PATCH_STRATEGIC;
		if (kc_patch_strategic_create(orig->obj, m->obj, av, m->res->kind, &patch, &err) < 0) {
			*ret_msg = xstrdup(err.msg);
			return -1;
		}
	} else {
		type = KC_PATCH_MERGE;
		if (kc_patch_merge_create(orig->obj, m->obj, &patch, &err) < 0) {
			*ret_msg = xstrdup(err.msg);
			return -1;
		}
	}
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(patch, "metadata");
	if (cJSON_GetObjectItemCaseSensitive(patch, "apiVersion") || cJSON_GetObjectItemCaseSensitive(patch, "kind") ||
	    cJSON_GetObjectItemCaseSensitive(patch, "managedFields") ||
	    (cJSON_IsObject(meta) && cJSON_GetObjectItemCaseSensitive(meta, "name"))) {
		*ret_msg = xstrdup("At least one of apiVersion, kind and name was changed");
		return -1;
	}
	_cleanup_free_ char *body = kc_json_print_flags(patch, KC_JSON_SORTED | KC_JSON_ESCAPE_HTML);
	if (e->output_patch)
		fprintf(e->ctx->out, "Patch: %s\n", body);
	_cleanup_free_ char *opath = kc_path(m->res, orig->ns, name, NULL);
	_cleanup_free_ char *path = kc_mut_path(opath, e->field_manager, KC_DRY_RUN_NONE, e->validation);
	kc_response resp;
	kc_request(e->ctx, "PATCH", path, kc_patch_content_type(type), body, &resp);
	if (resp.status == 200 && resp.body)
		kc_mut_print(e->ctx, "", m->res, resp.body, "edited", KC_MUT_SORTED);
	else
		add_error(e, res, &resp, m->res, name);
	kc_response_clear(&resp);
	return 0;
}

/* "A copy of your changes has been stored to ..." and the error. */
static int preserved(kc_ctx *ctx, const char *file, const char *msg)
{
	struct stat st;
	fflush(ctx->out);
	if (file && stat(file, &st) == 0)
		fprintf(ctx->err, "A copy of your changes has been stored to \"%s\"\n", file);
	if (msg)
		return kc_print_error(ctx, msg);
	return 1;
}

static int edit_loop(edit_ctx *e, kc_targets *t, bool json)
{
	kc_ctx *ctx = e->ctx;
	edit_results res = {0};
	_cleanup_free_ char *original = NULL, *edited = NULL;
	bool contains_error = false;
	const char *ext = json ? ".json" : ".yaml";
	/* managedFields are not edited (kubectl takes them out and back) */
	cJSON **shown = xcalloc(t->n + 1, sizeof(*shown));
	for (size_t i = 0; i < t->n; i++) {
		shown[i] = kc_json_dup(t->items[i].obj);
		kc_json_delete(shown[i], "metadata.managedFields");
		kc_json_delete(t->items[i].obj, "metadata.managedFields");
	}
	int ret = 1;
	for (;;) {
		_cleanup_buf_ kc_buf buf = KC_BUF_INIT;
		write_header(&buf, &res);
		if (!contains_error) {
			_cleanup_free_ char *text = print_objects(shown, t->n, json);
			if (!text) {
				ret = preserved(ctx, res.file, "cannot print the objects");
				goto out;
			}
			kc_buf_addstr(&buf, text);
			free(original);
			original = xstrdup(kc_buf_str(&buf));
		} else {
			_cleanup_free_ char *stripped = manual_strip(edited ? edited : "");
			kc_buf_addstr(&buf, stripped);
		}
		_cleanup_free_ char *previous = edited ? xstrdup(edited) : xstrdup("");
		_cleanup_free_ char *file = write_temp(kc_buf_str(&buf), ext);
		if (!file) {
			ret = preserved(ctx, res.file, "cannot write a temporary file");
			goto out;
		}
		if (launch_editor(ctx, file) < 0) {
			ret = preserved(ctx, res.file, NULL);
			goto out;
		}
		free(edited);
		edited = NULL;
		if (kc_read_file(file, KC_MANIFEST_MAX_FILE, &edited, NULL) < 0) {
			ret = preserved(ctx, file, "cannot read the edited file");
			goto out;
		}
		_cleanup_free_ char *sp = strip_comments(previous), *se = strip_comments(edited);
		if (contains_error && streq(sp, se)) {
			ret = preserved(ctx, file, "Edit cancelled, no valid changes were saved.");
			goto out;
		}
		if (res.file)
			unlink(res.file);
		_cleanup_free_ char *invalid = validate_edited(edited);
		if (invalid) {
			/* kubectl's client-side validation, reported as Invalid */
			char rs[256];
			results_clear(&res, false);
			res.file = TAKE_PTR(file);
			res.invalid++;
			const kc_target *first = &t->items[0];
			edit_reason *x = add_reason(&res, xasprintf("%s \"%s\" was not valid",
								    resource_string(first->res, rs, sizeof(rs)), first->name));
			x->other = xcalloc(1, sizeof(*x->other));
			x->other[x->n_other++] =
				xasprintf("<nil>: Invalid value: \"The edited file failed validation\": %s", invalid);
			fflush(ctx->out);
			fprintf(ctx->err, "error: %s \"%s\" is invalid\n", rs, first->name);
			contains_error = true;
			continue;
		}
		_cleanup_free_ char *so = strip_comments(original);
		if (streq(so, se)) {
			unlink(file);
			fflush(ctx->out);
			fputs("Edit cancelled, no changes made.\n", ctx->err);
			ret = 0;
			goto out;
		}
		if (!has_lines(edited)) {
			unlink(file);
			fflush(ctx->out);
			fputs("Edit cancelled, saved file was empty.\n", ctx->err);
			ret = 0;
			goto out;
		}
		results_clear(&res, false);
		res.file = TAKE_PTR(file);

		kc_manifest man = {0};
		kc_manifest_read_data(edited, strlen(edited), res.file, &man);
		if (man.n_errors) {
			_cleanup_free_ char *why = kc_manifest_errors_text(&man);
			kc_manifest_clear(&man);
			add_reason(&res, xasprintf("The edited file had a syntax error: %s", why));
			contains_error = true;
			continue;
		}
		contains_error = false;
		_cleanup_free_ char *msg = NULL;
		for (size_t i = 0; i < man.n && !msg; i++) {
			/* RequireNamespace */
			const char *ns = kc_ctx_namespace(ctx), *own = kc_json_get_str(man.objs[i].obj, "metadata.namespace", "");
			if (man.objs[i].res->namespaced && own[0] && !streq(own, ns))
				msg = xasprintf("the namespace from the provided object \"%s\" does not match the namespace "
						"\"%s\". You must pass '--namespace=%s' to perform this operation.",
						own, ns, own);
		}
		for (size_t i = 0; i < man.n && !msg; i++)
			if (patch_edited(e, &res, &man.objs[i], t->items, t->n, &msg) < 0)
				break;
		kc_manifest_clear(&man);
		if (msg) {
			ret = preserved(ctx, res.file, msg);
			goto out;
		}
		fflush(ctx->out);
		if (res.retryable > 0) {
			fprintf(ctx->err, "You can run `kc replace -f %s` to try this update again.\n", res.file);
			goto out;
		}
		if (res.notfound > 0) {
			fprintf(ctx->err, "The edits you made on deleted resources have been saved to \"%s\"\n", res.file);
			goto out;
		}
		if (res.invalid == 0) {
			unlink(res.file);
			ret = 0;
			goto out;
		}
		if (res.n_reasons > 0)
			contains_error = true;
	}
out:
	for (size_t i = 0; i < t->n; i++)
		cJSON_Delete(shown[i]);
	free(shown);
	results_clear(&res, false);
	return ret;
}

static const char edit_description[] =
	"Edit a resource from the default editor.\n\n"
	" The edit command allows you to directly edit any API resource you can retrieve via the command-line "
	"tools. It will open the editor defined by your KUBE_EDITOR, or EDITOR environment variables, or fall back "
	"to 'vi' for Linux or 'notepad' for Windows. When attempting to open the editor, it will first attempt to "
	"use the shell that has been defined in the 'SHELL' environment variable. If this is not defined, the "
	"default shell will be used, which is '/bin/bash' for Linux or 'cmd' for Windows.\n\n"
	" You can edit multiple objects, although changes are applied one at a time. The command accepts file "
	"names as well as command-line arguments, although the files you point to must be previously saved "
	"versions of resources.\n\n"
	" Editing is done with the API version used to fetch the resource. To edit using a specific API version, "
	"fully-qualify the resource, version, and group.\n\n"
	" The default format is YAML. To edit in JSON, specify \"-o json\".\n\n"
	" In the event an error occurs while updating, a temporary file will be created on disk that contains your "
	"unapplied changes. The most common error when updating a resource is another editor changing the resource "
	"on the server. When this occurs, you will have to apply your changes to the newer version of the "
	"resource, or update your temporary saved copy to include the latest resource version.";

static const char edit_examples[] =
	"  # Edit the service named 'registry'\n"
	"  kc edit svc/registry\n"
	"  \n"
	"  # Use an alternative editor\n"
	"  KUBE_EDITOR=\"nano\" kc edit svc/registry\n"
	"  \n"
	"  # Edit the job 'myjob' in JSON using the v1 API format\n"
	"  kc edit job.v1.batch/myjob -o json\n"
	"  \n"
	"  # Edit the deployment 'mydeployment' in YAML and save the modified config in its annotation\n"
	"  kc edit deployment/mydeployment -o yaml --save-config";

int cmd_edit(kc_ctx *ctx, int argc, char **argv)
{
	const char *output = "", *field_manager = "", *validate_flag = "";
	kc_flags_list files = {0};
	bool recursive = false, output_patch = false, windows = false;
	kc_flag own[] = {
		KC_FLAG_STRING("output", 'o', &output, "", "Output format. One of: (json, yaml, name, go-template, "
							   "go-template-file, template, templatefile, jsonpath, "
							   "jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_STRING_SLICE("filename", 'f', &files, "", "Filename, directory, or URL to files to use to edit the resource"),
		KC_FLAG_BOOL("recursive", 'R', &recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_BOOL("output-patch", 0, &output_patch, "false", "Output the patch if the resource is edited."),
		KC_FLAG_BOOL("windows-line-endings", 0, &windows, "false",
			     "Defaults to the line ending native to your platform."),
		{.name = "validate", .type = KC_FLAG_T_STRING, .value = &validate_flag, .def = "strict", .noopt = "strict",
		 .usage = "Must be one of: strict (or true), warn, ignore (or false)."},
		KC_FLAG_STRING("field-manager", 0, &field_manager, "kubectl-edit",
			       "Name of the manager used to track field ownership."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	kc_targets t = {0};
	int ret = 1;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc edit", "kc edit (RESOURCE/NAME | -f FILENAME) [options]", edit_description,
			 edit_examples, tables);
		ret = 0;
		goto out;
	}
	if (rc < 0) {
		fprintf(ctx->err, "error: %s\nSee 'kc edit --help' for usage.\n", err.msg);
		goto out;
	}
	const char *validation = NULL;
	if (kc_mut_validation(validate_flag, &validation, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (output[0] && !streq(output, "yaml") && !streq(output, "json")) {
		kc_fail(ctx, "the flag 'output' must be one of yaml|json");
		goto out;
	}
	kc_target_opts topts = {.filenames = &files, .recursive = recursive};
	if (kc_targets_fetch(ctx, args.args, args.n, &topts, &t) < 0)
		goto out;
	if (t.n_errors) {
		ret = kc_targets_print_errors(ctx, &t);
		goto out;
	}
	if (t.n == 0) {
		kc_fail(ctx, "edit cancelled, no objects found");
		goto out;
	}
	edit_ctx e = {ctx, output, field_manager, validation, output_patch};
	ret = edit_loop(&e, &t, streq(output, "json"));
out:
	kc_targets_clear(&t);
	free(args.args);
	kc_flags_release(tables);
	return ret;
}
