/* printers_apps.c - Table rows for apps/v1 (deployments, replica sets,
 * stateful sets, daemon sets, controller revisions), as upstream's
 * printers.go (v1.32) prints them with the server's Wide option on.
 * spec.replicas, when missing, is shown as the 1 decoding defaults it to. */
#include <stdio.h>
#include <string.h>

#include "apiserver/printer_docs.h"
#include "apiserver/printer_impl.h"
#include "common/util.h"
#include "banned.h"

static int64_t spec_replicas(const cJSON *obj)
{
	return PR_GET(obj, "spec", "replicas") ? PR_INT(obj, "spec", "replicas") : 1;
}

static const cJSON *template_containers(const cJSON *obj)
{
	return PR_GET(obj, "spec", "template", "spec", "containers");
}

/* ---- deployments ---- */

static const api_table_column deployment_columns[] = {
    PR_COL_NAME,
    PR_COL("Ready", "string", "Number of the pod with ready state"),
    PR_COL("Up-to-date", "string", DOC_DEPLOY_UPDATED),
    PR_COL("Available", "string", DOC_DEPLOY_AVAILABLE),
    PR_COL_AGE,
    PR_WIDE("Containers", "string", DOC_CONTAINERS),
    PR_WIDE("Images", "string", DOC_IMAGES),
    PR_WIDE("Selector", "string", DOC_DEPLOY_SELECTOR),
    PR_COL_END,
};

static void deployment_row(const cJSON *d, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, d);
	api_pr_cell_take(cells, xasprintf("%lld/%lld", (long long)PR_INT(d, "status", "readyReplicas"),
	                                  (long long)spec_replicas(d)));
	api_pr_cell_int(cells, PR_INT(d, "status", "updatedReplicas"));
	api_pr_cell_int(cells, PR_INT(d, "status", "availableReplicas"));
	api_pr_cell_age(cells, d, now);
	api_pr_cell_containers(cells, template_containers(d));
	/* selector.String() itself here: "" for none, "<invalid>" for a bad one */
	char *sel = api_pr_selector_string(PR_GET(d, "spec", "selector"));
	api_pr_cell_take(cells, sel ? sel : xstrdup("<invalid>"));
}

/* ---- replica sets ---- */

static const api_table_column replicaset_columns[] = {
    PR_COL_NAME,
    PR_COL("Desired", "integer", DOC_RS_SPEC_REPLICAS),
    PR_COL("Current", "integer", DOC_RS_STATUS_REPLICAS),
    PR_COL("Ready", "integer", DOC_RS_STATUS_READY),
    PR_COL_AGE,
    PR_WIDE("Containers", "string", DOC_CONTAINERS),
    PR_WIDE("Images", "string", DOC_IMAGES),
    PR_WIDE("Selector", "string", DOC_RS_SELECTOR),
    PR_COL_END,
};

static void replicaset_row(const cJSON *rs, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, rs);
	api_pr_cell_int(cells, spec_replicas(rs));
	api_pr_cell_int(cells, PR_INT(rs, "status", "replicas"));
	api_pr_cell_int(cells, PR_INT(rs, "status", "readyReplicas"));
	api_pr_cell_age(cells, rs, now);
	api_pr_cell_containers(cells, template_containers(rs));
	api_pr_cell_take(cells, api_pr_format_selector(PR_GET(rs, "spec", "selector")));
}

/* ---- stateful sets ---- */

static const api_table_column statefulset_columns[] = {
    PR_COL_NAME,
    PR_COL("Ready", "string", "Number of the pod with ready state"),
    PR_COL_AGE,
    PR_WIDE("Containers", "string", DOC_CONTAINERS),
    PR_WIDE("Images", "string", DOC_IMAGES),
    PR_COL_END,
};

static void statefulset_row(const cJSON *sts, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, sts);
	api_pr_cell_take(cells, xasprintf("%lld/%lld", (long long)PR_INT(sts, "status", "readyReplicas"),
	                                  (long long)spec_replicas(sts)));
	api_pr_cell_age(cells, sts, now);
	api_pr_cell_containers(cells, template_containers(sts));
}

