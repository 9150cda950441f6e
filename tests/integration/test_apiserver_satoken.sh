#!/bin/bash
# ServiceAccount tokens end to end with the real kubectl: `kubectl create
# token` (TokenRequest), the token authenticating as the ServiceAccount
# (RBAC decides what it may do), and the tokens that must stop working: of
# a deleted ServiceAccount or pod they were bound to, for another
# audience, below the minimum lifetime, or tampered with.
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cluster_up

# kubectl with only a token (no client certificate).
as() {
	token=$1
	shift
	kubectl --kubeconfig=/dev/null --server="$KC_SERVER" --certificate-authority="$KC_PKI/ca.crt" \
		--token="$token" "$@"
}
claims() { # the token's payload, decoded
	python3 -c 'import base64, json, sys
p = sys.argv[1].split(".")[1]
print(json.dumps(json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))), sort_keys=True))' "$1"
}

kubectl create serviceaccount robot >/dev/null
token=$(kubectl create token robot)
expect_eq "three parts" "$(echo "$token" | tr -cd . | wc -c)" "2"
c=$(claims "$token")
uid=$(kubectl get sa robot -o jsonpath='{.metadata.uid}')
expect_eq "claims" "$(echo "$c" | python3 -c 'import json, sys
c = json.load(sys.stdin)
print(c["iss"], c["aud"], c["sub"], c["exp"] - c["iat"], c["kubernetes.io"]["namespace"],
      c["kubernetes.io"]["serviceaccount"]["name"], c["kubernetes.io"]["serviceaccount"]["uid"])')" \
	"https://kubernetes.default.svc.cluster.local ['https://kubernetes.default.svc.cluster.local'] system:serviceaccount:default:robot 3600 default robot $uid"

# It is the ServiceAccount: RBAC says what it may do.
expect_eq "forbidden" "$(as "$token" get pods 2>&1 || true)" \
	'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:default:robot" cannot list resource "pods" in API group "" in the namespace "default"'
kubectl create rolebinding robot-view --clusterrole=view --serviceaccount=default:robot >/dev/null
expect_eq "allowed" "$(as "$token" get pods 2>&1)" "No resources found in default namespace."
expect_eq "group" "$(as "$token" auth can-i list pods --as=x 2>&1 || true)" \
	'Error from server (Forbidden): users "x" is forbidden: User "system:serviceaccount:default:robot" cannot impersonate resource "users" in API group "" at the cluster scope'

# Lifetime, audience and a token bound to a pod.
expect_eq "duration" "$(claims "$(kubectl create token robot --duration=2h)" | python3 -c 'import json, sys
c = json.load(sys.stdin); print(c["exp"] - c["iat"])')" "7200"
expect_eq "too short" "$(kubectl create token robot --duration=5m 2>&1 || true)" \
	'error: failed to create token: TokenRequest.authentication.k8s.io "robot" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes'
expect_eq "no such account" "$(kubectl create token nope 2>&1 || true)" \
	'error: failed to create token: serviceaccounts "nope" not found'
other=$(kubectl create token robot --audience=https://vault.example)
expect_eq "other audience" "$(as "$other" get pods 2>&1 || true)" \
	"error: You must be logged in to the server (Unauthorized)"
kubectl run p --image=busybox >/dev/null
bound=$(kubectl create token robot --bound-object-kind=Pod --bound-object-name=p)
expect_eq "bound claim" "$(claims "$bound" | python3 -c 'import json, sys
print(json.load(sys.stdin)["kubernetes.io"]["pod"]["name"])')" "p"
expect_eq "bound works" "$(as "$bound" get pods -o name 2>&1)" "pod/p"
kubectl delete pod p --grace-period=0 --force >/dev/null 2>&1
expect_eq "bound pod gone" "$(as "$bound" get pods 2>&1 || true)" \
	"error: You must be logged in to the server (Unauthorized)"
expect_eq "missing bound pod" \
	"$(kubectl create token robot --bound-object-kind=Pod --bound-object-name=p 2>&1 || true)" \
	'error: failed to create token: pods "p" not found'

# Tampered with: another subject in the same signature.
forged=$(python3 -c 'import base64, json, sys
h, p, s = sys.argv[1].split(".")
c = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
c["sub"] = "system:serviceaccount:kube-system:default"
c["kubernetes.io"]["namespace"] = "kube-system"
p = base64.urlsafe_b64encode(json.dumps(c).encode()).decode().rstrip("=")
print(".".join([h, p, s]))' "$token")
expect_eq "forged" "$(as "$forged" get pods 2>&1 || true)" "error: You must be logged in to the server (Unauthorized)"

# A recreated ServiceAccount of the same name does not inherit old tokens.
kubectl delete sa robot >/dev/null
kubectl create serviceaccount robot >/dev/null
expect_eq "recreated" "$(as "$token" get pods 2>&1 || true)" "error: You must be logged in to the server (Unauthorized)"
fresh=$(kubectl create token robot)
expect_eq "fresh" "$(as "$fresh" get pods 2>&1)" "No resources found in default namespace."

# Discovery names the subresource, as kubectl create token needs.
expect_contains "discovery" "$(kubectl get --raw /api/v1 | python3 -c 'import json, sys
print([(r["name"], r["kind"], r.get("group"), r["verbs"]) for r in json.load(sys.stdin)["resources"] if r["name"] == "serviceaccounts/token"])')" \
	"('serviceaccounts/token', 'TokenRequest', 'authentication.k8s.io', ['create'])"
echo "PASS"
