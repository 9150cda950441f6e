/* kubeconfig.c - kubeconfig loading, merging, overrides, in-cluster config
 * and raw editing (see kubeconfig.h). */
#include "kubeconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "yaml.h"

#include "banned.h"

#define MAX_KUBECONFIG_FILE ((size_t)16 << 20)
#define MAX_TOKEN_FILE ((size_t)1 << 20)

struct kc_kubeconfig {
	cJSON *doc; /* merged v1 Config */
	char **notes;
	size_t nnotes;
};

static const char *const sections[] = {"clusters", "users", "contexts"};
static const char *const members[] = {"cluster", "user", "context"};

static bool nonempty(const char *s)
{
	return s && *s;
}

/* Go's wording of an errno: "no such file or directory". */
static const char *go_strerror(int e, char *buf, size_t n)
{
	snprintf(buf, n, "%s", strerror(e));
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

static void add_note(kc_kubeconfig *kc, char *note)
{
	kc->notes = xrealloc(kc->notes, (kc->nnotes + 2) * sizeof(char *));
	kc->notes[kc->nnotes++] = note;
	kc->notes[kc->nnotes] = NULL;
}

void kc_kubeconfig_notes_free(char **notes)
{
	if (!notes)
		return;
	for (char **p = notes; *p; p++)
		free(*p);
	free(notes);
}

/* ---- base64 as Go's encoding/base64.StdEncoding (padding required,
 * newlines skipped), with its error offsets ---- */

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static size_t skip_newlines(const char *s, size_t n, size_t si)
{
	while (si < n && (s[si] == '\n' || s[si] == '\r'))
		si++;
	return si;
}

/* Decodes s into out (may be NULL to only check). Returns 0, or -1 with
 * *ret_bad set to the byte offset Go's CorruptInputError reports. */
static int b64_decode(const char *s, size_t n, kc_buf *out, size_t *ret_bad)
{
	size_t si = 0;
	for (;;) {
		int q[4] = {0, 0, 0, 0};
		int j = 0;
		while (j < 4) {
			if (si == n) {
				if (j == 0)
					return 0;
				*ret_bad = si - (size_t)j;
				return -1;
			}
			unsigned char in = (unsigned char)s[si++];
			if (in == '\n' || in == '\r')
				continue;
			if (in == '=') {
				if (j < 2) {
					*ret_bad = si - 1;
					return -1;
				}
				if (j == 2) {
					si = skip_newlines(s, n, si);
					if (si == n) {
						*ret_bad = n;
						return -1;
					}
					if (s[si] != '=') {
						*ret_bad = si - 1;
						return -1;
					}
					si++;
				}
				si = skip_newlines(s, n, si);
				if (si < n) {
					*ret_bad = si;
					return -1;
				}
				if (out) {
					kc_buf_addch(out, (char)((q[0] << 2) | (q[1] >> 4)));
					if (j == 3)
						kc_buf_addch(out, (char)(((q[1] & 15) << 4) | (q[2] >> 2)));
				}
				return 0;
			}
			int v = b64_value(in);
			if (v < 0) {
				*ret_bad = si - 1;
				return -1;
			}
			q[j++] = v;
		}
		if (out) {
			kc_buf_addch(out, (char)((q[0] << 2) | (q[1] >> 4)));
			kc_buf_addch(out, (char)(((q[1] & 15) << 4) | (q[2] >> 2)));
			kc_buf_addch(out, (char)(((q[2] & 3) << 6) | q[3]));
		}
	}
}

/* ---- the document's shape, checked as Go's json.Unmarshal into the v1
 * Config types would, with its messages ---- */

typedef enum { F_STRING, F_BOOL, F_BYTES, F_STRINGS, F_OBJECT, F_LIST } ftype;

typedef struct field {
	const char *key;
	ftype type;
	const char *gotype;
} field;

static const field config_fields[] = {
	{"kind", F_STRING, "string"},
	{"apiVersion", F_STRING, "string"},
	{"preferences", F_OBJECT, "v1.Preferences"},
	{"clusters", F_LIST, "[]v1.NamedCluster"},
	{"users", F_LIST, "[]v1.NamedAuthInfo"},
	{"contexts", F_LIST, "[]v1.NamedContext"},
	{"current-context", F_STRING, "string"},
	{"extensions", F_LIST, "[]v1.NamedExtension"},
};

static const field cluster_fields[] = {
	{"server", F_STRING, "string"},
	{"tls-server-name", F_STRING, "string"},
	{"insecure-skip-tls-verify", F_BOOL, "bool"},
	{"certificate-authority", F_STRING, "string"},
	{"certificate-authority-data", F_BYTES, "[]uint8"},
	{"proxy-url", F_STRING, "string"},
	{"disable-compression", F_BOOL, "bool"},
	{"extensions", F_LIST, "[]v1.NamedExtension"},
};

static const field user_fields[] = {
	{"client-certificate", F_STRING, "string"},
	{"client-certificate-data", F_BYTES, "[]uint8"},
	{"client-key", F_STRING, "string"},
	{"client-key-data", F_BYTES, "[]uint8"},
	{"token", F_STRING, "string"},
	{"tokenFile", F_STRING, "string"},
	{"as", F_STRING, "string"},
	{"as-uid", F_STRING, "string"},
	{"as-groups", F_STRINGS, "[]string"},
	{"as-user-extra", F_OBJECT, "map[string][]string"},
	{"username", F_STRING, "string"},
	{"password", F_STRING, "string"},
	{"auth-provider", F_OBJECT, "v1.AuthProviderConfig"},
	{"exec", F_OBJECT, "v1.ExecConfig"},
	{"extensions", F_LIST, "[]v1.NamedExtension"},
};

static const field context_fields[] = {
	{"cluster", F_STRING, "string"},
	{"user", F_STRING, "string"},
	{"namespace", F_STRING, "string"},
	{"extensions", F_LIST, "[]v1.NamedExtension"},
};

static const struct {
	const char *named;   /* Go type of a list entry */
	const char *inner;   /* Go type of the entry's member */
	const char *mapname; /* for the duplicate-name message */
	const field *fields;
	size_t nfields;
} section_types[] = {
	{"NamedCluster", "Cluster", "Cluster", cluster_fields, KC_ARRAY_SIZE(cluster_fields)},
	{"NamedAuthInfo", "AuthInfo", "AuthInfo", user_fields, KC_ARRAY_SIZE(user_fields)},
	{"NamedContext", "Context", "Context", context_fields, KC_ARRAY_SIZE(context_fields)},
};

static const char *json_kind(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "string";
	if (cJSON_IsNumber(v))
		return "number";
	if (cJSON_IsBool(v))
		return "bool";
	if (cJSON_IsArray(v))
		return "array";
	return "object";
}

static int unmarshal_error(kc_error *err, const cJSON *v, const char *gostruct, const char *path, const char *gotype)
{
	return kc_error_set(err, -EBADMSG, "json: cannot unmarshal %s into Go struct field %s.%s of type %s", json_kind(v),
			    gostruct, path, gotype);
}

static int check_fields(const cJSON *obj, const field *fields, size_t n, const char *gostruct, const char *prefix,
			kc_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const field *f = &fields[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->key);
		if (!v || cJSON_IsNull(v))
			continue;
		char path[128];
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", f->key);
		bool ok;
		switch (f->type) {
		case F_STRING:
			ok = cJSON_IsString(v);
			break;
		case F_BOOL:
			ok = cJSON_IsBool(v);
			break;
		case F_BYTES:
			ok = cJSON_IsString(v);
			if (ok) {
				size_t bad = 0;
				if (b64_decode(v->valuestring, strlen(v->valuestring), NULL, &bad) < 0)
					return kc_error_set(err, -EBADMSG, "illegal base64 data at input byte %zu", bad);
			}
			break;
		case F_STRINGS:
			ok = cJSON_IsArray(v);
			for (const cJSON *e = ok ? v->child : NULL; e; e = e->next)
				if (!cJSON_IsString(e) && !cJSON_IsNull(e))
					return unmarshal_error(err, e, gostruct, path, "string");
			break;
		case F_OBJECT:
			ok = cJSON_IsObject(v);
			break;
		case F_LIST:
		default:
			ok = cJSON_IsArray(v);
			break;
		}
		if (!ok)
			return unmarshal_error(err, v, gostruct, path, f->gotype);
	}
	return 0;
}

