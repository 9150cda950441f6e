/* test_api_printer_kinds.c - golden rows: for each kind, realistic objects
 * (kubectl create ... --dry-run=client -o json, with the defaults and status
 * a cluster adds) and the cells upstream's printers.go gives for them with
 * the server's Wide option (every column). Many cases are upstream's own
 * printers_test.go cases written as JSON.
 *
 * JSON in this file uses ' for " to stay readable; no value holds a quote.
 * Times are relative to NOW, 2024-05-01T12:00:00Z. */
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

typedef struct golden {
	const char *name;
	const char *group;
	const char *plural;
	const char *object;
	const char *cells;
	const char *conditions; /* expected row conditions, NULL for none */
} golden;

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

static void run_golden(const golden *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const golden *c = &cases[i];
		const kc_resource *r = kc_resource_find(c->group, "v1", c->plural);
		if (!r)
			fail_msg("%s: no resource %s/%s", c->name, c->group, c->plural);
		const api_printer *p = api_printer_for(r);
		_cleanup_json_ cJSON *obj = parse_quoted(c->name, c->object);
		_cleanup_json_ cJSON *want = parse_quoted(c->name, c->cells);
		_cleanup_json_ cJSON *cells = cJSON_CreateArray();
		p->row(obj, cells, NOW);
		size_t ncols = 0;
		while (p->columns[ncols].name)
			ncols++;
		if (!kc_json_equal(want, cells) || (size_t)cJSON_GetArraySize(cells) != ncols) {
			_cleanup_free_ char *got_s = kc_json_print(cells);
			_cleanup_free_ char *want_s = kc_json_print(want);
			fail_msg("%s: cells\n  got:  %s\n  want: %s\n  (%zu columns)", c->name, got_s, want_s,
			         ncols);
		}
		_cleanup_json_ cJSON *conds = p->conditions ? p->conditions(obj) : NULL;
		_cleanup_json_ cJSON *want_conds =
		    c->conditions ? parse_quoted(c->name, c->conditions) : NULL;
		if (!kc_json_equal(want_conds, conds)) {
			_cleanup_free_ char *got_s = kc_json_print(conds);
			fail_msg("%s: conditions: got %s, want %s", c->name, got_s,
			         c->conditions ? c->conditions : "none");
		}
	}
}

/* ---- pods ---- */

#define POD_META(name)                                                                                       \
	"'apiVersion':'v1','kind':'Pod','metadata':{'name':'" name "','namespace':'default',"                \
	"'uid':'6f1d7c2e-8d4b-4a51-9d0e-2c3b4a5d6e7f','resourceVersion':'1234',"                             \
	"'creationTimestamp':'2024-05-01T11:55:00Z','labels':{'run':'" name "'}}"
#define ONE_CONTAINER                                                                                        \
	"'containers':[{'name':'app','image':'nginx','resources':{},"                                        \
	"'terminationMessagePath':'/dev/"                                                                    \
	"termination-log','terminationMessagePolicy':'File','imagePullPolicy':'Always'}],"                   \
	"'restartPolicy':'Always','terminationGracePeriodSeconds':30,'dnsPolicy':'ClusterFirst',"            \
	"'serviceAccountName':'default','schedulerName':'default-scheduler'"
#define TWO_CONTAINERS "'containers':[{'name':'a','image':'nginx'},{'name':'b','image':'busybox'}]"
#define SUCCEEDED                                                                                            \
	"[{'type':'Completed','status':'True','reason':'Succeeded','message':'The pod has completed "        \
	"successfully.'}]"
#define FAILED "[{'type':'Completed','status':'True','reason':'Failed','message':'The pod failed.'}]"

