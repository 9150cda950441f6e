/* test_api_printer.c - the Table around the rows: printer lookup, column
 * definitions, includeObject, list metadata, watch headers, the AGE text at
 * its boundaries, and robustness against objects of the wrong shape. The
 * per-kind rows are in test_api_printer_kinds.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "apiserver/printer.h"
#include "common/json.h"
#include "common/resource.h"
#include "common/util.h"

#define NOW ((time_t)1714564800) /* 2024-05-01T12:00:00Z */

static cJSON *parse_quoted(const char *name, const char *text)
{
	char *s = xstrdup(text);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	cJSON *j = NULL;
	kc_error err = KC_ERROR_INIT;
	if (kc_json_parse_str(s, &j, &err) < 0)
		fail_msg("%s: bad test JSON: %s\n%s", name, err.msg, s);
	free(s);
	return j;
}

static void expect_json(const char *name, const cJSON *got, const char *want_text)
{
	_cleanup_json_ cJSON *want = parse_quoted(name, want_text);
	if (!kc_json_equal(want, got)) {
		_cleanup_free_ char *g = kc_json_print(got);
		_cleanup_free_ char *w = kc_json_print(want);
		fail_msg("%s:\n  got:  %s\n  want: %s", name, g, w);
	}
}

/* ---- AGE: translateTimestampSince over HumanDuration's boundaries ---- */

static void test_age(void **state)
{
	(void)state;
	static const struct {
		const char *ts; /* JSON value text */
		const char *want;
	} cases[] = {
	    {"null", "<unknown>"},
	    {"''", "<unknown>"},
	    {"'yesterday'", "<unknown>"},
	    {"'2024-13-01T00:00:00Z'", "<unknown>"},
	    {"'2024-05-01 12:00:00Z'", "<unknown>"},
	    {"'0001-01-01T00:00:00Z'", "<unknown>"}, /* Go's zero time */
	    {"42", "<unknown>"},
	    {"'2024-05-01T12:00:03Z'", "<invalid>"},
	    {"'2024-05-01T12:00:02Z'", "<invalid>"},
	    {"'2024-05-01T12:00:01.900Z'", "0s"}, /* "almost now" */
	    {"'2024-05-01T12:00:01Z'", "0s"},
	    {"'2024-05-01T12:00:00Z'", "0s"},
	    {"'2024-05-01T11:59:59.5Z'", "0s"},
	    {"'2024-05-01T11:59:30Z'", "30s"},
	    {"'2024-05-01T11:58:01Z'", "119s"},
	    {"'2024-05-01T11:58:00Z'", "2m"},
	    {"'2024-05-01T11:57:59Z'", "2m1s"},
	    {"'2024-05-01T11:50:01Z'", "9m59s"},
	    {"'2024-05-01T11:50:00Z'", "10m"},
	    {"'2024-05-01T09:00:01Z'", "179m"},
	    {"'2024-05-01T09:00:00Z'", "3h"},
	    {"'2024-05-01T08:30:00Z'", "3h30m"},
	    {"'2024-05-01T04:00:01Z'", "7h59m"},
	    {"'2024-05-01T04:00:00Z'", "8h"},
	    {"'2024-04-29T12:00:01Z'", "47h"},
	    {"'2024-04-29T12:00:00Z'", "2d"},
	    {"'2024-04-29T07:00:00Z'", "2d5h"},
	    {"'2024-04-23T13:00:00Z'", "7d23h"},
	    {"'2024-04-23T12:00:00Z'", "8d"},
	    {"'2024-02-01T12:00:00Z'", "90d"},
	    {"'2022-05-03T12:00:00Z'", "729d"},
	    {"'2022-05-02T12:00:00Z'", "2y"}, /* 730 days (2024 is a leap year) */
	    {"'2022-04-29T12:00:00Z'", "2y3d"},
	    {"'2016-05-04T12:00:00Z'", "7y364d"},
	    {"'2016-05-03T12:00:00Z'", "8y"},
	    {"'2014-05-04T12:00:00Z'", "10y"},
	    {"'2024-05-01T21:00:00+09:00'", "0s"}, /* the same instant */
	    {"'2024-05-01T07:00:00-04:00'", "60m"},
	    {"'2024-05-01T11:55:00.123456Z'", "4m59s"},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		_cleanup_json_ cJSON *ts = parse_quoted(cases[i].ts, cases[i].ts);
		_cleanup_free_ char *age = api_printer_age(ts, NOW);
		if (!streq(age, cases[i].want))
			fail_msg("age of %s: got %s, want %s", cases[i].ts, age, cases[i].want);
	}
	_cleanup_free_ char *missing = api_printer_age(NULL, NOW);
	assert_string_equal(missing, "<unknown>");
}

