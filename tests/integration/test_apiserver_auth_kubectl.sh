#!/bin/bash
# The real kubectl asks kc-apiserver who may do what: `kubectl auth can-i`
# (SelfSubjectAccessReview), with --as/--as-group (impersonation) and --list
# (SelfSubjectRulesReview), for a user without bindings, after a Role and a
# RoleBinding made with `kubectl create role/rolebinding`, and for the
# components' kubeconfigs; and what a user without the right sees from get.
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cluster_up

k() { kubectl --request-timeout=20s "$@"; }

# expect_can ANSWER ARGS...: `kubectl auth can-i ARGS` says ANSWER (yes/no),
# with exit status 0 for yes and 1 for no, as upstream.
expect_can() {
	want=$1
	shift
	set +e
	out=$(k auth can-i "$@" 2>"$KC_TEST_DIR/can-i.err")
	rc=$?
	set -e
	case $want in
	yes) want_rc=0 ;;
	*) want_rc=1 ;;
	esac
	[ "${out%% *}" = "$want" ] && [ $rc = $want_rc ] ||
		fail "kubectl auth can-i $*: got '$out' (exit $rc), want $want (exit $want_rc); stderr: $(cat "$KC_TEST_DIR/can-i.err")"
}

# eventually_can ANSWER ARGS...: the same, allowing a moment for new RBAC
# objects to reach the authorizer.
eventually_can() {
	for _ in $(seq 50); do
		if k auth can-i "${@:2}" >/dev/null 2>&1; then got=yes; else got=no; fi
		[ "$got" = "$1" ] && return 0
		sleep 0.1
	done
	expect_can "$@"
}

# A user of our own: bob (no groups), with a kubeconfig.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$KC_TEST_DIR/bob.key" \
	-out "$KC_TEST_DIR/bob.csr" -subj "/CN=bob" 2>/dev/null
openssl x509 -req -in "$KC_TEST_DIR/bob.csr" -CA "$KC_PKI/ca.crt" -CAkey "$KC_PKI/ca.key" -CAcreateserial \
	-out "$KC_TEST_DIR/bob.crt" -days 1 2>/dev/null
bob=$KC_TEST_DIR/bob.conf
kubectl config --kubeconfig "$bob" set-cluster kc --server "$KC_SERVER" --certificate-authority "$KC_PKI/ca.crt" \
	--embed-certs >/dev/null
kubectl config --kubeconfig "$bob" set-credentials bob --client-certificate "$KC_TEST_DIR/bob.crt" \
	--client-key "$KC_TEST_DIR/bob.key" --embed-certs >/dev/null
kubectl config --kubeconfig "$bob" set-context bob --cluster kc --user bob --namespace default >/dev/null
kubectl config --kubeconfig "$bob" use-context bob >/dev/null

# the admin may do everything; bob, impersonated, nothing yet
expect_can yes list pods
expect_can yes '*' '*'
expect_can yes delete nodes --all-namespaces
expect_can no list pods --as bob
expect_can no create deployments.apps --as bob
expect_can yes list pods --as someone --as-group system:masters
# every authenticated user may check health and discover
expect_can yes get /healthz --as bob
expect_can yes get /api --as bob
expect_can no get /metrics --as bob

# what bob himself sees
expect_can no list pods --kubeconfig "$bob"
out=$(k get pods --kubeconfig "$bob" 2>&1 || true)
expect_eq "bob get pods" "$out" \
	'Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "default"'
out=$(k get pods --kubeconfig "$bob" --as kubernetes-admin 2>&1 || true)
expect_eq "bob impersonates" "$out" \
	'Error from server (Forbidden): users "kubernetes-admin" is forbidden: User "bob" cannot impersonate resource "users" in API group "" at the cluster scope'

# a Role and a RoleBinding, made with kubectl, take effect
expect_eq "create role" "$(k create role pod-reader --verb=get,list,watch --resource=pods)" \
	"role.rbac.authorization.k8s.io/pod-reader created"
expect_eq "create rolebinding" "$(k create rolebinding bob-reads-pods --role=pod-reader --user=bob)" \
	"rolebinding.rbac.authorization.k8s.io/bob-reads-pods created"
eventually_can yes list pods --as bob
expect_can yes watch pods --as bob
expect_can yes get pods/anything --as bob
expect_can no delete pods --as bob
expect_can no list pods --as bob -n kube-system
expect_can no list secrets --as bob
expect_can yes list pods --kubeconfig "$bob"
expect_eq "bob get pods" "$(k get pods --kubeconfig "$bob" 2>&1)" "No resources found in default namespace."

# --list: the rules bob has here, as upstream's table prints them
out=$(k auth can-i --list --as bob)
expect_contains "can-i --list" "$out" "Resources"
expect_contains "can-i --list" "$out" "Non-Resource URLs"
echo "$out" | grep -Eq '^pods +\[\] +\[\] +\[get list watch\]$' ||
	fail "can-i --list --as bob has no row for pods [get list watch]:
$out"
echo "$out" | grep -Eq '^selfsubjectaccessreviews\.authorization\.k8s\.io +\[\] +\[\] +\[create\]$' ||
	fail "can-i --list --as bob has no row for selfsubjectaccessreviews:
$out"
echo "$out" | grep -Eq '^ +\[/healthz\] +\[\] +\[get\]$' ||
	fail "can-i --list --as bob has no row for /healthz:
$out"
out=$(k auth can-i --list --as bob -n kube-system)
echo "$out" | grep -Eq '^pods ' && fail "can-i --list -n kube-system --as bob lists pods:
$out"

# withdrawn
expect_eq "delete rolebinding" "$(k delete rolebinding bob-reads-pods)" \
	'rolebinding.rbac.authorization.k8s.io "bob-reads-pods" deleted'
eventually_can no list pods --as bob

# the components, with their own kubeconfigs from deploy/pki.sh
sched=$KC_PKI/scheduler.conf node=$KC_PKI/kubelet-node-1.conf proxy=$KC_PKI/proxy.conf cm=$KC_PKI/controller-manager.conf
# (a subresource is --subresource: "pods/x" names the pod x)
expect_can yes create pods --subresource binding --kubeconfig "$sched"
expect_can no create pods/binding --kubeconfig "$sched"
expect_can yes list nodes --kubeconfig "$sched"
expect_can yes delete pods --kubeconfig "$sched"
expect_can no create pods --kubeconfig "$sched"
expect_can no get secrets --kubeconfig "$sched"
expect_can yes create pods --subresource binding --as system:kube-scheduler
expect_can yes update nodes --subresource status --kubeconfig "$node"
expect_can no update nodes --subresource status --kubeconfig "$sched"
expect_can yes patch nodes --kubeconfig "$node"
expect_can yes get secrets --kubeconfig "$node"
expect_can no delete nodes --kubeconfig "$node"
expect_can no create deployments.apps --kubeconfig "$node"
expect_can yes watch endpointslices.discovery.k8s.io --kubeconfig "$proxy"
expect_can yes list services --kubeconfig "$proxy"
expect_can no get secrets --kubeconfig "$proxy"
expect_can no create pods --kubeconfig "$proxy"
expect_can yes create replicasets.apps --kubeconfig "$cm"
expect_can yes list secrets --all-namespaces --kubeconfig "$cm"
expect_can no create clusterrolebindings.rbac.authorization.k8s.io --kubeconfig "$cm"
out=$(k auth can-i --list --kubeconfig "$sched")
expect_contains "scheduler can-i --list" "$out" "pods/binding"
echo "PASS"