/* Checks a parsed document (an object). Messages without the file prefix. */
static int check_doc(const cJSON *doc, kc_error *err)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(doc, "kind");
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(doc, "apiVersion");
	const char *k = cJSON_IsString(kind) && kind->valuestring[0] ? kind->valuestring : "Config";
	const char *v = cJSON_IsString(version) && version->valuestring[0] ? version->valuestring : "v1";
	if ((kind && !cJSON_IsString(kind) && !cJSON_IsNull(kind)) ||
	    (version && !cJSON_IsString(version) && !cJSON_IsNull(version)))
		return kc_error_set(err, -EBADMSG,
				    "couldn't get version/kind; json parse error: json: cannot unmarshal %s into Go "
				    "struct field .%s of type string",
				    json_kind(kind && !cJSON_IsString(kind) ? kind : version),
				    kind && !cJSON_IsString(kind) ? "kind" : "apiVersion");
	if (!streq(k, "Config") || !streq(v, "v1"))
		return kc_error_set(err, -EBADMSG,
				    "no kind \"%s\" is registered for version \"%s\" in scheme "
				    "\"k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50\"",
				    k, v);
	int r = check_fields(doc, config_fields, KC_ARRAY_SIZE(config_fields), "Config", "", err);
	if (r < 0)
		return r;
	for (size_t s = 0; s < KC_ARRAY_SIZE(sections); s++) {
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, sections[s]);
		const cJSON *entry;
		char path[64];
		cJSON_ArrayForEach(entry, list)
		{
			if (cJSON_IsNull(entry))
				continue;
			if (!cJSON_IsObject(entry)) {
				char gotype[64];
				snprintf(gotype, sizeof(gotype), "v1.%s", section_types[s].named);
				return unmarshal_error(err, entry, "Config", sections[s], gotype);
			}
			const cJSON *name = cJSON_GetObjectItemCaseSensitive(entry, "name");
			snprintf(path, sizeof(path), "%s.name", sections[s]);
			if (name && !cJSON_IsNull(name) && !cJSON_IsString(name))
				return unmarshal_error(err, name, section_types[s].named, path, "string");
			const cJSON *member = cJSON_GetObjectItemCaseSensitive(entry, members[s]);
			snprintf(path, sizeof(path), "%s.%s", sections[s], members[s]);
			if (member && !cJSON_IsNull(member) && !cJSON_IsObject(member)) {
				char gotype[64];
				snprintf(gotype, sizeof(gotype), "v1.%s", section_types[s].inner);
				return unmarshal_error(err, member, section_types[s].named, path, gotype);
			}
			r = check_fields(member, section_types[s].fields, section_types[s].nfields,
					 section_types[s].inner, path, err);
			if (r < 0)
				return r;
		}
		/* Names must be unique within a file (client-go's conversion to
		 * a map refuses duplicates). Quadratic, but lists are short. */
		const cJSON *a;
		cJSON_ArrayForEach(a, list)
		{
			const char *an = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "name"));
			for (const cJSON *b = a->next; b; b = b->next) {
				const char *bn = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "name"));
				if (streq(an ? an : "", bn ? bn : ""))
					return kc_error_set(err, -EBADMSG,
							    "error converting *[]%s into *map[string]*api.%s: duplicate "
							    "name \"%s\" in list",
							    section_types[s].named, section_types[s].mapname, an ? an : "");
			}
		}
	}
	return 0;
}

