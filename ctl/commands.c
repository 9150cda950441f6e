/* commands.c - every kc command, grouped as `kubectl --help` groups them.
 * A command lives in ctl/cmd_<name>.c; add its row here. */
#include "ctl/commands.h"

const kc_command kc_commands[] = {
	{"describe", cmd_describe, "Troubleshooting and Debugging Commands:",
	 "Show details of a specific resource or group of resources"},
	{"version", cmd_version, "Other Commands:", "Print the client and server version information"},
	{"options", cmd_options, NULL, "Print the list of flags inherited by all commands"},
	{NULL, NULL, NULL, NULL},
};
