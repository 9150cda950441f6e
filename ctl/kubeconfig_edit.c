/* kubeconfig_edit.c - kubeconfig files as kubectl config reads and writes
 * them (see kubeconfig_edit.h). */
#include "ctl/kubeconfig_edit.h"

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>

#include "common/json.h"
#include "banned.h"

const char *const kc_cfg_sections[] = {"clusters", "users", "contexts", NULL};
const char *const kc_cfg_members[] = {"cluster", "user", "context", NULL};
#define NSECTIONS 3

/* ---- pure parts (ops.h) ---- */

/* Field order of the v1 structs (what -o json prints); fields marked '!'
 * are not omitempty. */
static const char *const cluster_fields[] = {"!server", "tls-server-name", "insecure-skip-tls-verify",
					     "certificate-authority", "certificate-authority-data", "proxy-url",
					     "disable-compression", "extensions", NULL};
static const char *const user_fields[] = {"client-certificate", "client-certificate-data", "client-key",
					  "client-key-data", "token", "tokenFile", "as", "as-uid", "as-groups",
					  "as-user-extra", "username", "password", "auth-provider", "exec",
					  "extensions", NULL};
static const char *const context_fields[] = {"!cluster", "!user", "namespace", "extensions", NULL};

static bool empty_value(const cJSON *v)
{
	return !v || cJSON_IsNull(v) || cJSON_IsFalse(v) || (cJSON_IsString(v) && !v->valuestring[0]) ||
	       ((cJSON_IsArray(v) || cJSON_IsObject(v)) && !v->child);
}

/* A copy of an entry's body with the struct's fields in order, empty
 * omitempty ones dropped, required ones present, unknown ones kept last. */
static cJSON *shape(const cJSON *body, const char *const *fields)
{
	cJSON *out = cJSON_CreateObject();
	for (const char *const *f = fields; *f; f++) {
		bool required = (*f)[0] == '!';
		const char *name = *f + required;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, name);
		if (required)
			cJSON_AddItemToObject(out, name, cJSON_IsString(v) ? cJSON_Duplicate(v, true) : cJSON_CreateString(""));
		else if (!empty_value(v))
			cJSON_AddItemToObject(out, name, cJSON_Duplicate(v, true));
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, body) {
		if (cJSON_GetObjectItemCaseSensitive(out, it->string) || empty_value(it))
			continue;
		bool known = false;
		for (const char *const *f = fields; *f; f++)
			known |= streq(*f + ((*f)[0] == '!'), it->string);
		if (!known)
			cJSON_AddItemToObject(out, it->string, cJSON_Duplicate(it, true));
	}
	return out;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(kc_json_get_str(*(const cJSON *const *)a, "name", ""),
		      kc_json_get_str(*(const cJSON *const *)b, "name", ""));
}

cJSON *kc_kubeconfig_normalize(const cJSON *raw)
{
	cJSON *out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "kind", "Config");
	cJSON_AddStringToObject(out, "apiVersion", "v1");
	const cJSON *prefs = cJSON_GetObjectItemCaseSensitive(raw, "preferences");
	cJSON *p = cJSON_CreateObject();
	const cJSON *it;
	cJSON_ArrayForEach(it, prefs)
		if (!empty_value(it))
			cJSON_AddItemToObject(p, it->string, cJSON_Duplicate(it, true));
	cJSON_AddItemToObject(out, "preferences", p);
	const char *const *fields[] = {cluster_fields, user_fields, context_fields};
	for (size_t s = 0; s < NSECTIONS; s++) {
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(raw, kc_cfg_sections[s]);
		size_t n = 0, cap = (size_t)cJSON_GetArraySize(list);
		const cJSON **v = xcalloc(cap + 1, sizeof(*v));
		cJSON_ArrayForEach(it, list) {
			const char *name = kc_json_get_str(it, "name", NULL);
			bool dup = false;
			/* a name defined twice: the first wins, as when loading */
			for (size_t i = 0; i < n && name; i++)
				dup |= streq(kc_json_get_str(v[i], "name", ""), name);
			if (name && !dup)
				v[n++] = it;
		}
		qsort(v, n, sizeof(*v), cmp_entry);
		if (!n) {
			cJSON_AddNullToObject(out, kc_cfg_sections[s]);
		} else {
			cJSON *arr = cJSON_AddArrayToObject(out, kc_cfg_sections[s]);
			for (size_t i = 0; i < n; i++) {
				cJSON *e = cJSON_CreateObject();
				cJSON_AddStringToObject(e, "name", kc_json_get_str(v[i], "name", ""));
				cJSON_AddItemToObject(e, kc_cfg_members[s],
						      shape(cJSON_GetObjectItemCaseSensitive(v[i], kc_cfg_members[s]), fields[s]));
				cJSON_AddItemToArray(arr, e);
			}
		}
		free(v);
	}
	cJSON_AddStringToObject(out, "current-context", kc_json_get_str(raw, "current-context", ""));
	const cJSON *ext = cJSON_GetObjectItemCaseSensitive(raw, "extensions");
	if (!empty_value(ext))
		cJSON_AddItemToObject(out, "extensions", cJSON_Duplicate(ext, true));
	return out;
}

