/* strategy_services.c - services (upstream's SetDefaults_Service,
 * validateService/ValidateServiceUpdate, and the service REST's
 * NormalizeClusterIPs, patchAllocatedValues and dropTypeDependentFields).
 *
 * Allocation (clusterIP, nodePorts, healthCheckNodePort) is the
 * apiserver's allocator's; upstream allocates before it validates, so the
 * generic code should allocate before validate_create/validate_update.
 * The IP family fields are set here for a single-stack IPv4 cluster. */
#include <string.h>

#include "apiserver/strategies.h"
#include "apiserver/strategy_util.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

static const char *const port_protocols[] = {"SCTP", "TCP", "UDP", NULL};
static const char *const service_types[] = {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort", NULL};
static const char *const affinities[] = {"ClientIP", "None", NULL};

static bool externally_accessible(const cJSON *spec)
{
	const char *t = su_strz(spec, "type");
	return streq(t, "LoadBalancer") || streq(t, "NodePort") ||
	       (streq(t, "ClusterIP") && su_len(su_arr(spec, "externalIPs")) > 0);
}

static bool needs_health_check(const cJSON *spec)
{
	return streq(su_strz(spec, "type"), "LoadBalancer") && streq(su_strz(spec, "externalTrafficPolicy"), "Local");
}

static bool needs_cluster_ip(const cJSON *spec) { return !streq(su_strz(spec, "type"), "ExternalName"); }

static bool needs_node_port(const cJSON *spec)
{
	const char *t = su_strz(spec, "type");
	return streq(t, "NodePort") || (streq(t, "LoadBalancer") && su_true(spec, "allocateLoadBalancerNodePorts"));
}

static bool is_headless(const cJSON *spec)
{
	const cJSON *ips = su_arr(spec, "clusterIPs");
	return su_len(ips) == 1 && cJSON_IsString(ips->child) && streq(ips->child->valuestring, "None");
}

/* ---- defaults ---- */

static void services_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (!cJSON_IsObject(spec))
		return;
	su_default_str(spec, "sessionAffinity", "None");
	const char *aff = su_strz(spec, "sessionAffinity");
	if (streq(aff, "None")) {
		cJSON_DeleteItemFromObjectCaseSensitive(spec, "sessionAffinityConfig");
	} else if (streq(aff, "ClientIP")) {
		const cJSON *ts = su_get(su_get(su_get(spec, "sessionAffinityConfig"), "clientIP"), "timeoutSeconds");
		if (!ts) {
			cJSON *cfg = cJSON_CreateObject();
			cJSON *cip = cJSON_AddObjectToObject(cfg, "clientIP");
			cJSON_AddNumberToObject(cip, "timeoutSeconds", 10800);
			su_put(spec, "sessionAffinityConfig", cfg);
		}
	}
	su_default_str(spec, "type", "ClusterIP");
	cJSON *p;
	cJSON_ArrayForEach(p, su_getm(spec, "ports")) {
		if (!cJSON_IsObject(p))
			continue;
		su_default_str(p, "protocol", "TCP");
		const cJSON *tp = su_get(p, "targetPort");
		if (!tp || su_is_zero(tp)) {
			long long port;
			if (su_int(p, "port", &port))
				su_put_int(p, "targetPort", port);
		}
	}
	if (externally_accessible(spec))
		su_default_str(spec, "externalTrafficPolicy", "Cluster");
	const char *type = su_strz(spec, "type");
	if (!su_get(spec, "internalTrafficPolicy") &&
	    (streq(type, "NodePort") || streq(type, "LoadBalancer") || streq(type, "ClusterIP")))
		su_put_str(spec, "internalTrafficPolicy", "Cluster");
	if (streq(type, "LoadBalancer")) {
		su_default_bool(spec, "allocateLoadBalancerNodePorts", true);
		cJSON *ing;
		cJSON_ArrayForEach(ing, su_getm(su_getm(su_getm(obj, "status"), "loadBalancer"), "ingress")) {
			if (cJSON_IsObject(ing) && su_strz(ing, "ip")[0] && !su_get(ing, "ipMode"))
				su_put_str(ing, "ipMode", "VIP");
		}
	}
}

/* The IP family fields the allocator fills in for an IPv4 single-stack
 * cluster; headless services without a selector get RequireDualStack. */
