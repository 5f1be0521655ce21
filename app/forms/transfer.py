"""The case summary and transfer form, sent with a case handed to another station."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.core.model import RegisteredCase, StationInfo
from app.forms import blocks, page
from app.forms.blocks import Field
from app.forms.common import case_fields, person_fields, person_heading, running, title_block
from app.forms.dna import donors
from app.forms.labels import enum, paren, relation, t

SAMPLE_WIDTHS = [36 * mm, 30 * mm, 28 * mm, 26 * mm, page.CONTENT_W - 120 * mm]


def render_transfer(
    reg: RegisteredCase, station: StationInfo, *, to_station: str = "", lang: str = "zh_CN"
) -> bytes:
    """The case summary / transfer form (案件摘要及移交单), as PDF bytes. Applies to every case type.

    ``to_station`` is the receiving station as the officer names it; left blank, a line is left
    to write it in by hand. The subjects are printed in full, other persons in brief, samples
    as a table, and both sides sign the hand-over.
    """
    title = t("title.transfer", lang)
    story: list[Flowable] = [*title_block(title, reg, station, lang)]
    story.append(blocks.section(t("sec.transfer", lang)))
    hand_over: list[Field] = [
        (t("from_station", lang), f"{station.name}{paren(station.code, lang)}"),
        (t("to_station", lang), to_station),
        (t("transfer_date", lang), ""),
        (t("assigned_to", lang), reg.assigned_to or reg.officer),  # who answers for the case
        (t("transfer_reason", lang), "\n\n"),  # room to write the reason by hand
    ]
    story += blocks.fields(hand_over)
    story.append(blocks.section(t("sec.case", lang)))
    story += blocks.fields(case_fields(reg, lang))
    subjects = {id(p) for p in reg.case.subjects()}
    for n, p in enumerate(reg.case.persons, start=1):
        if id(p) in subjects:
            story.append(blocks.section(person_heading(n, p, lang)))
            story += blocks.fields(person_fields(p, lang, subject=True))
    others = [p for p in reg.case.everyone() if id(p) not in subjects]
    if others:
        story.append(blocks.section(t("sec.others", lang)))
        header = [t(k, lang) for k in ("name", "role", "relation", "phone", "id_number")]
        rows = [
            [p.name, enum(p.role, lang), relation(p.relation, lang), p.phone, p.id_number or ""]
            for p in others
        ]
        story.append(blocks.table(header, rows, SAMPLE_WIDTHS))
    pairs = [(p, s) for p, s in donors(reg) if s is not None]
    if pairs:
        story.append(blocks.section(t("sec.samples", lang)))
        header = [t(k, lang) for k in ("sample_no", "donor", "sample_type", "sample_status", "profile")]
        rows = [
            [
                s.sample_no or "",
                p.name,
                enum(s.type, lang),
                enum(s.status, lang),
                t("profile_fmt", lang, kit=s.profile.kit, n=len(s.profile.loci))
                if s.profile
                else t("pending", lang),
            ]
            for p, s in pairs
        ]
        story.append(blocks.table(header, rows, SAMPLE_WIDTHS))
    story.append(blocks.section(t("sec.signatures", lang)))
    story.append(blocks.signatures([t("sig.from", lang), t("sig.to", lang)], t("sig.date", lang), lang))
    story.append(blocks.para(t("sig.stamp", lang), 10, align=2))
    return page.build(story, running(title, reg, station, lang))
