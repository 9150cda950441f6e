/* cmd_expose.c - kc expose (deployment|replicaset|replicationcontroller|
 * service|pod) NAME: a Service selecting what the object selects, on the
 * ports it declares, as kubectl's expose builds it. */
#include <errno.h>
#include <stdlib.h>

#include "ctl/commands.h"
#include "ctl/create.h"
#include "ctl/mutate.h"
#include "ctl/target.h"
#include "common/json.h"
#include "banned.h"

typedef struct expose_opts {
	const char *protocol, *port, *type, *lb_ip, *selector, *labels, *target_port, *external_ip, *name;
	const char *affinity, *cluster_ip, *dry_run_flag, *output, *field_manager;
	kc_flags_list files;
	bool recursive, save_config;
} expose_opts;

/* A map in key order, as Go prints map[string]string. */
static void put_sorted(cJSON *obj, const char *k, const char *v)
{
	cJSON *at = obj->child;
	while (at && strcmp(at->string, k) < 0)
		at = at->next;
	if (at && streq(at->string, k)) {
		kc_json_object_put(obj, k, cJSON_CreateString(v));
		return;
	}
	cJSON *rest = cJSON_CreateObject();
	while (at) {
		cJSON *next = at->next;
		cJSON_AddItemToArray(rest, cJSON_DetachItemViaPointer(obj, at));
		at = next;
	}
	cJSON_AddStringToObject(obj, k, v);
	while (rest->child)
		cJSON_AddItemToArray(obj, cJSON_DetachItemViaPointer(rest, rest->child));
	cJSON_Delete(rest);
}

/* expose's parseLabels: "a=b,c=d" into a map (an empty spec is an error). */
static int parse_map(const char *spec, cJSON **ret, kc_error *err)
{
	if (!spec || !spec[0])
		return kc_error_set(err, -EINVAL, "no label spec passed");
	_cleanup_json_ cJSON *m = cJSON_CreateObject();
	const char *p = spec;
	for (;;) {
		const char *comma = strchr(p, ',');
		_cleanup_free_ char *item = comma ? xstrndup(p, (size_t)(comma - p)) : xstrdup(p);
		char *eq = strchr(item, '=');
		if (!eq || strchr(eq + 1, '='))
			return kc_error_set(err, -EINVAL, "unexpected label spec: %s", item);
		*eq = '\0';
		if (!item[0])
			return kc_error_set(err, -EINVAL, "unexpected empty label key");
		put_sorted(m, item, eq + 1);
		if (!comma)
			break;
		p = comma + 1;
	}
	*ret = TAKE_PTR(m);
	return 0;
}

/* The selector of what is exposed (MapBasedSelectorForObject). */
static const cJSON *object_selector(const kc_resource *r, const cJSON *obj, kc_error *err)
{
	const char *kind = r->kind;
	if (streq(kind, "Pod")) {
		const cJSON *l = kc_json_get(obj, "metadata.labels");
		if (!cJSON_IsObject(l) || !l->child) {
			kc_error_set(err, -EINVAL, "the pod has no labels and cannot be exposed");
			return NULL;
		}
		return l;
	}
	if (streq(kind, "Service")) {
		const cJSON *s = kc_json_get(obj, "spec.selector");
		if (!cJSON_IsObject(s)) {
			kc_error_set(err, -EINVAL, "the service has no pod selector set");
			return NULL;
		}
		return s;
	}
	if (streq(kind, "ReplicationController"))
		return kc_json_get(obj, "spec.selector");
	/* Deployment, ReplicaSet */
	const cJSON *ml = kc_json_get(obj, "spec.selector.matchLabels");
	if (!cJSON_IsObject(ml) || !ml->child) {
		kc_error_set(err, -EINVAL, "invalid %s: no selectors, therefore cannot be exposed",
			     streq(kind, "Deployment") ? "deployment" : "replicaset");
		return NULL;
	}
	const cJSON *me = kc_json_get(obj, "spec.selector.matchExpressions");
	if (cJSON_IsArray(me) && me->child) {
		kc_error_set(err, -EINVAL, "couldn't convert expressions to map-based selector format");
		return NULL;
	}
	return ml;
}

