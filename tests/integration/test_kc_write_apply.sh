#!/bin/bash
# kc apply against kubectl apply on the same server: the same sequence of
# applies (and of changes made by others: scale, label, annotate) run by
# kubectl in one namespace and by kc in another must print the same lines
# and leave the same objects; each tool says "unchanged" to the other's
# apply; failures in a multi-document apply are reported like kubectl's.
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cluster_up

fx=$KC_TOP/tests/fixtures/apply
seeds=$KC_TOP/tests/fixtures/seeds
KC=$KC_BUILD/ctl/kc
k() { kubectl --request-timeout=20s "$@"; }
kc() { "$KC" --request-timeout=20s "$@"; }

k create namespace ka >/dev/null
k create namespace kb >/dev/null

# The objects as both namespaces hold them, without what differs by nature.
normalized() { # TOOL-NAMESPACE KIND NAME
	k get -n "$1" "$2" "$3" -o json | python3 -c '
import json, sys
o = json.load(sys.stdin)
m = o["metadata"]
for f in ("uid", "resourceVersion", "creationTimestamp", "namespace", "managedFields"):
    m.pop(f, None)
ann = m.get("annotations", {})
la = ann.get("kubectl.kubernetes.io/last-applied-configuration")
if la:
    ann["kubectl.kubernetes.io/last-applied-configuration"] = la.replace("\"namespace\":\"ka\"", "NS").replace("\"namespace\":\"kb\"", "NS")
o.get("spec", {}).pop("clusterIP", None)
o.get("spec", {}).pop("clusterIPs", None)
for p in o.get("spec", {}).get("ports", []):
    p.pop("nodePort", None)
print(json.dumps(o, indent=1, sort_keys=True))'
}

step() { # STEP... : run with both tools, compare output and objects
	local a b
	a=$("$@" ka 2>&1) || true
	b=$("$@" kb 2>&1) || true
	expect_eq "$* (output)" "$b" "$a"
}
apply_k() { k apply -n "$2" -f "$fx/$1.yaml"; }
apply_kc() { kc apply -n "$2" -f "$fx/$1.yaml"; }
both_apply() { # FILE
	local a b
	a=$(k apply -n ka -f "$fx/$1.yaml" 2>&1) || true
	b=$(kc apply -n kb -f "$fx/$1.yaml" 2>&1) || true
	expect_eq "apply $1 (output)" "$b" "$a"
}
others() { # what other people do in between, the same in both namespaces
	k -n ka "$@" >/dev/null
	k -n kb "$@" >/dev/null
}
same_objects() { # KIND NAME
	expect_eq "$1/$2 after the same applies" "$(normalized kb "$1" "$2")" "$(normalized ka "$1" "$2")"
}

both_apply dep-v1
same_objects deployment web
both_apply dep-v1 # unchanged
both_apply dep-v2
same_objects deployment web
others scale deploy web --replicas=5
others label deploy web extra=yes
both_apply dep-v2
same_objects deployment web
expect_eq "label kept" "$(k get -n kb deploy web -o jsonpath='{.metadata.labels.extra}')" "yes"
for v in v3 v4; do
	both_apply dep-$v
	same_objects deployment web
done
others annotate deploy web other=x
for v in v5 v6 v7; do
	both_apply dep-$v
	same_objects deployment web
done
expect_eq "annotation kept" "$(k get -n kb deploy web -o jsonpath='{.metadata.annotations.other}')" "x"
expect_eq "removed field removed" "$(k get -n kb deploy web -o jsonpath='{.spec.template.spec.volumes}')" ""
for f in svc-v1 svc-v2; do
	both_apply $f
	same_objects service web
done
both_apply cm-v1
others label cm settings x=y
both_apply cm-v2
same_objects configmap settings
expect_eq "others' label" "$(k get -n kb cm settings -o jsonpath='{.metadata.labels.x}')" "y"

# each says "unchanged" to the other's apply
expect_eq "kc then kubectl" "$(kc apply -n ka -f "$seeds/nginx-deployment.yaml"; k apply -n ka -f "$seeds/nginx-deployment.yaml")" \
	"deployment.apps/nginx-deployment created
deployment.apps/nginx-deployment unchanged"
expect_eq "kubectl then kc" "$(k apply -n kb -f "$seeds/nginx-deployment.yaml"; kc apply -n kb -f "$seeds/nginx-deployment.yaml")" \
	"deployment.apps/nginx-deployment created
deployment.apps/nginx-deployment unchanged"
for f in nginx-pod pulse-service nginx-clusterip-service; do
	kc apply -n ka -f "$seeds/$f.yaml" >/dev/null
	expect_contains "kubectl after kc ($f)" "$(k apply -n ka -f "$seeds/$f.yaml")" " unchanged"
	k apply -n kb -f "$seeds/$f.yaml" >/dev/null
	expect_contains "kc after kubectl ($f)" "$(kc apply -n kb -f "$seeds/$f.yaml")" " unchanged"
done

