#!/bin/bash
# kc create, run, expose, patch, replace, edit and delete against kubectl on
# the same server: each command line runs as kubectl in namespace ka and as
# kc in namespace kb (after the same setup), and both must print the same
# (namespaces, uids, times and allocated IPs/ports aside) and exit alike.
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cluster_up

seeds=$KC_TOP/tests/fixtures/seeds
fx=$KC_TOP/tests/fixtures/create
KC=$KC_BUILD/ctl/kc
k() { kubectl --request-timeout=20s "$@"; }
kc() { "$KC" --request-timeout=20s "$@"; }
k create namespace ka >/dev/null
k create namespace kb >/dev/null

# What differs between two equal objects made by two tools.
scrub() {
	sed -E -e 's/\bk[ab]\b/NS/g' \
		-e '/^ *(uid|resourceVersion|creationTimestamp|clusterIP|nodePort):/d' \
		-e '/^ *"(uid|resourceVersion|creationTimestamp|clusterIP|nodePort)":/d' \
		-e '/^ *clusterIPs:$/{N;d}' -e '/"clusterIPs": \[/,/\]/d' \
		-e 's/kc-edit-[A-Za-z0-9]+\.yaml/EDITFILE/g; s/kubectl-edit-[0-9]+\.yaml/EDITFILE/g' \
		-e 's/(controller-uid"?: "?)[0-9a-f-]{36}/\1UID/g' \
		-e "s/'kc /'kubectl /g"
}

# same SETUP ARGS...: SETUP (run with "k -n NS") before each tool.
same() {
	local setup=$1 a b ra=0 rb=0
	shift
	eval "${setup//NS/ka}" >/dev/null 2>&1 || true
	a=$(cd "$fx" && k -n ka "$@" 2>&1) || ra=$?
	eval "${setup//NS/kb}" >/dev/null 2>&1 || true
	b=$(cd "$fx" && kc -n kb "$@" 2>&1) || rb=$?
	expect_eq "$* (output)" "$(printf '%s\n' "$b" | scrub)" "$(printf '%s\n' "$a" | scrub)"
	expect_eq "$* (exit code)" "$rb" "$ra"
}

# ---- create: generators sent to the server, and -f ----
reset_create='k -n NS delete deploy,svc,cm,secret,job,cronjob,sa,role,rolebinding,ingress --all --wait=false'
same "$reset_create" create deployment web --image=nginx --replicas=2 --port=80
same "" create deployment web --image=nginx
same "" get deployment web -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[0].ports[0].containerPort}'
same "" create service clusterip web --tcp=80:8080 -o yaml
same "" create service nodeport web-np --tcp=80 -o name
same "" create service externalname ext --external-name=db.example.com
same "" create configmap cfg --from-literal=a=1 --from-file=a.txt --from-file=dir
same "" get configmap cfg -o yaml
same "" create secret generic s1 --from-env-file=app.env -o json
same "" create secret tls t1 --cert=tls.crt --key=tls.key
same "" create secret docker-registry reg --docker-username=u --docker-password=p -o yaml
same "" create ingress web --rule="foo.com/*=web:80,tls=t1" --class=nginx
same "" get ingress web -o jsonpath="{.spec}"
same "" create job j1 --image=busybox -- date
same "" create cronjob c1 --image=busybox --schedule="*/5 * * * *"
same "" create job from-cron --from=cronjob/c1 -o yaml
same "" create serviceaccount sa1 --dry-run=server -o yaml
same "" create serviceaccount sa1
same "" create role r1 --verb=get,list --resource=pods,deployments.apps/scale
same "" create rolebinding rb1 --role=r1 --serviceaccount=default:sa1 -o name
same "" create configmap cfg --from-literal=a=1
same "" create -f "$seeds/nginx-pod.yaml"
same "" create -f "$seeds/nginx-pod.yaml"
same "" create -f "$seeds/pulse-pods-as-written.yaml"
same "" create --save-config -f "$seeds/curl-pod.yaml" -o yaml
expect_eq "saved config" "$(k -n kb get pod curlpod -o jsonpath='{.metadata.annotations}' | scrub)" \
	"$(k -n ka get pod curlpod -o jsonpath='{.metadata.annotations}' | scrub)"

# ---- run and expose (the seed walkthrough) ----
same "k -n NS delete pod nginx --wait=false" run nginx --image=nginx:1.14.2 --port=80 --labels=app=nginx
same "" get pod nginx -o yaml
same "" expose deployment web --name nginx-np --type NodePort --port 80
same "" expose pod nginx --port=8080 --target-port=80 -o yaml
same "" expose deployment web --name nginx-np --type NodePort --port 80
same "" run bad --image=busybox --restart=Sometimes
same "" run pinger --image=busybox --expose --port=9000 -- ping -c1 localhost

# ---- patch ----
same "" patch deployment web -p '{"spec":{"replicas":3}}'
same "" patch deployment web -p '{"spec":{"replicas":3}}'
same "" patch deploy/web --type=merge -p 'metadata: {labels: {tier: front}}' -o yaml
same "" patch deployment web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'
same "" patch deployment web --type=json -p '[{"op":"remove","path":"/nope"}]'
same "" patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.16"}]}}}}'
same "" get deployment web -o jsonpath='{.spec.template.spec.containers[*].image}'
same "" patch deployment nope -p '{}'
same "" patch deployment web -p '{"spec":{"replicas":-1}}'
same "" patch deployment web
same "" patch deployment web -p '{}' --type=bogus

