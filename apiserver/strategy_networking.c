/* strategy_networking.c - Ingresses and IngressClasses
 * (networking.k8s.io/v1), EndpointSlices (discovery.k8s.io/v1), Leases
 * (coordination.k8s.io/v1) and events.k8s.io/v1 Events: upstream's
 * defaults and validation for each. */
#include <stdlib.h>
#include <string.h>

#include "apiserver/strategies.h"
#include "apiserver/strategy_util.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

static const char *const port_protocols[] = {"SCTP", "TCP", "UDP", NULL};

static void keep_status(cJSON *obj, const cJSON *old)
{
	const cJSON *st = su_get(old, "status");
	if (st)
		su_put(obj, "status", cJSON_Duplicate(st, true));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "status");
}

static bool is_ip(const char *s)
{
	uint8_t a[16];
	return kc_validate_parse_ip(s, a);
}

/* ---- Ingresses ---- */

static void validate_backend(const cJSON *b, const char *path, api_field_errors *errs)
{
	const cJSON *res = su_get(b, "resource"), *svc = su_get(b, "service");
	if (res && svc) {
		api_fe_invalid_str(errs, path, "", "cannot set both resource and service backends");
		return;
	}
	if (res) {
		SU_PATH(rp, "%s.resource", path);
		const char *kind = su_strz(res, "kind"), *name = su_strz(res, "name");
		SU_PATH(kp, "%s.kind", rp);
		SU_PATH(np, "%s.name", rp);
		if (!kind[0])
			api_fe_required(errs, kp, NULL);
		if (!name[0])
			api_fe_required(errs, np, NULL);
		const char *group = su_str(res, "apiGroup");
		if (!group || !group[0]) {
			SU_PATH(gp, "%s.apiGroup", rp);
			api_fe_required(errs, gp, NULL);
		}
	} else if (svc) {
		SU_PATH(np, "%s.service.name", path);
		const char *name = su_strz(svc, "name");
		if (!name[0])
			api_fe_required(errs, np, NULL);
		else
			su_check_name(errs, np, name, kc_validate_name_dns1035_label);
		const cJSON *port = su_get(svc, "port");
		const char *pname = su_strz(port, "name");
		long long pnum = su_intd(port, "number", 0);
		if (pname[0] && pnum != 0) {
			api_fe_invalid_str(errs, path, "", "cannot set both port name & port number");
		} else if (pname[0]) {
			SU_PATH(pp, "%s.service.port.name", path);
			su_check(errs, pp, pname, kc_validate_port_name);
		} else if (pnum != 0) {
			if (pnum < 1 || pnum > 65535) {
				SU_PATH(pp, "%s.service.port.number", path);
				api_fe_invalid_int(errs, pp, pnum, "must be between 1 and 65535, inclusive");
			}
		} else {
			api_fe_required(errs, path, "port name or number is required");
		}
	} else {
		api_fe_invalid_str(errs, path, "", "resource or service backend is required");
	}
}

static void validate_http_path(const cJSON *p, const char *path, api_field_errors *errs)
{
	SU_PATH(tp, "%s.pathType", path);
	SU_PATH(pp, "%s.path", path);
	const char *type = su_str(p, "pathType");
	if (!type) {
		api_fe_required(errs, tp, "pathType must be specified");
		return;
	}
	const char *v = su_strz(p, "path");
	if (streq(type, "Exact") || streq(type, "Prefix")) {
		if (v[0] != '/')
			api_fe_invalid_str(errs, pp, v, "must be an absolute path");
		if (v[0]) {
			static const char *const seqs[] = {"//", "/./", "/../", "%2f", "%2F", NULL};
			for (size_t i = 0; seqs[i]; i++)
				if (strstr(v, seqs[i])) {
					SU_PATH(d, "must not contain '%s'", seqs[i]);
					api_fe_invalid_str(errs, pp, v, d);
				}
			static const char *const suffixes[] = {"/..", "/.", NULL};
			for (size_t i = 0; suffixes[i]; i++)
				if (str_endswith(v, suffixes[i])) {
					SU_PATH(d, "cannot end with '%s'", suffixes[i]);
					api_fe_invalid_str(errs, pp, v, d);
				}
		}
	} else if (streq(type, "ImplementationSpecific")) {
		if (v[0] && v[0] != '/')
			api_fe_invalid_str(errs, pp, v, "must be an absolute path");
	} else {
		static const char *const types[] = {"Exact", "ImplementationSpecific", "Prefix", NULL};
		api_fe_not_supported_str(errs, tp, type, types);
	}
	SU_PATH(bp, "%s.backend", path);
	validate_backend(su_get(p, "backend"), bp, errs);
}

