/* target.c - picking the objects a command acts on, as kubectl's resource
 * builder does (see target.h). */
#include "ctl/target.h"

#include <dirent.h>
#include <event2/event.h>
#include <errno.h>
#include <sys/stat.h>

#include "common/json.h"
#include "common/selector.h"
#include "common/timeutil.h"
#include "common/yaml.h"
#include "banned.h"

/* Largest manifest read from a file or stdin. */
#define KC_TARGET_MAX_FILE (64u << 20)

static char **split_commas(const char *s, size_t *ret_n)
{
	size_t n = 0;
	char **v = NULL;
	const char *p = s;
	for (;;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (len) {
			v = xrealloc(v, (n + 2) * sizeof(*v));
			v[n++] = xstrndup(p, len);
			v[n] = NULL;
		}
		if (!c)
			break;
		p = c + 1;
	}
	*ret_n = n;
	return v;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void spec_add(kc_target_spec *s, const char *type, size_t type_len, const char *name)
{
	s->refs = xrealloc(s->refs, (s->n + 1) * sizeof(*s->refs));
	s->refs[s->n].type = xstrndup(type, type_len);
	s->refs[s->n].name = name ? xstrdup(name) : NULL;
	s->n++;
}

void kc_target_spec_clear(kc_target_spec *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->refs[i].type);
		free(s->refs[i].name);
	}
	free(s->refs);
	free(s->selector);
	memset(s, 0, sizeof(*s));
}

static bool has_files(const kc_target_opts *o) { return o->filenames && o->filenames->n > 0; }
static bool nonempty(const char *s) { return s && s[0]; }

int kc_target_spec_parse(char *const *args, int n, const kc_target_opts *o, kc_target_spec *ret, kc_error *err)
{
	kc_target_spec s = {0};
	int slashes = 0;
	for (int i = 0; i < n; i++)
		if (strchr(args[i], '/'))
			slashes++;
	/* "pods,svc x y" means pods/x pods/y svc/x svc/y */
	size_t ntypes = 0;
	char **types = n >= 1 ? split_commas(args[0], &ntypes) : NULL;
	bool have_selector = nonempty(o->selector) || nonempty(o->field_selector) || o->all;
	int rc = -EINVAL;

	if (has_files(o)) {
		if (n > 0 && slashes == n) {
			kc_error_set(err, -EINVAL, "resource/name arguments cannot be provided when a path is specified");
			goto out;
		}
		if (n > 0) {
			kc_error_set(err, -EINVAL, "when paths, URLs, or stdin is provided as input, you may not specify "
						   "resource arguments as well");
			goto out;
		}
		s.by_files = true;
		s.selector = xstrdup(o->selector ? o->selector : "");
		rc = 0;
		goto out;
	}
	if (slashes > 0 || (n >= 2 && ntypes > 1)) {
		if (slashes > 0 && slashes != n) {
			kc_error_set(err, -EINVAL,
				     "there is no need to specify a resource type as a separate argument when passing "
				     "arguments in resource/name form (e.g. 'kc get resource/<resource_name>' instead of "
				     "'kc get resource resource/<resource_name>'");
			goto out;
		}
		if (slashes == 0) {
			for (size_t t = 0; t < ntypes; t++)
				for (int i = 1; i < n; i++)
					spec_add(&s, types[t], strlen(types[t]), args[i]);
		} else {
			for (int i = 0; i < n; i++) {
				const char *a = args[i], *slash = strchr(a, '/');
				if (strchr(slash + 1, '/')) {
					kc_error_set(err, -EINVAL,
						     "arguments in resource/name form may not have more than one slash");
					goto out;
				}
				if (slash == a || !slash[1] || memchr(a, ',', (size_t)(slash - a))) {
					kc_error_set(err, -EINVAL,
						     "arguments in resource/name form must have a single resource and name");
					goto out;
				}
				spec_add(&s, a, (size_t)(slash - a), slash + 1);
			}
		}
		if (have_selector) {
			kc_error_set(err, -EINVAL,
				     "selectors and the all flag cannot be used when passing resource/name arguments");
			goto out;
		}
		s.single = s.n == 1;
		rc = 0;
		goto out;
	}
	if (n == 0) {
		kc_error_set(err, -EINVAL, "You must provide one or more resources by argument or filename.\n"
					   "Example resource specifications include:\n"
					   "   '-f rsrc.yaml'\n"
					   "   '--filename=rsrc.json'\n"
					   "   '<resource> <name>'\n"
					   "   '<resource>'");
		goto out;
	}
	if (ntypes == 0) {
		kc_error_set(err, -EINVAL, "resource(s) were provided, but no name was specified");
		goto out;
	}
	if (n >= 2) {
		if (have_selector) {
			kc_error_set(err, -EINVAL, "name cannot be provided when a selector is specified");
			goto out;
		}
		for (int i = 1; i < n; i++)
			spec_add(&s, types[0], strlen(types[0]), args[i]);
		s.single = n == 2;
		rc = 0;
		goto out;
	}
	/* one argument: types to list */
	if (!have_selector && !o->allow_empty_selector) {
		kc_error_set(err, -EINVAL, "resource(s) were provided, but no name was specified");
		goto out;
	}
	for (size_t t = 0; t < ntypes; t++)
		spec_add(&s, types[t], strlen(types[t]), NULL);
	s.by_selector = true;
	s.selector = xstrdup(o->selector ? o->selector : "");
	rc = 0;
out:
	free_strv(types, ntypes);
	if (rc < 0) {
		kc_target_spec_clear(&s);
		return rc;
	}
	*ret = s;
	return 0;
}

