"""The station's overdue rules on the command line.

xunren overdue rules [--json]            each rule, its threshold (hours) or off, and whether it runs
xunren overdue set RULE HOURS|off        (supervisor or admin)
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import emit_json, open_session, say
from app.core.overdue import OverdueRule, OverdueThresholds, rule_words


def _rules_json(limits: OverdueThresholds, inactive: dict[OverdueRule, str]) -> list[dict[str, Any]]:
    return [
        {"rule": r.value, "hours": limits.hours.get(r), "active": limits.hours.get(r) is not None
         and r not in inactive, "note": inactive.get(r)}
        for r in OverdueRule
    ]  # fmt: skip


def overdue_rules(args: argparse.Namespace, lang: str) -> int:
    from app.services.overdue import overdue_report

    with open_session(args, lang) as session:
        report = overdue_report(session)
    inactive = dict(report.inactive)
    if args.json:
        emit_json(_rules_json(report.thresholds, inactive))
        return 0
    counts = report.by_rule()
    for r in OverdueRule:
        hours = report.thresholds.hours.get(r)
        state = ("已关闭" if lang != "en" else "off") if hours is None else str(len(counts[r]))
        note = ("  (not running: the station keeps no alerts yet)" if lang == "en"
                else "  （本所尚未保存协查通报，暂不启用）") if r in inactive else ""  # fmt: skip
        print(f"{r.value:<24} {rule_words(r, lang, report.thresholds)}  {state}{note}")
    return 0


def overdue_set(args: argparse.Namespace, lang: str) -> int:
    from app.services.overdue import set_threshold

    with open_session(args, lang) as session:
        limits = set_threshold(session, args.rule, args.hours)
    rule = OverdueRule(args.rule)
    if limits.hours.get(rule) is None:
        say(
            lang,
            f"已关闭超期规则：{rule_words(rule, lang)}",
            f"overdue rule switched off: {rule_words(rule, lang)}",
        )
    else:
        words = rule_words(rule, lang, limits)
        say(lang, f"超期规则已更新：{words}", f"overdue rule set: {words}")
    return 0
