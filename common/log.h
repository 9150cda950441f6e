/* log.h - leveled logging in klog's format, with the component's name.
 *
 *     I1122 06:53:00.123456   4242 kc-apiserver] listening on 127.0.0.1:6443
 *
 * Severity letter (E/W/I), month-day, time with microseconds, pid, component.
 * Errors, warnings and info always print; kc_log_v(n, ...) prints only when
 * the process runs with -v n or higher (klog's verbosity). Logs go to stderr.
 *
 * Logging is the one process-wide setting in kc: it is configured once, by
 * main(), before anything else runs. Library code does not log (error.h). */
#ifndef KC_LOG_H
#define KC_LOG_H

#include <stdbool.h>

void kc_log_init(const char *component, int verbosity);
int kc_log_verbosity(void);
bool kc_log_enabled(int v);

void kc_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kc_log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kc_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kc_log_v_(int v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Verbose logging; arguments are not evaluated unless the level is on. */
#define kc_log_v(v, ...)                        \
	do {                                    \
		if (kc_log_enabled(v))          \
			kc_log_v_((v), __VA_ARGS__); \
	} while (0)

#endif