static void init_ip_families(cJSON *spec)
{
	if (!needs_cluster_ip(spec))
		return;
	if (!su_get(spec, "ipFamilyPolicy")) {
		bool headless_no_sel = is_headless(spec) && su_len(su_obj(spec, "selector")) == 0;
		su_put_str(spec, "ipFamilyPolicy", headless_no_sel ? "RequireDualStack" : "SingleStack");
	}
	if (su_len(su_arr(spec, "ipFamilies")) == 0) {
		cJSON *fam = cJSON_CreateArray();
		const cJSON *ips = su_arr(spec, "clusterIPs");
		const char *first = ips && cJSON_IsString(ips->child) ? ips->child->valuestring : "";
		cJSON_AddItemToArray(fam, cJSON_CreateString(strchr(first, ':') ? "IPv6" : "IPv4"));
		su_put(spec, "ipFamilies", fam);
	}
}

static void services_prepare_create(cJSON *obj)
{
	cJSON *status = cJSON_CreateObject();
	cJSON_AddItemToObject(status, "loadBalancer", cJSON_CreateObject());
	su_put(obj, "status", status);
	cJSON *spec = su_getm(obj, "spec");
	if (!cJSON_IsObject(spec))
		return;
	/* NormalizeClusterIPs on create: an old client's clusterIP alone */
	const char *cip = su_strz(spec, "clusterIP");
	if (cip[0] && su_len(su_arr(spec, "clusterIPs")) == 0) {
		cJSON *ips = cJSON_CreateArray();
		cJSON_AddItemToArray(ips, cJSON_CreateString(cip));
		su_put(spec, "clusterIPs", ips);
	}
	init_ip_families(spec);
}

static bool same_member(const cJSON *a, const cJSON *b, const char *key) { return su_equal_member(a, b, key); }

