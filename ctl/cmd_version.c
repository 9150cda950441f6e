/* cmd_version.c - kc version, kc options. */
#include <stdlib.h>

#include "ctl/commands.h"
#include "common/json.h"
#include "common/yaml.h"
#include "banned.h"

/* The Kubernetes release whose kubectl kc follows. */
#define KC_CLIENT_GIT_VERSION "v1.31.0-kc" KC_VERSION

int cmd_version(kc_ctx *ctx, int argc, char **argv)
{
	bool client_only = false;
	const char *output = "";
	kc_flag own[] = {
		KC_FLAG_BOOL("client", 0, &client_only, "false",
			     "If true, shows client version only (no server required)."),
		KC_FLAG_STRING("output", 'o', &output, "", "One of 'yaml' or 'json'."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	free(args.args);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "kc version", "kc version [flags] [options]",
			 "Print the client and server version information for the current context.",
			 "  # Print the client and server versions for the current context\n  kc version", tables);
		return 0;
	}
	if (rc < 0)
		return kc_fail(ctx, "%s", err.msg);
	if (output[0] && !streq(output, "yaml") && !streq(output, "json"))
		return kc_fail(ctx, "--output must be 'yaml' or 'json'");

	_cleanup_json_ cJSON *doc = cJSON_CreateObject();
	cJSON *client = cJSON_AddObjectToObject(doc, "clientVersion");
	cJSON_AddStringToObject(client, "major", "1");
	cJSON_AddStringToObject(client, "minor", "31");
	cJSON_AddStringToObject(client, "gitVersion", KC_CLIENT_GIT_VERSION);
	cJSON_AddStringToObject(client, "platform", "linux/amd64");
	int status = 0;
	if (!client_only) {
		kc_response resp;
		if (kc_request(ctx, "GET", "/version", NULL, NULL, &resp) == 0 && resp.status == 200 && resp.body)
			cJSON_AddItemToObject(doc, "serverVersion", cJSON_Duplicate(resp.body, true));
		else
			status = -1;
		if (status < 0 && !output[0]) {
			fprintf(ctx->out, "Client Version: %s\n", KC_CLIENT_GIT_VERSION);
			rc = resp.status || resp.err.msg[0] ? kc_fail_response(ctx, &resp, NULL) : 1;
			kc_response_clear(&resp);
			return rc;
		}
		kc_response_clear(&resp);
	}
	if (streq(output, "json")) {
		_cleanup_free_ char *json = cJSON_Print(doc);
		fprintf(ctx->out, "%s\n", json);
	} else if (streq(output, "yaml")) {
		_cleanup_free_ char *yaml = kc_yaml_print(doc, NULL);
		fputs(yaml ? yaml : "", ctx->out);
	} else {
		fprintf(ctx->out, "Client Version: %s\n", KC_CLIENT_GIT_VERSION);
		const char *server = kc_json_get_str(doc, "serverVersion.gitVersion", NULL);
		if (server)
			fprintf(ctx->out, "Server Version: %s\n", server);
	}
	return status < 0 ? 1 : 0;
}

int cmd_options(kc_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("The following options can be passed to any command:\n\n", ctx->out);
	kc_flag *tables[] = {ctx->table, NULL};
	kc_flags_print_flags(ctx->out, KC_FLAGS_STYLE_KUBECTL, "kc", tables);
	return 0;
}
