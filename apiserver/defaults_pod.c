/* defaults_pod.c - the defaults upstream gives a PodSpec and a Pod
 * (pkg/apis/core/v1/defaults.go and the generated defaulters), the
 * defaults of the admission plugins kc runs for pods, and the QoS class. */
#include <ctype.h>
#include <string.h>

#include "apiserver/strategy_util.h"
#include "apiserver/validation_pod.h"
#include "common/quantity.h"
#include "common/util.h"
#include "banned.h"

/* ---- image references (distribution/reference's grammar) ---- */

static bool is_alnum_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* path-component: [a-z0-9]+ ((\.|_|__|-+)[a-z0-9]+)* */
static bool path_component_ok(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0 || !is_alnum_lower(s[0]))
		return false;
	while (i < n) {
		while (i < n && is_alnum_lower(s[i]))
			i++;
		if (i == n)
			return true;
		size_t sep = i;
		if (s[i] == '.') {
			i++;
		} else if (s[i] == '_') {
			i++;
			if (i < n && s[i] == '_')
				i++;
		} else if (s[i] == '-') {
			while (i < n && s[i] == '-')
				i++;
		} else {
			return false;
		}
		if (i == sep || i == n || !is_alnum_lower(s[i]))
			return false;
	}
	return true;
}

/* host[:port] with host a dotted DNS name of [A-Za-z0-9-] labels or an
 * [IPv6] literal. */
static bool domain_ok(const char *s, size_t n)
{
	size_t i = 0;
	if (n && s[0] == '[') {
		const char *close = memchr(s, ']', n);
		if (!close)
			return false;
		for (const char *p = s + 1; p < close; p++)
			if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.')
				return false;
		i = (size_t)(close - s) + 1;
	} else {
		size_t label = 0;
		while (i < n && s[i] != ':') {
			char c = s[i];
			if (c == '.') {
				if (label == 0 || s[i - 1] == '-')
					return false;
				label = 0;
			} else if (isalnum((unsigned char)c) || (c == '-' && label > 0)) {
				label++;
			} else {
				return false;
			}
			i++;
		}
		if (label == 0 || s[i - 1] == '-')
			return false;
	}
	if (i < n) {
		if (s[i] != ':' || i + 1 == n)
			return false;
		for (i++; i < n; i++)
			if (!isdigit((unsigned char)s[i]))
				return false;
	}
	return true;
}

static bool tag_ok(const char *t)
{
	size_t n = strlen(t);
	if (n == 0 || n > 128 || !(isalnum((unsigned char)t[0]) || t[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)t[i]) || t[i] == '_' || t[i] == '.' || t[i] == '-'))
			return false;
	return true;
}

