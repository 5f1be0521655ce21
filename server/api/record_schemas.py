"""Every record kind's payload as a pydantic model, for the OpenAPI description (issue 14).

The push body's ``payload`` stays a JSON object for the body's validation: each change is read by
the protocol's own reader and refused ``invalid`` one by one (never a 422 for the whole batch),
exactly as before. These models only say in ``/openapi.json`` what each record type's payload
holds. They are derived from the protocol's dataclasses (:mod:`server.api.derive`); which wire
keys each reader insists on is said here, and ``tests/unit/test_record_schemas.py`` holds every
model to its reader: the same fields, the same required ones, the same value sets. The case
document (persons inside) is the case file's shape, whose keys come from
:mod:`app.core.validation`; it is written out below and checked the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from app.core.model import CaseType, Exploitation, Role
from app.core.referral import ANSWER_STEPS
from app.core.validation import ROLES_BY_TYPE
from app.sync import alert_records, transfer_records
from app.sync.protocol import PROTOCOL_VERSION, cases, matches, photos, referrals, samples
from server.api.derive import Kind, derive

_V = {"v": (int, PROTOCOL_VERSION)}
_HOLDER = "a person's index in the case's persons, or \"reporter\""


class _Document(BaseModel):
    """The case file's objects refuse keys they do not know (``app.core.validation``)."""

    model_config = ConfigDict(extra="forbid")


class ProfileDocument(_Document):
    """An STR profile: ``{"kit", "loci": {locus: [allele, allele]}}``."""

    kit: str
    loci: dict[str, Annotated[list[float], Field(min_length=2, max_length=2)]]


class SampleDocument(_Document):
    """A DNA sample as filed (SPEC.md, "Input files")."""

    type: str = Field(description="blood_card, buccal_swab… (or the Chinese word)")
    collected_at: str = Field(description="ISO 8601 with an offset")
    consent: bool
    profile: ProfileDocument | None = None
    collector: str | None = None
    note: str | None = None


class AddressDocument(_Document):
    code: str | None = Field(default=None, description="GB/T 2260 code")
    text: str | None = None


class EventDocument(_Document):
    """Last seen (missing), found (found) or the incident (trafficking)."""

    at: str = Field(description="ISO 8601 with an offset")
    place_code: str | None = Field(default=None, description="GB/T 2260 code")
    place: str | None = None


class ReporterDocument(_Document):
    """The person who reported the case (no role: the reporter is one)."""

    name: str | None = None
    former_names: list[str] | None = None
    nicknames: list[str] | None = None
    name_is_self_reported: bool | None = None
    sex: str | None = Field(default=None, description="M, F or U (or the Chinese word)")
    birth_date: str | None = None
    estimated_age: Annotated[list[int], Field(min_length=2, max_length=2)] | None = None
    id_number: str | None = None
    height_cm: Annotated[list[int], Field(min_length=2, max_length=2)] | None = None
    build: str | None = None
    build_text: str | None = None
    marks: str | None = None
    clothing: str | None = None
    dialect: str | None = None
    statement: str | None = None
    origin: str | None = None
    household_address: AddressDocument | None = None
    address: AddressDocument | None = None
    phone: str | None = None
    relation: str | None = None
    samples: list[SampleDocument] | None = None


def _roles(case_type: CaseType) -> type[StrEnum]:
    """The roles a person may have in a case of *case_type* (``ROLES_BY_TYPE``), as an enum."""
    allowed = ROLES_BY_TYPE[case_type]
    name = f"{case_type.value.title()}Role"
    return StrEnum(name, {r.name: r.value for r in Role if r in allowed})  # type: ignore[return-value]


MissingRole = _roles(CaseType.MISSING)
FoundRole = _roles(CaseType.FOUND)
TraffickingRole = _roles(CaseType.TRAFFICKING)


class MissingPersonDocument(ReporterDocument):
    """A person of a missing person's case (record kind ``person``: persons travel inside the
    case record)."""

    role: MissingRole  # type: ignore[valid-type]


class FoundPersonDocument(ReporterDocument):
    """A person of a found person's case."""

    role: FoundRole  # type: ignore[valid-type]


class TraffickingPersonDocument(ReporterDocument):
    """A person of a trafficking case."""

    role: TraffickingRole  # type: ignore[valid-type]


class _CaseDocument(_Document):
    reported_at: str = Field(description="ISO 8601 with an offset")
    summary: str | None = None
    reporter: ReporterDocument | None = None
    contact: str | None = None


class MissingCaseDocument(_CaseDocument):
    type: Literal["missing"]
    last_seen: EventDocument
    persons: list[MissingPersonDocument]


class FoundCaseDocument(_CaseDocument):
    type: Literal["found"]
    found: EventDocument
    persons: list[FoundPersonDocument]


class TraffickingCaseDocument(_CaseDocument):
    type: Literal["trafficking"]
    incident: EventDocument
    persons: list[TraffickingPersonDocument]
    exploitation: list[Exploitation] = Field(min_length=1)


def person_document(case_type: CaseType) -> type[ReporterDocument]:
    """The model of a person (record kind ``person``) in a case of *case_type*."""
    return {CaseType.MISSING: MissingPersonDocument, CaseType.FOUND: FoundPersonDocument,
            CaseType.TRAFFICKING: TraffickingPersonDocument}[case_type]  # fmt: skip


CaseDocument = Annotated[
    MissingCaseDocument | FoundCaseDocument | TraffickingCaseDocument, Field(discriminator="type")
]

