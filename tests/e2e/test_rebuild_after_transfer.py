"""A station that took a case over by transfer (issue 14), changed it, and then lost its disk
gets the case back as it last stood: the rebuild's pull from the start brings the old
completed transfer again, whose records are the case as it was handed over, and that older
copy must never be written over the newer one (nor pushed back to the server by the next edit)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.core.lifecycle import MatchState, SampleStatus
from app.services import photos
from app.services.case_edit import edit_case
from app.services.cases import show_case
from app.services.match_review import review_candidate
from app.services.match_review import review_queue as match_queue
from app.services.review_desk import review_queue
from app.services.samples import set_status
from app.services.sync import sync_now
from server.storage.tables import Record
from tests.e2e.harness import (
    ServerUnderTest,
    enrolled_station,
    file_example,
    hand_over,
    make_template,
    picture_of,
    rebuilt_station,
)


def test_a_rebuilt_station_keeps_the_case_it_took_over_as_it_last_stood(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    server = sqlite_server
    template = make_template(tmp_path)
    shouguang, guilin = (enrolled_station(server, tmp_path, name, template) for name in ("sg", "gl"))
    try:
        case_no = file_example(shouguang, "missing_child")
        picture = photos.prepare_photo(picture_of(random.Random(7)))
        photos.add_photos(shouguang.session, case_no, 0, [picture])  # uploaded by Shouguang only
        assert sync_now(shouguang.session).equal
        hand_over(shouguang, guilin, case_no, "家属已迁居桂林")
        edit_case(guilin.session, case_no, {"summary": "桂林所补充：孩子曾在火车站出现"}, "补充线索")
        assert sync_now(guilin.session).refused == 0
        with server.sessions() as s:
            record = s.get(Record, case_no)
            assert record is not None and "火车站" in record.payload
            revision = record.revision
        # Shouguang then files a found boy; the server pairs him with the case Guilin holds now,
        # and Guilin rejects the pair: its decision is a record of the case it took over.
        found = file_example(shouguang, "found_child")
        assert sync_now(shouguang.session).equal
        assert server.run_jobs() >= 1
        sync_now(guilin.session)
        assert [e.item.origin for e in match_queue(guilin.session)] == ["national"]
        # Shouguang reviews it too: its found boy's candidate, though both numbers carry its code
        sync_now(shouguang.session)
        (theirs,) = [e for e in match_queue(shouguang.session) if e.item.origin == "national"]
        assert {theirs.item.missing_case, theirs.item.found_case} == {case_no, found}
        review_candidate(guilin.session, case_no, found, "reject", "血型不符")
        assert sync_now(guilin.session).refused == 0
    finally:
        shouguang.close()
        guilin.close()

    # Guilin loses its disk: a fresh station with the same code rebuilds from the server.
    rebuilt = rebuilt_station(server, template, tmp_path / "gl2", guilin.code)
    try:
        shown = show_case(rebuilt.session, case_no)
        assert "火车站" in shown.case.summary  # the case as it last stood, not as it was handed over
        (photo,) = photos.list_photos(rebuilt.session, case_no)  # the boy's face, which Shouguang took
        assert photos.photo_data(rebuilt.session, photo.id) == picture.data
        waiting = [i for i in review_queue(rebuilt.session) if i.case_no == case_no]
        assert len(waiting) == 1  # its registration still awaits review: once, not again for the hand-over
        (decided,) = match_queue(rebuilt.session, states=(MatchState.REJECTED,))
        assert {decided.item.missing_case, decided.item.found_case} == {
            case_no,
            found,
        }  # its decision came back
        edit_case(rebuilt.session, case_no, {"contact": "13853612345"}, "重建后补充")
        assert sync_now(rebuilt.session).refused == 0
        with server.sessions() as s:
            record = s.get(Record, case_no)
            assert record is not None and record.revision == revision + 1
            assert "火车站" in record.payload and "13853612345" in record.payload
    finally:
        rebuilt.close()


def test_a_rebuilt_station_keeps_the_samples_of_a_case_it_took_over_as_it_last_left_them(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    """Guilin moved a sample of the case it took over on (compared: only the sample's record
    changed, not the case's), then lost its disk: the hand-over brought again by the rebuild's pull does
    not put the sample back to where Shouguang had left it."""
    server = sqlite_server
    template = make_template(tmp_path)
    shouguang, guilin = (enrolled_station(server, tmp_path, name, template) for name in ("sg", "gl"))
    try:
        case_no = file_example(shouguang, "missing_child")
        assert sync_now(shouguang.session).equal
        hand_over(shouguang, guilin, case_no, "家属已迁居桂林")
        sample = next(s for p in show_case(guilin.session, case_no).case.everyone() for s in p.samples)
        assert sample.status is SampleStatus.PROFILED and sample.sample_no is not None
        set_status(guilin.session, sample.sample_no, SampleStatus.COMPARED)
        assert sync_now(guilin.session).refused == 0
    finally:
        shouguang.close()
        guilin.close()

    rebuilt = rebuilt_station(server, template, tmp_path / "gl2", guilin.code)
    try:
        back = {
            s.sample_no: s for p in show_case(rebuilt.session, case_no).case.everyone() for s in p.samples
        }
        assert back[sample.sample_no].status is SampleStatus.COMPARED
    finally:
        rebuilt.close()


def test_a_rebuilt_station_sees_the_transfer_it_sent_and_may_withdraw_it(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    """Shouguang sent a case to Guilin and lost its disk before Guilin decided: the rebuild brings
    the transfer back as sent and awaiting; Shouguang withdraws it (the family stayed), Guilin is
    told, and the case is Shouguang's to send elsewhere."""
    from app.core.transfer import TransferDirection, TransferState
    from app.services import transfers

    server = sqlite_server
    template = make_template(tmp_path)
    shouguang, guilin = (enrolled_station(server, tmp_path, name, template) for name in ("sg", "gl"))
    try:
        case_no = file_example(shouguang, "missing_child")
        transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已迁居桂林")
        assert sync_now(shouguang.session).equal
    finally:
        shouguang.close()
    rebuilt = rebuilt_station(server, template, tmp_path / "sg2", shouguang.code)
    try:
        (sent,) = transfers.list_transfers(rebuilt.session)
        assert (sent.case_no, sent.direction, sent.state) == (
            case_no, TransferDirection.OUTGOING, TransferState.AWAITING_RECEIVER,
        )  # fmt: skip
        transfers.withdraw_transfer(rebuilt.session, sent.short_id, "家属未迁居，仍在寿光")
        report = sync_now(rebuilt.session)
        assert report.refused == 0 and report.equal, report.detail
        assert sync_now(guilin.session).refused == 0
        (told,) = transfers.list_transfers(guilin.session)
        assert (told.state, told.end_reason) == (TransferState.WITHDRAWN, "家属未迁居，仍在寿光")
    finally:
        rebuilt.close()
        guilin.close()


def test_a_rebuilt_station_keeps_a_read_only_copy_of_the_case_it_handed_over(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    """Shouguang handed a case over to Guilin and then lost its disk: the rebuild gives it back the
    read-only copy it kept (the case as handed over, its sample and its picture), held by Guilin,
    which Shouguang may read and print but not change; its register and the server agree."""
    from app.services.transfers import TransferError, held_elsewhere, list_transfers

    server = sqlite_server
    template = make_template(tmp_path)
    shouguang, guilin = (enrolled_station(server, tmp_path, name, template) for name in ("sg", "gl"))
    try:
        case_no = file_example(shouguang, "missing_child")
        picture = photos.prepare_photo(picture_of(random.Random(11)))
        photos.add_photos(shouguang.session, case_no, 0, [picture])
        assert sync_now(shouguang.session).equal
        samples = sorted(s.sample_no or "" for p in show_case(shouguang.session, case_no).case.everyone()
                         for s in p.samples)  # fmt: skip
        hand_over(shouguang, guilin, case_no, "家属已迁居桂林")
        edit_case(guilin.session, case_no, {"summary": "桂林所补充：孩子曾在火车站出现"}, "补充线索")
        assert sync_now(guilin.session).refused == 0
        assert held_elsewhere(shouguang.session, case_no) == (guilin.code, f"测试派出所 {guilin.code}")
    finally:
        shouguang.close()
        guilin.close()

    rebuilt = rebuilt_station(server, template, tmp_path / "sg2", shouguang.code)
    try:
        shown = show_case(rebuilt.session, case_no)
        assert "火车站" not in shown.case.summary  # the copy as it was handed over, as Shouguang kept it
        assert sorted(s.sample_no or "" for p in shown.case.everyone() for s in p.samples) == samples
        (photo,) = photos.list_photos(rebuilt.session, case_no)
        assert photos.photo_data(rebuilt.session, photo.id) == picture.data
        assert held_elsewhere(rebuilt.session, case_no) == (guilin.code, f"测试派出所 {guilin.code}")
        (sent,) = list_transfers(rebuilt.session)
        assert (sent.case_no, sent.state.value, sent.direction.value) == (case_no, "completed", "out")
        with pytest.raises(TransferError) as refused:
            edit_case(rebuilt.session, case_no, {"contact": "13853612345"}, "重建后补充")
        assert refused.value.key == "case_held_elsewhere"
        report = sync_now(rebuilt.session)
        assert report.refused == 0 and report.equal, report.detail
        with server.sessions() as s:
            record = s.get(Record, case_no)
            assert record is not None and "火车站" in record.payload  # nothing pushed over Guilin's
    finally:
        rebuilt.close()


def test_a_rebuilt_station_keeps_its_copy_of_a_case_it_took_over_and_handed_on_as_it_handed_it_on(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    """Guilin took a case over from Shouguang, changed it, handed it on to Haidian and then lost its
    disk: its read-only copy comes back as Guilin handed it on (with its own change), not as
    Shouguang had handed it over, and names Haidian as the holder."""
    from app.services.transfers import held_elsewhere

    server = sqlite_server
    template = make_template(tmp_path)
    shouguang, guilin, haidian = (
        enrolled_station(server, tmp_path, name, template) for name in ("sg", "gl", "hd")
    )
    try:
        case_no = file_example(shouguang, "missing_child")
        assert sync_now(shouguang.session).equal
        hand_over(shouguang, guilin, case_no, "家属已迁居桂林")
        edit_case(guilin.session, case_no, {"summary": "桂林所补充：孩子曾在火车站出现"}, "补充线索")
        assert sync_now(guilin.session).refused == 0
        hand_over(guilin, haidian, case_no, "家属又迁居北京")
        assert held_elsewhere(guilin.session, case_no) == (haidian.code, f"测试派出所 {haidian.code}")
    finally:
        for station in (shouguang, guilin, haidian):
            station.close()

    rebuilt = rebuilt_station(server, template, tmp_path / "gl2", guilin.code)
    try:
        assert "火车站" in show_case(rebuilt.session, case_no).case.summary
        assert held_elsewhere(rebuilt.session, case_no) == (haidian.code, f"测试派出所 {haidian.code}")
        report = sync_now(rebuilt.session)
        assert report.refused == 0 and report.equal, report.detail
    finally:
        rebuilt.close()


def test_a_rebuilt_sending_station_is_given_none_of_the_receiving_stations_own_records(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    """Guilin declined Shouguang's first transfer of the case (its decline is its own record of the
    case, and stays its own) and accepted the second; Shouguang then lost its disk. Its rebuilt
    copy holds what Shouguang handed over, nothing of Guilin's own, and its register and the
    server agree."""
    import dataclasses

    from app.core.model import AccountRole
    from app.services import transfers

    server = sqlite_server
    template = make_template(tmp_path)
    shouguang, guilin = (enrolled_station(server, tmp_path, name, template) for name in ("sg", "gl"))
    try:
        case_no = file_example(shouguang, "missing_child")
        transfers.request_transfer(shouguang.session, case_no, guilin.code, "家属已迁居桂林")
        assert sync_now(shouguang.session).equal and sync_now(guilin.session).equal
        boss = dataclasses.replace(guilin.session, user="zhao", role=AccountRole.SUPERVISOR)
        (asked,) = transfers.list_transfers(guilin.session)
        transfers.decline_transfer(boss, asked.short_id, "家属尚未到桂林")
        assert sync_now(guilin.session).refused == 0 and sync_now(shouguang.session).equal
        hand_over(shouguang, guilin, case_no, "家属确已迁居桂林")
    finally:
        shouguang.close()
        guilin.close()

    rebuilt = rebuilt_station(server, template, tmp_path / "sg2", shouguang.code)
    try:
        with rebuilt.session.store.reader() as conn:
            kept = {str(r[0]) for r in conn.exec_driver_sql("SELECT record_type FROM received_records")}
        assert "transfer_end" not in kept and "case" in kept
        report = sync_now(rebuilt.session)
        assert report.refused == 0 and report.equal, report.detail
    finally:
        rebuilt.close()


def test_a_rebuilt_copy_is_the_case_as_handed_on_after_it_came_back(
    sqlite_server: ServerUnderTest, tmp_path: Path
) -> None:
    """Shouguang handed a case to Guilin, Guilin added a picture and handed it back, Shouguang moved
    a sample on (the case record itself unchanged) and handed the case to Haidian; then Shouguang
    lost its disk. Its rebuilt copy is the case as it handed it on to Haidian, the sample's state
    and Guilin's picture included, as the copy of a station that kept its disk."""
    server = sqlite_server
    template = make_template(tmp_path)
    shouguang, guilin, haidian = (
        enrolled_station(server, tmp_path, name, template) for name in ("sg", "gl", "hd")
    )
    picture = photos.prepare_photo(picture_of(random.Random(5)))
    try:
        case_no = file_example(shouguang, "missing_child")
        assert sync_now(shouguang.session).equal
        hand_over(shouguang, guilin, case_no, "家属已迁居桂林")
        photos.add_photos(guilin.session, case_no, 0, [picture])  # uploaded by Guilin only
        assert sync_now(guilin.session).equal
        hand_over(guilin, shouguang, case_no, "家属又回寿光")
        sync_now(shouguang.session)  # the picture's bytes fetched
        sample = next(s for p in show_case(shouguang.session, case_no).case.everyone() for s in p.samples)
        assert sample.sample_no is not None
        set_status(shouguang.session, sample.sample_no, SampleStatus.COMPARED)
        assert sync_now(shouguang.session).refused == 0
        hand_over(shouguang, haidian, case_no, "家属迁居北京")
    finally:
        for station in (shouguang, guilin, haidian):
            station.close()

    rebuilt = rebuilt_station(server, template, tmp_path / "sg2", shouguang.code)
    try:
        back = {
            s.sample_no: s.status
            for p in show_case(rebuilt.session, case_no).case.everyone()
            for s in p.samples
        }
        assert back[sample.sample_no] is SampleStatus.COMPARED
        (photo,) = photos.list_photos(rebuilt.session, case_no)
        assert photos.photo_data(rebuilt.session, photo.id) == picture.data
    finally:
        rebuilt.close()
