"""A real server process over HTTP: enrol, push, pull; kill -9 during a large push."""

from __future__ import annotations

import gzip
import json
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import case_no, case_payload, change
from realserver import ServerProcess, healthy, listens
from sqlalchemy import create_engine, func, select

from app.sync import protocol
from server.api.schemas import PullPublic, PushPublic
from server.services import credentials
from server.services.meta import in_transaction
from server.settings import Settings
from server.storage.engine import make_engine, session_factory
from server.storage.tables import JournalEntry, Record

A = "370786001"


def _token(db_url: str, code: str) -> str:
    engine = make_engine(Settings(db_url=db_url))
    with session_factory(engine)() as session:
        token: str = in_transaction(session, lambda s: credentials.add_station(s, code, "派出所", 7))
    engine.dispose()
    return token


@pytest.fixture
def server(db_url: str) -> Iterator[ServerProcess]:
    proc = ServerProcess(db_url).start()
    yield proc
    proc.stop()


def test_enrol_push_pull_over_http(server: ServerProcess) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        enrolled = http.post("/enroll", json={"token": _token(server.db_url, A)}).json()
        headers = {"Authorization": f"Bearer {enrolled['credential']}"}
        changes = [protocol.Change(**change(case_no(A, i))) for i in range(1, 501)]
        body = gzip.compress(protocol.PushRequest(changes).to_json(), compresslevel=1)
        answer = http.post(
            "/sync/push",
            content=body,
            headers={**headers, "Content-Encoding": "gzip", "Content-Type": "application/json"},
        )
        PushPublic.model_validate(answer.json())  # the hand-encoded answer has the documented shape
        pushed = protocol.PushResponse.from_json(answer.json())
        assert [r.status for r in pushed.results] == ["applied"] * 500
        pulled_json = http.get("/sync/pull", headers=headers).json()
        PullPublic.model_validate(pulled_json)
        pulled = protocol.PullResponse.from_json(pulled_json)
        assert pulled.epoch == pushed.epoch and pulled.items == []
        state = protocol.SyncState.from_json(http.get("/sync/state", headers=headers).json())
        assert state.total == 500
        assert state.digest == protocol.records_digest((c.record_id, 1) for c in changes)
        assert http.get("/openapi.json").status_code == 200


def _count(db_url: str, ids: list[str]) -> tuple[int, int]:
    engine = create_engine(Settings.from_env(db_url).db_url)
    with engine.connect() as conn:
        journal = conn.scalar(
            select(func.count()).select_from(JournalEntry).where(JournalEntry.change_id.in_(ids))
        )
        records = conn.scalar(select(func.count()).select_from(Record))
    engine.dispose()
    return int(journal or 0), int(records or 0)


@pytest.mark.parametrize("delay", [0.0, 0.15, 0.4])
def test_kill_during_a_large_push_leaves_all_or_nothing(server: ServerProcess, delay: float) -> None:
    with httpx.Client(base_url=server.url, timeout=30) as http:
        credential = http.post("/enroll", json={"token": _token(server.db_url, A)}).json()["credential"]
    filler = "案情描述" * 700  # ~8 KB per change, 4 MB a batch: takes a while to store
    batch = [change(case_no(A, i), payload=case_payload(note=filler)) for i in range(1, 501)]
    body = json.dumps({"changes": batch}, ensure_ascii=False).encode()
    outcome: dict[str, Any] = {}

    def send() -> None:
        try:
            outcome["answer"] = httpx.post(
                f"{server.url}/sync/push",
                content=body,
                headers={"Authorization": f"Bearer {credential}", "Content-Type": "application/json"},
                timeout=30,
            )
        except httpx.HTTPError as exc:
            outcome["error"] = exc

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(delay)
    server.kill()
    sender.join()
    journal, records = _count(server.db_url, [c["change_id"] for c in batch])
    assert (journal, records) in ((0, 0), (500, 500))
    if "answer" in outcome:
        assert outcome["answer"].status_code == 200
        assert journal == 500  # an acknowledged batch is durable
    server.start()  # the restarted server resumes on the same data
    with httpx.Client(base_url=server.url, timeout=30) as http:
        answer = http.post(
            "/sync/push",
            content=body,
            headers={"Authorization": f"Bearer {credential}", "Content-Type": "application/json"},
        )
        assert [r["status"] for r in answer.json()["results"]] == ["applied"] * 500
    assert _count(server.db_url, [c["change_id"] for c in batch]) == (500, 500)


def test_workers_leave_when_their_supervisor_is_killed(pg_url: str | None) -> None:
    """`serve --workers 2` killed with SIGKILL: its workers stop serving too (PostgreSQL only)."""
    import contextlib
    import os
    import signal
    import socket
    import subprocess
    import sys
    from pathlib import Path

    if pg_url is None:  # several server processes need PostgreSQL (SQLite serves from one)
        pytest.skip("XUNREN_TEST_DATABASE_URL is not set")
    db_url = pg_url
    probe = ServerProcess(db_url)
    cmd = [
        sys.executable,
        "-m",
        "server.cli",
        "serve",
        "--db",
        db_url,
        "--port",
        str(probe.port),
        "--workers",
        "2",
    ]
    proc = subprocess.Popen(cmd, cwd=Path(__file__).resolve().parents[2], stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            if healthy(probe.url):
                break
            time.sleep(0.1)
            assert time.monotonic() < deadline, "the server did not start"
        workers = [int(p) for p in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        assert len(workers) >= 2, workers

        def alive(pid: int) -> bool:
            status = Path(f"/proc/{pid}/status")
            return status.exists() and "zombie" not in status.read_text()

        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 15
        while any(alive(w) for w in workers):
            assert time.monotonic() < deadline, [
                (w, Path(f"/proc/{w}/cmdline").read_bytes()[:120]) for w in workers if alive(w)
            ]
            time.sleep(0.1)
        with socket.socket() as s, pytest.raises(OSError):
            s.settimeout(2)
            s.connect(("127.0.0.1", probe.port))
    finally:
        if proc.poll() is None:
            proc.kill()
        for w in workers:
            with contextlib.suppress(OSError):
                os.kill(w, signal.SIGKILL)


def test_a_port_another_server_took_is_never_taken_for_ours(tmp_path: Any) -> None:
    """A port picked free can be taken before our server binds it (parallel test workers, a
    restart on the same port): ours then cannot start, and the other one answers /health.
    The harness must say so, never hand the test the other server (a test then enrolled at the
    wrong server and was refused: HTTP 401)."""
    import http.server

    class Other(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    other = http.server.HTTPServer(("127.0.0.1", 0), Other)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        port = other.server_address[1]
        assert healthy(f"http://127.0.0.1:{port}")
        assert listens(os.getpid(), port) and not listens(os.getpid(), port + 1)
        ours = ServerProcess(f"sqlite:///{tmp_path / 'server.sqlite3'}", port=port)
        with pytest.raises(RuntimeError):
            ours.start()
        assert ours.proc is not None and ours.proc.poll() is not None
    finally:
        other.shutdown()
        other.server_close()