/* ---- paths ---- */

/* Go's filepath.Clean. */
static char *path_clean(const char *p)
{
	bool abs = p[0] == '/';
	size_t n = strlen(p);
	_cleanup_free_ char *copy = xstrdup(p);
	const char **segs = xmalloc((n / 2 + 2) * sizeof(char *));
	size_t nsegs = 0;
	char *save = NULL;
	for (char *s = strtok_r(copy, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
		if (streq(s, "."))
			continue;
		if (streq(s, "..")) {
			if (nsegs && !streq(segs[nsegs - 1], "..")) {
				nsegs--;
				continue;
			}
			if (abs)
				continue;
		}
		segs[nsegs++] = s;
	}
	kc_buf b = KC_BUF_INIT;
	if (abs)
		kc_buf_addch(&b, '/');
	for (size_t i = 0; i < nsegs; i++) {
		if (i)
			kc_buf_addch(&b, '/');
		kc_buf_addstr(&b, segs[i]);
	}
	free(segs);
	if (!b.len)
		kc_buf_addch(&b, '.');
	return kc_buf_release(&b);
}

/* The absolute directory holding file (client-go: filepath.Abs(Dir(f))). */
static char *abs_dir_of(const char *file)
{
	_cleanup_free_ char *full = NULL;
	if (file && file[0] == '/') {
		full = xstrdup(file);
	} else {
		char cwd[4096];
		if (!getcwd(cwd, sizeof(cwd)))
			snprintf(cwd, sizeof(cwd), ".");
		full = xasprintf("%s/%s", cwd, file ? file : "x");
	}
	_cleanup_free_ char *clean = path_clean(full);
	char *slash = strrchr(clean, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == clean)
		return xstrdup("/");
	return xstrndup(clean, (size_t)(slash - clean));
}

static void resolve_member(cJSON *obj, const char *key, const char *dir, bool only_with_slash)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsString(v) || !v->valuestring[0] || v->valuestring[0] == '/')
		return;
	if (only_with_slash && !strchr(v->valuestring, '/'))
		return;
	_cleanup_free_ char *joined = xasprintf("%s/%s", dir, v->valuestring);
	_cleanup_free_ char *clean = path_clean(joined);
	cJSON_SetValuestring(v, clean);
}

/* client-go's ResolveLocalPaths for one file's document. */
static void resolve_paths(cJSON *doc, const char *dir)
{
	cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "clusters"))
		resolve_member(cJSON_GetObjectItemCaseSensitive(e, "cluster"), "certificate-authority", dir, false);
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, "users"))
	{
		cJSON *u = cJSON_GetObjectItemCaseSensitive(e, "user");
		resolve_member(u, "client-certificate", dir, false);
		resolve_member(u, "client-key", dir, false);
		resolve_member(u, "tokenFile", dir, false);
		resolve_member(cJSON_GetObjectItemCaseSensitive(u, "exec"), "command", dir, true);
	}
}

/* ---- loading ---- */

static cJSON *empty_config(void)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "apiVersion", "v1");
	cJSON_AddStringToObject(doc, "kind", "Config");
	cJSON_AddItemToObject(doc, "preferences", cJSON_CreateObject());
	cJSON_AddItemToObject(doc, "clusters", cJSON_CreateArray());
	cJSON_AddItemToObject(doc, "users", cJSON_CreateArray());
	cJSON_AddItemToObject(doc, "contexts", cJSON_CreateArray());
	cJSON_AddStringToObject(doc, "current-context", "");
	return doc;
}

