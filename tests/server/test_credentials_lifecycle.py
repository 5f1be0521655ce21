"""Device credentials and operator tokens over their whole life (issue 12, items 6 and 7):
rotation ends the old credential at once, a re-enrolment ends the earlier one, a revocation is
lifted only by an explicit re-admission, operators can be revoked, and one enrolment token gives
exactly one credential however many requests race for it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import httpx
import pytest
from conftest import World, auth, case_no, change
from realserver import ServerProcess

from server.cli import main
from server.services import credentials
from server.services.meta import in_transaction
from server.settings import Settings
from server.storage.engine import make_engine, session_factory

A = "370786001"


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def pushes(world: World, credential: str, n: int = 1) -> int:
    return int(world.push(credential, [change(case_no(A, n))]).status_code)


def test_rotate_ends_the_old_credential_at_once(
    world: World, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old = world.enroll(A)
    assert pushes(world, old, 1) == 200
    code, out, err = cli(capsys, "station", "rotate", A, "--db", db_url)
    assert code == 0, err
    token = out.strip().splitlines()[-1]
    assert token.startswith("xe_")
    assert pushes(world, old, 2) == 401  # at once, before the station has enrolled again
    answer = world.client.post("/enroll", json={"token": token})
    assert answer.status_code == 200
    assert pushes(world, answer.json()["credential"], 2) == 200
    code, out, _ = cli(capsys, "station", "events", "--station", A, "--json", "--db", db_url)
    kinds = [e["kind"] for e in json.loads(out)]
    assert code == 0 and "credential_rotated" in kinds


def test_a_reenrolment_ends_the_earlier_credential(world: World) -> None:
    first = world.enroll(A)
    second = world.enroll(A)  # `station add` again for an enrolled station, then enrol
    assert pushes(world, second, 1) == 200
    assert pushes(world, first, 2) == 401


def test_revocation_is_undone_only_by_readmit(
    world: World, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old = world.enroll(A)
    world.revoke(A)
    assert pushes(world, old) == 403
    code, _, err = cli(capsys, "station", "add", A, "城关派出所", "--db", db_url)
    assert code == 1 and "readmit" in err and err.count("\n") == 1
    code, _, err = cli(capsys, "station", "rotate", A, "--db", db_url)
    assert code == 1 and "readmit" in err
    code, out, err = cli(capsys, "station", "readmit", A, "--db", db_url)
    assert code == 0, err
    token = out.strip().splitlines()[-1]
    assert pushes(world, old) == 401  # the old credential stays dead
    answer = world.client.post("/enroll", json={"token": token})
    assert answer.status_code == 200
    assert pushes(world, answer.json()["credential"]) == 200
    code, _, err = cli(capsys, "station", "readmit", A, "--db", db_url)
    assert code == 1 and "rotate" in err  # not revoked any more
    code, out, _ = cli(capsys, "station", "events", "--json", "--db", db_url)
    assert {"revoked", "readmitted"} <= {e["kind"] for e in json.loads(out)}


def test_operator_revoke(world: World, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    token = world.operator("national")
    assert world.client.get("/national/cases", headers=auth(token)).status_code == 200
    code, _, err = cli(capsys, "operator", "revoke", "national", "--db", db_url)
    assert code == 0, err
    refused = world.client.get("/national/cases", headers=auth(token))
    assert refused.status_code == 403 and refused.json()["reason"] == "revoked"
    code, _, err = cli(capsys, "operator", "revoke", "nobody", "--db", db_url)
    assert code == 1 and err.count("\n") == 1


@pytest.fixture
def server(db_url: str) -> Iterator[ServerProcess]:
    proc = ServerProcess(db_url).start()
    yield proc
    proc.stop()


def test_parallel_enrolments_with_one_token_give_one_credential(server: ServerProcess) -> None:
    engine = make_engine(Settings(db_url=server.db_url))
    with session_factory(engine)() as session:
        token: str = in_transaction(session, lambda s: credentials.add_station(s, A, "城关派出所", 7))
    engine.dispose()
    start = threading.Barrier(8)
    answers: list[httpx.Response] = []

    def enrol() -> None:
        with httpx.Client(timeout=60) as client:
            start.wait()
            answers.append(client.post(f"{server.url}/enroll", json={"token": token}))

    threads = [threading.Thread(target=enrol) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(a.status_code for a in answers)
    assert codes == [200] + [401] * 7, [(a.status_code, a.text[:80]) for a in answers]
    assert all(a.json()["reason"] == "bad_token" for a in answers if a.status_code == 401)
    winner = next(a for a in answers if a.status_code == 200).json()["credential"]
    pushed = httpx.post(
        f"{server.url}/sync/push", json={"changes": [change(case_no(A, 1))]}, headers=auth(winner), timeout=60
    )
    assert pushed.status_code == 200
    assert server.proc is not None and server.proc.stderr is not None
    server.proc.terminate()
    server.proc.wait(10)
    log = server.proc.stderr.read().decode("utf-8", "replace")
    assert credentials.token_hash(token) not in log and token not in log
    for word in ("Traceback", "[parameters", "SELECT", "UPDATE ", "INSERT"):
        assert word not in log, log[-2000:]
