/* create_config.c - kc create configmap, secret generic, secret tls (see
 * create.h): data from literals, files, directories and env files, checked
 * and worded as kubectl does. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include "ctl/create.h"
#include "common/base64.h"
#include "common/json.h"
#include "common/validate.h"
#include "banned.h"

/* Largest file read for a key (the apiserver refuses objects past 3 MiB). */
#define MAX_VALUE_FILE (64u << 20)

/* Go's %q of a string (for kubectl's messages). */
static void go_quote(kc_buf *b, const char *s)
{
	kc_buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			kc_buf_addf(b, "\\%c", *p);
		else if (*p == '\n')
			kc_buf_addstr(b, "\\n");
		else if (*p == '\t')
			kc_buf_addstr(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			kc_buf_addf(b, "\\x%02x", *p);
		else
			kc_buf_addch(b, (char)*p);
	}
	kc_buf_addch(b, '"');
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (!len || i + len > n)
			return false;
		unsigned cp = len == 1 ? c : len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/* ---- the data being built ---- */

typedef struct data_set {
	bool secret;
	const char *name; /* the object's, for messages */
	cJSON *data;      /* key -> string (ConfigMap) or base64 (Secret) */
	cJSON *binary;    /* ConfigMap binaryData: key -> base64 */
} data_set;

static char *b64(const unsigned char *p, size_t n)
{
	return kc_base64_encode(p, n);
}

static int add_value(data_set *d, const char *key, const unsigned char *value, size_t len, kc_error *err)
{
	_cleanup_(kc_validate_msgs_freep) kc_validate_msgs msgs = KC_VALIDATE_MSGS_INIT;
	_cleanup_buf_ kc_buf q = KC_BUF_INIT;
	go_quote(&q, key);
	if (kc_validate_config_map_key(key, &msgs)) {
		_cleanup_free_ char *m = kc_validate_msgs_join(&msgs, d->secret ? ";" : ",");
		if (d->secret)
			return kc_error_set(err, -EINVAL, "%s is not valid key name for a Secret %s", q.s, m);
		return kc_error_set(err, -EINVAL, "%s is not a valid key name for a ConfigMap: %s", q.s, m);
	}
	if (d->secret) {
		if (cJSON_GetObjectItemCaseSensitive(d->data, key))
			return kc_error_set(err, -EEXIST, "cannot add key %s, another key by that name already exists",
					    key);
		_cleanup_free_ char *enc = b64(value, len);
		cJSON_AddStringToObject(d->data, key, enc);
		return 0;
	}
	_cleanup_buf_ kc_buf qn = KC_BUF_INIT;
	go_quote(&qn, d->name);
	if (cJSON_GetObjectItemCaseSensitive(d->data, key))
		return kc_error_set(err, -EEXIST,
				    "cannot add key %s, another key by that name already exists in Data for ConfigMap %s",
				    q.s, qn.s);
	if (cJSON_GetObjectItemCaseSensitive(d->binary, key))
		return kc_error_set(err, -EEXIST,
				    "cannot add key %s, another key by that name already exists in BinaryData for "
				    "ConfigMap %s",
				    q.s, qn.s);
	if (utf8_valid(value, len) && !memchr(value, '\0', len)) {
		_cleanup_free_ char *s = xstrndup((const char *)value, len);
		cJSON_AddStringToObject(d->data, key, s);
	} else {
		_cleanup_free_ char *enc = b64(value, len);
		cJSON_AddStringToObject(d->binary, key, enc);
	}
	return 0;
}

/* ParseLiteralSource: key=value, split at the first '='. */
static int add_literal(data_set *d, const char *src, kc_error *err)
{
	const char *eq = strchr(src, '=');
	if (!eq || eq == src)
		return kc_error_set(err, -EINVAL, "invalid literal source %s, expected key=value", src);
	_cleanup_free_ char *key = xstrndup(src, (size_t)(eq - src));
	/* a literal is always text, even in a ConfigMap */
	const char *v = eq + 1;
	if (!d->secret) {
		_cleanup_(kc_validate_msgs_freep) kc_validate_msgs msgs = KC_VALIDATE_MSGS_INIT;
		_cleanup_buf_ kc_buf q = KC_BUF_INIT, qn = KC_BUF_INIT;
		go_quote(&q, key);
		go_quote(&qn, d->name);
		if (kc_validate_config_map_key(key, &msgs)) {
			_cleanup_free_ char *m = kc_validate_msgs_join(&msgs, ",");
			return kc_error_set(err, -EINVAL, "%s is not a valid key name for a ConfigMap: %s", q.s, m);
		}
		if (cJSON_GetObjectItemCaseSensitive(d->data, key))
			return kc_error_set(err, -EEXIST,
					    "cannot add key %s, another key by that name already exists in Data for "
					    "ConfigMap %s",
					    q.s, qn.s);
		if (cJSON_GetObjectItemCaseSensitive(d->binary, key))
			return kc_error_set(err, -EEXIST,
					    "cannot add key %s, another key by that name already exists in BinaryData "
					    "for ConfigMap %s",
					    q.s, qn.s);
		cJSON_AddStringToObject(d->data, key, v);
		return 0;
	}
	return add_value(d, key, (const unsigned char *)v, strlen(v), err);
}

static int add_file(data_set *d, const char *key, const char *path, kc_error *err)
{
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r = kc_read_file(path, MAX_VALUE_FILE, &data, &len);
	if (r < 0) {
		char e[128];
		return kc_error_set(err, r, "open %s: %s", path, kc_go_strerror(-r, e, sizeof(e)));
	}
	return add_value(d, key, (const unsigned char *)data, len, err);
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* ParseFileSource and the directory walk of --from-file. */
static int add_file_source(data_set *d, const char *src, kc_error *err)
{
	const char *eq = strchr(src, '=');
	_cleanup_free_ char *key = NULL;
	const char *path = src;
	if (eq) {
		if (strchr(eq + 1, '='))
			return kc_error_set(err, -EINVAL, "key names or file paths cannot contain '='");
		if (eq == src)
			return kc_error_set(err, -EINVAL, "key name for file path %s missing", eq + 1);
		if (!eq[1])
			return kc_error_set(err, -EINVAL, "file path for key name %.*s missing", (int)(eq - src), src);
		key = xstrndup(src, (size_t)(eq - src));
		path = eq + 1;
	} else {
		/* path.Base */
		_cleanup_free_ char *p = xstrdup(src);
		size_t n = strlen(p);
		while (n > 1 && p[n - 1] == '/')
			p[--n] = '\0';
		const char *slash = strrchr(p, '/');
		key = xstrdup(slash && slash[1] ? slash + 1 : p);
	}
	struct stat st;
	char e[128];
	if (stat(path, &st) < 0)
		return kc_error_set(err, -errno, "error reading %s: %s", path, kc_go_strerror(errno, e, sizeof(e)));
	if (!S_ISDIR(st.st_mode))
		return add_file(d, key, path, err);
	if (eq)
		return kc_error_set(err, -EINVAL, "cannot give a key name for a directory path");
	DIR *dir = opendir(path);
	if (!dir)
		return kc_error_set(err, -errno, "error listing files in %s: open %s: %s", path, path,
				    kc_go_strerror(errno, e, sizeof(e)));
	char **names = NULL;
	size_t n = 0;
	struct dirent *ent;
	while ((ent = readdir(dir))) {
		if (streq(ent->d_name, ".") || streq(ent->d_name, ".."))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(ent->d_name);
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *item = xasprintf("%s%s%s", path, str_endswith(path, "/") ? "" : "/", names[i]);
		struct stat ist;
		/* only regular files, as os.ReadDir's DirEntry.Type() (no symlinks) */
		if (rc == 0 && lstat(item, &ist) == 0 && S_ISREG(ist.st_mode))
			rc = add_file(d, names[i], item, err);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* AddFromEnvFile: KEY=value lines; comments and blank lines skipped; KEY
 * alone takes the value from the environment. */
static int add_env_file(data_set *d, const char *path, kc_error *err)
{
	struct stat st;
	char e[128];
	if (stat(path, &st) < 0)
		return kc_error_set(err, -errno, "error reading %s: %s", path, kc_go_strerror(errno, e, sizeof(e)));
	if (S_ISDIR(st.st_mode))
		return kc_error_set(err, -EISDIR, "env %s file cannot be a directory", d->secret ? "secret" : "config");
	_cleanup_free_ char *data = NULL;
	size_t len = 0;
	int r = kc_read_file(path, MAX_VALUE_FILE, &data, &len);
	if (r < 0)
		return kc_error_set(err, r, "open %s: %s", path, kc_go_strerror(-r, e, sizeof(e)));
	size_t pos = 0;
	for (int lineno = 0; pos < len; lineno++) {
		const char *line = data + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + (nl ? 1 : 0);
		if (n > 0 && line[n - 1] == '\r') /* bufio.ScanLines drops a final \r */
			n--;
		if (!utf8_valid((const unsigned char *)line, n))
			return kc_error_set(err, -EINVAL, "env file %s contains invalid utf8 bytes at line %d", path,
					    lineno + 1);
		if (lineno == 0 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
			line += 3, n -= 3;
		while (n > 0 && isspace((unsigned char)*line))
			line++, n--;
		if (n == 0 || line[0] == '#')
			continue;
		_cleanup_free_ char *text = xstrndup(line, n);
		char *eq = strchr(text, '=');
		if (eq)
			*eq = '\0';
		_cleanup_(kc_validate_msgs_freep) kc_validate_msgs msgs = KC_VALIDATE_MSGS_INIT;
		if (kc_validate_env_var_name(text, &msgs)) {
			_cleanup_free_ char *m = kc_validate_msgs_join(&msgs, ";");
			_cleanup_buf_ kc_buf q = KC_BUF_INIT;
			go_quote(&q, text);
			return kc_error_set(err, -EINVAL, "%s is not a valid key name: %s", q.s, m);
		}
		const char *value = eq ? eq + 1 : getenv(text);
		if (!value)
			value = "";
		if ((r = add_value(d, text, (const unsigned char *)value, strlen(value), err)) < 0)
			return r;
	}
	return 0;
}

/* ---- --append-hash ---- */

char *kc_create_hash_suffix(const cJSON *obj)
{
	/* encodeConfigMap / encodeSecret: a Go map, so keys sorted */
	_cleanup_json_ cJSON *m = cJSON_CreateObject();
	const char *kind = kc_json_get_str(obj, "kind", "");
	if (streq(kind, "ConfigMap")) {
		const cJSON *bin = kc_json_get(obj, "binaryData");
		if (cJSON_IsObject(bin) && bin->child)
			cJSON_AddItemToObject(m, "binaryData", kc_json_dup(bin));
		const cJSON *data = kc_json_get(obj, "data");
		cJSON_AddItemToObject(m, "data", data ? kc_json_dup(data) : cJSON_CreateObject());
		cJSON_AddStringToObject(m, "kind", "ConfigMap");
		cJSON_AddStringToObject(m, "name", kc_json_get_str(obj, "metadata.name", ""));
	} else {
		const cJSON *data = kc_json_get(obj, "data");
		cJSON_AddItemToObject(m, "data", data ? kc_json_dup(data) : cJSON_CreateNull());
		cJSON_AddStringToObject(m, "kind", "Secret");
		cJSON_AddStringToObject(m, "name", kc_json_get_str(obj, "metadata.name", ""));
		cJSON_AddStringToObject(m, "type", kc_json_get_str(obj, "type", ""));
	}
	_cleanup_free_ char *text = kc_json_print_flags(m, KC_JSON_SORTED | KC_JSON_ESCAPE_HTML);
	unsigned char digest[SHA256_DIGEST_LENGTH];
	SHA256((const unsigned char *)text, strlen(text), digest);
	char out[11];
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < 10; i++) {
		char c = hex[(digest[i / 2] >> (i % 2 ? 0 : 4)) & 15];
		switch (c) {
		case '0': c = 'g'; break;
		case '1': c = 'h'; break;
		case '3': c = 'k'; break;
		case 'a': c = 'm'; break;
		case 'e': c = 't'; break;
		default: break;
		}
		out[i] = c;
	}
	out[10] = '\0';
	return xstrdup(out);
}

static void append_hash(cJSON *obj)
{
	_cleanup_free_ char *h = kc_create_hash_suffix(obj);
	_cleanup_free_ char *name = xasprintf("%s-%s", kc_json_get_str(obj, "metadata.name", ""), h);
	kc_json_set_str(obj, "metadata.name", name, NULL);
}

/* A Go map prints its keys in order. */
static cJSON *sorted_copy(const cJSON *obj)
{
	cJSON *out = cJSON_CreateObject();
	size_t n = (size_t)cJSON_GetArraySize(obj), k = 0;
	const cJSON **v = xcalloc(n ? n : 1, sizeof(*v));
	for (const cJSON *c = obj->child; c; c = c->next)
		v[k++] = c;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(v[j - 1]->string, v[j]->string) > 0; j--) {
			const cJSON *t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToObject(out, v[i]->string, kc_json_dup(v[i]));
	free(v);
	return out;
}

/* ---- configmap ---- */

int kc_create_configmap(kc_ctx *ctx, int argc, char **argv)
{
	kc_flags_list files = {0}, literals = {0}, envs = {0};
	bool append = false;
	kc_flag own[] = {
		KC_FLAG_STRING_SLICE("from-file", 0, &files, "",
				     "Key file can be specified using its file path, in which case file basename will be "
				     "used as configmap key, or optionally with a key and file path, in which case the given "
				     "key will be used.  Specifying a directory will iterate each named file in the directory "
				     "whose basename is a valid configmap key."),
		KC_FLAG_STRING_ARRAY("from-literal", 0, &literals, "",
				     "Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)"),
		KC_FLAG_STRING_SLICE("from-env-file", 0, &envs, "",
				     "Specify the path to a file to read lines of key=val pairs to create a configmap."),
		KC_FLAG_BOOL("append-hash", 0, &append, "false", "Append a hash of the configmap to its name."),
		KC_FLAG_END,
	};
	static const kc_create_help help = {
		"kc create configmap NAME [--from-file=[key=]source] [--from-literal=key1=value1] "
		"[--dry-run=server|client|none] [options]",
		"Create a config map based on a file, directory, or specified literal value.\n\n A single config map "
		"may package one or more key/value pairs.\n\n When creating a config map based on a file, the key will "
		"default to the basename of the file, and the value will default to the file content.  If the basename "
		"is an invalid key, you may specify an alternate key.\n\n When creating a config map based on a "
		"directory, each file whose basename is a valid key in the directory will be packaged into the config "
		"map.  Any directory entries except regular files are ignored (e.g. subdirectories, symlinks, devices, "
		"pipes, etc).",
		"  # Create a new config map named my-config based on folder bar\n"
		"  kc create configmap my-config --from-file=path/to/bar\n"
		"  \n"
		"  # Create a new config map named my-config with specified keys instead of file basenames on disk\n"
		"  kc create configmap my-config --from-file=key1=/path/to/bar/file1.txt "
		"--from-file=key2=/path/to/bar/file2.txt\n"
		"  \n"
		"  # Create a new config map named my-config with key1=config1 and key2=config2\n"
		"  kc create configmap my-config --from-literal=key1=config1 --from-literal=key2=config2\n"
		"  \n"
		"  # Create a new config map named my-config from the key=value pairs in the file\n"
		"  kc create configmap my-config --from-file=path/to/bar\n"
		"  \n"
		"  # Create a new config map named my-config from an env file\n"
		"  kc create configmap my-config --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env",
	};
	kc_create_cmd c;
	_cleanup_json_ cJSON *data = cJSON_CreateObject(), *binary = cJSON_CreateObject();
	int rc = kc_create_parse(&c, ctx, "create configmap", own, NULL, &help, argc, argv);
	if (rc != 0)
		goto out;
	if (envs.n > 0 && (files.n > 0 || literals.n > 0)) {
		rc = kc_create_fail(&c, false, "from-env-file cannot be combined with from-file or from-literal");
		goto out;
	}
	data_set d = {false, c.name, data, binary};
	kc_error err = KC_ERROR_INIT;
	for (size_t i = 0; i < files.n && rc == 0; i++)
		rc = add_file_source(&d, files.items[i], &err);
	for (size_t i = 0; i < literals.n && rc == 0; i++)
		rc = add_literal(&d, literals.items[i], &err);
	for (size_t i = 0; i < envs.n && rc == 0; i++)
		rc = add_env_file(&d, envs.items[i], &err);
	if (rc < 0) {
		rc = kc_create_fail(&c, false, "%s", err.msg);
		goto out;
	}
	cJSON *o = kc_create_object("ConfigMap", "v1", c.name, kc_create_enforced_ns(&c));
	if (data->child)
		cJSON_AddItemToObject(o, "data", sorted_copy(data));
	if (binary->child)
		cJSON_AddItemToObject(o, "binaryData", sorted_copy(binary));
	if (append)
		append_hash(o);
	rc = kc_create_submit(&c, kc_resource_lookup("configmaps"), o, "failed to create configmap: ");
out:
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

/* ---- secrets ---- */

static cJSON *secret_object(const char *name, const char *ns, const cJSON *data, const char *type)
{
	cJSON *o = kc_create_object("Secret", "v1", name, ns);
	if (data && data->child)
		cJSON_AddItemToObject(o, "data", sorted_copy(data));
	if (type && type[0])
		cJSON_AddStringToObject(o, "type", type);
	return o;
}

static int create_secret_generic(kc_ctx *ctx, int argc, char **argv)
{
	kc_flags_list files = {0}, literals = {0}, envs = {0};
	const char *type = "";
	bool append = false;
	kc_flag own[] = {
		KC_FLAG_STRING_SLICE("from-file", 0, &files, "",
				     "Key files can be specified using their file path, in which case a default name will "
				     "be given to them, or optionally with a name and file path, in which case the given "
				     "name will be used.  Specifying a directory will iterate each named file in the "
				     "directory that is a valid secret key."),
		KC_FLAG_STRING_ARRAY("from-literal", 0, &literals, "",
				     "Specify a key and literal value to insert in secret (i.e. mykey=somevalue)"),
		KC_FLAG_STRING_SLICE("from-env-file", 0, &envs, "",
				     "Specify the path to a file to read lines of key=val pairs to create a secret."),
		KC_FLAG_STRING("type", 0, &type, "", "The type of secret to create"),
		KC_FLAG_BOOL("append-hash", 0, &append, "false", "Append a hash of the secret to its name."),
		KC_FLAG_END,
	};
	static const kc_create_help help = {
		"kc create secret generic NAME [--type=string] [--from-file=[key=]source] [--from-literal=key1=value1] "
		"[--dry-run=server|client|none] [options]",
		"Create a secret based on a file, directory, or specified literal value.\n\n A single secret may "
		"package one or more key/value pairs.\n\n When creating a secret based on a file, the key will default "
		"to the basename of the file, and the value will default to the file content. If the basename is an "
		"invalid key or you wish to chose your own, you may specify an alternate key.\n\n When creating a "
		"secret based on a directory, each file whose basename is a valid key in the directory will be "
		"packaged into the secret. Any directory entries except regular files are ignored (e.g. "
		"subdirectories, symlinks, devices, pipes, etc).",
		"  # Create a new secret named my-secret with keys for each file in folder bar\n"
		"  kc create secret generic my-secret --from-file=path/to/bar\n"
		"  \n"
		"  # Create a new secret named my-secret with specified keys instead of names on disk\n"
		"  kc create secret generic my-secret --from-file=ssh-privatekey=path/to/id_rsa "
		"--from-file=ssh-publickey=path/to/id_rsa.pub\n"
		"  \n"
		"  # Create a new secret named my-secret with key1=supersecret and key2=topsecret\n"
		"  kc create secret generic my-secret --from-literal=key1=supersecret --from-literal=key2=topsecret\n"
		"  \n"
		"  # Create a new secret named my-secret from env files\n"
		"  kc create secret generic my-secret --from-env-file=path/to/foo.env --from-env-file=path/to/bar.env",
	};
	kc_create_cmd c;
	_cleanup_json_ cJSON *data = cJSON_CreateObject();
	int rc = kc_create_parse(&c, ctx, "create secret generic", own, NULL, &help, argc, argv);
	if (rc != 0)
		goto out;
	if (envs.n > 0 && (files.n > 0 || literals.n > 0)) {
		rc = kc_create_fail(&c, false, "from-env-file cannot be combined with from-file or from-literal");
		goto out;
	}
	data_set d = {true, c.name, data, NULL};
	kc_error err = KC_ERROR_INIT;
	for (size_t i = 0; i < literals.n && rc == 0; i++)
		rc = add_literal(&d, literals.items[i], &err);
	for (size_t i = 0; i < files.n && rc == 0; i++)
		rc = add_file_source(&d, files.items[i], &err);
	for (size_t i = 0; i < envs.n && rc == 0; i++)
		rc = add_env_file(&d, envs.items[i], &err);
	if (rc < 0) {
		rc = kc_create_fail(&c, false, "%s", err.msg);
		goto out;
	}
	cJSON *o = secret_object(c.name, kc_create_enforced_ns(&c), data, type);
	if (append)
		append_hash(o);
	rc = kc_create_submit(&c, kc_resource_lookup("secrets"), o, "failed to create secret ");
out:
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

/* tls.X509KeyPair's checks, with its messages. */
static int check_key_pair(const char *cert, size_t cert_len, const char *key, size_t key_len, kc_error *err)
{
	if (!strstr(cert, "-----BEGIN "))
		return kc_error_set(err, -EINVAL, "tls: failed to find any PEM data in certificate input");
	if (!strstr(key, "-----BEGIN "))
		return kc_error_set(err, -EINVAL, "tls: failed to find any PEM data in key input");
	BIO *cb = BIO_new_mem_buf(cert, (int)cert_len);
	X509 *x = cb ? PEM_read_bio_X509(cb, NULL, NULL, NULL) : NULL;
	BIO_free(cb);
	if (!x)
		return kc_error_set(err, -EINVAL, "tls: failed to find \"CERTIFICATE\" PEM block in certificate input");
	BIO *kb = BIO_new_mem_buf(key, (int)key_len);
	EVP_PKEY *pk = kb ? PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL) : NULL;
	BIO_free(kb);
	int rc = 0;
	if (!pk)
		rc = kc_error_set(err, -EINVAL, strstr(key, "CERTIFICATE")
							? "tls: found a certificate rather than a key in the PEM for the private key"
							: "tls: failed to parse private key");
	else if (X509_check_private_key(x, pk) != 1)
		rc = kc_error_set(err, -EINVAL, "tls: private key does not match public key");
	EVP_PKEY_free(pk);
	X509_free(x);
	return rc;
}

static int create_secret_tls(kc_ctx *ctx, int argc, char **argv)
{
	const char *cert = "", *key = "";
	bool append = false;
	kc_flag own[] = {
		KC_FLAG_STRING("cert", 0, &cert, "", "Path to PEM encoded public key certificate."),
		KC_FLAG_STRING("key", 0, &key, "", "Path to private key associated with given certificate."),
		KC_FLAG_BOOL("append-hash", 0, &append, "false", "Append a hash of the secret to its name."),
		KC_FLAG_END,
	};
	static const kc_create_help help = {
		"kc create secret tls NAME --cert=path/to/cert/file --key=path/to/key/file [--dry-run=server|client|none] "
		"[options]",
		"Create a TLS secret from the given public/private key pair.\n\n The public/private key pair must exist "
		"beforehand. The public key certificate must be .PEM encoded and match the given private key.",
		"  # Create a new TLS secret named tls-secret with the given key pair\n"
		"  kc create secret tls tls-secret --cert=path/to/tls.crt --key=path/to/tls.key",
	};
	kc_create_cmd c;
	_cleanup_free_ char *cert_data = NULL, *key_data = NULL, *ce = NULL, *ke = NULL;
	_cleanup_json_ cJSON *data = NULL;
	int rc = kc_create_parse(&c, ctx, "create secret tls", own, NULL, &help, argc, argv);
	if (rc != 0)
		goto out;
	if (!key[0] || !cert[0]) {
		rc = kc_create_fail(&c, false, "key and cert must be specified");
		goto out;
	}
	size_t cert_len = 0, key_len = 0;
	const char *files[2] = {cert, key};
	char **bufs[2] = {&cert_data, &key_data};
	size_t *lens[2] = {&cert_len, &key_len};
	for (int i = 0; i < 2; i++) {
		int r = kc_read_file(files[i], MAX_VALUE_FILE, bufs[i], lens[i]);
		if (r < 0) {
			char e[128];
			rc = kc_create_fail(&c, false, "Cannot read file %s, open %s: %s", files[i], files[i],
					    kc_go_strerror(-r, e, sizeof(e)));
			goto out;
		}
	}
	kc_error err = KC_ERROR_INIT;
	if (check_key_pair(cert_data, cert_len, key_data, key_len, &err) < 0) {
		rc = kc_create_fail(&c, false, "%s", err.msg);
		goto out;
	}
	data = cJSON_CreateObject();
	ce = b64((const unsigned char *)cert_data, cert_len);
	ke = b64((const unsigned char *)key_data, key_len);
	cJSON_AddStringToObject(data, "tls.crt", ce);
	cJSON_AddStringToObject(data, "tls.key", ke);
	cJSON *o = secret_object(c.name, kc_create_enforced_ns(&c), data, "kubernetes.io/tls");
	if (append)
		append_hash(o);
	rc = kc_create_submit(&c, kc_resource_lookup("secrets"), o, "failed to create secret ");
out:
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

static int create_secret_docker(kc_ctx *ctx, int argc, char **argv)
{
	const char *user = "", *password = "", *email = "", *server = "";
	kc_flags_list files = {0};
	bool append = false;
	kc_flag own[] = {
		KC_FLAG_STRING("docker-username", 0, &user, "", "Username for Docker registry authentication"),
		KC_FLAG_STRING("docker-password", 0, &password, "", "Password for Docker registry authentication"),
		KC_FLAG_STRING("docker-email", 0, &email, "", "Email for Docker registry"),
		KC_FLAG_STRING("docker-server", 0, &server, "https://index.docker.io/v1/",
			       "Server location for Docker registry"),
		KC_FLAG_BOOL("append-hash", 0, &append, "false", "Append a hash of the secret to its name."),
		KC_FLAG_STRING_SLICE("from-file", 0, &files, "",
				     "Key files can be specified using their file path, in which case a default name of "
				     ".dockerconfigjson will be given to them, or optionally with a name and file path, in "
				     "which case the given name will be used. The given name needs to be .dockerconfigjson "
				     "and the file path needs to be a valid dockerconfigjson file."),
		KC_FLAG_END,
	};
	static const kc_create_help help = {
		"kc create secret docker-registry NAME --docker-username=user --docker-password=password "
		"--docker-email=email [--docker-server=string] [--from-file=[key=]source] [--dry-run=server|client|none] "
		"[options]",
		"Create a new secret for use with Docker registries.\n\n Dockercfg secrets are used to authenticate "
		"against Docker registries.\n\n When using the Docker command line to push images, you can authenticate "
		"to a given registry by running:\n       '$ docker login DOCKER_REGISTRY_SERVER --username=DOCKER_USER "
		"--password=DOCKER_PASSWORD --email=DOCKER_EMAIL'.\n\n That produces a ~/.dockercfg file that is used by "
		"subsequent 'docker push' and 'docker pull' commands to authenticate to the registry. The email address "
		"is optional.\n\n When creating applications, you may have a Docker registry that requires "
		"authentication.  In order for the nodes to pull images on your behalf, they must have the credentials. "
		"You can provide this information by creating a dockercfg secret and attaching it to your service "
		"account.",
		"  # If you do not already have a .dockercfg file, create a dockercfg secret directly\n"
		"  kc create secret docker-registry my-secret --docker-server=DOCKER_REGISTRY_SERVER "
		"--docker-username=DOCKER_USER --docker-password=DOCKER_PASSWORD --docker-email=DOCKER_EMAIL\n"
		"  \n"
		"  # Create a new secret named my-secret from ~/.docker/config.json\n"
		"  kc create secret docker-registry my-secret --from-file=path/to/.docker/config.json",
	};
	kc_create_cmd c;
	_cleanup_json_ cJSON *data = cJSON_CreateObject();
	int rc = kc_create_parse(&c, ctx, "create secret docker-registry", own, NULL, &help, argc, argv);
	if (rc != 0)
		goto out;
	if (files.n == 0 && (!user[0] || !password[0] || !server[0])) {
		rc = kc_create_fail(&c, false, "either --from-file or the combination of --docker-username, "
						"--docker-password and --docker-server is required");
		goto out;
	}
	kc_error err = KC_ERROR_INIT;
	data_set d = {true, c.name, data, NULL};
	if (files.n) {
		for (size_t i = 0; i < files.n && rc == 0; i++)
			rc = add_file_source(&d, files.items[i], &err);
		if (rc < 0) {
			rc = kc_create_fail(&c, false, "%s", err.msg);
			goto out;
		}
	} else {
		/* DockerConfigJSON as Go marshals it: {"auths":{server:{username,
		 * password,email?,auth}}} */
		_cleanup_free_ char *pair = xasprintf("%s:%s", user, password);
		_cleanup_free_ char *auth = b64((const unsigned char *)pair, strlen(pair));
		_cleanup_json_ cJSON *cfg = cJSON_CreateObject();
		cJSON *entry = cJSON_AddObjectToObject(cJSON_AddObjectToObject(cfg, "auths"), server);
		cJSON_AddStringToObject(entry, "username", user);
		cJSON_AddStringToObject(entry, "password", password);
		if (email[0])
			cJSON_AddStringToObject(entry, "email", email);
		cJSON_AddStringToObject(entry, "auth", auth);
		_cleanup_free_ char *text = kc_json_print_flags(cfg, KC_JSON_ESCAPE_HTML);
		if ((rc = add_value(&d, ".dockerconfigjson", (const unsigned char *)text, strlen(text), &err)) < 0) {
			rc = kc_create_fail(&c, false, "%s", err.msg);
			goto out;
		}
	}
	cJSON *o = secret_object(c.name, kc_create_enforced_ns(&c), data, "kubernetes.io/dockerconfigjson");
	if (append)
		append_hash(o);
	rc = kc_create_submit(&c, kc_resource_lookup("secrets"), o, "failed to create secret ");
out:
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

int kc_create_secret(kc_ctx *ctx, int argc, char **argv)
{
	static const kc_create_sub subs[] = {
		{"docker-registry", "Create a secret for use with a Docker registry", create_secret_docker},
		{"generic", "Create a secret from a local file, directory, or literal value", create_secret_generic},
		{"tls", "Create a TLS secret", create_secret_tls},
	};
	return kc_create_group(ctx, argc, argv, "create secret",
			       "Create a secret with specified type.\n\n A docker-registry type secret is for accessing a "
			       "container registry.\n\n A generic type secret indicate an Opaque secret type.\n\n A tls "
			       "type secret holds TLS certificate and its associated key.",
			       "kc create secret (docker-registry | generic | tls) [options]", subs, KC_ARRAY_SIZE(subs));
}