/* ---- fetching ---- */

void kc_targets_add_error(kc_targets *t, char *msg)
{
	t->errors = xrealloc(t->errors, (t->n_errors + 1) * sizeof(*t->errors));
	t->errors[t->n_errors++] = msg;
}

static bool standard_message(const char *msg)
{
	return str_startswith(msg, "Error from server") || str_startswith(msg, "The connection to the server") ||
	       str_startswith(msg, "Unable to connect to the server") || str_startswith(msg, "error: ");
}

int kc_print_error(kc_ctx *ctx, const char *msg)
{
	fflush(ctx->out);
	size_t len = strlen(msg);
	fprintf(ctx->err, "%s%s%s", standard_message(msg) ? "" : "error: ", msg,
		len && msg[len - 1] == '\n' ? "" : "\n");
	return 1;
}

static void add_target(kc_targets *t, const kc_resource *r, const char *ns, const char *name, cJSON *obj)
{
	t->items = xrealloc(t->items, (t->n + 1) * sizeof(*t->items));
	kc_target *x = &t->items[t->n++];
	x->res = r;
	x->ns = xstrdup(r->namespaced && ns ? ns : "");
	x->name = xstrdup(name);
	x->obj = obj;
	if (!obj)
		return;
	char av[64];
	if (!cJSON_GetObjectItemCaseSensitive(obj, "apiVersion"))
		cJSON_AddStringToObject(obj, "apiVersion", kc_resource_api_version(r, av, sizeof(av)));
	if (!cJSON_GetObjectItemCaseSensitive(obj, "kind"))
		cJSON_AddStringToObject(obj, "kind", r->kind);
}

int kc_target_load(kc_ctx *ctx, kc_targets *t, size_t i)
{
	kc_target *x = &t->items[i];
	if (x->obj)
		return 0;
	_cleanup_free_ char *path = kc_path(x->res, x->ns, x->name, NULL);
	kc_response resp;
	int rc = kc_request(ctx, "GET", path, NULL, NULL, &resp);
	if (rc < 0 && resp.status == 0) {
		fflush(ctx->out);
		kc_fail_response(ctx, &resp, NULL);
		kc_response_clear(&resp);
		return -1;
	}
	if (resp.status != 200 || !cJSON_IsObject(resp.body)) {
		kc_targets_add_error(t, kc_response_error_text(&resp));
		kc_response_clear(&resp);
		return 1;
	}
	x->obj = TAKE_PTR(resp.body);
	kc_response_clear(&resp);
	char av[64];
	if (!cJSON_GetObjectItemCaseSensitive(x->obj, "apiVersion"))
		cJSON_AddStringToObject(x->obj, "apiVersion", kc_resource_api_version(x->res, av, sizeof(av)));
	if (!cJSON_GetObjectItemCaseSensitive(x->obj, "kind"))
		cJSON_AddStringToObject(x->obj, "kind", x->res->kind);
	return 0;
}

void kc_targets_clear(kc_targets *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->items[i].ns);
		free(t->items[i].name);
		cJSON_Delete(t->items[i].obj);
	}
	free(t->items);
	for (size_t i = 0; i < t->n_errors; i++)
		free(t->errors[i]);
	free(t->errors);
	memset(t, 0, sizeof(*t));
}

