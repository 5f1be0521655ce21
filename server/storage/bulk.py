"""Many rows at once, and ``IN`` over many values, done the cheap way for each database.

On PostgreSQL a batch's rows go in with ``COPY … FROM STDIN`` inside the caller's transaction,
the COPY text written column by column: a column of strings is checked for the four characters
COPY escapes with one scan and passed through when it has none, a column of ints goes through
``str`` in C. Per value work in Python (psycopg's ``write_row``, or SQLAlchemy's executemany)
was what bounded a push, not the database. A unique violation still aborts the whole
transaction, and is raised as SQLAlchemy's IntegrityError so the caller's retry logic sees it
as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

import psycopg
from psycopg.types.string import ByteaBinaryLoader
from sqlalchemy import Table, any_, bindparam, func, literal, select, true
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement, ColumnElement
from sqlalchemy.types import String

_NULL = "\\N"


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in the session's transaction."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(table.insert(), list(rows))
        return
    _copy(session, table, {n: [row[n] for row in rows] for n in rows[0]})


def insert_columns(session: Session, table: Table, columns: dict[str, list[Any]]) -> None:
    """:func:`insert_rows` of rows given column by column (each list as long as the others): a
    caller that holds its values by column makes no dict per row only to have them taken apart."""
    count = len(next(iter(columns.values()), []))
    if not count:
        return
    if session.get_bind().dialect.name != "postgresql":
        names = list(columns)
        session.execute(
            table.insert(),
            [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)],
        )
        return
    _copy(session, table, columns)


def _copy(session: Session, table: Table, values: dict[str, list[Any]]) -> None:
    """``COPY`` of the rows whose columns are *values* (column name → its values, in row order)."""
    names = list(values)
    statement = f'COPY "{table.name}" ({", ".join(names)}) FROM STDIN'
    columns = [_column_text(values[n]) for n in names]
    texts = [c for c in columns if c is not None]
    raw = session.connection().connection.driver_connection
    assert raw is not None
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            if len(texts) == len(names):
                copy.write("\n".join(map("\t".join, zip(*texts, strict=True))) + "\n")
            else:  # a type we do not write ourselves: psycopg's own adaptation, row by row
                for row in zip(*[values[n] for n in names], strict=True):
                    copy.write_row(row)
    except psycopg.IntegrityError as exc:
        raise IntegrityError(statement, None, exc) from None
    except psycopg.Error as exc:
        raise DBAPIError(statement, None, exc) from None


def _column_text(values: list[Any]) -> list[str] | None:
    """One column's values in COPY's text format (NULL as ``\\N``, the specials escaped), or
    None when it holds a type not written here."""
    kinds = set(map(type, values))
    if kinds == {str}:
        return list(map(_escape, values)) if _special("".join(values)) else values
    if kinds == {str, type(None)}:
        if _special("".join([v for v in values if v is not None])):
            return [_NULL if v is None else _escape(v) for v in values]
        return [_NULL if v is None else v for v in values]
    if kinds == {type(None)}:
        return [_NULL] * len(values)
    if kinds == {int}:
        return list(map(str, values))
    if kinds == {datetime}:  # mostly one moment for the whole batch: formatted once
        moments = {v: v.isoformat() for v in set(values)}
        return list(map(moments.__getitem__, values))
    if not kinds <= _FORMATS.keys():
        return None
    return [_FORMATS[type(v)](v) for v in values]


def _special(text: str) -> bool:
    return "\\" in text or "\t" in text or "\n" in text or "\r" in text


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


_FORMATS: dict[type, Callable[[Any], str]] = {
    type(None): lambda _v: _NULL,
    str: _escape,
    int: str,
    bool: lambda v: "t" if v else "f",
    datetime: datetime.isoformat,
}


def among(session: Session, column: Any, values: Sequence[str]) -> ColumnElement[bool]:
    """``column IN values``: on PostgreSQL one text parameter split by the server, which is far
    cheaper to send than a 1000-element array. Only for values without commas (ids)."""
    condition: ColumnElement[bool]
    if session.get_bind().dialect.name == "postgresql":
        condition = column == any_(_split(bindparam(None, ",".join(values), type_=String())))
    else:
        condition = column.in_(list(values))
    return condition


def among_named(column: Any, name: str, postgresql: bool) -> ColumnElement[bool]:
    """:func:`among` for a statement made once and run with new values (:class:`PlainQuery`,
    ``session.execute``): the values go in the parameter *name*, as :func:`among_values` gives
    them for the same database. (A statement PostgreSQL may keep a plan of reads each value by
    :func:`each_of` instead.)"""
    condition: ColumnElement[bool]
    if postgresql:
        condition = column == any_(_split(bindparam(name, "", type_=String())))
    else:
        condition = column.in_(bindparam(name, expanding=True))
    return condition


def each_of(name: str, read: Callable[[ColumnElement[str]], Any]) -> Any:
    """PostgreSQL: ``read(value)`` for each value of the parameter *name* (as :func:`among_values`
    gives them: split once, by the server), in their order, each a statement of its own that
    PostgreSQL cannot merge into one join (``OFFSET 0``): each value is looked up by the index on
    what *read* compares it to, whatever the planner's statistics say of the table. A condition
    (:func:`among_named`) on statistics that had not caught up with a station's backlog read the
    station's whole history at every batch, splitting the values again for each row in a plan
    PostgreSQL keeps for a prepared statement (tests/server/test_push_reads.py). The values go as
    one text: psycopg makes an array parameter of a thousand values in forty times the time."""
    wanted = func.unnest(_split(bindparam(name, "", type_=String()))).table_valued("value", name="wanted")
    wanted = wanted.render_derived()
    each = read(wanted.c.value).offset(0).lateral("each_one")
    return select(*each.c).select_from(wanted).join(each, true())


def written(value: str) -> Any:
    """*value* written into the statement's text, never a parameter: what a partial index is
    limited to (``journal.kind = 'match'``, ``records.record_type <> 'case'``). A plan PostgreSQL
    keeps for a prepared statement (psycopg prepares one run five times) is made without the
    parameters' values, and uses a partial index only for a value it can read in the text:
    without it, the last delivery of a pair walked the whole journal backwards
    (tests/server/test_journal_plans.py)."""
    return literal(value, literal_execute=True)


def among_values(values: Sequence[str], postgresql: bool) -> str | list[str]:
    """The value of an :func:`among_named` or :func:`each_of` parameter: the values joined by
    commas on PostgreSQL."""
    return ",".join(values) if postgresql else list(values)


def _split(joined: ColumnElement[str]) -> ColumnElement[Any]:
    return func.string_to_array(joined, ",", type_=ARRAY(String()))


_COMPILED: dict[tuple[str, str], PlainQuery] = {}  # (name, database+driver) -> statement


def compiled_once(session: Session, name: str, build: Callable[[], ClauseElement]) -> PlainQuery:
    """The :class:`PlainQuery` of ``build()`` for the session's kind of database, compiled the
    first time a process asks for ``name`` (a statement a request runs every time: through
    SQLAlchemy's ORM execution each run cost a fraction of a millisecond of the server's CPU)."""
    dialect = session.get_bind().dialect
    key = (name, f"{dialect.name}+{dialect.driver}")  # the SQL and its parameter style
    query = _COMPILED.get(key)
    if query is None:
        query = _COMPILED[key] = PlainQuery(session, build())
    return query


def hot_rows(
    session: Session, name: str, build: Callable[[bool], ClauseElement], **values: Any
) -> list[tuple[Any, ...]]:
    """The rows of a statement a request runs every time: on PostgreSQL ``build(True)``
    compiled once per process and run through the driver (:func:`compiled_once`), elsewhere
    ``build(False)`` through SQLAlchemy, whose type processing SQLite's dates and times need."""
    if session.get_bind().dialect.name == "postgresql":
        return compiled_once(session, name, lambda: build(True)).rows(session, **values)
    return [tuple(row) for row in session.execute(cast(Executable, build(False)), values)]


