"""`xunren-server` commands: tokens, JSON shapes, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import auth, case_no, case_payload, change, make_app_world
from realserver import ROOT
from sqlalchemy import select

from app.sync import protocol
from server.cli import main
from server.services import matching
from server.storage.tables import Job

A, B = "370786001", "450300002"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_station_add_prints_the_token_alone_on_its_last_line(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "station", "add", A, "寿光市公安局城关派出所", "--db", db_url)
    token = out.strip().splitlines()[-1]
    assert code == 0 and token.startswith("xe_") and " " not in token
    world = make_app_world(db_url)
    assert world.client.post("/enroll", json={"token": token}).status_code == 200
    assert _run(capsys, "station", "revoke", A, "--db", db_url)[0] == 0
    code, _, err = _run(capsys, "station", "revoke", "999999999", "--db", db_url)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    code, out, _ = _run(capsys, "operator", "add", "国家平台", "--db", db_url)
    assert code == 0 and out.strip().splitlines()[-1].startswith("xo_")
    world.client.app.state.engine.dispose()  # type: ignore[attr-defined]


def test_case_and_match_list_json_shapes(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    world = make_app_world(db_url)
    cred_a, cred_b = world.enroll(A), world.enroll(B)
    missing, found = case_no(A, 1), case_no(B, 1)
    world.push(
        cred_a,
        [
            change(missing, payload=case_payload("missing")),  # persons travel inside the case record
            change(protocol.child_id(missing, "sample"), payload={"type": "buccal_swab"}),
        ],
    )
    world.push(cred_b, [change(found, payload=case_payload("found"))])
    code, out, _ = _run(capsys, "case", "list", "--json", "--db", db_url)
    rows = json.loads(out)
    assert code == 0 and [r["case_no"] for r in rows] == [missing, found]
    assert rows[0] == {
        "case_no": missing,
        "station": A,
        "type": "missing",
        "status": "open",
        "revision": 1,
        "names": ["王小明"],
        "samples": 1,
    }
    code, out, _ = _run(capsys, "case", "list", "--station", B, "--json", "--db", db_url)
    assert [r["case_no"] for r in json.loads(out)] == [found]
    world.run(
        lambda s: matching.record_candidates(
            s, [matching.Candidate(missing, found, 0.75, "inconclusive", [])]
        )
    )
    code, out, _ = _run(capsys, "match", "list", "--json", "--db", db_url)
    assert json.loads(out) == [
        {
            "missing": missing,
            "found": found,
            "score": 0.75,
            "dna_verdict": "inconclusive",
            "state": "potential",
        }
    ]
    assert _run(capsys, "case", "list", "--db", db_url)[1].count("\n") == 2
    assert world.client.get("/national/cases", headers=auth(world.operator())).json() == rows
    world.client.app.state.engine.dispose()  # type: ignore[attr-defined]


def test_exit_codes_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["station", "add"])
    assert usage.value.code == 2
    assert _run(capsys, "case", "list", "--db", "mysql://x/y")[0] == 2
    code, _, err = _run(
        capsys, "serve", "--host", "0.0.0.0", "--db", f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    )
    assert code == 2 and "--allow-insecure-http" in err
    code, _, err = _run(capsys, "case", "list", "--db", "postgresql://someone:s3cret@127.0.0.1:1/none")
    assert code == 1 and "s3cret" not in err and "Traceback" not in err


def test_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "server.cli",
            "station",
            "add",
            "12345",
            "x",
            "--db",
            f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_worker_once_and_mark_restored(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    world = make_app_world(db_url)
    cred = world.enroll(A)
    world.push(cred, [change(case_no(A, 1))])
    epoch = world.client.get("/sync/state", headers=auth(cred)).json()["epoch"]
    assert _run(capsys, "worker", "--once", "--db", db_url)[0] == 0
    jobs = world.run(lambda s: s.scalars(select(Job.state)).all())
    assert jobs == ["done"]
    code, out, _ = _run(capsys, "mark-restored", "--db", db_url)
    assert code == 0
    assert world.client.get("/sync/state", headers=auth(cred)).json()["epoch"] not in (epoch, None)
    world.client.app.state.engine.dispose()  # type: ignore[attr-defined]
