"""A real TCP fault proxy between the station's HTTP client and the server process.

Threads and sockets only. It reads each HTTP/1.1 request off the client's connection, then on a
seeded schedule either passes it on or does one of: drop the connection before the server sees
the request, reset it, stall (briefly, or past the client's timeout), pass it on and cut the
response after the server committed, pass it on twice (the duplicate concurrently), pass it on
and answer 500 anyway, or answer 500 / 503 / 429 (with Retry-After) itself.

A test can also force what happens to the next requests on a path (:meth:`FaultProxy.force`),
among them three that hold the client until the test lets go (:meth:`FaultProxy.release`), so
it can kill the client at a known moment: ``hold_answer`` (the server commits, the answer never
comes), ``hold_request`` (the server never sees it) and ``late`` (the server sees it only after
the release, a copy of a dead client's request arriving late).
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter, deque

ACTIONS: dict[str, float] = {  # relative weights of the faults
    "drop": 3,
    "reset": 2,
    "stall": 2,
    "stall_timeout": 0.4,
    "cut_after_commit": 4,
    "duplicate": 3,
    "error_after_commit": 2,
    "e500": 2,
    "e503": 2,
    "e429": 2,
}
_CANNED = {
    "e500": b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops",
    "e503": b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    "e429": b'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: application/json\r\nContent-Length: 38\r\nConnection: close\r\n\r\n{"reason":"slow_down","detail":"429!"}',
}


class FaultProxy:
    """Listen on a free loopback port and forward to ``upstream_port`` with seeded faults."""

    def __init__(self, upstream_port: int, *, client_timeout: float = 1.0) -> None:
        self.upstream_port = upstream_port
        self.client_timeout = client_timeout
        self.rate = 0.0
        self.stats: Counter[str] = Counter()
        self._rng = random.Random(0)
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._closed = False
        self._forced: deque[tuple[bytes, str]] = deque()
        self.holding = threading.Event()  # a forced holding action has the client's request
        self.delivered = threading.Event()  # a released ``late`` request reached the server
        self._released = threading.Event()
        threading.Thread(target=self._accept, daemon=True, name="faultproxy").start()

    def force(self, path: str, *actions: str) -> None:
        """The next requests whose target starts with *path* suffer *actions*, one each, in order
        (before and regardless of the seeded schedule)."""
        with self._lock:
            self._forced.extend((path.encode(), a) for a in actions)
            self.holding.clear()
            self.delivered.clear()
            self._released.clear()

    def release(self) -> None:
        """Let a held request go: ``late`` is forwarded now, the others are dropped."""
        self._released.set()

    def schedule(self, seed: int, rate: float) -> None:
        """Start a new seeded schedule: each request suffers a fault with probability *rate*."""
        with self._lock:
            self._rng = random.Random(seed ^ 0x5EED)
            self.rate = rate
            self.stats = Counter()

    def calm(self) -> None:
        with self._lock:
            self.rate = 0.0

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _decide(self, request: bytes) -> str:
        target = request.split(b" ", 2)[1] if request.count(b" ") >= 2 else b""
        with self._lock:
            if self._forced and target.startswith(self._forced[0][0]):
                action = self._forced.popleft()[1]
                self.stats[action] += 1
                return action
            if self._rng.random() >= self.rate:
                return "pass"
            names = list(ACTIONS)
            action = self._rng.choices(names, weights=[ACTIONS[n] for n in names])[0]
            self.stats[action] += 1
            return action

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            buf = b""
            while True:
                request, buf = _read_request(conn, buf)
                if request is None:
                    return
                action = self._decide(request)
                if not self._handle(conn, action, request):
                    return

    def _handle(self, conn: socket.socket, action: str, request: bytes) -> bool:
        """Carry out *action*; False when the client connection is finished."""
        if action == "drop":
            return False
        if action in ("hold_request", "late"):
            self.holding.set()
            self._released.wait()
            if action == "late":
                _forward(self.upstream_port, request)
                self.delivered.set()
            return False
        if action == "hold_answer":
            _forward(self.upstream_port, request)
            self.holding.set()
            self._released.wait()
            return False
        if action == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        if action in _CANNED:
            conn.sendall(_CANNED[action])
            return False
        if action == "stall_timeout":
            time.sleep(self.client_timeout + 0.3)
            return False
        if action == "stall":
            time.sleep(self._rng.uniform(0.02, 0.2))
        if action == "duplicate":
            threading.Thread(target=_forward, args=(self.upstream_port, request), daemon=True).start()
        response = _forward(self.upstream_port, request)
        if response is None:
            return False  # the server is down (restarting): the client sees a closed connection
        if action == "cut_after_commit":
            conn.sendall(response[: self._rng.randint(0, max(0, len(response) - 1))])
            return False
        if action == "error_after_commit":
            conn.sendall(_CANNED["e500"])
            return False
        try:
            conn.sendall(response)
        except OSError:
            return False
        return False  # the upstream answer said Connection: close


def _read_request(conn: socket.socket, buf: bytes) -> tuple[bytes | None, bytes]:
    """One whole request (head and Content-Length body) off the connection."""
    try:
        while b"\r\n\r\n" not in buf:
            data = conn.recv(65536)
            if not data:
                return None, b""
            buf += data
        head, rest = buf.split(b"\r\n\r\n", 1)
        length = 0
        lines = head.split(b"\r\n")
        kept = [lines[0]]
        for line in lines[1:]:
            name = line.split(b":", 1)[0].strip().lower()
            if name == b"content-length":
                length = int(line.split(b":", 1)[1])
            if name != b"connection":
                kept.append(line)
        kept.append(b"Connection: close")  # one request per upstream connection: simple to cut
        while len(rest) < length:
            data = conn.recv(65536)
            if not data:
                return None, b""
            rest += data
        return b"\r\n".join(kept) + b"\r\n\r\n" + rest[:length], rest[length:]
    except OSError:
        return None, b""


def _forward(port: int, request: bytes) -> bytes | None:
    """Send *request* to the server and read its whole answer (it closes the connection)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as up:
            up.sendall(request)
            chunks = []
            while True:
                data = up.recv(65536)
                if not data:
                    break
                chunks.append(data)
        return b"".join(chunks) or None
    except OSError:
        return None
