/* leaderelection.c - client-go's leaderelection on a Lease, on the loop
 * (see leaderelection.h).
 *
 * client-go runs tryAcquireOrRenew synchronously in goroutines; here one
 * attempt is a chain of asynchronous requests (at most one in flight):
 *
 *   fast path  the leader, within its lease, PUTs the renewed record on the
 *              Lease it last wrote (its resourceVersion); success: done;
 *              failure: the slow path
 *   slow path  GET the Lease; 404: POST it with our record. Otherwise note
 *              the record (and the time, on our monotonic clock, when we
 *              saw it change); if someone else holds it and it has not
 *              expired, fail; else PUT our record on the resourceVersion
 *              read (a 409: someone else wrote first, fail)
 *
 * Around the attempts, client-go's two loops:
 *   acquire    an attempt at once, then every retry_period plus up to 1.2
 *              times as much jitter (wait.JitterUntil), until one succeeds
 *   renew      rounds: a round tries at once and then every retry_period
 *              until an attempt succeeds (next round retry_period later) or
 *              renew_deadline passes since the round began: leadership is
 *              lost (on_stopped_leading) and the elector stops.
 */
#include "leaderelection.h"

#include <errno.h>
#include <event2/event.h>
#include <inttypes.h>
#include <sys/random.h>
#include <unistd.h>

#include "json.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

#define JITTER_FACTOR 1.2

typedef enum le_state {
	LE_IDLE,      /* made, not started */
	LE_ACQUIRING, /* trying to become leader */
	LE_LEADING,   /* renewing */
	LE_STOPPED,   /* lost leadership, or released: nothing more happens */
} le_state;

/* client-go's LeaderElectionRecord */
typedef struct le_record {
	char *holder;
	int64_t duration_s;
	char acquire[KC_TIME_RFC3339_MICRO_MAX];
	char renew[KC_TIME_RFC3339_MICRO_MAX];
	int64_t transitions;
} le_record;

/* Where an attempt is. */
typedef enum le_step {
	STEP_NONE,
	STEP_FAST_UPDATE,
	STEP_GET,
	STEP_CREATE,
	STEP_UPDATE,
} le_step;

struct kc_leader {
	struct event_base *base;
	kc_client *client;
	char *ns, *name, *identity;
	uint64_t lease_ms, renew_ms, retry_ms;
	void (*on_started_leading)(void *userdata);
	void (*on_stopped_leading)(void *userdata);
	void (*on_new_leader)(const char *identity, void *userdata);
	void *userdata;
	char *path, *list_path;

	le_state state;
	struct event *timer;    /* next attempt or round */
	struct event *deadline; /* end of the current renew round */
	kc_client_req *req;     /* the request in flight, or NULL */
	le_step step;
	le_record desired; /* what the attempt in progress writes */

	le_record observed;
	int64_t observed_ms;  /* monotonic time observed last changed */
	char *observed_raw;   /* the Lease spec as last read (slow path) */
	cJSON *lease;         /* the Lease as last read or written */
	char *reported;       /* the holder last told to on_new_leader */
	uint64_t rng;

	int busy;    /* > 0 while a user callback runs */
	bool doomed; /* kc_leader_free was called from one */
};

/* ---- small helpers ---- */

static void record_clear(le_record *r)
{
	free(r->holder);
	memset(r, 0, sizeof(*r));
}

static void record_copy(le_record *dst, const le_record *src)
{
	record_clear(dst);
	*dst = *src;
	dst->holder = xstrdup(src->holder ? src->holder : "");
}

static uint64_t next_random(kc_leader *le)
{
	/* xorshift64*: jitter only, no secrets */
	le->rng ^= le->rng >> 12;
	le->rng ^= le->rng << 25;
	le->rng ^= le->rng >> 27;
	return le->rng * UINT64_C(2685821657736338717);
}

