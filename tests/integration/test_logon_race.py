"""Parallel logons against one account (issue 12, item 9): however many processes try at once,
at most five failures are answered before the lock, and the right password during the race is
either let in or told the account is locked, never "internal error"."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT, Station

OFFICER = {"XUNREN_USER": "li", "XUNREN_PASSWORD": "Officer-Passw0rd-26"}


def race(station: Station, passwords: list[str]) -> list[tuple[str, int, str]]:
    """Start one `xunren case list` per password at once; (password, exit code, stderr) each."""
    env = {**os.environ, **station.env, **OFFICER, "XUNREN_LANG": "zh_CN"}
    procs = [
        (
            pw,
            subprocess.Popen(
                [sys.executable, "-m", "app", "case", "list"],
                cwd=ROOT,
                env={**env, "XUNREN_PASSWORD": pw},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
            ),
        )  # fmt: skip
        for pw in passwords
    ]
    out = []
    for pw, proc in procs:
        _, err = proc.communicate(timeout=300)
        out.append((pw, proc.returncode, err.decode("utf-8")))
    return out


def add_officer(station: Station) -> None:
    r = station.run("user", "add", "li", "--role", "officer", XUNREN_NEW_PASSWORD=OFFICER["XUNREN_PASSWORD"])
    assert r.code == 0, r.err


def test_ten_parallel_wrong_passwords_get_at_most_five_answers_before_the_lock(
    ready_station: Station,
) -> None:
    add_officer(ready_station)
    answers = race(ready_station, [f"wrong-password-{i:02d}" for i in range(10)])
    wrong = [a for a in answers if "用户名或密码错误" in a[2]]
    locked = [a for a in answers if "已锁定" in a[2]]
    assert all(code == 1 and len(err.strip().splitlines()) == 1 for _, code, err in answers), answers
    assert not [a for a in answers if "内部错误" in a[2]], answers
    assert len(wrong) <= 5 and len(wrong) + len(locked) == 10, answers
    # The account is locked now, even for the right password.
    assert ready_station.run("case", "list", **OFFICER).code == 1


def test_the_right_password_during_the_race_never_fails_inside(ready_station: Station) -> None:
    add_officer(ready_station)
    passwords = [f"wrong-password-{i:02d}" for i in range(9)]
    passwords.insert(4, OFFICER["XUNREN_PASSWORD"])
    answers = race(ready_station, passwords)
    right = next(a for a in answers if a[0] == OFFICER["XUNREN_PASSWORD"])
    assert right[1] == 0 or "已锁定" in right[2], right
    assert not [a for a in answers if "内部错误" in a[2] or "Traceback" in a[2]], answers
    wrong_answers = [a for a in answers if "用户名或密码错误" in a[2]]
    assert len(wrong_answers) <= 9
