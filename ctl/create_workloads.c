/* create_workloads.c - kc create deployment, job, cronjob (see create.h). */
#include <errno.h>
#include <sys/random.h>

#include "ctl/create.h"
#include "common/json.h"
#include "banned.h"

char *kc_create_container_name(const char *image)
{
	const char *slash = strrchr(image, '/');
	const char *name = slash ? slash + 1 : image;
	size_t len = strcspn(name, ":");
	char *n = xstrndup(name, len);
	n[strcspn(n, "@")] = '\0';
	if (!strpbrk(n, "_."))
		return n;
	/* sanitizeAndUniquify: DNS-1123 characters and a random suffix */
	for (char *p = n; *p; p++)
		if (*p == '_' || *p == '.')
			*p = '-';
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789"; /* utilrand's */
	unsigned char rnd[5] = {0};
	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		memset(rnd, 7, sizeof(rnd));
	char suffix[6];
	for (size_t i = 0; i < 5; i++)
		suffix[i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
	suffix[5] = '\0';
	char *out = xasprintf("%s-%s", n, suffix);
	free(n);
	return out;
}

/* {"name", "image", "command": [...]?, "ports": [...]?, "resources": {}}
 * (port < 0: no ports). */
static cJSON *container(const char *name, const char *image, char *const *command, int ncommand, int port)
{
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "name", name);
	cJSON_AddStringToObject(c, "image", image);
	if (ncommand > 0) {
		cJSON *cmd = cJSON_AddArrayToObject(c, "command");
		for (int i = 0; i < ncommand; i++)
			cJSON_AddItemToArray(cmd, cJSON_CreateString(command[i]));
	}
	if (port >= 0) {
		cJSON *p = cJSON_CreateObject();
		cJSON_AddNumberToObject(p, "containerPort", port);
		cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "ports"), p);
	}
	cJSON_AddObjectToObject(c, "resources");
	return c;
}

/* A PodTemplateSpec: {"metadata": {"creationTimestamp": null, labels?}, "spec": {...}}. */
static cJSON *pod_template(const cJSON *labels, cJSON *containers, const char *restart_policy)
{
	cJSON *t = cJSON_CreateObject();
	cJSON *m = cJSON_AddObjectToObject(t, "metadata");
	cJSON_AddNullToObject(m, "creationTimestamp");
	if (labels)
		cJSON_AddItemToObject(m, "labels", kc_json_dup(labels));
	cJSON *spec = cJSON_AddObjectToObject(t, "spec");
	cJSON_AddItemToObject(spec, "containers", containers);
	if (restart_policy && restart_policy[0])
		cJSON_AddStringToObject(spec, "restartPolicy", restart_policy);
	return t;
}

int kc_create_deployment(kc_ctx *ctx, int argc, char **argv)
{
	kc_flags_list images = {0};
	int replicas = 1, port = -1;
	kc_flag own[] = {
		KC_FLAG_STRING_SLICE("image", 0, &images, "", "Image names to run. A deployment can have multiple images set for multi-container pod."),
		KC_FLAG_INT("port", 0, &port, "-1", "The containerPort that this deployment exposes."),
		KC_FLAG_INT("replicas", 'r', &replicas, "1", "Number of replicas to create. Default is 1."),
		KC_FLAG_END,
	};
	static const char *const required[] = {"image", NULL};
	static const kc_create_help help = {
		"kc create deployment NAME --image=image -- [COMMAND] [args...] [options]",
		"Create a deployment with the specified name.",
		"  # Create a deployment named my-dep that runs the busybox image\n"
		"  kc create deployment my-dep --image=busybox\n"
		"  \n"
		"  # Create a deployment with a command\n"
		"  kc create deployment my-dep --image=busybox -- date\n"
		"  \n"
		"  # Create a deployment named my-dep that runs the nginx image with 3 replicas\n"
		"  kc create deployment my-dep --image=nginx --replicas=3\n"
		"  \n"
		"  # Create a deployment named my-dep that runs the busybox image and expose port 5701\n"
		"  kc create deployment my-dep --image=busybox --port=5701\n"
		"  \n"
		"  # Create a deployment named my-dep that runs multiple containers\n"
		"  kc create deployment my-dep --image=busybox:latest --image=ubuntu:latest --image=nginx",
	};
	kc_create_cmd c;
	_cleanup_json_ cJSON *labels = NULL;
	int rc = kc_create_parse(&c, ctx, "create deployment", own, required, &help, argc, argv);
	if (rc != 0)
		goto out;
	if (images.n > 1 && c.ncommand > 0) {
		rc = kc_create_fail(&c, false, "cannot specify multiple --image options and command");
		goto out;
	}
	cJSON *o = kc_create_object("Deployment", "apps/v1", c.name, kc_create_enforced_ns(&c));
	labels = cJSON_CreateObject();
	cJSON_AddStringToObject(labels, "app", c.name);
	cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(o, "metadata"), "labels", kc_json_dup(labels));
	cJSON *spec = cJSON_AddObjectToObject(o, "spec");
	cJSON_AddNumberToObject(spec, "replicas", replicas);
	cJSON *sel = cJSON_AddObjectToObject(spec, "selector");
	cJSON_AddItemToObject(sel, "matchLabels", kc_json_dup(labels));
	cJSON *containers = cJSON_CreateArray();
	for (size_t i = 0; i < images.n; i++) {
		_cleanup_free_ char *name = kc_create_container_name(images.items[i]);
		cJSON_AddItemToArray(containers, container(name, images.items[i], c.command, c.ncommand, i == 0 ? port : -1));
	}
	cJSON_AddItemToObject(spec, "template", pod_template(labels, containers, NULL));
	cJSON_AddObjectToObject(spec, "strategy");
	cJSON_AddObjectToObject(o, "status");
	rc = kc_create_submit(&c, kc_resource_lookup("deployments.apps"), o, "failed to create deployment: ");
