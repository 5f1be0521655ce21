"""The national index a matching worker keeps in memory, current from the journal's sequence.

Loaded once (every active case, a page at a time, see ``match_subjects.stream_inputs``) into
columnar indexes — :class:`app.core.matching.MissingIndex` for the missing persons a found child
is screened against, :class:`~server.services.matching_found.FoundIndex` for the reverse — and
afterwards kept current by reading only the journal entries after the worker's position and the
cases they name. PostgreSQL stays the one source of truth: a restarted worker loads again.

Each side is a base index (built at load, rebuilt when the changes since outgrow it) plus a
small overlay of the persons changed since, ranked exactly; base rows whose person changed or
closed are hidden from its answers. So a job costs the touched cases and the changes since the
last job, never the register.

Journal sequence numbers become visible out of order (concurrent pushes commit in any order),
so a hole below the highest number seen is waited for (``GAP_WAIT`` seconds, after which it is
taken for a rolled-back transaction) before the position moves past it.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.matching import Candidate, KinshipModel, MatchSubject, MissingIndex, rank, rank_found
from app.core.matching.genotypes import GenotypeStore
from app.sync import protocol
from server.services.jobs import Interrupted
from server.services.load_part import SPLIT_AT, LoadPart, PartPage, subjects_of
from server.services.match_subjects import (
    PAGE,
    CaseInput,
    CasePages,
    is_active,
    load_inputs,
    parse_subjects,
)
from server.services.matching_found import FoundIndex
from server.storage.tables import JournalEntry

__all__ = ["GAP_WAIT", "NationalIndex"]

log = logging.getLogger("xunren.server.worker")
GAP_WAIT = 10.0  # seconds a hole in the journal's sequence is waited for
EXACT_AT = 300  # an overlay this small is ranked exactly, without building columns
EXACT_K = 50  # rows of the coarse screen scored exactly per touched person (DNA hits always are)
_RECORD_TYPES = ("case", "person", "sample", "profile")
_JOURNAL_PAGE = 20_000


def _settle() -> None:
    """Keep the index's millions of long-lived objects out of the cyclic collector's walks: each
    full collection a job's allocations trigger would otherwise visit the whole register (at
    1,000,000 persons that is most of a job's time). Frozen objects are still freed by their
    reference counts when the index drops them. After the first load the index is frozen
    without this collection: it would walk every object just loaded (5 % of the load) to find
    the few hundred cycles the load's own statements leave, which are frozen with it instead."""
    gc.collect()
    gc.freeze()


class _Ranker(Protocol):
    def __len__(self) -> int: ...
    def rank(self, subject: MatchSubject, limit: int = ..., exact_k: int = ...) -> list[Candidate]: ...


