/* reqinfo.h - what a request is about, read from its method, path and query
 * as upstream's RequestInfoFactory reads them (authorization and routing
 * both use it):
 *
 *   GET    /api/v1/namespaces/default/pods            list pods in default
 *   GET    /api/v1/namespaces/default/pods?watch=1    watch
 *   GET    /apis/apps/v1/deployments                  list across namespaces
 *   PUT    /api/v1/namespaces/default/pods/x/status   update, subresource status
 *   DELETE /api/v1/namespaces/default/pods            deletecollection
 *   GET    /healthz                                   non-resource "get"
 */
#ifndef KC_APISERVER_REQINFO_H
#define KC_APISERVER_REQINFO_H

#include <stdbool.h>

#include "common/error.h"

typedef struct api_reqinfo {
	bool is_resource_request;
	char *path;        /* without the query */
	char *verb;        /* get list watch create update patch delete deletecollection; or the
			    * lowercase HTTP method for non-resource requests */
	char *api_prefix;  /* "api" or "apis" */
	char *api_group;   /* "" for the core group */
	char *api_version; /* "v1" */
	char *namespace;   /* "" when none */
	char *resource;    /* "pods" */
	char *subresource; /* "status", or "" */
	char *name;        /* "", or the object's name */
	char **parts;      /* the segments from the resource on, NULL-terminated */
	int nparts;
} api_reqinfo;

/* Parses method + path (query not included) + the decoded values of the
 * `watch` and `fieldSelector` query parameters (either may be NULL).
 * Always succeeds for well-formed paths; fails with -EINVAL for paths with
 * empty or "."/".." segments. */
int api_reqinfo_parse(const char *method, const char *path, const char *watch_param,
		      const char *field_selector, api_reqinfo *ret, kc_error *err);
void api_reqinfo_clear(api_reqinfo *ri);

#endif