out:
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

/* --from=cronjob/NAME: the job the CronJob would start, owned by it. */
static int job_from_cronjob(kc_create_cmd *c, const char *from, cJSON **ret)
{
	kc_ctx *ctx = c->ctx;
	const char *slash = strchr(from, '/');
	if (!slash || slash == from || !slash[1]) {
		/* kubectl's builder: a bare type lists, which "must be an existing cronjob" cannot be */
		return kc_create_fail(c, false, "from must be an existing cronjob");
	}
	_cleanup_free_ char *type = xstrndup(from, (size_t)(slash - from));
	const kc_resource *r = kc_ctx_resource(ctx, type);
	if (!r)
		return 1;
	_cleanup_free_ char *path = kc_path(r, kc_ctx_namespace(ctx), slash + 1, NULL);
	kc_response resp;
	kc_request(ctx, "GET", path, NULL, NULL, &resp);
	if (resp.status != 200 || !cJSON_IsObject(resp.body)) {
		int rc = kc_mut_fail_response(ctx, &resp, NULL);
		kc_response_clear(&resp);
		return rc;
	}
	if (!streq(r->kind, "CronJob")) {
		kc_response_clear(&resp);
		return kc_create_fail(c, false, "unknown object type *%s.%s", r->version, r->kind);
	}
	const cJSON *cj = resp.body;
	cJSON *o = kc_create_object("Job", "batch/v1", c->name, kc_create_enforced_ns(c));
	cJSON *meta = cJSON_GetObjectItemCaseSensitive(o, "metadata");
	const cJSON *tmeta = kc_json_get(cj, "spec.jobTemplate.metadata");
	const cJSON *labels = cJSON_GetObjectItemCaseSensitive(tmeta, "labels");
	if (cJSON_IsObject(labels) && labels->child)
		cJSON_AddItemToObject(meta, "labels", kc_json_dup(labels));
	/* annotations: a Go map, printed in key order */
	_cleanup_json_ cJSON *ann = cJSON_CreateObject();
	cJSON_AddStringToObject(ann, "cronjob.kubernetes.io/instantiate", "manual");
	const cJSON *tann = cJSON_GetObjectItemCaseSensitive(tmeta, "annotations");
	for (const cJSON *a = cJSON_IsObject(tann) ? tann->child : NULL; a; a = a->next)
		kc_json_object_put(ann, a->string, kc_json_dup(a));
	cJSON *sorted = cJSON_CreateObject();
	while (ann->child) {
		cJSON *min = ann->child;
		for (cJSON *a = ann->child; a; a = a->next)
			if (strcmp(a->string, min->string) < 0)
				min = a;
		cJSON_AddItemToObject(sorted, min->string, kc_json_dup(min));
		cJSON_Delete(cJSON_DetachItemViaPointer(ann, min));
	}
	cJSON_AddItemToObject(meta, "annotations", sorted);
	cJSON *owners = cJSON_AddArrayToObject(meta, "ownerReferences");
	cJSON *ref = cJSON_CreateObject();
	cJSON_AddStringToObject(ref, "apiVersion", "batch/v1");
	cJSON_AddStringToObject(ref, "kind", "CronJob");
	cJSON_AddStringToObject(ref, "name", kc_json_get_str(cj, "metadata.name", ""));
	cJSON_AddStringToObject(ref, "uid", kc_json_get_str(cj, "metadata.uid", ""));
	cJSON_AddTrueToObject(ref, "controller");
	cJSON_AddItemToArray(owners, ref);
	const cJSON *spec = kc_json_get(cj, "spec.jobTemplate.spec");
	cJSON_AddItemToObject(o, "spec", spec ? kc_json_dup(spec) : cJSON_CreateObject());
	cJSON_AddObjectToObject(o, "status");
	kc_response_clear(&resp);
	*ret = o;
	return 0;
}

