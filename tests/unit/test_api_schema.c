/* test_api_schema.c - the schema tables, the unknown/duplicate field check
 * of request bodies, and the OpenAPI v2/v3 documents built from them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include "apiserver/schema.h"
#include "apiserver/schema_types.h"
#include "common/resource.h"
#include "common/util.h"

static cJSON *parse_quoted(const char *name, const char *text)
{
	char *s = xstrdup(text);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	cJSON *j = cJSON_Parse(s);
	if (!j)
		fail_msg("%s: bad test JSON: %s", name, s);
	free(s);
	return j;
}

static char *join(char **v, size_t n)
{
	kc_buf b = KC_BUF_INIT;
	kc_buf_addstr(&b, "");
	for (size_t i = 0; i < n; i++)
		kc_buf_addf(&b, "%s%s", i ? "," : "", v[i]);
	return kc_buf_release(&b);
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- the tables ---- */

static void test_tables_consistent(void **state)
{
	(void)state;
	assert_true(api_schema_ntypes > 300);
	for (size_t i = 0; i < api_schema_ntypes; i++) {
		const api_stype *t = &api_schema_types[i];
		if (i > 0 && strcmp(api_schema_types[i - 1].name, t->name) >= 0)
			fail_msg("types not sorted at %s", t->name);
		if (!t->description[0])
			fail_msg("%s has no description", t->name);
		for (size_t j = 0; j < t->nfields; j++) {
			const api_sfield *f = &t->fields[j];
			if (j > 0 && strcmp(t->fields[j - 1].name, f->name) >= 0)
				fail_msg("%s: fields not sorted at %s", t->name, f->name);
			if (!f->description[0])
				fail_msg("%s.%s has no description", t->name, f->name);
			if (f->base == API_SB_REF && (f->ref < 0 || (size_t)f->ref >= api_schema_ntypes))
				fail_msg("%s.%s: ref out of range", t->name, f->name);
			if (api_schema_field(t, f->name) != f)
				fail_msg("%s.%s: look-up fails", t->name, f->name);
		}
		assert_ptr_equal(api_schema_type(t->name), t);
	}
	assert_null(api_schema_type("io.k8s.api.core.v1.Nope"));
	assert_null(api_schema_type(""));
}

static void test_every_resource_has_a_schema(void **state)
{
	(void)state;
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		const api_stype *t = api_schema_type_gvk(r->group, r->version, r->kind);
		if (!t)
			fail_msg("no schema for %s/%s %s", r->group, r->version, r->kind);
		if (!api_schema_field(t, "metadata") || !api_schema_field(t, "apiVersion"))
			fail_msg("%s lacks metadata or apiVersion", t->name);
		if (r->verbs & KC_VERB_LIST) {
			char list[128];
			snprintf(list, sizeof(list), "%sList", r->kind);
			const api_stype *lt = api_schema_type_gvk(r->group, r->version, list);
			if (!lt || !api_schema_field(lt, "items"))
				fail_msg("no list schema for %s", r->kind);
		}
	}
	/* what `kubectl explain pods.spec.containers` lists, all of it */
	const api_stype *c = api_schema_type("io.k8s.api.core.v1.Container");
	assert_non_null(c);
	assert_int_equal(c->nfields, 24);
	const api_sfield *ports = api_schema_field(c, "ports");
	assert_string_equal(ports->patch_merge_key, "containerPort");
	assert_string_equal(ports->list_map_keys[1], "protocol");
	assert_null(api_schema_type_gvk("", "v1", "Nope"));
	assert_non_null(api_schema_type_gvk("autoscaling", "v1", "Scale"));
	assert_non_null(api_schema_type_gvk("events.k8s.io", "v1", "Event"));
}

/* ---- the field check ---- */

