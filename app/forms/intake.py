"""The intake record: everything the case carries, one form per case type, signed by both sides."""

from __future__ import annotations

from reportlab.platypus import Flowable

from app.core.model import RegisteredCase, StationInfo
from app.forms import blocks, page
from app.forms.common import case_fields, persons, running, title_block
from app.forms.labels import t


def render_intake(reg: RegisteredCase, station: StationInfo, *, lang: str = "zh_CN") -> bytes:
    """The intake record (登记表) for a missing, found or trafficking case, as PDF bytes.

    Applies to every case type; the title and the event's labels follow the type.
    """
    title = t(f"title.intake.{reg.case.type.value}", lang)
    story: list[Flowable] = [*title_block(title, reg, station, lang)]
    story.append(blocks.section(t("sec.case", lang)))
    story += blocks.fields(case_fields(reg, lang))
    story += persons(reg, lang)
    story.append(blocks.section(t("sec.signatures", lang)))
    signers = [t("sig.officer", lang)]
    if reg.case.reporter is not None or reg.case.type.value != "found":
        signers.append(t("sig.reporter", lang))
    story.append(blocks.signatures(signers, t("sig.date", lang), lang))
    return page.build(story, running(title, reg, station, lang))
