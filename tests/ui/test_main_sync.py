"""The sync indicator, "sync now" and the problems view in the main window.

On a station that is not enrolled, and against a real `xunren-server` process on a free loopback
port (as the e2e suite starts it): waiting counts, the last success, a refused change shown with
its reason in words, a credential the server no longer accepts. Real encrypted store, real runner,
real network; every store query checked to run off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QKeySequence

from tests.conftest import PASSWORD, STATION_CODE, STATION_NAME
from tests.ui.conftest import open_main, wait_op
from tests.ui.test_main_matches import register_examples

FOREIGN_CASE = "999999999-2026-000001"  # another station's case number: the server refuses it


def indicator_read(qtbot: Any, main: Any, pred: Any, timeout: int = 20_000) -> Any:
    """Ask the indicator to read the state again until *pred(status)* holds; returns the status."""
    ind = main.sync_indicator

    def ready() -> bool:
        if ind.status is not None and pred(ind.status):
            return True
        ind.refresh()
        return False

    qtbot.waitUntil(ready, timeout=timeout)
    return ind.status


def sync_and_wait(qtbot: Any, main: Any) -> Any:
    """Press F9 (the menu's "Sync now") and wait for the outcome of the background sync."""
    with qtbot.waitSignal(main.sync_indicator.synced, timeout=60_000) as done:
        main.actions_.sync_now.trigger()
    assert main.sync_indicator.syncing is False
    return done.args[0]


def test_an_unenrolled_station_shows_what_waits_and_says_why_nothing_is_sent(qtbot: Any, shell: Any) -> None:
    main = open_main(qtbot, shell)
    ind = main.sync_indicator
    indicator_read(qtbot, main, lambda s: not s.enrolled)
    assert "未在服务器登记" in ind.state_label.text() and "0 条待发送" in ind.state_label.text()
    assert "管理员" in ind.state_label.toolTip()  # the whole explanation: who enrols the station

    register_examples(qtbot, shell.ctx, "missing_child")
    status = indicator_read(qtbot, main, lambda s: s.waiting > 0)
    assert f"{status.waiting} 条待发送" in ind.state_label.text()
    assert not ind.problems_button.isVisible()

    outcome = sync_and_wait(qtbot, main)  # "sync now" anyway: words, no crash, nothing lost
    assert not outcome.ok and outcome.key == "not_enrolled"
    assert "尚未在全国服务器登记" in main.statusBar().currentMessage()
    assert indicator_read(qtbot, main, lambda s: True).waiting == status.waiting

    main.actions_.sync_problems.trigger()
    problems = main.sync_problems
    assert problems is not None and problems.isVisible()
    qtbot.waitUntil(lambda: problems.empty.isVisible(), timeout=10_000)
    assert "未在全国服务器登记" in problems.summary.text()
    assert problems.table.rowCount() == 0


def test_clock_off_by_more_than_five_minutes_is_said(qtbot: Any, shell: Any) -> None:
    from app.storage import sync_state as st

    main = open_main(qtbot, shell)

    def skewed(session: Any) -> None:  # what a sync records when the server's clock is 7 min behind
        with session.store.unit_of_work() as uow:
            st.put(uow.cursor, st.CLOCK_SKEW, "420.0")
            uow.commit()

    wait_op(qtbot, shell.ctx, skewed)
    indicator_read(qtbot, main, lambda s: s.clock_warning)
    assert "时钟偏差 7 分钟" in main.sync_indicator.state_label.text()
    assert "本机时钟比服务器快 7 分钟" in main.sync_indicator.state_label.toolTip()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Any]:
    """A real `xunren-server serve` on a free loopback port, with its own SQLite database."""
    from tests.e2e.harness import ServerUnderTest, fresh_server_db

    url, _drop = fresh_server_db("sqlite", tmp_path)
    srv = ServerUnderTest(url)
    try:
        yield srv
    finally:
        srv.stop()


def enrolment_token(server: Any) -> str:
    from server.services import credentials
    from server.services.meta import in_transaction

    with server.sessions() as s:
        return str(in_transaction(s, lambda x: credentials.add_station(x, STATION_CODE, STATION_NAME, 1)))


