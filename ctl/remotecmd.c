/* remotecmd.c - remote command sessions over WebSocket channels (see
 * remotecmd.h). */
#include "ctl/remotecmd.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <termios.h>

#include "ctl/target.h"
#include "ctl/websocket.h"
#include "common/json.h"
#include "banned.h"

int kc_remotecmd_status(const cJSON *status, char **ret_msg)
{
	const char *s = kc_json_get_str(status, "status", "");
	if (streq(s, "Success"))
		return 0;
	if (streq(kc_json_get_str(status, "reason", ""), "NonZeroExitCode")) {
		const cJSON *c;
		cJSON_ArrayForEach(c, kc_json_get(status, "details.causes"))
			if (streq(kc_json_get_str(c, "reason", ""), "ExitCode")) {
				const char *m = kc_json_get_str(c, "message", "");
				char *end = NULL;
				long code = strtol(m, &end, 10);
				if (end != m && !*end && code > 0 && code < 256)
					return (int)code;
				*ret_msg = xasprintf("error stream protocol error: invalid exit code value %s", m);
				return -1;
			}
		*ret_msg = xstrdup("error stream protocol error: no exit code in the status");
		return -1;
	}
	*ret_msg = xstrdup(kc_json_get_str(status, "message", "unknown error"));
	return -1;
}

static int send_resize(kc_ws *ws)
{
	struct winsize w;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &w) < 0)
		return 0;
	char msg[64];
	int n = snprintf(msg + 1, sizeof(msg) - 1, "{\"Width\":%u,\"Height\":%u}", w.ws_col, w.ws_row);
	msg[0] = KC_CHAN_RESIZE;
	return kc_ws_send(ws, msg, (size_t)n + 1);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int kc_remotecmd_run(kc_ctx *ctx, const char *path, bool stdin_open, bool tty)
{
	static const char *const protocols[] = {"v5.channel.k8s.io", "v4.channel.k8s.io", NULL};
	char *err = NULL;
	kc_ws *ws = kc_ws_open(ctx, path, protocols, &err);
	if (!ws) {
		int rc = err ? kc_print_error(ctx, err) : 1;
		free(err);
		return rc;
	}
	bool v5 = streq(kc_ws_protocol(ws), "v5.channel.k8s.io");
	struct termios saved;
	bool raw = false;
	/* window size changes arrive on a signalfd (no signal handler, no
	 * global flag) while SIGWINCH is blocked */
	int winch_fd = -1;
	sigset_t winch, old_mask;
	sigemptyset(&winch);
	sigaddset(&winch, SIGWINCH);
	if (tty && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
		struct termios t = saved;
		cfmakeraw(&t);
		raw = tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0;
		if (sigprocmask(SIG_BLOCK, &winch, &old_mask) == 0) {
			winch_fd = signalfd(-1, &winch, SFD_CLOEXEC | SFD_NONBLOCK);
			if (winch_fd < 0)
				sigprocmask(SIG_SETMASK, &old_mask, NULL);
		}
		send_resize(ws);
	}
	fflush(ctx->out);
	int rc = 0;
	bool in_open = stdin_open, got_status = false;
	_cleanup_buf_ kc_buf msg = KC_BUF_INIT;
	char buf[16384];
	for (;;) {
		if (!kc_ws_buffered(ws)) {
			struct pollfd p[3] = {{.fd = kc_ws_fd(ws), .events = POLLIN},
					      {.fd = winch_fd, .events = POLLIN},
					      {.fd = in_open ? STDIN_FILENO : -1, .events = POLLIN}};
			int r = poll(p, 3, -1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				break;
			if (p[1].revents & POLLIN) {
				struct signalfd_siginfo si;
				while (read(winch_fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
					;
				send_resize(ws);
			}
			if (in_open && (p[2].revents & (POLLIN | POLLHUP | POLLERR))) {
				buf[0] = KC_CHAN_STDIN;
				ssize_t n = read(STDIN_FILENO, buf + 1, sizeof(buf) - 1);
				if (n > 0) {
					if (kc_ws_send(ws, buf, (size_t)n + 1) < 0)
						break;
				} else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
					in_open = false;
					/* v4 cannot tell the end of stdin; v5 closes channel 0 */
					if (v5) {
						unsigned char close_msg[2] = {KC_CHAN_CLOSE, KC_CHAN_STDIN};
						kc_ws_send(ws, close_msg, sizeof(close_msg));
					}
				}
			}
			if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
		}
		int r = kc_ws_recv(ws, &msg);
		if (r <= 0) {
			if (r < 0 && !got_status) {
				fflush(ctx->out);
				fprintf(ctx->err, "error: lost connection to the server: %s\n", strerror(-r));
				rc = 1;
			}
			break;
		}
		if (msg.len == 0)
			continue;
		unsigned char chan = (unsigned char)msg.s[0];
		const char *data = msg.s + 1;
		size_t len = msg.len - 1;
		if (chan == KC_CHAN_STDOUT) {
			fflush(ctx->out);
			write_all(fileno(ctx->out), data, len);
		} else if (chan == KC_CHAN_STDERR) {
			write_all(fileno(ctx->err), data, len);
		} else if (chan == KC_CHAN_ERROR && len > 0) {
			_cleanup_json_ cJSON *st = NULL;
			char *m = NULL;
			got_status = true;
			if (kc_json_parse(data, len, &st, NULL) < 0) {
				m = xasprintf("error stream protocol error: %.*s", (int)len, data);
				rc = -1;
			} else {
				rc = kc_remotecmd_status(st, &m);
			}
			if (raw) {
				tcsetattr(STDIN_FILENO, TCSANOW, &saved);
				raw = false;
			}
			if (rc > 0) {
				fprintf(ctx->err, "command terminated with exit code %d\n", rc);
			} else if (rc < 0) {
				kc_print_error(ctx, m);
				rc = 1;
			}
			free(m);
		}
	}
	if (raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	if (winch_fd >= 0) {
		close(winch_fd);
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
	}
	kc_ws_close(ws);
	return rc;
}
