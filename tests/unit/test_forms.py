"""Printed forms: every form for every example and for the longest case, read back from the PDF.

The PDFs are read with pypdfium2 (text, rendering) and pypdf (font dictionaries), and the
receipt's QR code is decoded with zxing-cpp, as a family's phone would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable
from functools import cache

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from app.core import verification
from app.core.model import CaseType, RegisteredCase
from app.core.words import WORDS
from app.forms import FORMS, FormNotApplicable, render_caseload, render_recovery_sheet, specimen
from app.forms.labels import LABELS

EXAMPLE_NAMES = ("missing_child", "found_child", "trafficking")
STATION = specimen.station()
NOW = dt.datetime(2026, 11, 29, 1, 0, tzinfo=dt.UTC)


@cache
def example(name: str) -> RegisteredCase:
    reg = specimen.example(name)
    return dataclasses.replace(reg, verification_code=verification.new_code())


@cache
def long_case() -> RegisteredCase:
    return specimen.register(specimen.long_case())


def applies(form: str, reg: RegisteredCase) -> bool:
    if form == "poster":
        return reg.case.type in (CaseType.MISSING, CaseType.FOUND)  # found: the 寻亲启事 (issue 18)
    return True  # the DNA form too: before any sample exists it prints blank consent sheets


@cache
def rendered(form: str, which: str, lang: str = "zh_CN") -> bytes:
    reg = long_case() if which == "long" else example(which)
    extra = {"photo": specimen.photo_png()} if form == "poster" else {}
    return FORMS[form](reg, STATION, lang=lang, **extra)


def page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def squash(text: str) -> str:
    """Text without the line breaks and spaces that wrapping and extraction put in."""
    return re.sub(r"\s+", "", text)


def body_text(pdf: bytes, reg: RegisteredCase, form: str) -> str:
    """All pages' text, squashed, without the running header and footer.

    The stamp is drawn last on each page, so its text ends each page's text; left in, it would
    sit in the middle of a field that flows across a page break.
    """
    key = f"title.intake.{reg.case.type.value}" if form == "intake" else f"title.{form}"
    head = squash(f"{LABELS[key][0]}案件编号：{reg.case_no}{STATION.name}（{STATION.code}）")
    stamp = re.compile(re.escape(head) + r"第\d+页共\d+页打印日期：\d+年\d+月\d+日$")
    return "".join(stamp.sub("", squash(page)) for page in page_texts(pdf))


def glyphs_outside_text_area(pdf: bytes) -> int:
    """How many characters pdfium finds in the side margins (where text would be cut or overprint)."""
    doc = pdfium.PdfDocument(pdf)
    outside = 0
    for i in range(len(doc)):
        width = doc[i].get_width()
        text = doc[i].get_textpage()
        for k in range(text.count_chars()):
            left, _, right, _ = text.get_charbox(k)
            outside += left < 40 or right > width - 40  # the margins are 18 mm (51 pt)
    return outside


def font_problems(pdf: bytes) -> list[str]:
    """Names of fonts that are not embedded TrueType (FontFile2), over every page."""
    bad: list[str] = []
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                bad.append(str(font.get("/BaseFont")))
    return bad


CASES = [(form, name) for name in EXAMPLE_NAMES for form in FORMS]


@pytest.mark.parametrize(("form", "name"), CASES)
def test_every_form_for_every_example(form: str, name: str) -> None:
    reg = example(name)
    if not applies(form, reg):
        with pytest.raises(FormNotApplicable):
            rendered(form, name)
        return
    pdf = rendered(form, name)
    pages = page_texts(pdf)
    everything = squash("".join(pages))
    public = form == "poster" and reg.case.type is CaseType.FOUND  # posted in public: no case number
    assert all((reg.case_no in page) != public for page in pages), "the case number is on every page"
    for person in reg.case.subjects():
        assert squash(person.name) in everything
    assert f"第1页共{len(pages)}页" in everything
    assert font_problems(pdf) == []


@pytest.mark.parametrize("form", list(FORMS))
def test_longest_case_flows_onto_more_pages_and_loses_nothing(form: str) -> None:
    reg = long_case()
    pdf = rendered(form, "long")
    pages = page_texts(pdf)
    everything = squash("".join(pages))
    assert font_problems(pdf) == []
    assert all(reg.case_no in page for page in pages)
    assert f"第{len(pages)}页共{len(pages)}页" in everything
    # 𠮷 is drawn from the fallback font and still copies out as itself.
    assert specimen.RARE_NAME in everything
    if form in ("intake", "transfer"):
        assert len(pages) > 10
        assert glyphs_outside_text_area(pdf) == 0
        child = reg.case.persons[0]
        body = body_text(pdf, reg, form)
        for text in (child.statement, child.marks, reg.case.summary):
            assert squash(text) in body, "a long field was cut off"


def test_receipt_qr_code_decodes_to_the_canonical_code() -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    reg = example("missing_child")
    doc = pdfium.PdfDocument(rendered("receipt", "missing_child"))
    image = doc[0].render(scale=150 / 72).to_pil()
    decoded = [b.text for b in zxingcpp.read_barcodes(image)]
    assert decoded == [verification.normalize(reg.verification_code)]
    assert verification.group(reg.verification_code) in page_texts(rendered("receipt", "missing_child"))[0]


@pytest.mark.parametrize(
    ("form", "name", "reason"),
    [
        ("poster", "trafficking", "poster_not_missing"),
    ],
)
def test_form_that_does_not_fit_the_case_says_so_in_both_languages(form: str, name: str, reason: str) -> None:
    with pytest.raises(FormNotApplicable) as caught:
        FORMS[form](example(name), STATION)
    exc = caught.value
    assert exc.reason == reason
    assert exc.text("zh_CN") in str(exc) and exc.text("en") in str(exc)
    assert re.search("[\u4e00-\u9fff]", exc.text("zh_CN")) and exc.text("en").isascii()


def test_consent_form_prints_blank_before_any_sample_exists() -> None:
    reg = example("trafficking")  # no sample on record: the victim signs before collection
    assert not any(p.samples for p in reg.case.everyone())
    text = squash("".join(page_texts(FORMS["dna"](reg, STATION))))
    assert squash(reg.case.subjects()[0].name) in text
    assert squash(LABELS["consent_text"][0])[:30] in text and "采样对象（或监护人）签名" in text


def test_character_in_no_font_is_shown_not_dropped() -> None:
    replace = dataclasses.replace
    reg = example("trafficking")
    # U+1FAE0 (Unicode 14) is in neither font; 😀 is not used because HanaMinA has it.
    victim = replace(reg.case.persons[0], name="杨\U0001fae0<b>&")
    odd = replace(reg, case=replace(reg.case, persons=(victim, *reg.case.persons[1:])))
    text = squash("".join(page_texts(FORMS["intake"](odd, STATION))))
    assert "杨[U+1FAE0]<b>&" in text


def test_english_labels() -> None:
    pdf = rendered("intake", "missing_child", "en")
    text = "".join(page_texts(pdf))
    assert "Missing Person Intake Record" in text and "Page 1 of" in text and "王小明" in text


def test_caseload_report_counts_charts_and_lists_open_cases() -> None:
    rows = specimen.caseload_rows(1500)
    pdf = render_caseload(rows, STATION, generated_at=NOW)
    pages = page_texts(pdf)
    assert len(pages) > 10
    everything = squash("".join(pages))
    open_nos = [r.case_no for r in rows if r.status.value in ("open", "void_pending")]
    assert all(no in everything for no in open_nos)
    assert f"第{len(pages)}页共{len(pages)}页" in everything
    assert font_problems(pdf) == []
    empty = render_caseload([], STATION, generated_at=NOW, lang="en")
    assert "Caseload Report" in "".join(page_texts(empty))


def test_recovery_sheet_prints_the_key() -> None:
    key = "K7Q4-M2XD-9HTR-C3WP-ABCD-EFGH-JKMN-PQRS"
    pdf = render_recovery_sheet(STATION, key, created_at=NOW)
    assert key in page_texts(pdf)[0]
    assert font_problems(pdf) == []


def test_poster_takes_jpeg_and_no_photo() -> None:
    from PIL import Image

    buf = io.BytesIO()
    Image.open(io.BytesIO(specimen.photo_png())).save(buf, "JPEG")
    reg = example("missing_child")
    render: Callable[..., bytes] = FORMS["poster"]
    for photo in (buf.getvalue(), None):
        text = "".join(page_texts(render(reg, STATION, photo=photo, today=dt.date(2027, 3, 16))))
        assert "寻人启事" in text and "5岁" in text  # born 2022-03-15: five on 2027-03-16


def test_every_label_has_both_languages() -> None:
    for key, (zh, en) in LABELS.items():
        assert zh and en, key
    for kind, table in WORDS.items():
        assert set(table) == {m.value for m in kind}, kind  # every value of every enum is named
        for code, (zh, en) in table.items():
            assert zh and en and zh.isascii() is False, (kind, code)


def test_long_text_without_spaces_wraps_instead_of_running_off_the_page() -> None:
    reg = example("trafficking")
    victim = dataclasses.replace(
        reg.case.persons[0], statement="A" * 3000, marks="https://x.cn/" + "a1" * 800
    )
    odd = dataclasses.replace(
        reg, case=dataclasses.replace(reg.case, persons=(victim, *reg.case.persons[1:]))
    )
    pdf = FORMS["intake"](odd, STATION)
    assert "A" * 3000 in body_text(pdf, odd, "intake")
    assert glyphs_outside_text_area(pdf) == 0


def test_relation_codes_print_in_words() -> None:
    from app.forms.labels import relation

    assert relation("mother", "zh_CN") == "母亲"
    assert relation("Father", "en") == "father"
    assert relation("表舅", "zh_CN") == "表舅"  # free text is printed as written
