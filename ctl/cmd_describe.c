/* cmd_describe.c - kc describe: picks objects as kubectl's resource builder
 * does (TYPE NAME..., TYPE/NAME..., TYPE[,TYPE] [-l SEL] [-A], -f FILE),
 * fetches them and prints each through its describer (ctl/describe.h),
 * which asks the server, through this file's getter, for what else it
 * shows (events, pods, ReplicaSets, EndpointSlices, ...). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/commands.h"
#include "ctl/describe.h"
#include "ctl/manifest.h"
#include "common/json.h"
#include "banned.h"

static const char describe_long[] =
	"Show details of a specific resource or group of resources.\n"
	"\n"
	" Print a detailed description of the selected resources, including related resources such as events or "
	"controllers. You may select a single object by name, all objects of that type, provide a name prefix, or "
	"label selector. For example:\n"
	"\n"
	"        $ kc describe TYPE NAME_PREFIX\n"
	"        \n"
	" will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output "
	"details for every resource that has a name prefixed with NAME_PREFIX.\n"
	"\n"
	"Use \"kc api-resources\" for a complete list of supported resources.";

static const char describe_examples[] =
	"# Describe a node\n"
	"kc describe nodes kubernetes-node-emt8.c.myproject.internal\n"
	"\n"
	"# Describe a pod\n"
	"kc describe pods/nginx\n"
	"\n"
	"# Describe a pod identified by type and name in \"pod.json\"\n"
	"kc describe -f pod.json\n"
	"\n"
	"# Describe all pods\n"
	"kc describe pods\n"
	"\n"
	"# Describe pods by label name=myLabel\n"
	"kc describe pods -l name=myLabel\n"
	"\n"
	"# Describe all pods managed by the 'frontend' replication controller\n"
	"# (rc-created pods get the name of the rc as a prefix in the pod name)\n"
	"kc describe pods frontend";

/* ---- the getter the describers use ---- */

typedef struct getter {
	kc_ctx *ctx;
	int64_t chunk_size;
} getter;

/* A collection path: /api/v1/<plural>, /api/v1/namespaces/<ns>/<plural>
 * (the same under /apis/<group>/<version>). */
