/* cmd_cluster_info.c - kc cluster-info [dump]: where the control plane and
 * the cluster services (kubernetes.io/cluster-service=true, such as CoreDNS)
 * answer, and a dump of the cluster's state for debugging, as kubectl
 * cluster-info prints them (without its colours). */
#include <errno.h>
#include <sys/stat.h>

#include "ctl/commands.h"
#include "ctl/ops.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/yaml.h"
#include "banned.h"

/* ---- pure part (ops.h) ---- */

char *kc_cluster_info_service_line(const cJSON *svc, const char *host)
{
	kc_buf b = KC_BUF_INIT;
	const char *name = kc_json_get_str(svc, "metadata.name", "");
	const char *title = kc_json_as_str(kc_json_getv(svc, "metadata", "labels", "kubernetes.io/name", NULL), "");
	if (!title[0])
		title = name;
	kc_buf_addf(&b, "%s is running at ", title);
	const cJSON *ingress = cJSON_GetArrayItem(kc_json_get(svc, "status.loadBalancer.ingress"), 0);
	if (ingress) {
		const char *ip = kc_json_get_str(ingress, "ip", "");
		if (!ip[0])
			ip = kc_json_get_str(ingress, "hostname", "");
		const cJSON *p;
		cJSON_ArrayForEach(p, kc_json_get(svc, "spec.ports"))
			kc_buf_addf(&b, "http://%s:%lld ", ip, (long long)kc_json_get_int(p, "port", 0));
	} else {
		const cJSON *port = cJSON_GetArrayItem(kc_json_get(svc, "spec.ports"), 0);
		kc_buf_addf(&b, "%s/api/v1/namespaces/%s/services/", host, kc_json_get_str(svc, "metadata.namespace", ""));
		if (port) {
			/* utilnet.JoinSchemeNamePort */
			const char *pname = kc_json_get_str(port, "name", "");
			bool https = streq(pname, "https") || kc_json_get_int(port, "port", 0) == 443;
			if (https)
				kc_buf_addf(&b, "https:%s:%s", name, pname);
			else if (pname[0])
				kc_buf_addf(&b, "%s:%s", name, pname);
			else
				kc_buf_addstr(&b, name);
		} else {
			kc_buf_addstr(&b, name);
		}
		kc_buf_addstr(&b, "/proxy");
	}
	return kc_buf_release(&b);
}

/* ---- dump ---- */

static cJSON *get_list(kc_ctx *ctx, const char *path, char **ret_err)
{
	kc_response resp;
	int rc = kc_request(ctx, "GET", path, NULL, NULL, &resp);
	if (rc < 0 || resp.status != 200) {
		*ret_err = kc_response_error_text(&resp);
		kc_response_clear(&resp);
		return NULL;
	}
	cJSON *body = TAKE_PTR(resp.body);
	kc_response_clear(&resp);
	return body;
}

/* Where a part of the dump goes: stdout, or a file under the directory. */
static FILE *open_part(kc_ctx *ctx, const char *dir, const char *name, const char *ext)
{
	if (!dir || !dir[0] || streq(dir, "-"))
		return ctx->out;
	_cleanup_free_ char *path = xasprintf("%s/%s%s", dir, name, ext);
	/* make the parent directories */
	_cleanup_free_ char *parent = xstrdup(path);
	for (char *s = parent + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(parent, 0755);
		*s = '/';
	}
	FILE *f = fopen(path, "w");
	return f ? f : ctx->out;
}

static void close_part(kc_ctx *ctx, FILE *f)
{
	if (f != ctx->out)
		fclose(f);
}

static void print_list(kc_ctx *ctx, const char *output, const char *dir, const char *name, const cJSON *list)
{
	const char *ext = streq(output, "yaml") ? ".yaml" : streq(output, "json") ? ".json" : ".txt";
	FILE *f = open_part(ctx, dir, name, ext);
	if (streq(output, "yaml")) {
		_cleanup_free_ char *y = kc_yaml_print(list, NULL);
		fputs(y ? y : "", f);
	} else {
		_cleanup_free_ char *j = kc_json_print_flags(list, KC_JSON_PRETTY | KC_JSON_ESCAPE_HTML);
		fprintf(f, "%s\n", j);
	}
	close_part(ctx, f);
}

