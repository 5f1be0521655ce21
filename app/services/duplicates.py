"""The duplicate check at intake: is this person already registered in a case of the same kind?

Two signs, each an exact look-up on the search-key index (milliseconds over a million cases): the
same resident ID number of a subject, or the same name, birth date and reporter's phone. A
duplicate found stops the registration with the existing case's number; the officer who knows
better registers it anyway with a reason (`case add --allow-duplicate --reason`, or the app's
warning), which the case's thread and the audit keep. Cases of a file are checked against each
other too. Runs inside the registration's unit of work, or alone for the app's early warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core import searchkeys
from app.core.model import Case
from app.core.searchkeys import KeyKind
from app.services.session import Session
from app.storage import search_index
from app.storage.cursor import Cursor, cursor_of


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A subject of a new case (``where``: its path in the file) found in an existing case."""

    where: str
    existing: str
    sign: str  # "id_number" | "name_birth_phone"

    def why(self) -> tuple[str, str]:
        if self.sign == "id_number":
            return "身份证号", "ID number"
        return "姓名、出生日期和报案人电话", "name, birth date and reporter's phone"


def _signs(case: Case) -> list[tuple[str, KeyKind, str, str]]:
    """(path, kind, key, sign) of each subject's duplicate signs."""
    out = []
    phone = case.reporter.phone if case.reporter else ""
    for i, person in enumerate(case.persons):
        if person not in case.subjects():
            continue
        where = f"persons[{i}]"
        if person.id_number:
            out.append((where, KeyKind.ID_NUMBER, person.id_number.upper(), "id_number"))
        born = person.birth_date.isoformat() if person.birth_date else ""
        key = searchkeys.intake_key(person.name, born, phone)
        if key is not None:
            out.append((where, KeyKind.INTAKE, key, "name_birth_phone"))
    return out


def duplicates_in(cursor: Cursor, cases: Sequence[Case]) -> list[Duplicate]:
    """Duplicates of the new *cases* in the register and among themselves (the later one named
    by its index in the file, as ``[1]``)."""
    found: list[Duplicate] = []
    seen: dict[tuple[str, KeyKind, str], str] = {}
    for n, case in enumerate(cases):
        prefix = f"[{n}]." if len(cases) > 1 else ""
        for where, kind, key, sign in _signs(case):
            earlier = seen.get((case.type.value, kind, key))
            existing = search_index.cases_with_key(cursor, key, kind, case.type.value)
            if existing:
                found.append(Duplicate(prefix + where, existing[0], sign))
            elif earlier is not None:
                found.append(Duplicate(prefix + where, earlier, sign))
            seen.setdefault((case.type.value, kind, key), f"[{n}]")
    return found


def find_duplicates(session: Session, case: Case) -> list[Duplicate]:
    """The app's warning before saving: the cases this new case may repeat (no audit: nothing is
    shown but case numbers the officer may open, which is audited then)."""
    with session.store.reader() as conn:
        return duplicates_in(cursor_of(conn), [case])
