/* ops.h - the pure parts of kc's operational commands (label, annotate,
 * scale, set image, rollout, wait, config, logs, auth, completion), kept
 * apart from the code that talks to the server so tests can check them
 * against kubectl's wording. Everything here takes and returns plain data.
 *
 * Ownership: returned strings and cJSON trees belong to the caller. */
#ifndef KC_CTL_OPS_H
#define KC_CTL_OPS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "common/error.h"
#include "common/util.h"

/* ---- label / annotate (cmd_label.c) ---- */

/* kubectl's GetResourcesAndPairs: the arguments before the first KEY=VALUE
 * or KEY- are resources; *ret_nres is how many. A resource after a pair is
 * an error ("all resources must be specified before label changes: x";
 * pair_type is "label" or "annotation"). */
int kc_pairs_split(char *const *args, int n, const char *pair_type, int *ret_nres, kc_error *err);

/* Parses label changes ("app=web", "tier-") as kubectl label does: the value
 * is checked as a label value, "a=b=c" is an invalid spec, a key both set
 * and removed is an error. *ret_set is a new object of key -> value (in
 * argument order, a later duplicate wins), *ret_remove a new array of keys. */
int kc_label_parse(char *const *pairs, int n, cJSON **ret_set, cJSON **ret_remove, kc_error *err);
/* The same for annotations (kubectl's ParsePairs: the value is everything
 * after the first '='; "invalid annotation format: x, y" lists all bad
 * ones). */
int kc_annotation_parse(char *const *pairs, int n, cJSON **ret_set, cJSON **ret_remove, kc_error *err);

typedef enum kc_meta_field { KC_META_LABELS, KC_META_ANNOTATIONS } kc_meta_field;

/* Applies set/remove to obj's metadata.labels or .annotations. Without
 * overwrite, a key that already has another value is an error:
 *   labels:      'app' already has a value (web), and --overwrite is false
 *                (several: "[..., ...]", as Go's error aggregate prints)
 *   annotations: --overwrite is false but found the following declared
 *                annotation(s): 'a' already has a value (x); 'b' ...
 * (kubernetes.io/change-cause may always be overwritten). A non-empty
 * resource_version is stored in metadata.resourceVersion, so the patch
 * carries it as a precondition. obj is changed only on success. */
int kc_meta_update(cJSON *obj, kc_meta_field field, const cJSON *set, const cJSON *remove, bool overwrite,
		   const char *resource_version, kc_error *err);

/* kubectl label's message for a change: "not labeled" when nothing
 * changed, "unlabeled" when the object got shorter without --overwrite,
 * else "labeled". */
const char *kc_label_change_msg(const cJSON *before, const cJSON *after, bool overwrite);

/* ---- scale (cmd_scale.c) ---- */

/* kubectl's ScalePrecondition.validate against a Scale object:
 * current_replicas -1 means none, resource_version ""/NULL none. Errors
 * (-ECANCELED): "Expected replicas to be 2, was 3", "Expected resource
 * version to be 5, was 7". */
int kc_scale_precondition_check(const cJSON *scale, int current_replicas, const char *resource_version,
				kc_error *err);

/* ---- set image (cmd_set.c) ---- */

/* Where a kind keeps its pod spec ("spec" for Pod, "spec.template.spec" for
 * the workloads, "spec.jobTemplate.spec.template.spec" for CronJob), or
 * NULL for kinds without one. */
const char *kc_pod_spec_path(const char *kind);

/* Sets the images of obj's containers and init containers as kubectl set
 * image does (images: object of container name -> image; "*" is every
 * container). *ret_patch is the strategic merge patch of the change ({}
 * when nothing changed); names that match no container add "error: unable
 * to find container named \"x\"" to *ret_errors (a growing array of
 * *ret_nerrors strings the caller frees). Fails for kinds without a pod
 * spec: "the object is not a pod or does not have a pod template: Service". */
int kc_set_image_apply(cJSON *obj, const cJSON *images, cJSON **ret_patch, char ***ret_errors, size_t *ret_nerrors,
		       kc_error *err);

/* ---- rollout (cmd_rollout.c) ---- */

/* kubectl's status viewers (Deployment, DaemonSet, StatefulSet): the line
 * to print (with its newline; *ret_msg is new) and whether the rollout is
 * done. revision > 0 pins a Deployment's revision ("desired revision (2) is
 * different from the running revision (3)"). Errors: "deployment \"x\"
 * exceeded its progress deadline", "rollout status is only available for
 * RollingUpdate strategy type" (with *ret_done true), "no status viewer has
 * been implemented for ReplicaSet.apps" (-ENOTSUP). */
