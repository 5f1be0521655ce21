"""The alert wire records: what a station accepts from a pull, what the server accepts as an
acknowledgement (anything malformed is skipped or refused whole, never half-stored)."""

from __future__ import annotations

from typing import Any

import pytest

from app.sync import alert_records, protocol

CASE = "370783001-2026-000017"


def _payload(**changes: Any) -> dict[str, Any]:
    body = {
        "state": "active", "name": "王小明", "sex": "M", "age_min": 4, "age_max": 4, "place_code": "370783",
        "place": "寿光市农贸市场东门", "last_seen_at": "2026-12-06T09:10:00Z", "registered_at": "2026-12-06T09:40:00Z",
        "station_code": "370783001", "station_name": "圣城派出所", "station_phone": "0536-5221110",
        "clothing": "", "marks": "", "radius_km": 100, "distance_km": 25, "photo_jpeg_base64": "",
    }  # fmt: skip
    return {**body, **changes}


def test_a_well_formed_alert_round_trips() -> None:
    alert = alert_records.AlertDelivery.from_payload(CASE, _payload())
    assert alert is not None and alert.case_no == CASE
    assert alert_records.AlertDelivery.from_payload(CASE, alert.to_payload()) == alert


@pytest.mark.parametrize(
    "bad",
    [
        {"state": "maybe"},
        {"age_min": "4"},
        {"age_min": True},
        {"distance_km": -1},
        {"name": None},
        {"station_phone": "1" * 31},
        {"photo_jpeg_base64": "A" * (alert_records.MAX_PHOTO_BASE64 + 1)},
    ],
)
def test_a_malformed_alert_is_skipped(bad: dict[str, Any]) -> None:
    assert alert_records.AlertDelivery.from_payload(CASE, _payload(**bad)) is None


def test_an_alert_id_is_a_case_number() -> None:
    assert alert_records.AlertDelivery.from_payload(CASE + "/x", _payload()) is None


def test_an_acknowledgement_names_its_case_and_officer() -> None:
    record_id = alert_records.ack_record_id("370702001", CASE, "王警官")
    assert record_id == alert_records.ack_record_id("370702001", CASE, "王警官")  # one per officer
    assert protocol.check_record_id(alert_records.ACK_RECORD_TYPE, record_id) is None
    ack = alert_records.AlertAck(CASE, "王警官", "2026-12-06T10:00:00Z")
    assert alert_records.AlertAck.from_payload(record_id, ack.to_payload()) == ack
    for bad, field in (({"case_no": "370783001-2026-000018"}, "case_no"), ({"officer": ""}, "officer"),
                       ({"acknowledged_at": 5}, "acknowledged_at")):  # fmt: skip
        with pytest.raises(protocol.ProtocolError) as refused:
            alert_records.AlertAck.from_payload(record_id, {**ack.to_payload(), **bad})
        assert refused.value.reason == protocol.INVALID and field in refused.value.detail
