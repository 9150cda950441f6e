/* ctx.c - the command context: global flags, the client, errors, resource
 * names and paths (see kc.h). */
#include "kc.h"

#include <errno.h>
#include <event2/event.h>
#include <stdarg.h>
#include <stdlib.h>
#include <strings.h>

#include "common/json.h"
#include "common/timeutil.h"
#include "banned.h"

kc_flag *kc_ctx_global_flags(kc_ctx *c)
{
	kc_flag t[] = {
		KC_FLAG_STRING("kubeconfig", 0, &c->kubeconfig, "",
			       "Path to the kubeconfig file to use for CLI requests."),
		KC_FLAG_STRING("context", 0, &c->context, "", "The name of the kubeconfig context to use"),
		KC_FLAG_STRING("cluster", 0, &c->cluster, "", "The name of the kubeconfig cluster to use"),
		KC_FLAG_STRING("user", 0, &c->user, "", "The name of the kubeconfig user to use"),
		KC_FLAG_STRING("namespace", 'n', &c->namespace, "",
			       "If present, the namespace scope for this CLI request"),
		KC_FLAG_STRING("server", 's', &c->server, "",
			       "The address and port of the Kubernetes API server"),
		KC_FLAG_STRING("token", 0, &c->token, "", "Bearer token for authentication to the API server"),
		KC_FLAG_STRING("certificate-authority", 0, &c->certificate_authority, "",
			       "Path to a cert file for the certificate authority"),
		KC_FLAG_STRING("client-certificate", 0, &c->client_certificate, "",
			       "Path to a client certificate file for TLS"),
		KC_FLAG_STRING("client-key", 0, &c->client_key, "", "Path to a client key file for TLS"),
		KC_FLAG_STRING("tls-server-name", 0, &c->tls_server_name, "",
			       "Server name to use for server certificate validation. If it is not provided, the "
			       "hostname used to contact the server is used"),
		KC_FLAG_BOOL("insecure-skip-tls-verify", 0, &c->insecure_skip_tls_verify, "false",
			     "If true, the server's certificate will not be checked for validity. This will make your "
			     "HTTPS connections insecure"),
		KC_FLAG_STRING("request-timeout", 0, &c->request_timeout, "0",
			       "The length of time to wait before giving up on a single server request. Non-zero values "
			       "should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't "
			       "timeout requests."),
		KC_FLAG_INT("v", 'v', &c->verbosity, "0", "number for the log level verbosity"),
		KC_FLAG_END,
	};
	_Static_assert(sizeof(t) <= sizeof(c->table), "kc_ctx.table is too small");
	memcpy(c->table, t, sizeof(t));
	return c->table;
}

static const char *nonempty(const char *s) { return s && s[0] ? s : NULL; }

/* --request-timeout: a Go duration, or a plain number of seconds. */
static int parse_timeout(const char *s, long *ret_ms)
{
	char *end = NULL;
	long secs = strtol(s, &end, 10);
	if (end && !*end && secs >= 0) {
		*ret_ms = secs * 1000;
		return 0;
	}
	int64_t ns = 0;
	if (kc_duration_parse(s, &ns, NULL) < 0 || ns < 0)
		return -EINVAL;
	*ret_ms = (long)(ns / 1000000);
	return 0;
}