static void services_prepare_update(cJSON *obj, const cJSON *old)
{
	const cJSON *st = su_get(old, "status");
	if (st)
		su_put(obj, "status", cJSON_Duplicate(st, true));
	cJSON *spec = su_getm(obj, "spec");
	const cJSON *os = su_get(old, "spec");
	if (!cJSON_IsObject(spec))
		return;

	/* NormalizeClusterIPs */
	if (su_len(su_arr(os, "clusterIPs")) > 0 && su_len(su_arr(spec, "clusterIPs")) == 0 &&
	    streq(su_strz(os, "clusterIP"), su_strz(spec, "clusterIP")))
		su_put(spec, "clusterIPs", cJSON_Duplicate(su_arr(os, "clusterIPs"), true));
	if (!streq(su_strz(os, "clusterIP"), su_strz(spec, "clusterIP"))) {
		bool same_ips = same_member(os, spec, "clusterIPs");
		if (su_strz(os, "clusterIP")[0] && !su_strz(spec, "clusterIP")[0]) {
			if (same_ips)
				cJSON_DeleteItemFromObjectCaseSensitive(spec, "clusterIPs");
		} else if (same_ips) {
			cJSON *ips = cJSON_CreateArray();
			cJSON_AddItemToArray(ips, cJSON_CreateString(su_strz(spec, "clusterIP")));
			su_put(spec, "clusterIPs", ips);
		}
	}

	/* dropTypeDependentFields */
	if (needs_cluster_ip(os) && !needs_cluster_ip(spec)) {
		if (same_member(os, spec, "clusterIP") && same_member(os, spec, "clusterIPs")) {
			cJSON_DeleteItemFromObjectCaseSensitive(spec, "clusterIP");
			cJSON_DeleteItemFromObjectCaseSensitive(spec, "clusterIPs");
		}
		if (same_member(os, spec, "ipFamilies"))
			cJSON_DeleteItemFromObjectCaseSensitive(spec, "ipFamilies");
		if (same_member(os, spec, "ipFamilyPolicy"))
			cJSON_DeleteItemFromObjectCaseSensitive(spec, "ipFamilyPolicy");
	}
	if (needs_node_port(os) && !needs_node_port(spec)) {
		bool same = su_len(su_arr(os, "ports")) == su_len(su_arr(spec, "ports"));
		const cJSON *op = su_first(su_arr(os, "ports"));
		cJSON *p;
		cJSON_ArrayForEach(p, su_getm(spec, "ports")) {
			if (!op || su_intd(op, "nodePort", 0) != su_intd(p, "nodePort", 0))
				same = false;
			op = op ? op->next : NULL;
		}
		if (same)
			cJSON_ArrayForEach(p, su_getm(spec, "ports")) cJSON_DeleteItemFromObjectCaseSensitive(p, "nodePort");
	}
	if (needs_health_check(os) && !needs_health_check(spec) && same_member(os, spec, "healthCheckNodePort"))
		cJSON_DeleteItemFromObjectCaseSensitive(spec, "healthCheckNodePort");
	if (streq(su_strz(os, "type"), "LoadBalancer") && !streq(su_strz(spec, "type"), "LoadBalancer")) {
		const cJSON *a = su_get(os, "allocateLoadBalancerNodePorts"), *b = su_get(spec, "allocateLoadBalancerNodePorts");
		if (a && b && cJSON_IsTrue(a) == cJSON_IsTrue(b))
			cJSON_DeleteItemFromObjectCaseSensitive(spec, "allocateLoadBalancerNodePorts");
		if (same_member(os, spec, "loadBalancerClass"))
			cJSON_DeleteItemFromObjectCaseSensitive(spec, "loadBalancerClass");
	}
	if (externally_accessible(os) && !externally_accessible(spec) && same_member(os, spec, "externalTrafficPolicy"))
		cJSON_DeleteItemFromObjectCaseSensitive(spec, "externalTrafficPolicy");
	if (!streq(su_strz(spec, "type"), "LoadBalancer")) {
		cJSON *status = su_ensure_obj(obj, "status");
		su_put(status, "loadBalancer", cJSON_CreateObject());
	}

	/* patchAllocatedValues: what the client left out keeps its value */
	if (needs_cluster_ip(os) && needs_cluster_ip(spec)) {
		if (!su_strz(spec, "clusterIP")[0] && su_get(os, "clusterIP"))
			su_put(spec, "clusterIP", cJSON_Duplicate(su_get(os, "clusterIP"), true));
		if (su_len(su_arr(spec, "clusterIPs")) == 0 && su_len(su_arr(os, "clusterIPs")) > 0)
			su_put(spec, "clusterIPs", cJSON_Duplicate(su_arr(os, "clusterIPs"), true));
	}
	if (needs_node_port(os) && needs_node_port(spec)) {
		cJSON *p;
		cJSON_ArrayForEach(p, su_getm(spec, "ports")) {
			if (!cJSON_IsObject(p) || su_intd(p, "nodePort", 0) != 0)
				continue;
			long long old_np = 0;
			SU_EACH(i, op, su_arr(os, "ports")) {
				(void)i;
				if (streq(su_strz(op, "name"), su_strz(p, "name")))
					old_np = su_intd(op, "nodePort", 0);
			}
			/* not if that port is in use in both */
			bool used = false;
			SU_EACH(i, q, su_arr(spec, "ports")) {
				(void)i;
				if (su_intd(q, "nodePort", 0) == old_np)
					used = true;
			}
			if (old_np && !used)
				su_put_int(p, "nodePort", old_np);
		}
	}
	if (needs_health_check(os) && needs_health_check(spec) && su_intd(spec, "healthCheckNodePort", 0) == 0 &&
	    su_get(os, "healthCheckNodePort"))
		su_put(spec, "healthCheckNodePort", cJSON_Duplicate(su_get(os, "healthCheckNodePort"), true));
	init_ip_families(spec);
}

/* ---- validation ---- */

static bool str_in_array(const char *s, const cJSON *arr)
{
	SU_EACH(i, e, arr) {
		(void)i;
		if (cJSON_IsString(e) && streq(e->valuestring, s))
			return true;
	}
	return false;
}

