/* printer_impl.h - what the printers_<area>.c files share: reading fields
 * out of API objects, adding cells, and upstream's formatting helpers
 * (labels.FormatLabels, metav1.FormatLabelSelector, layoutContainerCells,
 * translateTimestampSince). Private to printer.c and printers_*.c; the
 * apiserver's contract is printer.h.
 *
 * Reading fields: PR_GET(obj, "status", "podIP") walks object members and
 * returns NULL when any step is missing, not an object, or the last value is
 * JSON null (Go decodes null as the zero value, and printers.go treats nil
 * pointers as absent). Every reader accepts obj == NULL. */
#ifndef KC_APISERVER_PRINTER_IMPL_H
#define KC_APISERVER_PRINTER_IMPL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "apiserver/printer.h"

/* ---- the printers of each area, each array ending with a {NULL} row ---- */
extern const api_printer api_printers_core[];
extern const api_printer api_printers_apps[];
extern const api_printer api_printers_batch[];
extern const api_printer api_printers_other[];

/* ---- reading fields (borrowed pointers into obj) ---- */
const cJSON *api_pr_get(const cJSON *obj, ...) __attribute__((sentinel));
/* The string at the path, or NULL when absent or not a string. */
const char *api_pr_str(const cJSON *obj, ...) __attribute__((sentinel));
/* The number at the path truncated to an integer, or 0 (Go's zero value). */
int64_t api_pr_int(const cJSON *obj, ...) __attribute__((sentinel));
/* true only for JSON true at the path. */
bool api_pr_bool(const cJSON *obj, ...) __attribute__((sentinel));
/* Elements of the array (or members of the object) at the path; 0 if none. */
int api_pr_count(const cJSON *obj, ...) __attribute__((sentinel));

#define PR_GET(obj, ...)   api_pr_get((obj), __VA_ARGS__, (const char *)NULL)
#define PR_STR(obj, ...)   api_pr_str((obj), __VA_ARGS__, (const char *)NULL)
#define PR_INT(obj, ...)   api_pr_int((obj), __VA_ARGS__, (const char *)NULL)
#define PR_BOOL(obj, ...)  api_pr_bool((obj), __VA_ARGS__, (const char *)NULL)
#define PR_COUNT(obj, ...) api_pr_count((obj), __VA_ARGS__, (const char *)NULL)

/* s, or def when s is NULL or empty. */
static inline const char *api_pr_or(const char *s, const char *def)
{
	return s && s[0] ? s : def;
}

/* ---- cells ---- */
void api_pr_cell_str(cJSON *cells, const char *s); /* NULL adds "" */
void api_pr_cell_take(cJSON *cells, char *s);      /* adds s and frees it */
void api_pr_cell_int(cJSON *cells, int64_t n);
void api_pr_cell_bool(cJSON *cells, bool b);
void api_pr_cell_name(cJSON *cells, const cJSON *obj);            /* metadata.name */
void api_pr_cell_age(cJSON *cells, const cJSON *obj, time_t now); /* since metadata.creationTimestamp */
/* Two cells, layoutContainerCells: the containers' names and images, each
 * joined with ",". */
void api_pr_cell_containers(cJSON *cells, const cJSON *containers);

/* ---- times ---- */
/* A metav1.Time or MicroTime: seconds and nanoseconds since the epoch. The
 * zero value (set == false) is Go's zero time: absent, null or unparsable. */
typedef struct api_pr_time {
	int64_t sec;
	int32_t nsec;
	bool set;
} api_pr_time;

/* Parses an RFC 3339 time ("2024-05-01T12:00:00Z", fractions and offsets
 * allowed, as Go's time.Parse(time.RFC3339) does). Returns the zero time for
 * NULL, null, "" or anything unparsable. */
api_pr_time api_pr_time_of(const cJSON *ts);
/* <0, 0, >0 as a is before, equal to, after b (the zero time is earliest). */
int api_pr_time_cmp(api_pr_time a, api_pr_time b);
/* translateTimestampSince: "<unknown>" for the zero time, else the human
 * duration from t to now. Caller frees. */
char *api_pr_since(api_pr_time t, time_t now);
/* duration.HumanDuration of to - from. Caller frees. */
char *api_pr_duration(api_pr_time from, api_pr_time to);

/* ---- upstream's formatting helpers; each returns a string the caller frees ---- */
/* labels.FormatLabels: "k=v" pairs of a string map, sorted as strings and
 * joined with ","; "<none>" when empty or absent. */
char *api_pr_format_labels(const cJSON *map);
/* metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key
 * ("app=web,tier in (a,b),!canary"); "" for an absent or empty selector;
 * NULL when LabelSelectorAsSelector would fail (unknown operator, wrong
 * value count, a key or value that is not a valid label). */
char *api_pr_selector_string(const cJSON *sel);
/* metav1.FormatLabelSelector: as above with "<none>" for "" and "<error>"
 * for an invalid selector. */
char *api_pr_format_selector(const cJSON *sel);

/* loadBalancerStatusStringer (services) and its ingress twin, with wide on
 * as the server always has it (nothing clipped): the distinct ingress IPs,
 * or hostnames where an entry has no IP, sorted and joined with ","; "" for
 * none. */
char *api_pr_load_balancer_ingress(const cJSON *ingress);

/* Sorts the n strings (byte order), drops duplicates and joins them with
 * sep, as sets.NewString(...).List() joined. Frees nothing. Caller frees
 * the result. */
char *api_pr_join_sorted_unique(const char **items, size_t n, const char *sep);

#endif