static bool digest_ok(const char *d)
{
	const char *colon = strchr(d, ':');
	if (!colon || colon == d || !isalpha((unsigned char)d[0]))
		return false;
	for (const char *p = d; p < colon; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-_+.", *p))
			return false;
	size_t hex = strlen(colon + 1);
	if (hex < 32)
		return false;
	for (const char *p = colon + 1; *p; p++)
		if (!isxdigit((unsigned char)*p))
			return false;
	return true;
}

/* ParseImageName's tag: the explicit tag, "latest" when there is neither a
 * tag nor a digest, "" when the reference does not parse. */
static void image_tag(const char *image, char *tag, size_t size)
{
	tag[0] = '\0';
	_cleanup_free_ char *ref = xstrdup(image);
	bool has_digest = false;
	char *at = strchr(ref, '@');
	if (at) {
		*at = '\0';
		if (!digest_ok(at + 1))
			return;
		has_digest = true;
	}
	char *slash = strrchr(ref, '/');
	char *colon = strrchr(slash ? slash : ref, ':');
	const char *t = NULL;
	if (colon) {
		*colon = '\0';
		t = colon + 1;
		if (!tag_ok(t))
			return;
	}
	size_t len = strlen(ref);
	if (len == 0 || len > 255)
		return;
	/* a 64-hex-digit name is refused ("cannot specify 64-byte hexadecimal strings") */
	if (len == 64 && strspn(ref, "0123456789abcdef") == 64)
		return;
	const char *remote = ref;
	const char *first_slash = strchr(ref, '/');
	if (first_slash) {
		size_t dl = (size_t)(first_slash - ref);
		bool lower = true;
		for (size_t i = 0; i < dl; i++)
			if (isupper((unsigned char)ref[i]))
				lower = false;
		bool is_domain = memchr(ref, '.', dl) || memchr(ref, ':', dl) || (dl == 9 && !strncmp(ref, "localhost", 9)) ||
				 !lower;
		if (is_domain) {
			if (!domain_ok(ref, dl))
				return;
			remote = first_slash + 1;
		}
	}
	for (const char *p = remote;;) {
		const char *s = strchr(p, '/');
		size_t n = s ? (size_t)(s - p) : strlen(p);
		if (!path_component_ok(p, n))
			return;
		if (!s)
			break;
		p = s + 1;
	}
	snprintf(tag, size, "%s", t ? t : (has_digest ? "" : "latest"));
}

const char *api_pod_default_pull_policy(const char *image)
{
	char tag[160];
	image_tag(image ? image : "", tag, sizeof(tag));
	return streq(tag, "latest") ? "Always" : "IfNotPresent";
}

/* ---- quantities ---- */

/* Quantities are stored in canonical form, as upstream's serializer writes
 * them back ("0.5" -> "500m"). Unparsable ones are left for validation. */
static void canonical_resource_list(cJSON *list)
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

/* ---- containers ---- */

static void defaults_http_get(cJSON *h)
{
	if (!cJSON_IsObject(h))
		return;
	su_default_str(h, "path", "/");
	su_default_str(h, "scheme", "HTTP");
}

static void defaults_probe(cJSON *p)
{
	if (!cJSON_IsObject(p))
		return;
	su_default_int_zero(p, "timeoutSeconds", 1);
	su_default_int_zero(p, "periodSeconds", 10);
	su_default_int_zero(p, "successThreshold", 1);
	su_default_int_zero(p, "failureThreshold", 3);
	defaults_http_get(su_getm(p, "httpGet"));
	cJSON *grpc = su_getm(p, "grpc");
	if (cJSON_IsObject(grpc) && !su_get(grpc, "service"))
		su_put_str(grpc, "service", "");
}

static void defaults_field_ref(cJSON *fr)
{
	if (cJSON_IsObject(fr))
		su_default_str(fr, "apiVersion", "v1");
}

static void defaults_container(cJSON *c)
{
	if (!cJSON_IsObject(c))
		return;
	if (!su_strz(c, "imagePullPolicy")[0])
		su_put_str(c, "imagePullPolicy", api_pod_default_pull_policy(su_strz(c, "image")));
	su_default_str(c, "terminationMessagePath", "/dev/termination-log");
	su_default_str(c, "terminationMessagePolicy", "File");
	cJSON *it;
	cJSON_ArrayForEach(it, su_getm(c, "ports")) if (cJSON_IsObject(it)) su_default_str(it, "protocol", "TCP");
	cJSON_ArrayForEach(it, su_getm(c, "env")) {
		cJSON *vf = su_getm(it, "valueFrom");
		defaults_field_ref(su_getm(vf, "fieldRef"));
		cJSON *fkr = su_getm(vf, "fileKeyRef");
		if (cJSON_IsObject(fkr))
			su_default_bool(fkr, "optional", false);
	}
	/* ResourceRequirements is a struct: upstream always writes it */
	if (!cJSON_IsObject(su_get(c, "resources")))
		su_put(c, "resources", cJSON_CreateObject());
	cJSON *res = su_getm(c, "resources");
	canonical_resource_list(su_getm(res, "limits"));
	canonical_resource_list(su_getm(res, "requests"));
	defaults_probe(su_getm(c, "livenessProbe"));
	defaults_probe(su_getm(c, "readinessProbe"));
	defaults_probe(su_getm(c, "startupProbe"));
	cJSON *lc = su_getm(c, "lifecycle");
	defaults_http_get(su_getm(su_getm(lc, "postStart"), "httpGet"));
	defaults_http_get(su_getm(su_getm(lc, "preStop"), "httpGet"));
}

/* ---- volumes ---- */

static void defaults_volume(cJSON *v)
{
	if (!cJSON_IsObject(v))
		return;
	bool has_source = false;
	const cJSON *m;
	cJSON_ArrayForEach(m, v) if (!streq(m->string, "name") && !cJSON_IsNull(m)) has_source = true;
	if (!has_source)
		su_put(v, "emptyDir", cJSON_CreateObject());
	cJSON *s;
	if ((s = su_getm(v, "hostPath")) && cJSON_IsObject(s) && !su_get(s, "type"))
		su_put_str(s, "type", "");
	if ((s = su_getm(v, "secret")) && cJSON_IsObject(s))
		su_default_int(s, "defaultMode", 0644);
	if ((s = su_getm(v, "configMap")) && cJSON_IsObject(s))
		su_default_int(s, "defaultMode", 0644);
	if ((s = su_getm(v, "downwardAPI")) && cJSON_IsObject(s)) {
		su_default_int(s, "defaultMode", 0644);
		cJSON *it;
		cJSON_ArrayForEach(it, su_getm(s, "items")) defaults_field_ref(su_getm(it, "fieldRef"));
	}
	if ((s = su_getm(v, "projected")) && cJSON_IsObject(s)) {
		su_default_int(s, "defaultMode", 0644);
		cJSON *src;
		cJSON_ArrayForEach(src, su_getm(s, "sources")) {
			cJSON *it;
			cJSON_ArrayForEach(it, su_getm(su_getm(src, "downwardAPI"), "items"))
				defaults_field_ref(su_getm(it, "fieldRef"));
			cJSON *sat = su_getm(src, "serviceAccountToken");
			if (cJSON_IsObject(sat))
				su_default_int(sat, "expirationSeconds", 3600);
		}
	}
	if ((s = su_getm(v, "iscsi")) && cJSON_IsObject(s))
		su_default_str(s, "iscsiInterface", "default");
	if ((s = su_getm(v, "rbd")) && cJSON_IsObject(s)) {
		su_default_str(s, "pool", "rbd");
		su_default_str(s, "user", "admin");
		su_default_str(s, "keyring", "/etc/ceph/keyring");
	}
	if ((s = su_getm(v, "ephemeral")) && cJSON_IsObject(s)) {
		cJSON *spec = su_getm(su_getm(s, "volumeClaimTemplate"), "spec");
		if (cJSON_IsObject(spec)) {
			su_default_str(spec, "volumeMode", "Filesystem");
			cJSON *res = su_getm(spec, "resources");
			canonical_resource_list(su_getm(res, "limits"));
			canonical_resource_list(su_getm(res, "requests"));
		}
	}
}

void api_pod_spec_defaults(cJSON *spec)
{
	if (!cJSON_IsObject(spec))
		return;
	su_default_str(spec, "dnsPolicy", "ClusterFirst");
	su_default_str(spec, "restartPolicy", "Always");
	if (!su_get(spec, "securityContext"))
		su_put(spec, "securityContext", cJSON_CreateObject());
	su_default_int(spec, "terminationGracePeriodSeconds", 30);
	su_default_str(spec, "schedulerName", "default-scheduler");
	/* v1's deprecated spec.serviceAccount mirrors serviceAccountName
	 * (the conversion to and from the internal version does this). */
	const char *san = su_strz(spec, "serviceAccountName");
	if (!san[0] && su_strz(spec, "serviceAccount")[0])
		su_put_str(spec, "serviceAccountName", su_strz(spec, "serviceAccount"));
	san = su_strz(spec, "serviceAccountName");
	if (san[0])
		su_put_str(spec, "serviceAccount", san);
	cJSON *it;
	cJSON_ArrayForEach(it, su_getm(spec, "volumes")) defaults_volume(it);
	cJSON_ArrayForEach(it, su_getm(spec, "initContainers")) defaults_container(it);
	cJSON_ArrayForEach(it, su_getm(spec, "containers")) defaults_container(it);
	cJSON_ArrayForEach(it, su_getm(spec, "ephemeralContainers")) defaults_container(it);
	canonical_resource_list(su_getm(spec, "overhead"));
}

void api_pod_template_defaults(cJSON *tmpl)
{
	api_pod_spec_defaults(su_getm(tmpl, "spec"));
}

static void requests_from_limits(cJSON *containers)
{
	cJSON *c;
	cJSON_ArrayForEach(c, containers) {
		cJSON *res = su_getm(c, "resources");
		const cJSON *limits = su_obj(res, "limits");
		if (!limits)
			continue;
		cJSON *requests = su_ensure_obj(res, "requests");
		const cJSON *l;
		cJSON_ArrayForEach(l, limits) if (!cJSON_GetObjectItemCaseSensitive(requests, l->string))
			cJSON_AddItemToObject(requests, l->string, cJSON_Duplicate(l, true));
	}
}

static void host_network_ports(cJSON *containers)
{
	cJSON *c;
	cJSON_ArrayForEach(c, containers) {
		cJSON *p;
		cJSON_ArrayForEach(p, su_getm(c, "ports")) {
			long long cp;
			if (cJSON_IsObject(p) && su_intd(p, "hostPort", 0) == 0 && su_int(p, "containerPort", &cp))
				su_put_int(p, "hostPort", cp);
		}
	}
}

void api_pod_defaults(cJSON *pod)
{
	cJSON *spec = su_getm(pod, "spec");
	if (!cJSON_IsObject(spec))
		return;
	requests_from_limits(su_getm(spec, "containers"));
	requests_from_limits(su_getm(spec, "initContainers"));
	su_default_bool(spec, "enableServiceLinks", true);
	if (su_true(spec, "hostNetwork")) {
		host_network_ports(su_getm(spec, "containers"));
		host_network_ports(su_getm(spec, "initContainers"));
	}
	api_pod_spec_defaults(spec);
}

static bool tolerates(const cJSON *tols, const char *key)
{
	SU_EACH(i, t, tols) {
		(void)i;
		const char *k = su_strz(t, "key"), *e = su_strz(t, "effect");
		if ((streq(k, key) || !k[0]) && (streq(e, "NoExecute") || !e[0]))
			return true;
	}
	return false;
}

static cJSON *toleration(const char *key)
{
	cJSON *t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "key", key);
	cJSON_AddStringToObject(t, "operator", "Exists");
	cJSON_AddStringToObject(t, "effect", "NoExecute");
	cJSON_AddNumberToObject(t, "tolerationSeconds", 300);
	return t;
}

