"""The offline national screening index (issue 15) against a real server process.

A station far from the network screens a found child against the country's missing persons
from the index it pulled at its last sync; the lead says it comes from the offline index, and
the next sync replaces it with the server's own national candidate. A tampered file is refused
whole with a clear message; a delta applied equals a fresh base; the file holds no address,
phone, ID number or photo.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import zlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.core.validation import parse_case
from app.services import cases, photos, review_desk
from app.services.case_edit import edit_case
from app.services.enrolment import SyncError, enroll
from app.services.matching import candidates_for, drain_stale
from app.services.screening import FILE_NAME, held_version
from app.services.sync import sync_now
from app.sync.engine import Tuning
from app.sync.protocol.screening import ScreeningAnswer, open_index
from server.services import screening
from tests.conftest import EXAMPLES, SERVER_BUNDLE_KEYS
from tests.e2e.conftest import World
from tests.e2e.harness import Station, _boss

# The servers this session starts (collected before any starts) keep their screening key in a
# temporary folder, not in the user's data folder; this process reads the same file.
os.environ.setdefault(
    "XUNREN_SCREENING_KEY", os.path.join(tempfile.mkdtemp(prefix="xr-screening-"), "key.json")
)


def _case(name: str, **changes: object) -> dict[str, object]:
    doc: dict[str, object] = json.loads((EXAMPLES / name).read_text("utf-8"))
    doc.update(changes)
    return doc


def _register(station: Station, doc: dict[str, object]) -> str:
    regs = cases.register_cases(station.session, [parse_case(doc)], allow_duplicate="测试")
    return regs[0].case_no


def _station(world: World, tmp_path: Path, name: str) -> Station:
    code, token = world.server.new_station()
    station = Station.from_template(world.template, world.key, tmp_path / name, code)
    enroll(station.session, world.server.url, token)
    return station


def _dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there


def _answer(world: World, since: int) -> ScreeningAnswer:
    with world.server.sessions() as s:
        return screening.answer(s, since, screening.screening_key())


def _plain(answer: ScreeningAnswer) -> bytes:
    """The decrypted, decompressed bytes of the file (what an attacker with the key would read)."""
    assert answer.file is not None and answer.key is not None
    data = answer.file[:-64]
    size = int.from_bytes(data[8:12], "little")
    head = data[12 : 12 + size]
    nonce = bytes.fromhex(json.loads(head)["nonce"])
    return zlib.decompress(AESGCM(answer.key).decrypt(nonce, data[12 + size :], head))


def test_offline_station_finds_the_national_counterpart_then_the_server_confirms_it(
    world: World, tmp_path: Path
) -> None:
    home = _station(world, tmp_path, "home")  # where the family reported the child missing
    far = _station(world, tmp_path, "far")  # where the child turns up, later without network
    try:
        missing = _register(home, _case("missing_child.json"))
        sync_now(home.session)
        sync_now(far.session)  # the index comes with the sync
        assert held_version(far.session) > 0
        index_file = far.path.parent / FILE_NAME
        assert index_file.exists() and (index_file.stat().st_mode & 0o777) == 0o600
        assert "王小明".encode() not in index_file.read_bytes()  # encrypted at rest

        far.set_server(_dead_url())  # the network is gone
        found = _register(far, _case("found_child.json"))
        with pytest.raises(SyncError):
            sync_now(far.session, tuning=Tuning(max_attempts=2, base_delay=0.01), timeout=1.0)
        report = candidates_for(far.session, found).to_json("en")
        leads = [c for c in report["candidates"] if c["case_no"] == missing]  # type: ignore[index,union-attr]
        assert leads, report
        lead = leads[0]
        assert lead["source"] == "national_index"
        assert lead["reasons"][0].startswith("national, offline index")
        assert lead["dna"] is not None and lead["dna"]["verdict"] == "supports"
        zh = candidates_for(far.session, found).to_json("zh_CN")
        assert any(r.startswith("全国离线索引") for c in zh["candidates"] for r in c["reasons"])  # type: ignore[union-attr]

        far.set_server(world.server.url)  # back online: the server's national matching decides
        sync_now(far.session)
        world.server.run_jobs()
        sync_now(far.session)
        after = candidates_for(far.session, found).to_json("en")
        same = [c for c in after["candidates"] if c["case_no"] == missing]  # type: ignore[index,union-attr]
        assert len(same) == 1, after
        assert "source" not in same[0]  # the server's candidate replaced the lead
        assert same[0]["reasons"][0].startswith("national match")
    finally:
        home.close()
        far.close()


def test_a_delta_applied_equals_a_fresh_base(world: World, tmp_path: Path) -> None:
    home = _station(world, tmp_path, "home")
    far = _station(world, tmp_path, "far")
    try:
        first = _register(home, _case("missing_child.json"))
        second = _register(home, _case("missing_child.json"))
        sync_now(home.session)
        sync_now(far.session)
        before = held_version(far.session)
        # later: a new case, an edited one, a voided one
        third = _register(home, _case("missing_child.json"))
        place = {"at": "2026-11-19T17:10:00+08:00", "place_code": "370702", "place": "潍坊市潍城区"}
        edit_case(home.session, first, {"last_seen": place}, "更正走失地点")
        review_desk.approve_shown(_boss(home.session), second)
        cases.void_case(home.session, second, "重复登记")
        review_desk.approve_shown(_boss(home.session), second)
        assert cases.show_case(home.session, second).status.value == "voided"
        sync_now(home.session)
        sync_now(far.session)
        after = held_version(far.session)
        assert after > before
        from app.services.screening import load_screen

        held = load_screen(far.session)
        assert held is not None
        fresh = open_index(*_key_pair(_answer(world, 0)))
        assert fresh.kind == "base"
        mine = [r for r in held.table.canonical() if r[0] in (first, second, third)]
        theirs = [r for r in fresh.table.canonical() if r[0] in (first, second, third)]
        assert mine == theirs
        assert {r[0] for r in theirs} >= {first, third}
        assert held.table.canonical() == fresh.table.canonical()
    finally:
        home.close()
        far.close()


def _key_pair(answer: ScreeningAnswer) -> tuple[bytes, bytes, str]:
    assert answer.file is not None and answer.key is not None
    return answer.file, answer.key, answer.signer


def test_a_tampered_index_is_refused_whole_with_a_clear_message(world: World, tmp_path: Path) -> None:
    from app.services.screening import apply_answer

    home = _station(world, tmp_path, "home")
    far = _station(world, tmp_path, "far")
    try:
        _register(home, _case("missing_child.json"))
        sync_now(home.session)
        sync_now(far.session)
        version = held_version(far.session)
        kept = (far.path.parent / FILE_NAME).read_bytes()
        _register(home, _case("missing_child.json"))
        sync_now(home.session)
        good = _answer(world, version)
        assert good.kind == "delta" and good.file is not None
        for at in (20, len(good.file) // 2, len(good.file) - 3):  # header, ciphertext, signature
            raw = bytearray(good.file)
            raw[at] ^= 0x01
            bad = ScreeningAnswer(good.kind, good.version, good.signer, bytes(raw), good.key)
            with pytest.raises(SyncError) as refused:
                apply_answer(far.session, bad)
            assert "签名不符" in refused.value.text("zh_CN")
            assert "signature does not match" in refused.value.text("en")
            assert "nothing was changed" in refused.value.text("en")
            assert held_version(far.session) == version
            assert (far.path.parent / FILE_NAME).read_bytes() == kept
        # a file signed by another key than the pinned one
        with world.server.sessions() as s:
            other = screening.answer(s, version, "11" * 32)
        with pytest.raises(SyncError) as refused:
            apply_answer(far.session, other)
        assert "首次接受" in refused.value.text("zh_CN")
        assert held_version(far.session) == version
        assert apply_answer(far.session, good) == good.version  # the genuine one applies
    finally:
        home.close()
        far.close()


def test_the_file_holds_no_address_phone_id_number_or_photo(world: World, tmp_path: Path) -> None:
    home = _station(world, tmp_path, "home")
    try:
        doc = _case("missing_child.json")
        case_no = _register(home, doc)
        photo = photos.prepare_photo(_jpeg())
        photos.add_photos(home.session, case_no, 0, [photo])
        sync_now(home.session)
        answer = _answer(world, 0)
        opened = open_index(*_key_pair(answer))
        assert case_no in opened.table.case_no
        row = opened.table.case_no.index(case_no)
        assert opened.table.name_keys(row)[0] == ("wang", "xiao", "ming")
        assert len(opened.table.profile_owner) >= 2  # both parents' genotypes travel
        plain = _plain(answer)
        full = json.dumps(doc, ensure_ascii=False)
        forbidden = [
            "370783198506121029", "370783198303051016", "13853612345", "13853667890",
            "银海路", "圣城街道", "农贸市场", "王小明", "李秀英", "王建国", "明明", "红色羽绒服",
            "菜市场",
        ]  # fmt: skip
        for text in forbidden:
            assert text in full
            assert text.encode() not in plain, text
        assert photo.data[:64] not in plain and photo.data[-64:] not in plain
    finally:
        home.close()


def _jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buf, "JPEG")
    return buf.getvalue()


def test_the_usb_answer_carries_the_index_and_its_delta(world: World, tmp_path: Path) -> None:
    from app.services.bundle import export_bundle, import_bundle
    from server.services import bundles
    from tests.e2e.test_sync_bundle import server_cli

    keyfile = SERVER_BUNDLE_KEYS  # the serving process's: its enrolment answer gives the same key
    server_key = bundles.public_key_text(bundles.server_keys(keyfile))
    home = _station(world, tmp_path, "home")
    code, token = world.server.new_station()
    far = Station.from_template(world.template, world.key, tmp_path / "far", code)
    try:
        enroll(far.session, world.server.url, token, bundle_key=server_key)
        missing = _register(home, _case("missing_child.json"))
        sync_now(home.session)
        for round_ in (1, 2):
            out, back = tmp_path / f"out{round_}.xrb", tmp_path / f"back{round_}.xrb"
            export_bundle(far.session, out)
            assert server_cli(world, keyfile, "import", str(out)).returncode == 0
            made = server_cli(world, keyfile, "export", "--station", code, str(back))
            assert made.returncode == 0, made.stderr
            import_bundle(far.session, back)
            if round_ == 1:
                first = held_version(far.session)
                assert first > 0
                _register(home, _case("missing_child.json"))
                sync_now(home.session)
        assert held_version(far.session) > first
        with far.session.store.reader() as conn:
            kinds = [str(r[0]).split()[0] for r in conn.exec_driver_sql(
                "SELECT detail FROM audit_log WHERE action = 'sync.screening' AND outcome <> 'rescreen'"
                " ORDER BY seq")]  # fmt: skip
        assert kinds == ["base", "delta"]  # the second answer carried only what changed
        found = _register(far, _case("found_child.json"))
        report = candidates_for(far.session, found).to_json("en")
        assert any(c["case_no"] == missing and c.get("source") == "national_index"  # type: ignore[union-attr]
                   for c in report["candidates"])  # type: ignore[union-attr]  # fmt: skip
    finally:
        home.close()
        far.close()


def test_a_lost_file_or_an_older_store_brings_the_base_again(world: World, tmp_path: Path) -> None:
    from app.services.screening import VERSION_KEY, load_screen
    from app.storage import match_repository

    home = _station(world, tmp_path, "home")
    far = _station(world, tmp_path, "far")
    try:
        first = _register(home, _case("missing_child.json"))
        sync_now(home.session)
        sync_now(far.session)
        old = held_version(far.session)
        (far.path.parent / FILE_NAME).unlink()  # the file is lost
        assert held_version(far.session) == 0
        sync_now(far.session)
        assert held_version(far.session) >= old
        # settings from an older backup: the version says less than the file holds
        second = _register(home, _case("missing_child.json"))
        sync_now(home.session)
        with far.session.store.unit_of_work() as uow:
            match_repository.set_setting(uow.cursor, VERSION_KEY, str(old - 1))
            uow.commit()
        sync_now(far.session)  # the delta does not fit: the base comes instead, no error
        screen = load_screen(far.session)
        assert screen is not None and {first, second} <= set(screen.table.case_no)
    finally:
        home.close()
        far.close()


def _pairs_of(station: Station, found: str) -> dict[str, set[str]]:
    with station.session.store.reader() as conn:
        rows = conn.exec_driver_sql(
            "SELECT missing_case, origin FROM match_candidates WHERE found_case = ?", (found,)
        )
        out: dict[str, set[str]] = {}
        for missing, origin in rows:
            out.setdefault(str(missing), set()).add(str(origin))
        return out


def test_a_found_child_held_gets_a_counterpart_registered_later_from_the_next_update(
    world: World, tmp_path: Path
) -> None:
    """The found child is registered first; the family reports the child missing elsewhere
    afterwards. The far station's next sync brings the index delta and the found child — not
    edited, not opened — has its offline lead; the server's national matching confirms it later."""
    home = _station(world, tmp_path, "home")
    far = _station(world, tmp_path, "far")
    try:
        found_doc = _case("found_child.json")
        found_doc["persons"] = [dict(found_doc["persons"][0], name="豆豆")]
        found = _register(far, found_doc)
        sync_now(far.session)  # the index it holds has no counterpart yet
        assert held_version(far.session) > 0
        missing_doc = _case("missing_child.json")
        missing_doc["persons"] = [dict(missing_doc["persons"][0], name="孙浩然", nicknames=["豆豆"])]
        missing = _register(home, missing_doc)
        sync_now(home.session)
        assert missing not in _pairs_of(far, found)

        sync_now(far.session)  # the delta arrives and the found children held are screened again
        assert _pairs_of(far, found).get(missing) == {"national_index"}

        world.server.run_jobs()  # the server's national matching
        sync_now(far.session)
        drain_stale(far.session)  # the background pass takes in what the sync pulled
        assert _pairs_of(far, found).get(missing) == {"national"}  # confirmed: the lead gave way
    finally:
        home.close()
        far.close()
