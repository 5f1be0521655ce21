"""The life of a case after intake, on the command line (issue 13): edit, return → correct →
resubmit, close with an outcome and a supervisor's approval, reopen, duplicates at intake, the
fields intake needs, and the receipt's words."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES, Station

OFFICER_PW = "Officer-Passw0rd-26"
AS_LI = {"XUNREN_USER": "li", "XUNREN_PASSWORD": OFFICER_PW}
AS_ZHAO = {"XUNREN_USER": "zhao", "XUNREN_PASSWORD": OFFICER_PW}


def _staff(st: Station) -> None:
    env = {"XUNREN_NEW_PASSWORD": OFFICER_PW}
    assert (
        st.run("user", "add", "li", "--role", "officer", "--name", "李明", "--badge", "037245", **env).code
        == 0
    )
    assert (
        st.run(
            "user", "add", "zhao", "--role", "supervisor", "--name", "赵刚", "--badge", "030001", **env
        ).code
        == 0
    )


def _show(st: Station, case_no: str) -> dict[str, object]:
    r = st.run("case", "show", case_no, "--json")
    assert r.code == 0, r.err
    return json.loads(r.out)  # type: ignore[no-any-return]


def _patch(tmp_path: Path, body: object) -> str:
    path = tmp_path / "patch.json"
    path.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    return str(path)


def test_edit_makes_a_revision_with_who_when_why_and_what(ready_station: Station, tmp_path: Path) -> None:
    st = ready_station
    _staff(st)
    missing = st.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"), **AS_LI).out.strip()
    before = _show(st, missing)
    patch = {
        "persons": [{"name": "王晓明", "build": "壮实", "marks": "左耳后黑痣"}],
        "last_seen": {"place": "东门外"},
    }
    r = st.run(
        "case", "edit", missing, "--file", _patch(tmp_path, patch), "--reason", "家属更正姓名", **AS_LI
    )
    assert r.code == 0, r.err
    assert "姓名：王小明 → 王晓明" in r.out  # the diff in words
    after = _show(st, missing)
    person = after["persons"][0]  # type: ignore[index]
    assert person["name"] == "王晓明" and person["build"] == "heavy" and person["build_text"] == "壮实"
    assert after["case_no"] == before["case_no"] and after["verification_code"] == before["verification_code"]
    (rev,) = after["revisions"]  # type: ignore[misc]
    assert rev["by"] == "li" and rev["reason"] == "家属更正姓名"
    assert {c["field"] for c in rev["changes"]} >= {"persons[0].name", "persons[0].build", "last_seen.place"}
    # Found by the new name, no longer by the old one; the audit names fields, never values.
    hits = json.loads(st.run("search", "王晓明", "--json").out)
    assert missing in [h["case_no"] for h in hits]
    old = {h["case_no"]: h["matched_on"] for h in json.loads(st.run("search", "王小明", "--json").out)}
    assert old.get(missing) == "pinyin"  # a homophone now, no longer the name itself
    text = st.run("case", "show", missing).out
    assert "修改记录" in text and "王小明 → 王晓明" in text
    assert st.run("audit", "verify").code == 0


def test_edit_refusals(ready_station: Station, tmp_path: Path) -> None:
    st = ready_station
    missing, found, traffic = st.add_examples()
    _staff(st)
    cases = [
        ({"type": "found"}, "type"),
        ({"persons": [None]}, "persons[0]"),
        (
            {
                "persons": [
                    {
                        "samples": [
                            {},
                            {"type": "hair", "collected_at": "2026-11-20T10:00:00+08:00", "consent": True},
                        ]
                    }
                ]
            },
            "",
        ),
        ({"reporter": {"phone": ""}}, "reporter.phone"),  # a missing child's reporter keeps a phone
        ({"persons": [{"name": ""}]}, "persons[0].name"),
        ({}, ""),  # changes nothing
    ]
    for body, field in cases:
        r = st.run("case", "edit", missing, "--file", _patch(tmp_path, body), "--reason", "更正")
        assert r.code == 1 and len(r.err.strip().splitlines()) == 1, (body, r.err)
        assert field in r.err
    r = st.run(
        "case", "edit", found, "--file", _patch(tmp_path, {"summary": "x"}), "--reason", "更正", **AS_LI
    )
    assert r.code == 1 and "只有登记民警" in r.err  # another officer's case
    assert st.run("case", "edit", found, "--file", _patch(tmp_path, {"summary": "x"})).code == 2  # no reason
    assert _show(st, missing)["persons"][0]["name"] == "王小明"  # type: ignore[index]


def test_returned_registration_is_corrected_and_resubmitted_with_the_thread_kept(
    ready_station: Station, tmp_path: Path
) -> None:
    st = ready_station
    _staff(st)
    case_no = st.run("case", "add", "--file", str(EXAMPLES / "found_child.json"), **AS_LI).out.strip()
    assert st.run("review", "return", case_no, "--comment", "请补充发现经过", **AS_ZHAO).code == 0
    shown = _show(st, case_no)
    assert shown["review"] == "returned"
    listing = st.run("case", "list", **AS_LI).out
    assert listing.startswith("退回待更正")  # the officer sees returned cases first
    patch = _patch(tmp_path, {"summary": "巡逻中在火车站候车室发现，已询问候车旅客。"})
    r = st.run("case", "edit", case_no, "--file", patch, "--reason", "已补充发现经过", **AS_LI)
    assert r.code == 0 and "重新提交" in r.out, r.err
    shown = _show(st, case_no)
    assert shown["review"] == "pending"
    events = [(e["event"], e["text"]) for e in shown["thread"]]  # type: ignore[union-attr]
    assert events == [("returned", "请补充发现经过"), ("resubmitted", "已补充发现经过")]
    queue = json.loads(st.run("review", "list", "--json", **AS_ZHAO).out)
    item = next(q for q in queue if q["case_no"] == case_no)
    assert item["kind"] == "resubmission"
    assert st.run("review", "approve", str(item["item"]), **AS_ZHAO).code == 0
    shown = _show(st, case_no)
    assert shown["review"] == "approved" and [e["event"] for e in shown["thread"]][-1] == "approved"  # type: ignore[union-attr]
    assert "审核往来" in st.run("case", "show", case_no).out


def test_close_needs_another_supervisors_approval_and_reopen_takes_a_reason(ready_station: Station) -> None:
    st = ready_station
    _staff(st)
    missing, _found, _traffic = st.add_examples()
    r = st.run(
        "case", "close", missing, "--outcome", "found_by_family", "--reason", "孩子已自行回家", **AS_ZHAO
    )
    assert r.code == 0, r.err
    assert _show(st, missing)["status"] == "close_pending"
    # The registration and the closure both wait: the case number alone names neither.
    r = st.run("review", "approve", missing)
    assert r.code == 1 and "事项编号" in r.err
    queue = json.loads(st.run("review", "list", "--json", **AS_ZHAO).out)
    closure = next(q["id"] for q in queue if q["case_no"] == missing and q["kind"] == "closure")
    assert st.run("review", "approve", closure, **AS_ZHAO).code == 1  # not the one who asked
    assert st.run("review", "approve", closure, **AS_LI).code == 1  # not an officer
    assert st.run("review", "approve", closure).code == 0  # the admin
    shown = _show(st, missing)
    assert shown["status"] == "closed"
    assert shown["closure"]["outcome"] == "found_by_family" and shown["closure"]["approved_by"] == "admin"  # type: ignore[index]
    assert "家属自行找回" in st.run("case", "show", missing).out
    assert (
        st.run("case", "close", missing, "--outcome", "withdrawn", "--reason", "x").code == 1
    )  # already closed
    assert st.run("case", "reopen", missing, "--reason", "").code == 1
    assert st.run("case", "reopen", missing, "--reason", "孩子再次走失", **AS_LI).code == 0
    shown = _show(st, missing)
    assert shown["status"] == "open" and "closure" not in shown
    assert [e["event"] for e in shown["thread"]] == ["close_requested", "closed", "reopened"]  # type: ignore[union-attr]
    assert st.run("case", "close", missing, "--outcome", "sold", "--reason", "x").code == 2


def test_duplicates_at_intake_warn_with_the_existing_case(ready_station: Station) -> None:
    st = ready_station
    first = st.run("case", "add", "--file", str(EXAMPLES / "trafficking.json")).out.strip()
    r = st.run("case", "add", "--file", str(EXAMPLES / "trafficking.json"))
    assert r.code == 1 and first in r.err and "身份证号" in r.err and "--allow-duplicate" in r.err
    assert "3" not in r.err.split(first)[0][-3:]  # the ID number itself is never shown
    assert st.run("case", "add", "--file", str(EXAMPLES / "trafficking.json"), "--allow-duplicate").code == 2
    r = st.run(
        "case",
        "add",
        "--file",
        str(EXAMPLES / "trafficking.json"),
        "--allow-duplicate",
        "--reason",
        "另一起案件的同一被害人",
    )
    assert r.code == 0, r.err
    second = r.out.strip()
    thread = _show(st, second)["thread"]
    assert thread[0]["event"] == "duplicate_allowed" and first in thread[0]["text"]  # type: ignore[index]
    # A missing child's duplicate by name, birth date and reporter's phone (no ID number).
    st.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"))
    r = st.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"))
    assert r.code == 1 and "姓名、出生日期和报案人电话" in r.err


def test_intake_needs_a_reporter_with_a_phone_and_the_missing_persons_name(
    ready_station: Station, tmp_path: Path
) -> None:
    st = ready_station
    doc = json.loads((EXAMPLES / "missing_child.json").read_text("utf-8"))
    for change, field in (
        (lambda d: d.pop("reporter"), "reporter"),
        (lambda d: d["reporter"].update(name=""), "reporter.name"),
        (lambda d: d["reporter"].pop("phone"), "reporter.phone"),
        (lambda d: d["persons"][0].update(name=" "), "persons[0].name"),
    ):
        body = json.loads(json.dumps(doc))
        change(body)
        path = tmp_path / "case.json"
        path.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
        r = st.run("case", "add", "--file", str(path))
        assert r.code == 1 and field in r.err and "必填" in r.err, (field, r.err)
    assert json.loads(st.run("case", "list", "--json").out) == []


def test_real_world_words_and_places_are_accepted(ready_station: Station, tmp_path: Path) -> None:
    st = ready_station
    doc = json.loads((EXAMPLES / "found_child.json").read_text("utf-8"))
    doc["found"]["place_code"] = "441900"  # 东莞市: a prefecture-level city with no counties
    doc["persons"][0]["build"] = "stocky"
    doc["persons"][0]["sex"] = "男"
    doc["persons"][0]["samples"][0]["type"] = "口腔拭子"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    r = st.run("case", "add", "--file", str(path))
    assert r.code == 0, r.err
    shown = _show(st, r.out.strip())
    person = shown["persons"][0]  # type: ignore[index]
    assert (person["build"], person["build_text"], person["sex"]) == ("heavy", "stocky", "M")
    assert person["samples"][0]["type"] == "buccal_swab"
    assert shown["found"]["place_code"] == "441900"  # type: ignore[index]
    text = st.run("case", "show", r.out.strip()).out
    assert "广东省东莞市" in text and "偏胖（stocky）" in text
    # A code withdrawn since: accepted for an event before its withdrawal, shown by its old name.
    doc["found"]["place_code"] = "130527"  # 南和县, a district (130506 南和区) since 2020
    doc["found"]["at"], doc["reported_at"] = "2015-05-01T10:00:00+08:00", "2015-05-01T12:00:00+08:00"
    doc["persons"][0]["samples"][0]["collected_at"] = "2015-05-01T13:00:00+08:00"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    r = st.run("case", "add", "--file", str(path), "--allow-duplicate", "--reason", "另一名儿童")
    assert r.code == 0, r.err
    assert "河北省邢台市南和县" in st.run("case", "show", r.out.strip()).out
    doc["found"]["place_code"] = "110103"  # 崇文区, merged away in 2010: not for a 2015 event
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    r = st.run("case", "add", "--file", str(path))
    assert r.code == 1 and "found.place_code" in r.err and "崇文区" in r.err
    doc["found"]["place_code"] = "130527"
    doc["persons"][0]["build"] = "像根竹竿"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    r = st.run("case", "add", "--file", str(path))
    assert r.code == 1 and "persons[0].build" in r.err and "偏瘦" in r.err


def test_station_code_of_a_city_without_counties(station: Station) -> None:
    r = station.run("init", "--station-code", "441900001", "--station-name", "东莞市公安局东城派出所",
                    "--admin", "admin", "--phone", "0769-22112211", "--address", "东莞市东城区")  # fmt: skip
    assert r.code == 0, r.err
    assert station.run("init", "--station-code", "441900001", "--station-name", "x", "--admin", "a").code == 1


def test_accounts_on_the_command_line(ready_station: Station) -> None:
    st = ready_station
    _staff(st)
    rows = json.loads(st.run("user", "list", "--json").out)
    li = next(r for r in rows if r["user"] == "li")
    assert (li["role"], li["name"], li["badge"], li["locked"]) == ("officer", "李明", "037245", False)
    assert "所长" in st.run("user", "list").out
    assert st.run("user", "role", "li", "--role", "supervisor").code == 0
    assert json.loads(st.run("user", "list", "--json").out)[1]["role"] == "supervisor"
    assert st.run("user", "role", "admin", "--role", "officer").code == 1  # not one's own
    assert st.run("user", "role", "li", "--role", "officer", **AS_LI).code == 1  # admins only
    # Every user changes their own password; an admin sets another's.
    r = st.run("user", "passwd", XUNREN_NEW_PASSWORD="Li-New-Passw0rd-26", **AS_LI)
    assert r.code == 0, r.err
    assert st.run("case", "list", XUNREN_USER="li", XUNREN_PASSWORD="Li-New-Passw0rd-26").code == 0
    assert st.run("user", "passwd", "li", XUNREN_NEW_PASSWORD="short").code == 1
    assert st.run("user", "passwd", "li", XUNREN_NEW_PASSWORD="Reset-Passw0rd-26").code == 0
    assert st.run("case", "list", XUNREN_USER="li", XUNREN_PASSWORD="Reset-Passw0rd-26").code == 0
    actions = st.run("audit", "verify")
    assert actions.code == 0


def test_sample_custody_on_the_command_line(ready_station: Station) -> None:
    st = ready_station
    missing, _found, _traffic = st.add_examples()
    sample_no = _show(st, missing)["reporter"]["samples"][0]["sample_no"]  # type: ignore[index]
    r = st.run("sample", "custody", sample_no, "--to", "市局物证室 张工", "--note", "送检")
    assert r.code == 0, r.err
    r = st.run("sample", "custody", sample_no, "--to", "市公安局DNA实验室")
    assert r.code == 0 and "市局物证室 张工" in r.out  # handed over by the last receiver
    custody = _show(st, missing)["reporter"]["samples"][0]["custody"]  # type: ignore[index]
    assert [c["to"] for c in custody] == ["市局物证室 张工", "市公安局DNA实验室"]
    assert st.run("sample", "custody", "370783001-2026-D999999", "--to", "x").code == 1
    assert st.run("sample", "custody", sample_no, "--to", " ").code == 1


def test_words_and_help_follow_the_session_language(ready_station: Station) -> None:
    st = ready_station
    missing, _found, _traffic = st.add_examples()
    zh = st.run("case", "show", missing).out
    for english in ("missing", "open", "pending", " F ", "mother"):
        assert english not in zh, english
    assert "失踪人员" in zh and "办理中" in zh and "待审核" in zh and "母亲" in zh and "左耳后" in zh
    en = st.run("case", "show", missing, XUNREN_LANG="en").out
    assert "missing person" in en and "awaiting review" in en and "办理中" not in en
    assert st.run("case", "--help").code == 0
    help_zh = st.run("case", "close", "--help")
    assert "结案方式" in help_zh.out and "用法" in help_zh.out
    help_en = st.run("case", "close", "--help", XUNREN_LANG="en")
    assert "how the case ended" in help_en.out and "usage" in help_en.out
    r = st.run("case", "close", missing)
    assert r.code == 2 and "缺少必需的参数" in r.err


def test_a_closed_pipe_is_not_an_error(ready_station: Station) -> None:
    st = ready_station
    assert st.run("demo", "--cases", "1500").code == 0  # more lines than a pipe holds
    import subprocess
    import sys

    from tests.conftest import ROOT

    proc = subprocess.run(
        f"{sys.executable} -m app case list | head -1",
        shell=True, capture_output=True, text=True, cwd=ROOT, env={**__import__("os").environ, **st.env},
        timeout=120,
    )  # fmt: skip
    assert proc.stdout.strip() and "错误" not in proc.stderr and "Error" not in proc.stderr, proc.stderr


def test_progress_on_a_terminal_and_quiet_when_piped(ready_station: Station) -> None:
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, **ready_station.env}
    piped = subprocess.run([sys.executable, "-m", "app", "demo", "--cases", "40"], capture_output=True,
                           text=True, cwd=ROOT, env=env, timeout=120)  # fmt: skip
    from app.services.kdf_switch import warning_text

    said = [
        line for line in piped.stderr.splitlines() if line != warning_text("zh_CN")
    ]  # the test-cost notice
    assert piped.returncode == 0 and said == [] and piped.stdout.strip() == "已生成 40 个演示案件"
    leader, follower = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "app", "demo", "--cases", "40"], stdout=subprocess.PIPE,
                          stderr=follower, cwd=ROOT, env=env, timeout=120)  # fmt: skip
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert proc.returncode == 0
    assert "生成演示案件：" in seen.decode("utf-8", "replace") and "/" in seen.decode("utf-8", "replace")


def test_forms_print_the_station_phone_and_the_officers_name_and_badge(
    station: Station, tmp_path: Path
) -> None:
    import pypdfium2 as pdfium

    r = station.run("init", "--station-code", "370783001", "--station-name", "寿光市公安局圣城派出所",
                    "--admin", "admin", "--phone", "0536-5221110", "--address", "寿光市银海路18号")  # fmt: skip
    assert r.code == 0, r.err
    _staff(station)
    case_no = station.run("case", "add", "--file", str(EXAMPLES / "missing_child.json"), **AS_LI).out.strip()
    for form in ("receipt", "intake", "poster"):
        out = tmp_path / f"{form}.pdf"
        assert station.run("print", form, case_no, "-o", str(out), **AS_LI).code == 0
        text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(str(out)))
        assert "0536-5221110" in text, form
        if form != "poster":
            assert "李明（037245）" in text and "登记民警" in text, form
    text = "".join(
        p.get_textpage().get_text_range() for p in pdfium.PdfDocument(str(tmp_path / "receipt.pdf"))
    )
    assert "寿光市银海路18号" in text


def test_a_demo_officer_gets_a_password_from_an_admin(ready_station: Station) -> None:
    st = ready_station
    assert st.run("demo", "--cases", "20").code == 0
    assert st.run("case", "list", XUNREN_USER="li.ming", XUNREN_PASSWORD="Li-Ming-Passw0rd").code == 1
    assert st.run("user", "passwd", "li.ming", XUNREN_NEW_PASSWORD="Li-Ming-Passw0rd").code == 0
    assert st.run("case", "list", XUNREN_USER="li.ming", XUNREN_PASSWORD="Li-Ming-Passw0rd").code == 0
    r = st.run("case", "close", "370783001-2026-000001", "--outcome", "withdrawn", "--reason", "x" * 2001)
    assert r.code == 1 and "理由过长" in r.err
