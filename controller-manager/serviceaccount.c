/* serviceaccount.c - the "serviceaccount" controller: a ServiceAccount
 * named "default" in every active namespace, made again when deleted
 * (upstream's pkg/controller/serviceaccount, ServiceAccountsController).
 *
 * Keys are namespace names. A namespace that is added or changes is
 * checked; so is the namespace of a ServiceAccount that is deleted. A
 * namespace that is not Active (being deleted) gets nothing: the apiserver
 * would refuse the create anyway. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "common/log.h"
#include "common/util.h"
#include "controller-manager/cm.h"
#include "controller-manager/inflight.h"
#include "banned.h"

/* upstream's DefaultServiceAccountsControllerOptions */
static const char *const accounts[] = {"default"};

typedef struct sa_ctl {
	kc_cm *cm;
	kc_informer *namespaces, *accounts;
	kc_queue *q;
	kc_cm_inflight *inflight;
} sa_ctl;

static int on_created(kc_response *resp, const char *key, void *data)
{
	(void)data;
	/* AlreadyExists: the cache was behind, the account is there. A
	 * namespace being deleted refuses new content: nothing to do. */
	if ((resp->status >= 200 && resp->status < 300) || resp->status == 409 ||
	    kc_cm_namespace_terminating(resp))
		return 0;
	kc_log_v(2, "creating the default ServiceAccount in namespace %s failed, retrying: %s", key, resp->err.msg);
	return -EIO;
}

static int sa_sync(const char *key, void *userdata)
{
	sa_ctl *c = userdata;
	const cJSON *ns = kc_informer_get(c->namespaces, key);
	if (!ns)
		return 0; /* gone: nothing to do */
	if (!streq(kc_json_get_str(ns, "status.phase", ""), "Active"))
		return 0;
	int rc = 0;
	for (size_t i = 0; i < KC_ARRAY_SIZE(accounts); i++) {
		if (kc_informer_get_by_name(c->accounts, key, accounts[i]))
			continue;
		_cleanup_json_ cJSON *sa = cJSON_CreateObject();
		cJSON_AddStringToObject(sa, "kind", "ServiceAccount");
		cJSON_AddStringToObject(sa, "apiVersion", "v1");
		cJSON *meta = cJSON_AddObjectToObject(sa, "metadata");
		cJSON_AddStringToObject(meta, "name", accounts[i]);
		cJSON_AddStringToObject(meta, "namespace", key);
		_cleanup_free_ char *path = xasprintf("/api/v1/namespaces/%s/serviceaccounts", key);
		if (kc_cm_inflight_send(c->inflight, key, "POST", path, sa, on_created, NULL, NULL) < 0)
			rc = -EIO;
	}
	return rc;
}

static kc_queue_result sa_process(kc_queue *q, const char *key, void *userdata)
{
	(void)q;
	sa_ctl *c = userdata;
	return kc_cm_inflight_run(c->inflight, key, sa_sync, c);
}

static void on_namespace(const cJSON *ns, void *userdata)
{
	sa_ctl *c = userdata;
	const char *name = kc_json_get_str(ns, "metadata.name", "");
	if (name[0])
		kc_queue_add(c->q, name);
}

static void on_namespace_update(const cJSON *old_obj, const cJSON *new_obj, void *userdata)
{
	(void)old_obj;
	on_namespace(new_obj, userdata);
}

/* serviceAccountDeleted: one of ours gone, its namespace is checked. */
static void on_account_deleted(const cJSON *sa, void *userdata)
{
	sa_ctl *c = userdata;
	const char *name = kc_json_get_str(sa, "metadata.name", "");
	const char *ns = kc_json_get_str(sa, "metadata.namespace", "");
	for (size_t i = 0; i < KC_ARRAY_SIZE(accounts); i++)
		if (ns[0] && streq(name, accounts[i]))
			kc_queue_add(c->q, ns);
}

static void *sa_start(kc_cm *cm)
{
	sa_ctl *c = xcalloc(1, sizeof(*c));
	c->cm = cm;
	c->namespaces = kc_cm_informer(cm, "/api/v1/namespaces");
	c->accounts = kc_cm_informer(cm, "/api/v1/serviceaccounts");
	c->q = kc_cm_queue(cm, "serviceaccount", sa_process, c);
	c->inflight = kc_cm_inflight_new(kc_cm_client(cm), c->q);
	kc_informer_add_handlers(c->namespaces, &(kc_informer_handlers){.on_add = on_namespace,
									.on_update = on_namespace_update,
									.userdata = c});
	kc_informer_add_handlers(c->accounts,
				 &(kc_informer_handlers){.on_delete = on_account_deleted, .userdata = c});
	return c;
}

static void sa_stop(void *state)
{
	sa_ctl *c = state;
	if (!c)
		return;
	kc_cm_inflight_free(c->inflight);
	free(c);
}

const kc_controller_def kc_controller_serviceaccount = {
	.name = "serviceaccount",
	.start = sa_start,
	.stop = sa_stop,
};
