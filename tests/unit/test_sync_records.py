"""Every change the station's services queue is a valid protocol change, on one revision chain
per record, carrying the record's full state."""

from __future__ import annotations

import json
import random
from pathlib import Path

from app.sync import protocol
from app.sync.outgoing import local_digest_matches_protocol
from app.sync.records import profile_record_id, sample_record_id
from tests.e2e.harness import Station, local_changes, make_template


def test_services_queue_protocol_valid_changes_on_one_chain_per_record(tmp_path: Path) -> None:
    template, key = make_template(tmp_path)
    station = Station.from_template(template, key, tmp_path / "s", "370783001")
    try:
        rng = random.Random(3)
        for _ in range(25):
            local_changes(station, rng)
        chains: dict[str, int] = {}
        kinds = set()
        with station.session.store.reader() as conn:
            rows = conn.exec_driver_sql(
                "SELECT change_id, record_type, record_id, base_revision, payload FROM outbox ORDER BY id"
            ).all()
        for change_id, rtype, record_id, base, payload in rows:
            change = protocol.Change(
                change_id, rtype, record_id, base, json.loads(payload), "2026-01-01T00:00:00Z"
            )
            assert change.problem() is None, (change.record_type, record_id, change.problem())
            assert base == chains.get(record_id, 0), record_id  # 0, 1, 2 … per record
            chains[record_id] = base + 1
            kinds.add(rtype)
            if rtype == "case":
                assert (
                    change.payload["type"] in protocol.CASE_TYPES
                    and len(change.payload["verification_hash"]) == 64
                )
        assert {"case", "sample", "custody", "profile"} <= kinds
    finally:
        station.close()


def test_sample_and_profile_ids_are_stable_and_well_formed() -> None:
    case_no = "370783001-2026-000001"
    a = sample_record_id(case_no, "370783001-2026-D000001")
    assert a == sample_record_id(case_no, "370783001-2026-D000001")
    assert protocol.check_record_id("sample", a) is None
    assert protocol.check_record_id("profile", profile_record_id(case_no, "370783001-2026-D000001")) is None


def test_streamed_digest_is_the_protocol_digest() -> None:
    assert local_digest_matches_protocol([("b", 1), ("a/x", 2), ("a", 3)])
