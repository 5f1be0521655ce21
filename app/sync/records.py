"""How the station's own rows become protocol records: their nationally unique ids.

A case is its case number. A sample and its profile keep one id for their whole life, derived
from the sample number (UUID 5), so a status change or a corrected profile updates the same
record on the server; every custody hand-over and every photo is a record of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from app.sync import protocol

# Fixed namespaces: the same sample number always gives the same record id, on any machine.
_SAMPLE_NS = uuid.UUID("6f0c1c52-3c1e-4d0e-9a55-0b7a8f1d2e01")
_PHOTO_NS = uuid.UUID("6f0c1c52-3c1e-4d0e-9a55-0b7a8f1d2e02")


def sample_record_id(case_no: str, sample_no: str) -> str:
    """The sample's record id: ``{case_no}/s/{uuid5(sample_no)}``."""
    return protocol.child_id(case_no, "sample", str(uuid.uuid5(_SAMPLE_NS, sample_no)))


def profile_record_id(case_no: str, sample_no: str) -> str:
    """The sample's STR profile record id: ``{case_no}/d/{uuid5(sample_no)}``."""
    return protocol.child_id(case_no, "profile", str(uuid.uuid5(_SAMPLE_NS, sample_no)))


def custody_record_id(case_no: str) -> str:
    """A new hand-over record id: ``{case_no}/c/{uuid4}`` (hand-overs are only ever added)."""
    return protocol.child_id(case_no, "custody")


def photo_record_id(case_no: str, sha256: str) -> str:
    """A photo's record id, derived from its content so a re-sweep never makes a second one."""
    return protocol.child_id(case_no, "photo", str(uuid.uuid5(_PHOTO_NS, f"{case_no}:{sha256}")))


def registered_samples(
    case_no: str, doc: dict[str, Any], sample_numbers: list[str]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(record type, record id, payload) of each sample (and profile) filed with a new case,
    numbered in the order registration gives numbers: the reporter first, then the persons."""
    holders: list[tuple[int | str, dict[str, Any]]] = []
    if doc.get("reporter"):
        holders.append(("reporter", doc["reporter"]))
    holders.extend(enumerate(doc.get("persons", [])))
    numbers = iter(sample_numbers)
    for person, holder in holders:
        for sample in holder.get("samples", []):
            sample_no = next(numbers)
            body = {k: v for k, v in sample.items() if k != "profile"}
            profile = sample.get("profile")
            status = "profiled" if profile else sample.get("status", "collected")
            yield "sample", sample_record_id(case_no, sample_no), {
                "sample_no": sample_no, "person": person, "sample": body, "status": status,
            }  # fmt: skip
            if profile:
                yield (
                    "profile",
                    profile_record_id(case_no, sample_no),
                    {"sample_no": sample_no, "profile": profile},
                )
