#!/bin/bash
# pods/log, exec and port-forward through kc-apiserver's kubelet proxy,
# driven by the real kubectl and by kc. The kubelet is a stand-in: a small
# Python HTTPS server (started and stopped here) that serves /containerLogs,
# /exec and /portForward the way a kubelet does (WebSocket with the
# v5/v4.channel.k8s.io protocols for the last two), and insists on the
# apiserver's kubelet client certificate. Until kc-kubelet exists this is
# what proves the apiserver side: option checks, the choice of container,
# the node's address and kubelet port, TLS both ways, streaming while
# following, the upgraded connection relayed both ways, and the kubelet's
# errors passed on.
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cluster_up
KC=$KC_BUILD/ctl/kc

# The stand-in kubelet serves with the apiserver's certificate (it names
# 127.0.0.1 and chains to the cluster CA), so the apiserver can verify it.
kill "$KC_APISERVER_PID"
wait "$KC_APISERVER_PID" 2>/dev/null || true
start_apiserver --kubelet-client-certificate "$KC_PKI/apiserver-kubelet-client.crt" \
	--kubelet-client-key "$KC_PKI/apiserver-kubelet-client.key" \
	--kubelet-certificate-authority "$KC_PKI/ca.crt"

kubelet_port=$(free_port)
dead_port=$(free_port) # nothing listens there
cat >"$KC_TEST_DIR/kubelet.py" <<'EOF'
import json, os, ssl, struct, sys, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
sys.path.insert(0, os.environ["KC_TOP"] + "/tests/lib")
import websocket as ws

port, pki, seen = int(sys.argv[1]), sys.argv[2], sys.argv[3]

class Kubelet(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def upgrade(self, protocols):
        chosen = ws.upgrade(self, protocols)
        if not chosen:
            self.answer(400, "expected a websocket upgrade")
        return chosen

    def exec_session(self, pod, container, q):
        if container == "crash":
            return self.answer(400, 'container "crash" in pod "%s" is not running' % pod)
        if not self.upgrade(["v5.channel.k8s.io", "v4.channel.k8s.io"]):
            return
        s, cmd = self.connection, q.get("command", [])
        ok = {"metadata": {}, "status": "Success"}
        if cmd[:1] == ["echo"]:
            ws.send(s, b"\x01" + ("%s/%s: %s\n" % (pod, container, " ".join(cmd[1:]))).encode())
            ws.send(s, b"\x03" + json.dumps(ok).encode())
        elif cmd[:1] == ["cat"]:  # stdin back to stdout until stdin closes
            while True:
                try: op, data = ws.recv(s)
                except EOFError: return
                if op == 8: return
                if data[:1] == b"\x00": ws.send(s, b"\x01" + data[1:])
                elif data == b"\xff\x00": break
            ws.send(s, b"\x03" + json.dumps(ok).encode())
        else:
            ws.send(s, b"\x03" + json.dumps({"metadata": {}, "status": "Failure", "reason": "NonZeroExitCode",
                "message": "command terminated with non-zero exit code", "details": {"causes": [
                {"reason": "ExitCode", "message": "3"}]}}).encode())
        try: ws.send(s, b"\x03\xe8", op=8)
        except OSError: pass

    def portforward(self, q):
        if not self.upgrade(["v4.channel.k8s.io"]): return
        s, port = self.connection, int(q["ports"][0])
        ws.send(s, b"\x00" + struct.pack("<H", port))
        ws.send(s, b"\x01" + struct.pack("<H", port))
        while True:
            try: op, data = ws.recv(s)
            except EOFError: return
            if op == 8: return
            if data[:1] == b"\x00":
                ws.send(s, b"\x00" + b"port %d got " % port + data[1:])

    def answer(self, code, text):
        body = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        cert = self.connection.getpeercert()
        cn = [v for rdn in cert["subject"] for k, v in rdn if k == "commonName"][0]
        with open(seen, "a") as f:
            f.write("%s %s?%s\n" % (cn, url.path, url.query))
        parts = url.path.split("/")
        if len(parts) == 5 and parts[1] == "exec":
            return self.exec_session(parts[3], parts[4], urllib.parse.parse_qs(url.query))
        if len(parts) == 4 and parts[1] == "portForward":
            return self.portforward(urllib.parse.parse_qs(url.query))
        if len(parts) != 5 or parts[1] != "containerLogs":
            return self.answer(404, "404 page not found\n")
        ns, pod, container = parts[2:]
        if container == "crash":
            return self.answer(400, 'container "crash" in pod "%s" is waiting to start: ContainerCreating' % pod)
        if container == "broken":
            return self.answer(500, "runc: log file is gone")
        if container == "gone":
            return self.answer(404, "pod not found on this node")
        lines = ["%s/%s line %d\n" % (pod, container, i) for i in range(1, 6)]
        if "tailLines" in q:
            lines = lines[len(lines) - int(q["tailLines"]):] if int(q["tailLines"]) else []
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        def chunk(s):
            b = s.encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))
            self.wfile.flush()
        for line in lines:
            chunk(line)
        if q.get("follow") == "true":
            chunk("following\n")
            time.sleep(30)  # a quiet container: the client gives up first
        self.wfile.write(b"0\r\n\r\n")

    do_POST = do_GET  # kubectl falls back to SPDY with a POST when WebSocket is refused

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(pki + "/apiserver.crt", pki + "/apiserver.key")
ctx.load_verify_locations(pki + "/ca.crt")
ctx.verify_mode = ssl.CERT_REQUIRED
srv = ThreadingHTTPServer(("127.0.0.1", port), Kubelet)
srv.daemon_threads = True
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
EOF
KC_TOP=$KC_TOP python3 "$KC_TEST_DIR/kubelet.py" "$kubelet_port" "$KC_PKI" "$KC_TEST_DIR/seen" >>"$KC_TEST_DIR/kubelet.log" 2>&1 &
KC_PIDS="$KC_PIDS $!"
i=0
until curl -sk --max-time 1 --cert "$KC_PKI/apiserver-kubelet-client.crt" --key "$KC_PKI/apiserver-kubelet-client.key" \
	"https://127.0.0.1:$kubelet_port/healthz" >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the stand-in kubelet did not start: $(cat "$KC_TEST_DIR/kubelet.log")"
	sleep 0.1
