"""`audit verify` finds an edited, deleted or reordered entry and names the first one broken."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.services.session import logon
from tests.conftest import Station


def tamper(station: Station, sql: Callable[[Any], None]) -> None:
    """Change the audit table directly with the real data key, as an insider with the key could."""
    session = logon(station.data_dir, "admin", station.env["XUNREN_PASSWORD"])
    key = session.store.data_key
    session.close()
    from app.storage.engine import connect_raw

    conn = connect_raw(station.data_dir / "station.db", key)
    try:
        sql(conn)
    finally:
        conn.close()


def test_clean_chain_verifies(ready_station: Station) -> None:
    ready_station.add_examples()
    r = ready_station.run("audit", "verify")
    assert r.code == 0 and "审计链完整" in r.out


@pytest.mark.parametrize(
    ("label", "edit", "seq"),
    [
        ("edit", lambda c: c.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4"), 4),
        ("delete", lambda c: c.execute("DELETE FROM audit_log WHERE seq = 5"), 5),
        ("reorder", lambda c: (
            c.execute("UPDATE audit_log SET seq = -1 WHERE seq = 3"),
            c.execute("UPDATE audit_log SET seq = 3 WHERE seq = 4"),
            c.execute("UPDATE audit_log SET seq = 4 WHERE seq = -1"),
        ), 3),
        ("rehash-one", lambda c: c.execute(
            "UPDATE audit_log SET detail = 'x', hash = 'f' || substr(hash, 2) WHERE seq = 6"), 6),
    ],
)  # fmt: skip
def test_tampering_is_found_and_named(ready_station: Station, label: str, edit: Any, seq: int) -> None:
    ready_station.add_examples()
    tamper(ready_station, edit)
    r = ready_station.run("audit", "verify")
    assert r.code == 1, label
    assert len(r.err.strip().splitlines()) == 1
    assert f"第 {seq} 条" in r.err
    r = ready_station.run("audit", "verify", XUNREN_LANG="en")
    assert f"entry {seq}" in r.err


def test_every_kind_of_action_is_audited(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    ready_station.run("case", "show", numbers[0])
    ready_station.run("search", "wxm")
    ready_station.run("case", "list", XUNREN_PASSWORD="wrong-password-1")
    from app.services.audit import case_history

    session = logon(ready_station.data_dir, "admin", ready_station.env["XUNREN_PASSWORD"])
    try:
        about_case = [e.action for e in case_history(session, numbers[0])]
        about_admin = [(e.action, e.outcome) for e in case_history(session, "admin")]
    finally:
        session.close()
    assert about_case[:2] == ["case.create", "case.view"]
    assert ("logon", "failed") in about_admin and ("logon", "ok") in about_admin
