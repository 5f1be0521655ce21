"""The server's tables (SQLAlchemy 2 declarative). Changed only together with a migration."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-numbers an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity.
SeqInt = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """The moment in UTC: SQLite hands timestamps back without a zone (they were written in UTC),
    PostgreSQL in its session's zone (hours added to it would follow that zone's daylight saving)."""
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class ServerMeta(Base):
    """One row: the epoch, a random id made with the database and changed on restore."""

    __tablename__ = "server_meta"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    epoch: Mapped[str] = mapped_column(String(36))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Station(Base):
    __tablename__ = "stations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(9), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    enrol_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    enrol_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The last audit chain head the server accepted from the station (migration 0002_security).
    witness_seq: Mapped[int | None] = mapped_column(BigInteger)
    witness_hash: Mapped[str | None] = mapped_column(String(64))


class StationEvent(Base):
    """Something about a station the national operator must see: ``alert`` marks the ones that
    need action (a refused audit head); the rest record what happened (a declared restore, a
    rotated, re-admitted or re-enrolled credential). ``detail`` is JSON."""

    __tablename__ = "station_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    kind: Mapped[str] = mapped_column(String(32))
    alert: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_station_events_station", "station_id", "id"),)


class StationNumber(Base):
    """The highest case or sample number the server has seen from a station, per year."""

    __tablename__ = "station_numbers"
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    series: Mapped[str] = mapped_column(String(8), primary_key=True)  # "case" | "sample"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    high: Mapped[int] = mapped_column(Integer)


class StationBundleKey(Base):
    """A station's USB bundle keys, pinned on its first accepted bundle; replaced only by a
    re-enrolment, which is recorded as a station event."""

    __tablename__ = "station_bundle_keys"
    station_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    box_public: Mapped[str] = mapped_column(String(64))
    sign_public: Mapped[str] = mapped_column(String(64))
    pinned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DeviceCredential(Base):
    """A station's device credential; only its SHA-256 is stored."""

    __tablename__ = "device_credentials"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Operator(Base):
    """A national operator with read access to every station's records."""

    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Record(Base):
    """The current state of one case or child record; ``payload`` is the station's JSON text."""

    __tablename__ = "records"
    record_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(16))
    case_no: Mapped[str] = mapped_column(String(22))
    owner_station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    revision: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
    case_type: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str | None] = mapped_column(String(40))
    verification_hash: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The station whose push wrote the record last: its owner then (only the owner pushes), kept
    # when a transfer moves the owner. None for a record last written before server 0033.
    pushed_by_station_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_records_owner_record", "owner_station_id", "record_id"),
        # A case's children, found by case number; the cases themselves are found by primary key.
        Index(
            "ix_records_children",
            "case_no",
            postgresql_where=text("record_type <> 'case'"),
            sqlite_where=text("record_type <> 'case'"),
        ),
        Index(
            "ix_records_verification",
            "verification_hash",
            postgresql_where=text("verification_hash IS NOT NULL"),
            sqlite_where=text("verification_hash IS NOT NULL"),
        ),
    )


class JournalEntry(Base):
    """Every stored change, numbered by one server-wide sequence (``seq``).

    ``audience_station_id`` is set on entries a station pulls (matches, referrals, alerts,
    server-side updates); entries that record a station's own push have none.
    """

    __tablename__ = "journal"
    # Station ids here are not foreign keys: this is the hottest insert, and every id written
    # comes from an authenticated credential or a stored record, never from a request body.
    seq: Mapped[int] = mapped_column(SeqInt, Identity(always=False), primary_key=True)
    station_id: Mapped[int | None] = mapped_column(Integer)
    change_id: Mapped[str | None] = mapped_column(String(36))
    audience_station_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    record_type: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[str] = mapped_column(String(120))
    revision: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str | None] = mapped_column(Text)  # None for a station's own push: see records
    client_created_at: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("change_id", "station_id", name="uq_journal_change_station"),
        Index(
            "ix_journal_audience_seq",
            "audience_station_id",
            "seq",
            postgresql_where=text("audience_station_id IS NOT NULL"),
            sqlite_where=text("audience_station_id IS NOT NULL"),
        ),
        # the case summaries a station was already given (summaries.py), found by case
        Index(
            "ix_journal_summaries",
            "record_id",
            "audience_station_id",
            postgresql_where=text("kind = 'summary'"),
            sqlite_where=text("kind = 'summary'"),
        ),
        # a national pair's last delivery (decisions.py), found by pair (migration 0029)
        Index(
            "ix_journal_deliveries",
            "record_id",
            "seq",
            postgresql_where=text("kind = 'match'"),
            sqlite_where=text("kind = 'match'"),
        ),
        # a transfer's items, found by transfer: a station that handed a case over fetches the
        # pictures it handed over (attachments.held_chunk, migration 0031): transfers are few
        Index(
            "ix_journal_transfers",
            "record_id",
            postgresql_where=text("kind = 'transfer'"),
            sqlite_where=text("kind = 'transfer'"),
        ),
        # the tips a station was given, found by tip when the case goes to another station
        # (tips.follow_transfer, migration 0032): tips are few, the index small
        Index(
            "ix_journal_tips",
            "record_id",
            postgresql_where=text("kind = 'tip'"),
            sqlite_where=text("kind = 'tip'"),
        ),
        # a station's own changes, in the order taken: the USB answer's results (bundles.py,
        # migration 0030)
        Index(
            "ix_journal_station",
            "station_id",
            "seq",
            postgresql_where=text("station_id IS NOT NULL"),
            sqlite_where=text("station_id IS NOT NULL"),
        ),
        {"sqlite_autoincrement": True},
    )


