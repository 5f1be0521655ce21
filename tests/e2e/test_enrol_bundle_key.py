"""A station enrolled over the network learns the server's bundle key from the enrolment answer
(trusted on first use, like the rest of that answer) and pins it as if given with --bundle-key;
a key given that is not the one the server answers with refuses the enrolment, in both
languages, keeping nothing; a server that gives no key (an older one) enrols as before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.bundle import export_bundle
from app.services.enrolment import SyncError, enroll
from app.services.rebuild import read_state
from app.storage import sync_state as st
from server.services import bundles
from tests.conftest import SERVER_BUNDLE_KEYS
from tests.e2e.conftest import World
from tests.e2e.harness import ServerUnderTest, Station, fresh_server_db

OTHER_KEY = "xk1." + "ab" * 32 + "." + "cd" * 32


def _pinned(station: Station) -> tuple[str | None, str | None]:
    return read_state(
        station.session, lambda c: (st.get(c, st.SERVER_BOX_KEY), st.get(c, st.SERVER_SIGN_KEY))
    )


def _servers_key() -> tuple[str, str]:
    keys = bundles.server_keys(SERVER_BUNDLE_KEYS)
    return keys.box_public(), keys.sign_public()


def test_a_station_enrolled_without_the_bundle_key_pins_the_servers(world: World, tmp_path: Path) -> None:
    code, token = world.server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / "st", code)
    try:
        enroll(station.session, world.server.url, token)
        assert _pinned(station) == _servers_key()
        export_bundle(station.session, tmp_path / "stick.xrb")  # the USB path needs no --bundle-key now
        assert (tmp_path / "stick.xrb").stat().st_size > 0
    finally:
        station.close()


def test_a_bundle_key_given_must_be_the_one_the_server_answers_with(world: World, tmp_path: Path) -> None:
    code, token = world.server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / "st", code)
    try:
        with pytest.raises(SyncError) as refused:
            enroll(station.session, world.server.url, token, bundle_key=OTHER_KEY)
        assert refused.value.key == "enrol_bundle_key_differs"
        zh, en = refused.value.text("zh_CN"), refused.value.text("en")
        assert "不一致" in zh and "未登记" in zh and "新的登记令牌" in zh
        assert "another bundle key" in en and "not enrolled" in en and "new enrolment token" in en
        assert _pinned(station) == (None, None)  # nothing kept: not enrolled
        kept = read_state(station.session, lambda c: (st.get(c, st.CREDENTIAL), st.get(c, st.SERVER_URL)))
        assert kept == (None, None)
    finally:
        station.close()


def test_the_key_given_in_capitals_is_the_same_key(world: World, tmp_path: Path) -> None:
    code, token = world.server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / "st", code)
    box, sign = _servers_key()
    try:
        enroll(station.session, world.server.url, token, bundle_key=f"xk1.{box.upper()}.{sign.upper()}")
        assert _pinned(station) == (box, sign)
    finally:
        station.close()


@pytest.fixture
def keyless_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ServerUnderTest]:
    """A server whose enrolment answer gives no bundle key (its key file damaged: the answer an
    older server gives, read the same way)."""
    damaged = tmp_path / "damaged_keys.json"
    damaged.write_text("{", "utf-8")
    url, drop = fresh_server_db("sqlite", tmp_path)
    with monkeypatch.context() as env:
        env.setenv("XUNREN_BUNDLE_KEYS", str(damaged))
        server = ServerUnderTest(url)
    try:
        yield server
    finally:
        server.stop()
        drop()


def test_a_server_that_gives_no_bundle_key_enrols_as_before(
    keyless_server: ServerUnderTest, world: World, tmp_path: Path
) -> None:
    code, token = keyless_server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / "st", code)
    try:
        enroll(station.session, keyless_server.url, token)
        assert _pinned(station) == (None, None)
        assert read_state(station.session, lambda c: st.get(c, st.CREDENTIAL))
        code2, token2 = keyless_server.new_station()
        given = Station.from_template(world.template, world.key, tmp_path / "given", code2)
        try:
            enroll(given.session, keyless_server.url, token2, bundle_key=OTHER_KEY)
            assert _pinned(given) == ("ab" * 32, "cd" * 32)  # only the key given, as before
        finally:
            given.close()
    finally:
        station.close()
