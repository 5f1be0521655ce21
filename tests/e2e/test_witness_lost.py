"""Audit witnessing through lost requests and answers (issue 12's remaining defect): a real
`xunren sync` process killed while the real fault proxy holds its push (the server committed and
the answer never came, or the server never saw it, or it reaches the server only after the next
sync) is never taken for a rewritten chain; a chain rewritten or restored from an old copy in
the same gap is still refused and raised."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

from app.storage import audit
from server.services import credentials
from server.services.meta import in_transaction
from tests.conftest import EXAMPLES, PASSWORD, ROOT, Station
from tests.e2e.conftest import World
from tests.e2e.faultproxy import FaultProxy
from tests.e2e.test_audit_witness import server_events


def enrolled_behind(world: World, station: Station, proxy: FaultProxy) -> str:
    code = world.server.unused_code()
    r = station.run("init", "--station-code", code, "--station-name", "测试派出所", "--admin", "admin")
    assert r.code == 0, r.err
    with world.server.sessions() as s:
        token = in_transaction(s, lambda x: credentials.add_station(x, code, "测试派出所", 1))
    r = station.run("enroll", "--server", proxy.url, "--token", token)
    assert r.code == 0, r.err
    return code


def killed_in_push(station: Station, proxy: FaultProxy, action: str) -> None:
    """Run `xunren sync` as a process, let the proxy hold its first push with *action*, SIGKILL
    the process there (nothing after the push was recorded by the station)."""
    proxy.force("/sync/push", action)
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "sync"],
        cwd=ROOT,
        env={**os.environ, **station.env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert proxy.holding.wait(120), "the push never reached the proxy"
        child.send_signal(signal.SIGKILL)
        child.wait(60)
    finally:
        if child.poll() is None:
            child.kill()
        assert child.stderr is not None
        child.stderr.close()


def add_case(station: Station, name: str = "missing_child") -> None:
    file = str(EXAMPLES / f"{name}.json")
    r = station.run("case", "add", "--file", file, "--allow-duplicate", "--reason", "同一示例再登记")
    assert r.code == 0, r.err


def alerts(world: World, code: str) -> list[dict[str, object]]:
    return [e for e in server_events(world, code) if e["alert"]]


def synced_cleanly(world: World, station: Station, code: str) -> None:
    r = station.run("sync")
    assert r.code == 0 and "审计链" not in r.err, r.err
    assert station.run("audit", "verify").code == 0
    assert "审计链" not in station.run("sync", "status").out
    assert alerts(world, code) == []


def test_the_first_answer_lost_then_killed(world: World, station: Station) -> None:
    proxy = FaultProxy(world.server.process.port)
    try:
        code = enrolled_behind(world, station, proxy)
        add_case(station)
        # The server witnesses a head the station never hears of.
        killed_in_push(station, proxy, "hold_answer")
        proxy.release()
        add_case(station, "found_child")
        synced_cleanly(world, station, code)
        synced_cleanly(world, station, code)
    finally:
        proxy.close()


def test_answers_and_requests_lost_again_and_again(world: World, station: Station) -> None:
    proxy = FaultProxy(world.server.process.port)
    try:
        code = enrolled_behind(world, station, proxy)
        add_case(station)
        synced_cleanly(world, station, code)
        for action in ("hold_answer", "hold_request", "hold_answer", "hold_answer", "hold_request"):
            add_case(station, "found_child")
            killed_in_push(station, proxy, action)
            proxy.release()
        synced_cleanly(world, station, code)
    finally:
        proxy.close()


def test_a_dead_stations_push_arriving_late(world: World, station: Station) -> None:
    proxy = FaultProxy(world.server.process.port)
    try:
        code = enrolled_behind(world, station, proxy)
        add_case(station)
        synced_cleanly(world, station, code)
        add_case(station, "found_child")
        killed_in_push(station, proxy, "late")
        add_case(station, "trafficking")
        synced_cleanly(world, station, code)  # a newer head is witnessed first
        proxy.release()
        assert proxy.delivered.wait(60)  # then the dead process's older head arrives
        assert alerts(world, code) == []
        add_case(station, "missing_child")
        synced_cleanly(world, station, code)
    finally:
        proxy.close()


def rehash_from(station: Station, seq: int) -> None:
    """What someone with a password and SQLCipher could do: change an entry and re-hash the
    chain from there, so the local check alone finds it intact."""
    from app.services.session import logon

    session = logon(station.data_dir, "admin", PASSWORD)
    try:
        with session.store.unit_of_work() as uow:
            c = uow.cursor
            rows = c.execute(
                "SELECT seq, at, actor, action, object, outcome, detail FROM audit_log WHERE seq >= ?"
                " ORDER BY seq",
                (seq,),
            ).fetchall()
            prev = c.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq - 1,)).fetchone()[0]
            for n, (s, at, actor, action, obj, outcome, detail) in enumerate(rows):
                actor = "someone-else" if n == 0 else actor
                digest = audit.entry_hash(s, at, actor, action, obj, outcome, detail, prev)
                c.execute(
                    "UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                    (actor, prev, digest, s),
                )
                prev = digest
            uow.commit()
    finally:
        session.close()


def witnessed_seq(station: Station) -> int:
    from app.services.session import logon
    from app.storage import sync_state as st

    session = logon(station.data_dir, "admin", PASSWORD)
    try:
        with session.store.reader() as conn:
            c = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            point = st.get_point(c, st.WITNESSED)
        assert point is not None
        return point[0]
    finally:
        session.close()


def test_a_rewrite_in_the_gap_of_a_lost_answer_is_refused(world: World, station: Station) -> None:
    proxy = FaultProxy(world.server.process.port)
    try:
        code = enrolled_behind(world, station, proxy)
        add_case(station)
        synced_cleanly(world, station, code)
        known = witnessed_seq(station)
        add_case(station, "found_child")
        killed_in_push(station, proxy, "hold_answer")  # the server saw entries the station thinks unseen
        proxy.release()
        rehash_from(station, known + 1)  # …and those are the ones rewritten
        assert station.run("audit", "verify").code == 0  # intact to the local check
        r = station.run("sync")
        assert r.code == 1 and "审计链" in r.err, r.err
        assert [a["detail"]["reason"] for a in alerts(world, code)] == ["rewritten"]  # type: ignore[index]
    finally:
        proxy.close()


def test_an_old_copy_put_back_after_a_lost_answer_is_refused(world: World, station: Station) -> None:
    proxy = FaultProxy(world.server.process.port)
    try:
        code = enrolled_behind(world, station, proxy)
        add_case(station)
        synced_cleanly(world, station, code)
        copy = station.root / "copy"
        shutil.copytree(station.data_dir, copy)  # an undeclared restore: the files put back
        for name in ("found_child", "trafficking", "missing_child"):
            add_case(station, name)
        killed_in_push(station, proxy, "hold_answer")
        proxy.release()
        shutil.rmtree(station.data_dir)
        shutil.copytree(copy, station.data_dir)
        r = station.run("sync")
        assert r.code == 1 and "审计链" in r.err, r.err
        assert len(alerts(world, code)) == 1
    finally:
        proxy.close()


def cut_back_to_witnessed(station: Station) -> None:
    """What someone with a password and SQLCipher could do to hide an old copy: cut the chain's
    tail back to the head the server witnessed, so the copy presents a head the server knows."""
    from app.services.session import logon

    seq = witnessed_seq(station)
    session = logon(station.data_dir, "admin", PASSWORD)
    try:
        with session.store.unit_of_work() as uow:
            uow.cursor.execute("DELETE FROM audit_log WHERE seq > ?", (seq,))
            uow.commit()
    finally:
        session.close()


def test_an_old_copy_cut_back_to_a_witnessed_head_is_refused(world: World, station: Station) -> None:
    """The server takes a head it saw before for a late copy of a dead process's request and lets
    it pass; a live station never presents one, because every logon appends to the chain before
    a sync can send it. So an old copy cut back to a witnessed head is still refused and raised."""
    proxy = FaultProxy(world.server.process.port)
    try:
        code = enrolled_behind(world, station, proxy)
        add_case(station)
        synced_cleanly(world, station, code)
        copy = station.root / "copy"
        shutil.copytree(station.data_dir, copy)
        for name in ("found_child", "trafficking"):
            add_case(station, name)
        synced_cleanly(world, station, code)
        shutil.rmtree(station.data_dir)
        shutil.copytree(copy, station.data_dir)
        cut_back_to_witnessed(station)
        assert station.run("audit", "verify").code == 0  # intact to the local check
        r = station.run("sync")
        assert r.code == 1 and "审计链" in r.err, r.err
        assert len(alerts(world, code)) == 1
        assert "审计链" in station.run("sync", "status").out
    finally:
        proxy.close()
