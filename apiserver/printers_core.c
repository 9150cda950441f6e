/* printers_core.c - Table rows for the core/v1 kinds, as upstream's
 * pkg/printers/internalversion/printers.go (v1.32) prints them with the
 * server's Wide option on (every column, priority 1 included).
 *
 * Upstream prints the internal version of an object after decoding it with
 * defaults; where a field a stored object normally carries is missing, the
 * printers here show what that decoding would have filled in (a service's
 * type ClusterIP, a port's protocol TCP, a secret's type Opaque, ...). */
#include <stdio.h>
#include <string.h>

#include "apiserver/printer_docs.h"
#include "apiserver/printer_impl.h"
#include "common/quantity.h"
#include "common/util.h"
#include "banned.h"

/* ---- pods ---- */

static const api_table_column pod_columns[] = {
    PR_COL_NAME,
    PR_COL("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
    PR_COL("Status", "string", "The aggregate status of the containers in this pod."),
    PR_COL(
        "Restarts", "string",
        "The number of times the containers in this pod have been restarted and when the last container in "
        "this pod has restarted."),
    PR_COL_AGE,
    PR_WIDE("IP", "string", DOC_POD_IP),
    PR_WIDE("Node", "string", DOC_POD_NODE),
    PR_WIDE("Nominated Node", "string", DOC_POD_NOMINATED),
    PR_WIDE("Readiness Gates", "string", DOC_POD_READINESS_GATES),
    PR_COL_END,
};

/* podutil.IsRestartableInitContainer of the init container named name: a
 * sidecar (restartPolicy Always). */
static bool restartable_init(const cJSON *spec, const char *name)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, PR_GET(spec, "initContainers"))
	{
		if (streq_ptr(PR_STR(c, "name"), name))
			return streq_ptr(PR_STR(c, "restartPolicy"), "Always");
	}
	return false;
}

/* The status of the first condition of the given type is True. */
static bool condition_true(const cJSON *conditions, const char *type)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, (cJSON_IsArray(conditions) ? conditions : NULL))
	{
		if (streq_ptr(PR_STR(c, "type"), type))
			return streq_ptr(PR_STR(c, "status"), "True");
	}
	return false;
}

/* hasPodReadyCondition: any Ready condition that is True. */
static bool any_condition_true(const cJSON *conditions, const char *type)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, (cJSON_IsArray(conditions) ? conditions : NULL))
	{
		if (streq_ptr(PR_STR(c, "type"), type) && streq_ptr(PR_STR(c, "status"), "True"))
			return true;
	}
	return false;
}

static void set_reason(char **reason, char *value)
{
	free(*reason);
	*reason = value;
}

/* A container status's lastState.terminated.finishedAt, if later than *last. */
static void note_restart(const cJSON *cs, api_pr_time *last)
{
	if (!PR_GET(cs, "lastState", "terminated"))
		return;
	api_pr_time t = api_pr_time_of(PR_GET(cs, "lastState", "terminated", "finishedAt"));
	if (api_pr_time_cmp(*last, t) < 0)
		*last = t;
}

/* Upstream's printPod, step by step: the init containers decide first; the
 * regular containers (walked last to first, so the first one's state wins)
 * decide once initialization is over. */
