/* describe_service.c - kubectl describe for services (with the endpoints
 * their EndpointSlices hold), endpoints, endpointslices, ingresses (with
 * their backends' endpoints) and ingressclasses. */
#include "ctl/describe.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "banned.h"

static void describe_events_of(const kc_dw *w, const kc_describe_env *env, const cJSON *obj)
{
	if (!env->show_events)
		return;
	_cleanup_json_ cJSON *events = kc_describe_object_events(env, obj);
	kc_describe_events(w, env, events);
}

/* The EndpointSlices of a service (list; NULL when the list failed). */
static cJSON *service_slices(const kc_describe_env *env, const char *ns, const char *service, char **ret_err)
{
	_cleanup_buf_ kc_buf path = KC_BUF_INIT;
	_cleanup_free_ char *sel = xasprintf("kubernetes.io/service-name=%s", service);
	kc_buf_addf(&path, "/apis/discovery.k8s.io/v1/namespaces/%s/endpointslices?labelSelector=", ns);
	kc_describe_query_escape(&path, sel);
	return kc_describe_fetch(env, kc_buf_str(&path), NULL, ret_err);
}

static void join_host_port(kc_buf *b, const char *host, int64_t port)
{
	if (strchr(host, ':'))
		kc_buf_addf(b, "[%s]:%" PRId64, host, port);
	else
		kc_buf_addf(b, "%s:%" PRId64, host, port);
}

/* formatEndpointSlices for the ports named port_name (all ports when
 * port_name is NULL): up to three "ip:port", then " + N more...". As in
 * kubectl 1.31 (the release kc follows), endpoints that are not ready are
 * listed too (1.32 leaves them out). */
static void format_slices(kc_buf *b, const cJSON *slice_list, const char *port_name)
{
	const cJSON *slices = kc_json_get(slice_list, "items");
	if (cJSON_GetArraySize(slices) <= 0) {
		kc_buf_addstr(b, "<none>");
		return;
	}
	const int max = 3;
	int listed = 0, count = 0;
	bool more = false;
	const cJSON *s;
	cJSON_ArrayForEach(s, slices)
	{
		const cJSON *ports = kc_json_get(s, "ports"), *ep;
		if (cJSON_GetArraySize(ports) <= 0) {
			/* headless services may have no ports */
			cJSON_ArrayForEach(ep, kc_json_get(s, "endpoints"))
			{
				if (listed == max)
					more = true;
				if (!kc_ds(ep, "addresses[0]")[0])
					continue;
				if (!more) {
					if (listed)
						kc_buf_addch(b, ',');
					kc_buf_addstr(b, kc_ds(ep, "addresses[0]"));
					listed++;
				}
				count++;
			}
			continue;
		}
		const cJSON *port;
		cJSON_ArrayForEach(port, ports)
		{
			if (port_name && !streq(kc_ds(port, "name"), port_name))
				continue;
			cJSON_ArrayForEach(ep, kc_json_get(s, "endpoints"))
			{
				if (listed == max)
					more = true;
				if (!kc_ds(ep, "addresses[0]")[0])
					continue;
				if (!more) {
					if (listed)
						kc_buf_addch(b, ',');
					join_host_port(b, kc_ds(ep, "addresses[0]"), kc_di(port, "port", 0));
					listed++;
				}
				count++;
			}
		}
	}
	if (more)
		kc_buf_addf(b, " + %d more...", count - max);
}

/* ---- services ---- */

static void join_strings(kc_buf *b, const cJSON *arr, const char *sep)
{
	const cJSON *x;
	bool first = true;
	cJSON_ArrayForEach(x, arr)
	{
		if (!first)
			kc_buf_addstr(b, sep);
		first = false;
		kc_buf_addstr(b, kc_json_as_str(x, ""));
	}
}

