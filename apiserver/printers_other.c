/* printers_other.c - Table rows for the remaining groups: discovery.k8s.io
 * endpoint slices, networking.k8s.io ingresses and ingress classes,
 * coordination.k8s.io leases, storage.k8s.io storage classes and
 * rbac.authorization.k8s.io bindings, as upstream's printers.go (v1.32)
 * prints them with the server's Wide option on. Roles and cluster roles have
 * no printer upstream and take the default (Name, Created At). */
#include <stdio.h>
#include <string.h>

#include "apiserver/printer_docs.h"
#include "apiserver/printer_impl.h"
#include "common/util.h"
#include "banned.h"

/* listWithMoreString: at most three, " + N more...", "<unset>" for none. */
static char *list_with_more(const char **list, int listed, bool more, int count)
{
	enum { MAX = 3 };
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (int i = 0; i < listed; i++) {
		if (i)
			kc_buf_addch(&b, ',');
		kc_buf_addstr(&b, list[i]);
	}
	if (more)
		kc_buf_addf(&b, " + %d more...", count - MAX);
	else if (b.len == 0)
		kc_buf_addstr(&b, "<unset>");
	return kc_buf_release(&b);
}

/* ---- endpoint slices ---- */

static const api_table_column endpointslice_columns[] = {
    PR_COL_NAME,
    PR_COL("AddressType", "string", DOC_EPS_ADDRESS_TYPE),
    PR_COL("Ports", "string", DOC_EPS_PORTS),
    PR_COL("Endpoints", "string", DOC_EPS_ENDPOINTS),
    PR_COL_AGE,
    PR_COL_END,
};

/* formatDiscoveryPorts: the port number, else its name, else "*". */
static char *slice_ports(const cJSON *ports)
{
	char nums[3][24];
	const char *list[3];
	int listed = 0, count = 0;
	bool more = false;
	const cJSON *p;
	cJSON_ArrayForEach(p, (cJSON_IsArray(ports) ? ports : NULL))
	{
		if (listed < 3) {
			if (PR_GET(p, "port")) {
				snprintf(nums[listed], sizeof(nums[listed]), "%lld",
				         (long long)PR_INT(p, "port"));
				list[listed] = nums[listed];
			} else {
				const char *name = PR_STR(p, "name");
				list[listed] = name ? name : "*";
			}
			listed++;
		} else {
			more = true;
		}
		count++;
	}
	return list_with_more(list, listed, more, count);
}

/* formatDiscoveryEndpoints: every address of every endpoint. */
static char *slice_endpoints(const cJSON *endpoints)
{
	const char *list[3];
	int listed = 0, count = 0;
	bool more = false;
	const cJSON *ep, *a;
	cJSON_ArrayForEach(ep, (cJSON_IsArray(endpoints) ? endpoints : NULL))
	{
		cJSON_ArrayForEach(a, PR_GET(ep, "addresses"))
		{
			if (listed < 3)
				list[listed++] = cJSON_IsString(a) ? a->valuestring : "";
			else
				more = true;
			count++;
		}
	}
	return list_with_more(list, listed, more, count);
}

static void endpointslice_row(const cJSON *eps, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, eps);
	api_pr_cell_str(cells, PR_STR(eps, "addressType"));
	api_pr_cell_take(cells, slice_ports(PR_GET(eps, "ports")));
	api_pr_cell_take(cells, slice_endpoints(PR_GET(eps, "endpoints")));
	api_pr_cell_age(cells, eps, now);
}

/* ---- ingresses and ingress classes ---- */

static const api_table_column ingress_columns[] = {
    PR_COL_NAME,
    PR_COL("Class", "string",
           "The name of the IngressClass resource that should be used for additional configuration"),
    PR_COL("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"),
    PR_COL("Address", "string", "Address is a list containing ingress points for the load-balancer"),
    PR_COL("Ports", "string", "Ports of TLS configurations that open"),
    PR_COL_AGE,
    PR_COL_END,
};

/* formatHosts: the first three non-empty hosts; the "more" count is of
 * rules, hosts or not; "*" when no rule names a host. */
