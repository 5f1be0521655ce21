"""A transfer that will not happen (issue 14): the receiving station's supervisor declines it, or
the sending station's withdraws it, with who and why. SQLite cannot change a table's CHECK, so
``case_transfers`` is made again with the two new states and the three new columns, every row
kept as it was; a decline or withdrawal the previous release pulled but could not read takes
effect.

Revision ID: 0021_transfer_end
Revises: 0020_transfers
"""

from alembic import op

revision = "0021_transfer_end"
down_revision = "0020_transfers"
branch_labels = None
depends_on = None

_KEPT = (
    "id, case_no, direction, state, from_station, from_name, to_station, to_name, reason, case_type, names,"
    " requested_by, requested_at, approved_by, approved_at, accepted_by, accepted_at, completed_at, audited_state"
)
_ENDED = (
    "SELECT json_extract(p.payload, '$.{field}') FROM pulled_items p WHERE p.kind = 'transfer'"
    " AND p.record_id = case_transfers.id AND json_extract(p.payload, '$.state') IN ('declined', 'withdrawn')"
    " ORDER BY p.seq DESC LIMIT 1"
)
STATEMENTS = [
    """
CREATE TABLE case_transfers_0021 (
    id TEXT NOT NULL PRIMARY KEY,
    case_no TEXT NOT NULL,
    direction TEXT NOT NULL,
    state TEXT NOT NULL,
    from_station TEXT NOT NULL,
    from_name TEXT NOT NULL DEFAULT '',
    to_station TEXT NOT NULL,
    to_name TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    case_type TEXT NOT NULL DEFAULT '',
    names TEXT NOT NULL DEFAULT '',
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    approved_by TEXT,
    approved_at TEXT,
    accepted_by TEXT,
    accepted_at TEXT,
    completed_at TEXT,
    audited_state TEXT NOT NULL DEFAULT '',
    ended_by TEXT,
    ended_at TEXT,
    end_reason TEXT,
    CHECK (direction IN ('out', 'in')),
    CHECK (state IN ('awaiting_sender', 'awaiting_receiver', 'accepted', 'completed', 'declined', 'withdrawn'))
)
""",
    f"INSERT INTO case_transfers_0021 ({_KEPT}) SELECT {_KEPT} FROM case_transfers",
    "DROP TABLE case_transfers",
    "ALTER TABLE case_transfers_0021 RENAME TO case_transfers",
    "CREATE INDEX ix_case_transfers_case ON case_transfers (case_no, state)",
    # A decline or a withdrawal a station of the previous release pulled and could not read (the
    # pulled item is kept, the transfer was left open): it takes effect now, the newest word first.
    f"""
UPDATE case_transfers SET
    state = ({_ENDED.format(field="state")}),
    ended_by = ({_ENDED.format(field="ended_by")}),
    end_reason = ({_ENDED.format(field="end_reason")})
WHERE state IN ('awaiting_sender', 'awaiting_receiver', 'accepted')
  AND ({_ENDED.format(field="state")}) IS NOT NULL
""",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    raise RuntimeError("the station database is never downgraded; restore a backup instead")