static void test_unknown_and_duplicate_fields(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const char *gvk; /* "group/version/Kind" */
		const char *body;
		const char *unknown;   /* comma-joined paths */
		const char *duplicate; /* comma-joined paths */
	} cases[] = {
	    {"clean pod", "/v1/Pod",
	     "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'a','labels':{'x':'y'}},"
	     "'spec':{'containers':[{'name':'c','image':'nginx','ports':[{'containerPort':80}]}]}}",
	     "", ""},
	    {"seed pulse pod: app under metadata", "/v1/Pod",
	     "{'metadata':{'name':'pulse','app':'pulse'},'spec':{'containers':[{'name':'c','image':'i'}]}}",
	     "metadata.app", ""},
	    {"typo in a container", "/v1/Pod",
	     "{'spec':{'containers':[{'name':'a'},{'name':'b','imagePullPolice':'Always'}]}}",
	     "spec.containers[1].imagePullPolice", ""},
	    {"several, in document order", "/v1/Pod",
	     "{'foo':1,'spec':{'bar':2,'volumes':[{'name':'v','configMap':{'name':'m','itemz':[]}}]},'status':{'x':1}}",
	     "foo,spec.bar,spec.volumes[0].configMap.itemz,status.x", ""},
	    {"names are case-sensitive", "/v1/Service",
	     "{'spec':{'ports':[{'port':80,'nodeport':30000,'targetPort':'http'}]}}", "spec.ports[0].nodeport", ""},
	    {"deep in a deployment's template", "apps/v1/Deployment",
	     "{'spec':{'selector':{'matchLabels':{'a':'b'},'matchLabel':{}},'template':{'metadata':{'labels':{'a':'b'}},"
	     "'spec':{'containers':[{'name':'c','resources':{'limits':{'cpu':'1'},'limit':{}}}]}},"
	     "'strategy':{'rollingUpdate':{'maxSurge':'25%','maxSurges':1}}}}",
	     "spec.selector.matchLabel,spec.template.spec.containers[0].resources.limit,"
	     "spec.strategy.rollingUpdate.maxSurges",
	     ""},
	    {"map keys are free", "/v1/ConfigMap", "{'data':{'anything':'x','other.key':'y'},'binaryData':{'b':'eA=='}}",
	     "", ""},
	    {"map of lists", "authorization.k8s.io/v1/SubjectAccessReview",
	     "{'spec':{'user':'u','extra':{'k':['a','b']},'resourceAttributes':{'verb':'get','verbs':'x'}}}",
	     "spec.resourceAttributes.verbs", ""},
	    {"free-form RawExtension is not looked into", "apps/v1/ControllerRevision",
	     "{'revision':1,'data':{'whatever':{'deep':[1,2]}}}", "", ""},
	    {"wrong types are not this check's business", "/v1/Pod",
	     "{'metadata':'x','spec':{'containers':'nope','volumes':[1,'a',null]}}", "", ""},
	    {"null values", "/v1/Pod", "{'metadata':null,'spec':{'containers':null}}", "", ""},
	    {"duplicates", "/v1/Pod",
	     "{'metadata':{'name':'a','name':'b','labels':{'x':'1','x':'2'}},'spec':{'containers':[{'name':'c','name':'d','nope':1}]}}",
	     "spec.containers[0].nope", "metadata.name,metadata.labels.x,spec.containers[0].name"},
	    {"unknown and duplicate", "/v1/Pod", "{'foo':1,'foo':2}", "foo", "foo"},
	    {"scale subresource body", "autoscaling/v1/Scale", "{'spec':{'replicas':3,'replica':2}}", "spec.replica", ""},
	    {"events.k8s.io event is not the core one", "events.k8s.io/v1/Event",
	     "{'note':'n','regarding':{'kind':'Pod'},'involvedObject':{}}", "involvedObject", ""},
	    {"core event", "/v1/Event", "{'note':'n','involvedObject':{'kind':'Pod'}}", "note", ""},
	    {"not an object", "/v1/Pod", "[1,2]", "", ""},
	    {"empty key", "/v1/Pod", "{'':1}", "", ""},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		char gvk[128];
		snprintf(gvk, sizeof(gvk), "%s", cases[i].gvk);
		char *k = strrchr(gvk, '/');
		*k++ = '\0';
		char *v = strrchr(gvk, '/');
		*v++ = '\0';
		_cleanup_json_ cJSON *obj = parse_quoted(cases[i].name, cases[i].body);
		char **unknown = NULL, **dup = NULL;
		size_t nu = 99, nd = 99;
		int rc = api_schema_check_fields(gvk, v, k, obj, &unknown, &nu, &dup, &nd, NULL);
		if (rc < 0)
			fail_msg("%s: check failed: %d", cases[i].name, rc);
		_cleanup_free_ char *u = join(unknown, nu);
		_cleanup_free_ char *d = join(dup, nd);
		/* "empty key": a key "" is unknown, reported with an empty path */
		if (streq(cases[i].name, "empty key")) {
			if (nu != 1 || unknown[0][0])
				fail_msg("%s: got %zu unknown", cases[i].name, nu);
		} else if (!streq(u, cases[i].unknown)) {
			fail_msg("%s: unknown:\n  got:  %s\n  want: %s", cases[i].name, u, cases[i].unknown);
		}
		if (!streq(d, cases[i].duplicate))
			fail_msg("%s: duplicate:\n  got:  %s\n  want: %s", cases[i].name, d, cases[i].duplicate);
		free_list(unknown, nu);
		free_list(dup, nd);
	}
}

