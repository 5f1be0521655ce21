"""The command line's English counts as English does ("1 case", "3 cases"), never "case(s)";
the Chinese sentences keep their numbers as before (no plural forms in Chinese)."""

from __future__ import annotations

import pytest

from app.cli.restore_words import describe_plan
from app.core.words import counted
from app.services.errors import ServiceError
from app.services.restore import RestorePlan
from app.services.sync_problems import _resend_base


def test_a_count_takes_the_form_its_number_needs() -> None:
    assert counted(1, "new lead") == "1 new lead"
    assert counted(0, "new lead") == "0 new leads"
    assert counted(3, "active found child", "active found children") == "3 active found children"


@pytest.mark.parametrize(("cases", "changes"), [(1, 1), (2, 5)])
def test_what_a_restore_drops_reads_as_english_counts_it(cases: int, changes: int) -> None:
    numbers = [f"370783001-2026-{n:06d}" for n in range(cases)]
    plan = RestorePlan("370783001", "2026-12-01 08:00", True, numbers, changes)
    en = "\n".join(describe_plan(plan, "en"))
    assert f"drops {cases} case{'s' if cases > 1 else ''} registered after the backup" in en
    assert f"drops {changes} change{'s' if changes > 1 else ''} not yet acknowledged" in en
    assert "(s)" not in en
    zh = "\n".join(describe_plan(plan, "zh_CN"))
    assert f"将丢弃备份之后登记的 {cases} 个案件" in zh and f"将丢弃 {changes} 项尚未被服务器确认的变更" in zh

    refusal = ServiceError(
        "restore_needs_yes",
        cases=(cases, counted(cases, "case")),
        changes=(changes, counted(changes, "unacknowledged change")),
    )
    s = "s" if cases > 1 else ""
    assert refusal.text("en").startswith(
        f"the restore drops {cases} case{s} and {changes} unacknowledged change"
    )
    assert refusal.text("zh_CN").startswith(f"恢复将丢弃 {cases} 个案件和 {changes} 项未确认的变更")


def test_a_superseded_change_says_how_many_later_ones_carry_the_newer_version() -> None:
    one, three = _resend_base("stale_revision", 1, 2), _resend_base("stale_revision", 3, 2)
    assert isinstance(one, ServiceError) and isinstance(three, ServiceError)
    assert one.text("en").startswith("1 later change of this record carries")
    assert three.text("en").startswith("3 later changes of this record carry")
    assert three.text("zh_CN").startswith("此记录在这条更改之后还有 3 条更改")
