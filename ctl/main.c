/* main.c - kc: find the command, hand it the rest of the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/kc.h"

static const kc_command *find(const char *name)
{
	for (const kc_command *c = kc_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void root_help(FILE *out)
{
	fputs("kc controls a kc (Kubernetes) cluster. It speaks the Kubernetes API and takes kubectl's commands "
	      "and flags.\n",
	      out);
	const char *group = NULL;
	for (const kc_command *c = kc_commands; c->name; c++) {
		if (!c->group)
			continue;
		if (!group || strcmp(group, c->group) != 0) {
			group = c->group;
			fprintf(out, "\n%s\n", group);
		}
		fprintf(out, "  %-15s %s\n", c->name, c->summary);
	}
	fputs("\nUsage:\n  kc [flags] [options]\n\n"
	      "Use \"kc <command> --help\" for more information about a given command.\n"
	      "Use \"kc options\" for a list of global command-line options (applies to all commands).\n",
	      out);
}

int main(int argc, char **argv)
{
	kc_ctx ctx = {.out = stdout, .err = stderr};
	kc_flag *tables[] = {kc_ctx_global_flags(&ctx), NULL};
	int first = kc_flags_first_arg(tables, argc - 1, argv + 1) + 1;
	if (first >= argc) {
		/* only flags: -h/--help or nothing at all print the overview */
		root_help(stdout);
		return 0;
	}
	const char *name = argv[first];
	const kc_command *cmd = find(name);
	if (!cmd) {
		fprintf(stderr, "error: unknown command \"%s\" for \"kc\"\nRun 'kc --help' for usage.\n", name);
		return 1;
	}
	/* The command sees its name first, then every other argument: global
	 * flags given before the command name are parsed with its own. */
	char **args = calloc((size_t)argc + 1, sizeof(char *));
	if (!args)
		abort();
	int n = 0;
	args[n++] = argv[first];
	for (int i = 1; i < argc; i++)
		if (i != first)
			args[n++] = argv[i];
	int rc = cmd->fn(&ctx, n, args);
	free(args);
	kc_ctx_free(&ctx);
	return rc;
}
