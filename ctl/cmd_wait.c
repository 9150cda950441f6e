/* cmd_wait.c - kc wait --for=create|delete|condition=X[=value]|jsonpath=
 * '{...}'[=value]: watches each object until the condition holds, as
 * kubectl wait does (list + watch of the one object, --timeout 30s by
 * default, "pod/x condition met", "timed out waiting for the condition on
 * pods/x"). */
#include <errno.h>
#include <strings.h>
#include <time.h>

#include "ctl/commands.h"
#include "ctl/ops.h"
#include "ctl/target.h"
#include "common/json.h"
#include "common/jsonpath.h"
#include "common/timeutil.h"
#include "banned.h"

/* ---- pure parts (ops.h) ---- */

void kc_wait_cond_clear(kc_wait_cond *c)
{
	free(c->name);
	free(c->value);
	kc_jsonpath_free(c->jsonpath);
	memset(c, 0, sizeof(*c));
}

/* kubectl's splitJSONPathInput: '=' separates, '==' stays inside. */
static char **split_jsonpath_input(const char *in, size_t *ret_n)
{
	char **v = NULL;
	size_t n = 0;
	kc_buf cur = KC_BUF_INIT;
	for (size_t i = 0;; i++) {
		if (in[i] == '=' && in[i + 1] == '=') {
			kc_buf_addstr(&cur, "==");
			i++;
			continue;
		}
		if (in[i] == '=' || !in[i]) {
			v = xrealloc(v, (n + 2) * sizeof(*v));
			v[n++] = kc_buf_release(&cur);
			v[n] = NULL;
			if (!in[i])
				break;
			continue;
		}
		kc_buf_addch(&cur, in[i]);
	}
	kc_buf_free(&cur);
	*ret_n = n;
	return v;
}

int kc_wait_cond_parse(const char *text, kc_wait_cond *ret, kc_error *err)
{
	kc_wait_cond c = {0};
	if (strcasecmp(text, "delete") == 0) {
		c.kind = KC_WAIT_DELETE;
	} else if (strcasecmp(text, "create") == 0) {
		c.kind = KC_WAIT_CREATE;
	} else if (str_startswith(text, "condition=")) {
		const char *name = text + strlen("condition=");
		const char *eq = strchr(name, '=');
		c.kind = KC_WAIT_CONDITION;
		c.name = eq ? xstrndup(name, (size_t)(eq - name)) : xstrdup(name);
		c.value = xstrdup(eq ? eq + 1 : "true");
	} else if (str_startswith(text, "jsonpath=")) {
		size_t n = 0;
		char **parts = split_jsonpath_input(text + strlen("jsonpath="), &n);
		int rc = 0;
		_cleanup_free_ char *expr = NULL;
		if (n < 1 || n > 2) {
			rc = kc_error_set(err, -EINVAL, "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 "
							"or --for=jsonpath='{.status.readyReplicas}'");
		} else if (kc_jsonpath_relaxed(parts[0], &expr, err) < 0) {
			rc = -EINVAL;
		} else if (n == 2) {
			/* the value loses surrounding quotes, as strings.Trim(v, `'"`) */
			const char *v = parts[1];
			size_t len = strlen(v);
			while (len && (*v == '\'' || *v == '"')) {
				v++;
				len--;
			}
			while (len && (v[len - 1] == '\'' || v[len - 1] == '"'))
				len--;
			if (!len)
				rc = kc_error_set(err, -EINVAL, "jsonpath wait has to have a value after equal sign, like "
								"--for=jsonpath='{.status.readyReplicas}'=3");
			else
				c.value = xstrndup(v, len);
		}
		if (rc == 0 && !expr[0])
			rc = kc_error_set(err, -EINVAL, "jsonpath expression cannot be empty");
		if (rc == 0 && kc_jsonpath_parse(expr, &c.jsonpath, err) < 0)
			rc = -EINVAL;
		for (size_t i = 0; i < n; i++)
			free(parts[i]);
		free(parts);
		if (rc < 0) {
			kc_wait_cond_clear(&c);
			return rc;
		}
		c.kind = KC_WAIT_JSONPATH;
	} else {
		return kc_error_set(err, -EINVAL, "unrecognized condition: \"%s\"", text);
	}
	*ret = c;
	return 0;
}