int kc_rollout_status(const cJSON *obj, int64_t revision, char **ret_msg, bool *ret_done, kc_error *err);

/* Pod templates equal once the pod-template-hash label is left out. */
bool kc_template_equal_ignore_hash(const cJSON *a, const cJSON *b);

/* The ReplicaSets of rs_list (a list object) the deployment controls (by
 * ownerReferences controller uid), as a new array. */
cJSON *kc_deployment_owned_replicasets(const cJSON *deploy, const cJSON *rs_list);

/* The ReplicaSet of to_revision among owned, or for 0 the one before the
 * latest, as kubectl rollout undo picks it; NULL with kubectl's error
 * ("unable to find specified revision 5 in history", "no rollout history
 * found for deployment \"x\""). Borrowed from owned. */
const cJSON *kc_deployment_revision_rs(const cJSON *owned, int64_t to_revision, const char *name, kc_error *err);

/* The JSON patch kubectl rollout undo sends: the ReplicaSet's template
 * (without pod-template-hash) and the deployment's annotations merged as
 * upstream merges them. New array. */
cJSON *kc_deployment_undo_patch(const cJSON *deploy, const cJSON *rs);

/* kubectl rollout history's table (REVISION CHANGE-CAUSE, "<none>" for no
 * cause) for revisions sorted ascending, or "No rollout history found.";
 * new string. */
char *kc_rollout_history_table(const int64_t *revisions, const char *const *causes, size_t n);

/* The strategic merge patch of restart (which 0: the template's
 * kubectl.kubernetes.io/restartedAt = now), pause (1) or resume (2), or the
 * object's refusal: "pausing is not supported", "is already paused", "is
 * not paused", "can't restart paused deployment (run rollout resume
 * first)", "restarting is not supported". A restart stamped with the same
 * now already gives "{}". *ret_patch is new. */
int kc_rollout_patch(const cJSON *obj, int which, const char *now, char **ret_patch, kc_error *err);

/* Appends tpl (a PodTemplateSpec) as kubectl's DescribePodTemplate prints
 * it through a bare PrefixWriter (tabs left as tabs): what `rollout history
 * --revision=N` shows. */
void kc_rollout_describe_template(kc_buf *b, const cJSON *tpl);

/* t as Go's time.Now().Format(time.RFC3339) prints it in the local zone
 * ("2024-05-01T10:00:00+09:00", "...Z" in UTC). */
void kc_rfc3339_local(time_t t, char buf[40]);

/* ---- wait (cmd_wait.c) ---- */

struct kc_jsonpath;

typedef enum kc_wait_kind {
	KC_WAIT_DELETE = 1,
	KC_WAIT_CREATE,
	KC_WAIT_CONDITION,
	KC_WAIT_JSONPATH,
} kc_wait_kind;

/* What --for asks: kind, condition name and value ("Ready", "true"), or a
 * parsed JSONPath and the value to compare (NULL: any value will do). */
typedef struct kc_wait_cond {
	kc_wait_kind kind;
	char *name;
	char *value;
	struct kc_jsonpath *jsonpath;
} kc_wait_cond;

/* Parses --for as kubectl's conditionFuncFor: "delete"/"create" (any
 * case), "condition=Name[=value]", "jsonpath={.path}[=value]" (relaxed
 * paths such as ".status.phase" allowed; '==' inside a filter stays).
 * Errors: unrecognized condition: "x"; jsonpath wait format must be ...;
 * jsonpath wait has to have a value after equal sign, ...; the JSONPath
 * parser's own. Free with kc_wait_cond_clear. */
int kc_wait_cond_parse(const char *text, kc_wait_cond *ret, kc_error *err);
void kc_wait_cond_clear(kc_wait_cond *c);

/* Whether obj meets a condition= or jsonpath= condition: 1 met, 0 not
 * (also for obj NULL), negative with err for kubectl's refusals ("given
 * jsonpath expression matches more than one value", "jsonpath leads to a
 * nested object or list which is not supported"). Conditions compare type
 * and status case-insensitively and ignore a condition whose
 * observedGeneration is older than metadata.generation. */
