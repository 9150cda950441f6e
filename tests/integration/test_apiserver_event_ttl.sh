#!/bin/bash
# --event-ttl: Events (core/v1 and events.k8s.io/v1, one storage) go away
# by themselves that long after their last write, as upstream's, through
# etcd leases; other objects never do. etcd expires leases on its own
# clock, so the test waits for the Events to go (up to a minute) rather
# than timing them.
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cluster_up --event-ttl 15s

expect_contains "negative ttl" \
	"$("$KC_BUILD/apiserver/kc-apiserver" --etcd-servers "$KC_ETCD_URL" --event-ttl=-1s 2>&1 || true)" \
	"--event-ttl must not be negative"

kubectl create -f - >/dev/null <<'YAML'
apiVersion: v1
kind: Event
metadata: {name: core-event}
involvedObject: {kind: Pod, name: web, namespace: default}
reason: Started
message: started
type: Normal
---
apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: new-event}
eventTime: "2026-11-22T10:00:00.000000Z"
reportingController: test
reportingInstance: test-1
action: Started
reason: Started
regarding: {kind: Pod, name: web, namespace: default}
type: Normal
---
apiVersion: v1
kind: ConfigMap
metadata: {name: stays}
YAML
expect_eq "created" "$(kubectl get events -o name | sort | tr '\n' ' ')" "event/core-event event/new-event "

# In etcd each Event hangs on a lease; the ConfigMap on none.
lease_of() {
	key=$(printf '/registry/%s' "$1" | base64 -w0)
	curl -sf "$KC_ETCD_URL/v3/kv/range" -d "{\"key\":\"$key\"}" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["kvs"][0].get("lease", "0"))'
}
[ "$(lease_of events/default/core-event)" != 0 ] || fail "core-event has no lease"
[ "$(lease_of events/default/new-event)" != 0 ] || fail "new-event has no lease"
expect_eq "configmap lease" "$(lease_of configmaps/default/stays)" "0"

# An update puts the Event on a lease again (upstream's TTL on update).
kubectl patch event core-event --type merge -p '{"count":2}' >/dev/null
[ "$(lease_of events/default/core-event)" != 0 ] || fail "patched core-event lost its lease"

# A watcher sees them go.
kubectl get events --watch-only -o name >"$KC_TEST_DIR/watch.out" 2>&1 &
watcher=$!
KC_PIDS="$KC_PIDS $watcher"
for _ in $(seq 600); do
	[ -z "$(kubectl get events -o name)" ] && break
	sleep 0.1
done
expect_eq "events gone" "$(kubectl get events -o name)" ""
expect_eq "configmap stays" "$(kubectl get configmap stays -o name)" "configmap/stays"
for _ in $(seq 100); do
	[ "$(wc -l <"$KC_TEST_DIR/watch.out")" -ge 2 ] && break
	sleep 0.1
done
expect_eq "watch saw them go" "$(sort "$KC_TEST_DIR/watch.out" | tr '\n' ' ')" "event/core-event event/new-event "
echo "PASS: $(basename "$0")"
