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

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

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


def referral_rows(
    session: Session,
    *,
    station: str | None = None,
    state: ReferralState | None = None,
    limit: int = MAX_ROWS,
) -> list[ReferralRow]:
    """Referrals that *station* sent or was asked (every station's when None), in *state* when
    given, the one that moved last first."""
    sender, target = aliased(Station), aliased(Station)
    query = (
        select(Referral.referral_id, Referral.case_no, sender.code, target.code, Referral.state,
               Referral.payload, Referral.created_at, Referral.updated_at)
        .join(sender, sender.id == Referral.from_station_id)
        .join(target, target.id == Referral.to_station_id)
        .order_by(Referral.updated_at.desc(), Referral.referral_id)
        .limit(limit)
    )  # fmt: skip
    if station is not None:
        query = query.where(or_(sender.code == station, target.code == station))
    if state is not None:
        query = query.where(Referral.state == state.value)
    return [
        ReferralRow(
            rid,
            short_id(rid),
            case_no,
            source,
            dest,
            _request(payload),
            ReferralState(held),
            created,
            updated,
        )  # fmt: skip
        for rid, case_no, source, dest, held, payload, created, updated in session.execute(query)
    ]


def _request(payload: str) -> ReferralRequest:
    """What was asked, from the delivery the server wrote (its own text: always readable)."""
    return ReferralRequest(json.loads(payload)["request"])
