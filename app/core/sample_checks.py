"""Reading a DNA sample (``samples[i]`` of a person, or a SAMPLE.json body) and its STR profile.

Every value is checked with :class:`~app.core.field_checks.FieldChecker`; the first problem
becomes a one-line message naming the field
(``persons[0].samples[0].profile.loci.TH01``).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from app.core.field_checks import FieldChecker
from app.core.model import Sample, SampleType, StrProfile

SAMPLE_KEYS = {"type", "collected_at", "consent", "profile", "collector", "note"}
_ALLELE_FRACTIONS = {0, 1, 2, 3}


def parse_sample(value: Any, *, now: dt.datetime | None = None, where: str = "") -> Sample:
    """Check one DNA sample object (``samples[i]`` of a person, or a SAMPLE.json body)."""
    c = FieldChecker(now or dt.datetime.now(dt.UTC))
    p = f"{where}." if where else ""
    raw = c.obj(value, where, SAMPLE_KEYS)
    for key in ("type", "collected_at", "consent"):
        if raw.get(key) is None:
            c.fail(f"{p}{key}", "required")
    consent = c.boolean(raw["consent"], f"{p}consent")
    if not consent:
        c.fail(f"{p}consent", "consent_required")
    profile = parse_profile(raw["profile"], where=f"{p}profile") if raw.get("profile") is not None else None
    return Sample(
        type=c.word(raw["type"], f"{p}type", SampleType)[0],
        collected_at=c.when(raw["collected_at"], f"{p}collected_at"),
        consent=consent,
        profile=profile,
        collector=c.name(raw.get("collector"), f"{p}collector"),
        note=c.text(raw.get("note"), f"{p}note"),
    )


def parse_profile(value: Any, *, where: str = "") -> StrProfile:
    """Check an STR profile ``{"kit": …, "loci": {locus: [a, b]}}``; locus names are normalised."""
    c = FieldChecker(dt.datetime.now(dt.UTC))
    p = f"{where}." if where else ""
    raw = c.obj(value, where, {"kit", "loci"})
    kit = c.name(raw.get("kit"), f"{p}kit", required=True)
    loci_raw = raw.get("loci")
    if not isinstance(loci_raw, dict):
        c.fail(f"{p}loci", "wrong_type", expected="object")
    if not loci_raw:
        c.fail(f"{p}loci", "empty_array")
    loci: dict[str, tuple[float, float]] = {}
    for name, alleles in loci_raw.items():
        try:
            locus = _locus(name)
        except ValueError:
            c.fail(f"{p}loci.{name}", "bad_locus")
        if locus in loci:
            c.fail(f"{p}loci.{name}", "duplicate")
        if (
            not isinstance(alleles, list)
            or len(alleles) != 2
            or not (_is_allele(alleles[0]) and _is_allele(alleles[1]))
        ):
            c.fail(f"{p}loci.{name}", "bad_allele")
        a, b = float(alleles[0]), float(alleles[1])
        loci[locus] = (a, b) if a <= b else (b, a)
    return StrProfile(kit=kit, loci=loci)


@functools.lru_cache(maxsize=1024)
def _locus(name: str) -> str:
    # Every stored profile names the same few dozen loci: each spelling is normalised once.
    from app.core.matching.loci import normalise_locus

    return normalise_locus(name)


def _is_allele(value: Any) -> bool:
    if type(value) is int:  # the common case, checked first: every stored profile is read again
        return 1 <= value <= 99
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    whole = int(value)
    tenth = round((float(value) - whole) * 10)
    return 1 <= whole <= 99 and tenth in _ALLELE_FRACTIONS and abs(float(value) - whole - tenth / 10) < 1e-9