kc_client *kc_ctx_client(kc_ctx *ctx)
{
	if (ctx->client)
		return ctx->client;
	kc_kubeconfig_overrides o = {
		.kubeconfig = nonempty(ctx->kubeconfig),
		.context = nonempty(ctx->context),
		.cluster = nonempty(ctx->cluster),
		.user = nonempty(ctx->user),
		.namespace = nonempty(ctx->namespace),
		.server = nonempty(ctx->server),
		.tls_server_name = nonempty(ctx->tls_server_name),
		.token = nonempty(ctx->token),
		.certificate_authority = nonempty(ctx->certificate_authority),
		.client_certificate = nonempty(ctx->client_certificate),
		.client_key = nonempty(ctx->client_key),
		.insecure_skip_tls_verify = ctx->insecure_skip_tls_verify,
	};
	kc_client_config cfg = {0};
	kc_error err = KC_ERROR_INIT;
	char **notes = NULL;
	int rc = kc_kubeconfig_load(&o, &cfg, &notes, &err);
	kc_kubeconfig_notes_free(notes);
	if (rc < 0) {
		if (rc == -ESRCH)
			fprintf(ctx->err, "Error in configuration: %s\n", err.msg);
		else
			fprintf(ctx->err, "error: %s\n", err.msg);
		kc_client_config_clear(&cfg);
		return NULL;
	}
	long timeout_ms = 0;
	if (ctx->request_timeout && parse_timeout(ctx->request_timeout, &timeout_ms) < 0) {
		fprintf(ctx->err, "error: Invalid timeout value. Timeout must be a single integer in seconds, or an "
				  "integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n");
		kc_client_config_clear(&cfg);
		return NULL;
	}
	cfg.request_timeout_ms = timeout_ms;
	if (!cfg.user_agent)
		cfg.user_agent = xstrdup("kc/" KC_VERSION);
	free(ctx->effective_ns);
	ctx->effective_ns = xstrdup(cfg.namespace && cfg.namespace[0] ? cfg.namespace : "default");
	if (!ctx->base)
		ctx->base = event_base_new();
	ctx->client = kc_client_new(ctx->base, &cfg, &err);
	kc_client_config_clear(&cfg);
	if (!ctx->client)
		fprintf(ctx->err, "error: %s\n", err.msg);
	return ctx->client;
}

const char *kc_ctx_namespace(kc_ctx *ctx)
{
	if (ctx->namespace && ctx->namespace[0])
		return ctx->namespace;
	if (!ctx->effective_ns && !kc_ctx_client(ctx))
		return "default";
	return ctx->effective_ns ? ctx->effective_ns : "default";
}

void kc_ctx_free(kc_ctx *ctx)
{
	kc_client_free(ctx->client);
	if (ctx->base)
		event_base_free(ctx->base);
	free(ctx->effective_ns);
	ctx->client = NULL;
	ctx->base = NULL;
	ctx->effective_ns = NULL;
}

/* ---- errors ---- */

int kc_fail(kc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fflush(ctx->out); /* what was printed before comes before the error */
	fputs("error: ", ctx->err);
	vfprintf(ctx->err, fmt, ap);
	fputc('\n', ctx->err);
	va_end(ap);
	return 1;
}

/* kubectl's wording for a 422 Invalid (checkErr): from the Status's
 * details, "The Pod \"x\" is invalid: <field>: <message>", and with several
 * causes one "* <field>: <message>" line each. NULL when resp is no such
 * Status. Caller frees. */
static char *invalid_text(const kc_response *resp)
{
	if (resp->status != 422 || !streq(kc_json_get_str(resp->body, "reason", ""), "Invalid"))
		return NULL;
	const cJSON *details = kc_json_get(resp->body, "details");
	const cJSON *causes = cJSON_GetObjectItemCaseSensitive(details, "causes");
	if (!details || cJSON_GetArraySize(causes) == 0)
		return NULL;
	const char *kind = kc_json_get_str(details, "kind", "");
	const char *name = kc_json_get_str(details, "name", "");
	kc_buf b = KC_BUF_INIT;
	if (kind[0] || name[0])
		kc_buf_addf(&b, "The %s \"%s\" is invalid: ", kind, name);
	else
		kc_buf_addstr(&b, "The request is invalid: ");
	int n = cJSON_GetArraySize(causes);
	const cJSON *c;
	if (n > 1)
		kc_buf_addch(&b, '\n');
	cJSON_ArrayForEach(c, causes)
	{
		const char *field = kc_json_get_str(c, "field", "");
		const char *msg = kc_json_get_str(c, "message", "");
		kc_buf_addf(&b, "%s%s%s%s%s", n > 1 ? "* " : "", field, field[0] ? ": " : "", msg, n > 1 ? "\n" : "");
	}
	if (n > 1 && b.len && b.s[b.len - 1] == '\n')
		b.s[--b.len] = '\0';
	return kc_buf_release(&b);
}

char *kc_response_error_text(const kc_response *resp)
{
	if (resp->status == 0)
		return xstrdup(resp->err.msg);
	char *invalid = invalid_text(resp);
	if (invalid)
		return invalid;
	const char *reason = kc_json_get_str(resp->body, "reason", "");
	const char *msg = resp->err.msg[0] ? resp->err.msg : kc_json_get_str(resp->body, "message", "unknown error");
	if (reason[0])
		return xasprintf("Error from server (%s): %s", reason, msg);
	return xasprintf("Error from server: %s", msg);
}

