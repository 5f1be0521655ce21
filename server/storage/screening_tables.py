"""The table of the offline national screening index (issue 15, migration ``0018_screening``).
Changed only together with a migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from server.storage.tables import Base


class ScreeningRequest(Base):
    """The index version a station's last imported USB bundle said it holds."""

    __tablename__ = "screening_requests"
    station_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    since: Mapped[int] = mapped_column(BigInteger)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
