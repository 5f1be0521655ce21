"""Issue 15: when a new national index version arrives, the station's active found children are
screened again against what it changed — a missing child registered elsewhere *after* the found
child gets its offline lead at the next update, with no edit of the found case; a delta that
removes that missing child (found, closed, voided) takes the lead away. The index files are made
and signed as the server makes them and applied as a sync applies them."""

from __future__ import annotations

import json
import os
from typing import Any

from app.core.matching import subjects_from_case
from app.core.matching.screening import ScreeningTable
from app.core.validation import parse_case
from app.sync.protocol.screening import ScreeningAnswer, encode_table, seal_index, sign_public
from tests.conftest import EXAMPLES

COUNTERPART = "370783002-2026-000001"  # the found child's family reported it at another station
OTHERS = ["370783003-2026-000007", "370783003-2026-000008"]  # someone else's missing children
SEED = os.urandom(32).hex()


def _doc(name: str, **changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
    doc.update(changes)
    return doc


def _other(case_no: str, sex: str) -> ScreeningTable:
    doc = _doc("missing_child")
    doc["persons"] = [dict(doc["persons"][0], name="赵一鸣", sex=sex), *doc["persons"][1:]]
    return ScreeningTable.from_subjects(subjects_from_case(case_no, parse_case(doc)))


def _counterpart() -> ScreeningTable:
    return ScreeningTable.from_subjects(subjects_from_case(COUNTERPART, parse_case(_doc("missing_child"))))


def _answer(
    table: ScreeningTable, kind: str, version: int, since: int, removed: list[str]
) -> ScreeningAnswer:
    file, key = seal_index(encode_table(table, removed), kind=kind, version=version, since=since,
                           sign_seed=SEED, made_at="2026-12-06T00:00:00Z")  # fmt: skip
    return ScreeningAnswer(kind, version, sign_public(SEED), file, key)


def _leads(session: Any) -> list[tuple[str, str, str]]:
    with session.store.reader() as conn:
        rows = conn.exec_driver_sql(
            "SELECT missing_case, found_case, origin FROM match_candidates WHERE origin = 'national_index'"
            " ORDER BY missing_case"
        )
        return [tuple(r) for r in rows]


def _found_child(session: Any) -> str:
    from app.services.cases import register_cases
    from app.services.matching import candidates_for

    case_no = register_cases(session, [parse_case(_doc("found_child"))])[0].case_no
    candidates_for(session, case_no, audit=False)  # screened when registered (against what is held)
    return case_no


def test_a_delta_brings_the_counterpart_to_a_found_child_held_and_takes_it_away(session: Any) -> None:
    from app.services.screening import apply_answer
    from app.services.screening_leads import last_rescreen

    base = ScreeningTable.concat([_other(OTHERS[0], "F"), _other(OTHERS[1], "F")])
    apply_answer(session, _answer(base, "base", 5, 0, []))
    found = _found_child(session)
    assert COUNTERPART not in [m for m, _f, _o in _leads(session)]  # not in the country's index yet

    # the family registers the child missing elsewhere; the next update carries it
    apply_answer(session, _answer(_counterpart(), "delta", 6, 5, [COUNTERPART]))
    assert (COUNTERPART, found, "national_index") in _leads(session)
    with session.store.reader() as conn:
        summary = last_rescreen(conn)
    assert summary is not None
    assert summary["persons"] == 1  # the delta's one person, not the whole index
    assert summary["found"] == 1 and summary["added"] >= 1

    # the child is found (the case closed): the next delta removes it, and its lead goes
    apply_answer(session, _answer(ScreeningTable(), "delta", 7, 6, [COUNTERPART]))
    assert COUNTERPART not in [m for m, _f, _o in _leads(session)]
    with session.store.reader() as conn:
        summary = last_rescreen(conn)
        audit = [str(r[0]) for r in conn.exec_driver_sql(
            "SELECT detail FROM audit_log WHERE action = 'sync.screening' AND outcome = 'rescreen'")]  # fmt: skip
    assert summary is not None and summary["dropped"] >= 1 and summary["persons"] == 0
    assert len(audit) == 3 and audit[-1].startswith("delta version=7")


def test_the_leads_after_a_delta_are_those_a_full_screen_gives(session: Any) -> None:
    from app.services.matching import active_found
    from app.services.screening import apply_answer, refresh_index_candidates

    base = ScreeningTable.concat([_other(OTHERS[0], "F"), _other(OTHERS[1], "M")])
    apply_answer(session, _answer(base, "base", 5, 0, []))
    found = _found_child(session)
    # the delta edits one of the others (now a girl: no longer a lead for a boy) and adds the
    # counterpart
    delta = ScreeningTable.concat([_counterpart(), _other(OTHERS[1], "F")])
    apply_answer(session, _answer(delta, "delta", 6, 5, [COUNTERPART, OTHERS[1]]))
    after_delta = _leads(session)
    assert (COUNTERPART, found, "national_index") in after_delta
    refresh_index_candidates(session, found, active_found(session)[found])  # the whole index
    assert _leads(session) == after_delta