static void pod_row(const cJSON *pod, cJSON *cells, time_t now)
{
	const cJSON *spec = PR_GET(pod, "spec"), *status = PR_GET(pod, "status");
	const cJSON *conditions = PR_GET(status, "conditions");
	int64_t restarts = 0, sidecar_restarts = 0;
	int total = PR_COUNT(spec, "containers"), ready = 0;
	api_pr_time last_restart = {0, 0, false}, last_sidecar_restart = {0, 0, false};

	const char *phase = api_pr_or(PR_STR(status, "phase"), "");
	_cleanup_free_ char *reason = xstrdup(api_pr_or(PR_STR(status, "reason"), phase));

	const cJSON *c;
	cJSON_ArrayForEach(c, (cJSON_IsArray(conditions) ? conditions : NULL))
	{
		if (streq_ptr(PR_STR(c, "type"), "PodScheduled") &&
		    streq_ptr(PR_STR(c, "reason"), "SchedulingGated"))
			set_reason(&reason, xstrdup("SchedulingGated"));
	}

	cJSON_ArrayForEach(c, PR_GET(spec, "initContainers"))
	{
		if (streq_ptr(PR_STR(c, "restartPolicy"), "Always"))
			total++;
	}

	bool initializing = false;
	int ninit = PR_COUNT(spec, "initContainers"), i = 0;
	const cJSON *cs;
	cJSON_ArrayForEach(cs, PR_GET(status, "initContainerStatuses"))
	{
		int index = i++;
		int64_t rc = PR_INT(cs, "restartCount");
		bool sidecar = restartable_init(spec, PR_STR(cs, "name"));
		restarts += rc;
		note_restart(cs, &last_restart);
		if (sidecar) {
			sidecar_restarts += rc;
			note_restart(cs, &last_sidecar_restart);
		}
		const cJSON *term = PR_GET(cs, "state", "terminated");
		const cJSON *waiting = PR_GET(cs, "state", "waiting");
		if (term && PR_INT(term, "exitCode") == 0)
			continue;
		if (sidecar && PR_BOOL(cs, "started")) {
			if (PR_BOOL(cs, "ready"))
				ready++;
			continue;
		}
		if (term) {
			const char *r = PR_STR(term, "reason");
			if (r && r[0])
				set_reason(&reason, xasprintf("Init:%s", r));
			else if (PR_INT(term, "signal") != 0)
				set_reason(&reason,
				           xasprintf("Init:Signal:%lld", (long long)PR_INT(term, "signal")));
			else
				set_reason(&reason, xasprintf("Init:ExitCode:%lld",
				                              (long long)PR_INT(term, "exitCode")));
		} else if (waiting && api_pr_or(PR_STR(waiting, "reason"), "")[0] &&
		           !streq(PR_STR(waiting, "reason"), "PodInitializing")) {
			set_reason(&reason, xasprintf("Init:%s", PR_STR(waiting, "reason")));
		} else {
			set_reason(&reason, xasprintf("Init:%d/%d", index, ninit));
		}
		initializing = true;
		break;
	}

	if (!initializing || condition_true(conditions, "Initialized")) {
		restarts = sidecar_restarts;
		last_restart = last_sidecar_restart;
		bool has_running = false;
		const cJSON *statuses = PR_GET(status, "containerStatuses");
		int n = cJSON_IsArray(statuses) ? cJSON_GetArraySize(statuses) : 0;
		for (int k = n - 1; k >= 0; k--) {
			cs = cJSON_GetArrayItem(statuses, k);
			restarts += PR_INT(cs, "restartCount");
			note_restart(cs, &last_restart);
			const cJSON *term = PR_GET(cs, "state", "terminated");
			const char *wreason = PR_STR(cs, "state", "waiting", "reason");
			const char *treason = PR_STR(term, "reason");
			if (wreason && wreason[0])
				set_reason(&reason, xstrdup(wreason));
			else if (treason && treason[0])
				set_reason(&reason, xstrdup(treason));
			else if (term && PR_INT(term, "signal") != 0)
				set_reason(&reason,
				           xasprintf("Signal:%lld", (long long)PR_INT(term, "signal")));
			else if (term)
				set_reason(&reason,
				           xasprintf("ExitCode:%lld", (long long)PR_INT(term, "exitCode")));
			else if (PR_BOOL(cs, "ready") && PR_GET(cs, "state", "running")) {
				has_running = true;
				ready++;
			}
		}
		/* A pod whose first container completed but another still runs. */
		if (streq(reason, "Completed") && has_running)
			set_reason(&reason,
			           xstrdup(any_condition_true(conditions, "Ready") ? "Running" : "NotReady"));
	}

	if (PR_GET(pod, "metadata", "deletionTimestamp")) {
		if (streq_ptr(PR_STR(status, "reason"), "NodeLost"))
			set_reason(&reason, xstrdup("Unknown"));
		else if (!streq(phase, "Succeeded") && !streq(phase, "Failed"))
			set_reason(&reason, xstrdup("Terminating"));
	}

	api_pr_cell_name(cells, pod);
	api_pr_cell_take(cells, xasprintf("%d/%d", ready, total));
	api_pr_cell_str(cells, reason);
	if (restarts != 0 && last_restart.set) {
		_cleanup_free_ char *ago = api_pr_since(last_restart, now);
		api_pr_cell_take(cells, xasprintf("%lld (%s ago)", (long long)restarts, ago));
	} else {
		api_pr_cell_take(cells, xasprintf("%lld", (long long)restarts));
	}
	api_pr_cell_age(cells, pod, now);

	/* The internal PodStatus takes status.podIP over podIPs[0] when both
	 * are set and differ (older kubelets write podIP only). */
	const char *ip = PR_STR(status, "podIP");
	if (!ip || !ip[0])
		ip = PR_STR(cJSON_GetArrayItem(PR_GET(status, "podIPs"), 0), "ip");
	api_pr_cell_str(cells, api_pr_or(ip, "<none>"));
	api_pr_cell_str(cells, api_pr_or(PR_STR(spec, "nodeName"), "<none>"));
	api_pr_cell_str(cells, api_pr_or(PR_STR(status, "nominatedNodeName"), "<none>"));

	const cJSON *gates = PR_GET(spec, "readinessGates");
	int ngates = cJSON_IsArray(gates) ? cJSON_GetArraySize(gates) : 0;
	if (ngates == 0) {
		api_pr_cell_str(cells, "<none>");
	} else {
		int true_conditions = 0;
		const cJSON *g;
		cJSON_ArrayForEach(g, gates)
		{
			if (condition_true(conditions, api_pr_or(PR_STR(g, "conditionType"), "")))
				true_conditions++;
		}
		api_pr_cell_take(cells, xasprintf("%d/%d", true_conditions, ngates));
	}
}

