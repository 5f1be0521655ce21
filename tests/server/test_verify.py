"""The public receipt check: only registered + coarse status; limited per address, shared state."""

from __future__ import annotations

from conftest import World, auth, case_no, change, make_app_world

from app.core.verification import code_hash, group, new_code

A = "370786001"


def test_answers_only_registration_and_coarse_status(world: World) -> None:
    cred = world.enroll(A)
    code = new_code()
    case = case_no(A, 1)
    world.push(
        cred,
        [
            change(
                case, payload={"type": "missing", "status": "dna_sent", "verification_hash": code_hash(code)}
            )
        ],
    )
    assert world.client.get(f"/verify/{group(code).lower()}").json() == {
        "registered": True,
        "status": "in_progress",
    }
    world.push(
        cred,
        [
            change(
                case,
                base=1,
                payload={"type": "missing", "status": "reunited", "verification_hash": code_hash(code)},
            )
        ],
    )
    assert world.client.get(f"/verify/{code}").json() == {"registered": True, "status": "closed"}
    unknown = world.client.get(f"/verify/{new_code()}")
    malformed = world.client.get("/verify/0OIL-???")
    assert unknown.status_code == malformed.status_code == 200
    assert unknown.json() == malformed.json() == {"registered": False, "status": None}
    assert set(unknown.headers) == set(malformed.headers)
    assert world.client.get("/verify/" + "A" * 65).status_code == 422
    assert cred not in world.client.get(f"/verify/{code}", headers=auth(cred)).text


def test_rate_limit_is_shared_by_server_processes(db_url: str) -> None:
    first = make_app_world(db_url, verify_per_minute=5)
    second = make_app_world(db_url, verify_per_minute=5)  # another process on the same database
    codes = [first.client.get(f"/verify/{new_code()}").status_code for _ in range(3)]
    codes += [second.client.get(f"/verify/{new_code()}").status_code for _ in range(3)]
    assert codes == [200] * 5 + [429]
    limited = first.client.get(f"/verify/{new_code()}")
    assert limited.status_code == 429 and limited.json()["reason"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) >= 0
    for w in (first, second):
        w.client.app.state.engine.dispose()  # type: ignore[attr-defined]
