"""The tables of the offline national screening index (issue 15, migrations ``0018_screening``
and ``0024_screening_rotation``). Changed only together with a migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.storage.tables import Base


class ScreeningRequest(Base):
    """The index version a station's last imported USB bundle said it holds."""

    __tablename__ = "screening_requests"
    station_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    since: Mapped[int] = mapped_column(BigInteger)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ScreeningRotation(Base):
    """A replaced screening key (migration ``0024_screening_rotation``): old and new public key,
    the new key's signature over the rotation and the server's bundle key's
    (``app.sync.protocol.screening_rotation``), when,
    and the operator's reason. Stations follow these from the key they pinned."""

    __tablename__ = "screening_rotations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    old_signer: Mapped[str] = mapped_column(String(64))
    new_signer: Mapped[str] = mapped_column(String(64), unique=True)
    statement: Mapped[str] = mapped_column(String(128))
    vouched: Mapped[str] = mapped_column(String(128))  # the server's bundle key's signature
    rotated_at: Mapped[str] = mapped_column(String(40))  # the signed text: the server's clock, ISO 8601
    reason: Mapped[str] = mapped_column(Text)