static int dump(kc_ctx *ctx, int argc, char **argv)
{
	bool all_ns = false, allow_missing = true, show_managed = false;
	const char *output = "json", *dir = "", *template = "";
	int64_t pod_running_timeout = 20 * 1000000000LL;
	kc_flags_list namespaces = {0};
	kc_flag own[] = {
		KC_FLAG_BOOL("all-namespaces", 'A', &all_ns, "false",
			     "If true, dump all namespaces.  If true, --namespaces is ignored."),
		KC_FLAG_BOOL("allow-missing-template-keys", 0, &allow_missing, "true",
			     "If true, ignore any errors in templates when a field or map key is missing in the "
			     "template. Only applies to golang and jsonpath output formats."),
		KC_FLAG_STRING_SLICE("namespaces", 0, &namespaces, "", "A comma separated list of namespaces to dump."),
		KC_FLAG_STRING("output", 'o', &output, "json",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_STRING("output-directory", 0, &dir, "",
			       "Where to output the files.  If empty or '-' uses stdout, otherwise creates a directory "
			       "hierarchy in that directory"),
		KC_FLAG_DURATION("pod-running-timeout", 0, &pod_running_timeout, "20s",
				 "The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod "
				 "is running"),
		KC_FLAG_BOOL("show-managed-fields", 0, &show_managed, "false",
			     "If true, keep the managedFields when printing objects in JSON or YAML format."),
		KC_FLAG_STRING("template", 0, &template, "",
			       "Template string or path to template file to use when -o=go-template, "
			       "-o=go-template-file. The template format is golang templates "
			       "[http://golang.org/pkg/text/template/#pkg-overview]."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	free(args.args);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "cluster-info dump", "kc cluster-info dump [flags] [options]",
			 "Dump cluster information out suitable for debugging and diagnosing cluster problems.  By "
			 "default, dumps everything to stdout. You can optionally specify a directory with "
			 "--output-directory.  If you specify a directory, Kubernetes will build a set of files in that "
			 "directory.  By default, only dumps things in the current namespace and 'kube-system' "
			 "namespace, but you can switch to a different namespace with the --namespaces flag, or specify "
			 "--all-namespaces to dump all namespaces.\n\n"
			 " The command also dumps the logs of all of the pods in the cluster; these logs are dumped into "
			 "different directories based on namespace and pod name.",
			 "# Dump current cluster state to stdout\n"
			 "kc cluster-info dump\n\n"
			 "# Dump current cluster state to /path/to/cluster-state\n"
			 "kc cluster-info dump --output-directory=/path/to/cluster-state\n\n"
			 "# Dump all namespaces to stdout\n"
			 "kc cluster-info dump --all-namespaces\n\n"
			 "# Dump a set of namespaces to /path/to/cluster-state\n"
			 "kc cluster-info dump --namespaces default,kube-system --output-directory=/path/to/cluster-state",
			 tables);
		kc_flags_release(tables);
		return 0;
	}
	if (rc < 0) {
		kc_flags_release(tables);
		return kc_fail(ctx, "%s", err.msg);
	}
	if (!streq(output, "json") && !streq(output, "yaml")) {
		kc_flags_release(tables);
		return kc_target_output_error(ctx, output);
	}
	char *e = NULL;
	rc = 1;
	cJSON *nodes = get_list(ctx, "/api/v1/nodes", &e);
	char **nss = NULL;
	size_t nn = 0;
	if (!nodes)
		goto fail;
	print_list(ctx, output, dir, "nodes", nodes);
	cJSON_Delete(nodes);
	if (all_ns) {
		_cleanup_json_ cJSON *list = get_list(ctx, "/api/v1/namespaces", &e);
		if (!list)
			goto fail;
		const cJSON *it;
		cJSON_ArrayForEach(it, kc_json_get(list, "items")) {
			nss = xrealloc(nss, (nn + 1) * sizeof(*nss));
			nss[nn++] = xstrdup(kc_json_get_str(it, "metadata.name", ""));
		}
	} else if (namespaces.n) {
		for (size_t i = 0; i < namespaces.n; i++) {
			nss = xrealloc(nss, (nn + 1) * sizeof(*nss));
			nss[nn++] = xstrdup(namespaces.items[i]);
		}
	} else {
		nss = xcalloc(2, sizeof(*nss));
		nss[nn++] = xstrdup("kube-system");
		nss[nn++] = xstrdup(kc_ctx_namespace(ctx));
	}
	static const struct {
		const char *api, *plural, *name;
	} parts[] = {
		{"/api/v1", "events", "events"},
		{"/api/v1", "replicationcontrollers", "replication-controllers"},
		{"/api/v1", "services", "services"},
		{"/apis/apps/v1", "daemonsets", "daemonsets"},
		{"/apis/apps/v1", "deployments", "deployments"},
		{"/apis/apps/v1", "replicasets", "replicasets"},
		{"/api/v1", "pods", "pods"},
	};
	for (size_t n = 0; n < nn; n++) {
		cJSON *pods = NULL;
		for (size_t p = 0; p < KC_ARRAY_SIZE(parts); p++) {
			_cleanup_free_ char *path = xasprintf("%s/namespaces/%s/%s", parts[p].api, nss[n], parts[p].plural);
			cJSON *list = get_list(ctx, path, &e);
			if (!list)
				goto fail;
			_cleanup_free_ char *name = xasprintf("%s/%s", nss[n], parts[p].name);
			print_list(ctx, output, dir, name, list);
			if (streq(parts[p].name, "pods"))
				pods = list;
			else
				cJSON_Delete(list);
		}
		const cJSON *pod;
		cJSON_ArrayForEach(pod, kc_json_get(pods, "items")) {
			const char *pn = kc_json_get_str(pod, "metadata.name", "");
			_cleanup_free_ char *name = xasprintf("%s/%s/logs", nss[n], pn);
			FILE *f = open_part(ctx, dir, name, ".txt");
			const char *lists[] = {"spec.initContainers", "spec.containers"};
			for (int k = 0; k < 2; k++) {
				const cJSON *c;
				cJSON_ArrayForEach(c, kc_json_get(pod, lists[k])) {
					const char *cn = kc_json_get_str(c, "name", "");
					fprintf(f, "==== START logs for container %s of pod %s/%s ====\n", cn, nss[n], pn);
					_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/log?container=%s",
									      nss[n], pn, cn);
					kc_response resp;
					int r = kc_request(ctx, "GET", path, NULL, NULL, &resp);
					if (r < 0 || resp.status != 200)
						fprintf(f, "Request log error: %s\n",
							resp.err.msg[0] ? resp.err.msg : "unknown error");
					else
						fwrite(resp.raw, 1, resp.raw_len, f);
					kc_response_clear(&resp);
					fprintf(f, "==== END logs for container %s of pod %s/%s ====\n", cn, nss[n], pn);
				}
			}
			close_part(ctx, f);
		}
		cJSON_Delete(pods);
	}
	if (dir[0] && !streq(dir, "-"))
		fprintf(ctx->out, "Cluster info dumped to %s\n", dir);
	rc = 0;
fail:
	if (e) {
		kc_print_error(ctx, e);
		free(e);
	}
	for (size_t i = 0; i < nn; i++)
		free(nss[i]);
	free(nss);
	kc_flags_release(tables);
	return rc;
}

