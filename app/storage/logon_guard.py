"""Failed-logon counting and account lockout, kept OUTSIDE the encrypted database.

A wrong password cannot open the database, so the count lives in ``logon_state.json`` in the
data directory (atomic writes; it survives restarts). Rule: 5 failures within 15 minutes lock the
account until an admin unlocks it. Callers must call :meth:`LogonGuard.check` BEFORE trying the
password, so that a locked account is refused even when the password is right.

Failures stay listed until the next successful logon hands them to the caller for the audit
chain. Nothing secret is stored: no password, no hash of any attempted password.

Several processes (the desktop app, the command line, an attacker's parallel tries) share the
file. :meth:`LogonGuard.attempt` holds an exclusive lock on ``.logon.lock`` across one password
attempt, from the lock check through the slow key derivation to the count, so attempts are
answered one after another: the sixth wrong password sees the lock the fifth set, and a right
password never finds its account locked half-way. Every read-modify-write of the file takes the
same lock.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from app.storage.atomic import read_json, write_json_atomic
from app.storage.files import LOGON_LOCK_FILE, LOGON_STATE_FILE

STATE_FILE = LOGON_STATE_FILE
# An attempt holds the lock for one key derivation (about a second); ten waiting attempts take
# ten seconds. A holder stuck for longer than this is a fault worth a message, not a wait.
LOCK_TIMEOUT = 120.0
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
# A bound on what an attacker typing at the prompt can make the file hold per name.
_MAX_KEPT = 200
_MAX_NAME = 64


class LogonGuardError(Exception):
    """The logon state cannot be read or written; the message is safe to show."""


class LogonBusyError(LogonGuardError):
    """Another attempt has held the logon lock for too long."""


class AccountLockedError(LogonGuardError):
    """The account is locked after too many failed logons; an admin must unlock it."""


@dataclass(frozen=True)
class FailureRecord:
    """One failed or refused logon, waiting to be written to the audit chain."""

    user: str
    at: datetime  # UTC
    reason: str  # "bad_password", "locked", "unknown_user"…


@dataclass(frozen=True)
class Status:
    """Where an account stands: locked or not, and failures counted in the current window."""

    user: str
    locked: bool
    locked_at: datetime | None
    recent_failures: int


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


class LogonGuard:
    """Per-user failure counts and locks in ``logon_state.json``; *clock* is injectable for tests."""

    def __init__(self, data_dir: Path, clock: Callable[[], datetime] = _utc_now) -> None:
        self._path = Path(data_dir) / STATE_FILE
        self._clock = clock
        # One lock object per file in this process (re-entrant on its thread); other threads and
        # processes wait for it.
        self._lock = FileLock(
            Path(data_dir) / LOGON_LOCK_FILE, timeout=LOCK_TIMEOUT, mode=0o600, is_singleton=True
        )

    @contextmanager
    def attempt(self) -> Iterator[None]:
        """Hold the logon lock for one password attempt (check, derive, count)."""
        try:
            self._lock.acquire()
        except Timeout:
            raise LogonBusyError("another logon has held the logon lock for too long; try again") from None
        try:
            yield
        finally:
            self._lock.release()

    def __repr__(self) -> str:
        return f"LogonGuard({self._path.parent.name!r})"

    def check(self, user: str) -> Status:
        """The account's status; call it before trying the password and refuse if ``locked``."""
        return self._status(self._load(), self._name(user))

    def require_unlocked(self, user: str) -> Status:
        """Like :meth:`check` but raises :class:`AccountLockedError` when the account is locked."""
        status = self.check(user)
        if status.locked:
            raise AccountLockedError("this account is locked after 5 failed logons: ask an administrator")
        return status

    def record_failure(self, user: str, reason: str = "bad_password") -> Status:
        """Count a failed (or refused) logon; lock the account on the 5th failure within 15 minutes."""
        with self.attempt():
            return self._record_failure(self._name(user), reason)

    def _record_failure(self, name: str, reason: str) -> Status:
        state = self._load()
        entry = state.setdefault(name, {"failures": [], "locked_at": None, "counted_from": None})
        now = self._clock()
        entry["failures"] = (entry["failures"] + [{"at": _iso(now), "reason": reason[:32]}])[-_MAX_KEPT:]
        status = self._status(state, name)
        if not status.locked and status.recent_failures >= MAX_FAILURES:
            entry["locked_at"] = _iso(now)
        self._save(state)
        return self._status(state, name)

    def record_success(self, user: str) -> list[FailureRecord]:
        """A correct password: reset the count and return the failures still to be audited.

        Raises :class:`AccountLockedError` if the account is locked (the caller skipped
        :meth:`check`): a locked account never logs on, whatever the password.
        """
        with self.attempt():
            return self._record_success(self._name(user))

    def _record_success(self, name: str) -> list[FailureRecord]:
        state = self._load()
        if self._status(state, name).locked:
            raise AccountLockedError("this account is locked after 5 failed logons: ask an administrator")
        entry = state.pop(name, None)
        if entry is None:
            return []
        self._save(state)
        return [
            FailureRecord(name, datetime.fromisoformat(f["at"]), str(f["reason"])) for f in entry["failures"]
        ]

    def unlock(self, user: str) -> None:
        """Admin action: lift the lock and restart the count (failures stay listed for the audit)."""
        with self.attempt():
            self._unlock(self._name(user))

    def _unlock(self, name: str) -> None:
        state = self._load()
        entry = state.get(name)
        if entry is None:
            return
        entry["locked_at"] = None
        entry["counted_from"] = _iso(self._clock())
        self._save(state)

    # ---- internals ----------------------------------------------------------------------------
    @staticmethod
    def _name(user: str) -> str:
        return unicodedata.normalize("NFC", user)[:_MAX_NAME]

    def _status(self, state: dict[str, Any], name: str) -> Status:
        entry = state.get(name)
        if entry is None:
            return Status(name, False, None, 0)
        now = self._clock()
        since = now - WINDOW
        if entry["counted_from"]:
            since = max(since, datetime.fromisoformat(entry["counted_from"]))
        recent = sum(1 for f in entry["failures"] if since < datetime.fromisoformat(f["at"]) <= now)
        locked_at = datetime.fromisoformat(entry["locked_at"]) if entry["locked_at"] else None
        return Status(name, locked_at is not None, locked_at, recent)

    def _load(self) -> dict[str, Any]:
        try:
            state = read_json(self._path)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            # Fail closed: a damaged file must not silently forget locks and counts.
            raise LogonGuardError("the logon state file is damaged; an administrator must check it") from exc
        if (
            not isinstance(state, dict)
            or state.get("version") != 1
            or not isinstance(state.get("users"), dict)
        ):
            raise LogonGuardError("the logon state file is damaged; an administrator must check it")
        users: dict[str, Any] = state["users"]
        return users

    def _save(self, users: dict[str, Any]) -> None:
        write_json_atomic(self._path, {"version": 1, "users": users})
