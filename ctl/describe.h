/* describe.h - `kc describe`: kubectl's describers (k8s.io/kubectl/pkg/describe)
 * with their layout, wording and what they fetch besides the object.
 *
 * A describer turns one object (already fetched) into kubectl's text. What it
 * needs besides the object (events, the pods of a controller, a deployment's
 * ReplicaSets, a service's EndpointSlices, a node's pods and lease, a
 * namespace's quotas) it asks for through kc_describe_env.get, so the
 * describers are pure functions of (object, answers to GETs, now, zone):
 * `kc describe` plugs in the API client, the unit tests a table of canned
 * answers.
 *
 * Text goes through a Go text/tabwriter clone (minwidth 0, tabwidth 8,
 * padding 2, padded with spaces) exactly as kubectl's tabbedString: cells end
 * at '\t', a line without any '\t' ends a column block, and the Events table
 * is flushed on its own.
 *
 * Ownership: everything returned is the caller's (kc_buf, char *, cJSON *);
 * inputs are borrowed. */
#ifndef KC_CTL_DESCRIBE_H
#define KC_CTL_DESCRIBE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/timeutil.h"
#include "common/util.h"

/* ---- the environment a describer runs in ---- */

/* One answer to a GET made for a describer. */
typedef struct kc_describe_result {
	cJSON *body;  /* the object, or for a list path the list with the items of
		       * every page (the getter follows "continue"); caller frees */
	long status;  /* HTTP status: 200 when body is set, 0 for a transport failure */
	char *error;  /* when it failed: the error as Go's err.Error() says it
		       * ("leases.coordination.k8s.io \"n1\" not found"); caller frees */
} kc_describe_result;

void kc_describe_result_clear(kc_describe_result *r);

/* GETs path ("/api/v1/namespaces/default/pods?labelSelector=app%3Dnginx";
 * query values escaped) and fills *ret. Lists are asked for in chunks as the
 * getter sees fit (kubectl's --chunk-size). */
typedef void (*kc_describe_get_fn)(void *data, const char *path, kc_describe_result *ret);

typedef struct kc_describe_env {
	kc_describe_get_fn get;
	void *data;
	kc_time now;             /* for ages ("5m", "3s (x2 over 10s)") */
	const kc_time_zone *tz;  /* times print in it ("Mon, 02 Jan 2006 15:04:05 -0700"); NULL: UTC */
	bool show_events;        /* --show-events */
} kc_describe_env;

/* ---- the describers ---- */

/* Describes obj (a full object with apiVersion, kind and metadata) as kubectl
 * does: the kind's describer when kubectl has one, else the generic
 * describer (every field of the object). Appends the text to out. Returns 0,
 * or -EINVAL with *ret_err set (caller frees) to the error kubectl would
 * report (a deployment whose selector does not parse, a list it needed that
 * failed). */
int kc_describe_object(const kc_describe_env *env, const cJSON *obj, kc_buf *out, char **ret_err);

/* Whether kc_describe_object has a describer of its own for group/kind
 * (false: the generic describer prints it). */
bool kc_describe_has_describer(const char *group, const char *kind);

/* ======================================================================
 * Internals shared by ctl/describe_*.c (not for commands).
 * ====================================================================== */

/* ---- Go's text/tabwriter, as kubectl configures it ---- */
typedef struct kc_tabwriter kc_tabwriter;

/* A writer appending its formatted output to out (borrowed). */
kc_tabwriter *kc_tabwriter_new(kc_buf *out);
/* Takes text; whole column blocks reach out when they are complete. */
void kc_tabwriter_write(kc_tabwriter *tw, const char *s, size_t len);
/* Formats and writes everything buffered (Go's Flush). */
void kc_tabwriter_flush(kc_tabwriter *tw);
/* Flushes and frees. NULL is ignored. */
void kc_tabwriter_free(kc_tabwriter *tw);

/* ---- kubectl's PrefixWriter: two spaces per level, terminal escapes made
 * harmless ("\x1b" -> "^[", "\r" -> "\\r"), then into the tabwriter ---- */
