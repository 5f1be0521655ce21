"""What a station pulls, as pydantic models for the OpenAPI description (issue 14): a national
match, the other station's case summary beside it, a missing-child alert and a transfer. Derived
from the protocol's dataclasses like the pushed records (:mod:`server.api.derive`); the pull
route writes the stored payloads as they are, so these only document them, and
``tests/unit/test_record_schemas.py`` holds each to its reader."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from app.sync import alert_records, transfer_records
from app.sync.protocol import matches, referrals, summaries
from server.api.derive import Kind, derive
from server.api.referral_schemas import ReferralDeliveryPublic

DnaFiguresPublic = derive(
    matches.DnaFigures, "DnaFiguresPublic",
    Kind(required=frozenset({"combined_index", "inconsistent_loci", "loci_compared", "verdict"}),
         drop=frozenset({"extra"})),
    "The DNA comparison behind a verdict; more keys (relation, hypothesis, lr…) may follow.",
)  # fmt: skip
MatchDeliveryPublic = derive(
    matches.MatchDelivery, "MatchDeliveryPublic",
    Kind(required=frozenset({"missing", "found", "score"}), types={"dna": DnaFiguresPublic},
         nested={matches.StationDecision: frozenset({"station", "state", "decided_at"})}),
)  # fmt: skip
CaseSummaryPublic = derive(
    summaries.CaseSummary, "CaseSummaryPublic",
    Kind(required=frozenset({"case_no", "type", "status", "station"}),
         nested={summaries.OwningStation: frozenset({"code"}), summaries.SubjectSummary: frozenset()}),
)  # fmt: skip
AlertDeliveryPublic = derive(
    alert_records.AlertDelivery, "AlertDeliveryPublic",
    Kind(required=frozenset({"state", "name", "sex", "age_min", "age_max", "place_code", "place", "last_seen_at",
                             "registered_at", "station_code", "station_name", "station_phone", "clothing",
                             "marks", "radius_km", "distance_km"}),
         drop=frozenset({"case_no"})),
    "A missing-child alert (record id: the case number); ``state`` active or cancelled.",
)  # fmt: skip
DeliveredTransferState = StrEnum(  # type: ignore[misc]
    "DeliveredTransferState", {s.name: s.value for s in transfer_records.DELIVERED_STATES}
)
TransferDeliveryPublic = derive(
    transfer_records.TransferDelivery, "TransferDeliveryPublic",
    Kind(required=frozenset({"case_no", "state"}), drop=frozenset({"transfer_id"}),
         types={"state": DeliveredTransferState},
         nested={transfer_records.HeldRecord: frozenset({"record_type", "record_id", "revision", "payload"})}),
)  # fmt: skip

# The payload model of each pull kind (protocol.PULL_KINDS); record, tip and gallery items are
# documented as JSON objects.
PULLED: dict[str, type[BaseModel]] = {
    "match": MatchDeliveryPublic,
    summaries.KIND: CaseSummaryPublic,
    referrals.KIND: ReferralDeliveryPublic,
    alert_records.KIND: AlertDeliveryPublic,
    transfer_records.KIND: TransferDeliveryPublic,
}
