"""Wrong passwords, lockout that survives restarts, and the audit of failures at the next logon."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.conftest import Station


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_wrong_password_leaves_the_database_byte_identical(ready_station: Station) -> None:
    ready_station.add_examples()
    db = ready_station.data_dir / "station.db"
    ready_station.run("audit", "verify")  # settle the WAL into a steady state
    before = {p.name: digest(p) for p in ready_station.data_dir.glob("station.db*")}
    r = ready_station.spawn("case", "list", XUNREN_PASSWORD="not-the-password")
    assert r.code == 1
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert "not-the-password" not in r.err
    after = {p.name: digest(p) for p in ready_station.data_dir.glob("station.db*")}
    assert after == before
    assert db.exists()


def test_sixth_attempt_is_refused_even_with_the_right_password(ready_station: Station) -> None:
    for attempt in range(5):
        r = ready_station.run("case", "list", XUNREN_PASSWORD=f"wrong-{attempt}-password")
        assert r.code == 1
    # A new process: the count lives outside the database and survives restarts.
    r = ready_station.spawn("case", "list")
    assert r.code == 1 and ("锁定" in r.err)
    r = ready_station.spawn("case", "list", XUNREN_LANG="en")
    assert "locked" in r.err and "user unlock" in r.err


def test_unlock_lifts_the_lock_and_failures_enter_the_audit_chain(ready_station: Station) -> None:
    env = {"XUNREN_NEW_PASSWORD": "Officer-Passw0rd-26"}
    assert ready_station.run("user", "add", "li", "--role", "officer", **env).code == 0
    as_li = {"XUNREN_USER": "li", "XUNREN_PASSWORD": "Officer-Passw0rd-26"}
    for attempt in range(5):
        assert (
            ready_station.run("case", "list", XUNREN_USER="li", XUNREN_PASSWORD=f"bad-{attempt}-xxxxxx").code
            == 1
        )
    assert ready_station.run("case", "list", **as_li).code == 1
    assert ready_station.run("user", "unlock", "li").code == 0
    assert ready_station.run("case", "list", **as_li).code == 0
    # The admin can read the chain: li's five failures were written at li's next successful logon.
    from app.services.audit import case_history
    from app.services.session import logon

    session = logon(ready_station.data_dir, "admin", ready_station.env["XUNREN_PASSWORD"])
    try:
        entries = case_history(session, "li")
    finally:
        session.close()
    outcomes = [(e.action, e.outcome) for e in entries if e.action == "logon"]
    assert outcomes.count(("logon", "failed")) == 5
    assert outcomes[-1] == ("logon", "ok")
    actions = [e.action for e in entries]
    assert "user.unlock" in actions


def test_an_officer_cannot_administer(ready_station: Station) -> None:
    env = {"XUNREN_NEW_PASSWORD": "Officer-Passw0rd-26"}
    ready_station.run("user", "add", "li", "--role", "officer", **env)
    r = ready_station.run("user", "add", "wang", "--role", "admin",
                          XUNREN_USER="li", XUNREN_PASSWORD="Officer-Passw0rd-26", **env)  # fmt: skip
    assert r.code == 1 and "管理员" in r.err and "admin" not in r.err  # no English inside Chinese


def test_short_passwords_are_refused(station: Station) -> None:
    r = station.run("init", "--station-code", "370783001", "--station-name", "站", "--admin", "admin",
                    XUNREN_PASSWORD="short")  # fmt: skip
    assert r.code == 1 and "10" in r.err
    assert not (station.data_dir / "station.db").exists()


def test_bad_station_code_is_refused(station: Station) -> None:
    r = station.run("init", "--station-code", "999999001", "--station-name", "站", "--admin", "admin")
    assert r.code == 1 and "station_code" in r.err


def test_removed_user_cannot_log_on_and_the_rest_can(ready_station: Station) -> None:
    env = {"XUNREN_NEW_PASSWORD": "Officer-Passw0rd-26"}
    ready_station.add_examples()
    ready_station.run("user", "add", "li", "--role", "officer", **env)
    ready_station.run("user", "add", "zhao", "--role", "supervisor", **env)
    slots_before = json.loads((ready_station.data_dir / "keyslots.json").read_text())
    assert ready_station.run("user", "remove", "li").code == 0
    assert (
        ready_station.run("case", "list", XUNREN_USER="li", XUNREN_PASSWORD="Officer-Passw0rd-26").code == 1
    )
    r = ready_station.run("case", "list", "--json", XUNREN_USER="zhao", XUNREN_PASSWORD="Officer-Passw0rd-26")
    assert r.code == 0 and len(json.loads(r.out)) == 3
    assert ready_station.run("audit", "verify").code == 0
    # The removed user's old slot, put back, opens nothing: the data key was rotated.
    (ready_station.data_dir / "keyslots.json").write_text(json.dumps(slots_before))
    r = ready_station.run("case", "list", XUNREN_USER="li", XUNREN_PASSWORD="Officer-Passw0rd-26")
    assert r.code == 1


def test_missing_slot_file_or_database_is_a_clear_error_and_creates_nothing(ready_station: Station) -> None:
    data = ready_station.data_dir
    (data / "keyslots.json").rename(data / "keyslots.moved")
    r = ready_station.run("case", "list")
    assert r.code == 1 and "密钥槽" in r.err
    (data / "keyslots.moved").rename(data / "keyslots.json")
    for name in ("station.db", "station.db-wal", "station.db-shm"):
        if (data / name).exists():
            (data / name).rename(data / f"{name}.moved")
    r = ready_station.run("case", "list")
    assert r.code == 1 and "数据库" in r.err
    assert not (data / "station.db").exists()


def test_truncated_database_is_refused_and_not_replaced(ready_station: Station) -> None:
    ready_station.add_examples()
    ready_station.run("audit", "verify")
    db = ready_station.data_dir / "station.db"
    for name in ("station.db-wal", "station.db-shm"):
        (ready_station.data_dir / name).unlink(missing_ok=True)
    blob = db.read_bytes()
    db.write_bytes(blob[: len(blob) // 3])
    r = ready_station.run("case", "list")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1
    assert db.read_bytes() == blob[: len(blob) // 3]


def test_screen_unlock_checks_the_password_and_counts_failures(session: object) -> None:
    import pytest

    from app.services.errors import ServiceError
    from app.services.session import lock, unlock
    from tests.conftest import PASSWORD

    lock(session)  # type: ignore[arg-type]
    with pytest.raises(ServiceError) as err:
        unlock(session, "not-my-password")  # type: ignore[arg-type]
    assert err.value.key == "bad_logon"
    unlock(session, PASSWORD)  # type: ignore[arg-type]
    for _ in range(5):
        with pytest.raises(ServiceError):
            unlock(session, "still-not-my-password")  # type: ignore[arg-type]
    with pytest.raises(ServiceError) as err:
        unlock(session, PASSWORD)  # type: ignore[arg-type]
    assert err.value.key == "locked"
