"""`xunren settings`: an admin sets the station's θ, every officer sees it, a bad value or an
officer is refused with the field named and nothing changed, and the change is audited and
weighs the next DNA comparison."""

from __future__ import annotations

import json

from app.services.session import logon
from app.storage.audit import iter_entries
from tests.conftest import Station

OFFICER = {"XUNREN_USER": "li", "XUNREN_PASSWORD": "Officer-Passw0rd-26"}


def _add_officer(station: Station) -> None:
    r = station.run("user", "add", "li", "--role", "officer", XUNREN_NEW_PASSWORD=OFFICER["XUNREN_PASSWORD"])
    assert r.code == 0, r.err


def _theta(station: Station, **env: str) -> float:
    r = station.run("settings", "show", "--json", **env)
    assert r.code == 0, r.err
    return float(json.loads(r.out)["kinship_theta"])


def _dna_lrs(station: Station, found_case: str) -> list[float]:
    doc = json.loads(station.run("match", found_case, "--json").out)
    return [c["dna"]["lr"] for c in doc["candidates"] if c["dna"]]


def test_admin_sets_theta_officer_sees_it_and_audit_records_it(ready_station: Station) -> None:
    assert _theta(ready_station) == 0.01  # NRC II's default
    _add_officer(ready_station)
    r = ready_station.run("settings", "set", "--theta", "0.03")
    assert r.code == 0, r.err
    assert "θ" in r.out and "0.03" in r.out
    assert _theta(ready_station, **OFFICER) == 0.03
    assert "0.03" in ready_station.run("settings", "show", **OFFICER).out

    session = logon(ready_station.data_dir, "admin", ready_station.env["XUNREN_PASSWORD"])
    try:
        with session.store.reader() as conn:
            entries = [e for e in iter_entries(conn) if e.action == "settings.kinship_theta"]
    finally:
        session.close()
    assert [(e.actor, e.detail) for e in entries] == [("admin", "theta=0.03 was=0.01")]


def test_bad_theta_and_officer_are_refused_and_nothing_changes(ready_station: Station) -> None:
    _add_officer(ready_station)
    for value in ("0.5", "-0.01", "abc", "nan"):
        r = ready_station.run("settings", "set", "--theta", value)
        assert r.code == 1 and "亚群校正系数 θ 应在 0 到 0.05 之间" in r.err, (value, r.err)
    r = ready_station.run("settings", "set", "--theta", "0.5", XUNREN_LANG="en")
    assert r.code == 1 and "θ must be between 0 and 0.05" in r.err
    r = ready_station.run("settings", "set", "--theta", "0.02", **OFFICER)
    assert r.code == 1 and "权限不足" in r.err
    assert _theta(ready_station) == 0.01


def test_theta_weighs_the_next_match(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    found_case = numbers[1]
    before = _dna_lrs(ready_station, found_case)
    assert before
    assert ready_station.run("settings", "set", "--theta", "0.05").code == 0
    assert ready_station.run("match", "queue").code == 0  # the change re-queued every active case
    after = _dna_lrs(ready_station, found_case)
    # a larger θ credits shared alleles less: every LR of the (true) parents falls
    assert len(after) == len(before) and all(a < b for a, b in zip(after, before, strict=True))