/* ---- lookup and columns ---- */

static const char *column_names(const api_printer *p, char *buf, size_t size)
{
	kc_buf b = KC_BUF_INIT;
	for (const api_table_column *c = p->columns; c->name; c++)
		kc_buf_addf(&b, "%s%s%s", c->name, c->priority ? "*" : "", c[1].name ? "|" : "");
	snprintf(buf, size, "%s", kc_buf_str(&b));
	kc_buf_free(&b);
	return buf;
}

static void test_columns(void **state)
{
	(void)state;
	/* Upstream's column names in order; * marks priority 1 (-o wide). */
	static const struct {
		const char *group, *plural, *columns;
	} cases[] = {
	    {"", "pods", "Name|Ready|Status|Restarts|Age|IP*|Node*|Nominated Node*|Readiness Gates*"},
	    {"", "services", "Name|Type|Cluster-IP|External-IP|Port(s)|Age|Selector*"},
	    {"apps", "deployments", "Name|Ready|Up-to-date|Available|Age|Containers*|Images*|Selector*"},
	    {"apps", "replicasets", "Name|Desired|Current|Ready|Age|Containers*|Images*|Selector*"},
	    {"", "replicationcontrollers", "Name|Desired|Current|Ready|Age|Containers*|Images*|Selector*"},
	    {"apps", "statefulsets", "Name|Ready|Age|Containers*|Images*"},
	    {"apps", "daemonsets",
	     "Name|Desired|Current|Ready|Up-to-date|Available|Node "
	     "Selector|Age|Containers*|Images*|Selector*"},
	    {"batch", "jobs", "Name|Status|Completions|Duration|Age|Containers*|Images*|Selector*"},
	    {"batch", "cronjobs",
	     "Name|Schedule|Timezone|Suspend|Active|Last Schedule|Age|Containers*|Images*|Selector*"},
	    {"", "nodes",
	     "Name|Status|Roles|Age|Version|Internal-IP*|External-IP*|OS-Image*|Kernel-Version*|Container-"
	     "Runtime*"},
	    {"", "namespaces", "Name|Status|Age"},
	    {"", "endpoints", "Name|Endpoints|Age"},
	    {"discovery.k8s.io", "endpointslices", "Name|AddressType|Ports|Endpoints|Age"},
	    {"", "events",
	     "Last Seen|Type|Reason|Object|Subobject*|Source*|Message|First Seen*|Count*|Name*"},
	    {"events.k8s.io", "events",
	     "Last Seen|Type|Reason|Object|Subobject*|Source*|Message|First Seen*|Count*|Name*"},
	    {"", "configmaps", "Name|Data|Age"},
	    {"", "secrets", "Name|Type|Data|Age"},
	    {"", "serviceaccounts", "Name|Secrets|Age"},
	    {"", "persistentvolumes",
	     "Name|Capacity|Access Modes|Reclaim "
	     "Policy|Status|Claim|StorageClass|VolumeAttributesClass|Reason|Age|"
	     "VolumeMode*"},
	    {"", "persistentvolumeclaims",
	     "Name|Status|Volume|Capacity|Access Modes|StorageClass|VolumeAttributesClass|Age|VolumeMode*"},
	    {"storage.k8s.io", "storageclasses",
	     "Name|Provisioner|ReclaimPolicy|VolumeBindingMode|AllowVolumeExpansion|Age"},
	    {"networking.k8s.io", "ingresses", "Name|Class|Hosts|Address|Ports|Age"},
	    {"networking.k8s.io", "ingressclasses", "Name|Controller|Parameters|Age"},
	    {"coordination.k8s.io", "leases", "Name|Holder|Age"},
	    {"rbac.authorization.k8s.io", "roles", "Name|Created At"},
	    {"rbac.authorization.k8s.io", "clusterroles", "Name|Created At"},
	    {"rbac.authorization.k8s.io", "rolebindings", "Name|Role|Age|Users*|Groups*|ServiceAccounts*"},
	    {"rbac.authorization.k8s.io", "clusterrolebindings",
	     "Name|Role|Age|Users*|Groups*|ServiceAccounts*"},
	    {"apps", "controllerrevisions", "Name|Controller|Revision|Age"},
	    {"authorization.k8s.io", "selfsubjectaccessreviews", "Name|Created At"},
	    {"", "bindings", "Name|Created At"},
	};
	char buf[512];
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const kc_resource *r = kc_resource_find(cases[i].group, "v1", cases[i].plural);
		if (!r)
			fail_msg("no resource %s/%s", cases[i].group, cases[i].plural);
		const char *got = column_names(api_printer_for(r), buf, sizeof(buf));
		if (!streq(got, cases[i].columns))
			fail_msg("%s columns:\n  got:  %s\n  want: %s", cases[i].plural, got,
			         cases[i].columns);
	}
	/* Every resource has a printer, and only the Name column is "name"
	 * formatted; types are upstream's. */
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		const api_printer *p = api_printer_for(r);
		assert_non_null(p);
		for (const api_table_column *c = p->columns; c->name; c++) {
			if (streq(c->format, "name") != streq(c->name, "Name"))
				fail_msg("%s: column %s has format '%s'", r->plural, c->name, c->format);
			if (!streq(c->type, "string") && !streq(c->type, "integer") &&
			    !streq(c->type, "boolean") && !streq(c->type, "date"))
				fail_msg("%s: column %s has type %s", r->plural, c->name, c->type);
			if (!c->description || !c->description[0])
				fail_msg("%s: column %s has no description", r->plural, c->name);
		}
	}
	assert_non_null(api_printer_for(NULL));
}

