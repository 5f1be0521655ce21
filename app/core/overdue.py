"""Overdue rules: what a supervisor chases, with each station's own thresholds.

Every rule has a default threshold (the issue's "sensible defaults") that a station may change or
switch off (stored in the settings as ``overdue.<rule>`` = hours, ``off`` to disable). A case
breaks a rule *since* the moment its threshold ran out; a case may break several.

The rule "an alert not acknowledged" reads the missing-child alerts the station received
(migration 0018_alerts): an active alert nobody here acknowledged. The alerted case belongs to
another station, so it is listed under the alert's case number (its row built from the alert,
marked as an alert) and opens the alert, not the register.

Pure Python: no Qt, no SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class OverdueRule(StrEnum):
    NO_ACTION = "no_action"  # an active case nobody touched
    DNA_NOT_COLLECTED = "dna_not_collected"  # a missing child's report without a DNA sample
    FOUND_CHILD_NO_PROFILE = "found_child_no_profile"  # a found child still without a DNA profile
    MATCH_UNREVIEWED = "match_unreviewed"  # a match candidate nobody looked at
    REVIEW_WAITING = "review_waiting"  # an item waiting in the supervisor's queue
    ALERT_UNACKNOWLEDGED = "alert_unacknowledged"  # a missing-child alert nobody acknowledged


DEFAULT_HOURS: Mapping[OverdueRule, int] = {
    OverdueRule.NO_ACTION: 7 * 24,
    OverdueRule.DNA_NOT_COLLECTED: 3 * 24,
    OverdueRule.FOUND_CHILD_NO_PROFILE: 14 * 24,
    OverdueRule.MATCH_UNREVIEWED: 48,
    OverdueRule.REVIEW_WAITING: 24,
    OverdueRule.ALERT_UNACKNOWLEDGED: 4,
}

RULE_WORDS: Mapping[OverdueRule, tuple[str, str]] = {
    OverdueRule.NO_ACTION: ("超过{n}无任何办理", "no action within {n}"),
    OverdueRule.DNA_NOT_COLLECTED: ("儿童失踪报案后{n}内未采集 DNA", "DNA not collected within {n} of a missing-child report"),
    OverdueRule.FOUND_CHILD_NO_PROFILE: ("被发现儿童{n}后仍无 DNA 分型", "found child without a DNA profile after {n}"),
    OverdueRule.MATCH_UNREVIEWED: ("比对候选超过{n}未审核", "match candidate unreviewed after {n}"),
    OverdueRule.REVIEW_WAITING: ("待审核事项超过{n}", "review waiting over {n}"),
    OverdueRule.ALERT_UNACKNOWLEDGED: ("协查通报超过{n}未签收", "alert not acknowledged within {n}"),
}  # fmt: skip

# Short names for a chart's axis; the full words (with the threshold) head the lists.
RULE_SHORT: Mapping[OverdueRule, tuple[str, str]] = {
    OverdueRule.NO_ACTION: ("久未办理", "no action"),
    OverdueRule.DNA_NOT_COLLECTED: ("未采 DNA", "no DNA taken"),
    OverdueRule.FOUND_CHILD_NO_PROFILE: ("无 DNA 分型", "no DNA profile"),
    OverdueRule.MATCH_UNREVIEWED: ("比对未审", "match unreviewed"),
    OverdueRule.REVIEW_WAITING: ("审核积压", "review waiting"),
    OverdueRule.ALERT_UNACKNOWLEDGED: ("通报未签收", "alert not acknowledged"),
}

SETTING_PREFIX = "overdue."
OFF = "off"


@dataclass(frozen=True, slots=True)
class Breach:
    rule: OverdueRule
    since: dt.datetime  # when the threshold ran out


@dataclass(frozen=True, slots=True)
class OverdueThresholds:
    """Each rule's threshold, None where the station switched it off."""

    hours: Mapping[OverdueRule, int | None] = field(default_factory=lambda: dict(DEFAULT_HOURS))

    def limit(self, rule: OverdueRule) -> dt.timedelta | None:
        h = self.hours.get(rule, DEFAULT_HOURS[rule])
        return None if h is None else dt.timedelta(hours=h)

    @classmethod
    def from_settings(cls, values: Mapping[str, str]) -> OverdueThresholds:
        """Read ``overdue.<rule>`` settings (hours, or ``off``); unknown or bad values keep the default."""
        hours: dict[OverdueRule, int | None] = dict(DEFAULT_HOURS)
        for rule in OverdueRule:
            raw = values.get(SETTING_PREFIX + rule.value)
            if raw is None:
                continue
            parsed = parse_hours(raw)
            if parsed is not False:
                hours[rule] = parsed
        return cls(hours)


def parse_hours(raw: str) -> int | None | bool:
    """A threshold as typed: whole hours (1–8760), or ``off``; False when it is neither."""
    text = raw.strip().lower()
    if text == OFF:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 24 * 365:
        return False
    return int(text)


def span_words(hours: int, lang: str) -> str:
    english = lang.startswith("en")
    if hours % 24 == 0 and hours >= 48:
        return f"{hours // 24} days" if english else f" {hours // 24} 天"
    return f"{hours} hours" if english else f" {hours} 小时"


def rule_words(rule: OverdueRule, lang: str, thresholds: OverdueThresholds | None = None) -> str:
    hours = (thresholds or OverdueThresholds()).hours.get(rule, DEFAULT_HOURS[rule])
    zh, en = RULE_WORDS[rule]
    n = span_words(hours if hours is not None else DEFAULT_HOURS[rule], lang)
    return en.format(n=n) if lang.startswith("en") else zh.format(n=n).replace("  ", " ")


@dataclass(frozen=True, slots=True)
class OverdueReport:
    """Every case breaking a rule, the rules in force and the rules that cannot run (and why)."""

    breaches: Mapping[str, tuple[Breach, ...]]
    thresholds: OverdueThresholds
    inactive: Mapping[OverdueRule, str]

    def by_rule(self) -> dict[OverdueRule, list[str]]:
        out: dict[OverdueRule, list[str]] = {r: [] for r in OverdueRule}
        for case_no, found in self.breaches.items():
            for b in found:
                out[b.rule].append(case_no)
        return out


def merge(found: Mapping[OverdueRule, Mapping[str, dt.datetime]]) -> dict[str, tuple[Breach, ...]]:
    """Per case, the rules it breaks (in rule order) with the earliest moment each ran out."""
    per_case: dict[str, list[Breach]] = {}
    for rule in OverdueRule:
        for case_no, since in found.get(rule, {}).items():
            per_case.setdefault(case_no, []).append(Breach(rule, since))
    return {k: tuple(v) for k, v in per_case.items()}
