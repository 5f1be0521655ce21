"""The sample, profile and custody records: one definition each, one builder, one reader.

A sample record (id ``{case_no}/s/{uuid5(sample_no)}``) carries the sample as filed (without its
profile), its holder (a person's index or ``"reporter"``) and its status from
:class:`~app.core.lifecycle.SampleStatus`. The lab's STR result is a record of its own
(``{case_no}/d/…``), so a corrected profile never rewrites the sample. Every hand-over is a
custody record (``{case_no}/c/{uuid4}``), only ever added.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from app.core.lifecycle import SampleStatus
from app.core.problems import InvalidInput
from app.core.sample_checks import parse_profile
from app.sync.protocol import reading
from app.sync.protocol.reading import ProtocolError

Holder = int | str  # a person's index in the case's persons, or "reporter"


@dataclass(frozen=True, slots=True)
class SampleRecord:
    """Record type ``sample``."""

    sample_no: str
    person: Holder
    sample: Mapping[str, Any]  # the sample file's shape, without "profile"
    status: SampleStatus

    RECORD_TYPE = "sample"

    def to_payload(self) -> dict[str, Any]:
        body = {k: v for k, v in self.sample.items() if k != "profile"}
        return {
            "sample_no": self.sample_no,
            "person": self.person,
            "sample": body,
            "status": self.status.value,
        }

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> SampleRecord:
        r = reading.Reader(payload, "sample")
        return cls(
            r.text("sample_no"), r.holder("person"), r.mapping("sample"), r.enum("status", SampleStatus)
        )


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    """Record type ``profile``: ``{"sample_no", "profile": {"kit", "loci"}}``."""

    sample_no: str
    profile: Mapping[str, Any]

    RECORD_TYPE = "profile"

    def to_payload(self) -> dict[str, Any]:
        return {"sample_no": self.sample_no, "profile": dict(self.profile)}

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> ProfileRecord:
        r = reading.Reader(payload, "profile")
        profile = r.mapping("profile")
        try:
            parse_profile(dict(profile), where="profile.profile")
        except InvalidInput as bad:
            raise ProtocolError(reading.INVALID, bad.text("en")) from None
        return cls(r.text("sample_no"), profile)


@dataclass(frozen=True, slots=True)
class CustodyRecord:
    """Record type ``custody``: one hand-over of a sample."""

    sample_no: str
    at: str
    from_party: str
    to_party: str
    purpose: str = ""

    RECORD_TYPE = "custody"

    def to_payload(self) -> dict[str, Any]:
        return {"sample_no": self.sample_no, "at": self.at, "from": self.from_party, "to": self.to_party,
                "purpose": self.purpose}  # fmt: skip

    @classmethod
    def read(cls, payload: Mapping[str, Any]) -> CustodyRecord:
        r = reading.Reader(payload, "custody")
        return cls(
            r.text("sample_no"), r.text("at"), r.text("from"), r.text("to"), r.text("purpose", default="")
        )


def registered_samples(
    document: Mapping[str, Any], sample_numbers: list[str]
) -> Iterator[tuple[SampleRecord, ProfileRecord | None]]:
    """The sample (and profile) records of a new case's document, numbered in the order
    registration gives numbers: the reporter first, then the persons."""
    holders: list[tuple[Holder, Mapping[str, Any]]] = []
    if document.get("reporter"):
        holders.append(("reporter", document["reporter"]))
    holders.extend(enumerate(document.get("persons", [])))
    numbers = iter(sample_numbers)
    for person, holder in holders:
        for sample in holder.get("samples", []):
            sample_no = next(numbers)
            profile = sample.get("profile")
            status = SampleStatus.PROFILED if profile else SampleStatus(sample.get("status", "collected"))
            yield (
                SampleRecord(sample_no, person, sample, status),
                ProfileRecord(sample_no, profile) if profile else None,
            )
