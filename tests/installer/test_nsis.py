"""The Windows installer script compiles here with makensis against a stand-in payload.

The frozen Windows build is made on Windows (installer/README.md); what can be checked here is
that the script compiles, that the setup program asks for no administrator rights, and that the
uninstaller's list deletes exactly the installed files, never recursively.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from installer import nsis

PAYLOAD = {
    "xunren.exe": b"MZ stand-in console program",
    "xunren-desktop.exe": b"MZ stand-in windowed program",
    "_internal/python311.dll": b"stand-in",
    "_internal/PySide6/plugins/platforms/qwindows.dll": b"stand-in",
    "_internal/resources/fonts/wqy-microhei.ttc": b"stand-in",
    "_internal/resources/说明 $1.txt": b"a name with Chinese, a space and a dollar sign",
}


@pytest.fixture
def payload(tmp_path: Path) -> Path:
    root = tmp_path / "payload"
    for rel, data in PAYLOAD.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_script_compiles_into_a_per_user_setup_program(payload: Path, tmp_path: Path) -> None:
    assert shutil.which("makensis"), "makensis is not installed (apt-get install nsis; .ci/run installs it)"
    setup = nsis.compile_installer(payload, tmp_path / "out", "0.1.0", tmp_path / "lists")
    data = setup.read_bytes()
    assert data[:2] == b"MZ" and len(data) > 50_000
    manifest = re.search(rb'requestedExecutionLevel level="(\w+)"', data)
    assert manifest is not None and manifest.group(1) == b"asInvoker"  # no UAC prompt


def test_uninstaller_deletes_exactly_what_was_installed(payload: Path, tmp_path: Path) -> None:
    count = nsis.write_lists(payload, tmp_path / "lists")
    installed = (tmp_path / "lists" / "files.nsh").read_text(encoding="utf-8-sig").splitlines()
    removed = (tmp_path / "lists" / "uninstall.nsh").read_text(encoding="utf-8-sig").splitlines()
    assert count == len(PAYLOAD) == sum(line.startswith("File ") for line in installed)
    deletes = sorted(line for line in removed if line.startswith("Delete "))
    expected = sorted(
        'Delete "$INSTDIR\\' + rel.replace("/", "\\").replace("$", "$$") + '"' for rel in PAYLOAD
    )
    assert deletes == expected
    assert all(line.startswith(("Delete ", "RMDir ")) and "/r" not in line for line in removed)


def test_script_keeps_station_data_and_needs_no_administrator() -> None:
    script = nsis.SCRIPT.read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in script
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\Xunren"' in script
    uninstall = script.split('Section "Uninstall"', 1)[1]
    assert "/r" not in uninstall and "RMDir /" not in uninstall
    assert "$LOCALAPPDATA\\xunren" not in uninstall  # the station's data folder is never named there
    assert "HKLM" not in script  # per-user: nothing machine-wide
