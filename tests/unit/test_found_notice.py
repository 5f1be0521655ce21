"""The found-person notice (寻亲启事) and the receipt's QR code to the public check page (issue 18)."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
import zxingcpp

from app.core import verification
from app.core.gallery import reference_of
from app.forms import FORMS, FormNotApplicable, specimen
from app.forms.found_notice import render_found_notice

STATION = specimen.station()


def texts(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(pdf)
    return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc))).replace("\r\n", "")


def squash(text: str) -> str:
    return "".join(text.split())


def test_notice_says_what_a_family_needs_and_nothing_it_must_not() -> None:
    reg = specimen.example("found_child")
    reference = reference_of(reg.case_no)
    pdf = FORMS["poster"](reg, STATION, photo=specimen.photo_png(), reference=reference,
                          gallery_url="https://xunren.example.gov.cn")  # fmt: skip
    text = squash(texts(pdf))
    for wanted in ("寻亲启事", "自称“明明”", "说妈妈在买菜", "山东口音", "3–5岁", "2026-11-26", "广西壮族自治区桂林市七星区",
                   squash(STATION.phone), reference, f"https://xunren.example.gov.cn/gallery/{reference}", "寻亲不收取任何费用"):  # fmt: skip
        assert squash(wanted) in text, wanted
    person = reg.case.persons[0]
    for secret in (
        reg.case_no,
        person.marks,
        "桂林北站候车室",
        *(s.sample_no or "" for s in person.samples if s.sample_no),
    ):
        assert squash(secret) not in text, secret
    english = squash(texts(FORMS["poster"](reg, STATION, lang="en", reference=reference)))
    assert "LOOKINGFORFAMILY" in english and "Saysthenameis“明明”" in english and "Qixingqu" in english


def test_notice_without_a_publication_request_prints_no_reference() -> None:
    reg = specimen.example("found_child")
    text = texts(render_found_notice(reg, STATION))
    assert "全国寻亲库编号" not in text and "XR-" not in text and "暂无照片" in text


def test_trafficking_case_has_no_poster() -> None:
    with pytest.raises(FormNotApplicable):
        FORMS["poster"](specimen.example("trafficking"), STATION)


def test_receipt_qr_opens_the_check_page_with_the_code_in_the_fragment() -> None:
    reg = specimen.example("missing_child")
    pdf = FORMS["receipt"](reg, STATION, check_url="https://xunren.example.gov.cn/check")
    doc = pdfium.PdfDocument(pdf)
    image = doc[0].render(scale=3).to_pil()
    decoded = [b.text for b in zxingcpp.read_barcodes(image)]
    assert decoded == [f"https://xunren.example.gov.cn/check#{verification.normalize(reg.verification_code)}"]
    assert "https://xunren.example.gov.cn/check" in texts(pdf)
    assert io.BytesIO(pdf).getbuffer().nbytes > 0


def test_siblings_found_together_get_a_page_each_with_their_own_reference() -> None:
    from app.forms.found_notice import NoticeChild

    reg = specimen.found_siblings()
    boy, girl = reference_of(reg.case_no), reference_of(reg.case_no, 2)
    children = [NoticeChild(0, specimen.photo_png(), boy), NoticeChild(2, None, girl)]
    for lang, says in (("zh_CN", "自称“{}”"), ("en", "Saysthenameis“{}”")):
        pdf = FORMS["poster"](reg, STATION, lang=lang, children=children, gallery_url="https://x.example")
        doc = pdfium.PdfDocument(pdf)
        first, second = (squash(doc[i].get_textpage().get_text_range()) for i in range(len(doc)))
        assert boy in first and girl not in first and says.format("明明") in first and "红红" not in first
        assert girl in second and boy not in second and says.format("红红") in second and "6–8" in second
        assert f"https://x.example/gallery/{girl}" in second
        assert "右膝盖有疤" not in first + second and reg.case_no not in first + second
    one = FORMS["poster"](specimen.example("found_child"), STATION, reference=boy)
    assert len(pdfium.PdfDocument(one)) == 1