/* DefaultTolerationSeconds (on create and update) */
static void default_tolerations(cJSON *spec)
{
	bool not_ready = tolerates(su_arr(spec, "tolerations"), "node.kubernetes.io/not-ready");
	bool unreachable = tolerates(su_arr(spec, "tolerations"), "node.kubernetes.io/unreachable");
	if (!not_ready || !unreachable) {
		cJSON *tols = su_ensure_arr(spec, "tolerations");
		if (!not_ready)
			cJSON_AddItemToArray(tols, toleration("node.kubernetes.io/not-ready"));
		if (!unreachable)
			cJSON_AddItemToArray(tols, toleration("node.kubernetes.io/unreachable"));
	}
}

void api_pod_admission_defaults(cJSON *pod)
{
	cJSON *spec = su_getm(pod, "spec");
	if (!cJSON_IsObject(spec))
		return;
	/* ServiceAccount */
	if (!su_strz(spec, "serviceAccountName")[0]) {
		su_put_str(spec, "serviceAccountName", "default");
		su_put_str(spec, "serviceAccount", "default");
	}
	default_tolerations(spec);
	/* Priority: the system classes exist; without a class a pod gets 0 */
	const char *pcn = su_strz(spec, "priorityClassName");
	if (!su_get(spec, "priority")) {
		if (!pcn[0])
			su_put_int(spec, "priority", 0);
		else if (streq(pcn, "system-node-critical"))
			su_put_int(spec, "priority", 2000001000);
		else if (streq(pcn, "system-cluster-critical"))
			su_put_int(spec, "priority", 2000000000);
	}
	su_default_str(spec, "preemptionPolicy", "PreemptLowerPriority");
}

