/* patch_strategic.c - Kubernetes strategic merge patch (see patch.h).
 *
 * Semantics follow k8s.io/apimachinery/pkg/util/strategicpatch as the
 * apiserver runs it (StrategicMergeMapPatch: parallel lists merged, unmatched
 * nulls ignored). Where upstream's Go code is loose, we keep its observable
 * result: values copied from the patch lose their null members and their
 * directives, as decoding into the typed Go object would drop them.
 *
 * Processing order inside one map (upstream's, made deterministic):
 *   1. "$patch" on the map itself (replace / delete; anything else errs);
 *   2. "$retainKeys": drop live keys not listed;
 *   3. each "$setElementOrder/<list>" with its list;
 *   4. ordinary keys, in patch order;
 *   5. each "$deleteFromPrimitiveList/<list>".
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>

#include "json.h"
#include "map.h"
#include "patch.h"
#include "util.h"

#include "banned.h"

#define DIRECTIVE        "$patch"
#define RETAIN_KEYS      "$retainKeys"
#define SET_ORDER        "$setElementOrder"
#define DELETE_PRIMITIVE "$deleteFromPrimitiveList"

/* ------------------------------------------------------------------ */
/* the schema: upstream's Go struct tags, one row per field in context */
/* ------------------------------------------------------------------ */

enum {
	SMP_MERGE = 1 << 0,   /* patchStrategy:"merge" */
	SMP_REPLACE = 1 << 1, /* patchStrategy:"replace" (maps replaced whole) */
	SMP_RETAIN = 1 << 2,  /* patchStrategy:"...,retainKeys" (for patch creation; applying honours
	                       * "$retainKeys" wherever it appears, as upstream) */
};

typedef struct smp_field {
	const char *type;  /* the Go struct holding the field */
	const char *field; /* its JSON name */
	const char *child; /* Go struct of the value, or of a list's elements; NULL: none needed */
	unsigned strategy;
	const char *merge_key; /* patchMergeKey of a list of objects */
} smp_field;

/* Only fields with tags, and the struct fields leading to them, are listed:
 * everything else merges maps recursively and replaces lists. Sources:
 * k8s.io/api {core,apps,batch,autoscaling/v2,policy,admissionregistration,
 * storage,flowcontrol,networking}/v1 types.go and apimachinery's ObjectMeta.
 * Note the context: Container.ports merge by containerPort, ServiceSpec.ports
 * by port; volumeMounts by mountPath (upstream's tag, whatever docs say);
 * tolerations have no tag and are replaced. */
