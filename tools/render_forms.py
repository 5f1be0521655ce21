"""Regenerate docs/forms/: a PNG of every printed form, from the specimen cases.

    python tools/render_forms.py [--out docs/forms] [--dpi 100]

First page of each form for each example, plus later pages of the longest case and of the
caseload report, plus English versions of two forms. Run it after changing a form, look at the
pictures, and commit them with the change so the docs stay current.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.gallery import found_subjects, person_key, reference_of  # noqa: E402
from app.core.model import RegisteredCase  # noqa: E402
from app.forms import (  # noqa: E402 - after the path is set, so the script runs from anywhere
    FORMS,
    FormNotApplicable,
    render_caseload,
    render_recovery_sheet,
    specimen,
)
from app.forms.found_notice import NoticeChild  # noqa: E402

GENERATED = dt.datetime(2026, 11, 29, 1, 30, tzinfo=dt.UTC)
RECOVERY_KEY = "R7KQ-4M2X-D9HT-RC3W-PABE-FGHJ-KMNP-QSTW"
PUBLIC_URL = "https://xunren.example.gov.cn"  # the national server's public address (issue 18)


def save_pages(pdf: bytes, out: Path, stem: str, pages: list[int], dpi: int) -> list[Path]:
    """Write the listed pages (1-based; -1 is the last) as PNG files; returns the paths."""
    doc = pdfium.PdfDocument(pdf)
    written = []
    for number in pages:
        index = len(doc) - 1 if number == -1 else number - 1
        if not 0 <= index < len(doc):
            continue
        path = out / (f"{stem}.png" if number == 1 else f"{stem}-p{index + 1}.png")
        # 64 colours keep anti-aliased text and grey fills intact at a third of the file size.
        image = doc[index].render(scale=dpi / 72).to_pil().quantize(colors=64)
        image.save(path, optimize=True)
        written.append(path)
    return written


def render_all(out: Path, dpi: int) -> list[Path]:
    station = specimen.station()
    photo = specimen.photo_png()
    written: list[Path] = []
    for name in ("missing_child", "found_child", "trafficking"):
        reg = specimen.example(name)
        for form, render in FORMS.items():
            extra: dict[str, object] = {"photo": photo} if form == "poster" else {}
            if form == "poster" and name == "found_child":  # the 寻亲启事, once publication was asked for
                extra |= {"reference": reference_of(reg.case_no), "gallery_url": PUBLIC_URL}
            if form == "receipt":  # the QR code opens the public check page, the code in the fragment
                extra |= {"check_url": f"{PUBLIC_URL}/check"}
            try:
                pdf = render(reg, station, **extra)
            except FormNotApplicable:
                continue
            written += save_pages(pdf, out, f"{form}-{name}", [1], dpi)
    long_reg = specimen.register(specimen.long_case())
    for form in ("intake", "dna", "poster", "transfer"):
        written += save_pages(FORMS[form](long_reg, station), out, f"{form}-longest", [1, 2, -1], dpi)
    found = specimen.example("found_child")
    notice = FORMS["poster"](found, station, photo=photo, lang="en", reference=reference_of(found.case_no),
                             gallery_url=PUBLIC_URL)  # fmt: skip
    written += save_pages(notice, out, "poster-found_child-en", [1], dpi)
    siblings = specimen.found_siblings()  # one page per found child, each with its own reference
    for lang, stem in (("zh_CN", "poster-found_siblings"), ("en", "poster-found_siblings-en")):
        written += save_pages(siblings_notice(siblings, lang), out, stem, [1, 2], dpi)
    missing = specimen.example("missing_child")
    for form in ("intake", "receipt"):
        written += save_pages(
            FORMS[form](missing, station, lang="en"), out, f"{form}-missing_child-en", [1], dpi
        )
    caseload = render_caseload(specimen.caseload_rows(10_000), station, generated_at=GENERATED)
    written += save_pages(caseload, out, "caseload", [1, 2, -1], dpi)
    caseload_en = render_caseload(specimen.caseload_rows(120), station, generated_at=GENERATED, lang="en")
    written += save_pages(caseload_en, out, "caseload-en", [1], dpi)
    recovery = render_recovery_sheet(station, RECOVERY_KEY, created_at=GENERATED)
    written += save_pages(recovery, out, "recovery", [1], dpi)
    return written


def siblings_notice(reg: RegisteredCase, lang: str) -> bytes:
    """The 寻亲启事 of two siblings found together, both asked for publication."""
    station = specimen.station()
    children = [
        NoticeChild(index, specimen.photo_png(), reference_of(reg.case_no, person_key(reg, index)))
        for index in found_subjects(reg)
    ]
    return FORMS["poster"](reg, station, lang=lang, gallery_url=PUBLIC_URL, children=children)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "forms")
    ap.add_argument("--dpi", type=int, default=100)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for stale in args.out.glob("*.png"):
        stale.unlink()  # a form that was removed must not leave its picture behind
    for path in render_all(args.out, args.dpi):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