static const golden pod_cases[] = {
    {"running nginx", "", "pods",
     "{" POD_META(
         "nginx") ",'spec':{" ONE_CONTAINER ",'nodeName':'node-1'},'status':{'phase':'Running',"
                  "'conditions':[{'type':'Initialized','status':'True'},{'type':'Ready','status':'True'},"
                  "{'type':'ContainersReady','status':'True'},{'type':'PodScheduled','status':'True'}],"
                  "'hostIP':'10.0.0.11','podIP':'10.244.1.5','podIPs':[{'ip':'10.244.1.5'}],'startTime':'"
                  "2024-05-01T11:55:01Z',"
                  "'containerStatuses':[{'name':'app','state':{'running':{'startedAt':'2024-05-01T11:55:10Z'}"
                  "},'lastState':{},"
                  "'ready':true,'restartCount':0,'image':'docker.io/library/"
                  "nginx:latest','imageID':'docker.io/library/nginx@sha256:0',"
                  "'containerID':'containerd://abc','started':true}],'qosClass':'BestEffort'}}",
     "['nginx','1/1','Running','0','5m','10.244.1.5','node-1','<none>','<none>']", NULL},
    {"pending unscheduled", "", "pods",
     "{" POD_META("web") ",'spec':{" ONE_CONTAINER
                         "},'status':{'phase':'Pending','conditions':[{'type':'PodScheduled',"
                         "'status':'False','reason':'Unschedulable','message':'0/1 nodes are "
                         "available'}],'qosClass':'BestEffort'}}",
     "['web','0/1','Pending','0','5m','<none>','<none>','<none>','<none>']", NULL},
    {"container creating", "", "pods",
     "{" POD_META("web") ",'spec':{" ONE_CONTAINER
                         ",'nodeName':'node-2'},'status':{'phase':'Pending','hostIP':'10.0.0.12',"
                         "'containerStatuses':[{'name':'app','state':{'waiting':{'reason':'ContainerCreating'"
                         "}},'lastState':{},"
                         "'ready':false,'restartCount':0,'image':'nginx','imageID':'','started':false}]}}",
     "['web','0/1','ContainerCreating','0','5m','<none>','node-2','<none>','<none>']", NULL},
    {"crash loop with last restart", "", "pods",
     "{" POD_META("crasher") ",'spec':{" ONE_CONTAINER ",'nodeName':'node-1'},'status':{'phase':'Running',"
                             "'podIP':'10.244.1.9','podIPs':[{'ip':'10.244.1.9'}],"
                             "'containerStatuses':[{'name':'app','state':{'waiting':{'reason':'"
                             "CrashLoopBackOff','message':'back-off 40s'}},"
                             "'lastState':{'terminated':{'exitCode':1,'reason':'Error','startedAt':'2024-05-"
                             "01T11:58:40Z',"
                             "'finishedAt':'2024-05-01T11:58:45Z'}},'ready':false,'restartCount':5,'image':'"
                             "nginx','imageID':''}]}}",
     "['crasher','0/1','CrashLoopBackOff','5 (75s ago)','5m','10.244.1.9','node-1','<none>','<none>']", NULL},
    {"completed job pod", "", "pods",
     "{" POD_META("pi-x7k2p") ",'spec':{" ONE_CONTAINER ",'nodeName':'node-1'},'status':{'phase':'Succeeded',"
                              "'containerStatuses':[{'name':'app','state':{'terminated':{'exitCode':0,'"
                              "reason':'Completed',"
                              "'finishedAt':'2024-05-01T11:56:00Z'}},'ready':false,'restartCount':0}]}}",
     "['pi-x7k2p','0/1','Completed','0','5m','<none>','node-1','<none>','<none>']", SUCCEEDED},
    {"failed with error", "", "pods",
     "{" POD_META("bad") ",'spec':{" ONE_CONTAINER "},'status':{'phase':'Failed',"
                         "'containerStatuses':[{'name':'app','state':{'terminated':{'exitCode':1,'reason':'"
                         "Error'}},'ready':false,"
                         "'restartCount':0}]}}",
     "['bad','0/1','Error','0','5m','<none>','<none>','<none>','<none>']", FAILED},
    {"oom killed", "", "pods",
     "{" POD_META("hog") ",'spec':{" ONE_CONTAINER "},'status':{'phase':'Running',"
                         "'containerStatuses':[{'name':'app','state':{'terminated':{'exitCode':137,'reason':'"
                         "OOMKilled'}},"
                         "'lastState':{'terminated':{'exitCode':137,'reason':'OOMKilled','finishedAt':'2024-"
                         "05-01T09:00:00Z'}},"
                         "'ready':false,'restartCount':1}]}}",
     "['hog','0/1','OOMKilled','1 (3h ago)','5m','<none>','<none>','<none>','<none>']", NULL},
    {"terminated without reason: exit code", "", "pods",
     "{" POD_META(
         "x") ",'spec':{" ONE_CONTAINER "},'status':{'phase':'Running',"
              "'containerStatuses':[{'name':'app','state':{'terminated':{'exitCode':2}},'restartCount':0}]}}",
     "['x','0/1','ExitCode:2','0','5m','<none>','<none>','<none>','<none>']", NULL},
    {"terminated without reason: signal", "", "pods",
     "{" POD_META("x") ",'spec':{" ONE_CONTAINER "},'status':{'phase':'Running',"
                       "'containerStatuses':[{'name':'app','state':{'terminated':{'exitCode':0,'signal':9}},'"
                       "restartCount':0}]}}",
     "['x','0/1','Signal:9','0','5m','<none>','<none>','<none>','<none>']", NULL},
    /* upstream test3: the first container's state wins over the later ones */
    {"first container wins", "", "pods",
     "{" POD_META(
         "test3") ",'spec':{" TWO_CONTAINERS "},'status':{'phase':'podPhase','containerStatuses':["
                  "{'state':{'waiting':{'reason':'ContainerWaitingReason'}},'restartCount':3},"
                  "{'state':{'terminated':{'reason':'ContainerTerminatedReason'}},'restartCount':3}]}}",
     "['test3','0/2','ContainerWaitingReason','6','5m','<none>','<none>','<none>','<none>']", NULL},
    /* upstream test4/5: ready without running does not count; status.reason wins over phase */
    {"ready but not running", "", "pods",
     "{" POD_META("test5") ",'spec':{" TWO_CONTAINERS "},'status':{'reason':'podReason','phase':'podPhase',"
                           "'containerStatuses':[{'ready':true,'restartCount':3,'state':{'running':{}}},{'"
                           "ready':true,'restartCount':3}]}}",
     "['test5','1/2','podReason','6','5m','<none>','<none>','<none>','<none>']", NULL},
    /* upstream test6: one container completed, another running */
    {"completed and running, not ready", "", "pods",
     "{" POD_META("test6") ",'spec':{" TWO_CONTAINERS "},'status':{'phase':'Running','containerStatuses':["
                           "{'ready':true,'restartCount':3,'state':{'terminated':{'reason':'Completed','"
                           "exitCode':0}}},"
                           "{'ready':true,'restartCount':3,'state':{'running':{}}}]}}",
     "['test6','1/2','NotReady','6','5m','<none>','<none>','<none>','<none>']", NULL},
    {"completed and running, ready", "", "pods",
     "{" POD_META("test6") ",'spec':{" TWO_CONTAINERS "},'status':{'phase':'Running','containerStatuses':["
                           "{'ready':true,'restartCount':3,'state':{'terminated':{'reason':'Completed','"
                           "exitCode':0}}},"
                           "{'ready':true,'restartCount':3,'state':{'running':{}}}],"
                           "'conditions':[{'type':'Ready','status':'True','lastProbeTime':null}]}}",
     "['test6','1/2','Running','6','5m','<none>','<none>','<none>','<none>']", NULL},
    /* upstream test7: init container running with restarts */
    {"init running", "", "pods",
     "{" POD_META(
         "test7") ",'spec':{'initContainers':[{'name':'init'}],'containers':[{'name':'app'}]},"
                  "'status':{'phase':'Pending','initContainerStatuses':[{'name':'init','ready':false,'"
                  "restartCount':3,"
                  "'state':{'running':{}},'lastState':{'terminated':{'finishedAt':'2024-05-01T11:59:50Z'}}}],"
                  "'containerStatuses':[{'name':'app','ready':false,'restartCount':0,'state':{'waiting':{}}}]"
                  "}}",
     "['test7','0/1','Init:0/1','3 (10s ago)','5m','<none>','<none>','<none>','<none>']", NULL},
    /* upstream test10: one init done (with restarts), the second running */
    {"second init running", "", "pods",
     "{" POD_META(
         "test10") ",'spec':{'initContainers':[{'name':'i1'},{'name':'i2'}],'containers':[{'name':'app'}]},"
                   "'status':{'phase':'Pending','initContainerStatuses':["
                   "{'name':'i1','restartCount':2,'state':{'terminated':{}},'lastState':{'terminated':{'"
                   "finishedAt':'2024-05-01T11:58:00Z'}}},"
                   "{'name':'i2','restartCount':3,'state':{'running':{}},'lastState':{'terminated':{'"
                   "finishedAt':'2024-05-01T11:59:50Z'}}}],"
                   "'containerStatuses':[{'name':'app','state':{'waiting':{}}}]}}",
     "['test10','0/1','Init:1/2','5 (10s ago)','5m','<none>','<none>','<none>','<none>']", NULL},
    /* upstream test11: init done, the main container's restarts only */
    {"init done, main restarting", "", "pods",
     "{" POD_META("test11") ",'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'app'}]},"
                            "'status':{'phase':'Running','initContainerStatuses':[{'name':'i1','restartCount'"
                            ":2,'state':{'terminated':{}},"
                            "'lastState':{'terminated':{'finishedAt':'2024-05-01T11:58:00Z'}}}],'"
                            "containerStatuses':[{'name':'app',"
                            "'restartCount':4,'state':{'running':{}},'lastState':{'terminated':{'finishedAt':"
                            "'2024-05-01T11:59:40Z'}}}]}}",
     "['test11','0/1','Running','4 (20s ago)','5m','<none>','<none>','<none>','<none>']", NULL},
    {"init crash loop", "", "pods",
     "{" POD_META(
         "w") ",'spec':{'initContainers':[{'name':'migrate','image':'busybox'}],'containers':[{'name':'app'}]"
              "},"
              "'status':{'phase':'Pending','initContainerStatuses':[{'name':'migrate','ready':false,'"
              "restartCount':3,"
              "'state':{'waiting':{'reason':'CrashLoopBackOff'}},'lastState':{'terminated':{'exitCode':1,'"
              "reason':'Error',"
              "'finishedAt':'2024-05-01T11:59:50Z'}}}],'containerStatuses':[{'name':'app','state':{'waiting':"
              "{'reason':'PodInitializing'}}}]}}",
     "['w','0/1','Init:CrashLoopBackOff','3 (10s ago)','5m','<none>','<none>','<none>','<none>']", NULL},
    {"init error", "", "pods",
     "{" POD_META("w") ",'spec':{'initContainers':[{'name':'i'}],'containers':[{'name':'app'}]},"
                       "'status':{'phase':'Failed','initContainerStatuses':[{'name':'i','state':{'terminated'"
                       ":{'exitCode':1,"
                       "'reason':'Error'}}}]}}",
     "['w','0/1','Init:Error','0','5m','<none>','<none>','<none>','<none>']", FAILED},
    {"init exit code without reason", "", "pods",
     "{" POD_META("w") ",'spec':{'initContainers':[{'name':'i'}],'containers':[{'name':'app'}]},"
                       "'status':{'phase':'Pending','initContainerStatuses':[{'name':'i','state':{'"
                       "terminated':{'exitCode':3}}}]}}",
     "['w','0/1','Init:ExitCode:3','0','5m','<none>','<none>','<none>','<none>']", NULL},
    {"init signal without reason", "", "pods",
     "{" POD_META("w") ",'spec':{'initContainers':[{'name':'i'}],'containers':[{'name':'app'}]},"
                       "'status':{'phase':'Pending','initContainerStatuses':[{'name':'i','state':{'"
                       "terminated':{'exitCode':143,"
                       "'signal':15}}}]}}",
     "['w','0/1','Init:Signal:15','0','5m','<none>','<none>','<none>','<none>']", NULL},
    {"init waiting PodInitializing counts as running", "", "pods",
     "{" POD_META(
         "w") ",'spec':{'initContainers':[{'name':'i1'},{'name':'i2'}],'containers':[{'name':'app'}]},"
              "'status':{'phase':'Pending','initContainerStatuses':[{'name':'i1','state':{'terminated':{'"
              "exitCode':0,"
              "'reason':'Completed'}}},{'name':'i2','state':{'waiting':{'reason':'PodInitializing'}}}]}}",
     "['w','0/1','Init:1/2','0','5m','<none>','<none>','<none>','<none>']", NULL},
    {"init image pull backoff", "", "pods",
     "{" POD_META("w") ",'spec':{'initContainers':[{'name':'i1'}],'containers':[{'name':'app'}]},"
                       "'status':{'phase':'Pending','initContainerStatuses':[{'name':'i1','state':{'waiting':"
                       "{'reason':'ImagePullBackOff'}}}]}}",
     "['w','0/1','Init:ImagePullBackOff','0','5m','<none>','<none>','<none>','<none>']", NULL},
    /* upstream restartable-init test1: sidecars count towards the total */
    {"sidecar not started", "", "pods",
     "{" POD_META(
         "test1") ",'spec':{'initContainers':[{'name':'r1','restartPolicy':'Always'},{'name':'r2',"
                  "'restartPolicy':'Always'}],'containers':[{'name':'app'}]},'status':{'phase':'Pending',"
                  "'initContainerStatuses':[{'name':'r1','ready':false,'restartCount':3,'state':{'running':{}"
                  "},'started':false,"
                  "'lastState':{'terminated':{'finishedAt':'2024-05-01T11:59:50Z'}}},{'name':'r2','state':{'"
                  "waiting':{}},"
                  "'started':false}],'containerStatuses':[{'state':{'waiting':{}}}],"
                  "'conditions':[{'type':'Initialized','status':'False'}]}}",
     "['test1','0/3','Init:0/2','3 (10s ago)','5m','<none>','<none>','<none>','<none>']", NULL},
    /* restartable-init test2: sidecars started, main running */
    {"sidecars started", "", "pods",
     "{" POD_META(
         "test2") ",'spec':{'initContainers':[{'name':'r1','restartPolicy':'Always'},{'name':'r2',"
                  "'restartPolicy':'Always'}],'containers':[{'name':'app'}]},'status':{'phase':'Running',"
                  "'initContainerStatuses':[{'name':'r1','ready':false,'restartCount':3,'state':{'running':{}"
                  "},'started':true,"
                  "'lastState':{'terminated':{'finishedAt':'2024-05-01T11:59:50Z'}}},{'name':'r2','ready':"
                  "false,"
                  "'state':{'running':{}},'started':true}],'containerStatuses':[{'ready':true,'restartCount':"
                  "4,"
                  "'state':{'running':{}},'lastState':{'terminated':{'finishedAt':'2024-05-01T11:59:40Z'}}}],"
                  "'conditions':[{'type':'Initialized','status':'True'}]}}",
     "['test2','1/3','Running','7 (10s ago)','5m','<none>','<none>','<none>','<none>']", NULL},
    {"ready sidecar counts as ready", "", "pods",
     "{" POD_META("side") ",'spec':{'initContainers':[{'name':'proxy','restartPolicy':'Always'}],"
                          "'containers':[{'name':'app'}]},'status':{'phase':'Running','initContainerStatuses'"
                          ":[{'name':'proxy',"
                          "'ready':true,'started':true,'state':{'running':{}}}],'containerStatuses':[{'name':"
                          "'app','ready':true,"
                          "'state':{'running':{}}}],'conditions':[{'type':'Initialized','status':'True'},{'"
                          "type':'Ready','status':'True'}]}}",
     "['side','2/2','Running','0','5m','<none>','<none>','<none>','<none>']", NULL},
    /* restartable-init test4: statuses of containers not in the spec */
    {"statuses for unknown containers", "", "pods",
     "{" POD_META(
         "test4") ",'spec':{'initContainers':[{'name':'init1','image':'initimage'},{'name':'sidecar1',"
                  "'image':'sidecarimage','restartPolicy':'Always'}],'containers':[{'name':'container1','"
                  "image':'containerimage'}]},"
                  "'status':{'phase':'Running','initContainerStatuses':[{'name':'initinvalid'},{'name':'"
                  "init1'},{'name':'sidecar1'}],"
                  "'containerStatuses':[{'name':'containerinvalid'},{'name':'container1'}]}}",
     "['test4','0/2','Init:0/2','0','5m','<none>','<none>','<none>','<none>']", NULL},
    {"terminating running pod", "", "pods",
     "{'metadata':{'name':'t','creationTimestamp':'2024-05-01T11:55:00Z','deletionTimestamp':'2024-05-01T12:"
     "00:30Z',"
     "'deletionGracePeriodSeconds':30},'spec':{" ONE_CONTAINER
     "},'status':{'phase':'Running','containerStatuses':"
     "[{'name':'app','ready':true,'state':{'running':{}}}]}}",
     "['t','1/1','Terminating','0','5m','<none>','<none>','<none>','<none>']", NULL},
    {"terminating pending pod", "", "pods",
     "{'metadata':{'name':'test20','creationTimestamp':'2024-05-01T11:55:00Z','deletionTimestamp':'2024-05-"
     "01T11:59:50Z'},"
     "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending'}}",
     "['test20','0/1','Terminating','0','5m','<none>','<none>','<none>','<none>']", NULL},
    {"succeeded pod being deleted stays Completed", "", "pods",
     "{'metadata':{'name':'test18','creationTimestamp':'2024-05-01T11:55:00Z','deletionTimestamp':'2024-05-"
     "01T11:59:50Z'},"
     "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Succeeded','containerStatuses':[{'state':"
     "{'terminated':{'reason':'Completed','exitCode':0}}}]}}",
     "['test18','0/1','Completed','0','5m','<none>','<none>','<none>','<none>']", SUCCEEDED},
    {"node lost", "", "pods",
     "{'metadata':{'name':'lost','creationTimestamp':'2024-05-01T11:55:00Z','deletionTimestamp':'2024-05-"
     "01T11:59:50Z'},"
     "'spec':{'containers':[{'name':'a'}],'nodeName':'node-3'},'status':{'phase':'Running','reason':'"
     "NodeLost',"
     "'message':'Node node-3 which was running pod lost is unresponsive','containerStatuses':[{'ready':true,"
     "'state':{'running':{}}}]}}",
     "['lost','1/1','Unknown','0','5m','<none>','node-3','<none>','<none>']", NULL},
    {"deletion timestamp null is not deletion", "", "pods",
     "{'metadata':{'name':'p','creationTimestamp':'2024-05-01T11:55:00Z','deletionTimestamp':null},"
     "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending'}}",
     "['p','0/1','Pending','0','5m','<none>','<none>','<none>','<none>']", NULL},
    {"scheduling gated", "", "pods",
     "{" POD_META("test15") ",'spec':{" TWO_CONTAINERS ",'schedulingGates':[{'name':'example.com/gate'}]},"
                            "'status':{'phase':'Pending','conditions':[{'type':'PodScheduled','status':'"
                            "False','reason':'SchedulingGated'}]}}",
     "['test15','0/2','SchedulingGated','0','5m','<none>','<none>','<none>','<none>']", NULL},
    {"evicted", "", "pods",
     "{" POD_META("ev") ",'spec':{" ONE_CONTAINER
                        ",'nodeName':'node-1'},'status':{'phase':'Failed','reason':'Evicted',"
                        "'message':'The node was low on resource: memory.'}}",
     "['ev','0/1','Evicted','0','5m','<none>','node-1','<none>','<none>']", FAILED},
    /* upstream TestPrintPodwide */
    {"wide: readiness gates, nominated node, dual stack", "", "pods",
     "{" POD_META("test1") ",'spec':{" TWO_CONTAINERS
                           ",'nodeName':'test1','readinessGates':[{'conditionType':"
                           "'condition1'},{'conditionType':'condition2'},{'conditionType':'condition3'}]},'"
                           "status':{'conditions':["
                           "{'type':'condition1','status':'False'},{'type':'condition2','status':'True'}],'"
                           "phase':'podPhase',"
                           "'podIPs':[{'ip':'1.1.1.1'},{'ip':'2001:db8::'}],'containerStatuses':[{'ready':"
                           "true,'restartCount':3,"
                           "'state':{'running':{}}},{'restartCount':3}],'nominatedNodeName':'node1'}}",
     "['test1','1/2','podPhase','6','5m','1.1.1.1','test1','node1','1/3']", NULL},
    {"podIP wins over a differing podIPs", "", "pods",
     "{" POD_META(
         "ip") ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','podIP':'10.0.0.5',"
               "'podIPs':[{'ip':'10.0.0.6'}]}}",
     "['ip','0/1','Running','0','5m','10.0.0.5','<none>','<none>','<none>']", NULL},
    {"restart count without a finish time", "", "pods",
     "{" POD_META(
         "r") ",'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running','containerStatuses':"
              "[{'ready':true,'restartCount':2,'state':{'running':{}},'lastState':{'terminated':{'exitCode':"
              "1}}}]}}",
     "['r','1/1','Running','2','5m','<none>','<none>','<none>','<none>']", NULL},
};