/* Parses and checks one document; errors without the file prefix. */
static int parse_doc(const char *data, size_t len, cJSON **ret, kc_error *err)
{
	cJSON *doc = NULL;
	size_t i = 0;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i < len) {
		int r = kc_yaml_doc_to_json(data, len, 1, KC_YAML_DUPLICATE_KEYS_OK, &doc, err);
		if (r < 0) {
			/* kubectl says "yaml: line 1: ...", without the converter's
			 * prefix. */
			static const char prefix[] = "error converting YAML to JSON: ";
			if (err && str_startswith(err->msg, prefix))
				memmove(err->msg, err->msg + strlen(prefix), strlen(err->msg) - strlen(prefix) + 1);
			if (err)
				err->code = -EBADMSG;
			return -EBADMSG;
		}
	}
	if (!doc) {
		*ret = empty_config();
		return 0;
	}
	if (!cJSON_IsObject(doc)) {
		kc_error_set(err, -EBADMSG,
			     "couldn't get version/kind; json parse error: json: cannot unmarshal %s into Go value of "
			     "type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
			     "\"json:\\\"kind,omitempty\\\"\" }",
			     json_kind(doc));
		cJSON_Delete(doc);
		return -EBADMSG;
	}
	int r = check_doc(doc, err);
	if (r < 0) {
		cJSON_Delete(doc);
		return r;
	}
	*ret = doc;
	return 0;
}

static int parse_file_data(const char *data, size_t len, const char *path, cJSON **ret, kc_error *err)
{
	cJSON *doc = NULL;
	int r = parse_doc(data, len, &doc, err);
	if (r < 0)
		return kc_error_prefix(err, "error loading config file \"%s\": ", path ? path : "");
	_cleanup_free_ char *dir = abs_dir_of(path);
	resolve_paths(doc, dir);
	*ret = doc;
	return 0;
}

/* Reads path; -ENOENT (no message) when it does not exist. */
static int load_file(const char *path, cJSON **ret, kc_error *err)
{
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	char ebuf[128];
	int r = kc_read_file(path, MAX_KUBECONFIG_FILE, &data, &len);
	if (r == -ENOENT)
		return r;
	if (r == -EISDIR)
		return kc_error_set(err, -EBADMSG, "error loading config file \"%s\": read %s: is a directory", path, path);
	if (r < 0)
		return kc_error_set(err, r == -EFBIG ? -EFBIG : -EBADMSG, "error loading config file \"%s\": open %s: %s",
				    path, path, go_strerror(-r, ebuf, sizeof(ebuf)));
	return parse_file_data(data, len, path, ret, err);
}

static cJSON *find_entry(const cJSON *doc, const char *section, const char *name)
{
	cJSON *e;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(doc, section))
	{
		const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "name"));
		if (streq(n ? n : "", name))
			return e;
	}
	return NULL;
}

/* Adds src's entries whose names dst lacks; current-context if dst has none. */
static void merge_into(cJSON *dst, const cJSON *src)
{
	for (size_t s = 0; s < KC_ARRAY_SIZE(sections); s++) {
		cJSON *list = cJSON_GetObjectItemCaseSensitive(dst, sections[s]);
		const cJSON *e;
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(src, sections[s]))
		{
			if (!cJSON_IsObject(e))
				continue;
			const char *n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "name"));
			if (find_entry(dst, sections[s], n ? n : ""))
				continue;
			cJSON *copy = cJSON_Duplicate(e, true);
			if (!cJSON_GetObjectItemCaseSensitive(copy, "name"))
				cJSON_AddStringToObject(copy, "name", "");
			cJSON_AddItemToArray(list, copy);
		}
	}
	const char *mine = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(dst, "current-context"));
	const char *theirs = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(src, "current-context"));
	if (!nonempty(mine) && nonempty(theirs))
		cJSON_ReplaceItemInObjectCaseSensitive(dst, "current-context", cJSON_CreateString(theirs));
}

static kc_kubeconfig *kubeconfig_new(void)
{
	kc_kubeconfig *kc = xcalloc(1, sizeof(*kc));
	kc->doc = empty_config();
	return kc;
}

void kc_kubeconfig_free(kc_kubeconfig *kc)
{
	if (!kc)
		return;
	cJSON_Delete(kc->doc);
	kc_kubeconfig_notes_free(kc->notes);
	free(kc);
}

int kc_kubeconfig_parse(const char *data, size_t len, const char *path, kc_kubeconfig **ret, kc_error *err)
{
	_cleanup_json_ cJSON *doc = NULL;
	int r = parse_file_data(data, len, path, &doc, err);
	if (r < 0)
		return r;
	kc_kubeconfig *kc = kubeconfig_new();
	merge_into(kc->doc, doc);
	*ret = kc;
	return 0;
}

/* The precedence list: explicit path, else $KUBECONFIG entries (empty and
 * repeated ones dropped), else ~/.kube/config. */
