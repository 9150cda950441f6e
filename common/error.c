/* error.c - kc_error (see error.h). */
#include "error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

int kc_error_vset(kc_error *err, int code, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	}
	return code;
}

int kc_error_set(kc_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kc_error_vset(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int kc_error_prefix(kc_error *err, const char *fmt, ...)
{
	if (!err)
		return -EINVAL;
	char prefix[KC_ERROR_MSG_MAX], old[KC_ERROR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	/* Truncation of the combined message is fine: it stays NUL-terminated. */
	memcpy(old, err->msg, sizeof(old));
	size_t lp = strlen(prefix), lo = strnlen(old, sizeof(old) - 1);
	if (lp > sizeof(err->msg) - 1)
		lp = sizeof(err->msg) - 1;
	if (lo > sizeof(err->msg) - 1 - lp)
		lo = sizeof(err->msg) - 1 - lp;
	memcpy(err->msg, prefix, lp);
	memcpy(err->msg + lp, old, lo);
	err->msg[lp + lo] = '\0';
	if (err->code == 0)
		err->code = -EINVAL;
	return err->code;
}

void kc_error_clear(kc_error *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}
