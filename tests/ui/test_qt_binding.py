"""The Qt binding must not leak references to None (PySide6 6.12.0 on Python 3.11 aborts with
"none_dealloc" after some ten thousand Qt calls): a long day at the counter must not crash."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication


def test_qt_calls_keep_none_alive(qapp: QApplication) -> None:
    before = sys.getrefcount(None)
    for _ in range(20_000):
        qapp.processEvents()
    # A leaking binding loses one reference per call; allow for ordinary churn.
    assert sys.getrefcount(None) > before - 1000
