/* test_ctl_print_table.c - server-side Tables printed as kubectl prints
 * them (ctl/print.h: the table printer and the tab writer).
 *
 * The golden cases are Tables captured from kc-apiserver (column
 * descriptions and row metadata trimmed, which the printer does not read)
 * together with what kubectl 1.32 printed for the same request at the same
 * moment (the Table was fetched before and after kubectl ran and was the
 * same both times, so the AGE cells match). The hand-made cases cover what
 * the captures do not: cells that are not strings, line breaks and escape
 * characters in cells, watch events. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ctl/print.h"
#include "common/json.h"
#include "common/util.h"

typedef struct golden {
	const char *name;
	kc_table_options opts;
	const char *table;
	const char *want;
} golden;

static const golden goldens[] = {
	{"pods", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Restarts\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Nominated Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Readiness Gates\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"curlpod\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"labels\":{\"app.kubernetes.io/name\":\"curl\",\"tier\":\"x\"}}}},{\"cells\":[\"nginx\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"labels\":{},\"annotations\":{\"note\":\"h\\u00e9llo w\\u00f6rld\"}}}},{\"cells\":[\"pulse1\",\"0/1\",\"Pending\",\"0\",\"42m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse1\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse2\",\"0/1\",\"Pending\",\"0\",\"42m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse2\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse3\",\"0/1\",\"Pending\",\"0\",\"42m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse3\",\"namespace\":\"default\"}}}]}",
	 "NAME      READY   STATUS    RESTARTS   AGE\n"
	 "curlpod   0/1     Pending   0          43m\n"
	 "nginx     0/1     Pending   0          43m\n"
	 "pulse1    0/1     Pending   0          42m\n"
	 "pulse2    0/1     Pending   0          42m\n"
	 "pulse3    0/1     Pending   0          42m\n"},
	{"pods_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Restarts\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Nominated Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Readiness Gates\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"curlpod\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"labels\":{\"app.kubernetes.io/name\":\"curl\",\"tier\":\"x\"}}}},{\"cells\":[\"nginx\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"labels\":{},\"annotations\":{\"note\":\"h\\u00e9llo w\\u00f6rld\"}}}},{\"cells\":[\"pulse1\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse1\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse2\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse2\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse3\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse3\",\"namespace\":\"default\"}}}]}",
	 "NAME      READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES\n"
	 "curlpod   0/1     Pending   0          43m   <none>   <none>   <none>           <none>\n"
	 "nginx     0/1     Pending   0          43m   <none>   <none>   <none>           <none>\n"
	 "pulse1    0/1     Pending   0          43m   <none>   <none>   <none>           <none>\n"
	 "pulse2    0/1     Pending   0          43m   <none>   <none>   <none>           <none>\n"
	 "pulse3    0/1     Pending   0          43m   <none>   <none>   <none>           <none>\n"},
	{"pods_all_namespaces", {.with_namespace = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Restarts\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Nominated Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Readiness Gates\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"curlpod\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"labels\":{\"app.kubernetes.io/name\":\"curl\",\"tier\":\"x\"}}}},{\"cells\":[\"nginx\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"labels\":{},\"annotations\":{\"note\":\"h\\u00e9llo w\\u00f6rld\"}}}},{\"cells\":[\"pulse1\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse1\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse2\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse2\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse3\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse3\",\"namespace\":\"default\"}}}]}",
	 "NAMESPACE   NAME      READY   STATUS    RESTARTS   AGE\n"
	 "default     curlpod   0/1     Pending   0          43m\n"
	 "default     nginx     0/1     Pending   0          43m\n"
	 "default     pulse1    0/1     Pending   0          43m\n"
	 "default     pulse2    0/1     Pending   0          43m\n"
	 "default     pulse3    0/1     Pending   0          43m\n"},
	{"pods_all_namespaces_wide_labels", {.wide = true, .with_namespace = true, .show_labels = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Restarts\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Nominated Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Readiness Gates\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"curlpod\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"labels\":{\"app.kubernetes.io/name\":\"curl\",\"tier\":\"x\"}}}},{\"cells\":[\"nginx\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"labels\":{},\"annotations\":{\"note\":\"h\\u00e9llo w\\u00f6rld\"}}}},{\"cells\":[\"pulse1\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse1\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse2\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse2\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse3\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse3\",\"namespace\":\"default\"}}}]}",
	 "NAMESPACE   NAME      READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES   LABELS\n"
	 "default     curlpod   0/1     Pending   0          43m   <none>   <none>   <none>           <none>            app.kubernetes.io/name=curl,tier=x\n"
	 "default     nginx     0/1     Pending   0          43m   <none>   <none>   <none>           <none>            <none>\n"
	 "default     pulse1    0/1     Pending   0          43m   <none>   <none>   <none>           <none>            app=pulse-api\n"
	 "default     pulse2    0/1     Pending   0          43m   <none>   <none>   <none>           <none>            app=pulse-api\n"
	 "default     pulse3    0/1     Pending   0          43m   <none>   <none>   <none>           <none>            app=pulse-api\n"},
	{"pods_show_labels", {.show_labels = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Restarts\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Nominated Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Readiness Gates\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"curlpod\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"labels\":{\"app.kubernetes.io/name\":\"curl\",\"tier\":\"x\"}}}},{\"cells\":[\"nginx\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"labels\":{},\"annotations\":{\"note\":\"h\\u00e9llo w\\u00f6rld\"}}}},{\"cells\":[\"pulse1\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse1\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse2\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse2\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse3\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse3\",\"namespace\":\"default\"}}}]}",
	 "NAME      READY   STATUS    RESTARTS   AGE   LABELS\n"
	 "curlpod   0/1     Pending   0          43m   app.kubernetes.io/name=curl,tier=x\n"
	 "nginx     0/1     Pending   0          43m   <none>\n"
	 "pulse1    0/1     Pending   0          43m   app=pulse-api\n"
	 "pulse2    0/1     Pending   0          43m   app=pulse-api\n"
	 "pulse3    0/1     Pending   0          43m   app=pulse-api\n"},
	{"pods_label_columns", {.label_columns = (char *[]){"app", "app.kubernetes.io/name", "tier"}, .n_label_columns = 3},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Restarts\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Nominated Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Readiness Gates\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"curlpod\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"labels\":{\"app.kubernetes.io/name\":\"curl\",\"tier\":\"x\"}}}},{\"cells\":[\"nginx\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"labels\":{},\"annotations\":{\"note\":\"h\\u00e9llo w\\u00f6rld\"}}}},{\"cells\":[\"pulse1\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse1\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse2\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse2\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse3\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse3\",\"namespace\":\"default\"}}}]}",
	 "NAME      READY   STATUS    RESTARTS   AGE   APP         NAME   TIER\n"
	 "curlpod   0/1     Pending   0          43m               curl   x\n"
	 "nginx     0/1     Pending   0          43m                      \n"
	 "pulse1    0/1     Pending   0          43m   pulse-api          \n"
	 "pulse2    0/1     Pending   0          43m   pulse-api          \n"
	 "pulse3    0/1     Pending   0          43m   pulse-api          \n"},
	{"pods_no_headers", {.no_headers = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Restarts\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Nominated Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Readiness Gates\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"curlpod\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"labels\":{\"app.kubernetes.io/name\":\"curl\",\"tier\":\"x\"}}}},{\"cells\":[\"nginx\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"labels\":{},\"annotations\":{\"note\":\"h\\u00e9llo w\\u00f6rld\"}}}},{\"cells\":[\"pulse1\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse1\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse2\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse2\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse3\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse3\",\"namespace\":\"default\"}}}]}",
	 "curlpod   0/1   Pending   0     43m\n"
	 "nginx     0/1   Pending   0     43m\n"
	 "pulse1    0/1   Pending   0     43m\n"
	 "pulse2    0/1   Pending   0     43m\n"
	 "pulse3    0/1   Pending   0     43m\n"},
	{"pods_show_kind", {.kind = "pod"},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Restarts\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Nominated Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Readiness Gates\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"curlpod\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"curlpod\",\"namespace\":\"default\",\"labels\":{\"app.kubernetes.io/name\":\"curl\",\"tier\":\"x\"}}}},{\"cells\":[\"nginx\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"labels\":{},\"annotations\":{\"note\":\"h\\u00e9llo w\\u00f6rld\"}}}},{\"cells\":[\"pulse1\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse1\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse2\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse2\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse3\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"pulse-api\"},\"name\":\"pulse3\",\"namespace\":\"default\"}}}]}",
	 "NAME          READY   STATUS    RESTARTS   AGE\n"
	 "pod/curlpod   0/1     Pending   0          43m\n"
	 "pod/nginx     0/1     Pending   0          43m\n"
	 "pod/pulse1    0/1     Pending   0          43m\n"
	 "pod/pulse2    0/1     Pending   0          43m\n"
	 "pod/pulse3    0/1     Pending   0          43m\n"},
	{"pod_one", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Restarts\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Nominated Node\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Readiness Gates\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"nginx\",\"0/1\",\"Pending\",\"0\",\"43m\",\"<none>\",\"<none>\",\"<none>\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\",\"labels\":{},\"annotations\":{\"note\":\"h\\u00e9llo w\\u00f6rld\"}}}}]}",
	 "NAME    READY   STATUS    RESTARTS   AGE\n"
	 "nginx   0/1     Pending   0          43m\n"},
	{"services_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Type\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Cluster-IP\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"External-IP\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Port(s)\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Selector\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"kubernetes\",\"ClusterIP\",\"10.96.0.1\",\"<none>\",\"443/TCP\",\"44m\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"kubernetes\",\"namespace\":\"default\",\"labels\":{\"component\":\"apiserver\",\"provider\":\"kubernetes\"}}}},{\"cells\":[\"nginx\",\"ClusterIP\",\"10.108.167.126\",\"<none>\",\"80/TCP\",\"43m\",\"app=nginx\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\"}}},{\"cells\":[\"nginx-np\",\"NodePort\",\"10.97.66.169\",\"<none>\",\"80:31045/TCP\",\"43m\",\"app=nginx\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx-np\",\"namespace\":\"default\"}}},{\"cells\":[\"pulse-service\",\"ClusterIP\",\"10.108.13.42\",\"<none>\",\"80/TCP\",\"43m\",\"app=pulse-api\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"pulse-service\",\"namespace\":\"default\"}}}]}",
	 "NAME            TYPE        CLUSTER-IP       EXTERNAL-IP   PORT(S)        AGE   SELECTOR\n"
	 "kubernetes      ClusterIP   10.96.0.1        <none>        443/TCP        44m   <none>\n"
	 "nginx           ClusterIP   10.108.167.126   <none>        80/TCP         43m   app=nginx\n"
	 "nginx-np        NodePort    10.97.66.169     <none>        80:31045/TCP   43m   app=nginx\n"
	 "pulse-service   ClusterIP   10.108.13.42     <none>        80/TCP         43m   app=pulse-api\n"},
	{"deployments_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Up-to-date\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Available\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Containers\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Images\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Selector\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"nginx\",\"0/1\",0,0,\"43m\",\"nginx\",\"nginx:stable\",\"app=nginx\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\"}}},{\"cells\":[\"nginx-deployment\",\"0/2\",0,0,\"43m\",\"nginx\",\"nginx:1.14.2\",\"app=nginx\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx-deployment\",\"namespace\":\"default\"}}}]}",
	 "NAME               READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR\n"
	 "nginx              0/1     0            0           43m   nginx        nginx:stable   app=nginx\n"
	 "nginx-deployment   0/2     0            0           43m   nginx        nginx:1.14.2   app=nginx\n"},
	{"deployments_kind", {.kind = "deployment.apps", .label_columns = (char *[]){"app"}, .n_label_columns = 1},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Up-to-date\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Available\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Containers\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Images\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Selector\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"nginx\",\"0/1\",0,0,\"43m\",\"nginx\",\"nginx:stable\",\"app=nginx\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\",\"namespace\":\"default\"}}},{\"cells\":[\"nginx-deployment\",\"0/2\",0,0,\"43m\",\"nginx\",\"nginx:1.14.2\",\"app=nginx\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx-deployment\",\"namespace\":\"default\"}}}]}",
	 "NAME                               READY   UP-TO-DATE   AVAILABLE   AGE   APP\n"
	 "deployment.apps/nginx              0/1     0            0           43m   \n"
	 "deployment.apps/nginx-deployment   0/2     0            0           43m   \n"},
	{"replicasets_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Desired\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Current\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Containers\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Images\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Selector\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"web-rs\",2,0,0,\"27m\",\"web\",\"nginx:1.25\",\"app=web\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"app\":\"web\",\"tier\":\"fe\"},\"name\":\"web-rs\",\"namespace\":\"default\"}}}]}",
	 "NAME     DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR\n"
	 "web-rs   2         0         0       27m   web          nginx:1.25   app=web\n"},
	{"daemonsets_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Desired\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Current\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Up-to-date\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Available\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Node Selector\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Containers\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Images\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Selector\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"agent\",0,0,0,0,0,\"disk=ssd\",\"27m\",\"agent,side\",\"busybox:1.36,pause:3.9\",\"app=agent\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"agent\",\"namespace\":\"default\",\"annotations\":{\"deprecated.daemonset.template.generation\":\"1\"}}}}]}",
	 "NAME    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE   CONTAINERS   IMAGES                   SELECTOR\n"
	 "agent   0         0         0       0            0           disk=ssd        27m   agent,side   busybox:1.36,pause:3.9   app=agent\n"},
	{"statefulsets_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Containers\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Images\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"db\",\"0/1\",\"27m\",\"db\",\"postgres:16\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"db\",\"namespace\":\"default\"}}}]}",
	 "NAME   READY   AGE   CONTAINERS   IMAGES\n"
	 "db     0/1     27m   db           postgres:16\n"},
	{"jobs_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Completions\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Duration\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Containers\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Images\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Selector\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"pi\",\"Running\",\"0/1\",\"\",\"27m\",\"pi\",\"perl\",\"batch.kubernetes.io/controller-uid=5015908b-4daf-4558-b0a1-73aa16c61ce3\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"pi\",\"namespace\":\"default\",\"labels\":{\"job-name\":\"pi\",\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"5015908b-4daf-4558-b0a1-73aa16c61ce3\",\"batch.kubernetes.io/controller-uid\":\"5015908b-4daf-4558-b0a1-73aa16c61ce3\"}}}}]}",
	 "NAME   STATUS    COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES   SELECTOR\n"
	 "pi     Running   0/1                      27m   pi           perl     batch.kubernetes.io/controller-uid=5015908b-4daf-4558-b0a1-73aa16c61ce3\n"},
	{"cronjobs_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Schedule\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Timezone\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Suspend\",\"type\":\"boolean\",\"format\":\"\",\"priority\":0},{\"name\":\"Active\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Last Schedule\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Containers\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Images\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Selector\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"hello\",\"*/5 * * * *\",\"<none>\",\"False\",0,\"<none>\",\"27m\",\"hello\",\"busybox\",\"<none>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"hello\",\"namespace\":\"default\"}}}]}",
	 "NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE   CONTAINERS   IMAGES    SELECTOR\n"
	 "hello   */5 * * * *   <none>     False     0        <none>          27m   hello        busybox   <none>\n"},
	{"nodes_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Roles\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Version\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Internal-IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"External-IP\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"OS-Image\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Kernel-Version\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Container-Runtime\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"node-1\",\"Unknown\",\"<none>\",\"27m\",\"\",\"<none>\",\"<none>\",\"<unknown>\",\"<unknown>\",\"<unknown>\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"labels\":{\"disk\":\"ssd\",\"kubernetes.io/hostname\":\"node-1\"},\"name\":\"node-1\"}}}]}",
	 "NAME     STATUS    ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE    KERNEL-VERSION   CONTAINER-RUNTIME\n"
	 "node-1   Unknown   <none>   27m             <none>        <none>        <unknown>   <unknown>        <unknown>\n"},
	{"namespaces", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"default\",\"Active\",\"44m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"default\",\"labels\":{\"kubernetes.io/metadata.name\":\"default\"}}}},{\"cells\":[\"kube-node-lease\",\"Active\",\"44m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"kube-node-lease\",\"labels\":{\"kubernetes.io/metadata.name\":\"kube-node-lease\"}}}},{\"cells\":[\"kube-public\",\"Active\",\"44m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"kube-public\",\"labels\":{\"kubernetes.io/metadata.name\":\"kube-public\"}}}},{\"cells\":[\"kube-system\",\"Active\",\"44m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"kube-system\",\"labels\":{\"kubernetes.io/metadata.name\":\"kube-system\"}}}}]}",
	 "NAME              STATUS   AGE\n"
	 "default           Active   44m\n"
	 "kube-node-lease   Active   44m\n"
	 "kube-public       Active   44m\n"
	 "kube-system       Active   44m\n"},
	{"pv", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Capacity\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Access Modes\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Reclaim Policy\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Claim\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"StorageClass\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"VolumeAttributesClass\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Reason\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"VolumeMode\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"pv1\",\"1Gi\",\"RWO\",\"Retain\",\"Pending\",\"\",\"\",\"<unset>\",\"\",\"27m\",\"Filesystem\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"pv1\"}}}]}",
	 "NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS    CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n"
	 "pv1    1Gi        RWO            Retain           Pending                          <unset>                          27m\n"},
	{"pvc_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Status\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Volume\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Capacity\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Access Modes\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"StorageClass\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"VolumeAttributesClass\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"VolumeMode\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"claim1\",\"Pending\",\"\",\"\",\"\",\"\",\"<unset>\",\"27m\",\"Filesystem\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"claim1\",\"namespace\":\"default\"}}}]}",
	 "NAME     STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE   VOLUMEMODE\n"
	 "claim1   Pending                                                     <unset>                 27m   Filesystem\n"},
	{"configmaps", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Data\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"cfg\",2,\"27m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"cfg\",\"namespace\":\"default\"}}}]}",
	 "NAME   DATA   AGE\n"
	 "cfg    2      27m\n"},
	{"secrets", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Type\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Data\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"sec\",\"Opaque\",1,\"27m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"sec\",\"namespace\":\"default\"}}}]}",
	 "NAME   TYPE     DATA   AGE\n"
	 "sec    Opaque   1      27m\n"},
	{"serviceaccounts", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Secrets\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"robot\",0,\"27m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"robot\",\"namespace\":\"default\"}}}]}",
	 "NAME    SECRETS   AGE\n"
	 "robot   0         27m\n"},
	{"roles", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Created At\",\"type\":\"date\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"reader\",\"2026-11-22T08:34:19Z\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"reader\",\"namespace\":\"default\"}}}]}",
	 "NAME     CREATED AT\n"
	 "reader   2026-11-22T08:34:19Z\n"},
	{"rolebindings_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Role\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Users\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Groups\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"ServiceAccounts\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"reader-binding\",\"Role/reader\",\"27m\",\"\",\"\",\"default/robot\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"reader-binding\",\"namespace\":\"default\"}}}]}",
	 "NAME             ROLE          AGE   USERS   GROUPS   SERVICEACCOUNTS\n"
	 "reader-binding   Role/reader   27m                    default/robot\n"},
	{"leases", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Holder\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"lock\",\"me\",\"27m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"lock\",\"namespace\":\"default\"}}}]}",
	 "NAME   HOLDER   AGE\n"
	 "lock   me       27m\n"},
	{"ingresses_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Class\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Hosts\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Address\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Ports\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"nginx-ing\",\"nginx\",\"localhost\",\"\",\"80\",\"43m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"annotations\":{\"nginx.ingress.kubernetes.io/rewrite-target\":\"/\"},\"name\":\"nginx-ing\",\"namespace\":\"default\"}}}]}",
	 "NAME        CLASS   HOSTS       ADDRESS   PORTS   AGE\n"
	 "nginx-ing   nginx   localhost             80      43m\n"},
	{"ingressclasses", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Controller\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Parameters\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"nginx\",\"k8s.io/ingress-nginx\",\"<none>\",\"27m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"nginx\"}}}]}",
	 "NAME    CONTROLLER             PARAMETERS   AGE\n"
	 "nginx   k8s.io/ingress-nginx   <none>       27m\n"},
	{"storageclasses", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Provisioner\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"ReclaimPolicy\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"VolumeBindingMode\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"AllowVolumeExpansion\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"fast\",\"kubernetes.io/no-provisioner\",\"Delete\",\"Immediate\",false,\"27m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"fast\"}}}]}",
	 "NAME   PROVISIONER                    RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE\n"
	 "fast   kubernetes.io/no-provisioner   Delete          Immediate           false                  27m\n"},
	{"events_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Last Seen\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Type\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Reason\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Object\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Subobject\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Source\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Message\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"First Seen\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Count\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":1}],\"rows\":[{\"cells\":[\"62m\",\"Normal\",\"Scheduled\",\"pod/nginx\",\"\",\"default-scheduler\",\"Successfully assigned default/nginx to node-1\",\"62m\",1,\"ev1\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"ev1\",\"namespace\":\"default\"}}}]}",
	 "LAST SEEN   TYPE     REASON      OBJECT      SUBOBJECT   SOURCE              MESSAGE                                         FIRST SEEN   COUNT   NAME\n"
	 "62m         Normal   Scheduled   pod/nginx               default-scheduler   Successfully assigned default/nginx to node-1   62m          1       ev1\n"},
	{"endpoints", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Endpoints\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"kubernetes\",\"127.0.0.1:52525\",\"44m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"kubernetes\",\"namespace\":\"default\",\"labels\":{\"endpointslice.kubernetes.io/skip-mirror\":\"true\"}}}}]}",
	 "NAME         ENDPOINTS         AGE\n"
	 "kubernetes   127.0.0.1:52525   44m\n"},
	{"endpointslices", {0},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"AddressType\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Ports\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Endpoints\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0}],\"rows\":[{\"cells\":[\"kubernetes\",\"IPv4\",\"52525\",\"127.0.0.1\",\"44m\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"kubernetes\",\"namespace\":\"default\",\"labels\":{\"kubernetes.io/service-name\":\"kubernetes\",\"endpointslice.kubernetes.io/managed-by\":\"endpointslice-controller.k8s.io\"}}}}]}",
	 "NAME         ADDRESSTYPE   PORTS   ENDPOINTS   AGE\n"
	 "kubernetes   IPv4          52525   127.0.0.1   44m\n"},
	{"replicationcontrollers_wide", {.wide = true},
	 "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},{\"name\":\"Desired\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Current\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Ready\",\"type\":\"integer\",\"format\":\"\",\"priority\":0},{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"priority\":0},{\"name\":\"Containers\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Images\",\"type\":\"string\",\"format\":\"\",\"priority\":1},{\"name\":\"Selector\",\"type\":\"string\",\"format\":\"\",\"priority\":1}],\"rows\":[{\"cells\":[\"old-rc\",1,0,0,\"28m\",\"old\",\"nginx\",\"app=old\"],\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"old-rc\",\"namespace\":\"default\",\"labels\":{\"app\":\"old\"}}}}]}",
	 "NAME     DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES   SELECTOR\n"
	 "old-rc   1         0         0       28m   old          nginx    app=old\n"},

};

