#!/bin/bash
# kc logs -f, exec, attach and port-forward end to end, against a stand-in
# for the API server's kubelet proxy: a small Python server (started and
# stopped here) that serves two running pods, streams their logs in chunks
# (a line split across chunks, pauses when following), and answers
# pods/exec, pods/attach and pods/portforward over the WebSocket channel
# protocols (v5/v4.channel.k8s.io) the way a kubelet does. Until kc-kubelet
# serves these, this is what proves the client side.
set -euo pipefail
KC_TOP=$(cd "$(dirname "$0")/../.." && pwd)
KC_BUILD=${KC_BUILD_DIR:-$KC_TOP/build}
KC=$KC_BUILD/ctl/kc
[ -x "$KC" ] || { echo "FAIL: no kc at $KC" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/kc-streams.XXXXXX")
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
fail() {
	echo "FAIL: $*" >&2
	exit 1
}
expect_eq() { [ "$2" = "$3" ] || fail "$1: got
$2
want
$3"; }

cat >"$work/fake.py" <<'EOF'
import json, os, socket, struct, subprocess, sys, threading, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
sys.path.insert(0, os.environ["KC_TOP"] + "/tests/lib")
import websocket as ws

def pod(name):
    return {"kind": "Pod", "apiVersion": "v1",
            "metadata": {"name": name, "namespace": "default", "labels": {"app": "web"},
                         "creationTimestamp": "2024-01-01T00:00:00Z"},
            "spec": {"nodeName": "n1", "restartPolicy": "Always",
                     "initContainers": [{"name": "init"}],
                     "containers": [{"name": "app", "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]},
                                    {"name": "side"}]},
            "status": {"phase": "Running"}}
PODS = {"p1": pod("p1"), "p2": pod("p2")}

def status(code, reason, message):
    return {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "reason": reason, "code": code}

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send_json(self, code, obj):
        b = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)
    def upgrade(self, protocols):
        chosen = ws.upgrade(self, protocols)
        if not chosen:
            self.send_json(400, status(400, "BadRequest", "expected a websocket upgrade"))
        return chosen
    def exec_session(self, q, attach):
        proto = self.upgrade(["v5.channel.k8s.io", "v4.channel.k8s.io"])
        if not proto: return
        s = self.connection
        cmd = q.get("command", []) if not attach else ["cat"]
        ok = {"metadata": {}, "status": "Success"}
        if cmd[:1] == ["echo"]:
            ws.send(s, b"\x01" + (" ".join(cmd[1:]) + "\n").encode())
            ws.send(s, b"\x03" + json.dumps(ok).encode())
        elif cmd[:1] == ["fail"]:
            ws.send(s, b"\x02" + b"oops\n")
            ws.send(s, b"\x03" + json.dumps({"metadata": {}, "status": "Failure", "reason": "NonZeroExitCode",
                "message": "command terminated with non-zero exit code", "details": {"causes": [
                {"reason": "ExitCode", "message": cmd[1] if len(cmd) > 1 else "1"}]}}).encode())
        elif cmd[:1] == ["cat"]:
            # echo stdin back until the client closes it (v5), then report
            while True:
                try: op, data = ws.recv(s)
                except EOFError: return
                if op == 8: return
                if data[:1] == b"\x00": ws.send(s, b"\x01" + data[1:])
                elif data[:1] == b"\x04": ws.send(s, b"\x02" + b"resize " + data[1:] + b"\n")
                elif data == b"\xff\x00": break
            ws.send(s, b"\x03" + json.dumps(ok).encode())
        else:
            ws.send(s, b"\x03" + json.dumps({"metadata": {}, "status": "Failure", "reason": "InternalError",
                "message": "exec: \"%s\": executable file not found in $PATH" % cmd[0]}).encode())
        try: ws.send(s, b"\x03\xe8", op=8)
        except OSError: pass
    def portforward(self, q):
        if not self.upgrade(["v4.channel.k8s.io"]): return
        s = self.connection
        port = int(q["ports"][0])
        ws.send(s, b"\x00" + struct.pack("<H", port))
        ws.send(s, b"\x01" + struct.pack("<H", port))
        while True:
            try: op, data = ws.recv(s)
            except EOFError: return
            if op == 8: return
            if data[:1] == b"\x00":
                ws.send(s, b"\x00" + b"port %d got " % port + data[1:])
    def do_GET(self):
        u = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(u.query)
        parts = u.path.strip("/").split("/")
        if parts[:4] != ["api", "v1", "namespaces", "default"] or len(parts) < 5 or parts[4] != "pods":
            return self.send_json(404, status(404, "NotFound", "the server could not find the requested resource"))
        if len(parts) == 5:
            return self.send_json(200, {"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": list(PODS.values())})
        name = parts[5]
        if name not in PODS:
            return self.send_json(404, status(404, "NotFound", 'pods "%s" not found' % name))
        if len(parts) == 6:
            return self.send_json(200, PODS[name])
        sub = parts[6]
        if sub in ("exec", "attach"):
            return self.exec_session(q, sub == "attach")
        if sub == "portforward":
            return self.portforward(q)
        if sub == "log":
            c = q.get("container", ["?"])[0]
            if "previous" in q:
                return self.send_json(400, status(400, "BadRequest",
                    'previous terminated container "%s" in pod "%s" not found' % (c, name)))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            lines = ["%s/%s line %d\n" % (name, c, i) for i in range(1, 4)]
            if "tailLines" in q: lines = lines[-int(q["tailLines"][0]):]
            for l in lines:
                for piece in (l[:3], l[3:]):   # a line in two chunks
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece.encode()))
                    self.wfile.flush()
                if "follow" in q: time.sleep(0.1)
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_json(404, status(404, "NotFound", "no such subresource"))

srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(srv.server_address[1], flush=True)
srv.serve_forever()
EOF
KC_TOP=$KC_TOP python3 "$work/fake.py" >"$work/port" 2>"$work/fake.log" &
pids="$pids $!"
for i in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port")
[ -n "$port" ] || fail "the fake server did not start"
export HOME=$work KUBECONFIG=
k() { "$KC" --server "http://127.0.0.1:$port" "$@"; }

# logs: default container note, prefixes per line, follow in parallel, errors
expect_eq "logs" "$(k logs p1 2>&1)" 'Defaulted container "app" out of: app, side, init (init)
p1/app line 1
p1/app line 2
p1/app line 3'
expect_eq "logs -c --prefix --tail" "$(k logs p1 -c side --prefix --tail=2)" '[pod/p1/side] p1/side line 2
[pod/p1/side] p1/side line 3'
out=$(k logs -l app=web --all-containers --prefix -f --max-log-requests=6 | sort)
expect_eq "logs -f -l" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "18"
printf '%s\n' "$out" | grep -qx '\[pod/p2/init\] p2/init line 3' || fail "logs -f -l: p2/init missing: $out"
expect_eq "logs -f cap" "$(k logs -l app=web --all-containers -f 2>&1; echo rc=$?)" \
	'error: you are attempting to follow 6 log streams, but maximum allowed concurrency is 5, use --max-log-requests to increase the limit
rc=1'
expect_eq "logs -p" "$(k logs p1 -c side -p 2>&1; echo rc=$?)" \
	'Error from server (BadRequest): previous terminated container "side" in pod "p1" not found
rc=1'
expect_eq "logs --ignore-errors" "$(k logs p1 -p --all-containers --ignore-errors 2>&1 | head -1)" \
	'error: previous terminated container "init" in pod "p1" not found'
expect_eq "logs missing pod" "$(k logs nope 2>&1)" \
	'error: error from server (NotFound): pods "nope" not found in namespace "default"'

# exec: output, stderr and exit codes, stdin through v5 with its close
expect_eq "exec" "$(k exec p1 -- echo hello world 2>&1)" 'Defaulted container "app" out of: app, side, init (init)
hello world'
expect_eq "exec fail" "$(k exec p1 -c app -- fail 3 2>&1; echo rc=$?)" 'oops
command terminated with exit code 3
rc=3'
expect_eq "exec stdin" "$(printf 'one\ntwo\n' | k exec -i p1 -c app -- cat)" 'one
two'
expect_eq "exec missing" "$(k exec p1 -c app -- nosuch 2>&1; echo rc=$?)" \
	'error: exec: "nosuch": executable file not found in $PATH
rc=1'
expect_eq "exec -it without a terminal" "$(echo x | k exec -it p1 -c app -- cat 2>&1)" \
	'Unable to use a TTY - input is not a terminal or the right kind of file
x'
# attach: stdin echoed back by the stand-in's "process"
expect_eq "attach" "$(echo hi | k attach -i p1 -c side 2>&1)" "If you don't see a command prompt, try pressing enter.
hi"

# port-forward: two connections through one listener, named port
# kc itself in the background (not through k(), whose subshell would be
# the process $! names)
"$KC" --server "http://127.0.0.1:$port" port-forward p1 0:http >"$work/pf.out" 2>&1 &
pf=$!
pids="$pids $pf"
for i in $(seq 50); do grep -q "Forwarding from 127.0.0.1" "$work/pf.out" && break; sleep 0.1; done
lport=$(sed -n 's/^Forwarding from 127.0.0.1:\([0-9]*\) -> 8080$/\1/p' "$work/pf.out")
[ -n "$lport" ] || fail "port-forward did not listen: $(cat "$work/pf.out")"
for n in 1 2; do
	got=$(python3 -c "
import socket,sys
s=socket.create_connection(('127.0.0.1',$lport)); s.sendall(b'ping $n'); print(s.recv(100).decode()); s.close()")
	expect_eq "port-forward $n" "$got" "port 8080 got ping $n"
done
grep -q "Handling connection for $lport" "$work/pf.out" || fail "port-forward: no 'Handling connection': $(cat "$work/pf.out")"
kill "$pf"
wait "$pf" 2>/dev/null || true
echo PASS
