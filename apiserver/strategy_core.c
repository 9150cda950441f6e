/* strategy_core.c - the core/v1 kinds without a file of their own:
 * namespaces, nodes, configmaps, secrets, serviceaccounts, endpoints,
 * events and bindings (upstream's pkg/registry/core/<kind>/strategy.go
 * with pkg/apis/core/validation and v1 defaults). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apiserver/strategies.h"
#include "apiserver/strategy_util.h"
#include "apiserver/validation_meta.h"
#include "common/base64.h"
#include "common/quantity.h"
#include "common/util.h"
#include "common/validate.h"
#include "banned.h"

#define MAX_SECRET_SIZE (1024 * 1024)

static void keep_status(cJSON *obj, const cJSON *old)
{
	const cJSON *st = su_get(old, "status");
	if (st)
		su_put(obj, "status", cJSON_Duplicate(st, true));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "status");
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

/* The members of a map, sorted by key (Go ranges maps in random order;
 * sorted keeps our messages stable). Caller frees. */
static const cJSON **members(const cJSON *map, size_t *n)
{
	size_t cap = su_len(map), i = 0;
	const cJSON **v = xcalloc(cap ? cap : 1, sizeof(*v));
	const cJSON *it;
	if (cJSON_IsObject(map))
		cJSON_ArrayForEach(it, map) v[i++] = it;
	qsort(v, i, sizeof(*v), cmp_names);
	*n = i;
	return v;
}

/* ---- namespaces ---- */

static void namespace_label(cJSON *obj)
{
	const char *name = su_strz(su_get(obj, "metadata"), "name");
	if (!name[0])
		return;
	cJSON *labels = su_ensure_obj(su_ensure_obj(obj, "metadata"), "labels");
	su_put_str(labels, "kubernetes.io/metadata.name", name);
}

static void namespaces_defaults(cJSON *obj)
{
	namespace_label(obj);
	cJSON *status = su_getm(obj, "status");
	if (cJSON_IsObject(status))
		su_default_str(status, "phase", "Active");
}

static void namespaces_prepare_create(cJSON *obj)
{
	cJSON *status = cJSON_CreateObject();
	cJSON_AddStringToObject(status, "phase", "Active");
	su_put(obj, "status", status);
	cJSON *spec = su_ensure_obj(obj, "spec");
	cJSON *fin = su_ensure_arr(spec, "finalizers");
	bool has = false;
	const cJSON *f;
	cJSON_ArrayForEach(f, fin) if (cJSON_IsString(f) && streq(f->valuestring, "kubernetes")) has = true;
	if (!has)
		cJSON_AddItemToArray(fin, cJSON_CreateString("kubernetes"));
	/* upstream sets the name label in Canonicalize, after generateName */
	namespace_label(obj);
}

static void namespaces_prepare_update(cJSON *obj, const cJSON *old)
{
	cJSON *spec = su_ensure_obj(obj, "spec");
	const cJSON *of = su_get(su_get(old, "spec"), "finalizers");
	if (of)
		su_put(spec, "finalizers", cJSON_Duplicate(of, true));
	else
		cJSON_DeleteItemFromObjectCaseSensitive(spec, "finalizers");
	if (!spec->child)
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "spec");
	keep_status(obj, old);
	namespace_label(obj);
}

static void validate_ns_finalizers(const cJSON *obj, api_field_errors *errs)
{
	SU_EACH(i, f, su_arr(su_get(obj, "spec"), "finalizers")) {
		(void)i;
		const char *name = cJSON_IsString(f) ? f->valuestring : "";
		su_check(errs, "spec.finalizers", name, kc_validate_qualified_name);
		api_validate_kube_finalizer_name(name, "spec.finalizers", errs);
	}
}

static void namespaces_validate_create(const cJSON *obj, api_field_errors *errs) { validate_ns_finalizers(obj, errs); }

static void namespaces_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)obj;
	(void)old;
	(void)errs; /* ValidateNamespaceUpdate checks only the metadata */
}

static void namespaces_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	const char *phase = su_strz(su_get(obj, "status"), "phase");
	bool deleting = su_set(su_get(obj, "metadata"), "deletionTimestamp");
	if (!deleting && !streq(phase, "Active"))
		api_fe_invalid_str(errs, "status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty");
	else if (deleting && !streq(phase, "Terminating"))
		api_fe_invalid_str(errs, "status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty");
}

static const char *const namespace_fields[] = {"status.phase", NULL};

