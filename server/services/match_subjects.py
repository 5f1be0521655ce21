"""Stations' stored records → match subjects for national matching (pure app.core matcher inputs).

A case record's payload holds the case file (``case``) as the station registered it, profiles
included; lab results entered later arrive as ``profile`` records (``{"sample_no", "profile"}``)
whose holder the ``sample`` record names (``{"sample_no", "person", …}``). Subjects are cached
per case by the revisions they were built from, so a worker job re-reads only what changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.core.matching import MatchSubject, subjects_from_case
from app.core.model import Case, Person
from app.core.problems import InvalidInput
from app.core.validation import parse_case, parse_profile
from app.sync import protocol
from server.storage.tables import Record

__all__ = ["CaseInput", "build_subjects", "is_active", "load_inputs"]

_FAR_FUTURE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)
_CACHE: dict[str, tuple[tuple[Any, ...], list[MatchSubject]]] = {}
_CACHE_MAX = 2_000_000


class CaseInput:
    """One case's stored payloads: the case record and its sample and profile records."""

    __slots__ = ("case_no", "case_type", "children", "digest", "payload", "revision")

    def __init__(self, case_no: str, case_type: str, revision: int, text: str) -> None:
        self.case_no, self.case_type, self.revision = case_no, case_type, revision
        self.payload: dict[str, Any] = json.loads(text)
        self.digest = hashlib.sha256(text.encode()).hexdigest()  # revisions alone restart on a new server
        self.children: list[tuple[str, str, int, dict[str, Any]]] = []  # (type, id, revision, payload)

    def version(self) -> tuple[Any, ...]:
        return (self.digest, tuple(sorted((rid, rev) for _t, rid, rev, _p in self.children)))


def is_active(payload: dict[str, Any]) -> bool:
    status = payload.get("status")
    return protocol.coarse_status(status if isinstance(status, str) else None) != "closed"


def load_inputs(
    session: Session, *, case_nos: Sequence[str] | None = None, case_type: str | None = None
) -> list[CaseInput]:
    """Case records (by number, or every one of *case_type*) with their sample/profile records."""
    q = select(Record.record_id, Record.case_type, Record.revision, Record.payload).where(
        Record.record_type == "case"
    )
    if case_nos is not None:
        q = q.where(Record.record_id.in_(list(case_nos)))
    if case_type is not None:
        q = q.where(Record.case_type == case_type)
    inputs = {
        r.record_id: CaseInput(r.record_id, r.case_type or "", r.revision, r.payload)
        for r in session.execute(q)
    }
    if not inputs:
        return []
    parent = aliased(Record)
    cq = select(Record.record_type, Record.record_id, Record.revision, Record.payload, Record.case_no).where(
        Record.record_type.in_(("sample", "profile"))
    )
    if case_nos is not None:
        cq = cq.where(Record.case_no.in_(list(inputs)))
    else:
        cq = cq.join(parent, parent.record_id == Record.case_no).where(
            parent.record_type == "case", parent.case_type == case_type
        )
    for r in session.execute(cq):
        if r.case_no in inputs:
            inputs[r.case_no].children.append((r.record_type, r.record_id, r.revision, json.loads(r.payload)))
    return list(inputs.values())


def _with_profiles(case: Case, children: Iterable[tuple[str, str, int, dict[str, Any]]]) -> Case:
    """The case with each later lab profile put on its holder's first sample lacking one."""
    holders: dict[str, Any] = {}
    profiles: list[tuple[str, Any]] = []
    for rtype, _rid, _rev, payload in children:
        if rtype == "sample" and isinstance(payload.get("sample_no"), str):
            holders[payload["sample_no"]] = payload.get("person")
        elif rtype == "profile" and isinstance(payload.get("sample_no"), str):
            profiles.append((payload["sample_no"], payload.get("profile")))

    def give(person: Person, raw: Any) -> Person:
        if any(s.profile is not None for s in person.samples) or not person.samples:
            return person
        try:
            profile = parse_profile(raw)
        except InvalidInput:
            return person
        first = replace(person.samples[0], profile=profile)
        return replace(person, samples=(first, *person.samples[1:]))

    for sample_no, raw in profiles:
        holder = holders.get(sample_no)
        if holder == "reporter" and case.reporter is not None:
            case = replace(case, reporter=give(case.reporter, raw))
        elif isinstance(holder, int) and 0 <= holder < len(case.persons):
            persons = list(case.persons)
            persons[holder] = give(persons[holder], raw)
            case = replace(case, persons=tuple(persons))
    return case


def build_subjects(item: CaseInput) -> list[MatchSubject]:
    """The case's match subjects (none for a payload without a readable case file)."""
    version = item.version()
    hit = _CACHE.get(item.case_no)
    if hit is not None and hit[0] == version:
        return hit[1]
    doc = item.payload.get("case")
    subjects: list[MatchSubject] = []
    if isinstance(doc, dict):
        try:
            case = _with_profiles(parse_case(doc, now=_FAR_FUTURE), item.children)
            subjects = subjects_from_case(item.case_no, case)
        except InvalidInput:
            subjects = []
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[item.case_no] = (version, subjects)
    return subjects