static char *ingress_hosts(const cJSON *rules)
{
	enum { MAX = 3 };
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	int listed = 0, nrules = 0;
	bool more = false;
	const cJSON *r;
	cJSON_ArrayForEach(r, (cJSON_IsArray(rules) ? rules : NULL))
	{
		nrules++;
		if (listed == MAX)
			more = true;
		const char *host = PR_STR(r, "host");
		if (!more && host && host[0]) {
			if (listed++)
				kc_buf_addch(&b, ',');
			kc_buf_addstr(&b, host);
		}
	}
	if (listed == 0) {
		kc_buf_free(&b);
		return xstrdup("*");
	}
	if (more)
		kc_buf_addf(&b, " + %d more...", nrules - MAX);
	return kc_buf_release(&b);
}

static void ingress_row(const cJSON *ing, cJSON *cells, time_t now)
{
	const char *class_name = PR_STR(ing, "spec", "ingressClassName");
	api_pr_cell_name(cells, ing);
	api_pr_cell_str(cells, class_name ? class_name : "<none>");
	api_pr_cell_take(cells, ingress_hosts(PR_GET(ing, "spec", "rules")));
	api_pr_cell_take(cells,
	                 api_pr_load_balancer_ingress(PR_GET(ing, "status", "loadBalancer", "ingress")));
	api_pr_cell_str(cells, PR_COUNT(ing, "spec", "tls") ? "80, 443" : "80");
	api_pr_cell_age(cells, ing, now);
}

static const api_table_column ingressclass_columns[] = {
    PR_COL_NAME,
    PR_COL("Controller", "string", "Controller that is responsible for handling this class"),
    PR_COL("Parameters", "string", "A reference to a resource with additional parameters"),
    PR_COL_AGE,
    PR_COL_END,
};

static void ingressclass_row(const cJSON *ic, cJSON *cells, time_t now)
{
	const cJSON *params = PR_GET(ic, "spec", "parameters");
	api_pr_cell_name(cells, ic);
	api_pr_cell_str(cells, PR_STR(ic, "spec", "controller"));
	if (!params) {
		api_pr_cell_str(cells, "<none>");
	} else {
		const char *group = PR_STR(params, "apiGroup");
		api_pr_cell_take(cells, xasprintf("%s%s%s/%s", api_pr_or(PR_STR(params, "kind"), ""),
		                                  group ? "." : "", group ? group : "",
		                                  api_pr_or(PR_STR(params, "name"), "")));
	}
	api_pr_cell_age(cells, ic, now);
}

/* ---- leases ---- */

static const api_table_column lease_columns[] = {
    PR_COL_NAME,
    PR_COL("Holder", "string", DOC_LEASE_HOLDER),
    PR_COL_AGE,
    PR_COL_END,
};

static void lease_row(const cJSON *lease, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, lease);
	api_pr_cell_str(cells, PR_STR(lease, "spec", "holderIdentity"));
	api_pr_cell_age(cells, lease, now);
}

/* ---- storage classes ---- */

static const api_table_column storageclass_columns[] = {
    PR_COL_NAME,
    PR_COL("Provisioner", "string", DOC_SC_PROVISIONER),
    PR_COL("ReclaimPolicy", "string", DOC_SC_RECLAIM),
    PR_COL("VolumeBindingMode", "string", DOC_SC_BINDING),
    PR_COL("AllowVolumeExpansion", "string", DOC_SC_EXPANSION),
    PR_COL_AGE,
    PR_COL_END,
};

/* storageutil.IsDefaultAnnotation: the GA or the beta annotation is "true". */
static bool default_class(const cJSON *sc)
{
	const cJSON *ann = PR_GET(sc, "metadata", "annotations");
	return streq_ptr(PR_STR(ann, "storageclass.kubernetes.io/is-default-class"), "true") ||
	       streq_ptr(PR_STR(ann, "storageclass.beta.kubernetes.io/is-default-class"), "true");
}

