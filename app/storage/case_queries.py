"""Read-side queries: the case list (filtered and sorted by the database) and search.

Search is a prefix range on the search-key primary key, or on the unique case-number index: no
query here scans a table or uses ``LIKE '%…%'``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, func, select

from app.core.searchkeys import MATCHED_ON, classify
from app.storage.case_repository import LIST_COLUMNS, CaseRow, row_of
from app.storage.tables import cases

_HIGH = "\U0010ffff"


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
    if f.officer:
        conds.append(cases.c.officer == f.officer)
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
    column = cases.c[sort]
    order = (column.desc(), cases.c.id.desc()) if descending else (column.asc(), cases.c.id.asc())
    query = _filtered(select(*LIST_COLUMNS), f or CaseFilter()).order_by(*order).limit(limit).offset(offset)
    return [row_of(r) for r in conn.execute(query)]


def count_cases(conn: Connection, f: CaseFilter | None = None) -> int:
    query = _filtered(select(func.count()).select_from(cases), f or CaseFilter())
    return int(conn.execute(query).scalar_one())


@dataclass(frozen=True, slots=True)
class SearchHit:
    row: CaseRow
    matched_on: str


_ROW = "c.case_no, c.type, c.status, c.review, c.names, c.officer, c.assigned_to, c.created_at, c.event_at"
_BY_CASE_NO = f"SELECT {_ROW} FROM cases c WHERE c.case_no >= ? AND c.case_no < ? ORDER BY c.case_no LIMIT ?"
# Persons whose key starts with the query, exact key first (it sorts first in the range).
_BY_KEY = (
    f"SELECT {_ROW} FROM (SELECT key, case_id FROM search_keys WHERE key >= ? AND key < ? AND kind = ?"
    " ORDER BY key LIMIT ?) k JOIN cases c ON c.id = k.case_id ORDER BY k.key"
)


def search(conn: Connection, text: str, *, limit: int = 50) -> list[SearchHit]:
    """Cases whose persons or number match *text*, most specific kind first, exact before prefix.

    Plain SQL on the DB-API cursor: this runs on every keystroke of the search box.
    """
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    hits: dict[str, SearchHit] = {}
    for kind, q in classify(text):
        if len(hits) >= limit:
            break
        if kind is None:
            rows = cursor.execute(_BY_CASE_NO, (q, q + _HIGH, limit)).fetchall()
            matched = "case_no"
        else:
            rows = cursor.execute(_BY_KEY, (q, q + _HIGH, int(kind), limit)).fetchall()
            matched = MATCHED_ON[kind]
        for r in rows:
            if r[0] not in hits:
                hits[r[0]] = SearchHit(CaseRow(*r), matched)
    return list(hits.values())[:limit]


def overdue(conn: Connection, now_text_7d: str, now_text_3d: str, limit: int = 100_000) -> list[CaseRow]:
    """Open cases with no change for 7 days, and missing-person cases with no DNA after 3 days."""
    from sqlalchemy import exists, or_

    from app.storage.tables import samples

    no_dna = ~exists().where(samples.c.case_id == cases.c.id)
    query = (
        select(*LIST_COLUMNS)
        .where(cases.c.status == "open")
        .where(
            or_(
                cases.c.updated_at < now_text_7d,
                and_(cases.c.type == "missing", cases.c.created_at < now_text_3d, no_dna),
            )
        )
        .order_by(cases.c.created_at)
        .limit(limit)
    )
    return [row_of(r) for r in conn.execute(query)]
