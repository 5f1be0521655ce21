"""The DNA sample form: who gave which sample, their consent and signature, its chain of custody.

One sheet per sample (a page break between samples) because each donor signs their own consent
and the lab file keeps one sheet per sample.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph

from app.core.model import Person, RegisteredCase, Role, Sample, StationInfo
from app.forms import blocks, fonts, page
from app.forms.blocks import Field
from app.forms.common import running, title_block
from app.forms.errors import FormNotApplicable
from app.forms.fmt import names, when, yes_no
from app.forms.labels import colon, enum, relation, t

BLANK_CUSTODY_ROWS = 4  # room for the hand-overs still to come, written by hand
CUSTODY_WIDTHS = [38 * mm, 34 * mm, 34 * mm, 38 * mm, page.CONTENT_W - 144 * mm]


def donors(reg: RegisteredCase) -> list[tuple[Person, Sample | None]]:
    """Every (donor, sample) pair of the case, reporter first. Before any sample exists (the
    consent is signed before collection): each person who may give one, with a blank sample —
    the reporter and relatives of a missing person, the found person, a trafficking victim."""
    taken: list[tuple[Person, Sample | None]] = [(p, s) for p in reg.case.everyone() for s in p.samples]
    if taken:
        return taken
    givers = {Role.REPORTER, Role.RELATIVE, Role.FOUND, Role.VICTIM}
    return [(p, None) for p in reg.case.everyone() if p.role in givers]


def render_dna(reg: RegisteredCase, station: StationInfo, *, lang: str = "zh_CN") -> bytes:
    """The DNA sample collection and consent form, as PDF bytes: one sheet per sample, or blank
    sheets to sign before collection when no sample is on record yet.

    Raises FormNotApplicable when the case has nobody who could give a sample.
    """
    pairs = donors(reg)
    if not pairs:
        raise FormNotApplicable("dna", "dna_no_sample")
    title = t("title.dna", lang)
    story: list[Flowable] = [*title_block(title, reg, station, lang)]
    # Whom the samples are compared for: the lab and the donor both need to see it.
    subjects = names([p.name or "—" for p in reg.case.subjects()], lang)
    story += blocks.fields([(t("type", lang), enum(reg.case.type, lang)), (t("subjects", lang), subjects)])
    for n, (person, sample) in enumerate(pairs, start=1):
        if n > 1:
            story.append(PageBreak())
        story += sample_sheet(n, person, sample, lang)
    return page.build(story, running(title, reg, station, lang))


def sample_fields(person: Person, sample: Sample | None, lang: str) -> list[Field]:
    if sample is None:  # to be filled in by hand at collection
        return [
            (t("donor", lang), person.name),
            (t("role", lang), enum(person.role, lang)),
            (t("relation", lang), relation(person.relation, lang)),
            (t("id_number", lang), person.id_number or ""),
            (t("phone", lang), person.phone),
            (t("sample_no", lang), ""),
            (t("sample_type", lang), ""),
            (t("collected_at", lang), ""),
            (t("collector", lang), ""),
        ]
    profile = (
        t("profile_fmt", lang, kit=sample.profile.kit, n=len(sample.profile.loci)) if sample.profile else ""
    )
    return [
        (t("donor", lang), person.name),
        (t("role", lang), enum(person.role, lang)),
        (t("sex", lang), enum(person.sex, lang)),
        (t("relation", lang), relation(person.relation, lang)),
        (t("id_number", lang), person.id_number or ""),
        (t("phone", lang), person.phone),
        (t("sample_no", lang), sample.sample_no or ""),
        (t("sample_type", lang), enum(sample.type, lang)),
        (t("collected_at", lang), when(sample.collected_at, lang)),
        (t("collector", lang), sample.collector),
        (t("consent", lang), yes_no(sample.consent, lang)),
        (t("sample_status", lang), enum(sample.status, lang)),
        (t("profile", lang), profile or t("pending", lang)),
        (t("note", lang), sample.note),
    ]


def sample_sheet(n: int, person: Person, sample: Sample | None, lang: str) -> list[Flowable]:
    """Facts of one sample, the consent the donor signs, and its custody table."""
    heading = f"{t('sec.sample', lang, n=n)}{colon(lang)}{person.name or '—'}"
    out: list[Flowable] = [blocks.section(heading), *blocks.fields(sample_fields(person, sample, lang))]
    consent_style = blocks.style(10)
    consent = Paragraph(
        fonts.markup(t("consent_text", lang)),
        consent_style.clone(
            "consent",
            borderWidth=0.8,
            borderColor=colors.black,
            borderPadding=6,
            spaceBefore=10,
            spaceAfter=8,
        ),
    )
    signers = [t("sig.donor", lang), t("sig.collector", lang), t("sig.witness", lang)]
    out.append(KeepTogether([consent, blocks.signatures(signers, t("sig.date", lang), lang)]))
    out.append(blocks.section(t("custody", lang)))
    header = [
        t(k, lang) for k in ("custody.at", "custody.from", "custody.to", "custody.purpose", "custody.by")
    ]
    custody = sample.custody if sample is not None else ()
    rows = [[when(e.at, lang), e.from_party, e.to_party, e.purpose, e.recorded_by] for e in custody]
    rows += [[""] * 5 for _ in range(BLANK_CUSTODY_ROWS)]
    out.append(blocks.table(header, rows, CUSTODY_WIDTHS))
    return out
