"""Building blocks of a form: styles, title block, section bars, field tables, signature lines.

Field tables are bordered label/value grids. Short values sit two to a row; a value that needs
more than one line gets a full-width row. Rows may split across pages (``splitInRow``) so a
statement of 10,000 characters flows on instead of being cut off or raising a layout error.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.forms import fonts
from app.forms.labels import colon
from app.forms.page import CONTENT_W

LABEL_W = 30 * mm
VALUE_W = CONTENT_W / 2 - LABEL_W
SHADE = colors.Color(0.92, 0.92, 0.92)
GRID = 0.6
CELL_PAD = 4
CHUNK = 600  # characters of a long value per table row (see chunks)

Field = tuple[str, str]


@lru_cache(maxsize=32)
def style(
    size: float = 10, *, align: int = 0, leading: float | None = None, cjk: bool = True
) -> ParagraphStyle:
    """A paragraph style in the primary font.

    CJK wrapping breaks between any two characters, which Chinese needs but which splits English
    words ("concern-ed"); plain ASCII text gets ordinary word wrapping instead.
    """
    return ParagraphStyle(
        f"x{size}-{align}-{leading}-{cjk}",
        fontName=fonts.primary(),
        fontSize=size,
        leading=leading or size * 1.4,
        alignment=align,
        wordWrap="CJK" if cjk else None,
    )


def table_style(cmds: Sequence[tuple[object, ...]]) -> TableStyle:
    """A table style whose plain-string cells use the embedded font.

    ReportLab's default for string cells is Helvetica, which would be referenced in the PDF
    without being embedded, even for an empty cell.
    """
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.primary()), *cmds])


class TextParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph that splits across pages without putting spaces into Chinese text.

    ReportLab's split joins the lines of the part that moves on with a space after each line
    end, as if they were English words; re-wrapped, those spaces land inside Chinese text ("傍
    晚"). The space is taken back where the line ended in a CJK character.
    """

    def _get_split_blParaFunc(self) -> Any:  # ReportLab's hook for how lines are split off
        inner = super()._get_split_blParaFunc()

        def split(bl_para: Any, start: int, stop: int) -> Any:
            lines = bl_para.lines[start:stop]
            words = [w for line in lines if hasattr(line, "words") for w in line.words if hasattr(w, "text")]
            before = [(w, w.text) for w in words]
            out = inner(bl_para, start, stop)
            for w, text in before:
                if w.text != text and text and ord(text[-1]) >= 0x2E80:
                    w.text = text
            return out

        return split


def para(text: str, size: float = 10, *, align: int = 0) -> Paragraph:
    """A paragraph of plain text (escaped; fallback font where needed)."""
    # Word wrapping only for English with no word too long to fit; anything else breaks anywhere,
    # so a 10,000-character string without spaces still wraps instead of running off the page.
    words = text.isascii() and max(map(len, text.split()), default=0) <= 24
    return TextParagraph(fonts.markup(text), style(size, align=align, cjk=not words))


def title(text: str, size: float = 18) -> list[Flowable]:
    return [
        Paragraph(fonts.markup(text), style(size, align=TA_CENTER, leading=size * 1.3)),
        Spacer(1, 4 * mm),
    ]


def section(text: str) -> Flowable:
    """A shaded bar that opens a section and stays with what follows it."""
    s = ParagraphStyle(
        "section", parent=style(11), backColor=SHADE, borderPadding=(3, 4, 3, 4), spaceBefore=9, spaceAfter=5
    )
    p = Paragraph(fonts.markup(text), s)
    p.keepWithNext = True
    return p


def _fits_half(value: str, size: float) -> bool:
    return "\n" not in value and fonts.string_width(value, size) <= VALUE_W - 2 * CELL_PAD