static bool is_list_path(const char *path)
{
	size_t len = strcspn(path, "?");
	_cleanup_free_ char *p = xstrndup(path, len);
	int skip = str_startswith(p, "/api/") ? 2 : str_startswith(p, "/apis/") ? 3 : -1;
	if (skip < 0)
		return false;
	int segs = 0;
	bool ns_first = false;
	char *save = NULL;
	for (char *s = strtok_r(p, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
		segs++;
		if (segs == skip + 1)
			ns_first = streq(s, "namespaces");
	}
	int rest = segs - skip;
	return rest == 1 || (rest == 3 && ns_first);
}

static void getter_fn(void *data, const char *path, kc_describe_result *ret)
{
	getter *g = data;
	bool list = is_list_path(path);
	_cleanup_free_ char *cont = NULL;
	cJSON *acc = NULL;
	for (;;) {
		_cleanup_buf_ kc_buf p = KC_BUF_INIT;
		kc_buf_addstr(&p, path);
		if (list && g->chunk_size > 0)
			kc_buf_addf(&p, "%slimit=%" PRId64, strchr(path, '?') ? "&" : "?", g->chunk_size);
		if (cont) {
			kc_buf_addf(&p, "%scontinue=", strchr(kc_buf_str(&p), '?') ? "&" : "?");
			kc_describe_query_escape(&p, cont);
		}
		kc_response resp;
		kc_request(g->ctx, "GET", kc_buf_str(&p), NULL, NULL, &resp);
		if (resp.status != 200 || !resp.body) {
			ret->status = resp.status;
			if (resp.status == 0 || resp.err.msg[0])
				ret->error = xstrdup(resp.err.msg[0] ? resp.err.msg : "unknown error");
			else
				ret->error = xasprintf("the server returned status %ld", resp.status);
			kc_response_clear(&resp);
			cJSON_Delete(acc);
			return;
		}
		cJSON *body = TAKE_PTR(resp.body);
		kc_response_clear(&resp);
		free(cont);
		cont = NULL;
		const char *next = list ? kc_json_get_str(body, "metadata.continue", "") : "";
		if (next[0])
			cont = xstrdup(next);
		if (!acc) {
			acc = body;
		} else {
			cJSON *items = cJSON_GetObjectItemCaseSensitive(acc, "items");
			cJSON *more = cJSON_GetObjectItemCaseSensitive(body, "items");
			while (cJSON_IsArray(items) && more && more->child)
				cJSON_AddItemToArray(items, cJSON_DetachItemViaPointer(more, more->child));
			cJSON_Delete(body);
		}
		if (!cont)
			break;
	}
	ret->status = 200;
	ret->body = acc;
}

/* ---- what to describe ---- */

typedef struct dinfo {
	cJSON *obj; /* fetched, with apiVersion and kind */
} dinfo;

typedef struct dstate {
	kc_ctx *ctx;
	const char *ns;      /* the namespace of the request, "" with -A */
	const char *selector;
	int64_t chunk_size;
	dinfo *infos;
	size_t n, cap;
	char **errors;       /* messages as kubectl's CheckErr prints them */
	size_t n_errors;
	size_t n_not_found;  /* failed GETs that were 404 (prefix matching) */
} dstate;

static void add_info(dstate *s, const kc_resource *r, cJSON *obj)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->infos = xrealloc(s->infos, s->cap * sizeof(*s->infos));
	}
	/* list items carry no apiVersion/kind; the describers want them */
	char av[128];
	kc_json_object_put(obj, "apiVersion", cJSON_CreateString(kc_resource_api_version(r, av, sizeof(av))));
	kc_json_object_put(obj, "kind", cJSON_CreateString(r->kind));
	s->infos[s->n++] = (dinfo){obj};
}

/* An error to print at the end. kubectl reports every failure of its
 * builder (arguments it could not GET) but each failure of the describing
 * step (objects from files are fetched there) once: dedupe says which. */
static void add_error(dstate *s, char *msg, bool dedupe)
{
	for (size_t i = 0; dedupe && i < s->n_errors; i++)
		if (streq(s->errors[i], msg)) {
			free(msg);
			return;
		}
	s->errors = xrealloc(s->errors, (s->n_errors + 1) * sizeof(*s->errors));
	s->errors[s->n_errors++] = msg;
}

/* GETs one object; a failure becomes an error message (deduplicated when
 * dedupe). Returns -1 when the server could not be reached (printed; stop). */
static int fetch_one(dstate *s, const kc_resource *r, const char *ns, const char *name, bool dedupe)
{
	_cleanup_free_ char *path = kc_path(r, r->namespaced ? ns : NULL, name, NULL);
	kc_response resp;
	if (kc_request(s->ctx, "GET", path, NULL, NULL, &resp) < 0 && resp.status == 0) {
		if (resp.err.code != -EINVAL)
			fprintf(s->ctx->err, "%s\n", resp.err.msg);
		kc_response_clear(&resp);
		return -1;
	}
	if (resp.status == 200 && resp.body) {
		add_info(s, r, TAKE_PTR(resp.body));
	} else {
		if (resp.status == 404)
			s->n_not_found++;
		add_error(s, kc_response_error_text(&resp), dedupe);
	}
	kc_response_clear(&resp);
	return 0;
}

/* Lists every object of r (in ns, or all namespaces) matching the selector,
 * in chunks. */
