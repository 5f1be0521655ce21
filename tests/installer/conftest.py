"""The frozen build and its .deb, made once per session (or given by installer/build)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def frozen_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/xunren of installer/build (XUNREN_FROZEN_BUILD), else a PyInstaller run of the spec."""
    given = os.environ.get("XUNREN_FROZEN_BUILD")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "work"), "installer/xunren.spec"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return out / "dist" / "xunren"


@pytest.fixture(scope="session")
def deb(frozen_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb of installer/build (XUNREN_DEB), else one made from the session's build."""
    given = os.environ.get("XUNREN_DEB")
    if given:
        return Path(given)
    from installer import makedeb

    return makedeb.build(frozen_build, tmp_path_factory.mktemp("deb"), "0.1.0")
