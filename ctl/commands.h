/* commands.h - the command functions of ctl/cmd_*.c (see kc.h). */
#ifndef KC_CTL_COMMANDS_H
#define KC_CTL_COMMANDS_H

#include "ctl/kc.h"

int cmd_set(kc_ctx *ctx, int argc, char **argv);
int cmd_explain(kc_ctx *ctx, int argc, char **argv);
int cmd_get(kc_ctx *ctx, int argc, char **argv);
int cmd_rollout(kc_ctx *ctx, int argc, char **argv);
int cmd_scale(kc_ctx *ctx, int argc, char **argv);
int cmd_cluster_info(kc_ctx *ctx, int argc, char **argv);
int cmd_logs(kc_ctx *ctx, int argc, char **argv);
int cmd_attach(kc_ctx *ctx, int argc, char **argv);
int cmd_exec(kc_ctx *ctx, int argc, char **argv);
int cmd_port_forward(kc_ctx *ctx, int argc, char **argv);
int cmd_auth(kc_ctx *ctx, int argc, char **argv);
int cmd_wait(kc_ctx *ctx, int argc, char **argv);
int cmd_label(kc_ctx *ctx, int argc, char **argv);
int cmd_annotate(kc_ctx *ctx, int argc, char **argv);
int cmd_create(kc_ctx *ctx, int argc, char **argv);
int cmd_delete(kc_ctx *ctx, int argc, char **argv);
int cmd_patch(kc_ctx *ctx, int argc, char **argv);
int cmd_edit(kc_ctx *ctx, int argc, char **argv);
int cmd_replace(kc_ctx *ctx, int argc, char **argv);
int cmd_run(kc_ctx *ctx, int argc, char **argv);
int cmd_expose(kc_ctx *ctx, int argc, char **argv);
int cmd_apply(kc_ctx *ctx, int argc, char **argv);
int cmd_describe(kc_ctx *ctx, int argc, char **argv);
int cmd_completion(kc_ctx *ctx, int argc, char **argv);
int cmd___complete(kc_ctx *ctx, int argc, char **argv);
int cmd___complete_no_desc(kc_ctx *ctx, int argc, char **argv);
int cmd_config(kc_ctx *ctx, int argc, char **argv);
int cmd_api_resources(kc_ctx *ctx, int argc, char **argv);
int cmd_api_versions(kc_ctx *ctx, int argc, char **argv);
int cmd_version(kc_ctx *ctx, int argc, char **argv);
int cmd_options(kc_ctx *ctx, int argc, char **argv);

#endif
