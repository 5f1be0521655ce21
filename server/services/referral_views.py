"""The operator's view of referrals between stations (issue 14): ``xunren-server referral list``,
``GET /national/referrals`` and the console's referrals page.

One row per referral: its number, the case number, the asking and the asked station, what was
asked and where it stands, and when it last moved. Never the note, the officers' names or
anything of the case file: those stay between the two stations.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select, union_all
from sqlalchemy.orm import Session

from app.core.referral import ReferralRequest, ReferralState
from app.sync.protocol.referrals import short_id
from server.storage.referral_tables import Referral
from server.storage.tables import Station, as_utc

MAX_ROWS = 100_000


def utc_text(moment: dt.datetime) -> str:
    return as_utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class ReferralRow:
    """One referral as the national operator sees it."""

    id: str  # the referral's record id
    number: str  # what the stations' officers call it (the first eight hex digits of its uuid)
    case_no: str
    from_station: str
    to_station: str
    request: ReferralRequest
    state: ReferralState
    sent_at: dt.datetime  # the server's clock
    last_step_at: dt.datetime  # the server's clock: when it was sent or last answered

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "case_no": self.case_no,
                "from_station": self.from_station, "to_station": self.to_station,
                "request": self.request.value, "state": self.state.value,
                "sent_at": utc_text(self.sent_at), "last_step_at": utc_text(self.last_step_at)}  # fmt: skip


_COLUMNS = (Referral.referral_id, Referral.case_no, Referral.from_station_id, Referral.to_station_id,
            Referral.state, Referral.payload, Referral.created_at, Referral.updated_at)  # fmt: skip
# referral id, case number, from and to station ids, state, payload, created and updated at
_Rows = Select[str, str, int, int, str, str, dt.datetime, dt.datetime]


def rows_statement(station_id: int | None, state: ReferralState | None, limit: int) -> _Rows:
    """The referrals shown, the one that moved last first: every station's read in that order
    from ``ix_referrals_moved`` (``ix_referrals_state_moved`` for one state); one station's as
    the newest *limit* it sent (``ix_referrals_from_moved``) and the newest *limit* it was asked
    (``ix_referrals_to_moved``), merged. A page reads about what it shows, never every referral."""

    def newest(query: _Rows) -> _Rows:
        if state is not None:
            query = query.where(Referral.state == state.value)
        return query.order_by(Referral.updated_at.desc(), Referral.referral_id).limit(limit)

    if station_id is None:
        return newest(select(*_COLUMNS))
    sent = newest(select(*_COLUMNS).where(Referral.from_station_id == station_id)).subquery()
    asked = newest(
        select(*_COLUMNS).where(Referral.to_station_id == station_id, Referral.from_station_id != station_id)
    ).subquery()
    both = union_all(select(sent), select(asked)).subquery()
    return select(both).order_by(both.c.updated_at.desc(), both.c.referral_id).limit(limit)


def referral_rows(
    session: Session,
    *,
    station: str | None = None,
    state: ReferralState | None = None,
    limit: int = MAX_ROWS,
) -> list[ReferralRow]:
    """Referrals that *station* sent or was asked (every station's when None), in *state* when
    given, the one that moved last first."""
    station_id = None
    if station is not None:  # the station by its code first: its referrals are read by its id
        station_id = session.scalar(select(Station.id).where(Station.code == station))
        if station_id is None:
            return []
    rows = session.execute(rows_statement(station_id, state, limit)).all()
    wanted = sorted({sid for r in rows for sid in (r.from_station_id, r.to_station_id)})
    codes: dict[int, str] = {}
    for start in range(0, len(wanted), 1000):  # a bounded IN list each time (SQLite's parameters)
        part = wanted[start : start + 1000]
        codes.update(session.execute(select(Station.id, Station.code).where(Station.id.in_(part))).all())
    return [
        ReferralRow(
            rid,
            short_id(rid),
            case_no,
            codes[source],
            codes[dest],
            _request(payload),
            ReferralState(held),
            created,
            updated,
        )  # fmt: skip
        for rid, case_no, source, dest, held, payload, created, updated in rows
    ]


def _request(payload: str) -> ReferralRequest:
    """What was asked, from the delivery the server wrote (its own text: always readable)."""
    return ReferralRequest(json.loads(payload)["request"])
