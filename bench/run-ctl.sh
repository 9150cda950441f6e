#!/bin/bash
# run-ctl.sh - kc beside kubectl against the same kc-apiserver, in one run:
#   - `get pods` over 1,000 pods: ms to first output, ms wall, peak RSS;
#   - `apply -f` of 100 objects (50 ConfigMaps, 50 Deployments): first
#     apply (creates) and a second one (all unchanged).
# Each figure is the median of ROUNDS runs; the tools take turns so that
# load on the shared machine hits both alike.
#
#   bench/run-ctl.sh [-B BUILD_DIR] [--quick] [--rounds N] [--kubectl PATH]
#
# --quick: 100 pods, 10 objects, 1 round (the bench-smoke ctest); it fails
# only when a command fails, never on timings.
set -euo pipefail
build="" quick=0 rounds=5 kubectl=/usr/bin/kubectl
while [ $# -gt 0 ]; do
	case $1 in
	-B) build=$2; shift 2 ;;
	--quick) quick=1; shift ;;
	--rounds) rounds=$2; shift 2 ;;
	--kubectl) kubectl=$2; shift 2 ;;
	-h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run-ctl.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
done
[ -n "$build" ] && export KC_BUILD_DIR=$(cd "$build" && pwd)
. "$(dirname "$0")/../tests/lib/cluster.sh"
kc=$KC_BUILD/ctl/kc
measure=$KC_BUILD/bench/measure_cmd
[ -x "$kc" ] && [ -x "$measure" ] || { echo "run-ctl.sh: build first (no $kc or $measure)" >&2; exit 2; }
npods=1000 nobjs=50
[ $quick = 1 ] && { npods=100; nobjs=5; rounds=1; }

cluster_up
work=$KC_TEST_DIR/bench
mkdir -p "$work"

echo "kc beside kubectl, $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kubectl: $($kubectl version --client 2>/dev/null | head -1)"

# ---- fixtures ----
pods=$work/pods.yaml
for i in $(seq 1 "$npods"); do
	cat <<EOP
---
apiVersion: v1
kind: Pod
metadata: {name: web-$i, namespace: bench, labels: {app: web, shard: "s$((i % 10))"}}
spec:
  containers:
  - name: web
    image: nginx:1.25
    ports: [{containerPort: 80}]
    resources: {requests: {cpu: 10m, memory: 16Mi}}
EOP
done >"$pods"
objs=$work/objects.yaml
for i in $(seq 1 "$nobjs"); do
	cat <<EOO
---
apiVersion: v1
kind: ConfigMap
metadata: {name: conf-$i, labels: {app: bench}}
data: {index: "$i", greeting: hello}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: app-$i, labels: {app: bench}}
spec:
  replicas: 0
  selector: {matchLabels: {app: app-$i}}
  template:
    metadata: {labels: {app: app-$i}}
    spec:
      containers:
      - name: app
        image: nginx:1.25
        ports: [{containerPort: 80}]
EOO
done >"$objs"

"$kc" create namespace bench >/dev/null
"$kc" create -f "$pods" >/dev/null
echo "$npods pods in namespace bench; $((2 * nobjs)) objects to apply"

# ---- runs ----
# run TOOL NAME CMD...: one measurement into $work/TOOL.NAME
run() {
	local tool=$1 name=$2
	shift 2
	local line
	line=$("$measure" "$@")
	set -- $line
	[ "$4" = 0 ] || { echo "run-ctl.sh: $tool $name exited $4" >&2; exit 1; }
	echo "$line" >>"$work/$tool.$name"
}

for r in $(seq 1 "$rounds"); do
	for tool in kc kubectl; do
		bin=$kc
		[ $tool = kubectl ] && bin=$kubectl
		run $tool get "$bin" get pods -n bench
		ns=apply-$tool-$r
		"$kc" create namespace "$ns" >/dev/null
		run $tool apply "$bin" apply -n "$ns" -f "$objs"
		run $tool reapply "$bin" apply -n "$ns" -f "$objs"
	done
done

# ---- report ----
# median FILE COLUMN
median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
row() { # row LABEL NAME COLUMN UNIT-DIVISOR
	local k b
	k=$(median "$work/kc.$2" "$3")
	b=$(median "$work/kubectl.$2" "$3")
	awk -v l="$1" -v k="$k" -v b="$b" -v d="$4" \
		'BEGIN { printf "  %-36s %12.1f %12.1f %8.1fx\n", l, k / d, b / d, (k > 0 ? b / k : 0) }'
}
printf '\n  %-36s %12s %12s %9s\n' "(median of $rounds)" kc kubectl "kubectl/kc"
row "get pods: ms to first output" get 1 1
row "get pods: ms wall" get 2 1
row "get pods: peak RSS MB" get 3 1024
row "apply $((2 * nobjs)) objects (create): ms wall" apply 2 1
row "apply (create): peak RSS MB" apply 3 1024
row "apply again (unchanged): ms wall" reapply 2 1
row "apply again: peak RSS MB" reapply 3 1024
echo "  aim (issue 4): kc at least 5x faster to first output and 10x smaller"
