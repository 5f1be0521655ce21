"""The family's receipt: proof the report was taken, whom to call, and the verification code."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table

from app.core import verification
from app.core.model import RegisteredCase, StationInfo
from app.forms import blocks, page
from app.forms.common import running, title_block
from app.forms.fmt import names
from app.forms.labels import enum, is_english, t
from app.forms.qr import qr_drawing

QR_SIZE = 42 * mm


def render_receipt(
    reg: RegisteredCase, station: StationInfo, *, lang: str = "zh_CN", check_url: str | None = None
) -> bytes:
    """The receipt (报案回执) handed to the family, as PDF bytes. Applies to every case type.

    The verification code is printed in groups of four (read aloud, typed) and as a QR code
    (scanned), so both routes give the server the same hash. With ``check_url`` (the national
    server's public check page) the QR code opens ``{check_url}#{code}``: the code rides in the
    address's fragment, which the family's browser never sends to a server or a proxy; the page
    posts it. Without it the QR code holds the bare code.
    """
    title = t("title.receipt", lang)
    case = reg.case
    story: list[Flowable] = [*title_block(title, reg, station, lang)]
    story.append(blocks.section(t("sec.registered", lang)))
    subjects = names([p.name or "—" for p in case.subjects()], lang)
    items = [(t("type", lang), enum(case.type, lang)), (t("subjects", lang), subjects)]
    if case.reporter is not None:
        items.append((t("sec.reporter", lang), case.reporter.name))
    items.append((t("station_address", lang), station.address))
    story += blocks.fields(items)
    story.append(blocks.section(t("sec.next", lang)))
    for n in range(1, 5):
        text = t(f"next.{n}", lang, phone=station.phone or "—")
        story.append(blocks.para(f"{n}. {text}", 10))
    story.append(blocks.section(t("sec.code", lang)))
    story.append(code_box(reg.verification_code, lang, check_url))
    story.append(blocks.section(t("sec.signatures", lang)))
    story.append(blocks.signatures([t("sig.officer", lang)], t("sig.date", lang), lang))
    story.append(blocks.para(t("sig.stamp", lang), 10, align=2))
    return page.build(story, running(title, reg, station, lang))


def code_box(code: str, lang: str, check_url: str | None = None) -> Flowable:
    """The grouped code in large type beside its QR code, kept on one page."""
    canonical = verification.normalize(code)
    size = 20 if is_english(lang) else 22
    text = [
        blocks.para(verification.group(canonical), size, align=TA_CENTER),
        blocks.para(t("code_hint", lang), 9),
    ]
    if check_url:
        text.append(blocks.para(t("check_where", lang, url=check_url), 9))
    box = Table(
        [[text, qr_drawing(f"{check_url}#{canonical}" if check_url else canonical, QR_SIZE)]],
        colWidths=[page.CONTENT_W - QR_SIZE - 8 * mm, QR_SIZE + 8 * mm],
    )
    box.setStyle(
        blocks.table_style(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return KeepTogether([box])