static void test_pods(void **state)
{
	(void)state;
	run_golden(pod_cases, KC_ARRAY_SIZE(pod_cases));
}

/* ---- services, endpoints, endpoint slices ---- */

#define SVC_META(name, created)                                                                              \
	"'apiVersion':'v1','kind':'Service','metadata':{'name':'" name "',"                                  \
	"'namespace':'default','uid':'0b1c','resourceVersion':'77','creationTimestamp':'" created "',"       \
	"'labels':{'app':'" name "'}}"

static const golden service_cases[] = {
    {"cluster ip (kubectl create service clusterip web --tcp=80:8080)", "", "services",
     "{" SVC_META("web",
                  "2024-04-29T12:00:00Z") ",'spec':{'ports':[{'name':'80-8080','protocol':'TCP','port':80,"
                                          "'targetPort':8080}],'selector':{'app':'web'},'clusterIP':'10.96."
                                          "12.34','clusterIPs':['10.96.12.34'],"
                                          "'type':'ClusterIP','sessionAffinity':'None','ipFamilies':['IPv4'],"
                                          "'ipFamilyPolicy':'SingleStack',"
                                          "'internalTrafficPolicy':'Cluster'},'status':{'loadBalancer':{}}}",
     "['web','ClusterIP','10.96.12.34','<none>','80/TCP','2d','app=web']", NULL},
    {"headless", "", "services",
     "{" SVC_META(
         "db", "2024-04-29T12:00:00Z") ",'spec':{'ports':[{'port':5432,'protocol':'TCP','targetPort':5432}],"
                                       "'selector':{'app':'db','tier':'backend'},'clusterIP':'None','"
                                       "clusterIPs':['None'],'type':'ClusterIP'}}",
     "['db','ClusterIP','None','<none>','5432/TCP','2d','app=db,tier=backend']", NULL},
    {"node port with external IPs", "", "services",
     "{" SVC_META("np", "2024-05-01T11:58:00Z") ",'spec':{'ports':[{'name':'http','protocol':'TCP','port':80,"
                                                "'targetPort':8080,'nodePort':31045},{'name':'dns','protocol'"
                                                ":'UDP','port':53,'targetPort':53,'nodePort':30053}],"
                                                "'selector':{'app':'np'},'clusterIP':'10.96.0.20','"
                                                "clusterIPs':['10.96.0.20'],'type':'NodePort',"
                                                "'externalIPs':['192.0.2.10','192.0.2.11'],'"
                                                "externalTrafficPolicy':'Cluster'}}",
     "['np','NodePort','10.96.0.20','192.0.2.10,192.0.2.11','80:31045/TCP,53:30053/UDP','2m','app=np']",
     NULL},
    {"load balancer pending", "", "services",
     "{" SVC_META("lb",
                  "2024-05-01T11:59:00Z") ",'spec':{'ports':[{'protocol':'TCP','port':443,'targetPort':8443,"
                                          "'nodePort':30443}],'selector':{'app':'lb'},'clusterIP':'10.96.0."
                                          "30','clusterIPs':['10.96.0.30'],"
                                          "'type':'LoadBalancer','allocateLoadBalancerNodePorts':true},'"
                                          "status':{'loadBalancer':{}}}",
     "['lb','LoadBalancer','10.96.0.30','<pending>','443:30443/TCP','60s','app=lb']", NULL},
    /* upstream: the server is wide, so nothing is clipped; duplicates and
     * hostnames behind IPs are dropped, the rest sorted */
    {"load balancer with ingress", "", "services",
     "{'metadata':{'name':'service4'},'spec':{'clusterIPs':['1.5.6.7'],'type':'LoadBalancer','ports':[{'port'"
     ":80,"
     "'protocol':'TCP'},{'port':8090,'protocol':'UDP'},{'port':8000,'protocol':'TCP'}],'selector':{'foo':'"
     "bar'}},"
     "'status':{'loadBalancer':{'ingress':[{'ip':'3.4.5.6'},{'ip':'2.3.4.5'},{'ip':'5.6.7.8','hostname':'"
     "host5678'},"
     "{'hostname':'lb.example.com'},{'ip':'2.3.4.5'}]}}}",
     "['service4','LoadBalancer','1.5.6.7','2.3.4.5,3.4.5.6,5.6.7.8,lb.example.com','80/TCP,8090/UDP,8000/"
     "TCP',"
     "'<unknown>','foo=bar']",
     NULL},
    {"load balancer with ingress and external IPs", "", "services",
     "{'metadata':{'name':'lb2'},'spec':{'clusterIP':'10.0.0.1','type':'LoadBalancer','externalIPs':['192.0."
     "2.10'],"
     "'ports':[{'port':80,'protocol':'SCTP'}]},'status':{'loadBalancer':{'ingress':[{'ip':'198.51.100.7'}]}}"
     "}",
     "['lb2','LoadBalancer','10.0.0.1','198.51.100.7,192.0.2.10','80/SCTP','<unknown>','<none>']", NULL},
    {"load balancer pending with external IPs", "", "services",
     "{'metadata':{'name':'lb3'},'spec':{'type':'LoadBalancer','externalIPs':['192.0.2.10','192.0.2.11']}}",
     "['lb3','LoadBalancer','<none>','192.0.2.10,192.0.2.11','<none>','<unknown>','<none>']", NULL},
    {"external name (kubectl create service externalname ext --external-name=example.com)", "", "services",
     "{" SVC_META("ext",
                  "2024-05-01T10:00:00Z") ",'spec':{'type':'ExternalName','externalName':'example.com',"
                                          "'sessionAffinity':'None'},'status':{'loadBalancer':{}}}",
     "['ext','ExternalName','<none>','example.com','<none>','120m','<none>']", NULL},
    {"defaults: type ClusterIP, protocol TCP, clusterIP only", "", "services",
     "{'metadata':{'name':'old','creationTimestamp':'2024-05-01T11:59:00Z'},'spec':{'clusterIP':'10.96.5.5',"
     "'ports':[{'port':8080}]}}",
     "['old','ClusterIP','10.96.5.5','<none>','8080/TCP','60s','<none>']", NULL},
    {"unknown type", "", "services",
     "{'metadata':{'name':'odd'},'spec':{'type':'Weird','clusterIPs':['10.0.0.9']}}",
     "['odd','Weird','10.0.0.9','<unknown>','<none>','<unknown>','<none>']", NULL},
};

