"""Rows one GenotypeStore coded join another (a first load read by two processes): every profile
reads back the same, alleles the table lacks and alleles past the 255 codes a column holds
included."""

from __future__ import annotations

import random

from app.core.matching.genotypes import GenotypeStore


def _profiles(rng: random.Random, store: GenotypeStore, n: int) -> list[dict[str, tuple[float, float]]]:
    out = []
    for _ in range(n):
        profile: dict[str, tuple[float, float]] = {}
        for locus in rng.sample(store.loci, 15):
            alleles = store.values[store.slot[locus]][1:]
            a, b = sorted((rng.choice(alleles), rng.choice(alleles)))
            profile[locus] = (a, b)
        out.append(profile)
    return out


def test_rows_coded_by_another_store_read_back_the_same() -> None:
    rng = random.Random(3)
    ours, theirs = GenotypeStore(), GenotypeStore()
    locus = ours.loci[0]
    own = [ours.add(p) for p in _profiles(rng, ours, 40)]
    ours.add({locus: (101.3, 102.3)})  # alleles the table lacks, coded here first
    sent = _profiles(rng, theirs, 60)
    sent.append({locus: (102.3, 55.1)})  # the same unknown allele and another, coded there
    rare = [(300.0 + 2 * k, 301.0 + 2 * k) for k in range(130)]  # 260 alleles: past a column's 255 codes
    sent += [{locus: pair} for pair in rare]
    their_rows = [theirs.add(p) for p in sent]

    start = ours.extend_coded(
        theirs.values,
        [bytes(c[: theirs.rows]) for c in theirs.first],
        [bytes(c[: theirs.rows]) for c in theirs.second],
        theirs.extra,
    )

    assert start == 41 and ours.rows == 41 + len(sent)
    for k, row in enumerate(their_rows):
        assert dict(ours.row(start + k)) == dict(row) == {n: tuple(map(float, g)) for n, g in sent[k].items()}
    assert len(ours.values[ours.slot[locus]]) > 256 and ours.extra  # some went to the side dict
    assert [dict(r) for r in own] == [dict(ours.row(k)) for k in range(40)]  # its own rows untouched
