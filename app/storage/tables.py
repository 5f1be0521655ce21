"""The station database's tables (schema head). Migrations under ``migrations/versions`` build them.

Times are stored as UTC ISO 8601 text (``2026-11-20T01:30:00Z``) so they sort as text and read
the same from any tool. A case's full document (the case file shape) is kept as JSON beside the
columns that are filtered, sorted or searched on, so `case show` gives back exactly what was filed.
"""

from __future__ import annotations

from sqlalchemy import (
    BLOB,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

station = Table(
    "station",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("phone", Text, nullable=False, server_default=""),
    Column("address", Text, nullable=False, server_default=""),
    Column("store_id", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    CheckConstraint("id = 1", name="one_station"),
)

accounts = Table(
    "accounts",
    metadata,
    Column("name", Text, primary_key=True),
    Column("role", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("removed_at", Text),
    # Migration 0006: the officer's name and badge number as forms print them.
    Column("full_name", Text, nullable=False, server_default=""),
    Column("badge", Text, nullable=False, server_default=""),
    CheckConstraint("role IN ('officer', 'supervisor', 'admin')", name="account_role"),
)

settings = Table(
    "settings",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

case_counters = Table(
    "case_counters",
    metadata,
    Column("series", Text, nullable=False),  # "case" or "sample"
    Column("year", Integer, nullable=False),
    Column("last_seq", Integer, nullable=False),
    PrimaryKeyConstraint("series", "year"),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_no", Text, nullable=False, unique=True),
    Column("type", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("review", Text, nullable=False),
    Column("officer", Text, nullable=False),
    Column("assigned_to", Text),
    Column("reported_at", Text, nullable=False),
    Column("event_at", Text),
    Column("event_place_code", Text),
    Column("created_at", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("verification_code", Text, nullable=False),
    Column("names", Text, nullable=False),  # subjects' names, "、"-joined, for lists
    Column("void_reason", Text),
    Column("void_requested_by", Text),
    Column("review_comment", Text),
    Column("document", Text, nullable=False),
    # Migration 0006: how the case was closed (app.core.lifecycle.ClosureOutcome) and who approved.
    Column("closure_outcome", Text),
    Column("closure_reason", Text),
    Column("closed_at", Text),
    Column("closed_by", Text),
)
Index("ix_cases_created", cases.c.created_at)
Index("ix_cases_status_created", cases.c.status, cases.c.created_at)
Index("ix_cases_type_created", cases.c.type, cases.c.created_at)
Index("ix_cases_officer_created", cases.c.officer, cases.c.created_at)
Index("ix_cases_review", cases.c.review, cases.c.created_at)
Index("ix_cases_place", cases.c.event_place_code)

persons = Table(
    "persons",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("position", Integer, nullable=False),  # index in the case's persons; -1 = reporter
    Column("role", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("sex", Text, nullable=False),
    Column("birth_date", Text),
    Column("age_min", Integer),
    Column("age_max", Integer),
)
Index("ix_persons_case", persons.c.case_id)

samples = Table(
    "samples",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sample_no", Text, nullable=False, unique=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("person_position", Integer, nullable=False),  # -1 = the reporter
    Column("sample_index", Integer, nullable=False),  # position in that person's samples
    Column("type", Text, nullable=False),
    Column("collected_at", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("profile", Text),  # JSON {"kit", "loci"} or NULL
)
Index("ix_samples_case", samples.c.case_id)

custody_events = Table(
    "custody_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sample_id", Integer, ForeignKey("samples.id"), nullable=False),
    Column("at", Text, nullable=False),
    Column("from_party", Text, nullable=False),
    Column("to_party", Text, nullable=False),
    Column("purpose", Text, nullable=False, server_default=""),
    Column("recorded_by", Text, nullable=False),
)
Index("ix_custody_sample", custody_events.c.sample_id)

# Rows are appended in registration order; the index (key first) answers every search as a
# prefix range. It is the one heavy index: a bulk import drops it and builds it once at the end.
search_keys = Table(
    "search_keys",
    metadata,
    Column("key", Text, nullable=False),
    Column("kind", Integer, nullable=False),
    Column("case_id", Integer, nullable=False),
)
Index("ix_search_keys", search_keys.c.key, search_keys.c.kind, search_keys.c.case_id)

# Indexes whose rows land at random places (so each costs a page write per row in bulk), with the
# statement that rebuilds each: dropped during a bulk import, built once after it.
HEAVY_INDEXES: dict[str, str] = {
    "ix_search_keys": 'CREATE INDEX ix_search_keys ON search_keys ("key", kind, case_id)',
    "ix_cases_place": "CREATE INDEX ix_cases_place ON cases (event_place_code)",
}

# Migration 0006: what waits for a supervisor (app.core.lifecycle.ReviewKind) and how it was
# decided; the conversation on a case; every edit with the fields it changed.
review_items = Table(
    "review_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_no", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("state", Text, nullable=False, server_default="waiting"),  # waiting | approved | returned
    Column("requested_by", Text, nullable=False),
    Column("requested_at", Text, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("outcome", Text),  # a closure's ClosureOutcome
    Column("decided_by", Text),
    Column("decided_at", Text),
    Column("comment", Text),
)
Index("ix_review_state", review_items.c.state, review_items.c.id)
Index("ix_review_case", review_items.c.case_no, review_items.c.id)

case_thread = Table(
    "case_thread",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_no", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("event", Text, nullable=False),
    Column("text", Text, nullable=False, server_default=""),
)
Index("ix_thread_case", case_thread.c.case_no, case_thread.c.id)

case_revisions = Table(
    "case_revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_no", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("changes", Text, nullable=False),  # JSON [{"path", "before", "after"}]
)
Index("ix_revisions_case", case_revisions.c.case_no, case_revisions.c.id)

photos = Table(
    "photos",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("person_position", Integer, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("mime", Text, nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("data", BLOB, nullable=False),
    Column("thumbnail", BLOB, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("created_by", Text, nullable=False),
)
Index("ix_photos_case", photos.c.case_id)

drafts = Table(
    "drafts",
    metadata,
    Column("owner", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("content", Text, nullable=False),
    Column("updated_at", Text, nullable=False),
    PrimaryKeyConstraint("owner", "name"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("object", Text, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_hash", Text, nullable=False),
    Column("hash", Text, nullable=False),
)
Index("ix_audit_object", audit_log.c.object)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("change_id", Text, nullable=False, unique=True),
    Column("record_type", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("base_revision", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    # waiting | sent | refused, then a person's decision on a refused one: resent | withdrawn
    Column("state", Text, nullable=False, server_default="waiting"),
    Column("reason", Text),
    Column("sent_at", Text),
    # Migration 0004: who resolved a refused entry, when, their note, the change that resent it.
    Column("resolved_by", Text),
    Column("resolved_at", Text),
    Column("resolution_note", Text),
    Column("resent_as", Text),
)
Index("ix_outbox_state", outbox.c.state, outbox.c.id)
Index("ix_outbox_record", outbox.c.record_id, outbox.c.id)

sync_state = Table(
    "sync_state",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

photo_sync = Table(
    "photo_sync",
    metadata,
    Column("photo_id", Integer, primary_key=True, autoincrement=False),
    Column("record_id", Text, nullable=False),
    Column("uploaded", Integer, nullable=False, server_default="0"),
)

pulled_items = Table(
    "pulled_items",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", Text, nullable=False),
    Column("record_type", Text, nullable=False),
    Column("record_id", Text, nullable=False),
    Column("revision", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    Column("received_at", Text, nullable=False),
)

# Matching (migration 0003): proposed missing/found pairs and their review state, and the cases
# whose candidates wait to be recomputed.
match_candidates = Table(
    "match_candidates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("missing_case", Text, nullable=False),
    Column("found_case", Text, nullable=False),
    Column("missing_key", Text, nullable=False),
    Column("found_key", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", Text, nullable=False),  # JSON [{"key", "zh", "en", "weight"}]
    Column("dna", Text),  # JSON {"combined_index", "inconsistent_loci", "loci_compared", "verdict"}
    Column("dna_verdict", Text),
    Column("origin", Text, nullable=False, server_default="station"),  # station | national
    Column("state", Text, nullable=False, server_default="potential"),
    Column("reject_reason", Text),
    Column("fingerprint", Text, nullable=False),
    Column("decided_fingerprint", Text),
    Column("decided_by", Text),
    Column("decided_at", Text),
    Column("dna_recheck", Text),  # NULL | pending | done
    Column("recheck_by", Text),
    Column("recheck_at", Text),
    Column("computed_at", Text, nullable=False),
    UniqueConstraint("missing_key", "found_key", name="match_pair"),
    CheckConstraint("state IN ('potential', 'confirmed', 'rejected', 'reunited')", name="match_state"),
    CheckConstraint("dna_recheck IS NULL OR dna_recheck IN ('pending', 'done')", name="match_recheck"),
)
Index("ix_match_missing", match_candidates.c.missing_case)
Index("ix_match_found", match_candidates.c.found_case)
Index("ix_match_state", match_candidates.c.state, match_candidates.c.score)

match_stale = Table(
    "match_stale",
    metadata,
    Column("case_no", Text, primary_key=True),
    Column("marked_at", Text, nullable=False),
)

match_inputs = Table(
    "match_inputs",
    metadata,
    Column("case_no", Text, primary_key=True),
    Column("digest", Text, nullable=False),
    Column("matched_at", Text, nullable=False),
)