def test_sync_now_against_a_real_server(qtbot: Any, shell: Any, server: Any) -> None:
    from app.services.enrolment import enroll
    from app.storage import outbox
    from app.storage import sync_state as st

    main = open_main(qtbot, shell)
    ind = main.sync_indicator
    assert main.actions_.sync_now.shortcut() == QKeySequence("F9")
    assert main.actions_.sync_now in main.actions_.sync_menu.actions()
    token = enrolment_token(server)
    wait_op(qtbot, shell.ctx, lambda s: enroll(s, server.url, token))
    register_examples(qtbot, shell.ctx, "missing_child", "found_child")
    status = indicator_read(qtbot, main, lambda s: s.enrolled and s.waiting > 0)
    assert "尚未同步过" in ind.state_label.text() and f"{status.waiting} 条待发送" in ind.state_label.text()

    # Sync now: everything goes, the indicator shows 0 waiting and when the last sync succeeded.
    outcome = sync_and_wait(qtbot, main)
    assert outcome.ok, outcome.text
    assert "同步完成" in main.statusBar().currentMessage()
    status = indicator_read(qtbot, main, lambda s: s.waiting == 0 and s.last_success is not None)
    assert status.sent > 0 and not status.failed
    assert "0 条待发送" in ind.state_label.text() and "上次同步" in ind.state_label.text()
    assert not ind.problems_button.isVisible()

    # A change the server refuses (another station's case) is kept and shown with its reason.
    def foreign_change(session: Any) -> None:
        with session.store.unit_of_work() as uow:
            outbox.enqueue(uow.cursor, "case", FOREIGN_CASE, 0, {"type": "missing"})
            uow.commit()

    wait_op(qtbot, shell.ctx, foreign_change)
    outcome = sync_and_wait(qtbot, main)
    assert outcome.ok and "1 条被拒绝" in outcome.text
    indicator_read(qtbot, main, lambda s: len(s.failed) == 1)
    assert ind.problems_button.isVisible() and ind.problems_button.text() == "1 条被拒绝"
    ind.problems_button.click()
    problems = main.sync_problems
    assert problems is not None
    qtbot.waitUntil(lambda: problems.table.rowCount() == 1, timeout=10_000)
    cells = [problems.table.item(0, c).text() for c in range(problems.table.columnCount())]
    assert cells[0] == FOREIGN_CASE and cells[1] == "案件"
    assert cells[2].startswith("该记录属于其他工作站")  # the reason in words, not "not_owner"
    assert cells[3] == "该记录的案件编号属于其他工作站"  # the server's own words, in the officer's language
    assert "服务器拒绝的更改：1 条" in problems.summary.text()

    # Locking hides the problems view and empties it; unlocking reads it again.
    main.lock()
    assert not problems.isVisible() and problems.table.rowCount() == 0
    assert not ind.sync_button.isVisible() and not ind.problems_button.isVisible()
    main.lock_screen.password.setText(PASSWORD)
    main.lock_screen.unlock_button.click()
    qtbot.waitUntil(lambda: not main.is_locked and problems.table.rowCount() == 1, timeout=20_000)

    # A credential the server no longer accepts: said in words, the queue kept.
    def bad_credential(session: Any) -> None:
        with session.store.unit_of_work() as uow:
            st.put(uow.cursor, st.CREDENTIAL, "xd_not-a-valid-credential")
            uow.commit()

    wait_op(qtbot, shell.ctx, bad_credential)
    register_examples(qtbot, shell.ctx, "trafficking")
    outcome = sync_and_wait(qtbot, main)
    assert not outcome.ok and outcome.key == "reenrol"
    status = indicator_read(qtbot, main, lambda s: s.needs_enrolment)
    assert status.waiting > 0 and "需要重新登记" in ind.state_label.text()
    assert "重新登记" in main.statusBar().currentMessage()