int kc_wait_cond_check(const kc_wait_cond *c, const cJSON *obj, kc_error *err);

/* ---- cluster-info (cmd_cluster_info.c) ---- */

/* The line kubectl cluster-info prints for a cluster service: "<its
 * kubernetes.io/name label or name> is running at <link>", the link being
 * the load balancer's http://ip:port list or the API server proxy path
 * (host + /api/v1/namespaces/<ns>/services/[https:]<name>[:<port name>]/proxy).
 * New string. */
char *kc_cluster_info_service_line(const cJSON *svc, const char *host);

/* ---- auth (cmd_auth.c) ---- */

/* kubectl auth can-i --list's table for a SubjectRulesReview status:
 * rules broken down and compacted as kubectl's rbac util does, sorted by
 * PolicyRule.String(), printed as Resources, Non-Resource URLs, Resource
 * Names, Verbs (headers optional). New string. */
char *kc_auth_rules_table(const cJSON *status, bool headers);

/* ---- logs (cmd_logs.c) ---- */

/* PodLogOptions as kubectl logs fills them from its flags. */
typedef struct kc_logs_opts {
	bool follow, previous, timestamps, insecure_backend;
	int64_t limit_bytes;   /* 0: no limit */
	int64_t since_seconds; /* 0: none */
	const char *since_time; /* RFC 3339 or ""/NULL */
	int64_t tail_lines;     /* -1: all */
} kc_logs_opts;

/* The query of a pods/<name>/log request ("?container=nginx&follow=true
 * &tailLines=10"; "" for none). New string. */
char *kc_logs_query(const kc_logs_opts *o, const char *container);

/* Puts prefix (when not NULL) at the start of every line of a stream fed
 * piece by piece, as kubectl logs --prefix does. Zero-initialise with
 * at_line_start true. With whole_lines (several streams writing to one
 * output) only complete lines are given out, so that lines of different
 * streams never mix; the end of a last unfinished line waits in partial
 * until kc_line_prefixer_finish. */
typedef struct kc_line_prefixer {
	const char *prefix;
	bool at_line_start;
	bool whole_lines;
	kc_buf partial;
} kc_line_prefixer;
void kc_line_prefixer_feed(kc_line_prefixer *p, const char *data, size_t len, kc_buf *out);
/* Gives out what is left of an unfinished line and frees p's buffer. */
void kc_line_prefixer_finish(kc_line_prefixer *p, kc_buf *out);

/* ---- port-forward (cmd_port_forward.c) ---- */

typedef struct kc_pf_port {
	char local_text[64]; /* as given ("" for a free port) */
	int local;           /* kc_port_forward_local's; 0: a free port picked at listen time */
	int remote;          /* the pod's port */
} kc_pf_port;

/* kubectl port-forward's port list: "8080:80", "80", ":80", named ports
 * ("8080:http") looked up in the pod, or for a service (svc non-NULL) in
 * its ports and translated to the pod's target port. Errors in kubectl's
 * words ("Pod 'x' does not have a named port 'y'", "Service x does not
 * have a service port 81", "UDP protocol is not supported for 53"). *ret
 * is a new array of n entries. */
int kc_port_forward_ports(const cJSON *svc, const cJSON *pod, char *const *specs, size_t n, kc_pf_port **ret,
			  kc_error *err);
/* Parses p->local_text into p->local as client-go does once the pod is
 * found running ("error parsing local port 'x': strconv.ParseUint: ..."). */
int kc_port_forward_local(kc_pf_port *p, kc_error *err);

/* ---- completion (cmd_completion.c) ---- */

/* A flag as a command's kubectl-style --help lists it under "Options:". */
typedef struct kc_help_flag {
	char *name;     /* "namespace" */
	char shorthand; /* 'n' or 0 */
	bool is_bool;   /* default shown as true/false */
	char *usage;    /* first line of the description, or NULL */
} kc_help_flag;

/* The flags of a help text ("    -n, --namespace='':\n\tIf present...").
 * *ret (free with kc_help_flags_clear) may be NULL when there are none. */
int kc_help_parse_flags(const char *help, kc_help_flag **ret, size_t *ret_n);
void kc_help_flags_clear(kc_help_flag *v, size_t n);
/* "name\tsummary" for each line under "Available Commands:"; NULL-
 * terminated, NULL when none. Caller frees each and the array. */
char **kc_help_parse_subcommands(const char *help, size_t *ret_n);

#endif