static const smp_field smp_fields[] = {
    /* every kind: "metadata" is ObjectMeta (see lookup_field) */
    {"ObjectMeta", "ownerReferences", NULL, SMP_MERGE, "uid"},
    {"ObjectMeta", "finalizers", NULL, SMP_MERGE, NULL},

    /* pods and their templates */
    {"Pod", "spec", "PodSpec", 0, NULL},
    {"Pod", "status", "PodStatus", 0, NULL},
    {"PodTemplate", "template", "PodTemplateSpec", 0, NULL},
    {"PodTemplateSpec", "metadata", "ObjectMeta", 0, NULL},
    {"PodTemplateSpec", "spec", "PodSpec", 0, NULL},
    {"PodSpec", "volumes", NULL, SMP_MERGE | SMP_RETAIN, "name"},
    {"PodSpec", "initContainers", "Container", SMP_MERGE, "name"},
    {"PodSpec", "containers", "Container", SMP_MERGE, "name"},
    {"PodSpec", "ephemeralContainers", "Container", SMP_MERGE, "name"},
    {"PodSpec", "imagePullSecrets", NULL, SMP_MERGE, "name"},
    {"PodSpec", "hostAliases", NULL, SMP_MERGE, "ip"},
    {"PodSpec", "topologySpreadConstraints", NULL, SMP_MERGE, "topologyKey"},
    {"PodSpec", "schedulingGates", NULL, SMP_MERGE, "name"},
    {"PodSpec", "resourceClaims", NULL, SMP_MERGE | SMP_RETAIN, "name"},
    /* Container and EphemeralContainer share these tags */
    {"Container", "ports", NULL, SMP_MERGE, "containerPort"},
    {"Container", "env", NULL, SMP_MERGE, "name"},
    {"Container", "volumeMounts", NULL, SMP_MERGE, "mountPath"},
    {"Container", "volumeDevices", NULL, SMP_MERGE, "devicePath"},
    {"PodStatus", "conditions", NULL, SMP_MERGE, "type"},
    {"PodStatus", "hostIPs", NULL, SMP_MERGE, "ip"},
    {"PodStatus", "podIPs", NULL, SMP_MERGE, "ip"},
    {"PodStatus", "resourceClaimStatuses", NULL, SMP_MERGE | SMP_RETAIN, "name"},

    /* workloads */
    {"ReplicationController", "spec", "ReplicationControllerSpec", 0, NULL},
    {"ReplicationController", "status", "ConditionsStatus", 0, NULL},
    {"ReplicationControllerSpec", "template", "PodTemplateSpec", 0, NULL},
    {"Deployment", "spec", "DeploymentSpec", 0, NULL},
    {"Deployment", "status", "ConditionsStatus", 0, NULL},
    {"DeploymentSpec", "template", "PodTemplateSpec", 0, NULL},
    {"DeploymentSpec", "strategy", NULL, SMP_RETAIN, NULL},
    {"ReplicaSet", "spec", "WorkloadSpec", 0, NULL},
    {"ReplicaSet", "status", "ConditionsStatus", 0, NULL},
    {"StatefulSet", "spec", "WorkloadSpec", 0, NULL},
    {"StatefulSet", "status", "ConditionsStatus", 0, NULL},
    {"DaemonSet", "spec", "WorkloadSpec", 0, NULL},
    {"DaemonSet", "status", "ConditionsStatus", 0, NULL},
    {"Job", "spec", "WorkloadSpec", 0, NULL},
    {"Job", "status", "ConditionsStatus", 0, NULL},
    /* ReplicaSetSpec, StatefulSetSpec, DaemonSetSpec, JobSpec: only template is tagged below */
    {"WorkloadSpec", "template", "PodTemplateSpec", 0, NULL},
    {"CronJob", "spec", "CronJobSpec", 0, NULL},
    {"CronJobSpec", "jobTemplate", "JobTemplateSpec", 0, NULL},
    {"JobTemplateSpec", "metadata", "ObjectMeta", 0, NULL},
    {"JobTemplateSpec", "spec", "WorkloadSpec", 0, NULL},

    /* services and nodes */
    {"Service", "spec", "ServiceSpec", 0, NULL},
    {"Service", "status", "ConditionsStatus", 0, NULL},
    {"ServiceSpec", "ports", NULL, SMP_MERGE, "port"},
    {"Node", "spec", "NodeSpec", 0, NULL},
    {"Node", "status", "NodeStatus", 0, NULL},
    {"NodeSpec", "podCIDRs", NULL, SMP_MERGE, NULL},
    {"NodeStatus", "conditions", NULL, SMP_MERGE, "type"},
    {"NodeStatus", "addresses", NULL, SMP_MERGE, "type"},

    /* other core kinds */
    {"Namespace", "status", "ConditionsStatus", 0, NULL},
    {"PersistentVolumeClaim", "status", "ConditionsStatus", 0, NULL},
    {"ServiceAccount", "secrets", NULL, SMP_MERGE, "name"},

    /* other groups */
    {"HorizontalPodAutoscaler", "status", "ConditionsStatus", 0, NULL}, /* autoscaling/v2 */
    {"PodDisruptionBudget", "spec", "PodDisruptionBudgetSpec", 0, NULL},
    {"PodDisruptionBudget", "status", "ConditionsStatus", 0, NULL},
    {"PodDisruptionBudgetSpec", "selector", NULL, SMP_REPLACE, NULL},
    {"ValidatingWebhookConfiguration", "webhooks", "Webhook", SMP_MERGE, "name"},
    {"MutatingWebhookConfiguration", "webhooks", "Webhook", SMP_MERGE, "name"},
    {"Webhook", "matchConditions", NULL, SMP_MERGE, "name"},
    {"CSINode", "spec", "CSINodeSpec", 0, NULL},
    {"CSINodeSpec", "drivers", NULL, SMP_MERGE, "name"},
    {"FlowSchema", "status", "ConditionsStatus", 0, NULL},
    {"PriorityLevelConfiguration", "status", "ConditionsStatus", 0, NULL},
    {"ServiceCIDR", "status", "ConditionsStatus", 0, NULL},

    /* the many <Kind>Status structs whose only tagged field is conditions */
    {"ConditionsStatus", "conditions", NULL, SMP_MERGE, "type"},
};

/* Kinds with a schema above; other kinds of the built-in groups get
 * "Object" (metadata only). Keyed by group, as kc serves one version each. */
