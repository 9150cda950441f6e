/* commands.h - the command functions of ctl/cmd_*.c (see kc.h). */
#ifndef KC_CTL_COMMANDS_H
#define KC_CTL_COMMANDS_H

#include "ctl/kc.h"

int cmd_describe(kc_ctx *ctx, int argc, char **argv);
int cmd_version(kc_ctx *ctx, int argc, char **argv);
int cmd_options(kc_ctx *ctx, int argc, char **argv);

#endif
