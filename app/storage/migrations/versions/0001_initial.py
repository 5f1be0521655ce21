"""The first schema: station, accounts, cases, persons, samples, custody, search keys, photos,
drafts, audit chain and outbox.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STATEMENTS = [
    """
CREATE TABLE accounts (
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    removed_at TEXT,
    PRIMARY KEY (name),
    CONSTRAINT account_role CHECK (role IN ('officer', 'supervisor', 'admin'))
)
    """,
    """
CREATE TABLE audit_log (
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (seq)
)
    """,
    """
CREATE INDEX ix_audit_object ON audit_log (object)
    """,
    """
CREATE TABLE case_counters (
    series TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    PRIMARY KEY (series, year)
)
    """,
    """
CREATE TABLE cases (
    id INTEGER NOT NULL,
    case_no TEXT NOT NULL,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    review TEXT NOT NULL,
    officer TEXT NOT NULL,
    assigned_to TEXT,
    reported_at TEXT NOT NULL,
    event_at TEXT,
    event_place_code TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL,
    verification_code TEXT NOT NULL,
    names TEXT NOT NULL,
    void_reason TEXT,
    void_requested_by TEXT,
    review_comment TEXT,
    document TEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (case_no)
)
    """,
    """
CREATE INDEX ix_cases_created ON cases (created_at)
    """,
    """
CREATE INDEX ix_cases_officer_created ON cases (officer, created_at)
    """,
    """
CREATE INDEX ix_cases_place ON cases (event_place_code)
    """,
    """
CREATE INDEX ix_cases_review ON cases (review, created_at)
    """,
    """
CREATE INDEX ix_cases_status_created ON cases (status, created_at)
    """,
    """
CREATE INDEX ix_cases_type_created ON cases (type, created_at)
    """,
    """
CREATE TABLE drafts (
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (owner, name)
)
    """,
    """
CREATE TABLE outbox (
    id INTEGER NOT NULL,
    change_id TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    base_revision INTEGER NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state TEXT DEFAULT 'waiting' NOT NULL,
    reason TEXT,
    sent_at TEXT,
    PRIMARY KEY (id),
    UNIQUE (change_id)
)
    """,
    """
CREATE INDEX ix_outbox_state ON outbox (state, id)
    """,
    """
CREATE TABLE search_keys (
    "key" TEXT NOT NULL,
    kind INTEGER NOT NULL,
    case_id INTEGER NOT NULL
)
    """,
    """
CREATE INDEX ix_search_keys ON search_keys ("key", kind, case_id)
    """,
    """
CREATE TABLE settings (
    "key" TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY ("key")
)
    """,
    """
CREATE TABLE station (
    id INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT DEFAULT '' NOT NULL,
    address TEXT DEFAULT '' NOT NULL,
    store_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT one_station CHECK (id = 1)
)
    """,
    """
CREATE TABLE persons (
    id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date TEXT,
    age_min INTEGER,
    age_max INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
)
    """,
    """
CREATE INDEX ix_persons_case ON persons (case_id)
    """,
    """
CREATE TABLE photos (
    id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    person_position INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    mime TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    data BLOB NOT NULL,
    thumbnail BLOB NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(case_id) REFERENCES cases (id)
)
    """,
    """
CREATE INDEX ix_photos_case ON photos (case_id)
    """,
    """
CREATE TABLE samples (
    id INTEGER NOT NULL,
    sample_no TEXT NOT NULL,
    case_id INTEGER NOT NULL,
    person_position INTEGER NOT NULL,
    sample_index INTEGER NOT NULL,
    type TEXT NOT NULL,
    collected_at TEXT NOT NULL,
    status TEXT NOT NULL,
    profile TEXT,
    PRIMARY KEY (id),
    UNIQUE (sample_no),
    FOREIGN KEY(case_id) REFERENCES cases (id)
)
    """,
    """
CREATE INDEX ix_samples_case ON samples (case_id)
    """,
    """
CREATE TABLE custody_events (
    id INTEGER NOT NULL,
    sample_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    from_party TEXT NOT NULL,
    to_party TEXT NOT NULL,
    purpose TEXT DEFAULT '' NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(sample_id) REFERENCES samples (id)
)
    """,
    """
CREATE INDEX ix_custody_sample ON custody_events (sample_id)
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