void kc_kubeconfig_redact(cJSON *doc)
{
	cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "clusters")) {
		cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "cluster");
		if (!empty_value(cJSON_GetObjectItemCaseSensitive(c, "certificate-authority-data")))
			kc_json_object_put(c, "certificate-authority-data", cJSON_CreateString("DATA+OMITTED"));
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "users")) {
		cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "user");
		static const char *const data[] = {"client-certificate-data", "client-key-data"};
		for (size_t i = 0; i < KC_ARRAY_SIZE(data); i++)
			if (!empty_value(cJSON_GetObjectItemCaseSensitive(u, data[i])))
				kc_json_object_put(u, data[i], cJSON_CreateString("DATA+OMITTED"));
		static const char *const secret[] = {"token", "password"};
		for (size_t i = 0; i < KC_ARRAY_SIZE(secret); i++)
			if (!empty_value(cJSON_GetObjectItemCaseSensitive(u, secret[i])))
				kc_json_object_put(u, secret[i], cJSON_CreateString("REDACTED"));
	}
}

cJSON *kc_cfg_find_entry(const cJSON *doc, const char *section, const char *name)
{
	cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, section))
		if (streq(kc_json_get_str(e, "name", ""), name))
			return e;
	return NULL;
}

/* Keeps only the entry called name in section (none when name is NULL). */
static void keep_only(cJSON *doc, const char *section, const char *name)
{
	cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, section);
	cJSON *keep = name ? kc_cfg_find_entry(doc, section, name) : NULL;
	cJSON *arr = cJSON_CreateArray();
	if (keep)
		cJSON_AddItemToArray(arr, cJSON_Duplicate(keep, true));
	(void)list;
	if (arr->child) {
		kc_json_object_put(doc, section, arr);
	} else {
		cJSON_Delete(arr);
		kc_json_object_put(doc, section, cJSON_CreateNull());
	}
}

int kc_kubeconfig_minify(cJSON *doc, const char *context, kc_error *err)
{
	if (!context || !context[0])
		return kc_error_set(err, -EINVAL, "current-context must exist in order to minify");
	const cJSON *ctx = kc_cfg_find_entry(doc, "contexts", context);
	if (!ctx)
		return kc_error_set(err, -ENOENT, "cannot locate context %s", context);
	const char *cluster = kc_json_get_str(ctx, "context.cluster", "");
	const char *user = kc_json_get_str(ctx, "context.user", "");
	if (cluster[0] && !kc_cfg_find_entry(doc, "clusters", cluster))
		return kc_error_set(err, -ENOENT, "cannot locate cluster %s", cluster);
	if (user[0] && !kc_cfg_find_entry(doc, "users", user))
		return kc_error_set(err, -ENOENT, "cannot locate user %s", user);
	_cleanup_free_ char *cl = xstrdup(cluster), *us = xstrdup(user), *cx = xstrdup(context);
	keep_only(doc, "contexts", cx);
	keep_only(doc, "clusters", cl[0] ? cl : NULL);
	keep_only(doc, "users", us[0] ? us : NULL);
	kc_json_object_put(doc, "current-context", cJSON_CreateString(cx));
	return 0;
}

