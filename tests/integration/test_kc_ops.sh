#!/bin/bash
# kc's operational commands beside the real kubectl on one kc-apiserver:
# label, annotate, scale, set image, rollout (status driven by writing the
# Deployment's status as a controller would), wait, config, auth can-i,
# cluster-info, and the errors of logs/exec/attach/port-forward while no
# kubelet serves them. Every step runs twice, once with each client, on
# objects prepared the same way, and the outputs (stdout + stderr + exit
# code) must be the same once "kubectl" is read as "kc".
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cluster_up

KC=$KC_BUILD/ctl/kc
[ -x "$KC" ] || fail "no kc binary at $KC"
kubectl() { command kubectl --request-timeout=20s "$@"; }

# run_both NAME SCRIPT: SCRIPT uses $K as the client; its setup lines use
# kubectl directly. Outputs are compared after normalising what differs by
# nature (the program's name, kubectl's colours, timestamps, resource
# versions).
run_both() {
	name=$1 script=$2
	out_k=$(bash -c "set +e; K='kubectl --request-timeout=20s'; $script" 2>&1 || true)
	out_c=$(bash -c "set +e; K='$KC'; $script" 2>&1 || true)
	norm() {
		sed -E -e 's/kubectl/kc/g' -e 's/\x1b\[[0-9;]*m//g' \
			-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+(Z|[+-][0-9:]+)/<TIME>/g' \
			-e 's/(resource version to be [0-9]+, was )[0-9]+/\1<RV>/' \
			-e '/cert_rotation.go/d' -e '/memcache.go/d'
	}
	a=$(printf '%s\n' "$out_k" | norm)
	b=$(printf '%s\n' "$out_c" | norm)
	if [ "$a" != "$b" ]; then
		diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") >&2 || true
		fail "$name: kc and kubectl differ (< kubectl, > kc)"
	fi
	echo "ok: $name"
}

kubectl create -f "$KC_TOP/tests/fixtures/seeds/nginx-pod.yaml" >/dev/null

# ---- label / annotate ----
run_both label '
kubectl delete pod lp --now --wait >/dev/null 2>&1; kubectl run lp --image=nginx >/dev/null
$K label pod lp tier=web; echo rc=$?
$K label pod lp tier=db; echo rc=$?
$K label pod lp tier=web
$K label pod lp tier=db --overwrite
$K label pod lp tier-
$K label pod lp tier-
$K label pod lp --list | sort # Go maps: random order
$K label pod lp nope a=b; echo rc=$?
$K label pod lp a=c b=d; echo rc=$?
$K label pod lp a=c b=d --overwrite --dry-run=client
$K label pod lp a=c b=d --overwrite --dry-run=server
$K label pod lp a=c --overwrite -o yaml | grep -c "a: c"
$K label pods lp c=1 --list | sort
$K label pod lp "x=y z"; echo rc=$?
$K label pod lp x=y --resource-version=1; echo rc=$?
$K label pods -l a=c q=1; echo rc=$?
$K label pods --all -l a=c q=1; echo rc=$?
$K label pod lp q=1 -o foo; echo rc=$?
$K label pod lp --list -o name; echo rc=$?
$K label pods lp lp q=2 --overwrite; echo rc=$?
$K label lp; echo rc=$?
$K label nopes lp q=2 ; echo rc=$?
$K label pods q=2 ; echo rc=$?
$K label pod lp a=b=c; echo rc=$?
$K label ns default q=1; $K label ns/default q-; echo rc=$?
$K label pod lp -A q=3; echo rc=$?
'
run_both annotate '
kubectl delete pod ap --now --wait >/dev/null 2>&1; kubectl run ap --image=nginx >/dev/null
$K annotate pod ap a=b; echo rc=$?
$K annotate pod ap a=c; echo rc=$?
$K annotate pod ap a=c --overwrite --list | sort; echo rc=$?
$K annotate pod ap a- b-; echo rc=$?
$K annotate pod ap kubernetes.io/change-cause=x; $K annotate pod ap kubernetes.io/change-cause=y; echo rc=$?
$K annotate pod ap x y; echo rc=$?
$K annotate pod ap a=1 a-; echo rc=$?
$K annotate pod ap; echo rc=$?
'