static void test_column_definitions_json(void **state)
{
	(void)state;
	const kc_resource *r = kc_resource_find("", "v1", "pods");
	_cleanup_json_ cJSON *defs = api_printer_column_definitions(api_printer_for(r));
	assert_int_equal(cJSON_GetArraySize(defs), 9);
	/* Descriptions are the API field docs, as upstream's SwaggerDoc(). */
	expect_json(
	    "pod Name column", cJSON_GetArrayItem(defs, 0),
	    "{'name':'Name','type':'string','format':'name','description':'Name must be unique within a "
	    "namespace. Is required when creating resources, although some resources may allow a client to "
	    "request the generation of an appropriate name automatically. Name is primarily intended for "
	    "creation idempotence and configuration definition. Cannot be updated. More info: "
	    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names','priority':0}");
	expect_json("pod Restarts column", cJSON_GetArrayItem(defs, 3),
	            "{'name':'Restarts','type':'string','format':'','description':'The number of times the "
	            "containers in this pod have been restarted and when the last container in this pod has "
	            "restarted.','priority':0}");
	expect_json(
	    "pod IP column", cJSON_GetArrayItem(defs, 5),
	    "{'name':'IP','type':'string','format':'','description':'podIP address allocated to the pod. "
	    "Routable at least within the cluster. Empty if not yet allocated.','priority':1}");
	const cJSON *age = cJSON_GetArrayItem(defs, 4);
	assert_string_equal(cJSON_GetObjectItem(age, "name")->valuestring, "Age");
	assert_true(str_startswith(cJSON_GetObjectItem(age, "description")->valuestring,
	                           "CreationTimestamp is a timestamp representing the server time"));

	r = kc_resource_find("rbac.authorization.k8s.io", "v1", "roles");
	_cleanup_json_ cJSON *role_defs = api_printer_column_definitions(api_printer_for(r));
	const cJSON *created = cJSON_GetArrayItem(role_defs, 1);
	assert_string_equal(cJSON_GetObjectItem(created, "type")->valuestring, "date");
	assert_string_equal(cJSON_GetObjectItem(created, "format")->valuestring, "");
}

/* ---- the Table ---- */

static const char *const POD_A =
    "{'kind':'Pod','apiVersion':'v1','metadata':{'name':'a','namespace':'default','uid':'u-a','"
    "resourceVersion':'10',"
    "'creationTimestamp':'2024-05-01T11:59:00Z','labels':{'x':'y'},'managedFields':[{'manager':'kubectl'}]},"
    "'spec':{'containers':[{'name':'c','image':'nginx'}]},'status':{'phase':'Succeeded'}}";
static const char *const POD_B =
    "{'kind':'Pod','apiVersion':'v1','metadata':{'name':'b','namespace':'default','uid':'u-b','"
    "resourceVersion':'11',"
    "'creationTimestamp':'2024-05-01T11:00:00Z'},'spec':{'containers':[{'name':'c','image':'nginx'}]},"
    "'status':{'phase':'Running','podIP':'10.0.0.2'}}";

static cJSON *two_pods(void)
{
	cJSON *arr = cJSON_CreateArray();
	cJSON_AddItemToArray(arr, parse_quoted("pod a", POD_A));
	cJSON_AddItemToArray(arr, parse_quoted("pod b", POD_B));
	return arr;
}

static void test_table_metadata(void **state)
{
	(void)state;
	const kc_resource *pods = kc_resource_find("", "v1", "pods");
	_cleanup_json_ cJSON *objects = two_pods();
	_cleanup_json_ cJSON *list_meta =
	    parse_quoted("list meta", "{'resourceVersion':'12','continue':'tok',"
	                              "'remainingItemCount':5,'selfLink':'x'}");
	_cleanup_json_ cJSON *t = api_table_from_objects(pods, objects, "Metadata", list_meta, NOW);
	assert_string_equal(cJSON_GetObjectItem(t, "kind")->valuestring, "Table");
	assert_string_equal(cJSON_GetObjectItem(t, "apiVersion")->valuestring, "meta.k8s.io/v1");
	expect_json("list metadata", cJSON_GetObjectItem(t, "metadata"),
	            "{'resourceVersion':'12','continue':'tok','remainingItemCount':5}");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(t, "columnDefinitions")), 9);
	const cJSON *rows = cJSON_GetObjectItem(t, "rows");
	assert_int_equal(cJSON_GetArraySize(rows), 2);
	/* Rows: cells, conditions for the finished pod, the metadata. */
	expect_json(
	    "row a", cJSON_GetArrayItem(rows, 0),
	    "{'cells':['a','0/1','Succeeded','0','60s','<none>','<none>','<none>','<none>'],"
	    "'conditions':[{'type':'Completed','status':'True','reason':'Succeeded','message':"
	    "'The pod has completed successfully.'}],'object':{'kind':'PartialObjectMetadata','apiVersion':"
	    "'meta.k8s.io/"
	    "v1','metadata':{'name':'a','namespace':'default','uid':'u-a','resourceVersion':'10',"
	    "'creationTimestamp':'2024-05-01T11:59:00Z','labels':{'x':'y'},'managedFields':"
	    "[{'manager':'kubectl'}]}}}");
	expect_json(
	    "row b", cJSON_GetArrayItem(rows, 1),
	    "{'cells':['b','0/1','Running','0','60m','10.0.0.2','<none>','<none>','<none>'],"
	    "'object':{'kind':'PartialObjectMetadata','apiVersion':'meta.k8s.io/v1','metadata':{'name':'b',"
	    "'namespace':'default','uid':'u-b','resourceVersion':'11','creationTimestamp':"
	    "'2024-05-01T11:00:00Z'}}}");
	/* The JSON keys come in upstream's order. */
	_cleanup_free_ char *text = kc_json_print(t);
	assert_true(
	    str_startswith(text, "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{"));
	const char *defs = strstr(text, "},\"columnDefinitions\":[{\"name\":\"Name\"");
	assert_non_null(defs);
	assert_non_null(strstr(defs, "}],\"rows\":[{\"cells\":[\"a\""));
}

