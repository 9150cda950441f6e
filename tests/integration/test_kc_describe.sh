#!/bin/bash
# kc describe against kubectl describe on the same kc-apiserver and the same
# objects: the seed manifests, plus what a cluster with a kubelet and
# controllers would hold (a node with its lease and status, a ReplicaSet the
# deployment owns, running pods with container statuses written through the
# status subresource, events, jobs, claims, RBAC, storage). Outputs must be
# equal byte for byte once ages are masked (the two commands run a moment
# apart); stderr and exit codes too.
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cluster_up

seeds=$KC_TOP/tests/fixtures/seeds
KC=$KC_BUILD/ctl/kc
k() { kubectl --request-timeout=20s "$@"; }
work=$KC_TEST_DIR/describe
mkdir -p "$work"

# ---- the objects ----

for f in nginx-deployment nginx-pod pulse-pods pulse-service nginx-clusterip-service nginx-nodeport-service \
	nginx-ingress curl-pod; do
	k apply -f "$seeds/$f.yaml" >/dev/null
done

cat >"$work/node.yaml" <<'EOF'
apiVersion: v1
kind: Node
metadata:
  name: node-1
  labels: {kubernetes.io/hostname: node-1, kubernetes.io/os: linux, node-role.kubernetes.io/control-plane: ""}
  annotations: {node.alpha.kubernetes.io/ttl: "0"}
spec:
  podCIDR: 10.244.1.0/24
  podCIDRs: [10.244.1.0/24]
  taints:
  - {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}
  - {key: dedicated, value: infra, effect: PreferNoSchedule}
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: node-1, namespace: kube-node-lease}
spec: {holderIdentity: node-1, leaseDurationSeconds: 40, renewTime: "2026-01-02T03:04:05.123456Z"}
EOF
k apply -f "$work/node.yaml" >/dev/null
k patch node node-1 --subresource=status --type=merge -p '{"status":{
 "capacity":{"cpu":"4","memory":"8139732Ki","pods":"110","ephemeral-storage":"51287520Ki","hugepages-2Mi":"0","example.com/gpu":"2"},
 "allocatable":{"cpu":"3800m","memory":"7937300Ki","pods":"110","ephemeral-storage":"47266578644","hugepages-2Mi":"0","example.com/gpu":"2"},
 "conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":"2026-01-02T03:04:05Z","lastTransitionTime":"2026-01-01T00:00:10Z","reason":"KubeletReady","message":"kubelet is posting ready status"}],
 "addresses":[{"type":"InternalIP","address":"192.168.1.10"},{"type":"Hostname","address":"node-1"}],
 "nodeInfo":{"machineID":"m1","systemUUID":"u1","bootID":"b1","kernelVersion":"6.1.0","osImage":"Debian GNU/Linux 12 (bookworm)","containerRuntimeVersion":"runc://1.1.5","kubeletVersion":"v1.31.0","kubeProxyVersion":"v1.31.0","operatingSystem":"linux","architecture":"amd64"}}}' >/dev/null

# the ReplicaSets the deployment controller would have made: the current
# template (with its hash label) and an older one scaled to zero
dep_uid=$(k get deploy nginx-deployment -o jsonpath='{.metadata.uid}')
k get deploy nginx-deployment -o json | jq --arg uid "$dep_uid" '
  . as $d |
  def rs(name; hash; replicas; image):
    {apiVersion: "apps/v1", kind: "ReplicaSet",
     metadata: {name: name, labels: {app: "nginx", "pod-template-hash": hash},
                annotations: {"deployment.kubernetes.io/revision": "2"},
                ownerReferences: [{apiVersion: "apps/v1", kind: "Deployment", name: "nginx-deployment",
                                   uid: $uid, controller: true, blockOwnerDeletion: true}]},
     spec: {replicas: replicas, selector: {matchLabels: {app: "nginx", "pod-template-hash": hash}},
            template: ($d.spec.template | .metadata.labels["pod-template-hash"] = hash
                       | .spec.containers[0].image = image)}};
  {apiVersion: "v1", kind: "List",
   items: [rs("nginx-deployment-7c79c4bf97"; "7c79c4bf97"; 2; $d.spec.template.spec.containers[0].image),
           rs("nginx-deployment-5d59d67564"; "5d59d67564"; 0; "nginx:1.13")]}' >"$work/rs.json"
k apply -f "$work/rs.json" >/dev/null
rs_uid=$(k get rs nginx-deployment-7c79c4bf97 -o jsonpath='{.metadata.uid}')

