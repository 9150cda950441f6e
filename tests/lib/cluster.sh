# cluster.sh - a throwaway kc control plane for shell tests (sourced).
#
#   . tests/lib/cluster.sh
#   cluster_up             # etcd + kc-apiserver on free loopback ports, in a temp dir
#   kubectl get ns         # KUBECONFIG points at the admin kubeconfig
#   ...                    # cluster_down runs on exit, also when the test fails
#
# Sets: KC_TEST_DIR, KC_PKI, KUBECONFIG, KC_SERVER, KC_ETCD_URL, KC_BUILD.
# Processes are stopped by the pids this file started, nothing else.

KC_TOP=$(cd "$(dirname "${BASH_SOURCE:-$0}")/../.." && pwd)
KC_BUILD=${KC_BUILD_DIR:-$KC_TOP/build}
KC_PIDS=""

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

cluster_down() {
	for pid in $KC_PIDS; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in $KC_PIDS; do
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
		kill -9 "$pid" 2>/dev/null || true
	done
	KC_PIDS=""
	if [ -n "${KC_TEST_DIR:-}" ] && [ -d "$KC_TEST_DIR" ]; then
		if [ "${KC_KEEP_TEST_DIR:-0}" = 1 ]; then
			echo "kept $KC_TEST_DIR" >&2
		else
			rm -rf "$KC_TEST_DIR"
		fi
	fi
}

# wait_http WHAT URL [CURL_ARGS...]
wait_http() {
	what=$1 url=$2
	shift 2
	i=0
	until curl -sf --max-time 2 "$@" "$url" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			echo "---- logs ----" >&2
			tail -n 50 "$KC_TEST_DIR"/*.log >&2 || true
			fail "$what did not come up at $url"
		fi
		sleep 0.1
	done
}

# start_apiserver [EXTRA_FLAGS...]: (re)starts kc-apiserver on $KC_PORT.
start_apiserver() {
	"$KC_BUILD/apiserver/kc-apiserver" \
		--etcd-servers "$KC_ETCD_URL" --bind-address 127.0.0.1 --secure-port "$KC_PORT" \
		--tls-cert-file "$KC_PKI/apiserver.crt" --tls-private-key-file "$KC_PKI/apiserver.key" \
		--client-ca-file "$KC_PKI/ca.crt" --etcd-compaction-interval 0 \
		--service-account-signing-key-file "$KC_PKI/sa.key" --service-account-key-file "$KC_PKI/sa.pub" "$@" \
		>>"$KC_TEST_DIR/apiserver.log" 2>&1 &
	KC_APISERVER_PID=$!
	KC_PIDS="$KC_PIDS $KC_APISERVER_PID"
	wait_http kc-apiserver "$KC_SERVER/readyz" --cacert "$KC_PKI/ca.crt"
}

cluster_up() {
	trap cluster_down EXIT INT TERM
	KC_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kc-test.XXXXXX")
	KC_PKI=$KC_TEST_DIR/pki
	etcd_port=$(free_port)
	peer_port=$(free_port)
	KC_PORT=$(free_port)
	KC_ETCD_URL=http://127.0.0.1:$etcd_port
	KC_SERVER=https://127.0.0.1:$KC_PORT
	"$KC_TOP/deploy/pki.sh" "$KC_PKI" "$KC_SERVER" --node node-1 >/dev/null
	etcd --name default --data-dir "$KC_TEST_DIR/etcd" \
		--listen-client-urls "$KC_ETCD_URL" --advertise-client-urls "$KC_ETCD_URL" \
		--listen-peer-urls "http://127.0.0.1:$peer_port" \
		--initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
		--initial-cluster "default=http://127.0.0.1:$peer_port" --log-level warn \
		>>"$KC_TEST_DIR/etcd.log" 2>&1 &
	KC_ETCD_PID=$!
	KC_PIDS="$KC_PIDS $KC_ETCD_PID"
	wait_http etcd "$KC_ETCD_URL/health"
	start_apiserver "$@"
	export KUBECONFIG=$KC_PKI/admin.conf
	export KC_TEST_DIR KC_PKI KC_SERVER KC_ETCD_URL KC_BUILD
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got
$2
want
$3"
}

# expect_contains WHAT TEXT NEEDLE
expect_contains() {
	case $2 in
	*"$3"*) ;;
	*) fail "$1: output does not contain '$3':
$2" ;;
	esac
}