static void test_services(void **state)
{
	(void)state;
	run_golden(service_cases, KC_ARRAY_SIZE(service_cases));
}

#define EP_META(name)                                                                                        \
	"'apiVersion':'v1','kind':'Endpoints','metadata':{'name':'" name "','namespace':'default',"          \
	"'creationTimestamp':'2024-04-19T12:00:00Z','labels':{'app':'" name "'}}"

static const golden endpoints_cases[] = {
    {"no subsets", "", "endpoints", "{" EP_META("empty") "}", "['empty','<none>','12d']", NULL},
    {"two addresses", "", "endpoints",
     "{" EP_META(
         "web") ",'subsets':[{'addresses':[{'ip':'10.244.1.5','nodeName':'node-1','targetRef':{'kind':'Pod',"
                "'name':'web-1'}},{'ip':'10.244.2.7','nodeName':'node-2'}],'ports':[{'name':'http','port':80,"
                "'protocol':'TCP'}]}]}",
     "['web','10.244.1.5:80,10.244.2.7:80','12d']", NULL},
    {"five addresses: three and more", "", "endpoints",
     "{" EP_META("big") ",'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'},{'ip':'10.0.0.3'},"
                        "{'ip':'10.0.0.4'},{'ip':'10.0.0.5'}],'ports':[{'port':80,'protocol':'TCP'}]}]}",
     "['big','10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...','12d']", NULL},
    {"exactly three", "", "endpoints",
     "{" EP_META("three") ",'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'},{'ip':'10.0.0.3'}],"
                          "'ports':[{'port':80}]}]}",
     "['three','10.0.0.1:80,10.0.0.2:80,10.0.0.3:80','12d']", NULL},
    {"two addresses, two ports", "", "endpoints",
     "{" EP_META("multi") ",'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'}],"
                          "'ports':[{'name':'http','port':80},{'name':'https','port':443}]}]}",
     "['multi','10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...','12d']", NULL},
    {"two subsets", "", "endpoints",
     "{" EP_META(
         "split") ",'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'}],'ports':[{'port':80}]},"
                  "{'addresses':[{'ip':'10.0.1.1'},{'ip':'10.0.1.2'}],'ports':[{'port':8080}]}]}",
     "['split','10.0.0.1:80,10.0.0.2:80,10.0.1.1:8080 + 1 more...','12d']", NULL},
    {"headless without ports", "", "endpoints",
     "{" EP_META("hl") ",'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'},{'ip':'10.0.0.3'},{'ip'"
                       ":'10.0.0.4'}]}]}",
     "['hl','10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...','12d']", NULL},
    {"IPv6", "", "endpoints",
     "{" EP_META("v6") ",'subsets':[{'addresses':[{'ip':'fd00:10:244::5'}],'ports':[{'port':80}]}]}",
     "['v6','[fd00:10:244::5]:80','12d']", NULL},
    {"only not-ready addresses", "", "endpoints",
     "{" EP_META("nr") ",'subsets':[{'notReadyAddresses':[{'ip':'10.0.0.1'}],'ports':[{'port':80}]}]}",
     "['nr','','12d']", NULL},
};

static void test_endpoints(void **state)
{
	(void)state;
	run_golden(endpoints_cases, KC_ARRAY_SIZE(endpoints_cases));
}

#define EPS_META(name)                                                                                       \
	"'apiVersion':'discovery.k8s.io/v1','kind':'EndpointSlice','metadata':{'name':'" name "',"           \
	"'namespace':'default','creationTimestamp':'2024-05-01T11:00:00Z','labels':{'kubernetes.io/"         \
	"service-name':'web'}}"

static const golden endpointslice_cases[] = {
    {"slice with two endpoints", "discovery.k8s.io", "endpointslices",
     "{" EPS_META("web-abc12") ",'addressType':'IPv4','ports':[{'name':'http','port':80,'protocol':'TCP'}],"
                               "'endpoints':[{'addresses':['10.244.1.5'],'conditions':{'ready':true},'"
                               "nodeName':'node-1'},"
                               "{'addresses':['10.244.2.7'],'conditions':{'ready':true}}]}",
     "['web-abc12','IPv4','80','10.244.1.5,10.244.2.7','60m']", NULL},
    {"no ports, no endpoints", "discovery.k8s.io", "endpointslices",
     "{" EPS_META("empty") ",'addressType':'IPv6','ports':null,'endpoints':[]}",
     "['empty','IPv6','<unset>','<unset>','60m']", NULL},
    {"port by name, any port, more than three", "discovery.k8s.io", "endpointslices",
     "{" EPS_META("many") ",'addressType':'IPv4','ports':[{'name':'http'},{},{'port':8080,'name':'alt'},{'"
                          "port':9090}],"
                          "'endpoints':[{'addresses':['10.0.0.1','10.0.0.2']},{'addresses':['10.0.0.3']},{'"
                          "addresses':['10.0.0.4','10.0.0.5']}]}",
     "['many','IPv4','http,*,8080 + 1 more...','10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...','60m']", NULL},
};

static void test_endpointslices(void **state)
{
	(void)state;
	run_golden(endpointslice_cases, KC_ARRAY_SIZE(endpointslice_cases));
}

/* ---- nodes ---- */

#define NODE_INFO                                                                                            \
	"'nodeInfo':{'machineID':'m','systemUUID':'s','bootID':'b','kernelVersion':'6.1.0-18-amd64',"        \
	"'osImage':'Debian GNU/Linux 12 (bookworm)','containerRuntimeVersion':'containerd://1.7.13',"        \
	"'kubeletVersion':'v1.30.0','kubeProxyVersion':'v1.30.0','operatingSystem':'linux','architecture':'" \
	"amd64'}"