const api_strategy api_strategy_namespaces = {
	.group = "",
	.plural = "namespaces",
	.defaults = namespaces_defaults,
	.prepare_create = namespaces_prepare_create,
	.prepare_update = namespaces_prepare_update,
	.validate_create = namespaces_validate_create,
	.validate_update = namespaces_validate_update,
	.validate_status_update = namespaces_validate_status,
	.field_selectors = namespace_fields,
	.has_status = true,
	.tracks_generation = false,
};

/* ---- nodes ---- */

static void canonical_list(cJSON *list)
{
	if (!cJSON_IsObject(list))
		return;
	cJSON *it = list->child;
	while (it) {
		cJSON *next = it->next;
		kc_quantity q;
		char buf[KC_QUANTITY_STR_MAX];
		if (kc_quantity_from_json(it, &q, NULL) == 0) {
			kc_quantity_string(&q, buf);
			if (!cJSON_IsString(it) || !streq(it->valuestring, buf))
				cJSON_ReplaceItemInObjectCaseSensitive(list, it->string, cJSON_CreateString(buf));
		}
		it = next;
	}
}

static void nodes_defaults(cJSON *obj)
{
	cJSON *spec = su_getm(obj, "spec");
	if (cJSON_IsObject(spec)) {
		/* v1 carries podCIDR beside podCIDRs; the conversion keeps them in step */
		const char *pc = su_strz(spec, "podCIDR");
		if (pc[0] && su_len(su_arr(spec, "podCIDRs")) == 0) {
			cJSON *arr = cJSON_CreateArray();
			cJSON_AddItemToArray(arr, cJSON_CreateString(pc));
			su_put(spec, "podCIDRs", arr);
		}
		const cJSON *cidrs = su_arr(spec, "podCIDRs");
		if (cidrs && cJSON_IsString(cidrs->child))
			su_put_str(spec, "podCIDR", cidrs->child->valuestring);
	}
	cJSON *status = su_getm(obj, "status");
	if (cJSON_IsObject(status)) {
		canonical_list(su_getm(status, "capacity"));
		canonical_list(su_getm(status, "allocatable"));
		if (!su_get(status, "allocatable") && su_get(status, "capacity"))
			su_put(status, "allocatable", cJSON_Duplicate(su_get(status, "capacity"), true));
	}
}

static const char *const taint_effects[] = {"NoSchedule", "PreferNoSchedule", "NoExecute", NULL};

static void validate_taints(const cJSON *spec, api_field_errors *errs)
{
	const cJSON *taints = su_arr(spec, "taints");
	SU_EACH(i, t, taints) {
		/* upstream reports taints under metadata.taints */
		SU_PATH(p, "metadata.taints[%zu]", i);
		SU_PATH(kp, "%s.key", p);
		SU_PATH(vp, "%s.value", p);
		SU_PATH(ep, "%s.effect", p);
		const char *key = su_strz(t, "key"), *value = su_strz(t, "value"), *effect = su_strz(t, "effect");
		su_check(errs, kp, key, kc_validate_qualified_name);
		kc_validate_msgs m = KC_VALIDATE_MSGS_INIT;
		if (kc_validate_label_value(value, &m) != 0) {
			_cleanup_free_ char *joined = kc_validate_msgs_join(&m, ";");
			api_fe_invalid_str(errs, vp, value, joined);
		}
		kc_validate_msgs_free(&m);
		if (!effect[0])
			api_fe_required(errs, ep, NULL);
		else if (!su_in(effect, taint_effects))
			api_fe_not_supported_str(errs, ep, effect, taint_effects);
		for (const cJSON *prev = taints->child; prev != t; prev = prev->next)
			if (streq(su_strz(prev, "key"), key) && streq(su_strz(prev, "effect"), effect)) {
				static const char *const taint[] = {"sKey:key", "sValue:value", "sEffect:effect",
								    "pTimeAdded:timeAdded", NULL};
				_cleanup_free_ char *v = su_go_struct(t, taint);
				api_fe_add_rendered(errs, API_FE_DUPLICATE, p, v, "taints must be unique by key and effect pair");
				break;
			}
	}
}