def test_the_state_and_the_refusals_in_english_words(qapp: Any) -> None:
    import datetime as dt

    from app.services.sync import SyncStatus
    from app.ui import i18n
    from app.ui.sync_words import describe, local_time, reason_words

    stale = "stale_revision: the server holds revision 4"
    status = SyncStatus(waiting=3, sent=10, failed=[{"record": "r", "reason": stale}],
                        last_success="2026-01-02T03:04:05Z", clock_skew_seconds=-600.0, clock_warning=True,
                        enrolled=True, needs_enrolment=False)  # fmt: skip
    try:
        assert i18n.install_language("en")
        words = describe(status)
        when = local_time("2026-01-02T03:04:05Z")
        assert words.short == f"3 waiting · last sync {when} · clock off by 10 min"
        assert "10 minutes behind the server's" in words.long and "refused: 1" in words.long
        assert words.level == "warn"
        what, detail = reason_words(stale)
        assert what.startswith("The server holds a newer version") and detail == "the server holds revision 4"
        assert reason_words("something_new") == ("The server refused this change.", "something_new")
        i18n.install_language("zh_CN")
        assert reason_words(stale)[1] == "服务器持有第 4 版"  # no English inside Chinese, the data kept
        assert reason_words("invalid: case.name: a text")[1] == "字段 case.name 有误"
        assert reason_words("something_new")[1] == ""
        i18n.install_language("en")
        unenrolled = describe(SyncStatus(0, 0, [], None, None, False, False, False))
        assert unenrolled.short == "Not enrolled with the server · 0 waiting" and unenrolled.level == "warn"
        refused = describe(SyncStatus(0, 5, [], None, None, False, True, False, audit_refused="shortened"))
        assert "audit chain refused" in refused.short and refused.level == "error"  # issue 12, item 5
        assert "alert for the national operator" in refused.long
    finally:
        i18n.install_language("zh_CN")
    noon = dt.datetime(2026, 1, 2, 12, 0).astimezone()
    assert local_time(noon.astimezone(dt.UTC).isoformat(), now=noon) == "12:00"
    assert local_time("not a time") == "not a time"


def test_every_record_type_a_station_queues_has_its_kind_in_both_languages(qapp: Any) -> None:
    """The problems view's Kind column: no protocol code inside Chinese, an English word in English."""
    import re

    from app.sync import protocol
    from app.ui import i18n
    from app.ui.sync_words import record_kind

    try:
        assert i18n.install_language("zh_CN")
        chinese = {t: record_kind(t) for t in protocol.RECORD_TYPES}  # everything the outbox may hold
        assert i18n.install_language("en")
        english = {t: record_kind(t) for t in protocol.RECORD_TYPES}
    finally:
        i18n.install_language("zh_CN")
    for record_type in protocol.RECORD_TYPES:
        zh, en = chinese[record_type], english[record_type]
        # "DNA" is the one Latin word Chinese police text uses (DNA 样本, DNA 比对); no code, no English
        assert zh and not re.search(r"[A-Za-z_]", zh.replace("DNA", "")), (record_type, zh)
        assert re.fullmatch(r"[A-Za-z]+(?:[ -][A-Za-z]+)*", en), (record_type, en)
    assert len(set(chinese.values())) == len(set(english.values())) == len(protocol.RECORD_TYPES)
    assert (chinese["transfer"], chinese["transfer_accept"], chinese["transfer_end"]) == (
        "移交申请", "接收移交", "拒绝接收或撤回移交",
    )  # fmt: skip
    assert (chinese["alert_ack"], chinese["decision"], chinese["publication"]) == (
        "预警确认", "比对决定", "寻亲库公开申请",
    )  # fmt: skip
    assert (english["transfer"], english["alert_ack"], english["decision"]) == (
        "transfer request", "alert acknowledgement", "match decision",
    )  # fmt: skip


def test_the_not_owner_advice_holds_for_a_transferred_case(qapp: Any) -> None:
    """A case keeps its number when it is transferred (issue 14), perhaps more than once: the
    advice never says the number's first nine digits name the station that may change it."""
    import re

    from app.services.refusal_words import REASON_WORDS
    from app.sync import protocol
    from app.ui import i18n
    from app.ui.sync_words import reason_words

    moved = (
        f"{protocol.NOT_OWNER}: the record's case was transferred to another station, which changes it now"
    )
    try:
        assert i18n.install_language("zh_CN")
        zh, zh_said = reason_words(moved)
        assert i18n.install_language("en")
        en, en_said = reason_words(moved)
    finally:
        i18n.install_language("zh_CN")
    assert zh.startswith("该记录属于其他工作站") and REASON_WORDS[protocol.NOT_OWNER][0] in zh
    assert "前九位即" not in zh and "移交后编号不变" in zh and "现在办理该案件的工作站" in zh
    assert "案件 ▸ 案件移交…" in zh and not re.search(r"[A-Za-z]", zh)
    assert zh_said == "该记录所属案件已移交其他工作站，现由该站修改"
    assert en.startswith("Another station owns this record") and "first nine digits" not in en
    assert "keeps its number when it is transferred" in en and "holds the case now" in en
    assert "Case ▸ Case transfers…" in en and en_said == moved.partition(": ")[2]


