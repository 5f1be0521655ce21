"""The recovery key in use (issue 12, item 2): `xunren recover --admin USER` opens the station,
sets a new password, lifts the lockout, re-issues the recovery slot, and is audited; a removed
user's name can be added again with a new slot while the old slot stays dead."""

from __future__ import annotations

import json
import shutil

from tests.conftest import PASSWORD, Station

NEW = "Recovered-Admin-2026"


def recover(station: Station, key: str, **env: str) -> object:
    return station.run(
        "recover", "--admin", "admin", **{"XUNREN_RECOVERY_KEY": key, "XUNREN_NEW_PASSWORD": NEW, **env}
    )


def test_a_locked_out_admin_gets_the_station_back_with_the_recovery_key(station: Station) -> None:
    key = station.init()
    numbers = station.add_examples()
    for attempt in range(5):  # anyone at the keyboard locks the lone admin out
        station.run("case", "list", XUNREN_PASSWORD=f"wrong-{attempt}-password")
    assert station.run("case", "list").code == 1
    r = recover(station, key)
    assert r.code == 0, r.err  # type: ignore[attr-defined]
    new_key = r.out.strip().splitlines()[-1]  # type: ignore[attr-defined]
    assert new_key != key and len(new_key) == 39
    # The new password works, the lock is lifted, the register is all there.
    rows = json.loads(station.run("case", "list", "--json", XUNREN_PASSWORD=NEW).out)
    assert sorted(row["case_no"] for row in rows) == numbers
    assert station.run("case", "list", XUNREN_PASSWORD=PASSWORD).code == 1  # the old password does not
    # The old recovery key (the old sheet) opens nothing now; the new one does.
    assert recover(station, key).code == 1  # type: ignore[attr-defined]
    again = recover(station, new_key, XUNREN_NEW_PASSWORD="Another-Admin-2027")
    assert again.code == 0, again.err  # type: ignore[attr-defined]
    # Audited, with the failed logons and the lifted lock.
    from app.services.audit import case_history
    from app.services.session import logon

    session = logon(station.data_dir, "admin", "Another-Admin-2027")
    try:
        entries = case_history(session, "admin")
    finally:
        session.close()
    actions = [(e.action, e.outcome) for e in entries]
    assert actions.count(("recover", "ok")) == 2 and ("recover", "failed") in actions
    assert ("user.unlock", "ok") in actions and actions.count(("logon", "failed")) >= 5


def test_wrong_and_mistyped_recovery_keys_are_refused_and_change_nothing(station: Station) -> None:
    key = station.init()
    slots = (station.data_dir / "keyslots.json").read_bytes()
    typo = key[:-1] + ("A" if key[-1] != "A" else "B")
    r = recover(station, typo)
    assert r.code == 1 and "输入错误" in r.err and len(r.err.strip().splitlines()) == 1  # type: ignore[attr-defined]
    from app.storage.recovery_key import new_recovery_key

    r = recover(station, new_recovery_key(), XUNREN_LANG="en")
    assert r.code == 1 and "does not open this station" in r.err  # type: ignore[attr-defined]
    assert (station.data_dir / "keyslots.json").read_bytes() == slots
    for _attempt in range(6):  # never locks the recovery path: the real key still works
        recover(station, new_recovery_key())
    assert recover(station, key).code == 0  # type: ignore[attr-defined]


def test_recover_needs_an_admin_account(station: Station) -> None:
    key = station.init()
    env = {"XUNREN_NEW_PASSWORD": "Officer-Passw0rd-26"}
    assert station.run("user", "add", "li", "--role", "officer", **env).code == 0
    for name in ("li", "nobody"):
        r = station.run("recover", "--admin", name, XUNREN_RECOVERY_KEY=key, XUNREN_NEW_PASSWORD=NEW)
        assert r.code == 1 and name in r.err and "管理员" in r.err
    r = station.run("recover", "--admin", "admin", XUNREN_NEW_PASSWORD=NEW)  # no key, no terminal
    assert r.code == 1 and "XUNREN_RECOVERY_KEY" in r.err


def test_a_removed_users_name_can_be_added_again_and_the_old_slot_stays_dead(ready_station: Station) -> None:
    station = ready_station
    old_pw, new_pw = "Officer-Passw0rd-26", "Officer-Again-2027"
    assert station.run("user", "add", "li", "--role", "officer", XUNREN_NEW_PASSWORD=old_pw).code == 0
    station.add_examples()
    old_slots = station.root / "old-keyslots"
    old_slots.mkdir()
    shutil.copy(station.data_dir / "keyslots.json", old_slots / "keyslots.json")  # li keeps a copy
    assert station.run("user", "remove", "li").code == 0
    r = station.run("user", "add", "li", "--role", "supervisor", XUNREN_NEW_PASSWORD=new_pw)
    assert r.code == 0, r.err
    as_li = {"XUNREN_USER": "li"}
    assert station.run("case", "list", XUNREN_PASSWORD=new_pw, **as_li).code == 0
    assert station.run("case", "list", XUNREN_PASSWORD=old_pw, **as_li).code == 1
    # The old slot, from the copy, still unwraps a data key: the one of before the removal,
    # which no longer opens the station's database.
    from app.storage.engine import WrongKeyError, connect_raw
    from app.storage.keyslots import KeySlotFile

    old_keys = KeySlotFile.load(old_slots).unlock("li", old_pw)
    for key in old_keys:
        try:
            connect_raw(station.data_dir / "station.db", key).close()
        except WrongKeyError:
            continue
        raise AssertionError("a removed user's old slot still opens the station")
    assert (
        station.run("user", "add", "li", "--role", "officer", XUNREN_NEW_PASSWORD=new_pw).code == 1
    )  # exists