static void validate_node_resources(const cJSON *obj, api_field_errors *errs)
{
	static const char *const lists[] = {"capacity", "allocatable", NULL};
	for (size_t l = 0; lists[l]; l++) {
		size_t n;
		_cleanup_free_ const cJSON **m = members(su_obj(su_get(obj, "status"), lists[l]), &n);
		for (size_t i = 0; i < n; i++) {
			kc_quantity q;
			SU_PATH(p, "status.%s.%s", lists[l], m[i]->string);
			if (kc_quantity_from_json(m[i], &q, NULL) < 0)
				continue;
			char buf[KC_QUANTITY_STR_MAX];
			if (kc_quantity_sign(&q) < 0)
				api_fe_invalid_str(errs, p, kc_quantity_string(&q, buf), "must be greater than or equal to 0");
		}
	}
}

static void nodes_validate_create(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec");
	validate_taints(spec, errs);
	validate_node_resources(obj, errs);
	const cJSON *cidrs = su_arr(spec, "podCIDRs");
	SU_EACH(i, c, cidrs) {
		SU_PATH(p, "spec.podCIDRs[%zu]", i);
		su_cidr_legacy(errs, p, cJSON_IsString(c) ? c->valuestring : "");
	}
	if (su_len(cidrs) > 1) {
		const char *a = cJSON_IsString(cidrs->child) ? cidrs->child->valuestring : "";
		const char *b = cJSON_IsString(cidrs->child->next) ? cidrs->child->next->valuestring : "";
		if ((strchr(a, ':') != NULL) == (strchr(b, ':') != NULL) || su_len(cidrs) > 2)
			api_fe_invalid(errs, "spec.podCIDRs", cidrs, "may specify no more than one CIDR for each IP family");
	}
}

/* ValidateNodeUpdate (the status subresource uses it alone) */
static void node_update_rules(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	const cJSON *spec = su_get(obj, "spec"), *os = su_get(old, "spec");
	validate_node_resources(obj, errs);
	const cJSON *addrs = su_arr(su_get(obj, "status"), "addresses");
	SU_EACH(i, a, addrs) {
		for (const cJSON *prev = addrs->child; prev != a; prev = prev->next)
			if (su_equal(prev, a)) {
				SU_PATH(p, "status.addresses[%zu]", i);
				static const char *const addr[] = {"sType:type", "sAddress:address", NULL};
				_cleanup_free_ char *v = su_go_struct(a, addr);
				api_fe_add_rendered(errs, API_FE_DUPLICATE, p, v, NULL);
				break;
			}
	}
	const cJSON *oc = su_arr(os, "podCIDRs"), *nc = su_arr(spec, "podCIDRs");
	if (su_len(oc) > 0) {
		static const char msg[] = "node updates may not change podCIDR except from \"\" to valid";
		if (su_len(oc) != su_len(nc)) {
			api_fe_forbidden(errs, "spec.podCIDRs", msg);
		} else {
			SU_EACH(i, c, oc) {
				if (!su_equal(c, cJSON_GetArrayItem(nc, (int)i)))
					api_fe_forbidden(errs, "spec.podCIDRs", msg);
			}
		}
	}
	const char *opid = su_strz(os, "providerID");
	if (opid[0] && !streq(opid, su_strz(spec, "providerID")))
		api_fe_forbidden(errs, "spec.providerID", "node updates may not change providerID except from \"\" to valid");
	validate_taints(spec, errs);
	if (!streq(su_strz(spec, "externalID"), su_strz(os, "externalID")))
		api_fe_forbidden(errs, "spec.externalID", "may not be updated");
}

/* upstream runs ValidateNode and then ValidateNodeUpdate */
static void nodes_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	nodes_validate_create(obj, errs);
	node_update_rules(obj, old, errs);
}

static void nodes_prepare_update(cJSON *obj, const cJSON *old) { keep_status(obj, old); }

static void nodes_validate_status(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	node_update_rules(obj, old, errs);
}

static const char *const node_fields[] = {"spec.unschedulable", NULL};

const api_strategy api_strategy_nodes = {
	.group = "",
	.plural = "nodes",
	.defaults = nodes_defaults,
	.prepare_update = nodes_prepare_update,
	.validate_create = nodes_validate_create,
	.validate_update = nodes_validate_update,
	.validate_status_update = nodes_validate_status,
	.field_selectors = node_fields,
	.has_status = true,
	.tracks_generation = false,
};

/* ---- configmaps ---- */

