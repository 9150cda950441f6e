/* authn.c - authentication (see authn.h). */
#include "authn.h"

#include <errno.h>
#include <strings.h>
#include <time.h>

#include "apiserver/satoken.h"
#include "apiserver/tls.h"
#include "common/map.h"
#include "common/util.h"
#include "banned.h"

struct api_authn {
	kc_map *tokens; /* token -> api_user* */
	bool anonymous;
	const api_satoken *satoken;
	api_authn_exists_fn exists;
	void *exists_ctx;
};

void api_authn_set_service_accounts(api_authn *a, const api_satoken *t, api_authn_exists_fn exists, void *ctx)
{
	a->satoken = t;
	a->exists = exists;
	a->exists_ctx = ctx;
}

/* A ServiceAccount token: verified, its account (and bound object) still
 * there. Returns 0, or -EACCES. */
static int service_account_user(const api_authn *a, const char *token, api_user *ret)
{
	if (!a->satoken)
		return -EACCES;
	_cleanup_(api_satoken_claims_clear) api_satoken_claims c = {0};
	if (api_satoken_verify(a->satoken, token, (int64_t)time(NULL), &c, NULL) < 0)
		return -EACCES;
	if (a->exists &&
	    (!a->exists("ServiceAccount", c.ns, c.name, c.uid, a->exists_ctx) ||
	     (c.bound_kind && !a->exists(c.bound_kind, c.ns, c.bound_name, c.bound_uid, a->exists_ctx))))
		return -EACCES;
	ret->name = xasprintf("system:serviceaccount:%s:%s", c.ns, c.name);
	ret->uid = xstrdup(c.uid);
	ret->groups = xcalloc(4, sizeof(char *));
	ret->groups[0] = xstrdup("system:serviceaccounts");
	ret->groups[1] = xasprintf("system:serviceaccounts:%s", c.ns);
	ret->groups[2] = xstrdup("system:authenticated");
	return 0;
}

static void user_free(void *p)
{
	api_user *u = p;
	api_user_clear(u);
	free(u);
}

/* One CSV record: fields separated by commas, a field may be quoted with
 * "" as an escaped quote. Returns the number of fields (at most max). */
static int csv_fields(const char *line, char **out, int max, bool *bad)
{
	int n = 0;
	const char *p = line;
	*bad = false;
	while (n < max) {
		kc_buf f = KC_BUF_INIT;
		if (*p == '"') {
			p++;
			for (;;) {
				if (!*p) {
					*bad = true;
					break;
				}
				if (*p == '"' && p[1] == '"') {
					kc_buf_addch(&f, '"');
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					kc_buf_addch(&f, *p++);
				}
			}
		} else {
			while (*p && *p != ',')
				kc_buf_addch(&f, *p++);
		}
		out[n++] = kc_buf_release(&f);
		if (*p != ',')
			break;
		p++;
	}
	return n;
}

int api_authn_parse_tokens(api_authn *a, const char *data, const char *path, kc_error *err)
{
	_cleanup_free_ char *copy = xstrdup(data);
	char *save = NULL;
	int lineno = 0;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (!len || line[0] == '#')
			continue;
		char *f[4] = {0};
		bool bad = false;
		int n = csv_fields(line, f, 4, &bad);
		int rc = 0;
		if (bad)
			rc = kc_error_set(err, -EINVAL, "%s: line %d: unterminated quoted field", path,
			                  lineno);
		else if (n < 3)
			rc = kc_error_set(
			    err, -EINVAL,
			    "%s: line %d: expected at least 3 columns (token,user,uid), found %d", path,
			    lineno, n);
		else if (!f[0][0])
			rc = kc_error_set(err, -EINVAL, "%s: line %d: the token is empty", path, lineno);
		else if (!f[1][0])
			rc = kc_error_set(err, -EINVAL, "%s: line %d: user name must not be empty", path,
			                  lineno);
		if (rc == 0) {
			api_user *u = xcalloc(1, sizeof(*u));
			u->name = xstrdup(f[1]);
			u->uid = xstrdup(f[2]);
			size_t ng = 0;
			u->groups = xcalloc(1, sizeof(char *));
			if (n == 4 && f[3][0]) {
				char *gsave = NULL;
				for (char *g = strtok_r(f[3], ",", &gsave); g;
				     g = strtok_r(NULL, ",", &gsave)) {
					while (*g == ' ')
						g++;
					if (!*g)
						continue;
					u->groups = xrealloc(u->groups, (ng + 2) * sizeof(char *));
					u->groups[ng++] = xstrdup(g);
					u->groups[ng] = NULL;
				}
			}
			kc_map_put(a->tokens, f[0], u);
		}
		for (int i = 0; i < n; i++)
			free(f[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

api_authn *api_authn_new(const char *token_file, bool anonymous, kc_error *err)
{
	api_authn *a = xcalloc(1, sizeof(*a));
	a->tokens = kc_map_new(user_free);
	a->anonymous = anonymous;
	if (token_file && token_file[0]) {
		_cleanup_free_ char *data = NULL;
		int rc = kc_read_file(token_file, 16 << 20, &data, NULL);
		if (rc < 0) {
			kc_error_set(err, rc, "--token-auth-file %s: %s", token_file, strerror(-rc));
			api_authn_free(a);
			return NULL;
		}
		if (api_authn_parse_tokens(a, data, token_file, err) < 0) {
			api_authn_free(a);
			return NULL;
		}
	}
	return a;
}

void api_authn_free(api_authn *a)
{
	if (!a)
		return;
	kc_map_free(a->tokens);
	free(a);
}

static char **groups_with(char **groups, const char *extra)
{
	size_t n = 0;
	while (groups && groups[n])
		n++;
	char **out = xcalloc(n + 2, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(groups[i]);
	bool has = false;
	for (size_t i = 0; i < n; i++)
		has |= streq(out[i], extra);
	if (!has)
		out[n] = xstrdup(extra);
	return out;
}

int api_authn_authenticate(const api_authn *a, SSL *ssl, const char *authorization, api_user *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (authorization && authorization[0]) {
		if (strncasecmp(authorization, "Bearer ", 7) != 0)
			return -EACCES;
		const char *token = authorization + 7;
		while (*token == ' ')
			token++;
		const api_user *u = kc_map_get(a->tokens, token);
		if (!u)
			return service_account_user(a, token, ret); /* or refused, even with anonymous on */
		ret->name = xstrdup(u->name);
		ret->uid = xstrdup(u->uid);
		ret->groups = groups_with(u->groups, "system:authenticated");
		return 0;
	}
	char *user = NULL, **groups = NULL;
	int rc = api_tls_peer_identity(ssl, &user, &groups);
	if (rc == -EACCES)
		return -EACCES; /* a bad certificate is refused even with anonymous on */
	if (rc == 0) {
		ret->name = user;
		ret->uid = xstrdup("");
		ret->groups = groups_with(groups, "system:authenticated");
		for (char **g = groups; *g; g++)
			free(*g);
		free(groups);
		return 0;
	}
	if (!a->anonymous)
		return -EACCES;
	ret->name = xstrdup("system:anonymous");
	ret->uid = xstrdup("");
	char *none[] = {NULL};
	ret->groups = groups_with(none, "system:unauthenticated");
	return 0;
}