/* podSuccessConditions / podFailedConditions. */
static cJSON *pod_conditions(const cJSON *pod)
{
	const char *phase = PR_STR(pod, "status", "phase");
	const char *message;
	if (streq_ptr(phase, "Succeeded"))
		message = "The pod has completed successfully.";
	else if (streq_ptr(phase, "Failed"))
		message = "The pod failed.";
	else
		return NULL;
	cJSON *conds = cJSON_CreateArray();
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "type", "Completed");
	cJSON_AddStringToObject(c, "status", "True");
	cJSON_AddStringToObject(c, "reason", phase);
	cJSON_AddStringToObject(c, "message", message);
	cJSON_AddItemToArray(conds, c);
	return conds;
}

/* ---- replication controllers ---- */

static const api_table_column rc_columns[] = {
    PR_COL_NAME,
    PR_COL("Desired", "integer", DOC_RC_SPEC_REPLICAS),
    PR_COL("Current", "integer", DOC_RC_STATUS_REPLICAS),
    PR_COL("Ready", "integer", DOC_RC_STATUS_READY),
    PR_COL_AGE,
    PR_WIDE("Containers", "string", DOC_CONTAINERS),
    PR_WIDE("Images", "string", DOC_IMAGES),
    PR_WIDE("Selector", "string", DOC_RC_SELECTOR),
    PR_COL_END,
};

static void rc_row(const cJSON *rc, cJSON *cells, time_t now)
{
	const cJSON *replicas = PR_GET(rc, "spec", "replicas");
	api_pr_cell_name(cells, rc);
	api_pr_cell_int(cells, replicas ? PR_INT(rc, "spec", "replicas") : 1); /* defaulted to 1 */
	api_pr_cell_int(cells, PR_INT(rc, "status", "replicas"));
	api_pr_cell_int(cells, PR_INT(rc, "status", "readyReplicas"));
	api_pr_cell_age(cells, rc, now);
	api_pr_cell_containers(cells, PR_GET(rc, "spec", "template", "spec", "containers"));
	api_pr_cell_take(cells, api_pr_format_labels(PR_GET(rc, "spec", "selector")));
}

/* ---- services ---- */

static const api_table_column service_columns[] = {
    PR_COL_NAME,
    PR_COL("Type", "string", DOC_SVC_TYPE),
    PR_COL("Cluster-IP", "string", DOC_SVC_CLUSTER_IP),
    PR_COL("External-IP", "string", DOC_SVC_EXTERNAL_IPS),
    PR_COL("Port(s)", "string", DOC_SVC_PORTS),
    PR_COL_AGE,
    PR_WIDE("Selector", "string", DOC_SVC_SELECTOR),
    PR_COL_END,
};

/* The strings of a JSON array of strings, appended to b with sep between
 * (and before the first when b is not empty). */
static void join_strings(kc_buf *b, const cJSON *arr, const char *sep)
{
	const cJSON *s;
	cJSON_ArrayForEach(s, (cJSON_IsArray(arr) ? arr : NULL))
	{
		if (b->len)
			kc_buf_addstr(b, sep);
		kc_buf_addstr(b, cJSON_IsString(s) ? s->valuestring : "");
	}
}

char *api_pr_load_balancer_ingress(const cJSON *ingress)
{
	int n = cJSON_IsArray(ingress) ? cJSON_GetArraySize(ingress) : 0;
	const char **items = xcalloc((size_t)n + 1, sizeof(*items));
	size_t count = 0;
	const cJSON *in;
	cJSON_ArrayForEach(in, (n ? ingress : NULL))
	{
		const char *ip = PR_STR(in, "ip"), *host = PR_STR(in, "hostname");
		if (ip && ip[0])
			items[count++] = ip;
		else if (host && host[0])
			items[count++] = host;
	}
	char *s = api_pr_join_sorted_unique(items, count, ",");
	free(items);
	return s;
}