int kc_targets_print_errors(kc_ctx *ctx, const kc_targets *t)
{
	fflush(ctx->out);
	if (t->n_errors == 1)
		return kc_print_error(ctx, t->errors[0]);
	for (size_t i = 0; i < t->n_errors; i++)
		fprintf(ctx->err, "%s\n", t->errors[i]);
	return t->n_errors ? 1 : 0;
}

char *kc_target_ref_name(const kc_resource *r, const char *name)
{
	char kind[128];
	return xasprintf("%s/%s", kc_kind_name(r, kind, sizeof(kind)), name);
}

/* Appends s to b escaped for a URL query value. */
void kc_query_escape(kc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.' || *p == '~') {
			kc_buf_addch(b, (char)*p);
		} else {
			kc_buf_addch(b, '%');
			kc_buf_addch(b, hex[*p >> 4]);
			kc_buf_addch(b, hex[*p & 15]);
		}
	}
}

static int get_one(kc_ctx *ctx, kc_targets *t, const kc_resource *r, const char *ns, const char *name,
		   bool lazy)
{
	if (lazy) {
		add_target(t, r, ns, name, NULL);
		return 0;
	}
	_cleanup_free_ char *path = kc_path(r, ns, name, NULL);
	kc_response resp;
	int rc = kc_request(ctx, "GET", path, NULL, NULL, &resp);
	if (rc < 0 && resp.status == 0) {
		kc_fail_response(ctx, &resp, NULL);
		kc_response_clear(&resp);
		return -1;
	}
	if (resp.status != 200 || !cJSON_IsObject(resp.body)) {
		kc_targets_add_error(t, kc_response_error_text(&resp));
		kc_response_clear(&resp);
		return 0;
	}
	add_target(t, r, ns, name, TAKE_PTR(resp.body));
	kc_response_clear(&resp);
	return 0;
}

static int list_type(kc_ctx *ctx, kc_targets *t, const kc_resource *r, const char *ns, const char *selector,
		     const char *field_selector)
{
	_cleanup_free_ char *base = kc_path(r, ns, NULL, NULL);
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	kc_buf_addstr(&path, base);
	char sep = '?';
	if (nonempty(selector)) {
		kc_buf_addf(&path, "%clabelSelector=", sep);
		kc_query_escape(&path, selector);
		sep = '&';
	}
	if (nonempty(field_selector)) {
		kc_buf_addf(&path, "%cfieldSelector=", sep);
		kc_query_escape(&path, field_selector);
	}
	kc_response resp;
	int rc = kc_request(ctx, "GET", path.s, NULL, NULL, &resp);
	if (rc < 0 || resp.status != 200) {
		kc_fail_response(ctx, &resp, NULL);
		kc_response_clear(&resp);
		return -1;
	}
	cJSON *items = cJSON_GetObjectItemCaseSensitive(resp.body, "items");
	cJSON *it;
	while (cJSON_IsArray(items) && (it = cJSON_DetachItemFromArray(items, 0))) {
		const char *name = kc_json_get_str(it, "metadata.name", "");
		const char *ins = kc_json_get_str(it, "metadata.namespace", "");
		add_target(t, r, ins, name, it);
	}
	kc_response_clear(&resp);
	return 0;
}

/* ---- files ---- */