static const golden node_cases[] = {
    {"control plane", "", "nodes",
     "{'apiVersion':'v1','kind':'Node','metadata':{'name':'master-1','creationTimestamp':'2024-04-19T12:00:"
     "00Z',"
     "'labels':{'kubernetes.io/hostname':'master-1','kubernetes.io/os':'linux',"
     "'node-role.kubernetes.io/control-plane':'','node.kubernetes.io/"
     "exclude-from-external-load-balancers':''}},"
     "'spec':{'podCIDR':'10.244.0.0/24','taints':[{'key':'node-role.kubernetes.io/"
     "control-plane','effect':'NoSchedule'}]},"
     "'status':{'conditions':[{'type':'MemoryPressure','status':'False'},{'type':'DiskPressure','status':'"
     "False'},"
     "{'type':'PIDPressure','status':'False'},{'type':'Ready','status':'True','reason':'KubeletReady'}],"
     "'addresses':[{'type':'InternalIP','address':'10.0.0.10'},{'type':'Hostname','address':'master-1'}]"
     "," NODE_INFO "}}",
     "['master-1','Ready','control-plane','12d','v1.30.0','10.0.0.10','<none>','Debian GNU/Linux 12 "
     "(bookworm)',"
     "'6.1.0-18-amd64','containerd://1.7.13']",
     NULL},
    {"cordoned and not ready", "", "nodes",
     "{'metadata':{'name':'worker-1','creationTimestamp':'2024-04-19T12:00:00Z','labels':{'kubernetes.io/"
     "hostname':"
     "'worker-1'}},'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready','status':'False',"
     "'reason':'KubeletNotReady'}],'addresses':[{'type':'InternalIP','address':'10.0.0.21'},{'type':'"
     "ExternalIP',"
     "'address':'203.0.113.21'},{'type':'ExternalIP','address':'203.0.113.99'}]," NODE_INFO "}}",
     "['worker-1','NotReady,SchedulingDisabled','<none>','12d','v1.30.0','10.0.0.21','203.0.113.21',"
     "'Debian GNU/Linux 12 (bookworm)','6.1.0-18-amd64','containerd://1.7.13']",
     NULL},
    {"ready unknown is NotReady, cordoned", "", "nodes",
     "{'metadata':{'name':'n'},'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready','status'"
     ":'Unknown',"
     "'reason':'NodeStatusUnknown'}]}}",
     "['n','NotReady,SchedulingDisabled','<none>','<unknown>','','<none>','<none>','<unknown>','<unknown>','<"
     "unknown>']",
     NULL},
    {"no conditions (upstream foo1)", "", "nodes",
     "{'metadata':{'name':'foo1'},'status':{'addresses':[{'type':'ExternalIP',"
     "'address':'1.1.1.1'}]}}",
     "['foo1','Unknown','<none>','<unknown>','','<none>','1.1.1.1','<unknown>','<unknown>','<unknown>']",
     NULL},
    {"the last Ready condition decides", "", "nodes",
     "{'metadata':{'name':'n'},'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'Ready','"
     "status':'True'}]}}",
     "['n','Ready','<none>','<unknown>','','<none>','<none>','<unknown>','<unknown>','<unknown>']", NULL},
    {"roles from both label forms, sorted, distinct", "", "nodes",
     "{'metadata':{'name':'n','labels':{'node-role.kubernetes.io/worker':'','node-role.kubernetes.io/"
     "infra':'true',"
     "'kubernetes.io/role':'worker','node-role.kubernetes.io/':'','node-role.kubernetes.io/gpu':''}},"
     "'status':{'conditions':[{'type':'Ready','status':'True'}]}}",
     "['n','Ready','gpu,infra,worker','<unknown>','','<none>','<none>','<unknown>','<unknown>','<unknown>']",
     NULL},
    {"legacy role label only; empty value ignored", "", "nodes",
     "{'metadata':{'name':'n','labels':{'kubernetes.io/role':'master'}}}",
     "['n','Unknown','master','<unknown>','','<none>','<none>','<unknown>','<unknown>','<unknown>']", NULL},
    {"empty legacy role label", "", "nodes", "{'metadata':{'name':'n','labels':{'kubernetes.io/role':''}}}",
     "['n','Unknown','<none>','<unknown>','','<none>','<none>','<unknown>','<unknown>','<unknown>']", NULL},
};

static void test_nodes(void **state)
{
	(void)state;
	run_golden(node_cases, KC_ARRAY_SIZE(node_cases));
}

/* ---- events ---- */

static const golden event_cases[] = {
    {"scheduler event", "", "events",
     "{'apiVersion':'v1','kind':'Event','metadata':{'name':'nginx.17c1a2b3c4d5e6f7','namespace':'default',"
     "'creationTimestamp':'2024-05-01T11:55:00Z'},'involvedObject':{'kind':'Pod','namespace':'default','name'"
     ":'nginx',"
     "'uid':'u','apiVersion':'v1','resourceVersion':'1'},'reason':'Scheduled','message':'Successfully "
     "assigned "
     "default/nginx to "
     "node-1','source':{'component':'default-scheduler'},'firstTimestamp':'2024-05-01T11:55:00Z',"
     "'lastTimestamp':'2024-05-01T11:55:00Z','count':1,'type':'Normal','eventTime':null,'reportingComponent':"
     "'default-scheduler','reportingInstance':''}",
     "['5m','Normal','Scheduled','pod/nginx','','default-scheduler','Successfully assigned default/nginx to "
     "node-1',"
     "'5m',1,'nginx.17c1a2b3c4d5e6f7']",
     NULL},
    {"kubelet event repeated", "", "events",
     "{'metadata':{'name':'web.1','namespace':'default'},'involvedObject':{'kind':'Pod','name':'web','"
     "fieldPath':"
     "'spec.containers{app}'},'reason':'BackOff','message':'Back-off restarting failed container',"
     "'source':{'component':'kubelet','host':'node-1'},'firstTimestamp':'2024-05-01T11:50:00Z',"
     "'lastTimestamp':'2024-05-01T11:58:00Z','count':7,'type':'Warning'}",
     "['2m','Warning','BackOff','pod/web','spec.containers{app}','kubelet, node-1',"
     "'Back-off restarting failed container','10m',7,'web.1']",
     NULL},
    {"new-API event with series", "", "events",
     "{'metadata':{'name':'e2'},'involvedObject':{'kind':'Deployment','name':'web'},'reason':'"
     "ScalingReplicaSet',"
     "'message':'  Scaled up replica set web-5d4 to 3\\n','eventTime':'2024-05-01T11:50:00.123456Z',"
     "'series':{'count':4,'lastObservedTime':'2024-05-01T11:59:00.000000Z'},'reportingComponent':"
     "'deployment-controller','reportingInstance':'cm-1','type':'Normal'}",
     "['60s','Normal','ScalingReplicaSet','deployment/web','','deployment-controller, cm-1',"
     "'Scaled up replica set web-5d4 to 3','9m59s',4,'e2']",
     NULL},
    {"singleton without count, times or kind name", "", "events",
     "{'metadata':{'name':'e3'},'involvedObject':{'kind':'Node'},'reason':'Starting','type':'Normal'}",
     "['<unknown>','Normal','Starting','node','','','','<unknown>',1,'e3']", NULL},
    {"first seen only: last seen copies it", "", "events",
     "{'metadata':{'name':'e4'},'involvedObject':{'kind':'ReplicaSet','name':'rs'},'firstTimestamp':"
     "'2024-04-30T12:00:00Z','count':2,'source':{'host':'node-9'},'reportingComponent':'rc'}",
     "['24h','','','replicaset/rs','','rc, node-9','','24h',2,'e4']", NULL},
    {"events.k8s.io/v1 shape", "events.k8s.io", "events",
     "{'apiVersion':'events.k8s.io/v1','kind':'Event','metadata':{'name':'web.2','namespace':'default'},"
     "'eventTime':null,'reportingController':'kubelet','reportingInstance':'node-1','action':'Pulling',"
     "'reason':'Pulling','regarding':{'kind':'Pod','namespace':'default','name':'web','fieldPath':"
     "'spec.containers{app}'},'note':'Pulling image nginx','type':'Normal','deprecatedSource':{'component':"
     "'kubelet','host':'node-1'},'deprecatedFirstTimestamp':'2024-05-01T11:59:00Z','deprecatedLastTimestamp':"
     "'2024-05-01T11:59:30Z','deprecatedCount':2}",
     "['30s','Normal','Pulling','pod/web','spec.containers{app}','kubelet, node-1','Pulling image "
     "nginx','60s',2,"
     "'web.2']",
     NULL},
};

static void test_events(void **state)
{
	(void)state;
	run_golden(event_cases, KC_ARRAY_SIZE(event_cases));
}

/* ---- namespaces, secrets, service accounts, config maps ---- */

static const golden small_cases[] = {
    {"namespace active", "", "namespaces",
     "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'kube-system','creationTimestamp':"
     "'2024-04-19T12:00:00Z','labels':{'kubernetes.io/metadata.name':'kube-system'}},'spec':{'finalizers':"
     "['kubernetes']},'status':{'phase':'Active'}}",
     "['kube-system','Active','12d']", NULL},
    {"namespace terminating", "", "namespaces",
     "{'metadata':{'name':'old','creationTimestamp':'2024-05-01T11:00:00Z','deletionTimestamp':"
     "'2024-05-01T11:59:00Z'},'status':{'phase':'Terminating'}}",
     "['old','Terminating','60m']", NULL},
    {"namespace without phase defaults to Active", "", "namespaces", "{'metadata':{'name':'n'}}",
     "['n','Active','<unknown>']", NULL},
    {"opaque secret (kubectl create secret generic s1 --from-literal=k=v --from-literal=u=x)", "", "secrets",
     "{'kind':'Secret','apiVersion':'v1','metadata':{'name':'s1','namespace':'default','creationTimestamp':"
     "'2024-05-01T11:59:55Z'},'data':{'k':'dg==','u':'eA=='},'type':'Opaque'}",
     "['s1','Opaque',2,'5s']", NULL},
    {"tls secret", "", "secrets",
     "{'metadata':{'name':'tls','creationTimestamp':'2024-05-01T11:58:01Z'},'type':'kubernetes.io/tls',"
     "'data':{'tls.crt':'','tls.key':''}}",
     "['tls','kubernetes.io/tls',2,'119s']", NULL},
    {"secret without type or data", "", "secrets", "{'metadata':{'name':'e'}}",
     "['e','Opaque',0,'<unknown>']", NULL},
    {"service account", "", "serviceaccounts",
     "{'kind':'ServiceAccount','apiVersion':'v1','metadata':{'name':'default','namespace':'default',"
     "'creationTimestamp':'2024-04-19T12:00:00Z'}}",
     "['default',0,'12d']", NULL},
    {"service account with secrets", "", "serviceaccounts",
     "{'metadata':{'name':'builder','creationTimestamp':'2024-04-19T12:00:00Z'},'secrets':[{'name':'builder-"
     "token'}],"
     "'imagePullSecrets':[{'name':'regcred'}]}",
     "['builder',1,'12d']", NULL},
    {"config map (kubectl create configmap cfg --from-literal=a=1 --from-literal=b=2)", "", "configmaps",
     "{'kind':'ConfigMap','apiVersion':'v1','metadata':{'name':'cfg','namespace':'default','"
     "creationTimestamp':"
     "'2024-05-01T09:30:00Z'},'data':{'a':'1','b':'2'},'binaryData':{'c':'AAE='}}",
     "['cfg',3,'150m']", NULL},
    {"empty config map", "", "configmaps",
     "{'metadata':{'name':'empty','creationTimestamp':'2024-05-01T04:00:00Z'}}", "['empty',0,'8h']", NULL},
};

