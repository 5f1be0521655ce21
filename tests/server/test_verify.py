"""The public receipt check: only registered + coarse status; limited per address, shared state."""

from __future__ import annotations

from conftest import World, auth, case_no, case_payload, change, make_app_world, mid_minute

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
                case,
                payload=case_payload(
                    "missing", status="open", review="approved", verification_hash=code_hash(code)
                ),
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
                payload=case_payload("missing", status="closed", verification_hash=code_hash(code)),
            )
        ],
    )
    assert world.client.get(f"/verify/{code}").json() == {"registered": True, "status": "closed"}
    unknown = world.client.get(f"/verify/{new_code()}")
    malformed = world.client.get("/verify/0OIL-???")
    assert unknown.status_code == malformed.status_code == 200
    assert unknown.json() == malformed.json() == {"registered": False, "status": None}
    assert set(unknown.headers) == set(malformed.headers)
    too_long = world.client.get("/verify/" + code + "A" * 65)  # a real code with more typed after it
    assert too_long.status_code == 200 and too_long.json() == {"registered": False, "status": None}
    assert cred not in world.client.get(f"/verify/{code}", headers=auth(cred)).text


def test_an_overlong_code_is_answered_and_counted_like_an_unknown_one(db_url: str) -> None:
    world = make_app_world(db_url, verify_per_minute=3, minute_clock=mid_minute)
    answers = [world.client.get("/verify/" + "A" * n) for n in (65, 300, 2000)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all(a.json() == {"registered": False, "status": None} for a in answers)
    limited = world.client.get("/verify/" + "B" * 65)
    assert limited.status_code == 429 and limited.json()["reason"] == "rate_limited"
    world.client.app.state.engine.dispose()  # type: ignore[attr-defined]


def test_rate_limit_is_shared_by_server_processes(db_url: str) -> None:
    first = make_app_world(db_url, verify_per_minute=5, minute_clock=mid_minute)
    second = make_app_world(
        db_url, verify_per_minute=5, minute_clock=mid_minute
    )  # another process on the same database
    codes = [first.client.get(f"/verify/{new_code()}").status_code for _ in range(3)]
    codes += [second.client.get(f"/verify/{new_code()}").status_code for _ in range(3)]
    assert codes == [200] * 5 + [429]
    limited = first.client.get(f"/verify/{new_code()}")
    assert limited.status_code == 429 and limited.json()["reason"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) >= 0
    for w in (first, second):
        w.client.app.state.engine.dispose()  # type: ignore[attr-defined]