static void validate_host(const char *host, const char *path, api_field_errors *errs)
{
	if (strchr(host, '*'))
		su_check(errs, path, host, kc_validate_wildcard_dns1123_subdomain);
	else
		su_check(errs, path, host, kc_validate_dns1123_subdomain);
}

static void validate_ingress_spec(const cJSON *spec, const cJSON *old_spec, api_field_errors *errs)
{
	const cJSON *rules = su_arr(spec, "rules"), *def = su_get(spec, "defaultBackend");
	if (su_len(rules) == 0 && !def) {
		if (rules)
			api_fe_invalid(errs, "spec", rules, "either `defaultBackend` or `rules` must be specified");
		else
			api_fe_add_rendered(errs, API_FE_INVALID, "spec", "null",
					    "either `defaultBackend` or `rules` must be specified");
	}
	if (def)
		validate_backend(def, "spec.defaultBackend", errs);
	SU_EACH(i, r, rules) {
		const char *host = su_strz(r, "host");
		if (host[0]) {
			SU_PATH(hp, "spec.rules[%zu].host", i);
			if (is_ip(host))
				api_fe_invalid_str(errs, hp, host, "must be a DNS name, not an IP address");
			validate_host(host, hp, errs);
		}
		const cJSON *http = su_get(r, "http");
		if (http) {
			const cJSON *paths = su_arr(http, "paths");
			if (su_len(paths) == 0) {
				SU_PATH(pp, "spec.rules[%zu].http.paths", i);
				api_fe_required(errs, pp, NULL);
			}
			SU_EACH(j, p, paths) {
				SU_PATH(pp, "spec.rules[%zu].http.paths[%zu]", i, j);
				validate_http_path(p, pp, errs);
			}
		}
	}
	SU_EACH(i, tls, su_arr(spec, "tls")) {
		SU_EACH(j, h, su_arr(tls, "hosts")) {
			SU_PATH(hp, "spec.tls[%zu].hosts[%zu]", i, j);
			validate_host(cJSON_IsString(h) ? h->valuestring : "", hp, errs);
		}
		const char *sn = su_strz(tls, "secretName");
		/* an update may keep an invalid secret name it already had */
		bool had_invalid = false;
		SU_EACH(k, otls, su_arr(old_spec, "tls")) {
			(void)k;
			if (streq(su_strz(otls, "secretName"), sn) && kc_validate_name_dns_subdomain(sn, false, NULL) != 0)
				had_invalid = true;
		}
		if (sn[0] && !had_invalid) {
			SU_PATH(sp, "spec.tls[%zu].secretName", i);
			su_check_name(errs, sp, sn, kc_validate_name_dns_subdomain);
		}
	}
	const char *icn = su_str(spec, "ingressClassName");
	if (icn)
		su_check_name(errs, "spec.ingressClassName", icn, kc_validate_name_dns_subdomain);
}

static void ingresses_validate_create(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec");
	validate_ingress_spec(spec, NULL, errs);
	const char *ann = su_str(su_obj(su_get(obj, "metadata"), "annotations"), "kubernetes.io/ingress.class");
	const char *icn = su_str(spec, "ingressClassName");
	if (ann && icn && !streq(ann, icn))
		api_fe_invalid_str(errs, "annotations.kubernetes.io/ingress.class", ann,
				   "must match `ingressClassName` when both are specified");
}

static void ingresses_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	validate_ingress_spec(su_get(obj, "spec"), su_get(old, "spec"), errs);
}

static void ingresses_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	SU_EACH(i, ing, su_arr(su_get(su_get(obj, "status"), "loadBalancer"), "ingress")) {
		const char *ip = su_strz(ing, "ip"), *host = su_strz(ing, "hostname");
		if (ip[0]) {
			SU_PATH(p, "status.loadBalancer.ingress[%zu].ip", i);
			su_ip_legacy(errs, p, ip);
		}
		if (host[0]) {
			SU_PATH(p, "status.loadBalancer.ingress[%zu].hostname", i);
			su_check(errs, p, host, kc_validate_dns1123_subdomain);
			if (is_ip(host))
				api_fe_invalid_str(errs, p, host, "must be a DNS name, not an IP address");
		}
	}
}

static void ingresses_prepare_create(cJSON *obj)
{
	su_put(obj, "status", cJSON_CreateObject());
	su_put_int(su_ensure_obj(obj, "metadata"), "generation", 1);
}

static void ingresses_prepare_update(cJSON *obj, const cJSON *old) { keep_status(obj, old); }

