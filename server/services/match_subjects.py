"""Stations' stored records → match subjects for national matching (pure app.core matcher inputs).

A case record's payload holds the case file (``case``) as the station registered it, profiles
included; lab results entered later arrive as ``profile`` records (``{"sample_no", "profile"}``)
whose holder the ``sample`` record names (``{"sample_no", "person", …}``). The worker's national
index (``matching_index.py``) reads the whole register once through :func:`stream_inputs` (a page
of cases and their children at a time) and afterwards only the cases the journal says changed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import orjson
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, aliased

from app.core.matching import MatchSubject, subjects_from_case
from app.core.matching.from_document import subjects_from_document
from app.core.matching.genotypes import GenotypeStore
from app.core.model import Case, Person
from app.core.problems import InvalidInput
from app.core.sample_checks import parse_profile
from app.core.validation import parse_case
from app.sync import protocol
from server.storage.bulk import PlainQuery, written
from server.storage.tables import Record

__all__ = ["CaseInput", "CasePages", "is_active", "load_inputs", "parse_subjects", "stream_inputs"]

_FAR_FUTURE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)
PAGE = 2000  # cases per page of the first load: bounds the payload text held at once


class CaseInput:
    """One case's stored payloads: the case record and its sample and profile records."""

    __slots__ = ("case_no", "case_type", "children", "payload", "revision")

    def __init__(self, case_no: str, case_type: str, revision: int, text: str | bytes) -> None:
        self.case_no, self.case_type, self.revision = case_no, case_type, revision
        self.payload: dict[str, Any] = _loads(text)
        self.children: list[tuple[str, str, int, dict[str, Any]]] = []  # (type, id, revision, payload)

    def rows(self) -> int:
        """Rows read from ``records`` for this case (the case and its children)."""
        return 1 + len(self.children)


def _loads(text: str | bytes) -> Any:
    """JSON text as stored. orjson decodes in a fraction of the standard library's time (a third
    of the first load was decoding); what it refuses (integers past 64 bits, say) the standard
    library still reads, so no stored record reads differently."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


#: a stored status → whether its case is active (a register holds a handful; bounded all the same)
_ACTIVE: dict[str, bool] = {}


def is_active(payload: dict[str, Any]) -> bool:
    status = payload.get("status")
    if not isinstance(status, str):
        return protocol.coarse_status(None) != "closed"
    active = _ACTIVE.get(status)
    if active is None:
        active = protocol.coarse_status(status) != "closed"
        if len(_ACTIVE) < 256:
            _ACTIVE[status] = active
    return active


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
    if case_nos is not None:
        _add_children(session, inputs)
        return list(inputs.values())
    parent = aliased(Record)
    cq = select(Record.record_type, Record.record_id, Record.revision, Record.payload, Record.case_no).where(
        Record.record_type.in_(("sample", "profile"))
    )
    cq = cq.join(parent, parent.record_id == Record.case_no).where(
        parent.record_type == "case", parent.case_type == case_type
    )
    for r in session.execute(cq):
        if r.case_no in inputs:
            inputs[r.case_no].children.append((r.record_type, r.record_id, r.revision, _loads(r.payload)))
    return list(inputs.values())


def _children_query() -> Select[str, str, int, str, str]:
    return select(
        Record.record_type, Record.record_id, Record.revision, Record.payload, Record.case_no
    ).where(
        Record.record_type != written("case"),  # the children index leaves cases out
        Record.record_type.in_(("sample", "profile")),
    )


def _add_children(session: Session, inputs: dict[str, CaseInput]) -> None:
    """Each case's sample and profile records, by case number."""
    for rtype, rid, revision, payload, case_no in session.connection().execute(
        _children_query().where(Record.case_no.in_(list(inputs)))
    ):
        if case_no in inputs:
            inputs[case_no].children.append((rtype, rid, revision, _loads(payload)))


class CasePages:
    """Case records with their children, a page of cases at a time, keyset pages on the primary
    key (memory bounded by *page*, whatever the register's size; the children of a page's cases
    in one range scan of the children index). Pages are read as the driver's plain tuples
    (``PlainQuery``): SQLAlchemy's rows and their by-name access were a sixth of the first load.

    Ascending (:func:`stream_inputs`, and the first load's own part) or descending (the part a
    second process reads from the top, see ``load_part.py``); either way a page's cases come in
    ascending order."""

    def __init__(self, session: Session, page: int = PAGE, descending: bool = False) -> None:
        self.page, self.descending = page, descending
        key = Record.record_id
        base = select(Record.record_id, Record.case_type, Record.revision, Record.payload).where(
            Record.record_type == "case"
        )
        base = base.order_by(key.desc() if descending else key).limit(bindparam("page", page))
        after, before = key > bindparam("after", ""), key < bindparam("before", "")
        self._queries = {  # by the bounds given (the payloads go to orjson as stored)
            (True, False): PlainQuery(session, base.where(after), text_as_bytes=True),
            (True, True): PlainQuery(session, base.where(after, before), text_as_bytes=True),
            (False, True): PlainQuery(session, base.where(before), text_as_bytes=True),
            (False, False): PlainQuery(session, base, text_as_bytes=True),
        }
        self._children = PlainQuery(
            session,
            _children_query().where(
                Record.case_no >= bindparam("first", ""), Record.case_no <= bindparam("last", "")
            ),
            text_as_bytes=True,
        )

    def read(self, session: Session, after: str | None = None, before: str | None = None) -> list[CaseInput]:
        """The next page of cases strictly between *after* and *before* (None: unbounded)."""
        bounds = {k: v for k, v in (("after", after), ("before", before)) if v is not None}
        rows = self._queries[after is not None, before is not None].rows(session, page=self.page, **bounds)
        if not rows:
            return []
        if self.descending:
            rows.reverse()
        inputs = {rid: CaseInput(rid, ctype or "", revision, text) for rid, ctype, revision, text in rows}
        first, last = rows[0][0], rows[-1][0]
        del rows  # decoded: the page's text goes before the next page comes
        for rtype, rid, revision, payload, case_no in self._children.rows(session, first=first, last=last):
            if case_no in inputs:
                inputs[case_no].children.append((rtype, rid, revision, _loads(payload)))
        return list(inputs.values())


def stream_inputs(session: Session, page: int = PAGE) -> Iterator[list[CaseInput]]:
    """Every case record with its children, a page of cases at a time in case-number order."""
    pages, after = CasePages(session, page), ""
    while inputs := pages.read(session, after=after):
        yield inputs
        after = inputs[-1].case_no


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


def parse_subjects(
    item: CaseInput, store: GenotypeStore | None = None, check: bool = True
) -> list[MatchSubject] | None:
    """The case's match subjects; None when its stored case file cannot be read (the caller
    counts it as refused: such a case is never silently left out of matching).

    With *check* (a job's touched cases) the file is validated in full first; without it (the
    first load of the whole register, whose files were checked when their jobs ran) it is read
    straight for what matching needs, as the station reads its own store. Profiles go into
    *store*'s columns. A case with later lab results (profile records) takes the full path."""
    doc = item.payload.get("case")
    if not isinstance(doc, dict):
        return None
    try:
        if item.children:
            return subjects_from_case(
                item.case_no, _with_profiles(parse_case(doc, now=_FAR_FUTURE), item.children)
            )
        if check:
            parse_case(doc, now=_FAR_FUTURE)
        return subjects_from_document(item.case_no, doc, (), store)
    except InvalidInput:
        return None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None  # a file that was never valid, met on the first load
