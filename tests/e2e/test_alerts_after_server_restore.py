"""The national server restored from a backup (issue 14): the sequence numbers it hands out go
on from its backup's, below what a station already pulled. A missing-child alert raised after
the restore still reaches the station and is shown, and what the station imported from the
old epoch is no newer than what the restored server says."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.core.validation import parse_case_file
from app.services import cases, child_alerts
from app.services.enrolment import enroll
from app.services.sync import sync_now
from server.services import credentials
from server.services.meta import in_transaction
from tests.conftest import EXAMPLES
from tests.e2e.harness import ServerUnderTest, Station, fresh_server_db, make_template

OWNER, WEICHENG, BEIJING = "370783001", "370702001", "110101001"  # 寿光; 潍城, 25 km from it; 东城


def _station(server: ServerUnderTest, tmp_path: Path, template: tuple[Path, bytes], code: str) -> Station:
    with server.sessions() as s:
        token = in_transaction(s, lambda x: credentials.add_station(x, code, f"{code[:6]} 派出所", 1))
    station = Station.from_template(template[0], template[1], tmp_path / code, code)
    info = replace(station.session.station, phone=f"0{code[:3]}-{code[3:9]}")
    station.session = replace(station.session, station=info)
    enroll(station.session, server.url, token)
    return station


def _register(station: Station, nickname: str, example: str = "missing_child") -> str:
    (case,) = parse_case_file((EXAMPLES / f"{example}.json").read_bytes())
    case = replace(case, persons=(replace(case.persons[0], nicknames=(nickname,)), *case.persons[1:]))
    (reg,) = cases.register_cases(station.session, [case], allow_duplicate="走失儿童另案登记")
    assert sync_now(station.session).refused == 0
    return reg.case_no


def _alerts(station: Station) -> dict[str, str]:
    sync_now(station.session)
    return {a.case_no: a.state for a in child_alerts.list_alerts(station.session, active_only=False)}


def test_an_alert_raised_after_a_server_restore_is_shown(tmp_path: Path) -> None:
    url, _drop = fresh_server_db("sqlite", tmp_path)
    server = ServerUnderTest(url)
    template = make_template(tmp_path)
    owner, weicheng, beijing = (
        _station(server, tmp_path, template, code) for code in (OWNER, WEICHENG, BEIJING)
    )
    try:
        first = _register(owner, "一号")
        assert _alerts(weicheng) == {first: "active"}
        backup = tmp_path / "backup.sqlite3"
        server.back_up(backup)
        # After last night's backup: Beijing files found children (no alert), then Shouguang
        # another missing child, whose alert Weicheng takes.
        for name in ("甲", "乙", "丙", "丁", "戊", "己"):
            _register(beijing, name, "found_child")
        later = [_register(owner, "二号")]
        assert _alerts(weicheng) == {first: "active", **dict.fromkeys(later, "active")}

        server.restore(backup)  # the server's disk dies; the operator restores last night's backup
        report = sync_now(owner.session)  # the owner sends again what the server lost
        assert report.epoch_changed and report.refused == 0
        # Beijing has not synced yet: the new alert's sequence number is below the one Weicheng
        # last took an alert at.
        fresh = _register(owner, "五号")  # a child missing after the restore
        held = _alerts(weicheng)
        assert held.get(fresh) == "active", held  # shown, though its sequence number is an old one
        assert held == {first: "active", **dict.fromkeys(later, "active"), fresh: "active"}
    finally:
        for station in (owner, weicheng, beijing):
            station.close()
        server.stop()