done

# Two nodes: n1's kubelet is the stand-in, n2's is not running.
for n in n1:$kubelet_port n2:$dead_port; do
	name=${n%%:*} port=${n#*:}
	kubectl create -f - >/dev/null <<EOF
{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "$name"}}
EOF
	kubectl patch node "$name" --subresource=status --type=merge -p "{\"status\": {
		\"addresses\": [{\"type\": \"InternalIP\", \"address\": \"127.0.0.1\"}],
		\"daemonEndpoints\": {\"kubeletEndpoint\": {\"Port\": $port}}}}" >/dev/null
done
pod() { # NAME NODE CONTAINERS...
	name=$1 node=$2
	shift 2
	cs=""
	for c in "$@"; do cs="$cs${cs:+,}{\"name\": \"$c\", \"image\": \"busybox\"}"; done
	kubectl create -f - >/dev/null <<EOF
{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "$name"},
 "spec": {${node:+\"nodeName\": \"$node\",} "containers": [$cs]}}
EOF
}
pod one n1 app
pod multi n1 app side crash broken gone
pod pending "" app
pod lost n2 app
# kubectl port-forward wants a running pod (a kubelet would report it).
kubectl patch pod one --subresource=status --type=merge -p '{"status": {"phase": "Running"}}' >/dev/null

# The log of a pod's only container, with kubectl and with kc.
want=$(printf 'one/app line %d\n' 1 2 3 4 5)
expect_eq "kubectl logs" "$(kubectl logs one)" "$want"
expect_eq "kc logs" "$("$KC" logs one)" "$want"
expect_eq "kubectl logs --tail" "$(kubectl logs one --tail=2)" "$(printf 'one/app line %d\n' 4 5)"
expect_eq "kubectl logs -c" "$(kubectl logs multi -c side --tail=1)" "multi/side line 5"

# What the kubelet was asked, and by whom.
expect_contains "kubelet request" "$(cat "$KC_TEST_DIR/seen")" \
	"kube-apiserver-kubelet-client /containerLogs/default/multi/side?tailLines=1"
kubectl logs one --timestamps --since=1h --limit-bytes=100 >/dev/null
expect_contains "options passed on" "$(tail -n 1 "$KC_TEST_DIR/seen")" \
	"/containerLogs/default/one/app?timestamps=true&limitBytes=100&sinceSeconds=3600"

# Following streams what has come while the container is still quiet.
out=$(timeout 3 kubectl logs -f one || true)
expect_eq "kubectl logs -f" "$out" "$want
following"
out=$(timeout 3 "$KC" logs -f multi -c side --tail=1 || true)
expect_eq "kc logs -f" "$out" "multi/side line 5
following"

# A pod with no node yet has an empty log, as upstream.
expect_eq "pending pod" "$(kubectl logs pending 2>&1)" ""

# Errors, in upstream's words.
expect_eq "several containers" "$(kubectl logs multi --all-containers=false 2>&1 || true)" \
	"Defaulted container \"app\" out of: app, side, crash, broken, gone
multi/app line 1
multi/app line 2
multi/app line 3
multi/app line 4
multi/app line 5"
expect_eq "raw: several containers" \
	"$(kubectl get --raw /api/v1/namespaces/default/pods/multi/log 2>&1 || true)" \
	'Error from server (BadRequest): a container name must be specified for pod multi, choose one of: [app side crash broken gone]'
expect_eq "unknown container" "$(kubectl logs one -c nope 2>&1 || true)" \
	'error: container nope is not valid for pod one'
expect_eq "raw: unknown container" \
	"$(kubectl get --raw '/api/v1/namespaces/default/pods/one/log?container=nope' 2>&1 || true)" \
	'Error from server (BadRequest): container nope is not valid for pod one'
expect_eq "kubelet 400" "$(kubectl logs multi -c crash 2>&1 || true)" \
	'Error from server (BadRequest): container "crash" in pod "multi" is waiting to start: ContainerCreating'
expect_eq "kubelet 500" "$(kubectl logs multi -c broken 2>&1 || true)" \
	'Error from server (InternalError): Internal error occurred: runc: log file is gone'
expect_contains "kubelet 404" "$(kubectl logs multi -c gone 2>&1 || true)" \
	'Error from server (NotFound): the server could not find the requested resource ( pods/log multi)'
expect_contains "kubelet down" "$(kubectl logs lost 2>&1 || true)" \
	"Error from server: Get \"https://127.0.0.1:$dead_port/containerLogs/default/lost/app\": "
expect_eq "negative tail" \
	"$(kubectl get --raw '/api/v1/namespaces/default/pods/one/log?tailLines=-1' 2>&1 || true)" \
	'The PodLogOptions "one" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0'
expect_eq "missing pod" "$(kubectl get --raw /api/v1/namespaces/default/pods/nope/log 2>&1 || true)" \
	'Error from server (NotFound): pods "nope" not found'

# exec: an upgraded connection relayed both ways (kubectl and kc speak
# WebSocket v5.channel.k8s.io).
expect_eq "kubectl exec" "$(kubectl exec multi -c side -- echo hello there)" "multi/side: hello there"
expect_eq "kc exec" "$("$KC" exec one -- echo hi)" "one/app: hi"
expect_eq "exec -i" "$(printf 'a\nb\n' | kubectl exec -i one -- cat)" "a
b"
expect_eq "exec exit code" "$(kubectl exec one -- false 2>&1; echo "rc=$?")" \
	"command terminated with exit code 3
rc=3"
expect_eq "exec, container not running" "$(kubectl exec multi -c crash -- echo 2>&1 || true)" \
	'error: unable to upgrade connection: container "crash" in pod "multi" is not running'
expect_contains "exec, kubelet down" "$(kubectl exec lost -- echo 2>&1 || true)" "error dialing backend: "
expect_eq "exec, no node" "$(kubectl exec pending -- echo 2>&1 || true)" \
	'Error from server (BadRequest): pod pending does not have a host assigned'
expect_eq "exec without upgrade" \
	"$(kubectl get --raw '/api/v1/namespaces/default/pods/one/exec?command=ls' 2>&1 || true)" \
	'Error from server (BadRequest): Upgrade request required'

# port-forward: a local port relayed to the pod's through the kubelet, with
# kc (WebSocket v4.channel.k8s.io; kubectl 1.30+ first tries SPDY tunnelled
# in WebSocket, which a kubelet refuses, then SPDY, which the stand-in does
# not speak).
local_port=$(free_port)
"$KC" port-forward pod/one "$local_port:8080" >"$KC_TEST_DIR/pf.log" 2>&1 &
pf=$!
KC_PIDS="$KC_PIDS $pf"
i=0
until grep -q "Forwarding from" "$KC_TEST_DIR/pf.log"; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "port-forward did not start: $(cat "$KC_TEST_DIR/pf.log")"
	sleep 0.1
done
got=$(python3 -c "
import socket, sys
s = socket.create_connection(('127.0.0.1', $local_port), timeout=5)
s.sendall(b'ping')
print(s.recv(100).decode())
")
expect_eq "port-forward" "$got" "port 8080 got ping"
kill "$pf"

# RBAC: pods/log is its own resource.
expect_eq "can-i" "$(kubectl auth can-i get pods/log --as=someone 2>&1 || true)" "no"
echo "PASS"