/* Go's strings.EqualFold, enough for ASCII condition names and values. */
static bool equal_fold(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

int kc_wait_cond_check(const kc_wait_cond *c, const cJSON *obj, kc_error *err)
{
	if (!obj)
		return 0;
	if (c->kind == KC_WAIT_CONDITION) {
		const cJSON *cond;
		cJSON_ArrayForEach(cond, kc_json_get(obj, "status.conditions")) {
			const cJSON *type = cJSON_GetObjectItemCaseSensitive(cond, "type");
			if (!cJSON_IsString(type) || !equal_fold(type->valuestring, c->name))
				continue;
			const cJSON *status = cJSON_GetObjectItemCaseSensitive(cond, "status");
			if (!cJSON_IsString(status))
				continue;
			const cJSON *gen = kc_json_get(obj, "metadata.generation");
			if (cJSON_IsNumber(gen)) {
				const cJSON *og = cJSON_GetObjectItemCaseSensitive(cond, "observedGeneration");
				if (!cJSON_IsNumber(og))
					og = kc_json_get(obj, "status.observedGeneration");
				if (cJSON_IsNumber(og) && kc_json_as_int(og, 0) < kc_json_as_int(gen, 0))
					return 0;
			}
			return equal_fold(status->valuestring, c->value);
		}
		return 0;
	}
	if (c->kind == KC_WAIT_JSONPATH) {
		kc_jsonpath_results res = {0};
		int rc = kc_jsonpath_find(c->jsonpath, obj, KC_JSONPATH_ALLOW_MISSING_KEYS, &res, err);
		if (rc < 0) {
			kc_jsonpath_results_clear(&res);
			return rc;
		}
		int met = 0;
		if (res.n_sets == 0 || res.sets[0].n == 0) {
			met = 0;
		} else if (res.n_sets > 1) {
			met = kc_error_set(err, -EINVAL, "given jsonpath expression matches more than one list");
		} else if (res.sets[0].n > 1) {
			met = kc_error_set(err, -EINVAL, "given jsonpath expression matches more than one value");
		} else if (!c->value) {
			met = 1;
		} else {
			const cJSON *v = res.sets[0].values[0];
			if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
				met = kc_error_set(err, -EINVAL, "jsonpath leads to a nested object or list which is not "
								 "supported");
			} else {
				_cleanup_buf_ kc_buf s = KC_BUF_INIT;
				kc_jsonpath_format_go(&s, v);
				/* both sides compare with spaces trimmed */
				const char *a = kc_buf_str(&s), *b = c->value;
				while (*a == ' ' || *a == '\t' || *a == '\n')
					a++;
				while (*b == ' ' || *b == '\t' || *b == '\n')
					b++;
				size_t la = strlen(a), lb = strlen(b);
				while (la && (a[la - 1] == ' ' || a[la - 1] == '\t' || a[la - 1] == '\n'))
					la--;
				while (lb && (b[lb - 1] == ' ' || b[lb - 1] == '\t' || b[lb - 1] == '\n'))
					lb--;
				met = la == lb && memcmp(a, b, la) == 0;
			}
		}
		kc_jsonpath_results_clear(&res);
		return met;
	}
	return 0;
}

/* ---- the command ---- */

typedef struct wait_one {
	const kc_wait_cond *cond;
	kc_ctx *ctx;
	kc_error err;
	bool missing; /* the list did not have the object */
	bool deleted_seen;
	cJSON *last;
} wait_one;

static int on_cond(kc_watch_event_type type, const cJSON *obj, void *userdata)
{
	wait_one *w = userdata;
	if (type == KC_WATCH_ERROR) {
		fprintf(w->ctx->err, "error: An error occurred while waiting for the condition to be satisfied: %s",
			kc_json_get_str(obj, "message", ""));
		return 0;
	}
	if (!obj && type == KC_WATCH_ADDED) {
		w->missing = true;
		return -1;
	}
	if (type == KC_WATCH_DELETED)
		return 0;
	cJSON_Delete(w->last);
	w->last = cJSON_Duplicate(obj, true);
	int r = kc_wait_cond_check(w->cond, obj, &w->err);
	return r < 0 ? -1 : r;
}