/* ---- daemon sets ---- */

static const api_table_column daemonset_columns[] = {
    PR_COL_NAME,
    PR_COL("Desired", "integer", DOC_DS_DESIRED),
    PR_COL("Current", "integer", DOC_DS_CURRENT),
    PR_COL("Ready", "integer", DOC_DS_READY),
    PR_COL("Up-to-date", "integer", DOC_DS_UPDATED),
    PR_COL("Available", "integer", DOC_DS_AVAILABLE),
    PR_COL("Node Selector", "string", DOC_POD_NODE_SELECTOR),
    PR_COL_AGE,
    PR_WIDE("Containers", "string", DOC_CONTAINERS),
    PR_WIDE("Images", "string", DOC_IMAGES),
    PR_WIDE("Selector", "string", DOC_DS_SELECTOR),
    PR_COL_END,
};

static void daemonset_row(const cJSON *ds, cJSON *cells, time_t now)
{
	const cJSON *status = PR_GET(ds, "status");
	api_pr_cell_name(cells, ds);
	api_pr_cell_int(cells, PR_INT(status, "desiredNumberScheduled"));
	api_pr_cell_int(cells, PR_INT(status, "currentNumberScheduled"));
	api_pr_cell_int(cells, PR_INT(status, "numberReady"));
	api_pr_cell_int(cells, PR_INT(status, "updatedNumberScheduled"));
	api_pr_cell_int(cells, PR_INT(status, "numberAvailable"));
	api_pr_cell_take(cells, api_pr_format_labels(PR_GET(ds, "spec", "template", "spec", "nodeSelector")));
	api_pr_cell_age(cells, ds, now);
	api_pr_cell_containers(cells, template_containers(ds));
	api_pr_cell_take(cells, api_pr_format_selector(PR_GET(ds, "spec", "selector")));
}

/* ---- controller revisions ---- */

static const api_table_column controllerrevision_columns[] = {
    PR_COL_NAME,
    PR_COL("Controller", "string", "Controller of the object"),
    PR_COL("Revision", "string", DOC_CR_REVISION),
    PR_COL_AGE,
    PR_COL_END,
};

/* "daemonset.apps/web" for the controlling owner (formatResourceName with
 * the owner's lower-cased group kind), "<none>" without one. */
static char *controller_of(const cJSON *obj)
{
	const cJSON *ref;
	cJSON_ArrayForEach(ref, PR_GET(obj, "metadata", "ownerReferences"))
	{
		if (!PR_BOOL(ref, "controller"))
			continue;
		const char *api_version = api_pr_or(PR_STR(ref, "apiVersion"), "");
		const char *kind = api_pr_or(PR_STR(ref, "kind"), "");
		const char *name = api_pr_or(PR_STR(ref, "name"), "");
		/* schema.ParseGroupVersion: "v1" has no group, "apps/v1" has. */
		const char *slash = strchr(api_version, '/');
		_cleanup_free_ char *group =
		    slash ? xstrndup(api_version, (size_t)(slash - api_version)) : xstrdup("");
		if (!kind[0] && !group[0])
			return xstrdup(name);
		_cleanup_free_ char *gk = group[0] ? xasprintf("%s.%s", kind, group) : xstrdup(kind);
		for (char *p = gk; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		return xasprintf("%s/%s", gk, name);
	}
	return xstrdup("<none>");
}

static void controllerrevision_row(const cJSON *cr, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, cr);
	api_pr_cell_take(cells, controller_of(cr));
	api_pr_cell_int(cells, PR_INT(cr, "revision"));
	api_pr_cell_age(cells, cr, now);
}

const api_printer api_printers_apps[] = {
    {"apps", "deployments", deployment_columns, deployment_row, NULL},
    {"apps", "replicasets", replicaset_columns, replicaset_row, NULL},
    {"apps", "statefulsets", statefulset_columns, statefulset_row, NULL},
    {"apps", "daemonsets", daemonset_columns, daemonset_row, NULL},
    {"apps", "controllerrevisions", controllerrevision_columns, controllerrevision_row, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
