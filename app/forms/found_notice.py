"""The found-person notice (寻亲启事): a child the police found, looking for its family; one
page per found child (siblings found together each get their own page, photo and reference).

What a passer-by or a relative needs to recognise the child and call: the photo, the estimated
age (then and now), the sex, when and where the child was found at county level, what the child
says (the name it gives, its words, how it speaks), the station's phone and, once the station
asked for publication, the gallery reference. Never the case number (the notice is posted in
public), never marks or ID numbers: those are what the station checks a claimant against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.core import regions
from app.core.gallery import CST, found_subject
from app.core.model import RegisteredCase, StationInfo
from app.forms import blocks, page
from app.forms.blocks import Field
from app.forms.common import today_cst
from app.forms.fmt import age_on
from app.forms.labels import enum, is_english
from app.forms.page import Running
from app.forms.poster import SIZE, photo_beside_facts

NOTICE_LABELS: dict[str, tuple[str, str]] = {
    "title": ("寻亲启事", "LOOKING FOR FAMILY"),
    "lead": ("我们找到了这个孩子，正在寻找他/她的家人。", "The police found this child and are looking for the family."),
    "sex": ("性别", "Sex"),
    "age_found": ("发现时估计年龄", "Estimated age when found"),
    "age_now": ("现估计年龄", "Estimated age now"),
    "found_on": ("发现时间", "Found on"),
    "found_in": ("发现地点", "Found in"),
    "says": ("孩子自述", "What the child says"),
    "calls_self": ("自称“{name}”", "Says the name is “{name}”"),
    "speaks": ("口音：{dialect}", "Speaks: {dialect}"),
    "appeal": ("如果您认识这个孩子，或孩子可能是您的亲人，请与我们联系。",
               "If you know this child, or the child may be your relative, please contact us."),
    "contact": ("联系单位：{station}  电话：{phone}", "Contact: {station}  Phone: {phone}"),
    "reference": ("全国寻亲库编号：{reference}", "National gallery reference: {reference}"),
    "online": ("可在 {url} 查看并留言", "See it and leave a message at {url}"),
    "free": ("寻亲不收取任何费用。凡以寻亲为名索要钱财者，请立即报警。",
             "Tracing a family never costs money. Report anyone who asks for payment to the police."),
    "unknown": ("不详", "unknown"),
}  # fmt: skip


def say(key: str, lang: str, **values: object) -> str:
    zh, en = NOTICE_LABELS[key]
    text = en if is_english(lang) else zh
    return text.format(**values) if values else text


@dataclass(frozen=True, slots=True)
class NoticeChild:
    """One found child's page of the notice: its index in ``persons``, its photo and its own
    gallery reference (None until the station asked for publication)."""

    index: int
    photo: bytes | None = None
    reference: str | None = None


def render_found_notice(
    reg: RegisteredCase,
    station: StationInfo,
    *,
    photo: bytes | None = None,
    lang: str = "zh_CN",
    reference: str | None = None,
    gallery_url: str | None = None,
    today: dt.date | None = None,
    children: Sequence[NoticeChild] | None = None,
) -> bytes:
    """The notice for the found children of a found case, one page each, as PDF bytes.

    ``children``: the pages to print (siblings found together: each with its own photo and
    reference); None prints the case's first found child with ``photo`` and ``reference``.
    ``reference``: the gallery reference, printed once the station asked for publication;
    ``gallery_url``: where the public gallery is (the national server's public address).
    Raises app.core.gallery.NotPublishable for a case that is not a found case.
    """
    if children is None:
        children = [NoticeChild(found_subject(reg), photo, reference)]
    elif not children:
        found_subject(reg)  # a found case always has a found person: say why there is no page
    on = today or today_cst()
    story: list[Flowable] = []
    for n, child in enumerate(children):
        if n:
            story.append(PageBreak())
        story += _child_page(reg, station, child, lang, gallery_url, on)
    running = Running(title=say("title", lang), station=station, lang=lang, printed=today_cst())
    return page.build(story, running)


def _child_page(
    reg: RegisteredCase,
    station: StationInfo,
    subject: NoticeChild,
    lang: str,
    gallery_url: str | None,
    on: dt.date,
) -> list[Flowable]:
    child = reg.case.persons[subject.index]
    event = reg.case.event
    found_day = event.at.astimezone(CST).date() if event else None
    county = regions.lookup(event.place_code) if event and event.place_code else None
    unknown = say("unknown", lang)
    facts: list[Field] = [
        (say("sex", lang), enum(child.sex, lang)),
        (say("age_found", lang), (age_on(child, found_day, lang) if found_day else "") or unknown),
        (say("age_now", lang), age_on(child, on, lang, since=found_day) or unknown),
        (say("found_on", lang), found_day.isoformat() if found_day else unknown),
        (say("found_in", lang), _place(county, lang) if county else unknown),
    ]
    top = photo_beside_facts(subject.photo, facts, lang, label_w=36 * mm)
    story: list[Flowable] = [*blocks.title(say("title", lang), 40)]
    story.append(blocks.para(say("lead", lang), SIZE + 1, align=TA_CENTER))
    story += [Spacer(1, 4 * mm), top]
    words = []
    if child.name and child.name_is_self_reported:
        words.append(say("calls_self", lang, name=child.name))
    if child.statement:
        words.append(child.statement)
    if child.dialect:
        words.append(say("speaks", lang, dialect=child.dialect))
    if words:
        story.append(blocks.section(say("says", lang)))
        story += [blocks.para(w, SIZE) for w in words]
    story.append(Spacer(1, 6 * mm))
    story.append(blocks.para(say("appeal", lang), SIZE + 2, align=TA_CENTER))
    story.append(
        blocks.para(
            say("contact", lang, station=station.name, phone=station.phone or "—"), SIZE + 3, align=TA_CENTER
        )
    )
    reference = subject.reference
    if reference:
        story.append(blocks.para(say("reference", lang, reference=reference), SIZE + 1, align=TA_CENTER))
        if gallery_url:
            story.append(
                blocks.para(
                    say("online", lang, url=f"{gallery_url}/gallery/{reference}"), 10, align=TA_CENTER
                )
            )
    story.append(Spacer(1, 4 * mm))
    story.append(blocks.para(say("free", lang), 10, align=TA_CENTER))
    return story


def _place(county: regions.Region, lang: str) -> str:
    if not is_english(lang):
        return county.full_name
    return f"{county.pinyin.title()} ({county.full_name})"
