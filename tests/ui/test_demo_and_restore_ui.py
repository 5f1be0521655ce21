"""`demo` and `restore` from the desktop app (issue 13), each behind a progress window: Station ▸
Fill with demo cases… registers made-up cases with a history (no Cancel: each batch it
registered stays), and the logon window's Restore from a backup… checks the backup, asks in
words what it drops, and installs it (Cancel: nothing is replaced). Real encrypted stores, the
real runner thread, in Chinese and in English."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.ui.demo_fill import DemoFill
from tests.conftest import PASSWORD, STATION_CODE, STATION_NAME, example_bytes
from tests.ui.test_intake_fixtures import on_db, ui_ctx

__all__ = ["ui_ctx"]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(params=["zh_CN", "en"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    from app.ui.i18n import install_language

    assert install_language(request.param)
    try:
        yield request.param
    finally:
        install_language("zh_CN")


def _count(session: Any) -> int:
    with session.store.reader() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM cases").scalar_one())


def _shoot(widget: QWidget, name: str) -> None:
    """With XUNREN_SCREENSHOTS=1, the window as the officer sees it, under docs/screenshots/."""
    if os.environ.get("XUNREN_SCREENSHOTS") != "1":
        return
    from PySide6.QtWidgets import QApplication

    from app.ui.fonts import apply_application_font

    apply_application_font(QApplication.instance())  # type: ignore[arg-type]
    widget.adjustSize()
    widget.resize(max(widget.width(), 560), widget.height())
    QApplication.processEvents()
    widget.grab().save(str(SHOTS / name))


def test_demo_cases_are_registered_behind_a_progress_window(qtbot: QtBot, ui_ctx: Any, lang: str) -> None:
    ui_ctx.lang = lang
    window = QWidget()
    qtbot.addWidget(window)
    demo = DemoFill(ui_ctx, window)
    steps: list[tuple[int, int]] = []
    with qtbot.waitSignal(demo.said, timeout=120_000) as said:
        demo.fill(40)
        progress = demo.progress
        assert progress is not None and progress.isVisible()
        assert not progress.cancel_button.isVisible()  # what it registered stays: no Cancel
        assert progress.windowTitle() == ("生成演示案件" if lang == "zh_CN" else "Fill with demo cases")
        progress.report.stepped.connect(lambda d, t: steps.append((d, t)))
        _shoot(progress, f"demo_fill_progress_{lang}.png")
    assert said.args[0] == ("已生成 40 个演示案件。" if lang == "zh_CN" else "40 demo cases registered.")
    assert progress.bar.value() == progress.bar.maximum() > 40  # registration, then the history
    assert not progress.isVisible()
    assert on_db(qtbot, ui_ctx, _count) == 40


def test_only_an_administrator_fills_a_station_with_demo_cases(qtbot: QtBot, ui_ctx: Any) -> None:
    import dataclasses

    from app.core.model import AccountRole
    from app.ui.i18n import install_language

    assert install_language("zh_CN")
    ui_ctx.session = dataclasses.replace(ui_ctx.session, role=AccountRole.OFFICER)
    window = QWidget()
    qtbot.addWidget(window)
    demo = DemoFill(ui_ctx, window)
    with qtbot.waitSignal(demo.said, timeout=5_000) as said:
        demo.fill(5)
    assert said.args[0] == "只有管理员可以生成演示案件。" and demo.progress is None


@pytest.fixture
def backed_up(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """A station with one case, its backup, then a second case registered after the backup:
    (data folder, backup file, case numbers of the backup)."""
    return station_with_backup(tmp_path, tmp_path / "data")


def station_with_backup(tmp_path: Path, data: Path) -> tuple[Path, Path, list[str]]:
    from app.core.validation import parse_case_file
    from app.services import backup, cases
    from app.services.session import init_station

    session = init_station(data, STATION_CODE, STATION_NAME, "admin", PASSWORD)
    try:
        (first,) = cases.register_cases(session, parse_case_file(example_bytes("missing_child")))
        out = tmp_path / "备份.xrb"
        backup.backup(session, out)
        doc = json.loads(example_bytes("found_child"))
        cases.register_cases(session, parse_case_file(json.dumps(doc).encode()))
    finally:
        session.close()
    return data, out, [first.case_no]


def _logon(qtbot: QtBot, data: Path) -> Any:
    from app.ui.context import UiContext
    from app.ui.logon import LogonWindow
    from app.ui.runner import Runner

    runner = Runner()
    ctx = UiContext(runner, None, "zh_CN")
    logon = LogonWindow(ctx, data)
    qtbot.addWidget(logon)
    logon.resize(720, 560)
    logon.show()
    return logon, runner


def _cases_in(data: Path) -> list[str]:
    from app.services.session import logon

    session = logon(data, "admin", PASSWORD)
    try:
        with session.store.reader() as conn:
            return [r[0] for r in conn.exec_driver_sql("SELECT case_no FROM cases ORDER BY id")]
    finally:
        session.close()


def test_a_backup_is_restored_from_the_logon_window(
    qtbot: QtBot, backed_up: tuple[Path, Path, list[str]], lang: str
) -> None:
    data, out, kept = backed_up
    logon, runner = _logon(qtbot, data)
    logon._ctx.lang = lang
    try:
        logon.user.setText("admin")
        dialog = logon.open_restore()
        assert dialog.user.text() == "admin"
        dialog.file.setText(str(out))
        dialog.password.setText(PASSWORD)
        _shoot(dialog, f"restore_dialog_{lang}.png")
        asked: list[list[str]] = []
        installing: list[bool] = []  # whether Cancel was still offered once the files were being replaced

        def decide(plan: Any) -> bool:
            asked.append(dialog.plan_lines(plan))
            assert dialog.progress is not None and dialog.progress.isVisible()
            assert dialog.progress.cancel_button.isVisible()  # nothing is replaced yet: Cancel
            _shoot(dialog.progress, f"restore_progress_{lang}.png")
            progress = dialog.progress
            progress.report.staged.connect(
                lambda text: (
                    installing.append(progress.cancel_button.isEnabled())
                    if ("安装" in text or "Installing" in text)
                    else None
                )
            )
            return True

        dialog.decide = decide
        with qtbot.waitSignal(dialog.restored, timeout=60_000):
            dialog.ok_button.click()
        (lines,) = asked
        assert installing == [False]  # from the install on, Cancel could not keep anything as it was
        if lang == "zh_CN":
            assert (
                lines[0].startswith(f"工作站 {STATION_CODE} 的备份")
                and "丢弃备份之后登记的 1 个案件" in lines[1]
            )
            assert logon.notice.text().startswith(f"工作站 {STATION_CODE} 已从备份恢复")
        else:
            assert lines[0].startswith(f"Backup of station {STATION_CODE}")
            assert "drops 1 case registered after the backup" in lines[1]
            assert logon.notice.text().startswith(f"Station {STATION_CODE} was restored from the backup")
        _shoot(logon, f"restore_done_logon_{lang}.png")
        assert not shiboken6.isValid(dialog) or not dialog.isVisible()  # the dialog closed with its progress
    finally:
        qtbot.waitUntil(runner.idle, timeout=20_000)
        runner.shutdown()
    assert _cases_in(data) == kept  # the case registered after the backup is gone


def test_a_wrong_password_or_a_no_changes_nothing(
    qtbot: QtBot, backed_up: tuple[Path, Path, list[str]]
) -> None:
    data, out, _kept = backed_up
    before = _cases_in(data)
    logon, runner = _logon(qtbot, data)
    try:
        dialog = logon.open_restore()
        dialog.file.setText(str(out))
        dialog.user.setText("admin")
        dialog.password.setText("wrong-password-123")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: bool(dialog.problem.text()), timeout=60_000)
        assert "密码" in dialog.problem.text() and dialog.isVisible()
        dialog.password.setText(PASSWORD)
        dialog.decide = lambda _plan: False  # the administrator reads what it drops, and says no
        dialog.problem.clear()
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: bool(dialog.problem.text()), timeout=60_000)
        assert dialog.problem.text() == "已取消恢复：没有做任何更改。"
    finally:
        qtbot.waitUntil(runner.idle, timeout=20_000)
        runner.shutdown()
    assert _cases_in(data) == before


def test_a_running_sync_says_what_it_is_doing(qtbot: QtBot, ui_ctx: Any, lang: str) -> None:
    """Sync now against a server that cannot be reached: the status bar says why it waits and
    when it tries again, as `xunren sync` does on a terminal."""
    import socket

    from app.storage import sync_state as st
    from app.ui.sync_indicator import SyncIndicator

    ui_ctx.lang = lang
    closed = socket.socket()  # a port nobody listens on: every attempt is refused at once
    closed.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    closed.close()

    def enrolled(session: Any) -> None:
        with session.store.unit_of_work() as uow:
            st.put(uow.cursor, st.SERVER_URL, url)
            st.put(uow.cursor, st.CREDENTIAL, "xd_" + "a" * 43)
            uow.commit()

    on_db(qtbot, ui_ctx, enrolled)
    ind = SyncIndicator(ui_ctx, auto_sync=False)
    qtbot.addWidget(ind)
    # every step as the sync thread emits it, and the moment of the logoff, in one timeline
    timeline: list[object] = []
    ind.stepped.connect(timeline.append, Qt.ConnectionType.DirectConnection)
    ind.sync_now()
    retry = "秒后重试" if lang == "zh_CN" else "trying again in"
    qtbot.waitUntil(lambda: retry in ind.state_label.text(), timeout=30_000)
    text = ind.state_label.text()
    assert ("无法连接服务器" if lang == "zh_CN" else "the server cannot be reached") in text
    # which attempt depends on when the label is read: the first retry waits 0 s, so the second
    # attempt's words may already stand
    assert re.search(r"第 \d/8 次" if lang == "zh_CN" else r"attempt \d of 8", text), text
    ui_ctx.session, session = None, ui_ctx.session  # a logoff stops the sync, even in a wait
    timeline.append("logoff")
    qtbot.waitUntil(lambda: not ind.syncing, timeout=60_000)
    ui_ctx.session = session
    # no new try after the logoff: the wait before the next try ends at once instead of running
    # out all eight attempts (about half a minute); at most one step lands after the mark: the
    # one under way, or the one whose words were read a moment before the recorder saw it
    after = timeline[timeline.index("logoff") + 1 :]
    assert len(after) <= 1, [getattr(x, "attempt", x) for x in timeline]
    assert ind.outcome is None  # stopped by the logoff, not given up


def test_a_replacement_pc_restores_the_station_from_the_first_run_wizard(
    qtbot: QtBot, shell: Any, tmp_path: Path
) -> None:
    """A new PC has no station: the first-run wizard offers the backup instead of a new station;
    once restored, the logon window says so and the station's cases are back."""
    from PySide6.QtWidgets import QWizard

    from app.ui.logon import LogonWindow

    _old, out, kept = station_with_backup(tmp_path, tmp_path / "old-pc")
    wizard = shell.start()
    restore_button = wizard.button(QWizard.WizardButton.CustomButton1)
    assert restore_button.isVisible() and restore_button.text() == "从备份恢复(&B)……"
    restore_button.click()
    dialog = wizard.restoring
    assert dialog is not None and dialog.isVisible()
    dialog.file.setText(str(out))
    dialog.user.setText("admin")
    dialog.password.setText(PASSWORD)
    asked: list[list[str]] = []
    dialog.decide = lambda plan: asked.append(dialog.plan_lines(plan)) or True
    with qtbot.waitSignal(dialog.restored, timeout=60_000):
        dialog.ok_button.click()
    assert "请先与全国服务器同步，再登记新案件" in asked[0][1]  # numbers given since are not known here
    qtbot.waitUntil(lambda: isinstance(shell.window, LogonWindow), timeout=5_000)
    assert shell.window.notice.text().startswith(f"工作站 {STATION_CODE} 已从备份恢复")
    assert _cases_in(shell.data_dir) == kept