/* Go's text/tabwriter as kubectl's printers.GetNewTabWriter sets it up
 * (minwidth 6, padding 3): every cell but a row's last is padded. */
char *kc_tabwrite(const char *const *cells, size_t rows, size_t cols)
{
	size_t *w = xcalloc(cols + 1, sizeof(*w));
	for (size_t c = 0; c < cols; c++)
		w[c] = 6; /* minwidth */
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c + 1 < cols; c++) {
			size_t l = strlen(cells[r * cols + c]) + 3;
			if (l > w[c])
				w[c] = l;
		}
	kc_buf b = KC_BUF_INIT;
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < cols; c++) {
			const char *cell = cells[r * cols + c];
			if (c + 1 < cols)
				kc_buf_addf(&b, "%-*s", (int)w[c], cell);
			else
				kc_buf_addstr(&b, cell);
		}
		kc_buf_addch(&b, '\n');
	}
	free(w);
	return kc_buf_release(&b);
}

/* path made absolute against the working directory; new string. */
static char *absolute(const char *path)
{
	if (path[0] == '/')
		return xstrdup(path);
	char cwd[PATH_MAX];
	return getcwd(cwd, sizeof(cwd)) ? xasprintf("%s/%s", cwd, path) : xstrdup(path);
}

char *kc_path_relative_to(const char *path, const char *file)
{
	if (!path || !path[0])
		return xstrdup(path ? path : "");
	char *abs = absolute(path);
	_cleanup_free_ char *dir = absolute(file);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	size_t dl = strlen(dir);
	if (dl && strncmp(abs, dir, dl) == 0 && abs[dl] == '/') {
		char *rel = xstrdup(abs + dl + 1);
		free(abs);
		return rel;
	}
	return abs;
}

/* ---- the files ---- */

void kc_cfgchain_free(kc_cfgchain *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->files[i]);
		cJSON_Delete(c->docs[i]);
	}
	free(c->files);
	free(c->docs);
	free(c->default_file);
	memset(c, 0, sizeof(*c));
}

static void chain_add(kc_cfgchain *c, const char *file)
{
	for (size_t i = 0; i < c->n; i++)
		if (streq(c->files[i], file))
			return;
	c->files = xrealloc(c->files, (c->n + 1) * sizeof(*c->files));
	c->docs = xrealloc(c->docs, (c->n + 1) * sizeof(*c->docs));
	c->files[c->n] = xstrdup(file);
	c->docs[c->n] = NULL;
	c->n++;
}

/* Reads every file of the kc_cfgchain; prints kubectl's error and returns -1 when
 * one does not parse. */
int kc_cfgchain_load(kc_ctx *ctx, kc_cfgchain *c)
{
	memset(c, 0, sizeof(*c));
	const char *env = getenv("KUBECONFIG");
	const char *home = getenv("HOME");
	if (ctx->kubeconfig && ctx->kubeconfig[0]) {
		chain_add(c, ctx->kubeconfig);
		c->explicit_file = true;
	} else if (env && env[0]) {
		_cleanup_free_ char *copy = xstrdup(env);
		char *save = NULL;
		for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save))
			chain_add(c, p);
	}
	if (c->n == 0) {
		_cleanup_free_ char *g = xasprintf("%s/.kube/config", home ? home : "");
		chain_add(c, g);
	}
	/* client-go's GetDefaultFilename */
	size_t pick = c->n - 1;
	if (!c->explicit_file && env && env[0] && c->n > 1)
		for (size_t i = 0; i < c->n; i++) {
			struct stat st;
			if (stat(c->files[i], &st) == 0) {
				pick = i;
				break;
			}
		}
	if (c->explicit_file || !(env && env[0]))
		pick = 0;
	c->default_file = xstrdup(c->files[pick]);
	for (size_t i = 0; i < c->n; i++) {
		kc_error err = KC_ERROR_INIT;
		if (kc_kubeconfig_read_raw(c->files[i], &c->docs[i], &err) < 0) {
			kc_fail(ctx, "%s", err.msg);
			return -1;
		}
	}
	return 0;
}

