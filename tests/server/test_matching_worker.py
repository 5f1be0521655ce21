"""The matching worker as an operator runs it: a real `xunren-server worker` process that says
what it does, stops on SIGTERM with its claimed jobs still queued, and `worker status`; and a
one-machine `serve --with-worker` that delivers national candidates without a second command."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from conftest import World, case_no, change, make_app_world
from sqlalchemy import select

from app.core.validation import parse_case_file
from app.services.cases import register_cases
from app.services.enrolment import enroll
from app.services.match_review import review_queue
from app.services.sync import sync_now
from server.cli import main
from server.storage.tables import Job, Match
from tests.conftest import EXAMPLES
from tests.e2e.harness import ServerUnderTest, Station, fresh_server_db, make_template

ROOT = Path(__file__).resolve().parents[2]
GUILIN, SHOUGUANG = "450305002", "370783001"
HANG_GUARD = 120.0  # seconds before a test gives up on a line that never comes


def _found_case(n: int) -> dict[str, Any]:
    doc = json.loads((EXAMPLES / "found_child.json").read_text("utf-8"))
    found = copy.deepcopy(doc)
    found["persons"][0]["name"] = f"小{chr(0x4E00 + n)}"
    for sample in found["persons"][0].get("samples", []):
        sample.pop("profile", None)  # attributes only: a long job, not a DNA benchmark
    return change(case_no(GUILIN, n), payload={"type": "found", "case": found, "status": "open"})


def _missing_case(n: int) -> dict[str, Any]:
    doc = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
    return change(case_no(SHOUGUANG, n, 2025), payload={"type": "missing", "case": doc, "status": "open"})


def _wait_for(stream: IO[str], words: str) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + HANG_GUARD
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        if words in line:
            return seen
    raise AssertionError(f"never said {words!r}: {''.join(seen)}")


@pytest.fixture
def pg_world(pg_url: str | None) -> Iterator[World]:
    if pg_url is None:
        pytest.skip("needs PostgreSQL (XUNREN_TEST_DATABASE_URL)")
    url, drop = fresh_server_db("postgresql", Path("."))
    world = make_app_world(url)
    yield world
    world.client.app.state.engine.dispose()  # type: ignore[attr-defined]
    drop()


def test_the_worker_says_what_it_does_and_sigterm_leaves_the_jobs_queued(
    pg_world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cred_a, cred_b = pg_world.enroll(SHOUGUANG), pg_world.enroll(GUILIN)
    pg_world.push(cred_a, [_missing_case(n) for n in range(1, 151)])
    pg_world.push(cred_b, [_found_case(n) for n in range(1, 401)])
    url = pg_world.settings.db_url
    worker = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "worker", "--db", url],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "XUNREN_LANG"},  # Chinese, the default
        stderr=subprocess.PIPE,
        text=True,
    )
    assert worker.stderr is not None
    try:
        said = _wait_for(worker.stderr, "正在比对 2 个任务（550 个案件）")
        assert any("全国索引已载入" in line for line in said)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(HANG_GUARD) == 0
        rest = worker.stderr.read()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        worker.stderr.close()
    assert "比对进程已停止（正在处理的任务仍在队列中）" in rest and "Traceback" not in rest
    states = pg_world.run(lambda s: s.execute(select(Job.state, Job.attempts)).all())
    assert sorted(tuple(r) for r in states) == [("queued", 0), ("queued", 0)]
    assert pg_world.run(lambda s: s.scalars(select(Match)).all()) == []  # nothing half-written

    monkeypatch.setenv("XUNREN_LANG", "en")
    assert main(["worker", "status", "--json", "--db", url]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["queued"] == 2 and status["oldest_due"] is not None and status["failed"] == 0
    (seen,) = status["workers"]
    assert seen["running"] is False and seen["persons"] == 550  # loaded, then stopped mid-job
    assert seen["last_seq"] <= status["journal_seq"]

    assert main(["worker", "--once", "--db", url]) == 0
    said = capsys.readouterr().err
    assert "matched 2 jobs (550 cases touched" in said and "ms of it the in-memory screen" in said
    assert main(["worker", "status", "--db", url]) == 0
    text = capsys.readouterr().out
    assert text.startswith("queued jobs: 0;") and "550 touched" not in text
    assert "400 touched" in text and "150 touched" in text
    # Each job records the in-memory screen of its 550 persons apart from its reads and writes.
    done = pg_world.run(lambda s: s.execute(select(Job.took_ms, Job.screen_ms)).all())
    assert all(0 < screen <= took for took, screen in done)
    assert main(["worker", "status", "--json", "--db", url]) == 0
    recent = json.loads(capsys.readouterr().out)["recent"]
    assert sorted(j["screen_ms"] for j in recent) == sorted(screen for _took, screen in done)
    assert all(f"{j['took_ms']} ms ({j['screen_ms']} ms of it the in-memory screen)" in text for j in recent)
    monkeypatch.setenv("XUNREN_LANG", "zh")
    assert main(["worker", "status", "--db", url]) == 0
    assert f"（其中内存筛查 {recent[0]['screen_ms']} 毫秒）" in capsys.readouterr().out


@pytest.fixture(params=["sqlite", "postgresql"])
def one_machine(
    request: pytest.FixtureRequest, pg_url: str | None, tmp_path: Path
) -> Iterator[ServerUnderTest]:
    if request.param == "postgresql" and pg_url is None:
        pytest.skip("needs PostgreSQL (XUNREN_TEST_DATABASE_URL)")
    url, drop = fresh_server_db(request.param, tmp_path)
    server = ServerUnderTest(url, serve_args=("--with-worker",))
    yield server
    server.stop()
    drop()


def test_serve_with_worker_delivers_national_candidates_on_one_machine(
    one_machine: ServerUnderTest, tmp_path: Path
) -> None:
    template = make_template(tmp_path)
    stations = []
    for name in ("shouguang", "guilin"):
        code, token = one_machine.new_station()
        station = Station.from_template(template[0], template[1], tmp_path / name, code)
        enroll(station.session, one_machine.url, token)
        stations.append(station)
    shouguang, guilin = stations
    try:
        (missing,) = [
            r.case_no
            for r in register_cases(
                shouguang.session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
            )
        ]
        (found,) = [
            r.case_no
            for r in register_cases(
                guilin.session, parse_case_file((EXAMPLES / "found_child.json").read_bytes())
            )
        ]
        assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
        deadline = time.monotonic() + HANG_GUARD
        while time.monotonic() < deadline:  # the in-process worker matches in the background
            sync_now(guilin.session)  # (its index update brings an offline lead at once, issue 15)
            if any(e.item.origin == "national" for e in review_queue(guilin.session)):
                break
            time.sleep(0.2)
        (entry,) = review_queue(guilin.session)
        assert (entry.item.missing_case, entry.item.found_case) == (missing, found)
        assert entry.item.origin == "national" and entry.item.dna is not None
        assert entry.item.dna.verdict == "supports"
        sync_now(shouguang.session)
        assert [e.item.found_case for e in review_queue(shouguang.session)] == [found]
    finally:
        shouguang.close()
        guilin.close()


def test_an_idle_worker_takes_a_push_at_its_commit_not_at_its_next_poll(pg_world: World) -> None:
    """On PostgreSQL the push's job wakes the idle worker (NOTIFY at commit): with a poll of ten
    minutes the candidates are still there at once, and SIGTERM still stops it within a second."""
    cred_a, cred_b = pg_world.enroll(SHOUGUANG), pg_world.enroll(GUILIN)
    url = pg_world.settings.db_url
    worker = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "worker", "--db", url, "--poll", "600"],
        cwd=ROOT,
        env={**os.environ, "XUNREN_LANG": "en"},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert worker.stderr is not None
    try:
        _wait_for(worker.stderr, "national index loaded")
        pg_world.push(cred_a, [_missing_case(1)])
        _wait_for(worker.stderr, "matched 1 jobs")
        pg_world.push(cred_b, [_found_case(1)])
        said = _wait_for(worker.stderr, "matched 1 jobs")
        assert any("1 cases touched" in line for line in said), said
        assert pg_world.run(lambda s: s.execute(select(Match.missing_case, Match.found_case)).all()) == [
            (case_no(SHOUGUANG, 1, 2025), case_no(GUILIN, 1))
        ]
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(HANG_GUARD) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        worker.stderr.close()
