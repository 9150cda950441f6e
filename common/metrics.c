/* metrics.c - Prometheus text format (see metrics.h). */
#include "metrics.h"

#include <math.h>

#include "map.h"
#include "banned.h"

typedef enum { COUNTER, GAUGE, HISTOGRAM } metric_type;

typedef struct series {
	char **values;
	double value;       /* counter/gauge */
	double sum;         /* histogram */
	unsigned long long count;
	unsigned long long *buckets; /* cumulative when rendered */
} series;

struct kc_metric {
	metric_type type;
	char *name, *help;
	char **labels;
	size_t nlabels;
	double *bounds;
	size_t nbounds;
	kc_map *series; /* joined values -> series */
	kc_metric *next;
};

struct kc_metrics {
	kc_metric *first, *last;
};

const double kc_metrics_latency_buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0,
					     1.25,  1.5,  2,     3,    4,   5,   6,   8,   10,  15,
					     20,    30,   45,    60};
const size_t kc_metrics_latency_nbuckets = KC_ARRAY_SIZE(kc_metrics_latency_buckets);

static void series_free(void *p)
{
	series *s = p;
	if (!s)
		return;
	for (char **v = s->values; v && *v; v++)
		free(*v);
	free(s->values);
	free(s->buckets);
	free(s);
}

kc_metrics *kc_metrics_new(void) { return xcalloc(1, sizeof(kc_metrics)); }

void kc_metrics_free(kc_metrics *m)
{
	if (!m)
		return;
	kc_metric *f = m->first;
	while (f) {
		kc_metric *next = f->next;
		free(f->name);
		free(f->help);
		for (size_t i = 0; i < f->nlabels; i++)
			free(f->labels[i]);
		free(f->labels);
		free(f->bounds);
		kc_map_free(f->series);
		free(f);
		f = next;
	}
	free(m);
}

static kc_metric *family(kc_metrics *m, metric_type type, const char *name, const char *help,
			 const char *const *labels)
{
	kc_metric *f = xcalloc(1, sizeof(*f));
	f->type = type;
	f->name = xstrdup(name);
	f->help = xstrdup(help);
	while (labels && labels[f->nlabels])
		f->nlabels++;
	f->labels = xcalloc(f->nlabels + 1, sizeof(char *));
	for (size_t i = 0; i < f->nlabels; i++)
		f->labels[i] = xstrdup(labels[i]);
	f->series = kc_map_new(series_free);
	if (m->last)
		m->last->next = f;
	else
		m->first = f;
	m->last = f;
	return f;
}

kc_metric *kc_metrics_counter(kc_metrics *m, const char *name, const char *help, const char *const *label_names)
{
	return family(m, COUNTER, name, help, label_names);
}

kc_metric *kc_metrics_gauge(kc_metrics *m, const char *name, const char *help, const char *const *label_names)
{
	return family(m, GAUGE, name, help, label_names);
}

kc_metric *kc_metrics_histogram(kc_metrics *m, const char *name, const char *help,
				const char *const *label_names, const double *buckets, size_t nbuckets)
{
	kc_metric *f = family(m, HISTOGRAM, name, help, label_names);
	f->bounds = xcalloc(nbuckets ? nbuckets : 1, sizeof(double));
	memcpy(f->bounds, buckets, nbuckets * sizeof(double));
	f->nbounds = nbuckets;
	return f;
}

static series *get_series(kc_metric *f, const char *const *values, bool create)
{
	kc_buf key = KC_BUF_INIT;
	for (size_t i = 0; i < f->nlabels; i++) {
		kc_buf_addstr(&key, values && values[i] ? values[i] : "");
		kc_buf_addch(&key, '\x1f');
	}
	series *s = kc_map_get(f->series, kc_buf_str(&key));
	if (!s && create) {
		s = xcalloc(1, sizeof(*s));
		s->values = xcalloc(f->nlabels + 1, sizeof(char *));
		for (size_t i = 0; i < f->nlabels; i++)
			s->values[i] = xstrdup(values && values[i] ? values[i] : "");
		if (f->type == HISTOGRAM)
			s->buckets = xcalloc(f->nbounds + 1, sizeof(*s->buckets));
		kc_map_put(f->series, kc_buf_str(&key), s);
	}
	kc_buf_free(&key);
	return s;
}