static void test_field_check_by_resource(void **state)
{
	(void)state;
	const kc_resource *pods = kc_resource_find("", "v1", "pods");
	_cleanup_json_ cJSON *obj =
		parse_quoted("pod", "{'metadata':{'name':'a','app':'x','name':'b'},'spec':{'containers':[{'imagePullPolice':1}]}}");
	char **v = NULL;
	size_t n = api_schema_unknown_fields(pods, obj, &v);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "metadata.app");
	assert_string_equal(v[1], "spec.containers[0].imagePullPolice");
	free_list(v, n);
	n = api_schema_duplicate_fields(pods, obj, &v);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "metadata.name");
	free_list(v, n);

	/* nothing to report: no array */
	_cleanup_json_ cJSON *clean = parse_quoted("clean", "{'metadata':{'name':'a'}}");
	v = (char **)&n; /* must be overwritten */
	n = api_schema_unknown_fields(pods, clean, &v);
	assert_int_equal(n, 0);
	free(v);

	/* a kind without a schema reports nothing, and the general check says so */
	static const kc_resource fake = {"example.com", "v1", "Widget", "widgets", "widget", {NULL}, {NULL},
					 true, KC_VERBS_ALL, 0, NULL};
	n = api_schema_unknown_fields(&fake, obj, &v);
	assert_int_equal(n, 0);
	free(v);
	char **u = (char **)&n;
	size_t nu = 42;
	assert_int_equal(api_schema_check_fields("example.com", "v1", "Widget", obj, &u, &nu, NULL, NULL, NULL), -ENOENT);
	assert_int_equal(nu, 42); /* untouched */
}