static void validate_cluster_ips(const cJSON *spec, const cJSON *old_spec, api_field_errors *errs)
{
	if (!needs_cluster_ip(spec))
		return;
	const char *cip = su_strz(spec, "clusterIP");
	const cJSON *ips = su_arr(spec, "clusterIPs");
	size_t nips = su_len(ips);
	if (cip[0]) {
		if (nips == 0)
			api_fe_required(errs, "spec.clusterIPs", NULL);
		else if (!cJSON_IsString(ips->child) || !streq(ips->child->valuestring, cip))
			api_fe_invalid(errs, "spec.clusterIPs", ips, "first value must match `clusterIP`");
	} else if (nips != 0) {
		api_fe_invalid(errs, "spec.clusterIPs", ips, "must be empty when `clusterIP` is not specified");
	}
	static const char *const families[] = {"IPv4", "IPv6", NULL};
	SU_EACH(i, f, su_arr(spec, "ipFamilies")) {
		const char *fam = cJSON_IsString(f) ? f->valuestring : "";
		SU_PATH(p, "spec.ipFamilies[%zu]", i);
		if (!su_in(fam, families))
			api_fe_not_supported_str(errs, p, fam, families);
		for (const cJSON *prev = su_first(su_arr(spec, "ipFamilies")); prev != f; prev = prev->next)
			if (cJSON_IsString(prev) && streq(prev->valuestring, fam)) {
				api_fe_duplicate_str(errs, p, fam);
				break;
			}
	}
	const char *pol = su_str(spec, "ipFamilyPolicy");
	static const char *const policies[] = {"PreferDualStack", "RequireDualStack", "SingleStack", NULL};
	if (pol && !su_in(pol, policies))
		api_fe_not_supported_str(errs, "spec.ipFamilyPolicy", pol, policies);
	bool invalid = false;
	SU_EACH(i, ip, ips) {
		const char *s = cJSON_IsString(ip) ? ip->valuestring : "";
		if (i == 0 && streq(s, "None")) {
			if (nips > 1) {
				invalid = true;
				api_fe_invalid(errs, "spec.clusterIPs", ips, "'None' must be the first and only value");
			}
			continue;
		}
		if (str_in_array(s, su_arr(old_spec, "clusterIPs")))
			continue;
		SU_PATH(p, "spec.clusterIPs[%zu]", i);
		size_t before = errs->n;
		su_ip_legacy(errs, p, s);
		if (errs->n != before)
			invalid = true;
	}
	if (nips > 2)
		api_fe_invalid(errs, "spec.clusterIPs", ips, "may only hold up to 2 values");
	if (invalid)
		return;
	if (nips > 1) {
		const char *x = cJSON_IsString(ips->child) ? ips->child->valuestring : "";
		const char *y = cJSON_IsString(ips->child->next) ? ips->child->next->valuestring : "";
		if ((strchr(x, ':') != NULL) == (strchr(y, ':') != NULL) || nips > 2)
			api_fe_invalid(errs, "spec.clusterIPs", ips, "may specify no more than one IP for each IP family");
	}
	if (!is_headless(spec) && nips > 0) {
		const cJSON *fams = su_arr(spec, "ipFamilies");
		SU_EACH(i, ip, ips) {
			const cJSON *f = cJSON_GetArrayItem(fams, (int)i);
			if (!f)
				break;
			const char *s = cJSON_IsString(ip) ? ip->valuestring : "";
			bool v6 = strchr(s, ':') != NULL;
			const char *fam = cJSON_IsString(f) ? f->valuestring : "";
			SU_PATH(p, "spec.clusterIPs[%zu]", i);
			if (streq(fam, "IPv4") && v6) {
				SU_PATH(d, "expected an IPv4 value as indicated by `ipFamilies[%zu]`", i);
				api_fe_invalid_str(errs, p, s, d);
			}
			if (streq(fam, "IPv6") && !v6) {
				SU_PATH(d, "expected an IPv6 value as indicated by `ipFamilies[%zu]`", i);
				api_fe_invalid_str(errs, p, s, d);
			}
		}
	}
}