static void schedule(struct event *ev, uint64_t ms)
{
	struct timeval tv = {(time_t)(ms / 1000), (suseconds_t)((ms % 1000) * 1000)};
	event_add(ev, &tv);
}

static bool is_leader(const kc_leader *le)
{
	return le->observed.holder && streq(le->observed.holder, le->identity);
}

/* isLeaseValid: the observed record's duration has not passed since we saw
 * it change, on our own clock. */
static bool lease_valid(const kc_leader *le)
{
	return le->observed_ms + le->observed.duration_s * 1000 > kc_time_monotonic_ms();
}

static void set_observed(kc_leader *le, const le_record *r)
{
	record_copy(&le->observed, r);
	le->observed_ms = kc_time_monotonic_ms();
}

static void set_lease(kc_leader *le, cJSON *lease)
{
	cJSON_Delete(le->lease);
	le->lease = lease;
}

/* The user's callbacks may call kc_leader_free (then freed once they
 * return) and kc_leader_release. */
#define CALLBACK(le, call)          \
	do {                        \
		(le)->busy++;       \
		call;               \
		(le)->busy--;       \
	} while (0)

static void destroy(kc_leader *le);

/* Returns true when le was freed inside a callback and must not be touched. */
static bool gone(kc_leader *le)
{
	if (le->busy == 0 && le->doomed) {
		destroy(le);
		return true;
	}
	return false;
}

/* maybeReportTransition */
static void report_transition(kc_leader *le)
{
	const char *holder = le->observed.holder ? le->observed.holder : "";
	if (streq(le->reported, holder))
		return;
	free(le->reported);
	le->reported = xstrdup(holder);
	if (le->on_new_leader && le->state != LE_STOPPED) {
		_cleanup_free_ char *copy = xstrdup(holder);
		CALLBACK(le, le->on_new_leader(copy, le->userdata));
	}
}

/* ---- the Lease on the wire ---- */

static void record_from_spec(const cJSON *spec, le_record *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->holder = xstrdup(kc_json_get_str(spec, "holderIdentity", ""));
	ret->duration_s = kc_json_get_int(spec, "leaseDurationSeconds", 0);
	ret->transitions = kc_json_get_int(spec, "leaseTransitions", 0);
	snprintf(ret->acquire, sizeof(ret->acquire), "%s", kc_json_get_str(spec, "acquireTime", ""));
	snprintf(ret->renew, sizeof(ret->renew), "%s", kc_json_get_str(spec, "renewTime", ""));
}

/* LeaderElectionRecordToLeaseSpec: every field is set, holderIdentity ""
 * included (a released lease). */
static cJSON *spec_from_record(const le_record *r)
{
	cJSON *spec = cJSON_CreateObject();
	cJSON_AddStringToObject(spec, "holderIdentity", r->holder ? r->holder : "");
	cJSON_AddNumberToObject(spec, "leaseDurationSeconds", (double)r->duration_s);
	if (r->acquire[0])
		cJSON_AddStringToObject(spec, "acquireTime", r->acquire);
	if (r->renew[0])
		cJSON_AddStringToObject(spec, "renewTime", r->renew);
	cJSON_AddNumberToObject(spec, "leaseTransitions", (double)r->transitions);
	return spec;
}

/* The Lease to PUT: the one last seen (its metadata and resourceVersion)
 * with our record as spec; or a new one to POST. */
static char *lease_body(const kc_leader *le, const le_record *r, bool create)
{
	_cleanup_json_ cJSON *obj = NULL;
	if (!create && le->lease) {
		obj = kc_json_dup(le->lease);
	} else {
		obj = cJSON_CreateObject();
		cJSON_AddStringToObject(obj, "apiVersion", "coordination.k8s.io/v1");
		cJSON_AddStringToObject(obj, "kind", "Lease");
		cJSON *meta = cJSON_AddObjectToObject(obj, "metadata");
		cJSON_AddStringToObject(meta, "name", le->name);
		cJSON_AddStringToObject(meta, "namespace", le->ns);
	}
	kc_json_object_put(obj, "spec", spec_from_record(r));
	return kc_json_print(obj);
}