/* Values of the wrong JSON type, in encoding/json's words. */
static void test_type_errors(void **state)
{
	(void)state;
	static const struct {
		const char *name, *plural, *body, *want; /* want NULL: fits */
	} cases[] = {
	    {"fits", "pods",
	     "{'metadata':{'name':'a','labels':{'x':'1'}},'spec':{'containers':[{'name':'c','ports':[{'containerPort':80}],"
	     "'resources':{'limits':{'cpu':1,'memory':'1Gi'}}}],'terminationGracePeriodSeconds':30,'hostNetwork':false}}",
	     NULL},
	    {"nulls fit anything", "pods", "{'metadata':{'labels':null},'spec':{'containers':null,'priority':null}}", NULL},
	    {"number for a map value", "configmaps", "{'data':{'a':1}}",
	     "json: cannot unmarshal number into Go struct field ConfigMap.data of type string"},
	    {"string for an int32 in a list", "pods", "{'spec':{'containers':[{'ports':[{'containerPort':'80'}]}]}}",
	     "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of "
	     "type int32"},
	    {"fraction for an int64", "pods", "{'spec':{'activeDeadlineSeconds':1.5}}",
	     "json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.activeDeadlineSeconds of type int64"},
	    {"int32 out of range", "pods", "{'spec':{'priority':3000000000}}",
	     "json: cannot unmarshal number 3000000000 into Go struct field PodSpec.spec.priority of type int32"},
	    {"string for a list", "pods", "{'spec':{'containers':'nginx'}}",
	     "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container"},
	    {"list for a map", "configmaps", "{'metadata':{'labels':['a']}}",
	     "json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string"},
	    {"string for a struct", "pods", "{'spec':'x'}",
	     "json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec"},
	    {"number for a bool", "pods", "{'spec':{'hostNetwork':1}}",
	     "json: cannot unmarshal number into Go struct field PodSpec.spec.hostNetwork of type bool"},
	    {"the first of two", "configmaps", "{'binaryData':{'b':2},'data':{'a':1}}",
	     "json: cannot unmarshal number into Go struct field ConfigMap.binaryData of type []uint8"},
	    {"quantities and int-or-strings decode themselves", "services",
	     "{'spec':{'ports':[{'port':80,'targetPort':'http'},{'port':81,'targetPort':8081}]}}", NULL},
	};
	for (size_t i = 0; i < KC_ARRAY_SIZE(cases); i++) {
		const kc_resource *r = kc_resource_find("", "v1", cases[i].plural);
		assert_non_null(r);
		_cleanup_json_ cJSON *obj = parse_quoted(cases[i].name, cases[i].body);
		_cleanup_free_ char *got = api_schema_type_error(r, obj);
		if (!cases[i].want && got)
			fail_msg("%s: got \"%s\", want no error", cases[i].name, got);
		if (cases[i].want && (!got || !streq(got, cases[i].want)))
			fail_msg("%s:\n  got:  %s\n  want: %s", cases[i].name, got ? got : "(none)", cases[i].want);
	}
}

/* ---- the documents ---- */

/* Every "$ref" under j must name a key of defs (after prefix). */
static void check_refs(const char *doc_name, const cJSON *j, const cJSON *defs, const char *prefix, size_t *count)
{
	for (const cJSON *e = j ? j->child : NULL; e; e = e->next) {
		if (e->string && streq(e->string, "$ref")) {
			if (!cJSON_IsString(e) || !str_startswith(e->valuestring, prefix))
				fail_msg("%s: bad $ref %s", doc_name, cJSON_IsString(e) ? e->valuestring : "?");
			const char *name = e->valuestring + strlen(prefix);
			if (!cJSON_GetObjectItemCaseSensitive(defs, name))
				fail_msg("%s: $ref %s does not resolve", doc_name, e->valuestring);
			(*count)++;
		}
		check_refs(doc_name, e, defs, prefix, count);
	}
}

static bool has_gvk_ext(const cJSON *op, const char *group, const char *version, const char *kind)
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(op, "x-kubernetes-group-version-kind");
	const cJSON *gg = cJSON_GetObjectItemCaseSensitive(g, "group");
	const cJSON *vv = cJSON_GetObjectItemCaseSensitive(g, "version");
	const cJSON *kk = cJSON_GetObjectItemCaseSensitive(g, "kind");
	return cJSON_IsString(gg) && cJSON_IsString(vv) && cJSON_IsString(kk) && streq(gg->valuestring, group) &&
	       streq(vv->valuestring, version) && streq(kk->valuestring, kind);
}

static bool has_query_param(const cJSON *op, const char *name)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(op, "parameters"))
	{
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(p, "name");
		const cJSON *in = cJSON_GetObjectItemCaseSensitive(p, "in");
		if (cJSON_IsString(n) && streq(n->valuestring, name) && cJSON_IsString(in) &&
		    streq(in->valuestring, "query"))
			return true;
	}
	return false;
}

/* kubectl's QueryParamVerifier: some operation of method for the kind
 * carries the parameter, and every one that does names the kind. */
