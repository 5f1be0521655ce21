"""Overdue rules on a real encrypted station (issue 16): each rule with its default threshold, a
station's own thresholds, an unacknowledged missing-child alert (another station's case), and
`case list --overdue --json`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.conftest import PASSWORD, example_bytes

ALERTED = "370702001-2026-000042"  # another station's missing child, alerted to this one


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


def _deliver_alert(session: Any, case_no: str = ALERTED, seq: int = 11, state: str = "active") -> None:
    """What the sync engine stores when the server delivers an alert for another station's case."""
    from app.services.child_alerts import import_alerts
    from app.storage import sync_state as st

    payload = {
        "state": state, "name": "王小明", "sex": "M", "age_min": 4, "age_max": 4, "place_code": "370783",
        "place": "山东省寿光市圣城街道农贸市场东门", "last_seen_at": "2026-12-06T09:10:00Z",
        "registered_at": "2026-12-06T09:40:00Z", "station_code": "370702001",
        "station_name": "潍坊市公安局潍城派出所", "station_phone": "0536-8221110",
        "clothing": "红色羽绒服", "marks": "左耳后有一颗黑痣", "radius_km": 100, "distance_km": 25,
        "photo_jpeg_base64": "",
    }  # fmt: skip
    with session.store.unit_of_work() as uow:
        st.store_pulled(uow.cursor, [(seq, "alert", "alert", case_no, seq, payload)], "2026-12-06T09:41:00Z")
        uow.commit()
    import_alerts(session)


def test_an_unacknowledged_alert_is_overdue_until_someone_here_acknowledges_it(session: Any) -> None:
    from app.core.overdue import OverdueRule
    from app.services.cases import overdue_rows
    from app.services.child_alerts import acknowledge
    from app.services.desk import desk_counts
    from app.services.overdue import overdue_counts, overdue_report, set_threshold

    now = dt.datetime.now(dt.UTC)
    assert OverdueRule.ALERT_UNACKNOWLEDGED not in overdue_report(session, now).inactive
    _deliver_alert(session)
    assert ALERTED not in _rules(session, now + dt.timedelta(hours=3))  # 4 hours by default
    later = now + dt.timedelta(hours=5)
    report = overdue_report(session, later)
    (breach,) = report.breaches[ALERTED]
    assert breach.rule is OverdueRule.ALERT_UNACKNOWLEDGED
    assert abs(breach.since - (now + dt.timedelta(hours=4))) < dt.timedelta(minutes=5)
    # The alerted case is another station's: its line comes from the alert, marked as one.
    ((row, found),) = overdue_rows(session, now=later)
    assert (row.case_no, row.alert, row.names, row.officer) == (
        ALERTED,
        True,
        "王小明",
        "潍坊市公安局潍城派出所",
    )
    assert found == (breach,)
    assert overdue_counts(session, later)[0][OverdueRule.ALERT_UNACKNOWLEDGED] == 1
    assert desk_counts(session, later) == (0, 1)  # the supervisor's badge counts it
    set_threshold(session, "alert_unacknowledged", "off")
    assert ALERTED not in _rules(session, later)
    set_threshold(session, "alert_unacknowledged", "1")
    assert ALERTED in _rules(session, now + dt.timedelta(hours=2))
    acknowledge(session, ALERTED)  # any officer of the station acknowledging it ends the breach
    assert ALERTED not in _rules(session, later)
    assert desk_counts(session, later) == (0, 0)


def test_a_cancelled_alert_is_not_overdue(session: Any) -> None:
    _deliver_alert(session)
    _deliver_alert(session, seq=12, state="cancelled")
    assert ALERTED not in _rules(session, dt.datetime.now(dt.UTC) + dt.timedelta(days=2))


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


def test_case_list_overdue_shows_an_unacknowledged_alert_in_both_languages(
    session: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from app.cli import main

    _deliver_alert(session)
    with session.store.unit_of_work() as uow:  # it came in at midnight; nobody acknowledged it
        uow.cursor.execute("UPDATE child_alerts SET received_at = '2026-01-01T00:00:00Z'")
        uow.commit()
    for k, v in {"XUNREN_DATA_DIR": str(session.data_dir), "XUNREN_USER": "admin", "XUNREN_PASSWORD": PASSWORD,
                 "XUNREN_LANG": "zh_CN", "XUNREN_CONFIG_DIR": str(session.data_dir.parent / "cfg")}.items():  # fmt: skip
        monkeypatch.setenv(k, v)
    capsys.readouterr()
    assert main(["case", "list", "--overdue", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["case_no"] == ALERTED and row["alert"] is True and row["names"] == ["王小明"]
    assert row["overdue"] == [{"rule": "alert_unacknowledged", "since": "2026-01-01T04:00:00Z"}]
    assert main(["case", "list", "--overdue"]) == 0
    text = capsys.readouterr().out
    assert f"{ALERTED}  协查通报  潍坊市公安局潍城派出所  王小明  协查通报超过 4 小时未签收" in text
    assert "xunren alert list" in text
    monkeypatch.setenv("XUNREN_LANG", "en")
    assert main(["case", "list", "--overdue"]) == 0
    text = capsys.readouterr().out
    assert "alert not acknowledged within 4 hours" in text and "  alert  " in text
    assert main(["overdue", "rules", "--json"]) == 0
    rules = {r["rule"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["alert_unacknowledged"]["active"] and rules["alert_unacknowledged"]["note"] is None
    assert main(["alert", "ack", ALERTED]) == 0
    capsys.readouterr()
    assert main(["case", "list", "--overdue", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
