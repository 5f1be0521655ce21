"""The weekly report (issue 16): `xunren print weekly [--week YYYY-Www] -o FILE`, its counts for
the chosen ISO week in the station's time, overdue cases listed 200 per rule with the count
beyond, and its pages rendered to pixels."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD, example_bytes


def _cli(session: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any, *args: str) -> tuple[int, str, str]:
    from app.cli import main

    for k, v in {"XUNREN_DATA_DIR": str(session.data_dir), "XUNREN_USER": "admin", "XUNREN_PASSWORD": PASSWORD,
                 "XUNREN_LANG": "zh_CN", "XUNREN_CONFIG_DIR": str(session.data_dir.parent / "cfg")}.items():  # fmt: skip
        monkeypatch.setenv(k, v)
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _text(pdf: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def test_week_counts_in_station_time(session: Any) -> None:
    from app.core.dashboard import IsoWeek
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases
    from app.services.weekly import weekly_report

    doc = json.loads(example_bytes("found_child"))
    # Monday 2026-11-23 07:00 in Beijing is still Sunday in UTC: the station counts it in W48.
    register_cases(
        session,
        parse_case_file(json.dumps(doc).encode()),
        now=dt.datetime(2026, 11, 22, 23, tzinfo=dt.UTC),
        check=False,
    )
    now = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
    report = weekly_report(session, IsoWeek.parse("2026-W48"), now=now)
    assert report.new == 1 and report.closed == 0
    assert weekly_report(session, IsoWeek.parse("2026-W47"), now=now).new == 0
    assert str(weekly_report(session, now=now).week) == "2026-W48"  # the default: the last whole week


def test_print_weekly_lists_200_per_rule_and_the_count_beyond(
    session: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path
) -> None:
    from app.core.dashboard import IsoWeek
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases
    from app.services.weekly import weekly_report

    doc = json.loads(example_bytes("trafficking"))
    october = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)  # registered in October, nobody touched them since
    register_cases(session, parse_case_file(json.dumps([doc] * 230).encode()), check=False, now=october)
    with session.store.unit_of_work() as uow:
        uow.cursor.execute("UPDATE cases SET updated_at = created_at")
        uow.cursor.execute("UPDATE review_items SET requested_at = '2026-10-01T00:00:00Z'")
        uow.commit()
    report = weekly_report(session, IsoWeek.parse("2026-W48"))
    (stalled,) = [s for s in report.overdue if s.rule.value == "no_action"]
    assert stalled.total == 230 and len(stalled.listed) == 200 and stalled.beyond == 30
    assert stalled.listed[0].since == october + dt.timedelta(days=7)
    out = tmp_path / "weekly.pdf"
    code, printed, err = _cli(
        session, monkeypatch, capsys, "print", "weekly", "--week", "2026-W48", "-o", str(out)
    )
    assert code == 0, err
    text = _text(out.read_bytes())
    assert "每周工作报告" in text and "另有 30 起未列出" in text and "超过 7 天无任何办理（230）" in text
    code, _o, err = _cli(
        session, monkeypatch, capsys, "print", "weekly", "--week", "2026-W99", "-o", str(out)
    )
    assert code == 2 and "--week" in err and "2026-W48" in err
    code, _o, err = _cli(
        session, monkeypatch, capsys, "print", "weekly", "--week", "2026-W48", "-o", str(out)
    )
    assert code == 0 and "2026-W48" in _text(out.read_bytes())


def test_a_past_week_stands_as_at_its_end(
    session: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path
) -> None:
    """Cases registered in November: after W48 ended (Monday 30 November, 00:00 Beijing time) one
    was closed, one handed to another officer and given a DNA sample, one registered anew, and an
    alert came and went unacknowledged. W48's report shows the week's end, not today."""
    from app.core.dashboard import IsoWeek
    from app.core.lifecycle import ClosureOutcome
    from app.core.model import AccountRole, Sample, SampleType
    from app.core.validation import parse_case_file
    from app.services import case_life
    from app.services.accounts import add_user
    from app.services.cases import approve, assign, register_cases
    from app.services.child_alerts import acknowledge
    from app.services.demo_history import as_user
    from app.services.samples import add_sample
    from app.services.weekly import weekly_report
    from tests.integration.test_overdue_rules import ALERTED, _deliver_alert

    for name in ("li.ming", "chen.jie"):
        add_user(session, name, AccountRole.OFFICER, "Officer-Passw0rd-2026")
    li = as_user(session, "li.ming")
    november = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)

    def register(name: str, *, dna: bool, at: dt.datetime = november) -> str:
        doc = json.loads(example_bytes(name))
        for person in [doc.get("reporter") or {}, *doc["persons"]]:
            if not dna:
                person.pop("samples", None)
        return str(
            register_cases(li, parse_case_file(json.dumps(doc).encode()), now=at, check=False)[0].case_no
        )

    closed_later = register("found_child", dna=True)
    child = register("missing_child", dna=False)
    approve(session, closed_later)
    approve(session, child)
    with session.store.unit_of_work() as uow:  # both approved, and last acted on, on 20 November
        uow.cursor.execute("UPDATE cases SET updated_at = '2026-11-20T00:00:00Z'")
        uow.cursor.execute("UPDATE case_thread SET at = '2026-11-20T00:00:00Z'")
        uow.cursor.execute("UPDATE review_items SET decided_at = '2026-11-20T00:00:00Z'")
        uow.commit()
    # Today: closed, handed on, sampled, a new case, an alert.
    case_life.close_case(li, closed_later, ClosureOutcome.FOUND_BY_FAMILY, "家属已接回")
    approve(session, closed_later)
    assign(session, child, "chen.jie")
    add_sample(
        li, child, 0, Sample(SampleType.BUCCAL_SWAB, dt.datetime.now(dt.UTC), True, collector="li.ming")
    )
    register("trafficking", dna=True, at=dt.datetime.now(dt.UTC))
    _deliver_alert(session)  # came on 25 November, acknowledged only today
    with session.store.unit_of_work() as uow:
        uow.cursor.execute("UPDATE child_alerts SET received_at = '2026-11-25T00:00:00Z'")
        uow.commit()
    acknowledge(session, ALERTED)

    w48 = weekly_report(session, IsoWeek.parse("2026-W48"))
    assert w48.week_over and w48.as_of == w48.end
    assert w48.open_cases == 2  # the closure came after the week
    officers = dict(zip(w48.chart("officer").categories, w48.chart("officer").series[0].values, strict=True))
    assert officers == {("li.ming", "li.ming"): 2}  # chen.jie had nothing yet
    rules = {s.rule.value: [ln.case_no for ln in s.listed] for s in w48.overdue}
    assert rules["dna_not_collected"] == [child]  # its sample was taken after the week
    assert rules["alert_unacknowledged"] == [ALERTED]  # acknowledged after the week
    assert sorted(rules["no_action"]) == sorted([closed_later, child])  # idle since 20 November
    (stalled,) = [
        ln for s in w48.overdue if s.rule.value == "no_action" for ln in s.listed if ln.case_no == child
    ]
    assert stalled.owner == "li.ming" and stalled.since == dt.datetime(2026, 11, 27, tzinfo=dt.UTC)
    dna = dict(zip(w48.chart("dna").categories, w48.chart("dna").series[0].values, strict=True))
    assert dna[("已采集", "collected")] == 1  # the found child's sample; not today's

    # This week, as the station counts it (Beijing time: from Sunday 16:00 UTC it is Monday there)
    beijing = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    today = weekly_report(session, IsoWeek.of(beijing))  # this week: not over
    assert not today.week_over and today.open_cases == 2  # the child and today's trafficking case
    now_rules = {s.rule.value: [ln.case_no for ln in s.listed] for s in today.overdue}
    assert child not in now_rules["dna_not_collected"] and now_rules["alert_unacknowledged"] == []

    out = tmp_path / "w48.pdf"
    code, _p, err = _cli(
        session, monkeypatch, capsys, "print", "weekly", "--week", "2026-W48", "-o", str(out)
    )
    assert code == 0, err
    text = _text(out.read_bytes())
    assert "在办案件（截至本周末）" in text and "按打印时计" in text