static void test_table_include_object(void **state)
{
	(void)state;
	const kc_resource *pods = kc_resource_find("", "v1", "pods");
	_cleanup_json_ cJSON *objects = two_pods();
	static const struct {
		const char *include;
		const char *want_object_kind; /* NULL: "object": null */
	} cases[] = {
	    {NULL, "PartialObjectMetadata"},
	    {"", "PartialObjectMetadata"},
	    {"Metadata", "PartialObjectMetadata"},
	    {"Object", "Pod"},
	    {"None", NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const char *inc = cases[i].include ? cases[i].include : "(null)";
		_cleanup_json_ cJSON *t = api_table_from_objects(pods, objects, cases[i].include, NULL, NOW);
		expect_json(inc, cJSON_GetObjectItem(t, "metadata"), "{}");
		const cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "rows"), 1);
		const cJSON *obj = cJSON_GetObjectItem(row, "object");
		if (!obj)
			fail_msg("includeObject=%s: no object member", inc);
		if (!cases[i].want_object_kind) {
			if (!cJSON_IsNull(obj))
				fail_msg("includeObject=%s: object is not null", inc);
			continue;
		}
		const char *kind = kc_json_get_str(obj, "kind", "");
		if (!streq(kind, cases[i].want_object_kind))
			fail_msg("includeObject=%s: object kind %s", inc, kind);
	}
	_cleanup_json_ cJSON *t = api_table_from_objects(pods, objects, "Object", NULL, NOW);
	expect_json("full object", kc_json_get(t, "rows[1].object"), POD_B);

	assert_true(api_table_include_object_valid(NULL));
	assert_true(api_table_include_object_valid(""));
	assert_true(api_table_include_object_valid("None"));
	assert_true(api_table_include_object_valid("Object"));
	assert_true(api_table_include_object_valid("Metadata"));
	assert_false(api_table_include_object_valid("metadata"));
	assert_false(api_table_include_object_valid("All"));
}

