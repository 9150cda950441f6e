/* rollout_template.c - a pod template as `kubectl rollout history
 * --revision=N` and `rollout undo --dry-run=client` print it: kubectl's
 * DescribePodTemplate written through a bare PrefixWriter, so the tabs stay
 * tabs (no tabwriter aligns them, unlike `kubectl describe`). */
#include "ctl/ops.h"

#include "common/json.h"
#include "common/util.h"
#include "banned.h"

#define MAX_ANNOTATION_LEN 140

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Member names of obj sorted (array owned by the caller, names borrowed). */
static const char **sorted_keys(const cJSON *obj, size_t *ret_n, const char *skip)
{
	size_t n = 0;
	const char **v = xcalloc((size_t)cJSON_GetArraySize(obj) + 1, sizeof(*v));
	const cJSON *it;
	cJSON_ArrayForEach(it, obj)
		if (!skip || !streq(it->string, skip))
			v[n++] = it->string;
	qsort(v, n, sizeof(*v), cmp_str);
	*ret_n = n;
	return v;
}

static void multiline_labels(kc_buf *b, const char *title, const cJSON *labels)
{
	kc_buf_addf(b, "%s:\t", title);
	size_t n;
	_cleanup_free_ const char **keys = sorted_keys(labels, &n, NULL);
	if (!n) {
		kc_buf_addstr(b, "<none>\n");
		return;
	}
	for (size_t i = 0; i < n; i++)
		kc_buf_addf(b, "%s%s=%s\n", i ? "\t" : "", keys[i],
			    kc_json_as_str(cJSON_GetObjectItemCaseSensitive(labels, keys[i]), ""));
}

