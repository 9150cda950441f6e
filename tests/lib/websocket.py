"""websocket.py - the server side of RFC 6455 that the tests' stand-ins need
(a stand-in apiserver in test_kc_ops_streams.sh, a stand-in kubelet in
test_apiserver_kubelet_proxy.sh): the upgrade answer and unfragmented
frames, enough for the v4/v5.channel.k8s.io stream protocols."""
import base64, hashlib, struct

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def upgrade(handler, protocols):
    """Answers handler's (a BaseHTTPRequestHandler) upgrade request with 101
    and the first of protocols the client offered. Returns that protocol, or
    None when there is none or no WebSocket upgrade was asked for (the
    caller then answers with an error)."""
    offered = [p.strip() for p in handler.headers.get("Sec-WebSocket-Protocol", "").split(",")]
    chosen = next((p for p in protocols if p in offered), None)
    if not chosen or handler.headers.get("Upgrade", "").lower() != "websocket":
        return None
    key = handler.headers["Sec-WebSocket-Key"]
    accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    handler.send_response(101)
    handler.send_header("Upgrade", "websocket")
    handler.send_header("Connection", "Upgrade")
    handler.send_header("Sec-WebSocket-Accept", accept)
    handler.send_header("Sec-WebSocket-Protocol", chosen)
    handler.end_headers()
    handler.wfile.flush()
    handler.close_connection = True
    return chosen


def recv(sock):
    """One frame: (opcode, payload). Raises EOFError when the peer closed."""
    def need(n):
        b = b""
        while len(b) < n:
            c = sock.recv(n - len(b))
            if not c:
                raise EOFError
            b += c
        return b
    h = need(2)
    op, ln = h[0] & 0x0f, h[1] & 0x7f
    if ln == 126:
        ln = struct.unpack(">H", need(2))[0]
    elif ln == 127:
        ln = struct.unpack(">Q", need(8))[0]
    mask = need(4) if h[1] & 0x80 else b"\0\0\0\0"
    return op, bytes(b ^ mask[i % 4] for i, b in enumerate(need(ln)))


def send(sock, data, op=2):
    """One unmasked frame (binary by default), as a server sends them."""
    n = len(data)
    if n < 126:
        head = bytes([0x80 | op, n])
    elif n < 65536:
        head = bytes([0x80 | op, 126]) + struct.pack(">H", n)
    else:
        head = bytes([0x80 | op, 127]) + struct.pack(">Q", n)
    sock.sendall(head + data)
