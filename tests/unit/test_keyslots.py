"""Key slots: real files, real Argon2id/X25519/AES-GCM, no mocks."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.storage import kdf
from app.storage import keyslots as ks
from app.storage.kdf import use_test_cost
from app.storage.keyslots import (
    BadPasswordError,
    KeySlotError,
    KeySlotFile,
    SlotFileMissingError,
    UnknownUserError,
)

ADMIN_PW = "correct horse 42"
OFFICER_PW = "警察-密码-2024-安全"


@pytest.fixture(autouse=True)
def weak_kdf() -> Iterator[None]:
    use_test_cost(True)
    try:
        yield
    finally:
        use_test_cost(True)  # the suite's default (tests/conftest.py)


@pytest.fixture
def data_key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def store(tmp_path: Path, data_key: bytes) -> tuple[KeySlotFile, str]:
    return KeySlotFile.create(tmp_path, "110101001", "admin", ADMIN_PW, data_key=data_key)


def _raw(tmp_path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((tmp_path / ks.SLOTS_FILE).read_text("utf-8"))


def _write(tmp_path: Path, obj: dict) -> None:  # type: ignore[type-arg]
    (tmp_path / ks.SLOTS_FILE).write_text(json.dumps(obj), "utf-8")


def test_create_unlock_add_user(tmp_path: Path, store: tuple[KeySlotFile, str], data_key: bytes) -> None:
    slots, _ = store
    assert slots.unlock("admin", ADMIN_PW) == [data_key]
    slots.add_user("王警官", OFFICER_PW, data_key)
    again = KeySlotFile.load(tmp_path)
    assert again.users() == ["admin", "王警官"]
    assert again.unlock("王警官", OFFICER_PW) == [data_key]
    assert again.station_code == "110101001" and len(again.store_id) == 32
    assert not again.pending_rotation()


def test_create_refuses_existing_file(
    tmp_path: Path, store: tuple[KeySlotFile, str], data_key: bytes
) -> None:
    with pytest.raises(KeySlotError):
        KeySlotFile.create(tmp_path, "110101001", "admin", ADMIN_PW, data_key=data_key)


def test_wrong_password_and_unknown_user(store: tuple[KeySlotFile, str]) -> None:
    slots, _ = store
    with pytest.raises(BadPasswordError):
        slots.unlock("admin", "not the password")
    with pytest.raises(UnknownUserError):
        slots.unlock("nobody-here", ADMIN_PW)
    with pytest.raises(UnknownUserError):  # the recovery slot is not a logon
        slots.unlock(ks.RECOVERY_USER, ADMIN_PW)


def test_missing_and_malformed_file(tmp_path: Path) -> None:
    with pytest.raises(SlotFileMissingError):
        KeySlotFile.load(tmp_path)
    (tmp_path / ks.SLOTS_FILE).write_bytes(b"\xff\xfe not json")
    with pytest.raises(KeySlotError):
        KeySlotFile.load(tmp_path)
    _write(tmp_path, {"format": "xunren-keyslots", "version": 1, "slots": [{}]})
    with pytest.raises(KeySlotError):
        KeySlotFile.load(tmp_path)


@pytest.mark.parametrize("bad", ["", "a" * 33, "x y", "__recovery__", "Root", "-lead", "аdmin", "a/b"])
def test_user_names_refused(store: tuple[KeySlotFile, str], data_key: bytes, bad: str) -> None:
    slots, _ = store
    with pytest.raises(KeySlotError):
        slots.add_user(bad, OFFICER_PW, data_key)


def test_duplicate_short_password_and_wrong_key_refused(
    store: tuple[KeySlotFile, str], data_key: bytes
) -> None:
    slots, _ = store
    with pytest.raises(KeySlotError, match="already exists"):
        slots.add_user("ADMIN", OFFICER_PW, data_key)
    with pytest.raises(KeySlotError, match="10 characters"):
        slots.add_user("li.na", "short", data_key)
    with pytest.raises(KeySlotError, match="current data key"):
        slots.add_user("li.na", OFFICER_PW, os.urandom(32))


def test_slot_copied_to_another_user_does_not_open(
    tmp_path: Path, store: tuple[KeySlotFile, str], data_key: bytes
) -> None:
    slots, _ = store
    slots.add_user("zhang_wei", OFFICER_PW, data_key)
    obj = _raw(tmp_path)
    admin = next(s for s in obj["slots"] if s["user"] == "admin")
    for s in obj["slots"]:
        if s["user"] == "zhang_wei":
            s.update({k: v for k, v in admin.items() if k != "user"})
    _write(tmp_path, obj)
    with pytest.raises(KeySlotError):  # the admin's password must not open it under another name
        KeySlotFile.load(tmp_path).unlock("zhang_wei", ADMIN_PW)


def test_slot_copied_into_another_station_file_does_not_open(tmp_path: Path, data_key: bytes) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    KeySlotFile.create(a, "110101001", "admin", ADMIN_PW, data_key=data_key)
    KeySlotFile.create(b, "310101002", "admin", "other station pw", data_key=os.urandom(32))
    obj_a, obj_b = _raw(a), _raw(b)
    obj_b["slots"][0] = obj_a["slots"][0]
    _write(b, obj_b)
    with pytest.raises(KeySlotError):
        KeySlotFile.load(b).unlock("admin", ADMIN_PW)


def test_planted_public_key_is_detected(
    tmp_path: Path, store: tuple[KeySlotFile, str], data_key: bytes
) -> None:
    # Someone who can write the file swaps a user's public key to receive the next data key.
    slots, _ = store
    slots.add_user("zhang_wei", OFFICER_PW, data_key)
    obj = _raw(tmp_path)
    obj["slots"][1]["public_key"] = base64.b64encode(os.urandom(32)).decode()
    _write(tmp_path, obj)
    with pytest.raises(KeySlotError, match="altered"):
        KeySlotFile.load(tmp_path).begin_rotation(None, os.urandom(32), data_key)


def test_recovery_key_opens(store: tuple[KeySlotFile, str], data_key: bytes) -> None:
    slots, recovery = store
    groups = recovery.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    assert not set(recovery) & set("01IO")
    assert slots.unlock_recovery(recovery) == [data_key]
    assert slots.unlock_recovery(recovery.lower().replace("-", " ")) == [data_key]
    typo = ("3" if recovery[0] != "3" else "4") + recovery[1:]
    with pytest.raises(BadPasswordError, match="typing error"):
        slots.unlock_recovery(typo)
    with pytest.raises(BadPasswordError):
        slots.unlock_recovery(ks.new_recovery_key())  # well-formed but another key


def test_tampered_ciphertext_fails_cleanly(tmp_path: Path, store: tuple[KeySlotFile, str]) -> None:
    obj = _raw(tmp_path)
    for field in ("private", "wrap"):
        bad = json.loads(json.dumps(obj))
        target = bad["slots"][0]["private"] if field == "private" else bad["slots"][0]["wraps"][0]
        ct = bytearray(base64.b64decode(target["ct"]))
        ct[5] ^= 0x01
        target["ct"] = base64.b64encode(bytes(ct)).decode()
        _write(tmp_path, bad)
        with pytest.raises(KeySlotError) as err:
            KeySlotFile.load(tmp_path).unlock("admin", ADMIN_PW)
        assert "Traceback" not in str(err.value) and ADMIN_PW not in str(err.value)


def test_set_password(tmp_path: Path, store: tuple[KeySlotFile, str], data_key: bytes) -> None:
    slots, _ = store
    with pytest.raises(BadPasswordError):
        slots.set_password("admin", "wrong wrong wrong", "a brand new password")
    slots.set_password("admin", ADMIN_PW, "a brand new password")
    again = KeySlotFile.load(tmp_path)
    assert again.unlock("admin", "a brand new password") == [data_key]
    with pytest.raises(BadPasswordError):
        again.unlock("admin", ADMIN_PW)


def test_rotation_keeps_both_keys_until_finished(
    tmp_path: Path, store: tuple[KeySlotFile, str], data_key: bytes
) -> None:
    slots, recovery = store
    slots.add_user("zhang_wei", OFFICER_PW, data_key)
    slots.add_user("li.na", "li na password", data_key)
    new_key = os.urandom(32)
    slots.begin_rotation("zhang_wei", new_key, data_key)
    mid = KeySlotFile.load(tmp_path)
    assert mid.pending_rotation() and mid.users() == ["admin", "li.na"]
    assert mid.unlock("li.na", "li na password") == [new_key, data_key]
    assert mid.unlock_recovery(recovery) == [new_key, data_key]
    with pytest.raises(UnknownUserError):
        mid.unlock("zhang_wei", OFFICER_PW)
    with pytest.raises(KeySlotError):
        mid.add_user("chen", OFFICER_PW, new_key)
    mid.finish_rotation(new_key)
    done = KeySlotFile.load(tmp_path)
    assert not done.pending_rotation()
    assert done.unlock("admin", ADMIN_PW) == [new_key]
    assert done.unlock_recovery(recovery) == [new_key]
    with pytest.raises(KeySlotError):
        done.begin_rotation("admin", os.urandom(32), data_key)  # the old key is no longer current


def test_stale_object_never_overwrites_newer_file(
    tmp_path: Path, store: tuple[KeySlotFile, str], data_key: bytes
) -> None:
    slots, _ = store
    other_window = KeySlotFile.load(tmp_path)
    new_key = os.urandom(32)
    other_window.begin_rotation(None, new_key, data_key)
    with pytest.raises(KeySlotError, match="changed by another program"):
        slots.add_user("li.na", OFFICER_PW, data_key)
    assert KeySlotFile.load(tmp_path).unlock("admin", ADMIN_PW) == [new_key, data_key]


def test_last_account_and_recovery_cannot_be_removed(store: tuple[KeySlotFile, str], data_key: bytes) -> None:
    slots, _ = store
    for victim in ("admin", ks.RECOVERY_USER):
        with pytest.raises(KeySlotError):
            slots.begin_rotation(victim, os.urandom(32), data_key)


def test_file_holds_no_key_or_password(
    tmp_path: Path, store: tuple[KeySlotFile, str], data_key: bytes
) -> None:
    slots, recovery = store
    slots.add_user("王警官", OFFICER_PW, data_key)
    new_key = os.urandom(32)
    slots.begin_rotation(None, new_key, data_key)
    raw = (tmp_path / ks.SLOTS_FILE).read_bytes()
    for key in (data_key, new_key):
        for form in (
            key,
            key.hex().encode(),
            key.hex().upper().encode(),
            base64.b64encode(key),
            base64.urlsafe_b64encode(key),
            base64.b32encode(key),
        ):
            assert form not in raw
        assert base64.b64encode(key)[:20] not in raw  # no partial leak either
    for secret in (ADMIN_PW, OFFICER_PW, recovery, recovery.replace("-", "")):
        assert secret.encode("utf-8") not in raw


def test_reprs_and_errors_hold_no_secret(store: tuple[KeySlotFile, str], data_key: bytes) -> None:
    slots, recovery = store
    text = repr(slots) + str(vars(slots).get("_path"))
    for secret in (data_key.hex(), ADMIN_PW, recovery):
        assert secret not in text
    with pytest.raises(BadPasswordError) as err:
        slots.unlock("admin", "wrong password 123")
    assert "wrong password 123" not in str(err.value) and data_key.hex() not in repr(err.value)
    assert str(ks.KdfParams(1, 8192, 1)).startswith("KdfParams(")


def test_weak_kdf_only_under_switch(store: tuple[KeySlotFile, str], tmp_path: Path) -> None:
    assert _raw(tmp_path)["slots"][0]["kdf"]["m"] == 8192  # the test switch is on in this module


def test_stored_parameters_are_used_for_existing_slots(
    tmp_path: Path, store: tuple[KeySlotFile, str], data_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_test_cost(False)
    # No calibration happens for unlocking: the slot's own (weak, test-made) parameters apply.
    assert KeySlotFile.load(tmp_path).unlock("admin", ADMIN_PW) == [data_key]


def test_absurd_parameters_refused(tmp_path: Path, store: tuple[KeySlotFile, str]) -> None:
    obj = _raw(tmp_path)
    obj["slots"][0]["kdf"]["m"] = 64 << 20  # 64 GiB: a tampered file must not exhaust memory
    _write(tmp_path, obj)
    with pytest.raises(KeySlotError):
        KeySlotFile.load(tmp_path)


def _machine(seconds_per_gib_pass: float) -> Callable[[ks.KdfParams], float]:
    """A cost model of a machine: one pass over one GiB takes *seconds_per_gib_pass*."""
    return lambda p: p.time_cost * p.memory_kib / (1 << 20) * seconds_per_gib_pass


@pytest.mark.parametrize("speed", [0.2, 0.6, 1.5, 4.0, 20.0])
def test_calibration_lands_in_the_target_window_at_the_memory_floor_or_above(speed: float) -> None:
    """A fast machine gets more memory and passes, a slow one the floor; one derivation at the
    chosen cost takes 0.5-1 s on that machine unless even the floor is slower than that."""
    machine = _machine(speed)
    params = ks.calibrate(time_once=machine)
    assert params.memory_kib >= 64 * 1024 and params.time_cost >= 1
    took = machine(params)
    floor_alone = machine(ks.KdfParams(1, 64 * 1024, params.parallelism))
    assert 0.5 <= took <= 1.0 or (floor_alone > 1.0 and params.time_cost == 1), (params, took)


def test_calibration_on_this_machine_keeps_the_product_floor() -> None:
    params = ks.calibrate()
    assert params.memory_kib >= 64 * 1024 and params.time_cost >= 1


CHEAP_FLOOR = ks.KdfParams(1, 64 * 1024, 1)  # at the product's floor, fast enough for a test


def test_the_storage_never_reads_the_weak_switch(
    tmp_path: Path, data_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 11: with the test cost not passed in, the environment switch changes nothing."""
    use_test_cost(False)
    monkeypatch.setattr(kdf, "_calibrated", lambda: CHEAP_FLOOR)
    monkeypatch.setenv("XUNREN_TEST_WEAK_KDF", "1")
    KeySlotFile.create(tmp_path, "110101001", "admin", ADMIN_PW, data_key=data_key)
    assert {s["kdf"]["m"] for s in _raw(tmp_path)["slots"]} == {64 * 1024}


def test_a_weak_slot_is_strengthened_with_the_same_password_and_key(
    tmp_path: Path, store: tuple[KeySlotFile, str], data_key: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    slots, _ = store
    assert slots.below_floor("admin")
    assert not slots.strengthen("admin", ADMIN_PW)  # not while the test cost is in force
    use_test_cost(False)
    monkeypatch.setattr(kdf, "_calibrated", lambda: CHEAP_FLOOR)
    with pytest.raises(BadPasswordError):
        slots.strengthen("admin", "not the password!")
    assert slots.strengthen("admin", ADMIN_PW)
    admin = next(s for s in _raw(tmp_path)["slots"] if s["user"] == "admin")
    assert admin["kdf"]["m"] == 64 * 1024
    reloaded = KeySlotFile.load(tmp_path)
    assert not reloaded.below_floor("admin") and reloaded.unlock("admin", ADMIN_PW) == [data_key]
    assert not reloaded.strengthen("admin", ADMIN_PW)  # once is enough