static int fetch_list(dstate *s, const kc_resource *r, const char *ns, const char *selector)
{
	_cleanup_free_ char *base = kc_path(r, r->namespaced ? ns : NULL, NULL, NULL);
	_cleanup_free_ char *cont = NULL;
	for (;;) {
		_cleanup_buf_ kc_buf path = KC_BUF_INIT;
		kc_buf_addstr(&path, base);
		char sep = '?';
		if (selector && selector[0]) {
			kc_buf_addstr(&path, "?labelSelector=");
			kc_describe_query_escape(&path, selector);
			sep = '&';
		}
		if (s->chunk_size > 0) {
			kc_buf_addf(&path, "%climit=%" PRId64, sep, s->chunk_size);
			sep = '&';
		}
		if (cont) {
			kc_buf_addf(&path, "%ccontinue=", sep);
			kc_describe_query_escape(&path, cont);
		}
		kc_response resp;
		if (kc_request(s->ctx, "GET", kc_buf_str(&path), NULL, NULL, &resp) < 0 && resp.status == 0) {
			if (resp.err.code != -EINVAL)
				fprintf(s->ctx->err, "%s\n", resp.err.msg);
			kc_response_clear(&resp);
			return -1;
		}
		if (resp.status != 200 || !resp.body) {
			add_error(s, kc_response_error_text(&resp), false);
			kc_response_clear(&resp);
			return 0;
		}
		cJSON *items = cJSON_GetObjectItemCaseSensitive(resp.body, "items");
		while (cJSON_IsArray(items) && items->child)
			add_info(s, r, cJSON_DetachItemViaPointer(items, items->child));
		free(cont);
		cont = NULL;
		const char *next = kc_json_get_str(resp.body, "metadata.continue", "");
		if (next[0])
			cont = xstrdup(next);
		kc_response_clear(&resp);
		if (!cont)
			return 0;
	}
}

/* Resolves a TYPE (one of a comma-separated list; "all" is a category) to
 * its resources. Returns the count, 0 after printing the unknown type. */
static size_t resolve_type(kc_ctx *ctx, const char *type, const kc_resource **out, size_t max)
{
	size_t n = 0;
	for (const kc_resource *r = kc_resources; r->kind && n < max; r++)
		for (size_t c = 0; c < KC_ARRAY_SIZE(r->categories) && r->categories[c]; c++)
			if (streq(r->categories[c], type))
				out[n++] = r;
	if (n)
		return n;
	const kc_resource *r = kc_ctx_resource(ctx, type);
	if (!r)
		return 0;
	out[0] = r;
	return 1;
}

/* CheckErr: one error as it is ("error: " added unless it is a server or
 * connection message); several one per line. */
static int print_errors(kc_ctx *ctx, char **errors, size_t n)
{
	if (n == 1) {
		const char *m = errors[0];
		bool standard = str_startswith(m, "Error from server") || str_startswith(m, "error: ") ||
				str_startswith(m, "The connection to the server") ||
				str_startswith(m, "Unable to connect to the server");
		fprintf(ctx->err, "%s%s%s", standard ? "" : "error: ", m, str_endswith(m, "\n") ? "" : "\n");
	} else {
		for (size_t i = 0; i < n; i++)
			fprintf(ctx->err, "%s\n", errors[i]);
	}
	return n ? 1 : 0;
}

static void free_state(dstate *s)
{
	for (size_t i = 0; i < s->n; i++)
		cJSON_Delete(s->infos[i].obj);
	free(s->infos);
	for (size_t i = 0; i < s->n_errors; i++)
		free(s->errors[i]);
	free(s->errors);
}

/* Reads -f: every object's kind names its resource, its namespace (or the
 * request's) and name pick what to GET. */
static int collect_files(dstate *s, const kc_flags_list *files, bool recursive, bool ns_explicit)
{
	kc_manifest m = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_manifest_read(files, recursive, &m, &err);
	if (rc < 0) {
		kc_manifest_clear(&m);
		return kc_fail(s->ctx, "%s", err.msg);
	}
	for (size_t i = 0; i < m.n_errors; i++)
		add_error(s, xstrdup(m.errors[i]), false);
	for (size_t i = 0; i < m.n; i++) {
		const kc_manifest_obj *o = &m.objs[i];
		const char *ns = kc_json_get_str(o->obj, "metadata.namespace", "");
		const char *name = kc_json_get_str(o->obj, "metadata.name", "");
		if (o->res->namespaced && ns[0] && ns_explicit && !streq(ns, s->ns)) {
			add_error(s, xasprintf("the namespace from the provided object \"%s\" does not match the namespace "
					       "\"%s\". You must pass '--namespace=%s' to perform this operation.",
					       ns, s->ns, ns),
				  false);
			continue;
		}
		if (!name[0]) {
			add_error(s, xstrdup("resource name may not be empty"), true);
			continue;
		}
		if (fetch_one(s, o->res, ns[0] ? ns : s->ns, name, true) < 0) {
			kc_manifest_clear(&m);
			return 1;
		}
	}
	kc_manifest_clear(&m);
	return 0;
}