class Refusal(Base):
    """A refused change, kept so that resending its change id answers the same."""

    __tablename__ = "refusals"
    change_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(String(300))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # a station's refusals: the USB answer's results (bundles.py, migration 0030)
    # (a push's check reads them by change id alone: the primary key leads with it)
    __table_args__ = (Index("ix_refusals_station", "station_id", "change_id"),)


class AuditWitness(Base):
    """A station's audit chain head as it arrived with a push."""

    __tablename__ = "audit_witness"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    chain_seq: Mapped[int] = mapped_column(BigInteger)
    chain_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index("ix_audit_witness_station_seq", "station_id", "chain_seq"),)


class Attachment(Base):
    __tablename__ = "attachments"
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    size: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AttachmentChunk(Base):
    __tablename__ = "attachment_chunks"
    station_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    chunk_sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Match(Base):
    """A national missing ↔ found candidate pair (case numbers)."""

    __tablename__ = "matches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    missing_case: Mapped[str] = mapped_column(String(22))
    found_case: Mapped[str] = mapped_column(String(22))
    score: Mapped[float] = mapped_column(Float)
    dna_verdict: Mapped[str | None] = mapped_column(String(16))
    reasons: Mapped[str] = mapped_column(Text, default="[]")
    state: Mapped[str] = mapped_column(String(16), default="potential")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The reunited pair whose reunion closed this candidate (issue 14, migration
    # 0028_match_closed_by): it opens again when that reunion no longer holds.
    closed_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # When the stations' decisions last left the pair in conflict (one confirms or reunites,
    # another rejects); NULL when they do not (migration 0030_console_indexes): the console's
    # list of conflicts (decisions.conflicts), which a re-scored pair never joins.
    conflict_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    __table_args__ = (
        UniqueConstraint("missing_case", "found_case", name="uq_matches_pair"),
        Index("ix_matches_found", "found_case"),
        # the console's conflicts, the most recently decided first (decisions.py, migration 0030)
        Index(
            "ix_matches_conflicts",
            "conflict_at",
            "id",
            postgresql_where=text("conflict_at IS NOT NULL"),
            sqlite_where=text("conflict_at IS NOT NULL"),
        ),
    )


# ``GET /national/matches``: best score first, then by id (national.py, migration 0030)
Index("ix_matches_score", Match.score.desc(), Match.id)


class Job(Base):
    """Background work (national matching, housekeeping) taken by ``xunren-server worker``."""

    __tablename__ = "jobs"
    id: Mapped[int] = mapped_column(SeqInt, Identity(always=False), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(500))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What the job did (migration 0011_national_index): the worker that ran it, cases touched,
    # candidates stored, cases refused from matching (unreadable case file), milliseconds,
    # rows read from the database (journal and records); and (migration 0027_job_screen) the
    # milliseconds of it spent in the in-memory screen of the touched persons.
    worker: Mapped[str | None] = mapped_column(String(120))
    touched: Mapped[int | None] = mapped_column(Integer)
    candidates: Mapped[int | None] = mapped_column(Integer)
    refused: Mapped[int | None] = mapped_column(Integer)
    took_ms: Mapped[int | None] = mapped_column(Integer)
    rows_read: Mapped[int | None] = mapped_column(BigInteger)
    screen_ms: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (
        Index(
            "ix_jobs_queued",
            "run_after",
            "id",
            postgresql_where=text("state = 'queued'"),
            sqlite_where=text("state = 'queued'"),
        ),
        # the matching worker's lag: failed jobs counted, the last one done (console.py,
        # ``worker status``; migration 0030), never every job run (one per push)
        Index(
            "ix_jobs_failed",
            "id",
            postgresql_where=text("state = 'failed'"),
            sqlite_where=text("state = 'failed'"),
        ),
        Index(
            "ix_jobs_done",
            "finished_at",
            "id",
            postgresql_where=text("state = 'done'"),
            sqlite_where=text("state = 'done'"),
        ),
    )


class WorkerPosition(Base):
    """A matching worker's national index: how far into the journal it has applied, how many
    persons it holds, when it loaded and when it last reported (``worker status``)."""

    __tablename__ = "worker_positions"
    worker: Mapped[str] = mapped_column(String(120), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    persons: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class VerifyWindow(Base):
    """Receipt checks per client address (hashed) per minute: the shared rate limiter's state."""

    __tablename__ = "verify_windows"
    client_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    minute: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer)