static void test_golden(void **state)
{
	(void)state;
	int failures = 0;
	for (size_t i = 0; i < KC_ARRAY_SIZE(goldens); i++) {
		const golden *g = &goldens[i];
		cJSON *t = NULL;
		kc_error err = KC_ERROR_INIT;
		if (kc_json_parse_str(g->table, &t, &err) < 0)
			fail_msg("%s: table does not parse: %s", g->name, err.msg);
		char *got = kc_table_print_text(t, &g->opts);
		if (!streq(got, g->want)) {
			print_error("%s: got\n%s\nwant\n%s\n", g->name, got, g->want);
			failures++;
		}
		free(got);
		cJSON_Delete(t);
	}
	assert_int_equal(failures, 0);
}

#define COLS2                                                                                                \
	"\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"priority\":0},"  \
	"{\"name\":\"Value\",\"type\":\"string\",\"format\":\"\",\"priority\":0},"                             \
	"{\"name\":\"Extra\",\"type\":\"string\",\"format\":\"\",\"priority\":1}]"

static const struct {
	const char *name;
	kc_table_options opts;
	const char *table;
	const char *want;
} hand[] = {
	/* fmt.Sprint of cells that are not strings; null prints nothing */
	{"cell types", {0},
	 "{\"kind\":\"Table\"," COLS2 ",\"rows\":[{\"cells\":[\"a\",3,1.5]},{\"cells\":[\"b\",true,null]},"
	 "{\"cells\":[\"c\",{\"y\":1,\"x\":[1,\"z\"]},1]},{\"cells\":[\"d\",null,null]},{\"cells\":[\"e\",1000000,0]}]}",
	 "NAME   VALUE\na      3\nb      true\nc      map[x:[1 z] y:1]\nd      \ne      1000000\n"},
	/* a cell is cut at its first line break, ESC and CR shown */
	{"cell breaks", {.wide = true},
	 "{\"kind\":\"Table\"," COLS2 ",\"rows\":[{\"cells\":[\"a\",\"one\\ntwo\",\"x\\u001by\"]},"
	 "{\"cells\":[\"b\",\"p\\fq\",\"\\rr\"]},{\"cells\":[\"c\",\"\",\"\"]}]}",
	 "NAME   VALUE    EXTRA\na      one...   x^[y\nb      p...     ...\nc               \n"},
	/* more cells than columns: the extra ones are dropped; fewer: short line */
	{"ragged rows", {0},
	 "{\"kind\":\"Table\"," COLS2 ",\"rows\":[{\"cells\":[\"a\",\"1\",\"x\",\"y\",\"z\"]},{\"cells\":[\"b\"]}]}",
	 "NAME   VALUE\na      1\nb\n"},
	/* no rows: nothing at all, not even headers */
	{"empty", {0}, "{\"kind\":\"Table\"," COLS2 ",\"rows\":[]}", ""},
	/* kind prefix on the "name" column only; -L on rows without metadata */
	{"kind without objects", {.kind = "widget.example.com", .label_columns = (char *[]){"app"}, .n_label_columns = 1},
	 "{\"kind\":\"Table\"," COLS2 ",\"rows\":[{\"cells\":[\"a\",\"1\",\"x\"]}]}",
	 "NAME                   VALUE   APP\nwidget.example.com/a   1       \n"},
	/* multi-byte text counts as one column per rune */
	{"runes", {0},
	 "{\"kind\":\"Table\"," COLS2 ",\"rows\":[{\"cells\":[\"h\\u00e9llo-w\\u00f6rld\",\"\\u00e9\"]},{\"cells\":[\"ab\",\"cd\"]}]}",
	 "NAME          VALUE\nh\xc3\xa9llo-w\xc3\xb6rld   \xc3\xa9\nab            cd\n"},
};