static const struct {
	const char *group, *kind, *type;
} smp_kinds[] = {
    {"", "Pod", "Pod"},
    {"", "PodTemplate", "PodTemplate"},
    {"", "ReplicationController", "ReplicationController"},
    {"", "Service", "Service"},
    {"", "Node", "Node"},
    {"", "Namespace", "Namespace"},
    {"", "PersistentVolumeClaim", "PersistentVolumeClaim"},
    {"", "ServiceAccount", "ServiceAccount"},
    {"apps", "Deployment", "Deployment"},
    {"apps", "ReplicaSet", "ReplicaSet"},
    {"apps", "StatefulSet", "StatefulSet"},
    {"apps", "DaemonSet", "DaemonSet"},
    {"batch", "Job", "Job"},
    {"batch", "CronJob", "CronJob"},
    {"autoscaling", "HorizontalPodAutoscaler", "HorizontalPodAutoscaler"},
    {"policy", "PodDisruptionBudget", "PodDisruptionBudget"},
    {"admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "ValidatingWebhookConfiguration"},
    {"admissionregistration.k8s.io", "MutatingWebhookConfiguration", "MutatingWebhookConfiguration"},
    {"storage.k8s.io", "CSINode", "CSINode"},
    {"flowcontrol.apiserver.k8s.io", "FlowSchema", "FlowSchema"},
    {"flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration", "PriorityLevelConfiguration"},
    {"networking.k8s.io", "ServiceCIDR", "ServiceCIDR"},
};

/* API groups compiled into kube-apiserver (and apiextensions' own types).
 * Everything else is a custom resource or an aggregated API, for which
 * upstream refuses strategic merge patches. Not "*.k8s.io": the Gateway API
 * (gateway.networking.k8s.io) is made of CRDs. */
static const char *const builtin_groups[] = {
    "",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "apps",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "autoscaling",
    "batch",
    "certificates.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "events.k8s.io",
    "flowcontrol.apiserver.k8s.io",
    "internal.apiserver.k8s.io",
    "networking.k8s.io",
    "node.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "resource.k8s.io",
    "scheduling.k8s.io",
    "storage.k8s.io",
    "storagemigration.k8s.io",
};

/* "apps/v1" -> "apps", "v1" -> "" (into a caller buffer). */
static bool split_group(const char *api_version, char *group, size_t n)
{
	if (!api_version || !*api_version)
		return false;
	const char *slash = strchr(api_version, '/');
	size_t len = slash ? (size_t)(slash - api_version) : 0;
	if (len >= n)
		return false;
	memcpy(group, api_version, len);
	group[len] = '\0';
	return true;
}

bool kc_patch_strategic_supported(const char *api_version, const char *kind)
{
	char group[256];
	if (!kind || !*kind || !split_group(api_version, group, sizeof(group)))
		return false;
	for (size_t i = 0; i < KC_ARRAY_SIZE(builtin_groups); i++)
		if (streq(group, builtin_groups[i]))
			return true;
	return false;
}

static const char *root_type(const char *api_version, const char *kind)
{
	char group[256];
	if (split_group(api_version, group, sizeof(group)))
		for (size_t i = 0; i < KC_ARRAY_SIZE(smp_kinds); i++)
			if (streq(group, smp_kinds[i].group) && streq(kind, smp_kinds[i].kind))
				return smp_kinds[i].type;
	return "Object";
}

static bool is_root_type(const char *type)
{
	if (streq(type, "Object"))
		return true;
	for (size_t i = 0; i < KC_ARRAY_SIZE(smp_kinds); i++)
		if (streq(type, smp_kinds[i].type))
			return true;
	return false;
}

static const smp_field no_meta = {NULL, NULL, NULL, 0, NULL};
static const smp_field object_meta = {"*", "metadata", "ObjectMeta", 0, NULL};

/* The metadata of field in struct type (type may be NULL: unknown). */
static const smp_field *lookup_field(const char *type, const char *field)
{
	if (!type)
		return &no_meta;
	for (size_t i = 0; i < KC_ARRAY_SIZE(smp_fields); i++)
		if (streq(smp_fields[i].type, type) && streq(smp_fields[i].field, field))
			return &smp_fields[i];
	if (streq(field, "metadata") && is_root_type(type))
		return &object_meta;
	return &no_meta;
}

const char *kc_patch_strategic_type(const char *api_version, const char *kind)
{
	return root_type(api_version, kind ? kind : "");
}

void kc_patch_strategic_field(const char *type, const char *field, kc_patch_field_meta *ret)
{
	const smp_field *f = lookup_field(type, field);
	*ret = (kc_patch_field_meta){
		.child = f->child,
		.merge_key = f->merge_key,
		.merge = (f->strategy & SMP_MERGE) != 0,
		.replace = (f->strategy & SMP_REPLACE) != 0,
		.retain_keys = (f->strategy & SMP_RETAIN) != 0,
	};
}

/* ------------------------------------------------------------------ */
/* upstream's error wording: Go's %v and reflect type names            */
/* ------------------------------------------------------------------ */

static const char *go_type(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return "<nil>";
	if (cJSON_IsObject(v))
		return "map[string]interface {}";
	if (cJSON_IsArray(v))
		return "[]interface {}";
	if (cJSON_IsString(v))
		return "string";
	if (cJSON_IsBool(v))
		return "bool";
	return "float64";
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp((*(const cJSON *const *)a)->string, (*(const cJSON *const *)b)->string);
}

/* fmt's %v of the decoded value: map[a:1 b:[x y]] with keys sorted. */
static void go_fmt(kc_buf *b, const cJSON *v)
{
	if (b->len > KC_ERROR_MSG_MAX) /* the message is truncated there anyway */
		return;
	if (!v || cJSON_IsNull(v)) {
		kc_buf_addstr(b, "<nil>");
	} else if (cJSON_IsObject(v)) {
		size_t n = 0;
		for (const cJSON *c = v->child; c; c = c->next)
			n++;
		const cJSON **m = xmalloc((n ? n : 1) * sizeof(*m));
		n = 0;
		for (const cJSON *c = v->child; c; c = c->next)
			m[n++] = c;
		qsort(m, n, sizeof(*m), cmp_key);
		kc_buf_addstr(b, "map[");
		for (size_t i = 0; i < n; i++) {
			kc_buf_addf(b, "%s%s:", i ? " " : "", m[i]->string);
			go_fmt(b, m[i]);
		}
		kc_buf_addch(b, ']');
		free(m);
	} else if (cJSON_IsArray(v)) {
		kc_buf_addch(b, '[');
		for (const cJSON *c = v->child; c; c = c->next) {
			if (c != v->child)
				kc_buf_addch(b, ' ');
			go_fmt(b, c);
		}
		kc_buf_addch(b, ']');
	} else if (cJSON_IsString(v)) {
		kc_buf_addstr(b, v->valuestring);
	} else if (cJSON_IsBool(v)) {
		kc_buf_addstr(b, cJSON_IsTrue(v) ? "true" : "false");
	} else {
		kc_json_format_go_float(b, v->valuedouble);
	}
}

/* A nil slice prints as [] in Go. */
static void go_fmt_list(kc_buf *b, const cJSON *list)
{
	if (list)
		go_fmt(b, list);
	else
		kc_buf_addstr(b, "[]");
}

static int err_no_merge_key(kc_error *err, const cJSON *m, const char *key)
{
	_cleanup_buf_ kc_buf b = KC_BUF_INIT;
	go_fmt(&b, m);
	return kc_error_set(err, -EINVAL, "map: %s does not contain declared merge key: %s", kc_buf_str(&b),
	                    key);
}

static int err_bad_arg_type(kc_error *err, const char *expected, const cJSON *actual)
{
	return kc_error_set(err, -EINVAL, "expected a %s, but received a %s", expected, go_type(actual));
}

static int err_bad_patch_type(kc_error *err, const cJSON *directive, const cJSON *m)
{
	_cleanup_buf_ kc_buf t = KC_BUF_INIT, mb = KC_BUF_INIT;
	if (cJSON_IsString(directive)) {
		kc_buf_addstr(&t, directive->valuestring);
	} else if (cJSON_IsObject(directive) || cJSON_IsArray(directive)) {
		go_fmt(&t, directive);
	} else { /* %s of a non-string, as Go prints it */
		kc_buf_addf(&t, "%%!s(%s", go_type(directive));
		if (!cJSON_IsNull(directive)) {
			kc_buf_addch(&t, '=');
			go_fmt(&t, directive);
		}
		kc_buf_addch(&t, ')');
	}
	go_fmt(&mb, m);
	return kc_error_set(err, -EINVAL, "unknown patch type: %s in map: %s", kc_buf_str(&t),
	                    kc_buf_str(&mb));
}

/* ------------------------------------------------------------------ */
/* values and their identity                                           */
/* ------------------------------------------------------------------ */

/* Go compares list items (and merge key values) with ==; a sorted compact
 * print is the same identity for scalars (1 and 1.0 print alike). */
static char *canon(const cJSON *v)
{
	return kc_json_print_flags(v, KC_JSON_SORTED);
}

/* The identity of a list item: its merge key's value, or itself for
 * scalars. NULL when an object lacks the merge key. */
static char *item_id(const cJSON *item, const char *merge_key)
{
	if (!merge_key)
		return canon(item);
	const cJSON *v = cJSON_IsObject(item) ? cJSON_GetObjectItemCaseSensitive(item, merge_key) : NULL;
	return v ? canon(v) : NULL;
}

/* Map from item identity to its first position (+1, so 0 means absent). */
static kc_map *positions(const cJSON *list, const char *merge_key)
{
	kc_map *m = kc_map_new(NULL);
	intptr_t i = 0;
	for (const cJSON *c = list ? list->child : NULL; c; c = c->next, i++) {
		_cleanup_free_ char *id = item_id(c, merge_key);
		if (id && !kc_map_has(m, id))
			kc_map_put(m, id, (void *)(i + 1));
	}
	return m;
}

static long position_of(const kc_map *m, const char *id)
{
	return id ? (long)(intptr_t)kc_map_get(m, id) - 1 : -1;
}

static void mapp_free(kc_map **m)
{
	if (*m)
		kc_map_free(*m);
}
#define _cleanup_map_ _cleanup_(mapp_free)

static bool is_directive_key(const char *k)
{
	return streq(k, RETAIN_KEYS) || str_startswith(k, SET_ORDER) || str_startswith(k, DELETE_PRIMITIVE);
}

/* A copy of a patch value for the result: maps carrying "$patch" are
 * dropped (NULL), other directive keys and null members removed - what
 * upstream's removeDirectives + discardNullValuesFromPatch leave once the
 * typed object is decoded. */
static cJSON *sanitize(const cJSON *v)
{
	if (cJSON_IsObject(v)) {
		if (cJSON_GetObjectItemCaseSensitive(v, DIRECTIVE))
			return NULL;
		cJSON *o = cJSON_CreateObject();
		for (const cJSON *c = v->child; c; c = c->next) {
			if (cJSON_IsNull(c) || is_directive_key(c->string))
				continue;
			cJSON *s = sanitize(c);
			if (s)
				cJSON_AddItemToObject(o, c->string, s);
		}
		return o;
	}
	if (cJSON_IsArray(v)) {
		cJSON *a = cJSON_CreateArray();
		for (const cJSON *c = v->child; c; c = c->next) {
			cJSON *s = sanitize(c);
			if (s)
				cJSON_AddItemToArray(a, s);
		}
		return a;
	}
	return kc_json_dup(v);
}

/* Same "Go type": objects, arrays, strings, numbers, bools, nulls. */
static int value_kind(const cJSON *v)
{
	int t = v->type & 0xff;
	return t == cJSON_True ? cJSON_False : t;
}

/* sliceElementType: the kind shared by every element of a and b, or an
 * error (lists of lists, mixed kinds, nothing at all). */
static int element_kind(const cJSON *a, const cJSON *b, int *ret, kc_error *err)
{
	int kind = -1;
	const cJSON *lists[2] = {a, b};
	for (int l = 0; l < 2; l++) {
		for (const cJSON *c = lists[l] ? lists[l]->child : NULL; c; c = c->next) {
			int k = value_kind(c);
			if (kind < 0) {
				if (k == cJSON_Array)
					return kc_error_set(err, -EINVAL, "lists of lists are not supported");
				kind = k;
			}
			if (k != kind || k == cJSON_NULL) {
				_cleanup_buf_ kc_buf m = KC_BUF_INIT;
				kc_buf_addch(&m, '[');
				go_fmt_list(&m, a);
				kc_buf_addch(&m, ' ');
				go_fmt_list(&m, b);
				kc_buf_addch(&m, ']');
				return kc_error_set(err, -EINVAL, "list element types are not identical: %s",
				                    kc_buf_str(&m));
			}
		}
	}
	if (kind < 0)
		return kc_error_set(err, -EINVAL, "no elements in any of the given slices");
	*ret = kind;
	return 0;
}

/* ------------------------------------------------------------------ */
/* ordering (upstream's normalizeElementOrder)                         */
/* ------------------------------------------------------------------ */

typedef struct ordered {
	cJSON *item;
	long pos;  /* sort key: place in the wanted or live order (LONG_MAX: absent) */
	long live; /* place in the live list, -1 if absent */
	size_t seq;
} ordered;

typedef struct item_vec {
	ordered *v;
	size_t n, cap;
} item_vec;

static void vec_push(item_vec *vec, cJSON *item, long pos, long live)
{
	if (vec->n == vec->cap) {
		vec->cap = vec->cap ? 2 * vec->cap : 8;
		vec->v = xrealloc(vec->v, vec->cap * sizeof(*vec->v));
	}
	vec->v[vec->n] = (ordered){item, pos < 0 ? LONG_MAX : pos, live, vec->n};
	vec->n++;
}

static void vec_free(item_vec *vec)
{
	free(vec->v);
	vec->v = NULL;
}

static int cmp_ordered(const void *a, const void *b)
{
	const ordered *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq; /* stable */
}

/* Rebuilds list from its items: those whose identity is in `wanted` sorted
 * by that order, the rest ("server only") by `live`, then interleaved as
 * upstream's mergeSortedSlice does - a server-only item goes first only
 * when both are in the live list and it came first there. Every item must
 * have an identity (merge key). */
static int reorder(cJSON *list, const kc_map *wanted, const kc_map *live, const char *merge_key,
                   kc_error *err)
{
	_cleanup_(vec_free) item_vec patched = {0}, server = {0};
	for (cJSON *c = list->child; c; c = c->next) {
		_cleanup_free_ char *id = item_id(c, merge_key);
		if (!id) {
			if (!cJSON_IsObject(c))
				return err_bad_arg_type(err, "map[string]interface {}", c);
			return err_no_merge_key(err, c, merge_key);
		}
		long wpos = position_of(wanted, id), lpos = position_of(live, id);
		if (wpos >= 0)
			vec_push(&patched, c, wpos, lpos);
		else
			vec_push(&server, c, lpos, lpos);
	}
	if (patched.n > 1)
		qsort(patched.v, patched.n, sizeof(*patched.v), cmp_ordered);
	if (server.n > 1)
		qsort(server.v, server.n, sizeof(*server.v), cmp_ordered);
	/* Interleave by positions in the live list. */
	cJSON **out = xmalloc((patched.n + server.n + 1) * sizeof(*out));
	size_t i = 0, j = 0, k = 0;
	while (i < server.n || j < patched.n) {
		bool take_server;
		if (j >= patched.n) {
			take_server = true;
		} else if (i >= server.n) {
			take_server = false;
		} else {
			long li = server.v[i].live, ri = patched.v[j].live;
			take_server = li >= 0 && ri >= 0 && li < ri;
		}
		out[k++] = take_server ? server.v[i++].item : patched.v[j++].item;
	}
	/* Relink the items in the new order (they all belong to list). */
	for (size_t x = 0; x < k; x++)
		cJSON_DetachItemViaPointer(list, out[x]);
	for (size_t x = 0; x < k; x++)
		cJSON_AddItemToArray(list, out[x]);
	free(out);
	return 0;
}

/* ------------------------------------------------------------------ */
/* merging                                                             */
/* ------------------------------------------------------------------ */

static int merge_map(cJSON **porig, const cJSON *patch, const char *type, kc_error *err);

/* Merges list patch (of maps with merge_key) into the owned array orig. */
static int merge_object_list(cJSON *orig, const cJSON *patch, const char *elem_type, const char *merge_key,
                             kc_error *err)
{
	/* Special elements: "$patch" delete/replace; the rest merge. */
	_cleanup_json_ cJSON *plain = cJSON_CreateArray(); /* references into patch */
	bool replace = false;
	for (const cJSON *p = patch->child; p; p = p->next) {
		const cJSON *d = cJSON_GetObjectItemCaseSensitive(p, DIRECTIVE);
		if (!d) {
			cJSON_AddItemReferenceToArray(plain, (cJSON *)p);
			continue;
		}
		if (cJSON_IsString(d) && streq(d->valuestring, "delete")) {
			const cJSON *mv = cJSON_GetObjectItemCaseSensitive(p, merge_key);
			if (!mv)
				return err_no_merge_key(err, p, merge_key);
			_cleanup_free_ char *want = canon(mv);
			for (cJSON *c = orig->child, *next; c; c = next) {
				next = c->next;
				_cleanup_free_ char *id = item_id(c, merge_key);
				if (id && streq(id, want))
					cJSON_Delete(cJSON_DetachItemViaPointer(orig, c));
			}
		} else if (cJSON_IsString(d) && streq(d->valuestring, "replace")) {
			replace = true; /* keep scanning: later elements may still err */
		} else if (cJSON_IsString(d) && streq(d->valuestring, "merge")) {
			return kc_error_set(err, -EINVAL,
			                    "merging lists cannot yet be specified in the patch");
		} else {
			return err_bad_patch_type(err, d, p);
		}
	}
	if (replace) {
		while (orig->child)
			cJSON_Delete(cJSON_DetachItemViaPointer(orig, orig->child));
		for (const cJSON *p = plain->child; p; p = p->next) {
			cJSON *s = sanitize(p);
			if (s)
				cJSON_AddItemToArray(orig, s);
		}
		while (plain->child)
			cJSON_Delete(cJSON_DetachItemViaPointer(plain, plain->child));
	}

	_cleanup_map_ kc_map *live = positions(orig, merge_key);
	_cleanup_map_ kc_map *wanted = positions(plain, merge_key);
	/* Where each identity sits now, to merge into (first match, as Go). */
	_cleanup_map_ kc_map *where = kc_map_new(NULL);
	for (cJSON *c = orig->child; c; c = c->next) {
		_cleanup_free_ char *id = item_id(c, merge_key);
		if (id && !kc_map_has(where, id))
			kc_map_put(where, id, c);
	}
	for (const cJSON *p = plain->child; p; p = p->next) {
		_cleanup_free_ char *id = item_id(p, merge_key);
		if (!id)
			return err_no_merge_key(err, p, merge_key);
		cJSON *target = kc_map_get(where, id);
		if (target) {
			cJSON *merged = target;
			int r = merge_map(&merged, p, elem_type, err);
			if (r < 0)
				return r;
			if (merged != target) {
				cJSON_ReplaceItemViaPointer(orig, target, merged);
				kc_map_put(where, id, merged);
			}
		} else {
			cJSON *s = sanitize(p);
			if (s) {
				cJSON_AddItemToArray(orig, s);
				kc_map_put(where, id, s);
			}
		}
	}
	return reorder(orig, wanted, live, merge_key, err);
}

/* mergeSlice: merges patch into the array orig, in place. */
static int merge_slice(cJSON *orig, const cJSON *patch, const smp_field *meta, const char *type,
                       bool delete_list, kc_error *err)
{
	if (!orig->child && !patch->child)
		return 0;
	int kind;
	int r = element_kind(orig, patch, &kind, err);
	if (r < 0)
		return r;
	if (kind == cJSON_Object) {
		if (!meta->merge_key)
			return kc_error_set(err, -EINVAL, "cannot merge lists without merge key for %s",
			                    type ? type : "unknown");
		return merge_object_list(orig, patch, meta->child, meta->merge_key, err);
	}

	/* Scalars: a set union (or difference for a deletion list). */
	_cleanup_map_ kc_map *in_patch = positions(patch, NULL);
	if (delete_list) {
		for (cJSON *c = orig->child, *next; c; c = next) {
			next = c->next;
			_cleanup_free_ char *id = canon(c);
			if (kc_map_has(in_patch, id))
				cJSON_Delete(cJSON_DetachItemViaPointer(orig, c));
		}
		return 0;
	}
	_cleanup_map_ kc_map *live = positions(orig, NULL);
	_cleanup_map_ kc_map *seen = kc_map_new(NULL);
	for (cJSON *c = orig->child, *next; c; c = next) {
		next = c->next;
		_cleanup_free_ char *id = canon(c);
		if (kc_map_has(seen, id))
			cJSON_Delete(cJSON_DetachItemViaPointer(orig, c));
		else
			kc_map_put(seen, id, c);
	}
	for (const cJSON *p = patch->child; p; p = p->next) {
		_cleanup_free_ char *id = canon(p);
		if (!kc_map_has(seen, id)) {
			cJSON *d = kc_json_dup(p);
			cJSON_AddItemToArray(orig, d);
			kc_map_put(seen, id, d);
		}
	}
	return reorder(orig, in_patch, live, NULL, err);
}

/* mergeSliceHandler: lists with patchStrategy merge (and deletion lists)
 * merge into *plist in place; all others are replaced by the patch's: then
 * *plist points to a new list and the caller disposes of the old one. */
static int merge_slice_handler(cJSON **plist, const cJSON *patch, const smp_field *meta, const char *type,
                               bool delete_list, kc_error *err)
{
	if ((meta->strategy & SMP_MERGE) || delete_list)
		return merge_slice(*plist, patch, meta, type, delete_list, err);
	*plist = sanitize(patch);
	return 0;
}

/* "$setElementOrder/x" -> "x"; upstream's extractKey. */
static const char *directive_target(const char *key, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(key, prefix, n) != 0 || key[n] != '/')
		return NULL;
	return key + n + 1;
}

