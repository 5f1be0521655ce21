"""Tables of the public side (issue 18, migration ``0009_public``): the gallery of found children,
its published photos, who decided what about it, tips from the public, and the operator
console's logon sessions. Changed only together with a migration."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.storage.tables import AuditWitness, Base

# Gallery entry states. Only ``published`` is ever shown to the public.
REQUESTED = "requested"  # a station asked; waits for a national operator
PUBLISHED = "published"
WITHDRAWN = "withdrawn"  # by the station or by an operator
REMOVED = "removed"  # the case was closed (a reunion) or voided
ENTRY_STATES = (REQUESTED, PUBLISHED, WITHDRAWN, REMOVED)


class GalleryEntry(Base):
    """One found child's publication: the published fields exactly, and its state.

    The published fields are copied from the station's publication record and are the only
    ones the public pages read; nothing here points at the case's full record except
    ``case_no``, ``person`` and ``record_id``, which the public never sees. A found case holds
    one entry per found child (siblings found together; migration ``0017_gallery_persons``):
    ``person`` is None for the case's first found person, else the child's position in the
    case's ``persons``; ``record_id`` is the station's publication record.
    """

    __tablename__ = "gallery_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    case_no: Mapped[str] = mapped_column(String(22), index=True)
    record_id: Mapped[str] = mapped_column(String(120), unique=True)
    person: Mapped[int | None] = mapped_column(Integer)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    state: Mapped[str] = mapped_column(String(16))
    sex: Mapped[str] = mapped_column(String(1))
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    found_on: Mapped[date] = mapped_column(Date)
    county_code: Mapped[str] = mapped_column(String(6))
    province_code: Mapped[str] = mapped_column(String(6))
    station_phone: Mapped[str] = mapped_column(String(30))
    photo_sha256: Mapped[str] = mapped_column(String(64))
    legal_basis: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(64))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        Index("ix_gallery_entries_state", "state", "province_code", "published_at", "id"),
        Index("ix_gallery_entries_published", "state", "published_at", "id"),
    )


class GalleryPhoto(Base):
    """The photo as published: decoded, turned upright, resized and re-encoded without metadata."""

    __tablename__ = "gallery_photos"
    entry_id: Mapped[int] = mapped_column(ForeignKey("gallery_entries.id"), primary_key=True)
    source_sha256: Mapped[str] = mapped_column(String(64))
    jpeg: Mapped[bytes] = mapped_column(LargeBinary)
    etag: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)


class GalleryDecision(Base):
    """Who did what to a gallery entry and why: requests, approvals, withdrawals, removals."""

    __tablename__ = "gallery_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("gallery_entries.id"))
    action: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str] = mapped_column(String(140))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_gallery_decisions_entry", "entry_id", "id"),)


class TipReceived(Base):
    """A tip's arrival (its words travel only in the owning station's pull item)."""

    __tablename__ = "tips"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("gallery_entries.id"))
    record_id: Mapped[str] = mapped_column(String(120), unique=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_tips_entry", "entry_id", "received_at"),)


class ConsoleSession(Base):
    """An operator's logon to the web console: only the cookie's SHA-256 is kept."""

    __tablename__ = "console_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# The console's "last sync" of each station reads the newest witnessed head by id.
Index("ix_audit_witness_station_id", AuditWitness.station_id, AuditWitness.id)
