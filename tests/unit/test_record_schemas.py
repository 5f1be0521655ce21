"""The server's pydantic models agree with the protocol (issue 14), for every record kind a station
pushes — case, person, sample, profile, photo, match decision, referral, transfer, alert
acknowledgement — and the deliveries it pulls: the same fields as the protocol's builder writes,
a field is required in the model exactly when the protocol's reader refuses a payload without it,
and an enum's values are exactly those the reader accepts. Found by asking the readers, not by
reading their code, so a reader that changes and a model that does not fail here."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from pydantic import BaseModel

from app.core.lifecycle import CaseStatus, ClosureOutcome, MatchState, ReviewState, SampleStatus
from app.core.model import CaseType, Exploitation, Role
from app.core.referral import ReferralRequest, ReferralState
from app.core.sample_checks import SAMPLE_KEYS
from app.core.transfer import TransferState
from app.core.validation import CASE_KEYS, PERSON_KEYS
from app.sync import alert_records, protocol, transfer_records
from app.sync.protocol import ProtocolError, matches, referrals, summaries
from app.sync.protocol.cases import CaseRecord as Case
from app.sync.protocol.cases import Closure, RevisionNote, StationContact, ThreadEntry, read_document
from app.sync.protocol.photos import PhotoRecord
from app.sync.protocol.samples import CustodyRecord, ProfileRecord, SampleRecord
from server.api import delivery_schemas as ds
from server.api import record_schemas as rs
from server.api.referral_schemas import ReferralDeliveryPublic
from tests.conftest import station_case_payload

CASE = "370783001-2026-000012"
FOUND = "450305001-2026-000003"
TRANSFER_ID = protocol.child_id(CASE, "transfer")
ALL_ENUMS = (CaseType, CaseStatus, ReviewState, ClosureOutcome, SampleStatus, MatchState, ReferralRequest,
             ReferralState, Role, Exploitation, TransferState)  # fmt: skip
Reader = Callable[[Mapping[str, Any]], object]


def _case() -> dict[str, Any]:
    record = Case.read(station_case_payload("missing"))
    full = Case(
        record.type, record.document, CaseStatus.CLOSED, ReviewState.APPROVED, "li", "2026-11-20T00:00:00Z",
        "a" * 64, StationContact("0536-5221110", "寿光市"), ("370783001-2026-D000001",), "wang", None, "好",
        Closure(ClosureOutcome.REUNITED, "已团聚", "2026-12-01T00:00:00Z", "zhao"),
        (ThreadEntry("2026-11-20T00:00:00Z", "li", "approved", "同意"),),
        (RevisionNote(2, "2026-11-21T00:00:00Z", "li", "补充", ("persons[0].clothing",)),),
    )  # fmt: skip
    return full.to_payload()


def _read_case(payload: Mapping[str, Any]) -> object:
    return Case.read(payload)


KINDS: dict[str, tuple[type[BaseModel], Callable[[], dict[str, Any]], Reader]] = {
    "case": (rs.CaseRecordPayload, _case, _read_case),
    "sample": (
        rs.SampleRecordPayload,
        lambda: SampleRecord(
            "370783001-2026-D000001",
            "reporter",
            {"type": "buccal_swab", "collected_at": "2026-11-20T10:00:00+08:00", "consent": True},
            SampleStatus.COLLECTED,
        ).to_payload(),  # fmt: skip
        SampleRecord.read,
    ),
    "profile": (
        rs.ProfileRecordPayload,
        lambda: ProfileRecord(
            "370783001-2026-D000001", {"kit": "PowerPlex 21", "loci": {"TH01": [9, 9.3]}}
        ).to_payload(),
        ProfileRecord.read,
    ),
    "custody": (
        rs.CustodyRecordPayload,
        lambda: CustodyRecord(
            "370783001-2026-D000001", "2026-11-21T00:00:00Z", "li", "省厅实验室", "送检"
        ).to_payload(),
        CustodyRecord.read,
    ),
    "photo": (
        rs.PhotoRecordPayload,
        lambda: PhotoRecord("b" * 64, "image/jpeg", 480, 600, 51234, 0, "2026-11-20T00:00:00Z").to_payload(),
        PhotoRecord.read,
    ),
    "decision": (
        rs.MatchDecisionPayload,
        lambda: matches.MatchDecision(
            CASE, FOUND, MatchState.CONFIRMED, "zhao", "2026-12-01T08:00:00Z", "家属认出照片"
        ).to_payload(),  # fmt: skip
        matches.MatchDecision.read,
    ),
    "referral": (
        rs.ReferralPayload,
        lambda: referrals.ReferralRecord(
            CASE, "450305001", ReferralRequest.DNA_SAMPLE, "请采集", "li", "2026-12-06T08:00:00Z"
        ).to_payload(),  # fmt: skip
        referrals.ReferralRecord.read,
    ),
    "referral_answer": (
        rs.ReferralAnswerPayload,
        lambda: referrals.ReferralAnswer(
            referrals.new_referral_id(CASE), ReferralState.ACCEPTED, "已受理", "wang", "2026-12-06T09:00:00Z"
        ).to_payload(),  # fmt: skip
        referrals.ReferralAnswer.read,
    ),
    "transfer": (
        rs.TransferPayload,
        lambda: transfer_records.TransferRequest(
            CASE,
            "370783001",
            "450305001",
            "家属迁居桂林",
            "li",
            "2026-12-01T00:00:00Z",
            "zhao",
            "2026-12-01T01:00:00Z",
            "ABCD-2345",
        ).to_payload(),  # fmt: skip
        lambda p: transfer_records.TransferRequest.read(TRANSFER_ID, p),
    ),
    "transfer_accept": (
        rs.TransferAcceptPayload,
        lambda: transfer_records.TransferAcceptance(
            TRANSFER_ID, CASE, "qin", "2026-12-02T00:00:00Z"
        ).to_payload(),
        lambda p: transfer_records.TransferAcceptance.read(transfer_records.accept_id(TRANSFER_ID), p),
    ),
    "transfer_end": (
        rs.TransferEndPayload,
        lambda: transfer_records.TransferEnd(
            TRANSFER_ID, CASE, TransferState.DECLINED, "qin", "2026-12-02T00:00:00Z", "家属未迁入本辖区"
        ).to_payload(),
        lambda p: transfer_records.TransferEnd.read(transfer_records.end_id(TRANSFER_ID), p),
    ),
    "alert_ack": (
        rs.AlertAckPayload,
        lambda: alert_records.AlertAck(CASE, "李建华", "2026-12-01T00:00:00Z").to_payload(),
        lambda p: alert_records.AlertAck.from_payload(
            alert_records.ack_record_id("450305001", CASE, "李建华"), p
        ),
    ),
}


def _refused(read: Reader, payload: Mapping[str, Any]) -> bool:
    """Whether *read* refuses *payload* (a delivery's reader answers None for what it skips)."""
    try:
        return read(payload) is None
    except ProtocolError:
        return True


def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(by_alias=True)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The node, its ``$ref`` followed and a nullable ``anyOf`` unwrapped."""
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        if len(options) == 1:
            node = options[0]
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _enum_values(schema: dict[str, Any], key: str) -> set[str] | None:
    node = _resolve(schema, schema["properties"][key])
    return set(node["enum"]) if "enum" in node else None


def _agree(
    model: type[BaseModel],
    payload: dict[str, Any],
    read: Reader,
    where: str,
    bound: frozenset[str] = frozenset(),
) -> None:
    """Fields, required-ness and value sets of *model* against what *read* does with *payload*
    (a value set *bound* to another field is checked by its own test)."""
    schema = _schema(model)
    assert set(schema["properties"]) == set(payload), where
    required = {k for k in payload if _refused(read, {j: v for j, v in payload.items() if j != k})}
    assert set(schema.get("required", ())) == required, where
    for key in schema["properties"]:
        declared = _enum_values(schema, key)
        if declared is None or key in bound:
            continue
        candidates = {e.value for kind in ALL_ENUMS for e in kind} | {"bogus"}
        accepted = {v for v in candidates if not _refused(read, {**payload, key: v})}
        assert declared == accepted, (where, key)
    model.model_validate(payload)  # what the protocol builds, the model accepts


@pytest.mark.parametrize("record_type", sorted(KINDS))
def test_each_pushed_record_kind_agrees_with_its_reader(record_type: str) -> None:
    model, build, read = KINDS[record_type]
    assert rs.PUSHED[record_type] is model
    _agree(model, build(), read, record_type, frozenset({"type"} if record_type == "case" else ()))


def test_a_case_records_type_is_its_documents_and_one_of_the_cores() -> None:
    schema = _schema(rs.CaseRecordPayload)
    assert _enum_values(schema, "type") == {t.value for t in CaseType}
    for case_type in CaseType:
        payload = station_case_payload(case_type.value)
        rs.CaseRecordPayload.model_validate(payload)
        assert not _refused(_read_case, payload)
        assert _refused(
            _read_case, {**payload, "type": next(t for t in CaseType if t is not case_type).value}
        )


def test_every_child_kind_with_a_protocol_reader_has_its_model() -> None:
    assert set(KINDS) <= set(rs.PUSHED) and set(rs.PUSHED) <= set(protocol.RECORD_TYPES)


def _inside(payload: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    node: Any = payload
    for step in path:
        node = node[step]
    return node


def _nested_reader(payload: dict[str, Any], path: tuple[str | int, ...]) -> Reader:
    """Reads the whole case record with the object at *path* replaced."""

    def read(obj: Mapping[str, Any]) -> object:
        whole = copy.deepcopy(payload)
        parent = _inside(whole, path[:-1])
        parent[path[-1]] = dict(obj)
        return Case.read(whole)

    return read


def _nested_models() -> Iterator[tuple[str, type[BaseModel], tuple[str | int, ...]]]:
    case = rs.CaseRecordPayload.model_fields
    yield "station_contact", _annotation_model(case["station_contact"].annotation), ("station_contact",)
    yield "closure", _annotation_model(case["closure"].annotation), ("closure",)
    yield "thread", _annotation_model(case["thread"].annotation), ("thread", 0)
    yield "revisions", _annotation_model(case["revisions"].annotation), ("revisions", 0)


def _annotation_model(annotation: Any) -> type[BaseModel]:
    for arg in [annotation, *getattr(annotation, "__args__", ())]:
        for inner in [arg, *getattr(arg, "__args__", ())]:
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    raise AssertionError(annotation)


@pytest.mark.parametrize(("name", "model", "path"), list(_nested_models()))
def test_the_case_records_nested_objects_agree(
    name: str, model: type[BaseModel], path: tuple[str | int, ...]
) -> None:
    payload = _case()
    _agree(model, dict(_inside(payload, path)), _nested_reader(payload, path), name)


def _document(case_type: str) -> dict[str, Any]:
    return dict(station_case_payload(case_type)["case"])


def _read_document(obj: Mapping[str, Any]) -> object:
    return read_document(obj)


@pytest.mark.parametrize("case_type", [t.value for t in CaseType])
def test_the_case_document_and_its_persons_agree_with_the_station_rules(case_type: str) -> None:
    """The case file (record kind ``case``) and its persons (record kind ``person``, which travel
    inside it): every key the station's rules know, required where they require it."""
    document = _document(case_type)
    model = {"missing": rs.MissingCaseDocument, "found": rs.FoundCaseDocument,
             "trafficking": rs.TraffickingCaseDocument}[case_type]  # fmt: skip
    properties = set(_schema(model)["properties"])
    event_key = {"missing": "last_seen", "found": "found", "trafficking": "incident"}[case_type]
    assert properties == (CASE_KEYS - ({"exploitation"} if case_type != "trafficking" else set())) | {
        event_key
    }
    extra = {"contact": "0536-5221110", "reporter": _document("missing")["reporter"]}
    full = {k: document.get(k) or extra[k] for k in properties}
    _agree(model, full, _read_document, f"{case_type} case document")
    person_model = rs.person_document(CaseType(case_type))
    assert set(_schema(person_model)["properties"]) == PERSON_KEYS
    assert set(_schema(rs.ReporterDocument)["properties"]) == PERSON_KEYS - {"role"}
    assert set(_schema(rs.SampleDocument)["properties"]) == SAMPLE_KEYS
    subject = document["persons"][0]

    def read_person(person: Mapping[str, Any]) -> object:
        # the subject stays named by a second person, so a role given to this one is judged alone
        return read_document({**document, "persons": [dict(person), *document["persons"]]})

    person = {k: subject[k] for k in subject if subject[k] is not None and k in PERSON_KEYS}
    schema = _schema(person_model)
    required = {k for k in person if _refused(read_person, {j: v for j, v in person.items() if j != k})}
    assert set(schema["required"]) == required == {"role"}
    roles = _enum_values(schema, "role")
    assert roles == {r.value for r in Role if not _refused(read_person, {**person, "role": r.value})}
    person_model.model_validate(person)


def test_documents_refuse_keys_the_station_rules_refuse() -> None:
    document = _document("missing")
    assert _refused(_read_document, {**document, "nickname": "小明"})
    with pytest.raises(ValueError):
        rs.MissingCaseDocument.model_validate({**document, "nickname": "小明"})


def test_openapi_documents_every_record_kind() -> None:
    """``/openapi.json`` names each record type's payload model and the operator's referral rows."""
    from server.api.app import create_app
    from server.settings import Settings

    app = create_app(Settings(db_url="sqlite://"), migrate_schema=False)
    doc = app.openapi()
    components = doc["components"]["schemas"]
    for model in rs.PUSHED.values():
        assert model.__name__ in components
    payload = components["ChangeCreate"]["properties"]["payload"]
    refs = {o["$ref"].rsplit("/", 1)[-1] for o in payload["anyOf"] if "$ref" in o}
    assert refs == {m.__name__ for m in rs.PUSHED.values()}
    pulled = components["PulledItemPublic"]["properties"]["payload"]
    assert {"ReferralDeliveryPublic", "MatchDeliveryPublic"} <= {
        o["$ref"].rsplit("/", 1)[-1] for o in pulled["anyOf"] if "$ref" in o
    }
    assert "/national/referrals" in doc["paths"]
    json.dumps(doc)  # the description is plain JSON


def _summary() -> dict[str, Any]:
    subject = summaries.SubjectSummary(
        "王小明", "M", "2021-03-02", None, (100, 110), "黑痣", "红色羽绒服", "寿光话"
    )
    station = summaries.OwningStation("370783001", "圣城派出所", "0536-5221110", "寿光市")
    return summaries.CaseSummary(CASE, CaseType.MISSING, CaseStatus.OPEN, station, "2026-11-19T09:10:00+00:00",
                                 "农贸市场东门", (subject,), "c" * 64, "").to_payload()  # fmt: skip


def _match() -> dict[str, Any]:
    dna = matches.DnaFigures(2.4e7, 0, 20, "supports")
    decided = matches.StationDecision("370783001", MatchState.CONFIRMED, "2026-12-01T08:00:00Z", "认出")
    return matches.MatchDelivery(CASE, FOUND, 0.91, "supports", ("dna",), MatchState.POTENTIAL, dna, (decided,),
                                 False).to_payload()  # fmt: skip


def _alert() -> dict[str, Any]:
    return alert_records.AlertDelivery(CASE, "active", "王小明", "M", 4, 6, "370783", "农贸市场", "2026-11-19T09:10:00Z",
                                       "2026-11-19T10:00:00Z", "370783001", "圣城派出所", "0536-5221110", "红色羽绒服",
                                       "黑痣", 200, 154, "").to_payload()  # fmt: skip


def _transfer() -> dict[str, Any]:
    held = transfer_records.HeldRecord("case", CASE, 3, {"type": "missing"})
    return transfer_records.TransferDelivery(
        TRANSFER_ID, CASE, TransferState.COMPLETED, "370783001", "圣城派出所", "450305001",
        "七星派出所", "家属迁居", "li", "zhao", "2026-12-01T00:00:00Z", "missing", "王小明", "qin",
        "2026-12-02T00:00:00Z", "ABCD-2345", (held,),
    ).to_payload()  # fmt: skip


def _referral_delivery() -> dict[str, Any]:
    step = referrals.AnswerStep("a", ReferralState.ACCEPTED, "已受理", "wang", "450305001", "t1", "t2")
    rid = referrals.new_referral_id(CASE)
    return referrals.ReferralDelivery(rid, CASE, "370783001", "圣城派出所", "450305001", "七星派出所",
                                      ReferralRequest.VISIT, "请走访", "li", "t0", ReferralState.ACCEPTED,
                                      (step,)).to_payload()  # fmt: skip


PULLED: dict[str, tuple[type[BaseModel], Callable[[], dict[str, Any]], Reader]] = {
    "match": (ds.MatchDeliveryPublic, _match, matches.MatchDelivery.read),
    "summary": (ds.CaseSummaryPublic, _summary, summaries.CaseSummary.read),
    "alert": (ds.AlertDeliveryPublic, _alert, lambda p: alert_records.AlertDelivery.from_payload(CASE, p)),
    "transfer": (
        ds.TransferDeliveryPublic,
        _transfer,
        lambda p: transfer_records.TransferDelivery.from_payload(TRANSFER_ID, p),
    ),  # fmt: skip
}


@pytest.mark.parametrize("kind", sorted(PULLED))
def test_each_pulled_kind_agrees_with_the_stations_reader(kind: str) -> None:
    model, build, read = PULLED[kind]
    assert ds.PULLED[kind] is model
    _agree(model, build(), read, kind)


def test_the_referral_delivery_agrees_with_its_builder() -> None:
    payload = _referral_delivery()
    schema = _schema(ReferralDeliveryPublic)
    assert set(schema["properties"]) == set(payload)
    assert _enum_values(schema, "request") == {r.value for r in ReferralRequest}
    assert _enum_values(schema, "state") == {s.value for s in ReferralState}
    ReferralDeliveryPublic.model_validate(payload)
    assert ds.PULLED["referral"] is ReferralDeliveryPublic
