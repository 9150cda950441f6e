/* metrics.h - the apiserver's metrics, named as kube-apiserver's:
 * apiserver_request_total{verb,group,resource,subresource,code},
 * apiserver_request_duration_seconds{verb,group,resource,subresource},
 * apiserver_registered_watchers{group,resource} (current watch streams),
 * apiserver_current_inflight_requests, apiserver_storage_objects{resource},
 * etcd_request_duration_seconds{operation,type}. */
#ifndef KC_APISERVER_METRICS_H
#define KC_APISERVER_METRICS_H

#include <stdint.h>

#include "common/metrics.h"

typedef struct api_metrics {
	kc_metrics *reg;
	kc_metric *requests, *durations, *watchers, *inflight, *objects, *etcd;
} api_metrics;

api_metrics *api_metrics_new(void);
void api_metrics_free(api_metrics *m);
void api_metrics_request(api_metrics *m, const char *verb, const char *group, const char *resource,
			 const char *subresource, int code, int64_t latency_us);
void api_metrics_etcd(api_metrics *m, const char *operation, const char *type, int64_t latency_us);

#endif
