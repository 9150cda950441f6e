#!/bin/sh
# local-up.sh - a single-node kc cluster on this machine.
#
#   deploy/local-up.sh          start it (in the background) and print how to use it
#   deploy/local-up.sh --down   stop what it started
#
# Starts etcd and every kc component that is built (build/), each with its own
# credentials, on loopback. State lives in $KC_LOCAL_DIR (default
# /var/lib/kc/local): pki/ (certificates, kubeconfigs), etcd/, logs/, run/ (pids).
# Ports: $KC_ETCD_PORT (2379) and $KC_ETCD_PEER_PORT (2380) for etcd,
# $KC_SECURE_PORT (6443) for the apiserver; the scheduler and the
# controller-manager serve /healthz and /metrics on 127.0.0.1:10259 and
# :10257, as upstream's.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${KC_LOCAL_DIR:-/var/lib/kc/local}
bin=${KC_BIN_DIR:-$top/build}
etcd_port=${KC_ETCD_PORT:-2379}
peer_port=${KC_ETCD_PEER_PORT:-2380}
port=${KC_SECURE_PORT:-6443}
run=$dir/run logs=$dir/logs pki=$dir/pki

say() { printf 'local-up: %s\n' "$*"; }

# stop NAME: SIGTERM the pid in run/NAME.pid, wait, then SIGKILL.
stop() {
	pidfile=$run/$1.pid
	[ -f "$pidfile" ] || return 0
	pid=$(cat "$pidfile")
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		kill -9 "$pid" 2>/dev/null || true
		say "stopped $1 (pid $pid)"
	fi
	rm -f "$pidfile"
}

case "${1:-}" in
--down)
	for c in kc-proxy kc-kubelet kc-controller-manager kc-scheduler kc-apiserver etcd; do stop "$c"; done
	exit 0
	;;
"") ;;
*)
	say "unknown argument '$1'; usage: deploy/local-up.sh [--down]" >&2
	exit 2
	;;
esac

# start NAME CMD...: runs CMD in the background, logging to logs/NAME.log.
start() {
	name=$1
	shift
	stop "$name"
	"$@" >>"$logs/$name.log" 2>&1 &
	echo $! >"$run/$name.pid"
	say "started $name (pid $!, log $logs/$name.log)"
}

wait_for() { # wait_for WHAT URL [CURL_ARGS...]
	what=$1 url=$2
	shift 2
	i=0
	until curl -sf --max-time 2 "$@" "$url" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			say "$what did not come up; see $logs"
			exit 1
		fi
		sleep 0.1
	done
}

[ -x "$bin/apiserver/kc-apiserver" ] || { say "no build in $bin: run 'make' first (or 'make up')"; exit 1; }
mkdir -p "$run" "$logs" "$dir/etcd"
"$top/deploy/pki.sh" "$pki" "https://127.0.0.1:$port" --node "$(hostname)"

start etcd etcd --name default --data-dir "$dir/etcd" \
	--listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
	--listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
	--initial-cluster "default=http://127.0.0.1:$peer_port" --log-level warn
wait_for etcd "http://127.0.0.1:$etcd_port/health"

start kc-apiserver "$bin/apiserver/kc-apiserver" \
	--etcd-servers "http://127.0.0.1:$etcd_port" \
	--bind-address 127.0.0.1 --secure-port "$port" \
	--tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
	--client-ca-file "$pki/ca.crt" \
	--kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" \
	--kubelet-client-key "$pki/apiserver-kubelet-client.key" \
	--service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key"
wait_for kc-apiserver "https://127.0.0.1:$port/readyz" --cacert "$pki/ca.crt"

# The other components join as they are built.
for c in scheduler controller-manager; do
	b="$bin/$c/kc-$c"
	[ -x "$b" ] && start "kc-$c" "$b" --kubeconfig "$pki/$c.conf" --bind-address 127.0.0.1
done

cat <<EOM

kc is up: https://127.0.0.1:$port (state in $dir)

  export KUBECONFIG=$pki/admin.conf
  kubectl get namespaces          # or: $bin/ctl/kc get namespaces

Stop it with: make down
EOM