static bool ids_equal(const cJSON *a, const cJSON *b, const char *merge_key, kc_error *err, int *r)
{
	*r = 0;
	if (merge_key) {
		if (!cJSON_IsObject(a)) {
			*r = err_bad_arg_type(err, "map[string]interface {}", a);
			return false;
		}
		if (!cJSON_IsObject(b)) {
			*r = err_bad_arg_type(err, "map[string]interface {}", b);
			return false;
		}
		if (!cJSON_GetObjectItemCaseSensitive(a, merge_key)) {
			*r = err_no_merge_key(err, a, merge_key);
			return false;
		}
		if (!cJSON_GetObjectItemCaseSensitive(b, merge_key)) {
			*r = err_no_merge_key(err, b, merge_key);
			return false;
		}
	}
	_cleanup_free_ char *x = item_id(a, merge_key), *y = item_id(b, merge_key);
	return streq(x, y);
}

/* validatePatchWithSetOrderList: the patch list's items (deletions aside)
 * must appear in the order list, in the same relative order. */
static int validate_set_order(const cJSON *list, const cJSON *order, const char *merge_key, kc_error *err)
{
	if (!list || !list->child || !order->child)
		return 0;
	const cJSON *p = list->child, *o = order->child;
	while (p && o) {
		if (merge_key && !cJSON_IsObject(p))
			return err_bad_arg_type(err, "map[string]interface {}", p);
		const cJSON *d = cJSON_IsObject(p) ? cJSON_GetObjectItemCaseSensitive(p, DIRECTIVE) : NULL;
		if (d) { /* deletions and other directives do not take part */
			p = p->next;
			continue;
		}
		int r;
		if (ids_equal(p, o, merge_key, err, &r))
			p = p->next;
		else if (r < 0)
			return r;
		o = o->next;
	}
	for (; p; p = p->next)
		if (!(cJSON_IsObject(p) && cJSON_GetObjectItemCaseSensitive(p, DIRECTIVE)))
			break;
	if (p) {
		_cleanup_buf_ kc_buf a = KC_BUF_INIT, b = KC_BUF_INIT;
		go_fmt(&a, list);
		go_fmt(&b, order);
		return kc_error_set(err, -EINVAL, "The order in patch list:\n%s\n doesn't match %s list:\n%s",
		                    kc_buf_str(&a), SET_ORDER, kc_buf_str(&b));
	}
	return 0;
}