static void storageclass_row(const cJSON *sc, cJSON *cells, time_t now)
{
	const char *name = api_pr_or(PR_STR(sc, "metadata", "name"), "");
	api_pr_cell_take(cells, default_class(sc) ? xasprintf("%s (default)", name) : xstrdup(name));
	api_pr_cell_str(cells, PR_STR(sc, "provisioner"));
	api_pr_cell_str(cells, api_pr_or(PR_STR(sc, "reclaimPolicy"), "Delete"));
	api_pr_cell_str(cells, api_pr_or(PR_STR(sc, "volumeBindingMode"), "Immediate"));
	api_pr_cell_bool(cells, PR_BOOL(sc, "allowVolumeExpansion"));
	api_pr_cell_age(cells, sc, now);
}

/* ---- role bindings and cluster role bindings ---- */

static const api_table_column rolebinding_columns[] = {
    PR_COL_NAME,
    PR_COL("Role", "string", DOC_RB_ROLEREF),
    PR_COL_AGE,
    PR_WIDE("Users", "string", "Users in the roleBinding"),
    PR_WIDE("Groups", "string", "Groups in the roleBinding"),
    PR_WIDE("ServiceAccounts", "string", "ServiceAccounts in the roleBinding"),
    PR_COL_END,
};

static const api_table_column clusterrolebinding_columns[] = {
    PR_COL_NAME,
    PR_COL("Role", "string", DOC_CRB_ROLEREF),
    PR_COL_AGE,
    PR_WIDE("Users", "string", "Users in the clusterRoleBinding"),
    PR_WIDE("Groups", "string", "Groups in the clusterRoleBinding"),
    PR_WIDE("ServiceAccounts", "string", "ServiceAccounts in the clusterRoleBinding"),
    PR_COL_END,
};

/* Appends s to a ", "-joined list of n entries so far. */
static void add_joined(kc_buf *b, int *n, const char *s)
{
	if ((*n)++)
		kc_buf_addstr(b, ", ");
	kc_buf_addstr(b, s);
}

/* "ClusterRole/view", then rbac.SubjectsStrings joined with ", ". */
static void binding_row(const cJSON *rb, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, rb);
	api_pr_cell_take(cells, xasprintf("%s/%s", api_pr_or(PR_STR(rb, "roleRef", "kind"), ""),
	                                  api_pr_or(PR_STR(rb, "roleRef", "name"), "")));
	api_pr_cell_age(cells, rb, now);
	_cleanup_buf_ kc_buf users = KC_BUF_INIT, groups = KC_BUF_INIT, sas = KC_BUF_INIT;
	int nusers = 0, ngroups = 0, nsas = 0;
	const cJSON *s;
	cJSON_ArrayForEach(s, PR_GET(rb, "subjects"))
	{
		const char *kind = api_pr_or(PR_STR(s, "kind"), "");
		const char *name = api_pr_or(PR_STR(s, "name"), "");
		if (streq(kind, "ServiceAccount")) {
			_cleanup_free_ char *sa =
			    xasprintf("%s/%s", api_pr_or(PR_STR(s, "namespace"), ""), name);
			add_joined(&sas, &nsas, sa);
		} else if (streq(kind, "User")) {
			add_joined(&users, &nusers, name);
		} else if (streq(kind, "Group")) {
			add_joined(&groups, &ngroups, name);
		}
	}
	api_pr_cell_str(cells, kc_buf_str(&users));
	api_pr_cell_str(cells, kc_buf_str(&groups));
	api_pr_cell_str(cells, kc_buf_str(&sas));
}

const api_printer api_printers_other[] = {
    {"discovery.k8s.io", "endpointslices", endpointslice_columns, endpointslice_row, NULL},
    {"networking.k8s.io", "ingresses", ingress_columns, ingress_row, NULL},
    {"networking.k8s.io", "ingressclasses", ingressclass_columns, ingressclass_row, NULL},
    {"coordination.k8s.io", "leases", lease_columns, lease_row, NULL},
    {"storage.k8s.io", "storageclasses", storageclass_columns, storageclass_row, NULL},
    {"rbac.authorization.k8s.io", "rolebindings", rolebinding_columns, binding_row, NULL},
    {"rbac.authorization.k8s.io", "clusterrolebindings", clusterrolebinding_columns, binding_row, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
