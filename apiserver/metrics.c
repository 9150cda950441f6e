/* metrics.c - the apiserver's metric families (see metrics.h). */
#include "metrics.h"

#include <stdio.h>

#include "common/util.h"
#include "banned.h"

api_metrics *api_metrics_new(void)
{
	api_metrics *m = xcalloc(1, sizeof(*m));
	m->reg = kc_metrics_new();
	static const char *const req_labels[] = {"verb", "group", "resource", "subresource", "code", NULL};
	static const char *const dur_labels[] = {"verb", "group", "resource", "subresource", NULL};
	static const char *const watch_labels[] = {"group", "resource", NULL};
	static const char *const obj_labels[] = {"resource", NULL};
	static const char *const etcd_labels[] = {"operation", "type", NULL};
	m->requests = kc_metrics_counter(m->reg, "apiserver_request_total",
					 "Counter of apiserver requests broken out for each verb, API resource, "
					 "subresource, and HTTP response code.",
					 req_labels);
	m->durations = kc_metrics_histogram(m->reg, "apiserver_request_duration_seconds",
					    "Response latency distribution in seconds for each verb, group, "
					    "resource and subresource.",
					    dur_labels, kc_metrics_latency_buckets, kc_metrics_latency_nbuckets);
	m->watchers = kc_metrics_gauge(m->reg, "apiserver_registered_watchers",
				       "Number of currently registered watchers for a given resource.", watch_labels);
	m->inflight = kc_metrics_gauge(m->reg, "apiserver_current_inflight_requests",
				       "Maximal number of currently used inflight request limit of this apiserver.",
				       NULL);
	m->objects = kc_metrics_gauge(m->reg, "apiserver_storage_objects",
				      "Number of stored objects at the time of last check split by kind.", obj_labels);
	m->etcd = kc_metrics_histogram(m->reg, "etcd_request_duration_seconds",
				       "Etcd request latency in seconds for each operation and object type.",
				       etcd_labels, kc_metrics_latency_buckets, kc_metrics_latency_nbuckets);
	return m;
}

void api_metrics_free(api_metrics *m)
{
	if (!m)
		return;
	kc_metrics_free(m->reg);
	free(m);
}

void api_metrics_request(api_metrics *m, const char *verb, const char *group, const char *resource,
			 const char *subresource, int code, int64_t latency_us)
{
	char c[16];
	snprintf(c, sizeof(c), "%d", code);
	const char *v = verb ? verb : "";
	/* upstream reports watch verbs as WATCH etc. in uppercase */
	char upper[32];
	size_t i = 0;
	for (; v[i] && i < sizeof(upper) - 1; i++)
		upper[i] = (char)(v[i] >= 'a' && v[i] <= 'z' ? v[i] - 32 : v[i]);
	upper[i] = '\0';
	const char *labels[] = {upper, group, resource, subresource, c};
	kc_metric_add(m->requests, labels, 1);
	kc_metric_observe(m->durations, labels, (double)latency_us / 1e6);
}

void api_metrics_etcd(api_metrics *m, const char *operation, const char *type, int64_t latency_us)
{
	const char *labels[] = {operation, type};
	kc_metric_observe(m->etcd, labels, (double)latency_us / 1e6);
}
