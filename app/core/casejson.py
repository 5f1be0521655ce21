"""A case back to the JSON shape of the case file (SPEC.md), for storage, sync and `case show`.

``case_to_json(parse_case(x))`` gives back what the officer filed, with defaults left out, and
``parse_case(case_to_json(c))`` gives the same case: the round trip is tested.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core.model import (
    EVENT_KEY,
    Address,
    Case,
    CustodyEvent,
    Person,
    RegisteredCase,
    Revision,
    Role,
    Sample,
    StrProfile,
)


def _allele(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def profile_to_json(profile: StrProfile) -> dict[str, Any]:
    return {"kit": profile.kit, "loci": {k: [_allele(a), _allele(b)] for k, (a, b) in profile.loci.items()}}


def custody_to_json(event: CustodyEvent) -> dict[str, Any]:
    out: dict[str, Any] = {"at": event.at.isoformat(), "from": event.from_party, "to": event.to_party}
    if event.purpose:
        out["purpose"] = event.purpose
    if event.recorded_by:
        out["recorded_by"] = event.recorded_by
    return out


def sample_to_json(sample: Sample, *, registered: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": sample.type.value,
        "collected_at": sample.collected_at.isoformat(),
        "consent": sample.consent,
    }
    if sample.profile is not None:
        out["profile"] = profile_to_json(sample.profile)
    if sample.collector:
        out["collector"] = sample.collector
    if sample.note:
        out["note"] = sample.note
    if registered:
        out["sample_no"] = sample.sample_no
        out["status"] = sample.status.value
        if sample.custody:
            out["custody"] = [custody_to_json(e) for e in sample.custody]
    return out


def _address(addr: Address) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if addr.code is not None:
        out["code"] = addr.code
    out["text"] = addr.text
    return out


def person_to_json(person: Person, *, registered: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if person.role is not Role.REPORTER:
        out["role"] = person.role.value
    scalars: list[tuple[str, Any]] = [
        ("name", person.name),
        ("former_names", list(person.former_names)),
        ("nicknames", list(person.nicknames)),
        ("name_is_self_reported", person.name_is_self_reported),
        ("sex", person.sex.value),
        ("birth_date", person.birth_date.isoformat() if person.birth_date else None),
        ("estimated_age", list(person.estimated_age) if person.estimated_age else None),
        ("id_number", person.id_number),
        ("phone", person.phone),
        ("relation", person.relation),
        ("height_cm", list(person.height_cm) if person.height_cm else None),
        ("build", person.build.value if person.build else None),
        ("build_text", person.build_text),
        ("marks", person.marks),
        ("clothing", person.clothing),
        ("dialect", person.dialect),
        ("statement", person.statement),
        ("origin", person.origin),
        ("household_address", _address(person.household_address) if person.household_address else None),
        ("address", _address(person.address) if person.address else None),
    ]
    for key, value in scalars:
        if value not in (None, "", [], False) or (key == "sex"):
            out[key] = value
    if person.samples:
        out["samples"] = [sample_to_json(s, registered=registered) for s in person.samples]
    return out


def case_to_json(case: Case, *, registered: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"type": case.type.value, "reported_at": case.reported_at.isoformat()}
    if case.summary:
        out["summary"] = case.summary
    if case.exploitation:
        out["exploitation"] = [e.value for e in case.exploitation]
    if case.event is not None:
        event: dict[str, Any] = {"at": case.event.at.isoformat()}
        if case.event.place_code is not None:
            event["place_code"] = case.event.place_code
        if case.event.place:
            event["place"] = case.event.place
        out[EVENT_KEY[case.type]] = event
    if case.contact:
        out["contact"] = case.contact
    if case.reporter is not None:
        out["reporter"] = person_to_json(case.reporter, registered=registered)
    out["persons"] = [person_to_json(p, registered=registered) for p in case.persons]
    return out


def utc_text(moment: dt.datetime) -> str:
    """UTC with a Z, to the second: how the CLI and sync write times."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def registered_case_to_json(reg: RegisteredCase) -> dict[str, Any]:
    """`case show --json`: the input shape plus what registration added."""
    out: dict[str, Any] = {"case_no": reg.case_no}
    out.update(case_to_json(reg.case, registered=True))
    out.update(
        {
            "status": reg.status.value,
            "review": reg.review.value,
            "officer": reg.officer,
            "assigned_to": reg.assigned_to,
            "verification_code": reg.verification_code,
            "created_at": utc_text(reg.created_at),
            "revision": reg.revision,
        }
    )
    if reg.void_reason:
        out["void_reason"] = reg.void_reason
    if reg.closure is not None:
        out["closure"] = {
            "outcome": reg.closure.outcome.value,
            "reason": reg.closure.reason,
            "closed_at": utc_text(reg.closure.closed_at),
            "approved_by": reg.closure.approved_by,
        }
    if reg.thread:
        out["thread"] = [
            {"at": utc_text(e.at), "by": e.actor, "event": e.event.value, "text": e.text} for e in reg.thread
        ]
    if reg.revisions:
        out["revisions"] = [revision_to_json(r) for r in reg.revisions]
    return out


def revision_to_json(rev: Revision) -> dict[str, Any]:
    return {
        "revision": rev.revision,
        "at": utc_text(rev.at),
        "by": rev.actor,
        "reason": rev.reason,
        "changes": [{"field": c.path, "before": c.before, "after": c.after} for c in rev.changes],
    }
