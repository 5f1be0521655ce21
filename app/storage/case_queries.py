"""Read-side queries: the case list (filtered and sorted by the database) and search.

Search is a prefix range on the search-key primary key, or on the unique case-number index: no
query here scans a table or uses ``LIKE '%…%'``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, select

from app.core.lifecycle import CaseStatus
from app.core.model import CaseType
from app.core.searchkeys import MATCHED_ON, classify, stored_kinds
from app.storage.case_repository import LIST_COLUMNS, CaseRow, row_of
from app.storage.cursor import Cursor, cursor_of
from app.storage.tables import cases

_HIGH = "\U0010ffff"
# The expression ix_cases_owner (migration 0017) covers: spelt as assignment_repository.OWNER_SQL.
OWNER: ColumnElement[str] = func.coalesce(cases.c.assigned_to, cases.c.officer)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    status: str | None = None
    type: str | None = None
    officer: str | None = None
    review: str | None = None
    created_from: str | None = None  # UTC text, inclusive
    created_to: str | None = None  # UTC text, exclusive
    event_before: str | None = None  # for overdue rules


SORTABLE = {"created_at", "case_no", "type", "status", "officer", "event_at"}


def _filtered(query: Select[Any], f: CaseFilter) -> Select[Any]:
    conds = []
    if f.status:
        conds.append(cases.c.status == f.status)
    if f.type:
        conds.append(cases.c.type == f.type)
    if f.officer:  # the responsible officer: the assignee, else the one who registered it
        conds.append(OWNER.op("=")(f.officer))
    if f.review:
        conds.append(cases.c.review == f.review)
    if f.created_from:
        conds.append(cases.c.created_at >= f.created_from)
    if f.created_to:
        conds.append(cases.c.created_at < f.created_to)
    if f.event_before:
        conds.append(cases.c.event_at < f.event_before)
    return query.where(and_(*conds)) if conds else query


def list_cases(
    conn: Connection,
    f: CaseFilter | None = None,
    *,
    sort: str = "created_at",
    descending: bool = True,
    limit: int = 200,
    offset: int = 0,
) -> list[CaseRow]:
    if sort not in SORTABLE:
        raise ValueError(f"cannot sort by {sort}")
    column = OWNER if sort == "officer" else cases.c[sort]
    order = (column.desc(), cases.c.id.desc()) if descending else (column.asc(), cases.c.id.asc())
    query = _filtered(select(*LIST_COLUMNS), f or CaseFilter()).order_by(*order).limit(limit).offset(offset)
    return [row_of(r) for r in conn.execute(query)]


def count_cases(conn: Connection, f: CaseFilter | None = None) -> int:
    query = _filtered(select(func.count()).select_from(cases), f or CaseFilter())
    return int(conn.execute(query).scalar_one())


def rows_by_number(conn: Connection, case_nos: list[str]) -> dict[str, CaseRow]:
    """The list lines of the given cases, by case number."""
    out: dict[str, CaseRow] = {}
    for start in range(0, len(case_nos), 500):
        chunk = case_nos[start : start + 500]
        for r in conn.execute(select(*LIST_COLUMNS).where(cases.c.case_no.in_(chunk))):
            out[r.case_no] = row_of(r)
    return out


@dataclass(frozen=True, slots=True)
class SearchHit:
    row: CaseRow
    matched_on: str


_ROW = "c.case_no, c.type, c.status, c.review, c.names, c.officer, c.assigned_to, c.created_at, c.event_at"
_BY_CASE_NO = f"SELECT {_ROW} FROM cases c WHERE c.case_no >= ? AND c.case_no < ? ORDER BY c.case_no LIMIT ?"
# Persons whose key starts with the query, exact key first (it sorts first in the range).
_BY_KEY = (
    f"SELECT {_ROW}, k.kind FROM (SELECT key, kind, case_id FROM search_keys WHERE key >= ? AND key < ?"
    " AND kind IN (?, ?, ?) ORDER BY key LIMIT ?) k JOIN cases c ON c.id = k.case_id ORDER BY k.key, k.kind"
)
_BY_NUMBER = f"SELECT {_ROW} FROM cases c WHERE c.case_no = ?"
_TAIL = re.compile(r"^(?:(\d{4})-)?(\d{1,6})$")


def _tail_numbers(cursor: Cursor, query: str) -> list[str]:
    """Case numbers a tail means (``000001``, ``1``, ``2026-000001``): this station's, in every
    year it has numbered cases, newest year first. A handful of exact look-ups, never a scan."""
    m = _TAIL.match(query.strip())
    if m is None:
        return []
    station = cursor.execute("SELECT code FROM station").fetchone()
    if station is None:
        return []
    years = [m.group(1)] if m.group(1) else [
        str(r[0]) for r in cursor.execute(
            "SELECT year FROM case_counters WHERE series = 'case' ORDER BY year DESC"
        ).fetchall()
    ]  # fmt: skip
    return [f"{station[0]}-{y}-{int(m.group(2)):06d}" for y in years]


def search(conn: Connection, text: str, *, limit: int = 50) -> list[SearchHit]:
    """Cases whose persons or number match *text*, most specific kind first, exact before prefix.

    Plain SQL on the DB-API cursor: this runs on every keystroke of the search box.
    """
    cursor = cursor_of(conn)
    hits: dict[str, SearchHit] = {}
    for number in _tail_numbers(cursor, text):
        for r in cursor.execute(_BY_NUMBER, (number,)).fetchall():
            hits.setdefault(r[0], SearchHit(CaseRow(*r), "case_no"))
    for kind, q in classify(text):
        if len(hits) >= limit:
            break
        if kind is None:
            rows = cursor.execute(_BY_CASE_NO, (q, q + _HIGH, limit)).fetchall()
            for r in rows:
                hits.setdefault(r[0], SearchHit(CaseRow(*r), "case_no"))
            continue
        rows = cursor.execute(_BY_KEY, (q, q + _HIGH, *stored_kinds(kind), limit)).fetchall()
        for r in rows:
            if r[0] not in hits:
                hits[r[0]] = SearchHit(CaseRow(*r[:-1]), MATCHED_ON[int(r[-1])])
    return list(hits.values())[:limit]


def overdue(conn: Connection, now_text_7d: str, now_text_3d: str, limit: int = 100_000) -> list[CaseRow]:
    """Open cases with no change for 7 days, and missing-person cases with no DNA after 3 days."""
    from sqlalchemy import exists, or_

    from app.storage.tables import samples

    no_dna = ~exists().where(samples.c.case_id == cases.c.id)
    query = (
        select(*LIST_COLUMNS)
        .where(cases.c.status == CaseStatus.OPEN.value)
        .where(
            or_(
                cases.c.updated_at < now_text_7d,
                and_(cases.c.type == CaseType.MISSING.value, cases.c.created_at < now_text_3d, no_dna),
            )
        )
        .order_by(cases.c.created_at)
        .limit(limit)
    )
    return [row_of(r) for r in conn.execute(query)]


# Small typed look-ups the services ask for (issue 14: SQL stays in app/storage).


def case_exists(conn: Connection, case_no: str) -> bool:
    """True when the register holds *case_no* (of this station)."""
    return conn.exec_driver_sql("SELECT 1 FROM cases WHERE case_no = ?", (case_no,)).first() is not None


def case_type(conn: Connection, case_no: str) -> str | None:
    """The case's type code, or None when the register does not hold it."""
    row = conn.exec_driver_sql("SELECT type FROM cases WHERE case_no = ?", (case_no,)).first()
    return None if row is None else str(row[0])


