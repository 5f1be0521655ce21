"""Case ▸ Import lab results…: the lab's STR export behind a progress window fed from the
database thread; Cancel (the import is all or nothing) keeps nothing of the file. Real
encrypted store, real runner thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.lab_import import LabImport
from tests.ui.test_intake_fixtures import on_db, ui_ctx
from tests.ui.test_main_matches import register_examples

__all__ = ["ui_ctx"]

LAB_FILE = (
    "Sample Name\tMarker\tAllele 1\tAllele 2\n{a}\tD3S1358\t15\t16\n{a}\tTH01\t9\t9.3\n{b}\tFGA\t22\t24\n"
)


def _samples(session: Any) -> dict[str, tuple[str, str | None]]:
    with session.store.reader() as conn:
        rows = conn.exec_driver_sql("SELECT sample_no, status, profile FROM samples ORDER BY sample_no").all()
    return {str(r[0]): (str(r[1]), r[2]) for r in rows}


def _lab_file(qtbot: QtBot, ui_ctx: Any, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    from app.ui.i18n import install_language

    assert install_language("zh_CN")
    register_examples(qtbot, ui_ctx, "missing_child", "found_child")
    before = on_db(qtbot, ui_ctx, _samples)
    a, b = sorted(before)[:2]
    path = tmp_path / "实验室结果.txt"
    path.write_text(LAB_FILE.format(a=a, b=b), "utf-8")
    return path, before


def test_the_import_shows_its_progress_and_stores_every_profile(
    qtbot: QtBot, ui_ctx: Any, tmp_path: Path
) -> None:
    path, before = _lab_file(qtbot, ui_ctx, tmp_path)
    window = QWidget()
    qtbot.addWidget(window)
    lab = LabImport(ui_ctx, window)
    seen: list[tuple[int, int]] = []
    with qtbot.waitSignal(lab.said, timeout=20_000) as said:
        lab.import_file(str(path))
        assert lab.progress is not None and lab.progress.isVisible()
        assert lab.progress.cancel_button.isVisible()  # all or nothing: Cancel is offered
        lab.progress.report.stepped.connect(lambda d, t: seen.append((d, t)))
    assert said.args[0] == "已导入 2 份 STR 分型。"
    # The window's bar follows every step (its connection is made before the work starts; the
    # test's own may come after a fast import's first steps were sent).
    assert (lab.progress.bar.value(), lab.progress.bar.maximum()) == (2, 2)
    assert all(step[1] == 2 for step in seen)
    assert not lab.progress.isVisible()
    after = on_db(qtbot, ui_ctx, _samples)
    assert sum(1 for no in after if after[no][1] != before[no][1]) == 2  # both profiles stored


def test_cancel_keeps_nothing_of_the_file(qtbot: QtBot, ui_ctx: Any, tmp_path: Path) -> None:
    path, before = _lab_file(qtbot, ui_ctx, tmp_path)
    window = QWidget()
    qtbot.addWidget(window)
    lab = LabImport(ui_ctx, window)
    gate = threading.Event()
    ui_ctx.submit(lambda _s: gate.wait(20))  # the database thread is busy with earlier work
    with qtbot.waitSignal(lab.said, timeout=20_000) as said:
        lab.import_file(str(path))
        progress = lab.progress
        assert progress is not None
        qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
        assert "取消" in progress.stage.text() and not progress.cancel_button.isEnabled()
        gate.set()
    assert said.args[0] == "已取消导入：文件中的分型一份也没有保存。"
    assert on_db(qtbot, ui_ctx, _samples) == before  # the first profile was rolled back with the rest
    assert not progress.isVisible()


def test_the_progress_window_speaks_english(qtbot: QtBot, ui_ctx: Any, tmp_path: Path) -> None:
    from app.ui.i18n import install_language

    path, _before = _lab_file(qtbot, ui_ctx, tmp_path)
    window = QWidget()
    qtbot.addWidget(window)
    lab = LabImport(ui_ctx, window)
    try:
        assert install_language("en")
        with qtbot.waitSignal(lab.said, timeout=20_000) as said:
            lab.import_file(str(path))
            assert lab.progress is not None and lab.progress.windowTitle() == "Import lab results"
        assert said.args[0] == "2 STR profiles imported."
        assert lab.progress.bar.text() == "2 of 2"
        first = lab.progress
        with qtbot.waitSignal(lab.said, timeout=20_000):
            lab.import_file(str(path))  # again: a new window, the ended one is freed
        qtbot.waitUntil(lambda: not shiboken6.isValid(first), timeout=5_000)
    finally:
        install_language("zh_CN")


def test_work_that_keeps_what_it_did_offers_no_cancel(qtbot: QtBot, ui_ctx: Any) -> None:
    from app.ui.progress import run_with_progress

    window = QWidget()
    qtbot.addWidget(window)
    box: list[int] = []

    def work(_session: Any, report: Any) -> int:
        for k in range(1, 4):
            report.step(k, 3)
        return 3

    dialog = run_with_progress(ui_ctx, window, "t", "x", work, on_done=box.append, on_error=print)
    assert not dialog.cancel_button.isVisible()
    dialog.reject()  # Esc does not stop work that is not all or nothing
    qtbot.waitUntil(lambda: box == [3], timeout=10_000)
    assert not dialog.isVisible()
