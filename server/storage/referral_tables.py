"""Tables of referrals between stations (issue 14, migrations ``0015_referrals`` and
``0022_referral_ops``): one row per referral with its current state and the delivery payload
both stations pull (every answer inside). The referral and answer records themselves are in
``records`` like any record. Changed only together with a migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.storage.tables import Base


class Referral(Base):
    """A station's request to another station about one of its cases."""

    __tablename__ = "referrals"
    referral_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(22))
    from_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    to_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    state: Mapped[str] = mapped_column(String(16))
    revision: Mapped[int] = mapped_column(Integer)  # of the delivery: 1 as sent, +1 per answer
    payload: Mapped[str] = mapped_column(Text)  # protocol.referrals.ReferralDelivery
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_referrals_case", "case_no"),)  # migration 0022_referral_ops


# The operator's referrals, the one that moved last first (referral_views.py, migration 0030):
# every station's, of one state, sent by a station, asked of a station. The last two replace the
# indexes by station and creation (0015_referrals), which no read ordered by.
_MOVED = (Referral.updated_at.desc(), Referral.referral_id)
Index("ix_referrals_moved", *_MOVED)
Index("ix_referrals_state_moved", Referral.state, *_MOVED)
Index("ix_referrals_from_moved", Referral.from_station_id, *_MOVED)
Index("ix_referrals_to_moved", Referral.to_station_id, *_MOVED)
