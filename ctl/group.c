/* group.c - commands made of subcommands (see group.h). */
#include "ctl/group.h"

#include "common/util.h"
#include "banned.h"

static void group_help(FILE *out, const kc_group *g)
{
	if (g->description)
		fprintf(out, "%s\n\n", g->description);
	if (g->examples) {
		fputs("Examples:\n", out);
		const char *p = g->examples;
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			fprintf(out, "  %.*s\n", (int)len, p);
			p += len + (nl ? 1 : 0);
		}
		fputc('\n', out);
	}
	/* cobra pads names to the longest plus two, at least 13 */
	int pad = 13;
	for (const kc_subcommand *s = g->subs; s->name; s++)
		if ((int)strlen(s->name) + 2 > pad)
			pad = (int)strlen(s->name) + 2;
	fputs("Available Commands:\n", out);
	for (const kc_subcommand *s = g->subs; s->name; s++)
		fprintf(out, "  %-*s %s\n", pad, s->name, s->summary);
	fprintf(out,
		"\nUsage:\n  %s\n\n"
		"Use \"kc %s <command> --help\" for more information about a given command.\n"
		"Use \"kc options\" for a list of global command-line options (applies to all commands).\n",
		g->usage, g->name);
}

int kc_group_run(kc_ctx *ctx, int argc, char **argv, const kc_group *g)
{
	kc_flag *tables[] = {ctx->table, NULL};
	int first = kc_flags_first_arg(tables, argc - 1, argv + 1) + 1;
	if (first >= argc) {
		for (int i = 1; i < argc; i++)
			if (streq(argv[i], "-h") || streq(argv[i], "--help")) {
				group_help(ctx->out, g);
				return 0;
			}
		group_help(g->help_on_stdout ? ctx->out : ctx->err, g);
		return 1;
	}
	const char *name = argv[first];
	const kc_subcommand *sub = NULL;
	for (const kc_subcommand *s = g->subs; s->name; s++)
		if (streq(s->name, name))
			sub = s;
	if (!sub) {
		fprintf(ctx->err, "error: unknown command \"%s\"\nSee 'kc %s -h' for help and examples\n", name,
			g->name);
		return 1;
	}
	char **args = xcalloc((size_t)argc + 1, sizeof(*args));
	int n = 0;
	args[n++] = argv[first];
	for (int i = 1; i < argc; i++)
		if (i != first)
			args[n++] = argv[i];
	int rc = sub->fn(ctx, n, args);
	free(args);
	return rc;
}