static void test_hand(void **state)
{
	(void)state;
	for (size_t i = 0; i < KC_ARRAY_SIZE(hand); i++) {
		cJSON *t = NULL;
		kc_error err = KC_ERROR_INIT;
		if (kc_json_parse_str(hand[i].table, &t, &err) < 0)
			fail_msg("%s: %s", hand[i].name, err.msg);
		char *got = kc_table_print_text(t, &hand[i].opts);
		if (!streq(got, hand[i].want))
			fail_msg("%s: got\n%s\nwant\n%s", hand[i].name, got, hand[i].want);
		free(got);
		cJSON_Delete(t);
	}
}

/* A watch as kubectl -w --output-watch-events prints it: the first table
 * has the columns, later events have none; rows flushed one at a time keep
 * the widths of what was printed before. */
static void test_watch_events(void **state)
{
	(void)state;
	static const char *const events[][2] = {
		{NULL, "{\"kind\":\"Table\"," COLS2 ",\"rows\":[{\"cells\":[\"alpha\",\"1\",\"x\"]},"
		       "{\"cells\":[\"b\",\"22\",\"y\"]}]}"},
		{"ADDED", "{\"kind\":\"Table\",\"columnDefinitions\":null,\"rows\":[{\"cells\":[\"c\",\"3\",\"z\"]}]}"},
		{"MODIFIED", "{\"kind\":\"Table\",\"columnDefinitions\":null,\"rows\":[{\"cells\":[\"a-much-longer-name\",\"4\","
			     "\"z\"]}]}"},
		{"DELETED", "{\"kind\":\"Table\",\"rows\":[{\"cells\":[\"c\",\"3\",\"z\"]}]}"},
		{"BOOKMARKISH", "{\"kind\":\"Table\",\"rows\":[{\"cells\":[\"d\",\"5\",\"z\"]}]}"},
	};
	kc_buf out = KC_BUF_INIT;
	kc_print_tabwriter *tw = kc_print_tabwriter_new(&out);
	kc_table_printer tp;
	kc_table_options opts = {0};
	kc_table_printer_init(&tp, &opts);
	for (size_t i = 0; i < KC_ARRAY_SIZE(events); i++) {
		cJSON *t = cJSON_Parse(events[i][1]);
		assert_non_null(t);
		assert_int_equal(kc_table_printer_print(&tp, t, events[i][0] ? events[i][0] : "ADDED", tw), 0);
		kc_print_tabwriter_flush(tw);
		cJSON_Delete(t);
	}
	assert_string_equal(kc_buf_str(&out), "EVENT      NAME    VALUE\n"
					      "ADDED      alpha   1\n"
					      "ADDED      b       22\n"
					      "ADDED      c       3\n"
					      "MODIFIED   a-much-longer-name   4\n"
					      "DELETED    c                    3\n"
					      "BOOKMARKISH   d                    5\n");
	/* a table that is not a Table object is refused */
	cJSON *bad = cJSON_CreateString("x");
	assert_int_equal(kc_table_printer_print(&tp, bad, NULL, tw), -EINVAL);
	cJSON_Delete(bad);
	kc_table_printer_clear(&tp);
	kc_print_tabwriter_free(tw);
	kc_buf_free(&out);
}

