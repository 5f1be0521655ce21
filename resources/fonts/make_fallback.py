"""Rebuild HanaMinA-fallback.ttf: the glyphs of HanaMinA that WenQuanYi Micro Hei lacks.

Run once by hand when a font is upgraded; the app never runs it. Needs fontTools, which is a
build-time tool here, not a dependency of the app (``pip install fonttools`` in a scratch venv):

    python resources/fonts/make_fallback.py /usr/share/fonts/truetype/hanazono/HanaMinA.ttf

Why a subset: the full HanaMinA is 22.7 MB, almost all of it the 21,000 common ideographs the
primary font already has. Keeping only what the primary lacks (CJK Ext-A, 2,858 Ext-B ideographs
such as U+20BB7, compatibility ideographs, rare symbols) keeps the shipped fonts small. The subset
is made under the Hanazono Font License, which allows modified copies without renaming.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
PRIMARY = HERE / "wqy-microhei.ttc"
OUT = HERE / "HanaMinA-fallback.ttf"


def main(source: str) -> None:
    primary = set(TTCollection(str(PRIMARY)).fonts[0].getBestCmap())
    donor = set(TTFont(source).getBestCmap())
    # Keep what the primary lacks; ASCII and controls stay with the primary.
    wanted = sorted(cp for cp in donor - primary if cp > 0x7F)
    options = subset.Options()
    options.layout_features = []  # no OpenType layout: ReportLab ignores it
    options.name_IDs = ["*"]  # keep copyright and licence records
    options.notdef_outline = True
    font = TTFont(source)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted)
    sub.subset(font)
    font.save(str(OUT))
    print(f"{len(wanted)} code points, {OUT.stat().st_size / 1e6:.1f} MB -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf")
