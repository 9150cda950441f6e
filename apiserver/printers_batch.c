/* printers_batch.c - Table rows for batch/v1 jobs and cron jobs, as
 * upstream's printers.go (v1.32) prints them with the server's Wide option
 * on. */
#include <stdio.h>

#include "apiserver/printer_docs.h"
#include "apiserver/printer_impl.h"
#include "common/util.h"
#include "banned.h"

/* ---- jobs ---- */

static const api_table_column job_columns[] = {
    PR_COL_NAME,
    PR_COL("Status", "string", "Status of the job."),
    PR_COL("Completions", "string", DOC_JOB_SUCCEEDED),
    PR_COL("Duration", "string", "Time required to complete the job."),
    PR_COL_AGE,
    PR_WIDE("Containers", "string", DOC_CONTAINERS),
    PR_WIDE("Images", "string", DOC_IMAGES),
    PR_WIDE("Selector", "string", DOC_JOB_SELECTOR),
    PR_COL_END,
};

/* hasJobCondition: the first condition of the type decides. */
static bool job_condition(const cJSON *job, const char *type)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, PR_GET(job, "status", "conditions"))
	{
		if (streq_ptr(PR_STR(c, "type"), type))
			return streq_ptr(PR_STR(c, "status"), "True");
	}
	return false;
}

static const char *job_status(const cJSON *job)
{
	if (job_condition(job, "Complete"))
		return "Complete";
	if (job_condition(job, "Failed"))
		return "Failed";
	if (PR_GET(job, "metadata", "deletionTimestamp"))
		return "Terminating";
	if (job_condition(job, "Suspended"))
		return "Suspended";
	if (job_condition(job, "FailureTarget"))
		return "FailureTarget";
	return "Running";
}

/* "1/3", or without completions "0/1" and "0/1 of 4" for parallel jobs. */
static char *job_completions(const cJSON *job)
{
	long long succeeded = (long long)PR_INT(job, "status", "succeeded");
	if (PR_GET(job, "spec", "completions"))
		return xasprintf("%lld/%lld", succeeded, (long long)PR_INT(job, "spec", "completions"));
	long long parallelism = (long long)PR_INT(job, "spec", "parallelism");
	if (parallelism > 1)
		return xasprintf("%lld/1 of %lld", succeeded, parallelism);
	return xasprintf("%lld/1", succeeded);
}

/* Empty before the job starts; time since the start while it runs; start
 * to completion once complete. */
static char *job_duration(const cJSON *job, time_t now)
{
	api_pr_time start = api_pr_time_of(PR_GET(job, "status", "startTime"));
	if (!PR_GET(job, "status", "startTime"))
		return xstrdup("");
	if (!PR_GET(job, "status", "completionTime"))
		return api_pr_duration(start, (api_pr_time){(int64_t)now, 0, true});
	return api_pr_duration(start, api_pr_time_of(PR_GET(job, "status", "completionTime")));
}

static void job_row(const cJSON *job, cJSON *cells, time_t now)
{
	api_pr_cell_name(cells, job);
	api_pr_cell_str(cells, job_status(job));
	api_pr_cell_take(cells, job_completions(job));
	api_pr_cell_take(cells, job_duration(job, now));
	api_pr_cell_age(cells, job, now);
	api_pr_cell_containers(cells, PR_GET(job, "spec", "template", "spec", "containers"));
	api_pr_cell_take(cells, api_pr_format_selector(PR_GET(job, "spec", "selector")));
}

/* ---- cron jobs ---- */

static const api_table_column cronjob_columns[] = {
    PR_COL_NAME,
    PR_COL("Schedule", "string", DOC_CJ_SCHEDULE),
    PR_COL("Timezone", "string", DOC_CJ_TIMEZONE),
    PR_COL("Suspend", "boolean", DOC_CJ_SUSPEND),
    PR_COL("Active", "integer", DOC_CJ_ACTIVE),
    PR_COL("Last Schedule", "string", DOC_CJ_LAST_SCHEDULE),
    PR_COL_AGE,
    PR_WIDE("Containers", "string", DOC_CONTAINERS),
    PR_WIDE("Images", "string", DOC_IMAGES),
    PR_WIDE("Selector", "string", DOC_JOB_SELECTOR),
    PR_COL_END,
};

static void cronjob_row(const cJSON *cj, cJSON *cells, time_t now)
{
	const cJSON *spec = PR_GET(cj, "spec");
	const cJSON *suspend = PR_GET(spec, "suspend");
	const char *tz = PR_STR(spec, "timeZone");
	api_pr_cell_name(cells, cj);
	api_pr_cell_str(cells, PR_STR(spec, "schedule"));
	api_pr_cell_str(cells, tz ? tz : "<none>");
	/* printBoolPtr: a string cell, though the column says boolean;
	 * decoding defaults a missing suspend to false. */
	api_pr_cell_str(cells, !suspend ? "False" : cJSON_IsTrue(suspend) ? "True" : "False");
	api_pr_cell_int(cells, PR_COUNT(cj, "status", "active"));
	const cJSON *last = PR_GET(cj, "status", "lastScheduleTime");
	api_pr_cell_take(cells, last ? api_pr_since(api_pr_time_of(last), now) : xstrdup("<none>"));
	api_pr_cell_age(cells, cj, now);
	const cJSON *job_spec = PR_GET(spec, "jobTemplate", "spec");
	api_pr_cell_containers(cells, PR_GET(job_spec, "template", "spec", "containers"));
	api_pr_cell_take(cells, api_pr_format_selector(PR_GET(job_spec, "selector")));
}

const api_printer api_printers_batch[] = {
    {"batch", "jobs", job_columns, job_row, NULL},
    {"batch", "cronjobs", cronjob_columns, cronjob_row, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
