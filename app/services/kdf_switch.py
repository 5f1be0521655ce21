"""The test-only switch for a cheap key derivation, read by the program's entry points only.

Tests that start ``xunren`` as a process set ``XUNREN_TEST_WEAK_KDF=1`` so its new key slots are
cheap to make (and a rebuild package sealed at the tests' cost opens, as the server's test switch
makes them: ``app.sync.enrolment_package``); tests in the same process pass the cost in directly
(``use_test_cost``). A station must never run with it: while it is on, the command line says so
on standard error after every successful command, the desktop app shows a red notice on the
logon window and in the main window's title. Slots it made are re-sealed at the calibrated cost
at their next logon without the switch.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from app.storage import kdf
from app.sync import enrolment_package

WEAK_KDF_ENV = "XUNREN_TEST_WEAK_KDF"
WARNING = (
    "警告：测试用弱密钥派生已开启（XUNREN_TEST_WEAK_KDF=1）：此时新建的密码不受保护，切勿用于真实工作站",
    "WARNING: the test-only weak key derivation is on (XUNREN_TEST_WEAK_KDF=1): passwords set now "
    "are not protected; never run a real station like this",
)


def apply_environment(environ: Mapping[str, str] = os.environ) -> bool:
    """Turn the test cost on when the switch is set; True when it was (the caller must say so)."""
    if environ.get(WEAK_KDF_ENV) != "1":
        return False
    kdf.use_test_cost()
    enrolment_package.use_test_cost()  # a rebuild package the tests' server sealed cheaply opens
    return True


def weak_kdf_active() -> bool:
    return kdf.test_cost_active()


def warning_text(lang: str) -> str:
    return WARNING[1] if lang.startswith("en") else WARNING[0]
