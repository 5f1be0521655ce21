"""The frozen build and its .deb, made once per session (or given by installer/build)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def frozen_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dist/xunren of installer/build (XUNREN_FROZEN_BUILD), else a PyInstaller run of the spec."""
    given = os.environ.get("XUNREN_FROZEN_BUILD")
    if given:
        return Path(given)
    from installer import bundle

    return bundle.freeze(tmp_path_factory.mktemp("pyinstaller"))


@pytest.fixture(scope="session")
def deb(frozen_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb of installer/build (XUNREN_DEB), else one made from the session's build."""
    given = os.environ.get("XUNREN_DEB")
    if given:
        return Path(given)
    from installer import makedeb

    return makedeb.build(frozen_build, tmp_path_factory.mktemp("deb"), "0.1.0")
