/* create_service.c - kc create service clusterip|nodeport|loadbalancer|
 * externalname (see create.h). */
#include <errno.h>

#include "ctl/create.h"
#include "common/json.h"
#include "common/validate.h"
#include "banned.h"

typedef struct svc_opts {
	kc_flags_list tcp;
	const char *cluster_ip, *external_name;
	int node_port;
} svc_opts;

/* Go's strconv.ParseUint(s, 10, bitsize) for the port: its error text. */
static int parse_uint(const char *s, unsigned long long max, unsigned long long *ret, kc_error *err)
{
	bool digits = s[0] != '\0';
	unsigned long long v = 0;
	bool overflow = false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9') {
			digits = false;
			break;
		}
		if (v > (max - (unsigned long long)(*p - '0')) / 10)
			overflow = true;
		else
			v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (!digits)
		return kc_error_set(err, -EINVAL, "strconv.ParseUint: parsing \"%s\": invalid syntax", s);
	if (overflow)
		return kc_error_set(err, -ERANGE, "strconv.ParseUint: parsing \"%s\": value out of range", s);
	*ret = v;
	return 0;
}

/* Go's strconv.Atoi: an optional sign and decimal digits. */
static bool atoi_ok(const char *s, long long *ret)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!*p || strlen(p) > 18)
		return false;
	for (const char *q = p; *q; q++)
		if (*q < '0' || *q > '9')
			return false;
	*ret = strtoll(s, NULL, 10);
	return true;
}

/* parsePorts: "port[:targetPort]" -> a ServicePort. */
static int service_port(const char *spec, int node_port, cJSON **ret, kc_error *err)
{
	_cleanup_free_ char *copy = xstrdup(spec);
	char *colon = strchr(copy, ':');
	if (colon) {
		*colon = '\0';
		char *more = strchr(colon + 1, ':'); /* strings.Split: the rest is ignored */
		if (more)
			*more = '\0';
	}
	unsigned long long port = 0;
	int r = parse_uint(copy, 65535, &port, err);
	if (r < 0)
		return r;
	cJSON *target;
	if (!colon) {
		target = cJSON_CreateNumber((double)port);
	} else {
		const char *t = colon + 1;
		long long n;
		_cleanup_(kc_validate_msgs_freep) kc_validate_msgs msgs = KC_VALIDATE_MSGS_INIT;
		if (atoi_ok(t, &n)) {
			if (kc_validate_port_num(n, &msgs)) {
				_cleanup_free_ char *m = kc_validate_msgs_join(&msgs, ",");
				return kc_error_set(err, -EINVAL, "%s", m);
			}
			target = cJSON_CreateNumber((double)n);
		} else {
			if (kc_validate_port_name(t, &msgs)) {
				_cleanup_free_ char *m = kc_validate_msgs_join(&msgs, ",");
				return kc_error_set(err, -EINVAL, "%s", m);
			}
			target = cJSON_CreateString(t);
		}
	}
	cJSON *p = cJSON_CreateObject();
	_cleanup_free_ char *name = xstrdup(spec);
	for (char *c = name; *c; c++)
		if (*c == ':')
			*c = '-';
	cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "protocol", "TCP");
	cJSON_AddNumberToObject(p, "port", (double)port);
	cJSON_AddItemToObject(p, "targetPort", target);
	if (node_port)
		cJSON_AddNumberToObject(p, "nodePort", node_port);
	*ret = p;
	return 0;
}