# ---- replace ----
k -n ka get configmap cfg -o yaml | sed 's/a: "1"/a: "2"/' | grep -v -e resourceVersion -e uid: >"$KC_TEST_DIR/cfg-ka.yaml"
k -n kb get configmap cfg -o yaml | sed 's/a: "1"/a: "2"/' | grep -v -e resourceVersion -e uid: >"$KC_TEST_DIR/cfg-kb.yaml"
ra=0 rb=0
a=$(k -n ka replace -f "$KC_TEST_DIR/cfg-ka.yaml" 2>&1) || ra=$?
b=$(kc -n kb replace -f "$KC_TEST_DIR/cfg-kb.yaml" 2>&1) || rb=$?
expect_eq "replace" "$b" "$a"
expect_eq "replaced" "$(k -n kb get cm cfg -o jsonpath='{.data.a}')" "2"
a=$(k -n ka replace --force -f "$KC_TEST_DIR/cfg-ka.yaml" 2>&1) || ra=$?
b=$(kc -n kb replace --force -f "$KC_TEST_DIR/cfg-kb.yaml" 2>&1) || rb=$?
expect_eq "replace --force" "$b" "$a"
same "" replace -f "$seeds/nginx-deployment.yaml"
same "" replace --grace-period=1 -f "$seeds/nginx-pod.yaml"
same "" replace

# ---- edit, with scripted editors ----
ed() { # NAME SCRIPT: an editor that runs SCRIPT on the file ($1)
	printf '#!/bin/sh\n%s\n' "$2" >"$KC_TEST_DIR/ed-$1"
	chmod +x "$KC_TEST_DIR/ed-$1"
	echo "$KC_TEST_DIR/ed-$1"
}
export KUBE_EDITOR
KUBE_EDITOR=$(ed noop 'exit 0')
same "" edit deployment web
KUBE_EDITOR=$(ed scale "sed -i 's/^  replicas: 1\$/  replicas: 2/' \"\$1\"")
same "" edit deployment web
same "" get deployment web -o jsonpath='{.spec.replicas}'
# a rejected edit re-opens with the reasons on top; saving it again unchanged gives up
KUBE_EDITOR=$(ed bad "f=$KC_TEST_DIR/ed-count; n=\$(cat \$f 2>/dev/null || echo 0); echo \$((n+1)) >\$f; cp \"\$1\" $KC_TEST_DIR/ed-seen-\$n; [ \$n = 0 ] && sed -i 's/^  replicas: 2\$/  replicas: -1/' \"\$1\"; exit 0")
same "rm -f $KC_TEST_DIR/ed-count" edit deployment web
expect_contains "re-opened with the reasons" "$(cat "$KC_TEST_DIR/ed-seen-1")" '# * spec.replicas: Invalid value: -1: must be greater than or equal to 0'
# the two-way patch edit sends, as --output-patch shows it
KUBE_EDITOR=$(ed many "sed -i -e 's/^  replicas: 2\$/  replicas: 4/' -e '/^    tier: front\$/d' -e 's/image: nginx:1.16/image: nginx:1.17/' -e 's/^      - image: nginx:1.17\$/      - env:\\n        - name: A\\n          value: b\\n        image: nginx:1.17/' \"\$1\"")
same "" edit deployment web --output-patch
same "" get deployment web -o jsonpath='{.spec.replicas} {.metadata.labels} {.spec.template.spec.containers[0].env}'
KUBE_EDITOR=$(ed empty ': >"$1"')
same "" edit deployment web
same "" edit deployment nope
unset KUBE_EDITOR

# ---- delete ----
same "" delete pod nginx
same "" delete pod nginx
same "" delete pod nginx --ignore-not-found
same "" delete configmap cfg nope
same "k -n NS create configmap x1; k -n NS create configmap x2; k -n NS label cm x2 del=me" delete cm -l del=me
same "" delete cm -l del=me
same "" delete cm/x1 --dry-run=client
same "" delete cm x1 -o name
same "" delete svc web nginx-np --wait=false
same "" delete job j1 --cascade=foreground --wait=false
same "" delete job from-cron --cascade=false --wait=false
same "" delete cronjob c1 --now
same "" delete role r1 --force
same "" delete -f "$seeds/curl-pod.yaml"
same "" delete deployment --all
same "" delete deployment --all
same "" delete
same "" delete deployment
same "" delete configmap --all -l a=b
same "" delete cm x --grace-period=3 --now
same "" delete nosuchkind x
# --wait watches until the object is gone (here: until its finalizer goes)
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: [example.com/hold]\n' >"$KC_TEST_DIR/held.yaml"
k -n kb create -f "$KC_TEST_DIR/held.yaml" >/dev/null
rc=0
out=$(kc -n kb delete cm held --timeout=1s 2>&1) || rc=$?
expect_eq "delete --timeout" "$out" 'configmap "held" deleted
error: timed out waiting for the condition on configmaps/held'
expect_eq "delete --timeout: exit code" "$rc" 1
(sleep 1; k -n kb patch cm held --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null) &
KC_PIDS="$KC_PIDS $!"
expect_eq "delete waits" "$(kc -n kb delete cm held 2>&1)" 'configmap "held" deleted'
expect_eq "gone" "$(k -n kb get cm held 2>&1 || true)" 'Error from server (NotFound): configmaps "held" not found'
echo "PASS"