static char **precedence(const char *explicit_path, const char *env_list, const char *home, size_t *ret_n)
{
	char **list = NULL;
	size_t n = 0;
	if (nonempty(explicit_path)) {
		list = xcalloc(2, sizeof(char *));
		list[n++] = xstrdup(explicit_path);
	} else if (nonempty(env_list)) {
		_cleanup_free_ char *copy = xstrdup(env_list);
		list = xcalloc(strlen(env_list) / 2 + 2, sizeof(char *));
		char *p = copy;
		for (;;) {
			char *colon = strchr(p, ':');
			if (colon)
				*colon = '\0';
			bool dup = !*p;
			for (size_t i = 0; i < n && !dup; i++)
				dup = streq(list[i], p);
			if (!dup)
				list[n++] = xstrdup(p);
			if (!colon)
				break;
			p = colon + 1;
		}
	} else if (nonempty(home)) {
		list = xcalloc(2, sizeof(char *));
		list[n++] = xasprintf("%s/.kube/config", home);
	}
	*ret_n = n;
	return list;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

int kc_kubeconfig_load_files(const char *explicit_path, const char *env_list, const char *home, kc_kubeconfig **ret,
			     kc_error *err)
{
	char ebuf[128];
	if (nonempty(explicit_path)) {
		struct stat st;
		if (stat(explicit_path, &st) < 0 && errno == ENOENT)
			return kc_error_set(err, -ENOENT, "stat %s: %s", explicit_path,
					    go_strerror(ENOENT, ebuf, sizeof(ebuf)));
	}
	size_t n = 0;
	char **files = precedence(explicit_path, env_list, home, &n);
	kc_kubeconfig *kc = kubeconfig_new();
	kc_buf missing = KC_BUF_INIT;
	size_t loaded = 0;
	int r = 0;
	for (size_t i = 0; i < n; i++) {
		cJSON *doc = NULL;
		r = load_file(files[i], &doc, err);
		if (r == -ENOENT) {
			kc_buf_addf(&missing, "%s%s", missing.len ? ", " : "", files[i]);
			r = 0;
			continue;
		}
		if (r < 0)
			break;
		merge_into(kc->doc, doc);
		cJSON_Delete(doc);
		loaded++;
	}
	/* client-go warns only when a $KUBECONFIG list found nothing. */
	if (r == 0 && !loaded && missing.len && !nonempty(explicit_path) && nonempty(env_list))
		add_note(kc, xasprintf("Config not found: %s", missing.s));
	kc_buf_free(&missing);
	free_list(files, n);
	if (r < 0) {
		kc_kubeconfig_free(kc);
		return r;
	}
	*ret = kc;
	return 0;
}

const cJSON *kc_kubeconfig_merged(const kc_kubeconfig *kc)
{
	return kc->doc;
}

const char *kc_kubeconfig_current_context(const kc_kubeconfig *kc)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(kc->doc, "current-context"));
	return s ? s : "";
}

const char *const *kc_kubeconfig_notes(const kc_kubeconfig *kc)
{
	static const char *const none[] = {NULL};
	return kc->notes ? (const char *const *)kc->notes : none;
}

/* ---- building the client config ---- */

static const char *str_of(const cJSON *obj, const char *key)
{
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));
	return nonempty(s) ? s : NULL;
}

static bool bool_of(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

/* os.Open as a readability check, worded as Go's error. */
static int check_readable(const char *path, char *why, size_t whysz)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		char ebuf[128];
		snprintf(why, whysz, "open %s: %s", path, go_strerror(errno, ebuf, sizeof(ebuf)));
		return -errno;
	}
	close(fd);
	return 0;
}

static char *decode_data(const char *b64)
{
	kc_buf out = KC_BUF_INIT;
	size_t bad = 0;
	if (b64_decode(b64, strlen(b64), &out, &bad) < 0) {
		/* checked on load; cannot happen */
		kc_buf_free(&out);
		return NULL;
	}
	return kc_buf_release(&out);
}

static bool is_https(const char *server)
{
	return server && strncasecmp(server, "https://", 8) == 0;
}