def _grid(
    rows: list[list[Flowable | str]],
    widths: list[float],
    *,
    top: bool = True,
    bottom: bool = True,
    spans: Sequence[int] = (),
) -> Table:
    """A label/value grid; ``top``/``bottom`` False leave the edge open for a continued value."""
    table = Table(rows, colWidths=widths, splitInRow=1)
    cmds: list[tuple[object, ...]] = [
        ("INNERGRID", (0, 0), (-1, -1), GRID, colors.black),
        ("LINEBEFORE", (0, 0), (0, -1), GRID, colors.black),
        ("LINEAFTER", (-1, 0), (-1, -1), GRID, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        # Wider on the right: CJK wrapping lets closing punctuation hang past the line end.
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD + 8),
        ("TOPPADDING", (0, 0), (-1, -1), 3 if top else 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4 if bottom else 0),
    ]
    if top:
        cmds.append(("LINEABOVE", (0, 0), (-1, 0), GRID, colors.black))
    if bottom:
        cmds.append(("LINEBELOW", (0, -1), (-1, -1), GRID, colors.black))
    for col in range(0, len(widths), 2):
        cmds.append(("BACKGROUND", (col, 0), (col, -1), SHADE))
    for row in spans:  # a lone short field takes the whole row rather than leave an empty pair
        cmds += [("SPAN", (1, row), (-1, row)), ("BACKGROUND", (2, row), (2, row), colors.white)]
    table.setStyle(table_style(cmds))
    return table


def chunks(text: str, limit: int = CHUNK) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters, at a line or sentence end.

    Why: ReportLab re-wraps the whole remainder of a table row at every page break, which is
    quadratic; a 10,000-character statement took 13 s. Pieces in separate tables keep each
    page break cheap, and cutting where a sentence ends hides the seam.
    """
    pieces: list[str] = []
    while len(text) > limit:
        window = text[limit // 2 : limit]
        cut = max(window.rfind(mark) for mark in "\n。；！？.;!?")
        at = limit // 2 + cut + 1 if cut >= 0 else limit
        pieces.append(text[:at].rstrip("\n"))
        text = text[at:]
    pieces.append(text)
    return pieces


def _full(label: str, value: str, size: float) -> list[Flowable]:
    """A full-width field, in stacked open-edged tables when the value is long."""
    parts = chunks(value)
    widths = [LABEL_W, CONTENT_W - LABEL_W]
    return [
        _grid(
            [[para(label, size - 1) if i == 0 else "", para(part, size)]],
            widths,
            top=i == 0,
            bottom=i == len(parts) - 1,
        )
        for i, part in enumerate(parts)
    ]


def fields(items: Sequence[Field], size: float = 10) -> list[Flowable]:
    """Bordered label/value tables for ``items``, short ones paired, long ones full width.

    The tables are stacked with no gap and share the label column width, so together they read
    as one grid.
    """
    out: list[Flowable] = []
    half: list[Field] = []

    def flush_half() -> None:
        rows: list[list[Flowable | str]] = []
        for i in range(0, len(half), 2):
            pair = half[i : i + 2]
            row: list[Flowable | str] = []
            for label, value in pair:
                row += [para(label, size - 1), para(value, size)]
            rows.append(row + ["", ""] * (2 - len(pair)))
        if rows:
            lone = [len(rows) - 1] if len(half) % 2 else []
            out.append(_grid(rows, [LABEL_W, VALUE_W, LABEL_W, VALUE_W], spans=lone))
        half.clear()

    for label, value in items:
        if _fits_half(value, size):
            half.append((label, value))
        else:
            flush_half()
            out += _full(label, value, size)
    flush_half()
    return out


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], size: float = 9
) -> Table:
    """A bordered data table with a shaded header row repeated on every page."""
    data: list[list[Flowable | str]] = [[para(h, size) for h in header]]
    data += [[para(cell, size) for cell in row] for row in rows]
    # A blank row is a line to write on by hand, so it gets a writing height.
    heights = [None] + [None if any(row) else 8 * mm for row in rows]
    tbl = Table(data, colWidths=list(widths), rowHeights=heights, repeatRows=1, splitInRow=1)
    tbl.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), GRID, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ]
        )
    )
    return tbl


def signatures(labels: Sequence[str], date_label: str, lang: str) -> Flowable:
    """Signature lines: each label, a line to sign on, and a line for the date.

    Kept together so a signature never lands on a page without the form it signs.
    """
    sep = colon(lang)
    rows = [[para(f"{label}{sep}", 10), "", para(f"{date_label}{sep}", 10), ""] for label in labels]
    tbl = Table(rows, colWidths=[52 * mm, 58 * mm, 16 * mm, CONTENT_W - 126 * mm], rowHeights=11 * mm)
    tbl.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                ("LINEBELOW", (3, 0), (3, -1), 0.6, colors.black),
            ]
        )
    )
    tbl.keepWithNext = False
    return tbl
