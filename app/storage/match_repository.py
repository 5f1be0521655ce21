"""Matching's tables: where the matcher's inputs come from and where its proposals are kept.

``match_candidates`` holds one row per proposed (missing person, found person) pair with its
review state; :func:`save_pair` is the one place that decides what a recomputation may change,
so a person's decision survives it: a rejected pair stays hidden while its evidence fingerprint
is the one the person rejected. ``match_stale`` lists cases whose candidates must be recomputed;
a change marks its case in its own transaction (:func:`mark_stale`) and matching drains the list.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, Select, func, select

from app.core.lifecycle import ACTIVE_CASE_STATUSES, MatchState, RecheckState, move
from app.core.model import Case, Person
from app.core.sample_checks import parse_profile
from app.core.validation import read_stored_case
from app.storage.cursor import Cursor, NamedRow, cursor_of
from app.storage.engine import streaming_cache
from app.storage.tables import cases, match_candidates, samples

ACTIVE_STATUSES = tuple(sorted(s.value for s in ACTIVE_CASE_STATUSES))


@dataclass(frozen=True, slots=True)
class CaseSource:
    """A case as stored: its document and the lab profiles entered since (person, sample, JSON)."""

    case_no: str
    type: str
    document: str
    profiles: tuple[tuple[int, int, str], ...]

    def digest(self) -> str:
        """A hash of what matching reads from the case: its document and its stored profiles."""
        digest = hashlib.sha256(self.document.encode())  # fed in parts: no copy of the document
        digest.update(("|" + "|".join(f"{p}:{i}:{t}" for p, i, t in self.profiles)).encode())
        return digest.hexdigest()

    def to_case(self) -> Case:
        """The case with every stored profile in place (the document predates later lab results)."""
        case = read_stored_case(json.loads(self.document))
        by_place = {(p, i): parse_profile(json.loads(t)) for p, i, t in self.profiles}
        if not by_place:
            return case

        def fill(position: int, person: Person) -> Person:
            filled = tuple(
                replace(s, profile=by_place.get((position, i), s.profile))
                for i, s in enumerate(person.samples)
            )
            return replace(person, samples=filled)

        return replace(
            case,
            reporter=fill(-1, case.reporter) if case.reporter else None,
            persons=tuple(fill(i, p) for i, p in enumerate(case.persons)),
        )


@dataclass(frozen=True, slots=True)
class PairRow:
    """One stored candidate pair."""

    id: int
    missing_case: str
    found_case: str
    missing_key: str
    found_key: str
    score: float
    reasons: list[dict[str, Any]]
    dna: dict[str, Any] | None
    origin: str
    state: MatchState
    reject_reason: str | None
    fingerprint: str
    decided_fingerprint: str | None
    decided_by: str | None
    decided_at: str | None
    dna_recheck: RecheckState | None
    computed_at: str

    def other(self, case_no: str) -> str:
        return self.found_case if case_no == self.missing_case else self.missing_case

    def verdict(self) -> str | None:
        """The DNA verdict of the pair, or None when no DNA was compared."""
        return str(self.dna["verdict"]) if self.dna else None

    def visible(self) -> bool:
        """Rejected pairs stay out of lists (they come back only as new evidence reopens them)."""
        return self.state is not MatchState.REJECTED


@dataclass(frozen=True, slots=True)
class PairUpdate:
    """What a (re)computation says about one pair."""

    missing_case: str
    found_case: str
    missing_key: str
    found_key: str
    score: float
    reasons: list[dict[str, Any]]
    dna: dict[str, Any] | None
    fingerprint: str
    origin: str = "station"


def _source_query(case_type: str | None, active: bool) -> Select[Any]:
    q = select(cases.c.id, cases.c.case_no, cases.c.type, cases.c.document).where(
        cases.c.type.in_([case_type] if case_type else ["missing", "found"])
    )
    return q.where(cases.c.status.in_(ACTIVE_STATUSES)) if active else q


def _with_profiles(conn: Connection, rows: Sequence[NamedRow], *, only_these: bool) -> list[CaseSource]:
    """*rows* (id, case_no, type, document) with their stored profiles, in the same order."""
    wanted = {r.id for r in rows}
    profiles: dict[int, list[tuple[int, int, str]]] = {}
    prof_q = select(
        samples.c.case_id, samples.c.person_position, samples.c.sample_index, samples.c.profile
    ).where(samples.c.profile.is_not(None))
    if only_these:
        prof_q = prof_q.where(samples.c.case_id.in_(list(wanted)))
    for s in conn.execute(prof_q.order_by(samples.c.id)):
        if s.case_id in wanted:
            profiles.setdefault(s.case_id, []).append((s.person_position, s.sample_index, s.profile))
    return [CaseSource(r.case_no, r.type, r.document, tuple(profiles.get(r.id, ()))) for r in rows]


def load_sources(
    conn: Connection,
    *,
    case_type: str | None = None,
    case_nos: Sequence[str] | None = None,
    active: bool = True,
) -> list[CaseSource]:
    """Missing and found cases (active ones unless *active* is False), with their stored profiles."""
    q = _source_query(case_type, active)
    if case_nos is not None:
        q = q.where(cases.c.case_no.in_(list(case_nos)))
    rows = conn.execute(q.order_by(cases.c.id)).all()
    return _with_profiles(conn, rows, only_these=case_nos is not None)


# NOT INDEXED: the window is a range of the primary key. Left to itself the planner takes
# ix_cases_desk (status, type, …) and walks every active case's index entry for every window:
# quadratic in the register (100,000 active cases: 3.7 s of a 6.7 s first load).
_WINDOW_SQL = (
    "SELECT id, case_no, type, document FROM cases NOT INDEXED WHERE id BETWEEN ? AND ?"
    " AND type IN ('missing', 'found') AND status IN ({}) ORDER BY id".format(
        ", ".join(f"'{s}'" for s in ACTIVE_STATUSES)
    )
)  # the active statuses as load_sources reads them (a case awaiting closure is still matched)
_WINDOW_PROFILES_SQL = (
    "SELECT case_id, person_position, sample_index, profile FROM samples"
    " WHERE case_id BETWEEN ? AND ? AND profile IS NOT NULL ORDER BY id"
)


def _window(conn: Connection, low: int, high: int) -> list[CaseSource]:
    """The active missing and found cases with ids in [low, high], with their stored profiles."""
    rows = conn.exec_driver_sql(_WINDOW_SQL, (low, high)).fetchall()
    if not rows:
        return []
    profiles: dict[int, list[tuple[int, int, str]]] = {}
    for case_id, position, index, text in conn.exec_driver_sql(_WINDOW_PROFILES_SQL, (low, high)):
        profiles.setdefault(case_id, []).append((position, index, text))
    return [CaseSource(no, kind, doc, tuple(profiles.get(cid, ()))) for cid, no, kind, doc in rows]


def iter_sources(conn: Connection, *, batch: int = 2000) -> Iterator[CaseSource]:
    """Every active missing and found case in id order, a window of *batch* ids at a time: the
    register's documents are never all in memory at once (call it inside one reader snapshot).
    Windows of the primary key, not LIMIT: the planner would otherwise pick a status or type
    index and sort the whole register for every batch. The pages are read once: the
    connection's page cache stays small meanwhile (``streaming_cache``), so the whole register
    passing through does not grow the process by the full cache (64 MB) nor push out the pages
    searches use."""
    top = int(conn.execute(select(func.coalesce(func.max(cases.c.id), 0))).scalar_one())
    cursor = cursor_of(conn)
    try:
        with streaming_cache(cursor):
            for low in range(1, top + 1, batch):
                yield from _window(conn, low, low + batch - 1)
    finally:
        cursor.close()


def active_case_numbers(conn: Connection, case_type: str) -> list[str]:
    q = select(cases.c.case_no).where(cases.c.type == case_type, cases.c.status.in_(ACTIVE_STATUSES))
    return [str(r[0]) for r in conn.execute(q.order_by(cases.c.case_no))]


def _row(r: NamedRow) -> PairRow:
    return PairRow(
        r.id, r.missing_case, r.found_case, r.missing_key, r.found_key, float(r.score), json.loads(r.reasons),
        json.loads(r.dna) if r.dna else None, r.origin, MatchState(r.state), r.reject_reason, r.fingerprint,
        r.decided_fingerprint, r.decided_by, r.decided_at, RecheckState(r.dna_recheck) if r.dna_recheck else None,
        r.computed_at,
    )  # fmt: skip


def pairs_of(conn: Connection, case_no: str) -> list[PairRow]:
    """Every stored pair one side of which is *case_no*, best first."""
    m = match_candidates.c
    rows = conn.execute(
        select(match_candidates).where((m.missing_case == case_no) | (m.found_case == case_no))
    ).all()
    return sorted((_row(r) for r in rows), key=lambda p: (-p.score, p.id))


def pairs_between(conn: Connection, a: str, b: str) -> list[PairRow]:
    m = match_candidates.c
    rows = conn.execute(
        select(match_candidates).where(
            ((m.missing_case == a) & (m.found_case == b)) | ((m.missing_case == b) & (m.found_case == a))
        )
    ).all()
    return [_row(r) for r in rows]


def queue(
    conn: Connection, states: Iterable[MatchState] = (MatchState.POTENTIAL,), limit: int = 500
) -> list[PairRow]:
    """The station-wide review queue: pairs in *states*, DNA re-checks first, then by score."""
    m = match_candidates.c
    rows = conn.execute(
        select(match_candidates)
        .where(m.state.in_([str(s) for s in states]))
        .order_by((m.dna_recheck == RecheckState.PENDING.value).desc(), m.score.desc(), m.id)
        .limit(limit)
    ).all()
    return [_row(r) for r in rows]


_INSERT = (
    "INSERT INTO match_candidates (missing_case, found_case, missing_key, found_key, score, reasons, dna,"
    " dna_verdict, origin, fingerprint, dna_recheck, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def save_pair(cursor: Cursor, pair: PairUpdate, now: str) -> str:
    """Insert or refresh one pair; returns ``new``, ``updated``, ``reopened`` or ``unchanged``.

    A rejected pair is reopened (back to potential) only when its evidence fingerprint differs
    from the one rejected *and* its score moved: new evidence, not a mere recomputation. A DNA
    "supports" opens a re-check (``dna_recheck = pending``) whenever it is new evidence.
    """
    reasons = json.dumps(pair.reasons, ensure_ascii=False, separators=(",", ":"))
    dna = json.dumps(pair.dna, separators=(",", ":")) if pair.dna else None
    verdict = pair.dna.get("verdict") if pair.dna else None
    recheck = RecheckState.PENDING.value if verdict == "supports" else None
    row = cursor.execute(
        "SELECT id, state, fingerprint, decided_fingerprint, score, dna_recheck, dna FROM match_candidates"
        " WHERE missing_key = ? AND found_key = ?",
        (pair.missing_key, pair.found_key),
    ).fetchone()
    if row is None:
        cursor.execute(_INSERT, (pair.missing_case, pair.found_case, pair.missing_key, pair.found_key, pair.score,
                                 reasons, dna, verdict, pair.origin, pair.fingerprint, recheck, now))  # fmt: skip
        return "new"
    pid, state, fingerprint, decided_fp, old_score, old_recheck, old_dna = row
    # the DNA result may change alone (the station's θ changed): it is then stored too
    if fingerprint == pair.fingerprint and abs(float(old_score) - pair.score) < 1e-9 and old_dna == dna:
        return "unchanged"
    new_evidence = fingerprint != pair.fingerprint
    outcome = "updated"
    if (
        state == MatchState.REJECTED
        and decided_fp != pair.fingerprint
        and abs(float(old_score) - pair.score) >= 1e-4
    ):
        state, outcome = move(MatchState.REJECTED, MatchState.POTENTIAL).value, "reopened"
    if not (recheck == RecheckState.PENDING and (new_evidence or old_recheck is None)):
        recheck = old_recheck if verdict == "supports" else None
    cursor.execute(
        "UPDATE match_candidates SET score = ?, reasons = ?, dna = ?, dna_verdict = ?, fingerprint = ?,"
        " state = ?, dna_recheck = ?, computed_at = ? WHERE id = ?",
        (pair.score, reasons, dna, verdict, pair.fingerprint, state, recheck, now, pid),
    )
    return outcome


def delete_pair(cursor: Cursor, pair_id: int) -> None:
    cursor.execute(
        "DELETE FROM match_candidates WHERE id = ? AND state = ?", (pair_id, MatchState.POTENTIAL.value)
    )


def decide(cursor: Cursor, pair_id: int, state: MatchState, user: str, now: str, reason: str | None) -> None:
    """Record a person's decision on a pair, with the evidence it was taken on."""
    cursor.execute(
        "UPDATE match_candidates SET state = ?, reject_reason = ?, decided_by = ?, decided_at = ?,"
        " decided_fingerprint = fingerprint WHERE id = ?",
        (MatchState(state).value, reason, user, now, pair_id),
    )