static bool kind_supports(const cJSON *paths, const char *method, const kc_resource *r, const char *param)
{
	bool found = false;
	const cJSON *path;
	cJSON_ArrayForEach(path, paths)
	{
		const cJSON *op = cJSON_GetObjectItemCaseSensitive(path, method);
		if (!op || !has_gvk_ext(op, r->group, r->version, r->kind))
			continue;
		if (!has_query_param(op, param))
			return false;
		found = true;
	}
	return found;
}

static bool has_definition_gvk(const cJSON *defs, const char *group, const char *version, const char *kind)
{
	const cJSON *def;
	cJSON_ArrayForEach(def, defs)
	{
		const cJSON *g;
		cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(def, "x-kubernetes-group-version-kind"))
		{
			const cJSON *gg = cJSON_GetObjectItemCaseSensitive(g, "group");
			const cJSON *vv = cJSON_GetObjectItemCaseSensitive(g, "version");
			const cJSON *kk = cJSON_GetObjectItemCaseSensitive(g, "kind");
			if (streq(gg->valuestring, group) && streq(vv->valuestring, version) &&
			    streq(kk->valuestring, kind))
				return true;
		}
	}
	return false;
}

static void test_openapi_v2(void **state)
{
	(void)state;
	size_t len = 0;
	const char *doc = api_openapi_v2(&len);
	assert_non_null(doc);
	assert_int_equal(strlen(doc), len);
	assert_ptr_equal(api_openapi_v2(NULL), doc); /* built once */
	_cleanup_json_ cJSON *j = cJSON_ParseWithLength(doc, len);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "swagger")->valuestring, "2.0");
	const cJSON *defs = cJSON_GetObjectItemCaseSensitive(j, "definitions");
	const cJSON *paths = cJSON_GetObjectItemCaseSensitive(j, "paths");
	assert_int_equal(cJSON_GetArraySize(defs), (int)api_schema_ntypes);
	size_t nrefs = 0;
	check_refs("v2", j, defs, "#/definitions/", &nrefs);
	assert_true(nrefs > 500);

	for (const kc_resource *r = kc_resources; r->kind; r++) {
		if (!has_definition_gvk(defs, r->group, r->version, r->kind))
			fail_msg("v2: no definition carries the GVK of %s", r->kind);
		if ((r->verbs & KC_VERB_CREATE) && !kind_supports(paths, "post", r, "fieldValidation"))
			fail_msg("v2: no POST with fieldValidation for %s", r->kind);
		if ((r->verbs & KC_VERB_PATCH) && !kind_supports(paths, "patch", r, "fieldValidation"))
			fail_msg("v2: no PATCH with fieldValidation for %s", r->kind);
		if ((r->verbs & KC_VERB_CREATE) && !kind_supports(paths, "post", r, "dryRun"))
			fail_msg("v2: no POST with dryRun for %s", r->kind);
		if ((r->verbs & KC_VERB_CREATE) && !kind_supports(paths, "post", r, "fieldManager"))
			fail_msg("v2: no POST with fieldManager for %s", r->kind);
	}
	/* paths and actions as upstream's */
	const cJSON *pod = cJSON_GetObjectItemCaseSensitive(paths, "/api/v1/namespaces/{namespace}/pods/{name}");
	assert_non_null(pod);
	assert_string_equal(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(pod, "put"), "x-kubernetes-action")
			->valuestring,
		"put");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(paths, "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(paths, "/api/v1/namespaces/{namespace}/pods/{name}/binding"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(paths, "/apis/apps/v1/deployments"));
	assert_non_null(cJSON_GetObjectItemCaseSensitive(paths, "/api/v1/nodes/{name}/status"));
	/* namespaces have no deletecollection */
	assert_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(paths, "/api/v1/namespaces"), "delete"));
	/* patch extensions */
	const cJSON *containers = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(defs, "io.k8s.api.core.v1.PodSpec"),
						 "properties"),
		"containers");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(containers, "x-kubernetes-patch-merge-key")->valuestring,
			    "name");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(containers, "x-kubernetes-list-type")->valuestring, "map");
	const cJSON *ios = cJSON_GetObjectItemCaseSensitive(defs, "io.k8s.apimachinery.pkg.util.intstr.IntOrString");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(ios, "format")->valuestring, "int-or-string");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(ios, "type")->valuestring, "string");
}