/* The distinct comma-separated parts of a TYPE argument, in order
 * (SplitResourceArgument); caller frees the array and *ret_buf. */
static char **split_types(const char *arg, size_t *ret_n, char **ret_buf)
{
	char *buf = xstrdup(arg);
	char **v = xcalloc(strlen(arg) + 2, sizeof(*v));
	size_t n = 0;
	char *p = buf;
	for (;;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = streq(v[i], p);
		if (!seen)
			v[n++] = p;
		if (!comma)
			break;
		p = comma + 1;
	}
	*ret_n = n;
	*ret_buf = buf;
	return v;
}

/* TYPE/NAME arguments (tuples). */
static int collect_tuples(dstate *s, char **args, int n, bool all_namespaces)
{
	for (int i = 0; i < n; i++) {
		char *sl = strchr(args[i], '/');
		if (!sl)
			return kc_fail(s->ctx, "there is no need to specify a resource type as a separate argument when "
					       "passing arguments in resource/name form (e.g. 'kc get "
					       "resource/<resource_name>' instead of 'kc get resource "
					       "resource/<resource_name>'");
		if (strchr(sl + 1, '/'))
			return kc_fail(s->ctx, "arguments in resource/name form may not have more than one slash");
		_cleanup_free_ char *type = xstrndup(args[i], (size_t)(sl - args[i]));
		size_t nt = 0;
		_cleanup_free_ char *buf = NULL;
		free(split_types(type, &nt, &buf));
		if (!type[0] || !sl[1] || nt != 1)
			return kc_fail(s->ctx, "arguments in resource/name form must have a single resource and name");
	}
	if (s->selector[0])
		return kc_fail(s->ctx, "name cannot be provided when a selector is specified");
	if (all_namespaces)
		return kc_fail(s->ctx, "a resource cannot be retrieved by name across all namespaces");
	for (int i = 0; i < n; i++) {
		_cleanup_free_ char *type = xstrndup(args[i], (size_t)(strchr(args[i], '/') - args[i]));
		const kc_resource *r = kc_ctx_resource(s->ctx, type);
		if (!r)
			return 1;
		if (fetch_one(s, r, s->ns, strchr(args[i], '/') + 1, false) < 0)
			return 1;
	}
	return 0;
}

/* The arguments as kubectl's ResourceTypeOrNameArgs reads them:
 * "TYPE1,TYPE2 NAME..." becomes TYPE/NAME pairs, a category ("all")
 * stands for its types, a bare TYPE lists. Returns 0, or the exit code
 * after printing an error that stops everything. */
