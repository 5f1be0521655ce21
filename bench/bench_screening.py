"""The offline national screening index (issue 15): file size, load time and one found child's
screen. `python -m bench --only screening [--quick]`.

1,000,000 synthetic active missing persons (50,000 quick), a third with a relative's STR
profile (a mother or a father, drawn from the shipped Han allele table), generated directly in
columnar form (:class:`~app.core.matching.screening.ScreeningTable`) — not through the server's
push, which would take hours on a shared machine. The table is encoded, compressed, encrypted
and signed exactly as the server sends it; the station's side opens it (signature first),
decodes it and builds the in-memory screen. Each of 100 found children is the child of a random
missing person with a profile (own profile from the parent plus a random allele, age estimated,
a 小名 that sounds like the given name), and the screen is timed per child (p95). The same-run
baseline: the station's own :class:`MissingIndex` over 20,000 missing persons (what a large
station holds), timed on the same children, so the ratio says what the country costs.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import numpy as np

from app.core.matching import MatchProfile, MatchSubject
from app.core.matching.features import _province_codes
from app.core.matching.frequencies import default_table
from app.core.matching.names import syllable
from app.core.matching.national_screen import NationalScreen
from app.core.matching.screening import NAME_SLOTS, SYLLABLE_SLOTS, ScreeningTable
from app.sync.protocol.screening import encode_table, open_index, seal_index, sign_public
from bench.harness import Figure, at_most, p95, reported, stopwatch

_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国小红玉文辉俊浩宇轩子涵欣怡博"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭"
_TODAY = dt.date(2026, 11, 30).toordinal()


def _vocabulary() -> tuple[list[str], dict[str, str]]:
    syllables = [""]
    char_of: dict[str, str] = {}
    for ch in _SURNAMES + _GIVEN:
        s = syllable(ch)
        if s not in char_of:
            char_of[s] = ch
            syllables.append(s)
    return syllables, char_of


def synthetic(n: int, seed: int = 2026) -> tuple[ScreeningTable, dict[str, str]]:
    """*n* missing persons in columns (a third with a mother's or father's profile)."""
    rng = np.random.default_rng(seed)
    syllables, char_of = _vocabulary()
    code = {s: i for i, s in enumerate(syllables)}
    surnames = np.array([code[syllable(c)] for c in _SURNAMES], np.uint16)
    given = np.array([code[syllable(c)] for c in _GIVEN], np.uint16)
    t = ScreeningTable()
    stations = rng.integers(110101001, 659004999, size=max(1, n // 400))
    owner = rng.integers(0, len(stations), size=n)
    t.case_no = [f"{stations[o]:09d}-{2015 + i % 12}-{i:06d}" for i, o in enumerate(owner.tolist())]
    t.person = np.zeros(n, np.uint8)
    t.sex = rng.integers(1, 3, size=n).astype(np.int8)
    born = rng.integers(dt.date(1995, 1, 1).toordinal(), dt.date(2025, 6, 1).toordinal(), size=n)
    exact = rng.random(n) < 0.7
    spread = np.where(exact, 0, rng.integers(365, 3 * 365, size=n))
    t.birth = np.stack([born - spread // 2, born + spread // 2], axis=1).astype(np.int32)
    t.event = np.minimum(_TODAY - 30, born + rng.integers(200, 12 * 365, size=n)).astype(np.int32)
    age = (t.event - born) / 365.25
    h = np.clip(75 + 6 * age, 50, 180) * 10
    t.height = np.stack([h - 30, h + 30], axis=1).astype(np.uint16)
    codes = np.array([int(c) for c in _province_codes() if not c.endswith("00")], np.int32)
    t.places = np.stack([rng.choice(codes, n), rng.choice(codes, n)], axis=1).astype(np.int32)
    bits = rng.integers(0, 40, size=(n, 3))
    has = rng.random((n, 3)) < np.array([0.4, 0.3, 0.2])
    t.marks = np.bitwise_or.reduce(
        np.where(has, np.left_shift(np.uint64(1), bits.astype(np.uint64)), 0).astype(np.uint64), axis=1
    )
    t.names = np.zeros((n, NAME_SLOTS * SYLLABLE_SLOTS), np.uint16)
    t.names[:, 0] = rng.choice(surnames, n)
    t.names[:, 1] = rng.choice(given, n)
    t.names[:, 2] = np.where(rng.random(n) < 0.6, rng.choice(given, n), 0)
    nick = rng.random(n) < 0.3
    t.names[:, SYLLABLE_SLOTS] = np.where(nick, t.names[:, 1], 0)
    t.names[:, SYLLABLE_SLOTS + 1] = np.where(nick, t.names[:, 1], 0)
    t.cores = np.zeros((n, 3), np.uint16)
    t.cores[:, 0], t.cores[:, 1] = t.names[:, 1], t.names[:, 2]
    t.syllables = syllables
    m = n // 3
    t.profile_owner = np.sort(rng.choice(n, size=m, replace=False)).astype(np.int32)
    t.profile_relation = rng.choice(np.array([1, 2], np.int8), m)  # mother, father
    t.profile_born = np.zeros((m, 2), np.int32)
    table = default_table()
    t.alleles = np.zeros((m, len(t.loci), 2), np.uint8)
    for li, locus in enumerate(t.loci):
        alleles = table.alleles(locus)
        p = np.array([table.freqs[locus][a] for a in alleles])
        draw = rng.choice(np.arange(1, len(alleles) + 1), size=(m, 2), p=p / p.sum())
        t.alleles[:, li, :] = np.sort(draw, axis=1).astype(np.uint8)
    return t, char_of


def _child(t: ScreeningTable, rng: np.random.Generator, char_of: dict[str, str]) -> MatchSubject:
    """A found child of a random profiled row: own profile, estimated age, a 小名."""
    table = default_table()
    r = int(rng.integers(0, len(t.profile_owner)))
    row = int(t.profile_owner[r])
    loci = {}
    for li, locus in enumerate(t.loci):
        a = t.values[li][int(t.alleles[r, li, int(rng.integers(0, 2))])]
        others = table.alleles(locus)
        b = others[int(rng.integers(0, len(others)))]
        loci[locus] = (min(a, b), max(a, b))
    found_day = _TODAY - int(rng.integers(0, 300))
    born = (int(t.birth[row, 0]) + int(t.birth[row, 1])) / 2
    age = (found_day - born) / 365.25
    given = t.syllables[int(t.names[row, 1])]
    return MatchSubject(
        key="F#0", case_no="F", side="found", sex="M" if t.sex[row] == 1 else "F",
        age_range=(max(0.0, round(age) - 1.0), round(age) + 1.0), event_date=dt.date.fromordinal(found_day),
        place_code=f"{int(t.places[row, 0]):06d}", name=char_of[given] * 2,
        profiles=(MatchProfile("self", loci),),
    )  # fmt: skip


def run(quick: bool) -> list[Figure]:
    n = 50_000 if quick else 1_000_000
    figures: list[Figure] = []
    with stopwatch() as built:
        table, char_of = synthetic(n)
    seed = os.urandom(32).hex()
    with stopwatch() as sealed_in:
        data, key = seal_index(
            encode_table(table), kind="base", version=1, since=0, sign_seed=seed, made_at="bench"
        )
    mb = len(data) / 1e6
    goal = 200.0 * n / 1_000_000
    figures += [
        at_most(f"index file for {n:,} persons ({len(table.profile_owner):,} with DNA)", mb, "MB", goal),
        reported("bytes per person", len(data) / n, "B"),
        reported("generate columns (bench only)", built(), "s"),
        reported("encode + compress + encrypt + sign (server)", sealed_in(), "s"),
    ]
    del table
    with stopwatch() as opened_in:
        opened = open_index(data, key, sign_public(seed))
    with stopwatch() as loaded_in:
        screen = NationalScreen(opened.table, opened.version)
    figures += [
        reported("verify + decrypt + decode (station)", opened_in(), "s"),
        reported("build the in-memory screen (station)", loaded_in(), "s"),
    ]
    rng = np.random.default_rng(7)
    children = [_child(opened.table, rng, char_of) for _ in range(100)]
    screen.screen(children[0])  # first-call caches (allele tables per locus)
    times: list[float] = []
    cpu: list[float] = []
    hits = 0
    for child in children:
        start, start_cpu = time.perf_counter(), time.process_time()
        found = screen.screen(child, limit=20)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        hits += any(c.dna is not None and c.dna.verdict == "supports" for c in found[:1])
    # same-run baseline: the station's own index over 20,000 missing persons
    small = NationalScreen(opened.table.take(np.arange(min(20_000, n))), 1)
    base_times = []
    for child in children[:30]:
        start = time.perf_counter()
        small.screen(child, limit=20)
        base_times.append(time.perf_counter() - start)
    figures += [
        (reported if quick else at_most)(
            f"screen of one found child against {n:,}, CPU time p95 over 100",
            p95(cpu) * 1000,
            "ms",
            *(() if quick else (150.0,)),
        ),
        reported("the same, wall-clock p95 (shared machine: see its load)", p95(times) * 1000, "ms"),
        reported("load average while measuring (2 cores)", os.getloadavg()[0], ""),
        reported(
            "ratio to the same screen over 20,000 persons (same run)",
            p95(times) / max(p95(base_times), 1e-9),
            "x",
        ),
        reported("true parent's family ranked first", hits / len(children), "share"),
    ]
    # a new version re-screens the station's found children against the delta's persons only
    with stopwatch() as delta_in:
        delta = NationalScreen(opened.table.take(np.arange(max(0, n - 1000), n)), 2)
        for child in children:
            delta.screen(child, limit=20)
    figures += [
        reported("re-screen of 100 found children after a delta of 1,000 persons (build + screens)",
                 delta_in() * 1000, "ms"),
        reported("the same / their screens against the whole index (same run)", delta_in() / sum(times), "x"),
    ]  # fmt: skip
    return figures