static void test_openapi_v3(void **state)
{
	(void)state;
	size_t len = 0;
	const char *idx = api_openapi_v3_index(&len);
	_cleanup_json_ cJSON *index = cJSON_ParseWithLength(idx, len);
	assert_non_null(index);
	const cJSON *ipaths = cJSON_GetObjectItemCaseSensitive(index, "paths");
	for (const kc_resource *r = kc_resources; r->kind; r++) {
		char gvpath[128];
		if (r->group[0])
			snprintf(gvpath, sizeof(gvpath), "apis/%s/%s", r->group, r->version);
		else
			snprintf(gvpath, sizeof(gvpath), "api/%s", r->version);
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(ipaths, gvpath);
		if (!e)
			fail_msg("v3 index lacks %s", gvpath);
		const char *url = cJSON_GetObjectItemCaseSensitive(e, "serverRelativeURL")->valuestring;
		char want[160];
		snprintf(want, sizeof(want), "/openapi/v3/%s?hash=", gvpath);
		if (!str_startswith(url, want))
			fail_msg("v3 index: %s -> %s", gvpath, url);
		/* the document, also by the URL the index gives */
		size_t dlen = 0;
		const char *doc = api_openapi_v3_group(gvpath, &dlen);
		assert_non_null(doc);
		assert_ptr_equal(api_openapi_v3_group(url + strlen("/openapi/v3/"), NULL), doc);
		_cleanup_json_ cJSON *j = cJSON_ParseWithLength(doc, dlen);
		if (!j)
			fail_msg("v3 %s does not parse", gvpath);
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "openapi")->valuestring, "3.0.0");
		const cJSON *schemas =
			cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "components"), "schemas");
		size_t nrefs = 0;
		check_refs(gvpath, j, schemas, "#/components/schemas/", &nrefs);
		if (!has_definition_gvk(schemas, r->group, r->version, r->kind))
			fail_msg("v3 %s: no schema carries the GVK of %s", gvpath, r->kind);
		const cJSON *paths = cJSON_GetObjectItemCaseSensitive(j, "paths");
		if ((r->verbs & KC_VERB_PATCH) && !kind_supports(paths, "patch", r, "fieldValidation"))
			fail_msg("v3 %s: no PATCH with fieldValidation for %s", gvpath, r->kind);
		if ((r->verbs & KC_VERB_CREATE) && !kind_supports(paths, "post", r, "fieldValidation"))
			fail_msg("v3 %s: no POST with fieldValidation for %s", gvpath, r->kind);
	}
	assert_null(api_openapi_v3_group("apis/nope/v1", NULL));
	assert_null(api_openapi_v3_group("", NULL));
	assert_null(api_openapi_v3_group(NULL, NULL));
	assert_null(api_openapi_v3_group("api", NULL));

	/* v3 shapes kubectl explain reads: allOf refs, enums, oneOf scalars */
	size_t dlen = 0;
	const char *doc = api_openapi_v3_group("/api/v1", &dlen);
	_cleanup_json_ cJSON *j = cJSON_ParseWithLength(doc, dlen);
	const cJSON *schemas = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "components"), "schemas");
	const cJSON *cprops = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(schemas, "io.k8s.api.core.v1.Container"), "properties");
	assert_int_equal(cJSON_GetArraySize(cprops), 24);
	const cJSON *ipp = cJSON_GetObjectItemCaseSensitive(cprops, "imagePullPolicy");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(ipp, "enum")), 3);
	const cJSON *lc = cJSON_GetObjectItemCaseSensitive(cprops, "lifecycle");
	assert_non_null(cJSON_GetObjectItemCaseSensitive(lc, "allOf"));
	const cJSON *ios = cJSON_GetObjectItemCaseSensitive(schemas, "io.k8s.apimachinery.pkg.util.intstr.IntOrString");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(ios, "oneOf")), 2);
	/* the group's document holds only what its paths need */
	assert_null(cJSON_GetObjectItemCaseSensitive(schemas, "io.k8s.api.apps.v1.Deployment"));
}

