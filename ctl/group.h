/* group.h - commands made of subcommands (kc set, kc rollout, kc config,
 * kc auth): finding the subcommand among the flags, kubectl's group help
 * and its "unknown command" error. */
#ifndef KC_CTL_GROUP_H
#define KC_CTL_GROUP_H

#include "ctl/kc.h"

typedef struct kc_subcommand {
	const char *name;
	kc_command_fn fn; /* gets argv with the subcommand's name first */
	const char *summary;
} kc_subcommand;

typedef struct kc_group {
	const char *name;        /* "rollout" */
	const char *description; /* printed first in the help; may be NULL */
	const char *examples;    /* may be NULL */
	const char *usage;       /* "kc rollout SUBCOMMAND [options]" */
	const kc_subcommand *subs; /* ends with a zeroed row */
	/* Without a subcommand kubectl prints the help and fails (exit 1),
	 * on stderr for most groups, on stdout for rollout. */
	bool help_on_stdout;
} kc_group;

/* Runs the subcommand argv names (the first argument that is not a global
 * flag or its value), passing it every other argument. -h/--help prints
 * the group's help and returns 0, no subcommand prints it and returns 1
 * (as kubectl does); an unknown one is
 * kubectl's error ("error: unknown command \"x\"\nSee 'kc rollout -h' for
 * help and examples"), returning 1. */
int kc_group_run(kc_ctx *ctx, int argc, char **argv, const kc_group *g);

#endif
