/* cmd_explain.c - kc explain: the documentation of a resource and its
 * fields, from the server's OpenAPI v3 documents (/openapi/v3 lists them,
 * one per group-version), printed as kubectl explain prints them (the
 * rendering is kc_explain_render in print_explain.c). */
#include <errno.h>
#include <stdlib.h>

#include "ctl/commands.h"
#include "ctl/print.h"
#include "common/json.h"

#include "banned.h"

static const char explain_description[] =
	"Describe fields and structure of various resources.\n\n"
	" This command describes the fields associated with each supported API resource. Fields are identified via "
	"a simple JSONPath identifier:\n\n"
	"        <type>.<fieldName>[.<fieldName>]\n\n"
	" Information about each field is retrieved from the server in OpenAPI format.\n\n"
	"Use \"kc api-resources\" for a complete list of supported resources.";

static const char explain_examples[] =
	"  # Get the documentation of the resource and its fields\n  kc explain pods\n\n"
	"  # Get all the fields in the resource\n  kc explain pods --recursive\n\n"
	"  # Get the explanation for deployment in supported api versions\n"
	"  kc explain deployments --api-version=apps/v1\n\n"
	"  # Get the documentation of a specific field of a resource\n  kc explain pods.spec.containers";

typedef struct target {
	const kc_resource *res;
	char **fields;
	size_t n_fields;
} target;

static void target_clear(target *t)
{
	for (size_t i = 0; i < t->n_fields; i++)
		free(t->fields[i]);
	free(t->fields);
}

/* Splits "a.b.c" (a trailing dot ignored). */
static char **split_dots(const char *s, size_t *ret_n)
{
	_cleanup_free_ char *copy = xstrdup(s);
	size_t len = strlen(copy);
	if (len > 0 && copy[len - 1] == '.')
		copy[len - 1] = '\0';
	char **v = NULL;
	size_t n = 0;
	char *p = copy;
	for (;;) {
		char *dot = strchr(p, '.');
		if (dot)
			*dot = '\0';
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = xstrdup(p);
		if (!dot)
			break;
		p = dot + 1;
	}
	*ret_n = n;
	return v;
}

/* The resource named name in group, as kubectl's explain finds one: by
 * plural (other names only without a group), and not a
 * plural that two groups serve ("events.events.k8s.io" is not found, so the
 * search goes on with a shorter prefix, as kubectl 1.32 does). */
static const kc_resource *lookup_in_group(const char *name, const char *group)
{
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		if (!streq(r->group, group) || !streq(r->plural, name))
			continue;
		for (const kc_resource *o = kc_resources; o->kind; o++)
			if (o != r && streq(o->plural, r->plural))
				return NULL;
		return r;
	}
	return NULL;
}

/* kubectl's SplitAndParseResourceRequestWithMatchingPrefix: the longest
 * prefix that names a resource and its group ("deployments.apps"), the
 * rest are fields.
 * With an --api-version (SplitAndParseResourceRequest) only the first part
 * names the resource. */
static int parse_target(const char *arg, bool first_only, target *t)
{
	size_t n;
	char **parts = split_dots(arg, &n);
	size_t idx = 0;
	const kc_resource *r = NULL;
	if (!first_only) {
		/* the first part is the resource, the next ones its group */
		for (idx = n - 1; idx > 0 && !r; idx--) {
			kc_buf b = KC_BUF_INIT;
			for (size_t i = 1; i <= idx; i++)
				kc_buf_addf(&b, "%s%s", i > 1 ? "." : "", parts[i]);
			r = lookup_in_group(parts[0], b.s);
			kc_buf_free(&b);
			if (r)
				break;
		}
	}
	if (!r) {
		idx = 0;
		r = kc_resource_lookup(parts[0]);
	}
	int rc = 0;
	if (!r) {
		rc = -ENOENT;
		t->fields = parts;
		t->n_fields = n;
		return rc;
	}
	t->res = r;
	t->n_fields = n - idx - 1;
	t->fields = xcalloc(t->n_fields + 1, sizeof(*t->fields));
	for (size_t i = 0; i < n; i++) {
		if (i > idx)
			t->fields[i - idx - 1] = parts[i];
		else
			free(parts[i]);
	}
	free(parts);
	return 0;
}

