"""The search keys of a case: whose they are, and keeping them current after an edit.

Every person's names, ID number and phone become keys (app.core.searchkeys) stored with the
holder folded into the kind, so a hit says whether it matched the case's subject, its reporter
or another person; each subject with a name, a birth date and a reporter's phone also gets an
``INTAKE`` key, which the duplicate check at intake looks up. An edit deletes the old document's
keys by their exact index entries (never a scan by case) and inserts the new ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy import Connection

from app.core import searchkeys
from app.core.model import Case, Person
from app.core.searchkeys import Holder, KeyKind, stored_kind
from app.storage.cursor import Cursor, cursor_of

_INSERT = "INSERT INTO search_keys (key, kind, case_id) VALUES (?, ?, ?)"
_DELETE = "DELETE FROM search_keys WHERE key = ? AND kind = ? AND case_id = ?"
_BATCH = 2000


def _holders(case: Case) -> Iterator[tuple[Holder, Person]]:
    subjects = {id(p) for p in case.subjects()}
    if case.reporter is not None:
        yield Holder.REPORTER, case.reporter
    for person in case.persons:
        yield (Holder.SUBJECT if id(person) in subjects else Holder.OTHER), person


def case_keys(case: Case) -> set[tuple[str, int]]:
    """(key, stored kind) of every key the case is found by."""
    keys: set[tuple[str, int]] = set()
    for holder, person in _holders(case):
        for kind, key in searchkeys.person_keys(person.all_names(), person.id_number, person.phone):
            keys.add((key, stored_kind(kind, holder)))
    reporter_phone = case.reporter.phone if case.reporter else ""
    for person in case.subjects():
        intake = searchkeys.intake_key(
            person.name, person.birth_date.isoformat() if person.birth_date else "", reporter_phone
        )
        if intake is not None:
            keys.add((intake, stored_kind(KeyKind.INTAKE, Holder.SUBJECT)))
    return keys


def case_key_rows(case: Case, case_id: int) -> list[tuple[str, int, int]]:
    return [(key, kind, case_id) for key, kind in case_keys(case)]


def replace_case_keys(cursor: Cursor, case_id: int, old: Case, new: Case) -> None:
    """After an edit: drop the keys only the old document had, add those only the new one has."""
    before, after = case_keys(old), case_keys(new)
    gone = [(k, kind, case_id) for k, kind in before - after]
    added = [(k, kind, case_id) for k, kind in after - before]
    if gone:
        cursor.executemany(_DELETE, gone)
    if added:
        cursor.executemany(_INSERT, added)


def rebuild_all_keys(conn: Connection) -> None:
    """Every case's keys made again from its document (the schema upgrade to role-aware keys)."""
    from app.core.validation import read_stored_case

    cursor = cursor_of(conn)
    cursor.execute("DELETE FROM search_keys")
    last = 0
    while True:
        rows = cursor.execute(
            "SELECT id, document FROM cases WHERE id > ? ORDER BY id LIMIT ?", (last, _BATCH)
        ).fetchall()
        if not rows:
            break
        batch: list[tuple[str, int, int]] = []
        for case_id, document in rows:
            batch.extend(case_key_rows(read_stored_case(json.loads(document)), int(case_id)))
        cursor.executemany(_INSERT, batch)
        last = int(rows[-1][0])


_OWNERS = (
    "SELECT c.case_no FROM search_keys k JOIN cases c ON c.id = k.case_id"
    " WHERE k.key = ? AND k.kind = ? AND c.type = ? AND c.status != 'voided' ORDER BY c.id LIMIT 5"
)


def cases_with_key(cursor: Cursor, key: str, kind: KeyKind, case_type: str) -> list[str]:
    """Case numbers of the register's cases of *case_type* (not voided) whose subject carries
    *key*: an exact look-up on the key index (the duplicate check at intake)."""
    rows = cursor.execute(_OWNERS, (key, stored_kind(kind, Holder.SUBJECT), case_type)).fetchall()
    return [str(r[0]) for r in rows]