/* PortsForObject and the protocols of each port (MultiProtocolsForObject). */
static void object_ports(const kc_resource *r, const cJSON *obj, cJSON *ports, cJSON *protocols)
{
	if (streq(r->kind, "Service")) {
		const cJSON *sp = kc_json_get(obj, "spec.ports");
		for (const cJSON *p = cJSON_IsArray(sp) ? sp->child : NULL; p; p = p->next) {
			char key[32];
			snprintf(key, sizeof(key), "%lld", (long long)kc_json_get_int(p, "port", 0));
			bool seen = false;
			for (const cJSON *x = ports->child; x && !seen; x = x->next)
				seen = streq(x->valuestring, key);
			if (!seen)
				cJSON_AddItemToArray(ports, cJSON_CreateString(key));
			cJSON *list = cJSON_GetObjectItemCaseSensitive(protocols, key);
			if (!list)
				list = cJSON_AddArrayToObject(protocols, key);
			cJSON_AddItemToArray(list, cJSON_CreateString(kc_json_get_str(p, "protocol", "TCP")));
		}
		return;
	}
	const cJSON *spec = streq(r->kind, "Pod") ? kc_json_get(obj, "spec") : kc_json_get(obj, "spec.template.spec");
	const cJSON *cs = kc_json_get(spec, "containers");
	for (const cJSON *c = cJSON_IsArray(cs) ? cs->child : NULL; c; c = c->next) {
		const cJSON *cp = cJSON_GetObjectItemCaseSensitive(c, "ports");
		for (const cJSON *p = cJSON_IsArray(cp) ? cp->child : NULL; p; p = p->next) {
			char key[32];
			snprintf(key, sizeof(key), "%lld", (long long)kc_json_get_int(p, "containerPort", 0));
			bool seen = false;
			for (const cJSON *x = ports->child; x && !seen; x = x->next)
				seen = streq(x->valuestring, key);
			if (!seen)
				cJSON_AddItemToArray(ports, cJSON_CreateString(key));
			cJSON *list = cJSON_GetObjectItemCaseSensitive(protocols, key);
			if (!list)
				list = cJSON_AddArrayToObject(protocols, key);
			const char *proto = kc_json_get_str(p, "protocol", "");
			cJSON_AddItemToArray(list, cJSON_CreateString(proto[0] ? proto : "TCP"));
		}
	}
}

static cJSON *service_port(const char *name, const char *protocol, long port)
{
	cJSON *p = cJSON_CreateObject();
	if (name && name[0])
		cJSON_AddStringToObject(p, "name", name);
	cJSON_AddStringToObject(p, "protocol", protocol);
	cJSON_AddNumberToObject(p, "port", (double)port);
	return p;
}