const api_strategy api_strategy_ingresses = {
	.group = "networking.k8s.io",
	.plural = "ingresses",
	.prepare_create = ingresses_prepare_create,
	.prepare_update = ingresses_prepare_update,
	.validate_create = ingresses_validate_create,
	.validate_update = ingresses_validate_update,
	.validate_status_update = ingresses_validate_status,
	.has_status = true,
	.tracks_generation = true,
};

/* ---- IngressClasses ---- */

/* validation.IsDomainPrefixedPath */
static void domain_prefixed_path(const char *v, const char *path, api_field_errors *errs)
{
	if (!v[0]) {
		api_fe_required(errs, path, NULL);
		return;
	}
	const char *slash = strchr(v, '/');
	if (!slash || slash == v || !slash[1]) {
		api_fe_invalid_str(errs, path, v, "must be a domain-prefixed path (such as \"acme.io/foo\")");
		return;
	}
	_cleanup_free_ char *host = xstrndup(v, (size_t)(slash - v));
	su_check(errs, path, host, kc_validate_dns1123_subdomain);
	const char *p = slash + 1;
	if (strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~%!$&'()*+,;=:") != strlen(p))
		api_fe_invalid_str(errs, path, p,
				   "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')");
}

static void ingressclasses_validate_create(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec");
	const char *ctrl = su_strz(spec, "controller");
	if (strlen(ctrl) > 250)
		api_fe_too_long(errs, "spec.controller", NULL, 250);
	domain_prefixed_path(ctrl, "spec.controller", errs);
	const cJSON *params = su_get(spec, "parameters");
	if (params) {
		const char *kind = su_strz(params, "kind"), *name = su_strz(params, "name");
		if (!kind[0])
			api_fe_required(errs, "spec.parameters.kind", NULL);
		if (!name[0])
			api_fe_required(errs, "spec.parameters.name", NULL);
		const char *scope = su_str(params, "scope");
		static const char *const scopes[] = {"Cluster", "Namespace", NULL};
		if (!scope) {
			api_fe_required(errs, "spec.parameters.scope", "");
		} else if (!su_in(scope, scopes)) {
			api_fe_not_supported_str(errs, "spec.parameters.scope", scope, scopes);
		} else if (streq(scope, "Namespace") && !su_strz(params, "namespace")[0]) {
			api_fe_required(errs, "spec.parameters.namespace", "`parameters.scope` is set to 'Namespace'");
		} else if (streq(scope, "Cluster") && su_get(params, "namespace")) {
			api_fe_forbidden(errs, "spec.parameters.namespace", "`parameters.scope` is set to 'Cluster'");
		}
	}
}

static void ingressclasses_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	const char *nc = su_strz(su_get(obj, "spec"), "controller"), *oc = su_strz(su_get(old, "spec"), "controller");
	if (!streq(nc, oc))
		api_fe_invalid_str(errs, "spec.controller", nc, "field is immutable");
	ingressclasses_validate_create(obj, errs);
}

static void ingressclasses_prepare_create(cJSON *obj) { su_put_int(su_ensure_obj(obj, "metadata"), "generation", 1); }

const api_strategy api_strategy_ingressclasses = {
	.group = "networking.k8s.io",
	.plural = "ingressclasses",
	.prepare_create = ingressclasses_prepare_create,
	.validate_create = ingressclasses_validate_create,
	.validate_update = ingressclasses_validate_update,
	.tracks_generation = true,
};

/* ---- EndpointSlices ---- */

static void endpointslices_defaults(cJSON *obj)
{
	cJSON *p;
	cJSON_ArrayForEach(p, su_getm(obj, "ports")) {
		if (!cJSON_IsObject(p))
			continue;
		if (!su_get(p, "name"))
			su_put_str(p, "name", "");
		if (!su_get(p, "protocol"))
			su_put_str(p, "protocol", "TCP");
	}
}