def finish_recheck(cursor: Cursor, pair_id: int, user: str, now: str) -> None:
    cursor.execute(
        "UPDATE match_candidates SET dna_recheck = ?, recheck_by = ?, recheck_at = ? WHERE id = ?",
        (RecheckState.DONE.value, user, now, pair_id),
    )


def mark_stale(cursor: Cursor, case_no: str, now: str) -> None:
    """Ask for *case_no*'s candidates to be recomputed (call inside the change's transaction)."""
    cursor.execute("INSERT OR REPLACE INTO match_stale (case_no, marked_at) VALUES (?, ?)", (case_no, now))


def matched_inputs(conn: Connection) -> dict[str, str]:
    """case number → digest of the inputs it was last matched on."""
    return {str(r[0]): str(r[1]) for r in conn.exec_driver_sql("SELECT case_no, digest FROM match_inputs")}


def record_inputs(cursor: Cursor, digests: Iterable[tuple[str, str]], now: str) -> None:
    cursor.executemany(
        "INSERT OR REPLACE INTO match_inputs (case_no, digest, matched_at) VALUES (?, ?, ?)",
        [(c, d, now) for c, d in digests],
    )


def forget_inputs(cursor: Cursor, case_nos: Iterable[str]) -> None:
    cursor.executemany("DELETE FROM match_inputs WHERE case_no = ?", [(c,) for c in case_nos])


