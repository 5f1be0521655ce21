"""The gallery at the station's desktop (issue 18): a supervisor asks to publish a found child
after seeing exactly what would be published, withdraws it, and follows up tips from the public;
the found-person notice in the print preview. Screenshots in both languages:

    python -m tests.ui.test_gallery_ui [--out docs/screenshots]
"""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XUNREN_TEST_WEAK_KDF", "1")

from pytestqt.qtbot import QtBot

from tests.ui.test_intake_fixtures import ui_ctx
from tests.ui.test_intake_screenshots import EXAMPLES, PASSWORD, on_db, screens_main, shoot, spin, wait_for

__all__ = ["ui_ctx"]

PHONE = "0536-5221110"
TIP = {
    "case_no": "", "reference": "", "name": "刘女士", "phone": "13800000000",
    "message": "照片上的孩子很像我表姐家去年在潍坊走丢的儿子，左耳后也有痣。", "received_at": "2026-12-01T02:30:00Z",
    "lang": "zh_CN",
}  # fmt: skip


def _picture() -> bytes:
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 600), (205, 226, 240))
    d = ImageDraw.Draw(img)
    d.ellipse((140, 140, 340, 380), fill=(236, 200, 170))
    d.pieslice((130, 110, 350, 320), 180, 360, fill=(50, 35, 25))
    d.rectangle((90, 430, 390, 600), fill=(200, 40, 40))
    out = io.BytesIO()
    img.save(out, "JPEG")
    return out.getvalue()


def with_phone(session: Any) -> None:
    """The station's phone (the wizard and `init --phone` set it once issue 13 lands)."""
    with session.store.unit_of_work() as uow:
        uow.cursor.execute("UPDATE station SET phone = ?", (PHONE,))
        uow.commit()
    session.station = dataclasses.replace(session.station, phone=PHONE)


def found_case(session: Any) -> str:
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases
    from app.services.photos import add_photos, prepare_photo

    with_phone(session)
    (reg,) = register_cases(session, parse_case_file((EXAMPLES / "found_child.json").read_bytes()))
    add_photos(session, reg.case_no, 0, [prepare_photo(_picture())])
    return str(reg.case_no)


def deliver_tip(session: Any, case_no: str) -> None:
    """What the sync engine stores when the server delivers a tip (pull kind "tip")."""
    from app.core.gallery import reference_of
    from app.storage import sync_state as st
    from app.sync import tip_records

    record_id = tip_records.new_record_id(case_no)
    payload = {**TIP, "case_no": case_no, "reference": reference_of(case_no)}
    with session.store.unit_of_work() as uow:
        st.store_pulled(uow.cursor, [(7, "tip", "tip", record_id, 1, payload)], "2026-12-01T02:31:00Z")
        uow.commit()


def deliver_decision(session: Any, case_no: str, state: str = "published") -> None:
    """What the sync engine stores when the server delivers an operator's decision (pull kind
    "gallery"), decided just now, after the station's request."""
    from app.core.gallery import reference_of
    from app.storage import sync_state as st
    from app.storage.audit import now_utc
    from app.sync import gallery_records

    decision = gallery_records.NationalDecision(
        case_no, reference_of(case_no), state, "operator 王国平", "依法公开：监护人无法查明", now_utc()
    )
    item = (9, "gallery", "gallery", gallery_records.record_id(case_no), 2, decision.to_payload())
    with session.store.unit_of_work() as uow:
        st.store_pulled(uow.cursor, [item], now_utc())
        uow.commit()