static void configmaps_validate_create(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *data = su_obj(obj, "data"), *bin = su_obj(obj, "binaryData");
	size_t total = 0, n;
	_cleanup_free_ const cJSON **dm = members(data, &n);
	for (size_t i = 0; i < n; i++) {
		SU_PATH(p, "data[%s]", dm[i]->string);
		su_check(errs, p, dm[i]->string, kc_validate_config_map_key);
		if (cJSON_GetObjectItemCaseSensitive(bin, dm[i]->string))
			api_fe_invalid_str(errs, p, dm[i]->string, "duplicate of key present in binaryData");
		total += strlen(cJSON_IsString(dm[i]) ? dm[i]->valuestring : "");
	}
	_cleanup_free_ const cJSON **bm = members(bin, &n);
	for (size_t i = 0; i < n; i++) {
		SU_PATH(p, "binaryData[%s]", bm[i]->string);
		su_check(errs, p, bm[i]->string, kc_validate_config_map_key);
		const char *b64 = cJSON_IsString(bm[i]) ? bm[i]->valuestring : "";
		char *raw = NULL;
		size_t len = 0;
		if (kc_base64_decode(b64, strlen(b64), &raw, &len) == 0) {
			total += len;
			free(raw);
		}
	}
	if (total > MAX_SECRET_SIZE)
		api_fe_too_long(errs, "", NULL, MAX_SECRET_SIZE);
}

static void immutable_flag(const cJSON *obj, const cJSON *old, const char *const *data_keys, api_field_errors *errs)
{
	if (!su_true(old, "immutable"))
		return;
	if (!su_true(obj, "immutable"))
		api_fe_forbidden(errs, "immutable", "field is immutable when `immutable` is set");
	for (size_t i = 0; data_keys[i]; i++)
		if (!su_equal_member(obj, old, data_keys[i]))
			api_fe_forbidden(errs, data_keys[i], "field is immutable when `immutable` is set");
}

static void configmaps_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	static const char *const keys[] = {"data", "binaryData", NULL};
	immutable_flag(obj, old, keys, errs);
	configmaps_validate_create(obj, errs);
}

const api_strategy api_strategy_configmaps = {
	.group = "",
	.plural = "configmaps",
	.validate_create = configmaps_validate_create,
	.validate_update = configmaps_validate_update,
};

/* ---- secrets ---- */

static void secrets_defaults(cJSON *obj)
{
	if (!cJSON_IsObject(obj))
		return;
	su_default_str(obj, "type", "Opaque");
	/* v1's write-only stringData merges into data (base64) */
	const cJSON *sd = su_obj(obj, "stringData");
	if (sd) {
		cJSON *data = su_ensure_obj(obj, "data");
		const cJSON *it;
		cJSON_ArrayForEach(it, sd) {
			const char *v = cJSON_IsString(it) ? it->valuestring : "";
			_cleanup_free_ char *enc = kc_base64_encode(v, strlen(v));
			su_put_str(data, it->string, enc);
		}
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, "stringData");
}

static bool secret_has(const cJSON *data, const char *key) { return cJSON_GetObjectItemCaseSensitive(data, key) != NULL; }

/* The decoded bytes of data[key] (NULL when absent or not base64). */
static char *secret_value(const cJSON *data, const char *key, size_t *len)
{
	const char *b64 = su_str(data, key);
	char *raw = NULL;
	if (!b64 || kc_base64_decode(b64, strlen(b64), &raw, len) < 0)
		return NULL;
	return raw;
}

static void validate_docker_json(const cJSON *data, const char *key, api_field_errors *errs)
{
	SU_PATH(p, "data[%s]", key);
	if (!secret_has(data, key)) {
		api_fe_required(errs, p, NULL);
		return;
	}
	size_t len = 0;
	_cleanup_free_ char *raw = secret_value(data, key, &len);
	cJSON *parsed = raw ? cJSON_ParseWithLength(raw, len) : NULL;
	if (!cJSON_IsObject(parsed))
		api_fe_invalid_str(errs, p, "<secret contents redacted>", "unexpected end of JSON input");
	cJSON_Delete(parsed);
}

