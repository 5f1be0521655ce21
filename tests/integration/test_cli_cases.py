"""The case register through the `xunren` command line, on a real encrypted store."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, STATION_CODE, Station


def year() -> int:
    return dt.datetime.now().year


def test_examples_get_the_first_three_numbers_and_show_gives_them_back(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    assert numbers == [f"{STATION_CODE}-{year()}-{i:06d}" for i in (1, 2, 3)]
    for no, name in zip(numbers, ("missing_child", "found_child", "trafficking"), strict=True):
        r = ready_station.run("case", "show", no, "--json")
        assert r.code == 0, r.err
        shown = json.loads(r.out)
        filed = json.loads((EXAMPLES / f"{name}.json").read_text("utf-8"))
        assert shown["case_no"] == no
        assert shown["status"] == "open" and shown["review"] == "pending" and shown["officer"] == "admin"
        assert shown["created_at"].endswith("Z")
        assert len(shown["verification_code"]) >= 16
        for key in ("type", "summary"):
            assert shown[key] == filed[key]
        for got, want in zip(shown["persons"], filed["persons"], strict=True):
            for key, value in want.items():
                if key != "samples":
                    assert got[key] == value, key
            for s_got, s_want in zip(got.get("samples", []), want.get("samples", []), strict=True):
                assert s_got["sample_no"].startswith(f"{STATION_CODE}-{year()}-D")
                assert s_got["status"] == ("profiled" if "profile" in s_want else "collected")
                assert s_got["profile"]["loci"] == s_want["profile"]["loci"]


def test_json_output_of_add(ready_station: Station) -> None:
    r = ready_station.run("case", "add", "--file", str(EXAMPLES / "found_child.json"), "--json")
    assert r.code == 0
    rows = json.loads(r.out)
    assert rows[0]["case_no"].endswith("-000001") and len(rows[0]["verification_code"]) >= 16


def write(tmp: Path, name: str, data: bytes) -> str:
    path = tmp / name
    path.write_bytes(data)
    return str(path)


def bad_files(tmp: Path) -> list[tuple[str, str]]:
    missing = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
    found = json.loads((EXAMPLES / "found_child.json").read_text("utf-8"))
    out = []

    def variant(label: str, field: str, edit: object) -> None:
        doc = json.loads(json.dumps(missing if "found" not in label else found))
        edit(doc)  # type: ignore[operator]
        out.append((write(tmp, f"{label}.json", json.dumps(doc, ensure_ascii=False).encode()), field))

    variant(
        "check-digit",
        "reporter.id_number",
        lambda d: d["reporter"].__setitem__("id_number", "370783198506121028"),
    )
    variant(
        "future-birth",
        "persons[0].birth_date",
        lambda d: d["persons"][0].__setitem__("birth_date", "2099-01-01"),
    )
    variant(
        "unknown-place", "last_seen.place_code", lambda d: d["last_seen"].__setitem__("place_code", "370799")
    )
    variant(
        "found-reversed",
        "persons[0].estimated_age",
        lambda d: d["persons"][0].__setitem__("estimated_age", [6, 2]),
    )
    variant(
        "wrong-type", "persons[0].height_cm", lambda d: d["persons"][0].__setitem__("height_cm", "95-100")
    )
    out.append((write(tmp, "malformed.json", b'{"type": "missing", '), "JSON"))
    out.append((write(tmp, "latin1.json", '{"summary": "caf\xe9"}'.encode("latin-1")), "UTF-8"))
    return out


def test_bad_files_are_refused_with_one_line_and_the_register_unchanged(
    ready_station: Station, tmp_path: Path
) -> None:
    ready_station.add_examples()
    before = ready_station.run("case", "list", "--json").out
    for path, field in bad_files(tmp_path):
        r = ready_station.run("case", "add", "--file", path)
        assert r.code == 1, path
        assert r.out == ""
        lines = r.err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in r.err
        assert field in lines[0], (path, lines[0])
        assert "370783198506121028" not in r.err
    assert ready_station.run("case", "list", "--json").out == before
    nxt = ready_station.run(
        "case", "add", "--file", str(EXAMPLES / "trafficking.json"), "--allow-duplicate", "--reason", "另一起"
    )
    assert nxt.out.strip().endswith("-000004"), "a refused file must not use up a number"


def test_english_messages(ready_station: Station, tmp_path: Path) -> None:
    path, _ = bad_files(tmp_path)[0]
    r = ready_station.run("case", "add", "--file", path, XUNREN_LANG="en")
    assert r.err.strip() == "reporter.id_number: has a wrong check digit"


def test_missing_input_file_and_unknown_case(ready_station: Station) -> None:
    r = ready_station.run("case", "add", "--file", "/no/such/file.json")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1
    r = ready_station.run("case", "show", "370783001-1999-999999")
    assert r.code == 1 and "370783001-1999-999999" in r.err


def test_usage_errors_exit_2(ready_station: Station) -> None:
    assert ready_station.run("no-such-command").code == 2
    assert ready_station.run("case", "list", "--status", "bogus").code == 2
    assert ready_station.run("case", "add").code == 2


@pytest.mark.parametrize(
    ("query", "matched_on", "which"),
    [
        ("wxm", "initials", 0),
        ("wangxiaoming", "pinyin", 0),
        ("王小明", "name", 0),
        ("小明", "name", 0),
        ("王晓明", "pinyin", 0),  # homophone written differently
        ("370783198506121029", "reporter_id_number", 0),  # the mother's, who reported it
        ("13853612345", "reporter_phone", 0),
        ("lxy", "reporter_initials", 0),  # 李秀英: the reporter, not the missing boy
        ("370783198303051016", "related_id_number", 0),  # the father's
        ("000001", "case_no", 0),  # the tail of the case number
        ("1", "case_no", 0),
        ("明明", "name", 1),  # the found boy's self-reported name (and the missing boy's 小名)
        ("ymL", "initials", 2),
        ("杨美玲", "name", 2),
    ],
)
def test_search_kinds(ready_station: Station, query: str, matched_on: str, which: int) -> None:
    numbers = ready_station.add_examples()
    r = ready_station.run("search", query, "--json")
    assert r.code == 0, r.err
    hits = json.loads(r.out)
    assert numbers[which] in [h["case_no"] for h in hits], hits
    hit = next(h for h in hits if h["case_no"] == numbers[which])
    assert hit["matched_on"] == matched_on
    assert {"case_no", "type", "status", "review", "names", "created_at", "matched_on"} <= set(hit)


def test_search_by_case_number(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    hits = json.loads(ready_station.run("search", numbers[1], "--json").out)
    assert [h["case_no"] for h in hits] == [numbers[1]] and hits[0]["matched_on"] == "case_no"


def test_list_filters(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    rows = json.loads(ready_station.run("case", "list", "--type", "found", "--json").out)
    assert [r["case_no"] for r in rows] == [numbers[1]]
    rows = json.loads(ready_station.run("case", "list", "--json").out)
    assert sorted(r["case_no"] for r in rows) == numbers
    assert rows[0]["names"] and isinstance(rows[0]["names"], list)


def test_void_takes_effect_only_on_a_supervisors_approval(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    env = {"XUNREN_NEW_PASSWORD": "Officer-Passw0rd-26"}
    assert ready_station.run("user", "add", "li", "--role", "officer", **env).code == 0
    assert ready_station.run("user", "add", "zhao", "--role", "supervisor", **env).code == 0
    as_li = {"XUNREN_USER": "li", "XUNREN_PASSWORD": "Officer-Passw0rd-26"}
    as_zhao = {"XUNREN_USER": "zhao", "XUNREN_PASSWORD": "Officer-Passw0rd-26"}
    r = ready_station.run("case", "void", numbers[2], "--reason", "重复登记", **as_li)
    assert r.code == 0, r.err
    shown = json.loads(ready_station.run("case", "show", numbers[2], "--json").out)
    assert shown["status"] == "void_pending"
    queue = json.loads(ready_station.run("review", "list", "--json", **as_zhao).out)
    void = next(q["id"] for q in queue if q["case_no"] == numbers[2] and q["kind"] == "void")
    assert ready_station.run("review", "approve", void, **as_li).code == 1  # officers cannot approve
    assert ready_station.run("review", "approve", void, **as_zhao).code == 0
    shown = json.loads(ready_station.run("case", "show", numbers[2], "--json").out)
    assert shown["status"] == "voided" and shown["void_reason"] == "重复登记"
    # Never deleted: still listed and shown.
    assert numbers[2] in [r["case_no"] for r in json.loads(ready_station.run("case", "list", "--json").out)]


def test_an_admin_cannot_approve_their_own_void_request(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    env = {"XUNREN_NEW_PASSWORD": "Officer-Passw0rd-26"}
    assert ready_station.run("user", "add", "zhao", "--role", "supervisor", **env).code == 0
    assert ready_station.run("case", "void", numbers[0], "--reason", "重复登记").code == 0  # the admin asks
    queue = json.loads(ready_station.run("review", "list", "--json").out)
    void = next(q["id"] for q in queue if q["case_no"] == numbers[0] and q["kind"] == "void")
    r = ready_station.run("review", "approve", void)  # … and tries to approve it alone
    assert r.code == 1 and "另一名" in r.err and len(r.err.strip().splitlines()) == 1
    assert json.loads(ready_station.run("case", "show", numbers[0], "--json").out)["status"] == "void_pending"
    as_zhao = {"XUNREN_USER": "zhao", "XUNREN_PASSWORD": "Officer-Passw0rd-26"}
    assert ready_station.run("review", "approve", void, **as_zhao).code == 0  # two people
    assert json.loads(ready_station.run("case", "show", numbers[0], "--json").out)["status"] == "voided"


def test_review_approve_return_and_assign(ready_station: Station) -> None:
    numbers = ready_station.add_examples()
    env = {"XUNREN_NEW_PASSWORD": "Officer-Passw0rd-26"}
    assert ready_station.run("user", "add", "zhao", "--role", "supervisor", **env).code == 0
    as_zhao = {"XUNREN_USER": "zhao", "XUNREN_PASSWORD": "Officer-Passw0rd-26"}
    r = ready_station.run("review", "approve", numbers[0])  # the admin registered it: not theirs to approve
    assert r.code == 1 and "本人" in r.err
    r = ready_station.run("review", "approve", numbers[0], **as_zhao)
    assert r.code == 0 and numbers[0] in r.out and "登记已审核通过" in r.out
    assert json.loads(ready_station.run("case", "show", numbers[0], "--json").out)["review"] == "approved"
    r = ready_station.run("review", "return", numbers[1], "--comment", "请补充体貌特征", **as_zhao)
    assert r.code == 0 and numbers[1] in r.out and "请补充体貌特征" in r.out and "admin" in r.out
    assert json.loads(ready_station.run("case", "show", numbers[1], "--json").out)["review"] == "returned"
    assert ready_station.run("user", "add", "li", "--role", "officer", **env).code == 0
    r = ready_station.run("case", "assign", numbers[1], "--to", "li")
    assert r.code == 0 and "li" in r.out and numbers[1] in r.out
    assert json.loads(ready_station.run("case", "show", numbers[1], "--json").out)["assigned_to"] == "li"
    assert ready_station.run("case", "assign", numbers[1], "--to", "nobody").code == 1


def test_overdue_rule_for_missing_child_without_dna(ready_station: Station, tmp_path: Path) -> None:
    doc = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
    doc["reporter"].pop("samples")
    for p in doc["persons"]:
        p.pop("samples", None)
    path = tmp_path / "nodna.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    ready_station.run("case", "add", "--file", str(path))
    rows = json.loads(ready_station.run("case", "list", "--overdue", "--json").out)
    assert rows == []  # registered just now: not overdue yet