/* Builds the Service for one object; NULL with err on failure. */
static cJSON *build_service(const expose_opts *o, const kc_target *t, const char *ns, kc_error *err)
{
	_cleanup_json_ cJSON *selector = NULL, *labels = NULL, *ports = cJSON_CreateArray(), *protos = cJSON_CreateObject();
	if (o->selector[0]) {
		if (parse_map(o->selector, &selector, err) < 0)
			return NULL;
	} else {
		const cJSON *s = object_selector(t->res, t->obj, err);
		if (!s) {
			_cleanup_free_ char *why = xstrdup(err->msg);
			kc_error_set(err, -EINVAL, "couldn't retrieve selectors via --selector flag or introspection: %s", why);
			return NULL;
		}
		selector = cJSON_CreateObject();
		for (const cJSON *c = s->child; c; c = c->next)
			put_sorted(selector, c->string, kc_json_as_str(c, ""));
		if (!selector->child) {
			kc_error_set(err, -EINVAL, "selector must be specified");
			return NULL;
		}
	}
	object_ports(t->res, t->obj, ports, protos);
	_cleanup_free_ char *port_list = NULL;
	bool headless = streq(o->cluster_ip, "None");
	if (o->port[0]) {
		port_list = xstrdup(o->port);
	} else {
		int n = cJSON_GetArraySize(ports);
		if (n == 0 && !headless) {
			kc_error_set(err, -EINVAL, "couldn't find port via --port flag or introspection");
			return NULL;
		}
		_cleanup_buf_ kc_buf b = KC_BUF_INIT;
		for (const cJSON *p = ports->child; p; p = p->next)
			kc_buf_addf(&b, "%s%s", p == ports->child ? "" : ",", p->valuestring);
		port_list = kc_buf_release(&b);
	}
	if (o->labels[0]) {
		if (parse_map(o->labels, &labels, err) < 0)
			return NULL;
	} else {
		const cJSON *ol = kc_json_get(t->obj, "metadata.labels");
		if (cJSON_IsObject(ol) && ol->child) {
			labels = cJSON_CreateObject();
			for (const cJSON *c = ol->child; c; c = c->next)
				put_sorted(labels, c->string, kc_json_as_str(c, ""));
		}
	}
	const char *name = o->name[0] ? o->name : t->name;
	_cleanup_free_ char *short_name = xstrndup(name, 63); /* DNS-1035 label length */
	cJSON *svc_ports = cJSON_CreateArray();
	cJSON *svc = kc_create_object("Service", "v1", o->name[0] ? o->name : short_name, ns);
	if (labels)
		cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(svc, "metadata"), "labels", TAKE_PTR(labels));
	cJSON *spec = cJSON_AddObjectToObject(svc, "spec");
	if (port_list[0]) {
		size_t count = 1;
		for (const char *c = port_list; *c; c++)
			count += *c == ',';
		size_t i = 0;
		for (char *save = NULL, *tok = strtok_r(port_list, ",", &save); tok; tok = strtok_r(NULL, ",", &save), i++) {
			char *end = NULL;
			long port = strtol(tok, &end, 10);
			if (!*tok || *end) {
				kc_error_set(err, -EINVAL, "strconv.Atoi: parsing \"%s\": invalid syntax", tok);
				cJSON_Delete(svc_ports);
				cJSON_Delete(svc);
				return NULL;
			}
			_cleanup_free_ char *pname = count > 1 ? xasprintf("port-%zu", i + 1) : NULL;
			const cJSON *plist = cJSON_GetObjectItemCaseSensitive(protos, tok);
			if (o->protocol[0] || !plist) {
				cJSON_AddItemToArray(svc_ports, service_port(pname, o->protocol[0] ? o->protocol : "TCP", port));
			} else if (cJSON_GetArraySize(plist) == 1) {
				cJSON_AddItemToArray(svc_ports, service_port(pname, plist->child->valuestring, port));
			} else {
				for (const cJSON *pr = plist->child; pr; pr = pr->next) {
					_cleanup_free_ char *lower = xstrdup(pr->valuestring);
					for (char *c = lower; *c; c++)
						if (*c >= 'A' && *c <= 'Z')
							*c = (char)(*c - 'A' + 'a');
					_cleanup_free_ char *n = xasprintf("port-%zu-%s", i + 1, lower);
					cJSON_AddItemToArray(svc_ports, service_port(n, pr->valuestring, port));
				}
			}
		}
	}
	for (cJSON *p = svc_ports->child; p; p = p->next) {
		if (o->target_port[0]) {
			char *end = NULL;
			long tp = strtol(o->target_port, &end, 10);
			cJSON_AddItemToObject(p, "targetPort",
					      *end ? cJSON_CreateString(o->target_port) : cJSON_CreateNumber((double)tp));
		} else {
			cJSON_AddNumberToObject(p, "targetPort", kc_json_get_double(p, "port", 0));
		}
	}
	if (svc_ports->child)
		cJSON_AddItemToObject(spec, "ports", svc_ports);
	else
		cJSON_Delete(svc_ports);
	cJSON_AddItemToObject(spec, "selector", TAKE_PTR(selector));
	if (o->cluster_ip[0])
		cJSON_AddStringToObject(spec, "clusterIP", o->cluster_ip);
	if (o->type[0])
		cJSON_AddStringToObject(spec, "type", o->type);
	if (o->external_ip[0])
		cJSON_AddItemToArray(cJSON_AddArrayToObject(spec, "externalIPs"), cJSON_CreateString(o->external_ip));
	if (o->affinity[0]) {
		if (!streq(o->affinity, "None") && !streq(o->affinity, "ClientIP")) {
			kc_error_set(err, -EINVAL, "unknown session affinity: %s", o->affinity);
			cJSON_Delete(svc);
			return NULL;
		}
		cJSON_AddStringToObject(spec, "sessionAffinity", o->affinity);
	}
	if (streq(o->type, "LoadBalancer") && o->lb_ip[0])
		cJSON_AddStringToObject(spec, "loadBalancerIP", o->lb_ip);
	cJSON_AddObjectToObject(cJSON_AddObjectToObject(svc, "status"), "loadBalancer");
	return svc;
}