def stale_cases(conn: Connection, limit: int = 1000) -> list[str]:
    rows = conn.exec_driver_sql("SELECT case_no FROM match_stale ORDER BY marked_at LIMIT ?", (limit,))
    return [str(r[0]) for r in rows]


def clear_stale(cursor: Cursor, case_nos: Iterable[str]) -> None:
    cursor.executemany("DELETE FROM match_stale WHERE case_no = ?", [(c,) for c in case_nos])


def pulled_matches(conn: Connection, after_seq: int) -> list[tuple[int, str, int, dict[str, Any]]]:
    """National match items the sync engine pulled after *after_seq*: (seq, id, revision, payload)."""
    rows = conn.exec_driver_sql(
        "SELECT seq, record_id, revision, payload FROM pulled_items WHERE kind = 'match' AND seq > ? ORDER BY seq",
        (after_seq,),
    )
    return [(int(r[0]), str(r[1]), int(r[2]), json.loads(r[3])) for r in rows]


def setting(conn: Connection, key: str) -> str | None:
    row = conn.exec_driver_sql("SELECT value FROM settings WHERE key = ?", (key,)).first()
    return None if row is None else str(row[0])


def set_setting(cursor: Cursor, key: str, value: str) -> None:
    cursor.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))


def pair_id_of(cursor: Cursor, missing_key: str, found_key: str) -> int | None:
    """The id of the candidate pair stored under (*missing_key*, *found_key*), or None."""
    row = cursor.execute(
        "SELECT id FROM match_candidates WHERE missing_key = ? AND found_key = ?", (missing_key, found_key)
    ).fetchone()
    return None if row is None else int(row[0])