def names_and_type(cursor: Cursor, case_no: str) -> tuple[str, str]:
    """(the names shown in lists, the type code) of *case_no*, inside a unit of work; ("", "")
    when the register does not hold it."""
    row = cursor.execute("SELECT names, type FROM cases WHERE case_no = ?", (case_no,)).fetchone()
    return (row[0], row[1]) if row else ("", "")


def change_marks(conn: Connection) -> tuple[int, int]:
    """(the newest outbox id, the newest case id): what the matcher's kept pools are as of."""
    mark = conn.exec_driver_sql(
        "SELECT (SELECT coalesce(max(id), 0) FROM outbox), (SELECT coalesce(max(id), 0) FROM cases)"
    ).one()
    return int(mark[0]), int(mark[1])


def changed_since(conn: Connection, outbox_id: int, case_id: int) -> tuple[set[str], set[str]]:
    """(record ids queued after *outbox_id*, case numbers registered after *case_id*)."""
    records = {
        str(r[0])
        for r in conn.exec_driver_sql("SELECT DISTINCT record_id FROM outbox WHERE id > ?", (outbox_id,))
    }
    new_cases = {
        str(r[0]) for r in conn.exec_driver_sql("SELECT case_no FROM cases WHERE id > ?", (case_id,))
    }
    return records, new_cases
