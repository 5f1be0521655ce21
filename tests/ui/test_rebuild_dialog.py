"""Sync ▸ Enrol with the national server… with "rebuild this station's register from the server"
(issue 14): a station that lost its disk, set up again with the same code, takes its cases back
behind a progress window, against a real `xunren-server` process; the list shows them after it
(docs/screenshots/enrol_rebuild_*.png with XUNREN_SCREENSHOTS=1)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, PASSWORD, STATION_CODE, STATION_NAME
from tests.ui.conftest import open_main, wait_op
from tests.ui.test_main_sync import server

__all__ = ["server"]
ROOT = Path(__file__).resolve().parents[2]


def _lost_station(server: Any, tmp_path: Path) -> str:
    """The station before its disk was lost (a process of its own, its own folder): two cases,
    synced; then the operator's `station rotate` token to enrol again."""
    from server.services import credentials
    from server.services.meta import in_transaction

    with server.sessions() as s:
        token = str(in_transaction(s, lambda x: credentials.add_station(x, STATION_CODE, STATION_NAME, 1)))
    env = {**os.environ, "XUNREN_DATA_DIR": str(tmp_path / "old"), "XUNREN_USER": "admin",
           "XUNREN_PASSWORD": PASSWORD, "XUNREN_TEST_WEAK_KDF": "1", "XUNREN_CONFIG_DIR": str(tmp_path / "cfg")}  # fmt: skip

    def run(*args: str) -> None:
        done = subprocess.run([sys.executable, "-m", "app", *args], env=env, capture_output=True, text=True,
                              timeout=120, cwd=ROOT, stdin=subprocess.DEVNULL)  # fmt: skip
        assert done.returncode == 0, (args, done.stderr)

    run("init", "--station-code", STATION_CODE, "--station-name", STATION_NAME, "--admin", "admin")
    run("enroll", "--server", server.url, "--token", token)
    run("case", "add", "--file", str(EXAMPLES / "missing_child.json"))
    run("case", "add", "--file", str(EXAMPLES / "found_child.json"))
    run("sync")
    with server.sessions() as s:
        return str(in_transaction(s, lambda x: credentials.rotate_station(x, STATION_CODE, 1)))


def test_a_fresh_station_rebuilds_its_register_from_the_desktop(
    qtbot: Any, shell: Any, server: Any, tmp_path: Path
) -> None:
    token = _lost_station(server, tmp_path)
    main = open_main(qtbot, shell)
    main.actions_.enrol.trigger()
    dialog = main.enrol_dialog
    assert dialog is not None and dialog.rebuild.isVisible()
    assert dialog.rebuild.text() == "从服务器重建本站登记册（本站丢失了硬盘）(&R)"
    dialog.by_package.click()
    assert dialog.rebuild.isVisible()  # a rebuild package on a USB stick rebuilds too
    dialog.by_network.click()
    dialog.server.setText(server.url)
    dialog.token.setText(token)
    dialog.rebuild.setChecked(True)
    out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
    assert dialog.grab().save(str(out / "enrol_rebuild_zh_CN.png"))
    with qtbot.waitSignal(dialog.rebuilt, timeout=120_000) as rebuilt:
        dialog.enrol_button.click()
        assert dialog.busy and dialog.progress is not None and dialog.progress.isVisible()
    report = rebuilt.args[0]
    assert report.counts.get("case") == 2, report.counts
    assert not dialog.isVisible() and dialog.token.text() == ""
    assert dialog.progress is None
    assert "2" in main.statusBar().currentMessage() or report.restored > 0

    def numbers(session: Any) -> list[str]:
        with session.store.reader() as conn:
            return [str(r[0]) for r in conn.exec_driver_sql("SELECT case_no FROM cases ORDER BY case_no")]

    assert wait_op(qtbot, shell.ctx, numbers) == [
        f"{STATION_CODE}-2026-000001",
        f"{STATION_CODE}-2026-000002",
    ]


