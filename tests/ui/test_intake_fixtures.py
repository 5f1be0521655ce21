"""Fixtures for the intake, detail and preview tests: a real encrypted station behind a real runner.

Every statement the store runs is checked to be on the runner's database thread: a query on
the GUI thread fails the test that caused it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import PASSWORD, STATION_CODE, STATION_NAME

T = TypeVar("T")


@pytest.fixture
def ui_ctx(qtbot: QtBot, tmp_path: Path) -> Iterator[Any]:
    """A UiContext over a fresh station; the store is owned by the runner's thread."""
    from app.services.session import init_station
    from app.ui.context import UiContext
    from app.ui.runner import Runner

    session = init_station(tmp_path / "data", STATION_CODE, STATION_NAME, "admin", PASSWORD)
    runner = Runner()
    ctx = UiContext(runner, session, "zh_CN")
    on_gui: list[str] = []

    def guard() -> None:
        # Only the database thread, and the two reader threads that exist so that the network
        # and the matcher never hold it (their writes still go through it: the store refuses
        # writes from any other thread), may query the store.
        here = threading.current_thread().name
        if threading.get_ident() != runner.thread_ident and here not in ("xunren-sync", "xunren-match"):
            on_gui.append(here)

    runner.submit(session.store.claim_writer)
    qtbot.waitUntil(runner.idle, timeout=20_000)
    session.store.add_query_hook(guard)
    try:
        yield ctx
    finally:
        qtbot.waitUntil(runner.idle, timeout=20_000)
        runner.shutdown()
        session.close()
    assert not on_gui, f"database queries ran off the database thread: {on_gui[:3]}"


def on_db(qtbot: QtBot, ctx: Any, fn: Callable[[Any], T], timeout: int = 20_000) -> T:
    """Run ``fn(session)`` on the database thread and wait for its result (tests only)."""
    box: dict[str, Any] = {}
    ctx.submit(fn, on_done=lambda r: box.setdefault("r", r), on_error=lambda e: box.setdefault("e", e))
    qtbot.waitUntil(lambda: "r" in box or "e" in box, timeout=timeout)
    if "e" in box:
        raise box["e"]
    return box["r"]  # type: ignore[no-any-return]


def with_check_digit(first17: str) -> str:
    from app.core.idnumber import check_digit

    return first17 + check_digit(first17)


def wrong_check_digit(first17: str) -> str:
    right = with_check_digit(first17)[-1]
    return first17 + ("1" if right != "1" else "2")


def type_text(qtbot: QtBot, widget: Any, text: str) -> None:
    """Type like an officer: Latin keys as key presses, Chinese as an input method commits it."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    run = ""
    for ch in text + "\0":
        if ch.isascii() and ch != "\0":
            run += ch
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        if ch != "\0":
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)  # a pinyin IME commits one chosen character or word
            QCoreApplication.sendEvent(widget, event)