static void test_table_watch_and_empty(void **state)
{
	(void)state;
	const kc_resource *svc = kc_resource_find("", "v1", "services");
	_cleanup_json_ cJSON *empty = cJSON_CreateArray();
	_cleanup_json_ cJSON *t = api_table_from_objects(svc, empty, NULL, NULL, NOW);
	expect_json("empty rows", cJSON_GetObjectItem(t, "rows"), "[]");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(t, "columnDefinitions")), 7);

	/* A watch event after the first: no column definitions. */
	_cleanup_json_ cJSON *one =
	    parse_quoted("svc", "[{'metadata':{'name':'s','resourceVersion':'99'},"
	                        "'spec':{'type':'ClusterIP','clusterIP':'10.0.0.1'}}]");
	_cleanup_json_ cJSON *meta = parse_quoted("meta", "{'resourceVersion':'99'}");
	_cleanup_json_ cJSON *w = api_table_from_objects_ex(svc, one, "Object", meta, true, NOW);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(w, "columnDefinitions")));
	expect_json("watch metadata", cJSON_GetObjectItem(w, "metadata"), "{'resourceVersion':'99'}");
	expect_json("watch cells", kc_json_get(w, "rows[0].cells"),
	            "['s','ClusterIP','10.0.0.1','<none>','<none>','<unknown>','<none>']");

	/* Objects that are not an array make no rows; a null resource gets
	 * the default printer. */
	_cleanup_json_ cJSON *not_array = cJSON_CreateObject();
	_cleanup_json_ cJSON *t2 = api_table_from_objects(NULL, not_array, NULL, NULL, NOW);
	expect_json("not an array", cJSON_GetObjectItem(t2, "rows"), "[]");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(t2, "columnDefinitions")), 2);
	_cleanup_json_ cJSON *t3 = api_table_from_objects(svc, NULL, NULL, NULL, NOW);
	expect_json("NULL objects", cJSON_GetObjectItem(t3, "rows"), "[]");
}

/* ---- objects of the wrong shape: every printer, every field mistyped ---- */