static void secrets_validate_create(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *data = su_obj(obj, "data");
	size_t total = 0, n;
	_cleanup_free_ const cJSON **dm = members(data, &n);
	for (size_t i = 0; i < n; i++) {
		SU_PATH(p, "data[%s]", dm[i]->string);
		su_check(errs, p, dm[i]->string, kc_validate_config_map_key);
		size_t len = 0;
		char *raw = secret_value(data, dm[i]->string, &len);
		if (raw)
			total += len;
		free(raw);
	}
	if (total > MAX_SECRET_SIZE)
		api_fe_too_long(errs, "data", NULL, MAX_SECRET_SIZE);
	const char *type = su_strz(obj, "type");
	if (streq(type, "kubernetes.io/service-account-token")) {
		const char *sa = su_strz(su_obj(su_get(obj, "metadata"), "annotations"), "kubernetes.io/service-account.name");
		if (!sa[0])
			api_fe_required(errs, "metadata.annotations[kubernetes.io/service-account.name]", NULL);
	} else if (streq(type, "kubernetes.io/dockercfg")) {
		validate_docker_json(data, ".dockercfg", errs);
	} else if (streq(type, "kubernetes.io/dockerconfigjson")) {
		validate_docker_json(data, ".dockerconfigjson", errs);
	} else if (streq(type, "kubernetes.io/basic-auth")) {
		if (!secret_has(data, "username") && !secret_has(data, "password")) {
			api_fe_required(errs, "data[username]", NULL);
			api_fe_required(errs, "data[password]", NULL);
		}
	} else if (streq(type, "kubernetes.io/ssh-auth")) {
		size_t len = 0;
		_cleanup_free_ char *raw = secret_value(data, "ssh-privatekey", &len);
		if (!raw || len == 0)
			api_fe_required(errs, "data[ssh-privatekey]", NULL);
	} else if (streq(type, "kubernetes.io/tls")) {
		if (!secret_has(data, "tls.crt"))
			api_fe_required(errs, "data[tls.crt]", NULL);
		if (!secret_has(data, "tls.key"))
			api_fe_required(errs, "data[tls.key]", NULL);
	}
}

static void secrets_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	su_immutable(errs, "type", obj, old, "type");
	static const char *const keys[] = {"data", NULL};
	immutable_flag(obj, old, keys, errs);
	secrets_validate_create(obj, errs);
}

static const char *const secret_fields[] = {"type", NULL};

const api_strategy api_strategy_secrets = {
	.group = "",
	.plural = "secrets",
	.defaults = secrets_defaults,
	.validate_create = secrets_validate_create,
	.validate_update = secrets_validate_update,
	.field_selectors = secret_fields,
};

/* ---- serviceaccounts: nothing beyond the metadata ---- */

const api_strategy api_strategy_serviceaccounts = {
	.group = "",
	.plural = "serviceaccounts",
};

/* ---- endpoints ---- */

static void endpoints_defaults(cJSON *obj)
{
	cJSON *ss;
	cJSON_ArrayForEach(ss, su_getm(obj, "subsets")) {
		cJSON *p;
		cJSON_ArrayForEach(p, su_getm(ss, "ports")) if (cJSON_IsObject(p)) su_default_str(p, "protocol", "TCP");
	}
}

static void validate_endpoint_address(const cJSON *a, const char *path, api_field_errors *errs)
{
	SU_PATH(ipp, "%s.ip", path);
	const char *ip = su_strz(a, "ip");
	su_ip_legacy(errs, ipp, ip);
	const char *host = su_strz(a, "hostname");
	if (host[0]) {
		SU_PATH(hp, "%s.hostname", path);
		su_check(errs, hp, host, kc_validate_dns1123_label);
	}
	const char *node = su_str(a, "nodeName");
	if (node) {
		SU_PATH(np, "%s.nodeName", path);
		su_check_name(errs, np, node, kc_validate_name_dns_subdomain);
	}
	su_endpoint_ip(errs, ipp, ip);
}

static const char *const port_protocols[] = {"SCTP", "TCP", "UDP", NULL};