/* getServiceExternalIP. */
static char *service_external_ip(const cJSON *svc, const char *type)
{
	const cJSON *external = PR_GET(svc, "spec", "externalIPs");
	bool have_external = cJSON_IsArray(external) && cJSON_GetArraySize(external) > 0;
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	if (streq(type, "ClusterIP") || streq(type, "NodePort")) {
		if (have_external)
			join_strings(&b, external, ",");
		else
			kc_buf_addstr(&b, "<none>");
	} else if (streq(type, "LoadBalancer")) {
		_cleanup_free_ char *lb =
		    api_pr_load_balancer_ingress(PR_GET(svc, "status", "loadBalancer", "ingress"));
		kc_buf_addstr(&b, lb);
		if (have_external)
			join_strings(&b, external, ",");
		else if (!lb[0])
			kc_buf_addstr(&b, "<pending>");
	} else if (streq(type, "ExternalName")) {
		kc_buf_addstr(&b, api_pr_or(PR_STR(svc, "spec", "externalName"), ""));
	} else {
		kc_buf_addstr(&b, "<unknown>");
	}
	return kc_buf_release(&b);
}

/* makePortString: "80/TCP", "80:31045/TCP", joined with ","; "<none>". */
static char *service_ports(const cJSON *ports)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	const cJSON *p;
	bool first = true;
	cJSON_ArrayForEach(p, (cJSON_IsArray(ports) ? ports : NULL))
	{
		if (!first)
			kc_buf_addch(&b, ',');
		first = false;
		const char *proto = api_pr_or(PR_STR(p, "protocol"), "TCP");
		int64_t node_port = PR_INT(p, "nodePort");
		if (node_port > 0)
			kc_buf_addf(&b, "%lld:%lld/%s", (long long)PR_INT(p, "port"), (long long)node_port,
			            proto);
		else
			kc_buf_addf(&b, "%lld/%s", (long long)PR_INT(p, "port"), proto);
	}
	if (b.len == 0)
		kc_buf_addstr(&b, "<none>");
	return kc_buf_release(&b);
}

static void service_row(const cJSON *svc, cJSON *cells, time_t now)
{
	const char *type = api_pr_or(PR_STR(svc, "spec", "type"), "ClusterIP");
	/* The internal spec takes clusterIPs[0]; older objects have clusterIP
	 * only, which decoding copies into clusterIPs. */
	const char *cluster_ip = PR_STR(cJSON_GetArrayItem(PR_GET(svc, "spec", "clusterIPs"), 0), NULL);
	if (!cluster_ip)
		cluster_ip = api_pr_or(PR_STR(svc, "spec", "clusterIP"), "<none>");
	api_pr_cell_name(cells, svc);
	api_pr_cell_str(cells, type);
	api_pr_cell_str(cells, cluster_ip);
	api_pr_cell_take(cells, service_external_ip(svc, type));
	api_pr_cell_take(cells, service_ports(PR_GET(svc, "spec", "ports")));
	api_pr_cell_age(cells, svc, now);
	api_pr_cell_take(cells, api_pr_format_labels(PR_GET(svc, "spec", "selector")));
}

/* ---- endpoints ---- */

static const api_table_column endpoints_columns[] = {
    PR_COL_NAME,
    PR_COL("Endpoints", "string", DOC_EP_SUBSETS),
    PR_COL_AGE,
    PR_COL_END,
};

/* net.JoinHostPort: IPv6 addresses in brackets. */
static void add_host_port(kc_buf *b, const char *host, int64_t port)
{
	if (strchr(host, ':'))
		kc_buf_addf(b, "[%s]:%lld", host, (long long)port);
	else
		kc_buf_addf(b, "%s:%lld", host, (long long)port);
}

/* formatEndpoints(endpoints, nil): at most three "ip:port" (or bare IPs for
 * subsets without ports), then " + N more..." counting every address of
 * every port. */
