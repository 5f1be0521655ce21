"""The test-only cheap key derivation never stays in a station (issue 12, item 11): a slot made
with it is re-sealed at the calibrated cost at its next logon, and a running product with the
switch on says so loudly."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from app.storage import kdf
from tests.conftest import PASSWORD, Station

CHEAP_FLOOR = kdf.KdfParams(1, 64 * 1024, 1)  # the product's floor, fast enough for a test


@pytest.fixture
def product_cost(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The product as it runs at a station: no test cost passed in, no switch in the environment
    (the calibration itself is replaced by a cost at the floor, to keep the test quick)."""
    monkeypatch.setattr(kdf, "_calibrated", lambda: CHEAP_FLOOR)
    monkeypatch.delenv("XUNREN_TEST_WEAK_KDF", raising=False)
    kdf.use_test_cost(False)
    try:
        yield
    finally:
        kdf.use_test_cost(True)


def slot_costs(station: Station) -> dict[str, int]:
    slots = json.loads((station.data_dir / "keyslots.json").read_text("utf-8"))["slots"]
    return {s["user"]: s["kdf"]["m"] for s in slots}


def test_a_slot_made_weak_is_strengthened_at_its_next_logon(
    ready_station: Station, product_cost: None
) -> None:
    assert slot_costs(ready_station)["admin"] < kdf.MIN_MEMORY_KIB  # made under the test cost
    station = ready_station
    station.env.pop("XUNREN_TEST_WEAK_KDF")
    r = station.run("case", "list", XUNREN_TEST_WEAK_KDF="0")
    assert r.code == 0, r.err
    assert slot_costs(station)["admin"] >= kdf.MIN_MEMORY_KIB
    assert "XUNREN_TEST_WEAK_KDF" not in r.err
    assert station.run("case", "list", XUNREN_TEST_WEAK_KDF="0").code == 0  # the same password opens it
    from app.services.audit import case_history
    from app.services.session import logon

    session = logon(station.data_dir, "admin", PASSWORD)
    try:
        actions = [e.action for e in case_history(session, "admin")]
    finally:
        session.close()
    assert actions.count("keyslot.strengthen") == 1


def test_the_command_line_says_so_loudly(ready_station: Station) -> None:
    r = ready_station.spawn("case", "list")
    assert r.code == 0 and "XUNREN_TEST_WEAK_KDF" in r.err and "警告" in r.err
    r = ready_station.spawn("case", "list", XUNREN_LANG="en")
    assert "WARNING" in r.err and "weak key derivation" in r.err
    r = ready_station.spawn("case", "list", XUNREN_PASSWORD="not-the-password")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1  # an error stays one line
