"""The case transfers between stations (issue 14, migration ``0016_transfers``).

Who may change a case is ``records.owner_station_id`` of the case and its children: the push's
ownership check reads it. A completed transfer moves it (the case and every child but other
stations' alert acknowledgements) to the receiving station; this table keeps each transfer,
its two approvals and when the server moved the case. Changed only together with a migration.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.storage.tables import Base

AWAITING_RECEIVER = "awaiting_receiver"
COMPLETED = "completed"


class CaseTransfer(Base):
    """One transfer of a case: requested (sending supervisor approved), then completed."""

    __tablename__ = "case_transfers"
    transfer_id: Mapped[str] = mapped_column(String(80), primary_key=True)  # the request's record id
    case_no: Mapped[str] = mapped_column(String(22))
    from_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    to_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    state: Mapped[str] = mapped_column(String(20))
    payload: Mapped[str] = mapped_column(Text)  # the request (transfer_records.TransferRequest)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_by: Mapped[str | None] = mapped_column(String(64))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_case_transfers_case", "case_no"),
        Index("ix_case_transfers_to", "to_station_id", "state"),
    )
