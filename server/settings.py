"""Server settings, read from the environment (``XUNREN_SERVER_*``) or given by the command line."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_data_dir

from app.sync import enrolment_package, protocol

ENV_DB = "XUNREN_SERVER_DB"
ENV_PUBLIC_URL = "XUNREN_SERVER_PUBLIC_URL"
# A test hook, named loudly: the file holds the ISO 8601 time the missing-child alerts' clock
# reads (tests advance it hour by hour against a real server process). Nothing else reads it, and
# the server says on standard error that it runs on a test clock.
ENV_TEST_ALERT_CLOCK_FILE = "XUNREN_SERVER_TEST_ALERT_CLOCK_FILE"
# The station's test-only switch (``app.services.kdf_switch``), read by the command line only: new
# USB packages get the tests' cheap Argon2id cost, and the command says so after writing one.
ENV_TEST_WEAK_KDF = "XUNREN_TEST_WEAK_KDF"


def apply_test_switch(environ: Mapping[str, str] = os.environ) -> bool:
    """Turn the packages' test cost on when the switch is set; True when it was (the caller
    must say so after a package)."""
    if environ.get(ENV_TEST_WEAK_KDF) != "1":
        return False
    enrolment_package.use_test_cost()
    return True


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class FileClock:
    """The time written in a file (test hook: see ENV_TEST_ALERT_CLOCK_FILE)."""

    path: Path

    def __call__(self) -> datetime:
        moment = datetime.fromisoformat(self.path.read_text(encoding="utf-8").strip())
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def default_db_url() -> str:
    """An SQLite file under the platform's user data folder: one command starts a laptop server."""
    folder = Path(user_data_dir("xunren-server", appauthor=False))
    return f"sqlite:///{folder / 'server.sqlite3'}"


class SettingsError(ValueError):
    """A setting the operator gave is unusable. ``key`` names the problem for the command line's
    words (server.cli_words); ``values`` fill them; ``str()`` is English."""

    def __init__(self, key: str, english: str, **values: str) -> None:
        super().__init__(english)
        self.key = key
        self.values = values


def normalize_db_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` become ``postgresql+psycopg://`` (psycopg 3).

    Raises ValueError for any other scheme than PostgreSQL or SQLite.
    """
    url = url.strip()
    for prefix in ("postgresql+psycopg://", "sqlite:///"):
        if url.startswith(prefix):
            return url
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    raise SettingsError("bad_db_url", "database URL must start with postgresql:// or sqlite:///")


def check_public_url(url: str) -> str:
    """The public address without a trailing slash; https, or http on a loopback address only.
    Raises ValueError for anything else (a receipt would send families to a wrong address)."""
    url = url.strip().rstrip("/")
    if not url:
        return ""
    parts = urlsplit(url)
    loopback = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SettingsError(
            "bad_public_url", f"the public address {url!r} is not an http(s) address", url=url
        )
    if parts.scheme == "http" and not loopback:
        raise SettingsError(
            "public_url_https", "the public address must be https (families' receipts open it)"
        )
    return url


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw and raw.isdigit() else default


def sqlite_path(url: str) -> Path | None:
    """The file of an ``sqlite:///PATH`` address (None for another database or an in-memory one)."""
    path = url.removeprefix("sqlite:///")
    return None if path in ("", ":memory:") or not url.startswith("sqlite:///") else Path(path)


def _require_folder(url: str) -> None:
    # An address typed by hand with a wrong folder must not quietly start an empty national
    # database somewhere else; only the default folder is made on first run.
    path = sqlite_path(url)
    if path is not None and not path.parent.is_dir():
        raise SettingsError(
            "db_folder_missing",
            f"the folder {path.parent} of the SQLite database does not exist; make it first",
            folder=str(path.parent),
        )


@dataclass(frozen=True)
class Settings:
    """Everything the server needs to know; immutable, built once per process."""

    db_url: str = field(default_factory=default_db_url)
    max_batch_changes: int = protocol.MAX_BATCH_CHANGES
    max_batch_bytes: int = protocol.MAX_BATCH_BYTES
    verify_per_minute: int = 30
    enrol_token_days: int = 7
    pool_size: int = 10
    # The address families reach the server at (its TLS proxy): the receipt's QR code opens
    # {public_url}/check#CODE. Given to stations in the enrolment answer; empty: not public.
    public_url: str = ""
    # The clock the missing-child alerts widen on (issue 14): the server's, injectable in tests.
    clock: Callable[[], datetime] = system_clock
    # The clock the receipt checks' limit counts minutes on (seconds since the epoch); tests
    # fix it mid-minute so that their checks all fall in one minute.
    minute_clock: Callable[[], float] = time.time

    @classmethod
    def from_env(cls, db_url: str | None = None) -> Settings:
        """Settings from ``XUNREN_SERVER_*`` variables; ``db_url`` (from ``--db``) wins."""
        explicit = db_url or os.environ.get(ENV_DB)
        base = cls(db_url=normalize_db_url(explicit or default_db_url()))
        if explicit and base.is_sqlite:
            _require_folder(base.db_url)
        return replace(
            base,
            verify_per_minute=_env_int("XUNREN_SERVER_VERIFY_PER_MINUTE", base.verify_per_minute),
            enrol_token_days=_env_int("XUNREN_SERVER_ENROL_TOKEN_DAYS", base.enrol_token_days),
            pool_size=_env_int("XUNREN_SERVER_POOL_SIZE", base.pool_size),
            public_url=check_public_url(os.environ.get(ENV_PUBLIC_URL, "")),
            clock=_alert_clock(),
        )

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


def _alert_clock() -> Callable[[], datetime]:
    path = os.environ.get(ENV_TEST_ALERT_CLOCK_FILE)
    if not path:
        return system_clock
    print(
        f"TEST CLOCK: missing-child alerts run on the time in {path} ({ENV_TEST_ALERT_CLOCK_FILE})",
        file=sys.stderr,
    )
    return FileClock(Path(path))