/* Tables as a broken or hostile server could send them: printed somehow,
 * never a crash (the ASan and valgrind runs of this test check that). */
static void test_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"{}",
		"{\"columnDefinitions\":7,\"rows\":\"x\"}",
		"{\"columnDefinitions\":[1,null,{\"name\":5,\"priority\":\"x\"}],\"rows\":[1,{\"cells\":3},{\"cells\":[]}]}",
		"{\"columnDefinitions\":[{\"name\":\"N\",\"type\":\"string\",\"format\":\"name\"}],"
		"\"rows\":[{\"cells\":[{\"a\":[[[]]]}],\"object\":{\"metadata\":{\"labels\":[1,2],\"namespace\":3}}},"
		"{\"cells\":[null],\"object\":7},{\"object\":{\"metadata\":null}}]}",
		"{\"columnDefinitions\":[],\"rows\":[{\"cells\":[\"a\",\"b\"]}]}",
	};
	kc_table_options opts = {.wide = true, .with_namespace = true, .show_labels = true, .kind = "x",
				 .label_columns = (char *[]){"a/b", ""}, .n_label_columns = 2};
	for (size_t i = 0; i < KC_ARRAY_SIZE(bad); i++) {
		cJSON *t = cJSON_Parse(bad[i]);
		assert_non_null(t);
		char *got = kc_table_print_text(t, &opts);
		assert_non_null(got);
		free(got);
		cJSON_Delete(t);
	}
}

