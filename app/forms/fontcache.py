"""Parsed font metrics kept next to the fonts, so the first form of a process starts fast.

ReportLab parses a TrueType font in pure Python: ~0.1 s for WenQuanYi Micro Hei, a third of
the 300 ms a first print may take. The parsed face (character map, widths, table directory) is
stored once as ``<font>.metrics`` and loaded in a few milliseconds; the font's own bytes are
still read from the font file, so the cache holds no outlines.

The cache is trusted like the code beside it (it ships in resources/fonts). It is used only
when it was written by the same ReportLab version from a font file of the same size; otherwise
the font is parsed as usual, so a stale cache costs time, never correctness, and the cache is
rewritten when the folder is writable (a developer's checkout, the installer build); an
installed copy in a read-only folder simply parses. A test checks the shipped cache is current.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFontFace

FORMAT = 1
# Not picklable (a lambda) and cheap to rebuild; the font bytes are read from the font itself.
_DROPPED = ("_pdfScale", "_ttf_data")


def cache_path(font_file: Path, subfont: int) -> Path:
    return font_file.with_name(f"{font_file.name}.{subfont}.metrics")


def stamp(font_file: Path, subfont: int) -> tuple[int, str, str, int, int]:
    """What a cache must have been written for to be used."""
    return (FORMAT, reportlab.Version, font_file.name, font_file.stat().st_size, subfont)


def load_face(font_file: Path, subfont: int) -> Any | None:
    """The parsed face from the cache, or None when there is no current cache."""
    path = cache_path(font_file, subfont)
    try:
        saved_stamp, state = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, ValueError, EOFError, AttributeError, ImportError):
        return None
    if saved_stamp != stamp(font_file, subfont):
        return None
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face.filename = str(font_file)
    face._ttf_data = font_file.read_bytes()
    scale = 1000 / face.unitsPerEm
    face._pdfScale = lambda x: x * scale
    return face


def adopt(font: Any, name: str, face: Any) -> None:
    """Fill a bare TTFont object as ``TTFont.__init__`` would, around an already parsed face."""
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = True


def write(face: Any, font_file: Path, subfont: int) -> None:
    """Store a freshly parsed face as the cache, if the folder lets us (best effort)."""
    state = {k: v for k, v in face.__dict__.items() if k not in _DROPPED}
    path = cache_path(font_file, subfont)
    tmp = path.with_suffix(".tmp")
    try:  # written aside and renamed: a reader never sees half a cache
        tmp.write_bytes(pickle.dumps((stamp(font_file, subfont), state), protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