int kc_kubeconfig_client_config(kc_kubeconfig *kc, const kc_kubeconfig_overrides *o, const char *kubernetes_master,
				kc_client_config *ret, kc_error *err)
{
	static const kc_kubeconfig_overrides none = {0};
	if (!o)
		o = &none;
	char why[512];

	/* Context. */
	const char *ctx_name = nonempty(o->context) ? o->context : kc_kubeconfig_current_context(kc);
	const cJSON *ctx_entry = nonempty(ctx_name) ? find_entry(kc->doc, "contexts", ctx_name) : NULL;
	if (nonempty(ctx_name) && !ctx_entry)
		return kc_error_set(err, -ESRCH, "context was not found for specified context: %s", ctx_name);
	const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(ctx_entry, "context");

	/* User. */
	const char *user_name = nonempty(o->user) ? o->user : str_of(ctx, "user");
	const cJSON *user_entry = user_name ? find_entry(kc->doc, "users", user_name) : NULL;
	if (user_name && !user_entry) {
		if (nonempty(o->user))
			return kc_error_set(err, -EINVAL, "auth info \"%s\" does not exist", user_name);
		return kc_error_set(err, -EINVAL, "user \"%s\" was not found for context \"%s\"", user_name, ctx_name);
	}
	const cJSON *user = cJSON_GetObjectItemCaseSensitive(user_entry, "user");

	/* Cluster. */
	const char *cluster_name = nonempty(o->cluster) ? o->cluster : str_of(ctx, "cluster");
	const cJSON *cluster_entry = cluster_name ? find_entry(kc->doc, "clusters", cluster_name) : NULL;
	const cJSON *cluster = cJSON_GetObjectItemCaseSensitive(cluster_entry, "cluster");
	if (cluster_name && !cluster_entry && !nonempty(o->server)) {
		if (nonempty(o->cluster))
			return kc_error_set(err, -EINVAL, "no server found for cluster \"%s\"", cluster_name);
		return kc_error_set(err, -EINVAL, "cluster \"%s\" was not found for context \"%s\"", cluster_name,
				    ctx_name);
	}

	kc_client_config cfg = {0};
	const char *server = nonempty(o->server) ? o->server : str_of(cluster, "server");
	if (!server) {
		if (cluster_name)
			return kc_error_set(err, -EINVAL, "no server found for cluster \"%s\"", cluster_name);
		if (!nonempty(kubernetes_master))
			return kc_error_set(err, -ENOENT,
					    "invalid configuration: no configuration has been provided, try setting "
					    "KUBERNETES_MASTER environment variable");
		server = kubernetes_master;
	}
	const char *label = cluster_name ? cluster_name : "";
	if (str_of(cluster, "proxy-url"))
		add_note(kc, xasprintf("proxy-url \"%s\" of cluster \"%s\" is ignored: kc connects directly",
				       str_of(cluster, "proxy-url"), label));

	/* Server identification, with client-go's override rules. */
	const char *ca_file = str_of(cluster, "certificate-authority");
	const char *ca_data = str_of(cluster, "certificate-authority-data");
	bool insecure = bool_of(cluster, "insecure-skip-tls-verify");
	const char *tls_name = str_of(cluster, "tls-server-name");
	if (o->insecure_skip_tls_verify || nonempty(o->certificate_authority)) {
		insecure = o->insecure_skip_tls_verify;
		ca_file = nonempty(o->certificate_authority) ? o->certificate_authority : NULL;
		ca_data = NULL;
	}
	if (nonempty(o->tls_server_name) || nonempty(o->server))
		tls_name = nonempty(o->tls_server_name) ? o->tls_server_name : NULL;
	if (ca_file && ca_data)
		return kc_error_set(err, -EINVAL,
				    "certificate-authority-data and certificate-authority are both specified for %s. "
				    "certificate-authority-data will override.",
				    label);
	if (ca_file && check_readable(ca_file, why, sizeof(why)) < 0)
		return kc_error_set(err, -EINVAL, "unable to read certificate-authority %s for %s due to %s", ca_file,
				    label, why);
	if (insecure && (ca_file || ca_data))
		return kc_error_set(err, -EINVAL, "specifying a root certificates file with the insecure flag is not allowed");

	/* User identification. */
	const char *uname = user_name ? user_name : "";
	const char *cert_file = str_of(user, "client-certificate");
	const char *cert_data = str_of(user, "client-certificate-data");
	const char *key_file = str_of(user, "client-key");
	const char *key_data = str_of(user, "client-key-data");
	const char *token = str_of(user, "token");
	const char *token_file = str_of(user, "tokenFile");
	const char *username = str_of(user, "username");
	const char *password = str_of(user, "password");
	if (nonempty(o->client_certificate)) {
		cert_file = o->client_certificate;
		cert_data = NULL;
	}
	if (nonempty(o->client_key)) {
		key_file = o->client_key;
		key_data = NULL;
	}
	if (nonempty(o->token)) {
		token = o->token;
		token_file = NULL;
	}
	if (nonempty(o->username))
		username = o->username;
	if (nonempty(o->password))
		password = o->password;

	const cJSON *exec = cJSON_GetObjectItemCaseSensitive(user, "exec");
	const cJSON *provider = cJSON_GetObjectItemCaseSensitive(user, "auth-provider");
	if (!nonempty(o->token) && cJSON_IsObject(exec))
		return kc_error_set(err, -ENOTSUP,
				    "user \"%s\" gets its credentials from the exec plugin \"%s\", which kc does not "
				    "support; give it a client certificate or a token instead",
				    uname, str_of(exec, "command") ? str_of(exec, "command") : "");
	if (!nonempty(o->token) && cJSON_IsObject(provider))
		return kc_error_set(err, -ENOTSUP,
				    "user \"%s\" uses the auth-provider \"%s\", which kc does not support; give it a "
				    "client certificate or a token instead",
				    uname, str_of(provider, "name") ? str_of(provider, "name") : "");
	if (cert_file || cert_data) {
		if (cert_file && cert_data)
			return kc_error_set(err, -EINVAL,
					    "client-cert-data and client-cert are both specified for %s. client-cert-data "
					    "will override.",
					    uname);
		if (key_file && key_data)
			return kc_error_set(err, -EINVAL,
					    "client-key-data and client-key are both specified for %s; client-key-data will "
					    "override",
					    uname);
		if (!key_file && !key_data)
			return kc_error_set(err, -EINVAL,
					    "client-key-data or client-key must be specified for %s to use the clientCert "
					    "authentication method.",
					    uname);
		if (cert_file && check_readable(cert_file, why, sizeof(why)) < 0)
			return kc_error_set(err, -EINVAL, "unable to read client-cert %s for %s due to %s", cert_file,
					    uname, why);
		if (key_file && check_readable(key_file, why, sizeof(why)) < 0)
			return kc_error_set(err, -EINVAL, "unable to read client-key %s for %s due to %s", key_file, uname,
					    why);
	}
	if (token && (username || password))
		return kc_error_set(err, -EINVAL,
				    "more than one authentication method found for %s; found [token basicAuth], only one "
				    "is allowed",
				    uname);
	if (!token && token_file && check_readable(token_file, why, sizeof(why)) < 0)
		return kc_error_set(err, -EINVAL, "%s", why);

	cfg.server = xstrdup(server);
	/* client-go only sets up TLS and credentials for https servers. */
	if (is_https(server)) {
		cfg.ca_file = ca_file ? xstrdup(ca_file) : NULL;
		cfg.ca_data = ca_data ? decode_data(ca_data) : NULL;
		cfg.insecure_skip_tls_verify = insecure;
		cfg.tls_server_name = tls_name ? xstrdup(tls_name) : NULL;
		if (cert_file || cert_data) {
			cfg.cert_file = cert_file ? xstrdup(cert_file) : NULL;
			cfg.cert_data = cert_data ? decode_data(cert_data) : NULL;
			cfg.key_file = key_file ? xstrdup(key_file) : NULL;
			cfg.key_data = key_data ? decode_data(key_data) : NULL;
		}
		cfg.token = token ? xstrdup(token) : NULL;
		cfg.token_file = !token && token_file ? xstrdup(token_file) : NULL;
		cfg.username = username ? xstrdup(username) : NULL;
		cfg.password = password ? xstrdup(password) : NULL;
	}
	const char *ns = nonempty(o->namespace) ? o->namespace : str_of(ctx, "namespace");
	cfg.namespace = xstrdup(ns ? ns : "default");
	*ret = cfg;
	return 0;
}