static void on_response(kc_response *resp, void *userdata);

static int le_send(kc_leader *le, le_step step, const char *method)
{
	_cleanup_free_ char *body = NULL;
	const char *path = le->path;
	if (step == STEP_CREATE) {
		body = lease_body(le, &le->desired, true);
		path = le->list_path;
	} else if (step != STEP_GET) {
		body = lease_body(le, &le->desired, false);
	}
	le->step = step;
	return kc_client_request_ex(le->client, method, path, body ? "application/json" : NULL, body,
				    body ? strlen(body) : 0, NULL, on_response, le, &le->req);
}

/* ---- the loops ---- */

static void attempt(kc_leader *le);
static void attempt_done(kc_leader *le, bool ok);

static void stop_leading(kc_leader *le)
{
	le->state = LE_STOPPED;
	kc_client_request_cancel(le->req);
	le->req = NULL;
	le->step = STEP_NONE;
	event_del(le->timer);
	event_del(le->deadline);
	if (le->on_stopped_leading)
		CALLBACK(le, le->on_stopped_leading(le->userdata));
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_leader *le = arg;
	if (le->state == LE_LEADING && !event_pending(le->deadline, EV_TIMEOUT, NULL))
		/* a new renew round */
		schedule(le->deadline, le->renew_ms);
	attempt(le);
}

/* The renew round's time is up without a successful attempt. */
static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	kc_leader *le = arg;
	if (le->state != LE_LEADING)
		return;
	stop_leading(le);
	gone(le);
}

/* tryAcquireOrRenew, step 1 */
static void attempt(kc_leader *le)
{
	if (le->req)
		return; /* the last attempt is still waiting for its answer */
	kc_time now = kc_time_now();
	record_clear(&le->desired);
	le->desired.holder = xstrdup(le->identity);
	le->desired.duration_s = (int64_t)(le->lease_ms / 1000);
	kc_time_format_rfc3339_micro(now, le->desired.renew);
	kc_time_format_rfc3339_micro(now, le->desired.acquire);
	if (is_leader(le) && lease_valid(le) && le->lease) {
		snprintf(le->desired.acquire, sizeof(le->desired.acquire), "%s", le->observed.acquire);
		le->desired.transitions = le->observed.transitions;
		if (le_send(le, STEP_FAST_UPDATE, "PUT") == 0)
			return;
	}
	if (le_send(le, STEP_GET, "GET") < 0)
		attempt_done(le, false);
}

static void on_response(kc_response *resp, void *userdata)
{
	kc_leader *le = userdata;
	le->req = NULL;
	le_step step = le->step;
	le->step = STEP_NONE;
	bool ok2xx = resp->status >= 200 && resp->status < 300 && cJSON_IsObject(resp->body);
	switch (step) {
	case STEP_FAST_UPDATE:
		if (ok2xx) {
			set_lease(le, TAKE_PTR(resp->body));
			set_observed(le, &le->desired);
			attempt_done(le, true);
			return;
		}
		/* "Failed to update lock optimistically ..., falling back to slow path" */
		if (le_send(le, STEP_GET, "GET") < 0)
			attempt_done(le, false);
		return;
	case STEP_GET:
		if (resp->status == 404) {
			if (le_send(le, STEP_CREATE, "POST") < 0)
				attempt_done(le, false);
			return;
		}
		if (!ok2xx) {
			attempt_done(le, false);
			return;
		}
		break;
	case STEP_CREATE:
	case STEP_UPDATE:
		if (ok2xx) {
			set_lease(le, TAKE_PTR(resp->body));
			set_observed(le, &le->desired);
		}
		attempt_done(le, ok2xx);
		return;
	case STEP_NONE:
		return;
	}

	/* tryAcquireOrRenew, step 3: the record obtained */
	const cJSON *spec = kc_json_get(resp->body, "spec");
	_cleanup_free_ char *raw = spec ? kc_json_print(spec) : xstrdup("{}");
	le_record got;
	record_from_spec(spec, &got);
	set_lease(le, TAKE_PTR(resp->body));
	if (!le->observed_raw || !streq(le->observed_raw, raw)) {
		set_observed(le, &got);
		free(le->observed_raw);
		le->observed_raw = TAKE_PTR(raw);
	}
	if (got.holder[0] && lease_valid(le) && !is_leader(le)) {
		/* "lock is held by X and has not yet expired" */
		record_clear(&got);
		attempt_done(le, false);
		return;
	}
	/* step 4 */
	if (is_leader(le)) {
		snprintf(le->desired.acquire, sizeof(le->desired.acquire), "%s", got.acquire);
		le->desired.transitions = got.transitions;
	} else {
		le->desired.transitions = got.transitions + 1;
	}
	record_clear(&got);
	if (le_send(le, STEP_UPDATE, "PUT") < 0)
		attempt_done(le, false);
}