static int collect_args(dstate *s, char **args, int n, bool all_namespaces)
{
	size_t nt = 0;
	_cleanup_free_ char *buf = NULL;
	_cleanup_free_ char **parts = split_types(args[0], &nt, &buf);
	if (n >= 2 && nt > 1) {
		/* normalizeMultipleResourcesArgs: every type with every name */
		size_t k = 0;
		_cleanup_free_ char **tuples = xcalloc(nt * (size_t)(n - 1) + 1, sizeof(*tuples));
		for (size_t t = 0; t < nt; t++)
			for (int i = 1; i < n; i++)
				tuples[k++] = xasprintf("%s/%s", parts[t], args[i]);
		int rc = collect_tuples(s, tuples, (int)k, all_namespaces);
		for (size_t i = 0; i < k; i++)
			free(tuples[i]);
		return rc;
	}
	for (int i = 0; i < n; i++)
		if (strchr(args[i], '/'))
			return collect_tuples(s, args, n, all_namespaces);

	const kc_resource *types[64];
	size_t count = 0;
	for (size_t t = 0; t < nt; t++) {
		size_t got = resolve_type(s->ctx, parts[t], types + count, KC_ARRAY_SIZE(types) - count);
		if (!got)
			return 1;
		count += got;
	}
	if (count == 0)
		return kc_fail(s->ctx, "resource(s) were provided, but no name was specified");
	if (n > 1) {
		if (s->selector[0])
			return kc_fail(s->ctx, "name cannot be provided when a selector is specified");
		if (count > 1)
			return kc_fail(s->ctx, "you must specify only one resource");
		if (all_namespaces && types[0]->namespaced)
			return kc_fail(s->ctx, "a resource cannot be retrieved by name across all namespaces");
		for (int i = 1; i < n; i++)
			if (fetch_one(s, types[0], s->ns, args[i], false) < 0)
				return 1;
		return 0;
	}
	for (size_t t = 0; t < count; t++)
		if (fetch_list(s, types[t], all_namespaces ? "" : s->ns, s->selector) < 0)
			return 1;
	return 0;
}

static int describe_one(dstate *s, const kc_describe_env *env, const cJSON *obj, kc_buf *out)
{
	char *err = NULL;
	if (kc_describe_object(env, obj, out, &err) < 0) {
		add_error(s, err, true);
		return -1;
	}
	return 0;
}

/* DescribeMatchingResources: the objects of type (one type only) whose
 * names start with prefix, each followed by a blank line; the original
 * error when there are none. */
static int describe_matching(dstate *s, const kc_describe_env *env, const char *type, const char *prefix)
{
	kc_ctx *ctx = s->ctx;
	if (strchr(type, ','))
		return kc_fail(ctx, "you may only specify a single resource type");
	dstate all = {.ctx = ctx, .ns = s->ns, .selector = "", .chunk_size = s->chunk_size};
	int status = 0;
	const char *slash = strchr(type, '/');
	if (slash) {
		_cleanup_free_ char *t = xstrndup(type, (size_t)(slash - type));
		const kc_resource *r = kc_ctx_resource(ctx, t);
		if (!r || fetch_one(&all, r, s->ns, slash + 1, false) < 0) {
			free_state(&all);
			return 1;
		}
	} else {
		const kc_resource *types[64];
		size_t nt = resolve_type(ctx, type, types, KC_ARRAY_SIZE(types));
		if (nt == 0) {
			free_state(&all);
			return 1;
		}
		if (nt > 1) {
			free_state(&all);
			return kc_fail(ctx, "you must specify only one resource");
		}
		if (fetch_list(&all, types[0], s->ns, "") < 0) {
			free_state(&all);
			return 1;
		}
	}
	if (all.n_errors) {
		status = print_errors(ctx, all.errors, all.n_errors);
		free_state(&all);
		return status;
	}
	bool found = false;
	for (size_t i = 0; i < all.n; i++) {
		if (!str_startswith(kc_json_get_str(all.infos[i].obj, "metadata.name", ""), prefix))
			continue;
		found = true;
		_cleanup_buf_ kc_buf text = KC_BUF_INIT;
		if (describe_one(&all, env, all.infos[i].obj, &text) < 0) {
			status = print_errors(ctx, all.errors, all.n_errors);
			free_state(&all);
			return status;
		}
		fprintf(ctx->out, "%s\n", kc_buf_str(&text));
	}
	free_state(&all);
	return found ? 0 : print_errors(ctx, s->errors, s->n_errors);
}

/* Describes what was collected and prints the failures; returns the exit
 * code. */
