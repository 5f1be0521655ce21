"""Repositories, not cursors (issue 14, ARCHITECTURE.md): the services and the sync (engine,
outbox push, photos, bundles, its wire protocol) run no SQL of their own, they call the typed
functions of app/storage; and app/storage takes the typed ``Cursor``, never a
cursor (or anything else) typed ``Any``. Read from the source's syntax tree, so a breach names
its file and line."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "app" / "services"
SYNC = ROOT / "app" / "sync"
STORAGE = ROOT / "app" / "storage"

# What runs a statement: a DB-API cursor or connection, or SQLAlchemy's connection.
RUNS_SQL = {"execute", "executemany", "executescript", "exec_driver_sql"}
# The text of a statement (a service's words are never upper-case SQL keywords).
SQL_TEXT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|PRAGMA|CREATE|DROP|ALTER|BEGIN)\b")
# What a service may take from SQLAlchemy: the type of a reader's snapshot, never a statement builder.
SQLALCHEMY_ALLOWED = {"Connection"}
# Being reworked on its own branch (the server rebuild): it comes under the rule when that lands.
NOT_YET: frozenset[str] = frozenset()
# Sync modules (paths under app/sync) still running SQL of their own: none. A module that truly
# cannot move its statements into app/storage is named here with the reason why.
SYNC_NOT_YET: frozenset[str] = frozenset()


def sql_in_service(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) of every statement a service module would run itself."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RUNS_SQL:
            yield node.lineno, f"calls .{node.func.attr}()"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.match(node.value):
            yield node.lineno, f"holds SQL {node.value.strip()[:40]!r}"
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            for alias in node.names:
                if alias.name not in SQLALCHEMY_ALLOWED:
                    yield node.lineno, f"imports sqlalchemy's {alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in {"sqlalchemy", "sqlcipher3", "sqlite3"}:
                    yield node.lineno, f"imports {alias.name}"


def untyped_in_storage(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) of every parameter or result of a storage function typed ``Any`` (or not at
    all), and of every cursor parameter that is not the ``Cursor`` protocol."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        a = node.args
        params = [*a.posonlyargs, *a.args, *a.kwonlyargs, *(p for p in (a.vararg, a.kwarg) if p)]
        for p in params:
            if p.arg in {"self", "cls"}:
                continue
            typed = ast.unparse(p.annotation) if p.annotation else ""
            if typed in {"", "Any", "typing.Any"}:
                yield node.lineno, f"{node.name}({p.arg}: {typed or 'untyped'})"
            elif p.arg in {"cursor", "cur"} and not typed.startswith("Cursor"):
                yield node.lineno, f"{node.name}({p.arg}: {typed}), not Cursor"
        result = ast.unparse(node.returns) if node.returns else ""
        if result in {"", "Any", "typing.Any"} and node.name != "__init__":
            yield node.lineno, f"{node.name}() -> {result or 'untyped'}"


def untyped_cursor(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) of every cursor parameter (``c``, ``cur``, ``cursor``) typed ``Any``, ``object``
    or not at all (a pull's ``cursor: int`` is a position in the server's feed, not a cursor)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            a = node.args
            for p in [*a.posonlyargs, *a.args, *a.kwonlyargs]:
                typed = ast.unparse(p.annotation) if p.annotation else ""
                if p.arg in {"c", "cur", "cursor"} and typed in {"", "Any", "typing.Any", "object"}:
                    yield node.lineno, f"{node.name}({p.arg}: {typed or 'untyped'}), not Cursor"


Check = Callable[[str], Iterator[tuple[int, str]]]


def _offences(
    folder: Path, check: Check, skip: frozenset[str] = frozenset(), pattern: str = "*.py"
) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in sorted(folder.glob(pattern))
        if path.relative_to(folder).as_posix() not in skip
        for line, what in check(path.read_text("utf-8"))
    ]


def test_services_run_no_sql_of_their_own() -> None:
    assert _offences(SERVICES, sql_in_service) == []


def test_sync_runs_no_sql_of_its_own() -> None:
    """The sync's statements live in app/storage too (the protocol package included)."""
    assert _offences(SYNC, sql_in_service, SYNC_NOT_YET, "**/*.py") == []


def test_the_sync_hands_on_the_typed_cursor() -> None:
    assert _offences(SYNC, untyped_cursor, pattern="**/*.py") == []


def test_storage_functions_take_the_typed_cursor_and_no_any() -> None:
    assert _offences(STORAGE, untyped_in_storage, NOT_YET) == []


def test_the_checks_see_a_breach() -> None:
    service = (
        "from sqlalchemy import Connection, select\n"
        "def status(uow):\n"
        '    return uow.cursor.execute("SELECT status FROM cases").fetchone()\n'
        'WORDS = ("Select a case", "update")\n'
    )
    assert sorted(what for _line, what in sql_in_service(service)) == [
        "calls .execute()",
        "holds SQL 'SELECT status FROM cases'",
        "imports sqlalchemy's select",
    ]
    storage = (
        "def get(cursor: Any, key: str) -> str | None: ...\n"
        "def put(cur: object, key: str, value) -> None: ...\n"
        "def rows(cursor: Cursor) -> Any: ...\n"
        "def fine(cursor: Cursor, doc: dict[str, Any]) -> list[str]: ...\n"
    )
    assert sorted(what for _line, what in untyped_cursor("def push(c: Any, n: int) -> None: ...\n")) == [
        "push(c: Any), not Cursor"
    ]
    assert sorted(what for _line, what in untyped_in_storage(storage)) == [
        "get(cursor: Any)",
        "put(cur: object), not Cursor",
        "put(value: untyped)",
        "rows() -> Any",
    ]
