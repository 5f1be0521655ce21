"""The overdue rules at this station: their thresholds (settings ``overdue.<rule>``), changed by a
supervisor or admin, and the report of every case breaking one. Reads run on any reader; setting
a threshold runs on the store's owning thread and audits ``overdue.set``.
"""

from __future__ import annotations

import datetime as dt

from app.core.overdue import (
    SETTING_PREFIX,
    OverdueReport,
    OverdueRule,
    OverdueThresholds,
    merge,
    parse_hours,
)
from app.services.cases import SUPERVISING
from app.services.errors import ServiceError
from app.services.session import Session
from app.storage import overdue_queries
from app.storage.station_repository import get_setting, put_setting


def thresholds(session: Session) -> OverdueThresholds:
    with session.store.reader() as conn:
        values = {
            SETTING_PREFIX + r.value: v
            for r in OverdueRule
            if (v := get_setting(conn, SETTING_PREFIX + r.value)) is not None
        }
    return OverdueThresholds.from_settings(values)


def set_threshold(session: Session, rule: str, value: str) -> OverdueThresholds:
    """Set one rule's threshold (whole hours, or ``off``). Audits ``overdue.set``."""
    session.require(*SUPERVISING)
    try:
        which = OverdueRule(rule)
    except ValueError:
        raise ServiceError("overdue_rule_unknown", rule=rule) from None
    if parse_hours(value) is False:
        raise ServiceError("overdue_hours", value=value[:20])
    with session.store.unit_of_work() as uow:
        put_setting(uow.conn, SETTING_PREFIX + which.value, value.strip().lower())
        uow.audit.record(session.user, "overdue.set", which.value, detail=value.strip()[:20])
        uow.commit()
    return thresholds(session)


def overdue_report(session: Session, now: dt.datetime | None = None) -> OverdueReport:
    """Every case breaking a rule in force, with the rules and since when."""
    limits = thresholds(session)
    with session.store.reader() as conn:
        found, inactive = overdue_queries.find(conn, limits, now or dt.datetime.now(dt.UTC))
    return OverdueReport(merge(found), limits, inactive)


def overdue_counts(
    session: Session, now: dt.datetime | None = None
) -> tuple[dict[OverdueRule, int], OverdueThresholds, dict[OverdueRule, str]]:
    """How many cases break each rule in force (and the rules that cannot run here, with why)."""
    limits = thresholds(session)
    with session.store.reader() as conn:
        counts, inactive = overdue_queries.count(conn, limits, now or dt.datetime.now(dt.UTC))
    return counts, limits, inactive
