/* validation_pod.c - PodSpec validation as upstream's ValidatePodSpec and
 * friends (pkg/apis/core/validation/validation.go), rule for rule and
 * message for message, in upstream's order. Volumes and mounts are in
 * validation_pod_volumes.c, defaults in defaults_pod.c.
 *
 * Left out (kc has no such feature, or the feature gate is off upstream by
 * default): resource claims, pod-level resources, resize policies and
 * container restart rules, user namespaces (hostUsers), Windows options,
 * AppArmor/seccomp annotations, sysctls beyond the name format, OS-specific
 * rules, topology spread matchLabelKeys, scheduling gates beyond names. */
#include "validation_pod.h"

#include <limits.h>
#include <string.h>

#include "apiserver/strategy_util.h"
#include "apiserver/validation_pod_internal.h"
#include "common/quantity.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

static const char *const restart_policies[] = {"Always", "OnFailure", "Never", NULL};
static const char *const dns_policies[] = {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None", NULL};
static const char *const port_protocols[] = {"SCTP", "TCP", "UDP", NULL};
static const char *const pull_policies[] = {"Always", "IfNotPresent", "Never", NULL};
static const char *const taint_effects[] = {"NoSchedule", "PreferNoSchedule", "NoExecute", NULL};

/* ---- env ---- */

static const char *const env_field_paths[] = {
	"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
	"status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", NULL,
};

static void validate_key_selector(const cJSON *s, const char *path, api_field_errors *errs)
{
	SU_PATH(np, "%s.name", path);
	SU_PATH(kp, "%s.key", path);
	su_check_name(errs, np, su_strz(s, "name"), kc_validate_name_dns_subdomain);
	const char *key = su_strz(s, "key");
	if (!key[0])
		api_fe_required(errs, kp, NULL);
	else
		su_check(errs, kp, key, kc_validate_config_map_key);
}

static void validate_env_value_from(const cJSON *ev, const char *path, api_field_errors *errs)
{
	const cJSON *vf = su_get(ev, "valueFrom");
	if (!vf)
		return;
	int n = 0;
	const cJSON *s;
	if ((s = su_get(vf, "fieldRef"))) {
		n++;
		SU_PATH(p, "%s.fieldRef", path);
		pod_validate_field_selector(s, env_field_paths, p, errs);
	}
	if ((s = su_get(vf, "resourceFieldRef"))) {
		n++;
		SU_PATH(p, "%s.resourceFieldRef", path);
		pod_validate_resource_field_selector(s, p, false, errs);
	}
	if ((s = su_get(vf, "configMapKeyRef"))) {
		n++;
		SU_PATH(p, "%s.configMapKeyRef", path);
		validate_key_selector(s, p, errs);
	}
	if ((s = su_get(vf, "secretKeyRef"))) {
		n++;
		SU_PATH(p, "%s.secretKeyRef", path);
		validate_key_selector(s, p, errs);
	}
	if (n == 0)
		api_fe_invalid_str(errs, path, "",
				   "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
	else if (su_strz(ev, "value")[0])
		api_fe_invalid_str(errs, path, "", "may not be specified when `value` is not empty");
	else if (n > 1)
		api_fe_invalid_str(errs, path, "", "may not have more than one field specified at a time");
}

static void validate_env(const cJSON *env, const char *path, api_field_errors *errs)
{
	SU_EACH(i, ev, env) {
		SU_PATH(ip, "%s[%zu]", path, i);
		SU_PATH(np, "%s.name", ip);
		const char *name = su_strz(ev, "name");
		if (!name[0])
			api_fe_required(errs, np, NULL);
		else
			su_check(errs, np, name, kc_validate_relaxed_env_var_name);
		SU_PATH(vp, "%s.valueFrom", ip);
		validate_env_value_from(ev, vp, errs);
	}
}

static void validate_env_from(const cJSON *env_from, const char *path, api_field_errors *errs)
{
	SU_EACH(i, ev, env_from) {
		SU_PATH(ip, "%s[%zu]", path, i);
		const char *prefix = su_strz(ev, "prefix");
		if (prefix[0]) {
			SU_PATH(pp, "%s.prefix", ip);
			su_check(errs, pp, prefix, kc_validate_relaxed_env_var_name);
		}
		int n = 0;
		static const char *const refs[] = {"configMapRef", "secretRef", NULL};
		for (size_t r = 0; refs[r]; r++) {
			const cJSON *ref = su_get(ev, refs[r]);
			if (!ref)
				continue;
			n++;
			SU_PATH(np, "%s.%s.name", ip, refs[r]);
			const char *name = su_strz(ref, "name");
			if (!name[0]) {
				api_fe_required(errs, np, NULL);
			} else {
				kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
				kc_validate_name_dns_subdomain(name, true, &m);
				api_fe_add_msgs(errs, np, name, &m);
				kc_validate_msgs_free(&m);
			}
		}
		if (n == 0)
			api_fe_invalid_str(errs, path, "", "must specify one of: `configMapRef` or `secretRef`");
		else if (n > 1)
			api_fe_invalid_str(errs, path, "", "may not have more than one field specified at a time");
	}
}

/* ---- ports ---- */

static void validate_container_ports(const cJSON *ports, const char *path, api_field_errors *errs)
{
	const char *names[256];
	size_t nnames = 0;
	SU_EACH(i, port, ports) {
		SU_PATH(ip, "%s[%zu]", path, i);
		const char *name = su_strz(port, "name");
		if (name[0]) {
			SU_PATH(np, "%s.name", ip);
			bool dup = false;
			for (size_t k = 0; k < nnames && !dup; k++)
				dup = streq(names[k], name);
			if (su_check(errs, np, name, kc_validate_port_name) == 0) {
				if (dup)
					api_fe_duplicate_str(errs, np, name);
				else if (nnames < KC_ARRAY_SIZE(names))
					names[nnames++] = name;
			}
		}
		long long cp = su_intd(port, "containerPort", 0);
		SU_PATH(cpp, "%s.containerPort", ip);
		if (cp == 0) {
			api_fe_required(errs, cpp, NULL);
		} else if (cp < 1 || cp > 65535) {
			api_fe_invalid_int(errs, cpp, cp, "must be between 1 and 65535, inclusive");
		}
		long long hp = su_intd(port, "hostPort", 0);
		if (hp != 0 && (hp < 1 || hp > 65535)) {
			SU_PATH(hpp, "%s.hostPort", ip);
			api_fe_invalid_int(errs, hpp, hp, "must be between 1 and 65535, inclusive");
		}
		const char *proto = su_strz(port, "protocol");
		SU_PATH(pp, "%s.protocol", ip);
		if (!proto[0])
			api_fe_required(errs, pp, NULL);
		else if (!su_in(proto, port_protocols))
			api_fe_not_supported_str(errs, pp, proto, port_protocols);
	}
}

/* AccumulateUniqueHostPorts over the given containers. */
static void check_host_port_conflicts(const cJSON *containers, const char *path, size_t only, bool one,
				      api_field_errors *errs)
{
	char **seen = NULL;
	size_t nseen = 0, cap = 0;
	SU_EACH(ci, ctr, containers) {
		if (one && ci != only)
			continue;
		SU_EACH(pi, port, su_arr(ctr, "ports")) {
			long long hp = su_intd(port, "hostPort", 0);
			if (hp == 0)
				continue;
			char *key = xasprintf("%s/%s/%lld", su_strz(port, "protocol"), su_strz(port, "hostIP"), hp);
			bool dup = false;
			for (size_t k = 0; k < nseen && !dup; k++)
				dup = streq(seen[k], key);
			if (dup) {
				SU_PATH(p, "%s[%zu].ports[%zu].hostPort", path, ci, pi);
				api_fe_duplicate_str(errs, p, key);
				free(key);
			} else {
				if (nseen == cap) {
					cap = cap ? cap * 2 : 8;
					seen = xrealloc(seen, cap * sizeof(*seen));
				}
				seen[nseen++] = key;
			}
		}
	}
	for (size_t k = 0; k < nseen; k++)
		free(seen[k]);
	free(seen);
}

/* ---- resources ---- */

static bool is_standard_resource_name(const char *n)
{
	static const char *const std[] = {
		"cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
		"requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods",
		"resourcequotas", "services", "replicationcontrollers", "secrets", "persistentvolumeclaims",
		"requests.storage", "configmaps", "services.nodeports", "services.loadbalancers", NULL,
	};
	return su_in(n, std) || str_startswith(n, "requests.hugepages-");
}

static bool is_native_resource(const char *n)
{
	return !strchr(n, '/') || strstr(n, "kubernetes.io/") != NULL;
}

static bool is_huge_pages(const char *n) { return str_startswith(n, "hugepages-"); }

static bool is_overcommit_allowed(const char *n) { return is_native_resource(n) && !is_huge_pages(n); }

static void validate_container_resource_name(const char *name, const char *path, api_field_errors *errs)
{
	size_t before = errs->n;
	if (su_check(errs, path, name, kc_validate_qualified_name) == 0 && !strchr(name, '/') &&
	    !is_standard_resource_name(name))
		api_fe_invalid_str(errs, path, name, "must be a standard resource type or fully qualified");
	(void)before;
	if (!strchr(name, '/')) {
		static const char *const ctr[] = {"cpu", "memory", "ephemeral-storage", NULL};
		if (!su_in(name, ctr) && !is_huge_pages(name))
			api_fe_invalid_str(errs, path, name, "must be a standard resource for containers");
	} else if (!is_native_resource(name)) {
		/* IsExtendedResourceName: "requests." + name must be a qualified name */
		_cleanup_free_ char *q = xasprintf("requests.%s", name);
		if (str_startswith(name, "requests.") || kc_validate_qualified_name(q, NULL) != 0)
			api_fe_invalid_str(errs, path, name, "doesn't follow extended resource name standard");
	}
}

/* Parses a quantity; an unparsable one is reported where it sits (upstream
 * rejects it while decoding, with the same text). */
static bool get_quantity(const cJSON *v, const char *path, kc_quantity *q, api_field_errors *errs)
{
	kc_error err = KC_ERROR_INIT;
	if (kc_quantity_from_json(v, q, &err) < 0) {
		api_fe_invalid(errs, path, v, err.msg[0] ? err.msg : KC_QUANTITY_ERR_FORMAT);
		return false;
	}
	return true;
}

static void validate_resource_quantity(const char *name, const kc_quantity *q, const char *path,
				       api_field_errors *errs)
{
	char buf[KC_QUANTITY_STR_MAX];
	if (kc_quantity_sign(q) < 0)
		api_fe_invalid_str(errs, path, kc_quantity_string(q, buf), "must be greater than or equal to 0");
	(void)name; /* integer resources (pods, services...) are not container resources */
}

static int cmp_member_names(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(x->string, y->string);
}

/* Members of a map in sorted key order (Go ranges maps randomly; sorted
 * keeps our messages stable). Caller frees the array. */
static const cJSON **sorted_members(const cJSON *map, size_t *n)
{
	*n = su_len(map);
	const cJSON **v = xcalloc(*n ? *n : 1, sizeof(*v));
	size_t i = 0;
	const cJSON *it;
	if (cJSON_IsObject(map))
		cJSON_ArrayForEach(it, map) v[i++] = it;
	*n = i;
	qsort(v, i, sizeof(*v), cmp_member_names);
	return v;
}

static void validate_resource_requirements(const cJSON *res, const char *path, api_field_errors *errs)
{
	const cJSON *limits = su_obj(res, "limits"), *requests = su_obj(res, "requests");
	SU_PATH(lim_path, "%s.limits", path);
	SU_PATH(req_path, "%s.requests", path);
	bool lim_cpu_mem = false, req_cpu_mem = false, lim_huge = false, req_huge = false;
	size_t n;
	_cleanup_free_ const cJSON **lims = sorted_members(limits, &n);
	for (size_t i = 0; i < n; i++) {
		const char *name = lims[i]->string;
		SU_PATH(p, "%s[%s]", lim_path, name);
		validate_container_resource_name(name, p, errs);
		kc_quantity q;
		if (get_quantity(lims[i], p, &q, errs))
			validate_resource_quantity(name, &q, p, errs);
		if (is_huge_pages(name))
			lim_huge = true;
		if (streq(name, "cpu") || streq(name, "memory"))
			lim_cpu_mem = true;
	}
	_cleanup_free_ const cJSON **reqs = sorted_members(requests, &n);
	for (size_t i = 0; i < n; i++) {
		const char *name = reqs[i]->string;
		SU_PATH(p, "%s[%s]", req_path, name);
		validate_container_resource_name(name, p, errs);
		kc_quantity q;
		bool ok = get_quantity(reqs[i], p, &q, errs);
		if (ok)
			validate_resource_quantity(name, &q, p, errs);
		const cJSON *lim = su_get(limits, name);
		kc_quantity lq;
		if (lim) {
			kc_error e = KC_ERROR_INIT;
			if (ok && kc_quantity_from_json(lim, &lq, &e) == 0) {
				char qb[KC_QUANTITY_STR_MAX], lb[KC_QUANTITY_STR_MAX];
				int c = kc_quantity_cmp(&q, &lq);
				kc_quantity_string(&q, qb);
				kc_quantity_string(&lq, lb);
				if (c != 0 && !is_overcommit_allowed(name)) {
					SU_PATH(d, "must be equal to %s limit of %s", name, lb);
					api_fe_invalid_str(errs, req_path, qb, d);
				} else if (c > 0) {
					SU_PATH(d, "must be less than or equal to %s limit of %s", name, lb);
					api_fe_invalid_str(errs, req_path, qb, d);
				}
			}
		} else if (!is_overcommit_allowed(name)) {
			api_fe_required(errs, lim_path, "Limit must be set for non overcommitable resources");
		}
		if (is_huge_pages(name))
			req_huge = true;
		if (streq(name, "cpu") || streq(name, "memory"))
			req_cpu_mem = true;
	}
	if (!lim_cpu_mem && !req_cpu_mem && (req_huge || lim_huge))
		api_fe_forbidden(errs, path, "HugePages require cpu or memory");
}

/* ---- probes and handlers ---- */

static void validate_port_num_or_name(const cJSON *port, const char *path, api_field_errors *errs)
{
	if (cJSON_IsNumber(port)) {
		long long v = su_ll(port);
		if (v < 1 || v > 65535)
			api_fe_invalid_int(errs, path, v, "must be between 1 and 65535, inclusive");
	} else if (cJSON_IsString(port)) {
		su_check(errs, path, port->valuestring, kc_validate_port_name);
	} else {
		/* an absent port is the IntOrString zero value, an int 0 */
		api_fe_invalid_int(errs, path, 0, "must be between 1 and 65535, inclusive");
	}
}

static void validate_handler(const cJSON *h, bool lifecycle, long long grace, bool has_grace, const char *path,
			     api_field_errors *errs)
{
	int n = 0;
	const cJSON *a;
	if ((a = su_get(h, "exec"))) {
		SU_PATH(p, "%s.exec", path);
		if (n++ > 0) {
			api_fe_forbidden(errs, p, "may not specify more than 1 handler type");
		} else if (su_len(su_arr(a, "command")) == 0) {
			SU_PATH(cp, "%s.command", p);
			api_fe_required(errs, cp, NULL);
		}
	}
	if ((a = su_get(h, "httpGet"))) {
		SU_PATH(p, "%s.httpGet", path);
		if (n++ > 0) {
			api_fe_forbidden(errs, p, "may not specify more than 1 handler type");
		} else {
			SU_PATH(pp, "%s.path", p);
			SU_PATH(portp, "%s.port", p);
			SU_PATH(sp, "%s.scheme", p);
			if (!su_strz(a, "path")[0])
				api_fe_required(errs, pp, NULL);
			validate_port_num_or_name(su_get(a, "port"), portp, errs);
			static const char *const schemes[] = {"HTTP", "HTTPS", NULL};
			const char *scheme = su_strz(a, "scheme");
			if (!su_in(scheme, schemes))
				api_fe_not_supported_str(errs, sp, scheme, schemes);
			SU_PATH(hp, "%s.httpHeaders", p);
			SU_EACH(i, hdr, su_arr(a, "httpHeaders")) {
				(void)i;
				su_check(errs, hp, su_strz(hdr, "name"), kc_validate_http_header_name);
			}
		}
	}
	if ((a = su_get(h, "tcpSocket"))) {
		SU_PATH(p, "%s.tcpSocket", path);
		if (n++ > 0) {
			api_fe_forbidden(errs, p, "may not specify more than 1 handler type");
		} else {
			SU_PATH(portp, "%s.port", p);
			validate_port_num_or_name(su_get(a, "port"), portp, errs);
		}
	}
	if (!lifecycle && (a = su_get(h, "grpc"))) {
		SU_PATH(p, "%s.grpc", path);
		if (n++ > 0) {
			api_fe_forbidden(errs, p, "may not specify more than 1 handler type");
		} else {
			SU_PATH(portp, "%s.port", p);
			long long port = su_intd(a, "port", 0);
			if (port < 1 || port > 65535)
				api_fe_invalid_int(errs, portp, port, "must be between 1 and 65535, inclusive");
		}
	}
	if (lifecycle && (a = su_get(h, "sleep"))) {
		SU_PATH(p, "%s.sleep", path);
		if (n++ > 0) {
			api_fe_forbidden(errs, p, "may not specify more than 1 handler type");
		} else {
			long long secs = su_intd(a, "seconds", 0);
			if (has_grace && (secs < 0 || secs > grace)) {
				SU_PATH(d, "must be non-negative and less than terminationGracePeriodSeconds (%lld)", grace);
				api_fe_invalid_int(errs, p, secs, d);
			}
		}
	}
	if (n == 0)
		api_fe_required(errs, path, "must specify a handler type");
}

enum probe_kind { PROBE_LIVENESS, PROBE_READINESS, PROBE_STARTUP };

static void validate_probe(const cJSON *probe, enum probe_kind kind, long long grace, bool has_grace,
			   const char *path, api_field_errors *errs)
{
	if (!probe)
		return;
	validate_handler(probe, false, grace, has_grace, path, errs);
	static const char *const nonneg[] = {"initialDelaySeconds", "timeoutSeconds", "periodSeconds",
					     "successThreshold", "failureThreshold", NULL};
	for (size_t i = 0; nonneg[i]; i++) {
		SU_PATH(p, "%s.%s", path, nonneg[i]);
		su_nonnegative(errs, p, su_intd(probe, nonneg[i], 0));
	}
	long long tgps;
	SU_PATH(tp, "%s.terminationGracePeriodSeconds", path);
	if (su_int(probe, "terminationGracePeriodSeconds", &tgps) && tgps <= 0)
		api_fe_invalid_int(errs, tp, tgps, "must be greater than 0");
	if (kind == PROBE_READINESS) {
		if (su_get(probe, "terminationGracePeriodSeconds"))
			api_fe_invalid(errs, tp, su_get(probe, "terminationGracePeriodSeconds"),
				       "must not be set for readinessProbes");
	} else {
		long long st = su_intd(probe, "successThreshold", 0);
		if (st != 1) {
			SU_PATH(sp, "%s.successThreshold", path);
			api_fe_invalid_int(errs, sp, st, "must be 1");
		}
	}
}

static void validate_lifecycle(const cJSON *lc, long long grace, bool has_grace, const char *path,
			       api_field_errors *errs)
{
	const cJSON *h;
	if ((h = su_get(lc, "postStart"))) {
		SU_PATH(p, "%s.postStart", path);
		validate_handler(h, true, grace, has_grace, p, errs);
	}
	if ((h = su_get(lc, "preStop"))) {
		SU_PATH(p, "%s.preStop", path);
		validate_handler(h, true, grace, has_grace, p, errs);
	}
	if (su_get(lc, "stopSignal")) {
		SU_PATH(p, "%s.stopSignal", path);
		api_fe_forbidden(errs, p, "may not be set for containers with empty `spec.os.name`");
	}
}

/* ---- security contexts ---- */

static void validate_id(const cJSON *o, const char *key, const char *path, api_field_errors *errs)
{
	long long v;
	if (!su_int(o, key, &v))
		return;
	if (v < 0 || v > INT_MAX) {
		SU_PATH(p, "%s.%s", path, key);
		api_fe_invalid_int(errs, p, v, "must be between 0 and 2147483647, inclusive");
	}
}

static void validate_seccomp_profile(const cJSON *sp, const char *path, api_field_errors *errs)
{
	if (!sp)
		return;
	static const char *const types[] = {"Localhost", "RuntimeDefault", "Unconfined", NULL};
	const char *type = su_strz(sp, "type");
	SU_PATH(tp, "%s.type", path);
	SU_PATH(lp, "%s.localhostProfile", path);
	if (!type[0]) {
		api_fe_required(errs, tp, NULL);
	} else if (!su_in(type, types)) {
		api_fe_not_supported_str(errs, tp, type, types);
	} else if (streq(type, "Localhost")) {
		const char *lprof = su_str(sp, "localhostProfile");
		if (!lprof)
			api_fe_required(errs, lp, "must be set when seccomp type is Localhost");
		else
			pod_validate_local_descending_path(lprof, lp, errs);
	} else if (su_get(sp, "localhostProfile")) {
		api_fe_invalid(errs, lp, su_get(sp, "localhostProfile"),
			       "can only be set when seccomp type is Localhost");
	}
}

static void validate_security_context(const cJSON *sc, const char *path, api_field_errors *errs)
{
	if (!sc)
		return;
	validate_id(sc, "runAsUser", path, errs);
	validate_id(sc, "runAsGroup", path, errs);
	const char *pm = su_str(sc, "procMount");
	if (pm) {
		static const char *const mounts[] = {"Default", "Unmasked", NULL};
		SU_PATH(p, "%s.procMount", path);
		if (!su_in(pm, mounts))
			api_fe_not_supported_str(errs, p, pm, mounts);
		else if (streq(pm, "Unmasked"))
			api_fe_invalid_str(errs, p, pm, "`hostUsers` must be false to use `Unmasked`");
	}
	SU_PATH(sp, "%s.seccompProfile", path);
	validate_seccomp_profile(su_get(sc, "seccompProfile"), sp, errs);
	if (cJSON_IsFalse(su_get(sc, "allowPrivilegeEscalation"))) {
		if (su_true(sc, "privileged"))
			api_fe_invalid(errs, path, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true");
		SU_EACH(i, cap, su_arr(su_get(sc, "capabilities"), "add")) {
			(void)i;
			if (cJSON_IsString(cap) && streq(cap->valuestring, "CAP_SYS_ADMIN"))
				api_fe_invalid(errs, path, sc,
					       "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN");
		}
	}
}

static void validate_pod_security_context(const cJSON *sc, const char *path, api_field_errors *errs)
{
	if (!sc)
		return;
	validate_id(sc, "fsGroup", path, errs);
	validate_id(sc, "runAsUser", path, errs);
	validate_id(sc, "runAsGroup", path, errs);
	SU_EACH(i, g, su_arr(sc, "supplementalGroups")) {
		if (cJSON_IsNumber(g) && (g->valuedouble < 0 || g->valuedouble > INT_MAX)) {
			SU_PATH(p, "%s.supplementalGroups[%zu]", path, i);
			api_fe_invalid_int(errs, p, su_ll(g), "must be between 0 and 2147483647, inclusive");
		}
	}
	if (su_true(sc, "shareProcessNamespace") && su_true(sc, "hostPID")) {
		SU_PATH(p, "%s.shareProcessNamespace", path);
		api_fe_invalid(errs, p, su_get(sc, "shareProcessNamespace"),
			       "ShareProcessNamespace and HostPID cannot both be enabled");
	}
	const char *fcp = su_str(sc, "fsGroupChangePolicy");
	if (fcp) {
		static const char *const pol[] = {"Always", "OnRootMismatch", NULL};
		if (!su_in(fcp, pol)) {
			SU_PATH(p, "%s.fsGroupChangePolicy", path);
			api_fe_not_supported_str(errs, p, fcp, pol);
		}
	}
	SU_PATH(sp, "%s.seccompProfile", path);
	validate_seccomp_profile(su_get(sc, "seccompProfile"), sp, errs);
}

/* ---- containers ---- */

typedef struct spec_ctx {
	const cJSON *spec;
	pod_volumes vols;
	long long grace;
	bool has_grace;
} spec_ctx;

static void validate_container_common(const cJSON *ctr, spec_ctx *sc, const char *path, api_field_errors *errs)
{
	SU_PATH(np, "%s.name", path);
	const char *name = su_strz(ctr, "name");
	if (!name[0])
		api_fe_required(errs, np, NULL);
	else
		su_check(errs, np, name, kc_validate_dns1123_label);
	if (!su_strz(ctr, "image")[0]) {
		SU_PATH(ip, "%s.image", path);
		api_fe_required(errs, ip, NULL);
	}
	static const char *const tmp[] = {"File", "FallbackToLogsOnError", NULL};
	const char *tm = su_strz(ctr, "terminationMessagePolicy");
	SU_PATH(tp, "%s.terminationMessagePolicy", path);
	if (!tm[0])
		api_fe_required(errs, tp, NULL);
	else if (!su_in(tm, tmp))
		api_fe_not_supported_str(errs, tp, tm, tmp);

	SU_PATH(pp, "%s.ports", path);
	validate_container_ports(su_arr(ctr, "ports"), pp, errs);
	SU_PATH(ep, "%s.env", path);
	validate_env(su_arr(ctr, "env"), ep, errs);
	SU_PATH(efp, "%s.envFrom", path);
	validate_env_from(su_arr(ctr, "envFrom"), efp, errs);
	SU_PATH(vmp, "%s.volumeMounts", path);
	pod_validate_volume_mounts(ctr, &sc->vols, vmp, errs);
	SU_PATH(vdp, "%s.volumeDevices", path);
	pod_validate_volume_devices(ctr, &sc->vols, vdp, errs);
	const char *pull = su_strz(ctr, "imagePullPolicy");
	SU_PATH(ipp, "%s.imagePullPolicy", path);
	if (!pull[0])
		api_fe_required(errs, ipp, NULL);
	else if (!su_in(pull, pull_policies))
		api_fe_not_supported_str(errs, ipp, pull, pull_policies);
	SU_PATH(rp, "%s.resources", path);
	validate_resource_requirements(su_get(ctr, "resources"), rp, errs);
	SU_PATH(scp, "%s.securityContext", path);
	validate_security_context(su_get(ctr, "securityContext"), scp, errs);
}

static void validate_probes_and_lifecycle(const cJSON *ctr, spec_ctx *sc, const char *path,
					  api_field_errors *errs)
{
	const cJSON *lc = su_get(ctr, "lifecycle");
	if (lc) {
		SU_PATH(p, "%s.lifecycle", path);
		validate_lifecycle(lc, sc->grace, sc->has_grace, p, errs);
	}
	SU_PATH(lp, "%s.livenessProbe", path);
	validate_probe(su_get(ctr, "livenessProbe"), PROBE_LIVENESS, sc->grace, sc->has_grace, lp, errs);
	SU_PATH(rp, "%s.readinessProbe", path);
	validate_probe(su_get(ctr, "readinessProbe"), PROBE_READINESS, sc->grace, sc->has_grace, rp, errs);
	SU_PATH(sp, "%s.startupProbe", path);
	validate_probe(su_get(ctr, "startupProbe"), PROBE_STARTUP, sc->grace, sc->has_grace, sp, errs);
}

static void validate_containers(spec_ctx *sc, const char *path, api_field_errors *errs)
{
	const cJSON *containers = su_arr(sc->spec, "containers");
	if (su_len(containers) == 0) {
		api_fe_required(errs, path, NULL);
		return;
	}
	SU_EACH(i, ctr, containers) {
		SU_PATH(ip, "%s[%zu]", path, i);
		validate_container_common(ctr, sc, ip, errs);
		const char *name = su_strz(ctr, "name");
		for (const cJSON *prev = containers->child; prev != ctr; prev = prev->next)
			if (streq(su_strz(prev, "name"), name)) {
				SU_PATH(np, "%s.name", ip);
				api_fe_duplicate_str(errs, np, name);
				break;
			}
		validate_probes_and_lifecycle(ctr, sc, ip, errs);
		if (su_get(ctr, "restartPolicy")) {
			SU_PATH(rp, "%s.restartPolicy", ip);
			api_fe_forbidden(errs, rp, "may not be set for non-init containers");
		}
	}
	check_host_port_conflicts(containers, path, 0, false, errs);
}

static void validate_init_containers(spec_ctx *sc, const char *path, api_field_errors *errs)
{
	const cJSON *inits = su_arr(sc->spec, "initContainers");
	const cJSON *regular = su_arr(sc->spec, "containers");
	SU_EACH(i, ctr, inits) {
		SU_PATH(ip, "%s[%zu]", path, i);
		validate_container_common(ctr, sc, ip, errs);
		bool restart_always = false;
		const cJSON *rpol = su_get(ctr, "restartPolicy");
		if (rpol) {
			SU_PATH(rp, "%s.restartPolicy", ip);
			static const char *const allowed[] = {"Always", NULL};
			const char *v = cJSON_IsString(rpol) ? rpol->valuestring : "";
			if (streq(v, "Always"))
				restart_always = true;
			else
				api_fe_not_supported_str(errs, rp, v, allowed);
		}
		const char *name = su_strz(ctr, "name");
		bool dup = false;
		SU_EACH(k, r, regular) {
			(void)k;
			if (streq(su_strz(r, "name"), name))
				dup = true;
		}
		for (const cJSON *prev = inits->child; prev != ctr && !dup; prev = prev->next)
			if (name[0] && streq(su_strz(prev, "name"), name))
				dup = true;
		if (dup) {
			SU_PATH(np, "%s.name", ip);
			api_fe_duplicate_str(errs, np, name);
		}
		check_host_port_conflicts(inits, path, i, true, errs);
		if (restart_always) {
			validate_probes_and_lifecycle(ctr, sc, ip, errs);
		} else {
			static const char *const forbidden[] = {"lifecycle", "livenessProbe", "readinessProbe",
								"startupProbe", NULL};
			for (size_t f = 0; forbidden[f]; f++)
				if (su_get(ctr, forbidden[f])) {
					SU_PATH(fp, "%s.%s", ip, forbidden[f]);
					api_fe_forbidden(errs, fp, "may not be set for init containers without restartPolicy=Always");
				}
		}
	}
}

/* ---- scheduling ---- */

static void validate_tolerations(const cJSON *tols, const char *path, api_field_errors *errs)
{
	SU_EACH(i, t, tols) {
		SU_PATH(ip, "%s[%zu]", path, i);
		SU_PATH(kp, "%s.key", ip);
		SU_PATH(op, "%s.operator", ip);
		SU_PATH(ep, "%s.effect", ip);
		const char *key = su_strz(t, "key"), *oper = su_strz(t, "operator");
		const char *effect = su_strz(t, "effect"), *value = su_strz(t, "value");
		if (key[0])
			su_check(errs, kp, key, kc_validate_qualified_name);
		if (!key[0] && !streq(oper, "Exists"))
			api_fe_invalid_str(errs, op, oper,
					   "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
		if (su_get(t, "tolerationSeconds") && !streq(effect, "NoExecute"))
			api_fe_invalid_str(errs, ep, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set");
		if (streq(oper, "Equal") || !oper[0]) {
			kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
			if (kc_validate_label_value(value, &m) != 0) {
				_cleanup_free_ char *joined = kc_validate_msgs_join(&m, ";");
				api_fe_invalid_str(errs, op, value, joined);
			}
			kc_validate_msgs_free(&m);
		} else if (streq(oper, "Exists")) {
			if (value[0])
				api_fe_invalid_str(errs, op, value, "value must be empty when `operator` is 'Exists'");
		} else if (streq(oper, "Lt") || streq(oper, "Gt")) {
			static const char *const all[] = {"Equal", "Exists", "Lt", "Gt", NULL};
			api_fe_not_supported_str(errs, op, oper, all);
		} else {
			static const char *const ops[] = {"Equal", "Exists", NULL};
			api_fe_not_supported_str(errs, op, oper, ops);
		}
		if (effect[0] && !su_in(effect, taint_effects))
			api_fe_not_supported_str(errs, ep, effect, taint_effects);
	}
}

static void validate_node_selector_requirement(const cJSON *rq, bool check_values, const char *path,
					       api_field_errors *errs)
{
	const char *op = su_strz(rq, "operator");
	size_t nvals = su_len(su_arr(rq, "values"));
	SU_PATH(vp, "%s.values", path);
	if (streq(op, "In") || streq(op, "NotIn")) {
		if (nvals == 0)
			api_fe_required(errs, vp, "must be specified when `operator` is 'In' or 'NotIn'");
	} else if (streq(op, "Exists") || streq(op, "DoesNotExist")) {
		if (nvals > 0)
			api_fe_forbidden(errs, vp, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
	} else if (streq(op, "Gt") || streq(op, "Lt")) {
		if (nvals != 1)
			api_fe_required(errs, vp, "must be specified single value when `operator` is 'Lt' or 'Gt'");
	} else {
		SU_PATH(opp, "%s.operator", path);
		api_fe_invalid_str(errs, opp, op, "not a valid selector operator");
	}
	SU_PATH(kp, "%s.key", path);
	su_check(errs, kp, su_strz(rq, "key"), kc_validate_qualified_name);
	if (check_values)
		SU_EACH(i, v, su_arr(rq, "values")) {
			SU_PATH(ip, "%s[%zu]", vp, i);
			su_check(errs, ip, cJSON_IsString(v) ? v->valuestring : "", kc_validate_label_value);
		}
}

static void validate_node_selector_term(const cJSON *term, bool check_values, const char *path,
					api_field_errors *errs)
{
	SU_EACH(i, rq, su_arr(term, "matchExpressions")) {
		SU_PATH(p, "%s.matchExpressions[%zu]", path, i);
		validate_node_selector_requirement(rq, check_values, p, errs);
	}
	SU_EACH(i, rq, su_arr(term, "matchFields")) {
		SU_PATH(p, "%s.matchFields[%zu]", path, i);
		const char *op = su_strz(rq, "operator");
		if (streq(op, "In") || streq(op, "NotIn")) {
			if (su_len(su_arr(rq, "values")) != 1) {
				SU_PATH(vp, "%s.values", p);
				api_fe_required(errs, vp,
						"must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
			}
		} else {
			SU_PATH(opp, "%s.operator", p);
			api_fe_invalid_str(errs, opp, op, "not a valid selector operator");
		}
		const char *key = su_strz(rq, "key");
		if (!streq(key, "metadata.name")) {
			SU_PATH(kp, "%s.key", p);
			api_fe_invalid_str(errs, kp, key, "not a valid field selector key");
		} else {
			SU_EACH(j, v, su_arr(rq, "values")) {
				SU_PATH(vp, "%s.values[%zu]", p, j);
				su_check_name(errs, vp, cJSON_IsString(v) ? v->valuestring : "",
					      kc_validate_name_dns_subdomain);
			}
		}
	}
}

static void validate_pod_affinity_term(const cJSON *term, const char *path, api_field_errors *errs)
{
	SU_PATH(lp, "%s.labelSelector", path);
	su_label_selector(errs, lp, su_get(term, "labelSelector"));
	SU_PATH(nsp, "%s.namespaceSelector", path);
	su_label_selector(errs, nsp, su_get(term, "namespaceSelector"));
	SU_PATH(np, "%s.namespace", path);
	SU_EACH(i, ns, su_arr(term, "namespaces")) {
		(void)i;
		su_check_name(errs, np, cJSON_IsString(ns) ? ns->valuestring : "", kc_validate_name_dns_label);
	}
	SU_PATH(tp, "%s.topologyKey", path);
	const char *tk = su_strz(term, "topologyKey");
	if (!tk[0])
		api_fe_required(errs, tp, "can not be empty");
	su_check(errs, tp, tk, kc_validate_qualified_name);
}

static void validate_pod_affinity(const cJSON *pa, const char *path, api_field_errors *errs)
{
	SU_EACH(i, term, su_arr(pa, "requiredDuringSchedulingIgnoredDuringExecution")) {
		SU_PATH(p, "%s.requiredDuringSchedulingIgnoredDuringExecution[%zu]", path, i);
		validate_pod_affinity_term(term, p, errs);
	}
	SU_EACH(i, wt, su_arr(pa, "preferredDuringSchedulingIgnoredDuringExecution")) {
		SU_PATH(p, "%s.preferredDuringSchedulingIgnoredDuringExecution[%zu]", path, i);
		long long w = su_intd(wt, "weight", 0);
		if (w <= 0 || w > 100) {
			SU_PATH(wp, "%s.weight", p);
			api_fe_invalid_int(errs, wp, w, "must be in the range 1-100");
		}
		SU_PATH(tp, "%s.podAffinityTerm", p);
		validate_pod_affinity_term(su_get(wt, "podAffinityTerm"), tp, errs);
	}
}

static void validate_affinity(const cJSON *aff, const char *path, api_field_errors *errs)
{
	const cJSON *na = su_get(aff, "nodeAffinity");
	if (na) {
		const cJSON *req = su_get(na, "requiredDuringSchedulingIgnoredDuringExecution");
		if (req) {
			SU_PATH(tp, "%s.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", path);
			const cJSON *terms = su_arr(req, "nodeSelectorTerms");
			if (su_len(terms) == 0)
				api_fe_required(errs, tp, "must have at least one node selector term");
			SU_EACH(i, term, terms) {
				SU_PATH(p, "%s[%zu]", tp, i);
				validate_node_selector_term(term, true, p, errs);
			}
		}
		SU_EACH(i, pt, su_arr(na, "preferredDuringSchedulingIgnoredDuringExecution")) {
			SU_PATH(p, "%s.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[%zu]", path, i);
			long long w = su_intd(pt, "weight", 0);
			if (w <= 0 || w > 100) {
				SU_PATH(wp, "%s.weight", p);
				api_fe_invalid_int(errs, wp, w, "must be in the range 1-100");
			}
			SU_PATH(pp, "%s.preference", p);
			validate_node_selector_term(su_get(pt, "preference"), false, pp, errs);
		}
	}
	const cJSON *pa;
	if ((pa = su_get(aff, "podAffinity"))) {
		SU_PATH(p, "%s.podAffinity", path);
		validate_pod_affinity(pa, p, errs);
	}
	if ((pa = su_get(aff, "podAntiAffinity"))) {
		SU_PATH(p, "%s.podAntiAffinity", path);
		validate_pod_affinity(pa, p, errs);
	}
}

static void validate_dns_config(const cJSON *cfg, const char *policy, const char *path, api_field_errors *errs)
{
	if (streq(policy, "None")) {
		if (!cfg) {
			api_fe_required(errs, path, "must provide `dnsConfig` when `dnsPolicy` is None");
			return;
		}
		if (su_len(su_arr(cfg, "nameservers")) == 0) {
			SU_PATH(p, "%s.nameservers", path);
			api_fe_required(errs, p, "must provide at least one DNS nameserver when `dnsPolicy` is None");
			return;
		}
	}
	if (!cfg)
		return;
	const cJSON *ns = su_arr(cfg, "nameservers");
	SU_PATH(nsp, "%s.nameservers", path);
	if (su_len(ns) > 3)
		api_fe_invalid(errs, nsp, ns, "must not have more than 3 nameservers");
	SU_EACH(i, n, ns) {
		SU_PATH(p, "%s[%zu]", nsp, i);
		kc_validate_errors v = KC_VALIDATE_ERRORS_INIT;
		kc_validate_ip_legacy(&v, p, cJSON_IsString(n) ? n->valuestring : "", true);
		api_fe_add_validate(errs, &v);
		kc_validate_errors_free(&v);
	}
	const cJSON *searches = su_arr(cfg, "searches");
	SU_PATH(sp, "%s.searches", path);
	if (su_len(searches) > 32)
		api_fe_invalid(errs, sp, searches, "must not have more than 32 search paths");
	size_t total = 0;
	SU_EACH(i, s, searches) total += (i ? 1 : 0) + strlen(cJSON_IsString(s) ? s->valuestring : "");
	if (total > 2048)
		api_fe_invalid(errs, sp, searches,
			       "must not have more than 2048 characters (including spaces) in the search list");
	SU_EACH(i, s, searches) {
		const char *v = cJSON_IsString(s) ? s->valuestring : "";
		if (streq(v, "."))
			continue;
		_cleanup_free_ char *trimmed = xstrdup(v);
		size_t len = strlen(trimmed);
		if (len && trimmed[len - 1] == '.')
			trimmed[len - 1] = '\0';
		SU_PATH(p, "%s[%zu]", sp, i);
		su_check(errs, p, trimmed, kc_validate_dns1123_subdomain_underscore);
	}
	SU_EACH(i, o, su_arr(cfg, "options")) {
		if (!su_strz(o, "name")[0]) {
			SU_PATH(p, "%s.options[%zu]", path, i);
			api_fe_required(errs, p, "must not be empty");
		}
	}
}

static void validate_host_network_deps(const cJSON *spec, const char *path, bool is_pod, api_field_errors *errs)
{
	if (!su_true(spec, "hostNetwork"))
		return;
	SU_EACH(ci, ctr, su_arr(spec, "containers")) {
		SU_EACH(pi, port, su_arr(ctr, "ports")) {
			long long hp = su_intd(port, "hostPort", 0), cp = su_intd(port, "containerPort", 0);
			if ((is_pod || hp != 0) && hp != cp) {
				SU_PATH(p, "%s.containers[%zu].ports[%zu].hostPort", path, ci, pi);
				api_fe_invalid_int(errs, p, hp, "must match `containerPort` when `hostNetwork` is true");
			}
		}
	}
}

static void validate_topology_spread(const cJSON *tscs, const char *path, api_field_errors *errs)
{
	static const char *const actions[] = {"DoNotSchedule", "ScheduleAnyway", NULL};
	SU_EACH(i, c, tscs) {
		SU_PATH(ip, "%s[%zu]", path, i);
		long long skew = su_intd(c, "maxSkew", 0);
		if (skew <= 0) {
			SU_PATH(p, "%s.maxSkew", ip);
			api_fe_invalid_int(errs, p, skew, "must be greater than zero");
		}
		const char *tk = su_strz(c, "topologyKey");
		SU_PATH(tp, "%s.topologyKey", ip);
		if (!tk[0])
			api_fe_required(errs, tp, "can not be empty");
		else
			su_check(errs, tp, tk, kc_validate_qualified_name);
		const char *wu = su_strz(c, "whenUnsatisfiable");
		if (!su_in(wu, actions)) {
			SU_PATH(p, "%s.whenUnsatisfiable", ip);
			api_fe_not_supported_str(errs, p, wu, actions);
		}
		for (const cJSON *prev = tscs->child; prev != c; prev = prev->next)
			if (streq(su_strz(prev, "topologyKey"), tk) && streq(su_strz(prev, "whenUnsatisfiable"), wu)) {
				SU_PATH(p, "{%s, %s}", tk, wu);
				api_fe_duplicate_str(errs, ip, p);
				break;
			}
		SU_PATH(lp, "%s.labelSelector", ip);
		su_label_selector(errs, lp, su_get(c, "labelSelector"));
	}
}

void api_validate_pod_spec(const cJSON *spec, const cJSON *pod_meta, const char *path, bool resource_is_pod,
			   api_field_errors *errs)
{
	spec_ctx sc = {.spec = spec};
	long long v;
	SU_PATH(tgp, "%s.terminationGracePeriodSeconds", path);
	if (su_int(spec, "terminationGracePeriodSeconds", &sc.grace))
		sc.has_grace = true;
	else
		api_fe_required(errs, tgp, NULL);

	SU_PATH(volp, "%s.volumes", path);
	pod_validate_volumes(su_arr(spec, "volumes"), pod_meta, volp, &sc.vols, errs);
	SU_PATH(cp, "%s.containers", path);
	validate_containers(&sc, cp, errs);
	SU_PATH(icp, "%s.initContainers", path);
	validate_init_containers(&sc, icp, errs);

	validate_host_network_deps(spec, path, resource_is_pod, errs);

	const char *rp = su_strz(spec, "restartPolicy");
	SU_PATH(rpp, "%s.restartPolicy", path);
	if (!rp[0])
		api_fe_required(errs, rpp, NULL);
	else if (!su_in(rp, restart_policies))
		api_fe_not_supported_str(errs, rpp, rp, restart_policies);
	const char *dp = su_strz(spec, "dnsPolicy");
	SU_PATH(dpp, "%s.dnsPolicy", path);
	if (!dp[0])
		api_fe_required(errs, dpp, NULL);
	else if (!su_in(dp, dns_policies))
		api_fe_not_supported_str(errs, dpp, dp, dns_policies);
	SU_PATH(nsp, "%s.nodeSelector", path);
	su_labels(errs, nsp, su_obj(spec, "nodeSelector"));
	SU_PATH(scp, "%s.securityContext", path);
	validate_pod_security_context(su_get(spec, "securityContext"), scp, errs);
	SU_EACH(i, ips, su_arr(spec, "imagePullSecrets")) {
		bool only_name = cJSON_IsObject(ips);
		const cJSON *m;
		cJSON_ArrayForEach(m, ips) if (!streq(m->string, "name")) only_name = false;
		if (!only_name) {
			SU_PATH(p, "%s.imagePullSecrets[%zu]", path, i);
			static const char *const ref[] = {"sName:name", NULL};
			_cleanup_free_ char *rendered = su_go_struct(ips, ref);
			api_fe_add_rendered(errs, API_FE_INVALID, p, rendered, "only name may be set");
		}
	}
	SU_PATH(ap, "%s.affinity", path);
	validate_affinity(su_get(spec, "affinity"), ap, errs);
	SU_PATH(dcp, "%s.dnsConfig", path);
	validate_dns_config(su_get(spec, "dnsConfig"), dp, dcp, errs);
	SU_EACH(i, g, su_arr(spec, "readinessGates")) {
		SU_PATH(p, "%s.readinessGates[%zu].conditionType", path, i);
		su_check(errs, p, su_strz(g, "conditionType"), kc_validate_qualified_name);
	}
	SU_EACH(i, g, su_arr(spec, "schedulingGates")) {
		SU_PATH(p, "%s.schedulingGates[%zu]", path, i);
		const char *name = su_strz(g, "name");
		su_check(errs, p, name, kc_validate_qualified_name);
		for (const cJSON *prev = su_first(su_arr(spec, "schedulingGates")); prev && prev != g; prev = prev->next)
			if (streq(su_strz(prev, "name"), name)) {
				api_fe_duplicate_str(errs, p, name);
				break;
			}
	}
	SU_PATH(tscp, "%s.topologySpreadConstraints", path);
	validate_topology_spread(su_arr(spec, "topologySpreadConstraints"), tscp, errs);

	const char *san = su_strz(spec, "serviceAccountName");
	if (san[0]) {
		SU_PATH(p, "%s.serviceAccountName", path);
		su_check_name(errs, p, san, kc_validate_name_dns_subdomain);
	}
	const char *node = su_strz(spec, "nodeName");
	if (node[0]) {
		SU_PATH(p, "%s.nodeName", path);
		su_check_name(errs, p, node, kc_validate_name_dns_subdomain);
	}
	if (su_int(spec, "activeDeadlineSeconds", &v) && (v < 1 || v > INT_MAX)) {
		SU_PATH(p, "%s.activeDeadlineSeconds", path);
		api_fe_invalid_int(errs, p, v, "must be between 1 and 2147483647, inclusive");
	}
	const char *hn = su_strz(spec, "hostname");
	if (hn[0]) {
		SU_PATH(p, "%s.hostname", path);
		su_check(errs, p, hn, kc_validate_dns1123_label);
	}
	const char *sd = su_strz(spec, "subdomain");
	if (sd[0]) {
		SU_PATH(p, "%s.subdomain", path);
		su_check(errs, p, sd, kc_validate_dns1123_label);
	}
	SU_PATH(tolp, "%s.tolerations", path);
	validate_tolerations(su_arr(spec, "tolerations"), tolp, errs);
	SU_EACH(i, ha, su_arr(spec, "hostAliases")) {
		SU_PATH(ipp, "%s.hostAliases[%zu].ip", path, i);
		kc_validate_errors ve = KC_VALIDATE_ERRORS_INIT;
		kc_validate_ip_legacy(&ve, ipp, su_strz(ha, "ip"), true);
		api_fe_add_validate(errs, &ve);
		kc_validate_errors_free(&ve);
		SU_EACH(j, h, su_arr(ha, "hostnames")) {
			SU_PATH(hp, "%s.hostAliases[%zu].hostnames[%zu]", path, i, j);
			su_check(errs, hp, cJSON_IsString(h) ? h->valuestring : "", kc_validate_dns1123_subdomain);
		}
	}
	const char *pcn = su_strz(spec, "priorityClassName");
	if (pcn[0]) {
		SU_PATH(p, "%s.priorityClassName", path);
		su_check_name(errs, p, pcn, kc_validate_name_dns_subdomain);
	}
	const char *rcn = su_str(spec, "runtimeClassName");
	if (rcn) {
		SU_PATH(p, "%s.runtimeClassName", path);
		su_check_name(errs, p, rcn, kc_validate_name_dns_subdomain);
	}
	const char *pp = su_str(spec, "preemptionPolicy");
	if (pp) {
		static const char *const pols[] = {"PreemptLowerPriority", "Never", NULL};
		SU_PATH(p, "%s.preemptionPolicy", path);
		if (!pp[0])
			api_fe_required(errs, p, NULL);
		else if (!su_in(pp, pols))
			api_fe_not_supported_str(errs, p, pp, pols);
	}
	const cJSON *os = su_get(spec, "os");
	if (os) {
		static const char *const oses[] = {"linux", "windows", NULL};
		const char *name = su_strz(os, "name");
		SU_PATH(p, "%s.os.name", path);
		if (!name[0])
			api_fe_required(errs, p, NULL);
		else if (!su_in(name, oses))
			api_fe_not_supported_str(errs, p, name, oses);
	}
	pod_volumes_free(&sc.vols);
}

void api_validate_pod_template_spec(const cJSON *tmpl, const char *path, api_field_errors *errs)
{
	if (!tmpl) {
		api_fe_required(errs, path, NULL);
		return;
	}
	const cJSON *meta = su_get(tmpl, "metadata");
	SU_PATH(lp, "%s.labels", path);
	su_labels(errs, lp, su_obj(meta, "labels"));
	SU_PATH(ap, "%s.annotations", path);
	su_annotations(errs, ap, su_obj(meta, "annotations"));
	SU_PATH(sp, "%s.spec", path);
	api_validate_pod_spec(su_get(tmpl, "spec"), NULL, sp, false, errs);
	if (su_len(su_arr(su_get(tmpl, "spec"), "ephemeralContainers")) > 0) {
		SU_PATH(ep, "%s.spec.ephemeralContainers", path);
		api_fe_forbidden(errs, ep, "ephemeral containers not allowed in pod template");
	}
}

/* validateContainersOnlyForPod */
static void validate_images_whitespace(const cJSON *containers, const char *path, api_field_errors *errs)
{
	SU_EACH(i, ctr, containers) {
		const char *img = su_strz(ctr, "image");
		size_t len = strlen(img);
		if (len && (strchr(" \t\n\v\f\r", img[0]) || strchr(" \t\n\v\f\r", img[len - 1]))) {
			SU_PATH(p, "%s[%zu].image", path, i);
			api_fe_invalid_str(errs, p, img, "must not have leading or trailing whitespace");
		}
	}
}

/* validatePodMetadataAndSpec minus ValidateObjectMeta. */
static void validate_pod_meta_and_spec(const cJSON *pod, api_field_errors *errs)
{
	const cJSON *spec = su_get(pod, "spec"), *meta = su_get(pod, "metadata");
	const char *mirror = su_str(su_obj(meta, "annotations"), "kubernetes.io/config.mirror");
	if (mirror && !su_strz(spec, "nodeName")[0])
		api_fe_invalid_str(errs, "metadata.annotations[kubernetes.io/config.mirror]", mirror,
				   "must set spec.nodeName if mirror pod annotation is set");
	api_validate_pod_spec(spec, meta, "spec", true, errs);
	if (!su_strz(spec, "serviceAccountName")[0]) {
		SU_EACH(vi, vol, su_arr(spec, "volumes")) {
			SU_EACH(si, src, su_arr(su_get(vol, "projected"), "sources")) {
				if (su_get(src, "serviceAccountToken")) {
					SU_PATH(p, "spec.volumes[%zu].projected.sources[%zu].serviceAccountToken", vi, si);
					api_fe_forbidden(errs, p, "must not be specified when serviceAccountName is not set");
				}
			}
		}
	}
	validate_images_whitespace(su_arr(spec, "containers"), "spec.containers", errs);
	validate_images_whitespace(su_arr(spec, "initContainers"), "spec.initContainers", errs);
}

void api_validate_pod_create(const cJSON *pod, api_field_errors *errs)
{
	validate_pod_meta_and_spec(pod, errs);
	const cJSON *spec = su_get(pod, "spec");
	if (su_len(su_arr(spec, "ephemeralContainers")) > 0)
		api_fe_forbidden(errs, "spec.ephemeralContainers", "cannot be set on create");
	if (su_strz(spec, "nodeName")[0] && su_len(su_arr(spec, "schedulingGates")) != 0)
		api_fe_forbidden(errs, "spec.nodeName", "cannot be set until all schedulingGates have been cleared");
}
