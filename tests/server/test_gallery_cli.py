"""`xunren-server gallery list|approve ID|withdraw ID` and the public address given at enrolment."""

from __future__ import annotations

import json

import pytest
from conftest import World, case_no, make_app_world
from gallery_world import publish

from server.cli import main
from server.services import gallery

A = "450305001"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_approve_withdraw(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = world.settings.db_url
    cred = world.enroll(A)
    reference, _ = publish(world, cred, case_no(A, 1))
    monkeypatch.delenv("XUNREN_LANG", raising=False)
    code, out, _ = run(capsys, "gallery", "list", "--db", db)
    assert (
        code == 0 and "编号  状态" in out and reference in out and "requested" in out and case_no(A, 1) in out
    )
    code, out, _ = run(capsys, "gallery", "list", "--json", "--db", db)
    (row,) = json.loads(out)
    assert row["reference"] == reference and row["state"] == "requested" and row["photo_ready"]
    code, out, _ = run(capsys, "gallery", "approve", reference.lower(), "--by", "王", "--db", db)
    assert code == 0 and out.startswith(f"已公开 {reference}") and "未成年人保护法" in out
    assert world.client.get("/gallery.json").json()["total"] == 1
    code, _, err = run(capsys, "gallery", "approve", str(row["id"]), "--db", db)
    assert code == 1 and err == "xunren-server: 该条目不在待审批状态\n"
    monkeypatch.setenv("XUNREN_LANG", "en")
    code, out, _ = run(capsys, "gallery", "withdraw", str(row["id"]), "--reason", "family called", "--db", db)
    assert code == 0 and out == f"{reference} (entry {row['id']}) was withdrawn: family called\n"
    assert world.client.get("/gallery.json").json()["total"] == 0
    code, out, _ = run(capsys, "gallery", "withdraw", str(row["id"]), "--db", db)
    assert code == 0 and "nothing to withdraw" in out
    code, _, err = run(capsys, "gallery", "approve", "XR-22222-22222", "--db", db)
    assert code == 1 and err == "xunren-server: there is no such entry\n"
    log = world.run(lambda s: gallery.decisions(s, row["id"]))
    assert [(d["action"], d["actor"]) for d in log][1:] == [
        ("approved", "operator 王"),
        ("withdrawn", "operator os:" + log[2]["actor"].split(":", 1)[1]),
    ]
    assert log[2]["reason"] == "family called"
    code, out, _ = run(capsys, "gallery", "list", "--state", "withdrawn", "--db", db)
    assert reference in out


def test_enrolment_answers_the_public_address(db_url: str) -> None:
    world = make_app_world(db_url, public_url="https://xunren.example.gov.cn")
    answer = world.client.post("/enroll", json={"token": world.station_token(A)})
    assert answer.json()["public_url"] == "https://xunren.example.gov.cn"
    world.client.app.state.engine.dispose()  # type: ignore[attr-defined]


def test_a_plain_http_public_address_is_refused(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "serve", "--db", "sqlite:////nonexistent-folder/x.db", "--public-url", "http://example.com"
    )
    assert code == 2 and err.count("\n") == 1