def test_the_rebuild_progress_window_in_words(qtbot: Any, shell: Any, tmp_path: Path) -> None:
    """The progress window as it stands half-way (docs/screenshots/enrol_rebuild_progress_zh_CN.png)."""
    main = open_main(qtbot, shell)
    main.actions_.enrol.trigger()
    dialog = main.enrol_dialog
    assert dialog is not None
    dialog._rebuild_work(shell.ctx.session, "https://xunren.example.gov.cn", "xe_token", None)  # not started
    window = dialog.progress
    assert window is not None and window.windowTitle() == "正在从全国服务器重建"
    window.report.say(
        dialog.tr("Cases and records back: %1 of %2").replace("%1", "1,200").replace("%2", "3,480")
    )
    window.report.step(1200, 3480)
    qtbot.waitUntil(lambda: window.bar.value() == 1200, timeout=5_000)
    assert window.stage.text() == "已恢复案件及记录：1,200 / 3,480" and not window.cancel_button.isVisible()
    out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
    assert window.grab().save(str(out / "enrol_rebuild_progress_zh_CN.png"))
    dialog._close_progress()


def _rebuild_package(server: Any, tmp_path: Path) -> tuple[Path, str]:
    """The operator's rebuild package for the lost station (``station rotate --package
    --rebuild`` calls the same services), with its passphrase."""
    from server.services import bundles, credentials, enrol_packages, rebuild_packages
    from server.services.meta import in_transaction

    _lost_station(server, tmp_path)
    keys = bundles.server_keys(tmp_path / "bundle_keys.json")
    path = tmp_path / f"{STATION_CODE}.xrp"
    with server.sessions() as s:

        def rotate(x: Any) -> dict[str, Any]:
            token = credentials.rotate_station(x, STATION_CODE, 1)
            return enrol_packages.package_body(x, STATION_CODE, token, keys, "")

        body = in_transaction(s, rotate)
        written = rebuild_packages.write_package(path, body, lambda work: in_transaction(s, work))
    return path, written.passphrase


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_station_rebuilds_from_a_usb_package_in_the_desktop(
    qtbot: Any, shell: Any, server: Any, tmp_path: Path, lang: str
) -> None:
    """The package way with the rebuild tick: the register comes back from the file alone
    (docs/screenshots/enrol_rebuild_package_*.png with XUNREN_SCREENSHOTS=1)."""
    from app.ui.i18n import install_language

    path, passphrase = _rebuild_package(server, tmp_path)
    main = open_main(qtbot, shell)
    install_language(lang)
    try:
        main.actions_.enrol.trigger()
        dialog = main.enrol_dialog
        assert dialog is not None
        dialog.by_package.click()
        dialog.rebuild.setChecked(True)
        assert dialog.package.placeholderText().endswith(".xrp")
        dialog.package.setText("E:\\370783001.xrp")  # as on a station PC, for the picture
        dialog.passphrase.setText(passphrase)
        words = {"zh_CN": "从服务器重建本站登记册", "en": "Rebuild this station's register"}[lang]
        assert words in dialog.rebuild.text() and dialog.rebuild.isVisible()
        out = ROOT / "docs" / "screenshots" if os.environ.get("XUNREN_SCREENSHOTS") == "1" else tmp_path
        assert dialog.grab().save(str(out / f"enrol_rebuild_package_{lang}.png"))
        dialog.package.setText(str(path))
        with qtbot.waitSignal(dialog.rebuilt, timeout=120_000) as rebuilt:
            dialog.enrol_button.click()
        report = rebuilt.args[0]
        assert report.counts.get("case") == 2, report.counts
        assert not dialog.isVisible() and dialog.passphrase.text() == ""
    finally:
        install_language("zh_CN")

    def state(session: Any) -> tuple[list[str], bool]:
        from app.services.sync import sync_status

        with session.store.reader() as conn:
            numbers = [str(r[0]) for r in conn.exec_driver_sql("SELECT case_no FROM cases ORDER BY case_no")]
        return numbers, sync_status(session).usb_only

    assert wait_op(qtbot, shell.ctx, state) == (
        [f"{STATION_CODE}-2026-000001", f"{STATION_CODE}-2026-000002"],
        True,
    )