static int create_service(kc_ctx *ctx, int argc, char **argv, const char *type, const char *path, kc_flag *own,
			  const char *const *required, svc_opts *so, const kc_create_help *help)
{
	kc_create_cmd c;
	_cleanup_json_ cJSON *ports = NULL;
	_cleanup_free_ char *prefix = NULL;
	int rc = kc_create_parse(&c, ctx, path, own, required, help, argc, argv);
	if (rc != 0)
		goto out;
	const char *cip = so->cluster_ip ? so->cluster_ip : "";
	if (streq(cip, "None") && !streq(type, "ClusterIP")) {
		rc = kc_create_fail(&c, false, "ClusterIP=None can only be used with ClusterIP service type");
		goto out;
	}
	if (!streq(cip, "None") && so->tcp.n == 0 && !streq(type, "ExternalName")) {
		rc = kc_create_fail(&c, false, "at least one tcp port specifier must be provided");
		goto out;
	}
	if (streq(type, "ExternalName")) {
		_cleanup_(kc_validate_msgs_freep) kc_validate_msgs msgs = KC_VALIDATE_MSGS_INIT;
		if (kc_validate_dns1123_subdomain(so->external_name, &msgs)) {
			rc = kc_create_fail(&c, false, "invalid service external name %s", so->external_name);
			goto out;
		}
	}
	ports = cJSON_CreateArray();
	for (size_t i = 0; i < so->tcp.n; i++) {
		kc_error err = KC_ERROR_INIT;
		cJSON *p = NULL;
		if (service_port(so->tcp.items[i], so->node_port, &p, &err) < 0) {
			rc = kc_create_fail(&c, false, "%s", err.msg);
			goto out;
		}
		cJSON_AddItemToArray(ports, p);
	}
	cJSON *o = kc_create_object("Service", "v1", c.name, kc_create_enforced_ns(&c));
	cJSON *labels = cJSON_AddObjectToObject(cJSON_GetObjectItemCaseSensitive(o, "metadata"), "labels");
	cJSON_AddStringToObject(labels, "app", c.name);
	cJSON *spec = cJSON_AddObjectToObject(o, "spec");
	if (ports->child)
		cJSON_AddItemToObject(spec, "ports", TAKE_PTR(ports));
	cJSON_AddItemToObject(spec, "selector", kc_json_dup(labels));
	if (cip[0])
		cJSON_AddStringToObject(spec, "clusterIP", cip);
	cJSON_AddStringToObject(spec, "type", type);
	if (so->external_name && so->external_name[0])
		cJSON_AddStringToObject(spec, "externalName", so->external_name);
	cJSON_AddObjectToObject(cJSON_AddObjectToObject(o, "status"), "loadBalancer");
	prefix = xasprintf("failed to create %s service: ", type);
	rc = kc_create_submit(&c, kc_resource_lookup("services"), o, prefix);
out:
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

#define TCP_FLAG(so)                                                                                         \
	KC_FLAG_STRING_SLICE("tcp", 0, &(so)->tcp, "", "Port pairs can be specified as '<port>:<targetPort>'.")

static int create_clusterip(kc_ctx *ctx, int argc, char **argv)
{
	svc_opts so = {0};
	kc_flag own[] = {
		TCP_FLAG(&so),
		KC_FLAG_STRING("clusterip", 0, &so.cluster_ip, "",
			       "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing)."),
		KC_FLAG_END,
	};
	static const kc_create_help help = {
		"kc create service clusterip NAME [--tcp=<port>:<targetPort>] [--dry-run=server|client|none] [options]",
		"Create a ClusterIP service with the specified name.",
		"  # Create a new ClusterIP service named my-cs\n"
		"  kc create service clusterip my-cs --tcp=5678:8080\n"
		"  \n"
		"  # Create a new ClusterIP service named my-cs (in headless mode)\n"
		"  kc create service clusterip my-cs --clusterip=\"None\"",
	};
	return create_service(ctx, argc, argv, "ClusterIP", "create service clusterip", own, NULL, &so, &help);
}

static int create_nodeport(kc_ctx *ctx, int argc, char **argv)
{
	svc_opts so = {0};
	kc_flag own[] = {
		TCP_FLAG(&so),
		KC_FLAG_INT("node-port", 0, &so.node_port, "0", "Port used to expose the service on each node in a cluster."),
		KC_FLAG_END,
	};
	static const kc_create_help help = {
		"kc create service nodeport NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
		"Create a NodePort service with the specified name.",
		"  # Create a new NodePort service named my-ns\n  kc create service nodeport my-ns --tcp=5678:8080",
	};
	return create_service(ctx, argc, argv, "NodePort", "create service nodeport", own, NULL, &so, &help);
}

static int create_loadbalancer(kc_ctx *ctx, int argc, char **argv)
{
	svc_opts so = {0};
	kc_flag own[] = {TCP_FLAG(&so), KC_FLAG_END};
	static const kc_create_help help = {
		"kc create service loadbalancer NAME [--tcp=port:targetPort] [--dry-run=server|client|none] [options]",
		"Create a LoadBalancer service with the specified name.",
		"  # Create a new LoadBalancer service named my-lbs\n  kc create service loadbalancer my-lbs --tcp=5678:8080",
	};
	return create_service(ctx, argc, argv, "LoadBalancer", "create service loadbalancer", own, NULL, &so, &help);
}

static int create_externalname(kc_ctx *ctx, int argc, char **argv)
{
	svc_opts so = {0};
	kc_flag own[] = {
		TCP_FLAG(&so),
		KC_FLAG_STRING("external-name", 0, &so.external_name, "", "External name of service"),
		KC_FLAG_END,
	};
	static const char *const required[] = {"external-name", NULL};
	static const kc_create_help help = {
		"kc create service externalname NAME --external-name external.name [--dry-run=server|client|none] "
		"[options]",
		"Create an ExternalName service with the specified name.\n\n ExternalName service references to an "
		"external DNS address instead of only pods, which will allow application authors to reference services "
		"that exist off platform, on other clusters, or locally.",
		"  # Create a new ExternalName service named my-ns\n  kc create service externalname my-ns "
		"--external-name bar.com",
	};
	return create_service(ctx, argc, argv, "ExternalName", "create service externalname", own, required, &so,
			      &help);
}

int kc_create_service(kc_ctx *ctx, int argc, char **argv)
{
	static const kc_create_sub subs[] = {
		{"clusterip", "Create a ClusterIP service", create_clusterip},
		{"externalname", "Create an ExternalName service", create_externalname},
		{"loadbalancer", "Create a LoadBalancer service", create_loadbalancer},
		{"nodeport", "Create a NodePort service", create_nodeport},
	};
	return kc_create_group(ctx, argc, argv, "create service",
			       "Create a service using a specified subcommand.\n\nAliases:\nservice, svc",
			       "kc create service [flags] [options]", subs, KC_ARRAY_SIZE(subs));
}
