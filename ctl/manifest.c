/* manifest.c - reading the objects of -f (see manifest.h). */
#include "ctl/manifest.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "common/json.h"
#include "common/util.h"
#include "common/yaml.h"
#include "ctl/mutate.h"
#include "banned.h"

/* Go's wording of an errno: strerror, lower-cased. */
#define go_strerror(e) kc_go_strerror((e), (char[128]){0}, 128)

static void add_error(kc_manifest *m, char *msg)
{
	m->errors = xrealloc(m->errors, (m->n_errors + 1) * sizeof(*m->errors));
	m->errors[m->n_errors++] = msg;
}

static void add_obj(kc_manifest *m, cJSON *obj, const char *source, unsigned line, const kc_resource *r)
{
	m->objs = xrealloc(m->objs, (m->n + 1) * sizeof(*m->objs));
	m->objs[m->n++] = (kc_manifest_obj){obj, xstrdup(source), line, r};
}

void kc_manifest_clear(kc_manifest *m)
{
	for (size_t i = 0; i < m->n; i++) {
		cJSON_Delete(m->objs[i].obj);
		free(m->objs[i].source);
	}
	free(m->objs);
	for (size_t i = 0; i < m->n_errors; i++)
		free(m->errors[i]);
	free(m->errors);
	memset(m, 0, sizeof(*m));
}

const kc_resource *kc_manifest_resource(const cJSON *obj)
{
	const char *av = kc_json_get_str(obj, "apiVersion", NULL), *kind = kc_json_get_str(obj, "kind", NULL);
	if (!av || !kind || !av[0] || !kind[0])
		return NULL;
	return kc_resource_find_kind(av, kind);
}

char *kc_manifest_errors_text(const kc_manifest *m)
{
	if (m->n_errors == 0)
		return NULL;
	if (m->n_errors == 1)
		return xstrdup(m->errors[0]);
	kc_buf b = KC_BUF_INIT;
	kc_buf_addch(&b, '[');
	for (size_t i = 0; i < m->n_errors; i++)
		kc_buf_addf(&b, "%s%s", i ? ", " : "", m->errors[i]);
	kc_buf_addch(&b, ']');
	return kc_buf_release(&b);
}

static bool is_list(const cJSON *obj)
{
	const char *kind = kc_json_get_str(obj, "kind", "");
	return str_endswith(kind, "List") && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(obj, "items"));
}

/* One decoded document: checks it as kubectl's validation and mapping do.
 * Returns false when the rest of the file must be skipped. */
static bool take_doc(kc_manifest *m, cJSON *doc, const char *source, unsigned line, int depth)
{
	_cleanup_json_ cJSON *obj = doc;
	if (!cJSON_IsObject(obj)) {
		add_error(m, xasprintf("error validating \"%s\": error validating data: invalid object to validate; if "
				       "you choose to ignore these errors, turn validation off with --validate=false",
				       source));
		return false;
	}
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(obj, "kind");
	const cJSON *av = cJSON_GetObjectItemCaseSensitive(obj, "apiVersion");
	const char *what = !cJSON_IsString(kind) || !kind->valuestring[0] ? "kind"
			   : !cJSON_IsString(av) || !av->valuestring[0]   ? "apiVersion"
									  : NULL;
	if (what) {
		add_error(m, xasprintf("error validating \"%s\": error validating data: %s not set; if you choose to "
				       "ignore these errors, turn validation off with --validate=false",
				       source, what));
		return false;
	}
	if (is_list(obj) && depth < 4) {
		cJSON *items = cJSON_GetObjectItemCaseSensitive(obj, "items");
		cJSON *it;
		bool go_on = true;
		while (go_on && (it = cJSON_DetachItemFromArray(items, 0)))
			go_on = take_doc(m, it, source, line, depth + 1);
		return go_on;
	}
	const kc_resource *r = kc_resource_find_kind(av->valuestring, kind->valuestring);
	if (!r) {
		add_error(m, xasprintf("resource mapping not found for name: \"%s\" namespace: \"%s\" from \"%s\": no "
				       "matches for kind \"%s\" in version \"%s\"\nensure CRDs are installed first",
				       kc_json_get_str(obj, "metadata.name", ""),
				       kc_json_get_str(obj, "metadata.namespace", ""), source, kind->valuestring,
				       av->valuestring));
		return true;
	}
	add_obj(m, TAKE_PTR(obj), source, line, r);
	return true;
}