static void attempt_done(kc_leader *le, bool ok)
{
	report_transition(le);
	if (gone(le) || le->state == LE_STOPPED)
		return;
	if (le->state == LE_ACQUIRING) {
		if (!ok) {
			/* wait.JitterUntil(retry_period, 1.2, sliding) */
			double jitter = (double)(next_random(le) >> 11) / (double)(UINT64_C(1) << 53);
			schedule(le->timer, le->retry_ms + (uint64_t)(jitter * JITTER_FACTOR * (double)le->retry_ms));
			return;
		}
		le->state = LE_LEADING;
		if (le->on_started_leading) {
			CALLBACK(le, le->on_started_leading(le->userdata));
			if (gone(le) || le->state != LE_LEADING)
				return;
		}
		/* renew's wait.Until runs its first round at once */
		event_del(le->timer);
		event_active(le->timer, EV_TIMEOUT, 0);
		return;
	}
	if (le->state == LE_LEADING) {
		if (ok) {
			/* the round succeeded: the next one retry_period later */
			event_del(le->deadline);
			schedule(le->timer, le->retry_ms);
			return;
		}
		/* PollImmediateUntil: again in retry_period, unless the
		 * round's deadline comes first (on_deadline then) */
		schedule(le->timer, le->retry_ms);
	}
}

/* ---- public ---- */