/* mergePatchIntoOriginal for one "$setElementOrder/<field>" directive. */
static int apply_set_order(cJSON *orig, const cJSON *patch, const char *key, const cJSON *order,
                           const char *type, kc_error *err)
{
	if (!cJSON_IsArray(order))
		return err_bad_arg_type(err, "[]interface {}", order);
	const char *field = directive_target(key, SET_ORDER);
	if (!field)
		return kc_error_set(err, -EINVAL, "invalid patch format of setElementOrder list");
	cJSON *olist = cJSON_GetObjectItemCaseSensitive(orig, field);
	const cJSON *plist = cJSON_GetObjectItemCaseSensitive(patch, field);
	if (olist && !cJSON_IsArray(olist))
		return err_bad_arg_type(err, "[]interface {}", olist);
	if (plist && !cJSON_IsArray(plist))
		return err_bad_arg_type(err, "[]interface {}", plist);
	const smp_field *meta = lookup_field(type, field);
	const char *merge_key = meta->merge_key;
	int r = validate_set_order(plist, order, merge_key, err);
	if (r < 0)
		return r;
	if (!olist && !plist)
		return 0;

	int kind;
	if ((r = element_kind(olist, plist, &kind, err)) < 0)
		return r;
	if (merge_key && kind != cJSON_Object)
		return err_bad_arg_type(err, "map[string]interface {}",
		                        olist && olist->child ? olist->child : plist->child);
	if (merge_key) {
		/* normalizeSliceOrder wants the key everywhere it sorts by */
		const cJSON *lists[2] = {order, olist};
		for (int l = 0; l < 2; l++)
			for (const cJSON *c = lists[l] ? lists[l]->child : NULL; c; c = c->next) {
				if (!cJSON_IsObject(c))
					return err_bad_arg_type(err, "map[string]interface {}", c);
				if (!cJSON_GetObjectItemCaseSensitive(c, merge_key))
					return err_no_merge_key(err, c, merge_key);
			}
	}
	_cleanup_map_ kc_map *live = positions(olist, merge_key);
	_cleanup_map_ kc_map *wanted = positions(order, merge_key);

	cJSON *merged;
	if (olist && !plist) {
		merged = kc_json_dup(olist);
	} else if (!olist) {
		merged = sanitize(plist);
	} else {
		merged = kc_json_dup(olist);
		cJSON *result = merged;
		r = merge_slice_handler(&result, plist, meta, type, false, err);
		if (result != merged)
			cJSON_Delete(merged);
		merged = result;
		if (r < 0) {
			cJSON_Delete(merged);
			return r;
		}
	}
	if ((r = reorder(merged, wanted, live, merge_key, err)) < 0) {
		cJSON_Delete(merged);
		return r;
	}
	kc_json_object_put(orig, field, merged);
	return 0;
}