cat >"$work/pod.yaml" <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: nginx-deployment-7c79c4bf97-abcde
  labels: {app: nginx, pod-template-hash: 7c79c4bf97}
  annotations:
    example.com/multi: |
      line one
      line two
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: nginx-deployment-7c79c4bf97, uid: $rs_uid, controller: true}
spec:
  nodeName: node-1
  initContainers:
  - {name: init, image: busybox:1.36, command: [sh, -c, "echo hi"]}
  containers:
  - name: nginx
    image: nginx:1.14.2
    ports: [{containerPort: 80}, {containerPort: 443, hostPort: 8443}]
    resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: 500m, memory: 256Mi}}
    livenessProbe: {httpGet: {path: /healthz, port: 80}, initialDelaySeconds: 3}
    readinessProbe: {tcpSocket: {port: 80}}
    env:
    - {name: PLAIN, value: "a value"}
    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    - {name: CPU_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.cpu, divisor: 1m}}}
    - {name: SECRET_VAL, valueFrom: {secretKeyRef: {name: mysecret, key: password, optional: true}}}
    envFrom: [{configMapRef: {name: mycm}}]
    volumeMounts:
    - {name: data, mountPath: /data}
    - {name: cfg, mountPath: /etc/cfg, readOnly: true, subPath: app.conf}
  - {name: sidecar, image: busybox:1.36, command: [sleep, infinity], resources: {limits: {cpu: 50m, memory: 32Mi}}}
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: data-pvc}}
  - {name: cfg, configMap: {name: mycm}}
  - {name: cache, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
  - {name: host, hostPath: {path: /var/log, type: Directory}}
  tolerations: [{key: dedicated, operator: Equal, value: infra, effect: NoSchedule}, {operator: Exists}]
  nodeSelector: {kubernetes.io/os: linux}
  topologySpreadConstraints:
  - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: nginx}}}
EOF
k apply -f "$work/pod.yaml" >/dev/null
k patch pod nginx-deployment-7c79c4bf97-abcde --subresource=status --type=merge -p '{"status":{
 "phase":"Running","hostIP":"192.168.1.10","podIP":"10.244.1.5","podIPs":[{"ip":"10.244.1.5"}],
 "startTime":"2026-01-02T03:04:05Z","qosClass":"Burstable",
 "conditions":[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}],
 "initContainerStatuses":[{"name":"init","image":"busybox:1.36","imageID":"busybox@sha256:aaa","containerID":"containerd://i1","ready":true,"restartCount":0,
   "state":{"terminated":{"exitCode":0,"reason":"Completed","startedAt":"2026-01-02T03:04:06Z","finishedAt":"2026-01-02T03:04:07Z"}}}],
 "containerStatuses":[
  {"name":"nginx","image":"nginx:1.14.2","imageID":"nginx@sha256:bbb","containerID":"containerd://c1","ready":true,"restartCount":2,
   "state":{"running":{"startedAt":"2026-01-02T03:04:08Z"}},
   "lastState":{"terminated":{"exitCode":137,"signal":9,"reason":"OOMKilled","startedAt":"2026-01-02T03:00:00Z","finishedAt":"2026-01-02T03:04:00Z"}}},
  {"name":"sidecar","image":"busybox:1.36","imageID":"","containerID":"","ready":false,"restartCount":0,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}' >/dev/null

cat >"$work/more.yaml" <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 3
  selector: {matchLabels: {app: web}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx-slim:0.8, volumeMounts: [{name: www, mountPath: /www}]}]}
  volumeClaimTemplates:
  - metadata: {name: www}
    spec: {accessModes: [ReadWriteOnce], storageClassName: fast, resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: fluentd, namespace: kube-system}
spec:
  selector: {matchLabels: {name: fluentd}}
  template:
    metadata: {labels: {name: fluentd}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: fluentd, image: fluentd:v2.5.2, resources: {limits: {memory: 200Mi}}}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  backoffLimit: 4
  completions: 5
  parallelism: 2
  template:
    spec:
      containers: [{name: pi, image: perl:5.34.0, command: [perl, -Mbignum=bpi, -wle, "print bpi(2000)"]}]
      restartPolicy: Never
---
apiVersion: batch/v1
kind: Job
metadata: {name: indexed}
spec:
  completionMode: Indexed
  completions: 100
  suspend: true
  template: {spec: {containers: [{name: w, image: busybox}], restartPolicy: Never}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template: {spec: {containers: [{name: hello, image: busybox:1.28, command: [date]}], restartPolicy: OnFailure}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data-pvc}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 8Gi}}, storageClassName: standard}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: mycm}
