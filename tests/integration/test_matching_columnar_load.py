"""The station's columnar first load (documents read straight into subjects, profiles in one
column store, the register streamed through a small page cache) ranks a demo register exactly
as subjects made from the parsed and validated cases do — the way the station loaded before."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.matching.from_case import subjects_from_case
from app.storage.match_repository import CaseSource


def _ranking(pools: Any) -> dict[str, list[tuple[str, float, str | None, float | None]]]:
    """Every found person's candidates: (missing person, score, DNA verdict, DNA LR)."""
    out = {}
    for subject in pools.found:
        out[subject.key] = [
            (c.key, round(c.score, 9), c.dna.verdict if c.dna else None, c.dna.lr if c.dna else None)
            for c in pools.rank_subject(subject)
        ]
    return out


@pytest.mark.parametrize("through_index", [False, True])
def test_columnar_load_gives_the_candidates_validated_cases_give(
    session: Any, monkeypatch: pytest.MonkeyPatch, through_index: bool
) -> None:
    import app.services.matching as matching
    from app.services.demo import fill_demo

    fill_demo(session, 160)
    if through_index:  # as on a station with thousands of missing persons
        monkeypatch.setattr(matching, "INDEX_AT", 1)

    class Validated(matching._Pools):  # type: ignore[name-defined, misc]
        """The load before the columnar form: every document parsed and validated again."""

        def _put(self, s: CaseSource) -> None:
            self.digests[s.case_no] = s.digest()
            self.by_case[s.case_no] = subjects_from_case(s.case_no, s.to_case())
            self.types[s.case_no] = s.type

    columnar = matching._load_pools(session)
    matching._INDEX.clear()
    new = _ranking(columnar)
    with session.store.reader() as conn:
        from app.storage import match_repository as repo

        validated = Validated(repo.iter_sources(conn))
    matching._INDEX.clear()  # the index is cached by the cases' digests: build it again
    old = _ranking(validated)
    assert len(columnar.missing) > 50 and len(columnar.found) > 20
    assert sum(1 for c in new.values() for x in c if x[2] is not None) > 0  # DNA was compared
    assert new == old