/* applyRetainKeysDirective. */
static int apply_retain_keys(cJSON *orig, const cJSON *patch, const cJSON *keys, kc_error *err)
{
	if (!cJSON_IsArray(keys))
		return kc_error_set(err, -EINVAL, "invalid patch format of retainKeys");
	for (const cJSON *m = patch->child; m; m = m->next) {
		if (cJSON_IsNull(m) || is_directive_key(m->string))
			continue;
		bool listed = false;
		for (const cJSON *k = keys->child; k && !listed; k = k->next)
			listed = cJSON_IsString(k) && streq(k->valuestring, m->string);
		if (!listed)
			return kc_error_set(err, -EINVAL, "invalid patch format of retainKeys");
	}
	for (cJSON *c = orig->child, *next; c; c = next) {
		next = c->next;
		bool listed = false;
		for (const cJSON *k = keys->child; k && !listed; k = k->next)
			listed = cJSON_IsString(k) && streq(k->valuestring, c->string);
		if (!listed)
			cJSON_Delete(cJSON_DetachItemViaPointer(orig, c));
	}
	return 0;
}

/* One key of mergeMap's loop: patch value pv for key k. */
static int merge_key_value(cJSON *orig, const char *k, const cJSON *pv, const char *type, bool delete_list,
                           kc_error *err)
{
	if (cJSON_IsNull(pv)) {
		kc_json_object_remove(orig, k);
		return 0;
	}
	cJSON *cur = cJSON_GetObjectItemCaseSensitive(orig, k);
	if (!cur || value_kind(cur) != value_kind(pv)) {
		if (delete_list)
			return 0; /* nothing to delete from */
		cJSON *s = sanitize(pv);
		if (s)
			kc_json_object_put(orig, k, s);
		else
			kc_json_object_remove(orig, k);
		return 0;
	}
	const smp_field *meta = lookup_field(type, k);
	if (cJSON_IsObject(cur)) {
		if (meta->strategy & SMP_REPLACE) {
			cJSON *s = sanitize(pv);
			kc_json_object_put(orig, k, s ? s : cJSON_CreateObject());
			return 0;
		}
		cJSON *merged = cur;
		int r = merge_map(&merged, pv, meta->child, err);
		if (r < 0)
			return r;
		if (merged != cur)
			kc_json_object_put(orig, k, merged);
		return 0;
	}
	if (cJSON_IsArray(cur)) {
		cJSON *list = cur; /* merged in place, or replaced by a new list */
		int r = merge_slice_handler(&list, pv, meta, type, delete_list, err);
		if (r < 0)
			return r;
		if (list != cur)
			kc_json_object_put(orig, k, list);
		return 0;
	}
	kc_json_object_put(orig, k, kc_json_dup(pv));
	return 0;
}