static int describe_all(dstate *s, char **args, int nargs, bool all_namespaces, bool show_events)
{
	kc_ctx *ctx = s->ctx;
	_cleanup_time_zone_ kc_time_zone *tz = NULL;
	(void)kc_time_zone_load_local(&tz, NULL);
	getter g = {ctx, s->chunk_size};
	kc_describe_env env = {
		.get = getter_fn, .data = &g, .now = kc_time_now(), .tz = tz, .show_events = show_events};

	/* kubectl's DescribeMatchingResources: "TYPE NAME" whose only failure
	 * is NotFound describes every object whose name starts with NAME */
	if (nargs == 2 && s->n_errors == 1 && s->n_not_found == 1)
		return describe_matching(s, &env, args[0], args[1]);

	bool first = true;
	for (size_t i = 0; i < s->n; i++) {
		_cleanup_buf_ kc_buf text = KC_BUF_INIT;
		if (describe_one(s, &env, s->infos[i].obj, &text) < 0)
			continue;
		if (!first)
			fputs("\n\n", ctx->out);
		first = false;
		fputs(kc_buf_str(&text), ctx->out);
		fflush(ctx->out);
	}
	if (s->n == 0 && s->n_errors == 0) {
		if (all_namespaces)
			fputs("No resources found\n", ctx->err);
		else
			fprintf(ctx->err, "No resources found in %s namespace.\n", s->ns);
	}
	return print_errors(ctx, s->errors, s->n_errors);
}

int cmd_describe(kc_ctx *ctx, int argc, char **argv)
{
	bool all_namespaces = false, show_events = true, recursive = false;
	int64_t chunk_size = 500;
	const char *selector = "", *kustomize = "";
	kc_flags_list files = {0};
	kc_flag own[] = {
		KC_FLAG_BOOL("all-namespaces", 'A', &all_namespaces, "false",
			     "If present, list the requested object(s) across all namespaces. Namespace in current "
			     "context is ignored even if specified with --namespace."),
		KC_FLAG_INT64("chunk-size", 0, &chunk_size, "500",
			      "Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta "
			      "and may change in the future."),
		KC_FLAG_STRING_SLICE("filename", 'f', &files, "",
				     "Filename, directory, or URL to files containing the resource to describe"),
		KC_FLAG_STRING("kustomize", 'k', &kustomize, "",
			       "Process the kustomization directory. This flag can't be used together with -f or -R."),
		KC_FLAG_BOOL("recursive", 'R', &recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_STRING("selector", 'l', &selector, "",
			       "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l "
			       "key1=value1,key2=value2). Matching objects must satisfy all of the specified label "
			       "constraints."),
		KC_FLAG_BOOL("show-events", 0, &show_events, "true",
			     "If true, display events related to the described object."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc describe", "kc describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
			 describe_long, describe_examples, tables);
		kc_flags_release(tables);
		return 0;
	}
	if (rc < 0) {
		free(args.args);
		kc_flags_release(tables);
		return kc_fail(ctx, "%s", err.msg);
	}
	dstate s = {.ctx = ctx, .selector = selector, .chunk_size = chunk_size};
	int status = 0;
	if (kustomize[0]) {
		status = kc_fail(ctx, "kustomize directories are not supported by kc");
		goto out;
	}
	if (args.n == 0 && files.n == 0) {
		fputs("error: You must specify the type of resource to describe. Use \"kc api-resources\" for a complete "
		      "list of supported resources.\n",
		      ctx->err);
		status = 1;
		goto out;
	}
	if (args.n > 0 && files.n > 0) {
		status = kc_fail(ctx, "when paths, URLs, or stdin is provided as input, you may not specify resource "
				      "arguments as well");
		goto out;
	}
	if (!kc_ctx_client(ctx)) {
		status = 1;
		goto out;
	}
	s.ns = kc_ctx_namespace(ctx);
	status = files.n ? collect_files(&s, &files, recursive, ctx->namespace && ctx->namespace[0])
			 : collect_args(&s, args.args, args.n, all_namespaces);
	if (status)
		goto out;

	status = describe_all(&s, args.args, args.n, all_namespaces, show_events);
out:
	free_state(&s);
	free(args.args);
	kc_flags_release(tables);
	return status;
}