/* ---- the protobuf form of v2 ---- */

/* Reads a varint at *p; false past end. */
static bool pb_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*p >= end)
			return false;
		unsigned char c = *(*p)++;
		*v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return true;
	}
	return false;
}

/* Walks one message: every field well-formed and in bounds. Calls back
 * with each length-delimited field. */
static bool pb_walk(const unsigned char *p, size_t n,
		    void (*cb)(unsigned field, const unsigned char *data, size_t len, void *ud), void *ud)
{
	const unsigned char *end = p + n;
	while (p < end) {
		uint64_t key, v;
		if (!pb_varint(&p, end, &key))
			return false;
		switch (key & 7) {
		case 0:
			if (!pb_varint(&p, end, &v))
				return false;
			break;
		case 2:
			if (!pb_varint(&p, end, &v) || v > (uint64_t)(end - p))
				return false;
			if (cb)
				cb((unsigned)(key >> 3), p, (size_t)v, ud);
			p += v;
			break;
		default:
			return false; /* the encoder writes nothing else */
		}
	}
	return true;
}

typedef struct pb_top {
	char swagger[8];
	size_t ndefs, npaths;
	bool defs_ok, paths_ok;
} pb_top;

static void count_field1(unsigned field, const unsigned char *data, size_t len, void *ud)
{
	(void)data;
	(void)len;
	if (field == 1)
		(*(size_t *)ud)++;
}

static void count_field2(unsigned field, const unsigned char *data, size_t len, void *ud)
{
	(void)data;
	(void)len;
	if (field == 2)
		(*(size_t *)ud)++;
}

static void top_field(unsigned field, const unsigned char *data, size_t len, void *ud)
{
	pb_top *t = ud;
	if (field == 1 && len < sizeof(t->swagger))
		memcpy(t->swagger, data, len);
	if (field == 9)
		t->defs_ok = pb_walk(data, len, count_field1, &t->ndefs);
	if (field == 8)
		t->paths_ok = pb_walk(data, len, count_field2, &t->npaths);
}

static void test_openapi_v2_protobuf(void **state)
{
	(void)state;
	size_t len = 0;
	const char *pb = api_openapi_v2_pb(&len);
	assert_non_null(pb);
	assert_true(len > 100000);
	assert_ptr_equal(api_openapi_v2_pb(NULL), pb);
	pb_top t = {0};
	assert_true(pb_walk((const unsigned char *)pb, len, top_field, &t));
	assert_string_equal(t.swagger, "2.0");
	assert_true(t.defs_ok);
	assert_true(t.paths_ok);
	assert_int_equal(t.ndefs, api_schema_ntypes);
	_cleanup_json_ cJSON *j = cJSON_Parse(api_openapi_v2(NULL));
	assert_int_equal(t.npaths, (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "paths")));
	/* what kubectl looks for is in there */
	assert_non_null(memmem(pb, len, "fieldValidation", 15));
	assert_non_null(memmem(pb, len, "x-kubernetes-group-version-kind", 31));
	assert_non_null(memmem(pb, len, "io.k8s.api.core.v1.Container", 28));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_consistent),
		cmocka_unit_test(test_every_resource_has_a_schema),
		cmocka_unit_test(test_unknown_and_duplicate_fields),
		cmocka_unit_test(test_field_check_by_resource),
		cmocka_unit_test(test_type_errors),
		cmocka_unit_test(test_openapi_v2),
		cmocka_unit_test(test_openapi_v3),
		cmocka_unit_test(test_openapi_v2_protobuf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