kc_leader *kc_leader_new(struct event_base *base, kc_client *client, const kc_leader_config *cfg, kc_error *err)
{
	if (!base || !client || !cfg) {
		kc_error_set(err, -EINVAL, "leader election: no event base, client or config");
		return NULL;
	}
	if (!cfg->lease_namespace || !cfg->lease_namespace[0] || !cfg->lease_name || !cfg->lease_name[0]) {
		kc_error_set(err, -EINVAL, "leader election: the lease's namespace and name are required");
		return NULL;
	}
	if (!cfg->identity || !cfg->identity[0]) {
		kc_error_set(err, -EINVAL, "Lock identity is empty");
		return NULL;
	}
	uint64_t lease = cfg->lease_duration_ms ? cfg->lease_duration_ms : 15000;
	uint64_t renew = cfg->renew_deadline_ms ? cfg->renew_deadline_ms : 10000;
	uint64_t retry = cfg->retry_period_ms ? cfg->retry_period_ms : 2000;
	/* NewLeaderElector's checks, in its words */
	if (lease <= renew) {
		kc_error_set(err, -EINVAL, "leaseDuration must be greater than renewDeadline");
		return NULL;
	}
	if ((double)renew <= JITTER_FACTOR * (double)retry) {
		kc_error_set(err, -EINVAL, "renewDeadline must be greater than retryPeriod*JitterFactor");
		return NULL;
	}
	if (!cfg->on_started_leading) {
		kc_error_set(err, -EINVAL, "OnStartedLeading callback must not be nil");
		return NULL;
	}
	if (!cfg->on_stopped_leading) {
		kc_error_set(err, -EINVAL, "OnStoppedLeading callback must not be nil");
		return NULL;
	}
	kc_leader *le = xcalloc(1, sizeof(*le));
	le->base = base;
	le->client = client;
	le->ns = xstrdup(cfg->lease_namespace);
	le->name = xstrdup(cfg->lease_name);
	le->identity = xstrdup(cfg->identity);
	le->lease_ms = lease;
	le->renew_ms = renew;
	le->retry_ms = retry;
	le->on_started_leading = cfg->on_started_leading;
	le->on_stopped_leading = cfg->on_stopped_leading;
	le->on_new_leader = cfg->on_new_leader;
	le->userdata = cfg->userdata;
	le->list_path = xasprintf("/apis/coordination.k8s.io/v1/namespaces/%s/leases", le->ns);
	le->path = xasprintf("%s/%s", le->list_path, le->name);
	le->timer = evtimer_new(base, on_timer, le);
	le->deadline = evtimer_new(base, on_deadline, le);
	le->reported = xstrdup("");
	if (getrandom(&le->rng, sizeof(le->rng), GRND_NONBLOCK) != (ssize_t)sizeof(le->rng))
		le->rng = (uint64_t)kc_time_now_usec() ^ ((uint64_t)getpid() << 32);
	if (!le->rng)
		le->rng = 0x9e3779b97f4a7c15u;
	return le;
}

int kc_leader_start(kc_leader *le)
{
	if (!le)
		return -EINVAL;
	if (le->state != LE_IDLE)
		return -EALREADY;
	le->state = LE_ACQUIRING;
	event_active(le->timer, EV_TIMEOUT, 0);
	return 0;
}

/* client-go's IsLeader reads the observed record alone; here a stopped
 * elector (lost or released) is never the leader, whatever it saw last. */
bool kc_leader_is_leader(const kc_leader *le)
{
	return le && le->state == LE_LEADING && is_leader(le);
}

const char *kc_leader_holder(const kc_leader *le)
{
	return le && le->observed.holder ? le->observed.holder : "";
}

/* release(): holder "", leaseDurationSeconds 1, the transitions kept. */
void kc_leader_release(kc_leader *le)
{
	if (!le)
		return;
	le->state = LE_STOPPED;
	kc_client_request_cancel(le->req);
	le->req = NULL;
	le->step = STEP_NONE;
	event_del(le->timer);
	event_del(le->deadline);
	if (!is_leader(le) || !le->lease)
		return;
	le_record r = {0};
	r.holder = xstrdup("");
	r.duration_s = 1;
	r.transitions = le->observed.transitions;
	kc_time now = kc_time_now();
	kc_time_format_rfc3339_micro(now, r.acquire);
	kc_time_format_rfc3339_micro(now, r.renew);
	_cleanup_free_ char *body = lease_body(le, &r, false);
	kc_response resp;
	kc_client_request_sync(le->client, "PUT", le->path, "application/json", body, strlen(body), NULL, &resp);
	if (resp.status >= 200 && resp.status < 300 && cJSON_IsObject(resp.body)) {
		set_lease(le, TAKE_PTR(resp.body));
		set_observed(le, &r);
	}
	kc_response_clear(&resp);
	record_clear(&r);
}

static void destroy(kc_leader *le)
{
	kc_client_request_cancel(le->req);
	if (le->timer)
		event_free(le->timer);
	if (le->deadline)
		event_free(le->deadline);
	record_clear(&le->desired);
	record_clear(&le->observed);
	cJSON_Delete(le->lease);
	free(le->observed_raw);
	free(le->reported);
	free(le->ns);
	free(le->name);
	free(le->identity);
	free(le->path);
	free(le->list_path);
	free(le);
}