static int on_delete(kc_watch_event_type type, const cJSON *obj, void *userdata)
{
	wait_one *w = userdata;
	if (type == KC_WATCH_ERROR) {
		fprintf(w->ctx->err, "error: An error occurred while waiting for the object to be deleted: %s",
			kc_json_get_str(obj, "message", ""));
		return 0;
	}
	if ((type == KC_WATCH_ADDED && !obj) || type == KC_WATCH_DELETED)
		return 1;
	return 0;
}

static char *object_name(const kc_target *t)
{
	return xasprintf("%s%s%s/%s", t->res->plural, t->res->group[0] ? "." : "", t->res->group, t->name);
}

/* Returns 0 (printed "condition met"), or 1 with the failure in *ret_msg. */
static int wait_target(kc_ctx *ctx, const kc_wait_cond *cond, int64_t timeout, const char *output, kc_target *t,
		       char **ret_msg)
{
	wait_one w = {.cond = cond, .ctx = ctx};
	char *e = NULL;
	const cJSON *final = t->obj;
	if (cond->kind == KC_WAIT_DELETE || timeout == 0) {
		/* look first: gone (or checked once for --timeout=0) */
		_cleanup_free_ char *path = kc_path(t->res, t->ns, t->name, NULL);
		kc_response resp;
		int rc = kc_request(ctx, "GET", path, NULL, NULL, &resp);
		if (rc == 0 && resp.status == 404 && cond->kind == KC_WAIT_DELETE) {
			kc_response_clear(&resp);
			return kc_target_print(ctx, output, t->res, t->obj, "condition met");
		}
		if (rc < 0 || resp.status != 200) {
			*ret_msg = kc_response_error_text(&resp);
			kc_response_clear(&resp);
			return 1;
		}
		if (timeout == 0) {
			int met = cond->kind == KC_WAIT_DELETE ? 0 : kc_wait_cond_check(cond, resp.body, &w.err);
			kc_response_clear(&resp);
			if (met < 0) {
				*ret_msg = xstrdup(w.err.msg);
				return 1;
			}
			if (!met) {
				_cleanup_free_ char *on = object_name(t);
				*ret_msg = xasprintf("condition not met for %s", on);
				return 1;
			}
			return kc_target_print(ctx, output, t->res, t->obj, "condition met");
		}
		kc_response_clear(&resp);
	}
	int r = kc_target_watch(ctx, t, timeout, cond->kind == KC_WAIT_DELETE ? on_delete : on_cond, &w, &e);
	if (w.last)
		final = w.last;
	int status = 0;
	if (r == 1) {
		kc_target_print(ctx, output, t->res, final, "condition met");
	} else if (r == 0) {
		*ret_msg = xasprintf("timed out waiting for the condition on %s%s%s/%s", t->res->plural,
				     t->res->group[0] ? "." : "", t->res->group, t->name);
		status = 1;
	} else if (r == -2) {
		*ret_msg = e;
		e = NULL;
		status = 1;
	} else if (w.missing) {
		*ret_msg = xasprintf("Error from server (NotFound): %s%s%s \"%s\" not found", t->res->plural,
				     t->res->group[0] ? "." : "", t->res->group, t->name);
		status = 1;
	} else {
		*ret_msg = xstrdup(w.err.msg);
		status = 1;
	}
	free(e);
	cJSON_Delete(w.last);
	return status;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

int cmd_wait(kc_ctx *ctx, int argc, char **argv)
{
	bool all = false, all_ns = false, recursive = false, local = false, allow_missing = true, show_managed = false;
	const char *selector = "", *field_selector = "", *output = "", *for_cond = "", *template = "";
	int64_t timeout = 30 * KC_DURATION_SEC;
	kc_flags_list filenames = {0};
	kc_flag own[] = {
		KC_FLAG_BOOL("all", 0, &all, "false",
			     "Select all resources in the namespace of the specified resource types"),
		KC_FLAG_BOOL("all-namespaces", 'A', &all_ns, "false",
			     "If present, list the requested object(s) across all namespaces. Namespace in current "
			     "context is ignored even if specified with --namespace."),
		KC_FLAG_BOOL("allow-missing-template-keys", 0, &allow_missing, "true",
			     "If true, ignore any errors in templates when a field or map key is missing in the "
			     "template. Only applies to golang and jsonpath output formats."),
		KC_FLAG_STRING("field-selector", 0, &field_selector, "",
			       "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. "
			       "--field-selector key1=value1,key2=value2). The server only supports a limited number of "
			       "field queries per type."),
		KC_FLAG_STRING_SLICE("filename", 'f', &filenames, "", "identifying the resource."),
		KC_FLAG_STRING("for", 0, &for_cond, "",
			       "The condition to wait on: "
			       "[create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath "
			       "expression}'=[JSONPath value]]. The default condition-value is true. Condition values "
			       "are compared after Unicode simple case folding, which is a more general form of "
			       "case-insensitivity."),
		KC_FLAG_BOOL("local", 0, &local, "false", "If true, annotation will NOT contact api-server but run locally."),
		KC_FLAG_STRING("output", 'o', &output, "",
			       "Output format. One of: (json, yaml, name, go-template, go-template-file, template, "
			       "templatefile, jsonpath, jsonpath-as-json, jsonpath-file)."),
		KC_FLAG_BOOL("recursive", 'R', &recursive, "true",
			     "Process the directory used in -f, --filename recursively. Useful when you want to manage "
			     "related manifests organized within the same directory."),
		KC_FLAG_STRING("selector", 'l', &selector, "",
			       "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l "
			       "key1=value1,key2=value2). Matching objects must satisfy all of the specified label "
			       "constraints."),
		KC_FLAG_BOOL("show-managed-fields", 0, &show_managed, "false",
			     "If true, keep the managedFields when printing objects in JSON or YAML format."),
		KC_FLAG_STRING("template", 0, &template, "",
			       "Template string or path to template file to use when -o=go-template, "
			       "-o=go-template-file. The template format is golang templates "
			       "[http://golang.org/pkg/text/template/#pkg-overview]."),
		KC_FLAG_DURATION("timeout", 0, &timeout, "30s",
				 "The length of time to wait before giving up.  Zero means check once and don't wait, "
				 "negative means wait for a week."),
		KC_FLAG_END,
	};
	kc_flag *tables[] = {own, ctx->table, NULL};
	kc_flags_lookup(tables, "local")->hidden = true;
	kc_flags_args args = {0};
	kc_error err = KC_ERROR_INIT;
	kc_wait_cond cond = {0};
	kc_targets t = {0};
	int rc = kc_flags_parse(tables, argc - 1, argv + 1, 0, &args, &err);
	if (rc == KC_FLAGS_HELP) {
		kc_usage(ctx, "wait",
			 "kc wait ([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) "
			 "[--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]] [options]",
			 "Experimental: Wait for a specific condition on one or many resources.\n\n"
			 " The command takes multiple resources and waits until the specified condition is seen in "
			 "the Status field of every given resource.\n\n"
			 " Alternatively, the command can wait for the given set of resources to be created or deleted "
			 "by providing the \"create\" or \"delete\" keyword as the value to the --for flag.\n\n"
			 " A successful message will be printed to stdout indicating when the specified condition has "
			 "been met. You can use -o option to change to output destination.",
			 "# Wait for the pod \"busybox1\" to contain the status condition of type \"Ready\"\n"
			 "kc wait --for=condition=Ready pod/busybox1\n\n"
			 "# The default value of status condition is true; you can wait for other targets after an "
			 "equal delimiter (compared after Unicode simple case folding, which is a more general form of "
			 "case-insensitivity)\n"
			 "kc wait --for=condition=Ready=false pod/busybox1\n\n"
			 "# Wait for the pod \"busybox1\" to contain the status phase to be \"Running\"\n"
			 "kc wait --for=jsonpath='{.status.phase}'=Running pod/busybox1\n\n"
			 "# Wait for pod \"busybox1\" to be Ready\n"
			 "kc wait --for='jsonpath={.status.conditions[?(@.type==\"Ready\")].status}=True' pod/busybox1\n\n"
			 "# Wait for the service \"loadbalancer\" to have ingress\n"
			 "kc wait --for=jsonpath='{.status.loadBalancer.ingress}' service/loadbalancer\n\n"
			 "# Wait for the secret \"busybox1\" to be created, with a timeout of 30 seconds\n"
			 "kc create secret generic busybox1\n"
			 "kc wait --for=create secret/busybox1 --timeout=30s\n\n"
			 "# Wait for the pod \"busybox1\" to be deleted, with a timeout of 60s, after having issued the "
			 "\"delete\" command\n"
			 "kc delete pod/busybox1\n"
			 "kc wait --for=delete pod/busybox1 --timeout=60s",
			 tables);
		rc = 0;
		goto out;
	}
	if (rc < 0) {
		rc = kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	rc = 1;
	if (!kc_target_output_ok(output)) {
		kc_target_output_error(ctx, output);
		goto out;
	}
	if (kc_wait_cond_parse(for_cond, &cond, &err) < 0) {
		kc_fail(ctx, "%s", err.msg);
		goto out;
	}
	if (timeout < 0)
		timeout = 168 * KC_DURATION_HOUR;
	kc_target_opts to = {
		.selector = selector,
		.field_selector = field_selector,
		.all = all,
		.all_namespaces = all_ns,
		.filenames = &filenames,
		.recursive = recursive,
		.lazy = true,
	};
	if (cond.kind == KC_WAIT_CREATE) {
		/* poll every 500ms until every named object exists */
		int64_t deadline = kc_time_monotonic_ms() + timeout / 1000000;
		for (;;) {
			kc_targets probe = {0};
			to.lazy = false;
			int f = kc_targets_fetch(ctx, args.args, args.n, &to, &probe);
			bool missing = probe.n_errors > 0;
			bool other = false;
			for (size_t i = 0; i < probe.n_errors; i++)
				other |= !strstr(probe.errors[i], "(NotFound)");
			if (f < 0 || other) {
				if (f == 0)
					kc_targets_print_errors(ctx, &probe);
				kc_targets_clear(&probe);
				goto out;
			}
			kc_targets_clear(&probe);
			if (!missing)
				break;
			if (kc_time_monotonic_ms() >= deadline) {
				kc_fail(ctx, "timed out waiting for the condition");
				goto out;
			}
			sleep_ms(500);
		}
		to.lazy = true;
	}
	if (kc_targets_fetch(ctx, args.args, args.n, &to, &t) < 0)
		goto out;
	size_t visited = 0;
	for (size_t i = 0; i < t.n; i++) {
		int l = kc_target_load(ctx, &t, i);
		if (l < 0)
			goto out;
		if (l > 0) {
			/* --for=delete: an object already gone is no error */
			if (cond.kind == KC_WAIT_DELETE && strstr(t.errors[t.n_errors - 1], "(NotFound)")) {
				free(t.errors[--t.n_errors]);
				continue;
			}
			kc_targets_print_errors(ctx, &t);
			goto out;
		}
		visited++;
		if (cond.kind == KC_WAIT_CREATE) {
			kc_target_print(ctx, output, t.items[i].res, t.items[i].obj, "condition met");
			continue;
		}
		char *msg = NULL;
		if (wait_target(ctx, &cond, timeout, output, &t.items[i], &msg) != 0) {
			kc_print_error(ctx, msg);
			free(msg);
			goto out;
		}
	}
	if (t.n_errors) {
		kc_targets_print_errors(ctx, &t);
		goto out;
	}
	if (visited == 0 && cond.kind != KC_WAIT_DELETE) {
		kc_fail(ctx, "no matching resources found");
		goto out;
	}
	rc = 0;
out:
	kc_targets_clear(&t);
	kc_wait_cond_clear(&cond);
	free(args.args);
	kc_flags_release(tables);
	return rc;
}