static char *format_endpoints(const cJSON *subsets)
{
	enum { MAX = 3 };
	int n = cJSON_IsArray(subsets) ? cJSON_GetArraySize(subsets) : 0;
	if (n == 0)
		return xstrdup("<none>");
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	int listed = 0, count = 0;
	bool more = false;
	const cJSON *ss;
	cJSON_ArrayForEach(ss, subsets)
	{
		const cJSON *addrs = PR_GET(ss, "addresses"), *ports = PR_GET(ss, "ports");
		int naddrs = cJSON_IsArray(addrs) ? cJSON_GetArraySize(addrs) : 0;
		int nports = cJSON_IsArray(ports) ? cJSON_GetArraySize(ports) : 0;
		const cJSON *a, *p;
		if (nports == 0) {
			/* headless services may have no ports */
			count += naddrs;
			cJSON_ArrayForEach(a, (naddrs ? addrs : NULL))
			{
				if (listed == MAX) {
					more = true;
					break;
				}
				if (listed++)
					kc_buf_addch(&b, ',');
				kc_buf_addstr(&b, api_pr_or(PR_STR(a, "ip"), ""));
			}
			continue;
		}
		cJSON_ArrayForEach(p, ports)
		{
			count += naddrs;
			cJSON_ArrayForEach(a, (naddrs ? addrs : NULL))
			{
				if (listed == MAX) {
					more = true;
					break;
				}
				if (listed++)
					kc_buf_addch(&b, ',');
				add_host_port(&b, api_pr_or(PR_STR(a, "ip"), ""), PR_INT(p, "port"));
			}
		}
	}
	if (more)
		kc_buf_addf(&b, " + %d more...", count - MAX);
	return kc_buf_release(&b);
}

static void endpoints_row(const cJSON *ep, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, ep);
	api_pr_cell_take(cells, format_endpoints(PR_GET(ep, "subsets")));
	api_pr_cell_age(cells, ep, now);
}

/* ---- nodes ---- */

static const api_table_column node_columns[] = {
    PR_COL_NAME,
    PR_COL("Status", "string", "The status of the node"),
    PR_COL("Roles", "string", "The roles of the node"),
    PR_COL_AGE,
    PR_COL("Version", "string", DOC_NODE_KUBELET_VERSION),
    PR_WIDE("Internal-IP", "string", DOC_NODE_ADDRESSES),
    PR_WIDE("External-IP", "string", DOC_NODE_ADDRESSES),
    PR_WIDE("OS-Image", "string", DOC_NODE_OS_IMAGE),
    PR_WIDE("Kernel-Version", "string", DOC_NODE_KERNEL),
    PR_WIDE("Container-Runtime", "string", DOC_NODE_RUNTIME),
    PR_COL_END,
};

/* findNodeRoles: node-role.kubernetes.io/<role> keys and the value of
 * kubernetes.io/role, sorted and distinct; "<none>" when there are none. */
static char *node_roles(const cJSON *labels)
{
	static const char prefix[] = "node-role.kubernetes.io/";
	int n = cJSON_IsObject(labels) ? cJSON_GetArraySize(labels) : 0;
	const char **roles = xcalloc((size_t)n + 1, sizeof(*roles));
	size_t count = 0;
	const cJSON *kv;
	cJSON_ArrayForEach(kv, (n ? labels : NULL))
	{
		if (!kv->string)
			continue;
		if (str_startswith(kv->string, prefix)) {
			if (kv->string[sizeof(prefix) - 1])
				roles[count++] = kv->string + sizeof(prefix) - 1;
		} else if (streq(kv->string, "kubernetes.io/role") && cJSON_IsString(kv) &&
		           kv->valuestring[0]) {
			roles[count++] = kv->valuestring;
		}
	}
	char *s = api_pr_join_sorted_unique(roles, count, ",");
	free(roles);
	if (!s[0]) {
		free(s);
		return xstrdup("<none>");
	}
	return s;
}

/* Ready, NotReady or Unknown from the last Ready condition, then
 * SchedulingDisabled for a cordoned node. */
static char *node_status(const cJSON *node)
{
	const cJSON *ready = NULL, *c;
	cJSON_ArrayForEach(c, PR_GET(node, "status", "conditions"))
	{
		if (streq_ptr(PR_STR(c, "type"), "Ready"))
			ready = c;
	}
	const char *first = !ready                                       ? "Unknown"
	                    : streq_ptr(PR_STR(ready, "status"), "True") ? "Ready"
	                                                                 : "NotReady";
	return xasprintf("%s%s", first, PR_BOOL(node, "spec", "unschedulable") ? ",SchedulingDisabled" : "");
}

static const char *node_address(const cJSON *node, const char *type)
{
	const cJSON *a;
	cJSON_ArrayForEach(a, PR_GET(node, "status", "addresses"))
	{
		if (streq_ptr(PR_STR(a, "type"), type))
			return api_pr_or(PR_STR(a, "address"), "");
	}
	return "<none>";
}