static void test_small_kinds(void **state)
{
	(void)state;
	run_golden(small_cases, KC_ARRAY_SIZE(small_cases));
}

/* ---- persistent volumes and claims ---- */

static const golden storage_cases[] = {
    {"bound volume", "", "persistentvolumes",
     "{'apiVersion':'v1','kind':'PersistentVolume','metadata':{'name':'pv-data','creationTimestamp':"
     "'2024-04-26T12:00:00Z'},'spec':{'capacity':{'storage':'10Gi'},'hostPath':{'path':'/data','type':''},"
     "'accessModes':['ReadWriteOnce'],'claimRef':{'kind':'PersistentVolumeClaim','namespace':'default',"
     "'name':'data','uid':'u'},'persistentVolumeReclaimPolicy':'Retain','storageClassName':'manual',"
     "'volumeMode':'Filesystem'},'status':{'phase':'Bound','lastPhaseTransitionTime':'2024-04-26T12:00:01Z'}"
     "}",
     "['pv-data','10Gi','RWO','Retain','Bound','default/data','manual','<unset>','','5d','Filesystem']",
     NULL},
    {"upstream test1 (ROX, no reclaim policy, no mode)", "", "persistentvolumes",
     "{'metadata':{'name':'test1'},'spec':{'claimRef':{'name':'test','namespace':'default'},'accessModes':"
     "['ReadOnlyMany'],'capacity':{'storage':'4Gi'}},'status':{'phase':'Bound'}}",
     "['test1','4Gi','ROX','Retain','Bound','default/test','','<unset>','','<unknown>','Filesystem']", NULL},
    {"terminating, canonical capacity, every access mode, beta class", "", "persistentvolumes",
     "{'metadata':{'name':'pv2','creationTimestamp':'2024-05-01T11:00:00Z','deletionTimestamp':"
     "'2024-05-01T11:59:00Z','annotations':{'volume.beta.kubernetes.io/storage-class':'beta-class'}},"
     "'spec':{'capacity':{'storage':'1.5Gi'},'accessModes':['ReadWriteOncePod','ReadWriteMany','ReadOnlyMany'"
     ","
     "'ReadWriteOnce','ReadWriteOnce'],'persistentVolumeReclaimPolicy':'Delete','storageClassName':'ignored',"
     "'volumeAttributesClassName':'gold','volumeMode':'Block'},'status':{'phase':'Released','reason':'Gone'}"
     "}",
     "['pv2','1536Mi','RWO,ROX,RWX,RWOP','Delete','Terminating','','beta-class','gold','Gone','60m','Block']",
     NULL},
    {"no capacity prints the zero quantity", "", "persistentvolumes", "{'metadata':{'name':'z'}}",
     "['z','0','','Retain','Pending','','','<unset>','','<unknown>','Filesystem']", NULL},
    {"bound claim", "", "persistentvolumeclaims",
     "{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'data','namespace':'default',"
     "'creationTimestamp':'2024-04-26T12:00:00Z'},'spec':{'accessModes':['ReadWriteOnce'],'resources':{'"
     "requests':"
     "{'storage':'5Gi'}},'volumeName':'pv-data','storageClassName':'manual','volumeMode':'Filesystem'},"
     "'status':{'phase':'Bound','accessModes':['ReadWriteOnce'],'capacity':{'storage':'10Gi'}}}",
     "['data','Bound','pv-data','10Gi','RWO','manual','<unset>','5d','Filesystem']", NULL},
    {"pending claim shows no capacity", "", "persistentvolumeclaims",
     "{'metadata':{'name':'wait','creationTimestamp':'2024-05-01T11:59:30Z'},'spec':{'accessModes':['"
     "ReadWriteOnce'],"
     "'resources':{'requests':{'storage':'1Gi'}},'storageClassName':'standard','volumeAttributesClassName':'"
     "fast'},"
     "'status':{'phase':'Pending'}}",
     "['wait','Pending','','','','standard','fast','30s','Filesystem']", NULL},
    {"terminating claim without class", "", "persistentvolumeclaims",
     "{'metadata':{'name':'gone','deletionTimestamp':'2024-05-01T11:59:30Z'},'spec':{'volumeName':'pv9',"
     "'volumeMode':'Block'},'status':{'phase':'Bound'}}",
     "['gone','Terminating','pv9','0','','','<unset>','<unknown>','Block']", NULL},
    {"claim class from the beta annotation, even empty", "", "persistentvolumeclaims",
     "{'metadata':{'name':'b','annotations':{'volume.beta.kubernetes.io/storage-class':''}},'spec':"
     "{'storageClassName':'standard'}}",
     "['b','Pending','','','','','<unset>','<unknown>','Filesystem']", NULL},
    {"storage class default", "storage.k8s.io", "storageclasses",
     "{'apiVersion':'storage.k8s.io/"
     "v1','kind':'StorageClass','metadata':{'name':'standard','creationTimestamp':"
     "'2024-04-19T12:00:00Z','annotations':{'storageclass.kubernetes.io/is-default-class':'true'}},"
     "'provisioner':'rancher.io/"
     "local-path','reclaimPolicy':'Delete','volumeBindingMode':'WaitForFirstConsumer'}",
     "['standard (default)','rancher.io/local-path','Delete','WaitForFirstConsumer',false,'12d']", NULL},
    {"storage class beta default, expandable, defaults", "storage.k8s.io", "storageclasses",
     "{'metadata':{'name':'fast','annotations':{'storageclass.beta.kubernetes.io/is-default-class':'true'}},"
     "'provisioner':'csi.example.com','allowVolumeExpansion':true}",
     "['fast (default)','csi.example.com','Delete','Immediate',true,'<unknown>']", NULL},
    {"storage class not default", "storage.k8s.io", "storageclasses",
     "{'metadata':{'name':'slow','annotations':{'storageclass.kubernetes.io/is-default-class':'false'}},"
     "'provisioner':'x','reclaimPolicy':'Retain','volumeBindingMode':'Immediate','allowVolumeExpansion':"
     "false}",
     "['slow','x','Retain','Immediate',false,'<unknown>']", NULL},
};

static void test_storage(void **state)
{
	(void)state;
	run_golden(storage_cases, KC_ARRAY_SIZE(storage_cases));
}

/* ---- apps ---- */

#define NGINX_TEMPLATE                                                                                       \
	"'template':{'metadata':{'creationTimestamp':null,'labels':{'app':'nginx'}},'spec':"                 \
	"{'containers':[{'name':'nginx','image':'nginx:1.14.2','resources':{}}]}}"

