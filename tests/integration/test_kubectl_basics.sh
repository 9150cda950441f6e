#!/bin/bash
# The real kubectl drives a real etcd + kc-apiserver: discovery, create,
# apply twice, get in every output shape, label, patch, watch, delete, and
# the errors kubectl users read.
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cluster_up

seeds=$KC_TOP/tests/fixtures/seeds
k() { kubectl --request-timeout=20s "$@"; }

# discovery
out=$(k api-resources)
expect_contains "api-resources" "$out" "deployments"
expect_contains "api-resources" "$out" "deploy"
expect_contains "api-resources" "$out" "apps/v1"
expect_contains "api-versions" "$(k api-versions)" "rbac.authorization.k8s.io/v1"

# the namespaces a cluster starts with
out=$(k get namespaces -o name)
for ns in default kube-system kube-public kube-node-lease; do
	expect_contains "get namespaces" "$out" "namespace/$ns"
done

# create, then apply twice
expect_eq "create" "$(k create -f "$seeds/nginx-pod.yaml")" "pod/nginx created"
expect_eq "apply" "$(k apply -f "$seeds/nginx-deployment.yaml")" "deployment.apps/nginx-deployment created"
expect_eq "apply again" "$(k apply -f "$seeds/nginx-deployment.yaml")" "deployment.apps/nginx-deployment unchanged"

# get: table, wide, json, yaml, name, jsonpath
out=$(k get pods)
expect_contains "get pods" "$out" "NAME    READY   STATUS    RESTARTS   AGE"
expect_contains "get pods" "$out" "nginx   0/1     Pending   0"
out=$(k get deployment nginx-deployment -o wide)
expect_contains "get deploy -o wide" "$out" "CONTAINERS"
expect_contains "get deploy -o wide" "$out" "nginx:1.14.2"
expect_eq "jsonpath" "$(k get deploy nginx-deployment -o jsonpath='{.spec.strategy.rollingUpdate.maxSurge}')" "25%"
expect_eq "defaults" "$(k get pod nginx -o jsonpath='{.spec.restartPolicy} {.spec.dnsPolicy} {.spec.schedulerName}')" \
	"Always ClusterFirst default-scheduler"
k get pod nginx -o yaml | grep -q '^  uid: ' || fail "get -o yaml has no uid"
expect_eq "-o name" "$(k get deploy -o name)" "deployment.apps/nginx-deployment"

# label, annotate, patch
expect_eq "label" "$(k label pod nginx tier=web)" "pod/nginx labeled"
expect_eq "label selector" "$(k get pods -l tier=web -o name)" "pod/nginx"
expect_eq "label selector miss" "$(k get pods -l tier=db 2>&1)" "No resources found in default namespace."
expect_eq "patch" "$(k patch deploy nginx-deployment -p '{"spec":{"replicas":3}}')" \
	"deployment.apps/nginx-deployment patched"
expect_eq "patched" "$(k get deploy nginx-deployment -o jsonpath='{.spec.replicas} {.metadata.generation}')" "3 2"
expect_eq "json patch" "$(k patch pod nginx --type json -p '[{"op":"add","path":"/metadata/labels/x","value":"y"}]')" \
	"pod/nginx patched"
expect_eq "scale" "$(k scale deploy nginx-deployment --replicas 1)" "deployment.apps/nginx-deployment scaled"
# a pod on a node is deleted gracefully: it stays, Terminating, until its
# kubelet (here: a grace-0 delete) confirms
k create -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata: {name: placed}
spec:
  nodeName: node-1
  containers: [{name: c, image: nginx:1.25}]
EOF
k delete pod placed --wait=false >/dev/null
expect_eq "graceful delete keeps the pod" \
	"$(k get pod placed -o jsonpath='{.metadata.deletionGracePeriodSeconds}')" "30"
k delete pod placed --grace-period=0 --force >/dev/null 2>&1
expect_eq "grace 0 removes it" "$(k get pod placed --ignore-not-found -o name)" ""

