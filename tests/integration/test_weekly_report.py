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
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases
    from app.services.weekly import weekly_report

    doc = json.loads(example_bytes("trafficking"))
    register_cases(session, parse_case_file(json.dumps([doc] * 230).encode()), check=False)
    with session.store.unit_of_work() as uow:  # nobody touched them for a month
        uow.cursor.execute("UPDATE cases SET updated_at = '2026-01-01T00:00:00Z'")
        uow.commit()
    report = weekly_report(session)
    (stalled,) = [s for s in report.overdue if s.rule.value == "no_action"]
    assert stalled.total == 230 and len(stalled.listed) == 200 and stalled.beyond == 30
    out = tmp_path / "weekly.pdf"
    code, printed, err = _cli(session, monkeypatch, capsys, "print", "weekly", "-o", str(out))
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
