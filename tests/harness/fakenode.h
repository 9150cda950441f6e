/* fakenode.h - nodes simulated by the tests of the scheduler and the
 * controller-manager, in place of kc-kubelet (which runs real containers;
 * these tests are about placement and controllers, not containers).
 *
 * A fake node, on its own libevent loop in a thread, with the node's
 * credentials (kubelet-<name>, made with kc_test_apiserver_issue_user in
 * group system:nodes):
 *   - registers a Node (Ready=True, allocatable as configured, labels
 *     kubernetes.io/hostname, kubernetes.io/os=linux, and any given, taints
 *     as given) and renews its Lease in kube-node-lease every
 *     renew_interval_ms (as the kubelet's node lease controller does);
 *   - watches pods bound to it (spec.nodeName=<name>) and, for each new one,
 *     writes pod status: phase Running, podIP 10.<node>.x.y, hostIP,
 *     startTime, PodScheduled/Initialized/ContainersReady/Ready conditions
 *     and containerStatuses (ready, started, running.startedAt); a pod whose
 *     readiness was set false by kc_fake_node_set_ready is reported not ready;
 *   - confirms graceful deletions (a pod with deletionTimestamp is deleted
 *     with gracePeriodSeconds=0 and a uid precondition), as a kubelet does;
 *   - kc_fake_node_pause stops everything (lease renewal, status writes):
 *     a node that died. kc_fake_node_resume brings it back. */
#ifndef KC_TEST_FAKENODE_H
#define KC_TEST_FAKENODE_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/apiserver.h"

typedef struct kc_fake_node kc_fake_node;

typedef struct kc_fake_node_config {
	const char *name;               /* "node-1" */
	const char *cpu, *memory, *pods; /* allocatable; NULL: "4", "8Gi", "110" */
	const char *labels;             /* extra labels "k=v,k2=v2", or NULL */
	const char *taints;             /* "key=value:NoSchedule,key2:NoExecute", or NULL */
	uint64_t renew_interval_ms;     /* 0: 10000 (kubelet's) */
	bool unready_pods;              /* pods stay Running but not Ready */
} kc_fake_node_config;

/* Starts the node against a (issues its certificate). NULL on failure. */
kc_fake_node *kc_fake_node_start(const kc_test_apiserver *a, const kc_fake_node_config *cfg);
void kc_fake_node_pause(kc_fake_node *n);
void kc_fake_node_resume(kc_fake_node *n);
/* Marks one pod (namespace/name) ready or not ready from now on. */
void kc_fake_node_set_ready(kc_fake_node *n, const char *ns, const char *pod, bool ready);
/* Stops the thread; deletes nothing from the API. NULL is fine. */
void kc_fake_node_stop(kc_fake_node *n);

#endif