void kc_metric_add(kc_metric *c, const char *const *values, double v) { get_series(c, values, true)->value += v; }

void kc_metric_set(kc_metric *g, const char *const *values, double v) { get_series(g, values, true)->value = v; }

double kc_metric_value(kc_metric *m, const char *const *values)
{
	series *s = get_series(m, values, false);
	return s ? s->value : 0;
}

void kc_metric_observe(kc_metric *h, const char *const *values, double v)
{
	series *s = get_series(h, values, true);
	s->sum += v;
	s->count++;
	for (size_t i = 0; i < h->nbounds; i++) {
		if (v <= h->bounds[i]) {
			s->buckets[i]++;
			return;
		}
	}
	s->buckets[h->nbounds]++;
}

static void add_escaped(kc_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			kc_buf_addch(b, '\\'), kc_buf_addch(b, *s);
		else if (*s == '\n')
			kc_buf_addstr(b, "\\n");
		else
			kc_buf_addch(b, *s);
	}
}

static void add_labels(kc_buf *b, const kc_metric *f, const series *s, const char *le)
{
	if (!f->nlabels && !le)
		return;
	kc_buf_addch(b, '{');
	for (size_t i = 0; i < f->nlabels; i++) {
		kc_buf_addf(b, "%s%s=\"", i ? "," : "", f->labels[i]);
		add_escaped(b, s->values[i]);
		kc_buf_addch(b, '"');
	}
	if (le)
		kc_buf_addf(b, "%sle=\"%s\"", f->nlabels ? "," : "", le);
	kc_buf_addch(b, '}');
}

static void add_number(kc_buf *b, double v)
{
	if (isinf(v))
		kc_buf_addstr(b, v > 0 ? "+Inf" : "-Inf");
	else if (v == (double)(long long)v && fabs(v) < 1e15)
		kc_buf_addf(b, "%lld", (long long)v);
	else
		kc_buf_addf(b, "%.9g", v);
}

void kc_metrics_render(const kc_metrics *m, kc_buf *out)
{
	static const char *const types[] = {"counter", "gauge", "histogram"};
	for (const kc_metric *f = m->first; f; f = f->next) {
		kc_buf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", f->name, f->help, f->name, types[f->type]);
		size_t n = 0;
		const char **keys = kc_map_sorted_keys(f->series, &n);
		for (size_t k = 0; k < n; k++) {
			const series *s = kc_map_get(f->series, keys[k]);
			if (f->type != HISTOGRAM) {
				kc_buf_addstr(out, f->name);
				add_labels(out, f, s, NULL);
				kc_buf_addch(out, ' ');
				add_number(out, s->value);
				kc_buf_addch(out, '\n');
				continue;
			}
			unsigned long long cum = 0;
			for (size_t i = 0; i <= f->nbounds; i++) {
				char le[32];
				if (i < f->nbounds)
					snprintf(le, sizeof(le), "%g", f->bounds[i]);
				else
					snprintf(le, sizeof(le), "+Inf");
				cum += s->buckets[i];
				kc_buf_addf(out, "%s_bucket", f->name);
				add_labels(out, f, s, le);
				kc_buf_addf(out, " %llu\n", cum);
			}
			kc_buf_addf(out, "%s_sum", f->name);
			add_labels(out, f, s, NULL);
			kc_buf_addch(out, ' ');
			add_number(out, s->sum);
			kc_buf_addf(out, "\n%s_count", f->name);
			add_labels(out, f, s, NULL);
			kc_buf_addf(out, " %llu\n", s->count);
		}
		free(keys);
	}
}