CaseRecordPayload = derive(
    cases.CaseRecord, "CaseRecordPayload",
    Kind(required=frozenset({"type", "case", "status"}), wire={"document": "case"}, add=_V,
         types={"document": CaseDocument},
         nested={cases.StationContact: frozenset(), cases.Closure: frozenset({"outcome"}),
                 cases.ThreadEntry: frozenset({"at", "by", "event"}),
                 cases.RevisionNote: frozenset({"revision", "at", "by"})},
         describe={"verification_hash": "app.core.verification.code_hash of the family's code"}),
    "Record type ``case`` (id: the case number): the case file and the station's state of it.",
)  # fmt: skip
SampleRecordPayload = derive(
    samples.SampleRecord, "SampleRecordPayload",
    Kind(required=frozenset({"sample_no", "person", "sample", "status"}),
         types={"sample": SampleDocument}, describe={"person": _HOLDER}),
)  # fmt: skip
ProfileRecordPayload = derive(
    samples.ProfileRecord, "ProfileRecordPayload",
    Kind(required=frozenset({"sample_no", "profile"}), types={"profile": ProfileDocument}),
)  # fmt: skip
CustodyRecordPayload = derive(
    samples.CustodyRecord, "CustodyRecordPayload",
    Kind(required=frozenset({"sample_no", "at", "from", "to"}), wire={"from_party": "from", "to_party": "to"}),
)  # fmt: skip
PhotoRecordPayload = derive(
    photos.PhotoRecord, "PhotoRecordPayload",
    Kind(required=frozenset({"sha256", "mime", "width", "height", "size", "person"}),
         describe={"person": _HOLDER, "sha256": "the attachment's SHA-256 (64 lower-case hex digits)"}),
)  # fmt: skip
DecidedState = StrEnum("DecidedState", {s.name: s.value for s in matches.DECIDED})  # type: ignore[misc]
MatchDecisionPayload = derive(
    matches.MatchDecision, "MatchDecisionPayload",
    Kind(required=frozenset({"missing", "found", "state", "decided_by", "decided_at"}),
         types={"state": DecidedState}),
)  # fmt: skip
AnswerStepValue = StrEnum("AnswerStepValue", {s.name: s.value for s in ANSWER_STEPS})  # type: ignore[misc]
ReferralPayload = derive(
    referrals.ReferralRecord, "ReferralPayload",
    Kind(required=frozenset({"case_no", "to", "request", "asked_by", "asked_at"}), add=_V,
         describe={"to": "the asked station's code"}),
)  # fmt: skip
ReferralAnswerPayload = derive(
    referrals.ReferralAnswer, "ReferralAnswerPayload",
    Kind(required=frozenset({"referral", "state", "by", "at"}), add=_V, types={"state": AnswerStepValue},
         describe={"referral": "the referral's record id"}),
)  # fmt: skip
TransferPayload = derive(
    transfer_records.TransferRequest, "TransferPayload",
    Kind(required=frozenset({"case_no", "from_station", "to_station", "reason", "requested_by", "requested_at",
                             "approved_by", "approved_at", "verification_code"})),
)  # fmt: skip
TransferAcceptPayload = derive(
    transfer_records.TransferAcceptance, "TransferAcceptPayload",
    Kind(required=frozenset({"transfer_id", "case_no", "accepted_by", "accepted_at"})),
)  # fmt: skip
EndOutcome = StrEnum("EndOutcome", {s.name: s.value for s in transfer_records.END_OUTCOMES})  # type: ignore[misc]
TransferEndPayload = derive(
    transfer_records.TransferEnd, "TransferEndPayload",
    Kind(required=frozenset({"transfer_id", "case_no", "outcome", "ended_by", "ended_at", "reason"}),
         types={"outcome": EndOutcome}),
)  # fmt: skip
AlertAckPayload = derive(
    alert_records.AlertAck, "AlertAckPayload",
    Kind(required=frozenset({"case_no", "officer", "acknowledged_at"})),
)  # fmt: skip

# The payload model of each record type a station pushes (the others — review, void, note,
# publication, person — are documented as JSON objects; a person travels inside its case).
PUSHED: dict[str, type[BaseModel]] = {
    "case": CaseRecordPayload,
    "sample": SampleRecordPayload,
    "profile": ProfileRecordPayload,
    "custody": CustodyRecordPayload,
    "photo": PhotoRecordPayload,
    matches.MatchDecision.RECORD_TYPE: MatchDecisionPayload,
    referrals.RECORD_TYPE: ReferralPayload,
    referrals.ANSWER_RECORD_TYPE: ReferralAnswerPayload,
    transfer_records.RECORD_TYPE: TransferPayload,
    transfer_records.ACCEPT_RECORD_TYPE: TransferAcceptPayload,
    transfer_records.END_RECORD_TYPE: TransferEndPayload,
    alert_records.ACK_RECORD_TYPE: AlertAckPayload,
}


def documented_payload(
    models: Mapping[str, type[BaseModel]], what: str, *, by: str = "record_type"
) -> dict[str, Any]:
    """The JSON schema of a ``payload`` that is one of *models* by the item's *by*, or another
    kind's object: references into ``/openapi.json``'s components (see :func:`components`)."""
    kinds = ", ".join(f"{kind}: {model.__name__}" for kind, model in models.items())
    refs: list[dict[str, Any]] = [{"$ref": f"#/components/schemas/{m.__name__}"} for m in models.values()]
    return {
        "anyOf": [*refs, {"type": "object", "additionalProperties": True}],
        "description": f"{what} By {by}: {kinds}; any other: a JSON object.",
    }


def components(models: Iterable[type[BaseModel]]) -> dict[str, Any]:
    """*models* and every model inside them, as OpenAPI components."""
    _keys, top = models_json_schema(
        [(m, "validation") for m in models], ref_template="#/components/schemas/{model}"
    )
    return dict(top.get("$defs", {}))
