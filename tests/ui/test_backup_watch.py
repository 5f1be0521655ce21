"""Scheduled backups in the desktop app (issue 12, item 4): the status bar warns while the
station has no backup younger than 7 days; an administrator chooses the folder and a backup is
written at once on the database thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ui.conftest import open_main


def test_the_status_bar_warns_until_backups_are_scheduled(qtbot: Any, shell: Any, tmp_path: Path) -> None:
    main = open_main(qtbot, shell)
    watch = main.backup_watch
    watch.check()
    qtbot.waitUntil(lambda: watch.status is not None, timeout=10_000)
    assert watch.isVisibleTo(main) and "备份" in watch.text()
    folder = tmp_path / "backups"
    folder.mkdir()
    watch.use_folder(main, folder)
    assert watch.progress is not None and watch.progress.windowTitle() == "定时备份"  # its progress window
    assert not watch.progress.cancel_button.isVisibleTo(watch.progress)  # no point to stop at
    qtbot.waitUntil(lambda: bool(list(folder.glob("xunren-*.xrb"))), timeout=30_000)
    qtbot.waitUntil(lambda: not watch.progress.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: not watch.isVisibleTo(main), timeout=10_000)
    assert str(folder) in main.statusBar().currentMessage()
    watch.use_folder(main, shell.data_dir)  # inside the data folder: refused in words
    qtbot.waitUntil(lambda: "数据目录" in main.statusBar().currentMessage(), timeout=10_000)