void kc_leader_free(kc_leader *le)
{
	if (!le)
		return;
	if (le->busy) {
		/* from inside one of our callbacks: quiet now, freed on return */
		le->state = LE_STOPPED;
		kc_client_request_cancel(le->req);
		le->req = NULL;
		event_del(le->timer);
		event_del(le->deadline);
		le->doomed = true;
		return;
	}
	destroy(le);
}

char *kc_leader_default_identity(void)
{
	char host[256];
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	unsigned char u[16];
	if (getrandom(u, sizeof(u), 0) != (ssize_t)sizeof(u)) {
		uint64_t a = (uint64_t)kc_time_now_usec(), b = (uint64_t)kc_time_monotonic_ms() ^ (uint64_t)getpid();
		memcpy(u, &a, 8);
		memcpy(u + 8, &b, 8);
	}
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40); /* version 4 */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	return xasprintf("%s_%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", host, u[0], u[1],
			 u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

/* ---- flags ---- */

kc_flag *kc_leader_flags_table(kc_leader_options *o, const char *default_name)
{
	/* component-base's BindLeaderElectionFlags */
	o->table[0] = (kc_flag)KC_FLAG_BOOL("leader-elect", 0, &o->leader_elect, "true",
					    "Start a leader election client and gain leadership before executing the main "
					    "loop. Enable this when running replicated components for high availability.");
	o->table[1] = (kc_flag)KC_FLAG_DURATION(
	    "leader-elect-lease-duration", 0, &o->lease_duration_ns, "15s",
	    "The duration that non-leader candidates will wait after observing a leadership renewal until attempting "
	    "to acquire leadership of a led but unrenewed leader slot. This is effectively the maximum duration that "
	    "a leader can be stopped before it is replaced by another candidate. This is only applicable if leader "
	    "election is enabled.");
	o->table[2] = (kc_flag)KC_FLAG_DURATION(
	    "leader-elect-renew-deadline", 0, &o->renew_deadline_ns, "10s",
	    "The interval between attempts by the acting master to renew a leadership slot before it stops leading. "
	    "This must be less than the lease duration. This is only applicable if leader election is enabled.");
	o->table[3] = (kc_flag)KC_FLAG_DURATION(
	    "leader-elect-retry-period", 0, &o->retry_period_ns, "2s",
	    "The duration the clients should wait between attempting acquisition and renewal of a leadership. This "
	    "is only applicable if leader election is enabled.");
	o->table[4] = (kc_flag)KC_FLAG_STRING("leader-elect-resource-lock", 0, &o->resource_lock, "leases",
					      "The type of resource object that is used for locking during leader "
					      "election. Supported options are 'leases'.");
	o->table[5] = (kc_flag)KC_FLAG_STRING("leader-elect-resource-name", 0, &o->resource_name,
					      default_name ? default_name : "",
					      "The name of resource object that is used for locking during leader "
					      "election.");
	o->table[6] = (kc_flag)KC_FLAG_STRING("leader-elect-resource-namespace", 0, &o->resource_namespace,
					      "kube-system",
					      "The namespace of resource object that is used for locking during leader "
					      "election.");
	o->table[7] = (kc_flag)KC_FLAG_END;
	/* the defaults also before parsing */
	o->leader_elect = true;
	o->lease_duration_ns = 15 * KC_DURATION_SEC;
	o->renew_deadline_ns = 10 * KC_DURATION_SEC;
	o->retry_period_ns = 2 * KC_DURATION_SEC;
	o->resource_lock = "leases";
	o->resource_name = default_name ? default_name : "";
	o->resource_namespace = "kube-system";
	return o->table;
}

static void field_invalid_duration(kc_buf *errs, int *n, const char *field, int64_t ns, const char *detail)
{
	char d[KC_DURATION_STR_MAX];
	kc_buf_addf(errs, "%sleaderElection.%s: Invalid value: %s: %s", (*n)++ ? ", " : "", field,
		    kc_duration_format(ns, d), detail);
}

int kc_leader_options_apply(const kc_leader_options *o, kc_leader_config *cfg, kc_error *err)
{
	if (!o || !cfg)
		return kc_error_set(err, -EINVAL, "leader election: no options or config");
	if (o->leader_elect) {
		/* component-base's ValidateLeaderElectionConfiguration, each
		 * error a field error; several print as an aggregate "[a, b]" */
		_cleanup_buf_ kc_buf errs = KC_BUF_INIT;
		int n = 0;
		if (o->lease_duration_ns <= 0)
			field_invalid_duration(&errs, &n, "leaseDuration", o->lease_duration_ns, "must be greater than zero");
		if (o->renew_deadline_ns <= 0)
			field_invalid_duration(&errs, &n, "renewDeadline", o->renew_deadline_ns, "must be greater than zero");
		if (o->retry_period_ns <= 0)
			field_invalid_duration(&errs, &n, "retryPeriod", o->retry_period_ns, "must be greater than zero");
		if (o->lease_duration_ns <= o->renew_deadline_ns)
			field_invalid_duration(&errs, &n, "leaseDuration", o->renew_deadline_ns,
					       "must be greater than `RenewDeadline`");
		const struct {
			const char *field, *value;
		} required[] = {{"resourceLock", o->resource_lock},
				{"resourceNamespace", o->resource_namespace},
				{"resourceName", o->resource_name}};
		for (size_t i = 0; i < KC_ARRAY_SIZE(required); i++)
			if (!required[i].value || !required[i].value[0])
				kc_buf_addf(&errs, "%sleaderElection.%s: Required value", n++ ? ", " : "", required[i].field);
		if (n == 1)
			return kc_error_set(err, -EINVAL, "%s", errs.s);
		if (n > 1)
			return kc_error_set(err, -EINVAL, "[%s]", errs.s);
		/* resourcelock.New */
		const char *lock = o->resource_lock;
		if (streq(lock, "endpoints") || streq(lock, "configmaps"))
			return kc_error_set(err, -EINVAL,
					    "couldn't create resource lock: %s lock is removed, migrate to %sleases (using "
					    "version v0.27.x)",
					    lock, lock);
		if (streq(lock, "endpointsleases"))
			return kc_error_set(err, -EINVAL,
					    "couldn't create resource lock: endpointsleases lock is removed, migrate to leases");
		if (streq(lock, "configmapsleases"))
			return kc_error_set(err, -EINVAL,
					    "couldn't create resource lock: configmapsleases lock is removed, migrated to leases");
		if (!streq(lock, "leases"))
			return kc_error_set(err, -EINVAL, "couldn't create resource lock: Invalid lock-type %s", lock);
		/* NewLeaderElector */
		if ((double)o->renew_deadline_ns <= JITTER_FACTOR * (double)o->retry_period_ns)
			return kc_error_set(err, -EINVAL,
					    "couldn't create leader elector: renewDeadline must be greater than "
					    "retryPeriod*JitterFactor");
	}
	/* Durations below a millisecond round up: 0 means "the default" in cfg. */
	cfg->lease_namespace = o->resource_namespace;
	cfg->lease_name = o->resource_name;
	cfg->lease_duration_ms = o->lease_duration_ns > 0 ? (uint64_t)((o->lease_duration_ns + 999999) / 1000000) : 0;
	cfg->renew_deadline_ms = o->renew_deadline_ns > 0 ? (uint64_t)((o->renew_deadline_ns + 999999) / 1000000) : 0;
	cfg->retry_period_ms = o->retry_period_ns > 0 ? (uint64_t)((o->retry_period_ns + 999999) / 1000000) : 0;
	return 0;
}
