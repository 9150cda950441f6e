/* error.h - kc's one error convention.
 *
 * Functions that can fail return int: 0 on success, a negative errno on
 * failure. Where a message helps a person act, they also take a kc_error *
 * (which may be NULL) and fill it with what went wrong and where. Library
 * code never logs; the caller that decides what to do logs once.
 *
 *     kc_error err = KC_ERROR_INIT;
 *     if (kc_yaml_to_json(buf, len, &docs, &err) < 0)
 *             kc_log_error("%s: %s", path, err.msg);
 */
#ifndef KC_ERROR_H
#define KC_ERROR_H

#include <stdarg.h>

#define KC_ERROR_MSG_MAX 1024

typedef struct kc_error {
	int code;                   /* negative errno; 0 when nothing is set */
	char msg[KC_ERROR_MSG_MAX]; /* human-readable, no trailing newline */
} kc_error;

#define KC_ERROR_INIT {0, {0}}

/* Fills err (if not NULL) with code and the formatted message; returns code
 * so a caller can write `return kc_error_set(err, -EINVAL, "...")`. */
int kc_error_set(kc_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int kc_error_vset(kc_error *err, int code, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

/* Prepends context ("reading /etc/x: " + old message); returns err->code (or
 * -EINVAL if err is NULL or empty). */
int kc_error_prefix(kc_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void kc_error_clear(kc_error *err);

#endif