def test_request_withdraw_and_follow_up_a_tip(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.services import gallery
    from app.ui import i18n
    from app.ui.detail import CaseDetailPane
    from app.ui.gallery import PublicationDialog, TipsDialog
    from tests.ui.test_intake_fixtures import on_db as on_db_qt

    i18n.install_language("zh_CN")
    case_no = on_db_qt(qtbot, ui_ctx, found_case)
    pane = CaseDetailPane(ui_ctx)
    qtbot.addWidget(pane)
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.show_case(case_no)
    assert not pane.gallery_button.isHidden() and pane.gallery_button.isEnabled()
    assert pane.gallery_button.text() == "申请公开到寻亲库…"
    seen = on_db_qt(qtbot, ui_ctx, lambda s: gallery.preview(s, case_no))
    dialog = PublicationDialog(seen, pane)
    qtbot.addWidget(dialog)
    shown = " ".join(w.text() for w in dialog.findChildren(type(pane.title)))
    for text in (seen.child.reference, "男", "3–5", "2026-11-26", "广西壮族自治区桂林市七星区", PHONE):
        assert text in shown, text
    assert "明明" not in shown and "桂林北站" not in shown and case_no not in shown
    dialog.accept()  # no legal basis yet: refused inside the dialog
    assert dialog.isVisible() is False and dialog.result() == 0 and dialog.problem.text()
    dialog.basis.setPlainText("《未成年人保护法》第一百条；监护人无法查明")
    dialog.accept()
    assert dialog.result() == 1
    on_db_qt(qtbot, ui_ctx, lambda s: gallery.request_publication(s, case_no, dialog.legal_basis()))
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.reload()
    assert (
        pane.gallery_button.text() == "撤回寻亲库公开…"
        and seen.child.reference in pane.gallery_button.toolTip()
    )
    assert "全国寻亲展示" in pane.summary.toPlainText()
    assert "已申请，等待全国操作员审批" in pane.summary.toPlainText()
    on_db_qt(qtbot, ui_ctx, lambda s: deliver_decision(s, case_no))  # the operator approved
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.reload()
    summary = pane.summary.toPlainText()
    assert (
        "已在全国寻亲展示中公开" in summary
        and "全国操作员 王国平" in summary
        and seen.child.reference in summary
    )
    officer = dataclasses.replace(ui_ctx.session, role=type(ui_ctx.session.role)("officer"))
    ui_ctx.session, admin = officer, ui_ctx.session
    with qtbot.waitSignal(pane.loaded, timeout=10_000):
        pane.reload()
    assert not pane.gallery_button.isEnabled()  # officers do not ask
    ui_ctx.session = admin

    on_db_qt(qtbot, ui_ctx, lambda s: deliver_tip(s, case_no))
    tips = TipsDialog(ui_ctx)
    qtbot.addWidget(tips)
    with qtbot.waitSignal(tips.loaded, timeout=10_000) as loaded:
        tips.present()
    assert (
        loaded.args == [1]
        and tips.table.item(0, 3).text() == "刘女士"
        and "1 条线索待跟进" in tips.summary.text()
    )
    from app.ui.sync_resolve import NotePrompt

    prompt = NotePrompt("", "", "OK", tips)
    prompt.note.setPlainText("已电话联系刘女士，约其明日带其表姐来所采血")
    with qtbot.waitSignal(tips.loaded, timeout=10_000) as again:
        tips.ask_follow_up(prompt, ask=False)
    assert again.args == [0] and "0 条线索待跟进" in tips.summary.text()
    assert on_db_qt(qtbot, ui_ctx, gallery.open_tip_count) == 0


def hand_over(session: Any, case_no: str) -> None:
    """What the sync stores when the server completed this station's transfer of *case_no* to
    Guilin (pull kind "transfer"): the case is held there, this station keeps a read-only copy."""
    from app.sync import transfer_records
    from tests.ui.test_transfers_ui import complete

    complete(session, transfer_records.request_id(case_no), case_no)


def take_back(session: Any, case_no: str) -> None:
    """The case came back to this station after it was handed over (a later completed transfer
    into this station, as the register keeps it)."""
    from app.storage import transfer_repository as transfers

    back = transfers.StoredTransfer(
        id="back-" + case_no, case_no=case_no, direction="in", state="completed", from_station="450304001",
        from_name="桂林市公安局象山分局象山派出所", to_station=session.station.code, to_name=session.station.name,
        reason="家属已回本地", case_type="found", names="", requested_by="zhao", requested_at="2026-12-08T01:00:00Z",
        approved_by="zhao", approved_at=None, accepted_by="admin", accepted_at=None,
        completed_at="2026-12-08T03:00:00Z", audited_state="completed",
    )  # fmt: skip
    with session.store.unit_of_work() as uow:
        transfers.add(uow.cursor, back)
        uow.commit()


def test_tips_of_a_case_handed_over_leave_the_open_list(qtbot: QtBot, ui_ctx: Any) -> None:
    """A tip whose case this station handed over is the holder's work: out of the open list and
    the count, shown in the "all" view as handed over to the holder, no follow-up here."""
    from app.services import gallery
    from app.ui import i18n
    from app.ui.gallery import TipsDialog
    from tests.ui.test_intake_fixtures import on_db as on_db_qt
    from tests.ui.test_transfers_ui import GUILIN, GUILIN_NAME

    i18n.install_language("zh_CN")
    case_no = on_db_qt(qtbot, ui_ctx, found_case)
    on_db_qt(qtbot, ui_ctx, lambda s: deliver_tip(s, case_no))
    assert on_db_qt(qtbot, ui_ctx, gallery.import_tips) == 1  # as the sync takes it in
    assert on_db_qt(qtbot, ui_ctx, gallery.open_tip_count) == 1
    on_db_qt(qtbot, ui_ctx, lambda s: hand_over(s, case_no))
    assert on_db_qt(qtbot, ui_ctx, gallery.open_tip_count) == 0

    tips = TipsDialog(ui_ctx)
    qtbot.addWidget(tips)
    with qtbot.waitSignal(tips.loaded, timeout=10_000) as loaded:
        tips.present()
    assert loaded.args == [0] and "0 条线索待跟进" in tips.summary.text()
    with qtbot.waitSignal(tips.loaded, timeout=10_000) as shown:
        tips.show_all.setChecked(True)
    assert shown.args == [1]
    (tip,) = tips.rows
    assert tip.held_by == (GUILIN, GUILIN_NAME)
    row = " ".join(tips.table.item(0, c).text() for c in range(tips.table.columnCount()))
    assert f"已移交 {GUILIN_NAME}" in row and "0 条线索待跟进" in tips.summary.text()
    assert GUILIN in tips.table.item(0, 5).toolTip()
    assert not tips.follow_button.isEnabled() and tips.case_button.isEnabled()
    tips.ask_follow_up(_prompt(tips, "已电话联系"), ask=False)  # asked anyway: refused, in words
    qtbot.waitUntil(lambda: GUILIN in tips.message.text(), timeout=10_000)
    assert "已移交" in tips.message.text() and GUILIN_NAME in tips.message.text()

    i18n.install_language("en")
    english = TipsDialog(ui_ctx)
    qtbot.addWidget(english)
    english.show_all.setChecked(True)
    with qtbot.waitSignal(english.loaded, timeout=10_000):
        english.present()
    assert f"handed over to {GUILIN_NAME}" in english.table.item(0, 5).text()
    i18n.install_language("zh_CN")

    on_db_qt(qtbot, ui_ctx, lambda s: take_back(s, case_no))  # the case came back: work here again
    assert on_db_qt(qtbot, ui_ctx, gallery.open_tip_count) == 1
    with qtbot.waitSignal(tips.loaded, timeout=10_000):
        tips.reload()
    assert tips.rows[0].held_by is None and "已移交" not in tips.table.item(0, 5).text()
    assert tips.follow_button.isEnabled()


def _prompt(parent: Any, text: str) -> Any:
    from app.ui.sync_resolve import NotePrompt

    prompt = NotePrompt("", "", "OK", parent)
    prompt.note.setPlainText(text)
    return prompt


def render(out: Path, lang: str, *, work: Path) -> list[Path]:
    """The publication dialog, the case detail with its gallery button, the tips window, the
    found-person notice's preview and the tips window once the case was handed over, in *lang*."""
    from app import bootstrap
    from app.services import gallery
    from app.services.session import init_station
    from app.ui import i18n
    from app.ui.context import UiContext
    from app.ui.detail import CaseDetailPane
    from app.ui.gallery import PublicationDialog, TipsDialog
    from app.ui.preview import open_form_preview
    from app.ui.runner import Runner

    bootstrap.create_application()
    i18n.install_language(lang)
    name = "桂林市公安局七星分局东江派出所" if lang != "en" else "Guilin PSB Dongjiang Police Station"
    session = init_station(work / f"data-{lang}", "450305001", name, "admin", PASSWORD, lang=lang)
    runner = Runner()
    ctx = UiContext(runner, session, lang)
    on_db(ctx, lambda s: s.store.claim_writer())
    files: list[Path] = []
    try:
        case_no = on_db(ctx, found_case)
        seen = on_db(ctx, lambda s: gallery.preview(s, case_no))
        dialog = PublicationDialog(seen)
        dialog.basis.setPlainText("《中华人民共和国未成年人保护法》第一百条；监护人经查找无果" if lang != "en"
                                  else "Minors Protection Law art. 100; guardians not found after search")  # fmt: skip
        dialog.resize(720, 600)
        dialog.show()
        spin(200)
        path = out / f"gallery_request_{lang}.png"
        dialog.grab().save(str(path))
        files.append(path)
        dialog.hide()
        on_db(ctx, lambda s: gallery.request_publication(s, case_no, dialog.legal_basis()))
        on_db(ctx, lambda s: deliver_decision(s, case_no))  # an operator approved it
        pane = CaseDetailPane(ctx)
        pane.show_case(case_no)
        wait_for(lambda: pane.view is not None)
        files.append(shoot(pane, out, f"gallery_detail_{lang}"))
        pane.hide()
        on_db(ctx, lambda s: deliver_tip(s, case_no))
        tips = TipsDialog(ctx)
        tips.present()
        wait_for(lambda: bool(tips.rows))
        files.append(shoot(tips, out, f"gallery_tips_{lang}"))
        tips.hide()
        preview = open_form_preview(ctx, "poster", case_no)
        wait_for(lambda: bool(preview.pages))
        files.append(shoot(preview, out, f"preview_found_notice_{lang}"))
        preview.close()
        files.append(_siblings(ctx, out, lang))
        on_db(ctx, lambda s: hand_over(s, case_no))  # Guilin holds the case now: its tip is theirs
        handed = TipsDialog(ctx)
        handed.show_all.setChecked(True)
        handed.present()
        wait_for(lambda: bool(handed.rows) and handed.rows[0].held_by is not None)
        handed.table.clearSelection()  # the row as it stands: greyed, marked with the holder
        files.append(shoot(handed, out, f"gallery_tips_handed_over_{lang}"))
        handed.hide()
        wait_for(runner.idle)
    finally:
        runner.shutdown()
        session.close()
        i18n.install_language("zh_CN")
    return files


def sister_found_with_him(session: Any) -> str:
    """A second found case: a boy and his older sister found together (a photo of each)."""
    import json

    from app.core.validation import parse_case_file
    from app.services.cases import register_cases
    from app.services.photos import add_photos, prepare_photo

    doc = json.loads((EXAMPLES / "found_child.json").read_bytes())
    doc["persons"].append({"role": "found", "name": "红红", "sex": "F", "estimated_age": [6, 8]})
    (reg,) = register_cases(session, parse_case_file(json.dumps(doc).encode()))
    add_photos(session, reg.case_no, 0, [prepare_photo(_picture())])
    add_photos(session, reg.case_no, 1, [prepare_photo(_picture())])
    return str(reg.case_no)


def _siblings(ctx: Any, out: Path, lang: str) -> Path:
    """The publication dialog of a case with two found children: each is published on its own."""
    from PySide6.QtWidgets import QLabel

    from app.services import gallery
    from app.ui.gallery import PublicationDialog

    case_no = on_db(ctx, sister_found_with_him)
    seen = on_db(ctx, lambda s: gallery.previews(s, case_no))
    dialog = PublicationDialog(seen)
    shown = {label.text() for label in dialog.findChildren(QLabel)}
    assert {one.child.reference for one in seen} <= shown and len(seen) == 2
    dialog.basis.setPlainText("《中华人民共和国未成年人保护法》第一百条；监护人经查找无果" if lang != "en"
                              else "Minors Protection Law art. 100; guardians not found after search")  # fmt: skip
    dialog.show()
    spin(200)
    path = out / f"gallery_request_siblings_{lang}.png"
    dialog.grab().save(str(path))
    dialog.hide()
    return path


def test_gallery_screens_render(tmp_path: Path) -> None:
    files = render(tmp_path, "zh_CN", work=tmp_path)
    assert len(files) == 6 and all(f.stat().st_size > 10_000 for f in files)


if __name__ == "__main__":
    sys.exit(screens_main(render, __doc__))