# a Deployment's annotations are copied to its ReplicaSets: changing them
# bumps the generation (upstream's strategy); a label does not
k annotate deploy nginx-deployment note=one >/dev/null
gen=$(k get deploy nginx-deployment -o jsonpath='{.metadata.generation}')
k label deploy nginx-deployment tier=web >/dev/null
expect_eq "label keeps generation" "$(k get deploy nginx-deployment -o jsonpath='{.metadata.generation}')" "$gen"
k annotate deploy nginx-deployment note=two --overwrite >/dev/null
expect_eq "annotation bumps generation" "$(k get deploy nginx-deployment -o jsonpath='{.metadata.generation}')" \
	"$((gen + 1))"

# watch: a change shows up in `get -w`
k get pods -w --output-watch-events >"$KC_TEST_DIR/watch.out" 2>&1 &
watcher=$!
KC_PIDS="$KC_PIDS $watcher"
sleep 1
k label pod nginx watched=yes >/dev/null
for i in $(seq 50); do grep -q MODIFIED "$KC_TEST_DIR/watch.out" && break; sleep 0.1; done
kill "$watcher"
expect_contains "get -w" "$(cat "$KC_TEST_DIR/watch.out")" "MODIFIED"

# errors as kubectl users read them
out=$(k get pod nope 2>&1 || true)
expect_eq "not found" "$out" 'Error from server (NotFound): pods "nope" not found'
out=$(k create -f "$seeds/nginx-pod.yaml" 2>&1 || true)
expect_eq "already exists" "$out" 'Error from server (AlreadyExists): error when creating "'"$seeds"'/nginx-pod.yaml": pods "nginx" already exists'
# the seed's pulse pods as written: kubectl asks for strict field validation,
# so the unknown field comes first; without it, the missing name
out=$(k create -f "$seeds/pulse-pods-as-written.yaml" 2>&1 || true)
expect_contains "strict" "$out" 'strict decoding error: unknown field "metadata.app"'
out=$(k create --validate=false -f "$seeds/pulse-pods-as-written.yaml" 2>&1 || true)
expect_contains "invalid" "$out" 'Pod "" is invalid: metadata.name: Required value: name or generateName is required'

# delete
expect_eq "delete" "$(k delete deploy nginx-deployment)" 'deployment.apps "nginx-deployment" deleted'
out=$(k get deploy 2>&1)
expect_eq "after delete" "$out" "No resources found in default namespace."

# methods HTTP defines but the API does not serve: 405 with a Status, as
# upstream (the kc client sends only the methods client-go does; curl
# treats CONNECT as a proxy tunnel: a raw request here)
not_allowed='{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server does not allow this method on the requested resource","reason":"MethodNotAllowed","code":405}'
for m in TRACE OPTIONS; do
	out=$(curl -s --max-time 10 --cacert "$KC_PKI/ca.crt" --cert "$KC_PKI/admin.crt" --key "$KC_PKI/admin.key" \
		-X "$m" -w ' %{http_code}' "$KC_SERVER/api/v1/namespaces/default/configmaps")
	expect_eq "$m" "$out" "$not_allowed 405"
done
out=$(python3 - "$KC_SERVER" "$KC_PKI" <<'EOF'
import socket, ssl, sys, urllib.parse
u, pki = urllib.parse.urlsplit(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=pki + "/ca.crt")
ctx.load_cert_chain(pki + "/admin.crt", pki + "/admin.key")
with ctx.wrap_socket(socket.create_connection((u.hostname, u.port), timeout=10), server_hostname=u.hostname) as s:
    s.sendall(b"CONNECT /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""  # evhttp keeps a CONNECT's connection open: read up to the Status's end
    while not data.endswith(b"}") and (chunk := s.recv(65536)):
        data += chunk
head, _, body = data.decode().partition("\r\n\r\n")
print(head.split("\r\n")[0], body)
EOF
)
expect_eq "CONNECT" "$out" "HTTP/1.1 405 Method Not Allowed $not_allowed"
echo "PASS"