/* mergeMap: merges the patch object into *porig, an object changed in
 * place - or, when the patch carries "$patch", replaced: *porig then points
 * to a new object and the caller disposes of the old one (which may still
 * be linked into a tree). */
static int merge_map(cJSON **porig, const cJSON *patch, const char *type, kc_error *err)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(patch, DIRECTIVE);
	if (d) {
		if (cJSON_IsString(d) && streq(d->valuestring, "replace")) {
			cJSON *o = cJSON_CreateObject();
			for (const cJSON *c = patch->child; c; c = c->next) {
				if (streq(c->string, DIRECTIVE) || cJSON_IsNull(c) ||
				    is_directive_key(c->string))
					continue;
				cJSON *s = sanitize(c);
				if (s)
					cJSON_AddItemToObject(o, c->string, s);
			}
			*porig = o;
			return 0;
		}
		if (cJSON_IsString(d) && streq(d->valuestring, "delete")) {
			*porig = cJSON_CreateObject();
			return 0;
		}
		return err_bad_patch_type(err, d, patch);
	}
	cJSON *orig = *porig;
	int r;

	const cJSON *keys = cJSON_GetObjectItemCaseSensitive(patch, RETAIN_KEYS);
	if (keys && (r = apply_retain_keys(orig, patch, keys, err)) < 0)
		return r;

	for (const cJSON *m = patch->child; m; m = m->next)
		if (str_startswith(m->string, SET_ORDER) &&
		    (r = apply_set_order(orig, patch, m->string, m, type, err)) < 0)
			return r;

	_cleanup_buf_ kc_buf name = KC_BUF_INIT;
	for (const cJSON *m = patch->child; m; m = m->next) {
		if (is_directive_key(m->string))
			continue;
		kc_buf_reset(&name);
		kc_buf_addf(&name, "%s/%s", SET_ORDER, m->string);
		if (cJSON_GetObjectItemCaseSensitive(patch, name.s))
			continue; /* merged with its order list above */
		if ((r = merge_key_value(orig, m->string, m, type, false, err)) < 0)
			return r;
	}

	for (const cJSON *m = patch->child; m; m = m->next) {
		if (!str_startswith(m->string, DELETE_PRIMITIVE))
			continue;
		const char *field = directive_target(m->string, DELETE_PRIMITIVE);
		if (!field)
			return kc_error_set(err, -EINVAL, "invalid patch format of primitive list");
		if ((r = merge_key_value(orig, field, m, type, true, err)) < 0)
			return r;
	}
	return 0;
}