int kc_create_job(kc_ctx *ctx, int argc, char **argv)
{
	const char *image = "", *from = "";
	kc_flag own[] = {
		KC_FLAG_STRING("image", 0, &image, "", "Image name to run."),
		KC_FLAG_STRING("from", 0, &from, "",
			       "The name of the resource to create a Job from (only CronJob is supported)."),
		KC_FLAG_END,
	};
	static const kc_create_help help = {
		"kc create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...] [options]",
		"Create a job with the specified name.",
		"  # Create a job\n"
		"  kc create job my-job --image=busybox\n"
		"  \n"
		"  # Create a job with a command\n"
		"  kc create job my-job --image=busybox -- date\n"
		"  \n"
		"  # Create a job from a cron job named \"a-cronjob\"\n"
		"  kc create job test-job --from=cronjob/a-cronjob",
	};
	kc_create_cmd c;
	int rc = kc_create_parse(&c, ctx, "create job", own, NULL, &help, argc, argv);
	if (rc != 0)
		goto out;
	if ((!image[0] && !from[0]) || (image[0] && from[0])) {
		rc = kc_create_fail(&c, false, "either --image or --from must be specified");
		goto out;
	}
	if (c.ncommand > 0 && from[0]) {
		rc = kc_create_fail(&c, false, "cannot specify --from and command");
		goto out;
	}
	cJSON *o = NULL;
	if (image[0]) {
		o = kc_create_object("Job", "batch/v1", c.name, kc_create_enforced_ns(&c));
		cJSON *spec = cJSON_AddObjectToObject(o, "spec");
		cJSON *containers = cJSON_CreateArray();
		cJSON_AddItemToArray(containers, container(c.name, image, c.command, c.ncommand, -1));
		cJSON_AddItemToObject(spec, "template", pod_template(NULL, containers, "Never"));
		cJSON_AddObjectToObject(o, "status");
	} else if ((rc = job_from_cronjob(&c, from, &o)) != 0) {
		goto out;
	}
	rc = kc_create_submit(&c, kc_resource_lookup("jobs.batch"), o, "failed to create job: ");
out:
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}

int kc_create_cronjob(kc_ctx *ctx, int argc, char **argv)
{
	const char *image = "", *schedule = "", *restart = "";
	kc_flag own[] = {
		KC_FLAG_STRING("image", 0, &image, "", "Image name to run."),
		KC_FLAG_STRING("schedule", 0, &schedule, "", "A schedule in the Cron format the job should be run with."),
		KC_FLAG_STRING("restart", 0, &restart, "", "job's restart policy. supported values: OnFailure, Never"),
		KC_FLAG_END,
	};
	static const char *const required[] = {"image", "schedule", NULL};
	static const kc_create_help help = {
		"kc create cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...] [flags] [options]",
		"Create a cron job with the specified name.",
		"  # Create a cron job\n"
		"  kc create cronjob my-job --image=busybox --schedule=\"*/1 * * * *\"\n"
		"  \n"
		"  # Create a cron job with a command\n"
		"  kc create cronjob my-job --image=busybox --schedule=\"*/1 * * * *\" -- date",
	};
	kc_create_cmd c;
	int rc = kc_create_parse(&c, ctx, "create cronjob", own, required, &help, argc, argv);
	if (rc != 0)
		goto out;
	cJSON *o = kc_create_object("CronJob", "batch/v1", c.name, kc_create_enforced_ns(&c));
	cJSON *spec = cJSON_AddObjectToObject(o, "spec");
	cJSON_AddStringToObject(spec, "schedule", schedule);
	cJSON *jt = cJSON_AddObjectToObject(spec, "jobTemplate");
	cJSON *jm = cJSON_AddObjectToObject(jt, "metadata");
	cJSON_AddStringToObject(jm, "name", c.name);
	cJSON_AddNullToObject(jm, "creationTimestamp");
	cJSON *js = cJSON_AddObjectToObject(jt, "spec");
	cJSON *containers = cJSON_CreateArray();
	cJSON_AddItemToArray(containers, container(c.name, image, c.command, c.ncommand, -1));
	cJSON_AddItemToObject(js, "template", pod_template(NULL, containers, restart[0] ? restart : "OnFailure"));
	cJSON_AddObjectToObject(o, "status");
	rc = kc_create_submit(&c, kc_resource_lookup("cronjobs.batch"), o, "failed to create cronjob: ");
out:
	kc_create_cmd_clear(&c);
	return rc == KC_CREATE_DONE ? 0 : rc < 0 ? 1 : rc;
}
