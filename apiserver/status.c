/* status.c - Status errors worded as kube-apiserver words them. */
#include "status.h"

#include <stdarg.h>

#include "common/util.h"
#include "banned.h"

cJSON *api_status_new(int code, const char *reason, const char *message, cJSON *details)
{
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "kind", "Status");
	cJSON_AddStringToObject(s, "apiVersion", "v1");
	cJSON_AddItemToObject(s, "metadata", cJSON_CreateObject());
	cJSON_AddStringToObject(s, "status", code >= 200 && code < 300 ? "Success" : "Failure");
	if (message)
		cJSON_AddStringToObject(s, "message", message);
	if (reason && reason[0])
		cJSON_AddStringToObject(s, "reason", reason);
	if (details)
		cJSON_AddItemToObject(s, "details", details);
	cJSON_AddNumberToObject(s, "code", code);
	return s;
}

static cJSON *details_new(const char *group, const char *resource, const char *name)
{
	cJSON *d = cJSON_CreateObject();
	if (name && name[0])
		cJSON_AddStringToObject(d, "name", name);
	if (group && group[0])
		cJSON_AddStringToObject(d, "group", group);
	if (resource && resource[0])
		cJSON_AddStringToObject(d, "kind", resource);
	return d;
}

/* "pods" or "deployments.apps": how upstream names a GroupResource. */
static char *qualified(const char *group, const char *resource)
{
	return group && group[0] ? xasprintf("%s.%s", resource, group) : xstrdup(resource);
}

cJSON *api_status_success(const char *group, const char *kind_plural, const char *name, const char *uid)
{
	cJSON *d = details_new(group, kind_plural, name);
	if (uid && uid[0])
		cJSON_AddStringToObject(d, "uid", uid);
	return api_status_new(200, NULL, NULL, d);
}

cJSON *api_status_not_found(const char *group, const char *resource, const char *name)
{
	_cleanup_free_ char *gr = qualified(group, resource);
	_cleanup_free_ char *msg = xasprintf("%s \"%s\" not found", gr, name);
	return api_status_new(404, "NotFound", msg, details_new(group, resource, name));
}

cJSON *api_status_already_exists(const char *group, const char *resource, const char *name)
{
	_cleanup_free_ char *gr = qualified(group, resource);
	_cleanup_free_ char *msg = xasprintf("%s \"%s\" already exists", gr, name);
	return api_status_new(409, "AlreadyExists", msg, details_new(group, resource, name));
}

cJSON *api_status_conflict(const char *group, const char *resource, const char *name, const char *why)
{
	_cleanup_free_ char *gr = qualified(group, resource);
	_cleanup_free_ char *msg = xasprintf("Operation cannot be fulfilled on %s \"%s\": %s", gr, name, why);
	return api_status_new(409, "Conflict", msg, details_new(group, resource, name));
}

cJSON *api_status_precondition_failed(const char *group, const char *resource, const char *name,
				      const char *why)
{
	_cleanup_free_ char *gr = qualified(group, resource);
	_cleanup_free_ char *msg = xasprintf("Operation cannot be fulfilled on %s \"%s\": %s", gr, name, why);
	return api_status_new(409, "Conflict", msg, details_new(group, resource, name));
}

__attribute__((format(printf, 3, 0))) static cJSON *vstatus(int code, const char *reason, const char *fmt,
							    va_list ap)
{
	_cleanup_free_ char *msg = xvasprintf(fmt, ap);
	return api_status_new(code, reason, msg, NULL);
}

cJSON *api_status_bad_request(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cJSON *s = vstatus(400, "BadRequest", fmt, ap);
	va_end(ap);
	return s;
}

cJSON *api_status_internal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	_cleanup_free_ char *why = xvasprintf(fmt, ap);
	va_end(ap);
	_cleanup_free_ char *msg = xasprintf("Internal error occurred: %s", why);
	cJSON *d = cJSON_CreateObject();
	cJSON *causes = cJSON_AddArrayToObject(d, "causes");
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "message", why);
	cJSON_AddItemToArray(causes, c);
	return api_status_new(500, "InternalError", msg, d);
}

cJSON *api_status_invalid_options(const char *options_kind, const char *field, const char *reason, const char *why)
{
	_cleanup_free_ char *msg = xasprintf("%s.meta.k8s.io \"\" is invalid: %s: %s", options_kind, field, why);
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "group", "meta.k8s.io");
	cJSON_AddStringToObject(d, "kind", options_kind);
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "reason", reason);
	cJSON_AddStringToObject(c, "message", why);
	cJSON_AddStringToObject(c, "field", field);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(d, "causes"), c);
	return api_status_new(422, "Invalid", msg, d);
}

cJSON *api_status_unavailable(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cJSON *s = vstatus(503, "ServiceUnavailable", fmt, ap);
	va_end(ap);
	return s;
}

cJSON *api_status_forbidden(const char *group, const char *resource, const char *name, const char *why)
{
	_cleanup_free_ char *gr = qualified(group, resource);
	_cleanup_free_ char *msg = name && name[0] ? xasprintf("%s \"%s\" is forbidden: %s", gr, name, why)
						   : xasprintf("%s is forbidden: %s", gr, why);
	return api_status_new(403, "Forbidden", msg, details_new(group, resource, name));
}

cJSON *api_status_unauthorized(void) { return api_status_new(401, "Unauthorized", "Unauthorized", NULL); }

cJSON *api_status_method_not_allowed(void)
{
	return api_status_new(405, "MethodNotAllowed",
			      "the server does not allow this method on the requested resource", NULL);
}

cJSON *api_status_no_route(void)
{
	return api_status_new(404, "NotFound", "the server could not find the requested resource",
			      cJSON_CreateObject());
}

cJSON *api_status_gone(const char *message) { return api_status_new(410, "Expired", message, NULL); }

cJSON *api_status_timeout(const char *message) { return api_status_new(504, "Timeout", message, NULL); }

cJSON *api_status_not_acceptable(void)
{
	return api_status_new(406, "NotAcceptable",
			      "only the following media types are accepted: application/json, application/yaml, "
			      "application/json;stream=watch",
			      NULL);
}

cJSON *api_status_unsupported_media_type(const char *content_type)
{
	_cleanup_free_ char *msg = xasprintf("the body of the request was in an unknown format - accepted media "
					     "types include: application/json, application/yaml, "
					     "application/apply-patch+yaml, application/json-patch+json, "
					     "application/merge-patch+json, application/strategic-merge-patch+json "
					     "(got %s)",
					     content_type ? content_type : "no Content-Type");
	return api_status_new(415, "UnsupportedMediaType", msg, NULL);
}

cJSON *api_status_too_large(long long limit)
{
	_cleanup_free_ char *msg = xasprintf("the request is too large: limit is %lld bytes", limit);
	return api_status_new(413, "RequestEntityTooLarge", msg, NULL);
}

int api_status_code(const cJSON *status)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(status, "code");
	return cJSON_IsNumber(c) ? c->valueint : 0;
}
