/* apiserver_bench_driver.c - the load driver (closed and open loop), the
 * latency statistics and the /proc readings. */
#include <event2/event.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/apiserver_bench.h"
#include "common/util.h"
#include "banned.h"

double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double rank(const double *v, size_t n, double p)
{
	/* nearest rank: the smallest value with at least p of the samples at
	 * or below it */
	size_t i = (size_t)ceil(p * (double)n);
	return v[i ? i - 1 : 0];
}

void bench_percentiles(double *v, size_t n, bench_stats *st)
{
	if (n == 0) {
		st->min = st->mean = st->p50 = st->p99 = st->max = NAN;
		return;
	}
	qsort(v, n, sizeof(*v), cmp_double);
	st->min = v[0];
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	st->mean = sum / (double)n;
	st->p50 = rank(v, n, 0.50);
	st->p99 = rank(v, n, 0.99);
	st->max = v[n - 1];
}

double bench_proc_cpu(pid_t pid)
{
	_cleanup_free_ char *path = xasprintf("/proc/%d/stat", (int)pid);
	_cleanup_free_ char *text = NULL;
	if (pid <= 0 || kc_read_file(path, 1 << 16, &text, NULL) < 0)
		return 0;
	/* fields after the command, which is in parentheses and may hold
	 * spaces: state ppid ... utime (14th field) stime (15th) */
	const char *p = strrchr(text, ')');
	if (!p)
		return 0;
	unsigned long long utime = 0, stime = 0;
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2)
		return 0;
	return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

long bench_proc_status_kb(pid_t pid, const char *field)
{
	_cleanup_free_ char *path = xasprintf("/proc/%d/status", (int)pid);
	_cleanup_free_ char *text = NULL;
	if (pid <= 0 || kc_read_file(path, 1 << 16, &text, NULL) < 0)
		return -1;
	size_t flen = strlen(field);
	for (const char *line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, field, flen) == 0) {
			long kb = -1;
			if (sscanf(line + flen, " %ld", &kb) == 1)
				return kb;
		}
	}
	return -1;
}

/* ---- the driver ---- */

typedef struct bench_run {
	bench_ctx *b;
	bench_start_fn start;
	void *target;
	int concurrency; /* closed loop */
	bool paced;
	bool ticking; /* paced: the timer still starts operations */
	bool stop;    /* no more starts (an operation could not start, or the watchdog fired) */
	bool watchdog_fired;
	long count;
	double end;
	long started, inflight, ok, errors;
	double t_start, t_last;
	double *lat;
	size_t nlat, cap;
	char first_error[160];
	struct event *tick, *watchdog;
} bench_run;

struct bench_op {
	bench_run *run;
	double t0;
};

static bool may_start(const bench_run *r)
{
	if (r->stop || r->b->interrupted)
		return false;
	if (r->count > 0 && r->started >= r->count)
		return false;
	return !(r->end > 0 && bench_now() >= r->end);
}

static void start_one(bench_run *r)
{
	bench_op *op = xcalloc(1, sizeof(*op));
	op->run = r;
	op->t0 = bench_now();
	r->started++;
	r->inflight++;
	if (r->start(r->target, op) < 0) {
		r->inflight--;
		r->errors++;
		r->stop = true;
		if (!r->first_error[0])
			snprintf(r->first_error, sizeof(r->first_error), "a request could not be started");
		free(op);
	}
}

static bool finished(const bench_run *r)
{
	return r->inflight == 0 && (r->paced ? !r->ticking : !may_start(r));
}

void bench_op_done(bench_op *op, bool ok, const char *msg)
{
	bench_run *r = op->run;
	double now = bench_now();
	if (ok) {
		if (r->nlat == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 1024;
			r->lat = xrealloc(r->lat, r->cap * sizeof(*r->lat));
		}
		r->lat[r->nlat++] = (now - op->t0) * 1000.0;
		r->ok++;
	} else {
		r->errors++;
		if (!r->first_error[0])
			snprintf(r->first_error, sizeof(r->first_error), "%s", msg ? msg : "failed");
	}
	r->t_last = now;
	r->inflight--;
	free(op);
	if (!r->paced)
		while (r->inflight < r->concurrency && may_start(r))
			start_one(r);
	if (finished(r))
		event_base_loopbreak(r->b->base);
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	bench_run *r = arg;
	if (may_start(r)) {
		start_one(r);
		return;
	}
	r->ticking = false;
	event_del(r->tick);
	if (finished(r))
		event_base_loopbreak(r->b->base);
}