data: {app.conf: "key=value\n"}
---
apiVersion: v1
kind: Secret
metadata: {name: mysecret}
data: {password: cGFzc3dvcmQ=}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web-sa}
secrets: [{name: mysecret}, {name: gone}]
imagePullSecrets: [{name: regcred}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: nginx-abc12, labels: {kubernetes.io/service-name: nginx}}
addressType: IPv4
ports: [{name: http, port: 80, protocol: TCP}]
endpoints:
- {addresses: [10.244.1.5], conditions: {ready: true}, nodeName: node-1, targetRef: {kind: Pod, name: nginx-deployment-7c79c4bf97-abcde}}
- {addresses: [10.244.1.6], conditions: {ready: false}}
- {addresses: [10.244.1.7]}
- {addresses: [10.244.1.8], hostname: h8, zone: z1}
---
apiVersion: v1
kind: Endpoints
metadata: {name: nginx}
subsets:
- addresses: [{ip: 10.244.1.5}]
  notReadyAddresses: [{ip: 10.244.1.6}]
  ports: [{name: http, port: 80, protocol: TCP}]
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx, parameters: {apiGroup: k8s.example.com, kind: P, name: lb, scope: Cluster}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: full-ing}
spec:
  defaultBackend: {service: {name: nginx, port: {name: http}}}
  tls: [{hosts: [a.example.com], secretName: tls-secret}, {hosts: [c.example.com]}]
  rules:
  - host: a.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: nginx, port: {number: 80}}}}
      - {path: /missing, pathType: Prefix, backend: {service: {name: missing, port: {number: 80}}}}
      - {path: /res, pathType: Prefix, backend: {resource: {apiGroup: k8s.example.com, kind: Bucket, name: static}}}
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {type: ExternalName, externalName: db.example.com}
---
apiVersion: v1
kind: Service
metadata: {name: headless}
spec: {clusterIP: None, selector: {app: web}}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast, annotations: {storageclass.kubernetes.io/is-default-class: "true"}}
provisioner: kubernetes.io/no-provisioner
reclaimPolicy: Retain
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-1}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  claimRef: {namespace: default, name: data-pvc}
  local: {path: /mnt/disks/ssd1}
  nodeAffinity: {required: {nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node-1]}]}]}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader}
rules:
- {apiGroups: [""], resources: [pods, pods/log], verbs: [get, watch, list]}
- {apiGroups: [apps], resources: [deployments], resourceNames: [a, b], verbs: [get, update]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods}
subjects: [{kind: User, name: jane, apiGroup: rbac.authorization.k8s.io}, {kind: ServiceAccount, name: web-sa, namespace: default}]
roleRef: {kind: Role, name: pod-reader, apiGroup: rbac.authorization.k8s.io}
EOF
k apply -f "$work/more.yaml" >/dev/null
k patch job pi --subresource=status --type=merge -p '{"status":{"startTime":"2026-01-02T03:04:05Z","completionTime":"2026-01-02T03:06:35Z","succeeded":5,"failed":1,"conditions":[{"type":"Complete","status":"True"}]}}' >/dev/null
k patch cronjob hello --subresource=status --type=merge -p '{"status":{"lastScheduleTime":"2026-01-02T03:05:00Z","active":[{"kind":"Job","name":"hello-29000","namespace":"default"}]}}' >/dev/null
k patch ds fluentd -n kube-system --subresource=status --type=merge -p '{"status":{"desiredNumberScheduled":1,"currentNumberScheduled":1,"numberReady":1,"numberMisscheduled":0}}' >/dev/null

# events: counted, in a series, by uid and (for the node) by name, and sixty
# with few distinct times, which Go's unstable sort leaves in its own order
pod_uid=$(k get pod nginx-deployment-7c79c4bf97-abcde -o jsonpath='{.metadata.uid}')
node_uid=$(k get node node-1 -o jsonpath='{.metadata.uid}')
curl_uid=$(k get pod curlpod -o jsonpath='{.metadata.uid}')
jq -n --arg pod "$pod_uid" --arg dep "$dep_uid" --arg node "$node_uid" --arg curl "$curl_uid" '
  def ev(name; kind; obj; ns; uid; reason; msg; first; last; count):
    {apiVersion: "v1", kind: "Event", metadata: {name: name, namespace: "default"},
     involvedObject: {kind: kind, name: obj, namespace: ns, uid: uid},
     reason: reason, message: msg, type: "Normal", count: count, source: {component: "kubelet"},
     firstTimestamp: first, lastTimestamp: last};
  {apiVersion: "v1", kind: "List", items: ([
    ev("p1"; "Pod"; "nginx-deployment-7c79c4bf97-abcde"; "default"; $pod; "Pulled"; "Container image present"; "2026-01-02T03:04:05Z"; "2026-01-02T03:04:05Z"; 1),
    ev("p2"; "Pod"; "nginx-deployment-7c79c4bf97-abcde"; "default"; $pod; "BackOff"; "  Back-off restarting  "; "2026-01-02T03:04:06Z"; "2026-01-02T05:00:00Z"; 7),
    (ev("p3"; "Pod"; "nginx-deployment-7c79c4bf97-abcde"; "default"; $pod; "Unhealthy"; "probe failed"; null; null; 0)
       | .eventTime = "2026-01-02T03:10:00.000000Z" | .series = {count: 4, lastObservedTime: "2026-01-02T04:00:00.000000Z"}
       | .source = {} | .reportingComponent = "kubelet" | .reportingInstance = "node-1" | .action = "Probe"),
    ev("d1"; "Deployment"; "nginx-deployment"; "default"; $dep; "ScalingReplicaSet"; "Scaled up"; "2026-01-01T00:00:00Z"; "2026-01-01T00:00:00Z"; 1),
    ev("n1"; "Node"; "node-1"; ""; $node; "RegisteredNode"; "Registered Node node-1"; "2026-01-01T00:00:00Z"; "2026-01-01T00:00:00Z"; 1),
    ev("n2"; "Node"; "node-1"; ""; "node-1"; "Starting"; "Starting kubelet."; "2025-12-31T00:00:00Z"; "2025-12-31T00:00:00Z"; 3)
  ] + [range(60) as $i | ev("c\($i)"; "Pod"; "curlpod"; "default"; $curl; "R\($i)"; "m\($i)";
        "2026-01-02T03:04:0\($i % 3)Z"; "2026-01-02T03:04:0\(if $i % 5 == 0 then 0 else ($i * 7) % 3 end)Z"; 1)])}' >"$work/events.json"
