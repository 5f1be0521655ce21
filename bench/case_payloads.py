"""The case record the push benchmarks send: what a station of this release queues for a new
missing-child case, built by the protocol's own builder (app.sync.protocol.cases) so the server
reads every one with the station's rules, as it does in service."""

from __future__ import annotations

from typing import Any

from app.core.casejson import case_to_json
from app.core.lifecycle import CaseStatus, ReviewState
from app.core.model import CaseType
from app.core.validation import read_stored_case
from app.core.verification import code_hash
from app.sync.protocol.cases import CaseRecord, StationContact

DOCUMENT: dict[str, Any] = {
    "type": "missing",
    "reported_at": "2026-11-29T08:00:00+08:00",
    "summary": "随母亲赶集时走失，穿红色上衣，蓝色裤子。",
    "last_seen": {"at": "2026-11-29T07:10:00+08:00", "place_code": "370783", "place": "寿光市农贸市场东门"},
    "reporter": {"name": "王秀兰", "sex": "F", "relation": "mother", "phone": "13800000000"},
    "persons": [
        {"role": "missing", "name": "李小明", "nicknames": ["明明"], "sex": "M", "birth_date": "2021-03-15",
         "height_cm": [95, 100], "marks": "左耳后有一颗黑痣", "clothing": "红色上衣，蓝色裤子"},
    ],
}  # fmt: skip


# The same report for a missing adult (born 1985): no alert; the realistic mix sends one child in ten.
ADULT_DOCUMENT: dict[str, Any] = {
    **DOCUMENT,
    "persons": [{**DOCUMENT["persons"][0], "birth_date": "1985-03-15", "height_cm": [170, 175]}],
}


def missing_case_payload(document: dict[str, Any] = DOCUMENT) -> dict[str, Any]:
    """The case record a station sends for *document* (a missing child by default)."""
    document = case_to_json(read_stored_case(document))
    record = CaseRecord(
        type=CaseType.MISSING, document=document, status=CaseStatus.OPEN, review=ReviewState.PENDING,
        officer="王警官", created_at="2026-11-29T00:00:00Z", verification_hash=code_hash("2" * 16),
        station_contact=StationContact("0536-5221110", "山东省寿光市圣城街道"),
    )  # fmt: skip
    payload = record.to_payload()
    assert CaseRecord.read(payload) is not None  # the server reads it as it reads a station's
    return payload
