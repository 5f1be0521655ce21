"""Overdue rules on a real encrypted station (issue 16): each rule with its default threshold, a
station's own thresholds, the alert rule's interface, and `case list --overdue --json`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.conftest import PASSWORD, example_bytes


def _register(session: Any, name: str, *, dna: bool = True, profile: bool = True, dup: bool = False) -> str:
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases

    doc = json.loads(example_bytes(name))
    for person in [doc.get("reporter") or {}, *doc["persons"]]:
        if not dna:
            person.pop("samples", None)
        elif not profile:
            for s in person.get("samples", []):
                s.pop("profile", None)
    kw = {"allow_duplicate": "另一份"} if dup else {}
    return str(register_cases(session, parse_case_file(json.dumps(doc).encode()), **kw)[0].case_no)


def _rules(session: Any, now: dt.datetime) -> dict[str, set[str]]:
    from app.services.overdue import overdue_report

    report = overdue_report(session, now)
    return {case_no: {b.rule.value for b in found} for case_no, found in report.breaches.items()}


def test_each_default_rule_with_its_since(session: Any) -> None:
    from app.services.match_review import review_candidate  # noqa: F401  (the queue's other side)
    from app.services.matching import match_all
    from app.services.overdue import overdue_report

    no_dna = _register(session, "missing_child", dna=False)
    with_dna = _register(session, "missing_child", dup=True)
    found_no_profile = _register(session, "found_child", profile=False)
    match_all(session)
    now = dt.datetime.now(dt.UTC)
    assert _rules(session, now) == {}  # nothing is late yet
    later = _rules(session, now + dt.timedelta(hours=25))
    assert later[no_dna] == {"review_waiting"} and later[with_dna] == {"review_waiting"}
    in_4_days = _rules(session, now + dt.timedelta(days=4))
    assert "dna_not_collected" in in_4_days[no_dna] and "dna_not_collected" not in in_4_days[with_dna]
    assert "match_unreviewed" in in_4_days[found_no_profile]
    in_15_days = _rules(session, now + dt.timedelta(days=15))
    assert {"no_action", "found_child_no_profile"} <= in_15_days[found_no_profile]
    assert "found_child_no_profile" not in in_15_days.get(with_dna, set())
    report = overdue_report(session, now + dt.timedelta(days=4))
    (dna_rule,) = [b for b in report.breaches[no_dna] if b.rule.value == "dna_not_collected"]
    assert abs(dna_rule.since - (now + dt.timedelta(days=3))) < dt.timedelta(minutes=5)


def test_station_thresholds_and_switching_a_rule_off(session: Any) -> None:
    from app.services.errors import ServiceError
    from app.services.overdue import set_threshold

    case_no = _register(session, "found_child")
    now = dt.datetime.now(dt.UTC)
    assert "review_waiting" in _rules(session, now + dt.timedelta(hours=25))[case_no]
    set_threshold(session, "review_waiting", "72")
    assert case_no not in _rules(session, now + dt.timedelta(hours=25))
    assert "review_waiting" in _rules(session, now + dt.timedelta(hours=73))[case_no]
    set_threshold(session, "review_waiting", "off")
    assert "review_waiting" not in _rules(session, now + dt.timedelta(days=30)).get(case_no, set())
    for bad in ("0", "-3", "soon", "99999"):
        with pytest.raises(ServiceError) as err:
            set_threshold(session, "review_waiting", bad)
        assert "1–8760" in err.value.text("zh_CN")
    with pytest.raises(ServiceError):
        set_threshold(session, "lunch_break", "3")


def test_alert_rule_is_inactive_without_the_alerts_table_and_runs_against_its_interface(session: Any) -> None:
    from app.core.overdue import OverdueRule
    from app.services.overdue import overdue_report

    case_no = _register(session, "missing_child")
    now = dt.datetime.now(dt.UTC)
    report = overdue_report(session, now)
    if OverdueRule.ALERT_UNACKNOWLEDGED not in report.inactive:
        pytest.skip("this database already has an alerts table of its own")
    assert "alerts" in report.inactive[OverdueRule.ALERT_UNACKNOWLEDGED]
    # The interface the rule names: a table with case_no, received_at, acknowledged_at.
    with session.store.unit_of_work() as uow:
        uow.cursor.execute("CREATE TABLE alerts (case_no TEXT, received_at TEXT, acknowledged_at TEXT)")
        uow.cursor.execute("INSERT INTO alerts VALUES (?, '2026-01-01T00:00:00Z', NULL)", (case_no,))
        uow.commit()
    report = overdue_report(session, now)
    assert OverdueRule.ALERT_UNACKNOWLEDGED not in report.inactive
    assert [b.rule for b in report.breaches[case_no]] == [OverdueRule.ALERT_UNACKNOWLEDGED]


def test_case_list_overdue_json_names_rule_and_since(
    session: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from app.cli import main

    case_no = _register(session, "found_child")
    with session.store.unit_of_work() as uow:  # registered eight days ago, nothing done since
        uow.cursor.execute(
            "UPDATE cases SET updated_at = '2026-01-01T00:00:00Z' WHERE case_no = ?", (case_no,)
        )
        uow.cursor.execute("UPDATE review_items SET requested_at = '2026-01-01T00:00:00Z'")
        uow.commit()
    for k, v in {"XUNREN_DATA_DIR": str(session.data_dir), "XUNREN_USER": "admin", "XUNREN_PASSWORD": PASSWORD,
                 "XUNREN_LANG": "zh_CN", "XUNREN_CONFIG_DIR": str(session.data_dir.parent / "cfg")}.items():  # fmt: skip
        monkeypatch.setenv(k, v)
    capsys.readouterr()
    assert main(["case", "list", "--overdue", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["case_no"] == case_no
    assert row["overdue"] == [
        {"rule": "no_action", "since": "2026-01-08T00:00:00Z"},
        {"rule": "review_waiting", "since": "2026-01-02T00:00:00Z"},
    ]
    assert main(["case", "list", "--overdue"]) == 0
    text = capsys.readouterr().out
    assert "超过 7 天无任何办理" in text and "待审核事项超过 24 小时" in text
    assert main(["overdue", "rules", "--json"]) == 0
    rules = {r["rule"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["no_action"]["hours"] == 168 and rules["review_waiting"]["active"]
