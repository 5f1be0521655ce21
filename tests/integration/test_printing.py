"""The printing service: every form of a real registered case, atomic files, audit, refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.core.validation import parse_case
from app.services import printing
from app.services.audit import case_history
from app.services.cases import register_cases
from app.services.errors import ServiceError
from app.services.photos import add_photos, prepare_photo
from tests.conftest import EXAMPLES


def _register(session: Any, name: str) -> str:
    case = parse_case(json.loads((EXAMPLES / f"{name}.json").read_text("utf-8")))
    return register_cases(session, [case])[0].case_no


def _jpeg(color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("form", ["intake", "receipt", "dna", "poster", "transfer"])
def test_every_form_renders_and_is_audited(session: Any, form: str) -> None:
    case_no = _register(session, "missing_child")
    pdf = printing.render_form(session, form, case_no, "zh_CN")
    assert pdf.startswith(b"%PDF") and len(printing.rasterize(pdf, dpi=30)) >= 1
    prints = [e for e in case_history(session, case_no) if e.action == "print"]
    assert prints[-1].detail == f"form={form}" and prints[-1].outcome == "ok"


def test_poster_carries_the_missing_persons_photo(session: Any) -> None:
    case_no = _register(session, "missing_child")
    without = printing.render_form(session, "poster", case_no)
    add_photos(session, case_no, 0, [prepare_photo(_jpeg())])
    with_photo = printing.render_form(session, "poster", case_no)
    assert len(with_photo) > len(without) + 1000


def test_poster_for_a_trafficking_case_is_refused_and_audited(session: Any) -> None:
    case_no = _register(session, "trafficking")
    with pytest.raises(printing.NotApplicable) as caught:
        printing.render_form(session, "poster", case_no, "en")
    assert "missing-person" in caught.value.text("en") and "寻人启事" in caught.value.text("zh_CN")
    assert [e.outcome for e in case_history(session, case_no) if e.action == "print"] == ["refused"]


def test_unknown_case_and_form_are_user_errors(session: Any) -> None:
    with pytest.raises(ServiceError) as caught:
        printing.render_form(session, "receipt", "370783001-2026-999999")
    assert "370783001-2026-999999" in caught.value.text("zh_CN")
    with pytest.raises(printing.PrintError) as bad:
        printing.render_form(session, "menu", "370783001-2026-000001")
    assert "receipt" in bad.value.text("en")


def test_save_form_writes_atomically_and_leaves_no_temp_file(session: Any, tmp_path: Path) -> None:
    case_no = _register(session, "found_child")
    target = tmp_path / "out" / "receipt.pdf"
    target.parent.mkdir()
    target.write_bytes(b"old content")
    size = printing.save_form(session, "receipt", case_no, target, "en")
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size == size
    assert [p.name for p in target.parent.iterdir()] == ["receipt.pdf"]


def test_save_into_a_missing_folder_is_a_clear_error(session: Any, tmp_path: Path) -> None:
    case_no = _register(session, "found_child")
    with pytest.raises(ServiceError) as caught:
        printing.save_form(session, "receipt", case_no, tmp_path / "nowhere" / "r.pdf")
    assert caught.value.key == "file_unwritable"
    assert not (tmp_path / "nowhere").exists()


def test_recovery_sheet_only_while_the_key_is_known(session: Any) -> None:
    pdf = printing.render_recovery_sheet(session, "zh_CN")
    assert pdf.startswith(b"%PDF")
    session.recovery_key = None
    with pytest.raises(printing.PrintError):
        printing.render_recovery_sheet(session)


def test_caseload_report_counts_every_case(session: Any) -> None:
    for name in ("missing_child", "found_child", "trafficking"):
        _register(session, name)
    pdf = printing.render_caseload_report(session, "en")
    assert pdf.startswith(b"%PDF")


def test_rasterize_gives_rgb_rows(session: Any) -> None:
    case_no = _register(session, "missing_child")
    pages = printing.rasterize(printing.render_form(session, "receipt", case_no), dpi=50)
    page = pages[0]
    assert page.stride == page.width * 3 and len(page.pixels) == page.stride * page.height
    assert 400 < page.height < 700  # A4 at 50 dpi is 585 px tall
