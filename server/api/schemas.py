"""Request and answer bodies: Create (what a caller sends), Public (what the server answers).

Requests forbid unknown fields. Field rules mirror app.sync.protocol, the client's side; each
record kind's payload is documented by the models derived from it (``record_schemas``,
``delivery_schemas``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, WithJsonSchema

from app.sync import protocol
from server.api.delivery_schemas import PULLED
from server.api.record_schemas import PUSHED, documented_payload

MAX_INT = 2**62


class _Create(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorPublic(BaseModel):
    """Every 4xx answer: a stable reason code and a human detail."""

    reason: str
    detail: Any = None


class SyncAnswer(BaseModel):
    epoch: str = Field(description="changes only when the server was restored from a backup")
    server_time: str = Field(description="UTC, ISO 8601")


class EnrollCreate(_Create):
    token: str = Field(min_length=1, max_length=200, description="the one-time enrolment token")


NumbersPublic = dict[str, dict[str, int]]
NUMBERS_DESCRIPTION = (
    "the highest case and sample number per year seen from the station: "
    '{"case": {"2026": 12}, "sample": {"2026": 30}}; the station never numbers below them'
)


class EnrollPublic(SyncAnswer):
    station_code: str
    station_name: str
    credential: str = Field(description="the device credential; shown once, keep it encrypted")
    numbers: NumbersPublic = Field(default_factory=dict, description=NUMBERS_DESCRIPTION)
    public_url: str = Field(
        default="",
        description="where families check receipts: {public_url}/check#CODE (issue 18); empty: none",
    )
    bundle_key: str | None = Field(
        default=None,
        description="the server's public bundle key (xk1.…, as `xunren-server bundle key` prints it): the "
        "station pins it, to seal its USB bundles for the server and check what the server signs (a screening "
        "key rotation); absent from older servers",
    )


class AuditPointCreate(_Create):
    seq: int = Field(ge=0, le=MAX_INT)
    hash: str = Field(pattern=protocol.SHA256_PATTERN)


class AuditHeadCreate(_Create):
    seq: int = Field(ge=0, le=MAX_INT)
    hash: str = Field(pattern=protocol.SHA256_PATTERN)
    anchor: AuditPointCreate | None = Field(
        default=None, description="the station's own entry at the head the server last acknowledged"
    )
    restored_to: AuditPointCreate | None = Field(
        default=None, description="a declared restore: the acknowledged head the station went back to"
    )
    anchors: list[AuditPointCreate] = Field(
        default_factory=list,
        max_length=protocol.MAX_AUDIT_ANCHORS + 2,
        description="the station's own entries today at the heads it sent since the acknowledged one,"
        " at that one and at a declared restore point",
    )


class ChangeCreate(_Create):
    change_id: str = Field(pattern=protocol.UUID_PATTERN, description="client-made UUID; the idempotency key")
    record_type: str = Field(pattern=r"^[a-z_]{1,16}$", description="|".join(protocol.RECORD_TYPES))
    record_id: str = Field(pattern=protocol.RECORD_ID_PATTERN, max_length=120)
    base_revision: int = Field(ge=0, le=2**31 - 1, description="0 creates; else the revision last seen")
    # Validated as a JSON object only: the protocol's reader checks it change by change (a refusal
    # `invalid`, never a 422 for the batch); the schema documents each record type's payload.
    payload: Annotated[
        dict[str, Any], WithJsonSchema(documented_payload(PUSHED, "The record's full current state."))
    ]
    created_at: AwareDatetime


class PushCreate(_Create):
    changes: list[ChangeCreate]
    audit_head: AuditHeadCreate | None = None


class ChangeResultPublic(BaseModel):
    change_id: str
    record_id: str
    status: Literal["applied", "refused"]
    revision: int | None = None
    reason: str | None = Field(default=None, description="|".join(protocol.REFUSAL_REASONS))
    detail: str | None = None


class WitnessPublic(BaseModel):
    accepted: bool
    seq: int | None = None
    hash: str | None = None
    reason: str | None = Field(default=None, description="shortened|rewritten|unknown_restore_point")


class PushPublic(SyncAnswer):
    results: list[ChangeResultPublic]
    witness: WitnessPublic | None = None


class PulledItemPublic(BaseModel):
    seq: int
    kind: str = Field(description="|".join(protocol.PULL_KINDS))
    record_type: str
    record_id: str
    revision: int
    payload: Annotated[
        dict[str, Any], WithJsonSchema(documented_payload(PULLED, "The pulled item.", by="kind"))
    ]


class PullPublic(SyncAnswer):
    items: list[PulledItemPublic]
    next_cursor: int
    has_more: bool


class ScreeningRotationPublic(BaseModel):
    """A replaced screening key (``app.sync.protocol.screening_rotation``)."""

    old: str = Field(description="hex Ed25519 public key replaced")
    new: str = Field(description="hex Ed25519 public key that replaced it")
    at: str = Field(description="when, the server's clock (ISO 8601)")
    statement: str = Field(description="hex Ed25519 signature by the new key over the rotation")


class ScreeningPublic(BaseModel):
    """The offline national screening index (issue 15; ``app.sync.protocol.screening``)."""

    kind: Literal["none", "base", "delta"]
    version: int = Field(description="the journal sequence the file is current to")
    signer: str = Field(description="hex Ed25519 public key of the server's screening key")
    file: str | None = Field(description="base64: the signed, encrypted index file")
    key: str | None = Field(description="base64: the file's AES-256-GCM key")
    rotations: list[ScreeningRotationPublic] = Field(
        default_factory=list,
        description="the screening key's rotations, oldest first (present once the key was ever replaced)",
    )


class SyncStatePublic(SyncAnswer):
    station: str
    counts: dict[str, int]
    total: int
    digest: str = Field(description="app.sync.protocol.records_digest over the station's records")
    cursor: int = Field(description="the newest seq this station can pull")
    numbers: NumbersPublic = Field(default_factory=dict, description=NUMBERS_DESCRIPTION)


class AttachmentComplete(_Create):
    chunks: int = Field(ge=1, le=protocol.MAX_ATTACHMENT_CHUNKS)


class AttachmentPublic(SyncAnswer):
    sha256: str
    received: list[int]
    complete: bool
    size: int | None = None


class VerifyPublic(BaseModel):
    registered: bool
    status: Literal["registered", "in_progress", "closed"] | None = None


class CasePublic(BaseModel):
    case_no: str
    station: str
    type: str | None
    status: str | None
    revision: int
    names: list[str]
    samples: int


class MatchPublic(BaseModel):
    missing: str
    found: str
    score: float
    dna_verdict: str | None
    state: str


class HealthPublic(BaseModel):
    status: Literal["ok"]