static const golden apps_cases[] = {
    {"deployment (kubectl create deployment nginx --image=nginx:1.14.2 --replicas=3)", "apps", "deployments",
     "{'kind':'Deployment','apiVersion':'apps/v1','metadata':{'name':'nginx','namespace':'default',"
     "'creationTimestamp':'2024-05-01T11:50:00Z','generation':1,'labels':{'app':'nginx'}},'spec':{'replicas':"
     "3,"
     "'selector':{'matchLabels':{'app':'nginx'}}," NGINX_TEMPLATE ",'strategy':{'type':'RollingUpdate',"
     "'rollingUpdate':{'maxUnavailable':'25%','maxSurge':'25%'}},'revisionHistoryLimit':10,"
     "'progressDeadlineSeconds':600},'status':{'observedGeneration':1,'replicas':3,'updatedReplicas':3,"
     "'readyReplicas':2,'availableReplicas':2,'unavailableReplicas':1}}",
     "['nginx','2/3',3,2,'10m','nginx','nginx:1.14.2','app=nginx']", NULL},
    {"new deployment without status, expressions in the selector", "apps", "deployments",
     "{'metadata':{'name':'web','creationTimestamp':'2024-05-01T11:59:58Z'},'spec':{'replicas':2,'selector':"
     "{'matchLabels':{'app':'web'},'matchExpressions':[{'key':'tier','operator':'In','values':['front','edge'"
     "]},"
     "{'key':'canary','operator':'DoesNotExist'}]},'template':{'spec':{'containers':[{'name':'a','image':'x'}"
     ","
     "{'name':'b','image':'y:2'}]}}}}",
     "['web','0/2',0,0,'2s','a,b','x,y:2','app=web,!canary,tier in (edge,front)']", NULL},
    {"deployment with a bad selector", "apps", "deployments",
     "{'metadata':{'name':'bad'},'spec':{'selector':{'matchExpressions':[{'key':'a','operator':'Near'}]}}}",
     "['bad','0/1',0,0,'<unknown>','','','<invalid>']", NULL},
    {"deployment without a selector", "apps", "deployments",
     "{'metadata':{'name':'nosel'},'spec':{'replicas':0}}", "['nosel','0/0',0,0,'<unknown>','','','']", NULL},
    {"replica set", "apps", "replicasets",
     "{'kind':'ReplicaSet','apiVersion':'apps/"
     "v1','metadata':{'name':'nginx-7c5ddbdf54','namespace':'default',"
     "'creationTimestamp':'2024-05-01T11:50:00Z','labels':{'app':'nginx','pod-template-hash':'7c5ddbdf54'},"
     "'ownerReferences':[{'apiVersion':'apps/"
     "v1','kind':'Deployment','name':'nginx','uid':'u','controller':true,"
     "'blockOwnerDeletion':true}]},'spec':{'replicas':3,'selector':{'matchLabels':{'app':'nginx',"
     "'pod-template-hash':'7c5ddbdf54'}}," NGINX_TEMPLATE "},'status':{'replicas':3,'fullyLabeledReplicas':3,"
     "'readyReplicas':2,'availableReplicas':2,'observedGeneration':1}}",
     "['nginx-7c5ddbdf54',3,3,2,'10m','nginx','nginx:1.14.2','app=nginx,pod-template-hash=7c5ddbdf54']",
     NULL},
    {"replica set without selector", "apps", "replicasets",
     "{'metadata':{'name':'rs'},'spec':{'replicas':1}}", "['rs',1,0,0,'<unknown>','','','<none>']", NULL},
    {"replica set with an empty selector", "apps", "replicasets",
     "{'metadata':{'name':'rs'},'spec':{'selector':{}}}", "['rs',1,0,0,'<unknown>','','','<none>']", NULL},
    {"replica set with an invalid selector", "apps", "replicasets",
     "{'metadata':{'name':'rs'},'spec':{'selector':{'matchExpressions':[{'key':'a','operator':'In','values':["
     "]}]}}}",
     "['rs',1,0,0,'<unknown>','','','<error>']", NULL},
    {"stateful set", "apps", "statefulsets",
     "{'kind':'StatefulSet','apiVersion':'apps/v1','metadata':{'name':'web','creationTimestamp':"
     "'2024-04-30T12:00:00Z'},'spec':{'replicas':3,'serviceName':'web','selector':{'matchLabels':{'app':'web'"
     "}},"
     "'template':{'spec':{'containers':[{'name':'nginx','image':'registry.k8s.io/nginx-slim:0.8'}]}}},"
     "'status':{'replicas':3,'readyReplicas':2,'currentReplicas':3,'updatedReplicas':3}}",
     "['web','2/3','24h','nginx','registry.k8s.io/nginx-slim:0.8']", NULL},
    {"daemon set", "apps", "daemonsets",
     "{'kind':'DaemonSet','apiVersion':'apps/v1','metadata':{'name':'kube-proxy','namespace':'kube-system',"
     "'creationTimestamp':'2024-04-19T12:00:00Z'},'spec':{'selector':{'matchLabels':{'k8s-app':'kube-proxy'}}"
     ","
     "'template':{'metadata':{'labels':{'k8s-app':'kube-proxy'}},'spec':{'nodeSelector':{'kubernetes.io/"
     "os':'linux'},"
     "'containers':[{'name':'kube-proxy','image':'registry.k8s.io/kube-proxy:v1.30.0'}]}}},"
     "'status':{'currentNumberScheduled':3,'numberMisscheduled':0,'desiredNumberScheduled':3,'numberReady':2,"
     "'updatedNumberScheduled':3,'numberAvailable':2}}",
     "['kube-proxy',3,3,2,3,2,'kubernetes.io/os=linux','12d','kube-proxy','registry.k8s.io/"
     "kube-proxy:v1.30.0',"
     "'k8s-app=kube-proxy']",
     NULL},
    {"controller revision of a daemon set", "apps", "controllerrevisions",
     "{'kind':'ControllerRevision','apiVersion':'apps/"
     "v1','metadata':{'name':'kube-proxy-6c8f7b7d9','creationTimestamp':"
     "'2024-04-19T12:00:00Z','ownerReferences':[{'apiVersion':'apps/"
     "v1','kind':'DaemonSet','name':'kube-proxy',"
     "'uid':'u','controller':true}]},'data':{},'revision':1}",
     "['kube-proxy-6c8f7b7d9','daemonset.apps/kube-proxy',1,'12d']", NULL},
    {"controller revision: core owner, non-controller owners skipped", "apps", "controllerrevisions",
     "{'metadata':{'name':'cr','ownerReferences':[{'apiVersion':'apps/v1','kind':'StatefulSet','name':'x'},"
     "{'apiVersion':'v1','kind':'ReplicationController','name':'rc1','controller':true}]},'revision':12}",
     "['cr','replicationcontroller/rc1',12,'<unknown>']", NULL},
    {"controller revision without owner", "apps", "controllerrevisions",
     "{'metadata':{'name':'cr'},'revision':3}", "['cr','<none>',3,'<unknown>']", NULL},
    {"replication controller", "", "replicationcontrollers",
     "{'kind':'ReplicationController','apiVersion':'v1','metadata':{'name':'rc1','creationTimestamp':"
     "'2024-05-01T11:00:00Z'},'spec':{'replicas':5,'selector':{'a':'b'},'template':{'metadata':{'labels':{'a'"
     ":'b'}},"
     "'spec':{'containers':[{'name':'test','image':'test_image'}]}}},'status':{'replicas':3,'readyReplicas':"
     "1}}",
     "['rc1',5,3,1,'60m','test','test_image','a=b']", NULL},
    {"replication controller without template (upstream no panic)", "", "replicationcontrollers",
     "{'metadata':{'annotations':{'k8s.io/initial-events-end':'true'}},'spec':{'replicas':0}}",
     "['',0,0,0,'<unknown>','','','<none>']", NULL},
};

static void test_apps(void **state)
{
	(void)state;
	run_golden(apps_cases, KC_ARRAY_SIZE(apps_cases));
}

/* ---- batch ---- */

#define PI_TEMPLATE                                                                                          \
	"'template':{'metadata':{'labels':{'batch.kubernetes.io/job-name':'pi'}},'spec':{'containers':"      \
	"[{'name':'pi','image':'perl:5.34','command':['perl','-e','1']}],'restartPolicy':'Never'}}"
#define JOB_SELECTOR "'selector':{'matchLabels':{'batch.kubernetes.io/controller-uid':'c1'}}"

static const golden batch_cases[] = {
    {"complete job (kubectl create job pi --image=perl:5.34)", "batch", "jobs",
     "{'kind':'Job','apiVersion':'batch/"
     "v1','metadata':{'name':'pi','namespace':'default','creationTimestamp':"
     "'2024-05-01T11:00:00Z'},'spec':{'parallelism':1,'completions':1,'backoffLimit':6," JOB_SELECTOR ","
     "'manualSelector':false," PI_TEMPLATE ",'completionMode':'NonIndexed','suspend':false},"
     "'status':{'conditions':[{'type':'SuccessCriteriaMet','status':'True'},{'type':'Complete','status':'"
     "True'}],"
     "'startTime':'2024-05-01T11:00:01Z','completionTime':'2024-05-01T11:00:09Z','succeeded':1,'ready':0}}",
     "['pi','Complete','1/1','8s','60m','pi','perl:5.34','batch.kubernetes.io/controller-uid=c1']", NULL},
    {"running job: duration since start", "batch", "jobs",
     "{'metadata':{'name':'run','creationTimestamp':'2024-05-01T11:40:00Z'},'spec':{'completions':5,'"
     "parallelism':2," JOB_SELECTOR
     "},'status':{'startTime':'2024-05-01T11:40:00Z','active':2,'succeeded':3}}",
     "['run','Running','3/5','20m','20m','','','batch.kubernetes.io/controller-uid=c1']", NULL},
    {"parallel job without completions", "batch", "jobs",
     "{'metadata':{'name':'work','creationTimestamp':'2024-05-01T11:59:00Z'},'spec':{'parallelism':4},"
     "'status':{'succeeded':1}}",
     "['work','Running','1/1 of 4','','60s','','','<none>']", NULL},
    {"job without completions or parallelism", "batch", "jobs", "{'metadata':{'name':'job2'}}",
     "['job2','Running','0/1','','<unknown>','','','<none>']", NULL},
    {"upstream job3: start to completion", "batch", "jobs",
     "{'metadata':{'name':'job3'},'status':{'startTime':'2024-05-01T12:01:00Z','completionTime':'2024-05-"
     "01T12:31:00Z'}}",
     "['job3','Running','0/1','30m','<unknown>','','','<none>']", NULL},
    {"failed job", "batch", "jobs",
     "{'metadata':{'name':'f'},'spec':{'completions':1},'status':{'conditions':[{'type':'FailureTarget','"
     "status':'True'},"
     "{'type':'Failed','status':'True','reason':'BackoffLimitExceeded'}],'failed':7}}",
     "['f','Failed','0/1','','<unknown>','','','<none>']", NULL},
    {"suspended job", "batch", "jobs",
     "{'metadata':{'name':'s'},'spec':{'suspend':true},'status':{'conditions':[{'type':'Suspended','status':'"
     "True'}]}}",
     "['s','Suspended','0/1','','<unknown>','','','<none>']", NULL},
    {"failure target", "batch", "jobs",
     "{'metadata':{'name':'ft'},'status':{'conditions':[{'type':'FailureTarget','status':'True'}]}}",
     "['ft','FailureTarget','0/1','','<unknown>','','','<none>']", NULL},
    {"terminating job", "batch", "jobs",
     "{'metadata':{'name':'t','deletionTimestamp':'2024-05-01T12:00:00Z'},'status':{'conditions':"
     "[{'type':'Suspended','status':'True'}]}}",
     "['t','Terminating','0/1','','<unknown>','','','<none>']", NULL},
    {"the first condition of a type decides", "batch", "jobs",
     "{'metadata':{'name':'c'},'status':{'conditions':[{'type':'Complete','status':'False'},"
     "{'type':'Complete','status':'True'}]}}",
     "['c','Running','0/1','','<unknown>','','','<none>']", NULL},
    {"cron job (kubectl create cronjob hello --image=busybox --schedule='*/1 * * * *')", "batch", "cronjobs",
     "{'kind':'CronJob','apiVersion':'batch/"
     "v1','metadata':{'name':'hello','namespace':'default','creationTimestamp':"
     "'2024-04-26T12:00:00Z'},'spec':{'schedule':'*/1 * * * *','concurrencyPolicy':'Allow','suspend':false,"
     "'jobTemplate':{'metadata':{'name':'hello'},'spec':{'template':{'spec':{'containers':[{'name':'hello',"
     "'image':'busybox'}],'restartPolicy':'OnFailure'}}}},'successfulJobsHistoryLimit':3,"
     "'failedJobsHistoryLimit':1},'status':{'active':[{'kind':'Job','name':'hello-28577519'}],"
     "'lastScheduleTime':'2024-05-01T11:59:20Z','lastSuccessfulTime':'2024-05-01T11:58:25Z'}}",
     "['hello','*/1 * * * *','<none>','False',1,'40s','5d','hello','busybox','<none>']", NULL},
    {"suspended cron job with a time zone, never scheduled", "batch", "cronjobs",
     "{'metadata':{'name':'nightly'},'spec':{'schedule':'0 3 * * *','timeZone':'Asia/Seoul','suspend':true,"
     "'jobTemplate':{'spec':{'selector':{'matchLabels':{'x':'y'}},'template':{'spec':{'containers':[]}}}}}}",
     "['nightly','0 3 * * *','Asia/Seoul','True',0,'<none>','<unknown>','','','x=y']", NULL},
};

