/* create_ingress.c - kc create ingress NAME --rule=host/path=svc:port[,tls[=secret]]
 * (see create.h). */
#include <errno.h>
#include <regex.h>

#include "ctl/create.h"
#include "common/json.h"
#include "banned.h"

/* kubectl's ruleRegex (not anchored at the end, as upstream's): host
 * characters, a path from the first '/', "=", service name ":" port. */
#define RULE_REGEX "^[A-Za-z0-9_*.-]*/.*=[A-Za-z0-9_-]+:[A-Za-z0-9_-]+"

/* {"service": {"name", "port": {"name"|"number"}}} from "svc:port". */
static cJSON *backend(const char *spec)
{
	const char *colon = strchr(spec, ':');
	_cleanup_free_ char *name = colon ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup(spec);
	const char *port = colon ? colon + 1 : "";
	size_t plen = strcspn(port, ":");
	_cleanup_free_ char *p = xstrndup(port, plen);
	cJSON *b = cJSON_CreateObject();
	cJSON *svc = cJSON_AddObjectToObject(b, "service");
	cJSON_AddStringToObject(svc, "name", name);
	cJSON *bp = cJSON_AddObjectToObject(svc, "port");
	/* intstr.Parse: a number if it parses as one */
	char *end = NULL;
	long n = strtol(p, &end, 10);
	if (p[0] && !*end && n >= INT32_MIN && n <= INT32_MAX) {
		if (n != 0)
			cJSON_AddNumberToObject(bp, "number", (double)n);
	} else if (p[0]) {
		cJSON_AddStringToObject(bp, "name", p);
	}
	return b;
}

static cJSON *find_by(cJSON *list, const char *key, const char *value)
{
	for (cJSON *c = list->child; c; c = c->next)
		if (streq(kc_json_get_str(c, key, ""), value))
			return c;
	return NULL;
}

