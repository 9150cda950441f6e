/* commands.c - every kc command, grouped as `kubectl --help` groups them.
 * A command lives in ctl/cmd_<name>.c; add its row here. */
#include "ctl/commands.h"

const kc_command kc_commands[] = {
	{"create", cmd_create, "Basic Commands (Beginner):", "Create a resource from a file or from stdin"},
	{"expose", cmd_expose, "Basic Commands (Beginner):",
	 "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service"},
	{"run", cmd_run, "Basic Commands (Beginner):", "Run a particular image on the cluster"},
	{"explain", cmd_explain, "Basic Commands (Intermediate):", "Get documentation for a resource"},
	{"get", cmd_get, "Basic Commands (Intermediate):", "Display one or many resources"},
	{"edit", cmd_edit, "Basic Commands (Intermediate):", "Edit a resource on the server"},
	{"delete", cmd_delete, "Basic Commands (Intermediate):",
	 "Delete resources by file names, stdin, resources and names, or by resources and label selector"},
	{"describe", cmd_describe, "Troubleshooting and Debugging Commands:",
	 "Show details of a specific resource or group of resources"},
	{"apply", cmd_apply, "Advanced Commands:", "Apply a configuration to a resource by file name or stdin"},
	{"patch", cmd_patch, "Advanced Commands:", "Update fields of a resource"},
	{"replace", cmd_replace, "Advanced Commands:", "Replace a resource by file name or stdin"},
	{"api-resources", cmd_api_resources, "Other Commands:", "Print the supported API resources on the server"},
	{"api-versions", cmd_api_versions, "Other Commands:",
	 "Print the supported API versions on the server, in the form of \"group/version\""},
	{"version", cmd_version, "Other Commands:", "Print the client and server version information"},
	{"options", cmd_options, NULL, "Print the list of flags inherited by all commands"},
	{NULL, NULL, NULL, NULL},
};