static void test_batch(void **state)
{
	(void)state;
	run_golden(batch_cases, KC_ARRAY_SIZE(batch_cases));
}

/* ---- networking, coordination, rbac ---- */

static const golden other_cases[] = {
    {"ingress (kubectl create ingress web --class=nginx --rule=foo.com/=svc:80 "
     "--rule=bar.com/*=svc2:8080,tls)",
     "networking.k8s.io", "ingresses",
     "{'kind':'Ingress','apiVersion':'networking.k8s.io/v1','metadata':{'name':'web','namespace':'default',"
     "'creationTimestamp':'2024-05-01T11:00:00Z'},'spec':{'ingressClassName':'nginx','tls':[{'hosts':['bar."
     "com']}],"
     "'rules':[{'host':'foo.com','http':{'paths':[{'path':'/"
     "','pathType':'Exact','backend':{'service':{'name':'svc',"
     "'port':{'number':80}}}}]}},{'host':'bar.com','http':{'paths':[{'path':'/"
     "','pathType':'Prefix','backend':"
     "{'service':{'name':'svc2','port':{'number':8080}}}}]}}]},'status':{'loadBalancer':{'ingress':"
     "[{'ip':'192.168.49.2'}]}}}",
     "['web','nginx','foo.com,bar.com','192.168.49.2','80, 443','60m']", NULL},
    {"upstream: default backend only", "networking.k8s.io", "ingresses",
     "{'metadata':{'name':'test1'},'spec':{'ingressClassName':'foo','defaultBackend':{'service':{'name':"
     "'default-backend','port':{'name':'default-backend','number':80}}}},'status':{'loadBalancer':{'ingress':"
     "[{'ip':'2.3.4.5','hostname':'localhost.localdomain'}]}}}",
     "['test1','foo','*','2.3.4.5','80','<unknown>']", NULL},
    {"four hosts, one rule without host, no class", "networking.k8s.io", "ingresses",
     "{'metadata':{'name':'many'},'spec':{'rules':[{'host':'a.com'},{'http':{}},{'host':'b.com'},{'host':'c."
     "com'},"
     "{'host':'d.com'}]},'status':{'loadBalancer':{'ingress':[{'hostname':'lb.example.com'},{'ip':'10.0.0.1'}"
     "]}}}",
     "['many','<none>','a.com,b.com,c.com + 2 more...','10.0.0.1,lb.example.com','80','<unknown>']", NULL},
    {"ingress class with parameters", "networking.k8s.io", "ingressclasses",
     "{'apiVersion':'networking.k8s.io/"
     "v1','kind':'IngressClass','metadata':{'name':'nginx','creationTimestamp':"
     "'2024-04-19T12:00:00Z'},'spec':{'controller':'k8s.io/"
     "ingress-nginx','parameters':{'apiGroup':'k8s.example.com',"
     "'kind':'IngressParameters','name':'external-lb'}}}",
     "['nginx','k8s.io/ingress-nginx','IngressParameters.k8s.example.com/external-lb','12d']", NULL},
    {"ingress class, parameters without group", "networking.k8s.io", "ingressclasses",
     "{'metadata':{'name':'test1'},'spec':{'controller':'example.com/"
     "controller','parameters':{'kind':'customgroup',"
     "'name':'example'}}}",
     "['test1','example.com/controller','customgroup/example','<unknown>']", NULL},
    {"ingress class without parameters", "networking.k8s.io", "ingressclasses",
     "{'metadata':{'name':'test2'},'spec':{'controller':'example.com/controller2'}}",
     "['test2','example.com/controller2','<none>','<unknown>']", NULL},
    {"lease", "coordination.k8s.io", "leases",
     "{'apiVersion':'coordination.k8s.io/v1','kind':'Lease','metadata':{'name':'node-1','namespace':"
     "'kube-node-lease','creationTimestamp':'2024-04-19T12:00:00Z'},'spec':{'holderIdentity':'node-1',"
     "'leaseDurationSeconds':40,'renewTime':'2024-05-01T11:59:58.000000Z'}}",
     "['node-1','node-1','12d']", NULL},
    {"lease without holder", "coordination.k8s.io", "leases", "{'metadata':{'name':'free'},'spec':{}}",
     "['free','','<unknown>']", NULL},
    {"role binding (kubectl create rolebinding rb --clusterrole=view --user=alice --group=devs "
     "--serviceaccount=default:sa1)",
     "rbac.authorization.k8s.io", "rolebindings",
     "{'kind':'RoleBinding','apiVersion':'rbac.authorization.k8s.io/v1','metadata':{'name':'rb','namespace':"
     "'default','creationTimestamp':'2024-05-01T11:00:00Z'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io'"
     ","
     "'kind':'ClusterRole','name':'view'},'subjects':[{'kind':'User','apiGroup':'rbac.authorization.k8s.io',"
     "'name':'alice'},{'kind':'Group','apiGroup':'rbac.authorization.k8s.io','name':'devs'},{'kind':"
     "'ServiceAccount','name':'sa1','namespace':'default'}]}",
     "['rb','ClusterRole/view','60m','alice','devs','default/sa1']", NULL},
    {"cluster role binding, several of a kind", "rbac.authorization.k8s.io", "clusterrolebindings",
     "{'metadata':{'name':'admins','creationTimestamp':'2024-04-19T12:00:00Z'},'roleRef':{'kind':'"
     "ClusterRole',"
     "'name':'cluster-admin'},'subjects':[{'kind':'Group','name':'system:masters'},{'kind':'User','name':'"
     "bob'},"
     "{'kind':'User','name':'carol'},{'kind':'Group','name':'ops'},{'kind':'Other','name':'x'}]}",
     "['admins','ClusterRole/cluster-admin','12d','bob, carol','system:masters, ops','']", NULL},
    {"role binding without subjects", "rbac.authorization.k8s.io", "rolebindings",
     "{'metadata':{'name':'none'},'roleRef':{'kind':'Role','name':'pod-reader'}}",
     "['none','Role/pod-reader','<unknown>','','','']", NULL},
    /* roles have no printer upstream: rest.NewDefaultTableConvertor */
    {"role: default convertor", "rbac.authorization.k8s.io", "roles",
     "{'kind':'Role','apiVersion':'rbac.authorization.k8s.io/v1','metadata':{'name':'pod-reader','namespace':"
     "'default','creationTimestamp':'2024-05-01T11:00:00Z'},'rules':[{'verbs':['get'],'apiGroups':[''],"
     "'resources':['pods']}]}",
     "['pod-reader','2024-05-01T11:00:00Z']", NULL},
    {"cluster role: offset time prints in UTC", "rbac.authorization.k8s.io", "clusterroles",
     "{'metadata':{'name':'view','creationTimestamp':'2024-05-01T20:30:15.5+09:00'}}",
     "['view','2024-05-01T11:30:15Z']", NULL},
    {"cluster role: no creation time is Go's zero time", "rbac.authorization.k8s.io", "clusterroles",
     "{'metadata':{'name':'x'}}", "['x','0001-01-01T00:00:00Z']", NULL},
};

static void test_other(void **state)
{
	(void)state;
	run_golden(other_cases, KC_ARRAY_SIZE(other_cases));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pods),        cmocka_unit_test(test_services),
	    cmocka_unit_test(test_endpoints),   cmocka_unit_test(test_endpointslices),
	    cmocka_unit_test(test_nodes),       cmocka_unit_test(test_events),
	    cmocka_unit_test(test_small_kinds), cmocka_unit_test(test_storage),
	    cmocka_unit_test(test_apps),        cmocka_unit_test(test_batch),
	    cmocka_unit_test(test_other),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