static void test_malformed(void **state)
{
	(void)state;
	static const char *const objects[] = {
	    "{}",
	    "null",
	    "[]",
	    "'pod'",
	    "42",
	    "{'metadata':null,'spec':null,'status':null}",
	    "{'metadata':[],'spec':'x','status':7}",
	    "{'metadata':{'name':5,'creationTimestamp':5,'labels':['a'],'annotations':'x','deletionTimestamp'"
	    ":'bad',"
	    "'ownerReferences':{'controller':true}},'spec':{'containers':{'name':'x'},'initContainers':'x',"
	    "'replicas':'3','selector':['x'],'ports':{'port':80},'externalIPs':[1,2],'readinessGates':[null,"
	    "5],"
	    "'template':{'spec':{'containers':[null,1,{'name':[],'image':{}}]}},'unschedulable':'yes',"
	    "'capacity':{'storage':{}},'accessModes':[1,'ReadWriteOnce'],'claimRef':'x','parameters':'x',"
	    "'rules':[null,{'host':7}],'tls':'x','jobTemplate':[]},'status':{'phase':7,'conditions':[null,"
	    "{'type':5}],'containerStatuses':[null,{'state':'x','lastState':{'terminated':'x'},'restartCount'"
	    ":"
	    "'x'},{'state':{'terminated':{'exitCode':'x','signal':1e300}},'restartCount':1e300}],"
	    "'initContainerStatuses':{'x':1},'podIPs':[{'ip':5}],'loadBalancer':{'ingress':[null,{'ip':[]}]},"
	    "'addresses':[null],'nodeInfo':'x','active':{},'capacity':[]},'subsets':[null,{'addresses':'x',"
	    "'ports':[null]},{'addresses':[null,{'ip':5}],'ports':[{'port':'x'}]}],'endpoints':[{'addresses':"
	    "[1,null]}],'ports':[null,{'port':null,'name':3}],'involvedObject':'x','regarding':{'kind':5},"
	    "'series':{'lastObservedTime':5,'count':'x'},'count':-1e300,'source':[],'message':5,'subjects':"
	    "[null,{'kind':'ServiceAccount'}],'roleRef':'x','data':'x','binaryData':[1,2],'secrets':'x',"
	    "'revision':'x','provisioner':5}",
	    "{'metadata':{'name':'x','creationTimestamp':'9999-12-31T23:59:59Z'},'status':{'startTime':"
	    "'0001-01-01T00:00:01Z','completionTime':'9999-12-31T23:59:59Z','containerStatuses':[{'"
	    "restartCount':"
	    "9007199254740993,'lastState':{'terminated':{'finishedAt':'1900-01-01T00:00:00Z'}}}]},"
	    "'spec':{'completions':-5,'parallelism':1e18}}",
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(objects); i++) {
		_cleanup_json_ cJSON *obj = parse_quoted(objects[i], objects[i]);
		for (const kc_resource *r = kc_resources; r->kind; r++) {
			const api_printer *p = api_printer_for(r);
			_cleanup_json_ cJSON *cells = cJSON_CreateArray();
			p->row(obj, cells, NOW);
			int ncols = 0;
			while (p->columns[ncols].name)
				ncols++;
			if (cJSON_GetArraySize(cells) != ncols)
				fail_msg("%s on object %zu: %d cells for %d columns", r->plural, i,
				         cJSON_GetArraySize(cells), ncols);
			const cJSON *cell;
			cJSON_ArrayForEach(cell, cells)
			{
				if (!cJSON_IsString(cell) && !cJSON_IsNumber(cell) && !cJSON_IsBool(cell))
					fail_msg(
					    "%s on object %zu: a cell is neither string, number nor bool",
					    r->plural, i);
			}
			_cleanup_json_ cJSON *conds = p->conditions ? p->conditions(obj) : NULL;
			(void)conds;
		}
		_cleanup_json_ cJSON *arr = cJSON_CreateArray();
		cJSON_AddItemToArray(arr, cJSON_Duplicate(obj, true));
		for (const kc_resource *r = kc_resources; r->kind; r++) {
			_cleanup_json_ cJSON *t = api_table_from_objects(r, arr, "Metadata", obj, NOW);
			if (!cJSON_IsObject(kc_json_get(t, "rows[0].object.metadata")))
				fail_msg("%s on object %zu: no metadata object in the row", r->plural, i);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_age),
	    cmocka_unit_test(test_columns),
	    cmocka_unit_test(test_column_definitions_json),
	    cmocka_unit_test(test_table_metadata),
	    cmocka_unit_test(test_table_include_object),
	    cmocka_unit_test(test_table_watch_and_empty),
	    cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
