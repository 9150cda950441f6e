/* reqinfo.c - request attributes from the URL (see reqinfo.h), following
 * k8s.io/apiserver/pkg/endpoints/request/requestinfo.go. */
#include "reqinfo.h"

#include <errno.h>
#include <strings.h>

#include "common/util.h"
#include "banned.h"

static char **split_path(const char *path, int *ret_n)
{
	_cleanup_free_ char *copy = xstrdup(path);
	int n = 0, cap = 8;
	char **parts = xcalloc((size_t)cap + 1, sizeof(char *));
	char *save = NULL;
	for (char *tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (n == cap) {
			cap *= 2;
			parts = xrealloc(parts, ((size_t)cap + 1) * sizeof(char *));
		}
		parts[n++] = xstrdup(tok);
	}
	parts[n] = NULL;
	*ret_n = n;
	return parts;
}

static void free_parts(char **parts)
{
	if (!parts)
		return;
	for (char **p = parts; *p; p++)
		free(*p);
	free(parts);
}

void api_reqinfo_clear(api_reqinfo *ri)
{
	free(ri->path);
	free(ri->verb);
	free(ri->api_prefix);
	free(ri->api_group);
	free(ri->api_version);
	free(ri->namespace);
	free(ri->resource);
	free(ri->subresource);
	free(ri->name);
	free_parts(ri->parts);
	memset(ri, 0, sizeof(*ri));
}

static const char *verb_for_method(const char *method)
{
	static const struct {
		const char *method, *verb;
	} map[] = {{"POST", "create"},   {"GET", "get"},       {"HEAD", "get"},
		   {"PUT", "update"},    {"PATCH", "patch"},   {"DELETE", "delete"}};
	for (size_t i = 0; i < KC_ARRAY_SIZE(map); i++)
		if (streq(map[i].method, method))
			return map[i].verb;
	return "";
}

static bool truthy(const char *v)
{
	return v && (streq(v, "1") || strcasecmp(v, "true") == 0);
}

/* metadata.name=<x> exactly (the only requirement), as RequiresExactMatch. */
static char *exact_name(const char *field_selector)
{
	if (!field_selector || strchr(field_selector, ','))
		return NULL;
	const char *v = NULL;
	if (str_startswith(field_selector, "metadata.name=="))
		v = field_selector + strlen("metadata.name==");
	else if (str_startswith(field_selector, "metadata.name="))
		v = field_selector + strlen("metadata.name=");
	if (!v || !v[0] || strchr(v, '/') || strchr(v, '%') || streq(v, ".") || streq(v, ".."))
		return NULL;
	return xstrdup(v);
}

int api_reqinfo_parse(const char *method, const char *path, const char *watch_param,
		      const char *field_selector, api_reqinfo *ret, kc_error *err)
{
	api_reqinfo ri = {0};
	int n = 0;
	char **parts = split_path(path, &n);

	for (int i = 0; i < n; i++) {
		if (streq(parts[i], ".") || streq(parts[i], "..")) {
			int rc = kc_error_set(err, -EINVAL, "invalid path segment \"%s\" in %s", parts[i], path);
			free_parts(parts);
			return rc;
		}
	}
	ri.path = xstrdup(path);
	ri.api_group = xstrdup("");
	ri.api_version = xstrdup("");
	ri.namespace = xstrdup("");
	ri.resource = xstrdup("");
	ri.subresource = xstrdup("");
	ri.name = xstrdup("");
	ri.api_prefix = xstrdup("");

	/* Non-resource requests: anything outside /api and /apis, and the
	 * discovery documents /api, /apis, /apis/<group>, /api/v1 without a
	 * resource. */
	int min = (n > 0 && streq(parts[0], "api")) ? 2 : 3;
	if (n == 0 || !(streq(parts[0], "api") || streq(parts[0], "apis")) || n < min + 1) {
		_cleanup_free_ char *lower = xstrdup(method);
		for (char *p = lower; *p; p++)
			*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		ri.verb = TAKE_PTR(lower);
		ri.parts = parts;
		ri.nparts = n;
		*ret = ri;
		return 0;
	}

	ri.is_resource_request = true;
	free(ri.api_prefix);
	ri.api_prefix = xstrdup(parts[0]);
	int i = 1;
	if (streq(parts[0], "apis")) {
		free(ri.api_group);
		ri.api_group = xstrdup(parts[i++]);
	}
	free(ri.api_version);
	ri.api_version = xstrdup(parts[i++]);
	ri.verb = xstrdup(verb_for_method(method));

	/* Deprecated /watch/ prefix. */
	if (i < n && streq(parts[i], "watch")) {
		free(ri.verb);
		ri.verb = xstrdup("watch");
		i++;
	}
	if (i < n && streq(parts[i], "namespaces")) {
		if (i + 1 < n) {
			free(ri.namespace);
			ri.namespace = xstrdup(parts[i + 1]);
			/* namespaces/<ns>/<resource>...: the resource is what
			 * follows, unless it is a namespace subresource. */
			if (i + 2 < n && !streq(parts[i + 2], "status") && !streq(parts[i + 2], "finalize"))
				i += 2;
		}
	}

	int rest = n - i;
	if (rest >= 3) {
		free(ri.subresource);
		ri.subresource = xstrdup(parts[i + 2]);
	}
	if (rest >= 2) {
		free(ri.name);
		ri.name = xstrdup(parts[i + 1]);
	}
	if (rest >= 1) {
		free(ri.resource);
		ri.resource = xstrdup(parts[i]);
	}
	/* Keep parts from the resource on (for subresource paths like
	 * pods/x/proxy/some/path). */
	ri.nparts = rest;
	ri.parts = xcalloc((size_t)rest + 1, sizeof(char *));
	for (int j = 0; j < rest; j++)
		ri.parts[j] = xstrdup(parts[i + j]);
	free_parts(parts);

	if (!ri.name[0] && streq(ri.verb, "get")) {
		free(ri.verb);
		ri.verb = xstrdup(truthy(watch_param) ? "watch" : "list");
		char *name = exact_name(field_selector);
		if (name) {
			free(ri.name);
			ri.name = name;
		}
	}
	if (!ri.name[0] && streq(ri.verb, "delete")) {
		free(ri.verb);
		ri.verb = xstrdup("deletecollection");
	}
	*ret = ri;
	return 0;
}