class _Side:
    """One side's active persons: a columnar base, an overlay of changes, hidden stale rows."""

    def __init__(self, build: Callable[[list[MatchSubject]], _Ranker], exact: Callable[..., list[Candidate]]):
        self._build, self._exact = build, exact
        self.current: dict[str, MatchSubject] = {}
        self.base: _Ranker | None = None
        self.base_keys: set[str] = set()
        self.fresh: dict[str, MatchSubject] = {}
        self.stale: set[str] = set()
        self._overlay: _Ranker | None = None

    def __len__(self) -> int:
        return len(self.current)

    def emptied(self) -> _Side:
        """A new, empty side of the same kind."""
        return _Side(self._build, self._exact)

    def put(self, subject: MatchSubject) -> None:
        self.current[subject.key] = subject
        self.fresh[subject.key] = subject
        if subject.key in self.base_keys:
            self.stale.add(subject.key)
        self._overlay = None

    def drop(self, key: str) -> None:
        self.current.pop(key, None)
        if self.fresh.pop(key, None) is not None:
            self._overlay = None
        if key in self.base_keys:
            self.stale.add(key)

    def compact(self) -> None:
        """Rebuild the base from every current person (at load, and when the overlay grows)."""
        subjects = list(self.current.values())
        self.base = self._build(subjects) if subjects else None
        self.base_keys = set(self.current)
        self.fresh, self.stale, self._overlay = {}, set(), None

    def needs_compacting(self) -> bool:
        return len(self.fresh) + len(self.stale) > max(20_000, len(self.base_keys) // 20)

    def rank(self, query: MatchSubject, limit: int, model: KinshipModel) -> list[Candidate]:
        return self.rank_many([query], limit, model)[0]

    def rank_many(
        self, queries: Sequence[MatchSubject], limit: int, model: KinshipModel
    ) -> list[list[Candidate]]:
        """The best *limit* of each of *queries* (the base screens them together where it can:
        ``MissingIndex.rank_many``, the same answers as one at a time)."""
        wanted = limit + min(len(self.stale), limit)
        if self.base is None:
            based: list[list[Candidate]] = [[] for _ in queries]
        elif isinstance(self.base, MissingIndex):
            # no model, as rank() is called below (the columnar base ranks with the default)
            based = self.base.rank_many(queries, limit=wanted, exact_k=EXACT_K)
        else:
            based = [self.base.rank(q, limit=wanted, exact_k=EXACT_K) for q in queries]
        return [self._with_fresh(q, found, limit, model) for q, found in zip(queries, based, strict=True)]

    def _with_fresh(
        self, query: MatchSubject, based: list[Candidate], limit: int, model: KinshipModel
    ) -> list[Candidate]:
        found = [c for c in based if c.key not in self.stale]
        if self.fresh:
            if len(self.fresh) <= EXACT_AT:
                found += self._exact(query, list(self.fresh.values()), limit=limit, model=model)
            else:
                if self._overlay is None:
                    self._overlay = self._build(list(self.fresh.values()))
                found += self._overlay.rank(query, limit=limit, exact_k=EXACT_K)
        found.sort(key=lambda c: (-c.score, c.key))
        return found[:limit]


@dataclass
class Refreshed:
    """What one refresh read: subjects of the active cases, refused case numbers, rows read."""

    subjects: dict[str, list[MatchSubject]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    rows: int = 0


class NationalIndex:
    """Every active missing and found person of the country, current to ``position``."""

    def __init__(
        self,
        model: KinshipModel | None = None,
        stop: threading.Event | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.model = model or KinshipModel()
        self.clock = clock
        self.genotypes = GenotypeStore()  # every profile once, as columns (append-only)
        self.stop = stop or threading.Event()
        self.missing = _Side(lambda s: MissingIndex(s), rank)
        self.found = _Side(lambda s: FoundIndex(s, self.model), rank_found)
        self.cases: dict[str, tuple[str, ...]] = {}  # case number → its subjects' keys
        self.position = 0  # every journal entry up to here is applied
        self.loaded = False
        self.rows_read = 0  # records and journal rows read since the counter was reset
        self.part: LoadPart | None = None  # the second process of a first load under way
        self.read_apart = 0  # cases of the last first load read by its second process
        self._above: set[int] = set()  # applied entries beyond a hole in the sequence
        self._holes: dict[int, float] = {}  # hole → when first seen (monotonic)

    def __len__(self) -> int:
        return len(self.missing) + len(self.found)

    def _check(self) -> None:
        if self.stop.is_set():
            raise Interrupted  # the claim rolls back: the jobs stay queued

    def load(
        self,
        session: Session,
        progress: Callable[[int], None] | None = None,
        page: int = PAGE,
        split_at: int = SPLIT_AT,
    ) -> Refreshed:
        """Read every active case (a page at a time) and build both sides' columns. What it
        returns counts the rows read and names the refused cases (its ``subjects`` stay empty:
        the whole register is in the index). On PostgreSQL in one snapshot (REPEATABLE READ),
        from *split_at* cases, a second process reads the register from the top while this one
        reads it from the bottom (``load_part.py``)."""
        self._reset()
        self.position = session.scalar(select(func.max(JournalEntry.seq))) or 0
        done = Refreshed()
        collecting = gc.isenabled()
        gc.collect()  # what the process holds before the load (cheap: the register is not in yet)
        gc.disable()  # the load makes millions of lasting objects: each full collection would walk them all
        part = self.part = LoadPart.start(session, page, split_at)
        self.read_apart = 0
        try:
            # read here: up to *after*; by the second process: from *top* (the database's order
            # of case numbers: only it compares them)
            own, after, top = CasePages(session, page), "", None
            tail: list[list[tuple[str, list[MatchSubject] | None]]] = []
            days: dict[int, dt.date] = {}
            seen: set[str] = set()  # the case numbers read here, while the other process reads
            while True:
                if part is not None:
                    for sent in part.ready(self.genotypes):
                        tail.append(self._part_page(sent, seen, days, done))
                        top = sent.first  # its pages come from the top down
                self._check()
                cases = own.read(session, after=after, before=top)
                if not cases:
                    break
                self._load_page(cases, done)
                after = cases[-1].case_no
                if part is not None:
                    seen.update([c.case_no for c in cases])
                if progress is not None:
                    progress(len(self.cases) + sum(map(len, tail)))
            if part is not None:
                part.stop()
            self._join(tail, done)
            self._check()
            self.missing.compact()
            self.found.compact()
            if part is not None:
                part.close(wait=2.0)  # told to stop before the columns were built: long gone
        finally:
            if part is not None:
                part.close()  # at once (an interrupted or failed load): nothing it sends is wanted
                self.part = None
            if collecting:
                gc.enable()
        self.loaded = True
        gc.freeze()  # see _settle; no collection first: it would walk every object just loaded
        return done

    def _part_page(
        self, sent: PartPage, seen: set[str], days: dict[int, dt.date], done: Refreshed
    ) -> list[tuple[str, list[MatchSubject] | None]]:
        """A page the second process read, its subjects rebuilt (but for the cases already read
        here, *seen*: where the two met), kept apart until :meth:`_join`."""
        cases: list[tuple[str, list[MatchSubject] | None]] = []
        for case_no, rows, flats in sent.cases:
            if case_no in seen:
                continue
            done.rows += rows
            self.rows_read += rows
            if flats is False:
                continue
            cases.append(
                (case_no, None if flats is None else subjects_of(flats, self.genotypes, sent.offset, days))
            )
        return cases

    def _join(self, tail: list[list[tuple[str, list[MatchSubject] | None]]], done: Refreshed) -> None:
        """The second process's cases after this one's, in case-number order (its pages came
        from the top down): the order a single reader would have put them in."""
        cases, missing, found = self.cases, self.missing.current, self.found.current
        for sent in reversed(tail):
            self.read_apart += len(sent)
            for case_no, subjects in sent:
                if subjects is None:
                    done.refused.append(case_no)
                    continue
                cases[case_no] = tuple([s.key for s in subjects])
                for s in subjects:
                    (missing if s.side == "missing" else found)[s.key] = s

    def refresh(self, session: Session, case_nos: Iterable[str]) -> Refreshed:
        """Read *case_nos* again (and only them) and put what they now say in the index."""
        wanted = sorted(set(case_nos))
        done = Refreshed()
        for start in range(0, len(wanted), 1000):
            chunk = wanted[start : start + 1000]
            inputs = load_inputs(session, case_nos=chunk)
            for gone in set(chunk) - {i.case_no for i in inputs}:
                self._forget(gone)
            self._apply(inputs, done)
        return done

    def catch_up(self, session: Session) -> Refreshed:
        """Apply the journal after ``position``: the cases it names are read again."""
        changed: set[str] = set()
        while True:
            rows = session.execute(
                select(
                    JournalEntry.seq,
                    JournalEntry.record_type,
                    JournalEntry.record_id,
                    JournalEntry.audience_station_id,
                )
                .where(JournalEntry.seq > self.position)
                .order_by(JournalEntry.seq)
                .limit(_JOURNAL_PAGE)
            ).all()
            self.rows_read += len(rows)
            fresh = [r for r in rows if r.seq not in self._above]
            for r in fresh:
                if r.audience_station_id is None and r.record_type in _RECORD_TYPES:
                    changed.add(protocol.case_of(r.record_id))
            moved = self._advance([r.seq for r in rows])
            if len(rows) < _JOURNAL_PAGE or not moved:
                break
        return self.refresh(session, changed)

    def _advance(self, seen: list[int]) -> bool:
        """Move ``position`` over *seen* up to the first hole still worth waiting for."""
        if not seen:
            return False
        before, now = self.position, self.clock()
        present = set(seen) | self._above
        top = max(present)
        for seq in range(self.position + 1, top + 1):
            if seq not in present:
                first = self._holes.setdefault(seq, now)
                if now - first < GAP_WAIT:
                    break
                del self._holes[seq]  # a rolled-back transaction's number: never coming
            else:
                self._holes.pop(seq, None)
            self.position = seq
        self._above = {s for s in present if s > self.position}
        return self.position > before

    def _forget(self, case_no: str) -> None:
        for key in self.cases.pop(case_no, ()):
            self.missing.drop(key)
            self.found.drop(key)

    def _reset(self) -> None:
        """Empty, as constructed (a load interrupted half-way is started again from nothing)."""
        self.genotypes = GenotypeStore()
        self.missing, self.found = self.missing.emptied(), self.found.emptied()
        self.cases = {}
        self._above, self._holes = set(), {}

    def _load_page(self, inputs: Sequence[CaseInput], done: Refreshed) -> None:
        """:meth:`_apply` for a page of the first load, into an index that holds none of its
        cases yet (each case is read once): the persons go straight to each side's current set,
        which :meth:`_Side.compact` then builds its columns from — none of the bookkeeping a
        change to a loaded index needs (nor a copy of the subjects in *done*). The register's
        million persons pass through here."""
        store, cases, refused = self.genotypes, self.cases, done.refused
        missing, found = self.missing.current, self.found.current
        rows = 0
        for item in inputs:
            rows += 1 + len(item.children)
            if not is_active(item.payload):
                continue
            subjects = parse_subjects(item, store, False)
            if subjects is None:
                refused.append(item.case_no)
                continue
            cases[item.case_no] = tuple([s.key for s in subjects])
            for s in subjects:
                (missing if s.side == "missing" else found)[s.key] = s
        done.rows += rows
        self.rows_read += rows

    def _apply(self, inputs: Sequence[CaseInput], done: Refreshed, check: bool = True) -> None:
        for n, item in enumerate(inputs):
            if n % 200 == 0:
                self._check()
            done.rows += item.rows()
            self.rows_read += item.rows()
            self._forget(item.case_no)
            if not is_active(item.payload):
                continue
            subjects = parse_subjects(item, self.genotypes, check)
            if subjects is None:
                done.refused.append(item.case_no)
                continue
            done.subjects[item.case_no] = subjects
            self.cases[item.case_no] = tuple(s.key for s in subjects)
            for s in subjects:
                (self.missing if s.side == "missing" else self.found).put(s)

    def compact_if_due(self) -> bool:
        """Rebuild a side whose overlay of changes outgrew it; True when one was rebuilt."""
        rebuilt = False
        for side in (self.missing, self.found):
            if side.needs_compacting():
                side.compact()
                rebuilt = True
        if rebuilt:
            _settle()
        return rebuilt

    def screen(self, subject: MatchSubject, limit: int) -> list[Candidate]:
        """The best counterparts of *subject* among the other side's active persons."""
        return self.screen_many([subject], limit)[0]

    def screen_many(self, subjects: Sequence[MatchSubject], limit: int) -> list[list[Candidate]]:
        """:meth:`screen` of each of *subjects*, each side's queries screened together (keep
        the batches small: a stop is looked at once per batch)."""
        self._check()
        out: dict[int, list[Candidate]] = {}
        for side, other in (("found", self.missing), ("missing", self.found)):
            mine = [i for i, s in enumerate(subjects) if (s.side == "found") == (side == "found")]
            if mine:
                ranked = other.rank_many([subjects[i] for i in mine], limit, self.model)
                out.update(zip(mine, ranked, strict=True))
        return [out[i] for i in range(len(subjects))]