int kc_patch_strategic(cJSON **target, const cJSON *patch, const char *api_version, const char *kind,
                       kc_error *err)
{
	if (!target || !patch)
		return kc_error_set(err, -EINVAL, "strategic merge patch: no document or patch");
	if (!kc_patch_strategic_supported(api_version, kind))
		return kc_error_set(err, -EOPNOTSUPP, "strategic merge patch format is not supported");
	if (!cJSON_IsObject(patch)) {
		const char *t = cJSON_IsArray(patch)    ? "array"
		                : cJSON_IsString(patch) ? "string"
		                : cJSON_IsBool(patch)   ? "bool"
		                : cJSON_IsNull(patch)   ? "null"
		                                        : "number";
		return kc_error_set(err, -EBADMSG,
		                    "json: cannot unmarshal %s into Go value of type map[string]interface {}",
		                    t);
	}
	if (*target && !cJSON_IsObject(*target))
		return kc_error_set(err, -EINVAL, "invalid JSON document");
	cJSON *work = *target ? kc_json_dup(*target) : cJSON_CreateObject();
	cJSON *result = work;
	int r = merge_map(&result, patch, root_type(api_version, kind), err);
	if (result != work)
		cJSON_Delete(work);
	if (r < 0) {
		cJSON_Delete(result);
		return r;
	}
	cJSON_Delete(*target);
	*target = result;
	return 0;
}
