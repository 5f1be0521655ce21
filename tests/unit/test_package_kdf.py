"""The USB packages' Argon2id cost (app.sync.enrolment_package, app.sync.rebuild_package): the
product seals with its fixed cost; the suite's cheap cost is passed in (tests/conftest.py) or set
by the entry points' test-only switch, which the server's command line announces after a package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.kdf_switch import apply_environment
from app.sync import enrolment_package
from app.sync.enrolment_package import PackageRefused, kdf_params, new_passphrase, open_package
from app.sync.rebuild_package import PackageReader, PackageWriter
from server.settings import apply_test_switch

ROOT = Path(__file__).resolve().parents[2]
BODY = {"station": "370783001", "token": "xe_test"}


@pytest.fixture
def product_cost() -> Iterator[None]:
    enrolment_package.use_test_cost(False)
    try:
        yield
    finally:
        enrolment_package.use_test_cost(True)  # the suite's default (tests/conftest.py)


def _rebuild_package(path: Path, passphrase: str) -> None:
    with PackageWriter(path, "370783001", passphrase) as package:
        package.enrolment(BODY)
        package.page("{}")


def test_the_product_seals_with_its_fixed_cost(product_cost: None, tmp_path: Path) -> None:
    strong = {"t": 3, "m": 64 * 1024, "p": 1}
    assert strong == enrolment_package.KDF_PARAMS and kdf_params() == strong
    passphrase = new_passphrase()
    sealed = enrolment_package.seal_package(BODY, station="370783001", passphrase=passphrase)
    assert json.loads(sealed)["header"]["kdf"] == {"alg": "argon2id", **strong}
    path = tmp_path / "r.xrp"
    _rebuild_package(path, passphrase)
    with zipfile.ZipFile(path) as z:
        assert json.loads(z.read("header.json"))["kdf"] == {"alg": "argon2id", **strong}
        assert json.loads(z.read("enrolment.xep"))["header"]["kdf"] == {"alg": "argon2id", **strong}
    with PackageReader(path, passphrase) as reader:
        assert open_package(reader.enrolment, passphrase) == BODY


def test_the_tests_cost_is_cheap_and_a_product_station_refuses_it(tmp_path: Path) -> None:
    assert kdf_params() == enrolment_package.TEST_KDF_PARAMS != enrolment_package.KDF_PARAMS
    path, passphrase = tmp_path / "r.xrp", new_passphrase()
    _rebuild_package(path, passphrase)
    with PackageReader(path, passphrase) as reader:  # opens while the test cost is in force
        assert open_package(reader.enrolment, passphrase) == BODY
    enrolment_package.use_test_cost(False)
    try:
        with pytest.raises(PackageRefused) as refused:  # a product station knows one cost only
            PackageReader(path, passphrase)
        assert refused.value.code == "damaged"
    finally:
        enrolment_package.use_test_cost(True)


def test_the_switch_is_read_by_the_entry_points_only(product_cost: None) -> None:
    assert not apply_test_switch({}) and not apply_test_switch({"XUNREN_TEST_WEAK_KDF": "0"})
    assert not apply_environment({})
    assert kdf_params() == enrolment_package.KDF_PARAMS
    assert apply_test_switch({"XUNREN_TEST_WEAK_KDF": "1"})
    assert kdf_params() == enrolment_package.TEST_KDF_PARAMS
    enrolment_package.use_test_cost(False)
    assert apply_environment({"XUNREN_TEST_WEAK_KDF": "1"})
    assert kdf_params() == enrolment_package.TEST_KDF_PARAMS


def test_the_server_says_so_after_a_package_made_under_the_switch(tmp_path: Path) -> None:
    db, keys = f"sqlite:///{tmp_path / 'server.sqlite3'}", str(tmp_path / "keys.json")

    def add(code: str, switch: str) -> subprocess.CompletedProcess[str]:
        package = str(tmp_path / f"{code}.xep")
        args = ["station", "add", code, "派出所", "--db", db, "--keys", keys, "--package", package]
        env = {**os.environ, "XUNREN_TEST_WEAK_KDF": switch, "XUNREN_LANG": "en"}
        return subprocess.run(
            [sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    weak = add("370783001", "1")
    assert weak.returncode == 0, weak.stderr
    assert "test-only weak key derivation is on" in weak.stderr
    header = json.loads((tmp_path / "370783001.xep").read_bytes())["header"]
    assert header["kdf"] == {"alg": "argon2id", **enrolment_package.TEST_KDF_PARAMS}
    strong = add("370783002", "0")
    assert strong.returncode == 0 and strong.stderr == "", strong.stderr
    header = json.loads((tmp_path / "370783002.xep").read_bytes())["header"]
    assert header["kdf"] == {"alg": "argon2id", **enrolment_package.KDF_PARAMS}