int kc_describe_service(const kc_dw *w, const kc_describe_env *env, const cJSON *svc, char **ret_err)
{
	(void)ret_err;
	const char *ns = kc_ds(svc, "metadata.namespace");
	_cleanup_json_ cJSON *slices = service_slices(env, ns, kc_ds(svc, "metadata.name"), NULL);
	const cJSON *spec = kc_json_get(svc, "spec");

	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(svc, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", ns);
	kc_describe_labels(w, "Labels", kc_json_get(svc, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(svc, "metadata.annotations"));
	_cleanup_free_ char *sel = kc_describe_format_labels(kc_json_get(spec, "selector"));
	kc_dw_write(w, KC_L0, "Selector:\t%s\n", sel);
	kc_dw_write(w, KC_L0, "Type:\t%s\n", kc_ds(spec, "type"));
	if (cJSON_IsString(kc_json_get(spec, "ipFamilyPolicy")))
		kc_dw_write(w, KC_L0, "IP Family Policy:\t%s\n", kc_ds(spec, "ipFamilyPolicy"));
	_cleanup_buf_ kc_buf list = KC_BUF_INIT;
	join_strings(&list, kc_json_get(spec, "ipFamilies"), ",");
	kc_dw_write(w, KC_L0, "IP Families:\t%s\n", kc_dn(spec, "ipFamilies") ? kc_buf_str(&list) : "<none>");
	kc_dw_write(w, KC_L0, "IP:\t%s\n", kc_ds(spec, "clusterIP"));
	kc_buf_reset(&list);
	join_strings(&list, kc_json_get(spec, "clusterIPs"), ",");
	kc_dw_write(w, KC_L0, "IPs:\t%s\n", kc_dn(spec, "clusterIPs") ? kc_buf_str(&list) : "<none>");
	if (kc_dn(spec, "externalIPs")) {
		kc_buf_reset(&list);
		join_strings(&list, kc_json_get(spec, "externalIPs"), ",");
		kc_dw_write(w, KC_L0, "External IPs:\t%s\n", kc_buf_str(&list));
	}
	if (kc_ds(spec, "loadBalancerIP")[0])
		kc_dw_write(w, KC_L0, "Desired LoadBalancer IP:\t%s\n", kc_ds(spec, "loadBalancerIP"));
	if (kc_ds(spec, "externalName")[0])
		kc_dw_write(w, KC_L0, "External Name:\t%s\n", kc_ds(spec, "externalName"));
	if (kc_dn(svc, "status.loadBalancer.ingress")) {
		kc_buf_reset(&list);
		const cJSON *ing;
		cJSON_ArrayForEach(ing, kc_json_get(svc, "status.loadBalancer.ingress"))
		{
			if (list.len)
				kc_buf_addstr(&list, ", ");
			if (kc_ds(ing, "ip")[0]) {
				kc_buf_addstr(&list, kc_ds(ing, "ip"));
				if (cJSON_IsString(kc_json_get(ing, "ipMode")))
					kc_buf_addf(&list, " (%s)", kc_ds(ing, "ipMode"));
			} else {
				kc_buf_addstr(&list, kc_ds(ing, "hostname"));
			}
		}
		kc_dw_write(w, KC_L0, "LoadBalancer Ingress:\t%s\n", kc_buf_str(&list));
	}
	const cJSON *sp;
	cJSON_ArrayForEach(sp, kc_json_get(spec, "ports"))
	{
		const char *name = kc_ds(sp, "name");
		const char *proto = kc_ds(sp, "protocol");
		const char *shown = name[0] ? name : "<unset>";
		kc_dw_write(w, KC_L0, "Port:\t%s\t%" PRId64 "/%s\n", shown, kc_di(sp, "port", 0), proto);
		const cJSON *tp = kc_json_get(sp, "targetPort");
		if (cJSON_IsString(tp))
			kc_dw_write(w, KC_L0, "TargetPort:\t%s/%s\n", tp->valuestring, proto);
		else
			kc_dw_write(w, KC_L0, "TargetPort:\t%" PRId64 "/%s\n", kc_json_as_int(tp, 0), proto);
		if (kc_di(sp, "nodePort", 0) != 0)
			kc_dw_write(w, KC_L0, "NodePort:\t%s\t%" PRId64 "/%s\n", shown, kc_di(sp, "nodePort", 0), proto);
		_cleanup_buf_ kc_buf eps = KC_BUF_INIT;
		format_slices(&eps, slices, name);
		kc_dw_write(w, KC_L0, "Endpoints:\t%s\n", kc_buf_str(&eps));
	}
	kc_dw_write(w, KC_L0, "Session Affinity:\t%s\n", kc_ds(spec, "sessionAffinity"));
	if (kc_ds(spec, "externalTrafficPolicy")[0])
		kc_dw_write(w, KC_L0, "External Traffic Policy:\t%s\n", kc_ds(spec, "externalTrafficPolicy"));
	if (cJSON_IsString(kc_json_get(spec, "internalTrafficPolicy")))
		kc_dw_write(w, KC_L0, "Internal Traffic Policy:\t%s\n", kc_ds(spec, "internalTrafficPolicy"));
	if (kc_di(spec, "healthCheckNodePort", 0) != 0)
		kc_dw_write(w, KC_L0, "HealthCheck NodePort:\t%" PRId64 "\n", kc_di(spec, "healthCheckNodePort", 0));
	if (kc_dn(spec, "loadBalancerSourceRanges")) {
		kc_buf_reset(&list);
		join_strings(&list, kc_json_get(spec, "loadBalancerSourceRanges"), ",");
		kc_dw_write(w, KC_L0, "LoadBalancer Source Ranges:\t%s\n", kc_buf_str(&list));
	}
	describe_events_of(w, env, svc);
	return 0;
}

/* ---- endpoints, endpointslices ---- */

static void join_ips(kc_buf *b, const cJSON *addrs)
{
	const cJSON *a;
	cJSON_ArrayForEach(a, addrs)
	{
		if (b->len)
			kc_buf_addch(b, ',');
		kc_buf_addstr(b, kc_ds(a, "ip"));
	}
	if (!b->len)
		kc_buf_addstr(b, "<none>");
}

int kc_describe_endpoints(const kc_dw *w, const kc_describe_env *env, const cJSON *ep, char **ret_err)
{
	(void)ret_err;
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(ep, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(ep, "metadata.namespace"));
	kc_describe_labels(w, "Labels", kc_json_get(ep, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(ep, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "Subsets:\n");
	const cJSON *subset;
	cJSON_ArrayForEach(subset, kc_json_get(ep, "subsets"))
	{
		_cleanup_buf_ kc_buf ready = KC_BUF_INIT, not_ready = KC_BUF_INIT;
		join_ips(&ready, kc_json_get(subset, "addresses"));
		join_ips(&not_ready, kc_json_get(subset, "notReadyAddresses"));
		kc_dw_write(w, KC_L1, "Addresses:\t%s\n", kc_buf_str(&ready));
		kc_dw_write(w, KC_L1, "NotReadyAddresses:\t%s\n", kc_buf_str(&not_ready));
		if (kc_dn(subset, "ports")) {
			kc_dw_write(w, KC_L1, "Ports:\n");
			kc_dw_write(w, KC_L2, "Name\tPort\tProtocol\n");
			kc_dw_write(w, KC_L2, "----\t----\t--------\n");
			const cJSON *p;
			cJSON_ArrayForEach(p, kc_json_get(subset, "ports"))
			{
				const char *name = kc_ds(p, "name");
				kc_dw_write(w, KC_L2, "%s\t%" PRId64 "\t%s\n", name[0] ? name : "<unset>", kc_di(p, "port", 0),
					    kc_ds(p, "protocol"));
			}
		}
		kc_dw_write(w, KC_L0, "\n");
	}
	describe_events_of(w, env, ep);
	return 0;
}

static const char *str_or(const cJSON *obj, const char *path, const char *def)
{
	const cJSON *v = kc_json_get(obj, path);
	return cJSON_IsString(v) ? v->valuestring : def;
}

int kc_describe_endpointslice(const kc_dw *w, const kc_describe_env *env, const cJSON *eps, char **ret_err)
{
	(void)ret_err;
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(eps, "metadata.name"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", kc_ds(eps, "metadata.namespace"));
	kc_describe_labels(w, "Labels", kc_json_get(eps, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(eps, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "AddressType:\t%s\n", kc_ds(eps, "addressType"));
	if (!kc_dn(eps, "ports")) {
		kc_dw_write(w, KC_L0, "Ports: <unset>\n");
	} else {
		kc_dw_write(w, KC_L0, "Ports:\n");
		kc_dw_write(w, KC_L1, "Name\tPort\tProtocol\n");
		kc_dw_write(w, KC_L1, "----\t----\t--------\n");
		const cJSON *p;
		cJSON_ArrayForEach(p, kc_json_get(eps, "ports"))
		{
			const char *name = kc_ds(p, "name");
			char num[32] = "<unset>";
			if (cJSON_IsNumber(kc_json_get(p, "port")))
				snprintf(num, sizeof(num), "%" PRId64, kc_di(p, "port", 0));
			kc_dw_write(w, KC_L1, "%s\t%s\t%s\n", name[0] ? name : "<unset>", num, kc_ds(p, "protocol"));
		}
	}
	if (!kc_dn(eps, "endpoints")) {
		kc_dw_write(w, KC_L0, "Endpoints: <none>\n");
	} else {
		kc_dw_write(w, KC_L0, "Endpoints:\n");
		const cJSON *e;
		cJSON_ArrayForEach(e, kc_json_get(eps, "endpoints"))
		{
			_cleanup_buf_ kc_buf addrs = KC_BUF_INIT;
			join_strings(&addrs, kc_json_get(e, "addresses"), ", ");
			kc_dw_write(w, KC_L1, "- Addresses:\t%s\n", addrs.len ? kc_buf_str(&addrs) : "<none>");
			kc_dw_write(w, KC_L2, "Conditions:\n");
			const cJSON *ready = kc_json_get(e, "conditions.ready");
			kc_dw_write(w, KC_L3, "Ready:\t%s\n",
				    !cJSON_IsBool(ready) ? "<unset>" : cJSON_IsTrue(ready) ? "true" : "false");
			kc_dw_write(w, KC_L2, "Hostname:\t%s\n", str_or(e, "hostname", "<unset>"));
			if (cJSON_IsObject(kc_json_get(e, "targetRef")))
				kc_dw_write(w, KC_L2, "TargetRef:\t%s/%s\n", kc_ds(e, "targetRef.kind"), kc_ds(e, "targetRef.name"));
			kc_dw_write(w, KC_L2, "NodeName:\t%s\n", str_or(e, "nodeName", "<unset>"));
			kc_dw_write(w, KC_L2, "Zone:\t%s\n", str_or(e, "zone", "<unset>"));
		}
	}
	describe_events_of(w, env, eps);
	return 0;
}

/* ---- ingresses ---- */

/* describeBackendV1. */
static char *describe_backend(const kc_describe_env *env, const char *ns, const cJSON *backend)
{
	const cJSON *svc = kc_json_get(backend, "service");
	if (cJSON_IsObject(svc)) {
		const char *name = kc_ds(svc, "name");
		int64_t number = kc_di(svc, "port.number", 0);
		const char *port_name = kc_ds(svc, "port.name");
		_cleanup_free_ char *sb = number ? xasprintf("%s:%" PRId64, name, number) : xasprintf("%s:%s", name, port_name);
		_cleanup_free_ char *err = NULL;
		_cleanup_json_ cJSON *slices = service_slices(env, ns, name, &err);
		if (!slices)
			return xasprintf("%s (<error: %s>)", sb, err);
		_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/services/%s", ns, name);
		_cleanup_json_ cJSON *service = kc_describe_fetch(env, path, NULL, &err);
		if (!service)
			return xasprintf("%s (<error: %s>)", sb, err);
		const char *sp_name = "";
		const cJSON *sp;
		cJSON_ArrayForEach(sp, kc_json_get(service, "spec.ports"))
		{
			if (number != 0 && number == kc_di(sp, "port", 0))
				sp_name = kc_ds(sp, "name");
			else if (port_name[0] && streq(port_name, kc_ds(sp, "name")))
				sp_name = kc_ds(sp, "name");
		}
		_cleanup_buf_ kc_buf eps = KC_BUF_INIT;
		format_slices(&eps, slices, sp_name);
		return xasprintf("%s (%s)", sb, kc_buf_str(&eps));
	}
	const cJSON *res = kc_json_get(backend, "resource");
	if (cJSON_IsObject(res))
		return xasprintf("APIGroup: %s, Kind: %s, Name: %s", str_or(res, "apiGroup", "<none>"), kc_ds(res, "kind"),
				 kc_ds(res, "name"));
	return xstrdup("");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int kc_describe_ingress(const kc_dw *w, const kc_describe_env *env, const cJSON *ing, char **ret_err)
{
	(void)ret_err;
	const char *ns = kc_ds(ing, "metadata.namespace");
	const cJSON *spec = kc_json_get(ing, "spec");
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(ing, "metadata.name"));
	kc_describe_labels(w, "Labels", kc_json_get(ing, "metadata.labels"));
	kc_dw_write(w, KC_L0, "Namespace:\t%s\n", ns);

	/* the load balancer's IPs and hostnames, sorted and unique */
	size_t n = 0;
	const cJSON *lb = kc_json_get(ing, "status.loadBalancer.ingress"), *x;
	_cleanup_free_ const char **addrs = xcalloc((size_t)cJSON_GetArraySize(lb) + 1, sizeof(*addrs));
	cJSON_ArrayForEach(x, lb)
	{
		const char *a = kc_ds(x, "ip")[0] ? kc_ds(x, "ip") : kc_ds(x, "hostname");
		if (a[0])
			addrs[n++] = a;
	}
	qsort(addrs, n, sizeof(*addrs), cmp_str);
	_cleanup_buf_ kc_buf address = KC_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i && streq(addrs[i], addrs[i - 1]))
			continue;
		if (address.len)
			kc_buf_addch(&address, ',');
		kc_buf_addstr(&address, addrs[i]);
	}
	kc_dw_write(w, KC_L0, "Address:\t%s\n", kc_buf_str(&address));
	kc_dw_write(w, KC_L0, "Ingress Class:\t%s\n", str_or(spec, "ingressClassName", "<none>"));
	const cJSON *def = kc_json_get(spec, "defaultBackend");
	_cleanup_free_ char *def_text = cJSON_IsObject(def) ? describe_backend(env, ns, def) : xstrdup("<default>");
	kc_dw_write(w, KC_L0, "Default backend:\t%s\n", def_text);
	if (kc_dn(spec, "tls")) {
		kc_dw_write(w, KC_L0, "TLS:\n");
		const cJSON *t;
		cJSON_ArrayForEach(t, kc_json_get(spec, "tls"))
		{
			_cleanup_buf_ kc_buf hosts = KC_BUF_INIT;
			join_strings(&hosts, kc_json_get(t, "hosts"), ",");
			if (!kc_ds(t, "secretName")[0])
				kc_dw_write(w, KC_L1, "SNI routes %s\n", kc_buf_str(&hosts));
			else
				kc_dw_write(w, KC_L1, "%s terminates %s\n", kc_ds(t, "secretName"), kc_buf_str(&hosts));
		}
	}
	kc_dw_write(w, KC_L0, "Rules:\n  Host\tPath\tBackends\n");
	kc_dw_write(w, KC_L1, "----\t----\t--------\n");
	int count = 0;
	const cJSON *rule;
	cJSON_ArrayForEach(rule, kc_json_get(spec, "rules"))
	{
		if (!cJSON_IsObject(kc_json_get(rule, "http")))
			continue;
		count++;
		const char *host = kc_ds(rule, "host");
		kc_dw_write(w, KC_L1, "%s\t\n", host[0] ? host : "*");
		const cJSON *p;
		cJSON_ArrayForEach(p, kc_json_get(rule, "http.paths"))
		{
			_cleanup_free_ char *backend = describe_backend(env, ns, kc_json_get(p, "backend"));
			kc_dw_write(w, KC_L2, "\t%s \t%s\n", kc_ds(p, "path"), backend);
		}
	}
	if (count == 0)
		kc_dw_write(w, KC_L1, "%s\t%s\t%s\n", "*", "*", def_text);
	kc_describe_annotations(w, "Annotations", kc_json_get(ing, "metadata.annotations"));
	describe_events_of(w, env, ing);
	return 0;
}

int kc_describe_ingressclass(const kc_dw *w, const kc_describe_env *env, const cJSON *ic, char **ret_err)
{
	(void)ret_err;
	kc_dw_write(w, KC_L0, "Name:\t%s\n", kc_ds(ic, "metadata.name"));
	kc_describe_labels(w, "Labels", kc_json_get(ic, "metadata.labels"));
	kc_describe_annotations(w, "Annotations", kc_json_get(ic, "metadata.annotations"));
	kc_dw_write(w, KC_L0, "Controller:\t%s\n", kc_ds(ic, "spec.controller"));
	const cJSON *params = kc_json_get(ic, "spec.parameters");
	if (cJSON_IsObject(params)) {
		kc_dw_write(w, KC_L0, "Parameters:\n");
		if (cJSON_IsString(kc_json_get(params, "apiGroup")))
			kc_dw_write(w, KC_L1, "APIGroup:\t%s\n", kc_ds(params, "apiGroup"));
		kc_dw_write(w, KC_L1, "Kind:\t%s\n", kc_ds(params, "kind"));
		kc_dw_write(w, KC_L1, "Name:\t%s\n", kc_ds(params, "name"));
	}
	describe_events_of(w, env, ic);
	return 0;
}