static void node_row(const cJSON *node, cJSON *cells, time_t now)
{
	const cJSON *info = PR_GET(node, "status", "nodeInfo");
	api_pr_cell_name(cells, node);
	api_pr_cell_take(cells, node_status(node));
	api_pr_cell_take(cells, node_roles(PR_GET(node, "metadata", "labels")));
	api_pr_cell_age(cells, node, now);
	api_pr_cell_str(cells, PR_STR(info, "kubeletVersion"));
	api_pr_cell_str(cells, node_address(node, "InternalIP"));
	api_pr_cell_str(cells, node_address(node, "ExternalIP"));
	api_pr_cell_str(cells, api_pr_or(PR_STR(info, "osImage"), "<unknown>"));
	api_pr_cell_str(cells, api_pr_or(PR_STR(info, "kernelVersion"), "<unknown>"));
	api_pr_cell_str(cells, api_pr_or(PR_STR(info, "containerRuntimeVersion"), "<unknown>"));
}

/* ---- events (core/v1 and events.k8s.io/v1 share the storage and the printer) ---- */

static const api_table_column event_columns[] = {
    PR_COL("Last Seen", "string", DOC_EV_LAST),
    PR_COL("Type", "string", DOC_EV_TYPE),
    PR_COL("Reason", "string", DOC_EV_REASON),
    PR_COL("Object", "string", DOC_EV_OBJECT),
    PR_WIDE("Subobject", "string", DOC_EV_FIELDPATH),
    PR_WIDE("Source", "string", DOC_EV_SOURCE),
    PR_COL("Message", "string", DOC_EV_MESSAGE),
    PR_WIDE("First Seen", "string", DOC_EV_FIRST),
    PR_WIDE("Count", "string", DOC_EV_COUNT),
    {"Name", "string", "name", DOC_META_NAME, 1},
    PR_COL_END,
};

/* A field under its core/v1 name, or its events.k8s.io/v1 name: upstream
 * prints the internal Event both versions convert to. */
static const cJSON *ev_get(const cJSON *ev, const char *core, const char *events)
{
	const cJSON *v = PR_GET(ev, core);
	return v ? v : PR_GET(ev, events);
}

static const char *ev_str(const cJSON *ev, const char *core, const char *events)
{
	const cJSON *v = ev_get(ev, core, events);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* strings.TrimSpace over ASCII white space. */
static char *trim_space(const char *s)
{
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || (s[n - 1] >= '\t' && s[n - 1] <= '\r')))
		n--;
	return xstrndup(s, n);
}

/* formatEventSource: the component (or reporting controller), then ", "
 * and the host (or reporting instance) when there is one. */
static char *event_source(const cJSON *ev)
{
	const cJSON *src = ev_get(ev, "source", "deprecatedSource");
	const char *component =
	    api_pr_or(PR_STR(src, "component"), ev_str(ev, "reportingComponent", "reportingController"));
	const char *instance =
	    api_pr_or(PR_STR(src, "host"), ev_str(ev, "reportingInstance", "reportingInstance"));
	if (!instance[0])
		return xstrdup(component);
	return xasprintf("%s, %s", component, instance);
}

static char *ascii_lower(const char *s)
{
	char *r = xstrdup(s);
	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

static void event_row(const cJSON *ev, cJSON *cells, time_t now)
{
	api_pr_time first_ts = api_pr_time_of(ev_get(ev, "firstTimestamp", "deprecatedFirstTimestamp"));
	char *first = api_pr_since(first_ts.set ? first_ts : api_pr_time_of(PR_GET(ev, "eventTime")), now);
	api_pr_time last_ts = api_pr_time_of(ev_get(ev, "lastTimestamp", "deprecatedLastTimestamp"));
	char *last = last_ts.set ? api_pr_since(last_ts, now) : xstrdup(first);
	const cJSON *count_item = ev_get(ev, "count", "deprecatedCount");
	int64_t count = cJSON_IsNumber(count_item) ? PR_INT(count_item, NULL) : 0;
	const cJSON *series = PR_GET(ev, "series");
	if (series) {
		free(last);
		last = api_pr_since(api_pr_time_of(PR_GET(series, "lastObservedTime")), now);
		count = PR_INT(series, "count");
	} else if (count == 0) {
		count = 1; /* singleton events have no count in the new API */
	}

	const cJSON *involved = ev_get(ev, "involvedObject", "regarding");
	_cleanup_free_ char *kind = ascii_lower(api_pr_or(PR_STR(involved, "kind"), ""));
	const char *name = api_pr_or(PR_STR(involved, "name"), "");

	api_pr_cell_take(cells, last);
	api_pr_cell_str(cells, PR_STR(ev, "type"));
	api_pr_cell_str(cells, PR_STR(ev, "reason"));
	api_pr_cell_take(cells, name[0] ? xasprintf("%s/%s", kind, name) : xstrdup(kind));
	api_pr_cell_str(cells, PR_STR(involved, "fieldPath"));
	api_pr_cell_take(cells, event_source(ev));
	api_pr_cell_take(cells, trim_space(ev_str(ev, "message", "note")));
	api_pr_cell_take(cells, first);
	api_pr_cell_int(cells, count);
	api_pr_cell_name(cells, ev);
}

/* ---- namespaces, secrets, service accounts, config maps ---- */

static const api_table_column namespace_columns[] = {
    PR_COL_NAME,
    PR_COL("Status", "string", "The status of the namespace"),
    PR_COL_AGE,
    PR_COL_END,
};

static void namespace_row(const cJSON *ns, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, ns);
	api_pr_cell_str(cells, api_pr_or(PR_STR(ns, "status", "phase"), "Active"));
	api_pr_cell_age(cells, ns, now);
}