/* Go's text/tabwriter as kubectl sets it up. */
static void test_tabwriter(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} tc[] = {
		/* minimum width 6, padding 3; the last cell is not padded */
		{"a\tb\tc\n", "a     b     c\n"},
		{"abcd\tb\nabcdefgh\tc\n", "abcd       b\nabcdefgh   c\n"},
		/* a column exists only where consecutive lines have it */
		{"aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n",
		 "aaaa   bbb   d\naa     b     dd\na      \naa     cccc   eee\n"},
		/* a line without tabs flushes: blocks before and after are separate */
		{"a\tb\nlonger-cell\tc\n\nx\ty\n", "a             b\nlonger-cell   c\n\nx             y\n"},
		/* text after the last newline is written at flush */
		{"a\tb\ntail", "a     b\ntail"},
		{"", ""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(tc); i++) {
		kc_buf out = KC_BUF_INIT;
		kc_print_tabwriter *tw = kc_print_tabwriter_new(&out);
		kc_print_tabwriter_puts(tw, tc[i].in);
		kc_print_tabwriter_flush(tw);
		if (!streq(kc_buf_str(&out), tc[i].want))
			fail_msg("tabwriter case %zu: got <%s> want <%s>", i, kc_buf_str(&out), tc[i].want);
		kc_print_tabwriter_free(tw);
		kc_buf_free(&out);
	}
	/* remembered widths: a later, narrower block keeps the wider layout
	 * until reset */
	kc_buf out = KC_BUF_INIT;
	kc_print_tabwriter *tw = kc_print_tabwriter_new(&out);
	kc_print_tabwriter_puts(tw, "a-wide-cell\tb\n");
	kc_print_tabwriter_flush(tw);
	kc_print_tabwriter_puts(tw, "x\ty\n");
	kc_print_tabwriter_flush(tw);
	kc_print_tabwriter_reset_widths(tw);
	kc_print_tabwriter_puts(tw, "x\ty\n");
	kc_print_tabwriter_flush(tw);
	assert_string_equal(kc_buf_str(&out), "a-wide-cell   b\nx             y\nx     y\n");
	kc_print_tabwriter_free(tw);
	kc_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_hand),
		cmocka_unit_test(test_watch_events),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_tabwriter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
