"""Tables of the missing-child alerts (issue 14, migration ``0014_alerts``): one alert per case,
its delivery to each station as the radius widened, and each officer's acknowledgement.
Changed only together with a migration.

Readers elsewhere (the supervisor desk's "alert not acknowledged" rule) read
``child_alert_deliveries``: a delivery with ``cancelled_at`` NULL and no row in
``child_alert_acks`` for its (case, station) is an alert nobody at that station acknowledged.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from server.storage.tables import Base

ACTIVE = "active"
CANCELLED = "cancelled"  # the case was found, voided or closed: every station got a cancel


class ChildAlert(Base):
    """A missing child's alert: where it starts, how far it reached, when it widens next."""

    __tablename__ = "child_alerts"
    case_no: Mapped[str] = mapped_column(String(22), primary_key=True)
    owner_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    state: Mapped[str] = mapped_column(String(16))
    place_code: Mapped[str] = mapped_column(String(6))
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    radius_km: Mapped[int] = mapped_column(Integer)  # 0 until the first step delivered
    next_step_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revision: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # alert_records.AlertDelivery without the per-station fields
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        Index(
            "ix_child_alerts_due",
            "next_step_at",
            postgresql_where=text("state = 'active'"),
            sqlite_where=text("state = 'active'"),
        ),
    )


class ChildAlertDelivery(Base):
    """An alert delivered to one station: how far it was and which step of the radius reached it."""

    __tablename__ = "child_alert_deliveries"
    case_no: Mapped[str] = mapped_column(ForeignKey("child_alerts.case_no"), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    distance_km: Mapped[int] = mapped_column(Integer)
    radius_km: Mapped[int] = mapped_column(Integer)
    delivered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_child_alert_deliveries_station", "station_id", "case_no"),)


class ChildAlertAck(Base):
    """One officer of one station acknowledged an alert."""

    __tablename__ = "child_alert_acks"
    case_no: Mapped[str] = mapped_column(String(22), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    officer: Mapped[str] = mapped_column(String(64), primary_key=True)
    acknowledged_at: Mapped[str] = mapped_column(String(40))  # the station's clock, as it sent it
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# The console's alerts, the newest first (ties by case number): alert_views.py, migration 0030
Index("ix_child_alerts_created", ChildAlert.created_at.desc(), ChildAlert.case_no)