static void validate_service(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec"), *old_spec = su_get(old, "spec");
	const cJSON *ann = su_obj(su_get(obj, "metadata"), "annotations");
	const char *hints = su_str(ann, "service.kubernetes.io/topology-aware-hints");
	const char *mode = su_str(ann, "service.kubernetes.io/topology-mode");
	if (hints && mode && !streq(hints, mode))
		api_fe_invalid_str(errs, "metadata.annotations[service.kubernetes.io/topology-mode]", mode,
				   "must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified");

	const char *type = su_strz(spec, "type");
	const cJSON *ports = su_arr(spec, "ports");
	bool headless = is_headless(spec);
	if (su_len(ports) == 0 && !headless && !streq(type, "ExternalName"))
		api_fe_required(errs, "spec.ports", NULL);
	if (streq(type, "LoadBalancer") && headless)
		api_fe_invalid_str(errs, "spec.clusterIPs[0]", "None", "may not be set to 'None' for LoadBalancer services");
	else if (streq(type, "NodePort") && headless)
		api_fe_invalid_str(errs, "spec.clusterIPs[0]", "None", "may not be set to 'None' for NodePort services");
	else if (streq(type, "ExternalName")) {
		if (su_len(su_arr(spec, "clusterIPs")) > 0)
			api_fe_forbidden(errs, "spec.clusterIPs", "may not be set for ExternalName services");
		if (su_len(su_arr(spec, "ipFamilies")) > 0)
			api_fe_forbidden(errs, "spec.ipFamilies", "may not be set for ExternalName services");
		if (su_get(spec, "ipFamilyPolicy"))
			api_fe_forbidden(errs, "spec.ipFamilyPolicy", "may not be set for ExternalName services");
		_cleanup_free_ char *cname = xstrdup(su_strz(spec, "externalName"));
		size_t len = strlen(cname);
		if (len && cname[len - 1] == '.')
			cname[len - 1] = '\0';
		if (cname[0])
			su_check(errs, "spec.externalName", cname, kc_validate_dns1123_subdomain);
		else
			api_fe_required(errs, "spec.externalName", NULL);
	}

	bool require_name = su_len(ports) > 1;
	SU_EACH(i, p, ports) {
		SU_PATH(pp, "spec.ports[%zu]", i);
		SU_PATH(np, "%s.name", pp);
		const char *name = su_strz(p, "name");
		if (require_name && !name[0]) {
			api_fe_required(errs, np, NULL);
		} else if (name[0]) {
			su_check(errs, np, name, kc_validate_dns1123_label);
			for (const cJSON *prev = ports->child; prev != p; prev = prev->next)
				if (streq(su_strz(prev, "name"), name)) {
					api_fe_duplicate_str(errs, np, name);
					break;
				}
		}
		long long port = su_intd(p, "port", 0);
		if (port < 1 || port > 65535) {
			SU_PATH(portp, "%s.port", pp);
			api_fe_invalid_int(errs, portp, port, "must be between 1 and 65535, inclusive");
		}
		const char *proto = su_strz(p, "protocol");
		SU_PATH(prp, "%s.protocol", pp);
		if (!proto[0])
			api_fe_required(errs, prp, NULL);
		else if (!su_in(proto, port_protocols))
			api_fe_not_supported_str(errs, prp, proto, port_protocols);
		SU_PATH(tpp, "%s.targetPort", pp);
		const cJSON *tp = su_get(p, "targetPort");
		if (cJSON_IsString(tp)) {
			su_check(errs, tpp, tp->valuestring, kc_validate_port_name);
		} else {
			long long t = su_ll(tp);
			if (t < 1 || t > 65535)
				api_fe_invalid_int(errs, tpp, t, "must be between 1 and 65535, inclusive");
		}
		const char *app = su_str(p, "appProtocol");
		if (app) {
			SU_PATH(ap, "%s.appProtocol", pp);
			su_check(errs, ap, app, kc_validate_qualified_name);
		}
	}

	const cJSON *sel = su_obj(spec, "selector");
	if (sel)
		su_labels(errs, "spec.selector", sel);

	const char *aff = su_strz(spec, "sessionAffinity");
	if (!aff[0])
		api_fe_required(errs, "spec.sessionAffinity", NULL);
	else if (!su_in(aff, affinities))
		api_fe_not_supported_str(errs, "spec.sessionAffinity", aff, affinities);
	if (streq(aff, "ClientIP")) {
		const cJSON *cfg = su_get(spec, "sessionAffinityConfig");
		const cJSON *cip = su_get(cfg, "clientIP");
		const cJSON *ts = su_get(cip, "timeoutSeconds");
		if (!cfg)
			api_fe_required(errs, "spec.sessionAffinityConfig", "when session affinity type is ClientIP");
		else if (!cip)
			api_fe_required(errs, "spec.sessionAffinityConfig.clientIP", "when session affinity type is ClientIP");
		else if (!ts)
			api_fe_required(errs, "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
					"when session affinity type is ClientIP");
		else if (ts->valuedouble <= 0 || ts->valuedouble > 86400)
			api_fe_invalid(errs, "spec.sessionAffinityConfig.clientIP.timeoutSeconds", ts,
				       "must be greater than 0 and less than 86400");
	} else if (streq(aff, "None") && su_get(spec, "sessionAffinityConfig")) {
		api_fe_forbidden(errs, "spec.sessionAffinityConfig", "must not be set when session affinity is None");
	}

	validate_cluster_ips(spec, old_spec, errs);

	SU_EACH(i, ip, su_arr(spec, "externalIPs")) {
		const char *s = cJSON_IsString(ip) ? ip->valuestring : "";
		SU_PATH(p, "spec.externalIPs[%zu]", i);
		if (str_in_array(s, su_arr(old_spec, "externalIPs")))
			continue;
		size_t before = errs->n;
		su_ip_legacy(errs, p, s);
		if (errs->n == before)
			su_endpoint_ip(errs, p, s);
	}

	if (!type[0])
		api_fe_required(errs, "spec.type", NULL);
	else if (!su_in(type, service_types))
		api_fe_not_supported_str(errs, "spec.type", type, service_types);

	if (streq(type, "ClusterIP"))
		SU_EACH(i, p, ports) {
			if (su_intd(p, "nodePort", 0) != 0) {
				SU_PATH(np, "spec.ports[%zu].nodePort", i);
				api_fe_forbidden(errs, np, "may not be used when `type` is 'ClusterIP'");
			}
		}
	SU_EACH(i, p, ports) {
		long long np = su_intd(p, "nodePort", 0);
		if (np == 0)
			continue;
		for (const cJSON *prev = ports->child; prev != p; prev = prev->next)
			if (su_intd(prev, "nodePort", 0) == np && streq(su_strz(prev, "protocol"), su_strz(p, "protocol"))) {
				SU_PATH(npp, "spec.ports[%zu].nodePort", i);
				SU_PATH(v, "%lld", np);
				api_fe_add_rendered(errs, API_FE_DUPLICATE, npp, v, NULL);
				break;
			}
	}
	SU_EACH(i, p, ports) {
		long long port = su_intd(p, "port", 0);
		for (const cJSON *prev = ports->child; prev != p; prev = prev->next)
			if (su_intd(prev, "port", 0) == port && streq(su_strz(prev, "protocol"), su_strz(p, "protocol"))) {
				/* upstream shows the ServicePort key struct as JSON */
				SU_PATH(pp, "spec.ports[%zu]", i);
				_cleanup_free_ char *proto = kc_validate_quote(su_strz(p, "protocol"));
				SU_PATH(v, "{\"Name\":\"\",\"Protocol\":%s,\"AppProtocol\":null,\"Port\":%lld,\"TargetPort\":0,\"NodePort\":0}",
					proto, port);
				api_fe_add_rendered(errs, API_FE_DUPLICATE, pp, v, NULL);
				break;
			}
	}

	const cJSON *ranges = su_arr(spec, "loadBalancerSourceRanges");
	if (su_len(ranges) > 0) {
		if (!streq(type, "LoadBalancer"))
			api_fe_forbidden(errs, "spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'");
		SU_EACH(i, r, ranges) {
			_cleanup_free_ char *v = xstrdup(cJSON_IsString(r) ? r->valuestring : "");
			char *s = v;
			while (*s == ' ' || *s == '\t' || *s == '\n')
				s++;
			size_t len = strlen(s);
			while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n'))
				s[--len] = '\0';
			if (str_in_array(s, su_arr(old_spec, "loadBalancerSourceRanges")))
				continue;
			SU_PATH(p, "spec.LoadBalancerSourceRanges[%zu]", i);
			su_cidr_legacy(errs, p, s);
		}
	}

	if (su_get(spec, "allocateLoadBalancerNodePorts") && !streq(type, "LoadBalancer"))
		api_fe_forbidden(errs, "spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'");
	if (streq(type, "LoadBalancer") && !su_get(spec, "allocateLoadBalancerNodePorts"))
		api_fe_required(errs, "allocateLoadBalancerNodePorts", NULL);

	const char *lbc = su_str(spec, "loadBalancerClass");
	if (old_spec && streq(su_strz(old_spec, "type"), "LoadBalancer") && streq(type, "LoadBalancer") &&
	    !streq_ptr(su_str(old_spec, "loadBalancerClass"), lbc))
		api_fe_invalid(errs, "spec.loadBalancerClass", su_get(spec, "loadBalancerClass"), "may not change once set");
	if (streq(type, "LoadBalancer")) {
		if (lbc)
			su_check(errs, "spec.loadBalancerClass", lbc, kc_validate_qualified_name);
	} else if (lbc) {
		api_fe_forbidden(errs, "spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'");
	}

	const char *etp = su_strz(spec, "externalTrafficPolicy");
	if (!externally_accessible(spec)) {
		if (etp[0])
			api_fe_invalid_str(errs, "spec.externalTrafficPolicy", etp, "may only be set for externally-accessible services");
	} else {
		static const char *const etps[] = {"Cluster", "Local", NULL};
		if (!etp[0])
			api_fe_required(errs, "spec.externalTrafficPolicy", NULL);
		else if (!su_in(etp, etps))
			api_fe_not_supported_str(errs, "spec.externalTrafficPolicy", etp, etps);
	}
	long long hc = su_intd(spec, "healthCheckNodePort", 0);
	if (!needs_health_check(spec)) {
		if (hc != 0)
			api_fe_invalid_int(errs, "spec.healthCheckNodePort", hc,
					   "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
	} else if (hc == 0) {
		api_fe_required(errs, "spec.healthCheckNodePort", NULL);
	} else if (hc < 1 || hc > 65535) {
		api_fe_invalid_int(errs, "spec.healthCheckNodePort", hc, "must be between 1 and 65535, inclusive");
	}

	const char *itp = su_str(spec, "internalTrafficPolicy");
	if (!itp && (streq(type, "NodePort") || streq(type, "LoadBalancer") || streq(type, "ClusterIP")))
		api_fe_required(errs, "spec.internalTrafficPolicy", NULL);
	static const char *const itps[] = {"Cluster", "Local", NULL};
	if (itp && !su_in(itp, itps))
		api_fe_not_supported_str(errs, "spec.internalTrafficPolicy", itp, itps);

	const char *td = su_str(spec, "trafficDistribution");
	static const char *const tds[] = {"PreferClose", "PreferSameZone", "PreferSameNode", NULL};
	if (td && !su_in(td, tds))
		api_fe_not_supported_str(errs, "spec.trafficDistribution", td, tds);
}

static void services_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_service(obj, NULL, errs);
}

