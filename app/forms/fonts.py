"""The embedded fonts and per-character font switching.

Every PDF embeds a subset of WenQuanYi Micro Hei (GB 2312 complete, 20,932 URO ideographs), and,
only for characters it lacks, a subset of a HanaMinA extract (CJK Ext-A, common Ext-B such as
𠮷 U+20BB7). ReportLab's built-in CID fonts are never used: they are not embedded and print as
boxes on a machine without them. A character neither font has is printed as ``[U+XXXXX]`` so a
clerk sees that something is there rather than losing it silently.

Fonts are registered on first use, not at import, so importing ``app.forms`` stays cheap; the
fallback is parsed only when some text needs it (most forms never do).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from app.core.resources import resource_dir
from app.forms import fontcache

FONT_DIR = resource_dir("fonts")
PRIMARY = "XunrenSans"
FALLBACK = "XunrenFallback"
PRIMARY_FILE = FONT_DIR / "wqy-microhei.ttc"
FALLBACK_FILE = FONT_DIR / "HanaMinA-fallback.ttf"


def to_unicode_cmap(name: str, subset: list[int]) -> str:
    """A ToUnicode CMap whose targets are UTF-16BE, surrogate pairs included."""
    entries = [f"<{i:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>" for i, cp in enumerate(subset)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


class EmbeddedFont(TTFont):  # type: ignore[misc]
    """A TrueType font whose characters beyond U+FFFF copy out of the PDF as themselves.

    ReportLab writes each ToUnicode target as four hex digits, so 𠮷 (U+20BB7) came back from
    copy/paste as U+20BB "₻". The map is rewritten with proper UTF-16 surrogate pairs.
    """

    def addObjects(self, doc: Any) -> None:
        subsets = list(self.state[doc].subsets)  # the parent drops its state once done
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if max(subset, default=0) <= 0xFFFF:
                continue
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            doc.idToObject["toUnicodeCMap:" + base].content = to_unicode_cmap(base, subset)


def load(name: str, file: Path, subfont: int = 0) -> EmbeddedFont:
    """The font, from its metrics cache when that is current, else parsed from the file."""
    face = fontcache.load_face(file, subfont)
    if face is None:
        parsed = EmbeddedFont(name, str(file), subfontIndex=subfont)
        fontcache.write(parsed.face, file, subfont)
        return parsed
    font = EmbeddedFont.__new__(EmbeddedFont)
    fontcache.adopt(font, name, face)
    return font


def escape(text: str) -> str:
    """XML-escape for paragraph markup (xml.sax.saxutils would pull in urllib: +30 ms at start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ReportLab wraps every compressed stream in ASCII85 as well, by default: 25% bigger files and,
# without the C accelerator, a second of pure-Python encoding for a long report. Binary streams
# are fine in every viewer and printer driver of this century. ReportLab is used only here.
rl_config.useA85 = 0

_lock = threading.Lock()  # the print service may render from a worker thread
_primary_cmap: frozenset[int] | None = None
_fallback_cmap: frozenset[int] | None = None


def primary() -> str:
    """Register the primary font (once) and return its ReportLab name."""
    global _primary_cmap
    if _primary_cmap is None:
        with _lock:
            if _primary_cmap is None:
                font = load(PRIMARY, PRIMARY_FILE)
                pdfmetrics.registerFont(font)
                # <b> in paragraph markup must not fail: the face has no bold, map it to itself.
                pdfmetrics.registerFontFamily(
                    PRIMARY, normal=PRIMARY, bold=PRIMARY, italic=PRIMARY, boldItalic=PRIMARY
                )
                _primary_cmap = frozenset(font.face.charToGlyph)
    return PRIMARY


def _fallback_chars() -> frozenset[int]:
    global _fallback_cmap
    if _fallback_cmap is None:
        with _lock:
            if _fallback_cmap is None:
                font = load(FALLBACK, FALLBACK_FILE)
                pdfmetrics.registerFont(font)
                _fallback_cmap = frozenset(font.face.charToGlyph)
    return _fallback_cmap


def _in_primary(cp: int) -> bool:
    primary()
    assert _primary_cmap is not None
    return cp in _primary_cmap


@lru_cache(maxsize=65536)
def font_for(ch: str) -> str | None:
    """The font that can draw ``ch``: primary, fallback, or None (shown as a code point)."""
    cp = ord(ch)
    if ch in "\n\t" or _in_primary(cp):
        return PRIMARY
    if cp < 0x20 or 0x7F <= cp < 0xA0:
        return None  # control characters have no glyph anywhere; show them
    if cp in _fallback_chars():
        return FALLBACK
    return None


def placeholder(ch: str) -> str:
    """What a character no font has looks like on paper."""
    return f"[U+{ord(ch):04X}]"


def runs(text: str) -> Iterator[tuple[str, str]]:
    """Split ``text`` into (font name, text) runs; unknown characters become placeholders."""
    if text.isascii() and text.isprintable():  # the primary has all printable ASCII: no lookups
        yield PRIMARY, text
        return
    current = PRIMARY
    buf: list[str] = []
    for ch in text:
        font = font_for(ch)
        piece = ch
        if font is None:
            font, piece = PRIMARY, placeholder(ch)
        if font != current and buf:
            yield current, "".join(buf)
            buf = []
        current = font
        buf.append(piece)
    if buf:
        yield current, "".join(buf)


def markup(text: str) -> str:
    """Paragraph markup for plain ``text``: escaped, newlines kept, fallback runs tagged.

    Case text is data, never markup: a name like ``<b>`` must print as typed.
    """
    out: list[str] = []
    for font, run in runs(text):
        safe = escape(run).replace("\n", "<br/>")
        out.append(safe if font == PRIMARY else f'<font name="{font}">{safe}</font>')
    return "".join(out)


def string_width(text: str, size: float) -> float:
    """Printed width of ``text`` in points, font switching included."""
    return float(sum(pdfmetrics.stringWidth(run, font, size) for font, run in runs(text)))


def one_font(text: str) -> str:
    """``text`` for places that take a single font (chart labels): gaps become placeholders."""
    return "".join(ch if font_for(ch) == PRIMARY else placeholder(ch) for ch in text)
