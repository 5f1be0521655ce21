"""The missing-person poster (寻人启事): a large photo, the facts a passer-by can check, whom to call."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, PageBreak, Spacer, Table

from app.core.model import CaseType, Person, RegisteredCase, StationInfo
from app.forms import blocks, page
from app.forms.blocks import Field
from app.forms.common import running, today_cst
from app.forms.errors import FormNotApplicable
from app.forms.fmt import age_on, height, local, names, when
from app.forms.labels import colon, enum, t

if TYPE_CHECKING:
    from app.forms.found_notice import NoticeChild

PHOTO_W = 70 * mm
PHOTO_H = 92 * mm
SIZE = 13  # poster text is read from a step away


def render_poster(
    reg: RegisteredCase,
    station: StationInfo,
    *,
    photo: bytes | None = None,
    lang: str = "zh_CN",
    today: dt.date | None = None,
    reference: str | None = None,
    gallery_url: str | None = None,
    children: Sequence[NoticeChild] | None = None,
) -> bytes:
    """The poster for each missing person of a missing-person case, one page each, as PDF bytes;
    for a found case the found-person notice (寻亲启事, :mod:`app.forms.found_notice`), which
    also prints the gallery ``reference`` and ``gallery_url`` when given, one page per found
    child of ``children`` (siblings found together, each with its own photo and reference).

    ``photo`` is JPEG or PNG bytes (the same photo for every person; the service passes the
    subject's). ``today`` fixes "age now" (default: today in China). Raises FormNotApplicable for
    a trafficking case, or a case with no missing or found person on record.
    """
    case = reg.case
    if case.type is CaseType.FOUND:
        from app.core.gallery import NotPublishable
        from app.forms.found_notice import render_found_notice

        try:
            return render_found_notice(
                reg,
                station,
                photo=photo,
                lang=lang,
                reference=reference,
                gallery_url=gallery_url,
                today=today,
                children=children,
            )
        except NotPublishable:
            raise FormNotApplicable("poster", "poster_no_subject") from None
    if case.type is not CaseType.MISSING:
        raise FormNotApplicable("poster", "poster_not_missing", kind=case.type)
    subjects = case.subjects()
    if not subjects:
        raise FormNotApplicable("poster", "poster_no_subject")
    on = today or today_cst()
    title = t("title.poster", lang)
    story: list[Flowable] = []
    for n, person in enumerate(subjects):
        if n:
            story.append(PageBreak())
        story += poster_page(reg, station, person, photo, on, lang)
    return page.build(story, running(title, reg, station, lang))


def photo_flowable(photo: bytes | None, lang: str) -> Flowable:
    """The photo scaled into its box (aspect kept), or an empty framed box saying there is none."""
    if photo is None:
        box = Table(
            [[blocks.para(t("no_photo", lang), 12, align=TA_CENTER)]],
            colWidths=[PHOTO_W],
            rowHeights=[PHOTO_H],
        )
        box.setStyle(
            blocks.table_style(
                [("BOX", (0, 0), (-1, -1), 0.8, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
            )
        )
        return box
    with PILImage.open(io.BytesIO(photo)) as img:  # raises for bytes that are not an image
        w, h = img.size
    scale = min(PHOTO_W / w, PHOTO_H / h)
    return Image(io.BytesIO(photo), width=w * scale, height=h * scale)


def photo_beside_facts(photo: bytes | None, facts: list[Field], lang: str, label_w: float = 26 * mm) -> Table:
    """The photo on the left, the facts a passer-by can check on the right (blank ones left out)."""
    side = Table(
        [[blocks.para(k, SIZE - 2), blocks.para(v, SIZE)] for k, v in facts if v],
        colWidths=[label_w, page.CONTENT_W - PHOTO_W - 6 * mm - label_w],
    )
    side.setStyle(
        blocks.table_style(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey)]
        )
    )
    top = Table(
        [[photo_flowable(photo, lang), side]], colWidths=[PHOTO_W + 6 * mm, page.CONTENT_W - PHOTO_W - 6 * mm]
    )
    top.setStyle(
        blocks.table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    return top


def poster_page(
    reg: RegisteredCase, station: StationInfo, p: Person, photo: bytes | None, on: dt.date, lang: str
) -> list[Flowable]:
    case = reg.case
    lost_at = case.event.at if case.event else case.reported_at
    reported = local(case.reported_at).date()
    facts: list[Field] = [
        (t("name", lang), p.name or "—"),
        (t("nicknames", lang), names(p.nicknames, lang)),
        (t("sex", lang), enum(p.sex, lang)),
        (t("age_now", lang), age_on(p, on, lang, since=reported)),
        (t("age_lost", lang), age_on(p, local(lost_at).date(), lang, since=reported)),
        (t("height", lang), height(p, lang)),
        (t("build", lang), enum(p.build, lang) if p.build else ""),
    ]
    top = photo_beside_facts(photo, facts, lang)
    kind = case.type.value
    details: list[Field] = [
        (t(f"event.{kind}", lang), when(lost_at, lang)),
        (t(f"place.{kind}", lang), case.event.place if case.event else ""),
        (t("marks", lang), p.marks),
        (t("clothing", lang), p.clothing),
        (t("dialect", lang), p.dialect),
    ]
    out: list[Flowable] = [*blocks.title(t("title.poster", lang), 40), top]
    out += blocks.fields([(k, v) for k, v in details if v], size=SIZE - 1)
    out.append(Spacer(1, 6 * mm))
    out.append(blocks.para(t("poster.appeal", lang), SIZE + 2, align=TA_CENTER))
    contact = t("poster.contact", lang, station=station.name, phone=station.phone or "—")
    out.append(blocks.para(contact, SIZE + 3, align=TA_CENTER))
    if case.contact:
        out.append(blocks.para(case.contact, SIZE, align=TA_CENTER))
    out.append(blocks.para(f"{t('case_no', lang)}{colon(lang)}{reg.case_no}", 10, align=TA_CENTER))
    return out