def test_an_enrolled_station_syncs_by_itself(
    qtbot: Any, shell: Any, server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services.enrolment import enroll
    from app.ui import sync_indicator

    monkeypatch.setattr(sync_indicator, "AUTO_FIRST_MS", 100)  # a minute after logon in the app
    monkeypatch.setattr(sync_indicator, "AUTO_SYNC_MS", 300)  # ten minutes in the app
    main = open_main(qtbot, shell)
    ind = main.sync_indicator
    register_examples(qtbot, shell.ctx, "missing_child")
    indicator_read(qtbot, main, lambda s: s.waiting > 0 and not s.enrolled)
    assert ind.outcome is None  # not enrolled: nothing was tried

    token = enrolment_token(server)
    with qtbot.waitSignal(ind.synced, timeout=30_000) as synced:  # nobody presses anything
        wait_op(qtbot, shell.ctx, lambda s: enroll(s, server.url, token), mutates=True)
    assert synced.args[0].ok, synced.args[0].text
    indicator_read(qtbot, main, lambda s: s.waiting == 0 and s.last_success is not None)


def test_a_server_that_does_not_answer_never_holds_up_the_officer(qtbot: Any, shell: Any) -> None:
    """The sync waits on the network on its own thread: the officer's work goes on meanwhile."""
    import socket
    import time

    from app.storage import sync_state as st

    main = open_main(qtbot, shell)
    silent = socket.socket()  # accepts connections, never answers (a hung link or server)
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"

    def enrolled_with_silent_server(session: Any) -> None:
        with session.store.unit_of_work() as uow:
            st.put(uow.cursor, st.SERVER_URL, url)
            st.put(uow.cursor, st.CREDENTIAL, "xd_" + "a" * 43)
            uow.commit()

    try:
        wait_op(qtbot, shell.ctx, enrolled_with_silent_server, mutates=True)
        ind = main.sync_indicator
        main.actions_.sync_now.trigger()
        assert ind.syncing
        qtbot.wait(300)  # the sync thread is now waiting on the silent server
        start = time.monotonic()
        numbers = register_examples(qtbot, shell.ctx, "missing_child")
        took = time.monotonic() - start
        assert ind.syncing, "the sync should still be waiting for the silent server"
        assert numbers and took < 5, f"registration waited {took:.1f} s behind the sync"
        status = indicator_read(qtbot, main, lambda s: s.waiting > 0)
        assert status.waiting > 0
    finally:
        silent.close()  # the sync thread's retries now fail fast; the logoff at teardown stops it


def press_for_prompt(qtbot: Any, problems: Any, key: Any) -> Any:
    """Alt+*key* in the problems view (a button's mnemonic, as the officer would press it); waits
    for the note prompt that button opens (a mnemonic clicks after a short animation)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    before = problems.prompt
    problems.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is problems, timeout=5_000)
    qtbot.keyClick(problems, key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: problems.prompt is not before and problems.prompt.isVisible(), timeout=5_000)
    return problems.prompt


def test_a_supervisor_sends_a_stale_change_again_and_withdraws_a_foreign_one(
    qtbot: Any, shell: Any, server: Any
) -> None:
    """The two buttons of the problems view, from the keyboard, against a real server."""
    import json

    from PySide6.QtCore import Qt

    from app.core.model import AccountRole
    from app.services.enrolment import enroll
    from app.storage import outbox

    main = open_main(qtbot, shell)
    token = enrolment_token(server)
    wait_op(qtbot, shell.ctx, lambda s: enroll(s, server.url, token))
    (case_no,) = register_examples(qtbot, shell.ctx, "missing_child")
    assert sync_and_wait(qtbot, main).ok

    def two_refusals(session: Any) -> dict[str, Any]:
        with session.store.unit_of_work() as uow:
            c = uow.cursor
            body = c.execute("SELECT payload FROM outbox WHERE record_id = ?", (case_no,)).fetchone()[0]
            mine = dict(json.loads(body), assigned_to="admin")  # the station's version, on an old base
            outbox.enqueue_encoded(c, "case", case_no, 0, outbox.encode(mine))
            outbox.enqueue(c, "case", FOREIGN_CASE, 0, {"type": "missing"})
            uow.commit()
        return mine

    mine = wait_op(qtbot, shell.ctx, two_refusals, mutates=True)
    assert "2 条被拒绝" in sync_and_wait(qtbot, main).text
    main.activateWindow()
    qtbot.keyClick(main, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    problems = main.sync_problems
    assert problems is not None
    qtbot.waitUntil(lambda: problems.table.rowCount() == 2, timeout=10_000)
    assert [r["record"] for r in problems.rows] == [case_no, FOREIGN_CASE]
    said = [problems.table.item(row, 3).text() for row in (0, 1)]  # the server's words, in Chinese
    assert (
        said[0].startswith("服务器持有第 ")
        and said[0].endswith(" 版")
        and said[1] == "该记录的案件编号属于其他工作站"
    )
    assert problems.selected() is problems.rows[0]  # the first is selected: the keys work at once
    assert problems.resend_button.isEnabled() and problems.withdraw_button.isEnabled()
    assert problems.resend_button.text() == "在服务器版本上重新发送(&A)…"

    problems.table.selectRow(1)  # another station's case: it can only be withdrawn
    assert not problems.resend_button.isEnabled() and problems.withdraw_button.isEnabled()
    assert "只能撤回" in problems.resend_button.toolTip()
    shell.ctx.session.role = AccountRole.OFFICER  # an officer sees why and may do neither
    problems._update_actions()
    assert not problems.resend_button.isEnabled() and not problems.withdraw_button.isEnabled()
    assert "所长或管理员" in problems.withdraw_button.toolTip()
    shell.ctx.session.role = AccountRole.ADMIN
    problems._update_actions()

    # A note typed, then the screen locks: the note is dropped, the prompt never comes back.
    prompt = press_for_prompt(qtbot, problems, Qt.Key.Key_W)
    prompt.note.setPlainText("他站案件")
    main.lock()
    assert not prompt.isVisible() and not problems.isVisible() and problems.table.rowCount() == 0
    main.lock_screen.password.setText(PASSWORD)
    main.lock_screen.unlock_button.click()
    qtbot.waitUntil(lambda: not main.is_locked and problems.table.rowCount() == 2, timeout=20_000)
    assert not prompt.isVisible() and prompt.text() == ""
    assert problems.selected() is problems.rows[1]  # the same change as before the lock

    # Send the station's version again over the server's: a note is required first.
    problems.table.selectRow(0)
    prompt = press_for_prompt(qtbot, problems, Qt.Key.Key_A)
    assert case_no in prompt.explanation.text()
    prompt.ok_button.click()
    assert prompt.isVisible() and "填写说明" in prompt.problem.text()
    prompt.note.setPlainText("已与上级核对：以本站版本为准")
    prompt.ok_button.click()
    qtbot.waitUntil(lambda: problems.table.rowCount() == 1, timeout=10_000)
    assert "重新排队" in problems.message.text() and problems.rows[0]["record"] == FOREIGN_CASE
    indicator_read(qtbot, main, lambda s: s.waiting == 1 and len(s.failed) == 1)

    # Withdraw the other station's change.
    prompt = press_for_prompt(qtbot, problems, Qt.Key.Key_W)
    prompt.note.setPlainText("他站案件，误录入本站")
    prompt.ok_button.click()
    qtbot.waitUntil(lambda: problems.empty.isVisible(), timeout=10_000)
    assert "撤回" in problems.message.text()
    assert not problems.resend_button.isEnabled() and not problems.withdraw_button.isEnabled()
    indicator_read(qtbot, main, lambda s: s.waiting == 1 and not s.failed)

    # The next sync puts the station's version over the server's; nothing else goes.
    outcome = sync_and_wait(qtbot, main)
    assert outcome.ok and "被拒绝" not in outcome.text
    indicator_read(qtbot, main, lambda s: s.waiting == 0 and not s.failed)
    from tests.e2e.harness import ServerUnderTest

    assert isinstance(server, ServerUnderTest)
    sid, _journal = server.journal(STATION_CODE)
    assert server.records(sid)[case_no] == (2, mine)
    assert FOREIGN_CASE not in server.records(sid)


def test_an_administrator_enrols_the_station_from_the_desktop(
    qtbot: Any, shell: Any, server: Any, tmp_path: Path, caplog: Any
) -> None:
    """Sync ▸ Enrol with the national server…: required fields named, a wrong token refused in
    words with nothing stored, the right one enrols on a thread of its own and the waiting
    changes go at once; the token never reaches the audit log or the log, and closing forgets it."""
    import logging

    caplog.set_level(logging.DEBUG)  # every record, so a token at any level would be seen
    main = open_main(qtbot, shell)
    assert main.actions_.enrol in main.actions_.sync_menu.actions()
    assert main.actions_.enrol.text() == "在全国服务器登记(&E)…"
    register_examples(qtbot, shell.ctx, "missing_child")
    indicator_read(qtbot, main, lambda s: not s.enrolled and s.waiting > 0)

    main.actions_.enrol.trigger()
    dialog = main.enrol_dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "在全国服务器登记"
    ok = dialog.enrol_button
    assert ok.text() == "登记(&E)"

    ok.click()  # nothing typed: the first missing field is named
    assert dialog.problem.isVisible() and "服务器地址：必填" in dialog.problem.text()
    dialog.server.setText(server.url)
    ok.click()
    assert "一次性登记令牌：必填" in dialog.problem.text()

    dialog.token.setText("xe_wrong-token-never-issued")
    ok.click()
    cancel = dialog.cancel_button
    assert dialog.busy and not ok.isEnabled() and not cancel.isEnabled()  # wait for the answer
    dialog.close()  # the window's close button waits too
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert dialog.isVisible() and "服务器拒绝了登记令牌" in dialog.problem.text()
    assert not indicator_read(qtbot, main, lambda s: True).enrolled
    assert dialog.grab().save(str(tmp_path / "enrol_refused_zh_CN.png"))  # looked at: the refusal in words

    token = enrolment_token(server)
    dialog.token.setText(token)
    with qtbot.waitSignal(main.sync_indicator.synced, timeout=60_000) as synced:
        ok.click()
    assert synced.args[0].ok, synced.args[0].text  # enrolled, then what waited was sent at once
    assert not dialog.isVisible()
    assert dialog.token.text() == "" and dialog.server.text() == ""
    status = indicator_read(qtbot, main, lambda s: s.enrolled and s.waiting == 0)
    assert status.sent > 0

    def audit(session: Any) -> list[tuple[str, str, str]]:
        with session.store.reader() as conn:
            return [tuple(r) for r in conn.exec_driver_sql("SELECT action, object, detail FROM audit_log")]

    entries = wait_op(qtbot, shell.ctx, audit)
    assert ("sync.enroll", server.url, f"station={STATION_CODE}") in entries
    assert not any(token in " ".join(e) for e in entries)
    assert token not in caplog.text and "xe_wrong-token-never-issued" not in caplog.text


def test_locking_closes_the_enrolment_dialog_and_forgets_the_token(qtbot: Any, shell: Any) -> None:
    """Locked while the server is being asked: the dialog closes with what was typed, stays closed
    after the unlock, and the late answer is dropped; opened again it is empty and ready."""
    import socket

    main = open_main(qtbot, shell)
    silent = socket.socket()  # accepts connections, never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    try:
        main.actions_.enrol.trigger()
        dialog = main.enrol_dialog
        assert dialog is not None and dialog.isVisible()
        dialog.server.setText(f"http://127.0.0.1:{silent.getsockname()[1]}")
        dialog.token.setText("xe_typed-and-sent")
        dialog.enrol_button.click()
        assert dialog.busy
        main.lock()
        assert not dialog.isVisible() and dialog.token.text() == "" and dialog.server.text() == ""
        assert not main.actions_.enrol.isEnabled()
        main.lock_screen.password.setText(PASSWORD)
        main.lock_screen.unlock_button.click()
        qtbot.waitUntil(lambda: not main.is_locked, timeout=20_000)
        assert not dialog.isVisible()  # not shown again with the other windows
        main.actions_.enrol.trigger()
        assert dialog.isVisible() and not dialog.busy and dialog.server.isEnabled()
        assert dialog.token.text() == "" and not dialog.problem.isVisible()
    finally:
        silent.close()


def test_conflicting_national_decisions_are_said_in_both_languages(qapp: Any) -> None:
    from app.services.sync import SyncStatus
    from app.ui import i18n
    from app.ui.sync_words import describe

    pair = "370783001-2026-000001~450305001-2026-000007"
    conflict = {"pair": pair, "decisions": [{"station": "370783001", "state": "rejected"},
                                            {"station": "450305001", "state": "confirmed"}]}  # fmt: skip
    status = SyncStatus(0, 5, [], "2026-01-02T03:04:05Z", None, False, True, False, conflicts=[conflict])
    try:
        assert i18n.install_language("en")
        words = describe(status)
        assert "conflicting decisions: 1" in words.short and pair in words.long and words.level == "warn"
        assert i18n.install_language("zh_CN")
        chinese = describe(status)
        assert "比对决定冲突：1 个" in chinese.short and pair in chinese.long and "外站" in chinese.long
    finally:
        i18n.install_language("zh_CN")