static const api_table_column secret_columns[] = {
    PR_COL_NAME,
    PR_COL("Type", "string", DOC_SECRET_TYPE),
    PR_COL("Data", "string", DOC_SECRET_DATA),
    PR_COL_AGE,
    PR_COL_END,
};

static void secret_row(const cJSON *secret, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, secret);
	api_pr_cell_str(cells, api_pr_or(PR_STR(secret, "type"), "Opaque"));
	/* stringData is folded into data on write, as upstream's conversion does */
	api_pr_cell_int(cells, PR_COUNT(secret, "data"));
	api_pr_cell_age(cells, secret, now);
}

static const api_table_column serviceaccount_columns[] = {
    PR_COL_NAME,
    PR_COL("Secrets", "string", DOC_SA_SECRETS),
    PR_COL_AGE,
    PR_COL_END,
};

static void serviceaccount_row(const cJSON *sa, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, sa);
	api_pr_cell_int(cells, PR_COUNT(sa, "secrets"));
	api_pr_cell_age(cells, sa, now);
}

static const api_table_column configmap_columns[] = {
    PR_COL_NAME,
    PR_COL("Data", "string", DOC_CM_DATA),
    PR_COL_AGE,
    PR_COL_END,
};

static void configmap_row(const cJSON *cm, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, cm);
	api_pr_cell_int(cells, PR_COUNT(cm, "data") + PR_COUNT(cm, "binaryData"));
	api_pr_cell_age(cells, cm, now);
}

/* ---- persistent volumes and claims ---- */

static const api_table_column pv_columns[] = {
    PR_COL_NAME,
    PR_COL("Capacity", "string", DOC_PV_CAPACITY),
    PR_COL("Access Modes", "string", DOC_PV_ACCESS),
    PR_COL("Reclaim Policy", "string", DOC_PV_RECLAIM),
    PR_COL("Status", "string", DOC_PV_PHASE),
    PR_COL("Claim", "string", DOC_PV_CLAIM),
    PR_COL("StorageClass", "string", "StorageClass of the pv"),
    PR_COL("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
    PR_COL("Reason", "string", DOC_PV_REASON),
    PR_COL_AGE,
    PR_WIDE("VolumeMode", "string", DOC_PV_MODE),
    PR_COL_END,
};

/* Quantity.String() of a resource list's "storage" entry; "0" when absent
 * (the zero Quantity), the text itself if it does not parse. */
static char *storage_quantity(const cJSON *resources)
{
	const cJSON *q = PR_GET(resources, "storage");
	if (!q)
		return xstrdup("0");
	kc_quantity quantity;
	if (kc_quantity_from_json(q, &quantity, NULL) < 0)
		return xstrdup(cJSON_IsString(q) ? q->valuestring : "");
	return kc_quantity_to_string(&quantity);
}

/* helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order. */
static char *access_modes(const cJSON *modes)
{
	static const char *const names[][2] = {
	    {"ReadWriteOnce", "RWO"},
	    {"ReadOnlyMany", "ROX"},
	    {"ReadWriteMany", "RWX"},
	    {"ReadWriteOncePod", "RWOP"},
	};
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; i < KC_ARRAY_SIZE(names); i++) {
		const cJSON *m;
		cJSON_ArrayForEach(m, (cJSON_IsArray(modes) ? modes : NULL))
		{
			if (cJSON_IsString(m) && streq(m->valuestring, names[i][0])) {
				if (b.len)
					kc_buf_addch(&b, ',');
				kc_buf_addstr(&b, names[i][1]);
				break;
			}
		}
	}
	return kc_buf_release(&b);
}

