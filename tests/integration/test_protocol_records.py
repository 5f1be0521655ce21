"""The typed wire records (app/sync/protocol, issue 14): what a real station queues reads back
with the one reader into the same payload; a reader names the field it cannot read; the
server's pydantic models carry exactly the fields of the protocol's definitions."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from pydantic import BaseModel

from app.core.sample_checks import parse_sample
from app.core.validation import parse_case_file
from app.services.match_national import pair_from_payload
from app.services.samples import add_sample
from app.sync import protocol
from app.sync.protocol import ProtocolError
from app.sync.protocol.cases import CaseRecord
from app.sync.protocol.matches import MatchDelivery
from app.sync.protocol.photos import PhotoRecord
from app.sync.protocol.samples import CustodyRecord, ProfileRecord, SampleRecord
from server.api import schemas
from tests.conftest import example_bytes, station_case_payload

READERS: dict[str, Any] = {
    "case": CaseRecord,
    "sample": SampleRecord,
    "profile": ProfileRecord,
    "custody": CustodyRecord,
    "photo": PhotoRecord,
}


def _queued(session: Any) -> list[tuple[str, dict[str, Any]]]:
    with session.store.reader() as conn:
        rows = conn.exec_driver_sql("SELECT record_type, payload FROM outbox ORDER BY id").all()
    return [(str(r[0]), json.loads(r[1])) for r in rows]


def test_every_record_a_station_queues_reads_back_into_the_same_payload(session: Any) -> None:
    from app.services.cases import register_cases
    from app.services.samples import record_handover

    for name in ("missing_child", "found_child", "trafficking"):
        register_cases(session, parse_case_file(example_bytes(name)))
    case_no = register_cases(
        session, parse_case_file(example_bytes("missing_child")), allow_duplicate="再登记"
    )[0]
    sample = parse_sample(
        {"type": "buccal_swab", "collected_at": "2026-11-20T09:00:00+08:00", "consent": True}
    )
    sample_no = add_sample(session, case_no.case_no, 0, sample)
    record_handover(session, sample_no, "李警官", "省厅实验室", purpose="lab")
    queued = _queued(session)
    kinds = {kind for kind, _payload in queued}
    assert {"case", "sample", "profile", "custody"} <= kinds
    for kind, payload in queued:
        record = READERS[kind].read(payload)
        assert record.to_payload() == payload, kind


def test_the_case_record_of_a_registration_is_the_record_of_a_later_change(session: Any) -> None:
    """Registration sets the document text into the payload as it is (its hot path); a later
    change builds the payload from the rows: both are the one builder, so they agree."""
    from app.services.cases import register_cases, void_case

    (reg,) = register_cases(session, parse_case_file(example_bytes("found_child")))
    void_case(session, reg.case_no, "重复登记")
    first, later = (p for k, p in _queued(session) if k == "case")
    assert later["status"] == "void_pending" and first["status"] == "open"
    assert {k: v for k, v in later.items() if k not in ("status", "thread", "void_reason")} == {
        k: v for k, v in first.items() if k not in ("status", "thread", "void_reason")
    }
    assert first["v"] == protocol.PROTOCOL_VERSION and first["station_contact"].keys() == {"phone", "address"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p.update(status="registered"), "case.status"),
        (lambda p: p.update(review="maybe"), "case.review"),
        (lambda p: p.update(v=99), "case.v"),
        (lambda p: p.update(verification_hash="XYZ"), "case.verification_hash"),
        (
            lambda p: p["case"]["persons"][0].update(id_number="110101199003074518"),
            "case.persons[0].id_number",
        ),
        (lambda p: p.update(closure={"outcome": "escaped"}), "closure.outcome"),
        (lambda p: p.update(thread=[{"at": "x"}]), "thread[].by"),
    ],
)
def test_the_case_reader_names_the_field(change: Any, field: str) -> None:
    payload = station_case_payload()
    change(payload)
    with pytest.raises(ProtocolError) as caught:
        CaseRecord.read(payload)
    assert caught.value.reason == protocol.INVALID
    assert caught.value.detail.startswith(field), caught.value.detail


def test_a_version_1_case_payload_still_reads() -> None:
    payload = station_case_payload()
    del payload["v"]
    assert CaseRecord.read(payload).status.value == "open"


def _fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


def _dataclass_fields(kind: type) -> set[str]:
    return {f.name for f in dataclasses.fields(kind)}


@pytest.mark.parametrize(
    ("model", "definition"),
    [
        (schemas.ChangeCreate, protocol.Change),
        (schemas.PushCreate, protocol.PushRequest),
        (schemas.AuditHeadCreate, protocol.AuditHead),
        (schemas.ChangeResultPublic, protocol.ChangeResult),
        (schemas.WitnessPublic, protocol.WitnessAnswer),
        (schemas.PulledItemPublic, protocol.PulledItem),
    ],
)
def test_server_models_carry_the_protocol_fields(model: type[BaseModel], definition: type) -> None:
    assert _fields(model) == _dataclass_fields(definition)


@pytest.mark.parametrize(
    ("model", "definition"),
    [
        (schemas.PushPublic, protocol.PushResponse),
        (schemas.PullPublic, protocol.PullResponse),
        (schemas.SyncStatePublic, protocol.SyncState),
    ],
)
def test_server_answers_carry_the_protocol_fields(model: type[BaseModel], definition: type) -> None:
    assert _fields(model) == _dataclass_fields(definition)


def test_server_value_sets_come_from_the_protocol() -> None:
    verify = schemas.VerifyPublic.model_fields["status"].annotation
    assert set(protocol.COARSE_STATUSES) == set(getattr(verify, "__args__", ())[0].__args__)
    assert schemas.ChangeCreate.model_fields["record_id"].metadata  # the protocol's id pattern
    assert protocol.RECORD_ID_PATTERN in str(schemas.ChangeCreate.model_fields["record_id"].metadata)


def test_a_national_dna_delivery_keeps_the_servers_figures_and_never_invents_them() -> None:
    figures = {"combined_index": 2.4e7, "inconsistent_loci": 0, "loci_compared": 20, "verdict": "supports"}
    delivery = {"missing": "370783001-2026-000001", "found": "450305001-2026-000001", "score": 0.9,
                "dna_verdict": "supports", "reasons": [], "state": "potential"}  # fmt: skip
    pair = pair_from_payload({**delivery, "dna": {**figures, "kind": "duo"}})
    assert pair is not None and pair.dna is not None
    assert {k: pair.dna[k] for k in figures} == figures
    bare = pair_from_payload(delivery)  # an older server's delivery without the figures
    assert bare is not None and bare.dna is None
    assert MatchDelivery.read({**delivery, "dna": figures}).to_payload()["dna"] == figures


def test_stations_that_agree_settle_a_pair_and_disagreeing_ones_conflict() -> None:
    from app.core.lifecycle import MatchState as M
    from app.sync.protocol.matches import StationDecision, settle

    def of(*states: M) -> list[StationDecision]:
        return [StationDecision(f"37078300{i}", s, "2026-12-01T08:00:00Z") for i, s in enumerate(states)]

    assert settle([]) == (None, False)
    assert settle(of(M.CONFIRMED)) == (M.CONFIRMED, False)
    assert settle(of(M.CONFIRMED, M.REUNITED)) == (M.REUNITED, False)  # a reunion goes past a confirmation
    assert settle(of(M.REJECTED, M.REJECTED)) == (M.REJECTED, False)
    assert settle(of(M.CONFIRMED, M.REJECTED)) == (None, True)
    assert settle(of(M.REUNITED, M.REJECTED)) == (None, True)