/* ---- in-cluster ---- */

bool kc_kubeconfig_in_cluster_possible(const char *host, const char *port, const char *sa_dir)
{
	if (!nonempty(host) || !nonempty(port))
		return false;
	_cleanup_free_ char *token = xasprintf("%s/token", sa_dir);
	struct stat st;
	return stat(token, &st) == 0 && !S_ISDIR(st.st_mode);
}

int kc_kubeconfig_in_cluster_from(const char *host, const char *port, const char *sa_dir, const char *pod_namespace,
				  kc_client_config *ret, kc_error *err)
{
	if (!nonempty(host) || !nonempty(port))
		return kc_error_set(err, -ENOENT,
				    "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
				    "KUBERNETES_SERVICE_PORT must be defined");
	_cleanup_free_ char *token = xasprintf("%s/token", sa_dir);
	_cleanup_free_ char *ca = xasprintf("%s/ca.crt", sa_dir);
	_cleanup_free_ char *nsfile = xasprintf("%s/namespace", sa_dir);
	char why[512];
	int r = check_readable(token, why, sizeof(why));
	if (r < 0)
		return kc_error_set(err, r, "%s", why);

	kc_client_config cfg = {0};
	cfg.server = strchr(host, ':') ? xasprintf("https://[%s]:%s", host, port) : xasprintf("https://%s:%s", host, port);
	cfg.token_file = xstrdup(token);
	/* client-go logs and goes on without a CA when ca.crt is unusable. */
	if (check_readable(ca, why, sizeof(why)) == 0)
		cfg.ca_file = xstrdup(ca);
	if (nonempty(pod_namespace)) {
		cfg.namespace = xstrdup(pod_namespace);
	} else {
		_cleanup_free_ char *data = NULL;
		size_t len = 0;
		if (kc_read_file(nsfile, 4096, &data, &len) == 0) {
			while (len && (data[len - 1] == '\n' || data[len - 1] == ' ' || data[len - 1] == '\r'))
				data[--len] = '\0';
			if (len)
				cfg.namespace = xstrdup(data);
		}
		if (!cfg.namespace)
			cfg.namespace = xstrdup("default");
	}
	*ret = cfg;
	return 0;
}

int kc_kubeconfig_in_cluster(kc_client_config *ret, kc_error *err)
{
	return kc_kubeconfig_in_cluster_from(getenv("KUBERNETES_SERVICE_HOST"), getenv("KUBERNETES_SERVICE_PORT"),
					     KC_SERVICEACCOUNT_DIR, getenv("POD_NAMESPACE"), ret, err);
}

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	if (nonempty(home))
		return home;
	struct passwd *pw = getpwuid(getuid());
	return pw ? pw->pw_dir : NULL;
}

/* client-go's inClusterClientConfig: a few overrides on top. */
static void apply_in_cluster_overrides(kc_client_config *cfg, const kc_kubeconfig_overrides *o)
{
	if (nonempty(o->server)) {
		free(cfg->server);
		cfg->server = xstrdup(o->server);
	}
	if (nonempty(o->token)) {
		free(cfg->token);
		free(cfg->token_file);
		cfg->token = xstrdup(o->token);
		cfg->token_file = NULL;
	}
	if (nonempty(o->certificate_authority)) {
		free(cfg->ca_file);
		cfg->ca_file = xstrdup(o->certificate_authority);
	}
	if (nonempty(o->namespace)) {
		free(cfg->namespace);
		cfg->namespace = xstrdup(o->namespace);
	}
}

int kc_kubeconfig_load(const kc_kubeconfig_overrides *o, kc_client_config *ret, char ***ret_notes, kc_error *err)
{
	static const kc_kubeconfig_overrides none = {0};
	if (!o)
		o = &none;
	kc_kubeconfig *kc = NULL;
	int r = kc_kubeconfig_load_files(o->kubeconfig, getenv("KUBECONFIG"), home_dir(), &kc, err);
	if (r < 0)
		return r;
	kc_client_config cfg = {0};
	kc_error cerr = KC_ERROR_INIT;
	r = kc_kubeconfig_client_config(kc, o, getenv("KUBERNETES_MASTER"), &cfg, &cerr);
	if (r == -ENOENT && kc_kubeconfig_in_cluster_possible(getenv("KUBERNETES_SERVICE_HOST"),
							      getenv("KUBERNETES_SERVICE_PORT"), KC_SERVICEACCOUNT_DIR)) {
		r = kc_kubeconfig_in_cluster(&cfg, &cerr);
		if (r == 0)
			apply_in_cluster_overrides(&cfg, o);
	}
	if (r < 0) {
		if (err)
			*err = cerr;
		kc_kubeconfig_free(kc);
		return r;
	}
	if (ret_notes) {
		*ret_notes = TAKE_PTR(kc->notes);
		if (!*ret_notes)
			*ret_notes = xcalloc(1, sizeof(char *));
	}
	kc_kubeconfig_free(kc);
	*ret = cfg;
	return 0;
}