/* The merged raw configuration (first definition of a name wins). */
cJSON *kc_cfgchain_merged(const kc_cfgchain *c)
{
	cJSON *m = cJSON_CreateObject();
	cJSON *prefs = cJSON_AddObjectToObject(m, "preferences");
	for (size_t s = 0; s < NSECTIONS; s++)
		cJSON_AddArrayToObject(m, kc_cfg_sections[s]);
	const char *current = "";
	for (size_t i = 0; i < c->n; i++) {
		const cJSON *d = c->docs[i];
		for (size_t s = 0; s < NSECTIONS; s++) {
			const cJSON *e;
			cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(d, kc_cfg_sections[s])) {
				const char *name = kc_json_get_str(e, "name", NULL);
				if (name && !kc_cfg_find_entry(m, kc_cfg_sections[s], name))
					cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(m, kc_cfg_sections[s]),
							     cJSON_Duplicate(e, true));
			}
		}
		const cJSON *p;
		cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(d, "preferences"))
			if (!cJSON_GetObjectItemCaseSensitive(prefs, p->string))
				cJSON_AddItemToObject(prefs, p->string, cJSON_Duplicate(p, true));
		if (!current[0])
			current = kc_json_get_str(d, "current-context", "");
	}
	cJSON_AddStringToObject(m, "current-context", current);
	return m;
}

/* Index of the file defining name in section, or -1. */
int kc_cfgchain_origin(const kc_cfgchain *c, const char *section, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (kc_cfg_find_entry(c->docs[i], section, name))
			return (int)i;
	return -1;
}

static int chain_index_of(kc_cfgchain *c, const char *file)
{
	for (size_t i = 0; i < c->n; i++)
		if (streq(c->files[i], file))
			return (int)i;
	/* the default file may be outside the kc_cfgchain's files only in theory */
	chain_add(c, file);
	kc_error err = KC_ERROR_INIT;
	if (kc_kubeconfig_read_raw(file, &c->docs[c->n - 1], &err) < 0)
		c->docs[c->n - 1] = kc_kubeconfig_normalize(NULL);
	return (int)c->n - 1;
}

int kc_cfgchain_write(kc_ctx *ctx, const char *file, const cJSON *doc)
{
	_cleanup_json_ cJSON *norm = kc_kubeconfig_normalize(doc);
	kc_error err = KC_ERROR_INIT;
	if (kc_kubeconfig_write_raw(file, norm, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		return -1;
	}
	return 0;
}

/* Replaces (body != NULL) or deletes the entry name of section where it is
 * defined, or adds it to the default file. */
int kc_cfgchain_put(kc_ctx *ctx, kc_cfgchain *c, const char *section, const char *name, cJSON *body)
{
	_cleanup_json_ cJSON *b = body;
	int i = kc_cfgchain_origin(c, section, name);
	if (i < 0) {
		if (!b)
			return 0;
		i = chain_index_of(c, c->default_file);
	}
	cJSON *doc = c->docs[i];
	if (!b) {
		kc_kubeconfig_raw_delete(doc, section, name);
	} else {
		cJSON *slot = kc_kubeconfig_raw_ensure(doc, section, name);
		cJSON *entry = kc_cfg_find_entry(doc, section, name);
		(void)slot;
		size_t s = 0;
		while (s < NSECTIONS && !streq(kc_cfg_sections[s], section))
			s++;
		kc_json_object_put(entry, kc_cfg_members[s], TAKE_PTR(b));
	}
	return kc_cfgchain_write(ctx, c->files[i], doc);
}

int kc_cfgchain_set_current(kc_ctx *ctx, kc_cfgchain *c, const char *value)
{
	int i = chain_index_of(c, c->default_file);
	kc_json_object_put(c->docs[i], "current-context", cJSON_CreateString(value));
	return kc_cfgchain_write(ctx, c->files[i], c->docs[i]);
}

/* The file name kubectl's messages name. */
const char *kc_cfgchain_message_file(const kc_cfgchain *c) { return c->default_file; }