def national_pair(cursor: Cursor, missing: str, found: str) -> tuple[int, str] | None:
    """(id, state) of the national candidate pair (*missing*, *found*), or None."""
    row = cursor.execute(
        "SELECT id, state FROM match_candidates WHERE missing_key = ? AND found_key = ?",
        (f"{missing}#national", f"{found}#national"),
    ).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def reopen_national(cursor: Cursor, missing: str, found: str) -> bool:
    """Open the national pair (*missing*, *found*) again when it was closed here by the national
    state (a reunion through another pair that no longer holds), never when this station
    rejected it itself. True when it was reopened."""
    cursor.execute(
        "UPDATE match_candidates SET state = ?, reject_reason = NULL WHERE missing_key = ? AND found_key = ?"
        " AND state = ? AND decided_by LIKE 'national:%'",
        (MatchState.POTENTIAL.value, f"{missing}#national", f"{found}#national", MatchState.REJECTED.value),
    )
    return int(cursor.rowcount) == 1


def latest_pulled_matches(conn: Connection) -> list[dict[str, Any]]:
    """The last delivered payload of every national pair pulled (the highest revision wins)."""
    rows = conn.exec_driver_sql(
        "SELECT p.payload FROM pulled_items p WHERE p.kind = 'match' AND p.seq = "
        "(SELECT MAX(q.seq) FROM pulled_items q WHERE q.kind = 'match' AND q.record_id = p.record_id)"
        " ORDER BY p.record_id"
    )
    return [json.loads(r[0]) for r in rows]


def pulled_summary(conn: Connection, case_no: str) -> dict[str, Any] | None:
    """The newest pulled summary of another station's case *case_no* (pull kind ``summary``)."""
    row = conn.exec_driver_sql(
        "SELECT payload FROM pulled_items WHERE kind = 'summary' AND record_id = ?"
        " ORDER BY revision DESC, seq DESC LIMIT 1",
        (case_no,),
    ).first()
    return None if row is None else dict(json.loads(row[0]))