# an object made without apply: the warning, then it is patched
k create -n ka configmap plain --from-literal=a=1 >/dev/null
k create -n kb configmap plain --from-literal=a=1 >/dev/null
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: "2"\n' >"$KC_TEST_DIR/plain.yaml"
a=$(k apply -n ka -f "$KC_TEST_DIR/plain.yaml" 2>&1)
b=$(kc apply -n kb -f "$KC_TEST_DIR/plain.yaml" 2>&1)
a=${a//kubectl apply/kc apply}
expect_eq "missing annotation" "$b" "${a//kubectl create/kc create}"
same_objects configmap plain

# dry runs and output formats
for flags in "--dry-run=client" "--dry-run=server" "-o name" "--dry-run=server -o name"; do
	a=$(k apply -n ka $flags -f "$fx/cm-v1.yaml" 2>&1)
	b=$(kc apply -n kb $flags -f "$fx/cm-v1.yaml" 2>&1)
	expect_eq "apply $flags" "$b" "$a"
done
same_objects configmap settings
expect_eq "-o json of a new object, client dry run" \
	"$(kc apply -n kb --dry-run=client -o json -f "$seeds/curl-pod.yaml")" \
	"$(k apply -n kb --dry-run=client -o json -f "$seeds/curl-pod.yaml")"
cat "$fx/cm-v1.yaml" >"$KC_TEST_DIR/two.yaml"
printf -- '---\n' >>"$KC_TEST_DIR/two.yaml"
cat "$seeds/curl-pod.yaml" >>"$KC_TEST_DIR/two.yaml"
expect_eq "-o yaml of two objects, client dry run" \
	"$(kc apply -n kb --dry-run=client -o yaml -f "$KC_TEST_DIR/two.yaml" | grep -v -e creationTimestamp -e uid: -e resourceVersion)" \
	"$(k apply -n kb --dry-run=client -o yaml -f "$KC_TEST_DIR/two.yaml" | grep -v -e creationTimestamp -e uid: -e resourceVersion)"

# a directory, recursively
mkdir -p "$KC_TEST_DIR/tree/sub"
cp "$seeds/nginx-pod.yaml" "$KC_TEST_DIR/tree/"
cp "$seeds/pulse-service.yaml" "$KC_TEST_DIR/tree/sub/"
for flags in "" "-R"; do
	a=$(k apply -n ka $flags -f "$KC_TEST_DIR/tree" 2>&1)
	b=$(kc apply -n kb $flags -f "$KC_TEST_DIR/tree" 2>&1)
	expect_eq "apply $flags directory" "$b" "$a"
done

# failures: every object is tried, every failure reported, exit code 1
cat >"$KC_TEST_DIR/mixed.yaml" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: good-1
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: Bad_Name
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: good-2
EOF
rc=0
out=$(kc apply -n kb -f "$KC_TEST_DIR/mixed.yaml" 2>&1) || rc=$?
expect_eq "mixed: exit code" "$rc" 1
expect_contains "mixed" "$out" "configmap/good-1 created"
expect_contains "mixed" "$out" "configmap/good-2 created"
expect_contains "mixed" "$out" 'resource mapping not found for name: "w" namespace: "" from "'"$KC_TEST_DIR"'/mixed.yaml": no matches for kind "Widget" in version "example.com/v1"'
expect_contains "mixed" "$out" 'Error from server (Invalid): error when creating "'"$KC_TEST_DIR"'/mixed.yaml": ConfigMap "Bad_Name" is invalid'
# one failure alone reads as kubectl's
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n' >"$KC_TEST_DIR/bad.yaml"
for f in bad.yaml; do
	ra=0 rb=0
	a=$(k apply -n ka -f "$KC_TEST_DIR/$f" 2>&1) || ra=$?
	b=$(kc apply -n kb -f "$KC_TEST_DIR/$f" 2>&1) || rb=$?
	expect_eq "$f" "$b" "$a"
	expect_eq "$f: exit code" "$rb" "$ra"
done
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [1\n' >"$KC_TEST_DIR/syntax.yaml"
rc=0
out=$(kc apply -f "$KC_TEST_DIR/syntax.yaml" 2>&1) || rc=$?
expect_eq "syntax error" "$out" "error: error parsing $KC_TEST_DIR/syntax.yaml: error converting YAML to JSON: yaml: line 7, column 1: did not find expected ',' or ']' (while parsing a flow sequence at line 6, column 6)"
expect_eq "syntax error: exit code" "$rc" 1
for args in "-f $KC_TEST_DIR/nope.yaml" "" "-f $fx/cm-v1.yaml -o foo" "-f $fx/cm-v1.yaml --dry-run=maybe"; do
	ra=0 rb=0
	a=$(k apply $args 2>&1) || ra=$?
	b=$(kc apply $args 2>&1) || rb=$?
	expect_eq "apply $args" "$b" "$a"
	expect_eq "apply $args: exit code" "$rb" "$ra"
done
printf '' >"$KC_TEST_DIR/empty.yaml"
expect_eq "nothing to apply" "$(kc apply -f "$KC_TEST_DIR/empty.yaml" 2>&1 || true)" "error: no objects passed to apply"
echo "PASS"
