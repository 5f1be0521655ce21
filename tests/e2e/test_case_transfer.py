"""A case moves from one station to another (issue 14, transfer): Shouguang's officer asks, its
supervisor approves, Guilin's supervisor accepts; both stations sync with a real server process
through the real sync engine. Guilin then holds the case and changes it (the server accepts);
Shouguang's later change is refused ``not_owner`` and kept; Shouguang's copy is read-only; the
family's receipt check still answers the case's status."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.core.lifecycle import ClosureOutcome, SampleStatus
from app.core.model import AccountRole, Sample, SampleType
from app.core.transfer import TransferDirection, TransferState
from app.core.validation import parse_case_file
from app.services import photos, transfers
from app.services.case_edit import edit_case
from app.services.case_life import close_case
from app.services.cases import register_cases, show_case
from app.services.enrolment import enroll
from app.services.errors import ServiceError
from app.services.overdue import overdue_counts, overdue_report
from app.services.review_desk import review_queue
from app.services.samples import add_sample, set_status
from app.services.sync import sync_now, sync_status
from app.services.transfers import TransferError
from server.storage.tables import Record
from server.storage.tables import Station as ServerStation
from tests.conftest import EXAMPLES
from tests.e2e.harness import PG_ENV, ServerUnderTest, Station, fresh_server_db, make_template


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerUnderTest]:
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    url, drop = fresh_server_db(request.param, tmp_path)
    srv = ServerUnderTest(url)
    yield srv
    srv.stop()
    drop()


def _station(server: ServerUnderTest, tmp_path: Path, name: str, template: tuple[Path, bytes]) -> Station:
    code, token = server.new_station()
    station = Station.from_template(template[0], template[1], tmp_path / name, code)
    enroll(station.session, server.url, token)
    return station


def _as(session: object, user: str, role: AccountRole) -> transfers.Session:
    return dataclasses.replace(session, user=user, role=role)  # type: ignore[type-var]


def _picture() -> bytes:
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (300, 400), (214, 228, 240))
    ImageDraw.Draw(img).ellipse((80, 70, 220, 240), fill=(240, 204, 176))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _owner(server: ServerUnderTest, record_id: str) -> str:
    with server.sessions() as s:
        record = s.get(Record, record_id)
        assert record is not None
        station = s.get(ServerStation, record.owner_station_id)
        assert station is not None
        return station.code


def test_a_case_moves_to_another_station_with_both_supervisors_approval(
    server: ServerUnderTest, tmp_path: Path
) -> None:
    template = make_template(tmp_path)
    shouguang = _station(server, tmp_path, "shouguang", template)
    guilin = _station(server, tmp_path, "guilin", template)
    try:
        (reg,) = register_cases(
            shouguang.session, parse_case_file((EXAMPLES / "missing_child.json").read_bytes())
        )
        case_no, code = reg.case_no, reg.verification_code
        picture = photos.prepare_photo(_picture())
        photos.add_photos(shouguang.session, case_no, 0, [picture])
        assert sync_now(shouguang.session).equal

        # Shouguang's officer asks; nothing travels until a supervisor approves.
        officer = _as(shouguang.session, "li", AccountRole.OFFICER)
        asked = transfers.request_transfer(officer, case_no, guilin.code, "家属已迁居桂林，由桂林所继续办理")
        assert asked.state is TransferState.AWAITING_SENDER and asked.waits_for_us()
        assert transfers.audit_transfers(officer) == 0  # audited as asked, nothing arrived
        with pytest.raises(TransferError) as refused:
            transfers.approve_transfer(officer, asked.short_id)
        assert "所长" in refused.value.text("zh_CN") and "supervisor" in refused.value.text("en")
        assert sync_status(shouguang.session).waiting == 0
        approved = transfers.approve_transfer(shouguang.session, asked.short_id)  # the admin supervises
        assert approved.state is TransferState.AWAITING_RECEIVER
        assert sync_now(shouguang.session).refused == 0
        assert _owner(server, case_no) == shouguang.code  # approval by one side moves nothing

        # Guilin receives the request and its supervisor accepts.
        sync_now(guilin.session)
        (incoming,) = transfers.list_transfers(guilin.session)
        assert incoming.direction is TransferDirection.INCOMING and incoming.waits_for_us()
        assert (incoming.case_no, incoming.from_station) == (case_no, shouguang.code)
        assert incoming.names == "王小明" and incoming.to_name == f"测试派出所 {guilin.code}"
        boss = _as(guilin.session, "zhao", AccountRole.SUPERVISOR)
        assert transfers.approve_transfer(boss, case_no).state is TransferState.ACCEPTED

        # The station dies after the server's answer reached it and before the page was applied:
        # nothing is half-taken; the next sync takes the case over whole.
        def crash(point: str) -> None:
            if point == "after_pull" and _owner(server, case_no) == guilin.code:
                raise RuntimeError("killed")

        with pytest.raises(RuntimeError, match="killed"):
            sync_now(guilin.session, crash=crash)
        with pytest.raises(ServiceError):
            show_case(guilin.session, case_no)
        report = sync_now(guilin.session)
        assert report.refused == 0 and report.equal, report.detail
        assert _owner(server, case_no) == guilin.code

        # Guilin holds the whole case, with the family's code, and may change it.
        held = show_case(guilin.session, case_no)
        assert held.case_no == case_no and held.verification_code == code
        assert [p.name for p in held.case.persons][0] == "王小明"
        assert len([s for p in held.case.everyone() for s in p.samples]) == 2
        (done,) = transfers.list_transfers(guilin.session)
        assert done.state is TransferState.COMPLETED
        # The child's photo came too: its bytes fetched from the server, checked by hash.
        (photo,) = photos.list_photos(guilin.session, case_no)
        assert photos.photo_data(guilin.session, photo.id) == picture.data and photo.person_position == 0

        # Nobody approved the registration at Shouguang: it waits for Guilin's review now.
        (waiting,) = [i for i in review_queue(guilin.session) if i.case_no == case_no]
        assert waiting.kind.value == "registration" and shouguang.code in waiting.reason
        edit_case(
            boss, case_no, {"persons": [{"clothing": "红色羽绒服，蓝色运动裤，黑色运动鞋"}]}, "家属补充衣着"
        )
        new_sample = add_sample(
            boss, case_no, 1,
            Sample(SampleType.BLOOD_CARD, dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), consent=True),
        )  # fmt: skip
        assert new_sample.startswith(guilin.code)  # Guilin's numbering: never one of Shouguang's
        report = sync_now(guilin.session)
        assert report.refused == 0 and report.equal, report.detail
        with server.sessions() as s:
            case = s.get(Record, case_no)
            assert case is not None and "黑色运动鞋" in case.payload

        # Shouguang, not yet told, changes its copy: the server refuses it and it is kept.
        edit_case(shouguang.session, case_no, {"summary": "补充：孩子可能被带往南方"}, "补充线索")
        report = sync_now(shouguang.session)
        assert report.refused == 1
        (failed,) = sync_status(shouguang.session).failed
        assert (
            failed["record"] == case_no
            and failed["reason"].startswith("not_owner")
            and "transferred" in failed["reason"]
        )
        assert report.equal, report.detail  # the pull brought the completion: counts agree again
        (sent,) = transfers.list_transfers(shouguang.session)
        assert sent.state is TransferState.COMPLETED and sent.direction is TransferDirection.OUTGOING
        assert transfers.held_elsewhere(shouguang.session, case_no) == (
            guilin.code,
            f"测试派出所 {guilin.code}",
        )
        assert [
            i for i in review_queue(shouguang.session) if i.case_no == case_no
        ] == []  # left with the case

        # From now on Shouguang's copy is read-only, in words: the case and its samples.
        copy = show_case(shouguang.session, case_no)
        kept_sample = next(s.sample_no for p in copy.case.everyone() for s in p.samples)
        for change in (
            lambda: edit_case(shouguang.session, case_no, {"summary": "再次补充"}, "补充"),
            lambda: close_case(shouguang.session, case_no, ClosureOutcome.TRANSFERRED, "已移交"),
            lambda: set_status(shouguang.session, kept_sample, SampleStatus.REUNITED),
        ):
            with pytest.raises(TransferError) as read_only:
                change()
            assert guilin.code in read_only.value.text("zh_CN") and "只读" in read_only.value.text("zh_CN")
            assert "read-only" in read_only.value.text("en")
        assert sync_status(shouguang.session).waiting == 0  # nothing of the copy waits to be sent
        assert show_case(shouguang.session, case_no).case_no == case_no  # still readable
        # A month on, the case is overdue where it is worked on, never where a copy is kept.
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
        assert case_no in overdue_report(guilin.session, later).breaches
        assert case_no not in overdue_report(shouguang.session, later).breaches
        counts, _limits, _inactive = overdue_counts(shouguang.session, later)
        assert all(n == 0 for n in counts.values()), counts

        # Guilin hands it back: Shouguang's copy is replaced by the case as Guilin left it.
        back = transfers.request_transfer(
            guilin.session, case_no, shouguang.code, "嫌疑人落网，移回原立案单位"
        )
        assert sync_now(guilin.session).refused == 0
        sync_now(shouguang.session)
        zhao = _as(shouguang.session, "zhao", AccountRole.SUPERVISOR)
        assert transfers.approve_transfer(zhao, back.short_id).state is TransferState.ACCEPTED
        report = sync_now(shouguang.session)
        assert report.refused == 0 and report.equal, report.detail
        assert transfers.held_elsewhere(shouguang.session, case_no) is None
        again = show_case(shouguang.session, case_no)
        assert "黑色运动鞋" in again.case.persons[0].clothing
        assert new_sample in [s.sample_no for p in again.case.everyone() for s in p.samples]
        edit_case(zhao, case_no, {"summary": "嫌疑人已落网，继续寻找孩子"}, "案情进展")
        assert sync_now(shouguang.session).refused == 0
        report = sync_now(guilin.session)
        assert report.equal, report.detail
        with pytest.raises(TransferError):
            edit_case(boss, case_no, {"summary": "桂林补充"}, "补充")
        assert _owner(server, case_no) == shouguang.code

        # The family's receipt check still answers: a transfer is not a closure.
        with httpx.Client(base_url=server.url, timeout=10) as http:
            answer = http.get(f"/verify/{code}").json()
        assert answer["registered"] is True and answer["status"] in ("registered", "in_progress")
        assert json.dumps(answer).count("closed") == 0
    finally:
        shouguang.close()
        guilin.close()
