/* test_api_strategy_batch.c - Jobs (defaults, the selector generated from
 * metadata.uid, validation, template immutability) and CronJobs
 * (defaults, schedule, timeZone, job template, name length). */
#include "api_strategy_test.h"

#define UID "11111111-2222-3333-4444-555555555555"
#define JOB(spec) "{\"metadata\":{\"name\":\"pi\",\"namespace\":\"default\"},\"spec\":" spec "}"
#define PI_TMPL(extra) "\"template\":{\"spec\":{\"containers\":[{\"name\":\"pi\",\"image\":\"perl:5.34.0\"}],\"restartPolicy\":\"Never\"" extra "}}"
#define EJ(m) "Job.batch \"pi\" is invalid: " m

static void test_job_defaults(void **state)
{
	(void)state;
	static const st_defaults_case cases[] = {
		{"pi",
		 JOB("{" PI_TMPL("") ",\"backoffLimit\":4}"),
		 "{\"metadata\":{\"name\":\"pi\",\"namespace\":\"default\",\"uid\":\"" UID "\",\"creationTimestamp\":\"2024-05-01T12:00:00Z\","
		 "\"generation\":1,\"labels\":{\"batch.kubernetes.io/controller-uid\":\"" UID "\",\"batch.kubernetes.io/job-name\":\"pi\","
		 "\"controller-uid\":\"" UID "\",\"job-name\":\"pi\"}},\"spec\":{\"template\":{\"metadata\":{\"labels\":{"
		 "\"batch.kubernetes.io/controller-uid\":\"" UID "\",\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"" UID "\","
		 "\"job-name\":\"pi\"}},\"spec\":{\"containers\":[{\"name\":\"pi\",\"image\":\"perl:5.34.0\",\"resources\":{},"
		 "\"imagePullPolicy\":\"IfNotPresent\",\"terminationMessagePath\":\"/dev/termination-log\",\"terminationMessagePolicy\":\"File\"}],"
		 "\"restartPolicy\":\"Never\",\"terminationGracePeriodSeconds\":30,\"dnsPolicy\":\"ClusterFirst\",\"securityContext\":{},"
		 "\"schedulerName\":\"default-scheduler\"}},\"backoffLimit\":4,\"completions\":1,\"parallelism\":1,\"completionMode\":"
		 "\"NonIndexed\",\"suspend\":false,\"podReplacementPolicy\":\"TerminatingOrFailed\",\"selector\":{\"matchLabels\":{"
		 "\"batch.kubernetes.io/controller-uid\":\"" UID "\"}}},\"status\":{}}"},
	};
	st_run_defaults("batch", "jobs", cases, ST_N(cases));

	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create("batch", "jobs", "parallel", JOB("{\"parallelism\":3," PI_TMPL("") "}"), &obj);
	assert_string_equal(msg, "");
	assert_null(kc_json_get(obj, "spec.completions"));
	assert_int_equal(kc_json_get_int(obj, "spec.parallelism", 0), 3);
	assert_int_equal(kc_json_get_int(obj, "spec.backoffLimit", 0), 6);
	cJSON_Delete(obj);
	obj = NULL;
	free(msg);
	/* podFailurePolicy: Failed replacement, patterns default to True */
	msg = st_create("batch", "jobs", "pfp",
			JOB("{" PI_TMPL("") ",\"podFailurePolicy\":{\"rules\":[{\"action\":\"Ignore\",\"onPodConditions\":[{\"type\":\"DisruptionTarget\"}]}]}}"),
			&obj);
	assert_string_equal(msg, "");
	assert_string_equal(kc_json_get_str(obj, "spec.podReplacementPolicy", ""), "Failed");
	const cJSON *pat = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(kc_json_get(obj, "spec.podFailurePolicy.rules"), 0), "onPodConditions"), 0);
	assert_string_equal(kc_json_get_str(pat, "status", ""), "True");
	cJSON_Delete(obj);
}