static void services_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec"), *os = su_get(old, "spec");
	bool ext = streq(su_strz(spec, "type"), "ExternalName") || streq(su_strz(os, "type"), "ExternalName");
	/* validateUpgradeDowngradeClusterIPs */
	if (!ext && !(is_headless(os) && is_headless(spec))) {
		const cJSON *o = su_arr(os, "clusterIPs"), *n = su_arr(spec, "clusterIPs");
		size_t on = su_len(o), nn = su_len(n);
		if (on == nn) {
			SU_EACH(i, ip, o) {
				const cJSON *x = cJSON_GetArrayItem(n, (int)i);
				if (!su_equal(ip, x)) {
					SU_PATH(p, "spec.clusterIPs[%zu]", i);
					api_fe_invalid(errs, p, n, "may not change once set");
				}
			}
		} else if (on > nn) {
			if (nn == 0)
				api_fe_add_rendered(errs, API_FE_INVALID, "spec.clusterIPs[0]", "null", "primary clusterIP can not be unset");
			if (on > 0 && nn > 0 && !su_equal(o->child, n->child))
				api_fe_invalid(errs, "spec.clusterIPs[0]", n, "may not change once set");
			if (nn == 1 && !streq(su_strz(spec, "ipFamilyPolicy"), "SingleStack"))
				api_fe_invalid(errs, "spec.ipFamilyPolicy", su_get(spec, "ipFamilyPolicy"),
					       "must be set to 'SingleStack' when releasing the secondary clusterIP");
		} else if (on > 0 && !su_equal(o->child, n->child)) {
			api_fe_invalid(errs, "spec.clusterIPs[0]", n, "may not change once set");
		}
	}
	/* validateUpgradeDowngradeIPFamilies */
	if (!ext && is_headless(os) == is_headless(spec) && !is_headless(spec)) {
		const cJSON *o = su_arr(os, "ipFamilies"), *n = su_arr(spec, "ipFamilies");
		size_t on = su_len(o), nn = su_len(n);
		if (on == nn) {
			SU_EACH(i, f, o) {
				if (!su_equal(f, cJSON_GetArrayItem(n, (int)i)))
					api_fe_invalid(errs, "spec.ipFamilies[0]", n, "may not change once set");
			}
		} else if (on > nn) {
			if (su_len(su_arr(spec, "clusterIPs")) == 0)
				api_fe_invalid(errs, "spec.ipFamilies[0]", n, "primary ipFamily can not be unset");
			if (nn > 0 && !su_equal(n->child, o->child))
				api_fe_invalid(errs, "spec.ipFamilies[0]", su_arr(spec, "clusterIPs"), "may not change once set");
			if (nn == 1 && !streq(su_strz(spec, "ipFamilyPolicy"), "SingleStack"))
				api_fe_invalid(errs, "spec.ipFamilyPolicy", su_get(spec, "ipFamilyPolicy"),
					       "must be set to 'SingleStack' when releasing the secondary ipFamily");
		} else if (on > 0 && nn > 0 && !su_equal(n->child, o->child)) {
			api_fe_invalid(errs, "spec.ipFamilies[0]", su_arr(spec, "clusterIPs"), "may not change once set");
		}
	}
	if (needs_health_check(os) && needs_health_check(spec) &&
	    su_intd(os, "healthCheckNodePort", 0) != su_intd(spec, "healthCheckNodePort", 0))
		api_fe_forbidden(errs, "spec.healthCheckNodePort", "field is immutable");
	validate_service(obj, old, errs);
}