static const char expose_description[] =
	"Expose a resource as a new Kubernetes service.\n\n"
	" Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector "
	"for that resource as the selector for a new service on the specified port. A deployment or replica set will "
	"be exposed as a service only if its selector is convertible to a selector that service supports, i.e. when "
	"the selector contains only the matchLabels component. Note that if no port is specified via --port and the "
	"exposed resource has multiple ports, all will be re-used by the new service. Also if no labels are "
	"specified, the new service will re-use the labels from the resource it exposes.\n\n"
	" Possible resources include (case insensitive):\n\n"
	" pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)";

static const char expose_examples[] =
	"  # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on "
	"port 8000\n"
	"  kc expose rc nginx --port=80 --target-port=8000\n"
	"  \n"
	"  # Create a service for a pod valid-pod, which serves on port 444 with the name \"frontend\"\n"
	"  kc expose pod valid-pod --port=444 --name=frontend\n"
	"  \n"
	"  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on "
	"port 8000\n"
	"  kc expose deployment nginx --port=80 --target-port=8000";

int cmd_expose(kc_ctx *ctx, int argc, char **argv)
{
	expose_opts o = {0};
	kc_flag own[] = {
		KC_FLAG_STRING("protocol", 0, &o.protocol, "",
			       "The network protocol for the service to be created. Default is 'TCP'."),
		KC_FLAG_STRING("port", 0, &o.port, "",
			       "The port that the service should serve on. Copied from the resource being exposed, if "
			       "unspecified"),
		KC_FLAG_STRING("type", 0, &o.type, "",
			       "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is "
			       "'ClusterIP'."),
		KC_FLAG_STRING("load-balancer-ip", 0, &o.lb_ip, "",
			       "IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used "
			       "(cloud-provider specific)."),
		KC_FLAG_STRING("selector", 0, &o.selector, "",
			       "A label selector to use for this service. Only equality-based selector requirements are "
			       "supported. If empty (the default) infer the selector from the resource being exposed."),
		KC_FLAG_STRING("labels", 'l', &o.labels, "", "Labels to apply to the service created by this call."),
		KC_FLAG_STRING("target-port", 0, &o.target_port, "",
			       "Name or number for the port on the container that the service should direct traffic to. "
			       "Optional."),
		KC_FLAG_STRING("external-ip", 0, &o.external_ip, "",
			       "Additional external IP address (not managed by Kubernetes) to accept for the service. If "
			       "this IP is routed to a node, the service can be accessed by this IP in addition to its "
			       "generated service IP."),
		KC_FLAG_STRING("name", 0, &o.name, "", "The name for the newly created object."),
		KC_FLAG_STRING("session-affinity", 0, &o.affinity, "",
			       "If non-empty, set the session affinity for the service to this; legal values: 'None', "
			       "'ClientIP'"),
		KC_FLAG_STRING("cluster-ip", 0, &o.cluster_ip, "",
			       "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to "
			       "create a headless service."),
		KC_FLAG_STRING_SLICE("filename", 'f', &o.files, "",
				     "Filename, directory, or URL to files identifying the resource to expose a service"),
		KC_FLAG_BOOL("recursive", 'R', &o.recursive, "false",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_BOOL("save-config", 0, &o.save_config, "false",
			     "If true, the configuration of current object will be saved in its annotation. Otherwise, the "
			     "annotation will be unchanged. This flag is useful when you want to perform kubectl apply on "
			     "this object in the future."),
		{.name = "dry-run", .type = KC_FLAG_T_STRING, .value = &o.dry_run_flag, .def = "none", .noopt = "unchanged",
		 .usage = "Must be \"none\", \"server\", or \"client\". If client strategy, only print the object that "
			  "would be sent, without sending it. If server strategy, submit server-side request without "
			  "persisting the resource."},
		KC_FLAG_STRING("output", 'o', &o.output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_STRING("field-manager", 0, &o.field_manager, "kubectl-expose",
			       "Name of the manager used to track field ownership."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	kc_targets t = {0};
	int ret = 1;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc expose",
			 "kc expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] "
			 "[--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] "
			 "[--type=type] [options]",
			 expose_description, expose_examples, tables);
		ret = 0;
		goto out;
	}
	if (rc < 0) {
		fprintf(ctx->err, "error: %s\nSee 'kc expose --help' for usage.\n", err.msg);
		goto out;
	}
	kc_dry_run dry;
	if (kc_dry_run_parse(o.dry_run_flag, &dry, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (!kc_mut_output_ok(o.output)) {
		kc_mut_output_error(ctx, o.output);
		goto out;
	}
	kc_target_opts topts = {.filenames = &o.files, .recursive = o.recursive};
	if (kc_targets_fetch(ctx, args.args, args.n, &topts, &t) < 0)
		goto out;
	if (t.n_errors) {
		ret = kc_targets_print_errors(ctx, &t);
		goto out;
	}
	const kc_resource *services = kc_resource_lookup("services");
	for (size_t i = 0; i < t.n; i++) {
		const kc_resource *r = t.items[i].res;
		static const char *const exposable[] = {"Pod", "Service", "ReplicationController", "Deployment", "ReplicaSet"};
		bool ok = false;
		for (size_t k = 0; k < KC_ARRAY_SIZE(exposable); k++)
			ok = ok || (streq(r->kind, exposable[k]) && (streq(r->group, "") || streq(r->group, "apps")));
		if (!ok) {
			if (r->group[0])
				kc_fail(ctx, "cannot expose a %s.%s", r->kind, r->group);
			else
				kc_fail(ctx, "cannot expose a %s", r->kind);
			goto out;
		}
		const char *ns = dry == KC_DRY_RUN_CLIENT && ctx->namespace && ctx->namespace[0] ? ctx->namespace : NULL;
		_cleanup_json_ cJSON *svc = build_service(&o, &t.items[i], ns, &err);
		if (!svc) {
			kc_fail(ctx, "%s", err.msg);
			goto out;
		}
		_cleanup_free_ char *op = xasprintf("exposed%s", kc_dry_run_suffix(dry));
		if (dry == KC_DRY_RUN_CLIENT) {
			kc_mut_print(ctx, o.output, services, svc, op, 0);
			continue;
		}
		if (o.save_config) {
			_cleanup_buf_ kc_buf b = KC_BUF_INIT;
			kc_json_print_buf(&b, svc, KC_JSON_ESCAPE_HTML);
			kc_buf_addch(&b, '\n');
			cJSON *meta = cJSON_GetObjectItemCaseSensitive(svc, "metadata");
			cJSON *ann = cJSON_AddObjectToObject(meta, "annotations");
			cJSON_AddStringToObject(ann, "kubectl.kubernetes.io/last-applied-configuration", kc_buf_str(&b));
		}
		_cleanup_free_ char *base = kc_path(services, kc_ctx_namespace(ctx), NULL, NULL);
		_cleanup_free_ char *path = kc_mut_path(base, o.field_manager, dry, NULL);
		kc_response resp;
		kc_request_json(ctx, "POST", path, svc, &resp);
		if (resp.status != 200 && resp.status != 201) {
			kc_mut_fail_response(ctx, &resp, NULL);
			kc_response_clear(&resp);
			goto out;
		}
		kc_mut_print(ctx, o.output, services, resp.body, op, KC_MUT_SORTED);
		kc_response_clear(&resp);
	}
	ret = 0;
out:
	kc_targets_clear(&t);
	free(args.args);
	kc_flags_release(tables);
	return ret;
}