k apply -f "$work/events.json" >/dev/null

# ---- kc describe == kubectl describe ----

mask() { sed -E 's/\b[0-9]+(s|m|h|d|y)([0-9]+(s|m|h))?\b/<age>/g'; }

compare() {
	local kout kerr kc_out kc_err krc=0 crc=0
	kout=$(kubectl --request-timeout=20s describe "$@" 2>"$work/kerr") || krc=$?
	kc_out=$("$KC" describe "$@" 2>"$work/cerr") || crc=$?
	kerr=$(cat "$work/kerr")
	kc_err=$(cat "$work/cerr")
	[ "$krc" = "$crc" ] || fail "describe $*: exit code $crc, kubectl's $krc (stderr: $kc_err)"
	[ "$(mask <<<"$kerr")" = "$(mask <<<"$kc_err")" ] || fail "describe $*: stderr
$kc_err
kubectl's
$kerr"
	if [ "$(mask <<<"$kout")" != "$(mask <<<"$kc_out")" ]; then
		diff <(echo "$kout") <(echo "$kc_out") >&2 || true
		fail "describe $*: output differs from kubectl's"
	fi
}

# every kind, one object and all of a type
compare pod nginx
compare pod nginx-deployment-7c79c4bf97-abcde
compare pods
compare pod curlpod
compare deploy nginx-deployment
compare deployments
compare rs
compare sts web
compare ds -n kube-system
compare jobs
compare cronjob hello
compare svc
compare endpoints nginx
compare endpointslices
compare ingress
compare ingressclass nginx
compare nodes
compare node node-1 --show-events=false
compare namespaces
compare ns default
compare pvc
compare pv
compare storageclass
compare cm mycm
compare secret mysecret
compare sa web-sa
compare roles
compare rolebindings
compare clusterroles system:basic-user
compare clusterrolebinding cluster-admin
compare lease node-1 -n kube-node-lease
compare events.v1. d1

# how objects are picked
compare pods -l app=nginx
compare pods,svc nginx
compare pod/nginx svc/nginx-np
compare pods ngin
compare -A pods
compare -f "$seeds/nginx-deployment.yaml"
compare -f "$seeds/pulse-pods.yaml" --show-events=false
compare all
compare pods --chunk-size=2
compare pods,pods nginx
compare nodes node-1 -A

# mistakes, as kubectl words them
compare pods nope
compare pod/nope svc/nope
compare pods x y
compare pods x x
compare pods -l app=none
compare nodes -l none=here
compare foo
compare pods -l app=nginx nginx
compare pods nginx -A
compare pod/
compare pods/a/b
compare pods,svc zzz
compare pods,svc nginx-np
compare pod/nope svc/nginx
compare all nginx
compare -f "$seeds/pulse-pods-as-written.yaml"
compare -f "$seeds/nginx-pod.yaml" pods
compare -n kube-system -f "$seeds/nginx-pod.yaml"

# times print in the local zone
TZ=Asia/Seoul compare pod nginx-deployment-7c79c4bf97-abcde
TZ=America/New_York compare node node-1
TZ=Asia/Kolkata compare job pi

# no arguments at all
out=$("$KC" describe 2>&1) && fail "describe with no arguments succeeded"
expect_eq "no arguments" "$out" 'error: You must specify the type of resource to describe. Use "kc api-resources" for a complete list of supported resources.'
"$KC" describe --help | grep -q 'kc describe (-f FILENAME | TYPE \[NAME_PREFIX | -l label\] | TYPE/NAME) \[options\]' ||
	fail "describe --help has no usage line"

echo "PASS: kc describe matches kubectl describe"