def hot_execute(session: Session, name: str, build: Callable[[bool], ClauseElement], **values: Any) -> None:
    """:func:`hot_rows` of a statement that gives no rows (an ``INSERT``, an upsert)."""
    if session.get_bind().dialect.name == "postgresql":
        compiled_once(session, name, lambda: build(True)).execute(session, **values)
    else:
        session.execute(cast(Executable, build(False)), values)


class PlainQuery:
    """A Core statement compiled once for the session's database and then run any number of
    times with new values for its bound parameters, its rows given as the driver's plain tuples
    and fetched with the driver's own cursor inside the session's transaction (its snapshot
    included). For reads of a whole table — the national index's first load — where
    SQLAlchemy's per-row result handling cost as much as the fetch itself, and compiling the
    statement again for every page was 2 % of the load. Only for columns the driver already
    gives as Python wants them (text, integers; psycopg's aware datetimes for ``timestamptz``): no
    result type conversion is applied.

    With *text_as_bytes*, ``Text`` columns come as the database's UTF-8 bytes where the driver
    allows it (PostgreSQL talking UTF-8: binary results, the text left undecoded), ``str``
    elsewhere: for JSON that orjson reads anyway (from a ``str`` it first makes and keeps a
    UTF-8 copy, so decoding it to ``str`` on the way was work done twice). ``String``
    (varchar) columns stay ``str``."""

    def __init__(self, session: Session, statement: ClauseElement, text_as_bytes: bool = False) -> None:
        self.text_as_bytes = text_as_bytes
        compiled = statement.compile(
            dialect=session.get_bind().dialect, compile_kwargs={"render_postcompile": True}
        )
        assert isinstance(compiled, SQLCompiler)
        self.sql = compiled.string
        self.defaults = dict(compiled.construct_params())  # every value, IN lists rendered one by one
        self.order = list(compiled.positiontup or ()) if compiled.positional else None

    def rows(self, session: Session, **values: Any) -> list[tuple[Any, ...]]:
        return self._run(session, True, values)

    def execute(self, session: Session, **values: Any) -> None:
        """Run a statement that gives no rows (an ``INSERT``, a ``NOTIFY``) the same way."""
        self._run(session, False, values)

    def _run(self, session: Session, fetch: bool, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        params = {**self.defaults, **values}
        arguments: Any = params if self.order is None else tuple(params[name] for name in self.order)
        cursor = session.connection().connection.cursor()
        failure = session.get_bind().dialect.loaded_dbapi.Error
        try:
            if (
                self.text_as_bytes
                and isinstance(cursor, psycopg.Cursor)
                and cursor.connection.info.encoding == "utf-8"
            ):
                cursor.adapters.register_loader("text", ByteaBinaryLoader)  # raw bytes, as stored
                cursor.execute(self.sql, arguments, binary=True)
            else:
                cursor.execute(self.sql, arguments)
            return list(cursor.fetchall()) if fetch else []
        except failure as exc:
            # as SQLAlchemy's own execution raises it: in_transaction runs a lost race again
            raise DBAPIError.instance(self.sql, arguments, exc, failure) from None
        finally:
            cursor.close()