static void services_validate_status_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec");
	const cJSON *ingress = su_arr(su_get(su_get(obj, "status"), "loadBalancer"), "ingress");
	const cJSON *old_ingress = su_arr(su_get(su_get(old, "status"), "loadBalancer"), "ingress");
	if (!streq(su_strz(spec, "type"), "LoadBalancer") && su_len(ingress) != 0) {
		api_fe_forbidden(errs, "status.loadBalancer.ingress", "may only be used when `spec.type` is 'LoadBalancer'");
		return;
	}
	SU_EACH(i, ing, ingress) {
		const char *ip = su_strz(ing, "ip");
		SU_PATH(ipp, "status.loadBalancer.ingress[%zu].ip", i);
		SU_PATH(modep, "status.loadBalancer.ingress[%zu].ipMode", i);
		if (ip[0]) {
			bool existed = false;
			SU_EACH(j, o, old_ingress) {
				(void)j;
				if (streq(su_strz(o, "ip"), ip))
					existed = true;
			}
			if (!existed)
				su_ip_legacy(errs, ipp, ip);
		}
		const char *mode = su_str(ing, "ipMode");
		static const char *const modes[] = {"Proxy", "VIP", NULL};
		if (!mode) {
			if (ip[0])
				api_fe_required(errs, modep, "must be specified when `ip` is set");
		} else if (!ip[0]) {
			api_fe_forbidden(errs, modep, "may not be specified when `ip` is not set");
		} else if (!su_in(mode, modes)) {
			api_fe_not_supported_str(errs, modep, mode, modes);
		}
		const char *host = su_strz(ing, "hostname");
		if (host[0]) {
			SU_PATH(hp, "status.loadBalancer.ingress[%zu].hostname", i);
			su_check(errs, hp, host, kc_validate_dns1123_subdomain);
			uint8_t a[16];
			if (kc_validate_parse_ip(host, a))
				api_fe_invalid_str(errs, hp, host, "must be a DNS name, not an IP address");
		}
	}
}

static const char *const service_fields[] = {"spec.clusterIP", "spec.type", NULL};

const api_strategy api_strategy_services = {
	.group = "",
	.plural = "services",
	.defaults = services_defaults,
	.prepare_create = services_prepare_create,
	.prepare_update = services_prepare_update,
	.validate_create = services_validate_create,
	.validate_update = services_validate_update,
	.validate_status_update = services_validate_status_update,
	.field_selectors = service_fields,
	.has_status = true,
	.tracks_generation = false,
};
