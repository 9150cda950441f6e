#!/bin/bash
# kc get, api-resources, api-versions and explain against the installed
# kubectl on the same etcd + kc-apiserver: the seed manifests (and a few
# objects of the other kinds `get` prints) are created once, then each
# command line runs under both and the outputs (stdout and stderr together,
# and the exit code) must be the same byte for byte - with AGE values
# masked alike on both sides, and "kubectl" read as "kc" in messages.
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cluster_up

seeds=$KC_TOP/tests/fixtures/seeds
KC=$KC_BUILD/ctl/kc
[ -x "$KC" ] || fail "no kc binary at $KC"
k() { kubectl --request-timeout=20s "$@"; }

for f in "$seeds"/*.yaml; do
	[ "$(basename "$f")" = pulse-pods-as-written.yaml ] && continue
	k create -f "$f" >/dev/null
done
extras=$KC_TEST_DIR/extras.yaml
cat >"$extras" <<'EOF'
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-rs, labels: {app: web, tier: fe}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.25"}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      nodeSelector: {disk: ssd}
      containers: [{name: agent, image: "busybox:1.36"}, {name: side, image: "pause:3.9"}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: "postgres:16"}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: perl, command: ["perl", "-e", "print 1"]}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: hello, image: busybox}]
---
apiVersion: v1
kind: ReplicationController
metadata: {name: old-rc}
spec:
  replicas: 1
  selector: {app: old}
  template:
    metadata: {labels: {app: old}}
    spec: {containers: [{name: old, image: nginx}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, annotations: {note: "h\u00e9llo w\u00f6rld"}}
data: {a: "1", b: "2"}
---
apiVersion: v1
kind: Secret
metadata: {name: sec}
type: Opaque
stringData: {user: admin}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: robot}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader-binding}
subjects: [{kind: ServiceAccount, name: robot, namespace: default}]
roleRef: {kind: Role, name: reader, apiGroup: rbac.authorization.k8s.io}
---
apiVersion: v1
kind: Node
metadata: {name: node-1, labels: {disk: ssd, kubernetes.io/hostname: node-1}}
spec: {podCIDR: 10.244.1.0/24}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv1}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /tmp/pv1}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: claim1}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: lock}
spec: {holderIdentity: me, leaseDurationSeconds: 15}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: kubernetes.io/no-provisioner
EOF
k create -f "$extras" >/dev/null
k label pod curlpod app.kubernetes.io/name=curl tier=x >/dev/null
k annotate pod nginx note='héllo wörld' >/dev/null
k create namespace other >/dev/null
k run other-pod -n other --image=nginx --labels=app=nginx >/dev/null

# AGE cells ("45s", "3m2s", "12m", "4h5m", "10d") as one token, both sides
mask() {
	sed -E 's/(^|[[:space:]])[0-9]+(s|m|h|d|y)([0-9]+(s|m|h|d))?([[:space:]]|$)/\1<AGE>\5/g'
}

failures=0
# same CMD ARGS...: kc and kubectl print the same (retried when an AGE
# changed between the two runs)
same() {
	local want got try
	for try in 1 2 3; do
		want=$(kubectl "$@" 2>&1; echo "[exit $?]")
		want=${want//kubectl/kc}
		got=$("$KC" "$@" 2>&1; echo "[exit $?]")
		[ "$want" = "$got" ] && return 0
		[ "$(printf '%s' "$want" | mask)" = "$(printf '%s' "$got" | mask)" ] && return 0
		sleep 1
	done
	echo "FAIL: $*" >&2
	diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | head -20 >&2 || true
	failures=$((failures + 1))
}

# the issue's list: tables, wide, yaml, json, name, jsonpath, custom
# columns, all, -A, -l
for t in pods services deployments replicasets daemonsets statefulsets jobs cronjobs replicationcontrollers \
	ingresses nodes namespaces pv pvc configmaps secrets serviceaccounts roles rolebindings leases \
	ingressclasses storageclasses endpoints endpointslices; do
	same get "$t"
	same get "$t" -o wide
	same get "$t" -o name
done
for t in pods svc deploy ing; do
	same get "$t" -o yaml
	same get "$t" -o json
done
same get pod nginx -o yaml
same get pod nginx -o json
same get deploy nginx-deployment -o yaml
same get pods -o jsonpath='{.items[*].metadata.name}'
same get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.containers[0].image}{"\n"}{end}'
same get pod nginx -o jsonpath='{.spec.containers[?(@.name=="nginx")].ports[0].containerPort}'
same get pods -o jsonpath-as-json='{.items[*].metadata.name}'
same get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image,PORTS:.spec.containers[*].ports[*].containerPort
same get pods -o custom-columns=N:.metadata.name,NOTE:.metadata.annotations.note,L:.metadata.labels --no-headers
same get all
same get all -o wide
same get all -o name
same get all -A
same get pods -A
same get pods -A -o wide --show-labels
same get pods -l app=nginx
same get pods,svc -l app=nginx -A
same get pods -l nope=x
same get pods --field-selector=status.phase=Pending
same get pods --show-labels
same get pods -L app.kubernetes.io/name,tier -L app
same get pods --no-headers
same get pods --show-kind
same get pods,svc nginx
same get pod/nginx svc/nginx pod/curlpod
same get pods,ns -A
same get svc,pods -l app=nginx
same get -f "$seeds/nginx-deployment.yaml"
same get -f "$seeds/pulse-pods.yaml" -o name
same get -f "$extras" -o wide
same get pods -n other
same get pod nginx -n nope
same get pod/nginx svc/x -n nope
mkdir "$KC_TEST_DIR/manifests"
cp "$seeds/nginx-pod.yaml" "$seeds/curl-pod.yaml" "$KC_TEST_DIR/manifests/"
printf 'apiVersion: example.com/v1\nkind: Foo\nmetadata:\n  name: x\n---\n' >"$KC_TEST_DIR/manifests/z-foo.yaml"
same get -f "$KC_TEST_DIR/manifests"
same get -f "$KC_TEST_DIR/manifests" -o name
same get pods -n nope
same get ns default -A
same get ev -A -o wide
same get pods --chunk-size=2
same get pods --server-print=false

# sorting, as kubectl 1.32 compares (and fails)
same get pods --sort-by=.metadata.name
same get pods,svc --sort-by=.metadata.name -o name
same get pods,svc --sort-by=.metadata.name
same get pods nginx curlpod --sort-by=.metadata.name
same get pods --sort-by=.nope
same get pods --sort-by=.nope -o name
same get pods -A --sort-by=.metadata.namespace -o custom-columns=NS:.metadata.namespace,N:.metadata.name

# errors in kubectl's words and exit codes
same get
same get nope
same get pods,nope
same get pod nope
same get pods nginx nope curlpod
same get pod/nope svc/nope
same get pod nope -o yaml
same get pod nope --ignore-not-found
same get pods/nginx svc
same get pods nginx -l app=x
same get pod nginx -A
same get pod/a/b
same get pods -l 'a b'
same get pods --field-selector=foo=bar
same get pods -o jsonpath
same get pods -o jsonpath='{.a'
same get pods -o custom-columns=X
same get pods --show-labels -o json
same get pods --output-watch-events
same get pod nginx -o jsonpath='{.spec.nope[0]}' --allow-missing-template-keys=false
same get pod nginx --subresource=nope
same get pods --subresource=status
same get --raw /api/v1/namespaces/default/pods/nginx
same get --raw /api/v1/namespaces/default/pods/nope
same get -w
same get pods,svc -w

# watches: rows (or objects) as events arrive
nwatch=0
watch_same() {
	local d pod
	nwatch=$((nwatch + 1))
	pod=wpod-$nwatch
	d=$(mktemp -d "$KC_TEST_DIR/watch.XXXXXX")
	kubectl get "$@" >"$d/want" 2>&1 &
	local p1=$!
	"$KC" get "$@" >"$d/got" 2>&1 &
	local p2=$!
	KC_PIDS="$KC_PIDS $p1 $p2"
	sleep 2
	k run "$pod" --image=nginx >/dev/null
	k label pod nginx watched=yes >/dev/null
	sleep 0.5
	k delete pod "$pod" --wait=false >/dev/null
	k label pod nginx watched- >/dev/null
	sleep 2
	kill "$p1" "$p2" 2>/dev/null || true
	wait "$p1" "$p2" 2>/dev/null || true
	if ! diff <(mask <"$d/want") <(mask <"$d/got") >"$d/diff"; then
		echo "FAIL: get $* (watch)" >&2
		head -20 "$d/diff" >&2
		failures=$((failures + 1))
	fi
}
watch_same pods -w
watch_same pods -w --output-watch-events
watch_same pods --watch-only -o name
watch_same pods -A -w
watch_same pod nginx -w
watch_same pod nginx --watch-only
watch_same pods -w -o json

# discovery
same api-resources
same api-resources -o wide
same api-resources -o name --namespaced=false
same api-resources --api-group=apps --sort-by=kind
same api-resources --verbs=create,watch --no-headers
same api-resources -o foo
same api-versions

# explain, from the OpenAPI v3 documents
for r in pods deployments.apps services nodes cronjobs.batch ingresses.networking.k8s.io; do
	same explain "$r"
	same explain "$r" --recursive
done
same explain pods.spec.containers
same explain pods.spec.containers.ports.protocol
same explain deploy.spec.strategy
same explain svc.spec.ports.targetPort
same explain pods.spec.nope
same explain nope
same explain deploy --api-version=apps/v1
same explain pods --api-version=apps/v1
same explain events.events.k8s.io
same explain

[ "$failures" -eq 0 ] || fail "$failures command lines differ from kubectl"
echo "PASS"
