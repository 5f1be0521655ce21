"""Render every main screen offscreen at 1366×768, in Chinese and English, with demo data.

    python tools/screenshots.py [--out docs/screenshots] [--cases 500]

Each language gets a fresh station in a temporary folder: the first-run wizard's pages, the
logon window, the main window with the case list and a case's detail, search results found by
pinyin initials, the lock screen and the settings dialog; a case returned for correction with
its thread, the edit form asking for the reason, the edit's diff in the history, the closure
dialog, the duplicate warning at intake, accounts and station; then the sync indicator before
enrolment, a real `xunren-server` on a free loopback port (its own SQLite file) that the station
enrols with and syncs to, the indicator after the sync, the sync problems view with two refused
changes (the first selected, with its buttons), and the matches window with the station-wide
queue. Dialogs are drawn centred on a plain 1366×768 desktop so every picture has the same size.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("XUNREN_TEST_WEAK_KDF", None)  # no test-mode notice in the pictures…

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.storage.kdf import use_test_cost  # noqa: E402

use_test_cost()  # … but a fast key derivation: pictures, not security

SIZE = (1366, 768)
PASSWORD = "Station-Admin-2026!"
STATION = {"zh_CN": "寿光市公安局圣城派出所", "en": "Shouguang PSB Shengcheng Police Station"}


def spin(ms: int = 30) -> None:
    """Let the event loop run for *ms* ."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(pred: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get ready in time")
        spin(20)
    spin(120)  # let the last paint settle