/* The OpenAPI v3 document of a group-version, or NULL after printing why. */
static cJSON *fetch_document(kc_ctx *ctx, const char *group, const char *version, const char *plural)
{
	kc_response resp;
	if (kc_request(ctx, "GET", "/openapi/v3", NULL, NULL, &resp) < 0 || resp.status != 200) {
		if (resp.status)
			kc_fail_response(ctx, &resp, NULL);
		else if (resp.err.msg[0])
			fprintf(ctx->err, "%s\n", resp.err.msg);
		kc_response_clear(&resp);
		return NULL;
	}
	_cleanup_free_ char *key = group[0] ? xasprintf("apis/%s/%s", group, version) : xasprintf("api/%s", version);
	const cJSON *entry = kc_json_getv(resp.body, "paths", key, NULL);
	const char *url = kc_json_get_str(entry, "serverRelativeURL", NULL);
	if (!url) {
		kc_fail(ctx, "couldn't find resource for \"%s/%s, Resource=%s\"", group, version, plural);
		kc_response_clear(&resp);
		return NULL;
	}
	_cleanup_free_ char *path = xstrdup(url);
	kc_response_clear(&resp);
	if (kc_request(ctx, "GET", path, NULL, NULL, &resp) < 0 || resp.status != 200 || !resp.body) {
		if (resp.status && resp.status != 200)
			kc_fail_response(ctx, &resp, NULL);
		else if (resp.err.msg[0])
			fprintf(ctx->err, "%s\n", resp.err.msg);
		else
			kc_fail(ctx, "failed to parse openapi schema for %s", key);
		kc_response_clear(&resp);
		return NULL;
	}
	cJSON *doc = TAKE_PTR(resp.body);
	kc_response_clear(&resp);
	return doc;
}

int cmd_explain(kc_ctx *ctx, int argc, char **argv)
{
	const char *api_version = "", *output = "";
	bool recursive = false;
	kc_flag own[] = {
		KC_FLAG_STRING("api-version", 0, &api_version, "", "Use given api-version (group/version) of the resource."),
		KC_FLAG_STRING("output", 0, &output, "plaintext",
			       "Format in which to render the schema. Valid values are: (plaintext)."),
		KC_FLAG_BOOL("recursive", 0, &recursive, "false",
			     "When true, print the name of all the fields recursively. Otherwise, print the available "
			     "fields with their description."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	target t = {0};
	char *group = NULL, *version = NULL;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc explain",
			 "kc explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] "
			 "[--output=plaintext] [options]",
			 explain_description, explain_examples, tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s\nSee 'kc explain --help' for usage.", err.msg);
		goto out;
	}
	if (args.n == 0) {
		rc = kc_fail(ctx, "You must specify the type of resource to explain. Use \"kc api-resources\" for a "
			     "complete list of supported resources.");
		goto out;
	}
	if (args.n > 1) {
		rc = kc_fail(ctx, "We accept only this format: explain RESOURCE");
		goto out;
	}
	if (!streq(output, "plaintext")) {
		rc = streq(output, "plaintext-openapiv2")
			     ? kc_fail(ctx, "--output=plaintext-openapiv2 is not supported: kc explains the server's "
					    "OpenAPI v3 documents (--output=plaintext)")
			     : kc_fail(ctx, "unrecognized format: %s", output);
		goto out;
	}
	/* --api-version: "group/version" or "version" */
	if (api_version[0]) {
		const char *slash = strchr(api_version, '/');
		if (slash && strchr(slash + 1, '/')) {
			rc = kc_fail(ctx, "unexpected GroupVersion string: %s", api_version);
			goto out;
		}
		group = slash ? xstrndup(api_version, (size_t)(slash - api_version)) : xstrdup("");
		version = xstrdup(slash ? slash + 1 : api_version);
	}
	if (parse_target(args.args[0], api_version[0] != '\0', &t) < 0) {
		/* kubectl prints the mapper's message without "error: " */
		fprintf(ctx->err, "the server doesn't have a resource type \"%s\"\n", t.fields[0]);
		rc = 1;
		goto out;
	}
	if (!group) {
		group = xstrdup(t.res->group);
		version = xstrdup(t.res->version);
	}
	if (!kc_ctx_client(ctx)) {
		rc = 1;
		goto out;
	}
	{
		_cleanup_json_ cJSON *doc = fetch_document(ctx, group, version, t.res->plural);
		if (!doc) {
			rc = 1;
			goto out;
		}
		_cleanup_buf_ kc_buf text = KC_BUF_INIT;
		char *msg = NULL;
		int r = kc_explain_render(doc, group, version, t.res->plural, t.fields, t.n_fields, recursive, &text,
					  &msg);
		fputs(kc_buf_str(&text), ctx->out);
		if (r < 0) {
			fflush(ctx->out);
			fprintf(ctx->err, "%s\n", msg);
			rc = 1;
		}
		free(msg);
	}
out:
	free(group);
	free(version);
	target_clear(&t);
	free(args.args);
	kc_flags_release(tables);
	return rc;
}
