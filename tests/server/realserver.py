"""A real `xunren-server serve` process on a free loopback port."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


def healthy(url: str) -> bool:
    """Whether the server at *url* (plain http on loopback) answers ``/health`` with 200.

    The standard library's client, not httpx: ``httpx.get`` makes a TLS context (loading the CA
    bundle) on every call, which costs more CPU than the poll itself while a server starts."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=1)
    try:
        conn.request("GET", "/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def listens(pid: int, port: int) -> bool:
    """Whether process *pid* holds the socket listening on loopback *port* (Linux's ``/proc``).

    A port picked free may be taken by another test's server before ours binds it (parallel
    workers, a restart on the same port): ours then fails to bind, and that other server answers
    ``/health`` in its place. Elsewhere than Linux, True (the health answer is all there is)."""
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not tables[0].exists():
        return True
    inodes = {
        fields[9]
        for table in tables
        if table.exists()
        for line in table.read_text().splitlines()[1:]
        if len(fields := line.split()) > 9
        and fields[3] == "0A"  # LISTEN
        and int(fields[1].rsplit(":", 1)[1], 16) == port
    }
    sockets = {f"socket:[{inode}]" for inode in inodes}
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:  # gone, or not ours to read
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") in sockets:
                return True
        except OSError:  # closed since the listing
            continue
    return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    def __init__(self, db_url: str, port: int | None = None, extra: tuple[str, ...] = ()) -> None:
        self.db_url, self.extra = db_url, extra
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        cmd = [
            sys.executable,
            "-m",
            "server.cli",
            "serve",
            "--db",
            self.db_url,
            "--port",
            str(self.port),
            *self.extra,
        ]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ}, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if healthy(self.url) and listens(self.proc.pid, self.port):
                return self
            time.sleep(0.05)
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stderr.read().decode() if self.proc.stderr else "server died")
        self.kill()  # a server that answers only later must not outlive the test that gave up on it
        raise TimeoutError("server did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()
