/* cron.h - CronJob schedules, as upstream parses and runs them.
 *
 * The CronJob controller uses robfig/cron/v3's ParseStandard and
 * SpecSchedule.Next; kc reproduces both, with their error messages:
 *   - five fields: minute (0-59) hour (0-23) day-of-month (1-31) month (1-12
 *     or JAN-DEC) day-of-week (0-6 or SUN-SAT; 7 is rejected, as robfig
 *     does); names are case-insensitive;
 *   - "*" and "?" (any), "a-b" ranges, "a,b" lists, steps (a star or a
 *     range followed by "/n"), and
 *     "a/n" (= a-max/n);
 *   - descriptors @yearly @annually @monthly @weekly @daily @midnight
 *     @hourly, and "@every <Go duration>" (rounded down to whole seconds, at
 *     least 1s);
 *   - day-of-month and day-of-week: when both are restricted (neither is
 *     "*", "?" or a star with step 1), a day matching either fires; otherwise
 *     both must match (robfig's star-bit rule);
 *   - "TZ=zone ..." / "CRON_TZ=zone ..." prefixes are rejected with the
 *     message CronJob validation gives: the zone belongs in spec.timeZone
 *     and is passed to kc_cron_next() instead.
 *
 * Next fire times are computed in a kc_time_zone with robfig's algorithm on
 * top of Go's local-time rules, so DST behaves exactly as upstream: a time
 * skipped by a spring-forward transition does not fire that day ("30 2 * * *"
 * in America/New_York fires on 2024-03-09 and 2024-03-11, not on the 10th),
 * and a time repeated by a fall-back transition fires at both occurrences
 * ("30 1 * * *" fires at 01:30 EDT and again at 01:30 EST on 2024-11-03).
 * A schedule that does not fire within five years of the given time (e.g.
 * "0 0 30 2 *") has no next time, as upstream gives up after five years;
 * where upstream would loop forever (a day that does not exist, as in
 * Pacific/Apia on 2011-12-30) kc also answers "none".
 *
 * kc_cron is a plain value; nothing to free. */
#ifndef KC_CRON_H
#define KC_CRON_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "timeutil.h"

/* Set in a field's bit set when it was written as "*" or "?" (or a star
 * with step 1); only the day fields look at it. */
#define KC_CRON_STAR_BIT (UINT64_C(1) << 63)

typedef struct kc_cron {
	/* bit v set: value v is allowed (months 1-12, weekdays 0-6) */
	uint64_t minute, hour, dom, month, dow;
	int64_t every; /* > 0 for "@every": seconds between runs */
} kc_cron;

/* kc_cron_next()'s answer when there is none: Go's zero time, as robfig
 * returns it. */
#define KC_CRON_NEVER KC_TIME_GO_ZERO

/* Upstream warns once more than this many start times were missed. */
#define KC_CRON_TOO_MANY_MISSED 100

/* Parses a CronJob schedule. Errors are -EINVAL with robfig's wording, e.g.
 *   expected exactly 5 fields, found 4: [0 0 * *]
 *   end of range (70) above maximum (59): 0-70
 *   failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax
 *   step of range should be a positive number: 1-5/0
 *   unrecognized descriptor: @fortnightly */
int kc_cron_parse(const char *spec, kc_cron *ret, kc_error *err);

/* The first fire time strictly after `after` (Unix seconds; fractions of a
 * second are the caller's to drop), in zone tz (NULL is UTC; pass the
 * controller's local zone for a CronJob without spec.timeZone). Returns
 * KC_CRON_NEVER when nothing fires within five years, or when `after` is
 * outside +-10^13 seconds. Always terminates quickly. */
int64_t kc_cron_next(const kc_cron *c, const kc_time_zone *tz, int64_t after);

/* The CronJob controller's mostRecentScheduleTime: given the last schedule
 * time (or the creation time, or now - startingDeadlineSeconds if later;
 * the caller picks `earliest` as upstream does) and now, finds the most
 * recent time in (earliest, now] the schedule fired. */
typedef struct kc_cron_recent {
	bool found;     /* false: nothing fired in (earliest, now] */
	int64_t time;   /* the most recent fire time, when found */
	int64_t missed; /* upstream's estimate of the fire times in between */
	bool too_many;  /* missed > KC_CRON_TOO_MANY_MISSED: upstream warns
	                 * "too many missed start times" (and still starts
	                 * the most recent one) */
} kc_cron_recent;

/* Returns 0, or -EINVAL "time difference between two schedules is less than
 * 1 second" for a schedule that never fires again (as upstream). */
int kc_cron_most_recent(const kc_cron *c, const kc_time_zone *tz, int64_t earliest, int64_t now,
                        kc_cron_recent *ret, kc_error *err);

#endif