# ---- scale / set image ----
run_both scale '
kubectl delete deploy sd --wait >/dev/null 2>&1; kubectl create deployment sd --image=nginx:1.14 --replicas=2 >/dev/null
$K scale deploy sd --replicas=3; echo rc=$?
$K scale deploy/sd --replicas=4 --current-replicas=2; echo rc=$?
$K scale deploy/sd --replicas=4 --current-replicas=3; echo rc=$?
$K scale deploy/sd; echo rc=$?
$K scale deploy/sd --replicas=-1; echo rc=$?
$K scale deploy/sd --replicas=1 --dry-run=client; echo rc=$?
$K scale deploy/sd --replicas=1 --dry-run=server; echo rc=$?
kubectl get deploy sd -o jsonpath="{.spec.replicas}"; echo
$K scale deploy/nope --replicas=1; echo rc=$?
$K scale deploy sd --replicas=2 --resource-version=1; echo rc=$?
$K scale deploy sd --replicas=2 -o name; echo rc=$?
$K scale deploy sd nope --replicas=2; echo rc=$?
$K scale deploy sd --replicas=1 --timeout=1s; echo rc=$?
$K scale deploy sd --replicas=1 --current-replicas=-2; echo rc=$?
'
run_both set-image '
kubectl delete deploy si --wait >/dev/null 2>&1; kubectl create deployment si --image=nginx:1.14 >/dev/null
$K set image deploy/si nginx=nginx:1.16; echo rc=$?
$K set image deploy/si nginx=nginx:1.16; echo rc=$?
$K set image deploy/si nope=nginx:1.16; echo rc=$?
$K set image deploy/si "*=nginx:1.17" -o yaml | grep image:; echo rc=$?
$K set image deploy/si nginx=nginx:1.18 --dry-run=client; echo rc=$?
$K set image deploy/si; echo rc=$?
$K set image deploy/si nginx; echo rc=$?
$K set image svc/kubernetes a=b ; echo rc=$?
$K set image deploy/si "*=a" nginx=b ; echo rc=$?
$K set image deploy si nginx=nginx:1.19 -o name; echo rc=$?
kubectl get deploy si -o jsonpath="{.spec.template.spec.containers[0].image}"; echo
$K set foo; echo rc=$?
'

