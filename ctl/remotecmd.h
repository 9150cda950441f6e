/* remotecmd.h - the client side of a remote command session (pods/exec,
 * pods/attach) over the WebSocket channel protocol kubectl 1.30+ speaks
 * (v5.channel.k8s.io, v4.channel.k8s.io): stdin goes out on channel 0,
 * stdout and stderr come back on 1 and 2, the outcome as a Status on 3,
 * terminal resizes go out on 4, and (v5) stdin's end as a close of
 * channel 0. A TTY session puts the local terminal in raw mode while it
 * runs. */
#ifndef KC_CTL_REMOTECMD_H
#define KC_CTL_REMOTECMD_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "ctl/kc.h"

enum {
	KC_CHAN_STDIN = 0,
	KC_CHAN_STDOUT = 1,
	KC_CHAN_STDERR = 2,
	KC_CHAN_ERROR = 3,
	KC_CHAN_RESIZE = 4,
	KC_CHAN_CLOSE = 255,
};

/* The outcome a Status on the error channel reports: 0 for Success, the
 * remote exit code for reason NonZeroExitCode (its ExitCode cause), or -1
 * with *ret_msg (new string) the failure's message. */
int kc_remotecmd_status(const cJSON *status, char **ret_msg);

/* Runs a session on path (".../pods/x/exec?command=ls&stdout=true...").
 * stdin: forward the process's stdin; tty: raw terminal and resizes.
 * Returns the process exit code kubectl would use: 0, the remote
 * command's exit code (after printing "command terminated with exit code
 * N"), or 1 after printing the error. */
int kc_remotecmd_run(kc_ctx *ctx, const char *path, bool stdin_open, bool tty);

/* kubectl's StreamOptions.SetupTTY: whether the session gets a TTY (only
 * with stdin, and stdin a terminal: else "Unable to use a TTY - input is
 * not a terminal or the right kind of file" unless quiet). */
bool kc_setup_tty(kc_ctx *ctx, bool stdin_open, bool tty, bool quiet);

/* The path of a pods/exec or pods/attach session: command (exec only),
 * container, stdin, stdout, stderr (not with a TTY) and tty parameters.
 * New string. */
char *kc_session_path(const cJSON *pod, const char *sub, const char *container, const char *const *command,
		      size_t ncommand, bool in, bool tty);

#endif