static bool manifest_ext(const char *name)
{
	return str_endswith(name, ".json") || str_endswith(name, ".yaml") || str_endswith(name, ".yml");
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Appends the manifest files under path (a file, a directory, or "-") to
 * *files, directory entries sorted as Go's filepath.Walk visits them. */
static int collect_files(kc_ctx *ctx, const char *path, bool recursive, bool top, char ***files, size_t *n)
{
	struct stat st;
	if (streq(path, "-") || (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))) {
		*files = xrealloc(*files, (*n + 1) * sizeof(**files));
		(*files)[(*n)++] = xstrdup(path);
		return 0;
	}
	if (stat(path, &st) < 0) {
		fprintf(ctx->err, "error: the path \"%s\" does not exist\n", path);
		return -1;
	}
	DIR *d = opendir(path);
	if (!d) {
		fprintf(ctx->err, "error: the path \"%s\" cannot be accessed: %s\n", path, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (streq(de->d_name, ".") || streq(de->d_name, ".."))
			continue;
		names = xrealloc(names, (nn + 1) * sizeof(*names));
		names[nn++] = xasprintf("%s/%s", path, de->d_name);
	}
	closedir(d);
	if (nn)
		qsort(names, nn, sizeof(*names), cmp_str);
	int rc = 0;
	for (size_t i = 0; i < nn && rc == 0; i++) {
		if (stat(names[i], &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (recursive)
				rc = collect_files(ctx, names[i], recursive, false, files, n);
		} else if (manifest_ext(names[i])) {
			*files = xrealloc(*files, (*n + 1) * sizeof(**files));
			(*files)[(*n)++] = xstrdup(names[i]);
		}
	}
	(void)top;
	free_strv(names, nn);
	return rc;
}

static int fetch_files(kc_ctx *ctx, const kc_target_opts *o, kc_target_spec *spec, kc_targets *t)
{
	char **files = NULL;
	size_t nfiles = 0;
	int rc = 0;
	for (size_t i = 0; i < o->filenames->n && rc == 0; i++)
		rc = collect_files(ctx, o->filenames->items[i], o->recursive, true, &files, &nfiles);
	_cleanup_selector_ kc_selector *sel = NULL;
	kc_error err = KC_ERROR_INIT;
	if (rc == 0 && nonempty(spec->selector) && kc_selector_parse(spec->selector, &sel, &err) < 0) {
		fprintf(ctx->err, "error: the provided selector \"%s\" is not valid: %s\n", spec->selector, err.msg);
		rc = -1;
	}
	size_t objects = 0;
	for (size_t f = 0; f < nfiles && rc == 0; f++) {
		_cleanup_free_ char *data = NULL;
		size_t len = 0;
		int r = kc_read_file(files[f], KC_TARGET_MAX_FILE, &data, &len);
		if (r < 0) {
			fprintf(ctx->err, "error: open %s: %s\n", files[f], strerror(-r));
			rc = -1;
			break;
		}
		kc_yaml_reader rd;
		kc_yaml_reader_init(&rd, data, len, KC_YAML_DUPLICATE_KEYS_OK);
		cJSON *doc = NULL;
		while ((r = kc_yaml_reader_next(&rd, &doc, NULL, &err)) > 0) {
			_cleanup_json_ cJSON *d = doc;
			/* a List's items are the objects (kubectl's Flatten) */
			cJSON *items = cJSON_GetObjectItemCaseSensitive(d, "items");
			cJSON *one = cJSON_IsArray(items) ? items->child : d;
			for (; one; one = cJSON_IsArray(items) ? one->next : NULL) {
				const char *av = kc_json_get_str(one, "apiVersion", "");
				const char *kind = kc_json_get_str(one, "kind", "");
				const char *name = kc_json_get_str(one, "metadata.name", "");
				const char *ns = kc_json_get_str(one, "metadata.namespace", "");
				const kc_resource *res = kc_resource_find_kind(av, kind);
				objects++;
				if (!res) {
					kc_targets_add_error(t, xasprintf("resource mapping not found for name: \"%s\" namespace: "
							       "\"%s\" from \"%s\": no matches for kind \"%s\" in version "
							       "\"%s\"\nensure CRDs are installed first",
							       name, ns, files[f], kind, av));
					continue;
				}
				if (sel && !kc_selector_matches_object(sel, one))
					continue;
				if (res->namespaced) {
					if (ns[0] && ctx->namespace && ctx->namespace[0] && !streq(ns, ctx->namespace)) {
						kc_targets_add_error(t, xasprintf("the namespace from the provided object \"%s\" "
								       "does not match the namespace \"%s\". You must pass "
								       "'--namespace=%s' to perform this operation.",
								       ns, ctx->namespace, ns));
						continue;
					}
					if (!ns[0])
						ns = kc_ctx_namespace(ctx);
				}
				if (o->local) {
					add_target(t, res, ns, name, cJSON_Duplicate(one, true));
					continue;
				}
				if (get_one(ctx, t, res, ns, name, false) < 0) {
					rc = -1;
					break;
				}
			}
			if (rc < 0)
				break;
		}
		if (r < 0) {
			fprintf(ctx->err, "error: error parsing %s: %s\n", files[f], err.msg);
			rc = -1;
		}
	}
	t->single = rc == 0 && nfiles == 1 && objects == 1 && !streq(files[0], "-") && o->filenames->n == 1;
	free_strv(files, nfiles);
	return rc;
}

int kc_targets_fetch(kc_ctx *ctx, char *const *args, int n, const kc_target_opts *o, kc_targets *ret)
{
	kc_target_spec spec;
	kc_error err = KC_ERROR_INIT;
	memset(ret, 0, sizeof(*ret));
	if (kc_target_spec_parse(args, n, o, &spec, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		return -1;
	}
	int rc = 0;
	const char *ns = o->all_namespaces ? "" : kc_ctx_namespace(ctx);
	ret->ns = ns;
	ret->single = spec.single;
	if (spec.by_files) {
		rc = fetch_files(ctx, o, &spec, ret);
		kc_target_spec_clear(&spec);
		return rc;
	}
	/* resolve every type first, as kubectl maps them before any request */
	const kc_resource **res = xcalloc(spec.n + 1, sizeof(*res));
	for (size_t i = 0; i < spec.n && rc == 0; i++) {
		res[i] = kc_ctx_resource(ctx, spec.refs[i].type);
		if (!res[i])
			rc = -1;
	}
	if (rc == 0 && !spec.by_selector && o->all_namespaces) {
		for (size_t i = 0; i < spec.n; i++)
			if (res[i]->namespaced) {
				kc_fail(ctx, "a resource cannot be retrieved by name across all namespaces");
				rc = -1;
				break;
			}
	}
	if (rc == 0 && spec.by_selector) {
		kc_selector *sel = NULL;
		if (kc_selector_parse(spec.selector, &sel, &err) < 0) {
			kc_fail(ctx, "%s", err.msg);
			rc = -1;
		}
		kc_selector_free(sel);
	}
	for (size_t i = 0; i < spec.n && rc == 0; i++) {
		if (spec.by_selector)
			rc = list_type(ctx, ret, res[i], ns, spec.selector, o->field_selector);
		else
			rc = get_one(ctx, ret, res[i], ns, spec.refs[i].name, o->lazy);
	}
	if (rc == 0 && spec.by_selector && spec.n == 1 && !res[0]->namespaced)
		ret->ns = "";
	free(res);
	kc_target_spec_clear(&spec);
	return rc;
}

/* ---- watching ---- */

typedef struct watch_state {
	kc_target_watch_fn fn;
	void *userdata;
	int result; /* -3 running, then 1, 0, -1, -2 */
	char *error;
	struct event_base *base;
} watch_state;

static void watch_event(kc_watch_event_type type, cJSON *object, void *userdata)
{
	watch_state *s = userdata;
	if (s->result != -3 || type == KC_WATCH_BOOKMARK)
		return;
	int r = s->fn(type, object, s->userdata);
	if (r != 0) {
		s->result = r > 0 ? 1 : -1;
		event_base_loopbreak(s->base);
	}
}

static void watch_gone(void *userdata)
{
	watch_state *s = userdata;
	if (s->result == -3) {
		s->result = -2;
		s->error = xstrdup("the watch expired: too old resource version");
		event_base_loopbreak(s->base);
	}
}

static void watch_timeout(evutil_socket_t fd, short what, void *userdata)
{
	(void)fd;
	(void)what;
	watch_state *s = userdata;
	if (s->result == -3)
		s->result = 0;
	event_base_loopbreak(s->base);
}

int kc_target_watch(kc_ctx *ctx, const kc_target *t, int64_t timeout_ns, kc_target_watch_fn fn, void *userdata,
		    char **ret_err)
{
	_cleanup_free_ char *base = kc_path(t->res, t->ns, NULL, NULL);
	_cleanup_free_ char *fs = xasprintf("metadata.name=%s", t->name);
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	kc_buf_addf(&path, "%s?fieldSelector=", base);
	kc_query_escape(&path, fs);
	int64_t start = kc_time_monotonic_ms();
	kc_response resp;
	int rc = kc_request(ctx, "GET", path.s, NULL, NULL, &resp);
	if (rc < 0 || resp.status != 200) {
		*ret_err = kc_response_error_text(&resp);
		kc_response_clear(&resp);
		return -2;
	}
	cJSON *obj = cJSON_GetArrayItem(kc_json_get(resp.body, "items"), 0);
	char av[64];
	if (obj && !cJSON_GetObjectItemCaseSensitive(obj, "kind")) {
		cJSON_AddStringToObject(obj, "kind", t->res->kind);
		cJSON_AddStringToObject(obj, "apiVersion", kc_resource_api_version(t->res, av, sizeof(av)));
	}
	int r = fn(KC_WATCH_ADDED, obj, userdata);
	_cleanup_free_ char *rv = xstrdup(kc_json_get_str(resp.body, "metadata.resourceVersion", ""));
	kc_response_clear(&resp);
	if (r != 0)
		return r > 0 ? 1 : -1;
	int64_t left_ms = timeout_ns > 0 ? timeout_ns / 1000000 - (kc_time_monotonic_ms() - start) : 0;
	if (timeout_ns > 0 && left_ms <= 0)
		return 0;
	watch_state s = {.fn = fn, .userdata = userdata, .result = -3};
	kc_client *c = kc_ctx_client(ctx);
	s.base = kc_client_base(c);
	kc_watch *w = kc_client_watch(c, path.s, rv, watch_event, watch_gone, &s);
	if (!w) {
		*ret_err = xstrdup("unable to start a watch");
		return -2;
	}
	struct event *timer = NULL;
	if (timeout_ns > 0) {
		timer = evtimer_new(s.base, watch_timeout, &s);
		struct timeval tv = {(time_t)(left_ms / 1000), (suseconds_t)((left_ms % 1000) * 1000)};
		evtimer_add(timer, &tv);
	}
	while (s.result == -3)
		event_base_loop(s.base, EVLOOP_ONCE);
	if (timer)
		event_free(timer);
	kc_watch_stop(w);
	if (s.result == -2)
		*ret_err = s.error;
	else
		free(s.error);
	return s.result;
}

/* ---- printing ---- */

bool kc_target_output_ok(const char *output)
{
	return !output || !output[0] || streq(output, "name") || streq(output, "json") || streq(output, "yaml");
}

int kc_target_output_error(kc_ctx *ctx, const char *output)
{
	return kc_fail(ctx,
		       "unable to match a printer suitable for the output format \"%s\", allowed formats are: "
		       "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,"
		       "templatefile,yaml",
		       output);
}

int kc_target_print(kc_ctx *ctx, const char *output, const kc_resource *r, const cJSON *obj, const char *operation)
{
	if (!kc_target_output_ok(output))
		return kc_target_output_error(ctx, output);
	if (!output || !output[0] || streq(output, "name")) {
		_cleanup_free_ char *ref = kc_target_ref_name(r, kc_json_get_str(obj, "metadata.name", ""));
		/* -o name prints the name alone; the operation is for no -o */
		if (operation && operation[0] && !(output && output[0]))
			fprintf(ctx->out, "%s %s\n", ref, operation);
		else
			fprintf(ctx->out, "%s\n", ref);
		return 0;
	}
	if (streq(output, "json")) {
		_cleanup_free_ char *s = kc_json_print_flags(obj, KC_JSON_PRETTY | KC_JSON_SORTED | KC_JSON_ESCAPE_HTML);
		fprintf(ctx->out, "%s\n", s);
		return 0;
	}
	kc_error err = KC_ERROR_INIT;
	_cleanup_free_ char *y = kc_yaml_print(obj, &err);
	if (!y)
		return kc_fail(ctx, "%s", err.msg);
	fputs(y, ctx->out);
	return 0;
}

int kc_dry_run_parse(const char *s, kc_dry_run *ret, kc_error *err)
{
	if (!s || !s[0] || streq(s, "none")) {
		*ret = KC_DRY_RUN_NONE;
		return 0;
	}
	if (streq(s, "client") || streq(s, "unchanged")) {
		*ret = KC_DRY_RUN_CLIENT;
		return 0;
	}
	if (streq(s, "server")) {
		*ret = KC_DRY_RUN_SERVER;
		return 0;
	}
	static const char *const truthy[] = {"1", "t", "T", "TRUE", "true", "True"};
	static const char *const falsy[] = {"0", "f", "F", "FALSE", "false", "False"};
	for (size_t i = 0; i < KC_ARRAY_SIZE(truthy); i++) {
		if (streq(s, truthy[i])) {
			*ret = KC_DRY_RUN_CLIENT;
			return 0;
		}
		if (streq(s, falsy[i])) {
			*ret = KC_DRY_RUN_NONE;
			return 0;
		}
	}
	return kc_error_set(err, -EINVAL, "Invalid dry-run value (%s). Must be \"none\", \"server\", or \"client\".",
			    s);
}

const char *kc_dry_run_suffix(kc_dry_run d)
{
	return d == KC_DRY_RUN_CLIENT ? " (dry run)" : d == KC_DRY_RUN_SERVER ? " (server dry run)" : "";
}
