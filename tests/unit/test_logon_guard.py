"""Logon guard: failure counting and lockout in logon_state.json, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.storage.logon_guard import STATE_FILE, AccountLockedError, LogonGuard, LogonGuardError


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_five_failures_in_window_lock(tmp_path: Path, clock: Clock) -> None:
    guard = LogonGuard(tmp_path, clock)
    for i in range(4):
        status = guard.record_failure("王警官")
        assert not status.locked and status.recent_failures == i + 1
        clock.advance(minutes=3)
    status = guard.record_failure("王警官")  # 5th, 12 minutes after the first
    assert status.locked and status.locked_at == clock.now
    assert guard.check("王警官").locked
    with pytest.raises(AccountLockedError):
        guard.require_unlocked("王警官")
    # The 6th attempt is refused even with the right password: success cannot be recorded.
    with pytest.raises(AccountLockedError):
        guard.record_success("王警官")
    assert not guard.check("li.na").locked  # other accounts unaffected


def test_failures_spread_over_more_than_window_do_not_lock(tmp_path: Path, clock: Clock) -> None:
    guard = LogonGuard(tmp_path, clock)
    for _ in range(10):
        status = guard.record_failure("admin")
        clock.advance(minutes=4)  # never 5 within any 15 minutes
    assert not status.locked and status.recent_failures <= 4


def test_lock_survives_reload_and_does_not_expire(tmp_path: Path, clock: Clock) -> None:
    guard = LogonGuard(tmp_path, clock)
    for _ in range(5):
        guard.record_failure("admin")
    clock.advance(days=3)
    assert LogonGuard(tmp_path, clock).check("admin").locked


def test_unlock_lifts_lock_and_restarts_count(tmp_path: Path, clock: Clock) -> None:
    guard = LogonGuard(tmp_path, clock)
    for _ in range(5):
        guard.record_failure("admin")
    clock.advance(minutes=1)
    LogonGuard(tmp_path, clock).unlock("admin")
    status = guard.check("admin")
    assert not status.locked and status.recent_failures == 0
    assert not guard.record_failure("admin").locked  # one more failure does not re-lock at once
    pending = guard.record_success("admin")
    assert len(pending) == 6  # all failures still reach the audit chain after the unlock


def test_success_returns_pending_failures_then_clears(tmp_path: Path, clock: Clock) -> None:
    guard = LogonGuard(tmp_path, clock)
    first = clock.now
    guard.record_failure("admin")
    clock.advance(minutes=1)
    guard.record_failure("admin", reason="bad_password")
    pending = LogonGuard(tmp_path, clock).record_success("admin")
    assert [p.at for p in pending] == [first, first + timedelta(minutes=1)]
    assert all(p.user == "admin" and p.reason == "bad_password" for p in pending)
    assert guard.record_success("admin") == []
    assert guard.check("admin").recent_failures == 0


def test_file_holds_no_password_and_damage_fails_closed(tmp_path: Path, clock: Clock) -> None:
    guard = LogonGuard(tmp_path, clock)
    guard.record_failure("admin")
    raw = (tmp_path / STATE_FILE).read_text("utf-8")
    assert "password" not in raw.replace("bad_password", "")
    (tmp_path / STATE_FILE).write_text("{ torn", "utf-8")
    with pytest.raises(LogonGuardError):
        guard.check("admin")