int kc_create_ingress(kc_ctx *ctx, int argc, char **argv)
{
	const char *klass = "", *default_backend = "";
	kc_flags_list rules = {0}, annotations = {0};
	kc_flag own[] = {
		KC_FLAG_STRING("class", 0, &klass, "", "Ingress Class to be used"),
		KC_FLAG_STRING_ARRAY("rule", 0, &rules, "",
				     "Rule in format host/path=service:port[,tls=secretname]. Paths containing the leading "
				     "character '*' are considered pathType=Prefix. tls argument is optional."),
		KC_FLAG_STRING("default-backend", 0, &default_backend, "",
			       "Default service for backend, in format of svcname:port"),
		KC_FLAG_STRING_ARRAY("annotation", 0, &annotations, "",
				     "Annotation to insert in the ingress object, in the format annotation=value"),
		KC_FLAG_END,
	};
	static const kc_create_help help = {
		"kc create ingress NAME --rule=host/path=service:port[,tls[=secret]]  [options]",
		"Create an ingress with the specified name.",
		"  # Create a single ingress called 'simple' that directs requests to foo.com/bar to svc\n"
		"  # svc1:8080 with a TLS secret \"my-cert\"\n"
		"  kc create ingress simple --rule=\"foo.com/bar=svc1:8080,tls=my-cert\"\n"
		"  \n"
		"  # Create a catch all ingress of \"/path\" pointing to service svc:port and Ingress Class as \"otheringress\"\n"
		"  kc create ingress catch-all --class=otheringress --rule=\"/path=svc:port\"\n"
		"  \n"
		"  # Create an ingress with a default backend\n"
		"  kc create ingress ingdefault --class=default --default-backend=defaultsvc:http "
		"--rule=\"foo.com/*=svc:8080,tls=secret1\"",
	};
	kc_create_cmd c;
	_cleanup_json_ cJSON *seen_hosts = NULL;
	regex_t re;
	bool have_re = false;
	int rc = kc_create_parse(&c, ctx, "create ingress", own, NULL, &help, argc, argv);
	if (rc != 0)
		goto out;
	if (!default_backend[0] && rules.n == 0) {
		rc = kc_create_fail(&c, false,
				    "not enough information provided: every ingress has to either specify a default-backend "
				    "(which catches all traffic) or a list of rules (which catch specific paths)");
		goto out;
	}
	have_re = regcomp(&re, RULE_REGEX, REG_EXTENDED | REG_NOSUB) == 0;
	if (!have_re) {
		rc = kc_create_fail(&c, false, "failed to compile the regex");
		goto out;
	}
	for (size_t i = 0; i < rules.n; i++)
		if (regexec(&re, rules.items[i], 0, NULL, 0) != 0) {
			rc = kc_create_fail(&c, false,
					    "rule %s is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]",
					    rules.items[i]);
			goto out;
		}
	for (size_t i = 0; i < annotations.n; i++)
		if (!strchr(annotations.items[i], '=')) {
			rc = kc_create_fail(&c, false, "annotation %s is invalid and should be in format key=[value]",
					    annotations.items[i]);
			goto out;
		}
	if (default_backend[0]) {
		const char *colon = strchr(default_backend, ':');
		if (!colon || strchr(colon + 1, ':')) {
			rc = kc_create_fail(&c, false, "default-backend should be in format servicename:serviceport");
			goto out;
		}
	}
	cJSON *o = kc_create_object("Ingress", "networking.k8s.io/v1", c.name, kc_create_enforced_ns(&c));
	if (annotations.n) {
		/* a Go map: keys in order, the last value of a key wins */
		cJSON *ann = cJSON_CreateObject();
		for (size_t i = 0; i < annotations.n; i++) {
			const char *a = annotations.items[i], *eq = strchr(a, '=');
			_cleanup_free_ char *k = xstrndup(a, (size_t)(eq - a));
			kc_json_object_put(ann, k, cJSON_CreateString(eq + 1));
		}
		cJSON *sorted = cJSON_CreateObject();
		while (ann->child) {
			cJSON *min = ann->child;
			for (cJSON *x = ann->child; x; x = x->next)
				if (strcmp(x->string, min->string) < 0)
					min = x;
			cJSON_AddItemToObject(sorted, min->string, kc_json_dup(min));
			cJSON_Delete(cJSON_DetachItemViaPointer(ann, min));
		}
		cJSON_Delete(ann);
		cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(o, "metadata"), "annotations", sorted);
	}
	cJSON *spec = cJSON_AddObjectToObject(o, "spec");
	if (klass[0])
		cJSON_AddStringToObject(spec, "ingressClassName", klass);
	if (default_backend[0])
		cJSON_AddItemToObject(spec, "defaultBackend", backend(default_backend));
	/* buildTLSRules: one entry per secret, hosts gathered */
	cJSON *tls = cJSON_CreateArray();
	seen_hosts = cJSON_CreateObject();
	for (size_t i = 0; i < rules.n; i++) {
		const char *r = rules.items[i], *comma = strchr(r, ',');
		if (!comma || strchr(comma + 1, ','))
			continue; /* strings.Split(rule, ",") must give two parts */
		_cleanup_free_ char *host = xstrndup(r, strcspn(r, "/"));
		const char *eq = strchr(comma + 1, '=');
		_cleanup_free_ char *secret = eq ? xstrndup(eq + 1, strcspn(eq + 1, "=")) : xstrdup("");
		if (cJSON_GetObjectItemCaseSensitive(seen_hosts, host))
			continue;
		cJSON_AddNullToObject(seen_hosts, host);
		cJSON *same = NULL;
		for (cJSON *t = tls->child; t && !same; t = t->next)
			if (streq(kc_json_get_str(t, "secretName", ""), secret))
				same = t;
		if (same) {
			cJSON *hosts = cJSON_GetObjectItemCaseSensitive(same, "hosts");
			if (!hosts)
				hosts = cJSON_AddArrayToObject(same, "hosts");
			cJSON_AddItemToArray(hosts, cJSON_CreateString(host));
			continue;
		}
		cJSON *t = cJSON_CreateObject();
		if (host[0])
			cJSON_AddItemToArray(cJSON_AddArrayToObject(t, "hosts"), cJSON_CreateString(host));
		if (secret[0])
			cJSON_AddStringToObject(t, "secretName", secret);
		if (t->child)
			cJSON_AddItemToArray(tls, t);
		else
			cJSON_Delete(t);
	}
	if (tls->child)
		cJSON_AddItemToObject(spec, "tls", tls);
	else
		cJSON_Delete(tls);
	/* buildIngressRules: paths gathered per host */
	cJSON *rl = cJSON_CreateArray();
	for (size_t i = 0; i < rules.n; i++) {
		_cleanup_free_ char *rule = xstrndup(rules.items[i], strcspn(rules.items[i], ","));
		char *slash = strchr(rule, '/');
		*slash = '\0';
		const char *host = rule;
		char *eq = strchr(slash + 1, '=');
		*eq = '\0';
		_cleanup_free_ char *path = xasprintf("/%s", slash + 1);
		const char *type = "Exact";
		size_t pl = strlen(path);
		if (path[pl - 1] == '*') {
			type = "Prefix";
			path[pl - 1] = '\0';
		}
		_cleanup_free_ char *svc = xstrndup(eq + 1, strcspn(eq + 1, "="));
		cJSON *p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "path", path);
		cJSON_AddStringToObject(p, "pathType", type);
		cJSON_AddItemToObject(p, "backend", backend(svc));
		cJSON *existing = find_by(rl, "host", host);
		if (existing) {
			cJSON_AddItemToArray(kc_json_get(existing, "http.paths"), p);
			continue;
		}
		cJSON *x = cJSON_CreateObject();
		if (host[0])
			cJSON_AddStringToObject(x, "host", host);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(cJSON_AddObjectToObject(x, "http"), "paths"), p);
		cJSON_AddItemToArray(rl, x);
	}
	if (rl->child)
		cJSON_AddItemToObject(spec, "rules", rl);
	else
		cJSON_Delete(rl);
	cJSON_AddObjectToObject(cJSON_AddObjectToObject(o, "status"), "loadBalancer");
	rc = kc_create_submit(&c, kc_resource_lookup("ingresses.networking.k8s.io"), o, "failed to create ingress: ");
out:
	if (have_re)
		regfree(&re);
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}
