/* etcd_health.c - the "etcd" health check of /livez, /readyz and /healthz.
 *
 * Upstream's check talks to etcd; answering from the watch caches alone
 * would say "ok" through an outage (the caches keep their last state). A
 * timer probes etcd once a second with a one-key count-only range and
 * keeps the outcome; a probe that has not answered within the timeout
 * counts as a failure, so a hung etcd shows as well as a dead one. */
#include <event2/event.h>

#include "apiserver/apiserver.h"
#include "apiserver/etcd.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/util.h"
#include "banned.h"

#define PROBE_INTERVAL_MS 1000
#define PROBE_TIMEOUT_MS  2000 /* upstream's --etcd-healthcheck-timeout */

static void on_probe_answer(etcd_result *res, void *userdata)
{
	apiserver *s = userdata;
	s->etcd_probe_sent_ms = 0;
	bool ok = !res->err || res->err == -ENOENT;
	if (ok != s->etcd_ok)
		kc_log_info("etcd health check: %s", ok ? "ok" : res->errmsg[0] ? res->errmsg : "failed");
	s->etcd_ok = ok;
}

static void on_probe_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	apiserver *s = arg;
	if (s->etcd_probe_sent_ms) {
		if (kc_time_monotonic_ms() - s->etcd_probe_sent_ms > PROBE_TIMEOUT_MS)
			s->etcd_ok = false;
		return; /* one probe at a time */
	}
	_cleanup_free_ char *key = xasprintf("%s/health", s->prefix);
	s->etcd_probe_sent_ms = kc_time_monotonic_ms();
	if (etcd_range(s->etcd, key, NULL, 0, 1, true, on_probe_answer, s) < 0) {
		s->etcd_probe_sent_ms = 0;
		s->etcd_ok = false;
	}
}

void api_etcd_health_start(apiserver *s)
{
	s->etcd_ok = true; /* until a probe says otherwise: the caches' first list proved it */
	s->etcd_probe = event_new(s->base, -1, EV_PERSIST, on_probe_timer, s);
	struct timeval tv = {PROBE_INTERVAL_MS / 1000, (PROBE_INTERVAL_MS % 1000) * 1000};
	event_add(s->etcd_probe, &tv);
}

void api_etcd_health_stop(apiserver *s)
{
	if (s->etcd_probe)
		event_free(s->etcd_probe);
	s->etcd_probe = NULL;
}