static void multiline_annotations(kc_buf *b, const char *title, const cJSON *ann)
{
	kc_buf_addf(b, "%s:\t", title);
	size_t n;
	_cleanup_free_ const char **keys = sorted_keys(ann, &n, "kubectl.kubernetes.io/last-applied-configuration");
	if (!n) {
		kc_buf_addstr(b, "<none>\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			kc_buf_addch(b, '\t');
		_cleanup_free_ char *value = xstrdup(kc_json_as_str(cJSON_GetObjectItemCaseSensitive(ann, keys[i]), ""));
		size_t vl = strlen(value);
		if (vl && value[vl - 1] == '\n')
			value[--vl] = '\0';
		if (vl + strlen(keys[i]) + 2 > MAX_ANNOTATION_LEN || strchr(value, '\n')) {
			kc_buf_addf(b, "%s:\n", keys[i]);
			char *save = NULL;
			for (char *line = strtok_r(value, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
				if (strlen(line) > MAX_ANNOTATION_LEN - 2)
					kc_buf_addf(b, "\t  %.*s...\n", MAX_ANNOTATION_LEN - 2, line);
				else
					kc_buf_addf(b, "\t  %s\n", line);
			}
		} else {
			kc_buf_addf(b, "%s: %s\n", keys[i], value);
		}
	}
}

static void ports_text(kc_buf *b, const cJSON *ports, const char *field)
{
	const cJSON *p;
	bool first = true;
	cJSON_ArrayForEach(p, ports) {
		kc_buf_addf(b, "%s%lld/%s", first ? "" : ", ", (long long)kc_json_get_int(p, field, 0),
			    kc_json_get_str(p, "protocol", ""));
		first = false;
	}
}

static void lines_at(kc_buf *b, const char *indent, const char *text)
{
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		kc_buf_addf(b, "%s%.*s\n", indent, (int)len, p);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void resources(kc_buf *b, const cJSON *res)
{
	const char *parts[] = {"limits", "requests"};
	const char *titles[] = {"Limits", "Requests"};
	for (int k = 0; k < 2; k++) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(res, parts[k]);
		size_t n;
		_cleanup_free_ const char **keys = sorted_keys(m, &n, NULL);
		if (n)
			kc_buf_addf(b, "    %s:\n", titles[k]);
		for (size_t i = 0; i < n; i++)
			kc_buf_addf(b, "      %s:\t%s\n", keys[i],
				    kc_json_as_str(cJSON_GetObjectItemCaseSensitive(m, keys[i]), ""));
	}
}

static void go_bool(kc_buf *b, const cJSON *v) { kc_buf_addstr(b, cJSON_IsTrue(v) ? "true" : "false"); }

static void env_vars(kc_buf *b, const cJSON *c)
{
	const cJSON *from = cJSON_GetObjectItemCaseSensitive(c, "envFrom");
	if (cJSON_GetArraySize(from) > 0) {
		kc_buf_addstr(b, "    Environment Variables from:\n");
		const cJSON *e;
		cJSON_ArrayForEach(e, from) {
			const cJSON *ref = kc_json_get(e, "configMapRef");
			const char *kind = "ConfigMap";
			if (!ref) {
				ref = kc_json_get(e, "secretRef");
				kind = "Secret";
			}
			const char *prefix = kc_json_get_str(e, "prefix", "");
			kc_buf_addf(b, "      %s\t%s", kc_json_get_str(ref, "name", ""), kind);
			if (prefix[0])
				kc_buf_addf(b, " with prefix '%s'", prefix);
			kc_buf_addstr(b, "\tOptional: ");
			go_bool(b, kc_json_get(ref, "optional"));
			kc_buf_addch(b, '\n');
		}
	}
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(c, "env");
	kc_buf_addf(b, "    Environment:%s\n", cJSON_GetArraySize(env) ? "" : "\t<none>");
	const cJSON *e;
	cJSON_ArrayForEach(e, env) {
		const char *name = kc_json_get_str(e, "name", "");
		const cJSON *vf = kc_json_get(e, "valueFrom");
		if (!vf) {
			const char *v = kc_json_get_str(e, "value", "");
			const char *p = v;
			bool first = true;
			for (;;) {
				const char *nl = strchr(p, '\n');
				size_t len = nl ? (size_t)(nl - p) : strlen(p);
				if (first)
					kc_buf_addf(b, "      %s:\t%.*s\n", name, (int)len, p);
				else
					kc_buf_addf(b, "      \t%.*s\n", (int)len, p);
				first = false;
				if (!nl)
					break;
				p = nl + 1;
			}
			continue;
		}
		const cJSON *r;
		if ((r = kc_json_get(vf, "fieldRef"))) {
			kc_buf_addf(b, "      %s:\t (%s:%s)\n", name, kc_json_get_str(r, "apiVersion", ""),
				    kc_json_get_str(r, "fieldPath", ""));
		} else if ((r = kc_json_get(vf, "resourceFieldRef"))) {
			kc_buf_addf(b, "      %s:\t (%s)\n", name, kc_json_get_str(r, "resource", ""));
		} else if ((r = kc_json_get(vf, "secretKeyRef"))) {
			kc_buf_addf(b, "      %s:\t<set to the key '%s' in secret '%s'>\tOptional: ", name,
				    kc_json_get_str(r, "key", ""), kc_json_get_str(r, "name", ""));
			go_bool(b, kc_json_get(r, "optional"));
			kc_buf_addch(b, '\n');
		} else if ((r = kc_json_get(vf, "configMapKeyRef"))) {
			kc_buf_addf(b, "      %s:\t<set to the key '%s' of config map '%s'>\tOptional: ", name,
				    kc_json_get_str(r, "key", ""), kc_json_get_str(r, "name", ""));
			go_bool(b, kc_json_get(r, "optional"));
			kc_buf_addch(b, '\n');
		}
	}
}

static int cmp_mount(const void *a, const void *b)
{
	return strcmp(kc_json_get_str(*(const cJSON *const *)a, "mountPath", ""),
		      kc_json_get_str(*(const cJSON *const *)b, "mountPath", ""));
}

static void mounts(kc_buf *b, const cJSON *c)
{
	const cJSON *vm = cJSON_GetObjectItemCaseSensitive(c, "volumeMounts");
	size_t n = (size_t)cJSON_GetArraySize(vm);
	kc_buf_addf(b, "    Mounts:%s\n", n ? "" : "\t<none>");
	const cJSON **v = xcalloc(n + 1, sizeof(*v));
	size_t k = 0;
	const cJSON *m;
	cJSON_ArrayForEach(m, vm)
		v[k++] = m;
	qsort(v, k, sizeof(*v), cmp_mount);
	for (size_t i = 0; i < k; i++) {
		kc_buf_addf(b, "      %s from %s (%s", kc_json_get_str(v[i], "mountPath", ""),
			    kc_json_get_str(v[i], "name", ""), kc_json_get_bool(v[i], "readOnly", false) ? "ro" : "rw");
		const char *sub = kc_json_get_str(v[i], "subPath", "");
		if (sub[0])
			kc_buf_addf(b, ",path=\"%s\"", sub);
		kc_buf_addstr(b, ")\n");
	}
	free(v);
}

static void probe(kc_buf *b, const char *title, const cJSON *p)
{
	if (!p)
		return;
	kc_buf_addf(b, "    %s:\t", title);
	const cJSON *x;
	if ((x = kc_json_get(p, "exec"))) {
		kc_buf_addstr(b, "exec [");
		const cJSON *a;
		bool first = true;
		cJSON_ArrayForEach(a, kc_json_get(x, "command")) {
			kc_buf_addf(b, "%s%s", first ? "" : " ", kc_json_as_str(a, ""));
			first = false;
		}
		kc_buf_addstr(b, "] ");
	} else if ((x = kc_json_get(p, "httpGet"))) {
		char port[32];
		const cJSON *pv = kc_json_get(x, "port");
		if (cJSON_IsNumber(pv))
			snprintf(port, sizeof(port), "%lld", (long long)kc_json_as_int(pv, 0));
		else
			snprintf(port, sizeof(port), "%s", kc_json_as_str(pv, ""));
		char scheme[16];
		snprintf(scheme, sizeof(scheme), "%s", kc_json_get_str(x, "scheme", "http"));
		for (char *s = scheme; *s; s++)
			*s = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
		kc_buf_addf(b, "http-get %s://%s:%s%s ", scheme, kc_json_get_str(x, "host", ""), port,
			    kc_json_get_str(x, "path", ""));
	} else if ((x = kc_json_get(p, "tcpSocket"))) {
		const cJSON *pv = kc_json_get(x, "port");
		if (cJSON_IsNumber(pv))
			kc_buf_addf(b, "tcp-socket %s:%lld ", kc_json_get_str(x, "host", ""),
				    (long long)kc_json_as_int(pv, 0));
		else
			kc_buf_addf(b, "tcp-socket %s:%s ", kc_json_get_str(x, "host", ""), kc_json_as_str(pv, ""));
	} else if ((x = kc_json_get(p, "grpc"))) {
		kc_buf_addf(b, "grpc <pod>:%lld %s ", (long long)kc_json_get_int(x, "port", 0),
			    kc_json_get_str(x, "service", ""));
	} else {
		kc_buf_addstr(b, "unknown ");
	}
	kc_buf_addf(b, "delay=%llds timeout=%llds period=%llds #success=%lld #failure=%lld\n",
		    (long long)kc_json_get_int(p, "initialDelaySeconds", 0), (long long)kc_json_get_int(p, "timeoutSeconds", 0),
		    (long long)kc_json_get_int(p, "periodSeconds", 0), (long long)kc_json_get_int(p, "successThreshold", 0),
		    (long long)kc_json_get_int(p, "failureThreshold", 0));
}

static void containers(kc_buf *b, const char *label, const cJSON *list)
{
	kc_buf_addf(b, "  %s:%s\n", label, cJSON_GetArraySize(list) ? "" : " <none>");
	const cJSON *c;
	cJSON_ArrayForEach(c, list) {
		kc_buf_addf(b, "   %s:\n", kc_json_get_str(c, "name", ""));
		kc_buf_addf(b, "    Image:\t%s\n", kc_json_get_str(c, "image", ""));
		const cJSON *ports = kc_json_get(c, "ports");
		_cleanup_buf_ kc_buf p = KC_BUF_INIT;
		ports_text(&p, ports, "containerPort");
		bool many = strchr(kc_buf_str(&p), ',') != NULL;
		kc_buf_addf(b, "    %s:\t%s\n", many ? "Ports" : "Port", p.len ? p.s : "<none>");
		kc_buf_reset(&p);
		ports_text(&p, ports, "hostPort");
		many = strchr(kc_buf_str(&p), ',') != NULL;
		kc_buf_addf(b, "    %s:\t%s\n", many ? "Host Ports" : "Host Port", p.len ? p.s : "<none>");
		const char *seccomp = kc_json_get_str(c, "securityContext.seccompProfile.type", NULL);
		if (seccomp) {
			kc_buf_addf(b, "    SeccompProfile:\t%s\n", seccomp);
			if (streq(seccomp, "Localhost"))
				kc_buf_addf(b, "      LocalhostProfile:\t%s\n",
					    kc_json_get_str(c, "securityContext.seccompProfile.localhostProfile", ""));
		}
		const char *lists[] = {"command", "args"};
		const char *titles[] = {"Command", "Args"};
		for (int k = 0; k < 2; k++) {
			const cJSON *l = kc_json_get(c, lists[k]);
			if (!cJSON_GetArraySize(l))
				continue;
			kc_buf_addf(b, "    %s:\n", titles[k]);
			const cJSON *a;
			cJSON_ArrayForEach(a, l)
				lines_at(b, "      ", kc_json_as_str(a, ""));
		}
		resources(b, kc_json_get(c, "resources"));
		probe(b, "Liveness", kc_json_get(c, "livenessProbe"));
		probe(b, "Readiness", kc_json_get(c, "readinessProbe"));
		probe(b, "Startup", kc_json_get(c, "startupProbe"));
		env_vars(b, c);
		mounts(b, c);
	}
}

static void volumes(kc_buf *b, const cJSON *vols)
{
	if (!cJSON_GetArraySize(vols)) {
		kc_buf_addstr(b, "  Volumes:\t<none>\n");
		return;
	}
	kc_buf_addstr(b, "  Volumes:\n");
	const cJSON *v;
	cJSON_ArrayForEach(v, vols) {
		kc_buf_addf(b, "   %s:\n", kc_json_get_str(v, "name", ""));
		const cJSON *s;
		if ((s = kc_json_get(v, "hostPath"))) {
			kc_buf_addf(b, "    Type:\tHostPath (bare host directory volume)\n    Path:\t%s\n    HostPathType:\t%s\n",
				    kc_json_get_str(s, "path", ""), kc_json_get_str(s, "type", "<none>"));
		} else if ((s = kc_json_get(v, "emptyDir"))) {
			kc_buf_addf(b, "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
				       "    Medium:\t%s\n    SizeLimit:\t%s\n",
				    kc_json_get_str(s, "medium", ""), kc_json_get_str(s, "sizeLimit", "<unset>"));
		} else if ((s = kc_json_get(v, "secret"))) {
			kc_buf_addf(b, "    Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t%s\n    Optional:\t%s\n",
				    kc_json_get_str(s, "secretName", ""), kc_json_get_bool(s, "optional", false) ? "true" : "false");
		} else if ((s = kc_json_get(v, "configMap"))) {
			kc_buf_addf(b, "    Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t%s\n    Optional:\t%s\n",
				    kc_json_get_str(s, "name", ""), kc_json_get_bool(s, "optional", false) ? "true" : "false");
		} else if ((s = kc_json_get(v, "persistentVolumeClaim"))) {
			kc_buf_addf(b, "    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
				       "namespace)\n    ClaimName:\t%s\n    ReadOnly:\t%s\n",
				    kc_json_get_str(s, "claimName", ""), kc_json_get_bool(s, "readOnly", false) ? "true" : "false");
		} else if ((s = kc_json_get(v, "downwardAPI"))) {
			kc_buf_addstr(b, "    Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
			const cJSON *it;
			cJSON_ArrayForEach(it, kc_json_get(s, "items")) {
				const char *fp = kc_json_get_str(it, "fieldRef.fieldPath", NULL);
				if (fp)
					kc_buf_addf(b, "      %s -> %s\n", fp, kc_json_get_str(it, "path", ""));
				else
					kc_buf_addf(b, "      %s -> %s\n", kc_json_get_str(it, "resourceFieldRef.resource", ""),
						    kc_json_get_str(it, "path", ""));
			}
		} else {
			kc_buf_addstr(b, "    <unknown>\n");
		}
	}
}

static void tolerations(kc_buf *b, const cJSON *tols)
{
	kc_buf_addstr(b, "  Tolerations:\t");
	size_t n = (size_t)cJSON_GetArraySize(tols);
	if (!n) {
		kc_buf_addstr(b, "<none>\n");
		return;
	}
	const cJSON **v = xcalloc(n + 1, sizeof(*v));
	size_t k = 0;
	const cJSON *t;
	cJSON_ArrayForEach(t, tols)
		v[k++] = t;
	/* sorted by key (stable insertion sort keeps equal keys in order) */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && strcmp(kc_json_get_str(v[j - 1], "key", ""), kc_json_get_str(v[j], "key", "")) > 0;
		     j--) {
			const cJSON *tmp = v[j];
			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
	for (size_t i = 0; i < k; i++) {
		const char *key = kc_json_get_str(v[i], "key", ""), *value = kc_json_get_str(v[i], "value", "");
		const char *effect = kc_json_get_str(v[i], "effect", "");
		if (i)
			kc_buf_addch(b, '\t');
		kc_buf_addstr(b, key);
		if (value[0])
			kc_buf_addf(b, "=%s", value);
		if (effect[0])
			kc_buf_addf(b, ":%s", effect);
		if (streq(kc_json_get_str(v[i], "operator", ""), "Exists") && !value[0])
			kc_buf_addstr(b, key[0] || effect[0] ? " op=Exists" : "op=Exists");
		const cJSON *secs = kc_json_get(v[i], "tolerationSeconds");
		if (cJSON_IsNumber(secs))
			kc_buf_addf(b, " for %llds", (long long)kc_json_as_int(secs, 0));
		kc_buf_addch(b, '\n');
	}
	free(v);
}

void kc_rollout_describe_template(kc_buf *b, const cJSON *tpl)
{
	kc_buf_addstr(b, "Pod Template:\n");
	if (!tpl) {
		kc_buf_addstr(b, "  <unset>");
		return;
	}
	multiline_labels(b, "  Labels", kc_json_get(tpl, "metadata.labels"));
	const cJSON *ann = kc_json_get(tpl, "metadata.annotations");
	if (cJSON_GetArraySize(ann) > 0)
		multiline_annotations(b, "  Annotations", ann);
	const char *sa = kc_json_get_str(tpl, "spec.serviceAccountName", "");
	if (sa[0])
		kc_buf_addf(b, "  Service Account:\t%s\n", sa);
	const cJSON *init = kc_json_get(tpl, "spec.initContainers");
	if (cJSON_GetArraySize(init) > 0)
		containers(b, "Init Containers", init);
	containers(b, "Containers", kc_json_get(tpl, "spec.containers"));
	volumes(b, kc_json_get(tpl, "spec.volumes"));
	const char *pc = kc_json_get_str(tpl, "spec.priorityClassName", "");
	if (pc[0])
		kc_buf_addf(b, "  Priority Class Name:\t%s\n", pc);
	multiline_labels(b, "  Node-Selectors", kc_json_get(tpl, "spec.nodeSelector"));
	tolerations(b, kc_json_get(tpl, "spec.tolerations"));
}
