"""The national gallery decision as the station reads it (pull kind ``gallery``): what the server
writes reads back the same, and anything malformed or about another case is skipped whole."""

from __future__ import annotations

from typing import Any

import pytest

from app.sync.gallery_records import NationalDecision, record_id

CASE = "450305001-2026-000001"
GOOD = NationalDecision(CASE, "XR-PQKTC-QYPG4", "published", "operator 王国平", "依法公开",
                        "2026-12-06T13:36:00+00:00", "2026-12-06T13:30:00.000001Z")  # fmt: skip


def test_what_the_server_writes_reads_back() -> None:
    assert NationalDecision.from_payload(record_id(CASE), GOOD.to_payload()) == GOOD


def test_an_older_servers_decision_without_answers_still_reads() -> None:
    body = GOOD.to_payload()
    del body["answers"]
    read = NationalDecision.from_payload(record_id(CASE), body)
    assert read is not None and read.answers == ""


@pytest.mark.parametrize(
    "change",
    [
        {"state": "approved"},  # not a national state
        {"state": None},
        {"case_no": "450305001-2026-000002"},  # another case than the record id says
        {"case_no": "not a case"},
        {"reason": "x" * 501},
        {"by": ["operator"]},
        {"at": 20261206},
    ],
)
def test_malformed_decisions_are_skipped(change: dict[str, Any]) -> None:
    assert NationalDecision.from_payload(record_id(CASE), {**GOOD.to_payload(), **change}) is None


def test_a_decision_under_another_record_id_is_skipped() -> None:
    assert NationalDecision.from_payload(record_id("450305001-2026-000002"), GOOD.to_payload()) is None