static void test_job_validation(void **state)
{
	(void)state;
	static const st_case cases[] = {
		{"restartPolicy Always",
		 JOB("{\"template\":{\"spec\":{\"containers\":[{\"name\":\"pi\",\"image\":\"perl\"}]}}}"),
		 EJ("spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""), NULL},
		{"negative counts", JOB("{\"parallelism\":-1,\"backoffLimit\":-2," PI_TMPL("") "}"),
		 EJ("[spec.parallelism: Invalid value: -1: must be greater than or equal to 0, spec.backoffLimit: Invalid value: -2: "
		    "must be greater than or equal to 0]"), NULL},
		{"completionMode", JOB("{\"completionMode\":\"Sometimes\"," PI_TMPL("") "}"),
		 EJ("spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\", \"Indexed\""), NULL},
		{"indexed needs completions", JOB("{\"completionMode\":\"Indexed\",\"parallelism\":2," PI_TMPL("") "}"),
		 EJ("spec.completions: Required value: when completion mode is Indexed"), NULL},
		{"backoffLimitPerIndex needs Indexed", JOB("{\"backoffLimitPerIndex\":1," PI_TMPL("") "}"),
		 EJ("spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"), NULL},
		{"podFailurePolicy needs Never",
		 JOB("{\"template\":{\"spec\":{\"containers\":[{\"name\":\"pi\",\"image\":\"perl\"}],\"restartPolicy\":\"OnFailure\"}},"
		     "\"podFailurePolicy\":{\"rules\":[{\"action\":\"FailJob\",\"onExitCodes\":{\"operator\":\"In\",\"values\":[3,1]}}]}}"),
		 EJ("[spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [3,1]: must be ordered, "
		    "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified]"),
		 NULL},
		{"pod failure rule needs a requirement",
		 JOB("{" PI_TMPL("") ",\"podFailurePolicy\":{\"rules\":[{\"action\":\"Retry\"}]}}"),
		 EJ("[spec.podFailurePolicy.rules[0].action: Unsupported value: \"Retry\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\", "
		    "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required]"), NULL},
		{"manual selector must match",
		 JOB("{\"manualSelector\":true,\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"c\"}},"
		     "\"spec\":{\"containers\":[{\"name\":\"pi\",\"image\":\"perl\"}],\"restartPolicy\":\"Never\"}}}"),
		 EJ("spec.template.metadata.labels: Invalid value: {\"a\":\"c\"}: `selector` does not match template `labels`"), NULL},
		{"generated selector kept unless the labels conflict",
		 JOB("{\"template\":{\"metadata\":{\"labels\":{\"job-name\":\"other\"}},\"spec\":{\"containers\":[{\"name\":\"pi\",\"image\":\"perl\"}],"
		     "\"restartPolicy\":\"Never\"}}}"),
		 EJ("spec.template.metadata.labels[job-name]: Invalid value: {\"batch.kubernetes.io/controller-uid\":\"" UID "\","
		    "\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"" UID "\",\"job-name\":\"other\"}: must be 'pi'"),
		 NULL},
		{"a selector on another uid is not the generated one",
		 JOB("{\"selector\":{\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"x\"}}," PI_TMPL("") "}"),
		 EJ("[spec.selector: Invalid value: {\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"x\"}}: `selector` not auto-generated, "
		    "spec.template.metadata.labels: Invalid value: {\"batch.kubernetes.io/controller-uid\":\"" UID "\","
		    "\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"" UID "\",\"job-name\":\"pi\"}: "
		    "`selector` does not match template `labels`]"),
		 NULL},
		{"indexed hostnames must be labels",
		 "{\"metadata\":{\"name\":\"a-very-long-job-name-that-is-exactly-sixty-two-characters-xxxx\",\"namespace\":\"default\"},"
		 "\"spec\":{\"completionMode\":\"Indexed\",\"completions\":10," PI_TMPL("") "}}",
		 "Job.batch \"a-very-long-job-name-that-is-exactly-sixty-two-characters-xxxx\" is invalid: metadata.name: Invalid value: "
		 "\"a-very-long-job-name-that-is-exactly-sixty-two-characters-xxxx\": will not able to create pod with invalid DNS label: "
		 "a-very-long-job-name-that-is-exactly-sixty-two-characters-xxxx-9", NULL},
	};
	st_run_cases("batch", "jobs", cases, ST_N(cases));
}

static void test_job_update(void **state)
{
	(void)state;
	_cleanup_free_ char *old = st_stored("batch", "jobs", "old", JOB("{" PI_TMPL("") "}"));
	cJSON *o = cJSON_Parse(old);
	/* change the image in the stored template */
	cJSON *c = cJSON_GetArrayItem(kc_json_get(o, "spec.template.spec.containers"), 0);
	cJSON_ReplaceItemInObject(c, "image", cJSON_CreateString("perl:5.36"));
	_cleanup_free_ char *new_image = cJSON_PrintUnformatted(o);
	cJSON_ReplaceItemInObject(c, "image", cJSON_CreateString("perl:5.34.0"));
	cJSON_ReplaceItemInObject(kc_json_get(o, "spec"), "completions", cJSON_CreateNumber(3));
	_cleanup_free_ char *new_completions = cJSON_PrintUnformatted(o);
	cJSON_ReplaceItemInObject(kc_json_get(o, "spec"), "completions", cJSON_CreateNumber(1));
	cJSON_ReplaceItemInObject(kc_json_get(o, "spec"), "backoffLimit", cJSON_CreateNumber(2));
	_cleanup_free_ char *new_backoff = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	const st_case cases[] = {
		{"template immutable", new_image, "prefix:Job.batch \"pi\" is invalid: spec.template: Invalid value: {", old},
		{"completions immutable", new_completions, EJ("spec.completions: Invalid value: 3: field is immutable"), old},
		{"backoffLimit may change", new_backoff, "", old},
	};
	st_run_cases("batch", "jobs", cases, ST_N(cases));
	_cleanup_free_ char *got = st_update("batch", "jobs", "template immutable", new_image, old, false, NULL);
	assert_non_null(strstr(got, "}: field is immutable"));
}

#define CJ(name, spec) "{\"metadata\":{\"name\":\"" name "\",\"namespace\":\"default\"},\"spec\":" spec "}"
#define JT "\"jobTemplate\":{\"spec\":{" PI_TMPL("") "}}"
#define ECJ(m) "CronJob.batch \"hello\" is invalid: " m

static void test_cronjobs(void **state)
{
	(void)state;
	cJSON *obj = NULL;
	_cleanup_free_ char *msg = st_create("batch", "cronjobs", "defaults", CJ("hello", "{\"schedule\":\"*/1 * * * *\"," JT "}"), &obj);
	assert_string_equal(msg, "");
	assert_string_equal(kc_json_get_str(obj, "spec.concurrencyPolicy", ""), "Allow");
	assert_false(kc_json_get_bool(obj, "spec.suspend", true));
	assert_int_equal(kc_json_get_int(obj, "spec.successfulJobsHistoryLimit", 0), 3);
	assert_int_equal(kc_json_get_int(obj, "spec.failedJobsHistoryLimit", 0), 1);
	assert_string_equal(kc_json_get_str(obj, "spec.jobTemplate.spec.template.spec.dnsPolicy", ""), "ClusterFirst");
	/* the job template keeps no Job defaults: those come when the Job is made */
	assert_null(kc_json_get(obj, "spec.jobTemplate.spec.backoffLimit"));
	cJSON_Delete(obj);

	static const st_case cases[] = {
		{"schedule required", CJ("hello", "{" JT "}"), ECJ("spec.schedule: Required value"), NULL},
		{"bad schedule", CJ("hello", "{\"schedule\":\"0 0 * *\"," JT "}"),
		 ECJ("spec.schedule: Invalid value: \"0 0 * *\": expected exactly 5 fields, found 4: [0 0 * *]"), NULL},
		{"TZ in schedule", CJ("hello", "{\"schedule\":\"TZ=UTC 0 0 * * *\"," JT "}"),
		 ECJ("spec.schedule: Invalid value: \"TZ=UTC 0 0 * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"), NULL},
		{"time zone", CJ("hello", "{\"schedule\":\"@daily\",\"timeZone\":\"Asia/Seoul\"," JT "}"), "", NULL},
		{"unknown time zone", CJ("hello", "{\"schedule\":\"@daily\",\"timeZone\":\"Mars/Olympus_Mons_Base\"," JT "}"),
		 ECJ("spec.timeZone: Invalid value: \"Mars/Olympus_Mons_Base\": unknown time zone Mars/Olympus_Mons_Base"), NULL},
		{"Local", CJ("hello", "{\"schedule\":\"@daily\",\"timeZone\":\"Local\"," JT "}"),
		 "prefix:" ECJ("spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"),
		 NULL},
		{"concurrencyPolicy", CJ("hello", "{\"schedule\":\"@hourly\",\"concurrencyPolicy\":\"Never\"," JT "}"),
		 ECJ("spec.concurrencyPolicy: Unsupported value: \"Never\": supported values: \"Allow\", \"Forbid\", \"Replace\""), NULL},
		{"job template restartPolicy",
		 CJ("hello", "{\"schedule\":\"@hourly\",\"jobTemplate\":{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}}}}"),
		 ECJ("spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""), NULL},
		{"job template selector",
		 CJ("hello", "{\"schedule\":\"@hourly\",\"jobTemplate\":{\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}}," PI_TMPL("") "}}}"),
		 ECJ("spec.jobTemplate.spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"b\"}}: `selector` will be auto-generated"), NULL},
		{"name at most 52", CJ("a-cronjob-name-that-is-longer-than-fifty-two-characters", "{\"schedule\":\"@hourly\"," JT "}"),
		 "CronJob.batch \"a-cronjob-name-that-is-longer-than-fifty-two-characters\" is invalid: metadata.name: Invalid value: "
		 "\"a-cronjob-name-that-is-longer-than-fifty-two-characters\": must be no more than 52 characters", NULL},
	};
	st_run_cases("batch", "cronjobs", cases, ST_N(cases));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_job_defaults), cmocka_unit_test(test_job_validation),
		cmocka_unit_test(test_job_update),   cmocka_unit_test(test_cronjobs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
