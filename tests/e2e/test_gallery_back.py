"""The operator's gallery decision travels back (issue 18): a real station asks to publish its
found child, an operator approves and later withdraws it with the real ``xunren-server gallery``
command against a real server process, and the station learns each decision on its next
``xunren sync``, shown by ``xunren case show`` (text and --json) in both languages; asking again
waits for a new decision, and a void at the station comes back as a removal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.services import gallery, photos
from app.services.session import logon
from server.services import credentials
from server.services.meta import in_transaction
from tests.conftest import EXAMPLES, PASSWORD, ROOT, Station
from tests.e2e.harness import ServerUnderTest
from tests.e2e.test_gallery_flow import photo_with_metadata

GUILIN = "450305001"
BASIS = "《未成年人保护法》第一百条"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerUnderTest]:
    srv = ServerUnderTest(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    yield srv
    srv.stop()


def _operator(server: ServerUnderTest, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "server.cli", "gallery", *args, "--db", server.db_url],
        cwd=ROOT, env={**os.environ, "XUNREN_LANG": "en"}, capture_output=True, text=True,
        check=True, timeout=120,
    )  # fmt: skip


def _ask(station: Station, case_no: str, *, photo: bool) -> str:
    """A supervisor's request (the desktop's dialog calls the same service)."""
    session = logon(station.data_dir, "admin", PASSWORD)
    try:
        if photo:
            picture = photos.prepare_photo(photo_with_metadata((600, 800)))
            photos.add_photos(session, case_no, 0, [picture])
        return gallery.request_publication(session, case_no, BASIS).reference
    finally:
        session.close()


def _shown(station: Station, case_no: str) -> tuple[dict[str, Any] | None, str, str]:
    as_json = station.run("case", "show", case_no, "--json")
    assert as_json.code == 0, as_json.err
    zh = station.run("case", "show", case_no)
    en = station.run("case", "show", case_no, XUNREN_LANG="en")
    assert zh.code == 0 and en.code == 0, zh.err + en.err
    gallery_key: dict[str, Any] | None = json.loads(as_json.out)["gallery"]
    return gallery_key, zh.out, en.out


def test_the_station_learns_approval_withdrawal_and_removal(
    station: Station, server: ServerUnderTest
) -> None:
    r = station.run("init", "--station-code", GUILIN, "--station-name", "桂林火车站派出所", "--admin", "admin",
                    "--phone", "0773-3822110")  # fmt: skip
    assert r.code == 0, r.err
    with server.sessions() as s:
        token = in_transaction(s, lambda x: credentials.add_station(x, GUILIN, "桂林火车站派出所", 1))
    assert station.run("enroll", "--server", server.url, "--token", token).code == 0
    (case_no,) = station.run("case", "add", "--file", str(EXAMPLES / "found_child.json")).out.split()
    assert _shown(station, case_no)[0] is None
    reference = _ask(station, case_no, photo=True)
    assert station.run("sync").code == 0
    doc, zh, en = _shown(station, case_no)
    assert doc is not None and (doc["state"], doc["reference"]) == ("awaiting", reference)
    assert "等待全国操作员审批" in zh and "waiting for a national operator" in en

    _operator(server, "approve", reference, "--by", "wang", "--note", "监护人无法查明")
    assert _shown(station, case_no)[0]["state"] == "awaiting"  # type: ignore[index]  # not pulled yet
    assert station.run("sync").code == 0
    doc, zh, en = _shown(station, case_no)
    assert doc == {"reference": reference, "state": "published", "at": doc["at"] if doc else "",
                   "by": "wang", "by_kind": "operator", "reason": "监护人无法查明"}  # fmt: skip
    assert f"全国寻亲展示：已在全国寻亲展示中公开（编号 {reference}" in zh and "全国操作员 wang" in zh
    assert "National gallery: published in the national gallery" in en and "national operator wang" in en
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.split("National gallery")[1].split("(")[0])

    _operator(server, "withdraw", reference, "--by", "li", "--reason", "家属已来电")
    assert station.run("sync").code == 0
    doc, zh, en = _shown(station, case_no)
    assert doc is not None and (doc["state"], doc["by"], doc["reason"]) == (
        "withdrawn",
        "li",
        "家属已来电",
    )
    assert "全国寻亲展示：已撤下" in zh and "National gallery: withdrawn" in en

    _ask(station, case_no, photo=False)  # asked again: the earlier decision no longer answers it
    assert _shown(station, case_no)[0]["state"] == "awaiting"  # type: ignore[index]
    assert station.run("sync").code == 0
    _operator(server, "approve", reference, "--by", "wang")
    assert station.run("sync").code == 0
    assert _shown(station, case_no)[0]["state"] == "published"  # type: ignore[index]

    assert station.run("case", "void", case_no, "--reason", "重复登记").code == 0
    for _ in range(2):  # the void goes up; the removal comes back on this sync or the next
        assert station.run("sync").code == 0
    doc, zh, en = _shown(station, case_no)
    assert doc is not None and doc["state"] == "removed"
    assert "已因结案或作废撤下" in zh and "removed because the case was closed or voided" in en
