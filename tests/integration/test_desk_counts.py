"""The desk's badge: items waiting and distinct overdue cases (issue 16)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tests.conftest import example_bytes


def test_badge_counts_items_and_distinct_overdue_cases(session: Any) -> None:
    from app.core.validation import parse_case_file
    from app.services.cases import register_cases, void_case
    from app.services.desk import desk_counts
    from app.services.overdue import overdue_report

    doc = json.loads(example_bytes("found_child"))
    (reg,) = register_cases(session, parse_case_file(json.dumps(doc).encode()))
    void_case(session, reg.case_no, "重复登记")
    now = dt.datetime.now(dt.UTC)
    assert desk_counts(session, now) == (2, 0)  # the registration and the void; nothing late yet
    later = now + dt.timedelta(days=20)  # three rules at once, one case
    assert len(overdue_report(session, later).breaches[reg.case_no]) >= 2
    assert desk_counts(session, later) == (2, 1)
