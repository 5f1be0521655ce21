"""The offline national index's columns and file (issue 15), without a server: what goes in
comes out, a delta merged equals the base made fresh, one changed byte refuses the file."""

from __future__ import annotations

import os

import numpy as np
import pytest

from app.core.matching.evalset import generate
from app.core.matching.marks import keywords_of_mask, mark_features
from app.core.matching.national_screen import NationalScreen, pinyin_link
from app.core.matching.screening import ScreeningTable
from app.core.matching.subject import MatchProfile
from app.sync.protocol.screening import IndexRefused, encode_table, open_index, seal_index, sign_public


@pytest.fixture(scope="module")
def world():  # type: ignore[no-untyped-def]
    return generate(seed=3, pairs=60, extra_missing=240, lone_found=5)


def test_marks_travel_as_keywords_that_give_the_same_features(world) -> None:  # type: ignore[no-untyped-def]
    for s in world.missing:
        mask = mark_features(s.marks).mask
        assert mark_features(keywords_of_mask(mask)).mask == mask


def test_a_delta_merged_into_the_base_equals_a_fresh_base(world) -> None:  # type: ignore[no-untyped-def]
    old, new = world.missing[:200], world.missing[100:]
    # the delta brings cases 100.. again (some changed: a new allele never seen in the base)
    changed = []
    for s in new[:20]:
        if s.profiles:
            p = s.profiles[0]
            loci = dict(p.loci)
            locus = next(iter(loci))
            loci[locus] = (loci[locus][0], 99.3)
            s = type(s)(
                **{
                    **{f: getattr(s, f) for f in s.__dataclass_fields__},
                    "profiles": (MatchProfile(p.relation, loci, p.born), *s.profiles[1:]),
                }
            )
        changed.append(s)
    new = changed + new[20:]
    removed = {s.case_no for s in world.missing[150:200]}
    new = [s for s in new if s.case_no not in removed]
    base = ScreeningTable.from_subjects(old)
    delta = ScreeningTable.from_subjects(new[: len(new) // 2] + new[len(new) // 2 :])
    touched = {s.case_no for s in world.missing[100:]}
    merged = base.without(touched).merged(delta)
    fresh = ScreeningTable.from_subjects(world.missing[:100] + new)
    assert merged.canonical() == fresh.canonical()
    assert any(99.3 in v for v in merged.values)


def test_the_file_round_trips_and_one_changed_byte_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    table = ScreeningTable.from_subjects(world.missing)
    seed = os.urandom(32).hex()
    data, key = seal_index(encode_table(table), kind="base", version=9, since=0, sign_seed=seed, made_at="t")
    opened = open_index(data, key, sign_public(seed))
    assert opened.version == 9 and opened.table.canonical() == table.canonical()
    rng = np.random.default_rng(1)
    for at in [0, 9, 30, *rng.integers(40, len(data), 20).tolist(), len(data) - 1]:
        raw = bytearray(data)
        raw[at] ^= 0x10
        with pytest.raises(IndexRefused):
            open_index(bytes(raw), key, sign_public(seed))
    with pytest.raises(IndexRefused) as other:
        open_index(data, key, sign_public(os.urandom(32).hex()))
    assert other.value.code == "forged"


def test_names_travel_as_pinyin_and_a_nickname_still_links() -> None:
    assert pinyin_link(["明明"], [("wang", "xiao", "ming"), ("ming", "ming")])[0] == "pinyin"  # type: ignore[index]
    assert pinyin_link(["王晓明"], [("wang", "xiao", "ming")])[0] == "pinyin"  # type: ignore[index]
    assert pinyin_link(["李小明"], [("wang", "xiao", "ming")])[0] == "given"  # type: ignore[index]
    assert pinyin_link(["张三"], [("wang", "xiao", "ming")]) is None


def test_the_true_family_ranks_first_among_the_screened(world) -> None:  # type: ignore[no-untyped-def]
    screen = NationalScreen(ScreeningTable.from_subjects(world.missing))
    case_of = {s.key: s.case_no for s in world.missing}
    hits = total = 0
    for found in world.found:
        truth = world.truth.get(found.key)
        if truth is None:
            continue
        total += 1
        got = screen.screen(found, limit=20)
        hits += bool(got) and got[0].case_no == case_of[truth]
        assert all(c.reasons[0].key == "match.national_index" for c in got)
    assert total and hits / total >= 0.8, (hits, total)


def test_the_families_built_from_columns_screen_as_the_usual_family_index(world) -> None:  # type: ignore[no-untyped-def]
    from app.core.matching.familyindex import FamilyIndex
    from app.core.matching.national_screen import offline_index

    index = offline_index(ScreeningTable.from_subjects(world.missing))
    usual = FamilyIndex([(r, s.profiles) for r, s in enumerate(index.subjects) if s.profiles])
    assert len(index.families) == len(usual) > 0
    for found in world.found[:8]:
        child = found.profile("self")
        assert child is not None
        ours, theirs = index.families.scores(child.loci, theta=0.01), usual.scores(child.loci, theta=0.01)
        assert sorted(zip(ours[0].tolist(), np.round(ours[1], 3).tolist(), strict=True)) == sorted(
            zip(theirs[0].tolist(), np.round(theirs[1], 3).tolist(), strict=True)
        )


def test_pages_concatenated_equal_one_table(world) -> None:  # type: ignore[no-untyped-def]
    pages = [world.missing[i : i + 37] for i in range(0, len(world.missing), 37)]
    whole = ScreeningTable.concat([ScreeningTable.from_subjects(p) for p in pages])
    assert whole.canonical() == ScreeningTable.from_subjects(world.missing).canonical()
    assert whole._sorted is None and bool((np.diff(whole.profile_owner) >= 0).all())