int kc_fail_response(kc_ctx *ctx, const kc_response *resp, const char *context)
{
	fflush(ctx->out);
	if (resp->status == 0) {
		fprintf(ctx->err, "%s\n", resp->err.msg);
		return 1;
	}
	/* kubectl drops the "error when creating" context for Invalid errors */
	_cleanup_free_ char *invalid = invalid_text(resp);
	if (invalid) {
		fprintf(ctx->err, "%s\n", invalid);
		return 1;
	}
	const char *reason = kc_json_get_str(resp->body, "reason", "");
	const char *msg = resp->err.msg[0] ? resp->err.msg : kc_json_get_str(resp->body, "message", "unknown error");
	fprintf(ctx->err, "Error from server%s%s%s: %s%s\n", reason[0] ? " (" : "", reason, reason[0] ? ")" : "",
		context ? context : "", msg);
	return 1;
}

/* ---- resources and paths ---- */

const kc_resource *kc_ctx_resource(kc_ctx *ctx, const char *name)
{
	const kc_resource *r = kc_resource_lookup(name);
	if (!r) {
		fprintf(ctx->err, "error: the server doesn't have a resource type \"%s\"\n", name);
		return NULL;
	}
	return r;
}

char *kc_path(const kc_resource *r, const char *ns, const char *name, const char *sub)
{
	kc_buf b = KC_BUF_INIT;
	if (r->group[0])
		kc_buf_addf(&b, "/apis/%s/%s", r->group, r->version);
	else
		kc_buf_addf(&b, "/api/%s", r->version);
	if (r->namespaced && ns && ns[0])
		kc_buf_addf(&b, "/namespaces/%s", ns);
	kc_buf_addf(&b, "/%s", r->plural);
	if (name && name[0])
		kc_buf_addf(&b, "/%s", name);
	if (sub && sub[0])
		kc_buf_addf(&b, "/%s", sub);
	return kc_buf_release(&b);
}

const char *kc_kind_name(const kc_resource *r, char *buf, size_t size)
{
	char lower[64];
	size_t i = 0;
	for (; r->kind[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)(r->kind[i] >= 'A' && r->kind[i] <= 'Z' ? r->kind[i] + 32 : r->kind[i]);
	lower[i] = '\0';
	if (r->group[0])
		snprintf(buf, size, "%s.%s", lower, r->group);
	else
		snprintf(buf, size, "%s", lower);
	return buf;
}

/* ---- requests ---- */

int kc_request(kc_ctx *ctx, const char *method, const char *path, const char *content_type, const char *body,
	       kc_response *ret)
{
	memset(ret, 0, sizeof(*ret));
	kc_client *c = kc_ctx_client(ctx);
	if (!c) {
		ret->err.code = -EINVAL;
		return -EINVAL;
	}
	int rc = kc_client_request_sync(c, method, path, content_type, body, body ? strlen(body) : 0, NULL, ret);
	for (char **w = ret->warnings; w && *w; w++)
		fprintf(ctx->err, "Warning: %s\n", *w);
	return rc;
}

int kc_request_json(kc_ctx *ctx, const char *method, const char *path, const cJSON *body, kc_response *ret)
{
	_cleanup_free_ char *json = body ? cJSON_PrintUnformatted(body) : NULL;
	return kc_request(ctx, method, path, json ? "application/json" : NULL, json, ret);
}

void kc_usage(kc_ctx *ctx, const char *name, const char *synopsis, const char *description,
	      const char *examples, kc_flag *const *tables)
{
	kc_flags_help help = {
		.name = name,
		.synopsis = synopsis,
		.description = description,
		.examples = examples,
		.footer = "Use \"kc options\" for a list of global command-line options (applies to all commands).",
		.style = KC_FLAGS_STYLE_KUBECTL,
	};
	/* the global flags are listed by `kc options`, not in each command */
	size_t n = 0;
	while (tables[n])
		n++;
	kc_flag **own = xcalloc(n + 1, sizeof(*own));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (tables[i] != ctx->table)
			own[k++] = tables[i];
	kc_flags_usage(ctx->out, &help, own);
	free(own);
}