static void validate_endpointslice(const cJSON *obj, api_field_errors *errs)
{
	static const char *const types[] = {"FQDN", "IPv4", "IPv6", NULL};
	const char *at = su_strz(obj, "addressType");
	if (!at[0])
		api_fe_required(errs, "addressType", NULL);
	else if (!su_in(at, types))
		api_fe_not_supported_str(errs, "addressType", at, types);
	const cJSON *eps = su_arr(obj, "endpoints");
	if (su_len(eps) > 1000) {
		api_fe_too_many(errs, "endpoints", (long long)su_len(eps), 1000);
	} else {
		SU_EACH(i, ep, eps) {
			SU_PATH(ap, "endpoints[%zu].addresses", i);
			const cJSON *addrs = su_arr(ep, "addresses");
			if (su_len(addrs) == 0)
				api_fe_required(errs, ap, "must contain at least 1 address");
			else if (su_len(addrs) > 100)
				api_fe_too_many(errs, ap, (long long)su_len(addrs), 100);
			SU_EACH(j, a, addrs) {
				SU_PATH(p, "%s[%zu]", ap, j);
				const char *addr = cJSON_IsString(a) ? a->valuestring : "";
				if (streq(at, "IPv4") || streq(at, "IPv6")) {
					size_t before = errs->n;
					su_ip_legacy(errs, p, addr);
					if (errs->n != before)
						continue;
					bool v6 = strchr(addr, ':') != NULL;
					if (streq(at, "IPv4") && v6)
						api_fe_invalid_str(errs, p, addr, "must be an IPv4 address");
					else if (streq(at, "IPv6") && !v6)
						api_fe_invalid_str(errs, p, addr, "must be an IPv6 address");
					else
						su_endpoint_ip(errs, p, addr);
				} else if (streq(at, "FQDN")) {
					kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
					kc_validate_fqdn(&v, p, addr);
					api_fe_add_validate(errs, &v);
					kc_validate_errors_free(&v);
				}
			}
			const char *node = su_str(ep, "nodeName");
			if (node) {
				SU_PATH(np, "endpoints[%zu].nodeName", i);
				su_check_name(errs, np, node, kc_validate_name_dns_subdomain);
			}
			const cJSON *topo = su_obj(ep, "deprecatedTopology");
			SU_PATH(tp, "endpoints[%zu].deprecatedTopology", i);
			if (su_len(topo) > 16)
				api_fe_too_many(errs, tp, (long long)su_len(topo), 16);
			su_labels(errs, tp, topo);
			const char *host = su_str(ep, "hostname");
			if (host) {
				SU_PATH(hp, "endpoints[%zu].hostname", i);
				su_check(errs, hp, host, kc_validate_dns1123_label);
			}
		}
	}
	const cJSON *ports = su_arr(obj, "ports");
	if (su_len(ports) > 20000) {
		api_fe_too_many(errs, "ports", (long long)su_len(ports), 20000);
		return;
	}
	SU_EACH(i, p, ports) {
		SU_PATH(np, "ports[%zu].name", i);
		const char *name = su_strz(p, "name");
		if (name[0])
			su_check(errs, np, name, kc_validate_dns1123_label);
		for (const cJSON *prev = ports->child; prev != p; prev = prev->next)
			if (streq(su_strz(prev, "name"), name)) {
				api_fe_duplicate_str(errs, np, name);
				break;
			}
		const char *proto = su_str(p, "protocol");
		SU_PATH(pp, "ports[%zu].protocol", i);
		if (!proto)
			api_fe_required(errs, pp, NULL);
		else if (!su_in(proto, port_protocols))
			api_fe_not_supported_str(errs, pp, proto, port_protocols);
		const char *app = su_str(p, "appProtocol");
		if (app) {
			SU_PATH(ap, "ports[%zu].appProtocol", i);
			su_check(errs, ap, app, kc_validate_qualified_name);
		}
	}
}

static void endpointslices_validate_create(const cJSON *obj, api_field_errors *errs) { validate_endpointslice(obj, errs); }

static void endpointslices_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	validate_endpointslice(obj, errs);
	su_immutable(errs, "addressType", obj, old, "addressType");
}

const api_strategy api_strategy_endpointslices = {
	.group = "discovery.k8s.io",
	.plural = "endpointslices",
	.defaults = endpointslices_defaults,
	.validate_create = endpointslices_validate_create,
	.validate_update = endpointslices_validate_update,
};

/* ---- Leases ---- */

static void leases_validate_create(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec");
	long long v;
	if (su_int(spec, "leaseDurationSeconds", &v) && v <= 0)
		api_fe_invalid_int(errs, "spec.leaseDurationSeconds", v, "must be greater than 0");
	if (su_int(spec, "leaseTransitions", &v) && v < 0)
		api_fe_invalid_int(errs, "spec.leaseTransitions", v, "must be greater than or equal to 0");
}

static void leases_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	leases_validate_create(obj, errs);
}

const api_strategy api_strategy_leases = {
	.group = "coordination.k8s.io",
	.plural = "leases",
	.validate_create = leases_validate_create,
	.validate_update = leases_validate_update,
};

/* ---- events.k8s.io/v1 Events ----
 * Upstream validates the internal (core) Event, so paths name the core
 * fields: involvedObject for regarding, message for note. */