int cmd_cluster_info(kc_ctx *ctx, int argc, char **argv)
{
	kc_flag *gt[] = {ctx->table, NULL};
	int first = kc_flags_first_arg(gt, argc - 1, argv + 1) + 1;
	if (first < argc && streq(argv[first], "dump")) {
		char **args = xcalloc((size_t)argc + 1, sizeof(*args));
		int n = 0;
		args[n++] = argv[first];
		for (int i = 1; i < argc; i++)
			if (i != first)
				args[n++] = argv[i];
		int rc = dump(ctx, n, args);
		free(args);
		return rc;
	}
	kc_flag own[] = {KC_FLAG_END};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		free(args.args);
		kc_usage(ctx, "cluster-info", "kc cluster-info [flags] [options]",
			 "Display addresses of the control plane and services with label "
			 "kubernetes.io/cluster-service=true. To further debug and diagnose cluster problems, use 'kc "
			 "cluster-info dump'.",
			 "# Print the address of the control plane and cluster services\nkc cluster-info", tables);
		fputs("\nAvailable Commands:\n  dump          Dump relevant information for debugging and diagnosis\n",
		      ctx->out);
		return 0;
	}
	if (rc < 0) {
		free(args.args);
		return kc_fail(ctx, "%s", err.msg);
	}
	if (args.n > 0) {
		fprintf(ctx->err, "error: unknown command \"%s\" for \"kc cluster-info\"\n", args.args[0]);
		free(args.args);
		return 1;
	}
	free(args.args);
	kc_client *c = kc_ctx_client(ctx);
	if (!c)
		return 1;
	const char *ns = ctx->namespace && ctx->namespace[0] ? ctx->namespace : "kube-system";
	_cleanup_free_ char *path =
		xasprintf("/api/v1/namespaces/%s/services?labelSelector=kubernetes.io%%2Fcluster-service%%3Dtrue", ns);
	kc_response resp;
	rc = kc_request(ctx, "GET", path, NULL, NULL, &resp);
	int status = 0;
	if (rc < 0 || resp.status != 200) {
		fputs("\nTo further debug and diagnose cluster problems, use 'kc cluster-info dump'.\n", ctx->out);
		fflush(ctx->out);
		status = kc_fail_response(ctx, &resp, NULL);
		kc_response_clear(&resp);
		return status;
	}
	const char *host = kc_client_get_config(c)->server;
	fprintf(ctx->out, "Kubernetes control plane is running at %s\n", host);
	const cJSON *svc;
	cJSON_ArrayForEach(svc, kc_json_get(resp.body, "items")) {
		_cleanup_free_ char *line = kc_cluster_info_service_line(svc, host);
		fprintf(ctx->out, "%s\n", line);
	}
	kc_response_clear(&resp);
	fputs("\nTo further debug and diagnose cluster problems, use 'kc cluster-info dump'.\n", ctx->out);
	return 0;
}