typedef struct kc_dw {
	kc_tabwriter *tw;
	int indent; /* levels added to every write (NestedPrefixWriter) */
} kc_dw;

enum { KC_L0 = 0, KC_L1, KC_L2, KC_L3, KC_L4 };

void kc_dw_write(const kc_dw *w, int level, const char *fmt, ...) KC_PRINTF(3, 4);
/* WriteLine: s and a newline, at the writer's own indent only. */
void kc_dw_line(const kc_dw *w, const char *s);
void kc_dw_flush(const kc_dw *w);

/* Runs one describer body into out the way tabbedString does. */
typedef int (*kc_describe_body_fn)(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_tabbed(const kc_describe_env *env, const cJSON *obj, kc_describe_body_fn fn, kc_buf *out,
		       char **ret_err);

/* ---- values as kubectl prints them ---- */

/* The string at path, "" if missing or not a string. */
const char *kc_ds(const cJSON *obj, const char *path);
/* Integer at path (or def). */
int64_t kc_di(const cJSON *obj, const char *path, int64_t def);
/* Number of elements in the array (or members in the object) at path. */
int kc_dn(const cJSON *obj, const char *path);
/* Go's %v of a JSON value: strings raw, integers plainly, other numbers as
 * Go's %v of float64, true/false, "<nil>", arrays "[a b]", objects
 * "map[k:v]". */
void kc_describe_govalue(kc_buf *b, const cJSON *v);
/* An IntOrString as Go's String(): 80 -> "80", "http" -> "http". */
const char *kc_describe_intstr(const cJSON *v, char buf[32]);
/* strconv.Quote. */
void kc_describe_goquote(kc_buf *b, const char *s);
/* Go's "True"/"False" for a bool field, "<unset>" when missing (printBoolPtr). */
const char *kc_describe_boolptr(const cJSON *obj, const char *path);

#define KC_DESCRIBE_TIME_MAX 64
/* metav1.Time as RFC1123Z in env->tz ("Mon, 02 Jan 2006 15:04:05 -0700");
 * a missing/null time is Go's zero time, "Mon, 01 Jan 0001 00:00:00 +0000". */
const char *kc_describe_time(const kc_describe_env *env, const cJSON *t, char buf[KC_DESCRIBE_TIME_MAX]);
/* translateTimestampSince: HumanDuration(now - t), "<unknown>" for no time. */
const char *kc_describe_since(const kc_describe_env *env, const cJSON *t, char buf[KC_DESCRIBE_TIME_MAX]);
/* t parsed (Go's zero time when missing or malformed). */
kc_time kc_describe_parse_time(const cJSON *t);

/* storageutil.GetAccessModesAsString: "RWO,ROX,RWX,RWOP" in that order. */
void kc_describe_access_modes(kc_buf *b, const cJSON *modes);
/* A quantity's canonical text ("0" when missing or malformed). */
const char *kc_describe_quantity(const cJSON *q, char buf[64]);
/* Member names of a JSON object, sorted bytewise; NULL-terminated, the array
 * is the caller's (the strings point into obj). NULL for no members. */
const char **kc_describe_sorted_keys(const cJSON *obj, size_t *ret_n);

/* metav1.LabelSelectorAsSelector(sel).String() ("" for nothing/everything);
 * on a selector that does not parse returns NULL and sets *ret_err. */
char *kc_describe_label_selector(const cJSON *sel, char **ret_err);
/* metav1.FormatLabelSelector: "<none>" for empty, "<error>" for invalid. */
char *kc_describe_format_label_selector(const cJSON *sel);
/* labels.FormatLabels: "k=v,k2=v2" sorted, "<none>" for none. */
char *kc_describe_format_labels(const cJSON *labels);

/* The ownerReference with controller: true, or NULL. */
const cJSON *kc_describe_controller_of(const cJSON *obj);

/* Go's sort.Sort / sort.Slice (pattern-defeating quicksort; NOT stable:
 * equal elements end where Go's would put them). */
typedef bool (*kc_describe_less_fn)(const void *a, const void *b, void *ctx);
void kc_describe_sort(const void **items, size_t n, kc_describe_less_fn less, void *ctx);

/* The elements of a JSON array as a pointer array (caller frees; NULL when
 * empty). */
const void **kc_describe_array(const cJSON *arr, size_t *ret_n);

/* ---- the multi-line blocks every describer shares ---- */
void kc_describe_labels(const kc_dw *w, const char *title, const cJSON *labels);
void kc_describe_labels_indent(const kc_dw *w, const char *initial, const char *title, const char *inner,
			       const cJSON *labels);
void kc_describe_annotations(const kc_dw *w, const char *title, const cJSON *annotations);
void kc_describe_taints(const kc_dw *w, const char *title, const cJSON *taints);
void kc_describe_tolerations(const kc_dw *w, const char *title, const cJSON *tolerations);
/* printPodsMultiline over pods (cJSON objects), sorted by name. */
void kc_describe_pod_names(const kc_dw *w, const char *title, const cJSON **pods, size_t n);

/* ---- related objects ---- */

/* GET through env; returns the body (caller frees) or NULL with
 * *ret_status and *ret_err (either may be NULL; *ret_err is the caller's). */
cJSON *kc_describe_fetch(const kc_describe_env *env, const char *path, long *ret_status, char **ret_err);
/* URL query escaping of a value (Go's url.QueryEscape). */
void kc_describe_query_escape(kc_buf *b, const char *s);

/* searchEvents: the events about obj (involvedObject name, namespace, kind
 * unless kind is NULL, uid unless uid is NULL), a list (caller frees);
 * never NULL (an empty list when the search failed, as kubectl). */
cJSON *kc_describe_search_events(const kc_describe_env *env, const char *ns, const char *name,
				 const char *kind, const char *uid);
/* The same for an object: kind from its "kind" (as GetReference), its uid. */
cJSON *kc_describe_object_events(const kc_describe_env *env, const cJSON *obj);
/* DescribeEvents: "Events:  <none>" or the sorted table. */
void kc_describe_events(const kc_dw *w, const kc_describe_env *env, const cJSON *event_list);

/* The pods of a namespace matching selector (already String()ed), all pages,
 * or NULL with *ret_err. */
cJSON *kc_describe_list_pods(const kc_describe_env *env, const char *ns, const char *selector, char **ret_err);
/* getPodStatusForController over a pod list: pods controlled by uid, counted by phase. */
void kc_describe_pod_counts(const cJSON *pod_list, const char *uid, int *running, int *waiting, int *succeeded,
			    int *failed);

/* ---- per-kind pieces used across files ---- */

/* DescribePodTemplate (ctl/describe_pod.c). */
void kc_describe_pod_template(const kc_dw *w, const kc_describe_env *env, const cJSON *template);
/* The Source block of a PersistentVolume's spec (ctl/describe_pod.c, beside
 * the pod volume sources it shares most printers with). */
void kc_describe_pv_source(const kc_dw *w, const cJSON *spec);
/* printPersistentVolumeClaim (ctl/describe_other.c): full for a PVC, not
 * full for an ephemeral volume's claim template. */
void kc_describe_pvc_fields(const kc_dw *w, const kc_describe_env *env, const cJSON *pvc, bool full);

/* The describers, one per kind (ctl/describe_<group>.c). */
int kc_describe_pod(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_deployment(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_replicaset(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_replicationcontroller(const kc_dw *w, const kc_describe_env *env, const cJSON *obj,
				      char **ret_err);
int kc_describe_statefulset(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_daemonset(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_job(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_cronjob(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_service(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_endpoints(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_endpointslice(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_ingress(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_ingressclass(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_node(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_namespace(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_pvc(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_configmap(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_secret(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_serviceaccount(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_role(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_rolebinding(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_storageclass(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_pv(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);
int kc_describe_generic(const kc_dw *w, const kc_describe_env *env, const cJSON *obj, char **ret_err);

#endif
