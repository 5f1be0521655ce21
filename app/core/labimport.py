"""A lab's STR results in bulk: the table its software exports, read whole and checked whole.

One row per sample and locus — sample number, locus, allele 1, allele 2 — as GeneMapper,
GeneMarker and the Chinese kits' software export it. What real files look like, and what is done:

- UTF-8 with or without a BOM, or GBK/GB 18030 (Chinese Windows): decoded, else refused;
- comma, tab or semicolon separated (sniffed from the first line);
- a header in English or Chinese (``Sample Name``/``样本编号``, ``Marker``/``基因座``,
  ``Allele 1``/``等位基因1`` …), or none when the first row already holds a locus and alleles;
- a homozygote written once (allele 2 empty) → both alleles the same;
- locus names in any common spelling (``VWA``, ``PentaD``; ``loci.py``);
- Amelogenin and Y markers (DYS391, Yindel): not autosomal STRs, left out quietly;
- an off-ladder call (``OL``) or a third allele: the locus is left out of that sample's
  profile and said so (the analyst resolves it; nothing is guessed);
- anything else wrong (an unknown locus, a non-numeric allele, the same locus twice with
  different alleles, a row without a sample number) is a problem named with its line, and the
  whole file is refused: nothing is stored unless everything can be.

Pure: bytes in, :class:`LabResult` list out (or :class:`ImportRefused` with every problem).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from app.core.matching.loci import normalise_locus
from app.core.model import StrProfile
from app.core.problems import InvalidInput, Problem

__all__ = ["ImportRefused", "LabResult", "read_lab_file", "shown"]

_HEADERS = {
    "sample": {"sample", "samplename", "sampleno", "samplenumber", "sampleid", "samplefile", "样本",
               "样本编号", "样本号", "样本名称", "样品编号", "样品名称", "检材编号", "编号"},
    "locus": {"marker", "markername", "locus", "loci", "基因座", "位点", "基因座名称"},
    "allele1": {"allele1", "a1", "等位基因1", "allele", "等位基因"},
    "allele2": {"allele2", "a2", "等位基因2"},
    "allele3": {"allele3", "a3", "等位基因3"},
    "kit": {"kit", "panel", "试剂盒", "kitname"},
}  # fmt: skip
_SKIPPED_MARKERS = re.compile(r"^(amel(ogenin)?|dys\d+.*|y\s*-?\s*indel|yindel)$", re.IGNORECASE)
_OFF_LADDER = {"ol", "off ladder", "off-ladder", "?"}
_ALLELE = re.compile(r"^\d{1,2}(\.[0-3])?$")
MAX_SHOWN = 10  # problems spelled out in the one-line refusal


class ImportRefused(InvalidInput):
    """Every problem of a refused file; :meth:`text` names up to ten on one line."""

    def text(self, lang: str = "zh_CN") -> str:
        shown = "；".join(p.text(lang) for p in self.problems[:MAX_SHOWN])
        more = len(self.problems) - MAX_SHOWN
        if more > 0:
            shown += f"；…（另有 {more} 处）" if not lang.startswith("en") else f"; … ({more} more)"
        return shown


@dataclass(frozen=True, slots=True)
class LabResult:
    """One sample's profile from the file, with the lines it came from and what was left out."""

    sample_no: str
    profile: StrProfile
    first_line: int
    notices: tuple[Problem, ...] = field(default=())


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused([Problem("", "csv_encoding")])


def _key(cell: str) -> str:
    return re.sub(r"[\s_\-.:：]", "", cell).lower()


def _columns(row: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        for name, words in _HEADERS.items():
            if _key(cell) in words and name not in found:
                found[name] = i
    return found if {"sample", "locus", "allele1"} <= found.keys() else None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """A value from the file as an error may show it: no control characters (a terminal would
    obey them), at most 40 characters, and never a resident ID number typed in the wrong column."""
    from app.core import idnumber

    if idnumber.is_valid(text):
        return idnumber.mask(text)
    clean = _CONTROL.sub("?", text)
    return clean if len(clean) <= 40 else clean[:39] + "…"


def _allele(text: str) -> float | None:
    t = text.strip()
    return float(t) if _ALLELE.match(t) and 1 <= float(t) < 100 else None


def read_lab_file(data: bytes, name: str = "") -> list[LabResult]:
    """The profiles in a lab export, one per sample number in order of first appearance."""
    text = _decode(data)
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    delimiter = max(("\t", ",", ";"), key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    start = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), len(rows))
    if start == len(rows):
        raise ImportRefused([Problem(name, "csv_empty")])
    columns = _columns(rows[start])
    if columns is None:
        columns = {"sample": 0, "locus": 1, "allele1": 2, "allele2": 3}  # no header: the four columns
    else:
        start += 1
    problems: list[Problem] = []
    loci: dict[str, dict[str, tuple[float, float]]] = {}
    first_line: dict[str, int] = {}
    kits: dict[str, str] = {}
    notices: dict[str, list[Problem]] = {}
    for number, row in enumerate(rows[start:], start + 1):
        if not any(c.strip() for c in row):
            continue

        def cell(col: str, r: list[str] = row) -> str:
            i = columns.get(col)
            return r[i].strip() if i is not None and i < len(r) else ""

        sample, locus_text = cell("sample"), cell("locus")
        a1, a2, a3 = cell("allele1"), cell("allele2"), cell("allele3")
        where: dict[str, object] = {"line": number, "locus": shown(locus_text)}
        if not sample:
            problems.append(Problem(name, "csv_no_sample", where))
            continue
        if _SKIPPED_MARKERS.match(_key(locus_text)) or (not a1 and not a2):
            continue  # a sex or Y marker, or a locus the lab did not call
        try:
            locus = normalise_locus(locus_text)
        except ValueError:
            problems.append(Problem(name, "csv_bad_locus", where))
            continue
        where["locus"] = locus
        if {a1.lower(), a2.lower()} & _OFF_LADDER or a3:
            code = "csv_off_ladder" if {a1.lower(), a2.lower()} & _OFF_LADDER else "csv_three_alleles"
            notices.setdefault(sample, []).append(Problem(name, code, {**where, "sample": shown(sample)}))
            continue
        x, y = _allele(a1), _allele(a2 or a1)
        if x is None or y is None:
            problems.append(Problem(name, "csv_bad_allele", where))
            continue
        pair = (min(x, y), max(x, y))
        held = loci.setdefault(sample, {})
        if locus in held and held[locus] != pair:
            problems.append(Problem(name, "csv_repeated_locus", {**where, "sample": shown(sample)}))
            continue
        held[locus] = pair
        first_line.setdefault(sample, number)
        if cell("kit"):
            kits.setdefault(sample, cell("kit"))
    for sample, held_back in notices.items():
        if sample not in loci:  # every locus of the sample was off-ladder or tri-allelic
            problems.append(
                Problem(name, "csv_no_loci", {"line": held_back[0].params["line"], "sample": sample})
            )
    if not loci and not problems:
        problems.append(Problem(name, "csv_empty"))
    if problems:
        raise ImportRefused(problems)
    return [
        LabResult(s, StrProfile(kits.get(s, "unspecified"), held), first_line[s], tuple(notices.get(s, ())))
        for s, held in loci.items()
    ]
