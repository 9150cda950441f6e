/* fuzz_cron.c - the CronJob schedule parser and next-fire computation: never
 * crashes, next fire times are strictly after their input, and every call
 * returns quickly, even for schedules that never fire ("0 0 30 2 *") and for
 * zones whose transitions skip whole days. Input: 8 bytes of time, 1 byte
 * choosing a zone, then the schedule. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/cron.h"
#include "common/timeutil.h"
#include "common/util.h"

static const char *const zone_names[] = {
    "UTC",          "America/New_York", "Europe/Berlin",       "Asia/Seoul",
    "Pacific/Apia", "Australia/Sydney", "Australia/Lord_Howe", "America/Sao_Paulo"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static kc_time_zone *zones[KC_ARRAY_SIZE(zone_names)];
	static bool loaded;
	if (!loaded) {
		for (size_t i = 0; i < KC_ARRAY_SIZE(zone_names); i++)
			if (kc_time_zone_load(zone_names[i], &zones[i], NULL) < 0)
				zones[i] = NULL;
		loaded = true;
	}
	if (size < 9)
		return 0;
	uint64_t raw = 0;
	for (int i = 0; i < 8; i++)
		raw = raw << 8 | data[i];
	/* mostly times between 1900 and 2100, sometimes anything */
	int64_t after = (raw >> 63) ? (int64_t)raw : (int64_t)(raw % 6311520000ULL) - 2208988800LL;
	const kc_time_zone *tz = zones[data[8] % KC_ARRAY_SIZE(zone_names)];
	_cleanup_free_ char *spec = xstrndup((const char *)data + 9, size - 9);

	kc_cron c;
	if (kc_cron_parse(spec, &c, NULL) < 0)
		return 0;
	int64_t next = kc_cron_next(&c, tz, after);
	if (next == KC_CRON_NEVER)
		return 0;
	if (next <= after)
		abort();
	int64_t next2 = kc_cron_next(&c, tz, next);
	if (next2 != KC_CRON_NEVER && next2 <= next)
		abort();
	kc_cron_recent r;
	if (kc_cron_most_recent(&c, tz, after, after + (int64_t)(data[8] >> 3) * 86400 * 7, &r, NULL) == 0 &&
	    r.found && (r.time <= after || r.time > after + (int64_t)(data[8] >> 3) * 86400 * 7))
		abort();
	return 0;
}
