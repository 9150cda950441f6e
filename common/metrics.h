/* metrics.h - Prometheus metrics for every kc daemon's /metrics: counters,
 * gauges and histograms with labels, rendered in the text exposition format
 * (version 0.0.4).
 *
 *     kc_metrics *m = kc_metrics_new();
 *     kc_metric *req = kc_metrics_counter(m, "apiserver_request_total",
 *             "Counter of apiserver requests.", (const char *[]){"verb", "code", NULL});
 *     kc_metric_add(req, (const char *[]){"list", "200"}, 1);
 *     kc_metrics_render(m, &buf);
 *
 * Families and series are owned by the registry; label values are copied. */
#ifndef KC_METRICS_H
#define KC_METRICS_H

#include <stddef.h>

#include "util.h"

typedef struct kc_metrics kc_metrics;
typedef struct kc_metric kc_metric;

kc_metrics *kc_metrics_new(void);
void kc_metrics_free(kc_metrics *m);

/* label_names: NULL-terminated (may be NULL for none). */
kc_metric *kc_metrics_counter(kc_metrics *m, const char *name, const char *help, const char *const *label_names);
kc_metric *kc_metrics_gauge(kc_metrics *m, const char *name, const char *help, const char *const *label_names);
/* buckets: upper bounds in increasing order (+Inf is added). */
kc_metric *kc_metrics_histogram(kc_metrics *m, const char *name, const char *help,
				const char *const *label_names, const double *buckets, size_t nbuckets);

/* values: one per label name, in order (NULL entries render as ""). */
void kc_metric_add(kc_metric *c, const char *const *values, double v); /* counter, gauge */
void kc_metric_set(kc_metric *g, const char *const *values, double v); /* gauge */
void kc_metric_observe(kc_metric *h, const char *const *values, double v); /* histogram */
/* The current value of a counter or gauge series (0 if absent). */
double kc_metric_value(kc_metric *m, const char *const *values);

void kc_metrics_render(const kc_metrics *m, kc_buf *out);

/* Upstream's default latency buckets (seconds) for request durations. */
extern const double kc_metrics_latency_buckets[];
extern const size_t kc_metrics_latency_nbuckets;

#endif