/* ---- editing ---- */

int kc_kubeconfig_default_filename(const char *explicit_path, const char *env_list, const char *home, char **ret)
{
	size_t n = 0;
	char **files = precedence(explicit_path, env_list, home, &n);
	if (!n) {
		free_list(files, n);
		return -ENOENT;
	}
	size_t pick = 0;
	if (!nonempty(explicit_path))
		for (size_t i = 0; i < n; i++) {
			struct stat st;
			if (stat(files[i], &st) == 0) {
				pick = i;
				break;
			}
		}
	*ret = xstrdup(files[pick]);
	free_list(files, n);
	return 0;
}

int kc_kubeconfig_read_raw(const char *path, cJSON **ret_doc, kc_error *err)
{
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	char ebuf[128];
	int r = kc_read_file(path, MAX_KUBECONFIG_FILE, &data, &len);
	if (r == -ENOENT) {
		*ret_doc = empty_config();
		return 0;
	}
	if (r < 0)
		return kc_error_set(err, r, "error loading config file \"%s\": open %s: %s", path, path,
				    go_strerror(-r, ebuf, sizeof(ebuf)));
	cJSON *doc = NULL;
	r = parse_doc(data, len, &doc, err);
	if (r < 0)
		return kc_error_prefix(err, "error loading config file \"%s\": ", path);
	/* Give an editor the lists to append to. */
	for (size_t s = 0; s < KC_ARRAY_SIZE(sections); s++)
		if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, sections[s]))) {
			cJSON_DeleteItemFromObjectCaseSensitive(doc, sections[s]);
			cJSON_AddItemToObject(doc, sections[s], cJSON_CreateArray());
		}
	*ret_doc = doc;
	return 0;
}

static int mkdir_parents(const char *dir)
{
	_cleanup_free_ char *p = xstrdup(dir);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int kc_kubeconfig_write_raw(const char *path, const cJSON *doc, kc_error *err)
{
	_cleanup_free_ char *yaml = kc_yaml_print(doc, err);
	if (!yaml)
		return kc_error_prefix(err, "writing %s: ", path);
	_cleanup_free_ char *dir = abs_dir_of(path);
	int r = mkdir_parents(dir);
	if (r < 0)
		return kc_error_set(err, r, "mkdir %s: %s", dir, strerror(-r));
	_cleanup_free_ char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return kc_error_set(err, -errno, "writing %s: %s", path, strerror(errno));
	size_t len = strlen(yaml), off = 0;
	r = 0;
	if (fchmod(fd, 0600) < 0)
		r = -errno;
	while (r == 0 && off < len) {
		ssize_t n = write(fd, yaml + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			r = n < 0 ? -errno : -EIO;
		else
			off += (size_t)n;
	}
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		return kc_error_set(err, r, "writing %s: %s", path, strerror(-r));
	}
	return 0;
}

static int section_index(const char *section)
{
	for (size_t s = 0; s < KC_ARRAY_SIZE(sections); s++)
		if (section && streq(section, sections[s]))
			return (int)s;
	return -1;
}

cJSON *kc_kubeconfig_raw_find(cJSON *doc, const char *section, const char *name)
{
	int s = section_index(section);
	if (s < 0)
		return NULL;
	cJSON *e = find_entry(doc, section, name ? name : "");
	return e ? cJSON_GetObjectItemCaseSensitive(e, members[s]) : NULL;
}

cJSON *kc_kubeconfig_raw_ensure(cJSON *doc, const char *section, const char *name)
{
	int s = section_index(section);
	if (s < 0)
		return NULL;
	cJSON *e = find_entry(doc, section, name ? name : "");
	if (!e) {
		cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, section);
		if (!cJSON_IsArray(list)) {
			cJSON_DeleteItemFromObjectCaseSensitive(doc, section);
			list = cJSON_AddArrayToObject(doc, section);
		}
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "name", name ? name : "");
		cJSON_AddItemToArray(list, e);
	}
	cJSON *m = cJSON_GetObjectItemCaseSensitive(e, members[s]);
	if (!cJSON_IsObject(m)) {
		cJSON_DeleteItemFromObjectCaseSensitive(e, members[s]);
		m = cJSON_AddObjectToObject(e, members[s]);
	}
	return m;
}

bool kc_kubeconfig_raw_delete(cJSON *doc, const char *section, const char *name)
{
	if (section_index(section) < 0)
		return false;
	cJSON *e = find_entry(doc, section, name ? name : "");
	if (!e)
		return false;
	cJSON_Delete(cJSON_DetachItemViaPointer(cJSON_GetObjectItemCaseSensitive(doc, section), e));
	return true;
}
