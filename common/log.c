/* log.c - klog-format logging (see log.h). */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

static char log_component[64] = "kc";
static int log_verbosity;

void kc_log_init(const char *component, int verbosity)
{
	snprintf(log_component, sizeof(log_component), "%s", component);
	log_verbosity = verbosity;
}

int kc_log_verbosity(void) { return log_verbosity; }

bool kc_log_enabled(int v) { return v <= log_verbosity; }

__attribute__((format(printf, 2, 0))) static void vlog(char severity, const char *fmt, va_list ap)
{
	struct timeval tv;
	struct tm tm;
	char line[4096];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	int n = snprintf(line, sizeof(line), "%c%02d%02d %02d:%02d:%02d.%06ld %7d %s] ", severity,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long)tv.tv_usec,
			 (int)getpid(), log_component);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	/* One write per line so lines from several processes do not interleave. */
	size_t len = strlen(line);
	if (len + 1 < sizeof(line)) {
		line[len++] = '\n';
		line[len] = '\0';
	} else {
		line[sizeof(line) - 2] = '\n';
		len = sizeof(line) - 1;
	}
	fwrite(line, 1, len, stderr);
	fflush(stderr);
}

#define DEFINE_LOG(name, letter)                 \
	void name(const char *fmt, ...)          \
	{                                        \
		va_list ap;                      \
		va_start(ap, fmt);               \
		vlog(letter, fmt, ap);           \
		va_end(ap);                      \
	}
DEFINE_LOG(kc_log_error, 'E')
DEFINE_LOG(kc_log_warn, 'W')
DEFINE_LOG(kc_log_info, 'I')

void kc_log_v_(int v, const char *fmt, ...)
{
	if (!kc_log_enabled(v))
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog('I', fmt, ap);
	va_end(ap);
}