static void on_watchdog(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	bench_run *r = arg;
	r->watchdog_fired = true;
	r->stop = true;
	event_base_loopbreak(r->b->base);
}

static void run(bench_run *r, double budget, bench_stats *ret)
{
	bench_ctx *b = r->b;
	memset(ret, 0, sizeof(*ret));
	double api_cpu = bench_proc_cpu(b->api.pid), etcd_cpu = bench_proc_cpu(b->api.etcd.pid);
	double client_cpu = bench_proc_cpu(getpid());
	r->watchdog = evtimer_new(b->base, on_watchdog, r);
	struct timeval wd = {(time_t)budget, 0};
	evtimer_add(r->watchdog, &wd);
	r->t_start = r->t_last = bench_now();
	if (r->paced) {
		r->ticking = true;
		start_one(r);
	} else {
		while (r->inflight < r->concurrency && may_start(r))
			start_one(r);
	}
	/* The loop also serves the client's own timers: run until the last
	 * answer is in (the watchdog or ^C only stop new starts). */
	while (!finished(r) && !r->watchdog_fired)
		event_base_loop(b->base, EVLOOP_ONCE);
	if (r->watchdog_fired && r->inflight > 0) {
		fprintf(stderr, "apiserver_bench: %ld requests still unanswered after %.0f s; giving up\n",
		        r->inflight, budget);
		kc_test_apiserver_stop(&b->api);
		exit(1);
	}
	if (r->tick)
		event_free(r->tick);
	event_free(r->watchdog);
	ret->ok = r->ok;
	ret->errors = r->errors;
	ret->seconds = r->t_last - r->t_start;
	ret->rate = ret->seconds > 0 ? (double)r->ok / ret->seconds : 0;
	ret->api_cpu = bench_proc_cpu(b->api.pid) - api_cpu;
	ret->etcd_cpu = bench_proc_cpu(b->api.etcd.pid) - etcd_cpu;
	ret->client_cpu = bench_proc_cpu(getpid()) - client_cpu;
	snprintf(ret->first_error, sizeof(ret->first_error), "%s", r->first_error);
	bench_percentiles(r->lat, r->nlat, ret);
	free(r->lat);
}

void bench_closed(bench_ctx *b, bench_start_fn start, void *target, int concurrency, long count,
                  double seconds, bench_stats *ret)
{
	bench_run r = {.b = b, .start = start, .target = target, .concurrency = concurrency, .count = count};
	if (seconds > 0)
		r.end = bench_now() + seconds;
	run(&r, seconds > 0 ? seconds + 120 : 900, ret);
}

void bench_paced(bench_ctx *b, bench_start_fn start, void *target, double rate, double seconds,
                 bench_stats *ret)
{
	bench_run r = {.b = b, .start = start, .target = target, .paced = true};
	r.end = bench_now() + seconds;
	r.tick = event_new(b->base, -1, EV_PERSIST, on_tick, &r);
	double period = 1.0 / rate;
	struct timeval tv = {(time_t)period, (suseconds_t)((period - (double)(time_t)period) * 1e6)};
	evtimer_add(r.tick, &tv);
	run(&r, seconds + 120, ret);
}

/* ---- running the loop until something holds ---- */

typedef struct until {
	bench_ctx *b;
	bool (*done)(void *);
	void *userdata;
	double end;
	bool result;
} until;

static void on_poll(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	until *u = arg;
	u->result = u->done ? u->done(u->userdata) : false;
	if (u->result || bench_now() >= u->end || u->b->interrupted)
		event_base_loopbreak(u->b->base);
}

bool bench_run_until(bench_ctx *b, double seconds, bool (*done)(void *userdata), void *userdata)
{
	until u = {b, done, userdata, bench_now() + seconds, false};
	if (done && done(userdata))
		return true;
	struct event *ev = event_new(b->base, -1, EV_PERSIST, on_poll, &u);
	struct timeval tv = {0, 5000};
	evtimer_add(ev, &tv);
	event_base_dispatch(b->base);
	event_free(ev);
	return u.result;
}