/* ---- QoS ---- */

typedef struct qos_sum {
	kc_quantity cpu, memory;
	bool has_cpu, has_memory;
} qos_sum;

static void qos_add(qos_sum *s, const cJSON *list)
{
	const cJSON *it;
	if (!cJSON_IsObject(list))
		return;
	cJSON_ArrayForEach(it, list) {
		bool cpu = streq(it->string, "cpu");
		if (!cpu && !streq(it->string, "memory"))
			continue;
		kc_quantity q;
		if (kc_quantity_from_json(it, &q, NULL) < 0 || kc_quantity_sign(&q) <= 0)
			continue;
		kc_quantity *dst = cpu ? &s->cpu : &s->memory;
		bool *has = cpu ? &s->has_cpu : &s->has_memory;
		if (*has)
			kc_quantity_add(dst, &q, NULL);
		else
			*dst = q;
		*has = true;
	}
}

static bool positive(const cJSON *list, const char *name)
{
	kc_quantity q;
	const cJSON *v = su_get(list, name);
	return v && kc_quantity_from_json(v, &q, NULL) == 0 && kc_quantity_sign(&q) > 0;
}

const char *api_pod_qos_class(const cJSON *pod)
{
	const cJSON *spec = su_get(pod, "spec");
	qos_sum req = {0}, lim = {0};
	bool guaranteed = true;
	static const char *const lists[] = {"containers", "initContainers", NULL};
	for (size_t l = 0; lists[l]; l++) {
		SU_EACH(i, c, su_arr(spec, lists[l])) {
			(void)i;
			const cJSON *res = su_get(c, "resources");
			qos_add(&req, su_obj(res, "requests"));
			const cJSON *limits = su_obj(res, "limits");
			qos_add(&lim, limits);
			if (!positive(limits, "cpu") || !positive(limits, "memory"))
				guaranteed = false;
		}
	}
	if (!req.has_cpu && !req.has_memory && !lim.has_cpu && !lim.has_memory)
		return "BestEffort";
	if (guaranteed) {
		if (req.has_cpu && (!lim.has_cpu || kc_quantity_cmp(&req.cpu, &lim.cpu) != 0))
			guaranteed = false;
		if (req.has_memory && (!lim.has_memory || kc_quantity_cmp(&req.memory, &lim.memory) != 0))
			guaranteed = false;
	}
	if (guaranteed && req.has_cpu == lim.has_cpu && req.has_memory == lim.has_memory)
		return "Guaranteed";
	return "Burstable";
}

void api_pod_admission_update(cJSON *pod, const cJSON *old)
{
	cJSON *spec = su_getm(pod, "spec");
	const cJSON *os = su_get(old, "spec");
	if (!cJSON_IsObject(spec))
		return;
	/* Priority keeps what it computed at create */
	static const char *const kept[] = {"priority", "preemptionPolicy", NULL};
	for (size_t i = 0; kept[i]; i++) {
		const cJSON *v = su_get(os, kept[i]);
		if (v)
			su_put(spec, kept[i], cJSON_Duplicate(v, true));
	}
	default_tolerations(spec);
}