static void validate_endpoint_subsets(const cJSON *subsets, api_field_errors *errs)
{
	SU_EACH(i, ss, subsets) {
		SU_PATH(p, "subsets[%zu]", i);
		const cJSON *addrs = su_arr(ss, "addresses"), *nr = su_arr(ss, "notReadyAddresses");
		if (su_len(addrs) == 0 && su_len(nr) == 0)
			api_fe_required(errs, p, "must specify `addresses` or `notReadyAddresses`");
		SU_EACH(j, a, addrs) {
			SU_PATH(ap, "%s.addresses[%zu]", p, j);
			validate_endpoint_address(a, ap, errs);
		}
		SU_EACH(j, a, nr) {
			SU_PATH(ap, "%s.notReadyAddresses[%zu]", p, j);
			validate_endpoint_address(a, ap, errs);
		}
		const cJSON *ports = su_arr(ss, "ports");
		bool require_name = su_len(ports) > 1;
		SU_EACH(j, port, ports) {
			SU_PATH(pp, "%s.ports[%zu]", p, j);
			SU_PATH(np, "%s.name", pp);
			const char *name = su_strz(port, "name");
			if (require_name && !name[0])
				api_fe_required(errs, np, NULL);
			else if (name[0])
				su_check(errs, np, name, kc_validate_dns1123_label);
			long long num = su_intd(port, "port", 0);
			if (num < 1 || num > 65535) {
				SU_PATH(portp, "%s.port", pp);
				api_fe_invalid_int(errs, portp, num, "must be between 1 and 65535, inclusive");
			}
			const char *proto = su_strz(port, "protocol");
			SU_PATH(prp, "%s.protocol", pp);
			if (!proto[0])
				api_fe_required(errs, prp, NULL);
			else if (!su_in(proto, port_protocols))
				api_fe_not_supported_str(errs, prp, proto, port_protocols);
			const char *app = su_str(port, "appProtocol");
			if (app) {
				SU_PATH(ap, "%s.appProtocol", pp);
				su_check(errs, ap, app, kc_validate_qualified_name);
			}
		}
	}
}

static void endpoints_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_endpoint_subsets(su_arr(obj, "subsets"), errs);
}

static void endpoints_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	/* unchanged subsets that fail today's rules were accepted before */
	if (su_equal_member(obj, old, "subsets"))
		return;
	validate_endpoint_subsets(su_arr(obj, "subsets"), errs);
}

const api_strategy api_strategy_endpoints = {
	.group = "",
	.plural = "endpoints",
	.defaults = endpoints_defaults,
	.validate_create = endpoints_validate_create,
	.validate_update = endpoints_validate_update,
};

/* ---- events (core/v1: legacyValidateEvent only) ---- */

static void validate_legacy_event(const cJSON *obj, const char *controller_field, api_field_errors *errs)
{
	const cJSON *meta = su_get(obj, "metadata");
	const char *ns = su_strz(meta, "namespace");
	const cJSON *io = su_get(obj, "involvedObject");
	const char *io_ns = su_strz(io, "namespace");
	if (!su_set(obj, "eventTime")) {
		if (!io_ns[0]) {
			if (ns[0] && !streq(ns, "default"))
				api_fe_invalid_str(errs, "involvedObject.namespace", io_ns, "does not match event.namespace");
		} else if (!streq(ns, io_ns)) {
			api_fe_invalid_str(errs, "involvedObject.namespace", io_ns, "does not match event.namespace");
		}
	} else {
		if (!io_ns[0] && !streq(ns, "default") && !streq(ns, "kube-system"))
			api_fe_invalid_str(errs, "involvedObject.namespace", io_ns, "does not match event.namespace");
		const char *rc = su_strz(obj, "reportingComponent");
		if (!rc[0])
			api_fe_required(errs, controller_field, NULL);
		su_check(errs, controller_field, rc, kc_validate_qualified_name);
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
		if (strlen(su_strz(obj, "message")) > 1024)
			api_fe_invalid_str(errs, "message", "", "can have at most 1024 characters");
	}
	su_check(errs, "namespace", ns, kc_validate_dns1123_subdomain);
}

static void events_validate_create(const cJSON *obj, api_field_errors *errs)
{
	validate_legacy_event(obj, "reportingComponent", errs);
}

static void events_validate_update(const cJSON *obj, const cJSON *old, api_field_errors *errs)
{
	(void)old;
	validate_legacy_event(obj, "reportingComponent", errs);
}

static const char *const event_fields[] = {
	"involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
	"involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
	"reportingComponent", "source", "type", NULL,
};

const api_strategy api_strategy_events = {
	.group = "",
	.plural = "events",
	.validate_create = events_validate_create,
	.validate_update = events_validate_update,
	.field_selectors = event_fields,
};

/* ---- bindings (pods/binding and POST .../bindings) ---- */

static void bindings_validate_create(const cJSON *obj, api_field_errors *errs)
{
	const cJSON *target = su_get(obj, "target");
	const char *kind = su_strz(target, "kind");
	if (kind[0] && !streq(kind, "Node")) {
		static const char *const kinds[] = {"Node", "<empty>", NULL};
		api_fe_not_supported_str(errs, "target.kind", kind, kinds);
	}
	if (!su_strz(target, "name")[0])
		api_fe_required(errs, "target.name", NULL);
}

const api_strategy api_strategy_bindings = {
	.group = "",
	.plural = "bindings",
	.validate_create = bindings_validate_create,
};