/* The beta storage-class annotation, when present, wins over the field. */
static const char *storage_class(const cJSON *obj)
{
	const cJSON *ann = PR_GET(obj, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class");
	if (ann)
		return cJSON_IsString(ann) ? ann->valuestring : "";
	return api_pr_or(PR_STR(obj, "spec", "storageClassName"), "");
}

static void pv_row(const cJSON *pv, cJSON *cells, time_t now)
{
	const cJSON *spec = PR_GET(pv, "spec");
	const cJSON *claim = PR_GET(spec, "claimRef");
	const char *phase = api_pr_or(PR_STR(pv, "status", "phase"), "Pending");
	if (PR_GET(pv, "metadata", "deletionTimestamp"))
		phase = "Terminating";
	api_pr_cell_name(cells, pv);
	api_pr_cell_take(cells, storage_quantity(PR_GET(spec, "capacity")));
	api_pr_cell_take(cells, access_modes(PR_GET(spec, "accessModes")));
	api_pr_cell_str(cells, api_pr_or(PR_STR(spec, "persistentVolumeReclaimPolicy"), "Retain"));
	api_pr_cell_str(cells, phase);
	api_pr_cell_take(cells, claim ? xasprintf("%s/%s", api_pr_or(PR_STR(claim, "namespace"), ""),
	                                          api_pr_or(PR_STR(claim, "name"), ""))
	                              : xstrdup(""));
	api_pr_cell_str(cells, storage_class(pv));
	const char *vac = PR_STR(spec, "volumeAttributesClassName");
	api_pr_cell_str(cells, vac ? vac : "<unset>");
	api_pr_cell_str(cells, PR_STR(pv, "status", "reason"));
	api_pr_cell_age(cells, pv, now);
	api_pr_cell_str(cells, api_pr_or(PR_STR(spec, "volumeMode"), "Filesystem"));
}

static const api_table_column pvc_columns[] = {
    PR_COL_NAME,
    PR_COL("Status", "string", DOC_PVC_PHASE),
    PR_COL("Volume", "string", DOC_PVC_VOLUME),
    PR_COL("Capacity", "string", DOC_PVC_CAPACITY),
    PR_COL("Access Modes", "string", DOC_PVC_ACCESS),
    PR_COL("StorageClass", "string", "StorageClass of the pvc"),
    PR_COL("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
    PR_COL_AGE,
    PR_WIDE("VolumeMode", "string", DOC_PVC_MODE),
    PR_COL_END,
};

static void pvc_row(const cJSON *pvc, cJSON *cells, time_t now)
{
	const cJSON *spec = PR_GET(pvc, "spec");
	const char *phase = api_pr_or(PR_STR(pvc, "status", "phase"), "Pending");
	if (PR_GET(pvc, "metadata", "deletionTimestamp"))
		phase = "Terminating";
	const char *volume = api_pr_or(PR_STR(spec, "volumeName"), "");
	api_pr_cell_name(cells, pvc);
	api_pr_cell_str(cells, phase);
	api_pr_cell_str(cells, volume);
	/* capacity and access modes show once the claim is bound to a volume */
	api_pr_cell_take(cells,
	                 volume[0] ? storage_quantity(PR_GET(pvc, "status", "capacity")) : xstrdup(""));
	api_pr_cell_take(cells, volume[0] ? access_modes(PR_GET(pvc, "status", "accessModes")) : xstrdup(""));
	api_pr_cell_str(cells, storage_class(pvc));
	const char *vac = PR_STR(spec, "volumeAttributesClassName");
	api_pr_cell_str(cells, vac ? vac : "<unset>");
	api_pr_cell_age(cells, pvc, now);
	api_pr_cell_str(cells, api_pr_or(PR_STR(spec, "volumeMode"), "Filesystem"));
}

const api_printer api_printers_core[] = {
    {"", "pods", pod_columns, pod_row, pod_conditions},
    {"", "replicationcontrollers", rc_columns, rc_row, NULL},
    {"", "services", service_columns, service_row, NULL},
    {"", "endpoints", endpoints_columns, endpoints_row, NULL},
    {"", "nodes", node_columns, node_row, NULL},
    {"", "events", event_columns, event_row, NULL},
    {"events.k8s.io", "events", event_columns, event_row, NULL},
    {"", "namespaces", namespace_columns, namespace_row, NULL},
    {"", "secrets", secret_columns, secret_row, NULL},
    {"", "serviceaccounts", serviceaccount_columns, serviceaccount_row, NULL},
    {"", "configmaps", configmap_columns, configmap_row, NULL},
    {"", "persistentvolumes", pv_columns, pv_row, NULL},
    {"", "persistentvolumeclaims", pvc_columns, pvc_row, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
