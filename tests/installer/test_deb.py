"""The .deb: its layout and the smoke test of what it installs, extracted into a clean folder.

installer/build --install-test (root) also installs, upgrades and removes it for real
(installer/debcheck.py --install); that changes the machine, so the suite does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from installer import debcheck

pytestmark = pytest.mark.installer


def test_deb_extracted_passes_the_smoke_test(deb: Path, tmp_path: Path) -> None:
    report = debcheck.extracted(deb, tmp_path)
    print(report.text())
    assert report.ok, report.text()
    assert deb.stat().st_size <= 120e6