# ---- rollout: ReplicaSets and status written as the controller would ----
run_both rollout '
kubectl delete deploy rd --wait >/dev/null 2>&1; kubectl delete rs -l app=rd --wait >/dev/null 2>&1
kubectl create deployment rd --image=nginx:1.14 --replicas=3 >/dev/null
uid=$(kubectl get deploy rd -o jsonpath="{.metadata.uid}")
mkrs() {
  kubectl get deploy rd -o json | python3 -c "
import json,sys; d=json.load(sys.stdin); t=d[\"spec\"][\"template\"]
t[\"metadata\"][\"labels\"][\"pod-template-hash\"]=\"$2\"; t[\"spec\"][\"containers\"][0][\"image\"]=\"$3\"
ann={\"deployment.kubernetes.io/revision\":\"$1\"}
if \"$4\": ann[\"kubernetes.io/change-cause\"]=\"$4\"
print(json.dumps({\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"rd-$2\",\"labels\":{\"app\":\"rd\",\"pod-template-hash\":\"$2\"},\"annotations\":ann,\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"rd\",\"uid\":\"$uid\",\"controller\":True}]},\"spec\":{\"replicas\":0,\"selector\":{\"matchLabels\":{\"app\":\"rd\",\"pod-template-hash\":\"$2\"}},\"template\":t}}))" | kubectl create -f - >/dev/null
}
mkrs 1 aaa nginx:1.14 ""
mkrs 2 bbb nginx:1.15 "kubectl set image deployment/rd nginx=nginx:1.15"
status() { kubectl patch deploy rd --subresource=status --type=merge -p "{\"status\":{\"observedGeneration\":$(kubectl get deploy rd -o jsonpath={.metadata.generation}),\"replicas\":3,\"updatedReplicas\":$1,\"availableReplicas\":$2,\"readyReplicas\":$2}}" >/dev/null; }
$K rollout history deploy/rd; echo rc=$?
$K rollout history deployment rd --revision=2; echo rc=$?
$K rollout history deploy/rd --revision=7; echo rc=$?
$K rollout history deploy/rd -o name; echo rc=$?
$K rollout undo deploy/rd --to-revision=2; echo rc=$?
kubectl get deploy rd -o jsonpath="{.spec.template.spec.containers[0].image}"; echo
$K rollout undo deploy/rd; echo rc=$?
kubectl get deploy rd -o jsonpath="{.spec.template.spec.containers[0].image}"; echo
$K rollout undo deploy/rd --to-revision=9; echo rc=$?
$K rollout pause deploy/rd; echo rc=$?
$K rollout pause deploy/rd; echo rc=$?
$K rollout restart deploy/rd; echo rc=$?
$K rollout resume deploy/rd; echo rc=$?
$K rollout resume deploy/rd; echo rc=$?
$K rollout restart deploy/rd; echo rc=$?
kubectl get deploy rd -o jsonpath="{.spec.template.metadata.annotations}" | sed -E "s/\"[0-9T:+-]{19,}Z?\"/<T>/"; echo
$K rollout status deploy/rd --watch=false; echo rc=$?
status 1 1
$K rollout status deploy/rd --watch=false; echo rc=$?
$K rollout status deploy/rd --timeout=2s; echo rc=$?
status 3 1
(sleep 1.5; status 3 2; sleep 1; status 3 3) &
$K rollout status deploy/rd --timeout=30s; echo rc=$?
wait
$K rollout status deploy/rd --revision=9; echo rc=$?
$K rollout status rs/rd-aaa; echo rc=$?
$K rollout status pod/nope; echo rc=$?
$K rollout history; echo rc=$?
$K rollout pause rs/rd-aaa; echo rc=$?
$K rollout history rs/rd-aaa; echo rc=$?
$K rollout undo rs/rd-aaa; echo rc=$?
$K rollout pause deploy -l app=nope; echo rc=$?
$K rollout bogus; echo rc=$?
'

# ---- wait ----
run_both wait '
kubectl delete pod wp wp2 --now --wait >/dev/null 2>&1; kubectl run wp --image=nginx >/dev/null; kubectl run wp2 --image=nginx >/dev/null
$K wait --for=condition=Ready pod/wp --timeout=1s; echo rc=$?
$K wait --for=jsonpath="{.status.phase}"=Pending pod/wp; echo rc=$?
$K wait --for=jsonpath="{.status.phase}"=Running pod/wp --timeout=1s; echo rc=$?
$K wait --for=jsonpath=.status.phase=Pending pods -l run=wp; echo rc=$?
$K wait --for=jsonpath="{.spec}"=x pod/wp; echo rc=$?
$K wait --for=bogus pod/wp; echo rc=$?
$K wait pod/wp; echo rc=$?
$K wait --for=delete pod/nope; echo rc=$?
$K wait --for=condition=Ready pod/nope; echo rc=$?
$K wait --for=condition=Ready pod/wp --timeout=0; echo rc=$?
$K wait --for=create pod/wp; echo rc=$?
$K wait --for=condition=Ready pods -l nothing=here; echo rc=$?
(sleep 1; kubectl patch pod wp --subresource=status --type=merge -p "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}" >/dev/null) &
$K wait --for=condition=Ready pod/wp --timeout=20s; echo rc=$?
wait
$K wait --for=condition=ready=TRUE pod/wp -o name; echo rc=$?
(sleep 1; kubectl delete pod wp2 --now >/dev/null) &
$K wait --for=delete pod/wp2 --timeout=20s; echo rc=$?
wait
'

# ---- auth, cluster-info ----
kubectl create svc clusterip kube-dns -n kube-system --tcp=53:53 >/dev/null
kubectl label svc kube-dns -n kube-system kubernetes.io/cluster-service=true kubernetes.io/name=CoreDNS >/dev/null
run_both auth '
$K cluster-info; echo rc=$?
$K cluster-info -n default; echo rc=$?
$K auth can-i --list
$K auth can-i get pods; echo rc=$?
$K auth can-i get nodes; echo rc=$?
$K auth can-i frob pods; echo rc=$?
$K auth can-i get /healthz; echo rc=$?
$K auth can-i get foos.bar.com; echo rc=$?
$K auth can-i get pods --list; echo rc=$?
$K auth can-i; echo rc=$?
$K auth can-i list pods -A --as bob; echo rc=$?
$K auth can-i get pods --subresource=log; echo rc=$?
$K auth can-i --list --no-headers --as=bob; echo rc=$?
$K auth can-i get pods --no-headers; echo rc=$?
$K auth whoami; echo rc=$?
'

# ---- logs / exec / attach / port-forward without a kubelet ----
run_both streams '
$K logs nginx; echo rc=$?
$K logs nope; echo rc=$?
$K logs -l app=nope; echo rc=$?
$K logs; echo rc=$?
$K logs nginx nginx -c x; echo rc=$?
$K logs nginx --since=1s --since-time=2020-01-01T00:00:00Z; echo rc=$?
$K logs nginx -c bogus; echo rc=$?
$K logs svc/kubernetes; echo rc=$?
$K logs nginx --tail=-5; echo rc=$?
$K logs nginx --ignore-errors -f; echo rc=$?
$K exec nginx -- ls; echo rc=$?
$K exec -it nginx -- sh </dev/null; echo rc=$?
$K exec nope -- ls; echo rc=$?
$K exec nginx; echo rc=$?
$K exec nginx ls; echo rc=$?
$K exec svc/kubernetes -- ls; echo rc=$?
$K attach nginx; echo rc=$?
$K attach; echo rc=$?
$K attach -it nginx </dev/null; echo rc=$?
timeout 20 $K port-forward pod/nginx 18080:80; echo rc=$?
timeout 20 $K port-forward nginx x:80; echo rc=$?
timeout 20 $K port-forward nginx; echo rc=$?
timeout 20 $K port-forward svc/kube-dns -n kube-system 53 --pod-running-timeout=2s; echo rc=$?
'

# ---- config, on files of their own ----
cfg=$KC_TEST_DIR/cfg
mkdir -p "$cfg"
cat >"$cfg/b.conf" <<'EOF'
apiVersion: v1
kind: Config
clusters:
- name: c2
  cluster:
    server: https://10.0.0.1:6443
    certificate-authority: ca.crt
- name: c3
  cluster:
    server: http://x
    tls-server-name: foo
users:
- name: u2
  user:
    token: abcdef
    username: bob
    password: secret
contexts:
- name: ctx2
  context:
    cluster: c2
    user: u2
    namespace: ns2
- name: aaa
  context:
    cluster: c3
current-context: ctx2
EOF
cp "$KUBECONFIG" "$cfg/a.conf"
run_both config '
D='"$cfg"'/run; rm -rf $D; mkdir -p $D/home/.kube; cd $D; cp ../b.conf ../a.conf .; touch ca.crt; echo pem > cert.pem
export HOME=$D/home; unset KUBECONFIG
$K config view --kubeconfig b.conf; echo rc=$?
$K config view --kubeconfig b.conf --raw -o json; echo rc=$?
KUBECONFIG=a.conf:b.conf $K config get-contexts; echo rc=$?
KUBECONFIG=a.conf:b.conf $K config view --minify; echo rc=$?
$K config view --kubeconfig b.conf --minify --context aaa; echo rc=$?
$K config view --kubeconfig b.conf --minify --context nope; echo rc=$?
$K config current-context --kubeconfig b.conf; echo rc=$?
$K config current-context; echo rc=$?
$K config set-context foo --cluster=c --user=u; echo rc=$?; cat home/.kube/config
$K config set-context --current --namespace=x; echo rc=$?
$K config use-context foo; $K config set-context --current --namespace=x; echo rc=$?
$K config set-cluster c --server=https://1.2.3.4 --certificate-authority=ca.crt; echo rc=$?
$K config set-cluster c2 --certificate-authority=$D/ca.crt --embed-certs; echo rc=$?
$K config set-cluster c --insecure-skip-tls-verify=true; echo rc=$?
$K config set-credentials u --token=abc; $K config set-credentials u --username=a --password=b; echo rc=$?
$K config set-credentials u3 --token=a --username=b; echo rc=$?
cat home/.kube/config; $K config view
$K config get-contexts; $K config get-contexts -o name; $K config get-contexts foo nope; echo rc=$?
$K config rename-context foo bar; echo rc=$?; $K config rename-context nope x; echo rc=$?
$K config delete-context bar; echo rc=$?; $K config delete-context bar; echo rc=$?
$K config delete-cluster c2; echo rc=$?; $K config delete-user; echo rc=$?
$K config use-context nope; echo rc=$?
$K config set clusters.c.server https://9.9.9.9; echo rc=$?; $K config unset clusters.c.insecure-skip-tls-verify; echo rc=$?
$K config set current-context zz; $K config current-context; $K config unset current-context; echo rc=$?
$K config set users.u.token; echo rc=$?
cat home/.kube/config
KUBECONFIG=$D/x1:$D/x2 $K config set-context q --cluster=c; ls $D; cat $D/x2
$K config view -o jsonpath="{.clusters[*].name}"; echo
$K config bogus; echo rc=$?
$K config get-contexts -o yaml; echo rc=$?
'

# ---- completion: a script bash can load, and answers from the server ----
script=$("$KC" completion bash)
bash -n <(printf '%s\n' "$script") || fail "completion bash: not valid bash"
expect_contains "completion" "$script" "__complete"
out=$("$KC" __complete label "" 2>/dev/null)
expect_contains "complete types" "$out" "deployments.apps"
expect_eq "complete directive" "$(printf '%s\n' "$out" | tail -1)" ":4"
out=$("$KC" __complete label pods "" 2>/dev/null)
expect_contains "complete pod names" "$out" "nginx"
out=$("$KC" __complete label pods/ng 2>/dev/null)
expect_contains "complete type/name" "$out" "pods/nginx"
out=$("$KC" __complete logs "" 2>/dev/null)
expect_contains "complete logs" "$out" "deployments/"
out=$("$KC" __complete label -n "" 2>/dev/null)
expect_contains "complete namespaces" "$out" "kube-system"
out=$("$KC" __complete rollout "" 2>/dev/null)
expect_contains "complete subcommands" "$out" "undo	Undo a previous rollout"
out=$("$KC" __complete scale --repl 2>/dev/null)
expect_contains "complete flags" "$out" "--replicas"
# the script itself, driven as bash drives it on <TAB>
got=$(PATH="$(dirname "$KC"):$PATH" bash -c "$script"'
COMP_WORDS=(kc label pods ng); COMP_CWORD=3; COMP_LINE="kc label pods ng"; COMP_POINT=${#COMP_LINE}
_kc; printf "%s\n" "${COMPREPLY[@]}"')
expect_eq "bash <TAB>" "$got" "nginx"
echo "PASS"