def desktop(*windows: QWidget) -> QPixmap:
    """The windows drawn centred, one above the other, on a plain 1366×768 desktop.

    The offscreen platform has no window manager, so a plain title bar is drawn above each
    window smaller than the screen (the first window fills the screen when it is the main one).
    """
    canvas = QPixmap(*SIZE)
    canvas.fill(QColor("#4a5a6a"))
    painter = QPainter(canvas)
    bar = 26
    for w in windows:
        shot = w.grab()
        full = shot.width() >= SIZE[0]
        x = max(0, (SIZE[0] - shot.width()) // 2)
        y = 0 if full else max(bar, (SIZE[1] - shot.height() + bar) // 2)
        if not full:
            painter.fillRect(x, y - bar, shot.width(), bar, QColor("#2b3a4a"))
            painter.setPen(QColor("white"))
            painter.drawText(
                x + 10, y - bar, shot.width() - 20, bar, Qt.AlignmentFlag.AlignVCenter, w.windowTitle()
            )
        painter.drawPixmap(QPoint(x, y), shot)
    painter.end()
    return canvas


def save(pixmap: QPixmap, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    pixmap.save(str(path))
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def on_db(shell: Any, fn: Callable[[Any], Any], timeout: float = 600.0) -> Any:
    """Run ``fn(session)`` on the app's database thread and wait for it (a mutating operation)."""
    box: list[tuple[bool, Any]] = []
    shell.ctx.submit(fn, on_done=lambda r: box.append((True, r)), on_error=lambda e: box.append((False, e)),
                     mutates=True)  # fmt: skip
    wait_for(lambda: bool(box), timeout)
    ok, value = box[0]
    if not ok:
        raise value
    return value


class LocalServer:
    """A real `xunren-server serve` on a free loopback port with its own SQLite file."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.db = f"sqlite:///{folder / 'server.sqlite3'}"
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def _cli(self, *args: str) -> str:
        cmd = [sys.executable, "-m", "server.cli", *args, "--db", self.db]
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout

    def enrolment_token(self, code: str, name: str) -> str:
        """`xunren-server station add`: the one-time token is printed alone on the last line."""
        return self._cli("station", "add", code, name).strip().splitlines()[-1]

    def start(self) -> LocalServer:
        cmd = [sys.executable, "-m", "server.cli", "serve", "--db", self.db, "--port", str(self.port)]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.DEVNULL)
        end = time.monotonic() + 30
        while time.monotonic() < end:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("the server did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def shoot_sync_and_matches(shell: Any, main: Any, lang: str, out: Path, folder: Path) -> None:
    """The sync indicator before and after enrolment, the problems view, the matches queue."""
    import json

    from app.core.validation import parse_case
    from app.services.cases import register_cases
    from app.services.enrolment import enroll
    from app.services.matching import drain_stale
    from app.storage import outbox

    p = f"{lang}_"
    main.search_box.clear()  # back to the whole register
    examples = ROOT.parent / "shared" / "examples"
    pair = [
        parse_case(json.loads((examples / f"{n}.json").read_text("utf-8")))
        for n in ("missing_child", "found_child")
    ]
    on_db(shell, lambda s: register_cases(s, pair))
    on_db(shell, drain_stale)  # every candidate computed now, not pass by pass in the background
    ind = main.sync_indicator
    ind.refresh()
    wait_for(lambda: ind.status is not None and ind.status.waiting > 0 and main.ctx.runner.idle())
    save(main.grab(), out, p + "09_sync_not_enrolled")

    outcomes: list[Any] = []
    ind.synced.connect(outcomes.append)

    def sync_now() -> Any:
        before = len(outcomes)
        main.actions_.sync_now.trigger()  # F9: runs on the database thread, the window never waits
        wait_for(lambda: len(outcomes) > before, timeout=600)
        return outcomes[-1]

    server = LocalServer(folder / "server")
    token = server.enrolment_token("370783001", STATION[lang])
    server.start()
    try:
        on_db(shell, lambda s: enroll(s, server.url, token))
        first = sync_now()
        if not first.ok:
            raise RuntimeError(first.text)
        ind.refresh()
        wait_for(lambda: ind.status is not None and ind.status.waiting == 0 and main.ctx.runner.idle())
        save(main.grab(), out, p + "10_sync_indicator")

        def refused_changes(session: Any) -> None:
            # As the e2e suite does: a change to one of this station's cases based on an older
            # version than the server holds, and a change to another station's case.
            with session.store.unit_of_work() as uow:
                c = uow.cursor
                record_id, body = c.execute(
                    "SELECT record_id, payload FROM outbox WHERE record_type = 'case' ORDER BY id LIMIT 1"
                ).fetchone()
                outbox.enqueue_encoded(c, "case", record_id, 0, body)
                outbox.enqueue(c, "case", "130102001-2026-000417", 3, {"type": "missing"})
                uow.commit()

        on_db(shell, refused_changes)
        sync_now()
        ind.refresh()
        wait_for(lambda: ind.status is not None and len(ind.status.failed) == 2 and main.ctx.runner.idle())
        main.show_sync_problems()
        problems = main.sync_problems
        wait_for(lambda: problems.table.rowCount() == 2 and main.ctx.runner.idle())  # the first selected
        save(desktop(main, problems), out, p + "11_sync_problems")
        problems.close()
    finally:
        server.stop()

    main.show_match_queue()
    matches = main.matches_window
    wait_for(lambda: bool(matches.view.items) and main.ctx.runner.idle())
    wait_for(lambda: matches.view.compare.reasons.count() > 0 and main.ctx.runner.idle())
    save(desktop(main, matches), out, p + "12_matches_queue")
    matches.close()


def shoot_case_life(shell: Any, main: Any, lang: str, out: Path) -> None:
    """Issue 13's screens: a case returned with the thread shown, the edit form with its reason,
    the closure dialog, a closed case, the duplicate warning at intake, accounts and station."""
    import json

    from app.core.validation import parse_case
    from app.services.cases import register_cases, return_case
    from app.ui.intake import IntakeDialog
    from app.ui.intake.shape import state_from_case

    p = f"{lang}_"
    examples = ROOT.parent / "shared" / "examples"
    doc = json.loads((examples / "trafficking.json").read_text("utf-8"))
    case = parse_case(doc)
    from app.services.demo_history import as_user

    # Registered by a demo officer: the admin then returns it (nobody decides their own item).
    (reg,) = on_db(shell, lambda s: register_cases(as_user(s, "li.ming"), [case]))
    comment = "请补充被害人被带离的经过" if lang == "zh_CN" else "Please add how the victim was taken away"
    on_db(shell, lambda s: return_case(s, reg.case_no, comment))
    pane = main.detail
    pane.show_case(reg.case_no)
    wait_for(lambda: pane.case_no == reg.case_no and main.ctx.runner.idle())
    save(main.grab(), out, p + "13_case_returned_thread")
    editor = pane.open_editor()
    editor.resize(1180, 700)
    editor.form.summary.setPlainText(
        case.summary + ("（被以介绍工作为名骗至外省）" if lang == "zh_CN" else " (lured by a job offer)")
    )
    editor.save()
    wait_for(lambda: editor.reason_dialog is not None)
    reason = editor.reason_dialog
    reason.reason.setPlainText("已补充被带离经过" if lang == "zh_CN" else "added how she was taken away")
    spin()
    save(desktop(editor, reason), out, p + "14_edit_case_reason")
    reason.accept()
    wait_for(lambda: not editor.isVisible() and main.ctx.runner.idle())
    wait_for(lambda: pane.view is not None and bool(pane.view.reg.revisions))
    pane.tabs.setCurrentIndex(3)
    save(main.grab(), out, p + "15_history_edit_diff")
    pane.tabs.setCurrentIndex(0)
    close = pane.life.ask_close()
    close.outcome.setCurrentIndex(4)
    close.reason.setPlainText(
        "移交被害人户籍地公安机关" if lang == "zh_CN" else "handed to the victim's home police"
    )
    spin()
    save(desktop(main, close), out, p + "16_close_case")
    close.reject()
    intake = IntakeDialog(shell.ctx, case.type, main)
    intake.resize(1180, 700)
    intake.show()
    from app.core.casejson import case_to_json

    intake.form.load(state_from_case(case_to_json(case)))
    intake.save()
    wait_for(lambda: intake.duplicate_dialog is not None)
    save(desktop(intake, intake.duplicate_dialog), out, p + "17_duplicate_warning")
    intake.duplicate_dialog.reject()
    intake.reject()
    main.show_accounts()
    accounts = main.accounts_window
    accounts.resize(900, 560)
    wait_for(lambda: accounts.table.rowCount() > 0 and main.ctx.runner.idle())
    save(desktop(main, accounts), out, p + "18_accounts_station")
    accounts.close()


def shoot_desk(main: Any, lang: str, out: Path) -> None:
    """Issue 16: the supervisor's desk beside the register, its dashboard tab."""
    main.show_desk(2)
    desk = main.desk_window
    desk.resize(1366, 900)
    wait_for(lambda: desk.dashboard.board is not None and main.ctx.runner.idle())
    spin(100)
    save(desk.grab(), out, f"{lang}_19_desk_dashboard")
    desk.close()
    main.filters.mine.setChecked(True)  # "my cases", and the badge in the status bar
    wait_for(lambda: main.ctx.runner.idle())
    spin(100)
    save(main.grab(), out, f"{lang}_20_main_my_cases_badge")
    main.filters.mine.setChecked(False)


def shoot_lab_import(shell: Any, main: Any, lang: str, out: Path, folder: Path) -> None:
    """Case ▸ Import lab results…: the progress window of an all-or-nothing import (with Cancel),
    drawn while the import waits behind earlier work on the database thread, then let finish."""
    import threading

    def two_samples(session: Any) -> list[str]:
        with session.store.reader() as conn:
            rows = conn.exec_driver_sql("SELECT sample_no FROM samples ORDER BY sample_no LIMIT 2").all()
        return [str(r[0]) for r in rows]

    samples = on_db(shell, two_samples)
    lab_file = folder / "lab.txt"
    lab_file.write_text("Sample Name\tMarker\tAllele 1\tAllele 2\n" + "".join(
        f"{no}\tD3S1358\t15\t16\n" for no in samples), "utf-8")  # fmt: skip
    gate = threading.Event()
    main.ctx.submit(lambda _s: gate.wait(60))
    said: list[str] = []
    main.lab_import.said.connect(said.append)
    main.lab_import.import_file(str(lab_file))
    spin(200)
    save(desktop(main, main.lab_import.progress), out, f"{lang}_21_lab_import_progress")
    gate.set()
    wait_for(lambda: bool(said) and main.ctx.runner.idle())


def shoot_language(app: QApplication, lang: str, out: Path, cases: int, folder: Path) -> None:
    from app import bootstrap
    from app.services.demo import fill_demo

    shell = bootstrap.Shell(app, folder, lang)
    p = f"{lang}_"
    wizard: Any = shell.start()
    wizard.resize(760, 520)
    wizard.station_page.code.setText("370783001")
    wizard.station_page.name.setText(STATION[lang])
    wizard.station_page.phone.setText("0536-5221110")
    wizard.station_page.address.setText("山东省寿光市圣城街道银海路18号")
    spin()
    save(desktop(wizard), out, p + "01_wizard_station")
    wizard.next()
    wizard.admin_page.password.setText(PASSWORD)
    wizard.admin_page.repeat.setText(PASSWORD[:6])
    spin()
    save(desktop(wizard), out, p + "02_wizard_admin")
    wizard.admin_page.repeat.setText(PASSWORD)
    wizard.next()
    wait_for(lambda: wizard.recovery_page.done)
    save(desktop(wizard), out, p + "03_wizard_recovery_key")
    wizard.accept()
    done: list[object] = []
    shell.ctx.submit(lambda s: fill_demo(s, cases), on_done=done.append, on_error=done.append, mutates=True)
    wait_for(lambda: bool(done), timeout=600)
    first: Any = shell.main
    first.actions_.logoff.trigger()
    wait_for(lambda: shell.ctx.session is None and shell.window is not None)
    logon: Any = shell.window
    logon.user.setText("admin")
    logon.password.setText("wrong-password")
    logon.agree.setChecked(True)
    logon.submit()
    wait_for(lambda: bool(logon.error.text()) and logon.user.isEnabled())
    save(desktop(logon), out, p + "04_logon_failed_count")
    logon.password.setText(PASSWORD)
    logon.submit()
    wait_for(lambda: shell.main is not None and shell.main.model.rowCount() > 0)
    main: Any = shell.main
    main.resize(*SIZE)
    main.show()
    wait_for(lambda: main.model.data(main.model.index(0, 0)) != "…")
    main.case_table.selectRow(2)
    main.case_table.setFocus()
    wait_for(lambda: main.ctx.runner.idle())
    save(main.grab(), out, p + "05_main_list_detail")
    row = next(r for r in (main.model.row_at(i) for i in range(5, 60)) if r is not None and r.names)
    from pypinyin import Style, lazy_pinyin

    name = row.names.replace("、", ",").split(",")[0].strip()
    main.search_box.setText("".join(lazy_pinyin(name, style=Style.FIRST_LETTER)))
    wait_for(lambda: main.search.model.rowCount() > 0 and main.ctx.runner.idle())
    main.hit_table.selectRow(0)
    wait_for(lambda: main.ctx.runner.idle())
    save(main.grab(), out, p + "06_search_initials")
    main.lock()
    spin()
    save(main.grab(), out, p + "07_lock_screen")
    main.lock_screen.password.setText(PASSWORD)
    main.lock_screen.unlock_button.click()
    wait_for(lambda: not main.is_locked and main.ctx.runner.idle())
    from app.ui.settings import SettingsDialog

    dialog = SettingsDialog(lang, 15, main, theta=0.01, admin=True)  # as an administrator sees it
    dialog.resize(max(dialog.sizeHint().width(), 520), dialog.sizeHint().height())
    dialog.show()
    spin()
    save(desktop(main, dialog), out, p + "08_settings")
    dialog.close()
    shoot_case_life(shell, main, lang, out)
    shoot_desk(main, lang, out)
    shoot_lab_import(shell, main, lang, out, folder)
    shoot_sync_and_matches(shell, main, lang, out, folder)
    shell.logoff()
    wait_for(lambda: main.ctx.runner.idle())
    for w in app.topLevelWidgets():
        w.close()
    shell.ctx.runner.shutdown()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--cases", type=int, default=500)
    ap.add_argument("--lang", choices=("zh_CN", "en"), action="append")
    args = ap.parse_args(argv)
    from app import bootstrap

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XUNREN_CONFIG_DIR"] = str(Path(tmp) / "config")
        app = bootstrap.create_application()
        app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, True)
        for lang in args.lang or ["zh_CN", "en"]:
            shoot_language(app, lang, args.out, args.cases, Path(tmp) / lang)
    return 0


if __name__ == "__main__":
    sys.exit(main())