void kc_manifest_read_data(const char *data, size_t len, const char *source, kc_manifest *ret)
{
	kc_yaml_reader rd;
	/* kubectl's client-side decoding lets a repeated key win; the server's
	 * strict field validation reports it */
	kc_yaml_reader_init(&rd, data, len, KC_YAML_DUPLICATE_KEYS_OK);
	cJSON *doc = NULL;
	kc_yaml_chunk where;
	kc_error err = KC_ERROR_INIT;
	int r;
	while ((r = kc_yaml_reader_next(&rd, &doc, &where, &err)) > 0)
		if (!take_doc(ret, doc, source, where.line, 0))
			return;
	if (r < 0)
		add_error(ret, xasprintf("error parsing %s: %s", source, err.msg));
}

static bool manifest_ext(const char *name)
{
	return str_endswith(name, ".json") || str_endswith(name, ".yaml") || str_endswith(name, ".yml");
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct file_list {
	char **v;
	size_t n;
} file_list;

static void file_list_add(file_list *l, char *path)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = path;
}

/* filepath.Walk below dir: entries in name order, subdirectories entered
 * where they sort when recursive; only manifest files are kept. */
static int walk(const char *dir, bool recursive, int depth, file_list *out, kc_error *err)
{
	if (depth > 64)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return kc_error_set(err, -errno, "error reading %s: %s", dir, go_strerror(errno));
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (streq(e->d_name, ".") || streq(e->d_name, ".."))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *p = xasprintf("%s%s%s", dir, str_endswith(dir, "/") ? "" : "/", names[i]);
		struct stat st;
		if (stat(p, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (recursive && rc == 0)
				rc = walk(p, recursive, depth + 1, out, err);
		} else if (manifest_ext(names[i])) {
			file_list_add(out, TAKE_PTR(p));
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int kc_manifest_read(const kc_flags_list *files, bool recursive, kc_manifest *ret, kc_error *err)
{
	for (size_t i = 0; files && i < files->n; i++) {
		const char *path = files->items[i];
		file_list list = {0};
		int rc = 0;
		if (streq(path, "-")) {
			file_list_add(&list, xstrdup("-"));
		} else {
			struct stat st;
			if (stat(path, &st) < 0)
				return kc_error_set(err, -ENOENT, "the path \"%s\" does not exist", path);
			if (S_ISDIR(st.st_mode)) {
				rc = walk(path, recursive, 0, &list, err);
				if (rc == 0 && list.n == 0)
					rc = kc_error_set(err, -EINVAL,
							  "error reading [%s]: recognized file extensions are [.json "
							  ".yaml .yml]",
							  path);
			} else {
				file_list_add(&list, xstrdup(path));
			}
		}
		for (size_t f = 0; rc == 0 && f < list.n; f++) {
			_cleanup_free_ char *data = NULL;
			size_t len = 0;
			bool is_stdin = streq(list.v[f], "-");
			int r = kc_read_file(list.v[f], KC_MANIFEST_MAX_FILE, &data, &len);
			if (r == -EFBIG)
				rc = kc_error_set(err, r, "error reading %s: file larger than %u bytes",
						  is_stdin ? "STDIN" : list.v[f], KC_MANIFEST_MAX_FILE);
			else if (r < 0)
				rc = kc_error_set(err, r, "open %s: %s", list.v[f], go_strerror(-r));
			else
				kc_manifest_read_data(data, len, is_stdin ? "STDIN" : list.v[f], ret);
		}
		for (size_t f = 0; f < list.n; f++)
			free(list.v[f]);
		free(list.v);
		if (rc < 0)
			return rc;
	}
	return 0;
}