static void validate_v1_event_common(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *meta = su_get(obj, "metadata");
	const char *ns = su_strz(meta, "namespace");
	const char *reg_ns = su_strz(su_get(obj, "regarding"), "namespace");
	if (!su_set(obj, "eventTime")) {
		if (!reg_ns[0]) {
			if (ns[0] && !streq(ns, "default"))
				api_fe_invalid_str(errs, "involvedObject.namespace", reg_ns, "does not match event.namespace");
		} else if (!streq(ns, reg_ns)) {
			api_fe_invalid_str(errs, "involvedObject.namespace", reg_ns, "does not match event.namespace");
		}
	} else {
		if (!reg_ns[0] && !streq(ns, "default") && !streq(ns, "kube-system"))
			api_fe_invalid_str(errs, "involvedObject.namespace", reg_ns, "does not match event.namespace");
		const char *rc = su_strz(obj, "reportingController");
		if (!rc[0])
			api_fe_required(errs, "reportingController", NULL);
		su_check(errs, "reportingController", rc, kc_validate_qualified_name);
		const char *ri = su_strz(obj, "reportingInstance");
		if (!ri[0])
			api_fe_required(errs, "reportingInstance", NULL);
		if (strlen(ri) > 128)
			api_fe_invalid_str(errs, "reportingInstance", "", "can have at most 128 characters");
		const char *action = su_strz(obj, "action");
		if (!action[0])
			api_fe_required(errs, "action", NULL);
		if (strlen(action) > 128)
			api_fe_invalid_str(errs, "action", "", "can have at most 128 characters");
		const char *reason = su_strz(obj, "reason");
		if (!reason[0])
			api_fe_required(errs, "reason", NULL);
		if (strlen(reason) > 128)
			api_fe_invalid_str(errs, "reason", "", "can have at most 128 characters");
		if (strlen(su_strz(obj, "note")) > 1024)
			api_fe_invalid_str(errs, "message", "", "can have at most 1024 characters");
	}
	su_check(errs, "namespace", ns, kc_validate_dns1123_subdomain);
}

static void validate_series(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *series = su_get(obj, "series");
	if (!series)
		return;
	if (su_intd(series, "count", 0) < 2)
		api_fe_invalid_str(errs, "series.count", "", "should be at least 2");
	if (!su_set(series, "lastObservedTime"))
		api_fe_required(errs, "series.lastObservedTime", NULL);
}

static void events_v1_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_v1_event_common(obj, errs);
	validate_series(obj, errs);
	if (!su_set(obj, "eventTime"))
		api_fe_required(errs, "eventTime", NULL);
	const char *type = su_strz(obj, "type");
	if (!streq(type, "Normal") && !streq(type, "Warning")) {
		SU_PATH(d, "has invalid value: %s", type);
		api_fe_invalid_str(errs, "type", "", d);
	}
	if (su_set(obj, "deprecatedFirstTimestamp"))
		api_fe_invalid_str(errs, "firstTimestamp", "", "needs to be unset");
	if (su_set(obj, "deprecatedLastTimestamp"))
		api_fe_invalid_str(errs, "lastTimestamp", "", "needs to be unset");
	if (su_intd(obj, "deprecatedCount", 0) != 0)
		api_fe_invalid_str(errs, "count", "", "needs to be unset");
	const cJSON *src = su_get(obj, "deprecatedSource");
	if (su_strz(src, "component")[0] || su_strz(src, "host")[0])
		api_fe_invalid_str(errs, "source", "", "needs to be unset");
}

static void events_v1_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	validate_v1_event_common(obj, errs);
	if (!su_equal_member(obj, old, "series"))
		validate_series(obj, errs);
	static const struct {
		const char *key, *path;
	} immutable[] = {
		{"regarding", "involvedObject"}, {"reason", "reason"}, {"note", "message"},
		{"deprecatedSource", "source"}, {"deprecatedFirstTimestamp", "firstTimestamp"},
		{"deprecatedLastTimestamp", "lastTimestamp"}, {"deprecatedCount", "count"}, {"type", "type"},
		{"eventTime", "eventTime"}, {"action", "action"}, {"related", "related"},
		{"reportingController", "reportingController"}, {"reportingInstance", "reportingInstance"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(immutable); i++)
		su_immutable(errs, immutable[i].path, obj, old, immutable[i].key);
}

const api_strategy api_strategy_events_v1 = {
	.group = "events.k8s.io",
	.plural = "events",
	.validate_create = events_v1_validate_create,
	.validate_update = events_v1_validate_update,
};
